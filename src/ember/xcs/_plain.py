"""Values the run time may look at ahead of their place: Python's own data, whose
attributes, tests and comparisons run no code of the user's (a property, ``__bool__``,
``__eq__`` of theirs would run early, and again in place)."""

from __future__ import annotations

import inspect
import types
from typing import Any

from ember.xcs._effects import properties_are_plain

__all__ = ["SCALARS", "display_name", "hashable", "immutable", "mutable_defaults", "plain_attribute",
           "plain_data"]

_IMMUTABLE = frozenset({str, int, float, bool, bytes, complex, type(None), range, frozenset,
                        type, type(len), type(lambda: 0)})


#: A str, bytes or a number: a value of one holds no other object.
SCALARS = (str, bytes, int, float, bool)


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


def plain_data(value: Any, depth: int = 0) -> bool:
    """Python's own data: a scalar, a function, a class, a module, or a small list, tuple,
    set or dict of such, whose attributes, tests and comparisons run no code of yours; also
    an LLM SDK's response model holding such data (a tool call of a chat completion), whose
    fields, tests and comparisons are pydantic's."""
    t = type(value)
    if t in _IMMUTABLE or t is types.ModuleType:
        return True
    if depth > 4:
        return False
    if t.__module__.partition(".")[0] in _SDKS and "__pydantic_fields__" in t.__dict__:
        extra = getattr(value, "__pydantic_extra__", None) or {}  # (pydantic's slot)
        return all(plain_data(v, depth + 1) for v in (*value.__dict__.values(),
                                                       *extra.values()))
    if t not in _PLAIN_CONTAINERS or len(value) > 256:
        return False
    parts = [*value.keys(), *value.values()] if t is dict else value
    return all(plain_data(v, depth + 1) for v in parts)


_SDKS = frozenset({"openai", "anthropic"})  # (their response models: `plain_data`)


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
