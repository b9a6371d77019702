"""Shapes respelled, before the analysis, as equivalent shapes the plan knows how to move.

**Maps.**
``list(map(f, xs))`` is ``list(f(x) for x in xs)``: the same calls with the same arguments
in the same order, and a generator that a consumer takes whole (`list`, `tuple`, `sorted`,
`sum`, ``"".join``, ...) has its reads started for every item at once (see `_moves`). The
respelling is made only where the two cannot be told apart: `map` is the builtin, with one
iterable, and `f` and `xs` are names, attribute chains that resolve to plain attributes,
literals, or a `functools.partial` of those, so evaluating `f` once per item (rather than
once) and after `xs` (rather than before) changes nothing.

**Guards after a read.** ``x = read(...)`` followed by ``if n == 0: return [x]`` is
``if n == 0: x = read(...); return [x]`` then ``x = read(...)``: the value is computed once
on either path, after a test that cannot tell (it runs no code, cannot raise and reads
only parameters holding a str, number, bool or None, and constants). The read then starts
with the calls after the guard (a recursion's next level, the other half of a pair), which
the guard decides and which therefore never start before it.

**super().** ``super()`` with no arguments finds its class and instance in the frame it is
called from: in the thunk that starts a call early it would find neither. In the method's
own body it is ``super(__class__, self)``, spelled so, which means the same anywhere.
"""

from __future__ import annotations

import ast
import builtins
import functools
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._index import TreeIndex, copy_tree, other_bindings
from ember.xcs._resolve import MISSING, Resolver

__all__ = ["CONSUMERS", "RESPELLED_MAP", "consumes_all", "explicit_super", "respell",
           "sink_reads"]

# Calls that consume a generator argument completely (so it may be evaluated eagerly);
# any() and all() stop early, so their generators stay lazy.
CONSUMERS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "sum", "min", "max", "dict"})


def consumes_all(call: ast.AST | None, arg: ast.AST, callee: Any) -> bool:
    """Is `call` a consumer taking `arg`, its only argument, to the end? `callee`: what
    its function resolves to (a parameter named ``list`` is not the builtin)."""
    if not isinstance(call, ast.Call) or call.args != [arg] or call.keywords:
        return False
    f = call.func
    if isinstance(f, ast.Name):
        return f.id in CONSUMERS and callee is getattr(builtins, f.id)
    return isinstance(f, ast.Attribute) and f.attr == "join" and isinstance(f.value, ast.Constant)


def respell(index: TreeIndex, resolver: Resolver, code: types.CodeType,
            before_change: Callable[[], None] = lambda: None) -> bool:
    """Respell the consumed ``map(f, xs)`` calls of the indexed function; True if any was.
    The generator made is marked (`RESPELLED_MAP`): the rewrite gives it map's meaning of
    a StopIteration out of `f`, the end of the items (`Frame.unmapped`).

    `before_change` runs once, before the first change (it may raise to stop it). The
    caller indexes the tree again after a change.
    """
    changed = False
    for call in index.find(index.root, ast.Call):
        inner = call.args[0] if len(call.args) == 1 else None  # type: ignore[attr-defined]
        if not (isinstance(inner, ast.Call) and consumes_all(call, inner, resolver.expr(call.func))
                and isinstance(inner.func, ast.Name) and inner.func.id == "map"
                and len(inner.args) == 2 and not inner.keywords):
            continue
        func, items = inner.args
        if not (_plain_callee(func, resolver) and _plain_items(items, resolver)):
            continue
        if inner.func.id in resolver.local_names or resolver.name("map") is not builtins.map:
            continue
        if not all(_bound_throughout(index, n, call, code) for n in index.loads(func)
                   if n in resolver.local_names):
            continue
        if not changed:
            before_change()
        gen = call.args[0] = _generator(inner, func, items)  # type: ignore[attr-defined]
        setattr(gen, RESPELLED_MAP, True)
        changed = True
    return changed


#: The attribute marking a generator `respell` made of a map (read by `_rewrite`).
RESPELLED_MAP = "ember_map"


def _bound_throughout(index: TreeIndex, name: str, call: ast.AST, code: types.CodeType
                      ) -> bool:
    """Is the local `name` bound when `call` runs and while map walks its items, as map
    would see it once? A parameter or a name bound by a statement of the function's own
    body before the one holding `call`, never deleted, and no nested function's to
    rebind (a respelled map looks its function up again for each item)."""
    if name in code.co_cellvars:
        return False
    root = index.root
    top = call
    while index.parent(top) is not root:
        top = index.parent(top)  # type: ignore[assignment]
    body = root.body  # type: ignore[attr-defined]
    before = body[:next(i for i, s in enumerate(body) if s is top)]
    stores = [n for n in index.find(root, ast.Name) if n.id == name  # type: ignore[attr-defined]
              and not isinstance(n.ctx, ast.Load)]  # type: ignore[attr-defined]
    if any(isinstance(n.ctx, ast.Del) for n in stores):  # type: ignore[attr-defined]
        return False
    args = root.args  # type: ignore[attr-defined]
    if name in {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}:
        return True
    numbers = index.numbers(stores)
    return any(index.holds(s, numbers) for s in before
               if isinstance(s, (ast.Assign, ast.AnnAssign)))


def explicit_super(index: TreeIndex, resolver: Resolver, code: types.CodeType,
                   before_change: Callable[[], None] = lambda: None) -> bool:
    """Spell the method's own ``super()`` calls ``super(__class__, <first parameter>)``;
    True if any was (`before_change` and indexing again as for `respell`). Not in a
    comprehension's element (its own scope: plain ``super()`` fails there)."""
    tree = index.root
    assert isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef))
    first = [*tree.args.posonlyargs, *tree.args.args][:1]
    if not first or "__class__" not in code.co_freevars or resolver.name("super") is not super:
        return False
    changed = False
    for call in index.find(tree, ast.Call):
        if not (isinstance(call.func, ast.Name) and call.func.id == "super"  # type: ignore[attr-defined]
                and not call.args and not call.keywords  # type: ignore[attr-defined]
                and not _in_element(index, call)):
            continue
        if not changed:
            before_change()
        at = {"lineno": call.lineno, "col_offset": call.col_offset,
              "end_lineno": call.end_lineno, "end_col_offset": call.end_col_offset}
        call.args = [ast.Name(id="__class__", ctx=ast.Load(), **at),  # type: ignore[attr-defined]
                     ast.Name(id=first[0].arg, ctx=ast.Load(), **at)]
        changed = True
    return changed


def _in_element(index: TreeIndex, node: ast.AST) -> bool:
    """Is `node` in a comprehension's own scope (all of it but its first iterable)?"""
    child, up = node, index.parent(node)
    while up is not None and not isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if isinstance(up, _COMPREHENSIONS) and child is not up.generators[0]:
            return True
        if isinstance(up, ast.comprehension) and child is not up.iter:
            return True
        child, up = up, index.parent(up)
    return False


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _generator(at_node: ast.Call, func: ast.expr, items: ast.expr) -> ast.GeneratorExp:
    """``(func(x) for x in items)``, placed where the map call was (the item's name is the
    generator's own: no other code sees it)."""
    name = "__ember_item"
    at = {"lineno": at_node.lineno, "col_offset": at_node.col_offset,
          "end_lineno": at_node.end_lineno, "end_col_offset": at_node.end_col_offset}
    elt = ast.Call(func=func, args=[ast.Name(id=name, ctx=ast.Load(), **at)], keywords=[], **at)
    target = ast.Name(id=name, ctx=ast.Store(), **at)
    return ast.GeneratorExp(elt=elt, generators=[
        ast.comprehension(target=target, iter=items, ifs=[], is_async=0)], **at)


def _plain_callee(node: ast.expr, resolver: Resolver) -> bool:
    """A name, a resolved attribute chain, or ``functools.partial`` of plain values."""
    if isinstance(node, ast.Call):
        parts = [*node.args, *(k.value for k in node.keywords)]
        return (resolver.expr(node.func) is functools.partial and bool(node.args)
                and all(k.arg is not None for k in node.keywords)
                and all(_plain_value(a, resolver) for a in parts))
    return _plain_value(node, resolver)


def _plain_value(node: ast.expr, resolver: Resolver) -> bool:
    """Evaluating `node` runs no code and gives the same object each time."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in resolver.local_names or resolver.name(node.id) is not MISSING
    if isinstance(node, ast.Attribute):
        return resolver.expr(node) is not MISSING  # a property resolves to nothing
    return False


def _plain_items(node: ast.expr, resolver: Resolver) -> bool:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_plain_value(e, resolver) for e in node.elts)
    return _plain_value(node, resolver)


def sink_reads(root: ast.AST, resolver: Resolver, reads: Callable[[ast.Call], bool],
               before_change: Callable[[], None] = lambda: None) -> bool:
    """Move each ``x = <a read>`` below the guards right after it that leave (``if t:
    ...; return``), a copy of it opening the guard's body (see the module docstring);
    `reads` says whether a call is a read. True if any moved; the caller indexes the tree
    again. `before_change` runs once, before the first change."""
    changed = False

    @functools.cache
    def rebound() -> frozenset[str]:
        return frozenset(n.id for n in ast.walk(root) if isinstance(n, ast.Name)
                         and not isinstance(n.ctx, ast.Load)) | other_bindings(TreeIndex(root))

    for block in _blocks(root):
        i = 0
        while i + 1 < len(block):
            stmt, guard = block[i], block[i + 1]
            if _sinkable(stmt, guard, resolver, reads, rebound):
                if not changed:
                    before_change()
                    changed = True
                guard.body.insert(0, copy_tree(stmt))  # type: ignore[attr-defined]
                block[i], block[i + 1] = guard, stmt
            i += 1
    return changed


def _blocks(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists of a function's own scope (not of a nested def or class)."""
    out: list[list[ast.stmt]] = []
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            out.append(block)
            for stmt in block:
                if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    out.extend(_blocks(stmt))
    for handler in getattr(node, "handlers", ()):
        out.extend(_blocks(handler))
    return out


def _sinkable(stmt: ast.stmt, guard: ast.stmt, resolver: Resolver,
              reads: Callable[[ast.Call], bool], rebound: Callable[[], frozenset[str]]
              ) -> bool:
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)):
        return False
    if not (isinstance(guard, ast.If) and not guard.orelse
            and isinstance(guard.body[-1], (ast.Return, ast.Raise))):
        return False
    inner = list(ast.walk(stmt.value))
    if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.NamedExpr, ast.Lambda)) for n in inner):
        return False
    if not any(isinstance(n, ast.Call) and reads(n) for n in inner):
        return False
    return _quiet(guard.test, resolver, rebound() | {stmt.targets[0].id})


_EQUALITY = (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)
_ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_NUMBERS = (int, float, bool)
# A str's tests: they take a str (or nothing) and return a bool.
_STR_TESTS = frozenset({"startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace",
                        "isupper", "islower", "isnumeric", "isdecimal", "isidentifier",
                        "istitle", "isascii", "isprintable"})


def _quiet(test: ast.expr, resolver: Resolver, bound: set[str]) -> bool:
    """Does evaluating `test` run no code, raise nothing and read only constants and
    parameters holding a str, number, bool or None, never bound in the function (`bound`)?
    (Their types are guards.)"""
    if isinstance(test, ast.BoolOp):
        return all(_quiet(v, resolver, bound) for v in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _quiet(test.operand, resolver, bound)
    if isinstance(test, ast.Compare):
        kinds = [_scalar(e, resolver, bound) for e in (test.left, *test.comparators)]
        if None in kinds:
            return False
        if all(isinstance(op, _EQUALITY) for op in test.ops):
            return True
        if all(k is str for k in kinds):  # (a str orders and holds only a str)
            return all(isinstance(op, (*_ORDER, *_EQUALITY, ast.In, ast.NotIn))
                       for op in test.ops)
        # (ordering a number and a str raises: numbers only with numbers)
        return all(isinstance(op, _ORDER + _EQUALITY) for op in test.ops) and all(
            issubclass(k, _NUMBERS) for k in kinds)
    if isinstance(test, ast.Call):  # ``key.endswith("bad")`` of a str
        f = test.func
        return (isinstance(f, ast.Attribute) and f.attr in _STR_TESTS and not test.keywords
                and _scalar(f.value, resolver, bound) is str
                and all(_scalar(a, resolver, bound) is str for a in test.args)
                and len(test.args) <= (0 if f.attr.startswith("is") else 1))
    return _scalar(test, resolver, bound) is not None


def _scalar(node: ast.expr, resolver: Resolver, bound: set[str]) -> type | None:
    """The type of a constant or of a parameter holding a str, number, bool or None."""
    if isinstance(node, ast.Constant):
        value = node.value
    elif isinstance(node, ast.Name) and node.id not in bound and node.id in resolver.bound:
        value = resolver.name(node.id)  # (keeps its type as a guard)
    else:
        return None
    kind = type(value)
    return kind if kind in (str, int, float, bool, type(None)) else None


