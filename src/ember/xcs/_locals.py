"""Locals of a helper that name one known object: ``http = session or requests``.

A helper analysed with its arguments in hand (`_summary._with_arguments`) may pick its
client from them: ``http = session or requests`` with ``session=None`` is the `requests`
module, so ``http.get(url)`` is a GET. Such a local resolves to that object when it is
bound once, by a plain assignment, from names the helper never rebinds (its parameters,
globals, modules) combined by ``or`` / ``and``, and when the truth of each operand is
known without running code: None, a str, int or other simple value (part of what the
summary was made for), a module, or an object whose class defines neither ``__bool__``
nor ``__len__`` (always true). Anything else leaves the local unresolved.
"""

from __future__ import annotations

import ast
import inspect
import types
from typing import Any

from ember.xcs._index import TreeIndex
from ember.xcs._resolve import MISSING, SIMPLE, Resolver

__all__ = ["local_values"]


def local_values(index: TreeIndex, resolver: Resolver, local_names: set[str],
                 params: list[str]) -> None:
    """Tell `resolver` the locals bound once to a known object (see the module docstring):
    their values, and for those that are a parameter's value, that parameter (the guards
    on what is reached through the local are then the parameter's)."""
    if not resolver.bound:
        return
    stores: dict[str, list[ast.Name]] = {}
    for node in index.find(index.root, ast.Name, nested=True):
        if isinstance(node.ctx, (ast.Store, ast.Del)):  # type: ignore[attr-defined]
            stores.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
    for name in sorted(local_names - set(params)):
        bindings = stores.get(name, [])
        if len(bindings) != 1:
            continue
        parent = index.parent(bindings[0])
        if not (isinstance(parent, ast.Assign) and parent.targets == [bindings[0]]):
            continue
        value = _value(parent.value, resolver, stores)
        if value is MISSING:
            continue
        resolver.local_values[name] = value
        source = [p for p in params if p in resolver.bound and resolver.bound[p] is value]
        if source and type(value) not in SIMPLE and not isinstance(value, (types.ModuleType, type)):
            resolver.aliases[name] = source[0]


def _value(node: ast.AST, resolver: Resolver, stores: dict[str, list[ast.Name]]) -> Any:
    if isinstance(node, ast.Name):
        if node.id in stores:
            return MISSING  # the helper binds it: its value here is not known
        return resolver.name(node.id)
    if isinstance(node, ast.Attribute):
        owner = _value(node.value, resolver, stores)
        if not isinstance(owner, types.ModuleType):
            return MISSING
        return resolver.expr(node)
    if isinstance(node, ast.BoolOp):
        for operand in node.values[:-1]:
            value = _value(operand, resolver, stores)
            truth = _truth(value)
            if truth is None:
                return MISSING
            if truth is isinstance(node.op, ast.Or):
                return value  # `a or b` with a true, `a and b` with a false: a
        return _value(node.values[-1], resolver, stores)
    return MISSING


def _truth(value: Any) -> bool | None:
    """``bool(value)`` where it runs no code, else None."""
    if value is MISSING:
        return None
    if type(value) in SIMPLE or isinstance(value, types.ModuleType):
        return bool(value)
    cls = type(value)
    if any(inspect.getattr_static(cls, m, None) is not None for m in ("__bool__", "__len__")):
        return None
    return True
