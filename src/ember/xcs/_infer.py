"""The types of a function's locals, where every binding gives one known type.

``out = []``, ``r = requests.get(u)``, ``with open(p) as f``, ``text: str``: once a local's
type is known, the methods called on it (``out.append``, ``r.json``, ``f.read``) resolve to
objects with rules (see `Resolver.value_type`).
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import io
import types

from ember.xcs._effects import Data
from ember.xcs._index import TreeIndex, other_bindings
from ember.xcs._resolve import Resolver, annotated
from ember.xcs._source import NoSource, source_tree

__all__ = ["local_types"]


def local_types(tree: ast.AST, names: set[str], resolver: Resolver,
                 index: TreeIndex | None = None) -> dict[str, type]:
    """Locals whose every binding gives a value of one known type (``out = []``,
    ``r = requests.get(u)``, ``with open(p) as f``, ``text: str``): methods called on them
    have rules. A few passes, as one local's type may come from another's."""
    args = tree.args  # type: ignore[attr-defined]
    params: dict[str, type] = {}
    for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        given = annotated(ast.unparse(arg.annotation)) if arg.annotation else None
        if given is not None and arg.arg not in resolver.bound:
            params[arg.arg] = given  # annotations are not checked: see `guards`
    index = index or TreeIndex(tree)
    binders = index.find(tree, (ast.Assign, ast.withitem, ast.AnnAssign, ast.AugAssign,
                                ast.For, ast.comprehension))
    entered = {id(item): "__aenter__" for w in index.find(tree, ast.AsyncWith)
               for item in w.items}  # type: ignore[attr-defined]
    stores = [n for n in index.find(tree, ast.Name) if isinstance(n.ctx, (ast.Store, ast.Del))]
    literals = _literal_names(tree, index, stores)
    held = _DataNames(tree, index, resolver)
    others = other_bindings(index)
    known = dict(params)
    memo: _Memo = {}
    for _ in range(3):
        resolver.local_types = known
        resolver.consulted = set()
        found = _bindings(binders, stores, names, _Typer(resolver, memo), dict(params), entered,
                          literals, held, others)
        consulted, resolver.consulted = resolver.consulted, None
        if found == known or all(found.get(n) is known.get(n) for n in consulted):
            # Another pass would ask the same questions of the same types: a fixed point.
            return found
        known = found
    return known


# A value's type from an earlier pass, with the types of the locals it asked about then.
_Memo = dict[int, tuple["type | None", dict[str, "type | None"]]]


class _Typer:
    """`Resolver.value_type` for one pass, taking a value's type from an earlier pass
    while the locals that type was found from still have the types they had (the next
    pass would ask the same questions: the same lookups, the same guards, kept from the
    pass that made them)."""

    __slots__ = ("memo", "resolver")

    def __init__(self, resolver: Resolver, memo: _Memo) -> None:
        self.resolver = resolver
        self.memo = memo

    def value_type(self, node: ast.AST) -> type | None:
        resolver = self.resolver
        consulted = resolver.consulted
        assert consulted is not None
        hit = self.memo.get(id(node))
        types = resolver.local_types
        if hit is not None:
            then = hit[1]
            if not then:  # (found from no local: the same on every pass)
                return hit[0]
            if all(types.get(n) is t for n, t in then.items()):
                consulted.update(then)
                return hit[0]
        resolver.consulted = asked = set()
        try:
            found = resolver.value_type(node)
        finally:
            resolver.consulted = consulted
        if asked:
            consulted |= asked
            self.memo[id(node)] = (found, {n: types.get(n) for n in asked})
        else:
            self.memo[id(node)] = (found, _NONE_ASKED)
        return found


_NONE_ASKED: dict[str, type | None] = {}  # (shared: never changed)


def _bindings(binders: list[ast.AST], stores: list[ast.Name], names: set[str],
              resolver: Resolver | _Typer, seen: dict[str, type | None],
              entered: dict[int, str], literals: dict[str, type],
              held: _DataNames, others: set[str]) -> dict[str, type]:
    """One pass over the bindings; `entered` names the method an `async with` item's
    value comes from (``__aenter__``; ``__enter__`` for the others)."""
    typed: set[int] = set()  # Name stores given a type below

    def bind(target: ast.Name, value: ast.AST | None, enters: str = "") -> None:
        typed.add(id(target))
        if target.id in names:
            t = resolver.value_type(value) if value is not None else None
            if enters and t is not None and not _enters_itself(t, enters):
                t = None  # `with x as y`: y is what x.__enter__() returns
            if t is Data and not held.ok(target.id):
                t = None
            seen[target.id] = t if seen.get(target.id, t) is t else None

    for node in binders:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            bind(node.targets[0], node.value)
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            bind(node.optional_vars, node.context_expr, entered.get(id(node), "__enter__"))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target,
                                                                          ast.Name):
            typed.add(id(node.target))  # ``for line in f``: a file's lines are str or bytes
            if node.target.id in names:  # ``for key in ("a", "b")``: str
                walked = resolver.value_type(node.iter)
                t = _literal_items(node.iter, literals) or _LINES.get(walked)  # type: ignore[arg-type]
                if walked is Data and held.ok(node.target.id):
                    t = Data  # (a JSON list's items, a dict's keys)
                seen[node.target.id] = t if seen.get(node.target.id, t) is t else None
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            typed.add(id(node.target))  # ``s += "x"`` keeps a str a str, a list a list
    for node in stores:
        if id(node) not in typed:
            seen[node.id] = None
    for name in others:  # (``except E as e``, a ``match`` capture, an import: not typed)
        seen[name] = None
    return {n: t for n, t in seen.items() if t is not None}


# What walking a value of these types gives: a file's lines (a response's data: `_DataNames`).
_LINES: dict[type | None, type] = {io.TextIOWrapper: str, io.BufferedReader: bytes}


class _DataNames:
    """Which locals may be typed `Data` (a response's data). A name holding it could let it
    be changed (``data["x"] = obj``, through an alias, a callee, a copy's items) and then
    hold the user's objects, whose methods are not the builtins'. So a local is typed
    Data only in a function that changes nothing in place (no item or attribute store,
    no ``del``, no augmented assignment, no container's changing method, no nested scope),
    where the name is only indexed, read an attribute of, formatted or returned, and what
    it gives is passed only to builtins that keep it as it is."""

    def __init__(self, tree: ast.AST, index: TreeIndex, resolver: Resolver) -> None:
        self.tree = tree
        self.index = index
        self.resolver = resolver

    @functools.cached_property
    def _quiet(self) -> bool:
        for node in self.index.find(self.tree, _CHANGES, nested=True):
            if isinstance(node, (ast.Subscript, ast.Attribute)):
                if not isinstance(node.ctx, ast.Load):
                    return False
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
                    return False
            else:
                return False  # (AugAssign, Delete, a nested scope)
        return True

    def ok(self, name: str) -> bool:
        if not self._quiet:
            return False
        index = self.index
        for node in index.find(self.tree, ast.Name, nested=True):
            if node.id != name or not isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
                continue
            up = index.parent(node)
            if not (isinstance(up, (ast.Subscript, ast.Attribute)) and up.value is node
                    or isinstance(up, (ast.Return, ast.FormattedValue))):
                return False
            while isinstance(up, (ast.Subscript, ast.Attribute, ast.Call)):
                call, up = up, index.parent(up)
                if isinstance(up, ast.Call) and call is not up.func and not _keeps(
                        up, self.resolver):
                    return False  # (passed to code that may change it)
        return True


def _keeps(call: ast.Call, resolver: Resolver) -> bool:
    """Does `call` leave its arguments as they are: a builtin named plainly, no keywords
    (a ``key=`` runs code), or a method of a constant (``", ".join(parts)``)?"""
    if call.keywords:
        return False
    f = call.func
    if isinstance(f, ast.Name) and f.id in _KEEPING:
        return resolver.name(f.id) is getattr(builtins, f.id)
    return isinstance(f, ast.Attribute) and isinstance(f.value, ast.Constant)


_KEEPING = frozenset({"len", "str", "int", "float", "bool", "repr", "print", "sorted", "list",
                      "tuple", "min", "max", "sum", "any", "all", "isinstance", "set",
                      "frozenset"})
_CHANGES = (ast.Subscript, ast.Attribute, ast.Call, ast.AugAssign, ast.Delete,
            ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_MUTATORS = frozenset(
    "append extend insert pop popitem remove clear update setdefault add discard sort "
    "reverse __setitem__ __delitem__ __iadd__ __ior__ difference_update "
    "intersection_update symmetric_difference_update".split())


def _literal_names(tree: ast.AST, index: TreeIndex, stores: list[ast.Name]) -> dict[str, type]:
    """Locals bound once to a literal (``keys = ["a", "b"]``) and only ever walked by a
    loop or comprehension (never changed, passed or seen by a nested function), by the
    one type of their items."""
    once: dict[str, ast.AST | None] = {}
    for node in stores:
        once[node.id] = None if node.id in once else node
    found: dict[str, type] = {}
    for name, target in once.items():
        assign = index.parent(target) if target is not None else None
        if isinstance(assign, ast.Assign) and assign.targets == [target]:
            t = _literal_items(assign.value, {})
            if t is not None:
                found[name] = t
    if found:  # (nested scopes too: one may rebind it with `nonlocal`, or change it)
        for node in index.find(tree, ast.Name, nested=True):
            if node.id not in found or node is once[node.id]:
                continue
            walker = index.parent(node)
            if not (isinstance(node.ctx, ast.Load) and isinstance(
                    walker, (ast.For, ast.comprehension)) and walker.iter is node):
                del found[node.id]
    return found


def _literal_items(node: ast.AST, literals: dict[str, type]) -> type | None:
    """The one type of a literal tuple's, list's or set's items, when each is a constant
    str, bytes, int or float (or of a local in `literals`, bound once to such a one)."""
    if isinstance(node, ast.Name):
        return literals.get(node.id)
    if not isinstance(node, (ast.Tuple, ast.List, ast.Set)) or not node.elts:
        return None
    found = {type(e.value) if isinstance(e, ast.Constant) else None for e in node.elts}
    t = found.pop() if len(found) == 1 else None
    return t if t in (str, bytes, int, float) else None


def _enters_itself(cls: type, method: str) -> bool:
    """Does ``with cls(...) as x`` bind the object itself (its `__enter__`, or for
    ``async with`` its `__aenter__`, returns self)?"""
    enter = inspect.getattr_static(cls, method, None)
    if enter is None:
        return False
    if not isinstance(enter, types.FunctionType):
        # C types' __enter__ (files, sqlite3 connections) return self; a C __aenter__
        # returns an awaitable, whose result is not known here.
        return method == "__enter__"
    try:
        tree, _ = source_tree(enter)
    except NoSource:
        return False
    last = tree.body[-1]
    return (isinstance(last, ast.Return) and isinstance(last.value, ast.Name)
            and last.value.id == tree.args.args[0].arg)


