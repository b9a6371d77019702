# ruff: noqa: UP031, B023, B008, B905 - the shapes under test
"""Red-team cases (stop 171): the fifth batch's thread starts named without a call,
constructors that read or change class or module state, and the widened quiet-argument
check.

(1) `_plan._names_a_start` / `_made_by_yours`: a function that starts a thread reached by
odd names (a module attribute alias, an item of a module-level dict, a default argument, a
closure from a module-level factory, a class attribute, a ``functools.wraps`` wrapper, a
decorator applied in the function, ``getattr`` on the module, a global hook that is None
on the first call and a starter on the second), handed to a registry of the user's whose
``fire`` runs it. Each thread PUTs its key 60 ms after it starts and a later GET reads the
key after a 150 ms GET: a GET started early reads the old value. Then ordinary functions
that only mention such a function (its name in a print, a dict of handlers never called,
``callable``, a nested def never run): nothing starts, their GETs may overlap.
(2) Records made in a helper after its GET whose constructor reads or changes class or
module state: an ``itertools.count``'s bound ``__next__`` as a
default factory, a metaclass ``__call__``, a decorated
``__init__``, ``__new__`` interning and counting, a named tuple's ``__new__``, attrs
factories and ``__attrs_post_init__``, pydantic validators and default factories, class
registries, and a config (dict, class attribute, environment) set by the caller before
each helper call.
(3) `_formatting.quiet`: arguments whose showing runs code of the user's by routes the
check may not walk (numpy object arrays, ``UserDict``, mapping proxies, weak proxies,
dict views, bound methods, classes, builtin exceptions holding objects of yours,
arithmetic dunders of Decimal/Fraction subclasses, ``__eq__`` that PUTs used as keys) and
the check's own walk running user code (``__slots__`` classes with ``__getattr__``,
list/dict subclasses with their own ``__len__``, ``values`` or ``__iter__``).
Sibling calls get unequal latencies, slow first.
"""

from __future__ import annotations

import collections
import enum
import functools
import itertools
import os
import sys
import threading
import time
import types
import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import attrs
import numpy as np
import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam171")
ME = sys.modules[__name__]


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)
O2 = over(150, 40)


def url(web: str, key: str, ms: int) -> str:
    return f"{web}/items/{key}?ms={ms}"


def get(web: str, key: str, ms: int) -> str:
    return requests.get(url(web, key, ms), timeout=5).json()["value"]


# =========================================================================== (1) threads

_STARTED: list[threading.Thread] = []


def _late_put(web: str, key: str) -> None:
    time.sleep(0.06)
    requests.put(f"{web}/items/{key}", data="new", timeout=5)


def spawn(web: str, key: str) -> None:
    t = threading.Thread(target=_late_put, args=(web, key))
    t.start()
    _STARTED.append(t)


def join_all() -> None:
    while _STARTED:
        _STARTED.pop().join()


class Registry:
    """Hooks kept now, run later with the same arguments."""

    def __init__(self) -> None:
        self.cbs: list[Any] = []

    def add(self, cb: Any) -> None:
        self.cbs.append(cb)

    def fire(self, web: str, key: str) -> None:
        for cb in self.cbs:
            cb(web, key)


def _make_starter() -> Any:
    def start(web: str, key: str) -> None:
        spawn(web, key)
    return start


def _bind(fn: Any) -> Any:
    def run(web: str, key: str) -> None:
        fn(web, key)
    return run


def logged(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*a: Any, **k: Any) -> Any:
        LOG.info("calling %s", fn.__name__)
        return fn(*a, **k)
    return wrapper


class Hooks:
    on_start = staticmethod(spawn)


STARTER = _make_starter()
BOUND_STARTER = _bind(spawn)
LOGGED_SPAWN = logged(spawn)
HANDLERS: dict[str, Any] = {"start": spawn}
TOOLS = types.SimpleNamespace(spawn=spawn)
ON_START: Any = None


def r171_thr_module_attr(web: str) -> list[str]:
    reg = Registry()
    reg.add(ME.spawn)
    reg.fire(web, "t1")
    first = get(web, "slow1", 150)
    second = get(web, "t1", 10)
    join_all()
    return [first, second]


def r171_thr_namespace_attr(web: str) -> list[str]:
    reg = Registry()
    reg.add(TOOLS.spawn)
    reg.fire(web, "t2")
    first = get(web, "slow2", 150)
    second = get(web, "t2", 10)
    join_all()
    return [first, second]


def r171_thr_dict_item(web: str) -> list[str]:
    reg = Registry()
    reg.add(HANDLERS["start"])
    reg.fire(web, "t3")
    first = get(web, "slow3", 150)
    second = get(web, "t3", 10)
    join_all()
    return [first, second]


def r171_thr_dict_get(web: str) -> list[str]:
    reg = Registry()
    reg.add(HANDLERS.get("start"))
    reg.fire(web, "t4")
    first = get(web, "slow4", 150)
    second = get(web, "t4", 10)
    join_all()
    return [first, second]


def r171_thr_default_arg(web: str, go: Any = spawn) -> list[str]:
    reg = Registry()
    reg.add(go)
    reg.fire(web, "t5")
    first = get(web, "slow5", 150)
    second = get(web, "t5", 10)
    join_all()
    return [first, second]


def r171_thr_factory_closure(web: str) -> list[str]:
    reg = Registry()
    reg.add(STARTER)
    reg.fire(web, "t6")
    first = get(web, "slow6", 150)
    second = get(web, "t6", 10)
    join_all()
    return [first, second]


def r171_thr_bound_closure(web: str) -> list[str]:
    reg = Registry()
    reg.add(BOUND_STARTER)
    reg.fire(web, "t7")
    first = get(web, "slow7", 150)
    second = get(web, "t7", 10)
    join_all()
    return [first, second]


def r171_thr_class_attr(web: str) -> list[str]:
    reg = Registry()
    reg.add(Hooks.on_start)
    reg.fire(web, "t8")
    first = get(web, "slow8", 150)
    second = get(web, "t8", 10)
    join_all()
    return [first, second]


def r171_thr_wraps_global(web: str) -> list[str]:
    reg = Registry()
    reg.add(LOGGED_SPAWN)
    reg.fire(web, "t9")
    first = get(web, "slow9", 150)
    second = get(web, "t9", 10)
    join_all()
    return [first, second]


def r171_thr_decorated_inside(web: str) -> list[str]:
    go = logged(ME.spawn)
    reg = Registry()
    reg.add(go)
    reg.fire(web, "t10")
    first = get(web, "slow10", 150)
    second = get(web, "t10", 10)
    join_all()
    return [first, second]


def r171_thr_getattr_module(web: str) -> list[str]:
    reg = Registry()
    reg.add(getattr(ME, "spa" + "wn"))
    reg.fire(web, "t11")
    first = get(web, "slow11", 150)
    second = get(web, "t11", 10)
    join_all()
    return [first, second]


def r171_thr_hook_rebound(web: str) -> list[str]:
    reg = Registry()
    if ON_START is not None:
        reg.add(ON_START)
    reg.fire(web, "t12")
    first = get(web, "slow12", 150)
    second = get(web, "t12", 10)
    join_all()
    return [first, second]


def _hook_drive(fn: Any, env: Env) -> Any:
    global ON_START
    try:
        first = fn(env.web)
        ON_START = spawn
        second = fn(env.web)
        return [first, second]
    finally:
        ON_START = None


# -- mentions only: nothing starts, the two GETs may overlap


def r171_fp_name_in_print(web: str) -> list[str]:
    print("starter is", spawn.__name__)
    first = get(web, "p1", 150)
    second = get(web, "q1", 40)
    return [first, second]


def r171_fp_handlers_never_called(web: str) -> list[str]:
    handlers = {"start": spawn, "join": join_all}
    print("handlers:", sorted(handlers))
    first = get(web, "p2", 150)
    second = get(web, "q2", 40)
    return [first, second]


def r171_fp_callable_check(web: str) -> list[str]:
    ok = callable(spawn) and spawn is not None
    first = get(web, "p3", 150)
    second = get(web, "q3", 40)
    return [first, second, str(ok)]


def r171_fp_nested_never_run(web: str) -> list[str]:
    def later() -> None:
        spawn(web, "never")
    first = get(web, "p4", 150)
    second = get(web, "q4", 40)
    return [first, second, later.__name__]


def r171_fp_log_qualname(web: str) -> list[str]:
    LOG.info("using %s", spawn.__qualname__)
    first = get(web, "p5", 150)
    second = get(web, "q5", 40)
    return [first, second]


def r171_fp_comprehension_shadow(web: str) -> list[str]:
    names = [spawn.upper() for spawn in ("x", "y")]
    first = get(web, "p6", 150)
    second = get(web, "q6", 40)
    return [first, second, *names]



# =========================================================================== (2) constructors

_IDS = itertools.count(1)
_IDS3 = itertools.count(1)
_PIDS = itertools.count(1)


@dataclass
class NextRec:
    key: str
    value: str
    n: int = field(default_factory=_IDS.__next__)






class CountingMeta(type):
    made = 0

    def __call__(cls, *a: Any, **k: Any) -> Any:
        obj = super().__call__(*a, **k)
        CountingMeta.made += 1
        obj.n = CountingMeta.made
        return obj


class MetaRec(metaclass=CountingMeta):
    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.value = value


INITS = [0]


def counted(init: Any) -> Any:
    @functools.wraps(init)
    def wrapper(self: Any, *a: Any, **k: Any) -> None:
        INITS[0] += 1
        self.n = INITS[0]
        init(self, *a, **k)
    return wrapper


class WrappedRec:
    @counted
    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.value = value


class Sym:
    _table: dict[str, Sym] = {}

    def __new__(cls, name: str) -> Sym:
        if name not in cls._table:
            obj = super().__new__(cls)
            obj.name = name
            obj.id = len(cls._table)
            cls._table[name] = obj
        return cls._table[name]


class _Pt(NamedTuple):
    key: str
    value: str
    n: int


class Pt(_Pt):
    __slots__ = ()
    made = [0]

    def __new__(cls, key: str, value: str) -> Pt:
        cls.made[0] += 1
        return super().__new__(cls, key, value, cls.made[0])


_ACOUNT = itertools.count(1)


@attrs.define
class ARec:
    key: str
    value: str
    n: int = attrs.field(factory=_ACOUNT.__next__)


@attrs.define
class APost:
    key: str
    value: str
    seen: list[str] = attrs.field(factory=list)
    log: Any = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        APOST_LOG.append(self.key)


APOST_LOG: list[str] = []
PSEEN: list[str] = []
CONFIG: dict[str, str] = {"unit": "m"}


class PRec(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.model_validator(mode="after")
    def _note(self) -> PRec:
        PSEEN.append(self.key)
        return self


class PIdRec(pydantic.BaseModel):
    key: str
    value: str
    n: int = pydantic.Field(default_factory=lambda: next(_PIDS))


class PUnit(pydantic.BaseModel):
    key: str
    value: str
    unit: str = ""

    @pydantic.field_validator("unit", mode="before")
    @classmethod
    def _default_unit(cls, v: str) -> str:
        return v or CONFIG["unit"]


class Listed:
    all: list[str] = []

    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.value = value
        Listed.all.append(key)


class Made:
    count = 0

    def __init__(self, key: str, value: str, n: int) -> None:
        self.key, self.value, self.n = key, value, n

    @classmethod
    def create(cls, key: str, value: str) -> Made:
        cls.count += 1
        return cls(key, value, cls.count)


@dataclass
class Measure:
    key: str
    value: str
    unit: str = ""

    def __post_init__(self) -> None:
        self.unit = self.unit or CONFIG["unit"]


class ClassUnit:
    unit = "m"

    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.value = value
        self.label = f"{value}{self.unit}"


class EnvUnit:
    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.label = f"{value}{os.environ.get('R171_UNIT', '?')}"


def _rel(pairs: list[tuple[str, int]]) -> list[str]:
    base = min(n for _, n in pairs)
    return [f"{k}:{n - base}" for k, n in pairs]


def fetch_next(web: str, key: str, ms: int) -> NextRec:
    return NextRec(key, get(web, key, ms))




def fetch_meta(web: str, key: str, ms: int) -> MetaRec:
    value = get(web, key, ms)
    return MetaRec(key, value)


def fetch_wrapped(web: str, key: str, ms: int) -> WrappedRec:
    value = get(web, key, ms)
    return WrappedRec(key, value)


def fetch_sym(web: str, key: str, ms: int) -> Sym:
    value = get(web, key, ms)
    return Sym(value)


def fetch_pt(web: str, key: str, ms: int) -> Pt:
    value = get(web, key, ms)
    return Pt(key, value)


def fetch_arec(web: str, key: str, ms: int) -> ARec:
    value = get(web, key, ms)
    return ARec(key, value)


def fetch_apost(web: str, key: str, ms: int) -> APost:
    value = get(web, key, ms)
    return APost(key, value)


def fetch_prec(web: str, key: str, ms: int) -> PRec:
    value = get(web, key, ms)
    return PRec(key=key, value=value)


def fetch_pid(web: str, key: str, ms: int) -> PIdRec:
    value = get(web, key, ms)
    return PIdRec.model_validate({"key": key, "value": value})


def fetch_punit(web: str, key: str, ms: int) -> PUnit:
    value = get(web, key, ms)
    return PUnit(key=key, value=value)


def fetch_listed(web: str, key: str, ms: int) -> Listed:
    value = get(web, key, ms)
    return Listed(key, value)


def fetch_made(web: str, key: str, ms: int) -> Made:
    value = get(web, key, ms)
    return Made.create(key, value)


def fetch_measure(web: str, key: str, ms: int) -> Measure:
    value = get(web, key, ms)
    return Measure(key, value)


def fetch_class_unit(web: str, key: str, ms: int) -> ClassUnit:
    value = get(web, key, ms)
    return ClassUnit(key, value)


def fetch_env_unit(web: str, key: str, ms: int) -> EnvUnit:
    value = get(web, key, ms)
    return EnvUnit(key, value)


def r171_ctor_count_next(web: str) -> list[str]:
    recs = [fetch_next(web, k, ms) for k, ms in KMS]
    return _rel([(r.key, r.n) for r in recs])




def r171_ctor_metaclass_call(web: str) -> list[str]:
    recs = [fetch_meta(web, k, ms) for k, ms in KMS]
    return _rel([(r.key, r.n) for r in recs])


def r171_ctor_decorated_init(web: str) -> list[str]:
    recs = [fetch_wrapped(web, k, ms) for k, ms in KMS]
    return _rel([(r.key, r.n) for r in recs])


def r171_ctor_new_interning(web: str) -> list[str]:
    syms = [fetch_sym(web, k, ms) for k, ms in KMS]
    return [f"{s.name}:{s.id}" for s in syms]


def _sym_drive(fn: Any, env: Env) -> Any:
    Sym._table.clear()
    try:
        return fn(env.web)
    finally:
        Sym._table.clear()


def r171_ctor_namedtuple_new(web: str) -> list[str]:
    pts = [fetch_pt(web, k, ms) for k, ms in KMS]
    return _rel([(p.key, p.n) for p in pts])


def r171_ctor_attrs_factory(web: str) -> list[str]:
    recs = [fetch_arec(web, k, ms) for k, ms in KMS]
    return _rel([(r.key, r.n) for r in recs])


def r171_ctor_attrs_post_init(web: str) -> list[str]:
    start = len(APOST_LOG)
    recs = [fetch_apost(web, k, ms) for k, ms in KMS]
    return [*APOST_LOG[start:], *(r.value for r in recs)]


def r171_ctor_pydantic_after_validator(web: str) -> list[str]:
    start = len(PSEEN)
    recs = [fetch_prec(web, k, ms) for k, ms in KMS]
    return [*PSEEN[start:], *(r.value for r in recs)]


def r171_ctor_pydantic_default_factory(web: str) -> list[str]:
    recs = [fetch_pid(web, k, ms) for k, ms in KMS]
    return _rel([(r.key, r.n) for r in recs])


def r171_ctor_pydantic_reads_config(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        CONFIG["unit"] = unit
        out.append(fetch_punit(web, k, ms).unit)
    CONFIG["unit"] = "m"
    return out


def r171_ctor_class_registry(web: str) -> list[str]:
    start = len(Listed.all)
    for k, ms in KMS:
        fetch_listed(web, k, ms)
    return Listed.all[start:]


def r171_ctor_classmethod_counter(web: str) -> list[str]:
    recs = [fetch_made(web, k, ms) for k, ms in KMS]
    return _rel([(r.key, r.n) for r in recs])


def r171_ctor_post_init_config(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        CONFIG["unit"] = unit
        out.append(fetch_measure(web, k, ms).unit)
    CONFIG["unit"] = "m"
    return out


def r171_ctor_class_attr_config(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        ClassUnit.unit = unit
        out.append(fetch_class_unit(web, k, ms).label)
    ClassUnit.unit = "m"
    return out


def r171_ctor_environ_config(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        os.environ["R171_UNIT"] = unit
        out.append(fetch_env_unit(web, k, ms).label)
    os.environ.pop("R171_UNIT", None)
    return out


@dataclass
class Plain:
    key: str
    value: str


def fetch_plain(web: str, key: str, ms: int) -> Plain:
    return Plain(key, get(web, key, ms))


def r171_ctor_plain_overlaps(web: str) -> list[str]:
    return [repr(fetch_plain(web, k, ms)) for k, ms in KMS]


# =========================================================================== (3) quiet


class Loud:
    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print(f"(str {self.k})")
        return self.k

    __repr__ = __str__

    def describe(self) -> str:
        return self.k


class SlotProxy:
    """A proxy with slots: every missing attribute is made up (a str)."""

    __slots__ = ("k",)

    def __init__(self, k: str) -> None:
        self.k = k

    def __getattr__(self, name: str) -> str:
        print(f"(made up {name})")
        return name.upper()



class Proxy:
    def __init__(self, k: str) -> None:
        self._k = k

    def __getattr__(self, name: str) -> str:
        print(f"(getattr {self._k}.{name})")
        return self._k.upper()


class Batch(list):
    def __len__(self) -> int:
        print(f"(len {list.__getitem__(self, 0)})")
        return list.__len__(self)


class Table(dict):
    def values(self) -> Any:  # type: ignore[override]
        print(f"(values {sorted(self)})")
        return dict.values(self)


class Tracked(list):
    web = ""

    def __iter__(self) -> Any:
        requests.put(f"{self.web}/items/iter-{list.__getitem__(self, 0)}", data="x", timeout=5)
        return list.__iter__(self)


class Noisy:
    def __init__(self, web: str, k: str) -> None:
        self.web = web
        self.k = k

    def __eq__(self, other: object) -> bool:
        requests.put(f"{self.web}/items/eq-{self.k}", data=str(other), timeout=5)
        return False

    __hash__ = object.__hash__


class Key:
    """Pure repr and hash; its ``__eq__`` records each comparison on the server."""

    def __init__(self, web: str, k: str) -> None:
        self.web = web
        self.k = k

    def __repr__(self) -> str:
        return f"Key({self.k})"

    def __hash__(self) -> int:
        return 7

    def __eq__(self, other: object) -> bool:
        requests.put(f"{self.web}/items/cmp-{self.k}", data=repr(other), timeout=5)
        return isinstance(other, Key) and other.k == self.k


class Money(Decimal):
    def __add__(self, other: Any) -> Money:
        print(f"(add {self} {other})")
        return Money(Decimal.__add__(self, other))


class Ratio(Fraction):
    def __mul__(self, other: Any) -> Any:
        LOG.info("mul %s by %s", self, other)
        return Fraction.__mul__(self, other)


class Rounded(Decimal):
    def __round__(self, n: Any = None) -> Any:
        print(f"(round {Decimal.__str__(self)})")
        return Decimal.__round__(self, n)


class Color(enum.Enum):
    RED = "a"
    GREEN = "b"
    BLUE = "c"

    def __str__(self) -> str:
        print(f"(color {self.name})")
        return self.name.lower()


class Shade(enum.Enum):
    LIGHT = "a"
    MID = "b"
    DARK = "c"


class FetchFailed(Exception):
    pass



class QuietError(Exception):
    def __str__(self) -> str:
        return f"quiet {self.args[0]}"


def fetch_k(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + obj.k


def fetch_label(web: str, d: dict[str, Any], key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + d["p"].label


def fetch_first(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + str(list.__getitem__(obj, 0))


def fetch_item(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + dict.__getitem__(obj, key)


def fetch_show(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", obj)
    return value


def fetch_eq(web: str, arr: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + str(bool((arr == value).any()))


def fetch_lookup(web: str, table: dict[Any, str], probe: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + table.get(probe, "?")


def fetch_total(web: str, price: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}={price + len(value)}"


def fetch_scaled(web: str, ratio: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}={ratio * len(value)}"


def fetch_round(web: str, x: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}={round(x, 1)}"


def fetch_error(web: str, err: BaseException, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value} after {err}"


def fetch_tag(web: str, cls: type, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{cls.tag}"


def r171_q_slots_getattr_str(web: str) -> list[str]:
    return [fetch_k(web, SlotProxy(k), k, ms) for k, ms in KMS]



def r171_q_getattr_in_dict(web: str) -> list[str]:
    return [fetch_label(web, {"p": Proxy(k)}, k, ms) for k, ms in KMS]


def r171_q_list_len_prints(web: str) -> list[str]:
    return [fetch_first(web, Batch([k]), k, ms) for k, ms in KMS]


def r171_q_dict_values_prints(web: str) -> list[str]:
    return [fetch_item(web, Table({k: k.upper()}), k, ms) for k, ms in KMS]


def r171_q_list_iter_puts(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        batch = Tracked([k])
        batch.web = web
        out.append(fetch_first(web, batch, k, ms))
    return out


def r171_q_numpy_object_print(web: str) -> list[str]:
    return [fetch_show(web, np.array([Loud(k), Loud(k + "2")], dtype=object), k, ms)
            for k, ms in KMS]


def r171_q_numpy_object_eq_puts(web: str) -> list[str]:
    return [fetch_eq(web, np.array([Noisy(web, k)], dtype=object), k, ms) for k, ms in KMS]


def r171_q_numpy_float_overlaps(web: str) -> list[str]:
    return [fetch_show(web, np.array([1.5, float(ms)]), k, ms) for k, ms in KMS]


def r171_q_eq_puts_as_key(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        table = {Key(web, "zz"): "zz", Key(web, k): k.upper()}
        out.append(fetch_lookup(web, table, Key(web, k), k, ms))
    return out


def r171_q_decimal_add_prints(web: str) -> list[str]:
    return [fetch_total(web, Money("1.5"), k, ms) for k, ms in KMS]


def r171_q_fraction_mul_logs(web: str) -> list[str]:
    return [fetch_scaled(web, Ratio(1, 3), k, ms) for k, ms in KMS]


def r171_q_decimal_round_prints(web: str) -> list[str]:
    return [fetch_round(web, Rounded("2.25"), k, ms) for k, ms in KMS]


def r171_q_decimal_plain_overlaps(web: str) -> list[str]:
    return [fetch_total(web, Decimal("1.5"), k, ms) for k, ms in KMS]


def r171_q_fraction_plain_overlaps(web: str) -> list[str]:
    return [fetch_scaled(web, Fraction(1, 3), k, ms) for k, ms in KMS]


def r171_q_enum_str_prints(web: str) -> list[str]:
    return [fetch_show(web, Color(k), k, ms) for k, ms in KMS]


def r171_q_enum_plain_overlaps(web: str) -> list[str]:
    return [fetch_show(web, Shade(k), k, ms) for k, ms in KMS]


def r171_q_builtin_error_holds_loud(web: str) -> list[str]:
    return [fetch_error(web, ValueError(Loud(k)), k, ms) for k, ms in KMS]


def r171_q_own_error_holds_loud(web: str) -> list[str]:
    return [fetch_error(web, FetchFailed(Loud(k)), k, ms) for k, ms in KMS]



def r171_q_own_error_quiet_overlaps(web: str) -> list[str]:
    return [fetch_error(web, QuietError(k), k, ms) for k, ms in KMS]


def r171_q_userdict_loud(web: str) -> list[str]:
    return [fetch_show(web, collections.UserDict({k: Loud(k)}), k, ms) for k, ms in KMS]


def r171_q_mappingproxy_loud(web: str) -> list[str]:
    return [fetch_show(web, types.MappingProxyType({k: Loud(k)}), k, ms) for k, ms in KMS]


def r171_q_dict_items_view_loud(web: str) -> list[str]:
    return [fetch_show(web, {k: Loud(k)}.items(), k, ms) for k, ms in KMS]


def r171_q_weak_proxy_loud(web: str) -> list[str]:
    louds = [Loud(k) for k, _ in KMS]
    return [fetch_show(web, weakref.proxy(obj), k, ms) for obj, (k, ms) in zip(louds, KMS)]


def r171_q_bound_method_loud(web: str) -> list[str]:
    return [fetch_show(web, Loud(k).describe, k, ms) for k, ms in KMS]


def r171_q_class_with_loud_tag(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        cls = type(f"Tagged_{k}", (), {"tag": Loud(k)})
        out.append(fetch_tag(web, cls, k, ms))
    return out


def r171_q_sdk_error_arg(client: Any) -> list[str]:
    out = []
    for q, lat in (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09)):
        out.append(ask_noted(client, q, lat, KeyError(Loud(q))))
    return out


def ask_noted(client: Any, q: str, lat: float, note: BaseException) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return f"{len(r.choices[0].message.content.split())} words ({note})"


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) thread starts named without a call
    _w(r171_thr_module_attr, cat="threads"),
    _w(r171_thr_namespace_attr, cat="threads"),
    _w(r171_thr_dict_item, cat="threads"),
    _w(r171_thr_dict_get, cat="threads"),
    _w(r171_thr_default_arg, cat="threads"),
    _w(r171_thr_factory_closure, cat="threads"),
    _w(r171_thr_bound_closure, cat="threads"),
    _w(r171_thr_class_attr, cat="threads"),
    _w(r171_thr_wraps_global, cat="threads"),
    _w(r171_thr_decorated_inside, cat="threads"),
    _w(r171_thr_getattr_module, cat="threads"),
    _d(r171_thr_hook_rebound, _hook_drive, cat="threads"),
    # (1) mentions only
    _w(r171_fp_name_in_print, O2, cat="threads", overlap=2),
    _w(r171_fp_handlers_never_called, O2, cat="threads", overlap=2),
    _w(r171_fp_callable_check, O2, cat="threads", overlap=2),
    _w(r171_fp_nested_never_run, O2, cat="threads"),
    _w(r171_fp_log_qualname, O2, cat="threads", overlap=2),
    _w(r171_fp_comprehension_shadow, O2, cat="threads", overlap=2),
    # (2) constructors
    _w(r171_ctor_count_next, O3, cat="state"),
    _w(r171_ctor_metaclass_call, O3, cat="state"),
    _w(r171_ctor_decorated_init, O3, cat="state"),
    _d(r171_ctor_new_interning, _sym_drive, O3, cat="state"),
    _w(r171_ctor_namedtuple_new, O3, cat="state"),
    _w(r171_ctor_attrs_factory, O3, cat="state"),
    _w(r171_ctor_attrs_post_init, O3, cat="state"),
    _w(r171_ctor_pydantic_after_validator, O3, cat="state"),
    _w(r171_ctor_pydantic_default_factory, O3, cat="state"),
    _w(r171_ctor_pydantic_reads_config, O3, cat="state"),
    _w(r171_ctor_class_registry, O3, cat="state"),
    _w(r171_ctor_classmethod_counter, O3, cat="state"),
    _w(r171_ctor_post_init_config, O3, cat="state"),
    _w(r171_ctor_class_attr_config, O3, cat="state"),
    _w(r171_ctor_environ_config, O3, cat="state"),
    _w(r171_ctor_plain_overlaps, O3, cat="state", overlap=3),
    # (3) quiet arguments
    _w(r171_q_slots_getattr_str, O3),
    _w(r171_q_getattr_in_dict, O3),
    _w(r171_q_list_len_prints, O3),
    _w(r171_q_dict_values_prints, O3),
    _w(r171_q_list_iter_puts, O3),
    _w(r171_q_numpy_object_print, O3),
    _w(r171_q_numpy_object_eq_puts, O3),
    _w(r171_q_numpy_float_overlaps, O3, overlap=3),
    _w(r171_q_eq_puts_as_key, O3),
    _w(r171_q_decimal_add_prints, O3),
    _w(r171_q_fraction_mul_logs, O3),
    _w(r171_q_decimal_round_prints, O3),
    _w(r171_q_decimal_plain_overlaps, O3, overlap=3),
    _w(r171_q_fraction_plain_overlaps, O3, overlap=3),
    _w(r171_q_enum_str_prints, O3),
    _w(r171_q_enum_plain_overlaps, O3, overlap=3),
    _w(r171_q_builtin_error_holds_loud, O3),
    _w(r171_q_own_error_holds_loud, O3),
    _w(r171_q_own_error_quiet_overlaps, O3, overlap=3),
    _w(r171_q_userdict_loud, O3),
    _w(r171_q_mappingproxy_loud, O3),
    _w(r171_q_dict_items_view_loud, O3),
    _w(r171_q_weak_proxy_loud, O3),
    _w(r171_q_bound_method_loud, O3),
    _w(r171_q_class_with_loud_tag, O3),
    Case("sdk", r171_q_sdk_error_arg, args=oa, servers="api", ideal=over(0.15, 0.04, 0.09)),
]

FIXED_WHY: dict[str, str] = {
    # (1) thread starts named without a call
    "r171_thr_module_attr": (
        "`reg.add(ME.spawn)` (ME = sys.modules[__name__]) then `reg.fire(...)`: a module "
        "attribute is neither a Name `_names_a_start` looks at nor a method of a known type "
        "for `_hands_a_thread_start`, so the function is not run as written and the GET of t1 "
        "overlaps the 150 ms GET, reading 'v-t1' before the thread's PUT."
    ),
    "r171_thr_namespace_attr": (
        "as r171_thr_module_attr through a SimpleNamespace global (`TOOLS.spawn`): the "
        "attribute's owner is not a class, so no start is seen; t2 read early."
    ),
    "r171_thr_dict_item": (
        "`reg.add(HANDLERS['start'])`, an item of a module-level dict: a Subscript is looked "
        "at by neither check (the dict is not a function, so `_names_a_start` skips it); t3 "
        "read early."
    ),
    "r171_thr_dict_get": (
        "`reg.add(HANDLERS.get('start'))`: the starter comes out of a call in the argument, "
        "whose own fact (a dict read) says nothing starts; t4 read early."
    ),
    "r171_thr_class_attr": (
        "`reg.add(Hooks.on_start)` with `on_start = staticmethod(spawn)`: `value_type` of a "
        "class name is not the class, so `static_attr` finds nothing; t8 read early."
    ),
    "r171_thr_decorated_inside": (
        "`go = logged(ME.spawn)` in the function (a functools.wraps wrapper made there): the "
        "wrapped starter is a module attribute, as in r171_thr_module_attr; t10 read early."
    ),
    # (2) constructors
    "r171_ctor_class_attr_config": (
        "the caller sets `ClassUnit.unit = unit` before each `fetch_class_unit(...)` whose "
        "`__init__` reads `self.unit` (a class attribute through the instance): the helper is "
        "started for every item before the first iteration, so every record gets the last "
        "unit ('v-bmm' vs 'v-bcm'). A store to a global class's attribute is not taken as "
        "changing what the constructor reads."
    ),
    # (3) quiet arguments
    "r171_q_getattr_in_dict": (
        "a Proxy whose `__getattr__` prints, held in a dict the helper indexes "
        "(`d['p'].label`): `_SHOWN`/`_run_by_showing` do not count `__getattr__`, so the "
        "argument is quiet and '(getattr k.label)' prints in completion order (b, c, a)."
    ),
    "r171_q_dict_values_prints": (
        "a dict subclass whose own `values()` prints: `quiet` itself calls `value.keys()` and "
        "`value.values()` on it when the call starts, printing '(values [k])' three times "
        "where the plain run prints nothing. The check runs the user's code."
    ),
    "r171_q_numpy_object_print": (
        "a numpy object array of Loud objects: ndarray is not walked and not the user's class, "
        "so quiet; the helper's `print('got', arr)` formats them in the pool, '(str k)' in "
        "completion order before the held 'got' lines."
    ),
    "r171_q_builtin_error_holds_loud": (
        "`ValueError(Loud(k))` handed to a helper that formats it: a builtin exception is not "
        "walked (its args are not in `__dict__`), `str(err)` runs Loud.__str__ off its place "
        "and '(str k)' prints in completion order."
    ),
    "r171_q_own_error_holds_loud": (
        "as r171_q_builtin_error_holds_loud with the user's own Exception subclass (no "
        "`__str__`): `quiet` walks `__dict__` and slots but not `args`."
    ),
    "r171_q_userdict_loud": (
        "`collections.UserDict({k: Loud(k)})`: a library class, not walked (only dict and its "
        "subclasses are), so quiet; printing it runs Loud.__repr__ in completion order."
    ),
    "r171_q_mappingproxy_loud": (
        "`types.MappingProxyType({k: Loud(k)})`: not walked, quiet; as r171_q_userdict_loud."
    ),
    "r171_q_dict_items_view_loud": (
        "`{k: Loud(k)}.items()`, a dict view: not walked, quiet; as r171_q_userdict_loud."
    ),
    "r171_q_weak_proxy_loud": (
        "`weakref.proxy(Loud(k))`: the proxy's type is not the user's, quiet; `print(proxy)` "
        "runs Loud.__str__ in completion order."
    ),
    "r171_q_bound_method_loud": (
        "`Loud(k).describe`, a bound method: MethodType is in `_QUIET`, but its repr "
        "formats `__self__` with Loud.__repr__, which prints in completion order."
    ),
    "r171_q_sdk_error_arg": (
        "openai SDK: `KeyError(Loud(q))` handed to a helper that makes a chat call and "
        "formats the note: as r171_q_builtin_error_holds_loud, '(str q)' in completion order."
    ),
}
FAILING_WHY: dict[str, str] = {
    "r171_thr_getattr_module": (
        "`reg.add(getattr(ME, 'spa' + 'wn'))`: a function found by a name computed when "
        "the function runs, handed to a registry that later calls it, starts a thread the "
        "plan cannot see (a name written out, a module's or a class's attribute and a "
        "global dict's item under a constant key are seen); t11 read early. Documented."
    ),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
