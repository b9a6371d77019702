"""Datasets for evaluation: ``from ember.api import data``.

`load` reads JSON Lines, CSV and JSON files (streamed, optionally gzipped) and Python
iterables; `hf` reads Hugging Face `datasets` (the ``hf`` extra). Named datasets: `list`
the names, `info(name)` their metadata, `stream(name, split=..., limit=...)` their rows
(hub datasets through the ``hf`` extra, local dataset folders as files), `register` your own. Both return a lazy,
re-iterable `Dataset` with `filter`, `map`, `batch`, `limit`, `skip` and a seeded
`shuffle`. Bad input raises `MalformedData` naming the file, the line and the fix.

Examples:
    >>> from ember.api import data
    >>> ds = data.load([{"question": f"{i}+{i}?", "answer": str(2 * i)} for i in range(5)])
    >>> ds.filter(lambda r: int(r["answer"]) > 2).limit(2).to_list()
    [{'question': '2+2?', 'answer': '4'}, {'question': '3+3?', 'answer': '6'}]
"""

from ember.data._dataset import Dataset as Dataset
from ember.data._hf import hf as hf
from ember.data._load import from_iterable as from_iterable
from ember.data._load import load as load
from ember.data._registry import DatasetInfo as DatasetInfo
from ember.data._registry import info as info
from ember.data._registry import list_datasets as list  # noqa: A004 - data.list(), as before
from ember.data._registry import register as register
from ember.data._registry import stream as stream
from ember.data._registry import unregister as unregister

__all__ = ["Dataset", "DatasetInfo", "from_iterable", "hf", "info", "list", "load", "register",
           "stream", "unregister"]
