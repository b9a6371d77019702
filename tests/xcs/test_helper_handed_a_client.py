"""A helper of the user's handed a library's object (``get(session, url)``): its body's calls
on that parameter are known only with the object in hand, so the jitted caller decides it
when it starts, with its arguments. A plain session lets two such helpers overlap; one that
changes the session first, or a helper handed a sqlite3 connection, keeps its place."""

from __future__ import annotations

import http.server
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import requests.adapters

from ember import xcs


class _Items(http.server.BaseHTTPRequestHandler):
    """GET /<key>?ms=N: "v-<key>" after N ms; the keys in arrival order and the peak of
    requests in flight are kept."""

    lock = threading.Lock()
    in_flight = peak = 0
    order: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        parts = urllib.parse.urlsplit(self.path)
        key = parts.path.strip("/")
        with self.lock:
            _Items.order.append(key)
            _Items.in_flight += 1
            _Items.peak = max(_Items.peak, _Items.in_flight)
        try:
            time.sleep(int(urllib.parse.parse_qs(parts.query)["ms"][0]) / 1000)
            data = f"v-{key}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        finally:
            with self.lock:
                _Items.in_flight -= 1

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web() -> Iterator[str]:
    _Items.in_flight = _Items.peak = 0
    _Items.order = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Items)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(s: Any, base: str, key: str, ms: int) -> str:
    return s.get(f"{base}/{key}?ms={ms}").text


def two_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch(s, base, "a", 150)
    b = fetch(s, base, "b", 20)
    return [a, b]


class Tagging(requests.adapters.HTTPAdapter):
    """An adapter of the user's: it records each request it sends."""

    def send(self, request: Any, **kwargs: Any) -> Any:
        SENT.append(request.url.rsplit("/", 1)[-1])
        return super().send(request, **kwargs)


SENT: list[str] = []


def mount_then_fetch(s: Any, base: str, key: str, ms: int) -> str:
    s.mount("http://", Tagging())
    return s.get(f"{base}/{key}?ms={ms}").text


def mounts_then_fetches(s: requests.Session, base: str) -> list[str]:
    a = mount_then_fetch(s, base, "m1", 150)
    b = mount_then_fetch(s, base, "m2", 20)
    return [a, b]


def test_two_helpers_handed_a_session_overlap(web: str) -> None:
    with requests.Session() as s:
        plain = two_fetches(s, web)
        assert _Items.peak == 1
        _Items.peak = 0
        assert xcs.jit(two_fetches)(s, web) == plain == ["v-a", "v-b"]
    assert _Items.peak == 2


def test_a_helper_that_changes_the_session_keeps_its_place(web: str) -> None:
    with requests.Session() as s:
        SENT.clear()
        plain = mounts_then_fetches(s, web)
        plain_sent, plain_order = list(SENT), list(_Items.order)
    with requests.Session() as s:
        SENT.clear()
        _Items.order, _Items.peak = [], 0
        assert xcs.jit(mounts_then_fetches)(s, web) == plain
        assert (SENT, _Items.order) == (plain_sent, plain_order)
    assert _Items.peak == 1


def insert(conn: sqlite3.Connection, word: str) -> int:
    conn.execute("INSERT INTO words VALUES (?)", (word,))
    return conn.execute("SELECT count(*) FROM words").fetchone()[0]


def three_inserts(conn: sqlite3.Connection) -> list[int]:
    return [insert(conn, "a"), insert(conn, "b"), insert(conn, "c")]


def test_a_helper_handed_a_connection_uses_it_in_place() -> None:
    def fresh() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE words (w TEXT)")
        return conn

    plain = three_inserts(fresh())
    conn = fresh()
    try:
        # (used from another thread, sqlite3 raises ProgrammingError)
        assert xcs.jit(three_inserts)(conn) == plain == [1, 2, 3]
    finally:
        conn.close()
