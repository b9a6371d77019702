"""Per-item accounting of model calls, and the cap on calls in flight.

An evaluation must know, per item, how many model calls it made with how many tokens at
what cost, and must hold the number of calls in flight under its cap, whatever the system
does inside (ensembles, judges, jitted functions, nested helpers). It rides the models
call path's hook (`ember.models.scoped_hooks`): `Meter.active` sets the item's meter in a
context variable and scopes one hook in, whose `before` runs in the caller's context
(the thread or task that made the call) and finds the meter there; the call then waits
for the meter's gate on the event loop, runs, and its `after` adds its usage. Outside an
item no hook is active and calls are untouched. Meters nest (a Ray worker's around an
item's): the innermost one counts and gates the call.

Context reaches the calls that matter: coroutines of the item's task, the item's worker
thread, and calls `xcs.jit` starts on the shared loop (``run_coroutine_threadsafe`` copies
the caller's context). Calls made from threads the system starts on its own do not carry
the context; they run uncounted and uncapped.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
from typing import Any

from ember.models import CallHook, ModelCall, scoped_hooks

__all__ = ["Gate", "Meter", "current"]

current: contextvars.ContextVar[Meter | None] = contextvars.ContextVar(
    "ember_eval_meter", default=None
)


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
    `limit` may be lowered while calls are in flight (the Ray backend hands the driver's
    share to a worker that has started): no call is admitted until fewer than the new limit
    are in flight.
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

    def set_limit(self, limit: int) -> None:
        """Change the cap; call it on the loop that runs the calls. A higher one admits
        waiting calls at once; a lower one admits none until fewer are in flight."""
        self.limit = limit
        waiters = self._waiters
        while waiters and self.in_use < limit:
            _, _, waiter = heapq.heappop(waiters)
            if not waiter.done():  # skip waiters that were cancelled meanwhile
                self.in_use += 1
                waiter.set_result(None)

    @property
    def free(self) -> int | None:
        """Slots no call holds or waits for (None: no cap)."""
        return None if self.limit is None else self.limit - self.in_use - len(self._waiters)

    def release(self) -> None:
        """Free a slot: hand it to the waiter first in line, if any (unless the limit was
        lowered below the calls in flight: then the slot is dropped)."""
        if self.limit is None:
            return
        waiters = self._waiters
        while waiters and self.in_use <= self.limit:
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
        >>> meter.calls, meter.total_tokens > 0, meter.cost_usd > 0   # sim/ models are priced
        (1, True, True)
    """

    __slots__ = ("gate", "priority", "order_free", "calls", "prompt_tokens",
                 "completion_tokens", "cost_usd", "unpriced_calls")

    def __init__(self, gate: Gate | None = None, priority: int = 0, *,
                 order_free: bool = False) -> None:
        self.gate = gate
        self.priority = priority
        # Read only once the calls it counts are over (an evaluation's meter of an item)?
        # Then `xcs.jit` may start them ahead of their place; a meter read between them
        # (the default) sees them counted one by one, as made (see `CallHook.order_free`).
        self.order_free = order_free
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


class _Metering(CallHook):
    """The call-path hook of every meter: gate and count each call for the meter current
    where it was made. One instance, so nested meters scope it in once."""

    @property  # type: ignore[override]
    def order_free(self) -> bool:
        """The meter current here says (its counts are read after its calls, or between)."""
        meter = current.get()
        return meter is None or meter.order_free

    def before(self, call: ModelCall) -> Any:
        meter = current.get()
        if meter is None:
            return None
        held: list[Any] = [meter, None]  # the meter, and the gate once a slot is taken
        call.state[self] = held
        gate = meter.gate
        if gate is None or gate.limit is None:
            return None
        return self._admit(held, gate, meter.priority)

    @staticmethod
    async def _admit(held: list[Any], gate: Gate, priority: int) -> None:
        await gate.acquire(priority)
        held[1] = gate

    def after(self, call: ModelCall, result: Any, error: BaseException | None) -> None:
        held = call.state.pop(self, None)
        if held is None:
            return
        meter, gate = held
        if gate is not None:
            gate.release()
        if error is None:
            meter.add(result)


_METERING = _Metering()


class _Active:
    __slots__ = ("meter", "token", "hooks")

    def __init__(self, meter: Meter) -> None:
        self.meter = meter

    def __enter__(self) -> Meter:
        self.hooks = scoped_hooks(_METERING)
        self.hooks.__enter__()
        self.token = current.set(self.meter)
        return self.meter

    def __exit__(self, *exc: object) -> None:
        current.reset(self.token)
        self.hooks.__exit__(None, None, None)
