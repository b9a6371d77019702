"""Red-team cases (stop 74): request and response models.

pydantic v2 models whose `field_validator`/`model_validator` raise or call the server,
`default_factory` with side effects, `model_post_init`, `computed_field`, `field_serializer`,
`model_dump`/`model_dump_json` with the user's serializers, `TypeAdapter.validate_python`,
`ValidationError` caught and turned into a fallback request; `attrs` classes (validators,
converters, `on_setattr`, `__attrs_post_init__`, `evolve`); dataclasses (`__post_init__`
doing I/O, `field(default_factory=...)`, `frozen`, `replace`, `asdict` of nested objects);
`jsonschema.validate` before a POST; `NamedTuple`/`TypedDict` rows. The validation decides
whether the next request happens, so a wrong early start shows as an extra request or a
reordered write. Sibling calls get unequal latencies, slow first. `FAILING` holds the
cases that differed or crashed under jit when written, with `FAILING_WHY` saying what
differed.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import enum
import functools
import itertools
import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NamedTuple

import attrs
import httpx
import jsonschema
import pydantic
import requests
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    computed_field,
    field_serializer,
    field_validator,
    model_validator,
)
from typing_extensions import TypedDict

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam74")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int = 40) -> dict[str, Any]:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()


def _val(web: str, key: str, ms: int = 40) -> str:
    return _get(web, key, ms)["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _post_json(web: str, key: str, body: Any) -> int:
    return requests.post(f"{web}/items/{key}", json=body, timeout=5).json()["version"]


def _listing(web: str) -> dict[str, Any]:
    return requests.get(f"{web}/items?ms=30", timeout=5).json()


COUNTER = {"n": 0}


def _reset(env: Env) -> None:
    COUNTER["n"] = 0
    SEEN.clear()
    WEB["url"] = env.web


SEEN: list[str] = []
WEB: dict[str, str] = {"url": ""}


# =========================================================================== pydantic: validators


class Reading(BaseModel):
    key: str
    value: str

    @field_validator("value")
    @classmethod
    def not_stale(cls, v: str) -> str:
        if v.endswith("stale"):
            raise ValueError(f"stale reading {v}")
        return v


def validator_raises_fallback_get(web: str) -> list[str]:
    """A stale reading is refused; the fallback key is read instead, then all is stored."""
    out = []
    for key, ms in (("temp", 150), ("stale", 30), ("wind", 90)):
        data = _get(web, key, ms)
        try:
            out.append(Reading.model_validate(data).value)
        except ValidationError as exc:
            out.append("fallback:" + _val(web, f"backup-{key}", 60))
            out.append(str(exc.error_count()))
    _put(web, "readings", ",".join(out))
    return out


class Sku(BaseModel):
    sku: str

    @field_validator("sku")
    @classmethod
    def known(cls, v: str) -> str:
        # the catalogue answers what was stored under sku-<v>; unknown ones are v-sku-<v>
        stored = requests.get(f"{WEB['url']}/items/sku-{v}?ms=40", timeout=5).json()["value"]
        if stored.startswith("v-"):
            raise ValueError(f"unknown sku {v}")
        return v + "@" + stored


def validator_calls_server_after_put(web: str) -> list[str]:
    """The validator GETs the catalogue; the PUT just before registers the sku it checks."""
    out = []
    for sku in ("apple", "pear", "plum"):
        if sku != "pear":
            _put(web, f"sku-{sku}", f"in-{sku}")
        try:
            out.append(Sku(sku=sku).sku)
        except ValidationError:
            out.append("rejected " + sku)
    return out


class Order(BaseModel):
    item: str
    qty: int

    @model_validator(mode="after")
    def audit(self) -> Order:
        requests.put(f"{WEB['url']}/items/audit-{self.item}", data=str(self.qty), timeout=5)
        return self


def model_validator_after_puts_audit(web: str) -> list[int]:
    """Each validated order PUTs an audit row from its `model_validator(mode="after")`."""
    a = _get(web, "order-a", 150)
    b = _get(web, "order-b", 30)
    oa = Order(item=a["value"], qty=1)
    ob = Order(item=b["value"], qty=2)
    listing = _listing(web)
    return [oa.qty, ob.qty, listing["writes"]]


class Window(BaseModel):
    lo: int
    hi: int

    @model_validator(mode="before")
    @classmethod
    def swap(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("lo", 0) > data.get("hi", 0):
            print("swapping", data)
            return {"lo": data["hi"], "hi": data["lo"]}
        return data


def model_validator_before_prints_between_gets(web: str) -> list[int]:
    out = []
    for key, ms in (("w1", 150), ("w2", 30), ("w3", 90)):
        n = len(_val(web, key, ms))
        w = Window(lo=n + (2 if key == "w2" else 0), hi=n)
        print("window", key, w.lo, w.hi)
        out.append(w.hi - w.lo)
    return out


def next_request_id() -> str:
    COUNTER["n"] += 1
    return f"req-{COUNTER['n']}"


class Envelope(BaseModel):
    body: str
    request_id: str = Field(default_factory=next_request_id)


def default_factory_counter_names_urls(web: str) -> list[str]:
    """A request id from a `default_factory` names the key each GET asks for."""
    out = []
    for body, ms in (("first", 150), ("second", 30), ("third", 80)):
        env = Envelope(body=body)
        out.append(_val(web, env.request_id, ms))
    return out


def _live_config() -> str:
    return requests.get(f"{WEB['url']}/items/config?ms=40", timeout=5).json()["value"]


class Job(BaseModel):
    name: str
    config: str = Field(default_factory=_live_config)


def default_factory_reads_after_put(web: str) -> list[str]:
    """The default is read from the server when the model is made, after the PUT."""
    _put(web, "config", "v1")
    j1 = Job(name="a")
    _put(web, "config", "v2")
    j2 = Job(name="b")
    j3 = Job(name="c", config="explicit")
    return [j1.config, j2.config, j3.config]


class Registered(BaseModel):
    name: str

    def model_post_init(self, __context: Any) -> None:
        requests.put(f"{WEB['url']}/items/reg-{self.name}", data=self.name, timeout=5)


def model_post_init_registers_then_lists(web: str) -> list[Any]:
    first = _val(web, "name-a", 150)
    second = _val(web, "name-b", 30)
    Registered(name=first)
    Registered(name=second)
    return _listing(web)["keys"]


class Price(BaseModel):
    sku: str
    cents: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def stock(self) -> str:
        return requests.get(f"{WEB['url']}/items/stock-{self.sku}?ms=40", timeout=5).json()[
            "value"]


def computed_field_reads_after_put(web: str) -> list[dict[str, Any]]:
    """`model_dump` runs the computed field, which GETs what the PUT before it stored."""
    p = Price(sku="kiwi", cents=int(_get(web, "cents", 120)["value"] == "v-cents"))
    _put(web, "stock-kiwi", "12")
    d1 = p.model_dump()
    _put(web, "stock-kiwi", "0")
    d2 = p.model_dump()
    return [d1, d2]


class Note(BaseModel):
    title: str
    tags: list[str]

    @field_serializer("tags")
    def tags_csv(self, tags: list[str]) -> str:
        print("serialising tags of", self.title)
        return ",".join(tags)


def field_serializer_prints_then_post(web: str) -> list[int]:
    out = []
    for key, ms in (("n1", 150), ("n2", 30), ("n3", 80)):
        note = Note(title=_val(web, key, ms), tags=[key, "x"])
        body = note.model_dump_json()
        print("posting", key)
        out.append(_post_json(web, f"note-{key}", json.loads(body)))
    return out


SERIAL = itertools.count(1)


class Stamped(BaseModel):
    value: str

    @field_serializer("value")
    def stamp(self, v: str) -> str:
        return f"{v}#{next(SERIAL)}"


def _reset_serial(env: Env) -> None:
    global SERIAL
    SERIAL = itertools.count(1)
    _reset(env)


def field_serializer_counter_into_put(web: str) -> list[str]:
    """Each dump takes the next stamp; the dumps are PUT in order after unequal GETs."""
    a = Stamped(value=_val(web, "sa", 150))
    b = Stamped(value=_val(web, "sb", 30))
    da = a.model_dump()
    db = b.model_dump()
    _put(web, "stamped-a", da["value"])
    _put(web, "stamped-b", db["value"])
    return [da["value"], db["value"]]


class Row(BaseModel):
    key: str
    value: str

    @field_validator("value")
    @classmethod
    def short(cls, v: str) -> str:
        if len(v) > 7:
            raise ValueError("too long")
        return v


ROWS = TypeAdapter(list[Row])


def type_adapter_list_fallback(web: str) -> list[str]:
    """A batch of rows validates as a whole; on error, each row is fetched again, short."""
    raw = [_get(web, k, ms) for k, ms in (("ab", 150), ("abcdefg", 30), ("c", 80))]
    try:
        rows = ROWS.validate_python(raw)
        return [r.value for r in rows]
    except ValidationError as exc:
        bad = [e["loc"][0] for e in exc.errors()]
        out = []
        for i, r in enumerate(raw):
            if i in bad:
                _put(web, f"short-{i}", "cut")
                out.append(_val(web, f"short-{i}", 30))
            else:
                out.append(r["value"])
        return out


class Strict(BaseModel):
    model_config = ConfigDict(strict=True)
    key: str
    value: int


def validate_json_strict_then_fallback_put(web: str) -> list[str]:
    """`model_validate_json(r.text)` fails (value is a str); the fallback PUTs a default."""
    out = []
    for key, ms in (("s1", 150), ("s2", 30)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        try:
            out.append(str(Strict.model_validate_json(r.text).value))
        except ValidationError:
            _put(web, key, "0")
            out.append("defaulted " + _val(web, key, 30))
    return out


def _note_seen(v: str) -> str:
    SEEN.append(v)
    return v


Tracked = Annotated[str, pydantic.BeforeValidator(_note_seen)]


class Tracking(BaseModel):
    value: Tracked


def before_validator_global_list_names_next(web: str) -> list[str]:
    """A `BeforeValidator` appends to a global list; its length names the next key."""
    out = []
    for ms in (150, 30, 90):
        t = Tracking(value=_val(web, f"track-{len(SEEN)}", ms))
        out.append(t.value)
    return out + [str(len(SEEN))]


def _or_default(v: Any, handler: Any) -> Any:
    try:
        return handler(v)
    except ValidationError:
        print("defaulting", v)
        return -1


Lenient = Annotated[int, pydantic.WrapValidator(_or_default)]


class Count(BaseModel):
    n: Lenient


def wrap_validator_prints_between_gets(web: str) -> list[int]:
    out = []
    for key, ms in (("c1", 150), ("c2", 30), ("c3", 90)):
        raw = _val(web, key, ms)
        print("got", key)
        out.append(Count(n=len(raw) if key != "c2" else raw).n)
    return out


class Cat(BaseModel):
    kind: Literal["cat"]
    name: str


class Dog(BaseModel):
    kind: Literal["dog"]
    name: str


PET = TypeAdapter(Annotated[Cat | Dog, Field(discriminator="kind")])


def discriminated_union_picks_route(web: str) -> list[Any]:
    """The validated variant decides which endpoint is written next."""
    out = []
    for kind, ms in (("dog", 150), ("cat", 30), ("cow", 60)):
        name = _val(web, f"pet-{kind}", ms)
        try:
            pet = PET.validate_python({"kind": kind, "name": name})
        except ValidationError:
            out.append("no " + kind)
            continue
        if isinstance(pet, Dog):
            out.append(_put(web, "kennel", pet.name))
        else:
            out.append(_put(web, "basket", pet.name))
    out.append(_listing(web)["keys"])
    return out


class Tag(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str


def frozen_models_dedupe_in_set(web: str) -> list[int]:
    """Frozen models hash by value; only the first of equal tags is PUT."""
    seen: set[Tag] = set()
    out = []
    for key, ms in (("t1", 150), ("t1", 30), ("t2", 60)):
        tag = Tag(name=_val(web, key, ms))
        if tag in seen:
            continue
        seen.add(tag)
        out.append(_put(web, f"tag-{tag.name}", tag.name))
    return out


class Profile(BaseModel):
    model_config = ConfigDict(validate_assignment=True)
    nick: str = "anon"

    @field_validator("nick")
    @classmethod
    def push(cls, v: str) -> str:
        requests.put(f"{WEB['url']}/items/nick", data=v, timeout=5)
        return v


def validate_assignment_validator_puts(web: str) -> list[Any]:
    """Assigning a field runs the validator, which PUTs; the GET after must see it."""
    p = Profile()
    p.nick = _val(web, "nick-src", 120)
    seen = _val(web, "nick", 30)
    p.nick = "second"
    return [seen, _val(web, "nick", 30)]


class Session(BaseModel):
    user: str
    _token: str = pydantic.PrivateAttr(default_factory=next_request_id)


def private_attr_factory_counter(web: str) -> list[str]:
    out = []
    for user, ms in (("u1", 150), ("u2", 30)):
        s = Session(user=user)
        out.append(_val(web, s._token, ms))
    return out


class Scores(pydantic.RootModel[list[int]]):
    @field_validator("root")
    @classmethod
    def nonneg(cls, v: list[int]) -> list[int]:
        if any(x < 0 for x in v):
            raise ValueError("negative score")
        return v


def root_model_rejects_then_skips_write(web: str) -> list[Any]:
    out: list[Any] = []
    for key, delta in (("sc-a", 1), ("sc-b", -9), ("sc-c", 2)):
        n = len(_val(web, key, 150 if key == "sc-a" else 30))
        try:
            scores = Scores([n, n + delta])
        except ValidationError:
            out.append("invalid " + key)
            continue
        out.append(_put(web, key, json.dumps(scores.root)))
    return out


class Patch(BaseModel):
    value: str
    version: int = 0


def model_copy_update_chain_puts(web: str) -> list[int]:
    """`model_copy(update=...)` per step; each step's write carries the version before it."""
    p = Patch(value=_val(web, "doc", 150))
    out = []
    for step in range(3):
        version = _put(web, "doc", p.model_dump_json())
        p = p.model_copy(update={"version": version, "value": p.value + str(step)})
        out.append(p.version)
    return out


def validation_error_message_decides_retry(web: str) -> list[str]:
    """Reads a list of rows; errors' types decide whether the retry endpoint is asked."""
    out = []
    for key, ms in (("e1", 150), ("e2", 30)):
        data = _get(web, key, ms)
        payload = {"key": data["key"], "value": data["value"] if key == "e1" else None}
        try:
            out.append(Reading.model_validate(payload).value)
        except ValidationError as exc:
            kinds = sorted({e["type"] for e in exc.errors()})
            print("invalid", key, kinds)
            if "string_type" in kinds:
                out.append(_val(web, f"retry-{key}", 40))
    return out


class Loud(BaseModel):
    x: int

    def __init__(self, **data: Any) -> None:
        print("making Loud", data)
        super().__init__(**data)


def custom_init_prints_between_reads(web: str) -> list[int]:
    a = _val(web, "la", 150)
    b = _val(web, "lb", 30)
    la = Loud(x=len(a))
    lb = Loud(x=len(b))
    print("made both")
    return [la.x, lb.x]


# ========================================================================================== attrs


def _positive(inst: Any, attribute: Any, value: int) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, got {value}")


@attrs.define
class Transfer:
    to: str
    amount: int = attrs.field(validator=_positive)


def attrs_validator_raises_stops_puts(web: str) -> list[int]:
    """The second transfer is invalid: the third's GET and PUT never happen."""
    out = []
    for to, amount, ms in (("alice", 5, 150), ("bob", 0, 30), ("carol", 3, 60)):
        dest = _val(web, f"acct-{to}", ms)
        t = Transfer(to=dest, amount=amount)
        out.append(_put(web, f"xfer-{to}", str(t.amount)))
    return out


def _resolve_name(uid: str) -> str:
    return requests.get(f"{WEB['url']}/items/user-{uid}?ms=40", timeout=5).json()["value"]


@attrs.define
class Member:
    name: str = attrs.field(converter=_resolve_name)


def attrs_converter_reads_after_put(web: str) -> list[str]:
    """The converter GETs the user's name, which the PUT before it just stored."""
    _put(web, "user-7", "grace")
    m1 = Member("7")
    _put(web, "user-7", "ada")
    m2 = Member("7")
    return [m1.name, m2.name]


def _log_change(inst: Any, attribute: Any, value: Any) -> Any:
    print(f"set {attribute.name}={value}")
    return value


@attrs.define(on_setattr=[attrs.setters.convert, attrs.setters.validate, _log_change])
class Cursor:
    pos: int = attrs.field(converter=int)


def attrs_on_setattr_prints_between_gets(web: str) -> list[int]:
    c = Cursor(0)
    out = []
    for key, ms in (("p1", 150), ("p2", 30), ("p3", 80)):
        c.pos = len(_val(web, key, ms))
        out.append(c.pos)
    return out


@attrs.define
class Upload:
    name: str
    size: int

    def __attrs_post_init__(self) -> None:
        requests.put(f"{WEB['url']}/items/upload-{self.name}", data=str(self.size), timeout=5)


def attrs_post_init_put_then_evolve(web: str) -> list[Any]:
    """`attrs.evolve` makes a new instance: its post-init PUTs again, after the GET."""
    u = Upload(name="doc", size=len(_val(web, "doc-size", 150)))
    size_seen = _val(web, "upload-doc", 30)
    u2 = attrs.evolve(u, size=99)
    return [size_seen, _val(web, "upload-doc", 30), u2.size]


def _stamp_from(self: Any) -> str:
    COUNTER["n"] += 1
    return f"{self.kind}-{COUNTER['n']}"


@attrs.define
class Ticket:
    kind: str
    ref: str = attrs.field(default=attrs.Factory(_stamp_from, takes_self=True))


def attrs_factory_takes_self_names_keys(web: str) -> list[str]:
    out = []
    for kind, ms in (("bug", 150), ("task", 30), ("bug", 80)):
        t = Ticket(kind)
        out.append(_val(web, t.ref, ms))
    return out


def _serialize_loud(inst: Any, field: Any, value: Any) -> Any:
    if field is not None and field.name == "secret":
        print("redacting", type(inst).__name__)
        return "***"
    return value


@attrs.define
class Creds:
    user: str
    secret: str


@attrs.define
class Connection:
    host: str
    creds: Creds


def attrs_asdict_value_serializer_prints_then_post(web: str) -> list[int]:
    out = []
    for host, ms in (("h1", 150), ("h2", 30)):
        user = _val(web, host, ms)
        conn = Connection(host=host, creds=Creds(user=user, secret="s3"))
        body = attrs.asdict(conn, value_serializer=_serialize_loud)
        print("posting", host)
        out.append(_post_json(web, f"conn-{host}", body))
    return out


@attrs.frozen
class Limit:
    name: str
    max: int = attrs.field(validator=attrs.validators.le(10))


def attrs_frozen_evolve_invalid_fallback(web: str) -> list[Any]:
    lim = Limit(name=_val(web, "lim", 150), max=5)
    out: list[Any] = []
    for bump in (3, 9):
        try:
            lim = attrs.evolve(lim, max=lim.max + bump)
            out.append(_put(web, "limit", str(lim.max)))
        except ValueError:
            out.append("capped " + _val(web, "limit", 30))
    return out


# ==================================================================================== dataclasses


@dataclass
class Detail:
    key: str
    ms: int
    value: str = ""

    def __post_init__(self) -> None:
        self.value = requests.get(f"{WEB['url']}/items/{self.key}?ms={self.ms}",
                                  timeout=5).json()["value"]


def dataclass_post_init_get_then_put(web: str) -> list[int]:
    """Each instance GETs in `__post_init__`; the PUT after it stores what it got."""
    out = []
    for key, ms in (("d1", 150), ("d2", 30), ("d3", 80)):
        d = Detail(key, ms)
        out.append(_put(web, f"copy-{key}", d.value))
    return out


@dataclass
class Subscriber:
    email: str

    def __post_init__(self) -> None:
        if "@" not in self.email:
            raise ValueError(f"bad email {self.email}")
        requests.put(f"{WEB['url']}/items/sub-{self.email}", data="1", timeout=5)


def dataclass_post_init_validates_and_puts(web: str) -> list[Any]:
    out: list[Any] = []
    for name, ms in (("ann@x", 150), ("bob", 30), ("cy@z", 60)):
        src = _val(web, f"src-{name}", ms)
        try:
            Subscriber(name)
            out.append(src)
        except ValueError as exc:
            out.append(str(exc))
    out.append(_listing(web)["keys"])
    return out


def _next_seq() -> int:
    COUNTER["n"] += 1
    return COUNTER["n"]


@dataclass
class Step:
    name: str
    seq: int = field(default_factory=_next_seq)
    notes: list[str] = field(default_factory=list)


def dataclass_default_factory_seq_orders_puts(web: str) -> list[int]:
    steps = []
    for name, ms in (("fetch", 150), ("parse", 30), ("store", 80)):
        s = Step(name)
        s.notes.append(_val(web, f"step-{s.seq}", ms))
        steps.append(s)
    return [_put(web, f"step-{s.seq}", s.notes[0]) for s in steps]


@dataclass(frozen=True)
class Budget:
    spent: int
    cap: int

    def __post_init__(self) -> None:
        if self.spent > self.cap:
            raise ValueError("over budget")


def dataclass_frozen_replace_raises_fallback(web: str) -> list[Any]:
    """`replace` runs `__post_init__`: the over-budget step takes the cheap route."""
    b = Budget(0, 12)
    out: list[Any] = []
    for key, ms in (("big-item", 150), ("x", 30), ("mid", 60)):
        cost = len(_val(web, key, ms))
        try:
            b = dataclasses.replace(b, spent=b.spent + cost)
            out.append(_put(web, f"bought-{key}", str(b.spent)))
        except ValueError:
            out.append("cheap " + _val(web, f"cheap-{key}", 30))
    return out


@dataclass
class Address:
    city: str


@dataclass
class Customer:
    name: str
    address: Address
    tags: list[str] = field(default_factory=list)


def _loud_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    print("dict of", [k for k, _ in pairs])
    return dict(pairs)


def dataclass_asdict_dict_factory_prints_then_post(web: str) -> list[int]:
    out = []
    for name, ms in (("c1", 150), ("c2", 30)):
        city = _val(web, f"city-{name}", ms)
        cust = Customer(name, Address(city), [name])
        body = dataclasses.asdict(cust, dict_factory=_loud_dict)
        out.append(_post_json(web, f"cust-{name}", body))
    return out


@dataclass
class Audited:
    value: str = ""

    def __setattr__(self, name: str, value: Any) -> None:
        print("audit", name, value)
        object.__setattr__(self, name, value)


def dataclass_setattr_override_prints(web: str) -> list[str]:
    a = Audited()
    out = []
    for key, ms in (("a1", 150), ("a2", 30)):
        a.value = _val(web, key, ms)
        out.append(a.value)
    return out


@dataclass
class Lazy:
    key: str

    @functools.cached_property
    def value(self) -> str:
        return requests.get(f"{WEB['url']}/items/{self.key}?ms=40", timeout=5).json()["value"]


def dataclass_cached_property_after_put(web: str) -> list[str]:
    """The cached property's GET happens at first use, after the PUT."""
    lz = Lazy("lazy")
    _put(web, "lazy", "fresh")
    first = lz.value
    _put(web, "lazy", "newer")
    return [first, lz.value, Lazy("lazy").value]


@dataclass(order=True)
class Ranked:
    score: int
    key: str = field(compare=False)


def dataclass_order_sort_then_puts(web: str) -> list[int]:
    rows = [Ranked(len(_val(web, k, ms)), k) for k, ms in (("rk-long", 150), ("r", 30),
                                                           ("rk", 80))]
    return [_put(web, f"rank-{i}", r.key) for i, r in enumerate(sorted(rows))]


@dataclass
class Fetch:
    key: str
    ms: dataclasses.InitVar[int]
    value: str = field(init=False)

    def __post_init__(self, ms: int) -> None:
        print("fetching", self.key)
        self.value = requests.get(f"{WEB['url']}/items/{self.key}?ms={ms}",
                                  timeout=5).json()["value"]


def dataclass_initvar_post_init_prints_and_gets(web: str) -> list[str]:
    out = [Fetch(k, ms).value for k, ms in (("f1", 150), ("f2", 30), ("f3", 80))]
    print("fetched", len(out))
    return out


@dataclass
class Cfg:
    retries: int = 1
    hosts: list[str] = field(default_factory=lambda: ["h1"])


def dataclass_shared_default_mutated_between_gets(web: str) -> list[Any]:
    """A config is mutated between reads; each read's key comes from the config then."""
    cfg = Cfg()
    out = []
    for i, ms in enumerate((150, 30, 80)):
        out.append(_val(web, f"{cfg.hosts[-1]}-{cfg.retries}", ms))
        cfg.hosts.append(f"h{i + 2}")
        cfg.retries += 1
    return out + [dataclasses.asdict(cfg)]


# ===================================================================================== jsonschema

EVENT_SCHEMA = {
    "type": "object",
    "properties": {"kind": {"enum": ["click", "view"]}, "value": {"type": "string"},
                   "n": {"type": "integer", "minimum": 0}},
    "required": ["kind", "value", "n"],
}


def jsonschema_validate_before_each_post(web: str) -> list[Any]:
    """Invalid events are skipped with a print; only valid ones are POSTed, in order."""
    out: list[Any] = []
    for kind, ms in (("click", 150), ("scroll", 30), ("view", 80)):
        value = _val(web, f"ev-{kind}", ms)
        event = {"kind": kind, "value": value, "n": len(value)}
        try:
            jsonschema.validate(event, EVENT_SCHEMA)
        except jsonschema.ValidationError as exc:
            print("skip", kind, exc.message)
            continue
        out.append(_post_json(web, f"event-{kind}", event))
    return out


def jsonschema_invalid_raises_uncaught(web: str) -> list[int]:
    out = []
    for kind, n, ms in (("view", 1, 150), ("click", -1, 30), ("view", 2, 60)):
        event = {"kind": kind, "value": _val(web, f"ev{n}", ms), "n": n}
        jsonschema.validate(event, EVENT_SCHEMA)
        out.append(_post_json(web, f"event{n}", event))
    return out


VALIDATOR = jsonschema.Draft7Validator(EVENT_SCHEMA)


def jsonschema_iter_errors_decide_fallback(web: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in (("i1", 150), ("i2", 30), ("i3", 60)):
        data = _get(web, key, ms)
        event = {"kind": "view" if key != "i2" else "zoom", "value": data["value"]}
        errors = sorted(e.message for e in VALIDATOR.iter_errors(event))
        if errors:
            print(key, "errors:", len(errors))
            out.append(_val(web, f"fix-{key}", 40))
        else:
            out.append(_post_json(web, f"ok-{key}", event))
    return out


def _is_positive_even(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
    if value and isinstance(instance, int) and instance % 2:
        print("odd", instance)
        yield jsonschema.ValidationError(f"{instance} is odd")


EvenValidator = jsonschema.validators.extend(jsonschema.Draft7Validator,
                                             {"even": _is_positive_even})
EVEN = EvenValidator({"type": "object", "properties": {"n": {"type": "integer", "even": True}}})


def jsonschema_custom_keyword_prints(web: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in (("ev-aa", 150), ("ev-b", 30), ("ev-cccc", 60)):
        body = {"n": len(_val(web, key, ms))}
        if EVEN.is_valid(body):
            out.append(_post_json(web, f"even-{key}", body))
        else:
            out.append("odd " + key)
    return out


def jsonschema_schema_fetched_then_validate(web: str) -> list[Any]:
    """The schema's enum comes from a GET that a PUT before it changed."""
    _put(web, "allowed", "view")
    allowed = _val(web, "allowed", 30)
    schema = {"type": "object", "properties": {"kind": {"enum": [allowed]}}}
    out: list[Any] = []
    for kind in ("view", "click"):
        try:
            jsonschema.validate({"kind": kind}, schema)
            out.append(_post_json(web, f"k-{kind}", {"kind": kind}))
        except jsonschema.ValidationError:
            out.append("refused " + kind)
    return out


# ========================================================================== NamedTuple, TypedDict


class Pair(NamedTuple):
    key: str
    value: str

    def upper(self) -> Pair:
        return self._replace(value=self.value.upper())


def namedtuple_replace_rows_then_puts(web: str) -> list[int]:
    rows = [Pair(k, _val(web, k, ms)) for k, ms in (("nt1", 150), ("nt2", 30), ("nt3", 80))]
    rows = [r.upper() if r.key != "nt2" else r for r in rows]
    return [_put(web, f"up-{r.key}", r.value) for r in rows]


class Remote(NamedTuple):
    key: str
    ms: int

    def fetch(self) -> str:
        return requests.get(f"{WEB['url']}/items/{self.key}?ms={self.ms}", timeout=5).json()[
            "value"]


def namedtuple_method_fetch_after_put(web: str) -> list[str]:
    r = Remote("nt-live", 40)
    before = r.fetch()
    _put(web, "nt-live", "changed")
    after = r.fetch()
    return [before, after]


class ItemTD(TypedDict):
    key: str
    value: str


ITEM_TD = TypeAdapter(ItemTD)


def typeddict_rows_validated_then_post(web: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in (("td1", 150), ("td2", 30)):
        row = _get(web, key, ms)
        if key == "td2":
            row = {"key": key}
        try:
            item = ITEM_TD.validate_python(row)
        except ValidationError as exc:
            out.append(f"missing {exc.errors()[0]['loc']}")
            out.append(_put(web, key, "repaired"))
            continue
        out.append(_post_json(web, f"td-{item['key']}", dict(item)))
    return out


def namedtuple_make_from_csv_line(web: str) -> list[Any]:
    """Rows parsed with `_make` from a text endpoint; a short row raises TypeError."""
    out: list[Any] = []
    for key, ms in (("csv-a", 150), ("csv-b", 30)):
        line = _val(web, key, ms)
        parts = line.split("-")
        try:
            p = Pair._make(parts)
            out.append(_put(web, f"pair-{p.value}", p.key))
        except TypeError:
            out.append("short " + line)
    return out


# ================================================================================== async and SDK


class AReading(BaseModel):
    key: str
    value: str

    @field_validator("key")
    @classmethod
    def not_b(cls, v: str) -> str:
        if v == "ab":
            raise ValueError("b is retired")
        return v


async def async_validate_each_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as http:
        out: list[Any] = []
        for key, ms in (("aa", 150), ("ab", 30), ("ac", 80)):
            r = await http.get(f"{web}/items/{key}?ms={ms}")
            try:
                rd = AReading.model_validate_json(r.text)
            except ValidationError:
                out.append("retired " + key)
                await http.put(f"{web}/items/retired-{key}", content="1")
                continue
            resp = await http.put(f"{web}/items/seen-{rd.key}", content=rd.value)
            out.append(resp.json()["version"])
        return out


@dataclass
class AsyncRow:
    key: str
    value: str = ""
    ok: bool = field(init=False)

    def __post_init__(self) -> None:
        self.ok = not self.key.endswith("x")
        print("row", self.key, self.ok)


async def async_gather_rows_post_init_prints(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as http:
        keys = [("g1", 150), ("g2x", 30), ("g3", 80)]
        rs = await asyncio.gather(*[http.get(f"{web}/items/{k}?ms={ms}") for k, ms in keys])
        rows = [AsyncRow(**r.json()) for r in rs]
        out = []
        for row in rows:
            if row.ok:
                out.append((await http.put(f"{web}/items/ok-{row.key}",
                                           content=row.value)).json()["version"])
        return out


class Answer(BaseModel):
    topic: str
    text: str

    @field_validator("text")
    @classmethod
    def long_enough(cls, v: str) -> str:
        if len(v) < 15:
            raise ValueError("too short")
        return v


def openai_answer_validated_else_store(client: Any, web: str) -> list[Any]:
    """Each chat answer is validated; a short one is stored for review instead of used."""
    out: list[Any] = []
    for topic, lat, max_tokens in (("tides", 0.15, 40), ("moss", 0.03, 2), ("owls", 0.08, 40)):
        r = client.chat.completions.create(model="gpt", messages=[
            {"role": "user", "content": f"Explain {topic}"}], max_tokens=max_tokens,
            extra_body={"latency": lat})
        text = r.choices[0].message.content or ""
        try:
            a = Answer(topic=topic, text=text)
            out.append(a.topic)
        except ValidationError:
            out.append(_put(web, f"review-{topic}", text))
    return out


class Msg(BaseModel):
    role: str
    content: str

    @field_serializer("content")
    def trim(self, v: str) -> str:
        print("serialising", self.role, len(v))
        return v.strip()


def openai_history_of_models_dumped(client: Any, web: str) -> list[str]:
    """The history is a list of models; each request sends `model_dump()` of every turn."""
    history = [Msg(role="user", content=" " + _val(web, "question", 120) + " ")]
    out = []
    for lat in (0.15, 0.03):
        r = client.chat.completions.create(model="gpt",
                                           messages=[m.model_dump() for m in history],
                                           extra_body={"latency": lat})
        reply = r.choices[0].message.content
        out.append(reply[:12])
        history.append(Msg(role="assistant", content=reply))
        history.append(Msg(role="user", content="and then?"))
    return out


# =================================================================== a check between reads raises


@attrs.define
class Typed:
    n: int = attrs.field(validator=attrs.validators.instance_of(int))


def attrs_instance_of_raises_between_gets(web: str) -> list[Any]:
    """A library validator refuses the str: the GET after it is never sent."""
    a = _val(web, "ty-a", 150)
    t = Typed(len(a))
    b = _val(web, "ty-b", 30)
    Typed(b)
    c = _val(web, "ty-c", 30)
    return [t.n, b, c]


@attrs.define
class Coded:
    code: str = attrs.field(validator=attrs.validators.matches_re(r"v-c\d"))


def attrs_matches_re_raises_in_loop(web: str) -> list[str]:
    out = []
    for key, ms in (("c1", 150), ("cx", 30), ("c3", 60)):
        out.append(Coded(_val(web, key, ms)).code)
    return out


@attrs.define
class Port:
    port: int = attrs.field(converter=int)


def attrs_int_converter_raises_before_get(web: str) -> list[Any]:
    raw = _val(web, "port", 150)
    try:
        p = Port(raw)
        return [p.port, _val(web, "port-ok", 30)]
    except ValueError:
        return ["bad port", _val(web, "port-default", 30)]


@dataclass
class Checked:
    key: str
    value: str

    def __post_init__(self) -> None:
        assert self.value.startswith("v-"), f"unexpected {self.value}"
        if self.key.endswith("9"):
            raise LookupError(self.key)


def dataclass_post_init_raises_in_read_loop(web: str) -> list[str]:
    out = []
    for key, ms in (("k1", 150), ("k9", 30), ("k3", 60)):
        out.append(Checked(key, _val(web, key, ms)).value)
    return out


def dataclass_post_init_raises_in_comprehension(web: str) -> list[str]:
    rows = [Checked(k, _val(web, k, ms)) for k, ms in (("m1", 150), ("m9", 30), ("m3", 60))]
    return [r.value for r in rows]


def pydantic_validate_in_comprehension_raises(web: str) -> list[str]:
    rows = [Reading.model_validate(_get(web, k, ms))
            for k, ms in (("p1", 150), ("stale", 30), ("p3", 60))]
    return [r.value for r in rows]


def pydantic_model_between_gets_raises(web: str) -> list[str]:
    a = _get(web, "q1", 150)
    r1 = Reading(**a)
    b = _get(web, "stale", 30)
    r2 = Reading(**b)
    c = _get(web, "q3", 30)
    return [r1.value, r2.value, c["value"]]


@pydantic.dataclasses.dataclass
class PRow:
    key: str
    size: int

    @field_validator("size")
    @classmethod
    def small(cls, v: int) -> int:
        if v > 4:
            raise ValueError("too big")
        return v


def pydantic_dataclass_raises_stops_reads(web: str) -> list[int]:
    out = []
    for key, ms in (("r", 150), ("rrrr", 30), ("rr", 60)):
        out.append(PRow(key, len(_val(web, key, ms))).size)
    return out


def namedtuple_make_raises_in_loop(web: str) -> list[str]:
    out = []
    for key, ms in (("nm-a", 150), ("nm", 30), ("nm-c", 60)):
        p = Pair._make(key.split("-"))
        out.append(_val(web, p.value, ms))
    return out


def jsonschema_raises_between_gets(web: str) -> list[str]:
    a = _val(web, "js-a", 150)
    jsonschema.validate({"kind": "view", "value": a, "n": 1}, EVENT_SCHEMA)
    b = _val(web, "js-b", 30)
    jsonschema.validate({"kind": "view", "value": b, "n": -1}, EVENT_SCHEMA)
    c = _val(web, "js-c", 30)
    return [a, b, c]


def type_adapter_int_raises_between_gets(web: str) -> list[int]:
    ints = TypeAdapter(int)
    out = []
    for key, ms in (("ta-1", 150), ("ta-x", 30), ("ta-3", 60)):
        out.append(ints.validate_python(key.split("-")[1]))
        out.append(len(_val(web, key, ms)))
    return out


# ================================================================= a write hidden in construction


@dataclass
class Base:
    name: str

    def __post_init__(self) -> None:
        requests.put(f"{WEB['url']}/items/base-{self.name}", data="made", timeout=5)


@dataclass
class Child(Base):
    extra: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.extra = self.extra or "none"


def dataclass_super_post_init_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    Child("kid")
    seen = _val(web, "base-kid", 30)
    return [first, seen]


def _mark(key: str) -> str:
    requests.put(f"{WEB['url']}/items/{key}", data="marked", timeout=5)
    return key


@dataclass
class Marked:
    label: str
    mark: str = field(default_factory=functools.partial(_mark, "mark-p"))


def dataclass_partial_default_factory_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    m = Marked("x")
    return [first, m.mark, _val(web, "mark-p", 30)]


class Marker:
    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self) -> str:
        return _mark(self.key)


@dataclass
class Marked2:
    label: str
    mark: str = field(default_factory=Marker("mark-c"))


def dataclass_callable_default_factory_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    m = Marked2("x")
    return [first, m.mark, _val(web, "mark-c", 30)]


def _put_through(v: str) -> str:
    return _mark(f"pipe-{v}")


@attrs.define
class Piped:
    v: str = attrs.field(converter=attrs.converters.pipe(str.lower, _put_through))


def attrs_pipe_converter_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    p = Piped("AB")
    return [first, p.v, _val(web, "pipe-ab", 30)]


@attrs.define
class PreInit:
    v: str

    def __attrs_pre_init__(self) -> None:
        _mark("pre-init")


def attrs_pre_init_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    PreInit("x")
    return [first, _val(web, "pre-init", 30)]


def _optional_put(inst: Any, attribute: Any, value: str) -> None:
    if value:
        _mark(f"ov-{value}")


@attrs.define
class OptVal:
    v: str = attrs.field(validator=attrs.validators.optional(_optional_put))


def attrs_optional_wrapped_validator_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    OptVal("z")
    return [first, _val(web, "ov-z", 30)]


class Ctx(BaseModel):
    key: str

    @field_validator("key")
    @classmethod
    def register(cls, v: str, info: pydantic.ValidationInfo) -> str:
        web = (info.context or {})["web"]
        requests.put(f"{web}/items/ctx-{v}", data="1", timeout=5)
        return v


def pydantic_context_validator_put_then_get(web: str) -> list[str]:
    first = _val(web, "slow", 150)
    Ctx.model_validate({"key": "q"}, context={"web": web})
    return [first, _val(web, "ctx-q", 30)]


class Dumped(BaseModel):
    key: str

    @pydantic.model_serializer
    def ser(self) -> dict[str, Any]:
        _mark(f"dumped-{self.key}")
        return {"key": self.key}


def pydantic_model_serializer_put_then_get(web: str) -> list[Any]:
    d = Dumped(key="s")
    first = _val(web, "slow", 150)
    body = d.model_dump()
    return [first, body, _val(web, "dumped-s", 30)]


class Derived(BaseModel):
    key: str
    copy_: str = Field(default_factory=lambda data: _mark("df-" + data["key"]))


def pydantic_default_factory_data_put_then_get(web: str) -> list[Any]:
    first = _val(web, "slow", 150)
    d = Derived(key="w")
    return [first, d.copy_, _val(web, "df-w", 30)]


class Plain(BaseModel):
    key: str


def pydantic_model_construct_skips_then_get(web: str) -> list[Any]:
    """`model_construct` runs no validators; the str(..) of it feeds the next key."""
    first = _val(web, "slow", 150)
    p = Plain.model_construct(key=first)
    return [first, _val(web, f"pc-{p.key}", 30)]


class Wrapped(BaseModel):
    key: str

    @model_validator(mode="wrap")
    @classmethod
    def around(cls, data: Any, handler: Any) -> Any:
        if isinstance(data, dict) and data.get("key") == "late":
            _mark("wrapped-late")
        return handler(data)


def pydantic_wrap_model_validator_put_then_get(web: str) -> list[Any]:
    first = _val(web, "slow", 150)
    Wrapped(key="late")
    return [first, _val(web, "wrapped-late", 30)]


@dataclass(frozen=True)
class Frozen:
    key: str


def dataclass_frozen_setattr_error_fallback(web: str) -> list[str]:
    """Assigning to a frozen dataclass raises; the handler reads the fallback."""
    f = Frozen(_val(web, "fz", 150))
    try:
        f.key = "other"  # type: ignore[misc]
        out = [_val(web, "fz-new", 30)]
    except dataclasses.FrozenInstanceError:
        out = ["frozen", _val(web, "fz-old", 30)]
    return out


@attrs.frozen
class AFrozen:
    key: str


def attrs_frozen_setattr_error_fallback(web: str) -> list[str]:
    f = AFrozen(_val(web, "afz", 150))
    try:
        f.key = "other"  # type: ignore[misc]
        return [_val(web, "afz-new", 30)]
    except attrs.exceptions.FrozenInstanceError:
        return ["frozen", _val(web, "afz-old", 30)]


# ========================================================= library calls that run the user's code

def namedtuple_make_raises_after_read(web: str) -> list[Any]:
    out = []
    for k, ms in (("a", 150), ("b-c", 30), ("d", 60)):
        v = _val(web, k, ms)
        out.append(Pair._make(v.split("-")))
    return out

def json_loads_raises_after_read_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in (("a", 150), ("b", 30), ("d", 60)):
        v = _val(web, k, ms)
        out.append(json.loads(v[2:] if k != "b" else v))
    return out

@dataclass
class Two:
    a: str
    b: str

def dataclass_star_args_raise_after_read(web: str) -> list[Any]:
    out = []
    for k, ms in (("a", 150), ("b-c", 30), ("d", 60)):
        v = _val(web, k, ms)
        out.append(Two(*v.split("-")))
    return out

class Color(enum.Enum):
    A = "v-a"
    D = "v-d"

def enum_of_response_raises_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in (("a", 150), ("b", 30), ("d", 60)):
        out.append(Color(_val(web, k, ms)))
    return out

@attrs.define
class AT:
    a: str
    b: str

def attrs_star_args_raise_in_comprehension(web: str) -> list[Any]:
    return [AT(*_val(web, k, ms).split("-")) for k, ms in (("a", 150), ("b-c", 30), ("d", 60))]

def dataclass_replace_unknown_field_raises(web: str) -> list[Any]:
    base = Two("x", "y")
    out = []
    for k, ms in (("a", 150), ("b", 30), ("d", 60)):
        v = _val(web, k, ms)
        out.append(dataclasses.replace(base, **{("a" if k != "b" else "c"): v}))
    return out



class Handle:
    def __init__(self, key: str) -> None:
        self.key = key
    def __deepcopy__(self, memo: Any) -> Handle:
        _mark(f"copied-{self.key}")
        return Handle(self.key)

@dataclass
class Holder:
    name: str
    h: Any

def dataclass_asdict_deepcopy_hook_puts(web: str) -> list[Any]:
    hd = Holder("x", Handle("hx"))
    first = _val(web, "slow", 150)
    d = dataclasses.asdict(hd)
    return [first, d["name"], _val(web, "copied-hx", 30)]

def dataclass_astuple_deepcopy_hook_puts(web: str) -> list[Any]:
    hd = Holder("x", Handle("ht"))
    first = _val(web, "copied-ht", 150)
    t = dataclasses.astuple(hd)
    return [first, t[0], _val(web, "copied-ht", 30)]

def _enc(o: Any) -> Any:
    COUNTER["n"] += 1
    return f"obj{COUNTER['n']}"

def json_default_counter_names_keys(web: str) -> list[Any]:
    out = []
    for ms in (150, 30, 60):
        body = json.dumps({"o": object()}, default=_enc)
        out.append(_val(web, json.loads(body)["o"], ms))
    return out

class LoudRepr:
    def __init__(self, k: str) -> None:
        self.k = k
    def __repr__(self) -> str:
        _mark(f"repr-{self.k}")
        return f"Loud({self.k})"

@dataclass
class Wrap:
    inner: LoudRepr

def dataclass_repr_field_puts(web: str) -> list[Any]:
    w = Wrap(LoudRepr("r1"))
    first = _val(web, "slow", 150)
    text = f"{w}"
    return [first, text, _val(web, "repr-r1", 30)]

class TrackedDesc:
    def __set_name__(self, owner: Any, name: str) -> None:
        self.name = "_" + name
    def __get__(self, obj: Any, typ: Any = None) -> Any:
        if obj is None:
            return "dflt"
        return getattr(obj, self.name)
    def __set__(self, obj: Any, value: str) -> None:
        _mark(f"desc-{value}")
        setattr(obj, self.name, value)

@dataclass
class WithDesc:
    v: TrackedDesc = TrackedDesc()

def dataclass_descriptor_field_puts(web: str) -> list[Any]:
    first = _val(web, "slow", 150)
    w = WithDesc("dz")
    return [first, w.v, _val(web, "desc-dz", 30)]

def deepcopy_hook_puts_in_read_loop(web: str) -> list[Any]:
    out = []
    for k, ms in (("c1", 150), ("c2", 30)):
        h = Holder(k, Handle(k))
        out.append(_val(web, f"copied-{k}", ms))
        copy.deepcopy(h)
    return out



def attrs_factory_counter_bumped_after_read(web: str) -> list[Any]:
    out = []
    for kind, ms in (("bug", 150), ("task", 30), ("bug", 80)):
        t = Ticket(kind)
        out.append(_val(web, t.ref, ms))
        COUNTER["n"] += 10
    return out

def _ref_from_seen(self: Any) -> str:
    return f"{self.kind}-{len(SEEN)}"

@attrs.define
class Ticket2:
    kind: str
    ref: str = attrs.field(default=attrs.Factory(_ref_from_seen, takes_self=True))

def attrs_factory_reads_list_appended_after(web: str) -> list[Any]:
    out = []
    for kind, ms in (("bug", 150), ("task", 30), ("bug", 80)):
        t = Ticket2(kind)
        v = _val(web, t.ref, ms)
        SEEN.append(v)
        out.append(v)
    return out

@dataclass
class Req:
    kind: str
    n: int = field(default_factory=lambda: len(SEEN))

def dataclass_factory_lambda_reads_global_list(web: str) -> list[Any]:
    out = []
    for kind, ms in (("bug", 150), ("task", 30), ("bug", 80)):
        r = Req(kind)
        v = _val(web, f"{r.kind}-{r.n}", ms)
        SEEN.append(v)
        out.append(v)
    return out

@dataclass
class Req2:
    kind: str
    snap: list = field(default_factory=SEEN.copy)

def dataclass_factory_bound_copy_of_global(web: str) -> list[Any]:
    out = []
    for kind, ms in (("bug", 150), ("task", 30), ("bug", 80)):
        r = Req2(kind)
        v = _val(web, f"{r.kind}-{len(r.snap)}", ms)
        SEEN.append(v)
        out.append(v)
    return out

@dataclass
class Req3:
    kind: str
    n: int = 0
    def __post_init__(self) -> None:
        self.n = len(SEEN)

class Book:
    def __init__(self) -> None:
        self.items: list[str] = []
    def add(self, v: str) -> None:
        self.items.append(v)
        SEEN.append(v)

def dataclass_post_init_reads_global_a_method_changes(web: str) -> list[Any]:
    book = Book()
    for kind, ms in (("bug", 150), ("task", 30), ("bug", 80)):
        r = Req3(kind)
        book.add(_val(web, f"{r.kind}-{r.n}", ms))
    return book.items

@attrs.define
class Acc:
    total: int = 0
    def bump(self, v: str) -> None:
        self.total += len(v)

@attrs.define
class Keyed:
    acc: Acc
    key: str = attrs.field(
        default=attrs.Factory(lambda self: f"k{self.acc.total}", takes_self=True))

def attrs_factory_reads_acc_bumped(web: str) -> list[Any]:
    acc = Acc()
    out = []
    for ms in (150, 30, 80):
        k = Keyed(acc)
        v = _val(web, k.key, ms)
        acc.bump(v)
        out.append(v)
    return out



@dataclass
class RowA:
    key: str
    value: str = ""

    @classmethod
    def fetch(cls, web: str, key: str, ms: int) -> RowA:
        return cls(key, _val(web, key, ms))

    @property
    def label(self) -> str:
        return self.key.upper()


@dataclass
class AuditedRowA(RowA):
    @property
    def label(self) -> str:
        _mark(f"label-{self.key}")
        return self.key


def dataclass_subclass_classmethod_property_puts(web: str) -> list[Any]:
    first = _val(web, "slow", 150)
    r = AuditedRowA.fetch(web, "la", 30)
    lab = r.label
    return [first, lab, _val(web, "label-la", 30)]


def dataclass_replace_keeps_subclass_property(web: str) -> list[Any]:
    base: RowA = AuditedRowA("lb")
    r = dataclasses.replace(base, value=_val(web, "slow", 150))
    lab = r.label
    return [lab, _val(web, "label-lb", 30)]


class PairP(NamedTuple):
    key: str
    value: str

    @property
    def url_key(self) -> str:
        return self.key


class LoudPair(PairP):
    @property
    def url_key(self) -> str:
        _mark(f"lp-{self.key}")
        return "lp-" + self.key


def namedtuple_subclass_replace_property(web: str) -> list[Any]:
    p = LoudPair("k", "v")
    q = p._replace(value=_val(web, "slow", 150))
    return [q.value, _val(web, q.url_key, 30)]


def make_row(web: str, cls: type, key: str, ms: int) -> Any:
    return cls(key, _val(web, key, ms))


def helper_class_parameter_property_puts(web: str) -> list[Any]:
    out = []
    for cls, key, ms in ((RowA, "ra", 150), (AuditedRowA, "rb", 30)):
        r = make_row(web, cls, key, ms)
        out.append(r.label)
        out.append(_val(web, f"label-{key}", 30))
    return out

@attrs.define
class AR:
    key: str
    @classmethod
    def of(cls, key: str) -> AR:
        return cls(key)
    def describe(self) -> str:
        return self.key

@attrs.define
class LoudAR(AR):
    def describe(self) -> str:
        _mark(f"desc-{self.key}")
        return self.key

def attrs_subclass_method_via_classmethod(web: str) -> list[Any]:
    a = LoudAR.of("z")
    first = _val(web, "slow", 150)
    d = a.describe()
    return [first, d, _val(web, "desc-z", 30)]


# =============================================== objects a helper makes from a class it is handed


def helper_class_parameter_property_put_reduced(web: str) -> list[Any]:
    """Reduced: one object made by a helper from a class argument; its property PUTs."""
    r = make_row(web, AuditedRowA, "rc", 150)
    lab = r.label
    return [lab, _val(web, "label-rc", 30)]


@dataclass
class StrictRow:
    key: str
    value: str

    @property
    def check(self) -> str:
        if self.key.endswith("bad"):
            raise ValueError(f"row {self.key} failed its check")
        return self.value


def helper_made_row_property_raises_in_loop(web: str) -> list[str]:
    """The property raises for the second row: no detail GET for it or the third."""
    out = []
    for key, ms in (("sr-1", 150), ("sr-bad", 30), ("sr-3", 60)):
        row = make_row(web, StrictRow, key, ms)
        out.append(row.check)
        out.append(_val(web, f"detail-{key}", 30))
    return out


def parse_as(model: Any, data: dict[str, Any]) -> Any:
    return model(**data)


def parse_as_then_property_raises(web: str) -> list[str]:
    """A generic `parse_as(Model, data)` helper; the property check decides the next GET."""
    out = []
    for key, ms in (("pa-1", 150), ("pa-bad", 30)):
        row = parse_as(StrictRow, _get(web, key, ms))
        out.append(row.check)
        out.append(_val(web, f"more-{key}", 30))
    return out


@dataclass
class Quota:
    used: int
    limit: int = 2

    def __bool__(self) -> bool:
        print("quota check", self.used)
        return self.used < self.limit


def quota_truth_prints_between_reads(web: str) -> list[str]:
    """`if quota:` runs the dataclass's `__bool__`, which prints between the reads."""
    out = []
    for i, ms in enumerate((150, 30, 60)):
        quota = parse_as(Quota, {"used": i})
        if quota:
            out.append(_val(web, f"q{i}", ms))
        print("after", i)
    return out


@attrs.define
class Cached:
    key: str

    @property
    def fresh(self) -> str:
        requests.put(f"{WEB['url']}/items/fresh-{self.key}", data="now", timeout=5)
        return self.key


def models_from_dict_registry_property_puts(web: str) -> list[str]:
    """Models kept in a dict by key; a property of the one looked up PUTs before the GET."""
    registry = {k: Cached(k) for k in ("x", "y")}
    out = []
    for k, ms in (("x", 150), ("y", 30)):
        obj = registry[k]
        out.append(obj.fresh)
        out.append(_val(web, f"fresh-{k}", ms))
    return out


def models_from_list_property_puts(web: str) -> list[str]:
    objs = [Cached("p"), Cached("q")]
    out = []
    for obj, ms in zip(objs, (150, 30), strict=True):
        out.append(obj.fresh)
        out.append(_val(web, f"fresh-{obj.key}", ms))
    return out


class Money(NamedTuple):
    cents: int

    def __add__(self, other: Any) -> Money:  # type: ignore[override]
        total = self.cents + other.cents
        if total > 5:
            raise OverflowError(f"over budget: {total}")
        return Money(total)


def namedtuple_add_raises_budget(web: str) -> list[Any]:
    """The NamedTuple's `__add__` raises past the budget; no GET after that."""
    spent = parse_as(Money, {"cents": 0})
    out: list[Any] = []
    for key, ms in (("m-aa", 150), ("m-bbbb", 30), ("m-c", 60)):
        spent = spent + Money(len(key) - 2)
        out.append(_val(web, key, ms))
    return out + [spent.cents]


class OutReq(BaseModel):
    key: str
    ms: int

    @property
    def checked_key(self) -> str:
        if "/" in self.key:
            raise ValueError(f"bad key {self.key}")
        return self.key


def pydantic_requests_in_list_property_raises(web: str) -> list[str]:
    """Request models made up front; the property refusing the second stops the loop."""
    reqs = [OutReq(key="or-a", ms=150), OutReq(key="or/b", ms=30), OutReq(key="or-c", ms=60)]
    out = []
    for req in reqs:
        out.append(req.checked_key)
        out.append(_val(web, req.key, req.ms))
    return out


def quotas_in_list_truth_prints(web: str) -> list[str]:
    """`if quota:` on dataclasses from a list runs their `__bool__`, which prints."""
    quotas = [Quota(0), Quota(5), Quota(1)]
    out = []
    for i, (quota, ms) in enumerate(zip(quotas, (150, 30, 60), strict=True)):
        if quota:
            out.append(_val(web, f"ql{i}", ms))
        print("after", i)
    return out


@attrs.define
class Endpoint:
    name: str

    def __repr__(self) -> str:
        print("repr of", self.name)
        return f"<{self.name}>"


def attrs_repr_prints_in_fstring_key(web: str) -> list[str]:
    """The key is an f-string of the object: its `__repr__` prints, item by item."""
    eps = [Endpoint("e1"), Endpoint("e2")]
    out = []
    for ep, ms in zip(eps, (150, 30), strict=True):
        out.append(_val(web, f"ep-{ep!r}", ms))
        print("fetched", ep.name)
    return out


@dataclass
class Page:
    n: int

    @property
    def next_key(self) -> str:
        SEEN.append(f"page{self.n}")
        return f"page-{len(SEEN)}"


def dataclass_property_counts_in_list(web: str) -> list[str]:
    """The property appends to a global list the key is named from; PUT in between."""
    pages = [Page(1), Page(2)]
    out = []
    for page, ms in zip(pages, (150, 30), strict=True):
        key = page.next_key
        out.append(_val(web, key, ms))
        _put(web, "seen", ",".join(SEEN))
    return out


@attrs.define
class LoudKey:
    name: str

    @property
    def key(self) -> str:
        print("key of", self.name)
        return f"lk-{self.name}"


def attrs_property_prints_key_in_list(web: str) -> list[str]:
    """The key a GET needs comes from a property that prints; prints stay in order."""
    eps = [LoudKey("e1"), LoudKey("e2"), LoudKey("e3")]
    out = []
    for ep, ms in zip(eps, (150, 30, 60), strict=True):
        key = ep.key
        out.append(_val(web, key, ms))
        print("fetched", ep.name)
    return out


@dataclass
class Form:
    email: str

    @property
    def valid(self) -> bool:
        ok = "@" in self.email
        LOG.info("form %s valid=%s", self.email, ok)
        return ok


def dataclass_property_logs_then_guarded_get(web: str) -> list[str]:
    forms = [Form("a@x"), Form("b"), Form("c@y")]
    out = []
    for form, ms in zip(forms, (150, 30, 60), strict=True):
        ok = form.valid
        if ok:
            out.append(_val(web, f"user-{form.email}", ms))
        LOG.info("checked %s", form.email)
    return out


# ========================================= values a read needs, made by a constructor that prints


@dataclass
class KeyReq:
    name: str
    key: str = ""

    def __post_init__(self) -> None:
        self.key = f"kr-{self.name}"
        print("prepared", self.name)


def dataclass_post_init_prints_key_then_get(web: str) -> list[str]:
    out = []
    for name, ms in (("a", 150), ("b", 30), ("c", 60)):
        req = KeyReq(name)
        out.append(_val(web, req.key, ms))
        print("fetched", name)
    return out


def _loud_lower(v: str) -> str:
    print("converting", v)
    return v.lower()


@attrs.define
class LowKey:
    key: str = attrs.field(converter=_loud_lower)


def attrs_converter_prints_key_then_get(web: str) -> list[str]:
    out = []
    for name, ms in (("A", 150), ("B", 30), ("C", 60)):
        req = LowKey(f"LK-{name}")
        out.append(_val(web, req.key, ms))
        LOG.info("fetched %s", name)
    return out


def _logged_factory() -> str:
    LOG.info("new trace id")
    return "trace"


@dataclass
class Traced:
    key: str
    trace: str = field(default_factory=_logged_factory)


def dataclass_factory_logs_then_get(web: str) -> list[str]:
    out = []
    for key, ms in (("t1", 150), ("t2", 30), ("t3", 60)):
        t = Traced(key)
        out.append(_val(web, f"{t.key}-{t.trace}", ms))
        LOG.info("done %s", key)
    return out


class KeyTuple(NamedTuple):
    prefix: str
    n: int

    def key(self) -> str:
        return f"{self.prefix}-{self.n}"


def namedtuple_key_method_then_get_then_print(web: str) -> list[str]:
    out = []
    for n, ms in ((1, 150), (2, 30), (3, 60)):
        kt = KeyTuple("ktm", n)
        out.append(_val(web, kt.key(), ms))
        print("got", kt)
    return out


def _check_positive(inst: Any, attribute: Any, value: int) -> None:
    print("validating", value)
    if value < 0:
        raise ValueError("negative")


@attrs.define
class Signed:
    n: int = attrs.field(validator=_check_positive)


def attrs_validator_prints_and_raises_in_loop(web: str) -> list[str]:
    out = []
    for n, ms in ((1, 150), (2, 30), (-1, 60), (4, 30)):
        s = Signed(n)
        out.append(_val(web, f"sg-{s.n}", ms))
        print("stored", n)
    return out


# =================================================================================== async models


async def _aval(http: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    return (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]


async def async_list_models_property_puts(web: str) -> list[str]:
    objs = [Cached("ap"), Cached("aq")]
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        for obj, ms in zip(objs, (150, 30), strict=True):
            out.append(obj.fresh)
            out.append(await _aval(http, web, f"fresh-{obj.key}", ms))
        return out


async def async_attrs_validator_raises_between_awaits(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as http:
        out: list[Any] = []
        for to, amount, ms in (("al", 5, 150), ("bo", 0, 30), ("cy", 3, 60)):
            t = Transfer(to=to, amount=amount)
            out.append(await _aval(http, web, f"acct-{t.to}", ms))
        return out


async def async_gather_then_validate_each_post(web: str) -> list[Any]:
    """Rows fetched together, validated one by one; only valid ones are POSTed, in order."""
    async with httpx.AsyncClient(timeout=5) as http:
        keys = [("gv-1", 150), ("stale", 30), ("gv-3", 60)]
        datas = await asyncio.gather(*[http.get(f"{web}/items/{k}?ms={ms}") for k, ms in keys])
        out: list[Any] = []
        for r in datas:
            try:
                rd = Reading.model_validate(r.json())
            except ValidationError:
                out.append("stale")
                continue
            resp = await http.post(f"{web}/items/valid-{rd.key}", json=rd.model_dump())
            out.append(resp.json()["version"])
        return out


async def async_dataclass_post_init_get_sync_inside(web: str) -> list[str]:
    """A sync `__post_init__` GET inside an async function, between awaited GETs."""
    async with httpx.AsyncClient(timeout=5) as http:
        first = await _aval(http, web, "slow", 150)
        d = Detail("dpi", 30)
        await http.put(f"{web}/items/dpi", content="changed")
        d2 = Detail("dpi", 30)
        return [first, d.value, d2.value]


async def async_registry_models_property_raises(web: str) -> list[str]:
    reqs = {"x": StrictRow("ar-1", ""), "y": StrictRow("ar-bad", ""), "z": StrictRow("ar-3", "")}
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        for name, ms in (("x", 150), ("y", 30), ("z", 60)):
            row = reqs[name]
            out.append(row.check)
            out.append(await _aval(http, web, row.key, ms))
        return out


# ======================================================================================= registry


def _web(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    kw.setdefault("setup", _reset)
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal, **kw)


def _oa_web(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env), env.web), servers="web api",
                ideal=ideal, setup=_reset, **kw)


def _aweb(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, drive=lambda f, env: asyncio.run(f(env.web)), servers="web",
                ideal=ideal, setup=_reset, **kw)


ALL: list[Case] = [
    # pydantic
    _web(validator_raises_fallback_get),
    _web(validator_calls_server_after_put),
    _web(model_validator_after_puts_audit),
    _web(model_validator_before_prints_between_gets),
    _web(default_factory_counter_names_urls),
    _web(default_factory_reads_after_put),
    _web(model_post_init_registers_then_lists),
    _web(computed_field_reads_after_put),
    _web(field_serializer_prints_then_post),
    _web(field_serializer_counter_into_put, setup=_reset_serial),
    _web(type_adapter_list_fallback, (0.15 + 0.03 + 0.08 + 0.05 + 0.03) / (0.15 + 0.08)),
    _web(validate_json_strict_then_fallback_put),
    _web(before_validator_global_list_names_next),
    _web(wrap_validator_prints_between_gets),
    _web(discriminated_union_picks_route),
    _web(frozen_models_dedupe_in_set),
    _web(validate_assignment_validator_puts),
    _web(private_attr_factory_counter),
    _web(root_model_rejects_then_skips_write),
    _web(model_copy_update_chain_puts),
    _web(validation_error_message_decides_retry),
    _web(custom_init_prints_between_reads, over(0.15, 0.03)),
    # attrs
    _web(attrs_validator_raises_stops_puts),
    _web(attrs_converter_reads_after_put),
    _web(attrs_on_setattr_prints_between_gets),
    _web(attrs_post_init_put_then_evolve),
    _web(attrs_factory_takes_self_names_keys, over(0.15, 0.03, 0.08)),
    _web(attrs_asdict_value_serializer_prints_then_post),
    _web(attrs_frozen_evolve_invalid_fallback),
    # dataclasses
    _web(dataclass_post_init_get_then_put),
    _web(dataclass_post_init_validates_and_puts),
    _web(dataclass_default_factory_seq_orders_puts),
    _web(dataclass_frozen_replace_raises_fallback),
    _web(dataclass_asdict_dict_factory_prints_then_post),
    _web(dataclass_setattr_override_prints),
    _web(dataclass_cached_property_after_put),
    _web(dataclass_order_sort_then_puts, (0.26 + 0.15) / (0.15 + 0.15)),
    _web(dataclass_initvar_post_init_prints_and_gets),
    _web(dataclass_shared_default_mutated_between_gets),
    # jsonschema
    _web(jsonschema_validate_before_each_post),
    _web(jsonschema_invalid_raises_uncaught),
    _web(jsonschema_iter_errors_decide_fallback),
    _web(jsonschema_custom_keyword_prints),
    _web(jsonschema_schema_fetched_then_validate),
    # NamedTuple, TypedDict
    _web(namedtuple_replace_rows_then_puts, (0.26 + 0.15) / (0.15 + 0.15)),
    _web(namedtuple_method_fetch_after_put),
    _web(typeddict_rows_validated_then_post),
    _web(namedtuple_make_from_csv_line),
    # a check between reads raises
    _web(attrs_instance_of_raises_between_gets),
    _web(attrs_matches_re_raises_in_loop),
    _web(attrs_int_converter_raises_before_get),
    _web(dataclass_post_init_raises_in_read_loop),
    _web(dataclass_post_init_raises_in_comprehension),
    _web(pydantic_validate_in_comprehension_raises),
    _web(pydantic_model_between_gets_raises),
    _web(pydantic_dataclass_raises_stops_reads),
    _web(namedtuple_make_raises_in_loop),
    _web(jsonschema_raises_between_gets),
    _web(type_adapter_int_raises_between_gets),
    _web(dataclass_frozen_setattr_error_fallback),
    _web(attrs_frozen_setattr_error_fallback),
    # a write hidden in construction
    _web(dataclass_super_post_init_put_then_get),
    _web(dataclass_partial_default_factory_put_then_get),
    _web(dataclass_callable_default_factory_put_then_get),
    _web(attrs_pipe_converter_put_then_get),
    _web(attrs_pre_init_put_then_get),
    _web(attrs_optional_wrapped_validator_put_then_get),
    _web(pydantic_context_validator_put_then_get),
    _web(pydantic_model_serializer_put_then_get),
    _web(pydantic_default_factory_data_put_then_get),
    _web(pydantic_model_construct_skips_then_get),
    _web(pydantic_wrap_model_validator_put_then_get),
    # library calls that run the user's code, subclasses
    _web(namedtuple_make_raises_after_read),
    _web(json_loads_raises_after_read_in_loop, speculative_reads=True),
    _web(dataclass_star_args_raise_after_read, speculative_reads=True),
    _web(enum_of_response_raises_in_loop),
    _web(attrs_star_args_raise_in_comprehension, speculative_reads=True),
    _web(dataclass_replace_unknown_field_raises),
    _web(dataclass_asdict_deepcopy_hook_puts),
    _web(dataclass_astuple_deepcopy_hook_puts),
    _web(json_default_counter_names_keys),
    _web(dataclass_repr_field_puts),
    _web(dataclass_descriptor_field_puts),
    _web(deepcopy_hook_puts_in_read_loop),
    _web(attrs_factory_counter_bumped_after_read),
    _web(attrs_factory_reads_list_appended_after),
    _web(dataclass_factory_lambda_reads_global_list),
    _web(dataclass_factory_bound_copy_of_global),
    _web(dataclass_post_init_reads_global_a_method_changes),
    _web(attrs_factory_reads_acc_bumped),
    _web(dataclass_subclass_classmethod_property_puts),
    _web(dataclass_replace_keeps_subclass_property),
    _web(namedtuple_subclass_replace_property),
    _web(helper_class_parameter_property_puts),
    _web(attrs_subclass_method_via_classmethod),
    # objects a helper makes from a class it is handed
    _web(helper_class_parameter_property_put_reduced),
    _web(helper_made_row_property_raises_in_loop),
    _web(parse_as_then_property_raises),
    _web(quota_truth_prints_between_reads),
    _web(models_from_dict_registry_property_puts),
    _web(models_from_list_property_puts),
    _web(namedtuple_add_raises_budget),
    _web(pydantic_requests_in_list_property_raises),
    _web(quotas_in_list_truth_prints),
    _web(attrs_repr_prints_in_fstring_key),
    _web(dataclass_property_counts_in_list),
    _web(attrs_property_prints_key_in_list),
    _web(dataclass_property_logs_then_guarded_get),
    # values a read needs, made by a constructor that prints
    _web(dataclass_post_init_prints_key_then_get),
    _web(attrs_converter_prints_key_then_get),
    _web(dataclass_factory_logs_then_get),
    _web(namedtuple_key_method_then_get_then_print),
    _web(attrs_validator_prints_and_raises_in_loop),
    # async, SDK
    _aweb(async_validate_each_then_put),
    _aweb(async_gather_rows_post_init_prints, (0.26 + 0.1) / (0.15 + 0.1)),
    _aweb(async_list_models_property_puts),
    _aweb(async_attrs_validator_raises_between_awaits),
    _aweb(async_gather_then_validate_each_post, (0.15 + 0.03 + 0.06 + 0.1) / (0.15 + 0.1)),
    _aweb(async_dataclass_post_init_get_sync_inside),
    _aweb(async_registry_models_property_raises),
    _oa_web(openai_answer_validated_else_store),
    _oa_web(openai_history_of_models_dumped),
]

# What differs, and why: in each, a loop's target (or a helper's result) is an object of the
# user's class whose type the plan does not know, so reading its property is taken as data
# (docs/jit.md, "Not covered: ... the operations above on a value whose type is not known"),
# and the loop's GETs start for every item ahead of the property, which PUTs or raises.
FAILING_WHY: dict[str, str] = {
    "helper_class_parameter_property_puts":
        "value[3]: jit 'v-label-rb', plain 'marked': GET label-rb (item 2) starts with the "
        "loop, before item 2's `r.label` (AuditedRowA's property) PUTs label-rb; "
        "r = make_row(web, cls, ..)",
    "helper_made_row_property_raises_in_loop":
        "extra GETs sr-3, detail-sr-bad, detail-sr-3: every item's GETs start ahead of "
        "`row.check`, a property that raises for item 2 (row made by make_row(web, cls, ..))",
    "models_from_dict_registry_property_puts":
        "value[1]: jit 'v-fresh-x', plain 'now': GET fresh-x starts before `obj.fresh` "
        "(attrs class's property) PUTs fresh-x; obj = registry[k]",
    "models_from_list_property_puts":
        "smallest shape: for obj in [Cached('p'), Cached('q')]: out.append(obj.fresh); "
        "out.append(GET fresh-<key>): the GETs start before the property's PUT of the same key",
    "async_list_models_property_puts":
        "value[3]: jit 'v-fresh-aq', plain 'now': the async form of "
        "models_from_list_property_puts; `await` GET fresh-aq starts before item 2's "
        "`obj.fresh` PUTs fresh-aq",
    "pydantic_requests_in_list_property_raises":
        "extra GETs or/b, or-c: for req in [OutReq(..)...]: out.append(req.checked_key); "
        "GET req.key: the GETs start for all items, but the property raises for item 2",
}

FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
