"""Calls of a `functools.cache`d function: a read when the function is, once per key.

A cached call with a key already cached computes nothing; one with a new key runs the
function and keeps its value. Two such calls may overlap only when neither can change
what a later call does beyond what the plain program does:

- The cache never evicts (``maxsize=None``: `functools.cache`). A bounded `lru_cache`
  evicts its least recently used key, and calls that finish in another order than the
  program's would leave another key to evict: a later call would hit where the plain
  program misses (or the other way round), and send another request. Bounded caches keep
  no rule: their calls run in place.
- No two calls with one key start together: the second must find the first's value (one
  request, as in the plain program). The first call with a key may start early; every
  later call with that key (in this process) runs in place, in program order, after it
  (`claim`). Keys are simple values only (str, int, ...), whose equality runs no code.
  Such a later call takes the cache's value for a key whose first call the program has
  already waited for (its place comes first): it reads the cache, or reads again through
  the function if that call failed. A read either way, so it holds back no later read
  (`claimed`): ``[get("a"), get("b"), get("a"), get("c")]`` has "c" in flight with "a"
  and "b".
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from ember.xcs._resolve import SIMPLE

__all__ = ["cached_function", "claim", "claimed", "reset"]

_lock = threading.Lock()
_claimed: dict[int, tuple[Any, set[Any]]] = {}  # id(wrapper) -> (wrapper, keys started)
_MAX_KEYS = 1 << 16  # past this many keys of one cache, its calls run in place


def cached_function(obj: Any) -> Any | None:
    """The function a never-evicting `functools.cache` wrapper calls, else None."""
    if type(obj) is not functools._lru_cache_wrapper:  # type: ignore[attr-defined]
        return None
    try:
        if obj.cache_parameters()["maxsize"] is not None:
            return None
    except (AttributeError, KeyError, TypeError):
        return None
    return getattr(obj, "__wrapped__", None)


def _key(args: tuple, kwargs: dict) -> tuple | None:
    """A call's cache key, if every argument is a simple value (else None)."""
    if not all(type(v) in SIMPLE for v in (*args, *kwargs.values())):
        return None
    return args, tuple(sorted(kwargs.items()))


def claim(obj: Any, args: tuple, kwargs: dict) -> bool:
    """May this call of the cache wrapper `obj` start early: its key is simple and no call
    with it has started before? Claims the key (for good) when it may."""
    key = _key(args, kwargs)
    if key is None:
        return False
    with _lock:
        held = _claimed.get(id(obj))
        if held is None or held[0] is not obj:
            held = _claimed[id(obj)] = (obj, set())
        if key in held[1] or len(held[1]) >= _MAX_KEYS:
            return False
        held[1].add(key)
        return True


def claimed(obj: Any, args: tuple, kwargs: dict) -> bool:
    """Has a call of the cache wrapper `obj` with this simple key started before (so this
    one runs in place, after it, and finds its value)?"""
    key = _key(args, kwargs)
    if key is None:
        return False
    with _lock:
        held = _claimed.get(id(obj))
        return held is not None and held[0] is obj and key in held[1]


def reset() -> None:
    """Forget the keys claimed (`ember.xcs.lowlevel.reset`; no call may be in flight)."""
    with _lock:
        _claimed.clear()
