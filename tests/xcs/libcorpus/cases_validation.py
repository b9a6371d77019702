"""Validation and early exit: code that decides whether a call happens runs before it.

A check that raises before a GET means the GET is never sent; a loop that stops at its
third item never asks for the fourth; a branch not taken sends nothing. The one allowance
(`Case.speculative_reads`): reads launched together may all be sent when one fails.
"""

from __future__ import annotations

import json
import urllib.request

import requests

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._web import web_args

VALIDATION = "validation"


class InvalidKey(ValueError):
    """The corpus's own exception type: it must come out unwrapped."""



def check_then_get(base: str, key: str) -> tuple[str, str]:
    index = requests.get(f"{base}/items/index")
    if len(key) > 8:
        raise ValueError(f"key too long: {key!r}")
    item = requests.get(f"{base}/items/{key}")
    return index.json()["value"], item.json()["value"]


def check_amount(amount: int) -> int:
    if amount < 0:
        raise InvalidKey(f"negative amount: {amount}")
    return amount


def helper_check_between_reads(base: str, amount: int) -> tuple[str, str]:
    rate = urllib.request.urlopen(f"{base}/items/rate")
    check_amount(amount)
    quote = urllib.request.urlopen(f"{base}/items/quote-{amount}")
    return json.load(rate)["value"], json.load(quote)["value"]


def loop_inline_check(base: str, amounts: list[int]) -> list[str]:
    responses = []
    for n in amounts:
        if n < 0:
            raise InvalidKey(f"negative amount: {n}")
        r = requests.get(f"{base}/items/amount-{n}")
        responses.append(r)
    return [r.json()["value"] for r in responses]


def loop_helper_check(base: str, amounts: list[int]) -> list[str]:
    responses = []
    for n in amounts:
        check_amount(n)
        responses.append(urllib.request.urlopen(f"{base}/items/amount-{n}"))
    return [json.load(r)["value"] for r in responses]


def validate(key: str) -> str:
    if not key.isalnum():
        raise InvalidKey(f"bad key {key!r}")
    return key


def loop_third_invalid(base: str) -> list[str]:
    out = []
    for key in ["k1", "k2", "k 3", "k4", "k5"]:
        validate(key)
        out.append(requests.get(f"{base}/items/{key}").json()["value"])
    return out


def assert_before_post(base: str, amount: int) -> int:
    assert amount > 0, f"amount must be positive, got {amount}"
    return requests.post(f"{base}/items/payment", data=str(amount)).json()["version"]


def helper_check_then_two_gets(base: str, keys: list[str]) -> list[str]:
    for k in keys:
        validate(k)
    first = requests.get(f"{base}/items/{keys[0]}").json()["value"]
    second = requests.get(f"{base}/items/{keys[1]}").json()["value"]
    return [first, second]


def early_return_from_local_cache(base: str, key: str) -> str:
    known = {"home": "cached-home"}
    if key in known:
        return known[key]
    return requests.get(f"{base}/items/{key}").json()["value"]


def branch_not_taken(base: str, refresh: bool) -> str:
    value = "stale"
    if refresh:
        value = requests.get(f"{base}/items/fresh").json()["value"]
    return value


def break_on_match(base: str) -> str:
    found = "none"
    for key in ["b1", "b2", "b3", "b4"]:
        value = requests.get(f"{base}/items/{key}").json()["value"]
        if value == "v-b2":
            found = key
            break
    return found


def fallback_on_404(base: str) -> str:
    try:
        r = requests.get(f"{base}/items/missing-one")
        r.raise_for_status()
        return r.json()["value"]
    except requests.HTTPError:
        return requests.get(f"{base}/items/fallback").json()["value"]


def any_stops_early(base: str) -> bool:
    return any(requests.get(f"{base}/items/{k}").json()["value"] == "v-a2"
               for k in ("a1", "a2", "a3", "a4"))


def failing_sibling(base: str) -> list[str]:
    out = []
    for key in ("s1", "missing-s2", "s3"):
        r = requests.get(f"{base}/items/{key}")
        r.raise_for_status()
        out.append(r.json()["value"])
    return out


def checked_write(base: str, name: str) -> int:
    if len(name) > 8:
        raise InvalidKey(f"name too long: {name}")
    requests.put(f"{base}/items/{name}", data="x")
    return requests.get(f"{base}/items").json()["writes"]


# Some cases are called four times (each call raises): what a JIT learns from the first
# calls must not start a later call's GET before the check that stops it.
CASES = [
    Case(VALIDATION, check_then_get, args=lambda env: (env.web, "far-too-long"),
         servers="web", calls=4, failure=5),
    Case(VALIDATION, helper_check_between_reads, args=lambda env: (env.web, -2),
         servers="web", calls=4),
    Case(VALIDATION, loop_third_invalid, args=web_args, servers="web"),
    # the checks need no answer: the first two GETs may overlap, the third is never sent
    Case(VALIDATION, loop_inline_check, args=lambda env: (env.web, [1, 2, -3, 4, 5]),
         servers="web", ideal=2.0, overlap=2, calls=4),
    Case(VALIDATION, loop_helper_check, args=lambda env: (env.web, [1, 2, -3, 4, 5]),
         servers="web", ideal=2.0, overlap=2),
    Case(VALIDATION, assert_before_post, args=lambda env: (env.web, -5), servers="web"),
    Case(VALIDATION, helper_check_then_two_gets, args=lambda env: (env.web, ["ok", "not ok"]),
         servers="web"),
    Case(VALIDATION, early_return_from_local_cache, args=lambda env: (env.web, "home"),
         servers="web"),
    Case(VALIDATION, branch_not_taken, args=lambda env: (env.web, False), servers="web"),
    Case(VALIDATION, break_on_match, args=web_args, servers="web"),
    Case(VALIDATION, fallback_on_404, args=web_args, servers="web"),
    Case(VALIDATION, any_stops_early, args=web_args, servers="web"),
    # the three reads may go together; the failing one's error must come out as in plain
    Case(VALIDATION, failing_sibling, args=web_args, servers="web", ideal=2.0,
         speculative_reads=True),
    Case(VALIDATION, checked_write, args=lambda env: (env.web, "much-too-long"), servers="web"),
]
