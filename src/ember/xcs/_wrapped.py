"""A decorator's wrapper, jitted through to the function it wraps.

``@trace`` (a ``functools.wraps`` wrapper that logs, times or retries and then calls
``fn(*args, **kwargs)``) leaves `jit` a wrapper with one call in it: nothing to overlap,
while the function it wraps holds the I/O. `through` gives a copy of the wrapper that
runs as written except that its call of the wrapped function calls the jitted function,
which by `jit`'s contract does what the function does. The copy is made only where no
code can tell the two apart:

- the wrapper is a plain function with its source, whose closure holds the function it
  wraps (its ``__wrapped__``) in one variable;
- the wrapper only calls that variable or reads the names `functools.wraps` copies
  (``fn.__name__``, ``__qualname__``, ``__doc__``, ``__module__``, ...), which the jitted
  function has too: it never passes, returns, compares or stores it, and never rebinds
  it;
- every call checks that the variable still holds that function (a sibling closure might
  rebind it), else runs the wrapper as written, and gives the copy the wrapper's
  defaults as they are then (set on the wrapper, or on the jitted function, since).

The copy shares every other closure cell and the globals with the wrapper, so whatever
the wrapper changes (a counter it keeps, its own attributes) is what the plain wrapper
changes.
"""

from __future__ import annotations

import ast
import functools
import inspect
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._source import NoSource, source_tree

__all__ = ["jitted_original", "through"]

# What `functools.wraps` copies onto a wrapper: the jitted function has the same values.
_MIRRORED = frozenset(functools.WRAPPER_ASSIGNMENTS)


def jitted_original(obj: Any) -> Callable[..., Any] | None:
    """The function a jitted wrapper (or a method of one) runs; None for anything else.

    Read from the function's own attributes, never through `getattr`: an object whose
    ``__getattr__`` answers every name (an xmlrpc ``ServerProxy``, a fluent client) is not a
    wrapper, and what it answers is not a function.
    """
    fn = obj.__func__ if type(obj) is types.MethodType else obj  # (by type: a proxy's
    if type(fn) is not types.FunctionType:  # ``__class__`` is not asked)
        return None
    return fn.__dict__.get("__ember_jit_original__")


def through(func: Callable[..., Any], jit_fn: Callable[[Any], Any]) -> Callable[..., Any] | None:
    """The wrapper `func` with the function it wraps jitted by `jit_fn`, checked at each
    call (see the module docstring); None where that could be told apart."""
    wrapped = getattr(func, "__wrapped__", None)
    if not (inspect.isfunction(func) and inspect.isfunction(wrapped)) or jitted_original(
            wrapped) is not None:
        return None
    code, cells = func.__code__, func.__closure__ or ()
    held = [i for i, c in enumerate(cells) if _contents(c) is wrapped]
    if len(held) != 1:
        return None
    name = code.co_freevars[held[0]]
    try:
        tree, _ = source_tree(func)
    except NoSource:
        return None
    if not _only_called(tree, name):
        return None
    cell = cells[held[0]]
    copy = types.FunctionType(code, func.__globals__, func.__name__, func.__defaults__,
                              tuple(types.CellType(jit_fn(wrapped)) if c is cell else c
                                    for c in cells))
    copy.__kwdefaults__ = func.__kwdefaults__

    def same() -> bool:  # (the wrapper's defaults, set on it since, are the copy's too)
        if func.__code__ is not code or _contents(cell) is not wrapped:
            return False
        if copy.__defaults__ is not func.__defaults__:
            copy.__defaults__ = func.__defaults__
        if copy.__kwdefaults__ is not func.__kwdefaults__:
            copy.__kwdefaults__ = func.__kwdefaults__
        return True

    if inspect.iscoroutinefunction(func):
        async def arun(*args: Any, **kwargs: Any) -> Any:
            return await (copy if same() else func)(*args, **kwargs)
        return arun

    def run(*args: Any, **kwargs: Any) -> Any:
        return (copy if same() else func)(*args, **kwargs)
    return run


def _contents(cell: types.CellType) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


def _only_called(tree: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Is `name` only called, or read for a name `functools.wraps` copies, in the body of
    `tree`? (Its decorators and defaults run outside it, before it exists.)"""
    body = ast.Module(body=tree.body, type_ignores=[])
    parents = {id(child): node for node in ast.walk(body) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(body):
        if isinstance(node, ast.Nonlocal | ast.Global) and name in node.names:
            return False
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        if not isinstance(node.ctx, ast.Load):
            return False
        parent = parents.get(id(node))
        if isinstance(parent, ast.Call) and parent.func is node:
            continue
        if (isinstance(parent, ast.Attribute) and parent.value is node
                and isinstance(parent.ctx, ast.Load) and parent.attr in _MIRRORED):
            continue
        return False
    return True
