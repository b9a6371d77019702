"""Getting an attribute off a class or a module may run code of yours: a metaclass's
``__getattr__`` or property (which comes before the class's own attribute), a descriptor's
``__get__`` on the class, a module's ``__getattr__`` (PEP 562). The analysis never runs it
(`_resolve.gets_with_yours`), and a read whose arguments run it does not start before a
statement that prints (`_implicit._Finder._from_object`, `_formatting.hidden_code`).

Each function runs plain and jitted against the loopback server: stdout and the value must
be the same (the jitted run's first call included: its analysis prints nothing), and the
peak of requests in flight says whether the reads overlapped."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


class Lookup(type):
    def __getattr__(cls, name: str) -> str:
        print("looked up", name)
        return f"cfg-{name}"


class Config(metaclass=Lookup):
    pass


class Announced(type):
    @property
    def region(cls) -> str:
        print("metaclass property")
        return "eu"


class Shadowed(metaclass=Announced):
    region = "us"  # (the metaclass's property is what Python gives)


class Quiet(type):
    @property
    def region(cls) -> str:
        return "eu"


class QuietlyComputed(metaclass=Quiet):
    pass


class Loud:
    def __get__(self, obj: object, owner: type | None = None) -> str:
        print("descriptor get")
        return "zone"


class Holder:
    zone = Loud()


class Plain:
    zone = "zone"


def _lazy(name: str) -> str:
    print("module attribute", name)
    return f"lz-{name}"


LAZY = types.ModuleType("lazy_settings")
LAZY.__getattr__ = _lazy  # type: ignore[attr-defined]


def through_a_metaclass_getattr(web: str) -> list[str]:
    print("start")
    a = get(web, "a", 150)
    b = get(web, Config.region, 40)
    return [a, b]


def through_a_metaclass_property(web: str) -> list[str]:
    a = get(web, "a", 150)
    print("got", a)
    b = get(web, Shadowed.region, 40)
    return [a, b]


def through_a_class_descriptor(web: str) -> list[str]:
    print("start")
    a = get(web, "a", 150)
    b = get(web, Holder.zone, 40)
    return [a, b]


def through_a_module_getattr(web: str) -> list[str]:
    print("start")
    a = get(web, "a", 150)
    b = get(web, LAZY.region, 40)
    return [a, b]


def through_a_pure_metaclass_property(web: str) -> list[str]:
    print("start")
    a = get(web, "a", 150)
    b = get(web, QuietlyComputed.region, 40)
    return [a, b]


def through_a_class_attribute(web: str) -> list[str]:
    print("start")
    a = get(web, "a", 150)
    b = get(web, Plain.zone, 40)
    return [a, b]


def run(fn: Callable[..., Any], web: str, capsys: pytest.CaptureFixture[str]
        ) -> tuple[Any, str, int]:
    Items.reset()
    value = fn(web)
    return value, capsys.readouterr().out, Items.peak


@pytest.mark.parametrize("fn", [through_a_metaclass_getattr, through_a_metaclass_property,
                                through_a_class_descriptor, through_a_module_getattr])
def test_a_getter_of_yours_runs_where_the_plain_code_runs_it(
        web: str, fn: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(fn, web, capsys)
    jf = xcs.jit(fn)
    assert run(jf, web, capsys) == plain  # the first call: analysed, planned, run
    assert run(jf, web, capsys) == plain
    assert plain[1].count("\n") == 2  # (each getter ran once, beside one other line)


@pytest.mark.parametrize("fn", [through_a_pure_metaclass_property, through_a_class_attribute])
def test_an_attribute_that_prints_nothing_lets_the_reads_overlap(
        web: str, fn: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(fn, web, capsys)
    jf = xcs.jit(fn)
    # A busy machine can send the 40 ms read after the 150 ms one has ended: up to three runs.
    peaks = []
    for _ in range(3):
        jitted = run(jf, web, capsys)
        assert jitted[:2] == plain[:2]
        peaks.append(jitted[2])
        if jitted[2] == 2:
            break
    assert plain[2] == 1
    assert max(peaks) == 2
