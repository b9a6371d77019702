"""`Dataset`: a lazy, re-iterable stream of records with chainable transforms.

A dataset holds a *source*: a zero-argument function that opens a fresh iterator (a file
is read again, a list is walked again). Transforms (`filter`, `map`, `batch`, `limit`,
`shuffle`; `as_dicts` and `records` give rows one shape, `transform` and `first` are
the earlier Ember's `map` and `take`) return new datasets that wrap the source's iterator in a generator, so nothing
is read until someone iterates, and a 10 GB JSONL file streams in constant memory. Every
iteration starts from the beginning and gives the same records in the same order
(`shuffle` is seeded), which is what resuming an evaluation relies on.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from ember._errors import InvalidDataArgument
from ember.data._records import DataRecord, normalized

__all__ = ["Dataset"]

T = TypeVar("T")
U = TypeVar("U")


def _check_count(method: str, name: str, value: object, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidDataArgument(
            f"Dataset.{method}(): {name} must be an int >= {low}, got {value!r}. "
            f"Fix: e.g. .{method}({max(low, 1) * 10 if low else 0})")
    return value


class Dataset(Generic[T]):
    """A lazy, re-iterable sequence of records (usually dicts).

    Make one with `ember.data.load` (files, iterables) or `ember.data.hf`, or directly from
    a function that returns a fresh iterator. Iterating reads from the start every time.

    Args:
        source: a zero-argument callable returning an iterator over the records.
        name: a short description shown in `repr` and in error messages.

    Examples:
        >>> ds = Dataset(lambda: iter(range(10)), name="digits")
        >>> ds.filter(lambda x: x % 2).map(lambda x: x * 10).limit(3).to_list()
        [10, 30, 50]
        >>> ds.batch(4).to_list()
        [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
        >>> ds.shuffle(seed=1).to_list() == ds.shuffle(seed=1).to_list()
        True
        >>> ds.limit(2)
        Dataset(digits | limit(2))
    """

    __slots__ = ("_source", "name")

    def __init__(self, source: Callable[[], Iterator[T]], *, name: str = "records") -> None:
        if not callable(source):
            raise InvalidDataArgument(
                f"Dataset(source): source must be a zero-argument callable returning an "
                f"iterator, got {type(source).__name__}. Fix: Dataset(lambda: iter(rows)), or "
                "use ember.data.load(rows) for a list."
            )
        self._source = source
        self.name = name

    # -- reading ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[T]:
        return iter(self._source())

    def to_list(self) -> list[T]:
        """Read every record into a list.

        Examples:
            >>> Dataset(lambda: iter("ab")).to_list()
            ['a', 'b']
        """
        return list(self)

    def take(self, n: int) -> list[T]:
        """The first `n` records, as a list (reads no further).

        Examples:
            >>> Dataset(lambda: itertools.count()).take(3)
            [0, 1, 2]
        """
        _check_count("take", "n", n, low=0)
        return list(itertools.islice(self, n))

    def count(self) -> int:
        """The number of records (reads them all once).

        Examples:
            >>> Dataset(lambda: iter(range(7))).count()
            7
        """
        return sum(1 for _ in self)

    # -- transforms ------------------------------------------------------------------------

    def _derive(self, step: str, make: Callable[[Iterator[T]], Iterator[Any]]) -> Dataset[Any]:
        source = self._source
        return Dataset(lambda: make(iter(source())), name=f"{self.name} | {step}")

    def filter(self, predicate: Callable[[T], object]) -> Dataset[T]:
        """Keep the records for which `predicate(record)` is true.

        Examples:
            >>> Dataset(lambda: iter(range(5))).filter(lambda x: x > 2).to_list()
            [3, 4]
        """
        if not callable(predicate):
            raise InvalidDataArgument(
                f"Dataset.filter(): predicate must be callable, got {type(predicate).__name__}. "
                "Fix: .filter(lambda r: r['split'] == 'test')")
        return self._derive(f"filter({_name_of(predicate)})",
                            lambda it: (r for r in it if predicate(r)))

    def map(self, fn: Callable[[T], U]) -> Dataset[U]:
        """Replace each record with `fn(record)`.

        Examples:
            >>> Dataset(lambda: iter([{"q": "a"}])).map(lambda r: {**r, "n": 1}).to_list()
            [{'q': 'a', 'n': 1}]
        """
        if not callable(fn):
            raise InvalidDataArgument(f"Dataset.map(): fn must be callable, got "
                                      f"{type(fn).__name__}. Fix: .map(lambda r: "
                                      "{**r, 'question': r['q']})")
        return self._derive(f"map({_name_of(fn)})", lambda it: (fn(r) for r in it))

    def as_dicts(self) -> Dataset[dict[str, Any]]:
        """Each row as a dict with the canonical ``question``/``answer``/``choices`` keys.

        See `ember.data._records.normalized` for the field names it knows.

        Examples:
            >>> Dataset(lambda: iter([{"prompt": "Hi?", "response": "Yes"}])).as_dicts().take(1)
            [{'question': 'Hi?', 'answer': 'Yes', 'choices': {}}]
        """
        return self._derive("as_dicts()", lambda it: (normalized(r, "dict") for r in it))

    def records(self) -> Dataset[DataRecord]:
        """Each row as a `DataRecord` (``record.question.text``, ``record.choices``)."""
        return self._derive("records()", lambda it: (normalized(r, "record") for r in it))

    # The earlier Ember's names for `map` and `take`.
    transform = map
    first = take

    def batch(self, size: int, *, drop_last: bool = False) -> Dataset[list[T]]:
        """Group records into lists of `size` (the last one may be shorter unless `drop_last`).

        Examples:
            >>> Dataset(lambda: iter(range(5))).batch(2, drop_last=True).to_list()
            [[0, 1], [2, 3]]
        """
        _check_count("batch", "size", size, low=1)

        def make(it: Iterator[T]) -> Iterator[list[T]]:
            while chunk := list(itertools.islice(it, size)):
                if drop_last and len(chunk) < size:
                    return
                yield chunk

        return self._derive(f"batch({size})", make)

    def limit(self, n: int) -> Dataset[T]:
        """Only the first `n` records.

        Examples:
            >>> Dataset(lambda: iter(range(100))).limit(2).to_list()
            [0, 1]
        """
        _check_count("limit", "n", n, low=0)
        return self._derive(f"limit({n})", lambda it: itertools.islice(it, n))

    def skip(self, n: int) -> Dataset[T]:
        """Drop the first `n` records.

        Examples:
            >>> Dataset(lambda: iter(range(4))).skip(3).to_list()
            [3]
        """
        _check_count("skip", "n", n, low=0)
        return self._derive(f"skip({n})", lambda it: itertools.islice(it, n, None))

    def shuffle(self, seed: int, *, buffer: int | None = None) -> Dataset[T]:
        """Shuffle with a seeded generator: the same seed gives the same order every time.

        Args:
            seed: an int; required, so that runs (and resumed runs) agree on the order.
            buffer: None shuffles the whole dataset (it is read into memory once per
                iteration); an int shuffles within a window of that many records, in
                constant memory, as streaming loaders do.

        Examples:
            >>> ds = Dataset(lambda: iter(range(6)))
            >>> ds.shuffle(seed=0).to_list()
            [4, 2, 1, 0, 5, 3]
            >>> sorted(ds.shuffle(seed=0, buffer=2).to_list())
            [0, 1, 2, 3, 4, 5]
        """
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise InvalidDataArgument(f"Dataset.shuffle(): seed must be an int, got {seed!r}. "
                                      "Fix: .shuffle(seed=0)")
        if buffer is None:
            def make(it: Iterator[T]) -> Iterator[T]:
                rows = list(it)
                random.Random(seed).shuffle(rows)
                return iter(rows)

            return self._derive(f"shuffle(seed={seed})", make)

        _check_count("shuffle", "buffer", buffer, low=1)

        def make_buffered(it: Iterator[T]) -> Iterator[T]:
            rng = random.Random(seed)
            window: list[T] = []
            for record in it:
                if len(window) < buffer:
                    window.append(record)
                    continue
                i = rng.randrange(buffer)
                yield window[i]
                window[i] = record
            rng.shuffle(window)
            yield from window

        return self._derive(f"shuffle(seed={seed}, buffer={buffer})", make_buffered)

    def __repr__(self) -> str:
        return f"Dataset({self.name})"


def _name_of(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", type(fn).__name__)

