"""Checks in loops: an item's call starts once the checks before it in the body pass.

A loop whose body checks each item (``if n < 0: raise``, a helper that raises)
before a read runs the checks ahead, item by item, and starts each item's read as soon as
its checks pass: no read starts before the checks that decide it, and none for the items
after a check that fails. Compared with the plain function: the value, the exception, and
the calls made; overlap is asserted as calls in flight at once, never as a time.
"""

from __future__ import annotations

import threading
import time

import pytest

from ember import xcs


class Log:
    """The calls made (their keys, in start order) and the most in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: list[int] = []
        self.now = self.most = 0


log = Log()


@xcs.effect("read", resource="net")
def fetch(n: int) -> int:
    with log.lock:
        log.keys.append(n)
        log.now += 1
        log.most = max(log.most, log.now)
    time.sleep(0.05)
    with log.lock:
        log.now -= 1
    return n * 10


class Negative(ValueError):
    """An amount below zero."""


def check(n: int) -> int:
    if n < 0:
        raise Negative(f"negative amount: {n}")
    return n


def inline_check(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        if n < 0:
            raise Negative(f"negative amount: {n}")
        out.append(fetch(n))
    return out


def helper_check(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        check(n)
        r = fetch(n)
        out.append(r)
    return out


def check_on_loop_state(amounts: list[int]) -> list[int]:
    out: list[int] = []
    for n in amounts:
        if len(out) >= 2:  # depends on what earlier items did: cannot run ahead
            raise Negative("at most two")
        out.append(fetch(n))
    return out


def check_that_prints(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        if n < 0:
            print(f"rejected {n}")  # ordered output in the check: it stays in place
            raise Negative(f"negative amount: {n}")
        out.append(fetch(n))
    return out


def run(fn, amounts: list[int]) -> tuple[object, list[int], int]:
    """What `fn(amounts)` returns or raises, the calls it made, and the most in flight."""
    log.keys, log.now, log.most = [], 0, 0
    try:
        outcome: object = fn(amounts)
    except Exception as exc:  # noqa: BLE001 - compared with the other run
        outcome = (type(exc), str(exc))
    return outcome, sorted(log.keys), log.most


@pytest.mark.parametrize("fn", [inline_check, helper_check])
def test_items_whose_checks_pass_overlap(fn) -> None:
    plain = run(fn, [1, 2, 3, 4])
    jf = xcs.jit(fn)
    jitted = run(jf, [1, 2, 3, 4])
    assert jitted[:2] == plain[:2] and plain[2] == 1
    assert jitted[2] == 4
    assert [s.why for s in xcs.explain(jf).plan.sites] == [
        "starts for each item as soon as the item's checks pass"]


@pytest.mark.parametrize("fn", [inline_check, helper_check])
@pytest.mark.parametrize("amounts", [[1, 2, -3, 4, 5], [-1, 2], [1, 2, 3, -4]])
def test_no_call_starts_for_an_item_at_or_after_a_failing_check(fn, amounts) -> None:
    plain = run(fn, amounts)
    jitted = run(xcs.jit(fn), amounts)
    assert jitted[:2] == plain[:2]  # the same exception, the same calls (none extra)
    assert isinstance(plain[0], tuple)


def test_items_before_a_failing_check_still_overlap() -> None:
    plain = run(inline_check, [1, 2, -3, 4])
    jitted = run(xcs.jit(inline_check), [1, 2, -3, 4])
    assert jitted[:2] == plain[:2] == ((Negative, "negative amount: -3"), [1, 2])
    assert jitted[2] == 2


@pytest.mark.parametrize("fn", [check_on_loop_state, check_that_prints])
def test_checks_that_cannot_run_ahead_keep_the_loop_as_written(fn, capsys) -> None:
    for amounts in ([1, 2, 3], [1, -2, 3]):
        plain = run(fn, amounts)
        plain_out = capsys.readouterr().out
        jitted = run(xcs.jit(fn), amounts)
        assert jitted == plain and plain[2] == 1
        assert capsys.readouterr().out == plain_out


def skip_logged(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        if n == 0:
            print(f"skipped {n}")  # the skip's own work runs in its place
            continue
        out.append(fetch(n))
        print(f"got {n}")
    return out


def skip_counted_into_the_call(amounts: list[int]) -> list[int]:
    skipped = 0
    out = []
    for n in amounts:
        if n == 0:
            skipped += 1
            continue
        out.append(fetch(n + skipped))  # needs what earlier skips counted
    return out


def skip_that_breaks(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        if n == 0:
            print("stop")
            break
        out.append(fetch(n))
    return out


def skip_that_checks(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        if n == 0:
            check(-1)  # raises by design: it decides the items after it
            continue
        out.append(fetch(n))
    return out


def test_a_skip_that_only_logs_is_decided_by_its_test(capsys) -> None:
    """``if not x: print(...); continue``: whether the item's call happens is the test's;
    the skip's print runs in place, and the other items' calls overlap."""
    plain = run(skip_logged, [1, 0, 2, 0, 3])
    plain_out = capsys.readouterr().out
    jf = xcs.jit(skip_logged)
    assert run(jf, [1, 0, 2, 0, 3]) == (*plain[:2], 3) and plain[2] == 1
    assert capsys.readouterr().out == plain_out
    assert [s.why for s in xcs.explain(jf).plan.sites] == [
        "starts for each item as soon as the item's checks pass"]


@pytest.mark.parametrize("fn", [skip_counted_into_the_call, skip_that_breaks, skip_that_checks])
def test_a_skip_that_changes_leaves_or_raises_keeps_its_place(fn, capsys) -> None:
    for amounts in ([1, 0, 2, 3], [0, 1, 2], [1, 2, 3]):
        plain = run(fn, amounts)
        plain_out = capsys.readouterr().out
        assert run(xcs.jit(fn), amounts)[:2] == plain[:2]
        assert capsys.readouterr().out == plain_out


HELD: dict[str, list[int]] = {}


def skip_on_held_rows(amounts: list[int]) -> list[int]:
    rows: list[int] = []
    HELD["rows"] = rows  # the loop's list, held by a global too
    for n in amounts:
        if len(HELD["rows"]) >= 2:
            continue
        rows.append(fetch(n))
    return rows


def test_a_skip_reading_a_global_that_holds_the_loops_list_keeps_the_loop_in_order() -> None:
    """The test reads, through a global, the list the body fills: run ahead, it would see
    none of the rows and start calls the plain loop skips."""
    plain = run(skip_on_held_rows, [1, 2, 3, 4])
    assert plain[:2] == ([10, 20], [1, 2])
    assert run(xcs.jit(skip_on_held_rows), [1, 2, 3, 4]) == plain


class Limit:
    """A bound of the user's: comparing an int with it runs its reflected ``__lt__``."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __lt__(self, other: int) -> bool:
        print(f"compared {other}")
        return self.n < other

    def __gt__(self, other: int) -> bool:
        print(f"compared {other}")
        return self.n > other


class Loud:
    def __format__(self, spec: str) -> str:
        print("formatted")
        return "t"


class Box:
    def __class_getitem__(cls, item: type) -> type:
        print(f"box of {item.__name__}")
        return item


class Limits:
    CAP = Limit(100)
    TAG = Loud()


def over_a_cap_of_yours(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        if n > Limits.CAP:
            raise Negative(f"over the cap: {n}")
        out.append(fetch(n))
    return out


def formats_what_the_body_made(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        print("item", n)
        tag = Limits.TAG
        out.append(fetch(int(f"{n}{tag}".rstrip("t"))))
    return out


def subscripts_a_class_of_yours(amounts: list[int]) -> list[int]:
    out = []
    for n in amounts:
        kind = Box[int]
        out.append(fetch(kind(n)))
    return out


@pytest.mark.parametrize("fn", [over_a_cap_of_yours, formats_what_the_body_made,
                                subscripts_a_class_of_yours])
def test_code_of_yours_the_checks_would_run_keeps_its_place(fn, capsys) -> None:
    """A reflected comparison, a value the body made and formats in the call, a class's
    ``__class_getitem__``: each runs the user's code, once, where the plain loop does."""
    for amounts in ([1, 2, 3], [1, 200, 3]):
        plain = run(fn, amounts)
        plain_out = capsys.readouterr().out
        jitted = run(xcs.jit(fn), amounts)
        assert jitted == plain
        assert capsys.readouterr().out == plain_out
