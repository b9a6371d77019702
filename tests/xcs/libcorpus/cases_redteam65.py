"""Red-team cases (stop 65): context managers and resource lifetimes around I/O.

`contextlib.contextmanager` helpers that do I/O on enter and exit (a begin and a commit over
HTTP, a lock file, a PUT on exit, a rollback on error), `ExitStack` and `AsyncExitStack`
with callbacks and `pop_all`, nested `with` blocks and several items in one `with`, `with`
inside loops and inside helpers called from comprehensions, `tempfile` directories and
files, `contextlib.closing` of a resource and of a generator, `aclosing`, `suppress`,
`redirect_stdout`/`redirect_stderr` capturing what helpers print, `contextlib.chdir`,
`nullcontext`, `mock.patch.dict` over a global the helpers read, class-based context
managers whose `__exit__` swallows or translates exceptions, one whose `__enter__`
returns a different object, one reentrant, and reads inside a `with` whose exit changes
what later reads see (a flag set on enter and cleared on exit, a session's params, a
client closed on exit); process state a helper reads that a block sets (a decimal
context, a ContextVar, `mock.patch` of a global or of `requests.get`, the cwd, a lock);
files finished only on close (zip, gzip, shelve); and resources released when the last
reference goes (`x = None`, `lst = []`, `obj.attr = None`). Sibling reads get unequal
latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import decimal
import gzip
import http.client
import io
import json
import logging
import os
import random
import shelve
import socket
import sqlite3
import sys
import tempfile
import threading
import traceback
import warnings
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam65")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


# =========================================================================== helpers


def fetch(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def fetch_checked(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def store(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


@contextlib.contextmanager
def transaction(web: str, name: str) -> Iterator[str]:
    """Begin over HTTP, yield the name, commit over HTTP (a rollback if the body raised)."""
    store(web, f"txn-{name}", "begin")
    try:
        yield name
    except Exception:
        store(web, f"txn-{name}", "rollback")
        raise
    store(web, f"txn-{name}", "commit")


@contextlib.contextmanager
def flag_on(web: str, flag: str) -> Iterator[None]:
    """Set a flag on the server for the block, clear it on the way out."""
    store(web, flag, "on")
    try:
        yield
    finally:
        store(web, flag, "off")


# =========================================================================== generator CMs


def txn_reads_inside_then_state(web: str) -> list[str]:
    """Reads inside a begin/commit block, then a read of what the commit wrote."""
    out = []
    with transaction(web, "t1") as name:
        out.append(fetch(web, "a", 150))
        out.append(fetch(web, "b", 30))
        out.append(name)
    out.append(fetch(web, "txn-t1", 30))
    return out


def txn_rollback_then_report(web: str) -> list[str]:
    """The body's checked read fails: the helper rolls back, the caller reports the state."""
    out = []
    try:
        with transaction(web, "t2"):
            out.append(fetch(web, "ok", 150))
            out.append(fetch_checked(web, "missing-x", 30))
            store(web, "never", "written")
    except requests.HTTPError as e:
        out.append(f"failed {e.response.status_code}")
    out.append(fetch(web, "txn-t2", 30))
    out.append(fetch(web, "never", 30))
    return out


def flag_read_inside_and_after(web: str) -> list[str]:
    """A slow read of the flag inside the block, a fast one after: on, then off."""
    out = []
    with flag_on(web, "maint"):
        out.append(fetch(web, "maint", 150))
        out.append(fetch(web, "other", 40))
    out.append(fetch(web, "maint", 30))
    return out


def nested_transactions(web: str) -> list[str]:
    out = []
    with transaction(web, "outer"):
        out.append(fetch(web, "x", 120))
        with transaction(web, "inner"):
            out.append(fetch(web, "txn-outer", 60))
            out.append(fetch(web, "y", 30))
        out.append(fetch(web, "txn-inner", 30))
    out.append(fetch(web, "txn-outer", 30))
    return out


def two_items_one_with(web: str) -> list[str]:
    """`with a, b:` enters a then b and leaves b then a: the commits' order shows."""
    out = []
    with transaction(web, "left") as a, transaction(web, "right") as b:
        out.append(fetch(web, a, 150))
        out.append(fetch(web, b, 30))
    out.append(fetch(web, "txn-left", 30))
    return out


def txn_per_item_in_loop(web: str) -> list[str]:
    """A transaction per item; each item reads what the previous commit wrote."""
    out = []
    prev = "none"
    for name, ms in (("p", 150), ("q", 30), ("r", 80)):
        with transaction(web, name):
            out.append(fetch(web, f"txn-{prev}", ms))
        prev = name
    return out


def _read_in_txn(web: str, key: str, ms: int) -> str:
    with transaction(web, key):
        return fetch(web, key, ms)


def comprehension_of_txn_helpers(web: str) -> list[str]:
    """A helper whose body is a `with` that writes, called from a comprehension."""
    return [_read_in_txn(web, k, ms) for k, ms in (("c1", 150), ("c2", 30), ("c3", 80))]


@contextlib.contextmanager
def snapshot_then_bump(web: str, key: str) -> Iterator[str]:
    """Yields the current value; on exit writes it back with a mark."""
    value = fetch(web, key, 60)
    yield value
    store(web, key, value + "!")


def yielded_value_written_back(web: str) -> list[str]:
    out = []
    for _ in range(3):
        with snapshot_then_bump(web, "counter") as v:
            out.append(v)
            out.append(fetch(web, "side", 40))
    return out


@contextlib.contextmanager
def batched_writes(web: str) -> Iterator[dict[str, str]]:
    """Yields a dict; on exit PUTs what the body put in it, in insertion order."""
    buf: dict[str, str] = {}
    yield buf
    for k, v in buf.items():
        store(web, k, v)


def batch_dict_flushed_on_exit(web: str) -> list[str]:
    with batched_writes(web) as buf:
        for k, ms in (("m1", 150), ("m2", 30), ("m3", 80)):
            buf[f"out-{k}"] = fetch(web, k, ms).upper()
        early = fetch(web, "out-m1", 30)
    return [early, fetch(web, "out-m1", 30), fetch(web, "out-m3", 30)]


@contextlib.contextmanager
def catch_value_errors(web: str) -> Iterator[None]:
    """A generator CM that swallows ValueError, recording it on the server."""
    try:
        yield
    except ValueError as e:
        store(web, "errors", str(e))


def generator_cm_swallows(web: str) -> list[str]:
    out = []
    for k, ms in (("g1", 150), ("bad", 30), ("g3", 60)):
        with catch_value_errors(web):
            v = fetch(web, k, ms)
            if k == "bad":
                raise ValueError(f"rejected {v}")
            out.append(v)
        out.append(fetch(web, "errors", 30))
    return out


@contextlib.contextmanager
def printed_section(title: str) -> Iterator[None]:
    print(f"[{title}] start")
    yield
    print(f"[{title}] end")


def print_sections_around_reads(web: str) -> list[str]:
    out = []
    for k, ms in (("s1", 150), ("s2", 30)):
        with printed_section(k):
            v = fetch(web, k, ms)
            print("got", v)
            out.append(v)
    return out


@contextlib.contextmanager
def logged_span(name: str) -> Iterator[None]:
    LOG.info("enter %s", name)
    try:
        yield
    finally:
        LOG.info("exit %s", name)


def logged_spans_nested(web: str) -> list[str]:
    out = []
    with logged_span("outer"):
        out.append(fetch(web, "o1", 150))
        with logged_span("inner"):
            out.append(fetch(web, "i1", 30))
        out.append(fetch(web, "o2", 60))
    return out


# =========================================================================== class CMs


class Recorder:
    """`__enter__` returns a list; `__exit__` PUTs what the block appended."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key, self.items = web, key, []

    def __enter__(self) -> list[str]:
        return self.items

    def __exit__(self, *exc: Any) -> None:
        store(self.web, self.key, ",".join(self.items))


def recorder_put_on_exit(web: str) -> list[str]:
    with Recorder(web, "rec") as items:
        for k, ms in (("r1", 150), ("r2", 30), ("r3", 80)):
            items.append(fetch(web, k, ms))
        inside = fetch(web, "rec", 30)
    return [inside, fetch(web, "rec", 30)]


class Translate:
    """Turns an HTTPError in the block into a LookupError."""

    def __enter__(self) -> Translate:
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        if et is not None and issubclass(et, requests.HTTPError):
            raise LookupError(f"not found: {e.response.status_code}") from None
        return False


def exit_translates_error(web: str) -> list[str]:
    out = []
    try:
        with Translate():
            out.append(fetch(web, "t-a", 150))
            out.append(fetch_checked(web, "missing-t", 30))
            store(web, "after-missing", "x")
    except LookupError as e:
        out.append(str(e))
    out.append(fetch(web, "after-missing", 30))
    return out


class Swallow:
    """Swallows HTTPError and counts it; lets others through."""

    def __init__(self) -> None:
        self.swallowed = 0

    def __enter__(self) -> Swallow:
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        if et is not None and issubclass(et, requests.HTTPError):
            self.swallowed += 1
            return True
        return False


def exit_swallows_in_loop(web: str) -> dict[str, Any]:
    guard = Swallow()
    out = []
    for k, ms in (("w1", 150), ("missing-w2", 30), ("w3", 80), ("missing-w4", 40)):
        with guard:
            out.append(fetch_checked(web, k, ms))
            store(web, f"seen-{k}", "1")
    return {"out": out, "swallowed": guard.swallowed,
            "keys": requests.get(f"{web}/items", timeout=5).json()["keys"]}


class Pool:
    """`__enter__` returns a handle, not the pool; `__exit__` reports the handle's use."""

    class Handle:
        def __init__(self, web: str) -> None:
            self.web, self.used = web, []

        def get(self, key: str, ms: int) -> str:
            self.used.append(key)
            return fetch(self.web, key, ms)

    def __init__(self, web: str) -> None:
        self.web = web
        self.handle: Pool.Handle | None = None

    def __enter__(self) -> Pool.Handle:
        self.handle = Pool.Handle(self.web)
        return self.handle

    def __exit__(self, *exc: Any) -> None:
        assert self.handle is not None
        store(self.web, "pool-usage", "|".join(self.handle.used))


def enter_returns_handle(web: str) -> list[str]:
    pool = Pool(web)
    with pool as h:
        a = h.get("h1", 150)
        b = h.get("h2", 30)
    return [a, b, fetch(web, "pool-usage", 30), str(pool.handle.used if pool.handle else [])]


class Reentrant:
    """Counts its depth; only the outermost exit writes."""

    def __init__(self, web: str) -> None:
        self.web, self.depth, self.exits = web, 0, 0

    def __enter__(self) -> Reentrant:
        self.depth += 1
        return self

    def __exit__(self, *exc: Any) -> None:
        self.depth -= 1
        self.exits += 1
        if self.depth == 0:
            store(self.web, "reentrant", f"closed after {self.exits}")


def reentrant_cm_outer_exit_writes(web: str) -> list[str]:
    cm = Reentrant(web)
    out = []
    with cm:
        out.append(fetch(web, "reentrant", 150))
        with cm:
            out.append(fetch(web, "e2", 30))
        out.append(fetch(web, "reentrant", 30))
    out.append(fetch(web, "reentrant", 30))
    return out


class ServerLock:
    """A lock held on the server: PUT on acquire, DELETE on release."""

    def __init__(self, web: str, name: str) -> None:
        self.url = f"{web}/items/lock-{name}"

    def __enter__(self) -> str:
        requests.put(self.url, data="held", timeout=5)
        return self.url

    def __exit__(self, *exc: Any) -> None:
        requests.delete(self.url, timeout=5)


def server_lock_around_reads(web: str) -> list[Any]:
    out: list[Any] = []
    with ServerLock(web, "job") as url:
        out.append(fetch(web, "j1", 150))
        out.append(requests.get(url + "?ms=30", timeout=5).json()["value"])
    out.append(requests.get(f"{web}/items", timeout=5).json()["keys"])
    return out


class Overrides:
    """Sets a session's default params for the block, restores them on exit."""

    def __init__(self, session: requests.Session, **params: str) -> None:
        self.session, self.params = session, params
        self.saved: Any = None

    def __enter__(self) -> requests.Session:
        self.saved = dict(self.session.params or {})
        self.session.params = {**self.saved, **self.params}
        return self.session

    def __exit__(self, *exc: Any) -> None:
        self.session.params = self.saved


def session_params_for_block(web: str) -> list[str]:
    s = requests.Session()
    out = []
    with Overrides(s, region="eu"):
        out.append(s.get(f"{web}/items/p1?ms=150", timeout=5).json()["value"])
        out.append(s.get(f"{web}/items/p2?ms=30", timeout=5).json()["value"])
    out.append(s.get(f"{web}/items/p3?ms=30", timeout=5).json()["value"])
    s.close()
    return out


# =========================================================================== ExitStack


def exitstack_undo_callbacks_per_read(web: str) -> list[str]:
    out = []
    with contextlib.ExitStack() as stack:
        for k, ms in (("e1", 150), ("e2", 30), ("e3", 80)):
            v = fetch(web, k, ms)
            stack.callback(store, web, "cleanup", f"undo {k}")
            out.append(v)
        out.append(fetch(web, "cleanup", 30))
    out.append(fetch(web, "cleanup", 30))
    return out


def exitstack_many_files(web: str, tmp: str) -> list[str]:
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(open(Path(tmp) / f"part{i}.txt", "w")) for i in range(3)]
        for f, (k, ms) in zip(files, (("f1", 150), ("f2", 30), ("f3", 80)), strict=True):
            f.write(fetch(web, k, ms) + "\n")
        sizes_inside = [os.path.getsize(Path(tmp) / f"part{i}.txt") for i in range(3)]
    return [str(sizes_inside)] + [(Path(tmp) / f"part{i}.txt").read_text() for i in range(3)]


def exitstack_conditional_txns(web: str) -> list[str]:
    out = []
    with contextlib.ExitStack() as stack:
        for k, ms in (("c-a", 150), ("c-b", 30), ("c-c", 80)):
            v = fetch(web, k, ms)
            if k != "c-b":
                stack.enter_context(transaction(web, k))
            out.append(v)
        out.append(fetch(web, "txn-c-c", 30))
    out.append(fetch(web, "txn-c-a", 30))
    return out


def exitstack_pop_all_deferred(web: str) -> list[str]:
    """Resources opened in one block, handed on with pop_all and closed later."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(transaction(web, "held"))
        stack.callback(store, web, "held-cb", "ran")
        kept = stack.pop_all()
    out = [fetch(web, "txn-held", 150), fetch(web, "held-cb", 30)]
    kept.close()
    out.append(fetch(web, "txn-held", 30))
    out.append(fetch(web, "held-cb", 30))
    return out


def exitstack_callback_sees_list_at_exit(web: str) -> list[str]:
    results: list[str] = []
    with contextlib.ExitStack() as stack:
        stack.callback(lambda: store(web, "summary", ";".join(results)))
        for k, ms in (("l1", 150), ("l2", 30)):
            results.append(fetch(web, k, ms))
    return results + [fetch(web, "summary", 30)]


def exitstack_push_exit_swallow(web: str) -> list[str]:
    def swallow_key_error(et: Any, e: Any, tb: Any) -> bool:
        if et is KeyError:
            store(web, "keyerr", str(e))
            return True
        return False

    out = []
    with contextlib.ExitStack() as stack:
        stack.push(swallow_key_error)
        data = {"k1": fetch(web, "k1", 150)}
        out.append(data["k1"])
        out.append(data["k2"])
    out.append(fetch(web, "keyerr", 30))
    return out


# =========================================================================== tempfile, files, chdir


def tempdir_scratch_files(web: str) -> list[str]:
    with tempfile.TemporaryDirectory() as d:
        for k, ms in (("t1", 150), ("t2", 30), ("t3", 80)):
            (Path(d) / k).write_text(fetch(web, k, ms))
        names = sorted(os.listdir(d))
        joined = "|".join((Path(d) / n).read_text() for n in names)
    return [",".join(names), joined, str(os.path.exists(d))]


def named_tempfile_then_upload(web: str) -> list[Any]:
    with tempfile.NamedTemporaryFile("w+", suffix=".txt") as f:
        f.write(fetch(web, "body1", 150) + "\n")
        f.write(fetch(web, "body2", 30) + "\n")
        f.flush()
        f.seek(0)
        version = store(web, "uploaded", f.read())
    return [version, fetch(web, "uploaded", 30)]


def atomic_replace_write(web: str, tmp: str) -> list[str]:
    target = Path(tmp) / "state.json"
    out = []
    for k, ms in (("a1", 150), ("a2", 30)):
        value = fetch(web, k, ms)
        with tempfile.NamedTemporaryFile("w", dir=tmp, delete=False, suffix=".tmp") as f:
            json.dump({"key": k, "value": value}, f)
            tmp_name = f.name
        os.replace(tmp_name, target)
        out.append(target.read_text())
    return out


def lockfile_ctx_exists_inside(web: str, tmp: str) -> list[Any]:
    lock = Path(tmp) / "job.lock"

    @contextlib.contextmanager
    def lockfile() -> Iterator[None]:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.close(fd)
        try:
            yield
        finally:
            lock.unlink()

    out: list[Any] = []
    for k, ms in (("lk1", 150), ("lk2", 30)):
        with lockfile():
            out.append(fetch(web, k, ms))
            out.append(lock.exists())
        out.append(lock.exists())
    return out


def read_file_before_close(web: str, tmp: str) -> list[str]:
    """Inside the `with`, the buffered write is not yet on disk; after it, it is."""
    p = Path(tmp) / "buffered.txt"
    with open(p, "w") as f:
        f.write(fetch(web, "buf", 150))
        inside = p.read_text()
    return [inside, p.read_text(), fetch(web, "after-buf", 30)]


def chdir_relative_paths(web: str, tmp: str) -> list[str]:
    os.makedirs(Path(tmp) / "work", exist_ok=True)
    with contextlib.chdir(Path(tmp) / "work"):
        with open("first.txt", "w") as f:
            f.write(fetch(web, "cd1", 150))
        with open("second.txt", "w") as f:
            f.write(fetch(web, "cd2", 30))
        listed = sorted(os.listdir("."))
    here = os.path.exists("first.txt")
    return listed + [str(here), (Path(tmp) / "work" / "first.txt").read_text()]


def suppress_missing_file_then_write(web: str, tmp: str) -> list[str]:
    p = Path(tmp) / "cache.txt"
    out = []
    for k, ms in (("sf1", 150), ("sf2", 30)):
        with contextlib.suppress(FileNotFoundError):
            out.append("cached " + p.read_text())
        p.write_text(fetch(web, k, ms))
    out.append(p.read_text())
    return out


def sqlite_with_commit_and_rollback(web: str, tmp: str) -> list[Any]:
    db = str(Path(tmp) / "kv.db")
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")
    with conn:
        conn.execute("INSERT INTO kv VALUES (?, ?)", ("q1", fetch(web, "q1", 150)))
        conn.execute("INSERT INTO kv VALUES (?, ?)", ("q2", fetch(web, "q2", 30)))
    try:
        with conn:
            conn.execute("INSERT INTO kv VALUES (?, ?)", ("q3", fetch(web, "q3", 60)))
            conn.execute("INSERT INTO kv VALUES (?, ?)", ("q1", "dup"))
    except sqlite3.IntegrityError as e:
        err = str(e)
    other = sqlite3.connect(db)
    rows = other.execute("SELECT k, v FROM kv ORDER BY k").fetchall()
    other.close()
    conn.close()
    return [err, rows]


def closing_sqlite_cursor_reads(web: str, tmp: str) -> list[Any]:
    db = str(Path(tmp) / "c.db")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE t (v TEXT)")
        for k, ms in (("cs1", 150), ("cs2", 30)):
            conn.execute("INSERT INTO t VALUES (?)", (fetch(web, k, ms),))
        conn.commit()
        with contextlib.closing(conn.cursor()) as cur:
            cur.execute("SELECT v FROM t ORDER BY rowid")
            rows = cur.fetchall()
    return rows


# ================================================================== closing, suppress, nullcontext


class RemoteCursor:
    """A resource with `close()` that tells the server it is done."""

    def __init__(self, web: str, name: str) -> None:
        self.web, self.name, self.reads = web, name, 0

    def read(self, key: str, ms: int) -> str:
        self.reads += 1
        return fetch(self.web, key, ms)

    def close(self) -> None:
        store(self.web, f"cursor-{self.name}", f"closed after {self.reads}")


def closing_remote_cursor(web: str) -> list[str]:
    out = []
    with contextlib.closing(RemoteCursor(web, "c1")) as cur:
        out.append(cur.read("rc1", 150))
        out.append(cur.read("rc2", 30))
        out.append(fetch(web, "cursor-c1", 30))
    out.append(fetch(web, "cursor-c1", 30))
    return out


def pages(web: str) -> Iterator[str]:
    try:
        for i, ms in enumerate((150, 30, 80, 40)):
            yield fetch(web, f"page{i}", ms)
    finally:
        store(web, "pages-closed", "yes")


def closing_generator_early_break(web: str) -> list[str]:
    out = []
    with contextlib.closing(pages(web)) as it:
        for page in it:
            out.append(page)
            if len(out) == 2:
                break
        out.append(fetch(web, "pages-closed", 30))
    out.append(fetch(web, "pages-closed", 30))
    return out


def suppress_failed_reads_keep_going(web: str) -> list[str]:
    out = []
    for k, ms in (("ok1", 150), ("missing-s", 30), ("ok3", 60)):
        with contextlib.suppress(requests.HTTPError):
            v = fetch_checked(web, k, ms)
            store(web, f"copy-{k}", v)
            out.append(v)
    out.append(",".join(requests.get(f"{web}/items", timeout=5).json()["keys"]))
    return out


def suppress_keyerror_around_lookup(web: str) -> list[str]:
    table = {"n1": "a", "n3": "c"}
    out = []
    for k, ms in (("n1", 150), ("n2", 30), ("n3", 80)):
        with contextlib.suppress(KeyError):
            out.append(table[k] + ":" + fetch(web, k, ms))
    return out


def nullcontext_or_lock(web: str) -> list[str]:
    out = []
    for k, ms, locked in (("nc1", 150, True), ("nc2", 30, False), ("nc3", 80, True)):
        cm = ServerLock(web, k) if locked else contextlib.nullcontext(k)
        with cm:
            out.append(fetch(web, k, ms))
            out.append(fetch(web, f"lock-{k}", 30))
    return out


def nullcontext_enter_result(web: str) -> list[str]:
    out = []
    for given in (None, requests.Session()):
        cm = contextlib.nullcontext(given) if given is not None else requests.Session()
        with cm as s:
            out.append(s.get(f"{web}/items/ns?ms=150", timeout=5).json()["value"])
            out.append(s.get(f"{web}/items/ns2?ms=30", timeout=5).json()["value"])
        if given is not None:
            given.close()
    return out


# =========================================================================== redirect_stdout/stderr


def _chatty_fetch(web: str, key: str, ms: int) -> str:
    v = fetch(web, key, ms)
    print(f"fetched {key} -> {v}")
    return v


def redirect_stdout_captures_helpers(web: str) -> dict[str, Any]:
    buf = io.StringIO()
    print("before")
    with contextlib.redirect_stdout(buf):
        a = _chatty_fetch(web, "rs1", 150)
        b = _chatty_fetch(web, "rs2", 30)
    print("after", a, b)
    return {"captured": buf.getvalue().splitlines(), "a": a, "b": b}


def _warn_fetch(web: str, key: str, ms: int) -> str:
    v = fetch(web, key, ms)
    print(f"warning: {key} is {v}", file=sys.stderr)
    return v


def redirect_stderr_captures_warnings(web: str) -> list[str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        vals = [_warn_fetch(web, k, ms) for k, ms in (("re1", 150), ("re2", 30), ("re3", 80))]
    return vals + err.getvalue().splitlines()


def redirect_stdout_to_file(web: str, tmp: str) -> str:
    p = Path(tmp) / "report.txt"
    with open(p, "w") as f, contextlib.redirect_stdout(f):
        for k, ms in (("rf1", 150), ("rf2", 30)):
            print(k, fetch(web, k, ms))
    print("report written")
    return p.read_text()


def redirect_then_print_outside_in_loop(web: str) -> list[str]:
    logs = []
    for k, ms in (("ro1", 150), ("ro2", 30)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            print("inside", fetch(web, k, ms))
        print("outside", k)
        logs.append(buf.getvalue().strip())
    return logs


# =========================================================================== patching, globals, env

CONFIG = {"prefix": "prod"}


def _prefixed_fetch(web: str, key: str, ms: int) -> str:
    return fetch(web, f"{CONFIG['prefix']}-{key}", ms)


def _reset_config(env: Env) -> None:
    CONFIG.clear()
    CONFIG["prefix"] = "prod"


def patch_dict_changes_helper_reads(web: str) -> list[str]:
    out = []
    with mock.patch.dict(CONFIG, {"prefix": "test"}):
        out.append(_prefixed_fetch(web, "x", 150))
    out.append(_prefixed_fetch(web, "x", 30))
    return out


def _env_fetch(web: str, key: str, ms: int) -> str:
    return fetch(web, f"{os.environ.get('CORPUS65_STAGE', 'live')}-{key}", ms)


@contextlib.contextmanager
def env_var(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old


def _clear_stage(env: Env) -> None:
    os.environ.pop("CORPUS65_STAGE", None)


def env_var_ctx_helper_reads(web: str) -> list[str]:
    out = [_env_fetch(web, "k", 150)]
    with env_var("CORPUS65_STAGE", "canary"):
        out.append(_env_fetch(web, "k", 30))
    out.append(_env_fetch(web, "k", 30))
    return out


MODE = {"dry_run": False}


@contextlib.contextmanager
def dry_run() -> Iterator[None]:
    MODE["dry_run"] = True
    try:
        yield
    finally:
        MODE["dry_run"] = False


def _maybe_store(web: str, key: str, value: str) -> str:
    if MODE["dry_run"]:
        print("would store", key, value)
        return "dry"
    return str(store(web, key, value))


def _reset_mode(env: Env) -> None:
    MODE["dry_run"] = False


def dry_run_block_then_real(web: str) -> list[str]:
    out = []
    with dry_run():
        out.append(_maybe_store(web, "d1", fetch(web, "src1", 150)))
    out.append(_maybe_store(web, "d2", fetch(web, "src2", 30)))
    out.append(fetch(web, "d1", 30))
    out.append(fetch(web, "d2", 30))
    return out


_LOCK = threading.Lock()


def threading_lock_block(web: str) -> list[Any]:
    out: list[Any] = []
    with _LOCK:
        out.append(fetch(web, "lk-a", 150))
        out.append(_LOCK.locked())
    out.append(fetch(web, "lk-b", 30))
    out.append(_LOCK.locked())
    return out


# =========================================================================== clients closed on exit


def httpx_block_then_get_on_closed(web: str) -> list[str]:
    out = []
    with httpx.Client(base_url=web, timeout=5) as c:
        out.append(c.get("/items/hc1", params={"ms": 150}).json()["value"])
        out.append(c.get("/items/hc2", params={"ms": 30}).json()["value"])
    try:
        out.append(c.get("/items/hc3", params={"ms": 30}).json()["value"])
    except RuntimeError as e:
        out.append(f"closed: {type(e).__name__}")
    return out


def session_closed_then_new(web: str) -> list[str]:
    out = []
    for k, ms in (("sn1", 150), ("sn2", 30)):
        with requests.Session() as s:
            out.append(s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
            s.put(f"{web}/items/log-{k}", data="x", timeout=5)
    out.append(fetch(web, "log-sn1", 30))
    return out


class Conn:
    """A socket to the line server that SETs a marker on enter and on exit."""

    def __init__(self, addr: tuple[str, int]) -> None:
        self.addr = addr
        self.sock: socket.socket | None = None
        self.f: Any = None

    def cmd(self, line: str) -> str:
        assert self.f is not None
        self.f.write(line + "\n")
        self.f.flush()
        return self.f.readline().strip()

    def __enter__(self) -> Conn:
        self.sock = socket.create_connection(self.addr, timeout=5)
        self.f = self.sock.makefile("rw")
        self.cmd("SET session open")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.cmd("SET session closed")
        self.f.close()
        assert self.sock is not None
        self.sock.close()


def tcp_session_markers(tcp: tuple[str, int]) -> list[str]:
    out = []
    with Conn(tcp) as c:
        out.append(c.cmd("GET session ms=150"))
        out.append(c.cmd("GET other ms=30"))
    with socket.create_connection(tcp, timeout=5) as s, s.makefile("rw") as f:
        f.write("GET session ms=30\n")
        f.flush()
        out.append(f.readline().strip())
    return out


# =========================================================================== async


async def _aget(http: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    return (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]


@contextlib.asynccontextmanager
async def atransaction(http: httpx.AsyncClient, web: str, name: str) -> AsyncIterator[str]:
    await http.put(f"{web}/items/atxn-{name}", content="begin")
    try:
        yield name
    finally:
        await http.put(f"{web}/items/atxn-{name}", content="commit")


async def async_txn_then_state(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        async with atransaction(http, web, "a1"):
            out.append(await _aget(http, web, "aa", 150))
            out.append(await _aget(http, web, "atxn-a1", 30))
        out.append(await _aget(http, web, "atxn-a1", 30))
        return out


async def async_exitstack_undo_puts(web: str) -> list[str]:
    async with contextlib.AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(timeout=5))
        out = []
        for k, ms in (("ae1", 150), ("ae2", 30)):
            out.append(await _aget(http, web, k, ms))
            stack.push_async_callback(http.put, f"{web}/items/undo", content=f"undo {k}")
        out.append(await _aget(http, web, "undo", 30))
    async with httpx.AsyncClient(timeout=5) as http2:
        out.append(await _aget(http2, web, "undo", 30))
    return out


async def _txn_read(http: httpx.AsyncClient, web: str, k: str, ms: int) -> str:
    async with atransaction(http, web, k):
        return await _aget(http, web, k, ms)


async def async_comprehension_of_txn_helpers(web: str) -> list[Any]:
    """Awaited one by one in a comprehension (a gather would send the two begins together,
    in an order that varies run to run)."""
    async with httpx.AsyncClient(timeout=5) as http:
        vals = [await _txn_read(http, web, k, ms) for k, ms in (("ga", 150), ("gb", 30))]
        return vals + [await _aget(http, web, "atxn-ga", 30)]


async def apages(http: httpx.AsyncClient, web: str) -> AsyncIterator[str]:
    try:
        for i, ms in enumerate((150, 30, 80)):
            yield await _aget(http, web, f"ap{i}", ms)
    finally:
        await http.put(f"{web}/items/apages", content="closed")


async def aclosing_async_gen_break(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        async with contextlib.aclosing(apages(http, web)) as it:
            async for p in it:
                out.append(p)
                if len(out) == 2:
                    break
        out.append(await _aget(http, web, "apages", 30))
        return out


async def async_redirect_stdout(web: str) -> list[str]:
    buf = io.StringIO()
    async with httpx.AsyncClient(timeout=5) as http:
        with contextlib.redirect_stdout(buf):
            for k, ms in (("ar1", 150), ("ar2", 30)):
                print("got", await _aget(http, web, k, ms))
        print("done")
        return buf.getvalue().splitlines()


class AsyncLease:
    """An async CM class whose `__aexit__` swallows a timeout-like error and records it."""

    def __init__(self, http: httpx.AsyncClient, web: str) -> None:
        self.http, self.web = http, web

    async def __aenter__(self) -> AsyncLease:
        await self.http.put(f"{self.web}/items/lease", content="taken")
        return self

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        await self.http.put(f"{self.web}/items/lease", content=f"released {et is not None}")
        return et is ValueError


async def async_lease_swallows(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        for k, ms in (("ls1", 150), ("ls2", 30)):
            async with AsyncLease(http, web):
                v = await _aget(http, web, k, ms)
                if k == "ls1":
                    raise ValueError(v)
                out.append(v)
            out.append(await _aget(http, web, "lease", 30))
        return out


# ======================================================== contexts that are per thread or per task


def _price_key(web: str, a: int, b: int, ms: int) -> str:
    q = decimal.Decimal(a) / decimal.Decimal(b)
    return fetch(web, f"price-{q}", ms)


def decimal_localcontext_helper_keys(web: str) -> list[str]:
    """The helper divides in the caller's decimal context (per thread): 4 digits here."""
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        a = _price_key(web, 1, 7, 150)
        b = _price_key(web, 2, 3, 30)
    c = _price_key(web, 1, 8, 30)
    return [a, b, c]


def decimal_localcontext_in_loop(web: str) -> list[str]:
    out = []
    for prec, ms in ((3, 150), (5, 30), (2, 80)):
        with decimal.localcontext(prec=prec):
            out.append(_price_key(web, 1, 3, ms))
    return out


REGION: contextvars.ContextVar[str] = contextvars.ContextVar("corpus65_region", default="us")


def _regional_fetch(web: str, key: str, ms: int) -> str:
    return fetch(web, f"{REGION.get()}-{key}", ms)


@contextlib.contextmanager
def region(name: str) -> Iterator[None]:
    token = REGION.set(name)
    try:
        yield
    finally:
        REGION.reset(token)


def contextvar_region_block(web: str) -> list[str]:
    out = [_regional_fetch(web, "a", 150)]
    with region("eu"):
        out.append(_regional_fetch(web, "b", 30))
        out.append(_regional_fetch(web, "c", 60))
    out.append(_regional_fetch(web, "d", 30))
    return out


async def _aregional(http: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    return await _aget(http, web, f"{REGION.get()}-{key}", ms)


@contextlib.asynccontextmanager
async def aregion(name: str) -> AsyncIterator[None]:
    token = REGION.set(name)
    try:
        yield
    finally:
        REGION.reset(token)


async def async_contextvar_region_block(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = [await _aregional(http, web, "a", 150)]
        async with aregion("eu"):
            out.append(await _aregional(http, web, "b", 30))
        out.append(await _aregional(http, web, "c", 30))
        return out


USER: contextvars.ContextVar[str] = contextvars.ContextVar("corpus65_user", default="anon")


async def _alogin(http: httpx.AsyncClient, web: str, name: str) -> str:
    who = await _aget(http, web, f"user-{name}", 150)
    USER.set(who)
    return who


async def async_helper_sets_contextvar(web: str) -> list[str]:
    """A helper awaited in place sets a ContextVar the caller then reads (a task's would
    be lost)."""
    async with httpx.AsyncClient(timeout=5) as http:
        a = await _alogin(http, web, "ann")
        b = await _aget(http, web, f"home-{USER.get()}", 30)
        return [a, b, USER.get()]


# ======================================================================== lifetimes without `with`


def one_liner_open_write_then_read(web: str, tmp: str) -> list[str]:
    """`open(p, "w").write(...)`: the file is closed (flushed) when the object is dropped."""
    out = []
    for k, ms in (("ol1", 150), ("ol2", 30)):
        p = Path(tmp) / f"{k}.txt"
        open(p, "w").write(fetch(web, k, ms))  # noqa: SIM115
        out.append(p.read_text())
    return out


def rebinding_file_handle_in_loop(web: str, tmp: str) -> list[str]:
    """Rebinding `f` closes the previous file; the last stays open (unflushed) till return."""
    for k, ms in (("rb1", 150), ("rb2", 30), ("rb3", 80)):
        f = open(Path(tmp) / f"{k}.txt", "w")  # noqa: SIM115
        f.write(fetch(web, k, ms))
    sizes = [os.path.getsize(Path(tmp) / f"{k}.txt") for k in ("rb1", "rb2", "rb3")]
    f.close()
    return [str(sizes)]




class Held:
    """A resource released by `__del__` (a DELETE on the server)."""

    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name
        store(web, f"held-{name}", "open")

    def read(self, key: str, ms: int) -> str:
        return fetch(self.web, key, ms)

    def __del__(self) -> None:
        requests.delete(f"{self.web}/items/held-{self.name}", timeout=5)


def resource_freed_by_refcount(web: str) -> list[Any]:
    r = Held(web, "h")
    a = r.read("hr1", 150)
    r = None
    keys = requests.get(f"{web}/items", timeout=5).json()["keys"]
    return [a, keys, r]


def resource_rebound_no_method_call(web: str) -> list[Any]:
    r = Held(web, "h")
    a = fetch(web, "hr1", 150)
    r = None
    keys = requests.get(f"{web}/items", timeout=5).json()["keys"]
    return [a, keys, r]


def resource_del_after_method_call(web: str) -> list[Any]:
    r = Held(web, "h")
    a = r.read("hr1", 150)
    del r
    keys = requests.get(f"{web}/items", timeout=5).json()["keys"]
    return [a, keys]


def temp_named_file_deleted_on_drop(web: str) -> list[Any]:
    tf = tempfile.NamedTemporaryFile("w", suffix=".txt")  # noqa: SIM115
    name = tf.name
    tf.write(fetch(web, "tn", 150))
    tf.flush()
    before = os.path.exists(name)
    del tf
    return [before, os.path.exists(name), fetch(web, "tn2", 30)]


def generator_set_to_none_runs_finally(web: str) -> list[str]:
    it: Any = pages(web)
    first = next(it)
    it = None
    return [first, fetch(web, "pages-closed", 30)]


def temp_named_file_set_to_none(web: str) -> list[Any]:
    tf: Any = tempfile.NamedTemporaryFile("w", suffix=".txt")  # noqa: SIM115
    name = tf.name
    tf.write(fetch(web, "tz", 150))
    tf = None
    return [os.path.exists(name), fetch(web, "tz2", 30), tf]


# ============================================================= CM methods overridden in subclasses


class Resource:
    """A base whose `__enter__`/`__exit__` call hooks that subclasses override."""

    def __enter__(self) -> Resource:
        self.open()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass


class RemoteResource(Resource):
    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name

    def open(self) -> None:
        store(self.web, f"res-{self.name}", "open")

    def close(self) -> None:
        store(self.web, f"res-{self.name}", "closed")


def subclass_close_in_base_exit(web: str) -> list[str]:
    out = []
    with RemoteResource(web, "a") as r:
        out.append(fetch(web, "rr1", 150))
        out.append(r.name)
    out.append(fetch(web, "res-a", 30))
    return out


def subclass_open_in_base_enter(web: str) -> list[str]:
    pre = fetch(web, "pre", 150)
    with RemoteResource(web, "b"):
        inside = fetch(web, "res-b", 30)
    return [pre, inside, fetch(web, "res-b", 30)]


def subclass_resource_local_then_with(web: str) -> list[str]:
    res = RemoteResource(web, "c")
    pre = fetch(web, "pre-c", 150)
    with res:
        inside = fetch(web, "res-c", 30)
    return [pre, inside, fetch(web, "res-c", 30)]


def _use_resource(res: Resource, web: str, key: str) -> str:
    with res:
        return fetch(web, key, 30)


def base_typed_param_subclass_given(web: str) -> list[str]:
    pre = fetch(web, "pre-d", 150)
    inside = _use_resource(RemoteResource(web, "d"), web, "res-d")
    return [pre, inside, fetch(web, "res-d", 30)]


class Committing:
    """A mixin: commits (a PUT) after the next class in the MRO has exited."""

    web = ""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        store(self.web, "mixin", f"commit by {type(self).__name__}")


class Timed(Committing):
    def __init__(self, web: str) -> None:
        self.web = web
        self.depth = 0

    def __enter__(self) -> Any:
        self.depth += 1
        return super().__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.depth -= 1
        super().__exit__(*exc)


def mixin_super_exit_chain(web: str) -> list[str]:
    out = []
    with Timed(web):
        out.append(fetch(web, "mx1", 150))
    out.append(fetch(web, "mixin", 30))
    return out


class Hooked:
    """Calls a callback given at construction on exit."""

    def __init__(self, on_close: Any) -> None:
        self.on_close = on_close

    def __enter__(self) -> Hooked:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.on_close()


def exit_calls_callback_attribute(web: str) -> list[str]:
    out = []
    with Hooked(lambda: store(web, "hooked", "closed")):
        out.append(fetch(web, "hk1", 150))
    out.append(fetch(web, "hooked", 30))
    return out


def closing_subclass_override(web: str) -> list[str]:
    out = []
    with contextlib.closing(RemoteResource(web, "e")):
        out.append(fetch(web, "ce1", 150))
    out.append(fetch(web, "res-e", 30))
    return out


# ====================================================== patching libraries and globals for a block

BASE_KEY = "prod"


def _keyed_fetch(web: str, key: str, ms: int) -> str:
    return fetch(web, f"{BASE_KEY}-{key}", ms)


def _reset_base_key(env: Env) -> None:
    global BASE_KEY
    BASE_KEY = "prod"


def patch_module_global_str(web: str) -> list[str]:
    """`mock.patch` rebinds a module global str for the block; a helper reads it."""
    out = [_keyed_fetch(web, "a", 150)]
    with mock.patch(f"{__name__}.BASE_KEY", "staging"):
        out.append(_keyed_fetch(web, "b", 30))
    out.append(_keyed_fetch(web, "c", 30))
    return out


def patch_object_module_global(web: str) -> list[str]:
    out = [_keyed_fetch(web, "pa", 150)]
    with mock.patch.object(sys.modules[__name__], "BASE_KEY", "qa"):
        out.append(_keyed_fetch(web, "pb", 30))
        out.append(_keyed_fetch(web, "pc", 60))
    return out


def patch_requests_get_spy(web: str) -> list[str]:
    """A spy patched over `requests.get` for the block records what the helpers ask."""
    seen: list[str] = []
    real_get = requests.get

    def spy(url: str, **kw: Any) -> Any:
        seen.append(url.split("/items/")[1].split("?")[0])
        return real_get(url, **kw)

    out = [fetch(web, "sa", 150)]
    with mock.patch.object(requests, "get", spy):
        out.append(fetch(web, "sb", 30))
        out.append(fetch(web, "sc", 60))
    out.append(fetch(web, "sd", 30))
    return out + seen


class _Canned:
    def __init__(self, url: str) -> None:
        self.url = url

    def json(self) -> dict[str, str]:
        return {"value": "canned " + self.url.rsplit("/", 1)[1].split("?")[0]}


def patch_requests_get_canned(web: str) -> list[str]:
    """Offline block: `requests.get` answers canned data, no request leaves."""
    out = [fetch(web, "live1", 150)]
    with mock.patch.object(requests, "get", lambda url, **kw: _Canned(url)):
        out.append(fetch(web, "off1", 30))
        out.append(fetch(web, "off2", 60))
    out.append(fetch(web, "live2", 30))
    return out


def patch_store_dry_run(web: str) -> list[Any]:
    """The module's own write helper patched to a recorder for the block."""
    recorded: list[tuple[str, str]] = []
    out: list[Any] = [fetch(web, "dr1", 150)]
    with mock.patch(f"{__name__}.store", lambda w, k, v: recorded.append((k, v)) or 0):
        _save_twice(web, "dr")
    _save_twice(web, "real")
    out.append(fetch(web, "dr-1", 30))
    out.append(fetch(web, "real-1", 30))
    return out + recorded


def _save_twice(web: str, prefix: str) -> None:
    store(web, f"{prefix}-1", fetch(web, f"{prefix}-src", 40))
    store(web, f"{prefix}-2", "two")


# ========================================================================= files finished on close


def zipfile_written_then_read(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "bundle.zip"
    with zipfile.ZipFile(p, "w") as z:
        for k, ms in (("z1", 150), ("z2", 30)):
            z.writestr(f"{k}.txt", fetch(web, k, ms))
        valid_inside = zipfile.is_zipfile(p)
    with zipfile.ZipFile(p) as z:
        names = z.namelist()
        body = z.read("z2.txt").decode()
    return [valid_inside, zipfile.is_zipfile(p), names, body]


def gzip_text_then_read(web: str, tmp: str) -> list[str]:
    p = Path(tmp) / "log.txt.gz"
    # (mtime=0: the header holds no clock reading, which differs between two runs)
    with io.TextIOWrapper(gzip.GzipFile(p, "wb", mtime=0)) as f:
        for k, ms in (("gz1", 150), ("gz2", 30)):
            f.write(fetch(web, k, ms) + "\n")
    with gzip.open(p, "rt") as f:
        return f.read().splitlines()


def shelve_writeback_on_close(web: str, tmp: str) -> list[Any]:
    path = str(Path(tmp) / "shelf")
    with shelve.open(path, writeback=True) as db:
        db["seen"] = []
        for k, ms in (("sh1", 150), ("sh2", 30)):
            db["seen"].append(fetch(web, k, ms))
    with shelve.open(path) as db:
        return list(db["seen"])


def stringio_closed_after_with(web: str) -> list[str]:
    out = []
    with io.StringIO() as buf:
        print(fetch(web, "sio1", 150), file=buf)
        print(fetch(web, "sio2", 30), file=buf)
        out.append(buf.getvalue())
    try:
        out.append(buf.getvalue())
    except ValueError as e:
        out.append(f"closed: {e}")
    return out


def scandir_after_writes(web: str, tmp: str) -> list[str]:
    for k, ms in (("sd1", 150), ("sd2", 30)):
        (Path(tmp) / f"{k}.json").write_text(json.dumps({"v": fetch(web, k, ms)}))
    with os.scandir(tmp) as it:
        names = sorted(e.name for e in it if e.name.endswith(".json"))
    return names


# ================================================================= suppress and pools around loops


def suppress_around_whole_loop(web: str) -> list[str]:
    """The first failing read ends the loop: no copies after it, and the items kept."""
    out: list[str] = []
    with contextlib.suppress(requests.HTTPError):
        for k, ms in (("sl1", 150), ("sl2", 60), ("missing-sl3", 30), ("sl4", 40)):
            v = fetch_checked(web, k, ms)
            store(web, f"copy-{k}", v)
            out.append(v)
    out.append(",".join(requests.get(f"{web}/items", timeout=5).json()["keys"]))
    return out


def suppress_around_comprehension(web: str) -> list[Any]:
    vals: list[str] = []
    with contextlib.suppress(requests.HTTPError):
        vals = [fetch_checked(web, k, ms)
                for k, ms in (("sc1", 150), ("missing-sc2", 30), ("sc3", 60))]
    return [vals, fetch(web, "after-sc", 30)]


def single_worker_pool_exit_waits(web: str) -> list[Any]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
        futs = [ex.submit(store, web, "pool-key", f"w{i}") for i in range(3)]
    return [[f.result() for f in futs], fetch(web, "pool-key", 30)]


def exitstack_lambda_late_binding(web: str) -> list[str]:
    """Callbacks made as lambdas in a loop all see the loop's last key."""
    out = []
    with contextlib.ExitStack() as stack:
        for k, ms in (("lb1", 150), ("lb2", 30)):
            out.append(fetch(web, k, ms))
            stack.callback(lambda: store(web, f"undo-{k}", "late"))  # noqa: B023
    out.append(",".join(requests.get(f"{web}/items", timeout=5).json()["keys"]))
    return out


def http_client_closing(web: str) -> list[Any]:
    host, port = web.removeprefix("http://").split(":")
    out: list[Any] = []
    with contextlib.closing(http.client.HTTPConnection(host, int(port), timeout=5)) as c:
        for k, ms in (("hc1", 150), ("hc2", 30)):
            c.request("GET", f"/items/{k}?ms={ms}")
            out.append(json.loads(c.getresponse().read())["value"])
        c.request("PUT", "/items/hc-note", body="from http.client")
        out.append(json.loads(c.getresponse().read())["key"])
    out.append(fetch(web, "hc-note", 30))
    return out


# ================================================================== releases when a reference goes


class Ticket:
    """Made without I/O; released (a PUT) when the last reference goes."""

    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name

    def __enter__(self) -> Ticket:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def __del__(self) -> None:
        store(self.web, "released", self.name)


def ticket_rebound_in_loop(web: str) -> list[str]:
    """Each `t = Ticket(...)` drops the previous ticket: the next read sees its release."""
    out = []
    for k, ms in (("t1", 150), ("t2", 30), ("t3", 80)):
        t = Ticket(web, k)
        out.append(fetch(web, "released", ms) + "@" + t.name)
    return out


def ticket_with_target_rebound(web: str) -> list[str]:
    out = []
    for k, ms in (("w1", 150), ("w2", 30), ("w3", 80)):
        with Ticket(web, k) as t:
            out.append(fetch(web, "released", ms) + "@" + t.name)
    return out


def ticket_set_to_none_then_read(web: str) -> list[Any]:
    t: Any = Ticket(web, "n1")
    a = fetch(web, "tn-a", 150)
    t = None
    return [a, fetch(web, "released", 30), t]


def ticket_rebound_to_new_then_read(web: str) -> list[str]:
    t = Ticket(web, "r1")
    a = fetch(web, "tr-a", 150)
    t = Ticket(web, "r2")
    return [a, fetch(web, "released", 30), t.name]


def ticket_from_with_set_to_none(web: str) -> list[Any]:
    with Ticket(web, "wn") as t:
        a = fetch(web, "wn-a", 150)
    t = None
    return [a, fetch(web, "released", 30), t]


def tickets_list_rebound_empty(web: str) -> list[Any]:
    tickets = [Ticket(web, "l1"), Ticket(web, "l2")]
    a = fetch(web, "tl-a", 150)
    tickets = []
    return [a, fetch(web, "released", 30), tickets]


class Box:
    def __init__(self) -> None:
        self.ticket: Ticket | None = None


def box_attr_set_to_none(web: str) -> list[Any]:
    box = Box()
    box.ticket = Ticket(web, "b1")
    a = fetch(web, "bx-a", 150)
    box.ticket = None
    return [a, fetch(web, "released", 30)]


def ticket_tuple_unpack_none(web: str) -> list[Any]:
    t, name = Ticket(web, "u1"), "u1"
    a = fetch(web, "tu-a", 150)
    t, name = None, ""
    return [a, fetch(web, "released", 30), t, name]


def with_ticket_no_target(web: str) -> list[str]:
    """`with Ticket(...):` with no `as`: the ticket is dropped right after the block."""
    out = []
    for k, ms in (("nt1", 150), ("nt2", 30)):
        with Ticket(web, k):
            out.append(fetch(web, f"in-{k}", ms))
        out.append(fetch(web, "released", 30))
    return out


class Refused(Exception):
    def __init__(self, ticket: Ticket) -> None:
        super().__init__(f"refused {ticket.name}")
        self.ticket = ticket


def ticket_in_except_var(web: str) -> list[str]:
    """The exception holds the ticket; `except ... as e` deletes e at the handler's end."""
    out = [fetch(web, "ev-a", 150)]
    try:
        raise Refused(Ticket(web, "e1"))
    except Refused as e:
        out.append(str(e))
    out.append(fetch(web, "released", 30))
    return out


def _fail_holding_ticket(web: str, name: str) -> str:
    t = Ticket(web, name)
    raise LookupError(f"no seat for {t.name}")


def exception_frame_keeps_ticket(web: str) -> list[str]:
    """The ticket lives in the helper's frame, held by the traceback until the handler
    ends; then it is released."""
    out = [fetch(web, "pre-x", 150)]
    try:
        _fail_holding_ticket(web, "x1")
    except LookupError as e:
        out.append(str(e))
        out.append(fetch(web, "released", 30))
    out.append(fetch(web, "released", 30))
    return out


# ============================================================= client settings swapped for a block


@contextlib.contextmanager
def based_at(client: httpx.Client, base: str) -> Iterator[httpx.Client]:
    old = client.base_url
    client.base_url = httpx.URL(base)
    try:
        yield client
    finally:
        client.base_url = old


def httpx_base_url_swapped(web: str) -> list[str]:
    c = httpx.Client(base_url=f"{web}/items/", timeout=5)
    out = [c.get("bu1?ms=150").json()["value"]]
    with based_at(c, f"{web}/text/"):
        out.append(c.get("bu2?ms=30").text)
    out.append(c.get("bu3?ms=30").json()["value"])
    c.close()
    return out


@contextlib.contextmanager
def with_params(client: httpx.Client, **params: str) -> Iterator[None]:
    old = client.params
    client.params = client.params.merge(params)
    try:
        yield
    finally:
        client.params = old


def httpx_params_swapped(web: str) -> list[str]:
    c = httpx.Client(base_url=web, timeout=5)
    out = [c.get("/items/pr1", params={"ms": 150}).json()["value"]]
    with with_params(c, tenant="acme"):
        out.append(c.get("/items/pr2", params={"ms": 30}).json()["value"])
    out.append(c.get("/items/pr3", params={"ms": 30}).json()["value"])
    c.close()
    return out


VERBOSE_LOG = logging.getLogger("corpus.redteam65.verbose")


@contextlib.contextmanager
def log_level(logger: logging.Logger, level: int) -> Iterator[None]:
    old = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(old)


def _detail_fetch(web: str, key: str, ms: int) -> str:
    detail = "full" if VERBOSE_LOG.isEnabledFor(logging.DEBUG) else "brief"
    return fetch(web, f"{detail}-{key}", ms)


def _reset_verbose(env: Env) -> None:
    VERBOSE_LOG.setLevel(logging.INFO)


def log_level_block_changes_helper(web: str) -> list[str]:
    out = [_detail_fetch(web, "a", 150)]
    with log_level(VERBOSE_LOG, logging.DEBUG):
        out.append(_detail_fetch(web, "b", 30))
    out.append(_detail_fetch(web, "c", 30))
    return out


def contextvar_region_per_item(web: str) -> list[str]:
    out = []
    for reg, k, ms in (("eu", "a", 150), ("ap", "b", 30), ("us", "c", 80)):
        with region(reg):
            out.append(_regional_fetch(web, k, ms))
    return out


# ==================================================== process state a helper reads, set by a block


def manual_enter_then_drop_generator_cm(web: str) -> list[str]:
    """`__enter__` called by hand, the manager then dropped: its generator is closed and
    the `finally` clears the flag."""
    cm: Any = flag_on(web, "manual")
    cm.__enter__()
    a = fetch(web, "md-a", 150)
    cm = None
    return [a, fetch(web, "manual", 30)]


def _lock_aware_fetch(web: str, ms: int) -> str:
    state = "busy" if _LOCK.locked() else "free"
    return fetch(web, f"lock-{state}", ms)


def lock_state_read_by_helper(web: str) -> list[str]:
    out = [_lock_aware_fetch(web, 150)]
    with _LOCK:
        out.append(_lock_aware_fetch(web, 30))
    out.append(_lock_aware_fetch(web, 30))
    return out


def _styled_fetch(web: str, key: str, ms: int) -> str:
    style = "console" if sys.stdout is sys.__stdout__ else "captured"
    return fetch(web, f"{style}-{key}", ms)


def stdout_check_in_helper_under_redirect(web: str) -> list[str]:
    out = [_styled_fetch(web, "a", 150)]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        out.append(_styled_fetch(web, "b", 30))
    out.append(_styled_fetch(web, "c", 30))
    return out


def _cwd_fetch(web: str, ms: int) -> str:
    return fetch(web, f"cwd-{Path.cwd().name}", ms)


def cwd_named_key_under_chdir(web: str, tmp: str) -> list[str]:
    os.makedirs(Path(tmp) / "alpha", exist_ok=True)
    out = [fetch(web, "cw-pre", 150)]
    with contextlib.chdir(Path(tmp) / "alpha"):
        out.append(_cwd_fetch(web, 30))
    out.append(fetch(web, "cw-post", 30))
    return out


@contextlib.contextmanager
def default_timeout(seconds: float) -> Iterator[None]:
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(old)


def _timeout_tagged_fetch(web: str, key: str, ms: int) -> str:
    return fetch(web, f"{key}-t{socket.getdefaulttimeout()}", ms)


def socket_default_timeout_block(web: str) -> list[str]:
    out = [_timeout_tagged_fetch(web, "a", 150)]
    with default_timeout(7.0):
        out.append(_timeout_tagged_fetch(web, "b", 30))
    out.append(_timeout_tagged_fetch(web, "c", 30))
    return out


@contextlib.contextmanager
def seeded(n: int) -> Iterator[None]:
    state = random.getstate()
    random.seed(n)
    try:
        yield
    finally:
        random.setstate(state)


def _sampled_fetch(web: str, ms: int) -> str:
    return fetch(web, f"shard-{random.randrange(1000)}", ms)


def seeded_block_between_samples(web: str) -> list[str]:
    random.seed(1)
    out = [_sampled_fetch(web, 150)]
    with seeded(42):
        out.append(_sampled_fetch(web, 30))
    out.append(_sampled_fetch(web, 30))
    return out


# ==================================================================== exits that look at the error


class ExitNotes:
    """Logs what `__exit__` saw: the exception's type, its traceback's line and depth."""

    def __init__(self) -> None:
        self.notes: list[Any] = []

    def __enter__(self) -> ExitNotes:
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        if et is None:
            self.notes.append("clean")
            return False
        frames = traceback.extract_tb(tb)
        self.notes.append((et.__name__, frames[0].name, frames[-1].name, len(frames)))
        return True


def exit_inspects_traceback(web: str) -> list[Any]:
    notes = ExitNotes()
    out: list[Any] = []
    for k, ms in (("xt1", 150), ("missing-xt", 30), ("xt3", 60)):
        with notes:
            out.append(fetch_checked(web, k, ms))
    return out + notes.notes


class ExitReturnsCount:
    """`__exit__` returns an int: 0 lets the error through, a positive count swallows it."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> ExitReturnsCount:
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> Any:
        if et is None:
            return None
        self.count += 1
        return self.count - 1


def exit_returns_truthy_int(web: str) -> list[str]:
    cm = ExitReturnsCount()
    out = []
    for k, ms in (("missing-i1", 150), ("missing-i2", 30), ("i3", 60)):
        try:
            with cm:
                out.append(fetch_checked(web, k, ms))
                store(web, f"done-{k}", "1")
            out.append(f"after {k}")
        except requests.HTTPError:
            out.append(f"raised {k}")
    return out


class Gate:
    """Refuses a second entry while a first is open, and every third entry."""

    def __init__(self) -> None:
        self.entries = 0

    def __enter__(self) -> int:
        self.entries += 1
        if self.entries % 3 == 0:
            raise RuntimeError(f"gate closed at {self.entries}")
        return self.entries

    def __exit__(self, *exc: Any) -> None:
        return None


def enter_raises_body_skipped(web: str) -> list[str]:
    gate = Gate()
    out = []
    for k, ms in (("gt1", 150), ("gt2", 30), ("gt3", 80), ("gt4", 40)):
        try:
            with gate as n:
                out.append(f"{n}:{fetch(web, k, ms)}")
        except RuntimeError as e:
            out.append(str(e))
    return out


@contextlib.contextmanager
def failing_commit(web: str) -> Iterator[None]:
    yield
    r = requests.get(f"{web}/status/409?ms=40", timeout=5)
    r.raise_for_status()


def exception_context_from_exit(web: str) -> list[Any]:
    """The body's error, then the exit's: the exit's error carries the body's as context."""
    out: list[Any] = []
    try:
        with failing_commit(web):
            out.append(fetch(web, "ec1", 150))
            out.append(fetch_checked(web, "missing-ec", 30))
    except requests.HTTPError as e:
        ctx = e.__context__
        out.append((e.response.status_code, type(ctx).__name__,
                    getattr(getattr(ctx, "response", None), "status_code", None)))
    out.append(fetch(web, "ec3", 30))
    return out


def catch_warnings_from_helpers(web: str) -> list[Any]:
    def fetch_warn(k: str, ms: int) -> str:
        v = fetch(web, k, ms)
        warnings.warn(f"stale {k}", UserWarning, stacklevel=1)
        return v

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = [fetch_warn("cw1", 150), fetch_warn("cw2", 30)]
    return vals + [str(w.message) for w in caught]


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextlib.contextmanager
def captured_logs() -> Iterator[list[str]]:
    h = ListHandler()
    LOG.addHandler(h)
    try:
        yield h.lines
    finally:
        LOG.removeHandler(h)


def _logged_fetch(web: str, key: str, ms: int) -> str:
    v = fetch(web, key, ms)
    LOG.warning("fetched %s", key)
    return v


def capture_logs_around_helpers(web: str) -> list[Any]:
    _logged_fetch(web, "cl0", 150)
    with captured_logs() as lines:
        _logged_fetch(web, "cl1", 100)
        _logged_fetch(web, "cl2", 30)
    _logged_fetch(web, "cl3", 30)
    return lines


def streamed_response_with_then_get(web: str) -> list[str]:
    out = []
    with requests.get(f"{web}/text/st?ms=150", stream=True, timeout=5) as r:
        for line in r.iter_lines(decode_unicode=True):
            out.append(line)
    out.append(fetch(web, "st2", 30))
    return out


class InstanceExit:
    """The class's `__exit__` PUTs; an instance attribute named `__exit__` is ignored by
    the `with` statement (Python looks special methods up on the type)."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.__exit__ = lambda *exc: None  # type: ignore[method-assign]

    def __enter__(self) -> InstanceExit:
        return self

    def __exit__(self, *exc: Any) -> None:
        store(self.web, "inst-exit", "class exit ran")


def instance_exit_attribute_ignored(web: str) -> list[str]:
    out = []
    with InstanceExit(web):
        out.append(fetch(web, "ie1", 150))
    out.append(fetch(web, "inst-exit", 30))
    return out


async def async_ticket_set_to_none(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as http:
        t: Any = Ticket(web, "as1")
        a = await _aget(http, web, "at-a", 150)
        t = None
        return [a, await _aget(http, web, "released", 30), t]


async def async_manual_aenter_then_drop(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        cm: Any = atransaction(http, web, "man")
        await cm.__aenter__()
        a = await _aget(http, web, "am-a", 150)
        await cm.__aexit__(None, None, None)
        cm = None
        return [a, await _aget(http, web, "atxn-man", 30)]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def _web(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


def _aw(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, drive=lambda f, env: asyncio.run(f(env.web)), servers="web",
                ideal=ideal, **kw)


CASES: list[Case] = [
    # -- generator CMs
    _web(txn_reads_inside_then_state),
    _web(txn_rollback_then_report, cat="validation"),
    _web(flag_read_inside_and_after, cat="state"),
    _web(nested_transactions),
    _web(two_items_one_with),
    _web(txn_per_item_in_loop),
    _web(comprehension_of_txn_helpers),
    _web(yielded_value_written_back, cat="state"),
    _web(batch_dict_flushed_on_exit, cat="state"),
    _web(generator_cm_swallows, cat="validation"),
    _web(print_sections_around_reads),
    _web(logged_spans_nested),
    # -- class CMs
    _web(recorder_put_on_exit, cat="state"),
    _web(exit_translates_error, cat="validation"),
    _web(exit_swallows_in_loop, cat="validation"),
    _web(enter_returns_handle),
    _web(reentrant_cm_outer_exit_writes, cat="state"),
    _web(server_lock_around_reads),
    _web(session_params_for_block, cat="clients"),
    # -- ExitStack
    _web(exitstack_undo_callbacks_per_read),
    _wt(exitstack_many_files),
    _web(exitstack_conditional_txns),
    _web(exitstack_pop_all_deferred),
    _web(exitstack_callback_sees_list_at_exit, cat="state"),
    _web(exitstack_push_exit_swallow, cat="validation"),
    # -- tempfile, files, chdir, sqlite
    _web(tempdir_scratch_files, cat="files"),
    _web(named_tempfile_then_upload, cat="files"),
    _wt(atomic_replace_write),
    _wt(lockfile_ctx_exists_inside),
    _wt(read_file_before_close),
    _wt(chdir_relative_paths),
    _wt(suppress_missing_file_then_write),
    _wt(sqlite_with_commit_and_rollback, cat="db"),
    _wt(closing_sqlite_cursor_reads, cat="db"),
    # -- closing, suppress, nullcontext
    _web(closing_remote_cursor),
    _web(closing_generator_early_break),
    _web(suppress_failed_reads_keep_going, cat="validation"),
    _web(suppress_keyerror_around_lookup, cat="validation"),
    _web(nullcontext_or_lock),
    _web(nullcontext_enter_result, cat="clients"),
    # -- redirect
    _web(redirect_stdout_captures_helpers),
    _web(redirect_stderr_captures_warnings),
    _wt(redirect_stdout_to_file),
    _web(redirect_then_print_outside_in_loop),
    # -- patching, globals, env
    _web(patch_dict_changes_helper_reads, cat="rebind", setup=_reset_config),
    _web(env_var_ctx_helper_reads, cat="rebind", setup=_clear_stage),
    _web(dry_run_block_then_real, cat="state", setup=_reset_mode),
    _web(threading_lock_block, cat="threads"),
    # -- clients closed on exit
    _web(httpx_block_then_get_on_closed, cat="clients"),
    _web(session_closed_then_new, cat="clients"),
    Case("socket", tcp_session_markers, args=lambda env: (env.tcp,), servers="tcp"),
    # -- async
    _aw(async_txn_then_state),
    _aw(async_exitstack_undo_puts),
    _aw(async_comprehension_of_txn_helpers),
    _aw(aclosing_async_gen_break),
    _aw(async_redirect_stdout),
    _aw(async_lease_swallows, cat="validation"),
    _aw(async_ticket_set_to_none, cat="state"),
    _aw(async_manual_aenter_then_drop, cat="state"),
    # -- per-thread and per-task contexts
    _web(decimal_localcontext_helper_keys, cat="threads"),
    _web(decimal_localcontext_in_loop, cat="threads"),
    _web(contextvar_region_block, cat="threads"),
    _aw(async_contextvar_region_block, cat="threads"),
    _aw(async_helper_sets_contextvar, cat="state"),
    # -- lifetimes without `with`
    _wt(one_liner_open_write_then_read),
    _wt(rebinding_file_handle_in_loop),
    _web(resource_freed_by_refcount, cat="state"),
    _web(resource_rebound_no_method_call, cat="state"),
    _web(resource_del_after_method_call, cat="state"),
    _web(temp_named_file_deleted_on_drop, cat="files"),
    _web(generator_set_to_none_runs_finally, cat="state"),
    _web(temp_named_file_set_to_none, cat="files"),
    # -- CM methods overridden in subclasses
    _web(subclass_close_in_base_exit),
    _web(subclass_open_in_base_enter),
    _web(subclass_resource_local_then_with),
    _web(base_typed_param_subclass_given),
    _web(mixin_super_exit_chain),
    _web(exit_calls_callback_attribute),
    _web(closing_subclass_override),
    # -- patching libraries and globals for a block
    _web(patch_module_global_str, cat="rebind", setup=_reset_base_key),
    _web(patch_object_module_global, cat="rebind", setup=_reset_base_key),
    _web(patch_requests_get_spy, cat="rebind"),
    _web(patch_requests_get_canned, cat="rebind"),
    _web(patch_store_dry_run, cat="rebind"),
    # -- files finished on close
    _wt(zipfile_written_then_read),
    _wt(gzip_text_then_read),
    _wt(shelve_writeback_on_close),
    _web(stringio_closed_after_with),
    _wt(scandir_after_writes),
    # -- suppress and pools around loops
    _web(suppress_around_whole_loop, cat="validation", speculative_reads=True),
    _web(suppress_around_comprehension, cat="validation", speculative_reads=True),
    _web(single_worker_pool_exit_waits, cat="threads"),
    _web(exitstack_lambda_late_binding),
    _web(http_client_closing, cat="http"),
    # -- releases when a reference goes
    _web(ticket_rebound_in_loop, cat="state"),
    _web(ticket_with_target_rebound, cat="state"),
    _web(exception_frame_keeps_ticket, cat="state"),
    _web(ticket_set_to_none_then_read, cat="state"),
    _web(ticket_rebound_to_new_then_read, cat="state"),
    _web(ticket_from_with_set_to_none, cat="state"),
    _web(tickets_list_rebound_empty, cat="state"),
    _web(box_attr_set_to_none, cat="state"),
    _web(ticket_tuple_unpack_none, cat="state"),
    _web(with_ticket_no_target, cat="state"),
    _web(ticket_in_except_var, cat="state"),
    # -- client settings swapped for a block
    _web(httpx_base_url_swapped, cat="clients"),
    _web(httpx_params_swapped, cat="clients"),
    _web(log_level_block_changes_helper, cat="rebind", setup=_reset_verbose),
    _web(contextvar_region_per_item, cat="threads"),
    # -- process state a helper reads, set by a block
    _web(manual_enter_then_drop_generator_cm, cat="state"),
    _web(lock_state_read_by_helper, cat="threads"),
    _web(stdout_check_in_helper_under_redirect, cat="rebind"),
    _wt(cwd_named_key_under_chdir, cat="rebind"),
    _web(socket_default_timeout_block, cat="rebind"),
    _web(seeded_block_between_samples, cat="state"),
    # -- exits that look at the error
    _web(exit_inspects_traceback, cat="validation"),
    _web(exit_returns_truthy_int, cat="validation"),
    _web(enter_raises_body_skipped, cat="validation"),
    _web(exception_context_from_exit, cat="validation"),
    _web(catch_warnings_from_helpers),
    _web(capture_logs_around_helpers),
    _web(streamed_response_with_then_get, cat="http"),
    _web(instance_exit_attribute_ignored),
]

# Differed under jit when written, fixed since (stop 29): a store of a constant or an
# empty display to a name or an attribute that held an object (``t = None``) may drop it
# and run its finaliser there; it is a barrier now (`_implicit.store`).
FIXED_WHY: dict[str, str] = {
    "resource_freed_by_refcount":
        "value[1] and web: `r = None` drops the last reference to an object whose __del__ "
        "DELETEs on the server; the GET /items after it was sent before that DELETE (plain "
        "lists 0 keys, jit 1): the rebinding to a constant is taken as a plain store "
        "(`del r` in its place passes: resource_del_after_method_call)",
    "resource_rebound_no_method_call":
        "the same reduced: `r = Held(...)` (its __init__ PUTs), an unrelated GET, `r = None`, "
        "then a GET /items: the listing is sent before the finaliser's DELETE",
    "ticket_set_to_none_then_read":
        "the smallest: `t = Ticket(...)` (no I/O in __init__, a PUT in __del__), a 150 ms "
        "GET, `t = None`, a GET of what __del__ wrote: the last GET starts beside the first, "
        "before `t = None` runs the finaliser (value 'v-released' vs 'n1'); rebinding `t` to "
        "a new Ticket(...) instead passes (ticket_rebound_to_new_then_read)",
    "tickets_list_rebound_empty":
        "the same through a container: `tickets = []` drops a list of two tickets (two "
        "__del__ PUTs); the GET after it was sent before them ('v-released' vs 'l1')",
    "box_attr_set_to_none":
        "the same through an attribute: `box.ticket = None` on a local object of a plain "
        "class drops the ticket; the GET after it was sent before its __del__ PUT",
    "ticket_tuple_unpack_none":
        "the same through unpacking: `t, name = None, ''` drops the ticket; the GET after "
        "it was sent before the __del__ PUT",
    "manual_enter_then_drop_generator_cm":
        "`cm = flag_on(...)`, `cm.__enter__()`, a 150 ms GET, `cm = None`: dropping the "
        "@contextmanager object closes its generator, whose `finally` PUTs 'off'; the GET "
        "of the flag after it was sent before that PUT ('on' vs 'off'). A bare generator "
        "set to None passes (generator_set_to_none_runs_finally)",
    "async_ticket_set_to_none":
        "ticket_set_to_none_then_read in an `async def` with httpx: the awaited GET after "
        "`t = None` runs beside the first await, before the ticket's __del__ PUT",
}

FAILING_WHY: dict[str, str] = {}
FAILING: list[Case] = []
assert len(FAILING) == len(FAILING_WHY)
