"""What a plan assumed of objects that can be changed between two calls of the jitted
function is guarded: a class's ``__call__`` and its dunders, the name ``print`` in
`builtins`, and what ``sys.stdout`` holds. Changed, the next call plans again (`_guards`)."""

from __future__ import annotations

import builtins
import io
import sys
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


class Reader:
    def __call__(self, base: str, key: str, ms: int) -> str:
        return requests.get(f"{base}/{key}?ms={ms}", timeout=5).text


def writes_instead(self: Reader, base: str, key: str, ms: int) -> str:
    return requests.put(f"{base}/written?ms=0", data=key.encode(), timeout=5).text


READ = Reader()


def through_a_callable(base: str) -> list[str]:
    out = [READ(base, k, ms) for k, ms in (("a", 60), ("b", 15))]
    return [*out, requests.get(f"{base}/after?ms=10", timeout=5).text]


class Span:
    def __enter__(self) -> Span:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def puts_on_exit(self: Span, *exc: object) -> None:
    requests.put(f"{self.base}/closed?ms=0", data=b"x", timeout=5)  # type: ignore[attr-defined]


def in_a_span(base: str) -> list[str]:
    span = Span()
    span.base = base  # type: ignore[attr-defined]
    with span:
        a = requests.get(f"{base}/a?ms=60", timeout=5).text
    return [a, requests.get(f"{base}/b?ms=10", timeout=5).text]


def note_then_read(base: str) -> str:
    print("note")
    return requests.get(f"{base}/out?ms=10", timeout=5).text


class PutStream(io.StringIO):
    """A stdout of yours: each write PUTs."""

    base = ""

    def write(self, text: str) -> int:
        requests.put(f"{self.base}/out?ms=0", data=text.encode(), timeout=5)
        return super().write(text)


def run(fn: Any, base: str) -> tuple[Any, list[str]]:
    Items.reset()
    return fn(base), list(Items.order)


def twice(fn: Any, base: str, change: Any, undo: Any) -> None:
    """The jitted function planned in one state, then run in another: as plain code."""
    jf = xcs.jit(fn)
    assert run(jf, base)[0] == run(fn, base)[0]  # (its reads may overlap: any order)
    change()
    try:
        plain = run(fn, base)
        assert run(jf, base) == plain  # (the writes keep every request in its order)
    finally:
        undo()


def test_a_callable_objects_class_call_replaced(web: str) -> None:
    original = Reader.__call__
    twice(through_a_callable, web, lambda: setattr(Reader, "__call__", writes_instead),
          lambda: setattr(Reader, "__call__", original))


def test_a_context_managers_exit_replaced(web: str) -> None:
    original = Span.__exit__
    twice(in_a_span, web, lambda: setattr(Span, "__exit__", puts_on_exit),
          lambda: setattr(Span, "__exit__", original))


def test_a_stream_of_yours_put_in_stdout(web: str, capsys: pytest.CaptureFixture[str]) -> None:
    saved = sys.stdout
    stream = PutStream()
    stream.base = web
    twice(note_then_read, web, lambda: setattr(sys, "stdout", stream),
          lambda: setattr(sys, "stdout", saved))


def test_print_wrapped_in_builtins(web: str, capsys: pytest.CaptureFixture[str]) -> None:
    original = builtins.print

    def putting(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        requests.put(f"{web}/out?ms=0", data=b"x", timeout=5)

    twice(note_then_read, web, lambda: setattr(builtins, "print", putting),
          lambda: setattr(builtins, "print", original))
