"""A `threading.local` a helper reads, however it reaches the helper, keeps it in place.

A helper started early runs on another thread, where a thread-local's attributes are
that thread's (none). Handed one in an argument, in a list, a dict or an object's
attribute, or through a context variable, the helper reads what its caller's thread set
only when it runs there: its calls keep their places, and a helper handed plain data
still overlaps. Values are compared with the plain run; overlap is the server's peak.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

HOLDER: contextvars.ContextVar[Any] = contextvars.ContextVar("holder", default=None)


class Request:
    def __init__(self, user: str) -> None:
        self.local = threading.local()
        self.local.user = user


def _tagged(base: str, key: str, ms: int, holder: Any) -> str:
    v = requests.get(f"{base}/{key}?ms={ms}").text
    return f"{getattr(holder(), 'user', 'nobody')}:{v}"


def in_a_list(base: str) -> list[str]:
    loc = threading.local()
    loc.user = "ann"
    box = [loc]
    return [_tagged(base, "a", 150, lambda: box[0]), _tagged(base, "b", 50, lambda: box[0])]


def _user_of(base: str, key: str, ms: int, req: Any) -> str:
    v = requests.get(f"{base}/{key}?ms={ms}").text
    local = req.local if isinstance(req, Request) else req["local"]
    return f"{getattr(local, 'user', 'nobody')}:{v}"


def in_an_attribute(base: str) -> list[str]:
    req = Request("bob")
    return [_user_of(base, "a", 150, req), _user_of(base, "b", 50, req)]


def in_a_dict(base: str) -> list[str]:
    loc = threading.local()
    loc.user = "cy"
    d = {"local": loc}
    return [_user_of(base, "a", 150, d), _user_of(base, "b", 50, d)]


def _user_in_context(base: str, key: str, ms: int) -> str:
    v = requests.get(f"{base}/{key}?ms={ms}").text
    return f"{getattr(HOLDER.get(), 'user', 'nobody')}:{v}"


def in_a_context_variable(base: str) -> list[str]:
    loc = threading.local()
    loc.user = "dee"
    token = HOLDER.set(loc)
    try:
        return [_user_in_context(base, "a", 150), _user_in_context(base, "b", 50)]
    finally:
        HOLDER.reset(token)


def plain_data(base: str) -> list[str]:
    d = {"local": {"user": "eve"}}
    return [_user_of(base, "a", 150, d), _user_of(base, "b", 50, d)]


@pytest.mark.parametrize("fn", [in_an_attribute, in_a_dict, in_a_context_variable])
def test_a_helper_reading_a_thread_local_keeps_its_place(
        web: str, fn: Callable[[str], list[str]]) -> None:
    plain = fn(web)
    assert plain[0].split(":")[0] != "nobody"
    Items.reset()
    assert xcs.jit(fn)(web) == plain
    assert Items.peak == 1


def test_a_thread_local_in_a_list_a_closure_holds(web: str) -> None:
    plain = in_a_list(web)
    assert xcs.jit(in_a_list)(web) == plain == ["ann:v-a", "ann:v-b"]


def test_plain_data_still_overlaps(web: str) -> None:
    assert plain_data(web) == ["nobody:v-a", "nobody:v-b"]  # (a dict's item, no attribute)
    Items.reset()
    assert xcs.jit(plain_data)(web) == plain_data(web)
    Items.reset()
    xcs.jit(plain_data)(web)
    assert Items.peak == 2
