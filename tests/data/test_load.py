"""`data.load`: files (JSONL, CSV, JSON, gzipped) and Python values; typed errors that
name the file, the line and the fix."""

from __future__ import annotations

import gzip
import json

import pytest

from ember.api import data
from ember.errors import DataError, MalformedData, MissingData

ROWS = [{"question": "2+2?", "answer": "4"}, {"question": "Capital of France?", "answer": "Paris"}]


def write_jsonl(path, rows, extra: str = ""):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + extra)
    return path


def test_jsonl_streams_records_and_skips_blank_lines(tmp_path):
    path = write_jsonl(tmp_path / "qa.jsonl", ROWS, extra="\n   \n")
    ds = data.load(path)
    assert ds.to_list() == ROWS
    assert ds.to_list() == ROWS  # read again from the start
    assert repr(ds) == "Dataset(qa.jsonl)"
    assert data.load(str(path)).map(lambda r: r["answer"]).to_list() == ["4", "Paris"]


def test_csv_tsv_json_and_gzip(tmp_path):
    (tmp_path / "qa.csv").write_text('question,answer\n2+2?,4\n"Capital, of France?",Paris\n')
    assert data.load(tmp_path / "qa.csv").to_list() == [
        {"question": "2+2?", "answer": "4"}, {"question": "Capital, of France?", "answer": "Paris"}]
    (tmp_path / "qa.tsv").write_text("question\tanswer\n2+2?\t4\n")
    assert data.load(tmp_path / "qa.tsv").to_list() == [{"question": "2+2?", "answer": "4"}]
    (tmp_path / "qa.json").write_text(json.dumps(ROWS))
    assert data.load(tmp_path / "qa.json").to_list() == ROWS
    (tmp_path / "wrapped.json").write_text(json.dumps({"version": 1, "data": ROWS}))
    assert data.load(tmp_path / "wrapped.json", key="data").to_list() == ROWS
    with gzip.open(tmp_path / "qa.jsonl.gz", "wt") as f:
        f.write("".join(json.dumps(r) + "\n" for r in ROWS))
    assert data.load(tmp_path / "qa.jsonl.gz").to_list() == ROWS
    (tmp_path / "rows.txt").write_text(json.dumps(ROWS[0]) + "\n")
    assert data.load(tmp_path / "rows.txt", format="jsonl").to_list() == [ROWS[0]]


def test_utf8_bom_is_ignored(tmp_path):
    (tmp_path / "bom.csv").write_bytes("\ufeffquestion,answer\nq,a\n".encode())
    assert data.load(tmp_path / "bom.csv").to_list() == [{"question": "q", "answer": "a"}]


def test_python_values():
    assert data.load(ROWS).to_list() == ROWS
    assert data.load(tuple(ROWS)).count() == 2
    assert data.load({"q": ["a", "b"], "a": [1, 2]}).to_list() == [{"q": "a", "a": 1},
                                                                   {"q": "b", "a": 2}]
    ds = data.load(ROWS)
    assert data.load(ds) is ds


def test_bad_jsonl_line_names_file_line_and_fix(tmp_path):
    path = write_jsonl(tmp_path / "qa.jsonl", ROWS, extra='{"question": "x", "answer": }\n')
    ds = data.load(path)  # nothing is read yet
    with pytest.raises(MalformedData) as info:
        ds.to_list()
    err = info.value
    assert err.path == str(path) and err.line == 3
    assert str(err).startswith(f"{path}:3: not valid JSON")
    assert "Fix: each line must be one JSON value" in str(err)
    assert isinstance(err, ValueError) and isinstance(err, DataError)


def test_bad_encoding_names_the_line(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"q": "ok"}\n{"q": "caf\xe9"}\n')
    with pytest.raises(MalformedData, match=r"latin\.jsonl:2: not valid utf-8.*Fix: save the "
                                            r"file as UTF-8, or pass encoding='latin-1'"):
        data.load(path).to_list()
    assert data.load(path, encoding="latin-1").to_list()[1] == {"q": "café"}
    csv_path = tmp_path / "latin.csv"
    csv_path.write_bytes(b"q,a\nok,1\ncaf\xe9,2\n")
    with pytest.raises(MalformedData) as info:
        data.load(csv_path).to_list()
    assert info.value.line == 3


@pytest.mark.parametrize("content, line, words", [
    ("question,answer\n2+2?,4,extra\n", 2, "3 fields, but the header has 2"),
    ("", None, "holds no records"),
    ("\n\n", None, "holds no records"),
    ("question,question\nq,a\n", 1, "repeated column names"),
])
def test_bad_csv(tmp_path, content, line, words):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(MalformedData) as info:
        data.load(path).to_list()
    assert info.value.line == line
    assert words in str(info.value) and "Fix:" in str(info.value)


def test_json_shapes_are_explained(tmp_path):
    obj = tmp_path / "obj.json"
    obj.write_text(json.dumps({"meta": 1, "rows": ROWS}))
    with pytest.raises(MalformedData, match=r"top level is an object.*Fix: pass key='rows'"):
        data.load(obj).to_list()
    with pytest.raises(MalformedData, match=r"no key 'data' at the top level \(keys: meta, rows\)"):
        data.load(obj, key="data").to_list()
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps(ROWS[0]) + "\n" + json.dumps(ROWS[1]) + "\n")
    with pytest.raises(MalformedData, match=r"lines\.json:2: .*JSON Lines.*format='jsonl'"):
        data.load(lines).to_list()
    scalar = tmp_path / "scalar.json"
    scalar.write_text("3")
    with pytest.raises(MalformedData, match="top level is a int"):
        data.load(scalar).to_list()


def test_missing_and_unknown(tmp_path):
    with pytest.raises(MissingData, match=r"nope\.jsonl: no such file .*Fix: check the path"):
        data.load(tmp_path / "nope.jsonl")
    with pytest.raises(MissingData, match="is a directory"):
        data.load(tmp_path)
    (tmp_path / "x.parquet").write_bytes(b"PAR1")
    with pytest.raises(DataError, match=r"cannot tell the format.*Fix: pass format="):
        data.load(tmp_path / "x.parquet")
    (tmp_path / "x.jsonl").write_text("")
    with pytest.raises(DataError, match="format='yaml' is not one of"):
        data.load(tmp_path / "x.jsonl", format="yaml")
    with pytest.raises(DataError, match="delimiter do\\(es\\) not apply to jsonl"):
        data.load(tmp_path / "x.jsonl", delimiter=";")
    with pytest.raises(DataError, match="only apply to files"):
        data.load(ROWS, format="jsonl")
    with pytest.raises(DataError, match="same length"):
        data.load({"q": ["a"], "a": [1, 2]})
    with pytest.raises(DataError, match="cannot read a int"):
        data.load(3)
