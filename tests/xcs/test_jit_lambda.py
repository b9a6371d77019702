"""Lambdas are analysed as the def they compile like (``def <lambda>(a): return body``).

A jitted lambda's calls overlap as a function's do, and a lambda used as a helper has the
effect of its body (it was unknown, a barrier). The lambda analysed is the one whose code
is the loaded code, even with several on one line. Overlap is asserted as calls in flight,
never as a time.
"""

from __future__ import annotations

import time

from ember import xcs
from tests.inflight import InFlight

flight = InFlight()


@xcs.effect("read", resource="net")
def fetch(k: int) -> int:
    with flight.track():
        time.sleep(0.05)
    return k * 2


pair = lambda a, b: (fetch(a), fetch(b))  # noqa: E731
one_line = [lambda x: fetch(x), lambda x: (fetch(x), fetch(x + 1))]  # noqa: E731
helper = lambda k: fetch(k) + 1  # noqa: E731
shout = lambda text: print(text)  # noqa: E731


def uses_helper(a: int, b: int) -> tuple[int, int]:
    x = helper(a)
    y = helper(b)
    return x, y


def prints_between(a: int) -> tuple[int, int]:
    x = fetch(a)
    shout(f"between {a}")
    y = fetch(a + 1)
    shout(f"after {x} {y}")
    return x, y


def most_in_flight(fn, *args) -> tuple[object, int]:
    global flight
    flight = InFlight()
    return fn(*args), flight.max_in_flight


def test_a_jitted_lambda_overlaps_its_calls() -> None:
    plain = most_in_flight(pair, 1, 2)
    assert plain == ((2, 4), 1)
    jf = xcs.jit(pair)
    assert most_in_flight(jf, 1, 2) == ((2, 4), 2)
    assert xcs.explain(jf).plan.strategy == "parallel"


def test_of_two_lambdas_on_a_line_the_one_called_is_analysed() -> None:
    assert most_in_flight(xcs.jit(one_line[1]), 3) == (most_in_flight(one_line[1], 3)[0], 2)
    assert most_in_flight(xcs.jit(one_line[0]), 3) == (6, 1)


def test_a_lambda_helper_has_the_effect_of_its_body() -> None:
    plain = most_in_flight(uses_helper, 1, 2)
    assert most_in_flight(xcs.jit(uses_helper), 1, 2) == (plain[0], 2)


def test_a_lambda_that_prints_keeps_its_place(capsys) -> None:
    plain = prints_between(5)
    plain_out = capsys.readouterr().out
    assert xcs.jit(prints_between)(5) == plain
    assert capsys.readouterr().out == plain_out == "between 5\nafter 10 12\n"
