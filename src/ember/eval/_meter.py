"""Per-item accounting of model calls, and the cap on calls in flight.

An evaluation must know, per item, how many model calls it made with how many tokens at
what cost, and must hold the number of calls in flight under its cap, whatever the system
does inside (ensembles, judges, jitted functions, nested helpers). Every model call passes
through `ember.models._api._start` in the caller's context (the thread or task that made
it), so a context variable set for the item reaches it there. `install` wraps that one
function: with no meter in the context the call is untouched (one `ContextVar.get`);
with one, the call's coroutine waits for the meter's gate, runs, and adds its usage.

Context reaches the calls that matter: coroutines of the item's task, the item's worker
thread, and calls `xcs.jit` starts on the shared loop (``run_coroutine_threadsafe`` copies
the caller's context). Calls made from threads the system starts on its own do not carry
the context; they run uncounted and uncapped.

This is the one place the evaluation layer reaches into the models layer's internals; a
public usage hook in `ember.models` would replace it.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
import threading
from collections.abc import Coroutine
from typing import Any

__all__ = ["Gate", "Meter", "current", "install"]

current: contextvars.ContextVar[Meter | None] = contextvars.ContextVar(
    "ember_eval_meter", default=None
)

_installed = False
_install_lock = threading.Lock()


class Gate:
    """A cap on model calls in flight in this process, shared by one evaluation's items.

    Waiting calls are admitted oldest item first (lowest priority number, then arrival),
    not first come first served: an item's judge call, which its result is waiting on,
    goes before the ensemble calls of items that started later. Measured on the 5E+1J
    benchmark (1,000 items, cap 200, in-process simulator): 3.30-3.35 s against
    3.45-3.48 s first-come-first-served, with a lower median item latency; over HTTP
    the two were the same.

    State lives on the event loop that runs the calls (the shared loop) and is made there
    on first use, so a `Gate` can be built in any thread and sent to another process.
    """

    __slots__ = ("limit", "in_use", "_waiters", "_seq")

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.in_use = 0
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    async def acquire(self, priority: int = 0) -> None:
        """Wait for a slot; lower `priority` numbers are admitted first."""
        if self.limit is None:
            return
        if self.in_use < self.limit and not self._waiters:
            self.in_use += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._seq), waiter))
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over just before the cancel landed
            raise

    def release(self) -> None:
        """Free a slot: hand it to the waiter first in line, if any."""
        if self.limit is None:
            return
        waiters = self._waiters
        while waiters:
            _, _, waiter = heapq.heappop(waiters)
            if not waiter.done():  # skip waiters that were cancelled meanwhile
                waiter.set_result(None)
                return
        self.in_use -= 1

    def __getstate__(self) -> dict[str, Any]:
        return {"limit": self.limit}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["limit"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Gate(limit={self.limit}, in_use={self.in_use}, waiting={len(self._waiters)})"


class Meter:
    """Counts the model calls of one item and holds them under a `Gate`.

    Examples:
        >>> from ember.models import models
        >>> meter = Meter(Gate(4))
        >>> with meter.active():
        ...     _ = models("sim/gpt", "Hi", latency=0)
        >>> meter.calls, meter.total_tokens > 0, meter.cost_usd
        (1, True, 0.0)
    """

    __slots__ = ("gate", "priority", "calls", "prompt_tokens", "completion_tokens", "cost_usd",
                 "unpriced_calls")

    def __init__(self, gate: Gate | None = None, priority: int = 0) -> None:
        install()
        self.gate = gate
        self.priority = priority
        self.calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cost_usd = 0.0
        self.unpriced_calls = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def active(self) -> _Active:
        """A context manager making this the meter of calls made inside it (this context)."""
        return _Active(self)

    def add(self, result: Any) -> None:
        """Count one finished call from its `ModelResult`."""
        self.calls += 1
        usage = getattr(result, "usage", None)
        if usage is not None:
            self.prompt_tokens += usage.prompt_tokens
            self.completion_tokens += usage.completion_tokens
        cost = getattr(result, "cost_usd", None)
        if cost is None:
            self.unpriced_calls += 1
        else:
            self.cost_usd += cost

    async def wrap(self, coro: Coroutine[Any, Any, Any]) -> Any:
        """Run one call's coroutine under the gate and count its result."""
        gate = self.gate
        if gate is None or gate.limit is None:
            result = await coro
        else:
            try:
                await gate.acquire(self.priority)
            except BaseException:
                coro.close()
                raise
            try:
                result = await coro
            finally:
                gate.release()
        self.add(result)
        return result


class _Active:
    __slots__ = ("meter", "token")

    def __init__(self, meter: Meter) -> None:
        self.meter = meter

    def __enter__(self) -> Meter:
        self.token = current.set(self.meter)
        return self.meter

    def __exit__(self, *exc: object) -> None:
        current.reset(self.token)


def install() -> None:
    """Route model calls through the active meter (idempotent; costless without one)."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        from ember.models import _api

        original = _api._start

        def _metered_start(model_id: str, prompt: Any, params: dict[str, Any]) -> Any:
            coro = original(model_id, prompt, params)
            meter = current.get()
            return coro if meter is None else meter.wrap(coro)

        _metered_start.__wrapped__ = original  # type: ignore[attr-defined]
        _api._start = _metered_start
        _installed = True
