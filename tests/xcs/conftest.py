"""Fixtures of the JIT's tests."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from tests.xcs._items_server import Items


@pytest.fixture
def web() -> Iterator[str]:
    """The server's base URL, for one test."""
    Items.reset()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Items)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
