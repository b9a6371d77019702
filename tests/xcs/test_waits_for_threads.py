"""A loop that only another thread can end is a wait: nothing moves across it. Written with
calls too, as people write them: ``while not done.is_set(): pass``, ``while not
state.get("done"): pass``, ``for _ in range(n): if done.is_set(): break``. A read after
it starts after it, when the other thread has done what the loop waits for."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


class Signal:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.state: dict[str, bool] = {}
        self.results: list[str] = []


def _worker(sig: Signal) -> threading.Thread:
    """Marks the server's log, then signals in each way the loops below wait for."""

    def run() -> None:
        time.sleep(0.08)
        with Items.lock:
            Items.order.append("flag")
        sig.results.append("x")
        sig.state["done"] = True
        sig.done.set()

    return threading.Thread(target=run, daemon=True)


def on_event(base: str, sig: Signal) -> list[str]:
    slow = requests.get(f"{base}/slow?ms=150").text
    while not sig.done.is_set():
        pass
    return [slow, requests.get(f"{base}/after?ms=10").text]


def on_a_dict_get(base: str, sig: Signal) -> list[str]:
    slow = requests.get(f"{base}/slow?ms=150").text
    spins = 0
    while not sig.state.get("done"):
        spins += 1
    return [slow, requests.get(f"{base}/after?ms=10").text]


def on_a_length(base: str, sig: Signal) -> list[str]:
    slow = requests.get(f"{base}/slow?ms=150").text
    while len(sig.results) < 1:
        pass
    return [slow, requests.get(f"{base}/after?ms=10").text]


def broken_out_of(base: str, sig: Signal) -> list[str]:
    slow = requests.get(f"{base}/slow?ms=150").text
    for _ in range(10**9):
        if sig.done.is_set():
            break
    return [slow, requests.get(f"{base}/after?ms=10").text]


def _order(fn: Callable[..., Any], base: str) -> tuple[Any, list[str]]:
    Items.reset()
    sig = Signal()
    worker = _worker(sig)
    worker.start()
    try:
        out = fn(base, sig)
    finally:
        worker.join()
    return out, list(Items.order)


@pytest.mark.parametrize("fn", [on_event, on_a_dict_get, on_a_length, broken_out_of])
def test_a_read_after_a_busy_wait_starts_after_it(web: str, fn: Callable[..., Any]) -> None:
    plain = _order(fn, web)
    assert plain[1].index("flag") < plain[1].index("after")
    jitted = _order(xcs.jit(fn), web)
    assert jitted[0] == plain[0] == ["v-slow", "v-after"]
    assert jitted[1].index("flag") < jitted[1].index("after"), jitted[1]


def scan(base: str, wanted: str) -> list[str]:
    a = requests.get(f"{base}/a?ms=120").text
    rows = [{"id": "1"}, {"id": "2"}]
    for row in rows:
        if row.get("id") == wanted:
            break
    return [a, requests.get(f"{base}/b?ms=30").text]


def test_a_search_loop_over_its_own_items_is_no_wait(web: str) -> None:
    """A loop that ends on what it walks (``row.get(...)`` of its item) is no wait."""
    plain = scan(web, "2")
    Items.reset()
    assert xcs.jit(scan)(web, "2") == plain
    assert Items.peak == 2
