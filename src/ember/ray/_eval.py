"""`evaluate(..., backend="ray")`: the items of an evaluation on Ray workers.

The record, the progress bar and the summary stay on the driver; only items travel. Each
worker runs the same `ItemRunner` as the local backend, its calls capped by the worker's
share of the calls in flight (the runner has no cap of its own there), and sends each item's `ItemOutcome` back as soon as it is done (with the others
that ended meanwhile, in one round trip); the driver hands it to the record's writer at
once. An item whose worker died is recorded as failed (`ClusterError`), so ``resume`` runs
it again. While new workers start on a cluster of this machine alone (a local one, with no
runtime_env), the driver runs items too, with the shares of the workers not up yet (`WorkerPool`'s
``local=``): their start overlaps with the run instead of coming before it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ember.eval.lowlevel import Gate, ItemOutcome, ItemRunner, ItemTask, failure_record
from ember.ray._cluster import RayCluster, on_this_machine
from ember.ray._pool import WorkerPool

__all__ = ["run_items"]


def run_items(runner: ItemRunner, tasks: list[ItemTask], *, max_items_in_flight: int,
              on_outcome: Callable[[ItemOutcome], bool],
              address: str | None, workers: int, **_: Any) -> None:
    """Run `tasks` on a Ray cluster; call `on_outcome` for each as it ends (True: stop)."""
    if not tasks:
        return
    runner.gate = Gate(None)  # a worker's items take its job's cap, which the pool sets
    with RayCluster(address, num_cpus=max(2, workers)):
        local = None
        if address is None and on_this_machine():
            driver = copy.copy(runner)  # the same runner, with the driver's own gate
            driver.gate = Gate(None)
            local = (driver.run, driver.gate)
        pool = WorkerPool(runner.run, workers=workers, max_items_in_flight=max_items_in_flight,
                          local=local)
        try:
            for index, ok, value in pool.imap_unordered(tasks):
                outcome = value if ok else ItemOutcome(failure_record(tasks[index], value),
                                                       value)
                if on_outcome(outcome):
                    break
        finally:
            pool.close()
