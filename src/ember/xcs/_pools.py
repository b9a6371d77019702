"""Connection pools that make a call wait, and may fail it when it waits too long.

An httpx client (and an SDK's, which is one: the openai and anthropic clients send through
an httpx client, theirs or one handed to them) serves at most ``max_connections``
requests at once; one more waits for a connection, and raises a pool timeout after the
pool's wait (5 s unless set; the SDKs': their own timeout). Plain code sends one request at
a time and never waits there; started early, requests can. So the calls started early on
a bounded pool hold a slot each while they run (`in_pool`): all but one of its
connections, the last left for the call the program may make at its own place. The rule
says so with the runner "pool" (`pooled`); a helper of the user's whose reads go through
such a pool names them (`CallFact.pools`) and holds a slot too, making its calls one at a
time. A pool of one connection whose wait may fail has no slot to spare: its reads, and
the helpers reading through it, run at their own place (runner "place").

Not covered: requests' and urllib3's pools do not fail a wait (a full pool makes and drops
an extra connection), and aiohttp's connector limit counts against the request's own
timeout (docs/jit.md).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import sys
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from ember.xcs._effects import Kind, Rule, gives
from ember.xcs._hosts import SDK_RESOURCES

__all__ = ["in_pool", "in_pool_async", "pool_of", "pooled", "waits_in"]

_slots: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _is_http(obj: Any) -> bool:
    return type(obj).__module__.partition(".")[0] in ("httpx", "httpx2")


def _owner(receiver: Any) -> Any:
    """Whose settings a call on `receiver` takes: an httpx client, or an SDK resource's
    client (None for anything else: no attribute of the user's objects is looked at)."""
    if _is_http(receiver):
        return receiver
    if SDK_RESOURCES and isinstance(receiver, tuple(SDK_RESOURCES)):
        return receiver._client
    return None


def pool_of(receiver: Any) -> Any:
    """The bounded connection pool a call on `receiver` waits in (None: no bound)."""
    owner = _owner(receiver)
    http = owner if owner is None or _is_http(owner) else getattr(owner, "_client", None)
    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    most = getattr(pool, "_max_connections", None)
    return pool if isinstance(most, int) and most < sys.maxsize else None


def waits_in(read: Any) -> frozenset:
    """The bounded pools a read (a `CallFact`) waits in: its client's (on the runner
    "pool"), or those a helper's reads wait in."""
    own = pool_of(getattr(read.obj, "__self__", None)) if read.runner == "pool" else None
    return read.pools if own is None else read.pools | {own}


def _may_fail(receiver: Any, kwargs: dict) -> bool:
    """May a wait for a connection fail this call: a pool timeout of the call's own
    (``timeout=``), or else of the client's (an SDK's ``timeout``)?"""
    timeout = kwargs["timeout"] if "timeout" in kwargs else getattr(
        _owner(receiver), "timeout", None)
    return timeout is not None and getattr(timeout, "pool", 0) is not None


def pooled(check: Callable[[tuple, dict], Rule | None]) -> Callable[[tuple, dict], Rule | None]:
    """Wrap the rule of a client's method: a read on a bounded pool runs on the runner
    "pool", or at its own place when the pool has one connection and its wait may fail."""
    def checked(args: tuple, kwargs: dict) -> Rule | None:
        rule = check(args, kwargs)
        if rule is None or rule.kind is not Kind.READ or not args:
            return rule
        pool = pool_of(args[0])
        if pool is None:
            return rule
        if pool._max_connections < 2 and _may_fail(args[0], kwargs):
            runner = "place"
        else:  # (an async client's awaitable takes its slot on the caller's loop)
            runner = "call" if rule.runner == "call" else "pool"
        return Rule(rule.kind, f"{rule.reason}, on a pool of {pool._max_connections} "
                    "connections", rule.resource, runner, rule.sleeps, rule.returns)
    checked.receiver = getattr(check, "receiver", False)  # type: ignore[attr-defined]
    checked.gives = gives(check)  # type: ignore[attr-defined]
    return checked


def _slots_of(pool: Any, make: Callable[[int], Any]) -> Any:
    with _lock:
        slots = _slots.get(pool)
        if slots is None:
            slots = _slots[pool] = make(max(1, pool._max_connections - 1))
        return slots


def in_pool(callee: Any, pools: Iterable[Any] = ()) -> Callable[..., Any]:
    """`callee` holding a slot of each of its pools while it runs: the pool of the client
    it is a method of, or `pools` (a helper's, `CallFact.pools`)."""
    own = pool_of(getattr(callee, "__self__", None))
    held = [_slots_of(p, threading.BoundedSemaphore)
            for p in sorted({*pools, *([own] if own is not None else [])}, key=id)]
    if not held:
        return callee

    @functools.wraps(callee)
    def holding(*args: Any, **kwargs: Any) -> Any:
        for slots in held:  # (in one order for every call: no two wait on each other)
            slots.acquire()
        try:
            return callee(*args, **kwargs)
        finally:
            for slots in reversed(held):
                slots.release()
    return holding


def in_pool_async(callee: Any) -> Callable[..., Any]:
    """`callee` as it is, or, a bounded pool's async client's method, holding a slot
    (on the loop the client is used from) while its awaitable runs."""
    pool = pool_of(getattr(callee, "__self__", None))
    if pool is None or not inspect.iscoroutinefunction(callee):
        return callee
    slots = _slots_of(pool, asyncio.Semaphore)  # (an async client's pool is its own)

    @functools.wraps(callee)
    async def holding(*args: Any, **kwargs: Any) -> Any:
        async with slots:
            return await callee(*args, **kwargs)
    return holding
