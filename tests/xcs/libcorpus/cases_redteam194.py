"""Red-team cases (stop 194): records around reads.

Validating into a pydantic model (``Model(...)``, ``model_validate``, ``model_validate_json``)
and dumping one (``model_dump``, ``model_dump_json``) are pure when the model's schema holds
no code of the user's, and dataclass and pydantic objects whose classes run none of the
user's code when read, tested or formatted are plain data to a loop's checks. These cases
attack both: validators of every kind (field, model, ``AfterValidator`` in ``Annotated``),
default factories of the user's, computed fields, ``model_post_init``, a custom
``__init__``, ``__eq__``/``__repr__`` overrides, pydantic's own repr hooks
(``__repr_str__``, ``__repr_name__``), enum fields with ``_missing_``, nested models,
``Any`` fields holding objects of the user's, ``from_attributes`` (on the outer and on a
nested model), frozen models as dict keys, generic and root models, ``validate_assignment``,
an unhashable default pydantic deep-copies, inputs that pydantic converts by calling their
``__float__`` or reads through a ``Mapping`` of the user's, ``serialize_as_any``, a field
assigned an object of the wrong type; dataclasses with ``__post_init__``, properties,
``__eq__``, slots, frozen, a base class's printing ``__repr__``, ``default_factory`` of the
user's, and items mutated by the loop body before their turn (a later item's ``ms``, a
shared list, a linked item). Sibling calls get unequal latencies, slow first, so a
reordering shows. `FAILING` holds the cases that differed or crashed under jit when written,
with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Generic, TypeVar

import requests
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    computed_field,
    field_validator,
    model_validator,
)

from tests.xcs.libcorpus._case import CLIENT_CPU, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam194")

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)
SERIAL_OA = (CLIENT_CPU + 0.28) / (CLIENT_CPU + 0.15)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def _ask(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== pydantic models


class Answer(BaseModel):
    key: str
    text: str
    tags: list[str] = Field(default_factory=list)


class Req(BaseModel):
    key: str
    ms: int


class Shouted(BaseModel):
    key: str
    text: str

    @field_validator("text")
    @classmethod
    def shout(cls, v: str) -> str:
        print("validating", v)
        return v.upper()


class Checked(BaseModel):
    key: str
    text: str

    @model_validator(mode="after")
    def check(self) -> Checked:
        print("checked", self.key)
        return self


def _noisy_strip(v: str) -> str:
    print("strip", v)
    return v.strip()


class Annot(BaseModel):
    key: str
    text: Annotated[str, AfterValidator(_noisy_strip)]


SEQ = [0]


def next_id() -> int:
    SEQ[0] += 1
    return SEQ[0]


class Numbered(BaseModel):
    key: str
    text: str
    id: int = Field(default_factory=next_id)


class Scored(BaseModel):
    key: str
    text: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def size(self) -> int:
        print("size of", self.key)
        return len(self.text)



class Inited(BaseModel):
    key: str
    text: str

    def __init__(self, **data: Any) -> None:
        print("init", data.get("key"))
        super().__init__(**data)


class EqModel(BaseModel):
    key: str
    ms: int

    def __eq__(self, other: object) -> bool:
        print("eq", self.key)
        return isinstance(other, EqModel) and self.key == other.key


class ReprModel(BaseModel):
    key: str
    ms: int

    def __repr__(self) -> str:
        print("repr", self.key)
        return f"<{self.key}>"


class Mood(enum.Enum):
    GOOD = "good"
    BAD = "bad"

    @classmethod
    def _missing_(cls, value: object) -> Mood:
        print("missing", value)
        return cls.BAD


class Rated(BaseModel):
    key: str
    mood: Mood


class Part(BaseModel):
    text: str

    @field_validator("text")
    @classmethod
    def low(cls, v: str) -> str:
        print("part", v)
        return v.lower()


class Whole(BaseModel):
    key: str
    part: Part


class Tag:
    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        print("tag name", self._name)
        return self._name


class Holder(BaseModel):
    key: str
    ms: int
    meta: Any = None


@dataclasses.dataclass
class Row:
    key: str
    ms: int

    @property
    def url_key(self) -> str:
        print("url key", self.key)
        return self.key


class FromRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    url_key: str
    ms: int


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)
    key: str
    ms: int


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


class Keys(RootModel[list[Req]]):
    pass


class Watched(BaseModel):
    model_config = ConfigDict(validate_assignment=True)
    key: str
    text: str = ""

    @field_validator("text")
    @classmethod
    def seen(cls, v: str) -> str:
        if v:
            print("assigned", v)
        return v


class Tracker:
    """An object that copies loudly; defining `__eq__` leaves it unhashable, so pydantic
    deep-copies it as a default."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tracker) and other.name == self.name

    def __deepcopy__(self, memo: dict) -> Tracker:
        print("copy tracker", self.name)
        return Tracker(self.name)


class Traced(BaseModel):
    key: str
    ms: int
    trace: Any = Tracker("t")


class Millis:
    def __init__(self, n: int) -> None:
        self.n = n

    def __float__(self) -> float:
        print("as float", self.n)
        return float(self.n)

    def __repr__(self) -> str:
        print("millis repr", self.n)
        return f"Millis({self.n})"


class AccessRow(Mapping):
    """A row that logs each field read."""

    def __init__(self, **data: Any) -> None:
        self._data = data

    def __getitem__(self, k: str) -> Any:
        print("read field", k)
        return self._data[k]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class Brief(BaseModel):
    key: str
    ms: int

    def __repr_str__(self, join_str: str) -> str:
        print("brief", self.key)
        return f"{self.key}@{self.ms}"


class Named(BaseModel):
    key: str
    ms: int

    def __repr_name__(self) -> str:
        print("name of", self.key)
        return "Named"


class Inner(BaseModel):
    v: str


class LoudInner(Inner):
    @computed_field  # type: ignore[prop-decorator]
    @property
    def loud(self) -> str:
        print("computed", self.v)
        return self.v.upper()


class Outer(BaseModel):
    key: str
    inner: Inner


class Secret:
    def __init__(self, s: str) -> None:
        self.s = s

    def __eq__(self, other: object) -> bool:
        print("secret eq", self.s)
        return isinstance(other, Secret) and other.s == self.s

    __hash__ = object.__hash__


class AttrInner(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    url_key: str


class Wrapper(BaseModel):
    ms: int
    row: AttrInner


# ----------------------------------------------------------------------------- pydantic cases


def r194_pd_plain_loop(web: str) -> list[dict]:
    out = []
    for k, ms in KEYS:
        out.append(Answer(key=k, text=_get(web, k, ms)))
    return [a.model_dump() for a in out]


def r194_pd_dump_json_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        a = Answer(key=k, text=_get(web, k, ms))
        print(a.model_dump_json())
        out.append(a.text)
    return out


def r194_pd_validate_json_comp(web: str) -> list[Answer]:
    return [Answer.model_validate_json(json.dumps({"key": k, "text": _get(web, k, ms)}))
            for k, ms in KEYS]


def r194_pd_validate_dict_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("asking", k)
        a = Answer.model_validate({"key": k, "text": _get(web, k, ms), "tags": [k]})
        print("got", a)
        out.append(repr(a))
    return out


def r194_pd_field_validator(web: str) -> list[Shouted]:
    return [Shouted(key=k, text=_get(web, k, ms)) for k, ms in KEYS]


def r194_pd_model_validator(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("fetch", k)
        out.append(Checked(key=k, text=_get(web, k, ms)).text)
    return out


def r194_pd_after_validator(web: str) -> list[str]:
    return [Annot(key=k, text=" " + _get(web, k, ms)).text for k, ms in KEYS]


def r194_pd_default_factory_counter(web: str) -> list[Any]:
    out = []
    for k, ms in KEYS:
        n = Numbered(key=k, text=_get(web, k, ms))
        print(n.id, n.key)
        out.append(n.model_dump())
    return out


def r194_pd_computed_field(web: str) -> list[dict]:
    out = []
    for k, ms in KEYS:
        s = Scored(key=k, text=_get(web, k, ms))
        out.append(s.model_dump())
    return out



def r194_pd_custom_init(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("fetch", k)
        out.append(Inited(key=k, text=_get(web, k, ms)).text)
    return out


def r194_pd_eq_override_items(web: str) -> list[str]:
    items = [EqModel(key=k, ms=ms) for k, ms in KEYS]
    first = items[0]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, it.key, 10 if it == first else it.ms))
    return out


def r194_pd_repr_override_items(web: str) -> list[str]:
    items = [ReprModel(key=k, ms=ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetching", it)
        out.append(_get(web, it.key, it.ms))
    return out


def r194_pd_enum_missing(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        text = _get(web, k, ms)
        r = Rated(key=k, mood="good" if k == "a" else text)
        out.append(r.mood.value)
    return out


def r194_pd_nested_validator(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("whole", k)
        w = Whole(key=k, part={"text": _get(web, k, ms).upper()})
        out.append(w.part.text)
    return out


def r194_pd_any_field_property(web: str) -> list[str]:
    items = [Holder(key=k, ms=ms, meta=Tag(k)) for k, ms in KEYS]
    out = []
    for it in items:
        print("holder", it.key)
        out.append(_get(web, it.meta.name, it.ms))
    return out


def r194_pd_from_attributes(web: str) -> list[str]:
    rows = [Row(k, ms) for k, ms in KEYS]
    out = []
    for row in rows:
        print("row", row.key)
        m = FromRow.model_validate(row)
        out.append(_get(web, m.url_key, m.ms))
    return out


def r194_pd_frozen_keys(web: str) -> dict[str, str]:
    reqs = [Frozen(key=k, ms=ms) for k, ms in KEYS]
    seen: dict[Frozen, str] = {}
    for r in reqs:
        print("req", r.key)
        seen[r] = _get(web, r.key, r.ms)
    return {f"{r.key}:{r.ms}": v for r, v in seen.items()}


def r194_pd_generic_page(web: str) -> dict:
    page = Page[Req](items=[Req(key=k, ms=ms) for k, ms in KEYS], total=3)
    texts = []
    for it in page.items:
        print("page item", it.key)
        texts.append(_get(web, it.key, it.ms))
    return {"page": page.model_dump(), "texts": texts}


def r194_pd_root_model(web: str) -> list[str]:
    keys = Keys.model_validate([{"key": k, "ms": ms} for k, ms in KEYS])
    out = []
    for r in keys.root:
        print("root item", r.key)
        out.append(_get(web, r.key, r.ms))
    return out


def r194_pd_validate_assignment(web: str) -> list[str]:
    ws = [Watched(key=k) for k, _ in KEYS]
    for w, (k, ms) in zip(ws, KEYS, strict=True):
        w.text = _get(web, k, ms)
    return [w.text for w in ws]


def r194_pd_default_deepcopy(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("next", k)
        out.append(_get(web, Traced(key=k, ms=ms).key, ms))
    return out


def r194_pd_default_deepcopy_validate(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("next", k)
        out.append(_get(web, Traced.model_validate({"key": k, "ms": ms}).key, ms))
    return out


def r194_pd_default_deepcopy_prelude(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("next", k)
        q = Traced(key=k, ms=ms)
        out.append(_get(web, q.key, q.ms))
    return out


def r194_pd_float_coercion(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("next", k)
        out.append(_get(web, k, Req(key=k, ms=Millis(ms)).ms))
    return out


def r194_pd_mapping_input(web: str) -> list[str]:
    rows = [AccessRow(key=k, ms=40) for k, _ in KEYS]
    out = []
    for row in rows:
        print("row")
        out.append(_get(web, Req.model_validate(row).key, 40))
    return out


def r194_pd_repr_str_hook(web: str) -> list[str]:
    items = [Brief(key=k, ms=ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetch", it.key)
        out.append(_get(web, str(it), it.ms))
    return out



def r194_pd_repr_name_hook(web: str) -> list[str]:
    items = [Named(key=k, ms=ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetch", it.key)
        out.append(_get(web, it.key, len(repr(it))))
    return out


def r194_pd_serialize_as_any(web: str) -> list[str]:
    outs = [Outer(key=k, inner=LoudInner(v=k)) for k, _ in KEYS]
    res = []
    for (k, ms), o in zip(KEYS, outs, strict=True):
        print("outer", k)
        d = o.model_dump(serialize_as_any=True)
        res.append(_get(web, d["inner"]["loud"].lower(), ms))
    return res


def r194_pd_wrong_type_dump(web: str) -> list[Any]:
    items = [Req(key=k, ms=ms) for k, ms in KEYS]
    items[1].ms = Millis(40)  # type: ignore[assignment]
    out = []
    for it in items:
        print("fetch", it.key)
        d = it.model_dump()
        out.append(_get(web, d["key"], 40 if isinstance(d["ms"], Millis) else d["ms"]))
    return out


def r194_pd_private_eq(web: str) -> list[str]:
    class Tok(BaseModel):
        key: str
        ms: int
        _secret: Any = None

    items = []
    for k, ms in KEYS:
        t = Tok(key=k, ms=ms)
        t._secret = Secret(k)
        items.append(t)
    ref = Tok(key="a", ms=150)
    ref._secret = Secret("a")
    out = []
    for it in items:
        print("tok", it.key)
        out.append(_get(web, it.key, 10 if it == ref else it.ms))
    return out


def r194_pd_nested_from_attributes(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("wrap", k)
        out.append(_get(web, Wrapper(ms=ms, row=Row(k, ms)).row.url_key, ms))
    return out


def r194_pd_dump_items(web: str) -> list[str]:
    items = [Req(key=k, ms=ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetch", it.key)
        out.append(_get(web, it.key, it.model_dump()["ms"]))
    return out


def r194_pd_prelude_in_body(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        q = Req(key=k, ms=ms)
        out.append(_get(web, q.key, q.ms))
    return out


def r194_pd_dump_in_params(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        q = Req(key=k, ms=ms)
        print("query", q)
        r = requests.get(f"{web}/items/{k}", params=q.model_dump(), timeout=5)
        out.append(r.json()["value"])
    return out


def r194_pd_items_mutated_later(web: str) -> list[str]:
    items = [Req(key=k, ms=ms) for k, ms in KEYS]
    out = []
    for i, it in enumerate(items):
        out.append(_get(web, it.key, it.ms))
        if i + 1 < len(items):
            items[i + 1].ms = 20
    return out


def r194_pd_log_records(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        q = Req(key=k, ms=ms)
        LOG.info("request %s", q)
        out.append(_get(web, q.key, q.ms))
    return out


def r194_pd_log_repr_override(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        q = ReprModel(key=k, ms=ms)
        LOG.info("request %r", q)
        out.append(_get(web, q.key, q.ms))
    return out


# =========================================================================== dataclasses


@dataclasses.dataclass
class Item:
    key: str
    ms: int


@dataclasses.dataclass
class Announced:
    key: str
    text: str

    def __post_init__(self) -> None:
        print("made", self.key)


@dataclasses.dataclass
class Slugged:
    key: str
    ms: int

    @property
    def slug(self) -> str:
        print("slug of", self.key)
        return self.key


@dataclasses.dataclass
class Eqd:
    key: str
    ms: int

    def __eq__(self, other: object) -> bool:
        print("eqd", self.key)
        return isinstance(other, Eqd) and other.key == self.key


@dataclasses.dataclass(slots=True)
class Slot:
    key: str
    ms: int


@dataclasses.dataclass(frozen=True)
class FrozenItem:
    key: str
    ms: int


class LoudBase:
    def __repr__(self) -> str:
        print("base repr", getattr(self, "key", "?"))
        return f"LoudBase({getattr(self, 'key', '?')})"


@dataclasses.dataclass(repr=False)
class Child(LoudBase):
    key: str
    ms: int


def next_seq() -> int:
    SEQ[0] += 1
    return SEQ[0]


@dataclasses.dataclass
class Ticket:
    key: str
    ms: int
    seq: int = dataclasses.field(default_factory=next_seq)


@dataclasses.dataclass
class StrItem:
    key: str
    ms: int

    def __str__(self) -> str:
        print("str of", self.key)
        return self.key


class Note:
    def __init__(self, s: str) -> None:
        self.s = s

    def __repr__(self) -> str:
        print("note repr", self.s)
        return f"Note({self.s})"


@dataclasses.dataclass
class Noted:
    key: str
    ms: int
    note: Note


@dataclasses.dataclass
class Linked:
    key: str
    ms: int
    next: Linked | None = None


@dataclasses.dataclass
class Tagged:
    key: str
    ms: int
    tags: list[str]




def _reset_seq(fn: Any, env: Env) -> Any:
    SEQ[0] = 0
    return fn(env.web)


def _items(env: Env) -> tuple:
    return (env.web, [Item(k, ms) for k, ms in KEYS])


# ----------------------------------------------------------------------------- dataclass cases


def r194_dc_items_print_loop(web: str, items: list[Item]) -> list[str]:
    out = []
    for it in items:
        print("fetching", it)
        text = _get(web, it.key, it.ms)
        print(it.key, "->", text)
        out.append(text)
    return out


def r194_dc_post_init(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        a = Announced(k, _get(web, k, ms))
        out.append(a.text)
    return out


def r194_dc_property_items(web: str) -> list[str]:
    items = [Slugged(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetching", it.key)
        out.append(_get(web, it.slug, it.ms))
    return out


def r194_dc_user_eq_items(web: str) -> list[str]:
    items = [Eqd(k, ms) for k, ms in KEYS]
    first = items[0]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, it.key, 10 if it == first else it.ms))
    return out


def r194_dc_slots_items(web: str) -> list[str]:
    items = [Slot(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("slot", it)
        out.append(_get(web, it.key, it.ms))
    return out


def r194_dc_frozen_keys(web: str) -> list[str]:
    items = [FrozenItem(k, ms) for k, ms in KEYS]
    got: dict[FrozenItem, str] = {}
    for it in items:
        print("frozen", it)
        got[it] = _get(web, it.key, it.ms)
    return [f"{k.key}={v}" for k, v in got.items()]


def r194_dc_base_repr_header(web: str) -> list[str]:
    items = [Child(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("child", it.key)
        r = requests.get(f"{web}/items/{it.key}", params={"ms": it.ms, "who": f"{it!r}"},
                         timeout=5)
        out.append(r.json()["value"])
    return out


def r194_dc_default_factory_counter(web: str) -> list[Any]:
    out = []
    for k, ms in KEYS:
        print("ticket for", k)
        t = Ticket(k, ms)
        out.append((t.seq, _get(web, t.key, t.ms)))
    return out


def r194_dc_str_in_url(web: str) -> list[str]:
    items = [StrItem(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetch", it.key)
        out.append(_get(web, f"{it}", it.ms))
    return out


def r194_dc_fstring_plain_item(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetch", it.key)
        out.append(_get(web, f"{it}".partition("'")[2][0], it.ms))
    return out


def r194_dc_field_repr_prints(web: str) -> list[str]:
    items = [Noted(k, ms, Note(k)) for k, ms in KEYS]
    out = []
    for it in items:
        print("noted", it.key)
        r = requests.get(f"{web}/items/{it.key}", params={"ms": it.ms, "rec": repr(it)},
                         timeout=5)
        out.append(r.json()["value"])
    return out


def r194_dc_mutate_later_item(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for i, it in enumerate(items):
        out.append(_get(web, it.key, it.ms))
        if i + 1 < len(items):
            items[i + 1].ms = 20
    return out


def shorten(it: Item) -> None:
    it.ms = it.ms // 3


def r194_dc_mutate_later_helper(web: str, items: list[Item]) -> list[str]:
    out = []
    for i, it in enumerate(items):
        print("at", it.key, it.ms)
        out.append(_get(web, it.key, it.ms))
        if i + 1 < len(items):
            shorten(items[i + 1])
    return out


def r194_dc_mutate_via_link(web: str) -> list[str]:
    c = Linked("c", 90)
    b = Linked("b", 40, c)
    a = Linked("a", 150, b)
    out = []
    for it in (a, b, c):
        out.append(_get(web, it.key, it.ms))
        if it.next is not None:
            it.next.ms = 15
    return out


def r194_dc_shared_tags_list(web: str) -> list[str]:
    shared: list[str] = []
    items = [Tagged(k, ms, shared) for k, ms in KEYS]
    out = []
    for it in items:
        r = requests.get(f"{web}/items/{it.key}",
                         params={"ms": it.ms, "tags": ",".join(it.tags) or "-"}, timeout=5)
        out.append(r.json()["value"])
        it.tags.append(it.key)
    return out


def r194_dc_asdict_params(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("asdict", it.key)
        r = requests.get(f"{web}/items/{it.key}", params=dataclasses.asdict(it), timeout=5)
        out.append(r.json()["value"])
    return out



def r194_dc_log_records(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        LOG.info("fetching %s", it)
        out.append(_get(web, it.key, it.ms))
    return out


def r194_dc_log_field_repr(web: str) -> list[str]:
    items = [Noted(k, ms, Note(k)) for k, ms in KEYS]
    out = []
    for it in items:
        LOG.info("fetching %s", it)
        out.append(_get(web, it.key, it.ms))
    return out



def r194_dc_comp_records(web: str) -> list[Item]:
    items = [Item(k, ms) for k, ms in KEYS]
    return [Item(_get(web, it.key, it.ms), it.ms) for it in items]


# =========================================================================== openai


def r194_oa_answers_models(client: Any) -> list[dict]:
    out = []
    for q, lat in (("Why?", 0.15), ("How?", 0.04), ("When?", 0.09)):
        a = Answer(key=q, text=_ask(client, q, lat))
        print("answer", a.key, len(a.text))
        out.append(a.model_dump())
    return out


def r194_oa_validator_answers(client: Any) -> list[str]:
    return [Shouted(key=q, text=_ask(client, q, lat)).text
            for q, lat in (("Why?", 0.15), ("How?", 0.04), ("When?", 0.09))]


@dataclasses.dataclass
class Prompt:
    q: str
    lat: float


def r194_oa_dataclass_prompts(client: Any) -> list[str]:
    prompts = [Prompt("Why?", 0.15), Prompt("How?", 0.04), Prompt("When?", 0.09)]
    out = []
    for p in prompts:
        print("prompt", p)
        out.append(_ask(client, p.q, p.lat))
    return out


def r194_oa_prompt_mutated(client: Any) -> list[str]:
    prompts = [Prompt("Why?", 0.15), Prompt("How?", 0.04), Prompt("When?", 0.09)]
    out = []
    for i, p in enumerate(prompts):
        out.append(_ask(client, p.q, p.lat))
        if i + 1 < len(prompts):
            prompts[i + 1].q = p.q + " " + prompts[i + 1].q
    return out



# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _oa(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=oa, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r194_pd_plain_loop, IDEAL3, overlap=3),
    _w(r194_pd_dump_json_prints, IDEAL3, overlap=3),
    _w(r194_pd_validate_json_comp, IDEAL3, overlap=3),
    _w(r194_pd_validate_dict_prints, IDEAL3),
    _w(r194_pd_field_validator, IDEAL3),
    _w(r194_pd_model_validator, IDEAL3),
    _w(r194_pd_after_validator, IDEAL3),
    _w(r194_pd_default_factory_counter, IDEAL3, drive=_reset_seq),
    _w(r194_pd_computed_field, IDEAL3),
    _w(r194_pd_custom_init, IDEAL3),
    _w(r194_pd_eq_override_items, over(0.01, 0.04, 0.09)),
    _w(r194_pd_repr_override_items, IDEAL3),
    _w(r194_pd_enum_missing, IDEAL3),
    _w(r194_pd_nested_validator, IDEAL3),
    _w(r194_pd_any_field_property, IDEAL3),
    _w(r194_pd_from_attributes, IDEAL3),
    _w(r194_pd_frozen_keys, IDEAL3),
    _w(r194_pd_generic_page, IDEAL3),
    _w(r194_pd_root_model, IDEAL3),
    _w(r194_pd_validate_assignment, IDEAL3),
    _w(r194_pd_default_deepcopy, IDEAL3),
    _w(r194_pd_default_deepcopy_validate, IDEAL3),
    _w(r194_pd_default_deepcopy_prelude, IDEAL3),
    _w(r194_pd_float_coercion, IDEAL3),
    _w(r194_pd_mapping_input, 3.0),
    _w(r194_pd_repr_str_hook, IDEAL3),
    _w(r194_pd_repr_name_hook, over(0.022, 0.021, 0.021)),
    _w(r194_pd_serialize_as_any, IDEAL3),
    _w(r194_pd_wrong_type_dump, IDEAL3),
    _w(r194_pd_private_eq, over(0.01, 0.04, 0.09)),
    _w(r194_pd_nested_from_attributes, IDEAL3),
    _w(r194_pd_dump_items, IDEAL3),
    _w(r194_pd_prelude_in_body, IDEAL3),
    _w(r194_pd_dump_in_params, IDEAL3),
    _w(r194_pd_items_mutated_later, 1.0),
    _w(r194_pd_log_records, IDEAL3),
    _w(r194_pd_log_repr_override, IDEAL3),
    _w(r194_dc_items_print_loop, IDEAL3, args=_items, overlap=3),
    _w(r194_dc_post_init, IDEAL3),
    _w(r194_dc_property_items, IDEAL3),
    _w(r194_dc_user_eq_items, over(0.01, 0.04, 0.09)),
    _w(r194_dc_slots_items, IDEAL3, overlap=3),
    _w(r194_dc_frozen_keys, IDEAL3),
    _w(r194_dc_base_repr_header, IDEAL3),
    _w(r194_dc_default_factory_counter, IDEAL3, drive=_reset_seq),
    _w(r194_dc_str_in_url, IDEAL3),
    _w(r194_dc_fstring_plain_item, IDEAL3),
    _w(r194_dc_field_repr_prints, IDEAL3),
    _w(r194_dc_mutate_later_item, 1.0),
    _w(r194_dc_mutate_later_helper, 1.0, args=_items),
    _w(r194_dc_mutate_via_link, 1.0),
    _w(r194_dc_shared_tags_list, 1.0),
    _w(r194_dc_asdict_params, IDEAL3),
    _w(r194_dc_log_records, IDEAL3),
    _w(r194_dc_log_field_repr, IDEAL3),
    _w(r194_dc_comp_records, IDEAL3, overlap=3),
    _oa(r194_oa_answers_models, SERIAL_OA),
    _oa(r194_oa_validator_answers, SERIAL_OA),
    _oa(r194_oa_dataclass_prompts, SERIAL_OA),
    _oa(r194_oa_prompt_mutated, 1.0),
]

FIXED_WHY: dict[str, str] = {
    "r194_pd_default_deepcopy": (
        "The three `copy tracker` prints come before the loop's `next` prints: `Traced(...)` in "
        "a read's arguments counts as pure (its schema holds no callable of the user's), but an "
        "unhashable default of the user's (`trace: Any = Tracker('t')`) is deep-copied by "
        "pydantic on every validation, running the default's `__deepcopy__` early."),
    "r194_pd_default_deepcopy_validate": (
        "Same as r194_pd_default_deepcopy through `Traced.model_validate({...})`: `_free` walks "
        "a `default` value that is not callable as free, yet pydantic deep-copies it."),
    "r194_pd_float_coercion": (
        "`as float` prints come first: validating `Req(ms=Millis(ms))` is taken as pure by its "
        "schema alone, but pydantic's lax int validation calls the argument's `__float__` (the "
        "rule does not look at what it is handed)."),
    "r194_pd_mapping_input": (
        "`read field` prints come before the `row` prints: `model_validate(row)` with a "
        "`Mapping` of the user's reads it through its `__getitem__`; `_data_only` checks only "
        "the keyword arguments, not the input."),
    "r194_pd_repr_str_hook": (
        "`brief` prints come first: `str(it)` of a model overriding pydantic's `__repr_str__` "
        "(what BaseModel's `__str__`/`__format__` call) is taken as plain data: `record_type`'s "
        "dunder list lacks `__repr_str__`."),
    "r194_pd_repr_name_hook": (
        "`name of` prints come first: `repr(it)` runs a `__repr_name__` of the user's "
        "(BaseModel's `__repr__` calls it), missing from `record_type`'s list."),
    "r194_pd_nested_from_attributes": (
        "`url key` prints come first: the outer model's config lacks `from_attributes` but the "
        "nested `AttrInner`'s has it, so validating `Wrapper(row=Row(...))` reads `Row`'s "
        "property; the rule checks only the owner's `model_config`."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
