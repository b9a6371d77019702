"""Hugging Face `datasets` as a source (the optional ``hf`` extra).

`hf` accepts what people have at hand: a `datasets.Dataset` (or `IterableDataset`, or a
`DatasetDict` plus a split), a directory written by ``save_to_disk``, or anything
`datasets.load_dataset` reads (a hub name, a local loading script or data directory, a
builder such as ``"json"`` with ``data_files=``). Rows come out as dicts. The import is
deferred, so Ember works without the extra installed.
"""

from __future__ import annotations

import os
from typing import Any, Final

from ember._errors import DataError, MissingData
from ember.data._dataset import Dataset

__all__ = ["hf"]

MSG_NO_EXTRA: Final = (
    "ember.data.hf() needs the Hugging Face `datasets` package, which is not installed. "
    "Fix: pip install 'ember[hf]'"
)


def _datasets() -> Any:
    try:
        import datasets
    except ImportError as exc:
        raise DataError(MSG_NO_EXTRA, source="datasets") from exc
    return datasets


def _saved_to_disk(path: str) -> bool:
    return os.path.isdir(path) and any(
        os.path.exists(os.path.join(path, name))
        for name in ("state.json", "dataset_dict.json")
    )


def _pick_split(obj: Any, split: str | None, label: str) -> Any:
    splits = list(obj.keys())
    if split is None:
        if len(splits) == 1:
            return obj[splits[0]]
        raise MissingData(f"{label}: has splits {', '.join(splits)}; say which one. "
                          f"Fix: hf(..., split={splits[0]!r})", source=label)
    if split not in obj:
        raise MissingData(f"{label}: no split {split!r} (splits: {', '.join(splits)}). "
                          f"Fix: hf(..., split={splits[0]!r})", source=label)
    return obj[split]


def hf(source: Any, *, split: str | None = None, name: str | None = None,
       streaming: bool = False, **kwargs: Any) -> Dataset[dict[str, Any]]:
    """A `Dataset` of dict rows from Hugging Face `datasets` (needs ``ember[hf]``).

    Args:
        source: a `datasets.Dataset`, `IterableDataset` or `DatasetDict`; a directory
            written by ``save_to_disk``; or a name/path for `datasets.load_dataset`
            (a hub dataset, a local data directory, or a builder such as ``"json"``).
        split: the split to read (required when there are several).
        name: the configuration name, for `load_dataset`.
        streaming: stream with `load_dataset(..., streaming=True)` instead of downloading.
        **kwargs: passed to `datasets.load_dataset` (e.g. ``data_files=``).

    Raises:
        DataError: the extra is not installed, or loading failed (with the reason).
        MissingData: no such dataset, directory or split.

    Examples:
        >>> import datasets  # doctest: +SKIP
        >>> hf(datasets.Dataset.from_list([{"q": "2+2?", "a": "4"}])).to_list()  # doctest: +SKIP
        [{'q': '2+2?', 'a': '4'}]
    """
    ds_mod = _datasets()
    label = source if isinstance(source, str) else type(source).__name__
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
        label = source
    dict_types = (ds_mod.DatasetDict, ds_mod.IterableDatasetDict)
    row_types = (ds_mod.Dataset, ds_mod.IterableDataset)
    if isinstance(source, str):
        if kwargs and _saved_to_disk(source):
            raise DataError(f"{source}: a saved dataset takes no load_dataset options "
                            f"({', '.join(sorted(kwargs))}). Fix: drop them.", source=source)
        try:
            if _saved_to_disk(source):
                obj = ds_mod.load_from_disk(source)
            else:
                obj = ds_mod.load_dataset(source, name, split=split, streaming=streaming,
                                          **kwargs)
        except FileNotFoundError as exc:
            raise MissingData(f"{source}: not found ({exc}). Fix: check the name or path; "
                              "with no network, save the dataset with save_to_disk where it "
                              "can be downloaded and pass that directory.",
                              source=source) from exc
        except (ValueError, ConnectionError, OSError) as exc:
            kind = type(exc).__name__
            raise DataError(f"{source}: Hugging Face datasets could not load it ({kind}: "
                            f"{exc}). Fix: check the name, split and options; offline, pass a "
                            "directory written by save_to_disk.", source=source) from exc
    elif isinstance(source, dict_types + row_types):
        obj = source
    else:
        raise DataError(f"hf(): expected a datasets.Dataset, DatasetDict, a save_to_disk "
                        f"directory or a dataset name, got {type(source).__name__}. Fix: "
                        "for plain Python rows use ember.data.load(rows).")
    if isinstance(obj, dict_types):
        obj = _pick_split(obj, split, label)
    elif split is not None and isinstance(source, row_types):
        raise DataError("hf(): split= applies to a DatasetDict or a name, not to a single "
                        "Dataset. Fix: drop split=.")
    rows = obj
    return Dataset(lambda: iter(rows), name=f"hf({label})")
