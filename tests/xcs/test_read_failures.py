"""A helper's read failing is not a decision (`_failing`): a ``raise`` that only a started
read reaches leaves the calls after the helper's free to start beside it (the reads sent
beside a failing one are docs/jit.md's allowance), and a backoff in an ``except`` block
does not pace them. A ``raise`` before the read (validation) decides whether what follows
runs, and a sleep before each request (a rate limit) spaces them: those calls keep their
places, as the plain code sends them."""

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
        url = f"{web}/items/{key}?ms={ms}"
        try:
            r = requests.get(url, timeout=5)
            r.raise_for_status()
            return r.text
        except requests.HTTPError:
            time.sleep(0.01 * 2 ** attempt)
    raise RuntimeError(f"gave up on {key}")


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
@pytest.mark.parametrize("helper", [raises_on_what_it_read, retries_then_gives_up],
                         ids=lambda f: f.__name__)
def test_a_helper_raising_only_on_what_it_read_overlaps(helper: Any, form: Any,
                                                        web: str) -> None:
    plain, _ = _run(form, helper, web)
    assert Items.peak == 1
    assert _run(xcs.jit(form), helper, web)[0] == plain == ["v-a", "v-b", "v-c"]
    assert Items.peak == 3


def test_its_failure_is_the_plain_codes_and_reads_beside_it_are_allowed(web: str) -> None:
    keys = (("a", 150), ("missing", 20), ("c", 80))
    plain, plain_order = _run(three, raises_on_what_it_read, web, keys)
    assert plain == (LookupError, ("missing",)) and plain_order == ["a", "missing"]
    jitted, jitted_order = _run(xcs.jit(three), raises_on_what_it_read, web, keys)
    assert jitted == plain
    assert set(plain_order) <= set(jitted_order) <= {"a", "missing", "c"}  # (reads only)


@pytest.mark.parametrize("helper", [validates_first, raises_in_a_branch_before],
                         ids=lambda f: f.__name__)
def test_a_helper_that_raises_before_its_read_decides_what_follows(helper: Any,
                                                                   web: str) -> None:
    keys = (("a", 150), ("missing", 0), ("c", 80))
    plain, plain_order = _run(three, helper, web, keys)
    assert type(plain) is tuple and plain[0] in (LookupError, ValueError)
    jitted, jitted_order = _run(xcs.jit(three), helper, web, keys)
    assert (jitted, jitted_order) == (plain, plain_order)  # (no read past the failing one)
    assert Items.peak == 1


@pytest.mark.parametrize("form", [three, each], ids=lambda f: f.__name__)
def test_a_sleep_before_each_request_keeps_the_calls_apart(form: Any, web: str) -> None:
    plain, plain_order = _run(form, rate_limited, web)
    assert _run(xcs.jit(form), rate_limited, web) == (plain, plain_order)
    assert Items.peak == 1
