"""Red-team cases (stop 224): databases, round three: one file, several connections.

Each case opens the same SQLite file (or a `dbm` / `shelve` store) through more than one
handle, or runs Python of its own inside a database call, beside GETs and PUTs of the
corpus's web server and model calls of the openai SDK on its API server. Model calls may
cross writes of this machine's databases and files (docs/jit.md, *Resources*); a read of a
server on this machine may not. So the adversarial shapes are:

- Python that a database call runs (a function made with ``create_function``, an
  aggregate, a trace callback, an authoriser, a progress handler, an adapter, a converter,
  a row factory, a backup's progress callback, a pickled object's ``__getstate__`` in a
  shelf) that PUTs to the API server, or changes the state a later model call's prompt is
  made from: the model call written after the database call must not be sent before it.
- Visibility between connections: a write on one connection, read on another before and
  after the commit, ``isolation_level=None``, WAL snapshots, ``with conn:`` committing or
  rolling back, ``executescript``'s implicit COMMIT, an attached second database, a
  cursor held open (a SHARED lock) while another connection tries to commit.
- The database file read as a file: ``os.path.getsize``, ``open(p, "rb")``, the journal's
  and the WAL's existence and size, ``VACUUM INTO``, ``conn.backup``, ``iterdump``.
- Where overlap is correct: model calls between database writes, GETs feeding
  ``executemany``, the rows of a SELECT fanned out to GETs or model calls.

Each function uses its own database file in the run's fresh directory; the harness
compares the files it leaves (a SQLite file by its dump).
"""

# ruff: noqa: S608, SIM105, SIM115, SIM118

from __future__ import annotations

import collections
import dbm
import os
import shelve
import sqlite3
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client, serial_ideal

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

LOG = corpus_logger("r224")
DB = "db"
LLM_LAT = 0.1


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 30) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(client: Any, text: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": text}])
    return (r.choices[0].message.content or "")[:20]


def _make_db(path: Path, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    with conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
                     "price INTEGER)")
        conn.executemany("INSERT INTO items (name, price) VALUES (?, ?)",
                         [("apple", 3), ("bread", 5), ("cheese", 9)])
    conn.close()


def make_db(env: Env) -> None:
    _make_db(env.tmp / "r224.db")


def make_wal(env: Env) -> None:
    _make_db(env.tmp / "r224.db", wal=True)


def make_two(env: Env) -> None:
    _make_db(env.tmp / "r224.db")
    aux = sqlite3.connect(env.tmp / "aux.db")
    with aux:
        aux.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    aux.close()


def _db_web(env: Env) -> tuple:
    return (str(env.tmp / "r224.db"), env.web)


def _db_llm(env: Env) -> tuple:
    return (str(env.tmp / "r224.db"), openai_client(env), env.api)


def _dir_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _dir_llm(env: Env) -> tuple:
    return (str(env.tmp), openai_client(env), env.api)


def _count(conn: sqlite3.Connection, table: str = "items") -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# ------------------------------------------------------------ several connections, one file


def r224_commit_then_second_conn_sees(path: str, web: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    name = _get(web, "fresh", 40)
    w.execute("INSERT INTO items (name, price) VALUES (?, 7)", (name,))
    before = _count(r)
    w.commit()
    after = _count(r)
    other = _get(web, "other", 40)
    w.close()
    r.close()
    return [name, before, after, other]


def r224_uncommitted_hidden_models_between(path: str, client: Any, api: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    w.execute("INSERT INTO items (name, price) VALUES ('draft', 1)")
    a = _ask(client, "first question")
    before = _count(r)
    w.commit()
    b = _ask(client, "second question")
    after = _count(r)
    w.close()
    r.close()
    return [a, before, b, after]


def r224_autocommit_visible_at_once(path: str, web: str) -> list[Any]:
    w = sqlite3.connect(path, isolation_level=None)
    r = sqlite3.connect(path)
    w.execute("INSERT INTO items (name, price) VALUES (?, 2)", (_get(web, "auto", 40),))
    seen = _count(r)
    version = _put(web, "count", str(seen))
    back = _get(web, "count", 40)
    w.close()
    r.close()
    return [seen, version, back]


def r224_wal_snapshot_reader(path: str, client: Any, api: str) -> list[Any]:
    r = sqlite3.connect(path, isolation_level=None)
    w = sqlite3.connect(path)
    r.execute("BEGIN")
    n0 = _count(r)
    w.execute("INSERT INTO items (name, price) VALUES ('late', 4)")
    w.commit()
    a = _ask(client, "while the snapshot is held")
    n1 = _count(r)
    r.execute("COMMIT")
    n2 = _count(r)
    b = _ask(client, f"after {n2}")
    r.close()
    w.close()
    return [n0, a, n1, n2, b]


def r224_wal_file_grows_then_checkpoint(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO items (name, price) VALUES (?, 1)", (_get(web, "w", 40),))
    conn.commit()
    grown = os.path.getsize(path + "-wal") > 0
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    emptied = os.path.getsize(path + "-wal")
    other = _get(web, "other", 40)
    conn.close()
    return [grown, emptied, other]


def r224_with_conn_rolls_back_on_error(path: str, web: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    try:
        with w:
            w.execute("INSERT INTO items (name, price) VALUES (?, 1)", (_get(web, "x", 40),))
            if _get(web, "flag", 40) == "v-flag":
                raise ValueError("flag says no")
    except ValueError as exc:
        reason = str(exc)
    seen = _count(r)
    _put(web, "seen", str(seen))
    w.close()
    r.close()
    return [reason, seen]


def r224_with_conn_integrity_error_rolls_back(path: str, client: Any, api: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    try:
        with w:
            w.execute("INSERT INTO items (name, price) VALUES ('fig', 1)")
            w.execute("INSERT INTO items (name, price) VALUES ('apple', 1)")
    except sqlite3.IntegrityError as exc:
        err = type(exc).__name__
    a = _ask(client, "after the rollback")
    n = _count(r)
    w.close()
    r.close()
    return [err, a, n]


def _add(path: str, name: str) -> int:
    conn = sqlite3.connect(path)
    with conn:
        rid = conn.execute("INSERT INTO items (name, price) VALUES (?, 1)", (name,)).lastrowid
    conn.close()
    return rid


def _rows(path: str) -> int:
    conn = sqlite3.connect(path)
    n = _count(conn)
    conn.close()
    return n


def _names(path: str) -> list[str]:
    conn = sqlite3.connect(path)
    out = [n for (n,) in conn.execute("SELECT name FROM items ORDER BY id")]
    conn.close()
    return out


def r224_helper_connections_write_then_read(path: str, web: str) -> list[Any]:
    n0 = _rows(path)
    _add(path, _get(web, "a", 40))
    n1 = _rows(path)
    b = _get(web, "b", 40)
    _add(path, b)
    n2 = _rows(path)
    return [n0, n1, b, n2]


def r224_helper_read_after_model_and_write(path: str, client: Any, api: str) -> list[Any]:
    _add(path, "mango")
    a = _ask(client, "which fruit")
    n = _rows(path)
    b = _ask(client, f"there are {n}")
    return [a, n, b]


def r224_helper_read_before_helper_write(path: str, client: Any, api: str) -> list[Any]:
    before = _names(path)
    a = _ask(client, "name a fruit")
    _add(path, a[:8] or "empty")
    after = _names(path)
    return [before, a, after]


def r224_lastrowid_feeds_put(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    name = _get(web, "incoming", 40)
    cur = conn.execute("INSERT INTO items (name, price) VALUES (?, 6)", (name,))
    rid = cur.lastrowid
    conn.commit()
    _put(web, f"row{rid}", name)
    back = _get(web, f"row{rid}", 40)
    conn.close()
    return [rid, back]


def r224_lastrowid_loop_puts(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    out = []
    for k in ("p", "q", "r"):
        v = _get(web, k, 30)
        rid = conn.execute("INSERT INTO items (name, price) VALUES (?, 0)", (v,)).lastrowid
        _put(web, f"row{rid}", v)
        out.append(rid)
    conn.commit()
    seen = [_get(web, f"row{rid}", 30) for rid in out]
    conn.close()
    return [out, seen]


def r224_lastrowid_other_conn_reads_row(path: str, client: Any, api: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    rid = w.execute("INSERT INTO items (name, price) VALUES ('pear', 8)").lastrowid
    a = _ask(client, f"row {rid}")
    missing = r.execute("SELECT name FROM items WHERE id = ?", (rid,)).fetchone()
    w.commit()
    found = r.execute("SELECT name FROM items WHERE id = ?", (rid,)).fetchone()
    _put(api, "row", str(found))
    w.close()
    r.close()
    return [rid, a, missing, found]


def r224_executemany_gets_then_other_conn(path: str, web: str) -> list[Any]:
    values = [_get(web, k, 50) for k in ("m1", "m2", "m3")]
    w = sqlite3.connect(path)
    w.executemany("INSERT INTO items (name, price) VALUES (?, ?)",
                  [(v, len(v)) for v in values])
    r = sqlite3.connect(path)
    before = _count(r)
    w.commit()
    after = _count(r)
    w.close()
    r.close()
    return [values, before, after]


def r224_executescript_commits_pending(path: str, web: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    w.execute("INSERT INTO items (name, price) VALUES ('plum', 2)")
    before = _count(r)
    tag = _get(web, "tag", 40)
    w.executescript(f"UPDATE items SET price = 0 WHERE name = 'plum'; "
                    f"INSERT INTO items (name, price) VALUES ('{tag}', 1);")
    after = _count(r)
    w.close()
    r.close()
    return [before, tag, after]


def r224_executescript_begin_rollback(path: str, client: Any, api: str) -> list[Any]:
    w = sqlite3.connect(path)
    r = sqlite3.connect(path)
    w.executescript("BEGIN; DELETE FROM items; ROLLBACK;")
    a = _ask(client, "are the rows there")
    n = _count(r)
    w.executescript("BEGIN; DELETE FROM items WHERE price > 4; COMMIT;")
    b = _ask(client, "and now")
    m = _count(r)
    w.close()
    r.close()
    return [a, n, b, m]


def r224_attach_second_db_write_read(tmp: str, web: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.execute("ATTACH DATABASE ? AS aux", (os.path.join(tmp, "aux.db"),))
    body = _get(web, "note", 40)
    conn.execute("INSERT INTO aux.notes (body) VALUES (?)", (body,))
    other = sqlite3.connect(os.path.join(tmp, "aux.db"))
    before = _count(other, "notes")
    conn.commit()
    after = _count(other, "notes")
    v = _get(web, "more", 40)
    conn.close()
    other.close()
    return [before, after, v]


def r224_attach_uncommitted_models_between(tmp: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.execute("ATTACH DATABASE ? AS aux", (os.path.join(tmp, "aux.db"),))
    conn.execute("INSERT INTO aux.notes (body) SELECT name FROM main.items")
    a = _ask(client, "copied?")
    other = sqlite3.connect(os.path.join(tmp, "aux.db"))
    before = _count(other, "notes")
    conn.commit()
    b = _ask(client, "committed?")
    after = _count(other, "notes")
    conn.close()
    other.close()
    return [a, before, b, after]


def r224_attach_then_getsize_of_aux(tmp: str, web: str) -> list[Any]:
    aux = os.path.join(tmp, "aux.db")
    size0 = os.path.getsize(aux)
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.execute("ATTACH DATABASE ? AS aux", (aux,))
    conn.execute("INSERT INTO aux.notes (body) VALUES (?)", ("x" * 9000,))
    conn.commit()
    size1 = os.path.getsize(aux)
    v = _get(web, "v", 40)
    conn.close()
    return [size0, size1 > size0, v]


def r224_busy_writer_locked_out(path: str, client: Any, api: str) -> list[Any]:
    a = sqlite3.connect(path, isolation_level=None)
    b = sqlite3.connect(path, timeout=0.02)
    a.execute("BEGIN IMMEDIATE")
    a.execute("INSERT INTO items (name, price) VALUES ('first', 1)")
    q = _ask(client, "who writes")
    try:
        b.execute("INSERT INTO items (name, price) VALUES ('second', 1)")
        b.commit()
        got = "written"
    except sqlite3.OperationalError as exc:
        got = str(exc)
    a.execute("COMMIT")
    r = _ask(client, got)
    n = _count(b)
    a.close()
    b.close()
    return [q, got, r, n]


# ------------------------------------------------------------ Python run inside a database call


def r224_udf_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    before = _get(api, "udf", 40)
    conn = sqlite3.connect(path)
    conn.create_function("publish", 1, lambda v: _put(api, "udf", v))
    version = conn.execute("SELECT publish('from-sql')").fetchone()[0]
    a = _ask(client, "what was published")
    seen = _get(api, "udf", 30)
    conn.close()
    return [before, version, a, seen]


def r224_udf_collects_prompt(path: str, client: Any, api: str) -> list[Any]:
    seen: list[str] = []
    conn = sqlite3.connect(path)
    conn.create_function("see", 1, lambda s: seen.append(s) or s.upper())
    upper = conn.execute("SELECT see(name) FROM items ORDER BY id").fetchall()
    answer = _ask(client, ", ".join(seen))
    conn.close()
    return [upper, answer]


STATE: dict[str, Any] = {}


def _remember(v: str) -> int:
    STATE["last"] = v
    return len(v)


def r224_udf_sets_global_then_model(path: str, client: Any, api: str) -> list[Any]:
    STATE["last"] = "none"
    conn = sqlite3.connect(path)
    conn.create_function("remember", 1, _remember)
    n = conn.execute("SELECT remember(name) FROM items ORDER BY id DESC").fetchall()
    answer = _ask(client, f"last was {STATE['last']}")
    conn.close()
    return [n, answer]


def r224_udf_does_get(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.create_function("fetch", 1, lambda k: _get(web, k, 20))
    rows = conn.execute("SELECT fetch(name) FROM items ORDER BY id").fetchall()
    _put(web, "bread", "changed")
    again = conn.execute("SELECT fetch('bread')").fetchone()[0]
    conn.close()
    return [rows, again]


def _checked_price(v: int) -> int:
    if v > 8:
        raise ValueError(f"price {v} too high")
    return v


def r224_udf_raises_then_model(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.create_function("checked", 1, _checked_price)
    ok = conn.execute("SELECT checked(price) FROM items WHERE price < 8").fetchall()
    try:
        conn.execute("SELECT checked(price) FROM items").fetchall()
        status = "fine"
    except sqlite3.OperationalError as exc:
        status = str(exc)
    a = _ask(client, status)
    conn.close()
    return [ok, status, a]


def r224_udf_raises_uncaught(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.create_function("checked", 1, _checked_price)
    try:
        rows = conn.execute("SELECT checked(price) FROM items").fetchall()
        a = _ask(client, f"rows {rows}")
    finally:
        conn.close()
    return [rows, a]


class PushSum:
    API = ""

    def __init__(self) -> None:
        self.total = 0

    def step(self, v: int) -> None:
        self.total += v

    def finalize(self) -> int:
        _put(PushSum.API, "sum", str(self.total))
        return self.total


def r224_aggregate_finalize_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    PushSum.API = api
    before = _get(api, "sum", 40)
    conn = sqlite3.connect(path)
    conn.create_aggregate("pushsum", 1, PushSum)
    total = conn.execute("SELECT pushsum(price) FROM items").fetchone()[0]
    a = _ask(client, "the sum is out")
    seen = _get(api, "sum", 30)
    conn.close()
    return [before, total, a, seen]


class Tally:
    finished = 0

    def __init__(self) -> None:
        self.n = 0

    def step(self, v: Any) -> None:
        self.n += 1

    def finalize(self) -> int:
        Tally.finished += 1
        return self.n


def r224_aggregate_class_counter_prompt(path: str, client: Any, api: str) -> list[Any]:
    Tally.finished = 0
    conn = sqlite3.connect(path)
    conn.create_aggregate("tally", 1, Tally)
    n = conn.execute("SELECT tally(name) FROM items").fetchone()[0]
    a = _ask(client, f"finished {Tally.finished}")
    m = conn.execute("SELECT tally(price) FROM items WHERE price > 4").fetchone()[0]
    b = _ask(client, f"finished {Tally.finished}")
    conn.close()
    return [n, a, m, b]


def r224_trace_callback_prints_statements(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.set_trace_callback(lambda sql: print("trace:", sql))
    a = _get(web, "a", 40)
    conn.execute("INSERT INTO items (name, price) VALUES (?, 1)", (a,))
    b = _get(web, "b", 40)
    conn.execute("UPDATE items SET price = 2 WHERE name = ?", (b,))
    conn.commit()
    print("done")
    conn.close()
    return [a, b]


def r224_trace_callback_prints_beside_models(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.set_trace_callback(print)
    a = _ask(client, "first")
    conn.execute("INSERT INTO items (name, price) VALUES ('t1', 1)")
    print("asked", a)
    b = _ask(client, "second")
    conn.execute("INSERT INTO items (name, price) VALUES ('t2', 1)")
    conn.commit()
    print("asked", b)
    conn.close()
    return [a, b]


def r224_trace_callback_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    before = _get(api, "trace", 40)
    conn = sqlite3.connect(path)
    conn.set_trace_callback(lambda sql: _put(api, "trace", sql.split()[0]))
    conn.execute("DELETE FROM items WHERE name = 'apple'")
    a = _ask(client, "deleted?")
    conn.commit()
    conn.set_trace_callback(None)
    seen = _get(api, "trace", 30)
    conn.close()
    return [before, a, seen]


def r224_trace_callback_collects_prompt(path: str, client: Any, api: str) -> list[Any]:
    statements: list[str] = []
    conn = sqlite3.connect(path)
    conn.set_trace_callback(statements.append)
    conn.execute("UPDATE items SET price = price * 2")
    a = _ask(client, f"{len(statements)} statements: {statements[-1]}")
    conn.commit()
    conn.close()
    return [a, len(statements)]


def r224_trace_callback_logs(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.set_trace_callback(lambda sql: LOG.info("sql %s", sql))
    a = _get(web, "a", 40)
    LOG.info("got %s", a)
    conn.execute("INSERT INTO items (name, price) VALUES (?, 3)", (a,))
    conn.commit()
    b = _get(web, "b", 40)
    LOG.info("got %s", b)
    conn.close()
    return [a, b]


def r224_trace_callback_file_then_read(tmp: str, web: str) -> list[Any]:
    log_path = os.path.join(tmp, "trace.log")

    def trace(sql: str) -> None:
        with open(log_path, "a") as f:
            f.write(sql + "\n")
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.set_trace_callback(trace)
    conn.execute("INSERT INTO items (name, price) VALUES (?, 1)", (_get(web, "k", 40),))
    conn.commit()
    text = Path(log_path).read_text()
    v = _get(web, "other", 40)
    conn.close()
    return [text.count("\n"), v]


def r224_authorizer_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    denied: list[str] = []

    def auth(action: int, arg1: Any, arg2: Any, db: Any, trigger: Any) -> int:
        if action == sqlite3.SQLITE_DELETE and _get(api, "policy", 40) == "v-policy":
            denied.append(str(arg1))
            _put(api, "denied", str(arg1))
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    before = _get(api, "denied", 40)
    conn = sqlite3.connect(path)
    conn.set_authorizer(auth)
    try:
        conn.execute("DELETE FROM items")
    except sqlite3.DatabaseError as exc:
        err = str(exc)
    a = _ask(client, "was it denied")
    conn.close()
    return [before, err, denied, a]


def r224_authorizer_collects_prompt(path: str, client: Any, api: str) -> list[Any]:
    reads: list[str] = []

    def auth(action: int, arg1: Any, arg2: Any, db: Any, trigger: Any) -> int:
        if action == sqlite3.SQLITE_READ:
            reads.append(f"{arg1}.{arg2}")
        return sqlite3.SQLITE_OK
    conn = sqlite3.connect(path)
    conn.set_authorizer(auth)
    conn.execute("SELECT name, price FROM items WHERE id = 1").fetchone()
    a = _ask(client, "columns read: " + " ".join(reads))
    conn.close()
    return [reads, a]


TRACED: dict[str, Any] = {"n": 0}


def _count_statement(sql: str) -> None:
    TRACED["n"] += 1
    TRACED["last"] = sql.split()[0]


def r224_trace_callback_global_prompt(path: str, client: Any, api: str) -> list[Any]:
    TRACED.update(n=0, last="")
    conn = sqlite3.connect(path)
    conn.set_trace_callback(_count_statement)
    conn.execute("UPDATE items SET price = 1 WHERE id = 1")
    conn.commit()
    a = _ask(client, f"{TRACED['n']} statements, last {TRACED['last']}")
    conn.close()
    return [TRACED["n"], a]


def _traced(path: str, api: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.set_trace_callback(lambda sql: _put(api, "audit", sql.split()[0]))
    return conn


def r224_trace_set_in_helper_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    before = _get(api, "audit", 40)
    conn = _traced(path, api)
    conn.execute("UPDATE items SET price = 0 WHERE id = 2")
    conn.commit()
    a = _ask(client, "audited?")
    conn.close()
    return [before, a, _get(api, "audit", 30)]


def r224_progress_handler_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    told: list[int] = []

    def tick() -> int:
        if not told:
            told.append(_put(api, "progress", "started"))
        return 0
    before = _get(api, "progress", 40)
    conn = sqlite3.connect(path)
    conn.set_progress_handler(tick, 1)
    n = _count(conn)
    a = _ask(client, "counted")
    conn.close()
    return [before, n, a, len(told)]


def r224_collation_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    def by_length(x: str, y: str) -> int:
        _put(api, "compared", f"{x}|{y}")
        return len(x) - len(y) or (x > y) - (x < y)
    before = _get(api, "compared", 40)
    conn = sqlite3.connect(path)
    conn.create_collation("bylength", by_length)
    rows = conn.execute("SELECT name FROM items WHERE id < 3 "
                        "ORDER BY name COLLATE bylength").fetchall()
    a = _ask(client, "sorted")
    conn.close()
    return [before, rows, a]


class WindowPush:
    API = ""

    def __init__(self) -> None:
        self.total = 0

    def step(self, v: int) -> None:
        self.total += v

    def inverse(self, v: int) -> None:
        self.total -= v

    def value(self) -> int:
        return self.total

    def finalize(self) -> int:
        _put(WindowPush.API, "window", str(self.total))
        return self.total


def r224_window_function_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    WindowPush.API = api
    before = _get(api, "window", 40)
    conn = sqlite3.connect(path)
    conn.create_window_function("pushsum", 1, WindowPush)
    rows = conn.execute("SELECT name, pushsum(price) OVER (ORDER BY id ROWS BETWEEN "
                        "1 PRECEDING AND CURRENT ROW) FROM items ORDER BY id").fetchall()
    a = _ask(client, "windowed")
    conn.close()
    return [before, rows, a]


def r224_progress_handler_counts_prompt(path: str, client: Any, api: str) -> list[Any]:
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0
    conn = sqlite3.connect(path)
    conn.set_progress_handler(tick, 1)
    conn.execute("SELECT COUNT(*) FROM items").fetchone()
    conn.set_progress_handler(None, 0)
    a = _ask(client, f"ticked {ticks[0] > 0}")
    conn.close()
    return [ticks[0] > 0, a]


def r224_collation_prints_between_gets(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)

    def backwards(x: str, y: str) -> int:
        print("cmp", x, y)
        return (x < y) - (x > y)
    conn.create_collation("backwards", backwards)
    a = _get(web, "a", 40)
    print("got", a)
    rows = conn.execute("SELECT name FROM items ORDER BY name COLLATE backwards").fetchall()
    b = _get(web, "b", 40)
    print("got", b)
    conn.close()
    return [a, rows, b]


def _open_publishing(path: str, api: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.create_function("publish", 1, lambda v: _put(api, "helper-udf", v))
    return conn


def r224_helper_registers_udf_then_model(path: str, client: Any, api: str) -> list[Any]:
    before = _get(api, "helper-udf", 40)
    conn = _open_publishing(path, api)
    conn.execute("SELECT publish(name) FROM items WHERE id = 2").fetchall()
    a = _ask(client, "after the helper's function")
    seen = _get(api, "helper-udf", 30)
    conn.close()
    return [before, a, seen]


def r224_backup_progress_puts_then_model(tmp: str, client: Any, api: str) -> list[Any]:
    src = sqlite3.connect(os.path.join(tmp, "r224.db"))
    dst = sqlite3.connect(os.path.join(tmp, "copy.db"))
    src.backup(dst, pages=1,
               progress=lambda status, remaining, total: _put(api, "backup", str(remaining)))
    a = _ask(client, "backed up")
    dst.close()
    src.close()
    return [a, _get(api, "backup", 30)]


def _udf_conn(env: Env) -> tuple:
    conn = env.own(sqlite3.connect(env.tmp / "r224.db"))
    api = env.api
    conn.create_function("publish", 1, lambda v: _put(api, "handed", v))
    return (conn, openai_client(env), env.api)


def r224_handed_in_udf_puts_then_model(conn: sqlite3.Connection, client: Any,
                                       api: str) -> list[Any]:
    before = _get(api, "handed", 40)
    conn.execute("SELECT publish(name) FROM items WHERE id = 3").fetchone()
    a = _ask(client, "published by a handed-in connection")
    return [before, a, _get(api, "handed", 30)]


def _trace_conn(env: Env) -> tuple:
    conn = env.own(sqlite3.connect(env.tmp / "r224.db"))
    api = env.api
    conn.set_trace_callback(lambda sql: _put(api, "handed-trace", sql.split()[0]))
    return (conn, openai_client(env), env.api)


def r224_handed_in_trace_puts_then_model(conn: sqlite3.Connection, client: Any,
                                         api: str) -> list[Any]:
    before = _get(api, "handed-trace", 40)
    n = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    a = _ask(client, "counted by a handed-in connection")
    return [before, n, a, _get(api, "handed-trace", 30)]


def r224_with_conn_commit_traced_then_model(path: str, client: Any, api: str) -> list[Any]:
    def on_commit(sql: str) -> None:
        if sql.startswith("COMMIT"):
            _put(api, "committed", sql)
    before = _get(api, "committed", 40)
    conn = sqlite3.connect(path)
    conn.set_trace_callback(on_commit)
    with conn:
        conn.execute("INSERT INTO items (name, price) VALUES (?, 1)", (_get(api, "w", 40),))
    a = _ask(client, "after the with block")
    conn.close()
    return [before, a, _get(api, "committed", 30)]


class AuditedConnection(sqlite3.Connection):
    API = ""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        _put(AuditedConnection.API, "audit", sql.split()[0])
        return super().execute(sql, *args)


def r224_connection_subclass_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    AuditedConnection.API = api
    before = _get(api, "audit", 40)
    conn = sqlite3.connect(path, factory=AuditedConnection)
    conn.execute("UPDATE items SET price = 2 WHERE id = 1")
    conn.commit()
    a = _ask(client, "after the audited update")
    conn.close()
    return [before, a, _get(api, "audit", 30)]


class LoudCursor(sqlite3.Cursor):
    API = ""

    def execute(self, sql: str, *args: Any) -> LoudCursor:
        _put(LoudCursor.API, "cursor", sql.split()[0])
        return super().execute(sql, *args)


def r224_cursor_factory_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    LoudCursor.API = api
    before = _get(api, "cursor", 40)
    conn = sqlite3.connect(path)
    cur = conn.cursor(factory=LoudCursor)
    cur.execute("DELETE FROM items WHERE id = 3")
    conn.commit()
    a = _ask(client, "after the loud delete")
    conn.close()
    return [before, a, _get(api, "cursor", 30)]


# ------------------------------------------------------------ adapters, converters, row factories


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


class Sent:
    API = ""

    def __init__(self, text: str) -> None:
        self.text = text

    def __conform__(self, protocol: Any) -> str:
        if protocol is sqlite3.PrepareProtocol:
            _put(Sent.API, "conform", self.text)
            return self.text
        return None  # type: ignore[return-value]


def r224_adapter_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    def adapt(p: Point) -> str:
        _put(api, "adapted", f"{p.x};{p.y}")
        return f"{p.x};{p.y}"
    sqlite3.register_adapter(Point, adapt)
    try:
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO items (name, price) VALUES (?, 0)", (Point(1, 2),))
        a = _ask(client, "stored a point")
        conn.commit()
        conn.close()
    finally:
        sqlite3.adapters.pop((Point, sqlite3.PrepareProtocol), None)
    return [a, _get(api, "adapted", 30)]


def r224_conform_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    Sent.API = api
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO items (name, price) VALUES (?, 0)", (Sent("hello"),))
    a = _ask(client, "conformed")
    conn.commit()
    conn.close()
    return [a, _get(api, "conform", 30)]


def r224_adapter_counts_prompt(path: str, client: Any, api: str) -> list[Any]:
    adapted: list[str] = []

    def adapt(p: Point) -> str:
        adapted.append(f"{p.x},{p.y}")
        return adapted[-1]
    sqlite3.register_adapter(Point, adapt)
    try:
        conn = sqlite3.connect(path)
        conn.executemany("INSERT INTO items (name, price) VALUES (?, 0)",
                         [(Point(i, i * i),) for i in range(3)])
        a = _ask(client, " ".join(adapted))
        conn.commit()
        conn.close()
    finally:
        sqlite3.adapters.pop((Point, sqlite3.PrepareProtocol), None)
    return [a, adapted]


def r224_converter_prints_between_gets(path: str, web: str) -> list[Any]:
    def convert(b: bytes) -> Point:
        print("converting", b)
        x, y = map(int, b.split(b";"))
        return Point(x, y)
    sqlite3.register_converter("point", convert)
    try:
        conn = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
        conn.execute("CREATE TABLE spots (id INTEGER PRIMARY KEY, p point)")
        conn.executemany("INSERT INTO spots (p) VALUES (?)", [("1;2",), ("3;4",)])
        a = _get(web, "a", 40)
        print("got", a)
        pts = [(p.x, p.y) for (p,) in conn.execute("SELECT p FROM spots ORDER BY id")]
        b = _get(web, "b", 40)
        print("got", b)
        conn.commit()
        conn.close()
    finally:
        sqlite3.converters.pop("POINT", None)
    return [a, pts, b]


def r224_converter_collects_prompt(path: str, client: Any, api: str) -> list[Any]:
    raw: list[bytes] = []

    def convert(b: bytes) -> int:
        raw.append(b)
        return int(b) * 100
    sqlite3.register_converter("cents", convert)
    try:
        conn = sqlite3.connect(path, detect_types=sqlite3.PARSE_COLNAMES)
        prices = conn.execute('SELECT price AS "p [cents]" FROM items ORDER BY id').fetchall()
        a = _ask(client, b",".join(raw).decode())
        conn.close()
    finally:
        sqlite3.converters.pop("CENTS", None)
    return [prices, a]


def r224_converter_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    def convert(b: bytes) -> str:
        _put(api, "converted", b.decode())
        return b.decode().title()
    sqlite3.register_converter("label", convert)
    try:
        conn = sqlite3.connect(path, detect_types=sqlite3.PARSE_COLNAMES)
        row = conn.execute('SELECT name AS "n [label]" FROM items WHERE id = 3').fetchone()
        a = _ask(client, "converted")
        conn.close()
    finally:
        sqlite3.converters.pop("LABEL", None)
    return [row, a, _get(api, "converted", 30)]


def r224_loop_registers_converter_models(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
    out: list[Any] = []
    try:
        for name, price in conn.execute("SELECT name, price FROM items ORDER BY id"):
            out.append((_ask(client, name), price))
            sqlite3.register_converter("INTEGER", lambda b: int(b) * 100)
    finally:
        sqlite3.converters.pop("INTEGER", None)
    conn.close()
    return out


def r224_row_factory_puts_then_model(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)

    def factory(cursor: sqlite3.Cursor, row: tuple) -> str:
        _put(api, "row", str(row[0]))
        return row[0]
    conn.row_factory = factory
    first = conn.execute("SELECT name FROM items ORDER BY id").fetchone()
    a = _ask(client, "a row was read")
    conn.close()
    return [first, a, _get(api, "row", 30)]


def r224_row_factory_collects_prompt(path: str, client: Any, api: str) -> list[Any]:
    made: list[str] = []
    conn = sqlite3.connect(path)

    def factory(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
        d = {c[0]: v for c, v in zip(cursor.description, row, strict=True)}
        made.append(d["name"])
        return d
    conn.row_factory = factory
    rows = conn.execute("SELECT name, price FROM items ORDER BY id").fetchmany(2)
    a = _ask(client, "/".join(made))
    conn.close()
    return [rows, a]


Item = collections.namedtuple("Item", "name price")


def r224_namedtuple_rows_then_models(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.row_factory = lambda cursor, row: Item(*row)
    items = conn.execute("SELECT name, price FROM items ORDER BY id").fetchall()
    conn.close()
    return [_ask(client, f"{it.name} costs {it.price}") for it in items]


def r224_journal_exists_mid_transaction(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO items (name, price) VALUES ('j', 1)")
    a = _ask(client, "is there a journal")
    during = os.path.exists(path + "-journal")
    conn.commit()
    after = os.path.exists(path + "-journal")
    conn.close()
    return [a, during, after]


def r224_file_bytes_show_commit(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO items (name, price) VALUES ('marker-xyz', 1)")
    a = _ask(client, "marker")
    with open(path, "rb") as f:
        before = b"marker-xyz" in f.read()
    conn.commit()
    b = _ask(client, "committed")
    with open(path, "rb") as f:
        after = b"marker-xyz" in f.read()
    conn.close()
    return [a, before, b, after]


def r224_read_bytes_after_helper_write(path: str, web: str) -> list[Any]:
    _add(path, "helper-marker")
    present = b"helper-marker" in Path(path).read_bytes()
    v = _get(web, "v", 40)
    return [present, v]


def r224_vacuum_into_then_open(tmp: str, web: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.execute("DELETE FROM items WHERE name = ?", (_get(web, "drop", 40) or "bread",))
    conn.commit()
    target = os.path.join(tmp, "packed.db")
    conn.execute("VACUUM INTO ?", (target,))
    with open(target, "rb") as f:
        head = f.read(15)
    copy = sqlite3.connect(target)
    n = _count(copy)
    copy.close()
    v = _get(web, "after", 40)
    conn.close()
    return [head, n, v]


def r224_backup_then_getsize_and_read(tmp: str, web: str) -> list[Any]:
    src = sqlite3.connect(os.path.join(tmp, "r224.db"))
    src.execute("INSERT INTO items (name, price) VALUES (?, 2)", (_get(web, "b", 40),))
    src.commit()
    target = os.path.join(tmp, "copy.db")
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    size = os.path.getsize(target)
    again = sqlite3.connect(target)
    n = _count(again)
    again.close()
    v = _get(web, "c", 40)
    src.close()
    return [size > 0, n, v]


def r224_backup_after_commit_models_between(tmp: str, client: Any, api: str) -> list[Any]:
    src = sqlite3.connect(os.path.join(tmp, "r224.db"))
    src.execute("INSERT INTO items (name, price) VALUES ('pending', 2)")
    a = _ask(client, "back up now")
    src.commit()
    dst = sqlite3.connect(":memory:")
    src.backup(dst)
    n = _count(dst)
    b = _ask(client, f"copied {n}")
    dst.close()
    src.close()
    return [a, n, b]


def r224_iterdump_to_file_then_read(tmp: str, web: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.execute("INSERT INTO items (name, price) VALUES (?, 4)", (_get(web, "d", 40),))
    conn.commit()
    dump = os.path.join(tmp, "dump.sql")
    with open(dump, "w") as f:
        for line in conn.iterdump():
            f.write(line + "\n")
    text = Path(dump).read_text()
    _put(web, "dump", str(text.count("INSERT")))
    conn.close()
    return [text.count("INSERT"), _get(web, "dump", 30)]


def r224_iterdump_restores_elsewhere(tmp: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(tmp, "r224.db"))
    conn.execute("INSERT INTO items (name, price) VALUES ('dumped', 4)")
    a = _ask(client, "dump it")
    script = "\n".join(conn.iterdump())
    conn.rollback()
    b = _ask(client, "restore it")
    other = sqlite3.connect(os.path.join(tmp, "restored.db"))
    other.executescript(script)
    n = _count(other)
    other.close()
    conn.close()
    return [a, b, n, "dumped" in script]


# ------------------------------------------------------------ cursors walked while other calls run


def r224_held_cursor_blocks_other_commit(path: str, web: str) -> list[Any]:
    r = sqlite3.connect(path)
    w = sqlite3.connect(path, timeout=0.02)
    cur = r.execute("SELECT name FROM items ORDER BY id")
    first = cur.fetchone()[0]
    v = _get(web, first, 40)
    w.execute("INSERT INTO items (name, price) VALUES ('blocked', 1)")
    try:
        w.commit()
        status = "committed"
    except sqlite3.OperationalError as exc:
        status = str(exc)
    rest = [n for (n,) in cur]
    w.rollback()
    w.close()
    r.close()
    return [first, v, status, rest]


def r224_held_cursor_wal_snapshot(path: str, web: str) -> list[Any]:
    r = sqlite3.connect(path)
    w = sqlite3.connect(path)
    cur = r.execute("SELECT name FROM items ORDER BY id")
    first = cur.fetchone()[0]
    w.execute("INSERT INTO items (name, price) VALUES ('walled', 1)")
    w.commit()
    v = _get(web, first, 40)
    rest = [n for (n,) in cur]
    fresh = [n for (n,) in r.execute("SELECT name FROM items ORDER BY id")]
    w.close()
    r.close()
    return [first, v, rest, fresh]


def r224_fetchmany_loop_gets(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO items (name, price) VALUES (?, 1)", [("d",), ("e",)])
    cur = conn.execute("SELECT name FROM items ORDER BY id")
    out = []
    while batch := cur.fetchmany(2):
        for (name,) in batch:
            out.append(_get(web, name, 40))
    conn.rollback()
    conn.close()
    return out


def r224_fetchmany_loop_models(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    cur = conn.execute("SELECT name FROM items ORDER BY id")
    out = []
    while batch := cur.fetchmany(2):
        out.extend(_ask(client, name) for (name,) in batch)
    conn.close()
    return out


def r224_fetchmany_writes_between_batches(path: str, web: str) -> list[Any]:
    r = sqlite3.connect(path)
    w = sqlite3.connect(path, isolation_level=None, timeout=0.02)
    cur = r.execute("SELECT name FROM items ORDER BY id")
    out = []
    while batch := cur.fetchmany(2):
        for (name,) in batch:
            out.append(_get(web, name, 30))
        try:
            w.execute("UPDATE items SET price = 0 WHERE name = ?", (batch[0][0],))
            out.append("updated")
        except sqlite3.OperationalError as exc:
            out.append(str(exc))
    w.close()
    r.close()
    return out


def r224_cursor_lazy_same_conn_inserts(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM items ORDER BY id")
    out = []
    for rid, name in cur:
        out.append((name, _ask(client, name)))
        if rid == 1:
            conn.execute("INSERT INTO items (name, price) VALUES ('zz-added', 1)")
    conn.commit()
    conn.close()
    return out


def r224_walked_select_models_other_conn_after(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    out = []
    for (name,) in conn.execute("SELECT name FROM items ORDER BY id"):
        out.append(_ask(client, name))
    w = sqlite3.connect(path, timeout=0.02)
    w.execute("INSERT INTO items (name, price) VALUES ('after-loop', 1)")
    w.commit()
    w.close()
    conn.close()
    return out


def r224_walked_select_models_overlap(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    out = []
    for (name,) in conn.execute("SELECT name FROM items ORDER BY id"):
        out.append(_ask(client, name))
    conn.close()
    return out


# ------------------------------------------------------------ dbm and shelve


def r224_dbm_write_then_second_handle(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "store")
    with dbm.open(p, "c") as db:
        db["a"] = _get(web, "a", 40)
    with dbm.open(p, "r") as db2:
        v = db2["a"].decode()
    _put(web, "copy", v)
    return [v, _get(web, "copy", 30)]


def r224_dbm_two_handles_open(tmp: str, client: Any, api: str) -> list[Any]:
    p = os.path.join(tmp, "store")
    db = dbm.open(p, "c")
    db["k1"] = "one"
    a = _ask(client, "stored one")
    db2 = dbm.open(p, "r")
    keys = sorted(k.decode() for k in db2.keys())
    db2.close()
    db["k2"] = a
    db.close()
    db3 = dbm.open(p, "r")
    keys3 = sorted(k.decode() for k in db3.keys())
    db3.close()
    return [keys, keys3]


def r224_dbm_getsize_after_store(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "store")
    db = dbm.open(p, "c")
    size0 = os.path.getsize(p + ".dat")
    db["big"] = "z" * 3000
    size1 = os.path.getsize(p + ".dat")
    v = _get(web, "v", 40)
    db.close()
    return [size0, size1, v]


def r224_dbm_model_values_loop(tmp: str, client: Any, api: str) -> list[Any]:
    p = os.path.join(tmp, "store")
    with dbm.open(p, "c") as db:
        for k in ("x", "y", "z"):
            db[k] = _ask(client, k)
        keys = sorted(k.decode() for k in db.keys())
    return keys


def r224_dbm_dir_file_read_after_close(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "store")
    db = dbm.open(p, "c")
    db["first"] = _get(web, "first", 40)
    db["first"] = "a much longer value that no longer fits in its old block " * 20
    before = Path(p + ".dir").read_text()
    db.close()
    after = Path(p + ".dir").read_text()
    return [before == after, after.count("\n")]


def r224_shelve_writeback_sync(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "shelf")
    sh = shelve.open(p, writeback=True)
    sh["list"] = []
    sh["list"].append(_get(web, "a", 40))
    with shelve.open(p, "r") as peek:
        before = list(peek["list"])
    sh.sync()
    with shelve.open(p, "r") as peek:
        after = list(peek["list"])
    sh.close()
    return [before, after]


class Reported:
    API = ""

    def __init__(self, text: str) -> None:
        self.text = text

    def __getstate__(self) -> dict[str, str]:
        _put(Reported.API, "pickled", self.text)
        return {"text": self.text}

    def __setstate__(self, state: dict[str, str]) -> None:
        print("unpickled", state["text"])
        self.text = state["text"]


def r224_shelve_getstate_puts_then_model(tmp: str, client: Any, api: str) -> list[Any]:
    Reported.API = api
    with shelve.open(os.path.join(tmp, "shelf")) as sh:
        sh["obj"] = Reported("shelved")
        a = _ask(client, "stored an object")
    return [a, _get(api, "pickled", 30)]


def r224_shelve_setstate_prints_between_gets(tmp: str, web: str) -> list[Any]:
    Reported.API = web
    p = os.path.join(tmp, "shelf")
    with shelve.open(p) as sh:
        sh["obj"] = Reported("kept")
    a = _get(web, "a", 40)
    print("got", a)
    with shelve.open(p, "r") as sh:
        text = sh["obj"].text
    b = _get(web, "b", 40)
    print("got", b)
    return [a, text, b]


def r224_shelve_values_from_gets_overlap(tmp: str, web: str) -> list[Any]:
    values = {k: _get(web, k, 50) for k in ("s1", "s2", "s3")}
    p = os.path.join(tmp, "shelf")
    with shelve.open(p) as sh:
        sh.update(values)
    with shelve.open(p, "r") as sh:
        return sorted(sh.items())


# ------------------------------------------------------------ where overlap is correct


def r224_models_between_db_writes_overlap(path: str, client: Any, api: str) -> list[Any]:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO items (name, price) VALUES ('q1', 1)")
    a = _ask(client, "q1")
    conn.execute("INSERT INTO items (name, price) VALUES ('q2', 2)")
    b = _ask(client, "q2")
    conn.commit()
    conn.close()
    return [a, b]


def r224_two_models_then_insert_other_conn(path: str, client: Any, api: str) -> list[Any]:
    a = _ask(client, "left")
    b = _ask(client, "right")
    w = sqlite3.connect(path)
    w.executemany("INSERT INTO items (name, price) VALUES (?, 0)", [(a[:10] + "L",),
                                                                     (b[:10] + "R",)])
    w.commit()
    r = sqlite3.connect(path)
    n = _count(r)
    r.close()
    w.close()
    return [a, b, n]


def r224_rows_fetched_then_gets_overlap(path: str, web: str) -> list[Any]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name FROM items ORDER BY id").fetchall()
    conn.close()
    return [_get(web, n, 50) for (n,) in rows]


def r224_helper_names_then_models_overlap(path: str, client: Any, api: str) -> list[Any]:
    names = _names(path)
    return [_ask(client, n) for n in names]


def r224_gets_then_store_then_read_back(path: str, web: str) -> list[Any]:
    a = _get(web, "left", 50)
    b = _get(web, "right", 50)
    w = sqlite3.connect(path)
    with w:
        w.execute("INSERT INTO items (name, price) VALUES (?, 1)", (a,))
        w.execute("INSERT INTO items (name, price) VALUES (?, 2)", (b,))
    w.close()
    return _names(path)


def _db(fn: Any, ideal: float = 1.0, setup: Any = make_db, **kw: Any) -> Case:
    return Case(DB, fn, args=_db_web, servers="web", ideal=ideal, setup=setup, **kw)


def _dir(fn: Any, ideal: float = 1.0, setup: Any = make_two, **kw: Any) -> Case:
    return Case(DB, fn, args=_dir_web, servers="web", ideal=ideal, setup=setup, **kw)


def _llm(fn: Any, ideal: float = 1.0, setup: Any = make_db, **kw: Any) -> Case:
    return Case(DB, fn, args=_db_llm, servers="api", latency=LLM_LAT, ideal=ideal,
                setup=setup, **kw)


def _dllm(fn: Any, ideal: float = 1.0, setup: Any = make_two, **kw: Any) -> Case:
    return Case(DB, fn, args=_dir_llm, servers="api", latency=LLM_LAT, ideal=ideal,
                setup=setup, **kw)


def _si(waits: int, on_path: int) -> float:
    return serial_ideal(1, waits, on_path, LLM_LAT)


ALL += [
    # several connections, one file
    _db(r224_commit_then_second_conn_sees),
    _llm(r224_uncommitted_hidden_models_between, _si(2, 1)),  # both asks may cross the writes
    _db(r224_autocommit_visible_at_once),
    _llm(r224_wal_snapshot_reader, _si(2, 2), setup=make_wal),  # b's prompt needs n2
    _db(r224_wal_file_grows_then_checkpoint, setup=make_wal),
    _db(r224_with_conn_rolls_back_on_error),
    _llm(r224_with_conn_integrity_error_rolls_back),
    _db(r224_helper_connections_write_then_read),
    _llm(r224_helper_read_after_model_and_write),
    _llm(r224_helper_read_before_helper_write),
    _db(r224_lastrowid_feeds_put),
    _db(r224_lastrowid_loop_puts),
    _llm(r224_lastrowid_other_conn_reads_row),
    _db(r224_executemany_gets_then_other_conn, 3.0, overlap=3),
    _db(r224_executescript_commits_pending),
    _llm(r224_executescript_begin_rollback, _si(2, 1)),  # both asks are constant prompts
    _dir(r224_attach_second_db_write_read),
    _dllm(r224_attach_uncommitted_models_between, _si(2, 1)),
    _dir(r224_attach_then_getsize_of_aux),
    _llm(r224_busy_writer_locked_out),
    # Python run inside a database call
    _llm(r224_udf_puts_then_model),
    _llm(r224_udf_collects_prompt),
    _llm(r224_udf_sets_global_then_model),
    _db(r224_udf_does_get),
    _llm(r224_udf_raises_then_model),
    _llm(r224_udf_raises_uncaught),
    _llm(r224_aggregate_finalize_puts_then_model),
    _llm(r224_aggregate_class_counter_prompt),
    _db(r224_trace_callback_prints_statements),
    _llm(r224_trace_callback_prints_beside_models, _si(2, 1)),
    _llm(r224_trace_callback_puts_then_model),
    _llm(r224_trace_callback_collects_prompt),
    _db(r224_trace_callback_logs),
    _dir(r224_trace_callback_file_then_read),
    _llm(r224_authorizer_puts_then_model),
    _llm(r224_authorizer_collects_prompt),
    _llm(r224_trace_callback_global_prompt),
    _llm(r224_trace_set_in_helper_puts_then_model),
    _llm(r224_progress_handler_puts_then_model),
    _llm(r224_collation_puts_then_model),
    _llm(r224_window_function_puts_then_model),
    _llm(r224_progress_handler_counts_prompt),
    _db(r224_collation_prints_between_gets),
    _llm(r224_helper_registers_udf_then_model),
    _dllm(r224_backup_progress_puts_then_model),
    _llm(r224_with_conn_commit_traced_then_model),
    _llm(r224_connection_subclass_puts_then_model),
    _llm(r224_cursor_factory_puts_then_model),
    Case(DB, r224_handed_in_udf_puts_then_model, args=_udf_conn, servers="api",
         latency=LLM_LAT, setup=make_db),
    Case(DB, r224_handed_in_trace_puts_then_model, args=_trace_conn, servers="api",
         latency=LLM_LAT, setup=make_db),
    # adapters, converters, row factories
    _llm(r224_adapter_puts_then_model),
    _llm(r224_conform_puts_then_model),
    _llm(r224_adapter_counts_prompt),
    _db(r224_converter_prints_between_gets),
    _llm(r224_converter_collects_prompt),
    _llm(r224_converter_puts_then_model),
    _llm(r224_loop_registers_converter_models),
    _llm(r224_row_factory_puts_then_model),
    _llm(r224_row_factory_collects_prompt),
    _llm(r224_namedtuple_rows_then_models, _si(3, 1)),
    # the database file as a file
    _llm(r224_journal_exists_mid_transaction),
    _llm(r224_file_bytes_show_commit, _si(2, 1)),
    _db(r224_read_bytes_after_helper_write),
    _dir(r224_vacuum_into_then_open),
    _dir(r224_backup_then_getsize_and_read),
    _dllm(r224_backup_after_commit_models_between),
    _dir(r224_iterdump_to_file_then_read),
    _dllm(r224_iterdump_restores_elsewhere, _si(2, 1)),
    # cursors walked while other calls run
    _db(r224_held_cursor_blocks_other_commit),
    _db(r224_held_cursor_wal_snapshot, setup=make_wal),
    _db(r224_fetchmany_loop_gets, 200 / 120, overlap=2),  # batches of 2, 2, 1
    _llm(r224_fetchmany_loop_models, _si(3, 2)),
    _db(r224_fetchmany_writes_between_batches),
    _llm(r224_cursor_lazy_same_conn_inserts),
    _llm(r224_walked_select_models_other_conn_after, _si(3, 1)),
    _llm(r224_walked_select_models_overlap, _si(3, 1), overlap=3),
    # dbm and shelve
    _dir(r224_dbm_write_then_second_handle, setup=None),
    _dllm(r224_dbm_two_handles_open, setup=None),
    _dir(r224_dbm_getsize_after_store, setup=None),
    _dllm(r224_dbm_model_values_loop, _si(3, 1), setup=None),
    _dir(r224_dbm_dir_file_read_after_close, setup=None),
    _dir(r224_shelve_writeback_sync, setup=None),
    _dllm(r224_shelve_getstate_puts_then_model, setup=None),
    _dir(r224_shelve_setstate_prints_between_gets, setup=None),
    _dir(r224_shelve_values_from_gets_overlap, 3.0, setup=None, overlap=3),
    # where overlap is correct
    _llm(r224_models_between_db_writes_overlap, _si(2, 1), overlap=2),
    _llm(r224_two_models_then_insert_other_conn, _si(2, 1), overlap=2),
    _db(r224_rows_fetched_then_gets_overlap, 3.0, overlap=3),
    _llm(r224_helper_names_then_models_overlap, _si(3, 1), overlap=3),
    _db(r224_gets_then_store_then_read_back, 2.0, overlap=2),
]

_HOOKED = ("a callback set on the connection with `{how}` runs Python of the user's inside "
           "each statement, but the connection's calls count as one-conversation writes of "
           "`db` only, and model calls may cross database writes; so")
FAILING_WHY.update({
    "r224_trace_set_in_helper_puts_then_model":
        _HOOKED.format(how="set_trace_callback") + " (here set by a helper that made the "
        "connection) the model call written after `conn.commit()` starts above the "
        "`execute` and reaches the API server before the callback's PUT of 'UPDATE' (and "
        "sometimes of 'BEGIN'), where the plain run sent it after the PUT of 'COMMIT'",
})

# Differed when written; fixed since (`_analysis._hooks_a_database`: the database calls of a
# function that hands its connection code of yours keep their place):
FIXED_WHY: dict[str, str] = {
    "r224_trace_callback_puts_then_model":
        _HOOKED.format(how="set_trace_callback") + " the model call written after "
        "`conn.execute('DELETE ...')` starts one statement early (explain(): 'starts 1 "
        "statement(s) early') and reaches the API server before the trace callback's PUT "
        "/items/trace of 'DELETE' (and sometimes of 'BEGIN'), where the plain run sent it "
        "after them",
    "r224_with_conn_commit_traced_then_model":
        _HOOKED.format(how="set_trace_callback") + " the model call written after the "
        "`with conn:` block starts above it and reaches the API server before the PUT "
        "/items/committed that the trace callback makes for the COMMIT run by the block's "
        "exit",
    "r224_authorizer_puts_then_model":
        _HOOKED.format(how="set_authorizer") + " the model call after the denied "
        "`DELETE` starts above the `try` that runs it, beside the authoriser's policy GET, "
        "and reaches the API server before the authoriser's PUT /items/denied",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
