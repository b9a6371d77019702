"""Records around reads: a dataclass or a pydantic model built from each answer, or walked
as a loop's items. Validating into a model of pydantic's own (`_pydantic_rules`) and
dumping one is pure; a record whose class runs none of the user's code when read, tested
or formatted is data (`_plain.record_type`), which a loop's checks may look at ahead. A
validator, a property or a ``__str__`` of the user's keeps the calls at their places."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
import requests
from pydantic import BaseModel, Field, field_validator

from ember import xcs
from tests.xcs._items_server import Items

KEYS = (("a", 150), ("b", 20), ("c", 80))


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


class Answer(BaseModel):
    key: str
    text: str
    tags: list[str] = Field(default_factory=list)


class Shouted(BaseModel):
    key: str
    text: str

    @field_validator("text")
    @classmethod
    def shout(cls, v: str) -> str:
        print("validating", v)
        return v.upper()


@dataclasses.dataclass
class Item:
    key: str
    ms: int


@dataclasses.dataclass
class Slugged:
    key: str
    ms: int

    @property
    def slug(self) -> str:
        print("slug of", self.key)
        return self.key


def models_in_a_loop(web: str) -> list[dict]:
    out = []
    for key, ms in KEYS:
        out.append(Answer(key=key, text=get(web, key, ms)))
    return [a.model_dump() for a in out]


def models_validated(web: str) -> list[Answer]:
    return [Answer.model_validate_json(json.dumps({"key": k, "text": get(web, k, ms)}))
            for k, ms in KEYS]


def models_dumped_as_they_come(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        a = Answer(key=key, text=get(web, key, ms))
        print(a.model_dump_json())
        out.append(a.text)
    return out


def items_printed_around_reads(web: str, items: list[Any]) -> list[str]:
    out = []
    for it in items:
        print("fetching", it.key)
        text = get(web, it.key, it.ms)
        print(it.key, "->", text)
        out.append(text)
    return out


@pytest.mark.parametrize("form", [models_in_a_loop, models_validated,
                                  models_dumped_as_they_come], ids=lambda f: f.__name__)
def test_pydantic_models_around_reads_overlap(form: Any, web: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    plain = form(web)
    plain_out = capsys.readouterr().out
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(form)(web) == plain
    assert capsys.readouterr().out == plain_out
    assert Items.peak == 3


def test_a_validator_of_yours_keeps_each_read_in_place(web: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    def shouted(web: str) -> list[Shouted]:
        return [Shouted(key=k, text=get(web, k, ms)) for k, ms in KEYS]

    plain = shouted(web)
    plain_out = capsys.readouterr().out
    Items.reset()
    assert xcs.jit(shouted)(web) == plain
    assert capsys.readouterr().out == plain_out == "validating v-a\nvalidating v-b\nvalidating v-c\n"
    assert Items.peak == 1


def test_dataclass_items_are_data_to_a_loop(web: str, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    items = [Item(k, ms) for k, ms in KEYS]
    plain = items_printed_around_reads(web, items)
    plain_out = capsys.readouterr().out
    Items.reset()
    assert xcs.jit(items_printed_around_reads)(web, items) == plain
    assert capsys.readouterr().out == plain_out
    assert Items.peak == 3


def test_a_property_of_yours_keeps_the_loop_as_written(web: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    def by_slug(web: str, items: list[Slugged]) -> list[str]:
        out = []
        for it in items:
            print("fetching", it.key)
            out.append(get(web, it.slug, it.ms))
        return out

    items = [Slugged(k, ms) for k, ms in KEYS]
    plain = by_slug(web, items)
    plain_out = capsys.readouterr().out
    Items.reset()
    assert xcs.jit(by_slug)(web, items) == plain
    assert capsys.readouterr().out == plain_out
    assert Items.peak == 1
