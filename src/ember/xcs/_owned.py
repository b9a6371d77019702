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
returned, passed, stored, aliased or seen by a nested function. So is a new one made and
used at once, unnamed (``json.loads(urlopen(u).read())``). A method result that is
itself such an object (``conn.getresponse()``, ``sock.makefile()``) must be used the same
way. Anything else keeps every call's own rule.
"""

from __future__ import annotations

import array
import ast
import builtins
import collections
import http.client
import inspect
import json
import types
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind, Rule, attribute_type, classify, gives, rule_for_call
from ember.xcs._globals import fixed_value
from ember.xcs._index import TreeIndex
from ember.xcs._plain import SCALARS
from ember.xcs._resolve import MISSING, Resolver, static_args
from ember.xcs._rules import ownable_types
from ember.xcs._stmt import changes_only

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts

__all__ = ["from_outside", "holds_data", "owned_calls", "private_locals", "unshared_locals"]

# Methods whose effect stays inside the object (besides those that take what it holds).
_INSIDE = frozenset({"close", "seek", "__enter__", "__exit__", "settimeout", "setblocking",
                     "gettimeout", "getsockname", "getpeername",
                     "makefile", "geturl", "info", "getcode", "begin", "isclosed"})
_TAKES = frozenset({"read", "read1", "readline", "readlines", "readinto", "recv", "recv_into",
                    "recvfrom", "getheader", "getheaders", "getresponse", "tell", "fileno",
                    "isatty", "readable", "seekable", "writable", "__iter__", "__next__"})
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

#: What a call on an object the helper owns does outside it: None for nothing.
Outside = Rule | None


def owned_calls(index: TreeIndex, resolver: Resolver, local_names: set[str],
                params: list[str]) -> dict[int, Outside]:
    """By the id of each call made on an object the helper owns (and of each loop that
    walks one), what it does outside the object (None: nothing). Calls not listed keep
    their own rules."""
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
    out: dict[int, Outside] = {}
    for loop in index.find(root, (ast.For, ast.comprehension)):
        if _walked(loop.iter, loop) and _owned_expr(loop.iter, owned, index,  # type: ignore[attr-defined]
                                                    resolver, kinds):
            out[id(loop)] = None  # (its walk takes what the object holds)
    for call in index.find(root, ast.Call):
        func = call.func  # type: ignore[attr-defined]
        if isinstance(func, ast.Attribute) and _owned_expr(func.value, owned, index, resolver,
                                                           kinds):
            out[id(call)] = _outside(call, func.attr, resolver)  # type: ignore[arg-type]
        elif len(call.args) == 1 and _owned_expr(call.args[0], owned, index,  # type: ignore[attr-defined]
                                                 resolver, kinds) and _taken_whole(
                call.args[0], call, resolver):  # type: ignore[attr-defined]
            out[id(call)] = None
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
                            "made for itself", "local")  # its host: not known
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
        elif isinstance(node.ctx, ast.Del) or not (_used_in_place(node, parent, index)
                                                   or _taken_whole(node, parent, resolver)
                                                   or _datum(node, parent, resolver)):
            return False
    return stores > 0


def _bound_value(node: ast.Name, parent: ast.AST | None) -> ast.AST | None:
    if isinstance(parent, ast.Assign) and (parent.targets == [node] or type(
            parent.value) is ast.Constant and node in parent.targets):
        return parent.value  # (``correct = total = 0``: one constant each, nothing shared)
    if isinstance(parent, ast.AnnAssign) and parent.target is node:
        return parent.value  # (``out: list[str] = []``; None when only annotated)
    if isinstance(parent, ast.withitem) and parent.optional_vars is node:
        return parent.context_expr
    return None


def _used_in_place(node: ast.AST, parent: ast.AST | None, index: TreeIndex) -> bool:
    """Is `node` the receiver of a method call, a ``with`` item's object without ``as``, or
    what a loop walks into plain names (``for line in f``: its ``__next__``, taking what it
    holds)?"""
    if _walked(node, parent):
        return True
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
    """An owned name, or a new ownable object used in place: made by a library's function
    (``urlopen(u).read()``) or by a method of an owned object (see `_fresh`)."""
    if isinstance(node, ast.Name):
        return node.id in owned
    parent = index.parent(node)
    return (isinstance(node, ast.Call) and (_used_in_place(node, parent, index)
                                            or _taken_whole(node, parent, resolver))
            and _fresh(node, owned, index, resolver, kinds))


def _datum(node: ast.AST, parent: ast.AST | None, resolver: Resolver) -> bool:
    """Is `node` read for a str or number its type's rules name (``r.status``): a copy of
    what the object holds, tied to nothing?"""
    if not (isinstance(parent, ast.Attribute) and parent.value is node
            and isinstance(parent.ctx, ast.Load)):
        return False
    owner = resolver.value_type(node)
    return owner is not None and attribute_type(owner, parent.attr) in (str, int, float, bool)


def _walked(node: ast.AST, parent: ast.AST | None) -> bool:
    return (isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node
            and all(isinstance(t, ast.Name) for t in ast.walk(parent.target)
                    if not isinstance(t, (ast.Tuple, ast.List, ast.Load, ast.Store))))


def _taken_whole(node: ast.AST, parent: ast.AST | None, resolver: Resolver) -> bool:
    """Is `node` the one argument of a library function that takes all the object holds
    (``json.load(r)``), with no hook of the user's?"""
    return (isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords
            and resolver.expr(parent.func) is json.load)


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
    if isinstance(node.ctx, ast.Del):
        return False
    # The receiver through the client's own plain properties: ``client.chat.completions
    # .create(...)`` (a resolved call with a rule reached them by the library's types).
    while (isinstance(parent, ast.Attribute) and isinstance(up := facts.index.parent(parent),
                                                              ast.Attribute)):
        node, parent = parent, up
    if not _used_in_place(node, parent, facts.index):
        return False
    if isinstance(parent, ast.withitem):
        return True
    fact = facts.calls.get(id(facts.index.parent(parent)))
    return fact is not None and fact.kind is not Kind.UNKNOWN and not fact.dynamic


def unshared_locals(facts: FunctionFacts) -> dict[str, int]:
    """Locals whose objects no other function can reach while this one runs its body up to
    a statement, so that a change to them cannot change what a helper called there sees:
    every binding makes a new object (a literal, a comprehension, a builtin constructor, a
    library call whose rule names the new object it returns, ``with open(p) as f``), and
    every use up to there leaves it where it is: the receiver of a method call, an argument
    of a builtin or a library function (which keep no reference), an operand, an item read
    or iterated, or returned. Passed to a helper of the user's, stored, aliased or seen by a
    nested function, it may be reached from elsewhere. By name, the place in the body of
    the first statement that may hand it out (``rows`` built in a loop, then given to
    ``save(rows)``: the loop's changes are the function's own); past the end, none does.
    (A store to one of these, ``out.append(x)``, is no reason to keep a helper's call
    behind it; see `Moves.blocked`.)"""
    index = facts.index
    names: dict[str, list[ast.Name]] = {}
    for node in index.find(facts.tree, ast.Name, nested=True):
        names.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
    scope = {id(n) for n in index.find(facts.tree, ast.Name)}
    end = len(facts.tree.body)  # type: ignore[attr-defined]
    out = {}
    for name in facts.locals - set(facts.params) - facts.nonlocals:
        nodes = names.get(name, [])
        if not nodes or any(id(n) not in scope or isinstance(n.ctx, ast.Store) and not _stays(
                facts, n) for n in nodes):
            continue  # (seen by a nested function, or bound to an object from elsewhere)
        until = min((index.step(n) or 0 for n in nodes if not _stays(facts, n)), default=end)
        if until:
            out[name] = until
    return out


_NEW_VALUES = (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp, ast.SetComp,
               ast.Constant, ast.JoinedStr, ast.BinOp, ast.Compare, ast.UnaryOp)
# Where a value ends: a new value made from it, a test, a statement of its own, or the
# function's return (nothing in the function runs after that).
_OPERAND_OF = (ast.BinOp, ast.Compare, ast.UnaryOp, ast.FormattedValue, ast.Return, ast.If,
               ast.While, ast.Assert, ast.Expr)


def _stays(facts: FunctionFacts, node: ast.Name) -> bool:
    """Does this mention of the local keep its object from other code (`unshared_locals`)?
    A load is followed up through the attributes, items and method calls taken from it
    (whose values hold parts of it) to where the value ends."""
    index = facts.index
    if isinstance(node.ctx, ast.Store):
        parent = index.parent(node)
        if isinstance(parent, ast.AugAssign):
            return True  # ``s += "x"``: the same object, or a new one
        value = _bound_value(node, parent)
        return value is not None and _new(facts, value)
    if isinstance(node.ctx, ast.Del):
        return True
    parent = index.parent(node)
    owner = facts.types.get(node.id)
    if (owner is not None and isinstance(parent, ast.Attribute) and isinstance(parent.ctx, ast.Load)
            and attribute_type(owner, parent.attr) in SCALARS):
        return True  # ``r.text`` of a response: a str its rules name, tied to nothing
    use: ast.AST = node
    while True:
        parent = index.parent(use)
        if _copied(facts, use, parent):
            use = parent  # (``print(dict(sorted(tally.items())))``: where the copy ends)
            continue
        if isinstance(parent, (ast.Attribute, ast.Subscript)) and parent.value is use:
            if not isinstance(parent.ctx, ast.Load):
                # a store to its own attribute or item; one to a part's may reach a
                # shared object (``items[0]["k"] = v``)
                return use is node
            up = index.parent(parent)
            if isinstance(up, ast.Call) and up.func is parent:  # a method called on it
                fact = facts.calls.get(id(up))
                own = use is node or isinstance(use, ast.Subscript) and use.value is node and (
                    node.id in facts.item_types)  # (``groups[k].append(v)``: a list it made)
                if fact is None or fact.kind is Kind.UNKNOWN or fact.dynamic or (
                        fact.kind is Kind.CPU and (not own or not isinstance(
                            fact.obj, _OWN_METHODS) and changes_only(fact) != "receiver")):
                    return False  # (a change of a part: it may be shared)
                use = up
            else:
                use = parent
            continue
        break
    if isinstance(parent, ast.keyword):
        parent = index.parent(parent)
    if isinstance(parent, ast.Call):
        if use is parent.func:
            return False
        fact = facts.calls.get(id(parent))
        return fact is not None and not fact.dynamic and (
            _passed_on(fact, parent, use) or fact.obj in _SCALAR_BUILTINS or _text_method(fact.obj)
            or changes_only(fact) == "first" and parent.args[:1] == [use]  # (``heappush``)
            or fact.kind in (Kind.READ, Kind.WRITE) and (
                fact.obj is not None and classify(fact.obj) is not None))
    if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is use:
        return True  # iterated: its items are taken, the object stays
    while isinstance(parent, (ast.Tuple, ast.List, ast.Dict)) and isinstance(
            getattr(parent, "ctx", ast.Load()), ast.Load):
        parent = index.parent(parent)  # ``return total, names``, ``return {"n": names}``
        if not isinstance(parent, (ast.Tuple, ast.List, ast.Dict, ast.Return)):
            return False
    return isinstance(parent, _OPERAND_OF)


def _passed_on(fact: Any, call: ast.Call, use: ast.AST) -> bool:
    """Is `use` handed to a helper of the user's as a parameter that it only hands on to a
    library's reads and writes (`CallFact.passes_on`: ``chat(client, messages)``)?"""
    if not fact.passes_on or not isinstance(fact.obj, types.FunctionType) or any(
            isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return False
    try:
        given = inspect.signature(fact.obj, follow_wrapped=False).bind_partial(
            *call.args, **{k.arg: k.value for k in call.keywords})  # type: ignore[misc]
    except (TypeError, ValueError):
        return False
    return any(node is use and name in fact.passes_on for name, node in given.arguments.items())


def _copied(facts: FunctionFacts, use: ast.AST, parent: ast.AST | None) -> bool:
    """Is `parent` a builtin's copy of `use` alone (``sorted(xs)``, ``dict(pairs)``): a new
    object holding what `use` holds, followed on to where it ends?"""
    if not (isinstance(parent, ast.Call) and parent.args == [use] and all(
            k.arg == "reverse" or k.arg == "key" and _keeps_items(facts, k.value)
            for k in parent.keywords)):
        return False
    fact = facts.calls.get(id(parent))
    return fact is not None and not fact.dynamic and fact.obj in _COPIES


def _keeps_items(facts: FunctionFacts, key: ast.expr) -> bool:
    """Does a sort's key keep none of the items it is handed: a lambda that calls nothing
    (``lambda kv: -kv[1]``), or a builtin (``len``)? (One of yours might store them.)"""
    if isinstance(key, ast.Lambda):
        return not any(isinstance(n, ast.Call) for n in ast.walk(key.body))
    return isinstance(key, ast.Name) and key.id not in facts.locals and (
        key.id not in facts.func.__globals__) and getattr(builtins, key.id, None) in (
        _SCALAR_BUILTINS)


def _new(facts: FunctionFacts, value: ast.AST) -> bool:
    """Does `value` make a new object (no other code holds it)?"""
    if isinstance(value, _NEW_VALUES):
        return True
    if not isinstance(value, ast.Call):
        return False
    fact = facts.calls.get(id(value))
    if fact is None or fact.obj is None:
        return False
    if fact.obj in _CONSTRUCTORS:
        return True  # list(...), dict(...), str(...): a new object
    rule = rule_for_call(fact.obj, *static_args(value))
    if rule is None and fact.dynamic:  # (a rule waiting for the arguments: what it gives)
        return gives(classify(fact.obj))[0] is not None
    return not fact.dynamic and rule is not None and rule.returns is not None


_CONSTRUCTORS = frozenset({list, dict, set, str, bytes, int, float, bool, frozenset,
                           collections.deque, collections.OrderedDict,
                           collections.defaultdict, collections.Counter, array.array})
# Builtins that copy what they are given: ``return sorted(counts.items())`` ends the function.
_COPIES = frozenset({list, tuple, sorted, set, frozenset, dict})
# Builtins that keep no reference to their arguments and give none of their parts back.
_SCALAR_BUILTINS = frozenset({len, str, repr, bool, int, float, isinstance, print, format,
                              any, all, abs, round, hash, id, sum})


def _text_method(obj: object) -> bool:
    """A method of a str or bytes (``"\\n".join(lines)``): it gives new text or numbers,
    keeping no reference to its arguments."""
    owner = getattr(obj, "__self__", None) if isinstance(obj, types.BuiltinMethodType) else (
        getattr(obj, "__objclass__", None) if isinstance(obj, types.MethodDescriptorType)
        else None)
    return type(owner) in (str, bytes) or owner in (str, bytes)


# Methods of a container that change only it (``out.append(x)``): its object stays.
_OWN_METHODS = (types.BuiltinMethodType, types.MethodDescriptorType)


def from_outside(index: TreeIndex, name: str, params: set[str], local_names: set[str],
                 resolver: Resolver) -> bool:
    """May the local `name` hold an object from outside the call: is it a loop's item
    over, or a part of, a parameter or a global holding data (``for job in jobs``,
    ``d = CONF["db"]``)? Changing that object is then a change outside. (What a call
    gives is taken as new, as before: a read's response, ``json.loads``.)"""
    for node in index.find(index.root, ast.Name):
        if node.id != name or isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
            continue
        up = index.parent(node)
        while isinstance(up, (ast.Tuple, ast.List, ast.Starred)):
            up = index.parent(up)
        source = (up.iter if isinstance(up, (ast.For, ast.AsyncFor, ast.comprehension))
                  else up.value if isinstance(up, (ast.Assign, ast.AnnAssign, ast.NamedExpr))
                  else None)
        if source is None or index.find(source, ast.Call, itself=True):
            continue
        for n in index.loads(source):
            if holds_data(n, params, local_names, resolver):
                return True
    return False


def holds_data(name: str, params: set[str] | list[str], local_names: set[str],
               resolver: Resolver) -> bool:
    """Does `name`, in a helper, hold data from outside it: a parameter, or a global that
    holds neither code nor a value no one changes in place?"""
    if name in params:
        return True
    if name in local_names:
        return False
    value = resolver.name(name)
    return not (value is MISSING or callable(value) or isinstance(value, types.ModuleType)
                or fixed_value(value))
