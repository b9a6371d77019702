"""What acts at a time: a deadline's context manager and a timer. Which calls end before a
deadline passes or a timer fires is the timing's, so the JIT keeps what they govern as
written: a deadline's body (`_bodies.deadline_blocks`), a function that sets a timer
(`_plan._own_threads`, through `_effects.may_start_a_thread`)."""

from __future__ import annotations

import ast
import threading
from typing import Any

__all__ = ["is_deadline", "sets_a_timer"]


def sets_a_timer(call: ast.Call, fact: Any = None) -> bool:
    """Does this call set a timer or start work on a thread (``loop.call_later(0.25,
    task.cancel)``, ``call_at``, ``run_in_executor``, ``threading.Timer``,
    ``signal.alarm``/``setitimer``, a `sched` event)? Which calls end before it acts is the
    timing's. An event loop's by its method's name, also handed on (``partial(loop.call_later,
    d)``, ``getattr(loop, "call_later")``), whatever the loop."""
    obj = getattr(fact, "obj", None)
    names = {n.attr for n in (call.func, *call.args) if isinstance(n, ast.Attribute)} | {
        a.value for a in call.args if isinstance(a, ast.Constant)}  # (not a walk: per call)
    if names & _LOOP_TIMERS:
        return True
    obj = getattr(obj, "__func__", obj)
    return obj is threading.Timer or getattr(obj, "__module__", None) in ("_signal", "sched") and (
        getattr(obj, "__qualname__", "") in ("alarm", "setitimer", "scheduler.enter",
                                             "scheduler.enterabs"))


_LOOP_TIMERS = frozenset({"call_later", "call_at", "run_in_executor"})


def is_deadline(obj: object) -> bool:
    """Is `obj` a deadline's context manager (``asyncio.timeout``, ``timeout_at``,
    ``anyio.fail_after``, ``move_on_after``, ``CancelScope``, ``async_timeout.timeout``)?
    Which calls end inside it is the timing's: its body runs as written."""
    module = getattr(obj, "__module__", None)
    package = module.partition(".")[0] if isinstance(module, str) else None
    return (package, getattr(obj, "__qualname__", None)) in _DEADLINES


_DEADLINES = frozenset({("asyncio", "timeout"), ("asyncio", "timeout_at"), ("asyncio", "Timeout"),
                        ("async_timeout", "Timeout"),
                        ("anyio", "fail_after"), ("anyio", "move_on_after"),
                        ("anyio", "CancelScope"), ("async_timeout", "timeout"),
                        ("async_timeout", "timeout_at")})
