"""A datetime or a time asks its tzinfo (``utcoffset``, ``tzname``, ``dst``) when compared,
hashed, subtracted or shown: with a zone class of yours that does more than compute, no
call moves across those operations, nor across a helper handed such a value
(`_dunders.zone_facts`, `_formatting.quiet`). With the standard library's zones, or one of
yours that only computes, the reads around them still overlap."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from ember import xcs
from tests.xcs._store import Store

STORE = Store()


@xcs.effect("read", resource="store")
def get(key: str, delay: float = 0.02) -> str | None:
    return STORE.read(key, delay)


@xcs.effect("write", resource="store")
def put(key: str, value: str) -> None:
    STORE.items[key] = value


class AuditedZone(dt.tzinfo):
    """+02:00, each offset lookup recorded in the store."""

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        time.sleep(0.01)  # (a read started early meanwhile arrives first)
        put("tz", "asked")
        return dt.timedelta(hours=2)

    def dst(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, when: dt.datetime | None) -> str:
        return "AUD"


class QuietZone(dt.tzinfo):
    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(hours=1)

    def dst(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, when: dt.datetime | None) -> str:
        return "QZ"


def compared() -> list[Any]:
    a = get("other", 0.05)
    d1 = dt.datetime(2024, 1, 2, 10, tzinfo=AuditedZone())
    earlier = d1 < dt.datetime(2024, 1, 2, 9, tzinfo=dt.UTC)
    b = get("tz")
    return [earlier, b, a]


def formatted() -> list[Any]:
    a = get("other", 0.05)
    when = dt.datetime(2024, 2, 3, 4, 5, tzinfo=AuditedZone())
    stamp = f"{when}"
    b = get("tz")
    return [stamp, b, a]


def hashed() -> list[Any]:
    a = get("other", 0.05)
    when = dt.datetime(2024, 2, 3, 4, 5, tzinfo=AuditedZone())
    seen = {when}
    b = get("tz")
    return [len(seen), b, a]


def subtracted() -> list[Any]:
    a = get("other", 0.05)
    start = dt.datetime(2024, 6, 1, 12, tzinfo=AuditedZone())
    gap = dt.datetime(2024, 6, 1, 12, 30, tzinfo=dt.UTC) - start
    b = get("tz")
    return [gap.total_seconds(), b, a]


def show_and_get(when: dt.datetime, key: str) -> Any:
    print("due", when)
    return get(key)


def helper_shows_it() -> list[Any]:
    when = dt.datetime(2024, 7, 1, 9, tzinfo=AuditedZone())
    before = get("tz")
    x = show_and_get(when, "x")
    return [before, x, get("tz", 0.05)]


def quiet_zone() -> list[Any]:
    when = dt.datetime(2024, 7, 1, 9, tzinfo=QuietZone())
    stamp = f"{when}"
    return [stamp, get("a"), get("b"), get("c")]


@pytest.mark.parametrize("fn", [compared, formatted, hashed, subtracted, helper_shows_it])
def test_a_zone_of_yours_that_writes_keeps_its_place(
        fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    STORE.reset()
    plain = fn(), capsys.readouterr().out
    STORE.reset()
    assert (xcs.jit(fn)(), capsys.readouterr().out) == plain
    assert "asked" in plain[0]  # (the reads after it see what the zone wrote)


def test_a_quiet_zone_leaves_the_reads_overlapping() -> None:
    STORE.reset()
    assert xcs.jit(quiet_zone)() == quiet_zone()
    STORE.reset()
    xcs.jit(quiet_zone)()
    assert STORE.most == 3
