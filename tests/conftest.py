"""Fixtures shared by the whole test suite: a fresh JIT and an isolated config file for
every test, simulator servers on 127.0.0.1, and named endpoints for them in that config
file (real HTTP, no mocks), a record of the in-process `sim/` calls; and the helpers of the
kill-and-resume tests."""

from __future__ import annotations

import contextlib
import gc
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ember.models import _registry
from ember.sim import SimConfig, SimServer
from ember.xcs import lowlevel
from tests.inflight import InFlight, RecordedProvider


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under `make test` (pytest-xdist, ``--dist loadgroup``) the tests marked
    ``xdist_group`` run in one worker: xdist says so by appending ``@<group>`` to their node
    ids. A pytest on which that append is lost (9.2, pytest-xdist issue 1386) would spread
    them over the workers without a word: fail them instead."""
    if (getattr(item.config.option, "loadgroup", False)
            and item.get_closest_marker("xdist_group") and "@" not in item.nodeid):
        pytest.fail("--dist loadgroup did not group this test marked xdist_group: this "
                    "pytest-xdist does not work with this pytest (see the pin in "
                    "pyproject.toml)", pytrace=False)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection made (the corpus's 14,000 cases, the libraries they import) out
    of the garbage collector's reach: each full collection would walk it again, which cost
    a fifth of a worker's CPU."""
    gc.freeze()


@pytest.fixture(autouse=True)
def fresh_jit() -> None:
    """Start every test from the JIT's state in a fresh process: no cached classification,
    learned verdict or plan of an earlier test decides how this one runs."""
    lowlevel.reset()


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory, monkeypatch):
    """Keep the user's config file and provider keys out of every test.

    `EMBER_CONFIG` points at a file that does not exist yet (tests may write it), and the
    provider env vars are cleared. Yields the config path.
    """
    path = tmp_path_factory.mktemp("ember-config") / "config.toml"
    monkeypatch.setenv("EMBER_CONFIG", str(path))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
                 "GEMINI_API_KEY", "GEMINI_BASE_URL", "GOOGLE_API_KEY", "AZURE_OPENAI_API_KEY",
                 "AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION", "EMBER_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def make_server() -> Iterator[Callable[..., SimServer]]:
    """Start `SimServer`s on 127.0.0.1 (latency 0 unless given); all closed after the test."""
    servers: list[SimServer] = []

    def make(**config: Any) -> SimServer:
        config.setdefault("latency", 0.0)
        server = SimServer(SimConfig(**config)).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def sim_calls(monkeypatch) -> InFlight:
    """Every in-process `sim/` model call made during the test, as start and end events.

    Assert overlap as structure (``sim_calls.max_in_flight == 6``, ``sim_calls.waves()``),
    never as elapsed time; ``sim_calls.hold(n)`` makes it independent of machine load. The
    registry's own entry is swapped and put back as it was (no re-registration).
    """
    calls = InFlight()
    original = _registry.lookup("sim", "sim/gpt")
    monkeypatch.setitem(_registry._providers, "sim", RecordedProvider(original, calls))
    return calls


def toml_value(value: Any) -> str:
    """A Python value as TOML (the few types the config file uses)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


@pytest.fixture
def write_config(isolated_config: Path) -> Callable[..., Path]:
    """Write the config file: ``write_config(endpoints={"x": {...}}, providers={...})``."""

    def write(*, endpoints: dict[str, dict] | None = None,
              providers: dict[str, dict] | None = None, raw: str | None = None) -> Path:
        lines: list[str] = []
        for table, sections in (("providers", providers), ("endpoints", endpoints)):
            for name, keys in (sections or {}).items():
                lines.append(f"[{table}.{name}]")
                lines += [f"{k} = {toml_value(v)}" for k, v in keys.items()]
                lines.append("")
        isolated_config.write_text(raw if raw is not None else "\n".join(lines))
        return isolated_config

    return write


@pytest.fixture
def endpoint(make_server, write_config) -> Callable[..., tuple[str, SimServer]]:
    """Start a server and configure it; return (name, server).

    ``endpoint(name="simoa", wire="openai", server=None, sim={...}, table="endpoints",
    **keys)`` writes ``[<table>.<name>]`` with the server's base URL and `keys`, keeping
    the sections written earlier in the same test. `server` may be any object with
    ``openai_base_url``/``anthropic_base_url``; `sim` configures a new `SimServer`.
    """
    sections: dict[str, dict[str, dict]] = {"providers": {}, "endpoints": {}}

    def make(name: str = "simoa", *, wire: str = "openai", server: Any = None,
             sim: dict[str, Any] | None = None, table: str = "endpoints",
             **keys: Any) -> tuple[str, Any]:
        server = server if server is not None else make_server(**(sim or {}))
        base = server.openai_base_url if wire == "openai" else server.anthropic_base_url
        section = {"base_url": base, **keys}
        sections[table][name] = {"wire": wire, **section} if table == "endpoints" else section
        write_config(**sections)
        return name, server

    return make


def read_records(path: Path, columns: str) -> list[tuple]:
    """``SELECT <columns> FROM items`` of an evaluation's record file; [] while the file or
    its tables do not exist yet (or are being created).

    The connection may write so that it can recover the WAL of a writer that was killed (a
    read-only one may then fail with "database is locked"; once read as "nothing recorded",
    that made a loaded run count a killed run's items as the next run's). A busy database
    is waited for, never read as empty.
    """
    if not path.exists():
        return []
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
            return conn.execute(f"SELECT {columns} FROM items ORDER BY idx").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    except sqlite3.DatabaseError:  # the header is still being written
        return []


def eval_command(tmp_path: Path, system: str, rows: list[dict],
                 max_items_in_flight: int) -> tuple[list[str], Path, Path]:
    """Write `rows` as a JSONL dataset; return the ``ember eval`` command that evaluates
    `system` over it into a record file (no progress bar, JSON summary), the dataset's
    path and the record's."""
    dataset = tmp_path / "data.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows))
    record = tmp_path / "run.db"
    cmd = [sys.executable, "-m", "ember.cli", "eval", system, str(dataset), "--record",
           str(record), "--max-items-in-flight", str(max_items_in_flight), "--no-progress",
           "--json"]
    return cmd, dataset, record


def run_until_killed(cmd: list[str], *, cwd: Path, env: dict[str, str],
                     until: Callable[[], bool], timeout: float) -> None:
    """Run `cmd` and SIGKILL it as soon as `until()` holds (polled every 5 ms).

    Fails the test if the process exits first or makes no progress within `timeout` s.
    """
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    try:
        while not until():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
