"""`AnswerStore`: the one store of remembered model answers.

Used by the operators' `Cache` (an operator around any model) and meant for the models
layer's response cache (a call-path hook that answers repeated calls, issue 15), so that
both keep the same rules:

- keyed on anything hashable (the caller decides what makes two calls the same);
- bounded: least recently used entries go first;
- identical calls in flight at the same time make one call: the others wait for it
  (`lookup` says "wait" and hands over its future);
- failures are not stored: the waiters get the error, the next caller tries again;
- each caller gets its own copy of a stored answer, so nothing a caller does to a returned
  value (a `ModelResult`'s attributes can be assigned) reaches the store or other callers;
- safe to share between threads and tasks; a copy or a pickle starts empty.

It lives in models, below operators, so both layers can use it. An on-disk tier (SQLite in
WAL mode, for answers shared between processes and runs) belongs behind the same
`lookup`/`settle` pair.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import copy
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Literal, TypeVar

__all__ = ["AnswerStore"]

T = TypeVar("T")

_ATOMIC = (type(None), bool, int, float, complex, bytes, frozenset)


def _private_copy(value: Any) -> Any:
    if type(value) is str or isinstance(value, _ATOMIC):
        return value
    return copy.deepcopy(value)


class AnswerStore:
    """Remembered answers by key, with one call per key in flight (see the module).

    Args:
        maxsize: the most entries kept (least recently used go first).

    Examples:
        >>> store = AnswerStore(maxsize=2)
        >>> calls = []
        >>> def answer():
        ...     calls.append(1)
        ...     return "forty-two"
        >>> store.call("q", answer), store.call("q", answer), len(calls)
        ('forty-two', 'forty-two', 1)
        >>> store.hits, store.misses, len(store)
        (1, 1, 1)
    """

    __slots__ = ("maxsize", "hits", "misses", "_entries", "_inflight", "_lock")

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._inflight: dict[Hashable, cf.Future[Any]] = {}
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles start empty
        return (AnswerStore, (self.maxsize,))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __repr__(self) -> str:
        return (f"AnswerStore(size={len(self)}, maxsize={self.maxsize}, hits={self.hits}, "
                f"misses={self.misses})")

    def clear(self) -> None:
        """Forget every entry (calls in flight still finish, and are stored)."""
        with self._lock:
            self._entries.clear()

    def lookup(self, key: Hashable) -> tuple[Literal["hit", "wait", "miss"], Any]:
        """``("hit", copy of the answer)``, ``("wait", future of the call in flight)``, or
        ``("miss", future)``: the caller makes the call and must `settle` that future."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return "hit", _private_copy(self._entries[key])
            fut = self._inflight.get(key)
            if fut is not None:
                self.hits += 1
                return "wait", fut
            self.misses += 1
            fut = self._inflight[key] = cf.Future()
            return "miss", fut

    def settle(self, key: Hashable, fut: cf.Future[Any], value: Any = None,
               error: BaseException | None = None) -> Any:
        """End a missed call: store `value` (not an `error`), wake the waiters, and return
        the caller's own copy of `value`."""
        with self._lock:
            self._inflight.pop(key, None)
            if error is None:
                stored = _private_copy(value)
                self._entries[key] = stored
                self._entries.move_to_end(key)
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        if error is not None:
            fut.set_exception(error)
            return None
        fut.set_result(stored)
        return _private_copy(stored)

    def call(self, key: Hashable, fn: Callable[[], T]) -> T:
        """The answer for `key`: stored, the one in flight (waited for), or ``fn()``'s."""
        state, got = self.lookup(key)
        if state == "hit":
            return got
        if state == "wait":
            return _private_copy(got.result())
        try:
            value = fn()
        except BaseException as exc:
            self.settle(key, got, error=exc)
            raise
        return self.settle(key, got, value)

    async def acall(self, key: Hashable, fn: Callable[[], Awaitable[T]]) -> T:
        """The async twin of `call`: ``await fn()`` on a miss."""
        state, got = self.lookup(key)
        if state == "hit":
            return got
        if state == "wait":
            return _private_copy(await asyncio.wrap_future(got))
        try:
            value = await fn()
        except BaseException as exc:
            self.settle(key, got, error=exc)
            raise
        return self.settle(key, got, value)
