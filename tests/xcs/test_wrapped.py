"""A decorator's wrapper jitted through to the function it wraps (`ember.xcs._wrapped`):
the wrapper runs as written, its call of the wrapped function overlaps that function's
reads, and where the wrapper could tell the jitted function from its own it is left as is."""

from __future__ import annotations

import ast
import functools
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from ember import xcs
from ember.api import models
from ember.errors import JITError, JITWarning
from ember.xcs._wrapped import through

_lock = threading.Lock()
_flight = [0, 0]  # now, most


@xcs.effect("read", resource="net")
def fetch(key: str) -> str:
    with _lock:
        _flight[0] += 1
        _flight[1] = max(_flight)
    time.sleep(0.05)
    with _lock:
        _flight[0] -= 1
    return key.upper()


def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
    calls = [0]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        print(f"call {calls[0]} of {fn.__name__}")
        return fn(*args, **kwargs)

    wrapper.calls = calls  # type: ignore[attr-defined]
    return wrapper


@counted
def pair(a: str, b: str) -> tuple[str, str]:
    x = fetch(a)
    y = fetch(b)
    return x, y


def test_the_wrapped_functions_reads_overlap_and_the_wrapper_runs_as_written(capsys: Any) -> None:
    _flight[1] = 0
    fast = xcs.jit(pair)
    assert fast("a", "b") == ("A", "B")
    assert fast("c", "d") == ("C", "D")
    assert _flight[1] == 2
    assert pair.calls == [2]  # type: ignore[attr-defined]
    assert capsys.readouterr().out == "call 1 of pair\ncall 2 of pair\n"
    assert "runs jitted" in fast.explain().plan.reason


def keeps(fn: Callable[..., Any]) -> Callable[..., Any]:
    seen: list[Any] = []

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        seen.append(fn)  # it keeps the function: the jitted one would be told apart
        return fn(*args)

    return wrapper


def swappable(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        return fn(*args)

    def swap(other: Callable[..., Any]) -> None:
        nonlocal fn
        fn = other

    wrapper.swap = swap  # type: ignore[attr-defined]
    return wrapper


def test_a_wrapper_that_uses_its_function_otherwise_is_left_as_is() -> None:
    assert through(keeps(pair.__wrapped__), xcs.jit) is None  # type: ignore[attr-defined]


def test_a_function_swapped_by_a_sibling_closure_is_the_one_called() -> None:
    wrapped = swappable(lambda key: fetch(key))
    fast = xcs.jit(wrapped)
    assert fast("a") == "A"
    assert "runs jitted" in fast.explain().plan.reason
    wrapped.swap(lambda key: key * 2)  # type: ignore[attr-defined]
    assert fast("a") == wrapped("a") == "aa"


class Recorder:
    """Not a client: its `get` notes the thread it runs on (plain code: the caller's)."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def get(self, key: str) -> str:
        self.threads.append(threading.current_thread().name)
        return key


class Reader:
    @xcs.effect("read", resource="net")
    def get(self, key: str) -> str:
        return fetch(key)


def swapped(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(log: Any, source: Any, key: str) -> list[str]:  # fn's order is the other
        first = log.get(key + "1")
        second = log.get(key + "2")
        return [first, second, fn(source, log, key)]
    return wrapper


@swapped
def read_then_log(source: Any, log: Any, key: str) -> str:
    return source.get(key) + log.get(key)


def test_a_wrapper_is_analysed_with_its_own_parameters() -> None:
    # `inspect.signature` follows `__wrapped__`: bound by it, the wrapper's `log` would be
    # taken to hold the Reader (a read, overlapped) while it holds the Recorder.
    rec = Recorder()
    f = xcs.jit(read_then_log)
    assert f(rec, Reader(), "k") == read_then_log(rec, Reader(), "k")
    assert set(rec.threads) == {threading.current_thread().name}
    plan = f.__ember_jit_state__.plan  # type: ignore[attr-defined]
    kinds = {ast.unparse(s.call): s.fact.kind for s in plan.sites}
    assert kinds.get("log.get(key + '1')") is not xcs.Kind.READ, kinds


class Fluent:
    """A client whose `__getattr__` answers every name (as xmlrpc's ServerProxy does)."""

    def __init__(self, path: str = "") -> None:
        self.path = path

    def __getattr__(self, name: str) -> Fluent:
        return Fluent(f"{self.path}.{name}")

    def __call__(self, key: str) -> str:
        return f"{self.path}({key})"


def fluent_calls(q: str) -> list[str]:
    api = Fluent()
    a = models("sim/a", q, latency=0.01)
    b = models("sim/b", q, latency=0.01)
    return [api.items.get("a"), api.items.get("b"), str(a), str(b)]


def test_an_object_answering_every_name_is_not_taken_for_a_jitted_function() -> None:
    # `__ember_jit_original__` (and `__code__`) asked of it give another Fluent: it was
    # taken for a jitted function's wrapper and analysed (TypeError).
    assert xcs.jit(fluent_calls)("q") == fluent_calls("q")
    fluent = Fluent("api")
    with pytest.warns(JITWarning, match="a Fluent object is not a Python function"):
        assert xcs.jit(fluent) is fluent  # (as it is, saying so: not as if jitted already)
    with pytest.raises(JITError, match="takes a Python function"):
        xcs.jit(42)
