"""A call started early formats its arguments where it runs, off its place: an object of
yours whose ``__str__``, ``__repr__`` or ``__format__`` prints (or writes) would print
there, in the order the started calls run. Such a call starts at its own place only: the
plan knows it from the argument's class (`_formatting.formats_loudly`), and a start at
run time looks at the objects it is handed, in containers, namespaces, attributes and
slots too, and at what their ``__len__``, ``__eq__``, ``__hash__``, ``__bool__`` and
properties do (`_formatting.quiet`).

Each function runs plain and jitted against the loopback server: stdout and the value
must be the same; quiet objects still let the reads overlap."""

from __future__ import annotations

import contextlib
import itertools
import operator
import types
from collections import ChainMap, deque
from collections.abc import Callable
from typing import Any

import numpy
import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

KEYS = (("a", 150), ("b", 40), ("c", 90))


class Loud:
    def __init__(self, key: str) -> None:
        self.key = key

    def __str__(self) -> str:
        print("(str of", self.key + ")")
        return self.key

    __repr__ = __str__


class Quiet:
    def __init__(self, key: str) -> None:
        self.key = key

    def __str__(self) -> str:
        return self.key.upper()


class Box:
    def __init__(self, item: object) -> None:
        self.item = item


def tagged(web: str, tag: object, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}&tag={tag}", timeout=5).text


def shown(web: str, box: Box, key: str, ms: int) -> str:
    print("fetch", box.item)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def in_a_display(web: str) -> list[str]:
    return [tagged(web, [Loud(k)], k, ms) for k, ms in KEYS]


def handed_in(web: str, objs: list[Any]) -> list[str]:
    return [tagged(web, x, x.key, ms) for x, (_, ms) in zip(objs, KEYS, strict=True)]


class Tags(list):
    pass


class Slotted:
    __slots__ = ("item",)

    def __init__(self, item: object) -> None:
        self.item = item

    def __repr__(self) -> str:
        return f"Slotted({self.item!r})"


class Labelled:
    def __init__(self, key: str) -> None:
        self.key = key

    @property
    def label(self) -> Loud:
        return Loud(self.key)


def shown_whole(web: str, obj: object, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    print("got", obj)
    return value


def shown_label(web: str, obj: Labelled, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    print("got", obj.label)
    return value


def held_in(web: str, make: Callable[[str], object]) -> list[str]:
    return [shown_whole(web, make(k), k, ms) for k, ms in KEYS]


def through_a_property(web: str) -> list[str]:
    return [shown_label(web, Labelled(k), k, ms) for k, ms in KEYS]


class Watched(dict):
    def values(self) -> Any:  # (a look at what it holds must not run this)
        print("values read")
        return super().values()


def handed_a_watched_dict(web: str) -> list[str]:
    return [tagged(web, Watched(k=k), k, ms) for k, ms in KEYS]


def in_a_box(web: str) -> list[str]:
    print("start")
    out = [shown(web, Box(Loud(k)), k, ms) for k, ms in KEYS]
    print("end")
    return out


class LoudKind(type):
    def __repr__(cls) -> str:
        print("(str of a)")
        return cls.__name__


class Widget(metaclass=LoudKind):
    pass


def shown_kind(web: str, obj: object, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    print("got", type(obj))
    return value


def shown_entered(web: str, cm: Any, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    with cm as obj:
        print("got", obj)
    return value


def entered(web: str) -> list[str]:
    return [shown_entered(web, contextlib.nullcontext(Loud(k)), k, ms) for k, ms in KEYS]


def kinds_shown(web: str) -> list[str]:
    return [shown_kind(web, Widget(), k, ms) for k, ms in KEYS]


class Nosy(type):
    def __getattr__(cls, name: str) -> Any:  # (a look at the class must not run this)
        print("looked up", name)
        raise AttributeError(name)


class Unit(metaclass=Nosy):
    pass


class Measured:
    unit = Unit()

    def __init__(self, key: str) -> None:
        self.key = key


def handed_a_measured(web: str) -> list[str]:
    return [tagged(web, Measured(k), k, ms) for k, ms in KEYS]


def _objects(items: list[Any]) -> Any:
    """A numpy array of objects holding `items`."""
    arr = numpy.empty(len(items), dtype=object)
    arr[:] = items
    return arr


def run(fn: Callable[..., Any], capsys: pytest.CaptureFixture[str], *args: Any
        ) -> tuple[Any, str, int]:
    Items.reset()
    value = fn(*args)
    return value, capsys.readouterr().out, Items.peak


@pytest.mark.parametrize(("fn", "args"), [
    (in_a_display, ()),
    (handed_in, ([Loud(k) for k, _ in KEYS],)),
    (in_a_box, ()),
    (held_in, (lambda k: deque([Loud(k)]),)),
    (held_in, (lambda k: types.SimpleNamespace(item=Loud(k)),)),
    (held_in, (lambda k: Tags([Loud(k)]),)),
    (held_in, (lambda k: Slotted(Loud(k)),)),
    (through_a_property, ()),
    (held_in, (lambda k: ValueError(Loud(k)),)),
    (held_in, (lambda k: Loud(k).__str__,)),
    (held_in, (lambda k: [*range(300), Loud(k)],)),  # (past 256 items too)
    (held_in, (lambda k: {**{i: i for i in range(300)}, -1: Loud(k)},)),
    (held_in, (lambda k: [*({"n": n} for n in range(5)), {"k": Loud(k)},
                          *({"n": n} for n in range(1_000))],)),  # (the first 256 in order)
    (held_in, (lambda k: _objects([*((n,) for n in range(4)), (Loud(k),),
                                   *((n,) for n in range(400))]),)),
    (held_in, (lambda k: ChainMap({k: Loud(k)}),)),  # (a library's object holding it)
    (entered, ()),
    (held_in, (lambda k: operator.methodcaller("format", Loud(k)),)),  # (C objects:
    (held_in, (lambda k: itertools.repeat(Loud(k), 1),)),  # what the collector sees)
    (kinds_shown, ()),  # (a metaclass's __repr__ shows the object's class)
])
def test_a_call_handed_an_object_that_prints_when_formatted_runs_at_its_place(
        web: str, fn: Callable[..., Any], args: tuple, capsys: pytest.CaptureFixture[str]
        ) -> None:
    plain = run(fn, capsys, web, *args)
    jitted = run(xcs.jit(fn), capsys, web, *args)
    assert jitted == plain
    assert "(str of a)\n" in plain[1] and plain[2] == 1


def test_objects_that_format_quietly_let_the_calls_overlap(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    objs = [Quiet(k) for k, _ in KEYS]
    plain = run(handed_in, capsys, web, objs)
    jitted = run(xcs.jit(handed_in), capsys, web, objs)
    assert jitted[:2] == plain[:2]
    assert jitted[2] >= 2


def test_looking_at_arguments_runs_no_code_of_yours(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(handed_a_watched_dict, capsys, web)
    jitted = run(xcs.jit(handed_a_watched_dict), capsys, web)
    assert jitted[:2] == plain[:2]
    assert "values read" not in jitted[1]
    assert jitted[2] >= 2


def test_a_large_list_of_plain_data_lets_the_calls_overlap(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(held_in, capsys, web, lambda k: [k * 3] * 100_000)
    jitted = run(xcs.jit(held_in), capsys, web, lambda k: [k * 3] * 100_000)
    assert jitted[:2] == plain[:2]
    assert jitted[2] >= 2


def test_looking_at_a_class_runs_no_metaclass_code_of_yours(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(handed_a_measured, capsys, web)
    jitted = run(xcs.jit(handed_a_measured), capsys, web)
    assert jitted[:2] == plain[:2]
    assert "looked up" not in jitted[1]
