"""`jit`: the public transform, a thin wrapper around analysis → plan → rewrite → runtime.

Nothing happens at decoration time. The first call analyses the function with the actual
arguments in hand (so ``self.llm`` can be resolved), plans, and either compiles a rewritten
function or keeps the original; every later call goes straight to that choice. A function
whose plan is "direct" costs one extra Python call.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
import threading
import time
import types
import warnings
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from ember._errors import JITError, JITWarning
from ember.xcs import _runtime
from ember.xcs._analysis import NoSource, analyse, guards_hold
from ember.xcs._config import Config, merge
from ember.xcs._effects import on_rules_changed
from ember.xcs._explain import Explanation, RunRecord
from ember.xcs._plan import Plan, link_sites, make_plan
from ember.xcs._rewrite import compile_plan
from ember.xcs._wrapped import jitted_original, through

__all__ = ["explain", "get_jit_stats", "jit"]

F = TypeVar("F", bound=Callable[..., Any])
_ARGUMENT_GUARDS = ("type", "path", "items", "held", "callee")  # guards that read the call's arguments


class _State:
    """Per-function JIT state: the chosen implementation, the plan and run records.

    A rewritten function runs only while what its plan assumed still holds: the same
    callees behind the names it resolved, the same code object, the same rules (see
    `_analysis.guards_hold`); otherwise the function is planned again. A function run as
    written needs no such check: it is the original.
    """

    __slots__ = ("func", "impl", "plan", "lock", "calls", "last_run", "notes", "replans",
                 "warned", "strategy", "explain", "invocations", "plans", "explained",
                 "defaults", "kwdefaults", "phases", "__weakref__")

    #: Plans made again because their assumptions broke, before the function runs as written.
    MAX_REPLANS = 16

    def __init__(self, func: Callable[..., Any], strategy: str = "auto",
                 explain: bool = False) -> None:
        self.func = func
        self.strategy = strategy  # asked for in xcs.Config: auto, parallel or sequential
        self.explain = explain  # print the explanation after the first run (xcs.Config)
        self.invocations = 0  # calls of the jitted function (counted without a lock)
        self.plans = 0
        self.explained = False
        self.impl: Callable[..., Any] = self._first_call
        # the jitted function's defaults, as last passed on to the function (`enter`)
        self.defaults, self.kwdefaults = func.__defaults__, func.__kwdefaults__
        self.plan: Plan | None = None
        self.lock = threading.Lock()
        self.calls = 0
        self.last_run: RunRecord | None = None
        self.notes: list[str] = []  # run-time fallbacks and hints, shown by explain()
        self.replans = 0
        self.warned = False
        # what the last planning took, by phase, in seconds (analyse, plan, check, rewrite)
        self.phases: dict[str, float] = {}
        _states.add(self)

    def enter(self, wrapper: Any) -> None:
        """A call of a jitted function of ``*args, **kwargs`` (one whose function has
        defaults; `_forwarder`'s wrappers need none of this): defaults set on it since the
        last call are the function's, as they would be on the plain function. (Its
        arguments go on as given, so defaults set on the function itself are used as they
        are; only the jitted function's attributes do not show them.)"""
        self.invocations += 1
        func = self.func
        if wrapper.__defaults__ is not self.defaults:
            func.__defaults__ = self.defaults = wrapper.__defaults__
        if wrapper.__kwdefaults__ is not self.kwdefaults:
            func.__kwdefaults__ = self.kwdefaults = wrapper.__kwdefaults__

    def invalidate(self) -> None:
        """Plan again at the next call (a rule was registered, or caches were reset)."""
        self.impl = self._first_call

    def _first_call(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            if self.impl == self._first_call:
                self._compile(args, kwargs)
        return self.impl(*args, **kwargs)

    def _compile(self, args: tuple, kwargs: dict) -> None:
        self.phases = phases = {}
        mark = time.perf_counter()

        def lap(phase: str | None) -> None:  # (what each phase of planning took: `phases`)
            nonlocal mark
            now = time.perf_counter()
            if phase is not None:
                phases[phase] = now - mark
            mark = now

        signature = None
        try:
            signature = inspect.signature(self.func, follow_wrapped=False)
            bound = signature.bind(*args, **kwargs).arguments
        except (TypeError, ValueError):
            bound = {}  # the call itself will raise the same TypeError as the plain function
        try:
            facts = analyse(self.func, dict(bound), check=False)
            lap("analyse")
            plan = make_plan(facts)
            lap("plan")
            if plan.strategy == "parallel" and plan.facts is not None:
                plan.facts.verify()  # only a rewrite runs what was read from the file
                lap("check")
        except NoSource as exc:
            plan = Plan(None, [], "direct", str(exc))
            self._warn(exc)
        except Exception as exc:  # noqa: BLE001 - a JIT bug must never break user code
            plan = Plan(None, [], "direct", f"analysis failed ({type(exc).__name__}: {exc})")
        self.plans += 1
        if self.strategy == "sequential" and plan.strategy == "parallel":
            plan = Plan(plan.facts, plan.sites, "direct", "xcs.Config(strategy='sequential'): "
                        f"runs as written (the plan: {plan.reason})")
        elif self.strategy == "parallel" and plan.strategy != "parallel":
            raise JITError(f"jit({self.func.__qualname__}, strategy='parallel'): nothing can "
                           f"overlap: {plan.reason}. Fix: strategy='auto' runs it as written; "
                           "xcs.explain(f) shows each call's reason")
        impl = self.func
        # A decorator's wrapper with one call site (the function it wraps): run as written,
        # with that function jitted (`_wrapped`).
        inner = through(self.func, jit) if (
            self.strategy == "auto" and len(plan.sites) <= 1) else None
        if inner is not None:
            name = self.func.__wrapped__.__qualname__  # type: ignore[attr-defined]
            plan = Plan(None, [], "direct", f"a decorator's wrapper: it runs as written, "
                        f"and the function it wraps ({name}) runs jitted")
            impl = inner
        if plan.strategy == "parallel":
            lap(None)
            try:
                impl = self._guarded(plan, compile_plan(plan, _runtime, self), signature)
            except Exception as exc:  # noqa: BLE001
                plan = Plan(plan.facts, plan.sites, "direct",
                            f"rewrite failed ({type(exc).__name__}: {exc}); runs as written")
                impl = self.func
            lap("rewrite")
        self.plan = plan
        self.impl = impl
        if plan.strategy != "parallel":
            self._print_explanation()  # nothing to measure: the plan says why

    def _warn(self, exc: NoSource) -> None:
        if exc.fix and not self.warned:
            self.warned = True
            name = getattr(self.func, "__qualname__", repr(self.func))
            warnings.warn(f"xcs.jit({name}): {exc}; it runs as written. {exc.fix}",
                          JITWarning, stacklevel=6)

    def _guarded(self, plan: Plan, rewritten: Callable[..., Any],
                 known: inspect.Signature | None = None) -> Callable[..., Any]:
        """`rewritten`, run only while the plan's assumptions hold; else plan again
        (`known`: the function's signature, when the caller has it already)."""
        assert plan.facts is not None
        func, code, guards = self.func, self.func.__code__, plan.facts.guards
        # (the rewrite was made with these: ``f.__defaults__ = (...)`` later plans again)
        defaults, kwdefaults = func.__defaults__, func.__kwdefaults__
        # Parameters the plan takes to hold two objects (`Moves.apart`): a call passing one
        # object as both runs as written (planning again would make the same plan).
        apart = [(g[1], g[2]) for g in guards if g[0] == "distinct"]
        guards = [g for g in guards if g[0] != "distinct"]
        needs_args = bool(apart) or any(g[0] in _ARGUMENT_GUARDS for g in guards)
        signature = None
        if needs_args:
            signature = known if known is not None else inspect.signature(
                func, follow_wrapped=False)

        def run(*args: Any, **kwargs: Any) -> Any:
            bound: dict[str, Any] = {}
            if signature is not None:
                try:
                    bound = signature.bind(*args, **kwargs).arguments
                except TypeError:
                    return func(*args, **kwargs)  # raises the plain function's TypeError
                if apart and any(p in bound and q in bound and bound[p] is bound[q]
                                 for p, q in apart):
                    return func(*args, **kwargs)
            if func.__code__ is code and func.__defaults__ is defaults and (
                    func.__kwdefaults__ is kwdefaults) and guards_hold(guards, bound):
                return rewritten(*args, **kwargs)
            return self._replan(run, args, kwargs)

        return run

    def _replan(self, stale: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        with self.lock:
            if self.impl is stale:
                self.replans += 1
                if self.replans > self.MAX_REPLANS:
                    self.plan = Plan(None, [], "direct", f"its callees changed on "
                                     f"{self.replans} calls: it runs as written")
                    self.impl = self.func
                else:
                    self.note("a callee or the code changed since the plan was made: "
                              "planned again")
                    self._compile(args, kwargs)
        return self.impl(*args, **kwargs)

    def note(self, text: str) -> None:
        if text not in self.notes and len(self.notes) < 20:
            self.notes.append(text)

    def record(self, run: RunRecord) -> None:
        self.calls += 1
        self.last_run = run
        self._print_explanation()

    def _print_explanation(self) -> None:
        if self.explain and not self.explained:
            self.explained = True
            print(self.explanation().to_text(), file=sys.stderr)

    def explanation(self) -> Explanation:
        plan = self.plan
        try:
            if plan is None:  # not called yet: a static plan, without argument values
                plan = make_plan(analyse(self.func, {}))
            elif plan.facts is not None and not plan.facts.checked:
                plan.facts.verify()  # a plan run as written, shown: from the loaded code?
        except NoSource as exc:
            if plan is not None:  # it ran as written; it says why from now on
                self._warn(exc)
                self.plan = Plan(None, [], "direct", str(exc))
            plan = Plan(None, [], "direct", str(exc))
        link_sites(plan)  # (which sites feed which: made when first shown)
        name = f"{self.func.__module__}.{self.func.__qualname__}"
        notes = list(self.notes)
        if self.phases:  # (what planning cost the call that made the plan)
            notes.append(f"planned in {sum(self.phases.values()) * 1e3:.1f} ms (" + ", ".join(
                f"{k} {v * 1e3:.1f}" for k, v in self.phases.items()) + ")")
        return Explanation(name, plan, self.last_run, notes)


_states: weakref.WeakSet[_State] = weakref.WeakSet()


def _invalidate_all() -> None:
    for state in list(_states):
        state.invalidate()


on_rules_changed(_invalidate_all)


def jit(func: F | None = None, *, config: Config | None = None) -> F:
    """Run the independent I/O of an ordinary function concurrently.

    The jitted function returns what the function returns and raises what it raises,
    with the same side effects in an order the program cannot tell apart; only the waiting
    overlaps. Where nothing can overlap (pure chains, CPU-bound code, no source), it runs
    the function as written, and `explain()` says why.

    Args:
        func: a function, method, or `async def`; or a class, whose `forward` (else
            `aforward`, else `__call__`) method is jitted in place; or an operator (an
            `op` or an `Operator` instance), which comes back as a jitted copy. Another
            callable (a decorator's instance, ``functools.cache``'s wrapper) comes back
            as it is, with a `JITWarning`. Also usable as a bare decorator, or as
            ``@jit(config=...)``.
        config: an `xcs.Config`; jit takes its ``strategy`` and ``explain`` options
            (others raise `UnsupportedOption`).

    Returns:
        A function with the same signature, plus `.explain()` and `.stats()`.

    Raises:
        JITError: if `func` is not callable, or is a class with none of the methods.
        UnsupportedOption: a `config` option jit does not take.

    Examples:
        >>> import time
        >>> @jit
        ... def two_waits():
        ...     time.sleep(0.05)
        ...     time.sleep(0.05)
        ...     return "done"
        >>> two_waits()
        'done'
    """
    options = merge("jit", config, ("strategy", "explain"),
                    {"strategy": "auto", "explain": False}, {"strategy": "auto", "explain": False})
    again = functools.partial(jit, config=config)
    if func is None:
        return again  # type: ignore[return-value]
    if jitted_original(func) is not None:
        return func
    # (by the object's type: an `isinstance` would ask a proxy of yours its ``__class__``)
    kind = type(func)
    if issubclass(kind, type):
        return _jit_class(func, again)  # type: ignore[return-value]
    if kind is types.MethodType and type(func.__func__) is types.FunctionType:
        return types.MethodType(again(func.__func__), func.__self__)  # type: ignore[return-value]
    if issubclass(kind, (staticmethod, classmethod)):  # (``@jit`` above ``@staticmethod``)
        return type(func)(again(func.__func__))  # type: ignore[return-value]
    if issubclass(kind, functools.partial):  # (its args and keywords the same objects:
        jitted = functools.partial.__new__(type(func), again(func.func))  # a change to
        functools.partial.__setstate__(jitted, (jitted.func, func.args,  # them is seen by
                                                func.keywords, func.__dict__ or None))  # both)
        for slot in _slots(type(func)):  # (a subclass's own slots)
            with contextlib.suppress(AttributeError):  # (one not set)
                slot.__set__(jitted, slot.__get__(func))
        return jitted  # type: ignore[return-value]
    hook = getattr(type(func), "__ember_jit__", None)
    if hook is not None:  # an operator: it makes its jitted copy with `again`
        return hook(func, again)
    if kind is not types.FunctionType:
        if not callable(func):
            raise JITError(f"jit() takes a Python function (def or async def), got "
                           f"{type(func).__name__}: {func!r}")
        return _as_written(func, options)
    state = _State(func, **options)
    if inspect.iscoroutinefunction(func):
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            state.enter(wrapper)
            return await state.impl(*args, **kwargs)
    elif inspect.isgeneratorfunction(func):  # (run as written; a generator all the same)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            state.enter(wrapper)
            return (yield from state.impl(*args, **kwargs))
    elif inspect.isasyncgenfunction(func):
        wrapper = _async_generator(state)
    elif func.__defaults__ is None and func.__kwdefaults__ is None and (
            "state" not in _parameters(func.__code__)):
        wrapper = _forwarder(func.__code__)(state)
    else:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            state.enter(wrapper)
            return state.impl(*args, **kwargs)
    functools.update_wrapper(wrapper, func)
    # (a wrapper of ``*args, **kwargs`` uses neither: set on it, they are the function's)
    wrapper.__defaults__, wrapper.__kwdefaults__ = func.__defaults__, func.__kwdefaults__
    wrapper.__ember_jit_original__ = func  # type: ignore[attr-defined]
    wrapper.__ember_jit_state__ = state  # type: ignore[attr-defined]
    wrapper.explain = state.explanation  # type: ignore[attr-defined]
    wrapper.stats = functools.partial(get_jit_stats, wrapper)  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _parameters(code: types.CodeType) -> tuple[str, ...]:
    """The names of a code object's parameters, in order (``*args`` and ``**kw`` last)."""
    count = code.co_argcount + code.co_kwonlyargcount + bool(
        code.co_flags & inspect.CO_VARARGS) + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    return code.co_varnames[:count]


def _forwarder(code: types.CodeType) -> Callable[[_State], Callable[..., Any]]:
    """A maker of wrappers with the parameters of `code`'s function (which has no defaults),
    passing each on as it came: ``def wrapper(a, /, b, *c, d, **e): return state.impl(a, b,
    *c, d=d, **e)``. Python binds the call, so the plain function's errors are the
    wrapper's (under its name), and defaults set on the wrapper later are used as they
    would be on the plain function, with nothing checked per call: about 60 ns added, where
    a ``*args, **kwargs`` wrapper and `_State.enter` add about 200 (`ember bench jit`)."""
    names = _parameters(code)
    n, k = code.co_argcount, code.co_kwonlyargcount
    star = names[n + k] if code.co_flags & inspect.CO_VARARGS else None
    stars = names[-1] if code.co_flags & inspect.CO_VARKEYWORDS else None
    return _made_forwarder(names[:code.co_posonlyargcount], names[code.co_posonlyargcount:n],
                           names[n:n + k], star, stars)


@functools.lru_cache(maxsize=256)
def _made_forwarder(positional_only: tuple[str, ...], positional: tuple[str, ...],
                    keyword_only: tuple[str, ...], star: str | None,
                    stars: str | None) -> Callable[[_State], Callable[..., Any]]:
    params = [*positional_only, *(["/"] if positional_only else []), *positional,
              f"*{star}" if star else "*" if keyword_only else "", *keyword_only,
              f"**{stars}" if stars else ""]
    passed = [*positional_only, *positional, *([f"*{star}"] if star else []),
              *(f"{n}={n}" for n in keyword_only), *([f"**{stars}"] if stars else [])]
    source = (f"def make(state):\n"
              f"    def wrapper({', '.join(p for p in params if p)}):\n"
              f"        state.invocations += 1\n"
              f"        return state.impl({', '.join(passed)})\n"
              f"    return wrapper\n")
    namespace: dict[str, Any] = {}
    exec(compile(source, "<xcs.jit wrapper>", "exec"), namespace)  # noqa: S102 - our own text
    return namespace["make"]


def _slots(cls: type) -> list[Any]:
    """The slots `cls`'s subclasses of `functools.partial` add (its own are its state)."""
    return [d for k in cls.__mro__ if k is not functools.partial for d in vars(k).values()
            if type(d) is types.MemberDescriptorType]


def _as_written(func: Callable[..., Any], options: dict[str, Any]) -> Callable[..., Any]:
    """A callable that is not a Python function (a class's instance with ``__call__``, a
    ``functools.cache`` wrapper, a builtin): the JIT reads the code of functions, and this
    one's is not at hand. It is given back as it is (its type, attributes, binding as a
    method, copies and pickles all its own), and runs as written; a warning says so."""
    kind = type(func).__qualname__
    own = inspect.getattr_static(func, "__qualname__", None)  # (a __getattr__ is not run)
    if type(own) in (types.GetSetDescriptorType, types.MemberDescriptorType):
        own = own.__get__(func)  # (a builtin's own name)
    own = own if type(own) is str else None
    reason = (f"{f'{own} (a {kind})' if own else f'a {kind} object'} is not a Python "
              f"function: it runs as written, as it is. Fix: jit the Python function it "
              f"calls, below any decorator")
    if options["strategy"] == "parallel":
        raise JITError(f"jit({own or kind}, strategy='parallel'): nothing can overlap: "
                       f"{reason}")
    warnings.warn(f"xcs.jit({own or kind}): {reason}", JITWarning, stacklevel=3)
    return func


def _async_generator(state: _State) -> Callable[..., Any]:
    """An async generator function running `state`'s as written: its values, with what its
    consumer sends, throws or closes passed on (the ``yield from`` of async generators)."""
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        state.enter(wrapper)
        agen = state.impl(*args, **kwargs)
        try:
            value = await agen.__anext__()
            while True:
                try:
                    sent = yield value
                except GeneratorExit:
                    await agen.aclose()
                    raise
                except BaseException as exc:  # noqa: BLE001 - thrown in by the consumer
                    value = await agen.athrow(exc)
                else:
                    value = await (agen.__anext__() if sent is None else agen.asend(sent))
        except StopAsyncIteration:
            return

    return wrapper


def _jit_class(cls: type, jit_fn: Callable[[Any], Any]) -> type:
    """`@jit class Op: def forward(...)`: jit the method that does the work, in place."""
    shadowed: set[str] = set()  # (a name a class nearer `cls` gives as something else)
    for owner in cls.__mro__:  # (its own method, or one a class of the user's gives it)
        if owner is object or owner.__module__.split(".")[0] == "ember":
            continue
        for name in ("forward", "aforward", "__call__"):
            method = owner.__dict__.get(name)
            if name in shadowed or method is None:
                continue
            if inspect.isfunction(method):
                setattr(cls, name, jit_fn(method))
                return cls
            if type(method) in (staticmethod, classmethod) and inspect.isfunction(
                    method.__func__):
                setattr(cls, name, type(method)(jit_fn(method.__func__)))
                return cls
            shadowed.add(name)
    if shadowed:  # (a cached_property's, say: it runs as written)
        warnings.warn(f"xcs.jit({cls.__name__}): its {', '.join(sorted(shadowed))} is not a "
                      "function; the class runs as written", JITWarning, stacklevel=3)
        return cls
    raise JITError(
        f"jit({cls.__name__}): the class defines neither forward(), aforward() nor "
        "__call__(); jit a class whose instances do their work in one of those methods."
    )


def _state(f: Callable[..., Any]) -> _State:
    """The JIT state behind `f`: a jitted function, an `op` of one (its `__wrapped__`), or an
    operator whose `forward` (or `aforward`) is jitted."""
    state = None
    for attr in ("__ember_jit_state__", "__wrapped__", "forward", "aforward", "func"):
        inner = f if attr == "__ember_jit_state__" else getattr(f, attr, None)
        state = getattr(inner, "__ember_jit_state__", None)
        if state is not None:
            break
    kind = type(f)
    if state is None and callable(f) and kind is not types.FunctionType and not issubclass(
            kind, type) and getattr(kind, "__ember_jit__", None) is None:
        raise JITError(f"{kind.__qualname__} is not a Python function: xcs.jit gives it "
                       "back as it is (it runs as written) and has nothing to explain; jit "
                       "the Python function it calls")
    if state is None:
        raise JITError(f"{f!r} is not a jitted function; wrap it with xcs.jit first")
    return state


def explain(f: Callable[..., Any]) -> Explanation:
    """What `jit` decided for `f` and, after a run, the measured timeline.

    Objects that explain themselves (NON graphs, bound jitted methods) are asked directly.

    Examples:
        >>> @jit
        ... def one(x):
        ...     return x + 1
        >>> explain(one).strategy
        'direct'
    """
    if getattr(f, "__ember_jit_state__", None) is None and callable(getattr(f, "explain", None)):
        return f.explain()
    return _state(f).explanation()


def get_jit_stats(f: Callable[..., Any] | None = None) -> dict[str, Any]:
    """Counters for a jitted function (also ``f.stats()``): calls, plans, strategy, speedups.

    Without `f`: ``{"functions": {name: counters}}`` for every jitted function alive in
    the process, keyed by module and qualified name (the earlier Ember's global stats).

    ``calls``: calls of the jitted function; ``plans``: plans built (one, unless a callee
    changed under it); ``strategy``: ``parallel`` or ``direct`` (as written), and
    ``requested``, what its `xcs.Config` asked for; ``predicted_speedup``: the plan's
    (summed call latencies / critical path); ``measured_speedup``: the last run's (summed
    time of the calls it started / its wall time), None until a run started calls early
    (``overlap`` is its former name).

    Examples:
        >>> @jit
        ... def one(x):
        ...     return x + 1
        >>> one(1)
        2
        >>> {k: one.stats()[k] for k in ("calls", "plans", "strategy", "measured_speedup")}
        {'calls': 1, 'plans': 1, 'strategy': 'direct', 'measured_speedup': None}
        >>> get_jit_stats()["functions"][f"{__name__}.one"]["calls"]
        1
    """
    if f is None:
        states = sorted(list(_states), key=lambda s: s.func.__qualname__)
        return {"functions": {f"{s.func.__module__}.{s.func.__qualname__}": _stats(s)
                              for s in states}}
    return _stats(_state(f))


def _stats(state: _State) -> dict[str, Any]:
    ex = state.explanation()
    stats: dict[str, Any] = {
        "calls": state.invocations,
        "plans": state.plans,
        "requested": state.strategy,
        "measured_speedup": None,
        "strategy": ex.strategy,
        "reason": ex.plan.reason,
        "sites": len(ex.plan.sites),
        "moved_sites": len(ex.plan.moved),
        "predicted_speedup": round(ex.predicted_speedup, 3),
        "parallel_runs": state.calls,
    }
    run = state.last_run
    if run is not None:
        busy = sum(t1 - t0 for _, t0, t1, _ in run.spans)
        stats["last_wall_s"] = run.wall
        stats["last_started_calls"] = len(run.spans)
        if run.spans and run.wall > 0:
            stats["overlap"] = stats["measured_speedup"] = busy / run.wall
    return stats
