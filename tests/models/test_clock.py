"""`_transport._Clock`, an attempt's time limit: `asyncio.timeout`'s semantics in a plain
``with`` (it is made once per call, and `asyncio.timeout` costs several times more).

Which exception comes out, and that the task's count of cancel requests stays balanced;
no elapsed time is asserted.
"""

from __future__ import annotations

import asyncio

import pytest

from ember.models._transport import _Clock


def test_the_limit_turns_its_own_cancel_into_timeout_error():
    async def main() -> int:
        with pytest.raises(TimeoutError), _Clock(0.01):
            await asyncio.sleep(30)
        return asyncio.current_task().cancelling()

    assert asyncio.run(main()) == 0  # the cancel it made is taken back


def test_a_block_that_ends_in_time_is_left_alone():
    async def main() -> str:
        with _Clock(30) as clock:
            await asyncio.sleep(0)
        assert clock.handle.cancelled()  # no timer left behind
        return "done"

    assert asyncio.run(main()) == "done"


def test_a_cancel_from_elsewhere_passes_as_it_came():
    async def body(started: asyncio.Event) -> None:
        with _Clock(30):
            started.set()
            await asyncio.sleep(30)

    async def main() -> None:
        started = asyncio.Event()
        task = asyncio.create_task(body(started))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_a_cancel_from_elsewhere_after_the_limit_struck_still_cancels():
    async def body() -> None:
        with _Clock(30) as clock:
            clock._fire()  # the limit strikes (as its timer would) ...
            asyncio.current_task().cancel()  # ... and another cancel is asked for too
            await asyncio.sleep(30)

    async def main() -> None:
        with pytest.raises(asyncio.CancelledError):
            await asyncio.create_task(body())

    asyncio.run(main())


def test_a_moved_limit_strikes_at_its_new_time():
    async def main() -> None:
        with pytest.raises(TimeoutError), _Clock(30) as clock:
            clock.reschedule(clock.loop.time() + 0.01)
            await asyncio.sleep(30)

    asyncio.run(main())
