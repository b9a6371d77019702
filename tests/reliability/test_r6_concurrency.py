"""R6 concurrency: 16 threads running jitted pipelines and evaluations at once, then
failures and KeyboardInterrupts, after which nothing may be left behind.

"Nothing left behind" (`assert_clean`), checked for a few seconds at most:
- no new thread but Ember's own (its loop, its pool's threads), counted as the OS sees
  them, and none of them non-daemon;
- Ember's worker pool runs no task (every thread idle, nothing queued);
- no task pending on Ember's event loop;
- no connection in use in Ember's HTTP pool (idle keep-alives are fine), and the
  simulator server has no request in flight.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from ember import _core, xcs
from ember._core import workers
from ember.bench.reliability import want
from ember.errors import AuthenticationFailed
from ember.models import _transport, models
from ember.sim import SimServer

EMBER_THREADS = ("ember-loop", "ember-worker")


# --------------------------------------------------------------------------- cleanliness


def _loop_tasks() -> list[asyncio.Task]:
    async def others() -> list[asyncio.Task]:
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    return asyncio.run_coroutine_threadsafe(others(), _core.get_loop()).result(5)


def _connections_in_use() -> int:
    session = _transport._session
    if session is None or session.closed:
        return 0
    return len(getattr(session.connector, "_acquired", ()))


def _live_thread_ids() -> set[int]:
    """Native ids of the threads alive in this process, as the OS sees them."""
    try:
        return {int(tid) for tid in os.listdir("/proc/self/task")}
    except OSError:  # not Linux: trust the threading module
        return {t.native_id for t in threading.enumerate() if t.native_id is not None}


class Baseline:
    """The threads alive before a test."""

    def __init__(self) -> None:
        self.ids = _live_thread_ids()


def leftovers(server: SimServer, before: Baseline) -> dict[str, Any]:
    """What is still running; empty when clean."""
    found: dict[str, Any] = {}
    # Ember's pool starts its threads with _thread (threading.Thread.start waits for the
    # thread to run), so they have no Thread object of their own: count them instead.
    named = {t.native_id: t for t in threading.enumerate()
             if not isinstance(t, threading._DummyThread)}
    strays, unnamed = [], 0
    for tid in _live_thread_ids() - before.ids:
        thread = named.get(tid)
        if thread is None:
            unnamed += 1
        elif not thread.daemon or not thread.name.startswith(EMBER_THREADS):
            strays.append(thread.name)
    if strays:
        found["threads"] = strays
    if unnamed > workers.threads:
        found["unnamed_threads"] = f"{unnamed}, of which Ember's pool holds {workers.threads}"
    if workers.busy:
        found["pool"] = {"busy_threads": workers.busy}
    tasks = _loop_tasks()
    if tasks:
        found["loop_tasks"] = [repr(t)[:160] for t in tasks]
    if _connections_in_use():
        found["connections_in_use"] = _connections_in_use()
    in_flight = server.stats()["in_flight"]
    if in_flight:
        found["server_in_flight"] = in_flight
    return found


def assert_clean(server: SimServer, before: Baseline, within: float = 3.0) -> float:
    """Wait up to `within` seconds for nothing to be left behind; return the seconds it took."""
    start = time.monotonic()
    while True:
        found = leftovers(server, before)
        waited = time.monotonic() - start
        if not found:
            return waited
        if waited > within:
            raise AssertionError(f"left behind after {within:g}s: {found}")
        time.sleep(0.02)


@pytest.fixture
def r6(endpoint):
    """A simulator endpoint "r6" (20-40 ms answers) and one rejecting the key ("r6bad")."""
    _, server = endpoint("r6", sim=dict(latency=0.02, jitter=0.02))
    _, bad = endpoint("r6bad", sim=dict(api_key="sk-right-key-000000"), api_key="sk-wrong-0000")
    _, slow = endpoint("r6slow", sim=dict(latency=3.0))
    _core.get_loop()  # started before the baseline: it lives as long as the process
    before = Baseline()
    yield server, slow, before
    # Whatever a test left running must not spill into the next one.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (_loop_tasks() or slow.stats()["in_flight"]):
        time.sleep(0.05)


# --------------------------------------------------------------------------- the workload


def helper(q: str) -> str:
    """A plain function making a model call: the JIT runs it on a worker thread."""
    return models("r6/gpt-mini", q)


@xcs.jit
def pipeline(q: str) -> str:
    a = models("r6/gpt", q)
    b = models("r6/claude", q)
    c = helper(q)
    return models("r6/judge", f"{a} | {b} | {c}")


@xcs.jit
def pipeline_on(endpoint: str, q: str) -> str:
    a = models(f"{endpoint}/gpt", q)
    b = models("r6/claude", q)
    return a + b


def expected(q: str) -> str:
    a, b, c = want(q, "gpt"), want(q, "claude"), want(q, "gpt-mini")
    return want(f"{a} | {b} | {c}", "judge")


def run_threads(n: int, target: Callable[[int], Any]) -> list[Any]:
    """Run `target(i)` in `n` threads started together; return results or exceptions."""
    results: list[Any] = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = target(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,), name=f"r6-{i}") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a thread never finished"
    return results


# --------------------------------------------------------------------------- 16 threads


@pytest.mark.timeout(60)
def test_16_threads_of_pipelines_and_evaluations_all_correct_then_clean(r6):
    server, _, before = r6
    from ember.api import eval

    def work(i: int) -> Any:
        queries = [f"thread {i} question {k}" for k in range(6)]
        if i % 4 == 3:  # 4 of the 16 threads run evaluations of the same pipeline
            rows = [{"question": q, "answer": expected(q)} for q in queries]
            result = eval.evaluate(pipeline, rows, "exact", progress=False, max_items_in_flight=8)
            return [(r.output, r.reference) for r in result.records]
        return [(pipeline(q), expected(q)) for q in queries]

    results = run_threads(16, work)
    for i, pairs in enumerate(results):
        assert not isinstance(pairs, BaseException), (i, pairs)
        assert len(pairs) == 6 and all(got == want_ for got, want_ in pairs), (i, pairs[:1])
    assert server.stats()["completed"] == 16 * 6 * 4
    assert_clean(server, before)


@pytest.mark.timeout(60)
def test_16_threads_with_failures_mixed_in_fail_alone_then_clean(r6):
    server, _, before = r6

    def work(i: int) -> str:
        return pipeline_on("r6bad" if i % 3 == 0 else "r6", f"mixed {i}")

    results = run_threads(16, work)
    for i, result in enumerate(results):
        if i % 3 == 0:
            assert isinstance(result, AuthenticationFailed), (i, result)
        else:
            assert result == want(f"mixed {i}", "gpt") + want(f"mixed {i}", "claude"), i
    assert_clean(server, before)


# --------------------------------------------------------------------------- failures


# Declared reads: a helper that raises would otherwise decide whether the calls after it
# happen, and nothing would start before it. Declared, it is a read that fails, launched
# with the model call after it (reads launched together may all be sent when one fails).
@xcs.effect("read")
def failing(q: str) -> str:
    time.sleep(0.05)
    raise ValueError(f"no answer for {q}")


@xcs.effect("read")
def interrupting(q: str) -> str:
    time.sleep(0.05)
    raise KeyboardInterrupt(f"interrupted at {q}")


@xcs.jit
def fails_while_a_call_runs(q: str) -> str:
    b = failing(q)  # raises first, as in the plain function...
    return b + models("r6slow/gpt", q)  # ...while the JIT has already started this call


@xcs.jit
def interrupted_while_a_call_runs(q: str) -> str:
    b = interrupting(q)
    return b + models("r6slow/gpt", q)


@xcs.jit
def fails_but_waits_for_a_later_call(q: str) -> str:
    b = failing(q)
    a = models("r6slow/gpt", q)
    return a + b  # `a` is needed first: the JIT waits 3 s for it before raising b's error


@xcs.jit
def slow_pair(q: str) -> str:
    a = models("r6slow/gpt", q)
    b = models("r6slow/claude", q)
    return a + b


@pytest.mark.timeout(30)
@pytest.mark.parametrize("fn, error", [(fails_while_a_call_runs, ValueError),
                                       (interrupted_while_a_call_runs, KeyboardInterrupt)])
def test_an_error_in_a_started_call_cancels_the_others(r6, fn, error):
    _, slow, before = r6
    with pytest.raises(error):
        fn("q")
    # Not held up by the 3 s model call: it was started early, then cancelled unanswered.
    assert slow.stats()["completed"] == 0
    assert_clean(slow, before)
    stats = slow.stats()
    assert stats["requests"] == 1 and stats["cancelled"] == 1
    assert stats["completed"] == 0


@pytest.mark.timeout(30)
def test_keyboard_interrupt_delivered_into_a_thread_running_a_pipeline(r6):
    _, slow, before = r6
    outcome: dict[str, BaseException] = {}

    def run() -> None:
        try:
            slow_pair("async exc")
        except BaseException as exc:  # noqa: BLE001
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="r6-victim")
    thread.start()
    time.sleep(0.3)  # both calls are in flight; the thread waits for the first
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                               ctypes.py_object(KeyboardInterrupt))
    thread.join(10)  # delivered when the thread next runs Python code
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), KeyboardInterrupt), outcome
    assert_clean(slow, before, within=4.0)


def _ctrl_c_after(seconds: float) -> threading.Timer:
    main = threading.main_thread().ident
    timer = threading.Timer(seconds, signal.pthread_kill, args=(main, signal.SIGINT))
    timer.start()
    return timer


@pytest.mark.timeout(30)
def test_a_failure_comes_out_when_it_happens_and_cancels_later_calls(r6):
    _, slow, before = r6
    with pytest.raises(ValueError):
        fails_but_waits_for_a_later_call("late")
    assert slow.stats()["completed"] == 0  # the 3 s call was not waited for


@pytest.fixture
def default_sigint():
    """Ctrl-C raising KeyboardInterrupt, as in a fresh process.

    Ray's driver defers SIGINT around some of its calls (by swapping the handler and
    `signal.signal` itself); a Ray test earlier in this process that ended while deferring
    leaves Ctrl-C only setting a flag; a library may also block it in the main thread. The
    C-level `_signal` is used so that no library's patch of `signal.signal` is in the way.
    """
    import _signal

    before = _signal.getsignal(signal.SIGINT)
    _signal.signal(signal.SIGINT, signal.default_int_handler)
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # and deliverable
    yield
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    _signal.signal(signal.SIGINT, before)


@pytest.mark.timeout(30)
@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals reach the main thread only")
@pytest.mark.usefixtures("default_sigint")
@pytest.mark.parametrize("during", [
    pytest.param(lambda: slow_pair("ctrl-c"), id="a jitted pipeline"),
    pytest.param(lambda: models("r6slow/gpt", "ctrl-c"), id="a plain model call"),
])
def test_ctrl_c_cancels_the_calls_in_flight(r6, during):
    _, slow, before = r6
    timer = _ctrl_c_after(0.3)
    with pytest.raises(KeyboardInterrupt):
        during()
    timer.join()
    assert_clean(slow, before)
    assert slow.stats()["completed"] == 0  # cancelled, not left to answer after 3 s


@pytest.mark.timeout(30)
def test_cancelling_an_async_caller_cancels_the_call(r6):
    # The async path is right: cancelling the awaiting task cancels the request.
    _, slow, before = r6

    async def main() -> None:
        task = asyncio.ensure_future(models.acall("r6slow/gpt", "cancel me"))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert_clean(slow, before)
    assert slow.stats()["completed"] == 0  # cancelled, not left to answer after 3 s
