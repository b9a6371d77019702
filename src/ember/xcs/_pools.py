"""Connection pools that make a call wait, and fail when it waits too long.

An httpx client serves at most ``max_connections`` requests at once; one more waits for a
connection, and raises `httpx.PoolTimeout` after the pool timeout (5 s unless set). Plain
code sends one request at a time and never waits there; started early, requests can.
So a read on such a client is started early only while the calls started on its pool
leave a connection free for the one the program may make at its own place: the rule says
so with the runner "pool" (`pooled`), and `in_pool` holds a slot of the pool while the
call runs. A pool of one connection has no slot to spare: its reads run at their own
place (runner "place"), as does a helper of the user's whose body reads through a pool
(`_summary`), since the call that starts the helper does not see the pool it uses.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
import weakref
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import Kind, Rule

__all__ = ["in_pool", "in_pool_async", "pooled"]

_slots: weakref.WeakKeyDictionary[Any, threading.BoundedSemaphore] = (
    weakref.WeakKeyDictionary())
_lock = threading.Lock()


def _most(client: Any) -> int | None:
    """How many requests `client` (an httpx client) serves at once (None: no bound)."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    most = getattr(pool, "_max_connections", None)
    return most if isinstance(most, int) else None


def _bound(client: Any, kwargs: dict) -> int | None:
    """How many requests `client` serves before one waits with a timeout; None when a
    wait cannot fail (no bound, or no pool timeout, the client's or the call's own)."""
    most = _most(client)
    if most is None:
        return None
    timeout = kwargs.get("timeout", getattr(client, "timeout", None))
    if timeout is None or getattr(timeout, "pool", 0) is None:
        return None
    return most


def pooled(check: Callable[[tuple, dict], Rule | None]) -> Callable[[tuple, dict], Rule | None]:
    """Wrap an httpx client method's rule: a read on a bounded pool runs on the runner
    "pool", or at its own place when the pool has one connection."""
    def checked(args: tuple, kwargs: dict) -> Rule | None:
        rule = check(args, kwargs)
        if rule is None or rule.kind is not Kind.READ or not args:
            return rule
        most = _bound(args[0], kwargs)
        if most is None:
            return rule
        # (An async client's awaitable takes its slot on the caller's loop: `in_pool_async`.)
        runner = "place" if most < 2 else "call" if rule.runner == "call" else "pool"
        return Rule(rule.kind, f"{rule.reason}, on a pool of {most} connections",
                    rule.resource, runner, rule.sleeps, rule.returns)
    checked.receiver = getattr(check, "receiver", False)  # type: ignore[attr-defined]
    return checked


def _slots_of(client: Any, make: Callable[[int], Any]) -> Any:
    """The slots of `client`'s pool: all but one of its connections, the last left for
    the call the program may make at its own place."""
    with _lock:
        slots = _slots.get(client)
        if slots is None:
            slots = _slots[client] = make(max(1, (_most(client) or 2) - 1))
        return slots


def in_pool(callee: Any) -> Callable[..., Any]:
    """`callee` (a bound method of a bounded pool's client) holding a slot while it runs."""
    slots = _slots_of(callee.__self__, threading.BoundedSemaphore)

    @functools.wraps(callee)
    def held(*args: Any, **kwargs: Any) -> Any:
        with slots:
            return callee(*args, **kwargs)
    return held


def in_pool_async(callee: Any) -> Callable[..., Any]:
    """`callee` as it is, or, a bounded pool's async client's method, holding a slot
    (on the loop the client is used from) while its awaitable runs."""
    client = getattr(callee, "__self__", None)
    if _most(client) is None or not inspect.iscoroutinefunction(callee):
        return callee
    slots = _slots_of(client, asyncio.Semaphore)

    @functools.wraps(callee)
    async def held(*args: Any, **kwargs: Any) -> Any:
        async with slots:
            return await callee(*args, **kwargs)
    return held
