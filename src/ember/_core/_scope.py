"""Structured scopes: every job started in a `Scope` has ended when the scope exits.

This module holds Ember's one failure policy. Every front-end (``xcs.parallel`` and
``parallel_map``, ``xcs.vmap``/``pmap``, `Branches`, NON graphs, the evaluation driver, the
Ray workers) runs its concurrent work in a `Scope`, so they all behave as follows:

- **The first error wins.** The first job to fail cancels its siblings: coroutines on the
  event loop are cancelled, blocking calls not yet started are never started, and blocking
  calls already running are waited for (a thread cannot be interrupted). When every job
  has ended, that first error is raised as it is: the job's own exception object, not
  wrapped (notes may be added to it, its type and message are the job's).
- **Batch APIs may collect instead.** With ``errors="group"`` no job cancels another;
  once all have ended, every failure is raised together as an `ExceptionGroup` (a
  `BaseExceptionGroup` if one is not an `Exception`), in the order the jobs were started.
- **Deadlines are scopes.** ``Scope(timeout=..., reason=...)`` (or ``deadline=`` on the
  `time.monotonic` clock) cancels its jobs when time runs out, as a failure would, and
  raises `DeadlineExceeded` naming the reason. An async body is cancelled too; a sync body
  is not interrupted, but every job it waits for is.
- **Cancelling is quiet.** ``scope.cancel(reason)`` stops the jobs and the scope exits
  without an error: the caller decided to stop and knows why.
- **The body is a job too.** An exception raised by the body cancels the jobs; it comes
  out after they end (unless a job failed first). An interrupt (``KeyboardInterrupt``)
  cancels the jobs and leaves at once, without waiting for running threads.

The sync form (``with Scope() as s``) runs coroutine jobs on Ember's shared loop; the async
form (``async with Scope() as s``) runs them on the running loop, as a task group would.
Both forms are this one class: only the final wait differs (blocking, or awaiting).

Jobs: `spawn` (a coroutine function, as a task), `submit` (a blocking function, on the
elastic thread pool), `call` (run here and now: CPU work that cannot overlap), `adopt` (work
started elsewhere, e.g. a process pool). Each returns a `concurrent.futures.Future` at once:
starting never blocks, so the sync and async forms share every line but the final wait.
With ``limit=``, jobs past the limit queue in the scope and start as others end.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures as cf
import contextlib
import functools
import inspect
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, Literal

from ember._core import _loop
from ember._core._pool import workers
from ember._errors import DeadlineExceeded

__all__ = ["Scope", "is_async"]

Errors = Literal["raise", "group"]


# Starts a job's work and returns its future; a task calls `on_end` once it has ended (with
# or without an argument: it may be a done callback).
_Starter = Callable[[Callable[..., None]], cf.Future[Any]]


class _Job:
    """One job: `future` is what the caller holds (a stand-in while queued), `real` the
    started work's own future.

    `launched` turns True once `Scope._launch` has recorded `real`: a task started from
    another thread may run, fail and call its end before its start has even returned, and
    until then the scope cannot read its outcome. Such an early end only sets `ended_early`;
    `_launch` then judges the job itself (both under the scope's lock, so exactly one of
    the two sees the other)."""

    __slots__ = ("ended_early", "future", "launched", "real", "seq", "start", "task")

    def __init__(self, seq: int, start: _Starter | None, task: bool) -> None:
        self.seq = seq
        self.start = start
        self.task = task
        self.launched = start is None  # a job run in place (`call`) has nothing to launch
        self.ended_early = False
        self.future: cf.Future[Any] | None = None
        self.real: cf.Future[Any] | None = None


def _copy(src: cf.Future[Any], dst: cf.Future[Any]) -> None:
    """Give a queued job's stand-in the outcome of its work."""
    if dst.done():
        return
    if src.cancelled():
        dst.cancel()
    elif dst.set_running_or_notify_cancel():
        exc = src.exception()
        if exc is not None:
            dst.set_exception(exc)
        else:
            dst.set_result(src.result())


async def _call_async(fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    # The coroutine is made in the task: a job cancelled before it starts leaves none behind.
    return await fn(*args, **kwargs)


def _is_cancel(exc: BaseException | None) -> bool:
    return isinstance(exc, asyncio.CancelledError | cf.CancelledError)


class Scope:
    """A scope whose jobs all end before it exits, under the one failure policy (see the
    module's docstring).

    Args:
        errors: ``"raise"`` (default): the first failure cancels the rest and is raised as
            it is; ``"group"``: every job runs to its end and all failures are raised as an
            `ExceptionGroup`.
        limit: the most jobs running at once; more are queued (None: no cap).
        timeout: seconds from entering the scope until its deadline.
        deadline: the deadline on the `time.monotonic` clock (the earlier of the two holds).
        reason: what the scope is for, named in `DeadlineExceeded` (``"vmap(f)"``).

    Examples:
        >>> import time
        >>> with Scope() as scope:
        ...     a = scope.submit(time.sleep, 0.01)
        ...     b = scope.submit(len, "abc")
        >>> b.result()
        3
        >>> def boom():
        ...     raise ValueError("the job's own error")
        >>> with Scope() as scope:
        ...     _ = scope.submit(boom)
        Traceback (most recent call last):
        ...
        ValueError: the job's own error
    """

    def __init__(self, *, errors: Errors = "raise", limit: int | None = None,
                 timeout: float | None = None, deadline: float | None = None,
                 reason: str = "scope") -> None:
        if errors not in ("raise", "group"):
            raise ValueError(f"Scope(errors={errors!r}): use 'raise' or 'group'")
        self.errors = errors
        self.limit = limit
        self.reason = reason
        self._timeout = timeout
        self._deadline = deadline
        self._lock = threading.Lock()
        self._jobs: dict[int, _Job] = {}  # started or queued, and not yet ended
        self._queue: collections.deque[_Job] = collections.deque()  # waiting for `limit`
        self._running = 0
        self._seq = 0
        self._failures: list[tuple[int, BaseException]] = []
        self._first: BaseException | None = None
        self._cancelled: str | None = None  # why the scope stopped its jobs, once it has
        self._expired = False
        self._waiters: list[cf.Future[None]] = []  # exits waiting for the last job
        self._state = "new"  # -> "open" -> "closing" -> "closed"
        self._loop: asyncio.AbstractEventLoop | None = None  # where coroutine jobs run
        self._body: asyncio.Task[Any] | None = None  # the async body, cancelled at a deadline
        self._in_body = False
        self._body_cancelled = False
        self._timer: asyncio.TimerHandle | None = None

    # -- state ---------------------------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        """True once the scope has stopped its jobs (a failure, a deadline or `cancel`)."""
        return self._cancelled is not None

    @property
    def running(self) -> int:
        """Jobs started and not yet ended (queued ones are not counted)."""
        return self._running

    def cancel(self, reason: str) -> None:
        """Stop every job (see the module's docstring); the scope then exits quietly."""
        self._stop(reason)

    # -- starting jobs -------------------------------------------------------------------

    def spawn(self, fn: Callable[..., Coroutine[Any, Any, Any]], /, *args: Any,
              **kwargs: Any) -> cf.Future[Any]:
        """Run the coroutine ``fn(*args, **kwargs)`` as a task on the scope's loop.

        Started from that loop's own thread (the async form's body), the job's future is
        the `asyncio.Task` itself (the same methods, and no thread-safe future to make).
        """
        if self._body is None and _loop.in_loop_thread():
            raise RuntimeError(
                f"{self.reason}: a blocking wait was made on Ember's event loop thread; "
                "use the async form (`async with`, `await ...acall(...)`) inside coroutines.")
        loop = self._loop

        def start(on_end: Callable[[], None]) -> Any:
            if self._body is not None and _running_loop() is loop:
                task = loop.create_task(_call_async(fn, args, kwargs))  # type: ignore[union-attr]
                task.add_done_callback(on_end)
                return task
            return _loop.start_on(loop, _call_async(fn, args, kwargs), on_end=on_end)

        return self._add(start, task=True)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        """Run the blocking ``fn(*args, **kwargs)`` on the elastic thread pool."""
        return self._add(lambda _: workers.submit(fn, args, kwargs))

    def adopt(self, start: Callable[[], cf.Future[Any]]) -> cf.Future[Any]:
        """Run ``start()``, which starts work elsewhere (a process pool) and returns its
        future, as a job of this scope."""
        return self._add(lambda _: start())

    def call(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        """Run ``fn(*args, **kwargs)`` here and now (CPU work that cannot overlap); its
        failure counts as a job's. Not counted against `limit`: it has ended on return."""
        fut: cf.Future[Any] = cf.Future()
        with self._lock:
            self._check_open()
            if self._cancelled is not None:
                fut.cancel()
                return fut
            self._seq += 1
            job = _Job(self._seq, None, False)
            job.future = fut
            self._jobs[job.seq] = job
        fut.set_running_or_notify_cancel()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - judged by the policy in `_ended`
            fut.set_exception(exc)
        self._ended(job)
        return fut

    def _check_open(self) -> None:
        if self._state not in ("open", "closing"):
            raise RuntimeError(f"{self.reason}: a job was started outside its scope's `with` "
                               "block")

    def _add(self, start: _Starter, *, task: bool = False) -> cf.Future[Any]:
        """Start a job now, or queue it while `limit` jobs run (its future stands in)."""
        with self._lock:
            self._check_open()
            if self._cancelled is not None:  # the scope has stopped: nothing more starts
                fut: cf.Future[Any] = cf.Future()
                fut.cancel()
                return fut
            self._seq += 1
            job = _Job(self._seq, start, task)
            self._jobs[job.seq] = job
            if self.limit is not None and self._running >= self.limit:
                job.future = cf.Future()
                self._queue.append(job)
                return job.future
            self._running += 1
        self._launch(job)
        return job.future  # type: ignore[return-value]

    def _launch(self, job: _Job) -> None:
        start, job.start = job.start, None
        try:
            real = start(functools.partial(self._ended, job))  # type: ignore[misc]
            failed = False
        except BaseException as exc:  # noqa: BLE001 - the job failed to start: its error
            real = cf.Future()
            real.set_exception(exc)
            failed = True
        job.real = real
        if job.future is None:
            job.future = real
        with self._lock:  # from here on `_ended` can judge it (see `_Job`)
            job.launched = True
            ended = failed or job.ended_early
            stopped = self._cancelled is not None
        if ended:  # it failed to start, or its task has ended already
            self._ended(job)
            return
        if not job.task:  # a thread's or process's work has ended when its future is done
            real.add_done_callback(functools.partial(self._ended, job))
        if stopped:  # stopped while it was starting
            _cancel(real)

    # -- the policy ----------------------------------------------------------------------

    def _ended(self, job: _Job, *_: Any) -> None:
        """A job can no longer run: judge its outcome, start queued jobs, wake the exit."""
        if not job.launched:
            with self._lock:
                if not job.launched:  # ended before `_launch` recorded its future: it judges
                    job.ended_early = True
                    return
        fut = job.future
        if job.real is not None and fut is not job.real and fut is not None:
            _copy(job.real, fut)
        exc = None if fut is None or fut.cancelled() or not fut.done() else fut.exception()
        with self._lock:
            if self._jobs.pop(job.seq, None) is None:
                return
            if job.real is not None:
                self._running -= 1
            stop = None
            if exc is not None and not (self._cancelled is not None and _is_cancel(exc)):
                if self.errors == "group":
                    self._failures.append((job.seq, exc))
                elif self._cancelled is None:
                    self._first = exc
                    stop = f"{self.reason}: a sibling failed ({type(exc).__name__})"
            starts: list[_Job] = []
            while self._queue and stop is None and self._cancelled is None and (
                    self.limit is None or self._running < self.limit):
                starts.append(self._queue.popleft())
                self._running += 1
            waiters = self._waiters if not self._jobs else []
            if waiters:
                self._waiters = []
        if stop is not None:
            self._stop(stop)
        for queued in starts:
            self._launch(queued)
        _wake(waiters)

    def _stop(self, reason: str, *, expired: bool = False) -> None:
        with self._lock:
            if self._cancelled is not None or self._state == "closed":
                return
            self._cancelled = reason
            self._expired = expired
            queued = list(self._queue)
            self._queue.clear()
            for job in queued:  # never started: they end here
                del self._jobs[job.seq]
            jobs = list(self._jobs.values())
            waiters = self._waiters if not self._jobs else []
            if waiters:
                self._waiters = []
        for job in queued:
            _cancel(job.future)
        for job in jobs:
            _cancel(job.real or job.future)
        _wake(waiters)
        if expired and self._body is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._cancel_body)

    def _cancel_body(self) -> None:
        if self._in_body and self._body is not None and not self._body.done():
            self._body_cancelled = True
            self._body.cancel(f"{self.reason}: deadline")

    def _expire(self) -> None:
        self._stop(f"{self.reason}: deadline", expired=True)

    def _outcome(self) -> BaseException | None:
        """What the scope raises once every job has ended (None: nothing)."""
        if self.errors == "group":
            failures = [exc for _, exc in sorted(self._failures, key=lambda p: p[0])]
            if self._expired:
                failures.append(self._deadline_error())
            if not failures:
                return None
            if len(failures) == 1 and self._expired:
                return failures[0]
            cls = ExceptionGroup if all(isinstance(e, Exception) for e in failures) else (
                BaseExceptionGroup)
            return cls(f"{self.reason}: {len(failures)} of {self._seq} failed", failures)
        if self._first is not None:
            return self._first
        if self._expired:
            return self._deadline_error()
        return None

    def _deadline_error(self) -> DeadlineExceeded:
        limit = f" of {self._timeout:g} s" if self._timeout is not None else ""
        return DeadlineExceeded(
            f"{self.reason}: the deadline{limit} passed before its work ended; the unfinished "
            "calls were cancelled. Fix: allow more time, or do less in it.", reason=self.reason)

    # -- entering and leaving ------------------------------------------------------------

    def _open(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._state != "new":
            raise RuntimeError(f"{self.reason}: a Scope is entered once; make a new one")
        self._loop = loop
        self._state = "open"
        deadline = self._deadline
        if self._timeout is not None:
            end = time.monotonic() + self._timeout
            deadline = end if deadline is None else min(deadline, end)
        if deadline is not None:
            delay = max(0.0, deadline - time.monotonic())
            _loop.get_loop().call_soon_threadsafe(self._arm_timer, delay)

    def _arm_timer(self, delay: float) -> None:  # on the shared loop
        if self._state != "closed":
            self._timer = _loop.get_loop().call_later(delay, self._expire)

    def _begin_exit(self, exc: BaseException | None) -> None:
        """The body ended: a body error stops the jobs (and may be the first error)."""
        with self._lock:
            self._state = "closing"
        if exc is None or (_is_cancel(exc) and self.cancelled):
            return
        if isinstance(exc, Exception) and self.errors == "raise":
            with self._lock:
                if self._cancelled is None:
                    self._first = exc
        elif isinstance(exc, Exception):
            with self._lock:
                self._failures.append((self._seq + 1, exc))
        self._stop(f"{self.reason}: the body raised {type(exc).__name__}")

    def _drain_waiter(self) -> cf.Future[None] | None:
        with self._lock:
            if not self._jobs:
                self._state = "closed"
                if self._timer is not None:
                    _loop.get_loop().call_soon_threadsafe(self._timer.cancel)
                return None
            waiter: cf.Future[None] = cf.Future()
            self._waiters.append(waiter)
            return waiter

    def _finish(self, exc: BaseException | None) -> bool:
        """Raise the scope's outcome; True to swallow the body's exception."""
        outcome = self._outcome()
        if outcome is None:
            # Cancelled quietly: a CancelledError the body got from a stopped job ends here.
            return exc is not None and _is_cancel(exc)
        if outcome is exc:
            return False  # the body's own error, with its own traceback
        if isinstance(outcome, DeadlineExceeded):
            raise outcome from None  # ours: the cancellations it caused are not news
        raise outcome

    def __enter__(self) -> Scope:
        self._open(_loop.get_loop())
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: Any) -> bool:
        self._begin_exit(exc)
        if exc is not None and not isinstance(exc, Exception) and not _is_cancel(exc):
            return False  # an interrupt: the jobs are cancelled, nothing more is waited for
        try:
            while (waiter := self._drain_waiter()) is not None:
                waiter.result()
        except BaseException:
            self._stop(f"{self.reason}: interrupted")
            raise
        return self._finish(exc)

    async def __aenter__(self) -> Scope:
        self._open(asyncio.get_running_loop())
        self._body = asyncio.current_task()
        self._in_body = True
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: Any) -> bool:
        self._in_body = False
        if self._body_cancelled and self._body is not None:
            self._body.uncancel()
            if isinstance(exc, asyncio.CancelledError) and self._body.cancelling() == 0:
                exc = None  # our own deadline's cancel: the scope's outcome replaces it
        self._begin_exit(exc)
        interrupted: BaseException | None = None
        while (waiter := self._drain_waiter()) is not None:
            try:
                await asyncio.wrap_future(waiter)
            except asyncio.CancelledError as cancel:
                if self._body_cancelled and self._body is not None and (
                        self._body.cancelling() == 0):
                    continue  # our deadline's cancel, delivered late
                interrupted = cancel  # cancelled from outside: stop the jobs, wait for them
                self._stop(f"{self.reason}: cancelled from outside")
        if interrupted is not None:
            raise interrupted
        if exc is None and self._body_cancelled:
            self._finish(None)
            return True  # the body's CancelledError was our deadline's
        return self._finish(exc)


def is_async(fn: Any) -> bool:
    """Whether calling `fn` gives a coroutine: an ``async def`` (also under `functools.partial`)
    or an object whose ``__call__`` is one. Such a call is a task; anything else blocks.

    Examples:
        >>> async def f(): ...
        >>> is_async(functools.partial(f)), is_async(len)
        (True, False)
    """
    while isinstance(fn, functools.partial):
        fn = fn.func
    return inspect.iscoroutinefunction(fn) or (
        callable(fn) and not isinstance(fn, type)
        and inspect.iscoroutinefunction(type(fn).__call__))


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _cancel(fut: Any) -> None:
    """Cancel a job's future from any thread (a task only from its own loop's thread)."""
    if isinstance(fut, asyncio.Future):
        loop = fut.get_loop()
        if _running_loop() is loop:
            fut.cancel()
        else:
            loop.call_soon_threadsafe(fut.cancel)
    elif fut is not None:
        fut.cancel()


def _wake(waiters: list[cf.Future[None]]) -> None:
    for waiter in waiters:
        if not waiter.done():
            with contextlib.suppress(cf.InvalidStateError):  # an async waiter went away
                waiter.set_result(None)
