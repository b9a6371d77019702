"""Ember's one failure policy (`ember._core.Scope`), tested once against every front-end.

The same tests run against `xcs.parallel`, `xcs.vmap`, `Branches`, NON graphs and an
evaluation (inside an item), each in its sync and its async form:

- the first error comes out as it is: the very object the failing call raised;
- a sibling still running is cancelled (it records the cancellation; it never completes);
- nothing is left running afterwards: a cancelled task has ended, a started thread was
  waited for, and the thread pool is back to the threads it had busy before;
- batch APIs collect every failure into an `ExceptionGroup` when asked (``errors="group"``);
- eval keeps its per-item policy on top: an item's error is recorded and the run goes on.

Every wait is on an event; no assertion is about how long anything took.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from ember import _core, xcs
from ember.api import eval
from ember.errors import DeadlineExceeded
from ember.non import build_graph, register_node
from ember.operators import branches

PATIENCE = 10.0  # seconds an event may take on a loaded machine; only spent on a failure


class Boom(Exception):
    """The user's own error."""


class Probe:
    """Two siblings and a log of what happened to them.

    ``afail``/``aslow`` are coroutines (tasks on a loop); ``fail``/``block`` block a thread.
    The failing one waits until its sibling is in flight, so the sibling is always there
    to be cancelled (or waited for) when the error comes.
    """

    def __init__(self) -> None:
        self.error = Boom("the first failure")
        self.log: list[tuple[str, str]] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def note(self, what: str, who: str) -> None:
        with self._lock:
            self.log.append((what, who))

    async def afail(self, *_: Any) -> str:
        while not self.started.is_set():
            await asyncio.sleep(0.001)
        raise self.error

    async def aslow(self, *_: Any) -> str:
        self.note("start", "slow")
        self.started.set()
        try:
            await asyncio.sleep(3600)
            self.note("completed", "slow")
            return "slow"
        except asyncio.CancelledError:
            self.note("cancelled", "slow")
            raise
        finally:
            self.note("ended", "slow")

    def fail(self, *_: Any) -> str:
        assert self.started.wait(PATIENCE)
        self.release.set()  # the started sibling may finish now, after this error is out
        raise self.error

    def block(self, *_: Any) -> str:
        self.note("start", "block")
        self.started.set()
        assert self.release.wait(PATIENCE)
        time.sleep(0.05)  # still running when the error comes out: it must be waited for
        self.note("ended", "block")
        return "block"

    def parts(self, kind: str) -> list[Callable[..., Any]]:
        return [self.afail, self.aslow] if kind == "tasks" else [self.fail, self.block]


# --------------------------------------------------------------------------- front-ends


async def _call_async_part(part: Callable[[], Any]) -> Any:
    return await part()


def _call_part(part: Callable[[], Any]) -> Any:
    return part()


def run_parallel(parts: list[Callable[..., Any]], form: str, **options: Any) -> Any:
    if form == "sync":
        return xcs.parallel(*parts, **options)
    return asyncio.run(xcs.aparallel(*parts, **options))


def run_vmap(parts: list[Callable[..., Any]], form: str, **options: Any) -> Any:
    one = _call_async_part if asyncio.iscoroutinefunction(parts[0]) else _call_part
    batched = xcs.vmap(one, **options)
    return batched(parts) if form == "sync" else asyncio.run(batched.acall(parts))


def run_branches(parts: list[Callable[..., Any]], form: str) -> Any:
    both = branches(*parts)
    return both("x") if form == "sync" else asyncio.run(both.acall("x"))


def run_non(parts: list[Callable[..., Any]], form: str) -> Any:
    register_node("Pol", lambda node, index: parts[index], name="policy probe", model="none",
                  calls=0, replace=True)
    graph = build_graph("2Pol")
    return graph(query="x") if form == "sync" else asyncio.run(graph.acall(query="x"))


def run_eval_item(parts: list[Callable[..., Any]], form: str) -> Any:
    """One item whose system runs the siblings side by side; its error stops the run."""
    system = branches(*parts)
    options: dict[str, Any] = {"raise_errors": True, "progress": False}
    if form == "sync":
        return eval.evaluate(system, [("x", "x")], "exact", **options)
    return asyncio.run(eval.aevaluate(system, [("x", "x")], "exact", **options))


FRONT_ENDS = {"parallel": run_parallel, "vmap": run_vmap, "Branches": run_branches,
              "NON": run_non, "eval item": run_eval_item}
FORMS = ("sync", "async")


def _pool_settles(busy_before: int) -> bool:
    """The pool's busy threads return to what they were (a thread parks just after its
    task's future is settled, so this is waited for, not read once)."""
    end = time.monotonic() + PATIENCE
    while _core.workers.busy > busy_before and time.monotonic() < end:
        time.sleep(0.005)
    return _core.workers.busy <= busy_before


# --------------------------------------------------------------------------- the matrix


@pytest.mark.timeout(60)
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_the_first_error_comes_out_as_it_is_and_a_running_task_is_cancelled(front_end, form):
    probe = Probe()
    busy = _core.workers.busy
    with pytest.raises(Boom) as info:
        FRONT_ENDS[front_end](probe.parts("tasks"), form)
    assert info.value is probe.error  # the user's own object, not a wrapper
    assert type(info.value) is Boom and info.value.args == ("the first failure",)
    assert ("cancelled", "slow") in probe.log and ("completed", "slow") not in probe.log
    assert probe.log[-1] == ("ended", "slow")  # ended before the front-end returned
    assert _pool_settles(busy)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_a_started_thread_is_waited_for_before_the_error_comes_out(front_end, form):
    probe = Probe()
    busy = _core.workers.busy
    with pytest.raises(Boom) as info:
        FRONT_ENDS[front_end](probe.parts("threads"), form)
    assert info.value is probe.error
    assert probe.log == [("start", "block"), ("ended", "block")]  # it ran to its end first
    assert _pool_settles(busy)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("front_end", ["parallel", "vmap"])
def test_batch_apis_collect_every_failure_when_asked(front_end, form):
    first, second = Boom("one"), Boom("two")

    def fails_with(error: Boom) -> Callable[[], Any]:
        def fail() -> None:
            raise error
        return fail

    parts = [fails_with(first), lambda: "fine", fails_with(second)]
    with pytest.raises(ExceptionGroup) as info:
        FRONT_ENDS[front_end](parts, form, errors="group")
    assert list(info.value.exceptions) == [first, second]  # every failure, in call order


@pytest.mark.parametrize("form", FORMS)
def test_items_not_yet_started_never_start(form):
    started: list[int] = []

    def item(i: int) -> int:
        started.append(i)
        if i == 0:
            raise Boom("first")
        return i

    batched = xcs.vmap(item, max_items_in_flight=1)
    with pytest.raises(Boom, match="^first"):
        batched(range(5)) if form == "sync" else asyncio.run(batched.acall(range(5)))
    assert started == [0]


@pytest.mark.parametrize("form", FORMS)
def test_eval_records_an_items_error_and_goes_on(form):
    error = Boom("bad item")

    def system(q: str) -> str:
        if q == "bad":
            raise error
        return q

    rows = [("bad", "bad"), ("good", "good"), ("fine", "fine")]
    if form == "sync":
        result = eval.evaluate(system, rows, "exact", progress=False)
    else:
        result = asyncio.run(eval.aevaluate(system, rows, "exact", progress=False))
    assert [r.error_type for r in result.records] == ["Boom", None, None]
    assert [r.output for r in result.records[1:]] == ["good", "fine"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("form", FORMS)
def test_eval_raise_errors_stops_at_the_first_item_as_it_is(form):
    probe = Probe()

    async def system(q: str) -> str:
        return await (probe.afail() if q == "fail" else probe.aslow())

    rows = [("fail", "x"), ("slow", "x")]
    options: dict[str, Any] = {"raise_errors": True, "progress": False, "max_items_in_flight": 2}
    with pytest.raises(Boom) as info:
        if form == "sync":
            eval.evaluate(system, rows, "exact", **options)
        else:
            asyncio.run(eval.aevaluate(system, rows, "exact", **options))
    assert info.value is probe.error
    assert ("cancelled", "slow") in probe.log and probe.log[-1] == ("ended", "slow")


# --------------------------------------------------------------------------- the scope


@pytest.mark.parametrize("form", FORMS)
def test_a_deadline_cancels_the_work_and_names_the_reason(form):
    probe = Probe()

    def sync() -> None:
        with _core.Scope(timeout=0.05, reason="ask the judges") as scope:
            scope.spawn(probe.aslow)

    async def in_async() -> None:
        async with _core.Scope(timeout=0.05, reason="ask the judges"):
            await probe.aslow()  # the body itself is cancelled too

    with pytest.raises(DeadlineExceeded, match="^ask the judges: the deadline") as info:
        sync() if form == "sync" else asyncio.run(in_async())
    assert info.value.reason == "ask the judges"
    assert ("cancelled", "slow") in probe.log and probe.log[-1] == ("ended", "slow")


@pytest.mark.parametrize("form", FORMS)
def test_cancel_stops_the_jobs_quietly(form):
    probe = Probe()

    async def body(scope: _core.Scope) -> Any:
        fut = scope.spawn(probe.aslow)
        while not probe.started.is_set():
            await asyncio.sleep(0.001)
        scope.cancel("enough")
        return fut

    if form == "sync":
        with _core.Scope() as scope:
            fut = scope.spawn(probe.aslow)
            assert probe.started.wait(PATIENCE)
            scope.cancel("enough")
        assert fut.cancelled()
    else:
        async def main() -> Any:
            async with _core.Scope() as scope:
                fut = await body(scope)
            return fut

        assert asyncio.run(main()).cancelled()
    assert ("cancelled", "slow") in probe.log and probe.log[-1] == ("ended", "slow")


def test_a_scope_cannot_start_work_after_it_exits():
    with _core.Scope(reason="done") as scope:
        pass
    with pytest.raises(RuntimeError, match="outside its scope"):
        scope.submit(functools.partial(len, "x"))
