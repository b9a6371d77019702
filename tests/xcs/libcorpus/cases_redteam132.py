"""Red-team cases (stop 132): attacks on the newest timing rules.

A timer the function sets itself keeps its reads in place (`_effects.sets_a_timer`, the
'sets a timer' entry of `_analysis.analyse`), a function that starts a thread of its own
runs as written (`_plan._own_threads`), and a ``with`` whose item may be a deadline keeps
its body as written (`_bodies.deadline_blocks`). Here the timer is set where those rules
do not look: in a helper (``loop.call_later``, ``threading.Timer``, ``signal.setitimer``
with a handler that raises), through a ``functools.partial``, a lambda or a nested
function, in a context manager's ``__enter__``, by ``sched``; watchdog threads and tasks;
deadlines kept in attributes and dict entries, made in one coroutine and entered in
another, typed by an annotation; ``asyncio.wait(timeout=)``, ``wait_for`` in helpers,
``shield``, a ``TaskGroup`` task that stops the group after a sleep, anyio's
``cancel_scope.cancel()`` after a sleep, ``call_soon_threadsafe`` from a thread, a socket
default timeout set by a helper. And timing-looking code that should still overlap
(per-request timeouts, a timer cancelled before the reads). Deadlines have wide margins
(0.25 s around two 150 ms waits) so the plain run is deterministic. Sibling calls get
unequal latencies, slow first. `FAILING` holds the cases that differed or crashed under
jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sched
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import anyio
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam132")

NOFILE = 256  # (a child process: its main thread may take signals)


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


# =========================================================================== sync helpers


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]


def put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text).json()["version"]


def arm_flag(flag: threading.Event, seconds: float) -> threading.Timer:
    t = threading.Timer(seconds, flag.set)
    t.daemon = True
    t.start()
    return t


def arm_list(box: list, seconds: float) -> threading.Timer:
    t = threading.Timer(seconds, box.append, args=("expired",))
    t.daemon = True
    t.start()
    return t


def _watch(state: dict, seconds: float) -> None:
    time.sleep(seconds)
    state["expired"] = True


def start_watchdog(state: dict, seconds: float) -> threading.Thread:
    th = threading.Thread(target=_watch, args=(state, seconds), daemon=True)
    th.start()
    return th


def supervise(state: dict, seconds: float) -> threading.Thread:
    return start_watchdog(state, seconds)


class Deadline(threading.Timer):
    """A timer of the user's: flips its own flag."""

    def __init__(self, seconds: float) -> None:
        self.hit = False
        super().__init__(seconds, self._hit)
        self.daemon = True

    def _hit(self) -> None:
        self.hit = True


class Watchdog:
    """A context manager whose ``__enter__`` starts a timer (no call names it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._t: threading.Timer | None = None

    def _fire(self) -> None:
        self.fired = True

    def __enter__(self) -> Watchdog:
        self._t = threading.Timer(self.seconds, self._fire)
        self._t.daemon = True
        self._t.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self._t is not None
        self._t.cancel()


class Over(Exception):
    """Raised by a SIGALRM handler."""


def _raise_over(signum: int, frame: Any) -> None:
    raise Over("time is up")


def arm_alarm(seconds: float) -> Any:
    old = signal.signal(signal.SIGALRM, _raise_over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return old


def disarm_alarm(old: Any) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    old = signal.signal(signal.SIGALRM, _raise_over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class AlarmAfter:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> AlarmAfter:
        self.old = signal.signal(signal.SIGALRM, _raise_over)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.old)


ARM_REAL = functools.partial(signal.setitimer, signal.ITIMER_REAL)
LATER = functools.partial(threading.Timer, 0.25)


def tighten_sockets(seconds: float) -> None:
    socket.setdefaulttimeout(seconds)


# =========================================================================== (1) sync timers in
# helpers: a threading.Timer or a watchdog thread flips a flag a later branch reads


def r132_timer_helper_event(web: str) -> list[Any]:
    flag = threading.Event()
    t = arm_flag(flag, 0.25)
    a = get(web, "te-a", 150)
    b = get(web, "te-b", 150)
    t.cancel()
    if flag.is_set():
        put(web, "te-alert", "over budget")
    return [a, b, flag.is_set()]


def r132_timer_helper_list(web: str) -> list[Any]:
    box: list[str] = []
    t = arm_list(box, 0.25)
    a = get(web, "tl-a", 150)
    b = get(web, "tl-b", 150)
    t.cancel()
    c = get(web, "tl-late", 40) if box else get(web, "tl-ok", 40)
    return [a, b, c, list(box)]


def r132_watchdog_thread_helper(web: str) -> list[Any]:
    state: dict[str, bool] = {"expired": False}
    start_watchdog(state, 0.25)
    a = get(web, "wd-a", 150)
    b = get(web, "wd-b", 150)
    if state["expired"]:
        print("watchdog expired")
        return [a, b, "expired"]
    return [a, b, "in time"]


def r132_watchdog_two_levels(web: str) -> list[Any]:
    state: dict[str, bool] = {"expired": False}
    supervise(state, 0.25)
    a = get(web, "w2-a", 150)
    b = get(web, "w2-b", 150)
    return [a, b, state["expired"]]


def r132_timer_subclass(web: str) -> list[Any]:
    d = Deadline(0.25)
    d.start()
    a = get(web, "ts-a", 150)
    b = get(web, "ts-b", 150)
    d.cancel()
    return [a, b, d.hit]


def r132_timer_via_partial(web: str) -> list[Any]:
    flag = threading.Event()
    t = LATER(flag.set)
    t.daemon = True
    t.start()
    a = get(web, "tp-a", 150)
    b = get(web, "tp-b", 150)
    t.cancel()
    return [a, b, flag.is_set()]


def r132_watchdog_with_block(web: str) -> list[Any]:
    with Watchdog(0.25) as wd:
        a = get(web, "wb-a", 150)
        b = get(web, "wb-b", 150)
    if wd.fired:
        put(web, "wb-alert", "slow")
    return [a, b, wd.fired]


def r132_watchdog_with_log(web: str) -> list[Any]:
    with Watchdog(0.25) as wd:
        a = get(web, "wl-a", 150)
        LOG.info("got %s fired=%s", a, wd.fired)
        b = get(web, "wl-b", 150)
        LOG.info("got %s fired=%s", b, wd.fired)
    return [a, b]


def r132_sched_event_due(web: str) -> list[Any]:
    due: list[str] = []
    s = sched.scheduler(time.monotonic, time.sleep)
    s.enter(0.25, 1, due.append, ("reminder",))
    a = get(web, "sc-a", 150)
    b = get(web, "sc-b", 150)
    s.run(blocking=False)
    return [a, b, due]


def r132_timer_helper_oa(client: Any) -> list[Any]:
    flag = threading.Event()
    t = arm_flag(flag, 0.25)
    out = []
    for q in ("first?", "second?"):
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           extra_body={"latency": 0.15})
        out.append(r.choices[0].message.content)
    t.cancel()
    out.append("late" if flag.is_set() else "in time")
    return out


def r132_socket_timeout_helper(web: str) -> list[Any]:
    out: list[Any] = []
    tighten_sockets(0.1)
    try:
        for key, ms in (("st-a", 40), ("st-b", 150), ("st-c", 40)):
            try:
                out.append(get(web, key, ms))
            except requests.exceptions.ConnectionError as exc:  # (a read timeout)
                out.append(type(exc).__name__)
    finally:
        socket.setdefaulttimeout(None)
    return out


# =========================================================================== (2) signals: a
# SIGALRM handler that raises, armed in the function, a helper, a context manager, a partial


def r132_itimer_inline(web: str) -> list[Any]:
    out: list[Any] = []
    old = signal.signal(signal.SIGALRM, _raise_over)
    signal.setitimer(signal.ITIMER_REAL, 0.25)
    try:
        out.append(get(web, "ii-a", 150))
        out.append(get(web, "ii-b", 150))
    except Over as exc:
        out.append(str(exc))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return out


def r132_itimer_helper(web: str) -> list[Any]:
    out: list[Any] = []
    old = arm_alarm(0.25)
    try:
        out.append(get(web, "ih-a", 150))
        out.append(get(web, "ih-b", 150))
    except Over as exc:
        out.append(str(exc))
    finally:
        disarm_alarm(old)
    return out


def r132_itimer_contextmanager(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        with time_limit(0.25):
            out.append(get(web, "ic-a", 150))
            out.append(get(web, "ic-b", 150))
    except Over as exc:
        out.append(str(exc))
    return out


def r132_itimer_class_cm(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        with AlarmAfter(0.25):
            out.append(get(web, "ik-a", 150))
            out.append(get(web, "ik-b", 150))
    except Over as exc:
        out.append(str(exc))
    return out


def r132_itimer_partial(web: str) -> list[Any]:
    out: list[Any] = []
    old = signal.signal(signal.SIGALRM, _raise_over)
    ARM_REAL(0.25)
    try:
        out.append(get(web, "ip-a", 150))
        out.append(get(web, "ip-b", 150))
    except Over as exc:
        out.append(str(exc))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return out


def r132_itimer_uncaught(web: str) -> list[str]:
    old = arm_alarm(0.25)
    try:
        a = get(web, "iu-a", 150)
        b = get(web, "iu-b", 150)
    finally:
        disarm_alarm(old)
    return [a, b]


# =========================================================================== (3) async timers
# set where the rule does not look: helpers, partials, lambdas, nested functions


async def aget(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def aput(http: httpx.AsyncClient, key: str, text: str) -> int:
    r = await http.put(f"/items/{key}", content=text)
    return r.json()["version"]


def cancel_me_after(seconds: float) -> asyncio.TimerHandle:
    task = asyncio.current_task()
    assert task is not None
    return asyncio.get_running_loop().call_later(seconds, task.cancel)


def flag_after(box: list, seconds: float) -> asyncio.TimerHandle:
    return asyncio.get_running_loop().call_later(seconds, box.append, True)


class Scheduler:
    def __init__(self) -> None:
        self.fired: list[str] = []

    def arm(self, seconds: float, what: str) -> asyncio.TimerHandle:
        loop = asyncio.get_running_loop()
        return loop.call_at(loop.time() + seconds, self.fired.append, what)


async def r132_call_later_helper_cancels(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        handle = cancel_me_after(0.25)
        try:
            out.append(await aget(http, "hc-a", 150))
            out.append(await aget(http, "hc-b", 150))
        except asyncio.CancelledError:
            asyncio.current_task().uncancel()  # type: ignore[union-attr]
            out.append("cancelled")
        finally:
            handle.cancel()
    return out


async def r132_call_later_helper_flag(web: str) -> list[Any]:
    expired: list[bool] = []
    handle = flag_after(expired, 0.3)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "hf-a", 200)
        b = await aget(http, "hf-b", 200)
        handle.cancel()
        if expired:
            await aput(http, "hf-alert", "over budget")
    return [a, b, bool(expired)]


async def r132_call_at_method(web: str) -> list[Any]:
    s = Scheduler()
    handle = s.arm(0.25, "late")
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cm-a", 150)
        b = await aget(http, "cm-b", 150)
    handle.cancel()
    return [a, b, s.fired]


async def r132_call_later_partial(web: str) -> list[Any]:
    expired: list[bool] = []
    loop = asyncio.get_running_loop()
    arm = functools.partial(loop.call_later, 0.25)
    handle = arm(expired.append, True)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cp-a", 150)
        b = await aget(http, "cp-b", 150)
    handle.cancel()
    return [a, b, bool(expired)]


async def r132_call_later_lambda(web: str) -> list[Any]:
    expired: list[bool] = []
    loop = asyncio.get_running_loop()
    schedule = lambda: loop.call_later(0.25, expired.append, True)  # noqa: E731
    handle = schedule()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cd-a", 150)
        b = await aget(http, "cd-b", 150)
    handle.cancel()
    return [a, b, bool(expired)]


async def r132_call_later_nested_def(web: str) -> list[Any]:
    expired: list[bool] = []

    def arm() -> asyncio.TimerHandle:
        return asyncio.get_running_loop().call_later(0.25, expired.append, True)

    handle = arm()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cn-a", 150)
        b = await aget(http, "cn-b", 150)
    handle.cancel()
    return [a, b, bool(expired)]


async def r132_call_later_getattr(web: str) -> list[Any]:
    expired: list[bool] = []
    loop = asyncio.get_running_loop()
    handle = getattr(loop, "call_later")(0.25, expired.append, True)  # noqa: B009
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cg-a", 150)
        b = await aget(http, "cg-b", 150)
    handle.cancel()
    return [a, b, bool(expired)]


async def r132_call_later_in_async_helper(web: str) -> list[Any]:
    expired: list[bool] = []
    handle = await arm_async(expired, 0.3)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "ca-a", 200)
        b = await aget(http, "ca-b", 200)
    handle.cancel()
    return [a, b, bool(expired)]


async def arm_async(box: list, seconds: float) -> asyncio.TimerHandle:
    return asyncio.get_running_loop().call_later(seconds, box.append, True)


async def r132_timer_helper_async_oa(client: Any) -> list[Any]:
    expired: list[bool] = []
    handle = flag_after(expired, 0.25)
    out: list[Any] = []
    for q in ("first?", "second?"):
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": 0.15})
        out.append(r.choices[0].message.content)
    handle.cancel()
    out.append(bool(expired))
    return out


# =========================================================================== (4) watchdog tasks,
# task groups and cancel scopes stopped after a sleep


async def set_after(box: list, seconds: float) -> None:
    await asyncio.sleep(seconds)
    box.append("expired")


async def cancel_after(task: asyncio.Task, seconds: float) -> None:
    await asyncio.sleep(seconds)
    task.cancel()


class Stop(Exception):
    pass


async def stop_after(seconds: float) -> None:
    await asyncio.sleep(seconds)
    raise Stop("enough")


async def scope_cancel_after(scope: anyio.CancelScope, seconds: float) -> None:
    await anyio.sleep(seconds)
    scope.cancel()


def start_stopper(tg: asyncio.TaskGroup, seconds: float) -> asyncio.Task:
    return tg.create_task(stop_after(seconds))


async def r132_task_sets_flag(web: str) -> list[Any]:
    box: list[str] = []
    bg = asyncio.create_task(set_after(box, 0.25))
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "tf-a", 150)
        b = await aget(http, "tf-b", 150)
    bg.cancel()
    return [a, b, list(box)]


async def r132_ensure_future_cancels_main(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        dog = asyncio.ensure_future(cancel_after(asyncio.current_task(), 0.25))  # type: ignore[arg-type]
        try:
            out.append(await aget(http, "ef-a", 150))
            out.append(await aget(http, "ef-b", 150))
        except asyncio.CancelledError:
            asyncio.current_task().uncancel()  # type: ignore[union-attr]
            out.append("cancelled")
    dog.cancel()
    return out


async def r132_taskgroup_stopper(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.TaskGroup() as tg:
                stopper = tg.create_task(stop_after(0.25))
                out.append(await aget(http, "tg-a", 150))
                out.append(await aget(http, "tg-b", 150))
                stopper.cancel()
        except* Stop:
            out.append("stopped")
    return out


async def r132_taskgroup_stopper_helper(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.TaskGroup() as tg:
                stopper = start_stopper(tg, 0.25)
                out.append(await aget(http, "th-a", 150))
                out.append(await aget(http, "th-b", 150))
                stopper.cancel()
        except* Stop:
            out.append("stopped")
    return out


async def r132_anyio_scope_cancel_after(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        async with anyio.create_task_group() as tg:
            tg.start_soon(scope_cancel_after, tg.cancel_scope, 0.25)
            out.append(await aget(http, "as-a", 150))
            out.append(await aget(http, "as-b", 150))
            tg.cancel_scope.cancel()
        out.append(await aget(http, "as-c", 40))
    return out


async def r132_anyio_inner_scope_cancel_after(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as tg:
                tg.start_soon(scope_cancel_after, scope, 0.25)
                out.append(await aget(http, "ai-a", 150))
                out.append(await aget(http, "ai-b", 150))
                scope.cancel()
        out.append(scope.cancelled_caught)
    return out


async def r132_call_soon_threadsafe_thread(web: str) -> list[Any]:
    box: list[str] = []
    loop = asyncio.get_running_loop()

    def later() -> None:
        time.sleep(0.25)
        loop.call_soon_threadsafe(box.append, "ping")

    th = threading.Thread(target=later, daemon=True)
    th.start()
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cs-a", 150)
        b = await aget(http, "cs-b", 150)
    return [a, b, list(box)]


def ping_later(loop: asyncio.AbstractEventLoop, box: list, seconds: float) -> None:
    def go() -> None:
        time.sleep(seconds)
        loop.call_soon_threadsafe(box.append, "ping")
    threading.Thread(target=go, daemon=True).start()


async def r132_call_soon_threadsafe_helper(web: str) -> list[Any]:
    box: list[str] = []
    ping_later(asyncio.get_running_loop(), box, 0.25)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "ch-a", 150)
        b = await aget(http, "ch-b", 150)
    return [a, b, list(box)]


async def r132_run_in_executor_sleeper(web: str) -> list[Any]:
    loop = asyncio.get_running_loop()
    slow = loop.run_in_executor(None, time.sleep, 0.4)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "re-a", 250)
        b = await aget(http, "re-b", 250)
    ready = slow.done()
    await slow
    return [a, b, ready]


# =========================================================================== (5) deadlines kept in
# attributes and dict entries, made in one coroutine and entered in another, typed


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadlines = {"fetch": asyncio.timeout(seconds)}
        self.scope = anyio.move_on_after(seconds)


async def r132_deadline_dict_entry(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        budget = Budget(0.25)
        try:
            async with budget.deadlines["fetch"]:
                out.append(await aget(http, "dd-a", 150))
                out.append(await aget(http, "dd-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r132_deadline_attribute_scope(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        budget = Budget(0.25)
        with budget.scope:
            out.append(await aget(http, "da-a", 150))
            out.append(await aget(http, "da-b", 150))
        out.append(budget.scope.cancelled_caught)
    return out


def make_limit(seconds: float) -> AbstractAsyncContextManager[Any]:
    return asyncio.timeout(seconds)


async def r132_deadline_annotated_abc(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        limit = make_limit(0.25)
        try:
            async with limit:
                out.append(await aget(http, "ab-a", 150))
                out.append(await aget(http, "ab-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r132_deadline_param_abc(web: str, limit: AbstractAsyncContextManager[Any]) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with limit:
                out.append(await aget(http, "pa-a", 200))
                out.append(await aget(http, "pa-b", 200))
        except TimeoutError:
            out.append("timeout")
    return out


async def new_deadline(seconds: float) -> asyncio.Timeout:
    await asyncio.sleep(0)
    return asyncio.timeout(seconds)


async def r132_deadline_from_coroutine(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        cm = await new_deadline(0.25)
        try:
            async with cm:
                out.append(await aget(http, "dc-a", 150))
                out.append(await aget(http, "dc-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def fetch_within(cm: Any, http: httpx.AsyncClient, keys: tuple) -> list[str]:
    out = []
    try:
        async with cm:
            for k in keys:
                out.append(await aget(http, k, 150))
    except TimeoutError:
        out.append("timeout")
    return out


async def r132_deadline_entered_in_helper(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        cm = asyncio.timeout(0.25)
        got = await fetch_within(cm, http, ("eh-a", "eh-b"))
        after = await aget(http, "eh-c", 40)
    return got + [after]


async def r132_deadline_enter_await(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with await new_deadline(0.25):
                out.append(await aget(http, "ea-a", 150))
                out.append(await aget(http, "ea-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r132_deadline_in_list(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        limits = [asyncio.timeout(0.25)]
        try:
            async with limits[0]:
                out.append(await aget(http, "dl-a", 150))
                out.append(await aget(http, "dl-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


async def r132_deadline_walrus(web: str) -> list[Any]:
    out: list[Any] = []
    async with httpx.AsyncClient(base_url=web) as http:
        with (scope := anyio.move_on_after(0.25)):
            out.append(await aget(http, "dw-a", 150))
            out.append(await aget(http, "dw-b", 150))
        out.append(scope.cancelled_caught)
    return out


async def r132_reschedule_inside(web: str) -> list[str]:
    out = []
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            async with asyncio.timeout(None) as cm:
                cm.reschedule(loop.time() + 0.25)
                out.append(await aget(http, "rs-a", 150))
                out.append(await aget(http, "rs-b", 150))
        except TimeoutError:
            out.append("timeout")
    return out


# =========================================================================== (6) wait(timeout=),
# wait_for in helpers, shield


async def fetch_or_none(http: httpx.AsyncClient, key: str, ms: int, limit: float) -> str | None:
    try:
        return await asyncio.wait_for(aget(http, key, ms), limit)
    except TimeoutError:
        return None


async def two_reads(http: httpx.AsyncClient, a: str, b: str) -> list[str]:
    return [await aget(http, a, 150), await aget(http, b, 150)]


async def r132_wait_for_helper_each(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await fetch_or_none(http, "wh-a", 150, 0.1)
        b = await fetch_or_none(http, "wh-b", 40, 0.1)
        c = await fetch_or_none(http, "wh-c", 90, 0.25)
    return [a, b, c]


async def r132_wait_for_helper_chain(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        try:
            got: Any = await asyncio.wait_for(two_reads(http, "wc-a", "wc-b"), 0.25)
        except TimeoutError:
            got = "timeout"
        after = await aget(http, "wc-c", 40)
    return [got, after]


async def wait_some(tasks: list, limit: float) -> tuple[int, int]:
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for p in pending:
        p.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return len(done), len(pending)


async def r132_wait_timeout_in_helper(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        tasks = [asyncio.create_task(two_reads(http, "wi-a", "wi-b")),
                 asyncio.create_task(aget(http, "wi-c", 40))]
        counts = await wait_some(tasks, 0.25)
        a = await aget(http, "wi-d", 150)
        b = await aget(http, "wi-e", 40)
    return [list(counts), a, b]


async def r132_wait_timeout_then_flag(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        first = asyncio.create_task(aget(http, "wf-a", 150))
        done, _ = await asyncio.wait([first], timeout=0.25)
        a = first.result() if done else "slow"
        b = await aget(http, "wf-b", 150)
        c = await aget(http, "wf-c", 40)
    return [a, b, c]


async def keep_going(task: asyncio.Future, limit: float) -> str:
    try:
        return await asyncio.wait_for(asyncio.shield(task), limit)
    except TimeoutError:
        print("still waiting")
        return "late: " + await task


async def r132_shield_helper(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        t = asyncio.ensure_future(aget(http, "sh-a", 200))
        b = await aget(http, "sh-b", 40)
        a = await keep_going(t, 0.05)
        c = await aget(http, "sh-c", 90)
    return [a, b, c]


async def r132_shield_then_reads(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        save = asyncio.ensure_future(aput(http, "sr-saved", "x"))
        try:  # noqa: SIM105
            await asyncio.wait_for(asyncio.shield(save), 2.0)
        except TimeoutError:
            pass
        a = await aget(http, "sr-saved", 150)
        b = await aget(http, "sr-b", 40)
        c = await aget(http, "sr-c", 90)
    return [a, b, c]


# =========================================================================== (7) timing-looking
# code that should still overlap


def r132_requests_timeouts(web: str) -> list[str]:
    a = requests.get(f"{web}/items/rt-a?ms=150", timeout=2.0).json()["value"]
    b = requests.get(f"{web}/items/rt-b?ms=40", timeout=2.0).json()["value"]
    c = requests.get(f"{web}/items/rt-c?ms=90", timeout=(1.0, 2.0)).json()["value"]
    return [a, b, c]


def r132_httpx_timeout_config(web: str) -> list[str]:
    with httpx.Client(base_url=web, timeout=httpx.Timeout(2.0, connect=1.0)) as c:
        a = c.get("/items/hx-a", params={"ms": 150}).json()["value"]
        b = c.get("/items/hx-b", params={"ms": 40}).json()["value"]
        d = c.get("/items/hx-c", params={"ms": 90}).json()["value"]
    return [a, b, d]


def r132_timer_cancelled_before_reads(web: str) -> list[str]:
    t = threading.Timer(5.0, print, args=("never",))
    t.cancel()
    a = get(web, "tc-a", 150)
    b = get(web, "tc-b", 40)
    c = get(web, "tc-c", 90)
    return [a, b, c]


async def r132_call_soon_not_a_timer(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "tick")
    print("start")
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "cs2-a", 150)
        b = await aget(http, "cs2-b", 40)
        c = await aget(http, "cs2-c", 90)
    return [a, b, c]


async def r132_generous_call_later(web: str) -> list[Any]:
    expired: list[bool] = []
    handle = asyncio.get_running_loop().call_later(5.0, expired.append, True)
    async with httpx.AsyncClient(base_url=web) as http:
        a = await aget(http, "gc-a", 150)
        b = await aget(http, "gc-b", 40)
        c = await aget(http, "gc-c", 90)
    handle.cancel()
    return [a, b, c, bool(expired)]


async def r132_httpx_async_timeout_option(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=2.0) as http:
        a = await aget(http, "ho-a", 150)
        b = await aget(http, "ho-b", 40)
        c = await aget(http, "ho-c", 90)
    return [a, b, c]


def r132_timer_after_reads(web: str) -> list[Any]:
    a = get(web, "ta-a", 150)
    b = get(web, "ta-b", 40)
    c = get(web, "ta-c", 90)
    flag = threading.Event()
    t = threading.Timer(0.01, flag.set)
    t.start()
    t.join()
    return [a, b, c, flag.is_set()]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _d_limit(f: Any, env: Env) -> Any:
    async def main() -> Any:
        return await f(env.web, asyncio.timeout(0.3))
    return asyncio.run(main())


def _d_aoa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _w(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _sig(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return _w(fn, ideal, rlimit_nofile=NOFILE, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, drive=kw.pop("drive", _d_web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


O3 = over(0.15, 0.04, 0.09)

ALL: list[Case] = [
    # (1)
    _w(r132_timer_helper_event, cat="threads"),
    _w(r132_timer_helper_list, cat="threads"),
    _w(r132_watchdog_thread_helper, cat="threads"),
    _w(r132_watchdog_two_levels, cat="threads"),
    _w(r132_timer_subclass, cat="threads"),
    _w(r132_timer_via_partial, cat="threads"),
    _w(r132_watchdog_with_block, cat="threads"),
    _w(r132_watchdog_with_log, cat="threads"),
    _w(r132_sched_event_due, cat="sleep"),
    Case("sdk", r132_timer_helper_oa, args=oa, servers="api"),
    _w(r132_socket_timeout_helper, cat="http"),
    # (2)
    _sig(r132_itimer_inline),
    _sig(r132_itimer_helper),
    _sig(r132_itimer_contextmanager),
    _sig(r132_itimer_class_cm),
    _sig(r132_itimer_partial),
    _sig(r132_itimer_uncaught),
    # (3)
    _a(r132_call_later_helper_cancels),
    _a(r132_call_later_helper_flag),
    _a(r132_call_at_method),
    _a(r132_call_later_partial),
    _a(r132_call_later_lambda),
    _a(r132_call_later_nested_def),
    _a(r132_call_later_getattr),
    _a(r132_call_later_in_async_helper),
    _a(r132_timer_helper_async_oa, cat="sdk", drive=_d_aoa, servers="api"),
    # (4)
    _a(r132_task_sets_flag, cat="state"),
    _a(r132_ensure_future_cancels_main, cat="state"),
    _a(r132_taskgroup_stopper, cat="fanout"),
    _a(r132_taskgroup_stopper_helper, cat="fanout"),
    _a(r132_anyio_scope_cancel_after, cat="fanout"),
    _a(r132_anyio_inner_scope_cancel_after, cat="fanout"),
    _a(r132_call_soon_threadsafe_thread, cat="threads"),
    _a(r132_call_soon_threadsafe_helper, cat="threads"),
    _a(r132_run_in_executor_sleeper, cat="threads"),
    # (5)
    _a(r132_deadline_dict_entry),
    _a(r132_deadline_attribute_scope),
    _a(r132_deadline_annotated_abc),
    _a(r132_deadline_param_abc, drive=_d_limit),
    _a(r132_deadline_from_coroutine),
    _a(r132_deadline_entered_in_helper),
    _a(r132_deadline_enter_await),
    _a(r132_deadline_in_list),
    _a(r132_deadline_walrus),
    _a(r132_reschedule_inside),
    # (6)
    _a(r132_wait_for_helper_each, (0.1 + 0.04 + 0.09) / 0.1, cat="fanout"),
    _a(r132_wait_for_helper_chain, (0.25 + 0.04) / 0.25, cat="fanout"),
    _a(r132_wait_timeout_in_helper, (0.25 + 0.15 + 0.04) / 0.25, cat="fanout"),
    _a(r132_wait_timeout_then_flag, (0.15 + 0.15 + 0.04) / 0.15, cat="fanout"),
    _a(r132_shield_helper, 0.29 / 0.2, cat="state"),
    _a(r132_shield_then_reads, O3, cat="state"),
    # (7)
    _w(r132_requests_timeouts, O3, cat="http", overlap=3),
    _w(r132_httpx_timeout_config, O3, cat="clients", overlap=3),
    _w(r132_timer_cancelled_before_reads, O3, cat="threads", overlap=3),
    _a(r132_call_soon_not_a_timer, O3, cat="sleep", overlap=3),
    _a(r132_generous_call_later, O3, cat="sleep", overlap=3),
    _a(r132_httpx_async_timeout_option, O3, cat="clients", overlap=3),
    _w(r132_timer_after_reads, O3, cat="threads", overlap=3),
]

_HELPER_TIMER = ("plain's two 150 ms reads take 300 ms and the timer (0.25 s) fires between "
                 "them; jit overlaps the reads and finishes first. `_effects.sets_a_timer` is "
                 "checked only on the calls the function's own tree spells: ")
_SIGNAL = ("a SIGALRM handler that raises `Over`, armed for 0.25 s around two 150 ms GETs: plain "
           "raises in the second GET; jit overlaps them (~165 ms) and disarms in time. ")

# Fixed: a timer or a thread the function or a helper of its sets, however it is spelled
# (a partial, a lambda, a nested def, getattr, a context manager's __enter__, a method, a
# `sched` event, `run_in_executor`, signal.alarm/setitimer), runs the function as written
# (`_effects.sets_a_timer`, `_plan._own_threads`; the implicit calls' `threads` flag).
FIXED_WHY: dict[str, str] = {
    "r132_watchdog_with_block": "`with Watchdog(0.25) as wd:` whose `__enter__` starts a "
        "threading.Timer: plain wd.fired True and PUTs an alert, jit False and no PUT. The "
        "implicit `__enter__` is no ast.Call, so `_plan._own_threads` never sees the thread it "
        "starts; a sync `with` is never 'may be a deadline'.",
    "r132_watchdog_with_log": "as r132_watchdog_with_block, the timer's flag logged after each "
        "read: plain logs fired=True after the second read, jit fired=False.",
    "r132_sched_event_due": "`sched.scheduler.enter(0.25, ...)`, two 150 ms GETs, then "
        "`s.run(blocking=False)`: plain runs the due event, jit (reads overlapped) does not. "
        "`sched`'s `enter`/`enterabs` are a timer not in `sets_a_timer` (arguably a clock "
        "comparison, as the docs' allowed speedup).",
    "r132_itimer_helper": _SIGNAL + "Armed by a helper `arm_alarm(0.25)` (signal.signal + "
        "setitimer): plain ['v-ih-a', 'time is up'], jit both values.",
    "r132_itimer_contextmanager": _SIGNAL + "Armed by a `@contextmanager` `time_limit(0.25)`: "
        "in a sync function a `with` is a deadline only if `is_deadline` knows the callee.",
    "r132_itimer_class_cm": _SIGNAL + "Armed in a class's `__enter__` (`with AlarmAfter(0.25):`).",
    "r132_itimer_uncaught": _SIGNAL + "Armed by a helper, not caught: plain raises Over('time "
        "is up'), jit returns both values.",
    "r132_call_later_helper_cancels": _HELPER_TIMER + "a helper `cancel_me_after(0.25)` does "
        "`get_running_loop().call_later(s, current_task().cancel)`: plain ['v-hc-a', "
        "'cancelled'], jit both values.",
    "r132_call_later_helper_flag": "a helper `flag_after(box, 0.3)` calls loop.call_later; two "
        "200 ms reads; `if expired:` PUTs an alert: plain PUTs (400 ms > 0.3 s), jit overlaps "
        "(~250 ms) and does not. The timer is in a helper, not the function's tree.",
    "r132_call_at_method": _HELPER_TIMER + "a method `Scheduler.arm` calls `loop.call_at`.",
    "r132_call_later_partial": _HELPER_TIMER + "`arm = functools.partial(loop.call_later, "
        "0.25); arm(...)`: the call's name is `arm`, its callee a partial with no `__name__`.",
    "r132_call_later_lambda": _HELPER_TIMER + "`schedule = lambda: loop.call_later(...)`: the "
        "lambda's body is not searched (or its call's fact has no name).",
    "r132_call_later_nested_def": _HELPER_TIMER + "a nested `def arm(): ...call_later(...)` "
        "called in the function.",
    "r132_call_later_getattr": _HELPER_TIMER + "`getattr(loop, 'call_later')(0.25, ...)`: the "
        "callee is known only at run time (`fact.obj` None, `call.func` no Attribute).",
    "r132_call_later_in_async_helper": "as r132_call_later_helper_flag (0.3 s, two 200 ms "
        "reads), the timer set in an `async def` helper awaited by the function.",
    "r132_timer_helper_async_oa": _HELPER_TIMER + "the reads are two AsyncOpenAI chat calls "
        "(150 ms each) after `flag_after(expired, 0.25)`: model calls move as reads do.",
    "r132_run_in_executor_sleeper": "`loop.run_in_executor(None, time.sleep, 0.4)` then two "
        "250 ms reads and `slow.done()`: plain True, jit False. A thread started through the "
        "loop's executor is not `may_start_a_thread` (docs list run_in_executor as not "
        "covered when started elsewhere; here the function starts it).",
}
# (The signal cases run in a child process, `rlimit_nofile`, whose `_child` finds a case in
# `CASES` only: to rerun r132_itimer_* of `FAILING`, put them back in `CASES`.)
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
