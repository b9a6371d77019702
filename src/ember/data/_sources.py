"""Data sources: objects that read rows in batches, and the options every reader shares.

The earlier Ember registered a dataset as any object with ``read_batches(batch_size)``
yielding lists of rows (an in-memory list, a generator, a database cursor). `register`
takes one here too (`DataSource` says what it must have), and `stream` reads it lazily:
one batch is asked for when the first row is read, the next when that batch runs out.
`FileSource` is the one for a file.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from ember._errors import InvalidDataArgument
from ember.data._dataset import Dataset
from ember.data._load import load

__all__ = ["DataSource", "FileSource", "rows_of"]


@runtime_checkable
class DataSource(Protocol):
    """What `register` takes besides folders and hub ids: ``read_batches(batch_size)``.

    Examples:
        >>> class Numbers:
        ...     def read_batches(self, batch_size=32):
        ...         yield [{"n": 1}, {"n": 2}]
        >>> isinstance(Numbers(), DataSource)
        True
    """

    def read_batches(self, batch_size: int = 32) -> Iterator[list[Any]]:
        """Yield the rows, a list of at most `batch_size` at a time."""
        ...


class FileSource:
    """A file as a `DataSource` (any format `ember.data.load` reads, with its options).

    Examples:
        >>> import json, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.jsonl"
        >>> _ = path.write_text("\\n".join(json.dumps({"n": i}) for i in range(5)))
        >>> [len(b) for b in FileSource(path).read_batches(2)]
        [2, 2, 1]
    """

    def __init__(self, path: str | os.PathLike[str], **options: Any) -> None:
        self.path = os.fspath(path)
        self.dataset = load(self.path, **options)  # checks the path and options now

    def read_batches(self, batch_size: int = 32) -> Iterator[list[Any]]:
        """The file's rows, `batch_size` at a time, read as they are asked for."""
        rows = iter(self.dataset)
        while batch := list(itertools.islice(rows, batch_size)):
            yield batch

    def __repr__(self) -> str:
        return f"FileSource({self.path!r})"


def rows_of(source: DataSource, batch_size: int, name: str) -> Dataset[Any]:
    """A source's rows as a lazy `Dataset` (a batch is read when its first row is needed)."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidDataArgument(f"{name}: batch_size must be an int >= 1, got {batch_size!r}")

    def rows() -> Iterator[Any]:
        return itertools.chain.from_iterable(source.read_batches(batch_size))

    return Dataset(rows, name=name)
