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
import collections
import functools
import gc
import threading
import types
import weakref
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind, has_type_rules
from ember.xcs._index import children, operands, root_name
from ember.xcs._plain import ZONE_METHODS, ZONED, zones
from ember.xcs._resolve import MISSING, SIMPLE, Resolver, getter_of
from ember.xcs._whose import class_dict, class_mro, module_of, users_class, users_code, written

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts

__all__ = ["formats_elsewhere", "formats_loudly", "hidden_code", "quiet"]

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


def hidden_code(call: ast.Call, resolver: Resolver, calls: dict[int, Any],
                implicit: dict[int, Any]) -> tuple[frozenset[str], frozenset[str]]:
    """What `call`'s arguments may run of the user's, in one pass:

    - hidden: the values whose formatting or conversion there may run code of the user's
      (unknown types count as the user's), and those of a class of the user's handed to a
      helper of theirs: the locals holding them, ``"!"`` when a class of theirs among
      them formats with more than computing (a ``__str__`` that prints: the call then
      starts nowhere but at its place), and ``"*"`` for one that is not a name,
      or for a call there whose rule waits for its arguments (a function of yours handed
      to ``re.sub``, ``functools.reduce``), or for what Python calls there that does more
      than read (`implicit`: ``Config.region`` through a metaclass's ``__getattr__`` that
      prints). Empty: none can.
    - handed: the locals of types not known (``row``, of ``row["q"]``) whose values it
      hands a helper of the user's, which may format them: a loop that starts the call
      ahead of its output checks first that they are plain data. (Elsewhere such a value
      is taken as data, as values of types not known are.)"""
    found, handed = set(), set()
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        for node in _walk(arg):
            inner = calls.get(id(node)) if type(node) is ast.Call else None
            extra = implicit.get(id(node))
            if inner is not None and (inner.dynamic and inner.obj is not None or inner.kind
                                      not in (Kind.PURE, Kind.READ)) or (
                    extra is not None and extra.kind not in (Kind.PURE, Kind.READ)):
                found.add("*")
            for v in _formatted(node, resolver):
                if not _plain(v, resolver):
                    found.add(v.id if isinstance(v, ast.Name) else "*")
                    found |= _acting(_type_of(v, resolver))
    for v in _handed(call, resolver):
        t = _type_of(v, resolver)
        if t is not None and t not in SIMPLE and (users_class(t) or issubclass(t, ZONED)):
            found.add(v.id if isinstance(v, ast.Name) else "*")
            found |= _acting(t)
        elif t is None and (name := root_name(v)) and not _plain(v, resolver):
            handed.add(name)
    return frozenset(found), frozenset(handed)


def _acting(t: type | None) -> set[str]:
    """``{"!"}`` when a value of `t` `formats_loudly`, as far as its class says (a method
    that reads its object's attributes is known only with the object: `quiet`)."""
    if t is not None and issubclass(t, ZONED):  # (its zone's: any tzinfo class of yours)
        return {"!"} if any(formats_loudly(k) for k in zones()) else set()
    return {"!"} if t is not None and formats_loudly(t) else set()


def formats_loudly(t: type, value: Any = None, seen: frozenset[int] = frozenset()) -> bool:
    """Does formatting, comparing or reading `value`, of `t`, a class of the user's (its
    ``__format__``, ``__str__``, ``__repr__``, comparisons, ``__len__``, ``__hash__``,
    ``__bool__`` and the like, a property's or a ``cached_property``'s getter, a
    descriptor's ``__get__``), do more than compute: print, write, raise by design, or give
    an object that does? Without the value, only what the methods are known to do counts."""
    from ember.xcs._summary import fact_for_object  # (it sits above this module)

    if not users_class(t) or id(t) in seen:  # (by id: a metaclass's ``__hash__``)
        return False
    for fn, owner in _run_by_showing(t, value):
        if not written(fn):
            continue  # (a dataclass's or a named tuple's own: it formats its fields)
        bound = fn if owner is None else types.MethodType(fn, owner)
        fact = fact_for_object(bound)
        if fact.raises or (fact.kind not in (Kind.PURE, Kind.CPU) and not fact.dynamic
                           if value is None else fact.kind is not Kind.PURE or (
                               isinstance(fact.returns, type)
                               and formats_loudly(fact.returns, seen=seen | {id(t)}))):
            return True
    return False


def _run_by_showing(t: type, value: Any) -> list[tuple[Any, Any]]:
    """The functions showing, comparing or reading a `t` may run, each with what it is
    bound to (`value`, a descriptor, or None: unbound)."""
    mro = class_mro(t)
    out = [(next((d[name] for d in map(class_dict, mro) if name in d), None), value)
           for name in _SHOWN]  # (as Python finds them for an instance: on its type)
    for klass in mro:
        if users_class(klass):
            out += [(getter_of(a), value if issubclass(type(a), _PROPERTIES) else a)
                    for a in class_dict(klass).values() if _defines(type(a), "__get__")]
    return out


def _defines(t: type, name: str) -> bool:
    """Does `t` or a base define `name`? Read from the classes' own dicts: a metaclass's
    ``__getattr__`` of the user's is not run."""
    return any(name in class_dict(k) for k in class_mro(t))


_PROPERTIES = (property, functools.cached_property)
_FACTORY = collections.defaultdict.default_factory.__get__  # type: ignore[attr-defined]

# The objects one start looks into, and the items it sweeps for them (`quiet`): past
# either, what is left is taken as data.
_LOOKED = 256
_SWEPT = 1 << 16


def quiet(value: Any) -> bool:
    """May a started call format or compare `value` (an argument), or what it holds, off
    its place: no object of a class of yours that `formats_loudly` is in it, no function
    of yours that acts where a library calls it (a ``defaultdict``'s factory), and no
    `threading.local` (what another thread reads of it is that thread's own)?
    What an object holds is what Python's collector sees it hold (items, attributes,
    slots, a bound method's object, a C iterator's or a ``methodcaller``'s values), a
    weak reference's object, a class's data attributes, and the class of an object of
    yours (a metaclass's ``__repr__``). Nothing of yours runs: types are compared by
    identity, so a metaclass's ``__hash__`` or ``__eq__`` is not asked. (Python's scalars
    are passed over at C speed; past `_LOOKED` other objects or `_SWEPT` items, the rest
    is taken as data; an object rules speak of, a client or a logger, is not looked into; a weak proxy is
    never quiet.)"""
    todo, seen, swept, silent = [value], set(), 0, set()
    while todo:
        v = todo.pop()
        t = type(v)
        if id(t) in _QUIET or id(v) in seen:
            continue
        if len(seen) == _LOOKED:
            return True
        seen.add(id(v))
        if t is list or t is tuple:  # (the common cases first; the collector sees these
            held = v                  # from the end, and the walk takes them in order)
        elif id(t) in _SWEPT_WHOLE:
            held = gc.get_referents(v)
        elif any(t is p for p in _PROXIES) or issubclass(t, threading.local):
            return False
        elif t is types.ModuleType:  # (a module's ``__getattr__`` of yours: PEP 562)
            if written(vars(v).get("__getattr__")):
                return False
            continue
        else:
            if id(t) in silent:
                pass  # (a class whose showing runs nothing written by you: asked once)
            elif users_class(t):
                if formats_loudly(t, v):
                    return False
                if not any(written(fn) for fn, _ in _run_by_showing(t, None)):
                    silent.add(id(t))
                todo.append(t)  # (its data attributes; ``print(type(v))``: a metaclass's)
            elif issubclass(t, collections.defaultdict) and _acts(_FACTORY(v)):
                return False  # (``table[k]`` in the helper runs it there)
            held = _held_by(v, t)
        swept += len(held)
        if swept > _SWEPT:
            return True
        if not _scalars(held):  # (pushed last first: the walk takes them in order)
            todo += [h for h in reversed(held) if id(type(h)) not in _QUIET]
    return True


def _scalars(held: list[Any]) -> bool:
    """Are all of `held` Python's scalars (or code)? Told at C speed: by their types' ids,
    or, for many items, by their types themselves (three times faster) when no metaclass
    of yours defines ``__hash__`` or ``__eq__`` (which hashing a type would run)."""
    if len(held) > 256 and not _comparing_metaclass():
        return set(map(type, held)) <= _QUIET_TYPES
    return set(map(id, map(type, held))) <= _QUIET


def _comparing_metaclass() -> bool:
    """Does the process have a metaclass of yours that defines ``__hash__`` or ``__eq__``?
    The metaclasses are `type`'s subclasses, a short walk."""
    todo = type.__subclasses__(type)
    while todo:
        meta = todo.pop()
        if users_class(meta) and any("__hash__" in class_dict(k) or "__eq__" in class_dict(k)
                                     for k in class_mro(meta)[:-2]):  # (not type's, object's)
            return True
        todo += type.__subclasses__(meta)
    return False


def _held_by(value: Any, t: type) -> list[Any]:
    """What `value` holds that formatting it, or code handed it, may format or call,
    read without running code of yours; what is not Python's scalars."""
    if issubclass(t, type):  # (a class: the data attributes you gave it, ``obj.TITLE``)
        return [a for k in class_mro(value) if users_class(k) for n, a in class_dict(k).items()
                if not issubclass(type(a), _CODE) and n not in _MADE and not n.startswith(
                    _MADE_PREFIXES)]
    if issubclass(t, weakref.ref):
        return [weakref.ref.__call__(value)]
    if issubclass(t, ZONED):  # (not the collector's to see: its zone, which it asks)
        return [value.tzinfo]
    if module_of(t) == "numpy":  # (an array holding objects: of them, or of records)
        return value.ravel().tolist() if getattr(
            getattr(value, "dtype", None), "hasobject", False) else []
    if not users_class(t) and not issubclass(t, _WALKED) and has_type_rules(t):
        return []
    return gc.get_referents(value)


def _acts(fn: Any) -> bool:
    """Is `fn` a function of yours that does more than compute?"""
    from ember.xcs._summary import fact_for_object  # (it sits above this module)

    return written(fn) and fact_for_object(fn).kind not in (Kind.PURE, Kind.CPU)


# What showing or comparing a value runs of its class (and its properties' getters).
_SHOWN = ("__format__", "__str__", "__repr__", "__len__", "__eq__", "__ne__", "__lt__",
          "__le__", "__gt__", "__ge__", "__hash__", "__bool__", "__contains__", "__iter__",
          "__getitem__", "__index__", "__int__", "__float__", "__getattr__",
          "__getattribute__", *ZONE_METHODS)  # (a tzinfo's: a datetime shown asks them)
# Python's scalars, functions, and the code objects and frames a function or a
# generator holds: formatting them runs nothing of yours (by id: a metaclass's ``__hash__``
# is not asked).
_QUIET_TYPES = frozenset((str, bytes, int, float, bool, type(None), types.FunctionType,
                          types.CodeType, types.FrameType, types.TracebackType))
_QUIET = frozenset(map(id, _QUIET_TYPES))
_CODE = (types.FunctionType, staticmethod, classmethod, property, functools.cached_property,
         types.MemberDescriptorType, types.GetSetDescriptorType)
_WALKED = (dict, list, tuple, set, frozenset, collections.deque)
_SWEPT_WHOLE = frozenset(map(id, (dict, set, frozenset)))
# A class's attributes that Python or a library made (a dataclass's fields, pydantic's
# schema, abc's registry): not looked into.
_MADE = frozenset({"_abc_impl", "model_fields", "model_computed_fields", "model_config",
                   *vars(type("Made", (), {})), "__slots__", "__match_args__",
                   "__orig_bases__", "__parameters__", "__abstractmethods__"})
_MADE_PREFIXES = ("__dataclass", "__pydantic", "__attrs", "__signature")
_PROXIES = (weakref.ProxyType, weakref.CallableProxyType)


def _handed(call: ast.Call, resolver: Resolver) -> list[ast.expr]:
    """The values `call`, or a call in its arguments, hands a function of the user's (a
    helper formats them, reads their attributes, or passes them to a library that
    converts them: ``get(web, key)`` with ``key`` an object of yours runs its
    ``__format__``), and the operands an operator made them from."""
    found = []
    for node in [call, *(n for a in (*call.args, *(k.value for k in call.keywords))
                         for n in _walk(a) if type(n) is ast.Call)]:
        callee = resolver.expr(node.func)  # type: ignore[attr-defined]
        fn = getattr(callee, "__func__", callee)
        if isinstance(fn, types.FunctionType) and users_code(fn):
            found += [v for a in (*node.args, *(k.value for k in node.keywords))  # type: ignore[attr-defined]
                      for v in _held(a) if not isinstance(v, ast.Starred)]
    return found


def _held(node: ast.expr) -> list[ast.expr]:
    """The values `node` hands on: its operands (`operands`), and a display's items, which
    its formatting formats too (``labelled([Loud("n2")])``)."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [v for e in node.elts for v in _held(e)]
    if isinstance(node, ast.Dict):
        return [v for e in (*node.keys, *node.values) if e is not None for v in _held(e)]
    return operands(node)



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


def formats_elsewhere(facts: FunctionFacts, comp: ast.AST, call: ast.Call,
                      names: frozenset[str]) -> bool:
    """Does the comprehension, outside `call`, format or convert one of `names` (values of
    types not known that `call`'s arguments format or hand on, or a part of one:
    ``{f"{k}": get(f"{web}/{k}")}``)? A ``__format__`` of yours would run for each item
    there, in place, and in `call`'s arguments, ahead."""
    def named(v: ast.AST) -> bool:
        return root_name(v) in names

    for n in facts.index.find(comp, (ast.FormattedValue, ast.Call), nested=True):
        if facts.index.contains(call, n) or facts.index.contains(n, call):
            continue  # (in its arguments, or formatting what it gives: after it)
        if isinstance(n, ast.FormattedValue):
            if named(n.value):
                return True
        elif isinstance(n.func, ast.Name) and n.func.id in ("str", "repr", "format") and (
                n.args and named(n.args[0])):
            return True
    return False
