"""Red-team cases (stop 131): async deadlines and cancellation.

``async def`` functions jitted and driven by ``asyncio.run``, with deadlines written every
way users write them: ``asyncio.timeout``/``timeout_at``/``wait_for``, anyio's
``fail_after``/``move_on_after``/``CancelScope``, kept in names, made by helpers, by a
method, a classmethod, a callable object or a ``functools.partial``, entered through an
``AsyncExitStack`` kept in a name, nested, around the user's own ``gather`` and
``TaskGroup``; a deadline whose clock started before reads the JIT may overlap, a read
started above the deadline whose wait may be put off into it, a coroutine made before the
deadline and awaited inside it, a per-item deadline in a loop or a comprehension;
deadlines that are no ``with`` at all (``loop.call_later(t, task.cancel)``, a watchdog
task in a ``TaskGroup``); ``shield``; tasks of the user's cancelled after reads;
``asyncio.wait`` with ``FIRST_COMPLETED`` or ``timeout=``, ``as_completed(timeout=)``; and
harmless async context managers (locks, semaphores, anyio limiters, tracing spans, a rate
limiter, ``nullcontext``, an exit stack of clients, ``timeout(None)``) around awaits that
should still overlap. Deadlines have wide margins so that the plain run is deterministic.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

import anyio
import httpx
import openai

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam131")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


# =========================================================================== drivers


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _d_none(f: Any, env: Env) -> Any:
    return asyncio.run(f())


def _d_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _d_web_lock(f: Any, env: Env) -> Any:
    async def main() -> Any:
        return await f(env.web, asyncio.Lock())
    return asyncio.run(main())


def _d_caller_deadline(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await asyncio.wait_for(f(env.web), 0.2)
        except TimeoutError:
            return "caller timed out"
    return asyncio.run(main())


# =========================================================================== helpers


async def aget(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def aput(http: httpx.AsyncClient, key: str, text: str) -> int:
    r = await http.put(f"/items/{key}", content=text)
    return r.json()["version"]


async def slow_value(x: int, d: float) -> int:
    await asyncio.sleep(d)
    return x * 10


async def achat(client: Any, prompt: str, lat: float, **kw: Any) -> str:
    r = await client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                             extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


# =========================================================================== (1) a read's wait put
# off into a deadline, a clock started before reads the JIT may overlap


async def r131_deferred_wait_into_timeout(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "dw1", 200)
        b = await aget(http, "dw2", 40)
        try:
            async with asyncio.timeout(0.12):
                c = await aget(http, f"{a}-c", 40)
        except TimeoutError:
            c = "timeout"
    return [a, b, c]


async def r131_deferred_wait_into_fail_after(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "df1", 200)
        b = await aget(http, "df2", 40)
        try:
            with anyio.fail_after(0.12):
                c = await aget(http, a + "-c", 40)
        except TimeoutError:
            c = "timeout"
    return [a, b, c]


async def r131_deferred_wait_into_move_on(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "dm1", 200)
        b = await aget(http, "dm2", 40)
        with anyio.move_on_after(0.12) as scope:
            print("got", a)
            out.append(await aget(http, "dm3", 40))
        out += [a, b, scope.cancelled_caught]
    return out



async def r131_deferred_sleep_into_timeout() -> list[Any]:
    a = await slow_value(1, 0.2)
    b = await slow_value(2, 0.04)
    try:
        async with asyncio.timeout(0.12):
            c = await slow_value(a, 0.04)
    except TimeoutError:
        c = "timeout"
    return [a, b, c]


async def r131_budget_from_loop_time(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 0.25
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "lt1", 150)
        b = await aget(http, "lt2", 150)
        try:
            async with asyncio.timeout_at(deadline):
                c = await aget(http, "lt3", 40)
        except TimeoutError:
            c = "out of budget"
    return [a, b, c]


async def r131_budget_left_generous(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 2.0
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "lg1", 150)
        b = await aget(http, "lg2", 40)
        async with asyncio.timeout_at(deadline):
            c = await aget(http, "lg3", 90)
    return [a, b, c]


# =========================================================================== (2) a coroutine or a
# read made above the deadline, awaited inside it


async def r131_coro_made_before_wait_for(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        pending = aget(http, "cb1", 200)
        a = await aget(http, "cb0", 150)
        try:
            b = await asyncio.wait_for(pending, 0.1)
        except TimeoutError:
            b = "timeout"
    return [a, b]


async def r131_coro_made_before_timeout(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        pending = aget(http, "ct1", 200)
        a = await aget(http, "ct0", 150)
        try:
            async with asyncio.timeout(0.1):
                b = await pending
        except TimeoutError:
            b = "timeout"
    return [a, b]



async def r131_wait_for_shielded_get(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "ws0", 150)
        inner = asyncio.ensure_future(aget(http, "ws1", 200))
        try:
            b = await asyncio.wait_for(asyncio.shield(inner), 0.1)
        except TimeoutError:
            b = "slow: " + await inner
    return [a, b]


# =========================================================================== (3) per-item deadlines


async def r131_loop_item_timeout(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms in (("li1", 40), ("li2", 40), ("li3", 150)):
            try:
                async with asyncio.timeout(0.12):
                    out.append(await aget(http, key, ms))
            except TimeoutError:
                out.append(f"{key}: timeout")
    return out


async def r131_loop_item_wait_for(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms in (("lw1", 40), ("lw2", 40), ("lw3", 150)):
            try:
                out.append(await asyncio.wait_for(aget(http, key, ms), 0.12))
            except TimeoutError:
                out.append(f"{key}: timeout")
    return out


async def r131_comprehension_wait_for(web: str) -> Any:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            return [await asyncio.wait_for(aget(http, k, ms), 0.12)
                    for k, ms in (("cw1", 40), ("cw2", 40), ("cw3", 150))]
        except TimeoutError:
            return "a fetch timed out"


async def r131_loop_shared_deadline(web: str) -> list[str]:
    out = []
    deadline = asyncio.get_running_loop().time() + 0.25
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms in (("ls1", 150), ("ls2", 20), ("ls3", 150)):
            try:
                async with asyncio.timeout_at(deadline):
                    out.append(await aget(http, key, ms))
            except TimeoutError:
                out.append(f"{key}: late")
    return out


# =========================================================================== (4) deadlines the
# detection may not see: made by a method, a classmethod, a callable, a partial, a named stack


class Limits:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def deadline(self) -> Any:
        return asyncio.timeout(self.seconds)

    @classmethod
    def tight(cls) -> Any:
        return asyncio.timeout(0.25)

    def __call__(self) -> Any:
        return anyio.fail_after(self.seconds)



async def r131_deadline_from_classmethod(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with Limits.tight():
                out.append(await aget(http, "dc-a", 150))
                out.append(await aget(http, "dc-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r131_deadline_callable_object(web: str) -> list[str]:
    budget = Limits(0.25)
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            with budget():
                out.append(await aget(http, "do-a", 150))
                out.append(await aget(http, "do-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r131_deadline_partial(web: str) -> list[str]:
    quarter = functools.partial(asyncio.timeout, 0.25)
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with quarter():
                out.append(await aget(http, "dp-a", 150))
                out.append(await aget(http, "dp-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


QUARTER = functools.partial(anyio.move_on_after, 0.25)


async def r131_deadline_global_partial(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        with QUARTER() as scope:
            out.append(await aget(http, "dg-a", 150))
            out.append(await aget(http, "dg-b", 150))
        out.append(scope.cancelled_caught)
    return out


async def r131_deadline_named_exit_stack(web: str) -> list[str]:
    out = []
    stack = contextlib.AsyncExitStack()
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with stack:
                await stack.enter_async_context(asyncio.timeout(0.25))
                out.append(await aget(http, "ds-a", 150))
                out.append(await aget(http, "ds-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r131_deadline_sync_exit_stack(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            with contextlib.ExitStack() as stack:
                stack.enter_context(anyio.fail_after(0.25))
                out.append(await aget(http, "dx-a", 150))
                out.append(await aget(http, "dx-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out





async def r131_cancel_scope_cancel_midway(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        with anyio.CancelScope() as scope:
            first = await aget(http, "cm-a", 150)
            out.append(first)
            if first.startswith("v-"):
                scope.cancel()
            out.append(await aget(http, "cm-b", 40))
        out.append(scope.cancelled_caught)
        out.append(await aget(http, "cm-c", 90))
    return out


LIMITS = Limits(0.25)


async def r131_deadline_global_instance_method(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with LIMITS.deadline():
                out.append(await aget(http, "gm-a", 150))
                out.append(await aget(http, "gm-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r131_deadline_global_callable(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            with LIMITS():
                out.append(await aget(http, "gc-a", 150))
                out.append(await aget(http, "gc-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r131_comprehension_in_timeout(web: str) -> Any:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.25):
                return [await aget(http, k, 150) for k in ("ci1", "ci2")]
        except TimeoutError:
            return "timeout"


async def r131_for_loop_in_timeout(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.25):
                for k in ("fl1", "fl2", "fl3"):
                    out.append(await aget(http, k, 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def bounded_get(http: httpx.AsyncClient, key: str, ms: int, deadline: float) -> str:
    try:
        async with asyncio.timeout_at(deadline):
            return await aget(http, key, ms)
    except TimeoutError:
        return f"{key}: out of budget"


async def r131_helper_absolute_deadline(web: str) -> list[str]:
    deadline = asyncio.get_running_loop().time() + 0.25
    async with httpx.AsyncClient(base_url=web) as http:
        a = await bounded_get(http, "ha1", 150, deadline)
        b = await bounded_get(http, "ha2", 150, deadline)
    return [a, b]


async def r131_cancel_scope_absolute(web: str) -> list[Any]:
    start = anyio.current_time()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "sa1", 150)
        b = await aget(http, "sa2", 150)
        with anyio.CancelScope(deadline=start + 0.25) as scope:
            c = await aget(http, "sa3", 40)
    return [a, b, scope.cancelled_caught, c if not scope.cancelled_caught else None]


# =========================================================================== (5) deadlines that are
# no `with`: a timer that cancels the task, a watchdog task, a caller's wait_for


async def r131_call_later_cancels_self(web: str) -> list[str]:
    out = []
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    handle = loop.call_later(0.25, me.cancel)
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            out.append(await aget(http, "cl-a", 150))
            out.append(await aget(http, "cl-b", 150))
        except asyncio.CancelledError:
            me.uncancel()
            out.append("cancelled")
        finally:
            handle.cancel()
    return out


async def r131_call_later_flag(web: str) -> list[Any]:
    expired: list[bool] = []
    loop = asyncio.get_running_loop()
    handle = loop.call_later(0.25, expired.append, True)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cf-a", 150)
        b = await aget(http, "cf-b", 150)
        handle.cancel()
        if expired:
            await aput(http, "cf-alert", "over budget")
    return [a, b, bool(expired)]


async def watchdog(seconds: float) -> None:
    await asyncio.sleep(seconds)
    raise TimeoutError("watchdog")


async def r131_watchdog_task_in_taskgroup(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.TaskGroup() as tg:
                dog = tg.create_task(watchdog(0.25))
                out.append(await aget(http, "wg-a", 150))
                out.append(await aget(http, "wg-b", 150))
                dog.cancel()
        except* TimeoutError:
            out.append("watchdog fired")
    return out


async def r131_caller_wait_for(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cw-a", 120)
        b = await aget(http, "cw-b", 120)
    return [a, b]


# =========================================================================== (6) tasks of the user's,
# cancelled or raced


async def late_put(http: httpx.AsyncClient, key: str, delay: float) -> int:
    await asyncio.sleep(delay)
    return await aput(http, key, "late")


async def r131_cancel_task_after_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        t = asyncio.create_task(late_put(http, "ck-late", 0.2))
        a = await aget(http, "ck-a", 150)
        b = await aget(http, "ck-b", 150)
        t.cancel()
        try:
            await t
            state = "wrote"
        except asyncio.CancelledError:
            state = "cancelled"
        c = await aget(http, "ck-late", 40)
    return [a, b, state, c]


async def r131_task_done_check(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        bg = asyncio.create_task(slow_value(7, 0.2))
        a = await aget(http, "td-a", 150)
        b = await aget(http, "td-b", 150)
        ready = bg.done()
        if not ready:
            bg.cancel()
    return [a, b, ready]


async def r131_hedged_first_completed(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        t1 = asyncio.create_task(aget(http, "hf-slow", 150))
        t2 = asyncio.create_task(aget(http, "hf-fast", 40))
        done, pending = await asyncio.wait({t1, t2}, return_when=asyncio.FIRST_COMPLETED)
        for p in pending:
            p.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        winner = done.pop().result()
        c = await aget(http, winner, 90)
        d = await aget(http, "hf-d", 40)
    return [winner, c, d]


async def r131_wait_timeout_then_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        tasks = {asyncio.create_task(aget(http, k, ms)): k
                 for k, ms in (("wt1", 300), ("wt2", 40), ("wt3", 90))}
        done, pending = await asyncio.wait(tasks, timeout=0.2)
        for p in pending:
            p.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        got = sorted(tasks[t] for t in done)
        a = await aget(http, "wt-after1", 150)
        b = await aget(http, "wt-after2", 40)
    return [got, len(pending), a, b]


async def r131_as_completed_timeout(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        tasks = [asyncio.create_task(aget(http, k, ms))
                 for k, ms in (("ac1", 300), ("ac2", 40), ("ac3", 90))]
        try:
            for fut in asyncio.as_completed(tasks, timeout=0.2):
                out.append(await fut)
        except TimeoutError:
            out.append("rest too slow")
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        out.append(await aget(http, "ac-after", 40))
    return out


async def r131_shield_write_survives_timeout(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "sw-a", 150)
        save = asyncio.ensure_future(late_put(http, "sw-saved", 0.15))
        try:
            async with asyncio.timeout(0.05):
                await asyncio.shield(save)
        except TimeoutError:
            print("gave up waiting, still saving")
        version = await save
        b = await aget(http, "sw-saved", 40)
    return [a, version, b]


# =========================================================================== (7) deadlines around the
# user's own concurrency; nested deadlines; writes and prints in a deadline


async def r131_timeout_around_gather(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with asyncio.timeout(2.0):
            got = await asyncio.gather(aget(http, "tg1", 150), aget(http, "tg2", 40),
                                       aget(http, "tg3", 90))
        after = await aget(http, "tg-after", 40)
    return [got, after]


async def r131_timeout_expires_in_gather(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.1):
                got: Any = await asyncio.gather(aget(http, "te1", 150), aget(http, "te2", 40))
        except TimeoutError:
            got = "timeout"
        a = await aget(http, "te-after1", 150)
        b = await aget(http, "te-after2", 40)
    return [got, a, b]


async def r131_fail_after_around_taskgroup(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        with anyio.fail_after(2.0):
            async with anyio.create_task_group() as tg:
                box: dict[str, str] = {}

                async def one(k: str, ms: int) -> None:
                    box[k] = await aget(http, k, ms)
                tg.start_soon(one, "fg1", 150)
                tg.start_soon(one, "fg2", 40)
        c = await aget(http, "fg3", 90)
    return [sorted(box.items()), c]


async def r131_nested_inner_expires(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        async with asyncio.timeout(2.0):
            out.append(await aget(http, "ne-a", 40))
            try:
                async with asyncio.timeout(0.1):
                    out.append(await aget(http, "ne-slow", 150))
            except TimeoutError:
                out.append("inner timeout")
            await aput(http, "ne-mark", "after inner")
            out.append(await aget(http, "ne-mark", 40))
    return out


async def r131_nested_outer_expires(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.25):
                async with asyncio.timeout(2.0):
                    out.append(await aget(http, "no-a", 150))
                out.append(await aget(http, "no-b", 150))
        except TimeoutError:
            out.append("outer timeout")
    return out


async def r131_timeout_writes_midway(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(0.25):
                for key in ("tw1", "tw2", "tw3"):
                    v = await aget(http, key, 120)
                    print("fetched", key)
                    await aput(http, key + "-copy", v)
                    out.append(v)
        except TimeoutError:
            print("stopped")
            out.append("timeout")
        listing = (await http.get("/items")).json()["keys"]
    return out + listing


async def r131_reads_around_deadline_block(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "ra-a", 150)
        LOG.info("before block %s", a)
        async with asyncio.timeout(2.0):
            b = await aget(http, "ra-b", 40)
            c = await aget(http, "ra-c", 40)
        LOG.info("after block %s %s", b, c)
        d = await aget(http, "ra-d", 90)
    return [a, b, c, d]


async def r131_move_on_logs_and_reads_after(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        with anyio.move_on_after(0.1) as scope:
            out.append(await aget(http, "ml-a", 150))
        if scope.cancelled_caught:
            LOG.warning("moved on")
        out.append(await aget(http, "ml-b", 150))
        out.append(await aget(http, "ml-c", 40))
    return out




async def r131_oa_timeout_block(client: Any) -> list[str]:
    out = []
    try:
        async with asyncio.timeout(0.25):
            out.append(await achat(client, "first?", 0.15))
            out.append(await achat(client, "second?", 0.15))
    except TimeoutError:
        out.append("timeout")
    out.append(await achat(client, "after?", 0.04))
    return out


async def r131_oa_request_timeout_option(client: Any) -> list[str]:
    out = []
    for q, lat in (("slow?", 0.15), ("slower?", 0.3), ("quick?", 0.04)):
        try:
            out.append(await achat(client, q, lat, timeout=0.2))
        except openai.APITimeoutError:
            out.append(f"{q} timed out")
    return out


# =========================================================================== (8) harmless context
# managers around awaits that should still overlap


async def r131_local_lock_three(web: str) -> list[str]:
    lock = asyncio.Lock()
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with lock:
            a = await aget(http, "ll1", 150)
            b = await aget(http, "ll2", 40)
            c = await aget(http, "ll3", 90)
    return [a, b, c]


async def r131_local_semaphore_three(web: str) -> list[str]:
    sem = asyncio.Semaphore(3)
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with sem:
            a = await aget(http, "lsm1", 150)
            b = await aget(http, "lsm2", 40)
            c = await aget(http, "lsm3", 90)
    return [a, b, c]




async def r131_lock_parameter(web: str, lock: asyncio.Lock) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with lock:
            a = await aget(http, "lp1", 150)
            b = await aget(http, "lp2", 40)
            c = await aget(http, "lp3", 90)
    return [a, b, c]


class Store:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.values: list[str] = []


async def r131_lock_in_attribute(web: str) -> list[str]:
    store = Store()
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with store.lock:
            a = await aget(http, "la1", 150)
            b = await aget(http, "la2", 40)
            c = await aget(http, "la3", 90)
    return [a, b, c]


async def r131_anyio_limiter_and_lock(web: str) -> list[str]:
    limiter = anyio.CapacityLimiter(4)
    lock = anyio.Lock()
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with limiter, lock:
            a = await aget(http, "al1", 150)
            b = await aget(http, "al2", 40)
            c = await aget(http, "al3", 90)
    return [a, b, c]


@contextlib.asynccontextmanager
async def span(name: str) -> Any:
    LOG.info("span %s start", name)
    try:
        yield name
    finally:
        LOG.info("span %s end", name)


async def r131_tracing_span_acm(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with span("fetch-three"):
            a = await aget(http, "sp1", 150)
            b = await aget(http, "sp2", 40)
            c = await aget(http, "sp3", 90)
    return [a, b, c]


class Span:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Span:
        print("enter", self.name)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        print("exit", self.name)


async def r131_tracing_span_class(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with Span("three"):
            a = await aget(http, "sc1", 150)
            b = await aget(http, "sc2", 40)
            c = await aget(http, "sc3", 90)
    return [a, b, c]


class RateLimiter:
    def __init__(self, gap: float) -> None:
        self.gap = gap

    async def __aenter__(self) -> None:
        await asyncio.sleep(self.gap)

    async def __aexit__(self, *exc: Any) -> None:
        return None


async def r131_rate_limiter_each(web: str) -> list[str]:
    limiter = RateLimiter(0.05)
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key in ("rl1", "rl2", "rl3"):
            async with limiter:
                out.append(await aget(http, key, 40))
    return out


async def r131_nullcontext_async(web: str, bounded: bool = False) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:  # noqa: SIM117
        async with (asyncio.timeout(0.1) if bounded else contextlib.nullcontext()):
            a = await aget(http, "nc1", 150)
            b = await aget(http, "nc2", 40)
            c = await aget(http, "nc3", 90)
    return [a, b, c]


async def r131_exit_stack_of_clients(web: str) -> list[str]:
    async with contextlib.AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=web))
        a = await aget(http, "ec1", 150)
        b = await aget(http, "ec2", 40)
        c = await aget(http, "ec3", 90)
    return [a, b, c]


async def r131_timeout_none(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with asyncio.timeout(None):
            a = await aget(http, "tn1", 150)
            b = await aget(http, "tn2", 40)
            c = await aget(http, "tn3", 90)
    return [a, b, c]


async def r131_generous_timeout_three(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        async with asyncio.timeout(2.0):
            a = await aget(http, "gt1", 150)
            b = await aget(http, "gt2", 40)
            c = await aget(http, "gt3", 90)
    return [a, b, c]


async def r131_suppress_around_awaits(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        with contextlib.suppress(KeyError):
            out.append(await aget(http, "su1", 150))
            out.append(await aget(http, "su2", 40))
            out.append(await aget(http, "su3", 90))
    return out


async def r131_wait_for_generous_each(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await asyncio.wait_for(aget(http, "wg1", 150), timeout=2.0)
        b = await asyncio.wait_for(aget(http, "wg2", 40), timeout=2.0)
        c = await asyncio.wait_for(aget(http, "wg3", 90), timeout=2.0)
    return [a, b, c]



# =========================================================================== the lists


def _web(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, drive=kw.pop("drive", _d_web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _oa(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=kw.pop("drive", _d_oa), servers=kw.pop("servers", "api"),
                ideal=ideal, **kw)


O3 = over(0.15, 0.04, 0.09)
DEFER = (0.2 + 0.04 + 0.04) / 0.24

ALL: list[Case] = [
    _web(r131_deferred_wait_into_timeout, DEFER),
    _web(r131_deferred_wait_into_fail_after, DEFER),
    _web(r131_deferred_wait_into_move_on, DEFER),
    Case("sleep", r131_deferred_sleep_into_timeout, drive=_d_none, ideal=DEFER),
    _web(r131_budget_from_loop_time, 0.34 / 0.19),
    _web(r131_budget_left_generous, O3),
    _web(r131_coro_made_before_wait_for),
    _web(r131_coro_made_before_timeout),
    _web(r131_wait_for_shielded_get),
    _web(r131_loop_item_timeout),
    _web(r131_loop_item_wait_for),
    _web(r131_comprehension_wait_for),
    _web(r131_loop_shared_deadline),
    _web(r131_deadline_from_classmethod),
    _web(r131_deadline_callable_object),
    _web(r131_deadline_partial),
    _web(r131_deadline_global_partial),
    _web(r131_deadline_named_exit_stack),
    _web(r131_deadline_sync_exit_stack),
    _web(r131_deadline_global_instance_method),
    _web(r131_deadline_global_callable),
    _web(r131_comprehension_in_timeout),
    _web(r131_for_loop_in_timeout),
    _web(r131_helper_absolute_deadline),
    _web(r131_cancel_scope_absolute, 0.34 / 0.19),
    _web(r131_cancel_scope_cancel_midway, speculative_reads=True),
    _web(r131_call_later_cancels_self),
    _web(r131_call_later_flag),
    _web(r131_watchdog_task_in_taskgroup),
    _web(r131_caller_wait_for, drive=_d_caller_deadline),
    _web(r131_cancel_task_after_reads, cat="state"),
    _web(r131_task_done_check, cat="state"),
    _web(r131_hedged_first_completed, (0.04 + 0.09 + 0.04) / 0.13, cat="fanout"),
    _web(r131_wait_timeout_then_reads, (0.2 + 0.15 + 0.04) / 0.35, cat="fanout"),
    _web(r131_as_completed_timeout, cat="fanout"),
    _web(r131_shield_write_survives_timeout, cat="state"),
    _web(r131_timeout_around_gather, (0.15 + 0.04) / 0.15, cat="fanout", overlap=3),
    _web(r131_timeout_expires_in_gather, (0.1 + 0.15 + 0.04) / 0.25, cat="fanout"),
    _web(r131_fail_after_around_taskgroup, (0.15 + 0.09) / 0.15, cat="fanout"),
    _web(r131_nested_inner_expires),
    _web(r131_nested_outer_expires),
    _web(r131_timeout_writes_midway, cat="state"),
    _web(r131_reads_around_deadline_block, (0.15 + 0.08 + 0.09) / 0.15),
    _web(r131_move_on_logs_and_reads_after, (0.1 + 0.15 + 0.04) / 0.25),
    _oa(r131_oa_timeout_block, (0.25 + 0.04) / 0.25),
    _oa(r131_oa_request_timeout_option, (0.15 + 0.2 + 0.04) / 0.2),
    _web(r131_local_lock_three, O3, cat="state", overlap=3),
    _web(r131_local_semaphore_three, O3, cat="state", overlap=3),
    _web(r131_lock_parameter, O3, cat="state", drive=_d_web_lock, overlap=3),
    _web(r131_lock_in_attribute, O3, cat="state", overlap=3),
    _web(r131_anyio_limiter_and_lock, O3, cat="state", overlap=3),
    _web(r131_tracing_span_acm, O3, cat="helpers", overlap=3),
    _web(r131_tracing_span_class, O3, cat="helpers", overlap=3),
    _web(r131_rate_limiter_each, cat="sleep", spacing=0.04),
    _web(r131_nullcontext_async, O3, cat="helpers", overlap=3),
    _web(r131_exit_stack_of_clients, O3, cat="clients", overlap=3),
    _web(r131_timeout_none, O3, overlap=3),
    _web(r131_generous_timeout_three),
    _web(r131_suppress_around_awaits, O3, cat="helpers", overlap=3),
    _web(r131_wait_for_generous_each, O3),
]

_MISSED = ("plain: two 150 ms awaits in a 0.25 s deadline run one after the other and time "
           "out; jit overlaps them (~150 ms) and returns both values. `_bodies._may_be_a_deadline`"
           " does not see the deadline: ")
_TIMER = ("a deadline that is no `with`: plain's two 150 ms awaits take 300 ms and the timer "
          "(0.25 s) fires between them; jit overlaps them and finishes first. ")

# Fixed: a with-item that may be a deadline in a coroutine is found through a partial, a
# method, a callable object of yours and a named exit stack (`_bodies.deadline_blocks`),
# and a function that sets a timer (`call_later`, `call_at`, `threading.Timer`,
# `signal.alarm`) runs its reads in place (`_effects.sets_a_timer`).
FIXED_WHY: dict[str, str] = {
    "r131_deadline_from_classmethod": _MISSED + "`async with Limits.tight():`, a classmethod "
        "returning asyncio.timeout(0.25): the callee resolves to a bound method, neither a "
        "FunctionType of the user's nor a class, so not 'may be a deadline'.",
    "r131_deadline_global_instance_method": _MISSED + "`async with LIMITS.deadline():` on a "
        "module-level instance: a bound method, as the classmethod (a local instance passes, "
        "its callee being unknown).",
    "r131_deadline_global_callable": _MISSED + "`with LIMITS():`, a global object of the user's"
        " whose __call__ returns anyio.fail_after(0.25): the callee is an instance, neither a "
        "function nor a class.",
    "r131_deadline_global_partial": _MISSED + "`with QUARTER() as scope:`, QUARTER = "
        "functools.partial(anyio.move_on_after, 0.25) at module level (jit: 3 items, "
        "cancelled_caught False). The partial is not unwrapped (`.func`); a local partial "
        "passes only because its callee is unknown.",
    "r131_deadline_named_exit_stack": _MISSED + "`stack = AsyncExitStack()` then `async with "
        "stack:` and `await stack.enter_async_context(asyncio.timeout(0.25))`: for a Name of "
        "known type only the type is checked (not `_STACKS`, which is checked for a call).",
    "r131_call_later_cancels_self": _TIMER + "`loop.call_later(0.25, current_task().cancel)`"
        " around two awaits: plain ['v-cl-a', 'cancelled'], jit both values (call_later is "
        "documented as not covered, but here it is the deadline itself).",
    "r131_call_later_flag": _TIMER + "`loop.call_later(0.25, expired.append, True)` then two "
        "150 ms reads; `if expired:` PUTs an alert: plain PUTs it, jit does not.",
}
# Deadlines measured from a clock read before reads that overlap, or set by the caller:
# the speedup itself observed (docs/jit.md, as r127_clock_slow_flag). Out of `CASES`.
ALLOWED_WHY: dict[str, str] = {
    "r131_budget_from_loop_time": "`deadline = loop.time() + 0.25` before two 150 ms reads, then "
        "`async with asyncio.timeout_at(deadline)` around a third: plain is out of budget "
        "(never sends it), jit overlaps the two reads and gets the third. Entering a deadline "
        "with a time kept from before is a clock comparison, but the reads before it move; "
        "arguably the speedup observed, as r127_clock_slow_flag.",
    "r131_cancel_scope_absolute": "as r131_budget_from_loop_time with anyio: `start = "
        "anyio.current_time()`, two 150 ms reads, `CancelScope(deadline=start + 0.25)` around a"
        " third: plain cancelled_caught True and no GET sa3, jit False and the GET sent.",
    "r131_caller_wait_for": "the caller's deadline: the driver runs `asyncio.wait_for(f(web), "
        "0.2)` around a function of two 120 ms reads: plain times out, jit returns both. The "
        "speedup observed from outside (docs allow sends beside a caller's timeout, not a "
        "different outcome); listed for completeness.",
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in ALLOWED_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in ALLOWED_WHY]
