"""Helpers that print and read: started early, what they print is shown at their place.

Each function runs plain and jitted against the loopback server; stdout (and stderr), the
value or the error must be the same, and the server's peak of requests in flight says
whether the helpers overlapped (`_printed`)."""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import io
import sys
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import requests

from ember import xcs
from ember.api import models, operators
from ember.xcs import get_jit_stats
from ember.xcs.lowlevel import effect_of
from tests.xcs._items_server import Items


def fetch(web: str, key: str, ms: int) -> str:
    print("fetching", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    print(f"got {key}", value, sep=" = ", end=";\n")
    return value


def fetch_or_fail(web: str, key: str, ms: int) -> str:
    print("asking for", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    if key == "b":
        raise ValueError(f"no {key} today")
    print("kept", key, flush=True)
    return value


def comprehension(web: str) -> list[str]:
    print("start")
    out = [fetch(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    print("end")
    return out


def straight(web: str) -> str:
    a = fetch(web, "a", 150)
    print("between", len(a))
    b = fetch(web, "b", 40)
    c = fetch(web, "c", 90)
    return a + b + c


def loop_with_prints(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        print("item", k)
        out.append(fetch(web, k, ms))
    return out


def fails_in_the_middle(web: str) -> list[str]:
    return [fetch_or_fail(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def stops_before_the_second(web: str, limit: int) -> str:
    a = fetch(web, "a", 150)
    if len(a) > limit:
        raise RuntimeError("too long")
    b = fetch(web, "b", 40)
    return a + b


def pieces(web: str, key: str) -> str:
    value = requests.get(f"{web}/items/{key}?ms=60", timeout=5).text
    print(1, 2.5, None, [key], sep="|", end="")
    print()
    print(value, end="", flush=True)
    print(" done", sep=None, end=None)
    return value


def all_pieces(web: str) -> list[str]:
    return [pieces(web, k) for k in ("a", "b", "c")]


def shout(web: str, key: str) -> str:
    return fetch(web, key, 50).upper()


def through_a_helper_that_prints(web: str) -> list[str]:
    return [shout(web, k) for k in ("a", "b", "c")]


def walk(web: str, key: str, depth: int) -> str:
    print("walk", key, depth)
    value = requests.get(f"{web}/items/{key}?ms=30", timeout=5).text
    return value if depth == 0 else value + walk(web, key + "x", depth - 1)


def recursive(web: str) -> list[str]:
    return [walk(web, k, 2) for k in ("a", "b")]


def to_stderr(web: str, key: str) -> str:
    print("to stderr", key, file=sys.stderr)
    return requests.get(f"{web}/items/{key}?ms=50", timeout=5).text


def stderr_helpers(web: str) -> list[str]:
    print("out first")
    return [to_stderr(web, k) for k in ("a", "b", "c")]


def aliased(web: str, key: str) -> str:
    say = print
    say("aliased", key)
    return requests.get(f"{web}/items/{key}?ms=50", timeout=5).text


def aliased_helpers(web: str) -> list[str]:
    return [aliased(web, k) for k in ("a", "b", "c")]


class Reader:
    def __init__(self, web: str) -> None:
        self.web = web

    def read(self, key: str, ms: int) -> str:
        print("reader", key)
        return requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).text


def methods(web: str) -> list[str]:
    r = Reader(web)
    a = r.read("a", 150)
    b = r.read("b", 40)
    return [a, b]


def not_encodable(web: str) -> list[str]:
    return [fetch(web, k, 40) for k in ("a", "caf\udce9", "c")]


def run(fn: Callable[..., Any], *args: Any) -> tuple[Any, int]:
    """The outcome (value, or the error's type and text) and the server's peak in flight."""
    Items.reset()
    try:
        out: Any = fn(*args)
    except Exception as exc:  # noqa: BLE001 - compared with the other run's
        out = (type(exc), str(exc))
    return out, Items.peak


def compare(capsys: pytest.CaptureFixture[str], fn: Callable[..., Any],
            *args: Any) -> tuple[str, int, int]:
    plain, plain_peak = run(fn, *args)
    plain_out = capsys.readouterr()
    jitted, jit_peak = run(xcs.jit(fn), *args)
    jit_out = capsys.readouterr()
    assert jitted == plain
    assert jit_out.out == plain_out.out
    assert jit_out.err == plain_out.err
    return plain_out.out, plain_peak, jit_peak


@pytest.mark.parametrize("fn", [comprehension, straight, loop_with_prints, methods])
def test_helpers_that_print_overlap_and_print_in_order(web: str, fn: Any,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out, plain_peak, jit_peak = compare(capsys, fn, web)
    assert plain_peak == 1
    assert jit_peak >= 2
    assert "fetching" in out or "reader" in out


def test_the_order_is_the_plain_one_line_by_line(web: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out, _, jit_peak = compare(capsys, comprehension, web)
    assert out == ("start\nfetching a\ngot a = v-a;\nfetching b\ngot b = v-b;\n"
                   "fetching c\ngot c = v-c;\nend\n")
    assert jit_peak == 3


def test_a_failing_helper_shows_what_it_printed_and_no_later_helper_does(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    # c started beside b (reads may be sent beside a failing one) and printed: not shown.
    out, _, jit_peak = compare(capsys, fails_in_the_middle, web)
    assert out == "asking for a\nkept a\nasking for b\n"
    assert jit_peak == 3


def test_a_check_that_raises_comes_before_the_next_helper_as_written(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    out, _, jit_peak = compare(capsys, stops_before_the_second, web, 2)
    assert out == "fetching a\ngot a = v-a;\n"
    assert jit_peak == 1
    out, _, _ = compare(capsys, stops_before_the_second, web, 10)
    assert out.endswith("fetching b\ngot b = v-b;\n")


def test_separators_ends_and_values_print_as_print_does(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    out, _, jit_peak = compare(capsys, all_pieces, web)
    assert out.startswith("1|2.5|None|['a']\nv-a done\n")
    assert jit_peak == 3


@pytest.mark.parametrize("fn", [recursive, stderr_helpers, aliased_helpers])
def test_output_that_is_not_only_own_prints_keeps_its_place(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, jit_peak = compare(capsys, fn, web)
    assert jit_peak == 1


def test_a_print_stdout_cannot_encode_raises_where_it_does(
        web: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    outs = []
    for fn in (not_encodable, xcs.jit(not_encodable)):
        stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
        monkeypatch.setattr(sys, "stdout", stream)
        with pytest.raises(UnicodeEncodeError) as err:
            fn(web)
        stream.flush()
        outs.append((str(err.value), stream.buffer.getvalue()))  # type: ignore[attr-defined]
    assert outs[1] == outs[0]
    assert outs[0][1] == b"fetching a\ngot a = v-a;\nfetching "


def bad_sep(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text
    print("got", key, sep=ms if key == "b" else " ")  # type: ignore[arg-type]
    return value


def innermost(web: str) -> list[str]:
    try:
        return [bad_sep(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    except TypeError as exc:
        return [str(exc), traceback.extract_tb(exc.__traceback__)[-1].name]


def test_an_error_print_raises_ends_in_the_helper(web: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out, _, jit_peak = compare(capsys, innermost, web)
    assert out == "got a\n"
    assert jit_peak == 3


class Verbatim(str):
    def __str__(self) -> str:
        return self


def prints_a_str_subclass(web: str, key: str) -> str:
    value = requests.get(f"{web}/items/{key}?ms=40", timeout=5).text
    try:
        print("got", Verbatim(key))
    except UnicodeEncodeError:
        print("got ?")
    return value


def str_subclasses(web: str) -> list[str]:
    return [prints_a_str_subclass(web, k) for k in ("a", "caf\xe9", "c")]


def test_a_str_subclass_stdout_cannot_encode_fails_inside_the_helper(
        web: str, monkeypatch: pytest.MonkeyPatch) -> None:
    outs = []
    for fn in (str_subclasses, xcs.jit(str_subclasses)):
        stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
        monkeypatch.setattr(sys, "stdout", stream)
        value = fn(web)
        stream.flush()
        outs.append((value, stream.buffer.getvalue()))  # type: ignore[attr-defined]
    assert outs[1] == outs[0]
    assert outs[0][1] == b"got a\ngot got ?\ngot c\n"  # ("got " went out before the error)


class Chunks(io.StringIO):
    """A stdout of yours: it keeps every piece written."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return super().write(text)


def test_a_stream_of_yours_put_in_stdout_after_the_plan_keeps_the_prints_in_place(
        web: str, monkeypatch: pytest.MonkeyPatch) -> None:
    jf = xcs.jit(comprehension)
    assert run(jf, web)[1] == 3  # planned with pytest's stdout: the prints are held
    pieces = []
    for fn in (comprehension, jf):
        stream = Chunks()
        monkeypatch.setattr(sys, "stdout", stream)
        value, peak = run(fn, web)
        pieces.append((value, stream.pieces, peak))
    assert pieces[1][:2] == pieces[0][:2]
    assert pieces[1][2] == 1


def test_a_print_of_yours_put_in_builtins_keeps_the_prints_in_place(
        web: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    jf = xcs.jit(comprehension)
    assert run(jf, web)[1] == 3
    capsys.readouterr()
    lines = iter(range(1, 100))
    original = builtins.print

    def numbered(*args: Any, **kwargs: Any) -> None:
        original(next(lines), *args, **kwargs)

    monkeypatch.setattr(builtins, "print", numbered)
    plain = run(comprehension, web)
    plain_out = capsys.readouterr().out
    lines = iter(range(1, 100))
    jitted = run(jf, web)
    assert capsys.readouterr().out == plain_out
    assert jitted[0] == plain[0]
    assert jitted[1] == 1


HTTPX = httpx.Client(timeout=5)  # (a bounded pool: a started call holds one of its slots)


def pooled(web: str, key: str, ms: int) -> str:
    print("asking", key)
    return HTTPX.get(f"{web}/items/{key}?ms={ms}").text


def through_a_pool(web: str) -> list[str]:
    return [pooled(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def test_a_printing_helper_that_waits_in_a_pool_overlaps(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    out, _, jit_peak = compare(capsys, through_a_pool, web)
    assert out == "asking a\nasking b\nasking c\n"
    assert jit_peak == 3


async def afetch(http: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    print("fetching", key)
    value = (await http.get(f"{web}/items/{key}?ms={ms}")).text
    if key == "x":
        raise ValueError("no x")
    print("got", key, value)
    return value


async def a_straight(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        print("start")
        a = await afetch(http, web, "a", 150)
        print("between")
        b = await afetch(http, web, "b", 40)
        c = await afetch(http, web, "c", 90)
        print("end")
        return [a, b, c]


async def a_comprehension(web: str, keys: tuple[str, ...]) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        return [await afetch(http, web, k, ms) for k, ms in zip(keys, (150, 40, 90), strict=True)]


@pytest.mark.parametrize(("fn", "args"), [(a_straight, ()), (a_comprehension, (("a", "b", "c"),)),
                                          (a_comprehension, (("a", "x", "c"),))])
def test_coroutines_that_print_overlap_and_print_in_order(
        web: str, fn: Any, args: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    def sync(*a: Any) -> Any:
        return asyncio.run(fn(*a))

    def jitted(*a: Any) -> Any:
        return asyncio.run(xcs.jit(fn)(*a))

    plain, plain_peak = run(sync, web, *args)
    plain_out = capsys.readouterr().out
    got, jit_peak = run(jitted, web, *args)
    assert got == plain
    assert capsys.readouterr().out == plain_out
    assert plain_peak == 1
    assert jit_peak >= 2


def test_to_operators_and_tools_a_printing_helper_is_output() -> None:
    # Only a call `jit` starts itself holds the prints; an operator or a tool call run
    # beside another would print out of order (`lowlevel.effect_of`).
    assert effect_of(fetch).effect == "ordered output"


def printing_model(prompt: str) -> str:
    print("model sees:", prompt[:8])
    return models("sim/gpt", prompt, latency=0.06 if "slow" in prompt else 0.01)


def two_asks(question: str) -> list[str]:
    ask = operators.op(printing_model)
    slow = ask(f"slow {question}")
    fast = ask(f"fast {question}")
    return [slow[:4], fast[:4]]


def test_an_operator_over_a_printing_function_prints_in_order(
        capsys: pytest.CaptureFixture[str]) -> None:
    plain = two_asks("why?")
    plain_out = capsys.readouterr().out
    assert xcs.jit(two_asks)("why?") == plain
    assert capsys.readouterr().out == plain_out == "model sees: slow why\nmodel sees: fast why\n"


def progress_on_stderr(web: str) -> list[str]:
    a = fetch(web, "a", 150)
    print("1 of 3", file=sys.stderr)  # (the process's stderr, resolved and guarded)
    b = fetch(web, "b", 40)
    print("2 of 3", file=sys.stderr)
    c = fetch(web, "c", 90)
    return [a, b, c]


def test_a_print_to_stderr_between_helpers_keeps_its_place_and_lets_them_overlap(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, jit_peak = compare(capsys, progress_on_stderr, web)
    assert jit_peak >= 2


def test_an_operators_own_guards_hold_from_call_to_call(
        capsys: pytest.CaptureFixture[str]) -> None:
    # What its `__call__` reached through `self` is guarded on the operator itself, not on
    # a `self` the jitted function does not have (each call planned again before).
    jf = xcs.jit(asks_in_a_comprehension)
    for _ in range(3):
        jf()
    assert get_jit_stats(jf)["plans"] == 1


VERBOSE = operators.op(printing_model)


def asks_in_a_comprehension() -> list[str]:
    return [VERBOSE(q)[:4] for q in ("slow a", "fast b")]


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def show(label: str, value: object) -> object:
    print(f"  {label}: {value}")
    return value


def show_and_bump(d: dict[str, int]) -> None:
    print("at", d["n"])
    d["n"] += 1


def show_through(d: dict[str, int]) -> None:
    show_and_bump(d)


def shown_in_a_comprehension(web: str) -> list[object]:
    return [show(k, get(web, k, ms)) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def shown_between_reads(web: str) -> list[str]:
    d = {"key": "b"}
    a = get(web, "a", 150)
    show("d", d)
    b = get(web, d["key"], 40)
    return [a, b]


def bumped_by_show_and_bump(web: str) -> list[str]:
    d = {"n": 1}
    a = get(web, f"k{d['n']}", 150)
    show_and_bump(d)
    b = get(web, f"k{d['n']}", 40)
    return [a, b]


def bumped_by_show_through(web: str) -> list[str]:
    d = {"n": 1}
    a = get(web, f"k{d['n']}", 150)
    show_through(d)
    b = get(web, f"k{d['n']}", 40)
    return [a, b]


@pytest.mark.parametrize("fn", [shown_in_a_comprehension, shown_between_reads])
def test_a_helper_that_only_shows_its_arguments_lets_the_reads_overlap(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # It prints what it is given and changes nothing (`CallFact.keeps_arguments`): the
    # reads whose inputs it was handed start before it, as around a print.
    out, plain_peak, jit_peak = compare(capsys, fn, web)
    assert "  " in out
    assert plain_peak == 1
    assert jit_peak >= 2


@pytest.mark.parametrize("fn", [bumped_by_show_and_bump, bumped_by_show_through])
def test_a_printing_helper_that_changes_its_argument_keeps_the_next_read_behind_it(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out, _, jit_peak = compare(capsys, fn, web)
    assert out == "at 1\n"
    assert jit_peak == 1
    assert Items.order == ["k1", "k2"]


def log(message: str) -> None:
    print(f"[app] {message}")


def fetch_logged(web: str, key: str, ms: int) -> str:
    log(f"fetching {key}")
    value = get(web, key, ms)
    log(f"got {key}")
    return value


def shout_logged(web: str, key: str, ms: int) -> str:
    print("shouting", key)
    return fetch_logged(web, key, ms).upper()


def logged_comprehension(web: str) -> list[str]:
    print("start")
    out = [fetch_logged(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    print("end")
    return out


def logged_two_deep(web: str) -> list[str]:
    a = shout_logged(web, "a", 150)
    log("between")
    b = shout_logged(web, "b", 40)
    return [a, b]


def log_to(prefix: str, message: str) -> None:
    print(prefix, message, file=sys.stderr)


def fetch_logged_to_stderr(web: str, key: str, ms: int) -> str:
    print("fetching", key)
    log_to("!", key)
    return get(web, key, ms)


def logged_to_stderr(web: str) -> list[str]:
    return [fetch_logged_to_stderr(web, k, ms) for k, ms in (("a", 150), ("b", 40))]


def logged_through_a_parameter(web: str) -> list[str]:
    return [fetch_with(web, k, ms, log) for k, ms in (("a", 150), ("b", 40))]


def fetch_with(web: str, key: str, ms: int, say: Callable[[str], None]) -> str:
    say(f"fetching {key}")
    return get(web, key, ms)


@pytest.mark.parametrize("fn", [logged_comprehension, logged_two_deep,
                                through_a_helper_that_prints])
def test_a_helper_that_prints_through_a_printing_helper_overlaps(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # `log` prints and does nothing else: called by name, it runs as its printing twin
    # into the buffer of the call that started (`_summary.held_call`).
    out, plain_peak, jit_peak = compare(capsys, fn, web)
    assert "got a" in out
    assert plain_peak == 1
    assert jit_peak >= 2


@pytest.mark.parametrize("fn", [logged_to_stderr, logged_through_a_parameter])
def test_a_helper_printing_through_other_output_keeps_its_place(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, jit_peak = compare(capsys, fn, web)
    assert jit_peak == 1


def test_a_printing_helpers_helper_rebound_between_calls_is_not_held_stale(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    jf = xcs.jit(logged_comprehension)
    plain = logged_comprehension(web)
    expected = capsys.readouterr().out
    assert jf(web) == plain
    assert capsys.readouterr().out == expected
    global log
    kept = log
    log = lambda message: print("<", message, ">", sep="", file=sys.stderr)  # noqa: E731
    try:
        plain = logged_comprehension(web)
        expected = capsys.readouterr()
        assert jf(web) == plain
        assert capsys.readouterr() == expected
    finally:
        log = kept


COUNT = {"n": 0}


def log_numbered(message: str) -> None:
    COUNT["n"] += 1
    print(f"{COUNT['n']:03d} {message}")


def fetch_numbered(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    log_numbered(f"got {key}")
    return value


def numbered(web: str) -> list[str]:
    COUNT["n"] = 0
    return [fetch_numbered(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def test_a_printing_helpers_helper_that_changes_a_global_keeps_its_place(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Its prints could be held, but not its count: started early, the calls would count
    # in the order their reads end.
    out, _, jit_peak = compare(capsys, numbered, web)
    assert out == "001 got a\n002 got b\n003 got c\n"
    assert jit_peak == 1


def fetch_written(web: str, key: str, ms: int) -> str:
    sys.stdout.write(f"fetching {key}\n")
    value = get(web, key, ms)
    sys.stdout.write("got ")
    sys.stdout.writelines([key, "\n"])
    sys.stdout.flush()
    return value


def written(web: str) -> list[str]:
    return [fetch_written(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


class Log:
    @staticmethod
    def say(message: str) -> None:
        print("[log]", message)


def fetch_said(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    Log.say(f"got {key}")
    return value


def said(web: str) -> list[str]:
    return [fetch_said(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def fetch_writing_a_number(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.write(len(value) if key == "b" else f"{key}\n")  # type: ignore[arg-type]
    return value


def writes_a_number(web: str) -> list[str]:
    return [fetch_writing_a_number(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


@pytest.mark.parametrize("fn", [written, said])
def test_writes_to_stdout_and_a_class_s_printing_function_are_held_too(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out, plain_peak, jit_peak = compare(capsys, fn, web)
    assert "got a" in out
    assert plain_peak == 1
    assert jit_peak >= 2


def test_a_write_of_what_is_not_a_str_raises_in_the_helper_as_written(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    out, _, _ = compare(capsys, writes_a_number, web)
    assert out == "a\n"


def fetch_on(session: requests.Session, web: str, key: str, ms: int) -> str:
    print("get", key)
    return session.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def outer_on(session: requests.Session, web: str, key: str, ms: int) -> str:
    print("outer", key)
    value = fetch_on(session, web, key, ms)
    print("done", key)
    return value


def through_a_session(web: str) -> list[str]:
    with requests.Session() as session:
        return [outer_on(session, web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def test_a_printing_helper_whose_helpers_prints_its_arguments_decide_holds_them_too(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Read alone, `fetch_on(session, ...)` is not known (a session handed in): its twin
    # is called all the same, and its prints go to the same buffer.
    out, plain_peak, jit_peak = compare(capsys, through_a_session, web)
    assert out.startswith("outer a\nget a\ndone a\nouter b\n")
    assert plain_peak == 1
    assert jit_peak >= 2


def fetch_writing_its_length(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:
        sys.stdout.write(len(value))  # type: ignore[arg-type]
    except TypeError as exc:
        print("caught:", exc)
    sys.stdout.write("日本")
    sys.stdout.write(f"語 {key}\n")
    return value


def writes_its_lengths(web: str) -> list[str]:
    return [fetch_writing_its_length(web, k, ms) for k, ms in (("a", 150), ("b", 40))]


@pytest.mark.parametrize("stream", [
    io.StringIO,  # (its write raises its own TypeError's words)
    lambda: io.TextIOWrapper(io.BytesIO(), encoding="iso2022_jp"),  # (shifts between writes)
])
def test_writes_reach_a_stream_put_in_stdout_as_the_plain_writes_do(
        web: str, stream: Callable[[], Any]) -> None:
    def run_with(fn: Callable[..., Any]) -> tuple[Any, str]:
        out = stream()
        with contextlib.redirect_stdout(out):
            value = fn(web)
        out.flush()
        raw = out.getvalue() if isinstance(out, io.StringIO) else out.buffer.getvalue()
        return value, raw

    plain = run_with(writes_its_lengths)
    assert run_with(xcs.jit(writes_its_lengths)) == plain
    assert "caught:" in str(plain[1]) or b"caught:" in plain[1]


def fetch_quietly(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    with contextlib.suppress(ValueError):  # (stdout closed: the script goes on quietly)
        sys.stdout.write(f"{key}={value}\n")
    return value


def quietly(web: str) -> list[str]:
    return [fetch_quietly(web, k, ms) for k, ms in (("a", 150), ("b", 40))]


def test_a_closed_stdout_keeps_a_printing_helper_in_place(web: str) -> None:
    # Its write raises inside the helper, where the helper catches it.
    out = io.StringIO()
    out.close()
    with contextlib.redirect_stdout(out):
        assert xcs.jit(quietly)(web) == quietly(web) == ["v-a", "v-b"]
