"""Calls of a `functools.cache`d (or `lru_cache`d) function: a read at its own place.

A cached call with a key already cached computes nothing; one with a new key runs the
function and keeps its value: a read of the world and a write of the cache. The write is
the program's own state, so the call never starts early: started beside a call that then
fails, it would keep a value the plain program never fetched (a later call with its key
would hit where the plain program sends a request, after the world changed perhaps), and
count a miss the plain program does not. At its own place, in program order, every call
finds the cache as the plain program leaves it, evictions of a bounded cache included.
As a read (when the function is one), it holds no later read back: reads around it
overlap it (runner "place").
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["cached_function"]


def cached_function(obj: Any) -> Any | None:
    """The function a `functools.lru_cache` (or `cache`) wrapper calls, else None."""
    if type(obj) is not functools._lru_cache_wrapper:  # type: ignore[attr-defined]
        return None
    return getattr(obj, "__wrapped__", None)
