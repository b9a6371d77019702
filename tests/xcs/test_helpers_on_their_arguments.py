"""A helper whose unknown calls are on its own parameters (``word.strip()``, ``fn(x)``,
``journal.note(v)``) is classified when it starts, with the arguments bound
(`_summary._arguments_decide`): on a str, or with a builtin handed in, its GET overlaps the
others; on an object of yours that records or paces, it keeps its place, as written.
Structural checks only: the requests a loopback server saw in flight, and their order."""

from __future__ import annotations

import time
from typing import Any

import requests

from ember import xcs
from tests.xcs._items_server import Items

SLOW_FAST = (("a1", 150), ("a2", 20), ("a3", 60))  # overlapped, a2 and a3 answer first


def fetch(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}").text


def plain_then_jitted(fn: Any, base: str) -> tuple[tuple[Any, list[str], int], ...]:
    """`fn(base)` plain, then jitted: each run's value, the keys the server saw, its peak."""
    runs = []
    for run in (fn, xcs.jit(fn)):
        xcs.lowlevel.reset()
        Items.reset()
        value = run(base)
        runs.append((value, list(Items.order), Items.peak))
    return tuple(runs)


def shout(base, word, ms):  # (as people write it: no types)
    value = fetch(base, word, ms)
    return word.upper() + value


def shouted(base: str) -> list[str]:
    return [shout(base, k, ms) for k, ms in SLOW_FAST]


def through(fn, base, key, ms):
    return fn(fetch(base, key, ms))


def measured(base: str) -> list[int]:
    return [through(len, base, k, ms) for k, ms in SLOW_FAST]


def test_a_method_of_a_str_parameter_lets_the_helpers_overlap(web: str) -> None:
    plain, jitted = plain_then_jitted(shouted, web)
    assert plain == (["A1v-a1", "A2v-a2", "A3v-a3"], ["a1", "a2", "a3"], 1)
    assert jitted[0] == plain[0] and sorted(jitted[1]) == plain[1] and jitted[2] >= 2


def test_a_builtin_handed_in_lets_the_helpers_overlap(web: str) -> None:
    plain, jitted = plain_then_jitted(measured, web)
    assert plain == ([4, 4, 4], ["a1", "a2", "a3"], 1)
    assert jitted[0] == plain[0] and jitted[2] >= 2


class Journal:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def note(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)


def noted(journal, base, key, ms):
    value = fetch(base, key, ms)
    journal.note(value)
    return value


def journalled(base: str) -> tuple[list[str], list[str]]:
    journal = Journal()
    out = [noted(journal, base, k, ms) for k, ms in SLOW_FAST]
    return out, journal.lines


def test_a_method_of_yours_that_records_keeps_the_helpers_in_order(web: str) -> None:
    plain, jitted = plain_then_jitted(journalled, web)
    assert plain[0] == (["v-a1", "v-a2", "v-a3"], ["v-a1", "v-a2", "v-a3"])
    assert jitted == plain


class Reader:
    def __init__(self, base: str) -> None:
        self.base = base

    def read(self, key: str, ms: int) -> str:
        return fetch(self.base, key, ms)


def paced(reader, key, ms):
    time.sleep(0.02)  # a rate limit: before each request, as written
    return reader.read(key, ms)


def paced_reads(base: str) -> list[str]:
    reader = Reader(base)
    return [paced(reader, k, ms) for k, ms in SLOW_FAST]


def test_a_sleep_before_a_read_through_a_parameter_keeps_spacing_the_reads(web: str) -> None:
    plain, jitted = plain_then_jitted(paced_reads, web)
    assert plain == (["v-a1", "v-a2", "v-a3"], ["a1", "a2", "a3"], 1)
    assert jitted == plain

