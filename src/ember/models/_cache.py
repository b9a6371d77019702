"""`AnswerStore`: the one store of remembered model answers.

Used by the operators' `Cache` (an operator around any model) and the models layer's
`ResponseCache` (a call-path hook that answers repeated calls), so that both keep the same
rules:

- keyed on anything hashable (the caller decides what makes two calls the same);
- bounded: least recently used entries go first;
- identical calls in flight at the same time make one call: the others wait for it
  (`lookup` says "wait" and hands over its future);
- failures are not stored: the waiters get the error, the next caller tries again;
- each caller gets its own copy of a stored answer, so nothing a caller does to a returned
  value (a `ModelResult`'s attributes can be assigned) reaches the store or other callers;
- safe to share between threads and tasks; a copy or a pickle starts empty.

It lives in models, below operators, so both layers can use it. `DiskAnswers` is its
on-disk tier (one SQLite file in WAL mode): answers kept across runs and shared by the
processes that open the same file; keys are then strings and values go through a codec.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import copy
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from pathlib import Path
from typing import Any, Literal, TypeVar

__all__ = ["AnswerStore", "DiskAnswers"]

T = TypeVar("T")

_ATOMIC = (type(None), bool, int, float, complex, bytes, frozenset)


def _private_copy(value: Any) -> Any:
    if type(value) is str or isinstance(value, _ATOMIC):
        return value
    return copy.deepcopy(value)


class DiskAnswers:
    """Answers in one SQLite file in WAL mode: kept across runs, shared between processes.

    Writers in several processes take turns (a busy file is waited for, up to `busy_s`);
    readers never block. Keys and values are strings (`AnswerStore` encodes its values).

    Args:
        path: the database file (its folder is created).
        busy_s: how long a write waits for another process's write to finish.

    Examples:
        >>> import tempfile, pathlib
        >>> disk = DiskAnswers(pathlib.Path(tempfile.mkdtemp()) / "answers.db")
        >>> disk.put("k", "v"); disk.get("k"), disk.get("other"), len(disk)
        ('v', None, 1)
        >>> disk.clear(); len(disk)
        0
    """

    __slots__ = ("path", "_conn", "_lock")

    def __init__(self, path: str | os.PathLike[str], *, busy_s: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection per store, shared by threads under a lock: each statement is short.
        self._conn = sqlite3.connect(self.path, timeout=busy_s, check_same_thread=False,
                                     isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("CREATE TABLE IF NOT EXISTS answers "
                               "(key TEXT PRIMARY KEY, value TEXT NOT NULL, stored REAL)")

    def __reduce__(self) -> tuple[Any, ...]:  # a copy in another process opens the file
        return (DiskAnswers, (self.path,))

    def __repr__(self) -> str:
        return f"DiskAnswers({str(self.path)!r})"

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM answers").fetchone()[0]

    def get(self, key: str) -> str | None:
        """The stored value for `key`, or None."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM answers WHERE key = ?",
                                     (key,)).fetchone()
        return None if row is None else row[0]

    def put(self, key: str, value: str) -> None:
        """Store `value` for `key` (a later value for the same key replaces it)."""
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                               (key, value, time.time()))

    def clear(self) -> None:
        """Forget every stored answer (in this file, for every process)."""
        with self._lock:
            self._conn.execute("DELETE FROM answers")

    def close(self) -> None:
        """Close the file (the store is not usable afterwards)."""
        with self._lock:
            self._conn.close()


class AnswerStore:
    """Remembered answers by key, with one call per key in flight (see the module).

    Args:
        maxsize: the most entries kept in memory (least recently used go first).
        disk: an on-disk tier: answers missing in memory are looked for there, and every
            new answer is written there too. Keys must then be strings.
        encode: with `disk`, turns a value into the string stored.
        decode: with `disk`, turns a stored string back into a value.

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

    __slots__ = ("maxsize", "hits", "misses", "disk", "_encode", "_decode", "_entries",
                 "_inflight", "_lock")

    def __init__(self, maxsize: int = 1024, *, disk: DiskAnswers | None = None,
                 encode: Callable[[Any], str] = str,
                 decode: Callable[[str], Any] = str) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self.disk = disk
        self._encode, self._decode = encode, decode
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._inflight: dict[Hashable, cf.Future[Any]] = {}
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles start empty (in memory)
        return (_rebuild, (self.maxsize, self.disk, self._encode, self._decode))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __repr__(self) -> str:
        return (f"AnswerStore(size={len(self)}, maxsize={self.maxsize}, hits={self.hits}, "
                f"misses={self.misses})")

    def clear(self) -> None:
        """Forget every entry, on disk too (calls in flight still finish, and are stored)."""
        with self._lock:
            self._entries.clear()
        if self.disk is not None:
            self.disk.clear()

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
        if self.disk is not None:  # read outside the lock; same-key callers wait on `fut`
            try:
                stored = self.disk.get(key)  # type: ignore[arg-type]
                value = None if stored is None else self._decode(stored)
            except BaseException as exc:  # an unreadable file: fail this call and the waiters
                self._store(key, fut, error=exc)
                raise
            if stored is not None:
                with self._lock:
                    self.misses -= 1
                    self.hits += 1
                return "hit", self._store(key, fut, value)
        return "miss", fut

    def settle(self, key: Hashable, fut: cf.Future[Any], value: Any = None,
               error: BaseException | None = None) -> Any:
        """End a missed call: store `value` (not an `error`), wake the waiters, and return
        the caller's own copy of `value`. The waiters are woken before the disk is written:
        an error writing it is raised here, after them."""
        mine = self._store(key, fut, value, error)
        if error is None and self.disk is not None:
            self.disk.put(key, self._encode(value))  # type: ignore[arg-type]
        return mine

    def _store(self, key: Hashable, fut: cf.Future[Any], value: Any = None,
               error: BaseException | None = None) -> Any:
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


def _rebuild(maxsize: int, disk: DiskAnswers | None, encode: Callable[[Any], str],
             decode: Callable[[str], Any]) -> AnswerStore:
    return AnswerStore(maxsize, disk=disk, encode=encode, decode=decode)
