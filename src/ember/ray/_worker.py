"""The worker side of `WorkerPool`: one Ray actor per process, many runs, batches of items.

A worker is a threaded Ray actor (no asyncio loop of Ray's: Ember's shared loop is the
only one in the process). A run (`WorkerPool`) opens a job on it with its function and its
share of the cap (none yet when the driver runs items while the worker starts: it raises
the cap as it hands over), then keeps one `collect` call waiting, which returns every
outcome finished since the last one and carries the next batch of items (`submit` sends
one while a collect waits). So a round trip is one Ray call and carries many items, and
under load more at a time; the batches are the driver's measure of free slots, not a
fixed size. Each job's items run in one `ember._core.Scope` (errors
``"group"``: an item's failure is its own outcome, the driver decides what stops the run);
closing a job cancels what still runs and waits for it, as the scope does.

Workers outlive a run: the driver keeps them for the next run on the same cluster, so a
process starts, and imports Ember, once per cluster rather than once per call.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ember import _core
from ember.eval.lowlevel import Gate, Meter
from ember.ray._limits import install_shared_limits

__all__ = ["Worker"]

Outcome = tuple[int, bool, Any]  # (index, ok, value or exception)
# Items of a batch started before the loop runs them (as in the local backend): an item's
# first step only makes its calls' tasks, which run after every item already started, so
# a run's first batch (the driver's 200, a worker's 100) delayed its first call by as many
# first steps.
START_BATCH = 16


def pack(outcome: Outcome) -> tuple[int, bytes]:
    """An outcome as ``(index, pickled (ok, value))`` for the driver, pickled here so one that
    cannot be fails alone: an exception becomes a RuntimeError with its type and message (in
    an evaluation's `ItemOutcome` too); any other value, an error saying it cannot be sent."""
    from ray import cloudpickle

    index, ok, value = outcome
    try:
        return index, cloudpickle.dumps((ok, value))
    except Exception as exc:  # noqa: BLE001 - any pickling failure
        failed = value if isinstance(value, BaseException) else getattr(value, "exception", None)
        plain = RuntimeError(f"{type(failed).__name__}: {failed}") if isinstance(
            failed, BaseException) else RuntimeError(
            f"item {index}: its result ({type(value).__name__}) cannot be sent back from the "
            f"Ray worker: {type(exc).__name__}: {exc}. Fix: return picklable data")
        if failed is not None and failed is not value:  # an ItemOutcome: keep its record
            with contextlib.suppress(Exception):
                return index, cloudpickle.dumps((ok, type(value)(value.record, plain)))
        return index, cloudpickle.dumps((False, plain))


def _call_with_meter(meter: Meter, fn: Callable[[Any], Any], arg: Any) -> Any:
    with meter.active():
        return fn(arg)


class _Job:
    """One run's state in a worker: its function, its gate, its scope and its outcomes."""

    __slots__ = ("fn", "is_async", "gate", "limits", "scope", "done")

    def __init__(self, fn: Callable[[Any], Any], max_calls: int, limits: Any) -> None:
        self.fn = fn
        self.is_async = _core.is_async(fn)
        self.gate = Gate(max_calls)
        self.limits = limits
        self.scope = _core.Scope(errors="group", reason="ray worker")
        self.scope.__enter__()
        self.done: queue.SimpleQueue[Outcome | None] = queue.SimpleQueue()

    async def run(self, index: int, arg: Any, installed: dict[str, Any]) -> Outcome:
        if self.limits is not None:
            install_shared_limits(self.limits, installed)
        meter = Meter(self.gate, index, order_free=True)  # (read when the item is done)
        try:
            with meter.active():
                if self.is_async:
                    value = await self.fn(arg)
                else:
                    value = await _core.to_thread(_call_with_meter, meter, self.fn, arg)
        except Exception as exc:  # noqa: BLE001 - sent back as a value
            return index, False, exc
        return index, True, value

    def ended(self, index: int, fut: Any) -> None:
        if fut.cancelled():
            return  # the job was closed: nobody collects it
        exc = fut.exception()
        self.done.put((index, False, exc) if exc is not None else fut.result())


class Worker:
    """A worker process's actor: jobs by id, each running its items on Ember's loop."""

    def __init__(self) -> None:
        self.jobs: dict[str, _Job] = {}
        self.lock = threading.Lock()
        self.installed: dict[str, Any] = {}  # the limiter actor its buckets come from

    def open(self, job: str, fn: Callable[[Any], Any], max_calls: int, limits: Any,
             env: dict[str, str | None]) -> int:
        """Start job `job`; set (or, None, unset) the forwarded environment. Returns the pid."""
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        with self.lock:
            self.jobs[job] = _Job(fn, max_calls, limits)
        return os.getpid()

    def submit(self, job: str, items: Sequence[tuple[int, Any]],
               max_calls: int | None = None) -> None:
        """Start `items` (``(index, arg)`` pairs) of `job`; their outcomes go to `collect`.
        `max_calls`, when given, is the job's new cap on calls in flight: the driver raises
        it as it hands the worker its share."""
        state = self.jobs[job]
        if max_calls is not None:
            _core.get_loop().call_soon_threadsafe(state.gate.set_limit, max_calls)
        for n, (index, arg) in enumerate(items):
            if n and n % START_BATCH == 0:
                _core.run(asyncio.sleep(0))  # the items started so far make their calls
            fut = state.scope.spawn(state.run, index, arg, self.installed)
            fut.add_done_callback(lambda f, i=index: state.ended(i, f))

    def collect(self, job: str, items: Sequence[tuple[int, Any]] = (),
                max_calls: int | None = None) -> list[tuple[int, bytes]]:
        """`submit` `items` (and `max_calls`), then wait for at least one outcome of `job`;
        return all that have ended since the last call, each `pack`ed (empty once the job
        is closed). The driver sends the items for the slots one collect freed with the
        next one: a round trip is one Ray call, not two."""
        if items or max_calls is not None:
            self.submit(job, items, max_calls)
        return [pack(outcome) for outcome in self.ended(job)]

    def ended(self, job: str, timeout: float | None = None) -> list[Outcome]:
        """The outcomes of `job` ended since the last call, waiting up to `timeout` seconds
        (None: until one ends or the job is closed) for the first. With a timeout it is how
        the driver reads the items it runs itself (`WorkerPool`'s work stealing)."""
        state = self.jobs[job]  # unknown: the driver's items on it fail (ClusterError)
        out: list[Outcome] = []
        with contextlib.suppress(queue.Empty):
            item = state.done.get(timeout=timeout)
            while item is not None:
                out.append(item)
                item = state.done.get_nowait()
        return out

    def close(self, job: str) -> None:
        """End `job`: cancel its items still running and wait until they have ended."""
        with self.lock:
            state = self.jobs.pop(job, None)
        if state is None:
            return
        state.done.put(None)  # wakes a waiting `collect`
        state.scope.cancel("ray: the run ended")
        with contextlib.suppress(Exception):  # each failure went back with its item
            state.scope.__exit__(None, None, None)

    def pid(self) -> int:
        return os.getpid()
