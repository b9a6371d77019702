"""Resolving a callee expression to the object it names, and the guards that keep it so.

`Resolver` finds the object a call's callee names (``requests.get``, ``self.llm``,
``r.json`` for a response ``r``) without running user code: through the function's
globals, closure and builtins, the arguments of the first call, and the types of values
known before they exist. Every lookup it relies on is kept as a guard, which
`_guards.guards_hold` checks before a plan built on them runs.
"""

from __future__ import annotations

import ast
import builtins
import collections
import contextlib
import dis
import functools
import importlib
import importlib.util
import inspect
import pathlib
import sys
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import (
    ANY,
    DATA_TYPES,
    MODEL_METHODS,
    Data,
    Kind,
    Rule,
    UsersObject,
    attribute_type,
    classify,
    declared,
    gives,
    item_type,
    properties_are_plain,
    put_rule,
    rule_for_call,
)
from ember.xcs._held import held
from ember.xcs._whose import users, users_class, users_code

__all__ = ["MISSING", "NAMED_TUPLE_METHODS", "NO_KEYWORDS", "SIMPLE", "Resolver", "along",
           "annotated", "class_guards", "generated_new", "gets_with_yours", "getter_of",
           "keywords_handed", "made_as_written", "on_summaries", "static_args", "static_attr",
           "summary_of"]

MISSING = object()
SIMPLE = (str, bytes, int, float, bool, type(None))
_Memo = dict[int, tuple[ast.AST, Any, list[tuple]]]  # (see `Resolver._remembered`)


class Resolver:
    """Finds the object a callee expression names, without running user code.

    Every lookup it relies on is kept as a guard: a plan built on these objects is used
    only while the same names still hold the same objects (see `_jit`).
    """

    def __init__(self, func: Callable[..., Any], local_names: set[str],
                 bound: dict[str, Any], local_types: dict[str, type] | None = None) -> None:
        self.globals = func.__globals__
        self.local_names = local_names
        self.bound = bound  # parameter values of the first call
        self._local_types = local_types or {}
        # What `expr` and `value_type` found for each node, with the guards each lookup
        # added: on once the locals' types are set, when nothing the answers rest on
        # changes any more (None until then; new when they are set again).
        self._found: _Memo | None = None
        self._typed: _Memo | None = None
        self.consulted: set[str] | None = None  # names whose type was asked (see `_infer`)
        self.item_types: dict[str, type] = {}  # locals whose items have one type (`_infer`)
        # The names of module tuples whose items typed a loop's (`_infer`); None: not to
        # be used (a helper's summary: what it calls may rebind them; see `analyse`).
        self.fixed_tuples: list[ast.Name] | None = None
        # Locals bound once to a known object, and those that are a parameter's value
        # (see `_locals`): set for a helper analysed with its arguments.
        self.local_values: dict[str, Any] = {}
        self.aliases: dict[str, str] = {}
        self.guards: list[tuple] = []
        self.handed: dict[int, type | None] = {}  # (`_handed_returns`, by call node)
        code = func.__code__
        self.func = held(func)  # (a cell's guard finds the cell through its function)
        self.cells: dict[str, int] = {}
        self.closure = {}
        for i, (name, cell) in enumerate(zip(code.co_freevars, func.__closure__ or (),
                                             strict=False)):
            with contextlib.suppress(ValueError):  # an empty cell: not yet assigned
                self.closure[name] = cell.cell_contents
                self.cells[name] = i

    def name(self, name: str) -> Any:
        if name in self.bound:
            value = self.bound[name]
            self.guards.append(("type", name, type(value)))
            return value
        if name in self.local_names:
            return self.local_values.get(name, MISSING)
        if name in self.closure:
            self.guards.append(("cell", self.func, self.cells[name], held(self.closure[name])))
            return self.closure[name]
        value = self.globals.get(name, MISSING)
        self.guards.append(("key", self.globals, name, held(value)))
        if value is not MISSING:
            return value
        value = builtins.__dict__.get(name, MISSING)  # (a wrapper of yours put in builtins
        self.guards.append(("key", builtins.__dict__, name, held(value)))  # plans again)
        return value

    def called(self, node: ast.AST, obj: Any) -> None:
        """`node`, resolved to `obj`, is called: an argument called is guarded by what it is
        (``len``, ``print`` and ``items.append`` are all of one type)."""
        if isinstance(node, ast.Name):
            name = self.aliases.get(node.id, node.id)
            if name in self.bound:
                self.guards.append(("callee", name, held(obj)))

    def path(self, node: ast.AST) -> tuple[str, tuple[str, ...]] | None:
        """``("self", ("a", "b"))`` for ``self.a.b`` when ``self`` is an argument."""
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return (self.aliases[node.id], ())
            return (node.id, ()) if node.id in self.bound else None
        if isinstance(node, ast.Attribute):
            inner = self.path(node.value)
            return None if inner is None else (inner[0], (*inner[1], node.attr))
        return None

    @property
    def local_types(self) -> dict[str, type]:
        return self._local_types

    @local_types.setter
    def local_types(self, types: dict[str, type]) -> None:
        self._local_types = types
        self._found, self._typed = {}, {}

    def _remembered(self, node: ast.AST, find: Callable[[ast.AST], Any],
                    memo: _Memo | None) -> Any:
        """`find(node)`, once per node while `memo` is on: the same questions are asked
        of one node by many passes. A hit adds the guards the lookup added."""
        if memo is None or self.consulted is not None:  # (`_infer` tracks what is asked)
            return find(node)
        hit = memo.get(id(node))
        if hit is not None and hit[0] is node:
            self.guards.extend(hit[2])
            return hit[1]
        kept = len(self.guards)
        value = find(node)
        memo[id(node)] = (node, value, self.guards[kept:])
        return value

    def value_type(self, node: ast.AST) -> type | None:
        """The type of an expression's value where it is known without running anything:
        literals, locals every assignment of which gives one type, annotated parameters,
        results of calls whose rule or annotation says, operators on known builtins."""
        if isinstance(node, ast.Name):
            if self.consulted is not None:
                self.consulted.add(node.id)
            return self._local_types.get(node.id)
        if isinstance(node, ast.Constant):
            return _literal_type(node)
        return self._remembered(node, self._value_type, self._typed)

    def _value_type(self, node: ast.AST) -> type | None:
        if isinstance(node, ast.BinOp):
            left, right = self.value_type(node.left), self.value_type(node.right)
            if isinstance(node.op, ast.Div) and {left, right} <= {int, float, bool}:
                return float  # (``correct / total``)
            if left in _SCALARS and (right is left or isinstance(node.op, ast.Mod)
                                     and left in (str, bytes)):
                return left
            if isinstance(node.op, ast.Div) and left is not None and _is_path(left):
                return left  # ``Path(folder) / name``: another path
            return None
        if isinstance(node, ast.Call):
            return self._call_type(node)
        if isinstance(node, ast.Subscript):
            return self._item_type(node)
        if isinstance(node, ast.Attribute):  # ``r.text`` of a response: what its rules say
            owner = self.value_type(node.value)
            if owner is Data:
                return Data  # (a field of a response model, or a JSON value's: data)
            if owner is None:
                return None
            return attribute_type(owner, node.attr) or _property_type(owner, node.attr)
        if isinstance(node, ast.IfExp):  # ``"mini" if len(q) < 10 else "gpt"``
            chosen = self.value_type(node.body)
            return chosen if chosen is self.value_type(node.orelse) else None
        if isinstance(node, ast.BoolOp):  # ``message.content or ""``
            found = {self.value_type(v) for v in node.values}
            return Data if Data in found and found <= _DATA_OR_SCALARS else None
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            return self._awaited_type(node.value)
        return _literal_type(node)

    def _item_type(self, node: ast.Subscript) -> type | None:
        """``text[1:]``, ``text[0]``, ``line.split(":")[-1]``: a str's items and slices are
        str (bytes: slices bytes, items int); the parts of a split str are str."""
        sliced = isinstance(node.slice, ast.Slice)
        base = node.value
        if not sliced and isinstance(base, ast.Name) and base.id in self.item_types:
            return self.item_types[base.id]  # (``groups[k]`` of a ``defaultdict(list)``)
        owner = self.value_type(base)
        if owner is Data:
            return Data  # (an item or a slice of a dict, list or str parsed from JSON)
        if sliced and owner is None and isinstance(base, ast.Name):
            owner = type(self.expr(base))  # (a global's: what it holds is guarded)
        if sliced and owner in (list, tuple):
            return owner  # (``QUESTIONS[:limit]``: a new list of the same items)
        if owner is not None and issubclass(owner, str | bytes):
            if static_attr(owner, "__getitem__") not in _STR_ITEMS:
                return None  # (a subclass's own indexing)
            return str if issubclass(owner, str) else bytes if sliced else int
        if (not sliced and isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute)
                and base.func.attr in _SPLITS):
            parts = self.value_type(base.func.value)
            if parts is Data:
                return Data  # (a split JSON str: its parts)
            if parts is not None and issubclass(parts, str | bytes):
                return str if issubclass(parts, str) else bytes
        return None

    def _gives(self, callee: Any, node: ast.Call) -> tuple[type | None, str]:
        """What a call's rule says its value is and how it runs, decided by the arguments
        known here or not (`gives`)."""
        args, kwargs = static_args(node, self)
        if type(callee) is functools.partial:  # (``get = partial(requests.get, ...)``)
            args, kwargs = (*callee.args, *args), {**callee.keywords, **kwargs}
            callee = callee.func
        rule = rule_for_call(callee, args, kwargs)
        return gives(rule if rule is not None else classify(callee))

    def _awaited_type(self, node: ast.Call) -> type | None:
        """The type of ``await call``: what a coroutine method's rule (runner "call") or a
        coroutine function's annotation says its result is."""
        callee = self.expr(node.func)
        if callee is MISSING:
            return None
        returns, runner = self._gives(callee, node)
        if runner == "call":
            return returns
        fn = callee.__func__ if isinstance(callee, types.MethodType) else callee
        if isinstance(fn, types.FunctionType) and inspect.iscoroutinefunction(fn):
            return annotated(fn.__annotations__.get("return"))
        return None

    def _call_type(self, node: ast.Call) -> type | None:
        if isinstance(node.func, ast.Attribute):  # a method of a str or bytes
            owner = self.value_type(node.func.value)
            if owner is not None and issubclass(owner, str | bytes):  # ModelResult too
                return _STR_RESULTS.get(node.func.attr, str if issubclass(owner, str) else bytes)
            if owner is Data:
                return _data_result(node)
        callee = self.expr(node.func)
        if callee is MISSING:
            return None
        if getattr(callee, "__code__", None) is _REPLACE and isinstance(node.func, ast.Attribute):
            return self.value_type(node.func.value)  # (a new one of the named tuple's class)
        if (callee is max or callee is min) and not node.keywords:  # (one of its values)
            one = len(node.args) == 1  # (``max(xs)`` gives an item of xs: not known here)
            values = node.args[0].elts if one and isinstance(node.args[0], (
                ast.List, ast.Tuple)) else [] if one else node.args
            found = {self.value_type(v) for v in values}
            return found.pop() if len(found) == 1 and values else None
        builtin = type(callee) in (types.BuiltinFunctionType, type)  # (hashed safely)
        if builtin and callee in _SURE_RESULTS:
            return _SURE_RESULTS[callee]  # (Python checks what a __len__ or __repr__ gives)
        if builtin and callee in _COPIES:
            walked = self.value_type(node.args[0]) if len(node.args) == 1 and (
                not node.keywords) else None
            if walked is Data or item_type(walked) is Data:
                return Data  # ``sorted(data)``, ``list(reader)``: a new list of data's items
            if callee is sorted:
                return list
        own = declared(callee)
        if own is not None and own.resource == "llm":
            return _model_result()
        returns, runner = self._gives(callee, node)
        if returns is not None:
            # (a coroutine method's call gives a coroutine; its result is for `await`)
            return returns if runner != "call" else None
        if isinstance(callee, type) and made_as_written(callee):
            return callee  # a constructor gives an instance of its class
        fn = callee.__func__ if isinstance(callee, types.MethodType) else callee
        if isinstance(fn, types.FunctionType) and not inspect.iscoroutinefunction(fn):
            found = annotated(fn.__annotations__.get("return"))
            if found in _BODY_SAYS and isinstance(callee, types.FunctionType) and users_code(fn):
                # what its body returns (`requests.get`'s; JSON where ``-> dict`` is written),
                # alone or with the clients this call hands it (``ask(client, q)``)
                found = summary_of(fn).returns or self._handed_returns(node, fn) or found
            return found
        return None

    def _handed_returns(self, node: ast.Call, fn: types.FunctionType) -> type | None:
        """What `fn` returns with the clients `node` hands it bound (`_clients`), its guards
        kept as this plan's: another client handed in later plans again."""
        if id(node) not in self.handed:
            fact = _summaries[1](node, fn, self)
            if fact is not None:
                self.guards.extend(fact.guards)
            self.handed[id(node)] = None if fact is None else fact.returns
        return self.handed[id(node)]

    def expr(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            return self.name(node.id)
        return self._remembered(node, self._expr, self._found)

    def _expr(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Attribute):
            owner = self.value_type(node.value)
            if owner is Data:
                return _data_method(node.attr)
            if owner is not None:  # a method of a value whose type is known
                attr = static_attr(owner, node.attr)
                self.guards.extend(class_guards(owner, node.attr, attr))
                if isinstance(attr, property):
                    return MISSING
                return attr
            base = self.expr(node.value)
            if base is MISSING:
                return MISSING
            attr = static_attr(base, node.attr)
            if attr is MISSING or gets_with_yours(base, node.attr, attr):
                return MISSING  # (found by your code when the program gets it, not here)
            path = self.path(node.value)
            if path is not None:  # reached from an argument: checked on every call
                self.guards.append(("path", path[0], (*path[1], node.attr),
                                    held(_path_step(base, node.attr, last=True))))
            elif isinstance(base, (types.ModuleType, type)):
                self.guards.append(("attr", held(base), node.attr, held(attr)))
            if isinstance(attr, staticmethod):  # (as `getattr` gives them, without it: a
                return attr.__func__  # metaclass's __getattribute__ would see the look)
            if isinstance(attr, classmethod):
                return types.MethodType(attr.__func__, base if issubclass(type(base), type)
                                        else type(base))
            if _is_descriptor(attr) and properties_are_plain(type(base), node.attr):
                return getattr(base, node.attr, MISSING)  # e.g. an SDK client's `chat`
            if isinstance(attr, types.FunctionType) and not isinstance(base, (type, types.ModuleType)):
                return types.MethodType(attr, base)
            if isinstance(attr, property):
                return MISSING
            if isinstance(attr, (types.MethodDescriptorType, types.WrapperDescriptorType)):
                return getattr(base, node.attr, MISSING)  # a C method: binding runs no code
            if isinstance(base, (types.ModuleType, type)) or not _is_descriptor(attr):
                return getattr(base, node.attr, MISSING) if not isinstance(
                    attr, types.MemberDescriptorType) else MISSING
            return MISSING
        return MISSING


_SCALARS = (str, bytes, int, float)
_IMMUTABLE_TYPE = 1 << 8  # Py_TPFLAGS_IMMUTABLETYPE: a builtin type's attributes stay


def class_guards(cls: type, name: str, value: Any) -> tuple:
    """That `cls`'s attribute `name` still is `value` (a method replaced on the class
    between two calls plans again), where it can be replaced: none for a builtin type."""
    return () if cls.__flags__ & _IMMUTABLE_TYPE else (("attr", held(cls), name, held(value)),)
_DATA_OR_SCALARS = frozenset({Data, str, int, float, bool, type(None)})
_SPLITS = frozenset({"split", "rsplit", "splitlines", "partition", "rpartition"})
_STR_ITEMS = (str.__getitem__, bytes.__getitem__)
_COPIES = (sorted, list, tuple)  # (called with data: data's items in a new list or tuple)
_BUILTIN_TYPES = {t.__name__: t for t in (str, bytes, int, float, bool, list, dict, tuple, set)}
# What methods of str (and bytes) return when it is not another str (bytes).
_STR_RESULTS: dict[str, type] = {
    **dict.fromkeys(("split", "rsplit", "splitlines"), list),
    **dict.fromkeys(("partition", "rpartition"), tuple),
    **dict.fromkeys(("find", "rfind", "index", "rindex", "count"), int),
    **dict.fromkeys(("startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace",
                     "isupper", "islower", "isnumeric", "isdecimal", "isidentifier",
                     "istitle", "isascii", "isprintable"), bool),
    "encode": bytes, "decode": str,
}


# Builtins whose result is of one type whatever they are handed.
_SURE_RESULTS: dict[Any, type] = {len: int, repr: str, ord: int, chr: str, hash: int, id: int,
                                  hex: str, oct: str, bin: str, ascii: str}

# Return annotations that say less than a body returning a response's data (`Data`) does.
_BODY_SAYS = frozenset({None, dict, list})


def _data_method(name: str) -> Any:
    """The method `name` of a response's data: the first of the builtin data types that
    has it, the containers first, so that a name that changes a container (``pop``) is
    taken as changing its receiver; else a response model's serialiser (the value's own
    type is known only when it runs; where it has no such method, the call raises
    `AttributeError`, as it would run as written)."""
    for t in DATA_TYPES:
        found = static_attr(t, name)
        if found is not MISSING:
            return found
    return _serialise if name in MODEL_METHODS else MISSING


def _serialise(*args: Any, **kwargs: Any) -> Any:
    """Stands for a response model's serialisers (``model_dump``, ``to_json``) in analysis,
    which never calls it: its rule is pure."""
    raise NotImplementedError("analysis-only stand-in")


put_rule(_serialise, Rule(Kind.PURE, "a response model's serialiser"))


def _data_result(node: ast.Call) -> type | None:
    """What a method of a JSON value gives: JSON again for a dict's views and for
    ``get``/``pop``/``copy`` (with no default, or a constant or an empty literal as the
    default), what str's gives for a method only str has, else not known."""
    name = node.func.attr  # type: ignore[attr-defined]
    if name in ("items", "keys", "values") and not node.args:
        return Data  # (a view: walking it walks JSON)
    if name in ("get", "pop", "setdefault", "copy") and not node.keywords and (
            len(node.args) < 2 or _data_literal(node.args[1])):
        return Data
    if static_attr(str, name) is not MISSING and all(
            static_attr(t, name) is MISSING for t in DATA_TYPES if t is not str):
        return _STR_RESULTS.get(name, str)
    return None


def _data_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, (ast.List, ast.Tuple)) and not node.elts) or (
        isinstance(node, ast.Dict) and not node.keys)


def _is_path(cls: type) -> bool:
    """A `pathlib` path class (its ``/`` is its own, pure)?"""
    return issubclass(cls, pathlib.PurePath)


def annotated(annotation: Any) -> type | None:
    """A builtin type named by an annotation (``str`` or ``"str"``; ``list[str]`` or
    ``"list[str]"`` is a list), else None."""
    if isinstance(annotation, str):
        return _BUILTIN_TYPES.get(annotation.strip().split("[", 1)[0].strip())
    annotation = getattr(annotation, "__origin__", annotation)  # (list[str]: list)
    return annotation if annotation in _BUILTIN_TYPES.values() else None


def _model_result() -> type:
    from ember.models import ModelResult  # imported late: models sit above xcs

    return ModelResult


def _literal_type(node: ast.AST) -> type | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, SIMPLE):
        return type(node.value)
    if isinstance(node, ast.JoinedStr):
        return str
    if isinstance(node, ast.Compare):
        return bool
    return {ast.List: list, ast.ListComp: list, ast.Dict: dict, ast.DictComp: dict,
            ast.Set: set, ast.SetComp: set, ast.Tuple: tuple}.get(type(node))


# The code of `_replace` and `_asdict`, which every named tuple's class shares: they make a
# new tuple (or dict) from the fields and the keywords given, and run nothing else.
_SAMPLE = collections.namedtuple("_SAMPLE", "a")
_REPLACE = _SAMPLE._replace.__code__
NAMED_TUPLE_METHODS = frozenset({_REPLACE, _SAMPLE._asdict.__code__})


def generated_new(new: types.FunctionType) -> bool:
    """Is `new` the `__new__` that `collections.namedtuple` (and `typing.NamedTuple`) wrote
    in a namespace of its own (``_tuple_new(_cls, (a, b))``: the tuple, and nothing else)?"""
    space = new.__globals__
    return (new.__code__.co_filename == "<string>" and space.get("_tuple_new") is tuple.__new__
            and str(space.get("__name__", "")).startswith("namedtuple_"))


def made_as_written(cls: type) -> bool:
    """Does calling `cls` give an instance of `cls`: no ``__new__`` or metaclass ``__call__``
    of yours (either may return any object; a library's, anyio's, is the library's)?"""
    new, call = static_attr(cls, "__new__", None), static_attr(type(cls), "__call__", None)
    new = getattr(new, "__func__", new)  # (a staticmethod's function)
    return not any(isinstance(f, types.FunctionType) and users_code(f) and not generated_new(f)
                   for f in (new, call))


def static_args(call: ast.Call, resolver: Resolver | None = None) -> tuple[tuple, dict]:
    """The call's arguments as far as they are known before it runs (`ANY` elsewhere)."""
    for a in call.args:
        if type(a) is ast.Starred:
            return (ANY,) * 8, {}
    kwargs: dict[str, Any] = {}
    for k in call.keywords:
        if k.arg is not None:
            kwargs[k.arg] = _static_value(k.value, resolver)
            continue
        handed = resolver.bound.get(k.value.id) if resolver is not None and isinstance(
            k.value, ast.Name) else None
        if type(handed) is not types.MappingProxyType:
            return (ANY,) * 8, {}
        kwargs.update(handed)  # (a helper's ``**kw``: the keywords its call hands it)
    return tuple([_static_value(a, resolver) for a in call.args]), kwargs


def keywords_handed(given: dict[str, Any]) -> Any:
    """A helper's ``**kw`` that its body only spreads, as its call hands it `given` (plain
    values seen, the others not known): what `static_args` takes a spread of it to pass."""
    return types.MappingProxyType({k: v if type(v) in SIMPLE else ANY for k, v in (
        given.items())}) if given else NO_KEYWORDS


#: A helper's ``**kw`` that its call hands nothing and its body only spreads (`_clients`).
NO_KEYWORDS: Any = types.MappingProxyType({})


def _static_value(node: ast.AST, resolver: Resolver | None) -> Any:
    kind = type(node)
    if kind is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    if kind is ast.JoinedStr:
        return ""  # some str
    if kind is ast.List or kind is ast.Tuple:
        return [] if kind is ast.List else ()  # its items are not known
    if kind is ast.Dict:  # ``params={"q": q}``: a dict of what is known, else not known
        keys = [_static_value(k, resolver) if k is not None else ANY
                for k in node.keys]  # type: ignore[attr-defined]
        values = [_static_value(v, resolver) for v in node.values]  # type: ignore[attr-defined]
        if any(v is ANY or isinstance(v, list | tuple) for v in (*keys, *values)):
            return ANY
        try:
            return dict(zip(keys, values, strict=True))
        except TypeError:  # (an unhashable key: as at run time, the call raises)
            return ANY
    if resolver is not None and kind is ast.Call:  # ``MyURL(base, key)``
        made = resolver.value_type(node)
        if isinstance(made, type) and users_class(made):
            return UsersObject(made)
    if resolver is not None and kind is ast.Attribute and isinstance(
            resolver.expr(node.value), types.ModuleType):  # type: ignore[attr-defined]
        v = resolver.expr(node)  # (``file=sys.stderr``: the stream it holds, guarded)
        if v is sys.stdout or v is sys.stderr:
            return v
    if resolver is not None and kind is ast.Name and node.id in resolver.bound:  # type: ignore[attr-defined]
        v = resolver.bound[node.id]  # type: ignore[attr-defined]
        if isinstance(v, SIMPLE):
            resolver.guards.append(("type", node.id, type(v)))  # type: ignore[attr-defined]
            return v
    return ANY


def gets_with_yours(base: Any, name: str, attr: Any) -> bool:
    """Does getting `name` (found statically as `attr`) off `base` run code of yours: its
    type's ``__getattribute__`` (a metaclass's for a class), a descriptor's ``__get__`` (on
    a class, ``__get__(None, cls)``), or a property of its type's, which comes first?"""
    return users(static_attr(type(base), "__getattribute__", None)) or any(
        _is_descriptor(a) and users(getter_of(a)) for a in (attr, static_attr(type(base), name)))


def getter_of(desc: Any) -> Any:
    """What getting the descriptor `desc` runs: a property's getter, a
    ``cached_property``'s function, or its type's ``__get__``."""
    if isinstance(desc, property):
        return desc.fget
    return desc.func if isinstance(desc, functools.cached_property) else static_attr(
        type(desc), "__get__", None)


def _is_descriptor(obj: Any) -> bool:
    return hasattr(type(obj), "__get__") and not isinstance(
        obj, (types.FunctionType, types.BuiltinFunctionType, type))



_summaries: list[Callable[..., Any]] = []


def on_summaries(summarize: Callable[[types.FunctionType], Any],
                 handed: Callable[[ast.Call, types.FunctionType, Resolver], Any]) -> None:
    """Where a plain function's summary (a `_summary.CallFact`: its effect, the type its
    body returns) is found, alone and as a call hands it clients (None where that does
    not decide it): `_summary`, which sits above this module, analyses bodies."""
    _summaries[:] = [summarize, handed]


def _property_type(owner: type, name: str) -> type | None:
    """What a property of `owner` gives, from its getter's return annotation (an SDK
    client's ``chat``, a resource's ``completions``), on types whose properties run no code
    of consequence (`properties_are_plain`): ``client.chat.completions.create`` on a client
    made in the function resolves to the resource's method, and its rule."""
    if not properties_are_plain(owner, name):
        return None
    attr = static_attr(owner, name)
    getter = attr.fget if isinstance(attr, property) else getattr(attr, "func", None) if (
        isinstance(attr, functools.cached_property)) else None
    if not isinstance(getter, types.FunctionType):
        return None
    found: Any = getter.__annotations__.get("return")
    if isinstance(found, str):  # (a name, as ``from __future__ import annotations`` leaves it)
        found = getter.__globals__.get(found) or _imported_in(getter, found)
    return found if isinstance(found, type) else None


@functools.cache
def _imported_in(getter: types.FunctionType, name: str) -> Any:
    """What `getter` imports as `name` (``from .resources.chat import AsyncChat`` in an
    SDK's property, whose module's globals lack it): that module imported, as the getter
    itself does when it runs."""
    module, level = None, 0
    for ins in dis.get_instructions(getter):
        if ins.opname == "LOAD_CONST" and isinstance(ins.argval, int):
            level = ins.argval
        elif ins.opname == "IMPORT_NAME":
            module = ins.argval
        elif ins.opname == "IMPORT_FROM" and ins.argval == name and module is not None:
            try:
                where = importlib.util.resolve_name("." * level + module, getter.__module__
                                                    .rpartition(".")[0] if level else None)
                return getattr(importlib.import_module(where), name, None)
            except (ImportError, ValueError):
                return None
    return None


def summary_of(fn: types.FunctionType) -> Any:
    """The `CallFact` of calling the plain function `fn` (see `on_summaries`)."""
    return _summaries[0](fn)


def along(obj: Any, attrs: tuple[str, ...]) -> Any:
    """What the attributes `attrs` of `obj` hold, read as a guard's path reads them
    (`_path_step`: no code of yours runs); `MISSING` where one is not there."""
    for i, attr in enumerate(attrs):
        obj = _path_step(obj, attr, last=i == len(attrs) - 1)
    return obj


def _path_step(obj: Any, attr: str, last: bool) -> Any:
    """`inspect.getattr_static` along a guard's path, where an SDK client's cached property
    (``client.chat``) is the same computed or not: the analysis went through its annotated
    type (`_property_type`) before the first call filled it in. A value of another type set
    in its place is not the same."""
    desc = MISSING if isinstance(obj, type) else static_attr(type(obj), attr)  # (a class:
    if not isinstance(desc, functools.cached_property):  # its fast path, at every call)
        return inspect.getattr_static(obj, attr, MISSING)
    made = getattr(obj, "__dict__", {}).get(attr, MISSING)
    kind = _property_type(type(obj), attr)
    if made is not MISSING and (kind is None or type(made) is not kind):
        return made
    if last:
        return desc
    return made if made is not MISSING else kind or MISSING


def _static(owner: Any, name: str) -> Any:
    """`inspect.getattr_static` for the cases guards meet, at a fraction of its cost."""
    if isinstance(owner, types.ModuleType):
        return owner.__dict__.get(name, MISSING)
    if isinstance(owner, type):
        for klass in owner.__mro__:
            if name in klass.__dict__:
                return klass.__dict__[name]
        return MISSING
    return inspect.getattr_static(owner, name, MISSING)


def static_attr(obj: Any, name: str, default: Any = MISSING) -> Any:
    """`inspect.getattr_static(obj, name, default)`, the same answer at a fraction of its
    cost (about 4 us a call, dozens of calls per analysis) for the objects the analysis
    asks most about: a module (its own dict, for a name its type does not define) and a
    class whose MRO's classes all have the plain metaclass (the MRO, then `type`'s and
    `object`'s own attributes). Any other object is asked of `inspect`."""
    kind = type(obj)
    if kind is types.ModuleType:
        if name not in _MODULE_TYPE_ATTRS:
            return obj.__dict__.get(name, default)
    elif kind is type:
        mro = obj.__mro__
        if all(type(k) is type for k in mro):
            for klass in (*mro, type):
                found = klass.__dict__.get(name, MISSING)
                if found is not MISSING:
                    return found
            return default
    return inspect.getattr_static(obj, name, default)


# What a module's type defines: `inspect` may answer those from the type.
_MODULE_TYPE_ATTRS = frozenset({*types.ModuleType.__dict__, *object.__dict__})
