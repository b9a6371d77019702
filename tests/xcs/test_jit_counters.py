"""A local `itertools.count` advanced beside reads: the reads start, the numbers stay in order.

``next(c)`` on a local counter changes that counter only and runs no user code, so a read
evaluated after it that does not use the counter may start first; the numbers are still
drawn element by element, in order. Anything else passed to `next` (a generator runs user
code) keeps the reads behind it. Overlap is asserted as calls in flight, never as a time.
"""

from __future__ import annotations

import itertools
import time

from ember import xcs
from tests.inflight import InFlight

flight = InFlight()


@xcs.effect("read", resource="net")
def fetch(key: str) -> str:
    with flight.track():
        time.sleep(0.05)
    return key.upper()


def numbered(keys: list[str]) -> list[str]:
    numbers = itertools.count(10, 10)
    return [f"{next(numbers)}:{fetch(k)}" for k in keys]


def number_in_the_read(keys: list[str]) -> list[str]:
    numbers = itertools.count(1)
    return [fetch(f"{k}{next(numbers)}") for k in keys]


def numbered_by_a_generator(keys: list[str]) -> list[str]:
    numbers = (i * 10 for i in range(100))  # a generator: next() runs its code
    return [f"{next(numbers)}:{fetch(k)}" for k in keys]


def most_in_flight(fn, keys: list[str]) -> tuple[list[str], int]:
    global flight
    flight = InFlight()
    return fn(keys), flight.max_in_flight


def test_reads_beside_a_counter_overlap_and_the_numbers_keep_their_order() -> None:
    plain = most_in_flight(numbered, ["a", "b", "c"])
    assert plain == (["10:A", "20:B", "30:C"], 1)
    assert most_in_flight(xcs.jit(numbered), ["a", "b", "c"]) == (plain[0], 3)


def test_a_read_that_uses_the_counter_waits_for_it() -> None:
    plain = most_in_flight(number_in_the_read, ["a", "b"])
    assert most_in_flight(xcs.jit(number_in_the_read), ["a", "b"]) == plain == (["A1", "B2"], 1)


def test_next_of_a_generator_keeps_the_reads_behind_it() -> None:
    plain = most_in_flight(numbered_by_a_generator, ["a", "b"])
    assert most_in_flight(xcs.jit(numbered_by_a_generator), ["a", "b"]) == plain
    assert plain == (["0:A", "10:B"], 1)
