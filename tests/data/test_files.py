"""Unreadable dataset files: each gives a typed `DataError` that names the file, the line
(where there is one) and the fix, never a raw `EOFError`, `RecursionError` or `OSError`.

Every file is real, written by the test into tmp_path."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from ember.api import data
from ember.errors import DataError, EmptyDataset, MalformedData, MissingData, UnreadableFile

ROWS = [{"question": f"What is {i} + {i * 7}?", "answer": str(i * 8)} for i in range(3000)]


def jsonl_bytes(rows) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def csv_bytes(rows) -> bytes:
    return ("question,answer\n" + "".join(f"{r['question']},{r['answer']}\n" for r in rows)).encode()


CONTENT = {"jsonl": jsonl_bytes, "csv": csv_bytes, "json": lambda rows: json.dumps(rows).encode()}


def assert_names_fix(error: DataError, path) -> None:
    message = str(error)
    assert message.startswith(str(path)), message
    assert "Fix:" in message, message
    assert len(message) < 600, message


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_truncated_gzip_names_the_file_the_line_and_the_fix(tmp_path, fmt):
    whole = gzip.compress(CONTENT[fmt](ROWS))
    path = tmp_path / f"qa.{fmt}.gz"
    path.write_bytes(whole[: len(whole) // 2])  # a download cut off half way
    read = []
    with pytest.raises(UnreadableFile) as info:
        for record in data.load(path):
            read.append(record)
    err = info.value
    assert_names_fix(err, path)
    assert "ends early" in str(err) and "gzip -t" in str(err)
    assert err.path == str(path) and isinstance(err, DataError)
    if fmt != "json":  # streamed formats yield the records before the break, then name its line
        assert 0 < len(read) < len(ROWS) and read == ROWS[: len(read)]
        assert err.line == len(read) + 1 + (fmt == "csv")  # the CSV header is line 1
        assert f":{err.line}:" in str(err)


def test_a_gz_name_on_a_plain_file_and_corrupt_gzip(tmp_path):
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_bytes(jsonl_bytes(ROWS[:3]))
    with pytest.raises(UnreadableFile, match=r"not a gzip file.*Fix: rename it without \.gz"):
        data.load(plain).to_list()
    whole = bytearray(gzip.compress(jsonl_bytes(ROWS)))
    for i in range(len(whole) // 2, len(whole) // 2 + 64):  # scribble over the middle
        whole[i] ^= 0x5A
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(bytes(whole))
    with pytest.raises(DataError) as info:  # the deflate stream or the checksum breaks
        data.load(corrupt).to_list()
    assert isinstance(info.value, UnreadableFile | MalformedData), repr(info.value)
    assert_names_fix(info.value, corrupt)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_files_name_the_encoding_and_load_with_it(tmp_path, fmt, encoding):
    path = tmp_path / f"wide.{fmt}"
    path.write_bytes(CONTENT[fmt](ROWS[:3]).decode().encode(encoding))
    with pytest.raises(MalformedData) as info:
        data.load(path).to_list()
    assert_names_fix(info.value, path)
    assert "UTF-16" in str(info.value) and "encoding='utf-16" in str(info.value)
    assert "latin-1" not in str(info.value)  # which would read it as garbage
    assert data.load(path, encoding=encoding).to_list() == ROWS[:3]


def test_deeply_nested_json_is_malformed_data(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    lines = tmp_path / "deep.jsonl"
    lines.write_text(json.dumps(ROWS[0]) + "\n" + deep + "\n")
    with pytest.raises(MalformedData) as info:
        data.load(lines).to_list()
    assert info.value.line == 2 and "nested too deeply" in str(info.value)
    assert_names_fix(info.value, lines)
    whole = tmp_path / "deep.json"
    whole.write_text(deep)
    with pytest.raises(MalformedData, match="nested too deeply"):
        data.load(whole).to_list()


@pytest.mark.parametrize("name, content", [
    ("empty.jsonl", b""),
    ("blank.jsonl", b"\n  \n\r\n"),
    ("empty.json", b""),
    ("blank.json", b" \n"),
    ("empty.csv", b""),
    # mtime=0: the bytes (and so the test id) must not change with the second each
    # pytest-xdist worker collects in (make test)
    ("empty.jsonl.gz", gzip.compress(b"", mtime=0)),
    ("zero.csv.gz", b""),
])
def test_empty_files_say_so(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(EmptyDataset) as info:
        data.load(path).to_list()
    assert "no records" in str(info.value) and info.value.path == str(path)
    assert_names_fix(info.value, path)
    assert isinstance(info.value, MalformedData)


def test_a_file_removed_after_load_is_missing_data(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_bytes(jsonl_bytes(ROWS[:2]))
    ds = data.load(path)
    assert ds.count() == 2
    os.remove(path)
    with pytest.raises(MissingData, match=r"qa\.jsonl: no such file.*Fix:"):
        ds.to_list()
    path.mkdir()
    with pytest.raises(MissingData, match="is a directory"):
        ds.to_list()
