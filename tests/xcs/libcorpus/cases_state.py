"""Caches, counters and generators: state that one call leaves for the next.

An `lru_cache`d fetch called twice with one key sends one request; `next(counter)` numbers
requests in program order; a generator runs a step only when its consumer asks.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

import requests

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import web_args

STATE = "state"



@functools.lru_cache(maxsize=64)
def cached_value(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def _clear_cache(env: Env) -> None:
    cached_value.cache_clear()


def lru_same_key_twice(base: str) -> tuple[str, str, int]:
    first = cached_value(base, "shared")
    second = cached_value(base, "shared")
    return first, second, cached_value.cache_info().hits


def lru_distinct_keys(base: str) -> list[str]:
    return [cached_value(base, k) for k in ("u1", "u2", "u3")]


@functools.cache
def forever_value(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


@functools.cache
def forever_post(base: str, key: str) -> int:
    return requests.post(f"{base}/items/{key}", data="seen").json()["version"]


def _clear_caches(env: Env) -> None:
    for fn in (cached_value, forever_value, forever_post):
        fn.cache_clear()


def cache_distinct_keys(base: str) -> list[str]:
    return [forever_value(base, k) for k in ("f1", "f2", "f3")]


def cache_repeated_key(base: str) -> tuple[list[str], int, int]:
    # one request for r1: its second call hits the first call's value
    values = [forever_value(base, k) for k in ("r1", "r2", "r1", "r3")]
    info = forever_value.cache_info()
    return values, info.hits, info.misses


def cache_warm_then_batch(base: str) -> list[str]:
    first = forever_value(base, "w1")
    rest = [forever_value(base, k) for k in ("w1", "w2", "w3", "w2")]
    return [first, *rest]


def cache_of_a_write(base: str) -> list[int]:
    # the cached function POSTs: its calls are writes, in order, once per key
    return [forever_post(base, k) for k in ("p1", "p2", "p1", "p3")]


def cache_hit_after_put(base: str) -> list[str]:
    a = forever_value(base, "h1")
    requests.put(f"{base}/items/h1", data="changed")
    b = forever_value(base, "h1")  # a hit: the old value, no request
    c = forever_value(base, "h2")  # a read after the PUT
    return [a, b, c]


_ids = itertools.count(1)


def _reset_ids(env: Env) -> None:
    global _ids
    _ids = itertools.count(1)


def post_with_id(base: str, text: str) -> int:
    rid = next(_ids)
    requests.post(f"{base}/items/req{rid}", data=text)
    return rid


def counter_in_helper(base: str) -> list[int]:
    a = post_with_id(base, "alpha")
    b = post_with_id(base, "beta")
    c = post_with_id(base, "gamma")
    return [a, b, c]


def _numbered(base: str, keys: list[str]) -> Iterator[tuple[int, str]]:
    for i, key in enumerate(keys):
        yield i, requests.get(f"{base}/items/{key}").json()["value"]


def generator_first_two(base: str) -> list[tuple[int, str]]:
    gen = _numbered(base, ["g1", "g2", "g3", "g4", "g5"])
    return list(itertools.islice(gen, 2))


def fetch(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def join_generator_expression(base: str) -> str:
    return ",".join(fetch(base, k) for k in ("j1", "j2", "j3"))


def map_over_keys(base: str) -> list[str]:
    return list(map(functools.partial(fetch, base), ["m1", "m2", "m3"]))


def memo_dict(base: str, memo: dict) -> list[str]:
    def get(key: str) -> str:
        if key not in memo:
            memo[key] = fetch(base, key)
        return memo[key]

    return [get("d1"), get("d2"), get("d1"), get("d2")]


def counter_numbers_lines(base: str) -> list[str]:
    numbers = itertools.count(10, 10)
    return [f"{next(numbers)}:{fetch(base, k)}" for k in ("n1", "n2", "n3")]


def generator_send_protocol(base: str) -> list[str]:
    def accumulator() -> Iterator[str]:
        seen = ""
        while True:
            key = yield seen
            seen += fetch(base, key)

    acc = accumulator()
    next(acc)
    return [acc.send("s1"), acc.send("s2")]


CASES = [
    Case(STATE, lru_same_key_twice, args=web_args, servers="web", setup=_clear_cache, failure=2),
    # a bounded lru_cache evicts the least recently used key: calls finishing in another
    # order would leave another key to evict, and a later call would hit where the plain
    # program misses. Nothing overlaps soundly without knowing every later call: ideal 1.0
    Case(STATE, lru_distinct_keys, args=web_args, servers="web", setup=_clear_cache),
    # An unbounded cache's calls each run at their own place too (`_caches`): started
    # beside a call that then fails, a call would keep a value the plain program never
    # fetched (a later call with its key hits where plain code sends a request), and no
    # API takes one key out again. Sound schedules overlap none of them: ideal 1.0 (the
    # cases claimed 3.0, 3.0 and 1.5 when the JIT started them together, before that rule)
    Case(STATE, cache_distinct_keys, args=web_args, servers="web", setup=_clear_caches),
    # r1 twice: the second call hits (plain sends 3 requests)
    Case(STATE, cache_repeated_key, args=web_args, servers="web", setup=_clear_caches),
    Case(STATE, cache_warm_then_batch, args=web_args, servers="web", setup=_clear_caches),
    Case(STATE, cache_of_a_write, args=web_args, servers="web", setup=_clear_caches),
    Case(STATE, cache_hit_after_put, args=web_args, servers="web", setup=_clear_caches),
    Case(STATE, counter_in_helper, args=web_args, servers="web", setup=_reset_ids, calls=4),
    Case(STATE, generator_first_two, args=web_args, servers="web"),
    Case(STATE, join_generator_expression, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case(STATE, map_over_keys, args=web_args, servers="web", ideal=3.0, overlap=3),
    # two distinct keys, each fetched once; the repeats are cache hits
    Case(STATE, memo_dict, args=lambda env: (env.web, {}), servers="web", ideal=2.0,
         overlap=2, calls=2),
    Case(STATE, counter_numbers_lines, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case(STATE, generator_send_protocol, args=web_args, servers="web"),
]
