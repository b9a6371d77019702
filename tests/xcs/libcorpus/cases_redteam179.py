# ruff: noqa: B023, B008, B905, B009, B010
"""Red-team cases (stop 179): the second batch of this stop (feabf73).

(1) `_formatting.quiet`, which now walks what `gc.get_referents` sees an argument hold, a
weak reference's object, a class's data attributes (not dunders) and a defaultdict's
factory, comparing types by id. Objects that print when formatted, handed to a started
helper (it GETs first, then prints or formats what it was handed), where the walk may not
reach them: a function's own attributes (functions are taken as quiet), a generator's
frame, numpy arrays of objects that are not plain ndarrays (masked, structured, a subclass),
a ctypes array of objects, a partial subclass's attributes and slots, an enum member's
value, a dataclass field's metadata, a class dunder the helper reads, a module global the
helper reads, a LogRecord's args, a Future's result; the walk running code of yours (a
class attribute whose ``__class__`` is a property, ``__getattribute__``).
(2) `_jit._as_written`/`_AsWritten`: jit of callables that are not Python functions (a
class-made decorator, ``functools.cache``'s wrapper, bound builtins, a ``methodcaller``,
an instance with an ``async __call__``, a proxy with ``__getattr__``/``__getattribute__`` or
a ``__class__`` property), a jitted object jitted again, attributes set, read and deleted
through it, ``__wrapped__``/``__doc__``/``__module__``, copying and pickling, use in a class
body as a method; partial subclasses with their own ``__new__``, slots and ``__call__``.
(3) Operators holding callables of yours that print (Retry's accept, MostCommon's
normalize, Router's classifier, Ensemble/Judge/Verifier members, Sequential/Branches steps,
subclasses of Ember's operators), as callable instances, cached functions and partials.
(4) `_infer._stays`: a key of data used to index a container (``LAT[key]``): a dict whose
keys are objects of yours (their ``__eq__`` runs), a dict subclass, a list indexed by an
object whose ``__index__`` prints, a list indexed then changed, a table rebound between.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import collections
import copy
import ctypes
import dataclasses
import enum
import functools
import inspect
import json
import logging
import operator
import pickle
import sys
from typing import Any, ClassVar

import numpy as np
import requests

from ember import xcs
from ember.api import models, operators
from tests.xcs.libcorpus._case import Case, Env

ME = sys.modules[__name__]


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)
QS = ("Why is the sky blue?", "Name a prime.", "What is rust?")
LATS = (0.15, 0.04, 0.09)
M3 = over(*LATS)
SLOW = models.instance("sim/gpt", latency=0.15)
FAST = models.instance("sim/claude", latency=0.04)


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


class Loud:
    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print(f"(str {self.k})")
        return self.k

    __repr__ = __str__


def show(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj)
    return value


def show_list(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, list(obj))
    return value


def _is_jitted(f: Any) -> bool:
    return getattr(f, "__ember_jit_state__", None) is not None


def _J(f: Any, on: bool) -> Any:
    """`xcs.jit` in the jitted run, the identity in the plain run."""
    return xcs.jit(f) if on else f


# =========================================================================== (1) quiet


def tagged_handler(k: str) -> Any:
    def handler(value: str) -> str:
        return value.upper()
    handler.meta = Loud(k)  # type: ignore[attr-defined]
    return handler


def describe(web: str, handler: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, handler.meta)
    return handler(value)


def r179_q_function_attribute(web: str) -> list[str]:
    return [describe(web, tagged_handler(k), k, ms) for k, ms in KMS]


def holding(obj: Any) -> Any:
    yield obj


def r179_q_generator_frame(web: str) -> list[str]:
    return [show_list(web, holding(Loud(k)), k, ms) for k, ms in KMS]


def noisy_items(k: str) -> Any:
    print("(start items", k + ")")
    yield k
    yield k.upper()


def r179_q_generator_prints_when_run(web: str) -> list[str]:
    return [show_list(web, noisy_items(k), k, ms) for k, ms in KMS]


def r179_q_numpy_masked_objects(web: str) -> list[str]:
    return [show_list(web, np.ma.masked_array([Loud(k)], dtype=object), k, ms)
            for k, ms in KMS]


def show_record(web: str, rec: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, rec["tag"][0])
    return value


def r179_q_numpy_structured_record(web: str) -> list[str]:
    dt = np.dtype([("tag", object), ("n", np.int64)])
    return [show_record(web, np.array([(Loud(k), 1)], dtype=dt), k, ms) for k, ms in KMS]


class Column(np.ndarray):
    pass


def r179_q_ndarray_subclass_objects(web: str) -> list[str]:
    return [show_list(web, np.array([Loud(k)], dtype=object).view(Column), k, ms)
            for k, ms in KMS]


def r179_q_ctypes_py_object_array(web: str) -> list[str]:
    return [show_list(web, (ctypes.py_object * 1)(Loud(k)), k, ms) for k, ms in KMS]


class Labelled(functools.partial):
    pass


class SlotLabelled(functools.partial):
    __slots__ = ("label",)


def show_label(web: str, fn: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, fn.label)
    return fn(value)


def r179_q_partial_subclass_attr(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        p = Labelled(str.upper)
        p.label = Loud(k)
        out.append(show_label(web, p, k, ms))
    return out


def r179_q_partial_subclass_slot(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        p = SlotLabelled(str.upper)
        p.label = Loud(k)
        out.append(show_label(web, p, k, ms))
    return out


class Level(enum.Enum):
    LOW = Loud("low")
    HIGH = Loud("high")


def show_value(web: str, member: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, member.value)
    return value


def r179_q_enum_member_value(web: str) -> list[str]:
    members = (Level.LOW, Level.HIGH, Level.LOW)
    return [show_value(web, m, k, ms) for m, (k, ms) in zip(members, KMS)]


@dataclasses.dataclass
class Field179:
    name: str
    width: int = dataclasses.field(default=8, metadata={"fmt": Loud("width")})


def show_meta(web: str, rec: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, [f.metadata.get("fmt") for f in dataclasses.fields(rec)])
    return value


def r179_q_dataclass_field_metadata(web: str) -> list[str]:
    return [show_meta(web, Field179(k), k, ms) for k, ms in KMS]


class Schema:
    __schema__ = Loud("schema")

    def __init__(self, k: str) -> None:
        self.k = k


def show_schema(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, type(obj).__schema__)
    return value


def r179_q_class_custom_dunder(web: str) -> list[str]:
    return [show_schema(web, Schema(k), k, ms) for k, ms in KMS]


class Matched:
    __match_args__ = ("k",)
    LABELS: ClassVar[tuple] = (Loud("m1"), Loud("m2"))

    def __init__(self, k: str) -> None:
        self.k = k


def show_labels(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj.LABELS)
    return value


def r179_q_classvar_tuple(web: str) -> list[str]:
    return [show_labels(web, Matched(k), k, ms) for k, ms in KMS]


REGISTRY = {"a": Loud("reg-a"), "b": Loud("reg-b"), "c": Loud("reg-c")}


def show_registered(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, REGISTRY[key])
    return value


def r179_q_module_global_registry(web: str) -> list[str]:
    return [show_registered(web, k, ms) for k, ms in KMS]


def show_message(web: str, rec: logging.LogRecord, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, rec.getMessage())
    return value


def r179_q_logrecord_args(web: str) -> list[str]:
    recs = [logging.LogRecord("r179", logging.INFO, __file__, 1, "tag %s", (Loud(k),), None)
            for k, _ in KMS]
    return [show_message(web, r, k, ms) for r, (k, ms) in zip(recs, KMS)]


class LazyConf:
    """A lazy proxy (as werkzeug's and Django's): ``__class__`` is the loaded object's."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        print("(load conf", self._name + ")")
        return dict

    def __getattr__(self, name: str) -> Any:
        return getattr({"timeout": 5}, name)


class Service:
    conf = LazyConf("service")

    def __init__(self, k: str) -> None:
        self.k = k


def show_k(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj.k)
    return value


def r179_w_class_attr_class_property(web: str) -> list[str]:
    return [show_k(web, Service(k), k, ms) for k, ms in KMS]


class Traced179:
    """An object logging every attribute read (a debugging proxy)."""

    def __init__(self, k: str) -> None:
        object.__setattr__(self, "k", k)

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("__"):
            print("(read", name + ")")
        return object.__getattribute__(self, name)


def r179_w_getattribute_arg(web: str) -> list[str]:
    return [show_k(web, Traced179(k), k, ms) for k, ms in KMS]


class ClassPropertyArg:
    def __init__(self, k: str) -> None:
        self.k = k

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        print("(class of", self.k + ")")
        return ClassPropertyArg


def r179_ok_plain_args(web: str) -> list[str]:
    return [show(web, {"k": k, "n": [1, 2]}, k, ms) for k, ms in KMS]


# =========================================================================== (2) as written


def three_printed(web: str, tag: str = "t") -> list[str]:
    """Fetch three items and print each."""
    out = []
    for k, ms in KMS:
        v = get(web, f"{tag}{k}", ms)
        print("item", tag, k)
        out.append(v)
    return out


class Traced:
    """A class-made decorator counting its calls."""

    def __init__(self, fn: Any) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.calls = 0
        self.verbose = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.verbose:
            print("traced", self.fn.__name__, self.calls)
        return self.fn(*args, **kwargs)


def r179_j_cache_method_in_class(web: str) -> str:
    return web


def fetch_method(self: Any, key: str, ms: int) -> str:
    print("fetch", key)
    return get(self.web, key, ms)


def drive_cache_method(f: Any, env: Env) -> Any:
    on = _is_jitted(f)

    class Repo:
        def __init__(self, web: str) -> None:
            self.web = web

        fetch = _J(functools.lru_cache(maxsize=None)(fetch_method), on)

    repo = Repo(env.web)
    return [repo.fetch("a", 150), repo.fetch("b", 40), repo.fetch("a", 150)]


def r179_j_class_decorator_method(web: str) -> str:
    return web


class Bindable(Traced):
    """A class-made decorator that binds like a function (a descriptor)."""

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self if obj is None else functools.partial(self, obj)


def drive_class_decorator_method(f: Any, env: Env) -> Any:
    on = _is_jitted(f)

    class Repo:
        def __init__(self, web: str) -> None:
            self.web = web

        fetch = _J(Bindable(fetch_method), on)

    repo = Repo(env.web)
    return [repo.fetch("a", 150), repo.fetch("b", 40)]


def r179_j_cache_wrapped_bypass(web: str) -> str:
    return web


def drive_cache_wrapped(f: Any, env: Env) -> Any:
    g = _J(functools.cache(three_printed), _is_jitted(f))
    first = g(env.web, "w")
    fresh = g.__wrapped__(env.web, "w")
    return [first == fresh, g.cache_info().hits, g.cache_info().misses]


def r179_j_doc_and_module(web: str) -> str:
    return web


def drive_doc_module(f: Any, env: Env) -> Any:
    g = _J(Traced(three_printed), _is_jitted(f))
    return [g.__name__, g.__doc__, g.__module__, g(env.web, "d")]


def r179_j_cache_doc(web: str) -> str:
    return web


def drive_cache_doc(f: Any, env: Env) -> Any:
    g = _J(functools.lru_cache(maxsize=4)(three_printed), _is_jitted(f))
    return [g.__doc__, g(env.web, "cd")]


def r179_j_isinstance_decorator(web: str) -> str:
    return web


def drive_isinstance(f: Any, env: Env) -> Any:
    g = _J(Traced(three_printed), _is_jitted(f))
    g(env.web, "i")
    return [isinstance(g, Traced), g.calls]


def r179_j_del_attribute(web: str) -> str:
    return web


def drive_del_attr(f: Any, env: Env) -> Any:
    g = _J(Traced(three_printed), _is_jitted(f))
    g.note = "temp"
    del g.note
    return [hasattr(g, "note"), g(env.web, "da")]


def r179_j_deepcopy_registry(web: str) -> str:
    return web


def drive_deepcopy(f: Any, env: Env) -> Any:
    g = _J(Traced(three_printed), _is_jitted(f))
    registry = {"fetch": g, "retries": [1, 2]}
    backup = copy.deepcopy(registry)
    backup["retries"].append(3)
    return [registry["retries"], backup["fetch"](env.web, "dc")]


def r179_j_copy_copy(web: str) -> str:
    return web


def drive_copy(f: Any, env: Env) -> Any:
    g = _J(Traced(three_printed), _is_jitted(f))
    h = copy.copy(g)
    return [h(env.web, "cc"), g.calls]


@functools.cache
def conf_value(web: str, key: str) -> str:
    print("conf", key)
    return get(web, key, 40)


_CONF_VALUE = conf_value


def r179_j_pickle_cache_wrapper(web: str) -> str:
    return web


def drive_pickle(f: Any, env: Env) -> Any:
    ME.conf_value = _J(_CONF_VALUE, _is_jitted(f))
    try:
        back = pickle.loads(pickle.dumps(ME.conf_value))
        return [back(env.web, "pk"), back is ME.conf_value]
    finally:
        ME.conf_value = _CONF_VALUE


def r179_j_jit_twice_explain(web: str) -> str:
    return web


def drive_twice(f: Any, env: Env) -> Any:
    on = _is_jitted(f)
    inner = Traced(three_printed)
    g = _J(_J(inner, on), on)
    out = g(env.web, "tw")
    if on:  # (given back as it is: jitted twice, still the object itself)
        assert g is inner
    return [out, inner.calls]


class AsyncTraced:
    def __init__(self, fn: Any) -> None:
        self.fn = fn

    async def __call__(self, *args: Any) -> Any:
        print("async call", args[1:])
        return await self.fn(*args)


async def afetch(web: str, key: str, ms: int) -> str:
    await asyncio.sleep(ms / 1000)
    return f"{key}@{ms}"


def is_async_callable(obj: Any) -> bool:
    """As Starlette tells an async endpoint."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    return inspect.iscoroutinefunction(obj) or (
        callable(obj) and inspect.iscoroutinefunction(obj.__call__))


def r179_j_async_call_dispatch(web: str) -> str:
    return web


def drive_async_dispatch(f: Any, env: Env) -> Any:
    g = _J(AsyncTraced(afetch), _is_jitted(f))

    async def main() -> Any:
        if is_async_callable(g):
            return await g(env.web, "x", 30)
        return "sync"

    return asyncio.run(main())


class LoggingProxy:
    def __init__(self, target: Any) -> None:
        object.__setattr__(self, "_target", target)

    def __getattribute__(self, name: str) -> Any:
        print("(proxy read", name + ")")
        return object.__getattribute__(self, name)

    def __call__(self, *args: Any) -> Any:
        return object.__getattribute__(self, "_target")(*args)


def r179_j_getattribute_proxy(web: str) -> str:
    return web


def drive_getattribute_proxy(f: Any, env: Env) -> Any:
    g = _J(LoggingProxy(three_printed), _is_jitted(f))
    return g(env.web, "gb")


class LocalProxy:
    """As werkzeug's LocalProxy: looks up its object at each use, and passes for it."""

    def __init__(self, lookup: Any) -> None:
        object.__setattr__(self, "_lookup", lookup)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(object.__getattribute__(self, "_lookup")())

    def __getattr__(self, name: str) -> Any:
        return getattr(object.__getattribute__(self, "_lookup")(), name)

    def __call__(self, *args: Any) -> Any:
        return object.__getattribute__(self, "_lookup")()(*args)


def fetch_one(web: str, key: str) -> str:
    print("one", key)
    return get(web, key, 40)


def fetch_two(web: str, key: str) -> str:
    a = get(web, key + "1", 90)
    b = get(web, key + "2", 40)
    print("two", key)
    return a + b


def r179_j_local_proxy_switch(web: str) -> str:
    return web


def drive_local_proxy(f: Any, env: Env) -> Any:
    current = {"handler": fetch_one}
    g = _J(LocalProxy(lambda: current["handler"]), _is_jitted(f))
    first = g(env.web, "lp")
    current["handler"] = fetch_two
    second = g(env.web, "lq")
    return [first, second]


def r179_j_bound_builtins(web: str) -> str:
    return web


def drive_bound_builtins(f: Any, env: Env) -> Any:
    on = _is_jitted(f)
    seen: list[str] = []
    add = _J(seen.append, on)
    upper = _J(operator.methodcaller("upper"), on)
    with requests.Session() as s:
        fetch = _J(s.get, on)
        for k, ms in KMS:
            add(upper(fetch(f"{env.web}/items/{k}?ms={ms}", timeout=5).json()["value"]))
    return seen


class Tagged(functools.partial):
    """A partial subclass that takes a tag of its own."""

    def __new__(cls, func: Any, /, *args: Any, tag: str, **kwargs: Any) -> Tagged:
        self = super().__new__(cls, func, *args, **kwargs)
        self.tag = tag
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        print("call", self.tag)
        return super().__call__(*args, **kwargs)


def r179_j_partial_subclass_new(web: str) -> str:
    return web


def drive_partial_new(f: Any, env: Env) -> Any:
    g = _J(Tagged(three_printed, tag="pn"), _is_jitted(f))
    return [g(env.web), g.tag, type(g).__name__]


class Slotted(functools.partial):
    __slots__ = ("tag",)


def r179_j_partial_subclass_slots(web: str) -> str:
    return web


def drive_partial_slots(f: Any, env: Env) -> Any:
    p = Slotted(three_printed)
    p.tag = "ps"
    g = _J(p, _is_jitted(f))
    return [g(env.web, g.tag), g.tag]


class Repeat(functools.partial):
    """A partial subclass whose call runs the function twice."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return [super().__call__(*args, **kwargs), super().__call__(*args, **kwargs)]


def r179_j_partial_subclass_call(web: str) -> str:
    return web


def drive_partial_call(f: Any, env: Env) -> Any:
    g = _J(Repeat(three_printed, tag="pc"), _is_jitted(f))
    return g(env.web)


# =========================================================================== (3) operators


class Normalizer:
    def __call__(self, answer: str) -> str:
        print("normalize", answer[:10])
        return answer.strip().lower()


def ask_and_vote(vote: Any, q: str, lat: float) -> str:
    a = models("sim/gpt", q, latency=lat)
    b = models("sim/claude", q, latency=lat / 2)
    return str(vote([a, b]))[:12]


def r179_o_mostcommon_instance_normalize() -> list[str]:
    vote = operators.MostCommon(normalize=Normalizer())
    return [ask_and_vote(vote, q, lat) for q, lat in zip(QS, LATS)]


@functools.cache
def cached_norm(answer: str) -> str:
    print("normalize", answer[:10])
    return answer.strip().lower()


def r179_o_mostcommon_cached_normalize() -> list[str]:
    cached_norm.cache_clear()
    vote = operators.MostCommon(normalize=cached_norm)
    return [ask_and_vote(vote, q, lat) for q, lat in zip(QS, LATS)]


def norm_with(prefix: str, answer: str) -> str:
    print(prefix, answer[:10])
    return answer.strip().lower()


def r179_o_mostcommon_partial_normalize() -> list[str]:
    vote = operators.MostCommon(normalize=functools.partial(norm_with, "norm"))
    return [ask_and_vote(vote, q, lat) for q, lat in zip(QS, LATS)]


def r179_ok_mostcommon_builtin_normalize() -> list[str]:
    vote = operators.MostCommon(normalize=str.casefold)
    return [ask_and_vote(vote, q, lat) for q, lat in zip(QS, LATS)]


class Checker:
    def __call__(self, answer: Any) -> bool:
        print("check", str(answer)[:10])
        return True


def ask_retry(retry: Any, q: str) -> str:
    return str(retry(q))[:12]


def r179_o_retry_accept_instance() -> list[str]:
    slow = operators.Retry(SLOW, accept=Checker())
    fast = operators.Retry(FAST, accept=Checker())
    a = ask_retry(slow, QS[0])
    b = ask_retry(fast, QS[1])
    return [a, b]


@functools.cache
def cached_check(answer: str) -> bool:
    print("check", answer[:10])
    return True


class Asker:
    def __init__(self, model: str, lat: float) -> None:
        self.model, self.lat = model, lat

    def __call__(self, q: str) -> str:
        print("asking", self.model)
        return str(models(self.model, q, latency=self.lat))


def r179_o_retry_inner_instance() -> list[str]:
    slow = operators.Retry(Asker("sim/gpt", 0.15))
    fast = operators.Retry(Asker("sim/claude", 0.04))
    return [ask_retry(slow, QS[0]), ask_retry(fast, QS[1])]


class Classifier:
    def __call__(self, q: str) -> str:
        print("classify", q[:8])
        return "fast" if "prime" in q else "slow"


def r179_o_router_classifier_instance() -> list[str]:
    router = operators.Router({"slow": SLOW, "fast": FAST}, classifier=Classifier())
    return [ask_retry(router, q) for q in QS]


class Member:
    def __call__(self, prompt: str, **kw: Any) -> str:
        print("member", prompt[:8])
        return prompt[::-1]


def ask_ensemble(ens: Any, q: str) -> list[str]:
    return [str(x)[:8] for x in ens(q)]


def r179_o_ensemble_member_instance() -> list[Any]:
    e1 = operators.Ensemble([SLOW, Member()])
    e2 = operators.Ensemble([FAST, Member()])
    return [ask_ensemble(e1, QS[0]), ask_ensemble(e2, QS[1])]


class JudgeFn:
    def __call__(self, prompt: str, **kw: Any) -> str:
        print("judging", len(prompt) > 0)
        return "Best: 1"


def r179_o_judge_model_instance() -> list[str]:
    judge = operators.Judge(JudgeFn())
    out = []
    for q, lat in zip(QS[:2], LATS[:2]):
        cands = [str(models("sim/gpt", q, latency=lat)), str(models("sim/claude", q, latency=lat))]
        out.append(str(judge(q, cands))[:10])
    return out


class Reviser:
    def __call__(self, prompt: str, **kw: Any) -> str:
        print("revising", len(prompt) > 0)
        return "Final answer: fixed"


def r179_o_verifier_reviser_instance() -> list[str]:
    v1 = operators.Verifier(SLOW, reviser=Reviser(), max_rounds=1)
    v2 = operators.Verifier(FAST, reviser=Reviser(), max_rounds=1)
    return [str(v1(QS[0], "draft one"))[:10], str(v2(QS[1], "draft two"))[:10]]


class Shout:
    def __call__(self, x: Any) -> str:
        print("step", str(x)[:8])
        return str(x).upper()


def r179_o_sequential_instance_step() -> list[str]:
    s1 = operators.sequence(SLOW, Shout())
    s2 = operators.sequence(FAST, Shout())
    return [s1(QS[0])[:10], s2(QS[1])[:10]]


class LoggedEnsemble(operators.Ensemble):
    def forward(self, prompt: str) -> Any:
        out = super().forward(prompt)
        print("ensemble answered", len(out))
        return out


def r179_o_ensemble_subclass_forward_prints() -> list[Any]:
    e1 = LoggedEnsemble([SLOW])
    e2 = LoggedEnsemble([FAST])
    return [ask_ensemble(e1, QS[0]), ask_ensemble(e2, QS[1])]


class LoggedJudge(operators.Judge):
    def forward(self, prompt: str, candidates: Any) -> Any:
        out = super().forward(prompt, candidates)
        print("verdict", str(out)[:8])
        return out


def r179_o_judge_subclass_forward_prints() -> list[str]:
    j1 = LoggedJudge(SLOW)
    j2 = LoggedJudge(FAST)
    a = str(j1(QS[0], ["x", "y"]))[:8]
    b = str(j2(QS[1], ["x", "y"]))[:8]
    return [a, b]


class Scored(operators.Operator):
    __ember_io__: ClassVar[str] = "read"

    model: Any
    scorer: Any

    def forward(self, q: str) -> Any:
        answer = self.model(q)
        return (str(answer)[:8], self.scorer(str(answer)))


class LenScorer:
    def __call__(self, text: str) -> int:
        print("score", len(text) > 0)
        return len(text) % 5


def r179_o_own_operator_instance_field() -> list[Any]:
    s1 = Scored(SLOW, LenScorer())
    s2 = Scored(FAST, LenScorer())
    return [s1(QS[0]), s2(QS[1])]


def r179_ok_retry_pure_accept() -> list[str]:
    slow = operators.Retry(SLOW, accept=lambda a: len(str(a)) > 0)
    fast = operators.Retry(FAST, accept=lambda a: len(str(a)) > 0)
    return [ask_retry(slow, QS[0]), ask_retry(fast, QS[1])]


# =========================================================================== (4) _stays


class LoudKey:
    def __init__(self, s: str) -> None:
        self.s = s

    def __hash__(self) -> int:
        return hash(self.s)

    def __eq__(self, other: object) -> bool:
        print("(eq", self.s + ")")
        return self.s == other


CONF = json.dumps({"keys": ["a", "b", "c"]})
LAT_LOUD_KEYS = {LoudKey("a"): 150, LoudKey("b"): 40, LoudKey("c"): 90}


def show_key(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key)
    return value


def r179_s_dict_user_keys(web: str) -> list[str]:
    cfg = json.loads(CONF)
    return [show_key(web, k, LAT_LOUD_KEYS[k]) for k in cfg["keys"]]


class Latencies(dict):
    def __getitem__(self, key: Any) -> Any:
        print("(lat", key + ")")
        return super().__getitem__(key)


LAT_SUB = Latencies({"a": 150, "b": 40, "c": 90})


def r179_s_dict_subclass_getitem(web: str) -> list[str]:
    cfg = json.loads(CONF)
    return [show_key(web, k, LAT_SUB[k]) for k in cfg["keys"]]


class Defaults(dict):
    def __missing__(self, key: str) -> int:
        print("(default", key + ")")
        return 60


LAT_MISSING = Defaults({"a": 150})


class Idx:
    def __init__(self, i: int) -> None:
        self.i = i

    def __index__(self) -> int:
        print("(index", str(self.i) + ")")
        return self.i


KEYS = ["a", "b", "c"]
MSS = [150, 40, 90]


def r179_s_list_index_object(web: str) -> list[str]:
    picks = [Idx(0), Idx(1), Idx(2)]
    return [show_key(web, KEYS[p], MSS[p]) for p in picks]


def r179_s_list_indexed_then_changed(web: str) -> list[str]:
    cfg = json.loads(json.dumps({"picks": [0, 1, 0]}))
    order = [["a", 150], ["b", 40], ["c", 90]]
    out = []
    for i in cfg["picks"]:
        key, ms = order[i]
        out.append(show_key(web, key, ms))
        order[i] = [key + "x", ms // 2]
    return out


def r179_s_table_rebound_between(web: str) -> list[str]:
    lat = {"a": 150, "b": 40, "c": 90}
    lat = Latencies(lat)
    return [show_key(web, k, lat[k]) for k, _ in KMS]


LAT_G = {"a": 150, "b": 40, "c": 90}


def use_loud_latencies() -> None:
    global LAT_G
    LAT_G = Latencies(LAT_G)


def r179_s_global_rebound_only(web: str) -> list[str]:
    use_loud_latencies()
    return [show_key(web, k, LAT_G[k]) for k, _ in KMS]


def r179_s_missing_no_json(web: str) -> list[str]:
    return [show_key(web, k, LAT_MISSING[k]) for k, _ in KMS]


def drive_restore_lat(f: Any, env: Env) -> Any:
    try:
        return f(env.web)
    finally:
        ME.LAT_G = {"a": 150, "b": 40, "c": 90}


def r179_ok_json_keys_plain_dict(web: str) -> list[str]:
    cfg = json.loads(CONF)
    lat = {"a": 150, "b": 40, "c": 90}
    return [show_key(web, k, lat[k]) for k in cfg["keys"]]


def r179_s_defaultdict_table(web: str) -> list[str]:
    cfg = json.loads(CONF)
    lat = collections.defaultdict(lambda: print("(no latency)") or 60, {"a": 150})
    return [show_key(web, k, lat[k]) for k in cfg["keys"]]


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("where", fn, args=web, drive=drive, servers="web", ideal=ideal, **kw)


def sim(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("ensemble", fn, ideal=ideal, **kw)


T3 = over(150, 40, 90)  # three_printed's GETs are sequential by design: one chain
TWO = (0.15 + 0.04) / 0.15
V3 = 1.5 * sum(LATS) / max(LATS)  # (each helper's two calls overlap too)

ALL: list[Case] = [
    # (1) quiet
    _w(r179_q_function_attribute, O3),
    _w(r179_q_generator_frame, O3),
    _w(r179_q_generator_prints_when_run, O3),
    _w(r179_q_numpy_masked_objects, O3),
    _w(r179_q_numpy_structured_record, O3),
    _w(r179_q_ndarray_subclass_objects, O3),
    _w(r179_q_ctypes_py_object_array, O3),
    _w(r179_q_partial_subclass_attr, O3),
    _w(r179_q_partial_subclass_slot, O3),
    _w(r179_q_enum_member_value, O3),
    _w(r179_q_dataclass_field_metadata, O3),
    _w(r179_q_class_custom_dunder, O3),
    _w(r179_q_classvar_tuple, O3),
    _w(r179_q_module_global_registry, O3),
    _w(r179_q_logrecord_args, O3),
    _w(r179_w_class_attr_class_property, O3),
    _w(r179_w_getattribute_arg, O3),
    _w(r179_ok_plain_args, O3, overlap=3),
    # (2) as written
    _d(r179_j_cache_method_in_class, drive_cache_method),
    _d(r179_j_class_decorator_method, drive_class_decorator_method),
    _d(r179_j_cache_wrapped_bypass, drive_cache_wrapped),
    _d(r179_j_doc_and_module, drive_doc_module),
    _d(r179_j_cache_doc, drive_cache_doc),
    _d(r179_j_isinstance_decorator, drive_isinstance),
    _d(r179_j_del_attribute, drive_del_attr),
    _d(r179_j_deepcopy_registry, drive_deepcopy),
    _d(r179_j_copy_copy, drive_copy),
    _d(r179_j_pickle_cache_wrapper, drive_pickle),
    _d(r179_j_jit_twice_explain, drive_twice),
    _d(r179_j_async_call_dispatch, drive_async_dispatch),
    _d(r179_j_getattribute_proxy, drive_getattribute_proxy),
    _d(r179_j_local_proxy_switch, drive_local_proxy),
    _d(r179_j_bound_builtins, drive_bound_builtins),
    _d(r179_j_partial_subclass_new, drive_partial_new),
    _d(r179_j_partial_subclass_slots, drive_partial_slots),
    _d(r179_j_partial_subclass_call, drive_partial_call),
    # (3) operators
    sim(r179_o_mostcommon_instance_normalize, V3),
    sim(r179_o_mostcommon_cached_normalize, V3),
    sim(r179_o_mostcommon_partial_normalize, V3),
    sim(r179_ok_mostcommon_builtin_normalize, V3),
    sim(r179_o_retry_accept_instance, TWO),
    sim(r179_o_retry_inner_instance, TWO),
    sim(r179_o_router_classifier_instance, M3),
    sim(r179_o_ensemble_member_instance, TWO),
    sim(r179_o_judge_model_instance, TWO),
    sim(r179_o_verifier_reviser_instance, TWO),
    sim(r179_o_sequential_instance_step, TWO),
    sim(r179_o_ensemble_subclass_forward_prints, TWO),
    sim(r179_o_judge_subclass_forward_prints, TWO),
    sim(r179_o_own_operator_instance_field, TWO),
    sim(r179_ok_retry_pure_accept, TWO),
    # (4) _stays
    _w(r179_s_dict_user_keys, O3),
    _w(r179_s_dict_subclass_getitem, O3),
    # (each item's lookup prints before its GET and after the GET before it: in order)
    _w(r179_s_list_index_object),
    _w(r179_s_list_indexed_then_changed, over(150, 40, 75)),
    _w(r179_s_table_rebound_between, O3),
    _w(r179_ok_json_keys_plain_dict, O3, overlap=3),
    Case("rebind", r179_s_global_rebound_only, args=web, drive=drive_restore_lat,
         servers="web", ideal=O3),
    _w(r179_s_missing_no_json),
    _w(r179_s_defaultdict_table, O3),
]

FIXED_WHY: dict[str, str] = {
    "r179_q_numpy_structured_record": (
        "`show_record(web, np.array([(Loud(k), 1)], dtype=[('tag', object), ('n', int)]), "
        "k, ms)` printing `rec['tag'][0]` after its GET: `_held_by` looks into a numpy "
        "array only when `dtype.kind == 'O'`; a structured dtype ('V') with an object field "
        "gives [], so the helper starts early and '(str b)' prints first."),
    "r179_q_class_custom_dunder": (
        "`show_schema(web, Schema(k), k, ms)` printing `type(obj).__schema__` (a class "
        "attribute `__schema__ = Loud('schema')`): `_held_by` skips every dunder name of a "
        "class, not only Python's, so the three '(str schema)' lines come before every 'got'."),
    "r179_j_cache_method_in_class": (
        "`fetch = xcs.jit(functools.lru_cache(maxsize=None)(fetch_method))` in a class body: "
        "the lru_cache wrapper is a descriptor (binds `self`), `_AsWritten` defines no "
        "`__get__`, so `repo.fetch('a', 150)` passes no self: TypeError (missing 'ms')."),
    "r179_j_class_decorator_method": (
        "as r179_j_cache_method_in_class with a class-made decorator that defines `__get__` "
        "(binding like a function): the jitted object drops the descriptor, TypeError."),
    "r179_j_cache_wrapped_bypass": (
        "`g = xcs.jit(functools.cache(f)); g.__wrapped__(...)` to bypass the cache: "
        "`__wrapped__` is `_AsWritten`'s own slot, holding the cache wrapper, not `f`, so "
        "the call hits the cache (no GETs, no prints; hits 1 vs 0)."),
    "r179_j_doc_and_module": (
        "`xcs.jit(Traced(f)).__doc__` / `.__module__` are `_AsWritten`'s class docstring and "
        "'ember.xcs._jit' (class attributes found before `__getattr__`), not the "
        "decorator's (`update_wrapper` copied f's)."),
    "r179_j_cache_doc": (
        "as r179_j_doc_and_module for `xcs.jit(functools.lru_cache(maxsize=4)(f)).__doc__`."),
    "r179_j_isinstance_decorator": (
        "`isinstance(xcs.jit(Traced(f)), Traced)` is False (plain True): the jitted object is "
        "an `_AsWritten`, which does not pass for the class it wraps."),
    "r179_j_del_attribute": (
        "`g = xcs.jit(Traced(f)); g.note = 'x'; del g.note`: the set goes to the wrapped "
        "object (`__setattr__`), but there is no `__delattr__`: AttributeError on the slots."),
    "r179_j_deepcopy_registry": (
        "`copy.deepcopy({'fetch': xcs.jit(Traced(f)), ...})`: `_AsWritten` is copied through "
        "its slots, down into `_State` and its lock: TypeError cannot pickle '_thread.lock'."),
    "r179_j_copy_copy": (
        "`copy.copy(xcs.jit(Traced(f)))`: the copy is made with its slots unset and the state "
        "restored by `setattr`, which `_AsWritten.__setattr__` forwards to `self.__wrapped__`, "
        "unset, so `__getattr__('__wrapped__')` recurses: RecursionError."),
    "r179_j_pickle_cache_wrapper": (
        "module-level `conf_value = xcs.jit(functools.cache(conf_value))` then "
        "`pickle.dumps(conf_value)` (as ProcessPoolExecutor does): `_AsWritten` is pickled "
        "through its slots, down to `_as_written`'s local `call`, named 'conf_value' in "
        "module 'functools' (`type(func).__module__`): PicklingError, where the plain "
        "cache wrapper pickles by name."),
    "r179_j_async_call_dispatch": (
        "an instance with `async def __call__`, jitted, told apart as Starlette does "
        "(`inspect.iscoroutinefunction(obj.__call__)`): `_AsWritten.__call__` is sync, so "
        "the jitted object is taken as sync and its coroutine never awaited ('sync')."),
    "r179_j_getattribute_proxy": (
        "`xcs.jit(LoggingProxy(f))`, an object whose `__getattribute__` prints: `jit`'s "
        "`isinstance(func, ...)` checks read `func.__class__` through it, printing "
        "'(proxy read __class__)' lines the plain run never prints."),
    "r179_j_partial_subclass_slots": (
        "`xcs.jit(p)` for `class Slotted(functools.partial): __slots__ = ('tag',)`: the copy is "
        "made by `partial.__new__` + `__setstate__`, which copies `__dict__` but not slots: "
        "`g.tag` raises AttributeError."),
    "r179_o_mostcommon_instance_normalize": (
        "`MostCommon(normalize=Normalizer())`, a callable instance that prints, voted on in "
        "a helper after two model calls: `Operator._ember_kind` looks only at functions, "
        "methods and partials (`_FUNCTIONS`), so the vote stays 'pure', the helper starts "
        "early and 'normalize' lines come in completion order."),
    "r179_o_mostcommon_cached_normalize": (
        "as r179_o_mostcommon_instance_normalize with `normalize=functools.cache(fn)`: an "
        "`_lru_cache_wrapper` is not in `_FUNCTIONS` either."),
    "r179_o_judge_subclass_forward_prints": (
        "`class LoggedJudge(operators.Judge)` overriding `forward` to print: under jit the "
        "override never runs (no 'verdict' lines at all): the call starts early and runs "
        "through `acall`, i.e. Judge's own `aforward` (Judge defines no `forward`), so a "
        "subclass's `forward` is skipped."),
}

FAILING_WHY: dict[str, str] = {
    "r179_w_class_attr_class_property": (
        "`show_k(web, Service(k), k, ms)` where `Service.conf` is a lazy proxy whose "
        "`__class__` is a property that prints: `_held_by`'s `isinstance(a, _CODE)` on a "
        "class's data attributes reads `a.__class__`, running it: '(load conf service)' "
        "lines the plain run never prints (use `type(a)` / `issubclass(type(a), _CODE)`)."
        " Documented (docs/jit.md) with r173_q_meta_getattribute_module: the analysis asks objects their class (isinstance) in many places; a proxy of yours whose `__class__` property prints sees it. The start's look, the registry's lookup and the method summaries now ask by type"
    ),
    "r179_s_table_rebound_between": (
        "`lat = {...}; lat = Latencies(lat)` (a dict subclass whose `__getitem__` prints), "
        "then `[show_key(web, k, lat[k]) ...]`: `lat[k]` is taken as a builtin lookup and run "
        "up front ('(lat a)', '(lat b)', '(lat c)' first); with one binding "
        "(`lat = Latencies(...)`) it stays in place."
        " Documented: a local bound to values of two types has no type the analysis knows, and its subscripts are taken as data"
    ),
    "r179_s_global_rebound_only": (
        "`use_loud_latencies()` rebinds the global `LAT_G` (a helper's `global`) to a "
        "Latencies, then `[show_key(web, k, LAT_G[k]) ...]`: `_type` took the global's type "
        "(dict) before the call rebound it; the lookups run up front."
        " Documented: a global rebound during the call by a helper's `global` statement; the plan checks globals when the call starts"
    ),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
