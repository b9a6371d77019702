"""Red-team cases (stop 151): attacks on the newest rules (printing coroutines, closures, match).

(1) Coroutines that print and await reads, started early as tasks with their prints held
until they are awaited: prints after awaits, helpers that catch and print,
``asyncio.timeout``/``wait_for`` around them, the caller's own ``gather``/``TaskGroup``,
``async with``/``async for`` inside the helper, a ``ContextVar`` set inside it, printing
coroutines awaiting printing coroutines, objects whose ``__str__`` counts.
(2) Closures made in the function: ``lambda k=k:`` default capture, late binding in a list of
lambdas, names rebound in ``while``/``try``/``with``, closures handed to ``map``/``sorted``/
``filter``/executors, nested defs calling nested defs, ``nonlocal`` counters.
(3) ``match`` over responses and objects: user ``Mapping``/``Sequence`` classes, enums and
user ``__eq__`` in value patterns, class patterns on dataclasses, pydantic models and
properties, guards that read, match in loops.
(4) Classes whose ``__new__`` or metaclass ``__call__`` return other objects, enum lookups
with ``_missing_``, ``__post_init__`` and pydantic validators that read or print.
(5) Methods replaced on a class, a base class or an instance between calls.
Sibling calls get unequal latencies, slow first. Cases that differed when written are in
`FIXED_WHY`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import dataclasses
import enum
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam151")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)
KMS = (("a", 150), ("b", 40), ("c", 90))
KMS_S = (("a", 60), ("b", 20), ("c", 40))  # for drives that call the function 3-4 times
TOPICS = (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09))


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def get_value(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


# =========================================================================== (1) printing coroutines


async def a151_fetch(client: httpx.AsyncClient, key: str, ms: int) -> str:
    print("fetching", key)
    r = await client.get(f"/items/{key}", params={"ms": ms})
    value = r.json()["value"]
    print("got", key, "=", value)
    return value


async def r151_async_print_between_awaits(client: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        print("before", k)
        out.append(await a151_fetch(client, k, ms))
        print("after", k, len(out))
    return out


async def r151_async_comprehension_await(client: httpx.AsyncClient) -> list[str]:
    print("start")
    out = [await a151_fetch(client, k, ms) for k, ms in KMS]
    print("end", out)
    return out


async def a151_fetch_or_report(client: httpx.AsyncClient, key: str, ms: int) -> str | None:
    print("asking", key)
    r = await client.get(f"/items/{key}", params={"ms": ms})
    try:
        r.raise_for_status()
    except httpx.HTTPStatusError as exc:
        print("failed", key, exc.response.status_code)
        return None
    print("ok", key)
    return r.json()["value"]


async def r151_async_helper_catches_and_prints(client: httpx.AsyncClient) -> list[str | None]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        out.append(await a151_fetch_or_report(client, k, ms))
    return out


async def r151_async_wait_for_expires(client: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 40), ("b", 400), ("c", 60)):
        try:
            out.append(await asyncio.wait_for(a151_fetch(client, k, ms), timeout=0.2))
        except TimeoutError:
            print("timed out", k)
            out.append("timeout")
    return out


async def r151_async_cancel_own_task(client: httpx.AsyncClient) -> list[str]:
    slow = asyncio.create_task(a151_fetch(client, "a", 300))
    b = await a151_fetch(client, "b", 40)
    slow.cancel()
    try:
        await slow
    except asyncio.CancelledError:
        print("cancelled a")
    c = await a151_fetch(client, "c", 90)
    return [b, c]


async def r151_async_gather_printing(client: httpx.AsyncClient) -> list[str]:
    print("gather start")
    out = await asyncio.gather(*(a151_fetch(client, k, ms) for k, ms in KMS))
    print("gather end")
    d = await a151_fetch(client, "d", 60)
    return [*out, d]


async def a151_stream_lines(client: httpx.AsyncClient, key: str, ms: int) -> int:
    print("stream", key)
    n = 0
    async with client.stream("GET", f"/text/{key}", params={"ms": ms}) as r:
        async for line in r.aiter_lines():
            if line:
                print(" ", line)
                n += 1
    print("lines", n)
    return n


async def r151_async_with_for_in_helper(client: httpx.AsyncClient) -> list[int]:
    return [await a151_stream_lines(client, k, ms) for k, ms in KMS]


REQ_ID: contextvars.ContextVar[str] = contextvars.ContextVar("req_id", default="none")


async def a151_fetch_tagged(client: httpx.AsyncClient, key: str, ms: int) -> str:
    REQ_ID.set(key)
    print("tag", key)
    r = await client.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def r151_async_contextvar_set_in_helper(client: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        v = await a151_fetch_tagged(client, k, ms)
        out.append(f"{v}@{REQ_ID.get()}")
    return out


async def a151_outer(client: httpx.AsyncClient, key: str, ms: int) -> str:
    print("outer", key)
    v = await a151_fetch(client, key, ms)
    print("outer done", key)
    return v.upper()


async def r151_async_printing_calls_printing(client: httpx.AsyncClient) -> list[str]:
    return [await a151_outer(client, k, ms) for k, ms in KMS]


class Shown:
    """An object whose ``__str__`` counts how often it was shown."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown = 0

    def __str__(self) -> str:
        self.shown += 1
        return f"<{self.name}#{self.shown}>"


async def a151_fetch_shown(client: httpx.AsyncClient, tag: Shown, key: str, ms: int) -> str:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    print("fetched", tag)
    return r.json()["value"]


async def r151_async_str_counts(client: httpx.AsyncClient) -> list[Any]:
    tag = Shown("job")
    out = []
    for k, ms in KMS:
        v = await a151_fetch_shown(client, tag, k, ms)
        out.append((v, tag.shown))
    return out


async def a151_fetch_raise_late(client: httpx.AsyncClient, key: str, ms: int) -> str:
    print("try", key)
    r = await client.get(f"/items/{key}", params={"ms": ms})
    value = r.json()["value"]
    if key == "b":
        print("about to fail", key)
        raise LookupError(f"bad {value}")
    print("fine", key)
    return value


async def r151_async_raise_after_print(client: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        try:
            out.append(await a151_fetch_raise_late(client, k, ms))
        except LookupError as exc:
            print("caught", exc)
            out.append("?")
    return out


async def a151_ask(client: Any, topic: str, lat: float) -> str:
    print(f"asking about {topic}")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    text = r.choices[0].message.content
    print("answer words:", len(text.split()))
    return text


async def r151_async_openai_gather_printing(client: Any) -> list[str]:
    first = await asyncio.gather(*(a151_ask(client, t, lat) for t, lat in TOPICS))
    print("gathered", len(first))
    return list(first)


async def r151_async_coroutine_made_early(client: httpx.AsyncClient) -> list[str]:
    pending = [a151_fetch(client, k, ms) for k, ms in KMS]
    print("made", len(pending))
    out = []
    for coro in pending:
        print("awaiting next")
        out.append(await coro)
    return out


# =========================================================================== (2) closures


def r151_lambda_default_capture(web: str) -> list[str]:
    getters = [lambda k=k, ms=ms: get_value(web, k, ms) for k, ms in KMS]
    return [g() for g in getters]


def r151_lambda_late_binding(web: str) -> list[str]:
    getters = []
    for k, ms in KMS:
        getters.append(lambda: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).text)  # noqa: B023
    return [g() for g in getters]


def r151_closure_while_rebound(web: str) -> list[str]:
    out = []
    i = 0
    k, ms = KMS[0]
    fetch = lambda: get_value(web, k, ms)  # noqa: E731
    while i < len(KMS):
        k, ms = KMS[i]
        out.append(fetch())
        i += 1
    return out


def r151_closure_nonlocal_setter(web: str) -> list[str]:
    key = "a"

    def choose(k: str) -> None:
        nonlocal key
        key = k

    def fetch(ms: int) -> str:
        return get_value(web, key, ms)

    out = [fetch(150)]
    choose("b")
    out.append(fetch(40))
    choose("c")
    out.append(fetch(90))
    return out


def r151_closures_map(web: str) -> list[str]:
    return list(map(lambda kms: get_value(web, *kms), KMS))


def r151_closures_sorted_key(web: str) -> list[str]:
    lens = {}

    def size(kms: tuple[str, int]) -> int:
        v = get_value(web, *kms)
        lens[kms[0]] = v
        return -len(v) if kms[0] != "b" else 0

    order = sorted(KMS, key=size)
    return [k for k, _ in order] + sorted(lens.values())


def r151_closures_executor(web: str) -> list[str]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
        futs = [ex.submit(lambda k=k, ms=ms: get_value(web, k, ms)) for k, ms in KMS]
    return [f.result() for f in futs]


def r151_nested_defs_chain(web: str) -> list[str]:
    def url(k: str, ms: int) -> str:
        return f"{web}/items/{k}?ms={ms}"

    def get(k: str, ms: int) -> dict:
        return requests.get(url(k, ms), timeout=5).json()

    def value(k: str, ms: int) -> str:
        return get(k, ms)["value"].upper()

    return [value(k, ms) for k, ms in KMS]


def r151_nonlocal_counter(web: str) -> list[Any]:
    calls = 0

    def get(k: str, ms: int) -> str:
        nonlocal calls
        calls += 1
        return f"{calls}:{get_value(web, k, ms)}"

    out = [get(k, ms) for k, ms in KMS]
    return [*out, calls]


def r151_closure_prints_in_loop(web: str) -> list[str]:
    def show(k: str, ms: int) -> str:
        print("closure fetching", k)
        return get_value(web, k, ms)

    out = []
    for k, ms in KMS:
        out.append(show(k, ms))
        print("have", len(out))
    return out


# =========================================================================== (3) match


class LoudRecord(Mapping):
    """A mapping over a response's JSON that prints each key looked up."""

    def __init__(self, data: dict) -> None:
        self._d = data

    def __getitem__(self, key: str) -> Any:
        print("lookup", key)
        return self._d[key]

    def __iter__(self) -> Any:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)


def r151_match_user_mapping(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        rec = LoudRecord(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json())
        match rec:
            case {"value": v, "key": key}:
                out.append(f"{key}={v}")
            case _:
                out.append("?")
    return out


class PagedSeq(Sequence):
    """A sequence whose length is counted on the server (a PUT of how often it was asked)."""

    def __init__(self, web: str, items: list) -> None:
        self.web = web
        self.items = items
        self.asked = 0

    def __len__(self) -> int:
        self.asked += 1
        requests.put(f"{self.web}/items/len-asked", data=str(self.asked), timeout=5)
        return len(self.items)

    def __getitem__(self, i: Any) -> Any:
        return self.items[i]


def r151_match_user_sequence_put(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        seq = PagedSeq(web, [k, ms])
        match seq:
            case [key, int(wait)]:
                out.append(get_value(web, key, wait))
        out.append(requests.get(f"{web}/items/len-asked?ms=20", timeout=5).json()["value"])
    return out


class Status(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> Status:
        return cls.OTHER


def r151_match_enum_value(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        st = Status("ok" if r.status_code == 200 else "missing" if r.status_code == 404 else 0)
        match st:
            case Status.OK:
                out.append(r.json()["value"])
            case Status.MISSING:
                print("missing", k)
                out.append("-")
            case _:
                out.append("other")
    return out


@dataclasses.dataclass
class Item:
    key: str
    value: str


def r151_match_dataclass_pattern(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        item = Item(**requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json())
        match item:
            case Item("b", value):
                out.append("B!" + value)
            case Item(key=key, value=value):
                out.append(key + value)
    return out


class Answer(pydantic.BaseModel):
    key: str
    value: str


def r151_match_pydantic_class(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        ans = Answer.model_validate(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json())
        match ans:
            case Answer(key="c", value=v):
                out.append("third:" + v)
            case Answer(value=v):
                out.append(v)
    return out


def r151_match_guard_reads(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        data = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
        match data:
            case {"key": key} if get_value(web, key + "2", ms // 2).endswith("b2"):
                out.append("guarded " + key)
            case {"value": v}:
                out.append(v)
    return out


def r151_match_response_json_shapes(web: str) -> list[Any]:
    out = []
    for path in ("/items/a?ms=150", "/items?ms=40", "/status/418?ms=90"):
        match requests.get(web + path, timeout=5).json():
            case {"keys": [*keys], "writes": int(n)}:
                out.append(("list", len(keys), n))
            case {"key": str(key), "value": str(value)}:
                out.append(("item", key, value))
            case {"status": code}:
                out.append(("status", code))
    return out


# =========================================================================== (4) __new__, metaclasses


class Registry:
    """One instance per key: ``__new__`` hands back the one made before."""

    _made: dict[str, Registry] = {}

    def __new__(cls, web: str, key: str) -> Registry:
        inst = cls._made.get(key)
        if inst is None:
            inst = super().__new__(cls)
            inst.hits = 0
            cls._made[key] = inst
        return inst

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key
        self.hits += 1

    def fetch(self, ms: int) -> str:
        return get_value(self.web, self.key, ms)


def r151_registry_new(web: str) -> list[Any]:
    Registry._made.clear()
    out = []
    for k, ms in (*KMS, ("a", 60)):
        reg = Registry(web, k)
        out.append((reg.fetch(ms), reg.hits))
    return out


class Singleton:
    _inst: Singleton | None = None

    def __new__(cls, web: str) -> Singleton:
        if cls._inst is None:
            cls._inst = super().__new__(cls)
            cls._inst.seen = []
        return cls._inst

    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, key: str, ms: int) -> str:
        value = get_value(self.web, key, ms)
        self.seen.append(key)
        return value


class FactoryMeta(type):
    def __call__(cls, web: str, kind: str) -> Any:
        if kind == "loud":
            return LoudFetcher(web)
        return super().__call__(web)


class Fetcher(metaclass=FactoryMeta):
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return get_value(self.web, key, ms)


class LoudFetcher:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        print("loud fetch", key)
        r = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5)
        requests.put(f"{self.web}/items/last", data=key, timeout=5)
        return r.json()["value"]


def r151_metaclass_call_factory(web: str) -> list[str]:
    out = []
    for (k, ms), kind in zip(KMS, ("quiet", "loud", "quiet"), strict=True):
        out.append(Fetcher(web, kind).fetch(k, ms))
    out.append(requests.get(f"{web}/items/last?ms=20", timeout=5).json()["value"])
    return out


@dataclasses.dataclass
class Fetch:
    web: str
    key: str
    ms: int
    value: str = ""

    def __post_init__(self) -> None:
        print("post_init", self.key)
        self.value = requests.get(f"{self.web}/items/{self.key}?ms={self.ms}", timeout=5).text


def r151_dataclass_post_init_reads(web: str) -> list[str]:
    items = [Fetch(web, k, ms) for k, ms in KMS]
    print("made", len(items))
    return [i.value for i in items]


# =========================================================================== (5) methods replaced


class Reader:
    def __init__(self, web: str) -> None:
        self.web = web

    def read(self, key: str, ms: int) -> str:
        return get_value(self.web, key, ms)


def _read_and_put(self: Reader, key: str, ms: int) -> str:
    value = get_value(self.web, key, ms)
    requests.put(f"{self.web}/items/{key}", data=value + "!", timeout=5)
    return value


def _read_loud(self: Reader, key: str, ms: int) -> str:
    print("patched read", key)
    return get_value(self.web, key, ms)


def r151_patched_class_between(web: str) -> list[str]:
    r = Reader(web)
    return [r.read(k, ms) for k, ms in (*KMS_S, ("a", 15))]


def _drive_patch(fn: Any, env: Env) -> list[Any]:
    original = Reader.read
    try:
        out = [fn(env.web)]
        Reader.read = _read_and_put
        out.append(fn(env.web))
        Reader.read = _read_loud
        out.append(fn(env.web))
    finally:
        Reader.read = original
    out.append(fn(env.web))
    return out


class BaseClient:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return get_value(self.web, key, ms)


class RetryMixin:
    def fetch(self, key: str, ms: int) -> str:
        return super().fetch(key, ms)  # type: ignore[misc]


class MixedClient(RetryMixin, BaseClient):
    pass


def r151_mixin_base_patched(web: str) -> list[str]:
    c = MixedClient(web)
    return [c.fetch(k, ms) for k, ms in (*KMS_S, ("b", 15))]


def _base_fetch_put(self: BaseClient, key: str, ms: int) -> str:
    requests.put(f"{self.web}/items/{key}", data="patched-" + key, timeout=5)
    return get_value(self.web, key, ms)


def _drive_patch_base(fn: Any, env: Env) -> list[Any]:
    original = BaseClient.fetch
    try:
        out = [fn(env.web)]
        BaseClient.fetch = _base_fetch_put
        out.append(fn(env.web))
    finally:
        BaseClient.fetch = original
    out.append(fn(env.web))
    return out


class Prefixed:
    def __get__(self, obj: Any, owner: Any = None) -> str:
        return "p"


class Keyed:
    prefix = "k"

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return get_value(self.web, self.prefix + key, ms)


class LoudPrefix:
    def __get__(self, obj: Any, owner: Any = None) -> str:
        print("prefix read")
        return "loud"


def r151_descriptor_swapped(web: str) -> list[str]:
    c = Keyed(web)
    return [c.fetch(k, ms) for k, ms in KMS_S]


def _drive_descriptor(fn: Any, env: Env) -> list[Any]:
    try:
        out = [fn(env.web)]
        Keyed.prefix = Prefixed()
        out.append(fn(env.web))
        Keyed.prefix = LoudPrefix()
        out.append(fn(env.web))
    finally:
        Keyed.prefix = "k"
    out.append(fn(env.web))
    return out


# =========================================================================== sync printing, counted str


def fetch_shown(web: str, tag: Shown, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("fetched", tag)
    return value


def r151_sync_str_counts_comprehension(web: str) -> list[Any]:
    tags = [Shown(k) for k, _ in KMS]
    values = [fetch_shown(web, t, k, ms) for t, (k, ms) in zip(tags, KMS, strict=True)]
    return values + [t.shown for t in tags]


# =========================================================================== second round


async def r151_async_outer_timeout_cancels_started(client: httpx.AsyncClient) -> list[str]:
    out = []
    try:
        async with asyncio.timeout(0.3):
            for k, ms in (("a", 150), ("b", 40), ("c", 700)):
                out.append(await a151_fetch(client, k, ms))
    except TimeoutError:
        print("deadline hit after", len(out))
    return out


async def a151_fetch_finally(client: httpx.AsyncClient, key: str, ms: int) -> str:
    print("open", key)
    try:
        r = await client.get(f"/items/{key}", params={"ms": ms})
        return r.json()["value"]
    finally:
        print("close", key)


async def a151_fetch_seen(client: httpx.AsyncClient, key: str, ms: int, seen: list) -> str:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    print("got", key, "after", len(seen), "others")
    return r.json()["value"]


PREFIX = "item"


async def a151_fetch_prefixed(client: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    print(PREFIX, key)
    return r.json()["value"]


async def r151_async_global_changed_between(client: httpx.AsyncClient) -> list[str]:
    global PREFIX
    out = []
    try:
        for i, (k, ms) in enumerate(KMS):
            PREFIX = f"item{i}"
            out.append(await a151_fetch_prefixed(client, k, ms))
    finally:
        PREFIX = "item"
    return out


async def a151_fetch_task_check(client: httpx.AsyncClient, key: str, ms: int, owner: Any) -> str:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    print(key, "same task:", asyncio.current_task() is owner)
    return r.json()["value"]


async def r151_async_current_task_identity(client: httpx.AsyncClient) -> list[str]:
    me = asyncio.current_task()
    return [await a151_fetch_task_check(client, k, ms, me) for k, ms in KMS]


async def r151_async_coroutine_closed_unawaited(client: httpx.AsyncClient) -> list[str]:
    spare = a151_fetch(client, "spare", 40)
    a = await a151_fetch(client, "a", 150)
    if a.startswith("v-"):
        spare.close()
        print("spare not needed")
        return [a]
    return [a, await spare]


async def r151_async_shared_str_counts(client: httpx.AsyncClient) -> list[Any]:
    tag = Shown("shared")
    out = [await a151_fetch_shown(client, tag, k, ms) for k, ms in KMS]
    return [*out, tag.shown]


def r151_sync_shared_str_counts(web: str) -> list[Any]:
    tag = Shown("shared")
    out = [fetch_shown(web, tag, k, ms) for k, ms in KMS]
    return [*out, tag.shown]


def r151_closure_match_capture_in_loop(web: str) -> list[str]:
    key = "start"
    fetch = lambda ms: get_value(web, key, ms)  # noqa: E731
    out = []
    for name, ms in KMS:
        match {"value": name}:
            case {"value": key}:
                pass
        out.append(fetch(ms))
    return out


def r151_match_capture_minimal(web: str) -> list[str]:
    key = "a"
    fetch = lambda ms: get_value(web, key, ms)  # noqa: E731
    first = fetch(150)
    match "b":
        case key:
            pass
    return [first, fetch(40)]


async def r151_async_deadline_from_caller(client: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 700)):
        out.append(await a151_fetch_finally(client, k, ms))
    return out


def _async_deadline(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            try:
                return await asyncio.wait_for(f(client), 0.35)
            except TimeoutError:
                print("caller gave up")
                return "timeout"
    return asyncio.run(main())


def r151_match_capture_rebinds_arg(web: str) -> list[str]:
    key = "a"
    first = get_value(web, key, 150)
    match "b":
        case key:
            pass
    return [first, get_value(web, key, 40)]


def r151_match_capture_first_binding(web: str) -> list[str]:
    seen = "x"
    for k, ms in (("a", 150), ("b", 40)):
        match requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json():
            case {"value": seen}:
                pass
        print("now", seen)
    return [seen, get_value(web, seen, 30)]


def r151_match_star_capture_closure(web: str) -> list[str]:
    rest: list = ["a"]
    fetch = lambda ms: get_value(web, "-".join(rest), ms)  # noqa: E731
    first = fetch(150)
    match ["x", "b", "c"]:
        case [_, *rest]:
            pass
    return [first, fetch(40)]


def r151_closure_def_redefined_in_loop(web: str) -> list[str]:
    def current() -> str:
        return "start"

    fetch = lambda ms: get_value(web, current(), ms)  # noqa: E731
    out = []
    for k, ms in KMS:
        def current(k: str = k) -> str:  # noqa: F811
            return k
        out.append(fetch(ms))
    return out


class Lazy:
    """An object whose missing attributes are saved on the server when asked."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __getattr__(self, name: str) -> Any:
        requests.put(f"{self.web}/items/{self.key}", data=f"{name}-asked", timeout=5)
        return True


def r151_match_getattr_puts(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        obj = Lazy(web, k)
        match obj:
            case Lazy(ready=True):
                out.append(get_value(web, k, ms))
    return out


class Swapped:
    """``__new__`` hands back a `LoudFetcher` (``__init__`` is not run)."""

    def __new__(cls, web: str) -> Any:
        return LoudFetcher(web)

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str, ms: int) -> str:
        return get_value(self.web, key, ms)


def r151_new_returns_other_class(web: str) -> list[str]:
    f = Swapped(web)
    out = [f.fetch(k, ms) for k, ms in KMS]
    out.append(requests.get(f"{web}/items/last?ms=20", timeout=5).json()["value"])
    return out


class Mode(enum.Enum):
    FAST = "fast"
    SLOW = "slow"

    @classmethod
    def _missing_(cls, value: object) -> Mode:
        requests.put(f"{WEB_FOR_ENUM[0]}/items/mode", data=str(value), timeout=5)
        return cls.SLOW


WEB_FOR_ENUM = [""]


def r151_enum_missing_puts(web: str) -> list[str]:
    WEB_FOR_ENUM[0] = web
    out = []
    for k, ms in KMS:
        mode = Mode({"a": "fast", "b": "turbo", "c": "fast"}[k])
        out.append(mode.value + ":" + get_value(web, "mode", ms))
    return out


class Audit(pydantic.BaseModel):
    web: str
    key: str

    @pydantic.field_validator("key")
    @classmethod
    def record(cls, v: str, info: pydantic.ValidationInfo) -> str:
        requests.put(f"{info.data['web']}/items/audit", data=v, timeout=5)
        return v


def r151_pydantic_validator_puts(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        Audit(web=web, key=k)
        out.append(get_value(web, "audit", ms))
    return out


@dataclasses.dataclass
class Saved:
    web: str
    key: str

    def __post_init__(self) -> None:
        requests.put(f"{self.web}/items/saved", data=self.key, timeout=5)


def r151_dataclass_post_init_puts(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        Saved(web, k)
        out.append(get_value(web, "saved", ms))
    return out


def _install_put_reader() -> None:
    Reader.read = _read_and_put


def r151_patch_via_helper(web: str) -> list[str]:
    r = Reader(web)
    original = Reader.read
    a = r.read("a", 150)
    _install_put_reader()
    try:
        b = r.read("a", 40)
        c = get_value(web, "a", 90)
    finally:
        Reader.read = original
    return [a, b, c]


def r151_patch_base_inside(web: str) -> list[str]:
    c = MixedClient(web)
    original = BaseClient.fetch
    a = c.fetch("a", 150)
    BaseClient.fetch = _base_fetch_put
    try:
        b = c.fetch("a", 40)
        d = get_value(web, "a", 90)
    finally:
        BaseClient.fetch = original
    return [a, b, d]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _async_httpx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await f(client)
    return asyncio.run(main())


def _async_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _aw(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, servers="web", drive=_async_httpx, ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) printing coroutines
    _aw(r151_async_print_between_awaits, O3, overlap=3),
    _aw(r151_async_comprehension_await, O3, overlap=3),
    _aw(r151_async_helper_catches_and_prints, O3, overlap=3),
    _aw(r151_async_wait_for_expires, cat="validation"),
    _aw(r151_async_cancel_own_task, cat="threads"),
    _aw(r151_async_gather_printing, (0.15 + 0.04 + 0.09 + 0.06) / 0.15),
    _aw(r151_async_with_for_in_helper, O3),
    _aw(r151_async_contextvar_set_in_helper, cat="state"),
    _aw(r151_async_printing_calls_printing, O3),
    _aw(r151_async_str_counts, O3, cat="state"),
    _aw(r151_async_raise_after_print, O3, cat="validation"),
    Case("sdk", r151_async_openai_gather_printing, servers="api", drive=_async_oa, ideal=O3),
    _aw(r151_async_coroutine_made_early, cat="helpers"),
    # (2) closures
    _w(r151_lambda_default_capture, O3, overlap=3),
    _w(r151_lambda_late_binding, 3.0),
    _w(r151_closure_while_rebound, O3),
    _w(r151_closure_nonlocal_setter, cat="rebind"),
    _w(r151_closures_map, O3),
    _w(r151_closures_sorted_key, O3),
    _w(r151_closures_executor, O3, cat="threads"),
    _w(r151_nested_defs_chain, O3),
    _w(r151_nonlocal_counter, O3),
    _w(r151_closure_prints_in_loop, O3),
    # (3) match
    _w(r151_match_user_mapping, O3),
    _w(r151_match_user_sequence_put, cat="state"),
    _w(r151_match_enum_value, O3),
    _w(r151_match_dataclass_pattern, O3, overlap=3),
    _w(r151_match_pydantic_class, O3, overlap=3, cat="validation"),
    _w(r151_match_guard_reads, (0.15 + 0.075 + 0.04 + 0.02 + 0.09 + 0.045) / (0.15 + 0.075)),
    _w(r151_match_response_json_shapes, O3, overlap=3),
    # (4) __new__ and metaclasses
    _w(r151_registry_new, over(0.15, 0.04, 0.09, 0.06), cat="state"),
    _w(r151_metaclass_call_factory, cat="state"),
    _w(r151_dataclass_post_init_reads, O3),
    # (5) methods replaced
    Case("rebind", r151_patched_class_between, servers="web", drive=_drive_patch),
    Case("rebind", r151_mixin_base_patched, servers="web", drive=_drive_patch_base),
    Case("rebind", r151_descriptor_swapped, servers="web", drive=_drive_descriptor),
    # counted __str__ in sync printing helpers
    _w(r151_sync_str_counts_comprehension, O3, cat="state"),
    # second round
    _aw(r151_async_outer_timeout_cancels_started, cat="validation"),
    _aw(r151_async_global_changed_between, O3, cat="state"),
    _aw(r151_async_current_task_identity, O3),
    _aw(r151_async_coroutine_closed_unawaited),
    _aw(r151_async_shared_str_counts, O3, cat="state"),
    _w(r151_sync_shared_str_counts, O3, cat="state"),
    _w(r151_closure_match_capture_in_loop, O3, cat="rebind"),
    _w(r151_match_capture_minimal, cat="rebind"),
    Case("validation", r151_async_deadline_from_caller, servers="web", drive=_async_deadline),
    _w(r151_match_capture_rebinds_arg, cat="rebind"),
    _w(r151_match_capture_first_binding, cat="rebind"),
    _w(r151_match_star_capture_closure, cat="rebind"),
    _w(r151_closure_def_redefined_in_loop, cat="rebind"),
    _w(r151_match_getattr_puts, cat="state"),
    _w(r151_new_returns_other_class, cat="state"),
    _w(r151_enum_missing_puts, cat="state"),
    _w(r151_pydantic_validator_puts, cat="validation"),
    _w(r151_dataclass_post_init_puts, cat="state"),
    _w(r151_patch_via_helper, cat="rebind"),
    _w(r151_patch_base_inside, cat="rebind"),
]

# Cases that differed when written, fixed since (each failed on the code before its fix: a
# match's captures are now bindings, `_stmt._binds`, and a loop's for the closure rule).
FIXED_WHY: dict[str, str] = {
    "r151_match_capture_rebinds_arg":
        "`case key:` rebinds `key` after the first GET; the second GET (argument `key`) starts "
        "early with the old value (GET /items/a instead of /items/b): a match capture "
        "(MatchAs/MatchStar/mapping-rest names, not ast.Name stores) is not seen as a binding.",
    "r151_match_capture_minimal":
        "The same through a closure: `fetch = lambda ms: get(key, ms)`; `case key:` rebinds "
        "`key` and the closure's call starts before the match (old key); the closure rule "
        "looks for ast.Name stores only.",
    "r151_match_capture_first_binding":
        "`case {\"value\": seen}` in a loop binds `seen`; the GET after the loop starts before "
        "it with the value bound before the loop ('x').",
    "r151_match_star_capture_closure":
        "`case [_, *rest]` rebinds `rest`; the closure over `rest` runs early with ['a'].",
    "r151_closure_match_capture_in_loop":
        "A loop's `case {\"value\": key}` rebinds the closure's `key` each item; not seen as a "
        "loop binding, so every `fetch(ms)` starts at once with `key` = 'start'/'a'.",
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
