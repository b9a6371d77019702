# ruff: noqa: UP031, UP032 - the shapes under test
"""Formatting a value runs its methods: ``"{}".format(x)`` its ``__format__`` (object's
calls ``__str__``), ``"%s" % x`` its ``__str__``, ``f"{x}"`` its ``__format__`` or, when
only ``__str__`` is the class's own, that. A helper whose formatting runs code of yours
that prints is not a read; formatting strs and numbers runs nothing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from ember.xcs import Kind
from ember.xcs.lowlevel import effect_of

BASE = "http://127.0.0.1:9"


class LoudFormat:
    def __format__(self, spec: str) -> str:
        print("formatted")
        return "F"


class LoudStr:
    def __str__(self) -> str:
        print("str")
        return "S"


F, S = LoudFormat(), LoudStr()


def format_method(k: str) -> str:
    return "{} {}".format(requests.get(f"{BASE}/{k}").text, F)


def format_method_str_only(k: str) -> str:
    return "{x}".format(x=S) + requests.get(f"{BASE}/{k}").text


def percent(k: str) -> str:
    return "%s %s" % (requests.get(f"{BASE}/{k}").text, S)


def percent_one(k: str) -> str:
    return requests.get(f"{BASE}/{k}").text + "%d" % 3 + "%s" % S


def f_string_str_only(k: str) -> str:
    return f"{S}: {requests.get(f'{BASE}/{k}').text}"


def plain_values(k: str) -> str:
    text = requests.get(f"{BASE}/{k}").text
    return "{} {:>4}".format(text, 3) + "%s/%d" % (text, 2) + f"{text!r}"


@pytest.mark.parametrize("helper", [format_method, format_method_str_only, percent,
                                    percent_one, f_string_str_only])
def test_formatting_an_object_of_yours_runs_its_code(helper: Any) -> None:
    assert effect_of(helper).kind is Kind.WRITE, effect_of(helper).reason


def test_formatting_strs_and_numbers_runs_nothing() -> None:
    assert effect_of(plain_values).kind is Kind.READ, effect_of(plain_values).reason
