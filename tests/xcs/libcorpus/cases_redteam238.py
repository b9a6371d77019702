# ruff: noqa: SIM117, B023, PLW0603 - the shapes under test: nested withs, late-bound loops, globals
"""Red-team cases (stop 238): programs that mix sync and async code around I/O.

Each case is a plain module function run plain and jitted: a sync function handed the web
server's URL, or an ``async def`` run by a driver on a fresh event loop. The shapes:

- sync functions that call ``asyncio.run`` on a coroutine of theirs between ``requests``
  calls: a coroutine made before a PUT and run after it, a nested ``async def`` closing over
  a dict the sync code changes, an ``asyncio.Runner`` reused between requests, helpers that
  run their coroutine on a module-level ``Runner`` or loop (which two threads cannot run at
  once) or on ``asyncio.get_event_loop()`` (which a pool thread does not have), an
  ``httpx.AsyncClient`` or ``openai.AsyncOpenAI`` made once and used by two ``asyncio.run``
  calls (bound to the first loop), coroutines that print or log;
- ``async def`` bodies calling blocking helpers directly (``requests``, ``sqlite3``, file
  reads, ``time.sleep`` as spacing, the sync OpenAI client) or through
  ``asyncio.to_thread`` / ``loop.run_in_executor`` (a one-worker executor, a partial, a
  lambda over a shared sqlite connection, a helper that counts in a global list and keys
  its URL by the count, context variables read in the thread);
- async generators and async context managers of the user's that GET or PUT on entry and
  exit (an explicit ``aclose``, a generator that reads what the consumer writes, two
  generators stepped in turn, an ``AsyncExitStack`` of PUT callbacks, an ``__aexit__``
  swallowing the body's error after a PUT);
- ``asyncio.Queue`` producers and consumers (unbounded, ``maxsize=1``, a priority queue,
  ``join``/``task_done``), ``Event`` and ``Condition`` signalled by one task after a PUT
  and awaited by another that then reads, a timed-out wait;
- ``as_completed`` and ``wait(FIRST_COMPLETED / FIRST_EXCEPTION)`` with PUTs, prints and
  appends in completion order, losers cancelled whose cleanup PUTs;
- tasks created and awaited later, done callbacks, exceptions retrieved late;
- context variables set in one task and read in helpers (a request id in log records, a
  tenant in a URL, ``copy_context().run``, a token reset);
- ``httpx.AsyncClient`` and ``openai.AsyncOpenAI`` shared between tasks (event hooks that
  count, headers changed between tasks, ``with_options``);
- an async function jitted (in the jitted run) and awaited inside another jitted async
  function; sync jitted functions called from a worker thread of a running loop
  (``to_thread``, ``run_in_executor``, two at once) and directly in the loop's thread;
- shielded and cancelled tasks whose cleanup PUTs (``wait_for`` timeouts, a TaskGroup
  whose sibling fails, ``asyncio.timeout`` around a to_thread).

Sibling calls get clearly different latencies (slow first), so the plain run is
deterministic. None differed or crashed when written (jitted runs repeated, and
``--plain-twice``): the JIT keeps most of these shapes as written (``asyncio.run``, a
``Runner``, tasks, queues, events and generators of the function's own are barriers or run
as written), so many cases claim no overlap; where independent reads could overlap under a
schedule that keeps the program's meaning the case's ``ideal`` says so.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import functools
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from ember import xcs
from ember.api import models
from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam238")

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


# =========================================================================== helpers


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _strict_get(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def _put(web: str, key: str, value: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=value, timeout=5).json()["version"]


def _say_get(web: str, key: str, ms: int = 50) -> str:
    print("fetching", key)
    v = _get(web, key, ms)
    print("got", key)
    return v


async def aget(http: httpx.AsyncClient, key: str, ms: int = 50) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def astrict(http: httpx.AsyncClient, key: str, ms: int = 50) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    return r.json()["value"]


async def aput(http: httpx.AsyncClient, key: str, value: str, ms: int = 50) -> int:
    r = await http.put(f"/items/{key}", content=value, params={"ms": ms})
    return r.json()["version"]


async def afetch(web: str, key: str, ms: int = 50) -> str:
    async with httpx.AsyncClient(base_url=web) as http:
        return await aget(http, key, ms)


async def afetch_said(web: str, key: str, ms: int = 50) -> str:
    print("async fetching", key)
    async with httpx.AsyncClient(base_url=web) as http:
        v = await aget(http, key, ms)
    print("async got", key)
    return v


async def afetch_logged(web: str, key: str, ms: int = 50) -> str:
    LOG.info("start %s", key)
    async with httpx.AsyncClient(base_url=web) as http:
        v = await aget(http, key, ms)
    LOG.info("done %s", key)
    return v


async def astore(web: str, key: str, value: str, ms: int = 50) -> int:
    async with httpx.AsyncClient(base_url=web) as http:
        return await aput(http, key, value, ms)


def chain(exc: BaseException) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        out.append(f"{type(e).__name__}: {str(e)[:80]}")
        if isinstance(e, BaseExceptionGroup):
            out.extend("  member " + "; ".join(chain(m)) for m in e.exceptions)
        e = e.__cause__ if e.__cause__ is not None else e.__context__
    return out


def _is_jitted(f: Any) -> bool:
    return getattr(f, "__ember_jit_state__", None) is not None


# =========================================================================== A. sync code calling asyncio.run


def r238_run_between_gets(web: str) -> list[Any]:
    a = _get(web, "a", 150)
    stored = asyncio.run(astore(web, "mid", a))
    b = _get(web, "mid", 50)
    c = _get(web, "c", 100)
    return [a, stored, b, c]


def r238_run_coroutine_made_before_put(web: str) -> list[Any]:
    pending = afetch(web, "cfg", 50)
    _put(web, "cfg", "changed")
    seen = asyncio.run(pending)
    return [seen, _get(web, "other", 100)]


def r238_run_nested_def_closes_over_dict(web: str) -> list[Any]:
    opts = {"key": "first"}

    async def go() -> str:
        async with httpx.AsyncClient(base_url=web) as http:
            return await aget(http, opts["key"], 60)

    a = _get(web, "lead", 150)
    opts["key"] = a
    b = asyncio.run(go())
    opts["key"] = "third"
    c = asyncio.run(go())
    return [a, b, c]


def r238_run_reads_list_grown_by_gets(web: str) -> list[Any]:
    keys: list[str] = []

    async def fetch_all() -> list[str]:
        async with httpx.AsyncClient(base_url=web) as http:
            return list(await asyncio.gather(*(aget(http, k, 50) for k in keys)))

    for k, ms in (("x", 150), ("y", 50)):
        keys.append(_get(web, k, ms))
    got = asyncio.run(fetch_all())
    _put(web, "summary", ",".join(got))
    return [keys, got, _get(web, "summary", 50)]


def r238_runner_reused_between_requests(web: str) -> list[Any]:
    with asyncio.Runner() as runner:
        a = runner.run(afetch(web, "a", 150))
        _put(web, "a", a + "+1")
        b = runner.run(afetch(web, "a", 50))
        c = _get(web, "c", 100)
    return [a, b, c]


_RUNNER = asyncio.Runner()
_LOOP = asyncio.new_event_loop()


def runner_get(web: str, key: str, ms: int) -> str:
    return _RUNNER.run(afetch(web, key, ms))


def loop_get(web: str, key: str, ms: int) -> str:
    return _LOOP.run_until_complete(afetch(web, key, ms))


def legacy_get(web: str, key: str, ms: int) -> str:
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(afetch(web, key, ms))


def r238_module_runner_helper_twice(web: str) -> list[Any]:
    a = runner_get(web, "a", 150)
    b = runner_get(web, "b", 50)
    return [a, b]


def r238_module_loop_helper_twice(web: str) -> list[Any]:
    a = loop_get(web, "a", 150)
    b = loop_get(web, "b", 50)
    c = _get(web, "c", 100)
    return [a, b, c]


def r238_module_loop_helper_in_comprehension(web: str) -> list[Any]:
    return [loop_get(web, k, ms) for k, ms in (("p", 150), ("q", 50), ("r", 100))]


def r238_get_event_loop_helper_twice(web: str) -> list[Any]:
    a = legacy_get(web, "a", 150)
    b = legacy_get(web, "b", 50)
    return [a, b]


def _d_with_current_loop(f: Any, env: Env) -> Any:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return f(env.web)
    except Exception as e:  # noqa: BLE001
        return chain(e)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def r238_run_per_item_comprehension_prints(web: str) -> list[Any]:
    return [asyncio.run(afetch_said(web, k, ms)) for k, ms in (("s", 150), ("t", 50))]


def run_logged(web: str, key: str, ms: int) -> str:
    return asyncio.run(afetch_logged(web, key, ms))


def r238_run_helper_logs_twice(web: str) -> list[Any]:
    a = run_logged(web, "la", 150)
    b = run_logged(web, "lb", 50)
    return [a, b]


def run_get(web: str, key: str, ms: int) -> str:
    return asyncio.run(afetch(web, key, ms))


def r238_run_helper_reads_overlap(web: str) -> list[Any]:
    a = run_get(web, "a", 150)
    b = run_get(web, "b", 50)
    c = run_get(web, "c", 100)
    return [a, b, c]


def r238_run_raises_then_put(web: str) -> list[Any]:
    async def strict_fetch() -> str:
        async with httpx.AsyncClient(base_url=web) as http:
            return await astrict(http, "missing-x", 50)

    a = _get(web, "a", 150)
    try:
        v = asyncio.run(strict_fetch())
    except httpx.HTTPStatusError as e:
        _put(web, "errors", str(e.response.status_code))
        v = "fallback"
    return [a, v, _get(web, "errors", 50)]


def r238_run_gather_put_run(web: str) -> list[Any]:
    async def three() -> list[str]:
        async with httpx.AsyncClient(base_url=web) as http:
            return list(await asyncio.gather(aget(http, "g1", 150), aget(http, "g2", 50),
                                             aget(http, "g3", 100)))

    got = asyncio.run(three())
    _put(web, "joined", "|".join(got))
    back = asyncio.run(afetch(web, "joined", 50))
    return [got, back]


def r238_shared_async_client_two_runs(web: str) -> list[Any]:
    http = httpx.AsyncClient(base_url=web)
    out: list[Any] = []
    for k, ms in (("a", 150), ("b", 50)):
        try:
            out.append(asyncio.run(aget(http, k, ms)))
        except Exception as e:  # noqa: BLE001
            out.append(type(e).__name__)
    _put(web, "after", str(len(out)))
    return out


def r238_async_openai_two_runs(web: str, api: str) -> list[Any]:
    client = openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)

    async def ask(q: str) -> str:
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}], extra_body={"latency": 0.1})
        return (r.choices[0].message.content or "")[:16]

    out: list[Any] = []
    for q in ("first", "second"):
        try:
            out.append(len(asyncio.run(ask(q))) > 0)
        except Exception as e:  # noqa: BLE001
            out.append(type(e).__name__)
    out.append(_get(web, "after", 50))
    return out


VAR = contextvars.ContextVar("r238_var", default="none")


def r238_run_sets_contextvar_not_leaked(web: str) -> list[Any]:
    async def login() -> str:
        v = await afetch(web, "user", 100)
        VAR.set(v)
        return VAR.get()

    inside = asyncio.run(login())
    outside = VAR.get()
    key = f"for-{outside}"
    return [inside, outside, _get(web, key, 50)]


def r238_run_model_calls_mixed(web: str) -> list[Any]:
    a = str(models("sim/gpt", "sync first", latency=0.15))[:20]

    async def two() -> list[str]:
        x = await models.acall("sim/gpt", "async one", latency=0.1)
        y = await models.acall("sim/gpt", "async two", latency=0.05)
        return [str(x)[:20], str(y)[:20]]

    b = asyncio.run(two())
    _put(web, "answers", a + "|" + "|".join(b))
    c = str(models("sim/gpt", "sync last", latency=0.05))[:20]
    return [a, b, c, _get(web, "answers", 50)]


def r238_run_coroutine_prints_between_sync_prints(web: str) -> list[Any]:
    print("start")
    a = _say_get(web, "a", 150)
    b = asyncio.run(afetch_said(web, "b", 50))
    print("between")
    c = _say_get(web, "c", 100)
    return [a, b, c]


# =========================================================================== B. async code calling blocking helpers


def _d(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await f(env.web)
        except BaseException as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


def _d_api(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await f(env.web, env.api)
        except BaseException as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


def _d_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await f(env.web, str(env.tmp))
        except BaseException as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


async def r238_blocking_requests_between_awaits(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = _get(web, "a", 150)
        b = await aget(http, "b", 50)
        _put(web, "b", a + b)
        c = await aget(http, "b", 50)
        return [a, b, c]


async def r238_to_thread_get_put_same_key(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await asyncio.to_thread(_get, web, "k", 150)
        await asyncio.to_thread(_put, web, "k", a + "!")
        b = await aget(http, "k", 50)
        c = await asyncio.to_thread(_get, web, "other", 100)
        return [a, b, c]


async def r238_to_thread_reads_then_file(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "out.txt"
    a = await asyncio.to_thread(_get, web, "a", 150)
    b = await asyncio.to_thread(_get, web, "b", 50)
    await asyncio.to_thread(p.write_text, a + b)
    back = await asyncio.to_thread(p.read_text)
    p.write_text("direct")
    again = p.read_text()
    return [a, b, back, again]


async def r238_sqlite_blocking_in_async(web: str, tmp: str) -> list[Any]:
    conn = sqlite3.connect(str(Path(tmp) / "db.sqlite"))
    conn.execute("CREATE TABLE kv (k TEXT, v TEXT)")
    async with httpx.AsyncClient(base_url=web) as http:
        for k, ms in (("a", 150), ("b", 50)):
            v = await aget(http, k, ms)
            conn.execute("INSERT INTO kv VALUES (?, ?)", (k, v))
            n = conn.execute("SELECT COUNT(*) FROM kv").fetchone()[0]
            await aput(http, f"count-{k}", str(n))
    conn.commit()
    rows = conn.execute("SELECT k, v FROM kv ORDER BY rowid").fetchall()
    conn.close()
    return [list(r) for r in rows]


async def r238_sqlite_shared_conn_to_thread(web: str, tmp: str) -> list[Any]:
    conn = sqlite3.connect(str(Path(tmp) / "db.sqlite"), check_same_thread=False)
    conn.execute("CREATE TABLE log (v TEXT)")
    a = await asyncio.to_thread(_get, web, "a", 150)
    await asyncio.to_thread(conn.execute, "INSERT INTO log VALUES (?)", (a,))
    b = await asyncio.to_thread(_get, web, "b", 50)
    await asyncio.to_thread(lambda: conn.execute("INSERT INTO log VALUES (?)", (b,)))
    rows = await asyncio.to_thread(lambda: conn.execute("SELECT v FROM log").fetchall())
    conn.close()
    return [r[0] for r in rows]


async def r238_single_worker_executor_order(web: str) -> list[Any]:
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
        a = await loop.run_in_executor(ex, _get, web, "a", 150)
        await loop.run_in_executor(ex, _put, web, "seen", a)
        b = await loop.run_in_executor(ex, _get, web, "seen", 50)
        c = await loop.run_in_executor(ex, _get, web, "c", 100)
    return [a, b, c]


async def r238_run_in_executor_partials(web: str) -> list[Any]:
    loop = asyncio.get_running_loop()
    a = await loop.run_in_executor(None, functools.partial(_get, web, "a", ms=150))
    b = await loop.run_in_executor(None, functools.partial(_get, web, "b", ms=50))
    await loop.run_in_executor(None, functools.partial(_put, web, "ab", a + b))
    return [a, b, await loop.run_in_executor(None, _get, web, "ab", 50)]


async def r238_to_thread_printing_helper(web: str) -> list[Any]:
    print("begin")
    a = await asyncio.to_thread(_say_get, web, "a", 150)
    b = await asyncio.to_thread(_say_get, web, "b", 50)
    print("end")
    return [a, b]


SEEN: list[int] = []


def numbered_get(web: str, ms: int) -> str:
    n = len(SEEN)
    SEEN.append(n)
    return _get(web, f"n{n}", ms)


async def r238_to_thread_helper_counts_global(web: str) -> list[Any]:
    SEEN.clear()
    a = await asyncio.to_thread(numbered_get, web, 150)
    b = await asyncio.to_thread(numbered_get, web, 50)
    return [a, b, list(SEEN)]


async def r238_read_file_written_by_executor(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "note.txt"
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, p.write_text, "from-executor")
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "a", 100)
    text = p.read_text()
    with open(p, "a") as f:
        f.write("+" + a)
    return [text, p.read_text()]


async def r238_to_thread_raises_then_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            a = await asyncio.to_thread(_strict_get, web, "missing-a", 50)
        except requests.HTTPError as e:
            a = f"error {e.response.status_code}"
            await aput(http, "failures", "1")
        b = await aget(http, "failures", 150)
        return [a, b]


async def r238_time_sleep_spacing_in_async(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        v1 = await aput(http, "tick", "1")
        time.sleep(0.1)
        v2 = await aput(http, "tick", "2")
        time.sleep(0.1)
        v3 = await aget(http, "tick", 50)
        return [v1, v2, v3]


TENANT = contextvars.ContextVar("r238_tenant", default="anon")


def tenant_get(web: str, ms: int) -> str:
    return _get(web, f"t-{TENANT.get()}", ms)


async def r238_to_thread_contextvar_read(web: str) -> list[Any]:
    TENANT.set("acme")
    a = await asyncio.to_thread(tenant_get, web, 150)
    TENANT.set("globex")
    b = await asyncio.to_thread(tenant_get, web, 50)
    return [a, b, TENANT.get()]


def set_tenant_and_get(web: str, name: str) -> str:
    TENANT.set(name)
    return _get(web, f"t-{name}", 100)


async def r238_to_thread_sets_contextvar_in_thread(web: str) -> list[Any]:
    a = await asyncio.to_thread(set_tenant_and_get, web, "inner")
    after = TENANT.get()
    b = await asyncio.to_thread(tenant_get, web, 50)
    return [a, after, b]


async def r238_sync_openai_in_async(web: str, api: str) -> list[Any]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    try:
        async with httpx.AsyncClient(base_url=web) as http:
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": "blocking"}],
                extra_body={"latency": 0.15})
            got = (r.choices[0].message.content or "")[:10]
            await aput(http, "answer", got)
            b = await aget(http, "answer", 50)
            return [got == b, len(b) > 0]
    finally:
        client.close()


async def r238_model_call_blocking_in_async(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = str(models("sim/gpt", "blocking in async", latency=0.15))[:20]
        b = await aget(http, "b", 50)
        c = str(await models.acall("sim/gpt", "awaited", latency=0.1))[:20]
        await aput(http, "both", a + c)
        return [a, b, c]


# =========================================================================== C. async generators and context managers


@contextlib.asynccontextmanager
async def lease(http: httpx.AsyncClient, name: str) -> AsyncIterator[str]:
    token = await aget(http, f"lease-{name}", 100)
    await aput(http, f"lease-{name}", "held")
    try:
        yield token
    finally:
        await aput(http, f"lease-{name}", "free")


async def r238_acm_lease_then_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with lease(http, "L") as token:
            inside = await aget(http, "lease-L", 50)
            other = await aget(http, "o", 150)
        after = await aget(http, "lease-L", 50)
        return [token, inside, other, after]


class Session:
    def __init__(self, http: httpx.AsyncClient, name: str) -> None:
        self.http = http
        self.name = name

    async def __aenter__(self) -> Session:
        await aput(self.http, f"sess-{self.name}", "open")
        print("opened", self.name)
        return self

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        await aput(self.http, f"sess-{self.name}", "closed" if et is None else f"error {et.__name__}")
        print("closed", self.name)
        return et is httpx.HTTPStatusError


async def r238_acm_class_puts_on_exit(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with Session(http, "s1"):
            a = await aget(http, "sess-s1", 100)
            b = await aget(http, "b", 50)
        c = await aget(http, "sess-s1", 50)
        return [a, b, c]


async def r238_acm_exit_swallows_error(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = "unset"
        async with Session(http, "s2"):
            got = await astrict(http, "missing-s", 50)
            print("not reached")
        after = await aget(http, "sess-s2", 150)
        return [got, after]


async def pages(http: httpx.AsyncClient, first: str) -> AsyncIterator[str]:
    key = first
    try:
        for i in range(3):
            v = await aget(http, key, 120 - 40 * i)
            yield v
            key = f"{v}-next"
    finally:
        await aput(http, "pager", "done")


async def r238_agen_consumer_puts_each(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        async for v in pages(http, "p0"):
            await aput(http, f"{v}-next", v.upper())
            out.append(v)
        out.append(await aget(http, "pager", 50))
        return out


async def cursor_reader(http: httpx.AsyncClient) -> AsyncIterator[str]:
    for _ in range(3):
        yield await aget(http, "cursor", 80)


async def r238_agen_reads_what_consumer_wrote(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        seen = []
        n = 0
        async for c in cursor_reader(http):
            seen.append(c)
            n += 1
            await aput(http, "cursor", f"c{n}")
        return seen


async def r238_agen_explicit_aclose_then_get(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        gen = pages(http, "q0")
        first = await anext(gen)
        await gen.aclose()
        after = await aget(http, "pager", 50)
        return [first, after]


async def keyed(http: httpx.AsyncClient, prefix: str, ms: int) -> AsyncIterator[str]:
    for i in range(2):
        yield await aget(http, f"{prefix}{i}", ms)


async def r238_agen_two_stepped_in_turn(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        g1, g2 = keyed(http, "x", 150), keyed(http, "y", 50)
        out = []
        for _ in range(2):
            out.append(await anext(g1))
            out.append(await anext(g2))
            await aput(http, "progress", str(len(out)))
        return out


async def r238_exit_stack_put_callbacks(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(aput, http, "order", "first-registered")
            stack.push_async_callback(aput, http, "order", "second-registered")
            a = await aget(http, "a", 150)
            b = await aget(http, "b", 50)
        return [a, b, await aget(http, "order", 50)]


@contextlib.asynccontextmanager
async def headed_client(web: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=web) as http:
        tag = await aget(http, "tag", 100)
        http.headers["x-tag"] = tag
        yield http
        await aput(http, "closing", tag)


async def r238_acm_yields_client_configured_by_get(web: str) -> list[Any]:
    async with headed_client(web) as http:
        a = await aget(http, "a", 150)
        b = await aget(http, "closing", 50)
        tag = http.headers["x-tag"]
    return [a, b, tag, await afetch(web, "closing", 50)]


async def collect(gen: AsyncIterator[str]) -> list[str]:
    return [v async for v in gen]


async def r238_agen_collected_in_gather_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a, b = await asyncio.gather(collect(keyed(http, "m", 150)), collect(keyed(http, "n", 50)))
        await aput(http, "lists", str(a + b))
        return [a, b, await aget(http, "lists", 50)]


# =========================================================================== D. queues


async def r238_queue_producer_consumer(web: str) -> list[Any]:
    q: asyncio.Queue[tuple[str, str] | None] = asyncio.Queue()
    async with httpx.AsyncClient(base_url=web) as http:
        async def produce() -> None:
            for k, ms in (("qa", 150), ("qb", 50), ("qc", 100)):
                await q.put((k, await aget(http, k, ms)))
            await q.put(None)

        async def consume() -> list[str]:
            done = []
            while (item := await q.get()) is not None:
                await aput(http, f"out-{item[0]}", item[1])
                done.append(item[0])
            return done

        _, done = await asyncio.gather(produce(), consume())
        return [done, await aget(http, "out-qc", 50)]


async def r238_queue_maxsize_one(web: str) -> list[Any]:
    q: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
    log: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        async def produce() -> None:
            for k in ("m1", "m2", "m3"):
                await q.put(k)
                log.append(f"put {k}")

        task = asyncio.create_task(produce())
        for _ in range(3):
            k = await q.get()
            log.append(f"got {k}")
            await aput(http, "last", k)
        await task
        return [log, await aget(http, "last", 50)]


async def r238_queue_inline_filled_drained(web: str) -> list[Any]:
    q: asyncio.Queue[str] = asyncio.Queue()
    async with httpx.AsyncClient(base_url=web) as http:
        await q.put(await aget(http, "i1", 150))
        await q.put(await aget(http, "i2", 50))
        out = []
        while not q.empty():
            v = q.get_nowait()
            out.append(await aput(http, "drain", v))
        return [out, await aget(http, "drain", 50)]


async def r238_queue_join_workers(web: str) -> list[Any]:
    q: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    finished: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        async def worker() -> None:
            while True:
                k, ms = await q.get()
                try:
                    await aget(http, k, ms)
                    finished.append(k)
                finally:
                    q.task_done()

        for item in (("w1", 200), ("w2", 50)):
            q.put_nowait(item)
        workers = [asyncio.create_task(worker()) for _ in range(2)]
        await q.join()
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await aput(http, "finished", ",".join(finished))
        return finished


async def r238_priority_queue_puts(web: str) -> list[Any]:
    q: asyncio.PriorityQueue[tuple[int, str]] = asyncio.PriorityQueue()
    async with httpx.AsyncClient(base_url=web) as http:
        for k, ms in (("z", 150), ("a", 50), ("m", 100)):
            v = await aget(http, k, ms)
            await q.put((len(v) * 10 + ord(k[0]), v))
        order = []
        while not q.empty():
            _, v = await q.get()
            await aput(http, "prio", v)
            order.append(v)
        return order


async def r238_queue_consumer_raises(web: str) -> list[Any]:
    q: asyncio.Queue[str] = asyncio.Queue()
    async with httpx.AsyncClient(base_url=web) as http:
        async def consume() -> None:
            while True:
                k = await q.get()
                await astrict(http, k, 50)
                await aput(http, "consumed", k)

        task = asyncio.create_task(consume())
        for k in ("ok1", "missing-2", "ok3"):
            await q.put(k)
        try:
            await task
        except httpx.HTTPStatusError as e:
            await aput(http, "consumer", f"failed {e.response.status_code}")
        return [q.qsize(), await aget(http, "consumed", 100)]


# =========================================================================== E. events and conditions


async def r238_event_set_after_put(web: str) -> list[Any]:
    ready = asyncio.Event()
    async with httpx.AsyncClient(base_url=web) as http:
        async def writer() -> None:
            await aput(http, "cfg", "v2", 100)
            ready.set()

        t = asyncio.create_task(writer())
        a = await aget(http, "unrelated", 50)
        await ready.wait()
        b = await aget(http, "cfg", 50)
        await t
        return [a, b]


async def r238_event_waiters_read_on_signal(web: str) -> list[Any]:
    go = asyncio.Event()
    async with httpx.AsyncClient(base_url=web) as http:
        async def waiter(ms: int) -> str:
            await go.wait()
            return await aget(http, "signal", ms)

        tasks = [asyncio.create_task(waiter(150)), asyncio.create_task(waiter(50))]
        await aput(http, "signal", "fired")
        go.set()
        return list(await asyncio.gather(*tasks))


async def r238_condition_notify_after_put(web: str) -> list[Any]:
    cond = asyncio.Condition()
    state = {"ready": False}
    async with httpx.AsyncClient(base_url=web) as http:
        async def consumer() -> str:
            async with cond:
                await cond.wait_for(lambda: state["ready"])
            return await aget(http, "shared", 50)

        t = asyncio.create_task(consumer())
        await aput(http, "shared", "published")
        async with cond:
            state["ready"] = True
            cond.notify_all()
        got = await t
        return [got, await aget(http, "other", 100)]


async def r238_condition_two_rounds(web: str) -> list[Any]:
    cond = asyncio.Condition()
    box: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        async def producer() -> None:
            for k, ms in (("r1", 150), ("r2", 50)):
                v = await aget(http, k, ms)
                async with cond:
                    box.append(v)
                    cond.notify()

        t = asyncio.create_task(producer())
        got = []
        for _ in range(2):
            async with cond:
                await cond.wait_for(lambda: len(box) > len(got))
                got.append(box[len(got)])
            await aput(http, "round", got[-1])
        await t
        return got


async def r238_event_already_set(web: str) -> list[Any]:
    ev = asyncio.Event()
    ev.set()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "a", 150)
        await ev.wait()
        await aput(http, "a", a + "-x")
        ev.clear()
        b = await aget(http, "a", 50)
        return [a, b, ev.is_set()]


async def r238_event_wait_times_out_then_put(web: str) -> list[Any]:
    ev = asyncio.Event()
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            await asyncio.wait_for(ev.wait(), 0.08)
            state = "set"
        except TimeoutError:
            state = "timeout"
            await aput(http, "ev", state)
        return [state, await aget(http, "ev", 50)]


# =========================================================================== F. completion order


async def r238_as_completed_puts_in_order(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        order = []
        for fut in asyncio.as_completed([aget(http, "c1", 200), aget(http, "c2", 50),
                                         aget(http, "c3", 120)]):
            v = await fut
            order.append(v)
            await aput(http, "done", v, 10)
        return [order, await aget(http, "done", 50)]


async def r238_as_completed_prints_and_logs(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        for fut in asyncio.as_completed([aget(http, "p1", 200), aget(http, "p2", 50)]):
            v = await fut
            print("finished", v)
            LOG.info("finished %s", v)
        return [await aget(http, "after", 50)]


async def slow_with_cleanup(http: httpx.AsyncClient, key: str, ms: int) -> str:
    try:
        return await aget(http, key, ms)
    except asyncio.CancelledError:
        await aput(http, "cleanup", key)
        raise


async def r238_wait_first_completed_cancels_with_cleanup(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        fast = asyncio.create_task(slow_with_cleanup(http, "fast", 50))
        slow = asyncio.create_task(slow_with_cleanup(http, "slow", 200))
        done, pending = await asyncio.wait({fast, slow}, return_when=asyncio.FIRST_COMPLETED)
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        winner = [t.result() for t in done]
        return [winner, await aget(http, "cleanup", 50)]


async def r238_wait_first_exception(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        bad = asyncio.create_task(astrict(http, "missing-w", 50))
        good = asyncio.create_task(aget(http, "good", 200))
        done, pending = await asyncio.wait({bad, good}, return_when=asyncio.FIRST_EXCEPTION)
        errs = [type(t.exception()).__name__ for t in done if t.exception()]
        await aput(http, "errs", ",".join(errs))
        rest = [await t for t in pending]
        return [errs, rest]


async def r238_wait_timeout_leaves_pending(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        t1 = asyncio.create_task(aget(http, "quick", 50))
        t2 = asyncio.create_task(aget(http, "long", 200))
        done, pending = await asyncio.wait({t1, t2}, timeout=0.12)
        await aput(http, "partial", str(len(done)))
        late = [await t for t in pending]
        return [len(done), late, await aget(http, "partial", 50)]


async def r238_as_completed_break_early(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        tasks = [asyncio.create_task(aget(http, k, ms)) for k, ms in (("e1", 200), ("e2", 50))]
        first = None
        for fut in asyncio.as_completed(tasks):
            first = await fut
            break
        await aput(http, "first", first or "")
        for t in tasks:
            t.cancel()
        res = await asyncio.gather(*tasks, return_exceptions=True)
        return [first, [r if isinstance(r, str) else type(r).__name__ for r in res]]


async def r238_wait_loop_until_all_done(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        pending = {asyncio.create_task(aget(http, k, ms), name=k)
                   for k, ms in (("l1", 200), ("l2", 50), ("l3", 120))}
        order = []
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for t in sorted(done, key=lambda t: t.get_name()):
                order.append(t.result())
                await aput(http, "step", t.result(), 10)
        return order


# =========================================================================== G. tasks awaited later


async def r238_task_awaited_after_gets(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        task = asyncio.create_task(aput(http, "bg", "written", 100))
        a = await aget(http, "a", 150)
        v = await task
        b = await aget(http, "bg", 50)
        return [a, v, b]


async def r238_coroutine_object_awaited_after_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        later = aget(http, "k", 50)
        await aput(http, "k", "fresh")
        v = await later
        return [v, await aget(http, "z", 100)]


async def r238_task_exception_retrieved_late(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        doomed = asyncio.create_task(astrict(http, "missing-t", 50))
        a = await aget(http, "a", 150)
        await aput(http, "a-copy", a)
        try:
            await doomed
            r = "ok"
        except httpx.HTTPStatusError as e:
            r = f"late {e.response.status_code}"
        return [a, r]


async def r238_task_done_callback_appends(web: str) -> list[Any]:
    seen: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        t1 = asyncio.create_task(aget(http, "d1", 150))
        t2 = asyncio.create_task(aget(http, "d2", 50))
        t1.add_done_callback(lambda t: seen.append("d1"))
        t2.add_done_callback(lambda t: seen.append("d2"))
        b = await t2
        a = await t1
        await aput(http, "seen", ",".join(seen))
        return [a, b, seen]


async def r238_tasks_awaited_in_reverse_put_each(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        tasks = [asyncio.create_task(aget(http, k, ms))
                 for k, ms in (("v1", 150), ("v2", 50), ("v3", 100))]
        out = []
        for t in reversed(tasks):
            v = await t
            await aput(http, "rev", v, 10)
            out.append(v)
        return out


async def r238_task_reads_list_main_appends(web: str) -> list[Any]:
    keys = ["k0"]
    async with httpx.AsyncClient(base_url=web) as http:
        async def reader() -> list[str]:
            await asyncio.sleep(0.1)
            return [await aget(http, k, 30) for k in list(keys)]

        t = asyncio.create_task(reader())
        keys.append(await aget(http, "k1", 50))
        got = await t
        return [keys, got]


# =========================================================================== H. context variables


REQ = contextvars.ContextVar("r238_req", default="-")


async def logged_get(http: httpx.AsyncClient, key: str, ms: int) -> str:
    v = await aget(http, key, ms)
    LOG.info("req=%s key=%s", REQ.get(), key)
    return v


async def r238_ctxvar_request_id_in_logs(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        REQ.set("r1")
        a = await logged_get(http, "a", 150)
        REQ.set("r2")
        b = await logged_get(http, "b", 50)
        return [a, b]


async def r238_ctxvar_set_in_task_not_seen(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async def handler() -> str:
            REQ.set("in-task")
            return await aget(http, f"h-{REQ.get()}", 100)

        a = await asyncio.create_task(handler())
        b = await aget(http, f"m-{REQ.get()}", 50)
        return [a, b]


async def set_req_from_server(http: httpx.AsyncClient) -> str:
    v = await aget(http, "reqid", 100)
    REQ.set(v)
    return v


async def r238_ctxvar_set_by_awaited_helper(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        REQ.set("before")
        got = await set_req_from_server(http)
        b = await aget(http, f"for-{REQ.get()}", 50)
        return [got, b]


async def tenant_fetch(http: httpx.AsyncClient, ms: int) -> str:
    return await aget(http, f"tenant-{TENANT.get()}", ms)


async def r238_ctxvar_token_reset_between(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        tok = TENANT.set("one")
        a = await tenant_fetch(http, 150)
        TENANT.reset(tok)
        b = await tenant_fetch(http, 50)
        return [a, b]


async def r238_ctxvar_copy_context_run(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        ctx = contextvars.copy_context()
        ctx.run(TENANT.set, "copied")
        a = await tenant_fetch(http, 150)
        task = asyncio.get_running_loop().create_task(tenant_fetch(http, 50), context=ctx)
        b = await task
        return [a, b, ctx[TENANT]]


async def r238_ctxvar_per_task_tenants(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async def as_tenant(name: str, ms: int) -> str:
            TENANT.set(name)
            v = await tenant_fetch(http, ms)
            await aput(http, f"seen-{name}", v)
            return v

        res = await asyncio.gather(as_tenant("t1", 150), as_tenant("t2", 50))
        return [list(res), TENANT.get()]


# =========================================================================== I. shared clients between tasks


async def r238_shared_client_hooks_count(web: str) -> list[Any]:
    seen: list[str] = []

    async def on_request(req: httpx.Request) -> None:
        seen.append(req.method + " " + req.url.path)

    async with httpx.AsyncClient(base_url=web, event_hooks={"request": [on_request]}) as http:
        a = await aget(http, "h1", 150)
        b = await aget(http, "h2", 50)
        await aput(http, "count", str(len(seen)))
        return [a, b, list(seen)]


async def r238_shared_client_header_changed_between(web: str) -> list[Any]:
    seen: list[str] = []

    async def on_request(req: httpx.Request) -> None:
        seen.append(req.headers.get("x-user", "?"))

    async with httpx.AsyncClient(base_url=web, event_hooks={"request": [on_request]}) as http:
        http.headers["x-user"] = "alice"
        a = await aget(http, "u1", 150)
        http.headers["x-user"] = "bob"
        b = await aget(http, "u2", 50)
        return [a, b, seen]


async def r238_shared_client_closed_by_task(web: str) -> list[Any]:
    http = httpx.AsyncClient(base_url=web)
    a = await aget(http, "a", 100)

    async def closer() -> None:
        await http.aclose()

    await asyncio.create_task(closer())
    try:
        b = await aget(http, "b", 50)
    except RuntimeError as e:
        b = f"closed: {str(e)[:40]}"
    return [a, b]


async def r238_async_openai_shared_tasks_then_put(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, \
            httpx.AsyncClient(base_url=web) as http:
        async def ask(q: str, lat: float) -> str:
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": q}],
                extra_body={"latency": lat})
            return (r.choices[0].message.content or "")[:12]

        t1 = asyncio.create_task(ask("one", 0.15))
        t2 = asyncio.create_task(ask("two", 0.05))
        b = await t2
        await aput(http, "second", b)
        a = await t1
        await aput(http, "first", a)
        return [len(a) > 0, len(b) > 0]


async def r238_async_openai_then_httpx_sequential(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, \
            httpx.AsyncClient(base_url=web) as http:
        doc = await aget(http, "doc", 150)
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"summarise {doc}"}],
            extra_body={"latency": 0.05})
        summary = (r.choices[0].message.content or "")[:12]
        other = await aget(http, "other", 100)
        await aput(http, "summary", summary)
        return [doc, len(summary) > 0, other]


async def r238_async_openai_with_options_between(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        r1 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "a"}], extra_body={"latency": 0.15})
        fast = client.with_options(timeout=5.0)
        r2 = await fast.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "b"}], extra_body={"latency": 0.05})
        try:
            await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": "c"}], temperature=9)
            third = "ok"
        except openai.BadRequestError as e:
            third = f"bad {e.status_code}"
        return [len(r1.choices), len(r2.choices), third]


# =========================================================================== J. nested jit, sync jit from a loop


async def _inner_pair_impl(http: httpx.AsyncClient, k1: str, k2: str) -> list[str]:
    a = await aget(http, k1, 150)
    b = await aget(http, k2, 50)
    return [a, b]


async def _inner_put_impl(http: httpx.AsyncClient, key: str, value: str) -> str:
    await aput(http, key, value)
    return await aget(http, key, 50)


async def _inner_fail_impl(http: httpx.AsyncClient, key: str) -> str:
    a = await aget(http, "pre", 100)
    return a + await astrict(http, key, 50)


inner_pair = _inner_pair_impl
inner_put = _inner_put_impl
inner_fail = _inner_fail_impl


def _d_nested(f: Any, env: Env) -> Any:
    global inner_pair, inner_put, inner_fail
    on = _is_jitted(f)
    inner_pair = xcs.jit(_inner_pair_impl) if on else _inner_pair_impl
    inner_put = xcs.jit(_inner_put_impl) if on else _inner_put_impl
    inner_fail = xcs.jit(_inner_fail_impl) if on else _inner_fail_impl
    try:
        return _d(f, env)
    finally:
        inner_pair, inner_put, inner_fail = _inner_pair_impl, _inner_put_impl, _inner_fail_impl


async def r238_nested_jit_inner_twice(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        first = await inner_pair(http, "a", "b")
        second = await inner_pair(http, "c", "d")
        return [first, second]


async def r238_nested_jit_inner_puts_then_outer_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "src", 150)
        echoed = await inner_put(http, "dst", a + "!")
        b = await aget(http, "dst", 50)
        return [a, echoed, b]


async def r238_nested_jit_inner_raises(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        x = await aget(http, "x", 150)
        try:
            y = await inner_fail(http, "missing-n")
        except httpx.HTTPStatusError as e:
            y = f"inner failed {e.response.status_code}"
            await aput(http, "nested-error", y)
        return [x, y]


async def r238_nested_jit_inner_gathered(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        r1, r2 = await asyncio.gather(inner_pair(http, "g1", "g2"), inner_pair(http, "g3", "g4"))
        await aput(http, "gathered", str(r1 + r2))
        return [r1, r2]


def r238_sync_gets_and_put(web: str) -> list[Any]:
    a = _get(web, "a", 150)
    b = _get(web, "b", 50)
    _put(web, "ab", a + b)
    return [a, b, _get(web, "ab", 50)]


def r238_sync_say_gets(web: str) -> list[Any]:
    a = _say_get(web, "a", 150)
    b = _say_get(web, "b", 50)
    return [a, b]


def r238_sync_model_calls(web: str) -> list[Any]:
    a = str(models("sim/gpt", "first from thread", latency=0.15))[:20]
    b = str(models("sim/gpt", "second from thread", latency=0.05))[:20]
    _put(web, "models", a + b)
    return [a, b]


def r238_sync_uses_asyncio_run_inside(web: str) -> list[Any]:
    a = _get(web, "a", 150)
    b = asyncio.run(afetch(web, "b", 50))
    return [a, b]


def _d_to_thread(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await asyncio.to_thread(f, env.web)
        except Exception as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


def _d_in_loop_thread(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return f(env.web)
        except Exception as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


def _d_executor_beside_task(f: Any, env: Env) -> Any:
    async def main() -> Any:
        loop = asyncio.get_running_loop()
        async with httpx.AsyncClient(base_url=env.web) as http:
            # The loop's own read is done long before the thread's first request ends.
            side = await aget(http, "side", 20)
            fut = loop.run_in_executor(None, f, env.web)
            res = await fut
            await aput(http, "after-thread", str(res))
            return [side, res]
    return asyncio.run(main())


def _d_to_thread_twice(f: Any, env: Env) -> Any:
    async def main() -> Any:
        t1 = asyncio.create_task(asyncio.to_thread(f, env.web))
        r1 = await t1
        r2 = await asyncio.to_thread(f, env.web)
        return [r1, r2]
    return asyncio.run(main())


def r238_sync_counter_per_call(web: str) -> list[Any]:
    n = int(_get(web, "counter", 100).removeprefix("v-counter").strip() or "0")
    _put(web, "counter", str(n + 1))
    return [n, _get(web, "counter", 50)]


# =========================================================================== K. shielded and cancelled tasks


async def r238_shield_put_survives_wait_for(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        save = asyncio.ensure_future(aput(http, "saved", "yes", 150))
        try:
            await asyncio.wait_for(asyncio.shield(save), 0.05)
            state = "in time"
        except TimeoutError:
            state = "timed out"
        v = await save
        return [state, v, await aget(http, "saved", 50)]


async def cancellable_job(http: httpx.AsyncClient, key: str) -> str:
    try:
        return await aget(http, key, 200)
    finally:
        await asyncio.shield(aput(http, f"cleanup-{key}", "ran"))


async def r238_cancel_task_finally_shielded_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        t = asyncio.create_task(cancellable_job(http, "job"))
        a = await aget(http, "a", 50)
        t.cancel()
        try:
            await t
            r = "finished"
        except asyncio.CancelledError:
            r = "cancelled"
        return [a, r, await aget(http, "cleanup-job", 50)]


async def r238_taskgroup_sibling_fails_cleanup(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(cancellable_job(http, "tg-slow"))
                tg.create_task(astrict(http, "missing-tg", 50))
            r = "all ok"
        except* httpx.HTTPStatusError as eg:
            r = f"group {len(eg.exceptions)}"
        return [r, await aget(http, "cleanup-tg-slow", 50)]


async def r238_timeout_cleanup_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.08):
                await aget(http, "slowpoke", 200)
            r = "fast"
        except TimeoutError:
            r = "timeout"
            await aput(http, "timeouts", "1")
        b = await aget(http, "timeouts", 50)
        return [r, b]


async def r238_timeout_around_to_thread(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.08):
                v = await asyncio.to_thread(_get, web, "thready", 200)
        except TimeoutError:
            v = "gave up"
            await aput(http, "gave-up", v)
        await asyncio.sleep(0.15)
        return [v, await aget(http, "gave-up", 50)]


async def r238_cancel_swallowed_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async def stubborn() -> str:
            try:
                return await aget(http, "stub", 200)
            except asyncio.CancelledError:
                await aput(http, "stubborn", "ignored cancel")
                return "swallowed"

        t = asyncio.create_task(stubborn())
        await asyncio.sleep(0.05)
        t.cancel()
        r = await t
        return [r, t.cancelled(), await aget(http, "stubborn", 50)]


async def r238_shielded_inner_outer_cancelled(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        inner = asyncio.ensure_future(aput(http, "shielded", "done", 150))

        async def outer() -> None:
            await asyncio.shield(inner)

        t = asyncio.create_task(outer())
        await asyncio.sleep(0.05)
        t.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await t
        v = await inner
        return [v, await aget(http, "shielded", 50)]


# =========================================================================== more mixed shapes


async def r238_sync_helper_calls_run_from_async_refused(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "a", 150)
        try:
            b = loop_get(web, "b", 50)
        except RuntimeError as e:
            b = f"refused: {str(e)[:30]}"
        await aput(http, "b-state", b)
        return [a, b]


async def r238_gather_of_to_threads_put_after(web: str) -> list[Any]:
    a, b, c = await asyncio.gather(asyncio.to_thread(_get, web, "ga", 150),
                                   asyncio.to_thread(_get, web, "gb", 50),
                                   asyncio.to_thread(_get, web, "gc", 100))
    await asyncio.to_thread(_put, web, "g", a + b + c)
    return [a, b, c, await asyncio.to_thread(_get, web, "g", 50)]


async def r238_to_thread_lambda_reads_dict_changed(web: str) -> list[Any]:
    cfg = {"key": "first"}
    a = await asyncio.to_thread(lambda: _get(web, cfg["key"], 150))
    cfg["key"] = a
    b = await asyncio.to_thread(lambda: _get(web, cfg["key"], 50))
    return [a, b]


class Repo:
    def __init__(self, web: str) -> None:
        self.web = web
        self.calls: list[str] = []

    def load(self, key: str, ms: int) -> str:
        self.calls.append(key)
        return _get(self.web, key, ms)

    async def aload(self, key: str, ms: int) -> str:
        return await asyncio.to_thread(self.load, key, ms)


async def r238_method_to_thread_records_calls(web: str) -> list[Any]:
    repo = Repo(web)
    a = await repo.aload("r1", 150)
    b = await repo.aload("r2", 50)
    return [a, b, repo.calls]


async def r238_await_in_fstring_and_blocking_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        line = f"{await aget(http, 'f1', 150)}/{await aget(http, 'f2', 50)}"
        _put(web, "line", line)
        return [line, await aget(http, "line", 50)]


async def r238_loop_call_soon_put_flag(web: str) -> list[Any]:
    flags = {"key": "before"}
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=web) as http:
        loop.call_soon(flags.__setitem__, "key", "after")
        a = await aget(http, "x", 100)
        b = await aget(http, flags["key"], 50)
        return [a, b]


async def r238_sleep_zero_lets_task_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        box: list[str] = []

        async def bg() -> None:
            box.append("ran")

        t = asyncio.create_task(bg())
        await asyncio.sleep(0)
        key = box[0] if box else "none"
        v = await aget(http, key, 100)
        await t
        return [key, v]


async def r238_to_thread_file_append_between_gets(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "journal.txt"

    def append(line: str) -> None:
        with open(p, "a") as f:
            f.write(line + "\n")

    async with httpx.AsyncClient(base_url=web) as http:
        for k, ms in (("j1", 150), ("j2", 50), ("j3", 100)):
            v = await aget(http, k, ms)
            await asyncio.to_thread(append, v)
        return p.read_text().splitlines()


async def r238_async_reads_file_then_get_named(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "keys.txt"
    p.write_text("alpha\n")
    async with httpx.AsyncClient(base_url=web) as http:
        first = await aget(http, p.read_text().strip(), 150)
        p.write_text(first + "\n")
        second = await aget(http, p.read_text().strip(), 50)
        return [first, second]


def r238_sync_runs_coroutine_with_tasks(web: str) -> list[Any]:
    async def main() -> list[str]:
        async with httpx.AsyncClient(base_url=web) as http:
            t = asyncio.create_task(aget(http, "t1", 150))
            b = await aget(http, "t2", 50)
            return [await t, b]

    first = asyncio.run(main())
    _put(web, "task-results", ",".join(first))
    second = _get(web, "task-results", 50)
    return [first, second]


def r238_sync_new_loop_run_until_complete(web: str) -> list[Any]:
    loop = asyncio.new_event_loop()
    try:
        a = loop.run_until_complete(afetch(web, "a", 150))
        _put(web, "a", "rewritten")
        b = loop.run_until_complete(afetch(web, "a", 50))
    finally:
        loop.close()
    return [a, b]


def r238_sync_run_coroutine_threadsafe_background(web: str) -> list[Any]:
    import threading

    loop = asyncio.new_event_loop()
    th = threading.Thread(target=loop.run_forever, daemon=True)
    th.start()
    try:
        a = asyncio.run_coroutine_threadsafe(afetch(web, "bg-a", 150), loop).result(5)
        _put(web, "bg-a", a + "*")
        b = asyncio.run_coroutine_threadsafe(afetch(web, "bg-a", 50), loop).result(5)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        th.join(5)
        loop.close()
    return [a, b]


async def r238_two_jitted_syncs_in_to_thread_order(web: str) -> list[Any]:
    a = await asyncio.to_thread(r238_sync_gets_and_put, web)
    b = await asyncio.to_thread(_get, web, "ab", 50)
    return [a, b]


# =========================================================================== sharper shapes


async def cached_aget(http: httpx.AsyncClient, cache: dict[str, str], key: str, ms: int) -> str:
    if key in cache:
        return cache[key]
    v = await aget(http, key, ms)
    cache[key] = v
    return v


async def r238_async_cache_helper_second_hit(web: str) -> list[Any]:
    cache: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=web) as http:
        a = await cached_aget(http, cache, "hot", 150)
        b = await cached_aget(http, cache, "hot", 50)
        c = await cached_aget(http, cache, "cold", 100)
        return [a, b, c, sorted(cache)]


async def numbered_aget(http: httpx.AsyncClient, log: list[int], ms: int) -> str:
    n = len(log)
    log.append(n)
    return await aget(http, f"an{n}", ms)


async def r238_async_numbered_helper(web: str) -> list[Any]:
    log: list[int] = []
    async with httpx.AsyncClient(base_url=web) as http:
        a = await numbered_aget(http, log, 150)
        b = await numbered_aget(http, log, 50)
        return [a, b, log]


async def tail_append_aget(http: httpx.AsyncClient, seen: list[str], key: str, ms: int) -> str:
    v = await aget(http, key, ms)
    seen.append(key)
    return v + f"#{len(seen)}"


async def r238_async_helper_appends_after_await(web: str) -> list[Any]:
    seen: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        a = await tail_append_aget(http, seen, "ta", 150)
        b = await tail_append_aget(http, seen, "tb", 50)
        return [a, b, seen]


async def _inner_said_impl(http: httpx.AsyncClient, key: str, ms: int) -> str:
    print("inner start", key)
    v = await aget(http, key, ms)
    print("inner end", key)
    LOG.info("inner %s", key)
    return v


async def _inner_note_impl(http: httpx.AsyncClient, notes: list[str], key: str, ms: int) -> str:
    v = await aget(http, key, ms)
    notes.append(key)
    return f"{v}@{len(notes)}"


inner_said = _inner_said_impl
inner_note = _inner_note_impl


def _d_nested2(f: Any, env: Env) -> Any:
    global inner_said, inner_note
    on = _is_jitted(f)
    inner_said = xcs.jit(_inner_said_impl) if on else _inner_said_impl
    inner_note = xcs.jit(_inner_note_impl) if on else _inner_note_impl
    try:
        return _d(f, env)
    finally:
        inner_said, inner_note = _inner_said_impl, _inner_note_impl


async def r238_nested_jit_inner_prints_logs(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await inner_said(http, "na", 150)
        b = await inner_said(http, "nb", 50)
        print("outer done")
        return [a, b]


async def r238_nested_jit_inner_appends_shared_list(web: str) -> list[Any]:
    notes: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        a = await inner_note(http, notes, "s1", 150)
        b = await inner_note(http, notes, "s2", 50)
        return [a, b, notes]


def r238_sync_keyed(web: str, key: str, ms: int) -> list[Any]:
    v = _get(web, key, ms)
    _put(web, f"{key}-done", v)
    return [v, _get(web, f"{key}-done", 50)]


def _d_to_thread_concurrent(f: Any, env: Env) -> Any:
    async def main() -> Any:
        r = await asyncio.gather(asyncio.to_thread(f, env.web, "c1", 200),
                                 asyncio.to_thread(f, env.web, "c2", 50),
                                 return_exceptions=True)
        return [x if isinstance(x, list) else chain(x) for x in r]
    return asyncio.run(main())


async def r238_async_keyed(web: str, key: str, ms: int) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        v = await aget(http, key, ms)
        await aput(http, f"{key}-done", v)
        return [v, await aget(http, f"{key}-done", 50)]


def _d_gather_twice(f: Any, env: Env) -> Any:
    async def main() -> Any:
        return list(await asyncio.gather(f(env.web, "g1", 200), f(env.web, "g2", 50)))
    return asyncio.run(main())


def _d_two_loops_two_threads(f: Any, env: Env) -> Any:
    import threading

    out: dict[str, Any] = {}

    def run(key: str, ms: int) -> None:
        out[key] = asyncio.run(f(env.web, key, ms))

    ts = [threading.Thread(target=run, args=("h1", 200)),
          threading.Thread(target=run, args=("h2", 50))]
    for t in ts:
        t.start()
    for t in ts:
        t.join(5)
    return [out.get("h1"), out.get("h2")]


def mode_get(web: str) -> str:
    try:
        asyncio.get_running_loop()
        mode = "in-loop"
    except RuntimeError:
        mode = "no-loop"
    return _get(web, f"mode-{mode}", 50)


def r238_sync_mode_sniffing_helper(web: str) -> list[Any]:
    a = _get(web, "a", 150)
    b = mode_get(web)
    return [a, b]


# =========================================================================== the cases


def _s(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "http", drive: Any = _d, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


def _api(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_api, servers="web api", ideal=ideal, **kw)


def _sapi(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web, env.api), servers="web api", ideal=ideal,
                **kw)


ALL += [
    # A. sync code calling asyncio.run
    _s(r238_run_between_gets, 350 / 250),
    _s(r238_run_coroutine_made_before_put, 1.0),
    _s(r238_run_nested_def_closes_over_dict, 1.0),
    _s(r238_run_reads_list_grown_by_gets, 1.0),
    _s(r238_runner_reused_between_requests, 1.0),
    _s(r238_module_runner_helper_twice, 1.0),
    _s(r238_module_loop_helper_twice, 1.0),
    _s(r238_module_loop_helper_in_comprehension, 1.0),
    Case("helpers", r238_get_event_loop_helper_twice, drive=_d_with_current_loop, servers="web"),
    _s(r238_run_per_item_comprehension_prints, 1.0),
    _s(r238_run_helper_logs_twice, 1.0),
    _s(r238_run_helper_reads_overlap, over(0.15, 0.05, 0.1), overlap=0),
    _s(r238_run_raises_then_put, 1.0, cat="validation"),
    _s(r238_run_gather_put_run, 1.0),
    _s(r238_shared_async_client_two_runs, 1.0, cat="clients"),
    _sapi(r238_async_openai_two_runs, 1.0, cat="clients"),
    _s(r238_run_sets_contextvar_not_leaked, 1.0, cat="state"),
    _s(r238_run_model_calls_mixed, 1.0, cat="sdk"),
    _s(r238_run_coroutine_prints_between_sync_prints, 1.0),
    _s(r238_sync_runs_coroutine_with_tasks, 1.0),
    _s(r238_sync_new_loop_run_until_complete, 1.0),
    _s(r238_sync_run_coroutine_threadsafe_background, 1.0, cat="threads"),
    # B. async code calling blocking helpers
    _a(r238_blocking_requests_between_awaits, 300 / 250),
    _a(r238_to_thread_get_put_same_key, 1.0, cat="threads"),
    _a(r238_to_thread_reads_then_file, 200 / 150, cat="files", drive=_d_tmp),
    _a(r238_sqlite_blocking_in_async, 1.0, cat="db", drive=_d_tmp),
    _a(r238_sqlite_shared_conn_to_thread, 1.0, cat="db", drive=_d_tmp),
    _a(r238_single_worker_executor_order, 1.0, cat="threads"),
    _a(r238_run_in_executor_partials, 300 / 250, cat="threads"),
    _a(r238_to_thread_printing_helper, over(0.15, 0.05), cat="threads"),
    _a(r238_to_thread_helper_counts_global, 1.0, cat="state"),
    _a(r238_read_file_written_by_executor, 1.0, cat="files", drive=_d_tmp),
    _a(r238_to_thread_raises_then_await, 1.0, cat="validation"),
    _a(r238_time_sleep_spacing_in_async, 1.0, cat="sleep", spacing=0.1),
    _a(r238_to_thread_contextvar_read, 1.0, cat="state"),
    _a(r238_to_thread_sets_contextvar_in_thread, 1.0, cat="state"),
    _api(r238_sync_openai_in_async, 1.0),
    _a(r238_model_call_blocking_in_async, 1.0, cat="sdk"),
    # C. async generators and context managers
    _a(r238_acm_lease_then_reads, 450 / 300),
    _a(r238_acm_class_puts_on_exit, 1.0),
    _a(r238_acm_exit_swallows_error, 1.0, cat="validation"),
    _a(r238_agen_consumer_puts_each, 1.0),
    _a(r238_agen_reads_what_consumer_wrote, 1.0),
    _a(r238_agen_explicit_aclose_then_get, 1.0),
    _a(r238_agen_two_stepped_in_turn, 1.0),
    _a(r238_exit_stack_put_callbacks, 1.0),
    _a(r238_acm_yields_client_configured_by_get, 1.0, cat="clients"),
    _a(r238_agen_collected_in_gather_then_put, 1.0),
    # D. queues
    _a(r238_queue_producer_consumer, 1.0, cat="fanout"),
    _a(r238_queue_maxsize_one, 1.0, cat="fanout"),
    _a(r238_queue_inline_filled_drained, 1.0, cat="fanout"),
    _a(r238_queue_join_workers, 1.0, cat="fanout"),
    _a(r238_priority_queue_puts, 1.0, cat="fanout"),
    _a(r238_queue_consumer_raises, 1.0, cat="validation"),
    # E. events and conditions
    _a(r238_event_set_after_put, 1.0, cat="threads"),
    _a(r238_event_waiters_read_on_signal, 1.0, cat="threads"),
    _a(r238_condition_notify_after_put, 1.0, cat="threads"),
    _a(r238_condition_two_rounds, 1.0, cat="threads"),
    _a(r238_event_already_set, 1.0, cat="threads"),
    _a(r238_event_wait_times_out_then_put, 1.0, cat="sleep"),
    # F. completion order
    _a(r238_as_completed_puts_in_order, 1.0, cat="fanout"),
    _a(r238_as_completed_prints_and_logs, 1.0, cat="fanout"),
    _a(r238_wait_first_completed_cancels_with_cleanup, 1.0, cat="fanout"),
    _a(r238_wait_first_exception, 1.0, cat="validation"),
    _a(r238_wait_timeout_leaves_pending, 1.0, cat="fanout"),
    _a(r238_as_completed_break_early, 1.0, cat="fanout"),
    _a(r238_wait_loop_until_all_done, 1.0, cat="fanout"),
    # G. tasks awaited later
    _a(r238_task_awaited_after_gets, 1.0),
    _a(r238_coroutine_object_awaited_after_put, 1.0),
    _a(r238_task_exception_retrieved_late, 1.0, cat="validation"),
    _a(r238_task_done_callback_appends, 1.0, cat="state"),
    _a(r238_tasks_awaited_in_reverse_put_each, 1.0),
    _a(r238_task_reads_list_main_appends, 1.0, cat="state"),
    # H. context variables
    _a(r238_ctxvar_request_id_in_logs, over(0.15, 0.05), cat="state"),
    _a(r238_ctxvar_set_in_task_not_seen, 1.0, cat="state"),
    _a(r238_ctxvar_set_by_awaited_helper, 1.0, cat="state"),
    _a(r238_ctxvar_token_reset_between, over(0.15, 0.05), cat="state"),
    _a(r238_ctxvar_copy_context_run, 1.0, cat="state"),
    _a(r238_ctxvar_per_task_tenants, 1.0, cat="state"),
    # I. shared clients
    _a(r238_shared_client_hooks_count, 1.0, cat="clients"),
    _a(r238_shared_client_header_changed_between, over(0.15, 0.05), cat="clients"),
    _a(r238_shared_client_closed_by_task, 1.0, cat="clients"),
    _api(r238_async_openai_shared_tasks_then_put, 1.0),
    _api(r238_async_openai_then_httpx_sequential, 350 / 250),
    _api(r238_async_openai_with_options_between, 1.0),
    # J. nested jit, sync jit from a loop
    _a(r238_nested_jit_inner_twice, 400 / 150, cat="where", drive=_d_nested),
    _a(r238_nested_jit_inner_puts_then_outer_reads, 1.0, cat="where", drive=_d_nested),
    _a(r238_nested_jit_inner_raises, 1.0, cat="where", drive=_d_nested),
    _a(r238_nested_jit_inner_gathered, 1.0, cat="where", drive=_d_nested),
    Case("where", r238_sync_gets_and_put, drive=_d_to_thread, servers="web",
         ideal=250 / 200, overlap=2),
    Case("where", r238_sync_say_gets, drive=_d_in_loop_thread, servers="web",
         ideal=over(0.15, 0.05), overlap=2),
    Case("where", r238_sync_model_calls, name="r238_sync_model_calls_in_loop_thread",
         drive=_d_in_loop_thread, servers="web"),
    Case("where", r238_sync_uses_asyncio_run_inside, drive=_d_to_thread, servers="web"),
    Case("where", r238_sync_counter_per_call, drive=_d_to_thread_twice, servers="web"),
    Case("where", r238_sync_say_gets, name="r238_sync_say_gets_beside_loop_read",
         drive=_d_executor_beside_task, servers="web"),
    _a(r238_two_jitted_syncs_in_to_thread_order, 1.0, cat="where"),
    # K. shielded and cancelled tasks
    _a(r238_shield_put_survives_wait_for, 1.0, cat="validation"),
    _a(r238_cancel_task_finally_shielded_put, 1.0, cat="validation"),
    _a(r238_taskgroup_sibling_fails_cleanup, 1.0, cat="validation"),
    _a(r238_timeout_cleanup_put, 1.0, cat="validation"),
    _a(r238_timeout_around_to_thread, 1.0, cat="validation"),
    _a(r238_cancel_swallowed_then_put, 1.0, cat="validation"),
    _a(r238_shielded_inner_outer_cancelled, 1.0, cat="validation"),
    # more mixed shapes
    _a(r238_sync_helper_calls_run_from_async_refused, 1.0, cat="where"),
    _a(r238_gather_of_to_threads_put_after, 1.0, cat="threads"),
    _a(r238_to_thread_lambda_reads_dict_changed, 1.0, cat="threads"),
    _a(r238_method_to_thread_records_calls, 1.0, cat="helpers"),
    _a(r238_await_in_fstring_and_blocking_put, 300 / 250),
    _a(r238_loop_call_soon_put_flag, 1.0, cat="state"),
    _a(r238_sleep_zero_lets_task_put, 1.0, cat="state"),
    _a(r238_to_thread_file_append_between_gets, 1.0, cat="files", drive=_d_tmp),
    _a(r238_async_reads_file_then_get_named, 1.0, cat="files", drive=_d_tmp),
    # sharper shapes
    _a(r238_async_cache_helper_second_hit, 250 / 150, cat="state"),
    _a(r238_async_numbered_helper, 1.0, cat="state"),
    _a(r238_async_helper_appends_after_await, over(0.15, 0.05), cat="state"),
    _a(r238_nested_jit_inner_prints_logs, over(0.15, 0.05), cat="where", drive=_d_nested2),
    _a(r238_nested_jit_inner_appends_shared_list, over(0.15, 0.05), cat="where", drive=_d_nested2),
    Case("where", r238_sync_keyed, drive=_d_to_thread_concurrent, servers="web"),
    Case("where", r238_async_keyed, drive=_d_gather_twice, servers="web"),
    Case("where", r238_async_keyed, name="r238_async_keyed_two_loops_two_threads",
         drive=_d_two_loops_two_threads, servers="web"),
    Case("where", r238_sync_mode_sniffing_helper, drive=_d_in_loop_thread, servers="web"),
    Case("where", r238_sync_mode_sniffing_helper, name="r238_sync_mode_sniffing_in_to_thread",
         drive=_d_to_thread, servers="web"),
]

FAILING_WHY.update({})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
