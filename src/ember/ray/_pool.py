"""Worker actors that each run many calls at once, and the driver loop that feeds them.

`WorkerPool` runs `fn` on `workers` Ray actors (spread over the cluster's nodes) and, when an
endpoint has RPM/TPM limits, one `SharedLimits` actor. Each worker hands every call to
Ember's shared event loop in its process (`ember.ray._worker`), so one worker overlaps
hundreds of model calls: async functions run as tasks there, blocking ones in the
scheduler's worker threads. Each worker caps its model calls in flight at its share of the
pool's cap and meters its endpoints' RPM/TPM through the limiter actor, so limits hold
cluster-wide.

The driver sends each worker batches of items up to its share of the cap and keeps one
`collect` call waiting on each, which returns every item finished since the last one; it
yields the results as they come (`imap_unordered`), so a caller can record each one the
moment it exists. A round trip carries as many items as have ended meanwhile (1,000 items
that do nothing, 2 workers: one Ray call per item cost ~0.7 s of the workers' CPU and ~0.3 s
of the driver's; in batches, 0.04-0.16 s and 0.02 s). A function's own exception comes back as a value (not as Ray's wrapped task
error) and is re-raised or recorded by the caller.

The actors are kept for the next run on the same Ray session (the same cluster and
driver): starting a worker process and importing Ember in it took 0.7-5 s on a 2-CPU
machine, more than the work of many runs. They end with the session (`RayCluster` stops or
disconnects, or ``ray.shutdown()``); one found dead is replaced.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ember._errors import ClusterError
from ember.ray._cluster import import_ray
from ember.ray._limits import SharedLimits
from ember.ray._worker import Worker

__all__ = ["WorkerPool"]

# Environment variables forwarded to workers (API keys are not: set them on the cluster).
FORWARDED_ENV = ("EMBER_CONFIG",)
# Threads of a worker actor: a waiting `collect` per open job, plus submits and closes.
WORKER_THREADS = 16

_jobs = itertools.count()
_lock = threading.Lock()
# (Ray session, runtime_env) -> the warm actors: "workers" and, once needed, "limits".
_warm: dict[tuple[str, ...], dict[str, Any]] = {}


def _rate_limited_endpoints() -> list[str]:
    """Endpoints configured (for the driver) with RPM or TPM limits: they need the limiter."""
    from ember.models import get_config

    return [name for name, limits in get_config("limits").items()
            if limits["rpm"] or limits["tpm"]]


def _session(ray: Any, runtime_env: dict[str, Any] | None) -> tuple[str, ...]:
    """Which warm actors this driver may use: same cluster, same connection, same env."""
    ctx = ray.get_runtime_context()
    env = json.dumps(runtime_env or {}, sort_keys=True, default=repr)
    return (str(ctx.gcs_address), str(ctx.get_job_id()), str(ctx.get_node_id()), env)


def _unpack(index: int, blob: bytes) -> tuple[int, bool, Any]:
    """An outcome a worker packed; one that cannot be read here fails its item."""
    from ray import cloudpickle

    try:
        ok, value = cloudpickle.loads(blob)
    except Exception as exc:  # noqa: BLE001 - e.g. a class the driver cannot import
        return index, False, ClusterError(f"the result of item {index} came back from the Ray "
                                          f"worker but cannot be read here ({type(exc).__name__}:"
                                          f" {exc}). Fix: return data the driver can import")
    return index, ok, value


class WorkerPool:
    """`fn` on `workers` Ray actors, with a shared cap and shared RPM/TPM limits.

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
        self.job = f"{os.getpid()}-{next(_jobs)}"
        self.actors: list[Any] = []
        self.limits: Any = None
        # Forwarded with the job, not as a runtime_env: a runtime_env makes Ray start new
        # worker processes, while plain actors take the idle ones it keeps ready.
        env = {k: os.environ.get(k) for k in FORWARDED_ENV}
        try:
            self.key = _session(ray, runtime_env)
            self.actors, self.limits = self._actors(workers, runtime_env,
                                                    bool(_rate_limited_endpoints()))
            ray.get([a.open.remote(self.job, fn, self.per_worker, self.limits, env)
                     for a in self.actors])
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
            if isinstance(exc, ray.exceptions.RayActorError):
                self._forget(self.actors)  # a worker did not start: start others next time
            self.close()
            text = str(exc)
            hint = (" Fix: the workers must be able to import the module that defines the "
                    "function: run from its directory, ship it with runtime_env={'py_modules': "
                    "[...]} or {'working_dir': ...}, or define the function in the script you "
                    "run." if "No module named" in text else "")
            last = text.strip().splitlines()[-1] if text.strip() else type(exc).__name__
            raise ClusterError(f"could not start {workers} Ray worker(s) ({type(exc).__name__}: "
                               f"{last}).{hint}") from exc

    def _actors(self, workers: int, runtime_env: dict[str, Any] | None,
                limited: bool) -> tuple[list[Any], Any]:
        """The session's warm actors, started as needed (workers, and the limiter if asked)."""
        ray = self.ray
        with _lock:
            for key in [k for k in _warm if k[:3] != self.key[:3]]:
                del _warm[key]  # another session's actors: gone with it
            warm = _warm.setdefault(self.key, {"workers": [], "limits": None})
            if len(warm["workers"]) < workers:
                options: dict[str, Any] = {"num_cpus": 0, "scheduling_strategy": "SPREAD",
                                           "max_concurrency": WORKER_THREADS}
                if runtime_env:
                    options["runtime_env"] = runtime_env
                actor = ray.remote(Worker).options(**options)
                warm["workers"] += [actor.remote()
                                    for _ in range(workers - len(warm["workers"]))]
            if limited and warm["limits"] is None:
                warm["limits"] = ray.remote(SharedLimits).options(num_cpus=0).remote()
            return warm["workers"][:workers], warm["limits"] if limited else None

    def _forget(self, actors: list[Any]) -> None:
        """Drop dead `actors` from the warm set (and stop them): the next run starts others."""
        with _lock:
            warm = _warm.get(getattr(self, "key", ()))
            if warm is not None:
                warm["workers"] = [a for a in warm["workers"] if a not in actors]
        for actor in actors:
            with contextlib.suppress(Exception):  # already gone
                self.ray.kill(actor)

    def imap_unordered(self, args: Sequence[Any]) -> Iterator[tuple[int, bool, Any]]:
        """Run ``fn(arg)`` for every arg; yield ``(index, ok, value_or_exception)`` as each ends.

        At most `per_worker` calls run on each worker at a time.
        """
        ray, job, actors = self.ray, self.job, self.actors
        running: list[set[int]] = [set() for _ in actors]
        calls: dict[Any, tuple[int, bool]] = {}  # ref -> (worker, is it a collect)
        polling: set[int] = set()                 # workers with a collect waiting
        live = set(range(len(actors)))
        nxt = 0
        while True:
            for a in sorted(live):
                take = min(self.per_worker - len(running[a]), len(args) - nxt)
                if take > 0:  # one batch: the slots freed since the last one
                    batch = range(nxt, nxt + take)
                    nxt += take
                    running[a].update(batch)
                    calls[actors[a].submit.remote(job, [(i, args[i]) for i in batch])] = (a, False)
                if running[a] and a not in polling:
                    polling.add(a)
                    calls[actors[a].collect.remote(job)] = (a, True)
            if not calls:
                break
            ready, _ = ray.wait(list(calls), num_returns=1, timeout=0.1)
            for ref in ready:
                if ref not in calls:
                    continue  # its worker failed meanwhile
                a, collect = calls.pop(ref)
                if collect:
                    polling.discard(a)
                try:
                    outcomes = [_unpack(*packed) for packed in ray.get(ref) or ()]
                except Exception as exc:  # noqa: BLE001 - the worker itself failed
                    live.discard(a)
                    for other in [r for r, (w, _) in calls.items() if w == a]:
                        del calls[other]  # not waited for: `close` ends them
                    outcomes = self._lost(a, exc, running[a])
                for index, ok, value in outcomes:
                    if index in running[a]:
                        running[a].discard(index)
                        yield index, ok, value
            if not live:  # every worker failed: what was never sent fails too
                error = ClusterError("no Ray worker is left to run the item")
                for index in range(nxt, len(args)):
                    yield index, False, error
                break

    def _lost(self, a: int, exc: BaseException, running: set[int]
              ) -> list[tuple[int, bool, Any]]:
        """A worker failed: each of its unfinished items fails with `ClusterError`."""
        if isinstance(exc, self.ray.exceptions.RayActorError):
            self._forget([self.actors[a]])
        return [(index, False, ClusterError(f"Ray worker failed on item {index} "
                                            f"({type(exc).__name__}: {exc})"))
                for index in sorted(running)]

    def limit_stats(self) -> dict[str, float]:
        """Units reserved at the limiter actor, per ``endpoint/kind`` (empty without one)."""
        return {} if self.limits is None else self.ray.get(self.limits.stats.remote())

    def worker_pids(self) -> list[int]:
        return self.ray.get([a.pid.remote() for a in self.actors])

    def close(self) -> None:
        """End this run on the workers: cancel its calls still running and wait for them
        (idempotent). The workers stay up for the session's next run."""
        refs = [a.close.remote(self.job) for a in self.actors]
        for ref in refs:
            with contextlib.suppress(Exception):  # a worker already gone
                self.ray.get(ref)
        self.actors = []
        self.limits = None
