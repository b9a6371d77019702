"""Explicit parallelism on the same scheduler as `jit`: `parallel` and `parallel_map`.

Calls that wait (reads, writes, unknown callables) are started on the runner their kind
names (event-loop timers, the models' async path, the elastic thread pool); functions
marked `cpu_bound` go to a process pool; other pure and CPU work runs in the calling
thread, since threads cannot speed it up on a GIL build.
Failures are reported together, as an `ExceptionGroup`, after every call has ended.
"""

from __future__ import annotations

import concurrent.futures as cf
import warnings
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ember._errors import XCSError
from ember.xcs._effects import Kind, Rule, add_rule
from ember.xcs._runtime import Handle, launch, launch_process, rule_of

__all__ = ["parallel", "parallel_map"]

T = TypeVar("T")


class _Done(cf.Future):
    """A future already holding the outcome of a call run in place."""

    def __init__(self, fn: Callable[..., Any], args: tuple) -> None:
        super().__init__()
        try:
            self.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001 - collected into the group
            self.set_exception(exc)


def _start(fn: Callable[..., Any], args: tuple) -> cf.Future[Any]:
    kind, runner = rule_of(fn)
    handle = Handle(-1, 1, lambda: ())
    if runner == "process":
        fut = launch_process(fn, args, {}, handle, lambda text: warnings.warn(text, stacklevel=4))
        return fut if fut is not None else _Done(fn, args)
    if kind in (Kind.PURE, Kind.CPU):
        return _Done(fn, args)
    return launch(fn, args, {}, runner or "thread", handle)


def _gather(futures: list[cf.Future[Any]], what: str) -> list[Any]:
    errors: list[Exception] = []
    results: list[Any] = []
    for fut in futures:
        try:
            results.append(fut.result())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
    if errors:
        raise ExceptionGroup(f"{what}: {len(errors)} of {len(futures)} calls failed", errors)
    return results


def parallel(*calls: Callable[[], T] | list[T] | tuple[T, ...]) -> list[T]:
    """Run zero-argument callables concurrently and return their results in order.

    Also takes one list of calls written inline, ``parallel([a(x), b(x), c(x)])``: in plain
    code the calls have already run, one by one, and their values come back as a list; in a
    jitted function the calls of that list start together and overlap (`jit` knows this
    form of `parallel` only gathers values).

    Args:
        *calls: callables taking no arguments (use `functools.partial` or a lambda), or
            one list (or tuple) of values.

    Returns:
        The results, in the order of `calls`.

    Raises:
        ExceptionGroup: holding every failure, after all calls have ended.

    Examples:
        >>> import time
        >>> parallel(lambda: time.sleep(0.01) or 1, lambda: 2)
        [1, 2]
        >>> parallel([len("ab"), len("abc")])
        [2, 3]
    """
    if len(calls) == 1 and isinstance(calls[0], list | tuple):
        return list(calls[0])
    for i, c in enumerate(calls):
        if not callable(c):
            raise XCSError(f"parallel(): argument {i} is {type(c).__name__}, not a callable; "
                           "pass functions, e.g. parallel(lambda: fetch(a), lambda: fetch(b))")
    futures = [_start(c, ()) for c in calls]
    return _gather(futures, "parallel()")


def _gathers_values(args: tuple, kwargs: dict) -> Rule | None:
    if len(args) == 1 and not kwargs and isinstance(args[0], list | tuple):
        return Rule(Kind.PURE, "parallel([...]) gathers values already computed")
    return None


add_rule(parallel, _gathers_values)


def parallel_map(fn: Callable[[Any], T], items: Iterable[Any], *,
                 max_concurrency: int | None = None) -> list[T]:
    """`[fn(x) for x in items]` with every call in flight at once (or at most `max_concurrency`).

    Args:
        fn: a one-argument callable.
        items: any iterable; it is consumed up front.
        max_concurrency: cap on calls in flight; None for no cap beyond the resources' own.

    Returns:
        The results, in the order of `items`.

    Raises:
        ExceptionGroup: holding every failure, after all calls have ended.

    Examples:
        >>> parallel_map(str.upper, ["a", "b"])
        ['A', 'B']
    """
    if not callable(fn):
        raise XCSError(f"parallel_map(): fn must be callable, got {type(fn).__name__}")
    if max_concurrency is not None and (not isinstance(max_concurrency, int) or max_concurrency < 1):
        raise XCSError(f"parallel_map(): max_concurrency must be a positive int or None, "
                       f"got {max_concurrency!r}")
    items = list(items)
    if max_concurrency is None or max_concurrency >= len(items):
        return _gather([_start(fn, (x,)) for x in items], "parallel_map()")
    futures: list[cf.Future[Any]] = []
    running: set[cf.Future[Any]] = set()
    for x in items:
        if len(running) >= max_concurrency:
            _, running = cf.wait(running, return_when=cf.FIRST_COMPLETED)
        fut = _start(fn, (x,))
        futures.append(fut)
        running.add(fut)
    return _gather(futures, "parallel_map()")
