"""Stage 4: the scheduler that runs started calls, shared by everything in the process.

A rewritten function opens a `Frame` per call. `Frame.start` evaluates a call's callee and
arguments, classifies the callee as it really is, and, for a read, starts it:

- ``time.sleep`` as a timer on Ember's event loop (no thread held while waiting);
- objects with an ``acall`` coroutine (Ember's models and operators) on that loop;
- everything else on the core's elastic thread pool (`ember._core.workers`), which grows
  while all its threads are busy, so a wait inside a worker never starves another task.

Anything else is not started: it runs at its original place, exactly as written. A call
the registry has no rule for is timed there, and a long wait becomes a hint in `explain()`
(declare its effect to let it overlap): timing never changes a plan on its own.
`Frame.close` is structured-concurrency cleanup: on any exit, calls that were started but
never used are cancelled or, for threads that cannot be cancelled, waited for.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures as cf
import contextlib
import functools
import inspect
import multiprocessing
import pickle
import sys
import threading
import time
import types
from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ember import _core, _telemetry
from ember.xcs._analysis import fact_for_object
from ember.xcs._effects import Kind, classify, conflicts, on_rules_changed, properties_are_plain
from ember.xcs._iterables import file_lines, fresh_rows, made_fresh
from ember.xcs._nested import jittable, start_jitted
from ember.xcs._resolve import guards_hold, unique_guards
from ember.xcs._twin import twin_entry, twin_of

__all__ = [
    "Frame", "Handle", "RunRecord", "async_form", "frame_factory", "launch", "launch_process",
    "rule_of",
]

_IMMUTABLE = frozenset({str, int, float, bool, bytes, complex, type(None), range, frozenset,
                        type, type(len), type(lambda: 0)})

#: An in-place call with no rule that waits this long is worth a hint in `explain()`.
HINT_WAIT_S = 0.02

# Handle states: to run at its own place, started, run in place already (by `force`).
_LAZY, _RUNNING, _DONE = 0, 1, 2


def immutable(value: Any) -> bool:
    t = type(value)
    if t in _IMMUTABLE or isinstance(value, str):
        return True
    if t is tuple:
        return all(immutable(v) for v in value)
    return False




class Handle:
    """A call started early (or kept for later): the hidden value behind a site."""

    __slots__ = ("site", "state", "thunk", "future", "t_start", "t_end", "used", "value",
                 "cached")

    def __init__(self, site: int, state: int, thunk: Callable[[], tuple], future: Any = None):
        self.site = site
        self.state = state
        self.thunk = thunk
        self.future = future
        self.t_start = 0.0
        self.t_end = 0.0
        self.used = False
        self.value: Any = None
        self.cached: bool | None = None  # served by the response cache (None: not known yet)

    def spend(self) -> Callable[[], tuple]:
        """The thunk, for the call's one run at its own place, let go of: an evaluated
        call's arguments must not outlive it (``del obj`` runs its finaliser where the
        plain code does only if nothing else holds obj)."""
        thunk, self.thunk = self.thunk, _spent
        return thunk


@dataclass
class RunRecord:
    """Timings of one call of a jitted function (seconds on the perf_counter clock)."""

    t0: float
    t1: float = 0.0
    spans: list[tuple[int, float, float, str]] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return self.t1 - self.t0


# How calls of a plain function with no rule of its own run, when its own summary decides
# (whatever the arguments: not unknown, which asks the arguments): kept per function while
# the names the summary resolved hold the same objects (the summary's own test, and the
# twin's when it runs as its async twin, which is kept here too). A 1,000-way
# comprehension of a helper then classifies it once, not once per call.
_decided: dict[types.FunctionType, tuple[types.CodeType, tuple, Kind, str, Any]] = {}


def rule_of(callee: Any, strict: tuple[str, ...] | bool = (), args: tuple = (),
            kwargs: dict | None = None) -> tuple[Kind, str]:
    """How to run calling `callee` with these arguments. `strict`: the resources written
    by what the call moved across (True: any); only reads no such write can change count
    as reads (`conflicts`)."""
    if any(isinstance(a, threading.local) for a in args) or kwargs and any(
            isinstance(a, threading.local) for a in kwargs.values()):
        return Kind.UNKNOWN, ""  # it reads what its caller's thread set: in place
    plain = not strict and type(callee) is types.FunctionType
    if plain:
        hit = _decided.get(callee)
        if hit is not None and hit[0] is callee.__code__ and guards_hold(hit[1], {}):
            return hit[2], hit[3]
    fact = fact_for_object(callee, args, kwargs)
    if fact.kind is not Kind.READ:
        kind, runner = fact.kind, fact.runner if fact.runner == "process" else ""
    elif strict and conflicts(fact.resource, ("any",) if strict is True else strict,
                              running=True):
        return Kind.UNKNOWN, ""
    elif fact.obj is not None:
        kind, runner = Kind.READ, fact.runner
    else:
        twin, twin_guards = twin_entry(callee)
        if twin is not None and not guards_hold(twin_guards, {}):
            twin = None
        # A twin (a task, no thread) serves a wide fan-out best; else a helper whose own
        # reads may overlap runs jitted.
        kind, runner = Kind.READ, ("twin" if twin is not None else
                                   "jit" if fact.fans_out and jittable(callee) else "thread")
    if (plain and fact.obj is None and fact.complete and kind is not Kind.UNKNOWN
            and classify(callee) is None):
        if len(_decided) > 4096:
            _decided.clear()
        if runner == "twin":
            guards = tuple(unique_guards([*fact.guards, *twin_guards]))  # (mostly the same)
            _decided[callee] = (callee.__code__, guards, kind, runner, twin)
        else:
            _decided[callee] = (callee.__code__, fact.guards, kind, runner, None)
    return kind, runner


on_rules_changed(_decided.clear)  # a new rule may change what a helper's body does


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


def launch_process(callee: Any, args: tuple, kwargs: dict, handle: Handle,
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


async def _timed(call: Callable[[], Any], handle: Handle) -> Any:
    """Await ``call()``, timed. The call is made here, in the task, not before: a task
    cancelled before it runs then leaves no coroutine behind that was never awaited."""
    handle.t_start = time.perf_counter()
    try:
        value = await call()
    finally:
        handle.t_end = time.perf_counter()
    handle.cached = _served(value)  # here, so that the run's record need not ask the future
    return value


def _arm_sleep(fut: cf.Future[None], seconds: float, handle: Handle) -> None:
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
        if isinstance(callee, functools.partial) and hasattr(callee.func, "acall"):
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
        twin, _ = twin_entry(callee)
        hit = _decided.get(callee)
        if twin is None or hit is None or hit[4] is not twin:  # not the one checked there
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
    return _core.workers.submit(callee, args, kwargs, handle)


def _evaluate(thunk: Callable[[], tuple],
              guards: Callable[[], tuple] | None) -> tuple[Any, tuple, dict] | None:
    """The call's callee and arguments if it may start early; None to run it in place."""
    if guards is not None and not _may_start(guards):
        return None
    try:
        return thunk()
    except Exception:  # noqa: BLE001 - raised again at the call's own place
        return None


def _spent() -> tuple:
    raise AssertionError("a deferred call ran twice at its own place")


def _evaluated(call: tuple[Any, tuple, dict]) -> Callable[[], tuple]:
    """The thunk of a call whose arguments were evaluated where it was to start, for its
    own place: evaluating them again would run what they run twice (a generator drained by
    ``"".join(stream)``, a ``next(it)``)."""
    return lambda: call


class Frame:
    """The calls started by one run of a jitted function."""

    __slots__ = ("state", "handles", "record", "passed", "held", "fresh_source")

    def __init__(self, state: Any) -> None:
        self.state = state
        self.handles: list[Handle] = []
        self.record = RunRecord(time.perf_counter())
        # Deferred calls whose own place the program has passed, in program order: the plain
        # code would already have raised their error, so it must come out as soon as it exists.
        self.passed: list[Handle] = []
        # A call of this batch of starts must run in place (it is not a read, or its inputs
        # may change): the calls after it in program order wait for their own place too, so
        # that no read moves across it. The next value taken ends the batch.
        self.held = False
        self.fresh_source: Any = None  # a loop's iterable nothing else sees (`source`)

    def _lazy(self, site: int, thunk: Callable[[], tuple]) -> Handle:
        self.held = True
        return Handle(site, _LAZY, thunk)

    # -- sync ------------------------------------------------------------------------------

    def start(self, site: int, thunk: Callable[[], tuple],
              guards: Callable[[], tuple] | None = None, strict: tuple[str, ...] = ()) -> Handle:
        if self.passed:
            self._wait_watching(None)  # a passed call failed: the plain code stopped there
        call = None if self.held else _evaluate(thunk, guards)
        if call is None:
            return self._lazy(site, thunk)
        callee, args, kwargs = call
        kind, runner = rule_of(callee, strict, args, kwargs)
        if runner == "process":
            handle = Handle(site, _RUNNING, thunk)
            fut = launch_process(callee, args, kwargs, handle, self.state.note)
            if fut is None:
                return self._lazy(site, _evaluated(call))
        elif kind is not Kind.READ or runner == "call":
            return self._lazy(site, _evaluated(call))
        elif runner == "place":  # a read that must run at its own place: later reads may start
            return Handle(site, _LAZY, _evaluated(call))
        else:
            handle = Handle(site, _RUNNING, thunk)
            fut = launch(callee, args, kwargs, runner, handle)
        handle.future = fut
        self.handles.append(handle)
        return handle

    def result(self, handle: Handle) -> Any:
        self.held = False
        if handle.state == _RUNNING:
            fut = handle.future
            if self.passed:
                self._wait_watching(handle)  # raising, leaves the call unused for `close`
            try:
                value = fut.result()
            except BaseException:
                # A wait cut short (Ctrl-C) leaves the call unused, for `close` to cancel.
                handle.used = fut.done()
                raise
            handle.used = True
            handle.value = value  # for the explanation (`_kind`)
            return value
        handle.used = True
        if handle.state == _DONE:
            return handle.value
        if self.passed:
            self._wait_watching(None)
        return self._in_place(handle.spend())

    def force(self, handle: Handle) -> None:
        """At a deferred call's own place: a call that could not start runs here and now;
        a running one is watched from now on, so that its failure is not raised late."""
        self.held = False
        if handle.state == _RUNNING:
            self.passed.append(handle)
        elif handle.state == _LAZY:
            if self.passed:
                self._wait_watching(None)
            handle.value = self._in_place(handle.spend())
            handle.state = _DONE

    def _watched(self, handle: Handle | None) -> list[Handle]:
        """The passed calls not yet used that the plain code made before `handle`."""
        passed = self.passed = [h for h in self.passed if not h.used]
        if handle in passed:
            return passed[: passed.index(handle)]
        return passed

    def _wait_watching(self, handle: Handle | None) -> None:
        """Wait for `handle` (None: for nothing), raising at once the error of a passed call
        that fails meanwhile, as the plain code would have."""
        watched = self._watched(handle)
        while True:
            if any(_failed(h.future) for h in watched):
                # The plain code raised the first failure in program order; an earlier
                # call still running might fail too, so it is waited for.
                for h in watched:
                    h.used = True
                    h.future.result()
            if handle is None or handle.future.done():
                return
            cf.wait([handle.future, *(h.future for h in watched if not h.future.done())],
                    return_when=cf.FIRST_COMPLETED)

    def settle(self, handle: Handle) -> None:
        """Statements after a deferred call raised: if the call failed, its error wins."""
        if handle.state == _RUNNING:
            handle.used = True
            exc = handle.future.exception()
            if exc is not None:
                raise exc

    def take(self, handles: list[Handle] | None, k: int, thunk: Callable[[], tuple]) -> Any:
        if handles is None:
            self.held = False
            return self._in_place(thunk)
        return self.result(handles[k])

    def source(self, callee: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A loop's iterable written as a call, made here: `snapshot` may read ahead an
        iterable that the call made for the loop alone (see `_iterables`)."""
        out = callee(*args, **kwargs)
        self.fresh_source = out if made_fresh(callee, args, kwargs) else None
        return out

    def snapshot(self, iterable: Iterable[Any], owned_file: bool = False) -> list[Any] | None:
        """A list of the items when taking them all up front cannot change the program."""
        if type(iterable) in _SNAPSHOT_TYPES:
            return list(iterable)
        fresh, self.fresh_source = self.fresh_source, None
        if owned_file:
            return file_lines(iterable)
        return fresh_rows(iterable) if fresh is iterable else None

    def collect(self, produce: Callable[[], Iterable[Any]]) -> _Collected:
        """A comprehension's items with their starts, gathered up front until a start must
        run in place (`held`: not a read, or not pure): its element may change what is
        walked, so the items after it are taken as the elements need them, as written."""
        items: list[Any] = []
        try:
            gen = iter(produce())
            for item in gen:
                items.append(item)
                if self.held:
                    return _Collected(items, None, gen)
        except Exception as exc:  # noqa: BLE001 - raised at the same item by replay
            return _Collected(items, exc)
        return _Collected(items, None)

    def keeps(self, items: list[Any] | None, source: Any) -> bool:
        """After a loop's starts: may it walk the items it took? Not when a start had to run
        in place (`held`: it may change what is walked) and `source` can be walked again
        from its start as written."""
        return items is None or not self.held or type(source) not in _SNAPSHOT_TYPES

    def _in_place(self, thunk: Callable[[], tuple]) -> Any:
        """Run a call at its own place. One with no effect rule is timed: a long wait with
        the CPU idle becomes a hint in `explain()` (never a change of plan)."""
        callee, args, kwargs = thunk()
        if fact_for_object(callee, args, kwargs).kind is not Kind.UNKNOWN:
            return callee(*args, **kwargs)
        w0, c0 = time.perf_counter(), time.thread_time()
        try:
            return callee(*args, **kwargs)
        finally:
            wall = time.perf_counter() - w0
            if wall >= HINT_WAIT_S and time.thread_time() - c0 <= 0.25 * wall:
                name = getattr(callee, "__qualname__", None) or type(callee).__name__
                self.state.note(
                    f"{name}() waited {wall * 1e3:.0f} ms in place: it has no effect rule, "
                    "so nothing moves across it. If it only reads, declare it "
                    "(xcs.register(..., 'read') or @xcs.effect('read')) to let it overlap")

    def close(self) -> None:
        for h in self.handles:
            if h.used or h.state != _RUNNING:
                continue
            if not h.future.cancel():
                # A thread cannot be cancelled: wait, ignoring a speculative call's failure.
                with contextlib.suppress(BaseException):
                    h.future.result()
        self._finish()

    # -- async -----------------------------------------------------------------------------

    def astart(self, site: int, thunk: Callable[[], tuple],
               guards: Callable[[], tuple] | None = None, strict: tuple[str, ...] = ()) -> Handle:
        call = None if self.held else _evaluate(thunk, guards)
        if call is None:
            return self._lazy(site, thunk)
        callee, args, kwargs = call
        kind, runner = rule_of(callee, strict, args, kwargs)
        if kind is not Kind.READ or runner == "place":
            return self._lazy(site, _evaluated(call))
        handle = Handle(site, _RUNNING, thunk)
        handle.future = asyncio.ensure_future(
            _timed(functools.partial(callee, *args, **kwargs), handle))
        self.handles.append(handle)
        return handle

    async def aresult(self, handle: Handle) -> Any:
        self.held = False
        if handle.state == _RUNNING:
            fut = handle.future
            if self.passed:
                await self._await_watching(handle)  # raising, leaves it for `aclose`
            try:
                return await fut
            finally:
                handle.used = fut.done()
        handle.used = True
        if handle.state == _DONE:
            return handle.value
        if self.passed:
            await self._await_watching(None)
        return await _await_in_place(handle.spend())

    async def atake(self, handles: list[Handle] | None, k: int,
                    thunk: Callable[[], tuple]) -> Any:
        if handles is None:
            self.held = False
            return await _await_in_place(thunk)
        return await self.aresult(handles[k])

    async def aforce(self, handle: Handle) -> None:
        """`force` in a coroutine: a call that could not start is awaited at its own place."""
        if handle.state == _RUNNING:
            self.passed.append(handle)
        elif handle.state == _LAZY:
            handle.value = await self.aresult(handle)
            handle.state = _DONE

    async def _await_watching(self, handle: Handle | None) -> None:
        """`_wait_watching` in a coroutine: an await in a deferral region waits here."""
        watched = self._watched(handle)
        while True:
            if any(_failed(h.future) for h in watched):
                for h in watched:
                    h.used = True
                    await h.future
            if handle is None or handle.future.done():
                return
            await asyncio.wait([handle.future, *(h.future for h in watched if not h.future.done())],
                               return_when=asyncio.FIRST_COMPLETED)

    async def asettle(self, handle: Handle) -> None:
        """`settle` in a coroutine: the call is awaited without raising, then judged."""
        if handle.state == _RUNNING:
            handle.used = True
            await asyncio.wait([handle.future])
            exc = handle.future.exception()
            if exc is not None:
                raise exc

    async def aclose(self) -> None:
        pending = [h.future for h in self.handles if not h.used and h.state == _RUNNING]
        for fut in pending:
            fut.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        self._finish()

    def _finish(self) -> None:
        rec = self.record
        rec.t1 = time.perf_counter()
        spans = rec.spans
        for h in self.handles:
            if h.state != _RUNNING:
                continue
            t0, t1 = h.t_start, h.t_end
            if not t0:  # a task on the loop: its future knows when it ran
                t0, t1 = getattr(h.future, "t_start", 0.0), getattr(h.future, "t_end", 0.0)
            if t0:
                spans.append((h.site, t0, t1 or rec.t1, _kind(h)))
        self.state.record(rec)


def _kind(handle: Handle) -> str:
    """A started call's kind for the explanation: "cached" when the response cache served
    its answer (`usage.cached`), else "io"."""
    cached = handle.cached
    if cached is None and handle.value is not None:  # the value the run took
        cached = _served(handle.value)
    elif cached is None:  # not seen by `_timed` nor taken by the run: ask its future
        fut = handle.future
        cached = (fut is not None and fut.done() and not fut.cancelled()
                  and fut.exception() is None and _served(fut.result()))
    return "cached" if cached else "io"


_NO_ATTRIBUTES = frozenset({str, int, float, bool, bytes, type(None), tuple, list, dict})


def _served(value: Any) -> bool:
    if type(value) in _NO_ATTRIBUTES:  # (asking costs an AttributeError inside getattr)
        return False
    return getattr(getattr(value, "usage", None), "cached", False) is True


def _failed(fut: Any) -> bool:
    return fut.done() and not fut.cancelled() and fut.exception() is not None


class _Collected(list):
    """Items gathered up front, and the exception (if any) that stopped the gathering."""

    def __init__(self, items: list[Any], error: BaseException | None,
                 rest: Iterator[Any] | None = None) -> None:
        super().__init__(items)
        self.error = error
        self.rest = rest  # the items not gathered, taken one at a time

    def __iter__(self):  # replay: the items, then the error exactly where it happened
        yield from list.__iter__(self)
        if self.rest is not None:
            yield from self.rest
        if self.error is not None:
            raise self.error


_SNAPSHOT_TYPES = frozenset({list, tuple, range, str, bytes, dict, set, frozenset,
                             type({}.keys()), type({}.values()), type({}.items())})


def _plain_attribute(obj: Any, name: str) -> bool:
    """Reading `obj.name` runs no user code (no property, descriptor or __getattr__)."""
    cls = type(obj)
    if cls in _IMMUTABLE or cls in _PLAIN_CONTAINERS or isinstance(obj, types.ModuleType):
        return True
    getter = inspect.getattr_static(cls, "__getattribute__", None)
    if not isinstance(getter, types.WrapperDescriptorType):
        return False  # attribute reads run Python code
    if hasattr(cls, "__getattr__"):  # run only when the usual lookup fails
        try:
            found = name in vars(obj)
        except TypeError:
            return False
        data = inspect.getattr_static(cls, name, None)
        return found and (data is None or not hasattr(type(data), "__get__"))
    if properties_are_plain(cls):
        return True  # e.g. an SDK client's `chat`: builds resource objects, nothing else
    try:
        if name in vars(obj):
            data = inspect.getattr_static(cls, name, None)
            return data is None or not hasattr(type(data), "__set__")
    except TypeError:  # no __dict__ (slots, builtins)
        pass
    attr = inspect.getattr_static(cls, name, _NOTHING)
    if attr is _NOTHING:
        return False
    if isinstance(attr, types.FunctionType | staticmethod | classmethod
                  | types.BuiltinFunctionType | types.MethodDescriptorType
                  | types.WrapperDescriptorType | types.MemberDescriptorType):
        return True
    return not hasattr(type(attr), "__get__")


_NOTHING = object()
_PLAIN_CONTAINERS = frozenset({list, dict, set, tuple})


def _may_start(guards: Callable[[], tuple]) -> bool:
    """Are the hazards' values immutable and the attributes read plain (`_rewrite._guards`)?"""
    try:
        chains, hazards = guards()
    except Exception:  # noqa: BLE001 - an unbound name: the call's own place will raise
        return False
    if not all(immutable(h) for h in hazards):
        return False
    for obj, names, called in chains:
        for name in names:
            if not _plain_attribute(obj, name):
                return False
            obj = getattr(obj, name)
        if called and fact_for_object(obj).kind is not Kind.PURE:
            return False
    return True


async def _await_in_place(thunk: Callable[[], tuple]) -> Any:
    callee, args, kwargs = thunk()
    return await callee(*args, **kwargs)


def frame_factory(state: Any) -> Callable[[], Frame]:
    return lambda: Frame(state)
