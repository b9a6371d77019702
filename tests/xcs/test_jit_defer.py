"""Deferred waits: `x = read()` is waited for where x is first needed, overlapping pure work."""

from __future__ import annotations

import asyncio
import gc
import time
import warnings

import pytest

from ember import xcs
from ember.api import models
from ember.xcs import get_jit_stats


def fetch(x: int, fail: bool = False) -> int:
    time.sleep(0.1)
    if fail:
        raise ValueError("fetch failed")
    return x


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i % 7
    return total


def overlap(q: int, n: int, fail: bool = False, divisor: int = 1) -> tuple[int, int]:
    a = fetch(q, fail)
    x = spin(n)
    y = x // divisor
    return a, y


def timed_fetch(x: int) -> tuple[int, float, float]:
    start = time.monotonic()
    time.sleep(0.1)
    return x, start, time.monotonic()


def timed_spin(n: int) -> tuple[int, float, float]:
    start = time.monotonic()
    return spin(n), start, time.monotonic()


def timed_overlap(q: int, n: int) -> tuple:
    a = timed_fetch(q)
    x = timed_spin(n)
    return a, x


def test_pure_work_overlaps_the_call() -> None:
    # Structural: the pure work starts before the call has ended (plain code: after it).
    (a, fetch_start, fetch_end), (x, spin_start, _) = timed_overlap(1, 10_000)
    assert spin_start >= fetch_end
    jf = xcs.jit(timed_overlap)
    (ja, _, jfetch_end), (jx, jspin_start, _) = jf(1, 10_000)
    assert (ja, jx) == (a, x)
    assert jspin_start < jfetch_end
    assert "waited for 1 statement(s) later" in xcs.explain(jf).to_text()


@pytest.mark.parametrize(("fail", "divisor", "error"), [
    (True, 1, ValueError),  # the call fails: its error, not later work
    (False, 0, ZeroDivisionError),  # later work fails: its own error
    (True, 0, ValueError),  # both fail: the call's error comes first, as in plain code
])
def test_errors_come_out_as_in_plain_code(fail: bool, divisor: int, error: type) -> None:
    with pytest.raises(error) as plain:
        overlap(1, 1000, fail, divisor)
    with pytest.raises(error) as jitted:
        xcs.jit(overlap)(1, 1000, fail, divisor)
    assert str(jitted.value) == str(plain.value)
    assert jitted.value.__context__ is None and jitted.value.__cause__ is None


def test_effects_are_never_deferred_past() -> None:
    log: list[str] = []

    def with_effect(q: int) -> int:
        a = fetch(q, fail=True)
        log.append("after")  # plain code never gets here
        return a

    with pytest.raises(ValueError):
        xcs.jit(with_effect)(1)
    assert log == []


def fails_while_a_later_call_is_awaited(q: int) -> str:
    a = fetch(q, fail=True)  # fails after 0.1 s: plain code stops here
    n = f"q{q}"
    # Started early by the jit (on the event loop, so it can be cancelled); plain code
    # never makes it.
    b = models("sim/slow", n, latency=30)
    return b + str(a)  # b is needed first


def test_a_deferred_failure_is_not_held_up_by_a_later_call(sim_calls) -> None:
    with pytest.raises(ValueError) as plain:
        fails_while_a_later_call_is_awaited(1)
    jf = xcs.jit(fails_while_a_later_call_is_awaited)
    with pytest.raises(ValueError) as jitted:
        jf(1)
    assert str(jitted.value) == str(plain.value)
    assert get_jit_stats(jf)["last_started_calls"] == 2  # the model call did start early
    # ...and the failure came out without waiting for it (30 s): it never ended with an answer.
    assert sim_calls.started == 1 and sim_calls.ended("ok") == 0


def caught_then_more_calls(q: int) -> tuple[int, int, int]:
    try:
        a = fetch(q, fail=True)
        b = q * 2
        c = b + 1
        out = a + c
    except ValueError:
        out = -1
    d = fetch(q + 1)
    e = fetch(q + 2)
    return out, d, e


def test_a_caught_deferred_failure_stays_caught() -> None:
    jf = xcs.jit(caught_then_more_calls)
    assert jf(1) == caught_then_more_calls(1) == (-1, 2, 3)
    assert "waited for" in xcs.explain(jf).to_text()


# An await that lasts an hour: a jitted run that comes out with an error started it early
# and must not wait for it. `GUARD` turns waiting into a TimeoutError instead of a hang.
NEVER = 3600.0
GUARD = 60.0


async def afetch(x: int, fail: bool = False, delay: float = 0.1) -> int:
    await asyncio.sleep(delay)
    if fail:
        raise ValueError("afetch failed")
    return x


async def afails_while_a_later_await_is_awaited(q: int) -> int:
    a = await afetch(q, fail=True)  # fails after 0.1 s: plain code stops here
    x = spin(1000)
    y = x + 1
    b = await afetch(q + 1, delay=NEVER)  # started early by the jit; plain code never makes it
    return b + a + y


def test_an_async_deferred_failure_is_not_held_up_by_a_later_await() -> None:
    with pytest.raises(ValueError) as plain:
        asyncio.run(afails_while_a_later_await_is_awaited(1))
    jf = xcs.jit(afails_while_a_later_await_is_awaited)

    async def guarded() -> int:
        # (A timer, not `wait_for`: a task of its own would leave its caller a task that
        # may run at each await, and the jit would start no helper of the user's early.)
        asyncio.get_running_loop().call_later(GUARD, asyncio.current_task().cancel)
        return await jf(1)

    with pytest.raises(ValueError) as jitted:  # cancelled if it waited for the await
        asyncio.run(guarded())
    assert str(jitted.value) == str(plain.value)
    assert get_jit_stats(jf)["last_started_calls"] == 2  # the later await did start early


# --- in a coroutine, the region waits at awaits: the deferred call runs during them ------


async def a_then_b(q: int, fail: bool = False, divisor: int = 1, delay: float = 0.1) -> int:
    a = await afetch(q, fail=fail)
    b = q // divisor  # pure; raises for divisor=0
    c = await afetch(b, delay=delay)  # needs b, not a: awaited while a is in flight
    return a + c


def test_an_await_after_the_deferred_call_overlaps_it() -> None:
    jf = xcs.jit(a_then_b)
    assert asyncio.run(jf(3)) == asyncio.run(a_then_b(3)) == 6
    stats = get_jit_stats(jf)
    assert stats["last_started_calls"] == 2
    assert stats["overlap"] > 1.6, stats  # two 0.1 s awaits in about 0.1 s, not 0.2 s


@pytest.mark.parametrize(("fail", "divisor", "error"), [
    (True, 1, ValueError),  # the deferred call fails, while the later await waits
    (False, 0, ZeroDivisionError),  # the region fails first: the call succeeds, then its error
    (True, 0, ValueError),  # both fail: the call's error comes first, as in plain code
])
def test_async_errors_come_out_as_in_plain_code(fail: bool, divisor: int, error: type) -> None:
    with pytest.raises(error) as plain:
        asyncio.run(a_then_b(1, fail, divisor))
    jf = xcs.jit(a_then_b)
    with pytest.raises(error) as jitted:  # a TimeoutError if it waited for the later await
        asyncio.run(asyncio.wait_for(jf(1, fail, divisor, NEVER), GUARD))
    assert type(jitted.value) is type(plain.value) and str(jitted.value) == str(plain.value)
    assert jitted.value.__context__ is None and jitted.value.__cause__ is None


class Box:
    """An argument read through a property: the call cannot start early, runs in place."""

    def __init__(self) -> None:
        self.reads = 0

    @property
    def value(self) -> int:
        self.reads += 1
        return 5


class PlainBox:
    """The same property, changing nothing."""

    @property
    def value(self) -> int:
        return 5


async def through_a_property(box: Box) -> int:
    a = await afetch(box.value)
    b = await afetch(2)
    return a + b


def test_a_deferred_await_that_cannot_start_runs_once_at_its_place() -> None:
    jf = xcs.jit(through_a_property)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no coroutine left un-awaited
        assert asyncio.run(jf(PlainBox())) == asyncio.run(through_a_property(PlainBox())) == 7
        gc.collect()
    assert "waited for 1 statement(s) later" in xcs.explain(jf).to_text()


def test_an_argument_that_runs_a_change_of_yours_is_not_deferred_past_a_call() -> None:
    # Its getter would run where the call is awaited, after the next call, if the call
    # could not start at its place: the wait stays there.
    plain_box, jit_box = Box(), Box()
    jf = xcs.jit(through_a_property)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        assert asyncio.run(jf(jit_box)) == asyncio.run(through_a_property(plain_box)) == 7
        gc.collect()
    assert jit_box.reads == plain_box.reads == 1
    assert "waited for" not in xcs.explain(jf).to_text()


async def pure_work_then_error(n: int) -> tuple[int, float]:
    a = await afetch(n)
    total = spin(10)
    mean = total / n  # ZeroDivisionError for n=0, once the await is done
    return a, mean


def test_pure_work_after_an_await_is_not_deferred_and_errors_stay_exact() -> None:
    # With no await in between, a started call could not run before it is needed (the
    # coroutine never suspends): the plan leaves it in place, and errors are the plain ones.
    jf = xcs.jit(pure_work_then_error)
    assert asyncio.run(jf(2)) == asyncio.run(pure_work_then_error(2)) == (2, 12.0)
    with pytest.raises(ZeroDivisionError) as plain:
        asyncio.run(pure_work_then_error(0))
    with pytest.raises(ZeroDivisionError) as jitted:
        asyncio.run(jf(0))
    assert str(jitted.value) == str(plain.value)
    assert "waited for" not in xcs.explain(jf).to_text()


def run_clean(coro_fn, *args) -> tuple[object, list[str]]:
    """Run a coroutine function; return its outcome and what asyncio and the warnings
    machinery reported about tasks and coroutines left behind."""
    reports: list[str] = []
    gc.collect()  # what earlier tests in this worker left is not this run's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # These functions open nothing; a socket another test left may still be freed
        # by a collection in the middle, and its ResourceWarning is not this run's.
        warnings.simplefilter("ignore", ResourceWarning)
        with asyncio.Runner() as runner:
            runner.get_loop().set_exception_handler(
                lambda _loop, context: reports.append(context["message"]))
            try:
                out: object = runner.run(coro_fn(*args))
            except Exception as exc:  # noqa: BLE001 - returned for comparison
                out = (type(exc), str(exc))
        gc.collect()
    return out, reports + [str(w.message) for w in caught]


async def two_failures(p: int) -> int:
    a = await afetch(p, fail=True)
    b = await afetch(p + 1, fail=True)  # started with the first; fails as well
    c = a + b
    return c


async def start_then_raise(p: int, q: int) -> float:
    a = await afetch(p)
    y = a + q
    x = spin(a) / q  # ZeroDivisionError for q=0, after the start of the await below
    c = await afetch(y)
    return x + c


@pytest.mark.parametrize(("fn", "args"), [(two_failures, (1,)), (start_then_raise, (1, 0))])
def test_speculative_awaits_leave_nothing_unread_or_unawaited(fn, args) -> None:
    plain, plain_reports = run_clean(fn, *args)
    jitted, jit_reports = run_clean(xcs.jit(fn), *args)
    assert jitted == plain
    assert jit_reports == plain_reports == []
