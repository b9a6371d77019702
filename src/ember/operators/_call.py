"""Calling anything an operator may hold, from async code, without blocking the loop.

Operators hold models (ids, `ModelBinding`s), other operators, and plain functions. Their
async forms await each through `acall_any`: an object with an ``acall`` coroutine is awaited
(Ember's models and operators run on the shared event loop), an ``async def`` is awaited,
and anything else runs on the scheduler's elastic worker threads, so a blocking function
never stalls the event loop.

`kind_of` tells the kind of a held callable (read, pure, ...), from the same registry and
source analysis `xcs.jit` uses, so composite operators can declare what they do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ember import _core
from ember.xcs import Kind
from ember.xcs.lowlevel import effect_of

__all__ = ["acall_any", "combined_kind", "kind_of"]


async def acall_any(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Await `fn(*args, **kwargs)` from async code, whatever kind of callable `fn` is.

    Examples:
        >>> import asyncio
        >>> asyncio.run(acall_any(len, "abc"))
        3
    """
    acall = getattr(fn, "acall", None)
    if acall is not None and callable(acall) and not isinstance(fn, type):
        result = acall(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result
    if _core.is_async(fn):
        return await fn(*args, **kwargs)
    return await _core.to_thread(fn, *args, **kwargs)


# Reads an operator may declare as its own: an operator that reads declares a model call,
# which no write to this machine's files and databases changes, so only reads no such
# write changes either (a model, a server elsewhere, the clock) may stand for it.
_REMOTE_READS = frozenset({"llm", "net", "time"})


def kind_of(obj: Any) -> Kind:
    """The kind of callable `obj` is, as `xcs.jit` sees it (`Kind.UNKNOWN` if it cannot tell).
    A read of this machine's files or servers is `Kind.UNKNOWN` here: declared as a model
    call, it would move across the writes that change what it reads."""
    try:
        rule = effect_of(obj)
    except Exception:  # noqa: BLE001 - an object the analysis cannot read: unknown
        return Kind.UNKNOWN
    if rule.kind is Kind.READ and rule.resource not in _REMOTE_READS:
        return Kind.UNKNOWN
    return rule.kind


def combined_kind(parts: list[Any]) -> Kind:
    """The kind of running all `parts`: READ if each is a read or pure and one is a read,
    PURE if all are pure, else UNKNOWN."""
    kinds = [kind_of(p) for p in parts]
    if kinds and all(k is Kind.PURE for k in kinds):
        return Kind.PURE
    if kinds and all(k in (Kind.READ, Kind.PURE) for k in kinds):
        return Kind.READ
    return Kind.UNKNOWN
