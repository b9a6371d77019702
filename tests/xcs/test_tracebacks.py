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


def lookup(key: str) -> str:
    time.sleep(0.02)
    try:
        return {"a": "va", "c": "vc"}[key]
    except KeyError:
        raise LookupError(f"no record {key}")  # noqa: B904 - its context is the KeyError


def chain_of_a_helpers_error() -> list[str]:
    """The error's chain by ``__context__``: the helper's LookupError, its KeyError, then
    whatever the caller was handling when it called this function."""
    try:
        return [lookup(k) for k in "abc"]
    except LookupError as e:
        return chain_of(e)


def chain_of(e: BaseException | None) -> list[str]:
    chain = []
    while e is not None:
        chain.append(f"{type(e).__name__}: {e}")
        e = e.__context__
    return chain


async def alookup(key: str) -> str:
    await asyncio.sleep(0.02)
    try:
        return {"a": "va", "c": "vc"}[key]
    except KeyError:
        raise LookupError(f"no record {key}")  # noqa: B904 - its context is the KeyError


async def chain_of_an_awaited_error() -> list[str]:
    try:
        return [await alookup(k) for k in "abc"]
    except LookupError as e:
        return chain_of(e)


SYNC = [comprehension, loop_appending_through_a_helper, dict_comprehension, joined_generator,
        frame_names, argument_raises_at_its_place, context_of_an_outer_error,
        chain_of_a_helpers_error]
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


def test_the_chain_is_the_plain_runs_when_called_while_handling_an_error() -> None:
    """Called from an ``except`` block: the started call raised in another thread, where
    nothing was handled, and is raised again in this one, which handles a RuntimeError;
    the chain must be the plain run's (the caller's error at its end), not cut short."""
    jitted = xcs.jit(chain_of_a_helpers_error)
    try:
        raise RuntimeError("primary store down")
    except RuntimeError:
        plain, got = chain_of_a_helpers_error(), jitted()
    assert plain[-1] == "RuntimeError: primary store down" and len(plain) == 3
    assert got == plain


def test_an_awaited_chain_is_the_plain_runs_when_called_while_handling_an_error() -> None:
    jitted = xcs.jit(chain_of_an_awaited_error)

    async def caller() -> tuple[list[str], list[str]]:
        try:
            raise RuntimeError("primary store down")
        except RuntimeError:
            return await chain_of_an_awaited_error(), await jitted()

    plain, got = asyncio.run(caller())
    assert plain[-1] == "RuntimeError: primary store down" and len(plain) == 3
    assert got == plain
