"""The types of a function's locals, where every binding gives one known type.

``out = []``, ``r = requests.get(u)``, ``with open(p) as f``, ``text: str``: once a local's
type is known, its methods (``out.append``, ``r.json``) resolve to objects with rules.
"""

from __future__ import annotations

import ast
import builtins
import collections
import functools
import inspect
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._containers import MUTATORS
from ember.xcs._effects import Data, Kind, item_type, leaves_its_arguments, rule_for_call
from ember.xcs._index import TreeIndex, other_bindings, root_name
from ember.xcs._resolve import _SPLITS, MISSING, Resolver, annotated, static_args, summary_of
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
    others = other_bindings(index)  # (an import or a ``match`` capture rebinds a name too)
    literals = {k: v for k, v in _literal_names(index, stores, resolver).items()
                if k in names and k not in others}  # (a ``global``'s: any code rebinds it)
    held = _DataNames(tree, index, resolver, names)
    resolver.item_types = {k: v for k, v in _grouping(index, stores, resolver).items()
                           if k in names and k not in others}
    known = dict(params)
    memo: _Memo = {}
    for _ in range(3):
        resolver.local_types = known
        resolver.consulted = set()
        held.kept_names.clear()  # (what a use leaves may turn on a type this pass finds)
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
              entered: dict[int, str], literals: dict[str, ast.expr],
              held: _DataNames, others: set[str]) -> dict[str, type]:
    """One pass over the bindings; `entered` names the method an `async with` item's
    value comes from (``__aenter__``; ``__enter__`` for the others)."""
    typed: set[int] = set()  # Name stores given a type below
    augmented: list[Any] = []  # augmented assignments to a name, checked once all are seen

    def bind(target: ast.Name, value: ast.AST | None, enters: str = "") -> None:
        typed.add(id(target))
        if target.id in names:
            t = resolver.value_type(value) if value is not None else None
            if enters and t is not None and not _enters_itself(t, enters):
                t = None  # `with x as y`: y is what x.__enter__() returns
            if t is Data and not held.ok(target.id):
                t = None
            elif t in (list, dict) and _filled(value) and held.plain(value, {target.id}) and (
                    held.ok(target.id)):
                t = Data  # ``lines = [ln for ln in text.splitlines() if ln]``: data too
            seen[target.id] = t if seen.get(target.id, t) is t else None

    for node in binders:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            bind(node.targets[0], node.value)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for t in node.targets:  # ``correct = total = 0``: one immutable value, shared
                if isinstance(t, ast.Name):
                    bind(t, node.value)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and _paired(
                node.targets[0], node.value):  # ``n, m = Noisy(1), Noisy(2)``
            for t, v in zip(node.targets[0].elts, node.value.elts, strict=True):  # type: ignore[attr-defined]
                if isinstance(t, ast.Name):
                    bind(t, v)
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            bind(node.optional_vars, node.context_expr, entered.get(id(node), "__enter__"))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.comprehension)) and (
                walks := _walked_names(node.target)):
            typed.update(id(n) for n in walks)  # ``for line in f``: a file's lines are str
            if any(n.id in names for n in walks):  # ``for key in ("a", "b")``: str
                shape = _walked_shape(node.iter, literals, resolver)
                for n, t in _unpacked(node.target, shape):
                    if t is Data and not held.ok(n.id):  # (a JSON list's items, a CSV
                        t = None  # reader's rows: data while nothing of yours goes in)
                    seen[n.id] = t if seen.get(n.id, t) is t else None
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            typed.add(id(node.target))  # ``s += "x"`` keeps a str a str, a list a list
            augmented.append(node)
    for node in augmented:  # (``total += price``: your ``__radd__`` may give another type)
        if not _keeps_type(seen.get(node.target.id), resolver.value_type(node.value)):
            seen[node.target.id] = None
    for node in stores:
        if id(node) not in typed:
            seen[node.id] = None
    for name in others:  # (``except E as e``, a ``match`` capture, an import: not typed)
        seen[name] = None
    return {n: t for n, t in seen.items() if t is not None}




def _keeps_type(kind: type | None, operand: type | None) -> bool:
    """Does an augmented assignment keep a local of type `kind` of that type, with an
    operand of type `operand`? A builtin scalar or data does only with a plain operand of
    its kind (``total += 1``; with another, that one's ``__radd__`` may give anything); any
    other type's own ``__iadd__`` (or ``__add__``) is what runs, and is analysed as such."""
    if kind is Data:  # (a JSON value, with a plain one)
        return operand in (Data, str, int, float, bool, list)
    if kind in (str, bytes):
        return operand is kind or operand is int  # (``s *= 2``)
    if kind in (int, bool):
        return kind is int and operand in (int, bool)
    if kind is float:
        return operand in (int, bool, float)
    return True


class _DataNames:
    """Which locals may be typed `Data` (a response's data, whose methods are the builtins').

    Data stays data while no object of the user's is put into it. A local is typed Data
    only where (1) every change in place in the function (an item or attribute stored, a
    container's changing method, an augmented assignment) that could reach data stores
    plain values: constants, f-strings, literals of them, data, and what builtins give of
    them (`plain`); and (2) every use of the name keeps what it holds inside the function
    (`_stays`): indexed, an attribute read, a method called, formatted, compared, tested or
    returned, passed only to builtins that leave their arguments as they are, or held by
    another local whose uses keep it too (an alias passed to a callee could be changed
    there). A function with a nested scope (a closure may change it) types nothing."""

    def __init__(self, tree: ast.AST, index: TreeIndex, resolver: Resolver,
                 names: set[str]) -> None:
        self.tree = tree
        self.index = index
        self.resolver = resolver
        self.names = names
        self.kept_names: dict[str, set[str] | None] = {}  # the locals holding its data

    def ok(self, name: str) -> bool:
        changes = self._changes
        if changes is None:
            return False
        if name not in self.kept_names:
            holders = {name}
            self.kept_names[name] = holders if self._kept(name, holders, top=True) else None
        holders = self.kept_names[name]
        return holders is not None and all(self._plain_change(root, values, name, holders)
                                           for root, values in changes)

    @functools.cached_property
    def _loads(self) -> dict[str, list[ast.Name]]:
        found: dict[str, list[ast.Name]] = {}
        for node in self.index.find(self.tree, ast.Name, nested=True):
            if isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
                found.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
        return found

    @functools.cached_property
    def _changes(self) -> list[tuple[str | None, list[ast.expr] | None]] | None:
        """Each change in place as the root name of what it changes (None: not a name) and
        the values it stores there (None: not known); None when the function has a nested
        scope."""
        found: list[tuple[str | None, list[ast.expr] | None]] = []
        for node in self.index.find(self.tree, _CHANGES, nested=True):
            if isinstance(node, (ast.Subscript, ast.Attribute)):
                if isinstance(node.ctx, ast.Store):
                    found.append(self._store(node))
            elif isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Attribute) and f.attr in MUTATORS:
                    found.append((root_name(f.value),
                                  [*node.args, *(k.value for k in node.keywords)]))
            elif isinstance(node, ast.AugAssign):
                target = node.target
                root = target.id if isinstance(target, ast.Name) else root_name(target)
                found.append((root, [node.value]))
            elif not isinstance(node, ast.Delete):  # (taking things out puts nothing in)
                return None  # a nested scope
        return found

    def _store(self, target: ast.Subscript | ast.Attribute
               ) -> tuple[str | None, list[ast.expr] | None]:
        """``x[k] = v``, ``x.a = v``: the root of ``x``, and ``k`` and ``v`` (not known for
        a store in an unpacking or a loop's target)."""
        up = self.index.parent(target)
        keys = [target.slice] if isinstance(target, ast.Subscript) else []
        if isinstance(up, (ast.Assign, ast.AnnAssign)) and up.value is not None and (
                target in getattr(up, "targets", [getattr(up, "target", None)])):
            return root_name(target.value), [*keys, up.value]
        if isinstance(up, ast.AugAssign):
            return root_name(target.value), keys  # (its value is the AugAssign's)
        return root_name(target.value), None

    def _plain_change(self, root: str | None, values: list[ast.expr] | None, name: str,
                      holders: set[str]) -> bool:
        if root is not None and root not in holders:
            if root not in self.names:
                return True  # a global's object: data made here reaches it only by a use
                # that `_stays` refuses
            held = self._type_of(root)
            if held is not None and held is not Data:
                return True  # it changes an object of another type, holding no data
        return values is not None and all(self.plain(v, holders) for v in values)

    def _type_of(self, name: str) -> type | None:
        """A local's type in the last pass (asked, so that a change starts another)."""
        consulted = self.resolver.consulted
        if consulted is not None:
            consulted.add(name)
        return self.resolver.local_types.get(name)

    def plain(self, node: ast.AST, names: set[str]) -> bool:
        """Is `node`'s value plain: a constant, an f-string, data (`names`, the locals
        holding the data asked about, are taken to be: what they hold stays data while every
        change stores plain values), a local of a scalar type, or what literals, operators
        and builtin methods make of them?"""
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            return True
        if isinstance(node, ast.Name):
            return node.id in names or self._type_of(node.id) in _PLAIN
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(self.plain(e, names) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(k is None or self.plain(k, names) for k in node.keys) and all(
                self.plain(v, names) for v in node.values)
        if isinstance(node, ast.Starred):
            return self.plain(node.value, names)
        if isinstance(node, (ast.Call, ast.Attribute, ast.Subscript)) and (
                self.resolver.value_type(node) in _PLAIN):
            return True  # (``r.json()``, ``r.text``: fresh data, holding nothing of the user's)
        if isinstance(node, ast.Subscript):
            return self.plain(node.value, names) and self.plain(node.slice, names)
        if isinstance(node, ast.Attribute):
            return not node.attr.startswith("_") and self.plain(node.value, names)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self.plain(node.elt, names)  # (its loop's names have their types)
        if isinstance(node, ast.DictComp):
            return self.plain(node.key, names) and self.plain(node.value, names)
        if isinstance(node, ast.Call):
            f = node.func
            plain_args = all(self.plain(a, names)
                             for a in [*node.args, *(k.value for k in node.keywords)])
            if isinstance(f, ast.Attribute):  # a builtin method of plain data
                return plain_args and self.plain(f, names)
            return plain_args and _keeps(node, self.resolver)
        if isinstance(node, ast.BinOp):
            return self.plain(node.left, names) and self.plain(node.right, names)
        if isinstance(node, ast.UnaryOp):
            return self.plain(node.operand, names)
        if isinstance(node, ast.BoolOp):
            return all(self.plain(v, names) for v in node.values)
        if isinstance(node, ast.Compare):
            return all(self.plain(v, names) for v in [node.left, *node.comparators])
        if isinstance(node, ast.IfExp):
            return self.plain(node.body, names) and self.plain(node.orelse, names)
        return False

    def _kept(self, name: str, seen: set[str], top: bool = False) -> bool:
        """Does every use of `name` keep what it holds inside the function? (`seen`
        gathers the locals found holding it.)"""
        if name in seen and not top:
            return True
        seen.add(name)
        return all(self._stays(node, seen) for node in self._loads.get(name, ()))

    def _leaves(self, call: ast.Call) -> bool:
        """Does `call` leave its arguments as they are, and keep none of them: a function
        of the user's whose summary changes nothing outside it (pure, or reads), or a
        library call whose rule reads? (What it returns may hold them: the caller
        follows it.)"""
        callee = self.resolver.expr(call.func)
        if leaves_its_arguments(callee, [k.arg for k in call.keywords]):
            return True  # (``writer.writerows(rows)``, ``json.dump(rows, f)``)
        if isinstance(callee, types.FunctionType) and not callee.__code__.co_flags & _LAZY:
            return summary_of(callee).kind in (Kind.PURE, Kind.READ)
        rule = rule_for_call(callee, *static_args(call, self.resolver)) if (
            callee is not MISSING) else None
        return rule is not None and rule.kind in (Kind.READ, Kind.MODEL)

    def _holds(self, target: ast.expr, seen: set[str]) -> bool:
        """Storing data in `target` keeps it inside the function: a local, or an item or
        attribute of a local, each of which keeps what it holds."""
        if isinstance(target, (ast.Tuple, ast.List)):
            return all(self._holds(e, seen) for e in target.elts)
        if isinstance(target, ast.Starred):
            return self._holds(target.value, seen)
        root = target.id if isinstance(target, ast.Name) else root_name(target)
        return root is not None and root in self.names and self._kept(root, seen)

    def _stays(self, node: ast.expr, seen: set[str]) -> bool:
        """Does the value `node` gives, and all it holds, stay inside the function (or end
        in a fresh str, number or bool that shares nothing with it)?"""
        index, expr = self.index, node
        up = index.parent(expr)
        zipped: tuple[int, ast.Call] | None = None  # (its place among a zip's iterables)
        while True:
            if isinstance(up, (ast.Subscript, ast.Attribute)):
                if not isinstance(up.ctx, ast.Load):
                    return True  # a store into it, or a key: the stores are `plain`
            elif isinstance(up, ast.Call):
                if expr is up.func:
                    if isinstance(expr, ast.Attribute) and expr.attr in _FRESH:
                        return True
                elif isinstance(up.func, ast.Attribute) and up.func.attr in MUTATORS:
                    return self._holds(up.func.value, seen)  # ``rows.append(item)``
                elif _keeps(up, self.resolver):
                    if isinstance(up.func, ast.Name) and up.func.id in _SCALAR_BUILTINS or (
                            isinstance(up.func, ast.Attribute)):  # (of a constant)
                        return True  # ``len(x)``, ``", ".join(x)``: a fresh value
                    if isinstance(up.func, ast.Name) and up.func.id == "zip" and (
                            expr in up.args):
                        zipped = (up.args.index(expr), up)
                elif not self._leaves(up):
                    return False  # (passed to code that may change it or keep it)
            elif not (isinstance(up, _HOLDERS) or isinstance(up, ast.IfExp)
                      and expr is not up.test):
                break
            expr, up = up, index.parent(up)
        if isinstance(up, (ast.Expr, ast.Return, ast.FormattedValue, ast.Compare,
                           ast.If, ast.While, ast.Assert, ast.IfExp)):
            return True  # dropped, returned, formatted, compared or tested
        if isinstance(up, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and expr is up.value:
            targets = getattr(up, "targets", None) or [up.target]  # type: ignore[union-attr]
        elif isinstance(up, (ast.For, ast.comprehension)) and expr is up.iter:
            targets = [up.target]
            if zipped is not None and expr is zipped[1] and isinstance(up.target, ast.Tuple) and (
                    len(up.target.elts) == len(expr.args)) and not any(
                    isinstance(a, ast.Starred) for a in expr.args):
                targets = [up.target.elts[zipped[0]]]  # ``for row, lat in zip(rows, lats)``
        else:
            return False
        return all(self._holds(t, seen) for t in targets)


# Containers and operators whose value holds (or is) the value of one of their parts.
_HOLDERS = (ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred, ast.keyword,
            ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
# Methods of data that give a new str, bytes, number or bool, or a new list of str.
_FRESH = frozenset(
    "strip lstrip rstrip lower upper title capitalize casefold swapcase replace format "
    "format_map join encode decode split rsplit splitlines partition rpartition find rfind "
    "index rindex count startswith endswith center ljust rjust zfill expandtabs "
    "removeprefix removesuffix translate isdigit isalpha isalnum isspace isupper islower "
    "isnumeric isdecimal isidentifier istitle isascii isprintable".split())
# Builtins (among `_KEEPING`) that give a new scalar, sharing nothing with their arguments.
_SCALAR_BUILTINS = frozenset({"len", "str", "int", "float", "bool", "repr", "print",
                              "isinstance", "any", "all", "round", "abs"})
_LAZY = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR
_PLAIN = frozenset({Data, str, bytes, int, float, bool, type(None)})


def _filled(node: ast.AST | None) -> bool:
    """A new list or dict with items: a comprehension or a display (an empty one, ``out =
    []``, has its type: its items' is asked of no value)."""
    return isinstance(node, (ast.ListComp, ast.DictComp)) or isinstance(
        node, (ast.List, ast.Dict)) and bool(node.elts if isinstance(node, ast.List) else node.keys)


def _keeps(call: ast.Call, resolver: Resolver) -> bool:
    """Does `call` leave its arguments as they are: a builtin named plainly, no keywords
    but constants (a ``key=`` runs code; ``strict=False`` does not), or a method of a
    constant (``", ".join(parts)``)?"""
    if any(k.arg in (None, "key") or type(k.value) is not ast.Constant for k in call.keywords):
        return False
    f = call.func
    if isinstance(f, ast.Name) and f.id in _KEEPING:
        return resolver.name(f.id) is getattr(builtins, f.id)
    return isinstance(f, ast.Attribute) and isinstance(f.value, ast.Constant)


_KEEPING = frozenset({"len", "str", "int", "float", "bool", "repr", "print", "sorted", "list",
                      "tuple", "min", "max", "sum", "any", "all", "isinstance", "set",
                      "frozenset", "enumerate", "zip", "dict", "round", "abs"})
_CHANGES = (ast.Subscript, ast.Attribute, ast.Call, ast.AugAssign, ast.Delete,
            ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)

def _literal_names(index: TreeIndex, stores: list[ast.Name], resolver: Resolver
                   ) -> dict[str, ast.expr]:
    """Locals bound once to a display of constants (``keys = ["a", "b"]``, ``cases =
    [("q", 0.1), ...]``, ``lat = {"a": 0.1}``), by that display, when they are never changed,
    passed or seen by a nested function: only walked by a loop or comprehension, directly,
    through `enumerate`/`zip` or a dict's views, or measured by `len`."""
    def display(value: ast.expr | None) -> ast.expr | None:
        return value if value is not None and _display_shape(value, {}) is not None else None

    return _bound_once(index, stores, display, lambda node: isinstance(
        node.ctx, ast.Load) and _only_walked(node, index, resolver), annotated=False)


def _grouping(index: TreeIndex, stores: list[ast.Name], resolver: Resolver
              ) -> dict[str, type]:
    """Locals bound once to ``defaultdict(list)`` (or of a set, dict, deque or Counter)
    whose items are only read, and changed by their own methods (``groups[k].append(v)``),
    and which are otherwise only walked, measured, copied or returned: every item is of the
    factory's type (no store of another value reaches it)."""
    def factory(made: ast.expr | None) -> type | None:
        if isinstance(made, ast.Call) and len(made.args) == 1 and not made.keywords and (
                resolver.expr(made.func) is collections.defaultdict):
            found = resolver.expr(made.args[0])
            return found if found in _FACTORIES else None
        return None

    return _bound_once(index, stores, factory, lambda node: _grouped(node, index, resolver),
                       annotated=True)


def _bound_once(index: TreeIndex, stores: list[ast.Name], what: Callable[[Any], Any],
                used: Callable[[ast.Name], bool], annotated: bool) -> dict[str, Any]:
    """Locals bound by one plain assignment (`annotated`: or an annotated one) to a value
    `what` says something of, and every other mention of which, nested scopes too (one may
    rebind it with `nonlocal`, or change it), is `used` as the caller allows."""
    once: dict[str, ast.Name | None] = {}
    for node in stores:
        once[node.id] = None if node.id in once else node
    found: dict[str, Any] = {}
    for name, target in once.items():
        assign = index.parent(target) if target is not None else None
        if isinstance(assign, ast.Assign) and assign.targets == [target] or (
                annotated and isinstance(assign, ast.AnnAssign) and assign.target is target):
            said = what(assign.value)  # type: ignore[union-attr]
            if said is not None:
                found[name] = said
    if found:
        for node in index.find(index.root, ast.Name, nested=True):
            if node.id in found and node is not once[node.id] and not used(node):
                del found[node.id]
    return found


_FACTORIES = (list, set, dict, collections.deque, collections.Counter)


def _grouped(node: ast.Name, index: TreeIndex, resolver: Resolver) -> bool:
    """Is `node` an item read (``groups[k]``, ``groups[k].append(v)``), walked, measured,
    copied (``dict(groups)``), a view or returned: nothing that could store another value?"""
    up = index.parent(node)
    if not isinstance(node.ctx, ast.Load):
        return False
    if isinstance(up, ast.Subscript) and up.value is node:
        return isinstance(up.ctx, ast.Load)  # (``groups[k] = v`` may store anything)
    if isinstance(up, ast.Return):
        return True
    if isinstance(up, ast.Call) and up.args == [node] and not up.keywords and any(
            _builtin(up, name, resolver) for name in ("dict", "sorted", "list")):
        return True
    return _only_walked(node, index, resolver)


def _only_walked(node: ast.Name, index: TreeIndex, resolver: Resolver) -> bool:
    """Is `node` walked by a loop (``for x in xs``, ``enumerate(xs)``, ``zip(xs, ys)``,
    ``d.items()``) or measured (``len(xs)``), and nothing else?"""
    up = index.parent(node)
    if isinstance(up, ast.Call) and node in up.args and _builtin(up, "len", resolver):
        return True
    if isinstance(up, ast.Attribute) and up.attr in _VIEWS:
        node, up = up, index.parent(up)
        if not (isinstance(up, ast.Call) and up.func is node and not up.args):
            return False
        node, up = up, index.parent(up)
    elif isinstance(up, ast.Call) and node in up.args and (
            _builtin(up, "zip", resolver) or _builtin(up, "enumerate", resolver)
            and up.args[0] is node):
        node, up = up, index.parent(up)
    return isinstance(up, (ast.For, ast.comprehension)) and up.iter is node


# A dict's views a loop walks. (The shape of a loop's items, below, is a type, a tuple of
# shapes for an item that unpacks, or None: not known.)
_VIEWS = frozenset({"items", "keys", "values"})


def _builtin(call: ast.Call, name: str, resolver: Resolver | _Typer) -> bool:
    """Is `call` the builtin `name`, called with no keywords (but zip's ``strict=``, which
    changes no item)?"""
    f = call.func
    owner = resolver.resolver if isinstance(resolver, _Typer) else resolver
    return (isinstance(f, ast.Name) and f.id == name and all(
        k.arg == "strict" and name == "zip" for k in call.keywords)
        and owner.name(name) is getattr(builtins, name))


def _display_shape(node: ast.AST, literals: dict[str, ast.expr]) -> object:
    """The one shape of a display's items (a dict's: its keys), when each is a constant
    str, bytes, int or float, or a tuple of such (the display may be a local's, in
    `literals`)."""
    if isinstance(node, ast.Name):
        node = literals.get(node.id)
    if isinstance(node, ast.Dict):
        return _one_shape([k for k in node.keys if k is not None] if None not in node.keys
                          else [])
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return _one_shape(node.elts)
    return None


def _one_shape(elts: list[ast.expr]) -> object:
    found = {_constant_shape(e) for e in elts}
    return found.pop() if len(found) == 1 else None


def _constant_shape(node: ast.expr) -> object:
    if isinstance(node, ast.Constant) and type(node.value) in (str, bytes, int, float):
        return type(node.value)
    if isinstance(node, ast.Tuple) and node.elts:
        parts = tuple(_constant_shape(e) for e in node.elts)
        return None if None in parts else parts
    return None


def _value_shape(value: object) -> object:
    """`_constant_shape` of a value: a module's tuple of constants, or of tuples of them."""
    if type(value) in (str, bytes, int, float):
        return type(value)
    if type(value) is tuple and value:
        parts = tuple(_value_shape(v) for v in value)
        return None if None in parts else parts
    return None


_MAX_WALKED = 1000  # (a module's tuple is walked for its items' shape at the first call)


def _walked_shape(node: ast.expr, literals: dict[str, ast.expr],
                  resolver: Resolver | _Typer) -> object:
    """The shape of the items a loop over `node` gives."""
    if isinstance(node, ast.Call):
        if _builtin(node, "enumerate", resolver) and (len(node.args) == 1 or len(
                node.args) == 2 and type(getattr(node.args[1], "value", None)) is int):
            return int, _walked_shape(node.args[0], literals, resolver)
        if _builtin(node, "range", resolver):
            return int  # (an argument's ``__index__`` runs when it is made: its items are ints)
        if _builtin(node, "zip", resolver) and node.args and not any(
                isinstance(a, ast.Starred) for a in node.args):
            return tuple(_walked_shape(a, literals, resolver) for a in node.args)
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _VIEWS and isinstance(
                f.value, ast.Name) and isinstance(d := literals.get(f.value.id), ast.Dict):
            keys, values = _display_shape(d, {}), _one_shape(d.values)
            return (keys, values) if f.attr == "items" else keys if (
                f.attr == "keys") else values
    shape = _display_shape(node, literals)
    if shape is not None:
        return shape
    owner = resolver.resolver if isinstance(resolver, _Typer) else resolver
    if owner.fixed_tuples is not None and isinstance(node, ast.Name) and (
            node.id not in owner.local_names and node.id not in owner.closure):
        value = owner.name(node.id)  # (a global: its identity is guarded, a tuple is fixed)
        if type(value) is tuple and 0 < len(value) <= _MAX_WALKED:
            found = {_value_shape(v) for v in value}
            if len(found) == 1 and (shape := found.pop()) is not None:
                owner.fixed_tuples.append(node)  # (while nothing run before rebinds it)
                return shape
    walked = resolver.value_type(node)
    if walked is Data:
        return Data
    return item_type(walked) or _pieces(node, walked, resolver)


def _unpacked(target: ast.expr, shape: object) -> list[tuple[ast.Name, type | None]]:
    """The names `target` binds, each with its type, from the items' `shape` (data's
    items unpack to data)."""
    if isinstance(target, ast.Name):
        return [(target, shape if isinstance(shape, type) else None)]
    elts = target.elts  # type: ignore[attr-defined]
    if shape is not Data and not (isinstance(shape, tuple) and len(shape) == len(elts)):
        shape = (None,) * len(elts)
    return [pair for i, e in enumerate(elts)
            for pair in _unpacked(e, Data if shape is Data else shape[i])]


def _paired(target: ast.expr, value: ast.expr) -> bool:
    """A tuple of targets given a display of as many values, none starred."""
    return isinstance(target, (ast.Tuple, ast.List)) and isinstance(
        value, (ast.Tuple, ast.List)) and len(target.elts) == len(value.elts) and not any(
        isinstance(e, ast.Starred) for e in (*target.elts, *value.elts))


def _walked_names(target: ast.expr) -> list[ast.Name]:
    """The names a loop's target binds, when it is a name or a (nested) tuple of names."""
    if isinstance(target, ast.Name):
        return [target]
    elts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else []
    found = [n for e in elts for n in _walked_names(e)]
    return found if elts and all(isinstance(e, ast.Name) or _walked_names(e)
                                 for e in elts) else []


def _pieces(node: ast.AST, walked: type | None, resolver: Resolver | _Typer) -> type | None:
    """The items of a str (``for ch in s``), or of ``s.split()``, ``s.splitlines()`` or
    ``s.partition()`` on a str or bytes: the pieces have its type."""
    if walked is str:
        return str
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
            node.func.attr in _SPLITS):
        whole = resolver.value_type(node.func.value)
        return whole if whole is str or whole is bytes else None
    return None


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


