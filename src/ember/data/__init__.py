"""Datasets for evaluation: ``from ember.api import data``.

`load` reads JSON Lines, CSV and JSON files (streamed, optionally gzipped) and Python
iterables; `hf` reads Hugging Face `datasets` (the ``hf`` extra). Named datasets: `list`
the names, `info(name)` their metadata, `stream(name, split=..., limit=...)` their rows
(hub datasets through the ``hf`` extra, local dataset folders as files), `register` your own. Both return a lazy,
re-iterable `Dataset` with `filter`, `map`, `batch`, `limit`, `skip` and a seeded
`shuffle`. Bad input raises `MalformedData` naming the file, the line and the fix.

The earlier Ember's ways work too: `register(name, source)` takes any object with
``read_batches(batch_size)`` (a `DataSource`; `FileSource` for a file); `stream` and
`load` take ``normalize="dict" | "record"`` (one shape, `DataRecord`, for rows that name
their fields differently), ``filter=``, ``transform=`` and ``max_items=``; and the earlier
names `list_datasets`, `metadata` (`info`), `load_file` and `from_file` (`load`) and
`StreamIterator` (`Dataset`) import from here, as the same objects.

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
from ember.data._records import DataRecord as DataRecord
from ember.data._registry import DatasetInfo as DatasetInfo
from ember.data._registry import info as info
from ember.data._registry import list_datasets as list  # noqa: A004 - data.list(), as before
from ember.data._registry import register as register
from ember.data._registry import stream as stream
from ember.data._registry import unregister as unregister
from ember.data._sources import DataSource as DataSource
from ember.data._sources import FileSource as FileSource

__all__ = ["DataRecord", "DataSource", "Dataset", "DatasetInfo", "FileSource", "from_iterable",
           "hf", "info", "list", "load", "register", "stream", "unregister"]

# The earlier Ember's names for the same objects: importable, but exported (and documented)
# once, under the names above.
list_datasets = list
metadata = info
load_file = from_file = load
StreamIterator = Dataset
