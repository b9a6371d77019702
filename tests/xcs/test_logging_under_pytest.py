"""Logging under pytest: every test's root logger has pytest's own handlers (caplog's and
the report's capture, live logging, the log file). They are library code, so a logging
call between two reads is ordered output there as it is with logging's own handlers: it
keeps its place and the reads overlap around it."""

from __future__ import annotations

import logging
from typing import Any

import requests

from ember import xcs
from tests.xcs._items_server import Items

log = logging.getLogger("tests.xcs.logging_under_pytest")


def fetch(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}").text


def logged_reads(base: str) -> list[str]:
    a = fetch(base, "a", 150)
    log.info("got %s", a)
    b = fetch(base, "b", 50)
    log.warning("got %s", b)
    return [a, b]


def test_reads_overlap_around_logging_to_pytests_handlers(web: str, caplog: Any) -> None:
    caplog.set_level(logging.INFO)
    assert any(type(h).__module__ == "_pytest.logging" for h in logging.getLogger().handlers)
    plain = logged_reads(web)
    plain_records = [(r.levelname, r.getMessage()) for r in caplog.records]
    caplog.clear()
    Items.reset()
    assert xcs.jit(logged_reads)(web) == plain == ["v-a", "v-b"]
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == plain_records
    assert Items.peak == 2
