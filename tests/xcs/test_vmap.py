"""`xcs.vmap` and `xcs.pmap`: ordering, errors raised, grouped or collected, concurrency.

The failure policy itself is tested once for every front-end in tests/core/test_failure_policy.py;
the progress display in tests/core/test_progress.py."""

from __future__ import annotations

import threading
import time

import pytest

from ember import xcs
from ember.api import models
from ember.errors import XCSError
from tests.inflight import InFlight
from tests.xcs.cpu_helpers import spin


def nap(x: int) -> int:
    time.sleep(0.1)
    return x * 2


def nap_random(x: int) -> int:
    time.sleep(0.01 * ((x * 7) % 5))  # items finish out of order
    return x


def failing(x: int) -> int:
    time.sleep(0.05)
    if x % 3 == 0:
        raise ValueError(f"bad {x}")
    return x


def test_results_keep_the_batch_order() -> None:
    assert xcs.vmap(nap_random)(range(30)) == list(range(30))
    assert xcs.vmap(nap_random)([]) == []


def test_twenty_sleeping_items_overlap() -> None:
    calls = InFlight()

    def tracked(x: int) -> int:
        with calls.track():
            return nap(x)

    calls.hold(20)
    out = xcs.vmap(tracked)(range(20))
    assert out == [x * 2 for x in range(20)]
    assert calls.max_in_flight == 20  # one by one: 1


def test_model_calls_are_all_in_flight_on_the_loop(sim_calls) -> None:
    binding = models.instance("sim/gpt", latency=0.2)
    binding("warm up")
    before = threading.active_count()
    sim_calls.hold(100)
    out = xcs.vmap(binding)([f"q{i}" for i in range(100)])
    assert sim_calls.max_in_flight == 100  # one by one: 1
    assert len(out) == 100 and out[7] == binding("q7")
    assert threading.active_count() - before < 10  # on the event loop, not a thread each


def test_the_first_error_comes_out_as_it_is_with_a_note() -> None:
    with pytest.raises(ValueError, match=r"^bad (0|3|6)") as info:
        xcs.vmap(failing)(range(7))
    assert info.value.__notes__[0].startswith("vmap(failing): item ")


def test_errors_group_together_with_item_notes() -> None:
    with pytest.raises(ExceptionGroup) as info:
        xcs.vmap(failing, errors="group")(range(7))
    group = info.value
    assert str(group).startswith("vmap(failing): 3 of 7 failed")
    assert [str(e) for e in group.exceptions] == ["bad 0", "bad 3", "bad 6"]
    assert group.exceptions[1].__notes__ == ["vmap(failing): item 3 of 7"]


def test_errors_collected_in_place() -> None:
    out = xcs.vmap(failing, errors="collect")(range(5))
    assert [type(v).__name__ for v in out] == ["ValueError", "int", "int", "ValueError", "int"]
    assert out[1:3] == [1, 2] and str(out[3]) == "bad 3"


def test_max_items_in_flight_caps_calls_in_flight() -> None:
    active = 0
    peak = 0
    lock = threading.Lock()

    def tracked(x: int) -> int:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return x

    t0 = time.perf_counter()
    assert xcs.vmap(tracked, max_items_in_flight=3)(range(9)) == list(range(9))
    assert peak <= 3 and time.perf_counter() - t0 >= 0.14  # three waves


def test_raise_mode_starts_no_new_items_after_a_failure() -> None:
    started = []

    def first_fails(x: int) -> int:
        started.append(x)
        time.sleep(0.02)
        if x == 0:
            raise RuntimeError("first")
        return x

    with pytest.raises(RuntimeError, match="^first"):
        xcs.vmap(first_fails, max_items_in_flight=2)(range(10))
    assert len(started) < 10


def test_several_batches_and_broadcast_keywords() -> None:
    def combine(a: int, b: str, *, sep: str) -> str:
        time.sleep(0.01)
        return f"{a}{sep}{b}"

    assert xcs.vmap(combine)([1, 2], ["x", "y"], sep="-") == ["1-x", "2-y"]
    with pytest.raises(XCSError, match=r"batches have different lengths \[2, 1\]"):
        xcs.vmap(combine)([1, 2], ["x"], sep="-")
    with pytest.raises(XCSError, match="argument 0 is int, not a batch"):
        xcs.vmap(combine)(5)


def test_async_functions_and_operators_map() -> None:
    import asyncio

    calls = InFlight()

    async def later(x: int) -> int:
        async with calls.atrack():
            await asyncio.sleep(0.05)
        return -x

    calls.hold(20)

    assert xcs.vmap(later)(range(20)) == [-x for x in range(20)]
    assert calls.max_in_flight == 20  # one by one: 1


def test_bad_options_are_rejected_clearly() -> None:
    with pytest.raises(XCSError, match="errors must be 'raise', 'group' or 'collect'"):
        xcs.vmap(nap, errors="ignore")
    with pytest.raises(XCSError, match="max_items_in_flight must be a positive int"):
        xcs.vmap(nap, max_items_in_flight=0)
    with pytest.raises(XCSError, match="fn must be callable"):
        xcs.vmap(3)  # type: ignore[arg-type]
    assert repr(xcs.vmap(nap)) == "vmap(nap)" and xcs.vmap(nap).__name__ == "nap"


def test_pmap_spreads_cpu_work_over_processes() -> None:
    assert xcs.pmap(spin)([1000, 2000]) == [spin(1000), spin(2000)]

    def plus_one(x: int) -> int:  # pure, but local: it cannot be pickled for a process
        return x + 1

    with pytest.warns(UserWarning, match="cannot be sent to a process"):
        assert xcs.pmap(plus_one)([1, 2]) == [2, 3]
    assert xcs.pmap(nap)(range(3)) == [0, 2, 4]  # I/O still overlaps in threads


def test_vmap_and_pmap_return_one_kind_of_thing_in_every_mode() -> None:
    import asyncio

    made = [xcs.vmap(nap), xcs.pmap(spin), xcs.pmap(spin, backend="ray"),
            xcs.pmap(spin, errors="group")]  # building one starts nothing (no Ray here)
    assert all(type(b) is xcs.Batched for b in made)
    assert asyncio.run(xcs.pmap(spin).acall([10, 20])) == [spin(10), spin(20)]
    with pytest.raises(XCSError, match="supports errors='raise' or 'group'"):
        xcs.pmap(spin, backend="ray", errors="collect")
