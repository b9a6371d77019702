"""Red-team cases (stop 196): ``Model.model_validate_json(text)`` taken as pure.

The rule: parsing JSON into a pydantic model is pure when the model's core schema holds no
code of the user's, so the model calls and GETs that give the text overlap. These cases try
to hide code of the user's where the schema walk does not see it: pydantic's own closures
that call the user's function (v1-style ``@validator`` and ``@root_validator``,
``annotated_types.Predicate`` and ``Not``), an enum's ``_missing_`` (pydantic-core now calls
the hook itself; the schema no longer names it), enum values whose ``__eq__`` is the
user's, ``ImportString`` (an import or a module ``__getattr__``), a
``__pydantic_validator__`` replaced by hand, a model rebuilt after the first call, nested,
generic, root and discriminated models, ``TypeAdapter``, ``create_model``, defaults,
``validate_default``, ``__get_pydantic_core_schema__``, ``model_config`` hooks, strict
errors, ``context=``, subclasses overriding ``model_validate_json``, dataclass, TypedDict
and NamedTuple fields. Each runs 2-4 model calls (``models("sim/...")``) or GETs at unequal
latencies, slow first, around the parse, in comprehensions and loops with prints and logs.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import warnings
from typing import Annotated, Any, Generic, Literal, NamedTuple, TypeVar

import annotated_types as at
import pydantic
import requests
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    ImportString,
    RootModel,
    Tag,
    TypeAdapter,
    create_model,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import SchemaValidator, core_schema
from typing_extensions import TypedDict

from ember.api import models
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from pydantic import root_validator, validator

LOG = corpus_logger("redteam196")

KEYS = (("a", 150), ("b", 40), ("c", 90))
LATS = (("a", 0.15), ("b", 0.04), ("c", 0.09))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)
# GET (150/40/90 ms) then a 30 ms model call per item: the chains overlap.
CHAIN3 = (0.18 + 0.07 + 0.12) / 0.18


def _get(web: str, k: str, ms: int) -> str:
    """The JSON text of one item: {"key": k, "value": "v-k"}."""
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).text


def ask(q: str, lat: float = 0.03) -> str:
    return str(models("sim/gpt", q, latency=lat))[:20]


def jtext(k: str, lat: float) -> str:
    """A model's answer as JSON text (what a structured-output call gives)."""
    r = models("sim/gpt", f"describe {k}", latency=lat, temperature=0)
    return json.dumps({"key": k, "value": f"{k}:{str(r)[:10]}"})


def __getattr__(name: str) -> Any:
    """Module attributes made on demand (a plugin registry): prints when one is looked up."""
    if name.startswith("plugin_"):
        print("plugin lookup", name)
        return len
    raise AttributeError(name)


# =========================================================================== models


class Item(BaseModel):
    key: str
    value: str


class V1Item(BaseModel):
    key: str
    value: str

    @validator("value")
    def loud(cls, v: str) -> str:  # noqa: N805
        print("v1 validating", v)
        return v.upper()


class V1PreItem(BaseModel):
    key: str
    value: str

    @validator("key", pre=True)
    def loud(cls, v: str) -> str:  # noqa: N805
        LOG.info("pre %s", v)
        return v


class V1Root(BaseModel):
    key: str
    value: str

    @root_validator(skip_on_failure=True)
    def loud(cls, values: dict) -> dict:  # noqa: N805
        print("root validating", values["key"])
        return values


SEEN: list[str] = []


def seen_pred(v: str) -> bool:
    SEEN.append(v)
    return True


def loud_pred(v: str) -> bool:
    print("checking", v)
    return v.startswith("v-")


def never_empty(v: str) -> bool:
    print("is it empty?", v)
    return v == ""


class PredItem(BaseModel):
    key: str
    value: Annotated[str, at.Predicate(loud_pred)]


class NotItem(BaseModel):
    key: str
    value: Annotated[str, at.Not(never_empty)]


class SeenItem(BaseModel):
    key: str
    value: Annotated[str, at.Predicate(seen_pred)]


class Shade(enum.Enum):
    RED = "red"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> Shade:
        print("unknown shade", value)
        return cls.OTHER


class ShadeItem(BaseModel):
    key: str
    value: Shade


class Lenient:
    @classmethod
    def _missing_(cls, value: object) -> Any:
        LOG.info("lenient %s", value)
        return cls("x")  # type: ignore[call-arg]


class Letter(Lenient, enum.Enum):
    X = "x"


class LetterItem(BaseModel):
    key: str
    value: Letter


class Code:
    """An enum value of the user's: compared with what was parsed."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __hash__(self) -> int:
        return hash(self.s)

    def __eq__(self, other: object) -> bool:
        print("code eq", self.s)
        return self.s == other

    def __repr__(self) -> str:
        return f"Code({self.s})"


class Region(enum.Enum):
    A = Code("a")
    B = Code("b")
    C = Code("c")


class RegionItem(BaseModel):
    key: Region
    value: str


class Span:
    """Unhashable values: pydantic-core compares each with ``==``."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, s: str) -> None:
        self.s = s

    def __eq__(self, other: object) -> bool:
        print("span eq", self.s)
        return self.s == other


class Zone(enum.Enum):
    A = Span("a")
    B = Span("b")
    C = Span("c")


class ZoneItem(BaseModel):
    key: Zone
    value: str


class Plugin(BaseModel):
    key: str
    plugin: ImportString


class Patched(BaseModel):
    key: str
    value: str


def _audit(m: Patched) -> Patched:
    print("audit", m.key)
    return m


Patched.__pydantic_validator__ = SchemaValidator(  # type: ignore[misc]
    core_schema.no_info_after_validator_function(_audit, Patched.__pydantic_core_schema__))


class QuietInner(BaseModel):
    value: str


class LoudInner(BaseModel):
    value: str

    @field_validator("value")
    @classmethod
    def loud(cls, v: str) -> str:
        print("inner validating", v)
        return v


class Wrapped(BaseModel):
    key: str
    inner: QuietInner


class V1Inner(BaseModel):
    value: str

    @validator("value")
    def loud(cls, v: str) -> str:  # noqa: N805
        print("nested v1", v)
        return v


class Outer(BaseModel):
    key: str
    parts: list[V1Inner]


class ShadeBag(BaseModel):
    key: str
    shades: dict[str, Shade]


class PredRoot(RootModel[list[Annotated[str, at.Predicate(loud_pred)]]]):
    pass


class V1ItemRoot(RootModel[list[V1Item]]):
    pass


class Cat(BaseModel):
    kind: Literal["cat"]
    key: str
    value: str


class Dog(BaseModel):
    kind: Literal["dog"]
    key: str
    value: Annotated[str, at.Predicate(loud_pred)]


class Pet(BaseModel):
    pet: Annotated[Cat | Dog, Field(discriminator="kind")]


def _pet_kind(v: Any) -> str:
    print("discriminating")
    return v.get("kind") if isinstance(v, dict) else v.kind


class QuietDog(BaseModel):
    kind: Literal["dog"]
    key: str
    value: str


class PetFn(BaseModel):
    pet: Annotated[Annotated[Cat, Tag("cat")] | Annotated[QuietDog, Tag("dog")],
                   Discriminator(_pet_kind)]


T = TypeVar("T")


class Box(BaseModel, Generic[T]):
    key: str
    value: T


class GenV1(BaseModel, Generic[T]):
    key: str
    value: T

    @validator("value")
    def loud(cls, v: Any) -> Any:  # noqa: N805
        print("generic v1", v)
        return v


def make_tags() -> list[str]:
    print("making tags")
    return ["new"]


class Tagged(BaseModel):
    key: str
    value: str
    tags: Annotated[list[str], Field(default_factory=make_tags)]


class Upper(str):
    """A str default of the user's whose formatting prints."""

    def __str__(self) -> str:
        print("Upper str")
        return self.upper()

    def __deepcopy__(self, memo: dict) -> Upper:
        print("Upper deepcopy")
        return self


class Defaulted(BaseModel):
    model_config = ConfigDict(validate_default=True)
    key: str
    value: str
    label: str = Upper("lbl")
    note: Annotated[str, at.Predicate(loud_pred)] = "v-default"


class Slug(str):
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return core_schema.no_info_after_validator_function(cls._check, handler(str))

    @classmethod
    def _check(cls, v: str) -> str:
        print("slug", v)
        return v


class SlugItem(BaseModel):
    key: str
    value: Slug


class Plain(str):
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return core_schema.str_schema(min_length=1)


class PlainItem(BaseModel):
    key: str
    value: Plain


class StrictItem(BaseModel):
    model_config = ConfigDict(strict=True)
    key: str
    value: int


class Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True,
                              json_schema_extra=lambda s: s.update(x=1),
                              regex_engine="python-re")
    item_key: str = Field(alias="key", pattern=r"^[a-z]+$")
    value: str


class Audited(BaseModel):
    key: str
    value: str

    @classmethod
    def model_validate_json(cls, json_data: Any, **kw: Any) -> Any:  # type: ignore[override]
        print("parsing", cls.__name__)
        return super().model_validate_json(json_data, **kw)


class Registered(BaseModel):
    registry: Any = []  # (a class attribute of the base, not a field: annotated Any)

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        print("registered", cls.__name__)


class RegItem(Registered):
    key: str
    value: str


@dataclasses.dataclass
class Pair:
    key: str
    value: str


class HasPair(BaseModel):
    pair: Pair


class PairTD(TypedDict):
    key: str
    value: str


class HasTD(BaseModel):
    pair: PairTD


class PairNT(NamedTuple):
    key: str
    value: str


class HasNT(BaseModel):
    pair: PairNT


class Perm(enum.IntFlag):
    R = 1
    W = 2


class PermItem(BaseModel):
    key: str
    perm: Perm


class Stripped(BaseModel):
    key: str
    value: Annotated[str, AfterValidator(str.strip)]


class Meta(type(BaseModel)):  # type: ignore[misc]
    pass


class MetaItem(BaseModel, metaclass=Meta):
    key: str
    value: str


class PostMixin:
    def model_post_init(self, context: Any) -> None:
        print("post init", getattr(self, "key", "?"))


class Posted(PostMixin, BaseModel):
    key: str
    value: str


Made = create_model("Made", key=(str, ...), value=(str, ...))


def _made_loud(cls: Any, v: str) -> str:
    print("made validating", v)
    return v


MadeV = create_model("MadeV", key=(str, ...), value=(str, ...),
                     __validators__={"loud": field_validator("value")(classmethod(_made_loud))})

ITEMS = TypeAdapter(list[Item])


class Later(BaseModel):
    key: str
    value: LaterInner


class LaterInner(BaseModel):
    x: int = 0


# =========================================================================== (1) pydantic's closures


def r196_v1_validator_chain(web: str) -> list[str]:
    return [ask(V1Item.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_v1_validator_loop_print(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("fetching", k)
        it = V1Item.model_validate_json(_get(web, k, ms))
        out.append(it.value)
    return out


def r196_v1_pre_validator_log(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        it = V1PreItem.model_validate_json(_get(web, k, ms))
        out.append(ask(it.value))
    return out


def r196_v1_root_validator_chain(web: str) -> list[str]:
    return [ask(V1Root.model_validate_json(_get(web, k, ms)).key) for k, ms in KEYS]


def r196_predicate_chain(web: str) -> list[str]:
    return [ask(PredItem.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_not_predicate_chain(web: str) -> list[str]:
    return [ask(NotItem.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_predicate_global_list(web: str) -> list[Any]:
    SEEN.clear()
    out = [ask(SeenItem.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]
    return [list(SEEN), out]


def r196_predicate_straight_line(web: str) -> list[str]:
    a = PredItem.model_validate_json(_get(web, "a", 150))
    ra = ask(a.value)
    print("a done")
    b = PredItem.model_validate_json(_get(web, "b", 40))
    rb = ask(b.value)
    print("b done")
    return [ra, rb]


# =========================================================================== (2) enums


def r196_enum_missing_chain() -> list[str]:
    return [ask(ShadeItem.model_validate_json(jtext(k, lat)).key) for k, lat in LATS]


def r196_enum_missing_loop_print() -> list[str]:
    out = []
    for k, lat in LATS:
        print("asking", k)
        it = ShadeItem.model_validate_json(jtext(k, lat))
        out.append(it.value.name)
    return out


def r196_enum_missing_mixin_log() -> list[str]:
    return [ask(LetterItem.model_validate_json(jtext(k, lat)).key) for k, lat in LATS]


def bag_json(web: str, k: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
    return json.dumps({"key": k, "shades": {"x": v, "y": "red"}})


def r196_enum_missing_nested_dict(web: str) -> list[str]:
    return [ask(ShadeBag.model_validate_json(bag_json(web, k, ms)).key) for k, ms in KEYS]


class Picky(enum.Enum):
    OK = "ok"

    @classmethod
    def _missing_(cls, value: object) -> Any:
        print("picky sees", value)
        return None if str(value).startswith("b") else cls.OK


class PickyItem(BaseModel):
    key: str
    value: Picky


def r196_enum_missing_raises() -> list[str]:
    return [ask(PickyItem.model_validate_json(jtext(k, lat)).key) for k, lat in LATS]


def r196_enum_user_eq_chain(web: str) -> list[str]:
    return [ask(RegionItem.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_enum_unhashable_chain(web: str) -> list[str]:
    return [ask(ZoneItem.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_intflag_plain() -> list[int]:
    texts = [jtext(k, lat) for k, lat in LATS]
    return [PermItem.model_validate_json(json.dumps({"key": json.loads(t)["key"], "perm": 3})).perm
            for t in texts]


# =========================================================================== (3) hooks by hand


def plugin_json(web: str, k: str, ms: int) -> str:
    d = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
    return json.dumps({"key": d["key"], "plugin": f"{__name__}:plugin_{d['key']}"})


def r196_importstring_getattr_chain(web: str) -> list[str]:
    return [ask(Plugin.model_validate_json(plugin_json(web, k, ms)).key) for k, ms in KEYS]


def r196_importstring_loop_print(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("loading", k)
        p = Plugin.model_validate_json(plugin_json(web, k, ms))
        out.append(p.plugin.__name__)
    return out


def r196_patched_validator_chain(web: str) -> list[str]:
    return [ask(Patched.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_rebuilt_between_calls() -> list[str]:
    return [ask(Wrapped.model_validate_json(
        json.dumps({"key": k, "inner": {"value": k + ask(k, lat)}})).inner.value)
        for k, lat in LATS]


def _drive_rebuild(fn: Any, env: Env) -> Any:
    """Called once, then the field's type is swapped for one with a validator and the
    model rebuilt (a plugin system, a test's patch), then called again."""
    first = fn()
    field = Wrapped.__pydantic_fields__["inner"]
    field.annotation = LoudInner
    Wrapped.model_rebuild(force=True)
    try:
        second = fn()
    finally:
        field.annotation = QuietInner
        Wrapped.model_rebuild(force=True)
    return [first, second]


# =========================================================================== (4) nesting


def r196_nested_v1_in_list(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = json.loads(_get(web, k, ms))["value"]
        o = Outer.model_validate_json(json.dumps({"key": k, "parts": [{"value": v}]}))
        out.append(ask(o.parts[0].value))
    return out


def r196_root_predicate_list() -> list[str]:
    texts = [jtext(k, lat) for k, lat in LATS]
    vals = [json.loads(t)["value"] for t in texts]
    r = PredRoot.model_validate_json(json.dumps(["v-" + v for v in vals]))
    return [ask(x) for x in r.root]


def r196_root_of_v1_items(web: str) -> list[str]:
    return [ask(V1ItemRoot.model_validate_json("[" + _get(web, k, ms) + "]").root[0].value)
            for k, ms in KEYS]


def r196_discriminated_nested_predicate(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        d = json.loads(_get(web, k, ms))
        p = Pet.model_validate_json(json.dumps({"pet": {"kind": "dog", **d}}))
        out.append(ask(p.pet.value))
    return out


def pet_json(web: str, k: str, ms: int) -> str:
    d = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
    return json.dumps({"pet": {"kind": "dog", **d}})


def r196_discriminated_predicate_chain(web: str) -> list[str]:
    return [ask(Pet.model_validate_json(pet_json(web, k, ms)).pet.key) for k, ms in KEYS]


def r196_discriminator_callable(web: str) -> list[str]:
    return [ask(PetFn.model_validate_json(
        '{"pet": {"kind": "dog", ' + _get(web, k, ms)[1:] + "}").pet.value) for k, ms in KEYS]


def r196_generic_v1(web: str) -> list[str]:
    return [ask(GenV1[str].model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_generic_plain_box(web: str) -> list[str]:
    return [Box[str].model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


# =========================================================================== (5) defaults, types


def r196_default_factory_annotated(web: str) -> list[Any]:
    return [Tagged.model_validate_json(_get(web, k, ms)).tags for k, ms in KEYS]


def r196_validate_default_user(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        d = Defaulted.model_validate_json(_get(web, k, ms))
        out.append(ask(d.value + d.label + d.note))
    return out


def r196_core_schema_hook_loud(web: str) -> list[str]:
    return [ask(SlugItem.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_core_schema_hook_plain(web: str) -> list[str]:
    return [PlainItem.model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


def r196_dataclass_field(web: str) -> list[str]:
    return [HasPair.model_validate_json('{"pair": ' + _get(web, k, ms) + "}").pair.value
            for k, ms in KEYS]


def r196_typeddict_field(web: str) -> list[str]:
    return [HasTD.model_validate_json('{"pair": ' + _get(web, k, ms) + "}").pair["value"]
            for k, ms in KEYS]


def r196_namedtuple_field(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        d = json.loads(_get(web, k, ms))
        out.append(HasNT.model_validate_json(json.dumps({"pair": [d["key"], d["value"]]})).pair.value)
    return out


def r196_builtin_after_validator(web: str) -> list[str]:
    return [Stripped.model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


def r196_custom_metaclass(web: str) -> list[str]:
    return [MetaItem.model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


def r196_post_init_mixin(web: str) -> list[str]:
    return [ask(Posted.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


# =========================================================================== (6) errors, config


def r196_strict_errors_caught(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        try:
            it = StrictItem.model_validate_json(_get(web, k, ms))
            out.append(str(it.value))
        except pydantic.ValidationError as e:
            print("bad", k, e.error_count())
            out.append(e.errors()[0]["type"])
    return out


def r196_strict_error_uncaught(web: str) -> list[Any]:
    return [StrictItem.model_validate_json(_get(web, k, ms)) for k, ms in KEYS]


def r196_error_then_failing_get(web: str) -> list[Any]:
    out = []
    for k, ms in (("a", 150), ("b", 40)):
        r = requests.get(f"{web}/items/missing-{k}?ms={ms}", timeout=5) if k == "b" else \
            requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        r.raise_for_status()
        out.append(StrictItem.model_validate_json(r.text))
    return out


def r196_validation_error_vs_later_http_error(web: str) -> list[Any]:
    a = requests.get(f"{web}/items/a?ms=150", timeout=5)
    b = requests.get(f"{web}/status/500?ms=40", timeout=5)
    first = StrictItem.model_validate_json(a.text)
    b.raise_for_status()
    return [first, b.status_code]


def r196_config_hooks_pure(web: str) -> list[str]:
    return [Camel.model_validate_json(_get(web, k, ms)).item_key for k, ms in KEYS]


def r196_context_argument(web: str) -> list[str]:
    ctx: dict[str, Any] = {"seen": []}
    out = [Item.model_validate_json(_get(web, k, ms), context=ctx).value for k, ms in KEYS]
    return [*out, str(ctx)]


def r196_override_model_validate_json(web: str) -> list[str]:
    return [ask(Audited.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_init_subclass_base(web: str) -> list[str]:
    return [RegItem.model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


def r196_create_model_plain(web: str) -> list[str]:
    return [Made.model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


def r196_create_model_validators(web: str) -> list[str]:
    return [ask(MadeV.model_validate_json(_get(web, k, ms)).value) for k, ms in KEYS]


def r196_type_adapter_list(web: str) -> list[str]:
    return [ITEMS.validate_json("[" + _get(web, k, ms) + "]")[0].value for k, ms in KEYS]


def r196_plain_chain_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("fetching", k)
        it = Item.model_validate_json(_get(web, k, ms))
        LOG.info("parsed %s", it.key)
        out.append(ask(it.value))
    return out


def r196_plain_model_answers() -> list[str]:
    return [Item.model_validate_json(jtext(k, lat)).value for k, lat in LATS]


def r196_forward_ref_late(web: str) -> list[str]:
    return [Later.model_validate_json(
        _get(web, k, ms).replace('"v-' + k + '"', '{"x": 1}')).key for k, ms in KEYS]


def r196_instance_receiver(web: str) -> list[str]:
    proto = Item(key="p", value="q")
    return [proto.model_validate_json(_get(web, k, ms)).value for k, ms in KEYS]


def r196_bytes_text(web: str) -> list[str]:
    return [Item.model_validate_json(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).content)
            .value for k, ms in KEYS]


def r196_mutated_bytearray(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        buf = bytearray(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).content)
        it = Item.model_validate_json(buf)
        buf[:] = b'{"key": "z", "value": "zz"}'
        out.append(ask(it.value + Item.model_validate_json(buf).value))
    return out


# =========================================================================== the list


def web(env: Env) -> tuple:
    return (env.web,)


def _w(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case(kw.pop("cat", "validation"), fn, args=web, servers="web", ideal=ideal, **kw)


def _m(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case(kw.pop("cat", "validation"), fn, ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r196_v1_validator_chain, CHAIN3),
    _w(r196_v1_validator_loop_print, IDEAL3),
    _w(r196_v1_pre_validator_log, CHAIN3),
    _w(r196_v1_root_validator_chain, CHAIN3),
    _w(r196_predicate_chain, CHAIN3),
    _w(r196_not_predicate_chain, CHAIN3),
    _w(r196_predicate_global_list, CHAIN3),
    _w(r196_predicate_straight_line, (0.18 + 0.07) / 0.18),
    _m(r196_enum_missing_chain, CHAIN3),
    _m(r196_enum_missing_loop_print, IDEAL3),
    _m(r196_enum_missing_mixin_log, CHAIN3),
    _w(r196_enum_missing_nested_dict, CHAIN3),
    _m(r196_enum_missing_raises, speculative_reads=True),
    _w(r196_enum_user_eq_chain, CHAIN3),
    _w(r196_enum_unhashable_chain, CHAIN3),
    _m(r196_intflag_plain, IDEAL3, overlap=3),
    _w(r196_importstring_getattr_chain, CHAIN3),
    _w(r196_importstring_loop_print, IDEAL3),
    _w(r196_patched_validator_chain, CHAIN3),
    _m(r196_rebuilt_between_calls, CHAIN3, drive=_drive_rebuild),
    _w(r196_nested_v1_in_list, CHAIN3),
    _m(r196_root_predicate_list, (0.28 + 0.09) / (0.15 + 0.03)),
    _w(r196_root_of_v1_items, CHAIN3),
    _w(r196_discriminated_nested_predicate, CHAIN3),
    _w(r196_discriminated_predicate_chain, CHAIN3),
    _w(r196_discriminator_callable, CHAIN3),
    _w(r196_generic_v1, CHAIN3),
    _w(r196_generic_plain_box, IDEAL3, overlap=3),
    _w(r196_default_factory_annotated, IDEAL3),
    _w(r196_validate_default_user, CHAIN3),
    _w(r196_core_schema_hook_loud, CHAIN3),
    _w(r196_core_schema_hook_plain, IDEAL3, overlap=3),
    _w(r196_dataclass_field, IDEAL3, overlap=3),
    _w(r196_typeddict_field, IDEAL3, overlap=3),
    _w(r196_namedtuple_field, IDEAL3, overlap=3),
    _w(r196_builtin_after_validator, IDEAL3, overlap=3),
    _w(r196_custom_metaclass, IDEAL3, overlap=3),
    _w(r196_post_init_mixin, CHAIN3),
    _w(r196_strict_errors_caught, IDEAL3),
    _w(r196_strict_error_uncaught, speculative_reads=True),
    _w(r196_error_then_failing_get, speculative_reads=True),
    _w(r196_validation_error_vs_later_http_error, over(0.15, 0.04)),
    _w(r196_config_hooks_pure, IDEAL3, overlap=3),
    _w(r196_context_argument, IDEAL3, overlap=3),
    _w(r196_override_model_validate_json, CHAIN3),
    _w(r196_init_subclass_base, IDEAL3, overlap=3),
    _w(r196_create_model_plain, IDEAL3, overlap=3),
    _w(r196_create_model_validators, CHAIN3),
    _w(r196_type_adapter_list, IDEAL3, overlap=3),
    _w(r196_plain_chain_prints, CHAIN3),
    _m(r196_plain_model_answers, IDEAL3),
    _w(r196_forward_ref_late, IDEAL3, overlap=3),
    _w(r196_instance_receiver, IDEAL3, overlap=3),
    _w(r196_bytes_text, IDEAL3, overlap=3),
    _w(r196_mutated_bytearray, CHAIN3),
]

FIXED_WHY: dict[str, str] = {
    'r196_v1_validator_chain': (
        "v1-style @validator prints reorder (b, c, a). pydantic wraps the user's function in a closure of pydantic._internal._decorators_v1, whose __module__ is pydantic's, so the schema walk takes it for pydantic's own code."),
    'r196_v1_root_validator_chain': (
        "@root_validator prints reorder. Same closure hole: make_v1_generic_root_validator's wrapper lives in pydantic._internal._decorators_v1."),
    'r196_root_of_v1_items': (
        "RootModel[list[V1Item]]: the nested v1 @validator prints reorder (the _decorators_v1 wrapper passes as pydantic's)."),
    'r196_predicate_chain': (
        "annotated_types.Predicate(user_fn) prints reorder: pydantic turns it into a val_func closure defined in pydantic._internal._known_annotated_metadata that calls the user's predicate; the walk only checks the closure's __module__."),
    'r196_not_predicate_chain': (
        'annotated_types.Not(user_fn): same val_func closure hole as Predicate.'),
    'r196_predicate_global_list': (
        'A Predicate appending to a global list: the list order (a value, not just stdout) is b, c, a under jit.'),
    'r196_discriminated_predicate_chain': (
        'A str-discriminated union whose variant holds a Predicate: the nested closure hole reorders the prints.'),
    'r196_enum_missing_chain': (
        "An enum with _missing_ of the user's: pydantic-core (2.50) calls the class's _missing_ hook itself and the schema no longer has a 'missing' key, so the rule's `'missing' not in node` test always passes."),
    'r196_enum_missing_mixin_log': (
        '_missing_ inherited from a mixin logs: log records reorder (same: the schema no longer names the hook).'),
    'r196_enum_missing_nested_dict': (
        'dict[str, Shade] values with _missing_: reorder (same cause, nested).'),
    'r196_enum_missing_raises': (
        "_missing_ that returns None for item b: plain prints a, b then raises; jit prints b, c, a (c's hook runs though plain never reaches c). Same cause."),
    'r196_enum_user_eq_chain': (
        "Enum values of a user class with __eq__: pydantic-core looks the parsed str up in a dict keyed by those values, calling their __eq__; the walk skips 'members' of an enum."),
    'r196_enum_unhashable_chain': (
        "Unhashable enum values: pydantic-core compares the input with each value's __eq__ in turn; 'members' are skipped by the walk."),
    'r196_importstring_getattr_chain': (
        "ImportString resolves 'module:attr' with getattr, running a module __getattr__ of the user's (and an import runs module code); pydantic's import_string passes as pydantic's."),
    'r196_patched_validator_chain': (
        "__pydantic_validator__ replaced by a SchemaValidator with an after-validator of the user's: the rule walks __pydantic_core_schema__, which model_validate_json does not use."),
    'r196_rebuilt_between_calls': (
        "The field's type swapped for one with a field_validator and model_rebuild(force=True) between calls: `_checked` caches the class's verdict (and the plan keeps it), so the second call's validator prints reorder."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
