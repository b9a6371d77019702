"""What the JIT learns about a helper holds for one function object, not for its code.

Closures made by one `def`, and a `def` in a loop binding `d=d` defaults, share a code
object but not the cells and defaults their calls read: each runs as its own twin, and is
classified by what its own cells call.
"""

from __future__ import annotations

import time

from ember import xcs
from ember.xcs._launch import rule_of
from ember.xcs._twin import twin_of


def _make(delay: float):
    def helper(x):
        time.sleep(delay)
        return (x, delay)

    return helper


def _with_defaults(delays: list[float]) -> list:
    out = []
    for d in delays:
        def helper(x, d=d):
            time.sleep(d)
            return (x, d)

        out.append(helper)
    return out


@xcs.jit
def _two(h):
    a = h(1)
    b = h(2)
    return [a, b]


def test_closures_of_one_def_each_run_with_their_own_cells() -> None:
    first, second = _make(0.001), _make(0.002)
    assert twin_of(first) is not None and twin_of(first) is not twin_of(second)
    assert _two(first) == [(1, 0.001), (2, 0.001)]
    assert _two(second) == [(1, 0.002), (2, 0.002)]
    assert _two.stats()["last_started_calls"] == 2  # the twins ran (started early)


def test_defs_in_a_loop_each_run_with_their_own_defaults() -> None:
    first, second = _with_defaults([0.001, 0.002])
    assert _two(first) == [(1, 0.001), (2, 0.001)]
    assert _two(second) == [(1, 0.002), (2, 0.002)]


def test_new_defaults_make_a_new_twin() -> None:
    helper = _make(0.001)
    _, other = _with_defaults([0.001, 0.001])
    assert _two(other) == [(1, 0.001), (2, 0.001)]
    other.__defaults__ = (0.002,)
    assert _two(other) == [(1, 0.002), (2, 0.002)]
    assert _two(helper) == [(1, 0.001), (2, 0.001)]


def _keyword_default(x, *, d=0.001):
    time.sleep(d)
    return (x, d)


def test_new_keyword_defaults_make_a_new_twin() -> None:
    try:
        assert _two(_keyword_default) == [(1, 0.001), (2, 0.001)]
        _keyword_default.__kwdefaults__ = {"d": 0.002}  # a new dict
        assert _two(_keyword_default) == [(1, 0.002), (2, 0.002)]
        _keyword_default.__kwdefaults__["d"] = 0.003  # the same dict, changed
        assert _two(_keyword_default) == [(1, 0.003), (2, 0.003)]
        assert _two.stats()["last_started_calls"] == 2  # (still the twin, started early)
    finally:
        _keyword_default.__kwdefaults__ = {"d": 0.001}


_log: list[tuple[str, int]] = []


@xcs.effect("read")
def _reader(x):
    _log.append(("r", x))
    return x


@xcs.effect("write")
def _writer(x):
    _log.append(("w", x))
    time.sleep(0.01)  # a write in flight: another started now would log in between
    _log.append(("w done", x))
    return x


def _calling(fn):
    def helper(x):
        return fn(x)

    return helper


def test_closures_of_one_def_are_classified_by_their_own_cells() -> None:
    reads, writes = _calling(_reader), _calling(_writer)
    assert rule_of(reads)[0].value == "read"
    assert rule_of(writes)[0].value == "write"  # was the reader's verdict: same code
    _log.clear()
    assert xcs.jit(_two.__wrapped__)(writes) == [1, 2]
    assert _log == [("w", 1), ("w done", 1), ("w", 2), ("w done", 2)]  # one at a time


def _defs_sharing_a_cell(delay: float, n: int) -> list:
    out = []
    for _ in range(n):
        def helper(x):
            time.sleep(delay)
            return (x, delay)

        out.append(helper)
    return out


def test_functions_made_with_the_same_cells_share_their_twin() -> None:
    first, second = _defs_sharing_a_cell(0.001, 2)  # one frame's cell: one analysis for both
    a, b = twin_of(first), twin_of(second)
    assert first is not second and a is not None and b is not None
    assert a.__code__ is b.__code__ and a.__closure__ == b.__closure__  # (each its own function)
    other = _defs_sharing_a_cell(0.002, 1)[0]  # another call's cell: a twin of its own
    assert twin_of(other).__code__ is not a.__code__
    assert _two(second) == [(1, 0.001), (2, 0.001)]
    assert _two(other) == [(1, 0.002), (2, 0.002)]
