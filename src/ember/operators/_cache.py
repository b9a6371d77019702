"""`Cache`: remember model answers, keyed on the model, the prompt and the parameters.

Bounded (least recently used entries go first) and safe to share between threads and
tasks. Identical calls in flight at the same time make one model call: the others wait for
it. Failures are not cached. Each caller gets its own copy of a stored answer, so nothing a
caller does to a returned value (a `ModelResult`'s attributes can be assigned) reaches the
cache or other callers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import copy
import dataclasses
import threading
from collections import OrderedDict
from typing import Any, ClassVar, NamedTuple

from ember._errors import SpecError
from ember.models import Prompt
from ember.operators._model import Model, _freeze, as_model
from ember.operators._module import Operator
from ember.operators._spec import short_repr

__all__ = ["Cache", "CacheInfo"]

_ATOMIC = (type(None), bool, int, float, complex, bytes, frozenset)


class CacheInfo(NamedTuple):
    """Counters of a `Cache`: hits, misses, current size and bound."""

    hits: int
    misses: int
    size: int
    maxsize: int


def _private_copy(value: Any) -> Any:
    if type(value) is str or isinstance(value, _ATOMIC):
        return value
    return copy.deepcopy(value)


class _Store:
    """The cache's entries and in-flight calls (the only mutable part of a `Cache`)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[Any, Any] = OrderedDict()
        self.inflight: dict[Any, cf.Future[Any]] = {}
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles start empty
        return (_Store, (self.maxsize,))

    def lookup(self, key: Any) -> tuple[str, Any]:
        """("hit", value) | ("wait", future) | ("miss", future the caller must settle)."""
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return "hit", _private_copy(self.entries[key])
            fut = self.inflight.get(key)
            if fut is not None:
                self.hits += 1
                return "wait", fut
            self.misses += 1
            fut = self.inflight[key] = cf.Future()
            return "miss", fut

    def settle(self, key: Any, fut: cf.Future[Any], value: Any = None,
               error: BaseException | None = None) -> Any:
        with self.lock:
            self.inflight.pop(key, None)
            if error is None:
                stored = _private_copy(value)
                self.entries[key] = stored
                self.entries.move_to_end(key)
                while len(self.entries) > self.maxsize:
                    self.entries.popitem(last=False)
        if error is not None:
            fut.set_exception(error)
            return None
        fut.set_result(stored)
        return _private_copy(stored)


class Cache(Operator):
    """A model whose answers are remembered: same model, prompt and parameters, same answer.

    Args:
        model: the model (id, `ModelBinding` or callable taking a prompt and parameters).
        maxsize: the most entries kept (least recently used go first; default 1024).
        **params: call parameters for every call (part of the key, with per-call ones).

    Examples:
        >>> cached = Cache("sim/gpt", latency=0.05)
        >>> a = cached("Hi")           # one model call
        >>> b = cached("Hi")           # from the cache
        >>> a == b, cached.info().hits, cached.info().misses
        (True, 1, 1)
    """

    __ember_io__: ClassVar[str] = "read"

    model: Model
    maxsize: int = 1024
    store: _Store = dataclasses.field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __init__(self, model: Any, *, maxsize: int = 1024, **params: Any) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
            raise SpecError(f"Cache: maxsize must be an int >= 1, got {short_repr(maxsize)}",
                            operator="Cache", field="maxsize", expected="int >= 1",
                            value=maxsize)
        self.model = as_model(model, params, who="Cache")
        self.maxsize = maxsize
        self.store = _Store(maxsize)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def _key(self, prompt: Any, params: dict[str, Any]) -> Any:
        try:
            key = (self.model._key(), _freeze(prompt),
                   _freeze({**self.model.settings, **params}))
            hash(key)
        except TypeError as exc:
            raise SpecError(f"Cache: cannot key a call on {short_repr(prompt)} with "
                            f"{short_repr(params)}: {exc}", operator="Cache", field="prompt",
                            expected="hashable prompt and parameters", value=prompt) from None
        return key

    def info(self) -> CacheInfo:
        """Hits, misses, size and bound of this cache."""
        s = self.store
        with s.lock:
            return CacheInfo(s.hits, s.misses, len(s.entries), s.maxsize)

    def clear(self) -> None:
        """Forget every entry (calls in flight still finish)."""
        s = self.store
        with s.lock:
            s.entries.clear()

    def forward(self, prompt: Prompt, **params: Any) -> Any:
        store = self.store
        key = self._key(prompt, params)
        state, got = store.lookup(key)
        if state == "hit":
            return got
        if state == "wait":
            return _private_copy(got.result())
        try:
            value = self.model(prompt, **params)
        except BaseException as exc:
            store.settle(key, got, error=exc)
            raise
        return store.settle(key, got, value)

    async def aforward(self, prompt: Prompt, **params: Any) -> Any:
        store = self.store
        key = self._key(prompt, params)
        state, got = store.lookup(key)
        if state == "hit":
            return got
        if state == "wait":
            return _private_copy(await asyncio.wrap_future(got))
        try:
            value = await self.model.acall(prompt, **params)
        except BaseException as exc:
            store.settle(key, got, error=exc)
            raise
        return store.settle(key, got, value)
