"""Calls of a `functools.singledispatch` function or a `singledispatchmethod` are what the
implementation their first argument's class picks does (`_dispatch`): one that starts a
thread makes the function run as written, one that reads overlaps, and a registration
made after the plan is seen. Each case runs plain and jitted against the corpus's server
on 127.0.0.1 (`_harness.check`): same values, same writes in the same order, and the
overlap the cases that read claim."""

from __future__ import annotations

import functools
import threading
import time

import pytest
import requests

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._harness import check


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _put_later(web: str, k: str, v: str) -> None:
    time.sleep(0.03)
    requests.put(f"{web}/items/{k}?ms=40", data=v)


@functools.singledispatch
def fetch(key: object, web: str) -> str:
    raise TypeError(type(key).__name__)


@fetch.register
def _(key: str, web: str) -> str:
    return _get(web, key, 120)


@fetch.register
def _(key: int, web: str) -> str:
    return _get(web, f"n{key}", 120)


def reads_by_dispatch(web: str) -> list[str]:
    a = fetch("a", web)
    b = fetch(2, web)
    c = fetch("c", web)
    return [a, b, c]


@functools.singledispatch
def spawn(target: object) -> threading.Thread:
    raise TypeError(type(target).__name__)


@spawn.register
def _(target: str) -> threading.Thread:
    t = threading.Thread(target=_put_later, args=(target, "h", "new"))
    t.start()
    return t


def thread_by_dispatch(web: str) -> tuple:
    t = spawn(web)
    a = _get(web, "x", 150)
    b = _get(web, "h", 30)
    t.join()
    return a, b


class Shipper:
    @functools.singledispatchmethod
    def ship(self, target: object) -> threading.Thread:
        raise TypeError(type(target).__name__)

    @ship.register
    def _(self, target: str) -> threading.Thread:
        t = threading.Thread(target=_put_later, args=(target, "h", "shipped"))
        t.start()
        return t


def thread_by_dispatch_method(web: str) -> tuple:
    t = Shipper().ship(web)
    a = _get(web, "x", 150)
    b = _get(web, "h", 30)
    t.join()
    return a, b


class Web(str):
    """A server's address of a class registered late (`registered_later`)."""


@functools.singledispatch
def touch(target: object) -> threading.Thread | str:
    raise TypeError(type(target).__name__)


@touch.register
def _(target: str) -> str:
    return _get(target, "z", 20)


def touch_then_reads(web: str) -> tuple:
    t = touch(web)
    a = _get(web, "x", 150)
    b = _get(web, "h", 30)
    if isinstance(t, threading.Thread):
        t.join()
    return a, b


def _spawn_web(target: Web) -> threading.Thread:
    t = threading.Thread(target=_put_later, args=(str(target), "h", "late"))
    t.start()
    return t


CASES = [
    Case("helpers", reads_by_dispatch, args=lambda env: (env.web,), servers="web", ideal=3.0,
         overlap=3),
    Case("threads", thread_by_dispatch, args=lambda env: (env.web,), servers="web"),
    Case("threads", thread_by_dispatch_method, args=lambda env: (env.web,), servers="web"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_dispatched_call_is_its_implementations(case: Case) -> None:
    verdict = check(case)
    assert verdict.ok, verdict.differences or verdict.crash


def _register_between_calls(f, env) -> list:
    """Called once while `touch` only reads (the jitted run plans then), then again after
    an implementation that starts a thread is registered for the class it is given."""
    first = f(env.web)
    touch.register(Web, _spawn_web)
    try:
        return [first, f(Web(env.web))]
    finally:
        del touch.registry[Web]
        touch._clear_cache()


def test_a_registration_after_the_plan_is_seen() -> None:
    case = Case("threads", touch_then_reads, drive=_register_between_calls, servers="web")
    verdict = check(case)
    assert verdict.ok, verdict.differences or verdict.crash
