"""Red-team cases (stop 218): async code red-team 204 did not cover.

Each case is an ``async def`` run by a driver on a fresh event loop, plain and jitted,
against the corpus's web server (and the API server where an SDK is used):

- sequential awaits of httpx.AsyncClient, aiohttp, AsyncOpenAI and AsyncAnthropic calls
  where some depend on others (a key, a prompt made of an earlier answer) and some do not;
- awaits inside ``async for`` over async generators that fetch, closed early by ``break``
  (finalised by the loop's hook) or by ``aclose()``, whose ``finally`` PUTs;
- async context managers whose ``__aenter__`` / ``__aexit__`` do I/O, an
  ``@asynccontextmanager``, an ``AsyncExitStack`` with async callbacks;
- ``asyncio.Lock`` / ``Semaphore`` / ``Event`` / ``Condition`` held across awaits, a
  ``Queue`` filled and drained by the function, producer / consumer tasks;
- ``asyncio.timeout`` / ``wait_for`` around sequences of awaits (some expire in the middle
  of writes), ``asyncio.shield``, tasks created and awaited later, ``return_exceptions``
  gathers, ``as_completed`` that PUTs in completion order, ``asyncio.wait``;
- ``contextvars`` set between awaits and inside tasks; anyio task groups, ``anyio.sleep``
  as spacing, ``anyio.to_thread``, ``fail_after``;
- blocking helpers (``requests``, ``time.sleep``) called from ``async def``,
  ``asyncio.to_thread`` mixed with awaits;
- awaits in ``try/except/finally`` with writes in ``finally``, exceptions in the middle of
  a sequence of awaited writes, comprehensions, conditional expressions, f-strings, early
  ``return`` after an await whose result decides.

Sibling reads get unequal latencies, slow first, so a reordering shows; every case has
writes (PUTs, prints, log records) whose order is compared.
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


async def r218_httpx_put_then_read_same_key(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        before = await fetch(http, "k", 120)
        other = await fetch(http, "other", 100)
        await put(http, "k", "new")
        after = await fetch(http, "k", 30)
        late = await fetch(http, "late", 100)
        return [before, other, after, late]


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


async def r218_aiohttp_loop_reads_then_puts(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        got = []
        for key, ms in (("p", 150), ("q", 90), ("r", 30)):
            async with session.get(f"{web}/items/{key}", params={"ms": str(ms)}) as r:
                got.append((await r.json())["value"])
        for key, value in zip(("x", "y"), got, strict=False):
            async with session.put(f"{web}/items/{key}", data=value) as r:
                print("put", key, (await r.json())["version"])
        return got


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


async def r218_openai_embed_and_chat(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, httpx.AsyncClient(base_url=web) as http:
        doc = await fetch(http, "doc", 120)
        e = await client.embeddings.create(model="emb", input=doc)
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "independent"}],
            extra_body={"latency": 0.12})
        print("dims", len(e.data[0].embedding))
        v = await put(http, "summary", f"{len(e.data[0].embedding)}:{len(chat_text(r)) > 0}")
        return [doc, v]


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


async def pages(http: httpx.AsyncClient, prefix: str, n: int) -> AsyncIterator[str]:
    for i in range(n):
        yield await fetch(http, f"{prefix}{i}", 80 - 20 * i)


async def r218_async_for_fetch_put_each(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        async for page in pages(http, "pg", 3):
            out.append(await put(http, "last", page))
        extra = await fetch(http, "last", 30)
        return [*out, extra]


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


async def r218_async_for_break_then_sleep_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = []
        async for v in guarded_pages(http):
            got.append(v)
            if len(got) == 2:
                break
        await asyncio.sleep(0.15)
        cursor = await fetch(http, "cursor", 30)
        return [*got, cursor]


async def r218_async_for_break_aclosing(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = []
        async with contextlib.aclosing(guarded_pages(http)) as gen:
            async for v in gen:
                got.append(v)
                if len(got) == 1:
                    break
        cursor = await fetch(http, "cursor", 30)
        tail = await fetch(http, "tail", 100)
        return [*got, cursor, tail]


async def r218_async_genexpr_collect(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        vals = [v.upper() async for v in pages(http, "ax", 3) if not v.endswith("1")]
        v = await put(http, "joined", ",".join(vals))
        side = await fetch(http, "side", 100)
        return [*vals, v, side]


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


async def r218_txn_cm_body_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with Txn(http, "t1") as base:
            a = await fetch(http, "a", 120)
            b = await fetch(http, "b", 60)
        state = await fetch(http, "txn-t1", 30)
        return [base, a, b, state]


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


async def r218_condition_notify(web: str) -> list[Any]:
    cond = asyncio.Condition()
    box: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        async def consumer() -> str:
            async with cond:
                await cond.wait_for(lambda: bool(box))
                key = box.pop()
            return await fetch(http, key, 30)
        t = asyncio.create_task(consumer())
        a = await fetch(http, "a", 120)
        await put(http, "from-a", a)
        async with cond:
            box.append("from-a")
            cond.notify_all()
        got = await t
        return [a, got]


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


async def r218_queue_two_stage_pipeline(web: str) -> list[Any]:
    raw: asyncio.Queue[str | None] = asyncio.Queue()
    done: asyncio.Queue[str | None] = asyncio.Queue()
    async with httpx.AsyncClient(base_url=web) as http:
        async def stage1() -> None:
            while (k := await raw.get()) is not None:
                await done.put(await fetch(http, k, 40))
            await done.put(None)

        async def stage2() -> None:
            while (v := await done.get()) is not None:
                await put(http, "sink", v)
                print("sank", v)

        workers = [asyncio.create_task(stage1()), asyncio.create_task(stage2())]
        for k in ("m1", "m2", "m3"):
            await raw.put(k)
        await raw.put(None)
        await asyncio.gather(*workers)
        return [await fetch(http, "sink", 30)]


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


async def two_steps(http: httpx.AsyncClient) -> str:
    a = await fetch(http, "step-a", 80)
    await put(http, "step", a)
    return await fetch(http, "step", 30)


async def r218_wait_for_helper_sequence(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        side = await fetch(http, "side", 120)
        got = await asyncio.wait_for(two_steps(http), 3.0)
        return [side, got]


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


async def r218_shield_reads_in_sequence(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await asyncio.shield(fetch(http, "a", 150))
        b = await asyncio.shield(fetch(http, "b", 100))
        v = await put(http, "shield-ab", a + b)
        return [a, b, v]


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


async def r218_task_then_dependent_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        slow = asyncio.create_task(fetch(http, "slow", 200))
        fast = await fetch(http, "fast", 40)
        await put(http, "fast-first", fast)
        s = await slow
        await put(http, "slow-second", s)
        check = await fetch(http, "fast-first", 30)
        return [fast, s, check]


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


async def r218_ctxvar_set_inside_task(web: str) -> list[Any]:
    TENANT.set("outer")
    async with httpx.AsyncClient(base_url=web) as http:
        async def inner() -> str:
            TENANT.set("inner")
            return await tenant_fetch(http, "x", 60)
        x = await asyncio.create_task(inner())
        y = await tenant_fetch(http, "y", 120)
        z = await tenant_fetch(http, "z", 60)
        return [x, y, z, TENANT.get()]


async def r218_ctxvar_copy_context_run(web: str) -> list[Any]:
    TENANT.set("base")
    ctx = contextvars.copy_context()
    ctx.run(TENANT.set, "copied")
    async with httpx.AsyncClient(base_url=web) as http:
        a = await tenant_fetch(http, "a", 120)
        b = await asyncio.create_task(tenant_fetch(http, "b", 60), context=ctx)
        c = await tenant_fetch(http, "c", 80)
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


async def r218_anyio_to_thread_and_awaits(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await anyio.to_thread.run_sync(blocking_get, web, "th", 150)
        b = await fetch(http, "aw", 100)
        await anyio.to_thread.run_sync(blocking_put, web, "th-out", a + b)
        c = await fetch(http, "th-out", 30)
        return [a, b, c]


async def r218_anyio_fail_after_mid_sequence(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out: list[Any] = []
        try:
            with anyio.fail_after(0.25):
                out.append(await fetch(http, "fa1", 60))
                out.append(await put(http, "fa", "started"))
                out.append(await fetch(http, "fa2", 500))
        except TimeoutError:
            out.append("late")
        out.append(await fetch(http, "fa", 30))
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


async def r218_except_put_then_retry(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        side = await fetch(http, "side", 150)
        try:
            v = await strict(http, "missing-x", 40)
        except httpx.HTTPStatusError as e:
            await put(http, "missing-x", f"filled {e.response.status_code}")
            v = await strict(http, "missing-x", 30)
        return [side, v]


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


async def r218_early_return_in_while(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        i = 0
        seen = []
        while i < 5:
            v = await fetch(http, f"cand{i}", 60)
            seen.append(v)
            if v.endswith("2"):
                await put(http, "found", v)
                return seen
            i += 1
        return seen


async def r218_await_in_boolean_chain(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = (await fetch(http, "or-a", 100)) or (await fetch(http, "or-b", 40))
        b = (await fetch(http, "and-a", 100)) and (await fetch(http, "and-b", 40))
        await put(http, "bool", a + b)
        return [a, b]


# =========================================================================== second round


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


async def r218_aiohttp_request_put_then_get(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        async with session.request("PUT", f"{web}/items/ar", data="one") as r:
            v1 = (await r.json())["version"]
        async with session.get(f"{web}/items/ar", params={"ms": "30"}) as r:
            got = (await r.json())["value"]
        async with session.delete(f"{web}/items/ar") as r:
            gone = (await r.json())["deleted"]
        async with session.get(f"{web}/items/ar", params={"ms": "30"}) as r:
            again = (await r.json())["value"]
        return [v1, got, gone, again]


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


async def r218_partial_coroutine_put(web: str) -> list[Any]:
    import functools
    async with httpx.AsyncClient(base_url=web) as http:
        save = functools.partial(put, http, "pk")
        a = await fetch(http, "pk", 100)
        await save("v1")
        b = await fetch(http, "pk", 30)
        return [a, b]


class Repo:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.last = "none"

    async def load(self, key: str, ms: int) -> str:
        v = await fetch(self.http, f"{key}-{self.last[-4:]}", ms)
        self.last = v
        return v


async def r218_method_state_between_awaits(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        repo = Repo(http)
        a = await repo.load("a", 120)
        b = await repo.load("b", 40)
        return [a, b, repo.last]


async def r218_loop_carried_cursor(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        cur = "start"
        trail = []
        for ms in (100, 60, 30):
            cur = await fetch(http, f"next-{cur[-5:]}", ms)
            trail.append(cur)
        return trail


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


async def r218_athrow_finally_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        gen = echo_gen(http)
        a = await gen.asend(None)
        try:
            await gen.athrow(KeyError("stop"))
        except KeyError as e:
            err = str(e)
        c = await fetch(http, "echo", 30)
        d = await fetch(http, "d", 100)
        return [a, err, c, d]


async def r218_while_await_condition(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        n = 0
        while (v := await fetch(http, f"poll{n}", 40)) != "v-poll2":
            print("not yet", v)
            n += 1
        await put(http, "polled", str(n))
        return [n, v]


async def r218_return_inside_async_with(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with Txn(http, "t3"):
            a = await fetch(http, "a", 60)
            if a:
                return [a]
            await put(http, "never", "x")
        return []


async def r218_params_dict_mutated_between(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        p = {"ms": "120"}
        r1 = await http.get("/items/pa", params=p)
        p["ms"] = "40"
        p["tag"] = "two"
        r2 = await http.get("/items/pb", params=p)
        return [r1.json()["value"], r2.json()["value"], str(r2.url.params)]


CACHE: dict[str, str] = {}


async def remember(key: str, value: str) -> None:
    CACHE[key] = value


async def r218_global_written_by_async_helper(web: str) -> list[Any]:
    CACHE.clear()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 120)
        await remember("region", "eu")
        b = await fetch(http, f"b-{CACHE.get('region', 'us')}", 40)
        return [a, b]


async def r218_finally_reads_what_try_wrote(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out: list[Any] = []
        try:
            out.append(await fetch(http, "pre", 100))
            await put(http, "fin", "from-try")
            raise ValueError("boom")
        except ValueError as e:
            out.append(str(e))
        finally:
            out.append(await fetch(http, "fin", 30))
        return out


async def r218_conditional_write_or_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        flag = await fetch(http, "cw", 80)
        r = await put(http, "cw", "written") if flag.startswith("v-") else await fetch(http, "x", 30)
        after = await fetch(http, "cw", 30)
        return [flag, r, after]


async def r218_aiohttp_put_then_httpx_get(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as session, httpx.AsyncClient(base_url=web) as http:
        before = await fetch(http, "mixed", 100)
        async with session.put(f"{web}/items/mixed", data="by-aiohttp") as r:
            v = (await r.json())["version"]
        after = await fetch(http, "mixed", 30)
        return [before, v, after]


async def r218_gather_after_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        await put(http, "gk", "fresh")
        got = await asyncio.gather(fetch(http, "gk", 60), fetch(http, "other", 30))
        return list(got)


async def r218_break_gc_finalised_then_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        got = []
        async for v in guarded_pages(http):
            got.append(v)
            break
        side = await fetch(http, "side", 150)
        cursor = await fetch(http, "cursor", 30)
        return [*got, side, cursor]


# =========================================================================== third round


async def r218_comp_element_reads_prior_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await put(http, f"copy-{k}", await fetch(http, k, ms))
                for k, ms in (("a", 60), ("copy-a", 30), ("copy-copy-a", 30))]


async def r218_comp_element_copies_then_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k, ms in (("a", 60), ("copy-a", 30)):
            v = await fetch(http, k, ms)
            await put(http, f"copy-{k}", v)
            out.append(v)
        return out


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


async def r218_for_try_handler_puts_default(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k, ms in (("missing-a", 40), ("errors", 100), ("c", 60)):
            try:
                v = await strict(http, k, ms)
            except httpx.HTTPStatusError:
                await put(http, "errors", k)
                v = "default"
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


async def r218_comp_filter_accidental_error(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await fetch(http, k, 60) for k in ("k1", "k2", "kx", "k4") if int(k[1:]) > 0]


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


async def r218_deferred_wait_past_log_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await strict(http, "missing-a", 40)
        log.warning("b is %s", await fetch(http, "b", 100))
        return [a]


async def r218_deferred_wait_past_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await strict(http, "missing-a", 40)
        await put(http, "after-a", "x")
        return [a]


async def r218_later_failure_waits_for_print(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "a", 200)
        print("got", a)
        b = await strict(http, "missing-b", 30)
        return [a, b]


async def r218_two_failures_first_wins(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await strict(http, "missing-a", 150)
        b = await strict(http, "missing-b", 30)
        return [a, b]


async def r218_fstring_put_then_read(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        side = await fetch(http, "side", 120)
        text = f"{await put(http, 'fk', 'x')}-{await fetch(http, 'fk', 30)}"
        return [side, text]


async def r218_openai_file_then_httpx_list(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, httpx.AsyncClient(base_url=api) as http:
        before = (await http.get("/v1/files")).json()
        f = await client.files.create(file=("a.jsonl", b"{}\n"), purpose="batch")
        after = (await http.get("/v1/files")).json()
        return [len(before["data"]), f.filename, len(after["data"])]


async def r218_httpx_upload_then_openai_list(web: str, api: str) -> list[Any]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client, httpx.AsyncClient(base_url=api) as http:
        before = await client.files.list()
        r = await http.post("/v1/files", files={"file": ("b.jsonl", b"{}\n")},
                            data={"purpose": "batch"})
        after = await client.files.list()
        return [len(before.data), r.status_code, len(after.data)]


async def r218_put_on_api_then_get_via_web_name(web: str, api: str) -> list[Any]:
    async with httpx.AsyncClient() as http:
        side = (await http.get(f"{web}/items/side", params={"ms": 120})).json()["value"]
        await http.put(f"{api}/items/shared", content="on-api")
        a = (await http.get(f"{api}/items/shared", params={"ms": 30})).json()["value"]
        w = (await http.get(f"{web}/items/shared", params={"ms": 30})).json()["value"]
        return [side, a, w]


# =========================================================================== fourth round


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


def save_later(http: httpx.AsyncClient, key: str, value: str) -> Any:
    return http.put(f"/items/{key}", content=value)


async def r218_sync_helper_returns_put_coroutine(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch(http, "sh", 120)
        await save_later(http, "sh", "saved")
        b = await fetch(http, "sh", 30)
        return [a, b]


async def add_key(keys: list[str], k: str) -> None:
    keys.append(k)


async def fetch_all(http: httpx.AsyncClient, keys: list[str]) -> list[str]:
    return [(await http.get(f"/items/{k}", params={"ms": 30})).json()["value"] for k in keys]


async def r218_async_helper_mutates_list_arg(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        keys = ["a"]
        first = await fetch(http, "first", 120)
        await add_key(keys, "b")
        got = await fetch_all(http, keys)
        return [first, *got]


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


async def r218_comp_over_generator_keys(web: str) -> list[Any]:
    PREFIX["p"] = "old"
    async with httpx.AsyncClient(base_url=web) as http:
        def bump(v: str) -> str:
            PREFIX["p"] = v[-5:]
            return v
        return [bump(await fetch(http, k, 60)) for k in prefixed_keys(3)]


# =========================================================================== fifth round


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


SUFFIX = {"s": "-old"}


async def gsuffixed(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"] + SUFFIX["s"]


async def r218_helper_reads_global_after_await(web: str) -> list[Any]:
    SUFFIX["s"] = "-old"
    async with httpx.AsyncClient(base_url=web) as http:
        a = await gsuffixed(http, "a", 150)
        SUFFIX["s"] = "-" + await fetch(http, "sfx", 30)
        b = await gsuffixed(http, "b", 30)
        return [a, b]


class Settings:
    def __init__(self) -> None:
        self.suffix = "-old"


async def osuffixed(http: httpx.AsyncClient, key: str, ms: int, st: Settings) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"] + st.suffix


async def r218_helper_reads_attr_after_await(web: str) -> list[Any]:
    st = Settings()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await osuffixed(http, "a", 150, st)
        st.suffix = "-" + await fetch(http, "sfx", 30)
        b = await osuffixed(http, "b", 30, st)
        return [a, b]


TRAIL: list[str] = []


async def counted(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return f"{r.json()['value']}#{len(TRAIL)}"


async def r218_helper_reads_global_list_len_after_await(web: str) -> list[Any]:
    TRAIL.clear()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await counted(http, "a", 150)
        TRAIL.append(await fetch(http, "t1", 30))
        b = await counted(http, "b", 30)
        return [a, b, list(TRAIL)]


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


async def r218_except_fallback_then_second_failure(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            a = await strict(http, "missing-a", 150)
        except httpx.HTTPStatusError:
            print("fallback for a")
            a = "fallback"
        b = await strict(http, "missing-b", 30)
        return [a, b]


async def r218_for_else_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for k, ms in (("e1", 100), ("e2", 60), ("e3", 30)):
            v = await fetch(http, k, ms)
            if v == "v-none":
                break
            out.append(v)
        else:
            await put(http, "all", ",".join(out))
        return [*out, await fetch(http, "all", 30)]


async def r218_stream_reads_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with http.stream("GET", "/text/doc", params={"ms": 100}) as r:
            lines = [line async for line in r.aiter_lines()]
        other = await fetch(http, "other", 80)
        await put(http, "lines", str(len(lines)))
        async with http.stream("GET", "/items/lines", params={"ms": 30}) as r:
            body = (await r.aread()).decode()
        return [lines, other, body]


# =========================================================================== cases


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", drive: Any = _d_web, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_api, servers="web api", ideal=ideal, **kw)


ALL: list[Case] = [
    # -- chains
    _w(r218_httpx_chain_with_sibling, ratio(0.15 + 0.12 + 0.04 + 0.05 + 0.03,
                                            0.15 + 0.04 + 0.05 + 0.03)),
    _w(r218_httpx_put_then_read_same_key, ratio(0.12 + 0.1 + 0.05 + 0.03 + 0.1,
                                                0.12 + 0.05 + 0.1)),
    _w(r218_aiohttp_dependent_gets, ratio(0.15 + 0.12 + 0.04 + 0.05 + 0.03,
                                          0.15 + 0.04 + 0.05 + 0.03), cat="clients"),
    _w(r218_aiohttp_loop_reads_then_puts, ratio(0.15 + 0.09 + 0.03 + 0.1, 0.15 + 0.1),
       cat="clients"),
    _a(r218_openai_fan_then_judge, ratio(0.15 + 0.09 + 0.04 + 0.05, 0.15 + 0.04 + 0.05)),
    _a(r218_openai_embed_and_chat, ratio(0.12 + 0.05 + 0.12 + 0.05, 0.12 + 0.05 + 0.05)),
    _a(r218_anthropic_chain_prints, ratio(0.15, 0.1)),
    _a(r218_anthropic_batch_write_then_list, ratio(0.05 * 4, 0.05 * 3)),
    # -- async generators
    _w(r218_async_for_fetch_put_each, 1.0),
    _w(r218_async_gen_aclose_finally_put, ratio(0.06 * 2 + 0.05 + 0.03 + 0.12,
                                                0.06 * 2 + 0.05 + 0.12), cat="helpers"),
    _w(r218_async_for_break_then_sleep_read, 1.0, cat="helpers"),
    _w(r218_async_for_break_aclosing, ratio(0.06 + 0.05 + 0.03 + 0.1, 0.06 + 0.05 + 0.1),
       cat="helpers"),
    _w(r218_async_genexpr_collect, 1.0),
    # -- async context managers
    _w(r218_txn_cm_body_reads, ratio(0.08 + 0.12 + 0.06 + 0.05 + 0.03,
                                     0.08 + 0.12 + 0.05 + 0.03), cat="helpers"),
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
    _w(r218_condition_notify, 1.0, cat="state"),
    _w(r218_queue_filled_drained_inline, ratio(0.15 + 0.1 + 0.05 + 0.05, 0.15 + 0.05),
       cat="fanout"),
    _w(r218_queue_two_stage_pipeline, 1.0, cat="fanout"),
    # -- deadlines, shield
    _w(r218_timeout_generous_reads_then_put, ratio(0.15 + 0.1 + 0.05, 0.15 + 0.05),
       cat="sleep"),
    _w(r218_timeout_expires_mid_writes, 1.0, cat="sleep"),
    _w(r218_wait_for_helper_sequence, ratio(0.12 + 0.08 + 0.05 + 0.03, 0.12 + 0.05 + 0.03),
       cat="sleep"),
    _w(r218_shield_put_outlives_timeout, 1.0, cat="sleep"),
    _w(r218_shield_reads_in_sequence, ratio(0.15 + 0.1 + 0.05, 0.15 + 0.05), cat="sleep"),
    # -- tasks
    _w(r218_tasks_awaited_in_reverse, 1.0, cat="fanout"),
    _w(r218_task_then_dependent_put, 1.0, cat="fanout"),
    _w(r218_gather_return_exceptions_then_puts, 1.0, cat="fanout"),
    _w(r218_as_completed_puts_in_order, 1.0, cat="fanout"),
    _w(r218_wait_first_completed_cancel, 1.0, cat="fanout"),
    # -- contextvars
    _w(r218_ctxvar_set_between_reads_and_put, ratio(0.15 + 0.1 + 0.05 + 0.03,
                                                    0.15 + 0.05 + 0.03), cat="state"),
    _w(r218_ctxvar_set_inside_task, over(0.06, 0.12, 0.06), cat="state"),
    _w(r218_ctxvar_copy_context_run, over(0.12, 0.06, 0.08), cat="state"),
    # -- anyio
    _w(r218_anyio_task_group_then_reads, ratio(0.25 + 0.03 + 0.1, 0.25 + 0.1), cat="fanout",
       drive=_d_anyio),
    _w(r218_anyio_sleep_spacing, 1.0, cat="sleep", drive=_d_anyio, spacing=0.1),
    _w(r218_anyio_to_thread_and_awaits, ratio(0.15 + 0.1 + 0.05 + 0.03, 0.15 + 0.05 + 0.03),
       cat="threads", drive=_d_anyio),
    _w(r218_anyio_fail_after_mid_sequence, 1.0, cat="sleep", drive=_d_anyio),
    # -- blocking helpers, to_thread
    _w(r218_blocking_requests_between_awaits, ratio(0.15 + 0.1 + 0.05 + 0.03 + 0.08,
                                                    0.15 + 0.05 + 0.08), cat="threads"),
    _w(r218_time_sleep_spacing_in_async, 1.0, cat="sleep", spacing=0.1),
    _w(r218_to_thread_mixed, ratio(0.15 + 0.12 + 0.06 + 0.05 + 0.03, 0.15 + 0.05 + 0.03),
       cat="threads"),
    # -- try / finally, failures
    _w(r218_finally_put_after_failure, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_except_put_then_retry, ratio(0.15 + 0.04 + 0.05 + 0.03, 0.15 + 0.05 + 0.03),
       cat="validation"),
    _w(r218_failure_mid_writes, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_cleanup_in_except_then_raise, 1.0, cat="validation", drive=_d_web_chain),
    # -- comprehensions, conditionals
    _w(r218_comp_keys_from_index, ratio(0.06 + 0.15 + 0.1 + 0.05 + 0.05, 0.06 + 0.15 + 0.05),
       cat="fanout"),
    _w(r218_conditional_expr_await, 1.0, cat="validation"),
    _w(r218_fstring_two_awaits_into_put, ratio(0.15 + 0.1 + 0.05 + 0.03, 0.15 + 0.05 + 0.03)),
    _w(r218_early_return_on_gate, 1.0, cat="validation"),
    _w(r218_early_return_in_while, 1.0, cat="validation"),
    _w(r218_await_in_boolean_chain, ratio(0.1 + 0.1 + 0.04 + 0.05, 0.1 + 0.04 + 0.05),
       cat="validation"),
    # -- second round
    _w(r218_coroutine_made_before_put, 1.0, cat="state"),
    _w(r218_walrus_chain_in_comp, 1.0, cat="fanout"),
    _w(r218_comp_filter_is_a_put, 1.0, cat="fanout"),
    _w(r218_subclass_client_get_writes, 1.0, cat="clients"),
    _w(r218_httpx_generic_request_put, 1.0, cat="clients"),
    _w(r218_aiohttp_request_put_then_get, 1.0, cat="clients"),
    _w(r218_async_iter_reads_what_body_writes, 1.0, cat="helpers"),
    _w(r218_awaitable_object_puts, 1.0, cat="helpers"),
    _w(r218_partial_coroutine_put, 1.0, cat="helpers"),
    _w(r218_method_state_between_awaits, 1.0, cat="state"),
    _w(r218_loop_carried_cursor, 1.0, cat="state"),
    _w(r218_asend_drives_keys, 1.0, cat="helpers"),
    _w(r218_athrow_finally_put, ratio(0.04 + 0.05 + 0.03 + 0.1, 0.04 + 0.05 + 0.1),
       cat="helpers"),
    _w(r218_while_await_condition, 1.0, cat="validation"),
    _w(r218_return_inside_async_with, 1.0, cat="helpers"),
    _w(r218_params_dict_mutated_between, over(0.12, 0.04), cat="state"),
    _w(r218_global_written_by_async_helper, over(0.12, 0.04), cat="state"),
    _w(r218_finally_reads_what_try_wrote, 1.0, cat="validation"),
    _w(r218_conditional_write_or_read, 1.0, cat="validation"),
    _w(r218_aiohttp_put_then_httpx_get, 1.0, cat="clients"),
    _w(r218_gather_after_put, 1.0, cat="fanout"),
    _w(r218_break_gc_finalised_then_read, 1.0, cat="helpers"),
    # -- third round
    _w(r218_comp_element_reads_prior_put, 1.0, cat="fanout"),
    _w(r218_comp_element_copies_then_reads, 1.0, cat="fanout"),
    _w(r218_for_try_handler_puts_continue, 1.0, cat="validation"),
    _w(r218_for_try_handler_puts_default, 1.0, cat="validation"),
    _w(r218_comp_validator_raises, over(0.1, 0.06), cat="validation", drive=_d_web_chain),
    _w(r218_comp_filter_raises_by_design, over(0.06, 0.06), cat="validation",
       drive=_d_web_chain),
    _w(r218_comp_filter_accidental_error, over(0.06, 0.06), cat="validation",
       drive=_d_web_chain),
    _w(r218_loop_skip_seen_duplicates, over(0.06, 0.06, 0.06), cat="fanout"),
    _w(r218_deferred_wait_past_print_await, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_deferred_wait_past_log_await, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_deferred_wait_past_put, 1.0, cat="validation", drive=_d_web_chain),
    _w(r218_later_failure_waits_for_print, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_two_failures_first_wins, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_fstring_put_then_read, 1.0, cat="http"),
    _a(r218_openai_file_then_httpx_list, 1.0, cat="clients"),
    _a(r218_httpx_upload_then_openai_list, 1.0, cat="clients"),
    _a(r218_put_on_api_then_get_via_web_name, ratio(0.12 + 0.05 + 0.03 + 0.03,
                                                    0.12 + 0.05 + 0.03), cat="where"),
    # -- fourth round
    _w(r218_generator_keys_body_changes_global, 1.0, cat="state"),
    _w(r218_loop_list_grows_in_body, over(0.08, 0.08, 0.08), cat="state"),
    _w(r218_coroutine_params_mutated_before_await, 1.0, cat="state"),
    _w(r218_lambda_and_getattr_writes, 1.0, cat="helpers"),
    _w(r218_sync_helper_returns_put_coroutine, 1.0, cat="helpers"),
    _w(r218_async_helper_mutates_list_arg, ratio(0.12 + 0.03 + 0.03, 0.12 + 0.03), cat="state"),
    _w(r218_ctxvar_set_in_awaited_helper, ratio(0.12 + 0.06 + 0.03, 0.12 + 0.03), cat="state"),
    _w(r218_counter_in_url_loop, 3.0, cat="state"),
    _w(r218_comp_over_generator_keys, 1.0, cat="state"),
    # -- fifth round
    _w(r218_helper_reads_local_dict_after_await, ratio(0.15 + 0.03 + 0.03, 0.15 + 0.03),
       cat="state"),
    _w(r218_helper_reads_global_after_await, ratio(0.15 + 0.03 + 0.03, 0.15 + 0.03),
       cat="state"),
    _w(r218_helper_reads_attr_after_await, ratio(0.15 + 0.03 + 0.03, 0.15 + 0.03),
       cat="state"),
    _w(r218_helper_reads_global_list_len_after_await, ratio(0.15 + 0.03 + 0.03, 0.15 + 0.03),
       cat="state"),
    _w(r218_suppress_block_then_read, 1.0, cat="validation"),
    _w(r218_retry_loop_handler_puts, 1.0, cat="validation"),
    _w(r218_except_fallback_then_second_failure, 1.0, cat="validation", drive=_d_web_chain,
       speculative_reads=True),
    _w(r218_for_else_put, over(0.1, 0.06, 0.03), cat="fanout"),
    _w(r218_stream_reads_then_put, ratio(0.1 + 0.08 + 0.05 + 0.03, 0.1 + 0.05 + 0.03)),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
