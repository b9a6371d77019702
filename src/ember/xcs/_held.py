"""What the JIT's caches keep of the program's objects: a weak reference where one can be
made, so that no cache keeps alive what the program let go.

A plain program drops a closure, a bound method's object or a partial's argument when its
last name goes, and finalisers (`__del__`, `weakref.finalize`, a generator's `finally`) run
then. A cache of classifications or guards that held those objects strongly would move
those finalisers to whenever the cache is cleared. Guards compare by identity, so a dead
reference is simply a guard that fails: no live object is what a dropped one was.
"""

from __future__ import annotations

import itertools
import types
import weakref
from typing import Any

__all__ = ["GONE", "held", "live", "origin_of", "same_origin"]

GONE: Any = object()
"""What `live` gives for an object the program has dropped: identical to nothing."""


class _Weak(weakref.ref):  # (its own type: a program's weakref kept in a guard stays one)
    __slots__ = ()


class _WeakMethod(weakref.WeakMethod):
    """A bound method, which Python makes anew at each attribute access: kept as its
    function and (weakly) its object, and given back as the same method object while that
    one lives (`same_callee` compares methods by both)."""

    __slots__ = ("_bound",)

    def __init__(self, method: types.MethodType) -> None:
        super().__init__(method)
        self._bound = weakref.ref(method)


def held(obj: Any) -> Any:
    """`obj` as a cache keeps it: weakly if it can be, else as it is (ints, strings,
    tuples, lists: objects without finalisers of their own). A class, a module and a
    module's builtin function are kept as they are: they live as long as their module, and
    most guards hold them."""
    kind = type(obj)
    if kind is type or kind is types.ModuleType or kind is types.BuiltinFunctionType and (
            type(obj.__self__) in _FIXED_OWNERS):
        return obj
    if kind is types.MethodType:
        try:
            return _WeakMethod(obj)
        except TypeError:
            return obj
    try:
        return _Weak(obj)
    except TypeError:
        return obj


_FIXED_OWNERS = (types.ModuleType, type(None))


def live(kept: Any) -> Any:
    """The object `held` kept, or `GONE` once the program has dropped it."""
    kind = type(kept)
    if kind is _Weak:
        obj = kept()
    elif kind is _WeakMethod:
        obj = kept._bound() or kept()
    else:
        return kept
    return GONE if obj is None else obj


def origin_of(func: Any) -> tuple:
    """What a cache entry keeps of the function it was made for: it and its defaults (which
    may be assigned anew), each `held`: nothing the program dropped stays alive for it."""
    return held(func), tuple(map(held, _defaults(func)))


def _defaults(func: Any) -> tuple:
    kw = getattr(func, "__kwdefaults__", None) or {}
    return (*(getattr(func, "__defaults__", None) or ()), *itertools.chain(*kw.items()))


def same_origin(origin: tuple, func: Any) -> bool:
    """Is `func` the function an entry was made for (`origin_of`), or one of the same `def`
    with the same globals, defaults and cells (one by one: lambdas made by one comprehension
    share cells, each in a closure tuple of its own)? A dropped function's entry is none's."""
    made = live(origin[0])
    if made is GONE:
        return False
    if made is not func:
        a, b = made.__closure__ or (), getattr(func, "__closure__", None) or ()
        if not (made.__globals__ is getattr(func, "__globals__", None) and len(a) == len(b)
                and all(x is y for x, y in zip(a, b, strict=True))):
            return False
    now = _defaults(func)
    return len(now) == len(origin[1]) and all(
        live(x) is y for x, y in zip(origin[1], now, strict=True))
