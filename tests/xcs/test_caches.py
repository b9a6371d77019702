"""Calls of a cached function (`ember.xcs._caches`): a read once per key, and only for a
cache that never evicts. The corpus (tests/xcs/libcorpus/cases_state.py) checks the
requests a server sees; these check the classification each call gets at run time."""

from __future__ import annotations

import functools
import time

from ember.xcs import Kind
from ember.xcs._summary import fact_for_object
from ember.xcs.lowlevel import reset


def slow_upper(key: str) -> str:
    time.sleep(0.001)
    return key.upper()


def test_a_never_evicting_cache_reads_once_per_key() -> None:
    reset()
    cached = functools.cache(slow_upper)
    assert fact_for_object(cached, ("a",)).kind is Kind.READ
    assert fact_for_object(cached, ("b",)).kind is Kind.READ
    # a second call with "a" must find the first's value: it runs in place, after it
    assert fact_for_object(cached, ("a",)).kind is Kind.UNKNOWN
    assert fact_for_object(cached, (), {"key": "c"}).kind is Kind.READ


def test_what_keeps_a_cached_call_in_place() -> None:
    reset()
    bounded = functools.lru_cache(maxsize=8)(slow_upper)  # evicts: order would matter
    assert fact_for_object(bounded, ("a",)).kind is Kind.UNKNOWN
    cached = functools.cache(slow_upper)
    assert fact_for_object(cached, (["a"],)).kind is Kind.UNKNOWN  # not a simple key
    assert fact_for_object(cached, ("z",), exact=False).kind is Kind.UNKNOWN  # analysis time
    assert fact_for_object(cached, ("z",)).kind is Kind.READ  # (not claimed above)

    @functools.cache
    def shout(key: str) -> str:
        print(key)
        return key

    assert fact_for_object(shout, ("a",)).kind is Kind.UNKNOWN  # its function prints
