"""What calling an object does, as a `CallFact`: its rule, its declaration, or its body.

`fact_for_object` asks the effect registry first, then Ember's own declarations (models,
operators), then analyses a Python function's source, transitively: a helper's effect is
the strongest effect of what its body calls (`summarize`). Summaries are cached per code
object and used again only while the names the body resolved hold the same objects.
"""

from __future__ import annotations

import ast
import asyncio
import collections
import functools
import inspect
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ember.xcs import _construct, _dispatch, _dunders, _handed, _implicit  # (they use this)
from ember.xcs._caches import cached_function
from ember.xcs._clients import decided_with_clients, hands_a_client, only_spread, with_clients
from ember.xcs._clock import decides_by_clock
from ember.xcs._effects import (
    ANY,
    Kind,
    classify,
    consulted,
    declared,
    effect_label,
    on_rules_changed,
    rule_for_call,
    settled,
)
from ember.xcs._globals import thread_local
from ember.xcs._guards import code_guard, guards_hold, object_guard, unique_guards
from ember.xcs._held import held, live, origin_of, same_origin
from ember.xcs._index import TreeIndex, in_poll, root_name, scope_names, spins, waits_for_others
from ember.xcs._infer import local_types
from ember.xcs._locals import local_values, partial_locals
from ember.xcs._logging_rules import yours_run_by
from ember.xcs._outputs import answers_checked
from ember.xcs._owned import from_outside, owned_calls
from ember.xcs._plain import display_name, immutable, mutable_defaults, plain_data
from ember.xcs._pools import waits_in
from ember.xcs._resolve import (
    MISSING,
    NAMED_TUPLE_METHODS,
    SIMPLE,
    Resolver,
    class_guards,
    keywords_handed,
    on_summaries,
    static_args,
    static_attr,
)
from ember.xcs._shown import held_call, held_log, held_print, only_shows, shown_where_called
from ember.xcs._source import NoSource, source_tree
from ember.xcs._stmt import sets_outside
from ember.xcs._timing import may_start_a_thread, starts_a_thread
from ember.xcs._whose import users_class, users_code
from ember.xcs._wrapped import jitted_original

__all__ = ["CallFact", "classify_call", "fact_for_object", "pure_getter", "reset", "starts_threads",
           "summarize"]


@dataclass(slots=True)
class CallFact:
    """What one call expression does."""

    kind: Kind
    reason: str
    resource: str | None = None
    dynamic: bool = False  # decided per call at run time (the callee is only known then)
    obj: Any = None  # the statically resolved callee, when there is one
    runner: str = "thread"  # how a started call runs (see `Rule.runner`)
    complete: bool = True  # False when the body calls a global not defined yet, or when
    # the call's arguments decided it (`_with_arguments`): not kept per function
    sleeps: bool = False  # its wait is a sleep: as a statement of its own, it is spacing
    raises: bool = False  # it may raise by design (an explicit raise/assert in its body)
    spacing: bool = False  # a sleep whose value nothing uses: keeps its place between calls
    fans_out: bool = False  # a helper whose own reads may overlap: it runs jitted when started
    returns: type | None = None  # the type each of its body's returns gives, when one
    hidden: frozenset[str] = frozenset()  # what its arguments' formatting may run of yours,
    handed: frozenset[str] = frozenset()  # and locals of types not known it hands a helper
    by_arguments: bool = False  # a helper of the user's handed a library's object (a
    # client, a session), whose summary depends on it: decided when it starts, with them
    rebinds: bool = False  # it (or a helper it calls) rebinds a global or a nonlocal name,
    # which the caller does not see: a barrier (`_stmt`), since code that reads the name
    # (a helper reading a global str) may be on either side of it
    # It (or a helper it calls) starts a thread, sets a timer or puts a stream of its own in
    # stdout: the function runs as written (`_plan._own_threads`).
    threads: bool = False
    globals_changed: bool = False  # it changes an object a global holds (``Tier.level = v``)
    pools: frozenset = frozenset()  # the bounded connection pools its reads wait in (`_pools`)
    # Its parameters that it only hands to a library's reads and writes, which keep no
    # reference (``chat(client, messages)``): their objects stay the caller's (`_owned`).
    passes_on: frozenset[str] = frozenset()
    # Its only output is its own ``print()`` calls to stdout and those of helpers of the same
    # kind it calls by name: a read started early runs as its printing twin, whose output is
    # held and shown at the call's own place (`_printed`).
    prints: bool = False
    # A helper whose only writes are output (its prints, logging) and that changes none of
    # its arguments' objects and no global: its caller's arguments stay as they were.
    keeps_arguments: bool = False
    cycles: bool = False  # it calls a function whose summary is in progress (recursion)
    clock: bool = False  # it only computes, from a clock it reads: its value is when it runs
    # What the classification assumed, checked before a plan built on it runs (see `Guard`).
    guards: tuple = field(default=(), repr=False)

    @property
    def effect(self) -> str:
        """The effect in a word for explanations: "model", "output", "read", "write", ..."""
        return effect_label(self.kind, self.resource, short=True)

# Summaries by code object, each with the globals, closure cells and defaults it was made
# against (code compares by content: a module loaded twice, or closures of one `def`).
_summaries: dict[types.CodeType, tuple[tuple, CallFact]] = {}
# Summaries of methods of one object, used again while what they resolved holds.
_methods: dict[tuple[Any, int], tuple[Any, CallFact]] = {}
_progress = threading.local()  # code objects being summarized by this thread (recursion)
RECURSIVE = "recursive"  # the reason of a call of a function being summarized


def fact_for_object(obj: Any, args: tuple = (), kwargs: dict | None = None, *,
                    exact: bool = True) -> CallFact:
    """Classify calling `obj` (with these arguments, `ANY` where unknown): the registry,
    then the object's own declaration, then its Python source, transitively. `exact`:
    the arguments are the call's own (at run time), not what the analysis knows of them
    (`static_args` stands a str for an f-string): only then may they decide a helper."""
    target = jitted_original(obj)
    if target is not None:
        return summarize(target)
    if starts_a_thread(obj):
        return CallFact(Kind.UNKNOWN, f"{display_name(obj)}() starts a thread", obj=obj,
                        threads=True)
    rule = answers_checked(declared(obj), obj, kwargs, lambda f: fact_for_object(f).kind
                           ) or rule_for_call(obj, args, kwargs)
    if rule is not None:
        return CallFact(rule.kind, rule.reason, rule.resource, obj=obj, runner=rule.runner,
                        sleeps=rule.sleeps, threads=rule.kind is Kind.UNKNOWN and any(
                            fact_for_object(f).threads for f in yours_run_by(obj)))
    if not exact and type(obj) is not functools.partial and classify(obj) is not None:
        # A rule that reads arguments not known yet (``params=`` of a helper's parameter):
        # decided when the call runs, with its own; never by walking the library's body.
        return CallFact(Kind.UNKNOWN, "its rule decides with the call's own arguments",
                        dynamic=True, obj=obj)
    if obj is asyncio.to_thread and args and args[0] is not ANY:  # (what it runs decides)
        fact = _handed.run_in_a_thread(fact_for_object(args[0], args[1:], kwargs, exact=exact))
        if fact is not None:
            return fact
    if type(obj) is functools.partial:  # what its function does with these arguments
        fact = fact_for_object(obj.func, (*obj.args, *args), {**obj.keywords, **(kwargs or {})},
                               exact=exact)
        return replace(fact, obj=obj if fact.obj is not None else None)
    func = obj.__func__ if isinstance(obj, types.MethodType) else obj  # (no getattr: yours)
    if isinstance(func, types.FunctionType) and func.__code__ in NAMED_TUPLE_METHODS:
        return CallFact(Kind.PURE, f"{func.__qualname__}() makes a new named tuple or dict",
                        obj=obj)
    if isinstance(obj, types.MethodType) and isinstance(obj.__func__, types.FunctionType):
        if issubclass(type(obj.__self__), type):  # (a proxy of yours: not asked its class)
            return summarize(obj.__func__)
        return _method_summary(obj.__func__, obj.__self__)
    wrapped = cached_function(obj)
    if wrapped is not None:  # functools.cache: a read at its own place (see `_caches`)
        fact = fact_for_object(wrapped, args, kwargs, exact=exact)
        if fact.kind is Kind.READ and exact and plain_data((args, kwargs or {})):  # (a key
            # of yours is hashed and compared by its own `__hash__` and `__eq__`)
            return replace(fact, reason=f"cached, at its own place: {fact.reason}", obj=obj,
                           runner="place")
        return CallFact(Kind.UNKNOWN, "a cached call: a read at its own place when its "
                        "function reads", dynamic=True, obj=obj)
    fact = _dispatch.dispatch_fact(obj, args, kwargs, exact)  # (singledispatch)
    if fact is not None:
        return fact
    if isinstance(obj, types.FunctionType):
        fact = summarize(obj)
        if fact.kind is Kind.UNKNOWN and exact and (args or kwargs):
            return _with_arguments(obj, args, kwargs) or fact
        return fact
    if isinstance(obj, type):
        return _construct.construct(obj)
    if not inspect.isbuiltin(obj):  # (calling it runs its class's `__call__`; Ember's
        call = static_attr(type(obj), "__call__", None)  # operators' runs their `forward`)
        mark = getattr(call, "__ember_forward__", None) if type(call) is types.FunctionType else None
        alone = type(mark) is tuple and mark[0] is call and mark[1](type(obj))
        for method in ("forward", "__call__")[not alone:]:
            fn = static_attr(type(obj), method, None)
            if isinstance(fn, types.FunctionType):
                own = rule_for_call(fn)  # (a rule kept on the method, Ember's `Batched`)
                if own is not None:
                    return CallFact(own.kind, f"{type(obj).__name__}.{method}: {own.reason}",
                                    own.resource, obj=obj, runner=own.runner)
                fact = _method_summary(jitted_original(fn) or fn, obj)
                if fact.kind is not Kind.UNKNOWN or method == "__call__":
                    return replace(fact, reason=f"{type(obj).__name__}.{method}: {fact.reason}",
                                   guards=(*fact.guards, *class_guards(type(obj), method, fn),
                                           *class_guards(type(obj), "__call__", call)))
    undecided = classify(obj) is not None  # a rule that needs the call's arguments
    reason = (f"{display_name(obj)}: its arguments decide what it does" if undecided
              else f"{display_name(obj)} has no effect rule")
    return CallFact(Kind.UNKNOWN, reason, dynamic=True, obj=obj)


def _method_summary(func: types.FunctionType, obj: Any) -> CallFact:
    """`func` with `obj` as ``self``, kept per object (weakly) while what it resolved holds."""
    hit = _methods.get(key := (func, id(obj)))
    if hit is not None and live(hit[0]) is obj and guards_hold(hit[1].guards, {"self": obj}):
        return replace(hit[1])
    fact = summarize(func, {"self": obj})
    if (kept := held(obj)) is not obj:
        if len(_methods) > 4096:
            _methods.clear()
        _methods[key] = (kept, fact)
    return replace(fact)


# Summaries of functions with their parameters bound, by the arguments' types (and values,
# for str, int and the like: a method name decides a rule), used again while they hold.
_by_args: dict[tuple, tuple[tuple, CallFact]] = {}


def _with_arguments(func: types.FunctionType, args: tuple,
                    kwargs: dict | None) -> CallFact | None:
    """What `func` does with these arguments (a client passed in, a default of None): its
    body analysed with its parameters bound to them, where its own summary could not say.
    Marked not `complete`: the arguments decided it, not the function alone."""
    kwargs = kwargs or {}
    if any(v is ANY for v in (*args, *kwargs.values())):
        return None  # (analysis time: the arguments are not known yet)
    try:
        call = inspect.signature(func, follow_wrapped=False).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return None
    call.apply_defaults()
    bound = dict(call.arguments)
    for name, value in bound.items():  # (a ``**kw`` that is only spread: what it passes)
        if type(value) is dict and only_spread(func, name):
            bound[name] = keywords_handed(value)
    key = (func.__code__, *((type(v), v) if type(v) in SIMPLE else tuple(v.items()) if (
        type(v) is types.MappingProxyType) else type(v) for v in bound.values()))
    entry = _by_args.get(key)
    hit = entry[1] if entry is not None and same_origin(entry[0], func) else None
    if hit is None or not guards_hold(hit.guards, bound):
        hit = summarize(func, bound)
        hit.complete = False
        if len(_by_args) > 4096:
            _by_args.clear()
        _by_args[key] = (origin_of(func), hit)
    return replace(hit)


def classify_call(call: ast.Call, resolver: Resolver) -> CallFact:
    obj = resolver.expr(call.func)
    if obj is not MISSING:
        resolver.called(call.func, obj)
        with consulted() as seen:
            fact = fact_for_object(obj, *static_args(call, resolver), exact=False)
        fact.obj = obj
        if fact.guards and isinstance(obj, types.MethodType):
            # The method's own guards hang off its `self`: re-root them where it came from.
            path = resolver.path(call.func.value) if isinstance(call.func, ast.Attribute) else None
            fact.guards = _rebase(fact.guards, path, obj.__self__)
        elif any(g[0] in ("path", "check") and g[1] == "self" for g in fact.guards):
            # (an object's `forward` or `__call__`, summarised with `self` bound to it)
            fact.guards = _rebase(fact.guards, resolver.path(call.func), obj)
        if seen:  # (rooted where this body reaches them: after the re-rooting above)
            fact.guards = (*fact.guards, *_state_guards(seen, call, obj, resolver))
        if not fact.threads and _hands_a_thread_start(call, resolver):
            fact.threads = True  # (a callback it may run, now or later)
        if fact.kind is Kind.PURE and _handed.takes_functions(obj):
            return _handed.higher_order(call, fact, resolver)
        if (in_thread := _handed.in_a_thread(call, obj, resolver)) is not None:
            return in_thread  # (``await asyncio.to_thread(get, url)``: a read)
        if fact.dynamic and fact.kind is Kind.UNKNOWN and hands_a_client(call, obj, resolver):
            decided = with_clients(call, obj, resolver, summarize)
            if decided is not None:
                decided.obj = obj
                return decided
            fact.by_arguments = True
        if fact.dynamic and fact.kind is Kind.UNKNOWN and _of_an_instance(call, obj, resolver):
            fact.by_arguments = True  # (its ``self``, bound when it starts, may decide it)
        return fact
    return CallFact(Kind.UNKNOWN, "callee known only at run time", dynamic=True)


def pure_getter(fget: Any, obj: Any) -> bool:
    """Does reading a property of `obj` (its getter `fget`) run only pure code that does
    not raise by design (a check of its own)? Summarised with `obj` as ``self`` once per
    getter and class, again where that summary's guards do not hold for `obj`."""
    key = (id(fget), id(type(obj)))
    hit = _getters.get(key)
    if hit is None or live(hit[0]) is not fget or live(hit[1]) is not type(obj) or not (
            guards_hold(hit[2].guards, {"self": obj})):
        hit = (held(fget), held(type(obj)), fact_for_object(types.MethodType(fget, obj)))
        if len(_getters) > 4096:
            _getters.clear()
        _getters[key] = hit
    return hit[2].kind is Kind.PURE and not hit[2].dynamic and not hit[2].raises


_getters: dict[tuple[int, int], tuple[Any, Any, CallFact]] = {}


def _hands_a_thread_start(call: ast.Call, resolver: Resolver) -> bool:
    """Is `call` handed, in its arguments or a lambda there, a function that starts a
    thread (``weakref.finalize(obj, spawn)``, ``stack.callback(spawn)``,
    ``fut.add_done_callback(lambda _: spawn())``, ``starmap(spawn, jobs)``)? The callee may
    run it now or later, out of the analysis's sight. (Names of functions are guarded.)"""
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if type(arg) is ast.Constant or type(arg) is ast.Name and (
                arg.id in resolver.local_names):
            continue  # (most arguments: nothing to look at)
        nodes = list(ast.walk(arg))
        if not any(type(n) is ast.Attribute or type(n) is ast.Name and (
                n.id not in resolver.local_names) for n in nodes):
            continue
        inside = {id(n) for f in nodes if type(f) is ast.Lambda  # (run later: handed)
                  for n in ast.walk(f.body)}
        called = {id(n.func) for n in nodes if type(n) is ast.Call  # (their own calls'
                  and id(n) not in inside}  # facts say what they start)
        for node in nodes:
            if id(node) in called:
                continue
            if type(node) is ast.Name and node.id not in resolver.local_names:
                peek = resolver.closure.get(node.id, resolver.globals.get(node.id))
            elif type(node) is ast.Attribute:  # (``sp.spawn``: a method of a known type)
                owner = resolver.value_type(node.value)
                peek = static_attr(owner, node.attr, None) if owner is not None else None
            else:
                continue
            if not isinstance(peek, (types.FunctionType, types.BuiltinFunctionType)) or (
                    type(node) is ast.Name and resolver.expr(node) is not peek):
                continue
            if starts_threads(peek) or type(node) is ast.Attribute and isinstance(
                    peek, types.FunctionType) and (fact := fact_for_object(peek)).dynamic and (
                    fact.kind is Kind.UNKNOWN):  # (a method read without its object,
                return True  # ``self.spawn()`` not known: it may)
    return False


def starts_threads(obj: Any) -> bool:
    """Does calling `obj` start a thread (Python's start, or a function of yours that does)?"""
    return starts_a_thread(obj) or isinstance(obj, types.FunctionType) and users_code(
        obj) and fact_for_object(obj).threads


def _of_an_instance(call: ast.Call, obj: Any, resolver: Resolver) -> bool:
    """Is `call` a method of yours called on an instance whose class is known but not the
    object itself (``c = ItemClient(web); c.fetch(k)``)? Its body was read with ``self``
    not known (``self.session.get``); when it starts, it is read again with it bound."""
    if not (isinstance(obj, types.FunctionType) and isinstance(call.func, ast.Attribute)):
        return False
    owner = resolver.value_type(call.func.value)
    return isinstance(owner, type) and users_class(owner) and (  # (its method found as
        static_attr(owner, "__getattribute__") is object.__getattribute__)  # Python does)


def _state_guards(seen: list[tuple], call: ast.Call, obj: Any, resolver: Resolver) -> list:
    """Guards that what rules read off objects' state (`consult`) still holds: on the path
    from an argument to the call's receiver (``session.get`` with ``session`` passed in, a
    new session each call), else on the object itself (a global session, a logger)."""
    path = resolver.path(call.func.value) if isinstance(call.func, ast.Attribute) else None
    receiver = getattr(obj, "__self__", None)
    return [("check", path[0], path[1], check, held(found))
            if path is not None and target is receiver else object_guard(target, check, found)
            for target, check, found in seen]


def _rebase(guards: tuple, path: tuple[str, tuple[str, ...]] | None, owner: Any) -> tuple:
    """A method summary's guards on ``self.x`` as guards on the caller's path to `self`, or
    on the object itself when the caller reached it through fixed names."""
    out = []
    for g in guards:
        if g[0] == "path" and g[1] == "self":
            out.append(("path", path[0], (*path[1], *g[2]), g[3]) if path is not None
                       else ("from", held(owner), g[2], g[3]))
        elif g[0] == "check" and g[1] == "self":
            out.append(("check", path[0], (*path[1], *g[2]), *g[3:]) if path is not None
                       else ("check-obj", held(owner), g[2], *g[3:]))
        elif g[0] not in ("type", "items", "held"):  # (the caller's own arguments differ)
            out.append(g)
    return tuple(out)


def reset() -> None:
    """Forget every summary (`ember.xcs.lowlevel.reset`; and when a new rule may change
    what a summarised body does, as plans are made again)."""
    for cache in (_summaries, _methods, _by_args, _getters):
        cache.clear()


on_rules_changed(reset)


def summarize(func: Callable[..., Any], bound: dict[str, Any] | None = None) -> CallFact:
    """Classify a Python function by what its body calls, transitively.

    `bound` gives values for parameters (``{"self": obj}`` resolves ``self.llm``); results
    are cached per code object only without it, and only when every global the body calls
    was defined (a helper defined later in its module is looked at again next time).
    """
    code = getattr(func, "__code__", None)
    if code is None:
        return CallFact(Kind.UNKNOWN, "no code object")
    entry = None if bound else _summaries.get(code)
    hit = entry[1] if entry is not None and same_origin(entry[0], func) else None
    if hit is not None and guards_hold(hit.guards, {}):  # what its body called still holds
        return replace(hit, guards=(*hit.guards, code_guard(func)))
    active = _progress.__dict__.setdefault("codes", set())
    if code in active:  # recursion: the other calls decide
        return CallFact(Kind.PURE, RECURSIVE)
    name = getattr(func, "__qualname__", code.co_name)
    if code.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR):
        fact = CallFact(Kind.PURE, f"{name}() only creates a generator")
        _summaries[code] = (origin_of(func), fact)
        return replace(fact)
    active.add(code)
    try:
        try:
            tree, _ = source_tree(func)
        except NoSource as exc:
            fact = CallFact(Kind.UNKNOWN, f"{name}(): {exc}", dynamic=True)
        else:
            fact = _summarize_tree(func, tree, name, bound or {})
    finally:
        active.discard(code)
    if not bound and fact.complete:
        _summaries[code] = (origin_of(func), fact)
    return replace(fact, guards=(*fact.guards, code_guard(func)))


def _summarize_tree(func: Callable[..., Any], tree: ast.AST, name: str,
                    bound: dict[str, Any]) -> CallFact:
    index = TreeIndex(tree)
    params, outer, local_names = scope_names(tree, index)  # type: ignore[arg-type]
    resolver = Resolver(func, local_names, bound)
    local_values(index, resolver, local_names, params)  # ``http = session or requests``
    partial_locals(index, resolver, local_names, params)  # ``get = partial(requests.get)``
    resolver.local_types = local_types(tree, local_names, resolver, index)
    implicit = _implicit.implicit_calls(index, resolver, _dunders.owner_of(func))
    fact = _summary(index, name, params, outer, local_names, resolver, implicit)
    if fact.kind is Kind.CPU and mutable_defaults(func):
        fact.globals_changed = True  # (a default it may change is shared by every call)
    returned = {resolver.value_type(r.value) if r.value is not None else None
                for r in index.find(tree, ast.Return)}
    fact.returns = returned.pop() if len(returned) == 1 else None
    fact.complete = all(
        n.func.id in local_names or resolver.name(n.func.id) is not MISSING
        for n in index.find(tree, ast.Call) if isinstance(n.func, ast.Name)) and all(
        f.complete for f in implicit.values())  # (an import of a module not loaded yet)
    fact.guards = (*fact.guards, *resolver.guards)
    return fact


def _summary(index: TreeIndex, name: str, params: list[str], outer: set[str],
             local_names: set[str], resolver: Resolver, implicit: dict[int, CallFact]
             ) -> CallFact:
    reads: list[CallFact] = []
    writes: list[CallFact] = []
    unknown: list[CallFact] = []
    guards: list[tuple] = []
    mutated: set[str] = set()
    in_place: list[str] = []  # parameters changed by ``+=`` and the like, types not known
    raises = sleeps = paced = polls = threads = False
    clocks: set[int] = set()  # its clock readings, and its reads' and writes' calls
    io: list[ast.Call] = []
    slept: set[str] = set()  # what its sleeps wait (``time.sleep(delay)``: "delay")
    waits: list[ast.Call] = []  # its sleeps
    rebinds = bool(outer)  # (a name declared global or nonlocal: it may bind it)
    fan = 0  # its reads (a recursive call counts: it reads again), 2 for one in a loop
    owned = owned_calls(index, resolver, local_names, params)  # objects it makes for itself
    handed: set[int] = set()  # its parameters' names handed to a library's reads and writes
    printed: list[CallFact] = []  # its own prints to stdout, which a printing twin holds
    cycles = False
    for node in index.find(index.root, _SUMMARY_NODES):
        if isinstance(node, (ast.Raise, ast.Assert)):
            raises = True
        elif isinstance(node, ast.Call):
            fact = classify_call(node, resolver)
            guards.extend(fact.guards)
            cycles |= fact.cycles or fact.reason == RECURSIVE
            if fact.prints:
                shown = shown_where_called(fact)
                if not held_call(node, fact, resolver):
                    fact = shown
                else:  # (its twin's prints go where this helper's twin prints)
                    printed.append(shown)
                    if fact.kind is not Kind.READ:
                        continue
            elif fact.resource == "stdout" and (held_print(node, fact, local_names)
                                                or held_log(node, fact, local_names)):
                printed.append(fact)
                continue
            if fact.kind in (Kind.READ, Kind.WRITE) and classify(fact.obj) is not None:
                handed |= {id(a) for a in (*node.args, *(k.value for k in node.keywords
                                                          if k.arg is not None))
                           if isinstance(a, ast.Name) and a.id in params}
            if fact.resource == "clock":
                clocks.add(id(node))
            if fact.sleeps and isinstance(_statement_of(index, node), ast.Expr):
                paced = True  # a sleep as a statement: spacing for the helper's other I/O
                slept.update(ast.dump(a) for a in node.args[:1])
            if id(node) in owned:
                outside = owned[id(node)]
                if outside is None:
                    continue  # it changes nothing outside an object only this call has
                fact = replace(fact, kind=outside.kind, reason=outside.reason,
                               resource=outside.resource)
            raises |= fact.raises
            rebinds |= fact.rebinds or sets_outside(node, fact, local_names)
            threads |= may_start_a_thread(node, fact)
            sleeps |= fact.sleeps
            if fact.sleeps and classify(fact.obj) is not None:  # (a sleep, not a helper's)
                waits.append(node)
            if fact.kind is Kind.READ or fact.reason == RECURSIVE:
                fan += 2 if index.in_loop(node) else 1
            if fact.kind is Kind.READ:
                reads.append(fact)
                polls |= in_poll(index, node)
            elif fact.kind is Kind.WRITE:
                writes.append(fact)
            if fact.kind in (Kind.READ, Kind.WRITE):
                io.append(node)
            elif fact.kind is Kind.UNKNOWN:
                unknown.append(fact)
            elif fact.kind is Kind.CPU:
                # A call that changes its arguments changes whatever they hold; a
                # container's method called on it changes only it (``rows.append(x)``).
                if not _container_method(node, fact, resolver):
                    for arg in [*node.args, *(k.value for k in node.keywords)]:
                        # (a constant or a literal made here holds no one else's object)
                        mutated |= index.loads(arg) or (set() if isinstance(arg, _LITERALS)
                                                        else {"?"})
                if isinstance(node.func, ast.Attribute):
                    mutated.add(root_name(node.func.value) or "?")
                elif not isinstance(getattr(fact.obj, "__self__", None), (types.ModuleType, type(
                        None))) or type(fact.obj) is functools.partial and (
                        fact.obj.args or fact.obj.keywords):  # (``partial(next, counter)``)
                    mutated.add("?")  # a bound method called by another name: its receiver
                if fact.globals_changed:
                    mutated.add("?")  # (a helper's ``COUNTS[k] += 1``: this one's too)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            threads |= any(ast.unparse(t) in ("sys.stdout", "sys.stderr") for t in targets)
            for t in targets:
                if isinstance(t, (ast.Attribute, ast.Subscript)):
                    mutated.add(root_name(t) or "?")
                elif isinstance(node, ast.AugAssign) and isinstance(t, ast.Name):
                    # ``out += data`` changes a list's, a bytearray's or an array's object
                    # in place, and rebinds an int or a str: an argument's type decides.
                    if t.id in resolver.bound:
                        if not immutable(resolver.bound[t.id]):
                            mutated.add(t.id)
                    elif t.id in params:
                        in_place.append(t.id)
                    else:
                        mutated.add(t.id)
    # A local that may hold an object from outside: changing it changes that object.
    mutated |= {"?" for m in mutated & local_names
                if from_outside(index, m, set(params), local_names, resolver)}
    for key, fact in implicit.items():  # what Python calls for it: `__exit__`, a generator's steps
        if key in owned and owned[key] is None:
            continue  # a loop walking an object only this call has
        guards.extend(fact.guards)
        fact = shown_where_called(fact)
        raises |= fact.raises
        rebinds |= fact.rebinds
        threads |= fact.threads
        cycles |= fact.cycles
        {Kind.READ: reads, Kind.WRITE: writes, Kind.UNKNOWN: unknown}.get(
            fact.kind, []).append(fact)
        if fact.kind is Kind.CPU:
            mutated.add("?")
    # A helper that sleeps as a statement and also does other I/O paces that I/O (a rate
    # limit, a decorator that waits before each call): its calls keep their place. So does
    # one that polls (a loop that stops on what its reads see, or that only sleeps), one
    # whose clock reading, against a time kept outside it, decides (`_clock`), and one that
    # only sleeps and gives back what it waited (``time.sleep(delay); return delay``).
    polls = polls or any(spins(index, w, lambda c: id(c) in clocks)
                         for w in index.find(index.root, ast.While))
    spacing = polls or waits_for_others(index, waits, io) or paced and any(
        not f.sleeps for f in (*reads, *writes, *unknown)) or (
        bool(clocks and io) and decides_by_clock(index, clocks, io, params, resolver)) or (
        bool(slept) and not (writes or unknown) and all(f.sleeps for f in reads) and any(
            r.value is not None and ast.dump(r.value) in slept
            for r in index.find(index.root, ast.Return)))
    # (deduplicated: a helper reached along many paths would repeat its callees' guards,
    # up to hundreds of thousands for a call tree of a few hundred functions)
    uses: dict[str, list[ast.Name]] = {}
    for n in index.find(index.root, ast.Name, nested=True):
        uses.setdefault(n.id, []).append(n)  # type: ignore[attr-defined]
    passes_on = frozenset(p for p in params if p in uses and all(id(n) in handed
                                                                for n in uses[p]))
    flags = {"raises": raises, "sleeps": sleeps, "spacing": spacing, "rebinds": rebinds,
             "threads": threads, "passes_on": passes_on, "cycles": cycles,
             "guards": tuple(unique_guards(guards))}
    changes_outside = bool(outer) or bool(mutated & (set(params) | {"?"})) or bool(
        mutated - local_names)
    # Output that is only prints a twin holds, and no other change: a printing helper that
    # calls it holds its prints too (`held_call`).
    shows = bool(printed) and not (writes or reads or cycles or changes_outside)
    if printed and (writes or not reads or cycles):
        writes += printed  # (held, they would gain nothing; or a call in a cycle prints too)
        printed = []
    if unknown:
        return CallFact(Kind.UNKNOWN, f"{name}() calls {unknown[0].reason}", dynamic=True,
                        **flags)
    if in_place:
        return CallFact(Kind.UNKNOWN, f"{name}() changes {in_place[0]} with an augmented "
                        "assignment (in place for a list or an array): its arguments decide",
                        dynamic=True, by_arguments=True, **flags)
    local = thread_local(index, resolver, local_names)
    if local:
        return CallFact(Kind.UNKNOWN, f"{name}() uses {local}, a threading.local: it runs on "
                        "its caller's thread", dynamic=True, **flags)
    if writes:
        w = writes[0]
        # Writes of several resources (a file and a POST) are a write of "any": every
        # read waits for it, whichever world it reads.
        resources = {x.resource for x in writes}
        resource = w.resource if len(resources) == 1 else "any"
        return CallFact(Kind.WRITE, f"{name}() calls a write: {w.reason}", resource,
                        keeps_arguments=not changes_outside and all(map(only_shows, writes)),
                        prints=shows, **flags)
    if reads:
        if changes_outside:
            return CallFact(Kind.WRITE, f"{name}() does I/O and changes its arguments or "
                            "globals", "any", **flags)
        # (Its calls' arguments are not seen when it is called: a server not known is local.)
        resources = {settled(r.resource) for r in reads}
        resource = resources.pop() if len(resources) == 1 else "mixed"
        place = any(r.runner == "place" for r in reads)  # (`_pools`: a pool of one)
        shown = "; what it prints is shown at its place" if printed else ""
        said = next((r for r in reads if not r.sleeps), reads[0])  # (a retry's backoff: not it)
        return CallFact(Kind.READ, f"{name}() does I/O: {said.reason}{shown}", resource,
                        fans_out=fan >= 2 and not (spacing or place),
                        pools=frozenset().union(*map(waits_in, reads)),
                        runner="place" if place else "thread", prints=bool(printed), **flags)
    if changes_outside:
        return CallFact(Kind.CPU, f"{name}() computes and may change its arguments",
                        globals_changed=bool(outer or mutated - local_names), **flags)
    return CallFact(Kind.PURE, f"{name}() only computes", clock=bool(clocks), **flags)


def _statement_of(index: TreeIndex, call: ast.Call) -> ast.AST | None:
    """What holds `call`, past an ``await`` (``await asyncio.sleep(d)`` as a statement)."""
    up = index.parent(call)
    return index.parent(up) if isinstance(up, ast.Await) else up


def _container_method(call: ast.Call, fact: CallFact, resolver: Resolver) -> bool:
    """Is `call` a builtin container's method called on a container (not on its class,
    ``list.append(rows, x)``, whose first argument is the one changed)?"""
    return getattr(fact.obj, "__objclass__", None) in _CONTAINERS and isinstance(
        call.func, ast.Attribute) and not isinstance(resolver.expr(call.func.value), type)


_CONTAINERS = (list, dict, set, bytearray, collections.deque)
_LITERALS = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Set, ast.Dict)
_SUMMARY_NODES = (ast.Raise, ast.Assert, ast.Call, ast.Assign, ast.AugAssign, ast.AnnAssign,
                  ast.Delete)


# What walking a generator runs, by its function's code object (see `generator_steps`).
_steps: dict[types.CodeType, tuple[tuple, CallFact]] = {}
on_rules_changed(_steps.clear)


def generator_steps(func: Callable[..., Any], bound: dict[str, Any] | None = None) -> CallFact:
    """What walking a generator `func` makes does: its body's calls, as each step runs
    them (`summarize` says what calling `func` does: it only makes the generator)."""
    code = func.__code__  # type: ignore[attr-defined]
    entry = None if bound else _steps.get(code)
    if entry is not None and same_origin(entry[0], func) and guards_hold(entry[1].guards, {}):
        return replace(entry[1])
    active = _progress.__dict__.setdefault("codes", set())
    if code in active:  # recursion: the other calls decide
        return CallFact(Kind.PURE, RECURSIVE)
    name = f"{getattr(func, '__qualname__', code.co_name)}()'s steps"
    active.add(code)
    try:
        tree, _ = source_tree(func)
        fact = _summarize_tree(func, tree, name, bound or {})
    except NoSource as exc:
        fact = CallFact(Kind.UNKNOWN, f"{name}: {exc}", dynamic=True)
    finally:
        active.discard(code)
    if not bound and fact.complete:
        _steps[code] = (origin_of(func), fact)
    return replace(fact)


on_summaries(summarize, functools.partial(decided_with_clients, summarize=summarize))
