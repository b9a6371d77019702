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
    # a second call with "a" must find the first's value: it runs in place, after it, and
    # as a read it holds no later read back (runner "place")
    again = fact_for_object(cached, ("a",))
    assert (again.kind, again.runner) == (Kind.READ, "place")
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


def test_a_hit_in_place_holds_no_later_read_back() -> None:
    """``[get(a), get(b), get(a), get(c)]``: the second "a" runs in place (after the first,
    whose value it finds), and "c" is in flight with "a" and "b": three calls of the
    function, the third started before the hit ran."""
    import threading

    from ember import xcs

    reset()
    ran: list[str] = []
    lock = threading.Lock()
    gate = threading.Barrier(3, timeout=5)

    @functools.cache
    @xcs.effect("read")  # (its body records what ran: declared, as a stand-in for a GET)
    def get(key: str) -> str:
        with lock:
            ran.append(key)
        gate.wait()  # three calls in flight at once, or a BrokenBarrierError
        return key.upper()

    @xcs.jit
    def batch() -> list[str]:
        return [get(k) for k in ("a", "b", "a", "c")]

    assert batch() == ["A", "B", "A", "C"]
    assert sorted(ran) == ["a", "b", "c"]
    assert get.cache_info().hits == 1
