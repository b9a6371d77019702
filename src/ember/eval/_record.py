"""The record file: every item's result, durable the moment it is written.

A record is a SQLite database in WAL mode with ``synchronous=FULL``: each commit is on
disk (the WAL fsynced) before it returns, and a process killed at any instant leaves the
file with every committed item and nothing half-written. Items are written by one writer
thread, batched into one transaction per wake-up (group commit): under load many items
share an fsync, and an idle run commits each item at once.

`items.key` is the primary key, so an item is recorded at most once; a resumed run reads
the keys already done and skips them. The ``meta`` table names the system and evaluator
that wrote the record; resuming with different ones raises `RecordMismatch`, since their
scores would not be comparable.

Records hold items, outputs and error messages, never credentials: every text is passed
through `Redactor`, which removes the API keys configured for this process (and, in error
messages, anything shaped like a key).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

from ember import __version__
from ember._core import known_secrets, redact
from ember._errors import EvalError, RecordExists, RecordMismatch
from ember.eval._task import ItemRecord

__all__ = ["FORMAT", "RecordStore", "Redactor", "read_records"]

FORMAT: Final = "ember-eval/1"

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    idx INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    item TEXT NOT NULL,
    output TEXT,
    reference TEXT,
    score REAL,
    note TEXT NOT NULL,
    error_type TEXT,
    error TEXT,
    calls INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    unpriced_calls INTEGER NOT NULL,
    latency_s REAL NOT NULL,
    finished_at REAL NOT NULL
);
"""
_COLUMNS: Final = ("key", "idx", "fingerprint", "item", "output", "reference", "score", "note",
                   "error_type", "error", "calls", "prompt_tokens", "completion_tokens",
                   "cost_usd", "unpriced_calls", "latency_s", "finished_at")
_INSERT: Final = (f"INSERT OR REPLACE INTO items ({', '.join(_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(_COLUMNS))})")
# Meta fields a resumed run must match.
_IDENTITY: Final = ("system", "evaluator")

logger = logging.getLogger("ember.eval")


class Redactor:
    """Removes this process's API keys from text before it is stored, with the same function
    (`ember._core.redact`) as every other place Ember shows text.

    Examples:
        >>> Redactor(["sk-abcdefgh12345678"]).text("key sk-abcdefgh12345678 leaked")
        'key *** leaked'
    """

    def __init__(self, secrets: Iterable[str] | None = None) -> None:
        self.secrets = tuple(secrets if secrets is not None else _configured_keys())

    def text(self, value: str | None, *, error: bool = False) -> str | None:
        """`value` redacted; an `error` text also loses every word shaped like a key."""
        return None if value is None else redact(value, self.secrets, shapes=error)

    def json(self, value: Any) -> str:
        return self.text(json.dumps(value, ensure_ascii=False, sort_keys=True)) or "null"


def _configured_keys() -> tuple[str, ...]:
    """Every API key this process could send (`known_secrets`), after reading the config
    so that its keys, and the env vars it names, are known even before any call."""
    try:
        from ember.models import get_config

        get_config()
    except Exception:  # noqa: BLE001 - an unreadable config has no keys to hide
        pass
    return known_secrets()


def _create_private(path: str) -> None:
    """Create the record file owner-only (0600) before SQLite opens it, with no moment at a
    wider mode: it holds prompts and outputs, and SQLite gives its -wal and -shm files the
    database file's mode. An existing file keeps the mode its owner gave it."""
    with contextlib.suppress(OSError):  # it exists, or cannot be made: SQLite says which
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        _create_private(path)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    if path != ":memory:":
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise EvalError(f"{path}: the record needs SQLite's WAL mode, which this file "
                            f"system refused (journal_mode={mode}). Fix: put the record on a "
                            "local disk.")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _row_to_record(row: tuple) -> ItemRecord:
    (key, idx, fp, item, output, reference, score, note, etype, error, calls, pt, ct, cost,
     unpriced, latency, _finished) = row
    return ItemRecord(index=idx, key=key, fingerprint=fp, item=json.loads(item), output=output,
                      reference=json.loads(reference) if reference is not None else None,
                      score=score, note=note, error_type=etype, error=error, calls=calls,
                      prompt_tokens=pt, completion_tokens=ct, cost_usd=cost,
                      unpriced_calls=unpriced, latency_s=latency)


class RecordStore:
    """One evaluation's record: open or resume it, write items durably, read them back.

    Args:
        path: the SQLite file, or None for a record kept in memory only.
        meta: ``system`` and ``evaluator`` descriptions (and anything else to keep).
        resume: continue an existing record (else an existing, non-empty one is an error).
        on_commit: called from the writer thread with each batch once it is durable.

    Raises:
        RecordExists: the file holds items and `resume` is false.
        RecordMismatch: resuming a record whose system or evaluator differ.
    """

    def __init__(self, path: str | os.PathLike[str] | None, meta: dict[str, str], *,
                 resume: bool = False,
                 on_commit: Callable[[list[ItemRecord]], None] | None = None) -> None:
        self.path = None if path is None else os.fspath(path)
        self.redactor = Redactor()
        self._on_commit = on_commit
        where = self.path or ":memory:"
        if self.path is not None:
            parent = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(parent):
                raise EvalError(f"{self.path}: the directory {parent} does not exist. Fix: "
                                "create it, or choose another --record path.")
        # A zero-byte file (`touch`, a copy that failed) opens as a new database: fine, but a
        # user who expected an earlier run in it must hear that every item runs again. (Its
        # WAL may still hold a run: then the meta table is not empty and nothing is said.)
        was_empty = self.path is not None and os.path.isfile(self.path) \
            and os.path.getsize(self.path) == 0
        try:
            self._conn = _connect(where)
            self._conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise EvalError(f"{where}: not an Ember record ({exc}). Fix: choose another "
                            "--record path.") from None
        if was_empty and self._conn.execute("SELECT 1 FROM meta LIMIT 1").fetchone() is None:
            logger.warning("%s: the record file is empty (0 bytes), so it holds no earlier "
                           "run; starting a new record in it (every item runs).", self.path)
        self._check_meta(meta, resume)
        self._queue: queue.SimpleQueue[ItemRecord | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.committed = 0

    # -- opening --------------------------------------------------------------------------

    def _check_meta(self, meta: dict[str, str], resume: bool) -> None:
        conn = self._conn
        found = dict(conn.execute("SELECT name, value FROM meta").fetchall())
        (count,) = conn.execute("SELECT COUNT(*) FROM items").fetchone()
        if found and found.get("format") != FORMAT:
            raise RecordMismatch(f"{self.path}: written by another program or version "
                                 f"(format {found.get('format')!r}, expected {FORMAT!r}). Fix: "
                                 "choose another --record path.", path=str(self.path),
                                 field="format")
        if count and not resume:
            raise RecordExists(
                f"{self.path}: already holds {count} item(s) of an earlier run. Fix: pass "
                "resume=True (--resume) to continue it, or choose another path.",
                path=str(self.path))
        if found and resume:
            for name in _IDENTITY:
                if found.get(name) != meta.get(name):
                    raise RecordMismatch(
                        f"{self.path}: was written with {name} {found.get(name)!r}; this run "
                        f"uses {meta.get(name)!r}. Scores of different {name}s must not be "
                        f"mixed. Fix: run with the same {name}, or use another --record path.",
                        path=str(self.path), field=name)
        rows = {"format": FORMAT, "ember": __version__, **meta}
        if not found:
            rows["created"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        with self._transaction():
            conn.executemany("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
                             [(k, self.redactor.text(str(v))) for k, v in rows.items()
                              if k not in found or k in ("ember",)])

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)

    def done(self) -> dict[str, tuple[str, bool]]:
        """Items already recorded: key -> (fingerprint, failed)."""
        rows = self._conn.execute("SELECT key, fingerprint, error_type FROM items").fetchall()
        return {key: (fp, etype is not None) for key, fp, etype in rows}

    def meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT name, value FROM meta").fetchall())

    # -- writing --------------------------------------------------------------------------

    def start(self) -> None:
        """Start the writer thread."""
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_loop, name="ember-eval-record",
                                            daemon=True)
            self._writer.start()

    def put(self, record: ItemRecord) -> None:
        """Queue `record` for the writer; it is durable once `on_commit` reports it."""
        if self._failure is not None:
            raise EvalError(f"{self.path}: writing the record failed: {self._failure}") \
                from self._failure
        self._queue.put(record)

    def close(self) -> None:
        """Write everything queued, stop the writer and check it did not fail."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = None
        if self._failure is not None:
            raise EvalError(f"{self.path}: writing the record failed: {self._failure}") \
                from self._failure

    def _write_loop(self) -> None:
        q = self._queue
        stop = False
        while not stop:
            batch: list[ItemRecord] = []
            first = q.get()
            if first is None:
                stop = True
            else:
                batch.append(first)
            while True:  # everything that arrived meanwhile goes into the same commit
                try:
                    more = q.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                else:
                    batch.append(more)
            if not batch:
                continue
            try:
                self._commit(batch)
            except BaseException as exc:  # noqa: BLE001 - reported by put()/close()
                self._failure = exc
                return
            self.committed += len(batch)
            if self._on_commit is not None:
                self._on_commit(batch)

    def _commit(self, batch: list[ItemRecord]) -> None:
        red = self.redactor
        now = time.time()
        rows = [(r.key, r.index, r.fingerprint, red.json(r.item), red.text(r.output),
                 None if r.reference is None else red.json(r.reference), r.score,
                 red.text(r.note) or "", r.error_type, red.text(r.error, error=True), r.calls,
                 r.prompt_tokens, r.completion_tokens, r.cost_usd, r.unpriced_calls,
                 r.latency_s, now) for r in batch]
        with self._transaction():
            self._conn.executemany(_INSERT, rows)

    # -- reading --------------------------------------------------------------------------

    def records(self, keys: Iterable[str] | None = None) -> list[ItemRecord]:
        """Recorded items in dataset order (only `keys`, when given)."""
        rows = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM items ORDER BY idx, key")
        records = [_row_to_record(row) for row in rows]
        if keys is None:
            return records
        wanted = set(keys)
        return [r for r in records if r.key in wanted]

    def close_db(self) -> None:
        self._conn.close()


class _Transaction:
    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


def read_records(path: str | os.PathLike[str]) -> tuple[dict[str, str], list[ItemRecord]]:
    """The meta and the items of a record file (read-only).

    Raises:
        EvalError: the file does not exist or is not an Ember record.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise EvalError(f"{path}: no such record file. Fix: check the path.")
    try:
        conn = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
            rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM items ORDER BY idx, key")
            records = [_row_to_record(row) for row in rows]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise EvalError(f"{path}: not an Ember record ({exc}).") from None
    if meta.get("format") != FORMAT:
        raise EvalError(f"{path}: not an Ember record (format {meta.get('format')!r}).")
    return meta, records
