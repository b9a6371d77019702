"""``await asyncio.to_thread(f, *args)`` is what ``f(*args)`` is (`_handed`): reads of a
blocking helper, each awaited in turn, overlap as awaited reads do, each still in a thread
of the default executor; a helper that writes or prints keeps its place."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def blocking_get(url: str) -> str:
    return requests.get(url, timeout=5).text


def blocking_put(url: str) -> str:
    return requests.put(url, timeout=5).text


def loud_get(url: str) -> str:
    print("getting", url.rsplit("/", 1)[-1])
    return requests.get(url, timeout=5).text


async def three(helper: Any, web: str) -> list[str]:
    a = await asyncio.to_thread(helper, f"{web}/items/a?ms=150")
    b = await asyncio.to_thread(helper, f"{web}/items/b?ms=50")
    c = await asyncio.to_thread(helper, f"{web}/items/c?ms=80")
    return [a, b, c]


async def each(helper: Any, web: str) -> list[str]:
    return [await asyncio.to_thread(helper, f"{web}/items/{k}?ms={ms}")
            for k, ms in (("a", 150), ("b", 50), ("c", 80))]


@pytest.mark.parametrize("form", [three, each], ids=lambda f: f.__name__)
def test_blocking_reads_handed_to_threads_overlap(form: Any, web: str) -> None:
    plain = asyncio.run(form(blocking_get, web))
    assert Items.peak == 1
    Items.reset()
    assert asyncio.run(xcs.jit(form)(blocking_get, web)) == plain == ["v-a", "v-b", "v-c"]
    assert Items.peak == 3


@pytest.mark.parametrize("helper", [blocking_put, loud_get], ids=lambda f: f.__name__)
def test_a_helper_that_writes_or_prints_keeps_its_place(helper: Any, web: str,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    plain = asyncio.run(three(helper, web))
    plain_out, plain_order = capsys.readouterr().out, list(Items.order)
    Items.reset()
    assert asyncio.run(xcs.jit(three)(helper, web)) == plain
    assert (capsys.readouterr().out, Items.order) == (plain_out, plain_order)
    assert Items.peak == 1
