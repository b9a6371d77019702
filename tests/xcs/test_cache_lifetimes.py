"""The JIT's caches keep nothing alive that the program let go.

What the JIT learns about a helper (its summary, its twin, how its calls run, a rule
looked up for it) is kept between calls, but only weakly for the program's own objects:
a closure, a bound method's object or a partial's argument dropped by the program dies
when it would have died without the JIT, and its finaliser runs then.
"""

from __future__ import annotations

import functools
import time

from ember import xcs


class Lease:
    """An object whose end the program sees."""

    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def tag(self, x: int) -> str:
        time.sleep(0.001)
        return f"{self.name}:{x}"

    def __del__(self) -> None:
        self.log.append(f"end {self.name}")


def _tag(lease: Lease, x: int) -> str:
    time.sleep(0.001)
    return f"{lease.name}:{x}"


def _closure_dropped(log: list[str]) -> list[str]:
    lease = Lease(log, "c")

    def tag(x):
        time.sleep(0.001)
        return f"{lease.name}:{x}"

    a = tag(1)
    b = tag(2)
    del tag
    lease = None  # (its cell now holds None: the lease's last reference goes)
    log.append("after del")
    return [a, b]


def _method_dropped(log: list[str]) -> list[str]:
    lease = Lease(log, "m")
    tag = lease.tag
    a = tag(1)
    b = tag(2)
    del tag, lease
    log.append("after del")
    return [a, b]


def _partial_dropped(log: list[str]) -> list[str]:
    lease = Lease(log, "p")
    tag = functools.partial(_tag, lease)
    a = tag(1)
    b = tag(2)
    del tag, lease
    log.append("after del")
    return [a, b]


def _comprehension_of_closure(log: list[str]) -> list[str]:
    lease = Lease(log, "k")

    def tag(x):
        time.sleep(0.001)
        return f"{lease.name}:{x}"

    out = [tag(i) for i in range(4)]
    del tag
    lease = None
    log.append("after del")
    return out


def _same(fn) -> None:
    plain_log: list[str] = []
    jit_log: list[str] = []
    plain = fn(plain_log)
    for _ in range(2):  # the second call finds what the first left in the caches
        jit_log.clear()
        assert xcs.jit(fn)(jit_log) == plain
        assert jit_log == plain_log


def test_a_dropped_closure_ends_where_it_ends_plain() -> None:
    _same(_closure_dropped)
    _same(_comprehension_of_closure)


def test_a_dropped_bound_method_ends_where_it_ends_plain() -> None:
    _same(_method_dropped)


def test_a_dropped_partial_ends_where_it_ends_plain() -> None:
    _same(_partial_dropped)
