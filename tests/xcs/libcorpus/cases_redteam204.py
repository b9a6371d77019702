"""Red-team cases (stop 204): asyncio programs as people write them, jitted as `async def`.

httpx.AsyncClient, aiohttp.ClientSession, openai.AsyncOpenAI and anthropic.AsyncAnthropic
made in the function; `asyncio.gather`, `TaskGroup` with ``except*``, `create_task` awaited
later, semaphores, `wait_for` / `asyncio.timeout`, cancellation by the caller, async
generators paging an API, async context managers of the user's, a `Queue` of producer and
consumer, an `asyncio.Lock` around a counter, context variables set by the caller and by the
function between awaits, `to_thread` / `run_in_executor`, sync helpers called from async
code, retries with `await asyncio.sleep` backoff, prints and log records between awaits,
exceptions whose ``__cause__`` / ``__context__`` the drivers report, awaits inside
comprehensions and f-strings. Sibling reads get unequal latencies, slow first, so a
reordering shows. Also: the client's own state changed between awaits (``http.params``,
``event_hooks``, ``timeout``, ``aclose()``, an SDK client's ``base_url``), ``loop.call_soon``
and a done future's callback changing a global a later argument reads, a memo dict kept in
a helper's default argument, a ``nonlocal`` counter in a nested helper's URL, helpers that
log or swallow ``CancelledError`` when a sibling fails, ``and`` short-circuits, an early
``return`` in a loop, one jitted function run on three event loops. Each is run against the
plain function: value, exception (drivers return the ``__cause__`` / ``__context__`` chain),
stdout, log records, the servers' request logs.

None differed when written (also with ``--plain-twice``). The task-name case needs its
driver to name the main task (default names count tasks per process), and the caller's
cancel may let a started sibling read be sent (the documented allowance, so it is judged
with `speculative_reads`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import sys
from typing import Any

import aiohttp
import anthropic
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

log = corpus_logger("r204")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chain(exc: BaseException) -> list[str]:
    """The exception, its cause / context chain and a group's members, as text."""
    out: list[str] = []
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        kind = "cause" if e.__cause__ is not None else "context"
        out.append(f"{type(e).__name__}: {e} [{kind}, suppress={e.__suppress_context__}]")
        if isinstance(e, BaseExceptionGroup):
            out.extend("  member " + "; ".join(chain(m)) for m in e.exceptions)
        e = e.__cause__ if e.__cause__ is not None else e.__context__
    return out


# =========================================================================== drivers


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _d_web_chain(f: Any, env: Env) -> Any:
    """Runs f and reports an exception's whole chain as the value."""
    async def main() -> Any:
        try:
            return await f(env.web)
        except BaseException as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


def _d_named(f: Any, env: Env) -> Any:
    async def main() -> Any:
        asyncio.current_task().set_name("main")  # type: ignore[union-attr]
        return await f(env.web)
    return asyncio.run(main())


def _d_two_loops(f: Any, env: Env) -> Any:
    """Two runs, each on an event loop of its own, then one on a loop in a thread."""
    import threading
    out = [asyncio.run(f(env.web)), asyncio.run(f(env.web))]
    box: list[Any] = []
    t = threading.Thread(target=lambda: box.append(asyncio.run(f(env.web))))
    t.start()
    t.join()
    return [*out, *box]


def _d_api(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web, env.api))


def _cancel_at(at: float) -> Any:
    def drive(f: Any, env: Env) -> Any:
        async def main() -> Any:
            task = asyncio.create_task(f(env.web))
            await asyncio.sleep(at)
            task.cancel()
            try:
                return await task
            except asyncio.CancelledError:
                print("caller saw cancel")
                return "cancelled"
        return asyncio.run(main())
    drive.__name__ = f"drive_cancel_{int(at * 1000)}"
    return drive


REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def _d_ctx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        REQUEST_ID.set("caller")
        return await f(env.web)
    return asyncio.run(main())


# =========================================================================== helpers


async def fetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def pfetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    print("fetching", key)
    r = await http.get(f"/items/{key}", params={"ms": ms})
    value = r.json()["value"]
    print("got", key)
    return value


async def strict(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    return r.json()["value"]


async def put(http: httpx.AsyncClient, key: str, value: str) -> int:
    r = await http.put(f"/items/{key}", content=value)
    return r.json()["version"]


async def tagged(http: httpx.AsyncClient, key: str, ms: int) -> str:
    """A GET carrying the request id of the current context."""
    rid = REQUEST_ID.get()
    r = await http.get(f"/items/{key}", params={"ms": ms, "rid": rid})
    return f"{rid}:{r.json()['value']}"


async def noting(http: httpx.AsyncClient, key: str, ms: int) -> str:
    """A GET that notes which error, if any, is being handled where it runs."""
    handling = sys.exc_info()[1]
    r = await http.get(f"/items/{key}", params={"ms": ms, "during": type(handling).__name__})
    return r.json()["value"]


async def logged(http: httpx.AsyncClient, key: str, ms: int) -> str:
    log.info("fetching %s", key)
    r = await http.get(f"/items/{key}", params={"ms": ms})
    log.info("got %s", key)
    return r.json()["value"]


async def closing(http: httpx.AsyncClient, key: str, ms: int) -> str:
    try:
        r = await http.get(f"/items/{key}", params={"ms": ms})
        r.raise_for_status()
        return r.json()["value"]
    finally:
        print("closed", key)


async def named(http: httpx.AsyncClient, key: str, ms: int) -> str:
    task = asyncio.current_task()
    me = task.get_name() if task is not None else "?"
    r = await http.get(f"/items/{key}", params={"ms": ms, "task": me})
    return r.json()["value"]


def blocking_get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]


# =========================================================================== context vars


async def r204_ctxvar_set_between_awaits(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        REQUEST_ID.set("first")
        a = await tagged(http, "a", 150)
        REQUEST_ID.set("second")
        b = await tagged(http, "b", 30)
        return [a, b]


async def r204_ctxvar_token_reset(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        token = REQUEST_ID.set("inner")
        a = await tagged(http, "a", 150)
        REQUEST_ID.reset(token)
        b = await tagged(http, "b", 30)
        return [a, b]


def begin_request(name: str) -> None:
    REQUEST_ID.set(name)


async def r204_ctxvar_set_by_sync_helper(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for name in ("x", "y", "z"):
            begin_request(name)
            out.append(await tagged(http, name, 120 - 40 * len(out)))
        return out


# =========================================================================== exceptions


async def r204_exc_info_in_except(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            await strict(http, "missing-a", 20)
        except httpx.HTTPStatusError:
            a = await fetch(http, "slow", 150)
            b = await noting(http, "b", 30)
            return [a, b]
        return []


async def r204_raise_in_except_context(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            await strict(http, "missing-a", 20)
        except httpx.HTTPStatusError:
            a = await fetch(http, "slow", 150)
            b = await strict(http, "missing-b", 30)
            return [a, b]
        return []


async def lookup(http: httpx.AsyncClient, key: str, ms: int) -> str:
    try:
        return await strict(http, key, ms)
    except httpx.HTTPStatusError as e:
        raise LookupError(f"no {key}") from e


async def r204_raise_from_in_helper(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "slow", 150)
        b = await lookup(http, "missing-b", 30)
        return [a, b]


async def r204_taskgroup_except_star(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        first = await fetch(http, "first", 60)
        errors: list[str] = []
        try:
            async with asyncio.TaskGroup() as tg:
                t1 = tg.create_task(strict(http, "missing-x", 40))
                t2 = tg.create_task(fetch(http, "y", 300))
        except* httpx.HTTPStatusError as eg:
            errors = [str(e.response.status_code) for e in eg.exceptions]
        last = await fetch(http, "last", 30)
        return [first, str(t1.done()), str(t2.cancelled()), *errors, last]


async def r204_gather_return_exceptions(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = await asyncio.gather(strict(http, "a", 90), strict(http, "missing-b", 30),
                                   strict(http, "c", 60), return_exceptions=True)
        out = [type(g).__name__ if isinstance(g, BaseException) else g for g in got]
        tail = await fetch(http, "tail", 40)
        return [*out, tail]


async def r204_helper_finally_prints_on_failure(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await closing(http, "a", 100)
        b = await closing(http, "missing-b", 30)
        c = await closing(http, "c", 200)
        return [a, b, c]


# =========================================================================== tasks


async def r204_create_task_await_later(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        t = asyncio.create_task(pfetch(http, "a", 150))
        print("started a")
        b = await pfetch(http, "b", 30)
        c = await pfetch(http, "c", 60)
        a = await t
        return [a, b, c]


async def r204_semaphore_gather(web: str) -> list[str]:
    sem = asyncio.Semaphore(2)
    async with httpx.AsyncClient(base_url=web) as http:
        async def limited(key: str, ms: int) -> str:
            async with sem:
                return await fetch(http, key, ms)
        return list(await asyncio.gather(*(limited(k, 60) for k in "abcd")))


async def r204_as_completed_prints(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        order = []
        for fut in asyncio.as_completed([fetch(http, "slow", 300), fetch(http, "fast", 30),
                                         fetch(http, "mid", 150)]):
            v = await fut
            print("finished", v)
            order.append(v)
        after = await fetch(http, "after", 30)
        return [*order, after]


async def r204_queue_producer_consumer(web: str) -> list[str]:
    q: asyncio.Queue[str | None] = asyncio.Queue()
    async with httpx.AsyncClient(base_url=web) as http:
        seen: list[str] = []

        async def consumer() -> None:
            while (key := await q.get()) is not None:
                seen.append(await fetch(http, key, 30))
                print("consumed", key)

        worker = asyncio.create_task(consumer())
        for key in ("p", "q", "r"):
            await q.put(key)
            print("queued", key)
        await q.put(None)
        await worker
        await put(http, "summary", ",".join(seen))
        return seen


COUNTER = {"n": 0}


async def r204_lock_counter(web: str) -> list[Any]:
    COUNTER["n"] = 0
    lock = asyncio.Lock()
    async with httpx.AsyncClient(base_url=web) as http:
        async def work(key: str, ms: int) -> str:
            v = await fetch(http, key, ms)
            async with lock:
                COUNTER["n"] += 1
                n = COUNTER["n"]
            return f"{n}:{v}"
        got = await asyncio.gather(work("a", 150), work("b", 30), work("c", 90))
        return [*got, COUNTER["n"]]


async def r204_task_names_in_helper(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await named(http, "a", 150)
        b = await named(http, "b", 30)
        return [a, b]


# =========================================================================== deadlines


async def r204_wait_for_times_out_then_fetch(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            a = await asyncio.wait_for(fetch(http, "slow", 800), 0.2)
        except TimeoutError:
            print("timed out")
            a = "fallback"
        b = await fetch(http, "b", 30)
        return [a, b]


async def r204_timeout_block_two_reads(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        try:
            async with asyncio.timeout(0.3):
                out.append(await fetch(http, "a", 100))
                out.append(await fetch(http, "b", 800))
        except TimeoutError:
            out.append("late")
        out.append(await fetch(http, "c", 30))
        return out


# =========================================================================== cancellation


async def r204_cancelled_cleanup_put(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 60)
        try:
            b = await pfetch(http, "b", 1500)
            c = await pfetch(http, "c", 1500)
            return [a, b, c]
        except asyncio.CancelledError:
            print("cleaning up")
            await put(http, "state", "aborted")
            raise


# =========================================================================== generators, context managers


async def pages(http: httpx.AsyncClient, n: int) -> Any:
    for i in range(n):
        r = await http.get(f"/items/page-{i}", params={"ms": 30})
        print("page", i)
        yield r.json()["value"]


async def r204_async_gen_then_details(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        keys = [k async for k in pages(http, 3)]
        return [await fetch(http, k, 120 - 30 * i) for i, k in enumerate(keys)]


@contextlib.asynccontextmanager
async def step(name: str) -> Any:
    print("begin", name)
    try:
        yield name
    finally:
        print("end", name)


async def r204_user_async_cm_prints(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with step("one"):
            a = await fetch(http, "a", 150)
        async with step("two"):
            b = await fetch(http, "b", 30)
        return [a, b]


# =========================================================================== threads


async def r204_to_thread_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await asyncio.to_thread(blocking_get, web, "a", 150)
        b = await asyncio.to_thread(blocking_get, web, "b", 30)
        v = await put(http, "ab", a + b)
        c = await fetch(http, "ab", 30)
        return [a, b, v, c]


# =========================================================================== retries, logs


async def r204_logs_between_awaits(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await logged(http, "a", 150)
        log.warning("between %s", a)
        b = await logged(http, "b", 30)
        c = await logged(http, "c", 80)
        return [a, b, c]


# =========================================================================== comprehensions


async def r204_comp_with_await_filter(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        keys = ["a", "skip", "b", "c"]
        return [await pfetch(http, k, 100 - 20 * i) for i, k in enumerate(keys) if k != "skip"]


async def r204_dict_comp_awaits(web: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=web) as http:
        return {k: await fetch(http, k, ms) for k, ms in (("a", 150), ("b", 30), ("c", 80))}


async def r204_comp_stops_at_failure(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await closing(http, k, ms)
                for k, ms in (("a", 100), ("missing-b", 30), ("c", 200))]


# =========================================================================== SDKs, aiohttp


async def r204_openai_async_chain_put(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, httpx.AsyncClient(base_url=web) as http:
        topic = await fetch(http, "topic", 60)
        r1 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"summarise {topic}"}],
            extra_body={"latency": 0.15})
        r2 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "unrelated"}],
            extra_body={"latency": 0.03})
        s1 = r1.choices[0].message.content or ""
        v = await put(http, "summary", s1[:20])
        return [len(s1) > 0, len(r2.choices[0].message.content or "") > 0, v]


async def r204_anthropic_async_prints(web: str, api: str) -> list[Any]:
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as claude:
        out = []
        for n in (40, 20, 10):
            m = await claude.messages.create(
                model="claude", max_tokens=n, messages=[{"role": "user", "content": f"n{n}"}])
            print("answer", n, len(m.content[0].text) > 0)
            out.append(m.stop_reason)
        return out


async def r204_aiohttp_session_reads_then_post(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{web}/items/a", params={"ms": "150"}) as r:
            a = (await r.json())["value"]
        async with session.get(f"{web}/items/b", params={"ms": "30"}) as r:
            b = (await r.json())["value"]
        async with session.post(f"{web}/items/ab", data=a + b) as r:
            v = (await r.json())["version"]
        return [a, b, v]


# =========================================================================== second round


async def check(http: httpx.AsyncClient, key: str, ms: int) -> bool:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return not r.json()["value"].endswith("no")


async def r204_and_short_circuit(web: str) -> list[bool]:
    async with httpx.AsyncClient(base_url=web) as http:
        ok = await check(http, "say-no", 100) and await check(http, "b", 30)
        other = await check(http, "c", 30)
        return [ok, other]


async def r204_early_return_in_loop(web: str) -> str:
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms in (("a", 100), ("target", 30), ("c", 30), ("d", 30)):
            v = await fetch(http, key, ms)
            print("looked at", key)
            if v.endswith("target"):
                return v
        return "none"


async def memo_fetch(http: httpx.AsyncClient, key: str, ms: int,
                     _memo: dict[str, str] = {}) -> str:  # noqa: B006
    if key in _memo:
        return _memo[key]
    r = await http.get(f"/items/{key}", params={"ms": ms})
    _memo[key] = r.json()["value"]
    return _memo[key]


async def r204_default_dict_memo(web: str) -> list[str]:
    memo_fetch.__defaults__[0].clear()  # type: ignore[index]
    async with httpx.AsyncClient(base_url=web) as http:
        a = await memo_fetch(http, "a", 100)
        b = await memo_fetch(http, "a", 100)
        c = await memo_fetch(http, "c", 30)
        return [a, b, c]


async def r204_nonlocal_counter_in_url(web: str) -> list[str]:
    calls = 0
    async with httpx.AsyncClient(base_url=web) as http:
        async def get(key: str, ms: int) -> str:
            nonlocal calls
            calls += 1
            r = await http.get(f"/items/{key}", params={"ms": ms, "n": calls})
            return r.json()["value"]
        a = await get("a", 150)
        b = await get("b", 30)
        return [a, b, str(calls)]


async def guarded(http: httpx.AsyncClient, key: str, ms: int) -> str:
    try:
        return await strict(http, key, ms)
    except asyncio.CancelledError:
        log.warning("abandoned %s", key)
        raise


async def r204_cancel_logging_helper_in_comp(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await guarded(http, k, ms) for k, ms in (("a", 100), ("missing-b", 30),
                                                         ("c", 300))]


async def swallowing(http: httpx.AsyncClient, key: str, ms: int) -> str:
    try:
        return await strict(http, key, ms)
    except asyncio.CancelledError:
        return "gave up"


async def r204_swallow_cancel_helper_loop(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k, ms in (("a", 100), ("missing-b", 30), ("c", 300)):
            out.append(await swallowing(http, k, ms))
        return out


async def r204_collect_errors_group(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        out: list[str] = []
        errors: list[Exception] = []
        for k, ms in (("a", 100), ("missing-b", 30), ("c", 60), ("missing-d", 20)):
            try:
                out.append(await strict(http, k, ms))
            except httpx.HTTPStatusError as e:
                errors.append(e)
        if errors:
            raise ExceptionGroup(f"{len(errors)} failed of {len(out) + len(errors)}", errors)
        return out


STATE = {"region": "us"}


async def regional(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms, "region": STATE["region"]})
    return r.json()["value"]


async def r204_global_config_between_awaits(web: str) -> list[str]:
    STATE["region"] = "us"
    async with httpx.AsyncClient(base_url=web) as http:
        a = await regional(http, "a", 150)
        STATE["region"] = "eu"
        b = await regional(http, "b", 30)
        return [a, b]


# =========================================================================== client state changed between awaits


async def r204_client_params_set_between(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        http.params = httpx.QueryParams({"step": "one"})
        a = await http.get("/items/a", params={"ms": 150})
        http.params = httpx.QueryParams({"step": "two"})
        b = await http.get("/items/b", params={"ms": 30})
        return [a.json()["value"], b.json()["value"]]


async def show_request(request: httpx.Request) -> None:
    print("sending", request.url.path)


async def r204_client_hook_added_between(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await http.get("/items/a", params={"ms": 150})
        http.event_hooks = {"request": [show_request]}
        b = await http.get("/items/b", params={"ms": 30})
        return [a.json()["value"], b.json()["value"]]


async def r204_client_closed_between(web: str) -> list[str]:
    http = httpx.AsyncClient(base_url=web)
    a = await http.get("/items/a", params={"ms": 150})
    await http.aclose()
    try:
        b = (await http.get("/items/b", params={"ms": 30})).json()["value"]
    except RuntimeError as e:
        b = f"closed: {e}"
    return [a.json()["value"], b]


async def r204_client_timeout_set_between(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await http.get("/items/a", params={"ms": 100})
        http.timeout = httpx.Timeout(0.15)
        try:
            b = (await http.get("/items/b", params={"ms": 600})).json()["value"]
        except httpx.ReadTimeout:
            b = "timed out"
        return [a.json()["value"], b]


async def r204_openai_base_url_set_between(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        r1 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "one"}],
            extra_body={"latency": 0.15})
        client.base_url = api + "/nowhere"
        try:
            r2 = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": "two"}],
                extra_body={"latency": 0.03})
            second = len(r2.choices[0].message.content or "") > 0
        except openai.NotFoundError as e:
            second = f"not found {e.status_code}"
        return [len(r1.choices[0].message.content or "") > 0, second]


# =========================================================================== callbacks


async def r204_call_soon_updates_global(web: str) -> list[str]:
    STATE["region"] = "us"
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=web) as http:
        loop.call_soon(STATE.__setitem__, "region", "eu")
        a = await fetch(http, "a", 150)
        b = await fetch(http, f"b-{STATE['region']}", 30)
        return [a, b]


async def r204_future_callback_sets_global(web: str) -> list[str]:
    STATE["region"] = "us"
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[str] = loop.create_future()
    fut.add_done_callback(lambda f: STATE.__setitem__("region", f.result()))
    fut.set_result("eu")
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 150)
        b = await fetch(http, "b-" + STATE["region"], 30)
        return [a, b]


# =========================================================================== cases


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", drive: Any = _d_web, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_api, servers="web api", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r204_ctxvar_set_between_awaits, over(0.15, 0.03), cat="state"),
    _w(r204_ctxvar_token_reset, over(0.15, 0.03), cat="state"),
    _w(r204_ctxvar_set_by_sync_helper, over(0.12, 0.08, 0.04), cat="state"),
    _w(r204_exc_info_in_except, (0.02 + 0.15 + 0.03) / 0.17, cat="validation",
       drive=_d_web_chain),
    _w(r204_raise_in_except_context, (0.02 + 0.15 + 0.03) / 0.17, cat="validation",
       drive=_d_web_chain, speculative_reads=True),
    _w(r204_raise_from_in_helper, over(0.15, 0.03), cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r204_taskgroup_except_star, (0.06 + 0.3 + 0.03) / (0.06 + 0.04 + 0.03),
       cat="fanout", drive=_d_web_chain),
    _w(r204_gather_return_exceptions, (0.09 + 0.03 + 0.06 + 0.04) / 0.13, cat="fanout"),
    _w(r204_helper_finally_prints_on_failure, over(0.1, 0.03), cat="validation",
       drive=_d_web_chain, speculative_reads=True),
    _w(r204_create_task_await_later, over(0.15, 0.03 + 0.06), cat="fanout"),
    _w(r204_semaphore_gather, 2.0, cat="fanout", overlap=2),
    _w(r204_as_completed_prints, (0.3 + 0.03 + 0.15 + 0.03) / 0.33, cat="fanout"),
    _w(r204_queue_producer_consumer, 1.0, cat="fanout"),
    _w(r204_lock_counter, over(0.15, 0.03, 0.09), cat="state"),
    _w(r204_task_names_in_helper, over(0.15, 0.03), cat="state", drive=_d_named),
    _w(r204_wait_for_times_out_then_fetch, 1.0, cat="sleep"),
    _w(r204_timeout_block_two_reads, 1.0, cat="sleep"),
    _w(r204_cancelled_cleanup_put, 1.0, cat="state", drive=_cancel_at(0.6),
       speculative_reads=True),
    _w(r204_async_gen_then_details, (0.09 + 0.12 + 0.09 + 0.06) / (0.09 + 0.12)),
    _w(r204_user_async_cm_prints, 1.0, cat="helpers"),
    _w(r204_to_thread_then_put, (0.15 + 0.03 + 0.05 + 0.03) / (0.15 + 0.05 + 0.03),
       cat="threads"),
    _w(r204_logs_between_awaits, over(0.15, 0.03, 0.08), cat="helpers"),
    _w(r204_comp_with_await_filter, over(0.1, 0.06, 0.04), cat="fanout"),
    _w(r204_dict_comp_awaits, over(0.15, 0.03, 0.08), cat="fanout"),
    _w(r204_comp_stops_at_failure, over(0.1, 0.03), cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _a(r204_openai_async_chain_put, (0.06 + 0.15 + 0.03 + 0.05) / (0.06 + 0.15 + 0.05)),
    _a(r204_anthropic_async_prints, 3.0),
    _w(r204_aiohttp_session_reads_then_post, (0.15 + 0.03 + 0.05) / 0.2, cat="clients"),
    # -- client state
    _w(r204_client_params_set_between, over(0.15, 0.03), cat="clients"),
    _w(r204_client_hook_added_between, over(0.15, 0.03), cat="clients"),
    _w(r204_client_closed_between, 1.0, cat="clients"),
    _w(r204_client_timeout_set_between, 1.0, cat="clients"),
    _a(r204_openai_base_url_set_between, 1.0, cat="clients"),
    # -- callbacks
    _w(r204_call_soon_updates_global, 1.0, cat="state"),
    _w(r204_future_callback_sets_global, 1.0, cat="state"),
    # -- loops
    _w(r204_dict_comp_awaits, over(0.15, 0.03, 0.08), cat="fanout", drive=_d_two_loops,
       name="r204_dict_comp_on_three_loops"),
    # -- second round
    _w(r204_and_short_circuit, (0.1 + 0.03) / 0.1, cat="validation"),
    _w(r204_early_return_in_loop, 1.0, cat="validation"),
    _w(r204_default_dict_memo, over(0.1, 0.03), cat="state"),
    _w(r204_nonlocal_counter_in_url, over(0.15, 0.03), cat="state"),
    _w(r204_cancel_logging_helper_in_comp, over(0.1, 0.03), cat="validation",
       drive=_d_web_chain, speculative_reads=True),
    _w(r204_swallow_cancel_helper_loop, over(0.1, 0.03), cat="validation",
       drive=_d_web_chain, speculative_reads=True),
    _w(r204_collect_errors_group, (0.1 + 0.03 + 0.06 + 0.02) / 0.1, cat="validation",
       drive=_d_web_chain),
    _w(r204_global_config_between_awaits, over(0.15, 0.03), cat="state"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
