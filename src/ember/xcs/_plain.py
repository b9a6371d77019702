"""Values the run time may look at ahead of their place: Python's own data, whose
attributes, tests and comparisons run no code of the user's (a property, ``__bool__``,
``__eq__`` of theirs would run early, and again in place)."""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import properties_are_plain

__all__ = ["SCALARS", "ZONED", "ZONE_METHODS", "dataclasses_wrote", "zones", "display_name", "hashable", "immutable",
           "mutable_defaults", "plain_attribute", "plain_data", "record_type", "scalar_fields",
           "written_for_you"]

_IMMUTABLE = frozenset({str, int, float, bool, bytes, complex, type(None), range, frozenset,
                        type, type(len), type(lambda: 0)})


#: A str, bytes or a number: a value of one holds no other object.
SCALARS = (str, bytes, int, float, bool)

#: Values that ask their `tzinfo` (its `ZONE_METHODS`) when compared, hashed, subtracted
#: or shown: a zone of the user's runs their code there.
ZONED = (datetime.datetime, datetime.time)
ZONE_METHODS = ("utcoffset", "tzname", "dst")


def zones() -> list[type]:
    """Every tzinfo class loaded (a short walk: the standard library's and a few more)."""
    out, below = [], datetime.tzinfo.__subclasses__()
    while below:
        out.append(k := below.pop())
        below += k.__subclasses__()
    return out


def immutable(value: Any) -> bool:
    """A value no statement can change in place (what a hazard must hold to cross one)."""
    t = type(value)
    if t in _IMMUTABLE or issubclass(t, str):  # (type, not isinstance: no __class__ read)
        return True
    if t is tuple:
        return all(immutable(v) for v in value)
    return False


def hashable(obj: Any) -> bool:
    try:
        hash(obj)
    except TypeError:
        return False
    return True


def mutable_defaults(func: Any) -> bool:
    """Has `func` a default that can change in place (``_state=[0]``): one object shared by
    every call that leaves it out, as a global is."""
    kwdefaults = getattr(func, "__kwdefaults__", None) or {}
    return not all(immutable(v) for v in (*(getattr(func, "__defaults__", None) or ()),
                                           *kwdefaults.values()))


def plain_data(value: Any, depth: int = 0,
               pure_getter: Callable[[Any, Any], bool] | None = None) -> bool:
    """Python's own data: a scalar, a function, a class, a module, or a small list, tuple,
    set or dict of such, whose attributes, tests and comparisons run no code of yours; also
    an LLM SDK's response model holding such data (a tool call of a chat completion), whose
    fields, tests and comparisons are pydantic's, and a record of such data (`record_type`).
    `pure_getter(getter, obj)`: whether reading a property of a record runs only pure code
    of yours; without it, a property makes the record no data."""
    t = type(value)
    if t in _IMMUTABLE or t is types.ModuleType:
        return True
    if depth > 4:
        return False
    if t.__module__.partition(".")[0] in _SDKS and "__pydantic_fields__" in t.__dict__ or (
            record_type(t, properties=pure_getter is not None)):
        fields = _fields(value)
        return fields is not None and all(
            plain_data(v, depth + 1, pure_getter) for v in fields) and all(
            pure_getter(p.fget, value) for p in _properties(t))  # type: ignore[misc]
    if t not in _PLAIN_CONTAINERS or len(value) > 256:
        return False
    parts = [*value.keys(), *value.values()] if t is dict else value
    return all(plain_data(v, depth + 1, pure_getter) for v in parts)


_SDKS = frozenset({"openai", "anthropic"})  # (their response models: `plain_data`)


def record_type(t: type, properties: bool = False) -> bool:
    """Are `t`'s objects records: a dataclass or a pydantic model whose classes of the
    user's define no property (unless `properties`: the caller looks at their getters) or
    other descriptor, no ``__getattr__`` and none of the dunders a test, a comparison or
    formatting runs, beyond those `dataclasses` or pydantic wrote? Their attributes, tests
    and comparisons are then their fields' own."""
    if not (dataclasses.is_dataclass(t) or any(
            c.__module__ == "pydantic.main" and c.__name__ == "BaseModel" for c in t.__mro__)):
        return False
    for cls in t.__mro__:
        if cls is object or cls.__module__.partition(".")[0] in _RECORD_LIBRARIES:
            continue
        for name, v in cls.__dict__.items():
            if name in _RUN_BY_LOOKS:
                if v is not None and not written_for_you(v):
                    return False
            elif name.startswith("__") or name in _PYDANTICS_OWN:
                continue
            elif not hasattr(type(v), "__get__"):
                if not immutable(v):  # (``CAP = Limit(100)``: read off the object, yours)
                    return False
            elif not isinstance(v, types.FunctionType | staticmethod | classmethod
                                | types.MemberDescriptorType) and not (
                    properties and type(v) is property and v.fget is not None):
                return False  # (a property, a cached_property, a descriptor of yours)
    return True


def _properties(t: type) -> list[property]:
    """The properties the user's classes of record `t` define."""
    return [v for cls in t.__mro__ if cls is not object
            and cls.__module__.partition(".")[0] not in _RECORD_LIBRARIES
            for v in cls.__dict__.values() if type(v) is property]


def written_for_you(fn: Any) -> bool:
    """A dunder `dataclasses` wrote (`dataclasses_wrote`; its ``__repr__`` wrapped by its
    own guard against recursion) or pydantic did (a frozen model's hash)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    if code.co_filename == dataclasses.__file__:  # (the guard: what it wraps decides)
        wrapped = getattr(fn, "__wrapped__", None)
        return wrapped is not None and written_for_you(wrapped)
    return dataclasses_wrote(fn) or (getattr(fn, "__module__", None) or "").partition(
        ".")[0] in _RECORD_LIBRARIES


def dataclasses_wrote(fn: Any) -> bool:
    """Is `fn` one `dataclasses` exec'd from a string, inside its ``__create_fn__``?"""
    code = getattr(fn, "__code__", None)
    return code is not None and code.co_filename == "<string>" and (
        code.co_qualname.startswith("__create_fn__."))


def scalar_fields(t: type) -> bool:
    """Are all of dataclass `t`'s fields annotated as a str, bytes, number, bool or None
    (an annotation is trusted as the exact type; one kept as text is read, not evaluated)?
    What `dataclasses` wrote for it (``__repr__``, ``__eq__``) then formats and compares
    those and nothing else."""
    return all(f.type in _SCALAR_HINTS for f in dataclasses.fields(t))


_SCALAR_HINTS = frozenset({str, bytes, int, float, bool, type(None), None, "str", "bytes",
                           "int", "float", "bool", "None"})


def _fields(value: Any) -> list[Any] | None:
    """A record's field values (a pydantic model's extra ones too), None when one is unset."""
    try:
        if dataclasses.is_dataclass(value) and not hasattr(value, "__dict__"):  # (slots)
            return [object.__getattribute__(value, f.name) for f in dataclasses.fields(value)]
        extra = getattr(value, "__pydantic_extra__", None) or {}  # (pydantic's slot)
        return [*value.__dict__.values(), *extra.values()]
    except AttributeError:
        return None


_RECORD_LIBRARIES = frozenset({"pydantic", "pydantic_core", "abc", "typing"})
_PYDANTICS_OWN = frozenset({"model_config", "_abc_impl"})  # (in each model class)
# What a test, a comparison, formatting, hashing, iteration or an attribute read runs.
_RUN_BY_LOOKS = frozenset({
    "__getattr__", "__getattribute__", "__bool__", "__len__", "__eq__", "__ne__", "__lt__",
    "__le__", "__gt__", "__ge__", "__hash__", "__repr__", "__str__", "__format__", "__iter__",
    "__contains__", "__getitem__",
    # (pydantic's `__repr__` and `__str__` call these hooks; rich's and devtools' printers)
    "__repr_args__", "__repr_name__", "__repr_str__", "__repr_recursion__", "__pretty__",
    "__rich_repr__"})


def display_name(obj: Any) -> str:
    """`obj`'s name for reasons and hints, read without running code of the user's (their
    `__getattr__`, or a metaclass's `__getattribute__`, would see the JIT look)."""
    t = type(obj)
    if t in _NAMED:
        return obj.__qualname__
    return _QUALNAME.__get__(obj if issubclass(t, type) else t)


_NAMED = frozenset({types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                    types.MethodDescriptorType, types.WrapperDescriptorType,
                    types.ClassMethodDescriptorType, types.MethodWrapperType})
_QUALNAME = type.__dict__["__qualname__"]


def plain_attribute(obj: Any, name: str) -> bool:
    """Reading `obj.name` runs no user code (no property, descriptor or __getattr__)."""
    cls = type(obj)
    if cls in _IMMUTABLE or cls in _PLAIN_CONTAINERS or issubclass(cls, types.ModuleType):
        return True
    getter = inspect.getattr_static(cls, "__getattribute__", None)
    if not isinstance(getter, types.WrapperDescriptorType):
        return False  # attribute reads run Python code
    if hasattr(cls, "__getattr__"):  # run only when the usual lookup fails
        try:
            found = name in vars(obj)
        except TypeError:
            return False
        data = inspect.getattr_static(cls, name, None)
        return found and (data is None or not hasattr(type(data), "__get__"))
    if properties_are_plain(cls, name):
        return True  # e.g. an SDK client's `chat`: builds resource objects, nothing else
    try:
        if name in vars(obj):
            data = inspect.getattr_static(cls, name, None)
            return data is None or not hasattr(type(data), "__set__")
    except TypeError:  # no __dict__ (slots, builtins)
        pass
    attr = inspect.getattr_static(cls, name, _NOTHING)
    if attr is _NOTHING:
        return False
    if isinstance(attr, types.FunctionType | staticmethod | classmethod
                  | types.BuiltinFunctionType | types.MethodDescriptorType
                  | types.WrapperDescriptorType | types.MemberDescriptorType):
        return True
    return not hasattr(type(attr), "__get__")


_NOTHING = object()
_PLAIN_CONTAINERS = frozenset({list, dict, set, tuple})
