"""Async twins: sync helpers whose waits are sleeps and model calls run as event-loop tasks."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from ember import xcs
from ember._core import workers
from ember.api import models
from ember.models import ModelResult, Provider, Usage, register_provider
from ember.xcs._twin import twin_of


class Counting(Provider):
    """Answers on the event loop, counting calls in flight.

    Each call waits until `hold` calls are in flight together (or 5 s have passed, once),
    so "all of them at once" holds however slow a busy machine is; calls made one by one
    never get there.
    """

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.now = self.most = 0
        self.hold = 0
        self.threads: set[int] = set()
        self._all_in: asyncio.Event | None = None

    async def _wait_for_the_others(self) -> None:
        if self._all_in is None:
            self._all_in = asyncio.Event()
        if self.now >= self.hold:
            self._all_in.set()
        try:
            await asyncio.wait_for(self._all_in.wait(), 5)
        except TimeoutError:
            self._all_in.set()  # they are not coming: stop holding

    def start(self, model_id: Any, request: Any, started: float) -> Any:
        async def answer() -> ModelResult:
            self.now += 1
            self.most = max(self.most, self.now)
            self.threads.add(threading.get_ident())
            await self._wait_for_the_others()
            await asyncio.sleep(self.delay)
            self.now -= 1
            text = request.messages[-1]["content"]
            return ModelResult(f"echo: {text}", usage=Usage(1, 1), model_id=str(model_id),
                               latency_s=self.delay)
        return answer()


@pytest.fixture
def counting() -> Counting:
    provider = Counting(0.05)
    register_provider("counting", provider)
    return provider


def ask(x: int) -> str:
    prompt = f"question {x}"
    reply = models("counting/m", prompt)
    return reply.strip().upper()


def wait_then_double(x: int) -> int:
    time.sleep(0.05)
    return x * 2


def logs_then_asks(x: int) -> str:
    print("asking", x)  # ordered output: not free to run on the event loop
    return models("counting/m", str(x))


def negative_sleep(x: float) -> float:
    time.sleep(x)
    return x


def test_a_helper_of_model_calls_runs_as_tasks_all_at_once(counting: Counting) -> None:
    def many(n: int) -> list[str]:
        return [ask(x) for x in range(n)]

    assert twin_of(ask) is not None
    counting.hold = 200
    threads_before = workers.threads
    jitted = xcs.jit(many)
    assert jitted(200) == [f"ECHO: QUESTION {x}" for x in range(200)]
    counting.hold = 0
    assert many(2) == ["ECHO: QUESTION 0", "ECHO: QUESTION 1"]
    assert counting.most == 200  # every call in flight at once (plain: 1)
    assert workers.threads <= threads_before  # and no thread per call (idle ones may end)
    assert len(counting.threads) == 1  # all on Ember's one event loop


def test_vmap_over_a_helper_uses_the_twin(counting: Counting) -> None:
    counting.hold = 50
    assert xcs.vmap(ask)(list(range(50))) == [f"ECHO: QUESTION {x}" for x in range(50)]
    assert counting.most == 50


def test_sleep_helpers_have_twins_and_keep_sleeps_checks() -> None:
    assert twin_of(wait_then_double) is not None
    assert xcs.jit(lambda_free_comprehension)([1, 2, 3]) == [2, 4, 6]
    twin = twin_of(negative_sleep)
    assert twin is not None
    with pytest.raises(ValueError) as plain:
        negative_sleep(-1)
    with pytest.raises(ValueError) as twinned:
        asyncio.run(twin(-1))
    assert str(plain.value) == str(twinned.value)


def lambda_free_comprehension(xs: list[int]) -> list[int]:
    return [wait_then_double(x) for x in xs]


def test_helpers_with_other_effects_have_no_twin() -> None:
    assert twin_of(logs_then_asks) is None


CALLEE = models


def rebinds(x: int) -> str:
    return CALLEE("counting/m", str(x))


def test_a_rebound_name_drops_the_twin(counting: Counting) -> None:
    global CALLEE
    assert twin_of(rebinds) is not None
    CALLEE = lambda *a: "not a model"  # noqa: E731
    try:
        assert twin_of(rebinds) is None
    finally:
        CALLEE = models


def double(x: int) -> int:
    return x * 2


def sleeps_then_doubles(x: int) -> int:
    time.sleep(0.01)
    return double(x)


def test_a_rule_registered_later_drops_the_twin() -> None:
    def marks(x: int) -> int:  # a fresh object: the rule stays on it alone
        return x

    def sleeps_then_marks(x: int) -> int:
        time.sleep(0.01)
        return marks(x)

    from ember.xcs._effects import Kind
    from ember.xcs._launch import rule_of

    assert twin_of(sleeps_then_marks) is not None
    assert rule_of(sleeps_then_marks, args=(1,)) == (Kind.READ, "twin")
    xcs.register(marks, "write")
    assert twin_of(sleeps_then_marks) is None  # a write is not free to run on the loop
    # nor to start early: a sleep before a write paces it (spacing), in place
    assert rule_of(sleeps_then_marks, args=(1,))[0] is Kind.UNKNOWN


def test_how_a_helper_runs_is_decided_once_and_follows_rebinding() -> None:
    global double
    from ember.xcs._effects import Kind
    from ember.xcs._launch import rule_of

    assert rule_of(sleeps_then_doubles, args=(1,)) == (Kind.READ, "twin")
    assert rule_of(sleeps_then_doubles, args=(2,)) == (Kind.READ, "twin")  # kept
    original = double
    double = print  # type: ignore[assignment]  # ordered output now
    try:
        assert rule_of(sleeps_then_doubles, args=(1,))[0] is not Kind.READ
    finally:
        double = original
    assert rule_of(sleeps_then_doubles, args=(1,)) == (Kind.READ, "twin")


def test_a_rule_on_the_helper_itself_wins_over_its_kept_decision() -> None:
    from ember.xcs._effects import Kind
    from ember.xcs._launch import rule_of

    def pause(x: int) -> int:
        time.sleep(0.01)
        return x

    assert rule_of(pause) == (Kind.READ, "twin")
    xcs.register(pause, "write")
    assert rule_of(pause)[0] is Kind.WRITE
