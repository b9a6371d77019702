"""How a started call runs: its callee classified as it really is, with its own arguments
(`rule_of`), then run on the runner its rule names (`launch`): ``time.sleep`` as a timer on
Ember's event loop, an ``acall`` coroutine or a helper's async twin on that loop, a helper
whose own reads overlap jitted, a helper that prints as its printing twin (`_printed`), a
CPU-bound call in a process, anything else on the core's elastic thread pool."""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures as cf
import contextvars
import functools
import inspect
import multiprocessing
import pickle
import sys
import threading
import time
import types
import weakref
from collections.abc import Callable, Coroutine
from typing import Any

from ember import _core, _telemetry
from ember.xcs._analysis import fact_for_object
from ember.xcs._effects import (
    Kind,
    Rule,
    add_rule,
    classify,
    conflicts,
    declared,
    on_rules_changed,
)
from ember.xcs._formatting import quiet
from ember.xcs._guards import guards_hold, unique_guards
from ember.xcs._nested import jittable, start_jitted
from ember.xcs._pools import in_pool, in_pool_async, pool_of
from ember.xcs._printed import held, held_output, printing_twin
from ember.xcs._twin import twin_entry, twin_of

__all__ = ["IN_PLACE", "achained", "async_form", "holding_slots", "launch", "launch_process",
           "made", "rule_of", "then_launch"]

IN_PLACE = object()  # a chained call's value when it is to run at its own place


# How calls of a plain function with no rule of its own run, when its own summary decides
# (whatever the arguments: not unknown, which asks the arguments): kept per function while
# the names the summary resolved hold the same objects (the summary's own test, and the
# twin's when it runs as its async twin, which is kept here too). A 1,000-way
# comprehension of a helper then classifies it once, not once per call. (Weakly: a
# closure the program drops takes its entry, and what its cells hold, with it.)
_decided: weakref.WeakKeyDictionary[types.FunctionType,
                                    tuple[types.CodeType, tuple, Kind, str, Any]] = (
    weakref.WeakKeyDictionary())


def rule_of(callee: Any, strict: tuple[str, ...] | bool = (), args: tuple = (),
            kwargs: dict | None = None) -> tuple[Kind, str]:
    """How to run calling `callee` with these arguments. `strict`: the resources written
    by what the call moved across (True: any); only reads no such write can change count
    as reads (`conflicts`)."""
    if not (all(map(quiet, args)) and (not kwargs or all(map(quiet, kwargs.values())))):
        return Kind.UNKNOWN, ""  # its formatting of them would print or write, or it reads
        # what its caller's thread set in a threading.local they hold: in place
    if any(isinstance(v, threading.local) for v in contextvars.copy_context().values()):
        return Kind.UNKNOWN, ""  # (a context variable holding one: likewise)
    if _core.hooks_in_order() and (declared(callee) is not None or classify(callee) is None):
        # A model call (Ember's, or one a helper may make) under a hook that sees calls in
        # program order (the user's, a budget, a response cache): in place, as written.
        return Kind.UNKNOWN, ""
    plain = not strict and type(callee) is types.FunctionType
    if plain:
        hit = _decided.get(callee)
        if hit is not None and hit[0] is callee.__code__ and guards_hold(hit[1], {}):
            return hit[2], hit[3]
    fact = fact_for_object(callee, args, kwargs)
    if fact.spacing:  # (a rate limit, a poll, a deadline: where plain code runs it)
        return Kind.UNKNOWN, ""
    if fact.kind is not Kind.READ:
        kind, runner = fact.kind, fact.runner if fact.runner == "process" else ""
    elif strict and conflicts(fact.resource, ("any",) if strict is True else strict,
                              running=True):
        return Kind.UNKNOWN, ""
    elif fact.prints and fact.runner != "place":  # (its prints held until its place)
        if printing_twin(callee) is None:
            return Kind.UNKNOWN, ""
        kind, runner = Kind.READ, "printed"
    elif fact.obj is not None or fact.runner == "place":  # (a helper reading through a pool)
        kind, runner = Kind.READ, fact.runner
    else:
        twin, twin_guards = twin_entry(callee)
        if twin is not None and not guards_hold(twin_guards, {}):
            twin = None
        # A twin (a task, no thread) serves a wide fan-out best; else a helper whose own
        # reads may overlap runs jitted.
        kind, runner = Kind.READ, ("twin" if twin is not None else
                                   "jit" if fact.fans_out and jittable(callee) else
                                   "pool" if fact.pools else "thread")
    if (plain and fact.obj is None and fact.complete and kind is not Kind.UNKNOWN
            and runner != "printed" and classify(callee) is None):  # (its twin's guards)
        if len(_decided) > 4096:
            _decided.clear()
        if runner == "twin":
            guards = tuple(unique_guards([*fact.guards, *twin_guards]))  # (mostly the same)
            _decided[callee] = (callee.__code__, guards, kind, runner, twin)
        else:
            _decided[callee] = (callee.__code__, fact.guards, kind, runner, None)
    return kind, runner


on_rules_changed(_decided.clear)  # a new rule may change what a helper's body does

# Ember's operators run their coroutines on its loop: what that does is the coroutine's,
# which the loop's own code (tasks, threads, futures) does not say. Unknown, without a walk
# through it on every first call.
add_rule(_core.run, Rule(Kind.UNKNOWN, "runs a coroutine on Ember's event loop"))


_processes: cf.ProcessPoolExecutor | None = None
_processes_lock = threading.Lock()


def _process_pool() -> cf.ProcessPoolExecutor:
    global _processes
    with _processes_lock:
        if _processes is None:
            # spawn, not fork: forking a process that runs threads can deadlock the child.
            _processes = cf.ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn"))
            atexit.register(_processes.shutdown, wait=True, cancel_futures=True)
        return _processes


def _gil_enabled() -> bool:
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def launch_process(callee: Any, args: tuple, kwargs: dict, handle: Any,
                   note: Callable[[str], None]) -> cf.Future[Any] | None:
    """CPU-bound work marked by the user: threads on a free-threaded build, else processes."""
    if not _gil_enabled():
        return _core.workers.submit(callee, args, kwargs, handle)
    try:
        pickle.dumps((callee, args, kwargs))
    except Exception as exc:  # noqa: BLE001 - any pickling failure means: run it here
        note(f"{getattr(callee, '__qualname__', callee)!r} ran in place: its call "
                   f"cannot be sent to a process ({type(exc).__name__}: {exc})")
        return None
    handle.t_start = time.perf_counter()
    fut = _process_pool().submit(callee, *args, **kwargs)
    fut.add_done_callback(lambda f: setattr(handle, "t_end", time.perf_counter()))
    return fut


def _sleep_ok(args: tuple, kwargs: dict) -> bool:
    return not kwargs and len(args) == 1 and type(args[0]) in (int, float) and args[0] >= 0


async def _timed(call: Callable[[], Any], handle: Any) -> Any:
    """Await ``call()``, timed. The call is made here, in the task, not before: a task
    cancelled before it runs then leaves no coroutine behind that was never awaited."""
    handle.t_start = time.perf_counter()
    try:
        value = await call()
    except BaseException as exc:  # (awaited, it is chained to what the awaiting code handles)
        handle.raised = (exc, exc.__context__)
        raise
    finally:
        handle.t_end = time.perf_counter()
    handle.cached = _served(value)  # here, so that the run's record need not ask the future
    return value


def _arm_sleep(fut: cf.Future[None], seconds: float, handle: Any) -> None:
    loop = _core.get_loop()

    def done() -> None:
        handle.t_end = time.perf_counter()
        if not fut.done():
            fut.set_result(None)

    timer = loop.call_later(seconds, done)
    fut.add_done_callback(lambda f: loop.call_soon_threadsafe(timer.cancel)
                          if f.cancelled() else None)


def async_form(callee: Any, args: tuple, kwargs: dict,
               runner: str) -> Callable[[], Coroutine[Any, Any, Any]] | None:
    """The coroutine function making this call on the event loop, when its runner has one
    (an async twin, an ``acall``, a sleep); None for a call that blocks a thread."""
    if runner == "sleep" and _sleep_ok(args, kwargs):
        return functools.partial(asyncio.sleep, float(args[0]))
    if runner == "twin":
        twin = twin_of(callee)
        if twin is not None:
            return functools.partial(twin, *args, **kwargs)
    if runner == "async":
        if type(callee) is functools.partial and hasattr(callee.func, "acall"):
            args = (*callee.args, *args)
            kwargs = {**callee.keywords, **kwargs}
            callee = callee.func
        if hasattr(callee, "acall"):
            return functools.partial(callee.acall, *args, **kwargs)
    return None


@_telemetry.traced_launch  # a span per started call when OpenTelemetry is enabled
def launch(callee: Any, args: tuple, kwargs: dict, runner: str,
           handle: Any) -> cf.Future[Any]:
    """Start one call on the runner its rule names; `handle` receives its start/end times
    (or the future does: a task's, see `_core.spawn`)."""
    if runner == "sleep" and _sleep_ok(args, kwargs):
        fut: cf.Future[Any] = cf.Future()
        fut.set_running_or_notify_cancel()
        handle.t_start = time.perf_counter()
        _core.get_loop().call_soon_threadsafe(_arm_sleep, fut, float(args[0]), handle)
        return fut
    if runner == "twin":
        # The twin `rule_of` has just decided on (its guards checked there), made into a
        # coroutine here: an `async def` runs no code until its task steps it, and the task
        # times it (no wrapper coroutine per call). Arguments it cannot take raise in the task.
        hit = _decided.get(callee)
        twin = hit[4] if hit is not None and hit[0] is callee.__code__ else None
        # (bound to the function's defaults when it was decided: still its own?)
        if twin is None or twin.__defaults__ is not callee.__defaults__ or (
                twin.__kwdefaults__ is not callee.__kwdefaults__):
            twin = twin_of(callee)
        if twin is not None:
            try:
                return _core.spawn(twin(*args, **kwargs))
            except TypeError:
                pass
    if runner == "jit":
        fut = start_jitted(callee, args, kwargs, handle)
        if fut is not None:
            return fut
    call = async_form(callee, args, kwargs, runner)
    if call is not None:
        return _core.spawn(_timed(call, handle))
    if runner == "pool":
        callee = holding_slots(callee, args, kwargs)
    elif runner == "printed" and not inspect.iscoroutinefunction(callee):  # (shown at its
        # place: `Frame.result`; a coroutine function called here only makes a coroutine)
        handle.out = held_output()
        callee = in_pool(held(callee, handle.out), fact_for_object(callee, args, kwargs).pools)
    return _core.workers.submit(callee, args, kwargs, handle)


def holding_slots(callee: Any, args: tuple, kwargs: dict) -> Callable[..., Any]:
    """`callee` (on the runner "pool") holding a slot of the pools it waits in while it
    runs: its client's, or a helper's (`CallFact.pools`)."""
    if pool_of(getattr(callee, "__self__", None)) is not None:
        return in_pool(callee)
    return in_pool(callee, fact_for_object(callee, args, kwargs).pools)


_NO_ATTRIBUTES = frozenset({str, int, float, bool, bytes, type(None), tuple, list, dict})


def _served(value: Any) -> bool:
    if type(value) in _NO_ATTRIBUTES:  # (asking costs an AttributeError inside getattr)
        return False
    return getattr(getattr(value, "usage", None), "cached", False) is True


# --- a loop's chained call (`Frame.chain`, `Frame.achain`) ----------------------------------


def then_launch(handle: Any, make: Callable[[Any], tuple], strict: tuple[str, ...],
          context: contextvars.Context, first: cf.Future[Any]) -> None:
    """`Frame.chain`'s call, once the call it needs has ended (in the thread that ended it):
    launched with the arguments made from its value when it is a read, in the context the
    chain was made in (`ember.context` settings, the caller's context variables); else
    `IN_PLACE` (that call failed, the arguments did not compute, or it is not a read)."""
    outer = handle.future
    if not outer.set_running_or_notify_cancel():
        return  # (the run ended without it)
    try:
        value = first.result()  # (a failure: raised at its own place)
        if value is IN_PLACE:
            raise LookupError  # (the call it needs runs at its own place: so does this one)
        inner = context.run(_launch_made, handle, make, strict, value)
    except Exception:  # noqa: BLE001 - raised again, if it is, at the call's own place
        outer.set_result(IN_PLACE)
        return
    inner.add_done_callback(functools.partial(_pass_on, outer))


async def achained(handle: Any, first: asyncio.Future[Any], make: Callable[[Any], tuple],
                    strict: tuple[str, ...]) -> Any:
    """`Frame.achain`'s task: `IN_PLACE` when the call it needs failed or did not start,
    the arguments did not compute, or the call is not a read. (It waits on `first`
    without awaiting it: cancelled, as a run's end cancels it, it leaves `first` be.)"""
    await asyncio.wait([first])
    if first.cancelled() or first.exception() is not None or first.result() is IN_PLACE:
        return IN_PLACE
    try:
        callee, args, kwargs = make(first.result())
        kind, runner = rule_of(callee, strict, args, kwargs)
    except Exception:  # noqa: BLE001 - raised again, if it is, at the call's own place
        return IN_PLACE
    if kind is not Kind.READ or runner in ("place", "printed"):
        return IN_PLACE
    return await _timed(functools.partial(in_pool_async(callee), *args, **kwargs), handle)


def _launch_made(handle: Any, make: Callable[[Any], tuple], strict: tuple[str, ...],
                 value: Any) -> Any:
    callee, args, kwargs = make(value)
    kind, runner = rule_of(callee, strict, args, kwargs)
    if kind is not Kind.READ or runner in ("call", "place", "process", "printed"):
        raise LookupError
    return launch(callee, args, kwargs, runner, handle)


def _pass_on(outer: cf.Future[Any], inner: cf.Future[Any]) -> None:
    for attr in ("t_start", "t_end"):  # (a task's times are on its future)
        if hasattr(inner, attr):
            setattr(outer, attr, getattr(inner, attr))
    if not inner.cancelled() and inner.exception() is not None:
        outer.set_exception(inner.exception())  # type: ignore[arg-type]
    else:
        outer.set_result(IN_PLACE if inner.cancelled() else inner.result())


# --- a call made at its own place ---------------------------------------------------------


def made(thunk: Callable[[], tuple], func: Any) -> tuple:
    """A call's callee and arguments, made at its place. The thunk reads `func`'s locals as
    free variables: one not bound raises `NameError`, where the plain code raises
    `UnboundLocalError` (a free variable of `func` itself raises `NameError` in both). An
    error the arguments raise leaves the thunk's frame out of its traceback: the plain
    code raised it in the function's own frame (see `_raised`)."""
    try:
        return thunk()
    except BaseException as exc:
        tb = exc.__traceback__
        exc.__traceback__ = tb.tb_next.tb_next if tb and tb.tb_next else tb  # (this, thunk)
        if type(exc) is not NameError or not str(exc).startswith(
                "cannot access free variable") or exc.name in func.__code__.co_freevars:
            raise
        unbound = UnboundLocalError(f"cannot access local variable '{exc.name}' where it is "
                                    "not associated with a value")
    raise unbound  # (outside the handler: no context, as in the plain code)
