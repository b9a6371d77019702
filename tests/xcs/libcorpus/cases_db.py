"""DB connections: sqlite3 files, connections made in the function and passed in.

A DB-API connection has thread affinity and one conversation at a time: its calls stay on
the thread plain code uses, in program order. HTTP reads around the queries may overlap.
The database file is compared after the run (by its SQL dump).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import requests

from tests.xcs.libcorpus._case import Case, Env

DB = "db"


def make_db(env: Env) -> None:
    with sqlite3.connect(env.tmp / "shop.db") as conn:
        conn.execute("CREATE TABLE items (name TEXT PRIMARY KEY, price INTEGER)")
        conn.executemany("INSERT INTO items VALUES (?, ?)",
                         [("apple", 3), ("bread", 5), ("cheese", 9)])
    conn.close()


def _path(env: Env) -> tuple:
    return (str(env.tmp / "shop.db"),)


def _conn(env: Env) -> tuple:
    return (env.own(sqlite3.connect(env.tmp / "shop.db")),)


def shared_connection_two_queries(path: str) -> tuple[list, int]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, price FROM items ORDER BY name").fetchall()
    total = conn.execute("SELECT SUM(price) FROM items").fetchone()[0]
    conn.close()
    return rows, total


def sqlite_connection_passed_in(conn: sqlite3.Connection) -> tuple[int, int]:
    cheap = conn.execute("SELECT COUNT(*) FROM items WHERE price < 5").fetchone()[0]
    dear = conn.execute("SELECT COUNT(*) FROM items WHERE price >= 5").fetchone()[0]
    return cheap, dear


def insert_then_count(path: str) -> int:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO items VALUES ('dates', 7)")
    conn.commit()
    count = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    conn.close()
    return count


def context_manager_then_new_connection(path: str) -> list:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE items SET price = price + 1")
    conn.close()
    reader = sqlite3.connect(path)
    try:
        return reader.execute("SELECT price FROM items ORDER BY name").fetchall()
    finally:
        reader.close()


def lookup_then_fetch(path: str, base: str) -> list[str]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM items ORDER BY name")]
    conn.close()
    return [requests.get(f"{base}/items/{n}").json()["value"] for n in names]


def fetch_then_insert(path: str, base: str) -> list:
    a = requests.get(f"{base}/items/kiwi").json()["value"]
    b = requests.get(f"{base}/items/lime").json()["value"]
    c = requests.get(f"{base}/items/mango").json()["value"]
    conn = sqlite3.connect(path)
    for name in (a, b, c):
        conn.execute("INSERT INTO items VALUES (?, ?)", (name, len(name)))
    conn.commit()
    rows = conn.execute("SELECT name FROM items ORDER BY rowid").fetchall()
    conn.close()
    return rows


def cursor_rows_drive_requests(conn: sqlite3.Connection, base: str) -> list[tuple[str, str]]:
    out = []
    for name, price in conn.execute("SELECT name, price FROM items ORDER BY price"):
        out.append((name, requests.get(f"{base}/items/{name}?ms={40 + price}").json()["value"]))
    return out


def write_through_two_connections(path: str) -> tuple[list, list]:
    writer = sqlite3.connect(path)
    reader = sqlite3.connect(path)
    writer.execute("DELETE FROM items WHERE name = 'apple'")
    before_commit = reader.execute("SELECT name FROM items ORDER BY name").fetchall()
    writer.commit()
    after_commit = reader.execute("SELECT name FROM items ORDER BY name").fetchall()
    writer.close()
    reader.close()
    return before_commit, after_commit


def new_database_file(folder: str) -> list:
    path = Path(folder) / "fresh.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE log (n INTEGER)")
    conn.executemany("INSERT INTO log VALUES (?)", [(i,) for i in range(5)])
    conn.commit()
    rows = conn.execute("SELECT n * n FROM log").fetchall()
    conn.close()
    return rows


CASES = [
    Case(DB, shared_connection_two_queries, args=_path, setup=make_db, calls=4),
    Case(DB, sqlite_connection_passed_in, args=_conn, setup=make_db, calls=4),
    Case(DB, insert_then_count, args=_path, setup=make_db),
    Case(DB, context_manager_then_new_connection, args=_path, setup=make_db),
    Case(DB, lookup_then_fetch, args=lambda env: (*_path(env), env.web), setup=make_db,
         servers="web", ideal=3.0, overlap=3),
    Case(DB, fetch_then_insert, args=lambda env: (*_path(env), env.web), setup=make_db,
         servers="web", ideal=3.0, overlap=3),
    # the reads per row (43, 45, 49 ms) could overlap; the cursor stays on its thread
    Case(DB, cursor_rows_drive_requests, args=lambda env: (*_conn(env), env.web),
         setup=make_db, servers="web", ideal=2.8, overlap=3),
    Case(DB, write_through_two_connections, args=_path, setup=make_db),
    Case(DB, new_database_file, args=lambda env: (str(env.tmp),)),
]
