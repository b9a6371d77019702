"""Builtins and list methods that run an object's dunders out of sight keep their place.

The objects here PUT ``mark`` from their dunder (a write); the statement that runs it sits between a
slow GET and a GET of ``after``, which must not start before it. Each shape is one the
analysis has to see through: a list held by a name (``max(tags)``, ``x in tags``,
``tags.index(x)``, ``print(rows)``), a loop over such a list (``[str(t) for t in tags]``),
a builtin handed as a function (``map(str, tags)``, ``key=len``, ``filter(None, tags)``),
the items of a display shown by ``print`` or an f-string, `functools.total_ordering`'s
comparisons, ``**`` of a mapping of the user's, a codec error handler of the user's, ``json.loads`` of a bytes subclass, and
``min(ms, 100)`` in the arguments of a call a printing loop starts early."""

from __future__ import annotations

import codecs
import functools
import json
from collections.abc import Callable, Iterator, Mapping
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


class Tag:
    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        _mark()
        return self.name

    __repr__ = __str__

    def __len__(self) -> int:
        _mark()
        return len(self.name)

    def __eq__(self, other: object) -> bool:
        _mark()
        return isinstance(other, Tag) and other.name == self.name

    def __lt__(self, other: Tag) -> bool:
        _mark()
        return self.name < other.name

    __hash__ = object.__hash__


@functools.total_ordering
class Rank:
    def __init__(self, n: int) -> None:
        self.n = n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rank) and other.n == self.n

    def __lt__(self, other: Rank) -> bool:
        _mark()
        return self.n < other.n

    __hash__ = object.__hash__


class Raw(bytes):
    def decode(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        _mark()
        return bytes.decode(self, *args, **kwargs)


class Record(Mapping[str, str]):
    """A mapping of the user's: ``**record`` runs its ``keys`` and ``__getitem__``."""

    def __getitem__(self, key: str) -> str:
        _mark()
        return {"name": "Ada"}[key]

    def __iter__(self) -> Iterator[str]:
        return iter(["name"])

    def __len__(self) -> int:
        return 1


def _audit(err: UnicodeError) -> tuple[str, int]:
    _mark()
    return "?", err.end  # type: ignore[attr-defined]


codecs.register_error("ember_test_audit", _audit)


def max_of_a_named_list() -> list[Any]:
    tags = [Tag("b"), Tag("a")]
    slow = _get("slow", 150)
    top = max(tags)
    return [slow, str(top.name), _get("after")]


def in_a_named_list() -> list[Any]:
    tags = [Tag("a")]
    tags.append(Tag("b"))
    slow = _get("slow", 150)
    found = Tag("b") in tags
    return [slow, found, _get("after")]


def pool(name: str) -> Any:
    return [name, 1]  # (what it gives is not known where it is called)


def in_what_a_helper_gives() -> list[Any]:
    slow = _get("slow", 150)
    found = Tag("b") in pool("b")  # (the list's search runs Tag.__eq__)
    return [slow, found, _get("after")]


class Cost:
    def __init__(self, n: int) -> None:
        self.n = n

    def __add__(self, other: Any) -> Cost:
        _mark()
        return Cost(self.n + getattr(other, "n", 0))


def spent(n: int) -> Any:
    return Cost(n)


def plus_beside_a_value_not_known() -> list[Any]:
    slow = _get("slow", 150)
    total = spent(1) + Cost(2)  # (its left side may be a Cost: Cost.__add__ runs)
    return [slow, total.n, _get("after")]


@functools.cache
def cached_get(key: Any) -> str:
    return _get(str(key), 10)


def cached_with_a_key_of_yours() -> list[Any]:
    slow = _get("slow", 150)
    got = cached_get(Tag("k"))  # (the cache hashes and compares the key: Tag's code)
    return [slow, got, _get("after")]


def index_of_a_named_list() -> list[Any]:
    tags = [Tag("a"), Tag("b")]
    slow = _get("slow", 150)
    at = tags.index(tags[1])
    return [slow, at, _get("after")]


def print_a_list_appended_to() -> list[Any]:
    rows: list[Tag] = []
    rows.append(Tag("r"))
    slow = _get("slow", 150)
    print(rows)
    return [slow, _get("after")]


def print_a_display() -> list[Any]:
    slow = _get("slow", 150)
    print("rows:", [Tag("x")])
    return [slow, _get("after")]


def fstring_of_a_display() -> list[Any]:
    slow = _get("slow", 150)
    line = f"{(Tag('x'), 1)}"
    return [slow, line, _get("after")]


def join_of_map_str() -> list[Any]:
    tags = [Tag("a"), Tag("b")]
    slow = _get("slow", 150)
    line = ", ".join(map(str, tags))
    return [slow, line, _get("after")]


def comprehension_over_a_named_list() -> list[Any]:
    tags = [Tag("a"), Tag("b")]
    slow = _get("slow", 150)
    names = [str(t) for t in tags]
    return [slow, names, _get("after")]


def max_with_key_len() -> list[Any]:
    tags = [Tag("ab"), Tag("abc")]
    slow = _get("slow", 150)
    longest = max(tags, key=len)
    return [slow, longest.name, _get("after")]


def filter_none() -> list[Any]:
    tags = [Tag("a"), Tag("")]
    slow = _get("slow", 150)
    kept = list(filter(None, tags))
    return [slow, len(kept), _get("after")]


def total_ordering_ge() -> list[Any]:
    a, b = Rank(3), Rank(5)
    slow = _get("slow", 150)
    ge = a >= b
    return [slow, ge, _get("after")]


def decode_with_a_handler_of_the_users() -> list[Any]:
    raw = b"caf\xe9"
    slow = _get("slow", 150)
    text = raw.decode("ascii", errors="ember_test_audit")
    return [slow, text, _get("after")]


def str_of_bytes_with_a_handler_of_the_users() -> list[Any]:
    raw = b"caf\xe9"
    slow = _get("slow", 150)
    text = str(raw, "ascii", "ember_test_audit")
    return [slow, text, _get("after")]


def json_loads_of_a_bytes_subclass() -> list[Any]:
    raw = Raw(b'{"a": 1}')
    slow = _get("slow", 150)
    data = json.loads(raw)
    return [slow, data, _get("after")]


def spread_into_a_display() -> list[Any]:
    record = Record()
    slow = _get("slow", 150)
    body = json.dumps({**record, "v": 1})
    return [slow, body, _get("after")]


def spread_into_format() -> list[Any]:
    record = Record()
    slow = _get("slow", 150)
    line = "Dear {name}".format(**record)
    return [slow, line, _get("after")]


def max_of_a_comprehensions_list() -> list[Any]:
    tags = [Tag(n) for n in ("b", "a")]
    slow = _get("slow", 150)
    top = max(tags)
    return [slow, top.name, _get("after")]


def max_of_an_alias_grown_by_plus() -> list[Any]:
    tags: list[Tag] = []
    tags += [Tag("b")]
    pool = tags
    pool.append(Tag("a"))
    slow = _get("slow", 150)
    top = max(list(pool))
    return [slow, top.name, _get("after")]


def max_of_a_starred_list_filled_by_slots() -> list[Any]:
    slots: list[Any] = [None, None]
    slots[0], slots[1] = 0, 0
    slots[:] = [Tag("b"), Tag("a")]
    slow = _get("slow", 150)
    top = max(*slots)
    return [slow, top.name, _get("after")]


def lists_compared() -> list[Any]:
    tags = [Tag("a")]
    slow = _get("slow", 150)
    same = tags == [Tag("a")]
    return [slow, same, _get("after")]


def percent_of_a_list_and_a_mapping() -> list[Any]:
    tags = [Tag("a")]
    record = Record()
    slow = _get("slow", 150)
    line = ("%s %s" % (tags, "x")  # noqa: UP031 - the shapes are the point
            + "%(name)s" % record  # noqa: UP031
            + "{0[name]}".format(record))  # noqa: UP030, UP032
    return [slow, line, _get("after")]


def repr_of_what_max_gives_back() -> list[Any]:
    a, b = Tag("a"), Tag("b")
    slow = _get("slow", 150)
    top = max(a, b)  # (it runs __lt__ too: the repr after it is the point)
    shown = repr(top)
    return [slow, shown, _get("after")]


SHAPES = [repr_of_what_max_gives_back, max_of_a_comprehensions_list, max_of_an_alias_grown_by_plus,
          max_of_a_starred_list_filled_by_slots, lists_compared,
          percent_of_a_list_and_a_mapping, spread_into_a_display, spread_into_format, max_of_a_named_list, in_a_named_list, index_of_a_named_list,
          print_a_list_appended_to, print_a_display, fstring_of_a_display, join_of_map_str,
          comprehension_over_a_named_list, max_with_key_len, filter_none, total_ordering_ge,
          decode_with_a_handler_of_the_users, str_of_bytes_with_a_handler_of_the_users,
          json_loads_of_a_bytes_subclass, in_what_a_helper_gives, plus_beside_a_value_not_known,
          cached_with_a_key_of_yours]


def _order(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    Items.reset()
    return fn(), list(Items.order)


@pytest.mark.parametrize("fn", SHAPES, ids=[f.__name__ for f in SHAPES])
def test_a_dunder_run_by_a_builtin_keeps_its_place(web: str, fn: Callable[[], Any],
                                                    capsys: Any) -> None:
    BASE["url"] = web
    plain = _order(fn)
    assert plain[1][0] == "slow" and plain[1][-1] == "after" and "mark" in plain[1]
    shown = capsys.readouterr().out
    assert _order(xcs.jit(fn)) == plain
    assert capsys.readouterr().out == shown


class Ms(int):
    """An int of the user's whose comparison prints."""

    def __lt__(self, other: object) -> bool:
        print("compared", int(self))
        return int(self) < int(other)  # type: ignore[call-overload]

    def __gt__(self, other: object) -> bool:
        print("compared", int(self))
        return int(self) > int(other)  # type: ignore[call-overload]


def printing_loop(pairs: list[tuple[str, Any]]) -> list[str]:
    out = []
    for key, ms in pairs:
        print("item", key)
        out.append(_get(key, min(ms, 100)))
    return out


def test_min_of_an_item_in_a_printing_loops_call_is_checked_item_by_item(
        web: str, capsys: Any) -> None:
    """``min(ms, 100)`` runs ``ms``'s comparison: the item's call starts early only while
    its values are plain data (checked at run time), so ``compared`` prints in its place."""
    BASE["url"] = web
    pairs = [("a", 90), ("b", Ms(30))]
    plain = printing_loop(pairs)
    shown = capsys.readouterr().out
    assert shown == "item a\nitem b\ncompared 30\n"
    assert xcs.jit(printing_loop)(pairs) == plain
    assert capsys.readouterr().out == shown


# -- a container of objects of yours handed to a helper that formats it -----------------------


class Loud:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        print("repr", self.text)
        return repr(self.text)


def labelled(value: Any, ms: int) -> str:
    got = _get("x", ms)
    return f"{got}: {value}"  # (formatted after the GET: in the order the GETs end)


def handed_containers() -> list[str]:
    a = labelled((Loud("n1"),), 150)
    b = labelled([Loud("n2")], 20)
    c = labelled(functools.partial(str), 20)  # (plain: a library's object)
    return [a, b, c]


def test_a_container_of_objects_of_yours_formatted_by_a_helper_keeps_its_place(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A tuple or a list holding an object whose ``__repr__`` prints: formatting it in the
    helper runs that ``__repr__``, so the helper runs where the plain code calls it."""
    BASE["url"] = web
    plain = handed_containers()
    plain_out = capsys.readouterr().out
    assert plain_out == "repr n1\nrepr n2\n"
    assert xcs.jit(handed_containers)() == plain
    assert capsys.readouterr().out == plain_out
