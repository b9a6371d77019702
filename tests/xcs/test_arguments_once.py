"""A call's arguments are evaluated once, as in the plain code.

A call the JIT may start early has its arguments evaluated where it would start. When the
run time then keeps it for its own place (its callee has no rule, or writes), it runs with
those arguments: evaluating them again would run what they run twice, such as draining a
generator that ``"".join`` walks, or a ``next(it)``.
"""

from __future__ import annotations

from typing import Any

from ember import xcs
from ember.api import models


class Box:
    def __init__(self, tag: str) -> None:
        self.tag = tag

    def get(self) -> str:
        return self.tag


def opaque(text: str, box: Any) -> str:
    return box.get() + ":" + text  # (a method of an argument of no known type: no rule)


def joined_streams(q: str, b1: Box, b2: Box) -> tuple[str, str]:
    s1 = models.stream("sim/a", q, latency=0.02)
    s2 = models.stream("sim/b", q, latency=0.01)
    return opaque("".join(s1), b1), opaque("".join(s2), b2)


def next_of_streams(q: str, b1: Box, b2: Box) -> list[str]:
    s1 = iter(models.stream("sim/a", q, latency=0.02))
    s2 = iter(models.stream("sim/b", q, latency=0.01))
    return [opaque(next(s1), b1), opaque(next(s2), b2), "".join(s1), "".join(s2)]


def test_arguments_of_a_call_kept_for_its_place_are_evaluated_once() -> None:
    for fn in (joined_streams, next_of_streams):
        plain = fn("q", Box("1"), Box("2"))
        assert xcs.jit(fn)("q", Box("1"), Box("2")) == plain, fn.__name__
