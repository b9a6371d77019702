"""The forms `jit` takes: methods calling ``super()``, generator functions, ``staticmethod``
and ``classmethod`` objects, `functools.partial`, and operator classes whose method is
inherited. Each behaves as the plain form does, and calls that can overlap still do."""

from __future__ import annotations

import asyncio
import functools
import inspect
from typing import Any

import pytest
import requests

from ember import xcs
from ember.errors import JITError, JITWarning
from tests.xcs._items_server import Items


class Base:
    def __init__(self, base: str) -> None:
        self.base = base
        self.s = requests.Session()

    def get(self, key: str, ms: int) -> str:
        return self.s.get(f"{self.base}/{key}?ms={ms}").text


class Child(Base):
    def get(self, key: str, ms: int) -> str:
        return "child:" + super().get(key, ms)

    def both(self) -> list[str]:
        a = super().get("a", 150)
        b = super().get("b", 50)
        return [a, b, self.get("c", 10)]


def test_a_method_calling_super_overlaps_its_reads_and_returns_the_plain_value(web: str) -> None:
    obj = Child(web)
    plain = obj.both()
    Items.reset()
    assert xcs.jit(obj.both)() == plain == ["v-a", "v-b", "child:v-c"]
    assert Items.peak >= 2  # (super().get("a") and super().get("b") were in flight together)


def test_super_keeps_its_meaning_in_a_comprehension_where_plain_code_fails(web: str) -> None:
    class Odd(Base):
        def each(self) -> list[str]:
            return [super().get(k, 10) for k in "ab"]  # (its own scope: no first argument)

    with pytest.raises(TypeError) as plain:  # (the comprehension's argument taken for self)
        Odd(web).each()
    with pytest.raises(TypeError) as jitted:
        xcs.jit(Odd(web).each)()
    assert str(jitted.value) == str(plain.value)


def gen(n: int) -> Any:
    sent = yield n
    yield sent
    return "done"


async def agen(n: int) -> Any:
    sent = yield n
    yield sent
    yield n + 1


def test_generator_functions_stay_generator_functions_and_pass_sends_on() -> None:
    jitted = xcs.jit(gen)
    assert inspect.isgeneratorfunction(jitted)
    it = jitted(1)
    assert (next(it), it.send("x")) == (1, "x")
    with pytest.raises(StopIteration) as end:
        next(it)
    assert end.value.value == "done"

    ajitted = xcs.jit(agen)
    assert inspect.isasyncgenfunction(ajitted)

    async def drive(f: Any) -> list[Any]:
        it = f(5)
        out = [await it.__anext__(), await it.asend("y")]
        with pytest.raises(ValueError, match="stop"):
            await it.athrow(ValueError("stop"))
        return out

    assert asyncio.run(drive(ajitted)) == asyncio.run(drive(agen)) == [5, "y"]


def test_staticmethod_classmethod_and_partial_objects_are_jitted_as_their_kind(web: str) -> None:
    class Api:
        @xcs.jit
        @staticmethod
        def pair(base: str) -> list[str]:
            s = requests.Session()
            return [s.get(f"{base}/x?ms=120").text, s.get(f"{base}/y?ms=50").text]

        @xcs.jit
        @classmethod
        def name(cls) -> str:
            return cls.__name__

    assert Api.pair(web) == ["v-x", "v-y"] and Items.peak == 2
    assert Api.name() == "Api"
    part = xcs.jit(functools.partial(Api.pair.__wrapped__, web))
    assert isinstance(part, functools.partial) and part() == ["v-x", "v-y"]
    assert xcs.explain(part.func).strategy == "parallel"


def test_an_operator_class_may_inherit_the_method_jit_wraps() -> None:
    class Plain:
        def forward(self, x: int) -> int:
            return x + 1

    class Sub(Plain):
        pass

    assert xcs.jit(Sub) is Sub and Sub().forward(1) == 2
    assert "__ember_jit_state__" in dir(Sub.__dict__["forward"])
    assert "forward" not in vars(Plain) or not hasattr(Plain.forward, "__ember_jit_state__")
    with pytest.raises(JITError, match="defines neither"):
        xcs.jit(type("Empty", (), {}))


class Counted:
    """A decorator made as a class: its instance keeps a count on itself."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.calls = 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        print("call", self.calls)
        return self.fn(*args)


class Tagged(functools.partial):
    __slots__ = ("tag",)


def fetch_two(base: str) -> list[str]:
    return [requests.get(f"{base}/a?ms=60").text, requests.get(f"{base}/b?ms=10").text]


@pytest.mark.parametrize("make", [
    lambda: Counted(fetch_two),
    lambda: functools.lru_cache(maxsize=None)(fetch_two),
])
def test_a_callable_that_is_not_a_function_runs_as_written_and_says_so(
        web: str, make: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # (red-team 177: a class-made decorator and @functools.cache under @xcs.jit raised)
    plain, wrapped = make(), make()
    expect = [plain(web), plain(web)], capsys.readouterr().out
    with pytest.warns(JITWarning, match="is not a Python function: it runs as written"):
        jitted = xcs.jit(wrapped)
    # Given back as it is: its type, its attributes (a count, cache_info()), its binding.
    assert jitted is wrapped
    assert ([jitted(web), jitted(web)], capsys.readouterr().out) == expect
    with pytest.raises(JITError, match="gives it back as it is"):
        xcs.explain(jitted)


def test_a_partial_subclass_is_jitted_as_a_partial(web: str) -> None:
    tagged = Tagged(fetch_two, web)
    tagged.tag, tagged.note = "t", "n"
    jitted = xcs.jit(tagged)
    assert type(jitted) is Tagged and jitted() == tagged()
    assert jitted.func is not fetch_two  # (the function it holds is the jitted one)
    assert (jitted.tag, jitted.note) == ("t", "n")  # (its slots and attributes too)


class BaseJob:
    def __call__(self, base: str) -> list[str]:
        return []


class Job(BaseJob):
    @staticmethod
    def __call__(base: str) -> list[str]:  # type: ignore[override]
        return fetch_two(base)


class Stated(functools.partial):
    def __setstate__(self, state: Any) -> None:  # (a partial's own state is a tuple)
        raise AssertionError("jit must copy a partial as a partial, not through this")


def test_a_subclass_s_own_method_is_the_one_jitted_and_a_jitted_partial_explains(
        web: str) -> None:
    # (red-team 182: the base's __call__ was jitted onto the subclass, hiding its own)
    assert xcs.jit(Job)()(web) == fetch_two(web)
    part = xcs.jit(Stated(fetch_two, web))
    assert part() == fetch_two(web)
    assert xcs.explain(part).strategy == "parallel"
