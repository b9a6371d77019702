# ruff: noqa: B008, B019, B023, B905, SIM115 - the shapes under test
"""Red-team cases (stop 183): the acceptance categories again, as a careful new user writes them.

(1) the openai and anthropic SDKs: files (upload, list, content, retrieve, delete), models,
embeddings, ``responses.create`` against a server without it (a 404 caught), count_tokens
budgets, message batches, with validation of what came back that raises.
(2) HTTP: ``urllib3.PoolManager``, one ``http.client`` connection kept alive, ``requests``
with hooks and mounted adapters, ``httpx`` with event hooks, its own transport with
retries and a ``MockTransport``.
(3) sqlite3 with row factories (``sqlite3.Row``, a dict factory), ``executemany``,
``with conn:`` transactions that roll back, two connections to one file.
(4) files: csv, gzip, zipfile, tempfile, shutil, ``os.scandir``, an ``io.TextIOWrapper``
shared by helpers.
(5) threads: an executor of the user's, ``threading.Timer``, ``Barrier``, ``PriorityQueue``,
an ``Event`` set by a worker that PUTs.
(6) ``functools.cache`` on a method, ``itertools.count``/``cycle``/``tee``, a generator
driven by ``send``, a memo dict.
(7) sleeps as latency, spacing, polling with backoff.
(8) fan-out over 320 items under ``RLIMIT_NOFILE=256``.
(9) ensembles over objects that each hold a client.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import collections
import concurrent.futures
import csv
import functools
import gzip
import http.client
import io
import itertools
import json
import os
import queue
import shutil
import sqlite3
import tempfile
import threading
import time
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tests.xcs.libcorpus._case import (
    CLIENT_CPU,
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam183")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)
L = 50  # the servers' default latency (ms)


def _msg(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# =========================================================================== (1) SDKs


def r183_oa_files_upload_list_content(client: Any) -> Any:
    a = client.files.create(file=("a.txt", b"alpha"), purpose="assistants")
    b = client.files.create(file=("b.txt", b"beta beta"), purpose="assistants")
    names = [f.filename for f in client.files.list()]
    texts = [client.files.content(f.id).text for f in (a, b)]
    if len(texts[1]) < 5:
        raise ValueError("short upload")
    client.files.delete(a.id)
    after = [f.id for f in client.files.list()]
    return names, texts, after


def r183_oa_files_retrieve_missing(client: Any) -> Any:
    up = client.files.create(file=("notes.txt", b"n1 n2"), purpose="batch")
    out = []
    for fid in (up.id, "file-404", up.id):
        try:
            out.append(client.files.retrieve(fid).filename)
        except openai.NotFoundError as exc:
            out.append(f"missing {exc.status_code}")
    return out


def r183_oa_models_then_embeddings_checked(client: Any) -> Any:
    ids = [m.id for m in client.models.list(extra_query={"ms": 150})]
    sums = {}
    for name, ms in (("alpha", 40), ("beta", 90)):
        e = client.embeddings.create(model="emb", input=name, extra_query={"ms": ms})
        vec = e.data[0].embedding
        if len(vec) != 4:
            raise ValueError(f"bad dims for {name}")
        sums[name] = round(sum(vec), 4)
    return ids, sums


def r183_oa_responses_404_fallback(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04)):
        try:
            out.append(client.responses.create(model="gpt", input=q).output_text)
        except openai.NotFoundError:
            c = client.chat.completions.create(model="gpt", messages=_msg(q),
                                               extra_body={"latency": lat})
            out.append(c.choices[0].message.content[:20])
    return out


def _check_answer(text: str, q: str) -> str:
    if q not in text:
        raise ValueError(f"answer ignores {q!r}")
    return text.split(":", 1)[0]


def r183_oa_chat_validated_listcomp(client: Any) -> list[str]:
    answers = [client.chat.completions.create(model="gpt", messages=_msg(q),
                                              extra_body={"latency": lat})
               .choices[0].message.content
               for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09))]
    return [_check_answer(a, q) for a, q in zip(answers, ("one", "two", "three"))]


def r183_oa_chat_validation_raises_mid(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        text = client.chat.completions.create(model="gpt", messages=_msg(q),
                                              extra_body={"latency": lat}
                                              ).choices[0].message.content
        out.append(_check_answer(text, "one" if q != "three" else "zzz"))
        print("checked", q)
    return out


def r183_oa_embed_batch_then_chat(client: Any) -> Any:
    docs = ["cats purr", "dogs bark", "fish swim"]
    e = client.embeddings.create(model="emb", input=docs, extra_query={"ms": 150})
    q = client.embeddings.create(model="emb", input="kittens", extra_query={"ms": 40})
    qv = q.data[0].embedding
    scores = [sum(a * b for a, b in zip(d.embedding, qv)) for d in e.data]
    best = docs[scores.index(max(scores))]
    r = client.chat.completions.create(model="gpt", messages=_msg(f"about {best}"),
                                       extra_body={"latency": 0.09})
    return best, r.choices[0].message.content[:30]


def r183_an_count_tokens_budget(client: Any) -> list[str]:
    qs = ["a b c d", "e f", "g h i"]
    counts = [client.messages.count_tokens(model="claude", messages=_msg(q),
                                           extra_query={"ms": ms}).input_tokens
              for q, ms in zip(qs, (150, 40, 90))]
    if sum(counts) > 8:
        raise ValueError(f"over budget: {counts}")
    return counts


def r183_an_batches_lifecycle(client: Any) -> Any:
    b = client.messages.batches.create(requests=[
        {"custom_id": "x", "params": {"model": "claude", "max_tokens": 8,
                                      "messages": _msg("x")}}])
    got = client.messages.batches.retrieve(b.id)
    ids = [x.id for x in client.messages.batches.list()]
    try:
        client.messages.batches.retrieve("msgbatch_99")
        missing = "found"
    except anthropic.NotFoundError as exc:
        missing = exc.status_code
    return got.processing_status, ids, missing


def r183_an_and_oa_mixed_validate(oai: Any, an: Any) -> Any:
    a = an.messages.create(model="claude", max_tokens=16, messages=_msg("pick"),
                           extra_body={"latency": 0.15}).content[0].text
    b = oai.chat.completions.create(model="gpt", messages=_msg("pick"),
                                    extra_body={"latency": 0.04}).choices[0].message.content
    for t in (a, b):
        if not t.startswith("["):
            raise RuntimeError(f"unexpected {t!r}")
    n = an.messages.count_tokens(model="claude", messages=_msg(a + b),
                                 extra_query={"ms": 90}).input_tokens
    return a[:10], b[:10], n


# =========================================================================== (2) HTTP


def r183_urllib3_pool_three(web: str) -> list[str]:
    http = urllib3.PoolManager()
    return [http.request("GET", f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KMS]


def r183_urllib3_fields_loop(web: str) -> dict[str, str]:
    http = urllib3.PoolManager(headers={"X-App": "r183"})
    out = {}
    for k, ms in KMS:
        r = http.request("GET", f"{web}/items/{k}", fields={"ms": str(ms)})
        if r.status != 200:
            raise RuntimeError(f"{k}: {r.status}")
        out[k] = r.json()["value"]
    return out


def r183_urllib3_put_between(web: str) -> list[Any]:
    http = urllib3.PoolManager()
    a = http.request("GET", f"{web}/items/u1?ms=150").json()["value"]
    http.request("PUT", f"{web}/items/u2?ms=40", body=a.encode())
    b = http.request("GET", f"{web}/items/u2?ms=90").json()["value"]
    c = http.request("GET", f"{web}/items/u3?ms=40").json()["value"]
    return [a, b, c]


def r183_httpclient_keepalive(web: str) -> list[str]:
    parts = urllib.parse.urlsplit(web)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    out = []
    try:
        for k, ms in KMS:
            conn.request("GET", f"/items/{k}?ms={ms}")
            resp = conn.getresponse()
            out.append(json.loads(resp.read())["value"])
    finally:
        conn.close()
    return out


def _hc_get(web: str, k: str, ms: int) -> str:
    parts = urllib.parse.urlsplit(web)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.request("GET", f"/items/{k}?ms={ms}")
        return json.loads(conn.getresponse().read())["value"]
    finally:
        conn.close()


def r183_httpclient_helper_each(web: str) -> list[str]:
    return [_hc_get(web, k, ms) for k, ms in KMS]


def _print_hook(r: Any, *args: Any, **kwargs: Any) -> Any:
    print("hook", r.status_code, r.url.rsplit("/", 1)[-1])
    return r


def r183_requests_session_hooks(web: str) -> list[str]:
    s = requests.Session()
    s.hooks["response"].append(_print_hook)
    out = [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KMS]
    print("done")
    return out


def r183_requests_adapter_retry(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0)))
    return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KMS]


def r183_httpx_event_hooks(web: str) -> list[str]:
    def on_req(req: httpx.Request) -> None:
        print("->", req.url.path)

    def on_resp(resp: httpx.Response) -> None:
        print("<-", resp.status_code)

    with httpx.Client(event_hooks={"request": [on_req], "response": [on_resp]}) as c:
        return [c.get(f"{web}/items/{k}", params={"ms": ms}).json()["value"] for k, ms in KMS]


def r183_httpx_transport_retries(web: str) -> list[str]:
    with httpx.Client(transport=httpx.HTTPTransport(retries=1), base_url=web) as c:
        out = []
        for k, ms in KMS:
            out.append(c.get(f"/items/{k}?ms={ms}").json()["value"])
        return out


def r183_httpx_raise_for_status(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        with httpx.Client() as c:
            for path in ("items/h1?ms=150", "status/404", "items/h2?ms=40"):
                r = c.get(f"{web}/{path}")
                r.raise_for_status()
                out.append(r.json()["value"])
    except httpx.HTTPStatusError as exc:
        out.append(exc.response.status_code)
    return out


# =========================================================================== (3) sqlite3


def _make_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "k.db")
    conn.execute("CREATE TABLE keys (id INTEGER PRIMARY KEY, key TEXT, ms INTEGER)")
    conn.executemany("INSERT INTO keys (key, ms) VALUES (?, ?)", KMS)
    conn.commit()
    conn.close()


def r183_sqlite_row_factory_loop(web: str, tmp: str) -> dict[str, str]:
    conn = sqlite3.connect(Path(tmp) / "k.db")
    conn.row_factory = sqlite3.Row
    out = {}
    for row in conn.execute("SELECT key, ms FROM keys ORDER BY id"):
        out[row["key"]] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"]
    conn.close()
    return out


def _dict_factory(cursor: Any, row: Any) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row)}


def r183_sqlite_dict_factory(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "k.db")
    conn.row_factory = _dict_factory
    rows = conn.execute("SELECT key, ms FROM keys ORDER BY id").fetchall()
    conn.close()
    return [requests.get(f"{web}/items/{r['key']}?ms={r['ms']}").json()["value"] for r in rows]


def r183_sqlite_executemany_after_gets(web: str, tmp: str) -> list[Any]:
    vals = [(k, requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in KMS]
    conn = sqlite3.connect(Path(tmp) / "out.db")
    conn.execute("CREATE TABLE v (k TEXT, v TEXT)")
    conn.executemany("INSERT INTO v VALUES (?, ?)", vals)
    conn.commit()
    rows = conn.execute("SELECT k, v FROM v ORDER BY k DESC").fetchall()
    conn.close()
    return rows


def r183_sqlite_transaction_rollback(web: str, tmp: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp) / "t.db")
    conn.execute("CREATE TABLE v (k TEXT PRIMARY KEY, v TEXT)")
    conn.commit()
    log = []
    for k, ms in KMS:
        try:
            with conn:
                v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                conn.execute("INSERT INTO v VALUES (?, ?)", (k, v))
                if k == "b":
                    raise ValueError("reject b")
            log.append(f"kept {k}")
        except ValueError as exc:
            log.append(str(exc))
    log.append(conn.execute("SELECT group_concat(k) FROM v").fetchone()[0])
    conn.close()
    return log


def r183_sqlite_two_connections(web: str, tmp: str) -> list[Any]:
    path = Path(tmp) / "two.db"
    w = sqlite3.connect(path)
    w.execute("CREATE TABLE v (k TEXT)")
    w.commit()
    r = sqlite3.connect(path)
    out = []
    for k, ms in KMS:
        val = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        w.execute("INSERT INTO v VALUES (?)", (val,))
        out.append(r.execute("SELECT count(*) FROM v").fetchone()[0])
        w.commit()
        out.append(r.execute("SELECT count(*) FROM v").fetchone()[0])
    w.close()
    r.close()
    return out


def _lookup(conn: sqlite3.Connection, key: str) -> int:
    return conn.execute("SELECT ms FROM keys WHERE key = ?", (key,)).fetchone()[0]


def r183_sqlite_helper_then_gets(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "k.db")
    out = []
    for k in ("a", "b", "c"):
        ms = _lookup(conn, k)
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    conn.close()
    return out


# =========================================================================== (4) files


def _write_csv(env: Env) -> None:
    with open(env.tmp / "in.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "ms"])
        w.writerows(KMS)


def r183_csv_rows_get_write(web: str, tmp: str) -> str:
    with open(Path(tmp) / "in.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"]
    with open(Path(tmp) / "out.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "ms", "value"])
        w.writeheader()
        w.writerows(rows)
    return (Path(tmp) / "out.csv").read_text()


def _write_gz(env: Env) -> None:
    data = "".join(f"{k} {ms}\n" for k, ms in KMS).encode()
    with gzip.GzipFile(env.tmp / "keys.txt.gz", "wb", mtime=0) as f:  # no clock in the file
        f.write(data)


def r183_gzip_lines_get(web: str, tmp: str) -> list[str]:
    out = []
    with gzip.open(Path(tmp) / "keys.txt.gz", "rt") as f:
        for line in f:
            k, ms = line.split()
            out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r183_zipfile_write_then_read(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "bundle.zip"
    with zipfile.ZipFile(p, "w") as zf:
        for k, ms in KMS:
            entry = zipfile.ZipInfo(f"{k}.txt", (2020, 1, 1, 0, 0, 0))  # no clock in the file
            zf.writestr(entry, requests.get(f"{web}/items/{k}?ms={ms}").text)
    with zipfile.ZipFile(p) as zf:
        names = zf.namelist()
        first = json.loads(zf.read(names[0]))["value"]
    return [names, first]


def r183_shutil_copy_then_read(web: str, tmp: str) -> list[str]:
    src = Path(tmp) / "a.txt"
    src.write_text(requests.get(f"{web}/items/sa?ms=150").json()["value"])
    with tempfile.TemporaryDirectory() as stage:
        shutil.copy(src, Path(stage) / "b.txt")
        copied = (Path(stage) / "b.txt").read_text()
        other = requests.get(f"{web}/items/sb?ms=40").json()["value"]
        shutil.move(str(Path(stage) / "b.txt"), str(Path(tmp) / "c.txt"))
    return [copied, other, sorted(os.listdir(tmp))[-1]]


def _write_parts(env: Env) -> None:
    for name, ms in (("p1", 150), ("p2", 40), ("p3", 90)):
        (env.tmp / f"{name}.txt").write_text(f"{name} {ms}\n")


def _after(text: str, s: float) -> str:
    """A slow share's latency: a wait whose value is used."""
    time.sleep(s)
    return text


def _slow_read(path: str) -> str:
    with open(path) as f:
        text = f.read()
    return _after(text.strip(), int(text.split()[1]) / 1000)


def r183_scandir_slow_reads(tmp: str) -> list[str]:
    entries = sorted(e.path for e in os.scandir(tmp) if e.name.endswith(".txt"))
    return [_slow_read(p) for p in entries]


def _next_value(f: io.TextIOWrapper, web: str) -> str:
    k, ms = f.readline().split()
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r183_textio_shared_reader(web: str) -> list[str]:
    f = io.TextIOWrapper(io.BytesIO(b"a 150\nb 40\nc 90\n"), encoding="utf-8")
    return [_next_value(f, web) for _ in range(3)]


def _header(f: io.TextIOWrapper) -> list[str]:
    return f.readline().strip().split(",")


def _body(f: io.TextIOWrapper) -> list[list[str]]:
    return [line.strip().split(",") for line in f]


def r183_textio_header_body_helpers(web: str) -> dict[str, str]:
    f = io.TextIOWrapper(io.BytesIO(b"key,ms\na,150\nb,40\nc,90\n"), encoding="utf-8")
    cols = _header(f)
    rows = [dict(zip(cols, r)) for r in _body(f)]
    return {r["key"]: requests.get(f"{web}/items/{r['key']}?ms={r['ms']}").json()["value"]
            for r in rows}


# =========================================================================== (5) threads


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r183_own_executor_then_get(web: str) -> list[str]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
        vals = list(ex.map(lambda kms: _get(web, *kms), KMS))
    vals.append(_get(web, "after", 40))
    return vals


def r183_timer_put_then_get(web: str) -> list[str]:
    t = threading.Timer(0.02, lambda: requests.put(f"{web}/items/tm?ms=40", data="timer"))
    t.start()
    t.join()
    return [_get(web, "tm", 90), _get(web, "other", 40)]


def r183_barrier_workers(web: str) -> list[str]:
    results: dict[str, str] = {}
    barrier = threading.Barrier(3)

    def work(k: str, ms: int) -> None:
        results[k] = _get(web, k, ms)
        barrier.wait()

    threads = [threading.Thread(target=work, args=kms) for kms in KMS[:2]]
    for t in threads:
        t.start()
    barrier.wait()
    for t in threads:
        t.join()
    return [results[k] for k in sorted(results)] + [_get(web, "c", 90)]


def r183_priority_queue_drain(web: str) -> list[Any]:
    pq: queue.PriorityQueue = queue.PriorityQueue()
    for prio, (k, ms) in zip((3, 1, 2), KMS):
        pq.put((prio, _get(web, k, ms)))
    out = []
    while not pq.empty():
        out.append(pq.get())
    return out


def r183_event_worker_put(web: str) -> list[str]:
    ready = threading.Event()

    def worker() -> None:
        requests.put(f"{web}/items/ev?ms=90", data="set-by-worker")
        ready.set()

    threading.Thread(target=worker).start()
    ready.wait(5)
    return [_get(web, "ev", 150), _get(web, "x", 40)]


# =========================================================================== (6) caches


class Repo:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cache
    def value(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


def r183_cache_on_method(web: str) -> list[str]:
    repo = Repo(web)
    keys = [("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)]
    return [repo.value(k, ms) for k, ms in keys]


def r183_count_ids_in_puts(web: str) -> list[Any]:
    ids = itertools.count(1)
    out = []
    for k, ms in KMS:
        v = _get(web, k, ms)
        out.append(requests.put(f"{web}/items/{k}-copy", data=f"{next(ids)}:{v}").json())
    return out


def r183_cycle_latencies(web: str) -> list[str]:
    lats = itertools.cycle([150, 40, 90])
    return [_get(web, k, next(lats)) for k in "defghi"]


def _gen_values(web: str) -> Any:
    for k, ms in KMS:
        yield _get(web, k, ms)


def r183_tee_generator(web: str) -> list[Any]:
    a, b = itertools.tee(_gen_values(web))
    first = next(a)
    rest = list(b)
    return [first, rest, list(a)]


def _averager() -> Any:
    total, n = 0, 0
    avg = None
    while True:
        x = yield avg
        total += x
        n += 1
        avg = total / n


def r183_generator_send(web: str) -> list[float]:
    avg = _averager()
    next(avg)
    out = []
    for k, ms in KMS:
        out.append(avg.send(len(_get(web, k, ms))))
    return out


def r183_memo_dict_local(web: str) -> list[str]:
    memo: dict[str, str] = {}
    out = []
    for k, ms in (("a", 150), ("b", 40), ("a", 150), ("c", 90)):
        if k not in memo:
            memo[k] = _get(web, k, ms)
        out.append(memo[k])
    return out


def _putter(web: str) -> Any:
    n = 0
    while True:
        v = yield n
        n = requests.put(f"{web}/items/gp?ms=40", data=v).json()["version"]


def r183_generator_send_puts(web: str) -> list[Any]:
    sink = _putter(web)
    next(sink)
    out = []
    for ms in (150, 40, 90):
        v = _get(web, "gp", ms)
        out.append([v, sink.send(v + "+")])
    return out


def r183_count_in_listcomp(web: str) -> list[Any]:
    ids = itertools.count(100)
    return [(next(ids), _get(web, k, ms)) for k, ms in KMS]


# =========================================================================== (7) sleeps


def _backoff(i: int) -> float:
    d = 0.01 * 2 ** i
    time.sleep(d)
    return d


def r183_poll_job_backoff(web: str) -> list[Any]:
    job = requests.post(f"{web}/jobs").json()["id"]
    waited = []
    for i in range(6):
        status = requests.get(f"{web}/jobs/{job}?ms=10").json()["status"]
        if status == "done":
            break
        waited.append(_backoff(i))
    return [job, status, waited]


def r183_spacing_between_gets(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(_get(web, k, ms))
        time.sleep(0.05)
    return out


def _fake_api(x: str, s: float) -> str:
    time.sleep(s)
    return x.upper()


def r183_sleep_latency_helpers() -> list[str]:
    a = _fake_api("one", 0.15)
    b = _fake_api("two", 0.04)
    c = _fake_api("three", 0.09)
    return [a, b, c]


def _get_retry(web: str, path: str) -> Any:
    for attempt in range(3):
        r = requests.get(f"{web}/{path}")
        if r.status_code < 500:
            return r.json()
        time.sleep(0.01 * (attempt + 1))
    return {"gave_up": path}


def r183_retry_backoff_helper(web: str) -> list[Any]:
    return [_get_retry(web, p) for p in ("status/503", "items/r1?ms=40", "status/502")]


def r183_sleep_value_then_put(web: str) -> list[Any]:
    a = _fake_api("slow", 0.15)
    requests.put(f"{web}/items/sv?ms=40", data=a)
    b = _get(web, "sv", 90)
    c = _fake_api("fast", 0.04)
    return [a, b, c]


# =========================================================================== (8) fan-out

FAN = 320
NOFILE = 256
FAN_LAT = 0.002
FAN_LOAD = 0.002
FAN_IDEAL = (FAN_LAT + 0.0013) / FAN_LOAD


def _fan_urllib3(http: urllib3.PoolManager, web: str, i: int) -> str:
    return http.request("GET", f"{web}/items/f{i}").json()["value"]


def r183_fan_urllib3_pool(web: str) -> int:
    http = urllib3.PoolManager(maxsize=8)
    return len({_fan_urllib3(http, web, i) for i in range(FAN)})


def _fan_httpx(c: httpx.Client, i: int) -> str:
    return c.get(f"/items/f{i}").json()["value"]


def r183_fan_httpx_client(web: str) -> list[str]:
    with httpx.Client(base_url=web) as c:
        vals = [_fan_httpx(c, i) for i in range(FAN)]
    return vals[:3] + vals[-2:]


def _write_many(env: Env) -> None:
    for i in range(FAN):
        (env.tmp / f"part{i:03d}.txt").write_text(f"part {i}\n")


def _slow_file(path: Path) -> str:
    with open(path) as f:
        return _after(f.read(), FAN_LAT)


def r183_fan_files_then_summary(tmp: str) -> str:
    texts = [_slow_file(Path(tmp) / f"part{i:03d}.txt") for i in range(FAN)]
    Path(tmp, "summary.txt").write_text(f"{len(texts)} {texts[0].strip()} {texts[-1].strip()}")
    return Path(tmp, "summary.txt").read_text()


def _fan_hc(web: str, i: int) -> int:
    parts = urllib.parse.urlsplit(web)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", f"/items/f{i}")
        return len(conn.getresponse().read())
    finally:
        conn.close()


def r183_fan_httpclient_loop(web: str) -> int:
    total = 0
    for i in range(FAN):
        total += _fan_hc(web, i)
    return total


# =========================================================================== (9) ensembles


class Member:
    def __init__(self, name: str, web: str, ms: int) -> None:
        self.name = name
        self.web = web
        self.ms = ms
        self.session = requests.Session()

    def vote(self, q: str) -> str:
        return self.session.get(f"{self.web}/items/{self.name}-{q}?ms={self.ms}").json()["value"]


def r183_ensemble_sessions_vote(web: str) -> Any:
    members = [Member(n, web, ms) for n, ms in KMS]
    votes = [m.vote("q") for m in members]
    return collections.Counter(v[-1] for v in votes).most_common(1)[0], votes


def r183_ensemble_loop_print(web: str) -> list[str]:
    members = [Member(n, web, ms) for n, ms in KMS]
    out = []
    for m in members:
        v = m.vote("z")
        print(m.name, "voted", v)
        out.append(v)
    return out


class Panelist:
    def __init__(self, model: str, lat: float, client: Any) -> None:
        self.model = model
        self.lat = lat
        self.client = client

    def answer(self, q: str) -> str:
        r = self.client.chat.completions.create(model=self.model, messages=_msg(q),
                                                extra_body={"latency": self.lat})
        return r.choices[0].message.content


def r183_ensemble_openai_panel_judge(client: Any) -> str:
    panel = [Panelist(m, lat, client) for m, lat in (("gpt", 0.15), ("gpt-mini", 0.04),
                                                      ("judge", 0.09))]
    answers = [p.answer("why?") for p in panel]
    return Panelist("judge", 0.05, client).answer(" | ".join(a[:15] for a in answers))


def r183_ensemble_own_clients(url: str) -> list[str]:
    clients = [openai.OpenAI(api_key=DUMMY_KEY, base_url=url, max_retries=0) for _ in range(3)]
    try:
        return [c.chat.completions.create(model=m, messages=_msg("x"),
                                          extra_body={"latency": lat}).choices[0].message.content
                for c, (m, lat) in zip(clients, (("gpt", 0.15), ("gpt-mini", 0.04),
                                                  ("judge", 0.09)))]
    finally:
        for c in clients:
            c.close()


class Strict(Member):
    def vote(self, q: str) -> str:
        v = super().vote(q)
        if self.name == "b":
            raise ValueError(f"{self.name} abstains")
        return v


def r183_ensemble_member_raises(web: str) -> list[str]:
    members = [Strict(n, web, ms) for n, ms in KMS]
    out = []
    for m in members:
        try:
            out.append(m.vote("s"))
        except ValueError as exc:
            out.append(str(exc))
    return out


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def tmp(env: Env) -> tuple:
    return (str(env.tmp),)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def an(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_an(env: Env) -> tuple:
    return (openai_client(env), anthropic_client(env))


def oa_url(env: Env) -> tuple:
    return (env.openai_url,)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _fan(fn: Any, **kw: Any) -> Case:
    return Case("fanout", fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                latency=FAN_LAT, load=FAN_LOAD, ideal=kw.pop("ideal", FAN_IDEAL),
                rlimit_nofile=NOFILE, **kw)


_OWN3 = (3 * CLIENT_CPU + 0.28) / (3 * CLIENT_CPU + 0.15)

ALL: list[Case] = [
    # (1) SDKs
    _sdk(r183_oa_files_upload_list_content, 0.35 / 0.25),
    _sdk(r183_oa_files_retrieve_missing, 0.2 / 0.1, cat="validation"),
    _sdk(r183_oa_models_then_embeddings_checked, O3, cat="validation"),
    _sdk(r183_oa_responses_404_fallback, 0.29 / 0.2, cat="validation"),
    _sdk(r183_oa_chat_validated_listcomp, O3, overlap=3),
    _sdk(r183_oa_chat_validation_raises_mid, cat="validation", speculative_reads=True),
    _sdk(r183_oa_embed_batch_then_chat, (0.15 + 0.04 + 0.09) / 0.24),
    _sdk(r183_an_count_tokens_budget, O3, args=an, overlap=3, cat="validation"),
    _sdk(r183_an_batches_lifecycle, 0.2 / 0.15, args=an),
    _sdk(r183_an_and_oa_mixed_validate, 0.28 / 0.24, args=oa_an, cat="validation"),
    # (2) HTTP
    _w(r183_urllib3_pool_three, O3, overlap=3),
    _w(r183_urllib3_fields_loop, cat="validation"),
    _w(r183_urllib3_put_between, (0.15 + 0.04 + 0.09 + 0.04) / (0.15 + 0.04 + 0.09)),
    _w(r183_httpclient_keepalive),
    _w(r183_httpclient_helper_each, O3, overlap=3),
    _w(r183_requests_session_hooks),
    _w(r183_requests_adapter_retry, O3),
    _w(r183_httpx_event_hooks),
    _w(r183_httpx_transport_retries, O3),
    _w(r183_httpx_raise_for_status, cat="validation", speculative_reads=True),
    # (3) sqlite3
    _w(r183_sqlite_row_factory_loop, O3, cat="db", args=web_tmp, setup=_make_db),
    _w(r183_sqlite_dict_factory, O3, cat="db", args=web_tmp, setup=_make_db, overlap=3),
    _w(r183_sqlite_executemany_after_gets, O3, cat="db", args=web_tmp, overlap=3),
    _w(r183_sqlite_transaction_rollback, cat="db", args=web_tmp),
    _w(r183_sqlite_two_connections, cat="db", args=web_tmp),
    _w(r183_sqlite_helper_then_gets, O3, cat="db", args=web_tmp, setup=_make_db),
    # (4) files
    _w(r183_csv_rows_get_write, O3, cat="files", args=web_tmp, setup=_write_csv, overlap=3),
    _w(r183_gzip_lines_get, O3, cat="files", args=web_tmp, setup=_write_gz),
    _w(r183_zipfile_write_then_read, cat="files", args=web_tmp),
    _w(r183_shutil_copy_then_read, cat="files", args=web_tmp),
    _w(r183_scandir_slow_reads, O3, cat="files", args=tmp, servers="", setup=_write_parts),
    _w(r183_textio_shared_reader, O3, cat="files"),
    _w(r183_textio_header_body_helpers, O3, cat="files", overlap=3),
    # (5) threads
    _w(r183_own_executor_then_get, cat="threads"),
    _w(r183_timer_put_then_get, cat="threads"),
    _w(r183_barrier_workers, cat="threads"),
    _w(r183_priority_queue_drain, O3, cat="threads"),
    _w(r183_event_worker_put, cat="threads"),
    # (6) caches, counters, generators
    _w(r183_cache_on_method, O3, cat="state"),
    _w(r183_count_ids_in_puts, cat="state"),
    _w(r183_cycle_latencies, 2 * O3, cat="state"),
    _w(r183_tee_generator, cat="state"),
    _w(r183_generator_send, O3, cat="state"),
    _w(r183_memo_dict_local, O3, cat="state"),
    _w(r183_generator_send_puts, cat="state"),
    _w(r183_count_in_listcomp, O3, cat="state", overlap=3),
    # (7) sleeps
    _w(r183_poll_job_backoff, cat="sleep"),
    _w(r183_spacing_between_gets, cat="sleep", spacing=0.05),
    _w(r183_sleep_latency_helpers, O3, cat="sleep", args=lambda env: (), servers=""),
    _w(r183_retry_backoff_helper, cat="sleep"),
    _w(r183_sleep_value_then_put, (0.15 + 0.04 + 0.09 + 0.04) / (0.15 + 0.04 + 0.09), cat="sleep"),
    # (8) fan-out
    _fan(r183_fan_urllib3_pool),
    _fan(r183_fan_httpx_client),
    _fan(r183_fan_files_then_summary, args=tmp, servers="", setup=_write_many,
         ideal=10.0),
    _fan(r183_fan_httpclient_loop),
    # (9) ensembles
    _w(r183_ensemble_sessions_vote, O3, cat="ensemble", overlap=3),
    _w(r183_ensemble_loop_print, O3, cat="ensemble", overlap=3),
    _sdk(r183_ensemble_openai_panel_judge, (0.28 + 0.05) / 0.2, cat="ensemble", overlap=3),
    _sdk(r183_ensemble_own_clients, _OWN3, cat="ensemble", args=oa_url),
    _w(r183_ensemble_member_raises, cat="ensemble"),
]

FIXED_WHY: dict[str, str] = {
    "r183_oa_responses_404_fallback": (
        "api log: POST /v1/responses for 'two' arrives before the fallback chat call of 'one' "
        "(and sometimes before the responses POST of 'one'). The JIT takes "
        "`client.responses.create` for an order-free model call (docs/jit.md's table) and "
        "starts every item's call, which opens a `try`, up front; the corpus server counts "
        "a POST to /v1/responses as a write (it is not among `_ORDER_FREE`), whose order it "
        "compares. The Responses API stores each response by default (`store=True`), so "
        "either the rule or the server's list is wrong; the two disagree. Mended in the "
        "server: issue 13 names responses among the model calls, so `_ORDER_FREE` has it."
    ),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
