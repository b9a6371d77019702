"""Helpers run jitted: a started call of a helper whose own reads may overlap.

A helper the analysis found to be a read, with two or more reads in its body, one in a
loop or comprehension, or a recursive call beside one (`CallFact.fans_out`), runs jitted
when a plan starts it: by `jit`'s contract the jitted helper does what the helper does,
so its reads overlap each other as well as the caller's, recursively for a recursive
helper. Each function object is jitted once (its plan is made once), and nesting is
bounded: below `MAX_NESTING` levels a helper runs as written.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextvars
import inspect
import types
from collections.abc import Callable
from typing import Any

from ember import _core
from ember.xcs._effects import on_rules_changed

__all__ = ["MAX_NESTING", "jittable", "jitted", "start_jitted"]

MAX_NESTING = 8
"""Helpers run jitted inside helpers run jitted this deep at most; deeper ones run as
written (a recursion keeps a thread per level it waits in, and each level adds frames)."""

_nesting: contextvars.ContextVar[int] = contextvars.ContextVar("ember_xcs_nesting", default=0)
_jitted: dict[types.FunctionType, Callable[..., Any]] = {}
on_rules_changed(_jitted.clear)


def jittable(callee: Any) -> bool:
    """A plain function (or a method of one) that `jitted` takes: not a coroutine's."""
    func = callee.__func__ if type(callee) is types.MethodType else callee
    return type(func) is types.FunctionType and not inspect.iscoroutinefunction(func)


def jitted(helper: types.FunctionType) -> Callable[..., Any]:
    """`helper` jitted, made once per function object (its plan is then made once)."""
    done = _jitted.get(helper)
    if done is None:
        from ember.xcs._jit import jit  # (the JIT runs plans that start helpers here)

        if len(_jitted) > 4096:
            _jitted.clear()
        done = _jitted.setdefault(helper, jit(helper))
    return done


def start_jitted(callee: Any, args: tuple, kwargs: dict, handle: Any) -> cf.Future[Any] | None:
    """Start `callee` (a `jittable` one) jitted on the scheduler's threads; None when
    helpers are nested `MAX_NESTING` deep already (the caller then runs it as written)."""
    depth = _nesting.get()
    if depth >= MAX_NESTING:
        return None
    if type(callee) is types.MethodType:
        run = types.MethodType(jitted(callee.__func__), callee.__self__)
    else:
        run = jitted(callee)
    return _core.workers.submit(_nested, (depth + 1, run, *args), kwargs, handle)


def _nested(depth: int, run: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    _nesting.set(depth)  # (in the context the pool copied for this call alone)
    return run(*args, **kwargs)
