"""`static_attr` answers as `inspect.getattr_static` does, on every kind of object.

The analysis asks for attributes without running code, dozens of times per function; its
shortcut for modules and plain classes must never give another answer than `inspect`.
"""

from __future__ import annotations

import abc
import enum
import functools
import inspect
import json
import types

from ember.xcs._resolve import MISSING, static_attr


class Meta(type):
    tag = "meta"

    @property
    def shown(cls) -> str:
        return "meta property"


class Plain:
    x = 1

    def method(self) -> int:
        return 1

    @property
    def prop(self) -> int:
        return 2

    @functools.cached_property
    def cached(self) -> int:
        return 3

    @staticmethod
    def static() -> int:
        return 4

    @classmethod
    def klass(cls) -> int:
        return 5


class Child(Plain):
    __slots__ = ("slot",)

    def method(self) -> int:
        return 6


class WithMeta(Plain, metaclass=Meta):
    pass


class Abstract(abc.ABC):
    @abc.abstractmethod
    def run(self) -> None: ...


class Colour(enum.Enum):
    RED = 1


class ShadowsDict:
    __dict__ = {"x": 1}  # noqa: RUF012 (a class that shadows its __dict__, as inspect allows for)


class DynamicModule(types.ModuleType):
    extra = "from the type"


_module = DynamicModule("dyn")
_module.own = "own"

OBJECTS = [json, inspect, _module, types, Plain, Child, WithMeta, Meta, Abstract, Colour,
           ShadowsDict, type, object, str, int, list, dict, Plain(), Colour.RED, len, 3, "s"]
NAMES = ["x", "method", "prop", "cached", "static", "klass", "tag", "shown", "run", "RED",
         "dumps", "getattr_static", "extra", "own", "upper", "append", "mro", "__mro__",
         "__dict__", "__class__", "__doc__", "__name__", "__init__", "__new__", "__call__",
         "__getattr__", "__bool__", "__len__", "__iter__", "__repr__", "__annotations__",
         "__module__", "__qualname__", "__slots__", "slot", "nothing_here"]


def test_static_attr_answers_as_inspect_does() -> None:
    checked = 0
    for obj in OBJECTS:
        for name in NAMES:
            expected = inspect.getattr_static(obj, name, MISSING)
            assert static_attr(obj, name) is expected, (obj, name)
            assert static_attr(obj, name, None) is (None if expected is MISSING else expected)
            checked += 1
    assert checked == len(OBJECTS) * len(NAMES)


def test_a_class_changed_after_the_first_question_answers_anew() -> None:
    class Late:
        pass

    assert static_attr(Late, "added") is MISSING
    Late.added = 1  # type: ignore[attr-defined]
    assert static_attr(Late, "added") == 1
