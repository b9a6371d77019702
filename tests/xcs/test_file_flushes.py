"""A file object's read or `tell` flushes what was written to it first: on disk from then
on. So they are writes of the file world (`_rules._in_place`): a file read after one sees
what the plain run sees, not the file as it was before the flush."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from ember import xcs


@xcs.effect("read", resource="net")
def slow(key: str) -> str:
    time.sleep(0.05)
    return key


def tell_then_read(p: str) -> list[Any]:
    f = open(p, "w")  # noqa: SIM115 - the object's own methods flush it
    f.write("v-v")
    a = slow("a")
    at = f.tell()
    text = Path(p).read_text()
    f.close()
    return [a, at, text]


def read_on_append_plus_then_size(p: str) -> list[Any]:
    f = open(p, "a+")  # noqa: SIM115
    f.write("abcd")
    a = slow("a")
    f.seek(0)
    got = f.read()
    size = Path(p).stat().st_size
    f.close()
    return [a, got, size]


@pytest.mark.parametrize("fn", [tell_then_read, read_on_append_plus_then_size])
def test_a_flush_by_a_read_or_tell_keeps_later_file_reads_behind_it(
        fn: Any, tmp_path: Path) -> None:
    plain = fn(str(tmp_path / "plain.txt"))
    assert xcs.jit(fn)(str(tmp_path / "jitted.txt")) == plain
    assert plain[-1] in ("v-v", 4)
