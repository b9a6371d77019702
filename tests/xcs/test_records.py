"""Records as a loop's items: a dataclass or a pydantic model whose classes run none of
the user's code when read, tested or formatted is data (`_plain.record_type`), which a
loop's checks may look at ahead, so each item's read starts early around the prints of
the body; so is one whose properties only compute (`_summary.pure_getter`). A property
that prints or a formatting hook of the user's keeps the calls at their places.
Printed whole, a dataclass formats its fields by the ``__repr__`` `dataclasses` wrote:
plain when every field is annotated a str, a number, a bool or None. Appending a record to
a list walks nothing of it, whatever ``__iter__`` it has."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
from pydantic import BaseModel

from ember import xcs
from tests.xcs._items_server import Items

KEYS = (("a", 150), ("b", 50), ("c", 80))


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


@dataclasses.dataclass
class Item:
    key: str
    ms: int


class ItemModel(BaseModel):
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


@dataclasses.dataclass
class Computed:
    key: str
    ms: int

    @property
    def slug(self) -> str:
        return self.key.lower()


def fetch_fields(web: str, it: Any) -> str:
    return get(web, it.key, it.ms)


def handed_around_prints(web: str, record: Any) -> list[str]:
    items = [record(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetching", it.key)
        out.append(fetch_fields(web, it))
    return out


@dataclasses.dataclass
class Checked:
    key: str
    ms: int

    @property
    def slug(self) -> str:
        if self.key == "b":
            raise ValueError(f"no slug for {self.key}")
        return self.key


async def checked_by_a_property(web: str, items: dict[str, Checked]) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        for name in ("a", "b", "c"):
            it = items[name]  # (its type is not known before it runs)
            out.append(it.slug)
            out.append(await aget(http, web, it))
        return out


async def aget(http: httpx.AsyncClient, web: str, it: Checked) -> str:
    return (await http.get(f"{web}/items/{it.key}?ms={it.ms}")).text


class Hooked(BaseModel):
    key: str
    ms: int

    def __repr_str__(self, join_str: str) -> str:
        print("formatting", self.key)
        return self.key


@dataclasses.dataclass
class Pair:
    key: str
    text: str

    def __iter__(self) -> Iterator[str]:
        print("walked", self.key)
        return iter((self.key, self.text))


def printed_around_reads(web: str, items: list[Any]) -> list[str]:
    out = []
    for it in items:
        print("fetching", it.key)
        text = get(web, it.key, it.ms)
        print(it.key, "->", text)
        out.append(text)
    return out


class Loud:
    def __repr__(self) -> str:
        print("formatting a tag")
        return "tag"


@dataclasses.dataclass
class Tagged:
    key: str
    ms: int
    tag: object


def printed_whole(web: str, items: list[Any]) -> list[str]:
    out = []
    for it in items:
        print("fetching", it)
        out.append(get(web, it.key, it.ms))
    return out


def by_slug(web: str, items: list[Slugged]) -> list[str]:
    out = []
    for it in items:
        print("fetching", it.key)
        out.append(get(web, it.slug, it.ms))
    return out


def by_str(web: str, items: list[Hooked]) -> list[str]:
    out = []
    for it in items:
        print("fetching", it.key)
        out.append(get(web, str(it), it.ms))
    return out


def pairs(web: str) -> list[tuple[str, str]]:
    out = []
    for key, ms in KEYS:
        out.append(Pair(key, get(web, key, ms)))
    return [tuple(p) for p in out]


def _same(form: Any, web: str, args: tuple, capsys: pytest.CaptureFixture[str]) -> int:
    """Run `form` plain and jitted: equal values, stdout and server order; the jitted
    run's peak of requests in flight."""
    plain = form(web, *args)
    plain_out, plain_order = capsys.readouterr().out, list(Items.order)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(form)(web, *args) == plain
    assert (capsys.readouterr().out, sorted(Items.order)) == (plain_out, sorted(plain_order))
    return Items.peak


@pytest.mark.parametrize("record", [Item, ItemModel], ids=lambda t: t.__name__)
def test_records_of_data_are_data_to_a_loop(record: Any, web: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    items = [record(key=k, ms=ms) for k, ms in KEYS]
    assert _same(printed_around_reads, web, (items,), capsys) == 3


@pytest.mark.parametrize(("form", "record"), [(by_slug, Slugged), (by_str, Hooked)],
                         ids=["property", "repr_hook"])
def test_code_of_yours_on_a_record_keeps_the_loop_as_written(
        form: Any, record: Any, web: str, capsys: pytest.CaptureFixture[str]) -> None:
    items = [record(key=k, ms=ms) for k, ms in KEYS]
    assert _same(form, web, (items,), capsys) == 1


def test_appending_a_record_walks_nothing_of_it(web: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert _same(pairs, web, (), capsys) == 3


def test_a_dataclass_printed_whole_formats_its_fields(web: str,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    items = [Item(k, ms) for k, ms in KEYS]
    assert _same(printed_whole, web, (items,), capsys) == 3
    tagged = [Tagged(k, ms, Loud()) for k, ms in KEYS]
    Items.reset()
    assert _same(printed_whole, web, (tagged,), capsys) == 1


@pytest.mark.parametrize(("record", "peak"), [(Computed, 3), (Slugged, 1)],
                         ids=["pure_property", "printing_property"])
def test_a_record_handed_to_a_helper_is_data_while_its_properties_only_compute(
        record: Any, peak: int, web: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _same(handed_around_prints, web, (record,), capsys) == peak


def test_a_property_that_raises_by_design_decides_the_reads_after_it(web: str) -> None:
    items = {k: Checked(k, ms) for k, ms in KEYS}
    with pytest.raises(ValueError, match="no slug for b"):
        asyncio.run(checked_by_a_property(web, items))
    plain_order = list(Items.order)
    Items.reset()
    with pytest.raises(ValueError, match="no slug for b"):
        asyncio.run(xcs.jit(checked_by_a_property)(web, items))
    assert Items.order == plain_order == ["a"]
