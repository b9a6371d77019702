"""Red-team cases (stop 192): state that changes between and during calls.

Every case's jitted function is called at least twice (`Case.drive`), with the state it
reads changed between the calls, and most change state during a call too: module globals
and class attributes rebound (a plan must not be stale), a dict registry of handlers
mutated inside the function before the call that uses it, mutable default arguments (the
jitted function's own and a helper's), attributes set on ``self`` between reads, a config
object whose field decides the URL or the model, ``os.environ`` read by helpers and set
in the function, ``itertools.count`` request ids, ``random.Random(seed)`` picking models,
and global caches filled by one call and read by the next. Each drive puts the state back
before its first call and after its last, so the plain and the jitted run start alike.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import decimal
import functools
import itertools
import logging
import os
import random
import re
import sys
import types
from collections.abc import Callable
from typing import Any
from unittest import mock

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam192")
ME = sys.modules[__name__]

KEYS3 = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


I3 = over(0.15, 0.04, 0.09)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, k: str, ms: int) -> str:
    r = requests.put(f"{web}/items/{k}?ms={ms}", data=f"w-{k}", timeout=5)
    return f"put {r.json()['key']}"


def _ask(client: Any, q: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return f"{r.model}:{r.choices[0].message.content}"


# ----------------------------------------------------------------------------- drives


def _call(f: Callable[..., Any], args: tuple) -> Any:
    try:
        return f(*args)
    except Exception as exc:  # noqa: BLE001 - one call's outcome
        return f"{type(exc).__name__}: {re.sub(r'port=[0-9]+|:[0-9]{4,5}', '', str(exc))[:80]}"


def _acall(f: Callable[..., Any], args: tuple) -> Any:
    return _call(lambda *a: asyncio.run(f(*a)), args)


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def twice(reset: Callable[[], None], *changes: Callable[[], None],
          args: Callable[[Env], tuple] = web, run: Callable[..., Any] = _call) -> Any:
    """A drive: reset the state, call, then for each change apply it and call again."""
    def drive(f: Callable[..., Any], env: Env) -> list[Any]:
        reset()
        a = args(env)
        try:
            out = [run(f, a)]
            for ch in changes:
                ch()
                out.append(run(f, a))
        finally:
            reset()
        return out
    return drive


def setg(**kw: Any) -> Callable[[], None]:
    """A change: rebind module globals."""
    return lambda: [setattr(ME, k, v) for k, v in kw.items()] and None


def seta(obj: Any, **kw: Any) -> Callable[[], None]:
    return lambda: [setattr(obj, k, v) for k, v in kw.items()] and None


# ============================================================ (1) globals and class attributes


PREFIX = "p1"


def r192_global_prefix_rebound(web: str) -> list[str]:
    a = requests.get(f"{web}/items/{PREFIX}-a?ms=150", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/{PREFIX}-b?ms=40", timeout=5).json()["value"]
    c = requests.get(f"{web}/items/{PREFIX}-c?ms=90", timeout=5).json()["value"]
    return [a, b, c]


PLAN = (("t1", 150), ("t2", 40), ("t3", 90))


HANDLER: Callable[..., str] = _get


class Region:
    name = "eu"


def r192_class_attr_in_url(web: str) -> dict[str, str]:
    return {k: _get(web, f"{Region.name}-{k}", ms) for k, ms in KEYS3}


class Api:
    fetch = staticmethod(_get)


VERBOSE = False


SESSION = requests.Session()


def _hooked_session() -> requests.Session:
    s = requests.Session()
    s.hooks["response"].append(lambda r, *a, **kw: print("hook", r.request.path_url))
    return s


def r192_global_session_gets_hook(web: str) -> list[str]:
    a = SESSION.get(f"{web}/items/g1?ms=150", timeout=5).json()["value"]
    b = SESSION.get(f"{web}/items/g2?ms=40", timeout=5).json()["value"]
    c = SESSION.get(f"{web}/items/g3?ms=90", timeout=5).json()["value"]
    return [a, b, c]


MODE = "r"


def _set_mode(m: str) -> None:
    global MODE
    MODE = m


def _by_mode(web: str, k: str, ms: int) -> str:
    return _put(web, k, ms) if MODE == "w" else _get(web, k, ms)


def r192_global_mode_set_by_helper_midway(web: str) -> list[str]:
    a = _by_mode(web, "m1", 150)
    _set_mode("w" if a == "v-m1" else "r")
    b = _by_mode(web, "m2", 40)
    c = _by_mode(web, "m3", 90)
    _set_mode("r")
    return [a, b, c]


def r192_global_declared_in_fn(web: str) -> list[str]:
    global PREFIX
    a = _get(web, f"{PREFIX}-x", 150)
    PREFIX = PREFIX + "n"
    b = requests.get(f"{web}/items/{PREFIX}-y?ms=40", timeout=5).json()["value"]
    c = requests.get(f"{web}/items/{PREFIX}-z?ms=90", timeout=5).json()["value"]
    return [a, b, c]


class Tier:
    level = 1


def _tier_url(web: str, k: str) -> str:
    return f"{web}/items/{k}-t{Tier.level}"


def r192_class_attr_set_in_fn_helper_reads(web: str) -> list[str]:
    a = requests.get(_tier_url(web, "q1") + "?ms=150", timeout=5).json()["value"]
    Tier.level += 1
    b = requests.get(_tier_url(web, "q2") + "?ms=40", timeout=5).json()["value"]
    c = requests.get(_tier_url(web, "q3") + "?ms=90", timeout=5).json()["value"]
    return [a, b, c]


FETCH = functools.partial(_get, ms=150)


# ============================================================ (2) registries mutated inside


def _get_h(web: str, k: str, ms: int) -> str:
    return _get(web, k, ms)


def _put_h(web: str, k: str, ms: int) -> str:
    return _put(web, k, ms)


def _upper_h(web: str, k: str, ms: int) -> str:
    return _get(web, k, ms).upper()


HANDLERS: dict[str, Callable[..., str]] = {"read": _get_h}


def r192_registry_set_inside_before_use(web: str) -> list[str]:
    HANDLERS["write"] = _put_h
    out = []
    for kind, k, ms in (("read", "ra", 150), ("write", "rb", 40), ("read", "rc", 90)):
        out.append(HANDLERS[kind](web, k, ms))
    del HANDLERS["write"]
    return out


REG2: dict[str, Callable[..., str]] = {}


def r192_registry_chosen_by_global_mode(web: str) -> list[str]:
    REG2["fetch"] = _put_h if MODE == "w" else _get_h
    return [REG2["fetch"](web, k, ms) for k, ms in (("c1", 150), ("c2", 40), ("c3", 90))]


REG3: dict[str, Callable[..., str]] = {}


REG4: dict[str, Callable[..., str]] = {"a": _get_h, "b": _get_h, "c": _get_h}


def r192_registry_swap_midloop(web: str) -> list[str]:
    out = []
    for name, ms in (("a", 150), ("b", 40), ("c", 90)):
        out.append(REG4[name](web, f"w{name}", ms))
        REG4["c"] = _put_h
    REG4["c"] = _get_h
    return out


REG5: dict[str, str] = {"alpha": "x1", "beta": "x2"}


# ============================================================ (3) mutable default arguments


def _seen_get(web: str, k: str, ms: int, seen: list[str] = []) -> str:  # noqa: B006
    seen.append(k)
    return requests.get(f"{web}/items/{k}?ms={ms}&n={len(seen)}", timeout=5).json()["value"]


def r192_default_list_in_helper_url(web: str) -> list[str]:
    return [_seen_get(web, k, ms) for k, ms in (("n1", 150), ("n2", 40), ("n3", 90))]


def _cached_get(web: str, k: str, ms: int, _cache: dict[str, str] = {}) -> str:  # noqa: B006
    if k not in _cache:
        _cache[k] = _get(web, k, ms)
    return _cache[k]


def r192_own_default_list_accumulates(web: str, acc: list[str] = []) -> list[str]:  # noqa: B006
    for k, ms in (("o1", 150), ("o2", 40), ("o3", 90)):
        acc.append(_get(web, f"{k}-{len(acc)}", ms))
    return list(acc)


def _versioned(web: str, k: str, ms: int, *, ver: str = "1") -> str:
    return requests.get(f"{web}/items/{k}-v{ver}?ms={ms}", timeout=5).json()["value"]


def r192_helper_kwdefaults_changed_in_fn(web: str) -> list[str]:
    a = _versioned(web, "u1", 150)
    _versioned.__kwdefaults__["ver"] = str(int(_versioned.__kwdefaults__["ver"]) + 1)
    b = _versioned(web, "u2", 40)
    c = _versioned(web, "u3", 90)
    return [a, b, c]


def _paged(web: str, k: str, ms: int, state: list[int] = [0]) -> str:  # noqa: B006
    state[0] += 1
    return requests.get(f"{web}/items/{k}-p{state[0]}?ms={ms}", timeout=5).json()["value"]


# ============================================================ (4) attributes set on self


_OBJ: dict[str, Any] = {}


class Agent:
    def __init__(self, web: str) -> None:
        self.web = web
        self.prefix = "x"
        self.region = "eu"
        self.n = 0
        self.model = "m-a"

    def fetch(self, k: str, ms: int) -> str:
        url = f"{self.web}/items/{self.prefix}-{k}?ms={ms}"
        return requests.get(url, timeout=5).json()["value"]

    @property
    def base(self) -> str:
        return f"{self.web}/items/{self.region}"

    def run_prefix_from_read(self) -> list[str]:
        a = self.fetch("a", 150)
        self.prefix = a[-3:]
        b = self.fetch("b", 40)
        c = self.fetch("c", 90)
        return [a, b, c]

    def run_region_between(self) -> list[str]:
        a = requests.get(f"{self.base}-a?ms=150", timeout=5).json()["value"]
        self.region = "us" if self.region == "eu" else "eu"
        b = requests.get(f"{self.base}-b?ms=40", timeout=5).json()["value"]
        c = requests.get(f"{self.base}-c?ms=90", timeout=5).json()["value"]
        return [a, b, c]

    def counted(self, k: str, ms: int) -> str:
        self.n += 1
        return requests.get(f"{self.web}/items/{k}?ms={ms}&n={self.n}", timeout=5).text

    def run_counted(self) -> list[str]:
        return [self.counted(k, ms) for k, ms in (("c1", 150), ("c2", 40), ("c3", 90))]

    def run_setattr_computed(self) -> list[str]:
        out = []
        for field, k, ms in (("prefix", "s1", 150), ("region", "s2", 40), ("prefix", "s3", 90)):
            setattr(self, field, k)
            out.append(self.fetch(k, ms))
        return out

    def run_dict_update_between(self) -> list[str]:
        a = self.fetch("d1", 150)
        self.__dict__.update(prefix="y" + self.prefix)
        b = self.fetch("d2", 40)
        c = self.fetch("d3", 90)
        return [a, b, c]

    def run_independent_self_reads(self) -> list[str]:
        a = self.fetch("i1", 150)
        b = self.fetch("i2", 40)
        c = self.fetch("i3", 90)
        self.prefix = self.prefix + "+"
        return [a, b, c]


def _agent(method: str) -> Callable[[Env], Callable[..., Any]]:
    def make(env: Env) -> Callable[..., Any]:
        _OBJ["agent"] = Agent(env.web)
        return getattr(_OBJ["agent"], method)
    make.__name__ = f"make_r192_self_{method}"
    return make


def _agent_change(**kw: Any) -> Callable[[], None]:
    return lambda: [setattr(_OBJ["agent"], k, v) for k, v in kw.items()] and None


def _agent_case(method: str, ideal: float, **kw: Any) -> Case:
    change = kw.pop("change", _agent_change(prefix="z", region="ap"))
    return Case("state", make=_agent(method), servers="web", ideal=ideal,
                drive=twice(lambda: _g_reset(), change, args=lambda env: ()), **kw)


class Bot:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.model = "m-a"

    def run_switch_model(self) -> list[str]:
        a = _ask(self.client, "first", 0.15, self.model)
        b = _ask(self.client, "second", 0.04, self.model)
        self.model = "m-b" if self.model == "m-a" else "m-a"
        c = _ask(self.client, "third", 0.09, self.model)
        d = _ask(self.client, "fourth", 0.06, self.model)
        return [a, b, c, d]


def make_r192_self_model_switched(env: Env) -> Callable[..., Any]:
    _OBJ["bot"] = Bot(openai_client(env))
    return _OBJ["bot"].run_switch_model


# ============================================================ (5) config objects


@dataclasses.dataclass
class Conf:
    version: str = "v1"
    model: str = "m-a"
    page: int = 1


CONF = Conf()


def r192_config_field_in_url(web: str) -> list[str]:
    return [_get(web, f"{CONF.version}-{k}", ms) for k, ms in KEYS3]


def _use_version(v: str) -> None:
    CONF.version = v


def _route(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{CONF.version}-{k}?ms={ms}", timeout=5).text


def r192_config_helper_sets_midway(web: str) -> list[str]:
    a = _route(web, "r1", 150)
    _use_version("v2" if CONF.version == "v1" else "v1")
    b = _route(web, "r2", 40)
    c = _route(web, "r3", 90)
    return [a, b, c]


def _page_get(web: str, cfg: Conf, ms: int) -> str:
    return requests.get(f"{web}/items/page{cfg.page}?ms={ms}", timeout=5).json()["value"]


def r192_config_param_mutated_between(web: str) -> list[str]:
    cfg = Conf(page=CONF.page)
    a = _page_get(web, cfg, 150)
    cfg.page += 1
    b = _page_get(web, cfg, 40)
    cfg.page += 1
    c = _page_get(web, cfg, 90)
    return [a, b, c]


def r192_config_model_picks_llm(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        out.append(_ask(client, q, lat, CONF.model))
    CONF.model = CONF.model + "!"
    return out


SETTINGS: dict[str, Any] = {"model": "m-a", "base": "s"}


NS = types.SimpleNamespace(zone="z1")


FROZEN = Conf()


# ============================================================ (6) os.environ


ENV_KEYS = ("R192_REGION", "R192_MODEL", "R192_TOKEN", "R192_ZONE", "HTTP_PROXY",
            "NO_PROXY")


def _env_reset() -> None:
    for k in ENV_KEYS:
        os.environ.pop(k, None)


def _env_region() -> str:
    return os.environ.get("R192_REGION", "eu")


def _env_get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{_env_region()}-{k}?ms={ms}", timeout=5).json()["value"]


def r192_env_helper_reads_fn_sets(web: str) -> list[str]:
    a = _env_get(web, "a", 150)
    os.environ["R192_REGION"] = "us" if _env_region() == "eu" else "eu"
    b = _env_get(web, "b", 40)
    c = _env_get(web, "c", 90)
    return [a, b, c]


def r192_env_read_inline_drive_sets(web: str) -> list[str]:
    zone = os.environ.get("R192_ZONE", "none")
    return [requests.get(f"{web}/items/{zone}-{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in KEYS3]


def r192_env_patch_dict_block(web: str) -> list[str]:
    a = _env_get(web, "pa", 150)
    with mock.patch.dict(os.environ, {"R192_REGION": "mx"}):
        b = _env_get(web, "pb", 40)
    c = _env_get(web, "pc", 90)
    return [a, b, c]


def r192_env_independent_reads(web: str) -> list[str]:
    """Nothing changes the environment in the function: all three may overlap."""
    return [_env_get(web, k, ms) for k, ms in (("ia", 150), ("ib", 40), ("ic", 90))]


# ============================================================ (7) itertools.count ids


IDS = itertools.count(1)


def _next_id() -> int:
    return next(IDS)


def r192_count_global_ids_in_urls(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}&rid={_next_id()}", timeout=5).text
            for k, ms in KEYS3]


def r192_count_local_in_comprehension(web: str) -> list[str]:
    c = itertools.count(100)
    return [requests.get(f"{web}/items/{k}?ms={ms}&rid={next(c)}", timeout=5).text
            for k, ms in KEYS3]


class Requester:
    ids = itertools.count(1)

    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}&rid={next(self.ids)}", timeout=5).text


def _reset_ids() -> None:
    global IDS
    IDS = itertools.count(1)
    Requester.ids = itertools.count(1)


# ============================================================ (8) random.Random(seed)


RNG = random.Random(7)
MODELS = ("m-a", "m-b", "m-c")


def r192_rng_global_picks_models(client: Any) -> list[str]:
    return [_ask(client, q, lat, RNG.choice(MODELS))
            for q, lat in (("r one", 0.15), ("r two", 0.04), ("r three", 0.09))]


SEED = 1


def r192_rng_local_seed_from_global(web: str) -> list[str]:
    rng = random.Random(SEED)
    keys = ["l1", "l2", "l3", "l4"]
    rng.shuffle(keys)
    return [_get(web, k, ms) for k, ms in zip(keys, (150, 40, 90), strict=False)]


def r192_rng_jitter_in_url(web: str) -> list[str]:
    out = []
    for k, ms in KEYS3:
        j = RNG.randint(0, 9)
        out.append(requests.get(f"{web}/items/{k}{j}?ms={ms}", timeout=5).json()["value"])
    return out


def _reseed() -> None:
    RNG.seed(7)


# ============================================================ (9) global caches


CACHE: dict[str, str] = {}


def _cget(web: str, k: str, ms: int) -> str:
    if k in CACHE:
        return CACHE[k]
    v = _get(web, k, ms)
    CACHE[k] = v
    return v


def r192_cache_global_dict_helper(web: str) -> list[str]:
    return [_cget(web, k, ms) for k, ms in (("ga", 150), ("gb", 40), ("ga", 90), ("gc", 60))]


@functools.lru_cache(maxsize=2)
def _lru_get(web: str, k: str) -> str:
    return requests.get(f"{web}/items/{k}?ms=60", timeout=5).json()["value"]


def r192_cache_lru_evictions(web: str) -> list[str]:
    return [_lru_get(web, k) for k in ("la", "lb", "lc", "la", "lc")]


TOKEN: str | None = None


def _token(web: str) -> str:
    global TOKEN
    if TOKEN is None:
        TOKEN = requests.get(f"{web}/items/tok?ms=60", timeout=5).json()["value"]
    return TOKEN


def r192_cache_token_global_lazy(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}", headers={"X-Token": _token(web)},
                         timeout=5).json()["value"] for k, ms in KEYS3]


class Memo:
    store: dict[str, str] = {}

    @classmethod
    def get(cls, web: str, k: str, ms: int) -> str:
        if k not in cls.store:
            cls.store[k] = _get(web, k, ms)
        return cls.store[k]


ANSWERS: dict[str, str] = {}


def r192_cache_llm_answers(client: Any) -> list[str]:
    out = []
    for q, lat in (("c one", 0.15), ("c two", 0.04), ("c one", 0.09)):
        if q not in ANSWERS:
            ANSWERS[q] = _ask(client, q, lat)
        out.append(ANSWERS[q])
    return out


def r192_cache_checked_inline_reads_overlap(web: str) -> list[str]:
    """The cache is only read here: misses are fetched, all of them together."""
    return [CACHE[k] if k in CACHE else _get(web, k, ms) for k, ms in KEYS3]


def _clear_caches() -> None:
    global TOKEN
    CACHE.clear()
    ANSWERS.clear()
    Memo.store.clear()
    _lru_get.cache_clear()
    TOKEN = None


# ============================================================ (10) other state


async def r192_async_global_prefix(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        a = await http.get(f"/items/{PREFIX}-aa?ms=150")
        b = await http.get(f"/items/{PREFIX}-ab?ms=40")
        c = await http.get(f"/items/{PREFIX}-ac?ms=90")
    return [a.json()["value"], b.json()["value"], c.json()["value"]]


SEEN: list[str] = []


# ============================================================ (11) stale plans: a callee that
# records after its wait, swapped in between calls (overlapped, it records in completion order)


DONE: list[str] = []


def _get_then_record(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    DONE.append(k)
    return v


class Recorder:
    """A client whose `get` records what it fetched once the answer is in."""

    def __init__(self, web: str = "") -> None:
        self.web = web

    def get(self, url: str, timeout: float = 5) -> Any:
        r = requests.get(url, timeout=timeout)
        DONE.append(url.rsplit("/", 1)[-1])
        return r


def r192_stale_global_callee_records(web: str) -> list[Any]:
    out = [HANDLER(web, k, ms) for k, ms in (("sh1", 150), ("sh2", 40), ("sh3", 90))]
    return [out, list(DONE)]


def r192_stale_class_attr_callee_records(web: str) -> list[Any]:
    a = Api.fetch(web, "sa1", 150)
    b = Api.fetch(web, "sa2", 40)
    c = Api.fetch(web, "sa3", 90)
    return [a, b, c, list(DONE)]


def r192_stale_registry_entry_records(web: str) -> list[Any]:
    out = [REG4[n](web, f"sr{n}", ms) for n, ms in (("a", 150), ("b", 40), ("c", 90))]
    return [out, list(DONE)]


CLIENT: Any = requests.Session()


def _cl_get(web: str, k: str, ms: int) -> str:
    return CLIENT.get(f"{web}/items/{k}?ms={ms}", timeout=5).text


def r192_stale_global_client_swapped(web: str) -> list[Any]:
    a = _cl_get(web, "cl1", 150)
    b = _cl_get(web, "cl2", 40)
    c = _cl_get(web, "cl3", 90)
    return [a, b, c, list(DONE)]


def r192_stale_partial_of_recorder(web: str) -> list[Any]:
    out = [FETCH(web, k) for k in ("fp1", "fp2", "fp3")]
    return [out, list(DONE)]


def _instance_fetch_swapped() -> None:
    ag = _OBJ["agent"]
    ag.fetch = lambda k, ms: _get_then_record(ag.web, k, ms)


# ------------------------------------------------------------ values that act, swapped in


class Loud:
    """A key that prints when it is formatted."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return format(self.s, spec)


KEYLIST: list[Any] = ["ka", "kb", "kc"]


def r192_global_list_item_made_loud(web: str) -> list[str]:
    out = []
    for k, ms in zip(KEYLIST, (150, 40, 90), strict=True):
        out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
        print("got", len(out))
    return out


def r192_class_attr_made_loud(web: str) -> list[str]:
    out = []
    for k, ms in (("la", 150), ("lb", 40), ("lc", 90)):
        print("asking", k)
        out.append(requests.get(f"{web}/items/{Region.name}-{k}?ms={ms}", timeout=5).text)
    return out


SETTINGS_MOD = types.ModuleType("r192_settings")
_TICKS = itertools.count(1)


def _settings_getattr(name: str) -> Any:
    if name == "ZONE":
        n = next(_TICKS)
        print("zone looked up", n)
        return f"z{n}"
    raise AttributeError(name)


def r192_module_getattr_in_args(web: str) -> list[str]:
    print("start")
    a = requests.get(f"{web}/items/{SETTINGS_MOD.ZONE}-a?ms=150", timeout=5).text
    print("after a")
    b = requests.get(f"{web}/items/{SETTINGS_MOD.ZONE}-b?ms=40", timeout=5).text
    print("after b")
    c = requests.get(f"{web}/items/{SETTINGS_MOD.ZONE}-c?ms=90", timeout=5).text
    return [a, b, c]


# ------------------------------------------------------------ the function's own defaults and
# closure, replaced between calls


def r192_own_defaults_replaced(web: str, zone: str = "d1") -> list[str]:
    return [_get(web, f"{zone}-{k}", ms) for k, ms in KEYS3]


def make_r192_closure_cell_rebound(env: Env) -> Callable[..., Any]:
    zone = "c1"

    def fetch_all(web: str) -> list[str]:
        return [_get(web, f"{zone}-{k}", ms) for k, ms in KEYS3]

    def set_zone(z: str) -> None:
        nonlocal zone
        zone = z

    _OBJ["set_zone"] = set_zone
    return fetch_all


# ------------------------------------------------------------ shared state used after a wait


def _fetch_pick(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    return v + RNG.choice("xyzw")


def r192_rng_drawn_after_wait(web: str) -> list[str]:
    a = _fetch_pick(web, "pa", 150)
    b = _fetch_pick(web, "pb", 40)
    c = _fetch_pick(web, "pc", 90)
    return [a, b, c]


def _fetch_fill(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    CACHE[k] = f"{v}#{len(CACHE)}"
    return CACHE[k]


def r192_cache_filled_after_wait(web: str) -> list[str]:
    return [_fetch_fill(web, k, ms) for k, ms in (("fa", 150), ("fb", 40), ("fc", 90))]


def _scaled(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


def r192_decimal_prec_set_between(web: str) -> list[str]:
    a = _scaled(web, "da", 150)
    decimal.getcontext().prec = 4
    b = _scaled(web, "db", 40)
    c = _scaled(web, "dc", 90)
    decimal.getcontext().prec = 28
    return [a, b, c]


# ------------------------------------------------------------ the environment read by a library


def r192_env_proxy_set_midway(web: str) -> list[str]:
    out = [_get(web, "px1", 150)]
    os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
    try:
        out.append(requests.get(f"{web}/items/px2?ms=40", timeout=5).json()["value"])
    except requests.exceptions.ConnectionError as exc:
        out.append(type(exc).__name__)
    finally:
        del os.environ["HTTP_PROXY"]
    out.append(_get(web, "px3", 90))
    return out


def r192_env_proxy_httpx_midway(web: str) -> list[str]:
    a = httpx.get(f"{web}/items/hx1?ms=150", timeout=5).json()["value"]
    os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
    b = httpx.get(f"{web}/items/hx2?ms=40", timeout=5).json()["value"]
    return [a, b]


# ------------------------------------------------------------ a client's own state changed
# between its reads


def r192_session_params_mutated_local(web: str) -> list[str]:
    s = requests.Session()
    s.params = {"zone": "z1"}
    a = s.get(f"{web}/items/sp1?ms=150", timeout=5).json()["value"]
    s.params["zone"] = "z2"
    b = s.get(f"{web}/items/sp2?ms=40", timeout=5).json()["value"]
    c = s.get(f"{web}/items/sp3?ms=90", timeout=5).json()["value"]
    s.close()
    return [a, b, c]


def _zone_params(s: requests.Session, z: str) -> None:
    s.params["zone"] = z


def r192_session_params_set_by_helper(web: str) -> list[str]:
    s = requests.Session()
    s.params = {"zone": "h1"}
    a = s.get(f"{web}/items/hp1?ms=150", timeout=5).json()["value"]
    _zone_params(s, "h2")
    b = s.get(f"{web}/items/hp2?ms=40", timeout=5).json()["value"]
    c = s.get(f"{web}/items/hp3?ms=90", timeout=5).json()["value"]
    return [a, b, c]


def r192_httpx_client_params_setter(web: str) -> list[str]:
    with httpx.Client(base_url=web, params={"zone": "x1"}) as http:
        a = http.get("/items/xp1", params={"ms": 150}).json()["value"]
        http.params = {"zone": "x2"}
        b = http.get("/items/xp2", params={"ms": 40}).json()["value"]
        c = http.get("/items/xp3", params={"ms": 90}).json()["value"]
    return [a, b, c]


def r192_httpx_client_base_url_setter(web: str) -> list[str]:
    with httpx.Client(base_url=f"{web}/items/") as http:
        a = http.get("bu1?ms=150").text
        http.base_url = f"{web}/text/"
        b = http.get("bu2?ms=40").text
        c = http.get("bu3?ms=90").text
    return [a, b, c]


def r192_openai_client_base_url_swapped(client: Any) -> list[str]:
    a = _ask(client, "base one", 0.15)
    good = client.base_url
    client.base_url = str(good).replace("/v1", "/nowhere")
    try:
        b = _ask(client, "base two", 0.04)
    except Exception as exc:  # noqa: BLE001
        b = type(exc).__name__
    client.base_url = good
    c = _ask(client, "base three", 0.09)
    return [a, b, c]


def r192_session_params_independent(web: str) -> list[str]:
    """The params are set once before the reads: all three may overlap."""
    s = requests.Session()
    s.params = {"zone": "i1"}
    out = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"] for k, ms in KEYS3]
    s.close()
    return out


def r192_env_alias_store(web: str) -> list[str]:
    environ = os.environ
    a = requests.get(f"{web}/items/al1?ms=150", timeout=5).json()["value"]
    environ["HTTP_PROXY"] = "http://127.0.0.1:9"
    try:
        b = requests.get(f"{web}/items/al2?ms=40", timeout=5).json()["value"]
    except requests.exceptions.ConnectionError as exc:
        b = type(exc).__name__
    environ.pop("HTTP_PROXY")
    return [a, b]


def _read_then_zone(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    return f"{v}@{SETTINGS['base']}"


def r192_global_mutated_after_both_calls(web: str) -> list[str]:
    a = _read_then_zone(web, "ab1", 150)
    b = _read_then_zone(web, "ab2", 40)
    SETTINGS["base"] = "after"
    return [a, b]


class _PutHandler(logging.Handler):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def emit(self, record: logging.LogRecord) -> None:
        requests.put(f"{self.web}/items/log", data=record.getMessage(), timeout=5)


def _logged_get(web: str, k: str, ms: int) -> str:
    LOG.info("asking %s", k)
    return _get(web, k, ms)


def r192_log_handler_added_between_calls(web: str) -> list[str]:
    return [_logged_get(web, k, ms) for k, ms in KEYS3]


def _drive_handler(f: Callable[..., Any], env: Env) -> list[Any]:
    _g_reset()
    h = _PutHandler(env.web)
    try:
        out = [_call(f, (env.web,))]
        LOG.addHandler(h)
        out.append(_call(f, (env.web,)))
        LOG.removeHandler(h)
        out.append(_call(f, (env.web,)))
    finally:
        LOG.removeHandler(h)
        _g_reset()
    return out


def _g_reset() -> None:
    global PREFIX, PLAN, HANDLER, VERBOSE, SESSION, MODE, FETCH, NS, FROZEN, SEED
    PREFIX, PLAN, HANDLER, VERBOSE, MODE, SEED = "p1", (("t1", 150), ("t2", 40), ("t3", 90)), \
        _get, False, "r", 1
    SESSION = requests.Session()
    FETCH = functools.partial(_get, ms=150)
    NS = types.SimpleNamespace(zone="z1")
    FROZEN = Conf()
    Region.name = "eu"
    Api.fetch = staticmethod(_get)
    Tier.level = 1
    HANDLERS.clear()
    HANDLERS["read"] = _get_h
    REG2.clear()
    REG3.clear()
    REG4.update(a=_get_h, b=_get_h, c=_get_h)
    REG5.clear()
    REG5.update(alpha="x1", beta="x2")
    _seen_get.__defaults__[0].clear()  # type: ignore[index]
    _cached_get.__defaults__[0].clear()  # type: ignore[index]
    r192_own_default_list_accumulates.__defaults__[0].clear()  # type: ignore[index]
    _versioned.__kwdefaults__["ver"] = "1"  # type: ignore[index]
    _paged.__defaults__[0][0] = 0  # type: ignore[index]
    CONF.version, CONF.model, CONF.page = "v1", "m-a", 1
    SETTINGS.update(model="m-a", base="s")
    _env_reset()
    _reset_ids()
    _reseed()
    _clear_caches()
    SEEN.clear()
    LOG.setLevel("NOTSET")
    global CLIENT, KEYLIST, _TICKS
    SESSION.params = {}
    DONE.clear()
    CLIENT = requests.Session()
    KEYLIST = ["ka", "kb", "kc"]
    _TICKS = itertools.count(1)
    SETTINGS_MOD.__getattr__ = _settings_getattr  # type: ignore[attr-defined]
    r192_own_defaults_replaced.__defaults__ = ("d1",)
    for k in ("HTTP_PROXY", "NO_PROXY", "http_proxy", "no_proxy"):
        os.environ.pop(k, None)
    decimal.getcontext().prec = 28


def _case(fn: Any, *changes: Callable[[], None], ideal: float = 1.0, cat: str = "state",
          args: Callable[[Env], tuple] = web, run: Callable[..., Any] = _call, **kw: Any) -> Case:
    servers = "api" if args is oa else "web"
    return Case(cat, fn, servers=servers, ideal=ideal,
                drive=twice(_g_reset, *(changes or (lambda: None,)), args=args, run=run), **kw)


NOP = lambda: None  # noqa: E731


ALL: list[Case] = [
    # (1) globals and class attributes
    _case(r192_global_prefix_rebound, setg(PREFIX="p2"), setg(PREFIX="p3"), ideal=I3,
          cat="rebind", overlap=3),
    _case(r192_class_attr_in_url, seta(Region, name="us"), ideal=I3, cat="rebind"),
    _case(r192_global_session_gets_hook, lambda: setattr(ME, "SESSION", _hooked_session()),
          ideal=I3, cat="rebind"),
    _case(r192_global_mode_set_by_helper_midway, NOP, ideal=1.0),
    _case(r192_global_declared_in_fn, NOP, ideal=I3),
    _case(r192_class_attr_set_in_fn_helper_reads, NOP, ideal=I3),
    # (2) registries
    _case(r192_registry_set_inside_before_use, lambda: HANDLERS.update(read=_upper_h)),
    _case(r192_registry_chosen_by_global_mode, setg(MODE="w"), setg(MODE="r"),
          ideal=(0.28 * 3) / (0.15 + 0.28 + 0.15)),
    _case(r192_registry_swap_midloop, NOP, ideal=0.28 / 0.24),
    # (3) defaults
    _case(r192_default_list_in_helper_url, NOP, ideal=1.0),
    _case(r192_own_default_list_accumulates, NOP, ideal=1.0),
    _case(r192_helper_kwdefaults_changed_in_fn, NOP, ideal=0.28 / 0.24),
    # (4) self
    _agent_case("run_prefix_from_read", 1.0),
    _agent_case("run_region_between", I3),
    _agent_case("run_independent_self_reads", I3),
    Case("state", make=make_r192_self_model_switched, servers="api",
         ideal=0.34 / 0.15,
         drive=twice(lambda: _g_reset(), NOP, args=lambda env: ())),
    # (5) config
    _case(r192_config_field_in_url, seta(CONF, version="v7"), ideal=I3, overlap=3),
    _case(r192_config_helper_sets_midway, NOP, ideal=0.28 / 0.24),
    _case(r192_config_param_mutated_between, seta(CONF, page=5), ideal=I3),
    _case(r192_config_model_picks_llm, NOP, args=oa, ideal=I3, cat="sdk"),
    # (6) environ
    _case(r192_env_helper_reads_fn_sets, NOP, ideal=0.28 / 0.24),
    _case(r192_env_read_inline_drive_sets, lambda: os.environ.update(R192_ZONE="zq"),
          ideal=I3, overlap=3),
    _case(r192_env_patch_dict_block, NOP, ideal=1.0),
    _case(r192_env_independent_reads, lambda: os.environ.update(R192_REGION="sa"), ideal=I3,
          overlap=3),
    # (7) counters
    _case(r192_count_global_ids_in_urls, NOP, ideal=I3, overlap=3),
    _case(r192_count_local_in_comprehension, NOP, ideal=I3, overlap=3),
    # (8) random
    _case(r192_rng_global_picks_models, NOP, args=oa, ideal=I3, cat="sdk"),
    _case(r192_rng_local_seed_from_global, setg(SEED=2), ideal=I3, overlap=3),
    _case(r192_rng_jitter_in_url, NOP, ideal=I3),
    # (9) caches
    _case(r192_cache_global_dict_helper, NOP, ideal=1.0),
    _case(r192_cache_lru_evictions, NOP, ideal=1.0),
    _case(r192_cache_token_global_lazy, NOP, ideal=(0.34 + 0.28) / (0.06 + 0.15 + 0.15)),
    _case(r192_cache_llm_answers, NOP, args=oa, ideal=0.19 / 0.15, cat="sdk"),
    _case(r192_cache_checked_inline_reads_overlap, lambda: CACHE.update(a="cached"),
          ideal=(0.28 + 0.13) / (0.15 + 0.09)),
    # (10) other
    _case(r192_async_global_prefix, setg(PREFIX="p2"), ideal=I3, cat="rebind", run=_acall),
    # (11) stale plans and acting values
    _case(r192_stale_global_callee_records, setg(HANDLER=_get_then_record),
          ideal=0.56 / (0.15 + 0.28), cat="rebind"),
    _case(r192_stale_class_attr_callee_records, seta(Api, fetch=staticmethod(_get_then_record)),
          ideal=0.56 / (0.15 + 0.28), cat="rebind"),
    _case(r192_stale_registry_entry_records, lambda: REG4.update(a=_get_then_record,
          b=_get_then_record, c=_get_then_record), ideal=0.56 / (0.15 + 0.28), cat="rebind"),
    _case(r192_stale_global_client_swapped, setg(CLIENT=Recorder()), ideal=0.56 / (0.15 + 0.28),
          cat="rebind"),
    _case(r192_stale_partial_of_recorder, setg(FETCH=functools.partial(_get_then_record, ms=40)),
          ideal=(0.45 + 0.12) / (0.15 + 0.12), cat="rebind"),
    _agent_case("run_independent_self_reads", 0.56 / (0.15 + 0.28),
                change=_instance_fetch_swapped, name="r192_self_fetch_swapped_on_instance"),
    _case(r192_global_list_item_made_loud, lambda: KEYLIST.__setitem__(1, Loud("kz")),
          ideal=I3, cat="rebind"),
    _case(r192_class_attr_made_loud, seta(Region, name=Loud("xx")), ideal=I3, cat="rebind"),
    _case(r192_module_getattr_in_args, NOP, ideal=I3),
    _case(r192_own_defaults_replaced,
          lambda: setattr(r192_own_defaults_replaced, "__defaults__", ("d2",)), ideal=I3,
          cat="rebind"),
    Case("rebind", make=make_r192_closure_cell_rebound, servers="web", ideal=I3,
         drive=twice(lambda: _g_reset(), lambda: _OBJ["set_zone"]("c2"))),
    _case(r192_rng_drawn_after_wait, NOP, ideal=I3),
    _case(r192_cache_filled_after_wait, NOP, ideal=I3),
    _case(r192_decimal_prec_set_between, NOP, ideal=0.28 / 0.24),
    _case(r192_env_proxy_set_midway, NOP, ideal=1.0),
    _case(r192_env_proxy_httpx_midway, NOP, ideal=1.0),
    _case(r192_session_params_mutated_local, NOP, ideal=0.28 / 0.24, cat="clients"),
    _case(r192_session_params_set_by_helper, NOP, ideal=0.28 / 0.24, cat="clients"),
    _case(r192_httpx_client_params_setter, NOP, ideal=0.28 / 0.24, cat="clients"),
    _case(r192_httpx_client_base_url_setter, NOP, ideal=0.28 / 0.24, cat="clients"),
    _case(r192_openai_client_base_url_swapped, NOP, args=oa, ideal=1.0, cat="sdk"),
    _case(r192_session_params_independent, NOP, ideal=I3, overlap=3, cat="clients"),
    _case(r192_env_alias_store, NOP, ideal=1.0),
    _case(r192_global_mutated_after_both_calls, NOP, ideal=0.19 / 0.15),
    Case("helpers", r192_log_handler_added_between_calls, servers="web",
         ideal=(0.84 + 0.15) / (0.15 + 0.58 + 0.15),
         drive=_drive_handler),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
