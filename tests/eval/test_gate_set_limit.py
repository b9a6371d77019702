"""`Gate.set_limit`: the cap the Ray backend raises on a worker as the driver hands over."""

from __future__ import annotations

import asyncio

from ember import _core
from ember.eval._meter import Gate


def test_a_raised_cap_admits_waiting_calls_at_once_oldest_item_first():
    async def main():
        gate = Gate(0)  # a worker opened before the driver gives it any share
        admitted: list[int] = []

        async def call(priority: int) -> None:
            await gate.acquire(priority)
            admitted.append(priority)

        tasks = [asyncio.create_task(call(p)) for p in (4, 2, 3, 1)]
        await asyncio.sleep(0.01)
        none_yet = list(admitted)
        gate.set_limit(3)
        await asyncio.sleep(0.01)
        seen = list(admitted), gate.in_use
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return none_yet, *seen

    none_yet, admitted, in_use = _core.run(main())
    assert none_yet == []
    assert admitted == [1, 2, 3] and in_use == 3  # the fourth waits for a release


def test_a_lowered_cap_admits_none_until_the_calls_in_flight_are_under_it():
    async def main():
        gate = Gate(3)
        for _ in range(3):
            await gate.acquire()
        waiter = asyncio.create_task(gate.acquire())
        gate.set_limit(2)
        gate.release()  # 2 in flight: not under the new cap, the waiter still waits
        await asyncio.sleep(0.01)
        first = waiter.done()
        gate.release()  # 1 in flight: the waiter goes
        await asyncio.wait_for(waiter, 1)
        return first, gate.in_use

    assert _core.run(main()) == (False, 2)
