"""Record files found in odd states: an empty (zero-byte) file is used as a new record and
said so once, naming the file; a record whose last write was torn by a crash opens with
every earlier commit, and resume runs the rest once."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time

from ember.api import eval as ember_eval

ROWS = [{"question": f"{i}+{i}?", "answer": str(2 * i)} for i in range(8)]


def answer(question: str) -> str:
    a, _ = question.rstrip("?").split("+")
    return str(2 * int(a))


def notes(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name.startswith("ember") and r.levelno >= logging.WARNING]


def test_an_empty_record_file_is_used_and_said_once(tmp_path, caplog):
    path = tmp_path / "run.db"
    path.write_bytes(b"")  # e.g. `touch run.db`, or a crash before SQLite wrote a page
    with caplog.at_level(logging.WARNING):
        result = ember_eval.evaluate(answer, ROWS, "exact", record=str(path), progress=False)
    (note,) = notes(caplog)
    assert str(path) in note and "empty" in note and "new record" in note
    assert (result.summary.items, result.summary.score) == (8, 1.0)
    caplog.clear()
    with caplog.at_level(logging.WARNING):  # no longer empty: nothing to say
        again = ember_eval.evaluate(answer, ROWS, "exact", record=str(path), resume=True,
                                    progress=False)
    assert notes(caplog) == [] and again.summary.resumed == 8


def test_an_empty_record_file_on_the_cli_is_one_line(ember_cli, tmp_path):
    (tmp_path / "qa.jsonl").write_text("".join(
        f'{{"question": "{r["question"]}", "answer": "{r["answer"]}"}}\n' for r in ROWS))
    (tmp_path / "run.db").write_bytes(b"")
    out = ember_cli("eval", "sim/gpt", "qa.jsonl", "-r", "run.db", "--no-progress")
    assert out.returncode == 0, out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("ember: ") and "run.db" in line and "empty" in line
    assert "over 8 items" in out.stdout
    assert len(ember_eval.read_record(str(tmp_path / "run.db")).records) == 8


def _count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    finally:
        conn.close()


def _crash_image(src, dst, tear: int = 0) -> None:
    """Copy a live record (file and WAL, as a crash leaves them), cutting `tear` bytes off
    the WAL's end: the last commit's frames were being written when the power went."""
    dst.mkdir()
    shutil.copyfile(src, dst / src.name)
    wal = src.with_name(src.name + "-wal").read_bytes()
    (dst / (src.name + "-wal")).write_bytes(wal[: len(wal) - tear])


def test_a_record_torn_mid_write_keeps_earlier_commits_and_resumes(tmp_path):
    live = tmp_path / "run.db"

    def slow(question: str) -> str:
        time.sleep(0.005)  # one item per commit: each is its own transaction in the WAL
        return answer(question)

    ember_eval.evaluate(slow, ROWS[:1], "exact", record=str(live), progress=False)
    keeper = sqlite3.connect(live)  # held open, so closing the run leaves its WAL as is
    try:
        keeper.execute("SELECT COUNT(*) FROM items").fetchone()  # really opens the file
        ember_eval.evaluate(slow, ROWS, "exact", record=str(live), resume=True,
                            max_items_in_flight=1, progress=False)
        _crash_image(live, tmp_path / "whole")
        _crash_image(live, tmp_path / "torn", tear=100)
    finally:
        keeper.close()
    assert _count(tmp_path / "whole" / "run.db") == 8
    kept = _count(tmp_path / "torn" / "run.db")
    assert 1 <= kept < 8  # the torn commit is dropped whole; every earlier one is there

    result = ember_eval.evaluate(slow, ROWS, "exact", record=str(tmp_path / "torn" / "run.db"),
                                 resume=True, progress=False)
    assert (result.summary.items, result.summary.resumed, result.summary.score) == (8, kept, 1.0)
    assert [r.key for r in result.records] == [str(i) for i in range(8)]
