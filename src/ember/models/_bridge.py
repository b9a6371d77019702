"""Awaiting work on Ember's shared loop from another event loop, with batched wake-ups.

`asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, shared))` does the job but
costs, per call, a `concurrent.futures.Future` (with its lock and condition), a chain of
callbacks, and two self-pipe writes that wake each loop once per call. At a thousand
concurrent calls that doubles the client's CPU time. Here each loop has an `_Inbox`:
other threads append callbacks to it and wake the loop only when it goes from empty to
non-empty, so a burst of calls (or of answers) costs one wake-up, and nothing is built
per call beyond one `asyncio.Future` and one task.

Semantics match the `wrap_future` form: the caller gets the coroutine's result or its
exception, and cancelling the caller cancels the task on the shared loop.
"""

from __future__ import annotations

import asyncio
import collections
import threading
import weakref
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from ember import _core

__all__ = ["await_on_shared_loop", "loop_inbox"]

T = TypeVar("T")


class _Inbox:
    """Callbacks for one loop, posted from other threads; one wake-up per batch."""

    __slots__ = ("loop", "_items", "_scheduled", "_lock", "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._items: collections.deque[tuple[Callable[..., None], tuple]] = collections.deque()
        self._scheduled = False
        self._lock = threading.Lock()

    def post(self, fn: Callable[..., None], *args: Any) -> None:
        with self._lock:
            self._items.append((fn, args))
            if self._scheduled:
                return  # a drain is already on its way and will see this item
            self._scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop is closed: nobody is left to receive the items
            with self._lock:
                self._items.clear()
                self._scheduled = False

    def _drain(self) -> None:
        with self._lock:
            items, self._items = self._items, collections.deque()
            self._scheduled = False
        for fn, args in items:
            try:
                fn(*args)
            except Exception as exc:  # one bad callback must not drop the rest
                self.loop.call_exception_handler(
                    {"message": "ember: error in a cross-loop callback", "exception": exc}
                )


_inboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Inbox] = (
    weakref.WeakKeyDictionary()
)
_inboxes_lock = threading.Lock()


def _inbox(loop: asyncio.AbstractEventLoop) -> _Inbox:
    """The loop's inbox: ``.post(fn, *args)`` runs ``fn(*args)`` on it, from any thread,
    with one wake-up per batch."""
    inbox = _inboxes.get(loop)
    if inbox is None:
        with _inboxes_lock:
            inbox = _inboxes.get(loop)
            if inbox is None:
                inbox = _inboxes[loop] = _Inbox(loop)
    return inbox


loop_inbox = _inbox


class _Ticket:
    """Links the caller's future to the task on the shared loop (for cancellation)."""

    __slots__ = ("task", "cancelled")

    def __init__(self) -> None:
        self.task: asyncio.Task[Any] | None = None
        self.cancelled = False


def _start(coro: Coroutine[Any, Any, Any], future: asyncio.Future[Any], home: _Inbox,
           ticket: _Ticket) -> None:
    """On the shared loop: start the task and send its outcome home when done."""
    if ticket.cancelled:
        coro.close()
        return
    task = asyncio.ensure_future(coro)
    ticket.task = task
    task.add_done_callback(lambda t: home.post(_settle, future, t))


def _settle(future: asyncio.Future[Any], task: asyncio.Task[Any]) -> None:
    """On the caller's loop: copy the finished task's outcome into the caller's future."""
    if future.done():
        if not task.cancelled():
            task.exception()  # mark it retrieved; the caller has gone
        return
    if task.cancelled():
        future.cancel()
        return
    exc = task.exception()
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(task.result())


def _cancel(ticket: _Ticket) -> None:
    ticket.cancelled = True
    if ticket.task is not None:
        ticket.task.cancel()


async def await_on_shared_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on Ember's shared loop and await its result from the current loop.

    Awaited directly when the current loop is the shared one.

    Examples:
        >>> async def answer():
        ...     return 42
        >>> asyncio.run(await_on_shared_loop(answer()))
        42
    """
    shared = _core.get_loop()
    loop = asyncio.get_running_loop()
    if loop is shared:
        return await coro
    future: asyncio.Future[T] = loop.create_future()
    ticket = _Ticket()
    _inbox(shared).post(_start, coro, future, _inbox(loop), ticket)
    try:
        return await future
    except asyncio.CancelledError:
        if future.cancelled() and not ticket.cancelled:
            shared.call_soon_threadsafe(_cancel, ticket)
        raise
