"""numpy's error handling may call code of the user's: its arithmetic then keeps its place.

A numpy scalar's operator warns on a division by zero (ordered output: reads may cross
it). With ``np.seterrcall`` and ``'call'``, or a `warnings.showwarning` of the user's, the
same division runs their handler, which here PUTs to the server: the GET after it must
not be sent before it. The state is looked at on every call, and set inside the function
(``np.errstate``) it keeps the function's reads in place. Order is what the server saw.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

BASE = {"url": ""}


def _get(key: str, ms: int) -> str:
    return requests.get(f"{BASE['url']}/{key}?ms={ms}").text


def _report(*args: Any) -> None:
    requests.put(f"{BASE['url']}/reported?ms=10")


def divides_between_gets(x: float) -> list[Any]:
    a = _get("a", 150)
    q = np.float64(x) / np.float64(0.0)
    b = _get("b", 20)
    return [a, float(q), b]


def divides_under_its_own_errstate(x: float) -> list[Any]:
    with np.errstate(divide="call"):
        a = _get("a", 150)
        q = np.float64(x) / np.float64(0.0)
        b = _get("b", 20)
    return [a, float(q), b]


@pytest.fixture
def items(web: str) -> Iterator[str]:
    BASE["url"] = web
    saved = np.geterr(), np.geterrcall()
    try:
        yield web
    finally:
        np.seterr(**saved[0])
        np.seterrcall(saved[1])


def _order(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    Items.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = fn()
    return out, list(Items.order)


def test_a_handler_set_between_calls_keeps_the_division_in_place(items: str) -> None:
    jitted = xcs.jit(divides_between_gets)
    value, sent = _order(lambda: jitted(1.0))
    assert (value, sorted(sent)) == (divides_between_gets(1.0), ["a", "b"])
    assert Items.peak == 2  # (no handler yet: the reads overlapped across the division)
    np.seterrcall(_report)
    np.seterr(divide="call")
    plain = _order(lambda: divides_between_gets(1.0))
    assert plain[1] == ["a", "reported", "b"]
    assert _order(lambda: jitted(1.0)) == plain


def test_a_showwarning_of_yours_keeps_the_division_in_place(items: str) -> None:
    jitted = xcs.jit(divides_between_gets)
    jitted(1.0)  # (planned while warnings are shown by the warnings module)
    saved = warnings.showwarning
    warnings.showwarning = _report
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", RuntimeWarning)
            warnings.showwarning = _report  # (catch_warnings restores its own on exit)
            Items.reset()
            plain = divides_between_gets(1.0), list(Items.order)
            Items.reset()
            assert (jitted(1.0), list(Items.order)) == plain
    finally:
        warnings.showwarning = saved
    assert plain[1] == ["a", "reported", "b"]


def test_errstate_set_inside_the_function_keeps_its_reads_in_place(items: str) -> None:
    np.seterrcall(_report)
    plain = _order(lambda: divides_under_its_own_errstate(1.0))
    assert plain[1] == ["a", "reported", "b"]
    assert _order(lambda: xcs.jit(divides_under_its_own_errstate)(1.0)) == plain
