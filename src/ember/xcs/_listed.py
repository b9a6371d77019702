"""What a local list holds, where the function's own code shows its items.

``tags = [Tag("a"), Tag("b")]`` and ``rows.append(Row(key, value))`` put objects of the
user's class into a list held by a name. Builtins and list methods then run their dunders
item by item, out of sight: ``max(tags)`` and ``tags.sort()`` compare them, ``x in tags``
and ``tags.index(x)`` test them for equality, ``print(rows)`` shows each by its
``__repr__``, ``map(str, tags)`` and ``sorted(tags, key=len)`` convert each. `Listed`
gives `_implicit` the items to look at.

Items found this way are enough to find such code (an item of the user's class with its
own dunder). They prove its absence, and give a loop's item a type, only when nothing but
the function's own code shown here can add to the list (`complete`): it is bound only to
displays, and every other use of it keeps its items (a list method that adds what is
seen, a builtin that reads it, a loop over it). Anything else leaves the items not known,
taken as data as before (docs/jit.md).
"""

from __future__ import annotations

import ast
import builtins
import functools
from collections.abc import Callable
from typing import Any

from ember.xcs._index import TreeIndex

__all__ = ["APPLIED", "Listed", "SEARCHES", "is_builtin"]

_DISPLAYS = (ast.List, ast.Tuple, ast.Set)
# List methods that add an item the call shows (the argument's position) ...
_ADDS = {"append": 0, "insert": 1}
# ... and those that add none (`SEARCHES` and ``sort`` run the items' dunders).
_KEEPS = frozenset({"count", "index", "remove", "sort", "copy", "reverse", "pop", "clear"})
# Builtins that read what they are handed and keep none of it.
_READERS = frozenset({"len", "print", "str", "repr", "max", "min", "sorted", "sum", "any",
                      "all", "set", "frozenset", "list", "tuple", "enumerate", "reversed",
                      "iter", "zip", "map", "filter", "bool"})

#: List methods that run a dunder of each item: ``lst.index(x)`` compares for equality.
SEARCHES: dict[str, tuple[str, ...]] = {
    "count": ("__eq__",), "index": ("__eq__",), "remove": ("__eq__",),
    "sort": ("__lt__", "__gt__")}
#: Builtins that, handed as the function of ``map``, ``filter`` or a ``key=``, run these
#: dunders of each item (``map(str, tags)``, ``key=len``, ``filter(None, tags)``).
APPLIED: dict[Any, tuple[str, ...]] = {
    str: ("__str__", "__repr__"), repr: ("__repr__",), len: ("__len__",),
    bool: ("__bool__", "__len__"), None: ("__bool__", "__len__"), int: ("__int__", "__index__"),
    float: ("__float__", "__index__"), hash: ("__hash__",), abs: ("__abs__",)}


class Listed:
    """The items of the lists a function's locals hold, as its code shows them.

    `values`: locals bound only by ``name = value``, with their values; `builtin`: is this
    name, where it is called, the builtin of that name (not shadowed)?"""

    def __init__(self, index: TreeIndex, values: dict[str, list[ast.AST]],
                 builtin: Callable[[str], bool]) -> None:
        self.index = index
        self.values = values
        self.builtin = builtin

    def items(self, node: ast.AST) -> list[ast.expr]:
        """The items `node` is seen to hold: a display's, or a local list's (`held`)."""
        if isinstance(node, _DISPLAYS):
            return [e for e in node.elts if not isinstance(e, ast.Starred)]
        if isinstance(node, ast.Name):
            found = self.held.get(node.id)
            return found[0] if found is not None else []
        return []

    def complete(self, name: str) -> bool:
        """Are `items` of `name` all it can hold (no code but these lines adds one)?"""
        found = self.held.get(name)
        return found is not None and found[1]

    @functools.cached_property
    def held(self) -> dict[str, tuple[list[ast.expr], bool]]:
        out: dict[str, tuple[list[ast.expr], bool]] = {}
        for name, bound in self.values.items():
            if not all(isinstance(v, _DISPLAYS) for v in bound):
                continue
            items = [e for v in bound for e in v.elts]  # type: ignore[attr-defined]
            complete = not any(isinstance(e, ast.Starred) for e in items)
            for use in self._uses.get(name, ()):
                added = self._added(use)
                if added is None:
                    complete = False
                else:
                    items += added
            out[name] = ([e for e in items if not isinstance(e, ast.Starred)], complete)
        return out

    @functools.cached_property
    def _uses(self) -> dict[str, list[ast.Name]]:
        found: dict[str, list[ast.Name]] = {}
        for n in self.index.find(self.index.root, ast.Name, nested=True):
            if isinstance(n.ctx, ast.Load) and n.id in self.values:  # type: ignore[attr-defined]
                found.setdefault(n.id, []).append(n)  # type: ignore[attr-defined]
        return found

    def _added(self, use: ast.Name) -> list[ast.expr] | None:
        """The items this use of the list adds ([] for one that adds none); None when it
        may add what is not seen (passed to code of the user's, stored elsewhere)."""
        up = self.index.parent(use)
        if isinstance(up, ast.Attribute) and up.value is use:
            call = self.index.parent(up)
            if not (isinstance(call, ast.Call) and call.func is up):
                return None
            if up.attr in _ADDS and len(call.args) == _ADDS[up.attr] + 1:
                return [call.args[-1]]
            if up.attr == "extend" and len(call.args) == 1 and isinstance(call.args[0],
                                                                            _DISPLAYS):
                return list(call.args[0].elts)  # type: ignore[attr-defined]
            return [] if up.attr in _KEEPS else None
        if isinstance(up, (ast.For, ast.comprehension)) and up.iter is use or isinstance(
                up, (ast.Compare, ast.FormattedValue)) or isinstance(
                up, ast.Subscript) and up.value is use and isinstance(up.ctx, ast.Load):
            return []
        if isinstance(up, ast.Call) and use in up.args and isinstance(up.func, ast.Name) and (
                up.func.id in _READERS and self.builtin(up.func.id)):
            return []
        return None


def is_builtin(name: Callable[[str], Any]) -> Callable[[str], bool]:
    """`Listed`'s test of a called name, from a resolver's lookup of names."""
    return lambda n: name(n) is getattr(builtins, n, None)
