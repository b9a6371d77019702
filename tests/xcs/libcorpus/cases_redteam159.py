"""Red-team cases (stop 159): code that runs when attributes are read or objects are used.

Properties and `functools.cached_property` that GET, PUT, print or call the model;
`__getattr__` / `__getattribute__` proxies that fetch or count on access; descriptors whose
`__get__` logs and whose `__set__` PUTs; dataclass `__post_init__` and pydantic
validators (`field_validator`, `model_validator`, with a validation context holding the
client) that fetch, PUT or print; `__bool__`, `__len__`, `__iter__`, `__contains__` of
user objects in `if`, `while`, `for` and `in`; `__eq__` / `__hash__` of keys in dicts,
sets and `in` on a list; `__str__` / `__format__` in f-strings, prints, log calls and an
exception's message; `__enter__` / `__exit__` that PUT or swallow; operators and protocols (`__add__`,
`__getitem__`, `__missing__`, the `Sequence` and `Mapping` mixins over a fetching
`__getitem__`), `__del__`, attrs validators, pydantic computed fields and serializers, and
class attributes found by a metaclass's `__getattr__` or property, a descriptor on the
class or a module's `__getattr__`. Beside them, ordinary sibling GETs with unequal latencies
(slow first) and prints, so a reordering shows in stdout or in the server's log. The last group holds
the same shapes where the objects are only data (frozen dataclasses, named tuples, enums,
pydantic models without validators that do I/O): their sibling reads should overlap.
`FIXED_WHY` says what differed for the cases that did when written.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import functools
import json
import types
from collections.abc import Iterator
from typing import Any, NamedTuple

import attrs
import httpx
import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam159")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _url(web: str, k: Any, ms: int) -> str:
    return f"{web}/items/{k}?ms={ms}"


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(_url(web, k, ms), timeout=5).json()["value"]


def _ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


KS = (("a", 150), ("b", 40), ("c", 90))


# =========================================================================== properties


class Account:
    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms = web, key, ms

    @property
    def balance(self) -> str:
        return requests.get(_url(self.web, self.key, self.ms), timeout=5).json()["value"]


def r159_property_get_siblings(web: str) -> list[str]:
    acct = Account(web, "acct", 150)
    bal = acct.balance
    b = requests.get(_url(web, "b", 40), timeout=5).json()["value"]
    c = requests.get(_url(web, "c", 90), timeout=5).json()["value"]
    return [bal, b, c]


class Labelled:
    def __init__(self, key: str, ms: int) -> None:
        self.key, self.ms = key, ms

    @property
    def label(self) -> str:
        print("label for", self.key)
        return f"<{self.key}>"


def r159_property_prints_in_loop(web: str) -> list[str]:
    items = [Labelled(k, ms) for k, ms in KS]
    out = []
    for it in items:
        print(it.label)
        out.append(requests.get(_url(web, it.key, it.ms), timeout=5).json()["value"])
    return out


class Gate:
    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms = web, key, ms

    @property
    def checked(self) -> str:
        v = requests.get(_url(self.web, self.key, self.ms), timeout=5).json()["value"]
        if v.endswith("b"):
            raise ValueError(f"bad value {v}")
        return v


def r159_property_raises_by_design(web: str) -> list[str]:
    out = []
    for k, ms in KS:
        out.append(Gate(web, k, ms).checked)
    return out


class Profile:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    @functools.cached_property
    def data(self) -> str:
        print("fetching profile", self.key)
        return requests.get(_url(self.web, self.key, 150), timeout=5).json()["value"]


def r159_cached_property_fetch_once(web: str) -> list[str]:
    p = Profile(web, "prof")
    out = [p.data]
    for k, ms in (("b", 40), ("c", 90)):
        out.append(requests.get(_url(web, k, ms), timeout=5).json()["value"] + "/" + p.data)
    return out


class Doc:
    def __init__(self, client: Any, text: str, lat: float) -> None:
        self.client, self.text, self.lat = client, text, lat

    @functools.cached_property
    def summary(self) -> str:
        return _ask(self.client, f"Summarise: {self.text}", self.lat)


def r159_cached_property_model(client: Any) -> list[str]:
    docs = [Doc(client, t, lat) for t, lat in (("alpha", 0.15), ("beta", 0.04), ("gamma", 0.09))]
    sums = [d.summary for d in docs]
    print("first again:", docs[0].summary[:10])
    return sums


class Prompted:
    def __init__(self, topic: str) -> None:
        self.topic = topic

    @property
    def prompt(self) -> str:
        print("building prompt for", self.topic)
        return f"Write one line about {self.topic}."


def r159_property_prompt_model_calls(client: Any) -> list[str]:
    a = Prompted("rivers")
    b = Prompted("mountains")
    ra = _ask(client, a.prompt, 0.15)
    rb = _ask(client, b.prompt, 0.04)
    return [ra, rb]


# =========================================================================== __getattr__ proxies


class Remote:
    """Attribute reads GET the item of that name."""

    def __init__(self, web: str, lat: dict[str, int]) -> None:
        self._web = web
        self._lat = lat

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        ms = self._lat.get(name, 50)
        return requests.get(_url(self._web, name, ms), timeout=5).json()["value"]


def r159_getattr_proxy_three(web: str) -> list[str]:
    r = Remote(web, {"a": 150, "b": 40, "c": 90})
    return [r.a, r.b, r.c]


class Counting:
    def __init__(self, web: str) -> None:
        self._web = web
        self._hits = 0

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        self._hits += 1
        print("miss", name, self._hits)
        return requests.get(_url(self._web, name, 40), timeout=5).json()["value"]


def r159_getattr_counts_hits(web: str) -> tuple[list[str], int]:
    c = Counting(web)
    slow = requests.get(_url(web, "slow", 150), timeout=5).json()["value"]
    x = c.x
    y = c.y
    return [slow, x, y], c._hits


class Watched:
    def __init__(self, first: str, second: str) -> None:
        self.first = first
        self.second = second

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            print("attr", name)
        return object.__getattribute__(self, name)


def r159_getattribute_in_url_args(web: str) -> list[str]:
    cfg = Watched("wa", "wb")
    print("start")
    a = requests.get(f"{web}/items/{cfg.first}?ms=150", timeout=5).json()["value"]
    print("between")
    b = requests.get(f"{web}/items/{cfg.second}?ms=40", timeout=5).json()["value"]
    return [a, b]


# =========================================================================== descriptors


class Synced:
    """A descriptor: setting PUTs the value to the server; reading gives the local copy."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.__dict__.get(self.name, "")

    def __set__(self, obj: Any, value: str) -> None:
        requests.put(_url(obj.web, self.name, 30), data=value, timeout=5)
        obj.__dict__[self.name] = value


class Settings:
    mode = Synced()

    def __init__(self, web: str) -> None:
        self.web = web


def r159_descriptor_set_puts(web: str) -> list[str]:
    s = Settings(web)
    before = requests.get(_url(web, "other", 150), timeout=5).json()["value"]
    s.mode = "fast"
    seen = requests.get(_url(web, "mode", 40), timeout=5).json()["value"]
    return [before, s.mode, seen]


class Logged:
    def __set_name__(self, owner: type, name: str) -> None:
        self.name = "_" + name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        LOG.info("read %s", self.name)
        return getattr(obj, self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj, self.name, value)


class Spec:
    key = Logged()

    def __init__(self, key: str) -> None:
        self.key = key


def r159_descriptor_get_logs(web: str) -> list[str]:
    specs = [Spec(k) for k, _ in KS]
    out = []
    for s, (_, ms) in zip(specs, KS, strict=True):
        out.append(requests.get(_url(web, s.key, ms), timeout=5).json()["value"])
        LOG.info("done %d", len(out))
    return out


class History:
    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.history[-1] if obj.history else None

    def __set__(self, obj: Any, value: Any) -> None:
        obj.history.append(value)


class Recorder:
    last = History()

    def __init__(self) -> None:
        self.history: list[str] = []


def r159_descriptor_set_records_local(web: str) -> list[str]:
    rec = Recorder()
    for k, ms in KS:
        rec.last = requests.get(_url(web, k, ms), timeout=5).json()["value"]
    return rec.history


# =========================================================================== dataclasses, pydantic


@dataclasses.dataclass
class Enriched:
    key: str
    ms: int
    web: str
    value: str = ""

    def __post_init__(self) -> None:
        self.value = requests.get(_url(self.web, self.key, self.ms), timeout=5).json()["value"]


def r159_post_init_fetches(web: str) -> list[str]:
    items = [Enriched(k, ms, web) for k, ms in KS]
    return [i.value for i in items]


@dataclasses.dataclass
class Registered:
    web: str
    key: str

    def __post_init__(self) -> None:
        requests.put(_url(self.web, self.key, 30), data=f"reg-{self.key}", timeout=5)


def r159_post_init_puts_then_get(web: str) -> list[str]:
    for k, _ in KS:
        Registered(web, k)
    return [requests.get(_url(web, k, ms), timeout=5).json()["value"] for k, ms in KS]


@dataclasses.dataclass
class Row:
    key: str
    value: str

    def __post_init__(self) -> None:
        print("row", self.key, self.value)


def r159_post_init_prints_listcomp(web: str) -> list[str]:
    rows = [Row(k, requests.get(_url(web, k, ms), timeout=5).json()["value"]) for k, ms in KS]
    return [r.value for r in rows]


class Rec(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def shout(cls, v: str) -> str:
        print("validate", v)
        return v.upper()


def r159_pydantic_field_validator_prints(web: str) -> list[str]:
    recs = []
    for k, ms in KS:
        recs.append(Rec(key=k, value=requests.get(_url(web, k, ms), timeout=5).json()["value"]))
    return [r.value for r in recs]


class Strict(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def not_b(cls, v: str) -> str:
        if v.endswith("b"):
            raise ValueError("b is not allowed")
        return v


def r159_pydantic_validator_raises_in_loop(web: str) -> list[str]:
    out = []
    for k, ms in KS:
        r = requests.get(_url(web, k, ms), timeout=5).json()
        out.append(Strict(key=k, value=r["value"]).value)
    return out


class Fetched(pydantic.BaseModel):
    web: str
    key: str
    ms: int
    value: str = ""

    @pydantic.model_validator(mode="after")
    def fetch(self) -> Fetched:
        self.value = requests.get(_url(self.web, self.key, self.ms), timeout=5).json()["value"]
        return self


def r159_pydantic_model_validator_fetches(web: str) -> list[str]:
    return [Fetched(web=web, key=k, ms=ms).value for k, ms in KS]


class Ticket(pydantic.BaseModel):
    text: str
    summary: str = ""

    @pydantic.model_validator(mode="after")
    def summarise(self, info: pydantic.ValidationInfo) -> Ticket:
        ctx = info.context or {}
        if "client" in ctx:
            self.summary = _ask(ctx["client"], f"Summarise: {self.text}", ctx["lat"])
        return self


def r159_pydantic_context_model_call(client: Any) -> list[str]:
    tickets = [Ticket.model_validate({"text": t}, context={"client": client, "lat": lat})
               for t, lat in (("printer jam", 0.15), ("vpn down", 0.04), ("no coffee", 0.09))]
    return [t.summary for t in tickets]


# =========================================================================== truth, len, iter, in


class Flag:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __bool__(self) -> bool:
        return requests.get(_url(self.web, self.key, 90), timeout=5).json()["value"] == "v-on"


def r159_bool_gets_in_if(web: str) -> list[str]:
    out = []
    if Flag(web, "on"):
        out.append(requests.get(_url(web, "a", 150), timeout=5).json()["value"])
        out.append(requests.get(_url(web, "b", 40), timeout=5).json()["value"])
    if Flag(web, "off"):
        out.append(requests.get(_url(web, "c", 40), timeout=5).json()["value"])
    return out


class AckQueue:
    def __init__(self, web: str, n: int) -> None:
        self.web, self.n = web, n

    def __bool__(self) -> bool:
        if self.n == 0:
            return False
        requests.put(_url(self.web, f"q{self.n}", 10), data="acked", timeout=5)
        self.n -= 1
        return True


def r159_bool_puts_while(web: str) -> list[str]:
    q = AckQueue(web, 3)
    out = []
    while q:
        out.append(requests.get(_url(web, f"q{q.n + 1}", 30), timeout=5).json()["value"])
    return out


class Pages:
    def __init__(self, web: str) -> None:
        self.web = web

    def __iter__(self) -> Iterator[str]:
        for k, ms in (("p1", 150), ("p2", 40)):
            yield requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r159_iter_pages_then_sibling(web: str) -> list[str]:
    out = []
    for page in Pages(web):
        out.append(page)
    out.append(requests.get(_url(web, "c", 90), timeout=5).json()["value"])
    return out


class Claims:
    def __init__(self, web: str, keys: list[str]) -> None:
        self.web, self.keys = web, keys

    def __iter__(self) -> Iterator[str]:
        for k in self.keys:
            requests.put(_url(self.web, k, 10), data=f"claimed-{k}", timeout=5)
            yield k


def r159_iter_puts_before_yield(web: str) -> list[str]:
    out = []
    for k in Claims(web, ["ca", "cb", "cc"]):
        out.append(requests.get(_url(web, k, 40), timeout=5).json()["value"])
    return out


# =========================================================================== eq, hash


class LoudKey:
    def __init__(self, s: str) -> None:
        self.s = s

    def __hash__(self) -> int:
        print("hash", self.s)
        return hash(self.s)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoudKey) and other.s == self.s


class PutEq:
    def __init__(self, web: str, s: str) -> None:
        self.web, self.s = web, s

    def __eq__(self, other: object) -> bool:
        requests.put(_url(self.web, f"cmp-{self.s}", 10), data="compared", timeout=5)
        return isinstance(other, PutEq) and other.s == self.s

    __hash__ = None  # type: ignore[assignment]


def r159_eq_puts_in_list(web: str) -> list[Any]:
    keys = [PutEq(web, "m"), PutEq(web, "n")]
    slow = requests.get(_url(web, "cmp-n", 150), timeout=5).json()["value"]
    found = PutEq(web, "n") in keys
    seen = requests.get(_url(web, "cmp-n", 40), timeout=5).json()["value"]
    return [slow, found, seen]


# =========================================================================== str, repr, format


class User:
    def __init__(self, web: str, uid: str, ms: int) -> None:
        self.web, self.uid, self.ms = web, uid, ms

    def __format__(self, spec: str) -> str:
        name = requests.get(_url(self.web, f"name-{self.uid}", self.ms), timeout=5).json()["value"]
        return format(name, spec)


def r159_format_fetches_in_print(web: str) -> list[str]:
    users = [User(web, u, ms) for u, ms in (("u1", 150), ("u2", 40), ("u3", 90))]
    out = []
    for u in users:
        line = f"hello {u:>12}"
        print(line)
        out.append(line)
    return out


class LoudStr:
    def __init__(self, s: str) -> None:
        self.s = s

    def __str__(self) -> str:
        print("str of", self.s)
        return self.s


def r159_str_in_read_args_prints(web: str) -> list[str]:
    k = LoudStr("ls")
    print("before")
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    print("middle")
    b = requests.get(f"{web}/items/{k}?ms=40", timeout=5).json()["value"]
    return [a, b]


class PutStr:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __str__(self) -> str:
        requests.put(_url(self.web, f"shown-{self.key}", 10), data="shown", timeout=5)
        return f"PutStr({self.key})"


def r159_str_puts_in_log_call(web: str) -> list[str]:
    rec = PutStr(web, "lg")
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    LOG.info("saving %s", rec)
    seen = requests.get(_url(web, "shown-lg", 40), timeout=5).json()["value"]
    return [a, seen]


# =========================================================================== with


class Lease:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __enter__(self) -> Lease:
        requests.put(_url(self.web, self.key, 20), data="held", timeout=5)
        return self

    def __exit__(self, *exc: Any) -> None:
        requests.put(_url(self.web, self.key, 20), data="free", timeout=5)


def r159_with_lease_puts(web: str) -> list[str]:
    with Lease(web, "lock"):
        inside = requests.get(_url(web, "lock", 150), timeout=5).json()["value"]
        a = requests.get(_url(web, "a", 40), timeout=5).json()["value"]
        b = requests.get(_url(web, "b", 90), timeout=5).json()["value"]
    after = requests.get(_url(web, "lock", 30), timeout=5).json()["value"]
    return [inside, a, b, after]


class Swallow:
    def __init__(self, web: str) -> None:
        self.web = web

    def __enter__(self) -> Swallow:
        return self

    def __exit__(self, et: Any, ev: Any, tb: Any) -> bool:
        if et is not None:
            requests.put(_url(self.web, "err", 10), data=et.__name__, timeout=5)
        return True


def r159_with_exit_swallows_puts(web: str) -> list[str]:
    got = []
    with Swallow(web):
        got.append(requests.get(_url(web, "a", 150), timeout=5).json()["value"])
        requests.get(f"{web}/status/404?ms=10", timeout=5).raise_for_status()
        got.append(requests.get(_url(web, "b", 40), timeout=5).json()["value"])
    got.append(requests.get(_url(web, "err", 40), timeout=5).json()["value"])
    return got


# =========================================================================== operators


class Store:
    def __init__(self, web: str, lat: dict[str, int]) -> None:
        self.web, self.lat = web, lat

    def __getitem__(self, k: str) -> str:
        return requests.get(_url(self.web, k, self.lat.get(k, 50)), timeout=5).json()["value"]

    def __setitem__(self, k: str, v: str) -> None:
        requests.put(_url(self.web, k, 20), data=v, timeout=5)


def r159_getitem_fetches_listcomp(web: str) -> list[str]:
    store = Store(web, {"a": 150, "b": 40, "c": 90})
    return [store[k] for k in ("a", "b", "c")]


class Money:
    def __init__(self, web: str, cur: str, amount: int, ms: int) -> None:
        self.web, self.cur, self.amount, self.ms = web, cur, amount, ms

    def __add__(self, other: Money) -> str:
        rate = requests.get(_url(self.web, f"rate-{other.cur}", self.ms), timeout=5).json()["value"]
        return f"{self.amount}+{other.amount}@{rate}"


def r159_add_fetches_rates(web: str) -> list[str]:
    x = Money(web, "eur", 1, 150) + Money(web, "usd", 2, 0)
    y = Money(web, "gbp", 3, 40) + Money(web, "jpy", 4, 0)
    return [x, y]


class LazyDict(dict):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def __missing__(self, k: str) -> str:
        print("miss", k)
        v = requests.get(_url(self.web, k, 40 if k == "b" else 150), timeout=5).json()["value"]
        self[k] = v
        return v


def r159_missing_dict_subclass(web: str) -> list[str]:
    lazy = LazyDict(web)
    return [lazy["a"], lazy["b"], lazy["a"]]


class Handle:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __del__(self) -> None:
        requests.put(_url(self.web, self.key, 10), data="closed", timeout=5)


def r159_del_puts_on_rebind(web: str) -> list[str]:
    h = Handle(web, "hd")
    v1 = requests.get(_url(web, "hd", 40), timeout=5).json()["value"]
    h = None
    v2 = requests.get(_url(web, "hd", 40), timeout=5).json()["value"]
    return [v1, v2, str(h)]


# =========================================================================== data only


@dataclasses.dataclass(frozen=True)
class Endpoint:
    key: str
    ms: int

    def url(self, web: str) -> str:
        return f"{web}/items/{self.key}?ms={self.ms}"


def r159_frozen_dataclass_endpoints(web: str) -> list[str]:
    eps = [Endpoint(k, ms) for k, ms in KS]
    return [requests.get(ep.url(web), timeout=5).json()["value"] for ep in eps]


class SpecNT(NamedTuple):
    key: str
    ms: int


def r159_namedtuple_specs_loop(web: str) -> list[str]:
    specs = [SpecNT("a", 150), SpecNT("b", 40), SpecNT("c", 90)]
    out = []
    for s in specs:
        out.append(requests.get(_url(web, s.key, s.ms), timeout=5).json()["value"])
        print("got", s.key)
    return out


class Item(pydantic.BaseModel):
    key: str
    ms: int


def r159_pydantic_plain_models_httpx(web: str) -> list[str]:
    items = [Item(key=k, ms=ms) for k, ms in KS]
    with httpx.Client() as client:
        return [client.get(_url(web, it.key, it.ms)).json()["value"] for it in items]


@dataclasses.dataclass(frozen=True)
class Tag:
    key: str
    ms: int

    def __str__(self) -> str:
        return f"tag:{self.key}"


def r159_frozen_dataclass_str_print(web: str) -> list[str]:
    tags = [Tag(k, ms) for k, ms in KS]
    out = []
    for t in tags:
        print("fetching", t)
        out.append(requests.get(_url(web, t.key, t.ms), timeout=5).json()["value"])
    return out


@dataclasses.dataclass
class Result:
    key: str
    value: str


def r159_dataclass_results_asdict(web: str) -> str:
    results = []
    for k, ms in KS:
        results.append(Result(k, requests.get(_url(web, k, ms), timeout=5).json()["value"]))
    return json.dumps([dataclasses.asdict(r) for r in results])


class Path_:
    def __init__(self, key: str, ms: int) -> None:
        self.key, self.ms = key, ms

    @property
    def path(self) -> str:
        return f"/items/{self.key}?ms={self.ms}"


def r159_pure_property_in_url(web: str) -> list[str]:
    ps = [Path_(k, ms) for k, ms in KS]
    return [requests.get(web + p.path, timeout=5).json()["value"] for p in ps]


class Prefixed:
    def __init__(self, base: str) -> None:
        self.base = base

    @functools.cached_property
    def prefix(self) -> str:
        return self.base.rstrip("/") + "/items/"


def r159_cached_property_pure_loop(web: str) -> list[str]:
    p = Prefixed(web + "/")
    out = []
    for k, ms in KS:
        out.append(requests.get(f"{p.prefix}{k}?ms={ms}", timeout=5).json()["value"])
    return out


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


LAT_OF = {"red": 150, "green": 40, "blue": 90}


def r159_enum_values_in_urls(web: str) -> dict[str, str]:
    return {c.name: requests.get(_url(web, c.value, LAT_OF[c.value]), timeout=5).json()["value"]
            for c in Color}


class Question(NamedTuple):
    text: str
    lat: float


def r159_namedtuple_model_calls(client: Any) -> list[str]:
    qs = [Question("Why is the sky blue?", 0.15), Question("What is 2+2?", 0.04),
          Question("Name a prime.", 0.09)]
    return [_ask(client, q.text, q.lat) for q in qs]


class PromptParts(pydantic.BaseModel):
    role: str
    task: str


def r159_pydantic_dump_prompt_model(client: Any) -> list[str]:
    parts = [PromptParts(role="editor", task="fix typos"), PromptParts(role="poet", task="rhyme")]
    out = []
    for p, lat in zip(parts, (0.15, 0.04), strict=True):
        d = p.model_dump()
        out.append(_ask(client, f"As a {d['role']}, {d['task']}.", lat))
        print("asked", p.role)
    return out


# =========================================================================== second round


class PutKey:
    """Reading `key` PUTs a mark under that key first (a write-through 'touch')."""

    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    @property
    def key(self) -> str:
        requests.put(_url(self.web, self.k, 10), data=f"touched-{self.k}", timeout=5)
        return self.k


def r159_put_property_in_comprehension_args(web: str) -> list[str]:
    objs = [PutKey(web, k) for k in ("ta", "tb", "tc")]
    return [requests.get(_url(web, o.key, 40), timeout=5).json()["value"] for o in objs]


def r159_put_property_in_later_args(web: str) -> list[str]:
    o = PutKey(web, "tk")
    a = requests.get(_url(web, "tk", 150), timeout=5).json()["value"]
    b = requests.get(f"{web}/items/{o.key}?ms=40", timeout=5).json()["value"]
    return [a, b]


class Cursor:
    def __init__(self, web: str) -> None:
        self.web = web
        self._cur = ""

    @property
    def current(self) -> str:
        return self._cur

    @current.setter
    def current(self, k: str) -> None:
        requests.put(_url(self.web, "current", 10), data=k, timeout=5)
        self._cur = k


def r159_setter_puts_in_loop(web: str) -> list[str]:
    cur = Cursor(web)
    out = []
    for k, ms in KS:
        cur.current = k
        out.append(requests.get(_url(web, "current", ms), timeout=5).json()["value"])
    return out


PREFIX = {"p": "one"}


class Pathed:
    def __init__(self, k: str) -> None:
        self.k = k

    @property
    def path(self) -> str:
        return f"{PREFIX['p']}-{self.k}"


def r159_property_reads_global_changed(web: str) -> list[str]:
    PREFIX["p"] = "one"
    o = Pathed("g")
    x = requests.get(_url(web, o.path, 150), timeout=5).json()["value"]
    PREFIX["p"] = "two"
    y = requests.get(_url(web, o.path, 40), timeout=5).json()["value"]
    return [x, y]


class HashPut:
    def __init__(self, web: str, s: str) -> None:
        self.web, self.s = web, s

    def __hash__(self) -> int:
        requests.put(_url(self.web, f"h-{self.s}", 10), data="hashed", timeout=5)
        return hash(self.s)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HashPut) and other.s == self.s


def r159_hash_puts_dict_store_loop(web: str) -> list[str]:
    d = {}
    for k, ms in KS:
        d[HashPut(web, k)] = requests.get(_url(web, f"h-{k}", ms), timeout=5).json()["value"]
    return list(d.values())


def r159_hash_puts_set_add_then_get(web: str) -> list[str]:
    seen = set()
    a = requests.get(_url(web, "h-s", 150), timeout=5).json()["value"]
    seen.add(HashPut(web, "s"))
    b = requests.get(_url(web, "h-s", 40), timeout=5).json()["value"]
    return [a, b, str(len(seen))]


class RemoteSeq(collections.abc.Sequence):
    """A Sequence whose items are fetched: the mixin `__iter__` calls `__getitem__`."""

    def __init__(self, web: str, keys: list[str]) -> None:
        self.web, self.keys = web, keys

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: Any) -> str:
        k = self.keys[i]
        return requests.get(_url(self.web, k, 30), timeout=5).json()["value"]


def r159_sequence_mixin_iter_with_puts(web: str) -> list[str]:
    seq = RemoteSeq(web, ["sa", "sb", "sa"])
    out = []
    for v in seq:
        out.append(v)
        requests.put(_url(web, "sa", 10), data=v + "+", timeout=5)
    return out


class RemoteMap(collections.abc.Mapping):
    def __init__(self, web: str, lat: dict[str, int]) -> None:
        self.web, self.lat = web, lat

    def __getitem__(self, k: str) -> str:
        return requests.get(_url(self.web, k, self.lat[k]), timeout=5).json()["value"]

    def __iter__(self) -> Iterator[str]:
        return iter(self.lat)

    def __len__(self) -> int:
        return len(self.lat)


def r159_mapping_dict_copy(web: str) -> dict[str, str]:
    m = RemoteMap(web, {"a": 150, "b": 40, "c": 90})
    return dict(m)


class Order(pydantic.BaseModel):
    web: str
    key: str

    @pydantic.computed_field
    @property
    def stamp(self) -> str:
        requests.put(_url(self.web, f"stamp-{self.key}", 10), data="dumped", timeout=5)
        return "stamped"


def r159_pydantic_computed_field_puts_on_dump(web: str) -> list[Any]:
    o = Order(web=web, key="o1")
    a = requests.get(_url(web, "stamp-o1", 150), timeout=5).json()["value"]
    d = o.model_dump()
    b = requests.get(_url(web, "stamp-o1", 40), timeout=5).json()["value"]
    return [a, d["stamp"], b]


class Shipment(pydantic.BaseModel):
    key: str
    note: str

    @pydantic.field_serializer("note")
    def loud_note(self, v: str) -> str:
        print("serialising", self.key)
        return v.upper()


def r159_pydantic_field_serializer_prints(web: str) -> list[str]:
    out = []
    for k, ms in KS:
        v = requests.get(_url(web, k, ms), timeout=5).json()["value"]
        out.append(Shipment(key=k, note=v).model_dump_json())
    return out


def _noisy(inst: Any, attr: Any, value: Any) -> None:
    print("checking", attr.name, value)


@attrs.define
class Checked:
    key: str = attrs.field(validator=_noisy)
    value: str = ""


def r159_attrs_validator_prints_loop(web: str) -> list[str]:
    out = []
    for k, ms in KS:
        c = Checked(k, requests.get(_url(web, k, ms), timeout=5).json()["value"])
        out.append(c.value)
    return out


class ConfigMeta(type):
    def __getattr__(cls, name: str) -> str:
        print("config lookup", name)
        return f"cfg-{name}"


class Config(metaclass=ConfigMeta):
    pass


def r159_metaclass_getattr_prints(web: str) -> list[str]:
    print("start")
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    b = requests.get(_url(web, Config.region, 40), timeout=5).json()["value"]
    return [a, b]


class FetchErr(Exception):
    def __init__(self, web: str, key: str) -> None:
        super().__init__(key)
        self.web, self.key = web, key

    def __str__(self) -> str:
        requests.put(_url(self.web, "lasterr", 10), data=self.key, timeout=5)
        return f"failed {self.key}"


def r159_exception_str_puts_in_except(web: str) -> list[str]:
    out = []
    try:
        raise FetchErr(web, "ek")
    except FetchErr as e:
        out.append(requests.get(_url(web, "a", 150), timeout=5).json()["value"])
        print("error:", e)
    out.append(requests.get(_url(web, "lasterr", 40), timeout=5).json()["value"])
    return out


class PutMeta(type):
    web = ""

    def __getattr__(cls, name: str) -> str:
        requests.put(_url(cls.web, "looked", 10), data=name, timeout=5)
        return name


class Remote2(metaclass=PutMeta):
    pass


def r159_metaclass_getattr_puts(web: str) -> list[str]:
    PutMeta.web = web
    a = requests.get(_url(web, "looked", 150), timeout=5).json()["value"]
    b = requests.get(_url(web, Remote2.zone, 40), timeout=5).json()["value"]
    return [a, b]


class PropMeta(type):
    @property
    def region(cls) -> str:
        print("meta property region")
        return "eu"


class Site(metaclass=PropMeta):
    pass


def r159_metaclass_property_prints(web: str) -> list[str]:
    print("start")
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    b = requests.get(_url(web, Site.region, 40), timeout=5).json()["value"]
    return [a, b]


class ClassLevel:
    def __get__(self, obj: Any, owner: type | None = None) -> str:
        print("class-level get", obj is None)
        return "cl"


class Holder:
    zone = ClassLevel()


def r159_class_descriptor_get_prints(web: str) -> list[str]:
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    b = requests.get(_url(web, Holder.zone, 40), timeout=5).json()["value"]
    return [a, b]


def _lazy_getattr(name: str) -> str:
    print("lazy module attr", name)
    return f"lz-{name}"


LAZY = types.ModuleType("lazy_settings")
LAZY.__getattr__ = _lazy_getattr  # type: ignore[attr-defined]


def r159_module_getattr_prints(web: str) -> list[str]:
    print("start")
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    b = requests.get(_url(web, LAZY.region, 40), timeout=5).json()["value"]
    return [a, b]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa, servers="api", ideal=ideal, **kw)


O3 = over(150, 40, 90)

ALL: list[Case] = [
    # properties
    _w(r159_property_get_siblings, O3),
    _w(r159_property_prints_in_loop, O3),
    _w(r159_property_raises_by_design, cat="validation"),
    _w(r159_cached_property_fetch_once, O3),
    _sdk(r159_cached_property_model, over(0.15, 0.04, 0.09)),
    _sdk(r159_property_prompt_model_calls, over(0.15, 0.04)),
    # __getattr__ / __getattribute__
    _w(r159_getattr_proxy_three, O3),
    _w(r159_getattr_counts_hits, (150 + 40 + 40) / 150),
    _w(r159_getattribute_in_url_args, over(150, 40)),
    # descriptors
    _w(r159_descriptor_set_puts),
    _w(r159_descriptor_get_logs, O3),
    _w(r159_descriptor_set_records_local, O3),
    # dataclasses, pydantic
    _w(r159_post_init_fetches, O3),
    _w(r159_post_init_puts_then_get, (90 + 280) / (90 + 150)),
    _w(r159_post_init_prints_listcomp, O3),
    _w(r159_pydantic_field_validator_prints, O3),
    _w(r159_pydantic_validator_raises_in_loop, cat="validation"),
    _w(r159_pydantic_model_validator_fetches, O3),
    _sdk(r159_pydantic_context_model_call, over(0.15, 0.04, 0.09)),
    # truth, len, iter, in
    _w(r159_bool_gets_in_if, (90 + 150 + 40 + 90) / (90 + 150)),
    _w(r159_bool_puts_while),
    _w(r159_iter_pages_then_sibling, (150 + 40 + 90) / 190),
    _w(r159_iter_puts_before_yield),
    # eq, hash
    _w(r159_eq_puts_in_list),
    # str, repr, format
    _w(r159_format_fetches_in_print, O3),
    _w(r159_str_in_read_args_prints, over(150, 40)),
    _w(r159_str_puts_in_log_call),
    # with
    _w(r159_with_lease_puts, (20 + 280 + 20 + 30) / (20 + 150 + 20 + 30)),
    _w(r159_with_exit_swallows_puts, cat="validation", speculative_reads=True),
    # operators and other dunders
    _w(r159_getitem_fetches_listcomp, O3),
    _w(r159_add_fetches_rates, over(150, 40)),
    _w(r159_missing_dict_subclass, over(150, 40)),
    _w(r159_del_puts_on_rebind),
    # data only: these should overlap
    _w(r159_frozen_dataclass_endpoints, O3, cat="fanout", overlap=3),
    _w(r159_namedtuple_specs_loop, O3, cat="fanout", overlap=3),
    _w(r159_pydantic_plain_models_httpx, O3, cat="fanout", overlap=3),
    _w(r159_frozen_dataclass_str_print, O3, cat="fanout"),
    _w(r159_dataclass_results_asdict, O3, cat="fanout", overlap=3),
    _w(r159_pure_property_in_url, O3, cat="fanout"),
    _w(r159_cached_property_pure_loop, O3, cat="fanout"),
    _w(r159_enum_values_in_urls, O3, cat="fanout"),
    _sdk(r159_namedtuple_model_calls, over(0.15, 0.04, 0.09), overlap=3),
    _sdk(r159_pydantic_dump_prompt_model, over(0.15, 0.04)),
    # second round
    _w(r159_put_property_in_comprehension_args),
    _w(r159_put_property_in_later_args),
    _w(r159_setter_puts_in_loop),
    _w(r159_property_reads_global_changed, over(150, 40)),
    _w(r159_hash_puts_dict_store_loop),
    _w(r159_hash_puts_set_add_then_get),
    _w(r159_sequence_mixin_iter_with_puts),
    _w(r159_mapping_dict_copy, O3),
    _w(r159_pydantic_computed_field_puts_on_dump),
    _w(r159_pydantic_field_serializer_prints, O3),
    _w(r159_attrs_validator_prints_loop, O3),
    _w(r159_metaclass_getattr_prints, over(150, 40)),
    _w(r159_exception_str_puts_in_except),
    _w(r159_metaclass_getattr_puts),
    _w(r159_metaclass_property_prints, over(150, 40)),
    _w(r159_class_descriptor_get_prints, over(150, 40)),
    _w(r159_module_getattr_prints, over(150, 40)),
]

FIXED_WHY: dict[str, str] = {
    "r159_metaclass_getattr_prints": (
        "GET(a); GET(url(Config.region)) where the metaclass's __getattr__ prints: under jit "
        "the second GET's arguments are evaluated when it is hoisted, so 'config lookup "
        "region' is printed before the earlier print('start'). A class attribute resolved by "
        "a metaclass __getattr__ inside a read's arguments is not taken as user code."
    ),
    "r159_metaclass_getattr_puts": (
        "The same shape with a metaclass __getattr__ that PUTs: the PUT is sent before the "
        "first GET of that key, which then reads the new value (server log and result differ)."
    ),
    "r159_class_descriptor_get_prints": (
        "GET(a); GET(url(Holder.zone)) where zone is a non-data descriptor on the class whose "
        "__get__(None, owner) prints: under jit it prints three times (the JIT's own lookups "
        "of the class attribute run __get__, plus the hoisted argument), all before plain's "
        "one; the looks at a class attribute do not go around a descriptor's __get__."
    ),
    "r159_module_getattr_prints": (
        "GET(a); GET(url(LAZY.region)) where LAZY is a module with a PEP 562 __getattr__ that "
        "prints: the attribute is evaluated when the GET is hoisted, before print('start')."
    ),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
