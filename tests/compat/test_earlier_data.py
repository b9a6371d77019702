"""Datasets the earlier Ember's way: sources with ``read_batches``, rows in one shape, and the
reading options `stream` and `load` share, each the same as the `Dataset` chain it names."""

from __future__ import annotations

import json

import pytest

from ember.api import data, eval, models
from ember.data import DataRecord, Dataset, DataSource, FileSource
from ember.errors import InvalidDataArgument


class Counting:
    """A source that counts the rows it has made (to see how lazily it is read)."""

    def __init__(self, n: int):
        self.n, self.made, self.sizes = n, 0, []

    def read_batches(self, batch_size: int = 32):
        self.sizes.append(batch_size)
        batch = []
        for i in range(self.n):
            self.made += 1
            batch.append({"id": i, "prompt": f"What is {i} + {i}?", "target": str(2 * i),
                          "options": [str(2 * i), str(2 * i + 1)]})
            if len(batch) == batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


@pytest.fixture
def registered():
    names = []

    def register(name, source, **kwargs):
        names.append(name)
        return data.register(name, source, **kwargs)

    yield register
    for name in names:
        data.unregister(name)


def test_a_source_is_read_a_batch_at_a_time_when_rows_are_needed(registered):
    source = Counting(1000)
    spec = registered("compat_counting", source)
    assert isinstance(source, DataSource) and spec.splits == ("all",)
    assert spec.normalize == "record" and spec.streaming_supported
    rows = data.stream("compat_counting", normalize="none", batch_size=10)
    assert source.made == 0  # nothing read yet
    assert [r["id"] for r in rows.take(5)] == [0, 1, 2, 3, 4]
    assert source.made == 10 and source.sizes == [10]  # one batch, of the size asked
    assert rows.count() == 1000  # and every row, on a full read


def test_normalize_gives_rows_one_shape(registered):
    registered("compat_shapes", Counting(2))
    record = data.stream("compat_shapes").first(1)[0]  # a source's default: records
    assert isinstance(record, DataRecord)
    assert (record.question.text, record.answer.text) == ("What is 0 + 0?", "0")
    assert {k: v.text for k, v in record.choices.items()} == {"A": "0", "B": "1"}
    assert record.metadata == {"id": 0}
    as_dict = data.stream("compat_shapes", normalize="dict").first(1)[0]
    assert as_dict == {"id": 0, "question": "What is 0 + 0?", "answer": "0",
                       "choices": {"A": "0", "B": "1"}}
    raw = data.stream("compat_shapes", normalize="none")
    assert raw.as_dicts().to_list() == data.stream("compat_shapes", normalize="dict").to_list()
    assert raw.records().to_list() == data.stream("compat_shapes").to_list()
    with pytest.raises(InvalidDataArgument, match="normalize must be one of none, dict"):
        data.stream("compat_shapes", normalize="records")


def test_stream_options_are_the_dataset_chain_they_name(registered):
    registered("compat_options", Counting(50))

    def even(r):
        return r["id"] % 2 == 0

    def tag(r):
        return {**r, "tagged": True}

    by_options = data.stream("compat_options", normalize="dict", filter=even, transform=tag,
                             max_items=4).to_list()
    by_chain = (data.stream("compat_options", normalize="none").as_dicts().filter(even)
                .transform(tag).limit(4).to_list())
    assert by_options == by_chain and [r["id"] for r in by_options] == [0, 2, 4, 6]
    assert data.stream("compat_options", limit=3, normalize="none").to_list() == \
        data.stream("compat_options", max_items=3, normalize="none").to_list()
    with pytest.raises(InvalidDataArgument, match="limit or max_items"):
        data.stream("compat_options", limit=3, max_items=3)
    with pytest.raises(InvalidDataArgument, match="taken"):
        data.register("compat_options", Counting(1))


def test_files_read_the_earlier_way_match_load(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"query": f"q{i}", "response": f"a{i}", "grade": "AB"[i % 2]} for i in range(7)]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert [len(b) for b in FileSource(path).read_batches(3)] == [3, 3, 1]
    assert [r for b in FileSource(path).read_batches(3) for r in b] == data.load(path).to_list()
    picked = data.load_file(path, normalize="dict", filter=lambda r: r["grade"] == "A")
    assert isinstance(picked, Dataset)
    assert [(r["question"], r["answer"]) for r in picked] == [("q0", "a0"), ("q2", "a2"),
                                                              ("q4", "a4"), ("q6", "a6")]
    assert data.from_file is data.load and data.list_datasets is data.list
    assert data.metadata is data.info and data.StreamIterator is Dataset


def test_normalized_rows_feed_an_evaluation(registered):
    registered("compat_eval", Counting(4))
    rows = data.stream("compat_eval", normalize="dict")
    result = eval.evaluate(lambda question: models("sim/gpt", question, latency=0), rows,
                           "numeric", progress=False)
    assert result.summary.items == 4 and result.summary.errors == 0
