"""Datasets for evaluation: ``from ember.api import data``.

`load` reads JSON Lines, CSV and JSON files (streamed, optionally gzipped) and Python
iterables; `hf` reads Hugging Face `datasets` (the ``hf`` extra). Both return a lazy,
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

__all__ = ["Dataset", "from_iterable", "hf", "load"]
