"""What `ember._core.spawn` returns: a `concurrent.futures.Future` whose condition is made
only when a thread waits, and which behaves as a `Future` in every way callers use one."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing
import threading

import pytest

from ember import _core
from ember._core import _loop


async def waits_for(event: threading.Event, value: int) -> int:
    while not event.is_set():
        await asyncio.sleep(0.001)
    return value


def test_a_thread_waiting_before_the_end_is_woken() -> None:
    go = threading.Event()
    fut = _core.spawn(waits_for(go, 7))
    got: list[int] = []
    waiter = threading.Thread(target=lambda: got.append(fut.result(timeout=30)))
    waiter.start()
    threading.Timer(0.05, go.set).start()
    waiter.join(30)
    assert got == [7]


def test_wait_sees_task_futures_end() -> None:
    go = threading.Event()
    slow = _core.spawn(waits_for(threading.Event(), 0))
    fast = _core.spawn(waits_for(go, 1))
    threading.Timer(0.05, go.set).start()
    done, pending = cf.wait([slow, fast], timeout=30, return_when=cf.FIRST_COMPLETED)
    assert done == {fast} and pending == {slow}
    assert slow.cancel() and slow.cancelled()
    assert fast.result() == 1


def test_done_callbacks_run_once_whether_added_before_or_after_the_end() -> None:
    go = threading.Event()
    fut = _core.spawn(waits_for(go, 3))
    seen: list[str] = []
    fut.add_done_callback(lambda f: seen.append(f"before {f.result()}"))
    go.set()
    assert fut.result(timeout=30) == 3
    fut.add_done_callback(lambda f: seen.append(f"after {f.result()}"))
    assert seen == ["before 3", "after 3"]


def test_an_error_comes_out_of_result_and_exception() -> None:
    async def fails() -> None:
        raise KeyError("k")

    fut = _core.spawn(fails())
    assert isinstance(fut.exception(timeout=30), KeyError)
    with pytest.raises(KeyError):
        fut.result()


def test_an_outcome_is_set_once() -> None:
    fut = _loop._TaskFuture()
    fut.set_result(1)
    with pytest.raises(cf.InvalidStateError):
        fut.set_result(2)
    with pytest.raises(cf.InvalidStateError):
        fut.set_exception(ValueError())
    assert fut.result() == 1 and not fut.cancel()


def test_cancel_racing_the_end_gives_one_outcome() -> None:
    """Cancelled from this thread while the loop ends them: each future is either cancelled
    (and `cancel()` said so) or has its value (and `cancel()` said it was too late)."""
    for _ in range(5):
        futures = [_core.spawn(asyncio.sleep(0, result=i)) for i in range(500)]
        said = [f.cancel() for f in futures]
        for i, (f, cancelled) in enumerate(zip(futures, said, strict=True)):
            if cancelled:
                assert f.cancelled()
                with pytest.raises(cf.CancelledError):
                    f.result(timeout=30)
            else:
                assert f.result(timeout=30) == i


def _in_child(conn: object) -> None:
    conn.send(_core.run(asyncio.sleep(0, result="child")))  # type: ignore[attr-defined]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_a_forked_child_starts_its_own_loop() -> None:
    assert _core.run(asyncio.sleep(0, result="parent")) == "parent"  # the loop runs here
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_in_child, args=(child,))
    proc.start()
    try:
        assert parent.poll(60)
        assert parent.recv() == "child"
    finally:
        proc.join(60)
        if proc.is_alive():
            proc.kill()
    assert proc.exitcode == 0
