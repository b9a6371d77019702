"""A helper that raises by design decides whether the calls after it happen: a ``raise``
before its read (validation), after it on what it read (``if r.status_code == 404: raise``),
in an ``except`` or after a retry loop. Nothing written after such a helper is sent before
it has run: the server sees no read past the failing one. The items of one comprehension
start together, so a later item's read may have been sent when an earlier item's helper
raised (docs/jit.md's allowance: reads only, the exception the plain code's). A sleep before
or after each request (a rate limit, a wait after a refusal) spaces the calls: they keep
their places, as the plain code sends them."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

KEYS = (("a", 150), ("b", 20), ("c", 80))


def raises_on_what_it_read(web: str, key: str, ms: int) -> str:
    text = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    if text == "v-missing":
        raise LookupError(key)
    return text


def retries_then_gives_up(web: str, key: str, ms: int) -> str:
    for attempt in range(3):
        text = requests.get(f"{web}/items/{key}?ms={ms}&attempt={attempt}", timeout=5).text
        if text != "v-missing":
            return text
    raise RuntimeError(f"gave up on {key}")


def validates_after_reading(web: str, key: str, ms: int) -> str:
    meta = requests.get(f"{web}/items/meta-{key}?ms=5", timeout=5).text
    if key == "missing":  # (a test of the argument, not of the read: it decides)
        raise LookupError(key, meta)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def reads_its_settings_first(web: str, key: str, ms: int) -> str:
    table = {"a": 1, "b": 1, "c": 1}
    try:
        limit = table[key]
        text = requests.get(f"{web}/items/{key}?ms={ms * limit}", timeout=5).text
    except KeyError:
        raise LookupError(key) from None
    return text


def backs_off_on_failure(web: str, key: str, ms: int) -> str:
    try:
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        r.raise_for_status()
    except requests.HTTPError:
        time.sleep(0.05)  # (a rate limit's wait: it spaces the calls after it too)
        raise
    return r.text


def validates_first(web: str, key: str, ms: int) -> str:
    if key == "missing":
        raise LookupError(key)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def raises_in_a_branch_before(web: str, key: str, ms: int) -> str:
    if ms > 0:
        text = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    else:
        raise ValueError(key)
    return text


def rate_limited(web: str, key: str, ms: int) -> str:
    time.sleep(0.02)  # (spacing before each request: its calls keep their place)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def three(helper: Any, web: str, keys: tuple[tuple[str, int], ...] = KEYS) -> list[str]:
    (ka, ma), (kb, mb), (kc, mc) = keys
    a = helper(web, ka, ma)
    b = helper(web, kb, mb)
    c = helper(web, kc, mc)
    return [a, b, c]


def each(helper: Any, web: str, keys: tuple[tuple[str, int], ...] = KEYS) -> list[str]:
    return [helper(web, k, ms) for k, ms in keys]


def _run(fn: Any, *args: Any) -> tuple[Any, list[str]]:
    Items.reset()
    try:
        out: Any = fn(*args)
    except Exception as exc:  # noqa: BLE001 - the outcome compared is the exception
        out = (type(exc), exc.args)
    return out, list(Items.order)


@pytest.mark.parametrize("form", [three, each], ids=lambda f: f.__name__)
@pytest.mark.parametrize("helper", [validates_first, raises_in_a_branch_before,
                                    validates_after_reading, reads_its_settings_first,
                                    raises_on_what_it_read, retries_then_gives_up],
                         ids=lambda f: f.__name__)
def test_a_helper_that_raises_by_design_decides_what_follows(helper: Any, form: Any,
                                                             web: str) -> None:
    keys = (("a", 150), ("missing", 0), ("c", 80))
    plain, plain_order = _run(form, helper, web, keys)
    assert type(plain) is tuple and plain[0] in (LookupError, ValueError, RuntimeError)
    jitted, jitted_order = _run(xcs.jit(form), helper, web, keys)
    assert jitted == plain  # (a helper's own reads may overlap, and arrive in any order)
    if form is three:
        assert sorted(jitted_order) == sorted(plain_order)  # (no read past the failing one)
    else:
        assert set(plain_order) <= set(jitted_order) <= {*plain_order, "c", "meta-c"}


@pytest.mark.parametrize("helper", [rate_limited, backs_off_on_failure],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("form", [three, each], ids=lambda f: f.__name__)
def test_a_sleep_before_or_after_each_request_keeps_the_calls_apart(
        helper: Any, form: Any, web: str) -> None:
    plain, plain_order = _run(form, helper, web)
    assert _run(xcs.jit(form), helper, web) == (plain, plain_order)
    assert Items.peak == 1
