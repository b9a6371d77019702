"""The elastic thread pool that runs every blocking call of the process.

A call that blocks (a function with no async form, a file read, a sync SDK) runs on
`workers`, a pool that grows a thread whenever none is idle, so a wait inside a worker
never starves another task (no deadlock), and shrinks when idle. Concurrency is limited
at the resource (the models layer's per-endpoint limits, the process's free file
descriptors), not by a small pool.
"""

from __future__ import annotations

import _thread
import asyncio
import concurrent.futures as cf
import contextlib
import contextvars
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

__all__ = ["Workers", "to_thread", "workers"]

_Task = tuple[cf.Future[Any], Callable[..., Any], tuple, dict, Any]


class _Slot:
    """One worker thread's mailbox: the task handed to it, and the lock it sleeps on."""

    __slots__ = ("lock", "task")

    def __init__(self, task: _Task) -> None:
        self.lock = _thread.allocate_lock()
        self.lock.acquire()
        self.task: _Task | None = task


class Workers:
    """An elastic thread pool: a new thread whenever none is idle, idle ones retire.

    No lock is shared by the threads: a task is handed straight to one idle thread's
    `_Slot` (the deque's pop and append are atomic). A shared condition variable made a
    thousand threads finishing together queue for its lock and for the GIL in turn; with
    any CPU-bound thread in the process, that stretched a 0.1 s fan-out of 1,000 calls to
    over 5 s.

    Calls in flight are bounded by the process's file descriptors (a blocking call holds a
    socket or a file): past `limit()`, tasks wait in a queue that finishing threads take
    from. Tasks submitted from a worker thread never wait (a worker waiting on its own
    queue could wait forever); past `limit()`, or when no thread can start, they run in
    place, so that calls nested in calls keep to the same bound. The count of busy threads
    and the thread it admits a task to are taken under `_admit`, the one lock: two callers
    counting at once would each find room for one more. Finishing threads take it only
    when tasks are queued.
    """

    def __init__(self, max_threads: int = 4096, idle_s: float = 10.0, max_idle: int = 256) -> None:
        self._idle: deque[_Slot] = deque()
        self._slots: set[_Slot] = set()  # one per live thread
        self._pending: deque[_Task] = deque()
        self._max = max_threads
        self._idle_s = idle_s
        self._max_idle = max_idle  # beyond this, a thread with nothing to do exits at once
        self._limit = max_threads
        self._limit_at = -1.0  # when `_limit` was last read off the descriptor table
        self._admit = threading.Lock()

    def limit(self, fresh: bool = False) -> int:
        """Blocking calls allowed in flight: half the file descriptors still free (read
        again after a quarter second, or now when `fresh`)."""
        now = time.monotonic()
        if fresh or now - self._limit_at > 0.25 or self._limit_at < 0:
            self._limit_at = now
            self._limit = min(self._max, max(8, _free_descriptors() // 2))
        return self._limit

    def submit(self, fn: Callable[..., Any], args: tuple, kwargs: dict,
               handle: Any = None) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        # The caller's context variables (ember.context settings, scoped hooks) go along.
        task = (fut, contextvars.copy_context().run, (fn, *args), kwargs, handle)
        with self._admit:
            room = self.busy < self.limit()
            admitted = self._admitted(task) if room else None
        if room:
            self._start(admitted, task)
        elif getattr(_worker, "on", False):
            _run_task(*task)  # a worker waiting on its own queue could wait forever
        else:
            self._pending.append(task)
            self._drain()
        return fut

    def _admitted(self, task: _Task) -> tuple[_Slot, bool] | None:
        """The slot of the thread to run `task`: an idle one's, handed the task, or a new
        one's (True: its thread is still to start); None when no more threads may start.
        Called under `_admit`."""
        try:
            slot = self._idle.pop()
        except IndexError:
            if len(self._slots) >= self._max:
                return None
            slot = _Slot(task)
            self._slots.add(slot)
            return slot, True
        slot.task = task
        return slot, False

    def _start(self, admitted: tuple[_Slot, bool] | None, task: _Task) -> None:
        """Wake the admitted thread, start a new one, or (none) run `task` here."""
        if admitted is not None:
            slot, new = admitted
            if not new:
                slot.lock.release()
                return
            try:
                # Not threading.Thread.start(): it blocks until the new thread runs, which
                # under load makes starting a thousand calls take most of a second.
                _thread.start_new_thread(self._work, (slot,))
                return
            except RuntimeError:  # the OS refused a thread (a process or memory limit)
                self._slots.discard(slot)
        # Every thread is busy and no more can start: run it here rather than risk a wait
        # cycle (the caller simply waits for it, as the plain code would).
        _run_task(*task)

    def _drain(self) -> None:
        """Hand queued tasks to idle threads while there is room (a thread parking as a
        task was queued)."""
        with self._admit:
            while self._pending and self._idle and self.busy < self.limit():
                try:
                    slot = self._idle.pop()
                except IndexError:
                    return
                try:
                    task = self._pending.popleft()
                except IndexError:
                    self._idle.append(slot)
                    return
                slot.task = task
                slot.lock.release()

    def _work(self, slot: _Slot) -> None:
        _worker.on = True
        idle = self._idle
        while True:
            task, slot.task = slot.task, None
            _run_task(*task)  # type: ignore[misc]
            del task  # a parked thread keeps no future (nor the value or error in it) alive
            try:
                slot.task = self._pending.popleft()
                continue
            except IndexError:
                pass
            if len(idle) >= self._max_idle:
                break
            idle.append(slot)
            if self._pending:
                self._drain()
            if not slot.lock.acquire(True, self._idle_s):
                try:
                    idle.remove(slot)
                except ValueError:  # handed a task just now: it is on its way
                    slot.lock.acquire()
                    continue
                break
        self._slots.discard(slot)

    @property
    def threads(self) -> int:
        return len(self._slots)

    @property
    def busy(self) -> int:
        """Threads running a task (the others are parked, waiting for one)."""
        return len(self._slots) - len(self._idle)


_worker = threading.local()


def _free_descriptors() -> int:
    """File descriptors this process may still open (a large number where unknown)."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if soft == resource.RLIM_INFINITY:
            return 1 << 20
        return soft - len(os.listdir("/proc/self/fd")) - 16
    except (ImportError, OSError, ValueError):
        return 1 << 20


def _run_task(fut: cf.Future[Any], fn: Callable[..., Any], args: tuple, kwargs: dict,
              handle: Any) -> None:
    if not fut.set_running_or_notify_cancel():
        return
    if handle is not None:
        handle.t_start = time.perf_counter()
    try:
        value = fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as is
        if handle is not None:
            handle.t_end = time.perf_counter()
        fut.set_exception(exc)
        # (this frame is in the error's traceback: holding the future, which holds the
        # error, it would keep the error and every frame it passed, locals and all, alive
        # until a collection, not until the caller lets go of it)
        fut = handle = None  # type: ignore[assignment]
    else:
        if handle is not None:
            handle.t_end = time.perf_counter()
        fut.set_result(value)


workers = Workers()


async def to_thread(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Await the blocking ``fn(*args, **kwargs)`` run on `workers`.

    Cancelling the waiting task cancels a call not yet started and waits for a started one
    to end (a thread cannot be interrupted), then raises `CancelledError`: a cancelled
    scope has nothing left running when it exits.
    """
    fut = workers.submit(fn, args, kwargs)
    try:
        return await asyncio.wrap_future(fut)
    except asyncio.CancelledError:
        fut.cancel()
        if not fut.done():
            ended = asyncio.wrap_future(fut)
            while not ended.done():
                with contextlib.suppress(asyncio.CancelledError):  # still waiting, as promised
                    await asyncio.wait([ended])
            if not ended.cancelled():
                ended.exception()  # the scope raises its first error; a later one is dropped
        raise
