"""Calls in flight, recorded: how tests show that calls overlap without a stopwatch.

A test that asserts ``elapsed < 0.6`` fails whenever a shared CI machine is busy. What the
test means is structure: these six calls were in flight at once; the judge started after
the members ended. `InFlight` records the start and end of each call (on any thread or
event loop) so a test can say exactly that::

    calls = InFlight()
    calls.hold(6)        # optional: the first 6 calls wait for each other (see `hold`)
    ...                  # code whose calls run inside `calls.track()` / `calls.atrack()`
    assert calls.max_in_flight == 6 and calls.waves() == [6, 1]

`RecordedProvider` wraps a model provider so that every call it serves is tracked; the
`sim_calls` fixture (tests/conftest.py) puts one in front of the in-process ``sim/``
provider for the length of a test.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

from ember.models import Provider

if TYPE_CHECKING:
    from ember.models import ModelResult
    from ember.models._ids import ModelId
    from ember.models._params import Request

__all__ = ["InFlight", "RecordedProvider"]

# How long held calls wait for the rest before giving up (see `InFlight.hold`): far more
# than dispatching a few hundred calls takes on a loaded machine, and only ever spent when
# the calls do not overlap (the test then fails on `max_in_flight`).
PATIENCE = 5.0


class InFlight:
    """Start and end events of calls, in the order they happened; thread-safe.

    Attributes:
        events: ``("start" | "end", label, outcome)`` tuples in order; `outcome` is None for a
            start, then ``"ok"``, ``"error"`` or ``"cancelled"``.
        started, in_flight: calls started so far, and started but not yet ended.
        max_in_flight: the most calls in flight at any moment.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.events: list[tuple[str, str, str | None]] = []
        self.started = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._hold: tuple[int, int, int] = (0, 0, 0)  # (first call, group size, calls held)
        self.held_out = False  # a hold gave up waiting: the calls did not all start together

    def hold(self, n: int, groups: int = 1) -> None:
        """Make the next `n` calls wait for each other: none goes on until all `n` started.

        Calls that are really started together then overlap fully however slowly the
        machine dispatches them, so ``max_in_flight == n`` holds on a busy machine too.
        Calls run one by one never reach `n`: after `PATIENCE` seconds the hold gives up
        (`held_out`), every call goes on, and ``max_in_flight`` stays below `n`. With
        `groups`, the next ``n * groups`` calls are held `n` at a time, for stages of a
        pipeline: `held_out` stays False only if each stage's `n` calls were in flight
        together.
        """
        with self._lock:
            self._hold = (self.started, n, n * groups)

    def ended(self, outcome: str | None = None) -> int:
        """How many calls ended (with `outcome` only, if given)."""
        return sum(1 for kind, _, how in self.events
                   if kind == "end" and outcome in (None, how))

    def waves(self) -> list[int]:
        """How many calls started between one end and the next, in order, skipping zeros.

        Calls that all overlap make one wave (``[6]``); a fan-out then a fan-in, ``[5, 1]``;
        calls run one by one, ``[1, 1, 1, ...]``.
        """
        sizes = [0]
        for kind, _, _ in self.events:
            if kind == "start":
                sizes[-1] += 1
            elif sizes[-1]:
                sizes.append(0)
        return [s for s in sizes if s]

    def _start(self, label: str) -> int:
        """Record a start; return how many calls must have started before this one goes on."""
        with self._lock:
            self.events.append(("start", label, None))
            self.started += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._lock.notify_all()
            first, size, count = self._hold
            index = self.started - first - 1  # this call's place among the held ones
            if self.held_out or not 0 <= index < count:
                return 0
            return first + (index // size + 1) * size

    def _released(self, target: int) -> bool:
        return self.started >= target or self.held_out

    def _give_up(self, target: int) -> None:
        with self._lock:
            if not self._released(target):
                self.held_out = True
                self._lock.notify_all()

    def _end(self, label: str, outcome: str) -> None:
        with self._lock:
            self.events.append(("end", label, outcome))
            self.in_flight -= 1

    @contextmanager
    def track(self, label: str = "") -> Iterator[None]:
        """Record the block as one call (held first, if a `hold` applies to it)."""
        target = self._start(label)
        with self._lock:
            if not self._lock.wait_for(lambda: self._released(target), PATIENCE):
                self.held_out = True
                self._lock.notify_all()
        outcome = "error"
        try:
            yield
            outcome = "ok"
        finally:
            self._end(label, outcome)

    @asynccontextmanager
    async def atrack(self, label: str = "") -> AsyncIterator[None]:
        """`track` for a coroutine: a held call waits without blocking its event loop."""
        target = self._start(label)
        deadline = time.monotonic() + PATIENCE
        while not self._released(target) and time.monotonic() < deadline:
            await asyncio.sleep(0.002)
        self._give_up(target)
        outcome = "error"
        try:
            yield
            outcome = "ok"
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        finally:
            self._end(label, outcome)


class RecordedProvider(Provider):
    """A provider that serves calls through another, tracking each one in `calls`."""

    def __init__(self, inner: Provider, calls: InFlight) -> None:
        self.inner = inner
        self.calls = calls

    def start(self, model_id: ModelId, request: Request,
              started: float) -> Coroutine[Any, Any, ModelResult]:
        return self._call(self.inner.start(model_id, request, started), str(model_id))

    async def _call(self, call: Coroutine[Any, Any, ModelResult], label: str) -> ModelResult:
        async with self.calls.atrack(label):
            return await call

    def json_schema_native(self, model_id: ModelId) -> bool:
        return self.inner.json_schema_native(model_id)

    def known_models(self) -> list[str]:
        return self.inner.known_models()
