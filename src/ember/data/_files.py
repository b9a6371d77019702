"""Reading records from JSON Lines, CSV and JSON files, one reader per format (habit 5).

Readers stream: JSONL and CSV yield one record per line or row as they read, so memory
stays flat however large the file. A file that cannot be read raises a typed `DataError`
naming the file, the line and the fix, at the moment iteration reaches the problem:
`MalformedData` for a record that is not JSON or CSV (or not in the expected encoding),
`EmptyDataset` for a file with no records, `UnreadableFile` for a file that cannot be read
to its end (a truncated or corrupt ``.gz``, permissions, I/O errors). Files ending in
``.gz`` are decompressed on the fly.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Final

from ember._errors import DataError, EmptyDataset, MalformedData, MissingData, UnreadableFile

__all__ = ["FORMATS", "check_encoding", "format_for", "read"]

MSG_JSONL_FIX: Final = 'Fix: each line must be one JSON value, e.g. {"question": "2+2?", "answer": "4"}'
MSG_REFETCH: Final = "Fix: fetch or copy the file again; `gzip -t {path}` checks a copy."

Reader = Callable[..., Iterator[Any]]

# What reading a file can raise besides decoding errors: a truncated gzip stream ends in
# EOFError, a corrupt one in zlib.error or gzip.BadGzipFile (an OSError), as do the OS's own.
_READ_FAILURES: Final = (EOFError, zlib.error, OSError)
_GZIP_MAGIC: Final = b"\x1f\x8b"
# Byte-order marks of encodings that are not ASCII-based: (mark, codec, name shown). UTF-32
# comes first: its little-endian mark begins with UTF-16's.
_WIDE_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _open_binary(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")  # noqa: SIM115


def check_encoding(encoding: str, path: str) -> None:
    """Raise `DataError` for an encoding Python does not know (before any file is read)."""
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise DataError(f"load({path!r}): unknown encoding {encoding!r}. Fix: e.g. "
                        "encoding='utf-8' or 'latin-1'.", source=path) from None


def _ascii_based(encoding: str) -> bool:
    """True if lines can be split on the byte b"\\n" before decoding (not UTF-16/32)."""
    return "a\n".encode(encoding) == b"a\n"


def _head(path: str, raw: bool = False) -> bytes:
    """The first bytes of `path` (decompressed unless `raw`), or b"" if they cannot be read."""
    try:
        with (open(path, "rb") if raw else _open_binary(path)) as f:  # noqa: SIM115
            return f.read(64)
    except (*_READ_FAILURES, ValueError):
        return b""


def _unreadable(path: str, exc: BaseException, line: int | None) -> DataError:
    """The typed error for a failure to read `path`, at `line` when known."""
    if isinstance(exc, FileNotFoundError):
        return MissingData(f"{path}: no such file (it was there when the dataset was loaded). "
                           "Fix: check the path, or restore the file.", source=path)
    if isinstance(exc, IsADirectoryError):
        return MissingData(f"{path}: is a directory, not a file. Fix: pass the path of a "
                           ".jsonl, .csv or .json file.", source=path)
    at = path if line is None else f"{path}:{line}"
    if isinstance(exc, EOFError):
        text = (f"{at}: the compressed file ends early: it was cut short (an interrupted "
                f"download or copy?). {MSG_REFETCH.format(path=path)}")
    elif isinstance(exc, gzip.BadGzipFile) and not _head(path, raw=True).startswith(_GZIP_MAGIC):
        text = (f"{path}: not a gzip file, though its name ends in .gz. Fix: rename it without "
                ".gz, or compress it with gzip.")
    elif isinstance(exc, zlib.error | gzip.BadGzipFile):
        text = f"{at}: the compressed data is corrupt ({exc}). {MSG_REFETCH.format(path=path)}"
    elif isinstance(exc, PermissionError):
        text = (f"{path}: permission denied. Fix: make the file readable (chmod u+r), or "
                "copy it somewhere you can read.")
    else:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        text = f"{at}: cannot be read ({reason}). Fix: check the disk and the file, then retry."
    return UnreadableFile(text, path=path, line=line)


def _encoding_fix(path: str) -> str:
    """What to do about bytes that do not decode, judged from the file's first bytes."""
    head = _head(path)
    if head.startswith(_GZIP_MAGIC):
        return "The file is gzip-compressed. Fix: add .gz to its name."
    wide = next(((name, label, "a byte-order mark") for bom, name, label in _WIDE_BOMS
                 if head.startswith(bom)), None)
    if wide is None and b"\x00" in head:  # ASCII text in UTF-16 has every other byte zero
        zeros_first = head[0::2].count(0) > head[1::2].count(0)
        wide = ("utf-16-be" if zeros_first else "utf-16-le", "UTF-16", "zero bytes")
    if wide is not None:
        name, label, sign = wide
        return (f"It looks like {label} text (it starts with {sign}). Fix: save the file as "
                f"UTF-8 (e.g. iconv -f {label} -t UTF-8), or pass encoding='{name}'.")
    return ("Fix: save the file as UTF-8, or pass encoding='latin-1' (or the file's "
            "encoding).")


def _bad_encoding(path: str, line: int, exc: UnicodeDecodeError, encoding: str, *,
                  in_line: bool = True) -> MalformedData:
    where = f" at byte {exc.start} of the line" if in_line else ""
    return MalformedData(f"{path}:{line}: not valid {encoding} ({exc.reason}{where}). "
                         f"{_encoding_fix(path)}", path=path, line=line)


def _zero_bytes(path: str, line: int, encoding: str) -> MalformedData:
    """Text holding NUL characters: valid UTF-8, but almost surely UTF-16 read as bytes."""
    return MalformedData(f"{path}:{line}: holds zero bytes, so it is not {encoding} text. "
                         f"{_encoding_fix(path)}", path=path, line=line)


def _first_undecodable(path: str, encoding: str) -> MalformedData | None:
    """Find the line a decoding error is on (readers that decode in chunks cannot say)."""
    if not _ascii_based(encoding):
        return None
    try:
        with _open_binary(path) as f:
            for number, raw in enumerate(f, 1):
                try:
                    raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    return _bad_encoding(path, number, exc, encoding)
    except _READ_FAILURES:
        pass
    return None


def _empty(path: str, fix: str) -> EmptyDataset:
    return EmptyDataset(f"{path}: the file holds no records (it is empty, or only blank "
                        f"lines). Fix: {fix}", path=path, line=None)


def _too_deep(path: str, line: int | None) -> MalformedData:
    at = path if line is None else f"{path}:{line}"
    return MalformedData(f"{at}: the JSON is nested too deeply to read (over ~1,000 levels). "
                         "Fix: flatten the record; datasets hold a few levels at most.",
                         path=path, line=line)


def _lines(path: str, encoding: str) -> Iterator[tuple[int, str]]:
    """Each line of `path` with its number, decoded; failures name the line they hit."""
    number = 0
    try:
        with _open_binary(path) as f:
            if _ascii_based(encoding):
                for number, raw in enumerate(f, 1):  # noqa: B007 - read in `except`
                    try:
                        text = raw.decode(encoding)
                    except UnicodeDecodeError as exc:
                        raise _bad_encoding(path, number, exc, encoding) from None
                    yield number, text
            else:
                for number, text in enumerate(io.TextIOWrapper(f, encoding, newline=""), 1):  # noqa: B007
                    yield number, text
    except UnicodeDecodeError as exc:  # from the TextIOWrapper: somewhere after `number`
        raise _bad_encoding(path, number + 1, exc, encoding, in_line=False) from None
    except _READ_FAILURES as exc:
        raise _unreadable(path, exc, number + 1) from None


def read_jsonl(path: str, *, encoding: str = "utf-8") -> Iterator[Any]:
    """Yield the JSON value on each non-blank line of `path`."""
    found = False
    for number, text in _lines(path, encoding):
        if number == 1:
            text = text.lstrip("\ufeff")
        text = text.rstrip("\r\n")
        if not text.strip():
            continue
        found = True
        try:
            yield json.loads(text)
        except json.JSONDecodeError as exc:
            if "\x00" in text:
                raise _zero_bytes(path, number, encoding) from None
            raise MalformedData(
                f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno}). "
                f"{MSG_JSONL_FIX}",
                path=path, line=number,
            ) from None
        except RecursionError:
            raise _too_deep(path, number) from None
    if not found:
        raise _empty(path, 'write one JSON record per line, e.g. {"question": "2+2?", '
                           '"answer": "4"}')


def read_csv(path: str, *, encoding: str = "utf-8", delimiter: str | None = None) -> Iterator[dict[str, str]]:
    """Yield each row of `path` as a dict keyed by the header row (values are strings)."""
    if delimiter is None:
        delimiter = "\t" if path.removesuffix(".gz").endswith(".tsv") else ","
    reader = None
    try:
        with _open_binary(path) as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            reader = csv.reader(text, delimiter=delimiter)
            header = next((row for row in reader if row), None)  # blank lines before it
            if header is None:
                raise _empty(path, "write a header row naming the columns, then one row per "
                                   "record, e.g. question,answer")
            if any("\x00" in h for h in header):
                raise _zero_bytes(path, reader.line_num, encoding)
            if header:
                header[0] = header[0].lstrip("\ufeff")
            if len(set(header)) != len(header) or not all(h.strip() for h in header):
                raise MalformedData(
                    f"{path}:{reader.line_num}: the header row {header!r} has empty or repeated "
                    "column names. Fix: give every column a distinct name, e.g. question,answer",
                    path=path, line=reader.line_num,
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
        line = reader.line_num + 1 if reader is not None else 1
        found = _first_undecodable(path, encoding)
        raise (found or _bad_encoding(path, line, exc, encoding, in_line=False)) from None
    except csv.Error as exc:
        line = reader.line_num if reader is not None else 1
        raise MalformedData(
            f"{path}:{line}: cannot be read as CSV ({exc}). Fix: check the quoting on that line.",
            path=path, line=line,
        ) from None
    except _READ_FAILURES as exc:
        raise _unreadable(path, exc, reader.line_num + 1 if reader is not None else None) from None


def read_json(path: str, *, encoding: str = "utf-8", key: str | None = None) -> Iterator[Any]:
    """Yield the records of a JSON file: a top-level list, or the list under `key`."""
    try:
        with _open_binary(path) as f:
            raw = f.read()
    except _READ_FAILURES as exc:
        raise _unreadable(path, exc, None) from None
    try:
        text = raw.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise (_first_undecodable(path, encoding)
               or _bad_encoding(path, 1, exc, encoding, in_line=False)) from None
    if not text.strip():
        raise _empty(path, 'write a list of records, e.g. [{"question": "2+2?", "answer": "4"}]')
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if "\x00" in text:
            raise _zero_bytes(path, exc.lineno, encoding) from None
        hint = (" The file holds one JSON value per line: that is JSON Lines. Fix: rename it "
                "to .jsonl, or pass format='jsonl'."
                if exc.msg == "Extra data" else " Fix: correct the JSON at that place.")
        raise MalformedData(f"{path}:{exc.lineno}: not valid JSON ({exc.msg} at column "
                            f"{exc.colno}).{hint}", path=path, line=exc.lineno) from None
    except RecursionError:
        raise _too_deep(path, None) from None
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
