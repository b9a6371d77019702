"""Red-team cases (stop 21), eighteenth part: less common ways to write a file (gzip,
zipfile, pickle, ``os.replace``, ``Path.rename``, ``touch``, ``unlink``, ``makedirs``,
``os.truncate``, ``shutil.copyfileobj``, ``configparser``, a ``NamedTemporaryFile``), each
between two GETs and before a read of what it wrote.
"""

from __future__ import annotations

import configparser
import gzip
import io
import os
import pickle
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import tmp_web_args, value


def gzip_write_then_read(folder: str, base: str) -> list[Any]:
    a = value(base, "gz1")
    with gzip.GzipFile(f"{folder}/a.gz", "wb", mtime=0) as f:  # no time in the header
        f.write(a.encode())
    b = value(base, "gz2")
    with gzip.open(f"{folder}/a.gz", "rt") as f:
        return [f.read(), b]


def zipfile_write_then_read(folder: str, base: str) -> list[Any]:
    a = value(base, "zf1")
    with zipfile.ZipFile(f"{folder}/a.zip", "w") as z:
        z.writestr(zipfile.ZipInfo("a.txt", date_time=(2020, 1, 1, 0, 0, 0)), a)
    b = value(base, "zf2")
    with zipfile.ZipFile(f"{folder}/a.zip") as z:
        return [z.read("a.txt").decode(), b]


def pickle_dump_then_load(folder: str, base: str) -> list[Any]:
    a = value(base, "pk1")
    with open(f"{folder}/a.pkl", "wb") as f:
        pickle.dump({"a": a}, f)
    b = value(base, "pk2")
    with open(f"{folder}/a.pkl", "rb") as f:
        return [pickle.load(f), b]


def _old_file(env: Env) -> None:
    (env.tmp / "data.txt").write_text("old")


def os_replace_then_read(folder: str, base: str) -> list[Any]:
    Path(folder, "new.txt").write_text(value(base, "or1"))
    b = value(base, "or2")
    os.replace(f"{folder}/new.txt", f"{folder}/data.txt")
    c = value(base, "or3")
    return [Path(folder, "data.txt").read_text(), b, c]


def path_rename_then_exists(folder: str, base: str) -> list[Any]:
    a = value(base, "pr1")
    Path(folder, "data.txt").rename(Path(folder, "moved.txt"))
    b = value(base, "pr2")
    return [a, b, Path(folder, "data.txt").exists(), Path(folder, "moved.txt").read_text()]


def touch_then_exists(folder: str, base: str) -> list[Any]:
    a = value(base, "tc1")
    Path(folder, "flag").touch()
    b = value(base, "tc2")
    return [a, b, Path(folder, "flag").exists()]


def unlink_then_exists(folder: str, base: str) -> list[Any]:
    a = value(base, "ul1")
    Path(folder, "data.txt").unlink()
    b = value(base, "ul2")
    return [a, b, Path(folder, "data.txt").exists()]


def makedirs_then_listdir(folder: str, base: str) -> list[Any]:
    a = value(base, "md1")
    os.makedirs(f"{folder}/x/y")
    b = value(base, "md2")
    return [a, b, sorted(os.listdir(folder))]


def truncate_then_read(folder: str, base: str) -> list[Any]:
    a = value(base, "tr1")
    os.truncate(f"{folder}/data.txt", 1)
    b = value(base, "tr2")
    return [a, b, Path(folder, "data.txt").read_text()]


def copyfileobj_then_read(folder: str, base: str) -> list[Any]:
    a = value(base, "cf1")
    with open(f"{folder}/copy.txt", "w") as dst:
        shutil.copyfileobj(io.StringIO(a), dst)
    b = value(base, "cf2")
    return [Path(folder, "copy.txt").read_text(), b]


def configparser_write_then_read(folder: str, base: str) -> list[Any]:
    cp = configparser.ConfigParser()
    cp["main"] = {"value": value(base, "cp1")}
    with open(f"{folder}/a.ini", "w") as f:
        cp.write(f)
    b = value(base, "cp2")
    again = configparser.ConfigParser()
    again.read(f"{folder}/a.ini")
    return [again["main"]["value"], b]


def named_temporary_file_then_read(folder: str, base: str) -> list[Any]:
    a = value(base, "nt1")
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".txt", delete=False) as f:
        f.write(a)
        name = f.name
    b = value(base, "nt2")
    text = Path(name).read_text()
    os.remove(name)
    return [text, b]


CASES = [
    Case("files", gzip_write_then_read, args=tmp_web_args, servers="web"),
    Case("files", zipfile_write_then_read, args=tmp_web_args, servers="web"),
    Case("files", pickle_dump_then_load, args=tmp_web_args, servers="web"),
    Case("files", os_replace_then_read, args=tmp_web_args, servers="web", setup=_old_file),
    Case("files", path_rename_then_exists, args=tmp_web_args, servers="web", setup=_old_file),
    Case("files", touch_then_exists, args=tmp_web_args, servers="web"),
    Case("files", unlink_then_exists, args=tmp_web_args, servers="web", setup=_old_file),
    Case("files", makedirs_then_listdir, args=tmp_web_args, servers="web"),
    Case("files", truncate_then_read, args=tmp_web_args, servers="web", setup=_old_file),
    Case("files", copyfileobj_then_read, args=tmp_web_args, servers="web"),
    Case("files", configparser_write_then_read, args=tmp_web_args, servers="web"),
    Case("files", named_temporary_file_then_read, args=tmp_web_args, servers="web"),
]
