"""What a local list holds, where the function's own code shows its items.

``tags = [Tag("a"), Tag("b")]`` and ``rows.append(Row(key, value))`` put objects of the
user's class into a list held by a name. Builtins and list methods then run their dunders
item by item, out of sight: ``max(tags)`` and ``tags.sort()`` compare them, ``x in tags``
and ``tags.index(x)`` test them for equality, ``print(rows)`` shows each by its
``__repr__``, ``map(str, tags)`` and ``sorted(tags, key=len)`` convert each. `Listed`
gives `_implicit` the items to look at.

The items found are those the function's own code shows: a list handed to a helper that
appends to it, or filled by a call, holds more, which are not known and are taken as data
as before (docs/jit.md). What is found is looked at, never taken to be all there is.
"""

from __future__ import annotations

import ast
import builtins
import collections
import functools
from collections.abc import Callable
from typing import Any

from ember.xcs._index import TreeIndex

__all__ = ["Listed", "SEARCHES", "is_builtin"]

_DISPLAYS = (ast.List, ast.Tuple, ast.Set)
_COPIES = frozenset({"list", "tuple", "sorted", "set", "frozenset", "reversed"})
# List methods that add an item the call shows (the argument's position).
_ADDS = {"append": 0, "insert": 1, "add": 0, "appendleft": 0, "setdefault": 1}

#: List methods that run a dunder of each item: ``lst.index(x)`` compares for equality.
SEARCHES: dict[str, tuple[str, ...]] = {
    "count": ("__eq__",), "index": ("__eq__",), "remove": ("__eq__",),
    "sort": ("__lt__", "__gt__")}


class Listed:
    """The items of the lists a function's locals hold, as its code shows them.

    `builtin`: is this name, where it is called, the builtin of that name (not shadowed)?
    `stores`: the names the function binds, one entry per binding."""

    def __init__(self, index: TreeIndex, builtin: Callable[[str], bool],
                 stores: list[str]) -> None:
        self.index = index
        self.builtin = builtin
        self.stores = stores  # every name bound or deleted, once per binding
        self._found: dict[str, list[ast.expr]] = {}  # by name, as `_held` finds them

    def items(self, node: ast.AST) -> list[ast.expr]:
        """The items `node` is seen to hold: a display's, a comprehension's element, a copy's
        (``list(xs)``, ``tuple(xs)``, ``sorted(xs)``), or a local list's (`_held`)."""
        if isinstance(node, _DISPLAYS):
            return [e for e in node.elts if not isinstance(e, ast.Starred)]
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return [node.elt]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(
                node.args) == 1 and node.func.id in _COPIES and self.builtin(node.func.id):
            return self.items(node.args[0])
        if isinstance(node, ast.Call) and len(node.args) == 1 and "deque" in (  # (more seen
                getattr(node.func, "id", None), getattr(node.func, "attr", None)):  # than held)
            return self.items(node.args[0])
        if isinstance(node, ast.Name) and node.id in self._bindings:
            return self._held(node.id)
        return []

    def held(self, node: ast.AST) -> list[ast.expr]:
        """What a container is seen to hold: its `items`, and a dict's values (those of its
        display or comprehension, ``d[k] = v``, ``d.setdefault(k, v)``)."""
        if isinstance(node, ast.Dict):
            return [v for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        if isinstance(node, ast.DictComp):
            return [node.value]
        if not isinstance(node, ast.Name):
            return self.items(node)
        dicts = [v for v in self._bindings.get(node.id, ()) if isinstance(v, (ast.Dict,
                                                                             ast.DictComp))]
        return [*(e for v in dicts for e in self.held(v)), *self.items(node)]

    def nested(self, node: ast.expr, depth: int = 0) -> list[ast.expr]:
        """`node`, or the values it holds (`items`, a dict display's keys and values), as
        deep as they nest: what a library handed `node` may reach."""
        if isinstance(node, ast.Dict):
            parts = [e for e in (*node.keys, *node.values) if e is not None]
        else:
            parts = self.items(node)
        if not parts or depth > 3:
            return [node]
        return [e for p in parts for e in self.nested(p, depth + 1)]

    def _held(self, name: str) -> list[ast.expr]:
        out = self._found
        if name not in out:
            out[name] = []  # (a list bound from itself adds nothing to what is shown)
            items = [e for value in self._bindings[name] for e in self.items(value)]
            items += [e for use in self._uses.get(name, ()) for e in self._added(use)]
            out[name] = [e for e in items if not isinstance(e, ast.Starred)]
        return out[name]

    @functools.cached_property
    def _bindings(self) -> dict[str, list[ast.expr]]:
        """Locals bound only by ``name = value`` (``name: T = value``) and ``name += value``,
        with what each binds or adds."""
        found: dict[str, list[ast.expr]] = {}
        for n in self.index.find(self.index.root, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]  # type: ignore[attr-defined]
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and (
                    n.value is not None) and (not isinstance(n, ast.AugAssign) or isinstance(  # type: ignore[attr-defined]
                    n.op, (ast.Add, ast.BitOr))):  # type: ignore[attr-defined]
                found.setdefault(targets[0].id, []).append(n.value)  # type: ignore[attr-defined]
        stores = collections.Counter(self.stores)
        return {k: v for k, v in found.items() if stores[k] == len(v)}

    @functools.cached_property
    def _uses(self) -> dict[str, list[ast.Name]]:
        found: dict[str, list[ast.Name]] = {}
        for n in self.index.find(self.index.root, ast.Name, nested=True):
            if isinstance(n.ctx, ast.Load) and n.id in self._bindings:  # type: ignore[attr-defined]
                found.setdefault(n.id, []).append(n)  # type: ignore[attr-defined]
        return found

    def _added(self, use: ast.Name) -> list[ast.expr]:
        """The items this use of the list shows it adds: ``append``, ``insert``, ``extend``
        of a display, an item or a slice stored (``slots[0] = Card()``), and what an item
        of it is handed (``groups[k].append(f)``: held through it)."""
        up = self.index.parent(use)
        call = self.index.parent(up)
        if isinstance(up, ast.Subscript) and isinstance(up.ctx, ast.Load) and isinstance(
                call, ast.Attribute) and call.attr in _ADDS:
            up, call = call, self.index.parent(call)
        if isinstance(up, ast.Attribute) and isinstance(call, ast.Call) and call.func is up:
            if up.attr in _ADDS and len(call.args) == _ADDS[up.attr] + 1:
                return [call.args[-1]]
            if up.attr == "extend" and len(call.args) == 1:
                return self.items(call.args[0])
        if isinstance(up, ast.Subscript) and isinstance(up.ctx, ast.Store) and isinstance(
                call, ast.Assign) and len(call.targets) == 1:
            return self.items(call.value) if isinstance(up.slice, ast.Slice) else [call.value]
        return []


def is_builtin(name: Callable[[str], Any]) -> Callable[[str], bool]:
    """`Listed`'s test of a called name, from a resolver's lookup of names."""
    return lambda n: name(n) is getattr(builtins, n, None)
