"""The scheduler's thread pool: it grows while busy, and runs a call in place (never
loses it, never deadlocks) when no thread can be had."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from ember._core import Workers, _pool
from tests.inflight import InFlight


def nap(x: int) -> int:
    time.sleep(0.05)
    return x


def test_busy_pool_grows_a_thread_per_waiting_call():
    calls = InFlight()

    def tracked(x: int) -> int:
        with calls.track():
            return nap(x)

    pool = Workers()
    calls.hold(50)
    futures = [pool.submit(tracked, (i,), {}) for i in range(50)]
    assert [f.result() for f in futures] == list(range(50))
    assert calls.max_in_flight == 50  # a thread each; a pool of k threads: k


def fan_out(pool: Workers, n: int, seconds: float) -> float:
    """Seconds that `n` waits of `seconds` take in `pool`, all submitted at once."""
    t0 = time.perf_counter()
    futures = [pool.submit(time.sleep, (seconds,), {}) for _ in range(n)]
    for f in futures:
        f.result()
    return time.perf_counter() - t0


def spin(stop: threading.Event) -> None:
    """Hold the GIL as a pure-Python loop does, until `stop`."""
    while not stop.is_set():
        pass


def test_a_busy_python_thread_does_not_stretch_a_wide_fan_out():
    # Every call must win the GIL back after its wait. Threads that also queued on one
    # shared lock made 1,000 waits of 0.1 s take 5-7 s next to a spinning thread, 25-35x
    # the same fan-out without it, in every run; handing each task to its own thread keeps
    # it within about 1.5x (6x seen on a machine whose cores were busy with other processes,
    # 10.6x once at five times CI's load). Up to three pairs, quiet then busy, on the same
    # warmed pool: the best pair must be within 10x, which a burst of load in one pair does
    # not decide, while the shared-lock convoy fails all three.
    pool = Workers()
    fan_out(pool, 1000, 0.1)  # the threads exist (and are parked) from here on
    seen: list[str] = []
    for _ in range(3):
        quiet_s = fan_out(pool, 1000, 0.1)
        stop = threading.Event()
        spinner = threading.Thread(target=spin, args=(stop,))
        spinner.start()
        try:
            busy_s = fan_out(pool, 1000, 0.1)
        finally:
            stop.set()
            spinner.join()
        seen.append(f"{busy_s:.2f}s beside a busy thread, {quiet_s:.2f}s without")
        if busy_s < quiet_s * 10:
            break
    else:
        pytest.fail(f"1000 waits of 0.1 s, three pairs: {'; '.join(seen)}")


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_idle_threads_are_reused_then_retire():
    pool = Workers(idle_s=1.0)
    together = threading.Barrier(20)  # the 20 calls of a batch must all run at once

    def meet(x: int) -> int:
        together.wait(timeout=10)
        return x

    batch = [pool.submit(meet, (i,), {}) for i in range(20)]
    assert [f.result() for f in batch] == list(range(20))
    assert pool.threads == 20
    assert eventually(lambda: pool.busy == 0)  # all parked
    batch = [pool.submit(meet, (i,), {}) for i in range(20)]
    assert [f.result() for f in batch] == list(range(20))
    assert pool.threads == 20  # the parked threads took the work: none was added
    assert eventually(lambda: pool.threads == 0)  # idle past idle_s: every thread exited


def test_at_the_cap_calls_wait_for_a_free_thread():
    pool = Workers(max_threads=2)
    ran_in: dict[int, int] = {}
    in_flight, most = [0], [0]
    lock = threading.Lock()

    def where(x: int) -> int:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        ran_in[x] = threading.get_ident()
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return x

    futures = [pool.submit(where, (i,), {}) for i in range(5)]
    assert [f.result() for f in futures] == [0, 1, 2, 3, 4]
    assert most[0] == 2  # never more calls in flight than the cap
    assert threading.get_ident() not in ran_in.values()  # the caller never blocked on one
    assert pool.threads == 2


def test_at_the_cap_a_worker_runs_its_own_call_in_place():
    pool = Workers(max_threads=1)

    def nested() -> tuple[int, int]:
        inner = pool.submit(threading.get_ident, (), {})  # no thread is free: runs here
        return threading.get_ident(), inner.result()

    outer, inner = pool.submit(nested, (), {}).result()
    assert outer == inner


def test_calls_made_inside_calls_keep_to_the_limit(monkeypatch):
    # A helper run on a worker that starts calls of its own (a jitted helper's reads) must
    # not take threads past the bound on calls in flight (it would run out of descriptors).
    pool = Workers()
    monkeypatch.setattr(pool, "limit", lambda: 4)
    calls = InFlight()

    def leaf() -> None:
        with calls.track():
            time.sleep(0.02)

    def outer() -> None:
        for f in [pool.submit(leaf, (), {}) for _ in range(3)]:
            f.result()

    for f in [pool.submit(outer, (), {}) for _ in range(4)]:
        f.result()
    assert calls.started == 12
    assert calls.max_in_flight <= 4


def test_queued_calls_keep_to_the_limit_with_idle_threads_parked(monkeypatch):
    # Threads a first burst left idle are no room of their own: a call queued past the
    # limit waits for a running one to end (handed to a parked thread at once, six ran).
    pool = Workers()
    for f in [pool.submit(time.sleep, (0.01,), {}) for _ in range(6)]:
        f.result()
    assert pool.threads == 6 and pool.busy == 0
    monkeypatch.setattr(pool, "limit", lambda: 2)
    calls = InFlight()

    def leaf() -> None:
        with calls.track():
            time.sleep(0.05)

    for f in [pool.submit(leaf, (), {}) for _ in range(6)]:
        f.result()
    assert calls.started == 6
    assert calls.max_in_flight == 2


def test_calls_submitted_from_many_threads_at_once_keep_to_the_limit(monkeypatch):
    # The count of busy threads and the thread a call is admitted to are one step: eight
    # threads submitting together never find room for more than the limit.
    pool = Workers()
    monkeypatch.setattr(pool, "limit", lambda: 3)
    calls = InFlight()
    start = threading.Barrier(8)

    def leaf() -> None:
        with calls.track():
            time.sleep(0.01)

    def submitter() -> list:
        start.wait()
        return [pool.submit(leaf, (), {}) for _ in range(10)]

    with ThreadPoolExecutor(8) as ex:
        futures = [f for batch in ex.map(lambda _: submitter(), range(8)) for f in batch]
    for f in futures:
        f.result()
    assert calls.started == 80
    assert calls.max_in_flight <= 3


def test_calls_in_flight_are_bounded_by_free_file_descriptors():
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
    try:
        assert 8 <= Workers().limit() <= 128
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert Workers(max_threads=64).limit() == 64


def test_a_refused_thread_runs_the_call_in_place(monkeypatch):
    def refuse(*args: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(_pool._thread, "start_new_thread", refuse)
    pool = Workers()
    fut = pool.submit(nap, (7,), {})
    assert fut.done() and fut.result() == 7
    assert pool.threads == 0  # nothing counted


def test_an_error_is_kept_for_the_waiting_caller():
    pool = Workers()

    def boom() -> None:
        raise ValueError("from a worker")

    with pytest.raises(ValueError, match="from a worker"):
        pool.submit(boom, (), {}).result()


def test_a_cancelled_wait_retrieves_the_error_its_thread_raises_later(caplog):
    # A scope cancels its siblings on the first error; a sibling's thread that fails after
    # the cancel must not leave an asyncio future whose error nobody retrieved (logged at
    # collection as "Future exception was never retrieved").
    import asyncio
    import gc

    from ember._core import to_thread

    started, release = threading.Event(), threading.Event()

    def fails_late() -> None:
        started.set()
        release.wait(10)
        raise ValueError("after the cancel")

    async def main() -> None:
        task = asyncio.ensure_future(to_thread(fails_late))
        assert await asyncio.to_thread(started.wait, 10)
        task.cancel()
        await asyncio.sleep(0.05)  # the cancelled wait is now waiting for the thread
        assert not task.done()
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await task

    with caplog.at_level("ERROR", logger="asyncio"):
        asyncio.run(main())
        gc.collect()
    assert [r.getMessage() for r in caplog.records] == []


def test_a_parked_thread_keeps_no_value_alive():
    import gc
    import weakref

    class Big:
        pass

    made: list[weakref.ref[Big]] = []

    def make() -> Big:
        big = Big()
        made.append(weakref.ref(big))
        return big

    pool = Workers()
    fut = pool.submit(make, (), {})
    fut.result()
    for _ in range(10_000):  # the thread goes on to park (bounded: 10 s at most)
        if not pool.busy:
            break
        time.sleep(0.001)
    del fut
    gc.collect()
    assert made[0]() is None
