"""A streamed response (``stream=True``) holds its connection until it is read or closed.
On a requests session whose pool blocks when full (``pool_block=True``), a stream started
early could hold the connection that a call the function waits for needs, and the
function would wait forever: such a stream runs at its own place (`_packages._streamed`).
On a pool that does not block, a full pool makes another connection, and the stream
overlaps as any read does."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests
import requests.adapters

from ember import xcs
from tests.xcs._items_server import Items


def _session(block: bool) -> requests.Session:
    s = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1,
                                            pool_block=block)
    s.mount("http://", adapter)
    return s


def stream_after_a_dependent_read(s: requests.Session, web: str) -> list[Any]:
    k = s.get(f"{web}/items/a?ms=60").text
    q = s.get(f"{web}/items/{k}?ms=20").text
    r = s.get(f"{web}/items/streamed?ms=20", stream=True)
    body = r.content.decode()
    return [k, q, body]


def _run(fn: Any, *args: Any) -> Any:
    """`fn(*args)` in a thread, failing (not hanging) when it does not end."""
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn(*args)), daemon=True)
    t.start()
    t.join(20)
    assert out, "the function did not end: a call waits for a connection a stream holds"
    return out[0]


@pytest.mark.parametrize("block", [True, False])
def test_a_stream_on_a_pool_that_blocks_keeps_its_place(web: str, block: bool) -> None:
    with _session(block) as s:
        plain = stream_after_a_dependent_read(s, web)
    Items.reset()
    with _session(block) as s:
        assert _run(xcs.jit(stream_after_a_dependent_read), s, web) == plain
    assert Items.order == ["a", "v-a", "streamed"] or not block
