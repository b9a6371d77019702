"""What rewritten code gets back from the runtime's entries: a call's value, its error as
the plain code raises it, or the call itself to make from the function's own frame.

A started call's error comes back through the runtime: the frames it passed (the loop's
task, a pool's thread, `Frame.result`) would show in its traceback between the function's
frame and the helper's, and code that prints or walks it (``traceback.format_exc()``,
``logger.exception``, ``traceback.extract_tb``) would see more than the plain run does. So
the runtime's entry points that rewritten code calls give a callable, called at once
(``frame.result(h)()``): it returns the value, or raises the error from C (an asyncio
future iterator's ``throw``, which adds no frame and chains nothing) with the runtime's
frames cut from the front of its traceback; or it is the call to run at its own place
(`Placed`, a partial), so that the function's frame makes it: what the callee reads of its
caller's frame is the function's, and its error passes no frame of the runtime's.

The error's chain is the plain run's too: the call ran in another thread, where no error
was being handled, so the first error of its chain gets, as its ``__context__``, the one
the caller is handling (the plain run raised it there), and a re-raise does not replace
the chain's head's (a `raise` in the caller's thread would).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import itertools
import os
import sys
import threading
import types
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

from ember import _core

__all__ = ["Placed", "aoutcome", "outcome", "reraise"]

# Where the runtime's own frames come from: Ember's scheduler and event loop, and the
# standard library's futures and threads they use.
_OURS = tuple(os.path.dirname(f) + os.sep for f in (  # type: ignore[type-var]
    __file__, _core.__file__, concurrent.futures.__file__)) + (threading.__file__,)


@functools.cache
def _ours(filename: str) -> bool:
    return filename.startswith(_OURS)


def _cut(tb: types.TracebackType | None) -> types.TracebackType | None:
    """`tb` from its first frame of the user's (or of a library the call ran): the
    runtime's frames before it go."""
    while tb is not None and _ours(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb


class _NoLoop:
    """All an asyncio future asks of its loop when it is made and given an error."""

    @staticmethod
    def get_debug() -> bool:
        return False


_NO_LOOP = _NoLoop()


def reraise(exc: BaseException) -> NoReturn:
    """Raise `exc` as it is, from C: a `raise` in a thread handling another error would make
    that error its ``__context__``, in place of the one it was raised with."""
    asyncio.Future(loop=_NO_LOOP).__await__().throw(exc)  # type: ignore[arg-type]
    raise AssertionError("unreachable")  # (throw always raises)


def _raiser(exc: BaseException, handling: BaseException | None) -> Callable[[], Any]:
    exc.__traceback__ = _cut(exc.__traceback__)
    if handling is not None:
        first, seen = exc, {id(exc)}
        while first.__context__ is not None and id(first.__context__) not in seen:
            first = first.__context__
            seen.add(id(first))
        if first.__context__ is None and id(handling) not in seen:
            first.__context__ = handling
    throw = asyncio.Future(loop=_NO_LOOP).__await__().throw  # type: ignore[arg-type]
    return functools.partial(throw, exc)


class Placed(functools.partial):  # type: ignore[type-arg]
    """A call to run at its own place, given back by an entry for the function's own frame
    to make: a partial's call adds no frame, so the callee's caller is that frame."""


def outcome(method: Callable[..., Any]) -> Callable[..., Callable[[], Any]]:
    """`method`, giving a callable that returns its value or raises its error (see above)."""
    @functools.wraps(method)
    def entry(*args: Any, **kwargs: Any) -> Callable[[], Any]:
        try:
            value = method(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - raised by the caller's call
            failed = exc
        else:
            return value if type(value) is Placed else itertools.repeat(value).__next__
        return _raiser(failed, sys.exception())  # (what the caller handles, outside ours)
    return entry


def aoutcome(method: Callable[..., Awaitable[Any]]
             ) -> Callable[..., Awaitable[Callable[[], Any]]]:
    """`outcome` of a coroutine method: ``(await frame.aresult(h))()``."""
    @functools.wraps(method)
    async def entry(*args: Any, **kwargs: Any) -> Callable[[], Any]:
        try:
            value = await method(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - raised by the caller's call
            failed = exc
        else:
            return itertools.repeat(value).__next__
        return _raiser(failed, sys.exception())
    return entry
