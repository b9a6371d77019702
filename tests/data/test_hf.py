"""`data.hf` on small local datasets (the ``hf`` extra; skipped when it is not installed).

No hub is reachable in tests: everything is built locally, with the library offline and
its cache in the test's temp directory.
"""

from __future__ import annotations

import json

import pytest

from ember.api import data
from ember.errors import DataError, MissingData

ROWS = [{"question": f"{i}+{i}?", "answer": str(2 * i)} for i in range(6)]


@pytest.fixture
def datasets(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return pytest.importorskip("datasets", reason="the `hf` extra (datasets) is not installed")


def test_dataset_objects_and_splits(datasets):
    ds = datasets.Dataset.from_list(ROWS)
    assert data.hf(ds).to_list() == ROWS
    both = datasets.DatasetDict({"train": ds, "test": ds.select(range(2))})
    assert data.hf(both, split="test").to_list() == ROWS[:2]
    with pytest.raises(MissingData, match=r"has splits train, test; say which one.*split='train'"):
        data.hf(both)
    with pytest.raises(MissingData, match="no split 'dev'"):
        data.hf(both, split="dev")


def test_save_to_disk_directory_with_transforms(datasets, tmp_path):
    datasets.DatasetDict({"test": datasets.Dataset.from_list(ROWS)}).save_to_disk(tmp_path / "saved")
    ds = data.hf(tmp_path / "saved")
    assert ds.count() == 6
    assert ds.filter(lambda r: int(r["answer"]) > 4).limit(2).to_list() == ROWS[3:5]
    with pytest.raises(MissingData, match="data.hf"):  # load() points at hf() for such a dir
        data.load(tmp_path / "saved")


def test_load_dataset_builder_on_local_files(datasets, tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    ds = data.hf("json", data_files=str(path), split="train")
    assert ds.to_list() == ROWS


def test_unreachable_names_fail_with_a_fix(datasets, tmp_path):
    with pytest.raises(DataError, match="Fix:"):
        data.hf(str(tmp_path / "no-such-dataset"))


def test_missing_extra_says_how_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "datasets":
            raise ImportError("No module named 'datasets'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(DataError, match=r"pip install 'ember\[hf\]'"):
        data.hf("anything")
