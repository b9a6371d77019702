"""A file's lines drive reads: ``with open(p) as f: for line in f: out.append(read(line))``
starts a read per line before the first iteration when no other code can see the file
(the loop is last in the `with`, `f` is used nowhere else) and it is a small regular file;
anything else keeps its lines where the loop takes them."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from ember import xcs
from ember.xcs import _iterables
from tests.inflight import InFlight

calls = InFlight()


@xcs.effect("read", resource="net")
def lookup(word: str) -> str:
    with calls.track(word):
        time.sleep(0.02)
    return word.upper()


def lines_drive_reads(path: str) -> list[str]:
    out = []
    with open(path) as f:
        for line in f:
            out.append(lookup(line.strip()))
    return out


def header_then_lines(path: str) -> tuple[str, list[str]]:
    out = []
    with open(path) as f:
        header = f.readline()
        for line in f:
            out.append(lookup(line.strip()))
    return header, out


@pytest.fixture
def poem(tmp_path: Path) -> str:
    global calls
    calls = InFlight()
    path = tmp_path / "poem.txt"
    path.write_text("fig\nkiwi\nplum\n")
    return str(path)


def test_a_files_lines_start_a_read_each(poem: str) -> None:
    jitted = xcs.jit(lines_drive_reads)
    calls.hold(3)
    assert jitted(poem) == ["FIG", "KIWI", "PLUM"]
    assert calls.max_in_flight == 3
    assert jitted(poem) == lines_drive_reads(poem)


def test_a_file_other_code_reads_keeps_its_lines_in_place(poem: str) -> None:
    jitted = xcs.jit(header_then_lines)
    assert jitted(poem) == header_then_lines(poem) == ("fig\n", ["KIWI", "PLUM"])
    assert calls.max_in_flight == 1


def test_a_large_file_keeps_its_lines_in_place(poem: str, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    monkeypatch.setattr(_iterables, "MAX_FILE_BYTES", 4)
    jitted = xcs.jit(lines_drive_reads)
    assert jitted(poem) == ["FIG", "KIWI", "PLUM"]
    assert calls.max_in_flight == 1


def test_a_pipe_keeps_its_lines_in_place(tmp_path: Path) -> None:
    # A FIFO is not a regular file: reading ahead could wait for lines its writer has not
    # sent yet (or never sends before it sees the reads).
    global calls
    calls = InFlight()
    fifo = tmp_path / "lines.fifo"
    os.mkfifo(fifo)
    written: list[str] = []

    def writer() -> None:
        with open(fifo, "w") as w:
            for word in ("fig", "kiwi", "plum"):
                w.write(word + "\n")
                w.flush()
                written.append(word)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert xcs.jit(lines_drive_reads)(str(fifo)) == ["FIG", "KIWI", "PLUM"]
    finally:
        thread.join(10)
    assert calls.max_in_flight == 1
