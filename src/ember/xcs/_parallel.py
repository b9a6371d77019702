"""Explicit parallelism on the same scheduler as `jit`: `parallel`, `aparallel`, `parallel_map`.

`start` starts one call on the runner its kind names: model calls, operators, ``async def``
functions, async twins and sleeps as tasks on the event loop; functions marked `cpu_bound`
in a process pool; other pure and CPU work in place, since threads cannot speed it up on a
GIL build; anything else that waits on the core's elastic thread pool.

Every batch runs in one `ember._core.Scope`, so Ember's one failure policy holds: the first
failure cancels the other calls (tasks are cancelled, calls not yet started never start,
running threads are waited for) and comes out as it is, the call's own exception;
``errors="group"`` lets every call end and raises all failures together as an
`ExceptionGroup`. `run_calls` and `arun_calls` are the sync and async entry points of one
implementation (they differ only in ``with`` against ``async with``); `vmap` and `pmap`
are built on them.
"""

from __future__ import annotations

import concurrent.futures as cf
import inspect
import types
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ember import _core, _telemetry
from ember._errors import XCSError
from ember.xcs._effects import Kind, Rule, add_rule
from ember.xcs._handles import Handle
from ember.xcs._launch import async_form, holding_slots, launch_process, rule_of

__all__ = ["aparallel", "arun_calls", "parallel", "parallel_map", "run_calls", "start"]

T = TypeVar("T")

#: How each front-end may report failures: the scope's two policies, and "collect" (batch
#: transforms only): each failed item's exception returned in its place.
ERRORS = ("raise", "group", "collect")

Call = tuple[Callable[..., Any], tuple, dict]


def _done(fn: Callable[..., Any], args: tuple, kwargs: dict) -> cf.Future[Any]:
    """A future holding the outcome of running the call here and now."""
    fut: cf.Future[Any] = cf.Future()
    fut.set_running_or_notify_cancel()
    try:
        fut.set_result(fn(*args, **kwargs))
    except BaseException as exc:  # noqa: BLE001 - judged by the scope
        fut.set_exception(exc)
    return fut


def start(scope: _core.Scope, fn: Callable[..., Any], args: tuple = (),
          kwargs: dict | None = None, *, processes: bool = False,
          note: Callable[[str], None] = print) -> cf.Future[Any]:
    """Start ``fn(*args, **kwargs)`` in `scope` on the runner its kind names.

    With `processes`, pure and CPU work goes to the process pool too (`pmap`). `note`
    receives why a call meant for a process ran in place (it cannot be pickled).
    """
    kwargs = kwargs or {}
    if _core.is_async(fn):
        return _start_on(fn, args, kwargs, "coroutine", scope)
    kind, runner = rule_of(fn)
    if runner == "process" or (processes and kind in (Kind.PURE, Kind.CPU)):
        def in_process() -> cf.Future[Any]:
            fut = launch_process(fn, args, kwargs, Handle(-1, 1, lambda: ()), note)
            return fut if fut is not None else _done(fn, args, kwargs)

        return scope.adopt(in_process)
    if kind in (Kind.PURE, Kind.CPU):
        return scope.call(fn, *args, **kwargs)
    return _start_on(fn, args, kwargs, runner or "thread", scope)


@_telemetry.traced_launch  # a span per started call when OpenTelemetry is enabled
def _start_on(callee: Any, args: tuple, kwargs: dict, runner: str,
              scope: _core.Scope) -> cf.Future[Any]:
    if runner == "coroutine":
        return scope.spawn(callee, *args, **kwargs)
    coroutine = async_form(callee, args, kwargs, runner)
    if coroutine is not None:
        return scope.spawn(coroutine)
    if runner == "pool":
        callee = holding_slots(callee, args, kwargs)
    return scope.submit(callee, *args, **kwargs)


class _Batch:
    """What `run_calls` and `arun_calls` share: the scope, the starts, the results."""

    def __init__(self, calls: Sequence[Call], *, errors: str, limit: int | None,
                 processes: bool, label: str, progress: bool | None, notes: bool) -> None:
        self.calls = calls
        self.name_items = notes
        self.errors = errors
        self.processes = processes
        self.label = label
        self.notes: list[str] = []
        self.futures: list[cf.Future[Any]] = []
        self.bar = _core.Progress(len(calls), label, enabled=progress)
        self.scope = _core.Scope(errors="raise" if errors == "raise" else "group", limit=limit,
                                 reason=label)

    def start_all(self) -> None:
        bar = self.bar
        for fn, args, kwargs in self.calls:
            fut = start(self.scope, fn, args, kwargs, processes=self.processes,
                        note=self.notes.append)
            if bar.enabled:
                fut.add_done_callback(bar.count)
            self.futures.append(fut)

    def failed(self, exc: BaseException) -> list[Any]:
        """The scope raised `exc`: name the item in it, or return the collected results."""
        if self.errors == "collect" and isinstance(exc, BaseExceptionGroup):
            return self.results()
        if not self.name_items:
            raise exc
        n = len(self.calls)
        for e in exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,):
            index = next((i for i, f in enumerate(self.futures) if f.done()
                          and not f.cancelled() and f.exception() is e), None)
            if index is not None:
                e.add_note(f"{self.label}: item {index} of {n}")
        raise exc

    def results(self) -> list[Any]:
        for text in dict.fromkeys(self.notes):  # once per distinct note, not once per item
            warnings.warn(text, stacklevel=4)
        if self.errors == "collect":
            return [f.result() if f.exception() is None else f.exception()
                    for f in self.futures]
        return [f.result() for f in self.futures]


def run_calls(calls: Sequence[Call], *, errors: str = "raise", limit: int | None = None,
              processes: bool = False, label: str = "parallel()",
              progress: bool | None = False, notes: bool = True) -> list[Any]:
    """Run `calls` (``(fn, args, kwargs)`` triples) in one scope; their results in order.

    The sync entry point of the batch front-ends (`parallel`, `parallel_map`, `vmap`,
    `pmap`); `arun_calls` is its async twin. With `notes`, a failure gets a note naming
    its item (``"vmap(f): item 3 of 10"``).
    """
    batch = _Batch(calls, errors=errors, limit=limit, processes=processes, label=label,
                   progress=progress, notes=notes)
    with batch.bar:
        try:
            with batch.scope:
                batch.start_all()
        except BaseException as exc:  # noqa: BLE001 - named, collected or raised as it is
            return batch.failed(exc)
    return batch.results()


async def arun_calls(calls: Sequence[Call], *, errors: str = "raise",
                     limit: int | None = None, processes: bool = False,
                     label: str = "parallel()", progress: bool | None = False,
                     notes: bool = True) -> list[Any]:
    """`run_calls` for async code: the same starts and policy; tasks run on this loop."""
    batch = _Batch(calls, errors=errors, limit=limit, processes=processes, label=label,
                   progress=progress, notes=notes)
    with batch.bar:
        try:
            async with batch.scope:
                batch.start_all()
        except BaseException as exc:  # noqa: BLE001 - named, collected or raised as it is
            return batch.failed(exc)
    return batch.results()


def _check_calls(who: str, calls: tuple, errors: str) -> list[Call]:
    if errors not in ("raise", "group"):
        raise XCSError(f"{who}: errors must be 'raise' or 'group', got {errors!r}")
    for i, c in enumerate(calls):
        if not callable(c):
            raise XCSError(f"{who}: argument {i} is {type(c).__name__}, not a callable; "
                           "pass functions, e.g. parallel(lambda: fetch(a), lambda: fetch(b))")
    return [(c, (), {}) for c in calls]


def _values(who: str, values: list[Any] | tuple[Any, ...]) -> list[Any]:
    """The list form's values; a function, a method or a coroutine in it is a call the user
    meant to run (other callables, a model binding say, may well be values)."""
    for i, v in enumerate(values):
        if inspect.iscoroutine(v):
            v.close()  # (never awaited: closed, so Python does not warn of it later)
            raise XCSError(
                f"{who}: item {i} of the list is a coroutine, not a value: it was never "
                f"awaited. Fix: pass the coroutine functions as arguments, "
                f"{who[:-2]}(f, g), or await each call in the list.")
        if isinstance(v, types.FunctionType | types.MethodType):
            name = getattr(v, "__name__", type(v).__name__)
            raise XCSError(
                f"{who}: item {i} of the list is a callable ({name}), not a value. One list "
                f"means values already computed: {who[:-2]}([f(x), g(x)]) gathers what the "
                f"calls returned, and a function in it would come back uncalled. Fix: pass "
                f"the callables as arguments, {who[:-2]}(f, g) (or lambdas), to run them "
                f"concurrently, or call them inside the list.")
    return list(values)


def parallel(*calls: Callable[[], T] | list[T] | tuple[T, ...], errors: str = "raise") -> list[T]:
    """Run zero-argument callables concurrently and return their results in order.

    Also takes one list of calls written inline, ``parallel([a(x), b(x), c(x)])``: in plain
    code the calls have already run, one by one, and their values come back as a list; in a
    jitted function the calls of that list start together and overlap (`jit` knows this
    form of `parallel` only gathers values). A function in that list is an error (it would
    come back uncalled): pass functions as arguments instead, ``parallel(f, g)``.

    Args:
        *calls: callables taking no arguments (use `functools.partial` or a lambda), or
            one list (or tuple) of values.
        errors: ``"raise"`` (default): the first failure cancels the other calls and is
            raised as it is; ``"group"``: every call runs to its end and all failures are
            raised together.

    Returns:
        The results, in the order of `calls`.

    Raises:
        Exception: the first call's failure, as the call raised it (``errors="raise"``).
        ExceptionGroup: every failure, in call order, after all calls have ended
            (``errors="group"``).
        XCSError: an argument is not a callable, or the one list holds a callable
            (``parallel([f, g])``: a value was meant; write ``parallel(f, g)``).

    Examples:
        >>> import time
        >>> parallel(lambda: time.sleep(0.01) or 1, lambda: 2)
        [1, 2]
        >>> parallel([len("ab"), len("abc")])
        [2, 3]
    """
    if len(calls) == 1 and isinstance(calls[0], list | tuple):
        return _values("parallel()", calls[0])
    return run_calls(_check_calls("parallel()", calls, errors), errors=errors, notes=False)


async def aparallel(*calls: Callable[[], Any] | list[Any] | tuple[Any, ...],
                    errors: str = "raise") -> list[Any]:
    """The async twin of `parallel`: the same calls and failure policy, awaited.

    ``async def`` functions and models run as tasks on the running loop; blocking
    functions on Ember's worker threads.

    Examples:
        >>> import asyncio
        >>> async def two():
        ...     return 2
        >>> asyncio.run(aparallel(lambda: 1, two))
        [1, 2]
    """
    if len(calls) == 1 and isinstance(calls[0], list | tuple):
        return _values("aparallel()", calls[0])
    return await arun_calls(_check_calls("aparallel()", calls, errors), errors=errors,
                            label="aparallel()", notes=False)


def _gathers_values(args: tuple, kwargs: dict) -> Rule:
    if len(args) == 1 and not kwargs and isinstance(args[0], list | tuple):
        return Rule(Kind.PURE, "parallel([...]) gathers values already computed")
    return _RUNS_CALLS


# What the functions given do is not known from the call (analysing the scheduler's own
# code to find that out costs a quarter of a second and says no more): a barrier.
_RUNS_CALLS = Rule(Kind.UNKNOWN, "runs the functions it is given, whatever they do")
add_rule(parallel, _gathers_values)
add_rule(aparallel, _gathers_values)


def check_limit(who: str, max_items_in_flight: object) -> None:
    if max_items_in_flight is not None and (isinstance(max_items_in_flight, bool) or not isinstance(
            max_items_in_flight, int) or max_items_in_flight < 1):
        raise XCSError(f"{who}: max_items_in_flight must be a positive int or None, "
                       f"got {max_items_in_flight!r}")


def parallel_map(fn: Callable[[Any], T], items: Iterable[Any], *,
                 max_items_in_flight: int | None = None, errors: str = "raise") -> list[T]:
    """`[fn(x) for x in items]` with every item in flight at once (or `max_items_in_flight`).

    Args:
        fn: a one-argument callable.
        items: any iterable; it is consumed up front.
        max_items_in_flight: the most items (calls of `fn`) in flight at once; None: no cap
            beyond the resources' own.
        errors: as for `parallel`.

    Returns:
        The results, in the order of `items`.

    Raises:
        Exception, ExceptionGroup: as `parallel` raises them, by `errors`.

    Examples:
        >>> parallel_map(str.upper, ["a", "b"])
        ['A', 'B']
    """
    if not callable(fn):
        raise XCSError(f"parallel_map(): fn must be callable, got {type(fn).__name__}")
    check_limit("parallel_map()", max_items_in_flight)
    calls = _check_calls("parallel_map()", (), errors) or [(fn, (x,), {}) for x in items]
    return run_calls(calls, errors=errors, limit=max_items_in_flight, label="parallel_map()")


add_rule(parallel_map, _RUNS_CALLS)
