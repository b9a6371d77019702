"""Named datasets: `list`, `info`, `stream`, `register`.

A name stands for where the rows are and what they hold (`DatasetInfo`): a dataset on the
Hugging Face hub, read through the ``hf`` extra (`ember.data.hf`, streamed, so nothing is
downloaded ahead of the rows asked for), or a local dataset folder. The registry, the
choice of split, the `limit` and the metadata are the same for both; only opening a split
differs, and the hub's opener is one call. Well-known benchmarks are registered here as
data; `register` adds your own.

A dataset folder holds one file per split, named after it (``test.jsonl``, ``train.csv``,
any format `ember.data.load` reads, optionally ``.gz``), or several shards per split
(``test-00000.jsonl``, ``test-00001.jsonl``, read in name order), and optionally an
``info.json`` with the metadata (``description``, ``task``, ``license``, ``fields``,
``rows`` per split, ``default_split``).
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ember._errors import DataError, InvalidDataArgument, MissingData, UnknownDataset
from ember.data import _files
from ember.data._dataset import Dataset
from ember.data._hf import _datasets, hf
from ember.data._load import load
from ember.data._records import check_mode, shaped
from ember.data._sources import DataSource, rows_of

__all__ = ["DatasetInfo", "info", "list_datasets", "register", "stream", "unregister"]

_INFO_FILE: Final = "info.json"
_INFO_KEYS: Final = ("description", "task", "license", "fields", "rows", "default_split")


@dataclass(frozen=True)
class DatasetInfo:
    """What a named dataset is: where it lives, its splits and its fields.

    Attributes:
        name: the registered name.
        description: one line about the dataset.
        splits: the split names, in order.
        default_split: the split `stream` reads when none is given.
        fields: the names of each row's fields (when known).
        rows: rows per split (when known).
        task: e.g. ``"multiple-choice"``, ``"math word problems"``.
        license: the dataset's license, as published.
        hub: the hub id (``"cais/mmlu"``) and `config`, for hub datasets.
        path: the folder, for local datasets.
        reader: the `DataSource` object, for datasets registered as one.
        normalize: how `stream` shapes rows by default (``"none"``: as published; a
            source registered the earlier way: ``"record"``, as the earlier Ember did).
    """

    name: str
    description: str = ""
    splits: tuple[str, ...] = ()
    default_split: str | None = None
    fields: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)
    task: str | None = None
    license: str | None = None
    hub: str | None = None
    config: str | None = None
    path: str | None = None
    reader: DataSource | None = field(default=None, repr=False, compare=False)
    normalize: str = "none"

    @property
    def source(self) -> str:
        """Where the rows come from, in words."""
        if self.reader is not None:
            return f"source {self.reader!r}"
        if self.path is not None:
            return f"folder {self.path}"
        return f"hub {self.hub}" + (f" ({self.config})" if self.config else "") + " via ember[hf]"

    @property
    def streaming_supported(self) -> bool:
        """Whether `stream` reads it lazily: always, for every dataset here."""
        return True


# Well-known benchmarks on the hub, as published (rows per split, fields, license).
_HUB: Final = (
    DatasetInfo("mmlu", "57-subject multiple-choice knowledge exam (Hendrycks et al.)",
                ("test", "validation", "dev"), "test", ("question", "subject", "choices", "answer"),
                {"test": 14042, "validation": 1531, "dev": 285}, "multiple-choice", "MIT",
                hub="cais/mmlu", config="all"),
    DatasetInfo("gsm8k", "grade-school math word problems with worked answers",
                ("train", "test"), "test", ("question", "answer"), {"train": 7473, "test": 1319},
                "math word problems", "MIT", hub="openai/gsm8k", config="main"),
    DatasetInfo("truthful_qa", "questions that some humans answer falsely from misconceptions",
                ("validation",), "validation",
                ("type", "category", "question", "best_answer", "correct_answers",
                 "incorrect_answers", "source"), {"validation": 817}, "open-ended QA",
                "Apache-2.0", hub="truthfulqa/truthful_qa", config="generation"),
    DatasetInfo("hellaswag", "commonsense sentence completion, four endings",
                ("train", "validation", "test"), "validation",
                ("ind", "activity_label", "ctx_a", "ctx_b", "ctx", "endings", "source_id",
                 "split", "split_type", "label"),
                {"train": 39905, "validation": 10042, "test": 10003}, "multiple-choice", "MIT",
                hub="Rowan/hellaswag"),
    DatasetInfo("arc_challenge", "grade-school science questions, the hard set (AI2 ARC)",
                ("train", "validation", "test"), "test", ("id", "question", "choices", "answerKey"),
                {"train": 1119, "validation": 299, "test": 1172}, "multiple-choice",
                "CC-BY-SA-4.0", hub="allenai/ai2_arc", config="ARC-Challenge"),
    DatasetInfo("commonsense_qa", "multiple-choice questions needing commonsense knowledge",
                ("train", "validation", "test"), "validation",
                ("id", "question", "question_concept", "choices", "answerKey"),
                {"train": 9741, "validation": 1221, "test": 1140}, "multiple-choice", "MIT",
                hub="tau/commonsense_qa"),
    DatasetInfo("humaneval", "Python functions to complete from their docstrings, with tests",
                ("test",), "test", ("task_id", "prompt", "canonical_solution", "test",
                                    "entry_point"), {"test": 164}, "code generation", "MIT",
                hub="openai/openai_humaneval"),
)

_registry: dict[str, DatasetInfo] = {d.name: d for d in _HUB}


def list_datasets() -> list[str]:
    """The registered names, sorted (``data.list()``).

    Examples:
        >>> "mmlu" in list_datasets()
        True
    """
    return sorted(_registry)


def info(name: str) -> DatasetInfo:
    """The metadata of a named dataset (no rows are read; nothing is downloaded).

    Raises:
        UnknownDataset: no dataset has that name (the message lists close names).

    Examples:
        >>> info("gsm8k").splits, info("gsm8k").rows["test"]
        (('train', 'test'), 1319)
    """
    found = _registry.get(name) if isinstance(name, str) else None
    if found is None:
        close = difflib.get_close_matches(str(name), _registry, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UnknownDataset(
            f"no dataset named {name!r}; {hint}registered: {', '.join(sorted(_registry))}. "
            "Fix: data.register(name, path) for a local folder, or data.load(path) for a file",
            source=str(name))
    return found


def register(name: str, path: str | os.PathLike[str] | DataSource | None = None, *,
             hub: str | None = None, config: str | None = None,
             splits: tuple[str, ...] | None = None, replace: bool = False,
             normalize: str | None = None, **metadata: Any) -> DatasetInfo:
    """Give a dataset a name: a local folder (`path`), a hub dataset (`hub`) or a source.

    Args:
        name: the name `stream` and `info` take.
        path: a dataset folder (one file, or shards, per split; optional ``info.json``), or
            a `DataSource` (an object with ``read_batches(batch_size)``, as the earlier
            Ember took): one split, ``"all"``, read lazily a batch at a time.
        normalize: how `stream` shapes its rows by default (see `ember.data._records`):
            ``"none"`` for folders and hub datasets, ``"record"`` for a source (the earlier
            Ember's default).
        hub: a Hugging Face hub id, read through the ``hf`` extra; `config` its configuration
            and `splits` its split names (required: the hub is not asked).
        replace: replace a dataset already registered under `name`.
        **metadata: description, task, license, fields, rows, default_split (a folder's
            ``info.json`` fills in the ones not given).

    Raises:
        InvalidDataArgument: bad arguments, or a name already taken without `replace`.
        MissingData: the folder does not exist or holds no split files.

    Examples:
        >>> register("mmlu", hub="cais/mmlu", splits=("test",))
        Traceback (most recent call last):
        ...
        ember._errors.InvalidDataArgument: data.register('mmlu'): the name is taken (hub cais/mmlu (all) via ember[hf]). Fix: pick another name, or pass replace=True
    """
    if not isinstance(name, str) or not name:
        raise InvalidDataArgument(f"data.register(): name must be a non-empty str, got {name!r}")
    if name in _registry and not replace:
        raise InvalidDataArgument(f"data.register({name!r}): the name is taken "
                                  f"({_registry[name].source}). Fix: pick another name, or "
                                  "pass replace=True", source=name)
    unknown = sorted(set(metadata) - set(_INFO_KEYS))
    if unknown:
        raise InvalidDataArgument(f"data.register({name!r}): unknown metadata "
                                  f"{', '.join(unknown)}; known: {', '.join(_INFO_KEYS)}",
                                  source=name)
    if (path is None) == (hub is None):
        raise InvalidDataArgument(f"data.register({name!r}): pass a folder path or hub=..., "
                                  "exactly one of them", source=name)
    if isinstance(path, DataSource):
        spec = _make(name, ("all",), metadata, reader=path,
                     normalize=check_mode(normalize or "record", f"data.register({name!r})"))
    elif path is not None:
        spec = _folder_info(name, Path(path), splits, metadata)
        if normalize is not None:
            spec = dataclasses.replace(spec, normalize=check_mode(normalize, "data.register"))
    else:
        if not splits:
            raise InvalidDataArgument(f"data.register({name!r}, hub={hub!r}): say its splits, "
                                      "e.g. splits=('test',)", source=name)
        spec = _make(name, tuple(splits), metadata, hub=hub, config=config)
    _registry[name] = spec
    return spec


def unregister(name: str) -> None:
    """Forget a registered name (`UnknownDataset` if there is none)."""
    info(name)
    del _registry[name]


def stream(name: str, *, split: str | None = None, limit: int | None = None,
           normalize: str | None = None,
           filter: Callable[[Any], object] | None = None,  # noqa: A002 - the earlier name
           transform: Callable[[Any], Any] | None = None, max_items: int | None = None,
           batch_size: int = 32) -> Dataset[Any]:
    """The rows of a named dataset's split, read lazily as they are iterated.

    Args:
        name: a registered name (`list` shows them).
        split: the split (default: the dataset's `default_split`).
        limit: read at most this many rows (``max_items`` is its earlier name).
        normalize: ``"none"`` (rows as they are), ``"dict"`` or ``"record"`` (one shape:
            see `ember.data._records`); default: the dataset's own (`DatasetInfo.normalize`).
        filter: keep the rows (after `normalize`) for which it is true.
        transform: replace each row (after `filter`) with what it returns.
        batch_size: for a `DataSource`, how many rows it is asked for at a time.

    Raises:
        UnknownDataset: no such name. MissingData: no such split.
        DataError: a hub dataset without the ``hf`` extra (names the install command).

    Examples:
        >>> stream("mmlu", split="train")
        Traceback (most recent call last):
        ...
        ember._errors.MissingData: mmlu: no split 'train' (splits: test, validation, dev). Fix: stream('mmlu', split='test')
    """
    spec = info(name)
    if limit is not None and max_items is not None:
        raise InvalidDataArgument(f"stream({name!r}): give limit or max_items (its earlier "
                                  "name), not both", source=name)
    split = spec.default_split if split is None else split
    if split not in spec.splits:
        raise MissingData(f"{name}: no split {split!r} (splits: {', '.join(spec.splits)}). "
                          f"Fix: stream({name!r}, split={spec.splits[0]!r})", source=name)
    if spec.reader is not None:
        dataset = rows_of(spec.reader, batch_size, f"{name}[{split}]")
    elif spec.path is not None:
        dataset = _folder_split(spec, split)
    else:
        hub, config = spec.hub, spec.config
        _datasets()  # the extra is there (else the error names it); the hub is asked only
        dataset = Dataset(  # when the rows are read
            lambda: iter(hf(hub, name=config, split=split, streaming=True)),
            name=f"{name}[{split}]")
    return shaped(dataset, f"stream({name!r})", normalize=normalize or spec.normalize,
                  filter=filter, transform=transform,
                  max_items=limit if max_items is None else max_items)


# -- local folders -------------------------------------------------------------------------------


def _make(name: str, splits: tuple[str, ...], metadata: dict[str, Any], **where: Any
          ) -> DatasetInfo:
    default = metadata.get("default_split") or ("test" if "test" in splits else splits[0])
    if default not in splits:
        raise InvalidDataArgument(f"data.register({name!r}): default_split {default!r} is not "
                                  f"one of its splits ({', '.join(splits)})", source=name)
    return DatasetInfo(name, metadata.get("description", ""), splits, default,
                       tuple(metadata.get("fields") or ()), dict(metadata.get("rows") or {}),
                       metadata.get("task"), metadata.get("license"), **where)


def _split_files(folder: Path) -> dict[str, list[Path]]:
    """Split name -> its files (shards in name order), from the files' names."""
    out: dict[str, list[Path]] = {}
    for file in sorted(folder.iterdir()):
        if file.name == _INFO_FILE or not file.is_file() or not _readable(file):
            continue
        split = os.path.splitext(file.name.removesuffix(".gz"))[0].split("-", 1)[0]
        out.setdefault(split, []).append(file)
    return out


def _readable(file: Path) -> bool:
    try:
        _files.format_for(str(file))
    except DataError:
        return False
    return True


def _folder_info(name: str, folder: Path, splits: tuple[str, ...] | None,
                 metadata: dict[str, Any]) -> DatasetInfo:
    if not folder.is_dir():
        raise MissingData(f"data.register({name!r}): {folder} is not a folder. Fix: pass a "
                          "folder holding one file per split (test.jsonl, ...); for one file "
                          "use data.load(path)", source=str(folder))
    found = _split_files(folder)
    if not found:
        raise MissingData(f"data.register({name!r}): {folder} holds no split files. Fix: name "
                          f"them after their split, e.g. test.jsonl or train-00000.csv "
                          f"(formats: {', '.join(sorted(_files.FORMATS))})", source=str(folder))
    meta = _read_info(folder)
    meta.update(metadata)
    chosen = tuple(splits) if splits else tuple(sorted(found))
    missing = [s for s in chosen if s not in found]
    if missing:
        raise MissingData(f"data.register({name!r}): no file for split(s) "
                          f"{', '.join(missing)} in {folder} (found: {', '.join(sorted(found))})",
                          source=str(folder))
    return _make(name, chosen, meta, path=str(folder.resolve()))


def _read_info(folder: Path) -> dict[str, Any]:
    file = folder / _INFO_FILE
    if not file.exists():
        return {}
    try:
        meta = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{file}: cannot be read as JSON ({exc}). Fix: make it a JSON object "
                        f"with keys among {', '.join(_INFO_KEYS)}", source=str(file)) from None
    if not isinstance(meta, dict):
        raise DataError(f"{file}: must be a JSON object, got {type(meta).__name__}",
                        source=str(file))
    return {k: v for k, v in meta.items() if k in _INFO_KEYS}


def _folder_split(spec: DatasetInfo, split: str) -> Dataset[Any]:
    assert spec.path is not None
    files = _split_files(Path(spec.path)).get(split)
    if not files:
        raise MissingData(f"{spec.name}: the file(s) of split {split!r} are gone from "
                          f"{spec.path}. Fix: restore them, or register the folder again",
                          source=spec.path)
    parts = [load(f) for f in files]

    def rows() -> Iterator[Any]:
        return itertools.chain.from_iterable(parts)

    return Dataset(rows, name=f"{spec.name}[{split}]")
