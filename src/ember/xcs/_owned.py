"""One-conversation objects a helper makes for itself: their calls change nothing outside.

A file object, an `http.client` connection or response, or a socket is used one call at a
time, in program order (`_rules`): its methods are writes. Inside a helper that opens the
object itself and uses it only as the receiver of its own calls (``with urlopen(u) as r:
return json.loads(r.read())``), every call of the helper has an object of its own, used
from the one thread the helper runs on: taking what the object holds (``r.read()``,
``f.readline()``, ``conn.getresponse()``) or closing it changes nothing another call could
see. What is left is what the object says to the world: the `urlopen` or `open` that made
it (a read), an `http.client` request (a read for GET, HEAD and OPTIONS, as HTTP defines
them), bytes sent on a socket (a write: the protocol is not known).

The object is the helper's own only when every binding of its name makes a new one (a
function or class of a library, or a method of another object the helper owns) and every
use of the name is the receiver of a method call or a ``with`` without ``as``: it is never
returned, passed, stored, aliased or seen by a nested function. A method result that is
itself such an object (``conn.getresponse()``, ``sock.makefile()``) must be used the same
way. Anything else keeps every call's own rule.
"""

from __future__ import annotations

import ast
import http.client
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind, Rule, classify
from ember.xcs._index import TreeIndex
from ember.xcs._resolve import MISSING, Resolver, static_args
from ember.xcs._rules import ownable_types

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts

__all__ = ["owned_calls", "private_locals"]

# Methods whose effect stays inside the object (besides those that take what it holds).
_INSIDE = frozenset({"close", "seek", "__enter__", "__exit__", "settimeout", "setblocking",
                     "gettimeout", "getsockname", "getpeername", "set_debuglevel",
                     "makefile", "geturl", "info", "getcode", "begin", "isclosed"})
_TAKES = frozenset({"read", "read1", "readline", "readlines", "readinto", "recv", "recv_into",
                    "recvfrom", "getheader", "getheaders", "getresponse", "tell", "fileno",
                    "isatty", "readable", "seekable", "writable", "__iter__", "__next__"})
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

#: What a call on an object the helper owns does outside it: None for nothing.
Outside = Rule | None


def owned_calls(index: TreeIndex, resolver: Resolver, local_names: set[str],
                params: list[str]) -> dict[int, Outside]:
    """By the id of each call made on an object the helper owns, what it does outside the
    object (None: nothing). Calls not listed keep their own rules."""
    kinds = ownable_types()
    if not kinds:
        return {}
    root = index.root
    names: dict[str, list[ast.Name]] = {}
    for node in index.find(root, ast.Name, nested=True):
        names.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
    scope = {id(n) for n in index.find(root, ast.Name)}
    owned: set[str] = set()
    candidates = [n for n in local_names - set(params) if n in names]
    changed = True
    while changed:  # an object made by another owned object's method is owned too
        changed = False
        for name in candidates:
            if name not in owned and _owns(name, names[name], scope, owned, index, resolver,
                                           kinds):
                owned.add(name)
                changed = True
    owned = _kept_in(owned, names, index, resolver, kinds)
    if not owned:
        return {}
    out: dict[int, Outside] = {}
    for call in index.find(root, ast.Call):
        func = call.func  # type: ignore[attr-defined]
        if isinstance(func, ast.Attribute) and _owned_expr(func.value, owned, index, resolver,
                                                           kinds):
            out[id(call)] = _outside(call, func.attr, resolver)  # type: ignore[arg-type]
    return {k: v for k, v in out.items() if v is not _KEEP}


_KEEP: Any = object()


def _kept_in(owned: set[str], names: dict[str, list[ast.Name]], index: TreeIndex,
             resolver: Resolver, kinds: tuple[type, ...]) -> set[str]:
    """The owned names none of whose methods hands out an object tied to it
    (``return conn.getresponse()``, ``resp = conn.getresponse()`` with `resp` not owned):
    such an object would be used after the helper returns, or from another thread."""
    owned = set(owned)
    changed = True
    while changed:
        changed = False
        for name in sorted(owned):
            for node in names[name]:
                call = index.parent(index.parent(node)) if isinstance(node.ctx, ast.Load) else None
                if not isinstance(call, ast.Call) or _handed_in_place(call, owned, index,
                                                                     resolver, kinds):
                    continue
                owned.discard(name)
                changed = True
                break
    return owned


def _handed_in_place(call: ast.Call, owned: set[str], index: TreeIndex, resolver: Resolver,
                     kinds: tuple[type, ...]) -> bool:
    """Is what `call` gives (when it is an ownable object) used in place, or bound to an
    owned name?"""
    made = resolver.value_type(call)
    if made is None or not issubclass(made, kinds):
        return True
    parent = index.parent(call)
    if _used_in_place(call, parent, index):
        up = index.parent(parent)  # type: ignore[arg-type]
        return not isinstance(up, ast.Call) or _handed_in_place(up, owned, index, resolver,
                                                                kinds)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
        return isinstance(target, ast.Name) and target.id in owned
    if isinstance(parent, ast.withitem) and isinstance(parent.optional_vars, ast.Name):
        return parent.optional_vars.id in owned
    return False


def _outside(call: ast.Call, method: str, resolver: Resolver) -> Any:
    if method in _INSIDE or method in _TAKES:
        return None
    if method == "request":  # http.client: ``conn.request(method, url, ...)``
        owner = resolver.value_type(call.func.value)  # type: ignore[attr-defined]
        if owner is not None and issubclass(owner, http.client.HTTPConnection):
            args, kwargs = static_args(call, resolver)
            verb = kwargs.get("method", args[0] if args else None)
            if isinstance(verb, str) and verb.upper() in _SAFE:
                return Rule(Kind.READ, f"HTTP {verb.upper()} on a connection the helper "
                            "made for itself", "net")
    return _KEEP


def _owns(name: str, nodes: list[ast.Name], scope: set[int], owned: set[str],
          index: TreeIndex, resolver: Resolver, kinds: tuple[type, ...]) -> bool:
    """Is every binding of `name` a new ownable object and every use a method call's
    receiver (or a ``with`` without ``as``)?"""
    stores = 0
    for node in nodes:
        if id(node) not in scope:
            return False  # a nested function sees it
        parent = index.parent(node)
        if isinstance(node.ctx, ast.Store):
            value = _bound_value(node, parent)
            if value is None or not _fresh(value, owned, index, resolver, kinds):
                return False
            stores += 1
        elif isinstance(node.ctx, ast.Del) or not _used_in_place(node, parent, index):
            return False
    return stores > 0


def _bound_value(node: ast.Name, parent: ast.AST | None) -> ast.AST | None:
    if isinstance(parent, ast.Assign) and parent.targets == [node]:
        return parent.value
    if isinstance(parent, ast.withitem) and parent.optional_vars is node:
        return parent.context_expr
    return None


def _used_in_place(node: ast.AST, parent: ast.AST | None, index: TreeIndex) -> bool:
    """Is `node` the receiver of a method call, or a ``with`` item's object without ``as``?"""
    if isinstance(parent, ast.Attribute) and parent.value is node:
        call = index.parent(parent)
        return isinstance(call, ast.Call) and call.func is parent
    return isinstance(parent, ast.withitem) and parent.context_expr is node and (
        parent.optional_vars is None)


def _fresh(value: ast.AST, owned: set[str], index: TreeIndex, resolver: Resolver,
           kinds: tuple[type, ...]) -> bool:
    """Does `value` make a new ownable object: a library's function or class, or a method
    of an object the helper owns (``conn.getresponse()``)?"""
    if not isinstance(value, ast.Call):
        return False
    made = resolver.value_type(value)
    if made is None or not issubclass(made, kinds):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and resolver.value_type(func.value) is not None:
        # A method of a value of a known type: new only if that value is owned, or is
        # no one-conversation object at all (``opener.open(url)`` makes a new response).
        inner = resolver.value_type(func.value)
        return (not issubclass(inner, kinds)  # type: ignore[arg-type]
                or _owned_expr(func.value, owned, index, resolver, kinds))
    return _global_callee(func, resolver)


def _global_callee(func: ast.AST, resolver: Resolver) -> bool:
    """A name or attribute chain that resolves to a library's function or class, through
    globals and modules only (not through a parameter or a local)."""
    node = func
    while isinstance(node, ast.Attribute):
        node = node.value
    if not isinstance(node, ast.Name) or node.id in resolver.local_names:
        return False
    return resolver.expr(func) is not MISSING


def _owned_expr(node: ast.AST, owned: set[str], index: TreeIndex, resolver: Resolver,
                kinds: tuple[type, ...]) -> bool:
    """An owned name, or an ownable object made by a method of one, used in place."""
    if isinstance(node, ast.Name):
        return node.id in owned
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    made = resolver.value_type(node)
    return (made is not None and issubclass(made, kinds)
            and _used_in_place(node, index.parent(node), index)
            and _owned_expr(node.func.value, owned, index, resolver, kinds))


def private_locals(facts: FunctionFacts) -> frozenset[str]:
    """Locals holding an object no other code can reach while the function runs: every
    binding constructs a new one from a library class the registry knows is pure to make
    (``client = httpx.AsyncClient()``, ``async with httpx.AsyncClient() as client``), and
    every use is the receiver of a method call with a rule (or a ``with`` item without
    ``as``): never passed, returned, stored, aliased or seen by a nested function. What
    another task does during an await, or an opaque call, cannot change such an object,
    so a read moved across them needs no run-time check of it (`Moves.blocked`).
    (The registry's word that making one is pure covers its ``__enter__``, which for
    these clients gives the client itself.)"""
    index = facts.index
    root = facts.tree
    names: dict[str, list[ast.Name]] = {}
    for node in index.find(root, ast.Name, nested=True):
        names.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
    scope = {id(n) for n in index.find(root, ast.Name)}
    out = set()
    for name in facts.locals - set(facts.params) - facts.nonlocals:
        nodes = names.get(name, [])
        if nodes and all(id(n) in scope and _private_use(facts, n) for n in nodes) and any(
                isinstance(n.ctx, ast.Store) for n in nodes):
            out.add(name)
    return frozenset(out)


def _private_use(facts: FunctionFacts, node: ast.Name) -> bool:
    parent = facts.index.parent(node)
    if isinstance(node.ctx, ast.Store):
        value = _bound_value(node, parent)
        if not isinstance(value, ast.Call):
            return False
        fact = facts.calls.get(id(value))
        made = fact.obj if fact is not None else None
        return (isinstance(made, type) and fact.kind is Kind.PURE and not fact.dynamic
                and classify(made) is not None)
    if isinstance(node.ctx, ast.Del) or not _used_in_place(node, parent, facts.index):
        return False
    if isinstance(parent, ast.withitem):
        return True
    fact = facts.calls.get(id(facts.index.parent(parent)))
    return fact is not None and fact.kind is not Kind.UNKNOWN and not fact.dynamic
