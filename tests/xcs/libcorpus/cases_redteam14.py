"""Red-team cases (stop 21), fourteenth part: a failing read started early while the
function waits inside a ``try`` that catches its error type, hidden writes of files and
databases before a read of them, and a session's transport or urllib's global opener
changed between two requests.
"""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._web import checked, tmp_web_args, value, web_args

# --------------------------------------------------------------------------- a failure caught by the wrong try


def later_failure_caught_by_an_earlier_try(base: str) -> list[str]:
    try:
        x = checked(base, "ct1?ms=200")
    except requests.HTTPError:
        x = "caught"  # plain: the GET above succeeds, nothing is caught
    a = checked(base, "missing-ct?ms=1")  # fails here, after the try
    return [x, a]


def later_failure_in_a_loop_with_try(base: str) -> list[str]:
    out = []
    for k in ("lt1?ms=150", "lt2?ms=150"):
        try:
            out.append(checked(base, k))
        except requests.HTTPError:
            out.append("caught")
    out.append(checked(base, "missing-lt?ms=1"))
    return out


def later_failure_caught_by_a_broad_except(base: str) -> list[str]:
    log = []
    try:
        x = value(base, "bx?ms=200")
    except Exception as e:  # noqa: BLE001 - the broad except a script writes
        log.append(type(e).__name__)
        x = "caught"
    a = checked(base, "missing-bx?ms=1")
    return [x, a, *log]


# --------------------------------------------------------------------------- hidden writes of files and databases


class Checkpoint:
    """Saves its state as JSON when the block ends."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.state: dict[str, str] = {}

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: Any) -> None:
        Path(self.path).write_text(json.dumps(self.state))


def checkpoint_context_manager_then_file_read(folder: str, base: str) -> list[Any]:
    path = f"{folder}/ckpt.json"
    Path(path).write_text("{}")
    with Checkpoint(path) as ck:
        ck.state["a"] = value(base, "ck1")
    b = value(base, "ck2")
    return [json.loads(Path(path).read_text()), b]


class Rows:
    """A dict-like table: assignment inserts and commits."""

    def __init__(self, db: str) -> None:
        self.conn = sqlite3.connect(db)
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")
        self.conn.commit()

    def __setitem__(self, k: str, v: str) -> None:
        self.conn.execute("INSERT INTO kv VALUES (?, ?)", (k, v * 2000))
        self.conn.commit()


def hidden_db_write_then_file_size(folder: str, base: str) -> list[Any]:
    db = f"{folder}/rows.db"
    rows = Rows(db)
    before = os.path.getsize(db)
    first = value(base, "hr0")
    rows["a"] = first  # an INSERT and a commit, through __setitem__
    grew = os.path.getsize(db) > before
    rows.conn.close()
    return [first, grew]


# --------------------------------------------------------------------------- transports changed between requests


class LoudAdapter(HTTPAdapter):
    def send(self, request: Any, **kwargs: Any) -> Any:
        print("adapter", request.path_url)
        return super().send(request, **kwargs)


def session_adapter_mounted_between_gets(base: str) -> list[str]:
    s = requests.Session()
    a = s.get(f"{base}/items/sm1").json()["value"]
    s.mount("http://", LoudAdapter())  # the next GET goes through it
    b = s.get(f"{base}/items/sm2").json()["value"]
    s.close()
    return [a, b]


class Tagging(urllib.request.BaseHandler):
    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        print("opener", req.selector)
        return req


def global_opener_installed_between_urlopens(base: str) -> list[str]:
    a = urllib.request.urlopen(f"{base}/items/go1").read().decode()
    urllib.request.install_opener(urllib.request.build_opener(Tagging()))
    try:
        b = urllib.request.urlopen(f"{base}/items/go2").read().decode()
    finally:
        urllib.request.install_opener(None)
    return [a, b]


CASES = [
    Case("validation", later_failure_caught_by_an_earlier_try, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", later_failure_in_a_loop_with_try, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", later_failure_caught_by_a_broad_except, args=web_args, servers="web",
         speculative_reads=True),
    Case("files", checkpoint_context_manager_then_file_read, args=tmp_web_args, servers="web"),
    Case("db", hidden_db_write_then_file_size, args=tmp_web_args, servers="web"),
    Case("clients", session_adapter_mounted_between_gets, args=web_args, servers="web"),
    Case("http", global_opener_installed_between_urlopens, args=web_args, servers="web"),
]
