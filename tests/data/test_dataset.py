"""`Dataset`: lazy, re-iterable, chainable transforms, seeded shuffle."""

from __future__ import annotations

import doctest
import itertools

import pytest

from ember.api import data
from ember.data import Dataset, _dataset, _files, _hf, _load
from ember.errors import DataError, InvalidDataArgument


def counting(n: int) -> tuple[Dataset[int], list[int]]:
    opened: list[int] = []

    def source():
        opened.append(1)
        return iter(range(n))

    return Dataset(source, name="range"), opened


def test_lazy_until_iterated_and_reread_each_time():
    ds, opened = counting(5)
    chained = ds.filter(lambda x: x % 2 == 0).map(lambda x: x * 10)
    assert opened == []
    assert chained.to_list() == [0, 20, 40]
    assert chained.to_list() == [0, 20, 40]
    assert len(opened) == 2


def test_transforms_compose():
    ds, _ = counting(20)
    out = ds.skip(2).filter(lambda x: x % 3 == 0).map(str).limit(3).batch(2).to_list()
    assert out == [["3", "6"], ["9"]]
    assert ds.batch(6, drop_last=True).count() == 3
    assert ds.take(2) == [0, 1]
    assert "filter(<lambda>)" in repr(ds.filter(lambda x: x))


def test_limit_reads_no_further_than_needed():
    ds = Dataset(lambda: itertools.count(), name="forever")
    assert ds.map(lambda x: x + 1).limit(3).to_list() == [1, 2, 3]


def test_shuffle_is_seeded_and_a_permutation():
    ds, _ = counting(50)
    a = ds.shuffle(seed=7).to_list()
    assert a == ds.shuffle(seed=7).to_list()
    assert a != ds.shuffle(seed=8).to_list()
    assert sorted(a) == list(range(50)) and a != list(range(50))
    b = ds.shuffle(seed=7, buffer=8).to_list()
    assert b == ds.shuffle(seed=7, buffer=8).to_list()
    assert sorted(b) == list(range(50))


@pytest.mark.parametrize("call, fix", [
    (lambda ds: ds.limit(-1), ".limit("),
    (lambda ds: ds.batch(0), ".batch("),
    (lambda ds: ds.shuffle(seed="x"), ".shuffle(seed=0)"),
    (lambda ds: ds.shuffle(seed=1, buffer=0), ".shuffle("),
    (lambda ds: ds.map("upper"), ".map(lambda"),
    (lambda ds: ds.filter(3), ".filter(lambda"),
])
def test_bad_arguments_say_the_fix(call, fix):
    ds, _ = counting(3)
    with pytest.raises(InvalidDataArgument) as info:  # a DataError, a ValueError, a TypeError
        call(ds)
    assert "Fix" in str(info.value) and fix in str(info.value)


def test_source_must_be_callable():
    with pytest.raises(InvalidDataArgument, match="zero-argument callable") as info:
        Dataset([1, 2, 3])  # type: ignore[arg-type]
    assert isinstance(info.value, DataError) and isinstance(info.value, TypeError)


def test_from_iterable_buffers_one_shot_iterators():
    gen = (x for x in range(4))
    ds = data.from_iterable(gen)
    assert ds.take(2) == [0, 1]
    assert ds.to_list() == [0, 1, 2, 3]
    assert ds.to_list() == [0, 1, 2, 3]


@pytest.mark.parametrize("module", [data, _dataset, _load, _files, _hf])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
