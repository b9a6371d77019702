"""Red-team cases (stop 45): data and file pipelines.

ETL scripts as people write them: csv, json and jsonl files, gzip, zipfile and tarfile
archives, shutil's copies, moves and rmtree, tempfile, glob, pathlib (read_text,
write_text, iterdir, rename, unlink, mkdir, exists, stat), os.walk, os.listdir and
os.replace, sqlite3 (executemany, transactions rolled back on error, PRAGMA, row
factories, several connections to one file), downloads over requests, urllib.request and
http.client written to files and read back, uploads of files just written, logging to a
FileHandler, ``print(file=...)`` to open files and to a redirected stderr, files opened in
append mode by two helpers, checksums of downloaded files, directory listings taken while
the directory changes, manifests updated after each step, and idempotent re-runs (a
function called twice that skips work already on disk). Sibling calls get unequal
latencies, slow first (``?ms=`` on the web server, the simulator's ``latency`` field), so
a wrong reordering shows. `FAILING` holds the cases that differed or crashed under jit
when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import gzip
import hashlib
import http.client
import io
import json
import logging
import os
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam45")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def get_value(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== probes


def stderr_redirected_to_file_then_read(web: str, tmp: str) -> tuple[str, str]:
    """Progress on stderr, redirected to a line-buffered log file, read back inside."""
    log = Path(tmp) / "progress.log"
    with open(log, "w", buffering=1) as fh, contextlib.redirect_stderr(fh):
        value = get_value(web, "report", 150)
        print(f"fetched {value}", file=sys.stderr)
        seen = log.read_text()
    return value, seen


@contextlib.contextmanager
def errors_to(fh: Any) -> Any:
    with contextlib.redirect_stderr(fh):
        yield fh


def stderr_redirected_by_helper_cm(web: str, tmp: str) -> tuple[str, str]:
    """The same, with the redirect in the user's own context manager."""
    log = Path(tmp) / "progress.log"
    with open(log, "w", buffering=1) as fh, errors_to(fh):
        value = get_value(web, "report", 150)
        print(f"fetched {value}", file=sys.stderr)
        seen = log.read_text()
    return value, seen


def stream_handler_on_redirected_stderr(web: str, tmp: str) -> tuple[str, str]:
    """A StreamHandler made while stderr is a file: its records land in that file."""
    path = Path(tmp) / "etl.log"
    logger = logging.getLogger("etl45.stderr")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    with open(path, "w", buffering=1) as fh, contextlib.redirect_stderr(fh):
        handler = logging.StreamHandler()
        logger.addHandler(handler)
        try:
            value = get_value(web, "batch", 150)
            logger.info("batch %s", value)
            seen = path.read_text()
        finally:
            logger.removeHandler(handler)
    return value, seen


def queue_file_appended_while_read(client: Any, tmp: str) -> list[str]:
    """A work-queue file: each line is a topic, answers may add follow-up topics to it."""
    queue = Path(tmp) / "queue.txt"
    queue.write_text("alpha\nbeta\n")
    answers = []
    with open(queue) as f:
        for line in f:
            topic = line.strip()
            answers.append(chat(client, f"Summarize {topic}", 0.15 if topic == "alpha" else 0.03))
            if not topic.endswith("-more"):
                with open(queue, "a") as out:
                    out.write(f"{topic}-more\n")
    return answers


def queue_file_appended_by_helper(web: str, tmp: str) -> list[str]:
    """The same with GETs and a helper that appends."""
    queue = Path(tmp) / "queue.txt"
    queue.write_text("a\nb\n")
    seen = []
    with open(queue) as f:
        for line in f:
            key = line.strip()
            seen.append(get_value(web, key, 120 if key == "a" else 30))
            if len(key) < 3:
                enqueue(queue, key + "x")
    return seen


def enqueue(queue: Path, key: str) -> None:
    with open(queue, "a") as out:
        out.write(key + "\n")


def sqlite_reader_cursor_with_second_writer(tmp: str) -> list[Any]:
    """Rows walked on one connection while another connection to the file writes."""
    db = str(Path(tmp) / "stage.db")
    src = sqlite3.connect(db)
    src.execute("CREATE TABLE staged (id INTEGER, name TEXT)")
    src.executemany("INSERT INTO staged VALUES (?, ?)", [(1, "a"), (2, "b"), (3, "c")])
    src.commit()
    dst = sqlite3.connect(db, timeout=0.1, isolation_level=None)
    dst.execute("CREATE TABLE IF NOT EXISTS loaded (id INTEGER, name TEXT)")
    done = []
    try:
        for row in src.execute("SELECT id, name FROM staged ORDER BY id"):
            dst.execute("INSERT INTO loaded VALUES (?, ?)", (row[0], row[1].upper()))
            done.append(row[0])
    except sqlite3.OperationalError as exc:
        done.append(str(exc))
    finally:
        dst.close()
        src.close()
    return done


def sqlite_connect_then_size(web: str, tmp: str) -> list[Any]:
    """A download's rows go to a fresh database; its size on disk is checked after."""
    db = Path(tmp) / "fresh.db"
    before = db.exists()
    value = get_value(web, "rows", 150)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    conn.commit()
    after = db.exists()
    size = os.path.getsize(db) > 0
    conn.close()
    return [before, value, after, size]


def iterdir_taken_before_write(web: str, tmp: str) -> list[str]:
    """An iterdir() generator made, a file written, then the generator walked."""
    out = Path(tmp) / "out"
    out.mkdir()
    (out / "first.txt").write_text("1")
    entries = out.iterdir()
    value = get_value(web, "second", 120)
    (out / "second.txt").write_text(value)
    return sorted(p.name for p in entries)


def glob_generator_before_write(web: str, tmp: str) -> list[str]:
    out = Path(tmp)
    (out / "a.csv").write_text("x\n")
    found = out.glob("*.csv")
    (out / "b.csv").write_text(get_value(web, "b", 120) + "\n")
    return sorted(p.name for p in found)


def chat_prompt_from_getsize_after_write(client: Any, tmp: str) -> list[str]:
    """Model calls cross file writes: one whose prompt reads the file's size must not."""
    path = Path(tmp) / "data.txt"
    first = chat(client, "Write a title", 0.15)
    path.write_text(first * 3)
    second = chat(client, f"The file has {os.path.getsize(path)} bytes", 0.03)
    path.write_text("done")
    third = chat(client, f"Now it has {path.stat().st_size} bytes", 0.03)
    return [first, second, third]


def chat_prompt_from_listdir_after_write(client: Any, tmp: str) -> list[str]:
    folder = Path(tmp)
    out = []
    for i, lat in enumerate((0.15, 0.03, 0.08)):
        (folder / f"part-{i}.txt").write_text(str(i))
        out.append(chat(client, f"{len(os.listdir(folder))} parts so far", lat))
    return out


def chat_prompt_from_glob_after_write(client: Any, tmp: str) -> list[str]:
    folder = Path(tmp)
    out = []
    for i, lat in enumerate((0.15, 0.03)):
        (folder / f"chunk-{i}.json").write_text("{}")
        names = sorted(os.path.basename(n) for n in glob.glob(os.path.join(tmp, "*.json")))
        out.append(chat(client, f"chunks: {names}", lat))
    return [o[:40] for o in out]


def chat_beside_tempfile_replace(client: Any, tmp: str) -> list[Any]:
    """An atomic write (tempfile then os.replace) beside model calls; listing after."""
    final = Path(tmp) / "answers.json"
    answers = []
    for prompt, lat in (("one", 0.15), ("two", 0.03)):
        answers.append(chat(client, prompt, lat))
        with tempfile.NamedTemporaryFile("w", dir=tmp, delete=False, suffix=".part") as t:
            json.dump(answers, t)
        os.replace(t.name, final)
    return [sorted(os.listdir(tmp)), json.loads(final.read_text())]


def sqlite_total_changes_in_prompt(client: Any, tmp: str) -> list[str]:
    """A prompt that reports the connection's change count after an insert."""
    conn = sqlite3.connect(Path(tmp) / "words.db")
    conn.execute("CREATE TABLE words (w TEXT)")
    first = chat(client, "Name three fruits", 0.15)
    conn.executemany("INSERT INTO words VALUES (?)", [(w,) for w in first.split()[:3]])
    conn.commit()
    second = chat(client, f"Inserted {conn.total_changes} rows", 0.03)
    conn.close()
    return [first, second]


def sqlite_lastrowid_in_prompt(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "notes.db")
    cur = conn.cursor()
    cur.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    cur.execute("INSERT INTO notes (body) VALUES ('seed')")
    first = chat(client, "Write a note", 0.15)
    cur.execute("INSERT INTO notes (body) VALUES (?)", (first,))
    conn.commit()
    second = chat(client, f"Note {cur.lastrowid} saved", 0.03)
    conn.close()
    return [first, second]


def sqlite_in_transaction_in_prompt(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "tx.db")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.commit()
    first = chat(client, "Pick a word", 0.15)
    conn.execute("INSERT INTO t VALUES (?)", (first[:10],))
    second = chat(client, f"open transaction: {conn.in_transaction}", 0.03)
    conn.commit()
    conn.close()
    return [first, second]


def file_closed_flag_in_prompt(client: Any, tmp: str) -> list[str]:
    f = open(Path(tmp) / "draft.txt", "w")  # noqa: SIM115 - closed below, as written
    first = chat(client, "Draft a line", 0.15)
    f.write(first)
    f.close()
    second = chat(client, f"draft closed: {f.closed}", 0.03)
    return [first, second]


def cursor_description_in_prompt(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "cols.db")
    conn.execute("CREATE TABLE people (name TEXT, city TEXT)")
    cur = conn.cursor()
    cur.execute("SELECT 1 AS one")
    first = chat(client, "Name a column", 0.15)
    cur.execute("SELECT name, city FROM people")
    second = chat(client, f"columns: {[d[0] for d in cur.description]}", 0.03)
    conn.close()
    return [first, second]


def os_walk_after_nested_writes(web: str, tmp: str) -> list[Any]:
    root = Path(tmp) / "tree"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(get_value(web, "one", 120))
    (root / "a" / "b" / "two.txt").write_text(get_value(web, "two", 30))
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found.append((os.path.relpath(folder, root), sorted(files)))
    return found


# =========================================================================== plumbing


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def tmp_args(env: Env) -> tuple:
    return (str(env.tmp),)


def _web(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


def _oa(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_tmp, servers="api", ideal=ideal, **kw)


def _tmp(fn: Any, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=tmp_args, **kw)


FAILING_WHY: dict[str, str] = {}

CASES: list[Case] = [
    _web(stderr_redirected_to_file_then_read),
    _web(stderr_redirected_by_helper_cm),
    _web(stream_handler_on_redirected_stderr),
    _oa(queue_file_appended_while_read),
    _web(queue_file_appended_by_helper),
    _tmp(sqlite_reader_cursor_with_second_writer, cat="db"),
    _web(sqlite_connect_then_size),
    _web(iterdir_taken_before_write),
    _web(glob_generator_before_write),
    _oa(chat_prompt_from_getsize_after_write),
    _oa(chat_prompt_from_listdir_after_write),
    _oa(chat_prompt_from_glob_after_write),
    _oa(chat_beside_tempfile_replace),
    _oa(sqlite_total_changes_in_prompt, cat="db"),
    _oa(sqlite_lastrowid_in_prompt, cat="db"),
    _oa(sqlite_in_transaction_in_prompt, cat="db"),
    _oa(file_closed_flag_in_prompt),
    _oa(cursor_description_in_prompt, cat="db"),
    _web(os_walk_after_nested_writes),
]

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
