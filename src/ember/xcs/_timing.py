"""What runs beside the function or acts at a time: a thread, an asyncio task or a child
process it starts, a deadline's context manager, a timer. Which calls end before a
deadline passes, a timer fires or what runs beside acts is the timing's, so the JIT keeps
what they govern as written: a deadline's body (`_bodies.deadline_blocks`), a function
that starts a thread or sets a timer (`_plan._own_threads`, through
`may_start_a_thread`)."""

from __future__ import annotations

import _thread
import ast
import asyncio
import contextlib
import operator
import os
import subprocess
import threading
import types
from concurrent import futures
from typing import Any

__all__ = ["is_deadline", "may_start_a_thread", "sets_a_timer", "starts_a_thread"]


def starts_a_thread(obj: object) -> bool:
    """Does calling `obj` start a thread of the program's own (`Thread.start`, a `Timer`'s
    or a subclass's too, an executor's `submit` or `map`, a `multiprocessing` pool's, by
    its module: not imported here), a child process (`Popen`, `posix_spawn`, `os.popen`)
    or an asyncio task? What that runs meets the caller's calls when the timing says
    (`_plan._own_threads`)."""
    if type(obj) is operator.methodcaller:  # (``methodcaller("start")(t)``)
        return obj.__reduce__()[1][0] in _STARTS
    func = obj.__func__ if type(obj) is types.MethodType else obj
    return any(func is f for f in _THREAD_STARTS) or type(func) is types.FunctionType and (
        func.__module__ == "multiprocessing.pool" and func.__qualname__.startswith("Pool."))


def may_start_a_thread(call: Any, fact: Any) -> bool:
    """May this call (an `ast.Call` and its `CallFact`) start a thread or set a timer? One
    that does, a callee known only at run time spelled ``x.start()`` or ``x.submit(...)``
    (a thread kept in an attribute, an executor a helper made; a task group's
    ``create_task`` or anyio's ``start_soon``), or a timer (`sets_a_timer`): a name may only
    keep a call in place here, never move one. Putting a stream in place of stdout counts
    (`contextlib.redirect_stdout`, in a helper or a context manager of yours): a print of
    the function's then runs a ``write`` the analysis did not see."""
    return fact.threads or sets_a_timer(call, fact) or fact.dynamic and isinstance(
        call.func, ast.Attribute) and call.func.attr in _STARTS or getattr(
        fact, "obj", None) in (contextlib.redirect_stdout, contextlib.redirect_stderr)


_THREAD_STARTS = (threading.Thread.start, futures.Executor.submit, futures.Executor.map,
                  *(getattr(_thread, n) for n in ("start_new_thread", "start_new",
                                                   "start_joinable_thread") if hasattr(_thread, n)),
                  futures.ThreadPoolExecutor.submit, futures.ProcessPoolExecutor.submit,
                  futures.ProcessPoolExecutor.map,
                  # a child process runs beside the function until it is waited for
                  subprocess.Popen, os.popen, *(getattr(os, n) for n in (
                      "posix_spawn", "posix_spawnp", "spawnv", "spawnve", "spawnvp", "spawnvpe",
                      "spawnl", "spawnle", "spawnlp", "spawnlpe", "fork") if hasattr(os, n)),
                  # an asyncio task runs beside the coroutine that made it, as a thread does
                  asyncio.Task, asyncio.create_task, asyncio.ensure_future,
                  asyncio.BaseEventLoop.create_task,
                  *([asyncio.TaskGroup.create_task] if hasattr(asyncio, "TaskGroup") else []))


_STARTS = frozenset({"start", "submit", "create_task", "ensure_future", "start_soon",
                     "start_new_thread", "start_new", "start_joinable_thread"})


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
