"""Stage 4: the scheduler that runs started calls, shared by everything in the process.

A rewritten function opens a `Frame` per call. `Frame.start` evaluates a call's callee and
arguments, classifies the callee as it really is, and, for a read, starts it on the runner
its rule names (`_launch`): a timer or a task on Ember's event loop, or the core's elastic
thread pool (`ember._core.workers`).

Anything else is not started: it runs at its original place, exactly as written. A call
the registry has no rule for is timed there, and a long wait becomes a hint in `explain()`
(declare its effect to let it overlap): timing never changes a plan on its own.
`Frame.close` is structured-concurrency cleanup: on any exit, calls that were started but
never used are cancelled or, for threads that cannot be cancelled, waited for.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures as cf
import contextlib
import contextvars
import functools
import inspect
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ember import _core
from ember.xcs._analysis import fact_for_object
from ember.xcs._effects import Kind
from ember.xcs._explain import RunRecord
from ember.xcs._handles import (
    DONE,
    LAZY,
    RUNNING,
    TAKEN,
    Handle,
    failed,
    lacked_descriptors,
    spent,
    value_of,
)
from ember.xcs._iterables import (
    SNAPSHOT_TYPES,
    WRAPPERS,
    Collected,
    gathered,
    lines_ahead,
    made_fresh,
    rows_ahead,
    wraps_values,
)
from ember.xcs._launch import (
    IN_PLACE,
    _served,
    _timed,
    achained,
    launch,
    launch_process,
    made,
    rule_of,
    then_launch,
)
from ember.xcs._plain import display_name, immutable, plain_attribute, plain_data
from ember.xcs._pools import in_pool_async
from ember.xcs._printed import held, held_output, show
from ember.xcs._raised import Placed, aoutcome, outcome, reraise
from ember.xcs._summary import pure_getter

__all__ = ["Frame", "Handle", "frame_factory"]

#: An in-place call with no rule that waits this long is worth a hint in `explain()`.
HINT_WAIT_S = 0.02

def _evaluate(thunk: Callable[[], tuple],
              guards: Callable[[], tuple] | None) -> tuple[Any, tuple, dict] | None:
    """The call's callee and arguments if it may start early; None to run it in place."""
    if guards is not None and not _may_start(guards):
        return None
    try:
        return thunk()
    except Exception:  # noqa: BLE001 - raised again at the call's own place
        return None


def _evaluated(call: tuple[Any, tuple, dict]) -> Callable[[], tuple]:
    """The thunk of a call whose arguments were evaluated where it was to start, for its
    own place: evaluating them again would run what they run twice (a generator drained by
    ``"".join(stream)``, a ``next(it)``)."""
    return lambda: call


class Frame:
    """The calls started by one run of a jitted function."""

    __slots__ = ("state", "handles", "record", "passed", "holding", "fresh_source", "ahead",
                 "waiting", "tasks", "quiet", "alone", "placed")

    def __init__(self, state: Any) -> None:
        self.state = state
        self.handles: list[Handle] = []
        self.record = RunRecord(time.perf_counter())
        # Deferred calls whose own place the program has passed, in program order: the plain
        # code would already have raised their error, so it must come out as soon as it exists.
        self.passed: list[Handle] = []
        # Calls that must run in place (not reads, or their inputs may change), started and
        # not yet run: the calls after them in program order wait for their own place too,
        # so that no read moves across one (`held`). Running one in place lets it go.
        self.holding: set[Handle] = set()
        self.fresh_source: Any = None  # a loop's iterable nothing else sees (`source`)
        # Started calls whose value the program has not taken yet, and the starts waiting for
        # one of them to be taken: what a call gives may hold a descriptor (a response's
        # keep-alive socket) until the program lets go of it, so the calls ahead of the
        # program stay within the pool's bound on calls in flight (`_core.Workers.limit`).
        self.ahead = 0
        self.waiting: collections.deque[tuple[Handle, Any, tuple, dict, str]] = (
            collections.deque())
        # In a coroutine: the ids of the tasks it started, and what `_others_ready` last
        # found nothing else in (the loop's queue's first entry and length then).
        self.tasks: set[int] = set()
        self.quiet: tuple[Any, int] = (None, 0)
        self.alone = False  # a call known only at run time started a thread: as written now
        self.placed: tuple | None = None  # a call in place with no rule, timed (`_placed`)

    @property
    def held(self) -> bool:
        return bool(self.holding) or self.alone

    def _lazy(self, site: int, thunk: Callable[[], tuple]) -> Handle:
        handle = Handle(site, LAZY, thunk)
        self.holding.add(handle)
        return handle

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
            handle = Handle(site, RUNNING, thunk)
            fut = launch_process(callee, args, kwargs, handle, self.state.note)
            if fut is None:
                return self._lazy(site, _evaluated(call))
        elif kind is not Kind.READ or runner == "call":
            return self._lazy(site, _evaluated(call))
        elif runner == "place":  # a read that must run at its own place: later reads may start
            return Handle(site, LAZY, _evaluated(call))
        else:  # (its call kept made: run again in place if it lacks a descriptor, `_result`)
            handle = Handle(site, RUNNING, _evaluated(call))
            self.handles.append(handle)
            # (the frame's first start reads the descriptors free now: the function may
            # have opened files since the last look)
            if self.ahead >= _core.workers.limit(fresh=len(self.handles) == 1):
                self.waiting.append((handle, callee, args, kwargs, runner))
            else:
                self._launch(handle, callee, args, kwargs, runner)
            return handle
        handle.future = fut
        self.handles.append(handle)
        return handle

    def _launch(self, handle: Handle, callee: Any, args: tuple, kwargs: dict,
                runner: str) -> None:
        handle.future = launch(callee, args, kwargs, runner, handle)
        self.ahead += 1

    def _now(self, handle: Handle) -> None:
        """A waiting start the program needs now (its value, its error): launched first."""
        if handle.future is None:
            for k, entry in enumerate(self.waiting):
                if entry[0] is handle:
                    del self.waiting[k]
                    self._launch(*entry)
                    return

    def _taken(self, handle: Handle, value: Any) -> Any:
        """The program has a started call's value: one more waiting start may go."""
        self.ahead -= 1
        while self.waiting and self.ahead < _core.workers.limit():
            self._launch(*self.waiting.popleft())
        return handle.let_go(value)

    def _result(self, handle: Handle) -> Any:
        self.holding.discard(handle)
        if handle.state == RUNNING:
            self._now(handle)
            assert handle.future is not TAKEN, "a started call's value is taken once"
            if self.passed:
                self._wait_watching(handle)  # raising, leaves the call unused for `close`
            thunk = handle.thunk
            try:
                value = value_of(handle)
            except BaseException as exc:
                # A wait cut short (Ctrl-C) leaves the call unused, for `close` to cancel.
                handle.used = handle.future is TAKEN
                if handle.used and thunk is not spent and lacked_descriptors(exc):
                    return self._placed(thunk)  # (one at a time, as plain, it would not)
                raise
            handle.used = True
            return self._taken(handle, value)
        handle.used = True
        if handle.state == DONE:
            return handle.take()
        if self.passed:
            self._wait_watching(None)
        return self._placed(handle.spend())

    result = outcome(_result)  # (rewritten code's entries: ``frame.result(h)()``)

    @outcome
    def force(self, handle: Handle) -> None:
        """At a deferred call's own place: a call that could not start runs here and now;
        a running one is watched from now on, so that its failure is not raised late."""
        self.holding.discard(handle)
        if handle.state == RUNNING and handle.out is not None:
            handle.value = self._result(handle)  # what it printed is shown here, at its place
            handle.state = DONE
        elif handle.state == RUNNING:
            self._now(handle)
            self.passed.append(handle)
        elif handle.state == LAZY:
            if self.passed:
                self._wait_watching(None)
            handle.value = self.done(self._placed(handle.spend())())  # (here: it keeps a value)
            handle.state = DONE

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
            if any(failed(h.future) for h in watched):
                # The plain code raised the first failure in program order; an earlier
                # call still running might fail too, so it is waited for.
                for h in watched:
                    h.used = True
                    value_of(h)
            if handle is None or handle.future.done():
                return
            cf.wait([handle.future, *(h.future for h in watched if not h.future.done())],
                    return_when=cf.FIRST_COMPLETED)

    @outcome
    def settle(self, handle: Handle) -> None:
        """Statements after a deferred call raised: if the call failed, its error wins."""
        if handle.state == RUNNING:
            self._now(handle)
            handle.used = True
            value_of(handle)  # (raises its error, if it failed)

    @outcome
    def take(self, handles: list[Handle | None] | None, k: int,
             thunk: Callable[[], tuple]) -> Any:
        if handles is None or k >= len(handles) or handles[k] is None:
            return self._placed(thunk)
        value = self._result(handles[k])  # type: ignore[arg-type]
        return self._placed(thunk) if value is IN_PLACE else value

    @outcome
    def then(self, handle: Handle | None, first: Handle | None,
             thunk: Callable[[], tuple]) -> Any:
        """A comprehension's chained call at its own place: its value, with the value of
        the call it needed taken too; or, when it did not start, the call made here (its
        arguments take that value)."""
        if handle is not None:
            value = self._result(handle)
            if value is not IN_PLACE:
                self._result(first)  # type: ignore[arg-type]  # (it started: so did `first`)
                return value
        return self._placed(thunk)

    def chain(self, site: int, first: Handle | None, make: Callable[[Any], tuple],
              guards: Callable[[], tuple] | None = None, strict: tuple[str, ...] = ()
              ) -> Handle | None:
        """A loop's call that needs the value of another of its item's started calls
        (`Site.after`): started once that call has ended, with `make` (the body's pure
        statements making its arguments) run on its value. None (it runs at its own place)
        when that call did not start or the calls ahead are at their bound; `IN_PLACE`
        when it turns out not to be a read."""
        if self.passed:
            self._wait_watching(None)
        if (self.held or first is None or first.state != RUNNING or first.future is None
                or self.ahead >= _core.workers.limit()
                or guards is not None and not _may_start(guards)):
            return None
        handle = Handle(site, RUNNING, spent, cf.Future())
        self.handles.append(handle)
        self.ahead += 1
        first.future.add_done_callback(functools.partial(
            then_launch, handle, make, strict, contextvars.copy_context()))  # (the caller's settings)
        return handle

    def started(self, handles: list[Handle | None] | None) -> list[Handle | None] | None:
        """A loop walked as written after all (`keeps`): the calls its first items started,
        and the first that had to keep its place, are taken as they are (sent already, they
        must not be sent again); the items after it run at their own place, as written."""
        if handles is None:
            return None
        k = next((k for k, h in enumerate(handles) if h is not None and h.state != RUNNING),
                 len(handles))
        self.holding.difference_update(handles[k + 1:])  # (never run: they hold nothing)
        return handles[:k + 1]

    @outcome
    def source(self, callee: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A loop's iterable written as a call, made here: `snapshot` may read ahead an
        iterable that the call made for the loop alone (see `_iterables`)."""
        out = callee(*args, **kwargs)
        inner = self.fresh_source  # (a wrapper's first argument made here: its twin)
        if type(inner) is tuple and args and args[0] is inner[0] and wraps_values(
                callee, ([], *args[1:]), kwargs):
            self.fresh_source = (out, callee(inner[1], *args[1:], **kwargs))
        elif wraps_values(callee, args, kwargs):
            # (read ahead through a twin of its own: `out` stays whole, to be walked as
            # written if a start must run in place, seeing what the body adds to the list)
            self.fresh_source = (out, callee(*args, **kwargs))
        else:
            self.fresh_source = out if made_fresh(callee, args, kwargs) else None
        return out

    def snapshot(self, iterable: Iterable[Any], stream: str = "") -> list[Any] | None:
        """A list of the items when taking them all up front cannot change the program.
        `stream`: the plan's leave to read a file's lines ("lines") or a new SELECT
        cursor's rows ("rows") ahead (`Plan.streams`)."""
        if type(iterable) in SNAPSHOT_TYPES:
            return list(iterable)
        fresh, self.fresh_source = self.fresh_source, None
        if type(fresh) is tuple and fresh[0] is iterable:
            try:
                return list(fresh[1])
            except ValueError:  # (``zip(..., strict=True)`` of unequal lengths: the loop
                return None  # walks its own, as written, and meets the error at its item)
        if stream == "lines" and lines_ahead(iterable) or (
                stream == "rows" and fresh is iterable and rows_ahead(iterable)):
            return gathered(iterable)
        return None

    def collect(self, produce: Callable[[], Iterable[Any]]) -> Collected:
        """A comprehension's items with their starts, gathered up front until a start must
        run in place (`held`: not a read, or not pure): its element may change what is
        walked, so the items after it are taken as the elements need them, as written."""
        items: list[Any] = []
        try:
            gen = iter(produce())
            for item in gen:
                items.append(item)
                if self.held:
                    return Collected(items, None, gen)
        except Exception as exc:  # noqa: BLE001 - raised at the same item by replay
            return Collected(items, exc)
        return Collected(items, None)

    @staticmethod
    def until_error(starts: Iterator[Any]) -> list[Any]:
        """A loop's starts, up to the first item its target cannot unpack: that item's call,
        and those after it, run in place, where the loop meets the error as written."""
        out: list[Any] = []
        try:
            for handle in starts:
                out.append(handle)
        except Exception:  # noqa: BLE001 - the loop's own unpacking raises it again
            pass
        return out

    @staticmethod
    def plain(values: tuple) -> bool:
        """Are these values Python's own data (`plain_data`), which checks may look at
        ahead of their place (`_rewrite._unless_plain`)?"""
        return all(plain_data(v, pure_getter=pure_getter) for v in values)

    @staticmethod
    def unmapped(items: Iterator[Any]) -> Iterator[Any]:
        """A respelled ``map(f, xs)``'s values (`_sugar.respell`), with map's meaning of a
        StopIteration out of `f`: the end of the values, where the generator made of it
        turns it into a RuntimeError of its own (an error `f` raised passes on as it is)."""
        try:
            yield from items
        except RuntimeError as exc:
            tb = exc.__traceback__
            if not (isinstance(exc.__cause__, StopIteration) and tb is not None
                    and tb.tb_next is None):
                raise

    def keeps(self, items: list[Any] | None, source: Any) -> bool:
        """After a loop's starts: may it walk the items it took? Not when a start had to run
        in place (`held`: it may change what is walked) and `source` can be walked again
        from its start as written."""
        return items is None or not self.held or (type(source) not in SNAPSHOT_TYPES
                                                  and type(source) not in WRAPPERS)

    def _placed(self, thunk: Callable[[], tuple]) -> Placed:
        """A call to run at its own place, made by the function's own frame once returned
        through an entry (``frame.result(h)()``, see `_raised`): what it reads of its
        caller's frame (``sys._getframe(1)``, ``inspect.stack()``, a warning's or a log
        record's ``stacklevel=2``) is the function's, as in the plain run. One with no
        effect rule is timed until it returns (`done`): a long wait with the CPU idle becomes
        a hint in `explain()` (never a change of plan)."""
        callee, args, kwargs = made(thunk, self.state.func)
        fact = fact_for_object(callee, args, kwargs)
        if fact.threads:  # (or sets a finaliser that does: the plan could not see it)
            while self.waiting:  # the calls before it end first, as in the plain code, and
                self._launch(*self.waiting.popleft())  # those after run at their places
            cf.wait([h.future for h in self.handles if isinstance(h.future, cf.Future)])
            self.alone = True
        self.placed = (display_name(callee), time.perf_counter(), time.thread_time()) if (
            fact.kind is Kind.UNKNOWN) else None
        return Placed(callee, *args, **kwargs)

    def done(self, value: Any) -> Any:
        """After an entry's call (``frame.done(frame.result(h)())``): a call run in place
        with no effect rule has returned; if it waited long with the CPU idle, the hint.
        (One that raised is not timed: `_placed` and `close` drop it.)"""
        if self.placed is not None:
            name, w0, c0 = self.placed
            self.placed = None
            wall = time.perf_counter() - w0
            if wall >= HINT_WAIT_S and time.thread_time() - c0 <= 0.25 * wall:
                self.state.note(
                    f"{name}() waited {wall * 1e3:.0f} ms in place: it has no effect rule, "
                    "so nothing moves across it. If it only reads, declare it "
                    "(xcs.register(..., 'read') or @xcs.effect('read')) to let it overlap")
        return value

    def close(self) -> None:
        self.placed = None  # (a call in place that raised: not timed)
        self.waiting.clear()  # (never started: the plain code did not reach them either)
        # All cancelled first: a call waiting on another (`chain`) must not start meanwhile.
        running = [h.future for h in self.handles if not h.used and h.state == RUNNING
                   and h.future is not None and not h.future.cancel()]
        for fut in running:  # a thread cannot be cancelled: wait, ignoring a speculative
            with contextlib.suppress(BaseException):  # call's failure
                fut.result()
        self._finish()

    # -- async -----------------------------------------------------------------------------

    def astart(self, site: int, thunk: Callable[[], tuple],
               guards: Callable[[], tuple] | None = None, strict: tuple[str, ...] = ()) -> Handle:
        call = None if self.held else _evaluate(thunk, guards)
        if call is None:
            return self._lazy(site, thunk)
        callee, args, kwargs = call
        kind, runner = rule_of(callee, strict, args, kwargs)
        if kind is not Kind.READ or runner == "place" or self._others_ready() or (
                runner == "printed" and not inspect.iscoroutinefunction(callee)):
            return self._lazy(site, _evaluated(call))
        handle = Handle(site, RUNNING, thunk)
        if runner == "printed":  # (shown at its place: `aresult`)
            handle.out = held_output()
            callee = held(callee, handle.out)
        handle.future = asyncio.ensure_future(
            _timed(functools.partial(in_pool_async(callee), *args, **kwargs), handle))
        self.tasks.add(id(handle.future))
        self.handles.append(handle)
        return handle

    def achain(self, site: int, first: Handle | None, make: Callable[[Any], tuple],
               guards: Callable[[], tuple] | None = None, strict: tuple[str, ...] = ()
               ) -> Handle | None:
        """`chain` in a coroutine: a task on its loop that awaits the call it needs, makes
        the arguments from its value and awaits the call, when it is a read."""
        if (self.held or first is None or first.state != RUNNING or first.future is None
                or guards is not None and not _may_start(guards)):
            return None
        handle = Handle(site, RUNNING, spent)
        handle.future = asyncio.ensure_future(achained(handle, first.future, make, strict))
        self.tasks.add(id(handle.future))
        self.handles.append(handle)
        return handle

    def _others_ready(self) -> bool:
        """Will other code run at this coroutine's next await whatever the timing: a task
        made and not yet run, one whose wait is over, a callback queued to run next
        (``loop.call_soon``)? The plain code, awaiting a call in its place, lets it run
        first (a token refreshed, a PUT sent), so no call may start ahead of that await.
        (A task waiting on I/O may run there or not, as the timing falls: the plain code
        gives no order to keep. Nor does one awaiting this one.)"""
        current = id(asyncio.current_task())
        queue = getattr(asyncio.get_running_loop(), "_ready", None)  # (asyncio's own loop)
        if queue is None:  # another loop: its tasks, looked at one by one
            return any(id(t) != current and id(t) not in self.tasks and (
                getattr(t, "_fut_waiter", None) is None or t._fut_waiter.done())
                for t in asyncio.all_tasks())
        # Each task ready to run, and each callback, has an entry in the loop's queue. It
        # only grows until the loop runs again: the entries looked at before are skipped.
        first, seen = self.quiet
        start = seen if queue and queue[0] is first else 0
        for k in range(start, len(queue)):
            handle = queue[k]
            owner = id(getattr(getattr(handle, "_callback", None), "__self__", None))
            if not handle.cancelled() and owner != current and owner not in self.tasks:
                self.quiet = (None, 0)
                return True
        self.quiet = (queue[0] if queue else None, len(queue))
        return False

    async def _aresult(self, handle: Handle) -> Any:
        self.holding.discard(handle)
        if handle.state == RUNNING:
            fut = handle.future
            assert fut is not TAKEN, "a started call's value is taken once"
            try:  # (raising, leaves it for `aclose`; a cancel goes into the call, as plain)
                if self.passed:
                    await self._await_watching(handle)
            except asyncio.CancelledError:
                fut.cancel()
            try:
                try:
                    value = await fut
                finally:
                    if fut.done():  # (taken, it may be freed: its id, another task's)
                        self.tasks.discard(id(fut))
                    if handle.out is not None and fut.done():  # (at its place: `_printed`)
                        out, handle.out = handle.out, None
                        show(out)
            except BaseException as exc:
                raised, handle.used = handle.raised, fut.done()
                if handle.used:
                    handle.let_go(None)  # (see `value_of`)
                del fut
                if exc is raised[0]:  # (`await` chained it to what the caller handles)
                    exc.__context__ = raised[1]
                    reraise(exc)
                raise
            handle.used = True
            return handle.let_go(value)
        handle.used = True
        if handle.state == DONE:
            return handle.take()
        if self.passed:
            await self._await_watching(None)
        return await _await_in_place(handle.spend(), self.state.func)

    aresult = aoutcome(_aresult)

    @aoutcome
    async def atake(self, handles: list[Handle | None] | None, k: int,
                    thunk: Callable[[], tuple]) -> Any:
        if handles is None or k >= len(handles) or handles[k] is None:
            return await _await_in_place(thunk, self.state.func)
        value = await self._aresult(handles[k])  # type: ignore[arg-type]
        return await _await_in_place(thunk, self.state.func) if value is IN_PLACE else value

    @aoutcome
    async def aforce(self, handle: Handle) -> None:
        """`force` in a coroutine: a call that could not start is awaited at its own place,
        and so is one whose prints are shown there."""
        if handle.state == RUNNING and handle.out is None:
            self.passed.append(handle)
        elif handle.state in (RUNNING, LAZY):
            handle.value = await self._aresult(handle)
            handle.state = DONE

    async def _await_watching(self, handle: Handle | None) -> None:
        """`_wait_watching` in a coroutine: an await in a deferral region waits here."""
        watched = self._watched(handle)
        while True:
            if any(failed(h.future) for h in watched):
                for h in watched:
                    h.used = True
                    await h.future
            if handle is None or handle.future.done():
                return
            await asyncio.wait([handle.future, *(h.future for h in watched if not h.future.done())],
                               return_when=asyncio.FIRST_COMPLETED)

    @aoutcome
    async def asettle(self, handle: Handle) -> None:
        """`settle` in a coroutine: the call is awaited without raising, then judged."""
        if handle.state == RUNNING:
            handle.used = True
            await asyncio.wait([handle.future])
            exc = handle.future.exception()
            if exc is not None:
                raise exc

    async def aclose(self) -> None:
        pending = [h.future for h in self.handles if not h.used and h.state == RUNNING]
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
            if h.state != RUNNING:
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
    if cached is None:  # not seen by `_timed` nor taken by the run: ask its future
        fut = handle.future
        cached = (fut is not None and fut.done() and not fut.cancelled()
                  and fut.exception() is None and _served(fut.result()))
    return "cached" if cached else "io"


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
            if not plain_attribute(obj, name):
                return False
            obj = getattr(obj, name)
        if called and fact_for_object(obj).kind is not Kind.PURE:
            return False
    return True


async def _await_in_place(thunk: Callable[[], tuple], func: Any) -> Any:
    callee, args, kwargs = made(thunk, func)
    return await callee(*args, **kwargs)


def frame_factory(state: Any) -> Callable[[], Frame]:
    return lambda: Frame(state)
