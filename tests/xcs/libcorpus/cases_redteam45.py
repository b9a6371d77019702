"""Red-team cases (stop 45): data and file pipelines.

ETL scripts as people write them: csv, json and jsonl files, gzip, zipfile and tarfile
archives, shutil's copies, moves and rmtree, tempfile, glob, pathlib (read_text,
write_text, iterdir, rename, unlink, mkdir, exists, stat), os.walk, os.listdir and
os.replace, sqlite3 (executemany, transactions rolled back on error, PRAGMA, row
factories, several connections to one file), downloads over requests, urllib.request and
http.client written to files and read back, uploads of files just written, logging to a
FileHandler, ``print(file=...)`` to open files and to a redirected stderr, files opened in
append mode by two helpers, checksums of downloaded files, directory listings taken while
the directory changes, manifests updated after each step, and idempotent re-runs (a
function called twice that skips work already on disk). Sibling calls get unequal
latencies, slow first (``?ms=`` on the web server, the simulator's ``latency`` field), so
a wrong reordering shows. `FAILING` holds the cases that differed or crashed under jit
when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import csv
import glob
import gzip
import hashlib
import http.client
import io
import json
import logging
import os
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam45")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def get_value(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== probes


def stderr_redirected_to_file_then_read(web: str, tmp: str) -> tuple[str, str]:
    """Progress on stderr, redirected to a line-buffered log file, read back inside."""
    log = Path(tmp) / "progress.log"
    with open(log, "w", buffering=1) as fh, contextlib.redirect_stderr(fh):
        value = get_value(web, "report", 150)
        print(f"fetched {value}", file=sys.stderr)
        seen = log.read_text()
    return value, seen


@contextlib.contextmanager
def errors_to(fh: Any) -> Any:
    with contextlib.redirect_stderr(fh):
        yield fh


def stderr_redirected_by_helper_cm(web: str, tmp: str) -> tuple[str, str]:
    """The same, with the redirect in the user's own context manager."""
    log = Path(tmp) / "progress.log"
    with open(log, "w", buffering=1) as fh, errors_to(fh):
        value = get_value(web, "report", 150)
        print(f"fetched {value}", file=sys.stderr)
        seen = log.read_text()
    return value, seen


def stream_handler_on_redirected_stderr(web: str, tmp: str) -> tuple[str, str]:
    """A StreamHandler made while stderr is a file: its records land in that file."""
    path = Path(tmp) / "etl.log"
    logger = logging.getLogger("etl45.stderr")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    with open(path, "w", buffering=1) as fh, contextlib.redirect_stderr(fh):
        handler = logging.StreamHandler()
        logger.addHandler(handler)
        try:
            value = get_value(web, "batch", 150)
            logger.info("batch %s", value)
            seen = path.read_text()
        finally:
            logger.removeHandler(handler)
    return value, seen


def queue_file_appended_while_read(client: Any, tmp: str) -> list[str]:
    """A work-queue file: each line is a topic, answers may add follow-up topics to it."""
    queue = Path(tmp) / "queue.txt"
    queue.write_text("alpha\nbeta\n")
    answers = []
    with open(queue) as f:
        for line in f:
            topic = line.strip()
            answers.append(chat(client, f"Summarize {topic}", 0.15 if topic == "alpha" else 0.03))
            if not topic.endswith("-more"):
                with open(queue, "a") as out:
                    out.write(f"{topic}-more\n")
    return answers


def queue_file_appended_by_helper(web: str, tmp: str) -> list[str]:
    """The same with GETs and a helper that appends."""
    queue = Path(tmp) / "queue.txt"
    queue.write_text("a\nb\n")
    seen = []
    with open(queue) as f:
        for line in f:
            key = line.strip()
            seen.append(get_value(web, key, 120 if key == "a" else 30))
            if len(key) < 3:
                enqueue(queue, key + "x")
    return seen


def enqueue(queue: Path, key: str) -> None:
    with open(queue, "a") as out:
        out.write(key + "\n")


def sqlite_reader_cursor_with_second_writer(tmp: str) -> list[Any]:
    """Rows walked on one connection while another connection to the file writes."""
    db = str(Path(tmp) / "stage.db")
    src = sqlite3.connect(db)
    src.execute("CREATE TABLE staged (id INTEGER, name TEXT)")
    src.executemany("INSERT INTO staged VALUES (?, ?)", [(1, "a"), (2, "b"), (3, "c")])
    src.commit()
    dst = sqlite3.connect(db, timeout=0.1, isolation_level=None)
    dst.execute("CREATE TABLE IF NOT EXISTS loaded (id INTEGER, name TEXT)")
    done = []
    try:
        for row in src.execute("SELECT id, name FROM staged ORDER BY id"):
            dst.execute("INSERT INTO loaded VALUES (?, ?)", (row[0], row[1].upper()))
            done.append(row[0])
    except sqlite3.OperationalError as exc:
        done.append(str(exc))
    finally:
        dst.close()
        src.close()
    return done


def sqlite_connect_then_size(web: str, tmp: str) -> list[Any]:
    """A download's rows go to a fresh database; its size on disk is checked after."""
    db = Path(tmp) / "fresh.db"
    before = db.exists()
    value = get_value(web, "rows", 150)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    conn.commit()
    after = db.exists()
    size = os.path.getsize(db) > 0
    conn.close()
    return [before, value, after, size]


def iterdir_taken_before_write(web: str, tmp: str) -> list[str]:
    """An iterdir() generator made, a file written, then the generator walked."""
    out = Path(tmp) / "out"
    out.mkdir()
    (out / "first.txt").write_text("1")
    entries = out.iterdir()
    value = get_value(web, "second", 120)
    (out / "second.txt").write_text(value)
    return sorted(p.name for p in entries)


def glob_generator_before_write(web: str, tmp: str) -> list[str]:
    out = Path(tmp)
    (out / "a.csv").write_text("x\n")
    found = out.glob("*.csv")
    (out / "b.csv").write_text(get_value(web, "b", 120) + "\n")
    return sorted(p.name for p in found)


def chat_prompt_from_getsize_after_write(client: Any, tmp: str) -> list[str]:
    """Model calls cross file writes: one whose prompt reads the file's size must not."""
    path = Path(tmp) / "data.txt"
    first = chat(client, "Write a title", 0.15)
    path.write_text(first * 3)
    second = chat(client, f"The file has {os.path.getsize(path)} bytes", 0.03)
    path.write_text("done")
    third = chat(client, f"Now it has {path.stat().st_size} bytes", 0.03)
    return [first, second, third]


def chat_prompt_from_listdir_after_write(client: Any, tmp: str) -> list[str]:
    folder = Path(tmp)
    out = []
    for i, lat in enumerate((0.15, 0.03, 0.08)):
        (folder / f"part-{i}.txt").write_text(str(i))
        out.append(chat(client, f"{len(os.listdir(folder))} parts so far", lat))
    return out


def chat_prompt_from_glob_after_write(client: Any, tmp: str) -> list[str]:
    folder = Path(tmp)
    out = []
    for i, lat in enumerate((0.15, 0.03)):
        (folder / f"chunk-{i}.json").write_text("{}")
        names = sorted(os.path.basename(n) for n in glob.glob(os.path.join(tmp, "*.json")))
        out.append(chat(client, f"chunks: {names}", lat))
    return [o[:40] for o in out]


def chat_beside_tempfile_replace(client: Any, tmp: str) -> list[Any]:
    """An atomic write (tempfile then os.replace) beside model calls; listing after."""
    final = Path(tmp) / "answers.json"
    answers = []
    for prompt, lat in (("one", 0.15), ("two", 0.03)):
        answers.append(chat(client, prompt, lat))
        with tempfile.NamedTemporaryFile("w", dir=tmp, delete=False, suffix=".part") as t:
            json.dump(answers, t)
        os.replace(t.name, final)
    return [sorted(os.listdir(tmp)), json.loads(final.read_text())]


def sqlite_total_changes_in_prompt(client: Any, tmp: str) -> list[str]:
    """A prompt that reports the connection's change count after an insert."""
    conn = sqlite3.connect(Path(tmp) / "words.db")
    conn.execute("CREATE TABLE words (w TEXT)")
    first = chat(client, "Name three fruits", 0.15)
    conn.executemany("INSERT INTO words VALUES (?)", [(w,) for w in first.split()[:3]])
    conn.commit()
    second = chat(client, f"Inserted {conn.total_changes} rows", 0.03)
    conn.close()
    return [first, second]


def sqlite_lastrowid_in_prompt(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "notes.db")
    cur = conn.cursor()
    cur.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    cur.execute("INSERT INTO notes (body) VALUES ('seed')")
    first = chat(client, "Write a note", 0.15)
    cur.execute("INSERT INTO notes (body) VALUES (?)", (first,))
    conn.commit()
    second = chat(client, f"Note {cur.lastrowid} saved", 0.03)
    conn.close()
    return [first, second]


def sqlite_in_transaction_in_prompt(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "tx.db")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.commit()
    first = chat(client, "Pick a word", 0.15)
    conn.execute("INSERT INTO t VALUES (?)", (first[:10],))
    second = chat(client, f"open transaction: {conn.in_transaction}", 0.03)
    conn.commit()
    conn.close()
    return [first, second]


def file_closed_flag_in_prompt(client: Any, tmp: str) -> list[str]:
    f = open(Path(tmp) / "draft.txt", "w")  # noqa: SIM115 - closed below, as written
    first = chat(client, "Draft a line", 0.15)
    f.write(first)
    f.close()
    second = chat(client, f"draft closed: {f.closed}", 0.03)
    return [first, second]


def cursor_description_in_prompt(client: Any, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "cols.db")
    conn.execute("CREATE TABLE people (name TEXT, city TEXT)")
    cur = conn.cursor()
    cur.execute("SELECT 1 AS one")
    first = chat(client, "Name a column", 0.15)
    cur.execute("SELECT name, city FROM people")
    second = chat(client, f"columns: {[d[0] for d in cur.description]}", 0.03)
    conn.close()
    return [first, second]


def os_walk_after_nested_writes(web: str, tmp: str) -> list[Any]:
    root = Path(tmp) / "tree"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(get_value(web, "one", 120))
    (root / "a" / "b" / "two.txt").write_text(get_value(web, "two", 30))
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found.append((os.path.relpath(folder, root), sorted(files)))
    return found


# =========================================================================== downloads


def text_lines(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text


def download_sources_then_csv_rollup(web: str, tmp: str) -> dict[str, int]:
    """Three exports downloaded (slow first), saved as CSV, then read back and counted."""
    raw = Path(tmp) / "raw"
    raw.mkdir()
    pages = {name: text_lines(web, name, ms) for name, ms in
             (("orders", 150), ("refunds", 30), ("visits", 80))}
    for name, body in pages.items():
        with open(raw / f"{name}.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["source", "line"])
            for line in body.splitlines():
                w.writerow([name, line])
    counts: dict[str, int] = {}
    for path in sorted(raw.glob("*.csv")):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                counts[row["source"]] = counts.get(row["source"], 0) + 1
    return counts


def download_with_checksum_manifest(web: str, tmp: str) -> dict[str, Any]:
    """Each file's sha256 goes into a manifest; a verify pass re-reads every file."""
    out = Path(tmp)
    manifest: dict[str, str] = {}
    for key, ms in (("alpha", 150), ("beta", 30), ("gamma", 80)):
        data = requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).content
        (out / f"{key}.txt").write_bytes(data)
        manifest[f"{key}.txt"] = hashlib.sha256(data).hexdigest()[:16]
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    loaded = json.loads((out / "MANIFEST.json").read_text())
    bad = [n for n, digest in loaded.items()
           if hashlib.sha256((out / n).read_bytes()).hexdigest()[:16] != digest]
    return {"files": sorted(loaded), "bad": bad}


def streamed_download_chunks_hashed(web: str, tmp: str) -> list[Any]:
    """requests with stream=True, written chunk by chunk, hashed while written."""
    results = []
    for key, ms in (("big", 150), ("small", 30)):
        digest = hashlib.md5()
        path = Path(tmp) / f"{key}.bin"
        with requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5) as r:
            r.raise_for_status()
            with open(path, "wb") as f:
                for chunk in r.iter_content(chunk_size=7):
                    f.write(chunk)
                    digest.update(chunk)
        results.append((key, path.stat().st_size, digest.hexdigest()[:12]))
    return results


def urlretrieve_then_parse(web: str, tmp: str) -> list[str]:
    saved = []
    for key, ms in (("west", 150), ("east", 30)):
        target = os.path.join(tmp, f"{key}.txt")
        path, _headers = urllib.request.urlretrieve(f"{web}/text/{key}?ms={ms}", target)
        saved.append(os.path.basename(path))
    lines = []
    for name in saved:
        with open(os.path.join(tmp, name)) as f:
            lines.extend(line.split(" line ")[1].strip() + "@" + name for line in f)
    return lines


def urlopen_copyfileobj_to_disk(web: str, tmp: str) -> list[int]:
    sizes = []
    for key, ms in (("slow", 150), ("fast", 30), ("mid", 80)):
        path = os.path.join(tmp, key + ".txt")
        with urllib.request.urlopen(f"{web}/text/{key}?ms={ms}", timeout=5) as r, \
                open(path, "wb") as f:
            shutil.copyfileobj(r, f)
        sizes.append(os.path.getsize(path))
    return sizes


def urlopen_reads_then_write_all(web: str, tmp: str) -> list[str]:
    """Everything fetched into a dict first, written after: the reads may overlap."""
    bodies = {}
    for key, ms in (("slow", 150), ("fast", 30), ("mid", 80)):
        with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}", timeout=5) as r:
            bodies[key] = json.loads(r.read())["value"]
    for key, value in bodies.items():
        Path(tmp, f"{key}.val").write_text(value)
    return sorted(p.name for p in Path(tmp).iterdir())


def http_client_two_downloads_one_connection(web: str, tmp: str) -> list[Any]:
    host, port = urllib.parse.urlsplit(web).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    out = []
    try:
        for key, ms in (("first", 150), ("second", 30)):
            conn.request("GET", f"/text/{key}?ms={ms}")
            resp = conn.getresponse()
            body = resp.read()
            Path(tmp, key + ".txt").write_bytes(body)
            out.append((resp.status, len(body)))
    finally:
        conn.close()
    out.append(sorted(os.listdir(tmp)))
    return out


def download_status_errors_to_error_file(web: str, tmp: str) -> list[str]:
    """Failed downloads are logged to errors.txt; the good ones saved."""
    errors = Path(tmp) / "errors.txt"
    saved = []
    for path, ms in (("/text/ok1", 150), ("/status/404", 30), ("/text/ok2", 30),
                     ("/status/500", 80)):
        r = requests.get(f"{web}{path}?ms={ms}", timeout=5)
        try:
            r.raise_for_status()
        except requests.HTTPError as exc:
            with open(errors, "a") as f:
                f.write(f"{path}: {exc.response.status_code}\n")
            continue
        name = path.rsplit("/", 1)[1] + ".txt"
        Path(tmp, name).write_text(r.text)
        saved.append(name)
    return saved + errors.read_text().splitlines()


def checksum_mismatch_raises(web: str, tmp: str) -> str:
    """The expected digest comes from one request, the file from another; they differ."""
    expected = get_value(web, "digest", 150)
    data = requests.get(f"{web}/text/payload?ms=30", timeout=5).content
    path = Path(tmp) / "payload.txt"
    path.write_bytes(data)
    actual = hashlib.sha1(path.read_bytes()).hexdigest()
    if actual != expected:
        path.rename(path.with_suffix(".corrupt"))
        raise ValueError(f"checksum mismatch for {path.name}: {actual[:8]} != {expected}")
    return actual


def chunked_hash_of_download(web: str, tmp: str) -> dict[str, str]:
    digests = {}
    for key, ms in (("one", 150), ("two", 30)):
        path = Path(tmp) / f"{key}.dat"
        path.write_bytes(requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).content)
        h = hashlib.blake2b(digest_size=8)
        with open(path, "rb") as f:
            for block in iter(lambda f=f: f.read(5), b""):
                h.update(block)
        digests[key] = h.hexdigest()
    return digests


# =========================================================================== uploads


def upload_jsonl_just_written(web: str, tmp: str) -> list[Any]:
    """Rows fetched, written as JSONL, the file PUT, then read back from the server."""
    path = Path(tmp) / "export.jsonl"
    rows = [{"key": k, "value": get_value(web, k, ms)} for k, ms in
            (("r1", 150), ("r2", 30), ("r3", 80))]
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    put = requests.put(f"{web}/items/export", data=path.read_bytes(), timeout=5).json()
    back = get_value(web, "export", 30)
    return [put["version"], back == path.read_text(), len(back.splitlines())]


def upload_multipart_report(web: str, tmp: str) -> list[Any]:
    path = Path(tmp) / "report.csv"
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([["k", "v"], ["a", get_value(web, "a", 150)],
                                 ["b", get_value(web, "b", 30)]])
    with open(path, "rb") as fh:
        r = requests.post(f"{web}/items/report", files={"file": ("report.csv", fh)},
                          timeout=5)
    listing = requests.get(f"{web}/items", timeout=5).json()
    return [r.json()["version"], listing["keys"]]


def upload_each_file_in_folder(web: str, tmp: str) -> list[int]:
    """Files written, then each uploaded in name order; the upload log kept on disk."""
    folder = Path(tmp) / "outbox"
    folder.mkdir()
    for name, ms in (("c", 150), ("a", 30), ("b", 80)):
        (folder / f"{name}.txt").write_text(get_value(web, name, ms))
    versions = []
    for path in sorted(folder.iterdir()):
        v = requests.put(f"{web}/items/{path.stem}", data=path.read_text(), timeout=5)
        versions.append(v.json()["version"])
        with open(Path(tmp) / "uploaded.log", "a") as log:
            print(path.name, file=log)
        path.unlink()
    return versions + [len(list(folder.iterdir()))]


# =========================================================================== manifests, reruns


def manifest_updated_after_each_step(web: str, tmp: str) -> dict[str, Any]:
    """A pipeline whose manifest.json is read, updated and rewritten after every step."""
    manifest = Path(tmp) / "manifest.json"
    manifest.write_text(json.dumps({"steps": []}))
    for step, ms in (("extract", 150), ("transform", 30), ("load", 80)):
        value = get_value(web, step, ms)
        Path(tmp, f"{step}.out").write_text(value)
        state = json.loads(manifest.read_text())
        state["steps"].append({"name": step, "bytes": len(value)})
        manifest.write_text(json.dumps(state, sort_keys=True))
    return json.loads(manifest.read_text())


def download_unless_on_disk(web: str, tmp: str) -> list[str]:
    """Run twice: the second run finds every file and downloads nothing."""
    done = []
    for key, ms in (("jan", 150), ("feb", 30), ("mar", 80)):
        path = Path(tmp) / f"{key}.txt"
        if path.exists():
            done.append(f"cached {key} {len(path.read_text())}")
            continue
        path.write_text(requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text)
        done.append(f"fetched {key}")
    return done


def load_into_sqlite_once(web: str, tmp: str) -> list[Any]:
    """Run twice: rows already loaded are skipped by INSERT OR IGNORE and a lookup."""
    conn = sqlite3.connect(Path(tmp) / "warehouse.db")
    conn.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT)")
    fetched = []
    for key, ms in (("k1", 150), ("k2", 30)):
        if conn.execute("SELECT 1 FROM facts WHERE key = ?", (key,)).fetchone():
            continue
        value = get_value(web, key, ms)
        conn.execute("INSERT OR IGNORE INTO facts VALUES (?, ?)", (key, value))
        fetched.append(key)
    conn.commit()
    total = conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
    conn.close()
    return [fetched, total]


def done_markers_skip_finished(web: str, tmp: str) -> list[str]:
    """Run twice: each task leaves a .done marker; glob tells which are left."""
    tasks = ["t1", "t2", "t3"]
    finished = {Path(p).stem for p in glob.glob(os.path.join(tmp, "*.done"))}
    ran = []
    for task, ms in zip(tasks, (150, 30, 80), strict=True):
        if task in finished:
            continue
        Path(tmp, f"{task}.result").write_text(get_value(web, task, ms))
        Path(tmp, f"{task}.done").touch()
        ran.append(task)
    return ran or ["nothing to do"]


def partial_file_resumed(web: str, tmp: str) -> list[str]:
    """Run twice: a .part file from the first run is completed by the second."""
    part = Path(tmp) / "big.part"
    final = Path(tmp) / "big.txt"
    if final.exists():
        return ["complete", final.read_text()[:20]]
    have = part.read_text() if part.exists() else ""
    chunk = get_value(web, f"chunk{len(have)}", 150 if not have else 30)
    with open(part, "a") as f:
        f.write(chunk + ";")
    if part.stat().st_size > 12:
        part.rename(final)
        return ["finished", final.read_text()]
    return ["partial", part.read_text()]


# =========================================================================== archives


def gzip_download_roundtrip(web: str, tmp: str) -> list[str]:
    """Downloads compressed to .gz (fixed mtime), then read back line by line."""
    out = []
    for key, ms in (("log-a", 150), ("log-b", 30)):
        data = requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).content
        Path(tmp, f"{key}.gz").write_bytes(gzip.compress(data, mtime=0))
    for path in sorted(Path(tmp).glob("*.gz")):
        with gzip.open(path, "rt") as f:
            out.extend(line.rstrip() for line in f if line.endswith("2\n"))
    return out


def gzip_writer_file_appended_per_item(web: str, tmp: str) -> list[Any]:
    path = Path(tmp) / "events.jsonl.gz"
    with gzip.GzipFile(path, "wb", mtime=0) as gz:
        for key, ms in (("e1", 150), ("e2", 30), ("e3", 80)):
            gz.write((json.dumps({"k": key, "v": get_value(web, key, ms)}) + "\n").encode())
    with gzip.open(path, "rt") as f:
        rows = [json.loads(line) for line in f]
    return [len(rows), rows[-1], path.stat().st_size > 20]


def _zinfo(name: str) -> zipfile.ZipInfo:
    return zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))


def zip_bundle_of_downloads(web: str, tmp: str) -> dict[str, Any]:
    bundle = Path(tmp) / "bundle.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
        for key, ms in (("north", 150), ("south", 30), ("east", 80)):
            zf.writestr(_zinfo(f"{key}.txt"), text_lines(web, key, ms))
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        first = zf.read(names[0]).decode().splitlines()[0]
        bad = zf.testzip()
    return {"names": names, "first": first, "bad": bad}


def zip_extract_then_walk(web: str, tmp: str) -> list[str]:
    src = Path(tmp) / "in.zip"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr(_zinfo("data/a.txt"), get_value(web, "a", 150))
        zf.writestr(_zinfo("data/sub/b.txt"), get_value(web, "b", 30))
    dest = Path(tmp) / "unpacked"
    with zipfile.ZipFile(src) as zf:
        zf.extractall(dest)
    found = []
    for folder, _dirs, files in sorted(os.walk(dest)):
        found.extend(os.path.relpath(os.path.join(folder, n), dest) for n in sorted(files))
    src.unlink()
    return found


def tar_of_fetched_then_extract(web: str, tmp: str) -> list[Any]:
    archive = Path(tmp) / "backup.tar"
    with tarfile.open(archive, "w") as tar:
        for key, ms in (("cfg", 150), ("db", 30)):
            data = get_value(web, key, ms).encode()
            info = tarfile.TarInfo(f"backup/{key}.txt")
            info.size, info.mtime = len(data), 0
            tar.addfile(info, io.BytesIO(data))
    target = Path(tmp) / "restore"
    with tarfile.open(archive) as tar:
        members = tar.getnames()
        tar.extractall(target, filter="data")
    archive.unlink()
    return [members, sorted(p.name for p in (target / "backup").iterdir())]


def shutil_make_archive_of_folder(web: str, tmp: str) -> list[str]:
    folder = Path(tmp) / "site"
    folder.mkdir()
    for key, ms in (("index", 150), ("about", 30)):
        (folder / f"{key}.html").write_text(f"<p>{get_value(web, key, ms)}</p>")
    made = shutil.make_archive(os.path.join(tmp, "site"), "zip", root_dir=folder)
    with zipfile.ZipFile(made) as zf:
        names = sorted(zf.namelist())
    os.remove(made)
    return [os.path.basename(made), *names]


# =========================================================================== shutil, pathlib, os


def stage_copy_move_rmtree(web: str, tmp: str) -> dict[str, list[str]]:
    """incoming -> staging (copy) -> processed (move); staging removed at the end."""
    root = Path(tmp)
    incoming, staging, processed = root / "incoming", root / "staging", root / "processed"
    for d in (incoming, staging, processed):
        d.mkdir()
    for key, ms in (("x", 150), ("y", 30), ("z", 80)):
        (incoming / f"{key}.txt").write_text(get_value(web, key, ms))
    for path in sorted(incoming.iterdir()):
        shutil.copy2(path, staging / path.name)
        staged = staging / path.name
        staged.write_text(staged.read_text().upper())
        shutil.move(str(staged), processed / path.name)
    shutil.rmtree(staging)
    return {d.name: sorted(p.name for p in d.iterdir()) for d in sorted(root.iterdir())}


def atomic_config_replace(web: str, tmp: str) -> list[Any]:
    config = Path(tmp) / "config.json"
    config.write_text(json.dumps({"version": 0}))
    history = []
    for key, ms in (("v1", 150), ("v2", 30)):
        current = json.loads(config.read_text())
        current["version"] += 1
        current[key] = get_value(web, key, ms)
        staging = config.with_suffix(".json.tmp")
        staging.write_text(json.dumps(current, sort_keys=True))
        os.replace(staging, config)
        history.append(sorted(os.listdir(tmp)))
    return [json.loads(config.read_text()), history]


def rotate_logs_then_write(web: str, tmp: str) -> list[str]:
    """app.log -> app.log.1 -> app.log.2 (dropped beyond 2), then a new app.log."""
    log = Path(tmp) / "app.log"
    for run, ms in (("r1", 150), ("r2", 30), ("r3", 80)):
        for n in (2, 1):
            older = log.with_name(f"app.log.{n}")
            if older.exists():
                if n == 2:
                    older.unlink()
                else:
                    older.rename(log.with_name("app.log.2"))
        if log.exists():
            log.rename(log.with_name("app.log.1"))
        log.write_text(f"{run}: {get_value(web, run, ms)}\n")
    return [f"{p.name}={p.read_text().strip()}" for p in sorted(Path(tmp).iterdir())]


def partitioned_writes_by_date(web: str, tmp: str) -> list[str]:
    events = [("2024-01-02", "a", 150), ("2024-01-01", "b", 30), ("2024-01-02", "c", 80)]
    root = Path(tmp) / "events"
    for day, key, ms in events:
        part = root / f"day={day}"
        part.mkdir(parents=True, exist_ok=True)
        with open(part / "rows.jsonl", "a") as f:
            f.write(json.dumps({"key": key, "v": get_value(web, key, ms)}) + "\n")
    return [f"{p.parent.name}:{len(p.read_text().splitlines())}"
            for p in sorted(root.rglob("*.jsonl"))]


def listing_changes_between_steps(web: str, tmp: str) -> list[list[str]]:
    """os.listdir before and after each write, rename and removal."""
    d = Path(tmp)
    seen = [sorted(os.listdir(d))]
    (d / "a.raw").write_text(get_value(web, "a", 150))
    seen.append(sorted(os.listdir(d)))
    (d / "a.raw").rename(d / "a.clean")
    seen.append(sorted(os.listdir(d)))
    (d / "b.raw").write_text(get_value(web, "b", 30))
    os.remove(d / "a.clean")
    seen.append(sorted(os.listdir(d)))
    return seen


def siblings_for_each_listed_file(web: str, tmp: str) -> list[str]:
    """A listing taken once drives the loop; the loop adds .out siblings."""
    d = Path(tmp)
    for key in ("p", "q", "r"):
        (d / f"{key}.in").write_text(key)
    names = os.listdir(d)
    for name, ms in zip(sorted(names), (150, 30, 80), strict=True):
        stem = name.removesuffix(".in")
        (d / f"{stem}.out").write_text(get_value(web, stem, ms))
    return sorted(os.listdir(d))


def scandir_sizes_after_downloads(web: str, tmp: str) -> list[Any]:
    for key, ms in (("long", 150), ("short", 30)):
        body = text_lines(web, key, ms)
        Path(tmp, f"{key}.txt").write_text(body if key == "long" else body[:10])
    with os.scandir(tmp) as it:
        sizes = sorted((e.name, e.stat().st_size, e.is_file()) for e in it)
    return sizes


def stat_size_filter_and_unlink_small(web: str, tmp: str) -> list[str]:
    for key, ms in (("keep", 150), ("drop", 30), ("also", 80)):
        v = get_value(web, key, ms)
        Path(tmp, key + ".txt").write_text(v * (3 if key != "drop" else 1))
    for p in Path(tmp).glob("*.txt"):
        if p.stat().st_size < 10:
            p.unlink()
    Path(tmp, "missing.txt").unlink(missing_ok=True)
    return sorted(p.name for p in Path(tmp).iterdir())


def tempdir_work_then_copy_out(web: str, tmp: str) -> list[str]:
    """Scratch work in a TemporaryDirectory inside tmp; only the result is kept."""
    result = Path(tmp) / "result.txt"
    with tempfile.TemporaryDirectory(dir=tmp) as scratch:
        parts = []
        for key, ms in (("s1", 150), ("s2", 30)):
            p = Path(scratch) / f"{key}.part"
            p.write_text(get_value(web, key, ms))
            parts.append(p)
        with open(Path(scratch) / "joined", "w") as out:
            for p in parts:
                out.write(p.read_text() + "\n")
        shutil.copyfile(Path(scratch) / "joined", result)
        inside = len(os.listdir(scratch))
    return [str(inside), *sorted(os.listdir(tmp)), result.read_text()]


def mkstemp_then_rename_into_place(web: str, tmp: str) -> list[str]:
    names = []
    for key, ms in (("one", 150), ("two", 30)):
        fd, name = tempfile.mkstemp(dir=tmp, prefix="dl-")
        with os.fdopen(fd, "w") as f:
            f.write(get_value(web, key, ms))
        final = os.path.join(tmp, f"{key}.txt")
        os.rename(name, final)
        names.append(os.path.basename(final))
    return names + sorted(os.listdir(tmp))


def copytree_then_modify_copy(web: str, tmp: str) -> list[str]:
    src = Path(tmp) / "template"
    (src / "conf").mkdir(parents=True)
    (src / "conf" / "base.ini").write_text("[a]\nx=1\n")
    dst = Path(tmp) / "instance"
    shutil.copytree(src, dst)
    (dst / "conf" / "base.ini").write_text(f"[a]\nx={get_value(web, 'x', 150)}\n")
    (dst / "conf" / "local.ini").write_text(f"[b]\ny={get_value(web, 'y', 30)}\n")
    return [str(p.relative_to(tmp)) + ":" + p.read_text().splitlines()[1]
            for p in sorted(Path(tmp).rglob("*.ini"))]


# =========================================================================== sqlite


def csv_file_into_sqlite_executemany(web: str, tmp: str) -> list[Any]:
    src = Path(tmp) / "sales.csv"
    with open(src, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["region", "amount"])
        for region, ms in (("north", 150), ("south", 30), ("west", 80)):
            w.writerow([region, len(get_value(web, region, ms))])
            w.writerow([region, 1])
    conn = sqlite3.connect(Path(tmp) / "sales.db")
    conn.execute("CREATE TABLE sales (region TEXT, amount INTEGER)")
    with open(src, newline="") as f:
        conn.executemany("INSERT INTO sales VALUES (:region, :amount)", csv.DictReader(f))
    conn.commit()
    rows = conn.execute("SELECT region, SUM(amount) FROM sales GROUP BY region "
                        "ORDER BY region").fetchall()
    conn.close()
    return rows


def sqlite_rollback_on_bad_batch(web: str, tmp: str) -> list[Any]:
    """`with conn:` rolls a batch back on an IntegrityError; the good batch stays."""
    conn = sqlite3.connect(Path(tmp) / "users.db")
    conn.execute("CREATE TABLE users (email TEXT UNIQUE, name TEXT)")
    outcome = []
    batches = [[("a@x", "slow"), ("b@x", "fast")], [("c@x", "mid"), ("a@x", "dup")]]
    for batch, ms in zip(batches, (150, 30), strict=True):
        names = [get_value(web, n, ms) for _, n in batch]
        try:
            with conn:
                conn.executemany("INSERT INTO users VALUES (?, ?)",
                                 [(e, n) for (e, _), n in zip(batch, names, strict=True)])
            outcome.append("committed")
        except sqlite3.IntegrityError as exc:
            outcome.append(f"rolled back: {exc}")
    outcome.append(conn.execute("SELECT email FROM users ORDER BY email").fetchall())
    conn.close()
    return outcome


def sqlite_user_version_migrations(web: str, tmp: str) -> list[Any]:
    """Run twice: PRAGMA user_version says which migrations are left."""
    conn = sqlite3.connect(Path(tmp) / "app.db")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    migrations = [("CREATE TABLE kv (k TEXT, v TEXT)", "m1", 150),
                  ("ALTER TABLE kv ADD COLUMN src TEXT", "m2", 30)]
    applied = []
    for n, (sql, key, ms) in enumerate(migrations, start=1):
        if n <= version:
            continue
        conn.execute(sql)
        note = get_value(web, key, ms)
        conn.execute(f"PRAGMA user_version = {n}")
        conn.commit()
        applied.append(f"{n}:{note}")
    cols = [r[1] for r in conn.execute("PRAGMA table_info(kv)")]
    final = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    return [version, applied, cols, final]


def sqlite_row_factory_to_json(web: str, tmp: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(Path(tmp) / "cities.db")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE cities (name TEXT, note TEXT)")
    for city, ms in (("oslo", 150), ("rome", 30)):
        conn.execute("INSERT INTO cities VALUES (?, ?)", (city, get_value(web, city, ms)))
    conn.commit()
    rows = [dict(r) for r in conn.execute("SELECT * FROM cities ORDER BY name")]
    Path(tmp, "cities.json").write_text(json.dumps(rows, sort_keys=True))
    conn.close()
    return json.loads(Path(tmp, "cities.json").read_text())


def sqlite_two_connections_see_commits(web: str, tmp: str) -> list[int]:
    db = Path(tmp) / "shared.db"
    writer = sqlite3.connect(db)
    reader = sqlite3.connect(db)
    writer.execute("CREATE TABLE t (v TEXT)")
    writer.commit()
    counts = []
    for key, ms in (("a", 150), ("b", 30)):
        writer.execute("INSERT INTO t VALUES (?)", (get_value(web, key, ms),))
        counts.append(reader.execute("SELECT COUNT(*) FROM t").fetchone()[0])
        writer.commit()
        counts.append(reader.execute("SELECT COUNT(*) FROM t").fetchone()[0])
    writer.close()
    reader.close()
    return counts


def sqlite_export_jsonl_and_upload(web: str, tmp: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp) / "src.db")
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT)")
    conn.executemany("INSERT INTO items (label) VALUES (?)", [("x",), ("y",), ("z",)])
    conn.commit()
    out = Path(tmp) / "items.jsonl"
    with open(out, "w") as f:
        for rid, label in conn.execute("SELECT id, label FROM items ORDER BY id"):
            f.write(json.dumps({"id": rid, "label": label}) + "\n")
    conn.close()
    r = requests.put(f"{web}/items/dump", data=out.read_text(), timeout=5)
    echoed = get_value(web, "dump", 30)
    return [r.json()["version"], echoed.count("\n")]


def sqlite_wal_reader_and_writer(web: str, tmp: str) -> list[Any]:
    db = Path(tmp) / "wal.db"
    a = sqlite3.connect(db, isolation_level=None)
    mode = a.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    a.execute("CREATE TABLE log (v TEXT)")
    b = sqlite3.connect(db, isolation_level=None)
    seen = []
    for key, ms in (("w1", 150), ("w2", 30)):
        a.execute("INSERT INTO log VALUES (?)", (get_value(web, key, ms),))
        seen.append([r[0] for r in b.execute("SELECT v FROM log ORDER BY rowid")])
    a.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    b.close()
    a.close()
    return [mode, seen]


def sqlite_backup_then_query_copy(web: str, tmp: str) -> list[Any]:
    live = sqlite3.connect(Path(tmp) / "live.db")
    live.execute("CREATE TABLE kv (k TEXT, v TEXT)")
    for key, ms in (("a", 150), ("b", 30)):
        live.execute("INSERT INTO kv VALUES (?, ?)", (key, get_value(web, key, ms)))
    live.commit()
    copy = sqlite3.connect(Path(tmp) / "backup.db")
    live.backup(copy)
    live.execute("DELETE FROM kv")
    live.commit()
    rows = copy.execute("SELECT k, v FROM kv ORDER BY k").fetchall()
    live_rows = live.execute("SELECT COUNT(*) FROM kv").fetchone()[0]
    copy.close()
    live.close()
    return [rows, live_rows]


def sqlite_file_copied_with_shutil(web: str, tmp: str) -> list[Any]:
    """A closed database file copied, the copy changed, both queried."""
    db = Path(tmp) / "orig.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (get_value(web, "orig", 150),))
    conn.commit()
    conn.close()
    clone = Path(tmp) / "clone.db"
    shutil.copyfile(db, clone)
    c2 = sqlite3.connect(clone)
    c2.execute("INSERT INTO t VALUES (?)", (get_value(web, "clone", 30),))
    c2.commit()
    c2.close()
    counts = []
    for path in (db, clone):
        c = sqlite3.connect(path)
        counts.append(c.execute("SELECT COUNT(*) FROM t").fetchone()[0])
        c.close()
    return counts


# =========================================================================== logging, printing


def file_logger(tmp: str, name: str) -> tuple[logging.Logger, logging.Handler]:
    logger = logging.getLogger(f"etl45.{name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(Path(tmp) / f"{name}.log")
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger, handler


def filehandler_log_read_back(web: str, tmp: str) -> list[str]:
    logger, handler = file_logger(tmp, "run")
    try:
        for key, ms in (("a", 150), ("b", 30), ("c", 80)):
            value = get_value(web, key, ms)
            logger.info("fetched %s -> %s", key, value)
            if key == "b":
                lines = Path(tmp, "run.log").read_text().splitlines()
                logger.warning("after b the log has %d lines", len(lines))
    finally:
        logger.removeHandler(handler)
        handler.close()
    return Path(tmp, "run.log").read_text().splitlines()


def two_loggers_one_file(web: str, tmp: str) -> list[str]:
    """Two loggers with FileHandlers on one path (append mode): lines interleave."""
    path = Path(tmp) / "shared.log"
    made = []
    for name in ("extract", "load"):
        logger = logging.getLogger(f"etl45.two.{name}")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        h = logging.FileHandler(path)
        h.setFormatter(logging.Formatter("%(name)s %(message)s"))
        logger.addHandler(h)
        made.append((logger, h))
    try:
        for key, ms in (("k1", 150), ("k2", 30)):
            made[0][0].info("got %s", get_value(web, key, ms))
            made[1][0].info("stored %s", key)
    finally:
        for logger, h in made:
            logger.removeHandler(h)
            h.close()
    return path.read_text().splitlines()


def print_to_open_report_and_stdout(web: str, tmp: str) -> str:
    path = Path(tmp) / "report.txt"
    with open(path, "w") as report:
        print("# report", file=report)
        for key, ms in (("alpha", 150), ("beta", 30), ("gamma", 80)):
            value = get_value(web, key, ms)
            print(f"{key}: {value}", file=report)
            print(f"wrote {key}")
            print(f"progress {key}", file=sys.stderr)
        report.flush()
        print(f"size so far {path.stat().st_size}")
    return path.read_text()


def append_helper(path: Path, line: str) -> None:
    with open(path, "a") as f:
        f.write(line + "\n")


def audit_line(path: Path, key: str, value: str) -> None:
    with open(path, "a") as f:
        print(f"audit {key}={value}", file=f)


def two_helpers_append_one_file(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "events.log"
    for key, ms in (("x", 150), ("y", 30), ("z", 80)):
        append_helper(path, f"start {key}")
        value = get_value(web, key, ms)
        audit_line(path, key, value)
    return path.read_text().splitlines()


def open_writer_and_helper_append_same_path(web: str, tmp: str) -> str:
    """A buffered writer left open while a helper appends to the same path."""
    path = Path(tmp) / "mixed.txt"
    f = open(path, "w")  # noqa: SIM115 - closed below, as written
    try:
        for key, ms in (("first", 150), ("second", 30)):
            print(f"main {get_value(web, key, ms)}", file=f)
            append_helper(path, f"helper {key}")
    finally:
        f.close()
    return path.read_text()


def jsonl_writer_and_reader_in_one_run(web: str, tmp: str) -> list[Any]:
    """The writer flushes after each line; a reader on the same file follows it."""
    path = Path(tmp) / "stream.jsonl"
    seen = []
    with open(path, "w") as w, open(path) as r:
        for key, ms in (("s1", 150), ("s2", 30), ("s3", 80)):
            w.write(json.dumps({"k": key, "v": get_value(web, key, ms)}) + "\n")
            w.flush()
            line = r.readline()
            seen.append(json.loads(line)["k"] if line else None)
    return seen


# =========================================================================== model pipelines


def _setup_docs(env: Env) -> None:
    docs = env.tmp / "docs"
    docs.mkdir()
    texts = {"billing.txt": "Invoices go out monthly. Refunds take five days.",
             "login.txt": "Reset a password from the settings page.",
             "export.txt": "Exports are CSV files emailed nightly."}
    for name, text in texts.items():
        (docs / name).write_text(text)


def summarize_folder_to_files(client: Any, tmp: str) -> dict[str, Any]:
    """Each doc summarized (slow first), the summary written beside an index."""
    docs, out = Path(tmp) / "docs", Path(tmp) / "summaries"
    out.mkdir()
    index = {}
    for path, lat in zip(sorted(docs.glob("*.txt")), (0.15, 0.03, 0.08), strict=True):
        summary = chat(client, f"Summarize: {path.read_text()}", lat)
        (out / f"{path.stem}.md").write_text(summary)
        index[path.stem] = len(summary.split())
    (out / "index.json").write_text(json.dumps(index, sort_keys=True))
    return {"files": sorted(p.name for p in out.iterdir()), "index": index}


def classify_csv_rows_to_csv(client: Any, tmp: str) -> list[list[str]]:
    src, dst = Path(tmp) / "tickets.csv", Path(tmp) / "labeled.csv"
    src.write_text("id,text\n1,refund please\n2,cannot log in\n3,export missing\n")
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(dst, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "label"])
        for row, lat in zip(rows, (0.15, 0.03, 0.08), strict=True):
            label = chat(client, f"Label this ticket: {row['text']}", lat).split()[-1]
            w.writerow([row["id"], label])
    with open(dst, newline="") as f:
        return list(csv.reader(f))


def answers_jsonl_then_files_create(client: Any, tmp: str) -> list[Any]:
    path = Path(tmp) / "batch.jsonl"
    with open(path, "w") as f:
        for n, lat in ((1, 0.15), (2, 0.03)):
            answer = chat(client, f"Question {n}?", lat)
            f.write(json.dumps({"custom_id": f"q{n}", "answer": answer[:30]}) + "\n")
    with open(path, "rb") as fh:
        made = client.files.create(file=("batch.jsonl", fh), purpose="batch")
    listed = [f.filename for f in client.files.list().data]
    content = client.files.content(made.id).text
    return [made.filename, listed, content == path.read_text()]


def chat_lines_with_checkpoint(client: Any, tmp: str) -> list[str]:
    """Run twice: a checkpoint file records finished lines; the rerun does nothing new."""
    ckpt = Path(tmp) / "checkpoint.json"
    done = json.loads(ckpt.read_text()) if ckpt.exists() else {}
    lines = ["first topic", "second topic", "third topic"]
    new = []
    for i, (line, lat) in enumerate(zip(lines, (0.15, 0.03, 0.08), strict=True)):
        if str(i) in done:
            continue
        done[str(i)] = chat(client, line, lat)[:24]
        ckpt.write_text(json.dumps(done, sort_keys=True))
        new.append(line)
    return new + [f"{len(done)} done"]


def chat_cache_in_sqlite(client: Any, tmp: str) -> list[str]:
    """Run twice: answers cached in a table keyed by the prompt."""
    conn = sqlite3.connect(Path(tmp) / "cache.db")
    conn.execute("CREATE TABLE IF NOT EXISTS cache (prompt TEXT PRIMARY KEY, answer TEXT)")
    out = []
    for prompt, lat in (("why is the sky blue", 0.15), ("define entropy", 0.03)):
        hit = conn.execute("SELECT answer FROM cache WHERE prompt = ?", (prompt,)).fetchone()
        if hit:
            out.append("hit:" + hit[0][:20])
            continue
        answer = chat(client, prompt, lat)
        conn.execute("INSERT INTO cache VALUES (?, ?)", (prompt, answer))
        conn.commit()
        out.append("miss:" + answer[:20])
    conn.close()
    return out


def embeddings_stored_then_nearest(client: Any, tmp: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp) / "vectors.db")
    conn.execute("CREATE TABLE vec (doc TEXT, v TEXT)")
    docs = ["refund policy", "password reset", "nightly export"]
    for doc in docs:
        e = client.embeddings.create(model="embed", input=doc).data[0].embedding
        conn.execute("INSERT INTO vec VALUES (?, ?)", (doc, json.dumps(e)))
    conn.commit()
    q = client.embeddings.create(model="embed", input="how do I get my money back").data[0]
    scored = sorted((sum(a * b for a, b in zip(json.loads(v), q.embedding, strict=True)), d)
                    for d, v in conn.execute("SELECT doc, v FROM vec"))
    conn.close()
    return [d for _, d in scored]


def prompt_file_rewritten_between_chats(client: Any, tmp: str) -> list[str]:
    """The prompt lives in a file that each answer rewrites."""
    prompt = Path(tmp) / "prompt.txt"
    prompt.write_text("Start a story")
    out = []
    for lat in (0.15, 0.03, 0.08):
        answer = chat(client, prompt.read_text(), lat)
        out.append(answer[:30])
        prompt.write_text("Continue: " + answer.split()[-1])
    return out + [prompt.read_text()]


def answers_to_gzip_jsonl(client: Any, tmp: str) -> list[Any]:
    path = Path(tmp) / "answers.jsonl.gz"
    answers = [chat(client, q, lat) for q, lat in (("q-one", 0.15), ("q-two", 0.03),
                                                     ("q-three", 0.08))]
    with gzip.GzipFile(path, "wb", mtime=0) as gz:
        for a in answers:
            gz.write((json.dumps({"a": a[:20]}) + "\n").encode())
    with gzip.open(path, "rt") as f:
        return [json.loads(line)["a"] for line in f]


def chat_then_print_to_results_file(client: Any, tmp: str) -> str:
    """Answers printed to an open results file as they come; a summary printed after."""
    path = Path(tmp) / "results.txt"
    with open(path, "w") as out:
        for q, lat in (("capital of france", 0.15), ("largest ocean", 0.03),
                       ("tallest mountain", 0.08)):
            print(q, "->", chat(client, q, lat)[:25], file=out)
    print("lines:", len(path.read_text().splitlines()))
    return path.read_text()


def chat_and_manifest_per_doc(client: Any, tmp: str) -> dict[str, Any]:
    """Each doc's answer and a manifest entry written after it; the manifest re-read."""
    manifest = Path(tmp) / "manifest.json"
    for path, lat in zip(sorted((Path(tmp) / "docs").iterdir()), (0.15, 0.03, 0.08),
                         strict=True):
        answer = chat(client, f"Keywords for {path.read_text()}", lat)
        path.with_suffix(".kw").write_text(answer)
        state = json.loads(manifest.read_text()) if manifest.exists() else {}
        state[path.name] = {"kw": path.with_suffix(".kw").name, "n": len(state) + 1}
        manifest.write_text(json.dumps(state, sort_keys=True))
    return json.loads(manifest.read_text())


def chat_answers_moved_to_archive(client: Any, tmp: str) -> list[str]:
    inbox, archive = Path(tmp) / "inbox", Path(tmp) / "archive"
    inbox.mkdir()
    archive.mkdir()
    for q, lat in (("q1", 0.15), ("q2", 0.03)):
        (inbox / f"{q}.txt").write_text(chat(client, q, lat))
        for p in sorted(inbox.iterdir()):
            shutil.move(p, archive / p.name)
    return [f"{d.name}/{p.name}" for d in (inbox, archive) for p in sorted(d.iterdir())]


# =========================================================================== async, threads


async def adownload_all_then_write(web: str, tmp: str) -> list[str]:
    """httpx.AsyncClient: three downloads awaited in turn, each written to a file."""
    async with httpx.AsyncClient(base_url=web, timeout=5) as client:
        for key, ms in (("a", 150), ("b", 30), ("c", 80)):
            r = await client.get(f"/text/{key}", params={"ms": ms})
            Path(tmp, f"{key}.txt").write_text(r.text)
    return sorted(f"{p.name}:{p.stat().st_size}" for p in Path(tmp).iterdir())


async def agather_then_manifest(web: str, tmp: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as client:
        rs = await asyncio.gather(*(client.get(f"/items/{k}", params={"ms": ms})
                                    for k, ms in (("x", 150), ("y", 30))))
    manifest = {}
    for r in rs:
        key = r.json()["key"]
        Path(tmp, key + ".json").write_text(r.text)
        manifest[key] = hashlib.sha256(r.content).hexdigest()[:10]
    Path(tmp, "manifest.json").write_text(json.dumps(manifest, sort_keys=True))
    return manifest


def _fetch_to_file(web: str, tmp: str, key: str, ms: int) -> str:
    path = Path(tmp) / f"{key}.txt"
    path.write_text(get_value(web, key, ms))
    return path.name


def thread_pool_downloads_then_merge(web: str, tmp: str) -> list[str]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        names = list(pool.map(lambda kv: _fetch_to_file(web, tmp, *kv),
                              (("p", 150), ("q", 30), ("r", 80))))
    with open(Path(tmp) / "merged.txt", "w") as out:
        for name in names:
            out.write(Path(tmp, name).read_text() + "\n")
    return Path(tmp, "merged.txt").read_text().splitlines()


def helper_downloads_to_files(web: str, tmp: str) -> list[str]:
    """A helper per file, each writing its own file: they keep their order."""
    names = [_fetch_to_file(web, tmp, k, ms) for k, ms in (("h1", 150), ("h2", 30),
                                                            ("h3", 80))]
    return names + sorted(os.listdir(tmp))


def queue_file_lines_with_direct_chat(client: Any, tmp: str) -> list[str]:
    """Minimal: a file's lines walked, a model call per line, follow-ups appended."""
    queue = Path(tmp) / "topics.txt"
    queue.write_text("alpha\nbeta\n")
    answers = []
    with open(queue) as f:
        for line in f:
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": line.strip()}],
                extra_body={"latency": 0.05})
            answers.append(r.choices[0].message.content[:20])
            if len(answers) < 3:
                with open(queue, "a") as out:
                    out.write(f"more {line}")
    return answers


def queue_file_lines_with_embeddings(client: Any, tmp: str) -> list[int]:
    """The same with embeddings: each line's vector, new lines appended by a helper."""
    queue = Path(tmp) / "texts.txt"
    queue.write_text("one\ntwo\n")
    sizes = []
    with open(queue) as f:
        for line in f:
            e = client.embeddings.create(model="embed", input=line.strip())
            sizes.append(len(e.data[0].embedding))
            enqueue(queue, "x" + line.strip()) if len(sizes) < 4 else None
    return sizes


def jobs_jsonl_retries_appended(web: str, tmp: str) -> list[str]:
    """A jobs.jsonl walked line by line; a failed job is appended again to retry."""
    jobs = Path(tmp) / "jobs.jsonl"
    jobs.write_text("".join(json.dumps({"path": p, "try": 0}) + "\n"
                            for p in ("/text/ok", "/status/503")))
    log = []
    with open(jobs) as f:
        for line in f:
            job = json.loads(line)
            r = requests.get(f"{web}{job['path']}?ms=40", timeout=5)
            log.append(f"{job['path']}#{job['try']}:{r.status_code}")
            if r.status_code >= 500 and job["try"] < 2:
                with open(jobs, "a") as out:
                    out.write(json.dumps({"path": job["path"], "try": job["try"] + 1}) + "\n")
    return log


def sqlite_task_table_grown_while_walked(client: Any, tmp: str) -> list[str]:
    """Tasks walked by a SELECT; each answer may add a follow-up task to the table."""
    conn = sqlite3.connect(Path(tmp) / "tasks.db")
    conn.execute("CREATE TABLE tasks (id INTEGER PRIMARY KEY, topic TEXT)")
    conn.executemany("INSERT INTO tasks (topic) VALUES (?)", [("rivers",), ("mountains",)])
    conn.commit()
    done = []
    for tid, topic in conn.execute("SELECT id, topic FROM tasks ORDER BY id"):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Facts about {topic}"}],
            extra_body={"latency": 0.05})
        done.append(f"{tid}:{r.choices[0].message.content[:18]}")
        if tid <= 2:
            conn.execute("INSERT INTO tasks (topic) VALUES (?)", (f"more {topic}",))
    conn.commit()
    conn.close()
    return done


def sqlite_rows_walked_other_conn_loads(client: Any, tmp: str) -> list[str]:
    """Staged rows walked on one connection, answers loaded through another."""
    db = Path(tmp) / "etl.db"
    src = sqlite3.connect(db)
    src.execute("CREATE TABLE staged (id INTEGER, text TEXT)")
    src.executemany("INSERT INTO staged VALUES (?, ?)", [(1, "cats"), (2, "dogs")])
    src.commit()
    dst = sqlite3.connect(db, timeout=0.1, isolation_level=None)
    dst.execute("CREATE TABLE answers (id INTEGER, answer TEXT)")
    out = []
    try:
        for rid, text in src.execute("SELECT id, text FROM staged ORDER BY id"):
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": text}],
                extra_body={"latency": 0.05})
            dst.execute("INSERT INTO answers VALUES (?, ?)", (rid, r.choices[0].message.content))
            out.append(f"loaded {rid}")
    except sqlite3.OperationalError as exc:
        out.append(f"error: {exc}")
    finally:
        dst.close()
        src.close()
    return out


def prompts_file_printed_to_while_read(client: Any, tmp: str) -> list[str]:
    """An append-mode handle opened first; lines printed to it while the file is walked."""
    path = Path(tmp) / "prompts.txt"
    path.write_text("first\nsecond\n")
    out = []
    with open(path, "a", buffering=1) as tail:  # noqa: SIM117 - the reader's own with
        with open(path) as f:
            for line in f:
                r = client.chat.completions.create(
                    model="gpt", messages=[{"role": "user", "content": line.strip()}],
                    extra_body={"latency": 0.04})
                out.append(r.choices[0].message.content[:16])
                if not line.startswith("again"):
                    print("again", line.strip(), file=tail)
    return out


def log_file_walked_while_logged_to(client: Any, tmp: str) -> list[str]:
    """A logger with a FileHandler on the very file being walked."""
    path = Path(tmp) / "questions.log"
    path.write_text("q: colors\nq: shapes\n")
    logger = logging.getLogger("etl45.walked")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    seen = []
    try:
        with open(path) as f:
            for line in f:
                r = client.chat.completions.create(
                    model="gpt", messages=[{"role": "user", "content": line}],
                    extra_body={"latency": 0.04})
                seen.append(line.strip())
                if line.startswith("q:"):
                    logger.info("a: %s", r.choices[0].message.content[:12])
    finally:
        logger.removeHandler(handler)
        handler.close()
    return seen


def file_walked_while_replaced(client: Any, tmp: str) -> list[str]:
    """The file is replaced (os.replace) while walked: the open handle keeps the old one."""
    path = Path(tmp) / "batch.txt"
    path.write_text("red\ngreen\n")
    out = []
    with open(path) as f:
        for line in f:
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": line.strip()}],
                extra_body={"latency": 0.04})
            out.append(r.choices[0].message.content[:14])
            staging = path.with_suffix(".new")
            staging.write_text("".join(f"{o}\n" for o in out) + "next\n")
            os.replace(staging, path)
    return out + [path.read_text().count("\n")]


def prompt_built_with_print_to_stringio(client: Any) -> list[str]:
    """A prompt assembled by print(file=buf); the second call sends what the first added."""
    buf = io.StringIO()
    print("Context:", file=buf)
    first = chat(client, "List two facts about tea", 0.15)
    print(first[:40], file=buf)
    second = chat(client, buf.getvalue(), 0.03)
    return [first, second]


def prompt_built_with_json_dump_to_stringio(client: Any) -> list[str]:
    buf = io.StringIO()
    first = chat(client, "Name a city", 0.15)
    json.dump({"city": first[:30]}, buf)
    second = chat(client, "Describe " + buf.getvalue(), 0.03)
    return [first, second]


def file_uri_read_after_write(client: Any, tmp: str) -> list[str]:
    """A file: URL read with urlopen after the file is written."""
    path = Path(tmp) / "note.txt"
    path.write_text("old")
    first = chat(client, "Write a note", 0.15)
    path.write_text(first[:20])
    with urllib.request.urlopen(path.as_uri()) as r:
        back = r.read().decode()
    return [first, back]


def _setup_latin1_export(env: Env) -> None:
    """A UTF-8 export of long lines with one latin-1 byte past the first 8 KiB."""
    lines = [f"record-{i} " + "x" * 3000 + "\n" for i in range(1, 4)]
    data = "".join(lines).encode() + "record-4 caf\xe9\n".encode("latin-1")
    (env.tmp / "export.txt").write_bytes(data)


def export_lines_with_stray_latin1_byte(client: Any, tmp: str) -> list[str]:
    """Each record summarized and appended to results; a bad byte stops the walk midway."""
    results = Path(tmp) / "results.txt"
    try:
        with open(Path(tmp) / "export.txt", encoding="utf-8") as f:
            for line in f:
                r = client.chat.completions.create(
                    model="gpt", messages=[{"role": "user", "content": line[:12]}],
                    extra_body={"latency": 0.04})
                with open(results, "a") as out:
                    out.write(r.choices[0].message.content[:20] + "\n")
    except UnicodeDecodeError as exc:
        return [f"stopped: {exc.reason}", *results.read_text().splitlines()]
    return results.read_text().splitlines()


def sqlite_rows_with_malformed_json(client: Any, tmp: str) -> list[str]:
    """json_extract over each row's payload; the third payload is not JSON."""
    conn = sqlite3.connect(Path(tmp) / "events.db")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT)")
    conn.executemany("INSERT INTO events (payload) VALUES (?)",
                     [('{"kind": "signup"}',), ('{"kind": "refund"}',), ("{kind: oops",)])
    conn.commit()
    out = Path(tmp) / "labels"
    out.mkdir()
    note = "all rows"
    try:
        for rid, kind in conn.execute(
                "SELECT id, json_extract(payload, '$.kind') FROM events ORDER BY id"):
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"Explain {kind}"}],
                extra_body={"latency": 0.04})
            (out / f"{rid}.txt").write_text(r.choices[0].message.content[:20])
    except sqlite3.OperationalError as exc:
        note = f"stopped: {exc}"
    conn.close()
    return [note, *sorted(p.name for p in out.iterdir())]


def jsonl_prompts_answer_must_be_json(client: Any, tmp: str) -> list[Any]:
    """Each line's answer is parsed as JSON: the first answer is not, and the walk stops."""
    path = Path(tmp) / "prompts.jsonl"
    path.write_text("".join(json.dumps({"q": q}) + "\n" for q in ("colors", "shapes", "sizes")))
    parsed = []
    try:
        with open(path) as f:
            for line in f:
                r = client.chat.completions.create(
                    model="gpt", messages=[{"role": "user", "content": json.loads(line)["q"]}],
                    extra_body={"latency": 0.04})
                parsed.append(json.loads(r.choices[0].message.content))
    except json.JSONDecodeError as exc:
        parsed.append(f"not JSON at {exc.pos}")
    return parsed


def list_prompts_answer_must_be_json(client: Any) -> list[Any]:
    parsed = []
    try:
        for q in ["colors", "shapes", "sizes"]:
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": q}],
                extra_body={"latency": 0.04})
            parsed.append(json.loads(r.choices[0].message.content))
    except json.JSONDecodeError as exc:
        parsed.append(f"not JSON at {exc.pos}")
    return parsed


# =========================================================================== plumbing


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def tmp_args(env: Env) -> tuple:
    return (str(env.tmp),)


def _web(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


def _oa(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_tmp, servers="api", ideal=ideal, **kw)


def _tmp(fn: Any, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=tmp_args, **kw)


# What differed under jit when written. The first five are fixed (a loop reads a file's
# lines or a SELECT's rows ahead only when its body writes nothing they could show, and an
# error met reading them is raised at its own item: `Plan.streams`, `Frame.snapshot`). The
# last two are the documented allowance (docs/jit.md: a statement that fails by accident
# does not decide whether the later items' reads and model calls are sent): they run with
# `speculative_reads`.
FIXED_WHY: dict[str, str] = {
    "queue_file_lines_with_direct_chat": (
        "the file's lines are read up front (owned_file: `with open(p) as f: for line in f`) "
        "before the body's `open(p, 'a')` appends: plain walks 4 lines, jit 2 (the appended "
        "lines are never seen, their model calls never sent)"),
    "queue_file_lines_with_embeddings": (
        "the same with embeddings and the append in a helper (`enqueue`): plain 5 items, jit 2"),
    "sqlite_rows_walked_other_conn_loads": (
        "the SELECT's rows are fetched up front (fresh_rows), so the reading statement no "
        "longer holds its SHARED lock while the body writes through a second connection to "
        "the file: plain gets 'database is locked' on the first INSERT, jit loads both rows"),
    "export_lines_with_stray_latin1_byte": (
        "file_lines' list(f) raises the UnicodeDecodeError (a bad byte past the first 8 KiB "
        "chunk) before the loop: plain handles 2 lines (2 model calls, 2 appended results) "
        "then stops, jit none, and its except block's read of results.txt raises "
        "FileNotFoundError"),
    "sqlite_rows_with_malformed_json": (
        "fresh_rows' fetchall raises 'malformed JSON' (json_extract on row 3) before the "
        "loop: plain handles row 1 (sqlite3 steps one row ahead) then stops, jit none"),
    "jsonl_prompts_answer_must_be_json": (
        "json.loads of the first answer raises in the body; under jit the model calls of the "
        "later lines were already started for every line before the first iteration: the "
        "server sees 3 chat calls, plain sends 1 (the body's raise is implicit, in a pure "
        "call, not the raise/assert the loop rule looks for)"),
    "list_prompts_answer_must_be_json": (
        "the same over a list literal: not specific to files; 3 chat calls vs 1"),
}

CASES: list[Case] = [
    _web(stderr_redirected_to_file_then_read),
    _web(stderr_redirected_by_helper_cm),
    _web(stream_handler_on_redirected_stderr),
    _oa(queue_file_appended_while_read),
    _web(queue_file_appended_by_helper),
    _tmp(sqlite_reader_cursor_with_second_writer, cat="db"),
    _web(sqlite_connect_then_size),
    _web(iterdir_taken_before_write),
    _web(glob_generator_before_write),
    _oa(chat_prompt_from_getsize_after_write),
    _oa(chat_prompt_from_listdir_after_write),
    _oa(chat_prompt_from_glob_after_write),
    _oa(chat_beside_tempfile_replace),
    _oa(sqlite_total_changes_in_prompt, cat="db"),
    _oa(sqlite_lastrowid_in_prompt, cat="db"),
    _oa(sqlite_in_transaction_in_prompt, cat="db"),
    _oa(file_closed_flag_in_prompt),
    _oa(cursor_description_in_prompt, cat="db"),
    _web(os_walk_after_nested_writes),
    _oa(queue_file_lines_with_direct_chat),
    _oa(queue_file_lines_with_embeddings),
    _web(jobs_jsonl_retries_appended),
    _oa(prompts_file_printed_to_while_read),
    _oa(log_file_walked_while_logged_to),
    _oa(file_walked_while_replaced),
    Case("state", prompt_built_with_print_to_stringio, args=lambda env: (openai_client(env),),
         servers="api"),
    Case("state", prompt_built_with_json_dump_to_stringio,
         args=lambda env: (openai_client(env),), servers="api"),
    _oa(file_uri_read_after_write),
    _oa(export_lines_with_stray_latin1_byte, setup=_setup_latin1_export),
    _oa(sqlite_rows_with_malformed_json, cat="db"),
    _oa(jsonl_prompts_answer_must_be_json, speculative_reads=True),
    Case("validation", list_prompts_answer_must_be_json, speculative_reads=True,
         args=lambda env: (openai_client(env),),
         servers="api"),
    _oa(sqlite_task_table_grown_while_walked, cat="db"),
    _oa(sqlite_rows_walked_other_conn_loads, cat="db"),
    # downloads
    _web(download_sources_then_csv_rollup, over(0.15, 0.03, 0.08)),
    _web(download_with_checksum_manifest),
    _web(streamed_download_chunks_hashed),
    _web(urlretrieve_then_parse),
    _web(urlopen_copyfileobj_to_disk),
    _web(urlopen_reads_then_write_all, over(0.15, 0.03, 0.08)),
    _web(http_client_two_downloads_one_connection),
    _web(download_status_errors_to_error_file),
    _web(checksum_mismatch_raises, over(0.15, 0.03)),
    _web(chunked_hash_of_download),
    # uploads
    _web(upload_jsonl_just_written, over(0.15, 0.03, 0.08)),
    _web(upload_multipart_report, over(0.15, 0.03)),
    _web(upload_each_file_in_folder),
    # manifests and reruns
    _web(manifest_updated_after_each_step),
    _web(download_unless_on_disk, calls=2),
    _web(load_into_sqlite_once, calls=2, cat="db"),
    _web(done_markers_skip_finished, calls=2),
    _web(partial_file_resumed, calls=3),
    # archives
    _web(gzip_download_roundtrip),
    _web(gzip_writer_file_appended_per_item),
    _web(zip_bundle_of_downloads),
    _web(zip_extract_then_walk),
    _web(tar_of_fetched_then_extract),
    _web(shutil_make_archive_of_folder),
    # shutil, pathlib, os
    _web(stage_copy_move_rmtree),
    _web(atomic_config_replace),
    _web(rotate_logs_then_write),
    _web(partitioned_writes_by_date),
    _web(listing_changes_between_steps),
    _web(siblings_for_each_listed_file),
    _web(scandir_sizes_after_downloads),
    _web(stat_size_filter_and_unlink_small),
    _web(tempdir_work_then_copy_out),
    _web(mkstemp_then_rename_into_place),
    _web(copytree_then_modify_copy),
    # sqlite
    _web(csv_file_into_sqlite_executemany, cat="db"),
    _web(sqlite_rollback_on_bad_batch, cat="db"),
    _web(sqlite_user_version_migrations, calls=2, cat="db"),
    _web(sqlite_row_factory_to_json, cat="db"),
    _web(sqlite_two_connections_see_commits, cat="db"),
    _web(sqlite_export_jsonl_and_upload, cat="db"),
    _web(sqlite_wal_reader_and_writer, cat="db"),
    _web(sqlite_backup_then_query_copy, cat="db"),
    _web(sqlite_file_copied_with_shutil, cat="db"),
    # logging and printing
    _web(filehandler_log_read_back),
    _web(two_loggers_one_file),
    _web(print_to_open_report_and_stdout),
    _web(two_helpers_append_one_file),
    _web(open_writer_and_helper_append_same_path),
    _web(jsonl_writer_and_reader_in_one_run),
    # model pipelines
    _oa(summarize_folder_to_files, over(0.15, 0.03, 0.08), setup=_setup_docs),
    _oa(classify_csv_rows_to_csv),
    _oa(answers_jsonl_then_files_create),
    _oa(chat_lines_with_checkpoint, calls=2),
    _oa(chat_cache_in_sqlite, calls=2, cat="db"),
    _oa(embeddings_stored_then_nearest, 4.0, cat="db"),
    _oa(prompt_file_rewritten_between_chats),
    _oa(answers_to_gzip_jsonl, over(0.15, 0.03, 0.08)),
    _oa(chat_then_print_to_results_file, over(0.15, 0.03, 0.08)),
    _oa(chat_and_manifest_per_doc, over(0.15, 0.03, 0.08), setup=_setup_docs),
    _oa(chat_answers_moved_to_archive),
    # async and threads
    Case("files", adownload_all_then_write, servers="web",
         drive=lambda f, env: asyncio.run(f(env.web, str(env.tmp)))),
    Case("files", agather_then_manifest, servers="web", ideal=over(0.15, 0.03),
         drive=lambda f, env: asyncio.run(f(env.web, str(env.tmp)))),
    _web(thread_pool_downloads_then_merge, cat="threads"),
    _web(helper_downloads_to_files, cat="helpers"),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
