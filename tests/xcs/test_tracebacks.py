"""A started call's error has the plain run's traceback: the function's frame, then the
helper's, with none of the runtime's between them (`ember.xcs._raised`).

Each function catches the error of a helper that waited (a sleep: I/O the JIT overlaps)
and returns what code reading the traceback sees: ``traceback.format_exc()``, the frames'
names, the exception's context. The jitted run must return the same text, and it must
have started calls early (else the test would compare two plain runs).
"""

from __future__ import annotations

import asyncio
import re
import time
import traceback

import pytest

from ember import xcs


def fetch(key: str) -> str:
    time.sleep(0.02)
    return {"a": "va", "c": "vc"}[key]  # ("b" raises KeyError, as a missing record would)


def deeper(key: str) -> str:
    return fetch(key)


async def afetch(key: str) -> str:
    await asyncio.sleep(0.02)
    return {"a": "va", "c": "vc"}[key]


def comprehension() -> str:
    try:
        return str([fetch(k) for k in "abc"])
    except KeyError:
        return traceback.format_exc()


def loop_appending_through_a_helper() -> str:
    out = []
    try:
        for k in "abc":
            out.append(deeper(k))
    except KeyError:
        return traceback.format_exc()
    return str(out)


def dict_comprehension() -> str:
    try:
        return str({k: deeper(k) for k in "abc"})
    except KeyError:
        return traceback.format_exc()


def joined_generator() -> str:
    try:
        return ",".join(fetch(k) for k in "abc")
    except KeyError:
        return traceback.format_exc()


def frame_names() -> list[str]:
    try:
        return [fetch(k) for k in "abc"]
    except KeyError as e:
        return [f.name for f in traceback.extract_tb(e.__traceback__)]


def argument_raises_at_its_place() -> list[tuple[str, int | None]]:
    """(Its frames and lines: the carets under the line mark the call, not its argument.)"""
    d: dict[str, str] = {}
    try:
        return [("", len(fetch("a") + fetch(d["x"]) + fetch("c")))]
    except KeyError as e:
        return [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]


def context_of_an_outer_error() -> tuple[str, str]:
    try:
        raise RuntimeError("outer")
    except RuntimeError:
        try:
            return "", str([fetch(k) for k in "abc"])
        except KeyError as e:
            return repr(e.__context__), traceback.format_exc()


async def awaited_in_a_comprehension() -> str:
    try:
        return str([await afetch(k) for k in "abc"])
    except KeyError:
        return traceback.format_exc()


async def awaited_in_a_loop() -> str:
    out = []
    try:
        for k in "abc":
            out.append(await afetch(k))
    except KeyError:
        return traceback.format_exc()
    return str(out)


SYNC = [comprehension, loop_appending_through_a_helper, dict_comprehension, joined_generator,
        frame_names, argument_raises_at_its_place, context_of_an_outer_error]
ASYNC = [awaited_in_a_comprehension, awaited_in_a_loop]


@pytest.mark.parametrize("fn", SYNC, ids=lambda f: f.__name__)
def test_a_started_calls_traceback_is_the_plain_runs(fn: object) -> None:
    plain = fn()  # type: ignore[operator]
    jitted = xcs.jit(fn)  # type: ignore[arg-type]
    assert jitted() == plain
    assert "_runtime" not in str(plain)


@pytest.mark.parametrize("fn", ASYNC, ids=lambda f: f.__name__)
def test_an_awaited_calls_traceback_is_the_plain_runs(fn: object) -> None:
    plain = asyncio.run(fn())  # type: ignore[operator]
    jitted = xcs.jit(fn)  # type: ignore[arg-type]
    assert asyncio.run(jitted()) == plain


def test_the_calls_did_overlap() -> None:
    """The comparisons above are of runs that started calls early."""
    for fn in (comprehension, loop_appending_through_a_helper, dict_comprehension):
        jitted = xcs.jit(fn)
        jitted()
        started = re.search(r"last run: wall [\d.]+ ms, (\d+) calls started", str(xcs.explain(jitted)))
        assert started is not None and int(started[1]) >= 2, fn.__name__
