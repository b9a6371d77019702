# ruff: noqa: UP031, B023, B008, B905, B009 - the shapes under test
"""Red-team cases (stop 173): the sixth batch (``quiet``'s walk without running code,
``getter_of``, ``starts_threads``, ``_names_a_start``/``_referenced``, ``_init_reads``).

(1) `_formatting.quiet`: arguments handed to a started helper that formats them, where what
prints is hidden from the walk (past 256 items, deeper than six levels, a ChainMap, an
argparse Namespace, a list iterator, a generator, a lambda's closure cell, a
``nullcontext``, a ``queue.Queue``, an instance whose metaclass's ``__repr__`` prints) or
where the walk itself runs code of the user's (a ``__class__`` property read by
``isinstance``, a ``__dict__`` property, a metaclass ``__getattr__`` reached by ``hasattr``
on a class attribute's type, a metaclass ``__getattribute__``); and quiet containers that
should overlap (frozenset, deque, array, memoryview, partial keywords, slots dataclass).
(2) `_plan._names_a_start`: a thread-starting function handed to a registry by routes
``_referenced`` does not read (``importlib.import_module(...)``, ``sys.modules[...]``,
``vars(mod)[...]``, ``globals()[...]``, a class's ``__dict__``, ``operator.attrgetter``,
a global partial, a callable instance, a global instance's bound method, a tuple default,
a keyword-only default, a local dict built from the module, an attribute of an argument,
a decorator that registered it at import). Each thread PUTs its key 60 ms after it starts;
a later GET reads the key after a 150 ms GET, so a GET started early reads the old value.
(3) `_globals._init_reads`: constructors reading class state the new check skips (callable
class attributes and staticmethods swapped between calls, a bound ``copy`` or a bound
classmethod as a dataclass default factory, a property reading another class, a
classmethod reading a global list, ``__init_subclass__`` data).
(4) getters of the user's through ``super()``, ``__getattribute__`` of a module-level
instance, ``__class_getitem__`` and ``__set_name__``.
Sibling calls get unequal latencies, slow first.
"""

from __future__ import annotations

import argparse
import array
import collections
import contextlib
import dataclasses
import enum
import functools
import importlib
import operator
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam173")
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


# =========================================================================== (1) quiet


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


def show_last(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj[-1])
    return value


def show_items(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, ", ".join(str(x) for x in obj))
    return value


def show_call(web: str, fn: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, fn())
    return value


def show_type(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, type(obj))
    return value


def show_k(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj.k)
    return value


def show_ns(web: str, ns: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, ns.tag)
    return value


def show_cm(web: str, cm: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    with cm as obj:
        print("got", key, obj)
    return value


def show_queue(web: str, q: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, q.get_nowait())
    return value


def show_fmt(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{obj:>4}"


def nest(obj: Any, depth: int) -> Any:
    for _ in range(depth):
        obj = [obj]
    return obj


def r173_q_deep_eight_levels(web: str) -> list[str]:
    return [show(web, nest(Loud(k), 8), k, ms) for k, ms in KMS]


def padded(k: str) -> list[Any]:
    return [*range(300), Loud(k)]


def padded_table(k: str) -> dict[int, Any]:
    table: dict[int, Any] = {i: i for i in range(300)}
    table[-1] = Loud(k)
    return table


def r173_q_list_300_loud_last(web: str) -> list[str]:
    return [show_last(web, padded(k), k, ms) for k, ms in KMS]


def r173_q_dict_300_loud_value(web: str) -> list[str]:
    return [show_last(web, padded_table(k), k, ms) for k, ms in KMS]


def r173_q_chainmap_loud(web: str) -> list[str]:
    return [show(web, collections.ChainMap({k: Loud(k)}, {"z": 1}), k, ms) for k, ms in KMS]


def options(k: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="r173")
    parser.add_argument("--n", type=int, default=1)
    opts = parser.parse_args([])
    opts.tag = Loud(k)
    return opts


def louds_iter(k: str) -> Any:
    return iter([Loud(k), Loud(k + "2")])


def r173_q_argparse_namespace_loud(web: str) -> list[str]:
    return [show_ns(web, options(k), k, ms) for k, ms in KMS]


def r173_q_list_iterator_loud(web: str) -> list[str]:
    return [show_items(web, louds_iter(k), k, ms) for k, ms in KMS]


def _louds(k: str) -> Any:
    print("(gen start)", k)
    yield Loud(k)


def r173_q_generator_loud(web: str) -> list[str]:
    return [show_items(web, _louds(k), k, ms) for k, ms in KMS]


def r173_q_lambda_cell_loud(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        obj = Loud(k)
        out.append(show_call(web, lambda obj=obj: obj, k, ms))
    return out


def r173_q_nullcontext_loud(web: str) -> list[str]:
    return [show_cm(web, contextlib.nullcontext(Loud(k)), k, ms) for k, ms in KMS]


def inbox(k: str) -> queue.Queue:
    q: queue.Queue = queue.Queue()
    q.put(Loud(k))
    return q


def r173_q_queue_loud(web: str) -> list[str]:
    return [show_queue(web, inbox(k), k, ms) for k, ms in KMS]


class LoudMeta(type):
    def __repr__(cls) -> str:
        print(f"(meta repr {cls.__name__})")
        return f"<kind {cls.__name__}>"


class Widget(metaclass=LoudMeta):
    def __init__(self, k: str) -> None:
        self.k = k


def r173_q_metaclass_repr_instance(web: str) -> list[str]:
    return [show_type(web, Widget(k), k, ms) for k, ms in KMS]


class Masked:
    """Reports another class through ``__class__`` (as mocks and proxies do)."""

    def __init__(self, k: str) -> None:
        self.k = k

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        print(f"(class of {object.__getattribute__(self, 'k')})")
        return str


def r173_q_class_property_walk(web: str) -> list[str]:
    return [show_k(web, Masked(k), k, ms) for k, ms in KMS]


class DictProp:
    __slots__ = ("k",)

    def __init__(self, k: str) -> None:
        self.k = k

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        print(f"(dict of {self.k})")
        return {"k": self.k}


def r173_q_dict_property_walk(web: str) -> list[str]:
    return [show_k(web, DictProp(k), k, ms) for k, ms in KMS]


class PeekMeta(type):
    def __getattr__(cls, name: str) -> Any:
        print(f"(meta getattr {name})")
        raise AttributeError(name)


class Unit(metaclass=PeekMeta):
    def __repr__(self) -> str:
        return "unit"


class Reading:
    unit = Unit()

    def __init__(self, k: str) -> None:
        self.k = k


def r173_q_meta_getattr_hasattr(web: str) -> list[str]:
    return [show_k(web, Reading(k), k, ms) for k, ms in KMS]


class TraceMeta(type):
    def __getattribute__(cls, name: str) -> Any:
        if name == "__module__":
            print(f"(module of {type.__getattribute__(cls, '__name__')})")
        return type.__getattribute__(cls, name)


class Traced(metaclass=TraceMeta):
    def __init__(self, k: str) -> None:
        self.k = k


def r173_q_meta_getattribute_module(web: str) -> list[str]:
    return [show_k(web, Traced(k), k, ms) for k, ms in KMS]


@dataclass(slots=True)
class SlotRec:
    k: str

    def __repr__(self) -> str:
        print(f"(slotrec {self.k})")
        return f"SlotRec({self.k})"


def r173_q_slots_dataclass_repr(web: str) -> list[str]:
    return [show(web, SlotRec(k), k, ms) for k, ms in KMS]


class Fmt:
    def __init__(self, k: str) -> None:
        self.k = k

    def __format__(self, spec: str) -> str:
        print(f"(format {self.k})")
        return format(self.k, spec)


def r173_q_format_in_callee(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(show_fmt(web, Fmt(k), k, ms))
        print("done", k)
    return out


class Tone(enum.Enum):
    A = "a"
    B = "b"
    C = "c"

    def __str__(self) -> str:
        print(f"(tone {self.name})")
        return self.value


def r173_q_enum_in_frozenset(web: str) -> list[str]:
    return [show_items(web, frozenset({Tone(k)}), k, ms) for k, ms in KMS]


def r173_q_deque_loud(web: str) -> list[str]:
    return [show_last(web, collections.deque([1, Loud(k)], maxlen=4), k, ms) for k, ms in KMS]


def tag_it(value: str, *, tag: Any) -> str:
    return f"{value}/{tag}"


def r173_q_partial_keyword_loud(web: str) -> list[str]:
    return [show_call(web, functools.partial(tag_it, k, tag=Loud(k)), k, ms) for k, ms in KMS]


# -- quiet arguments: these should overlap


def r173_ok_array(web: str) -> list[str]:
    return [show(web, array.array("i", [ms, 1, 2]), k, ms) for k, ms in KMS]


def r173_ok_memoryview(web: str) -> list[str]:
    return [show_items(web, memoryview(k.encode()), k, ms) for k, ms in KMS]


def r173_ok_partial_plain(web: str) -> list[str]:
    return [show_call(web, functools.partial(tag_it, k, tag="t"), k, ms) for k, ms in KMS]


def r173_ok_deep_plain(web: str) -> list[str]:
    return [show(web, nest(k, 8), k, ms) for k, ms in KMS]


@dataclass(slots=True, frozen=True)
class Pair:
    k: str
    n: int


def r173_ok_slots_dataclass_plain(web: str) -> list[str]:
    return [show(web, Pair(k, ms), k, ms) for k, ms in KMS]


# =========================================================================== (2) threads

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
    def __init__(self) -> None:
        self.cbs: list[Any] = []

    def add(self, cb: Any) -> None:
        self.cbs.append(cb)

    def on(self, fn: Any) -> Any:
        self.cbs.append(fn)
        return fn

    def fire(self, web: str, key: str) -> None:
        for cb in self.cbs:
            cb(web, key)


class Hooks:
    on_start = staticmethod(spawn)

    @classmethod
    def start(cls, web: str, key: str) -> None:
        spawn(web, key)


class Starter:
    def go(self, web: str, key: str) -> None:
        spawn(web, key)

    def __call__(self, web: str, key: str) -> None:
        spawn(web, key)


class Service:
    def __init__(self) -> None:
        self.starter = spawn


STARTER = Starter()
LATER = functools.partial(spawn)
EVENTS = Registry()


@EVENTS.on
def _announce(web: str, key: str) -> None:
    spawn(web, key)


def _pair(web: str, key: str, n: int) -> list[str]:
    first = get(web, f"slow{n}", 150)
    second = get(web, key, 10)
    join_all()
    return [first, second]


def r173_thr_import_module(web: str) -> list[str]:
    reg = Registry()
    reg.add(importlib.import_module("tests.xcs.libcorpus.cases_redteam173").spawn)
    reg.fire(web, "t1")
    return _pair(web, "t1", 1)


def r173_thr_sys_modules(web: str) -> list[str]:
    reg = Registry()
    reg.add(sys.modules[__name__].spawn)
    reg.fire(web, "t2")
    return _pair(web, "t2", 2)


def r173_thr_vars_module(web: str) -> list[str]:
    reg = Registry()
    reg.add(vars(ME)["spawn"])
    reg.fire(web, "t3")
    return _pair(web, "t3", 3)


def r173_thr_globals_item(web: str) -> list[str]:
    reg = Registry()
    reg.add(globals()["spawn"])
    reg.fire(web, "t4")
    return _pair(web, "t4", 4)


def r173_thr_class_dict_staticmethod(web: str) -> list[str]:
    reg = Registry()
    reg.add(Hooks.__dict__["on_start"])
    reg.fire(web, "t5")
    return _pair(web, "t5", 5)


def r173_thr_classmethod(web: str) -> list[str]:
    reg = Registry()
    reg.add(Hooks.start)
    reg.fire(web, "t6")
    return _pair(web, "t6", 6)


def r173_thr_attrgetter(web: str) -> list[str]:
    reg = Registry()
    reg.add(operator.attrgetter("spawn")(ME))
    reg.fire(web, "t7")
    return _pair(web, "t7", 7)


def r173_thr_global_partial(web: str) -> list[str]:
    reg = Registry()
    reg.add(LATER)
    reg.fire(web, "t8")
    return _pair(web, "t8", 8)


def r173_thr_callable_instance(web: str) -> list[str]:
    reg = Registry()
    reg.add(STARTER)
    reg.fire(web, "t9")
    return _pair(web, "t9", 9)


def r173_thr_instance_bound_method(web: str) -> list[str]:
    reg = Registry()
    reg.add(STARTER.go)
    reg.fire(web, "t10")
    return _pair(web, "t10", 10)


def r173_thr_tuple_default(web: str, hooks: tuple = (spawn,)) -> list[str]:
    reg = Registry()
    for h in hooks:
        reg.add(h)
    reg.fire(web, "t11")
    return _pair(web, "t11", 11)


def r173_thr_kwonly_default(web: str, *, go: Any = spawn) -> list[str]:
    reg = Registry()
    reg.add(go)
    reg.fire(web, "t12")
    return _pair(web, "t12", 12)


def r173_thr_local_dict_from_module(web: str) -> list[str]:
    table = {n: f for n, f in vars(ME).items() if n in ("spawn", "join_all")}
    reg = Registry()
    reg.add(table["spawn"])
    reg.fire(web, "t13")
    return _pair(web, "t13", 13)


def r173_thr_argument_attr(web: str, svc: Any) -> list[str]:
    reg = Registry()
    reg.add(svc.starter)
    reg.fire(web, "t14")
    return _pair(web, "t14", 14)


def r173_thr_getattr_argument(web: str, svc: Any) -> list[str]:
    reg = Registry()
    reg.add(getattr(svc, "starter"))
    reg.fire(web, "t15")
    return _pair(web, "t15", 15)


def r173_thr_decorator_registered(web: str) -> list[str]:
    EVENTS.fire(web, "t16")
    return _pair(web, "t16", 16)


def r173_fp_globals_constant(web: str) -> list[str]:
    prefix = globals()["KMS"][0][0]
    first = get(web, prefix + "p1", 150)
    second = get(web, prefix + "q1", 40)
    return [first, second]


def r173_fp_class_dict_name(web: str) -> list[str]:
    names = sorted(n for n in Hooks.__dict__ if not n.startswith("_"))
    first = get(web, "p2", 150)
    second = get(web, "q2", 40)
    return [first, second, *names]


# =========================================================================== (3) constructors


class Labelled:
    fmt = staticmethod(str.upper)

    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.label = self.fmt(value)


def fetch_labelled(web: str, key: str, ms: int) -> Labelled:
    value = get(web, key, ms)
    return Labelled(key, value)


def r173_ctor_staticmethod_swapped(web: str) -> list[str]:
    out = []
    for (k, ms), fn in zip(KMS, (str.lower, str.title, str.upper)):
        Labelled.fmt = staticmethod(fn)
        out.append(fetch_labelled(web, k, ms).label)
    Labelled.fmt = staticmethod(str.upper)
    return out


class Parsed:
    kind = str

    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.value = self.kind(len(value))


def fetch_parsed(web: str, key: str, ms: int) -> Parsed:
    value = get(web, key, ms)
    return Parsed(key, value)


def r173_ctor_callable_class_attr(web: str) -> list[str]:
    out = []
    for (k, ms), kind in zip(KMS, (float, str, complex)):
        Parsed.kind = kind
        out.append(repr(fetch_parsed(web, k, ms).value))
    Parsed.kind = str
    return out


DEFAULT_TAGS: list[str] = ["base"]


@dataclass
class Tagged:
    key: str
    value: str
    tags: list[str] = field(default_factory=DEFAULT_TAGS.copy)


def fetch_tagged(web: str, key: str, ms: int) -> Tagged:
    value = get(web, key, ms)
    return Tagged(key, value)


def r173_ctor_bound_copy_factory(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        DEFAULT_TAGS.append(k)
        out.append(",".join(fetch_tagged(web, k, ms).tags))
    del DEFAULT_TAGS[1:]
    return out


class Defaults:
    current = "m"

    @classmethod
    def unit(cls) -> str:
        return cls.current


@dataclass
class Measured:
    key: str
    value: str
    unit: str = field(default_factory=Defaults.unit)


def fetch_measured(web: str, key: str, ms: int) -> Measured:
    value = get(web, key, ms)
    return Measured(key, value)


def r173_ctor_classmethod_factory(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        Defaults.current = unit
        out.append(fetch_measured(web, k, ms).unit)
    Defaults.current = "m"
    return out


class Settings:
    unit = "m"


class Shown:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"

    @property
    def unit(self) -> str:
        return Settings.unit


def fetch_shown(web: str, key: str, ms: int) -> Shown:
    value = get(web, key, ms)
    return Shown(key, value)


def r173_ctor_property_other_class(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        Settings.unit = unit
        out.append(fetch_shown(web, k, ms).label)
    Settings.unit = "m"
    return out


UNIT_CONF: dict[str, str] = {"unit": "m"}


class ShownConf:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"

    @property
    def unit(self) -> str:
        return UNIT_CONF["unit"]


def fetch_shown_conf(web: str, key: str, ms: int) -> ShownConf:
    value = get(web, key, ms)
    return ShownConf(key, value)


def r173_ctor_property_global_dict(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNIT_CONF["unit"] = unit
        out.append(fetch_shown_conf(web, k, ms).label)
    UNIT_CONF["unit"] = "m"
    return out


def current_unit() -> str:
    return Settings.unit


class ViaHelper:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{current_unit()}"


def fetch_via_helper(web: str, key: str, ms: int) -> ViaHelper:
    value = get(web, key, ms)
    return ViaHelper(key, value)


def r173_ctor_helper_reads_class(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        Settings.unit = unit
        out.append(fetch_via_helper(web, k, ms).label)
    Settings.unit = "m"
    return out


_UNITS: list[str] = ["m"]


class Stacked:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{type(self).top()}"

    @classmethod
    def top(cls) -> str:
        return _UNITS[-1]


def fetch_stacked(web: str, key: str, ms: int) -> Stacked:
    value = get(web, key, ms)
    return Stacked(key, value)


def r173_ctor_classmethod_global_list(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        _UNITS.append(unit)
        out.append(fetch_stacked(web, k, ms).label)
    del _UNITS[1:]
    return out


class Quantity:
    def __init_subclass__(cls, symbol: str = "?", **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls.symbol = symbol

    def __init__(self, value: str) -> None:
        self.label = f"{value}{self.symbol}"


class Length(Quantity, symbol="m"):
    pass


def fetch_length(web: str, key: str, ms: int) -> Length:
    return Length(get(web, key, ms))


def r173_ctor_init_subclass_symbol(web: str) -> list[str]:
    out = []
    for (k, ms), sym in zip(KMS, ("cm", "mm", "km")):
        Length.symbol = sym
        out.append(fetch_length(web, k, ms).label)
    Length.symbol = "m"
    return out


@dataclass
class Configured:
    key: str
    value: str
    DEFAULTS: ClassVar[dict[str, str]] = {"unit": "m"}
    unit: str = ""

    def __post_init__(self) -> None:
        self.unit = self.unit or self.DEFAULTS["unit"]


def fetch_configured(web: str, key: str, ms: int) -> Configured:
    value = get(web, key, ms)
    return Configured(key, value)


def r173_ctor_classvar_dict(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        Configured.DEFAULTS["unit"] = unit
        out.append(fetch_configured(web, k, ms).unit)
    Configured.DEFAULTS["unit"] = "m"
    return out


@dataclass
class Simple:
    key: str
    value: str


def fetch_simple(web: str, key: str, ms: int) -> Simple:
    value = get(web, key, ms)
    return Simple(key, value)


def r173_ctor_plain_dataclass_overlaps(web: str) -> list[str]:
    recs = [fetch_simple(web, k, ms) for k, ms in KMS]
    return [dataclasses.astuple(r)[1] for r in recs]


# =========================================================================== (4) getters


class BasePaths:
    @property
    def path(self) -> str:
        print("(base path)")
        return "items/bp"


class Paths(BasePaths):
    @property
    def path(self) -> str:
        return super().path + "x"


PATHS = Paths()


def r173_get_super_property(web: str) -> list[str]:
    first = get(web, "s1", 150)
    print("between")
    second = requests.get(f"{web}/{PATHS.path}?ms=40", timeout=5).json()["value"]
    return [first, second]


class Watched:
    def __init__(self) -> None:
        self.region = "eu"

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            print(f"(read {name})")
        return object.__getattribute__(self, name)


WATCHED = Watched()


def r173_get_getattribute_global(web: str) -> list[str]:
    first = get(web, "s2", 150)
    print("between")
    second = get(web, WATCHED.region, 40)
    return [first, second]


class Route:
    def __class_getitem__(cls, name: str) -> str:
        print(f"(route {name})")
        return f"items/{name}"


def r173_get_class_getitem(web: str) -> list[str]:
    first = get(web, "s3", 150)
    print("between")
    second = requests.get(f"{web}/{Route['r3']}?ms=40", timeout=5).json()["value"]
    return [first, second]


class Announced:
    def __init__(self, web: str) -> None:
        self.web = web

    def __set_name__(self, owner: type, name: str) -> None:
        requests.put(f"{self.web}/items/sn-{name}", data="set", timeout=5)

    def __get__(self, obj: Any, owner: Any = None) -> str:
        return "d"


def r173_get_set_name_puts(web: str) -> list[str]:
    first = get(web, "s4", 150)

    class Model:
        field4 = Announced(web)

    second = get(web, "sn-field4", 40)
    return [first, second, Model.__name__]


class PlainPaths:
    @property
    def path(self) -> str:
        return "items/pp"


PLAIN_PATHS = PlainPaths()


def r173_ok_pure_property_overlaps(web: str) -> list[str]:
    first = get(web, "s6", 150)
    print("between")
    second = requests.get(f"{web}/{PLAIN_PATHS.path}?ms=40", timeout=5).json()["value"]
    return [first, second]


# -- an LLM SDK call with a hidden-loud argument


def ask_noted(client: Any, q: str, lat: float, notes: Any) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    print("answered", q, notes)
    return r.choices[0].message.content


def r173_q_sdk_chainmap_note(client: Any) -> list[str]:
    out = []
    for q, lat in (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09)):
        out.append(ask_noted(client, q, lat, collections.ChainMap({"q": Loud(q)})))
    return out


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def web_svc(env: Env) -> tuple:
    return (env.web, Service())


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) quiet
    _w(r173_q_deep_eight_levels, O3),
    _w(r173_q_list_300_loud_last, O3),
    _w(r173_q_dict_300_loud_value, O3),
    _w(r173_q_chainmap_loud, O3),
    _w(r173_q_argparse_namespace_loud, O3),
    _w(r173_q_list_iterator_loud, O3),
    _w(r173_q_generator_loud, O3),
    _w(r173_q_lambda_cell_loud, O3),
    _w(r173_q_nullcontext_loud, O3),
    _w(r173_q_queue_loud, O3),
    _w(r173_q_metaclass_repr_instance, O3),
    _w(r173_q_class_property_walk, O3),
    _w(r173_q_dict_property_walk, O3),
    _w(r173_q_meta_getattr_hasattr, O3),
    _w(r173_q_meta_getattribute_module, O3),
    _w(r173_q_slots_dataclass_repr, O3),
    _w(r173_q_format_in_callee, O3),
    _w(r173_q_enum_in_frozenset, O3),
    _w(r173_q_deque_loud, O3),
    _w(r173_q_partial_keyword_loud, O3),
    _w(r173_ok_array, O3, overlap=3),
    _w(r173_ok_memoryview, O3, overlap=3),
    _w(r173_ok_partial_plain, O3, overlap=3),
    _w(r173_ok_deep_plain, O3, overlap=3),
    _w(r173_ok_slots_dataclass_plain, O3, overlap=3),
    Case("sdk", r173_q_sdk_chainmap_note, args=oa, servers="api", ideal=over(0.15, 0.04, 0.09)),
    # (2) threads
    _w(r173_thr_import_module, cat="threads"),
    _w(r173_thr_sys_modules, cat="threads"),
    _w(r173_thr_vars_module, cat="threads"),
    _w(r173_thr_globals_item, cat="threads"),
    _w(r173_thr_class_dict_staticmethod, cat="threads"),
    _w(r173_thr_classmethod, cat="threads"),
    _w(r173_thr_attrgetter, cat="threads"),
    _w(r173_thr_global_partial, cat="threads"),
    _w(r173_thr_callable_instance, cat="threads"),
    _w(r173_thr_instance_bound_method, cat="threads"),
    _w(r173_thr_tuple_default, cat="threads"),
    _w(r173_thr_kwonly_default, cat="threads"),
    _w(r173_thr_local_dict_from_module, cat="threads"),
    _w(r173_thr_argument_attr, cat="threads", args=web_svc),
    _w(r173_thr_getattr_argument, cat="threads", args=web_svc),
    _w(r173_thr_decorator_registered, cat="threads"),
    _w(r173_fp_globals_constant, O2, cat="threads", overlap=2),
    _w(r173_fp_class_dict_name, O2, cat="threads", overlap=2),
    # (3) constructors
    _w(r173_ctor_staticmethod_swapped, O3, cat="state"),
    _w(r173_ctor_callable_class_attr, O3, cat="state"),
    _w(r173_ctor_bound_copy_factory, O3, cat="state"),
    _w(r173_ctor_classmethod_factory, O3, cat="state"),
    _w(r173_ctor_property_other_class, O3, cat="state"),
    _w(r173_ctor_property_global_dict, O3, cat="state"),
    _w(r173_ctor_helper_reads_class, O3, cat="state"),
    _w(r173_ctor_classmethod_global_list, O3, cat="state"),
    _w(r173_ctor_init_subclass_symbol, O3, cat="state"),
    _w(r173_ctor_classvar_dict, O3, cat="state"),
    _w(r173_ctor_plain_dataclass_overlaps, O3, cat="state", overlap=3),
    # (4) getters
    _w(r173_get_super_property, O2, cat="where"),
    _w(r173_get_getattribute_global, O2, cat="where"),
    _w(r173_get_class_getitem, O2, cat="where"),
    _w(r173_get_set_name_puts, cat="where"),
    _w(r173_ok_pure_property_overlaps, O2, cat="where", overlap=2),
]

FIXED_WHY: dict[str, str] = {
    "r173_q_list_300_loud_last": (
        "`show_last(web, padded(k), k, ms)` with `padded` returning `[*range(300), Loud(k)]`: "
        "`_held_by` takes a list of more than 256 items as data, so the helper starts early "
        "and `print(obj[-1])` runs Loud.__str__ in completion order ('(str b)' first). "
        "Documented (docs/jit.md: more than 256 items taken as data)."
    ),
    "r173_q_dict_300_loud_value": (
        "as r173_q_list_300_loud_last with a dict of 301 items whose last value is Loud. "
        "Documented."
    ),
    "r173_q_chainmap_loud": (
        "`show(web, collections.ChainMap({k: Loud(k)}), k, ms)`: ChainMap is a library class "
        "not in `_WALKED`/`_WRAPPERS`, so `_held_by` returns None (taken as data) and "
        "printing it runs Loud.__repr__ in the pool, '(str b)', '(str c)', '(str a)' before "
        "the held 'got' lines."
    ),
    "r173_q_nullcontext_loud": (
        "`show_cm(web, contextlib.nullcontext(Loud(k)), k, ms)` (the helper does `with cm as "
        "o: print(o)`): a library object holding the user's object in its attributes is "
        "not walked (only UserDict/UserList/SimpleNamespace are), quiet; Loud prints in "
        "completion order."
    ),
    "r173_q_metaclass_repr_instance": (
        "`show_type(web, Widget(k), k, ms)` whose helper prints `type(obj)`, Widget's "
        "metaclass having a printing __repr__: `quiet` checks `formats_loudly(Widget)` "
        "(the instance's class) but never the metaclass that formats `type(obj)`; "
        "'(meta repr Widget)' lines come before every 'got' line."
    ),
    "r173_q_meta_getattr_hasattr": (
        "`quiet` itself runs the user's code: `_run_by_showing` calls `hasattr(type(a), "
        "'__get__')` on each class attribute `a` (here `unit = Unit()`, Unit's metaclass "
        "having a printing `__getattr__`), printing '(meta getattr __get__)' three times "
        "where the plain run prints nothing. Use `inspect.getattr_static`/`static_attr`."
    ),
    "r173_q_sdk_chainmap_note": (
        "openai SDK: a chat call's helper handed `ChainMap({'q': Loud(q)})` that prints it: "
        "as r173_q_chainmap_loud, '(str volcanoes)' first."
    ),
    "r173_ctor_property_other_class": (
        "the caller sets `Settings.unit = u` before each `fetch_shown(...)`, whose "
        "constructor reads `self.unit`, a property returning `Settings.unit`: `_init_reads` "
        "counts the class's own plain attributes (Shown has none) and `__init__`'s global "
        "reads, not a property getter's, so every helper starts before the loop and reads "
        "the last unit ('v-bmm' vs 'v-bcm')."
    ),
    "r173_ctor_property_global_dict": (
        "as r173_ctor_property_other_class with the property reading a global dict "
        "(`UNIT_CONF['unit']`) the caller sets: 'v-bmm' vs 'v-bcm'."
    ),
}

FAILING_WHY: dict[str, str] = {
    "r173_q_meta_getattribute_module": (
        "a metaclass of yours whose `__getattribute__` prints sees the analysis read its "
        "classes' `__module__` and `__mro__` (the start's look at arguments now reads them "
        "as `type` does; the analysis and the guards read them in dozens of places), "
        "printing '(module of Traced)' where the plain run prints nothing. Documented in "
        "docs/jit.md; a watch for such metaclasses across the process was tried and "
        "withdrawn: one defined anywhere would turn every jitted function into plain code."
    ),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
