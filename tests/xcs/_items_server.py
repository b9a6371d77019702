"""A loopback HTTP server for the JIT's tests: ``GET /.../<key>?ms=N`` answers
``v-<key>`` after N ms (with ``&seen=1``, ``v-<key>-<reads of the key before>``). It keeps
the keys in arrival order and the peak of requests in flight, so a test asserts overlap
structurally, never by wall-clock time."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.parse
from typing import Any


class Items(http.server.BaseHTTPRequestHandler):
    lock = threading.Condition()
    in_flight = peak = 0
    order: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        parts = urllib.parse.urlsplit(self.path)
        key = parts.path.rsplit("/", 1)[-1]
        query = urllib.parse.parse_qs(parts.query)
        with self.lock:
            seen = Items.order.count(key)  # (``?seen=1``: a status that moves on with each read)
            Items.order.append(key)
            Items.in_flight += 1
            Items.peak = max(Items.peak, Items.in_flight)
        try:
            time.sleep(int(query["ms"][0]) / 1000)
        finally:
            # Before the answer goes: once the client has it, its next request may arrive
            # before this thread runs again (a busy machine), and would count as overlapping.
            with self.lock:
                Items.in_flight -= 1
                self.lock.notify_all()
        data = (f"v-{key}-{seen}" if "seen" in query else f"v-{key}").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_PUT = do_GET  # (a write for the tests: logged in arrival order as a GET is)

    def log_message(self, *args: Any) -> None:
        pass

    @classmethod
    def reset(cls) -> None:
        """Start counting afresh once the requests still being served have ended: a run a
        deadline cancelled leaves its last request sleeping here, and it would count as
        overlapping the next run's first."""
        with cls.lock:
            cls.lock.wait_for(lambda: cls.in_flight == 0, timeout=30)
            cls.in_flight = cls.peak = 0
            cls.order = []
