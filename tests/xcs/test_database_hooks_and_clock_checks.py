"""Code of yours that runs where a call does not show it: a sqlite3 connection handed a
trace callback or an authoriser runs it in each statement (its database calls keep their
place: `_analysis._hooks_a_database`), and a loop's check that reads the clock reads the
time its place would see (`_bodies._varies`)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from ember import xcs
from tests.xcs._store import Store

STORE = Store()


@xcs.effect("model")
def ask(key: str) -> str | None:
    return STORE.read(key, 0.03)


@xcs.effect("read", resource="net")
def get(key: str, delay: float = 0.2) -> str | None:
    return STORE.read(key, delay)


def audit(statement: str) -> None:
    time.sleep(0.01)  # (a model call started early meanwhile arrives first)
    STORE.items["audit"] = statement


def traced_delete_then_ask(path: str) -> list[Any]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS t (k TEXT)")
    conn.set_trace_callback(audit)
    conn.execute("DELETE FROM t")
    answer = ask("audit")
    conn.close()
    return [answer]


def test_a_trace_callback_keeps_the_statements_in_place(tmp_path: Path) -> None:
    STORE.reset()
    plain = traced_delete_then_ask(str(tmp_path / "plain.db"))
    STORE.reset()
    assert xcs.jit(traced_delete_then_ask)(str(tmp_path / "jitted.db")) == plain
    assert plain == ["DELETE FROM t"]


DEADLINE = [0.0]


def past_deadline() -> None:
    if time.monotonic() > DEADLINE[0]:
        raise TimeoutError("past the deadline")


def expired(deadline: float) -> bool:
    return time.monotonic() > deadline


def fetch_until_deadline(keys: list[str]) -> list[Any]:
    DEADLINE[0] = time.monotonic() + 0.3  # (checked at 0, 0.2 and 0.4 s: 0.1 s margins)
    out: list[Any] = []
    try:
        for k in keys:
            past_deadline()
            out.append(get(k))
    except TimeoutError as e:
        out.append(str(e))
    return out


def skip_after_deadline(keys: list[str]) -> list[Any]:
    deadline = time.monotonic() + 0.3
    out: list[Any] = []
    for k in keys:
        if expired(deadline):
            out.append("skipped")
            continue
        out.append(get(k))
    return out


def test_a_check_that_reads_the_clock_runs_at_its_place() -> None:
    for fn in (fetch_until_deadline, skip_after_deadline):
        STORE.reset()
        plain = fn(["a", "b", "c", "d"])
        STORE.reset()
        assert xcs.jit(fn)(["a", "b", "c", "d"]) == plain, fn.__name__
        assert STORE.most == 1  # (each item's read waits for its check)
