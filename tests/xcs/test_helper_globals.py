"""A helper's reads of globals are inputs of its call (`ember.xcs._globals`, `_moves`): a
call of a helper that reads a dict, a class attribute or a global the function rebinds
does not move across a statement that changes them; one that reads only functions,
modules and immutable values does. So does a call whose own arguments read a class's
attribute (``fetch(f"{Conf.prefix}-k")``) across a helper or a constructor that sets it."""

from __future__ import annotations

import time
from typing import Any

from ember import xcs
from ember.xcs._globals import reads_state

CONFIG = {"prefix": "one"}
PREFIX = "one"
DELAY = 0.01
MAX_KEY = 64


class Conf:
    prefix = "one"


@xcs.effect("read", resource="net")
def fetch(key: str) -> str:
    time.sleep(DELAY)
    return key


def from_dict(key: str) -> str:
    return fetch(f"{CONFIG['prefix']}-{key}")


def from_global(key: str) -> str:
    return fetch(f"{PREFIX}-{key}")


def from_class(key: str) -> str:
    return fetch(f"{Conf.prefix}-{key}")


def only_constants(key: str) -> str:
    return fetch(key[:MAX_KEY])


def with_default(key: str, opts: dict = {"p": "one"}) -> str:  # noqa: B006 - under test
    return fetch(f"{opts['p']}-{key}")


def test_what_a_helper_reads() -> None:
    assert reads_state(from_dict) and reads_state(from_class) and reads_state(with_default)
    assert not reads_state(only_constants) and not reads_state(from_global)


def dict_changed(log: list[str]) -> list[str]:
    a = from_dict("k")
    CONFIG["prefix"] = "two"
    b = from_dict("k")
    return [a, b]


def class_changed(log: list[str]) -> list[str]:
    a = from_class("k")
    Conf.prefix = "two"
    b = from_class("k")
    return [a, b]


def global_rebound(log: list[str]) -> list[str]:
    global PREFIX
    a = from_global("k")
    PREFIX = "two"
    b = from_global("k")
    return [a, b]


def set_prefix(value: str) -> None:
    global PREFIX
    PREFIX = value


def set_prefix_through(value: str) -> None:
    set_prefix(value)


def rebound_by_a_helper(log: list[str]) -> list[str]:
    a = from_global("k")
    set_prefix("two")  # (a global statement of the helper's own: the caller sees no store)
    b = from_global("k")
    return [a, b]


def rebound_two_helpers_down(log: list[str]) -> list[str]:
    a = from_global("k")
    set_prefix_through("two")
    b = from_global("k")
    return [a, b]


def default_changed(log: list[str]) -> list[str]:
    a = with_default("k")
    with_default.__defaults__[0]["p"] = "two"  # type: ignore[index]
    b = with_default("k")
    return [a, b]


def set_class_prefix(value: str) -> None:
    Conf.prefix = value


class Switch:
    def __init__(self, value: str) -> None:
        Conf.prefix = value  # (a constructor that changes a class: not only its object)


def class_read_in_the_call_changed_by_a_helper(log: list[str]) -> list[str]:
    a = fetch(f"{Conf.prefix}-k")
    set_class_prefix("two")
    b = fetch(f"{Conf.prefix}-k")
    return [a, b]


def class_read_in_the_call_changed_by_a_constructor(log: list[str]) -> list[str]:
    a = fetch(f"{Conf.prefix}-k")
    Switch("two")
    b = fetch(f"{Conf.prefix}-k")
    return [a, b]


def _reset() -> None:
    global PREFIX
    CONFIG["prefix"] = Conf.prefix = PREFIX = "one"
    with_default.__defaults__[0]["p"] = "one"  # type: ignore[index]


def test_a_helpers_call_stays_behind_a_change_of_what_it_reads() -> None:
    for fn in (dict_changed, class_changed, global_rebound, rebound_by_a_helper,
               rebound_two_helpers_down, default_changed,
               class_read_in_the_call_changed_by_a_helper,
               class_read_in_the_call_changed_by_a_constructor):
        _reset()
        plain = fn([])
        _reset()
        assert xcs.jit(fn)([]) == plain == ["one-k", "two-k"], fn.__name__


def appends_between(out: list[Any]) -> list[str]:
    seen: list[str] = []
    a = only_constants("a")
    seen.append(a)
    b = only_constants("b")
    return [a, b, *seen]


def test_a_helper_reading_only_constants_still_overlaps() -> None:
    fast = xcs.jit(appends_between)
    assert fast([]) == ["a", "b", "a"]
    assert fast.explain().strategy == "parallel"


COUNTS = {"n": 0}


@xcs.effect("read", resource="net")
def fetch_after(key: str, delay: float) -> str:
    time.sleep(delay)
    return key


def bump() -> int:
    COUNTS["n"] += 1
    return COUNTS["n"]


def next_id(_state: list[int] = [0]) -> int:  # noqa: B006 - the shared default is the point
    _state[0] += 1
    return _state[0]


def view(key: str, delay: float) -> str:
    value = fetch_after(key, delay)
    return f"{bump()}/{next_id()}={value}"


def two_views(log: list[str]) -> list[str]:
    return [view("a", 0.08), view("b", 0.0)]


def test_a_helper_that_reads_then_has_a_helper_change_a_global_keeps_its_order() -> None:
    """``bump()`` (``COUNTS["n"] += 1``) and ``next_id()`` (a mutable default) change what
    every call shares: the view that calls them after its read is a write, in order."""
    COUNTS["n"] = 0
    plain = two_views([])
    assert plain == ["1/1=a", "2/2=b"]
    COUNTS["n"] = 0
    next_id.__defaults__[0][0] = 0  # type: ignore[index]
    assert xcs.jit(two_views)([]) == plain
