"""Locals that name one known object: ``http = session or requests`` in a helper, and
``get = functools.partial(requests.get, timeout=5)`` anywhere (`partial_locals`).

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
import functools
import inspect
import types
from typing import Any

from ember.xcs._effects import consulted, rule_for_call
from ember.xcs._index import TreeIndex
from ember.xcs._resolve import MISSING, SIMPLE, Resolver

__all__ = ["local_values", "partial_locals"]


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


def partial_locals(index: TreeIndex, resolver: Resolver, local_names: set[str],
                   params: list[str]) -> None:
    """Tell `resolver` of the locals bound once to ``functools.partial(f, ...)``, of an `f`
    it resolves (guarded) and constant arguments, that the body only ever calls: each
    names such a partial, made here, so its calls have `f`'s rule with those arguments.
    The program's own is another object of the same making: a call started early is
    classified again with it when it starts."""
    candidates = local_names - set(params)
    if not any(isinstance(a.value, ast.Call) and a.value.args and len(a.targets) == 1
               and isinstance(a.targets[0], ast.Name) and a.targets[0].id in candidates
               for a in index.find(index.root, ast.Assign, nested=True)):
        return  # (no local is bound to a call with arguments: nothing to walk)
    loads: dict[str, list[ast.Name]] = {}
    stores: dict[str, list[ast.Name]] = {}
    for node in index.find(index.root, ast.Name, nested=True):
        out = loads if isinstance(node.ctx, ast.Load) else stores  # type: ignore[attr-defined]
        out.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
    for name in sorted(candidates):
        bindings = stores.get(name, [])
        parent = index.parent(bindings[0]) if len(bindings) == 1 else None
        if not (isinstance(parent, ast.Assign) and parent.targets == bindings
                and all(_called(index, n) for n in loads.get(name, ()))):
            continue
        made = _partial(parent.value, resolver)
        if made is not MISSING:
            resolver.local_values[name] = made


def _called(index: TreeIndex, name: ast.Name) -> bool:
    up = index.parent(name)
    return isinstance(up, ast.Call) and up.func is name


def _partial(node: ast.AST, resolver: Resolver) -> Any:
    """The partial ``functools.partial(f, *constants, **constants)`` makes, or MISSING."""
    if not (isinstance(node, ast.Call) and node.args and all(
            isinstance(a, ast.Constant) for a in node.args[1:]) and all(
            k.arg is not None and isinstance(k.value, ast.Constant) for k in node.keywords)):
        return MISSING
    if resolver.expr(node.func) is not functools.partial:
        return MISSING
    func = resolver.expr(node.args[0]) if isinstance(
        node.args[0], (ast.Name, ast.Attribute)) else MISSING
    if func is MISSING or not callable(func):
        return MISSING
    resolver.called(node.args[0], func)  # (a parameter's: that callable, not its type)
    made = functools.partial(func, *(a.value for a in node.args[1:]),  # type: ignore[attr-defined]
                             **{k.arg: k.value.value for k in node.keywords})  # type: ignore[attr-defined,misc]
    with consulted() as seen:  # (a rule that reads its receiver's state, a session's hooks:
        rule_for_call(func)  # the function may change that state before the call)
    receiver = getattr(func, "__self__", MISSING)
    return MISSING if any(target is receiver for target, *_ in seen) else made
