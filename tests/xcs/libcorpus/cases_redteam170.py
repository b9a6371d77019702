"""Red-team cases (stop 170): everyday programs that keep their records in dataclasses,
pydantic models, attrs-like plain classes, named tuples and enums, written from
docs/jit.md alone.

Records built from fetched JSON (requests, httpx, urllib) or from model answers (the
openai SDK), printed with their default or custom (pure) ``__repr__``/``__str__``, handed
to helpers that fetch more for each record (their fields in URLs), sorted with key
functions, grouped in dicts, compared, hashed into sets, with computed properties,
``__post_init__`` validation (pure or raising), pydantic validators and progress prints;
loops and comprehensions over records, plain and async; then attacks: named tuples'
subclasses with their own ``__new__``, constructors that move class state, frozen records
changed by ``object.__setattr__``, and helpers that fetch and return a record whose
constructor (``__init__``, ``__post_init__``, a ``default_factory``) changes or reads
module or class state. Sibling calls get unequal latencies, slow first, so a wrong
reordering shows. `FIXED_WHY` says what differed for the cases that did when written.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import sqlite3
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import CLIENT_CPU, DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam170")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
BAD = (("a", 150), ("bad1", 40), ("c", 90))
O3 = over(150, 40, 90)
O4 = over(150, 40, 90, 60)
O2 = over(150, 40)


# =========================================================================== records


@dataclass
class Item:
    key: str
    value: str
    ms: int = 0

    @property
    def slug(self) -> str:
        return self.value.replace("-", "_")

    @property
    def kind(self) -> str:
        return "short" if len(self.key) < 2 else "long"


@dataclass(frozen=True)
class Tag:
    name: str
    weight: int


@dataclass(order=True)
class Scored:
    score: int
    key: str = field(compare=False)


@dataclass
class Checked:
    key: str
    value: str

    def __post_init__(self) -> None:
        if "bad" in self.value:
            raise ValueError(f"bad value {self.value!r} for {self.key}")


@dataclass
class Sized:
    key: str
    value: str
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = len(self.value) * 10 + len(self.key)


@dataclass
class Announced:
    key: str
    value: str

    def __post_init__(self) -> None:
        print(f"made {self.key}")


@dataclass
class Numbered:
    key: str
    value: str
    n: int = 0
    next_n = 0  # a class attribute, not a field (no annotation)

    def __post_init__(self) -> None:
        Numbered.next_n += 1
        self.n = Numbered.next_n


@dataclass(frozen=True)
class Key:
    name: str
    ms: int

    def __str__(self) -> str:
        return self.name

    def url(self, web: str) -> str:
        return f"{web}/items/{self.name}?ms={self.ms}"


@functools.total_ordering
class Version:
    def __init__(self, key: str, n: int) -> None:
        self.key = key
        self.n = n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self.n == other.n

    def __lt__(self, other: Version) -> bool:
        return self.n < other.n

    def __repr__(self) -> str:
        return f"Version({self.key!r}, {self.n})"


class Plain:
    """An attrs-like record written by hand: slots, repr, eq and hash."""

    __slots__ = ("key", "value")

    def __init__(self, key: str, value: str) -> None:
        self.key = key
        self.value = value

    def __repr__(self) -> str:
        return f"Plain({self.key!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plain) and (self.key, self.value) == (other.key, other.value)

    def __hash__(self) -> int:
        return hash((self.key, self.value))


class Resource:
    def __init__(self, key: str, ms: int) -> None:
        self.key = key
        self.ms = ms

    def fetch(self, web: str) -> str:
        r = requests.get(f"{web}/items/{self.key}", params={"ms": self.ms}, timeout=5)
        return r.json()["value"]


@dataclass
class Loaded:
    key: str
    value: str

    @classmethod
    def load(cls, web: str, key: str, ms: int) -> Loaded:
        d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
        return cls(d["key"], d["value"])


class Row(NamedTuple):
    key: str
    value: str
    ms: int

    @property
    def path(self) -> str:
        return f"/items/{self.key}?ms={self.ms}"


class Color(Enum):
    RED = 150
    GREEN = 40
    BLUE = 90


class Shade(Enum):
    DARK = "a"
    LIGHT = "b"
    PALE = "c"

    def __str__(self) -> str:
        return self.value


class Size(Enum):
    SMALL = "small"
    LARGE = "large"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> Size:
        print(f"unknown size {value!r}")
        return cls.OTHER


class ItemModel(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def upper(cls, v: str) -> str:
        return v.upper()

    @property
    def label(self) -> str:
        return f"{self.key}:{self.value}"


class StrictModel(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def no_bad(cls, v: str) -> str:
        if "bad" in v:
            raise ValueError(f"refused {v}")
        return v


class Answer(pydantic.BaseModel):
    question: str
    text: str
    words: int = 0

    @pydantic.model_validator(mode="after")
    def count(self) -> Answer:
        self.words = len(self.text.split())
        return self


@dataclass
class Reply:
    question: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


# =========================================================================== helpers


def get_json(web: str, key: str, ms: int) -> dict[str, Any]:
    return requests.get(f"{web}/items/{key}", params={"ms": ms}, timeout=5).json()


def val(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def fetch_item(web: str, key: str, ms: int) -> Item:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Item(d["key"], d["value"], ms)


def detail(web: str, it: Item) -> str:
    return requests.get(f"{web}/items/{it.value}?ms={it.ms}", timeout=5).json()["value"]


def by_value_reversed(it: Item) -> str:
    return it.value[::-1]


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


QS = (("What is a dataclass?", 0.15), ("What is an enum?", 0.04),
      ("What is a named tuple?", 0.09))


# =========================================================================== dataclasses from JSON


def r170_dc_loop_print_default_repr(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        d = get_json(web, k, ms)
        it = Item(d["key"], d["value"], ms)
        print(it)
        out.append(repr(it))
    return out


def r170_dc_listcomp_from_json_kwargs(web: str) -> list[str]:
    items = [Item(**get_json(web, k, ms)) for k, ms in KMS]
    for it in items:
        print("item", it.key, it.value)
    return [repr(it) for it in items]


def r170_dc_helper_returns_record_loop_print(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        it = fetch_item(web, k, ms)
        print(f"{it.key}: {it.value} ({it.kind})")
        out.append(it.slug)
    return out


def r170_dc_helper_fetch_per_record(web: str) -> list[str]:
    items = [Item(k, f"v-{k}", ms) for k, ms in KMS]
    return [detail(web, it) for it in items]


def r170_dc_loop_helper_fetch_print(web: str) -> list[str]:
    items = [Item(k, f"v-{k}", ms) for k, ms in KMS]
    out = []
    for it in items:
        print("fetching", it.key)
        d = detail(web, it)
        print(it.key, "->", d)
        out.append(d)
    return out


def r170_dc_property_in_url(web: str) -> list[str]:
    items = [Item(k, f"v-{k}", ms) for k, ms in KMS]
    out = []
    for it in items:
        r = requests.get(f"{web}/items/{it.slug}?ms={it.ms}", timeout=5)
        out.append(r.json()["value"])
    print(len(out), "fetched")
    return out


def r170_dc_str_in_url_loop_print(web: str) -> list[str]:
    keys = [Key(k, ms) for k, ms in KMS]
    out = []
    for key in keys:
        print("fetching", key)
        out.append(requests.get(f"{web}/items/{key}?ms={key.ms}", timeout=5).json()["value"])
    return out


def r170_dc_sorted_key_then_fetch(web: str) -> list[str]:
    items = [fetch_item(web, k, ms) for k, ms in KMS]
    ordered = sorted(items, key=by_value_reversed)
    print([it.key for it in ordered])
    return [detail(web, it) for it in ordered]


def r170_dc_group_by_kind(web: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for k, ms in (("a", 150), ("bb", 40), ("c", 90), ("dd", 60)):
        it = fetch_item(web, k, ms)
        groups.setdefault(it.kind, []).append(it.value)
    for kind in sorted(groups):
        print(kind, groups[kind])
    return groups


def r170_dc_frozen_set_dedupe_continue(web: str) -> list[str]:
    tags = [Tag("a", 150), Tag("b", 40), Tag("a", 150), Tag("c", 90), Tag("b", 40)]
    seen: set[Tag] = set()
    out = []
    for t in tags:
        if t in seen:
            continue
        seen.add(t)
        out.append(val(web, t.name, t.weight))
    return out


def r170_dc_order_sorted_records(web: str) -> list[str]:
    recs = [Scored(len(val(web, k, ms)) * ms % 7, k) for k, ms in KMS]
    return [f"{s.key}:{s.score}" for s in sorted(recs)]


def r170_dc_post_init_pure_derived(web: str) -> list[int]:
    out = []
    for k, ms in KMS:
        s = Sized(k, val(web, k, ms))
        print(k, s.size)
        out.append(s.size)
    return out


def r170_dc_post_init_raises_loop(web: str) -> list[str]:
    recs = []
    for k, ms in BAD:
        recs.append(Checked(k, val(web, k, ms)))
        print("ok", k)
    return [r.value for r in recs]


def r170_dc_post_init_raises_caught(web: str) -> list[str]:
    recs = []
    for k, ms in BAD:
        try:
            recs.append(Checked(k, val(web, k, ms)))
        except ValueError as e:
            print("skip:", e)
    return [r.value for r in recs]


def r170_dc_post_init_prints_listcomp(web: str) -> list[str]:
    recs = [Announced(k, val(web, k, ms)) for k, ms in KMS]
    print("built", len(recs))
    return [r.value for r in recs]


def r170_dc_class_counter_post_init(web: str) -> list[str]:
    Numbered.next_n = 0
    recs = []
    for k, ms in KMS:
        recs.append(Numbered(k, val(web, k, ms)))
    return [f"{r.n}:{r.key}" for r in recs]


def r170_dc_attr_store_in_loop(web: str) -> list[str]:
    items = [Item(k, "", ms) for k, ms in KMS]
    for it in items:
        it.value = val(web, it.key, it.ms)
    print(items)
    return [it.value for it in items]


def r170_dc_replace_comprehension(web: str) -> list[str]:
    items = [Item(k, "", ms) for k, ms in KMS]
    filled = [dataclasses.replace(it, value=val(web, it.key, it.ms)) for it in items]
    return [repr(it) for it in filled]


def r170_dc_logging_records(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        it = Item(k, val(web, k, ms), ms)
        LOG.warning("record %s", it)
        out.append(it.value)
    return out


def r170_dc_asdict_json_files(web: str, tmp: str) -> list[str]:
    items = [fetch_item(web, k, ms) for k, ms in KMS]
    for it in items:
        Path(tmp, f"{it.key}.json").write_text(json.dumps(dataclasses.asdict(it)))
    return sorted(p.name for p in Path(tmp).iterdir())


# =========================================================================== plain classes


def r170_plain_class_set_dedupe(web: str) -> list[str]:
    recs = [Plain(k, val(web, k, ms)) for k, ms in (("a", 150), ("b", 40), ("a", 90))]
    unique = set(recs)
    print(len(unique), "unique")
    return sorted(repr(p) for p in unique)


def r170_plain_class_method_fetch(web: str) -> list[str]:
    resources = [Resource(k, ms) for k, ms in KMS]
    return [r.fetch(web) for r in resources]


def r170_classmethod_loader(web: str) -> list[str]:
    recs = [Loaded.load(web, k, ms) for k, ms in KMS]
    return [repr(r) for r in recs]


# =========================================================================== named tuples


def r170_nt_loop_asdict(web: str) -> list[dict[str, Any]]:
    out = []
    for k, ms in KMS:
        d = get_json(web, k, ms)
        row = Row(d["key"], d["value"], ms)
        print(row)
        out.append(row._asdict())
    return out


def r170_nt_property_in_url(web: str) -> list[str]:
    rows = [Row(k, "", ms) for k, ms in KMS]
    out = []
    for r in rows:
        out.append(requests.get(web + r.path, timeout=5).json()["value"])
    return out


# =========================================================================== enums


def r170_enum_iterate_class(web: str) -> dict[str, str]:
    out = {}
    for c in Color:
        out[c.name] = val(web, c.name.lower(), c.value)
    return out


def r170_enum_str_in_url_print(web: str) -> list[str]:
    out = []
    for s, ms in ((Shade.DARK, 150), (Shade.LIGHT, 40), (Shade.PALE, 90)):
        print("shade", s)
        out.append(requests.get(f"{web}/items/{s}?ms={ms}", timeout=5).json()["value"])
    return out


def r170_enum_missing_hook_prints(web: str) -> list[str]:
    out = []
    for k, ms in (("small", 150), ("huge", 40), ("large", 90)):
        v = val(web, k, ms)
        out.append(Size(v.removeprefix("v-")).name)
    return out


# =========================================================================== pydantic


def r170_pyd_model_validate_loop(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        m = ItemModel.model_validate(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json())
        print(m)
        out.append(m.label)
    return out


def r170_pyd_kwargs_listcomp(web: str) -> list[str]:
    models = [ItemModel(**get_json(web, k, ms)) for k, ms in KMS]
    return [m.model_dump_json() for m in models]


def r170_pyd_validator_raises_loop(web: str) -> list[str]:
    out = []
    for k, ms in BAD:
        m = StrictModel.model_validate(get_json(web, k, ms))
        print("valid", m.key)
        out.append(m.value)
    return out


def r170_pyd_validator_raises_caught(web: str) -> list[str]:
    out = []
    for k, ms in BAD:
        try:
            m = StrictModel(**get_json(web, k, ms))
        except pydantic.ValidationError as e:
            print("invalid:", e.error_count())
            continue
        out.append(m.value)
    return out


def r170_pyd_fetch_all_then_put(web: str) -> list[int]:
    models = [ItemModel(**get_json(web, k, ms)) for k, ms in KMS]
    versions = []
    for m in models:
        r = requests.put(f"{web}/items/{m.key}-copy?ms=20", data=m.model_dump_json(), timeout=5)
        versions.append(r.json()["version"])
    return versions


# =========================================================================== other clients, files


def r170_httpx_client_records(web: str) -> list[str]:
    with httpx.Client(base_url=web, timeout=5) as http:
        items = []
        for k, ms in KMS:
            d = http.get(f"/items/{k}", params={"ms": ms}).json()
            items.append(Item(d["key"], d["value"], ms))
    print(items)
    return [it.slug for it in items]


def _db_setup(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "items.db")
    conn.execute("CREATE TABLE items (key TEXT, ms INTEGER)")
    conn.executemany("INSERT INTO items VALUES (?, ?)", KMS)
    conn.commit()
    conn.close()


def r170_sqlite_rows_to_records(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp, "items.db"))
    rows = [Row(k, "", ms) for k, ms in conn.execute("SELECT key, ms FROM items ORDER BY key")]
    conn.close()
    out = []
    for r in rows:
        out.append(val(web, r.key, r.ms))
    return out


# =========================================================================== model answers


def r170_oa_answers_pydantic(client: Any) -> list[int]:
    answers = [Answer(question=q, text=ask(client, q, lat)) for q, lat in QS]
    for a in answers:
        print(a.question, a.words)
    return [a.words for a in answers]


def r170_oa_replies_dataclass_loop(client: Any) -> list[int]:
    out = []
    for q, lat in QS:
        rep = Reply(q, ask(client, q, lat))
        print(f"{rep.question[:12]}: {rep.words} words")
        out.append(rep.words)
    return out


def r170_oa_sorted_then_followup(client: Any) -> list[int]:
    replies = [Reply(q, ask(client, q, lat)) for q, lat in QS]
    ranked = sorted(replies, key=lambda r: (r.words, r.question))
    return [len(ask(client, f"Expand: {r.text[:40]}", 0.05)) for r in ranked]


# =========================================================================== async


async def aget_item(http: httpx.AsyncClient, key: str, ms: int) -> Item:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    d = r.json()
    return Item(d["key"], d["value"], ms)


async def adetail(http: httpx.AsyncClient, it: Item) -> str:
    r = await http.get(f"/items/{it.value}", params={"ms": it.ms})
    return r.json()["value"]


async def r170_async_dataclass_loop_print(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        r = await http.get(f"/items/{k}", params={"ms": ms})
        it = Item(**r.json())
        print(it)
        out.append(it.value)
    return out


async def r170_async_helper_records_listcomp(http: httpx.AsyncClient) -> list[str]:
    items = [await aget_item(http, k, ms) for k, ms in KMS]
    return [repr(it) for it in items]


async def r170_async_detail_per_record(http: httpx.AsyncClient) -> list[str]:
    items = [Item(k, f"v-{k}", ms) for k, ms in KMS]
    out = []
    for it in items:
        out.append(await adetail(http, it))
        print("detail", it.key)
    return out


async def r170_async_oa_replies(client: Any) -> list[int]:
    out = []
    for q, lat in QS:
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        rep = Reply(q, r.choices[0].message.content)
        print(rep.words)
        out.append(rep.words)
    return out


def _ahttp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


def _aoa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


# =========================================================================== attacks


class LoudRow(Row):
    """A named tuple's subclass whose own ``__new__`` prints (not the named tuple's)."""

    __slots__ = ()

    def __new__(cls, key: str, value: str, ms: int) -> LoudRow:
        print("row", key)
        return super().__new__(cls, key, value, ms)


class CheckedRow(Row):
    """A named tuple's subclass whose own ``__new__`` validates by design."""

    __slots__ = ()

    def __new__(cls, key: str, value: str, ms: int) -> CheckedRow:
        if "bad" in value:
            raise ValueError(f"bad row {key}")
        return super().__new__(cls, key, value, ms)


@dataclass
class Page:
    key: str
    cursor = "start"  # a class attribute the constructor moves on

    def __post_init__(self) -> None:
        Page.cursor = self.key


_IDS: list[int] = []


def _next_id() -> int:
    _IDS.append(len(_IDS) + 1)
    return _IDS[-1]


@dataclass
class Ticket:
    key: str
    id: int = field(default_factory=_next_id)


@dataclass
class Counted:
    key: str
    ms: int
    calls = 0

    @property
    def token(self) -> str:
        Counted.calls += 1
        return f"{self.key}{Counted.calls}"


@dataclass(frozen=True)
class Handle:
    name: str
    ms: int

    def rename(self, name: str) -> None:
        object.__setattr__(self, "name", name)


def handle_val(web: str, h: Handle) -> str:
    return requests.get(f"{web}/items/{h.name}?ms={h.ms}", timeout=5).json()["value"]


def fetch_announced(web: str, key: str, ms: int) -> Announced:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Announced(d["key"], d["value"])


def fetch_numbered(web: str, key: str, ms: int) -> Numbered:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Numbered(d["key"], d["value"])


def token_val(web: str, c: Counted) -> str:
    return requests.get(f"{web}/items/{c.token}?ms={c.ms}", timeout=5).json()["value"]


async def aget_announced(http: httpx.AsyncClient, key: str, ms: int) -> Announced:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    d = r.json()
    return Announced(d["key"], d["value"])


async def aget_numbered(http: httpx.AsyncClient, key: str, ms: int) -> Numbered:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    d = r.json()
    return Numbered(d["key"], d["value"])


def r170_x_loud_row_before_read(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        row = LoudRow(k, "", ms)
        out.append(val(web, row.key, row.ms))
        print("got", k)
    return out


def r170_x_checked_row_after_read(web: str) -> list[str]:
    out = []
    for k, ms in BAD:
        v = val(web, k, ms)
        out.append(CheckedRow(k, v, ms).value)
    return out


def r170_x_post_init_moves_class_cursor(web: str) -> list[str]:
    Page.cursor = "x"
    first = val(web, "a", 150)
    Page("b")
    second = val(web, Page.cursor, 40)
    return [first, second]


def r170_x_property_counter_in_helper(web: str) -> list[str]:
    Counted.calls = 0
    recs = [Counted(k, ms) for k, ms in KMS]
    return [token_val(web, c) for c in recs]


def r170_x_frozen_renamed_between(web: str) -> list[str]:
    h = Handle("a", 150)
    first = val(web, "c", 90)
    h.rename("b")
    second = handle_val(web, h)
    return [first, second]


def r170_x_helper_builds_announced(web: str) -> list[str]:
    recs = [fetch_announced(web, k, ms) for k, ms in KMS]
    return [r.value for r in recs]


def r170_x_helper_builds_numbered(web: str) -> list[str]:
    Numbered.next_n = 0
    recs = [fetch_numbered(web, k, ms) for k, ms in KMS]
    return [f"{r.n}:{r.key}" for r in recs]


async def r170_x_async_helper_announced(http: httpx.AsyncClient) -> list[str]:
    recs = [await aget_announced(http, k, ms) for k, ms in KMS]
    return [r.value for r in recs]


async def r170_x_async_helper_numbered(http: httpx.AsyncClient) -> list[str]:
    Numbered.next_n = 0
    recs = [await aget_numbered(http, k, ms) for k, ms in KMS]
    return [f"{r.n}:{r.key}" for r in recs]


def r170_x_checked_in_read_args(web: str) -> list[str]:
    return [val(web, Checked(k, f"v-{k}").key, ms) for k, ms in BAD]


# =========================================================================== attacks: constructors run by helpers


class PlainNumbered:
    next_n = 0

    def __init__(self, key: str) -> None:
        PlainNumbered.next_n += 1
        self.key = key
        self.n = PlainNumbered.next_n


def fetch_plain_numbered(web: str, key: str, ms: int) -> PlainNumbered:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return PlainNumbered(d["key"])


def r170_x_helper_builds_plain_counter(web: str) -> list[str]:
    PlainNumbered.next_n = 0
    recs = [fetch_plain_numbered(web, k, ms) for k, ms in KMS]
    return [f"{r.n}:{r.key}" for r in recs]


_REG: dict[str, int] = {}


@dataclass
class Registered:
    key: str
    web: str

    def __post_init__(self) -> None:
        requests.put(f"{self.web}/items/reg-{self.key}?ms=5", data=self.key, timeout=5)


class Indexed:
    def __init__(self, key: str) -> None:
        _REG[key] = len(_REG)
        self.key = key


def fetch_registered(web: str, key: str, ms: int) -> Registered:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Registered(d["key"], web)


def fetch_indexed(web: str, key: str, ms: int) -> Indexed:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Indexed(d["key"])


def r170_x_helper_post_init_puts(web: str) -> list[str]:
    return [fetch_registered(web, k, ms).key for k, ms in KMS]


def r170_x_helper_builds_registry(web: str) -> list[str]:
    _REG.clear()
    [fetch_indexed(web, k, ms) for k, ms in KMS]
    return list(_REG)


def r170_x_straight_builds_numbered(web: str) -> list[str]:
    Numbered.next_n = 0
    a = fetch_numbered(web, "a", 150)
    b = fetch_numbered(web, "b", 40)
    return [f"{a.n}:{a.key}", f"{b.n}:{b.key}"]


CONFIG = {"tier": "basic"}
_MODEL_SEEN: list[str] = []
_UNKNOWN: list[str] = []


@dataclass
class Tiered:
    key: str
    tier: str = ""

    def __post_init__(self) -> None:
        self.tier = CONFIG["tier"]


class TrackedModel(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def track(cls, v: str) -> str:
        _MODEL_SEEN.append(v)
        return v


class Grade(Enum):
    A = "v-a"
    B = "v-b"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> Grade:
        _UNKNOWN.append(str(value))
        return cls.OTHER


def fetch_tiered(web: str, key: str, ms: int) -> Tiered:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Tiered(d["key"])


def fetch_ticket(web: str, key: str, ms: int) -> Ticket:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Ticket(d["key"])


def fetch_tracked_model(web: str, key: str, ms: int) -> TrackedModel:
    return TrackedModel(**requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json())


def fetch_grade(web: str, key: str, ms: int) -> Grade:
    d = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return Grade(d["value"])


def r170_x_helper_record_reads_config(web: str) -> list[str]:
    CONFIG["tier"] = "basic"
    a = fetch_tiered(web, "a", 150)
    CONFIG["tier"] = "gold"
    b = fetch_tiered(web, "b", 40)
    return [a.tier, b.tier]


def r170_x_helper_default_factory(web: str) -> list[str]:
    _IDS.clear()
    return [f"{t.id}:{t.key}" for t in [fetch_ticket(web, k, ms) for k, ms in KMS]]


def r170_x_helper_pydantic_tracks(web: str) -> list[str]:
    _MODEL_SEEN.clear()
    [fetch_tracked_model(web, k, ms) for k, ms in KMS]
    return list(_MODEL_SEEN)


def r170_x_helper_enum_missing_tracks(web: str) -> list[str]:
    _UNKNOWN.clear()
    grades = [fetch_grade(web, k, ms) for k, ms in (("c", 150), ("a", 40), ("d", 90))]
    return [g.name for g in grades] + _UNKNOWN


# =========================================================================== the list


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


# two stages: three reads, then three more after all of the first (sorted between)
STAGES = (150 + 40 + 90) * 2 / (150 + 150)
# an httpx client's making (serial CPU) then three overlapped reads
HTTPX3 = (CLIENT_CPU + 0.28) / (CLIENT_CPU + 0.15)
# three reads, then three PUTs of 20 ms in order
READ_PUT = (150 + 40 + 90 + 60) / (150 + 60)
# three model calls, then three of 50 ms after all (sorted between)
OA_STAGES = (150 + 40 + 90 + 150) / (150 + 50)

ALL: list[Case] = [
    _w(r170_dc_loop_print_default_repr, O3, overlap=3),
    _w(r170_dc_listcomp_from_json_kwargs, O3, overlap=3),
    _w(r170_dc_helper_returns_record_loop_print, O3, cat="helpers", overlap=3),
    _w(r170_dc_helper_fetch_per_record, O3, cat="helpers", overlap=3),
    _w(r170_dc_loop_helper_fetch_print, O3, cat="helpers", overlap=3),
    _w(r170_dc_property_in_url, O3, overlap=3),
    _w(r170_dc_str_in_url_loop_print, O3, overlap=3),
    _w(r170_dc_sorted_key_then_fetch, STAGES, cat="helpers", overlap=3),
    _w(r170_dc_group_by_kind, O4, cat="helpers", overlap=4),
    _w(r170_dc_frozen_set_dedupe_continue, O3, overlap=3),
    _w(r170_dc_order_sorted_records, O3, overlap=3),
    _w(r170_dc_post_init_pure_derived, O3, overlap=3),
    _w(r170_dc_post_init_raises_loop, cat="validation"),
    _w(r170_dc_post_init_raises_caught, O3, cat="validation", overlap=3),
    _w(r170_dc_post_init_prints_listcomp, O3, overlap=3),
    _w(r170_dc_class_counter_post_init, O3, cat="state", overlap=3),
    _w(r170_dc_attr_store_in_loop, O3, overlap=3),
    _w(r170_dc_replace_comprehension, O3, overlap=3),
    _w(r170_dc_logging_records, O3, overlap=3),
    _w(r170_dc_asdict_json_files, O3, cat="files", args=web_tmp, overlap=3),
    _w(r170_plain_class_set_dedupe, O3, overlap=3),
    _w(r170_plain_class_method_fetch, O3, cat="helpers", overlap=3),
    _w(r170_classmethod_loader, O3, cat="helpers", overlap=3),
    _w(r170_nt_loop_asdict, O3, overlap=3),
    _w(r170_nt_property_in_url, O3, overlap=3),
    _w(r170_enum_iterate_class, O3, overlap=3),
    _w(r170_enum_str_in_url_print, O3, overlap=3),
    _w(r170_enum_missing_hook_prints, O3, overlap=3),
    _w(r170_pyd_model_validate_loop, O3, cat="validation", overlap=3),
    _w(r170_pyd_kwargs_listcomp, O3, cat="validation", overlap=3),
    _w(r170_pyd_validator_raises_loop, cat="validation"),
    _w(r170_pyd_validator_raises_caught, O3, cat="validation", overlap=3),
    _w(r170_pyd_fetch_all_then_put, READ_PUT, overlap=3),
    _w(r170_httpx_client_records, HTTPX3, cat="clients", overlap=3),
    _w(r170_sqlite_rows_to_records, O3, cat="db", args=web_tmp, setup=_db_setup, overlap=3),
    _o(r170_oa_answers_pydantic, O3, overlap=3),
    _o(r170_oa_replies_dataclass_loop, O3, overlap=3),
    _o(r170_oa_sorted_then_followup, OA_STAGES, overlap=3),
    _w(r170_async_dataclass_loop_print, O3, drive=_ahttp, overlap=3),
    _w(r170_async_helper_records_listcomp, O3, cat="helpers", drive=_ahttp, overlap=3),
    _w(r170_async_detail_per_record, O3, cat="helpers", drive=_ahttp, overlap=3),
    _o(r170_async_oa_replies, O3, drive=_aoa, overlap=3),
    _w(r170_x_loud_row_before_read, O3, overlap=3),
    _w(r170_x_checked_row_after_read, cat="validation"),
    _w(r170_x_post_init_moves_class_cursor, O2, cat="state"),
    _w(r170_x_property_counter_in_helper, O3, cat="state"),
    _w(r170_x_frozen_renamed_between, O2, cat="state"),
    _w(r170_x_helper_builds_announced, O3, cat="helpers", overlap=3),
    _w(r170_x_helper_builds_numbered, O3, cat="helpers", overlap=3),
    _w(r170_x_async_helper_announced, O3, cat="helpers", drive=_ahttp, overlap=3),
    _w(r170_x_async_helper_numbered, O3, cat="helpers", drive=_ahttp, overlap=3),
    _w(r170_x_checked_in_read_args, cat="validation"),
    _w(r170_x_helper_builds_plain_counter, O3, cat="state"),
    _w(r170_x_helper_post_init_puts, cat="helpers"),
    _w(r170_x_helper_builds_registry, O3, cat="state"),
    _w(r170_x_straight_builds_numbered, O2, cat="state"),
    _w(r170_x_helper_record_reads_config, O2, cat="rebind"),
    _w(r170_x_helper_default_factory, O3, cat="state"),
    _w(r170_x_helper_pydantic_tracks, O3, cat="state"),
    _w(r170_x_helper_enum_missing_tracks, O3, cat="state"),
]

FIXED_WHY: dict[str, str] = {
    "r170_x_helper_builds_numbered":
        "A helper GETs and returns `Numbered(...)`, whose dataclass `__post_init__` does "
        "`Numbered.next_n += 1`: the helpers overlap and number the records in completion "
        "order ('3:a' vs '1:a'). A constructor in a helper's `return` is not counted in the "
        "helper's summary, so a change of class state there is missed.",
    "r170_x_async_helper_numbered":
        "The same in async: `[await aget_numbered(http, k, ms) ...]`, the coroutine returning "
        "`Numbered(...)`, overlaps and numbers in completion order.",
    "r170_x_helper_builds_plain_counter":
        "The same with a hand-written class: `__init__` does `PlainNumbered.next_n += 1`; "
        "`[fetch_plain_numbered(...) for ...]` overlaps and numbers in completion order.",
    "r170_x_helper_builds_registry":
        "The constructor returned by the helper stores into a module dict "
        "(`_REG[key] = len(_REG)`): keys land in completion order ('b' first vs 'a').",
    "r170_x_straight_builds_numbered":
        "Minimal: two straight-line `fetch_numbered(...)` calls overlap; the faster second "
        "constructs first ('2:a' vs '1:a').",
    "r170_x_helper_record_reads_config":
        "The helper's returned `Tiered(...)` reads the global `CONFIG` in `__post_init__`; "
        "the second call is started above `CONFIG['tier'] = 'gold'` and builds 'basic' "
        "('basic' vs 'gold'): the constructor's global read is not among the helper's reads.",
    "r170_x_helper_default_factory":
        "A dataclass field's `default_factory` (appends to a module list to make ids) runs in "
        "the helper's returned constructor; overlapped, ids follow completion order.",
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
