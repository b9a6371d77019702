"""`Cache`: remember model answers, keyed on the model, the prompt and the parameters.

The storage is the models layer's `AnswerStore`, the one implementation of remembered
answers (`ResponseCache` uses it too): bounded (least recently used entries go first)
and safe to share between threads and tasks; identical calls in flight at the same time
make one model call, the others wait for it; failures are not cached; each caller gets its
own copy of a stored answer. This module only says what makes two calls the same.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, NamedTuple

from ember._errors import SpecError
from ember.models import AnswerStore, Prompt
from ember.operators._model import Model, _freeze, as_model
from ember.operators._module import Operator
from ember.operators._spec import short_repr
from ember.xcs import Kind

__all__ = ["Cache", "CacheInfo"]


class CacheInfo(NamedTuple):
    """Counters of a `Cache`: hits, misses, current size and bound."""

    hits: int
    misses: int
    size: int
    maxsize: int


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

    # Which calls hit depends on the order they ran in (it is bounded: which entry goes
    # first), so under `xcs.jit` each call runs in its place, in the program's order, as a
    # change of its own store alone: reads may still start before it.
    __ember_io__: ClassVar[str] = "write"
    __ember_resource__: ClassVar[str] = "self"

    model: Model
    maxsize: int = 1024
    store: AnswerStore = dataclasses.field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __init__(self, model: Any, *, maxsize: int = 1024, **params: Any) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
            raise SpecError(f"Cache: maxsize must be an int >= 1, got {short_repr(maxsize)}",
                            operator="Cache", field="maxsize", expected="int >= 1",
                            value=maxsize)
        self.model = as_model(model, params, who="Cache")
        self.maxsize = maxsize
        self.store = AnswerStore(maxsize)

    def _ember_kind(self) -> Kind | None:
        # (over a callable of yours that may do anything, it is what the callable is)
        return Kind.UNKNOWN if super()._ember_kind() is Kind.UNKNOWN else None

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
        store = self.store
        return CacheInfo(store.hits, store.misses, len(store), store.maxsize)

    def clear(self) -> None:
        """Forget every entry (calls in flight still finish)."""
        self.store.clear()

    def forward(self, prompt: Prompt, **params: Any) -> Any:
        return self.store.call(self._key(prompt, params),
                               lambda: self.model(prompt, **params))

    async def aforward(self, prompt: Prompt, **params: Any) -> Any:
        return await self.store.acall(self._key(prompt, params),
                                      lambda: self.model.acall(prompt, **params))
