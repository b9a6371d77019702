"""Code of the user's set into a library, and the order Python evaluates a dict display in.

A wrapper set on a library's class (a tracing tool's, a callable object, a
`functools.partialmethod`, a mock) runs on every request: the library's rules no longer
say what its calls do, so they keep their places, whether the patch was made before the
call or inside the function. A dict display evaluates ``k1, v1, k2, v2``: a read in the
second key does not start before a write in the first value."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

BASE = {"url": ""}


def _get(key: str, ms: int = 10) -> str:
    return requests.get(f"{BASE['url']}/{key}?ms={ms}").text


def _mark() -> str:
    return requests.put(f"{BASE['url']}/mark?ms=10").text


class Traced:
    """A tracing wrapper object, as set on a client's method by instrumentation tools."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self if obj is None else functools.partial(self, obj)

    def __call__(self, obj: Any, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        out = self.fn(obj, method, url, *args, **kwargs)
        print("traced", url.rsplit("/", 1)[-1].split("?")[0])
        return out


def reads_through_a_session(base: str) -> list[str]:
    s = requests.Session()
    return [s.get(f"{base}/slow?ms=150").text, s.get(f"{base}/fast?ms=20").text]


def reads_patched_here(base: str) -> list[str]:
    orig = requests.Session.request
    requests.Session.request = Traced(orig)  # type: ignore[method-assign]
    try:
        return [requests.get(f"{base}/slow?ms=150").text,
                requests.get(f"{base}/fast?ms=20").text]
    finally:
        requests.Session.request = orig  # type: ignore[method-assign]


def test_a_wrapper_object_on_a_library_class_keeps_the_calls_in_place(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    orig = requests.Session.request
    requests.Session.request = Traced(orig)  # type: ignore[method-assign]
    try:
        plain = reads_through_a_session(web), capsys.readouterr().out
        assert plain[1] == "traced slow\ntraced fast\n"
        assert (xcs.jit(reads_through_a_session)(web), capsys.readouterr().out) == plain
    finally:
        requests.Session.request = orig  # type: ignore[method-assign]


def test_a_class_found_clean_is_checked_again_once_patched(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The check for a replaced method is kept per class once the class is found clean:
    a patch made later (the same number of attributes, one replaced) is still seen."""
    jitted = xcs.jit(reads_through_a_session)
    assert jitted(web) == reads_through_a_session(web)
    assert capsys.readouterr().out == ""
    orig = requests.Session.request
    requests.Session.request = Traced(orig)  # type: ignore[method-assign]
    try:
        plain = reads_through_a_session(web), capsys.readouterr().out
        assert plain[1] == "traced slow\ntraced fast\n"
        assert (jitted(web), capsys.readouterr().out) == plain
    finally:
        requests.Session.request = orig  # type: ignore[method-assign]


def reads_through_a_helper(base: str) -> list[str]:
    return [_get("slow", 150), _get("fast", 20)]


def reads_through_the_module(base: str) -> list[str]:
    return [requests.get(f"{base}/slow?ms=150").text, requests.get(f"{base}/fast?ms=20").text]


def _printing_send(orig: Any) -> Any:
    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        out = orig(self, request, *args, **kwargs)
        print("sent", request.url.rsplit("/", 1)[-1].split("?")[0])
        return out
    return send


@pytest.mark.parametrize("fn", [reads_through_a_helper, reads_through_the_module])
def test_a_patch_made_between_calls_is_seen_by_the_next_call(
        web: str, capsys: pytest.CaptureFixture[str], fn: Callable[[str], Any]) -> None:
    """What `requests.get` runs inside the library (a session's ``request``, an adapter's
    ``send``) is patched after the first call planned it and decided how its helper runs:
    the next call keeps the requests in place, printing in the plain order."""
    import requests.adapters

    BASE["url"] = web
    jitted = xcs.jit(fn)
    assert jitted(web) == fn(web)
    assert jitted.stats()["last_started_calls"] == 2  # (unpatched: the reads overlapped)
    orig = requests.adapters.HTTPAdapter.send
    requests.adapters.HTTPAdapter.send = _printing_send(orig)  # type: ignore[method-assign]
    try:
        plain = fn(web), capsys.readouterr().out
        assert plain[1] == "sent slow\nsent fast\n"
        assert (jitted(web), capsys.readouterr().out) == plain
    finally:
        requests.adapters.HTTPAdapter.send = orig  # type: ignore[method-assign]
    assert jitted(web) == fn(web)
    assert jitted.stats()["last_started_calls"] == 2  # (unpatched again: overlapping again)


def test_a_patch_made_inside_the_function_keeps_its_calls_in_place(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = reads_patched_here(web), capsys.readouterr().out
    assert plain[1] == "traced slow\ntraced fast\n"
    assert (xcs.jit(reads_patched_here)(web), capsys.readouterr().out) == plain


def dict_display_write_then_keyed_read() -> dict[str, str]:
    return {_get("slow", 150): _mark(), _get("after"): "second"}


@pytest.mark.parametrize("fn", [dict_display_write_then_keyed_read])
def test_a_dict_display_runs_key_value_key_value(web: str, fn: Callable[[], Any]) -> None:
    BASE["url"] = web
    Items.reset()
    plain = fn(), list(Items.order)
    assert plain[1] == ["slow", "mark", "after"]
    Items.reset()
    assert (xcs.jit(fn)(), list(Items.order)) == plain
