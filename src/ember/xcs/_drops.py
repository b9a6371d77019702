"""What a container lets go of.

``handles.clear()``, ``stack.pop()`` whose value is not kept, ``del d[k]`` and
``slots[0] = None`` drop an item; where that was its last reference, its finaliser runs
there: a file flushes and closes, a `GzipFile` writes its trailer, a `NamedTemporaryFile`
deletes its file, a paused generator runs its ``finally``, an object of yours runs its
``__del__``. A drop counts as the finalisers of the items the function's own code puts in
the container (`Listed.held`) whose types are known; items it does not show, or of a type
not known, are taken as data, as other operations on such values are (docs/jit.md).
"""

from __future__ import annotations

import ast
import collections
import inspect
import types
from dataclasses import replace
from typing import Any

from ember.xcs import _dunders
from ember.xcs._effects import Kind

__all__ = ["by_method", "by_store"]

# Methods of a builtin container that let go of items (the ``*_update``s of a set, a dict's
# ``update`` replacing a key's value).
_DROPPING = frozenset({"clear", "pop", "popitem", "popleft", "remove", "discard", "update",
                       "difference_update", "intersection_update",
                       "symmetric_difference_update"})
_TAKING = frozenset({"pop", "popitem", "popleft"})  # (they hand the item back: kept or not)
_HOLDERS = (list, dict, set, collections.deque)
# Where a value taken out of a container is kept beyond the expression that takes it.
_KEEPING = (ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.Return, ast.Yield, ast.Call,
            ast.keyword, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred, ast.withitem)


def by_method(finder: Any, call: ast.Call) -> list[Any]:
    """``c.clear()``, ``c.pop(k)``, ``c.remove(x)``, ...: the finalisers of what `c` may
    hold (`finder`: the `_implicit._Finder` asking)."""
    f = call.func
    if not isinstance(f, ast.Attribute) or f.attr not in _DROPPING:
        return []
    if f.attr in _TAKING and isinstance(finder.index.parent(call), _KEEPING):
        return []
    return _finalisers(finder, f.value, ast.unparse(call))


def by_store(finder: Any, target: ast.Subscript, delete: bool) -> list[Any]:
    """``del c[k]`` and ``c[k] = v``: the item `c` held there goes."""
    return _finalisers(finder, target.value, f"{'del ' if delete else ''}{ast.unparse(target)}")


def _finalisers(finder: Any, container: ast.expr, what: str) -> list[Any]:
    t = finder.type_of(container)
    if t is None or not issubclass(t, _HOLDERS):
        return []
    found = []
    for item in finder.listed.held(container):
        kind = finder.type_of(item) or _generator(finder, item)
        fact = _dunders.finaliser(kind) if kind is not None else None
        if fact is not None and (fact.kind is not Kind.PURE or fact.raises):
            found.append(replace(fact, reason=f"{what} may drop the last reference to "
                                              f"{ast.unparse(item)}: {fact.reason}"))
    return found


def _generator(finder: Any, item: ast.expr) -> type | None:
    """A call of a generator function of yours makes a generator (its ``finally`` and its
    ``with`` blocks' exits run when it is dropped paused)."""
    fn = finder.callee(item) if isinstance(item, ast.Call) else None
    return types.GeneratorType if inspect.isgeneratorfunction(fn) else None
