"""`load`: one entry point from files and Python values to a `Dataset`.

Files are checked when `load` is called (does the file exist, is the format known) and
read lazily when the dataset is iterated. Python values become datasets directly: a list
or any re-iterable is walked again on each iteration, a one-shot iterator is kept as it is
read, and a dict of equal-length columns becomes rows.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ember._errors import DataError, MissingData
from ember.data import _files
from ember.data._dataset import Dataset
from ember.data._records import shaped

__all__ = ["from_iterable", "load"]


def load(source: Any, *, format: str | None = None, encoding: str = "utf-8",
         normalize: str = "none",
         filter: Callable[[Any], object] | None = None,  # noqa: A002 - the earlier name
         transform: Callable[[Any], Any] | None = None, max_items: int | None = None,
         **options: Any) -> Dataset[Any]:
    """A `Dataset` from a file path or a Python iterable.

    Args:
        source: a path (str or `os.PathLike`) to a ``.jsonl``/``.ndjson``, ``.csv``/``.tsv``
            or ``.json`` file (any of them optionally ``.gz``); a list, tuple, generator or
            other iterable of records; a dict of equal-length column lists; or a `Dataset`.
        format: ``"jsonl"``, ``"csv"`` or ``"json"`` when the suffix does not say.
        encoding: the file's text encoding.
        normalize: ``"none"`` (rows as they are), ``"dict"`` or ``"record"`` (one shape for
            rows that name their fields differently: see `ember.data._records`).
        filter: keep the rows (after `normalize`) for which it is true.
        transform: replace each row (after `filter`) with what it returns.
        max_items: read at most this many rows (after `filter`).
        **options: for CSV, ``delimiter``; for JSON, ``key`` (the top-level key holding
            the list of records).

    Returns:
        A lazy `Dataset`; files are read when it is iterated.

    Raises:
        MissingData: the file does not exist (or is a directory).
        DataError: unknown format, encoding or options.
        MalformedData: while iterating, for a record that cannot be read (file and line);
            `EmptyDataset` for a file with no records.
        UnreadableFile: while iterating, for a file that cannot be read to its end (a
            truncated or corrupt .gz, permissions).

    Examples:
        >>> load([{"q": "2+2?", "a": "4"}]).to_list()
        [{'q': '2+2?', 'a': '4'}]
        >>> load({"q": ["a", "b"], "a": [1, 2]}).to_list()
        [{'q': 'a', 'a': 1}, {'q': 'b', 'a': 2}]
    """
    return shaped(_dataset(source, format, encoding, options), "load()", normalize=normalize,
                  filter=filter, transform=transform, max_items=max_items)


def _dataset(source: Any, format: str | None, encoding: str,  # noqa: A002 - load's name
             options: dict[str, Any]) -> Dataset[Any]:
    if isinstance(source, Dataset):
        return source
    if isinstance(source, str | os.PathLike):
        return _load_file(os.fspath(source), format, encoding, options)
    if format is not None or options:
        given = ", ".join(["format"] * (format is not None) + sorted(options))
        raise DataError(f"load(): {given} only apply to files; got a {type(source).__name__}. "
                        "Fix: drop them, or pass a path.")
    if isinstance(source, bytes | bytearray):
        raise DataError("load(): got bytes. Fix: pass a path, or decode and parse the data "
                        "into a list of records first.")
    if isinstance(source, Mapping):
        return _from_columns(source)
    if isinstance(source, Iterable):
        return from_iterable(source)
    raise DataError(f"load(): cannot read a {type(source).__name__}. Fix: pass a path to a "
                    ".jsonl/.csv/.json file, or an iterable of records.")


def _load_file(path: str, fmt: str | None, encoding: str, options: dict[str, Any]) -> Dataset:
    if os.path.isdir(path):
        hint = (" It looks like a Hugging Face dataset saved with save_to_disk: use "
                "ember.data.hf(path)." if os.path.exists(os.path.join(path, "state.json"))
                or os.path.exists(os.path.join(path, "dataset_dict.json")) else "")
        raise MissingData(f"{path}: is a directory, not a file.{hint} Fix: pass the path "
                          "of a .jsonl, .csv or .json file.", source=path)
    if not os.path.exists(path):
        from ember.data._registry import list_datasets

        hint = (f" {path!r} is a registered dataset name: use data.stream({path!r})."
                if path in list_datasets() else
                " For a Hugging Face dataset name, use ember.data.hf(name)."
                if not os.path.splitext(path)[1] else "")
        raise MissingData(f"{path}: no such file (relative paths start at {os.getcwd()}). "
                          f"Fix: check the path.{hint}", source=path)
    if fmt is None:
        fmt = _files.format_for(path)
    elif fmt not in _files.FORMATS:
        raise DataError(f"load({path!r}): format={fmt!r} is not one of "
                        f"{', '.join(sorted(_files.FORMATS))}. Fix: e.g. format='jsonl'.",
                        source=path)
    allowed = {"csv": {"delimiter"}, "json": {"key"}}.get(fmt, set())
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise DataError(f"load({path!r}): {', '.join(unknown)} do(es) not apply to {fmt} files"
                        f" (options for {fmt}: {', '.join(sorted(allowed)) or 'none'}). "
                        "Fix: drop them.", source=path)
    _files.check_encoding(encoding, path)
    opts = {"encoding": encoding, **options}
    return Dataset(lambda: _files.read(path, fmt, opts), name=os.path.basename(path))


def _from_columns(columns: Mapping[Any, Any]) -> Dataset[dict[Any, Any]]:
    lengths = {k: len(v) for k, v in columns.items() if isinstance(v, list | tuple)}
    if len(lengths) != len(columns) or len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k}: {lengths.get(k, type(columns[k]).__name__)}" for k in columns)
        raise DataError(f"load(): a dict is read as columns, which must all be lists of the "
                        f"same length; got {{{shown}}}. Fix: pass a list of records instead, "
                        "e.g. [{'question': ..., 'answer': ...}].")
    keys = list(columns)
    rows = [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    return Dataset(lambda: iter(rows), name=f"columns({', '.join(map(str, keys))})")


def from_iterable(rows: Iterable[Any], *, name: str | None = None) -> Dataset[Any]:
    """A dataset over an iterable.

    A container (list, tuple, range, anything whose ``iter()`` is a new iterator) is
    walked afresh on each iteration. A one-shot iterator such as a generator is kept as it
    is read, so the dataset can still be iterated again from the start.

    Examples:
        >>> ds = from_iterable(x * x for x in range(3))
        >>> ds.to_list(), ds.to_list()
        ([0, 1, 4], [0, 1, 4])
    """
    label = name or type(rows).__name__
    if iter(rows) is not rows:
        return Dataset(lambda: iter(rows), name=label)
    it: Iterator[Any] = rows  # type: ignore[assignment]
    seen: list[Any] = []

    def source() -> Iterator[Any]:
        def more() -> Iterator[Any]:
            for row in it:
                seen.append(row)
                yield row

        # Replay what earlier reads consumed, then continue the one-shot iterator.
        return itertools.chain(iter(list(seen)), more())

    return Dataset(source, name=label)
