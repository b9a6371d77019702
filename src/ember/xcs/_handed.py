"""Calls that call a function they are handed: ``map(f, xs)``, ``sorted(xs, key=f)``,
``await asyncio.to_thread(f, *args)``. What they do is what that function does.

A builtin that computes with a function (`higher_order`) is pure only if the function is.
``asyncio.to_thread(f, *args)`` runs ``f(*args)`` in the default executor's thread and is
awaited (`in_a_thread`): when ``f(*args)``, classified as if written as that call, only
reads and runs in any thread, the ``to_thread`` call is that read, a coroutine started
ahead as an awaited read is (``await client.get(u)``); it still runs ``f`` in the
executor's thread, as the plain code does. Anything else is left as the registry says.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import itertools
from dataclasses import replace
from typing import Any

from ember.xcs import _summary  # (it uses this module: by its name)
from ember.xcs._effects import Kind
from ember.xcs._resolve import MISSING, Resolver

__all__ = ["higher_order", "in_a_thread", "run_in_a_thread", "takes_functions"]

_CallFact = Any  # `_summary.CallFact`


def takes_functions(obj: Any) -> bool:
    return id(obj) in _HIGHER_ORDER  # (by identity: the objects live as long as the process)


_HIGHER_ORDER = frozenset(map(id, (
    map, filter, sorted, min, max, functools.reduce, itertools.starmap, itertools.filterfalse,
    itertools.takewhile, itertools.dropwhile, itertools.groupby, itertools.accumulate)))


def higher_order(call: ast.Call, fact: _CallFact, resolver: Resolver) -> _CallFact:
    """`map(f, xs)`, `sorted(xs, key=f)`: calling them calls `f`. Pure only if `f` is."""
    funcs = [k.value for k in call.keywords if k.arg in ("key", "func")]
    if call.args and fact.obj not in (sorted, min, max):
        funcs.append(call.args[0])
    for node in funcs:
        if isinstance(node, ast.Lambda):
            inner = [_summary.classify_call(c, resolver) for c in ast.walk(node.body)
                     if isinstance(c, ast.Call)]
        elif isinstance(node, ast.Constant) and node.value is None:
            inner = []
        else:
            target = resolver.expr(node)
            if target is not MISSING:
                resolver.called(node, target)
            inner = [_summary.fact_for_object(target) if target is not MISSING else
                     _summary.CallFact(Kind.UNKNOWN, "a function known only at run time")]
        for f in inner:
            if f.kind not in (Kind.PURE, Kind.CPU):
                return _summary.CallFact(
                    Kind.UNKNOWN, f"{ast.unparse(call.func)}() calls a function that is not "
                    f"pure ({f.reason})", obj=fact.obj, raises=f.raises,
                    threads=fact.threads or f.threads)
    return fact


def in_a_thread(call: ast.Call, obj: Any, resolver: Resolver) -> _CallFact | None:
    """``asyncio.to_thread(f, *args)`` as the read ``f(*args)`` is, started as a coroutine;
    None when it is not that call or ``f(*args)`` is not a read that runs in any thread."""
    if obj is not asyncio.to_thread or not call.args or any(
            isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return None
    inner = ast.copy_location(ast.Call(func=call.args[0], args=call.args[1:],
                                       keywords=call.keywords), call)
    return run_in_a_thread(_summary.classify_call(inner, resolver))


def run_in_a_thread(fact: _CallFact) -> _CallFact | None:
    """What calling ``asyncio.to_thread`` does with a function and its arguments, given
    what calling the function with them does (`fact`); None: not a read it may start
    ahead (one that runs at its own place, prints, spaces, starts threads)."""
    if fact.kind is not Kind.READ or fact.dynamic or fact.runner != "thread" or (
            fact.prints or fact.spacing or fact.threads or fact.rebinds):
        return None
    # (its object stays the function run: what that reads of the world is the call's own,
    # a global a statement between may change)
    return replace(fact, reason=f"asyncio.to_thread: {fact.reason}", runner="call",
                   fans_out=False)
