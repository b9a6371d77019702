"""Where a call may start, against a key-value server on 127.0.0.1 (the corpus's).

Each function runs plain and jitted on fresh servers; the value (or exception) and the
requests each server saw must match. Overlap is asserted as requests in flight at once.

- A `:=` in a read's arguments binds the function's local: the read stays in place.
- In ``a == f() == g()`` the comparators after the first run only when the comparison
  before them holds: g()'s GET is never started early.
- A loop or a comprehension takes its items up front only when nothing in its body can
  change what it walks (a helper given the list, a method of the dict, a helper of the
  user's that reaches a list other code can reach).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs.libcorpus._servers import HttpServer, LoopThread

LATENCY = 0.05

#: What one run saw: its outcome, the GETs (a set: reads may overlap), the writes in order,
#: and the most requests in flight at once.
Seen = tuple[tuple[str, Any], frozenset[str], list[tuple[str, str]], int]


def value(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def put(base: str, key: str, text: str) -> None:
    requests.put(f"{base}/items/{key}", data=text)


def run(fn: Callable[..., Any], *args: Any) -> Seen:
    loop = LoopThread()
    server = HttpServer(loop, LATENCY)
    try:
        try:
            outcome: tuple[str, Any] = ("value", fn(server.url, *args))
        except Exception as e:  # noqa: BLE001 (compared with the plain run's)
            outcome = ("raised", f"{type(e).__name__}: {e}")
        log, most = server.snapshot()
    finally:
        server.close()
        loop.close()
    gets = frozenset(e.path for e in log if not e.write)
    writes = [(e.method, e.path) for e in log if e.write]
    return outcome, gets, writes, most


def same(fn: Callable[..., Any], *args: Any, copy: Callable[[], tuple] | None = None) -> int:
    """Run `fn` plain and jitted; assert they agree; the jitted runs' most in flight (up to
    three runs while it is 1: a loaded machine may start the second call late)."""
    plain = run(fn, *(copy() if copy else args))
    jitted = xcs.jit(fn)

    def once() -> Seen:
        seen = run(jitted, *(copy() if copy else args))
        assert seen[:3] == plain[:3]
        return seen
    return most_in_flight(once)


def most_in_flight(once: Callable[[], Seen]) -> int:
    most = 0
    for _ in range(3):
        most = max(most, once()[3])
        if most > 1:
            break
    return most


# -- a walrus in a read's arguments ------------------------------------------------------


def walrus_in_arguments(base: str) -> list[str]:
    a = value(base, (k := "w1"))
    b = value(base, f"{k}-next")
    return [a, b, k]


def walrus_in_a_call_of_the_statement(base: str) -> list[str]:
    pair = [value(base, "w0"), value(base, (k := "w2")), value(base, "w3")]
    return [*pair, k]


def test_a_walrus_in_a_reads_arguments_binds_the_local() -> None:
    same(walrus_in_arguments)
    same(walrus_in_a_call_of_the_statement)


# -- chained comparisons -------------------------------------------------------------------


def chained_false_first(base: str) -> list[bool]:
    return ["nope" == value(base, "c1") == value(base, "c2"),
            "z" < value(base, "c3") < value(base, "c4")]


def chained_true_first(base: str) -> bool:
    return "v-c5" == value(base, "c5") == value(base, "c5")


def test_a_chained_comparison_stops_at_the_first_false() -> None:
    same(chained_false_first)
    same(chained_true_first)


def compared_reads(base: str) -> bool:
    return value(base, "p1") == value(base, "p2")


def test_the_two_sides_of_one_comparison_still_overlap() -> None:
    assert same(compared_reads) == 2


# -- loops and comprehensions whose body changes what they walk ----------------------------


def grow(todo: list[str], key: str) -> None:
    if len(todo) < 4:
        todo.append(key + "g")


def crawl(base: str) -> list[str]:
    todo = ["k"]
    seen = []
    for k in todo:
        seen.append(value(base, k))
        grow(todo, k)
    return seen


TODO: list[str] = []


def grow_global(key: str) -> str:
    if len(TODO) < 4:
        TODO.append(key + "g")
    return key


def crawl_global(base: str) -> list[str]:
    TODO[:] = ["q"]
    return [value(base, grow_global(k)) for k in TODO]


def crawl_global_loop(base: str) -> list[str]:
    TODO[:] = ["t"]
    out = []
    for k in TODO:
        out.append(value(base, k))
        grow_global(k)
    return out


def fetch_and_grow(base: str, key: str, todo: list[str]) -> str:
    v = value(base, key)
    if len(todo) < 3:
        todo.append(key + "d")
    return v


def crawl_comprehension(base: str) -> list[str]:
    todo = ["d"]
    return [fetch_and_grow(base, k, todo) for k in todo]


def note_keys(base: str) -> list[Any]:
    d = {"n1": 1}
    return [(value(base, k), d.setdefault(k + "-x", 2)) for k in d]


def drop_next(keys: list[str], key: str) -> None:
    i = keys.index(key)
    if i + 1 < len(keys):
        del keys[i + 1]


def removed_while_walked(base: str, keys: list[str]) -> list[str]:
    out = []
    for k in keys:
        out.append(value(base, k))
        drop_next(keys, k)
    return out


def marked_while_walked(base: str) -> list[str]:
    s = {"s1"}
    out = []
    for k in s:
        out.append(value(base, k))
        s.add(k + "-m")
    return out


@pytest.mark.parametrize("fn", [crawl, crawl_global, crawl_global_loop, crawl_comprehension,
                                note_keys, removed_while_walked,
                                marked_while_walked])  # (the set: plain raises RuntimeError)
def test_a_loop_whose_body_changes_what_it_walks_walks_it_as_written(
        fn: Callable[..., Any]) -> None:
    if fn is removed_while_walked:
        same(fn, copy=lambda: (["r1", "r2", "r3"],))
    else:
        same(fn)


def fetch_all(base: str, keys: list[str]) -> list[str]:
    out = []
    seen = set()
    for k in keys:
        seen.add(k)
        out.append(value(base, k))
    return out


def fetch_comp(base: str, keys: list[str]) -> list[str]:
    return [value(base, k) for k in keys]


def ask_all(base: str, askers: list[Any], q: str) -> list[str]:
    out = []
    for ask in askers:
        out.append(ask(base, q))
    return out


def ask_comp(base: str, askers: list[Any], q: str) -> list[str]:
    return [ask(base, q) for ask in askers]


def test_loops_that_only_read_still_overlap() -> None:
    assert same(fetch_all, ["a1", "a2", "a3"]) >= 2
    assert same(fetch_comp, ["b1", "b2", "b3"]) >= 2
    assert same(ask_all, [value, value, value], "c1") >= 2
    assert same(ask_comp, [value, value, value], "c2") >= 2


# -- one object passed as two parameters -------------------------------------------------


def change_one_read_other(base: str, a: list[str], b: list[str]) -> list[str]:
    first = value(base, "x0")
    b[0] = b[0] + "-new"
    return [first, value(base, a[0])]


def test_one_list_passed_as_two_parameters_runs_as_written() -> None:
    jitted = xcs.jit(change_one_read_other)
    assert most_in_flight(lambda: run(jitted, ["x1"], ["x2"])) == 2  # two lists: overlapped
    shared, plain_shared = ["x1"], ["x1"]  # then one list as both: `a[0]` is read after
    assert run(jitted, shared, shared)[:3] == run(change_one_read_other, plain_shared,
                                                  plain_shared)[:3]


# -- a global the loop walks -----------------------------------------------------------------

KEYS: Any = ("g1", "g2", "g3")


SEEN: list[str] = []


def note(k: str) -> None:
    SEEN.append(k)  # (a helper of the user's: code that might reach a list it walks)


def walk_global(base: str) -> list[str]:
    out = []
    for k in KEYS:
        note(k)
        out.append(value(base, k))
    return out


def test_a_global_tuple_walked_beside_code_of_yours_overlaps_while_it_holds_that_tuple(
) -> None:
    """Nothing can change a tuple of str in place: the loop takes its items up front though
    the body runs code of the user's. Bound to a list later, the global plans again."""
    global KEYS
    SEEN.clear()
    plain = run(walk_global)
    jitted = xcs.jit(walk_global)
    assert most_in_flight(lambda: run(jitted)) >= 2
    SEEN.clear()
    assert run(jitted)[:3] == plain[:3] and SEEN == ["g1", "g2", "g3"]
    KEYS = ["g1", "g2"]
    try:
        assert run(jitted)[:3] == run(walk_global)[:3]
    finally:
        KEYS = ("g1", "g2", "g3")


def decoded_as(base: str) -> list[str]:
    s = requests.Session()
    out = []
    for k in ["e1", "e2", "e3"]:
        r = s.get(f"{base}/items/{k}", params={"n": len(k)})  # (a rule decided when it starts)
        r.encoding = "latin-1"  # (a store into the item's own response: nothing else's)
        out.append(r.text)
    return out


def test_a_store_into_each_items_own_response_leaves_the_reads_overlapping() -> None:
    assert same(decoded_as) >= 2
