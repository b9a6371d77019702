"""A job that ends before its start has returned still counts (`ember._core.Scope`).

A task handed to a loop from another thread can run, fail and call its end before the
thread that started it has recorded its future: the loop's thread runs while the starting
thread waits for the GIL. The scope used to judge such a job by a future it did not know
yet: it saw no outcome, forgot the job, and a failure was lost (``errors="group"`` gave a
group of one, or the scope exited quietly and the front-end re-raised the first future's
error; with ``limit`` the jobs queued behind it never started). The race was rare; here
it is forced: the patched `start_on` returns only once the task has ended. Every test
loops, since the unforced forms (the async body's own tasks) are checked for the
interleavings chance gives them. No assertion is about time.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from typing import Any

import pytest

from ember import _core, xcs
from ember._core import _loop

PATIENCE = 10.0  # seconds an event may take on a loaded machine; only spent on a failure
ROUNDS = 25


class Boom(Exception):
    """The user's own error."""


@pytest.fixture
def tasks_end_before_their_start_returns(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every task handed over from another thread end before `start_on` returns.
    Returns the count of tasks so forced (a test checks the path it means was taken)."""
    real = _loop.start_on
    forced = [0]

    def start_on(loop: asyncio.AbstractEventLoop, coro: Any,
                 on_end: Callable[..., None] | None = None) -> Any:
        if asyncio._get_running_loop() is loop or on_end is None:
            return real(loop, coro, on_end)  # on the loop itself: the task cannot run yet
        ended = threading.Event()

        def end(*args: Any) -> None:
            try:
                on_end(*args)
            finally:
                ended.set()

        fut = real(loop, coro, end)
        assert ended.wait(PATIENCE)
        forced[0] += 1
        return fut

    monkeypatch.setattr(_loop, "start_on", start_on)
    return forced


def _errors(n: int) -> list[Boom]:
    return [Boom(f"failure {i}") for i in range(n)]


async def _fail_now(error: BaseException) -> None:
    raise error  # at the task's first step


async def _fail_after_await(error: BaseException) -> None:
    await asyncio.sleep(0)
    raise error


async def _value(x: int) -> int:
    await asyncio.sleep(0)
    return x


def _fail_in_thread(error: BaseException) -> None:
    raise error


def _fail_at_submission(error: BaseException) -> Callable[[], Any]:
    def start() -> Any:  # `adopt`: starting the work elsewhere raises at once
        raise error
    return start


# --------------------------------------------------------------------------- the scope


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fail", [_fail_now, _fail_after_await])
def test_group_holds_every_early_failure_in_start_order(tasks_end_before_their_start_returns,
                                                        fail):
    for _ in range(ROUNDS):
        errors = _errors(4)
        with pytest.raises(ExceptionGroup) as info, _core.Scope(errors="group") as scope:
            scope.spawn(fail, errors[0])
            scope.adopt(_fail_at_submission(errors[1]))
            fine = scope.spawn(_value, 7)
            scope.submit(_fail_in_thread, errors[2])
            scope.spawn(fail, errors[3])
        assert list(info.value.exceptions) == errors  # every one, as raised, in order
        assert fine.result() == 7
    assert tasks_end_before_their_start_returns[0] == 3 * ROUNDS


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fail", [_fail_now, _fail_after_await])
def test_raise_gives_the_first_early_failure_as_it_is(tasks_end_before_their_start_returns,
                                                      fail):
    for _ in range(ROUNDS):
        first, second = _errors(2)
        with pytest.raises(Boom) as info, _core.Scope() as scope:
            scope.spawn(fail, first)
            later = scope.spawn(fail, second)  # the scope has stopped: it never starts
        assert info.value is first
        assert later.cancelled()
    assert tasks_end_before_their_start_returns[0] == ROUNDS


@pytest.mark.timeout(120)
def test_an_early_success_is_waited_for_and_kept(tasks_end_before_their_start_returns):
    for i in range(ROUNDS):
        with _core.Scope() as scope:
            futs = [scope.spawn(_value, i + k) for k in range(3)]
        assert [f.result() for f in futs] == [i, i + 1, i + 2]
        assert scope.running == 0


@pytest.mark.timeout(120)
@pytest.mark.parametrize("errors", ["raise", "group"])
def test_jobs_queued_behind_an_early_end_still_start(tasks_end_before_their_start_returns,
                                                     errors):
    """With ``limit``, a job the scope forgot kept its slot: the queue never moved on."""
    for _ in range(ROUNDS):
        with _core.Scope(limit=1, errors=errors) as scope:
            futs = [scope.spawn(_value, k) for k in range(4)]
        assert [f.result() for f in futs] == [0, 1, 2, 3]
        failures = _errors(3)
        with pytest.raises(ExceptionGroup if errors == "group" else Boom) as info, (
                _core.Scope(limit=1, errors=errors)) as scope:
            for error in failures:
                scope.spawn(_fail_now, error)
        if errors == "group":
            assert list(info.value.exceptions) == failures
        else:
            assert info.value is failures[0]


@pytest.mark.timeout(120)
def test_async_form_a_queued_task_started_from_a_thread(tasks_end_before_their_start_returns):
    """In the async form a queued task is started by the job whose end frees its slot; a
    thread's job ends on its worker thread, which hands the task over to the loop."""

    async def main(errors: list[Boom]) -> None:
        async with _core.Scope(limit=1, errors="group") as scope:
            scope.submit(_fail_in_thread, errors[0])
            scope.spawn(_fail_now, errors[1])
            scope.spawn(_fail_after_await, errors[2])

    for _ in range(ROUNDS):
        errors = _errors(3)
        with pytest.raises(ExceptionGroup) as info:
            asyncio.run(main(errors))
        assert list(info.value.exceptions) == errors
    assert tasks_end_before_their_start_returns[0] >= ROUNDS  # (the last may start on the loop)


# --------------------------------------------------------------------------- the front-ends


def _parts(errors: list[Boom]) -> list[Callable[[], Any]]:
    """A task failing at its first step, a value, a task failing after an await, and a pure
    call `parallel` runs in place (`Scope.call`): it fails at submission."""
    return [functools.partial(_fail_now, errors[0]), functools.partial(_value, 1),
            functools.partial(_fail_after_await, errors[1]), functools.partial(divmod, 1, 0)]


async def _part(part: Callable[[], Any]) -> Any:
    out = part()  # (the pure call raises here, at the item's first step)
    return await out if asyncio.iscoroutine(out) else out


def _run(front_end: str, form: str, errors: list[Boom], policy: str) -> Any:
    parts = _parts(errors)
    if front_end == "parallel":
        if form == "sync":
            return xcs.parallel(*parts, errors=policy)
        return asyncio.run(xcs.aparallel(*parts, errors=policy))
    batched = xcs.vmap(_part, errors=policy)
    return batched(parts) if form == "sync" else asyncio.run(batched.acall(parts))


FRONT_ENDS = [("parallel", "sync"), ("parallel", "async"), ("vmap", "sync"), ("vmap", "async")]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("front_end", "form"), FRONT_ENDS)
def test_front_ends_group_every_failure_in_call_order(tasks_end_before_their_start_returns,
                                                      front_end, form):
    for _ in range(ROUNDS):
        errors = _errors(2)
        with pytest.raises(ExceptionGroup) as info:
            _run(front_end, form, errors, "group")
        got = list(info.value.exceptions)
        assert got[:2] == errors and len(got) == 3  # as raised, in call order
        assert type(got[2]) is ZeroDivisionError
    if form == "sync":  # every task was forced: parallel's three, vmap's four items
        tasks = 3 if front_end == "parallel" else 4
        assert tasks_end_before_their_start_returns[0] == tasks * ROUNDS


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("front_end", "form"), FRONT_ENDS)
def test_front_ends_raise_the_first_failure_as_it_is(tasks_end_before_their_start_returns,
                                                     front_end, form):
    for _ in range(ROUNDS):
        errors = _errors(2)
        with pytest.raises(Exception) as info:  # noqa: PT011 - which one is asserted below
            _run(front_end, form, errors, "raise")
        if (front_end, form) == ("parallel", "async"):
            # the pure call runs at its submission, before the loop steps any task
            assert type(info.value) is ZeroDivisionError
        else:  # the first task fails at its first step, before the others start or step
            assert info.value is errors[0]
