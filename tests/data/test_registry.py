"""Named datasets: `data.list`, `data.info`, `data.stream`, `data.register`.

No dataset hub is reachable here, so the registry and streaming are tested on small dataset
folders the tests write, registered by name and read through the same `stream` as the hub's
datasets; the hub's own opener (one `datasets.load_dataset` call) is checked against a
stand-in `datasets` module that records what it was asked.
"""

from __future__ import annotations

import gzip
import json
import sys
import types
from pathlib import Path

import pytest

from ember.api import data, eval
from ember.errors import DataError, InvalidDataArgument, MalformedData, MissingData, UnknownDataset

ROWS = [{"question": f"What is {i} + {i}?", "answer": str(2 * i)} for i in range(6)]


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A dataset folder: a JSONL test split, a CSV train split, a validation split in two
    shards (one gzipped), and its metadata."""
    root = tmp_path / "arith"
    root.mkdir()
    (root / "test.jsonl").write_text(jsonl(ROWS[:4]))
    (root / "train.csv").write_text("question,answer\n" + "".join(
        f"{r['question']},{r['answer']}\n" for r in ROWS))
    (root / "validation-00000.jsonl").write_text(jsonl(ROWS[:1]))
    with gzip.open(root / "validation-00001.jsonl.gz", "wt") as f:
        f.write(jsonl(ROWS[1:3]))
    (root / "README.md").write_text("not a split")
    (root / "info.json").write_text(json.dumps({
        "description": "sums of a number with itself", "task": "arithmetic",
        "license": "CC0", "fields": ["question", "answer"], "rows": {"test": 4}}))
    return root


@pytest.fixture
def registered(folder: Path):
    spec = data.register("arith", folder)
    yield spec
    data.unregister("arith")


def test_a_registered_folder_is_listed_with_its_metadata(registered, folder):
    assert "arith" in data.list() and "mmlu" in data.list()
    info = data.info("arith")
    assert info == registered
    assert info.splits == ("test", "train", "validation") and info.default_split == "test"
    assert (info.description, info.task, info.license) == ("sums of a number with itself",
                                                           "arithmetic", "CC0")
    assert info.fields == ("question", "answer") and info.rows == {"test": 4}
    assert info.path == str(folder.resolve()) and info.source.startswith("folder ")


def test_stream_reads_each_split_lazily_and_again_from_the_start(registered):
    test = data.stream("arith")  # the default split
    assert test.to_list() == ROWS[:4] and test.to_list() == ROWS[:4]
    assert data.stream("arith", split="train").to_list() == ROWS  # CSV, read as strings
    assert data.stream("arith", split="validation").to_list() == ROWS[:3]  # shards, in order
    assert data.stream("arith", split="train", limit=2).to_list() == ROWS[:2]
    assert repr(data.stream("arith", split="train", limit=2)) == "Dataset(arith[train] | limit(2))"
    with pytest.raises(InvalidDataArgument, match=r"limit\(\): n must be an int >= 0"):
        data.stream("arith", limit=-1)
    # Transforms chain on a stream like on any dataset.
    assert data.stream("arith").filter(lambda r: r["answer"] > "2").map(
        lambda r: r["answer"]).to_list() == ["4", "6"]


def test_stream_with_a_limit_reads_no_further_than_it(folder):
    (folder / "test.jsonl").write_text(jsonl(ROWS[:3]) + "not json\n")
    data.register("broken", folder)
    try:
        assert data.stream("broken", limit=3).to_list() == ROWS[:3]
        with pytest.raises(MalformedData, match=r"test\.jsonl:4"):
            data.stream("broken").to_list()
    finally:
        data.unregister("broken")


def test_a_stream_feeds_an_evaluation(registered):
    result = eval.evaluate(lambda question: str(2 * int(question.split()[2])),
                           data.stream("arith", split="train", limit=5), "numeric",
                           progress=False)
    assert result.summary.items == 5 and result.summary.errors == 0


def test_register_options(folder):
    spec = data.register("arith2", folder, splits=("train",), description="mine",
                         task="qa")
    try:
        assert spec.splits == ("train",) and spec.default_split == "train"
        assert spec.description == "mine" and spec.task == "qa"  # given beats info.json
        assert spec.license == "CC0"  # the rest from info.json
        with pytest.raises(InvalidDataArgument, match=r"name is taken .*replace=True"):
            data.register("arith2", folder)
        assert data.register("arith2", folder, replace=True).splits == (
            "test", "train", "validation")
    finally:
        data.unregister("arith2")


def test_hub_datasets_have_metadata_without_the_extra():
    mmlu = data.info("mmlu")
    assert (mmlu.hub, mmlu.config, mmlu.default_split) == ("cais/mmlu", "all", "test")
    assert mmlu.rows["test"] == 14042 and "question" in mmlu.fields
    assert data.info("gsm8k").splits == ("train", "test")


@pytest.mark.parametrize("call, error, match", [
    (lambda: data.info("mmul"), UnknownDataset, r"no dataset named 'mmul'; did you mean mmlu\?"),
    (lambda: data.stream("nope"), UnknownDataset, r"registered: .*Fix: data\.register"),
    (lambda: data.stream("mmlu", split="train"), MissingData,
     r"no split 'train' \(splits: test, validation, dev\)\. Fix: stream\('mmlu', split='test'\)"),
    (lambda: data.register("x", "/no/such/folder"), MissingData, "is not a folder"),
    (lambda: data.register("x"), InvalidDataArgument, "exactly one of them"),
    (lambda: data.register("x", hub="org/x"), InvalidDataArgument, r"splits=\('test',\)"),
    (lambda: data.register("x", hub="org/x", splits=("a",), size=3), InvalidDataArgument,
     "unknown metadata size"),
    (lambda: data.register("x", hub="org/x", splits=("a",), default_split="b"),
     InvalidDataArgument, "default_split 'b' is not one of its splits"),
    (lambda: data.unregister("x"), UnknownDataset, "no dataset named 'x'"),
])
def test_bad_names_and_arguments_are_typed_errors_with_a_fix(call, error, match):
    with pytest.raises(error, match=match):
        call()
    assert "x" not in data.list()


def test_folder_problems_name_the_folder(tmp_path, folder):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MissingData, match=r"holds no split files\. Fix: name them after"):
        data.register("x", empty)
    with pytest.raises(MissingData, match=r"no file for split\(s\) dev"):
        data.register("x", folder, splits=("test", "dev"))
    (folder / "info.json").write_text("{not json")
    with pytest.raises(DataError, match=r"info\.json: cannot be read as JSON"):
        data.register("x", folder)


def test_load_of_a_registered_name_points_at_stream():
    with pytest.raises(MissingData, match=r"registered dataset name: use data\.stream\('gsm8k'\)"):
        data.load("gsm8k")


def test_hub_stream_without_the_extra_names_the_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "datasets", None)  # as if not installed
    with pytest.raises(DataError, match=r"pip install 'ember\[hf\]'"):
        data.stream("mmlu", split="test", limit=2)


def test_hub_stream_asks_for_its_id_config_and_split_only_when_read(monkeypatch):
    """The hub opener, against a stand-in `datasets` module (no hub here): one streaming
    `load_dataset` call per read, made when rows are read, stopped at the limit."""
    asked: list[tuple] = []
    served: list[int] = []

    class Rows:  # what load_dataset(streaming=True) returns: iterable, read as it goes
        def __iter__(self):
            for i, row in enumerate(ROWS):
                served.append(i)
                yield row

    def load_dataset(path, name=None, *, split=None, streaming=False, **kwargs):
        asked.append((path, name, split, streaming, kwargs))
        return Rows()

    stub = types.ModuleType("datasets")
    stub.load_dataset = load_dataset
    for cls in ("Dataset", "IterableDataset", "DatasetDict", "IterableDatasetDict"):
        setattr(stub, cls, type(cls, (), {}))
    stub.load_from_disk = None
    monkeypatch.setitem(sys.modules, "datasets", stub)

    ds = data.stream("mmlu", split="validation", limit=2)
    assert asked == []  # nothing asked of the hub until the rows are read
    assert ds.to_list() == ROWS[:2]
    assert asked == [("cais/mmlu", "all", "validation", True, {})]
    assert served == [0, 1]  # streamed: no row past the limit was read
