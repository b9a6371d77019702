"""Red-team cases (stop 36): a fresh corpus written without reading the other case modules,
as a check of how the JIT generalises to code it was not tuned on.

Each function is written the way everyday code is: scripts, eval and agent loops, small
services, data pipelines, retries in try/except, ``while next_url:`` paging, progress
prints, counters and dict accumulators, early returns. They use the openai and anthropic
SDKs on the API server, requests, httpx, urllib and http.client on the web server, raw
sockets on the line server, sqlite3, files, threads, caches, generators and sleeps.

Sibling calls get unequal latencies, slow first (``?ms=`` on the web server and the line
server, the simulator's ``latency`` field on the API server), so a schedule that overlaps
what must not lets the faster one's effects come first. Each case's `ideal` is the plain
serial time over the critical path a sound schedule could reach (reads between two writes
may overlap; a write waits for what came before it; prints and log records keep their
order). Module state (a cache, a counter) is reset by each case's `setup`; nothing is
registered with a library at import. `FAILING` holds the cases that differed or crashed
under jit when written, each with what differed.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import dataclasses
import functools
import http.client
import itertools
import json
import os
import queue
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import (
    CLIENT_CPU,
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam36")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# =========================================================================== sdk


def eval_loop_prints_progress(client: Any) -> dict[str, Any]:
    dataset = [
        ("What is the boiling point of water?", "water", 0.15),
        ("Name a prime number below ten.", "prime", 0.03),
        ("Which planet is called the red planet?", "planet", 0.08),
    ]
    correct = 0
    results = []
    for i, (question, expected, lat) in enumerate(dataset, 1):
        resp = client.chat.completions.create(
            model="gpt", messages=ask(question), temperature=0, extra_body={"latency": lat})
        answer = resp.choices[0].message.content
        ok = expected in answer.lower()
        correct += ok
        results.append({"q": question[:20], "ok": ok, "tokens": resp.usage.total_tokens})
        print(f"[{i}/{len(dataset)}] {'PASS' if ok else 'FAIL'} {question[:30]}")
    print(f"accuracy: {correct / len(dataset):.2%}")
    return {"accuracy": correct / len(dataset), "results": results}


def anthropic_summarise_then_batch(client: Any) -> dict[str, Any]:
    docs = {"report-q1": 0.15, "report-q2": 0.03, "report-q3": 0.08}
    summaries = {}
    for name, lat in docs.items():
        msg = client.messages.create(
            model="claude", max_tokens=64,
            messages=ask(f"Summarise {name} in one line"), extra_body={"latency": lat})
        summaries[name] = msg.content[0].text[:40]
    batch = client.messages.batches.create(requests=[
        {"custom_id": name, "params": {"model": "claude", "max_tokens": 32,
                                       "messages": ask(f"Critique: {s}")}}
        for name, s in summaries.items()])
    listing = client.messages.batches.list()
    return {"summaries": summaries, "batch": batch.id,
            "processing": batch.request_counts.processing,
            "listed": [b.id for b in listing.data]}


def openai_upload_notes_then_ask(client: Any) -> list[str]:
    uploaded = []
    for name in ("notes-a.txt", "notes-b.txt"):
        f = client.files.create(file=(name, f"contents of {name}".encode()),
                                purpose="assistants")
        uploaded.append(f.id)
    names = [f.filename for f in client.files.list().data]
    answers = []
    for fid, lat in zip(uploaded, (0.15, 0.04), strict=True):
        r = client.chat.completions.create(
            model="gpt-mini", messages=ask(f"What is in {fid}?"), extra_body={"latency": lat})
        answers.append(r.choices[0].message.content[:30])
    return names + answers


def embed_with_cache_and_rank(client: Any) -> list[tuple[str, float]]:
    cache: dict[str, list[float]] = {}

    def embed(text: str, ms: int) -> list[float]:
        if text not in cache:
            r = client.embeddings.create(model="emb", input=text, extra_query={"ms": ms})
            cache[text] = r.data[0].embedding
        return cache[text]

    query = embed("how do I reset my password", 150)
    docs = [("reset password via settings", 30), ("billing and invoices", 80),
            ("reset password via settings", 30), ("contact support", 20)]
    scored = []
    for doc, ms in docs:
        v = embed(doc, ms)
        score = sum(a * b for a, b in zip(query, v, strict=True))
        scored.append((doc, round(score, 4)))
    scored.sort(key=lambda t: -t[1])
    return scored


def agent_loop_with_web_tools(client: Any, web: str) -> tuple[int, str]:
    history = ask("Plan a weekend trip")
    for step in range(4):
        reply = client.chat.completions.create(model="gpt", messages=history,
                                               extra_body={"latency": 0.05})
        thought = reply.choices[0].message.content
        history.append({"role": "assistant", "content": thought[:40]})
        weather = requests.get(f"{web}/items/weather-{step}?ms=120", timeout=5).json()
        flights = requests.get(f"{web}/items/flights-{step}?ms=30", timeout=5).json()
        observation = f"weather={weather['value']} flights={flights['value']}"
        history.append({"role": "user", "content": observation})
        if step >= 1 and "flights-1" in observation:
            break
    return len(history), history[-1]["content"]


# =========================================================================== http


def requests_paging_while_next(web: str) -> dict[str, Any]:
    # seed a linked list of pages, then walk it, then fetch each page's details
    chain = ["p1", "p2", "p3", ""]
    for here, nxt in itertools.pairwise(chain):
        requests.put(f"{web}/items/{here}", data=nxt, timeout=5).raise_for_status()
    seen = []
    next_url = f"{web}/items/p1"
    while next_url:
        page = requests.get(next_url, timeout=5).json()
        seen.append(page["key"])
        next_url = f"{web}/items/{page['value']}" if page["value"] else None
    details = {}
    for key, ms in zip(seen, (150, 20, 60), strict=True):
        details[key] = requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text.count("line")
    return {"pages": seen, "details": details}


def httpx_client_retry_on_503(client: httpx.Client) -> dict[str, Any]:
    out: dict[str, Any] = {}
    attempts = 0
    for attempt in range(3):
        attempts += 1
        try:
            r = client.get("/status/503")
            r.raise_for_status()
            out["flaky"] = r.json()
            break
        except httpx.HTTPStatusError as exc:
            print(f"attempt {attempt + 1} failed: {exc.response.status_code}")
    else:
        out["flaky"] = None
    out["attempts"] = attempts
    out["user"] = client.get("/items/user-7", params={"ms": 150}).json()["value"]
    out["prefs"] = client.get("/items/prefs-7", params={"ms": 20}).json()["value"]
    return out


def urllib_word_counts(web: str) -> dict[str, int]:
    counts: collections.Counter[str] = collections.Counter()
    for key, ms in (("alpha", 150), ("beta", 20), ("gamma", 60)):
        with urllib.request.urlopen(f"{web}/text/{key}?ms={ms}", timeout=5) as resp:
            body = resp.read().decode()
        counts.update(body.split())
    return dict(counts.most_common(4))


def http_client_keepalive_put_get(web: str) -> list[Any]:
    u = urllib.parse.urlsplit(web)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    out = []
    try:
        for key, val in (("cfg-a", "on"), ("cfg-b", "off")):
            conn.request("PUT", f"/items/{key}", body=val)
            resp = conn.getresponse()
            out.append((resp.status, json.loads(resp.read())["version"]))
        for key in ("cfg-a", "cfg-b"):
            conn.request("GET", f"/items/{key}")
            resp = conn.getresponse()
            out.append(json.loads(resp.read())["value"])
    finally:
        conn.close()
    return out


def requests_session_sync_records(session: requests.Session, web: str) -> dict[str, Any]:
    local = {"u1": "alice", "u2": "bob", "u3": "carol"}
    remote = {}
    for key, ms in (("u1", 150), ("u2", 20), ("u3", 60)):
        remote[key] = session.get(f"{web}/items/{key}", params={"ms": ms}).json()["value"]
    changed = [k for k in local if remote[k] != local[k]]
    for k in changed:
        r = session.put(f"{web}/items/{k}", data=local[k])
        print("updated", k, r.status_code)
    final = session.get(f"{web}/items").json()
    return {"changed": changed, "keys": final["keys"], "writes": final["writes"]}


# =========================================================================== socket


def _cmd(sock: socket.socket, line: str) -> str:
    sock.sendall((line + "\n").encode())
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = sock.recv(1024)
        if not chunk:
            raise ConnectionError("server closed")
        buf += chunk
    return buf.decode().strip()


def socket_lookup_each_key(addr: tuple[str, int]) -> dict[str, str]:
    found = {}
    for key, ms in (("host-a", 150), ("host-b", 20), ("host-c", 60)):
        s = socket.create_connection(addr, timeout=5)
        try:
            found[key] = _cmd(s, f"GET {key} ms={ms}")
        finally:
            s.close()
    return found


def socket_set_then_get_one_conn(addr: tuple[str, int]) -> list[str]:
    with socket.create_connection(addr, timeout=5) as s:
        replies = [_cmd(s, "SET mode fast"), _cmd(s, "SET level 3")]
        replies.append(_cmd(s, "GET mode"))
        replies.append(_cmd(s, "GET level"))
    return replies


def socket_makefile_until_match(addr: tuple[str, int]) -> tuple[int, str | None]:
    s = socket.create_connection(addr, timeout=5)
    f = s.makefile("rw", encoding="utf-8", newline="\n")
    tried = 0
    hit = None
    try:
        for name in ("shard-1", "shard-2", "shard-3", "shard-4"):
            f.write(f"GET {name}\n")
            f.flush()
            tried += 1
            value = f.readline().strip()
            if value.endswith("2"):
                hit = value
                break
    finally:
        f.close()
        s.close()
    return tried, hit


def socket_echo_three_servers_view(addr: tuple[str, int]) -> list[str]:
    # three independent connections, like three replicas; slow one first
    conns = [socket.create_connection(addr, timeout=5) for _ in range(3)]
    out = []
    try:
        for c, (msg, ms) in zip(conns, (("hello-1", 150), ("hello-2", 20), ("hello-3", 60)),
                                strict=True):
            out.append(_cmd(c, f"ECHO {msg} ms={ms}"))
    finally:
        for c in conns:
            c.close()
    return out


# =========================================================================== db


def sqlite_ingest_fetched(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, value TEXT)")
        for key, ms in (("sku-1", 150), ("sku-2", 20), ("sku-3", 60)):
            data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
            conn.execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (data["key"], data["value"]))
        conn.commit()
        return conn.execute("SELECT key, value FROM items ORDER BY key").fetchall()
    finally:
        conn.close()


def _setup_users_db(env: Env) -> None:
    with contextlib.closing(sqlite3.connect(env.tmp / "users.db")) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score INT)")
        conn.executemany("INSERT INTO users (name, score) VALUES (?, ?)",
                         [("ann", 0), ("ben", 0), ("cat", 0)])
        conn.commit()


def sqlite_rows_drive_requests(web: str, db: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    out = []
    delays = {"ann": 150, "ben": 20, "cat": 60}
    for row in conn.execute("SELECT id, name FROM users ORDER BY id"):
        r = requests.get(f"{web}/items/{row['name']}?ms={delays[row['name']]}", timeout=5)
        out.append({"id": row["id"], "remote": r.json()["value"]})
    conn.close()
    return out


def sqlite_update_scores_from_api(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    cur = conn.cursor()
    names = [n for (n,) in cur.execute("SELECT name FROM users ORDER BY id")]
    for name, ms in zip(names, (150, 20, 60), strict=True):
        body = requests.get(f"{web}/text/{name}?ms={ms}", timeout=5).text
        cur.execute("UPDATE users SET score = score + ? WHERE name = ?", (len(body), name))
    conn.commit()
    rows = cur.execute("SELECT name, score FROM users ORDER BY score DESC, name").fetchall()
    conn.close()
    return rows


def sqlite_rollback_on_duplicate(web: str, db: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    errors = []
    for batch in (["dan", "eve"], ["fay", "ann"], ["gus"]):
        try:
            with conn:
                for name in batch:
                    conn.execute("INSERT INTO users (name, score) VALUES (?, 0)", (name,))
                    if conn.execute("SELECT COUNT(*) FROM users WHERE name = ?",
                                    (name,)).fetchone()[0] > 1:
                        raise sqlite3.IntegrityError(f"duplicate {name}")
        except sqlite3.IntegrityError as exc:
            errors.append(str(exc))
    remote = [requests.get(f"{web}/items/{n}?ms={ms}", timeout=5).json()["value"]
              for n, ms in (("dan", 150), ("gus", 30))]
    names = [n for (n,) in conn.execute("SELECT name FROM users ORDER BY id")]
    conn.close()
    return {"errors": errors, "names": names, "remote": remote}


# =========================================================================== files


def files_dump_each_record(web: str, out_dir: str) -> list[str]:
    out = Path(out_dir) / "records"
    out.mkdir(exist_ok=True)
    for key, ms in (("rec-1", 150), ("rec-2", 20), ("rec-3", 60)):
        data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
        (out / f"{key}.json").write_text(json.dumps(data, indent=2))
    return sorted(os.listdir(out))


def files_append_progress_log(web: str, out_dir: str) -> int:
    log_path = os.path.join(out_dir, "sync.log")
    n = 0
    with open(log_path, "a") as log:
        for key, ms in (("job-x", 150), ("job-y", 20), ("job-z", 60)):
            log.write(f"start {key}\n")
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            log.write(f"done {key} {r.status_code} {r.json()['value']}\n")
            n += 1
    return n


def _setup_orders_csv(env: Env) -> None:
    with open(env.tmp / "orders.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["order", "sku", "qty", "ms"])
        w.writerows([["o1", "sku-9", 2, 150], ["o2", "sku-4", 1, 20], ["o3", "sku-9", 5, 60]])


def files_csv_orders_enriched(web: str, out_dir: str) -> dict[str, int]:
    totals: dict[str, int] = collections.defaultdict(int)
    with open(os.path.join(out_dir, "orders.csv"), newline="") as f:
        for row in csv.DictReader(f):
            item = requests.get(f"{web}/items/{row['sku']}?ms={row['ms']}", timeout=5).json()
            totals[item["value"]] += int(row["qty"])
    with open(os.path.join(out_dir, "totals.csv"), "w", newline="") as f:
        w = csv.writer(f)
        for k, v in sorted(totals.items()):
            w.writerow([k, v])
    return dict(totals)


def _setup_urls_txt(env: Env) -> None:
    (env.tmp / "todo.txt").write_text("# keys to check\ncity-1 150\ncity-2 20\n\ncity-3 60\n"
                                      "STOP\ncity-4 10\n")


def files_readline_until_stop(web: str, out_dir: str) -> list[str]:
    results = []
    with open(os.path.join(out_dir, "todo.txt")) as f:
        while True:
            line = f.readline()
            if not line:
                break
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "STOP":
                break
            key, ms = line.split()
            results.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return results


# =========================================================================== threads


def threads_worker_queue(web: str) -> dict[str, str]:
    q: queue.Queue[tuple[str, int] | None] = queue.Queue()
    results: dict[str, str] = {}
    lock = threading.Lock()

    def worker() -> None:
        while True:
            item = q.get()
            if item is None:
                q.task_done()
                return
            key, ms = item
            v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
            with lock:
                results[key] = v
            q.task_done()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for t in workers:
        t.start()
    for item in (("w1", 150), ("w2", 20), ("w3", 60), ("w4", 30)):
        q.put(item)
    for _ in workers:
        q.put(None)
    q.join()
    for t in workers:
        t.join()
    return dict(sorted(results.items()))


def threads_event_then_fetch(web: str) -> list[str]:
    ready = threading.Event()
    box: dict[str, str] = {}

    def warm_up() -> None:
        box["token"] = requests.get(f"{web}/items/token?ms=80", timeout=5).json()["value"]
        ready.set()

    t = threading.Thread(target=warm_up, daemon=True)
    t.start()
    if not ready.wait(timeout=5):
        raise TimeoutError("warm-up did not finish")
    out = [box["token"]]
    for key, ms in (("after-1", 150), ("after-2", 20)):
        out.append(requests.get(f"{web}/items/{key}?ms={ms}",
                                headers={"X-Token": box["token"]}, timeout=5).json()["value"])
    t.join()
    return out


def threads_pool_then_serial_tail(web: str) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    def fetch(key: str) -> str:
        return requests.get(f"{web}/items/{key}?ms=60", timeout=5).json()["value"]

    with ThreadPoolExecutor(max_workers=3) as pool:
        batch = list(pool.map(fetch, ["b1", "b2", "b3"]))
    tail = []
    for key, ms in (("t1", 150), ("t2", 20), ("t3", 60)):
        tail.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return {"batch": batch, "tail": tail}


def threads_background_counter(web: str) -> tuple[int, list[str]]:
    lock = threading.Lock()
    stop = threading.Event()
    ticks = [0]

    def heartbeat() -> None:
        while not stop.is_set():
            with lock:
                ticks[0] += 1
            stop.wait(0.01)

    hb = threading.Thread(target=heartbeat)
    hb.start()
    got = []
    try:
        for key, ms in (("hb-1", 150), ("hb-2", 20), ("hb-3", 60)):
            got.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    finally:
        stop.set()
        hb.join()
    return (1 if ticks[0] > 0 else 0), got


# =========================================================================== state

_PROFILE_CACHE: dict[str, str] = {}
_CALLS = collections.Counter()


def _reset_state(env: Env) -> None:
    _PROFILE_CACHE.clear()
    _CALLS.clear()
    cached_price.cache_clear()


@functools.lru_cache(maxsize=128)
def cached_price(web: str, sku: str, ms: int) -> str:
    _CALLS["price"] += 1
    return requests.get(f"{web}/items/{sku}?ms={ms}", timeout=5).json()["value"]


def lru_cached_prices_basket(web: str) -> dict[str, Any]:
    basket = [("apple", 150), ("pear", 20), ("apple", 150), ("plum", 60), ("pear", 20)]
    prices = [cached_price(web, sku, ms) for sku, ms in basket]
    return {"prices": prices, "fetches": _CALLS["price"],
            "hits": cached_price.cache_info().hits}


def get_profile(web: str, user: str, ms: int) -> str:
    if user in _PROFILE_CACHE:
        return _PROFILE_CACHE[user]
    _CALLS["profile"] += 1
    value = requests.get(f"{web}/items/{user}?ms={ms}", timeout=5).json()["value"]
    _PROFILE_CACHE[user] = value
    return value


def dict_cache_profiles_with_counter(web: str) -> tuple[list[str], int]:
    seen = []
    for user, ms in (("ua", 150), ("ub", 20), ("ua", 150), ("uc", 60)):
        seen.append(get_profile(web, user, ms))
    return seen, _CALLS["profile"]


def numbered_urls(web: str, n: int):
    ids = itertools.count(1)
    for ms in (150, 20, 60, 40)[:n]:
        yield next(ids), f"{web}/items/gen-{ms}?ms={ms}"


def generator_pipeline_counts(web: str) -> dict[str, Any]:
    status = collections.Counter()
    values = []
    for idx, u in numbered_urls(web, 4):
        r = requests.get(u, timeout=5)
        status[r.status_code] += 1
        values.append(f"{idx}:{r.json()['value']}")
    return {"status": dict(status), "values": values}


def lazy_fetch(web: str, keys: list[str]):
    for k in keys:
        yield requests.get(f"{web}/items/{k}?ms=40", timeout=5).json()


def generator_take_until_found(web: str) -> tuple[int, str]:
    n = 0
    for item in lazy_fetch(web, ["lz-1", "lz-2", "lz-3", "lz-4", "lz-5"]):
        n += 1
        if item["value"].endswith("3"):
            return n, item["key"]
    return n, ""


# =========================================================================== sleep


def simulate_work(name: str, seconds: float) -> str:
    time.sleep(seconds)  # stands in for a slow computation or a call we don't have yet
    return name.upper()


def sleep_as_latency_stubs() -> list[str]:
    parts = []
    for name, secs in (("parse", 0.15), ("tokenize", 0.02), ("embed", 0.06)):
        parts.append(simulate_work(name, secs))
    return parts


def rate_limited_gets(web: str) -> list[str]:
    out = []
    for i, key in enumerate(["rl-1", "rl-2", "rl-3", "rl-4"]):
        if i:
            time.sleep(0.1)  # the API allows 10 requests a second
        out.append(requests.get(f"{web}/items/{key}", timeout=5).json()["value"])
    return out


def poll_job_until_done(web: str) -> dict[str, Any]:
    job = requests.post(f"{web}/jobs", json={"task": "resize"}, timeout=5).json()
    polls = 0
    while True:
        time.sleep(0.05)
        polls += 1
        status = requests.get(f"{web}/jobs/{job['id']}", timeout=5).json()["status"]
        print(f"poll {polls}: {status}")
        if status == "done":
            break
        if polls > 10:
            raise TimeoutError("job never finished")
    return {"id": job["id"], "polls": polls}


def retry_backoff_with_side_lookup(web: str, addr: tuple[str, int]) -> dict[str, Any]:
    s = socket.create_connection(addr, timeout=5)
    try:
        profile = _cmd(s, "GET profile ms=200")
    finally:
        s.close()
    delay = 0.05
    last = None
    for attempt in range(3):
        r = requests.get(f"{web}/status/503", timeout=5)
        last = r.status_code
        if r.ok:
            break
        if attempt < 2:
            time.sleep(delay)
            delay *= 2
    return {"profile": profile, "last": last}


# =========================================================================== validation


def validate_then_fetch(web: str, keys: list[str]) -> dict[str, str]:
    for k in keys:
        if not k or not k.replace("-", "").isalnum():
            raise ValueError(f"bad key: {k!r}")
    out = {}
    for k, ms in zip(keys, (150, 20, 60), strict=False):
        out[k] = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
    return out


def fetch_all_raise_on_missing(web: str) -> list[str]:
    values = []
    for key, ms in (("ok-1", 150), ("missing-2", 20), ("ok-3", 60)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        if r.status_code == 404:
            raise LookupError(f"{key} not found after {len(values)} items")
        values.append(r.json()["value"])
    return values


def first_healthy_mirror(web: str) -> str | None:
    for code, mirror in ((500, "eu"), (503, "us"), (200, "asia"), (200, "au")):
        r = requests.get(f"{web}/status/{code}", timeout=5)
        if r.status_code == 200:
            return mirror
        LOG.warning("mirror %s unhealthy: %s", mirror, r.status_code)
    return None


@dataclasses.dataclass
class Reading:
    sensor: str
    value: str

    def __post_init__(self) -> None:
        if not self.value.startswith("v-"):
            raise ValueError(f"bad reading for {self.sensor}: {self.value}")


def collect_readings_skip_bad(web: str) -> dict[str, Any]:
    good, bad = [], []
    for sensor, ms in (("s-1", 150), ("missing-s2", 20), ("s-3", 60)):
        try:
            r = requests.get(f"{web}/items/{sensor}?ms={ms}", timeout=5)
            r.raise_for_status()
            good.append(Reading(sensor, r.json()["value"]))
        except requests.HTTPError as exc:
            bad.append((sensor, exc.response.status_code))
        except ValueError as exc:
            bad.append((sensor, str(exc)))
    return {"good": [dataclasses.astuple(g) for g in good], "bad": bad}


# =========================================================================== fanout
# Run in a child under a low RLIMIT_NOFILE: what the JIT keeps open at once must fit.


def fanout_requests_many(web: str) -> int:
    total = 0
    for i in range(40):
        r = requests.get(f"{web}/items/fan-{i}", timeout=5)
        total += len(r.json()["value"])
    return total


def fanout_sockets_many(addr: tuple[str, int]) -> list[str]:
    out = []
    for i in range(40):
        with socket.create_connection(addr, timeout=5) as s:
            out.append(_cmd(s, f"GET node-{i}"))
    return out[:3] + out[-2:]


def fanout_urlopen_to_files(web: str, out_dir: str) -> int:
    written = 0
    for i in range(30):
        with urllib.request.urlopen(f"{web}/text/doc-{i}", timeout=5) as resp:
            data = resp.read()
        with open(os.path.join(out_dir, f"doc-{i}.txt"), "wb") as f:
            written += f.write(data)
    return written


# =========================================================================== ensemble


class Judge:
    def __init__(self, client: Any, model: str, latency: float) -> None:
        self.client = client
        self.model = model
        self.latency = latency

    def score(self, answer: str) -> int:
        r = self.client.chat.completions.create(
            model=self.model, messages=ask(f"Rate 1-10: {answer}"),
            extra_body={"latency": self.latency})
        return len(r.choices[0].message.content) % 10 + 1


def ensemble_judges_average(client: Any) -> dict[str, Any]:
    judges = [Judge(client, "gpt", 0.15), Judge(client, "gpt-mini", 0.03),
              Judge(client, "judge", 0.08)]
    scores = [j.score("Paris is the capital of France") for j in judges]
    return {"scores": scores, "mean": sum(scores) / len(scores)}


def ensemble_majority_vote(client: Any) -> tuple[str, dict[str, int]]:
    models = [{"name": "gpt", "lat": 0.15}, {"name": "gpt-mini", "lat": 0.03},
              {"name": "judge", "lat": 0.08}, {"name": "gpt", "lat": 0.05}]
    votes: dict[str, int] = {}
    for m in models:
        r = client.chat.completions.create(model=m["name"], messages=ask("yes or no?"),
                                           extra_body={"latency": m["lat"]})
        label = r.choices[0].message.content.split()[0]
        votes[label] = votes.get(label, 0) + 1
    winner = max(votes, key=votes.get)
    return winner, votes


class Endpoint:
    instances_refreshed = 0

    def __init__(self, base: str, name: str, ms: int) -> None:
        self.base, self.name, self.ms = base, name, ms
        self.value: str | None = None

    def refresh(self) -> Endpoint:
        self.value = requests.get(f"{self.base}/items/{self.name}?ms={self.ms}",
                                  timeout=5).json()["value"]
        Endpoint.instances_refreshed += 1
        return self


def _reset_endpoint(env: Env) -> None:
    Endpoint.instances_refreshed = 0


def ensemble_refresh_objects(web: str) -> tuple[list[str | None], int]:
    eps = [Endpoint(web, "ep-a", 150), Endpoint(web, "ep-b", 20), Endpoint(web, "ep-c", 60)]
    for ep in eps:
        ep.refresh()
    return [e.value for e in eps], Endpoint.instances_refreshed


def ensemble_two_providers(oa: Any, an: Any) -> list[str]:
    members = [("openai", "gpt", 0.15), ("anthropic", "claude", 0.03),
               ("openai", "gpt-mini", 0.08)]
    out = []
    for provider, model, lat in members:
        if provider == "openai":
            r = oa.chat.completions.create(model=model, messages=ask("Best pizza topping?"),
                                           extra_body={"latency": lat})
            out.append(r.choices[0].message.content[:25])
        else:
            m = an.messages.create(model=model, max_tokens=40,
                                   messages=ask("Best pizza topping?"),
                                   extra_body={"latency": lat})
            out.append(m.content[0].text[:25])
    return out


# =========================================================================== helpers


def get_json(url: str) -> dict[str, Any]:
    r = requests.get(url, timeout=5)
    r.raise_for_status()
    return r.json()


def put_value(url: str, value: str) -> int:
    r = requests.put(url, data=value, timeout=5)
    r.raise_for_status()
    return r.json()["version"]


def helpers_read_modify_write(web: str) -> list[Any]:
    a = get_json(f"{web}/items/counter-a?ms=150")
    b = get_json(f"{web}/items/counter-b?ms=20")
    va = put_value(f"{web}/items/counter-a", a["value"] + "+1")
    vb = put_value(f"{web}/items/counter-b", b["value"] + "+1")
    after = get_json(f"{web}/items/counter-a")
    return [va, vb, after["value"]]


def fetch_noisy(web: str, key: str, ms: int) -> str:
    print(f"fetching {key} ...")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print(f"  got {value}")
    return value


def helpers_that_print(web: str) -> list[str]:
    return [fetch_noisy(web, k, ms) for k, ms in (("n-1", 150), ("n-2", 20), ("n-3", 60))]


def fetch_logged(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    LOG.info("GET %s -> %s", key, r.status_code)
    return r.json()["value"]


def helpers_log_each_fetch(web: str) -> dict[str, str]:
    out = {}
    for k, ms in (("lg-1", 150), ("lg-2", 20), ("lg-3", 60)):
        out[k] = fetch_logged(web, k, ms)
    LOG.info("fetched %d keys", len(out))
    return out


class Store:
    def __init__(self, base: str) -> None:
        self.base = base
        self.hits = 0

    def get(self, key: str, ms: int = 50) -> str:
        self.hits += 1
        return requests.get(f"{self.base}/items/{key}?ms={ms}", timeout=5).json()["value"]

    def save(self, key: str, value: str) -> None:
        requests.put(f"{self.base}/items/{key}", data=value, timeout=5).raise_for_status()


def helpers_store_methods(web: str) -> dict[str, Any]:
    store = Store(web)
    x = store.get("st-x", 150)
    y = store.get("st-y", 20)
    store.save("st-sum", f"{x}|{y}")
    z = store.get("st-sum")
    return {"x": x, "y": y, "z": z, "hits": store.hits}


# =========================================================================== clients


def clients_openai_made_here(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=f"{api}/v1", max_retries=0)
    out = []
    for topic, lat in (("volcanoes", 0.3), ("glaciers", 0.1), ("deserts", 0.2)):
        r = client.chat.completions.create(model="gpt", messages=ask(f"One fact on {topic}"),
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:30])
    client.close()
    return out


def clients_anthropic_with_block(api: str) -> dict[str, str]:
    with anthropic.Anthropic(api_key=DUMMY_KEY, base_url=f"{api}/anthropic",
                             max_retries=0) as client:
        answers = {}
        for lang, lat in (("French", 0.3), ("German", 0.1)):
            m = client.messages.create(model="claude", max_tokens=40,
                                       messages=ask(f"Say hi in {lang}"),
                                       extra_body={"latency": lat})
            answers[lang] = m.content[0].text[:30]
    return answers


def clients_httpx_base_url(web: str) -> list[Any]:
    with httpx.Client(base_url=web, timeout=5) as c:
        a = c.get("/items/hx-a", params={"ms": 300}).json()
        b = c.get("/items/hx-b", params={"ms": 100}).json()
        c.put("/items/hx-c", content=a["value"] + b["value"])
        d = c.get("/items/hx-c").json()
    return [a["value"], b["value"], d["value"]]


def clients_requests_session_headers(web: str) -> dict[str, Any]:
    s = requests.Session()
    s.headers.update({"User-Agent": "nightly-sync/1.0"})
    try:
        got = {}
        for key, ms in (("hd-1", 150), ("hd-2", 20), ("hd-3", 60)):
            resp = s.get(f"{web}/items/{key}", params={"ms": ms}, timeout=5)
            got[key] = resp.json()["value"]
    finally:
        s.close()
    return got


# =========================================================================== where


def make_nested_closure(env: Env) -> Any:
    base = env.web
    fetched = []

    def fetch(key: str, ms: int) -> str:
        v = requests.get(f"{base}/items/{key}?ms={ms}", timeout=5).json()["value"]
        fetched.append(key)
        return v

    def run() -> tuple[list[str], list[str]]:
        vals = [fetch("cl-1", 150), fetch("cl-2", 20), fetch("cl-3", 60)]
        return vals, list(fetched)

    return run


class Syncer:
    def __init__(self, web: str) -> None:
        self.web = web
        self.log: list[str] = []

    def pull(self, key: str, ms: int) -> str:
        v = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        self.log.append(f"pull {key}")
        return v

    def run(self) -> dict[str, Any]:
        a = self.pull("sy-a", 150)
        b = self.pull("sy-b", 20)
        c = self.pull("sy-c", 60)
        return {"vals": [a, b, c], "log": self.log}


def make_bound_method(env: Env) -> Any:
    return Syncer(env.web).run


def lambdas_in_body(web: str) -> list[str]:
    fetch = lambda key, ms: requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()  # noqa: E731
    upper = lambda d: d["value"].upper()  # noqa: E731
    return [upper(fetch(k, ms)) for k, ms in (("lm-1", 150), ("lm-2", 20), ("lm-3", 60))]


def timed(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        LOG.debug("calling %s", fn.__name__)
        out = fn(*args, **kwargs)
        LOG.debug("finished %s", fn.__name__)
        return out
    return wrapper


@timed
def decorated_fetch(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def decorated_helpers_in_loop(web: str) -> list[str]:
    return [decorated_fetch(web, k, ms) for k, ms in (("dc-1", 150), ("dc-2", 20), ("dc-3", 60))]


def class_defined_inside(web: str) -> list[str]:
    class Item:
        def __init__(self, key: str, ms: int) -> None:
            self.key, self.ms = key, ms

        def load(self) -> str:
            return requests.get(f"{web}/items/{self.key}?ms={self.ms}", timeout=5).json()["value"]

    items = [Item("in-1", 150), Item("in-2", 20), Item("in-3", 60)]
    return [it.load() for it in items]


@timed
def decorated_entry_point(web: str) -> dict[str, str]:
    out = {}
    for k, ms in (("ep-1", 150), ("ep-2", 20)):
        out[k] = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
    return out


# =========================================================================== second batch:
# errors in the middle, writes that fail, read-after-write across connections, budgets,
# generators that clean up, helpers that mutate what they are given


def openai_retrieve_files_some_missing(client: Any) -> dict[str, Any]:
    client.files.create(file=("a.txt", b"alpha"), purpose="assistants")
    client.files.create(file=("b.txt", b"beta"), purpose="assistants")
    found, missing = [], []
    for fid, ms in (("file-1", 150), ("file-9", 20), ("file-2", 60)):
        try:
            f = client.files.retrieve(fid, extra_query={"ms": ms})
            found.append((f.id, f.filename, f.bytes))
        except openai.NotFoundError as exc:
            print(f"skip {fid}: {exc.status_code}")
            missing.append(fid)
    return {"found": found, "missing": missing}


def anthropic_token_budget_stop(client: Any) -> tuple[int, list[str]]:
    budget = 90
    used = 0
    answers = []
    for topic, lat in (("rivers", 0.15), ("mountains", 0.03), ("oceans", 0.08), ("lakes", 0.02)):
        msg = client.messages.create(model="claude", max_tokens=60,
                                     messages=ask(f"Two facts about {topic}"),
                                     extra_body={"latency": lat})
        used += msg.usage.output_tokens
        answers.append(msg.content[0].text[:20])
        if used >= budget:
            print(f"budget reached after {len(answers)} calls")
            break
    return used, answers


def requests_first_error_wins(web: str) -> list[str]:
    out = []
    for key, ms in (("missing-a", 150), ("missing-b", 20)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        r.raise_for_status()
        out.append(r.json()["value"])
    return out


def put_sequence_stops_on_failure(web: str) -> int:
    done = 0
    targets = [("items/w-1", 150), ("items/w-2", 20), ("status/500", 10), ("items/w-4", 10)]
    for path, ms in targets:
        r = requests.put(f"{web}/{path}?ms={ms}", data=f"payload-{done}", timeout=5)
        r.raise_for_status()
        done += 1
    return done


def urllib_http_error_body(web: str) -> list[Any]:
    out: list[Any] = []
    for path in ("items/ue-1?ms=150", "status/404?ms=20", "items/ue-3?ms=60"):
        try:
            with urllib.request.urlopen(f"{web}/{path}", timeout=5) as resp:
                out.append(json.loads(resp.read())["value"])
        except urllib.error.HTTPError as err:
            out.append({"error": err.code, "body": json.loads(err.read())})
    return out


def socket_write_then_read_elsewhere(addr: tuple[str, int]) -> list[str]:
    writer = socket.create_connection(addr, timeout=5)
    reader = socket.create_connection(addr, timeout=5)
    other = socket.create_connection(addr, timeout=5)
    try:
        ack = _cmd(writer, "SET leader node-7")
        seen = _cmd(reader, "GET leader")
        unrelated = _cmd(other, "GET config ms=150")
    finally:
        for s in (writer, reader, other):
            s.close()
    return [ack, seen, unrelated]


def sqlite_writer_reader_connections(web: str, db: str) -> dict[str, Any]:
    w = sqlite3.connect(db)
    r = sqlite3.connect(db)
    w.execute("CREATE TABLE IF NOT EXISTS events (name TEXT, payload TEXT)")
    w.commit()
    for name, ms in (("ev-1", 150), ("ev-2", 20)):
        payload = requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"]
        w.execute("INSERT INTO events VALUES (?, ?)", (name, payload))
    before_commit = r.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    w.commit()
    after_commit = r.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    w.close()
    r.close()
    return {"before": before_commit, "after": after_commit}


def files_write_read_upload(web: str, out_dir: str) -> dict[str, Any]:
    path = Path(out_dir) / "report.txt"
    with path.open("w") as f:
        for i in range(3):
            f.write(f"row {i}\n")
    text = path.read_text()
    up = requests.post(f"{web}/items/report", data=text, timeout=5).json()
    listing = requests.get(f"{web}/items", timeout=5).json()
    path.with_suffix(".done").write_text(str(up["version"]))
    return {"lines": text.count("\n"), "version": up["version"], "keys": listing["keys"]}


def thread_writes_then_main_reads(web: str) -> list[str]:
    def save() -> None:
        requests.put(f"{web}/items/shared?ms=150", data="from-thread", timeout=5)

    t = threading.Thread(target=save)
    t.start()
    t.join()
    first = requests.get(f"{web}/items/shared", timeout=5).json()["value"]
    other = requests.get(f"{web}/items/other?ms=20", timeout=5).json()["value"]
    return [first, other]


REQUEST_NO = 0


def next_request_no() -> int:
    global REQUEST_NO
    REQUEST_NO += 1
    return REQUEST_NO


def _reset_request_no(env: Env) -> None:
    global REQUEST_NO
    REQUEST_NO = 0


def global_counter_ids(web: str) -> list[tuple[int, str]]:
    out = []
    for key, ms in (("gc-1", 150), ("gc-2", 20), ("gc-3", 60)):
        rid = next_request_no()
        v = requests.get(f"{web}/items/{key}?ms={ms}", headers={"X-Request-Id": str(rid)},
                         timeout=5).json()["value"]
        out.append((rid, v))
    return out


def jittered_requests_seeded(web: str) -> list[Any]:
    import random

    rng = random.Random(7)
    out = []
    for key, ms in (("jt-1", 150), ("jt-2", 20), ("jt-3", 60)):
        pause = rng.uniform(0, 0.01)
        time.sleep(pause)
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        out.append((round(pause, 5), v, rng.randint(0, 100)))
    return out


def fetch_pages_with_cleanup(web: str):
    print("opening cursor")
    try:
        for key, ms in (("cu-1", 150), ("cu-2", 20), ("cu-3", 60)):
            yield requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    finally:
        print("closing cursor")


def generator_cleanup_on_break(web: str) -> list[str]:
    got = []
    for v in fetch_pages_with_cleanup(web):
        got.append(v)
        if len(got) == 2:
            break
    print("after loop")
    return got


def writes_spaced_by_sleep(web: str) -> list[int]:
    versions = []
    for i, key in enumerate(["sp-1", "sp-2", "sp-3"]):
        if i:
            time.sleep(0.1)
        versions.append(requests.put(f"{web}/items/{key}", data=str(i),
                                     timeout=5).json()["version"])
    return versions


def budget_guard_raises_midway(web: str) -> int:
    total = 0
    for key, ms in (("bg-long-key-1", 150), ("bg-long-key-2", 20), ("bg-3", 60)):
        total += len(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
        if total > 20:
            raise RuntimeError(f"response budget exceeded: {total}")
    return total


def ensemble_member_fails_abstains(client: Any) -> dict[str, Any]:
    members = [("gpt", 0.15, None), ("lookup", 0.0, "file-404"), ("judge", 0.08, None)]
    votes, abstained = [], []
    for name, lat, fid in members:
        try:
            if fid is not None:
                client.files.retrieve(fid, extra_query={"ms": 20})
                votes.append((name, "file"))
            else:
                r = client.chat.completions.create(model=name, messages=ask("Is it safe?"),
                                                   extra_body={"latency": lat})
                votes.append((name, r.choices[0].message.content.split()[0]))
        except openai.APIStatusError as exc:
            abstained.append((name, exc.status_code))
    return {"votes": votes, "abstained": abstained}


def fetch_and_note(web: str, key: str, ms: int, journal: list[tuple[str, str]]) -> str:
    journal.append(("start", key))
    v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    journal.append(("end", key))
    return v


def helper_mutates_journal(web: str) -> tuple[list[str], list[tuple[str, str]]]:
    journal: list[tuple[str, str]] = []
    vals = [fetch_and_note(web, k, ms, journal) for k, ms in (("jn-1", 150), ("jn-2", 20),
                                                               ("jn-3", 60))]
    return vals, journal


def clients_httpx_per_item(web: str) -> list[str]:
    out = []
    for key, ms in (("pi-1", 300), ("pi-2", 100), ("pi-3", 200)):
        with httpx.Client(timeout=5) as c:
            out.append(c.get(f"{web}/items/{key}", params={"ms": ms}).json()["value"])
    return out


def lambdas_with_default_args(web: str) -> list[str]:
    tasks = [lambda k=k, ms=ms: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
             for k, ms in (("da-1", 150), ("da-2", 20), ("da-3", 60))]
    return [t()["value"] for t in tasks]


class Account:
    loaded: list[str] = []

    def __init__(self, key: str, balance: str) -> None:
        self.key, self.balance = key, balance

    @classmethod
    def from_remote(cls, web: str, key: str, ms: int) -> Account:
        data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
        cls.loaded.append(key)
        return cls(key, data["value"])


def _reset_accounts(env: Env) -> None:
    Account.loaded = []


def classmethod_constructors(web: str) -> tuple[list[str], list[str]]:
    accts = [Account.from_remote(web, k, ms) for k, ms in (("ac-1", 150), ("ac-2", 20),
                                                            ("ac-3", 60))]
    return [a.balance for a in accts], list(Account.loaded)


def fanout_httpx_one_client(web: str) -> int:
    n = 0
    with httpx.Client(timeout=5) as client:
        for i in range(40):
            n += client.get(f"{web}/items/hk-{i}").status_code == 200
    return n


# =========================================================================== third batch:
# one object reused and changed between calls, exceptions nobody wrote a raise for


def reused_params_dict(web: str) -> list[str]:
    params = {"ms": 150, "lang": "en"}
    first = requests.get(f"{web}/items/pd-1", params=params, timeout=5).json()["value"]
    params["ms"] = 20
    params["lang"] = "de"
    second = requests.get(f"{web}/items/pd-2", params=params, timeout=5).json()["value"]
    return [first, second]


def eval_loop_reuses_message_dict(client: Any) -> list[str]:
    system = {"role": "system", "content": "Answer briefly."}
    user = {"role": "user", "content": ""}
    messages = [system, user]
    out = []
    for question, lat in (("Why is the sea salty?", 0.15), ("Why do cats purr?", 0.03),
                          ("Why is ice slippery?", 0.08)):
        user["content"] = question
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:40])
    return out


def session_header_per_page(session: requests.Session, web: str) -> list[Any]:
    out = []
    for page, ms in ((1, 150), (2, 20), (3, 60)):
        session.headers["X-Page"] = str(page)
        r = session.get(f"{web}/items/hp-{page}?ms={ms}", timeout=5)
        out.append((r.request.headers["X-Page"], r.json()["value"]))
    return out


def implicit_keyerror_midway(web: str) -> list[str]:
    values = []
    for key, ms in (("ik-1", 150), ("missing-ik2", 20), ("ik-3", 60)):
        data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
        values.append(data["value"])  # a 404's body has no "value": KeyError
    return values


def assert_on_each_response(web: str) -> int:
    n = 0
    for code, ms in ((200, 150), (500, 20), (200, 60)):
        r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
        assert r.status_code == 200, f"unexpected {r.status_code} from check {n + 1}"
        n += 1
    return n


def state_file_updated_per_item(web: str, out_dir: str) -> dict[str, str]:
    state_path = Path(out_dir) / "state.json"
    for key, ms in (("sf-1", 150), ("sf-2", 20), ("sf-3", 60)):
        state = json.loads(state_path.read_text()) if state_path.exists() else {}
        state[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        state["last"] = key
        state_path.write_text(json.dumps(state, sort_keys=True))
    return json.loads(state_path.read_text())


def two_streams_printed(client: Any) -> int:
    chunks = 0
    for topic, lat in (("owls", 0.15), ("bats", 0.03)):
        stream = client.chat.completions.create(model="gpt", messages=ask(f"About {topic}"),
                                                stream=True, extra_body={"latency": lat})
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                print(chunk.choices[0].delta.content, end="")
                chunks += 1
        print()
    return chunks


def wait_for_batch_of_jobs(web: str) -> int:
    ids = [requests.post(f"{web}/jobs", json={"part": i}, timeout=5).json()["id"]
           for i in range(3)]
    polls = 0
    while True:
        try:
            for jid in ids:
                polls += 1
                if requests.get(f"{web}/jobs/{jid}", timeout=5).json()["status"] != "done":
                    raise RuntimeError(f"{jid} not done")
            break
        except RuntimeError as exc:
            print("waiting:", exc)
            time.sleep(0.02)
    return polls


# =========================================================================== the cases


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db(name: str) -> Any:
    return lambda env: (env.web, str(env.tmp / name))


def tcp_args(env: Env) -> tuple:
    return (env.tcp,)


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _tcp(fn: Any, ideal: float = 1.0, cat: str = "socket", **kw: Any) -> Case:
    return Case(cat, fn, args=tcp_args, servers="tcp", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", args: Any = oa_args, **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _client_ideal(waits: tuple[float, ...], on_path: float) -> float:
    """A client made in the function: its CPU is serial; then the waits."""
    return (CLIENT_CPU + sum(waits)) / (CLIENT_CPU + on_path)


L = 0.05  # the servers' default latency

CASES: list[Case] = [
    # -- sdk
    _sdk(eval_loop_prints_progress, over(0.15, 0.03, 0.08)),
    # three chats, then the batch (a write), then the listing (a read after it)
    _sdk(anthropic_summarise_then_batch, (0.26 + 2 * L) / (0.15 + 2 * L), args=an_args),
    # two uploads in order, then the listing and both chats together
    _sdk(openai_upload_notes_then_ask, (2 * L + L + 0.19) / (2 * L + 0.15)),
    # the query and three distinct documents together (one cached)
    _sdk(embed_with_cache_and_rank, over(0.15, 0.03, 0.08, 0.02)),
    # every tool GET is independent of the chats: 0.12 then the second chat
    Case("sdk", agent_loop_with_web_tools, args=lambda env: (openai_client(env), env.web),
         servers="web api", ideal=(2 * (0.05 + 0.15)) / (0.12 + 0.05)),
    # -- http
    # three writes, three chained reads, then three detail reads together
    _web(requests_paging_while_next, (6 * L + 0.23) / (6 * L + 0.15)),
    # the three 503s are independent reads: all five at once
    Case("http", httpx_client_retry_on_503,
         args=lambda env: (env.own(httpx.Client(base_url=env.web, timeout=5)),),
         servers="web", ideal=(3 * L + 0.17) / 0.15),
    _web(urllib_word_counts, over(0.15, 0.02, 0.06)),
    # one connection: each request waits for the one before
    _web(http_client_keepalive_put_get),
    Case("http", requests_session_sync_records,
         args=lambda env: (env.own(requests.Session()), env.web), servers="web",
         ideal=(0.23 + 3 * L + L) / (0.15 + 3 * L + L)),
    # -- socket
    _tcp(socket_lookup_each_key, over(0.15, 0.02, 0.06)),
    _tcp(socket_set_then_get_one_conn),
    _tcp(socket_makefile_until_match),
    _tcp(socket_echo_three_servers_view, over(0.15, 0.02, 0.06)),
    # -- db
    Case("db", sqlite_ingest_fetched, args=web_db("ingest.db"), servers="web",
         ideal=over(0.15, 0.02, 0.06)),
    Case("db", sqlite_rows_drive_requests, args=web_db("users.db"), servers="web",
         setup=_setup_users_db, ideal=over(0.15, 0.02, 0.06)),
    Case("db", sqlite_update_scores_from_api, args=web_db("users.db"), servers="web",
         setup=_setup_users_db, ideal=over(0.15, 0.02, 0.06)),
    Case("db", sqlite_rollback_on_duplicate, args=web_db("users.db"), servers="web",
         setup=_setup_users_db, ideal=over(0.15, 0.03)),
    # -- files
    Case("files", files_dump_each_record, args=web_tmp, servers="web",
         ideal=over(0.15, 0.02, 0.06)),
    Case("files", files_append_progress_log, args=web_tmp, servers="web",
         ideal=over(0.15, 0.02, 0.06)),
    Case("files", files_csv_orders_enriched, args=web_tmp, servers="web",
         setup=_setup_orders_csv, ideal=over(0.15, 0.02, 0.06)),
    Case("files", files_readline_until_stop, args=web_tmp, servers="web",
         setup=_setup_urls_txt, ideal=over(0.15, 0.02, 0.06)),
    # -- threads (the user's own threads already overlap; the serial tail can too)
    _web(threads_worker_queue, cat="threads"),
    _web(threads_event_then_fetch, (0.08 + 0.17) / (0.08 + 0.15), cat="threads"),
    _web(threads_pool_then_serial_tail, (0.06 + 0.23) / 0.15, cat="threads"),
    _web(threads_background_counter, over(0.15, 0.02, 0.06), cat="threads"),
    # -- state
    _web(lru_cached_prices_basket, over(0.15, 0.02, 0.06), cat="state", setup=_reset_state),
    _web(dict_cache_profiles_with_counter, over(0.15, 0.02, 0.06), cat="state",
         setup=_reset_state),
    _web(generator_pipeline_counts, over(0.15, 0.02, 0.06, 0.04), cat="state"),
    # an early return: no read past the one that matches
    _web(generator_take_until_found, cat="state"),
    # -- sleep
    Case("sleep", sleep_as_latency_stubs, ideal=over(0.15, 0.02, 0.06)),
    # spacing: each GET may leave 0.1 s after the one before, without waiting for its answer
    _web(rate_limited_gets, (4 * L + 0.3) / (0.3 + L), cat="sleep", spacing=0.1),
    _web(poll_job_until_done, cat="sleep", spacing=0.05),
    # the side lookup (200 ms, on the line server) beside the retry chain (3 GETs, 2 sleeps)
    Case("sleep", retry_backoff_with_side_lookup, args=lambda env: (env.web, env.tcp),
         servers="web tcp", spacing=0.05, ideal=(0.2 + 3 * L + 0.15) / (3 * L + 0.15)),
    # -- validation
    Case("validation", validate_then_fetch,
         args=lambda env: (env.web, ["va-1", "va-2", "va-3"]), servers="web",
         ideal=over(0.15, 0.02, 0.06)),
    Case("validation", validate_then_fetch, name="validate_then_fetch_bad_key",
         args=lambda env: (env.web, ["va-1", "bad key!", "va-3"]), servers="web"),
    _web(fetch_all_raise_on_missing, over(0.15, 0.02), cat="validation",
         speculative_reads=True),
    _web(first_healthy_mirror, cat="validation"),
    _web(collect_readings_skip_bad, over(0.15, 0.02, 0.06), cat="validation"),
    # -- fanout under RLIMIT_NOFILE 32: the child holds ~6 descriptors of its own, so a
    # sound schedule keeps ~24 requests in flight: two rounds of 50 ms
    _tcp(fanout_sockets_many, 40 / 2, cat="fanout", rlimit_nofile=32),
    Case("fanout", fanout_urlopen_to_files, args=web_tmp, servers="web", rlimit_nofile=32,
         ideal=30 / 2),
    # -- ensemble
    _sdk(ensemble_judges_average, over(0.15, 0.03, 0.08), cat="ensemble"),
    _sdk(ensemble_majority_vote, over(0.15, 0.03, 0.08, 0.05), cat="ensemble"),
    _web(ensemble_refresh_objects, over(0.15, 0.02, 0.06), cat="ensemble",
         setup=_reset_endpoint),
    _sdk(ensemble_two_providers, over(0.15, 0.03, 0.08), cat="ensemble",
         args=lambda env: (openai_client(env), anthropic_client(env))),
    # -- helpers
    _web(helpers_read_modify_write, (0.17 + 3 * L) / (0.15 + 3 * L), cat="helpers"),
    _web(helpers_that_print, over(0.15, 0.02, 0.06), cat="helpers"),
    _web(helpers_log_each_fetch, over(0.15, 0.02, 0.06), cat="helpers"),
    _web(helpers_store_methods, (0.17 + 2 * L) / (0.15 + 2 * L), cat="helpers"),
    # -- clients made in the function
    Case("clients", clients_openai_made_here, args=lambda env: (env.api,), servers="api",
         ideal=_client_ideal((0.3, 0.1, 0.2), 0.3)),
    Case("clients", clients_anthropic_with_block, args=lambda env: (env.api,), servers="api",
         ideal=_client_ideal((0.3, 0.1), 0.3)),
    _web(clients_httpx_base_url, _client_ideal((0.3, 0.1, L, L), 0.3 + 2 * L), cat="clients"),
    _web(clients_requests_session_headers, over(0.15, 0.02, 0.06), cat="clients"),
    # -- where the function is defined
    Case("where", make=make_nested_closure, servers="web", ideal=over(0.15, 0.02, 0.06)),
    Case("where", make=make_bound_method, servers="web", ideal=over(0.15, 0.02, 0.06)),
    _web(lambdas_in_body, over(0.15, 0.02, 0.06), cat="where"),
    _web(decorated_helpers_in_loop, over(0.15, 0.02, 0.06), cat="where"),
    _web(class_defined_inside, over(0.15, 0.02, 0.06), cat="where"),
    _web(decorated_entry_point, over(0.15, 0.02), cat="where"),
]

CASES += [
    _sdk(openai_retrieve_files_some_missing, (2 * L + 0.23) / (2 * L + 0.15)),
    # a budget: no chat past the one that reaches it
    _sdk(anthropic_token_budget_stop, args=an_args),
    # the first GET raises: the second is never sent (speculation allowed)
    _web(requests_first_error_wins, speculative_reads=True),
    # writes in order; the failing third stops the fourth
    _web(put_sequence_stops_on_failure),
    _web(urllib_http_error_body, over(0.15, 0.02, 0.06)),
    # the unrelated GET (150 ms) may overlap the read after the write
    _tcp(socket_write_then_read_elsewhere, (3 * L + 0.1) / (L + 0.15)),
    Case("db", sqlite_writer_reader_connections, args=web_db("events.db"), servers="web",
         ideal=over(0.15, 0.02)),
    Case("files", files_write_read_upload, args=web_tmp, servers="web"),
    _web(thread_writes_then_main_reads, (0.15 + L + 0.02) / (0.15 + L), cat="threads"),
    _web(global_counter_ids, over(0.15, 0.02, 0.06), cat="state", setup=_reset_request_no),
    _web(jittered_requests_seeded, over(0.15, 0.02, 0.06), cat="state"),
    _web(generator_cleanup_on_break, over(0.15, 0.02), cat="state"),
    _web(writes_spaced_by_sleep, cat="sleep", spacing=0.1),
    _sdk(ensemble_member_fails_abstains, over(0.15, 0.02, 0.08), cat="ensemble"),
    _web(helper_mutates_journal, over(0.15, 0.02, 0.06), cat="helpers"),
    _web(clients_httpx_per_item, (3 * CLIENT_CPU + 0.6) / (3 * CLIENT_CPU + 0.3),
         cat="clients"),
    _web(lambdas_with_default_args, over(0.15, 0.02, 0.06), cat="where"),
    _web(classmethod_constructors, over(0.15, 0.02, 0.06), cat="where", setup=_reset_accounts),
    _web(fanout_httpx_one_client, 40 / 2, cat="fanout", rlimit_nofile=32),
]

CASES += [
    _web(reused_params_dict, over(0.15, 0.02)),
    _sdk(eval_loop_reuses_message_dict, over(0.15, 0.03, 0.08)),
    Case("http", session_header_per_page,
         args=lambda env: (env.own(requests.Session()), env.web), servers="web",
         ideal=over(0.15, 0.02, 0.06)),
    Case("files", state_file_updated_per_item, args=web_tmp, servers="web",
         ideal=over(0.15, 0.02, 0.06)),
    _sdk(two_streams_printed, over(0.15, 0.03)),
]

# Differed under jit when written (stop 34) and fixed in the same stop, each noted with what
# differed: a raise or an assert after a loop's read decides whether the next items' reads
# happen (`_moves`: such a read keeps its place); a loop of GETs on keep-alive connections
# holds a descriptor per answered response until the program takes it (`_runtime.Frame`
# keeps the calls ahead of the program within the pool's bound).
CASES += [
    # web: extra GET /items/bg-3?ms=60 (the user's own budget check raises after the second).
    _web(budget_guard_raises_midway, cat="validation"),
    # web: extra GET /status/200?ms=60 (an AssertionError after the second GET).
    _web(assert_on_each_response, cat="validation"),
    # value: 15 vs 5; 6 'waiting:' lines vs 2; 6 GET /jobs/... missing: every round polled
    # all three jobs, so they finished sooner.
    _web(wait_for_batch_of_jobs, cat="sleep"),
    # crash: [Errno 24] Too many open files at GET /items/fan-29 of 40 under a limit of 32.
    _web(fanout_requests_many, 40 / 2, cat="fanout", rlimit_nofile=32),
]

# The documented allowance (docs/jit.md "What decides whether a call happens"): a statement
# that fails by accident, not by design, does not decide: the loop's reads started for
# every item, and the third is sent although the second's `r.json()["value"]` raises the
# same KeyError at the same place as the plain code. The server sees one GET more.
FAILING: list[Case] = [
    _web(implicit_keyerror_midway, cat="validation"),
]
