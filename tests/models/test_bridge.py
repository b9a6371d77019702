"""Calls awaited from another event loop cross to Ember's loop in batches: a `gather` of
many calls wakes Ember's loop a few times, not once per call, and the answers come back
the same way. Asserted by counting the wake-ups (structure), never by time."""

from __future__ import annotations

import asyncio

import pytest

from ember.models import _bridge, models


@pytest.fixture
def drains(monkeypatch) -> dict[int, int]:
    """How many times each loop's inbox was drained (one per wake-up), by thread."""
    import threading

    counts: dict[int, int] = {}
    drain = _bridge._Inbox._drain

    def counted(self) -> None:
        ident = threading.get_ident()
        counts[ident] = counts.get(ident, 0) + 1
        drain(self)

    monkeypatch.setattr(_bridge._Inbox, "_drain", counted)
    return counts


def test_a_gather_of_calls_crosses_in_a_few_wake_ups(endpoint, drains):
    import threading

    name, _ = endpoint("batched", sim={"latency": 0.05})
    n = 300

    async def main():
        return await asyncio.gather(*(models.acall(f"{name}/gpt", f"q{i}")
                                      for i in range(n)))

    got = asyncio.run(main())
    assert len(got) == n and all(r.model_id == f"{name}/gpt" for r in got)
    here = threading.get_ident()
    to_ember = sum(c for ident, c in drains.items() if ident != here)
    back = drains.get(here, 0)
    assert to_ember <= -(-n // _bridge.CHUNK), drains  # one step's calls: CHUNK per post
    assert back < n // 3, drains    # the answers of one step of Ember's loop, together


def test_a_long_step_sends_its_first_chunk_before_it_ends():
    # The caller's step below never yields to its loop until the first call has started on
    # Ember's loop: with one post per step that would never happen (it waits for the step
    # to end); in chunks the first CHUNK calls cross as soon as they are made.
    import threading

    started = threading.Event()

    async def one(i: int) -> int:
        started.set()
        return i

    async def main() -> list[int]:
        n = 2 * _bridge.CHUNK + 1
        futures = [_bridge.await_on_shared_loop(one(i)) for i in range(n)]
        first_crossed = started.wait(timeout=30)  # blocks this step (and releases the GIL)
        assert first_crossed, "no call crossed before the step that made them ended"
        return await asyncio.gather(*futures)

    assert asyncio.run(main()) == list(range(2 * _bridge.CHUNK + 1))


def test_cancelling_the_caller_cancels_the_call(endpoint):
    name, server = endpoint("dropped", sim={"latency": 5})

    async def main():
        task = asyncio.ensure_future(models.acall(f"{name}/gpt", "slow"))
        while server.stats()["in_flight"] == 0:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        while server.stats()["in_flight"]:     # the request on Ember's loop is dropped
            await asyncio.sleep(0.01)

    asyncio.run(asyncio.wait_for(main(), 30))


def test_each_call_runs_with_its_callers_context_variables():
    # A gather's calls cross in one batch; each task on Ember's loop still sees the
    # context variables of the caller that made it, not the first caller's.
    import contextvars

    tag: contextvars.ContextVar[int | None] = contextvars.ContextVar("tag", default=None)

    async def read() -> int | None:
        await asyncio.sleep(0)
        return tag.get()

    async def one(i: int) -> int | None:
        tag.set(i)
        return await _bridge.await_on_shared_loop(read())

    async def main() -> list[int | None]:
        return await asyncio.gather(*(one(i) for i in range(20)))

    assert asyncio.run(main()) == list(range(20))


def test_an_endpoints_cap_holds_for_callers_on_two_loops_at_once(endpoint):
    # Two threads, each awaiting calls from a loop of its own: the endpoint's in-flight cap
    # is one cap for both (its calls run on Ember's one loop), not one per caller's loop.
    import threading

    name, server = endpoint("shared_cap", sim={"latency": 0.05}, max_calls_in_flight=4)
    answers: list[int] = []

    def caller(tag: str) -> None:
        async def main():
            return await asyncio.gather(*(models.acall(f"{name}/gpt", f"{tag}{i}")
                                          for i in range(12)))
        answers.append(len(asyncio.run(main())))

    threads = [threading.Thread(target=caller, args=(tag,)) for tag in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == [12, 12]
    assert server.stats()["completed"] == 24
    assert server.stats()["max_in_flight"] <= 4


def test_a_crossing_leaves_no_reference_cycle_behind(endpoint):
    """What a call held while it crossed is freed as soon as it is done, by reference
    counting: garbage in cycles would wait for (and lengthen) the next garbage collection."""
    import gc

    name, _ = endpoint("acyclic")
    n = 200

    async def main(count: int) -> list:
        return await asyncio.gather(*(models.acall(f"{name}/gpt", f"q{i}")
                                      for i in range(count)))

    runner = asyncio.Runner()
    try:
        runner.run(main(20))  # connections opened, the loop's inboxes made
        gc.collect()
        gc.disable()
        try:
            assert len(runner.run(main(n))) == n
            found = gc.collect()
        finally:
            gc.enable()
    finally:
        runner.close()
    assert found < n // 4, found  # before: about 8 objects in a cycle per call



def test_a_call_made_on_embers_own_loop_starts_no_task_and_posts_nothing(endpoint, drains):
    # On Ember's loop nothing crosses: the call's coroutine is awaited in the caller's own
    # task (no task of its own, no inbox drained). From another loop, the same call runs
    # in a task of its own on Ember's loop (which the counting below does see).
    from ember import _core

    name, _ = endpoint("onloop")
    loop = _core.get_loop()
    started: list[str] = []

    def counting(lp, coro, **kwargs):
        started.append(getattr(coro, "__qualname__", type(coro).__name__))
        return asyncio.Task(coro, loop=lp, **kwargs)

    async def install(factory) -> None:
        loop.set_task_factory(factory)

    async def call():
        return await models.acall(f"{name}/gpt", "hi")

    _core.run(install(counting))
    try:
        assert _core.run(call()).model_id == f"{name}/gpt"  # on Ember's loop
        on_loop, started[:] = list(started), []
        assert not drains, drains
        assert asyncio.run(call()).model_id == f"{name}/gpt"  # from another loop
    finally:
        _core.run(install(None))
    assert "HTTPProvider._call" not in on_loop, on_loop
    assert started.count("HTTPProvider._call") == 1, started
