"""Threads started where the plan cannot see them: a `multiprocessing` pool's work, the
finaliser of an object whose class the function makes (known only when it runs), and a
handler of yours that a logging call runs (`_logging_rules.yours_run_by`). What such
a thread does meets the calls after it where the plain code's timing puts it, so the
function runs as written from there: the server sees the thread's PUT between the GETs, as
in the plain run, not after both."""

from __future__ import annotations

import logging
import threading
import time
from multiprocessing.pool import ThreadPool
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

POOL = ThreadPool(1)


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def put_later(web: str, key: str) -> None:
    time.sleep(0.03)
    requests.put(f"{web}/items/{key}?ms=0", timeout=5)


def pool_hands_off(web: str) -> tuple[str, str]:
    POOL.apply_async(put_later, (web, "put"))
    a = get(web, "x", 150)
    b = get(web, "y", 20)
    return a, b


def finaliser_hands_off(web: str) -> tuple[str, str]:
    started: list[threading.Thread] = []

    class Buffer:
        def __del__(self) -> None:
            t = threading.Thread(target=put_later, args=(web, "put"))
            t.start()
            started.append(t)

    buf = Buffer()
    del buf
    a = get(web, "x", 150)
    b = get(web, "y", 20)
    for t in started:
        t.join()
    return a, b


class Shipping(logging.Handler):
    """Ships each record from a thread of its own."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def emit(self, record: logging.LogRecord) -> None:
        threading.Thread(target=put_later, args=(self.web, "put")).start()


SHIP = logging.getLogger("tests.hidden_thread_starts")
SHIP.propagate = False


def handler_hands_off(web: str) -> tuple[str, str]:
    SHIP.warning("shipping")
    a = get(web, "x", 150)
    b = get(web, "y", 20)
    return a, b


@pytest.fixture
def shipping(web: str) -> Any:
    handler = Shipping(web)
    SHIP.addHandler(handler)
    yield
    SHIP.removeHandler(handler)


@pytest.mark.usefixtures("shipping")
@pytest.mark.parametrize("form", [pool_hands_off, finaliser_hands_off, handler_hands_off],
                         ids=lambda f: f.__name__)
def test_a_thread_started_out_of_sight_meets_the_calls_as_written(form: Any, web: str
                                                                  ) -> None:
    plain = form(web)
    time.sleep(0.1)  # (the pool's PUT, if it came after the GETs)
    assert Items.order == ["x", "put", "y"]
    Items.reset()
    assert xcs.jit(form)(web) == plain
    time.sleep(0.1)
    assert Items.order == ["x", "put", "y"]
