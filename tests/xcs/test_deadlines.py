"""A deadline's body runs as written: which of its calls end before the deadline is the
timing's, and overlapping them would let a run finish that plain code cancels. A deadline
is found by what the ``with`` calls (``asyncio.timeout``), by its type (a timeout kept in a
name, `asyncio.Timeout`), and, in a coroutine, wherever the context manager may be one: a
name whose type is not known, a helper's or your own context manager, an exit stack. A
context manager known not to be one (a semaphore, a client) lets its body's awaits overlap.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest

from ember import xcs
from tests.xcs._items_server import Items

SLOW = 0.15  # each await; two of them pass the deadline, one alone does not
DEADLINE = 0.25


async def get(web: str, key: str) -> str:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{web}/items/{key}?ms={int(SLOW * 1000)}")).text


def budget(seconds: float) -> Any:
    return asyncio.timeout(seconds)


@contextlib.asynccontextmanager
async def limited(seconds: float) -> AsyncIterator[None]:
    async with asyncio.timeout(seconds):
        yield


async def in_a_name(web: str) -> list[str]:
    deadline = asyncio.timeout(DEADLINE)
    async with deadline:
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


async def from_a_helper(web: str) -> list[str]:
    async with budget(DEADLINE):
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


async def your_context_manager(web: str) -> list[str]:
    async with limited(DEADLINE):
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


async def the_class(web: str) -> list[str]:
    async with asyncio.Timeout(asyncio.get_running_loop().time() + DEADLINE):
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


async def in_an_exit_stack(web: str) -> list[str]:
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(asyncio.timeout(DEADLINE))
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


async def an_anyio_scope_in_a_name(web: str) -> list[str]:
    scope = anyio.fail_after(DEADLINE)
    with scope:
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


class Limits:
    """Deadlines made by a class of yours: a classmethod, a method, the object called."""

    @classmethod
    def tight(cls) -> Any:
        return asyncio.timeout(DEADLINE)

    def deadline(self) -> Any:
        return asyncio.timeout(DEADLINE)

    def __call__(self) -> Any:
        return anyio.fail_after(DEADLINE)


LIMITS = Limits()
QUARTER = functools.partial(anyio.fail_after, DEADLINE)


async def from_a_classmethod(web: str) -> list[str]:
    async with Limits.tight():
        return [await get(web, "a"), await get(web, "b")]


async def from_a_global_objects_method(web: str) -> list[str]:
    async with LIMITS.deadline():
        return [await get(web, "a"), await get(web, "b")]


async def from_a_callable_object(web: str) -> list[str]:
    with LIMITS():
        return [await get(web, "a"), await get(web, "b")]


async def from_a_global_partial(web: str) -> list[str]:
    with QUARTER():
        return [await get(web, "a"), await get(web, "b")]


async def in_a_named_exit_stack(web: str) -> list[str]:
    stack = contextlib.AsyncExitStack()
    async with stack:
        await stack.enter_async_context(asyncio.timeout(DEADLINE))
        return [await get(web, "a"), await get(web, "b")]


async def a_timer_that_cancels(web: str) -> list[str]:
    handle = asyncio.get_running_loop().call_later(DEADLINE, asyncio.current_task().cancel)
    try:
        return [await get(web, "a"), await get(web, "b")]
    except asyncio.CancelledError:
        asyncio.current_task().uncancel()
        raise TimeoutError from None
    finally:
        handle.cancel()


def arm(expired: list[bool]) -> None:
    """A helper that sets a timer: it flags the deadline."""
    asyncio.get_running_loop().call_later(DEADLINE, expired.append, True)


async def a_helpers_timer(web: str) -> list[str]:
    expired: list[bool] = []
    arm(expired)
    out = [await get(web, "a"), await get(web, "b")]
    if expired:
        raise TimeoutError
    return out


class Watchdog:
    """A context manager whose ``__enter__`` starts a timer (no call of the function's
    names it)."""

    def __enter__(self) -> Watchdog:
        self.fired = False
        self.timer = threading.Timer(DEADLINE, lambda: setattr(self, "fired", True))
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


def sync_get(web: str, key: str) -> str:
    return httpx.get(f"{web}/items/{key}?ms={int(SLOW * 1000)}").text


def a_watchdog(web: str) -> list[str]:
    with Watchdog() as dog:
        out = [sync_get(web, "a"), sync_get(web, "b")]
    if dog.fired:
        raise TimeoutError
    return out


class Budget:
    """A deadline of yours, as a class: its ``__aenter__`` enters a timeout it made."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def __aenter__(self) -> Budget:
        self.scope = asyncio.timeout(self.seconds)
        await self.scope.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> bool | None:
        return await self.scope.__aexit__(*exc)


async def your_class(web: str) -> list[str]:
    async with Budget(DEADLINE):
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


def _outcome(fn: Any, web: str) -> Any:
    try:
        out = fn(web)
        return asyncio.run(out) if inspect.iscoroutine(out) else out
    except TimeoutError as exc:
        return type(exc)


@pytest.mark.parametrize("fn", [in_a_name, from_a_helper, your_context_manager, the_class,
                                in_an_exit_stack, an_anyio_scope_in_a_name, from_a_classmethod,
                                from_a_global_objects_method, from_a_callable_object,
                                from_a_global_partial, in_a_named_exit_stack,
                                a_timer_that_cancels, a_helpers_timer, a_watchdog,
                                your_class],
                         ids=lambda f: f.__name__)
def test_a_deadline_however_made_keeps_its_body_as_written(fn: Any, web: str) -> None:
    assert _outcome(fn, web) is TimeoutError  # (load only makes the plain run slower)
    Items.reset()
    assert _outcome(xcs.jit(fn), web) is TimeoutError
    assert Items.peak <= 1  # (under load the deadline may pass before the first arrives)


SEM = asyncio.Semaphore(4)


async def under_a_semaphore(web: str) -> list[str]:
    async with SEM:
        a = await get(web, "a")
        b = await get(web, "b")
        return [a, b]


async def under_a_local_lock(web: str) -> list[str]:
    lock = asyncio.Lock()
    async with lock:
        return [await get(web, "a"), await get(web, "b")]


class Span:
    """A tracing span of yours: it prints on entry and exit, and arms nothing."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Span:
        print("start", self.name)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        print("end", self.name)


async def in_a_span(web: str) -> list[str]:
    async with Span("both"):
        a = await get(web, "a")
        b = await get(web, "b")
    return [a, b]


@pytest.mark.parametrize("fn", [under_a_semaphore, under_a_local_lock, in_a_span],
                         ids=lambda f: f.__name__)
def test_a_context_manager_known_not_to_be_a_deadline_lets_its_body_overlap(
        fn: Any, web: str) -> None:
    plain = asyncio.run(fn(web))
    Items.reset()
    assert asyncio.run(xcs.jit(fn)(web)) == plain == ["v-a", "v-b"]
    assert Items.peak == 2
