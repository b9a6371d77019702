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


def test_a_cancelled_sleep_cancels_its_timer() -> None:
    async def main() -> tuple[bool, bool]:
        fut = _sleep(3600)
        task = asyncio.ensure_future(_await(fut))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return fut.cancelled(), fut.timer.cancelled()  # type: ignore[attr-defined]

    assert asyncio.run(main()) == (True, True)


async def _await(fut: object) -> None:
    await fut  # type: ignore[misc]
