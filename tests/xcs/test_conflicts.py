"""Which writes a read may move across (`ember.xcs._effects.conflicts`), and a jitted loop
that fetches from a remote server (declared "net") and writes a file per item: its reads
overlap, its file writes keep their order, and a file read after a file write sees it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import requests

from ember import xcs
from ember.xcs._effects import conflicts
from ember.xcs.lowlevel import effect_of


def test_only_a_remote_server_read_crosses_storage_writes() -> None:
    assert conflicts("net", ["net"]) and conflicts("file", ["db"]) and conflicts("db", ["file"])
    assert not conflicts("net", ["file"]) and not conflicts("net", ["db"])
    # a storage read never crosses a network write: its server may be on this machine
    assert conflicts("file", ["net"]) and conflicts("db", ["net"])
    # a server on this machine (or not known when the call runs) sees the files
    assert conflicts("local", ["file"]) and conflicts("local", ["db"])
    assert conflicts("local", ["net"]) and conflicts("file", ["local"])
    # a target analysis does not know yet may be planned across; run time decides
    assert not conflicts("url", ["file"]) and conflicts("url", ["file"], running=True)
    assert not conflicts("net", ["file"], running=True)
    assert not conflicts("net", ["stdout", "self"]) and not conflicts("local", ["stdout"])
    # unknown on either side: everything
    for unknown in ("any", "mixed", "process", None):
        assert conflicts("net", [unknown]) and conflicts(unknown, ["file"])
    assert not conflicts("time", ["any"]) and not conflicts("time", ["net"])
    # a model call crosses writes of this machine's storage, never a write to a server
    # (a file uploaded to its provider, a document added to the store it searches)
    assert not conflicts("llm", ["file", "db", "stdout", "self"])
    assert all(conflicts("llm", [w]) for w in ("net", "local", "url", "any"))


_lock = threading.Lock()
_in_flight = [0, 0]  # now, most


@xcs.effect("read", resource="net")
def fetch(key: str) -> str:
    with _lock:
        _in_flight[0] += 1
        _in_flight[1] = max(_in_flight)
    time.sleep(0.05)
    with _lock:
        _in_flight[0] -= 1
    return key.upper()


@xcs.effect("read", resource="file")
def read_back(path: str) -> str:
    time.sleep(0.01)
    return Path(path).read_text()


def fetch_and_write(folder: str) -> tuple[list[str], str]:
    out = Path(folder) / "out.txt"
    with open(out, "a") as log:
        for key in ("a", "b", "c"):
            log.write(fetch(key) + "\n")
    Path(folder, "note.txt").write_text("written")
    seen = [read_back(str(out))]  # a file read after file writes sees them
    return seen, read_back(str(Path(folder, "note.txt")))


def test_network_reads_cross_file_writes_and_file_reads_do_not(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "jit").mkdir()
    plain = fetch_and_write(str(tmp_path / "plain"))
    _in_flight[1] = 0
    jitted = xcs.jit(fetch_and_write)(str(tmp_path / "jit"))
    assert jitted == plain == (["A\nB\nC\n"], "written")
    assert _in_flight[1] == 3  # the three GETs were in flight at once


def save_and_post(path: str, url: str, text: str) -> None:
    Path(path).write_text(text)
    requests.post(url, data=text)


def test_a_helper_writing_two_worlds_holds_every_read() -> None:
    fact = effect_of(save_and_post)
    assert (fact.kind.value, fact.resource) == ("write", "any")
