"""Red-team cases (stop 21), fifteenth part: sleep helpers that raise (which error comes
first), a function that hands back a lazy generator the caller drains after a write,
arguments that change a container as they are computed (a ``defaultdict`` lookup,
``pop``, ``__missing__``), and a printed list a started read's argument would change.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import put, value, web_args

# --------------------------------------------------------------------------- sleep helpers that raise


def settle(ms: int) -> int:
    time.sleep(ms / 1000)
    if ms in (100, 10):
        raise ValueError(f"could not settle {ms}")
    return ms


def sleep_helpers_fail_in_a_comprehension() -> list[int]:
    # the first fails slowly, the second fast: plain raises the first's error
    return [settle(ms) for ms in (100, 10, 30)]


def sleep_helpers_fail_in_two_statements() -> list[int]:
    a = settle(100)
    b = settle(10)
    return [a, b]


def wait_value(ms: int) -> str:
    time.sleep(ms / 1000)
    return f"w{ms}"


def sleep_helper_value_then_failing_check() -> list[str]:
    a = wait_value(80)
    if not a.startswith("x"):
        raise RuntimeError(f"unexpected {a}")
    return [a, wait_value(10)]


# --------------------------------------------------------------------------- lazy results drained by the caller


def lazy_values(base: str) -> Iterator[str]:
    return (value(base, k) for k in ("lv1", "lv2"))


def _drain_after_a_write(f: Any, env: Env) -> list[str]:
    g = f(env.web)
    put(env.web, "lv1", "changed")  # the generator has read nothing yet
    return list(g)


def lazy_map(base: str) -> Iterator[str]:
    return map(lambda k: value(base, k), ["lm1", "lm2"])


def _drain_map_after_a_write(f: Any, env: Env) -> list[str]:
    g = f(env.web)
    put(env.web, "lm1", "changed")
    return list(g)


# --------------------------------------------------------------------------- arguments that change containers


def defaultdict_lookup_in_arguments(base: str) -> list[Any]:
    d: defaultdict[str, list[int]] = defaultdict(list)
    d["a"].append(1)
    first = value(base, "dd0")
    d["b"].append(2)
    second = value(base, f"dd{len(d['c'])}")  # the lookup adds "c"
    return [first, second, list(d)]


def pop_in_arguments_after_a_print(base: str) -> list[Any]:
    keys = ["pp1", "pp2"]
    first = value(base, "pp0")
    print("keys", keys)
    second = value(base, keys.pop())
    return [first, second, keys]


class Defaults(dict):
    def __missing__(self, key: str) -> str:
        print("default for", key)
        self[key] = f"{key}-default"
        return self[key]


def missing_dunder_in_arguments(base: str) -> list[Any]:
    d = Defaults()
    first = value(base, "md0")
    print("before")
    second = value(base, d["md1"])
    return [first, second, dict(d)]


CASES = [
    Case("sleep", sleep_helpers_fail_in_a_comprehension),
    Case("sleep", sleep_helpers_fail_in_two_statements),
    Case("sleep", sleep_helper_value_then_failing_check),
    Case("helpers", lazy_values, drive=_drain_after_a_write, servers="web"),
    Case("helpers", lazy_map, drive=_drain_map_after_a_write, servers="web"),
    Case("state", defaultdict_lookup_in_arguments, args=web_args, servers="web"),
    Case("state", pop_in_arguments_after_a_print, args=web_args, servers="web"),
    Case("state", missing_dunder_in_arguments, args=web_args, servers="web"),
]
