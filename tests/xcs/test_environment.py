"""The process's environment: reading it (``os.getenv``, ``os.environ.get``) is pure, as
every change to it has no rule and stays put with nothing moving across it. A helper that
reads its settings from the environment and then asks overlaps with its siblings; one run
after the function changes the environment sees the change, as in the plain code."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

VAR = "EMBER_TEST_REGION"


def region_get(web: str, key: str, ms: int) -> str:
    region = os.getenv(VAR, "eu")
    prefix = os.environ.get(VAR + "_PREFIX", "")
    return requests.get(f"{web}/items/{prefix}{region}-{key}?ms={ms}", timeout=5).text


def three(web: str) -> list[str]:
    return [region_get(web, k, ms) for k, ms in (("a", 150), ("b", 50), ("c", 80))]


def moved_between(web: str) -> list[str]:
    a = region_get(web, "a", 150)
    os.environ[VAR] = "us"
    b = region_get(web, "b", 150)
    c = region_get(web, "c", 80)
    return [a, b, c]


@pytest.fixture
def region() -> Iterator[None]:
    os.environ[VAR] = "eu"
    yield
    os.environ.pop(VAR, None)


def _run(form: Any, web: str) -> tuple[list[str], list[str]]:
    """The value and the keys the server saw (as a multiset: reads sent together arrive
    in any order)."""
    os.environ[VAR] = "eu"
    value = form(web)
    return value, sorted(Items.order)


@pytest.mark.usefixtures("region")
def test_helpers_reading_the_environment_overlap(web: str) -> None:
    plain = _run(three, web)
    Items.reset()
    assert _run(xcs.jit(three), web)[0] == plain[0] == ["v-eu-a", "v-eu-b", "v-eu-c"]
    assert Items.peak == 3


@pytest.mark.usefixtures("region")
def test_a_change_to_the_environment_keeps_its_place(web: str) -> None:
    plain = _run(moved_between, web)
    Items.reset()
    assert _run(xcs.jit(moved_between), web) == plain
    assert plain[0] == ["v-eu-a", "v-us-b", "v-us-c"]
    assert Items.peak == 2  # (b and c together, after the change)
