"""`ember eval` on datasets that cannot be read: exit status 2 and one line naming the
file, the line and the fix (no traceback), and a record left exactly as it was, so that
`--resume` finishes the run once the file is fixed.

Every dataset is a real file and every run a real `ember` process."""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3

import pytest

from ember.eval import read_record
from tests.cli.conftest import one_line_error

# Hashes make the rows hard to compress, so cutting the .gz in half cuts the rows too.
ROWS = [{"question": f"{i}+{i}? {hashlib.sha256(str(i).encode()).hexdigest()}",
         "answer": str(2 * i)} for i in range(60)]


def jsonl(rows) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def truncated_gzip(rows) -> bytes:
    whole = gzip.compress(jsonl(rows))
    return whole[: len(whole) // 2]


BAD_FILES = {
    # name: (content, words the one line must hold)
    "cut.jsonl.gz": (truncated_gzip(ROWS), ["cut.jsonl.gz:", "ends early", "Fix:"]),
    "notgz.jsonl.gz": (jsonl(ROWS[:2]), ["notgz.jsonl.gz", "not a gzip file", "Fix:"]),
    "latin.jsonl": (b'{"question": "a"}\n{"question": "caf\xe9"}\n',
                    ["latin.jsonl:2:", "not valid utf-8", "Fix:"]),
    "wide.jsonl": (jsonl(ROWS[:2]).decode().encode("utf-16"),
                   ["wide.jsonl:1:", "UTF-16", "Fix:"]),
    "badline.jsonl": (jsonl(ROWS[:2]) + b'{"question": }\n',
                      ["badline.jsonl:3:", "not valid JSON", "Fix:"]),
    "ragged.csv": (b"question,answer\n1+1?,2\n2+2?\n", ["ragged.csv:3:", "1 fields", "Fix:"]),
    "empty.jsonl": (b"", ["empty.jsonl", "no records", "Fix:"]),
    "object.json": (b'{"rows": []}', ["object.json", "not a list of records", "Fix:"]),
    "deep.json": (b"[" * 50_000 + b"]" * 50_000, ["deep.json", "nested too deeply", "Fix:"]),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_dataset_exits_2_with_one_line(ember_cli, tmp_path, name):
    content, words = BAD_FILES[name]
    (tmp_path / name).write_bytes(content)
    result = ember_cli("eval", "sim/gpt", name, "-r", "run.db", "--no-progress")
    line = one_line_error(result)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in line, (word, line)
    assert not (tmp_path / "run.db").exists()  # the dataset is read before the record opens


@pytest.mark.parametrize("args, words", [
    (["missing.jsonl"], ["missing.jsonl: no such file", "Fix:"]),
    (["folder.jsonl"], ["folder.jsonl: is a directory", "Fix:"]),
])
def test_missing_file_or_directory_exits_2_with_one_line(ember_cli, tmp_path, args, words):
    (tmp_path / "folder.jsonl").mkdir()
    line = one_line_error(ember_cli("eval", "sim/gpt", *args, "--no-progress"))
    for word in words:
        assert word in line


def _items(db) -> dict[str, float]:
    """key -> when the item was committed, in dataset order; checks the file is sound."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return dict(conn.execute("SELECT key, finished_at FROM items ORDER BY idx"))
    finally:
        conn.close()


def test_a_broken_dataset_leaves_the_record_as_it_was_and_resume_finishes(ember_cli, tmp_path):
    data = tmp_path / "qa.jsonl.gz"
    data.write_bytes(truncated_gzip(ROWS))
    run = ["eval", "sim/gpt", "qa.jsonl.gz", "-e", "numeric", "-r", "run.db", "--no-progress"]

    # --limit 5 reads only the first 5 rows: the break further on is never reached.
    assert ember_cli(*run, "--limit", "5").returncode == 0
    first = _items(tmp_path / "run.db")
    assert list(first) == [str(i) for i in range(5)]

    # The whole file: the break is found while reading, before any item runs.
    line = one_line_error(ember_cli(*run, "--resume"))
    assert "qa.jsonl.gz:" in line and "ends early" in line
    assert _items(tmp_path / "run.db") == first

    # Fixed: the rest run once, the first 5 are not run again.
    data.write_bytes(gzip.compress(jsonl(ROWS)))
    done = ember_cli(*run, "--resume", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["items"], summary["resumed"], summary["errors"]) == (60, 5, 0)
    final = _items(tmp_path / "run.db")
    assert list(final) == [str(i) for i in range(60)]
    assert {k: final[k] for k in first} == first  # not run (nor rewritten) again
    assert [r.item for r in read_record(str(tmp_path / "run.db")).records] == ROWS
