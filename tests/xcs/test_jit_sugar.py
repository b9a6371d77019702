"""`map(f, xs)` taken whole by a consumer is planned as ``(f(x) for x in xs)``.

Each test runs the plain function and the jitted one and compares values, exceptions and
the order of effects; overlap is asserted as structure (calls in flight at once), never
as a time.
"""

from __future__ import annotations

import functools
import threading
import time

import pytest

from ember import xcs


class InFlight:
    """Counts calls running at once (most seen), in the calls themselves."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.order: list[str] = []

    def __enter__(self) -> InFlight:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        return self

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


flight = InFlight()


@xcs.effect("read", resource="net")
def fetch(key: str, prefix: str = "") -> str:
    with flight:
        time.sleep(0.05)
        if key == "bad":
            raise KeyError(f"no item {key!r}")
        return f"{prefix}{key.upper()}"


def send(key: str) -> str:
    print(f"sent {key}")  # ordered output: runs in place, in order
    return key


def map_list(keys: list[str]) -> list[str]:
    return list(map(fetch, keys))


def map_partial(keys: list[str]) -> list[str]:
    return list(map(functools.partial(fetch, prefix="p:"), keys))


def map_join(keys: list[str]) -> str:
    return ",".join(map(fetch, keys))


def map_writes(keys: list[str]) -> list[str]:
    return list(map(send, keys))


def map_shadowed(keys: list[str], map=lambda f, xs: [f(x) for x in reversed(xs)]) -> list:  # noqa: A002
    return list(map(fetch, keys))


@pytest.fixture(autouse=True)
def _fresh() -> None:
    flight.now = flight.most = 0


@pytest.mark.parametrize("fn", [map_list, map_join])
def test_reads_mapped_over_items_overlap(fn) -> None:
    keys = ["a", "b", "c"]
    plain = fn(keys)
    assert flight.most == 1
    flight.most = 0
    assert xcs.jit(fn)(keys) == plain
    assert flight.most == 3


def test_a_partial_of_a_read_overlaps_with_its_bound_arguments() -> None:
    plain = map_partial(["a", "b"])
    flight.most = 0
    assert xcs.jit(map_partial)(["a", "b"]) == plain == ["p:A", "p:B"]
    assert flight.most == 2


def test_writes_mapped_over_items_keep_their_order(capsys) -> None:
    plain = map_writes(["a", "b", "c"])
    plain_out = capsys.readouterr().out
    assert xcs.jit(map_writes)(["a", "b", "c"]) == plain
    assert capsys.readouterr().out == plain_out == "sent a\nsent b\nsent c\n"


def test_a_map_that_is_not_the_builtin_runs_as_written() -> None:
    plain = map_shadowed(["a", "b"])
    assert plain == ["B", "A"]
    flight.most = 0
    assert xcs.jit(map_shadowed)(["a", "b"]) == plain
    assert flight.most == 1


def test_a_failing_item_raises_what_plain_code_raises() -> None:
    with pytest.raises(KeyError) as plain:
        map_list(["a", "bad", "c"])
    with pytest.raises(KeyError) as jitted:
        xcs.jit(map_list)(["a", "bad", "c"])
    assert str(jitted.value) == str(plain.value)
