"""Awaiting work on Ember's shared loop from another event loop, with batched wake-ups.

`asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, shared))` does the job but
costs, per call, a `concurrent.futures.Future` (with its lock and condition), a chain of
callbacks, and two self-pipe writes that wake each loop once per call. At a thousand
concurrent calls that doubles the client's CPU time. Here each loop has an `_Inbox`:
other threads append callbacks to it and wake the loop only when it goes from empty to
non-empty, and nothing is built per call beyond one `asyncio.Future` and one task.

Calls and answers cross in batches (`_Inbox.send`): what one step of a loop sends to
another (a `gather` of 1,000 calls starts them all in one step; one step of the shared loop
reads many answers) goes as one post when the step ends, not item by item as it is made.
Each post wakes the other thread, and a thread woken while this one still runs Python
waits for the GIL, then takes it from this one at the next switch interval (5 ms) or
system call: on a busy machine every such handover can stall both threads until the
scheduler runs the other one. Item by item, a burst of 1,000 calls cost ~500 voluntary
context switches; batched per step, a few.

A long step goes out in chunks (`CHUNK` items) as it sends, not only when it ends: the
caller's thread checks and encodes each call before it crosses (~30 us each, several times
that on a busy machine), and with one post per step Ember's loop started none of a
`gather` of 10,000 calls until all were checked (1.8 s on a machine at load 9, the server
idle meanwhile). In chunks, the first calls are on the wire while the rest are checked;
the two threads then trade the GIL every switch interval, a few hundred times at most.

The caller gets the coroutine's result or its exception; cancelling the caller cancels
the task on the shared loop, and the caller's await ends when that task has ended.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import threading
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from ember import _core

__all__ = ["CHUNK", "await_on_shared_loop", "loop_inbox"]

T = TypeVar("T")

CHUNK = 128
"""The most items one step of a loop sends to another in one post (see the module)."""


class _Inbox:
    """Callbacks for one loop, posted from other threads; one wake-up per batch."""

    __slots__ = ("loop", "context", "_items", "_scheduled", "_lock", "_outgoing",
                 "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        # For this loop's callbacks that read no context variable: passed to them, it
        # spares the copy of the current context each would otherwise get. (One per loop:
        # a context is entered by one thread at a time.)
        self.context = contextvars.Context()
        self._items: collections.deque[tuple[Callable[..., None], tuple]] = collections.deque()
        self._scheduled = False
        self._lock = threading.Lock()
        # What this loop's current step sends to other loops' inboxes (`send`).
        self._outgoing: dict[_Inbox, list[tuple[Callable[..., None], tuple]]] = {}

    def post(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn(*args)`` on this inbox's loop (from any thread), waking it now."""
        self._post([(fn, args)])

    def send(self, to: _Inbox, fn: Callable[..., None], *args: Any) -> None:
        """From this inbox's own loop: run ``fn(*args)`` on `to`'s loop once the current
        step of this loop has ended, in one post with everything else the step sends."""
        outgoing = self._outgoing
        if not outgoing:
            self.loop.call_soon(self._flush)
        batch = outgoing.get(to)
        if batch is None:
            batch = outgoing[to] = []
        batch.append((fn, args))
        if len(batch) >= CHUNK:  # a long step: this much goes now (the rest at its end)
            del outgoing[to]
            to._post(batch)

    def _flush(self) -> None:
        outgoing, self._outgoing = self._outgoing, {}
        for to, batch in outgoing.items():
            to._post(batch)

    def _post(self, batch: list[tuple[Callable[..., None], tuple]]) -> None:
        with self._lock:
            self._items.extend(batch)
            if self._scheduled:
                return  # a drain is already on its way and will see these items
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
# The inboxes of the last call's two loops: most calls come from one loop, and a lookup in
# the weak mapping costs more than the rest of `await_on_shared_loop`. (The last caller's
# loop stays referenced until a call from another one.)
_last: tuple[_Inbox, _Inbox] | None = None


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


class _RemoteFuture(asyncio.Future):  # type: ignore[type-arg]
    """The caller's future for a coroutine run on the shared loop, and the crossing itself:
    it starts the task there (`start`), is the task's done callback (run with the shared
    inbox's context), and copies the outcome home (`settle`).

    Cancelling it cancels the task, and it ends (cancelled) only once the task has: when the
    caller's ``await`` is over, nothing it started is still running, hooks' ``after``
    included (a structured cancel, where `wrap_future` would let the caller go while the
    task still ran).

    One object per call in flight, holding no closure, bound method or reference cycle
    (a cycle is freed only by the garbage collector): every object alive across a batch of
    calls is one more that each garbage collection of young objects walks.
    """

    __slots__ = ("coro", "ctx", "home", "shared", "task", "gave_up")
    coro: Coroutine[Any, Any, Any] | None
    ctx: contextvars.Context  # the caller's context variables, for its task
    home: _Inbox
    shared: _Inbox
    task: asyncio.Task[Any] | None
    gave_up: bool  # the caller cancelled

    def start(self) -> None:
        """On the shared loop: start the task; its outcome goes home when it is done."""
        coro, self.coro = self.coro, None
        assert coro is not None
        if self.gave_up:  # the caller gave up before it started
            coro.close()
            self.shared.send(self.home, self.settle)
            return
        self.task = task = self.shared.loop.create_task(coro, context=self.ctx)
        task.add_done_callback(self, context=self.shared.context)

    def __call__(self, done: asyncio.Future[Any]) -> None:
        """On the shared loop: the task is done; send its outcome home."""
        self.shared.send(self.home, self.settle)

    def settle(self) -> None:
        """On the caller's loop: copy the finished task's outcome into this future."""
        task = self.task  # done, or never started
        if self.gave_up or task is None or task.cancelled():
            if task is not None and not task.cancelled():
                task.exception()  # retrieved: a caller that cancelled gets CancelledError
            asyncio.Future.cancel(self)  # the caller's cancel (or the task's) ends here
            return
        exc = task.exception()
        if exc is not None:
            self.set_exception(exc)
        else:
            self.set_result(task.result())

    def abandon(self) -> None:
        """On the shared loop: the caller gave up."""
        self.gave_up = True
        if self.task is not None:
            self.task.cancel()

    def cancel(self, msg: Any = None) -> bool:
        if self.done():
            return False
        if not self.gave_up:
            self.gave_up = True
            try:
                self.shared.loop.call_soon_threadsafe(self.abandon)
            except RuntimeError:  # Ember's loop is closed: no task is left to wait for
                return asyncio.Future.cancel(self, msg)
        return True


def await_on_shared_loop(coro: Coroutine[Any, Any, T]) -> Awaitable[T]:
    """What to await for `coro` run on Ember's shared loop, from the running loop.

    On the shared loop itself, `coro`; elsewhere a future of the running loop, settled
    with the coroutine's result or exception (cancelling it cancels the coroutine).

    Examples:
        >>> async def answer():
        ...     return 42
        >>> async def main():
        ...     return await await_on_shared_loop(answer())
        >>> asyncio.run(main())
        42
    """
    shared = _core.get_loop()
    loop = asyncio.get_running_loop()
    if loop is shared:
        return coro
    global _last
    future = _RemoteFuture(loop=loop)
    last = _last
    if last is not None and last[0].loop is loop and last[1].loop is shared:
        home, there = last
    else:
        home, there = _last = _inbox(loop), _inbox(shared)
    future.coro, future.ctx, future.task, future.gave_up = (
        coro, contextvars.copy_context(), None, False)
    future.home, future.shared = home, there
    home.send(there, future.start)
    return future
