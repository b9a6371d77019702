"""A started call's handle: the hidden value behind a call site, and the value taken from it.

`Frame` (`_runtime`) makes one per call site a run reaches: a call to run at its own place
(`LAZY`), one started early (`RUNNING`, with its future) or one run in place ahead of its
value's use (`DONE`). `value_of` takes a started call's value, or raises its error as it is.
"""

from __future__ import annotations

import concurrent.futures as cf
import errno
from collections.abc import Callable
from typing import Any

from ember.xcs._launch import _served
from ember.xcs._printed import HeldOutput, show
from ember.xcs._raised import reraise

__all__ = ["DONE", "LAZY", "RUNNING", "TAKEN", "Handle", "failed", "lacked_descriptors", "spent",
           "value_of"]

# Handle states: to run at its own place, started, run in place already (by `force`).
LAZY, RUNNING, DONE = 0, 1, 2
# What a started call's handle keeps once the program has its value (`Handle.let_go`).
TAKEN: cf.Future[Any] = cf.Future()
TAKEN.set_result(None)


class Handle:
    """A call started early (or kept for later): the hidden value behind a site."""

    __slots__ = ("site", "state", "thunk", "future", "t_start", "t_end", "used", "value",
                 "cached", "out", "raised")

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
        self.out: HeldOutput | None = None  # what it printed, shown at its place (`_printed`)
        self.raised: tuple = (None, None)  # a task's error and its context then (`_timed`)

    def let_go(self, value: Any) -> Any:
        """The program takes `value`: the handle keeps only what the explanation needs, so
        that what the value holds (a response's keep-alive socket) goes when the program
        drops it, as in the plain code, not when the function returns."""
        fut = self.future
        if not self.t_start:  # (a task on the loop: its future knows when it ran)
            self.t_start = getattr(fut, "t_start", 0.0)
            self.t_end = getattr(fut, "t_end", 0.0)
        if self.cached is None:
            self.cached = _served(value)
        self.future, self.raised, self.thunk = TAKEN, (None, None), spent
        return value

    def take(self) -> Any:
        """The value a call run in place (`Frame.force`) gave, let go of as it is taken."""
        value, self.value = self.value, TAKEN
        assert value is not TAKEN, "a call's value is taken once"
        return value

    def spend(self) -> Callable[[], tuple]:
        """The thunk, for the call's one run at its own place, let go of: an evaluated
        call's arguments must not outlive it (``del obj`` runs its finaliser where the
        plain code does only if nothing else holds obj)."""
        thunk, self.thunk = self.thunk, spent
        return thunk


def spent() -> tuple:
    raise AssertionError("a deferred call ran twice at its own place")


def value_of(handle: Handle) -> Any:
    """A started call's value, waited for; its error raised as it is (`reraise`) with the
    call let go of (a frame in its traceback holding the future would keep the error, the
    frames it passed and their locals alive, and a finaliser of the user's run late)."""
    fut = handle.future
    try:
        try:
            if fut.exception() is not None:
                reraise(fut.exception())
            return fut.result()
        finally:
            if handle.out is not None and fut.done():  # (at the call's place: `_printed`)
                out, handle.out = handle.out, None
                show(out)
    except BaseException:
        if fut.done():
            handle.let_go(None)
        raise
    finally:
        fut = None


def failed(fut: Any) -> bool:
    return fut.done() and not fut.cancelled() and fut.exception() is not None


def lacked_descriptors(exc: BaseException) -> bool:
    """Did a started call fail for want of a file descriptor (``EMFILE``, ``ENFILE``, in
    the error or its chain: urllib's `URLError` wraps it)? The plain code, one call at a
    time, would not have: the runtime runs it again at its own place (a read, sent again)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE) or (
                isinstance(getattr(exc, "reason", None), OSError)
                and exc.reason.errno in (errno.EMFILE, errno.ENFILE)):  # type: ignore[attr-defined]
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False
