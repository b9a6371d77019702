"""A function with nothing to overlap is planned without the passes and without the check of
its source: it runs as written, so neither can change what runs (the contract: "only when
it helps"). What could overlap still does, and what runs rewritten is still checked."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from ember import xcs
from ember.xcs import _plan, _source
from tests.inflight import InFlight

calls = InFlight()


@xcs.effect("read", resource="net")
def fetch(x: int) -> int:
    with calls.track(str(x)):
        time.sleep(0.05)
    return x


def pure(items: list[int]) -> str:
    counts: dict[int, int] = {}
    for i in items:
        counts[i] = counts.get(i, 0) + 1
    return json.dumps(sorted(counts.items()))


def one_read(x: int) -> int:
    return fetch(x)


def one_read_per_item(xs: list[int]) -> list[int]:
    return [fetch(x) for x in xs]


def one_read_then_work(x: int) -> tuple[int, str]:
    a = fetch(x)
    b = pure([x, x, 1])
    return a, b


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the passes (`find_moves`) and the source check (`_same_code`) ran."""
    seen = {"passes": 0, "source checks": 0}

    def count(module: Any, name: str, key: str) -> None:
        real = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen[key] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    count(_plan, "find_moves", "passes")
    count(_source, "_same_code", "source checks")
    return seen


def test_a_function_without_io_skips_the_passes_and_the_source_check(
        counted: dict[str, int]) -> None:
    jitted = xcs.jit(pure)
    assert jitted([3, 1, 3]) == pure([3, 1, 3])
    assert counted == {"passes": 0, "source checks": 0}
    ex = xcs.explain(jitted)
    assert ex.strategy == "direct" and ex.plan.reason == "no I/O calls found: it runs as written"
    assert counted["source checks"] == 1  # what explain() shows comes from the loaded code


def test_one_read_alone_runs_as_written_and_explain_still_lists_it(
        counted: dict[str, int]) -> None:
    jitted = xcs.jit(one_read)
    assert jitted(4) == 4
    assert counted["passes"] == 0
    ex = xcs.explain(jitted)
    assert ex.strategy == "direct"
    assert [(s.label, s.move) for s in ex.plan.sites] == [("fetch(x)", "inline")]
    assert "nothing else runs beside it" in ex.to_text()


def test_one_read_per_item_still_overlaps(counted: dict[str, int]) -> None:
    global calls
    jitted = xcs.jit(one_read_per_item)
    calls = InFlight()
    calls.hold(4)
    assert jitted([1, 2, 3, 4]) == [1, 2, 3, 4]
    assert calls.max_in_flight == 4
    assert counted["passes"] == 1 and counted["source checks"] >= 1  # rewritten: checked


def test_one_read_beside_other_work_goes_through_the_passes(counted: dict[str, int]) -> None:
    # The read may overlap the pure work after it (a deferred wait): the passes decide.
    jitted = xcs.jit(one_read_then_work)
    assert jitted(2) == one_read_then_work(2)
    assert counted["passes"] == 1
