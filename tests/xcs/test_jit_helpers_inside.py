"""A helper whose own reads may overlap runs jitted when the plan starts it: its reads
overlap each other as well as the caller's, recursively, and everything else is as plain
(value, exception, the order of writes and prints)."""

from __future__ import annotations

import time

import pytest

from ember import xcs
from ember.xcs import lowlevel
from tests.inflight import InFlight

calls = InFlight()
log: list[str] = []


@pytest.fixture(autouse=True)
def _fresh() -> None:
    global calls
    calls = InFlight()
    log.clear()
    lowlevel.reset()


@xcs.effect("read", resource="net")
def fetch(key: str) -> str:
    with calls.track(key):
        time.sleep(0.05)
    return f"v-{key}"


@xcs.effect("write", resource="net")
def store(key: str) -> None:
    log.append(f"store {key}")


def both(key: str) -> str:
    return fetch(f"{key}a") + fetch(f"{key}b")


def one_helper(key: str) -> str:
    return both(key)


def helpers_in_a_comprehension(keys: list[str]) -> list[str]:
    return [both(k) for k in keys]


def tree(key: str, depth: int) -> int:
    size = len(fetch(key))
    if depth:
        size += sum(tree(f"{key}{i}", depth - 1) for i in range(3))
    return size


def recursive(key: str) -> int:
    return tree(key, 2)


def chained(key: str) -> str:
    first = fetch(key)
    return fetch(first)  # the second read needs the first: nothing to overlap inside


def chains(keys: list[str]) -> list[str]:
    return [chained(k) for k in keys]


def checked(key: str) -> str:
    a = fetch(f"{key}a")
    if key == "bad":
        raise ValueError(f"no such key: {key}")
    return a + fetch(f"{key}b")


def raises_inside(keys: list[str]) -> list[str]:
    return [checked(k) for k in keys]


def writes_then_reads(key: str) -> str:
    store(key)
    return fetch(f"{key}a") + fetch(f"{key}b")


def helpers_that_write(keys: list[str]) -> list[str]:
    return [writes_then_reads(k) for k in keys]


class Client:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def pair(self, key: str) -> str:
        return fetch(f"{self.prefix}{key}1") + fetch(f"{self.prefix}{key}2")


def methods_in_a_comprehension(clients: list[Client], key: str) -> list[str]:
    return [c.pair(key) for c in clients]


def _same_as_plain(fn, *args, hold: int = 0):
    """Run `fn` plain then jitted (the first `hold` calls of the jitted run wait for each
    other, so that calls started together are seen together on a busy machine)."""
    plain = fn(*args)
    plain_log, plain_calls = list(log), sorted(label for kind, label, _ in calls.events
                                               if kind == "start")
    globals()["calls"] = InFlight()
    calls.hold(hold)
    log.clear()
    jitted = xcs.jit(fn)(*args)
    assert jitted == plain and type(jitted) is type(plain)
    assert log == plain_log
    assert sorted(label for kind, label, _ in calls.events if kind == "start") == plain_calls
    return jitted


def test_one_call_of_a_helper_overlaps_the_reads_in_it() -> None:
    _same_as_plain(one_helper, "k", hold=2)
    assert calls.max_in_flight == 2
    assert "runs jitted" in xcs.jit(one_helper).explain().to_text()


def test_helpers_in_a_comprehension_overlap_inside_and_beside_each_other() -> None:
    _same_as_plain(helpers_in_a_comprehension, ["a", "b", "c"], hold=6)
    assert calls.max_in_flight == 6


def test_a_recursive_helper_overlaps_at_every_level() -> None:
    _same_as_plain(recursive, "t")
    # Run as written, one read at a time; with the helpers started but not jitted, one per
    # branch (3). More than three: the branches' own reads overlap (9 on a quiet machine).
    assert calls.max_in_flight >= 4


def test_a_chain_inside_a_helper_stays_a_chain() -> None:
    _same_as_plain(chains, ["a", "b"], hold=2)
    assert calls.max_in_flight == 2  # one per helper: each chain keeps its order
    order = [label for kind, label, _ in calls.events if kind == "start"]
    assert order.index("a") < order.index("v-a") and order.index("b") < order.index("v-b")


def test_a_helper_that_raises_raises_as_plain() -> None:
    with pytest.raises(ValueError, match="no such key: bad") as plain:
        raises_inside(["ok", "bad", "late"])
    with pytest.raises(ValueError, match="no such key: bad") as jitted:
        xcs.jit(raises_inside)(["ok", "bad", "late"])
    assert type(plain.value) is type(jitted.value)
    started = [label for kind, label, _ in calls.events if kind == "start"]
    assert "badb" not in started  # the read after the raise is never sent


def test_a_helper_that_writes_keeps_its_writes_in_order() -> None:
    _same_as_plain(helpers_that_write, ["a", "b", "c"])
    assert log == ["store a", "store b", "store c"]


def test_methods_of_objects_in_a_list_run_jitted_too() -> None:
    clients = [Client("x"), Client("y")]
    _same_as_plain(methods_in_a_comprehension, clients, "k", hold=4)
    assert calls.max_in_flight == 4


def deep(n: int) -> str:
    if n == 0:
        return fetch("d0")
    return fetch(f"d{n}") + deep(n - 1)


def deep_chain(n: int) -> str:
    return deep(n)


def test_helpers_nest_jitted_only_so_deep() -> None:
    from ember.xcs._nested import MAX_NESTING

    _same_as_plain(deep_chain, 30)
    # Each level's read overlaps the levels below it, down to MAX_NESTING levels of
    # jitted helpers; below that the helper runs as written, one read at a time.
    assert 2 <= calls.max_in_flight <= MAX_NESTING + 1
