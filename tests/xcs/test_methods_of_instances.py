"""A method of yours called on an instance the function makes (``c = ItemClient(base);
c.fetch(k)``): its body reads ``self.session``, not known until the object exists, so it
is classified when it starts, with ``self`` bound. A method that turns out to read
overlaps the calls after it; one that writes, prints, counts on ``self`` or runs a hook
of yours keeps its place and holds the calls after it there."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
import requests

from ember import xcs
from ember.xcs import _summary
from tests.xcs._items_server import Items


class ItemClient:
    def __init__(self, base: str, session: requests.Session | None = None) -> None:
        self.base = base
        self.session = session or requests.Session()
        self.calls = 0

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.base}/{key}?ms={ms}", timeout=5).text

    def store(self, key: str) -> str:
        return self.session.put(f"{self.base}/{key}?ms=0", data=b"x", timeout=5).text

    def loud(self, key: str, ms: int) -> str:
        print("asking", key)
        return self.fetch(key, ms)

    def counted(self, key: str, ms: int) -> str:
        self.calls += 1
        return f"{self.calls}:" + self.fetch(key, ms)


def reads(base: str) -> list[str]:
    c = ItemClient(base)
    a = c.fetch("a", 150)
    b = c.fetch("b", 50)
    d = c.fetch("c", 90)
    return [a, b, d]


def read_write_read(base: str) -> list[str]:
    c = ItemClient(base)
    a = c.fetch("a", 150)
    w = c.store("w")
    b = c.fetch("b", 50)
    return [a, w, b]


def loud_reads(base: str) -> list[str]:
    c = ItemClient(base)
    a = c.loud("a", 150)
    b = c.loud("b", 50)
    return [a, b]


def counted_reads(base: str) -> list[Any]:
    c = ItemClient(base)
    a = c.counted("a", 150)
    b = c.counted("b", 50)
    return [a, b, c.calls]


def hooked(base: str) -> list[str]:
    s = requests.Session()
    s.hooks["response"].append(lambda r, *a, **k: print("got", r.url.rsplit("/", 1)[1]))
    c = ItemClient(base, s)
    a = c.fetch("a", 150)
    b = c.fetch("b", 50)
    return [a, b]


class Item(NamedTuple):
    """Made by the tuple ``__new__`` that `typing.NamedTuple` writes: it runs nothing else."""

    key: str
    ms: int

    def load(self, base: str) -> str:
        return requests.get(f"{base}/{self.key}?ms={self.ms}", timeout=5).text


class LoudItem(Item):
    def __new__(cls, key: str, ms: int) -> LoudItem:
        print("made", key)
        return super().__new__(cls, key, ms)


def named_tuples(base: str) -> list[str]:
    return [Item(k, ms).load(base) for k, ms in (("a", 150), ("b", 50), ("c", 90))]


def replaced_named_tuples(base: str) -> list[str]:
    first = Item("a", 150)
    return [first._replace(key=k, ms=ms).load(base) for k, ms in (("a", 150), ("b", 50),
                                                                    ("c", 90))]


def loud_named_tuples(base: str) -> list[str]:
    return [LoudItem(k, ms).load(base) for k, ms in (("a", 150), ("b", 50), ("c", 90))]


def run(fn: Any, base: str) -> tuple[Any, list[str], int]:
    Items.reset()
    value = fn(base)
    return value, list(Items.order), Items.peak


def test_reads_through_a_method_overlap(web: str) -> None:
    plain = run(reads, web)
    jitted = run(xcs.jit(reads), web)
    assert jitted[0] == plain[0] == ["v-a", "v-b", "v-c"]
    assert plain[2] == 1 and jitted[2] == 3


@pytest.mark.parametrize("fn", [named_tuples, replaced_named_tuples])
def test_a_named_tuples_method_in_a_comprehension_overlaps(web: str, fn: Any) -> None:
    plain = run(fn, web)
    jitted = run(xcs.jit(fn), web)
    assert jitted[0] == plain[0] == ["v-a", "v-b", "v-c"]
    assert jitted[2] == 3


def test_a_method_that_prints_and_reads_overlaps_its_prints_in_order(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(loud_reads, web)
    plain_out = capsys.readouterr().out
    jitted = run(xcs.jit(loud_reads), web)
    assert capsys.readouterr().out == plain_out == "asking a\nasking b\n"
    assert jitted[0] == plain[0]
    assert plain[2] == 1 and jitted[2] == 2  # (its prints shown at its place: `_printed`)


@pytest.mark.parametrize("fn", [read_write_read, counted_reads, hooked, loud_named_tuples])
def test_a_method_that_is_no_read_keeps_its_place(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(fn, web)
    plain_out = capsys.readouterr().out
    jitted = run(xcs.jit(fn), web)
    assert capsys.readouterr().out == plain_out
    assert jitted[0] == plain[0]
    assert jitted[1] == plain[1]  # the server saw the same requests in the same order


def audited_fetch(self: ItemClient, key: str, ms: int) -> str:
    self.store("audit")  # a PUT before each read
    return ItemClient.fetch(self, key, ms)


class Audited(ItemClient):
    fetch = audited_fetch


class Factory:
    """Its ``__new__`` gives an `Audited`, not a `Factory`: ``Factory(base).fetch`` PUTs."""

    def __new__(cls, base: str) -> Any:
        return Audited(base)

    def fetch(self, key: str, ms: int) -> str:
        return "never"


def made_by_a_factory(base: str) -> list[str]:
    c = Factory(base)
    a = c.fetch("a", 150)
    b = requests.get(f"{base}/audit?ms=50", timeout=5).text
    return [a, b]


def test_a_class_whose_new_gives_another_object_is_not_typed_by_its_name(web: str) -> None:
    plain = run(made_by_a_factory, web)
    jitted = run(xcs.jit(made_by_a_factory), web)
    assert jitted[:2] == plain[:2]
    assert plain[1] == ["audit", "a", "audit"]  # the PUT, its read, then the GET


class Swappable:
    def __init__(self, base: str) -> None:
        self.base = base

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.base}/{key}?ms={ms}", timeout=5).text


def writes_instead(self: Swappable, key: str, ms: int) -> str:
    return requests.put(f"{self.base}/written?ms=0", data=key.encode(), timeout=5).text


def through_a_class_method(base: str) -> list[str]:
    c = Swappable(base)
    a = c.fetch("a", 150)
    b = requests.get(f"{base}/a?ms=50", timeout=5).text
    return [a, b]


def test_a_method_replaced_on_the_class_between_calls_plans_again(web: str) -> None:
    jf = xcs.jit(through_a_class_method)
    first = run(jf, web)
    assert first[2] == 2  # the method reads: the GET overlaps it
    original = Swappable.fetch
    try:
        Swappable.fetch = writes_instead  # type: ignore[method-assign]
        plain = run(through_a_class_method, web)
        jitted = run(jf, web)
    finally:
        Swappable.fetch = original  # type: ignore[method-assign]
    assert jitted[:2] == plain[:2]
    assert plain[1] == ["written", "a"]  # the PUT, then the GET


class Asker:
    """A callable object of yours: its ``__call__`` reads through ``self.session``."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def __call__(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.base}/{key}?ms={ms}", timeout=5).text


class Poster:
    def get(self, url: str, timeout: float) -> Any:
        return requests.put(url, data=b"x", timeout=timeout)


def ask_each(askers: list[Asker]) -> list[str]:
    out = []
    for ask, (key, ms) in zip(askers, (("a", 150), ("b", 50), ("c", 90)), strict=True):
        out.append(ask(key, ms))
    return out


def test_a_callable_object_is_summarised_once_and_again_when_its_state_changes(
        web: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once per object, not at each of the run's looks at it (it was twice per object); and
    again when what its summary read through it changed: a session that writes instead."""
    made: list[str] = []
    summarize = _summary.summarize

    def counted(func: Any, bound: dict[str, Any] | None = None) -> Any:
        made.append(func.__qualname__)
        return summarize(func, bound)

    monkeypatch.setattr(_summary, "summarize", counted)
    askers = [Asker(web) for _ in range(3)]
    jf = xcs.jit(ask_each)
    first = run(lambda _: jf(askers), web)
    assert first[0] == ["v-a", "v-b", "v-c"] and first[2] == 3
    assert made.count("Asker.__call__") == 3
    askers[1].session = Poster()  # type: ignore[assignment]
    plain = run(lambda _: ask_each(askers), web)
    jitted = run(lambda _: jf(askers), web)
    assert jitted[:2] == plain[:2]
    assert made.count("Asker.__call__") == 4  # (the changed one, once)


class Hooked:
    """A ``__call__`` of its own around a ``forward`` that reads: calling it runs the
    ``__call__`` (a PUT first), not the ``forward`` alone (it was classified by its
    ``forward``, a read, and the PUTs went out together, out of order)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def forward(self, key: str, ms: int) -> str:
        return requests.get(f"{self.base}/{key}?ms={ms}", timeout=5).text

    def __call__(self, key: str, ms: int) -> str:
        requests.put(f"{self.base}/hook-{key}?ms={ms}", data=b"x", timeout=5)
        return self.forward(key, 0)


def hooked_calls(base: str, op: Hooked) -> list[str]:
    return [op(k, ms) for k, ms in (("a", 150), ("b", 50), ("c", 90))]


def test_an_objects_own_call_decides_not_its_forward(web: str) -> None:
    plain = run(lambda b: hooked_calls(b, Hooked(b)), web)
    jitted = run(lambda b: xcs.jit(hooked_calls)(b, Hooked(b)), web)
    assert jitted[0] == plain[0]
    assert jitted[1] == plain[1] == ["hook-a", "a", "hook-b", "b", "hook-c", "c"]
