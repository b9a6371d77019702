"""Items and slices of a str have known types, so methods called on them have rules:
``answer.split(":", 1)[-1].strip()`` after a model call is pure work, not an unknown call
that keeps the helper in place."""

from __future__ import annotations

import time

from ember.xcs import Kind
from ember.xcs.lowlevel import effect_of


def wait(text: str) -> str:
    time.sleep(0.001)
    return text


def parses_parts(text: str) -> str:
    answer = wait(text)
    head = answer.split(":", 1)[-1].strip()[:40]
    return head.lower() + answer[0].upper() + answer.partition("-")[0].title()


class Odd(str):
    def __getitem__(self, i: object) -> object:  # type: ignore[override]
        return [1, 2]


def odd_from_helper(text: str) -> object:
    value = Odd(wait(text))
    return value[0].strip()


def test_items_and_slices_of_a_str_are_str() -> None:
    assert effect_of(parses_parts).kind is Kind.READ


def test_a_subclass_that_indexes_its_own_way_is_not_guessed() -> None:
    assert effect_of(odd_from_helper).kind is Kind.UNKNOWN
