# ruff: noqa: UP031, B023, B008, B905, B009, B039 - the shapes under test
"""Red-team cases (stop 176): the first batch of this stop (c939535: `_formatting.quiet`'s
walk without running code, `_held_by`, `_unplain`, `_attributes`, `_layout`,
`_run_by_showing`; `_globals._init_reads` counting a class's properties; `_whose.users_class`
read as `type` reads it).

(1) Objects that print when formatted, handed to a started helper (it GETs first, then
prints or formats what it was handed), hidden where the walk does not look: in a library
object rules speak of (a requests Session's headers or auth, an httpx Client's event hooks
or auth, a Logger's handler or filter), an iterator over them (map, filter, zip,
chain), a weak reference or a WeakValueDictionary, a closure's cell, a
builtin method bound to a container (``[x].copy``, ``d.get``, ``lst.__getitem__``), a
``methodcaller``'s or an ``itertools.repeat``'s or a ``slice``'s repr, a class attribute,
a module's attribute, a ``ContextVar``'s default, an exception's ``__cause__``, a
``defaultdict``'s factory, and objects whose attributes sit behind a ``__dict__``
property; also a ``str`` subclass, a ``dict`` subclass's keys, an object as a dict key,
slots beside ``__dict__``.
(2) The walk (and guards) running code of the user's: a metaclass's ``__hash__``/``__eq__``
(``set(map(type, ...))``, ``t in _QUIET``), ``__getattr__`` on a plain class and on a
``requests.Session`` subclass, a list subclass's ``__iter__``/``__len__`` and a dict
subclass's ``items`` walked by a loop over an argument, ``__init_subclass__``.
(3) Constructors reading state through a ``cached_property``, a property calling a helper
or a classmethod, a descriptor of the user's, ``__getattr__``, a property on a base class
of another module.
(4) Cost: starts handed large object graphs (5,000 dataclass records, 20,000 strings,
numpy arrays, 300 lists of 10,000 ints, a 10,000-node linked list) must still overlap.
Sibling calls get unequal latencies, slow first.
"""

from __future__ import annotations

import collections
import contextvars
import functools
import itertools
import logging
import operator
import sys
import types
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import requests

from tests.xcs.libcorpus import cases_redteam173 as r173
from tests.xcs.libcorpus._case import Case, Env, openai_client

ME = sys.modules[__name__]


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)


def url(web: str, key: str, ms: int) -> str:
    return f"{web}/items/{key}?ms={ms}"


def get(web: str, key: str, ms: int) -> str:
    return requests.get(url(web, key, ms), timeout=5).json()["value"]


class Loud:
    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print(f"(str {self.k})")
        return self.k

    __repr__ = __str__


# -- helpers: GET first, then show what they were handed


def show(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj)
    return value


def show_list(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, list(obj))
    return value


def show_call(web: str, fn: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, fn())
    return value


def show_call_arg(web: str, fn: Any, arg: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, fn(arg))
    return value


# =========================================================================== (1) hidden


def tagged_session(k: str) -> requests.Session:
    s = requests.Session()
    s.headers["X-Tag"] = Loud(k)  # type: ignore[assignment]
    return s


def show_header(web: str, sess: requests.Session, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, sess.headers["X-Tag"])
    return value


def r176_q_session_headers(web: str) -> list[str]:
    return [show_header(web, tagged_session(k), k, ms) for k, ms in KMS]


class LoudAuth(requests.auth.AuthBase):
    def __init__(self, k: str) -> None:
        self.k = k

    def __call__(self, r: Any) -> Any:
        return r

    def __repr__(self) -> str:
        print(f"(auth {self.k})")
        return f"LoudAuth({self.k})"


def authed_session(k: str) -> requests.Session:
    s = requests.Session()
    s.auth = LoudAuth(k)
    return s


def show_auth(web: str, sess: requests.Session, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, sess.auth)
    return value


def r176_q_session_auth(web: str) -> list[str]:
    return [show_auth(web, authed_session(k), k, ms) for k, ms in KMS]


class LoudHook:
    def __init__(self, k: str) -> None:
        self.k = k

    def __call__(self, request: Any) -> None:
        return None

    def __repr__(self) -> str:
        print(f"(hook {self.k})")
        return f"hook-{self.k}"


def show_hooks(web: str, client: httpx.Client, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, client.event_hooks["request"])
    return value


def hooked_clients(env: Env) -> tuple:
    return (env.web, [env.own(httpx.Client(event_hooks={"request": [LoudHook(k)]}))
                      for k, _ in KMS])


def r176_q_httpx_event_hooks(web: str, clients: list[httpx.Client]) -> list[str]:
    return [show_hooks(web, c, k, ms) for c, (k, ms) in zip(clients, KMS)]


class LoudHttpxAuth(httpx.Auth):
    def __init__(self, k: str) -> None:
        self.k = k

    def __repr__(self) -> str:
        print(f"(httpx auth {self.k})")
        return f"auth-{self.k}"


def show_client_auth(web: str, client: httpx.Client, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, client.auth)
    return value


def authed_clients(env: Env) -> tuple:
    return (env.web, [env.own(httpx.Client(auth=LoudHttpxAuth(k))) for k, _ in KMS])


def r176_q_httpx_auth(web: str, clients: list[httpx.Client]) -> list[str]:
    return [show_client_auth(web, c, k, ms) for c, (k, ms) in zip(clients, KMS)]


class LoudHandler(logging.NullHandler):
    def __init__(self, k: str) -> None:
        super().__init__()
        self.k = k

    def __repr__(self) -> str:
        print(f"(handler {self.k})")
        return f"<handler {self.k}>"


class LoudFilter(logging.Filter):
    def __init__(self, k: str) -> None:
        super().__init__()
        self.k = k

    def __repr__(self) -> str:
        print(f"(filter {self.k})")
        return f"<filter {self.k}>"


def loggers_with_handlers(env: Env) -> tuple:
    out = []
    for k, _ in KMS:
        lg = logging.Logger(f"r176.h.{k}")
        lg.addHandler(LoudHandler(k))
        out.append(lg)
    return (env.web, out)


def loggers_with_filters(env: Env) -> tuple:
    out = []
    for k, _ in KMS:
        lg = logging.Logger(f"r176.f.{k}")
        lg.addFilter(LoudFilter(k))
        out.append(lg)
    return (env.web, out)


def show_handlers(web: str, lg: logging.Logger, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, lg.handlers)
    return value


def show_filters(web: str, lg: logging.Logger, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, lg.filters)
    return value


def r176_q_logger_handler_repr(web: str, loggers: list[logging.Logger]) -> list[str]:
    return [show_handlers(web, lg, k, ms) for lg, (k, ms) in zip(loggers, KMS)]


def r176_q_logger_filter_repr(web: str, loggers: list[logging.Logger]) -> list[str]:
    return [show_filters(web, lg, k, ms) for lg, (k, ms) in zip(loggers, KMS)]


class LoudPath(type(Path())):  # type: ignore[misc]
    def __str__(self) -> str:
        print(f"(path {self.name})")
        return super().__str__()


def r176_q_path_subclass(web: str) -> list[str]:
    return [show(web, LoudPath("/srv", k), k, ms) for k, ms in KMS]


# -- iterators over loud objects


def r176_q_map_iter(web: str) -> list[str]:
    return [show_list(web, map(Loud, [k, k + "2"]), k, ms) for k, ms in KMS]


def r176_q_filter_iter(web: str) -> list[str]:
    return [show_list(web, filter(None, [Loud(k)]), k, ms) for k, ms in KMS]


def r176_q_zip_iter(web: str) -> list[str]:
    return [show_list(web, zip([Loud(k)], [ms]), k, ms) for k, ms in KMS]




def r176_q_chain_iter(web: str) -> list[str]:
    return [show_list(web, itertools.chain([Loud(k)], [ms]), k, ms) for k, ms in KMS]




# -- references and closures


def r176_q_weakref_ref(web: str) -> list[str]:
    keep = [Loud(k) for k, _ in KMS]
    return [show_call(web, weakref.ref(obj), k, ms) for obj, (k, ms) in zip(keep, KMS)]


def show_weak(web: str, table: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, table[key])
    return value


def r176_q_weak_value_dict(web: str) -> list[str]:
    keep = [Loud(k) for k, _ in KMS]
    out = []
    for obj, (k, ms) in zip(keep, KMS):
        table: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        table[k] = obj
        out.append(show_weak(web, table, k, ms))
    return out


def holder(obj: Any) -> Any:
    def held() -> Any:
        return obj
    return held


def r176_q_closure_cell(web: str) -> list[str]:
    return [show_call(web, holder(Loud(k)), k, ms) for k, ms in KMS]


def r176_q_methodcaller_repr(web: str) -> list[str]:
    return [show(web, operator.methodcaller("format", Loud(k)), k, ms) for k, ms in KMS]


def r176_q_methodcaller_called(web: str) -> list[str]:
    return [show_call_arg(web, operator.methodcaller("format", Loud(k)), "<{}>", k, ms)
            for k, ms in KMS]


def r176_q_bound_list_copy(web: str) -> list[str]:
    return [show_call(web, [Loud(k)].copy, k, ms) for k, ms in KMS]


def r176_q_method_wrapper_getitem(web: str) -> list[str]:
    return [show_call_arg(web, [Loud(k)].__getitem__, 0, k, ms) for k, ms in KMS]


def r176_q_bound_dict_get(web: str) -> list[str]:
    return [show_call_arg(web, {"t": Loud(k)}.get, "t", k, ms) for k, ms in KMS]


def r176_q_attrgetter_applied(web: str) -> list[str]:
    return [show_call_arg(web, operator.attrgetter("k"), Loud(k), k, ms) for k, ms in KMS]


def r176_q_itertools_repeat_repr(web: str) -> list[str]:
    return [show(web, itertools.repeat(Loud(k), 2), k, ms) for k, ms in KMS]


def r176_q_slice_repr(web: str) -> list[str]:
    return [show(web, slice(Loud(k), None), k, ms) for k, ms in KMS]


# -- class and module attributes


class Tagged:
    def __init__(self, k: str) -> None:
        self.k = k


def conf_class(k: str) -> type:
    return type(f"Conf{k.upper()}", (Tagged,), {"CONF": Loud(k)})


def show_class_conf(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, type(obj).CONF)
    return value


def r176_q_class_attr_via_type(web: str) -> list[str]:
    classes = [conf_class(k) for k, _ in KMS]
    return [show_class_conf(web, cls(k), k, ms) for cls, (k, ms) in zip(classes, KMS)]


class Banner:
    TITLE = Loud("banner")

    def __init__(self, k: str) -> None:
        self.k = k


def show_title(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj.TITLE)
    return value


def r176_q_class_attr_instance(web: str) -> list[str]:
    return [show_title(web, Banner(k), k, ms) for k, ms in KMS]


def config_module(k: str) -> types.ModuleType:
    mod = types.ModuleType(f"r176_conf_{k}")
    mod.TAG = Loud(k)  # type: ignore[attr-defined]
    return mod


def show_mod_tag(web: str, mod: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, mod.TAG)
    return value


def r176_q_module_attr(web: str) -> list[str]:
    return [show_mod_tag(web, config_module(k), k, ms) for k, ms in KMS]


def r176_q_contextvar_default(web: str) -> list[str]:
    cvs = [contextvars.ContextVar(f"r176_tag_{k}", default=Loud(k)) for k, _ in KMS]
    return [show_call(web, cv.get, k, ms) for cv, (k, ms) in zip(cvs, KMS)]


def failure_with_cause(k: str) -> ValueError:
    err = ValueError("outer")
    err.__cause__ = KeyError(Loud(k))
    return err


def show_cause(web: str, err: BaseException, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, repr(err.__cause__))
    return value


def r176_q_exception_cause(web: str) -> list[str]:
    return [show_cause(web, failure_with_cause(k), k, ms) for k, ms in KMS]


def fresh_bucket() -> list[str]:
    print("(fresh bucket)")
    return []


def show_bucket(web: str, table: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    bucket = table[key]
    print("got", key, len(bucket))
    return value


def r176_q_defaultdict_factory(web: str) -> list[str]:
    table: collections.defaultdict = collections.defaultdict(fresh_bucket)
    return [show_bucket(web, table, k, ms) for k, ms in KMS]


class LoudStr(str):
    def __str__(self) -> str:
        print(f"(loudstr {str.__str__(self)})")
        return str.__str__(self)


def r176_q_str_subclass(web: str) -> list[str]:
    return [show(web, LoudStr(k), k, ms) for k, ms in KMS]




class Tags(dict):
    pass


def r176_q_dict_subclass_keys(web: str) -> list[str]:
    return [show(web, Tags({Loud(k): 1}), k, ms) for k, ms in KMS]


def r176_q_loud_dict_key(web: str) -> list[str]:
    return [show(web, {Loud(k): ms}, k, ms) for k, ms in KMS]


class SlotsAndDict:
    __slots__ = ("a", "__dict__")

    def __init__(self, k: str) -> None:
        self.a = k
        self.b = Loud(k)


def show_b(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj.b)
    return value


def r176_q_slots_and_dict(web: str) -> list[str]:
    return [show_b(web, SlotsAndDict(k), k, ms) for k, ms in KMS]


class Record:
    """Its ``__dict__`` is a property (a view for serialising), its attributes are real."""

    def __init__(self, k: str) -> None:
        self.b = Loud(k)

    @property  # type: ignore[misc]
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        return {"kind": "record"}


def r176_q_dict_property_hides(web: str) -> list[str]:
    return [show_b(web, Record(k), k, ms) for k, ms in KMS]


# =========================================================================== (2) walk runs code


class HashMeta(type):
    def __hash__(cls) -> int:
        print(f"(hash {type.__getattribute__(cls, '__name__')})")
        return id(cls) >> 4


class Point(metaclass=HashMeta):
    def __init__(self, k: str) -> None:
        self.k = k

    def __repr__(self) -> str:
        return f"Point({self.k})"


def r176_w_metaclass_hash(web: str) -> list[str]:
    return [show(web, [Point(k), Point(k + "2")], k, ms) for k, ms in KMS]


def r176_w_metaclass_hash_direct(web: str) -> list[str]:
    return [show(web, Point(k), k, ms) for k, ms in KMS]


class EqMeta(type):
    def __eq__(cls, other: object) -> bool:
        print("(meta eq)")
        return cls is other


class Unhashable(metaclass=EqMeta):
    def __init__(self, k: str) -> None:
        self.k = k

    def __repr__(self) -> str:
        return f"U({self.k})"


def r176_w_metaclass_eq_unhashable(web: str) -> list[str]:
    return [show(web, [Unhashable(k)], k, ms) for k, ms in KMS]




class Settings:
    """Looks a missing setting up, and says so."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __getattr__(self, name: str) -> Any:
        print(f"(missing setting {name})")
        raise AttributeError(name)


def show_k(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, obj.k)
    return value


def r176_w_getattr_plain(web: str) -> list[str]:
    return [show_k(web, Settings(k), k, ms) for k, ms in KMS]


class TracedSession(requests.Session):
    def __getattr__(self, name: str) -> Any:
        print(f"(session getattr {name})")
        raise AttributeError(name)


def fetch_with(web: str, sess: requests.Session, key: str, ms: int) -> str:
    return sess.get(url(web, key, ms), timeout=5).json()["value"]


def r176_w_getattr_session_subclass(web: str) -> list[str]:
    with TracedSession() as s:
        return [fetch_with(web, s, k, ms) for k, ms in KMS]


class LoggedList(list):
    def __iter__(self) -> Any:
        print("(iter)")
        return super().__iter__()

    def __len__(self) -> int:
        print("(len)")
        return super().__len__()


def r176_w_list_subclass_arg_loop(web: str, items: list) -> list[str]:
    out = []
    for k, ms in items:
        out.append(get(web, k, ms))
    return out




class LoggedTable(dict):
    def items(self) -> Any:
        print("(items)")
        return super().items()


def r176_w_dict_subclass_items_loop(web: str, table: dict) -> list[str]:
    return [get(web, k, ms) for k, ms in table.items()]


class Plugin:
    registry: list[str] = []

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        Plugin.registry.append(cls.__name__)


class Alpha(Plugin):
    def __init__(self, k: str) -> None:
        self.k = k

    def __repr__(self) -> str:
        return f"Alpha({self.k})"


def r176_w_init_subclass_instance(web: str) -> list[str]:
    return [show(web, Alpha(k), k, ms) for k, ms in KMS]


# =========================================================================== (3) constructors

UNITS: dict[str, str] = {"unit": "m"}


class CachedUnit:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"

    @functools.cached_property
    def unit(self) -> str:
        return UNITS["unit"]


def fetch_cached_unit(web: str, key: str, ms: int) -> CachedUnit:
    return CachedUnit(key, get(web, key, ms))


def r176_ctor_cached_property_global(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNITS["unit"] = unit
        out.append(fetch_cached_unit(web, k, ms).label)
    UNITS["unit"] = "m"
    return out


def unit_now() -> str:
    return UNITS["unit"]


class HelperUnit:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"

    @property
    def unit(self) -> str:
        return unit_now()


def fetch_helper_unit(web: str, key: str, ms: int) -> HelperUnit:
    return HelperUnit(key, get(web, key, ms))


def r176_ctor_property_calls_helper(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNITS["unit"] = unit
        out.append(fetch_helper_unit(web, k, ms).label)
    UNITS["unit"] = "m"
    return out


class ClassUnit:
    current = "m"

    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"

    @classmethod
    def now(cls) -> str:
        return UNITS["unit"]

    @property
    def unit(self) -> str:
        return type(self).now()


def fetch_class_unit(web: str, key: str, ms: int) -> ClassUnit:
    return ClassUnit(key, get(web, key, ms))


def r176_ctor_property_calls_classmethod(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNITS["unit"] = unit
        out.append(fetch_class_unit(web, k, ms).label)
    UNITS["unit"] = "m"
    return out


class FromSettings:
    """A descriptor of the user's: reads the setting when the attribute is read."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: Any = None) -> str:
        return UNITS[self.name]


class DescUnit:
    unit = FromSettings("unit")

    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"


def fetch_desc_unit(web: str, key: str, ms: int) -> DescUnit:
    return DescUnit(key, get(web, key, ms))


def r176_ctor_descriptor_global(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNITS["unit"] = unit
        out.append(fetch_desc_unit(web, k, ms).label)
    UNITS["unit"] = "m"
    return out


class GetattrUnit:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"

    def __getattr__(self, name: str) -> str:
        if name in UNITS:
            return UNITS[name]
        raise AttributeError(name)


def fetch_getattr_unit(web: str, key: str, ms: int) -> GetattrUnit:
    return GetattrUnit(key, get(web, key, ms))


def r176_ctor_getattr_global(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNITS["unit"] = unit
        out.append(fetch_getattr_unit(web, k, ms).label)
    UNITS["unit"] = "m"
    return out


class BaseUnit:
    @property
    def unit(self) -> str:
        return UNITS["unit"]


class MidUnit(BaseUnit):
    pass


class LeafUnit(MidUnit):
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"


def fetch_leaf_unit(web: str, key: str, ms: int) -> LeafUnit:
    return LeafUnit(key, get(web, key, ms))


def r176_ctor_property_grandparent(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        UNITS["unit"] = unit
        out.append(fetch_leaf_unit(web, k, ms).label)
    UNITS["unit"] = "m"
    return out


class ForeignShown(r173.ShownConf):
    """Its base (another module's class) reads that module's `UNIT_CONF` in a property."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__(key, value)
        self.key = key


def fetch_foreign(web: str, key: str, ms: int) -> ForeignShown:
    return ForeignShown(key, get(web, key, ms))


def r176_ctor_property_other_module(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        r173.UNIT_CONF["unit"] = unit
        out.append(fetch_foreign(web, k, ms).label)
    r173.UNIT_CONF["unit"] = "m"
    return out


class MixinUnit:
    def __init__(self, key: str, value: str) -> None:
        self.label = f"{value}{self.unit}"


class ForeignBased(MixinUnit, r173.Settings):
    """`unit` is a plain attribute of another module's class, which its caller sets."""


def fetch_foreign_based(web: str, key: str, ms: int) -> ForeignBased:
    return ForeignBased(key, get(web, key, ms))


def r176_ctor_class_attr_other_module(web: str) -> list[str]:
    out = []
    for (k, ms), unit in zip(KMS, ("cm", "mm", "km")):
        r173.Settings.unit = unit
        out.append(fetch_foreign_based(web, k, ms).label)
    r173.Settings.unit = "m"
    return out


class PureUnit:
    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.label = f"{value}{self.suffix}"

    @property
    def suffix(self) -> str:
        return "-" + self.key.upper()


def fetch_pure_unit(web: str, key: str, ms: int) -> PureUnit:
    return PureUnit(key, get(web, key, ms))


def r176_ok_ctor_pure_property(web: str) -> list[str]:
    return [fetch_pure_unit(web, k, ms).label for k, ms in KMS]


class PureCached:
    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.label = f"{value}{self.suffix}"

    @functools.cached_property
    def suffix(self) -> str:
        return "-" + self.key.upper()


def fetch_pure_cached(web: str, key: str, ms: int) -> PureCached:
    return PureCached(key, get(web, key, ms))


def r176_ok_ctor_pure_cached_property(web: str) -> list[str]:
    return [fetch_pure_cached(web, k, ms).label for k, ms in KMS]


# =========================================================================== (4) cost


@dataclass
class Rec:
    i: int
    name: str
    score: float


RECORDS = [Rec(i, f"n{i}", i / 7) for i in range(5000)]
STRINGS = {f"k{i}": f"value-{i}" for i in range(20000)}
FLOATS = np.arange(1_000_000, dtype=np.float64)
OBJ_STRS = np.array([f"s{i}" for i in range(20000)], dtype=object)
MATRIX = [list(range(10000)) for _ in range(300)]


@dataclass
class Node:
    n: int
    next: Node | None = None


def _chain(n: int) -> Node:
    head = None
    for i in range(n):
        head = Node(i, head)
    return head  # type: ignore[return-value]


CHAIN = _chain(10000)


def summarize(web: str, data: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{len(data)}"


def summarize_printing(web: str, data: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", key, len(data))
    return value


def walk_len(node: Any) -> int:
    n = 0
    while node is not None:
        n += 1
        node = node.next
    return n


def summarize_chain(web: str, head: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{walk_len(head)}"


def r176_cost_5000_records(web: str) -> list[str]:
    return [summarize(web, RECORDS, k, ms) for k, ms in KMS]


def r176_cost_5000_records_printing(web: str) -> list[str]:
    return [summarize_printing(web, RECORDS, k, ms) for k, ms in KMS]


def r176_cost_dict_20000_strings(web: str) -> list[str]:
    return [summarize(web, STRINGS, k, ms) for k, ms in KMS]


def r176_cost_numpy_floats(web: str) -> list[str]:
    return [summarize(web, FLOATS, k, ms) for k, ms in KMS]


def r176_cost_numpy_object_strings(web: str) -> list[str]:
    return [summarize(web, OBJ_STRS, k, ms) for k, ms in KMS]


def r176_cost_list_of_int_lists(web: str) -> list[str]:
    return [summarize(web, MATRIX, k, ms) for k, ms in KMS]




def r176_cost_linked_10000(web: str) -> list[str]:
    return [summarize_chain(web, CHAIN, k, ms) for k, ms in KMS]


def r176_cost_records_argument(web: str, records: list) -> list[str]:
    return [summarize(web, records, k, ms) for k, ms in KMS]


def r176_cost_sdk_big_context(client: Any) -> list[str]:
    out = []
    for q, lat in (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09)):
        out.append(ask_with(client, q, lat, RECORDS))
    return out


def ask_with(client: Any, q: str, lat: float, records: list) -> str:
    r = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": f"{q} ({len(records)} rows)"}],
        extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def web_logged_list(env: Env) -> tuple:
    return (env.web, LoggedList(KMS))


def web_logged_table(env: Env) -> tuple:
    return (env.web, LoggedTable(KMS))


def web_records(env: Env) -> tuple:
    return (env.web, [Rec(i, f"r{i}", i / 3) for i in range(5000)])


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) hidden
    _w(r176_q_session_headers, O3),
    _w(r176_q_session_auth, O3),
    _w(r176_q_httpx_event_hooks, O3, args=hooked_clients),
    _w(r176_q_httpx_auth, O3, args=authed_clients),
    _w(r176_q_logger_handler_repr, O3, args=loggers_with_handlers),
    _w(r176_q_logger_filter_repr, O3, args=loggers_with_filters),
    _w(r176_q_path_subclass, O3),
    _w(r176_q_map_iter, O3),
    _w(r176_q_filter_iter, O3),
    _w(r176_q_zip_iter, O3),
    _w(r176_q_chain_iter, O3),
    _w(r176_q_weakref_ref, O3),
    _w(r176_q_weak_value_dict, O3),
    _w(r176_q_closure_cell, O3),
    _w(r176_q_methodcaller_repr, O3),
    _w(r176_q_methodcaller_called, O3),
    _w(r176_q_bound_list_copy, O3),
    _w(r176_q_method_wrapper_getitem, O3),
    _w(r176_q_bound_dict_get, O3),
    _w(r176_q_attrgetter_applied, O3),
    _w(r176_q_itertools_repeat_repr, O3),
    _w(r176_q_slice_repr, O3),
    _w(r176_q_class_attr_via_type, O3),
    _w(r176_q_class_attr_instance, O3),
    _w(r176_q_module_attr, O3),
    _w(r176_q_contextvar_default, O3),
    _w(r176_q_exception_cause, O3),
    _w(r176_q_defaultdict_factory, O3),
    _w(r176_q_str_subclass, O3),
    _w(r176_q_dict_subclass_keys, O3),
    _w(r176_q_loud_dict_key, O3),
    _w(r176_q_slots_and_dict, O3),
    _w(r176_q_dict_property_hides, O3),
    # (2) the walk runs code
    _w(r176_w_metaclass_hash, O3),
    _w(r176_w_metaclass_hash_direct, O3),
    _w(r176_w_metaclass_eq_unhashable, O3),
    _w(r176_w_getattr_plain, O3),
    _w(r176_w_getattr_session_subclass, O3),
    _w(r176_w_list_subclass_arg_loop, O3, args=web_logged_list),
    _w(r176_w_dict_subclass_items_loop, O3, args=web_logged_table),
    _w(r176_w_init_subclass_instance, O3, overlap=3),
    # (3) constructors
    _w(r176_ctor_cached_property_global, O3, cat="state"),
    _w(r176_ctor_property_calls_helper, O3, cat="state"),
    _w(r176_ctor_property_calls_classmethod, O3, cat="state"),
    _w(r176_ctor_descriptor_global, O3, cat="state"),
    _w(r176_ctor_getattr_global, O3, cat="state"),
    _w(r176_ctor_property_grandparent, O3, cat="state"),
    _w(r176_ctor_property_other_module, O3, cat="state"),
    _w(r176_ctor_class_attr_other_module, O3, cat="state"),
    _w(r176_ok_ctor_pure_property, O3, cat="state", overlap=3),
    _w(r176_ok_ctor_pure_cached_property, O3, cat="state", overlap=3),
    # (4) cost
    _w(r176_cost_5000_records, O3, cat="fanout", overlap=3),
    _w(r176_cost_5000_records_printing, O3, cat="fanout", overlap=3),
    _w(r176_cost_dict_20000_strings, O3, cat="fanout", overlap=3),
    _w(r176_cost_numpy_floats, O3, cat="fanout", overlap=3),
    _w(r176_cost_numpy_object_strings, O3, cat="fanout", overlap=3),
    _w(r176_cost_list_of_int_lists, O3, cat="fanout", overlap=3),
    _w(r176_cost_linked_10000, O3, cat="fanout", overlap=3),
    _w(r176_cost_records_argument, O3, cat="fanout", overlap=3, args=web_records),
    Case("sdk", r176_cost_sdk_big_context, args=oa, servers="api",
         ideal=over(0.15, 0.04, 0.09), overlap=3),
]

FIXED_WHY: dict[str, str] = {
    "r176_q_methodcaller_repr": (
        "`show(web, operator.methodcaller('format', Loud(k)), k, ms)`: a C object with no "
        "__dict__, so `_attributes` finds nothing and its args are not walked; printing it "
        "runs Loud.__repr__ in the pool ('(str b)' first)."
    ),
    "r176_q_bound_list_copy": (
        "`show_call(web, [Loud(k)].copy, k, ms)`: a builtin method bound to a container "
        "(builtin_function_or_method) is not walked (only types.MethodType's __self__ is); "
        "`print(fn())` runs Loud.__repr__ off its place."
    ),
    "r176_q_method_wrapper_getitem": (
        "as r176_q_bound_list_copy with `[Loud(k)].__getitem__` (a method-wrapper), "
        "called as `fn(0)`."
    ),
    "r176_q_bound_dict_get": (
        "as r176_q_bound_list_copy with `{'t': Loud(k)}.get`, called as `fn('t')`."
    ),
    "r176_q_itertools_repeat_repr": (
        "`show(web, itertools.repeat(Loud(k), 2), k, ms)`: a C iterator's held object is "
        "not walked, and its repr formats it ('(str b)' first)."
    ),
    "r176_q_class_attr_instance": (
        "`show_title(web, Banner(k), k, ms)` printing `obj.TITLE`, a class attribute "
        "`TITLE = Loud('banner')`: `quiet` walks the instance's attributes and slots, and "
        "the class only for its methods (`_held_by` gives [] for a class), never its data "
        "attributes: the three '(str banner)' lines come before every 'got'."
    ),
    "r176_q_defaultdict_factory": (
        "`show_bucket(web, table, k, ms)` doing `table[key]` after its GET on a "
        "`defaultdict(fresh_bucket)` whose factory prints: the default_factory is not "
        "looked at (a function is in `_QUIET`), and the missing key's factory runs in the "
        "pool: three '(fresh bucket)' lines before the first 'got'."
    ),
    "r176_q_dict_property_hides": (
        "`show_b(web, Record(k), k, ms)` with Record defining a `__dict__` property (a view "
        "that computes): `_layout` then takes the instance to have no dict, so its real "
        "attributes (`self.b = Loud(k)`, in the dict Python still gives it) are not walked."
    ),
}

FAILING_WHY: dict[str, str] = {
    "r176_q_session_headers": (
        "`show_header(web, s, k, ms)` with `s.headers['X-Tag'] = Loud(k)` on a requests "
        "Session, the helper printing that header after its GET: `_held_by` returns [] for "
        "an object rules speak of (docs: 'not looked into'), so the helper starts early and "
        "Loud prints in completion order ('(str b)' first). "
        "Documented (docs/jit.md): an object rules speak of (a client, a logger, a context "
        "variable) is not looked into: their objects run to hundreds, walked at every "
        "start"),
    "r176_q_httpx_event_hooks": (
        "as r176_q_session_headers with an httpx.Client whose event hook (a callable of "
        "yours, whose __repr__ prints) the helper prints: '(hook b)' first. "
        "Documented (docs/jit.md): an object rules speak of (a client, a logger, a context "
        "variable) is not looked into: their objects run to hundreds, walked at every "
        "start"),
    "r176_q_httpx_auth": (
        "as r176_q_session_headers with an httpx.Client's `auth=` (an httpx.Auth subclass "
        "whose __repr__ prints) the helper prints: '(httpx auth b)' first. "
        "Documented (docs/jit.md): an object rules speak of (a client, a logger, a context "
        "variable) is not looked into: their objects run to hundreds, walked at every "
        "start"),
    "r176_q_logger_handler_repr": (
        "as r176_q_session_headers with a logging.Logger holding a handler of yours whose "
        "__repr__ prints; the helper prints `lg.handlers`: '(handler b)' first. "
        "Documented (docs/jit.md): an object rules speak of (a client, a logger, a context "
        "variable) is not looked into: their objects run to hundreds, walked at every "
        "start"),
    "r176_q_logger_filter_repr": (
        "as r176_q_logger_handler_repr with a Filter of yours (`lg.filters`). "
        "Documented (docs/jit.md): an object rules speak of (a client, a logger, a context "
        "variable) is not looked into: their objects run to hundreds, walked at every "
        "start"),
    "r176_q_contextvar_default": (
        "`show_call(web, cv.get, k, ms)` with `cv = ContextVar(..., default=Loud(k))`: the "
        "bound builtin `get` and the ContextVar (a C object) are not walked. "
        "Documented (docs/jit.md): an object rules speak of (a client, a logger, a context "
        "variable) is not looked into: their objects run to hundreds, walked at every "
        "start"),
    "r176_w_metaclass_hash": (
        "a list of instances of a class whose metaclass's `__hash__` prints, handed to a "
        "helper: the analysis and the start hash the class (`set(map(type, ...))` in "
        "`_unplain`, `t in _QUIET`, caches keyed by type), printing '(hash Point)' lines "
        "the plain run never prints. "
        "Documented (docs/jit.md) with r173_q_meta_getattribute_module: the analysis "
        "hashes and compares classes in many places; a metaclass of yours whose "
        "__hash__ prints sees it"),
    "r176_w_metaclass_hash_direct": (
        "minimal form of r176_w_metaclass_hash: `show(web, Point(k), k, ms)`; the class is "
        "hashed wherever the JIT keys a type (`type(v) in _QUIET`, lru caches). "
        "Documented (docs/jit.md) with r173_q_meta_getattribute_module: the analysis "
        "hashes and compares classes in many places; a metaclass of yours whose "
        "__hash__ prints sees it"),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
