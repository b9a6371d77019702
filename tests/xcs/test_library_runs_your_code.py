"""A library function handed an object or a function of the user's keeps its place.

``urlencode`` calls a mapping's ``items`` and each value's ``__str__``, ``textwrap.fill``
a str subclass's ``expandtabs``, ``json.dumps`` a dict subclass's ``items``, and
``quote_via=`` is called for each value: the library's rule says "pure", but what it runs
of the user's is code, with that code's effect. Each object here PUTs ``mark`` from such a
method (a write), in a statement between a slow GET and a GET of ``after``, which must not
start before it. Objects whose methods only compute leave the GETs overlapping."""

from __future__ import annotations

import json
import textwrap
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

BASE = {"url": ""}


def _get(key: str, ms: int = 10) -> str:
    return requests.get(f"{BASE['url']}/{key}?ms={ms}").text


def _mark() -> None:
    requests.put(f"{BASE['url']}/mark?ms=10")


class Params:
    """Query parameters read through ``items``, as `urlencode` does."""

    def items(self) -> Iterator[tuple[str, str]]:
        _mark()
        return iter([("q", "ember")])

    def __len__(self) -> int:
        return 1


class Tag:
    def __str__(self) -> str:
        _mark()
        return "red"


class Tabbed(str):
    def expandtabs(self, tabsize: int = 8) -> str:
        _mark()
        return str.expandtabs(self, tabsize)


class Rows(dict):  # type: ignore[type-arg]
    def items(self) -> Any:
        _mark()
        return dict.items(self)


def quoted(s: str, safe: str = "", encoding: Any = None, errors: Any = None) -> str:
    _mark()
    return urllib.parse.quote(s, safe=safe)


def urlencode_of_a_mapping_of_the_users() -> list[Any]:
    params = Params()
    slow = _get("slow", 150)
    query = urllib.parse.urlencode(params)
    return [slow, query, _get("after")]


def urlencode_of_a_display_holding_an_object() -> list[Any]:
    slow = _get("slow", 150)
    query = urllib.parse.urlencode({"tag": Tag()})
    return [slow, query, _get("after")]


def textwrap_of_a_str_subclass() -> list[Any]:
    text = Tabbed("a\tb c d")
    slow = _get("slow", 150)
    wrapped = textwrap.fill(text, width=4)
    return [slow, wrapped, _get("after")]


def json_dumps_of_a_dict_subclass() -> list[Any]:
    rows = Rows(a=1)
    slow = _get("slow", 150)
    body = json.dumps(rows)
    return [slow, body, _get("after")]


def quote_via_a_function_of_the_users() -> list[Any]:
    slow = _get("slow", 150)
    query = urllib.parse.urlencode({"a": "x y"}, quote_via=quoted)
    return [slow, query, _get("after")]


def quote_via_a_nested_function() -> list[Any]:
    def logged(s: str, safe: str = "", encoding: Any = None, errors: Any = None) -> str:
        _mark()
        return s

    slow = _get("slow", 150)
    query = urllib.parse.urlencode({"a": "x"}, quote_via=logged)
    return [slow, query, _get("after")]


def json_dumps_of_a_subclass_nested_in_a_display() -> list[Any]:
    slow = _get("slow", 150)
    body = json.dumps({"rows": [Rows(a=1)]})
    return [slow, body, _get("after")]


def urlencode_of_a_local_list_holding_an_object() -> list[Any]:
    tags: list[Any] = []
    tags.append(Tag())
    slow = _get("slow", 150)
    query = urllib.parse.urlencode({"tag": tags}, doseq=True)
    return [slow, query, _get("after")]


SHAPES = [json_dumps_of_a_subclass_nested_in_a_display,
          urlencode_of_a_local_list_holding_an_object, urlencode_of_a_mapping_of_the_users, urlencode_of_a_display_holding_an_object,
          textwrap_of_a_str_subclass, json_dumps_of_a_dict_subclass,
          quote_via_a_function_of_the_users, quote_via_a_nested_function]


def _order(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    Items.reset()
    return fn(), list(Items.order)


@pytest.mark.parametrize("fn", SHAPES, ids=[f.__name__ for f in SHAPES])
def test_code_of_the_users_run_by_a_library_keeps_its_place(web: str,
                                                            fn: Callable[[], Any]) -> None:
    BASE["url"] = web
    plain = _order(fn)
    assert plain[1][0] == "slow" and plain[1][-1] == "after" and "mark" in plain[1]
    assert _order(xcs.jit(fn)) == plain


class Plain:
    """An object of the user's whose methods only compute."""

    def __str__(self) -> str:
        return "blue"


def urlencode_of_a_computing_object() -> list[Any]:
    slow = _get("slow", 150)
    query = urllib.parse.urlencode({"tag": Plain()})
    return [slow, query, _get("after", 50)]


def test_an_object_whose_methods_compute_leaves_the_reads_overlapping(web: str) -> None:
    BASE["url"] = web
    plain = urlencode_of_a_computing_object()
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(urlencode_of_a_computing_object)() == plain
    assert Items.peak == 2


class Shown:
    """A key whose formatting prints (as a helper's f-string formats it)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __format__(self, spec: str) -> str:
        print("format", self.key)
        return self.key

    @property
    def name(self) -> str:
        print("name of", self.key)
        return self.key


def object_handed_to_a_helper_in_a_printing_loop() -> list[str]:
    out = []
    for i, key in enumerate(["a", Shown("b"), "c"]):
        print("item", i)
        out.append(_get(key, (150, 50, 60)[i]))
    return out


def property_read_by_getattr_in_a_printing_loop() -> list[str]:
    out = []
    for i, rec in enumerate([Shown("a"), Shown("b")]):
        print("record", i)
        out.append(_get(getattr(rec, "name"), 150 - 120 * i))  # noqa: B009 - the shape
    return out


@pytest.mark.parametrize("fn", [object_handed_to_a_helper_in_a_printing_loop,
                                property_read_by_getattr_in_a_printing_loop])
def test_code_a_started_call_runs_of_an_item_keeps_its_print_order(
        web: str, fn: Callable[[], Any], capsys: pytest.CaptureFixture[str]) -> None:
    BASE["url"] = web
    plain = _order(fn), capsys.readouterr().out
    assert "format b" in plain[1] or "name of b" in plain[1]
    assert (_order(xcs.jit(fn)), capsys.readouterr().out) == plain


def _fetch_shown(key: Any, ms: int) -> str:
    return _get(f"{key}", ms)


def object_made_in_the_call_to_a_helper() -> list[str]:
    a = _fetch_shown(Shown("a"), 150)
    print("between")
    b = _fetch_shown(Shown("b"), 50)
    return [a, b]


class LoudKey(str):
    """A key whose concatenation prints: a helper's ``key + "0"`` runs the user's code."""

    def __add__(self, other: str) -> LoudKey:
        print("child of", str(self))
        return LoudKey(str.__add__(self, other))


def _tree(key: str, depth: int) -> list[str]:
    value = _get(key, 60 if len(key) % 2 else 10)
    if depth == 0:
        return [value]
    return [value, *_tree(key + "0", depth - 1), *_tree(key + "1", depth - 1)]


def key_made_by_an_operator_of_yours_in_a_recursion() -> list[str]:
    return _tree(LoudKey("k"), 2)


@pytest.mark.parametrize("fn", [object_made_in_the_call_to_a_helper,
                                key_made_by_an_operator_of_yours_in_a_recursion])
def test_a_helper_handed_an_object_of_yours_runs_its_methods_in_place(
        web: str, fn: Callable[[], Any], capsys: pytest.CaptureFixture[str]) -> None:
    """A helper's body takes its parameters' types as not known; handed an object of your
    class (or one an operator of yours made), it may run that class's implicit methods:
    the call runs them in its place, not from a started task."""
    BASE["url"] = web
    plain = _order(fn), capsys.readouterr().out
    assert "format a" in plain[1] or "child of k0" in plain[1]
    assert (_order(xcs.jit(fn)), capsys.readouterr().out) == plain


def test_a_helper_handed_plain_strings_in_a_recursion_overlaps(web: str) -> None:
    """The same recursion with a plain str key: its levels overlap."""
    BASE["url"] = web
    plain = _tree("k", 2)
    Items.reset()
    assert xcs.jit(_tree)("k", 2) == plain
    assert Items.peak >= 2
