"""Helpers handed a client, decided with the client in hand when the plan is made.

``answer = ask(client, q)``, ``grade(client, q, answer)``: a helper of the user's whose body
calls a client it is handed says what it does only with that client in hand. Decided when
each call starts (`_launch.rule_of`), it keeps its place in a loop's body or a
comprehension, where a later item's call would have to start before it was decided. When
the plan is made, the arguments that are the function's own parameters (or globals) are
known: the helper is summarised with those bound and its other parameters unknown. If that
says what it does whatever the others are, the call is that, and the summary's guards on
its parameters become guards on the caller's names: a later call handed another client, or
one changed since, plans again.
"""

from __future__ import annotations

import ast
import inspect
import types
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind, has_type_rules
from ember.xcs._held import held
from ember.xcs._resolve import MISSING, SIMPLE, Resolver, along, keywords_handed
from ember.xcs._source import NoSource, source_tree
from ember.xcs._whose import users_code

if TYPE_CHECKING:
    from ember.xcs._summary import CallFact

__all__ = ["decided_with_clients", "hands_a_client", "only_spread", "with_clients"]

# Guards rooted at fixed objects (a module's dict, a closure, a class): the same anywhere.
_FIXED = frozenset({"key", "cell", "attr", "from", "check-obj", "code"})
# What a summary with these kinds tells the plan beyond "decided when it starts".
_DECIDED = (Kind.READ, Kind.MODEL, Kind.WRITE)


def hands_a_client(call: ast.Call, obj: Any, resolver: Resolver) -> bool:
    """Is `obj` a helper of the user's that `call` hands an object of a library with
    rules (``get(session, url)``, ``await fetch(client, key)``)? Its body's calls on that
    parameter are known only with the object in hand: when the call starts (see
    `_summary._with_arguments`), or when the plan is made (`with_clients`)."""
    func = obj.__func__ if isinstance(obj, types.MethodType) else obj
    if not isinstance(func, types.FunctionType) or not users_code(func):
        return False
    for node in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(node, ast.Name) and (node.id in resolver.bound
                                           or node.id not in resolver.local_names):
            # (an argument, or a global or a closure's client: ``get(SESSION, url)``)
            found = resolver.bound.get(node.id, resolver.closure.get(
                node.id, resolver.globals.get(node.id)))
            t: type | None = type(found) if found is not None else None
        elif isinstance(node, ast.Attribute) and (root := resolver.path(node)) is not None:
            t = type(along(resolver.bound.get(root[0], MISSING), root[1]))  # (``self.client``)
        else:
            t = resolver.value_type(node)
        if _a_client(t):
            return True
    # (a client as a parameter's default: ``def get(key, session=SESSION)``)
    return any(_a_client(type(d)) for d in (*(func.__defaults__ or ()),
                                            *(func.__kwdefaults__ or {}).values()))


def _a_client(t: type | None) -> bool:
    return t is not None and t.__module__ not in _DATA_MODULES and has_type_rules(t)


_DATA_MODULES = frozenset({"builtins", "collections"})  # (data: decided with the helper alone)


def decided_with_clients(call: ast.Call, func: types.FunctionType, resolver: Resolver,
                         summarize: Callable[[Any, dict[str, Any]], CallFact]
                         ) -> CallFact | None:
    """`func` summarised with the clients `call` hands it bound, or None (`_resolve`'s
    types of a helper's result: ``ask(client, q).strip()``)."""
    if not hands_a_client(call, func, resolver):
        return None
    return with_clients(call, func, resolver, summarize)


def with_clients(call: ast.Call, func: Any, resolver: Resolver,
                 summarize: Callable[[Any, dict[str, Any]], CallFact]) -> CallFact | None:
    """What calling `func` (a plain function of the user's) as `call` does, with the
    clients among its arguments that the plan knows bound (None when that does not say)."""
    if not isinstance(func, types.FunctionType) or any(
            isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return None
    try:
        given = inspect.signature(func, follow_wrapped=False).bind_partial(
            *call.args, **{k.arg: k.value for k in call.keywords})  # type: ignore[misc]
    except (TypeError, ValueError):
        return None
    bound: dict[str, Any] = {}
    # The caller's path to what each was handed: its parameter and the attributes read off
    # it (``self.client``: ``("self", ("client",))``); None: a global or a constant.
    roots: dict[str, tuple[str, tuple[str, ...]] | None] = {}
    guards: list[tuple] = []
    clients = 0
    for param, node in given.arguments.items():
        if isinstance(node, ast.Constant) and type(node.value) in SIMPLE:
            bound[param], roots[param] = node.value, None  # (``retrieve(http, "k", 150)``)
            continue
        if isinstance(node, ast.Attribute):  # (``ask(self.client, q)``: a client an
            root = resolver.path(node)  # argument holds, read as its guard reads it)
            value = along(resolver.bound.get(root[0], MISSING), root[1]) if (
                root is not None) else MISSING
        elif not isinstance(node, ast.Name):
            continue
        elif node.id in resolver.bound and type(resolver.bound[node.id]) in SIMPLE:
            # (a str or a number the caller was handed: a rule may read it, ``params=``)
            bound[param], roots[param] = resolver.bound[node.id], (node.id, ())
            continue
        elif node.id in resolver.bound:
            value, root = resolver.bound[node.id], (node.id, ())
        elif node.id in resolver.local_names or node.id in resolver.closure:
            continue
        else:
            value, root = resolver.globals.get(node.id, MISSING), None
        if value is MISSING or not _a_client(type(value)):
            continue
        if root is None:
            guards.append(("key", resolver.globals, node.id, held(value)))
        elif root[1]:
            guards.append(("path", *root, held(value)))
        bound[param], roots[param] = value, root
        clients += 1
    if not clients:
        return None
    spread = next((p.name for p in given.signature.parameters.values()
                   if p.kind is inspect.Parameter.VAR_KEYWORD), None)
    if spread is not None and only_spread(func, spread):  # (what the call hands ``**kw``)
        bound[spread], roots[spread] = keywords_handed(given.arguments.get(spread, {})), None
    fact = summarize(func, bound)
    if fact.dynamic or fact.kind not in _DECIDED:
        return None
    for g in fact.guards:
        if g[0] in _FIXED:
            guards.append(g)
        elif g[1] not in bound:
            return None  # (another argument decides it: known only when it starts)
        elif (root := roots[g[1]]) is not None and not root[1]:
            guards.append((g[0], root[0], *g[2:]))
        elif root is not None:  # (held by an argument's attribute, guarded as a path above)
            if g[0] in ("path", "check"):
                guards.append((g[0], root[0], (*root[1], *g[2]), *g[3:]))
            elif g[0] != "type":
                return None
        elif type(bound[g[1]]) is types.MappingProxyType:
            continue  # (the call's own spelling)
        elif g[0] == "path":  # (a global's object, fixed while its "key" guard holds)
            guards.append(("from", held(bound[g[1]]), *g[2:]))
        elif g[0] == "check":
            guards.append(("check-obj", held(bound[g[1]]), *g[2:]))
        elif g[0] in ("items", "held"):
            return None  # (a global list's items may change)
    fact.guards = tuple(guards)
    fact.complete = False
    return fact


def only_spread(func: types.FunctionType, name: str) -> bool:
    """Is `name` (its ``**kw``) only ever spread into calls (``f(**kw)``), never changed?"""
    code = func.__code__
    hit = _spread.get(code)
    if hit is None:
        try:
            tree, _ = source_tree(func)
        except NoSource:
            hit = False
        else:
            uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name]
            spreads = [k for k in ast.walk(tree) if isinstance(k, ast.keyword)
                       and k.arg is None and isinstance(k.value, ast.Name) and k.value.id == name]
            hit = len(uses) == len(spreads)
        _spread[code] = hit
    return hit


# Per code object (weakly: it goes with its function): is its ``**kw`` only spread?
_spread: weakref.WeakKeyDictionary[types.CodeType, bool] = weakref.WeakKeyDictionary()
