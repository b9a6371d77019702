"""A helper that logs around its read, started early, logs as the plain code does: each
record is made where the helper runs (its file, line and function, its level checked) and
handed to the logger's handlers at the call's own place, by the caller's thread, between
the lines the helper prints (`_printed`). So a comprehension of such helpers overlaps and
the log reads line for line as the plain run's, tracebacks and all."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

LOG = logging.getLogger("tests.xcs.logging_helpers")
KEYS = (("a", 150), ("b", 50), ("c", 80))
FORMAT = "%(levelname)s %(name)s %(funcName)s:%(lineno)d %(threadName)s %(message)s"


def ask(web: str, key: str, ms: int) -> str:
    LOG.info("asking %s", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    print("got", key)
    LOG.debug("below the level: %s", key)
    LOG.warning("answered %s with %r", key, value)
    return value


def ask_over_lines(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    LOG.warning(
        "answered %s",  # (a call over lines: the record's line is its first)
        key,
    )
    return value


def ask_keeping_a_history(web: str, key: str, ms: int) -> str:
    seen: list[str] = []
    LOG.info("seen so far: %s", seen)  # (formatted as it is now, not at the call's place)
    seen.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text)
    return seen[0]


def ask_for_a_number(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    try:
        return str(int(value))
    except ValueError:
        LOG.exception("not a number: %s", key)
        return value


def each(helper: Any, web: str) -> list[str]:
    return [helper(web, k, ms) for k, ms in KEYS]


@pytest.fixture()
def shown() -> Iterator[io.StringIO]:
    """stdout and the logger's handler, one buffer: prints and records in one order."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter(FORMAT))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    try:
        with contextlib.redirect_stdout(out):
            yield out
    finally:
        LOG.removeHandler(handler)
        LOG.setLevel(logging.NOTSET)
        LOG.propagate = True


@pytest.mark.parametrize("helper", [ask, ask_for_a_number, ask_over_lines,
                                    ask_keeping_a_history], ids=lambda f: f.__name__)
def test_a_helper_that_logs_overlaps_and_logs_as_written(helper: Any, web: str,
                                                         shown: io.StringIO) -> None:
    plain = each(helper, web)
    plain_log = shown.getvalue()
    assert Items.peak == 1 and "MainThread" in plain_log
    shown.seek(0)
    shown.truncate()
    Items.reset()
    assert xcs.jit(each)(helper, web) == plain
    assert shown.getvalue() == plain_log
    assert Items.peak == 3
    if helper is ask_for_a_number:
        assert plain_log.count("Traceback") == 3


def quieter(web: str) -> list[str]:
    first = ask(web, "a", 150)
    LOG.setLevel(logging.ERROR)  # (the later call's records are not shown)
    return [first, ask(web, "b", 50)]


def test_a_record_below_the_level_at_its_place_is_not_shown(web: str,
                                                            shown: io.StringIO) -> None:
    plain = quieter(web)
    plain_log = shown.getvalue()
    LOG.setLevel(logging.INFO)
    shown.seek(0)
    shown.truncate()
    assert xcs.jit(quieter)(web) == plain
    assert shown.getvalue() == plain_log
