"""A stream of yours put in stdout by a helper or a context manager of yours (a tee into a
log file, ``redirect_stdout`` inside it): the function's prints then run that stream's
``write``, which the analysis does not see, so the function runs as written. Its later
read of the log finds each printed line, as in the plain run."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest
import requests

from ember import xcs


class Tee:
    def __init__(self, *streams: TextIO) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for s in self.streams:
            s.write(text)
            s.flush()
        return len(text)

    def flush(self) -> None:
        for s in self.streams:
            s.flush()


@contextlib.contextmanager
def teed(path: Path) -> Iterator[None]:
    with path.open("a") as log:
        saved, sys.stdout = sys.stdout, Tee(sys.stdout, log)
        try:
            yield
        finally:
            sys.stdout = saved


@contextlib.contextmanager
def logged_to(path: Path) -> Iterator[None]:
    with path.open("a", buffering=1) as log, contextlib.redirect_stdout(log):
        yield


def tee_then_read(base: str, path: Path) -> list[str]:
    with teed(path):
        print("got", requests.get(f"{base}/a?ms=50").text)
        return [path.read_text(), requests.get(f"{base}/b?ms=10").text]


def redirect_then_read(base: str, path: Path) -> list[str]:
    with logged_to(path):
        print("got", requests.get(f"{base}/a?ms=50").text)
        return [path.read_text(), requests.get(f"{base}/b?ms=10").text]


@pytest.mark.parametrize("fn", [tee_then_read, redirect_then_read], ids=lambda f: f.__name__)
def test_a_stream_a_helper_puts_in_stdout_keeps_the_function_as_written(
        web: str, tmp_path: Path, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    plain = fn(web, tmp_path / "plain.log")
    assert plain[0] == "got v-a\n"
    plain_out = capsys.readouterr().out
    assert xcs.jit(fn)(web, tmp_path / "jit.log") == plain
    assert capsys.readouterr().out == plain_out


def print_then_read_back(base: str, path: Path) -> list[str]:
    a = requests.get(f"{base}/a?ms=80").text
    print("got", a)  # (into the file the caller put in stdout)
    b = requests.get(f"{base}/b?ms=10").text
    return [b, path.read_text()]


def test_a_file_the_caller_puts_in_stdout_is_written_by_a_print(web: str, tmp_path: Path) -> None:
    """A regular file in ``sys.stdout``: a print is a write of that file, and a read of it
    waits for the print."""
    jitted = xcs.jit(print_then_read_back)
    seen = []
    for fn, name in ((print_then_read_back, "plain.txt"), (jitted, "jit.txt")):
        path = tmp_path / name
        saved = sys.stdout
        with path.open("w", buffering=1) as sys.stdout:  # type: ignore[assignment]
            try:
                seen.append(fn(web, path))
            finally:
                sys.stdout = saved
    assert seen[1] == seen[0] == ["v-b", "got v-a\n"]
