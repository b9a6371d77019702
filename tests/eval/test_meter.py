"""The per-item meter and the calls-in-flight gate; the summary's statistics."""

from __future__ import annotations

import asyncio
import math
import threading

import pytest

from ember import _core
from ember.api import models
from ember.eval._meter import Gate, Meter, current
from ember.eval._summary import summarize, wilson_interval
from ember.eval._task import ItemRecord


def test_gate_admits_lowest_priority_first_and_holds_the_cap():
    async def main():
        gate = Gate(2)
        order: list[int] = []
        peak = 0

        async def call(priority: int, delay: float) -> None:
            nonlocal peak
            await gate.acquire(priority)
            peak = max(peak, gate.in_use)
            order.append(priority)
            try:
                await asyncio.sleep(delay)
            finally:
                gate.release()

        first = [asyncio.create_task(call(p, 0.02)) for p in (5, 6)]
        await asyncio.sleep(0)
        later = [asyncio.create_task(call(p, 0.0)) for p in (9, 3, 7, 1)]
        await asyncio.gather(*first, *later)
        return order, peak, gate.in_use

    order, peak, in_use = _core.run(main())
    assert order == [5, 6, 1, 3, 7, 9]
    assert peak == 2 and in_use == 0


def test_gate_cancelled_waiters_give_their_slot_back():
    async def main():
        gate = Gate(1)
        await gate.acquire()
        waiter = asyncio.create_task(gate.acquire(0))
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        gate.release()
        await asyncio.wait_for(gate.acquire(), 1)
        return gate.in_use

    assert _core.run(main()) == 1


def test_gate_lowered_under_its_calls_admits_none_until_they_are_within_it():
    async def main():
        gate = Gate(4)
        for _ in range(4):
            await gate.acquire()
        waiters = [asyncio.create_task(gate.acquire(p)) for p in (1, 2)]
        await asyncio.sleep(0)
        free_before = gate.free
        gate.limit = 2  # the Ray backend's driver handing a share to a worker
        seen = []
        for _ in range(3):
            gate.release()
            await asyncio.sleep(0)
            seen.append((gate.in_use, sum(w.done() for w in waiters)))
        return free_before, seen

    free_before, seen = _core.run(main())
    assert free_before == 4 - 4 - 2
    # 4 -> 3 -> 2 in use with nobody admitted; the third release hands its slot over.
    assert seen == [(3, 0), (2, 0), (2, 1)]


def test_meter_counts_calls_from_tasks_threads_and_jit():
    from ember import xcs

    @xcs.jit
    def pair(q):
        a = models("sim/gpt", q, latency=0.01)
        b = models("sim/claude", q, latency=0.01)
        return a + b

    meter = Meter(Gate(None))
    with meter.active():
        pair("x")
        t = threading.Thread(target=lambda: models("sim/gpt", "not mine", latency=0))
        t.start()
        t.join()  # a thread started by hand has no context: not counted
    assert meter.calls == 2 and meter.prompt_tokens > 0 and meter.unpriced_calls == 0
    assert current.get() is None
    models("sim/gpt", "outside", latency=0)
    assert meter.calls == 2


def test_nested_meters_the_innermost_counts_and_gates(endpoint):
    """A Ray worker's meter around an item's: each call is counted once, by the item's,
    and waits only at the item's gate (the outer gate of 1 is never taken)."""
    from ember._core import active_hooks

    name, server = endpoint("nested", sim={"latency": 0.1})
    outer, inner = Meter(Gate(1)), Meter(Gate(3))

    async def three():
        return await asyncio.gather(*(models.acall(f"{name}/gpt", f"q{i}") for i in range(3)))

    with outer.active():
        with inner.active():
            asyncio.run(three())
            assert len(active_hooks()) == 1  # one metering hook, whichever meter is current
        models(f"{name}/gpt", "outer's own")
    assert (inner.calls, outer.calls) == (3, 1)
    assert inner.gate.in_use == outer.gate.in_use == 0
    assert 1 < server.stats()["max_in_flight"] <= 3  # the outer cap of 1 held nothing back


def record(i: int, score: float | None, latency: float = 0.1) -> ItemRecord:
    return ItemRecord(i, str(i), "", {}, "", "", score, "", None if score is not None else "E",
                      None, 1, 1, 1, 0.0, 0, latency)


def test_wilson_interval_edges():
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_summary_statistics():
    records = [record(i, [0.0, 0.5, 1.0, 1.0][i % 4], latency=i / 100) for i in range(100)]
    s = summarize(list(reversed(records)))  # order of arrival does not matter
    assert s.ci_method == "normal" and s.score == pytest.approx(0.625)
    assert s.ci_low < 0.625 < s.ci_high
    assert s.latency_p50_s == pytest.approx(0.495) and s.latency_max_s == pytest.approx(0.99)
    assert s.outcome() == summarize(records, wall_s=9.0, resumed=3).outcome()
    empty = summarize([])
    assert empty.items == 0 and math.isnan(empty.score)
