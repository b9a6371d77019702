"""Red-team cases (108): plain data-engineering scripts that interleave network reads with
local state.

Each case is a script a data engineer writes: fetch records in a loop with requests, httpx
or urllib from the web server, transform them, and write them with csv.DictWriter, json and
jsonl files, pathlib (read_text/write_text/glob/mkdir/unlink), sqlite3 (one shared
connection, cursor iteration, executemany, commit), tempfile, shutil, gzip, zipfile,
io.StringIO buffers, hashlib digests, uuid/random with a seed and os.environ lookups. The
attacks are ordering ones: a file written then read back within the loop, a row inserted
then selected, a directory listing taken between writes, a checksum over a file after
appends, random draws interleaved with requests. Sibling reads get unequal latencies, slow
first. `FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed (none did); `SHORT_WHY` names the overlap claims not
reached.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import tempfile
import urllib.request
import uuid
import zipfile
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam108")

MS = (150, 40, 90, 30)
KEYS = ("alpha", "beta", "gamma", "delta")
EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def over(*ms: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(ms) / max(ms)


def get_json(web: str, key: str, ms: int) -> dict[str, Any]:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()


# =========================================================================== csv


def csv_dictwriter_after_fetch_loop(web: str, tmp: str) -> str:
    rows = []
    for key, ms in zip(KEYS, MS, strict=False):
        data = get_json(web, key, ms)
        rows.append({"key": data["key"], "value": data["value"].upper()})
    path = Path(tmp) / "out.csv"
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value"])
        w.writeheader()
        w.writerows(rows)
    return path.read_text()


def csv_dictreader_drives_fetches(web: str, tmp: str) -> list[str]:
    with open(Path(tmp) / "input.csv", newline="") as f:
        reader = csv.DictReader(f)
        out = []
        for row in reader:
            data = get_json(web, row["key"], int(row["ms"]))
            out.append(f"{row['key']}={data['value']}")
    return out


def _setup_input_csv(env: Env) -> None:
    with open(env.tmp / "input.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "ms"])
        for key, ms in zip(KEYS, MS, strict=False):
            w.writerow([key, ms])


def csv_stringio_buffer_then_put(web: str) -> list[int]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["key", "value"])
    w.writeheader()
    sizes = []
    for key, ms in zip(KEYS[:3], MS, strict=False):
        w.writerow(get_json(web, key, ms))
        sizes.append(len(buf.getvalue()))
    requests.put(f"{web}/items/report", data=buf.getvalue(), timeout=5)
    return sizes




# =========================================================================== json / jsonl


def jsonl_append_then_reread_last(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "events.jsonl"
    seen = []
    for key, ms in zip(KEYS, MS, strict=False):
        rec = get_json(web, key, ms)
        with path.open("a") as f:
            f.write(json.dumps(rec) + "\n")
        last = json.loads(path.read_text().splitlines()[-1])
        seen.append(last["key"])
    return seen


def json_state_file_checkpoint(web: str, tmp: str) -> dict[str, Any]:
    state = Path(tmp) / "state.json"
    state.write_text(json.dumps({"done": []}))
    for key, ms in zip(KEYS, MS, strict=False):
        st = json.loads(state.read_text())
        if key in st["done"]:
            continue
        get_json(web, key, ms)
        st["done"].append(key)
        state.write_text(json.dumps(st))
    return json.loads(state.read_text())


def json_cache_file_skips_fetch(web: str, tmp: str) -> list[str]:
    cache = Path(tmp) / "cache.json"
    out = []
    for key, ms in (("alpha", 150), ("beta", 40), ("alpha", 90), ("gamma", 30)):
        store = json.loads(cache.read_text()) if cache.exists() else {}
        if key not in store:
            store[key] = get_json(web, key, ms)["value"]
            cache.write_text(json.dumps(store, sort_keys=True))
        out.append(store[key])
    return out


def jsonl_read_lines_fetch_each(web: str, tmp: str) -> list[str]:
    out = []
    for line in (Path(tmp) / "jobs.jsonl").read_text().splitlines():
        job = json.loads(line)
        out.append(get_json(web, job["key"], job["ms"])["value"])
    return out


def _setup_jobs_jsonl(env: Env) -> None:
    (env.tmp / "jobs.jsonl").write_text(
        "".join(json.dumps({"key": k, "ms": m}) + "\n" for k, m in zip(KEYS, MS, strict=False)))


# =========================================================================== pathlib


def pathlib_glob_between_writes(web: str, tmp: str) -> list[list[str]]:
    out_dir = Path(tmp) / "pages"
    out_dir.mkdir()
    listings = []
    for key, ms in zip(KEYS, MS, strict=False):
        (out_dir / f"{key}.txt").write_text(get_json(web, key, ms)["value"])
        listings.append(sorted(p.name for p in out_dir.glob("*.txt")))
    return listings


def pathlib_unlink_then_exists(web: str, tmp: str) -> list[bool]:
    base = Path(tmp)
    for key in KEYS:
        (base / f"{key}.lock").write_text("x")
    states = []
    for key, ms in zip(KEYS, MS, strict=False):
        get_json(web, key, ms)
        (base / f"{key}.lock").unlink()
        states.append(any(base.glob("*.lock")))
    return states


def pathlib_read_text_fed_into_request(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "cursor.txt"
    path.write_text("alpha")
    out = []
    for ms in MS:
        cursor = path.read_text()
        value = get_json(web, cursor, ms)["value"]
        out.append(value)
        path.write_text(value.replace("v-", "n"))
    return out


# =========================================================================== sqlite3


def sqlite_insert_then_select_count(web: str, tmp: str) -> list[int]:
    conn = sqlite3.connect(Path(tmp) / "db.sqlite")
    conn.execute("CREATE TABLE items (key TEXT, value TEXT)")
    counts = []
    for key, ms in zip(KEYS, MS, strict=False):
        value = get_json(web, key, ms)["value"]
        conn.execute("INSERT INTO items VALUES (?, ?)", (key, value))
        counts.append(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    conn.commit()
    conn.close()
    return counts


def sqlite_executemany_after_fetch(web: str, tmp: str) -> list[tuple]:
    rows = [(k, get_json(web, k, ms)["value"]) for k, ms in zip(KEYS, MS, strict=False)]
    conn = sqlite3.connect(Path(tmp) / "db.sqlite")
    conn.execute("CREATE TABLE items (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO items VALUES (?, ?)", rows)
    conn.commit()
    got = conn.execute("SELECT * FROM items ORDER BY key").fetchall()
    conn.close()
    return got


def sqlite_cursor_iteration_drives_fetch(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY rowid"):
        out.append(get_json(web, key, ms)["value"])
    conn.close()
    return out


def sqlite_update_status_per_row(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    todo = conn.execute("SELECT key, ms FROM todo ORDER BY rowid").fetchall()
    for key, ms in todo:
        value = get_json(web, key, ms)["value"]
        conn.execute("UPDATE todo SET status = ?, value = ? WHERE key = ?", ("done", value, key))
        pending = conn.execute("SELECT COUNT(*) FROM todo WHERE status = 'new'").fetchone()[0]
        LOG.info("%s done, %d pending", key, pending)
    conn.commit()
    rows = conn.execute("SELECT key, status FROM todo ORDER BY rowid").fetchall()
    conn.close()
    return rows


def sqlite_select_max_then_fetch_next(web: str, db: str) -> list[int]:
    conn = sqlite3.connect(db)
    seen = []
    for ms in MS:
        (n,) = conn.execute("SELECT COUNT(*) FROM todo").fetchone()
        data = get_json(web, f"page{n}", ms)
        conn.execute("INSERT INTO todo (key, ms, status) VALUES (?, ?, 'new')",
                     (data["key"], ms))
        seen.append(n)
    conn.commit()
    conn.close()
    return seen


def sqlite_commit_per_row_other_connection_reads(web: str, db: str) -> list[int]:
    writer = sqlite3.connect(db)
    reader = sqlite3.connect(db)
    writer.execute("CREATE TABLE IF NOT EXISTS fetched (key TEXT, value TEXT)")
    writer.commit()
    seen = []
    for key, ms in zip(KEYS, MS, strict=False):
        writer.execute("INSERT INTO fetched VALUES (?, ?)", (key, get_json(web, key, ms)["value"]))
        writer.commit()
        seen.append(reader.execute("SELECT COUNT(*) FROM fetched").fetchone()[0])
    writer.close()
    reader.close()
    return seen


def sqlite_rollback_on_bad_status(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS log (key TEXT, code INTEGER)")
    for key, code, ms in (("a", 200, 150), ("b", 500, 40), ("c", 200, 90)):
        r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
        conn.execute("INSERT INTO log VALUES (?, ?)", (key, r.status_code))
        if r.status_code >= 400:
            conn.rollback()
        else:
            conn.commit()
    rows = conn.execute("SELECT * FROM log ORDER BY rowid").fetchall()
    conn.close()
    return rows


def _setup_todo_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "todo.sqlite")
    conn.execute("CREATE TABLE todo (key TEXT, ms INTEGER, status TEXT, value TEXT)")
    conn.executemany("INSERT INTO todo (key, ms, status) VALUES (?, ?, 'new')",
                     list(zip(KEYS, MS, strict=False)))
    conn.commit()
    conn.close()


# =========================================================================== tempfile / shutil


def named_tempfile_written_then_uploaded(web: str, tmp: str) -> list[int]:
    versions = []
    for key, ms in zip(KEYS[:3], MS, strict=False):
        value = get_json(web, key, ms)["value"]
        with tempfile.NamedTemporaryFile("w+", dir=tmp, suffix=".txt", delete=False) as f:
            f.write(value * 3)
            name = f.name
        body = Path(name).read_bytes()
        os.unlink(name)
        versions.append(requests.put(f"{web}/items/up-{key}", data=body,
                                     timeout=5).json()["version"])
    return versions


def shutil_move_archive_each(web: str, tmp: str) -> list[str]:
    inbox = Path(tmp) / "inbox"
    archive = Path(tmp) / "archive"
    inbox.mkdir()
    archive.mkdir()
    moved = []
    for key, ms in zip(KEYS, MS, strict=False):
        (inbox / f"{key}.json").write_text(json.dumps(get_json(web, key, ms)))
        for p in sorted(inbox.glob("*.json")):
            shutil.move(str(p), archive / p.name)
            moved.append(p.name)
    return moved


# =========================================================================== gzip / zipfile


def gzip_append_members_then_read(web: str, tmp: str) -> list[int]:
    path = Path(tmp) / "log.jsonl.gz"
    lens = []
    for key, ms in zip(KEYS, MS, strict=False):
        with gzip.GzipFile(path, "ab", mtime=0) as f:
            f.write((json.dumps(get_json(web, key, ms)) + "\n").encode())
        with gzip.open(path, "rt") as f:
            lens.append(len(f.readlines()))
    return lens




def zipfile_append_then_namelist(web: str, tmp: str) -> list[list[str]]:
    path = Path(tmp) / "bundle.zip"
    names = []
    for key, ms in zip(KEYS, MS, strict=False):
        with zipfile.ZipFile(path, "a") as zf:
            zf.writestr(zipfile.ZipInfo(f"{key}.json", (2024, 1, 1, 0, 0, 0)),
                        json.dumps(get_json(web, key, ms)))
        with zipfile.ZipFile(path) as zf:
            names.append(zf.namelist())
    return names


def zipfile_read_members_fetch_each(web: str, tmp: str) -> list[str]:
    out = []
    with zipfile.ZipFile(Path(tmp) / "in.zip") as zf:
        for name in zf.namelist():
            job = json.loads(zf.read(name))
            out.append(get_json(web, job["key"], job["ms"])["value"])
    return out


def _setup_in_zip(env: Env) -> None:
    with zipfile.ZipFile(env.tmp / "in.zip", "w") as zf:
        for k, m in zip(KEYS, MS, strict=False):
            zf.writestr(zipfile.ZipInfo(f"{k}.json", (2024, 1, 1, 0, 0, 0)),
                        json.dumps({"key": k, "ms": m}))


# =========================================================================== hashlib


def sha256_of_file_after_each_append(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "feed.txt"
    path.touch()
    digests = []
    for key, ms in zip(KEYS, MS, strict=False):
        with path.open("a") as f:
            f.write(get_json(web, key, ms)["value"] + "\n")
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest()[:12])
    return digests


def running_hash_of_responses(web: str) -> str:
    h = hashlib.md5()
    for key, ms in zip(KEYS, MS, strict=False):
        h.update(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).content)
    return h.hexdigest()


def content_addressed_store(web: str, tmp: str) -> list[str]:
    store = Path(tmp) / "cas"
    store.mkdir()
    names = []
    for key, ms in (("alpha", 150), ("beta", 40), ("alpha", 90), ("gamma", 30)):
        body = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).content
        digest = hashlib.sha1(body).hexdigest()
        target = store / digest
        names.append("dup" if target.exists() else "new")
        target.write_bytes(body)
    return names + [str(len(list(store.iterdir())))]


# =========================================================================== random / uuid


def seeded_random_between_requests(web: str) -> list[str]:
    random.seed(7)
    out = []
    for ms in MS:
        key = random.choice(KEYS)
        value = get_json(web, key, ms)["value"]
        out.append(f"{value}:{random.randint(0, 99)}")
    return out


def rng_instance_sample_then_fetch(web: str) -> list[str]:
    rng = random.Random(42)
    picked = rng.sample(KEYS, 3)
    out = [get_json(web, k, ms)["value"] for k, ms in zip(picked, MS, strict=False)]
    rng.shuffle(out)
    return out


def uuid5_ids_for_rows(web: str, tmp: str) -> list[str]:
    ns = uuid.UUID("12345678-1234-5678-1234-567812345678")
    rows = []
    for key, ms in zip(KEYS, MS, strict=False):
        value = get_json(web, key, ms)["value"]
        rows.append({"id": str(uuid.uuid5(ns, value)), "value": value})
    with open(Path(tmp) / "ids.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "value"])
        w.writeheader()
        w.writerows(rows)
    return [r["id"][:8] for r in rows]


# =========================================================================== env / datetime


def environ_prefix_set_between_fetches(web: str) -> list[str]:
    os.environ["RT108_PREFIX"] = "a"
    out = []
    for key, ms in zip(KEYS, MS, strict=False):
        prefix = os.environ.get("RT108_PREFIX", "?")
        out.append(prefix + get_json(web, f"{prefix}-{key}", ms)["value"])
        os.environ["RT108_PREFIX"] = prefix + "b"
    del os.environ["RT108_PREFIX"]
    return out


# =========================================================================== httpx / urllib


def httpx_client_fetch_write_csv(web: str, tmp: str) -> str:
    with httpx.Client(base_url=web, timeout=5) as client:
        rows = [client.get(f"/items/{k}", params={"ms": ms}).json() for k, ms in zip(KEYS, MS, strict=False)]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["key", "value"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (Path(tmp) / "httpx.csv").write_text(buf.getvalue())
    return buf.getvalue()


def httpx_put_then_get_back(web: str) -> list[str]:
    with httpx.Client(timeout=5) as client:
        out = []
        for key, ms in zip(KEYS[:3], MS, strict=False):
            client.put(f"{web}/items/rt-{key}?ms={ms}", content=f"stored {key}")
            out.append(client.get(f"{web}/items/rt-{key}?ms={ms}").json()["value"])
    return out


def urllib_fetch_to_sqlite(web: str, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(Path(tmp) / "u.sqlite")
    conn.execute("CREATE TABLE t (key TEXT, value TEXT)")
    for key, ms in zip(KEYS, MS, strict=False):
        with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}", timeout=5) as resp:
            data = json.loads(resp.read())
        conn.execute("INSERT INTO t VALUES (?, ?)", (data["key"], data["value"]))
    conn.commit()
    rows = conn.execute("SELECT * FROM t ORDER BY rowid").fetchall()
    conn.close()
    return rows


def urllib_post_json_rows(web: str, tmp: str) -> list[int]:
    out = []
    for key, ms in zip(KEYS[:3], MS, strict=False):
        data = get_json(web, key, ms)
        body = json.dumps(data).encode()
        req = urllib.request.Request(f"{web}/items/log", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            out.append(json.loads(resp.read())["version"])
        (Path(tmp) / "last.json").write_bytes(body)
    return out


# =========================================================================== mixed pipelines


def put_items_then_list_keys(web: str) -> list[list[str]]:
    out = []
    for key, ms in zip(KEYS[:3], MS, strict=False):
        value = get_json(web, key, ms)["value"]
        requests.put(f"{web}/items/copy-{key}", data=value, timeout=5)
        out.append(requests.get(f"{web}/items?ms=30", timeout=5).json()["keys"])
    return out


def local_file_then_put_then_delete(web: str, tmp: str) -> list[bool]:
    out = []
    for key, ms in zip(KEYS[:3], MS, strict=False):
        p = Path(tmp) / f"{key}.json"
        p.write_text(json.dumps(get_json(web, key, ms)))
        requests.put(f"{web}/items/bk-{key}", data=p.read_text(), timeout=5)
        r = requests.delete(f"{web}/items/bk-{key}", timeout=5)
        out.append(r.json()["deleted"])
        p.unlink()
    return out + [any(Path(tmp).iterdir())]


def dedupe_with_set_and_seen_file(web: str, tmp: str) -> list[str]:
    seen_path = Path(tmp) / "seen.txt"
    seen_path.write_text("")
    out = []
    for key, ms in (("alpha", 150), ("beta", 40), ("alpha", 90), ("beta", 30)):
        seen = set(seen_path.read_text().split())
        value = get_json(web, key, ms)["value"]
        if value in seen:
            out.append("skip " + key)
            continue
        with seen_path.open("a") as f:
            f.write(value + "\n")
        out.append("keep " + key)
    return out


def fetch_all_then_sorted_report(web: str, tmp: str) -> list[str]:
    results = []
    for key, ms in zip(KEYS, MS, strict=False):
        data = get_json(web, key, ms)
        results.append((len(data["value"]), data["key"]))
    results.sort(reverse=True)
    lines = [f"{k}\t{n}" for n, k in results]
    (Path(tmp) / "report.tsv").write_text("\n".join(lines) + "\n")
    LOG.info("wrote %d lines", len(lines))
    return lines


def paginated_fetch_cursor_in_file(web: str, tmp: str) -> list[str]:
    cursor = Path(tmp) / "cursor"
    cursor.write_text("0")
    pages = []
    while int(cursor.read_text()) < 4:
        n = int(cursor.read_text())
        pages.append(get_json(web, f"page{n}", MS[n])["key"])
        cursor.write_text(str(n + 1))
    return pages


def exception_mid_loop_leaves_partial_file(web: str, tmp: str) -> str:
    path = Path(tmp) / "partial.csv"
    try:
        with path.open("w") as f:
            for key, ms in (("alpha", 150), ("missing-x", 40), ("gamma", 90)):
                r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
                r.raise_for_status()
                f.write(f"{key},{r.json()['value']}\n")
    except requests.HTTPError as e:
        print("stopped:", e.response.status_code)
    return path.read_text()


def open_handle_unflushed_getsize(web: str, tmp: str) -> list[int]:
    path = Path(tmp) / "buffered.txt"
    f = open(path, "w")  # noqa: SIM115 - held open across the loop on purpose
    sizes = []
    for key, ms in zip(KEYS, MS, strict=False):
        f.write(get_json(web, key, ms)["value"] * 900 + "\n")
        sizes.append(os.path.getsize(path))
    f.close()
    return sizes + [os.path.getsize(path)]


def listdir_count_in_next_url(web: str, tmp: str) -> list[str]:
    out_dir = Path(tmp) / "spool"
    out_dir.mkdir()
    keys = []
    for ms in MS:
        n = len(os.listdir(out_dir))
        data = get_json(web, f"part{n}", ms)
        keys.append(data["key"])
        (out_dir / f"{n}.json").write_text(json.dumps(data))
    return keys


def executemany_generator_of_fetches(web: str, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(Path(tmp) / "gen.sqlite")
    conn.execute("CREATE TABLE t (key TEXT, value TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)",
                     ((k, get_json(web, k, ms)["value"]) for k, ms in zip(KEYS, MS, strict=False)))
    conn.commit()
    rows = conn.execute("SELECT * FROM t ORDER BY rowid").fetchall()
    conn.close()
    return rows


def writerows_map_with_progress(web: str, tmp: str) -> str:
    def fetch_row(pair: tuple[str, int]) -> dict[str, Any]:
        data = get_json(web, *pair)
        print("fetched", data["key"])
        return data

    path = Path(tmp) / "mapped.csv"
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value"], lineterminator="\n")
        w.writeheader()
        w.writerows(map(fetch_row, zip(KEYS, MS, strict=False)))
        print("at byte", f.tell())
    return path.read_text()


def _bump_region() -> None:
    os.environ["RT108_REGION"] = os.environ.get("RT108_REGION", "r") + "1"


def _region_url(web: str, key: str, ms: int) -> str:
    return f"{web}/items/{os.environ.get('RT108_REGION', 'r')}-{key}?ms={ms}"


def helper_sets_environ_read_by_next_url(web: str) -> list[str]:
    out = []
    for key, ms in zip(KEYS, MS, strict=False):
        out.append(requests.get(_region_url(web, key, ms), timeout=5).json()["key"])
        _bump_region()
    os.environ.pop("RT108_REGION", None)
    return out


def upload_file_after_each_append(web: str, tmp: str) -> list[int]:
    path = Path(tmp) / "acc.txt"
    path.write_text("")
    versions = []
    for key, ms in zip(KEYS[:3], MS, strict=False):
        with path.open("a") as f:
            f.write(get_json(web, key, ms)["value"] + "\n")
        with path.open("rb") as fh:
            r = requests.post(f"{web}/items/acc", files={"file": ("acc.txt", fh)}, timeout=5)
        versions.append(r.json()["version"])
    return versions


def global_random_shuffle_then_draw_per_fetch(web: str, tmp: str) -> list[str]:
    random.seed(2024)
    keys = list(KEYS)
    random.shuffle(keys)
    path = Path(tmp) / "sample.jsonl"
    out = []
    for key, ms in zip(keys, MS, strict=False):
        value = get_json(web, key, ms)["value"]
        score = round(random.random(), 4)
        with path.open("a") as f:
            f.write(json.dumps({"k": key, "s": score}) + "\n")
        out.append(f"{value}:{score}")
    return out


# =========================================================================== hidden couplings


def urlopen_file_uri_after_write(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "latest.json"
    out = []
    for key, ms in zip(KEYS, MS, strict=False):
        path.write_text(json.dumps(get_json(web, key, ms)))
        with urllib.request.urlopen(path.as_uri()) as resp:
            out.append(json.loads(resp.read())["key"])
    return out


def urlretrieve_same_target_then_read(web: str, tmp: str) -> list[str]:
    target = str(Path(tmp) / "download.json")
    out = []
    for key, ms in zip(KEYS, MS, strict=False):
        urllib.request.urlretrieve(f"{web}/items/{key}?ms={ms}", target)
        out.append(json.loads(Path(target).read_text())["key"])
    return out


def _fetch_logged(web: str, key: str, ms: int, log: Path) -> dict[str, Any]:
    data = get_json(web, key, ms)
    with log.open("a") as f:
        f.write(key + "\n")
    return data


def helper_appends_log_in_comprehension(web: str, tmp: str) -> str:
    log = Path(tmp) / "fetch.log"
    rows = [_fetch_logged(web, k, ms, log) for k, ms in zip(KEYS, MS, strict=False)]
    return log.read_text() + str(len(rows))


def _fetch_into_db(web: str, conn: sqlite3.Connection, key: str, ms: int) -> int:
    value = get_json(web, key, ms)["value"]
    return conn.execute("INSERT INTO t VALUES (?, ?)", (key, value)).lastrowid


def helper_inserts_rowid_in_comprehension(web: str, tmp: str) -> list[int]:
    conn = sqlite3.connect(Path(tmp) / "h.sqlite")
    conn.execute("CREATE TABLE t (key TEXT, value TEXT)")
    ids = [_fetch_into_db(web, conn, k, ms) for k, ms in zip(KEYS, MS, strict=False)]
    conn.commit()
    conn.close()
    return ids


def requests_response_hook_writes_file(web: str, tmp: str) -> str:
    log = Path(tmp) / "hook.log"

    def hook(r: requests.Response, *a: Any, **kw: Any) -> None:
        with log.open("a") as f:
            f.write(r.url.split("/items/")[1] + "\n")

    vals = [requests.get(f"{web}/items/{k}?ms={ms}", hooks={"response": hook}, timeout=5).json()
            for k, ms in zip(KEYS, MS, strict=False)]
    return log.read_text() + str(len(vals))


def httpx_event_hook_appends_jsonl(web: str, tmp: str) -> str:
    log = Path(tmp) / "hx.jsonl"

    def on_response(r: httpx.Response) -> None:
        with log.open("a") as f:
            f.write(json.dumps({"path": r.request.url.path}) + "\n")

    with httpx.Client(event_hooks={"response": [on_response]}, timeout=5) as c:
        vals = [c.get(f"{web}/items/{k}", params={"ms": ms}).json()["value"]
                for k, ms in zip(KEYS, MS, strict=False)]
    return log.read_text() + ",".join(vals)


def generator_consumed_after_files_written(web: str, tmp: str) -> list[str]:
    base = Path(tmp)
    gen = (base.joinpath(k).read_text() + get_json(web, k, ms)["value"]
           for k, ms in zip(KEYS, MS, strict=False))
    for k in KEYS:
        base.joinpath(k).write_text(k.upper() + ":")
    return list(gen)


def map_over_list_grown_before_consumed(web: str) -> list[str]:
    keys = ["alpha", "beta"]
    it = map(lambda k: get_json(web, k, 150 if k == "alpha" else 40)["value"], keys)
    keys.append("gamma")
    return list(it)


def lines_iterated_from_open_handle_appended(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "queue.txt"
    path.write_text("alpha\n")
    out = []
    with path.open() as q:
        for line in q:
            v = get_json(web, line.strip(), 150 if len(out) == 0 else 40)["value"]
            out.append(v)
            if len(out) < 3:
                with path.open("a") as w:
                    w.write(f"n{len(out)}\n")
    return out


def cursor_iteration_break_on_value(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    out = []
    for key, ms in conn.execute("SELECT key, ms FROM todo ORDER BY rowid"):
        value = get_json(web, key, ms)["value"]
        out.append(value)
        if value.endswith("beta"):
            break
    conn.close()
    return out


def two_handles_same_file_unflushed(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "two.txt"
    w = open(path, "w")  # noqa: SIM115 - held open across the loop on purpose
    r = open(path)  # noqa: SIM115
    seen = []
    for key, ms in zip(KEYS, MS, strict=False):
        w.write(get_json(web, key, ms)["value"] + "\n")
        if key in ("beta", "delta"):
            w.flush()
        seen.append(r.read())
    w.close()
    r.close()
    return seen


def csv_reader_on_stringio_filled_in_loop(web: str) -> list[str]:
    buf = io.StringIO()
    out = []
    for key, ms in zip(KEYS, MS, strict=False):
        buf.write(f"{key},{get_json(web, key, ms)['value']}\n")
    buf.seek(0)
    for row in csv.reader(buf):
        out.append(get_json(web, row[1], 30)["key"])
    return out


def fetch_values_then_select_in_comprehension(web: str, db: str) -> list:
    conn = sqlite3.connect(db)
    vals = [get_json(web, k, ms)["value"] for k, ms in zip(KEYS, MS, strict=False)]
    conn.execute("UPDATE todo SET status = 'seen' WHERE key = 'beta'")
    rows = [conn.execute("SELECT status FROM todo WHERE key = ?", (v[2:],)).fetchone()[0]
            for v in vals]
    conn.commit()
    conn.close()
    return rows


def shared_handle_readline_between_gets(web: str, tmp: str) -> list[str]:
    with open(Path(tmp) / "keys.txt") as f:
        a = get_json(web, f.readline().strip(), 150)["value"]
        b = get_json(web, f.readline().strip(), 40)["value"]
        c = get_json(web, f.readline().strip(), 90)["value"]
        rest = f.read()
    return [a, b, c, rest]


def _setup_keys(env: Env) -> None:
    (env.tmp / "keys.txt").write_text("\n".join(KEYS) + "\n")


# =========================================================================== cases


def wt(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def wdb(env: Env) -> tuple:
    return (env.web, str(env.tmp / "todo.sqlite"))


def wo(env: Env) -> tuple:
    return (env.web,)


def _f(fn: Any, ideal: float = 1.0, cat: str = "files", args: Any = wt, **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web", ideal=ideal, **kw)


def _db(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("db", fn, args=wdb, servers="web", ideal=ideal, setup=_setup_todo_db, **kw)


def _h(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=wo, servers="web", ideal=ideal, **kw)


def _clear_env(env: Env) -> None:
    for k in ("RT108_PREFIX", "RT108_SHARDS", "RT108_BASE_MS", "RT108_REGION"):
        os.environ.pop(k, None)


ALL4 = over(*MS)
TOP3 = over(*MS[:3])

CASES: list[Case] = [
    _f(csv_dictwriter_after_fetch_loop, ALL4, overlap=2),
    _f(csv_dictreader_drives_fetches, ALL4, setup=_setup_input_csv, overlap=2),
    _h(csv_stringio_buffer_then_put, (sum(MS[:3]) + 50) / (150 + 50), cat="files", overlap=2),
    _f(jsonl_append_then_reread_last, ALL4),
    _f(json_state_file_checkpoint, ALL4),
    _f(json_cache_file_skips_fetch),
    _f(jsonl_read_lines_fetch_each, ALL4, setup=_setup_jobs_jsonl, overlap=2),
    _f(pathlib_glob_between_writes, ALL4),
    _f(pathlib_unlink_then_exists, ALL4),
    _f(pathlib_read_text_fed_into_request),
    _f(sqlite_insert_then_select_count, ALL4, cat="db"),
    _f(sqlite_executemany_after_fetch, ALL4, cat="db", overlap=2),
    _db(sqlite_cursor_iteration_drives_fetch, ALL4),
    _db(sqlite_update_status_per_row, ALL4),
    _db(sqlite_select_max_then_fetch_next),
    Case("db", sqlite_commit_per_row_other_connection_reads,
         args=lambda env: (env.web, str(env.tmp / "c.sqlite")), servers="web", ideal=ALL4),
    Case("db", sqlite_rollback_on_bad_status,
         args=lambda env: (env.web, str(env.tmp / "r.sqlite")), servers="web", ideal=TOP3),
    _f(named_tempfile_written_then_uploaded),
    _f(shutil_move_archive_each, ALL4),
    _f(gzip_append_members_then_read, ALL4),
    _f(zipfile_append_then_namelist, ALL4),
    _f(zipfile_read_members_fetch_each, ALL4, setup=_setup_in_zip, overlap=2),
    _f(sha256_of_file_after_each_append, ALL4),
    _h(running_hash_of_responses, ALL4, overlap=2),
    _f(content_addressed_store, over(150, 40, 90, 30)),
    _h(seeded_random_between_requests, ALL4, cat="state"),
    _h(rng_instance_sample_then_fetch, TOP3, cat="state", overlap=2),
    _f(uuid5_ids_for_rows, ALL4, overlap=2),
    _h(environ_prefix_set_between_fetches, ALL4, cat="state", setup=_clear_env),
    _f(httpx_client_fetch_write_csv, ALL4, cat="http", overlap=2),
    _h(httpx_put_then_get_back),
    _f(urllib_fetch_to_sqlite, ALL4, cat="db"),
    _f(urllib_post_json_rows),
    _h(put_items_then_list_keys),
    _f(local_file_then_put_then_delete),
    _f(dedupe_with_set_and_seen_file, ALL4),
    _f(fetch_all_then_sorted_report, ALL4, overlap=2),
    _f(paginated_fetch_cursor_in_file),
    _f(exception_mid_loop_leaves_partial_file, speculative_reads=True, cat="validation"),
    _f(open_handle_unflushed_getsize, ALL4),
    _f(listdir_count_in_next_url),
    _f(executemany_generator_of_fetches, ALL4, cat="db"),
    _f(writerows_map_with_progress, ALL4),
    _h(helper_sets_environ_read_by_next_url, cat="state", setup=_clear_env),
    _f(upload_file_after_each_append),
    _f(global_random_shuffle_then_draw_per_fetch, ALL4, cat="state"),
    _f(urlopen_file_uri_after_write, ALL4),
    _f(urlretrieve_same_target_then_read, ALL4),
    _f(helper_appends_log_in_comprehension, ALL4),
    _f(helper_inserts_rowid_in_comprehension, ALL4, cat="db"),
    _f(requests_response_hook_writes_file, ALL4, cat="http"),
    _f(httpx_event_hook_appends_jsonl, ALL4, cat="http"),
    _f(generator_consumed_after_files_written, ALL4),
    _h(map_over_list_grown_before_consumed, cat="state"),
    _f(lines_iterated_from_open_handle_appended),
    _db(cursor_iteration_break_on_value),
    _f(two_handles_same_file_unflushed, ALL4),
    _h(csv_reader_on_stringio_filled_in_loop, (sum(MS) + 4 * 30) / (150 + 4 * 30),
       cat="files", overlap=2),
    _db(fetch_values_then_select_in_comprehension, ALL4, overlap=2),
    _f(shared_handle_readline_between_gets, over(150, 40, 90), setup=_setup_keys),
]

FAILING_WHY: dict[str, str] = {
}

# Overlap claims not reached when written (behaviour the same; the GETs run one by one).
SHORT_WHY: dict[str, str] = {
    "csv_dictwriter_after_fetch_loop": "1/2: `data['value'].upper()` in the appended dict keeps "
    "the loop serial (the same loop without .upper() overlaps 4/4)",
    "uuid5_ids_for_rows": "1/2: uuid.uuid5(ns, value) on the fetched value keeps the loop serial "
    "(a bare comprehension of uuid5(ns, get(..)) is 1/2 too)",
    "rng_instance_sample_then_fetch": "1/2: the keys come from random.Random(42).sample(..), a "
    "list whose elements' type is not known; list(KEYS[:3]) in its place overlaps 3/3",
    "csv_dictreader_drives_fetches": "1/2: the loop iterates a csv.DictReader over an open file "
    "(each row read lazily from the handle), int(row['ms']) in the URL",
    "csv_stringio_buffer_then_put": "1/2: w.writerow(get_json(..)) writes each response into a "
    "DictWriter on a StringIO in the loop body",
    "zipfile_read_members_fetch_each": "1/2: zf.read(name) of an open ZipFile inside the loop "
    "feeds each GET",
    "running_hash_of_responses": "1/2: h.update(resp.content) on one hashlib object per "
    "iteration: the updates must stay in order, the GETs need not",
    "httpx_client_fetch_write_csv": "1/2: httpx.Client(base_url=..).get(.., params=..) in a "
    "comprehension inside `with httpx.Client(..)` runs one by one",
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
