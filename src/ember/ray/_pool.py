"""Worker actors that each run many calls at once, and the driver loop that feeds them.

`WorkerPool` starts `workers` Ray actors (spread over the cluster's nodes) and, when an
endpoint has RPM/TPM limits, one `SharedLimits` actor. Each worker is an async actor that hands every call to Ember's
shared event loop in its process, so one worker overlaps hundreds of model calls: async
functions run as tasks there, blocking ones in the scheduler's worker threads. Each
worker caps its model calls in flight at its share of the pool's cap and meters its
endpoints' RPM/TPM through the limiter actor, so limits hold cluster-wide.

The driver keeps each worker's queue at its share of the cap (least-loaded first) and
yields results as they complete (`imap_unordered`), so a caller can record each one the
moment it exists. A function's own exception comes back as a value (not as Ray's
wrapped task error) and is re-raised or recorded by the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ember import _core
from ember._errors import ClusterError
from ember.eval.lowlevel import Gate, Meter
from ember.ray._cluster import import_ray
from ember.ray._limits import SharedLimits, install_shared_limits

__all__ = ["WorkerPool"]

# Environment variables forwarded to workers (API keys are not: set them on the cluster).
FORWARDED_ENV = ("EMBER_CONFIG",)


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it pickles, else a RuntimeError carrying its type and message."""
    try:
        from ray import cloudpickle

        cloudpickle.dumps(exc)
        return exc
    except Exception:  # noqa: BLE001 - any pickling failure
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _call_with_meter(meter: Meter, fn: Callable[[Any], Any], arg: Any) -> Any:
    with meter.active():
        return fn(arg)


def _rate_limited_endpoints() -> list[str]:
    """Endpoints configured (for the driver) with RPM or TPM limits: they need the limiter."""
    from ember.models import get_config

    return [name for name, limits in get_config("limits").items()
            if limits["rpm"] or limits["tpm"]]


class _Worker:
    """One worker process: runs calls of `fn` concurrently on Ember's shared loop."""

    def __init__(self, fn: Callable[[Any], Any], max_calls: int, limits: Any,
                 env: dict[str, str]) -> None:
        os.environ.update(env)
        self.fn = fn
        self.is_async = _core.is_async(fn)
        self.gate = Gate(max_calls)
        self.limits = limits
        self.patched: dict[str, Any] = {}

    async def call(self, index: int, arg: Any) -> tuple[bool, Any]:
        return await asyncio.wrap_future(_core.spawn(self._run(index, arg)))

    async def _run(self, index: int, arg: Any) -> tuple[bool, Any]:
        if self.limits is not None:
            install_shared_limits(self.limits, self.patched)
        meter = Meter(self.gate, index)
        try:
            with meter.active():
                if self.is_async:
                    value = await self.fn(arg)
                else:
                    value = await _core.to_thread(_call_with_meter, meter, self.fn, arg)
        except Exception as exc:  # noqa: BLE001 - sent back as a value
            return False, _portable(exc)
        exc = getattr(value, "exception", None)  # an evaluation's ItemOutcome
        if isinstance(exc, BaseException) and _portable(exc) is not exc:
            value = type(value)(value.record, _portable(exc))
        return True, value

    def pid(self) -> int:
        return os.getpid()


class WorkerPool:
    """`workers` Ray actors running `fn`, with a shared cap and shared RPM/TPM limits.

    Args:
        fn: a picklable one-argument function (sync or async).
        workers: the number of worker actors.
        max_items_in_flight: the cap on calls in flight over the whole pool; each worker takes
            ``ceil(max_items_in_flight / workers)`` of it.
        runtime_env: extra Ray runtime environment for the workers.
    """

    def __init__(self, fn: Callable[[Any], Any], *, workers: int, max_items_in_flight: int,
                 runtime_env: dict[str, Any] | None = None) -> None:
        self.ray = ray = import_ray()
        self.per_worker = max(1, math.ceil(max_items_in_flight / workers))
        # Forwarded through the constructor, not a runtime_env: a runtime_env makes Ray
        # start new worker processes, while plain actors take the idle ones it keeps ready.
        env = {k: os.environ[k] for k in FORWARDED_ENV if k in os.environ}
        options: dict[str, Any] = {"num_cpus": 0, "scheduling_strategy": "SPREAD",
                                   "max_concurrency": max(100, 2 * self.per_worker)}
        if runtime_env:
            options["runtime_env"] = runtime_env
        self.limits = None
        try:
            if _rate_limited_endpoints():
                self.limits = ray.remote(SharedLimits).options(num_cpus=0).remote()
            actor = ray.remote(_Worker).options(**options)
            self.actors = [actor.remote(fn, self.per_worker, self.limits, env)
                           for _ in range(workers)]
            ray.get([a.pid.remote() for a in self.actors])  # started and importable
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
            self.close()
            text = str(exc)
            hint = (" Fix: the workers must be able to import the module that defines the "
                    "function: run from its directory, ship it with runtime_env={'py_modules': "
                    "[...]} or {'working_dir': ...}, or define the function in the script you "
                    "run." if "No module named" in text else "")
            last = text.strip().splitlines()[-1] if text.strip() else type(exc).__name__
            raise ClusterError(f"could not start {workers} Ray worker(s) ({type(exc).__name__}: "
                               f"{last}).{hint}") from exc

    def imap_unordered(self, args: Sequence[Any]) -> Iterator[tuple[int, bool, Any]]:
        """Run ``fn(arg)`` for every arg; yield ``(index, ok, value_or_exception)`` as each ends.

        At most `per_worker` calls are queued on each worker at a time.
        """
        ray = self.ray
        pending: dict[Any, tuple[int, int]] = {}
        load = [0] * len(self.actors)
        nxt = 0

        def refill() -> None:
            nonlocal nxt
            while nxt < len(args):
                a = min(range(len(load)), key=load.__getitem__)
                if load[a] >= self.per_worker:
                    return
                ref = self.actors[a].call.remote(nxt, args[nxt])
                pending[ref] = (nxt, a)
                load[a] += 1
                nxt += 1

        refill()
        while pending:
            refs = list(pending)
            ready, _ = ray.wait(refs, num_returns=1, timeout=0.1)
            if ready:  # take everything that is done by now, in one round trip
                ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
            try:
                values = ray.get(ready)
            except Exception:  # noqa: BLE001 - some worker failed: get them one by one
                values = [self._get_one(ref, pending[ref][0]) for ref in ready]
            for ref, (ok, value) in zip(ready, values, strict=True):
                index, a = pending.pop(ref)
                load[a] -= 1
                yield index, ok, value
            refill()

    def _get_one(self, ref: Any, index: int) -> tuple[bool, Any]:
        try:
            return self.ray.get(ref)
        except Exception as exc:  # noqa: BLE001 - the worker itself failed
            return False, ClusterError(f"Ray worker failed on item {index} "
                                       f"({type(exc).__name__}: {exc})")

    def limit_stats(self) -> dict[str, float]:
        """Units reserved at the limiter actor, per ``endpoint/kind`` (empty without one)."""
        return {} if self.limits is None else self.ray.get(self.limits.stats.remote())

    def worker_pids(self) -> list[int]:
        return self.ray.get([a.pid.remote() for a in self.actors])

    def close(self) -> None:
        """Stop the actors (idempotent)."""
        for actor in [*getattr(self, "actors", []), getattr(self, "limits", None)]:
            if actor is not None:
                with contextlib.suppress(Exception):  # already gone
                    self.ray.kill(actor)
        self.actors = []
        self.limits = None

