"""A local bound once to ``functools.partial(f, ...)`` and only ever called has `f`'s rule.

``get = functools.partial(requests.get, timeout=5)`` was a callee known only when each call
starts, classified at its own place: the GETs after it could not start before it. Now the
analysis names a partial it makes of the same `f` and constant arguments, and the run
classifies each call again with the program's own partial when it starts. A partial of a
write keeps its place; a local used otherwise than called is not taken for one.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def reads(base: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    a = get(f"{base}/a?ms=150").content.decode()
    b = get(f"{base}/b?ms=50").content.decode()
    print("two in")
    c = get(f"{base}/c?ms=90").content.decode()
    return [a, b, c]


def keyword_callee(base: str) -> list[str]:
    fetch = functools.partial(requests.request, "GET", timeout=5)
    return [fetch(f"{base}/{k}?ms={ms}").content.decode()
            for k, ms in (("a", 150), ("b", 50), ("c", 90))]


def write_between(base: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    put = functools.partial(requests.request, "PUT", timeout=5)
    a = get(f"{base}/a?ms=150").text
    w = put(f"{base}/w?ms=0").text
    b = get(f"{base}/b?ms=50").text
    return [a, w, b]


def handed_on(base: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    calls = [get]  # (used otherwise than called: what calls it later is not looked at)
    a = get(f"{base}/a?ms=150").text
    calls[0] = functools.partial(requests.put, timeout=5)
    b = get(f"{base}/b?ms=50").text
    w = calls[0](f"{base}/w?ms=0").text
    return [a, b, w]


def run(fn: Any, base: str) -> tuple[Any, list[str], int]:
    Items.reset()
    value = fn(base)
    return value, list(Items.order), Items.peak


@pytest.mark.parametrize(("fn", "peak"), [(reads, 3), (keyword_callee, 3)])
def test_calls_of_a_partial_of_a_read_overlap(web: str, fn: Any, peak: int,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(fn, web)
    out = capsys.readouterr().out
    jitted = run(xcs.jit(fn), web)
    assert jitted[0] == plain[0]
    assert capsys.readouterr().out == out
    assert plain[2] == 1 and jitted[2] == peak


@pytest.mark.parametrize("fn", [write_between, handed_on])
def test_a_partial_of_a_write_keeps_its_place(web: str, fn: Any) -> None:
    plain = run(fn, web)
    jitted = run(xcs.jit(fn), web)
    assert jitted[0] == plain[0]
    w = plain[1].index("w")  # (the reads on either side of the write may come in any order)
    assert jitted[1][w] == "w" and sorted(jitted[1][:w]) == sorted(plain[1][:w])


def test_a_partial_rebound_between_calls_of_the_function_plans_again(web: str) -> None:
    """What the partial's `f` resolved to is guarded: another `requests.get` plans again."""
    jf = xcs.jit(reads)
    assert run(jf, web)[2] == 3
    original = requests.get
    seen: list[str] = []

    def logged(url: str, **kw: Any) -> Any:
        seen.append(url.rsplit("/", 1)[1])
        return requests.request("PUT", url, **kw)  # (a write now: in order)

    requests.get = logged  # type: ignore[assignment]
    try:
        plain = run(reads, web)
        jitted = run(jf, web)
    finally:
        requests.get = original  # type: ignore[assignment]
    assert jitted[:2] == plain[:2]
    assert jitted[2] == 1
