"""Calls of a cached function (`ember.xcs._caches`): a read at its own place. A miss sends
its request where the plain program does, a hit sends nothing, and nothing a started call
does can fill the cache with a value the plain program never fetched; reads around a
cached call overlap it."""

from __future__ import annotations

import functools
import time
from typing import Any

import requests

from ember import xcs
from ember.xcs import Kind
from ember.xcs._summary import fact_for_object
from tests.xcs.libcorpus._servers import HttpServer, LoopThread


def slow_upper(key: str) -> str:
    time.sleep(0.001)
    return key.upper()


def test_a_cached_reading_function_is_a_read_at_its_own_place() -> None:
    for cached in (functools.cache(slow_upper), functools.lru_cache(maxsize=2)(slow_upper)):
        fact = fact_for_object(cached, ("a",))
        assert (fact.kind, fact.runner) == (Kind.READ, "place")
        assert fact_for_object(cached, (["a"],)).runner == "place"  # (any key: in order)
        assert fact_for_object(cached, ("z",), exact=False).kind is Kind.UNKNOWN  # (analysis)

    @functools.cache
    def shout(key: str) -> str:
        print(key)
        return key

    assert fact_for_object(shout, ("a",)).kind is Kind.UNKNOWN  # its function prints


@functools.cache
def item(base: str, key: str, ms: int) -> str:
    r = requests.get(f"{base}/items/{key}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


def one_fails_then_retries(base: str) -> Any:
    keys = [("a", 120), ("missing-b", 10), ("c", 20)]
    try:
        return [item(base, k, ms) for k, ms in keys]
    except requests.HTTPError:
        requests.put(f"{base}/items/c", data="fresh")
        info = item.cache_info()
        return [info.misses, info.currsize, item(base, "c", 20)]


def cached_beside_reads(base: str) -> list[str]:
    a = item(base, "a", 120)
    b = requests.get(f"{base}/items/b?ms=120").json()["value"]
    return [a, b]


def _served(fn: Any) -> tuple[Any, list[tuple[str, str]], int]:
    item.cache_clear()
    loop = LoopThread()
    server = HttpServer(loop, 0.0)
    try:
        value = fn(server.url)
        log, most = server.snapshot()
    finally:
        server.close()
        loop.close()
    return value, [(e.method, e.path) for e in log], most


def test_a_cached_call_beside_a_failing_one_leaves_the_cache_as_plain_code_does() -> None:
    """The failing item's sibling after it is not fetched into the cache: after the PUT,
    its call misses and reads the new value, as in the plain program."""
    plain = _served(one_fails_then_retries)
    jitted = _served(xcs.jit(one_fails_then_retries))
    assert jitted[0] == plain[0] == [2, 1, "fresh"]
    assert jitted[1] == plain[1]


def test_reads_around_a_cached_call_overlap_it() -> None:
    plain = _served(cached_beside_reads)
    jitted = _served(xcs.jit(cached_beside_reads))
    assert jitted[0] == plain[0] == ["v-a", "v-b"]
    assert plain[2] == 1 and jitted[2] == 2
