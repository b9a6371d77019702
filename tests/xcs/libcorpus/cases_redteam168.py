"""Red-team cases (stop 168): async control flow around awaits of reads, now that a later
read of an object handed in may start before an earlier read's await.

Coroutines handed an ``httpx.AsyncClient`` (or an ``openai.AsyncOpenAI`` made in the drive)
that await reads and then check the value and raise, return early, ``break``,
``continue``, ``assert`` or write (PUT/POST) depending on it; ``try``/``except``/``else``/
``finally`` around awaits with writes in ``finally``; ``async for`` over a paginated async
generator with ``break``; ``async with`` blocks (a lock, a semaphore, a span of ours)
around awaits; ``asyncio.timeout`` around a pair of awaits; awaits of writes between
reads; a read whose URL comes from an earlier read; polls in ``while`` loops with an
``asyncio.sleep``; the client itself changed (headers, params, base URL, closed) between
reads, from what was read. Sibling reads get unequal latencies, slow first. `FAILING_WHY`
says what differed for the cases that did when written.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import openai

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam168")
DUMMY = "sk-corpus-dummy"


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chain(total: float, path: float) -> float:
    return total / path


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)
O2 = over(150, 40)


# =========================================================================== helpers


async def val(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def put(http: httpx.AsyncClient, key: str, value: str, ms: int = 20) -> int:
    r = await http.put(f"/items/{key}", params={"ms": ms}, content=value)
    return r.json()["version"]


def must_be_value(v: str) -> str:
    if not v.startswith("v-"):
        raise ValueError(f"bad value {v!r}")
    return v


def sent(r: httpx.Response) -> str:
    return r.request.url.raw_path.decode()


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


async def aask(client: Any, prompt: str, lat: float) -> str:
    r = await client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== (1) check and raise


async def r168_check_raise_passes(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    if not a.startswith("v-"):
        raise ValueError(a)
    b = await val(http, "b", 40)
    c = await val(http, "c", 90)
    return [a, b, c]


async def r168_check_raise_fails(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    if a == "v-a":
        raise LookupError(f"stale {a}")
    b = await val(http, "b", 40)
    return [a, b]


async def r168_helper_raises_fails(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    b = await val(http, "b", 40)
    must_be_value(b.upper())
    c = await val(http, "c", 90)
    return [a, b, c]


async def r168_raise_for_status_stops(http: httpx.AsyncClient) -> list[Any]:
    a = await http.get("/items/a", params={"ms": 150})
    r = await http.get("/items/missing-b", params={"ms": 40})
    r.raise_for_status()
    c = await http.get("/items/c", params={"ms": 90})
    return [a.json(), r.json(), c.json()]


# =========================================================================== (2) early return


async def r168_return_on_cache(http: httpx.AsyncClient) -> Any:
    cached = await val(http, "cache", 150)
    if cached.startswith("v-"):
        return {"cached": cached}
    b = await val(http, "b", 40)
    c = await val(http, "c", 90)
    return {"fresh": [b, c]}


async def r168_return_before_put(http: httpx.AsyncClient) -> Any:
    a = await val(http, "a", 150)
    b = await val(http, "b", 40)
    if a < b:
        return [a, b]
    await put(http, "winner", a)
    return [a, b, await val(http, "winner", 30)]


# =========================================================================== (3) loops: break, continue


async def r168_for_break_on_value(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90), ("d", 60)):
        v = await val(http, k, ms)
        out.append(v)
        if v.endswith("b"):
            break
    out.append(await val(http, "after", 30))
    return out


async def r168_for_continue_put(http: httpx.AsyncClient) -> list[Any]:
    out = []
    for k, ms in KMS:
        v = await val(http, k, ms)
        if v == "v-b":
            continue
        out.append(await put(http, k, v.upper()))
    out.append((await http.get("/items")).json())
    return out


async def r168_list_await_comprehension(http: httpx.AsyncClient) -> list[str]:
    vals = [await val(http, k, ms) for k, ms in KMS]
    if "v-b" in vals:
        await put(http, "seen-b", "yes")
    return vals + [await val(http, "seen-b", 20)]


async def r168_poll_then_two_reads(http: httpx.AsyncClient) -> list[Any]:
    job = (await http.post("/jobs")).json()["id"]
    while (await http.get(f"/jobs/{job}", params={"ms": 10})).json()["status"] != "done":
        await asyncio.sleep(0.01)
    a = await val(http, "a", 150)
    b = await val(http, "b", 40)
    return [job, a, b]


async def r168_while_counter_reads(http: httpx.AsyncClient) -> list[str]:
    out: list[str] = []
    while len(out) < 3:
        out.append(await val(http, f"k{len(out)}", (150, 40, 90)[len(out)]))
    return out


async def r168_try_continue_404(http: httpx.AsyncClient) -> list[Any]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        r = await http.get(f"/items/{k}", params={"ms": ms})
        try:
            r.raise_for_status()
        except httpx.HTTPStatusError as exc:
            print("skip", exc.response.status_code, k)
            continue
        out.append(r.json()["value"])
    return out


# =========================================================================== (4) try / finally


async def r168_finally_put(http: httpx.AsyncClient) -> list[str]:
    try:
        a = await val(http, "a", 150)
        b = await val(http, "b", 40)
    finally:
        await put(http, "audit", "done")
    return [a, b, await val(http, "audit", 20)]


async def r168_except_put_fallback(http: httpx.AsyncClient) -> Any:
    try:
        r = await http.get("/items/missing-x", params={"ms": 60})
        r.raise_for_status()
        v = r.json()["value"]
    except httpx.HTTPStatusError:
        await put(http, "missing-x", "filled")
        v = await val(http, "missing-x", 30)
    other = await val(http, "b", 40)
    return [v, other]


async def r168_try_else_put_then_read(http: httpx.AsyncClient) -> Any:
    try:
        a = await val(http, "a", 150)
    except httpx.HTTPError:
        a = "none"
    else:
        await put(http, "copy", a)
    b = await val(http, "copy", 40)
    c = await val(http, "c", 90)
    return [a, b, c]


async def r168_finally_read_after_raise(http: httpx.AsyncClient) -> Any:
    out = []
    try:
        out.append(await val(http, "a", 150))
        raise RuntimeError("stop")
    except RuntimeError as exc:
        out.append(str(exc))
    finally:
        out.append(await val(http, "b", 40))
    out.append(await val(http, "c", 90))
    return out


async def r168_suppress_then_read(http: httpx.AsyncClient) -> Any:
    out = []
    with contextlib.suppress(ValueError):
        a = await val(http, "a", 150)
        out.append(a)
        must_be_value("x" + a)
        out.append(await val(http, "b", 40))
    out.append(await val(http, "c", 90))
    return out


# =========================================================================== (5) async for / async with


async def pages(http: httpx.AsyncClient, n: int) -> AsyncIterator[dict[str, Any]]:
    for p in range(n):
        r = await http.get(f"/items/page{p}", params={"ms": (60, 20, 40, 30, 50)[p]})
        yield r.json()


async def r168_async_for_break(http: httpx.AsyncClient) -> list[Any]:
    out = []
    async for page in pages(http, 5):
        out.append(page["value"])
        if page["key"] == "page2":
            break
    out.append(await val(http, "after", 30))
    return out


async def r168_async_for_then_put(http: httpx.AsyncClient) -> list[Any]:
    total = []
    first = await val(http, "first", 150)
    async for page in pages(http, 3):
        total.append(page["key"])
    await put(http, "summary", ",".join(total))
    return [first, total, await val(http, "summary", 20)]


async def r168_async_for_reads_in_body(http: httpx.AsyncClient) -> list[Any]:
    out = []
    async for page in pages(http, 3):
        if page["key"] == "page1":
            continue
        out.append(await val(http, page["value"], 30))
    return out


async def r168_lock_of_mine(http: httpx.AsyncClient) -> list[str]:
    lock = asyncio.Lock()
    async with lock:
        a = await val(http, "a", 150)
        b = await val(http, "b", 40)
    c = await val(http, "c", 90)
    return [a, b, c]


@contextlib.asynccontextmanager
async def span(name: str) -> AsyncIterator[None]:
    print("enter", name)
    try:
        yield
    finally:
        print("exit", name)


async def r168_span_around_reads(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    async with span("pair"):
        b = await val(http, "b", 40)
        c = await val(http, "c", 90)
    print("after span")
    return [a, b, c]


@contextlib.asynccontextmanager
async def marked(http: httpx.AsyncClient, key: str) -> AsyncIterator[None]:
    yield
    await http.put(f"/items/{key}", content="closed")


async def r168_exit_puts_then_read(http: httpx.AsyncClient) -> list[str]:
    async with marked(http, "m"):
        a = await val(http, "a", 150)
    b = await val(http, "m", 40)
    return [a, b]


# =========================================================================== (6) timeouts


async def r168_timeout_pair_ok(http: httpx.AsyncClient) -> list[str]:
    async with asyncio.timeout(3):
        a = await val(http, "a", 150)
        b = await val(http, "b", 40)
    c = await val(http, "c", 90)
    return [a, b, c]


async def r168_timeout_expires_put(http: httpx.AsyncClient) -> list[str]:
    out = []
    try:
        async with asyncio.timeout(0.08):
            out.append(await val(http, "slow", 300))
            out.append(await val(http, "b", 40))
    except TimeoutError:
        out.append("timeout")
        await put(http, "timeouts", "1")
    out.append(await val(http, "timeouts", 20))
    return out


# =========================================================================== (7) writes between reads


async def r168_put_if_differs(http: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    b = await val(http, "b", 40)
    if a != b:
        await http.post("/items/diff", content=f"{a}|{b}")
    c = await val(http, "diff", 90)
    return [a, b, c]


# =========================================================================== (8) reads chained by value


async def r168_url_from_value(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    b = await val(http, a, 40)
    c = await val(http, "c", 90)
    return [a, b, c]


async def r168_chain_per_item(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        first = await val(http, k, ms)
        out.append(await val(http, first, ms // 2))
    return out


async def r168_chain_checked_per_item(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        first = await val(http, k, ms)
        if first == "v-c":
            raise ValueError("no chain for c")
        out.append(await val(http, first, ms // 2))
    return out


# =========================================================================== (9) assert


async def r168_assert_fails_pair(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    b = await val(http, "b", 40)
    assert a == b, f"{a} != {b}"
    c = await val(http, "c", 90)
    return [a, b, c]


async def r168_assert_in_loop(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90), ("d", 60)):
        v = await val(http, k, ms)
        assert v != "v-c", "c is forbidden"
        out.append(v)
    return out


# =========================================================================== (10) the client changed


async def r168_header_from_value(http: httpx.AsyncClient) -> list[Any]:
    a = await http.get("/items/a", params={"ms": 150})
    http.headers["x-tag"] = a.json()["value"]
    b = await http.get("/items/b", params={"ms": 40})
    return [sent(b), b.request.headers.get("x-tag")]


async def r168_base_url_from_value(http: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    if a == "v-a":
        http.base_url = http.base_url.join("/items/sub/")
    b = await http.get("leaf", params={"ms": 40})
    return [a, sent(b)]


async def r168_close_then_read(http: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    if a.startswith("v-"):
        await http.aclose()
    b = await val(http, "b", 40)
    return [a, b]


# =========================================================================== (11) AsyncOpenAI


async def r168_oa_assert_fails(client: Any) -> list[str]:
    a = await aask(client, "Name a colour", 0.15)
    b = await aask(client, "Name a fruit", 0.04)
    assert a == b, "answers differ"
    c = await aask(client, "Name a tree", 0.09)
    return [a, b, c]


async def r168_oa_file_between(client: Any) -> list[Any]:
    a = await aask(client, "Summarise tides", 0.15)
    f = await client.files.create(file=("notes.txt", a.encode()), purpose="assistants")
    b = await aask(client, "Summarise volcanoes", 0.04)
    listed = await client.files.list()
    return [a, f.id, b, [x.filename for x in listed.data]]


async def r168_oa_loop_break(client: Any) -> list[str]:
    out = []
    for q, lat in (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09)):
        ans = await aask(client, f"Explain {q}", lat)
        out.append(ans)
        if len(out) == 2:
            break
    return out


async def r168_timeout_attr_from_value(http: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    if a == "v-a":
        http.timeout = httpx.Timeout(0.01)
    try:
        b = await val(http, "b", 60)
    except httpx.TimeoutException as exc:
        b = type(exc).__name__
    return [a, b]


async def r168_headers_alias(http: httpx.AsyncClient) -> list[Any]:
    h = http.headers
    a = await val(http, "a", 150)
    h["x-tag"] = a
    b = await http.get("/items/b", params={"ms": 40})
    return [a, b.request.headers.get("x-tag")]


async def r168_client_in_dict(ctx: dict[str, Any]) -> list[Any]:
    a = await val(ctx["http"], "a", 150)
    ctx["http"].headers["x-tag"] = a
    b = await ctx["http"].get("/items/b", params={"ms": 40})
    return [a, b.request.headers.get("x-tag")]


async def refresh_token(http: httpx.AsyncClient) -> str:
    tok = (await http.get("/items/token", params={"ms": 150})).json()["value"]
    http.headers["x-tag"] = tok
    return tok


async def r168_read_helper_sets_header(http: httpx.AsyncClient) -> list[Any]:
    tok = await refresh_token(http)
    b = await http.get("/items/b", params={"ms": 40})
    return [tok, b.request.headers.get("x-tag")]


async def close_if(http: httpx.AsyncClient, v: str) -> None:
    if v.startswith("v-"):
        await http.aclose()


async def r168_helper_closes_client(http: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    await close_if(http, a)
    try:
        b = await val(http, "b", 40)
    except RuntimeError as exc:
        b = str(exc)
    return [a, b]


class Api:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.tag = "none"

    async def get(self, key: str, ms: int) -> str:
        r = await self.http.get(f"/items/{key}", params={"ms": ms, "tag": self.tag})
        return sent(r)


async def r168_api_attr_store(api: Api) -> list[str]:
    a = await api.get("a", 150)
    api.tag = a.split("?")[0]
    b = await api.get("b", 40)
    return [a, b]


async def cursor_pages(http: httpx.AsyncClient) -> AsyncIterator[dict[str, Any]]:
    try:
        for p in range(4):
            r = await http.get(f"/items/page{p}", params={"ms": 20})
            yield r.json()
    finally:
        await http.put("/items/cursor", params={"ms": 5}, content="closed")


async def r168_async_gen_finally_put(http: httpx.AsyncClient) -> list[Any]:
    out = []
    async for page in cursor_pages(http):
        out.append(page["key"])
        if page["key"] == "page1":
            break
    await asyncio.sleep(0.03)
    out.append(await val(http, "cursor", 40))
    out.append(await val(http, "other", 90))
    return out


async def r168_caller_lock_then_read(http: httpx.AsyncClient, lock: asyncio.Lock) -> list[str]:
    x = await val(http, "x", 150)
    async with lock:
        pass
    k = await val(http, "k", 40)
    return [x, k]


async def r168_wait_for_expires(http: httpx.AsyncClient) -> list[str]:
    out = []
    try:
        out.append(await asyncio.wait_for(val(http, "slow", 300), 0.05))
    except TimeoutError:
        out.append("late")
        await put(http, "late", "yes")
    out.append(await val(http, "late", 40))
    return out


async def r168_oa_base_url_moved(client: Any) -> list[str]:
    a = await aask(client, "alpha", 0.15)
    if a:
        client.base_url = str(client.base_url).replace("/v1", "/nowhere")
    try:
        b = await aask(client, "beta", 0.04)
    except openai.NotFoundError as exc:
        b = f"404 {exc.status_code}"
    return [a, b]


async def r168_pool_of_one(http: httpx.AsyncClient) -> list[str]:
    a = await val(http, "a", 150)
    b = await val(http, "b", 40)
    return [a, b]


async def r168_same_client_twice(http: httpx.AsyncClient, other: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    other.headers["x-tag"] = a
    b = await http.get("/items/b", params={"ms": 40})
    return [a, b.request.headers.get("x-tag")]


async def r168_rebind_client(http: httpx.AsyncClient, alt: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)
    if a == "v-a":
        http = alt
    b = await http.get("/items/b", params={"ms": 40})
    return [a, b.request.headers.get("x-tag")]


async def r168_event_hook_added(http: httpx.AsyncClient) -> list[Any]:
    a = await val(http, "a", 150)

    async def show(request: httpx.Request) -> None:
        print("sending", request.url.path)
    http.event_hooks["request"].append(show)
    b = await val(http, "b", 40)
    return [a, b]


async def r168_bound_get_kept(http: httpx.AsyncClient) -> list[Any]:
    get = http.get
    a = (await get("/items/a", params={"ms": 150})).json()["value"]
    http.headers["x-tag"] = a
    b = await get("/items/b", params={"ms": 40})
    return [a, b.request.headers.get("x-tag")]


class CountingApi:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.n = 0

    async def get(self, key: str, ms: int) -> str:
        self.n += 1
        r = await self.http.get(f"/items/{key}", params={"ms": ms, "n": self.n})
        return sent(r)


async def r168_counting_api(api: CountingApi) -> list[str]:
    a = await api.get("a", 150)
    b = await api.get("b", 40)
    c = await api.get("c", 90)
    return [a, b, c]


async def r168_stream_then_read(http: httpx.AsyncClient) -> list[Any]:
    lines = []
    async with http.stream("GET", "/text/s", params={"ms": 150}) as r:
        async for line in r.aiter_lines():
            lines.append(line)
            if line.endswith("2"):
                break
    b = await val(http, lines[0].split()[0], 40)
    return [lines, b]


async def r168_oa_timeout_from_value(client: Any) -> list[str]:
    a = await aask(client, "alpha", 0.15)
    if a:
        client.timeout = 0.01
    try:
        b = await aask(client, "beta", 0.06)
    except openai.APITimeoutError as exc:
        b = type(exc).__name__
    return [a, b]


async def ensure(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    if r.status_code != 200:
        raise LookupError(f"{key}: {r.status_code}")
    return r.json()["value"]


async def r168_awaited_helper_raises(http: httpx.AsyncClient) -> list[str]:
    a = await ensure(http, "a", 150)
    m = await ensure(http, "missing-m", 40)
    c = await ensure(http, "c", 90)
    return [a, m, c]


async def r168_continue_then_chain(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        v = await val(http, k, ms)
        if v == "v-b":
            continue
        out.append(await val(http, v, 30))
    return out


async def r168_for_else_put(http: httpx.AsyncClient) -> list[Any]:
    for k, ms in KMS:
        v = await val(http, k, ms)
        if v == "v-z":
            break
    else:
        await put(http, "none-found", "1")
    return [await val(http, "none-found", 40)]


async def r168_break_inside_lock(http: httpx.AsyncClient) -> list[str]:
    lock = asyncio.Lock()
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        async with lock:
            v = await val(http, k, ms)
            if v == "v-b":
                break
            out.append(v)
    out.append(await val(http, "tail", 30))
    return out


async def r168_return_in_finally(http: httpx.AsyncClient) -> list[str]:
    out = []
    try:
        out.append(await val(http, "a", 150))
        r = await http.get("/items/missing-b", params={"ms": 40})
        r.raise_for_status()
        out.append(await val(http, "c", 90))
    finally:
        out.append("finally")
        return out  # noqa: B012 - swallows the HTTPStatusError


# =========================================================================== drives and cases


def _solo(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


def _oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        client = openai.AsyncOpenAI(api_key=DUMMY, base_url=env.openai_url, max_retries=0)
        try:
            return await f(client)
        finally:
            await client.close()
    return asyncio.run(main())


def _dict(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f({"http": http})
    return asyncio.run(main())


def _api(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(Api(http))
    return asyncio.run(main())


def _held_lock(f: Any, env: Env) -> Any:
    """The caller holds the lock; a task PUTs k at 60 ms and then lets it go."""
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            lock = asyncio.Lock()
            await lock.acquire()

            async def side() -> None:
                await asyncio.sleep(0.06)
                await http.put("/items/k", params={"ms": 5}, content="put-by-caller")
                lock.release()
            t = asyncio.create_task(side())
            out = await f(http, lock)
            await t
            return out
    return asyncio.run(main())


def _pool1(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, limits=httpx.Limits(max_connections=1),
                                     timeout=httpx.Timeout(5, pool=0.05)) as http:
            return await f(http)
    return asyncio.run(main())


def _twice(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http, http)
    return asyncio.run(main())


def _alt(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http, \
                httpx.AsyncClient(base_url=env.web, timeout=5, headers={"x-tag": "alt"}) as alt:
            return await f(http, alt)
    return asyncio.run(main())


def _counting(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(CountingApi(http))
    return asyncio.run(main())


def _d(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=kw.pop("drive", _solo), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_oa, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) check and raise
    _d(r168_check_raise_passes, chain(280, 240), cat="validation"),
    _d(r168_check_raise_fails, cat="validation"),
    _d(r168_helper_raises_fails, O2, cat="validation", overlap=2),
    _d(r168_raise_for_status_stops, O2, cat="validation", overlap=2,
       speculative_reads=True),
    # (2) early return
    _d(r168_return_on_cache),
    _d(r168_return_before_put, O2, overlap=2),
    # (3) loops
    _d(r168_for_break_on_value, chain(150 + 40 + 30, 150 + 40)),
    _d(r168_for_continue_put, chain(280 + 40 + 50, 150 + 40 + 50)),
    _d(r168_list_await_comprehension, chain(280 + 40, 150 + 40), overlap=3),
    _d(r168_poll_then_two_reads, chain(190 + 30 + 50, 150 + 30 + 50), cat="sleep"),
    _d(r168_while_counter_reads, O3),
    _d(r168_try_continue_404, O3, overlap=3),
    # (4) try / finally
    _d(r168_finally_put, chain(190 + 40, 150 + 40), overlap=2),
    _d(r168_except_put_fallback, chain(60 + 20 + 30 + 40, 60 + 20 + 30)),
    _d(r168_try_else_put_then_read, chain(150 + 20 + 40 + 90, 150 + 20 + 40)),
    _d(r168_finally_read_after_raise, chain(280, 150)),
    _d(r168_suppress_then_read, over(150, 90), overlap=2),
    # (5) async for / async with
    _d(r168_async_for_break, chain(60 + 20 + 40 + 30, 60 + 20 + 40)),
    _d(r168_async_for_then_put, chain(150 + 120 + 40, 150 + 40)),
    _d(r168_async_for_reads_in_body, chain(120 + 60, 60 + 30)),
    _d(r168_lock_of_mine, O3),
    _d(r168_span_around_reads, O3),
    _d(r168_exit_puts_then_read),
    # (6) timeouts
    _d(r168_timeout_pair_ok, O3),
    _d(r168_timeout_expires_put, cat="sleep"),
    # (7) writes between reads
    _d(r168_put_if_differs, chain(150 + 40 + 50 + 90, 150 + 50 + 90), overlap=2),
    # (8) chained reads
    _d(r168_url_from_value, chain(280, 190), overlap=2),
    _d(r168_chain_per_item, chain(280 * 1.5, 225), cat="fanout", overlap=3),
    _d(r168_chain_checked_per_item, cat="validation"),
    # (9) assert
    _d(r168_assert_fails_pair, O2, cat="validation", overlap=2),
    _d(r168_assert_in_loop, cat="validation"),
    # (10) the client changed between reads
    _d(r168_header_from_value, cat="clients"),
    _d(r168_base_url_from_value, cat="clients"),
    _d(r168_close_then_read, cat="clients"),
    # (11) AsyncOpenAI
    _o(r168_oa_assert_fails, over(0.15, 0.04), cat="validation", overlap=2),
    _o(r168_oa_file_between, chain(0.15 + 0.05 + 0.04 + 0.05, 0.15 + 0.05 + 0.05)),
    _o(r168_oa_loop_break, over(0.15, 0.04)),
    # (12) more: the client changed, generators closed, callers' locks
    _d(r168_timeout_attr_from_value, cat="clients"),
    _d(r168_headers_alias, cat="clients"),
    _d(r168_client_in_dict, cat="clients", drive=_dict),
    _d(r168_read_helper_sets_header, cat="clients"),
    _d(r168_helper_closes_client, cat="clients"),
    _d(r168_api_attr_store, cat="helpers", drive=_api),
    _d(r168_async_gen_finally_put, chain(20 + 20 + 5 + 30 + 40 + 90, 20 + 20 + 5 + 30 + 90)),
    _d(r168_caller_lock_then_read, cat="threads", drive=_held_lock),
    _d(r168_wait_for_expires, cat="sleep"),
    _o(r168_oa_base_url_moved, cat="clients"),
    _d(r168_pool_of_one, cat="clients", drive=_pool1),
    _d(r168_same_client_twice, cat="clients", drive=_twice),
    _d(r168_rebind_client, cat="clients", drive=_alt),
    _d(r168_event_hook_added, cat="clients"),
    _d(r168_bound_get_kept, cat="clients"),
    _d(r168_counting_api, O3, cat="helpers", drive=_counting),
    _d(r168_stream_then_read),
    _o(r168_oa_timeout_from_value, cat="clients"),
    _d(r168_awaited_helper_raises, O2, cat="validation", overlap=2),
    _d(r168_continue_then_chain, chain(150 + 40 + 90 + 60, 180)),
    _d(r168_for_else_put),
    _d(r168_break_inside_lock),
    _d(r168_return_in_finally, O2, speculative_reads=True),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
