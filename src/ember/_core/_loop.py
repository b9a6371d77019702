"""The process's one event loop, on a daemon thread.

All provider I/O and every deferred operation of the scheduler run on this loop, so that
limits, connection pools and timers are shared by everything in the process. Sync code
reaches it through `run` (block for a coroutine) or `spawn` (get a concurrent future).
The loop is created lazily and again after a fork.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextvars
import os
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import _base
from typing import Any, TypeVar

__all__ = ["get_loop", "in_loop_thread", "run", "spawn", "start_on"]

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None


def _serve(loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(ready.set)
    loop.run_forever()


def get_loop() -> asyncio.AbstractEventLoop:
    """Return the shared loop, starting its thread on first use (and after a fork)."""
    global _loop, _thread
    loop = _loop
    if loop is not None:
        return loop
    with _lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            ready = threading.Event()
            thread = threading.Thread(
                target=_serve, args=(loop, ready), name="ember-loop", daemon=True
            )
            thread.start()
            ready.wait()
            _loop, _thread = loop, thread
        return _loop


def _forget_after_fork() -> None:
    """In a forked child: the loop's thread did not come along, so the next use starts a
    new one. (Asking `os.getpid()` on every use instead costs a system call per spawn.)
    What the parent had handed over, and locks another thread may have held, stay behind."""
    global _lock, _conditions, _loop, _thread, _armed, _last_task
    _lock, _conditions = threading.Lock(), threading.Lock()
    _loop = _thread = _last_task = None
    _spawned.clear()
    _armed = False


def in_loop_thread() -> bool:
    """True when called from the shared loop's own thread (blocking there would deadlock)."""
    return _thread is not None and threading.current_thread() is _thread


_CANCELLED = frozenset({_base.CANCELLED, _base.CANCELLED_AND_NOTIFIED})
_DONE = _CANCELLED | {_base.FINISHED}


_conditions = threading.Lock()  # makes a `_TaskFuture`'s condition once


class _TaskFuture(concurrent.futures.Future[T]):
    """What `spawn` returns: cancelling it cancels its task (no callback per call). It also
    says when its coroutine ran (`perf_counter` times, 0.0 until then), for timelines.

    Its condition (a `threading.Condition`, some 2 us to make and 1.5 us to notify) is made
    only when a thread waits for it, through `Future`'s own methods or `wait`: in a wide
    fan-out most calls have ended before anyone asks. Until then a plain lock guards the
    outcome; the condition, once made, wraps that same lock.
    """

    task: asyncio.Task[Any] | None = None
    t_start = 0.0
    t_end = 0.0
    _cond: threading.Condition | None = None

    def __init__(self) -> None:  # (`Future.__init__` but for the condition)
        self._lock = threading.Lock()
        self._state = _base.PENDING
        self._result: Any = None
        self._exception: BaseException | None = None
        self._waiters: list[Any] = []
        self._done_callbacks: list[Callable[[Any], object]] = []

    @property  # type: ignore[override]
    def _condition(self) -> threading.Condition:
        cond = self._cond
        if cond is None:
            with _conditions:
                cond = self._cond
                if cond is None:
                    cond = self._cond = threading.Condition(self._lock)
        return cond

    def _settle(self, result: Any, exc: BaseException | None) -> None:
        """`set_result` / `set_exception`: a waiter, if any, has made the condition (and
        checked the state under the lock first), so only then is there one to wake."""
        with self._lock:
            state = self._state
            if state not in _DONE:
                self._result, self._exception = result, exc
                self._state = _base.FINISHED
                cond = self._cond
                if cond is not None:
                    for waiter in self._waiters:
                        if exc is None:
                            waiter.add_result(self)
                        else:
                            waiter.add_exception(self)
                    cond.notify_all()
        if state in _DONE:
            raise concurrent.futures.InvalidStateError(f"{state}: {self!r}")
        if self._done_callbacks:
            self._invoke_callbacks()  # type: ignore[attr-defined]

    def set_result(self, result: T) -> None:
        self._settle(result, None)

    def set_exception(self, exception: BaseException | None) -> None:
        self._settle(None, exception)

    # Reading one attribute needs no lock: `concurrent.futures` takes its condition's lock
    # in each of these (some 0.4 us, several times per call in a wide fan-out). An outcome
    # is stored before the state says FINISHED, so a value seen through the state is whole.
    def cancelled(self) -> bool:
        return self._state in _CANCELLED

    def done(self) -> bool:
        return self._state in _DONE

    def result(self, timeout: float | None = None) -> T:
        if self._state == _base.FINISHED and self._exception is None:
            return self._result  # type: ignore[no-any-return]
        return super().result(timeout)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        if self._state == _base.FINISHED:
            return self._exception
        return super().exception(timeout)

    def cancel(self) -> bool:
        if not super().cancel():
            return False
        task = self.task
        if task is not None and not task.done():
            task.get_loop().call_soon_threadsafe(task.cancel)
        return True


# Coroutines handed over from other threads, started by one `_start_spawned` call: a wide
# fan-out wakes the loop once rather than once per coroutine (a self-pipe write each).
_Spawned = tuple[Coroutine[Any, Any, Any], _TaskFuture[Any],
                 contextvars.Context | None, Callable[[], None] | None]
_spawned: collections.deque[_Spawned] = collections.deque()
_armed = False


def spawn(coro: Coroutine[Any, Any, T],
          on_end: Callable[[], None] | None = None) -> concurrent.futures.Future[T]:
    """Schedule `coro` on the shared loop from any thread; return a concurrent future.

    Cancelling the future cancels the task. The future is cancelled at once, while the
    task may still be unwinding; `on_end`, if given, is called once the coroutine can no
    longer run (its task has ended, or it was dropped before it started): what a scope
    waits for.
    """
    return start_on(get_loop(), coro, on_end)


def start_on(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T],
             on_end: Callable[[], None] | None = None) -> concurrent.futures.Future[T]:
    """`spawn` on any running loop: at once from the loop's own thread, else handed over."""
    global _armed
    fut: _TaskFuture[T] = _TaskFuture()
    # (None off a loop: no exception raised and caught per call from a sync thread)
    if asyncio._get_running_loop() is loop:
        _create(loop, (coro, fut, None, on_end))
    elif loop is _loop:
        _spawned.append((coro, fut, contextvars.copy_context(), on_end))  # the caller's vars
        if not _armed:
            _armed = True
            loop.call_soon_threadsafe(_start_spawned, loop)
    else:
        loop.call_soon_threadsafe(_create, loop, (coro, fut, contextvars.copy_context(), on_end))
    return fut


# A fan-out hands coroutines over one by one; the loop started them one at a time as they
# came (a wake-up, a loop turn and a GIL hand-over each, a hundred times in a 1,000-way
# comprehension) while the spawning thread waited for the GIL. In a burst -- within this
# long of the last start, whose task still runs -- the next ones are gathered and started
# together. A thread making one call at a time (it waited for the last) is not delayed.
_GATHER_S = 0.001
_last_start = -1.0
_last_task: asyncio.Task[Any] | None = None
os.register_at_fork(after_in_child=_forget_after_fork)


def _start_spawned(loop: asyncio.AbstractEventLoop) -> None:
    due = _last_start + _GATHER_S
    if loop.time() < due and _last_task is not None and not _last_task.done():
        loop.call_at(due, _start_all, loop)  # a burst: let it gather (the loop sleeps)
    else:
        _start_all(loop)


def _start_all(loop: asyncio.AbstractEventLoop) -> None:
    global _armed, _last_start, _last_task
    _last_start = loop.time()
    _armed = False  # before draining: a coroutine added from now on arms another call
    while _spawned:
        _last_task = _create(loop, _spawned.popleft()) or _last_task


def _create(loop: asyncio.AbstractEventLoop, spawned: _Spawned) -> asyncio.Task[Any] | None:
    coro, fut, context, on_end = spawned
    if fut.cancelled():
        coro.close()  # cancelled before it started
        if on_end is not None:
            on_end()
        return None
    task = loop.create_task(_bridged(coro, fut), context=context)
    if on_end is not None:
        task.add_done_callback(lambda _: on_end())
    fut.task = task
    if fut.cancelled():  # cancelled while the task was made: after its first step, so
        loop.call_soon(task.cancel)  # that `coro` is started (and so closed) either way
    return task


async def _bridged(coro: Coroutine[Any, Any, T], fut: concurrent.futures.Future[T]) -> None:
    """Run `coro` and hand its outcome to `fut` as it ends, in the task itself (no done
    callback, no handle on the loop per call). The outcome is taken here even when nobody
    waits any more (a cancelled scope's sibling that failed as it was cancelled), so
    asyncio has no "exception never retrieved" to log."""
    fut.t_start = time.perf_counter()
    try:
        try:
            value = await coro
        finally:
            fut.t_end = time.perf_counter()
    except asyncio.CancelledError:
        concurrent.futures.Future.cancel(fut)  # the task is ending already: not again
        raise
    except BaseException as exc:
        try:  # noqa: SIM105 - a `with suppress` costs a context manager per call
            fut.set_exception(exc)
        except concurrent.futures.InvalidStateError:
            pass  # the future was cancelled first: nobody waits for the outcome
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise  # the loop's thread sees them, as it would without the bridge
        return
    try:  # noqa: SIM105 - as above
        fut.set_result(value)
    except concurrent.futures.InvalidStateError:
        pass


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on the shared loop and block the calling thread for its result.

    If the wait is cut short (Ctrl-C, an exception raised into the thread), the coroutine
    is cancelled too, so nothing it started runs on unobserved.

    Raises:
        RuntimeError: if called from the loop's own thread, where blocking would deadlock.
    """
    if in_loop_thread():
        coro.close()
        raise RuntimeError(
            "ember: a blocking call was made on Ember's event loop thread; "
            "use the async form (e.g. `await models.acall(...)`) inside coroutines."
        )
    fut = spawn(coro)
    try:
        return fut.result()
    except BaseException:
        fut.cancel()  # a no-op when the coroutine itself raised
        raise
