"""A local not bound at a call's place raises `UnboundLocalError` there, as in the plain
code, though the call's arguments are made by code the rewrite adds (`_runtime.made`):
``except UnboundLocalError`` catches it under jit too."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def deleted_in_a_branch(base: str) -> list[str]:
    k = "a"
    if base:
        del k
    try:
        first = requests.get(f"{base}/{k}?ms=40", timeout=5).text
    except UnboundLocalError as exc:
        first = f"unbound: {exc}"
    return [first, requests.get(f"{base}/c?ms=90", timeout=5).text]


def annotated_only(base: str) -> list[str]:
    k: str
    try:
        first = requests.get(f"{base}/{k}?ms=40", timeout=5).text  # noqa: F821 - unbound
    except UnboundLocalError as exc:
        first = f"unbound: {exc}"
    return [first, requests.get(f"{base}/c?ms=90", timeout=5).text]


@pytest.mark.parametrize("fn", [deleted_in_a_branch, annotated_only])
def test_an_unbound_local_raises_unbound_local_error(web: str, fn: Any) -> None:
    Items.reset()
    plain = fn(web)
    Items.reset()
    assert xcs.jit(fn)(web) == plain == [
        "unbound: cannot access local variable 'k' where it is not associated with a value",
        "v-c"]
    assert Items.order == ["c"]
