"""A read, then a guard that returns or raises, then more reads: ``x = read(); if n == 0:
return [x]; return [x, read2()]``. The guard decides whether the later reads happen, so
they never start before it; the read before it is made on either path, so it may start
with them (`_sugar.sink_reads`) when the test cannot tell: it runs no code, cannot raise
and reads only parameters holding a str, number, bool or None. Beside them, tests that
can tell (an object of the user's compared, a str ordered against a number, a parameter
rebound, the read itself tested) keep the read before the guard.
"""

from __future__ import annotations

from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import put, value, web_args

SEEN: list[str] = []


def _reset(env: Env) -> None:
    SEEN.clear()


def early_out(base: str, key: str, brief: bool) -> list[str]:
    a = value(base, f"{key}a")
    if brief:
        return [a]
    return [a, value(base, f"{key}b"), value(base, f"{key}c")]


def _brief_then_full(f: Any, env: Env) -> list[Any]:
    return [f(env.web, "eo1", True), f(env.web, "eo2", False)]


def raises_when_negative(base: str, key: str, n: int) -> str:
    a = value(base, f"{key}a")
    if n < 0:
        raise ValueError(f"negative: {n}")
    return a + value(base, f"{key}b")


def _negative_then_positive(f: Any, env: Env) -> list[Any]:
    out: list[Any] = []
    for n in (-1, 2):
        try:
            out.append(f(env.web, f"rn{n}", n))
        except ValueError as e:
            out.append(str(e))
    return out


def two_guards(base: str, key: str, lo: int, hi: int) -> list[str]:
    a = value(base, f"{key}a")
    if lo > hi:
        return ["empty", a]
    if lo == hi and key != "x":
        return ["one", a]
    return [a, value(base, f"{key}b")]


def _three_ranges(f: Any, env: Env) -> list[Any]:
    return [f(env.web, "tg1", 3, 1), f(env.web, "tg2", 2, 2), f(env.web, "tg3", 1, 4)]


class Loud:
    def __eq__(self, other: object) -> bool:
        print("compared with", other)
        return False

    __hash__ = object.__hash__


def guard_on_an_object(base: str, key: str, mark: Any) -> list[str]:
    a = value(base, f"{key}a")
    if mark == 3:
        return [a]
    return [a, value(base, f"{key}b")]


def _loud_mark(f: Any, env: Env) -> list[Any]:
    return [f(env.web, "go", Loud())]


def guard_orders_a_str(base: str, key: str, limit: Any) -> Any:
    a = value(base, f"{key}a")
    if len(key) < limit:
        return [a]
    return [a, value(base, f"{key}b")]


def _str_limit(f: Any, env: Env) -> list[Any]:
    try:
        return [f(env.web, "os", "3")]
    except TypeError as e:
        return [type(e).__name__, str(e)]


def guard_after_a_rebind(base: str, key: str, n: int) -> list[str]:
    n = n - 1
    a = value(base, f"{key}{n}")
    if n == 0:
        return [a]
    return [a, value(base, f"{key}b")]


def _one_then_two(f: Any, env: Env) -> list[Any]:
    return [f(env.web, "ar", 1), f(env.web, "ar", 2)]


def guard_tests_the_read(base: str, key: str) -> list[str]:
    a = value(base, f"{key}a")
    if a == "stop":
        return [a]
    return [a, value(base, f"{key}b")]


def guard_then_a_write(base: str, key: str, done: bool) -> list[Any]:
    a = value(base, key)
    if done:
        return [a]
    version = put(base, key, "changed")
    return [a, version, value(base, key)]


def _not_done_then_done(f: Any, env: Env) -> list[Any]:
    return [f(env.web, "gw", False), f(env.web, "gw", True)]


def depth_walk(base: str, key: str, n: int) -> list[str]:
    here = value(base, f"{key}{n}")
    if n == 0:
        return [here]
    return [here, value(base, f"{key}s{n}"), *depth_walk(base, key, n - 1)]


def recursion_guarded_by_its_depth(base: str) -> list[str]:
    return depth_walk(base, "dw", 4)


def guard_prints(base: str, key: str, quiet: bool) -> list[str]:
    a = value(base, f"{key}a")
    if not quiet:
        print("loud", key)
        return [a]
    return [a, value(base, f"{key}b")]


def _loud_then_quiet(f: Any, env: Env) -> list[Any]:
    return [f(env.web, "gp1", False), f(env.web, "gp2", True)]


CASES = [
    Case("validation", early_out, args=web_args, servers="web", drive=_brief_then_full,
         ideal=4 / 2, overlap=3),
    Case("validation", raises_when_negative, args=web_args, servers="web",
         drive=_negative_then_positive, ideal=3 / 2, overlap=2),
    Case("validation", two_guards, args=web_args, servers="web", drive=_three_ranges,
         ideal=4 / 3, overlap=2),
    Case("validation", guard_on_an_object, args=web_args, servers="web", drive=_loud_mark),
    Case("validation", guard_orders_a_str, args=web_args, servers="web", drive=_str_limit),
    Case("validation", guard_after_a_rebind, args=web_args, servers="web",
         drive=_one_then_two),
    Case("validation", guard_tests_the_read, args=lambda env: (env.web, "tr"),
         servers="web"),
    Case("validation", guard_then_a_write, args=web_args, servers="web",
         drive=_not_done_then_done),
    Case("helpers", recursion_guarded_by_its_depth, args=web_args, servers="web", ideal=9.0,
         overlap=9),
    Case("validation", guard_prints, args=web_args, servers="web", drive=_loud_then_quiet,
         ideal=3 / 2, overlap=2),
]
