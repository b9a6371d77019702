"""Red-team cases (stop 21), twentieth part: a generator's step inside a read's arguments,
a tuple subclass walked by a loop, a jitted function called from inside a running event
loop, and async-looking sync code (callbacks queued and run later, a hand-made future).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import put, value, web_args


def loud_keys() -> Iterator[str]:
    for k in ("gk1", "gk2"):
        print("yield", k)
        yield k


def generator_step_in_arguments(base: str) -> list[str]:
    g = loud_keys()
    a = value(base, "gk0")
    print("before")
    b = value(base, next(g))
    return [a, b]


class LoudTuple(tuple):
    def __iter__(self) -> Iterator[Any]:
        for x in super().__iter__():
            print("take", x)
            yield x


def tuple_subclass_walked_by_a_loop(base: str) -> list[str]:
    out = []
    for k in LoudTuple(("lt1", "lt2")):
        out.append(value(base, k))
        print("got", k)
    return out


def two_reads(base: str) -> list[str]:
    return [value(base, "el1"), value(base, "el2")]


def _inside_a_running_loop(f: Any, env: Env) -> Any:
    async def main() -> Any:
        return f(env.web)  # a sync call that blocks this loop, as scripts do

    return asyncio.run(main())


def callbacks_queued_then_run(base: str) -> list[Any]:
    todo: list[Callable[[], Any]] = []
    for k in ("cq1", "cq2"):
        todo.append(lambda k=k: value(base, k))
    todo.append(lambda: put(base, "cq1", "changed"))
    todo.append(lambda: value(base, "cq1"))
    return [t() for t in todo]


class Deferred:
    """A hand-made future: the GET is sent by result()."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    def result(self) -> str:
        return value(self.base, self.key)


def hand_made_futures_resolved_after_a_write(base: str) -> list[str]:
    pending = [Deferred(base, k) for k in ("hf1", "hf2")]
    put(base, "hf1", "changed")  # nothing has been sent yet
    return [p.result() for p in pending]


CASES = [
    Case("helpers", generator_step_in_arguments, args=web_args, servers="web"),
    Case("helpers", tuple_subclass_walked_by_a_loop, args=web_args, servers="web"),
    Case("clients", two_reads, drive=_inside_a_running_loop, servers="web"),
    Case("helpers", callbacks_queued_then_run, args=web_args, servers="web"),
    Case("helpers", hand_made_futures_resolved_after_a_write, args=web_args, servers="web"),
]
