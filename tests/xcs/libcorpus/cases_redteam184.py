"""Red-team cases (stop 184): async programs, jitted as `async def` functions.

(1) Sequential awaits on ``httpx.AsyncClient``, ``aiohttp.ClientSession``,
``openai.AsyncOpenAI`` and ``anthropic.AsyncAnthropic`` (handed in or made inside), in
straight lines, loops, comprehensions, callbacks and helpers that should overlap.
(2) Concurrency written by hand inside the function: ``asyncio.gather``, ``TaskGroup``,
``as_completed``, ``create_task`` awaited later, worker tasks on an ``asyncio.Queue``,
``Semaphore``/``Lock`` around awaits.
(3) Async generators (one whose ``finally`` PUTs, closed early), async comprehensions,
async context managers of yours (a class that prints, an ``@asynccontextmanager`` that
logs), a streamed body read with ``aiter_lines``.
(4) Awaits in ``try/except/finally`` with retries, errors in the middle of a run,
``asyncio.sleep`` as spacing (a statement) and as latency (a helper's value), ``wait_for``
and ``asyncio.timeout`` deadlines, ``to_thread`` and ``run_in_executor`` of blocking
helpers, contextvars set between awaits and read in helpers, sync helpers that call
``asyncio.run`` (from a sync jitted function).
(5) Attacks: helpers that append to the caller's list, count in a global dict, set a
contextvar or read the current task's name after/before their await; ``asyncio.run``
refused inside the running loop (a helper moved to a thread would not be refused); a
client, a session or an SDK client closed between reads; headers and a params dict
changed between awaits; printing helpers and an async context manager whose body fails
mid-run; streams of the openai and anthropic async SDKs before a sibling call.
Sibling reads get unequal latencies, slow first. `FAILING_WHY` says what differed for the
cases that did when written.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from typing import Any

import aiohttp
import anthropic
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import CLIENT_CPU, DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam184")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(150, 40, 90)
O2 = over(150, 40)
REQ_TAG: contextvars.ContextVar[str] = contextvars.ContextVar("r184_req_tag", default="none")


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def sent(r: httpx.Response) -> str:
    """The path and query a response's request asked for (no host: the port differs)."""
    return r.request.url.raw_path.decode()


def val(r: httpx.Response) -> str:
    return r.json()["value"]


# =========================================================================== helpers


async def fetch(c: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await c.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def fetch_print(c: httpx.AsyncClient, key: str, ms: int) -> str:
    print("start", key)
    r = await c.get(f"/items/{key}", params={"ms": ms})
    print("done", key)
    return r.json()["value"]


async def fetch_checked(c: httpx.AsyncClient, path: str) -> str:
    r = await c.get(path)
    r.raise_for_status()
    return r.text


async def slow_upper(text: str, delay: float) -> str:
    """A stand-in for an API call: sleeps, then returns a value that is used."""
    await asyncio.sleep(delay)
    return text.upper()


async def fetch_tagged(c: httpx.AsyncClient, key: str, ms: int) -> str:
    tag = REQ_TAG.get()
    r = await c.get(f"/items/{key}", params={"ms": ms}, headers={"x-tag": tag})
    return f"{key}:{r.request.headers['x-tag']}:{val(r)}"


async def aiohttp_fetch(s: aiohttp.ClientSession, url: str) -> str:
    async with s.get(url) as r:
        data = await r.json()
    return data["value"]


def blocking_get(url: str) -> str:
    return requests.get(url, timeout=5).json()["value"]


async def ask(client: Any, q: str, lat: float) -> str:
    r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def claude(client: Any, q: str, lat: float) -> str:
    m = await client.messages.create(model="claude", max_tokens=40, messages=[user(q)],
                                     extra_body={"latency": lat})
    return m.content[0].text


async def _gather_values(web: str, keys: tuple[tuple[str, int], ...]) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        rs = await asyncio.gather(*[c.get(f"/items/{k}?ms={ms}") for k, ms in keys])
    return [val(r) for r in rs]


def sync_fetch_all(web: str, keys: tuple[tuple[str, int], ...]) -> list[str]:
    """A sync helper that runs its own event loop."""
    return asyncio.run(_gather_values(web, keys))


def sync_fetch_one(web: str, key: str, ms: int) -> str:
    async def go() -> str:
        async with httpx.AsyncClient(base_url=web, timeout=5) as c:
            return val(await c.get(f"/items/{key}?ms={ms}"))
    return asyncio.run(go())


class Span:
    """An async context manager of yours that prints on entry and exit."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Span:
        print("enter", self.name)
        return self

    async def __aexit__(self, *exc: object) -> None:
        print("exit", self.name)


@contextlib.asynccontextmanager
async def logged(name: str) -> Any:
    LOG.info("begin %s", name)
    try:
        yield name
    finally:
        LOG.info("end %s", name)


async def pages(c: httpx.AsyncClient, keys: tuple[tuple[str, int], ...]) -> Any:
    for k, ms in keys:
        print("page", k)
        yield val(await c.get(f"/items/{k}?ms={ms}"))


async def pages_with_finally(c: httpx.AsyncClient) -> Any:
    try:
        for k, ms in (("g1", 60), ("g2", 30), ("g3", 40)):
            yield val(await c.get(f"/items/{k}?ms={ms}"))
    finally:
        await c.put("/items/cursor", content="closed")


K3 = (("a", 150), ("b", 40), ("c", 90))


# =========================================================================== (1) sequential awaits


async def r184_hx_three_awaits(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/c?ms=90")
    return [val(a), val(b), val(d)]


async def r184_hx_loop_append(c: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in K3:
        r = await c.get(f"/items/{k}", params={"ms": ms})
        out.append(f"{sent(r)}={val(r)}")
    return out


async def r184_hx_list_comp(c: httpx.AsyncClient) -> dict[str, str]:
    values = [await fetch(c, k, ms) for k, ms in K3]
    return dict(zip([k for k, _ in K3], values, strict=True))


async def r184_hx_helpers_print(c: httpx.AsyncClient) -> list[str]:
    a = await fetch_print(c, "a", 150)
    b = await fetch_print(c, "b", 40)
    d = await fetch_print(c, "c", 90)
    print("all", a, b, d)
    return [a, b, d]


async def r184_hx_made_inside(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        a = await c.get("/items/a?ms=150")
        b = await c.get("/items/b?ms=40")
        d = await c.get("/items/c?ms=90")
    return [val(a), val(b), val(d)]


async def r184_aiohttp_session_inside(web: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession() as s:
        for k, ms in K3:
            async with s.get(f"{web}/items/{k}?ms={ms}") as r:
                out.append((await r.json())["value"])
    return out


async def r184_oa_three_awaits(client: Any) -> list[str]:
    a = await ask(client, "tides", 0.15)
    b = await ask(client, "comets", 0.04)
    d = await ask(client, "volcanoes", 0.09)
    return [a[:20], b[:20], d[:20]]


async def r184_oa_answer_then_judge(client: Any) -> list[str]:
    out = []
    for q, lat in (("tides", 0.15), ("comets", 0.04), ("volcanoes", 0.09)):
        a = await ask(client, q, lat)
        j = await ask(client, "Judge: " + a, 0.03)
        out.append(f"{q}:{len(j) % 7}")
    return out


async def r184_an_three_awaits(client: Any) -> list[str]:
    return [(await claude(client, q, lat))[:20]
            for q, lat in (("tides", 0.15), ("comets", 0.04), ("volcanoes", 0.09))]


async def r184_sleep_as_latency(c: httpx.AsyncClient) -> list[str]:
    a = await slow_upper("alpha", 0.15)
    b = await slow_upper("beta", 0.04)
    d = await slow_upper("gamma", 0.09)
    return [a, b, d]


async def r184_callback_handed_to_helper(c: httpx.AsyncClient) -> list[str]:
    async def one(k: str, ms: int) -> str:
        return await fetch(c, k, ms)

    async def apply(fn: Any, items: tuple[tuple[str, int], ...]) -> list[str]:
        return [await fn(k, ms) for k, ms in items]

    return await apply(one, K3)


# =========================================================================== (2) by hand


async def r184_gather_printing_helpers(c: httpx.AsyncClient) -> list[str]:
    got = await asyncio.gather(*[fetch_print(c, k, ms) for k, ms in K3])
    print("gathered", got)
    return list(got)


async def r184_taskgroup_by_hand(c: httpx.AsyncClient) -> list[str]:
    async with asyncio.TaskGroup() as tg:
        ts = [tg.create_task(fetch_print(c, k, ms)) for k, ms in K3]
    print("group done")
    return [t.result() for t in ts]


async def r184_as_completed_print(c: httpx.AsyncClient) -> list[str]:
    order = []
    for fut in asyncio.as_completed([fetch(c, k, ms) for k, ms in K3]):
        v = await fut
        print("finished", v)
        order.append(v)
    return order


async def r184_task_put_awaited_later(c: httpx.AsyncClient) -> list[str]:
    t = asyncio.create_task(c.put("/items/k1", content="new"))
    a = await c.get("/items/other?ms=60")
    await t
    b = await c.get("/items/k1?ms=20")
    return [val(a), val(b)]


async def r184_queue_workers(c: httpx.AsyncClient) -> list[str]:
    q: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    for item in K3:
        q.put_nowait(item)
    out: list[str] = []

    async def worker(name: str) -> None:
        while not q.empty():
            k, ms = q.get_nowait()
            v = await fetch(c, k, ms)
            out.append(f"{name}:{k}={v}")
            q.task_done()

    await asyncio.gather(worker("w1"), worker("w2"))
    return sorted(out)


async def r184_semaphore_sequential_body(c: httpx.AsyncClient) -> list[str]:
    sem = asyncio.Semaphore(3)
    out = []
    for k, ms in K3:
        async with sem:
            out.append(await fetch(c, k, ms))
    return out


async def r184_lock_around_awaits(c: httpx.AsyncClient) -> list[str]:
    lock = asyncio.Lock()
    async with lock:
        a = await fetch(c, "a", 150)
        b = await fetch(c, "b", 40)
    d = await fetch(c, "c", 90)
    return [a, b, d, str(lock.locked())]


# =========================================================================== (3) generators, cms


async def r184_async_for_generator(c: httpx.AsyncClient) -> list[str]:
    out = []
    async for v in pages(c, K3):
        out.append(v)
    return out


async def r184_async_comprehension(c: httpx.AsyncClient) -> list[str]:
    return [v.upper() async for v in pages(c, K3) if v]


async def r184_async_gen_break_finally_put(c: httpx.AsyncClient) -> list[str]:
    out = []
    gen = pages_with_finally(c)
    async for v in gen:
        out.append(v)
        if len(out) == 2:
            break
    await gen.aclose()
    after = await c.get("/items/cursor?ms=10")
    return out + [val(after)]


async def r184_own_cm_prints(c: httpx.AsyncClient) -> list[str]:
    async with Span("batch"):
        a = await fetch(c, "a", 150)
        b = await fetch(c, "b", 40)
        d = await fetch(c, "c", 90)
    return [a, b, d]


async def r184_asynccontextmanager_logs(c: httpx.AsyncClient) -> list[str]:
    async with logged("batch") as name:
        a = await fetch(c, "a", 150)
        b = await fetch(c, "b", 40)
    return [name, a, b]


async def r184_stream_lines_then_read(c: httpx.AsyncClient) -> list[str]:
    lines = []
    async with c.stream("GET", "/text/s1?ms=60") as r:
        async for line in r.aiter_lines():
            lines.append(line)
    b = await fetch(c, "b", 40)
    return lines + [b]


# =========================================================================== (4) errors, time, threads


async def r184_retry_on_503_then_reads(c: httpx.AsyncClient) -> list[str]:
    attempts = []
    for attempt in range(3):
        try:
            r = await c.get("/status/503")
            r.raise_for_status()
            break
        except httpx.HTTPStatusError as exc:
            attempts.append(f"{attempt}:{exc.response.status_code}")
            await asyncio.sleep(0.01)
    a = await fetch(c, "a", 150)
    b = await fetch(c, "b", 40)
    return attempts + [a, b]


async def r184_except_fallback_then_read(c: httpx.AsyncClient) -> list[str]:
    try:
        first = await fetch_checked(c, "/status/500")
    except httpx.HTTPStatusError as exc:
        print("fallback after", exc.response.status_code)
        first = await fetch(c, "fallback", 40)
    second = await fetch(c, "b", 90)
    return [first, second]


async def r184_error_mid_run_uncaught(c: httpx.AsyncClient) -> list[str]:
    a = await fetch(c, "a", 150)
    print("got a", a)
    b = await fetch_checked(c, "/status/418")
    print("got b", b)
    d = await fetch(c, "c", 90)
    return [a, b, d]


async def r184_spacing_sleep_between(c: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in K3:
        out.append(await fetch(c, k, ms // 3))
        await asyncio.sleep(0.06)
    return out


async def r184_wait_for_each_ok(c: httpx.AsyncClient) -> list[str]:
    return [await asyncio.wait_for(fetch(c, k, ms), 2.0) for k, ms in K3]


async def r184_timeout_block(c: httpx.AsyncClient) -> list[str]:
    async with asyncio.timeout(2.0):
        a = await fetch(c, "a", 150)
        b = await fetch(c, "b", 40)
        d = await fetch(c, "c", 90)
    return [a, b, d]


async def r184_to_thread_blocking(web: str) -> list[str]:
    a = await asyncio.to_thread(blocking_get, f"{web}/items/a?ms=150")
    b = await asyncio.to_thread(blocking_get, f"{web}/items/b?ms=40")
    d = await asyncio.to_thread(blocking_get, f"{web}/items/c?ms=90")
    return [a, b, d]


async def r184_run_in_executor_blocking(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    out = []
    for k, ms in K3:
        out.append(await loop.run_in_executor(None, blocking_get, f"{web}/items/{k}?ms={ms}"))
    return out


async def r184_contextvar_set_between(c: httpx.AsyncClient) -> list[str]:
    REQ_TAG.set("one")
    a = await fetch_tagged(c, "a", 150)
    REQ_TAG.set("two")
    b = await fetch_tagged(c, "b", 40)
    d = await fetch_tagged(c, "c", 90)
    return [a, b, d]


async def r184_contextvar_unchanged(c: httpx.AsyncClient) -> list[str]:
    a = await fetch_tagged(c, "a", 150)
    b = await fetch_tagged(c, "b", 40)
    d = await fetch_tagged(c, "c", 90)
    return [a, b, d]


async def r184_put_get_same_key(c: httpx.AsyncClient) -> list[str]:
    before = await c.get("/items/pk?ms=60")
    await c.put("/items/pk", content="one")
    mid = await c.get("/items/pk?ms=20")
    other = await c.get("/items/po?ms=90")
    await c.put("/items/pk", content="two")
    after = await c.get("/items/pk?ms=20")
    return [val(before), val(mid), val(other), val(after)]



# =========================================================================== (5) attacks


SEQ = {"n": 0}


async def collect(c: httpx.AsyncClient, key: str, ms: int, out: list[str]) -> None:
    """Appends to the caller's list after its await."""
    out.append(await fetch(c, key, ms))


async def numbered(c: httpx.AsyncClient, key: str, ms: int) -> str:
    """Numbers its answers with a global dict's counter, after the await."""
    v = await fetch(c, key, ms)
    SEQ["n"] += 1
    return f"{SEQ['n']}:{v}"


async def login_then_fetch(c: httpx.AsyncClient, key: str, ms: int) -> str:
    """Sets the context variable in the caller's context (an awaited coroutine shares it)."""
    REQ_TAG.set("auth-" + key)
    return await fetch(c, key, ms)


async def fetch_named(c: httpx.AsyncClient, key: str, ms: int) -> str:
    task = asyncio.current_task()
    name = task.get_name() if task is not None else "-"
    v = await fetch(c, key, ms)
    return f"{name == 'r184-main'}:{v}"


async def bounded(c: httpx.AsyncClient, key: str, ms: int) -> str:
    async with asyncio.timeout(1.0):
        return await fetch(c, key, ms)


def sync_get_via_run(web: str, key: str) -> str:
    return asyncio.run(_gather_values(web, ((key, 40),)))[0]


async def fetch_log_after(c: httpx.AsyncClient, key: str, ms: int) -> str:
    v = await fetch(c, key, ms)
    LOG.info("helper got %s", key)
    return v


async def keys_gen() -> Any:
    for k, ms in K3:
        print("key", k)
        yield k, ms


async def r184_helper_appends_to_arg(c: httpx.AsyncClient) -> list[str]:
    out: list[str] = []
    await collect(c, "a", 150, out)
    await collect(c, "b", 40, out)
    await collect(c, "c", 90, out)
    return out


async def r184_helper_global_dict_counter(c: httpx.AsyncClient) -> list[str]:
    SEQ["n"] = 0
    return [await numbered(c, k, ms) for k, ms in K3]


async def r184_helper_sets_contextvar(c: httpx.AsyncClient) -> list[str]:
    a = await login_then_fetch(c, "a", 150)
    b = await fetch_tagged(c, "b", 40)
    return [a, b, REQ_TAG.get()]


async def r184_helper_current_task_name(c: httpx.AsyncClient) -> list[str]:
    a = await fetch_named(c, "a", 150)
    b = await fetch_named(c, "b", 40)
    return [a, b]


async def r184_helper_with_own_deadline(c: httpx.AsyncClient) -> list[str]:
    return [await bounded(c, k, ms) for k, ms in K3]


async def r184_sync_run_helper_refused(c: httpx.AsyncClient, web: str) -> list[str]:
    a = await fetch(c, "a", 150)
    try:
        b = sync_get_via_run(web, "b")
    except RuntimeError as exc:
        b = f"refused: {str(exc)[:40]}"
    return [a, b]


async def r184_helper_logs_after_await(c: httpx.AsyncClient) -> list[str]:
    a = await fetch_log_after(c, "a", 150)
    b = await fetch_log_after(c, "b", 40)
    d = await fetch_log_after(c, "c", 90)
    return [a, b, d]


async def r184_two_failures_first_wins(c: httpx.AsyncClient) -> str:
    try:
        await fetch_checked(c, "/status/500?ms=150")
        await fetch_checked(c, "/status/404?ms=20")
    except httpx.HTTPStatusError as exc:
        return f"first failure: {exc.response.status_code}"
    return "none"


async def r184_comprehension_over_async_keys(c: httpx.AsyncClient) -> list[str]:
    return [await fetch_print(c, k, ms) async for k, ms in keys_gen()]


async def r184_finally_put_after_return(c: httpx.AsyncClient) -> list[str]:
    try:
        return [await fetch(c, "a", 150), await fetch(c, "b", 40)]
    finally:
        await c.put("/items/done", content="yes")
        print("finally sent")


async def r184_queue_get_between(c: httpx.AsyncClient) -> list[str]:
    q: asyncio.Queue[str] = asyncio.Queue()
    a = await fetch(c, "a", 150)
    q.put_nowait(a)
    first = await q.get()
    b = await fetch(c, first, 40)
    d = await fetch(c, "c", 90)
    return [first, b, d]


async def r184_an_stream_then_count(client: Any) -> list[Any]:
    async with client.messages.stream(model="claude", max_tokens=40,
                                      messages=[user("tides")],
                                      extra_body={"latency": 0.12}) as stream:
        text = await stream.get_final_text()
    other = await claude(client, "comets", 0.04)
    return [text[:20], other[:20]]


async def r184_oa_stream_chunks(client: Any) -> list[str]:
    stream = await client.chat.completions.create(model="gpt", messages=[user("tides")],
                                                  stream=True, extra_body={"latency": 0.12})
    parts = []
    async for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    other = await ask(client, "comets", 0.04)
    return ["".join(parts)[:20], other[:20]]


def r184_sync_run_main_with_awaits(web: str) -> list[str]:
    async def main() -> list[str]:
        async with httpx.AsyncClient(base_url=web, timeout=5) as c:
            a = await fetch(c, "a", 150)
            b = await fetch(c, "b", 40)
            return [a, b]
    out = asyncio.run(main())
    print("main done")
    return out + [requests.get(f"{web}/items/c?ms=90", timeout=5).json()["value"]]


async def fetch_print_checked(c: httpx.AsyncClient, path: str) -> str:
    print("start", path)
    r = await c.get(path)
    r.raise_for_status()
    print("done", path)
    return r.json()["value"]


async def r184_closed_client_then_read(web: str) -> list[str]:
    c = httpx.AsyncClient(base_url=web, timeout=5)
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    await c.aclose()
    try:
        d = val(await c.get("/items/c?ms=90"))
    except RuntimeError as exc:
        d = f"closed: {exc}"
    return [val(a), val(b), d]


async def r184_oa_closed_then_ask(web: str) -> list[str]:
    client = openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=web + "/v1", max_retries=0)
    a = await ask(client, "tides", 0.15)
    await client.close()
    try:
        b = await ask(client, "comets", 0.04)
    except (openai.APIConnectionError, RuntimeError) as exc:
        b = f"closed: {type(exc).__name__}"
    return [a[:20], b[:30]]


async def r184_headers_changed_between(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    c.headers["x-tag"] = "second"
    b = await c.get("/items/b?ms=40")
    del c.headers["x-tag"]
    d = await c.get("/items/c?ms=90")
    return [r.request.headers.get("x-tag", "-") + ":" + val(r) for r in (a, b, d)]


async def r184_params_dict_mutated(c: httpx.AsyncClient) -> list[str]:
    p = {"ms": 150}
    a = await c.get("/items/a", params=p)
    p["ms"] = 40
    b = await c.get("/items/b", params=p)
    p["ms"] = 90
    d = await c.get("/items/c", params=p)
    return [sent(a), sent(b), sent(d)]


async def r184_print_fstring_await(c: httpx.AsyncClient) -> int:
    for k, ms in K3:
        print(f"{k} -> {await fetch(c, k, ms)}")
    return len(K3)


async def r184_printing_helper_fails_mid(c: httpx.AsyncClient) -> list[str]:
    out = []
    for path in ("/items/a?ms=150", "/status/404?ms=40", "/items/c?ms=90"):
        out.append(await fetch_print_checked(c, path))
    return out


async def r184_span_body_raises(c: httpx.AsyncClient) -> list[str]:
    out = []
    try:
        async with Span("risky"):
            out.append(await fetch(c, "a", 150))
            out.append(await fetch_checked(c, "/status/500?ms=40"))
            out.append(await fetch(c, "c", 90))
    except httpx.HTTPStatusError as exc:
        out.append(f"caught {exc.response.status_code}")
    return out


async def r184_keys_popped_between(c: httpx.AsyncClient) -> list[str]:
    todo = ["a", "b", "c"]
    a = await fetch(c, todo.pop(0), 150)
    b = await fetch(c, todo.pop(0), 40)
    d = await fetch(c, todo.pop(0), 90)
    return [a, b, d, str(todo)]


def r184_sync_listcomp_asyncio_run(web: str) -> list[str]:
    return [sync_fetch_one(web, k, ms) for k, ms in K3]

# --------------------------------------------------------------------------- sync callers


def r184_sync_two_asyncio_runs(web: str) -> list[str]:
    first = sync_fetch_all(web, (("a", 150), ("b", 40)))
    second = sync_fetch_all(web, (("c", 90), ("d", 60)))
    return first + second


def r184_sync_asyncio_run_each(web: str) -> list[str]:
    out = []
    for k, ms in K3:
        out.append(sync_fetch_one(web, k, ms))
        print("fetched", k)
    return out


# =========================================================================== drives


def _hx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as c:
            return await f(c)
    return asyncio.run(main())


def _hx_ctx(f: Any, env: Env) -> Any:
    """The caller sets the context variable; the run's own sets stay in its task's copy."""
    async def main() -> Any:
        REQ_TAG.set("caller")
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as c:
            out = await f(c)
        return [*out, REQ_TAG.get()]
    return asyncio.run(main())


def _hx_named(f: Any, env: Env) -> Any:
    async def main() -> Any:
        asyncio.current_task().set_name("r184-main")
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as c:
            return await f(c)
    return asyncio.run(main())


def _hx_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as c:
            return await f(c, env.web)
    return asyncio.run(main())


def _aweb(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _aapi(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.api))


def _oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _an(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def web(env: Env) -> tuple:
    return (env.web,)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "http", servers: str = "web",
       **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


def _s(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web, servers="web", ideal=ideal, **kw)


#: a client made in the function: its CPU is serial
MADE = (CLIENT_CPU + 0.28) / (CLIENT_CPU + 0.15)

ALL: list[Case] = [
    # (1) sequential awaits that should overlap
    _d(r184_hx_three_awaits, _hx, O3, overlap=3),
    _d(r184_hx_loop_append, _hx, O3, overlap=3),
    _d(r184_hx_list_comp, _hx, O3, cat="fanout", overlap=3),
    _d(r184_hx_helpers_print, _hx, O3, cat="helpers", overlap=3),
    _d(r184_hx_made_inside, _aweb, MADE, cat="clients"),
    _d(r184_aiohttp_session_inside, _aweb, O3, cat="clients"),
    _d(r184_oa_three_awaits, _oa, over(0.15, 0.04, 0.09), cat="sdk", servers="api", overlap=3),
    _d(r184_oa_answer_then_judge, _oa, (0.28 + 0.09) / (0.15 + 0.03), cat="sdk", servers="api"),
    _d(r184_an_three_awaits, _an, over(0.15, 0.04, 0.09), cat="sdk", servers="api", overlap=3),
    _d(r184_sleep_as_latency, _hx, over(0.15, 0.04, 0.09), cat="sleep"),
    _d(r184_callback_handed_to_helper, _hx, O3, cat="helpers"),
    # (2) concurrency by hand: the plain code already overlaps
    _d(r184_gather_printing_helpers, _hx, overlap=3, cat="fanout"),
    _d(r184_taskgroup_by_hand, _hx, overlap=3, cat="threads"),
    _d(r184_as_completed_print, _hx, cat="fanout"),
    _d(r184_task_put_awaited_later, _hx, cat="state"),
    _d(r184_queue_workers, _hx, cat="threads"),
    _d(r184_semaphore_sequential_body, _hx, O3, cat="threads"),
    _d(r184_lock_around_awaits, _hx, O3, cat="threads"),
    # (3) generators and context managers
    _d(r184_async_for_generator, _hx, O3, cat="fanout"),
    _d(r184_async_comprehension, _hx, O3, cat="fanout"),
    _d(r184_async_gen_break_finally_put, _hx, cat="state"),
    _d(r184_own_cm_prints, _hx, O3, cat="helpers"),
    _d(r184_asynccontextmanager_logs, _hx, O2, cat="helpers"),
    _d(r184_stream_lines_then_read, _hx, over(60, 40)),
    # (4) errors, deadlines, threads, contextvars
    _d(r184_retry_on_503_then_reads, _hx, (0.18 + 0.15 + 0.04) / (0.18 + 0.15),
       cat="validation"),
    _d(r184_except_fallback_then_read, _hx, (0.05 + 0.04 + 0.09) / 0.09,
       cat="validation"),
    _d(r184_error_mid_run_uncaught, _hx, cat="validation", speculative_reads=True),
    _d(r184_spacing_sleep_between, _hx, cat="sleep", spacing=0.06),
    _d(r184_wait_for_each_ok, _hx, O3, cat="sleep"),
    _d(r184_timeout_block, _hx, O3, cat="sleep"),
    _d(r184_to_thread_blocking, _aweb, O3, cat="threads"),
    _d(r184_run_in_executor_blocking, _aweb, O3, cat="threads"),
    _d(r184_contextvar_set_between, _hx_ctx, O3, cat="state"),
    _d(r184_contextvar_unchanged, _hx_ctx, O3, cat="state", overlap=3),
    _d(r184_put_get_same_key, _hx, (0.06 + 0.05 + 0.02 + 0.09 + 0.05 + 0.02)
       / (0.06 + 0.05 + 0.02 + 0.05 + 0.02)),
    _s(r184_sync_two_asyncio_runs, (CLIENT_CPU * 2 + 0.15 + 0.09) / (CLIENT_CPU + 0.15),
       cat="helpers"),
    _s(r184_sync_asyncio_run_each, (CLIENT_CPU * 3 + 0.28) / (CLIENT_CPU + 0.15), cat="helpers"),
    # (5) attacks
    _d(r184_helper_appends_to_arg, _hx, O3, cat="state"),
    _d(r184_helper_global_dict_counter, _hx, O3, cat="state"),
    _d(r184_helper_sets_contextvar, _hx_ctx, O2, cat="state"),
    _d(r184_helper_current_task_name, _hx_named, O2, cat="state"),
    _d(r184_helper_with_own_deadline, _hx, O3, cat="sleep"),
    _d(r184_sync_run_helper_refused, _hx_web, O2, cat="helpers"),
    _d(r184_helper_logs_after_await, _hx, O3, cat="helpers"),
    _d(r184_two_failures_first_wins, _hx, cat="validation", speculative_reads=True),
    _d(r184_comprehension_over_async_keys, _hx, O3, cat="fanout"),
    _d(r184_finally_put_after_return, _hx, O2, cat="state"),
    _d(r184_queue_get_between, _hx, (0.15 + 0.04 + 0.09) / (0.15 + 0.04), cat="threads"),
    _d(r184_an_stream_then_count, _an, over(0.12, 0.04), cat="sdk", servers="api"),
    _d(r184_oa_stream_chunks, _oa, over(0.12, 0.04), cat="sdk", servers="api"),
    _s(r184_sync_run_main_with_awaits, (CLIENT_CPU + 0.28) / (CLIENT_CPU + 0.15), cat="helpers"),
    _d(r184_closed_client_then_read, _aweb, (CLIENT_CPU + 0.19) / (CLIENT_CPU + 0.15),
       cat="clients"),
    _d(r184_oa_closed_then_ask, _aapi, cat="sdk", servers="api"),
    _d(r184_headers_changed_between, _hx, O3, cat="state"),
    _d(r184_params_dict_mutated, _hx, O3, cat="state"),
    _d(r184_print_fstring_await, _hx, O3, cat="fanout"),
    _d(r184_printing_helper_fails_mid, _hx, cat="validation", speculative_reads=True),
    _d(r184_span_body_raises, _hx, cat="validation", speculative_reads=True),
    _d(r184_keys_popped_between, _hx, O3, cat="state"),
    _s(r184_sync_listcomp_asyncio_run, (CLIENT_CPU * 3 + 0.28) / (CLIENT_CPU + 0.15),
       cat="helpers"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
