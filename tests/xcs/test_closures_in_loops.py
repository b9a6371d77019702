"""A closure made in the function reads the names it mentions when it runs, not when its
call starts: a call of one that mentions a name the function binds again (a loop's
variable) runs at its place (`FunctionFacts.closures`)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def lambda_reads_the_loop_variable(base: str) -> list[str]:
    k = "start"
    f = lambda: requests.get(f"{base}/{k}?ms=60", timeout=5).text  # noqa: E731
    out = []
    for k in ("a", "b", "c"):  # noqa: B007 - f reads it
        out.append(f())
    return out


def def_reads_the_loop_variable(base: str) -> list[str]:
    def get() -> str:
        return requests.get(f"{base}/{key}?ms=60", timeout=5).text

    out = []
    for key in ("a", "b", "c"):  # noqa: B007 - get reads it
        out.append(get())
    return out


def handed_on(base: str) -> list[str]:
    key = "a"

    def get() -> str:
        return requests.get(f"{base}/{key}?ms=60", timeout=5).text

    first = get()
    key = "b"
    return [first, call(get)]


def call(fn: Any) -> str:
    return fn()


def reads_names_bound_once(base: str) -> list[str]:
    def get(key: str, ms: int) -> str:
        return requests.get(f"{base}/{key}?ms={ms}", timeout=5).text

    return [get(k, ms) for k, ms in (("a", 300), ("b", 300), ("c", 300))]


def run(fn: Any, base: str) -> tuple[Any, list[str], int]:
    Items.reset()
    value = fn(base)
    return value, list(Items.order), Items.peak


@pytest.mark.parametrize("fn", [lambda_reads_the_loop_variable, def_reads_the_loop_variable,
                                handed_on])
def test_a_closure_reading_a_rebound_name_runs_at_its_place(web: str, fn: Any) -> None:
    plain = run(fn, web)
    jitted = run(xcs.jit(fn), web)
    assert jitted[:2] == plain[:2]
    assert jitted[2] == 1


def test_a_closure_reading_names_bound_once_overlaps(web: str) -> None:
    plain = run(reads_names_bound_once, web)
    jitted = run(xcs.jit(reads_names_bound_once), web)
    assert jitted[0] == plain[0] == ["v-a", "v-b", "v-c"]
    # Overlapped: a loaded machine may start the third only after the first has ended.
    assert plain[2] == 1
    assert jitted[2] >= 2
