"""Red-team cases (stop 197): private names in methods, classes defined in methods, the
resolver's memory of what a node names, callable objects summarised once per object.

(1) Methods that use their class's private names (``self.__web``, ``self.__fetch()``,
which Python spells ``self._Vault__web``): private attributes, helpers, class attributes,
properties, ``__slots__``, parameters, ``global``, except handlers, match captures,
lambdas, comprehensions and generator expressions, nested classes (spelt with their own
name), classes named ``_Vault``, ``__Pool`` and ``___``, a subclass reading its parent's
private, a subclass and its base with a private method of the same name, strings that
Python does not spell (``getattr(self, "__x")``, ``setattr``, a lazy set-up checked with
``hasattr``, keyword arguments), private state changed between reads and between calls,
async methods, static and class methods, decorated methods, methods jitted directly and
methods called as helpers.
(2) Classes defined inside methods and nested functions: dataclasses, enums, NamedTuples,
an exception raised uncaught after overlapped reads, the qualnames of a class, a function,
a lambda and a generator defined in a rewritten method, registries keyed by
``__qualname__``, class bodies that print or write, classes closing over the function's
variables.
(3) What a node names changing between calls and inside one: ``self.client`` swapped for
another kind of client (also through ``self.__dict__``), a module attribute patched, an
attribute that becomes an object whose formatting prints, a property whose answer depends
on a flag set between calls, inside the call or by a private helper, a round-robin property.
(4) Callable objects: an attribute that decides what ``__call__`` does swapped between or
during calls (by the function, by ``__call__`` itself, on an inner object), the class's
``__call__`` replaced, a list mixing subclasses, an object dropped and a new one made,
``__call__`` that counts, a ``__call__`` that writes, prints, logs or memoises around
``forward`` (or never calls it), an Ember operator overriding ``__call__``, a ``__slots__``
callable without ``__weakref__`` whose finaliser records its release.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import functools
import re
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

import httpx
import requests

from ember.api import operators
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam197")
ME = sys.modules[__name__]

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)
IDEAL2 = over(0.15, 0.04)


def _get(web: str, k: Any, ms: int, **headers: str) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", headers=headers or None,
                        timeout=5).json()["value"]


def _put(web: str, k: str, v: str) -> str:
    r = requests.put(f"{web}/items/{k}", data=v, timeout=5)
    return f"put {r.json()['key']}"


def _call(f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """One call's value, or its exception as text (ports scrubbed)."""
    try:
        return f(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - one call's outcome
        return f"{type(exc).__name__}: {re.sub(r':[0-9]{4,5}', '', str(exc))[:100]}"


class Loud:
    """A value that prints whenever it is formatted."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return format(self.s, spec)

    def __str__(self) -> str:
        print("str", self.s)
        return self.s


# =========================================================================== (1) private names


class Vault:
    """A client keeping its base URL and token private."""

    __KEYS = KEYS
    __cache: Any = None

    def __init__(self, web: str, token: str = "t0") -> None:
        self.__web = web
        self.__token = token
        self.__n = 0

    def __fetch(self, k: str, ms: int) -> str:
        return _get(self.__web, k, ms, Authorization=f"Bearer {self.__token}")

    def __loud_fetch(self, k: str, ms: int) -> str:
        print("fetching", k)
        return _get(self.__web, k, ms)

    def three(self) -> list[str]:
        a = _get(self.__web, "a", 150, Authorization=self.__token)
        b = _get(self.__web, "b", 40, Authorization=self.__token)
        c = _get(self.__web, "c", 90, Authorization=self.__token)
        return [a, b, c]

    def via_helper_prints(self) -> list[str]:
        out = []
        for k, ms in self.__KEYS:
            out.append(self.__loud_fetch(k, ms))
        return out

    def counted(self) -> list[Any]:
        out = []
        for k, ms in self.__KEYS:
            self.__n += 1
            out.append(_get(self.__web, f"{k}{self.__n}", ms))
        return [*out, self.__n]

    def getattr_string(self) -> list[str]:
        out = []
        for k, ms in self.__KEYS:
            tok = getattr(self, "__token", "anon")  # (a string: Python does not spell it)
            out.append(_get(self.__web, f"{k}-{tok}", ms))
        return out

    def setattr_cache(self) -> list[Any]:
        out = []
        for k, ms in self.__KEYS:
            if self.__cache is None:  # (reads the class's _Vault__cache: always None)
                print("cache miss", k)
                setattr(self, "__cache", {})  # (sets an attribute literally named __cache)
            out.append(_get(self.__web, k, ms))
        return [*out, sorted(vars(self))]

    def lambda_private(self) -> list[str]:
        fetch = lambda k, ms: _get(self.__web, k, ms, Authorization=self.__token)  # noqa: E731
        return [fetch("a", 150), fetch("b", 40), fetch("c", 90)]

    def comprehension_private(self) -> list[str]:
        return [self.__fetch(k, ms) for k, ms in self.__KEYS]

    def genexp_private(self) -> dict[str, str]:
        return dict((k, self.__fetch(k, ms)) for k, ms in self.__KEYS)

    def match_capture(self) -> list[str]:
        out = []
        for k, ms in self.__KEYS:
            r = requests.get(f"{self.__web}/items/{k}?ms={ms}", timeout=5).json()
            match r:
                case {"value": __v, "key": "b"}:
                    out.append(f"bee {__v}")
                case {"value": __v}:
                    out.append(__v)
        return out

    def keyword_private(self) -> list[str]:
        return [_fetch_opts(self.__web, k, __ms=ms) for k, ms in self.__KEYS]

    def with_json_alias(self) -> list[Any]:
        import json as __json  # (binds a private name inside: runs as written)

        out = []
        for k, ms in self.__KEYS:
            out.append(__json.loads(requests.get(f"{self.__web}/items/{k}?ms={ms}",
                                                 timeout=5).text)["value"])
        return out

    def nested_class_own_privates(self) -> list[str]:
        class Req:
            def __init__(s, k: str, ms: int) -> None:  # noqa: N805
                s.__k = k
                s.__ms = ms

            def path(s) -> str:  # noqa: N805
                return f"{s.__k}?ms={s.__ms}"

        out = []
        for k, ms in self.__KEYS:
            r = Req(k, ms)
            out.append(requests.get(f"{self.__web}/items/{r.path()}", timeout=5).json()["value"])
        return [*out, sorted(vars(r))]

    def nested_class_reads_outer(self) -> list[str]:
        me = self

        class Req:
            def url(s, k: str, ms: int) -> str:  # noqa: N805
                try:
                    return f"{me.__web}/items/{k}?ms={ms}"  # (spelt me._Req__web)
                except AttributeError as exc:
                    print("no attribute:", exc)
                    return f"{me._Vault__web}/items/{k}?ms={ms}"

        req = Req()
        return [requests.get(req.url(k, ms), timeout=5).json()["value"] for k, ms in self.__KEYS]


def _fetch_opts(web: str, k: str, **opts: Any) -> str:
    """Keyword arguments are not spelt: a caller's ``__ms=`` arrives as "__ms"."""
    ms = opts.get("__ms", 10)
    return f"{_get(web, k, ms)}:{sorted(opts)}"


class SubVault(Vault):
    """A subclass: its private names are its own (_SubVault__...)."""

    def __init__(self, web: str) -> None:
        super().__init__(web, "sub")
        self.__seen: list[str] = []

    def parent_private(self) -> list[Any]:
        for k, ms in KEYS:
            self.__seen.append(_get(self._Vault__web, k, ms, Authorization=self._Vault__token))
        return [self.__seen, sorted(vars(self))]


def make_r197_private_attrs_three(env: Env) -> Any:
    return Vault(env.web).three


def make_r197_private_helper_prints(env: Env) -> Any:
    return Vault(env.web).via_helper_prints


def make_r197_private_counter_in_url(env: Env) -> Any:
    return Vault(env.web).counted


def make_r197_getattr_private_string(env: Env) -> Any:
    return Vault(env.web).getattr_string


def make_r197_setattr_private_string(env: Env) -> Any:
    return Vault(env.web).setattr_cache


def make_r197_lambda_private(env: Env) -> Any:
    return Vault(env.web).lambda_private


def make_r197_genexp_private(env: Env) -> Any:
    return Vault(env.web).genexp_private


def make_r197_match_capture_private(env: Env) -> Any:
    return Vault(env.web).match_capture


def make_r197_keyword_private_not_spelt(env: Env) -> Any:
    return Vault(env.web).keyword_private


def make_r197_import_as_private(env: Env) -> Any:
    return Vault(env.web).with_json_alias


def make_r197_nested_class_own_privates(env: Env) -> Any:
    return Vault(env.web).nested_class_own_privates


def make_r197_nested_class_spells_outer(env: Env) -> Any:
    return Vault(env.web).nested_class_reads_outer


def make_r197_subclass_reads_parent_private(env: Env) -> Any:
    return SubVault(env.web).parent_private


def r197_method_helper_of_function(web: str) -> list[str]:
    v = Vault(web, "fn")
    return [v.comprehension_private()[0], v.three()[1], v.lambda_private()[2]]


class Slotted:
    """A callable with private slots: counts its hits."""

    __slots__ = ("__web", "__hits", "__weakref__")

    def __init__(self, web: str) -> None:
        self.__web = web
        self.__hits = 0

    def __call__(self, k: str, ms: int) -> str:
        self.__hits += 1
        return f"{_get(self.__web, k, ms)}#{self.__hits}"


def r197_slots_private_callable(web: str) -> list[str]:
    fetch = Slotted(web)
    return [fetch(k, ms) for k, ms in KEYS]


class Tracked:
    """A private property that counts and prints each time it is read."""

    def __init__(self, web: str) -> None:
        self.__web = web
        self.__reads = 0

    @property
    def __base(self) -> str:
        self.__reads += 1
        print("base read", self.__reads)
        return f"{self.__web}/items"

    def run(self) -> list[Any]:
        a = requests.get(f"{self.__base}/a?ms=150", timeout=5).json()["value"]
        b = requests.get(f"{self.__base}/b?ms=40", timeout=5).json()["value"]
        c = requests.get(f"{self.__base}/c?ms=90", timeout=5).json()["value"]
        return [a, b, c, self.__reads]


def make_r197_private_property_counts(env: Env) -> Any:
    return Tracked(env.web).run


class Batch:
    def __init__(self, web: str) -> None:
        self.__web = web

    def fetch_all(self, __keys: tuple) -> list[str]:
        return [_get(self.__web, k, ms) for k, ms in __keys]


def make_r197_private_parameter(env: Env) -> Any:
    return Batch(env.web).fetch_all


def _d_private_keyword(f: Any, env: Env) -> Any:
    """Called with the parameter's name as written: the def spelt it _Batch__keys."""
    return [_call(f, KEYS), _call(f, __keys=KEYS), _call(f, _Batch__keys=KEYS[:2])]


_Ledger__SEEN: list[str] = []


class Ledger:
    def __init__(self, web: str) -> None:
        self.__web = web

    def run(self) -> list[Any]:
        global __SEEN
        out = []
        for k, ms in KEYS:
            out.append(_get(self.__web, k, ms))
            __SEEN = [*__SEEN, k]
        return [out, __SEEN]


def make_r197_global_private(env: Env) -> Any:
    ME._Ledger__SEEN = []
    return Ledger(env.web).run


class Tolerant:
    def __init__(self, web: str) -> None:
        self.__web = web

    def run(self) -> list[str]:
        out = []
        for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
            try:
                r = requests.get(f"{self.__web}/items/{k}?ms={ms}", timeout=5)
                r.raise_for_status()
                out.append(r.json()["value"])
            except requests.HTTPError as __e:
                LOG.warning("skipped %s: %s", k, __e.response.status_code)
                out.append(f"err {__e.response.status_code}")
        return out


def make_r197_except_as_private(env: Env) -> Any:
    return Tolerant(env.web).run


class AsyncVault:
    def __init__(self, web: str) -> None:
        self.__web = web
        self.__log: list[str] = []

    async def __aget(self, client: httpx.AsyncClient, k: str, ms: int) -> str:
        r = await client.get(f"{self.__web}/items/{k}?ms={ms}")
        self.__log.append(k)
        return r.json()["value"]

    async def run(self) -> list[Any]:
        async with httpx.AsyncClient(timeout=5) as client:
            a = await self.__aget(client, "a", 150)
            b = await self.__aget(client, "b", 40)
            c = await self.__aget(client, "c", 90)
        return [a, b, c, self.__log]


def make_r197_async_private_helper(env: Env) -> Any:
    return AsyncVault(env.web).run


def _d_async(f: Any, env: Env) -> Any:
    return asyncio.run(f())


class Catalog:
    __KEYS = KEYS
    __base = ""
    __registry: dict[str, str] = {}

    @staticmethod
    def fetch_static(web: str) -> list[str]:
        return [_get(web, f"s{k}", ms) for k, ms in Catalog.__KEYS]

    @classmethod
    def load(cls, web: str) -> list[Any]:
        for k, ms in cls.__KEYS:
            cls.__registry[k] = _get(web + cls.__base, k, ms)
        return sorted(cls.__registry.items())


def make_r197_staticmethod_jitted(env: Env) -> Any:
    return Catalog.fetch_static


def make_r197_classmethod_jitted(env: Env) -> Any:
    Catalog._Catalog__registry.clear()
    return Catalog.load


def logged(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        print("calling", fn.__name__)
        return fn(*a, **kw)
    return wrapper


class Decorated:
    def __init__(self, web: str) -> None:
        self.__web = web

    @logged
    def __fetch(self, k: str, ms: int) -> str:
        return _get(self.__web, k, ms)

    @logged
    def run(self) -> list[str]:
        return [self.__fetch(k, ms) for k, ms in KEYS]


def make_r197_decorated_private_method(env: Env) -> Any:
    return Decorated(env.web).run


class _Vault:
    """One leading underscore: Python spells __x as _Vault__x."""

    def __init__(self, web: str) -> None:
        self.__web = web

    def run(self) -> list[Any]:
        out = [_get(self.__web, k, ms) for k, ms in KEYS]
        return [out, sorted(vars(self))]


class __Pool:  # noqa: N801
    """Two leading underscores: Python still spells __x as _Pool__x."""

    def __init__(self, web: str) -> None:
        self.__web = web
        self.__used = 0

    def run(self) -> list[Any]:
        a = _get(self.__web, "a", 150)
        self.__used += 1
        b = _get(self.__web, "b", 40)
        self.__used += 1
        return [a, b, self.__used, sorted(vars(self))]


class ___:  # noqa: N801
    """Underscores only: Python spells nothing."""

    def __init__(self, web: str) -> None:
        self.__web = web

    def run(self) -> list[Any]:
        out = [_get(self.__web, k, ms) for k, ms in KEYS]
        return [out, sorted(vars(self))]


def make_r197_single_underscore_class(env: Env) -> Any:
    return _Vault(env.web).run


def make_r197_double_underscore_class(env: Env) -> Any:
    return globals()["__Pool"](env.web).run


def make_r197_underscores_only_class(env: Env) -> Any:
    return ___(env.web).run


class Base:
    """Base.run calls self.__step, its own (_Base__step): a write."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __step(self, k: str, ms: int) -> str:
        return _put(self.web, k, f"w-{k}")

    def run(self) -> list[str]:
        return [self.__step(k, ms) for k, ms in KEYS]


class Child(Base):
    """Child's __step (_Child__step) reads; Base.run never calls it."""

    def __step(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def make_r197_same_private_name_base_writes(env: Env) -> Any:
    return Child(env.web).run


class Rolling:
    """Private state changed by every call: the plan must not keep the first call's."""

    def __init__(self, web: str) -> None:
        self.__web = web
        self.__n = 0

    def run(self) -> list[str]:
        self.__n += 1
        a = _get(self.__web, f"a{self.__n}", 150)
        self.__n += 1
        b = _get(self.__web, f"b{self.__n}", 40)
        return [a, b]


def make_r197_private_state_across_calls(env: Env) -> Any:
    return Rolling(env.web).run


# =========================================================================== (2) classes in methods


class Loader:
    def __init__(self, web: str) -> None:
        self.web = web

    def rows(self) -> list[str]:
        @dataclasses.dataclass
        class Row:
            key: str
            value: str

        rows = [Row(k, _get(self.web, k, ms)) for k, ms in KEYS]
        for r in rows:
            print(r)
        return [repr(r) for r in rows] + [Row.__qualname__]

    def shades(self) -> list[Any]:
        class Shade(enum.Enum):
            LIGHT = "v-a"
            DARK = "v-b"
            OTHER = "v-c"

        out = [Shade(_get(self.web, k, ms)) for k, ms in KEYS]
        return [repr(s) for s in out] + [type(out[0]).__qualname__]

    def pairs(self) -> list[Any]:
        class Pair(NamedTuple):
            key: str
            value: str

        a = Pair("a", _get(self.web, "a", 150))
        b = Pair("b", _get(self.web, "b", 40))
        return [repr(a), b._asdict(), Pair.__qualname__]


def make_r197_dataclass_in_method(env: Env) -> Any:
    return Loader(env.web).rows


def make_r197_enum_in_method(env: Env) -> Any:
    return Loader(env.web).shades


def make_r197_namedtuple_in_method(env: Env) -> Any:
    return Loader(env.web).pairs


REGISTRY: dict[str, Any] = {}


def r197_registry_by_qualname(web: str) -> list[Any]:
    def register(cls: type) -> type:
        REGISTRY[cls.__qualname__] = cls
        print("registered", cls.__qualname__)
        return cls

    @register
    class Fetcher:
        def get(self, k: str, ms: int) -> str:
            return _get(web, k, ms)

    f = REGISTRY["r197_registry_by_qualname.<locals>.Fetcher"]()
    out = [f.get(k, ms) for k, ms in KEYS]
    return [out, sorted(REGISTRY)]


def r197_class_body_writes(web: str) -> list[str]:
    def setup() -> Any:
        class Lease:
            print("taking the lease")
            receipt = _put(web, "lease", "held")

        return Lease

    a = _get(web, "a", 150)
    lease = setup()
    b = _get(web, "lease", 40)
    c = _get(web, "c", 90)
    return [a, lease.receipt, b, c]


def r197_class_closes_over(web: str) -> list[str]:
    prefix = "p"

    def make(ms: int) -> Any:
        class Fetch:
            def __call__(self, k: str) -> str:
                return _get(web, f"{prefix}{k}", ms)

        return Fetch()

    getters = [make(ms) for _, ms in KEYS]
    out = []
    for (k, _), g in zip(KEYS, getters, strict=True):
        out.append(g(k))
        prefix = prefix + "q"
    return out


# =========================================================================== (3) what a node names


class Session:
    """A client reading through requests."""

    def get(self, url: str) -> str:
        return requests.get(url, timeout=5).json()["value"]


class AuditedSession(Session):
    """Another kind of client: every read is logged to the server first (a write)."""

    def get(self, url: str) -> str:
        requests.post(url.split("?")[0].replace("/items/", "/items/audit-"), data="r",
                      timeout=5)
        return super().get(url)


class Service:
    def __init__(self, web: str) -> None:
        self.web = web
        self.client: Any = Session()
        self.degraded = False
        self._primary = Session()
        self._fallback = AuditedSession()

    @property
    def active(self) -> Any:
        return self._fallback if self.degraded else self._primary

    def via_client(self) -> list[str]:
        return [self.client.get(f"{self.web}/items/{k}?ms={ms}") for k, ms in KEYS]

    def via_property(self) -> list[str]:
        return [self.active.get(f"{self.web}/items/{k}?ms={ms}") for k, ms in KEYS]

    def flips_inside(self) -> list[str]:
        a = self.active.get(f"{self.web}/items/a?ms=150")
        self.degraded = a.startswith("v-")
        b = self.active.get(f"{self.web}/items/b?ms=40")
        c = self.active.get(f"{self.web}/items/c?ms=90")
        return [a, b, c]


def _owner(f: Any) -> Any:
    """The object a jitted or plain bound method is bound to."""
    while not hasattr(f, "__self__") and hasattr(f, "__wrapped__"):
        f = f.__wrapped__
    return f.__self__


def _d_client_swapped(f: Any, env: Env) -> list[Any]:
    first = _call(f)
    _owner(f).client = AuditedSession()
    return [first, _call(f)]


def make_r197_client_swapped_between_calls(env: Env) -> Any:
    return Service(env.web).via_client


def _d_degraded_between(f: Any, env: Env) -> list[Any]:
    first = _call(f)
    _owner(f).degraded = True
    return [first, _call(f)]


def make_r197_property_client_flag_between(env: Env) -> Any:
    return Service(env.web).via_property


def make_r197_property_client_flag_inside(env: Env) -> Any:
    return Service(env.web).flips_inside


def _loud_fetch(web: str, k: str, ms: int) -> str:
    print("loud fetch", k)
    return _get(web, k, ms)


def _writing_fetch(web: str, k: str, ms: int) -> str:
    _put(web, f"seen-{k}", "1")
    return _get(web, k, ms)


FETCH: Callable[..., str] = _get


def r197_module_attr_patched(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(ME.FETCH(web, k, ms))
    return out


def _d_module_patched(f: Any, env: Env) -> list[Any]:
    ME.FETCH = _get
    try:
        first = _call(f, env.web)
        ME.FETCH = _writing_fetch
        second = _call(f, env.web)
    finally:
        ME.FETCH = _get
    return [first, second]


class Formatter:
    def __init__(self, web: str) -> None:
        self.web = web
        self.tag: Any = "t"

    def run(self) -> list[str]:
        return [_get(self.web, f"{k}-{self.tag}", ms) for k, ms in KEYS]


def _d_tag_loud(f: Any, env: Env) -> list[Any]:
    first = _call(f)
    _owner(f).tag = Loud("L")
    return [first, _call(f)]


def make_r197_attr_becomes_loud_between_calls(env: Env) -> Any:
    return Formatter(env.web).run


# =========================================================================== (4) callable objects


class Step:
    """A callable whose `sink` decides what a call does."""

    def __init__(self, web: str, sink: Callable[..., str]) -> None:
        self.web = web
        self.sink = sink

    def __call__(self, k: str, ms: int) -> str:
        return self.sink(self.web, k, ms)


def r197_callable_sink_swapped_between(step: Any) -> list[str]:
    return [step(k, ms) for k, ms in KEYS]


def _d_sink_between(f: Any, env: Env) -> list[Any]:
    step = Step(env.web, _get)
    first = _call(f, step)
    step.sink = _writing_fetch
    return [first, _call(f, step)]


def r197_callable_sink_swapped_inside(web: str) -> list[str]:
    step = Step(web, _get)
    a = step("a", 150)
    step.sink = _writing_fetch
    b = step("b", 40)
    c = step("c", 90)
    return [a, b, c]


class Quiet:
    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def _loud_call(self: Any, k: str, ms: int) -> str:
    print("patched call", k)
    return _put(self.web, k, "patched")


def r197_class_call_replaced(q: Any) -> list[str]:
    return [q(k, ms) for k, ms in KEYS]


def _d_call_replaced(f: Any, env: Env) -> list[Any]:
    original = Quiet.__call__
    q = Quiet(env.web)
    try:
        first = _call(f, q)
        Quiet.__call__ = _loud_call  # type: ignore[method-assign]
        second = _call(f, q)
    finally:
        Quiet.__call__ = original  # type: ignore[method-assign]
    return [first, second]


class Reader:
    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


class Writer(Reader):
    def __call__(self, k: str, ms: int) -> str:
        return _put(self.web, k, f"w-{k}")


class LoudReader(Reader):
    def __call__(self, k: str, ms: int) -> str:
        print("loud reader", k)
        return super().__call__(k, ms)


def r197_mixed_callables(web: str) -> list[str]:
    steps = [Reader(web), Writer(web), LoudReader(web), Reader(web)]
    out = []
    for step, (k, ms) in zip(steps, [*KEYS, ("d", 60)], strict=True):
        out.append(step(k, ms))
    return out


def r197_callable_ids_reused(step: Any) -> list[str]:
    return [step(k, ms) for k, ms in KEYS]


def _d_ids_reused(f: Any, env: Env) -> list[Any]:
    out = [_call(f, Step(env.web, _get))]  # (dropped after the call: its id may come again)
    out.append(_call(f, Step(env.web, _writing_fetch)))
    out.append(_call(f, Step(env.web, _loud_fetch)))
    return out


class Counter:
    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def __call__(self, k: str, ms: int) -> str:
        self.n += 1
        return _get(self.web, f"{k}{self.n}", ms)


def r197_call_mutates_self(web: str) -> list[Any]:
    count = Counter(web)
    out = [count(k, ms) for k, ms in KEYS]
    return [*out, count.n]


class Module:
    """A torch-like operator: __call__ runs its hooks, then forward."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, *args: Any) -> Any:
        _put(self.web, f"hook-{args[0]}", "called")
        return self.forward(*args)

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


class PrintingModule(Module):
    def __call__(self, *args: Any) -> Any:
        print("pre-hook", args[0])
        out = self.forward(*args)
        print("post-hook", args[0])
        return out


def r197_call_writes_then_forward(web: str) -> list[str]:
    m = Module(web)
    return [m(k, ms) for k, ms in KEYS]


def r197_call_prints_around_forward(web: str) -> list[str]:
    m = PrintingModule(web)
    out = []
    for k, ms in KEYS:
        out.append(m(k, ms))
    return out


class Lazy:
    """A callable whose __call__ never uses forward (forward is for batch jobs)."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.calls = 0

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)

    def __call__(self, k: str, ms: int) -> str:
        self.calls += 1
        LOG.info("call %d for %s", self.calls, k)
        return _put(self.web, k, str(self.calls))


def r197_call_ignores_forward(web: str) -> list[str]:
    op = Lazy(web)
    return [op(k, ms) for k, ms in KEYS]


class Pinned:
    """Slots without __weakref__: no weak reference can be made to it. Its finaliser notes
    its release in the drive's list (a print would land in whatever runs when it comes)."""

    __slots__ = ("events", "label", "web")

    def __init__(self, web: str, label: str, events: list[str]) -> None:
        self.web = web
        self.label = label
        self.events = events

    def __call__(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)

    def __del__(self) -> None:
        self.events.append(f"released {self.label}")


def r197_slots_callable_finaliser(step: Any) -> list[str]:
    return [step(k, ms) for k, ms in KEYS]


def _d_slots_finaliser(f: Any, env: Env) -> list[Any]:
    events: list[str] = []
    first = _call(f, Pinned(env.web, "one", events))
    events.append("between calls")
    second = _call(f, Pinned(env.web, "two", events))
    events.append("after calls")
    return [first, second, list(events)]


# =========================================================================== (3, 4) state changed by the call itself; (2) a rewritten method's qualnames


class Switching:
    """A callable that moves itself to its write mode after its first call."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.sink: Callable[..., str] = _get

    def __call__(self, k: str, ms: int) -> str:
        out = self.sink(self.web, k, ms)
        self.sink = _writing_fetch
        return out


def r197_call_switches_own_sink(web: str) -> list[str]:
    step = Switching(web)
    return [step(k, ms) for k, ms in KEYS]


class RoundRobin:
    """A property that hands out its clients in turn: reading it changes which is next."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.i = 0
        self.pool = [Session(), AuditedSession()]

    @property
    def client(self) -> Any:
        c = self.pool[self.i % 2]
        self.i += 1
        return c

    def run(self) -> list[str]:
        return [self.client.get(f"{self.web}/items/{k}?ms={ms}") for k, ms in KEYS]


def make_r197_round_robin_property(env: Env) -> Any:
    return RoundRobin(env.web).run


class Degrading:
    """A private helper sets the flag the client property reads."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.__degraded = False
        self.__ok = Session()
        self.__slow = AuditedSession()

    @property
    def client(self) -> Any:
        return self.__slow if self.__degraded else self.__ok

    def __check(self, v: str) -> None:
        if v.startswith("v-"):
            self.__degraded = True

    def run(self) -> list[str]:
        a = self.client.get(f"{self.web}/items/a?ms=150")
        self.__check(a)
        b = self.client.get(f"{self.web}/items/b?ms=40")
        c = self.client.get(f"{self.web}/items/c?ms=90")
        return [a, b, c]


def make_r197_flag_set_by_private_helper(env: Env) -> Any:
    return Degrading(env.web).run


class Holder:
    """A callable kept in a private attribute."""

    def __init__(self, web: str) -> None:
        self.__step = Step(web, _get)

    def run(self) -> list[str]:
        return [self.__step(k, ms) for k, ms in KEYS]


def _d_private_step_swapped(f: Any, env: Env) -> list[Any]:
    first = _call(f)
    _owner(f)._Holder__step.sink = _writing_fetch
    return [first, _call(f)]


def make_r197_private_callable_sink_between(env: Env) -> Any:
    return Holder(env.web).run


class Report:
    def __init__(self, web: str) -> None:
        self.web = web

    def summary(self) -> list[Any]:
        a = _get(self.web, "a", 150)
        b = _get(self.web, "b", 40)
        c = _get(self.web, "c", 90)

        class Row:
            first = a

            def __init__(s, x: str, y: str) -> None:  # noqa: N805
                s.__pair = (x, y)

            def __repr__(s) -> str:  # noqa: N805
                return f"{type(s).__qualname__}{s.__pair} {s.first}"

        def label() -> str:
            return "lbl"

        tag = lambda: "tag"  # noqa: E731
        gen = (x for x in (a, b))
        return [repr(Row(a, b)), c, label.__qualname__, tag.__qualname__, gen.__qualname__,
                Row.__init__.__qualname__]

    def raises_after(self) -> list[str]:
        class Stale(Exception):
            pass

        a = _get(self.web, "a", 150)
        b = _get(self.web, "b", 40)
        c = _get(self.web, "c", 90)
        if b.startswith("v-"):
            raise Stale(f"{a} {b} {c}")
        return [a, b, c]


def make_r197_qualnames_after_overlap(env: Env) -> Any:
    return Report(env.web).summary


def make_r197_exception_after_overlap(env: Env) -> Any:
    return Report(env.web).raises_after


# =========================================================================== (3) a swap through __dict__


class Direct:
    def __init__(self, web: str) -> None:
        self.web = web
        self.client: Any = Session()

    def dict_swap(self) -> list[str]:
        a = self.client.get(f"{self.web}/items/a?ms=150")
        self.__dict__["client"] = AuditedSession()
        b = self.client.get(f"{self.web}/items/b?ms=40")
        c = self.client.get(f"{self.web}/items/c?ms=90")
        return [a, b, c]


def make_r197_self_dict_client_swap_inside(env: Env) -> Any:
    return Direct(env.web).dict_swap


# =========================================================================== (4) what a summary rests on: an inner object, __call__ around forward


class Outer:
    """A callable delegating to another callable object."""

    def __init__(self, web: str) -> None:
        self.inner = Step(web, _get)

    def __call__(self, k: str, ms: int) -> str:
        return self.inner(k, ms).upper()


def r197_nested_callable_inner_between(outer: Any) -> list[str]:
    return [outer(k, ms) for k, ms in KEYS]


def _d_inner_swapped(f: Any, env: Env) -> list[Any]:
    outer = Outer(env.web)
    first = _call(f, outer)
    outer.inner.sink = _writing_fetch
    second = _call(f, outer)
    outer.inner.sink = _loud_fetch
    return [first, second, _call(f, outer)]


class Caching:
    """__call__ keeps answers; forward does the work."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.cache: dict[str, str] = {}

    def __call__(self, k: str, ms: int) -> str:
        if k not in self.cache:
            self.cache[k] = self.forward(k, ms)
        return self.cache[k]

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r197_call_caches_around_forward(web: str) -> list[Any]:
    op = Caching(web)
    out = [op(k, ms) for k, ms in (("a", 150), ("b", 40), ("a", 90), ("b", 60))]
    return [out, sorted(op.cache)]


class Announced(operators.Operator):
    """An Ember operator whose __call__ is overridden to log, then runs the operator."""

    web: str = ""

    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        LOG.info("operator called with %s", args[0])
        return super().__call__(*args, **kwargs)

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r197_operator_call_override_logs(web: str) -> list[str]:
    op = Announced(web)
    return [op(k, ms) for k, ms in KEYS]


# =========================================================================== (1) lazy set-up under a private name


class LazyInit:
    """Lazy set-up checked with strings, which Python does not spell: never found."""

    def __init__(self, web: str) -> None:
        self.__web = web

    def hasattr_check(self) -> list[str]:
        out = []
        for k, ms in KEYS:
            if not hasattr(self, "__config"):  # (always missing: it is _LazyInit__config)
                print("loading config for", k)
                self.__config = _get(self.__web, "cfg", 20)
            out.append(_get(self.__web, f"{k}-{self.__config}", ms))
        return out


def make_r197_hasattr_private_string(env: Env) -> Any:
    return LazyInit(env.web).hasattr_check


# =========================================================================== the list


def web(env: Env) -> tuple:
    return (env.web,)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=web, servers="web", ideal=ideal, **kw)


def _m(make: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, make=make, servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "rebind", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) private names
    _m(make_r197_private_attrs_three, IDEAL3, overlap=3),
    _m(make_r197_private_helper_prints, IDEAL3),
    _m(make_r197_private_counter_in_url, IDEAL3, cat="state"),
    _m(make_r197_getattr_private_string, IDEAL3),
    _m(make_r197_setattr_private_string, IDEAL3),
    _m(make_r197_lambda_private, IDEAL3, overlap=3),
    _m(make_r197_genexp_private, IDEAL3),
    _m(make_r197_match_capture_private, IDEAL3),
    _m(make_r197_keyword_private_not_spelt, IDEAL3),
    _m(make_r197_import_as_private, IDEAL3),
    _m(make_r197_nested_class_own_privates, IDEAL3),
    _m(make_r197_nested_class_spells_outer, IDEAL3),
    _m(make_r197_subclass_reads_parent_private, IDEAL3),
    _w(r197_method_helper_of_function, IDEAL3),
    _w(r197_slots_private_callable, IDEAL3),
    _m(make_r197_private_property_counts, IDEAL3),
    Case("helpers", make=make_r197_private_parameter, name="r197_private_parameter_keyword",
         drive=_d_private_keyword, servers="web", ideal=IDEAL3),
    _m(make_r197_global_private, IDEAL3, cat="state"),
    _m(make_r197_except_as_private, IDEAL3),
    _m(make_r197_async_private_helper, IDEAL3, drive=_d_async),
    _m(make_r197_staticmethod_jitted, IDEAL3, args=web, overlap=3),
    _m(make_r197_classmethod_jitted, IDEAL3, args=web, cat="state"),
    _m(make_r197_decorated_private_method, IDEAL3),
    _m(make_r197_single_underscore_class, IDEAL3, overlap=3),
    _m(make_r197_double_underscore_class, IDEAL2, cat="state"),
    _m(make_r197_underscores_only_class, IDEAL3, overlap=3),
    _m(make_r197_same_private_name_base_writes),
    _m(make_r197_private_state_across_calls, IDEAL2, calls=3, cat="state"),
    _m(make_r197_hasattr_private_string, over(0.17, 0.06, 0.11), cat="state"),
    # (2) classes defined in methods and nested functions
    _m(make_r197_dataclass_in_method, IDEAL3),
    _m(make_r197_enum_in_method, IDEAL3, overlap=3),
    _m(make_r197_namedtuple_in_method, IDEAL2),
    _w(r197_registry_by_qualname, IDEAL3),
    _w(r197_class_body_writes),
    _w(r197_class_closes_over, IDEAL3),
    _m(make_r197_qualnames_after_overlap, IDEAL3, overlap=3),
    _m(make_r197_exception_after_overlap, IDEAL3, overlap=3),
    # (3) what a node names, between calls and inside one
    _m(make_r197_client_swapped_between_calls, IDEAL3, drive=_d_client_swapped, cat="rebind"),
    _m(make_r197_property_client_flag_between, IDEAL3, drive=_d_degraded_between,
       cat="rebind"),
    _m(make_r197_property_client_flag_inside, cat="state"),
    _d(r197_module_attr_patched, _d_module_patched, IDEAL3),
    _m(make_r197_attr_becomes_loud_between_calls, IDEAL3, drive=_d_tag_loud, cat="rebind"),
    _m(make_r197_round_robin_property, cat="state"),
    _m(make_r197_flag_set_by_private_helper, cat="state"),
    _m(make_r197_self_dict_client_swap_inside, cat="state"),
    # (4) callable objects
    _d(r197_callable_sink_swapped_between, _d_sink_between, IDEAL3),
    _w(r197_callable_sink_swapped_inside, cat="state"),
    _d(r197_class_call_replaced, _d_call_replaced, IDEAL3),
    _w(r197_mixed_callables),
    _d(r197_callable_ids_reused, _d_ids_reused, IDEAL3),
    _w(r197_call_mutates_self, IDEAL3, cat="state"),
    _w(r197_call_writes_then_forward),
    _w(r197_call_prints_around_forward, IDEAL3),
    _w(r197_call_ignores_forward),
    _d(r197_slots_callable_finaliser, _d_slots_finaliser, IDEAL3),
    _w(r197_call_switches_own_sink, cat="state"),
    _m(make_r197_private_callable_sink_between, IDEAL3, drive=_d_private_step_swapped,
       cat="rebind"),
    _d(r197_nested_callable_inner_between, _d_inner_swapped, IDEAL3),
    _w(r197_call_caches_around_forward, over(0.15, 0.04)),
    _w(r197_operator_call_override_logs, IDEAL3),
]

FIXED_WHY: dict[str, str] = {
    "r197_call_writes_then_forward": (
        "A class whose __call__ PUTs a hook record and then returns self.forward(...): the "
        "server saw the three hook PUTs out of order (hook-c or hook-b first, plain a, b, c). "
        "_summary.fact_for_object looks for `forward` before `__call__` and, when forward's "
        "summary is known (here a read), returns it for the object: the __call__ that Python "
        "runs, with its write, is never read, and the calls start for all items at once. "
        "Fixed: an object is classified by its class's `__call__` (by `forward` only where "
        "that is Ember's operators' own, `__ember_forward__`)."),
    "r197_call_prints_around_forward": (
        "A torch-like __call__ printing pre-hook/post-hook around forward: stdout interleaves "
        "('pre-hook c, pre-hook b, pre-hook a, post-hook b, ...' vs 'pre-hook a, post-hook a, "
        "...'). Same cause: the object is classified by forward's summary (a read), so the "
        "whole __call__ runs in worker threads with its prints unheld. Fixed: an object is "
        "classified by its class's `__call__` (by `forward` only where that is Ember's "
        "operators' own, `__ember_forward__`)."),
    "r197_call_ignores_forward": (
        "__call__ never calls forward: it logs and PUTs a counter; forward (unused) GETs. The "
        "PUTs reached the server out of order (write 1 was /items/c or /items/b) and the log "
        "records reordered. Same cause: forward's summary (a read) stands for the object's "
        "call, so three writes ran at once. Fixed: an object is classified by its class's "
        "`__call__` (by `forward` only where that is Ember's operators' own, "
        "`__ember_forward__`)."),
    "r197_call_caches_around_forward": (
        "A memoising __call__ (self.cache) around forward, called with keys a, b, a, b: plain "
        "sends two GETs, jit sends four (extra GET a?ms=90 and b?ms=60) - the cache check is "
        "skipped because the object was classified as its forward (a read) and all four calls "
        "started at once, each seeing an empty cache. Fixed: an object is classified by its "
        "class's `__call__` (by `forward` only where that is Ember's operators' own, "
        "`__ember_forward__`)."),
    "r197_operator_call_override_logs": (
        "An ember Operator subclass overriding __call__ to log before super().__call__: the "
        "log records come out in thread order (often 'called with c' or 'b' first; "
        "intermittent, about one run in two to four). Same forward-before-__call__ rule: the "
        "overriding __call__, which Python runs, is not the code that was summarised. Fixed: "
        "an object is classified by its class's `__call__` (by `forward` only where that is "
        "Ember's operators' own, `__ember_forward__`)."),
}

FAILING_WHY: dict[str, str] = {
    "r197_slots_callable_finaliser": (
        "A callable with __slots__ and no __weakref__ slot, whose __del__ notes its release: "
        "plain records 'released one' before 'between calls' and 'released two' before 'after "
        "calls'; jit records neither (they run later, at lowlevel.reset). _held.held falls "
        "back to a strong reference for an object that cannot be weakly referenced, and "
        "_summary._methods (now used for __call__ too) plus the plan's state keep the object "
        "alive after the program dropped it. Before this stop too: the plan's facts and "
        "guards hold the callee object (no weak reference can be made to it), so its "
        "finaliser runs when the plan is dropped; the summary cache no longer keeps it. Not "
        "fixed."),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
