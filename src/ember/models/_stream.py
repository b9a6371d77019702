"""`Stream` and `AsyncStream`: a model's answer, piece by piece, then its whole result.

A stream starts its call at once (on Ember's shared loop, where the provider reads the
server-sent events) and hands the pieces to the iterating thread or task through a queue.
Iterating gives the text pieces (`str`), so ``"".join(stream)`` is the answer; `events`
gives tool-call pieces too. Once the loop ends, `result` is the whole `ModelResult` (usage,
cost, latency and `ttft_s`, the seconds to the first piece). Leaving the loop early (a
``break``, an error) or `close` cancels the call: the connection is closed, and the server
stops generating. The one implementation serves both twins: only the queue differs.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures as cf
import queue
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

from ember import _core
from ember.models._bridge import loop_inbox
from ember.models._provider import Emit
from ember.models._result import ModelResult

__all__ = ["AsyncStream", "Stream", "ToolDelta"]

Start = Callable[[Emit], Coroutine[Any, Any, ModelResult]]
"""Starts the call with pieces going to the given `Emit`; its coroutine gives the result."""


@dataclass(frozen=True, slots=True)
class ToolDelta:
    """A piece of a tool call as it streams: `index` says which call of the answer; `id` and
    `name` come with its first piece (None after), `arguments` is a piece of JSON text."""

    index: int
    id: str | None
    name: str | None
    arguments: str


def _event(kind: str, value: Any) -> tuple[str, Any]:
    return (kind, value if kind == "text" else ToolDelta(*value))


class _Base:
    __slots__ = ("model_id", "result", "_future", "_ended")

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.result: ModelResult | None = None
        self._future: cf.Future[Any] | None = None
        self._ended = False

    def _run(self, start: Start, put: Callable[[tuple[str, Any]], None]) -> None:
        """Start the call on the shared loop; its pieces, then its end, go to `put`."""
        texts = []

        def emit(kind: str, value: Any) -> None:
            texts.append(kind == "text")
            put(_event(kind, value))

        coro = start(emit)

        async def call() -> None:
            try:
                result = await coro
            except BaseException as exc:
                put(("error", exc))
                raise
            if not any(texts) and str(result):  # answered whole (a hook, a cache): one piece
                put(("text", str(result)))
            put(("done", result))

        self._future = _core.spawn(call())
        self._future.add_done_callback(_retrieve)

    def _end(self, item: tuple[str, Any]) -> bool:
        """Record the end an item carries (True when it is one)."""
        kind, value = item
        if kind == "done":
            self._ended, self.result = True, value
            return True
        if kind == "error":
            self._ended = True
            raise value
        return False

    def close(self) -> None:
        """Stop the call if it is still going: the connection is closed (no-op when done)."""
        if not self._ended:
            self._ended = True
            if self._future is not None:
                self._future.cancel()

    def __repr__(self) -> str:
        state = "done" if self.result is not None else "closed" if self._ended else "streaming"
        return f"<{type(self).__name__} {self.model_id!r} {state}>"


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _retrieve(future: cf.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # seen through the queue; mark it retrieved


class Stream(_Base):
    """A streamed answer for a thread: ``for piece in stream`` (see the module).

    Made by `models.stream`. Also a context manager, which closes it on exit.

    Attributes:
        result: the whole `ModelResult` once the loop has ended; None before, and when the
            stream was left early.
    """

    __slots__ = ("_queue",)

    def __init__(self, model_id: str, start: Start) -> None:
        if _core.in_loop_thread():  # its pieces would wait for the loop it blocks
            raise RuntimeError(
                "ember: models.stream was called on Ember's event loop thread; use "
                "`await models.astream(...)` inside coroutines.")
        super().__init__(model_id)
        self._queue: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._run(start, self._queue.put)

    def events(self) -> Iterator[tuple[str, Any]]:
        """Every piece as ``("text", str)`` or ``("tool", ToolDelta)``, in order."""
        try:
            while not self._ended:
                item = self._queue.get()
                if self._end(item):
                    return
                yield item
        finally:
            self.close()

    def __iter__(self) -> Iterator[str]:
        try:
            for kind, value in self.events():
                if kind == "text":
                    yield value
        finally:
            self.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStream(_Base):
    """A streamed answer for async code: ``async for piece in stream`` (see the module).

    Made by `models.astream` (awaitable on any loop). ``async with`` closes it on exit;
    leaving an ``async for`` early closes it as soon as the loop finalizes the iterator.

    Attributes:
        result: the whole `ModelResult` once the loop has ended; None before, and when the
            stream was left early.
    """

    __slots__ = ("_items", "_lock", "_waiter", "_inbox")

    def __init__(self, model_id: str, start: Start) -> None:
        super().__init__(model_id)
        # Pieces wait in a deque; the consumer's loop is woken only when it waits for one,
        # through the bridge's inbox (one wake-up for every stream with news at once).
        self._items: collections.deque[tuple[str, Any]] = collections.deque()
        self._lock = threading.Lock()
        self._waiter: asyncio.Future[None] | None = None
        self._inbox = loop_inbox(asyncio.get_running_loop())
        self._run(start, self._put)

    def _put(self, item: tuple[str, Any]) -> None:
        """On the shared loop: keep the piece; wake the consumer if it waits."""
        with self._lock:
            self._items.append(item)
            waiter, self._waiter = self._waiter, None
        if waiter is not None:
            self._inbox.post(_wake, waiter)

    async def _get(self) -> tuple[str, Any]:
        while True:
            with self._lock:
                if self._items:
                    return self._items.popleft()
                waiter = self._waiter = asyncio.get_running_loop().create_future()
            await waiter

    async def events(self) -> AsyncIterator[tuple[str, Any]]:
        """Every piece as ``("text", str)`` or ``("tool", ToolDelta)``, in order."""
        try:
            while not self._ended:
                item = await self._get()
                if self._end(item):
                    return
                yield item
        finally:
            self.close()

    async def __aiter__(self) -> AsyncIterator[str]:
        try:
            async for kind, value in self.events():
                if kind == "text":
                    yield value
        finally:
            self.close()

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()
