"""Rows of a SELECT drive reads: ``for row in conn.execute("SELECT ...")`` starts a read per
row before the first iteration, when reading the rows ahead is invisible (a fresh cursor
of a connection the function opened itself and uses only through its plain methods, no
Python run per row); anything else keeps the rows where the loop takes them."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest

from ember import xcs
from tests.inflight import InFlight

calls = InFlight()
seen: list[str] = []


@xcs.effect("read", resource="net")
def price_of(name: str) -> str:
    with calls.track(name):
        time.sleep(0.02)
    seen.append(f"read {name}")
    return f"{name}:{len(name)}"


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    global calls
    calls = InFlight()
    seen.clear()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE items (name TEXT, price INTEGER)")
    db.executemany("INSERT INTO items VALUES (?, ?)", [("fig", 3), ("kiwi", 5), ("plum", 9)])
    yield db
    db.close()


def rows_of_its_own_connection(path: str) -> list[str]:
    conn = sqlite3.connect(path)
    out = []
    for name, _price in conn.execute("SELECT name, price FROM items WHERE price > 1 "
                                     "ORDER BY upper(name)"):
        out.append(price_of(name))
    conn.close()
    return out


def rows_of_a_connection_it_opens_with(path: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [price_of(name) for name, in conn.execute("SELECT name FROM items ORDER BY name")]


def rows_drive_reads(conn: sqlite3.Connection) -> list[str]:
    out = []
    for name, _price in conn.execute("SELECT name, price FROM items WHERE price > 1 "
                                     "ORDER BY upper(name)"):
        out.append(price_of(name))
    return out


def named_cursor_rows(conn: sqlite3.Connection) -> tuple[list[str], object]:
    cur = conn.cursor()
    out = []
    for (name,) in cur.execute("SELECT name FROM items ORDER BY name"):
        out.append(price_of(name))
    return out, cur.fetchone()


def rows_through_a_python_function(conn: sqlite3.Connection) -> list[str]:
    out = []
    for (name,) in conn.execute("SELECT noted(name) FROM items ORDER BY name"):
        out.append(price_of(name))
    return out


def test_a_fresh_selects_rows_start_a_read_each(conn: sqlite3.Connection, tmp_path) -> None:
    path = str(tmp_path / "items.db")
    conn.commit()
    conn.execute("VACUUM INTO ?", (path,))
    jitted = xcs.jit(rows_of_its_own_connection)
    calls.hold(3)
    assert jitted(path) == ["fig:3", "kiwi:4", "plum:4"]
    assert calls.max_in_flight == 3
    assert xcs.explain(jitted).strategy == "parallel"
    assert jitted(path) == rows_of_its_own_connection(path)


def test_rows_of_a_connection_opened_by_a_with(conn: sqlite3.Connection, tmp_path) -> None:
    path = str(tmp_path / "items.db")
    conn.commit()
    conn.execute("VACUUM INTO ?", (path,))
    jitted = xcs.jit(rows_of_a_connection_it_opens_with)
    assert jitted(path) == rows_of_a_connection_it_opens_with(path) == [
        "fig:3", "kiwi:4", "plum:4"]


def test_a_connection_handed_in_is_read_in_place(conn: sqlite3.Connection) -> None:
    # It may have Python functions, collations or callbacks that a SELECT's text does not
    # show (an operator, a view, a built-in replaced): its rows come as the loop takes them.
    jitted = xcs.jit(rows_drive_reads)
    assert jitted(conn) == rows_drive_reads(conn) == ["fig:3", "kiwi:4", "plum:4"]
    assert calls.max_in_flight == 1


def test_a_cursor_held_by_a_name_is_read_in_place(conn: sqlite3.Connection) -> None:
    # `cur.execute` returns `cur`: the code after the loop can read it, so no row is read
    # ahead (here it sees the end of the rows, as it would in the plain loop).
    jitted = xcs.jit(named_cursor_rows)
    assert jitted(conn) == named_cursor_rows(conn) == (["fig:3", "kiwi:4", "plum:4"], None)
    assert calls.max_in_flight == 1


def test_rows_that_run_python_are_read_in_place(conn: sqlite3.Connection) -> None:
    def noted(name: str) -> str:
        seen.append(f"row {name}")
        return name

    conn.create_function("noted", 1, noted)
    assert rows_through_a_python_function(conn) == ["fig:3", "kiwi:4", "plum:4"]
    plain = list(seen)
    seen.clear()
    jitted = xcs.jit(rows_through_a_python_function)
    assert jitted(conn) == ["fig:3", "kiwi:4", "plum:4"]
    assert seen == plain  # the function's calls and the reads, in the plain order
    assert calls.max_in_flight == 1


def test_a_row_factory_keeps_the_rows_in_place(conn: sqlite3.Connection) -> None:
    conn.row_factory = lambda cursor, row: (seen.append("made") or row)
    assert rows_drive_reads(conn) == ["fig:3", "kiwi:4", "plum:4"]
    plain = list(seen)
    seen.clear()
    jitted = xcs.jit(rows_drive_reads)
    assert jitted(conn) == ["fig:3", "kiwi:4", "plum:4"]
    assert seen == plain  # rows made one by one between the reads, as plain makes them
    assert calls.max_in_flight == 1
