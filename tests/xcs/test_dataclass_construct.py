"""Constructing a dataclass (`_summary._construct`): the `__init__` that `dataclasses`
generates runs the user's code besides `__post_init__`: each field's `default_factory`,
the class's `__setattr__`, a data descriptor default's `__set__`; a pydantic dataclass's
`__init__` runs its validators, and an `__init__` written in the class is its own. Helpers
that GET from a server on 127.0.0.1 and then construct one, called in a comprehension, run
jitted as they do plain; a dataclass with plain defaults still lets the GETs overlap. A
pydantic model's construction is validation, which decides by raising whether the calls
after it happen: a loop that builds one around each GET sends the GETs plain code sends."""

from __future__ import annotations

import dataclasses
import enum
import logging
import typing
from typing import Any

import pydantic
import pydantic.dataclasses
import pydantic_core
import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

SLOW_FAST = (("a1", 150), ("a2", 50), ("a3", 60))  # overlapped, a2 and a3 answer first
SEEN: list[str] = []


def fetch(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}").text


def plain_then_jitted(fn: Any, base: str, capsys: pytest.CaptureFixture[str]) -> tuple:
    """`fn(base)` plain, then jitted: each run's value, its stdout and SEEN."""
    runs = []
    for run in (fn, xcs.jit(fn)):
        SEEN.clear()
        xcs.lowlevel.reset()
        value = run(base)
        runs.append((value, capsys.readouterr().out, list(SEEN)))
    return tuple(runs)


# --------------------------------------------------------------------------- default_factory


def next_tag() -> str:
    SEEN.append("tag")
    return f"tag-{len(SEEN)}"


@dataclasses.dataclass
class Tagged:
    value: str
    tag: str = dataclasses.field(default_factory=next_tag)


def tagged_of(base: str, key: str, ms: int) -> Tagged:
    return Tagged(fetch(base, key, ms))


def tags(base: str) -> list[str]:
    return [f"{t.value}:{t.tag}" for t in [tagged_of(base, k, ms) for k, ms in SLOW_FAST]]


def test_default_factory_of_the_users_runs_in_order(web: str, capsys: Any) -> None:
    plain, jitted = plain_then_jitted(tags, web, capsys)
    assert plain[0] == ["v-a1:tag-1", "v-a2:tag-2", "v-a3:tag-3"]
    assert jitted == plain


# --------------------------------------------------------------------------- descriptors


class Announced:
    """A data descriptor: the generated `__init__` assigns the field through `__set__`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = "_" + name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return "unset" if obj is None else getattr(obj, self.name, "unset")

    def __set__(self, obj: Any, value: str) -> None:
        print("set", value)
        setattr(obj, self.name, value)


@dataclasses.dataclass
class Holder:
    value: Announced = Announced()  # noqa: RUF009 - a descriptor field, on purpose


def holder_of(base: str, key: str, ms: int) -> str:
    return Holder(fetch(base, key, ms)).value


def held(base: str) -> list[str]:
    return [holder_of(base, k, ms) for k, ms in SLOW_FAST]


def test_descriptor_field_prints_in_order(web: str, capsys: Any) -> None:
    plain, jitted = plain_then_jitted(held, web, capsys)
    assert plain[1] == "set v-a1\nset v-a2\nset v-a3\n"
    assert jitted == plain


# --------------------------------------------------------------------------- __setattr__


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


LOG = logging.getLogger("tests.xcs.dataclass_construct")


@dataclasses.dataclass
class Audited:
    key: str
    value: str

    def __setattr__(self, name: str, value: Any) -> None:
        LOG.warning("audited %s=%s", name, value)
        object.__setattr__(self, name, value)


def audited_of(base: str, key: str, ms: int) -> str:
    return Audited(key, fetch(base, key, ms)).value


def audited(base: str) -> list[str]:
    return [audited_of(base, k, ms) for k, ms in SLOW_FAST]


def test_setattr_of_the_users_logs_in_order(web: str) -> None:
    handler, saved = _Records(), LOG.propagate
    LOG.addHandler(handler)
    LOG.propagate = False
    try:
        plain = audited(web)
        logged, handler.messages = handler.messages, []
        xcs.lowlevel.reset()
        assert xcs.jit(audited)(web) == plain
    finally:
        LOG.removeHandler(handler)
        LOG.propagate = saved
    assert logged[:2] == ["audited key=a1", "audited value=v-a1"]
    assert handler.messages == logged


# --------------------------------------------------------------------------- other __init__s


@pydantic.dataclasses.dataclass
class Reading:
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def announce(cls, v: str) -> str:
        print("reading", v)
        return v


def reading_of(base: str, key: str, ms: int) -> str:
    return Reading(key, fetch(base, key, ms)).value


def readings(base: str) -> list[str]:
    return [reading_of(base, k, ms) for k, ms in SLOW_FAST]


def test_pydantic_dataclass_validators_print_in_order(web: str, capsys: Any) -> None:
    plain, jitted = plain_then_jitted(readings, web, capsys)
    assert plain[1] == "reading v-a1\nreading v-a2\nreading v-a3\n"
    assert jitted == plain


@dataclasses.dataclass(init=False)
class Written:
    """A dataclass whose `__init__` is its own (`dataclasses` keeps it)."""

    value: str

    def __init__(self, value: str) -> None:
        print("written", value)
        self.value = value


def written_of(base: str, key: str, ms: int) -> str:
    return Written(fetch(base, key, ms)).value


def written(base: str) -> list[str]:
    return [written_of(base, k, ms) for k, ms in SLOW_FAST]


def test_dataclass_with_its_own_init_prints_in_order(web: str, capsys: Any) -> None:
    plain, jitted = plain_then_jitted(written, web, capsys)
    assert plain[1] == "written v-a1\nwritten v-a2\nwritten v-a3\n"
    assert jitted == plain


# --------------------------------------------------------------------------- still overlaps


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    key: str
    value: str
    size: int = 0
    notes: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Loose:
    key: str
    value: str
    extra: dict[str, str] = dataclasses.field(default_factory=dict)


def plain_of(base: str, key: str, ms: int) -> tuple[Plain, Loose]:
    value = fetch(base, key, ms)
    return Plain(key, value), Loose(key, value)


def plains(base: str) -> list[tuple[Plain, Loose]]:
    return [plain_of(base, k, ms) for k, ms in SLOW_FAST]


def test_dataclass_with_plain_defaults_still_overlaps(web: str) -> None:
    plain = plains(web)
    assert Items.peak == 1
    xcs.lowlevel.reset()
    assert xcs.jit(plains)(web) == plain
    assert Items.peak >= 2


@dataclasses.dataclass
class Numbered:
    key: str
    n: int = 0
    last = 0  # (a class attribute: every record made counts on it)

    def __post_init__(self) -> None:
        Numbered.last += 1
        self.n = Numbered.last


CONFIG = {"tier": "basic"}


@dataclasses.dataclass
class Tiered:
    key: str
    tier: str = ""

    def __post_init__(self) -> None:
        self.tier = CONFIG["tier"]


def numbered_of(base: str, key: str, ms: int) -> Numbered:
    return Numbered(fetch(base, key, ms))


def numbered(base: str) -> list[str]:
    Numbered.last = 0
    return [f"{r.n}:{r.key}" for r in [numbered_of(base, k, ms) for k, ms in SLOW_FAST]]


def tiered_of(base: str, key: str, ms: int) -> Tiered:
    return Tiered(fetch(base, key, ms))


def tiers(base: str) -> list[str]:
    CONFIG["tier"] = "basic"
    a = tiered_of(base, "a1", 150)
    CONFIG["tier"] = "gold"
    b = tiered_of(base, "a2", 50)
    return [a.tier, b.tier]


@pytest.mark.parametrize("fn", [numbered, tiers])
def test_a_post_init_that_changes_or_reads_class_or_module_state_keeps_its_place(
        web: str, fn: Any, capsys: Any) -> None:
    # Made in a helper after its GET: counting on the class, or reading a global dict
    # the function changes between the calls.
    plain, jitted = plain_then_jitted(fn, web, capsys)
    assert jitted == plain
    assert plain[0] in (["1:v-a1", "2:v-a2", "3:v-a3"], ["basic", "gold"])


# --------------------------------------------------------------------------- pydantic models


def _refuse(v: str) -> str:
    if v == "v-a2":
        raise ValueError(f"refused {v}")
    return v


class FieldChecked(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def check(cls, v: str) -> str:
        return _refuse(v)


class ModelChecked(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.model_validator(mode="after")
    def check(self) -> ModelChecked:
        _refuse(self.value)
        return self


class Annotated(pydantic.BaseModel):
    key: str
    value: typing.Annotated[str, pydantic.AfterValidator(_refuse)]


def _counted_tag() -> str:
    SEEN.append("tag")
    return _refuse(f"v-a{len(SEEN)}")


class Defaulted(pydantic.BaseModel):
    key: str
    value: str
    tag: str = pydantic.Field(default_factory=_counted_tag)


class PostInit(pydantic.BaseModel):
    key: str
    value: str

    def model_post_init(self, context: Any, /) -> None:
        _refuse(self.value)


class Inner(pydantic.BaseModel):
    value: str

    @pydantic.model_validator(mode="before")
    @classmethod
    def wrap(cls, v: str) -> dict[str, str]:
        return {"value": _refuse(v)}


class Outer(pydantic.BaseModel):
    key: str
    value: Inner


class OwnInit(pydantic.BaseModel):
    key: str
    value: str

    def __init__(self, **data: Any) -> None:
        _refuse(data["value"])
        super().__init__(**data)


class Patched(pydantic.BaseModel):
    """Its validator replaced by hand: its schema says nothing of the function it runs."""

    key: str
    value: str


def _refuse_model(made: Any) -> Any:
    _refuse(made.value)
    return made


Patched.__pydantic_validator__ = pydantic_core.SchemaValidator(  # type: ignore[misc]
    pydantic_core.core_schema.no_info_after_validator_function(
        _refuse_model, Patched.__pydantic_core_schema__))


class Choice(enum.StrEnum):
    A1 = "v-a1"
    A3 = "v-a3"

    @classmethod
    def _missing_(cls, value: object) -> Choice:
        raise ValueError(f"refused {value}")  # (pydantic-core calls it; its schema does not say)


class Chosen(pydantic.BaseModel):
    key: str
    value: Choice


class Limited(pydantic.BaseModel):
    """No code of yours: pydantic alone refuses the second answer, by design."""

    key: str
    value: typing.Annotated[str, pydantic.StringConstraints(pattern=r"^v-a[13]$")]


def _built(model: type) -> Any:
    def build(base: str) -> list[Any]:
        out = []
        for k, ms in SLOW_FAST:
            out.append(model(key=k, value=fetch(base, k, ms)))
        return out
    return build


@pytest.mark.parametrize("model", [FieldChecked, ModelChecked, Annotated, Defaulted, PostInit,
                                   Outer, OwnInit, Patched, Chosen, Limited])
def test_constructing_a_pydantic_model_keeps_its_place(web: str, model: type) -> None:
    """Each refuses the second answer (a validator of yours, one put in by hand, an enum's
    hook, or pydantic's own constraint): validation decides by design whether the calls
    after it happen, so plain code never asks for the third, and nor does jitted code."""
    runs = []
    for run in (_built(model), xcs.jit(_built(model))):
        SEEN.clear()
        xcs.lowlevel.reset()
        start = len(Items.order)
        with pytest.raises((ValueError, pydantic.ValidationError)) as caught:
            run(web)
        runs.append((type(caught.value), str(caught.value), Items.order[start:]))
    assert runs[0][2] == ["a1", "a2"]
    assert runs[1] == runs[0]
