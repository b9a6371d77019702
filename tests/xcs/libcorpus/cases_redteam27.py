"""Red-team cases (stop 22), twenty-seventh part: helpers that run jitted (a helper whose
own reads may overlap: two reads, one in a loop, a recursive call beside a read). Chains
inside them, a raise or a failed conversion between reads, loops that stop early, objects
the helper makes or is handed (an HTTP connection, a session, urlopen, sqlite3, a file), a
lock the caller holds, a shared random generator, nesting, mutual recursion and recursion
deeper than the nesting bound, methods, closures, lambdas, decorated and cached helpers,
lazy and generator helpers, and callers that write or rebind around them.
"""

from __future__ import annotations

import functools
import http.client
import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import requests

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import checked, put, tmp_web_args, value, web_args

# --------------------------------------------------------------------------- chains and order


def two_reads(base: str, key: str) -> str:
    return value(base, f"{key}a") + "|" + value(base, f"{key}b")


def pair_of_pairs(base: str) -> list[str]:
    return [two_reads(base, "pp1"), two_reads(base, "pp2")]


def second_needs_first(base: str, key: str) -> str:
    first = value(base, key)
    return value(base, first + "-next")  # the second read's key is the first's value


def chains_in_helpers(base: str) -> list[str]:
    return [second_needs_first(base, k) for k in ("ch1", "ch2", "ch3")]


def reads_around_a_print(base: str, key: str) -> str:
    a = value(base, f"{key}1")
    print("between", key)
    return a + value(base, f"{key}2")


def helper_prints_between_reads(base: str) -> list[str]:
    return [reads_around_a_print(base, k) for k in ("pr", "ps")]


def write_between_reads(base: str, key: str) -> str:
    a = value(base, key)
    put(base, key, "rewritten")
    return a + "|" + value(base, key)


def helper_puts_between_reads(base: str) -> list[str]:
    return [write_between_reads(base, k) for k in ("wb1", "wb2")]


# --------------------------------------------------------------------------- raises between reads


def read_check_read(base: str, key: str) -> str:
    a = value(base, f"{key}a")
    if "bad" in key:
        raise ValueError(f"bad key {key}")
    return a + value(base, f"{key}b")


def helper_raises_between_reads(base: str) -> list[str]:
    return [read_check_read(base, k) for k in ("rc-ok", "rc-bad", "rc-late")]


def int_of_a_read(base: str, key: str) -> int:
    n = int(value(base, key))  # "v-..." is not a number: ValueError, as plain
    return n + len(value(base, key + "-more"))


def helper_fails_converting_a_read(base: str) -> Any:
    try:
        return int_of_a_read(base, "ir1")
    except ValueError as e:
        return f"caught {e}"


def fallback_reads(base: str, key: str) -> str:
    try:
        a = checked(base, f"missing-{key}")
    except requests.HTTPError:
        a = value(base, f"{key}-fallback")
    return a + value(base, f"{key}-tail")


def helper_with_fallback_read(base: str) -> list[str]:
    return [fallback_reads(base, k) for k in ("fb1", "fb2")]


# --------------------------------------------------------------------------- loops that stop


def first_matching(base: str, keys: list[str], want: str) -> str:
    for k in keys:
        v = value(base, k)
        if v == want:
            return k
    return "none"


def helper_loop_returns_early(base: str) -> list[str]:
    put(base, "fm2", "hit")
    return [first_matching(base, ["fm1", "fm2", "fm3", "fm4"], "hit"),
            first_matching(base, ["fn1", "fn2"], "hit")]


def helpers_in_caller_loop_with_break(base: str) -> list[str]:
    out = []
    for k in ("cb1", "cb2", "cb3", "cb4"):
        r = two_reads(base, k)
        out.append(r)
        if k == "cb2":
            break
    return out


def helpers_in_conditional_comprehension(base: str) -> list[str]:
    keys = ["cc1", "skip", "cc2", "skip2", "cc3"]
    return [two_reads(base, k) for k in keys if not k.startswith("skip")]


# --------------------------------------------------------------------------- objects made or handed in


def two_gets_on_one_connection(base: str, key: str) -> str:
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    conn.request("GET", f"/items/{key}a")
    a = json.loads(conn.getresponse().read())["value"]
    conn.request("GET", f"/items/{key}b")
    b = json.loads(conn.getresponse().read())["value"]
    conn.close()
    return a + b


def helper_owns_an_http_connection(base: str) -> list[str]:
    return [two_gets_on_one_connection(base, k) for k in ("hc1", "hc2")]


def gets_on_a_passed_connection(conn: http.client.HTTPConnection, key: str) -> str:
    conn.request("GET", f"/items/{key}a")
    a = json.loads(conn.getresponse().read())["value"]
    conn.request("GET", f"/items/{key}b")
    return a + json.loads(conn.getresponse().read())["value"]


def _connection(env: Env) -> tuple:
    return (env.own(http.client.HTTPConnection(urlsplit(env.web).netloc, timeout=10)),)


def session_reads(base: str, key: str) -> str:
    with requests.Session() as s:
        a = s.get(f"{base}/items/{key}a").json()["value"]
        b = s.get(f"{base}/items/{key}b").json()["value"]
    return a + b


def helper_owns_a_session(base: str) -> list[str]:
    return [session_reads(base, k) for k in ("se1", "se2", "se3")]


def make_db(env: Env) -> None:
    with sqlite3.connect(env.tmp / "h.db") as conn:
        conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", [("a", 1), ("b", 2), ("c", 3)])
    conn.close()


def counts(path: str, low: int) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    below = conn.execute("SELECT COUNT(*) FROM t WHERE v < ?", (low,)).fetchone()[0]
    above = conn.execute("SELECT COUNT(*) FROM t WHERE v >= ?", (low,)).fetchone()[0]
    conn.close()
    return below, above


def helper_owns_a_sqlite_connection(tmp: str, base: str) -> list[Any]:
    path = str(Path(tmp) / "h.db")
    return [counts(path, n) for n in (1, 2, 3)] + [value(base, "db1")]


def query_pair(conn: sqlite3.Connection, k1: str, k2: str) -> list[int]:
    a = conn.execute("SELECT v FROM t WHERE k = ?", (k1,)).fetchone()[0]
    b = conn.execute("SELECT v FROM t WHERE k = ?", (k2,)).fetchone()[0]
    return [a, b]


def _db_conn(env: Env) -> tuple:
    return (env.own(sqlite3.connect(env.tmp / "h.db")),)


def make_lines(env: Env) -> None:
    (env.tmp / "lines.txt").write_text("".join(f"line {i}\n" for i in range(6)))


def two_lines(path: str) -> list[str]:
    with open(path) as f:
        first = f.readline()
        second = f.readline()
    return [first, second]


def helper_reads_a_file_line_by_line(tmp: str, base: str) -> list[Any]:
    path = str(Path(tmp) / "lines.txt")
    return [two_lines(path), two_lines(path), value(base, "fl1")]


def next_two(f: Any) -> list[str]:
    return [f.readline(), f.readline()]


# --------------------------------------------------------------------------- threads and context


# --------------------------------------------------------------------------- nesting and recursion


def inner(base: str, key: str) -> str:
    return value(base, f"{key}x") + value(base, f"{key}y")


def middle(base: str, key: str) -> list[str]:
    return [inner(base, f"{key}1"), inner(base, f"{key}2")]


def outer(base: str, key: str) -> list[list[str]]:
    return [middle(base, f"{key}A"), middle(base, f"{key}B")]


def helpers_nested_three_deep(base: str) -> list[list[list[str]]]:
    return outer(base, "n")


def even_walk(base: str, key: str, n: int) -> list[str]:
    here = value(base, f"{key}e{n}")
    if n == 0:
        return [here]
    return [here, value(base, f"{key}s{n}")] + odd_walk(base, key, n - 1)


def odd_walk(base: str, key: str, n: int) -> list[str]:
    here = value(base, f"{key}o{n}")
    if n == 0:
        return [here]
    return [here] + even_walk(base, key, n - 1)


def mutual_recursion_of_helpers(base: str) -> list[str]:
    return even_walk(base, "mr", 5)


def until_marker(base: str, key: str, n: int) -> list[str]:
    v = value(base, f"{key}{n}")
    if v == "end":
        return [v]
    return [v] + until_marker(base, key, n + 1)


def recursion_stops_on_a_value(base: str) -> list[str]:
    put(base, "um3", "end")
    return until_marker(base, "um", 0)


def deep_pairs(base: str, n: int) -> list[str]:
    if n == 0:
        return []
    return [value(base, f"dp{n}a"), value(base, f"dp{n}b")] + deep_pairs(base, n - 1)


def recursion_deeper_than_the_bound(base: str) -> list[str]:
    return deep_pairs(base, 12)


def binary(base: str, key: str, depth: int) -> list[Any]:
    v = value(base, key)
    if depth == 0:
        return [v]
    return [v, binary(base, key + "0", depth - 1), binary(base, key + "1", depth - 1)]


def binary_tree_of_reads(base: str) -> list[Any]:
    return binary(base, "b", 3)


def tree_then_write(base: str) -> list[Any]:
    tree = binary(base, "tw", 2)
    put(base, "tw", "changed")
    return [tree, binary(base, "tw", 0)]


# --------------------------------------------------------------------------- methods, closures, decorators


class Shard:
    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name

    def both(self) -> str:
        return value(self.base, f"{self.name}-l") + value(self.base, f"{self.name}-r")


def methods_with_attribute_changed_after(base: str) -> list[str]:
    shards = [Shard(base, "sa"), Shard(base, "sb")]
    out = [s.both() for s in shards]
    shards[0].name = "sc"
    out.append(shards[0].both())
    return out


def closure_helper_rebound(base: str) -> list[str]:
    suffix = "-one"

    def pair(k: str) -> str:
        return value(base, k + suffix) + value(base, k)

    first = [pair(k) for k in ("cl1", "cl2")]
    suffix = "-two"
    return first + [pair("cl3")]


def lambda_helper(base: str) -> list[str]:
    pair = lambda k: value(base, k + "a") + value(base, k + "b")  # noqa: E731 - the shape tested
    return [pair(k) for k in ("lm1", "lm2")]


def retried(fn: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(fn)
    def wrapper(base: str, keys: list[str]) -> str:
        for k in keys:
            try:
                return fn(base, k)
            except requests.HTTPError:
                continue
        return "gave up"
    return wrapper


@retried
def first_found(base: str, key: str) -> str:
    return checked(base, key)


def decorated_helper_tries_in_turn(base: str) -> list[str]:
    return [first_found(base, ["missing-r1", "rt1", "rt2"]),
            first_found(base, ["missing-r2", "missing-r3"])]


@functools.cache
def cached_pair(base: str, key: str) -> str:
    return value(base, f"{key}a") + value(base, f"{key}b")


def cached_helper_called_twice(base: str) -> list[str]:
    cached_pair.cache_clear()
    try:
        return [cached_pair(base, "ca"), cached_pair(base, "cb"), cached_pair(base, "ca")]
    finally:
        cached_pair.cache_clear()


def lazy_values(base: str, keys: list[str]) -> Iterator[str]:
    return map(lambda k: value(base, k), keys)


def lazy_helper_consumed_after_a_write(base: str) -> list[str]:
    vals = lazy_values(base, ["lz1", "lz2"])
    first = value(base, "lz0") + value(base, "lz00")
    put(base, "lz2", "changed")
    return [first, *vals]


# --------------------------------------------------------------------------- lone calls (started at their place)


def helper_on_a_passed_sqlite_connection_alone(conn: sqlite3.Connection) -> list[int]:
    return query_pair(conn, "a", "c")


def helper_on_a_passed_connection_alone(conn: http.client.HTTPConnection) -> str:
    return gets_on_a_passed_connection(conn, "pl")


def helper_reads_a_passed_file_alone(tmp: str) -> list[str]:
    with open(Path(tmp) / "lines.txt") as f:
        f.readline()
        return next_two(f)


_lock = threading.RLock()


def locked_pair(base: str, key: str) -> str:
    with _lock:
        a = value(base, f"{key}a")
        b = value(base, f"{key}b")
    return a + b


def helper_takes_a_lock_the_caller_holds(base: str) -> str:
    with _lock:
        return locked_pair(base, "lk")


def rng_between_reads(base: str, key: str, rng: random.Random) -> list[Any]:
    a = value(base, f"{key}a")
    r = rng.randint(0, 10**6)
    return [a, r, value(base, f"{key}b")]


def helpers_draw_from_a_shared_rng(base: str) -> list[list[Any]]:
    rng = random.Random(27)
    return [rng_between_reads(base, k, rng) for k in ("rg1", "rg2", "rg3")]


KEYS = ["gk1", "gk2"]


def from_global_keys(base: str) -> list[str]:
    return [value(base, KEYS[0]), value(base, KEYS[1])]


def global_changed_after_a_helper_starts(base: str) -> list[Any]:
    KEYS[:] = ["gk1", "gk2"]
    first = from_global_keys(base)
    KEYS[0] = "gk-changed"
    second = from_global_keys(base)
    KEYS[:] = ["gk1", "gk2"]
    return [first, second]


# --------------------------------------------------------------------------- more shapes


def deepest_raises(base: str, key: str) -> str:
    a = value(base, f"{key}1")
    if key.endswith("bad"):
        raise LookupError(f"no {key}")
    return a + value(base, f"{key}2")


def raises_two_down(base: str, key: str) -> list[str]:
    return [deepest_raises(base, f"{key}-ok"), deepest_raises(base, f"{key}-bad")]


def exception_from_a_nested_helper(base: str) -> list[Any]:
    try:
        return raises_two_down(base, "xn")
    except LookupError as e:
        return [type(e).__name__, str(e), getattr(e, "__notes__", None),
                repr(e.__context__), repr(e.__cause__)]


def gen_reads(base: str, keys: list[str]) -> Iterator[str]:
    for k in keys:
        yield value(base, k)


def generator_helpers_drained_in_turn(base: str) -> list[list[str]]:
    first = gen_reads(base, ["gd1", "gd2"])
    second = gen_reads(base, ["gd3", "gd4"])
    return [list(second), list(first)]


def spaced_pair(base: str, key: str) -> str:
    time.sleep(0.05)
    a = value(base, f"{key}a")
    time.sleep(0.05)
    return a + value(base, f"{key}b")


def helpers_that_sleep_between_reads(base: str) -> list[str]:
    return [spaced_pair(base, k) for k in ("sp1", "sp2")]


def session_pair(s: requests.Session, base: str, key: str) -> str:
    return s.get(f"{base}/items/{key}a").json()["value"] + s.get(
        f"{base}/items/{key}b").json()["value"]


def helpers_share_a_passed_session(base: str) -> list[str]:
    with requests.Session() as s:
        return [session_pair(s, base, k) for k in ("ss1", "ss2")]


def urlopen_two(base: str, key: str) -> list[str]:
    with urlopen(f"{base}/items/{key}a") as r:
        a = json.loads(r.read())["value"]
    with urlopen(f"{base}/items/{key}b") as r:
        b = json.loads(r.read())["value"]
    return [a, b]


def helpers_with_two_urlopens(base: str) -> list[list[str]]:
    return [urlopen_two(base, k) for k in ("ut1", "ut2")]


def params_changed_between_reads(base: str, key: str) -> list[str]:
    params = {"q": f"{key}-first"}
    a = requests.get(f"{base}/items/{key}", params=params).url
    params["q"] = f"{key}-second"
    b = requests.get(f"{base}/items/{key}", params=params).url
    return [a.split("?")[1], b.split("?")[1]]


def helper_mutates_its_params_between_reads(base: str) -> list[list[str]]:
    return [params_changed_between_reads(base, k) for k in ("pm1", "pm2")]


def text_and_item(path: str, base: str) -> list[str]:
    return [Path(path).read_text(), value(base, "ti-item"), Path(path).read_text()[:4]]


def helper_reads_a_file_the_caller_rewrites(tmp: str, base: str) -> list[list[str]]:
    path = str(Path(tmp) / "note.txt")
    Path(path).write_text("first")
    before = text_and_item(path, base)
    Path(path).write_text("second")
    after = text_and_item(path, base)
    return [before, after]


# --------------------------------------------------------------------------- rebound between calls


def fetch_item(base: str, key: str) -> str:
    return value(base, key)


def store_item(base: str, key: str) -> str:
    return str(put(base, "rb-target", key))


FETCH: Callable[[str, str], str] = fetch_item


def via_fetch(base: str, key: str) -> list[str]:
    return [FETCH(base, f"{key}1"), FETCH(base, f"{key}2")]


def helper_global_rebound_to_a_write(base: str) -> list[list[str]]:
    return [via_fetch(base, "gr"), via_fetch(base, "gs")]


def drive_rebound(fn: Callable[[str], Any], env: Env) -> list[Any]:
    global FETCH
    FETCH = fetch_item
    first = fn(env.web)
    FETCH = store_item
    try:
        second = fn(env.web)
    finally:
        FETCH = fetch_item
    return [first, second]


CASES = [
    Case("helpers", pair_of_pairs, args=web_args, servers="web", ideal=4.0, overlap=4),
    Case("helpers", chains_in_helpers, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case("helpers", helper_prints_between_reads, args=web_args, servers="web"),
    Case("helpers", helper_puts_between_reads, args=web_args, servers="web"),
    Case("validation", helper_raises_between_reads, args=web_args, servers="web",
         speculative_reads=True, overlap=3),
    Case("validation", helper_fails_converting_a_read, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", helper_with_fallback_read, args=web_args, servers="web",
         speculative_reads=True, ideal=3.0, overlap=4),
    Case("where", helper_loop_returns_early, args=web_args, servers="web", ideal=1.67, overlap=2),
    Case("where", helpers_in_caller_loop_with_break, args=web_args, servers="web", ideal=4.0,
         overlap=2),
    Case("where", helpers_in_conditional_comprehension, args=web_args, servers="web", ideal=6.0),
    Case("clients", helper_owns_an_http_connection, args=web_args, servers="web", ideal=2.0,
         overlap=2),
    Case("clients", helper_owns_a_session, args=web_args, servers="web", ideal=6.0, overlap=6),
    Case("db", helper_owns_a_sqlite_connection, args=tmp_web_args, servers="web", setup=make_db),
    Case("files", helper_reads_a_file_line_by_line, args=tmp_web_args, servers="web",
         setup=make_lines),
    # 2 middles x 2 inners x 2 reads: 8 reads, all independent
    Case("helpers", helpers_nested_three_deep, args=web_args, servers="web", ideal=8.0,
         overlap=8),
    Case("helpers", mutual_recursion_of_helpers, args=web_args, servers="web", ideal=9.0,
         overlap=2),
    Case("where", recursion_stops_on_a_value, args=web_args, servers="web"),
    Case("helpers", recursion_deeper_than_the_bound, args=web_args, servers="web", ideal=24.0,
         overlap=16),
    # 15 reads over 4 levels, each level's read before its children's
    Case("fanout", binary_tree_of_reads, args=web_args, servers="web", ideal=3.75, overlap=8),
    # 7 reads over 3 levels, the PUT, 1 read: 9 over a critical path of 5
    Case("rebind", tree_then_write, args=web_args, servers="web", ideal=1.8, overlap=4),
    Case("rebind", methods_with_attribute_changed_after, args=web_args, servers="web", ideal=6.0,
         overlap=4),
    Case("rebind", closure_helper_rebound, args=web_args, servers="web", ideal=6.0, overlap=4),
    Case("helpers", lambda_helper, args=web_args, servers="web", ideal=4.0, overlap=4),
    Case("validation", decorated_helper_tries_in_turn, args=web_args, servers="web", ideal=2.0),
    Case("helpers", cached_helper_called_twice, args=web_args, servers="web", ideal=4.0,
         overlap=2),
    Case("rebind", lazy_helper_consumed_after_a_write, args=web_args, servers="web", ideal=1.67,
         overlap=2),
    Case("db", helper_on_a_passed_sqlite_connection_alone, args=_db_conn, setup=make_db),
    Case("clients", helper_on_a_passed_connection_alone, args=_connection, servers="web"),
    Case("files", helper_reads_a_passed_file_alone, args=lambda env: (str(env.tmp),),
         setup=make_lines),
    Case("threads", helper_takes_a_lock_the_caller_holds, args=web_args, servers="web", ideal=2.0),
    Case("state", helpers_draw_from_a_shared_rng, args=web_args, servers="web", ideal=6.0),
    Case("state", global_changed_after_a_helper_starts, args=web_args, servers="web", ideal=4.0,
         overlap=2),
    Case("validation", exception_from_a_nested_helper, args=web_args, servers="web",
         speculative_reads=True, ideal=3.0, overlap=2),
    Case("helpers", generator_helpers_drained_in_turn, args=web_args, servers="web", ideal=4.0),
    Case("sleep", helpers_that_sleep_between_reads, args=web_args, servers="web", spacing=0.05),
    Case("clients", helpers_share_a_passed_session, args=web_args, servers="web", ideal=4.0,
         overlap=4),
    Case("helpers", helpers_with_two_urlopens, args=web_args, servers="web", ideal=4.0, overlap=4),
    Case("helpers", helper_mutates_its_params_between_reads, args=web_args, servers="web",
         ideal=4.0),
    Case("files", helper_reads_a_file_the_caller_rewrites, args=tmp_web_args, servers="web"),
    Case("rebind", helper_global_rebound_to_a_write, drive=drive_rebound, servers="web",
         ideal=1.6, overlap=4),
]
