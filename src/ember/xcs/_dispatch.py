"""Calls of a `functools.singledispatch` function or a `singledispatchmethod`: what they
do is what the implementation their first argument's class picks does.

The wrapper's own body only looks the implementation up and calls it (a callee known
only at run time). Once the call's arguments are known, it is classified as the call of
the implementation it will make. Before that (when the plan is made), it is unknown, and
starts a thread if any registered implementation does: the plan then runs the function
as written, as for any call that starts one (`_plan._own_threads`). A registration made
later changes the registry, which the plan guards.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ember.xcs import _summary  # (it uses this module: by its name)
from ember.xcs._effects import Kind
from ember.xcs._held import held

__all__ = ["dispatch_fact"]

_CallFact = Any  # `_summary.CallFact`


class _Probe:
    @functools.singledispatchmethod
    def method(self, arg: object) -> None: ...


_FUNCTION = functools.singledispatch(lambda arg: None).__code__
_METHOD = _Probe().method.__code__


def dispatch_fact(obj: Any, args: tuple, kwargs: dict | None, exact: bool) -> _CallFact | None:
    """What calling `obj` does, if it is a singledispatch function (else None). `exact`:
    `args` are the call's own."""
    found = _dispatcher(obj)
    if found is None:
        return None
    dispatcher, bind = found
    if exact and args and bind is not None:
        impl = bind(dispatcher.dispatch(args[0].__class__))
        return replace(_summary.fact_for_object(impl, args, kwargs), complete=False)
    impls = tuple(dispatcher.registry.values())
    facts = [_summary.fact_for_object((bind or _as_is)(f)) for f in impls]
    return _summary.CallFact(
        Kind.UNKNOWN, f"{obj.__qualname__}(): the class of its first argument picks the "
        "function it runs", dynamic=True, by_arguments=True, complete=False,
        threads=any(f.threads for f in facts),
        guards=(("check-obj", held(obj), (), _registered, impls),
                *(g for f in facts for g in f.guards)))


def _dispatcher(obj: Any) -> tuple[Any, Callable[[Any], Any] | None] | None:
    """The dispatching function (its ``dispatch`` and ``registry``) behind `obj`, and how
    an implementation it finds is called (a method's is bound to the object first; None
    for a `singledispatchmethod` read off its class, which has no object yet)."""
    if isinstance(obj, functools.singledispatchmethod):
        return obj.dispatcher, None
    if type(obj) is not types.FunctionType:
        return None
    code = obj.__code__
    if code is _FUNCTION:
        return (obj, _as_is) if callable(obj.__dict__.get("dispatch")) else None
    if code is _METHOD:
        cells = dict(zip(code.co_freevars, obj.__closure__ or (), strict=True))
        owner = cells["self"].cell_contents
        if isinstance(owner, functools.singledispatchmethod):
            bound, cls = cells["obj"].cell_contents, cells["cls"].cell_contents
            return owner.dispatcher, lambda f: f.__get__(bound, cls)
    return None


def _as_is(func: Any) -> Any:
    return func


def _registered(obj: Any) -> tuple:
    """The implementations registered, in order (the guard's check)."""
    found = _dispatcher(obj)
    return tuple(found[0].registry.values()) if found is not None else ()
