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


def first_words(path: str) -> list[str]:
    out = []
    with open(path) as f:
        for line in f:
            word = line.split()[0]
            out.append(lookup(word))
    return out


def numbered(items: list[str]) -> list[str]:
    out = []
    for item in items:
        n = int(item)
        key = f"item-{n}"
        out.append(lookup(key))
    return out


def mutated_before_the_call(items: list[str]) -> list[str]:
    out = []
    for item in items:
        parts = [item]
        parts.append("x")
        out.append(lookup("-".join(parts)))
    return out


def printed_on_the_way(items: list[str]) -> list[str]:
    out = []
    for item in items:
        key = shout(item)
        out.append(lookup(key))
    return out


def shout(item: str) -> str:
    print(f"made {item}")
    return item


def test_values_the_body_makes_for_the_call_are_made_ahead_for_each_item(poem: str) -> None:
    # `word = line.split()[0]` is pure computation on the line (a str: a file's line), so
    # it runs ahead for each line and the lookups start together; it runs again in place.
    jitted = xcs.jit(first_words)
    calls.hold(3)
    assert jitted(poem) == ["FIG", "KIWI", "PLUM"]
    assert calls.max_in_flight == 3


def test_an_item_whose_values_fail_stops_the_starts_there() -> None:
    global calls
    plain_calls = calls = InFlight()
    with pytest.raises(ValueError, match="invalid literal"):
        numbered(["1", "2", "x", "4"])
    plain = [e for e in plain_calls.events if e[0] == "start"]
    calls = InFlight()
    with pytest.raises(ValueError, match="invalid literal"):
        xcs.jit(numbered)(["1", "2", "x", "4"])
    assert sorted(e for e in calls.events if e[0] == "start") == sorted(plain)  # no item-4
    calls = InFlight()
    calls.hold(3)
    assert xcs.jit(numbered)(["1", "2", "3"]) == ["ITEM-1", "ITEM-2", "ITEM-3"]
    assert calls.max_in_flight == 3


def test_a_value_changed_before_the_call_keeps_the_call_in_place() -> None:
    global calls
    calls = InFlight()
    assert xcs.jit(mutated_before_the_call)(["a", "b"]) == ["A-X", "B-X"]
    assert calls.max_in_flight == 1


def test_a_value_made_by_code_with_effects_keeps_the_call_in_place(
        capsys: pytest.CaptureFixture[str]) -> None:
    global calls
    calls = InFlight()
    assert xcs.jit(printed_on_the_way)(["a", "b"]) == ["A", "B"]
    assert capsys.readouterr().out == "made a\nmade b\n"
    assert calls.max_in_flight == 1


def stamped(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        stamp = f"{item}@{time.perf_counter()}"
        out.append((stamp, lookup(stamp)))
    return out


def test_a_value_read_off_a_clock_keeps_the_call_in_place() -> None:
    # Made ahead and again in place, a clock's reading would differ from the one sent.
    global calls
    calls = InFlight()
    result = xcs.jit(stamped)(["a", "b"])
    assert [sent.upper() for sent, _ in result] == [got for _, got in result]
    assert calls.max_in_flight == 1
