"""Red-team cases (stop 21), tenth part: a failing read followed by a statement that raises
on its own, sleep helpers that change state, a SQLite cursor read while another connection
writes, a file's lines walked while a helper appends to it, set comprehensions whose
order depends on insertion, other clocks, proxies that print around a call, and
comprehensions whose element takes from the list.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import checked, tmp_web_args, value, web_args

# --------------------------------------------------------------------------- which error comes first


def failing_read_then_a_failing_lookup(base: str) -> list[Any]:
    v = checked(base, "missing-fl?ms=100")
    table: dict[str, int] = {}
    n = table["absent"]  # plain never gets here: the GET raised
    return [v, n]


def failing_read_then_a_failing_conversion(base: str) -> list[Any]:
    v = checked(base, "missing-fc?ms=100")
    n = int("not a number")
    return [v, n]


def failing_read_then_a_failing_division(base: str, zero: int) -> list[Any]:
    v = checked(base, "missing-fd?ms=100")
    ratio = 1 / zero
    return [v, ratio]


# --------------------------------------------------------------------------- sleep helpers with state


def make_ticker() -> Callable[[], int]:
    n = 0

    def tick() -> int:
        nonlocal n
        time.sleep(0.05)
        n += 1
        return n

    return tick


def sleep_helper_bumps_a_closure_counter() -> list[int]:
    tick = make_ticker()
    return [tick() for _ in range(3)]


class Stepper:
    def __init__(self) -> None:
        self.n = 0
        self.log: list[int] = []

    def step(self, d: int) -> int:
        time.sleep(d / 1000)
        self.n += 1
        self.log.append(d)
        return self.n


def sleep_method_bumps_an_attribute() -> list[Any]:
    s = Stepper()
    got = [s.step(d) for d in (80, 10, 40)]
    return [got, s.log]


TICKS: list[int] = []


def waited(d: int) -> int:
    time.sleep(d / 1000)
    TICKS.append(d)
    return d


def _clear_ticks(env: Env) -> None:
    TICKS.clear()


def sleep_helper_appends_to_a_global() -> list[Any]:
    got = [waited(d) for d in (60, 10, 30)]
    return [got, list(TICKS)]


# --------------------------------------------------------------------------- SQLite and files


def _db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "lock.db")
    conn.execute("CREATE TABLE t (k TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("lk1",), ("lk2",)])
    conn.commit()
    conn.close()


def cursor_read_while_another_connection_writes(folder: str, base: str) -> list[Any]:
    reader = sqlite3.connect(f"{folder}/lock.db")
    writer = sqlite3.connect(f"{folder}/lock.db", timeout=0.05)
    out = []
    try:
        for (k,) in reader.execute("SELECT k FROM t"):
            out.append(value(base, k))
            writer.execute("CREATE TABLE IF NOT EXISTS seen (k TEXT)")
            writer.execute("INSERT INTO seen VALUES (?)", (k,))
            writer.commit()  # plain: the reader's open statement holds the lock
    except sqlite3.OperationalError as e:
        out.append(f"error: {e}")
    finally:
        writer.close()
        reader.close()
    return out


def record(path: str, line: str) -> None:
    with open(path, "a") as f:
        f.write(line + "\n")


def _keys_file(env: Env) -> None:
    (env.tmp / "keys.txt").write_text("fk1\nfk2\n")


def file_lines_walked_while_a_helper_appends(folder: str, base: str) -> list[str]:
    out = []
    with open(f"{folder}/keys.txt") as f:
        for line in f:
            k = line.strip()
            out.append(value(base, k))
            if not k.startswith("re-"):
                record(f"{folder}/keys.txt", f"re-{k}")
    return out


# --------------------------------------------------------------------------- insertion order


def set_comprehension_of_colliding_ints(base: str) -> list[int]:
    # lengths 9, 17 and 25 share a slot in a small set: its order is the insertion order
    keys = ["a" * 7 + "?ms=150", "b" * 15 + "?ms=80", "c" * 23 + "?ms=1"]
    return list({len(value(base, k)) for k in keys})


def set_built_by_add_in_a_loop(base: str) -> list[int]:
    s: set[int] = set()
    for k in ["d" * 7 + "?ms=150", "e" * 15 + "?ms=1"]:
        s.add(len(value(base, k)))
    return list(s)


# --------------------------------------------------------------------------- clocks and proxies


def call_timed_with_time_time(base: str) -> list[Any]:
    t0 = time.time()
    v = value(base, "tt?ms=120")
    return [v, time.time() - t0 >= 0.1]


def call_timed_with_thread_time_and_ns(base: str) -> list[Any]:
    t0 = time.monotonic_ns()
    v = value(base, "tn?ms=120")
    took = time.monotonic_ns() - t0
    return [v, took >= 100_000_000]


class Loud:
    """Wraps a session's methods in a printing wrapper."""

    def __init__(self, session: requests.Session) -> None:
        self._s = session

    def __getattr__(self, name: str) -> Any:
        fn = getattr(self._s, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            print("call", name, args[0].rsplit("/", 1)[-1])
            r = fn(*args, **kwargs)
            print("done", name)
            return r

        return wrapper


def printing_proxy_around_a_session(base: str) -> list[str]:
    s = requests.Session()
    p = Loud(s)
    a = p.get(f"{base}/items/lp1?ms=150").json()["value"]
    b = p.get(f"{base}/items/lp2?ms=1").json()["value"]
    s.close()
    return [a, b]


# --------------------------------------------------------------------------- elements that take from the list


def comprehension_pops_its_keys(base: str) -> list[str]:
    keys = ["pk1", "pk2", "pk3"]
    return [value(base, keys.pop()) for _ in range(3)]


def comprehension_element_notes_into_the_dict(base: str) -> list[Any]:
    d = {"nd1": 1}
    return [(value(base, k), d.setdefault(k + "-x", 2)) for k in d]


CASES = [
    Case("validation", failing_read_then_a_failing_lookup, args=web_args, servers="web"),
    Case("validation", failing_read_then_a_failing_conversion, args=web_args, servers="web"),
    Case("validation", failing_read_then_a_failing_division,
         args=lambda env: (env.web, 0), servers="web"),
    Case("sleep", sleep_helper_bumps_a_closure_counter),
    Case("sleep", sleep_method_bumps_an_attribute),
    Case("sleep", sleep_helper_appends_to_a_global, setup=_clear_ticks),
    Case("db", cursor_read_while_another_connection_writes, args=tmp_web_args, servers="web",
         setup=_db),
    Case("files", file_lines_walked_while_a_helper_appends, args=tmp_web_args, servers="web",
         setup=_keys_file),
    Case("state", set_comprehension_of_colliding_ints, args=web_args, servers="web"),
    Case("state", set_built_by_add_in_a_loop, args=web_args, servers="web"),
    Case("sleep", call_timed_with_time_time, args=web_args, servers="web"),
    Case("sleep", call_timed_with_thread_time_and_ns, args=web_args, servers="web"),
    Case("clients", printing_proxy_around_a_session, args=web_args, servers="web"),
    Case("helpers", comprehension_pops_its_keys, args=web_args, servers="web"),
    Case("helpers", comprehension_element_notes_into_the_dict, args=web_args, servers="web"),
]
