"""`ember._core.spawn`: a coroutine handed to the one event loop from a sync thread."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import gc
import logging
import threading

import pytest

from ember import _core
from ember._core import _loop


class Boom(Exception):
    pass


async def fails() -> None:
    await asyncio.sleep(0)
    raise Boom("as raised")


def test_the_outcome_comes_out_as_it_is_and_nothing_is_logged(caplog) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    fut = _core.spawn(fails())
    with pytest.raises(Boom) as got:
        fut.result(timeout=30)
    assert str(got.value) == "as raised"
    assert _core.spawn(asyncio.sleep(0, result=7)).result(timeout=30) == 7
    gc.collect()
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]


def test_cancelling_the_future_cancels_the_running_task() -> None:
    started, seen = threading.Event(), threading.Event()
    ended: list[bool] = []

    async def waits() -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            seen.set()
            raise

    fut = _core.spawn(waits(), on_end=lambda: ended.append(True))
    assert started.wait(30)
    assert fut.cancel()
    assert seen.wait(30)  # the task saw the cancellation
    with pytest.raises(cf.CancelledError):
        fut.result(timeout=30)
    _core.run(asyncio.sleep(0))  # let the task end
    assert ended == [True]


def test_a_burst_of_spawns_is_started_in_a_few_turns_of_the_loop(monkeypatch) -> None:
    """1,000 coroutines handed over one by one from a thread are started together, not in
    a wake-up (and a GIL hand-over) each."""
    starts: list[int] = []  # per turn that starts the handed-over coroutines: how many
    start_all, create = _loop._start_all, _loop._create

    def counted_turn(loop: asyncio.AbstractEventLoop) -> None:
        starts.append(0)
        start_all(loop)

    def counted_start(loop: asyncio.AbstractEventLoop, spawned: _loop._Spawned) -> object:
        starts[-1] += 1  # (a turn also starts what is handed over while it runs)
        return create(loop, spawned)

    monkeypatch.setattr(_loop, "_start_all", counted_turn)
    monkeypatch.setattr(_loop, "_create", counted_start)
    futures = [_core.spawn(asyncio.sleep(0, result=i)) for i in range(1000)]
    assert [f.result(timeout=60) for f in futures] == list(range(1000))
    assert sum(starts) == 1000
    # Far fewer turns than coroutines (about one per ms while the burst lasts).
    assert len([n for n in starts if n]) <= 250, starts


def test_one_call_at_a_time_is_never_held_back_to_gather(monkeypatch) -> None:
    """Gathering waits only for bursts: a thread that waited for its last call starts the
    next at once (with an hour-long gathering window, a held-back call would time out)."""
    monkeypatch.setattr(_loop, "_GATHER_S", 3600.0)
    monkeypatch.setattr(_loop, "_last_task", None)  # no burst before this test's calls
    for i in range(20):
        assert _core.spawn(asyncio.sleep(0, result=i)).result(timeout=30) == i
