"""`evaluate`: run a system over a dataset, score it, record every item, summarise.

The steps, in order:

1. read the dataset into a list (bad records fail here, before any call) and give each
   item a key (its position, or ``key=``) and a content fingerprint;
2. open the record; with ``resume=True`` skip the items it already holds (checking their
   fingerprints, so a changed dataset is caught rather than silently mixed);
3. run the other items on a backend (``"local"``: Ember's shared event loop in this
   process; ``"ray"``: workers on a Ray cluster), at most ``max_items_in_flight`` items and
   ``max_items_in_flight`` model calls at a time; each finished item goes to the record's writer
   thread at once and to the progress display (`ember._core.Progress`);
4. summarise every record of the dataset's items (this run's and earlier ones).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import functools
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from ember import _core
from ember._errors import EvalError, RecordMismatch
from ember.data import Dataset, load
from ember.eval._evaluators import Evaluator, evaluator_from_spec
from ember.eval._record import RecordStore, read_records
from ember.eval._summary import Summary, summarize
from ember.eval._task import (
    ItemOutcome,
    ItemRecord,
    ItemRunner,
    ItemTask,
    describe_system,
    fingerprint,
)

__all__ = [
    "BACKENDS", "EvalResult", "aevaluate", "evaluate", "read_record", "register_backend",
]

DEFAULT_MAX_ITEMS_IN_FLIGHT: Final = 64

OnOutcome = Callable[[ItemOutcome], bool]
# Items started before the driver lets them run. Each item's first step only makes its
# calls' tasks, which run after every task already queued: with all of a 200-item cap
# started at once, the first call waited for 200 first steps (0.1-0.5 s at load 7-8).
_SPAWN_BATCH: Final = 16


@dataclass(frozen=True)
class EvalResult:
    """The result of `evaluate`: the summary and every item's record, in dataset order.

    Examples:
        >>> from ember.api import eval
        >>> result = eval.evaluate(lambda q: q.upper(), [("ab", "AB"), ("c", "x")], "exact",
        ...                        progress=False)
        >>> result.summary.score, [r.output for r in result.records]
        (0.5, ['AB', 'C'])
    """

    summary: Summary
    records: list[ItemRecord]
    path: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[ItemRecord]:
        """The records of items that failed."""
        return [r for r in self.records if r.error_type is not None]

    def __str__(self) -> str:
        return self.summary.format()


def _keys(items: list[Any], key: str | Callable[[Any], Any] | None) -> list[str]:
    if key is None:
        return [str(i) for i in range(len(items))]
    if isinstance(key, str):
        out = []
        for i, item in enumerate(items):
            try:
                out.append(str(item[key]))
            except (KeyError, TypeError, IndexError):
                raise EvalError(f"evaluate(key={key!r}): item {i} has no field {key!r}. Fix: "
                                "name a field every item has, or drop key= to key items by "
                                "position.") from None
        keys = out
    elif callable(key):
        keys = [str(key(item)) for item in items]
    else:
        raise EvalError(f"evaluate(): key= must be a field name or a function, got "
                        f"{type(key).__name__}.")
    seen: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k in seen:
            raise EvalError(f"evaluate(key={key!r}): items {seen[k]} and {i} share the key {k!r}; "
                            "keys must be unique to record each item once. Fix: choose a "
                            "unique field, or drop key=.")
        seen[k] = i
    return keys


def _check_cap(cap: object) -> int:
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
        raise EvalError(f"evaluate(max_items_in_flight={cap!r}): the cap on items in flight "
                        "must be an int >= 1. Fix: e.g. max_items_in_flight=64")
    return cap


# ----------------------------------------------------------------------------- local backend


async def _drive(runner: ItemRunner, tasks: list[ItemTask], max_items: int,
                 on_outcome: OnOutcome) -> None:
    """Run `tasks` in one scope on the shared loop, at most `max_items` at a time.

    Eval's per-item policy is a layer on the scope's: an item's own failure is its record
    (`ItemRunner.run` returns it), and the run goes on; `on_outcome` returning True
    (``raise_errors``) stops the run quietly. The harness itself breaking (``run``
    raising) is a failure of the scope: it cancels the other items and comes out as it is.
    """
    def judged(scope: _core.Scope, fut: cf.Future[ItemOutcome]) -> None:
        if not fut.cancelled() and fut.exception() is None and on_outcome(fut.result()):
            scope.cancel("evaluate: stopped at the first failing item (raise_errors)")

    async with _core.Scope(limit=max_items, reason="evaluate") as scope:
        for n, task in enumerate(tasks, 1):
            scope.spawn(runner.run, task).add_done_callback(functools.partial(judged, scope))
            if n % _SPAWN_BATCH == 0:  # the items started so far make their calls now,
                await asyncio.sleep(0)  # not once every item is started (see _SPAWN_BATCH)


def _run_local(runner: ItemRunner, tasks: list[ItemTask], *, max_items_in_flight: int,
               on_outcome: OnOutcome, **_: Any) -> None:
    runner.gate.limit = max_items_in_flight
    _core.run(_drive(runner, tasks, max_items_in_flight, on_outcome))


# Backend name -> runner of a list of tasks (habit 5). Backends from packages above this one
# (the Ray backend, an optional extra) register themselves when their package is imported.
BACKENDS: dict[str, Callable[..., None]] = {"local": _run_local}
_PROVIDED_BY = {"ray": "ember.ray"}


def register_backend(name: str, run: Callable[..., None]) -> None:
    """Make ``evaluate(..., backend=name)`` run its items with ``run(runner, tasks, *,
    max_items_in_flight, on_outcome, address, workers)`` (see `ember.eval.lowlevel`)."""
    BACKENDS[name] = run


def _backend(name: str) -> Callable[..., None]:
    if name not in BACKENDS:
        importlib.import_module(_PROVIDED_BY[name])  # it registers itself
    return BACKENDS[name]


# ----------------------------------------------------------------------------- evaluate


def evaluate(
    system: Any,
    dataset: Any,
    evaluator: str | Evaluator | Callable[..., Any] = "exact",
    *,
    input: str | Callable[[Any], Any] | None = None,
    reference: str | Callable[[Any], Any] | None = None,
    key: str | Callable[[Any], Any] | None = None,
    max_items_in_flight: int = DEFAULT_MAX_ITEMS_IN_FLIGHT,
    record: str | None = None,
    resume: bool = False,
    rerun_errors: bool = True,
    raise_errors: bool = False,
    progress: bool | None = None,
    name: str | None = None,
    backend: str = "local",
    address: str | None = None,
    workers: int = 2,
) -> EvalResult:
    """Run `system` on every item of `dataset`, score each output, record and summarise.

    Items run concurrently on Ember's scheduler: async systems as tasks on the shared
    event loop, sync ones (plain or jitted functions calling ``models(...)``) in its worker
    threads; at most `max_items_in_flight` items run, and at most as many model calls (the
    system's and the evaluator's) are in flight at once.

    Args:
        system: a callable taking the input (an ``async def``, a function, a jitted function,
            an operator, a NON graph taking ``query=``, or ``models.instance(...)``).
        dataset: a `Dataset`, a path to a .jsonl/.csv/.json file, or an iterable of items
            (dicts, str, or ``(input, reference)`` pairs).
        evaluator: an `Evaluator`, a function ``(output, reference) -> bool | float``, or
            a name: ``exact``, ``normalized``, ``choice``, ``numeric[:tol]``,
            ``regex:PATTERN``, ``judge[:MODEL]``.
        input: the item field passed to the system (default: the first of query, question,
            input, prompt, problem, text), or a function of the item.
        reference: the field holding the expected answer (default: the first of answer,
            reference, target, label, expected, solution), or a function of the item.
        key: a field (or function) giving each item a stable key in the record; default:
            its position in the dataset.
        max_items_in_flight: the most items in flight at once; as many model calls may be
            in flight (the system's and the evaluator's).
        record: path of the record file (SQLite). Each item is committed durably as it
            finishes; None keeps the record in memory.
        resume: continue the record: items it holds are not run again.
        rerun_errors: with `resume`, run again the items that failed last time.
        raise_errors: stop at the first failing item and raise its exception (after
            recording it); by default failures are recorded and the run goes on.
        progress: draw a progress bar on stderr (None: when stderr is a terminal).
        name: the system's name in the record (default: its module and qualified name).
        backend: ``"local"`` or ``"ray"`` (needs ``ember[ray]``).
        address: with ``backend="ray"``, the cluster to join (None: start a local one,
            bound to 127.0.0.1 only, for this run).
        workers: with ``backend="ray"``, the number of worker processes; each runs many
            items concurrently and gets an equal share of `max_items_in_flight`.

    Returns:
        An `EvalResult` with the `Summary` and the records of every item of the dataset.

    Raises:
        DataError: the dataset cannot be read (`MalformedData` names the file and line),
            or its first item lacks the input/reference fields.
        RecordExists, RecordMismatch: the record cannot be used as asked.
        EvalError: a bad argument.
        Exception: with `raise_errors`, the first item's own exception.

    Examples:
        >>> from ember.api import eval, models
        >>> async def system(question):
        ...     return await models.acall("sim/gpt", question, latency=0.01)
        >>> rows = [{"question": f"{i}+{i}?", "answer": str(2 * i)} for i in range(20)]
        >>> result = eval.evaluate(system, rows, "numeric", max_items_in_flight=8, progress=False)
        >>> result.summary.items, result.summary.calls, result.summary.errors
        (20, 20, 0)
    """
    t0 = time.perf_counter()
    cap = _check_cap(max_items_in_flight)
    judge = evaluator_from_spec(evaluator)
    if backend not in BACKENDS and backend not in _PROVIDED_BY:
        raise EvalError(f"evaluate(backend={backend!r}): unknown backend. Fix: use one of "
                        f"{', '.join(dict.fromkeys([*BACKENDS, *_PROVIDED_BY]))}.")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise EvalError(f"evaluate(workers={workers!r}): must be an int >= 1.")
    items = list(dataset if isinstance(dataset, Dataset) else load(dataset))
    keys = _keys(items, key)
    runner = ItemRunner(system, judge, input=input, reference=reference, max_calls=cap)
    if items:
        runner.check(items[0])
    meta = {"system": name or describe_system(system), "evaluator": judge.describe()}
    progress_bar: _core.Progress | None = None

    def committed(batch: list[ItemRecord]) -> None:
        if progress_bar is not None:
            for r in batch:
                progress_bar.add(failed=r.error_type is not None,
                                 tokens=r.prompt_tokens + r.completion_tokens,
                                 cost=r.cost_usd, unpriced=r.unpriced_calls)

    store = RecordStore(record, meta, resume=resume, on_commit=committed)
    try:
        tasks, resumed = _plan(store, items, keys, resume, rerun_errors)
        progress_bar = _core.Progress(len(items), "eval", resumed=resumed, enabled=progress,
                                      spend=True)
        failure: list[BaseException] = []

        def on_outcome(outcome: ItemOutcome) -> bool:
            store.put(outcome.record)
            if raise_errors and outcome.exception is not None and not failure:
                failure.append(outcome.exception)
                return True
            return False

        store.start()
        with progress_bar:  # its last line is drawn once every record is in
            try:
                _backend(backend)(runner, tasks, max_items_in_flight=cap, on_outcome=on_outcome,
                                  address=address, workers=workers)
            finally:
                store.close()
        if failure:
            raise failure[0]
        records = store.records(keys)
        summary = summarize(records, wall_s=time.perf_counter() - t0, resumed=resumed)
        return EvalResult(summary, records, store.path, store.meta())
    finally:
        store.close_db()


def _plan(store: RecordStore, items: list[Any], keys: list[str], resume: bool,
          rerun_errors: bool) -> tuple[list[ItemTask], int]:
    """The tasks still to run, and how many items the record already holds."""
    done = store.done() if resume else {}
    tasks: list[ItemTask] = []
    resumed = 0
    for index, (item, k) in enumerate(zip(items, keys, strict=True)):
        fp = fingerprint(item)
        previous = done.get(k)
        if previous is not None:
            if previous[0] != fp:
                raise RecordMismatch(
                    f"{store.path}: item {index} (key {k!r}) differs from the one recorded "
                    "under that key: the dataset changed since the record was written. Fix: "
                    "use the same dataset (same order, or key= a stable id field), or another "
                    "--record path.", path=str(store.path), field="item")
            if not (previous[1] and rerun_errors):
                resumed += 1
                continue
        tasks.append(ItemTask(index, k, item, fp))
    return tasks, resumed


async def aevaluate(system: Any, dataset: Any, evaluator: Any = "exact",
                    **options: Any) -> EvalResult:
    """The async twin of `evaluate` (same arguments); awaitable on any event loop.

    Examples:
        >>> import asyncio
        >>> from ember.api import eval
        >>> r = asyncio.run(eval.aevaluate(str.strip, [(" a ", "a")], "exact", progress=False))
        >>> r.summary.score
        1.0
    """
    return await asyncio.to_thread(evaluate, system, dataset, evaluator, **options)


def read_record(path: str) -> EvalResult:
    """Load a record file written by `evaluate`: its records and their summary.

    Examples:
        >>> import os, tempfile
        >>> from ember.api import eval
        >>> path = os.path.join(tempfile.mkdtemp(), "run.db")
        >>> _ = eval.evaluate(str.upper, [("a", "A")], record=path, progress=False)
        >>> eval.read_record(path).summary.score
        1.0
    """
    meta, records = read_records(path)
    return EvalResult(summarize(records), records, str(path), meta)

