"""What a name or a container lets go of.

``del t``, ``t = None`` and ``t = other`` drop what the name held; ``handles.clear()``,
``stack.pop()`` whose value is not kept, ``del d[k]`` and ``slots[0] = None`` drop an
item of a container. Where that was its last reference, its finaliser runs
there: a file flushes and closes, a `GzipFile` writes its trailer, a `NamedTemporaryFile`
deletes its file, a paused generator runs its ``finally``, an object of yours runs its
``__del__``. A drop counts as the finalisers of the items the function's own code puts in
the container (`Listed.held`) whose types are known, and of what a container argument
holds when the call starts (guarded); items of a type not known, or put in by a helper,
are taken as data, as other operations on such values are (docs/jit.md).
"""

from __future__ import annotations

import ast
import collections
import inspect
import types
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ember.xcs import _dunders
from ember.xcs._effects import Kind
from ember.xcs._guards import held_items
from ember.xcs._whose import users_class

__all__ = ["by_method", "by_name", "by_store", "dropping"]

# Methods of a builtin container that let go of items (the ``*_update``s of a set, a dict's
# ``update`` replacing a key's value).
_DROPPING = frozenset({"clear", "pop", "popitem", "popleft", "remove", "discard", "update",
                       "difference_update", "intersection_update",
                       "symmetric_difference_update"})
_TAKING = frozenset({"pop", "popitem", "popleft"})  # (they hand the item back: kept or not)
_HOLDERS = (list, tuple, dict, set, frozenset, collections.deque)
_MAX_ITEMS = 1000  # (the guard on what an argument holds checks each at every call)
# Where a value taken out of a container is kept beyond the expression that takes it.
_KEEPING = (ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.Return, ast.Yield, ast.Call,
            ast.keyword, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred, ast.withitem)


def dropping(value: ast.AST | None) -> bool:
    """Does storing `value` let go of what the target held: a constant or an empty display
    (``t = None``, ``tickets = []``), the ways code drops an object on purpose?"""
    return isinstance(value, ast.Constant) or isinstance(value, (ast.List, ast.Tuple, ast.Set)) and (
        not value.elts) or isinstance(value, ast.Dict) and not value.keys


def by_name(finder: Any, target: ast.Name, delete: bool, value: ast.AST | None) -> list[Any]:
    """``del t``, and ``t = None`` or ``t = other`` where `t` is bound elsewhere too: the
    finaliser of what it held (``lease = spare``: an object of your class; a container's
    items, ``pair = ("done",)``)."""
    rebinds = finder.stores.count(target.id) > 1
    if not delete and rebinds and not dropping(value):
        held = {finder.type_of(v) for v in finder.values.get(target.id, ())}
        return [*(_dunders.finaliser(h) for h in held if h is not None and users_class(h)),
                *_finalisers(finder, target, finder.type_of(target), lambda: f"{target.id} = " + (
                    ast.unparse(value) if value is not None else "..."))]
    if not delete and not (dropping(value) and rebinds):
        return []  # (``t = None`` where ``t`` held an object drops it, as ``del t``)
    t = finder.type_of(target)
    if t is None or t in (list, tuple, dict, set, frozenset):  # (and its items)
        what = f"del {target.id}" if delete else (
            f"{target.id} = {ast.unparse(value)} drops what it held")  # type: ignore[arg-type]
        return [_dunders.unknown(f"{what}: its finaliser is not known")]
    return [_dunders.finaliser(t)]


def by_method(finder: Any, call: ast.Call) -> list[Any]:
    """``c.clear()``, ``c.pop(k)``, ``c.remove(x)``, ...: the finalisers of what `c` may
    hold (`finder`: the `_implicit._Finder` asking)."""
    f = call.func
    if not isinstance(f, ast.Attribute) or f.attr not in _DROPPING:
        return []
    if f.attr in _TAKING and isinstance(finder.index.parent(call), _KEEPING):
        return []
    return _finalisers(finder, f.value, finder.type_of(f.value), lambda: ast.unparse(call))


def by_store(finder: Any, target: ast.Subscript, t: type, delete: bool) -> list[Any]:
    """``del c[k]`` and ``c[k] = v`` on a `c` of type `t`: the item it held there goes."""
    return _finalisers(finder, target.value, t,
                       lambda: f"{'del ' if delete else ''}{ast.unparse(target)}")


def _finalisers(finder: Any, container: ast.expr, t: type | None,
                what: Callable[[], str]) -> list[Any]:
    """The finalisers of the items `container` (of type `t`) is seen to hold that may act
    (`what` names the drop, for the reason: made only when one may)."""
    if t is None or not issubclass(t, _HOLDERS):
        return []
    kinds = {k: ast.unparse(item) for item in finder.listed.held(container) if (
        k := finder.type_of(item) or _generator(finder, item) or _deleted(finder, item))}
    kinds.update((k, f"a {k.__qualname__} it was handed") for k in _handed(finder, container))
    found = []
    for kind, item in kinds.items():
        fact = _dunders.finaliser(kind)
        if fact.kind is not Kind.PURE or fact.raises:
            found.append(replace(fact, reason=f"{what()} may drop the last reference to "
                                              f"{item}: {fact.reason}"))
    return found


def _handed(finder: Any, container: ast.expr) -> frozenset[type]:
    """The types of what a container argument holds when the call starts (``def
    f(handles): ... handles.clear()``), kept as a guard checked at every call."""
    live = finder.value(container) if isinstance(container, ast.Name) and (
        container.id in finder.resolver.bound) else None
    if type(live) not in _HOLDERS or len(live) > _MAX_ITEMS:  # type: ignore[arg-type]
        return frozenset()
    kinds = frozenset(type(x) for x in held_items(live))
    finder.resolver.guards.append(("held", container.id, type(live), kinds))
    return kinds


def _generator(finder: Any, item: ast.expr) -> type | None:
    """A call of a generator function of yours makes a generator (its ``finally`` and its
    ``with`` blocks' exits run when it is dropped paused)."""
    fn = finder.callee(item) if isinstance(item, ast.Call) else None
    return types.GeneratorType if inspect.isgeneratorfunction(fn) else None


def _deleted(finder: Any, item: ast.expr) -> type | None:
    """An item named by a local bound once and deleted after (``pool = {lease}; del
    lease``), which leaves the container the last reference: the type it was bound to."""
    if not isinstance(item, ast.Name) or finder.stores.count(item.id) != 2:
        return None
    binds = [n.value for n in finder.index.find(finder.index.root, ast.Assign) if len(
        n.targets) == 1 and getattr(n.targets[0], "id", None) == item.id]
    deletes = [n for n in finder.index.find(finder.index.root, ast.Delete) if item.id in [
        getattr(t, "id", None) for t in n.targets]]
    return finder.type_of(binds[0]) if len(binds) == 1 and len(deletes) == 1 else None
