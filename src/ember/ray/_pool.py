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
moment it exists. A round trip carries as many items as have ended meanwhile, and the
items for the slots they freed ride with the next `collect` (1,000 items that do nothing,
2 workers: one Ray call per item cost ~0.7 s of the workers' CPU and ~0.3 s of the
driver's; in batches, 0.04-0.16 s and 0.02 s; on the 5E+1J benchmark, sending the new
items with the next collect instead of apart took the driver's Ray calls from ~470 to ~240
a run). A function's own exception comes back as a value (not as Ray's wrapped task
error) and is re-raised or recorded by the caller.

The actors are kept for the next run on the same Ray session (the same cluster and
driver): starting a worker process and importing Ember in it took 0.7-5 s on a 2-CPU
machine, more than the work of many runs. They end with the session (`RayCluster` stops or
disconnects, or ``ray.shutdown()``); one found dead is replaced.

While new actors start, the driver may run items itself (``local=``, for a cluster on
this machine only). Its items start before the actors are made (that took 0.2-0.3 s of a
first run under load), with the shares of every worker not started yet. A new worker's
job opens with no calls; as it starts, the driver keeps one share fewer (`_Driver.hold`:
its gate's cap drops to its remaining shares, with none left to a few calls while its
items run) and the calls it gives up, as its calls in flight come under its cap, go to the
started workers (`_grant`), sent with their next `collect` (or a `submit`). So a worker
takes items at once, its cap growing as the driver's calls end, where it used to wait
until they were within what the driver kept (for the last share, until all the driver's
items had ended: half the cap idle for a moment). The pool never has more calls in flight
than its cap, nor items, and each item runs exactly once, here or on one worker.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ember import _core
from ember._errors import ClusterError
from ember.eval.lowlevel import Gate
from ember.ray._cluster import import_ray
from ember.ray._limits import SharedLimits
from ember.ray._worker import Outcome, Worker

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


class _Driver:
    """This process running items too while new workers start (`WorkerPool`'s ``local=``).

    It is a `Worker` in this process (the same job code), whose calls `gate` caps: its
    limit is the shares of the workers not started yet times `per_worker`, lowered as they
    start (`hold`).
    """

    def __init__(self, job: str, fn: Callable[[Any], Any], gate: Gate, shares: int,
                 per_worker: int) -> None:
        self.worker, self.job, self.gate = Worker(), job, gate
        self.shares, self.per_worker = shares, per_worker
        self.running: set[int] = set()
        self.per_item = 1.0  # the most calls per item in flight seen here
        gate.limit = self.held = shares * per_worker  # held: see `hold`
        self.worker.open(job, fn, None, None, {})

    def room(self) -> int:
        """How many items it may start now: within its shares, and only as many as its free
        calls can take at the most calls per item seen in flight here. Items beyond that
        would only wait here, holding calls a started worker could use."""
        slots = self.shares * self.per_worker - len(self.running)
        free = self.gate.free
        if free is None or self.gate.limit is None:
            return max(0, slots)
        if self.running:
            asked = self.gate.limit - free  # calls in flight or waiting
            self.per_item = max(self.per_item, asked / len(self.running))
        return max(0, min(slots, int(free / self.per_item)))

    def submit(self, items: list[tuple[int, Any]]) -> None:
        self.running.update(index for index, _ in items)
        self.worker.submit(self.job, items)

    def hold(self) -> int:
        """Lower the cap to the shares the driver keeps (with none left, to a few calls
        while its items run, so they end) and return the most calls it may have in flight
        from now on: the cap, or more while the calls it had are still out (a cap under
        them admits none until they are under it). Done on the loop, where the gate admits
        calls, so none slips in between."""
        async def lower() -> int:
            gate = self.gate
            assert gate.limit is not None
            keep = min(len(self.running), max(1, self.per_worker // 4))
            gate.set_limit(min(gate.limit, max(self.shares * self.per_worker, keep)))
            return max(gate.limit, gate.in_use)

        self.held = _core.run(lower())
        return self.held

    def ended(self, timeout: float) -> list[Outcome]:
        out = self.worker.ended(self.job, timeout)
        self.running.difference_update(index for index, _, _ in out)
        return out

    def close(self) -> None:
        self.worker.close(self.job)


class WorkerPool:
    """`fn` on `workers` Ray actors, with a shared cap and shared RPM/TPM limits.

    Args:
        fn: a picklable one-argument function (sync or async).
        workers: the number of worker actors.
        max_items_in_flight: the cap on calls in flight over the whole pool; each worker takes
            ``ceil(max_items_in_flight / workers)`` of it.
        runtime_env: extra Ray runtime environment for the workers.
        local: ``(fn, gate)``: while new actors start, run items in this process too, with
            `fn` (the same work as `fn` on the workers) and its model calls capped by
            `gate`. Only for a cluster on this machine (the same code and environment);
            ignored when the workers are all warm, or when endpoints have RPM/TPM limits
            (the limiter actor would not see the driver's calls).
    """

    def __init__(self, fn: Callable[[Any], Any], *, workers: int, max_items_in_flight: int,
                 runtime_env: dict[str, Any] | None = None,
                 local: tuple[Callable[[Any], Any], Gate] | None = None) -> None:
        self.ray = ray = import_ray()
        self.workers = workers
        self.per_worker = max(1, math.ceil(max_items_in_flight / workers))
        self.job = f"{os.getpid()}-{next(_jobs)}"
        self.actors: list[Any] = []
        self.limits: Any = None
        self.driver: _Driver | None = None
        self.opening: dict[Any, int] = {}  # open call -> actor, until it has returned
        # Forwarded with the job, not as a runtime_env: a runtime_env makes Ray start new
        # worker processes, while plain actors take the idle ones it keeps ready.
        env = {k: os.environ.get(k) for k in FORWARDED_ENV}
        try:
            self.key = _session(ray, runtime_env)
            limited = bool(_rate_limited_endpoints())
            self._open = functools.partial(self._start, fn, runtime_env, limited, env)
            if local is not None and not limited and not self._warm(workers):
                # The driver's items start first (`imap_unordered`), then the actors: making
                # them took 0.2-0.3 s of the first run's start at load 9-14.
                self.driver = _Driver(self.job, *local, workers, self.per_worker)
            else:
                self._open()
                ray.get(list(self.opening))
                self.opening = {}
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
            raise self._failed(exc) from exc

    def _warm(self, workers: int) -> bool:
        """Whether the session already has `workers` actors (none to start)."""
        with _lock:
            return len(_warm.get(self.key, {}).get("workers", ())) >= workers

    def _start(self, fn: Callable[[Any], Any], runtime_env: dict[str, Any] | None,
               limited: bool, env: dict[str, str | None]) -> None:
        """Get the session's actors (starting those missing) and open this job on each."""
        self.actors, self.limits = self._actors(self.workers, runtime_env, limited)
        first = 0 if self.driver is not None else self.per_worker  # raised by `_grant`
        self.opening = {a.open.remote(self.job, fn, first, self.limits, env): i
                        for i, a in enumerate(self.actors)}

    def _failed(self, exc: BaseException) -> ClusterError:
        """A worker did not start: stop the run and say why."""
        if isinstance(exc, self.ray.exceptions.RayActorError):
            self._forget(self.actors)  # start others next time
        self.close()
        text = str(exc)
        hint = (" Fix: the workers must be able to import the module that defines the "
                "function: run from its directory, ship it with runtime_env={'py_modules': "
                "[...]} or {'working_dir': ...}, or define the function in the script you "
                "run." if "No module named" in text else "")
        last = text.strip().splitlines()[-1] if text.strip() else type(exc).__name__
        return ClusterError(f"could not start {self.workers} Ray worker(s) "
                            f"({type(exc).__name__}: {last}).{hint}")

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

        At most `per_worker` calls run on each worker at a time (and on the driver, per
        share it holds). Raises `ClusterError` if a worker still starting fails to.
        """
        ray, job, driver = self.ray, self.job, self.driver
        slots = self.per_worker * self.workers    # items in flight over the pool, at most
        nxt = 0
        if driver is not None and not self.actors:  # the driver's items first (`__init__`)
            nxt = min(driver.room(), len(args), slots)
            driver.submit([(i, args[i]) for i in range(nxt)])
            try:
                self._open()
            except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
                raise self._failed(exc) from exc
        actors = self.actors
        running: list[set[int]] = [set() for _ in actors]
        calls: dict[Any, tuple[int, str]] = {ref: (a, "open") for ref, a in self.opening.items()}
        polling: set[int] = set()                 # workers with a collect waiting
        live = set(range(len(actors)))
        started = [] if calls else sorted(live)   # workers that take items, in order
        grant = [0 if calls else self.per_worker for _ in actors]  # each one's cap on calls
        told = list(grant)                        # the caps the workers were sent
        step = max(1, self.per_worker // 4)       # the least raise worth its own message
        opened = False
        while True:
            if driver is not None and started and (
                    opened or driver.held > driver.shares * self.per_worker):
                self._grant(driver, started, grant)
                opened = False
            held = sum(map(len, running)) + (len(driver.running) if driver else 0)
            if driver is not None and driver.shares:
                take = min(driver.room(), len(args) - nxt, slots - held)
                if take > 0:
                    driver.submit([(i, args[i]) for i in range(nxt, nxt + take)])
                    nxt, held = nxt + take, held + take
            for a in started:
                if a not in live:
                    continue
                limit = None
                raised = grant[a] - told[a]
                if raised and (raised >= step or grant[a] == self.per_worker or not told[a]):
                    limit = told[a] = grant[a]
                if not told[a]:
                    continue
                take = max(0, min(self.per_worker - len(running[a]), len(args) - nxt,
                                  slots - held))
                batch = [(i, args[i]) for i in range(nxt, nxt + take)]  # the slots freed
                nxt, held = nxt + take, held + take
                running[a].update(i for i, _ in batch)
                if running[a] and a not in polling:  # the batch rides with the next collect
                    polling.add(a)
                    calls[actors[a].collect.remote(job, batch, limit)] = (a, "collect")
                elif batch or limit is not None:
                    calls[actors[a].submit.remote(job, batch, limit)] = (a, "submit")
            local = driver is not None and bool(driver.running)
            if not calls and not local:
                break
            ready = (ray.wait(list(calls), num_returns=1, timeout=0.01 if local else 0.1)[0]
                     if calls else [])
            for ref in ready:
                if ref not in calls:
                    continue  # its worker failed meanwhile
                a, kind = calls.pop(ref)
                if kind == "open":
                    try:
                        ray.get(ref)
                    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
                        raise self._failed(exc) from exc
                    started.append(a)
                    if driver is not None:
                        driver.shares -= 1
                        opened = True
                    continue
                if kind == "collect":
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
            if local:
                yield from driver.ended(0.01 if not calls else 0)
            if not live and nxt < len(args):  # every worker failed: the rest fails too
                error = ClusterError("no Ray worker is left to run the item")
                for index in range(nxt, len(args)):
                    yield index, False, error
                nxt = len(args)

    def _grant(self, driver: _Driver, started: list[int], grant: list[int]) -> None:
        """Hand the calls the driver no longer holds (`_Driver.hold`) to the started workers,
        in the order they started, each up to `per_worker`: a worker takes items as soon as
        it starts, and its cap grows as the driver's own items end."""
        free = self.per_worker * self.workers - driver.hold() - sum(grant)
        for a in started:
            more = min(self.per_worker - grant[a], free)
            if more > 0:
                grant[a] += more
                free -= more

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
        if self.driver is not None:
            self.driver.close()
            self.driver = None
        for ref in refs:
            with contextlib.suppress(Exception):  # a worker already gone
                self.ray.get(ref)
        self.actors = []
        self.limits = None
