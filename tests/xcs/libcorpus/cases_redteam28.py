"""Red-team cases (stop 23), twenty-eighth part: what ties a helper to its caller.

A helper that reads a `threading.local` its caller set sees that value only on the
caller's thread; a callable passed to a helper (``items.append``, ``print``, ``len``) is
what the helper calls, and these share one type, so what the helper does with one says
nothing of another.
"""

from __future__ import annotations

import threading
from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import value, web_args

# --------------------------------------------------------------------------- thread-locals

_tl = threading.local()


def tagged_pair(base: str, key: str) -> list[str]:
    a = value(base, f"{key}a")
    tag = getattr(_tl, "tag", "no tag")
    return [a, tag, value(base, f"{key}b")]


def helper_reads_a_thread_local_alone(base: str) -> list[str]:
    _tl.tag = "alone"
    try:
        return tagged_pair(base, "tla")
    finally:
        del _tl.tag


def two_tagged(base: str) -> list[list[str]]:
    return [tagged_pair(base, "tw1"), tagged_pair(base, "tw2")]


def thread_local_two_levels_down(base: str) -> list[list[str]]:
    _tl.tag = "two down"
    try:
        return two_tagged(base)
    finally:
        del _tl.tag


def thread_local_in_a_comprehension(base: str) -> list[list[str]]:
    _tl.tag = "set by caller"
    try:
        return [tagged_pair(base, k) for k in ("tl1", "tl2")]
    finally:
        del _tl.tag


class Tagger:
    local = threading.local()

    def tag(self, base: str, key: str) -> list[str]:
        return [value(base, key), getattr(self.local, "tag", "no tag"), value(base, key + "x")]


def method_reads_a_class_thread_local(base: str) -> list[list[str]]:
    Tagger.local.tag = "class local"
    try:
        t = Tagger()
        return [t.tag(base, "mt1"), t.tag(base, "mt2")]
    finally:
        del Tagger.local.tag


# --------------------------------------------------------------------------- callables passed in

SEEN: list[str] = []


def _reset(env: Env) -> None:
    SEEN.clear()


def with_callback(base: str, key: str, on_value: Any) -> str:
    a = value(base, key + "a")
    on_value(a)
    return a + value(base, key + "b")


def callbacks_append_in_turn(base: str) -> tuple[list[str], list[str]]:
    out = [with_callback(base, k, SEEN.append) for k in ("ca1", "ca2", "ca3")]
    return out, list(SEEN)


def callbacks_len_then_print(base: str) -> list[str]:
    quiet = [with_callback(base, k, len) for k in ("cb1", "cb2")]
    return quiet + [with_callback(base, k, print) for k in ("cb3", "cb4", "cb5")]


def callbacks_print_then_len(base: str) -> list[str]:
    loud = [with_callback(base, k, print) for k in ("cp1", "cp2", "cp3")]
    return loud + [with_callback(base, k, len) for k in ("cp4", "cp5")]


def callbacks_passed_in(base: str, on_value: Any) -> list[str]:
    return [with_callback(base, k, on_value) for k in ("cq1", "cq2", "cq3")]


def _append_then_print(f: Any, env: Env) -> list[Any]:
    """One jitted function called with three callables of one type, in turn."""
    return [f(env.web, len), f(env.web, SEEN.append), list(SEEN), f(env.web, print)]


def mapped_with_a_callable_argument(base: str) -> list[str]:
    def each(key: str, on_value: Any) -> str:
        return "".join(map(on_value, [value(base, key), value(base, key + "m")]))

    return [each("mc1", str.upper), each("mc2", str.lower), each("mc3", print)]


CASES = [
    Case("threads", helper_reads_a_thread_local_alone, args=web_args, servers="web"),
    Case("threads", thread_local_two_levels_down, args=web_args, servers="web"),
    Case("threads", thread_local_in_a_comprehension, args=web_args, servers="web"),
    Case("threads", method_reads_a_class_thread_local, args=web_args, servers="web"),
    Case("helpers", callbacks_append_in_turn, args=web_args, servers="web", setup=_reset),
    Case("helpers", callbacks_len_then_print, args=web_args, servers="web"),
    Case("helpers", callbacks_print_then_len, args=web_args, servers="web"),
    Case("helpers", callbacks_passed_in, args=web_args, servers="web", setup=_reset,
         drive=_append_then_print),
    Case("helpers", mapped_with_a_callable_argument, args=web_args, servers="web"),
]
