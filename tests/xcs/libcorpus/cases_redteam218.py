"""Red-team cases (stop 218): async code red-team 204 did not cover.

Each case is an ``async def`` run by a driver on a fresh event loop (``asyncio.run``, or
``anyio.run``), plain and jitted, against the corpus's web server (and the API server where
an SDK is used):

- sequential awaits of httpx.AsyncClient, aiohttp, AsyncOpenAI and AsyncAnthropic calls
  where some depend on others (a key, a prompt made of an earlier answer) and some do not;
  SDK calls refused with a 400 in the middle of a sequence, with prints, logs and PUTs;
- async generators that fetch, closed by ``aclose()`` or finalised by the loop's hook
  after a ``break``, whose ``finally`` PUTs; ``asend`` driving the keys; an async iterator
  whose steps read what the loop body writes;
- async context managers whose ``__aenter__`` / ``__aexit__`` do I/O (one swallowing a
  failing GET), an ``@asynccontextmanager`` lease, an ``AsyncExitStack``'s async callbacks;
- ``asyncio.Lock`` / ``Semaphore`` / ``Event`` held across awaits, a ``Queue`` filled and
  drained by the function; ``asyncio.timeout`` around reads and expiring in the middle of
  writes, a PUT ``shield``-ed from a ``wait_for``; tasks awaited in reverse,
  ``return_exceptions`` gathers, ``as_completed`` and ``asyncio.wait`` whose results PUT;
- ``contextvars`` set between awaits and inside an awaited helper; an anyio task group,
  ``anyio.sleep`` as spacing; blocking ``requests`` and ``time.sleep`` inside ``async def``,
  ``asyncio.to_thread`` and ``run_in_executor`` mixed with awaits;
- ``try/except/finally`` with writes in handlers and ``finally``, a retry loop whose
  handler PUTs, ``contextlib.suppress`` around awaits, failures in the middle of awaited
  writes, a later read failing while an earlier one is in flight and a print between;
- comprehensions of awaits whose filter is a PUT or raises by design, whose element PUTs
  what a later element reads, whose walrus chains the keys, nested; loops over a list the
  body grows, over a generator whose keys the body changes, skipping seen duplicates;
- what the next await depends on: a coroutine made before a PUT and awaited after it, a
  params dict changed between, a helper reading a dict, a global or a ContextVar after its
  own await, a global rebound from an await, a helper whose code before its first await
  raises ``KeyError`` (after a print, and caught); Python's evaluation order (a subscript
  store evaluates its value before its key);
- the client's own code: a pool of one connection with a pool timeout, response hooks and
  a transport that print, an auth flow that PUTs, an AsyncOpenAI given a hooked client; a
  subclass whose ``get`` PUTs; ``request("PUT")``, ``send``, a lambda and ``getattr``
  of ``put``, an awaitable object whose ``__await__`` PUTs.

Sibling reads get unequal latencies, slow first, so a reordering shows; most cases have
writes (PUTs, prints, log records) whose order is compared. None differed when written
(three jitted runs and ``--plain-twice``). Overlap the JIT does not reach, though an ideal
schedule has it, and the cases' ideals count: awaits inside ``async with`` of the user's
(or of a lock, a semaphore, a deadline, an exit stack), ``asyncio.shield``, ``to_thread``
of a write (the whole function then runs as written), blocking ``requests`` calls between
awaits, a queue drained inline, a loop-carried counter in the URL, the right operand of
``or``/``and`` next to a sibling statement's read, aiohttp's ``async with session.get``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import anthropic
import anyio
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

log = corpus_logger("r218")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def ratio(total: float, path: float) -> float:
    return total / path


# =========================================================================== drivers


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def chain(exc: BaseException) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        out.append(f"{type(e).__name__}: {e}")
        if isinstance(e, BaseExceptionGroup):
            out.extend("  member " + "; ".join(chain(m)) for m in e.exceptions)
        e = e.__cause__ if e.__cause__ is not None else e.__context__
    return out


def _d_web_chain(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await f(env.web)
        except BaseException as e:  # noqa: BLE001
            return chain(e)
    return asyncio.run(main())


def _d_api(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web, env.api))


def _d_anyio(f: Any, env: Env) -> Any:
    return anyio.run(f, env.web)


# =========================================================================== helpers


async def fetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def strict(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    return r.json()["value"]


async def put(http: httpx.AsyncClient, key: str, value: str, ms: int = 50) -> int:
    r = await http.put(f"/items/{key}", content=value, params={"ms": ms})
    return r.json()["version"]


def blocking_get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]


def blocking_put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def chat_text(r: Any) -> str:
    return r.choices[0].message.content or ""


# =========================================================================== chains


async def r218_httpx_chain_with_sibling(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 150)
        b = await fetch(http, "b", 120)
        c = await fetch(http, f"c-{a}", 40)
        v = await put(http, "out", f"{a}|{b}|{c}")
        d = await fetch(http, "out", 30)
        return [a, b, c, v, d]


async def r218_aiohttp_dependent_gets(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{web}/items/root", params={"ms": "150"}) as r:
            root = (await r.json())["value"]
        async with session.get(f"{web}/items/side", params={"ms": "120"}) as r:
            side = (await r.json())["value"]
        async with session.get(f"{web}/items/child-{root}", params={"ms": "40"}) as r:
            child = (await r.json())["value"]
        async with session.put(f"{web}/items/tree", data=f"{root}/{child}/{side}") as r:
            v = (await r.json())["version"]
        async with session.get(f"{web}/items/tree", params={"ms": "30"}) as r:
            tree = (await r.json())["value"]
        return [root, side, child, v, tree]


async def r218_openai_fan_then_judge(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, httpx.AsyncClient(base_url=web) as http:
        r1 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "pro"}],
            extra_body={"latency": 0.15})
        r2 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "con"}],
            extra_body={"latency": 0.09})
        judge = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user",
                                    "content": f"{chat_text(r1)[:10]} vs {chat_text(r2)[:10]}"}],
            extra_body={"latency": 0.04})
        v = await put(http, "verdict", chat_text(judge)[:12])
        return [len(chat_text(judge)) > 0, v]


async def r218_anthropic_chain_prints(web: str, api: str) -> list[Any]:
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as claude:
        first = await claude.messages.create(
            model="claude", max_tokens=30, messages=[{"role": "user", "content": "start"}])
        print("first", first.stop_reason)
        other = await claude.messages.create(
            model="claude", max_tokens=10, messages=[{"role": "user", "content": "other"}])
        print("other", other.stop_reason)
        second = await claude.messages.create(
            model="claude", max_tokens=20,
            messages=[{"role": "user", "content": first.content[0].text[:15]}])
        print("second", second.stop_reason)
        return [first.stop_reason, other.stop_reason, second.stop_reason]


async def r218_anthropic_batch_write_then_list(web: str, api: str) -> list[Any]:
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as claude:
        before = await claude.messages.batches.list()
        n_before = len(before.data)
        tokens = await claude.messages.count_tokens(
            model="claude", messages=[{"role": "user", "content": "count me"}])
        batch = await claude.messages.batches.create(requests=[
            {"custom_id": "one", "params": {"model": "claude", "max_tokens": 5,
                                            "messages": [{"role": "user", "content": "x"}]}}])
        after = await claude.messages.batches.list()
        return [n_before, tokens.input_tokens > 0, batch.id == after.data[0].id,
                len(after.data)]


# =========================================================================== async generators


async def guarded_pages(http: httpx.AsyncClient) -> AsyncIterator[str]:
    try:
        for i in range(5):
            yield await fetch(http, f"gp{i}", 60)
    finally:
        await put(http, "cursor", "closed")
        print("generator closed")


async def r218_async_gen_aclose_finally_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        gen = guarded_pages(http)
        first = await gen.__anext__()
        second = await gen.__anext__()
        await gen.aclose()
        cursor = await fetch(http, "cursor", 30)
        other = await fetch(http, "other", 120)
        return [first, second, cursor, other]


# =========================================================================== async context managers


class Txn:
    """An async context manager whose enter reads and whose exit writes."""

    def __init__(self, http: httpx.AsyncClient, name: str) -> None:
        self.http, self.name = http, name

    async def __aenter__(self) -> str:
        self.base = await fetch(self.http, f"base-{self.name}", 80)
        print("begin", self.name)
        return self.base

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        status = "rollback" if et else "commit"
        await put(self.http, f"txn-{self.name}", status)
        print(status, self.name)
        return et is httpx.HTTPStatusError


async def r218_txn_cm_swallows_failure(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        async with Txn(http, "t2"):
            out.append(await fetch(http, "a", 100))
            out.append(await strict(http, "missing-b", 30))
            out.append(await fetch(http, "never", 30))
        out.append(await fetch(http, "txn-t2", 30))
        out.append(await fetch(http, "free", 120))
        return out


@contextlib.asynccontextmanager
async def session_lease(http: httpx.AsyncClient, name: str) -> AsyncIterator[int]:
    v = await put(http, f"lease-{name}", "held")
    log.info("leased %s", name)
    try:
        yield v
    finally:
        await put(http, f"lease-{name}", "free")
        log.info("released %s", name)


async def r218_asynccontextmanager_lease(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        pre = await fetch(http, "pre", 120)
        async with session_lease(http, "L") as v:
            inside = await fetch(http, "lease-L", 30)
            x = await fetch(http, "x", 90)
        after = await fetch(http, "lease-L", 30)
        post = await fetch(http, "post", 100)
        return [pre, v, inside, x, after, post]


async def r218_async_exit_stack_callbacks(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(put, http, "stack", "first-registered")
            stack.push_async_callback(put, http, "stack", "second-registered")
            a = await fetch(http, "a", 120)
            b = await fetch(http, "b", 60)
        final = await fetch(http, "stack", 30)
        return [a, b, final]


# =========================================================================== sync primitives


async def r218_lock_across_put_get(web: str) -> list[Any]:
    lock = asyncio.Lock()
    async with httpx.AsyncClient(base_url=web) as http:
        async with lock:
            old = await fetch(http, "acct", 100)
            await put(http, "acct", old + "+1")
            new = await fetch(http, "acct", 30)
        side = await fetch(http, "side", 120)
        return [old, new, side, lock.locked()]


async def r218_semaphore_sequential_reads(web: str) -> list[Any]:
    sem = asyncio.Semaphore(1)
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for key, ms in (("s1", 150), ("s2", 90), ("s3", 30)):
            async with sem:
                out.append(await fetch(http, key, ms))
                print("released", key)
        await put(http, "sem", ",".join(out))
        return out


async def r218_event_gates_tasks(web: str) -> list[Any]:
    ev = asyncio.Event()
    async with httpx.AsyncClient(base_url=web) as http:
        async def waiter(key: str) -> str:
            await ev.wait()
            return await fetch(http, key, 40)
        t = asyncio.create_task(waiter("gated"))
        first = await fetch(http, "first", 120)
        await put(http, "gated", "opened")
        ev.set()
        gated = await t
        return [first, gated]


async def r218_queue_filled_drained_inline(web: str) -> list[Any]:
    q: asyncio.Queue[str] = asyncio.Queue()
    for k in ("q1", "q2", "q3"):
        q.put_nowait(k)
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        while not q.empty():
            k = await q.get()
            out.append(await fetch(http, k, 150 - 50 * len(out)))
            q.task_done()
        await q.join()
        v = await put(http, "drained", ",".join(out))
        return [*out, v]


# =========================================================================== deadlines, shield


async def r218_timeout_generous_reads_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with asyncio.timeout(3.0):
            a = await fetch(http, "a", 150)
            b = await fetch(http, "b", 100)
        v = await put(http, "ab", a + b)
        return [a, b, v]


async def r218_timeout_expires_mid_writes(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out: list[Any] = []
        try:
            async with asyncio.timeout(0.25):
                out.append(await put(http, "w1", "one", 40))
                out.append(await put(http, "w2", "two", 400))
                out.append(await put(http, "w3", "three", 40))
        except TimeoutError:
            out.append("timeout")
        await asyncio.sleep(0.3)
        out.append(await fetch(http, "w2", 30))
        out.append(await fetch(http, "w3", 30))
        return out


async def r218_shield_put_outlives_timeout(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        task = asyncio.ensure_future(put(http, "shielded", "saved", 300))
        try:
            await asyncio.wait_for(asyncio.shield(task), 0.08)
            status = "in time"
        except TimeoutError:
            status = "timed out"
        during = await fetch(http, "shielded", 30)
        v = await task
        after = await fetch(http, "shielded", 30)
        return [status, during, v, after]


# =========================================================================== tasks


async def r218_tasks_awaited_in_reverse(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        tasks = [asyncio.create_task(fetch(http, k, ms))
                 for k, ms in (("t1", 60), ("t2", 130), ("t3", 200))]
        out = []
        for t in reversed(tasks):
            v = await t
            await put(http, "rev", v)
            out.append(v)
        return out


async def r218_gather_return_exceptions_then_puts(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = await asyncio.gather(strict(http, "g1", 120), strict(http, "missing-g2", 40),
                                   strict(http, "g3", 60), return_exceptions=True)
        out = []
        for g in got:
            if isinstance(g, BaseException):
                await put(http, "errors", type(g).__name__)
                out.append("error")
            else:
                out.append(g)
        out.append(await fetch(http, "errors", 30))
        return out


async def r218_as_completed_puts_in_order(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        order = []
        for fut in asyncio.as_completed([fetch(http, "slow", 300), fetch(http, "fast", 40),
                                         fetch(http, "mid", 170)]):
            v = await fut
            await put(http, "latest", v, 20)
            order.append(v)
        last = await fetch(http, "latest", 30)
        return [*order, last]


async def r218_wait_first_completed_cancel(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        fast = asyncio.create_task(fetch(http, "fast", 40))
        slow = asyncio.create_task(fetch(http, "slow", 400))
        done, pending = await asyncio.wait({fast, slow}, return_when=asyncio.FIRST_COMPLETED)
        for p in pending:
            p.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        winner = done.pop().result()
        await put(http, "winner", winner)
        return [winner, slow.cancelled()]


# =========================================================================== contextvars


TENANT: contextvars.ContextVar[str] = contextvars.ContextVar("tenant", default="none")


async def tenant_fetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    t = TENANT.get()
    r = await http.get(f"/items/{t}-{key}", params={"ms": ms})
    return r.json()["value"]


async def r218_ctxvar_set_between_reads_and_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        TENANT.set("acme")
        a = await tenant_fetch(http, "a", 150)
        TENANT.set("globex")
        b = await tenant_fetch(http, "b", 100)
        await put(http, f"{TENANT.get()}-seen", a)
        c = await tenant_fetch(http, "seen", 30)
        return [a, b, c]


# =========================================================================== anyio


async def r218_anyio_task_group_then_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got: dict[str, str] = {}

        async def worker(key: str, ms: int) -> None:
            got[key] = await fetch(http, key, ms)
            await put(http, f"w-{key}", got[key])
            print("worker done", key)

        async with anyio.create_task_group() as tg:
            tg.start_soon(worker, "slow", 200)
            tg.start_soon(worker, "fast", 40)
        a = await fetch(http, "w-slow", 30)
        b = await fetch(http, "after", 100)
        return [sorted(got.items()), a, b]


async def r218_anyio_sleep_spacing(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k in ("r1", "r2", "r3"):
            out.append(await fetch(http, k, 20))
            await anyio.sleep(0.1)
        return out


# =========================================================================== blocking helpers, to_thread


async def r218_blocking_requests_between_awaits(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 150)
        b = blocking_get(web, "b", 100)
        blocking_put(web, "mix", a + b)
        c = await fetch(http, "mix", 30)
        d = blocking_get(web, "d", 80)
        return [a, b, c, d]


async def r218_time_sleep_spacing_in_async(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k in ("s1", "s2", "s3"):
            out.append(await fetch(http, k, 20))
            time.sleep(0.1)
        return out


async def r218_to_thread_mixed(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await asyncio.to_thread(blocking_get, web, "ta", 150)
        b = await fetch(http, "tb", 120)
        c = await asyncio.to_thread(blocking_get, web, "tc", 60)
        await asyncio.to_thread(blocking_put, web, "tsum", f"{a}{b}{c}")
        d = await fetch(http, "tsum", 30)
        return [a, b, c, d]


# =========================================================================== try / finally, failures


async def r218_finally_put_after_failure(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            a = await fetch(http, "a", 120)
            b = await strict(http, "missing-b", 40)
            c = await fetch(http, "c", 60)
            return [a, b, c]
        finally:
            await put(http, "audit", "done")
            print("audited")


async def r218_failure_mid_writes(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        pre = await fetch(http, "pre", 120)
        await put(http, "w", "1")
        await put(http, "w", "2")
        mid = await strict(http, "missing-mid", 40)
        await put(http, "w", "3")
        post = await fetch(http, "post", 100)
        return [pre, mid, post]


async def r218_cleanup_in_except_then_raise(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 100)
        try:
            await put(http, "job", "running")
            await strict(http, "missing-job", 40)
        except httpx.HTTPStatusError:
            await put(http, "job", "failed")
            log.error("job failed after %s", a)
            raise RuntimeError("job failed") from None
        return [a]


# =========================================================================== comprehensions, conditionals


async def r218_comp_keys_from_index(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        index = await fetch(http, "index", 60)
        keys = [f"{index}-{i}" for i in range(3)]
        vals = [await fetch(http, k, 150 - 50 * i) for i, k in enumerate(keys)]
        v = await put(http, "vals", "|".join(vals))
        return [*vals, v]


async def r218_conditional_expr_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        flag = await fetch(http, "flag", 100)
        x = await fetch(http, "yes", 40) if flag.endswith("flag") else await fetch(http, "no", 40)
        y = await fetch(http, "y", 120) if len(x) > 100 else "short"
        return [flag, x, y]


async def r218_fstring_two_awaits_into_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        v = await put(http, "fs", f"{await fetch(http, 'l', 150)}+{await fetch(http, 'r', 100)}")
        back = await fetch(http, "fs", 30)
        return [v, back]


async def r218_early_return_on_gate(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        gate = await fetch(http, "gate", 100)
        if gate.startswith("v-"):
            print("gate open")
            return [gate]
        b = await fetch(http, "b", 40)
        await put(http, "b-copy", b)
        return [gate, b]


async def r218_await_in_boolean_chain(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = (await fetch(http, "or-a", 100)) or (await fetch(http, "or-b", 40))
        b = (await fetch(http, "and-a", 100)) and (await fetch(http, "and-b", 40))
        await put(http, "bool", a + b)
        return [a, b]


# =========================================================================== what the next await depends on


async def r218_coroutine_made_before_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        side = await fetch(http, "side", 100)
        pending = fetch(http, "k", 30)
        await put(http, "k", "new")
        late = await pending
        return [side, late]


async def r218_walrus_chain_in_comp(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        prev = "start"
        vals = [(prev := await fetch(http, f"n-{prev[-6:]}", ms)) for ms in (120, 60, 30)]
        return [*vals, prev]


async def r218_comp_filter_is_a_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        keys = ["k1", "k2", "k3"]
        got = [await fetch(http, "seen", 30) for k in keys if await put(http, "seen", k)]
        return got


class AuditingClient(httpx.AsyncClient):
    """A client whose GET first records what it is about to read."""

    async def get(self, url: Any, **kw: Any) -> httpx.Response:  # type: ignore[override]
        await self.put("/items/audit", content=str(url))
        return await super().get(url, **kw)


async def r218_subclass_client_get_writes(web: str) -> list[Any]:
    async with AuditingClient(base_url=web) as http:
        a = await fetch(http, "a", 120)
        b = await fetch(http, "b", 60)
        audit = await fetch(http, "audit", 30)
        return [a, b, audit]


async def r218_httpx_generic_request_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        before = await fetch(http, "g", 100)
        await http.request("PUT", "/items/g", content="via-request")
        mid = await fetch(http, "g", 30)
        await http.send(http.build_request("PUT", "/items/g", content="via-send"))
        after = await fetch(http, "g", 30)
        return [before, mid, after]


class ServerCursor:
    """An async iterator whose steps read a position the loop body writes."""

    def __init__(self, http: httpx.AsyncClient, n: int) -> None:
        self.http, self.n = http, n

    def __aiter__(self) -> ServerCursor:
        return self

    async def __anext__(self) -> str:
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return await fetch(self.http, "pos", 40)


async def r218_async_iter_reads_what_body_writes(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        seen = []
        async for pos in ServerCursor(http, 3):
            seen.append(pos)
            await put(http, "pos", f"after-{len(seen)}")
        return seen


class Saver:
    def __init__(self, http: httpx.AsyncClient, key: str, value: str) -> None:
        self.http, self.key, self.value = http, key, value

    def __await__(self) -> Any:
        return put(self.http, self.key, self.value).__await__()


async def r218_awaitable_object_puts(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "aw", 100)
        await Saver(http, "aw", "saved")
        b = await fetch(http, "aw", 30)
        return [a, b]


async def echo_gen(http: httpx.AsyncClient) -> AsyncIterator[str]:
    key = "first"
    try:
        while True:
            key = yield await fetch(http, key, 40)
    finally:
        await put(http, "echo", "closed")


async def r218_asend_drives_keys(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        gen = echo_gen(http)
        a = await gen.asend(None)
        b = await gen.asend(f"after-{a}")
        await gen.aclose()
        c = await fetch(http, "echo", 30)
        return [a, b, c]


async def r218_params_dict_mutated_between(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        p = {"ms": "120"}
        r1 = await http.get("/items/pa", params=p)
        p["ms"] = "40"
        p["tag"] = "two"
        r2 = await http.get("/items/pb", params=p)
        return [r1.json()["value"], r2.json()["value"], str(r2.url.params)]


async def r218_break_gc_finalised_then_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = []
        async for v in guarded_pages(http):
            got.append(v)
            break
        side = await fetch(http, "side", 150)
        cursor = await fetch(http, "cursor", 30)
        return [*got, side, cursor]


# =========================================================================== loops and comprehensions that check, fail or write


async def r218_comp_element_reads_prior_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await put(http, f"copy-{k}", await fetch(http, k, ms))
                for k, ms in (("a", 60), ("copy-a", 30), ("copy-copy-a", 30))]


async def r218_for_try_handler_puts_continue(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k, ms in (("missing-a", 40), ("errors", 100), ("c", 60)):
            try:
                v = await strict(http, k, ms)
            except httpx.HTTPStatusError:
                await put(http, "errors", k)
                continue
            out.append(v)
        return out


def must_be_good(v: str) -> str:
    if v.endswith("bad"):
        raise ValueError(f"bad value {v}")
    return v


async def r218_comp_validator_raises(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [must_be_good(await fetch(http, k, ms))
                for k, ms in (("a", 100), ("bad", 60), ("c", 30))]


def wanted(k: str) -> bool:
    print("checking", k)
    if k == "stop":
        raise ValueError("stop key")
    return True


async def r218_comp_filter_raises_by_design(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await fetch(http, k, 60) for k in ("k1", "k2", "stop", "k4") if wanted(k)]


async def r218_loop_skip_seen_duplicates(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        done: set[str] = set()
        out = []
        for k in ("a", "b", "a", "c"):
            if k in done:
                continue
            out.append(await fetch(http, k, 60))
            done.add(k)
        return out


async def r218_deferred_wait_past_print_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await strict(http, "missing-a", 40)
        print("between", await fetch(http, "b", 100))
        return [a]


async def r218_later_failure_waits_for_print(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 200)
        print("got", a)
        b = await strict(http, "missing-b", 30)
        return [a, b]


async def r218_openai_file_then_httpx_list(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, httpx.AsyncClient(base_url=api) as http:
        before = (await http.get("/v1/files")).json()
        f = await client.files.create(file=("a.jsonl", b"{}\n"), purpose="batch")
        after = (await http.get("/v1/files")).json()
        return [len(before["data"]), f.filename, len(after["data"])]


# =========================================================================== what a loop walks and what its body changes


PREFIX = {"p": "old"}


def prefixed_keys(n: int) -> Any:
    for i in range(n):
        yield f"{PREFIX['p']}-{i}"


async def r218_generator_keys_body_changes_global(web: str) -> list[Any]:
    PREFIX["p"] = "old"
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k in prefixed_keys(3):
            out.append(await fetch(http, k, 100 - 30 * len(out)))
            PREFIX["p"] = f"new{len(out)}"
        return out


async def r218_loop_list_grows_in_body(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        keys = ["a", "b"]
        out = []
        for k in keys:
            v = await fetch(http, k, 80)
            out.append(v)
            if v == "v-a":
                keys.append("extra")
        return out


async def r218_coroutine_params_mutated_before_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        p = {"ms": "60"}
        side = await fetch(http, "side", 120)
        pending = http.get("/items/late", params=p)
        p["tag"] = "late"
        r = await pending
        return [side, r.json()["value"], str(r.url.params)]


async def r218_lambda_and_getattr_writes(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        store = lambda k, v: http.put(f"/items/{k}", content=v)  # noqa: E731
        a = await fetch(http, "lw", 120)
        await store("lw", "by-lambda")
        b = await fetch(http, "lw", 30)
        method = "put"
        await getattr(http, method)("/items/lw", content="by-getattr")
        c = await fetch(http, "lw", 30)
        return [a, b, c]


async def login(http: httpx.AsyncClient, user: str) -> str:
    tok = await fetch(http, f"tok-{user}", 120)
    TENANT.set(tok)
    return tok


async def r218_ctxvar_set_in_awaited_helper(web: str) -> list[Any]:
    TENANT.set("anon")
    async with httpx.AsyncClient(base_url=web) as http:
        a = await login(http, "u1")
        b = await fetch(http, "other", 60)
        c = await tenant_fetch(http, "x", 30)
        return [a, b, c, TENANT.get()]


async def r218_counter_in_url_loop(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        n = 0
        out = []
        for k in ("a", "bb", "ccc"):
            out.append(await fetch(http, f"{k}-{n}", 60))
            n += len(k)
        return [*out, n]


# =========================================================================== helpers that read after their await


async def suffixed(http: httpx.AsyncClient, key: str, ms: int, cfg: dict[str, str]) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"] + cfg["s"]


async def r218_helper_reads_local_dict_after_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        cfg = {"s": "-old"}
        a = await suffixed(http, "a", 150, cfg)
        cfg["s"] = "-" + await fetch(http, "sfx", 30)
        b = await suffixed(http, "b", 30, cfg)
        return [a, b]


async def r218_suppress_block_then_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        with contextlib.suppress(httpx.HTTPStatusError):
            out.append(await strict(http, "missing-a", 40))
            print("not reached")
            await put(http, "never", "x")
        out.append(await fetch(http, "b", 100))
        await put(http, "after", "y")
        return out


async def r218_retry_loop_handler_puts(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        v = "none"
        for attempt, key in enumerate(("missing-0", "missing-1", "ok")):
            try:
                v = await strict(http, key, 40)
                break
            except httpx.HTTPStatusError:
                await put(http, "attempts", str(attempt))
        n = await fetch(http, "attempts", 30)
        return [v, n]


async def r218_stream_reads_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with http.stream("GET", "/text/doc", params={"ms": 100}) as r:
            lines = [line async for line in r.aiter_lines()]
        other = await fetch(http, "other", 80)
        await put(http, "lines", str(len(lines)))
        async with http.stream("GET", "/items/lines", params={"ms": 30}) as r:
            body = (await r.aread()).decode()
        return [lines, other, body]



TABLE = {"b": "b-key"}


async def lookup_fetch(http: httpx.AsyncClient, name: str, ms: int) -> str:
    key = TABLE[name]
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def r218_helper_prefix_keyerror_after_print(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 150)
        print("between", a)
        b = await lookup_fetch(http, "nope", 30)
        return [a, b]


async def r218_helper_prefix_keyerror_caught(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 150)
        try:
            b = await lookup_fetch(http, "nope", 30)
        except KeyError as e:
            print("no entry", e)
            b = await lookup_fetch(http, "b", 30)
        return [a, b]


# =========================================================================== the client's own code


async def r218_pool_of_one_with_pool_timeout(web: str) -> list[Any]:
    limits = httpx.Limits(max_connections=1)
    timeout = httpx.Timeout(5.0, pool=0.06)
    async with httpx.AsyncClient(base_url=web, limits=limits, timeout=timeout) as http:
        a = await fetch(http, "a", 150)
        b = await fetch(http, "b", 150)
        return [a, b]


async def show_response(r: httpx.Response) -> None:
    print("response", r.url.path)


async def r218_response_hook_prints(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web,
                                 event_hooks={"response": [show_response]}) as http:
        a = await fetch(http, "a", 150)
        b = await fetch(http, "b", 30)
        return [a, b]


class PrintingTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        print("transport done", request.url.path)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def r218_custom_transport_prints(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, transport=PrintingTransport()) as http:
        a = await fetch(http, "a", 150)
        b = await fetch(http, "b", 30)
        return [a, b]


class AuditAuth(httpx.Auth):
    """An auth flow that records each request it signs with a PUT of its own."""

    def __init__(self, web: str) -> None:
        self.web = web

    def sync_auth_flow(self, request: httpx.Request) -> Any:
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> Any:
        if request.method == "GET":
            async with httpx.AsyncClient() as side:
                await side.put(f"{self.web}/items/signed", content=request.url.path)
        yield request


async def r218_auth_flow_puts(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, auth=AuditAuth(web)) as http:
        a = await fetch(http, "a", 150)
        b = await fetch(http, "signed", 30)
        return [a, b]


async def r218_openai_with_hooked_http_client(web: str, api: str) -> list[Any]:
    hooked = httpx.AsyncClient(event_hooks={"response": [show_response]})
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                                  http_client=hooked) as client:
        r1 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "one"}],
            extra_body={"latency": 0.15})
        r2 = await client.embeddings.create(model="emb", input="two")
        return [len(chat_text(r1)) > 0, len(r2.data[0].embedding)]


# =========================================================================== evaluation order


async def pfetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    print("fetching", key)
    r = await http.get(f"/items/{key}", params={"ms": ms})
    print("got", key)
    return r.json()["value"]


async def r218_subscript_store_rhs_first_prints(web: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=web) as http:
        box: dict[str, str] = {}
        box[await pfetch(http, "k", 120)] = await pfetch(http, "v", 30)
        return box


async def r218_subscript_store_rhs_read_before_put(web: str) -> dict[Any, str]:
    async with httpx.AsyncClient(base_url=web) as http:
        box: dict[Any, str] = {}
        box[await put(http, "sk", "written")] = await fetch(http, "sk", 30)
        box["after"] = await fetch(http, "sk", 30)
        return box


async def r218_assert_on_awaited_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 100)
        assert (await fetch(http, "gate", 60)).endswith("open"), "gate closed"
        c = await fetch(http, "c", 30)
        return [a, c]


REGION = "us"


async def regional(http: httpx.AsyncClient, key: str, ms: int) -> str:
    return await fetch(http, f"{REGION}-{key}", ms)


async def r218_global_rebound_from_await(web: str) -> list[Any]:
    global REGION
    REGION = "us"
    async with httpx.AsyncClient(base_url=web) as http:
        a = await regional(http, "a", 120)
        REGION = (await fetch(http, "region", 30))[-6:]
        b = await regional(http, "b", 30)
        return [a, b]


# =========================================================================== tracebacks, nested comprehensions, executors


async def r218_traceback_names_unhandled(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 150)
        b = await strict(http, "missing-b", 30)
        return [a, b]


def _d_web_tb(f: Any, env: Env) -> Any:
    import traceback

    async def main() -> Any:
        try:
            return await f(env.web)
        except Exception as e:  # noqa: BLE001
            names = [fr.name for fr in traceback.extract_tb(e.__traceback__)]
            keep = [n for n in names if n.startswith(("r218_", "strict", "fetch"))]
            return [type(e).__name__, keep]
    return asyncio.run(main())


async def r218_nested_comp_prints(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        grid = [[await pfetch(http, f"{a}{b}", 80 - 20 * i) for i, b in enumerate("xy")]
                for a in "12"]
        await put(http, "grid", str(grid))
        return grid


async def r218_run_in_executor_then_reads(web: str) -> list[Any]:
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await loop.run_in_executor(None, blocking_get, web, "ex", 120)
        b = await fetch(http, "b", 60)
        await loop.run_in_executor(None, blocking_put, web, "ex-out", a + b)
        c = await fetch(http, "ex-out", 30)
        return [a, b, c]


# =========================================================================== SDK failures


async def r218_openai_second_call_fails_after_print(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        r1 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "ok"}],
            extra_body={"latency": 0.15})
        print("first answered", len(chat_text(r1)) > 0)
        try:
            await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": "bad"}], temperature=9)
            second = "ok"
        except openai.BadRequestError as e:
            second = f"bad request {e.status_code}"
        print("second", second)
        r3 = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "third"}],
            extra_body={"latency": 0.03})
        return [second, len(chat_text(r3)) > 0]


async def r218_anthropic_failure_mid_sequence_logs(web: str, api: str) -> list[Any]:
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as claude, \
            httpx.AsyncClient(base_url=web) as http:
        out: list[Any] = []
        for n, temp in ((20, 0.5), (10, 9.0), (5, 0.5)):
            try:
                m = await claude.messages.create(
                    model="claude", max_tokens=n, extra_body={"temperature": temp},
                    messages=[{"role": "user", "content": f"n{n}"}])
                out.append(m.stop_reason)
            except anthropic.BadRequestError as e:
                log.warning("call %d refused: %d", n, e.status_code)
                await put(http, "refused", str(n))
                out.append("refused")
        out.append(await fetch(http, "refused", 30))
        return out


# =========================================================================== cases


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", drive: Any = _d_web, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_api, servers="web api", ideal=ideal, **kw)


ALL: list[Case] = [
    # -- chains
    _w(r218_httpx_chain_with_sibling, ratio(0.15 + 0.12 + 0.04 + 0.05 + 0.03,
                                            0.15 + 0.04 + 0.05 + 0.03), overlap=2),
    _w(r218_aiohttp_dependent_gets, ratio(0.15 + 0.12 + 0.04 + 0.05 + 0.03,
                                          0.15 + 0.04 + 0.05 + 0.03), cat="clients"),
    _a(r218_openai_fan_then_judge, ratio(0.15 + 0.09 + 0.04 + 0.05, 0.15 + 0.04 + 0.05),
       overlap=2),
    _a(r218_anthropic_chain_prints, ratio(0.15, 0.1), overlap=2),
    _a(r218_anthropic_batch_write_then_list, ratio(0.05 * 4, 0.05 * 3), overlap=2),
    # -- async generators
    _w(r218_async_gen_aclose_finally_put, ratio(0.06 * 2 + 0.05 + 0.03 + 0.12,
                                                0.06 * 2 + 0.05 + 0.12), cat="helpers"),
    # -- async context managers
    _w(r218_txn_cm_swallows_failure, ratio(0.08 + 0.1 + 0.03 + 0.05 + 0.03 + 0.12,
                                           0.08 + 0.1 + 0.05 + 0.12),
       cat="helpers", speculative_reads=True),
    _w(r218_asynccontextmanager_lease, ratio(0.12 + 0.05 + 0.03 + 0.09 + 0.05 + 0.03 + 0.1,
                                             0.12 + 0.05 + 0.09 + 0.05 + 0.1), cat="helpers"),
    _w(r218_async_exit_stack_callbacks, ratio(0.12 + 0.06 + 0.1 + 0.03, 0.12 + 0.1 + 0.03),
       cat="helpers"),
    # -- sync primitives
    _w(r218_lock_across_put_get, ratio(0.1 + 0.05 + 0.03 + 0.12, 0.1 + 0.05 + 0.12),
       cat="state"),
    _w(r218_semaphore_sequential_reads, ratio(0.15 + 0.09 + 0.03 + 0.05, 0.15 + 0.05),
       cat="state"),
    _w(r218_event_gates_tasks, 1.0, cat="state"),
    _w(r218_queue_filled_drained_inline, ratio(0.15 + 0.1 + 0.05 + 0.05, 0.15 + 0.05),
       cat="fanout"),
    # -- deadlines, shield
    _w(r218_timeout_generous_reads_then_put, ratio(0.15 + 0.1 + 0.05, 0.15 + 0.05),
       cat="sleep"),
    _w(r218_timeout_expires_mid_writes, 1.0, cat="sleep"),
    _w(r218_shield_put_outlives_timeout, 1.0, cat="sleep"),
    # -- tasks
    _w(r218_tasks_awaited_in_reverse, 1.0, cat="fanout"),
    _w(r218_gather_return_exceptions_then_puts, 1.0, cat="fanout"),
    _w(r218_as_completed_puts_in_order, 1.0, cat="fanout"),
    _w(r218_wait_first_completed_cancel, 1.0, cat="fanout"),
    # -- contextvars
    _w(r218_ctxvar_set_between_reads_and_put, ratio(0.15 + 0.1 + 0.05 + 0.03,
                                                    0.15 + 0.05 + 0.03), cat="state"),
    # -- anyio
    _w(r218_anyio_task_group_then_reads, ratio(0.25 + 0.03 + 0.1, 0.25 + 0.1), cat="fanout",
       drive=_d_anyio),
    _w(r218_anyio_sleep_spacing, 1.0, cat="sleep", drive=_d_anyio, spacing=0.1),
    # -- blocking helpers, to_thread
    _w(r218_blocking_requests_between_awaits, ratio(0.15 + 0.1 + 0.05 + 0.03 + 0.08,
                                                    0.15 + 0.05 + 0.08), cat="threads"),
    _w(r218_time_sleep_spacing_in_async, 1.0, cat="sleep", spacing=0.1),
    _w(r218_to_thread_mixed, ratio(0.15 + 0.12 + 0.06 + 0.05 + 0.03, 0.15 + 0.05 + 0.03),
       cat="threads"),
    # -- try / finally, failures
    _w(r218_finally_put_after_failure, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_failure_mid_writes, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_cleanup_in_except_then_raise, 1.0, cat="validation", drive=_d_web_chain),
    # -- comprehensions, conditionals
    _w(r218_comp_keys_from_index, ratio(0.06 + 0.15 + 0.1 + 0.05 + 0.05, 0.06 + 0.15 + 0.05),
       cat="fanout", overlap=3),
    _w(r218_conditional_expr_await, 1.0, cat="validation"),
    _w(r218_fstring_two_awaits_into_put, ratio(0.15 + 0.1 + 0.05 + 0.03, 0.15 + 0.05 + 0.03),
       overlap=2),
    _w(r218_early_return_on_gate, 1.0, cat="validation"),
    _w(r218_await_in_boolean_chain, ratio(0.1 + 0.1 + 0.04 + 0.05, 0.1 + 0.04 + 0.05),
       cat="validation"),
    # -- what the next await depends on
    _w(r218_coroutine_made_before_put, 1.0, cat="state"),
    _w(r218_walrus_chain_in_comp, 1.0, cat="fanout"),
    _w(r218_comp_filter_is_a_put, 1.0, cat="fanout"),
    _w(r218_subclass_client_get_writes, 1.0, cat="clients"),
    _w(r218_httpx_generic_request_put, 1.0, cat="clients"),
    _w(r218_async_iter_reads_what_body_writes, 1.0, cat="helpers"),
    _w(r218_awaitable_object_puts, 1.0, cat="helpers"),
    _w(r218_asend_drives_keys, 1.0, cat="helpers"),
    _w(r218_params_dict_mutated_between, over(0.12, 0.04), cat="state"),
    _w(r218_break_gc_finalised_then_read, 1.0, cat="helpers"),
    # -- loops and comprehensions that check, fail or write
    _w(r218_comp_element_reads_prior_put, 1.0, cat="fanout"),
    _w(r218_for_try_handler_puts_continue, 1.0, cat="validation"),
    _w(r218_comp_validator_raises, over(0.1, 0.06), cat="validation", drive=_d_web_chain),
    _w(r218_comp_filter_raises_by_design, over(0.06, 0.06), cat="validation",
       drive=_d_web_chain),
    _w(r218_loop_skip_seen_duplicates, over(0.06, 0.06, 0.06), cat="fanout"),
    _w(r218_deferred_wait_past_print_await, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_later_failure_waits_for_print, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _a(r218_openai_file_then_httpx_list, 1.0, cat="clients"),
    # -- what a loop walks and what its body changes
    _w(r218_generator_keys_body_changes_global, 1.0, cat="state"),
    _w(r218_loop_list_grows_in_body, ratio(0.24, 0.16), cat="state"),
    _w(r218_coroutine_params_mutated_before_await, 1.0, cat="state"),
    _w(r218_lambda_and_getattr_writes, 1.0, cat="helpers"),
    _w(r218_ctxvar_set_in_awaited_helper, ratio(0.12 + 0.06 + 0.03, 0.12 + 0.03), cat="state"),
    _w(r218_counter_in_url_loop, 3.0, cat="state"),
    # -- helpers that read after their await
    _w(r218_helper_reads_local_dict_after_await, ratio(0.15 + 0.03 + 0.03, 0.15 + 0.03),
       cat="state", overlap=2),
    _w(r218_suppress_block_then_read, 1.0, cat="validation"),
    _w(r218_retry_loop_handler_puts, 1.0, cat="validation"),
    _w(r218_stream_reads_then_put, ratio(0.1 + 0.08 + 0.05 + 0.03, 0.1 + 0.05 + 0.03)),
    _w(r218_helper_prefix_keyerror_after_print, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_helper_prefix_keyerror_caught, over(0.15, 0.03), cat="validation"),
    # -- the client's own code
    _w(r218_pool_of_one_with_pool_timeout, 1.0, cat="clients", drive=_d_web_chain),
    _w(r218_response_hook_prints, 1.0, cat="clients"),
    _w(r218_custom_transport_prints, 1.0, cat="clients"),
    _w(r218_auth_flow_puts, 1.0, cat="clients"),
    _a(r218_openai_with_hooked_http_client, 1.0, cat="clients"),
    # -- evaluation order
    _w(r218_subscript_store_rhs_first_prints, over(0.12, 0.03), cat="state", overlap=2),
    _w(r218_subscript_store_rhs_read_before_put, 1.0, cat="state"),
    _w(r218_assert_on_awaited_read, ratio(0.1 + 0.06 + 0.03, 0.1), cat="validation",
       drive=_d_web_chain),
    _w(r218_global_rebound_from_await, ratio(0.12 + 0.03 + 0.03, 0.12), cat="rebind",
       overlap=2),
    # -- tracebacks, nested comprehensions, executors
    _w(r218_traceback_names_unhandled, over(0.15, 0.03), cat="validation", drive=_d_web_tb,
       speculative_reads=True),
    _w(r218_nested_comp_prints, ratio(0.08 + 0.06 + 0.08 + 0.06 + 0.05, 0.08 + 0.05),
       cat="fanout", overlap=2),
    _w(r218_run_in_executor_then_reads, ratio(0.12 + 0.06 + 0.05 + 0.03, 0.12 + 0.05 + 0.03),
       cat="threads"),
    # -- SDK failures
    _a(r218_openai_second_call_fails_after_print, ratio(0.15 + 0.03, 0.15), overlap=2),
    _a(r218_anthropic_failure_mid_sequence_logs, 1.0),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
