"""A twin's `time.sleep`: a timer on the loop that raises what `time.sleep` raises and is
cancelled with the task that waits for it."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from ember import xcs
from ember.xcs._twin import _sleep, twin_of


def pause(x: float) -> float:
    time.sleep(x)
    return x


def pauses(xs: list[float]) -> list[float]:
    return [pause(x) for x in xs]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1, "1"])
def test_a_bad_argument_raises_as_plain_sleep_does(bad: object) -> None:
    assert twin_of(pause) is not None
    with pytest.raises(Exception) as plain:
        pauses([0.01, bad])  # type: ignore[list-item]
    with pytest.raises(Exception) as jitted:
        xcs.jit(pauses)([0.01, bad])  # type: ignore[list-item]
    assert type(jitted.value) is type(plain.value)
    assert str(jitted.value) == str(plain.value)


def test_sleeps_end_with_their_values() -> None:
    assert xcs.jit(pauses)([0.02, 0, 0.01, 1e-9]) == [0.02, 0, 0.01, 1e-9]


def test_a_sleep_never_ends_before_its_time_and_shares_a_timer() -> None:
    """Sleeps due in the same millisecond share one timer; none wakes before its deadline."""
    async def main() -> tuple[list[float], int]:
        loop = asyncio.get_running_loop()
        before = len(loop._scheduled)  # type: ignore[attr-defined]
        t0 = loop.time()
        waits = [_sleep(0.02) for _ in range(200)]
        timers = len(loop._scheduled) - before  # type: ignore[attr-defined]
        ended: list[float] = []
        for fut in waits:
            fut.add_done_callback(lambda _: ended.append(loop.time() - t0))  # type: ignore[union-attr]
        await asyncio.gather(*waits)
        return ended, timers

    ended, timers = asyncio.run(main())
    assert len(ended) == 200 and min(ended) >= 0.02
    assert timers <= 3  # (made across at most a millisecond boundary or two)


def test_a_cancelled_sleep_is_left_out_when_its_timer_fires() -> None:
    async def main() -> bool:
        fut = _sleep(0.01)
        kept = _sleep(0.01)
        task = asyncio.ensure_future(_await(fut))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await kept  # the shared timer fires, and passes the cancelled one by
        return fut.cancelled()

    assert asyncio.run(main())


async def _await(fut: object) -> None:
    await fut  # type: ignore[misc]
