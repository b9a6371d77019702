"""`ray_map`: ``[fn(x) for x in items]`` spread over a Ray cluster, many calls per worker.

It is `xcs.parallel_map` across machines: the same result order and Ember's one failure
policy (the first failure stops the run, cancelling the calls in flight, and comes out as
it is; ``errors="group"``: an `ExceptionGroup` after every call has ended), plus the
cluster's shared RPM/TPM limits and a cap on model calls in flight across all workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ember._errors import RayError
from ember.ray._cluster import RayCluster
from ember.ray._pool import WorkerPool

__all__ = ["ray_map"]

T = TypeVar("T")


def ray_map(fn: Callable[[Any], T], items: Iterable[Any], *, address: str | None = None,
            workers: int = 2, max_items_in_flight: int = 64,
            runtime_env: dict[str, Any] | None = None, errors: str = "raise") -> list[T]:
    """Call `fn` on every item on Ray workers; return the results in the order of `items`.

    Each worker runs up to its share of `max_items_in_flight` calls at once on Ember's event
    loop (``async def`` functions as tasks, others in worker threads), and model calls made
    inside count against that cap and against the endpoints' RPM/TPM limits, which hold
    across the whole cluster.

    Args:
        fn: a picklable one-argument function (sync or async), e.g. a module-level function.
        items: the arguments; consumed up front.
        address: a Ray cluster to join; None starts a local one bound to 127.0.0.1 (or
            uses a Ray already initialised in this process).
        workers: the number of worker processes.
        max_items_in_flight: the most items (calls of `fn`) in flight over all workers, and
            as many model calls.
        runtime_env: extra Ray runtime environment for the workers (``EMBER_CONFIG`` is
            forwarded; API keys are not: set them in the cluster's environment).
        errors: ``"raise"`` (default): the first failure stops the workers and is raised
            as it is; ``"group"``: every call runs and all failures are raised together.

    Returns:
        ``[fn(x) for x in items]``.

    Raises:
        Exception: the first call's failure, as `fn` raised it (``errors="raise"``).
        ExceptionGroup: every call's failure, after all calls have ended (``"group"``).
        RayError: `fn` is not callable, or `workers` or `max_items_in_flight` is not an
            int >= 1.
        ClusterError: Ray is not installed, or the cluster cannot be started or joined.

    Examples:
        >>> ray_map(abs, [-1, 2, -3])      # doctest: +SKIP
        [1, 2, 3]
    """
    if not callable(fn):
        raise RayError(f"ray_map(): fn must be callable, got {type(fn).__name__}. Fix: pass "
                       "a function of one item")
    for name, value in (("workers", workers), ("max_items_in_flight", max_items_in_flight)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise RayError(f"ray_map(): {name} must be an int >= 1, got {value!r}")
    if errors not in ("raise", "group"):
        raise RayError(f"ray_map(): errors must be 'raise' or 'group', got {errors!r}")
    args = list(items)
    if not args:
        return []
    results: list[Any] = [None] * len(args)
    failures: list[tuple[int, BaseException]] = []
    with RayCluster(address, num_cpus=max(2, workers), runtime_env=None):
        pool = WorkerPool(fn, workers=workers, max_items_in_flight=max_items_in_flight,
                          runtime_env=runtime_env)
        try:
            for index, ok, value in pool.imap_unordered(args):
                if ok:
                    results[index] = value
                else:
                    failures.append((index, value))
                    if errors == "raise":
                        break  # closing the pool stops the workers and what they run
        finally:
            pool.close()
    if failures and errors == "raise":
        raise failures[0][1]
    if failures:
        failures.sort(key=lambda pair: pair[0])
        raise ExceptionGroup(f"ray_map(): {len(failures)} of {len(args)} calls failed",
                             [exc for _, exc in failures])
    return results
