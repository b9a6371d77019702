"""Loop bodies that skip an item or catch its error, as the plain loop runs them.

An ``if ...: continue`` skips the rest of one item, not the loop: calls before it start
for every item ahead; a call after it starts for each item whose checks pass, run ahead
when they are pure, and never for an item they skip. A call that opens a ``try`` starts
for every item ahead too; its error is raised at its own place, inside the ``try``, for
the handler the plain loop runs. The server sees the plain run's requests, no more."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

KEYS = [("a", 150), ("skip", 10), ("b", 50), ("c", 60)]


def fetch(s: Any, base: str, key: str, ms: int) -> str:
    return s.get(f"{base}/{key}?ms={ms}").text


def filtered_before(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        if key == "skip":
            continue
        out.append(fetch(s, base, key, ms))
    return out


def checked_after(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        r = s.get(f"{base}/{key}?ms={ms}")
        if r.text.endswith("p"):
            continue
        out.append(r.text)
    return out


def seen_before(s: requests.Session, base: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for key, ms in [*KEYS, ("a", 10)]:
        if key in seen:  # (what it tests changes in the loop: not run ahead)
            continue
        seen.add(key)
        out.append(fetch(s, base, key, ms))
    return out


def skip_then_stop(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        if key == "skip":
            continue
        if key == "c":
            raise ValueError(f"no {key}")
        out.append(fetch(s, base, key, ms))
    return out


def run(fn: Any, base: str) -> tuple[Any, list[str], int]:
    Items.reset()
    with requests.Session() as s:
        try:
            value: Any = fn(s, base)
        except ValueError as exc:
            value = repr(exc)
    return value, sorted(Items.order), Items.peak


def test_a_filter_before_the_call_skips_its_items_and_overlaps_the_rest(web: str) -> None:
    plain = run(filtered_before, web)
    jitted = run(xcs.jit(filtered_before), web)
    assert jitted[:2] == plain[:2] and plain[1] == ["a", "b", "c"]
    assert plain[2] == 1 and jitted[2] >= 2


def test_a_check_after_the_call_lets_every_items_call_start(web: str) -> None:
    plain = run(checked_after, web)
    jitted = run(xcs.jit(checked_after), web)
    assert jitted[:2] == plain[:2] and plain[0] == ["v-a", "v-b", "v-c"]
    assert jitted[2] >= 2


def test_a_filter_on_what_the_loop_changes_keeps_each_call_in_place(web: str) -> None:
    plain = run(seen_before, web)
    jitted = run(xcs.jit(seen_before), web)
    assert jitted == plain and plain[1] == ["a", "b", "c", "skip"]


def test_no_call_starts_past_a_check_that_raises(web: str) -> None:
    plain = run(skip_then_stop, web)
    jitted = run(xcs.jit(skip_then_stop), web)
    assert jitted[:2] == plain[:2] == ("ValueError('no c')", ["a", "b"])


def per_session(pairs: list[tuple[requests.Session, str, int]], base: str) -> list[str]:
    out = []
    for s, key, ms in pairs:
        if key == "skip":
            continue
        out.append(fetch(s, base, key, ms))
    return out


def test_a_start_kept_in_place_after_a_skipped_item_sends_nothing_twice(
        web: str, capsys: Any) -> None:
    def printed(r: Any, *args: Any, **kwargs: Any) -> None:
        print("hook", r.url.rsplit("/", 1)[-1])

    with requests.Session() as plain_s, requests.Session() as hooked:
        hooked.hooks["response"].append(printed)  # the user's code: that call keeps its place
        pairs = [(plain_s, "a", 150), (plain_s, "skip", 10), (hooked, "b", 50),
                 (plain_s, "c", 60)]
        Items.reset()
        plain = per_session(pairs, web)
        plain_order, plain_out = list(Items.order), capsys.readouterr().out
        Items.reset()
        assert xcs.jit(per_session)(pairs, web) == plain == ["v-a", "v-b", "v-c"]
        assert sorted(Items.order) == sorted(plain_order) == ["a", "b", "c"]
        assert capsys.readouterr().out == plain_out == "hook b?ms=50\n"


def fetch_checked(s: Any, base: str, key: str, ms: int) -> str:
    text = s.get(f"{base}/{key}?ms={ms}").text
    if key == "skip":
        raise LookupError(key)
    return text


def caught_per_item(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in KEYS:
        try:
            out.append(fetch_checked(s, base, key, ms))
        except LookupError as exc:
            print("missing", exc)
            out.append(None)
        finally:
            print("done", key)
    return out


def caught_then_stops(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in KEYS:
        try:
            out.append(fetch_checked(s, base, key, ms))
        except LookupError:
            break  # (the items after it are never fetched)
    return out


def caught_then_raised(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in KEYS:
        try:
            out.append(fetch_checked(s, base, key, ms))
        except LookupError as exc:
            raise ValueError(f"no {exc}") from None
    return out


def test_a_call_opening_a_try_starts_for_every_item(web: str, capsys: Any) -> None:
    plain = run(caught_per_item, web)
    plain_out = capsys.readouterr().out
    jitted = run(xcs.jit(caught_per_item), web)
    assert jitted[:2] == plain[:2]
    assert plain[0] == ["v-a", None, "v-b", "v-c"]
    assert capsys.readouterr().out == plain_out
    assert jitted[2] >= 2


def test_a_handler_that_leaves_the_loop_keeps_each_call_in_place(web: str) -> None:
    for fn in (caught_then_stops, caught_then_raised):
        plain = run(fn, web)
        jitted = run(xcs.jit(fn), web)
        assert jitted == plain
        assert plain[1] == ["a", "skip"] and plain[2] == 1


def guarded_by_an_if(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        if key != "skip":
            out.append(fetch(s, base, key, ms))
    return out


def guarded_by_a_conversion(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in [("a", "150"), ("b", "50"), ("c", "x"), ("d", "60")]:
        if int(ms) > 0:  # ("x" raises ValueError: no read for c, nor d, is sent)
            out.append(fetch(s, base, key, int(ms)))
    return out


def test_a_call_an_if_guards_starts_for_the_items_its_test_passes(web: str) -> None:
    plain = run(guarded_by_an_if, web)
    jitted = run(xcs.jit(guarded_by_an_if), web)
    assert jitted[:2] == plain[:2] and plain[1] == ["a", "b", "c"]
    assert jitted[2] >= 2


def test_no_call_starts_past_a_test_that_raises(web: str) -> None:
    Items.reset()
    with requests.Session() as s, pytest.raises(ValueError):
        guarded_by_a_conversion(s, web)
    plain = sorted(Items.order)
    Items.reset()
    with requests.Session() as s, pytest.raises(ValueError):
        xcs.jit(guarded_by_a_conversion)(s, web)
    assert sorted(Items.order) == plain == ["a", "b"]


async def afetch(c: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    return (await c.get(f"{base}/{key}?ms={ms}")).text


async def afiltered(c: httpx.AsyncClient, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        if key == "skip":
            continue
        out.append(await afetch(c, base, key, ms))
    return out


def test_a_filter_in_a_coroutines_loop_skips_its_items_and_overlaps_the_rest(web: str) -> None:
    async def go(fn: Any) -> Any:
        async with httpx.AsyncClient() as c:
            return await fn(c, web)

    Items.reset()
    plain = asyncio.run(go(afiltered))
    plain_order = sorted(Items.order)
    Items.reset()
    assert asyncio.run(go(xcs.jit(afiltered))) == plain == ["v-a", "v-b", "v-c"]
    assert sorted(Items.order) == plain_order == ["a", "b", "c"]
    assert Items.peak >= 2


def branches(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        if key == "skip":
            out.append("-")
        elif key in ("a", "c"):
            out.append(s.get(f"{base}/{key}1?ms={ms}").text)
        else:
            out.append(s.get(f"{base}/{key}2?ms={ms}").text)
    return out


def test_calls_opening_an_if_elif_else_start_for_the_items_whose_tests_pick_them(
        web: str) -> None:
    plain = run(branches, web)
    jitted = run(xcs.jit(branches), web)
    assert jitted[:2] == plain[:2]
    assert plain[0] == ["v-a1", "-", "v-b2", "v-c1"] and plain[1] == ["a1", "b2", "c1"]
    assert plain[2] == 1 and jitted[2] >= 2  # (no request for the skipped item, none twice)
