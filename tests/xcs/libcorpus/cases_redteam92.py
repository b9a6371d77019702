"""Red-team cases (stop 92): retrieval-augmented and batch LLM programs with caches and
checkpoints.

Documents are retrieved by GET (requests, httpx) from the web server, embedded
(``client.embeddings``) or summarised by model calls (Ember's ``models`` and
``models.instance`` on ``sim/`` models, or the openai SDK), ranked, answered; answers are
cached in sqlite or a JSON file keyed by the question (read the cache first, call on a miss,
write after), runs resume from JSON or CSV checkpoints, and progress is logged. Sibling calls
get unequal latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases
that differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import functools
import hashlib
import json
import logging
import logging.handlers
import math
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from ember.api import models
from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam92")
#: The batch job's own log file, configured by the application (the drive), not the function.
JOBLOG = logging.getLogger("rt92job")

MS = (150, 30, 90, 60)  # web latencies, slow first
LATS = (0.15, 0.03, 0.09, 0.06)  # model latencies, slow first


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def chat(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def fetch_doc(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def embed(client: Any, text: str) -> list[float]:
    return client.embeddings.create(model="emb", input=text).data[0].embedding


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return round(dot / (na * nb), 6)


def short(x: Any, n: int = 24) -> str:
    return str(x)[:n]


# =========================================================================== retrieve + answer


def rag_get_docs_summarise_each_then_answer(web: str) -> dict[str, Any]:
    """GET three documents, summarise each with a sim model, answer from the summaries."""
    docs = [requests.get(f"{web}/items/doc-{i}?ms={ms}", timeout=5).json()["value"]
            for i, ms in enumerate(MS[:3])]
    sums = [str(models("sim/gpt", f"Summarise: {d}", latency=lat))[:30]
            for d, lat in zip(docs, LATS[:3], strict=True)]
    answer = models("sim/gpt", "Answer from: " + " | ".join(sums), latency=0.04)
    return {"docs": docs, "sums": sums, "answer": short(answer)}


def rag_embed_rank_answer_openai(client: Any, web: str) -> dict[str, Any]:
    """Embed the question and each retrieved doc, rank by cosine, answer with the top two."""
    q = "How long do refunds take?"
    qv = embed(client, q)
    docs = {k: fetch_doc(web, k, ms) for k, ms in zip(("refund", "ship", "login"), MS,
                                                      strict=False)}
    scored = sorted(((cosine(qv, embed(client, text)), k) for k, text in docs.items()),
                    reverse=True)
    top = [k for _, k in scored[:2]]
    ctx = "\n".join(docs[k] for k in top)
    return {"top": top, "answer": chat(client, f"Context:\n{ctx}\nQ: {q}", 0.05)[:30]}


def rag_missing_doc_skipped_with_warning(web: str) -> list[str]:
    """A 404 doc is skipped with a log line; the others are summarised."""
    out = []
    for key, ms in (("a", 150), ("missing-b", 30), ("c", 90)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        if r.status_code == 404:
            LOG.warning("skip %s", key)
            continue
        out.append(short(models("sim/gpt", "sum " + r.json()["value"], latency=0.05)))
    return out


def rag_missing_doc_raises_stops_batch(tmp: str, web: str) -> Any:
    """raise_for_status on the second doc: the third is never summarised, the file holds one."""
    path = Path(tmp) / "sums.jsonl"
    with path.open("w") as f:
        for key, ms in (("a", 150), ("missing-b", 30), ("c", 90)):
            doc = fetch_doc(web, key, ms)
            s = models("sim/gpt", "sum " + doc, latency=0.06)
            f.write(json.dumps({"k": key, "s": short(s)}) + "\n")
    return "done"


def _drive_raises(f: Any, env: Env) -> Any:
    try:
        return f(str(env.tmp), env.web)
    except requests.HTTPError as e:
        return ["HTTPError", str(e)[:20], (env.tmp / "sums.jsonl").read_text()]


def rag_multi_query_expansion(client: Any, web: str) -> dict[str, Any]:
    """Expand the question into variants, retrieve for each, dedupe, answer."""
    variants = [chat(client, f"Rephrase #{i}: cancel order", lat)[:10]
                for i, lat in enumerate((0.12, 0.03, 0.07))]
    seen: list[str] = []
    for i, v in enumerate(variants):
        key = "kb-" + str(len(v) % 2)
        doc = fetch_doc(web, key, MS[i])
        if doc not in seen:
            seen.append(doc)
    return {"variants": variants, "docs": seen,
            "answer": chat(client, "Use " + ";".join(seen), 0.04)[:20]}


def rag_chunk_then_embed_batches(client: Any, web: str) -> list[int]:
    """Split a text into chunks, embed two chunks per request."""
    text = requests.get(f"{web}/text/manual?ms=120", timeout=5).text
    chunks = [c for c in text.split("\n") if c]
    dims = []
    for i in range(0, len(chunks), 2):
        batch = chunks[i:i + 2]
        resp = client.embeddings.create(model="emb", input=batch)
        dims.extend(len(d.embedding) for d in resp.data)
    return dims


# =========================================================================== sqlite caches


def _ask_sim(q: str, lat: float) -> str:
    return str(models("sim/gpt", q, latency=lat))[:40]


def sqlite_cache_read_first_call_on_miss(db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS cache (q TEXT PRIMARY KEY, a TEXT)")
    out = []
    for q, lat in (("why sky blue", 0.15), ("why grass green", 0.03), ("why sky blue", 0.09),
                   ("why sea salty", 0.05)):
        row = conn.execute("SELECT a FROM cache WHERE q = ?", (q,)).fetchone()
        if row is None:
            a = _ask_sim(q, lat)
            conn.execute("INSERT INTO cache VALUES (?, ?)", (q, a))
            conn.commit()
            out.append("miss:" + a[:12])
        else:
            out.append("hit:" + row[0][:12])
    conn.close()
    return out


def sqlite_cache_hash_key_openai(client: Any, db: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS c (h TEXT PRIMARY KEY, a TEXT, hits INT)")
    hits = misses = 0
    answers = []
    for q, lat in (("Capital of France?", 0.14), ("capital of france?", 0.03),
                   ("Capital of Peru?", 0.08)):
        h = hashlib.sha256(q.strip().lower().encode()).hexdigest()[:16]
        row = conn.execute("SELECT a FROM c WHERE h = ?", (h,)).fetchone()
        if row:
            hits += 1
            conn.execute("UPDATE c SET hits = hits + 1 WHERE h = ?", (h,))
            answers.append(row[0])
            continue
        misses += 1
        a = chat(client, q, lat)[:20]
        conn.execute("INSERT INTO c VALUES (?, ?, 0)", (h, a))
        answers.append(a)
    conn.commit()
    total = conn.execute("SELECT SUM(hits) FROM c").fetchone()[0]
    conn.close()
    return {"hits": hits, "misses": misses, "answers": answers, "total": total}


def sqlite_docs_table_filled_by_get_then_summaries(web: str, db: str) -> list[tuple]:
    """Retrieve into a docs table, then summarise every row lacking a summary."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE docs (k TEXT, body TEXT, summary TEXT)")
    for k, ms in zip(("x", "y", "z"), MS, strict=False):
        conn.execute("INSERT INTO docs VALUES (?, ?, NULL)", (k, fetch_doc(web, k, ms)))
    conn.commit()
    todo = conn.execute("SELECT rowid, body FROM docs WHERE summary IS NULL").fetchall()
    for (rowid, body), lat in zip(todo, LATS, strict=False):
        s = _ask_sim("Summarise " + body, lat)[:15]
        conn.execute("UPDATE docs SET summary = ? WHERE rowid = ?", (s, rowid))
    conn.commit()
    rows = conn.execute("SELECT k, summary FROM docs ORDER BY k").fetchall()
    conn.close()
    return rows


def sqlite_insert_or_ignore_then_select(client: Any, db: str) -> list[Any]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE ans (q TEXT PRIMARY KEY, a TEXT)")
    for q, lat in (("one", 0.15), ("two", 0.03), ("one", 0.07)):
        a = chat(client, q, lat)[:12]
        conn.execute("INSERT OR IGNORE INTO ans VALUES (?, ?)", (q, a))
    conn.commit()
    rows = conn.execute("SELECT q, a FROM ans ORDER BY q").fetchall()
    conn.close()
    return rows


# =========================================================================== JSON caches


def json_cache_file_read_first_write_after(tmp: str) -> dict[str, Any]:
    path = Path(tmp) / "cache.json"
    cache = json.loads(path.read_text()) if path.exists() else {}
    calls = 0
    for q, lat in (("tides", 0.15), ("moon", 0.03), ("tides", 0.08), ("sun", 0.05)):
        if q not in cache:
            cache[q] = _ask_sim(f"Explain {q}", lat)[:20]
            calls += 1
            path.write_text(json.dumps(cache, sort_keys=True))
    return {"calls": calls, "keys": sorted(cache)}


def json_cache_helper_reloads_file_each_time(tmp: str) -> list[str]:
    """The cache helper reads the file on every lookup; the write of one question is seen
    by the next lookup of the same question."""
    path = Path(tmp) / "qa.json"
    out = []
    for q, lat in (("x", 0.14), ("y", 0.03), ("x", 0.07), ("y", 0.05)):
        hit = _load_cache(path).get(q)
        if hit is None:
            hit = _ask_sim(q, lat)[:12]
            _save_entry(path, q, hit)
            out.append("new " + hit)
        else:
            out.append("old " + hit)
    return out


def _load_cache(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}


def _save_entry(path: Path, q: str, a: str) -> None:
    data = _load_cache(path)
    data[q] = a
    path.write_text(json.dumps(data, sort_keys=True))


def json_cache_atomic_replace(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "answers.json"
    cache: dict[str, str] = {}
    for q, lat in (("first", 0.15), ("second", 0.03), ("third", 0.08)):
        cache[q] = chat(client, q, lat)[:10]
        part = path.with_suffix(".tmp")
        part.write_text(json.dumps(cache))
        os.replace(part, path)
    return sorted(os.listdir(tmp)) + [path.read_text()[:40]]


def json_cache_dict_setdefault_chain(web: str) -> dict[str, str]:
    """Retrieve per key (some repeat), summarising only the first time a key is seen."""
    cache: dict[str, str] = {}
    for key, ms in (("k1", 150), ("k2", 30), ("k1", 90), ("k3", 60)):
        doc = fetch_doc(web, key, ms)
        if key in cache:
            continue
        cache[key] = short(models("sim/gpt", f"sum {doc}", latency=0.05))
    return cache


@functools.lru_cache(maxsize=32)
def _lru_doc(web: str, key: str, ms: int) -> str:
    return fetch_doc(web, key, ms)


def lru_cached_retrieval_then_answer(web: str) -> list[str]:
    _lru_doc.cache_clear()
    out = []
    for key, ms in (("r1", 150), ("r2", 30), ("r1", 150), ("r3", 60)):
        doc = _lru_doc(web, key, ms)
        out.append(short(models("sim/gpt", f"About {doc}", latency=0.04), 20))
    info = _lru_doc.cache_info()
    return out + [f"{info.hits}/{info.misses}"]


# =========================================================================== checkpoints


def checkpoint_json_resume_skips_done(tmp: str, web: str) -> dict[str, Any]:
    ck = Path(tmp) / "ckpt.json"
    state = json.loads(ck.read_text()) if ck.exists() else {"done": [], "sums": {}}
    for key, ms, lat in (("d1", 150, 0.03), ("d2", 30, 0.12), ("d3", 90, 0.05),
                         ("d4", 40, 0.07)):
        if key in state["done"]:
            LOG.info("skip %s", key)
            continue
        doc = fetch_doc(web, key, ms)
        state["sums"][key] = _ask_sim(f"sum {doc}", lat)[:16]
        state["done"].append(key)
        ck.write_text(json.dumps(state, sort_keys=True))
        LOG.info("checkpoint after %s", key)
    return state


def _setup_ckpt(env: Env) -> None:
    (env.tmp / "ckpt.json").write_text(json.dumps({"done": ["d2"], "sums": {"d2": "old"}}))


def checkpoint_every_two_items(client: Any, tmp: str) -> list[str]:
    ck = Path(tmp) / "progress.json"
    results: list[str] = []
    for i, lat in enumerate((0.15, 0.03, 0.09, 0.05, 0.07)):
        results.append(chat(client, f"item {i}", lat)[:8])
        if (i + 1) % 2 == 0:
            ck.write_text(json.dumps({"n": len(results), "results": results}))
            print("saved", len(results))
    return results


def checkpoint_csv_resume_reads_done(tmp: str) -> list[str]:
    path = Path(tmp) / "done.csv"
    with path.open(newline="") as f:
        done = {row["q"] for row in csv.DictReader(f)}
    new = []
    with path.open("a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["q", "a"])
        for q, lat in (("q1", 0.15), ("q2", 0.03), ("q3", 0.09), ("q4", 0.05)):
            if q in done:
                continue
            a = _ask_sim(q, lat)[:10]
            w.writerow({"q": q, "a": a})
            new.append(q)
    return new + [path.read_text().count("\n")]  # type: ignore[list-item]


def _setup_done_csv(env: Env) -> None:
    (env.tmp / "done.csv").write_text("q,a\nq1,one\nq3,three\n")


def checkpoint_jsonl_read_back_count(client: Any, tmp: str) -> list[int]:
    path = Path(tmp) / "log.jsonl"
    counts = []
    for q, lat in (("a", 0.14), ("b", 0.03), ("c", 0.07)):
        a = chat(client, q, lat)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": a[:10]}) + "\n")
        counts.append(len(path.read_text().splitlines()))
    return counts


def checkpoint_budget_stops_batch(tmp: str) -> dict[str, Any]:
    """Stop when the token budget is spent; the checkpoint says where to resume."""
    used = 0
    done = []
    for i, lat in enumerate((0.15, 0.03, 0.09, 0.05, 0.07)):
        r = models("sim/gpt", f"Summarise chapter {i}", latency=lat)
        used += r.usage.total_tokens
        done.append(i)
        if used > 60:
            break
    (Path(tmp) / "resume.json").write_text(json.dumps({"next": len(done), "used": used}))
    return {"done": done, "used": used}


def checkpoint_exception_keeps_partial(tmp: str, web: str) -> Any:
    ck = Path(tmp) / "partial.json"
    got: dict[str, str] = {}
    try:
        for key, ms in (("ok1", 150), ("ok2", 30), ("missing-3", 60), ("ok4", 40)):
            got[key] = fetch_doc(web, key, ms)
            ck.write_text(json.dumps(got))
    except requests.HTTPError as e:
        return {"stopped": str(e)[:3], "saved": json.loads(ck.read_text())}
    return got


# =========================================================================== batch / dataclasses


@dataclass
class Doc:
    key: str
    body: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)


def dataclass_docs_filled_in_place(web: str) -> list[tuple[str, str, str]]:
    docs = [Doc("m1"), Doc("m2"), Doc("m3")]
    for d, ms in zip(docs, MS, strict=False):
        d.body = fetch_doc(web, d.key, ms)
    for d, lat in zip(docs, LATS, strict=False):
        d.summary = short(models("sim/gpt", f"sum {d.body}", latency=lat), 12)
    return [(d.key, d.body, d.summary) for d in docs]


def batch_threadpool_fetch_then_cache(web: str, db: str) -> list[tuple]:
    keys = [("tp1", 300), ("tp2", 40), ("tp3", 160)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        docs = list(pool.map(lambda kv: fetch_doc(web, *kv), keys))
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (k TEXT, d TEXT, s TEXT)")
    for (k, _), d, lat in zip(keys, docs, LATS, strict=False):
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", (k, d, _ask_sim(d, lat)[:8]))
    conn.commit()
    rows = conn.execute("SELECT * FROM t").fetchall()
    conn.close()
    return rows


def batch_instance_model_over_csv_input(tmp: str) -> list[dict[str, str]]:
    model = models.instance("sim/gpt", temperature=0)
    with (Path(tmp) / "questions.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    for row, lat in zip(rows, LATS, strict=False):
        row["answer"] = str(model(row["question"], latency=lat))[:14]
    with (Path(tmp) / "answers.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "question", "answer"])
        w.writeheader()
        w.writerows(rows)
    return rows


def _setup_questions(env: Env) -> None:
    (env.tmp / "questions.csv").write_text(
        "id,question\n1,What is RAG?\n2,Why cache?\n3,When to resume?\n")


def batch_prints_progress_between_calls(client: Any, web: str) -> int:
    total = 0
    for i, (key, ms) in enumerate((("b1", 150), ("b2", 30), ("b3", 80))):
        print(f"[{i}] fetching {key}")
        doc = fetch_doc(web, key, ms)
        print(f"[{i}] asking about {doc}")
        total += len(chat(client, doc, LATS[2 - i]))
    print("total", total)
    return total


def batch_embeddings_nearest_neighbour_table(client: Any) -> dict[str, str]:
    corpus = ["cats purr", "dogs bark", "birds sing", "fish swim"]
    vecs = {t: embed(client, t) for t in corpus}
    out = {}
    for q in ("kitten", "puppy"):
        qv = embed(client, q)
        out[q] = max(corpus, key=lambda t: (cosine(qv, vecs[t]), t))
    return out


# =========================================================================== async


async def async_gather_retrieve_then_sim_answers(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        rs = await asyncio.gather(*[http.get(f"{web}/items/as-{i}?ms={ms}")
                                    for i, ms in enumerate(MS[:3])])
    docs = [r.json()["value"] for r in rs]
    answers = []
    for d, lat in zip(docs, LATS, strict=False):
        answers.append(short(await models.acall("sim/gpt", f"sum {d}", latency=lat), 14))
    return answers


async def async_cache_dict_await_on_miss(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for q, lat in (("p", 0.15), ("q", 0.03), ("p", 0.08)):
        if q not in cache:
            r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                     extra_body={"latency": lat})
            cache[q] = r.choices[0].message.content[:10]
        out.append(cache[q])
    return out


async def async_sqlite_cache_after_gather(client: Any, tmp: str) -> list[tuple]:
    qs = [("g1", 0.15), ("g2", 0.03), ("g3", 0.08)]
    rs = await asyncio.gather(*[client.chat.completions.create(
        model="gpt", messages=[user(q)], extra_body={"latency": lat}) for q, lat in qs])
    conn = sqlite3.connect(Path(tmp) / "a.db")
    conn.execute("CREATE TABLE c (q TEXT, a TEXT)")
    conn.executemany("INSERT INTO c VALUES (?, ?)",
                     [(q, r.choices[0].message.content[:8]) for (q, _), r in zip(qs, rs,
                                                                                  strict=True)])
    conn.commit()
    rows = conn.execute("SELECT * FROM c ORDER BY q").fetchall()
    conn.close()
    return rows


def _async_oa(args: str) -> Any:
    def drive(f: Any, env: Env) -> Any:
        async def main() -> Any:
            async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                          max_retries=0) as client:
                if args == "tmp":
                    return await f(client, str(env.tmp))
                return await f(client)
        return asyncio.run(main())
    return drive


# =========================================================================== more shapes


def rag_answer_then_cite_check_get(client: Any, web: str) -> dict[str, Any]:
    """Answer, then GET each cited doc to verify it exists (a 404 is a bad citation)."""
    answer = chat(client, "Answer with citations", 0.05)
    cites = ["s1", "missing-s2", "s3"]
    ok = []
    for c, ms in zip(cites, MS, strict=False):
        r = requests.get(f"{web}/items/{c}?ms={ms}", timeout=5)
        ok.append(r.ok)
    return {"answer": answer[:12], "ok": ok}


def rag_cache_in_web_store(web: str) -> list[str]:
    """The cache is the web store: GET the answer key; on 404 call the model and PUT it."""
    out = []
    for q, lat in (("missing-w1", 0.15), ("missing-w2", 0.03), ("missing-w1", 0.08)):
        r = requests.get(f"{web}/items/{q}?ms=40", timeout=5)
        if r.status_code == 404:
            a = _ask_sim(q, lat)[:10]
            requests.put(f"{web}/items/{q}", data=a, timeout=5)
            out.append("miss " + a)
        else:
            out.append("hit " + r.json()["value"])
    return out


def rag_file_docs_and_web_docs_merged(tmp: str, web: str) -> list[str]:
    local = sorted((p.name, p.read_text()) for p in (Path(tmp) / "docs").iterdir())
    remote = [(k, fetch_doc(web, k, ms)) for k, ms in (("w1", 140), ("w2", 30))]
    out = []
    for (name, text), lat in zip(local + remote, (0.12, 0.03, 0.07, 0.05), strict=False):
        out.append(name + ":" + short(models("sim/gpt", f"sum {text}", latency=lat), 10))
    return out


def _setup_docs(env: Env) -> None:
    folder = env.tmp / "docs"
    folder.mkdir()
    (folder / "faq.txt").write_text("Refunds take five days.")
    (folder / "tos.txt").write_text("No reselling.")


def rag_cache_stats_logged_at_end(client: Any, tmp: str) -> dict[str, int]:
    path = Path(tmp) / "stats.json"
    cache: dict[str, str] = {}
    stats = {"hit": 0, "miss": 0}
    for q, lat in (("a", 0.13), ("b", 0.03), ("a", 0.05), ("b", 0.04), ("c", 0.06)):
        try:
            cache[q]
            stats["hit"] += 1
        except KeyError:
            stats["miss"] += 1
            cache[q] = chat(client, q, lat)
    LOG.info("cache stats %s", stats)
    path.write_text(json.dumps(stats))
    return stats


def rag_nested_summaries_tree(web: str) -> str:
    """Summarise pairs of docs, then summarise the summaries (a reduce tree)."""
    docs = [fetch_doc(web, f"n{i}", ms) for i, ms in enumerate((150, 30, 90, 60))]
    level = [_ask_sim(f"{docs[i]} + {docs[i + 1]}", lat)[:20]
             for i, lat in zip((0, 2), (0.12, 0.03), strict=True)]
    return _ask_sim(" / ".join(level), 0.04)


def rag_while_pages_cursor(web: str) -> list[str]:
    """Page through docs until a page is missing, summarising each page."""
    out = []
    page = 0
    while page < 5:
        r = requests.get(f"{web}/items/{'missing-' if page == 3 else ''}page{page}?ms=40",
                         timeout=5)
        if r.status_code != 200:
            break
        out.append(short(models("sim/gpt", r.json()["value"], latency=LATS[page]), 12))
        page += 1
    return out


# =========================================================================== round two


def sqlite_cache_two_connections(db: str) -> list[str]:
    """One connection reads the cache, another writes it (a reader and a writer)."""
    writer = sqlite3.connect(db)
    writer.execute("CREATE TABLE IF NOT EXISTS qa (q TEXT PRIMARY KEY, a TEXT)")
    writer.commit()
    reader = sqlite3.connect(db)
    out = []
    for q, lat in (("m", 0.15), ("n", 0.03), ("m", 0.08)):
        row = reader.execute("SELECT a FROM qa WHERE q = ?", (q,)).fetchone()
        if row:
            out.append("hit " + row[0][:8])
            continue
        a = _ask_sim(q, lat)
        writer.execute("INSERT INTO qa VALUES (?, ?)", (q, a))
        writer.commit()
        out.append("miss " + a[:8])
    reader.close()
    writer.close()
    return out


def _db_get(db: str, q: str) -> str | None:
    with sqlite3.connect(db) as c:
        row = c.execute("SELECT a FROM qa WHERE q = ?", (q,)).fetchone()
    return row[0] if row else None


def _db_put(db: str, q: str, a: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("CREATE TABLE IF NOT EXISTS qa (q TEXT PRIMARY KEY, a TEXT)")
        conn.execute("INSERT OR REPLACE INTO qa VALUES (?, ?)", (q, a))
    conn.close()


def sqlite_cache_helpers_open_per_call(db: str) -> list[str]:
    _db_put(db, "seed", "seeded")
    out = []
    for q, lat in (("r", 0.15), ("s", 0.03), ("r", 0.08), ("seed", 0.05)):
        a = _db_get(db, q)
        if a is None:
            a = _ask_sim(q, lat)[:10]
            _db_put(db, q, a)
        out.append(a)
    return out


def json_dump_dict_comprehension_order(tmp: str) -> str:
    """Answers in a dict comprehension dumped unsorted: the key order is the file's order."""
    keys = ["zeta", "alpha", "mid"]
    answers = {k: _ask_sim(k, lat)[:8] for k, lat in zip(keys, (0.15, 0.03, 0.08),
                                                            strict=True)}
    path = Path(tmp) / "answers.json"
    with path.open("w") as f:
        json.dump(answers, f)
    return path.read_text()


def json_corrupt_checkpoint_restarts(tmp: str) -> dict[str, Any]:
    ck = Path(tmp) / "ck.json"
    try:
        with ck.open() as f:
            state = json.load(f)
    except json.JSONDecodeError:
        LOG.warning("corrupt checkpoint, restarting")
        state = {"i": 0, "out": []}
    for i in range(state["i"], 3):
        state["out"].append(_ask_sim(f"step {i}", LATS[i])[:8])
        state["i"] = i + 1
        with ck.open("w") as f:
            json.dump(state, f)
    return state


def _setup_corrupt(env: Env) -> None:
    (env.tmp / "ck.json").write_text('{"i": 1, "out": [')


def islice_of_map_fetches_only_two(web: str) -> list[str]:
    import itertools
    keys = ["i1", "i2", "i3", "i4"]
    docs = map(lambda k: fetch_doc(web, k, 150 if k == "i1" else 30), keys)
    out = []
    for d in itertools.islice(docs, 2):
        out.append(short(models("sim/gpt", d, latency=0.04), 10))
    return out


def zip_stops_before_generator_fetch(web: str) -> list[tuple[int, str]]:
    keys = ["z1", "z2", "z3"]
    gen = (fetch_doc(web, k, ms) for k, ms in zip(keys, MS, strict=False))
    return list(zip(range(2), gen, strict=False))


def queue_follow_ups_bounded(web: str) -> list[str]:
    """BFS over documents: each answer may enqueue a follow-up key (bounded)."""
    queue = ["root"]
    seen: list[str] = []
    while queue and len(seen) < 4:
        key = queue.pop(0)
        if key in seen:
            continue
        seen.append(key)
        doc = fetch_doc(web, key, 120 if key == "root" else 30)
        a = str(models("sim/gpt", f"links in {doc}", latency=0.04))
        for w in a.split()[2:4]:
            queue.append(w.strip(".:,")[:6] or "x")
    return seen


def web_cache_put_then_list_keys(web: str) -> dict[str, Any]:
    for q, lat in (("cq1", 0.15), ("cq2", 0.03)):
        a = _ask_sim(q, lat)[:10]
        requests.put(f"{web}/items/{q}", data=a, timeout=5)
    listing = requests.get(f"{web}/items?ms=30", timeout=5).json()
    return listing


def early_return_on_cache_hit_file(tmp: str) -> str:
    path = Path(tmp) / "final.txt"
    for q, lat in (("first", 0.15), ("second", 0.03)):
        if path.exists():
            return "cached " + path.read_text()[:10]
        a = _ask_sim(q, lat)
        path.write_text(a)
    return "fell through"


class Checkpointer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def __enter__(self) -> Checkpointer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.path.write_text(json.dumps(self.items))

    def add(self, item: str) -> None:
        self.items.append(item)
        LOG.info("added %d", len(self.items))


def checkpointer_context_manager(tmp: str) -> list[str]:
    with Checkpointer(Path(tmp) / "cp.json") as cp:
        for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
            cp.add(_ask_sim(q, lat)[:8])
    return json.loads((Path(tmp) / "cp.json").read_text())


def doc_hash_cache_dedupes_identical_docs(web: str) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for key, ms in (("same", 150), ("other", 30), ("same", 90)):
        doc = fetch_doc(web, key, ms)
        h = hashlib.md5(doc.encode()).hexdigest()
        if h not in cache:
            cache[h] = _ask_sim(f"summary {doc}", 0.05)[:10]
        out.append(cache[h])
    return out + [str(len(cache))]


# =========================================================================== round three: aliases


def checkpoint_via_latest_symlink(tmp: str) -> list[str]:
    """`latest.json` is a symlink to the checkpoint file: writes go to the target, the resume
    check reads the link."""
    out = []
    for q, lat in (("s1", 0.15), ("s2", 0.03), ("s3", 0.08)):
        state = json.loads((Path(tmp) / "latest.json").read_text())
        a = _ask_sim(f"{q} after {len(state)}", lat)[:8]
        state[q] = a
        (Path(tmp) / "ckpt-1.json").write_text(json.dumps(state))
        out.append(a)
    return out + [(Path(tmp) / "latest.json").read_text()[:60]]


def _setup_symlink(env: Env) -> None:
    (env.tmp / "ckpt-1.json").write_text("{}")
    (env.tmp / "latest.json").symlink_to("ckpt-1.json")


def per_question_file_exists_is_cache(tmp: str) -> list[str]:
    folder = Path(tmp) / "answers"
    folder.mkdir(exist_ok=True)
    out = []
    for q, lat in (("why", 0.15), ("how", 0.03), ("why", 0.08), ("who", 0.05)):
        f = folder / (hashlib.sha1(q.encode()).hexdigest()[:8] + ".txt")
        if f.exists():
            out.append("hit " + f.read_text()[:8])
        else:
            a = _ask_sim(q, lat)
            f.write_text(a)
            out.append("miss " + a[:8])
    return out


def memory_sqlite_cache(client: Any) -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE c (q TEXT PRIMARY KEY, a TEXT)")
    out = []
    for q, lat in (("mm1", 0.15), ("mm2", 0.03), ("mm1", 0.08)):
        row = conn.execute("SELECT a FROM c WHERE q = ?", (q,)).fetchone()
        if row is None:
            a = chat(client, q, lat)[:8]
            conn.execute("INSERT INTO c VALUES (?, ?)", (q, a))
            out.append("miss " + a)
        else:
            out.append("hit " + row[0])
    conn.close()
    return out


def dbm_cache_of_answers(tmp: str) -> list[str]:
    import dbm
    out = []
    with dbm.open(os.path.join(tmp, "cache"), "c") as db:
        for q, lat in (("d1", 0.15), ("d2", 0.03), ("d1", 0.08)):
            if q.encode() in db:
                out.append("hit " + db[q].decode()[:8])
                continue
            a = _ask_sim(q, lat)
            db[q] = a
            out.append("miss " + a[:8])
    return out


def checkpoint_dir_listing_resume(tmp: str, web: str) -> list[str]:
    """Each done doc leaves a marker file; the loop checks the listing before each fetch."""
    out = []
    for key, ms in (("l1", 150), ("l2", 30), ("l1", 90)):
        if f"{key}.done" in os.listdir(tmp):
            out.append("skip " + key)
            continue
        doc = fetch_doc(web, key, ms)
        with open(os.path.join(tmp, f"{key}.done"), "w") as f:
            f.write(doc)
        out.append(doc)
    return out


# =========================================================================== round four: errors


def batch_bad_row_stops_with_checkpoint(tmp: str) -> Any:
    """The third CSV row has no question: the sim model raises on None, after two rows were
    checkpointed and printed; the fourth row is never asked."""
    rows = [{"q": "alpha"}, {"q": "beta"}, {}, {"q": "delta"}]
    ck = Path(tmp) / "ck.json"
    done: list[str] = []
    try:
        for row, lat in zip(rows, LATS, strict=True):
            a = models("sim/gpt", row.get("q"), latency=lat)
            done.append(str(a)[:8])
            ck.write_text(json.dumps(done))
            print("row", len(done), "ok")
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e)[:40], ck.read_text()]
    return done


def openai_bad_request_mid_batch(client: Any, tmp: str) -> Any:
    out = Path(tmp) / "out.jsonl"
    qs = [("a", 0.15), ("b", 0.03), ("", 0.05), ("d", 0.04)]
    with out.open("w") as f:
        for q, lat in qs:
            msgs = [user(q)] if q else []
            try:
                r = client.chat.completions.create(model="gpt", messages=msgs,
                                                   extra_body={"latency": lat})
            except openai.BadRequestError as e:
                f.write(json.dumps({"q": q, "error": e.status_code}) + "\n")
                LOG.warning("bad request for %r", q)
                continue
            f.write(json.dumps({"q": q, "a": r.choices[0].message.content[:8]}) + "\n")
    return out.read_text()


def history_list_grows_between_calls(client: Any, tmp: str) -> list[int]:
    history: list[dict[str, str]] = [{"role": "system", "content": "Answer from docs."}]
    sizes = []
    for q, lat in (("first doc?", 0.15), ("second doc?", 0.03), ("third?", 0.08)):
        history.append(user(q))
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content})
        sizes.append(r.usage.prompt_tokens)
    (Path(tmp) / "history.json").write_text(json.dumps(history))
    return sizes


# =========================================================================== round five: job log files


def _with_job_log(make_handler: Any) -> Any:
    """The application configures the job's log file before it calls the function."""
    def drive(f: Any, env: Env) -> Any:
        handler = make_handler(env.tmp)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        JOBLOG.addHandler(handler)
        JOBLOG.setLevel(logging.INFO)
        JOBLOG.propagate = False
        try:
            return f(str(env.tmp))
        finally:
            JOBLOG.removeHandler(handler)
            handler.close()
    return drive


def _rotating(tmp: Path) -> logging.Handler:
    return logging.handlers.RotatingFileHandler(tmp / "job.log", maxBytes=300, backupCount=3)


def _delayed(tmp: Path) -> logging.Handler:
    return logging.FileHandler(tmp / "job.log", delay=True)


def rotating_job_log_backup_checked(tmp: str) -> list[bool]:
    """Each answer is logged to a rotating job log; the loop reports whether the log has
    rotated yet (a backup file exists)."""
    rotated = []
    for q, lat in (("q1", 0.15), ("q2", 0.03), ("q3", 0.09), ("q4", 0.05)):
        a = models("sim/gpt", f"Summarise {q}", latency=lat)
        JOBLOG.info("answer %s: %s", q, a)
        rotated.append(os.path.exists(os.path.join(tmp, "job.log.1")))
    return rotated


def rotating_job_log_backups_read_at_end(tmp: str) -> list[str]:
    for q, lat in (("q1", 0.15), ("q2", 0.03), ("q3", 0.09)):
        JOBLOG.info("answer %s: %s", q, models("sim/gpt", q, latency=lat))
    return sorted(os.listdir(tmp))


def delayed_job_log_created_on_first_record(tmp: str) -> list[list[str]]:
    """The job log (delay=True) appears on its first record: the loop lists the folder."""
    seen = []
    for q, lat in (("q1", 0.15), ("q2", 0.03)):
        seen.append(sorted(os.listdir(tmp)))
        a = models("sim/gpt", q, latency=lat)
        if "q" in str(a):
            JOBLOG.warning("done %s", q)
    seen.append(sorted(os.listdir(tmp)))
    return seen


# =========================================================================== round six: async caches


_ACACHE: dict[str, str] = {}


async def _acached_chat(client: Any, q: str, lat: float) -> str:
    if q in _ACACHE:
        return "hit " + _ACACHE[q][:8]
    r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                             extra_body={"latency": lat})
    _ACACHE[q] = r.choices[0].message.content
    return "miss " + _ACACHE[q][:8]


async def async_listcomp_of_cached_helper(client: Any) -> list[str]:
    """A list comprehension of awaits on a cached helper: the repeated question must hit."""
    _ACACHE.clear()
    qs = [("rq1", 0.15), ("rq2", 0.03), ("rq1", 0.08), ("rq3", 0.05)]
    return [await _acached_chat(client, q, lat) for q, lat in qs]


async def async_for_loop_local_cache_helper(client: Any, tmp: str) -> list[str]:
    cache: dict[str, str] = {}

    async def ask(q: str, lat: float) -> str:
        if q not in cache:
            cache[q] = (await client.chat.completions.create(
                model="gpt", messages=[user(q)], extra_body={"latency": lat})
            ).choices[0].message.content[:8]
        return cache[q]

    out = []
    for q, lat in (("lq1", 0.15), ("lq2", 0.03), ("lq1", 0.08)):
        out.append(await ask(q, lat))
        (Path(tmp) / "n.txt").write_text(str(len(cache)))
    return out


async def async_sim_acall_cached_in_sqlite(tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "ac.db")
    conn.execute("CREATE TABLE c (q TEXT PRIMARY KEY, a TEXT)")
    out = []
    for q, lat in (("s1", 0.15), ("s2", 0.03), ("s1", 0.08)):
        row = conn.execute("SELECT a FROM c WHERE q = ?", (q,)).fetchone()
        if row is None:
            a = str(await models.acall("sim/gpt", q, latency=lat))[:10]
            conn.execute("INSERT INTO c VALUES (?, ?)", (q, a))
            out.append("miss " + a)
        else:
            out.append("hit " + row[0])
    conn.close()
    return out


# =========================================================================== lists


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmp(env: Env) -> tuple:
    return (str(env.tmp),)


def _db(name: str) -> Any:
    return lambda env: (str(env.tmp / name),)


def _oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def _tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _web_db(name: str) -> Any:
    return lambda env: (env.web, str(env.tmp / name))


CASES: list[Case] = [
    Case("fanout", rag_get_docs_summarise_each_then_answer, args=_web, servers="web",
         ideal=(0.15 + 0.03 + 0.09 + 0.15 + 0.03 + 0.09 + 0.04) / (0.15 + 0.15 + 0.04),
         ),
    Case("sdk", rag_embed_rank_answer_openai, args=_oa_web, servers="web api", calls=2),
    Case("http", rag_missing_doc_skipped_with_warning, args=_web, servers="web"),
    Case("validation", rag_missing_doc_raises_stops_batch, drive=_drive_raises,
         servers="web"),
    Case("sdk", rag_multi_query_expansion, args=_oa_web, servers="web api", overlap=3),
    Case("sdk", rag_chunk_then_embed_batches, args=_oa_web, servers="web api"),
    Case("db", sqlite_cache_read_first_call_on_miss, args=_db("c.db"), calls=2),
    Case("db", sqlite_cache_hash_key_openai, args=_oa_db("c.db"), servers="api", calls=2),
    Case("db", sqlite_docs_table_filled_by_get_then_summaries, args=_web_db("d.db"),
         servers="web"),
    Case("db", sqlite_insert_or_ignore_then_select, args=_oa_db("i.db"), servers="api",
         ideal=over(0.15, 0.03, 0.07), overlap=3),
    Case("files", json_cache_file_read_first_write_after, args=_tmp, calls=2),
    Case("files", json_cache_helper_reloads_file_each_time, args=_tmp, calls=2),
    Case("files", json_cache_atomic_replace, args=_oa_tmp, servers="api"),
    Case("state", json_cache_dict_setdefault_chain, args=_web, servers="web"),
    Case("helpers", lru_cached_retrieval_then_answer, args=_web, servers="web"),
    Case("files", checkpoint_json_resume_skips_done, args=_tmp_web, servers="web",
         setup=_setup_ckpt),
    Case("files", checkpoint_every_two_items, args=_oa_tmp, servers="api",
         ideal=over(0.15, 0.03, 0.09, 0.05, 0.07), overlap=3, calls=2),
    Case("files", checkpoint_csv_resume_reads_done, args=_tmp, setup=_setup_done_csv),
    Case("files", checkpoint_jsonl_read_back_count, args=_oa_tmp, servers="api"),
    Case("validation", checkpoint_budget_stops_batch, args=_tmp),
    Case("validation", checkpoint_exception_keeps_partial, args=_tmp_web, servers="web"),
    Case("state", dataclass_docs_filled_in_place, args=_web, servers="web"),
    Case("threads", batch_threadpool_fetch_then_cache, args=_web_db("tp.db"), servers="web"),
    Case("files", batch_instance_model_over_csv_input, args=_tmp, setup=_setup_questions),
    Case("sdk", batch_prints_progress_between_calls, args=_oa_web, servers="web api",
         overlap=2),
    Case("sdk", batch_embeddings_nearest_neighbour_table,
         args=lambda env: (openai_client(env),), servers="api"),
    Case("fanout", async_gather_retrieve_then_sim_answers,
         drive=lambda f, env: asyncio.run(f(env.web)), servers="web"),
    Case("sdk", async_cache_dict_await_on_miss, drive=_async_oa(""), servers="api"),
    Case("db", async_sqlite_cache_after_gather, drive=_async_oa("tmp"), servers="api"),
    Case("http", rag_answer_then_cite_check_get, args=_oa_web, servers="web api",
         ideal=(0.05 + 0.15 + 0.03 + 0.09) / 0.15, overlap=3),
    Case("http", rag_cache_in_web_store, args=_web, servers="web", calls=2),
    Case("files", rag_file_docs_and_web_docs_merged, args=_tmp_web, servers="web",
         setup=_setup_docs),
    Case("state", rag_cache_stats_logged_at_end, args=_oa_tmp, servers="api"),
    Case("fanout", rag_nested_summaries_tree, args=_web, servers="web", calls=2),
    Case("http", rag_while_pages_cursor, args=_web, servers="web"),
]

CASES += [
    Case("db", sqlite_cache_two_connections, args=_db("two.db")),
    Case("db", sqlite_cache_helpers_open_per_call, args=_db("per.db")),
    Case("files", json_dump_dict_comprehension_order, args=_tmp, calls=2),
    Case("files", json_corrupt_checkpoint_restarts, args=_tmp, setup=_setup_corrupt),
    Case("http", islice_of_map_fetches_only_two, args=_web, servers="web"),
    Case("http", zip_stops_before_generator_fetch, args=_web, servers="web"),
    Case("http", queue_follow_ups_bounded, args=_web, servers="web"),
    Case("http", web_cache_put_then_list_keys, args=_web, servers="web"),
    Case("files", early_return_on_cache_hit_file, args=_tmp),
    Case("helpers", checkpointer_context_manager, args=_tmp),
    Case("state", doc_hash_cache_dedupes_identical_docs, args=_web, servers="web"),
]

CASES += [
    Case("files", checkpoint_via_latest_symlink, args=_tmp, setup=_setup_symlink),
    Case("files", per_question_file_exists_is_cache, args=_tmp, calls=2),
    Case("db", memory_sqlite_cache, args=lambda env: (openai_client(env),), servers="api"),
    Case("db", dbm_cache_of_answers, args=_tmp),
    Case("files", checkpoint_dir_listing_resume, args=_tmp_web, servers="web", calls=2),
]

CASES += [
    Case("validation", batch_bad_row_stops_with_checkpoint, args=_tmp),
    Case("validation", openai_bad_request_mid_batch, args=_oa_tmp, servers="api"),
    Case("sdk", history_list_grows_between_calls, args=_oa_tmp, servers="api"),
]

CASES += [
    Case("files", rotating_job_log_backup_checked, drive=_with_job_log(_rotating)),
    Case("files", rotating_job_log_backups_read_at_end, drive=_with_job_log(_rotating)),
    Case("files", delayed_job_log_created_on_first_record, drive=_with_job_log(_delayed)),
]

CASES += [
    Case("state", async_listcomp_of_cached_helper, drive=_async_oa(""), servers="api"),
    Case("state", async_for_loop_local_cache_helper, drive=_async_oa("tmp"), servers="api"),
    Case("db", async_sim_acall_cached_in_sqlite,
         drive=lambda f, env: asyncio.run(f(str(env.tmp)))),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
