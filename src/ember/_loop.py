"""The process's one event loop, on a daemon thread.

All provider I/O and every deferred operation of the scheduler run on this loop, so that
limits, connection pools and timers are shared by everything in the process. Sync code
reaches it through `run` (block for a coroutine) or `spawn` (get a concurrent future).
The loop is created lazily and again after a fork.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["get_loop", "in_loop_thread", "run", "spawn"]

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None
_pid: int | None = None


def _serve(loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(ready.set)
    loop.run_forever()


def get_loop() -> asyncio.AbstractEventLoop:
    """Return the shared loop, starting its thread on first use (and after a fork)."""
    global _loop, _thread, _pid
    loop = _loop
    if loop is not None and _pid == os.getpid():
        return loop
    with _lock:
        if _loop is None or _pid != os.getpid():
            loop = asyncio.new_event_loop()
            ready = threading.Event()
            thread = threading.Thread(
                target=_serve, args=(loop, ready), name="ember-loop", daemon=True
            )
            thread.start()
            ready.wait()
            _loop, _thread, _pid = loop, thread, os.getpid()
        return _loop


def in_loop_thread() -> bool:
    """True when called from the shared loop's own thread (blocking there would deadlock)."""
    return _thread is not None and threading.current_thread() is _thread


def spawn(coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
    """Schedule `coro` on the shared loop from any thread; return a concurrent future."""
    return asyncio.run_coroutine_threadsafe(coro, get_loop())


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on the shared loop and block the calling thread for its result.

    If the wait is cut short (Ctrl-C, an exception raised into the thread), the coroutine
    is cancelled too, so nothing it started runs on unobserved.

    Raises:
        RuntimeError: if called from the loop's own thread, where blocking would deadlock.
    """
    if in_loop_thread():
        coro.close()
        raise RuntimeError(
            "ember: a blocking call was made on Ember's event loop thread; "
            "use the async form (e.g. `await models.acall(...)`) inside coroutines."
        )
    fut = spawn(coro)
    try:
        return fut.result()
    except BaseException:
        fut.cancel()  # a no-op when the coroutine itself raised
        raise
