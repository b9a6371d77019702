"""Async twins of sync helpers whose only waits are sleeps and model calls.

A helper started early by `jit` (or mapped by `vmap`) would hold a thread for its whole
wait. When everything it calls is pure, `time.sleep`, or an object with an `acall`
coroutine (Ember's models and operators), its *twin* does the same work as a task on
Ember's one event loop instead::

    def ask(q):                               async def ask(q):
        prompt = f"Q: {q}"                        prompt = f"Q: {q}"
        r = models("sim/x", prompt)               r = await models.acall("sim/x", prompt)
        return r.strip()                          return r.strip()

so a 1,000-way comprehension of `ask` costs about what hand-written asyncio costs, with no
thread per call. The twin computes and raises what the helper does (a sleep keeps
`time.sleep`'s checks of its argument). It is used only while what the helper's calls
resolved to still holds (the same guards as plans); anything else runs on a thread.
"""

from __future__ import annotations

import ast
import asyncio
import math
import threading
import time
import types
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from ember.xcs._effects import Kind, on_rules_changed
from ember.xcs._guards import guards_hold
from ember.xcs._held import origin_of, same_origin
from ember.xcs._index import copy_tree, walk_scope
from ember.xcs._infer import local_types
from ember.xcs._resolve import MISSING, Resolver
from ember.xcs._source import NoSource, future_flags, source_tree
from ember.xcs._summary import classify_call

__all__ = ["Twins", "bind_twin", "compile_twin", "to_rewrite", "twin_entry", "twin_of"]

_Twin = Callable[..., Coroutine[Any, Any, Any]]


class Twins:
    """A kind of twin, made per code object and bound per function. Functions of one `def`
    share their code but not always the cells, defaults and globals their twin runs with
    (closures of one `def` made by different calls, a `def` in a loop with `d=d` defaults,
    a module loaded twice): they are analysed again. Lambdas made by one comprehension
    share their cells and so their twin. A bound twin lives as long as its function."""

    def __init__(self, make: Callable[[types.FunctionType], tuple[types.CodeType | None, list]],
                 injected: str, value: Any) -> None:
        self.make, self.injected, self.value = make, injected, value
        # Per code object: the `origin_of` of the function it was made for, the twin's code
        # (None: it has none) and its guards.
        self.codes: dict[types.CodeType, tuple[tuple, types.CodeType | None, tuple]] = {}
        self.bound: weakref.WeakKeyDictionary[types.FunctionType, Any] = (
            weakref.WeakKeyDictionary())
        self.lock = threading.Lock()
        on_rules_changed(self.reset)  # (a new rule may change what a helper's calls do)

    def entry(self, func: types.FunctionType) -> tuple[Any, tuple]:
        """`func`'s twin (None: it has none) and the guards it stands under, unchecked."""
        hit = self.codes.get(func.__code__)
        if hit is None or not same_origin(hit[0], func):
            with self.lock:
                inner, guards = self.make(func)
                hit = self.codes[func.__code__] = (origin_of(func), inner, tuple(guards))
        if hit[1] is None:
            return None, ()
        twin = self.bound.get(func)
        if twin is None or twin.__code__ is not hit[1]:
            twin = self.bound[func] = bind_twin(hit[1], func, self.injected, self.value)
        return twin, hit[2]

    def reset(self) -> None:
        self.codes.clear()
        self.bound.clear()


# A twin's sleeps due in the same millisecond of a loop's clock share one timer, woken at
# the end of that millisecond: never before its own deadline, and in the loop turn it would
# have woken in anyway, as the loop's selector waits in whole milliseconds. A 1,000-way
# fan-out then adds to the loop's heap of timers (and takes out of it: some ten Python
# comparisons each way) a few entries, not a thousand. (asyncio's own `sleep` has a timer
# each: the hand-written baseline keeps paying that.)
_Bucket = dict[int, list["asyncio.Future[None]"]]
_buckets: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Bucket] = (
    weakref.WeakKeyDictionary())
_last: tuple[asyncio.AbstractEventLoop | None, _Bucket] = (None, {})  # the last loop's


def _wake(buckets: _Bucket, key: int) -> None:
    for fut in buckets.pop(key):
        if not fut.done():  # (cancelled with its task meanwhile)
            fut.set_result(None)


def _sleep(seconds: Any) -> Awaitable[None]:
    """`time.sleep` on the event loop, with its checks of the argument: what the twin
    awaits (a plain function, so a sleep costs the twin no coroutine of its own)."""
    global _last
    if type(seconds) not in (int, float) or not 0 <= seconds < math.inf:
        time.sleep(seconds)  # raises what time.sleep raises (NaN, inf), or sleeps as it would
        return asyncio.sleep(0)
    if not seconds:
        return asyncio.sleep(0)  # one turn of the loop, as asyncio's own
    loop = asyncio.get_running_loop()
    last_loop, buckets = _last
    if last_loop is not loop:
        buckets = _buckets.get(loop)  # type: ignore[assignment]
        if buckets is None:
            buckets = _buckets.setdefault(loop, {})
        _last = (loop, buckets)
    key = math.ceil((loop.time() + seconds) * 1000)
    fut = loop.create_future()
    due = buckets.get(key)
    if due is None:
        due = buckets[key] = []
        loop.call_at(key / 1000 + 1e-9, _wake, buckets, key)
    due.append(fut)
    return fut


def twin_entry(func: Any) -> tuple[_Twin | None, tuple]:
    """The async twin of a plain function (None when it has none, see the module) and the
    guards under which it stands for it, unchecked: `twin_of` checks them."""
    if type(func) is not types.FunctionType:
        return None, ()
    return _ASYNC.entry(func)


def twin_of(func: Any) -> _Twin | None:
    """The async twin of a plain function, or None when it has none (see the module)."""
    twin, guards = twin_entry(func)
    return twin if twin is not None and guards_hold(guards, {}) else None


def reset() -> None:
    """Forget every twin (`ember.xcs.lowlevel.reset`)."""
    _ASYNC.reset()


def to_rewrite(func: types.FunctionType, refused: tuple[type, ...]
               ) -> tuple[ast.FunctionDef, str, Resolver] | None:
    """`func`'s source tree, a copy to rewrite, with its file and a resolver of its names;
    None when it has no source or its own scope holds a node of the `refused` types."""
    try:
        tree, filename = source_tree(func)
    except NoSource:
        return None
    if any(isinstance(node, refused) for node in walk_scope(tree)):
        return None
    tree = copy_tree(tree)
    params = {a.arg for a in ast.walk(tree.args) if isinstance(a, ast.arg)}
    local_names = {n.id for n in walk_scope(tree) if isinstance(n, ast.Name)
                   and isinstance(n.ctx, ast.Store)} | params
    resolver = Resolver(func, local_names, {})
    resolver.local_types = local_types(tree, local_names, resolver)
    return tree, filename, resolver  # type: ignore[return-value]


def _make(func: types.FunctionType) -> tuple[types.CodeType | None, list[tuple]]:
    if func.__code__.co_flags & (0x20 | 0x80 | 0x100 | 0x200):  # generator, coroutine, ...
        return None, []
    # (a with, a lock's perhaps, would block the loop; nested scopes: kept simple)
    found = to_rewrite(func, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                              ast.With, ast.AsyncWith, ast.Global, ast.Nonlocal, ast.Yield,
                              ast.YieldFrom, ast.Await))
    if found is None:
        return None, []
    tree, filename, resolver = found
    replace: dict[int, ast.expr] = {}
    waits = 0
    # (an await in a generator expression would make it an async generator, which the
    # sum, join or loop walking it cannot walk: such a helper has no twin)
    lazy = {id(n) for g in walk_scope(tree) if isinstance(g, ast.GeneratorExp)
            for n in ast.walk(g)}
    for call in [n for n in walk_scope(tree) if isinstance(n, ast.Call)]:
        fact = classify_call(call, resolver)
        obj = fact.obj
        if id(call) in lazy and (obj is time.sleep or fact.runner == "async"):
            return None, []
        if obj is time.sleep:
            replace[id(call)] = ast.Await(value=ast.Call(
                func=ast.Name(id="__ember_sleep", ctx=ast.Load()), args=call.args,
                keywords=call.keywords))
            waits += 1
        elif obj is not None and obj is not MISSING and fact.runner == "async":
            replace[id(call)] = ast.Await(value=ast.Call(
                func=ast.Attribute(value=call.func, attr="acall", ctx=ast.Load()),
                args=call.args, keywords=call.keywords))
            waits += 1
        elif fact.kind is not Kind.PURE and not (
                fact.kind is Kind.CPU and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id in resolver.local_names
                and isinstance(obj, types.BuiltinMethodType | types.MethodDescriptorType)):
            return None, []  # it calls something that is not known to be free to run here
    if not waits:
        return None, []
    return compile_twin(func, tree, filename, replace), resolver.guards


class _Swap(ast.NodeTransformer):
    def __init__(self, replace: dict[int, ast.expr]) -> None:
        self.replace = replace

    def visit(self, node: ast.AST) -> Any:
        node = self.generic_visit(node)
        return self.replace.get(id(node), node)


def compile_twin(func: types.FunctionType, tree: ast.FunctionDef, filename: str,
                 replace: dict[int, ast.expr], injected: str = "__ember_sleep",
                 asynchronous: bool = True) -> types.CodeType:
    """A twin's code: `tree` with the calls in `replace` swapped, an ``async def`` (or a
    ``def``) compiled inside a factory whose parameters are the function's free variables
    and `injected` (what the swapped calls call), so that it closes over cells as it does."""
    body = [_Swap(replace).visit(stmt) for stmt in tree.body]
    make = ast.AsyncFunctionDef if asynchronous else ast.FunctionDef
    twin_def = make(name=tree.name, args=tree.args, body=body, decorator_list=[],
                    returns=None, type_params=[])
    ast.copy_location(twin_def, tree)
    freevars = func.__code__.co_freevars
    factory = ast.FunctionDef(
        name="__ember_factory",
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=a) for a in
                                                  (injected, *freevars)],
                           vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=[twin_def, ast.Return(value=ast.Name(id=tree.name, ctx=ast.Load()))],
        decorator_list=[], returns=None, type_params=[])
    module = ast.fix_missing_locations(ast.Module(body=[factory], type_ignores=[]))
    code = compile(module, filename, "exec", flags=future_flags(func.__code__), dont_inherit=True)
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    return next(c for c in factory_code.co_consts
                if isinstance(c, types.CodeType) and c.co_name == tree.name)


def bind_twin(inner: types.CodeType, func: types.FunctionType, injected: str = "__ember_sleep",
              value: Any = _sleep) -> Any:
    """The twin of `func`: its code over `func`'s own globals, defaults and cells, with
    `value` for the name `injected`."""
    cells = dict(zip(func.__code__.co_freevars, func.__closure__ or (), strict=True))
    closure = tuple(types.CellType(value) if name == injected else cells[name]
                    for name in inner.co_freevars)
    twin = types.FunctionType(inner, func.__globals__, func.__name__, func.__defaults__,
                              closure)
    twin.__kwdefaults__ = func.__kwdefaults__
    twin.__qualname__ = func.__qualname__
    return twin


_ASYNC = Twins(_make, "__ember_sleep", _sleep)  # the async twins
