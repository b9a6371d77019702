"""Reading records from JSON Lines, CSV and JSON files, one reader per format (habit 5).

Readers stream: JSONL and CSV yield one record per line or row as they read, so memory
stays flat however large the file. A record that cannot be read raises `MalformedData`
naming the file, the line and the fix, at the moment iteration reaches it. Files ending
in ``.gz`` are decompressed on the fly.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Final

from ember._errors import DataError, MalformedData

__all__ = ["FORMATS", "format_for", "read"]

MSG_JSONL_FIX: Final = 'Fix: each line must be one JSON value, e.g. {"question": "2+2?", "answer": "4"}'

Reader = Callable[..., Iterator[Any]]


def _open_binary(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")  # noqa: SIM115


def _bad_encoding(path: str, line: int, exc: UnicodeDecodeError, encoding: str) -> MalformedData:
    return MalformedData(
        f"{path}:{line}: not valid {encoding} ({exc.reason} at byte {exc.start} of the line). "
        f"Fix: save the file as UTF-8, or pass encoding='latin-1' (or the file's encoding).",
        path=path, line=line,
    )


def _first_undecodable(path: str, encoding: str) -> MalformedData | None:
    """Find the line a decoding error is on (readers that decode in chunks cannot say)."""
    with _open_binary(path) as f:
        for number, raw in enumerate(f, 1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError as exc:
                return _bad_encoding(path, number, exc, encoding)
    return None


def read_jsonl(path: str, *, encoding: str = "utf-8") -> Iterator[Any]:
    """Yield the JSON value on each non-blank line of `path`."""
    with _open_binary(path) as f:
        for number, raw in enumerate(f, 1):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _bad_encoding(path, number, exc, encoding) from None
            if number == 1:
                text = text.lstrip("\ufeff")
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            try:
                yield json.loads(text)
            except json.JSONDecodeError as exc:
                raise MalformedData(
                    f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno}). "
                    f"{MSG_JSONL_FIX}",
                    path=path, line=number,
                ) from None


def read_csv(path: str, *, encoding: str = "utf-8", delimiter: str | None = None) -> Iterator[dict[str, str]]:
    """Yield each row of `path` as a dict keyed by the header row (values are strings)."""
    if delimiter is None:
        delimiter = "\t" if path.removesuffix(".gz").endswith(".tsv") else ","
    with _open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            try:
                header = next(reader)
            except StopIteration:
                raise MalformedData(
                    f"{path}: the file is empty; a CSV file needs a header row. "
                    "Fix: add a first line naming the columns, e.g. question,answer",
                    path=path, line=1,
                ) from None
            if header:
                header[0] = header[0].lstrip("\ufeff")
            if len(set(header)) != len(header) or not all(h.strip() for h in header):
                raise MalformedData(
                    f"{path}:1: the header row {header!r} has empty or repeated column names. "
                    "Fix: give every column a distinct name, e.g. question,answer",
                    path=path, line=1,
                )
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    raise MalformedData(
                        f"{path}:{reader.line_num}: {len(row)} fields, but the header has "
                        f"{len(header)} ({', '.join(header)}). Fix: quote fields that contain "
                        f"the delimiter {delimiter!r} or line breaks, e.g. \"a, b\"",
                        path=path, line=reader.line_num,
                    )
                yield dict(zip(header, row, strict=True))
        except UnicodeDecodeError as exc:
            found = _first_undecodable(path, encoding)
            raise (found or _bad_encoding(path, reader.line_num + 1, exc, encoding)) from None
        except csv.Error as exc:
            raise MalformedData(
                f"{path}:{reader.line_num}: cannot be read as CSV ({exc}). Fix: check the "
                "quoting on that line.",
                path=path, line=reader.line_num,
            ) from None


def read_json(path: str, *, encoding: str = "utf-8", key: str | None = None) -> Iterator[Any]:
    """Yield the records of a JSON file: a top-level list, or the list under `key`."""
    with _open_binary(path) as f:
        raw = f.read()
    try:
        text = raw.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        found = _first_undecodable(path, encoding)
        assert found is not None
        raise found from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = (" The file holds one JSON value per line: that is JSON Lines. Fix: rename it "
                "to .jsonl, or pass format='jsonl'."
                if exc.msg == "Extra data" else " Fix: correct the JSON at that place.")
        raise MalformedData(f"{path}:{exc.lineno}: not valid JSON ({exc.msg} at column "
                            f"{exc.colno}).{hint}", path=path, line=exc.lineno) from None
    if key is not None:
        if not isinstance(data, dict) or key not in data:
            keys = sorted(data) if isinstance(data, dict) else None
            raise MalformedData(
                f"{path}: no key {key!r} at the top level"
                + (f" (keys: {', '.join(map(str, keys))})" if keys is not None
                   else f" (the top level is a {type(data).__name__})")
                + ". Fix: pass the key that holds the list of records.",
                path=path, line=None,
            )
        data = data[key]
    if isinstance(data, dict):
        lists = [k for k, v in data.items() if isinstance(v, list)]
        suggestion = f"key={lists[0]!r}" if lists else "key='<name of the list>'"
        raise MalformedData(
            f"{path}: the top level is an object (keys: {', '.join(map(str, list(data)[:8]))}), "
            f"not a list of records. Fix: pass {suggestion} to read the list under it.",
            path=path, line=1,
        )
    if not isinstance(data, list):
        raise MalformedData(
            f"{path}: the top level is a {type(data).__name__}, not a list of records. Fix: "
            'write [{"question": ..., "answer": ...}, ...]',
            path=path, line=1,
        )
    yield from data


# One reader per format; `format_for` maps file names to them.
FORMATS: dict[str, Reader] = {"jsonl": read_jsonl, "csv": read_csv, "json": read_json}
_SUFFIXES: Final = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
                    ".json": "json"}


def format_for(path: str) -> str:
    """The format of `path` from its suffix (``.gz`` looks at the one before it).

    Raises:
        DataError: for a suffix no reader handles.
    """
    name = path.removesuffix(".gz")
    suffix = Path(name).suffix.lower()
    fmt = _SUFFIXES.get(suffix)
    if fmt is None:
        raise DataError(
            f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; known: "
            f"{', '.join(sorted(_SUFFIXES))} (optionally + .gz). Fix: pass "
            "format='jsonl', 'csv' or 'json'.",
            source=path,
        )
    return fmt


def read(path: str, fmt: str, options: dict[str, Any]) -> Iterator[Any]:
    """Open `path` with the reader for `fmt`; `options` go to the reader."""
    reader = FORMATS[fmt]
    return reader(os.fspath(path), **options)
