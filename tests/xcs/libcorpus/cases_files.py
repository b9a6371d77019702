"""Files and readers: open, pathlib, csv, json, in the run's own directory.

A file object is one position and one buffer: two `readline()` calls on it stay in order
on one thread. A read after a write of the same file must see the write. The directory's
files are compared after the run.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

import requests

from tests.xcs.libcorpus._case import Case, Env

FILES = "files"


def _dir(env: Env) -> tuple:
    return (str(env.tmp),)


def write_poem(env: Env) -> None:
    (env.tmp / "poem.txt").write_text("first line\nsecond line\nthird line\n")


def write_three(env: Env) -> None:
    for name in ("a", "b", "c"):
        (env.tmp / f"{name}.txt").write_text(f"contents of {name}\n")


def two_readlines(folder: str) -> tuple[str, str]:
    f = open(Path(folder) / "poem.txt")  # noqa: SIM115 - the shape users write
    first = f.readline()
    second = f.readline()
    f.close()
    return first, second


def read_record(f: TextIO) -> str:
    return f.readline().strip()


def helper_readlines(f: TextIO) -> tuple[str, str]:
    a = read_record(f)
    b = read_record(f)
    return a, b


def _poem_file(env: Env) -> tuple:
    return (env.own(open(env.tmp / "poem.txt")),)


def write_then_read(folder: str) -> str:
    path = Path(folder) / "note.txt"
    path.write_text("draft 1")
    path.write_text(path.read_text() + ", draft 2")
    return path.read_text()


def csv_write_then_read(folder: str) -> list[list[str]]:
    path = Path(folder) / "table.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "qty"])
        w.writerows([["pen", "2"], ["ink", "1"]])
    with open(path, newline="") as f:
        return list(csv.reader(f))


def json_dump_then_load(folder: str) -> dict:
    path = Path(folder) / "config.json"
    with open(path, "w") as f:
        json.dump({"mode": "fast", "retries": 3}, f)
    with open(path) as f:
        loaded = json.load(f)
    loaded["retries"] += 1
    with open(path, "w") as f:
        json.dump(loaded, f, sort_keys=True)
    return loaded


def fetch_and_append(folder: str, base: str) -> int:
    out = Path(folder) / "fetched.log"
    with open(out, "a") as log:
        for key in ("k1", "k2", "k3"):
            value = requests.get(f"{base}/items/{key}").json()["value"]
            log.write(f"{key}={value}\n")
    return len(out.read_text().splitlines())


def read_three_files(folder: str) -> list[str]:
    root = Path(folder)
    return [(root / f"{n}.txt").read_text() for n in ("a", "b", "c")]


def lines_drive_requests(folder: str, base: str) -> list[str]:
    out = []
    with open(Path(folder) / "poem.txt") as f:
        for line in f:
            word = line.split()[0]
            out.append(requests.get(f"{base}/items/{word}").json()["value"])
    return out


def seek_and_overwrite(folder: str) -> tuple[str, int]:
    path = Path(folder) / "rw.txt"
    with open(path, "w+") as f:
        f.write("hello world")
        f.seek(0)
        head = f.read(5)
        f.seek(6)
        f.write("there")
        pos = f.tell()
    return head, pos


def csv_rows_to_posts(folder: str, base: str) -> list[int]:
    path = Path(folder) / "orders.csv"
    path.write_text("id,item\n1,tea\n2,milk\n3,honey\n")
    versions = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            r = requests.post(f"{base}/items/order{row['id']}", data=row["item"])
            versions.append(r.json()["version"])
    return versions


def readlines_then_write_summary(folder: str) -> str:
    src = Path(folder) / "poem.txt"
    with open(src) as f:
        lines = f.readlines()
    (Path(folder) / "summary.txt").write_text(f"{len(lines)} lines, last: {lines[-1]}")
    return (Path(folder) / "summary.txt").read_text()


CASES = [
    Case(FILES, two_readlines, args=_dir, setup=write_poem, calls=4),
    Case(FILES, helper_readlines, args=_poem_file, setup=write_poem, calls=4),
    Case(FILES, write_then_read, args=_dir),
    Case(FILES, csv_write_then_read, args=_dir),
    Case(FILES, json_dump_then_load, args=_dir),
    # Nothing overlaps soundly: the server is on 127.0.0.1 and may read the log the loop
    # appends to, so each GET waits for the write before it (docs/jit.md "Resources").
    # With a server on another machine the three GETs overlap (ideal 3.0).
    Case(FILES, fetch_and_append, args=lambda env: (str(env.tmp), env.web), servers="web"),
    Case(FILES, read_three_files, args=_dir, setup=write_three),
    Case(FILES, lines_drive_requests, args=lambda env: (str(env.tmp), env.web),
         setup=write_poem, servers="web", ideal=3.0, overlap=3),
    Case(FILES, seek_and_overwrite, args=_dir),
    Case(FILES, csv_rows_to_posts, args=lambda env: (str(env.tmp), env.web), servers="web"),
    Case(FILES, readlines_then_write_summary, args=_dir, setup=write_poem),
]
