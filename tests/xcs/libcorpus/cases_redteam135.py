"""Red-team cases (stop 135): programs organised in user classes and objects.

Methods that call other methods doing the I/O (`self.fetch`, `self.ask`); objects holding a
client, a cache dict, a history list or a counter; dataclasses and NamedTuples of results;
`@property` and `functools.cached_property` doing I/O; `__getattr__` delegation to a wrapped
client (and one whose answer depends on a mode attribute); `__call__` objects as tools; class
registries filled by a decorator; inheritance with `super()` adding logging or retries;
classmethods and staticmethods reading class attributes that other code changes (through a
classmethod, `type(self)`, a base class, another object holding the client, a class list two
instances share); objects handed to helpers that mutate them; `__enter__`/`__exit__` that
print or PUT; `__del__` and `weakref.finalize` run by rebinding; `__iter__`/`__next__` that
fetch; `__eq__`/`__hash__` of keys and results run inside a read's arguments. Jitted: module
functions using such objects, bound methods and classmethods (through `make=`), a class's
function called with the instance, and a plan reused with a subclass instance.
Sibling calls get unequal latencies, slow first. `FAILING_WHY` names the cases that differed
or crashed under jit when written, with what differed.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam135")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


# =========================================================================== clients as objects


class ItemClient:
    """A small API client: a session, a base URL, one method per endpoint."""

    def __init__(self, web: str) -> None:
        self.base = web
        self.ns = ""
        self.session = requests.Session()

    def url(self, key: str, ms: int) -> str:
        return f"{self.base}/items/{self.ns}{key}?ms={ms}"

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(self.url(key, ms), timeout=5).json()["value"]

    def store(self, key: str, value: str) -> int:
        return self.session.put(self.url(key, 0), data=value, timeout=5).json()["version"]


def r135_client_methods_fanout(web: str) -> list[str]:
    c = ItemClient(web)
    a = c.fetch("a", 150)
    b = c.fetch("b", 40)
    d = c.fetch("c", 90)
    return [a, b, d]


class CountingClient(ItemClient):
    def __init__(self, web: str) -> None:
        super().__init__(web)
        self.calls = 0
        self.history: list[str] = []

    def fetch(self, key: str, ms: int) -> str:
        self.calls += 1
        value = super().fetch(key, ms)
        self.history.append(key)
        return value


def r135_client_counter_and_history(web: str) -> dict[str, Any]:
    c = CountingClient(web)
    vals = [c.fetch(k, ms) for k, ms in (("d", 150), ("e", 40), ("f", 90))]
    return {"vals": vals, "calls": c.calls, "history": c.history}


class CachedClient(ItemClient):
    def __init__(self, web: str) -> None:
        super().__init__(web)
        self.cache: dict[str, str] = {}
        self.misses = 0

    def get(self, key: str, ms: int) -> str:
        if key in self.cache:
            return self.cache[key]
        self.misses += 1
        value = self.fetch(key, ms)
        self.cache[key] = value
        return value

    def put(self, key: str, value: str) -> None:
        self.store(key, value)
        self.cache.pop(key, None)


def r135_cache_dict_repeat_keys(web: str) -> dict[str, Any]:
    c = CachedClient(web)
    got = [c.get(k, ms) for k, ms in (("j", 150), ("k", 40), ("j", 150), ("l", 90))]
    return {"got": got, "misses": c.misses, "cached": sorted(c.cache)}


# =========================================================================== results as records


class Row(NamedTuple):
    key: str
    value: str

    @property
    def shout(self) -> str:
        return self.value.upper()


def r135_namedtuple_replace_property(web: str) -> list[Any]:
    c = ItemClient(web)
    rows = [Row(k, c.fetch(k, ms)) for k, ms in (("r", 150), ("s", 40), ("t", 90))]
    rows = [r._replace(value=r.shout) for r in rows]
    return [tuple(r) for r in rows] + [rows[0]._asdict()]


@dataclass(frozen=True, order=True)
class Frozen:
    value: str
    key: str


def r135_frozen_set_dedupe_sorted(web: str) -> list[Any]:
    c = ItemClient(web)
    c.store("u2", "same")
    c.store("v2", "same")
    items = {Frozen(c.fetch(k, ms), "x") for k, ms in (("u2", 150), ("v2", 40), ("w2", 90))}
    return sorted(items)


class Loud:
    """A result that prints when compared or hashed."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __eq__(self, other: object) -> bool:
        print("eq", self.s)
        return isinstance(other, Loud) and self.s == other.s

    def __hash__(self) -> int:
        print("hash", self.s)
        return hash(self.s)

    def __repr__(self) -> str:
        return f"Loud({self.s})"


def r135_result_eq_prints_in_loop(web: str) -> list[Any]:
    c = ItemClient(web)
    expected = Loud("v-a3")
    out = []
    for k, ms in (("a3", 150), ("b3", 40), ("c3", 90)):
        got = Loud(c.fetch(k, ms))
        print("checking", k)
        out.append(got == expected)
    return out


class QuietKey(Loud):
    """The table's own keys: quiet, so that only the key looked up prints."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Loud) and self.s == other.s

    def __hash__(self) -> int:
        return hash(self.s)


ALIAS = {QuietKey("a4"): "alias-a4", QuietKey("b4"): "alias-b4", QuietKey("c4"): "alias-c4"}


def r135_hash_of_key_in_read_args(web: str) -> list[str]:
    out = []
    for name, ms in (("a4", 150), ("b4", 40), ("c4", 90)):
        print("next", name)
        out.append(requests.get(f"{web}/items/{ALIAS.get(Loud(name))}?ms={ms}",
                                timeout=5).json()["value"])
    return out


# =========================================================================== properties


class Doc:
    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms = web, key, ms

    @property
    def value(self) -> str:
        return requests.get(f"{self.web}/items/{self.key}?ms={self.ms}", timeout=5).json()["value"]

    @functools.cached_property
    def title(self) -> str:
        return requests.get(f"{self.web}/items/{self.key}?ms={self.ms}", timeout=5).json()["value"]


def r135_property_reads_in_listcomp(web: str) -> list[str]:
    docs = [Doc(web, k, ms) for k, ms in (("d5", 150), ("e5", 40), ("f5", 90))]
    return [d.value for d in docs]


def r135_cached_property_twice(web: str) -> list[str]:
    a = Doc(web, "i5", 150)
    b = Doc(web, "j5", 40)
    ta = a.title
    tb = b.title
    return [ta, tb, a.title, b.title]


class Slug:
    def __init__(self, s: str) -> None:
        self.s = s

    def __str__(self) -> str:
        print("slug", self.s)
        return self.s


class UrlDoc:
    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms = web, key, ms

    @property
    def url(self) -> str:
        print("url of", self.key)
        return f"{self.web}/items/{self.key}?ms={self.ms}"


def r135_printing_property_as_read_arg(web: str) -> list[str]:
    a, b = UrlDoc(web, "n5", 150), UrlDoc(web, "o5", 40)
    print("first")
    x = requests.get(a.url, timeout=5).text
    print("second")
    y = requests.get(b.url, timeout=5).text
    return [x, y]


def r135_user_str_in_method_fstring(web: str) -> list[str]:
    c = ItemClient(web)
    out = []
    for s, ms in (("p5", 150), ("q5", 40), ("r5", 90)):
        print("asking", s)
        out.append(c.fetch(Slug(s), ms))  # type: ignore[arg-type]
    return out


# =========================================================================== __getattr__ delegation


class Wrapped:
    """Delegates to a wrapped session, counting and printing each lookup."""

    def __init__(self, session: requests.Session) -> None:
        self._s = session
        self.lookups = 0

    def __getattr__(self, name: str) -> Any:
        self.lookups += 1
        print("lookup", name, self.lookups)
        return getattr(self._s, name)


def r135_getattr_delegation_prints(web: str) -> list[Any]:
    w = Wrapped(requests.Session())
    print("begin")
    a = w.get(f"{web}/items/s5?ms=150", timeout=5).text
    print("middle")
    b = w.get(f"{web}/items/t5?ms=40", timeout=5).text
    return [a, b, w.lookups]


class Quiet:
    def __init__(self, session: requests.Session) -> None:
        self._s = session

    def __getattr__(self, name: str) -> Any:
        return getattr(self._s, name)


def r135_getattr_quiet_fanout(web: str) -> list[str]:
    w = Quiet(requests.Session())
    return [w.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in (("u5", 150), ("v5", 40), ("w5", 90))]


class Moded:
    """`send` is a GET in read mode and a PUT in write mode."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.mode = "read"
        self.s = requests.Session()

    def __getattr__(self, name: str) -> Any:
        if name == "send":
            return self.s.get if self.mode == "read" else functools.partial(self.s.put, data="w")
        raise AttributeError(name)


def r135_getattr_mode_switch(web: str) -> list[int]:
    m = Moded(web)
    a = m.send(f"{web}/items/x5?ms=150", timeout=5).status_code
    m.mode = "write"
    b = m.send(f"{web}/items/y5?ms=40", timeout=5).status_code
    m.mode = "read"
    c = m.send(f"{web}/items/y5?ms=90", timeout=5).json()["value"]
    return [a, b, c]


# =========================================================================== __call__ tools, registries


class Tool:
    used: ClassVar[int] = 0

    def __init__(self, web: str, route: str) -> None:
        self.web, self.route = web, route

    def __call__(self, arg: str, ms: int) -> str:
        return requests.get(f"{self.web}/{self.route}/{arg}?ms={ms}", timeout=5).text


def r135_call_tools_dict_dispatch(web: str) -> list[str]:
    tools = {"item": Tool(web, "items"), "text": Tool(web, "text")}
    plan = [("item", "a6", 150), ("text", "b6", 40), ("item", "c6", 90)]
    return [tools[name](arg, ms) for name, arg, ms in plan]


class Router:
    handlers: ClassVar[dict[str, Any]] = {}

    @classmethod
    def route(cls, name: str) -> Any:
        def deco(fn: Any) -> Any:
            cls.handlers[name] = fn
            return fn
        return deco


@Router.route("get")
def _h_get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


@Router.route("put")
def _h_put(web: str, key: str, ms: int) -> str:
    return str(requests.put(f"{web}/items/{key}", data=f"put-{key}", timeout=5).json()["key"])


@Router.route("text")
def _h_text(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text


def r135_registry_dispatch_get_put_get(web: str) -> list[str]:
    plan = [("get", "g6", 150), ("text", "h6", 40), ("put", "h6", 0), ("get", "h6", 90)]
    return [Router.handlers[op](web, key, ms) for op, key, ms in plan]


def _loud_get(web: str, key: str, ms: int) -> str:
    print("loud get", key)
    return _h_get(web, key, ms)


def r135_registry_replaced_mid_function(web: str) -> list[str]:
    saved = Router.handlers["get"]
    try:
        a = Router.handlers["get"](web, "l6", 150)
        Router.handlers["get"] = _loud_get
        print("swapped")
        b = Router.handlers["get"](web, "m6", 40)
        return [a, b]
    finally:
        Router.handlers["get"] = saved


# =========================================================================== inheritance


class Base:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]


class Logged(Base):
    def fetch(self, key: str, ms: int) -> str:
        LOG.info("fetch %s", key)
        value = super().fetch(key, ms)
        LOG.info("fetched %s", key)
        return value


class Retrying(Base):
    def fetch(self, key: str, ms: int) -> str:
        for attempt in range(3):
            try:
                r = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5)
                r.raise_for_status()
                return r.json()["value"]
            except requests.HTTPError:
                print("retry", key, attempt)
        return "gave-up"


class Pushing(Base):
    def fetch(self, key: str, ms: int) -> str:
        value = super().fetch(key, ms)
        requests.put(f"{self.web}/items/seen-{key}", data=value, timeout=5)
        return value


def r135_super_logging_fanout(web: str) -> list[str]:
    c = Logged(web)
    return [c.fetch(k, ms) for k, ms in (("n6", 150), ("o6", 40), ("p6", 90))]


def r135_super_retry_with_missing(web: str) -> list[str]:
    c = Retrying(web)
    return [c.fetch(k, ms) for k, ms in (("q6", 150), ("missing-r6", 40), ("s6", 90))]


def run_three(c: Base) -> list[str]:
    return [c.fetch("t6", 150), c.fetch("u6", 40), c.fetch("v6", 90)]


def _base_then_pushing(f: Any, env: Env) -> Any:
    first = f(Base(env.web))
    second = f(Pushing(env.web))
    third = f(Logged(env.web))
    return [first, second, third]


class Api:
    PREFIX: ClassVar[str] = "v1"

    @classmethod
    def fetch(cls, web: str, key: str, ms: int) -> str:
        return requests.get(f"{web}/items/{cls.PREFIX}-{key}?ms={ms}", timeout=5).json()["value"]

    @classmethod
    def use(cls, prefix: str) -> None:
        cls.PREFIX = prefix

    @staticmethod
    def text(web: str, key: str, ms: int) -> str:
        return requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text


def r135_classmethod_prefix_switched(web: str) -> list[str]:
    Api.use("v1")
    a = Api.fetch(web, "w6", 150)
    Api.use("v2")
    b = Api.fetch(web, "x6", 40)
    Api.use("v1")
    return [a, b]


class Versioned:
    VERSION: ClassVar[int] = 1

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{key}-v{self.VERSION}?ms={ms}",
                            timeout=5).json()["value"]

    def bump(self) -> None:
        type(self).VERSION += 1


def r135_type_self_class_attr_bump(web: str) -> list[str]:
    Versioned.VERSION = 1
    a, b = Versioned(web), Versioned(web)
    x = a.fetch("d7", 150)
    b.bump()
    y = a.fetch("e7", 40)
    Versioned.VERSION = 1
    return [x, y]


class Holder:
    """Holds a client and changes it: another object's method changes what `fetch` reads."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def switch(self, ns: str) -> None:
        self.client.ns = ns


class Shared:
    tags: ClassVar[list[str]] = []  # the classic shared mutable class attribute

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{key}-{len(self.tags)}?ms={ms}",
                            timeout=5).json()["value"]


def r135_class_list_shared_by_instances(web: str) -> list[str]:
    Shared.tags.clear()
    a, b = Shared(web), Shared(web)
    x = a.fetch("h7", 150)
    b.tags.append("t")
    y = a.fetch("i7", 40)
    Shared.tags.clear()
    return [x, y]


class ConfClient:
    def __init__(self, web: str, conf: dict[str, str]) -> None:
        self.web, self.conf = web, conf

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{self.conf['ns']}-{key}?ms={ms}",
                            timeout=5).json()["value"]


def r135_config_dict_via_second_client(web: str) -> list[str]:
    conf = {"ns": "one"}
    c, d = ConfClient(web, conf), ConfClient(web, conf)
    a = c.fetch("l7", 150)
    d.conf["ns"] = "two"
    b = c.fetch("m7", 40)
    return [a, b]


# =========================================================================== objects mutated by helpers


class Session_:
    def __init__(self, web: str) -> None:
        self.web = web
        self.log: list[str] = []
        self.calls = 0
        self.key = ""


def note(s: Session_, msg: str) -> None:
    s.log.append(msg)
    s.calls += 1


def r135_helper_appends_to_object_log(web: str) -> dict[str, Any]:
    s = Session_(web)
    out = []
    for k, ms in (("n7", 150), ("o7", 40), ("p7", 90)):
        note(s, f"start {k}")
        out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
        note(s, f"end {k}")
    return {"out": out, "log": s.log, "calls": s.calls}


# =========================================================================== context managers, finalisers


class Span:
    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> Span:
        print("enter", self.name)
        return self

    def __exit__(self, *exc: Any) -> None:
        print("exit", self.name)


def r135_span_prints_around_reads(web: str) -> list[str]:
    c = ItemClient(web)
    with Span("a"):
        a = c.fetch("t7", 150)
    with Span("b"):
        b = c.fetch("u7", 40)
    with Span("c"):
        d = c.fetch("v7", 90)
    return [a, b, d]


class Txn:
    """Writes the key back on exit."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key
        self.value = ""

    def __enter__(self) -> Txn:
        return self

    def __exit__(self, *exc: Any) -> None:
        requests.put(f"{self.web}/items/{self.key}", data=self.value or "empty", timeout=5)


class ManagedClient(ItemClient):
    def __enter__(self) -> ManagedClient:
        print("open client")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.session.close()
        print("closed client")


def r135_client_context_fanout(web: str) -> list[str]:
    with ManagedClient(web) as c:
        vals = [c.fetch(k, ms) for k, ms in (("y7", 150), ("z7", 40), ("a8", 90))]
        print("inside", len(vals))
    return vals


class Handle:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def fetch(self, ms: int) -> str:
        return requests.get(f"{self.web}/items/{self.key}?ms={ms}", timeout=5).json()["value"]

    def __del__(self) -> None:
        print("drop", self.key)


def r135_del_on_rebinding(web: str) -> list[str]:
    h = Handle(web, "b8")
    x = h.fetch(150)
    print("got x")
    h = Handle(web, "c8")
    y = h.fetch(40)
    print("got y")
    return [x, y]


class Token:
    def __init__(self, key: str) -> None:
        self.key = key

    def __del__(self) -> None:
        print("token gone", self.key)


def read_with(tok: Token, web: str, ms: int) -> str:
    return requests.get(f"{web}/items/{tok.key}?ms={ms}", timeout=5).json()["value"]


class Finalized:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key
        weakref.finalize(self, print, "finalized", key)

    def fetch(self, ms: int) -> str:
        return requests.get(f"{self.web}/items/{self.key}?ms={ms}", timeout=5).json()["value"]


def r135_weakref_finalize_rebinding(web: str) -> list[str]:
    h = Finalized(web, "f8")
    x = h.fetch(150)
    print("got x")
    h = Finalized(web, "g8")
    y = h.fetch(40)
    print("got y")
    return [x, y]


# =========================================================================== iteration


class Pages:
    def __init__(self, web: str, keys: list[tuple[str, int]]) -> None:
        self.web, self.keys = web, keys

    def __iter__(self) -> Any:
        for k, ms in self.keys:
            yield requests.get(f"{self.web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def r135_iter_pages_for_loop(web: str) -> list[str]:
    out = []
    for page in Pages(web, [("k8", 150), ("l8", 40), ("m8", 90)]):
        print("page", page)
        out.append(page)
    return out


class KeyList:
    """Iterates plain keys, no I/O."""

    def __init__(self, pairs: list[tuple[str, int]]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Any:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def r135_user_iterable_of_keys_fetch(web: str) -> list[str]:
    keys = KeyList([("n8", 150), ("o8", 40), ("p8", 90)])
    c = ItemClient(web)
    return [c.fetch(k, ms) for k, ms in keys]


# =========================================================================== jitted methods


class Agent:
    def __init__(self, web: str) -> None:
        self.web = web
        self.runs = 0
        self.seen: list[str] = []

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]

    def run(self) -> list[str]:
        a = self.fetch("t8", 150)
        b = self.fetch("u8", 40)
        c = self.fetch("v8", 90)
        return [a, b, c]

    def run_counted(self) -> list[Any]:
        self.runs += 1
        a = self.fetch(f"w8-{self.runs}", 150)
        b = self.fetch(f"x8-{self.runs}", 40)
        self.seen.extend([a, b])
        return [a, b, self.runs, len(self.seen)]

    @classmethod
    def load_all(cls, web: str) -> list[str]:
        return [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("y8", 150), ("z8", 40), ("a9", 90))]


def make_r135_bound_method_run(env: Env) -> Any:
    return Agent(env.web).run


def make_r135_bound_method_counted_twice(env: Env) -> Any:
    return Agent(env.web).run_counted


def make_r135_bound_classmethod(env: Env) -> Any:
    return Agent.load_all


def _agent(env: Env) -> tuple:
    return (Agent(env.web),)


# =========================================================================== the openai SDK


class Assistant:
    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name
        self.history: list[dict[str, str]] = []

    def ask(self, q: str, lat: float) -> str:
        self.history.append(user(q))
        r = self.client.chat.completions.create(model="gpt", messages=list(self.history),
                                                extra_body={"latency": lat})
        text = r.choices[0].message.content[:24]
        self.history.append({"role": "assistant", "content": text})
        return text


def r135_oa_two_assistants_independent(client: Any) -> list[Any]:
    a = Assistant(client, "a")
    b = Assistant(client, "b")
    x = a.ask("Name a colour", 0.15)
    y = b.ask("Name a fruit", 0.04)
    return [x, y, len(a.history), len(b.history)]


class OAProxy:
    def __init__(self, client: Any) -> None:
        self._c = client
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._c, name)

    def ask(self, q: str, lat: float) -> str:
        self.calls += 1
        r = self.chat.completions.create(model="gpt", messages=[user(q)],
                                         extra_body={"latency": lat})
        return r.choices[0].message.content[:20]


def r135_oa_getattr_proxy_asks(client: Any) -> list[Any]:
    p = OAProxy(client)
    out = [p.ask(q, lat) for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09))]
    return out + [p.calls]


class Judge:
    """A `__call__` object holding the client."""

    def __init__(self, client: Any, style: str) -> None:
        self.client, self.style = client, style

    def __call__(self, text: str, lat: float) -> str:
        r = self.client.chat.completions.create(
            model="gpt", messages=[user(f"{self.style}: {text}")], extra_body={"latency": lat})
        return r.choices[0].message.content[:20]


def r135_oa_callable_judges(client: Any) -> dict[str, str]:
    judges = {s: Judge(client, s) for s in ("strict", "kind", "brief")}
    lats = {"strict": 0.15, "kind": 0.04, "brief": 0.09}
    return {s: j("the essay", lats[s]) for s, j in judges.items()}


# =========================================================================== storage objects


class Repo:
    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)")

    def save(self, k: str, v: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (k, v))
        self.conn.commit()

    def all(self) -> list[tuple[str, str]]:
        return list(self.conn.execute("SELECT k, v FROM kv ORDER BY k"))

    def close(self) -> None:
        self.conn.close()


def r135_repo_object_fetch_then_save(web: str, tmp: str) -> list[Any]:
    repo = Repo(str(Path(tmp) / "kv.db"))
    c = ItemClient(web)
    vals = {k: c.fetch(k, ms) for k, ms in (("b9", 150), ("c9", 40), ("d9", 90))}
    for k, v in vals.items():
        repo.save(k, v)
    rows = repo.all()
    repo.close()
    return rows


@dataclass
class Settings:
    web: str
    token: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        requests.put(f"{self.web}/items/token", data="tok-1", timeout=5)
        self.token = "tok-1"


def r135_dataclass_post_init_puts_then_get(web: str) -> list[str]:
    s = Settings(web)
    v = requests.get(f"{web}/items/token?ms=150", timeout=5).json()["value"]
    w = requests.get(f"{web}/items/h9?ms=40", timeout=5).json()["value"]
    return [s.token, v, w]


# =========================================================================== async methods


class AsyncItems:
    def __init__(self, client: httpx.AsyncClient, web: str) -> None:
        self.client, self.web = client, web
        self.calls = 0

    async def fetch(self, key: str, ms: int) -> str:
        self.calls += 1
        r = await self.client.get(f"{self.web}/items/{key}?ms={ms}")
        return r.json()["value"]


async def r135_async_method_awaits_in_row(items: AsyncItems) -> list[Any]:
    a = await items.fetch("n9", 150)
    b = await items.fetch("o9", 40)
    c = await items.fetch("p9", 90)
    return [a, b, c, items.calls]


async def r135_async_method_gather(items: AsyncItems) -> list[Any]:
    vals = await asyncio.gather(items.fetch("q9", 150), items.fetch("r9", 40),
                                items.fetch("s9", 90))
    return [list(vals), items.calls]


def _async_items(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient() as client:
            return await f(AsyncItems(client, env.web))
    return asyncio.run(main())


# =========================================================================== round two: state read ahead


class Namer:
    def __init__(self) -> None:
        self.prefix = "p0"
        self.n = 0

    def name(self, k: str) -> str:
        return f"{self.prefix}-{k}"

    def advance(self) -> None:
        self.n += 1
        self.prefix = f"p{self.n}"


def r135_loop_key_from_object_advanced(web: str) -> list[str]:
    namer = Namer()
    c = ItemClient(web)
    out = []
    for k, ms in (("a10", 150), ("b10", 40), ("c10", 90)):
        key = namer.name(k)
        out.append(c.fetch(key, ms))
        namer.advance()
    return out


def advance(n: Namer) -> None:
    n.advance()


@dataclass
class Cursor2:
    page: int = 0


def r135_loop_dataclass_field_carried(web: str) -> list[str]:
    cur = Cursor2()
    c = ItemClient(web)
    out = []
    for k, ms in (("j10", 150), ("k10", 40), ("l10", 90)):
        out.append(c.fetch(f"{k}-{cur.page}", ms))
        cur.page += 1
    return out


def r135_loop_client_base_changed_midway(web: str) -> list[str]:
    c = ItemClient(web)
    out = []
    for k, ms in (("m10", 150), ("n10", 40), ("o10", 90)):
        out.append(c.fetch(k, ms))
        if k == "m10":
            c.ns = "alt-"
    return out


def r135_listcomp_client_base_changed_by_element(web: str) -> list[Any]:
    c = ItemClient(web)
    h = Holder(c)
    return [(c.fetch(k, ms), h.switch(f"{k}-")) for k, ms in
            (("s10", 150), ("t10", 40), ("u10", 90))]


def r135_tools_route_changed_in_body(web: str) -> list[str]:
    tools = {"item": Tool(web, "items"), "text": Tool(web, "text")}
    out = []
    for name, arg, ms in (("item", "v10", 150), ("item", "w10", 40), ("text", "x10", 90)):
        out.append(tools[name](arg, ms))
        tools["item"].route = "text"
    return out


class LoudSession(requests.Session):
    def get(self, url: Any, **kw: Any) -> Any:  # type: ignore[override]
        print("loud get", str(url).rsplit("/", 1)[-1])
        return super().get(url, **kw)


def r135_same_class_clients_one_loud(web: str) -> list[str]:
    quiet, loud = ItemClient(web), ItemClient(web)
    loud.session = LoudSession()
    out = []
    for c, k, ms in ((quiet, "y10", 150), (loud, "z10", 40), (quiet, "a11", 90),
                     (loud, "b11", 60)):
        print("item", k)
        out.append(c.fetch(k, ms))
    return out


def fetch_all(c: ItemClient) -> list[str]:
    return [c.fetch(k, ms) for k, ms in (("f11", 150), ("g11", 40), ("h11", 90))]


def _then_hooked(f: Any, env: Env) -> Any:
    c = ItemClient(env.web)
    first = f(c)
    c.session.hooks["response"].append(lambda r, *a, **k: print("hook", r.url.rsplit("/", 1)[-1]))
    second = f(c)
    c.session = LoudSession()
    third = f(c)
    return [first, second, third]


def r135_listcomp_token_del_order(web: str) -> list[str]:
    return [read_with(Token(k), web, ms) for k, ms in (("i11", 150), ("j11", 40), ("k11", 90))]


class Reply:
    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value
        weakref.finalize(self, print, "reply gone", key)


def get_reply(web: str, key: str, ms: int) -> Reply:
    return Reply(key, requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])


def r135_finalized_replies_listcomp(web: str) -> list[str]:
    vals = [get_reply(web, k, ms).value for k, ms in (("l11", 150), ("m11", 40), ("n11", 90))]
    print("collected")
    return vals


class DelReply:
    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value

    def __del__(self) -> None:
        print("del reply", self.key)


def get_del_reply(web: str, key: str, ms: int) -> DelReply:
    return DelReply(key, requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])


def r135_del_replies_listcomp(web: str) -> list[str]:
    vals = [get_del_reply(web, k, ms).value for k, ms in (("o11", 150), ("p11", 40), ("q11", 90))]
    print("collected")
    return vals


# =========================================================================== round three


class AsyncLogItems:
    """An async method that records after its await: the record's order is the calls' order."""

    def __init__(self, client: httpx.AsyncClient, web: str) -> None:
        self.client, self.web = client, web
        self.log: list[str] = []

    async def fetch(self, key: str, ms: int) -> str:
        r = await self.client.get(f"{self.web}/items/{key}?ms={ms}")
        value = r.json()["value"]
        self.log.append(key)
        return value

    async def fetch_print(self, key: str, ms: int) -> str:
        r = await self.client.get(f"{self.web}/items/{key}?ms={ms}")
        print("fetched", key)
        return r.json()["value"]


async def r135_async_method_appends_after_await_listcomp(items: AsyncLogItems) -> list[Any]:
    vals = [await items.fetch(k, ms) for k, ms in (("a12", 150), ("b12", 40), ("c12", 90))]
    return [vals, items.log]


def _async_log_items(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient() as client:
            return await f(AsyncLogItems(client, env.web))
    return asyncio.run(main())


class Dispatcher:
    def __init__(self, web: str) -> None:
        self.web = web

    def on_get(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]

    def on_put(self, key: str, ms: int) -> str:
        requests.put(f"{self.web}/items/{key}", data=f"put-{key}", timeout=5)
        return "ok"

    def run(self, plan: list[tuple[str, str, int]]) -> list[str]:
        return [getattr(self, f"on_{op}")(key, ms) for op, key, ms in plan]


def r135_getattr_dispatch_get_put_get(web: str) -> list[str]:
    d = Dispatcher(web)
    return d.run([("get", "i12", 150), ("get", "j12", 40), ("put", "j12", 0), ("get", "j12", 90)])


class Tracked:
    instances: ClassVar[list[Tracked]] = []

    def __init__(self, web: str) -> None:
        self.web = web
        self.ns = ""
        Tracked.instances.append(self)

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{self.ns}{key}?ms={ms}", timeout=5).json()["value"]


def retarget_all(ns: str) -> None:
    for t in Tracked.instances:
        t.ns = ns


def r135_instances_registry_retargeted(web: str) -> list[str]:
    Tracked.instances.clear()
    c = Tracked(web)
    out = []
    for k, ms in (("m12", 150), ("n12", 40), ("o12", 90)):
        out.append(c.fetch(k, ms))
        retarget_all(f"{k}-")
    Tracked.instances.clear()
    return out


@dataclass(frozen=True)
class Endpoint:
    web: str

    @functools.cache  # noqa: B019 - the user's own cache on a method
    def get(self, key: str, ms: int) -> str:
        print("miss", key)
        return requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r135_cache_on_method_equal_instances(web: str) -> list[str]:
    Endpoint.get.cache_clear()
    out = [Endpoint(web).get(k, ms) for k, ms in (("r12", 150), ("s12", 40), ("r12", 150))]
    Endpoint.get.cache_clear()
    return out


class LoudKey:
    def __init__(self, s: str) -> None:
        self.s = s

    def __hash__(self) -> int:
        print("hash key", self.s)
        return hash(self.s)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoudKey) and self.s == other.s


@functools.cache
def lookup(web: str, key: LoudKey, ms: int) -> str:
    return requests.get(f"{web}/items/{key.s}?ms={ms}", timeout=5).json()["value"]


def r135_cached_fn_user_key_hash(web: str) -> list[str]:
    lookup.cache_clear()
    out = []
    for k, ms in (("t12", 150), ("u12", 40), ("t12", 150)):
        print("want", k)
        out.append(lookup(web, LoudKey(k), ms))
    lookup.cache_clear()
    return out


class Item(NamedTuple):
    key: str
    ms: int

    def load(self, web: str) -> str:
        return requests.get(f"{web}/items/{self.key}?ms={self.ms}", timeout=5).json()["value"]


def r135_namedtuple_method_listcomp(web: str) -> list[str]:
    return [Item(k, ms).load(web) for k, ms in (("v12", 150), ("w12", 40), ("x12", 90))]


class Counted:
    made: ClassVar[int] = 0

    def __init__(self, key: str) -> None:
        Counted.made += 1
        self.key = f"{key}-{Counted.made}"


def r135_instance_method_shadowed_between_calls(web: str) -> list[str]:
    c = ItemClient(web)
    a = [c.fetch(k, ms) for k, ms in (("e13", 150), ("f13", 40))]
    c.fetch = functools.partial(_loud_fetch, c)  # type: ignore[method-assign]
    b = [c.fetch(k, ms) for k, ms in (("g13", 150), ("h13", 40))]
    return a + b


def _loud_fetch(c: ItemClient, key: str, ms: int) -> str:
    print("loud fetch", key)
    return ItemClient.fetch(c, key, ms)


class Lazy:
    def __init__(self, web: str) -> None:
        self.web = web
        self._s: requests.Session | None = None
        self.made = 0

    @property
    def api(self) -> requests.Session:
        if self._s is None:
            self.made += 1
            print("making session")
            self._s = requests.Session()
        return self._s

    def fetch(self, key: str, ms: int) -> str:
        return self.api.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r135_lazy_session_property_listcomp(web: str) -> list[Any]:
    lz = Lazy(web)
    vals = [lz.fetch(k, ms) for k, ms in (("i13", 150), ("j13", 40), ("k13", 90))]
    return vals + [lz.made]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r135_client_methods_fanout, O3, cat="clients", overlap=3),
    _w(r135_client_counter_and_history, O3),
    _w(r135_cache_dict_repeat_keys, O3),
    _w(r135_namedtuple_replace_property, O3, cat="helpers", overlap=3),
    _w(r135_frozen_set_dedupe_sorted, O3, cat="helpers"),
    _w(r135_result_eq_prints_in_loop, O3, cat="helpers"),
    _w(r135_hash_of_key_in_read_args, O3, cat="helpers"),
    _w(r135_property_reads_in_listcomp, O3, cat="helpers"),
    _w(r135_cached_property_twice, over(0.15, 0.04), cat="helpers"),
    _w(r135_printing_property_as_read_arg, over(0.15, 0.04), cat="helpers"),
    _w(r135_user_str_in_method_fstring, O3, cat="helpers"),
    _w(r135_getattr_delegation_prints, over(0.15, 0.04), cat="clients"),
    _w(r135_getattr_quiet_fanout, O3, cat="clients"),
    _w(r135_getattr_mode_switch, cat="clients"),
    _w(r135_call_tools_dict_dispatch, O3, cat="fanout"),
    _w(r135_registry_dispatch_get_put_get, O3, cat="fanout"),
    _w(r135_registry_replaced_mid_function, over(0.15, 0.04), cat="rebind"),
    _w(r135_super_logging_fanout, O3, cat="helpers"),
    _w(r135_super_retry_with_missing, (0.15 + 3 * 0.04 + 0.09) / 0.15, cat="validation"),
    Case("state", run_three, drive=_base_then_pushing, servers="web",
         name="r135_plan_reused_with_subclass"),
    _w(r135_classmethod_prefix_switched, over(0.15, 0.04), cat="rebind"),
    _w(r135_type_self_class_attr_bump, over(0.15, 0.04), cat="rebind"),
    _w(r135_class_list_shared_by_instances, over(0.15, 0.04)),
    _w(r135_config_dict_via_second_client, over(0.15, 0.04)),
    _w(r135_helper_appends_to_object_log, O3),
    _w(r135_span_prints_around_reads, O3, cat="helpers"),
    _w(r135_client_context_fanout, O3, cat="clients", overlap=3),
    _w(r135_del_on_rebinding, over(0.15, 0.04)),
    _w(r135_weakref_finalize_rebinding, over(0.15, 0.04)),
    _w(r135_iter_pages_for_loop, O3, cat="helpers"),
    _w(r135_user_iterable_of_keys_fetch, O3, cat="helpers"),
    Case("clients", make=make_r135_bound_method_run, servers="web", ideal=O3, overlap=3),
    Case("state", make=make_r135_bound_method_counted_twice, servers="web", calls=2,
         ideal=over(0.15, 0.04)),
    Case("clients", make=make_r135_bound_classmethod, args=web, servers="web", ideal=O3,
         overlap=3),
    Case("clients", Agent.run, args=_agent, servers="web", ideal=O3,
         name="r135_class_function_with_instance"),
    _sdk(r135_oa_two_assistants_independent, over(0.15, 0.04)),
    _sdk(r135_oa_getattr_proxy_asks, O3),
    _sdk(r135_oa_callable_judges, O3, cat="ensemble"),
    _w(r135_repo_object_fetch_then_save, O3, cat="db", args=web_tmp),
    _w(r135_dataclass_post_init_puts_then_get, over(0.15, 0.04)),
    Case("clients", r135_async_method_awaits_in_row, drive=_async_items, servers="web",
         ideal=O3),
    Case("fanout", r135_async_method_gather, drive=_async_items, servers="web", ideal=O3,
         overlap=3),
    _w(r135_loop_key_from_object_advanced, O3),
    _w(r135_loop_dataclass_field_carried, O3),
    _w(r135_loop_client_base_changed_midway, O3),
    _w(r135_listcomp_client_base_changed_by_element, O3),
    _w(r135_tools_route_changed_in_body, O3),
    _w(r135_same_class_clients_one_loud, over(0.15, 0.04, 0.09, 0.06), cat="clients"),
    Case("clients", fetch_all, drive=_then_hooked, servers="web", ideal=O3,
         name="r135_plan_reused_after_hooks_added"),
    _w(r135_listcomp_token_del_order, O3),
    _w(r135_finalized_replies_listcomp, O3),
    _w(r135_del_replies_listcomp, O3),
    Case("state", r135_async_method_appends_after_await_listcomp, drive=_async_log_items,
         servers="web", ideal=O3),
    _w(r135_getattr_dispatch_get_put_get, O3, cat="fanout"),
    _w(r135_instances_registry_retargeted, O3),
    _w(r135_cache_on_method_equal_instances, over(0.15, 0.04), cat="helpers"),
    _w(r135_cached_fn_user_key_hash, over(0.15, 0.04), cat="helpers"),
    _w(r135_namedtuple_method_listcomp, O3, cat="helpers", overlap=3),
    _w(r135_instance_method_shadowed_between_calls, over(0.15, 0.04), cat="rebind"),
    _w(r135_lazy_session_property_listcomp, O3, cat="clients"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
