"""Red-team cases (stop 203): everyday scripts that mix GETs and LLM calls with the
standard library: files read and written with pathlib and open(), csv and json lines,
disk caches keyed by hashlib, checkpoints written after each item, configparser and
tomllib configuration, an environment variable, os.walk over a folder, a chdir, sqlite3
inputs and results, functools and dict caches on fetch helpers, a generator paging an API,
a queue fed by a thread of the user's, a pool of the user's writing files, dataclass
records, a Counter, logging at several levels (to stdout with where each record came from,
to a file by basicConfig), async model calls. Each is run against the plain function:
value, stdout, logs, the servers' request logs and the files left in the run's directory.

None differs. Six send a model call the plain code never reaches: a model call may cross
file and database writes, so it is started early, and when a write before it fails (a
missing folder, a file that exists, json.dump of a datetime, a UNIQUE constraint) it has
been sent. docs/jit.md states that allowance; those cases are judged with it
(`speculative_reads`).
"""

from __future__ import annotations

import configparser
import contextlib
import csv
import dataclasses
import functools
import hashlib
import json
import logging
import os
import queue
import sqlite3
import threading
import tomllib
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

log = corpus_logger("r203")


def _get(web: str, key: str, ms: int = 100) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _inputs(env: Env) -> None:
    (env.tmp / "keys.txt").write_text("alpha\nbeta\ngamma\n")


def _folder(env: Env) -> None:
    inbox = env.tmp / "inbox"
    inbox.mkdir()
    for name, key in (("a.txt", "alpha"), ("b.txt", "beta"), ("c.txt", "gamma")):
        (inbox / name).write_text(key + "\n")
    (inbox / "skip.md").write_text("not a key\n")


def _config(env: Env) -> None:
    (env.tmp / "app.ini").write_text("[fetch]\nkeys = alpha,beta\nms = 120\n"
                                     "[out]\nname = report.txt\n")
    (env.tmp / "app.toml").write_text('keys = ["alpha", "beta", "gamma"]\nms = 90\n'
                                      '[out]\nname = "out.jsonl"\n')


def _db(env: Env) -> None:
    with contextlib.closing(sqlite3.connect(env.tmp / "jobs.db")) as conn:
        conn.execute("CREATE TABLE inputs (id INTEGER PRIMARY KEY, key TEXT)")
        conn.execute("CREATE TABLE results (key TEXT, value TEXT)")
        conn.executemany("INSERT INTO inputs (key) VALUES (?)",
                         [("alpha",), ("beta",), ("gamma",)])
        conn.commit()


def _checkpoint(env: Env) -> None:
    (env.tmp / "checkpoint.json").write_text(json.dumps({"done": ["alpha"]}))


def r203_fetch_each_append_line(folder: str, web: str) -> int:
    out = Path(folder) / "results.txt"
    for key in ("alpha", "beta", "gamma"):
        value = _get(web, key)
        with open(out, "a") as f:
            f.write(f"{key}\t{value}\n")
    return len(out.read_text().splitlines())


def r203_csv_dictwriter_rows(folder: str, web: str) -> str:
    path = Path(folder) / "report.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value", "length"])
        w.writeheader()
        for key in ("alpha", "beta", "gamma"):
            value = _get(web, key)
            w.writerow({"key": key, "value": value, "length": len(value)})
    return path.read_text()


def r203_read_unflushed_file(folder: str, web: str) -> list[str]:
    path = Path(folder) / "partial.txt"
    f = open(path, "w")  # noqa: SIM115
    seen = []
    for key in ("alpha", "beta"):
        f.write(_get(web, key) + "\n")
        seen.append(path.read_text())  # buffered: nothing on disk yet
    f.flush()
    seen.append(path.read_text())
    f.close()
    return seen


def r203_inputs_from_file(folder: str, web: str) -> dict[str, str]:
    keys = Path(folder, "keys.txt").read_text().split()
    return {k: _get(web, k) for k in keys}


def r203_file_queue_grows_while_read(folder: str, web: str) -> list[str]:
    todo = Path(folder) / "keys.txt"
    done = []
    with open(todo) as f:
        for line in f:
            key = line.strip()
            value = _get(web, key, 60)
            done.append(value)
            if key == "alpha":
                with open(todo, "a") as more:
                    more.write("alpha-child\n")
    return done


def r203_disk_cache_hashlib(folder: str, web: str) -> list[str]:
    cache = Path(folder) / "cache"
    cache.mkdir(exist_ok=True)
    out = []
    for key in ("alpha", "beta", "alpha", "gamma"):
        name = hashlib.sha256(key.encode()).hexdigest()[:16]
        path = cache / f"{name}.json"
        if path.exists():
            out.append(json.loads(path.read_text())["value"] + " (cached)")
            continue
        value = _get(web, key)
        path.write_text(json.dumps({"value": value}))
        out.append(value)
    return out


def cached_fetch(cache: Path, web: str, key: str) -> str:
    path = cache / (hashlib.md5(key.encode()).hexdigest() + ".txt")
    if path.is_file():
        return path.read_text()
    value = _get(web, key)
    path.write_text(value)
    return value


def r203_disk_cache_helper_comprehension(folder: str, web: str) -> list[str]:
    cache = Path(folder) / "c"
    cache.mkdir()
    return [cached_fetch(cache, web, k) for k in ("alpha", "beta", "beta", "alpha")]


WEB_URL = {"url": ""}


def _set_web(env: Env) -> None:
    WEB_URL["url"] = env.web
    lru_fetch.cache_clear()
    MEMO.clear()


@functools.lru_cache(maxsize=32)
def lru_fetch(key: str) -> str:
    print("fetching", key)
    return _get(WEB_URL["url"], key)



def r203_lru_cache_duplicates() -> list[Any]:
    values = [lru_fetch(k) for k in ("alpha", "beta", "alpha", "gamma", "beta")]
    info = lru_fetch.cache_info()
    return [values, info.hits, info.misses]


MEMO: dict[str, str] = {}


def memo_fetch(key: str) -> str:
    if key not in MEMO:
        MEMO[key] = _get(WEB_URL["url"], key)
        log.debug("miss %s", key)
    else:
        log.debug("hit %s", key)
    return MEMO[key]


def r203_dict_cache_logged() -> list[str]:
    return [memo_fetch(k) for k in ("a", "b", "a", "c", "b")]


def r203_checkpoint_after_each(folder: str, web: str) -> list[str]:
    ckpt = Path(folder) / "checkpoint.json"
    state = json.loads(ckpt.read_text())
    results = []
    for key in ("alpha", "beta", "gamma"):
        if key in state["done"]:
            log.info("skip %s", key)
            continue
        results.append(_get(web, key))
        state["done"].append(key)
        ckpt.write_text(json.dumps(state))
    return results


def r203_checkpoint_tmp_then_replace(folder: str, web: str) -> dict[str, str]:
    root = Path(folder)
    done: dict[str, str] = {}
    for key in ("alpha", "beta", "gamma"):
        done[key] = _get(web, key)
        tmp = root / "state.json.tmp"
        tmp.write_text(json.dumps(done, sort_keys=True))
        os.replace(tmp, root / "state.json")
    return json.loads((root / "state.json").read_text())


def r203_configparser_then_fetch(folder: str, web: str) -> str:
    cfg = configparser.ConfigParser()
    cfg.read(Path(folder) / "app.ini")
    keys = cfg["fetch"]["keys"].split(",")
    ms = cfg.getint("fetch", "ms")
    lines = [f"{k}: {_get(web, k, ms)}" for k in keys]
    out = Path(folder) / cfg["out"]["name"]
    out.write_text("\n".join(lines) + "\n")
    return out.read_text()


def r203_tomllib_then_fetch(folder: str, web: str) -> int:
    with open(Path(folder) / "app.toml", "rb") as f:
        conf = tomllib.load(f)
    with open(Path(folder) / conf["out"]["name"], "w") as out:
        for key in conf["keys"]:
            out.write(json.dumps({key: _get(web, key, conf["ms"])}) + "\n")
    return len(conf["keys"])


def r203_environ_set_then_read(web: str) -> list[str]:
    def fetch(key: str) -> str:
        ms = int(os.environ.get("R203_MS", "50"))
        return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).url.split("?")[1]

    out = [fetch("a")]
    os.environ["R203_MS"] = "120"
    try:
        out.append(fetch("b"))
    finally:
        del os.environ["R203_MS"]
    out.append(fetch("c"))
    return out


def r203_walk_folder_fetch_each(folder: str, web: str) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(Path(folder) / "inbox"):
        for name in sorted(files):
            if name.endswith(".txt"):
                found.append(os.path.join(root, name))
    out = []
    for path in found:
        key = Path(path).read_text().strip()
        out.append(_get(web, key))
    return out


def r203_chdir_relative_files(folder: str, web: str) -> list[str]:
    sub = Path(folder) / "work"
    sub.mkdir()
    with contextlib.chdir(folder):
        Path("top.txt").write_text(_get(web, "alpha"))
        with contextlib.chdir("work"):
            Path("inner.txt").write_text(_get(web, "beta"))
        Path("after.txt").write_text(_get(web, "gamma"))
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*.txt"))


def r203_sqlite_select_fetch_insert(folder: str, web: str) -> list[tuple]:
    conn = sqlite3.connect(Path(folder) / "jobs.db")
    keys = [row[0] for row in conn.execute("SELECT key FROM inputs ORDER BY id")]
    for key in keys:
        conn.execute("INSERT INTO results VALUES (?, ?)", (key, _get(web, key)))
    conn.commit()
    rows = conn.execute("SELECT * FROM results").fetchall()
    conn.close()
    return rows


def r203_sqlite_transaction_rolls_back(folder: str, web: str) -> list[Any]:
    conn = sqlite3.connect(Path(folder) / "jobs.db")
    try:
        with conn:
            for key in ("alpha", "missing-x", "gamma"):
                r = requests.get(f"{web}/items/{key}?ms=60", timeout=5)
                r.raise_for_status()
                conn.execute("INSERT INTO results VALUES (?, ?)", (key, r.json()["value"]))
    except requests.HTTPError as exc:
        log.warning("rolled back: %s", exc.response.status_code)
    n = conn.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    conn.close()
    return [n]


def pages(web: str) -> Any:
    n = 1
    while True:
        body = requests.get(f"{web}/items/page{n}?ms=60", timeout=5).json()["value"]
        if not body:
            return
        yield body.split(",")
        n += 1


def _pages_set(env: Env) -> None:
    for n, body in ((1, "a,b"), (2, "c"), (3, "d"), (4, "")):
        requests.put(f"{env.web}/items/page{n}", data=body, timeout=5)


def r203_page_until_empty(folder: str, web: str) -> int:
    total = 0
    with open(Path(folder) / "items.txt", "w") as f:
        for page in pages(web):
            for item in page:
                f.write(item + "\n")
                total += 1
    return total


def r203_page_generator_break(folder: str, web: str) -> list[str]:
    got = []
    for page in pages(web):
        got.extend(page)
        if len(got) >= 3:
            break
    Path(folder, "first.txt").write_text(",".join(got))
    return got


@dataclasses.dataclass
class Record:
    key: str
    value: str
    stamp: str
    ident: str


def r203_dataclass_records_dumped(folder: str, web: str) -> list[dict[str, str]]:
    base = datetime(2024, 1, 1, 12, 0)
    records = []
    for i, key in enumerate(("alpha", "beta", "gamma")):
        value = _get(web, key)
        records.append(Record(key, value, (base + timedelta(minutes=i)).isoformat(),
                              str(uuid.uuid5(uuid.NAMESPACE_URL, key))))
    Path(folder, "records.json").write_text(
        json.dumps([dataclasses.asdict(r) for r in records], indent=1))
    return [dataclasses.asdict(r) for r in records]


def r203_counter_tally_logged(web: str) -> dict[str, int]:
    tally: Counter[str] = Counter()
    for key in ("a", "bb", "a", "ccc"):
        value = _get(web, key, 70)
        tally[value[:3]] += 1
        log.debug("tally now %s", dict(tally))
    most = tally.most_common(1)[0]
    log.info("most common %s x%d", *most)
    return dict(tally)



def r203_queue_producer_consumer(folder: str, web: str) -> list[str]:
    q: queue.Queue[str | None] = queue.Queue()

    def produce() -> None:
        for line in Path(folder, "keys.txt").read_text().split():
            q.put(line)
        q.put(None)

    t = threading.Thread(target=produce)
    t.start()
    out = []
    with open(Path(folder) / "consumed.txt", "w") as f:
        while (key := q.get()) is not None:
            value = _get(web, key, 60)
            f.write(value + "\n")
            out.append(value)
    t.join()
    return out


def r203_summarise_then_save(folder: str, client: Any) -> list[str]:
    out = Path(folder) / "summaries"
    out.mkdir()
    names = []
    for name, text in (("one", "rivers"), ("two", "mountains"), ("three", "deserts")):
        reply = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Summarise: {text}"}])
        (out / f"{name}.md").write_text(reply.choices[0].message.content)
        names.append(name)
        print("saved", name)
    return sorted(os.listdir(out)) + names


def r203_llm_disk_cache(folder: str, client: Any) -> list[str]:
    cache = Path(folder) / "llm-cache"
    cache.mkdir()
    answers = []
    for prompt in ("capital of France", "capital of Peru", "capital of France"):
        key = hashlib.sha1(prompt.encode()).hexdigest()
        path = cache / key
        if path.exists():
            answers.append(path.read_text())
            continue
        reply = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": prompt}])
        text = reply.choices[0].message.content
        path.write_text(text)
        answers.append(text)
    return answers


def _fw(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _fc(env: Env) -> tuple:
    return (str(env.tmp), openai_client(env))


def _f(fn: Any, ideal: float = 1.0, setup: Any = None, **kw: Any) -> Case:
    return Case("files", fn, args=_fw, servers="web", ideal=ideal, setup=setup, **kw)


def ask(client: Any, prompt: str, model: str = "gpt") -> str:
    reply = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content


def r203_llm_loop_save_into_missing_subdir(folder: str, client: Any) -> list[str]:
    out = Path(folder) / "summaries"
    out.mkdir()
    saved = []
    for name in ("one", "sub/two", "three"):
        text = ask(client, f"Summarise {name}")
        (out / f"{name}.md").write_text(text)
        saved.append(name)
    return saved


def r203_llm_after_mkdir_exists(folder: str, client: Any) -> list[str]:
    a = ask(client, "first")
    os.mkdir(Path(folder) / "run")
    os.mkdir(Path(folder) / "run")
    b = ask(client, "second")
    return [a, b]


def r203_llm_after_unique_violation(folder: str, client: Any) -> list[str]:
    conn = sqlite3.connect(Path(folder) / "answers.db")
    conn.execute("CREATE TABLE answers (q TEXT PRIMARY KEY, a TEXT)")
    out = []
    try:
        for q in ("alpha", "beta", "alpha", "gamma"):
            a = ask(client, q)
            conn.execute("INSERT INTO answers VALUES (?, ?)", (q, a))
            conn.commit()
            out.append(a)
    finally:
        conn.close()
    return out


def r203_llm_after_open_x_exists(folder: str, client: Any) -> list[str]:
    out = []
    for name in ("a", "b", "a", "c"):
        text = ask(client, name)
        with open(Path(folder) / f"{name}.txt", "x") as f:
            f.write(text)
        out.append(text)
    return out


def r203_llm_after_failing_json_dump(folder: str, client: Any) -> list[str]:
    a = ask(client, "first")
    with open(Path(folder) / "state.json", "w") as f:
        json.dump({"answer": a, "when": datetime(2024, 1, 1)}, f)
    b = ask(client, "second")
    return [a, b]


def _one_done(env: Env) -> None:
    out = env.tmp / "out"
    out.mkdir()
    (out / "two.md").write_text("done earlier\n")


def r203_llm_resume_skip_existing(folder: str, client: Any) -> list[str]:
    out = Path(folder) / "out"
    made = []
    for name in ("one", "two", "three", "one"):
        path = out / f"{name}.md"
        if path.exists():
            print("skip", name)
            continue
        path.write_text(ask(client, f"write about {name}"))
        made.append(name)
    return made


def r203_llm_prompt_has_lastrowid(folder: str, client: Any) -> list[Any]:
    conn = sqlite3.connect(Path(folder) / "jobs.db")
    cur = conn.cursor()
    cur.execute("INSERT INTO inputs (key) VALUES ('delta')")
    rid = cur.lastrowid
    a = ask(client, f"job {rid}")
    cur.execute("INSERT INTO inputs (key) VALUES ('eps')")
    rid2 = cur.lastrowid
    b = ask(client, f"job {rid2}")
    conn.commit()
    conn.close()
    return [rid, rid2, a, b]


class Api:
    def __init__(self, web: str) -> None:
        self.web = web
        self.session: requests.Session | None = None

    def __enter__(self) -> Api:
        self.session = requests.Session()
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self.session is not None
        self.session.close()
        print("api closed")

    def get(self, key: str) -> str:
        assert self.session is not None
        return self.session.get(f"{self.web}/items/{key}?ms=100", timeout=5).json()["value"]


def r203_api_class_context(web: str) -> list[str]:
    with Api(web) as api:
        values = [api.get(k) for k in ("a", "b", "c")]
        print("fetched", len(values))
    return values


def safe_fetch(web: str, key: str) -> str | None:
    try:
        r = requests.get(f"{web}/items/{key}?ms=90", timeout=5)
        r.raise_for_status()
        return r.json()["value"]
    except requests.HTTPError as exc:
        log.warning("skipping %s: HTTP %d", key, exc.response.status_code)
        return None


def r203_safe_fetch_skips_missing(folder: str, web: str) -> list[str | None]:
    values = [safe_fetch(web, k) for k in ("a", "missing-b", "c", "missing-d")]
    kept = [v for v in values if v is not None]
    Path(folder, "kept.txt").write_text("\n".join(kept))
    return values


WHERE = "%(levelname)s %(module)s.%(funcName)s:%(lineno)d [%(threadName)s] %(message)s"


WLOG = logging.getLogger("corpus.r203.where")


def where_fetch(web: str, key: str) -> str:
    v = _get(web, key, 90)
    WLOG.info("fetched %s", key)
    return v


def r203_stdout_where_in_helper(folder: str, web: str) -> list[str]:
    return [where_fetch(web, k) for k in ("a", "b", "c")]


def _where_stdout(f: Any, env: Env) -> Any:
    """The helper's records also go to stdout, formatted with their function, line and
    thread (a record made on another thread, or by rewritten code, would say so)."""
    import sys

    WLOG.setLevel(logging.DEBUG)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(WHERE))
    WLOG.addHandler(handler)
    try:
        return f(str(env.tmp), env.web)
    finally:
        WLOG.removeHandler(handler)


def _csv_in(env: Env) -> None:
    (env.tmp / "in.csv").write_text("key,ms\nalpha,90\nbeta,90\ngamma,90\nSTOP,0\ndelta,90\n")


def r203_csv_line_num_in_output(folder: str, web: str) -> list[str]:
    out = []
    with open(Path(folder) / "in.csv", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            if row[0] == "STOP":
                break
            v = _get(web, row[0], int(row[1]))
            out.append(f"line {reader.line_num}: {v}")
    return out


def r203_csv_rows_comprehension(folder: str, web: str) -> list[str]:
    with open(Path(folder) / "in.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["key"] != "STOP"]
    return [_get(web, r["key"], int(r["ms"])) for r in rows]


def strict_get(web: str, key: str, ms: int = 90) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def r203_finally_saves_partial(folder: str, web: str) -> dict[str, str]:
    results: dict[str, str] = {}
    try:
        for k in ("a", "b", "missing-c", "d"):
            results[k] = strict_get(web, k)
    finally:
        Path(folder, "partial.json").write_text(json.dumps(results))
        print("saved", len(results))
    return results


def r203_except_log_continue(folder: str, web: str) -> list[str]:
    out = []
    for k in ("a", "missing-b", "c", "missing-d", "e"):
        try:
            v = strict_get(web, k)
        except requests.HTTPError as exc:
            log.error("failed %s: %s", k, exc.response.status_code)
            continue
        out.append(v)
        print("ok", k)
    Path(folder, "ok.txt").write_text("\n".join(out))
    return out


def r203_load_or_fetch(folder: str, web: str) -> list[Any]:
    p = Path(folder) / "data.json"
    if p.exists():
        data = json.loads(p.read_text())
        print("loaded from disk")
    else:
        data = {k: _get(web, k) for k in ("a", "b")}
        p.write_text(json.dumps(data))
        print("fetched")
    extra = _get(web, "extra")
    return [data, extra]


def _fw3(fn: Any, ideal: float = 1.0, setup: Any = None, **kw: Any) -> Case:
    return Case("files", fn, args=_fw, servers="web", ideal=ideal, setup=setup, calls=3,
                **kw)


def r203_pool_workers_write_then_listdir(folder: str, web: str) -> list[Any]:
    out = Path(folder) / "pool"
    out.mkdir()

    def work(key: str) -> str:
        value = _get(web, key, 40)
        (out / f"{key}.txt").write_text(value)
        return key

    pool = ThreadPoolExecutor(max_workers=2)
    futs = [pool.submit(work, k) for k in ("a", "b", "c")]
    other = _get(web, "other", 120)
    done = [f.result() for f in futs]
    names = sorted(os.listdir(out))
    pool.shutdown()
    return [other, done, names]


def r203_llm_embed_store_then_chat(folder: str, client: Any) -> list[Any]:
    docs = ["rivers flow", "mountains rise", "deserts dry"]
    conn = sqlite3.connect(Path(folder) / "vectors.db")
    conn.execute("CREATE TABLE vec (doc TEXT, v TEXT)")
    for d in docs:
        e = client.embeddings.create(model="embed", input=d).data[0].embedding
        conn.execute("INSERT INTO vec VALUES (?, ?)", (d, json.dumps(e)))
    conn.commit()
    q = client.embeddings.create(model="embed", input="water").data[0].embedding
    best = max(conn.execute("SELECT doc, v FROM vec").fetchall(),
               key=lambda row: sum(a * b for a, b in zip(q, json.loads(row[1]), strict=True)))
    conn.close()
    answer = ask(client, f"talk about {best[0]}")
    return [best[0], answer]


def r203_main_basicconfig_file(folder: str, client: Any) -> int:
    logging.basicConfig(filename=str(Path(folder) / "app.log"), level=logging.WARNING,
                        format="%(levelname)s:%(name)s:%(message)s", force=True)
    logger = logging.getLogger("r203app")
    logger.setLevel(logging.INFO)
    logger.info("starting")
    n = 0
    for topic in ("rivers", "hills", "lakes"):
        text = ask(client, topic)
        logger.info("got %d chars for %s", len(text), topic)
        n += len(text)
    logger.warning("total %d", n)
    size = os.path.getsize(Path(folder) / "app.log")
    return size


def _restore_root(f: Any, env: Env) -> Any:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        return f(str(env.tmp), openai_client(env))
    finally:
        for h in root.handlers:
            if h not in saved[0]:
                h.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def _arun_llm(f: Any, env: Env) -> Any:
    import asyncio

    import openai

    async def go() -> Any:
        client = openai.AsyncOpenAI(api_key="sk-corpus-dummy", base_url=env.openai_url,
                                    max_retries=0)
        try:
            return await f(str(env.tmp), client)
        finally:
            await client.close()
    return asyncio.run(go())


async def r203_async_llm_loop_save(folder: str, client: Any) -> list[str]:
    out = []
    for name in ("one", "two", "three"):
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": name}])
        text = r.choices[0].message.content
        Path(folder, f"{name}.txt").write_text(text)
        print("saved", name)
        out.append(text)
    return out


async def r203_async_llm_failing_write(folder: str, client: Any) -> list[str]:
    out = []
    for name in ("one", "sub/two", "three"):
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": name}])
        text = r.choices[0].message.content
        Path(folder, f"{name}.txt").write_text(text)
        out.append(text)
    return out


# --------------------------------------------------------------------------- the cases


ALL: list[Case] = [
    # fetch, then write
    _f(r203_fetch_each_append_line, 3.0),
    _f(r203_csv_dictwriter_rows, 3.0),
    _f(r203_read_unflushed_file, 2.0),
    _f(r203_inputs_from_file, 3.0, _inputs, overlap=3),
    _f(r203_file_queue_grows_while_read, 4.0, _inputs),
    # caches: on disk, functools, a dict
    _f(r203_disk_cache_hashlib, 3.0),
    _f(r203_disk_cache_helper_comprehension, 2.0),
    Case("helpers", r203_lru_cache_duplicates, setup=_set_web, servers="web", ideal=3.0),
    Case("helpers", r203_dict_cache_logged, setup=_set_web, servers="web", ideal=3.0),
    # checkpoints
    _f(r203_checkpoint_after_each, 2.0, _checkpoint),
    _f(r203_checkpoint_tmp_then_replace, 3.0),
    _fw3(r203_load_or_fetch, 5 / 3),
    # configuration
    _f(r203_configparser_then_fetch, 2.0, _config),
    _f(r203_tomllib_then_fetch, 3.0, _config),
    Case("state", r203_environ_set_then_read, args=lambda env: (env.web,), servers="web",
         ideal=220 / 120),
    # folders
    _f(r203_walk_folder_fetch_each, 3.0, _folder, overlap=3),
    _f(r203_chdir_relative_files, 3.0),
    # sqlite3
    Case("db", r203_sqlite_select_fetch_insert, args=_fw, servers="web", setup=_db, ideal=3.0),
    Case("db", r203_sqlite_transaction_rolls_back, args=_fw, servers="web", setup=_db,
         ideal=2.0, speculative_reads=True),
    # paging
    _f(r203_page_until_empty, 1.0, _pages_set),
    _f(r203_page_generator_break, 1.0, _pages_set),
    # records, tallies, csv inputs
    _f(r203_dataclass_records_dumped, 3.0),
    Case("helpers", r203_counter_tally_logged, args=lambda env: (env.web,), servers="web",
         ideal=4.0),
    _f(r203_csv_line_num_in_output, 3.0, _csv_in),
    _f(r203_csv_rows_comprehension, 4.0, _csv_in, overlap=4),
    # the user's classes, helpers, threads and queues
    Case("clients", r203_api_class_context, args=lambda env: (env.web,), servers="web",
         ideal=3.0, overlap=3),
    _f(r203_safe_fetch_skips_missing, 4.0, overlap=4),
    Case("helpers", r203_stdout_where_in_helper, drive=_where_stdout, servers="web",
         ideal=3.0, overlap=3),
    Case("threads", r203_queue_producer_consumer, args=_fw, servers="web", setup=_inputs,
         ideal=3.0),
    Case("threads", r203_pool_workers_write_then_listdir, args=_fw, servers="web"),
    # failures partway
    _f(r203_finally_saves_partial, 3.0, speculative_reads=True),
    _f(r203_except_log_continue, 5.0, speculative_reads=True),
    # LLM calls with files and databases
    Case("sdk", r203_summarise_then_save, args=_fc, servers="api", ideal=3.0, overlap=3),
    Case("sdk", r203_llm_disk_cache, args=_fc, servers="api", ideal=2.0),
    Case("sdk", r203_llm_resume_skip_existing, args=_fc, servers="api", setup=_one_done,
         ideal=2.0),
    Case("sdk", r203_llm_prompt_has_lastrowid, args=_fc, servers="api", setup=_db, ideal=2.0),
    Case("sdk", r203_llm_embed_store_then_chat, args=_fc, servers="api", ideal=2.5),
    Case("sdk", r203_main_basicconfig_file, drive=_restore_root, servers="api", ideal=3.0),
    Case("sdk", r203_async_llm_loop_save, drive=_arun_llm, servers="api", ideal=3.0,
         overlap=3),
    # (documented: model calls may cross database writes, and be sent when one fails)
    Case("sdk", r203_llm_after_unique_violation, args=_fc, servers="api", ideal=3.0,
         speculative_reads=True),
    # (documented the same way: model calls may cross file writes, and be sent when one
    # fails; judged with that allowance, as red-team 54's file_write_fails_before_chat)
    Case("sdk", r203_llm_loop_save_into_missing_subdir, args=_fc, servers="api", ideal=2.0,
         speculative_reads=True),
    Case("sdk", r203_llm_after_open_x_exists, args=_fc, servers="api", ideal=3.0,
         speculative_reads=True),
    Case("sdk", r203_llm_after_failing_json_dump, args=_fc, servers="api",
         speculative_reads=True),
    Case("sdk", r203_llm_after_mkdir_exists, args=_fc, servers="api", speculative_reads=True),
    Case("sdk", r203_async_llm_failing_write, drive=_arun_llm, servers="api", ideal=2.0,
         speculative_reads=True),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
