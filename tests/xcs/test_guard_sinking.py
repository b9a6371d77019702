"""A read before a guard that leaves is made on either path (`_sugar.sink_reads`): it
starts with the reads after the guard when the guard's test cannot tell, and keeps its
place before the guard when it can (a user's ``__eq__``, a parameter rebound, a test of
the read itself)."""

from __future__ import annotations

import threading
import time
from typing import Any

from ember import xcs

_lock = threading.Lock()
_flight = [0, 0]  # now, most
EVENTS: list[str] = []


@xcs.effect("read", resource="net")
def fetch(key: str) -> str:
    with _lock:
        _flight[0] += 1
        _flight[1] = max(_flight)
        EVENTS.append(f"start {key}")
    time.sleep(0.05)
    with _lock:
        _flight[0] -= 1
        EVENTS.append(f"end {key}")
    return key.upper()


def _most(f: Any, *args: Any) -> tuple[Any, int]:
    _flight[:] = [0, 0]
    EVENTS.clear()
    return f(*args), _flight[1]


def early_out(key: str, brief: bool) -> list[str]:
    a = fetch(key + "a")
    if brief:
        return [a]
    return [a, fetch(key + "b"), fetch(key + "c")]


def test_the_read_before_a_guard_starts_with_the_reads_after_it() -> None:
    f = xcs.jit(early_out)
    assert _most(f, "k", False) == (early_out("k", False), 3)
    assert _most(f, "k", True) == (early_out("k", True), 1)


class Loud:
    def __eq__(self, other: object) -> bool:
        EVENTS.append("compared")
        return False

    __hash__ = object.__hash__


def guard_on_an_object(key: str, mark: Any) -> list[str]:
    a = fetch(key + "a")
    if mark == 3:
        return [a]
    return [a, fetch(key + "b")]


def guard_after_a_rebind(key: str, n: int) -> list[str]:
    n = n - 1
    a = fetch(key + "a")
    if n == 0:
        return [a]
    return [a, fetch(key + "b")]


def test_a_test_that_could_tell_keeps_the_read_before_it() -> None:
    f = xcs.jit(guard_on_an_object)
    value, most = _most(f, "o", Loud())
    assert value == ["OA", "OB"] and most == 1
    assert EVENTS[:3] == ["start oa", "end oa", "compared"]
    g = xcs.jit(guard_after_a_rebind)
    assert _most(g, "r", 3) == (guard_after_a_rebind("r", 3), 1)


def str_tests(key: str) -> list[str]:
    a = fetch(key + "a")
    if key.endswith("!") or "?" in key:
        raise ValueError(key)
    return [a, fetch(key + "b")]


def test_a_strs_own_tests_cannot_tell() -> None:
    f = xcs.jit(str_tests)
    assert _most(f, "k") == (str_tests("k"), 2)
    for bad in ("k!", "k?"):
        try:
            f(bad)
        except ValueError as e:
            assert str(e) == bad
        assert EVENTS[-2:] == [f"start {bad}a", f"end {bad}a"]
