"""What one method of a type does when Python calls it implicitly (`_implicit` finds the
calls; this module says what each runs).

In order: the registry's rule for the type's method; a builtin container's own slot
(pure); a Python function, by its summary; anything else is unknown. Operations that
every line of code makes (a truth test, an operator, a format, an attribute load: see
`_Finder.dunders`) look only at methods of the user's own classes (`_whose.users`): a library's
are taken as data unless the registry has a rule, or every ``r.text`` and ``if resp:``
would be a barrier.
"""

from __future__ import annotations

import abc
import array
import ast
import collections
import dataclasses
import functools
import inspect
import itertools
import json
import math
import sys
import types
from collections.abc import Callable
from typing import Any

from ember.xcs import _summary  # (it uses `_implicit`, which uses this module: by name)
from ember.xcs._effects import (
    ANY,
    OPERATORS,
    Data,
    Kind,
    Rule,
    consulted,
    rule_for_call,
    type_rule,
)
from ember.xcs._guards import object_guard
from ember.xcs._held import held
from ember.xcs._plain import (
    ZONE_METHODS,
    ZONED,
    hashable,
    plain_data,
    scalar_fields,
    written_for_you,
    zones,
)
from ember.xcs._resolve import (
    MISSING,
    SIMPLE,
    Resolver,
    along,
    class_guards,
    static_args,
    static_attr,
)
from ember.xcs._shown import shown_where_called
from ember.xcs._whose import users, users_class, written

__all__ = ["CONTAINERS", "ON_ARGUMENTS", "ON_ITEMS", "attribute_store", "builtin_view",
           "called_per_item", "default_made", "finaliser", "from_rule", "got_off_instance",
           "got_off_object", "handed", "items_of_yours", "library_made", "method",
           "own_methods", "owner_of", "run_by_helper", "strongest", "summarized", "unknown",
           "walk_type", "zone_facts"]

_CallFact = Any  # `_summary.CallFact`

# Builtin types whose iteration and item or attribute stores run no code of anyone's.
CONTAINERS = frozenset({list, tuple, dict, set, frozenset, str, bytes, bytearray, range,
                         memoryview, type({}.keys()), type({}.values()), type({}.items()),
                         collections.deque, collections.OrderedDict, collections.Counter,
                         array.array, itertools.count, itertools.repeat, object, type, Data})


def summarized(fn: types.FunctionType, what: str) -> _CallFact:
    """Calling `fn` (a method Python calls for `what`): its summary, named for `what`."""
    fact = shown_where_called(_summary.summarize(fn))
    return _summary.CallFact(fact.kind, f"{what}: {fact.reason}", fact.resource,
                             dynamic=fact.dynamic, raises=fact.raises, sleeps=fact.sleeps,
                             rebinds=fact.rebinds, globals_changed=fact.globals_changed,
                             threads=fact.threads, guards=fact.guards)


def class_item(owner: Any) -> list[_CallFact]:
    """Subscribing `owner` (``Box[str]``), where it is a class of yours: its
    ``__class_getitem__``."""
    fn = getattr(static_attr(owner, "__class_getitem__", None), "__func__", None) if (
        isinstance(owner, type)) else None
    return [summarized(fn, "__class_getitem__")] if isinstance(
        fn, types.FunctionType) and users(fn) else []


def walk_type(t: type, names: tuple[str, str]) -> list[_CallFact]:
    """What walking an object of type `t` runs: its ``__iter__``, then the iterator's
    ``__next__`` (for an ``__iter__`` that returns the object itself, or a generator)."""
    first, step = names
    rule = type_rule(t, first)
    if rule is not None:
        return [from_rule(rule, f"{t.__qualname__}.{first}"), method(t, step)]
    attr = static_attr(t, first, MISSING)
    if attr is MISSING:
        return [unknown(f"{t.__qualname__} has no {first}")]
    if not isinstance(attr, types.FunctionType):
        return [method(t, first)]  # a builtin container's: pure (else unknown)
    if attr.__code__.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR):
        return [_summary.generator_steps(attr)]
    if _returns_self(attr):
        return [_summary.summarize(attr), method(t, step)]
    return [unknown(f"{t.__qualname__}.{first} returns an iterator not known")]


def method(t: type, name: str) -> _CallFact:
    """The effect of calling method `name` of a `t` (a dunder Python calls implicitly),
    guarded on the class's method where that can be replaced (``Span.__exit__ = ...``)."""
    fact = _method(t, name)
    fact.guards = (*fact.guards, *class_guards(t, name, static_attr(t, name, MISSING)))
    return fact


def _method(t: type, name: str) -> _CallFact:
    if _builtin_slot(t, name):
        # (The registry's "changes its receiver" for ``out[k] = v``: the statement's own
        # facts have that change.)
        return _summary.CallFact(Kind.PURE, f"{t.__qualname__}.{name} is a builtin's own")
    attr = static_attr(t, name, MISSING)
    what = f"{t.__qualname__}.{name}"
    if name in _OVER_FIELDS and written_for_you(attr) and dataclasses.is_dataclass(t) and (
            scalar_fields(t)):
        return _summary.CallFact(Kind.PURE, f"{what}, which dataclasses wrote: over its "
                                 "fields, str, numbers and None")
    if isinstance(attr, types.FunctionType) and users(attr):
        return summarized(attr, what)  # (a subclass's own, over a library type's rule)
    rule = type_rule(t, name)
    if isinstance(rule, Rule) and rule.kind is Kind.CPU and name in _STORES:
        # (A registered mapping's ``headers[k] = v`` changes that mapping: likewise the
        # statement's own facts.)
        return _summary.CallFact(Kind.PURE, f"{t.__qualname__}.{name} changes its receiver")
    if rule is not None:
        return from_rule(rule, what, None if attr is MISSING else attr)
    if isinstance(attr, types.FunctionType):
        return summarized(attr, what)
    return unknown(f"{what} has no effect rule")


_STORES = frozenset({"__setitem__", "__delitem__"})
# What `dataclasses` writes that formats, compares or hashes the fields, and nothing else.
_OVER_FIELDS = frozenset({"__repr__", "__eq__", "__hash__", "__lt__", "__le__", "__gt__",
                          "__ge__"})


def _builtin_slot(t: type, name: str) -> bool:
    """Is `t`'s `name` a builtin container's own (C) method?"""
    if t is Data:
        return True  # (one of the builtins JSON decodes to: its methods are theirs)
    for klass in t.__mro__:
        if name in klass.__dict__:
            return klass in CONTAINERS and not isinstance(klass.__dict__[name],
                                                           types.FunctionType)
    return False


# What runs as an object (or its class) is made: nothing a holder of the object calls.
_MADE = frozenset({"__new__", "__init__", "__init_subclass__", "__set_name__",
                   "__class_getitem__"})


_BOUND = (staticmethod, classmethod, types.MethodType)


def own_methods(t: type, implicit: bool = False) -> list[_CallFact]:
    """Each method, property getter and class or static method of `t` that is the user's
    code (written in a file: a dataclass's generated methods are the library's), as called:
    what a library handed an object of `t` may run (it may call any of them). `implicit`:
    only those Python calls without a call written (dunders and property getters)."""
    found: dict[str, _CallFact] = {}
    for klass in t.__mro__:
        if klass in CONTAINERS:
            break
        for name, attr in vars(klass).items():
            kind = type(attr)  # (by type: a proxy of yours is not asked its ``__class__``)
            if implicit and (name in _MADE or not (
                    name.startswith("__") or issubclass(kind, property))):
                continue
            fn = attr.__func__ if issubclass(kind, _BOUND) else attr.fget if issubclass(
                kind, property) else attr
            if name not in found and written(fn):
                found[name] = summarized(fn, f"{t.__qualname__}.{name}")
    return list(found.values())


def run_by_helper(t: type, held: Any) -> list[_CallFact]:
    """What a helper of yours handed a `t` (`held`, MISSING where not known) may run of it
    without a call written: a class of yours' dunders and getters, a datetime's or a time's
    zone of yours (`zone_facts`)."""
    if issubclass(t, ZONED):
        return [f] if (f := zone_facts(held)) is not None else []
    return own_methods(t, implicit=True) if t not in CONTAINERS and users_class(t) else []


def handed(fn: Any, t: type | None, nested: bool) -> list[_CallFact]:
    """What a library handed a value may run of it: a function of yours (`nested`: one
    defined in the function, or a lambda), or any method of an object of your class."""
    if nested:
        return [unknown("a function of yours handed to a library: it may call it")]
    if users(fn):
        return [summarized(fn, f"{fn.__qualname__}, handed to a library")]
    if t is not None and t not in CONTAINERS and users_class(t):
        return own_methods(t)
    return []


def attribute_store(t: type, attr: str, delete: bool) -> _CallFact:
    """Storing (or deleting) attribute `attr` of a `t`: a data descriptor's ``__set__``
    (a property's setter) if the class has one, else ``__setattr__``."""
    what = f"{t.__qualname__}.{attr}"
    if attr == "__class__":
        return unknown(f"{what} = ... gives the object other methods, not known here")
    desc = static_attr(t, attr, MISSING)
    if isinstance(desc, property):
        fn = desc.fdel if delete else desc.fset
        if fn is None:  # (raises AttributeError)
            return _summary.CallFact(Kind.PURE, f"{what} is read-only", raises=True)
        if not isinstance(fn, types.FunctionType):
            return unknown(f"{what}'s setter has no effect rule")
        return summarized(fn, f"{what}'s setter")
    if desc is not MISSING and not isinstance(desc, types.MemberDescriptorType
                                              | types.GetSetDescriptorType):
        hook = "__delete__" if delete else "__set__"
        if static_attr(type(desc), hook, MISSING) is not MISSING:
            return method(type(desc), hook)
    return method(t, "__delattr__" if delete else "__setattr__")


_CLOSERS = ("close", "cleanup")  # (a library's object that has them may hold what closes:
# a NamedTemporaryFile's closer deletes its file, a TemporaryDirectory's finalizer its folder)


def finaliser(t: type) -> _CallFact:
    """``del x`` for an `x` of type `t`: its ``__del__`` may run (a file's closes it)."""
    if static_attr(t, "__del__", MISSING) is MISSING and type_rule(t, "close") is None:
        if users_class(t):
            return _holds_what_acts(t)
        if any(callable(static_attr(t, m, None)) for m in _CLOSERS):
            return unknown(f"dropping a {t.__qualname__}: what it holds may be closed then")
        return _summary.CallFact(Kind.PURE, f"a {t.__qualname__} has no finaliser")
    rule = type_rule(t, "__del__") or type_rule(t, "close")
    if rule is not None:
        return from_rule(rule, f"dropping a {t.__qualname__}")
    return method(t, "__del__")


def _holds_what_acts(t: type) -> _CallFact:
    """Dropping an object of your class without a ``__del__``: where a method of it writes
    or does what is not known, it may hold what it made (``self.f = open(p, "w")``, a
    `GzipFile`, an object with a ``__del__``), whose finaliser runs when the object goes."""
    for fn in (f for k in t.__mro__ if users_class(k) for f in vars(k).values()):
        if isinstance(fn, types.FunctionType):
            fact = _summary.summarize(fn)
            if fact.kind in (Kind.WRITE, Kind.UNKNOWN):
                return _summary.CallFact(fact.kind, f"dropping a {t.__qualname__}: it may hold "
                                         f"what its {fn.__name__} made ({fact.reason})",
                                         fact.resource, dynamic=fact.dynamic)
    return _summary.CallFact(Kind.PURE, f"a {t.__qualname__} has no finaliser")


# What a `collections.defaultdict` may call for a key it lacks and run no code of anyone's.
_QUIET_FACTORIES = frozenset({None, list, dict, set, frozenset, tuple, int, float, complex, str,
                              bytes, bytearray, bool, collections.deque, collections.Counter,
                              collections.OrderedDict, collections.defaultdict})


def default_made(finder: Any, node: ast.AST) -> list[_CallFact]:
    """Reading an item of `node`, a `collections.defaultdict`: a key it lacks calls its
    ``default_factory`` (``channels[name]`` may create the channel remotely). A builtin
    type's runs nothing; a function of yours, its summary; anything else is unknown. The
    factory is the one each binding of a local hands the class (``defaultdict(create)``),
    or the live object's (an argument's or a global's), guarded as a rule's state is.
    (`finder`: the `_implicit._Finder` asking.)"""
    t, live = finder.type_of(node), MISSING
    if t is None and isinstance(node, ast.Attribute):  # (``CONFIG.table[k]``: a global's)
        live, t = _reached(finder, node)
    if not (isinstance(t, type) and issubclass(t, collections.defaultdict)) or static_attr(
            t, "__missing__", None) is not collections.defaultdict.__missing__:
        return []  # (not one; a subclass's own __missing__ is looked at as any dunder's)
    resolver = finder.resolver
    live = finder.value(node) if live is MISSING else live
    if isinstance(live, collections.defaultdict):
        path = resolver.path(node)
        resolver.guards.append(("check", *path, _factory, held(live.default_factory))
                               if path is not None else
                               ("check-obj", held(live), (), _factory, held(live.default_factory)))
        return _factory_run(live.default_factory)
    made = finder.values.get(node.id, []) if isinstance(node, ast.Name) else []
    if not made or not all(isinstance(v, ast.Call) and isinstance(
            c := resolver.expr(v.func), type) and issubclass(c, collections.defaultdict)
                           for v in made):  # (its keywords are items, not the factory)
        return [unknown(f"{ast.unparse(node)}[...] may call a default_factory not known")]
    out: list[_CallFact] = []
    for v in made:  # type: ignore[assignment]
        arg = v.args[0] if v.args else None  # type: ignore[attr-defined]
        if arg is None or isinstance(arg, ast.Lambda) and all(  # (``lambda: 0``, ``lambda:
                isinstance(n, _LITERAL) for n in ast.walk(arg.body)):  # [0, 0]``)
            continue  # (none: a missing key raises KeyError, as a dict's does)
        if isinstance(arg, (ast.Starred, ast.Lambda)) or isinstance(arg, ast.Name) and (
                arg.id in finder.nested_defs or arg.id in resolver.local_names):
            return [unknown(f"{ast.unparse(node)}[...] may call {ast.unparse(arg)}")]
        out += _factory_run(resolver.expr(arg))
    return out


def _reached(finder: Any, node: ast.Attribute) -> tuple[Any, type | None]:
    """The object an attribute chain from a name the plan knows holds (read as a guard
    reads it: no code of yours runs), and its type, kept by a guard on the path; or
    nothing known."""
    attrs: list[str] = []
    root: ast.AST = node
    while isinstance(root, ast.Attribute):
        attrs.insert(0, root.attr)
        root = root.value
    guards = finder.resolver.guards
    kept = len(guards)
    base = finder.value(root) if isinstance(root, ast.Name) else MISSING
    found = MISSING if base is MISSING else along(base, tuple(attrs))
    if not isinstance(found, collections.defaultdict):
        del guards[kept:]  # (what was looked at to find none decides nothing)
        return MISSING, None
    guards.append(("from", held(base), tuple(attrs), held(found)))
    return found, type(found)


_LITERAL = (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.UnaryOp, ast.unaryop,
            ast.expr_context)


def _factory(d: collections.defaultdict) -> Any:
    return d.default_factory


def _factory_run(factory: Any) -> list[_CallFact]:
    """What calling a defaultdict's `factory` for a missing key runs."""
    if hashable(factory) and factory in _QUIET_FACTORIES:
        return []
    if isinstance(factory, types.FunctionType) and users(factory):
        return [summarized(factory, f"{factory.__qualname__}, a default_factory")]
    return [unknown("a missing key calls a default_factory not known (a "
                    f"{type(factory).__qualname__})")]


def _returns_self(fn: types.FunctionType) -> bool:
    """Does the method end by returning its first parameter (``return self``)?"""
    from ember.xcs._source import NoSource, source_tree

    try:
        tree, _ = source_tree(fn)
    except NoSource:
        return False
    last = tree.body[-1]  # type: ignore[attr-defined]
    args = tree.args.args  # type: ignore[attr-defined]
    return (bool(args) and isinstance(last, ast.Return) and isinstance(last.value, ast.Name)
            and last.value.id == args[0].arg)


def from_rule(rule: Any, what: str, obj: Any = None) -> _CallFact:
    """The registry's `rule` for a method Python calls, with no arguments in hand; `obj`:
    the library's method it is the rule of (so no code of the user's runs)."""
    seen: list[tuple] = []
    if not isinstance(rule, Rule):  # a rule that reads the arguments: not known here
        try:
            with consulted() as seen:  # (or the library's state: numpy's error handling)
                rule = rule((ANY,) * 2, {})
        except Exception:  # noqa: BLE001 - it cannot say without them
            rule = None
        if not isinstance(rule, Rule):
            return unknown(f"{what}: its arguments decide what it does")
    fact = _summary.CallFact(rule.kind, f"{what}: {rule.reason}", rule.resource,
                             sleeps=rule.sleeps, obj=obj)
    fact.guards = tuple(object_guard(*consulted_here) for consulted_here in seen)
    return fact


def called_per_item(key: ast.expr | None, resolver: Resolver, nested: set[str]
                 ) -> list[_CallFact]:
    """What a function a builtin calls for each item runs (a ``key=`` of ``sorted``, ``max``
    or ``list.sort``, the function of ``map`` or ``filter``): a function of yours, its
    summary; a lambda, what the functions of yours it calls by name run; a function defined
    in the function, anything."""
    if isinstance(key, ast.Name) and key.id in nested:
        return [unknown("a function defined here, called for each item: it may do anything")]
    if isinstance(key, ast.Lambda):
        called = [c.func for c in ast.walk(key.body) if isinstance(c, ast.Call)]
        return [f for name in called if isinstance(name, ast.Name)
                for f in called_per_item(name, resolver, nested)]
    fn = resolver.expr(key) if isinstance(key, ast.Name | ast.Attribute) else MISSING
    return [summarized(fn, f"{fn.__qualname__}, called for each item")] if users(fn) else []


def unknown(reason: str) -> _CallFact:
    return _summary.CallFact(Kind.UNKNOWN, f"implicitly {reason}", dynamic=True)


# The dunders an operation calls, by what Python runs it for (`_implicit`).
# Builtins that call a dunder of their (first; print: every) argument's type.
CONVERTERS: dict[str, tuple[str, ...]] = {
    "print": ("__str__", "__repr__"), "str": ("__str__", "__repr__"), "repr": ("__repr__",),
    "ascii": ("__repr__",), "format": ("__format__", "__str__", "__repr__"),
    "len": ("__len__",), "bool": ("__bool__", "__len__"), "int": ("__int__", "__index__"),
    "float": ("__float__", "__index__"), "abs": ("__abs__",), "hash": ("__hash__",),
    "round": ("__round__",), "bytes": ("__bytes__",)}
STR, REPR, ASCII = ord("s"), ord("r"), ord("a")  # (a FormattedValue's conversion)
# What a str's format method and % may run of each value: any conversion the template names.
FORMATTED = ("__format__", "__str__", "__repr__")
PERCENT = ("__str__", "__repr__", "__int__", "__float__", "__index__")
FORMATS = frozenset({"format", "format_map"})
OBJECT = {name: object.__dict__[name] for name in ("__format__", "__str__", "__repr__")}
BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.MatMult: "matmul",
           ast.Div: "truediv", ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow",
           ast.LShift: "lshift", ast.RShift: "rshift", ast.BitOr: "or", ast.BitXor: "xor",
           ast.BitAnd: "and"}
UNARY = {ast.USub: "__neg__", ast.UAdd: "__pos__", ast.Invert: "__invert__"}
COMPARE = {ast.Eq: "__eq__", ast.NotEq: "__ne__", ast.Lt: "__lt__", ast.LtE: "__le__",
            ast.Gt: "__gt__", ast.GtE: "__ge__"}
# The right operand's, when the left's gives NotImplemented (``ms > cap``: ``cap.__lt__``).
REFLECTED = {ast.Eq: "__eq__", ast.NotEq: "__ne__", ast.Lt: "__gt__", ast.LtE: "__ge__",
             ast.Gt: "__lt__", ast.GtE: "__le__"}


def ruled_operator(t: type, name: str) -> bool:
    """Does a rule speak of `t`'s operator `name` (a library's type whose arithmetic
    changes or says something: a `Decimal`'s context flags, numpy's warnings)?"""
    return name in OPERATORS and type_rule(t, name) is not None

# Builtins that call these dunders of each argument (`_implicit._Finder.applied`).
_FLOATS = ("__float__", "__index__")
ON_ARGUMENTS: dict[Any, tuple[str, ...]] = {
    divmod: ("__divmod__", "__rdivmod__"), pow: ("__pow__", "__rpow__"),
    **dict.fromkeys((range, hex, oct, bin, chr), ("__index__",)),
    math.floor: ("__floor__",), math.ceil: ("__ceil__",), math.trunc: ("__trunc__",),
    **dict.fromkeys((math.sqrt, math.log, math.exp, math.log2, math.log10, math.isclose,
                     math.isfinite, math.isnan), _FLOATS),
    json.loads: ("decode", "startswith")}  # (of a bytes or a str subclass of yours)
# ... and of each item of a display they are handed (or each argument: ``max(a, b)``).
ON_ITEMS: dict[Any, tuple[str, ...]] = {
    **dict.fromkeys((any, all), ("__bool__", "__len__")),
    **dict.fromkeys((min, max, sorted), ("__lt__", "__gt__")),
    sum: ("__add__", "__radd__"), math.fsum: _FLOATS, math.prod: ("__mul__", "__rmul__"),
    **dict.fromkeys((set, frozenset, dict.fromkeys), ("__hash__", "__eq__"))}


def owner_of(func: Any) -> type | None:
    """The type of a method's first parameter, from the class its qualified name says
    defines it: that class for a plain method (an instance of a subclass is taken to
    store its attributes as the class does), its metaclass for a classmethod; None for
    a function, a static method, or a class made inside a function."""
    qualname = getattr(func, "__qualname__", "")
    if "<locals>" in qualname or "." not in qualname:
        return None
    owner: Any = sys.modules.get(getattr(func, "__module__", "") or "")
    for part in qualname.split(".")[:-1]:
        owner = getattr(owner, part, None)
    if not isinstance(owner, type):
        return None
    kind = static_attr(owner, func.__name__, None)
    if isinstance(kind, staticmethod):
        return None
    return type(owner) if isinstance(kind, classmethod) else owner


# A builtin container's methods that give another (or a view of it).
_VIEWS = frozenset({dict.items, dict.keys, dict.values, dict.copy, list.copy, set.copy,
                    frozenset.copy})


def builtin_view(callee: Any) -> bool:
    """``d.items()``, ``d.keys()``, ``lst.copy()``: another container, or a view of one."""
    if isinstance(callee, types.BuiltinMethodType) and type(callee.__self__) in CONTAINERS:
        callee = getattr(type(callee.__self__), callee.__name__, None)
    try:
        return callee in _VIEWS
    except TypeError:  # (an unhashable callee: no view)
        return False


def library_made(callee: Any, call: ast.Call, resolver: Resolver) -> bool:
    """Is a ``with`` item's object made by a library call whose rule is pure or a read
    (``requests.Session()``, ``open(p)`` to read, ``urlopen(u)``)? Only this block holds
    it: entering it and closing it change nothing another call sees."""
    if callee is MISSING:
        return False
    rule = rule_for_call(callee, *static_args(call, resolver))
    if rule is None or rule.kind not in (Kind.PURE, Kind.READ):
        return False
    made = rule.returns or (callee if isinstance(callee, type) else None)
    # (a type the registry describes: a user's class registered as pure says nothing
    # of its exit)
    return made is not None and any(type_rule(made, n) is not None for n in _DESCRIBED)


# Methods whose rules show the registry describes a type (a client, a file, a response).
_DESCRIBED = ("close", "aclose", "get", "read")


_ORDER = {Kind.UNKNOWN: 0, Kind.WRITE: 1, Kind.CPU: 2, Kind.READ: 3, Kind.PURE: 4}


def strongest(facts: list[_CallFact]) -> _CallFact:
    """One fact for a node's implicit calls: the strongest effect (writes of several
    resources are a write of "any"), with every call's guards and flags."""
    top = min(facts, key=lambda f: _ORDER.get(f.kind, 0))
    kind, resource = top.kind, top.resource
    if kind is Kind.WRITE and len({f.resource for f in facts if f.kind is Kind.WRITE}) > 1:
        resource = "any"
    if kind is Kind.CPU and any(f.kind is Kind.READ for f in facts):
        kind, resource = Kind.WRITE, "any"  # I/O that changes its arguments (`_summary`)
    return _summary.CallFact(
        kind, top.reason, resource, dynamic=top.dynamic,
        raises=any(f.raises for f in facts), sleeps=any(f.sleeps for f in facts),
        threads=any(f.threads for f in facts), guards=tuple(g for f in facts for g in f.guards),
        obj=top.obj if all(f.obj is not None for f in facts) else None)  # (all a library's)


def items_of_yours(t: type, held: Any, names: tuple[str, ...]) -> Any:
    """Calling a dunder (the first of `names`) of a builtin container or a tuple of its own kind (a named
    tuple) runs its items' (formatting one formats them): the fact of that, for a container
    the program holds (`held`, MISSING where not known) with objects of the user's in it."""
    if issubclass(t, ZONED):
        return zone_facts(held)
    if held is MISSING or not (t in CONTAINERS or issubclass(t, tuple)) or plain_data(held):
        return None
    return _summary.CallFact(Kind.UNKNOWN, f"a {t.__name__} holding objects of yours: its "
                             f"{names[0]} runs theirs")


def zone_facts(held: Any) -> _CallFact | None:
    """What a datetime or a time (`held`, MISSING where not known) runs of its zone when
    compared, hashed, subtracted or shown: the `ZONE_METHODS` of its tzinfo's class where
    that is the user's; for one not known, of every tzinfo class of the user's."""
    found = [summarized(fn, f"{k.__qualname__}.{name}")
             for k in (zones() if held is MISSING else [type(held.tzinfo)]) if users_class(k)
             for name in ZONE_METHODS if users(fn := static_attr(k, name, None))]
    return strongest(found) if found else None


def got_off_instance(t: type | None, name: str) -> list[_CallFact]:
    """Loading ``obj.name`` off a `t`: a property's getter, a ``cached_property``'s
    function, a descriptor's ``__get__``, or the class's ``__getattribute__``/
    ``__getattr__``, where they are the user's code."""
    if t is None or t in CONTAINERS or issubclass(t, types.ModuleType):
        return []
    what = f"{t.__qualname__}.{name}"
    desc = static_attr(t, name, MISSING)
    if isinstance(desc, (property, functools.cached_property)):
        fn = desc.fget if isinstance(desc, property) else desc.func
        if fn is None:  # (raises AttributeError)
            return [_summary.CallFact(Kind.PURE, f"{what} has no getter", raises=True)]
        return [summarized(fn, f"{what}'s getter")] if users(fn) else []
    hook = static_attr(type(desc), "__get__", MISSING)
    if desc is not MISSING and users(hook) and not isinstance(desc, types.FunctionType):
        return [method(type(desc), "__get__")]
    hooks = ("__getattribute__", "__getattr__") if desc is MISSING else ("__getattribute__",)
    return [method(t, hook) for hook in hooks if users(static_attr(t, hook, None))][:1]


def got_by_name(t: type | None, name: ast.expr | None) -> list[_CallFact]:
    """``getattr(obj, name)`` or ``hasattr(obj, name)`` off a `t`: what loading
    ``obj.name`` runs (`got_off_instance`) for a constant name; for a name known only at run
    time, any getter or dunder of the user's that `t` has (`own_methods`)."""
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        return got_off_instance(t, name.value)
    if t is None or t in CONTAINERS or not users_class(t):
        return []
    return own_methods(t, implicit=True)


def plain(value: ast.AST | None, target: ast.AST,
          type_of: Callable[[ast.expr], type | None]) -> bool:
    """Is `value`, stored whole in `target`, plain data (constants, f-strings, locals of
    a scalar type, literals of them)? (A value unpacked into `target` is not known.)"""
    if value is None or isinstance(target, ast.Starred):
        return False
    if isinstance(value, (ast.Constant, ast.JoinedStr)):
        return True
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return all(plain(e, target, type_of) for e in value.elts)
    if isinstance(value, ast.Dict):
        return all(k is not None and plain(k, target, type_of) for k in value.keys) and all(
            plain(v, target, type_of) for v in value.values)
    return isinstance(value, ast.Name) and type_of(value) in SIMPLE


BY_NAME = (getattr, hasattr, setattr, delattr, isinstance, issubclass)


def by_name(callee: Any, args: list[ast.expr], type_of: Callable[[ast.expr], type | None],
            value: Callable[[ast.expr], Any]) -> list[_CallFact]:
    """A builtin of `BY_NAME` called with `args` (two or more): ``getattr``/``hasattr``
    (`got_by_name`); ``isinstance``/``issubclass`` (`class_checks`); ``setattr`` or
    ``delattr``: what storing or deleting ``obj.name`` runs (`attribute_store`), and for a
    name known only at run time, any setter (deleter) or ``__setattr__`` of the type's."""
    if callee in (isinstance, issubclass):
        kinds = args[1].elts if isinstance(args[1], ast.Tuple) else args[1:2]
        return class_checks([value(k) for k in kinds], callee is isinstance)
    t, name = type_of(args[0]), args[1]
    if callee in (getattr, hasattr):
        return got_by_name(t, name)
    delete = callee is delattr
    if t is None:
        return [unknown(f"{callee.__name__}() on an object whose type is not known")]
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        return [attribute_store(t, name.value, delete)]
    hook = "__delete__" if delete else "__set__"
    names = {n for k in t.__mro__ if k not in CONTAINERS for n, v in vars(k).items()
             if isinstance(v, property) or static_attr(type(v), hook, None) is not None}
    return [attribute_store(t, n, delete) for n in sorted(names)] + [
        method(t, "__delattr__" if delete else "__setattr__")]


def class_checks(cls: Any, instance: bool) -> list[_CallFact]:
    """``isinstance(x, cls)`` (`instance`) or ``issubclass(x, cls)``: a metaclass's
    ``__instancecheck__`` or ``__subclasscheck__`` of yours, or, for an ABC, the
    ``__subclasshook__`` of yours of it or, for an ABC of yours, of any class below it
    (the check asks each)."""
    if isinstance(cls, (tuple, list, types.UnionType)):  # (``(A, B)``, ``A | B``: each)
        return [f for c in getattr(cls, "__args__", cls) for f in class_checks(c, instance)]
    if not isinstance(cls, type):  # (not known when the plan is made: taken as data, as
        return []  # an operand of a type not known is: ``issubclass(t, self.handled)``)
    meta, hook = type(cls), "__instancecheck__" if instance else "__subclasscheck__"
    if meta is type:
        return []
    if users(static_attr(meta, hook, None)):
        return [method(meta, hook)]
    if not isinstance(cls, abc.ABCMeta):
        return []
    # (each class's own hook: one it inherits is its base's, met on the way down, or cls's;
    # below a library's ABC, a pydantic model's thousands, not looked: docs/jit.md)
    found = [static_attr(cls, "__subclasshook__", None)]
    below = type.__subclasses__(cls) if users_class(cls) else []
    while below:
        k = below.pop()
        below += type.__subclasses__(k)
        found.append(vars(k).get("__subclasshook__"))
    return [summarized(f.__func__, f"{f.__func__.__qualname__}")
            for f in found if isinstance(f, classmethod) and users(f.__func__)]


def got_off_object(owner: type | types.ModuleType, name: str) -> list[_CallFact]:
    """``Cls.name`` or ``module.name``: its metaclass's (its module type's)
    ``__getattribute__`` of yours, a metaclass's property, a descriptor's ``__get__`` of
    yours found there, or, for a name it does not have, a metaclass's ``__getattr__`` or a
    module's (PEP 562)."""
    meta = type(owner)
    what = f"{getattr(owner, '__name__', '?')}.{name}"
    if users(static_attr(meta, "__getattribute__", None)):
        return [method(meta, "__getattribute__")]
    from_meta = static_attr(meta, name, MISSING)
    if isinstance(from_meta, property):  # (a metaclass's property comes first)
        return [summarized(from_meta.fget, f"{what}'s getter")] if users(from_meta.fget) else []
    found = static_attr(owner, name, MISSING)
    if found is MISSING:
        found = from_meta
    if found is not MISSING:
        hook = static_attr(type(found), "__get__", None)
        return [method(type(found), "__get__")] if users(hook) and not isinstance(
            found, types.FunctionType) else []
    if isinstance(owner, types.ModuleType):
        fn = owner.__dict__.get("__getattr__")
        return [summarized(fn, f"{what}, through its module's __getattr__")] if users(
            fn) else []
    return [method(meta, "__getattr__")] if users(static_attr(meta, "__getattr__", None)) else []
