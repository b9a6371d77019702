"""Red-team cases (stop 20), continued: helpers that write several resources; early exits,
validation, try/except/finally around reads, generators; threads, queues, events, sockets,
SQLite and file readers; clients made in the function, the openai SDK.
"""

from __future__ import annotations

import queue
import socket
import sqlite3
import threading
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger
from tests.xcs.libcorpus._web import tmp_web_args, value, web_args

AUDIT: list[str] = []



def _reset_audit(env: Env) -> None:
    AUDIT.clear()



def put_value(base: str, key: str, data: str) -> int:
    return requests.put(f"{base}/items/{key}", data=data).json()["version"]


# --------------------------------------------------------------------------- (a') file: URLs


def read_url(url: str) -> str:
    with urllib.request.urlopen(url) as r:
        return r.read().decode()


def write_then_file_url_beside_get(folder: str, base: str) -> tuple[str, str]:
    note = Path(folder) / "note.txt"
    uri = note.as_uri()
    a = value(base, "fx")
    note.write_text("written before the read")
    b = read_url(uri)
    return a, b


def file_urls_after_writes(folder: str, base: str) -> list[str]:
    uris = [(Path(folder) / f"u{i}.txt").as_uri() for i in range(3)]
    head = value(base, "fy")
    for i in range(3):
        (Path(folder) / f"u{i}.txt").write_text(f"u{i} {head}")
    return [read_url(u) for u in uris]


# --------------------------------------------------------------------------- (e) several resources


def record_everywhere(folder: str, base: str, key: str, text: str) -> None:
    (Path(folder) / f"{key}.txt").write_text(text)
    with sqlite3.connect(Path(folder) / "rec.db") as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS rec (key TEXT, text TEXT)")
        conn.execute("INSERT INTO rec VALUES (?, ?)", (key, text))
    conn.close()
    corpus_logger("redteam.rec").info("recorded %s", key)


def helper_writes_file_db_and_logs(folder: str, base: str) -> list[Any]:
    a = value(base, "r1")
    record_everywhere(folder, base, "r1", a)
    b = value(base, "r2")
    text = (Path(folder) / "r1.txt").read_text()
    with sqlite3.connect(Path(folder) / "rec.db") as conn:
        rows = conn.execute("SELECT key, text FROM rec").fetchall()
    conn.close()
    return [a, b, text, rows]


def post_and_note(base: str, key: str) -> int:
    AUDIT.append(key)
    return requests.post(f"{base}/items/{key}", data="noted").json()["version"]


def helper_posts_and_changes_a_global(base: str) -> list[Any]:
    a = value(base, "pg")
    n = post_and_note(base, "pg")
    seen = list(AUDIT)
    b = value(base, "pg")
    return [a, n, seen, b]


def two_files_one_helper(folder: str, a: str, b: str) -> None:
    (Path(folder) / "first.txt").write_text(a)
    (Path(folder) / "second.txt").write_text(b)


def read_second_while_getting(folder: str, base: str) -> list[str]:
    x = value(base, "tf1")
    two_files_one_helper(folder, x, "two")
    y = value(base, "tf2")
    second = (Path(folder) / "second.txt").read_text()
    return [x, y, second]


# --------------------------------------------------------------------------- (f) control flow


def check_key(key: str) -> None:
    if not key.isalnum():
        raise ValueError(f"bad key {key!r}")


def loop_validation_with_try(base: str) -> list[str]:
    out = []
    for key in ("va", "vb", "v-c", "vd"):
        try:
            check_key(key)
        except ValueError as exc:
            out.append(str(exc))
            continue
        out.append(value(base, key))
    return out


def finally_writes_after_failing_read(folder: str, base: str) -> list[Any]:
    out: list[Any] = []
    try:
        out.append(value(base, "fa"))
        r = requests.get(f"{base}/items/missing-fb")
        r.raise_for_status()
        out.append(r.json())
    except requests.HTTPError as exc:
        out.append(exc.response.status_code)
    finally:
        (Path(folder) / "done.txt").write_text(repr(out))
        put_value(base, "fa", "finally")
    out.append(value(base, "fa"))
    return out


def for_else_search(base: str) -> str:
    for key in ("se1", "se2", "se3", "se4"):
        v = value(base, key)
        if v.endswith("2"):
            found = v
            break
    else:
        found = "none"
    return found


def pages(base: str, keys: list[str]) -> Iterator[str]:
    for k in keys:
        yield value(base, k)


def generator_consumed_partly_then_write(base: str) -> list[Any]:
    g = pages(base, ["gp1", "gp2", "gp3"])
    first = next(g)
    put_value(base, "gp2", "changed")
    second = next(g)  # the generator's GET runs now: sees the PUT
    return [first, second]


def except_branch_writes(base: str) -> list[Any]:
    out: list[Any] = []
    for key in ("eb1", "missing-eb2", "eb3"):
        r = requests.get(f"{base}/items/{key}")
        if r.status_code == 404:
            out.append(put_value(base, key, "filled"))
        else:
            out.append(r.json()["value"])
    out.append(value(base, "missing-eb2"))
    return out


def while_poll_until(base: str) -> list[str]:
    job = requests.post(f"{base}/jobs").json()["id"]
    states = []
    while True:
        s = requests.get(f"{base}/jobs/{job}").json()["status"]
        states.append(s)
        if s == "done":
            break
    return states


def assert_between_reads(base: str, key: str) -> tuple[str, str]:
    a = value(base, "as1")
    assert key.startswith("as"), f"key {key} out of range"
    b = value(base, key)
    return a, b


def _bad_key(env: Env) -> tuple:
    return (env.web, "zz")


# --------------------------------------------------------------------------- (g) threads, sockets, db, files


def _writer(path: Path, ready: threading.Event, text: str) -> None:
    path.write_text(text)
    ready.set()


def event_then_file_and_get(folder: str, base: str) -> list[str]:
    path = Path(folder) / "shared.txt"
    ready = threading.Event()
    threading.Thread(target=_writer, args=(path, ready, "from the thread")).start()
    a = value(base, "ev1")
    ready.wait(5)
    text = path.read_text()
    b = value(base, "ev2")
    return [a, text, b]


def _fetcher(base: str, keys: list[str], q: queue.Queue) -> None:
    for k in keys:
        q.put(value(base, k))
    q.put(None)


def queue_fed_by_thread_with_write(base: str) -> list[Any]:
    q: queue.Queue = queue.Queue()
    t = threading.Thread(target=_fetcher, args=(base, ["qa", "qb"], q))
    t.start()
    got = []
    while (item := q.get()) is not None:
        got.append(item)
    t.join()
    n = put_value(base, "qa", "after-queue")
    return [got, n, value(base, "qa")]


def executor_gets_then_put(base: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=3) as pool:
        vals = list(pool.map(lambda k: value(base, k), ["ex1", "ex2", "ex3"]))
    n = put_value(base, "ex1", "after-pool")
    return [vals, n, value(base, "ex1")]


def socket_set_get_beside_http(addr: tuple[str, int], base: str) -> list[str]:
    with socket.create_connection(addr, timeout=10) as sock:
        f = sock.makefile("rw")
        a = value(base, "sk1")
        f.write(f"SET sk {a}\n")
        f.flush()
        ok = f.readline().strip()
        b = value(base, "sk2")
        f.write("GET sk\n")
        f.flush()
        got = f.readline().strip()
    return [a, ok, b, got]


def _tcp_web(env: Env) -> tuple:
    return (env.tcp, env.web)


def two_connections_one_db(folder: str, base: str) -> list[Any]:
    path = Path(folder) / "two.db"
    w = sqlite3.connect(path)
    w.execute("CREATE TABLE t (k TEXT, v TEXT)")
    r = sqlite3.connect(path)
    a = value(base, "db1")
    w.execute("INSERT INTO t VALUES (?, ?)", ("db1", a))
    w.commit()
    seen = r.execute("SELECT * FROM t").fetchall()  # the other connection sees the commit
    b = value(base, "db2")
    w.close()
    r.close()
    return [a, seen, b]


def readline_around_writes(folder: str, base: str) -> list[str]:
    src = Path(folder) / "in.txt"
    src.write_text("one\ntwo\nthree\n")
    out = []
    with open(src) as f:
        out.append(f.readline().strip())
        out.append(value(base, "rl"))
        with open(src, "a") as g:
            g.write("four\n")
        out.append(f.readline().strip())
        out.append(f.read().strip())
    return out


def append_to_the_file_being_read(folder: str, base: str) -> list[str]:
    p = Path(folder) / "queue.txt"
    p.write_text("a\nb\n")
    out = []
    with open(p) as f:
        for line in f:  # the plain loop reads the lines its body appends, too
            key = line.strip()
            out.append(value(base, key))
            if not key.startswith("echo"):
                with open(p, "a") as g:
                    g.write(f"echo-{key}\n")
    return out


def insert_into_the_table_being_selected(folder: str, base: str) -> list[str]:
    conn = sqlite3.connect(Path(folder) / "q.db")
    conn.execute("CREATE TABLE q (k TEXT)")
    conn.executemany("INSERT INTO q VALUES (?)", [("a",), ("b",)])
    conn.commit()
    out = []
    for (k,) in conn.execute("SELECT k FROM q"):  # SQLite steps into the rows added
        out.append(value(base, k))
        if not k.startswith("echo"):
            conn.execute("INSERT INTO q VALUES (?)", (f"echo-{k}",))
    conn.commit()
    conn.close()
    return out


# --------------------------------------------------------------------------- (h) clients, SDK


def httpx_client_put_then_get(base: str) -> list[Any]:
    with httpx.Client() as c:
        a = c.get(f"{base}/items/hx").json()["value"]
        v = c.put(f"{base}/items/hx", content=b"httpx-new").json()["version"]
        b = c.get(f"{base}/items/hx").json()["value"]
        d = c.get(f"{base}/items/hy").json()["value"]
    return [a, v, b, d]


def session_with_headers_post_then_get(base: str) -> list[Any]:
    s = requests.Session()
    s.headers["X-Who"] = "redteam"
    a = s.get(f"{base}/items/sh").json()["value"]
    v = s.post(f"{base}/items/sh", data="by-session").json()["version"]
    b = s.get(f"{base}/items/sh").json()["value"]
    s.close()
    return [a, v, b]


def openai_made_in_function(api: str) -> list[Any]:
    import openai

    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    up = client.files.create(file=("a.txt", b"alpha"), purpose="assistants")
    names = [f.filename for f in client.files.list()]
    chats = [client.chat.completions.create(
        model=m, messages=[{"role": "user", "content": "hi"}]).choices[0].message.content
        for m in ("gpt", "judge")]
    client.files.delete(up.id)
    after = [f.filename for f in client.files.list()]
    client.close()
    return [up.id, names, chats, after]


def openai_with_options(api: str) -> list[Any]:
    import openai

    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    slow = client.with_options(timeout=30)
    up = slow.files.create(file=("b.txt", b"beta"), purpose="assistants")
    names = [f.filename for f in client.files.list()]
    client.close()
    return [up.id, names]


def _api(env: Env) -> tuple:
    return (env.api,)


CASES = [
    Case("files", write_then_file_url_beside_get, args=tmp_web_args, servers="web"),
    Case("files", file_urls_after_writes, args=tmp_web_args, servers="web"),
    Case("helpers", helper_writes_file_db_and_logs, args=tmp_web_args, servers="web"),
    Case("helpers", helper_posts_and_changes_a_global, args=web_args, servers="web",
         setup=_reset_audit),
    Case("helpers", read_second_while_getting, args=tmp_web_args, servers="web"),
    Case("validation", loop_validation_with_try, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", finally_writes_after_failing_read, args=tmp_web_args, servers="web",
         speculative_reads=True),
    Case("validation", for_else_search, args=web_args, servers="web"),
    Case("state", generator_consumed_partly_then_write, args=web_args, servers="web"),
    Case("validation", except_branch_writes, args=web_args, servers="web"),
    Case("sleep", while_poll_until, args=web_args, servers="web"),
    Case("validation", assert_between_reads, args=_bad_key, servers="web"),
    Case("threads", event_then_file_and_get, args=tmp_web_args, servers="web"),
    Case("threads", queue_fed_by_thread_with_write, args=web_args, servers="web"),
    Case("threads", executor_gets_then_put, args=web_args, servers="web"),
    Case("socket", socket_set_get_beside_http, args=_tcp_web, servers="web tcp"),
    Case("db", two_connections_one_db, args=tmp_web_args, servers="web"),
    Case("files", readline_around_writes, args=tmp_web_args, servers="web"),
    Case("files", append_to_the_file_being_read, args=tmp_web_args, servers="web"),
    Case("db", insert_into_the_table_being_selected, args=tmp_web_args, servers="web"),
    Case("clients", httpx_client_put_then_get, args=web_args, servers="web"),
    Case("clients", session_with_headers_post_then_get, args=web_args, servers="web"),
    Case("sdk", openai_made_in_function, args=_api, servers="api"),
    Case("sdk", openai_with_options, args=_api, servers="api"),
]
