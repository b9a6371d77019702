"""Red-team cases (stop 144): data-processing scripts around sqlite3 and the HTTP server.

Rows fetched over HTTP and INSERTed (``executemany``, a commit per item or one at the
end), rows SELECTed back and more fetched for each, ``row_factory = sqlite3.Row`` and
dict factories (one that prints), a connection made in the function or handed in, ``with
conn:`` transactions rolled back by a failed GET, Python functions, converters and trace
callbacks that run while rows are read, ``csv.DictWriter``/``DictReader`` files and JSON
lines in the run's directory read back, ``itertools.groupby``, ``Counter`` and
``statistics`` over fetched values between requests, an in-memory database shared by two
helpers, and an UPDATE of a status column before each request. A GET of the 127.0.0.1
server between two database or file writes has nothing to overlap (the server may read
them), so those cases claim 1.0; a private ``:memory:`` database is no file, so cases
that write only there claim the overlap. Sibling calls get unequal latencies, slow first,
so a wrong reordering shows. `FAILING` holds the cases that differed or crashed under jit
when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import collections
import csv
import itertools
import json
import sqlite3
import statistics
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam144")

KEYS = (("a", 150), ("b", 40), ("c", 90))
MORE = (("d", 120), ("e", 30), ("f", 60))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def stages(*groups: tuple[float, ...]) -> float:
    """Stages of independent waits, one after the other."""
    return sum(sum(g) for g in groups) / sum(max(g) for g in groups)


K3 = over(0.15, 0.04, 0.09)
M3 = over(0.12, 0.03, 0.06)
K3M3 = stages((0.15, 0.04, 0.09), (0.12, 0.03, 0.06))


def get_value(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


# --------------------------------------------------------------------------- fixtures


def _todo_db(env: Env) -> None:
    with sqlite3.connect(env.tmp / "todo.db") as conn:
        conn.execute("CREATE TABLE todo (id INTEGER PRIMARY KEY, key TEXT, ms INTEGER,"
                     " grp TEXT, status TEXT DEFAULT 'new')")
        conn.executemany("INSERT INTO todo (key, ms, grp) VALUES (?, ?, ?)",
                         [("a", 150, "x"), ("b", 40, "x"), ("c", 90, "y")])
    conn.close()


def _keys_csv(env: Env) -> None:
    with open(env.tmp / "keys.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "ms"])
        w.writeheader()
        for k, ms in KEYS:
            w.writerow({"key": k, "ms": ms})


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db(env: Env) -> tuple:
    return (env.web, str(env.tmp / "todo.db"))


def web_conn(env: Env) -> tuple:
    return (env.web, env.own(sqlite3.connect(env.tmp / "todo.db")))


def web_conn_traced(env: Env) -> tuple:
    conn = env.own(sqlite3.connect(env.tmp / "todo.db"))
    conn.set_trace_callback(lambda sql: print("SQL", sql.split()[0]))
    return (env.web, conn)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _loud_ms(ms: int) -> int:
    print("slow", ms)
    return ms


# =========================================================================== fetch, then INSERT


def r144_fetch_all_then_executemany(web: str, tmp: str) -> list[tuple]:
    rows = [(k, requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in KEYS]
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE item (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO item VALUES (?, ?)", rows)
    conn.commit()
    back = conn.execute("SELECT key, value FROM item ORDER BY key").fetchall()
    conn.close()
    return back


def r144_fetch_insert_commit_per_item(web: str, tmp: str) -> int:
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE item (key TEXT, value TEXT)")
    for k, ms in KEYS:
        value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        conn.execute("INSERT INTO item VALUES (?, ?)", (k, value))
        conn.commit()
        print("saved", k)
    n = conn.execute("SELECT COUNT(*) FROM item").fetchone()[0]
    conn.close()
    return n


def r144_executemany_generator_of_gets(web: str, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE item (key TEXT, value TEXT)")
    conn.executemany("INSERT INTO item VALUES (?, ?)",
                     ((k, get_value(web, k, ms)) for k, ms in KEYS))
    conn.commit()
    out = conn.execute("SELECT key, value FROM item ORDER BY rowid").fetchall()
    conn.close()
    return out


def r144_fetch_loop_append_then_executemany(web: str, tmp: str) -> int:
    batch = []
    for k, ms in KEYS:
        data = requests.get(f"{web}/items/{k}?ms={ms}").json()
        batch.append((data["key"], data["value"], len(data["value"])))
    with sqlite3.connect(Path(tmp) / "out.db") as conn:
        conn.execute("CREATE TABLE item (key TEXT, value TEXT, size INTEGER)")
        conn.executemany("INSERT INTO item VALUES (?, ?, ?)", batch)
    total = conn.execute("SELECT SUM(size) FROM item").fetchone()[0]
    conn.close()
    return total


def r144_conn_handed_in_fetch_then_insert(web: str, conn: sqlite3.Connection) -> list[tuple]:
    values = {k: get_value(web, k, ms) for k, ms in MORE}
    conn.executemany("INSERT INTO todo (key, ms, grp) VALUES (?, ?, 'z')",
                     [(v, len(v)) for v in values.values()])
    conn.commit()
    return conn.execute("SELECT key, ms, grp FROM todo ORDER BY id").fetchall()


def r144_fetch_insert_or_ignore_dupes(web: str, tmp: str) -> list[tuple]:
    keys = [("a", 150), ("b", 40), ("a", 90), ("c", 60)]
    got = [(k, requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in keys]
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE item (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT OR IGNORE INTO item VALUES (?, ?)", got)
    conn.commit()
    out = conn.execute("SELECT key, value FROM item ORDER BY key").fetchall()
    conn.close()
    return out


def r144_integrity_error_caught_per_item(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE item (value TEXT UNIQUE)")
    log = []
    for k, ms in (("a", 150), ("b", 40), ("a", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        try:
            conn.execute("INSERT INTO item VALUES (?)", (v,))
            log.append(f"ok {v}")
        except sqlite3.IntegrityError as exc:
            print("dup", v, exc)
            log.append(f"dup {v}")
    conn.commit()
    conn.close()
    return log


def r144_integrity_error_uncaught_after_fetch(web: str, tmp: str) -> Any:
    got = [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
           for k, ms in (("a", 150), ("b", 40), ("a", 90))]
    conn = sqlite3.connect(Path(tmp) / "out.db")
    try:
        conn.execute("CREATE TABLE item (value TEXT UNIQUE)")
        conn.executemany("INSERT INTO item VALUES (?)", [(v,) for v in got])
        conn.commit()
    finally:
        conn.close()
    return got


# =========================================================================== SELECT, then fetch per row


def r144_select_rows_fetch_each(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    conn.close()
    return out


def r144_select_row_factory_row(web: str, db: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    out = []
    for row in conn.execute("SELECT id, key, ms FROM todo ORDER BY id"):
        value = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"]
        out.append({"id": row["id"], "value": value})
    conn.close()
    return out


def _dict_factory(cursor: sqlite3.Cursor, row: tuple) -> dict:
    return {col[0]: row[i] for i, col in enumerate(cursor.description)}


def r144_select_dict_factory(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.row_factory = _dict_factory
    out = []
    for row in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        out.append(requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"])
    conn.close()
    return out


def _loud_factory(cursor: sqlite3.Cursor, row: tuple) -> dict:
    print("row", row)
    return {col[0]: row[i] for i, col in enumerate(cursor.description)}


def r144_select_loud_row_factory(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.row_factory = _loud_factory
    out = []
    for row in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        out.append(requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"])
        print("fetched", row["key"])
    conn.close()
    return out


def r144_loud_factory_listcomp(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.row_factory = _loud_factory
    cur = conn.execute("SELECT key, ms FROM todo ORDER BY id")
    out = [get_value(web, r["key"], r["ms"]) for r in cur]
    conn.close()
    return out


def r144_select_fetchall_then_listcomp(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT key, ms FROM todo ORDER BY id").fetchall()
    conn.close()
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in rows]


def r144_select_cursor_named(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    cur = conn.cursor()
    cur.execute("SELECT key, ms FROM todo ORDER BY id")
    out = []
    for key, ms in cur:
        out.append(get_value(web, key, ms))
    conn.close()
    return out


def r144_select_conn_handed_in_loop(web: str, conn: sqlite3.Connection) -> list[str]:
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    return out


def r144_select_then_insert_other_table(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE result (key TEXT, value TEXT)")
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        conn.execute("INSERT INTO result VALUES (?, ?)", (key, value))
    conn.commit()
    out = conn.execute("SELECT * FROM result ORDER BY rowid").fetchall()
    conn.close()
    return out


def r144_select_insert_same_table(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    seen = []
    for key, ms in conn.execute("SELECT key, ms FROM todo WHERE length(key) < 3 ORDER BY id"):
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        seen.append(value)
        if len(key) == 1:
            conn.execute("INSERT INTO todo (key, ms, grp) VALUES (?, 10, 'n')", (key + "2",))
    conn.commit()
    conn.close()
    return seen


def r144_select_python_function_prints(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.create_function("slow", 1, _loud_ms)
    out = []
    for key, ms in conn.execute("SELECT key, slow(ms) FROM todo ORDER BY id"):
        print("get", key)
        out.append(get_value(web, key, ms))
    conn.close()
    return out


_CONV = "R144LOUDMS"


def _conv(b: bytes) -> int:
    print("convert", b.decode())
    return int(b)


def r144_converter_detect_types(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "c.db", detect_types=sqlite3.PARSE_DECLTYPES)
    conn.execute(f"CREATE TABLE todo (key TEXT, ms {_CONV})")
    conn.executemany("INSERT INTO todo VALUES (?, ?)", KEYS)
    conn.commit()
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY rowid"):
        print("fetch", key)
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    conn.close()
    return out


class _LoudConn(sqlite3.Connection):
    """A connection class of the user's: it registers a printing SQL function."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.create_function("slow", 1, _loud_ms)


def r144_connect_factory_registers_function(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db, factory=_LoudConn)
    out = []
    for key, ms in conn.execute("SELECT key, slow(ms) FROM todo ORDER BY id"):
        print("get", key)
        out.append(get_value(web, key, ms))
    conn.close()
    return out


class _LoudCursorConn(sqlite3.Connection):
    def execute(self, sql: str, *params: Any) -> sqlite3.Cursor:  # type: ignore[override]
        print("execute", sql.split()[0])
        return super().execute(sql, *params)


def r144_connect_factory_overrides_execute(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db, factory=_LoudCursorConn)
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        out.append(get_value(web, key, ms))
        print("got", key)
    conn.close()
    return out


def r144_closing_conn_select_loop(web: str, db: str) -> list[str]:
    import contextlib
    with contextlib.closing(sqlite3.connect(db)) as conn:
        out = []
        for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
            out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    return out


def r144_select_sql_function_does_get(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.create_function("fetch", 2, lambda k, ms: get_value(web, k, ms))
    vals = [r[0] for r in conn.execute("SELECT fetch(key, ms) FROM todo ORDER BY id")]
    requests.put(f"{web}/items/a?ms=5", data="changed")
    after = get_value(web, "a", 30)
    conn.close()
    return vals + [after]


def r144_trace_callback_set_in_function(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.set_trace_callback(lambda sql: print("SQL", sql.split()[0]))
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY id"):
        out.append(get_value(web, key, ms))
        print("got", key)
    conn.close()
    return out


def r144_trace_callback_handed_in(web: str, conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT key, ms FROM todo ORDER BY id").fetchall()
    values = [get_value(web, k, ms) for k, ms in rows]
    conn.execute("UPDATE todo SET status = 'done'")
    conn.commit()
    print("updated")
    return values


def r144_row_to_dict_then_fetch(web: str, db: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT key, ms, grp FROM todo ORDER BY id")]
    conn.close()
    for r in rows:
        r["value"] = requests.get(f"{web}/items/{r['key']}?ms={r['ms']}").json()["value"]
    return rows


def r144_executescript_then_select_fetch(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "s.db")
    conn.executescript("""
        CREATE TABLE todo (key TEXT, ms INTEGER);
        INSERT INTO todo VALUES ('a', 150), ('b', 40), ('c', 90);
    """)
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY rowid"):
        out.append(get_value(web, key, ms))
    conn.close()
    return out


def r144_httpx_client_rows(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT key, ms FROM todo ORDER BY id").fetchall()
    conn.close()
    with httpx.Client(base_url=web) as client:
        return [client.get(f"/items/{k}", params={"ms": ms}).json()["value"] for k, ms in rows]


# =========================================================================== with conn: transactions


def r144_with_conn_rollback_on_404(web: str, db: str) -> tuple:
    conn = sqlite3.connect(db)
    try:
        with conn:
            for key, ms in (("b", 40), ("missing-x", 30), ("c", 90)):
                r = requests.get(f"{web}/items/{key}?ms={ms}")
                r.raise_for_status()
                conn.execute("INSERT INTO todo (key, ms, grp) VALUES (?, ?, 'w')",
                             (r.json()["value"], ms))
    except requests.HTTPError as exc:
        print("rolled back:", exc.response.status_code)
    n = conn.execute("SELECT COUNT(*) FROM todo").fetchone()[0]
    conn.close()
    return n, "done"


def r144_with_conn_listcomp_fails(web: str, db: str) -> Any:
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("UPDATE todo SET status = 'fetching'")
            vals = [get_value(web, k, ms) for k, ms in (("a", 150), ("missing-y", 40),
                                                        ("c", 90))]
            conn.executemany("UPDATE todo SET status = ? WHERE key = ?",
                             [(v, v[2:]) for v in vals])
    except requests.HTTPError as exc:
        print("failed", exc.response.status_code)
    out = conn.execute("SELECT key, status FROM todo ORDER BY id").fetchall()
    conn.close()
    return out


def r144_with_conn_fetch_before_block(web: str, db: str) -> list[tuple]:
    vals = [get_value(web, k, ms) for k, ms in KEYS]
    conn = sqlite3.connect(db)
    with conn:
        for v in vals:
            conn.execute("UPDATE todo SET status = ? WHERE key = ?", (v, v[2:]))
    rows = conn.execute("SELECT key, status FROM todo ORDER BY id").fetchall()
    conn.close()
    return rows


def r144_with_conn_commit_then_get_fails(web: str, db: str) -> Any:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE todo SET status = 'queued'")
    try:
        get_value(web, "missing-z", 40)
    except requests.HTTPError:
        print("lookup failed")
    statuses = [s for (s,) in conn.execute("SELECT status FROM todo ORDER BY id")]
    conn.close()
    return statuses


# =========================================================================== csv and json lines


def r144_csv_dictwriter_then_reader_fetch(web: str, tmp: str) -> list[str]:
    got = {k: requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS}
    path = Path(tmp) / "vals.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value", "next_ms"])
        w.writeheader()
        for (k, v), (_, ms) in zip(got.items(), MORE, strict=True):
            w.writerow({"key": k, "value": v, "next_ms": ms})
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [requests.get(f"{web}/items/{r['value']}?ms={r['next_ms']}").json()["value"]
            for r in rows]


def r144_csv_reader_loop_fetch(web: str, tmp: str) -> list[str]:
    out = []
    with open(Path(tmp) / "keys.csv", newline="") as f:
        for row in csv.DictReader(f):
            out.append(get_value(web, row["key"], int(row["ms"])))
    return out


def r144_csv_writer_per_item(web: str, tmp: str) -> str:
    path = Path(tmp) / "out.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value"])
        w.writeheader()
        for k, ms in KEYS:
            w.writerow({"key": k, "value": get_value(web, k, ms)})
    return path.read_text()


def r144_jsonl_append_per_item(web: str, tmp: str) -> list[dict]:
    path = Path(tmp) / "out.jsonl"
    for k, ms in KEYS:
        data = requests.get(f"{web}/items/{k}?ms={ms}").json()
        with open(path, "a") as f:
            f.write(json.dumps(data) + "\n")
    return [json.loads(line) for line in path.read_text().splitlines()]


def r144_jsonl_written_then_read_fetch(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "next.jsonl"
    with open(path, "w") as f:
        for (k, _), (_, ms) in zip(KEYS, MORE, strict=True):
            f.write(json.dumps({"key": k + "x", "ms": ms}) + "\n")
    out = []
    with open(path) as f:
        for line in f:
            item = json.loads(line)
            out.append(get_value(web, item["key"], item["ms"]))
    return out


def r144_jsonl_then_sqlite(web: str, tmp: str) -> list[tuple]:
    path = Path(tmp) / "raw.jsonl"
    lines = [json.dumps(requests.get(f"{web}/items/{k}?ms={ms}").json()) for k, ms in KEYS]
    path.write_text("\n".join(lines) + "\n")
    conn = sqlite3.connect(Path(tmp) / "raw.db")
    conn.execute("CREATE TABLE raw (key TEXT, value TEXT)")
    with open(path) as f:
        conn.executemany("INSERT INTO raw VALUES (:key, :value)", (json.loads(x) for x in f))
    conn.commit()
    out = conn.execute("SELECT * FROM raw ORDER BY key").fetchall()
    conn.close()
    return out


# =========================================================================== aggregates between requests


def r144_counter_between_batches(web: str) -> dict[str, int]:
    vals = [get_value(web, k, ms) for k, ms in KEYS]
    counts = collections.Counter(ch for v in vals for ch in v)
    top = [ch for ch, _ in counts.most_common(2)]
    more = [get_value(web, f"n{ch}", ms) for ch, ms in zip(top, (120, 30), strict=True)]
    return dict(counts) | {"more": len(more)}


def r144_groupby_rows_fetch_per_group(web: str, db: str) -> dict[str, list]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT grp, key, ms FROM todo ORDER BY grp, id").fetchall()
    conn.close()
    out = {}
    for grp, members in itertools.groupby(rows, key=lambda r: r[0]):
        members = list(members)
        out[grp] = [get_value(web, k, ms) for _, k, ms in members]
    return out


def r144_groupby_fetched_values(web: str) -> list[tuple]:
    vals = [(k, get_value(web, k, ms)) for k, ms in (("a", 150), ("b", 40), ("a2", 90),
                                                     ("b2", 60))]
    out = []
    for first, grp in itertools.groupby(sorted(vals), key=lambda kv: kv[0][0]):
        out.append((first, requests.get(f"{web}/items/g{first}?ms=30").json()["value"],
                    len(list(grp))))
    return out


def r144_statistics_mean_decides_next(web: str) -> tuple:
    sizes = [len(requests.get(f"{web}/items/{k}?ms={ms}").text) for k, ms in KEYS]
    mean = statistics.mean(sizes)
    med = statistics.median(sizes)
    extra = [get_value(web, k, ms) for k, ms in MORE] if mean >= med else []
    return round(mean, 3), med, extra


def r144_counter_update_then_insert_after(web: str, tmp: str) -> dict[str, int]:
    counts: collections.Counter[str] = collections.Counter()
    for k, ms in KEYS:
        counts.update(get_value(web, k, ms).split("-"))
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE tally (tok TEXT, n INTEGER)")
    conn.executemany("INSERT INTO tally VALUES (?, ?)", sorted(counts.items()))
    conn.commit()
    conn.close()
    return dict(counts)


# =========================================================================== an in-memory database


def _mem_store(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS item (key TEXT, value TEXT, ms INTEGER)")
    conn.executemany("INSERT INTO item VALUES (?, ?, ?)", rows)


def _mem_query(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT value, ms FROM item ORDER BY rowid").fetchall()


def r144_memory_db_two_helpers(web: str) -> list[str]:
    conn = sqlite3.connect(":memory:")
    rows = [(k, get_value(web, k, ms), m) for (k, ms), (_, m) in zip(KEYS, MORE, strict=True)]
    _mem_store(conn, rows)
    out = [get_value(web, v, ms) for v, ms in _mem_query(conn)]
    conn.close()
    return out


def r144_memory_insert_per_item(web: str) -> int:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE item (key TEXT, value TEXT)")
    for k, ms in KEYS:
        conn.execute("INSERT INTO item VALUES (?, ?)", (k, get_value(web, k, ms)))
    n = conn.execute("SELECT COUNT(*) FROM item").fetchone()[0]
    conn.close()
    return n


def _mem_lookup(conn: sqlite3.Connection, web: str, key: str) -> str:
    (ms,) = conn.execute("SELECT ms FROM item WHERE key = ?", (key,)).fetchone()
    return get_value(web, key, ms)


def r144_memory_helper_select_listcomp(web: str) -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE item (key TEXT, ms INTEGER)")
    conn.executemany("INSERT INTO item VALUES (?, ?)", KEYS)
    out = [_mem_lookup(conn, web, k) for k, _ in KEYS]
    conn.close()
    return out


def _save(conn: sqlite3.Connection, web: str, key: str, ms: int) -> str:
    value = get_value(web, key, ms)
    conn.execute("INSERT INTO item VALUES (?, ?)", (key, value))
    return value


def r144_helper_get_then_insert_listcomp(web: str, db: str) -> list[Any]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE item (key TEXT, value TEXT)")
    vals = [_save(conn, web, k, ms) for k, ms in KEYS]
    conn.commit()
    rows = conn.execute("SELECT key FROM item ORDER BY rowid").fetchall()
    conn.close()
    return vals + rows


def r144_file_helper_select_listcomp(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    out = [_file_lookup(conn, web, k) for k in ("a", "b", "c")]
    conn.close()
    return out


def _file_lookup(conn: sqlite3.Connection, web: str, key: str) -> str:
    row = conn.execute("SELECT ms FROM todo WHERE key = ?", (key,)).fetchone()
    return requests.get(f"{web}/items/{key}?ms={row[0]}").json()["value"]


def r144_shared_cache_memory_uri(web: str) -> list[tuple]:
    uri = "file:r144mem?mode=memory&cache=shared"
    writer = sqlite3.connect(uri, uri=True)
    reader = sqlite3.connect(uri, uri=True)
    writer.execute("CREATE TABLE item (key TEXT, value TEXT)")
    vals = [(k, get_value(web, k, ms)) for k, ms in KEYS]
    writer.executemany("INSERT INTO item VALUES (?, ?)", vals)
    writer.commit()
    out = reader.execute("SELECT key, value FROM item ORDER BY key").fetchall()
    reader.close()
    writer.close()
    return out


_MEM: list[sqlite3.Connection] = []


def _open_mem() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE item (key TEXT, value TEXT)")
    _MEM.append(conn)
    return conn


def _mem_save(key: str, value: str) -> None:
    _MEM[-1].execute("INSERT INTO item VALUES (?, ?)", (key, value))


def _mem_count() -> int:
    return _MEM[-1].execute("SELECT COUNT(*) FROM item").fetchone()[0]


def r144_memory_global_two_helpers(web: str) -> int:
    _open_mem()
    try:
        for k, ms in KEYS:
            _mem_save(k, get_value(web, k, ms))
            print("counted", _mem_count())
        return _mem_count()
    finally:
        _MEM.pop().close()


# =========================================================================== status column


def r144_update_status_before_each_get(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    jobs = conn.execute("SELECT id, key, ms FROM todo ORDER BY id").fetchall()
    for job_id, key, ms in jobs:
        conn.execute("UPDATE todo SET status = 'running' WHERE id = ?", (job_id,))
        conn.commit()
        value = get_value(web, key, ms)
        conn.execute("UPDATE todo SET status = ? WHERE id = ?", (f"done:{value}", job_id))
        conn.commit()
    out = conn.execute("SELECT id, status FROM todo ORDER BY id").fetchall()
    conn.close()
    return out


def r144_update_status_after_all_fetched(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    jobs = conn.execute("SELECT id, key, ms FROM todo ORDER BY id").fetchall()
    results = [(get_value(web, key, ms), job_id) for job_id, key, ms in jobs]
    conn.executemany("UPDATE todo SET status = ? WHERE id = ?", results)
    conn.commit()
    out = conn.execute("SELECT id, status FROM todo ORDER BY id").fetchall()
    conn.close()
    return out


def r144_update_status_put_then_get(web: str, db: str) -> list[Any]:
    conn = sqlite3.connect(db)
    out = []
    for job_id, key in conn.execute("SELECT id, key FROM todo ORDER BY id").fetchall():
        conn.execute("UPDATE todo SET status = 'sent' WHERE id = ?", (job_id,))
        conn.commit()
        requests.put(f"{web}/items/{key}?ms=5", data=f"job-{job_id}")
        out.append(get_value(web, key, 20))
    conn.close()
    return out


def r144_rowcount_decides_fetch(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    out = []
    for key, ms in (("a", 150), ("zz", 40), ("c", 90)):
        cur = conn.execute("UPDATE todo SET status = 'claimed' WHERE key = ?", (key,))
        if cur.rowcount == 0:
            print("no job", key)
            continue
        out.append(get_value(web, key, ms))
    conn.commit()
    conn.close()
    return out


def r144_select_sum_between_gets(web: str, db: str) -> str:
    a = get_value(web, "a", 150)
    b = get_value(web, "b", 40)
    conn = sqlite3.connect(db)
    conn.executemany("UPDATE todo SET status = ? WHERE key = ?", [(a, "a"), (b, "b")])
    conn.commit()
    total = conn.execute("SELECT SUM(length(status)) FROM todo").fetchone()[0]
    conn.close()
    return get_value(web, f"sum{total}", 90)


def r144_logging_per_row(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT key, ms FROM todo ORDER BY id").fetchall()
    conn.close()
    out = []
    for key, ms in rows:
        LOG.info("fetching %s", key)
        out.append(get_value(web, key, ms))
        LOG.info("got %s", key)
    return out


class _Point:
    def __init__(self, k: str, v: str) -> None:
        self.k, self.v = k, v


def _adapt_point(p: _Point) -> str:
    print("adapt", p.k)
    return f"{p.k}={p.v}"


def r144_adapter_prints_on_insert(web: str, tmp: str) -> list[tuple]:
    pts = [_Point(k, get_value(web, k, ms)) for k, ms in KEYS]
    print("fetched", len(pts))
    conn = sqlite3.connect(Path(tmp) / "p.db")
    conn.execute("CREATE TABLE p (pt TEXT)")
    conn.executemany("INSERT INTO p VALUES (?)", [(p,) for p in pts])
    conn.commit()
    out = conn.execute("SELECT pt FROM p ORDER BY rowid").fetchall()
    conn.close()
    return out


# =========================================================================== model calls and the database


def _ask(client: Any, text: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": text}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def r144_llm_per_row_insert_commit(client: Any, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(Path(tmp) / "llm.db")
    conn.execute("CREATE TABLE answer (q TEXT, a TEXT)")
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        a = _ask(client, f"Summarise {q}", lat)
        conn.execute("INSERT INTO answer VALUES (?, ?)", (q, a))
        conn.commit()
    out = conn.execute("SELECT q, length(a) FROM answer ORDER BY rowid").fetchall()
    conn.close()
    return out


def r144_llm_rows_from_select(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "q.db")
    conn.executescript("CREATE TABLE q (text TEXT, lat REAL);"
                       "INSERT INTO q VALUES ('x', 0.15), ('y', 0.04), ('z', 0.09);")
    out = []
    for text, lat in conn.execute("SELECT text, lat FROM q ORDER BY rowid"):
        out.append(_ask(client, text, lat))
    conn.close()
    return out


# =========================================================================== the lists


def _registered(f: Any, env: Env) -> Any:
    """Runs the case with this module's converter and adapter registered in sqlite3, and
    takes them out after: registered at import, they would reach every other test's
    connections in the process (the JIT, rightly, then reads no row ahead)."""
    sqlite3.register_converter(_CONV, _conv)
    sqlite3.register_adapter(_Point, _adapt_point)
    try:
        return f(*web_tmp(env))
    finally:
        sqlite3.converters.pop(_CONV, None)
        sqlite3.adapters.pop((_Point, sqlite3.PrepareProtocol), None)


def _w(fn: Any, ideal: float = 1.0, cat: str = "db", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web_db), servers="web", ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "db", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa_tmp), servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r144_fetch_all_then_executemany, K3, args=web_tmp, overlap=3),
    _w(r144_fetch_insert_commit_per_item, args=web_tmp),
    _w(r144_executemany_generator_of_gets, args=web_tmp),
    _w(r144_fetch_loop_append_then_executemany, K3, args=web_tmp, overlap=3),
    _w(r144_conn_handed_in_fetch_then_insert, M3, args=web_conn, setup=_todo_db, overlap=3),
    _w(r144_fetch_insert_or_ignore_dupes, over(0.15, 0.04, 0.09, 0.06), args=web_tmp),
    _w(r144_integrity_error_caught_per_item, args=web_tmp, cat="validation"),
    _w(r144_integrity_error_uncaught_after_fetch, K3, args=web_tmp, cat="validation"),
    _w(r144_select_rows_fetch_each, K3, setup=_todo_db, overlap=3),
    _w(r144_select_row_factory_row, K3, setup=_todo_db, overlap=3),
    _w(r144_select_dict_factory, K3, setup=_todo_db),
    _w(r144_select_loud_row_factory, K3, setup=_todo_db),
    _w(r144_loud_factory_listcomp, K3, setup=_todo_db),
    _w(r144_select_fetchall_then_listcomp, K3, setup=_todo_db, overlap=3),
    _w(r144_select_cursor_named, K3, setup=_todo_db),
    _w(r144_select_conn_handed_in_loop, K3, args=web_conn, setup=_todo_db),
    _w(r144_select_then_insert_other_table, setup=_todo_db),
    _w(r144_select_insert_same_table, setup=_todo_db),
    _w(r144_select_python_function_prints, K3, setup=_todo_db),
    _w(r144_converter_detect_types, K3, drive=_registered),
    _w(r144_connect_factory_registers_function, K3, setup=_todo_db),
    _w(r144_connect_factory_overrides_execute, K3, setup=_todo_db),
    _w(r144_closing_conn_select_loop, K3, setup=_todo_db, cat="clients"),
    _w(r144_select_sql_function_does_get, setup=_todo_db),
    _w(r144_trace_callback_set_in_function, K3, setup=_todo_db),
    _w(r144_trace_callback_handed_in, K3, args=web_conn_traced, setup=_todo_db),
    _w(r144_row_to_dict_then_fetch, K3, setup=_todo_db, cat="state"),
    _w(r144_executescript_then_select_fetch, K3, args=web_tmp),
    _w(r144_httpx_client_rows, K3, setup=_todo_db, cat="clients"),
    _w(r144_with_conn_rollback_on_404, setup=_todo_db, cat="validation"),
    _w(r144_with_conn_listcomp_fails, setup=_todo_db, cat="validation",
       speculative_reads=True),
    _w(r144_with_conn_fetch_before_block, K3, setup=_todo_db, overlap=3),
    _w(r144_with_conn_commit_then_get_fails, setup=_todo_db, cat="validation"),
    _w(r144_csv_dictwriter_then_reader_fetch, K3M3, args=web_tmp, cat="files"),
    _w(r144_csv_reader_loop_fetch, K3, args=web_tmp, setup=_keys_csv, cat="files"),
    _w(r144_csv_writer_per_item, args=web_tmp, cat="files"),
    _w(r144_jsonl_append_per_item, args=web_tmp, cat="files"),
    _w(r144_jsonl_written_then_read_fetch, M3, args=web_tmp, cat="files"),
    _w(r144_jsonl_then_sqlite, K3, args=web_tmp, cat="files", overlap=3),
    _w(r144_counter_between_batches, stages((0.15, 0.04, 0.09), (0.12, 0.03)), args=web,
       cat="state"),
    _w(r144_groupby_rows_fetch_per_group, stages((0.15, 0.04), (0.09,)), setup=_todo_db,
       cat="state"),
    _w(r144_groupby_fetched_values, stages((0.15, 0.04, 0.09, 0.06), (0.03, 0.03)),
       args=web, cat="state"),
    _w(r144_statistics_mean_decides_next, K3M3, args=web, cat="state"),
    _w(r144_counter_update_then_insert_after, K3, args=web_tmp, cat="state", overlap=3),
    _w(r144_memory_db_two_helpers, K3M3, args=web, cat="helpers"),
    _w(r144_memory_insert_per_item, K3, args=web),
    _w(r144_memory_helper_select_listcomp, K3, args=web, cat="helpers"),
    _w(r144_helper_get_then_insert_listcomp, setup=_todo_db, cat="helpers"),
    _w(r144_file_helper_select_listcomp, K3, setup=_todo_db, cat="helpers"),
    _w(r144_shared_cache_memory_uri, K3, args=web),
    _w(r144_memory_global_two_helpers, K3, args=web, cat="helpers"),
    _w(r144_update_status_before_each_get, setup=_todo_db),
    _w(r144_update_status_after_all_fetched, K3, setup=_todo_db, overlap=3),
    _w(r144_update_status_put_then_get, setup=_todo_db),
    _w(r144_rowcount_decides_fetch, setup=_todo_db),
    _w(r144_select_sum_between_gets, (0.15 + 0.04 + 0.09) / (0.15 + 0.09), setup=_todo_db),
    _w(r144_logging_per_row, K3, setup=_todo_db),
    _w(r144_adapter_prints_on_insert, K3, drive=_registered),
    _o(r144_llm_per_row_insert_commit, K3),
    _o(r144_llm_rows_from_select, K3),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
