"""A ``match`` statement runs code of yours on its subject: a class pattern's attribute
loads (a property's getter), a value pattern's ``__eq__``, a mapping pattern's ``get``
(`_patterns`). What they do keeps its place among the function's calls."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


class Saved:
    """Its `saved` attribute PUTs the item: a class pattern on it sends the PUT."""

    __match_args__ = ("saved",)

    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    @property
    def saved(self) -> bool:
        return requests.put(f"{self.base}/{self.key}?ms=0", data=b"x", timeout=5).ok


class Stamped:
    """Compared with ``==``, it PUTs the item."""

    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def __eq__(self, other: object) -> bool:
        return requests.put(f"{self.base}/{self.key}?ms=0", data=b"x", timeout=5).ok

    __hash__ = None  # type: ignore[assignment]


def keyword_pattern(base: str) -> list[Any]:
    a = requests.get(f"{base}/a?ms=150", timeout=5).text
    match Saved(base, "b"):
        case Saved(saved=True):
            saved = "yes"
        case _:
            saved = "no"
    b = requests.get(f"{base}/b?ms=20", timeout=5).text
    return [a, saved, b]


def positional_pattern(base: str) -> list[Any]:
    a = requests.get(f"{base}/a?ms=150", timeout=5).text
    match Saved(base, "b"):
        case Saved(False):
            saved = "no"
        case _:
            saved = "yes"
    b = requests.get(f"{base}/b?ms=20", timeout=5).text
    return [a, saved, b]


def value_pattern(base: str) -> list[Any]:
    a = requests.get(f"{base}/a?ms=150", timeout=5).text
    match Stamped(base, "b"):
        case 1:
            seen = "one"
        case _:
            seen = "other"
    b = requests.get(f"{base}/b?ms=20", timeout=5).text
    return [a, seen, b]


def on_plain_data(base: str) -> list[Any]:
    a = requests.get(f"{base}/a?ms=150", timeout=5).text
    match {"key": a}:
        case {"key": str(v)} if v.startswith("v-"):
            kind = "value"
        case _:
            kind = "other"
    b = requests.get(f"{base}/b?ms=20", timeout=5).text
    return [kind, b]


def run(fn: Any, base: str) -> tuple[Any, list[str], int]:
    Items.reset()
    value = fn(base)
    return value, list(Items.order), Items.peak


@pytest.mark.parametrize("fn", [keyword_pattern, positional_pattern, value_pattern])
def test_a_pattern_that_runs_your_code_keeps_its_place(web: str, fn: Any) -> None:
    plain = run(fn, web)
    jitted = run(xcs.jit(fn), web)
    assert jitted[:2] == plain[:2]
    assert plain[1] == ["a", "b", "b"]  # the GET, the pattern's PUT, then the GET


def test_a_match_on_plain_data_gives_the_plain_value(web: str) -> None:
    plain = run(on_plain_data, web)
    jitted = run(xcs.jit(on_plain_data), web)
    assert jitted[0] == plain[0] == ["value", "v-b"]


def value(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/{key}?ms={ms}", timeout=5).text


def capture_rebinds(base: str) -> list[str]:
    key = "a"
    first = value(base, key, 150)
    match "b":
        case key:  # (binds key)
            pass
    return [first, value(base, key, 20)]


def star_capture_rebinds(base: str, names: list[str]) -> list[str]:
    rest = ["a"]
    first = value(base, rest[0], 150)
    match names:
        case [_, *rest]:
            pass
    return [first, value(base, rest[0], 20)]


def test_a_capture_is_a_binding(web: str) -> None:
    plain = run(capture_rebinds, web)
    jitted = run(xcs.jit(capture_rebinds), web)
    assert jitted[:2] == plain[:2] == (["v-a", "v-b"], ["a", "b"])
    plain = run(lambda b: star_capture_rebinds(b, ["x", "c"]), web)
    jitted = run(lambda b: xcs.jit(star_capture_rebinds)(b, ["x", "c"]), web)
    assert jitted[:2] == plain[:2] == (["v-a", "v-c"], ["a", "c"])
