"""Shapes respelled, before the analysis, as equivalent shapes the plan knows how to move.

``list(map(f, xs))`` is ``list(f(x) for x in xs)``: the same calls with the same arguments
in the same order, and a generator that a consumer takes whole (`list`, `tuple`, `sorted`,
`sum`, ``"".join``, ...) has its reads started for every item at once (see `_moves`). The
respelling is made only where the two cannot be told apart: `map` is the builtin, with one
iterable, and `f` and `xs` are names, attribute chains that resolve to plain attributes,
literals, or a `functools.partial` of those, so evaluating `f` once per item (rather than
once) and after `xs` (rather than before) changes nothing.
"""

from __future__ import annotations

import ast
import builtins
import functools
from collections.abc import Callable

from ember.xcs._index import TreeIndex
from ember.xcs._resolve import MISSING, Resolver

__all__ = ["CONSUMERS", "consumes_all", "respell"]

# Calls that consume a generator argument completely (so it may be evaluated eagerly);
# any() and all() stop early, so their generators stay lazy.
CONSUMERS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "sum", "min", "max", "dict"})


def consumes_all(call: ast.AST | None, arg: ast.AST) -> bool:
    """Is `call` a consumer taking `arg`, its only argument, to the end?"""
    if not isinstance(call, ast.Call) or call.args != [arg] or call.keywords:
        return False
    f = call.func
    if isinstance(f, ast.Name):
        return f.id in CONSUMERS
    return isinstance(f, ast.Attribute) and f.attr == "join" and isinstance(f.value, ast.Constant)


def respell(index: TreeIndex, resolver: Resolver,
            before_change: Callable[[], None] = lambda: None) -> bool:
    """Respell the consumed ``map(f, xs)`` calls of the indexed function; True if any was.

    `before_change` runs once, before the first change (it may raise to stop it). The
    caller indexes the tree again after a change.
    """
    changed = False
    for call in index.find(index.root, ast.Call):
        inner = call.args[0] if len(call.args) == 1 else None  # type: ignore[attr-defined]
        if not (isinstance(inner, ast.Call) and consumes_all(call, inner)
                and isinstance(inner.func, ast.Name) and inner.func.id == "map"
                and len(inner.args) == 2 and not inner.keywords):
            continue
        func, items = inner.args
        if not (_plain_callee(func, resolver) and _plain_items(items, resolver)):
            continue
        if inner.func.id in resolver.local_names or resolver.name("map") is not builtins.map:
            continue
        if not changed:
            before_change()
        call.args[0] = _generator(inner, func, items)  # type: ignore[attr-defined]
        changed = True
    return changed


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
