"""Helpers and methods: the I/O sits inside functions the jitted function calls.

A helper's effects are its body's effects: one that only reads may overlap with its
siblings; one that writes, prints or logs keeps its place.
"""

from __future__ import annotations

import functools
import json
import urllib.request
from pathlib import Path

import requests

from ember.api import models
from tests.xcs.libcorpus._case import Case, corpus_logger
from tests.xcs.libcorpus._web import web_args

HELPERS = "helpers"
log = corpus_logger("helpers")



def fetch_value(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def two_helper_calls(base: str) -> tuple[str, str]:
    left = fetch_value(base, "left")
    right = fetch_value(base, "right")
    return left, right


def summarize(topic: str) -> str:
    prompt = f"Summarize {topic.strip().lower()} in one line."
    answer = models("sim/gpt", prompt, latency=0.05)
    return answer.split(":", 1)[-1].strip()[:40]


def cpu_around_model_calls(topics: list[str]) -> list[str]:
    return [summarize(t) for t in topics]


class Store:
    """A small client class, as users write them."""

    def __init__(self, base: str) -> None:
        self.base = base

    def load(self, key: str) -> str:
        return requests.get(f"{self.base}/items/{key}").json()["value"]

    def save(self, key: str, value: str) -> int:
        return requests.put(f"{self.base}/items/{key}", data=value).json()["version"]


def method_reads(store: Store) -> list[str]:
    a = store.load("ma")
    b = store.load("mb")
    c = store.load("mc")
    return [a, b, c]


def method_save_then_load(store: Store) -> tuple[int, str, str]:
    version = store.save("theme", "dark")
    theme = store.load("theme")
    other = store.load("font")
    return version, theme, other


def deep_fetch(base: str, key: str) -> str:
    return _middle(base, key).upper()


def _middle(base: str, key: str) -> str:
    return fetch_value(base, key) + "!"


def nested_helpers(base: str) -> list[str]:
    return [deep_fetch(base, "n1"), deep_fetch(base, "n2")]


def logged_fetch(base: str, key: str) -> str:
    log.info("fetching %s", key)
    value = fetch_value(base, key)
    log.info("got %s", value)
    return value


def helpers_that_log(base: str) -> list[str]:
    a = logged_fetch(base, "la")
    b = logged_fetch(base, "lb")
    return [a, b]


def print_between_gets(base: str) -> tuple[str, str]:
    a = fetch_value(base, "pa")
    print("halfway")
    b = fetch_value(base, "pb")
    print("done", a, b)
    return a, b


def write_record(folder: str, name: str, value: str) -> None:
    with open(Path(folder) / "records.jsonl", "a") as f:
        f.write(json.dumps({"name": name, "value": value}) + "\n")


def helper_writes_in_order(folder: str, base: str) -> int:
    for key in ("w1", "w2", "w3"):
        write_record(folder, key, fetch_value(base, key))
    return len((Path(folder) / "records.jsonl").read_text().splitlines())


def partial_helper(base: str) -> list[str]:
    get = functools.partial(fetch_value, base)
    return [get("q1"), get("q2"), get("q3")]


def response_chains(base: str) -> tuple[int, str, str]:
    r = requests.get(f"{base}/items/chain")
    text = requests.get(f"{base}/text/chain").text
    return r.status_code, r.json()["value"], text.splitlines()[0]


def helper_with_default_client(base: str, session: requests.Session | None = None) -> str:
    http = session or requests
    return http.get(f"{base}/items/dflt").json()["value"]


def default_client_twice(base: str) -> list[str]:
    return [helper_with_default_client(base), helper_with_default_client(base)]


# Small helpers written as lambdas: each is its own function, whatever its name says.
put_item = lambda base, k, v: urllib.request.urlopen(  # noqa: E731
    urllib.request.Request(f"{base}/items/{k}?ms=0", data=v.encode(), method="PUT")).read()
get_item = lambda base, k: json.load(urllib.request.urlopen(f"{base}/items/{k}"))["value"]  # noqa: E731


def lambda_helpers(base: str) -> tuple[str, str]:
    put_item(base, "color", "red")
    first = get_item(base, "color")
    put_item(base, "color", "blue")
    second = get_item(base, "color")
    return first, second


CASES = [
    Case(HELPERS, two_helper_calls, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(HELPERS, cpu_around_model_calls, args=lambda env: (["Rain", "Snow", "Hail"],),
         ideal=3.0),
    Case(HELPERS, method_reads, args=lambda env: (Store(env.web),), servers="web", ideal=3.0,
         overlap=3),
    Case(HELPERS, method_save_then_load, args=lambda env: (Store(env.web),), servers="web",
         ideal=1.5, overlap=2),
    Case(HELPERS, nested_helpers, args=web_args, servers="web", ideal=2.0, overlap=2),
    # "got la" is logged before "fetching lb": the second GET cannot start earlier
    Case(HELPERS, helpers_that_log, args=web_args, servers="web"),
    Case(HELPERS, print_between_gets, args=web_args, servers="web", ideal=2.0, overlap=2),
    # Nothing overlaps soundly: the GETs are in a helper whose server is not known from its
    # body (here 127.0.0.1, which may read the records written), so each waits for the
    # write before it (docs/jit.md "Resources"). With a server on another machine and the
    # helper declared `@xcs.effect("read", resource="net")`, the GETs overlap (ideal 3.0).
    Case(HELPERS, helper_writes_in_order, args=lambda env: (str(env.tmp), env.web),
         servers="web"),
    Case(HELPERS, partial_helper, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case(HELPERS, response_chains, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(HELPERS, default_client_twice, args=web_args, servers="web", ideal=2.0, overlap=2),
    # four calls: a verdict learned for one lambda must not be given to the other
    Case(HELPERS, lambda_helpers, args=web_args, servers="web", calls=4, failure=3),
]
