"""Helpers that print, started early: what they print is shown at the call's own place.

A helper that reads and whose only output is its own ``print()`` calls to stdout
(`CallFact.prints`) may start before its place like any read. Started, it runs as its
*printing twin*: its own code, each such ``print(...)`` writing to a buffer of that call's
(`held_output`), which checks every piece against stdout's encoding as stdout would, so a
print that fails fails where it does. The program shows the buffer on stdout when it
reaches the call's place (`Frame.result`, `Frame.force`): the helper's lines come out
between what the code before and after the call prints, as written. A call the program
never reaches (an earlier call failed first) shows nothing, as the plain code never ran it.

A helper whose output is not only its own prints (a helper of its that prints, a log line,
``print(file=...)``), or that is part of a recursion, is output where it is called: it
keeps its place (`_summary.shown_where_called`).
"""

from __future__ import annotations

import ast
import contextvars
import copy
import io
import sys
import threading
import types
import weakref
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import on_rules_changed
from ember.xcs._held import origin_of, same_origin
from ember.xcs._index import SCOPES, walk_scope
from ember.xcs._infer import local_types
from ember.xcs._resolve import Resolver, guards_hold
from ember.xcs._source import NoSource, source_tree
from ember.xcs._summary import classify_call, held_print
from ember.xcs._twin import bind_twin, compile_twin

__all__ = ["HeldOutput", "held", "held_output", "printing_twin", "reset", "show"]

_PRINT = "__ember_print"
# The buffer of the started call running in this context (a worker thread's, set by `held`).
_current: contextvars.ContextVar[HeldOutput | None] = contextvars.ContextVar(
    "ember_held_output", default=None)
# Per code object: the `origin_of` of the function it was made for, the twin's code (None:
# it has none) and its guards; and each function's twin, bound to its own cells.
_twins: dict[types.CodeType, tuple[tuple, types.CodeType | None, tuple]] = {}
_bound: weakref.WeakKeyDictionary[types.FunctionType, types.FunctionType] = (
    weakref.WeakKeyDictionary())
_lock = threading.Lock()


class HeldOutput(io.StringIO):
    """What one started call printed, not shown yet. Each piece is encoded as stdout
    encodes it (when the call started), raising where stdout would."""

    def __init__(self) -> None:
        super().__init__()
        encoding = getattr(sys.stdout, "encoding", None)
        errors = getattr(sys.stdout, "errors", None)
        self.codec = (encoding, errors if isinstance(errors, str) else "strict") if (
            isinstance(encoding, str)) else None
        self.flushed = False

    def write(self, text: str) -> int:
        if self.codec is not None and type(text) is str:
            text.encode(*self.codec)
        return super().write(text)

    def flush(self) -> None:
        self.flushed = True


def held_output() -> HeldOutput:
    return HeldOutput()


def _print(*args: Any, **kwargs: Any) -> None:
    """What a printing twin's ``print(...)`` calls (with no ``file=``: see `held_print`)."""
    print(*args, **kwargs, file=_current.get())  # (None: stdout, as written)


def show(out: HeldOutput) -> None:
    """At the call's place: what it printed, on stdout as the print would have put it."""
    text = out.getvalue()
    stream = sys.stdout
    if stream is None:
        return  # (print writes nothing then)
    if text:
        stream.write(text)
    if out.flushed:
        stream.flush()


def held(callee: Any, out: HeldOutput) -> Callable[..., Any]:
    """`callee` as its printing twin (`printing_twin` said it has one), printing to `out`."""
    twin = printing_twin(callee)
    assert twin is not None, "launched as printed, so it has a printing twin"

    def run(*args: Any, **kwargs: Any) -> Any:
        token = _current.set(out)
        try:
            return twin(*args, **kwargs)
        finally:
            _current.reset(token)

    return run


def printing_twin(callee: Any) -> Callable[..., Any] | None:
    """The printing twin of a function or a bound method of one; None when it has none:
    not Python code with its source, a nested function, lambda or class (what they print
    is not looked at), a generator or coroutine, or names its prints resolved since bound
    to other objects."""
    func = callee.__func__ if type(callee) is types.MethodType else callee
    if type(func) is not types.FunctionType:
        return None
    hit = _twins.get(func.__code__)
    if hit is None or not same_origin(hit[0], func):
        with _lock:
            inner, guards = _make(func)
            hit = _twins[func.__code__] = (origin_of(func), inner, tuple(guards))
    if hit[1] is None or not guards_hold(hit[2], {}):
        return None
    twin = _bound.get(func)
    if twin is None or twin.__code__ is not hit[1]:
        twin = _bound[func] = bind_twin(hit[1], func, _PRINT, _print)
    return types.MethodType(twin, callee.__self__) if func is not callee else twin


def reset() -> None:
    _twins.clear()
    _bound.clear()


on_rules_changed(reset)


def _make(func: types.FunctionType) -> tuple[types.CodeType | None, list[tuple]]:
    if func.__code__.co_flags & (0x20 | 0x80 | 0x100 | 0x200):  # generator, coroutine, ...
        return None, []
    try:
        tree, filename = source_tree(func)
    except NoSource:
        return None, []
    tree = copy.deepcopy(tree)  # rewritten in place below
    if any(isinstance(n, SCOPES) for n in walk_scope(tree)):
        return None, []
    params = {a.arg for a in ast.walk(tree.args) if isinstance(a, ast.arg)}
    local_names = {n.id for n in walk_scope(tree) if isinstance(n, ast.Name)
                   and isinstance(n.ctx, ast.Store)} | params
    resolver = Resolver(func, local_names, {})
    resolver.local_types = local_types(tree, local_names, resolver)
    replace: dict[int, ast.expr] = {}
    for call in [n for n in walk_scope(tree) if isinstance(n, ast.Call)]:
        if held_print(call, classify_call(call, resolver), local_names):
            replace[id(call)] = ast.Call(func=ast.Name(id=_PRINT, ctx=ast.Load()),
                                         args=call.args, keywords=call.keywords)
    if not replace:
        return None, []
    return compile_twin(func, tree, filename, replace, _PRINT, asynchronous=False), (
        resolver.guards)
