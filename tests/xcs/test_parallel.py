"""`xcs.parallel`, `parallel_map`, `cpu_bound`, and unknown callables staying unknown."""

from __future__ import annotations

import asyncio
import functools
import threading
import time

import pytest

from ember import xcs
from ember.api import models
from ember.errors import XCSError
from tests.inflight import InFlight
from tests.xcs.cpu_helpers import spin


def wait(x: int, seconds: float = 0.1) -> int:
    time.sleep(seconds)
    return x * 10


def test_parallel_map_keeps_order_and_overlaps() -> None:
    calls = InFlight()

    def tracked(x: int) -> int:
        with calls.track():
            return wait(x)

    calls.hold(50)
    out = xcs.parallel_map(tracked, range(50))
    assert out == [x * 10 for x in range(50)]
    assert calls.max_in_flight == 50  # one by one: 1


def test_parallel_map_respects_max_items_in_flight() -> None:
    t0 = time.perf_counter()
    out = xcs.parallel_map(wait, range(8), max_items_in_flight=2)
    elapsed = time.perf_counter() - t0
    assert out == [x * 10 for x in range(8)]
    assert elapsed >= 0.35  # four waves of 0.1 s


def test_parallel_runs_callables_and_groups_failures_when_asked() -> None:
    assert xcs.parallel(lambda: wait(1), lambda: wait(2)) == [10, 20]

    def boom(x: int) -> int:
        time.sleep(0.01)
        raise ValueError(f"bad {x}")

    with pytest.raises(ValueError, match="^bad [123]"):  # the first, as it is
        xcs.parallel_map(boom, [1, 2, 3])
    with pytest.raises(ExceptionGroup) as info:
        xcs.parallel_map(boom, [1, 2, 3], errors="group")
    assert [str(e) for e in info.value.exceptions] == ["bad 1", "bad 2", "bad 3"]


def test_parallel_rejects_bad_arguments_clearly() -> None:
    with pytest.raises(XCSError, match="argument 1 is int"):
        xcs.parallel(lambda: 1, 2)  # type: ignore[arg-type]
    with pytest.raises(XCSError, match="max_items_in_flight"):
        xcs.parallel_map(wait, [1], max_items_in_flight=0)


def test_cpu_bound_calls_run_in_processes_with_equal_results() -> None:
    @xcs.jit
    def two(n: int) -> int:
        a = spin(n)
        b = spin(n + 1)
        return a + b

    assert two(1000) == spin(1000) + spin(1001)
    assert xcs.explain(two).strategy == "parallel"
    assert xcs.parallel_map(spin, [10, 20]) == [spin(10), spin(20)]


def test_unpicklable_cpu_bound_call_falls_back_and_says_so() -> None:
    @xcs.jit
    def two(n: int) -> int:
        lock = threading.Lock()  # cannot be sent to a process
        a = spin(n)
        b = spin(lock)
        return a, b

    with pytest.raises(TypeError) as plain:
        spin(threading.Lock())
    with pytest.raises(TypeError) as jitted:
        two(10)
    assert str(jitted.value) == str(plain.value)
    assert any("cannot be sent to a process" in n for n in xcs.explain(two).notes)


def test_timing_never_turns_an_unknown_callable_into_a_read() -> None:
    # Event.wait ends in C code Ember has no rule for. It waits with the CPU idle, but a
    # call that waits is not therefore safe to move: it stays where it was written.
    never = threading.Event()

    @xcs.jit
    def three(ev: threading.Event) -> tuple[bool, bool, bool]:
        a = ev.wait(0.02)
        b = ev.wait(0.02)
        c = ev.wait(0.02)
        return a, b, c

    for _ in range(5):
        assert three(never) == (False, False, False)
        assert xcs.explain(three).strategy == "direct"
    assert "unknown" in xcs.explain(three).to_text()


CLASS_CALLS = InFlight()


@xcs.effect("read", resource="net")  # (what `wait` is taken to be: a sleep that gives a value)
def tracked_wait(x: int, seconds: float) -> int:
    with CLASS_CALLS.track():
        return wait(x, seconds)


def test_jit_on_a_class_jits_forward_in_place() -> None:
    @xcs.jit
    class Three:
        def __init__(self, seconds: float) -> None:
            self.seconds = seconds

        def forward(self, x: int) -> list[int]:
            a = tracked_wait(x, self.seconds)
            b = tracked_wait(x + 1, self.seconds)
            c = tracked_wait(x + 2, self.seconds)
            return [a, b, c]

        def __call__(self, x: int) -> list[int]:
            return self.forward(x)

    assert [tracked_wait(1, 0.2), tracked_wait(2, 0.2), tracked_wait(3, 0.2)] == [10, 20, 30]
    assert CLASS_CALLS.max_in_flight == 1  # one by one, as written
    CLASS_CALLS.hold(3)  # (the three wait for each other: in flight together, or not at all)
    assert Three(0.2)(1) == [10, 20, 30]
    assert CLASS_CALLS.max_in_flight == 3
    assert xcs.explain(Three.forward).strategy == "parallel"
    with pytest.raises(XCSError, match="neither forward"):
        xcs.jit(type("Empty", (), {}))


async def _two() -> int:
    return 2


def test_the_list_form_rejects_callables_and_names_the_fix() -> None:
    """``parallel([...])`` gathers values already computed; a function or a method in the
    list would come back uncalled, a coroutine never awaited, so each is an error that
    says what to write instead (other callables, a partial or a model binding a call
    made, are values)."""
    for form in (lambda xs: xcs.parallel(xs), lambda xs: asyncio.run(xcs.aparallel(xs))):
        with pytest.raises(XCSError, match=r"item 0 of the list is a callable \(<lambda>\)"
                           r".*Fix: pass the callables as arguments, a?parallel\(f, g\)"):
            form([lambda: 1, lambda: 2])
        with pytest.raises(XCSError, match=r"item 1 of the list is a callable \(wait\)"):
            form((10, wait))
        with pytest.raises(XCSError, match="item 0 of the list is a coroutine.*never awaited"):
            form([_two()])
        bound = functools.partial(wait, 1)  # (a callable made as a value: gathered as one)
        assert form([bound]) == [bound]
        assert form([wait(1, 0), wait(2, 0)]) == [10, 20]  # values, as before
        assert form([int, "x"]) == [int, "x"]  # a class is a value (it is not a call)
        assert form([]) == []


def test_the_list_form_of_callables_is_the_same_error_under_jit() -> None:
    @xcs.jit
    def both() -> list[int]:
        return xcs.parallel([lambda: 1, lambda: 2])

    with pytest.raises(XCSError, match="not a value"):
        both()


def _two_bad_model_ids(question: str, errors: str) -> list[str]:
    try:
        xcs.parallel(lambda: models("nope/a", question), lambda: models("sim/", question),
                     errors=errors)
    except ExceptionGroup as eg:
        return ["group", *(type(e).__name__ for e in eg.exceptions)]
    except Exception as e:  # noqa: BLE001 - the test reads which one came out
        return [type(e).__name__]
    return ["no error"]


@pytest.mark.timeout(300)
def test_group_errors_hold_both_model_failures_every_time() -> None:
    """Both calls fail at once on the loop (an unknown provider, an id with no model): the
    group holds both, in call order, plain and jitted, every time; the default policy gives
    one of them, as it is. (Red-team 33's `parallel_group_errors`, looped.)"""
    jitted = xcs.jit(_two_bad_model_ids)
    for run in (_two_bad_model_ids, jitted):
        for _ in range(150):
            assert run("hi", "group") == ["group", "UnknownProvider", "InvalidModelId"]
            assert run("hi", "raise") in (["UnknownProvider"], ["InvalidModelId"])
