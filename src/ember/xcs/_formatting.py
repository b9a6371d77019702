"""Arguments whose evaluation may run the user's code: formatting and conversion.

``get(f"{base}/{obj}")``, ``get(str(obj))``, ``get("%s" % obj)``, ``get(items[obj])``,
``get(base + obj)`` and ``get("-".join(parts))`` call ``obj.__format__``, ``__str__``,
``__index__``, ``__add__`` or the iteration of ``parts``, ``getattr(obj, "key")`` a property,
and ``fetch(web, obj)`` hands ``obj`` to a helper of yours that may do any of those: code
of the user's when the value's type is theirs. A read whose
arguments do that cannot start above a statement that has effects of its own (a print, a
write, an unknown call): its arguments would run first. `hidden_code` tells; values of the
builtin scalar types (known from literals, inferred locals, or the first call's arguments,
guarded) format without running anything of the user's.
"""

from __future__ import annotations

import ast
import builtins
import functools
import types
from typing import Any

from ember.xcs._effects import Kind, users_class, users_code
from ember.xcs._index import children, root_name
from ember.xcs._resolve import MISSING, SIMPLE, Resolver

__all__ = ["hidden_code"]

_CONTAINERS = (dict, list, tuple, str, bytes)

# Builtins that call a method of their argument's type (`__str__`, `__len__`, ...).
_CONVERTERS = frozenset({"str", "repr", "ascii", "format", "len", "bool", "int", "float",
                         "bytes", "hash", "abs", "round", "list", "tuple", "set", "sorted"})


@functools.cache
def _itemwise() -> frozenset[str]:
    """The builtins that call a dunder of each value they compare, add or test (a display's
    items: ``min([a, b])``): the names of `_dunders`' tables' builtins."""
    from ember.xcs._dunders import ON_ARGUMENTS, ON_ITEMS  # (it sits above this module)

    return frozenset(f.__name__ for f in (*ON_ARGUMENTS, *ON_ITEMS)
                     if getattr(builtins, getattr(f, "__name__", ""), None) is f)


def hidden_code(call: ast.Call, resolver: Resolver, calls: dict[int, Any]) -> frozenset[str]:
    """The values whose formatting or conversion in `call`'s arguments may run code of the
    user's (unknown types count as the user's): the locals holding them, and ``"*"`` for
    one that is not a name, or for a call there whose rule waits for its arguments (a
    function of yours handed to ``re.sub``, ``functools.reduce``). Empty: none can."""
    found = set()
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        for node in _walk(arg):
            inner = calls.get(id(node)) if type(node) is ast.Call else None
            if inner is not None and (inner.dynamic and inner.obj is not None or inner.kind
                                      not in (Kind.PURE, Kind.READ)):
                found.add("*")
            for v in _formatted(node, resolver):
                if _runs_yours(v, resolver):
                    found.add(v.id if isinstance(v, ast.Name) else "*")
    for v in _handed(call, resolver):
        if _runs_yours(v, resolver):  # (``row["q"]``: checked as ``row``, plain data whole)
            found.add(root_name(v) or "*")
    return frozenset(found)


def _runs_yours(value: ast.expr, resolver: Resolver) -> bool:
    """May formatting `value`, or handing it to a helper, run the user's code: a type not
    known, or a class of theirs? (A builtin scalar or a library's object, a client handed
    to a helper, runs none.)"""
    if _plain(value, resolver):
        return False
    t = _type_of(value, resolver)
    return t is None or users_class(t)


def _handed(call: ast.Call, resolver: Resolver) -> list[ast.expr]:
    """The values `call` hands a function of the user's (a helper formats them, reads
    their attributes, or passes them to a library that converts them: ``get(web, key)``
    with ``key`` an object of yours runs its ``__format__``)."""
    callee = resolver.expr(call.func)
    fn = getattr(callee, "__func__", callee)
    if not (isinstance(fn, types.FunctionType) and users_code(fn)):
        return []
    return [v for v in (*call.args, *(k.value for k in call.keywords))
            if not isinstance(v, (ast.Starred, ast.Lambda))]


_NESTED = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _walk(node: ast.AST) -> list[ast.AST]:
    """`node` and what is below it, without nested scopes (they run later, if at all)."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        out.append(n)
        if not isinstance(n, _NESTED):
            todo += children(n)  # (not the shared leaves: nothing formats them)
    return out


def _formatted(node: ast.AST, resolver: Resolver) -> list[ast.expr]:
    """The values whose type's methods `node` calls: formatted, converted, or operands of
    an operator or a subscript (``__add__``, ``__index__``, ``__getitem__``)."""
    kind = type(node)
    if kind is ast.FormattedValue:
        return [node.value]  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        right = node.right  # type: ignore[attr-defined]
        if isinstance(node.op, ast.Mod) and isinstance(right, ast.Tuple):  # type: ignore[attr-defined]
            return [node.left, *right.elts]  # type: ignore[attr-defined]
        return [node.left, right]  # type: ignore[attr-defined]
    if kind is ast.UnaryOp:
        return [node.operand]  # type: ignore[attr-defined]
    if kind is ast.Compare:
        return [node.left, *node.comparators]  # type: ignore[attr-defined]
    if kind is ast.Subscript:
        index = node.slice  # type: ignore[attr-defined]
        parts = [p for p in (index.lower, index.upper, index.step) if p is not None] if (
            isinstance(index, ast.Slice)) else [index]
        container = node.value  # type: ignore[attr-defined]
        if _type_of(container, resolver) in _CONTAINERS:
            return parts  # a builtin container's own lookup
        return [container, *parts]
    if kind is not ast.Call:
        return []
    func = node.func  # type: ignore[attr-defined]
    if isinstance(func, ast.Name) and func.id == "getattr" and (
            resolver.name("getattr") is builtins.getattr):
        return node.args[:1]  # type: ignore[attr-defined]  # (a property, ``__getattr__``)
    handed = _handed(node, resolver)  # type: ignore[arg-type]
    if handed:
        return handed
    if isinstance(func, ast.Name) and (func.id in _CONVERTERS or func.id in _itemwise()) and (
            func.id not in resolver.local_names):
        if resolver.name(func.id) is not getattr(builtins, func.id):
            return []
        if func.id in _CONVERTERS:
            return list(node.args)  # type: ignore[attr-defined]
        return [e for v in node.args for e in (  # type: ignore[attr-defined]
            v.elts if isinstance(v, (ast.List, ast.Tuple, ast.Set)) else [v])
            if _type_of(e, resolver) not in _CONTAINERS]  # (a list's items: not known)
    if isinstance(func, ast.Attribute) and func.attr in ("join", "format") and isinstance(
            func.value, ast.Constant) and isinstance(func.value.value, str):
        values = [*node.args, *(k.value for k in node.keywords)]  # type: ignore[attr-defined]
        if func.attr == "join":  # its items are formatted too: only a literal's are known
            return [e for v in values for e in (v.elts if isinstance(v, (ast.List, ast.Tuple))
                                                 else [v])]
        return values
    return []


def _plain(value: ast.expr, resolver: Resolver) -> bool:
    """Is `value` of a builtin scalar type, so formatting it runs nothing of the user's?"""
    if isinstance(value, (ast.Constant, ast.JoinedStr, ast.Tuple)):
        return True  # (a tuple's items are values of their own, looked at one by one)
    return _type_of(value, resolver) in SIMPLE


def _type_of(value: ast.expr, resolver: Resolver) -> type | None:
    if isinstance(value, ast.Name) and (value.id in resolver.bound
                                        or value.id not in resolver.local_names):
        found = resolver.name(value.id)  # an argument, a closure's cell or a global: guarded
        return None if found is MISSING else type(found)
    if isinstance(value, ast.Attribute) and resolver.value_type(value.value) is None:
        found = resolver.expr(value)  # ``self.prefix``: guarded on the object it holds
        return None if found is MISSING else type(found)
    return resolver.value_type(value)
