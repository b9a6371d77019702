"""An HTTP library's own request lines: httpx logs "HTTP Request: GET ..." at INFO for each
request, urllib3 its connections and requests at DEBUG, and http.client prints what it sends
while its debuglevel is set. Where they reach a handler (``logging.basicConfig(level=INFO)``,
a handler on the library's logger), each call writes them: the calls run in place and the
lines come in the plain run's order. Where they reach none (the default), the reads
overlap. The loggers' state is part of the plan: changed between two calls, it plans again.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

KEYS = [("a", 150), ("b", 40), ("c", 90)]


def httpx_gets(web: str) -> list[str]:
    with httpx.Client() as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").text for k, ms in KEYS]


def requests_gets(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").text)
    return out


@contextlib.contextmanager
def shown(name: str, level: int) -> Iterator[io.StringIO]:
    """A handler of the library's own kind on logger `name`, at `level`, into a buffer."""
    logger = logging.getLogger(name)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def _lines(stream: io.StringIO, web: str) -> list[str]:
    """The lines logged, without the ports and connection numbers that differ per run."""
    port = web.rsplit(":", 1)[1]
    return [line.replace(port, "<port>") for line in stream.getvalue().splitlines()
            if "Starting new" not in line]


@pytest.mark.parametrize(("fn", "logger", "level"), [
    (httpx_gets, "httpx", logging.INFO),
    (requests_gets, "urllib3.connectionpool", logging.DEBUG),
], ids=["httpx", "urllib3"])
def test_request_lines_that_reach_a_handler_keep_their_order(
        web: str, fn: Callable[[str], list[str]], logger: str, level: int) -> None:
    with shown(logger, level) as stream:
        plain = fn(web)
    plain_lines = _lines(stream, web)
    assert len(plain_lines) == 3 and "items/a" in plain_lines[0]
    Items.reset()
    with shown(logger, level) as stream:
        assert xcs.jit(fn)(web) == plain
    assert _lines(stream, web) == plain_lines
    assert Items.peak == 1


@pytest.mark.parametrize("fn", [httpx_gets, requests_gets], ids=["httpx", "requests"])
def test_quiet_request_lines_let_the_reads_overlap(web: str, fn: Callable[[str], Any]) -> None:
    """A handler above the library's level (WARNING) shows none of its request lines."""
    plain = fn(web)
    Items.reset()
    with shown("httpx", logging.WARNING), shown("urllib3", logging.WARNING):
        assert xcs.jit(fn)(web) == plain
    assert Items.peak >= 2


def test_a_handler_added_between_two_calls_plans_again(web: str) -> None:
    jitted = xcs.jit(httpx_gets)
    plain = jitted(web)
    with shown("httpx", logging.INFO) as stream:
        httpx_gets(web)
    plain_lines = _lines(stream, web)
    Items.reset()
    with shown("httpx", logging.INFO) as stream:
        assert jitted(web) == plain
    assert _lines(stream, web) == plain_lines
    assert Items.peak == 1


def test_http_clients_debuglevel_prints_in_order(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``HTTPConnection.debuglevel = 1``, the recipe for seeing what requests sends: each
    request's "send:" and "reply:" lines are printed, in the plain run's order."""
    http.client.HTTPConnection.debuglevel = 1
    try:
        plain = requests_gets(web)
        plain_out = capsys.readouterr().out
        Items.reset()
        assert xcs.jit(requests_gets)(web) == plain
        out = capsys.readouterr().out
    finally:
        http.client.HTTPConnection.debuglevel = 0
    assert out.count("send:") == 3 and _strip_dates(out) == _strip_dates(plain_out)
    assert Items.peak == 1


def _strip_dates(out: str) -> list[str]:
    return [line for line in out.splitlines() if not line.startswith("header: Date")]


def configures_then_gets(web: str) -> list[str]:
    logger = logging.getLogger("httpx")
    handler = logging.StreamHandler(SINK)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        return httpx_gets(web)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


SINK = io.StringIO()


def test_a_function_that_adds_a_handler_keeps_its_reads_in_place(web: str) -> None:
    """The handler is added after the plan is made: the reads after it run in place."""
    plain = configures_then_gets(web)
    plain_lines = _lines(SINK, web)
    SINK.seek(0)
    SINK.truncate()
    Items.reset()
    assert xcs.jit(configures_then_gets)(web) == plain
    assert _lines(SINK, web) == plain_lines and len(plain_lines) == 3


def level_assigned_then_gets(web: str) -> list[str]:
    logging.getLogger("httpx").level = logging.INFO  # (no ``setLevel``: the cache stays)
    return httpx_gets(web)


def test_planning_leaves_the_loggers_cache_of_answers_alone(web: str) -> None:
    """The plan asks whether httpx's request lines are shown without filling the logger's
    cache of answers: a level the function then assigns (not ``setLevel``, which clears
    the cache) takes effect, and the lines it shows come in the plain run's order."""
    with shown("httpx", logging.WARNING) as stream:
        plain = level_assigned_then_gets(web)
    plain_lines = _lines(stream, web)
    assert len(plain_lines) == 3
    Items.reset()
    with shown("httpx", logging.WARNING) as stream:
        assert xcs.jit(level_assigned_then_gets)(web) == plain
    assert _lines(stream, web) == plain_lines
    assert Items.peak == 1


class Tap(logging.Filter):
    """A filter of yours on the library's logger: it keeps each request line's path and
    lets none through, so no handler ever sees one."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.paths.append(str(record.args[1]).rsplit("/", 1)[-1] if record.args else "?")
        return False


def _made_by_yours(record_factory: Callable[..., logging.LogRecord], paths: list[str]
                   ) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = record_factory(*args, **kwargs)
        if record.name == "httpx":
            paths.append(str(record.args[1]).rsplit("/", 1)[-1] if record.args else "?")
        return record
    return make


@pytest.mark.parametrize("how", ["filter", "record factory"])
def test_code_of_yours_that_sees_request_lines_no_handler_takes_keeps_their_order(
        how: str, web: str) -> None:
    logger, paths = logging.getLogger("httpx"), []
    old_level, old_factory = logger.level, logging.getLogRecordFactory()
    tap = Tap()
    logger.setLevel(logging.INFO)
    logger.propagate = False  # (no handler takes the lines: pytest's own are on the root)
    if how == "filter":
        logger.addFilter(tap)
        paths = tap.paths
    else:
        logging.setLogRecordFactory(_made_by_yours(old_factory, paths))
    try:
        plain = httpx_gets(web)
        plain_paths = list(paths)
        paths.clear()
        Items.reset()
        assert xcs.jit(httpx_gets)(web) == plain
        assert paths == plain_paths == ["a?ms=150", "b?ms=40", "c?ms=90"]
    finally:
        logger.removeFilter(tap)
        logger.setLevel(old_level)
        logger.propagate = True
        logging.setLogRecordFactory(old_factory)
    assert Items.peak == 1


HTTPX_LOG = logging.getLogger("httpx")


def tapped_between(web: str, tap: Tap) -> list[str]:
    with httpx.Client() as c:
        a = c.get(f"{web}/items/a?ms=150").text
        HTTPX_LOG.filters.append(tap)  # (put on by hand, not by addFilter)
        b = c.get(f"{web}/items/b?ms=40").text
    return [a, b]


def test_a_filter_the_function_puts_on_by_hand_sees_the_requests_after_it(web: str) -> None:
    old_level = HTTPX_LOG.level
    HTTPX_LOG.setLevel(logging.INFO)
    HTTPX_LOG.propagate = False
    try:
        outcomes = []
        for fn in (tapped_between, xcs.jit(tapped_between)):
            tap = Tap()
            outcomes.append((fn(web, tap), tap.paths))
            HTTPX_LOG.removeFilter(tap)
        assert outcomes[1] == outcomes[0] == (["v-a", "v-b"], ["b?ms=40"])
    finally:
        HTTPX_LOG.setLevel(old_level)
        HTTPX_LOG.propagate = True
