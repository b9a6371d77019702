"""Red-team cases (stop 106): retrieval-augmented generation pipelines written the everyday way.

One function per pipeline: embed documents and questions through the openai client's
embeddings route (``?ms=`` via `extra_query` sets each call's latency), score with plain
Python (dot products, cosine, `sorted`, `heapq.nlargest`, numpy), retrieve top-k passages
from a dict, a list or an sqlite3 table loaded in setup, build prompts with f-strings and
`str.join`, chat per question (the simulator's ``latency`` field), cite sources, cache
embeddings in a dict or `functools.lru_cache`, write answers to JSONL, sqlite3 and the web
server, print progress and log between the model calls. Rerank steps, empty retrievals
(`continue`, early return), retries in try/except and fallbacks. Sibling calls get unequal
latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed (none did).
Four cases carry `speculative_reads=True`: a call of a loop or comprehension fails (a
timeout, a refused temperature) and the jitted run had already sent the later siblings'
embeddings or chats, which docs/jit.md allows ("reads and model calls launched together").
(`chat_comprehension_one_refused` joined them in stop 125: its comprehension walks a slice
of a list, which now overlaps.)
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import functools
import heapq
import json
import math
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import openai
import requests

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam106")

DOCS = {
    "billing": "Invoices are sent monthly. Refunds take five business days.",
    "security": "Reset your password from the settings page. Use two-factor login.",
    "shipping": "Orders ship in two days. Tracking numbers are emailed.",
    "api": "The API rate limit is sixty requests per minute per key.",
    "returns": "Items can be returned within thirty days with a receipt.",
}
QUESTIONS = ("How long do refunds take?", "How do I reset my password?",
             "What is the rate limit?")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def chat(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def embed(client: Any, text: str, ms: int = 40) -> list[float]:
    r = client.embeddings.create(model="emb", input=text, extra_query={"ms": ms})
    return r.data[0].embedding


def dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def cosine(a: list[float], b: list[float]) -> float:
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(x * x for x in b)) or 1.0
    return dot(a, b) / (na * nb)


def _setup_passages_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "kb.db")
    conn.execute("CREATE TABLE passages (id INTEGER PRIMARY KEY, source TEXT, body TEXT)")
    conn.executemany("INSERT INTO passages (source, body) VALUES (?, ?)", list(DOCS.items()))
    conn.commit()
    conn.close()


def _setup_docs_folder(env: Env) -> None:
    folder = env.tmp / "corpus"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / f"{name}.md").write_text(f"# {name}\n\n{text}\n")


# =========================================================================== indexing


def index_dict_cache_nlargest(client: Any) -> list[dict[str, Any]]:
    """Each document embedded once into a dict, questions scored with heapq.nlargest."""
    cache: dict[str, list[float]] = {}
    for (name, text), ms in zip(DOCS.items(), (150, 30, 90, 40, 60), strict=True):
        cache[name] = embed(client, text, ms)
        print(f"indexed {name}")
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 50)
        top = heapq.nlargest(2, cache, key=lambda n: dot(qv, cache[n]))
        context = "\n".join(f"[{n}] {DOCS[n]}" for n in top)
        ans = chat(client, f"Context:\n{context}\n\nQuestion: {q}", lat)
        print(f"answered {q[:20]}")
        out.append({"q": q, "sources": top, "a": ans[:40]})
    return out


def lru_cached_question_embeddings(client: Any) -> dict[str, Any]:
    """functools.lru_cache around the embedder; repeated questions hit the cache."""
    @functools.lru_cache(maxsize=32)
    def emb(text: str) -> tuple[float, ...]:
        print(f"embedding {text[:18]}")
        return tuple(client.embeddings.create(model="emb", input=text,
                                              extra_query={"ms": 60}).data[0].embedding)

    doc_vecs = {n: emb(t) for n, t in DOCS.items()}
    answers = []
    for q in ("refund time?", "password reset?", "refund time?"):
        qv = emb(q)
        best = max(doc_vecs, key=lambda n: cosine(list(qv), list(doc_vecs[n])))
        answers.append((best, chat(client, f"{DOCS[best]}\nQ: {q}", 0.05)[:30]))
    info = emb.cache_info()
    return {"answers": answers, "hits": info.hits, "misses": info.misses}


def sqlite_passages_answers_table(client: Any, db: str) -> list[tuple]:
    """Passages from a table loaded in setup; each answer INSERTed beside its source."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, source, body FROM passages ORDER BY id").fetchall()
    vecs = client.embeddings.create(model="emb", input=[b for _, _, b in rows],
                                    extra_query={"ms": 80}).data
    conn.execute("CREATE TABLE answers (q TEXT, source TEXT, answer TEXT)")
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        scored = sorted(((cosine(qv, v.embedding), r) for v, r in zip(vecs, rows, strict=True)),
                        reverse=True)
        _, (pid, src, body) = scored[0]
        ans = chat(client, f"Source {src}: {body}\nQuestion: {q}", lat)
        conn.execute("INSERT INTO answers VALUES (?, ?, ?)", (q, src, ans[:30]))
        conn.commit()
        print(f"{pid}: stored answer for {q[:15]}")
    result = conn.execute("SELECT source, answer FROM answers ORDER BY rowid").fetchall()
    conn.close()
    return result


def answers_posted_to_web(client: Any, web: str) -> list[int]:
    """Each answer POSTed to the web server as soon as it exists: the writes keep order."""
    doc_vecs = [(n, embed(client, t, 30)) for n, t in DOCS.items()]
    versions = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True)):
        qv = embed(client, q, 60 - 10 * i)
        src = max(doc_vecs, key=lambda p: dot(qv, p[1]))[0]
        ans = chat(client, f"Use {src}. {q}", lat)
        r = requests.post(f"{web}/items/answer-{i}", data=f"{src}|{ans[:20]}", timeout=5)
        versions.append(r.json()["version"])
        print("posted", i)
    return versions


def empty_retrieval_skips_question(client: Any) -> list[str]:
    """A score threshold: a question with nothing above it is skipped with `continue`."""
    index = {n: embed(client, t, ms) for (n, t), ms in
             zip(DOCS.items(), (120, 30, 80, 40, 50), strict=True)}
    out = []
    for q, lat in (("refund policy", 0.15), ("zzz unrelated", 0.03), ("api limit", 0.08)):
        qv = embed(client, q, 40)
        hits = [n for n in index if cosine(qv, index[n]) > 0.9]
        if not hits:
            print(f"no context for {q!r}")
            out.append("SKIPPED")
            continue
        print(f"{len(hits)} hits for {q!r}")
        out.append(chat(client, "Context: " + " ".join(DOCS[h] for h in hits) + "\n" + q,
                        lat)[:25])
    return out


def early_return_when_nothing_found(client: Any, web: str) -> list[str]:
    """The pipeline stops at the first question with no keyword hit: later writes never go."""
    out = []
    for i, (q, lat) in enumerate((("refunds", 0.15), ("lasers", 0.03), ("api", 0.08))):
        hits = [n for n, t in DOCS.items() if q.rstrip("s") in t.lower() or q in n]
        if not hits:
            requests.put(f"{web}/items/status", data=f"stopped at {q}", timeout=5)
            print("nothing for", q)
            return out
        ans = chat(client, f"{DOCS[hits[0]]}\n{q}?", lat)
        requests.put(f"{web}/items/answer-{i}", data=ans[:20], timeout=5)
        out.append(ans[:20])
    return out


def search_service_retry_then_local(client: Any, web: str) -> list[str]:
    """A search service that errors; the except falls back to local keyword retrieval."""
    out = []
    for q, lat in (("refund", 0.15), ("password", 0.03)):
        try:
            r = requests.get(f"{web}/status/503?ms=60", timeout=5)
            r.raise_for_status()
            ctx = r.json()["value"]
        except requests.HTTPError as e:
            print(f"search failed ({e.response.status_code}); using local index")
            ctx = next(t for t in DOCS.values() if q in t.lower())
        out.append(chat(client, f"{ctx}\n{q}?", lat)[:30])
    return out


def chat_retry_bad_request_then_smaller(client: Any) -> list[str]:
    """The first attempt is refused (temperature out of range); the retry succeeds."""
    out = []
    for q, lat in zip(QUESTIONS[:2], (0.15, 0.03), strict=True):
        ctx = DOCS["billing"] if "refund" in q else DOCS["security"]
        for attempt, temp in enumerate((9.0, 0.2)):
            try:
                r = client.chat.completions.create(
                    model="gpt", messages=[user(f"{ctx}\n{q}")], temperature=temp,
                    extra_body={"latency": lat})
            except openai.BadRequestError:
                print(f"attempt {attempt} refused")
                continue
            out.append(r.choices[0].message.content[:30])
            break
    return out


def rerank_with_chat_scores(client: Any) -> dict[str, Any]:
    """Retrieve 3 by vector, ask the model to grade each (independent), rerank, answer."""
    q = "How do I get my money back?"
    vecs = {n: embed(client, t, 30) for n, t in DOCS.items()}
    qv = embed(client, q, 30)
    cands = sorted(vecs, key=lambda n: -cosine(qv, vecs[n]))[:3]
    grades = {}
    for n, lat in zip(cands, (0.15, 0.03, 0.08), strict=True):
        g = chat(client, f"Grade 0-9 how well this answers '{q}': {DOCS[n]}", lat)
        grades[n] = sum(map(ord, g)) % 10
        print(f"graded {n}: {grades[n]}")
    ranked = sorted(cands, key=lambda n: (-grades[n], n))
    final = chat(client, f"Answer '{q}' citing [{ranked[0]}]: {DOCS[ranked[0]]}", 0.05)
    return {"ranked": ranked, "final": final[:40]}


def answers_jsonl_with_citations(client: Any, tmp: str) -> list[dict[str, Any]]:
    """Numbered sources in the prompt; answers and their citations appended to a JSONL."""
    path = Path(tmp) / "answers.jsonl"
    names = list(DOCS)
    vecs = [d.embedding for d in client.embeddings.create(
        model="emb", input=[DOCS[n] for n in names], extra_query={"ms": 60}).data]
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        order = sorted(range(len(names)), key=lambda i: -dot(qv, vecs[i]))[:2]
        sources = "\n".join(f"[{k + 1}] {DOCS[names[i]]}" for k, i in enumerate(order))
        ans = chat(client, f"Sources:\n{sources}\n\nQ: {q}\nCite like [1].", lat)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": ans[:30],
                                "cites": [names[i] for i in order]}) + "\n")
        LOG.info("wrote answer for %s", q[:12])
    return [json.loads(line) for line in path.read_text().splitlines()]


def conversational_rag_history(client: Any) -> list[str]:
    """Follow-up questions: the previous answer joins the next retrieval query."""
    history: list[dict[str, str]] = []
    names = list(DOCS)
    vecs = {n: embed(client, DOCS[n], 40) for n in names}
    last = ""
    out = []
    for q, lat in (("refunds?", 0.15), ("and how long?", 0.03), ("and returns?", 0.08)):
        qv = embed(client, (last[:20] + " " + q).strip(), 30)
        best = max(names, key=lambda n: dot(qv, vecs[n]))
        history.append(user(f"[{best}] {DOCS[best]}\n{q}"))
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        last = r.choices[0].message.content
        history.append({"role": "assistant", "content": last})
        out.append(best)
    return out + [str(len(history))]


def batch_question_embeddings_then_chats(client: Any, tmp: str) -> str:
    """All questions embedded in one call; chats per question; a report file at the end."""
    names = list(DOCS)
    dv = np.array([d.embedding for d in client.embeddings.create(
        model="emb", input=[DOCS[n] for n in names], extra_query={"ms": 90}).data])
    qv = np.array([d.embedding for d in client.embeddings.create(
        model="emb", input=list(QUESTIONS), extra_query={"ms": 30}).data])
    scores = qv @ dv.T
    lines = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True)):
        j = int(np.argmax(scores[i]))
        print(f"q{i} -> {names[j]} ({scores[i, j]:.3f})")
        lines.append(f"{q} | {names[j]} | {chat(client, DOCS[names[j]] + ' ' + q, lat)[:20]}")
    (Path(tmp) / "report.txt").write_text("\n".join(lines) + "\n")
    return (Path(tmp) / "report.txt").read_text()


def openai_embed_anthropic_answer(oa: Any, an: Any) -> list[str]:
    """Embeddings from one provider, answers from another."""
    vecs = {n: embed(oa, t, ms) for (n, t), ms in
            zip(DOCS.items(), (140, 30, 70, 40, 50), strict=True)}
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(oa, q, 35)
        src = max(vecs, key=lambda n: cosine(qv, vecs[n]))
        msg = an.messages.create(model="claude", max_tokens=64,
                                 messages=[user(f"{DOCS[src]}\n\n{q}")],
                                 extra_body={"latency": lat})
        print(f"{src}: {msg.content[0].text[:15]}")
        out.append(src)
    return out


def hybrid_keyword_service_plus_vectors(client: Any, web: str) -> list[str]:
    """Keyword hits from a web service fused with vector scores, then a chat."""
    vecs = {n: embed(client, t, 40) for n, t in DOCS.items()}
    out = []
    for q, ms, lat in (("refund", 150, 0.04), ("password", 30, 0.12), ("limit", 80, 0.06)):
        kw = requests.get(f"{web}/items/kw-{q}?ms={ms}", timeout=5).json()["value"]
        qv = embed(client, q, 50)
        fused = sorted(DOCS, key=lambda n: -(cosine(qv, vecs[n]) + (kw.endswith(n[-1]))))
        out.append(f"{fused[0]}:{chat(client, DOCS[fused[0]] + ' ' + q, lat)[:15]}")
    return out


def dedupe_retrieved_across_queries(client: Any) -> dict[str, Any]:
    """Multi-query: three paraphrases from the model, each retrieves, the union deduped."""
    q = "money back"
    paraphrases = [chat(client, f"Paraphrase #{i}: {q}", lat)[:30]
                   for i, lat in enumerate((0.15, 0.03, 0.08))]
    vecs = {n: embed(client, t, 30) for n, t in DOCS.items()}
    seen: set[str] = set()
    ordered: list[str] = []
    for p in paraphrases:
        pv = embed(client, p, 40)
        for n in heapq.nlargest(2, vecs, key=lambda k: dot(pv, vecs[k])):
            if n not in seen:
                seen.add(n)
                ordered.append(n)
    ans = chat(client, "Use: " + "; ".join(DOCS[n] for n in ordered) + f"\nQ: {q}", 0.05)
    return {"sources": ordered, "answer": ans[:30]}


def base64_embeddings_struct_unpack(client: Any) -> list[str]:
    """Embeddings asked as base64 and unpacked with struct; retrieval then answers."""
    raw = client.embeddings.with_raw_response.create(
        model="emb", input=list(DOCS.values()), encoding_format="base64",
        extra_query={"ms": 80})
    data = json.loads(raw.text)["data"]
    vecs = [struct.unpack("<4f", base64.b64decode(d["embedding"])) for d in data]
    names = list(DOCS)
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 30)
        i = max(range(len(vecs)), key=lambda k: dot(qv, list(vecs[k])))
        out.append(names[i] + ":" + chat(client, DOCS[names[i]] + q, lat)[:15])
    return out


def query_rewrite_then_retrieve(client: Any) -> list[str]:
    """The model rewrites each question, the rewrite is embedded, retrieval and answer."""
    vecs = {n: embed(client, t, 30) for n, t in DOCS.items()}
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        rewritten = chat(client, f"Rewrite as a search query: {q}", lat)[:40]
        print("rewrite:", rewritten[:20])
        rv = embed(client, rewritten, 50)
        best = max(vecs, key=lambda n: cosine(rv, vecs[n]))
        out.append(chat(client, f"[{best}] {DOCS[best]}\n{q}", 0.04)[:20])
    return out


def sqlite_vectors_hits_update(client: Any, db: str) -> list[tuple]:
    """Vectors stored in sqlite; each retrieval UPDATEs a hit counter before the chat."""
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE passages ADD COLUMN vec TEXT")
    conn.execute("ALTER TABLE passages ADD COLUMN hits INTEGER DEFAULT 0")
    for pid, body, ms in [(r[0], r[1], 150 - 25 * i) for i, r in
                          enumerate(conn.execute("SELECT id, body FROM passages").fetchall())]:
        conn.execute("UPDATE passages SET vec = ? WHERE id = ?",
                     (json.dumps(embed(client, body, ms)), pid))
    conn.commit()
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        rows = conn.execute("SELECT id, body, vec FROM passages").fetchall()
        pid, body, _ = max(rows, key=lambda r: dot(qv, json.loads(r[2])))
        conn.execute("UPDATE passages SET hits = hits + 1 WHERE id = ?", (pid,))
        conn.commit()
        chat(client, f"{body}\n{q}", lat)
    out = conn.execute("SELECT source, hits FROM passages ORDER BY id").fetchall()
    conn.close()
    return out


def index_put_to_web_then_read_back(client: Any, web: str) -> dict[str, Any]:
    """The index is PUT to a web store, then read back to answer: read after write."""
    for (n, t), ms in zip(DOCS.items(), (120, 30, 70, 40, 50), strict=True):
        v = embed(client, t, ms)
        requests.put(f"{web}/items/vec-{n}", data=json.dumps(v), timeout=5)
    index = {n: json.loads(requests.get(f"{web}/items/vec-{n}?ms=30", timeout=5).json()["value"])
             for n in DOCS}
    qv = embed(client, QUESTIONS[0], 40)
    best = max(index, key=lambda n: dot(qv, index[n]))
    return {"best": best, "answer": chat(client, DOCS[best], 0.05)[:25]}


def _passages_lazily(client: Any):  # noqa: ANN202
    for (n, t), ms in zip(DOCS.items(), (150, 30, 90, 40, 60), strict=True):
        print(f"yielding {n}")
        yield n, embed(client, t, ms)


def generator_retrieval_break_on_match(client: Any) -> list[str]:
    """Passages embedded lazily in a generator; the loop breaks at the first close match."""
    qv = embed(client, "password settings", 40)
    out = []
    for n, v in _passages_lazily(client):
        s = cosine(qv, v)
        out.append(f"{n}:{s:.3f}")
        if n == "security":
            out.append(chat(client, DOCS[n], 0.05)[:20])
            break
    return out


def try_finally_writes_trace(client: Any, tmp: str) -> list[str]:
    """try/except/else/finally around each answer; the finally appends a trace line."""
    trace = Path(tmp) / "trace.txt"
    out = []
    for q, lat, temp in (("refund?", 0.15, 0.1), ("bad?", 0.03, 7.0), ("api?", 0.08, 0.1)):
        try:
            r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                               temperature=temp, extra_body={"latency": lat})
        except openai.BadRequestError as e:
            out.append(f"error {e.status_code}")
        else:
            out.append(r.choices[0].message.content[:15])
        finally:
            with trace.open("a") as f:
                f.write(f"done {q}\n")
    return out + [trace.read_text()]


def thread_pool_embed_docs_then_chats(client: Any) -> list[str]:
    """Documents embedded in a thread pool (its own concurrency), answers in sequence."""
    names = list(DOCS)
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        vecs = list(pool.map(lambda n: embed(client, DOCS[n], 40), names))
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        i = max(range(len(names)), key=lambda k: dot(qv, vecs[k]))
        out.append(names[i])
        print(names[i], chat(client, DOCS[names[i]] + q, lat)[:10])
    return out


def folder_docs_chunked_and_answered(client: Any, tmp: str) -> list[str]:
    """Markdown files read from a folder, chunked by paragraph, embedded, answered."""
    chunks = []
    for p in sorted((Path(tmp) / "corpus").glob("*.md")):
        for para in p.read_text().split("\n\n"):
            if para.strip() and not para.startswith("#"):
                chunks.append((p.stem, para.strip()))
    vecs = [embed(client, c[1], 150 if i == 0 else 30) for i, c in enumerate(chunks)]
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        src, text = chunks[max(range(len(chunks)), key=lambda i: cosine(qv, vecs[i]))]
        out.append(f"{src}: {chat(client, text + q, lat)[:15]}")
    (Path(tmp) / "out.txt").write_text("\n".join(out))
    return out


def exception_message_cites_source(client: Any) -> str:
    """A ValueError raised when the best score is too low, after two answers were printed."""
    vecs = {n: embed(client, t, 30) for n, t in DOCS.items()}
    for q, lat in (("refund", 0.15), ("password", 0.03), ("??", 0.08)):
        qv = embed(client, q, 40)
        best = max(vecs, key=lambda n: cosine(qv, vecs[n]))
        print(q, "->", best, chat(client, DOCS[best], lat)[:10])
        if q == "??":
            raise ValueError(f"no confident source for {q!r} (best {best})")
    return "all answered"


# =========================================================================== caches that must hit


def sqlite_answer_cache_duplicate_questions(client: Any, db: str) -> list[str]:
    """An answer cache in sqlite: a repeated question must hit it, not call the model."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS answer_cache (q TEXT PRIMARY KEY, a TEXT)")
    out = []
    for q, lat in (("refunds?", 0.15), ("password?", 0.03), ("refunds?", 0.08),
                   ("password?", 0.05)):
        row = conn.execute("SELECT a FROM answer_cache WHERE q = ?", (q,)).fetchone()
        if row:
            print("cache hit", q)
            out.append("hit:" + row[0])
            continue
        ctx = DOCS["billing"] if "refund" in q else DOCS["security"]
        a = chat(client, f"{ctx}\n{q}", lat)[:20]
        conn.execute("INSERT INTO answer_cache VALUES (?, ?)", (q, a))
        conn.commit()
        out.append(a)
    conn.close()
    return out


def web_answer_cache_get_then_put(client: Any, web: str) -> list[str]:
    """An answer cache on the web store: GET, on a miss chat and PUT; repeats hit."""
    out = []
    for q, lat in (("refund", 0.15), ("api", 0.03), ("refund", 0.08)):
        cached = requests.get(f"{web}/items/cache-{q}?ms=30", timeout=5).json()["value"]
        if not cached.startswith("v-"):
            out.append("hit:" + cached)
            continue
        a = chat(client, f"{q} please", lat)[:20]
        requests.put(f"{web}/items/cache-{q}", data=a, timeout=5)
        out.append(a)
    return out


def file_answer_cache_exists_check(client: Any, tmp: str) -> list[str]:
    """One file per answered question; a repeated question reads the file instead."""
    folder = Path(tmp) / "answers"
    folder.mkdir(exist_ok=True)
    out = []
    for q, lat in (("refunds", 0.15), ("shipping", 0.03), ("refunds", 0.08)):
        f = folder / f"{q}.txt"
        if f.exists():
            out.append("file:" + f.read_text())
            continue
        a = chat(client, f"Tell me about {q}", lat)[:20]
        f.write_text(a)
        out.append(a)
    return out


def normalized_key_embedding_cache(client: Any) -> dict[str, Any]:
    """The cache key is the normalised text: 'Refunds ' and 'refunds' share one call."""
    cache: dict[str, list[float]] = {}
    calls = 0
    for q, ms in (("Refunds ", 150), ("api", 30), ("refunds", 90), (" API", 40)):
        key = q.strip().lower()
        if key not in cache:
            cache[key] = embed(client, key, ms)
            calls += 1
    best = {k: max(DOCS, key=lambda n, v=v: dot(v, [1.0, 0.5, 0.25, 0.1]) + len(n)) for k, v in
            cache.items()}
    return {"calls": calls, "best": best, "a": chat(client, " ".join(cache), 0.05)[:20]}


# =========================================================================== errors mid-pipeline


def embedding_timeout_mid_index_except_logs(client: Any, tmp: str) -> dict[str, Any]:
    """One document's embedding times out: it is logged to a file and skipped."""
    errors = Path(tmp) / "errors.log"
    vecs = {}
    for (n, t), ms in zip(DOCS.items(), (150, 30, 3000, 40, 60), strict=True):
        try:
            r = client.embeddings.create(model="emb", input=t, extra_query={"ms": ms},
                                         timeout=0.6)
        except openai.APITimeoutError:
            with errors.open("a") as f:
                f.write(f"{n}: timeout\n")
            print("skipped", n)
            continue
        vecs[n] = r.data[0].embedding
        print("indexed", n)
    qv = embed(client, QUESTIONS[2], 30)
    best = max(vecs, key=lambda n: dot(qv, vecs[n]))
    return {"indexed": list(vecs), "best": best, "errors": errors.read_text()}


def embedding_timeout_propagates_after_post(client: Any, web: str) -> list[str]:
    """The index build POSTs each vector; the third embedding times out, nothing follows."""
    out = []
    for (n, t), ms in zip(DOCS.items(), (150, 30, 3000, 40, 60), strict=True):
        v = client.embeddings.create(model="emb", input=t, extra_query={"ms": ms}, timeout=0.6)
        requests.post(f"{web}/items/vec-{n}", data=json.dumps(v.data[0].embedding), timeout=5)
        out.append(n)
    return out


def finally_posts_run_summary(client: Any, web: str) -> str:
    """A finally POSTs a summary even when a later retrieval raises."""
    done = []
    try:
        for q, lat in (("refund", 0.15), ("api", 0.03), ("lasers", 0.08)):
            src = next(n for n, t in DOCS.items() if q in t.lower() or q == n)
            done.append(chat(client, DOCS[src] + q, lat)[:10])
        return "|".join(done)
    finally:
        requests.post(f"{web}/items/run-summary", data=f"answered {len(done)}", timeout=5)


# =========================================================================== helpers and objects


class Retriever:
    """A small retriever object: its own cache and counters."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.vecs: dict[str, list[float]] = {}
        self.lookups = 0

    def add(self, name: str, text: str, ms: int) -> None:
        print(f"add {name}")
        self.vecs[name] = embed(self.client, text, ms)

    def search(self, q: str, k: int = 2) -> list[str]:
        self.lookups += 1
        qv = embed(self.client, q, 30)
        return heapq.nlargest(k, self.vecs, key=lambda n: dot(qv, self.vecs[n]))


def retriever_class_with_counters(client: Any) -> dict[str, Any]:
    r = Retriever(client)
    for (n, t), ms in zip(DOCS.items(), (150, 30, 90, 40, 60), strict=True):
        r.add(n, t, ms)
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        top = r.search(q)
        print(f"lookup {r.lookups}: {top}")
        out.append(chat(client, " ".join(DOCS[n] for n in top) + q, lat)[:15])
    return {"lookups": r.lookups, "answers": out}


def lazy_map_of_embeddings_with_prints(client: Any) -> list[str]:
    """`map` is lazy: each embedding is sent when the loop reaches it, after a print."""
    def noisy_embed(text: str) -> list[float]:
        print("embedding", text[:12])
        return embed(client, text, 150 if "Invoices" in text else 30)

    vec_iter = map(noisy_embed, DOCS.values())
    out = []
    for n in DOCS:
        print("next:", n)
        v = next(vec_iter)
        out.append(f"{n}:{sum(v):.3f}")
    return out


def streamed_answers_printed_per_chunk(client: Any) -> list[int]:
    """Answers streamed and printed chunk by chunk, one question after another."""
    sizes = []
    for q, lat in zip(QUESTIONS[:2], (0.15, 0.03), strict=True):
        ctx = DOCS["billing"] if "refund" in q else DOCS["security"]
        stream = client.chat.completions.create(model="gpt", messages=[user(ctx + q)],
                                                stream=True, extra_body={"latency": lat})
        n = 0
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                print(chunk.choices[0].delta.content, end="")
                n += 1
        print()
        sizes.append(n)
    return sizes


def post_version_feeds_next_prompt(client: Any, web: str) -> list[str]:
    """The version a POST returns goes into the next question's prompt."""
    version = 0
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True)):
        a = chat(client, f"(rev {version}) {q}", lat)
        version = requests.post(f"{web}/items/log", data=f"{i}:{a[:10]}",
                                timeout=5).json()["version"]
        out.append(f"{version}:{a[:10]}")
    return out


async def async_gather_answers_then_jsonl(client: Any, tmp: str) -> list[str]:
    """Answers gathered, then written to a JSONL in question order with prints."""
    async def answer(q: str, lat: float) -> str:
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        return r.choices[0].message.content[:15]

    answers = await asyncio.gather(*[answer(q, lat) for q, lat in
                                     zip(QUESTIONS, (0.3, 0.03, 0.15), strict=True)])
    path = Path(tmp) / "g.jsonl"
    for q, a in zip(QUESTIONS, answers, strict=True):
        print("writing", q[:10])
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": a}) + "\n")
    return path.read_text().splitlines()


async def async_answer_cache_dict_repeat(client: Any) -> list[str]:
    """An async pipeline with a dict answer cache: the repeat must not call again."""
    cache: dict[str, str] = {}
    out = []
    for q, lat in (("refund", 0.15), ("api", 0.03), ("refund", 0.08)):
        if q in cache:
            out.append("hit:" + cache[q])
            continue
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        cache[q] = r.choices[0].message.content[:12]
        print("answered", q)
        out.append(cache[q])
    return out


# =========================================================================== ingestion and stores


def ingestion_job_polled_then_query(client: Any, web: str) -> dict[str, Any]:
    """An ingestion job is started and polled until done (each poll moves it on)."""
    job = requests.post(f"{web}/jobs", json={"docs": list(DOCS)}, timeout=5).json()["id"]
    polls = 0
    while polls < 10:
        polls += 1
        st = requests.get(f"{web}/jobs/{job}?ms=40", timeout=5).json()["status"]
        print(f"poll {polls}: {st}")
        if st == "done":
            break
    qv = embed(client, QUESTIONS[0], 60)
    best = max(DOCS, key=lambda n: dot(qv, [len(n)] * 4))
    return {"polls": polls, "best": best, "a": chat(client, DOCS[best], 0.05)[:20]}


def two_sqlite_connections_writer_reader(client: Any, db: str) -> list[int]:
    """Answers INSERTed on one connection and counted on another between chats."""
    w = sqlite3.connect(db)
    r = sqlite3.connect(db)
    w.execute("CREATE TABLE log (q TEXT, a TEXT)")
    w.commit()
    counts = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        best = max(DOCS, key=lambda n: cosine(qv, embed(client, DOCS[n], 30)))
        a = chat(client, DOCS[best] + q, lat)
        w.execute("INSERT INTO log VALUES (?, ?)", (q, a[:10]))
        w.commit()
        counts.append(r.execute("SELECT COUNT(*) FROM log").fetchone()[0])
    w.close()
    r.close()
    return counts


def shelve_embedding_cache(client: Any, tmp: str) -> list[str]:
    """A shelve file as the embedding cache; the second pass reads it back."""
    import shelve
    path = str(Path(tmp) / "emb_shelf")
    out = []
    for pass_no in range(2):
        with shelve.open(path) as shelf:
            for (n, t), ms in zip(list(DOCS.items())[:3], (150, 30, 90), strict=True):
                if n in shelf:
                    out.append(f"{pass_no}:hit:{n}")
                    continue
                shelf[n] = embed(client, t, ms)
                out.append(f"{pass_no}:miss:{n}")
    out.append(chat(client, "done", 0.05)[:10])
    return out


def raw_requests_embeddings_endpoint(client: Any, web: str, api: str) -> list[str]:
    """Embeddings through plain requests against the endpoint, chat through the SDK."""
    names = list(DOCS)
    vecs = []
    for n, ms in zip(names, (150, 30, 90, 40, 60), strict=True):
        r = requests.post(f"{api}/v1/embeddings?ms={ms}", json={"model": "emb",
                                                                "input": DOCS[n]}, timeout=5)
        vecs.append(r.json()["data"][0]["embedding"])
        print("got", n)
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qv = embed(client, q, 40)
        i = max(range(len(names)), key=lambda k: dot(qv, vecs[k]))
        out.append(names[i] + ":" + chat(client, DOCS[names[i]] + q, lat)[:10])
        requests.put(f"{web}/items/last-answer", data=out[-1], timeout=5)
    return out


# =========================================================================== stops among independent calls


def comprehension_embeddings_one_times_out(client: Any) -> Any:
    """A dict comprehension of embeddings; the third times out and a fallback answers."""
    try:
        vecs = {n: client.embeddings.create(model="emb", input=t, extra_query={"ms": ms},
                                            timeout=0.6).data[0].embedding
                for (n, t), ms in zip(DOCS.items(), (150, 30, 3000, 40, 60), strict=True)}
    except openai.APITimeoutError:
        print("index incomplete; keyword fallback")
        return chat(client, "Fallback: " + DOCS["billing"], 0.05)[:20]
    return sorted(vecs)


def chat_comprehension_one_refused(client: Any) -> list[str] | str:
    """Per-passage summaries in a comprehension; the second is refused (bad temperature)."""
    temps = (0.2, 9.0, 0.2)
    try:
        notes = [client.chat.completions.create(
            model="gpt", messages=[user(f"Summarise {DOCS[n]}")], temperature=temp,
            extra_body={"latency": lat}).choices[0].message.content[:15]
            for n, temp, lat in zip(list(DOCS)[:3], temps, (0.15, 0.03, 0.08), strict=True)]
    except openai.BadRequestError as e:
        return f"refused: {e.status_code}"
    return notes


def embedding_budget_exceeded_raises(client: Any) -> dict[str, Any]:
    """An embedding budget checked after each call: the third call raises, no fourth."""
    vecs: dict[str, list[float]] = {}
    for (n, t), ms in zip(DOCS.items(), (150, 30, 90, 40, 60), strict=True):
        vecs[n] = embed(client, t, ms)
        print("embedded", n)
        if len(vecs) >= 3:
            raise RuntimeError(f"embedding budget exceeded at {n}")
    return vecs


def logged_embed_helper_start_end(client: Any) -> list[str]:
    """A helper that prints before and logs after each embedding, in a comprehension."""
    def embed_logged(name: str, ms: int) -> list[float]:
        print("start", name)
        v = embed(client, DOCS[name], ms)
        LOG.info("end %s", name)
        return v

    vecs = [embed_logged(n, ms) for n, ms in zip(DOCS, (150, 30, 90, 40, 60), strict=True)]
    qv = embed(client, QUESTIONS[0], 30)
    return sorted(DOCS, key=lambda n: -dot(qv, vecs[list(DOCS).index(n)]))[:2]


# =========================================================================== validators that decide

RAG_QS = (("refunds", 0.15), ("lasers", 0.03), ("shipping", 0.08))


def _keyword_hits(q: str) -> list[str]:
    return [n for n, t in DOCS.items() if q.rstrip("s") in t.lower()]


def _require_context(hits: list[str], min_hits: int = 1) -> None:
    if len(hits) < min_hits:
        raise LookupError(f"no context ({len(hits)} hits)")


def validator_through_partial(client: Any) -> list[str]:
    """The empty-retrieval check is a functools.partial: it raises at the second question."""
    check = functools.partial(_require_context, min_hits=1)
    out = []
    for q, lat in RAG_QS:
        hits = _keyword_hits(q)
        check(hits)
        out.append(chat(client, DOCS[hits[0]] + " " + q, lat)[:20])
    return out


class _Guard:
    def __init__(self, min_hits: int) -> None:
        self.min_hits = min_hits

    def __call__(self, hits: list[str]) -> list[str]:
        if len(hits) < self.min_hits:
            raise LookupError("guard: nothing retrieved")
        return hits


def validator_callable_object(client: Any) -> list[str]:
    """The check is an object with __call__ returning the hits it let through."""
    guard = _Guard(1)
    out = []
    for q, lat in RAG_QS:
        hits = guard(_keyword_hits(q))
        out.append(chat(client, DOCS[hits[0]] + " " + q, lat)[:20])
    return out


class _Index:
    def __init__(self, docs: dict[str, str]) -> None:
        self.docs = docs

    def __getitem__(self, q: str) -> str:
        for n, t in self.docs.items():
            if q.rstrip("s") in t.lower():
                return n
        raise KeyError(f"nothing for {q}")


def validator_in_getitem(client: Any) -> list[str]:
    """Retrieval as subscription: the index's __getitem__ raises for a miss."""
    index = _Index(DOCS)
    out = []
    for q, lat in RAG_QS:
        src = index[q]
        out.append(chat(client, DOCS[src] + " " + q, lat)[:20])
    return out


def _with_retrieval(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(client: Any, q: str, lat: float) -> str:
        hits = _keyword_hits(q)
        _require_context(hits)
        return fn(client, DOCS[hits[0]] + " " + q, lat)
    return wrapper


@_with_retrieval
def _answer_decorated(client: Any, prompt: str, lat: float) -> str:
    return chat(client, prompt, lat)[:20]


def validator_inside_decorator(client: Any) -> list[str]:
    """The retrieval and its check live in a decorator around the answering helper."""
    return [_answer_decorated(client, q, lat) for q, lat in RAG_QS]


def validator_method_on_dataclass(client: Any) -> list[str]:
    """The retrieved set is a dataclass whose method raises when it is empty."""
    @dataclass
    class Retrieved:
        q: str
        hits: list[str]

        def best(self) -> str:
            if not self.hits:
                raise LookupError(f"empty retrieval for {self.q}")
            return self.hits[0]

    out = []
    for q, lat in RAG_QS:
        r = Retrieved(q, _keyword_hits(q))
        out.append(chat(client, DOCS[r.best()] + " " + q, lat)[:20])
    return out


# =========================================================================== a refused call after writes


def _ask_t(client: Any, prompt: str, lat: float, temp: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)], temperature=temp,
                                       extra_body={"latency": lat})
    return r.choices[0].message.content[:15]


TEMPS = ((0.15, 0.2), (0.03, 9.0), (0.08, 0.2))


def refused_chat_after_post(client: Any, web: str) -> list[str]:
    """Each question POSTs its retrieval log, then asks; the second ask is refused."""
    out = []
    for (q, _), (lat, temp) in zip(RAG_QS, TEMPS, strict=True):
        requests.post(f"{web}/items/retrieval-{q}", data=",".join(_keyword_hits(q)), timeout=5)
        out.append(_ask_t(client, f"{q}?", lat, temp))
    return out


def refused_chat_after_sqlite_insert(client: Any, db: str) -> list[str]:
    """Each question INSERTs its retrieval, commits, then asks; the second ask is refused."""
    conn = sqlite3.connect(db)
    out = []
    try:
        for (q, _), (lat, temp) in zip(RAG_QS, TEMPS, strict=True):
            conn.execute("INSERT INTO passages (source, body) VALUES (?, ?)", ("log", q))
            conn.commit()
            out.append(_ask_t(client, f"{q}?", lat, temp))
    finally:
        n = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        print("rows", n)
        conn.close()
    return out


def refused_chat_inside_open_file(client: Any, tmp: str) -> list[str]:
    """Answers written inside one `with open`; the second ask is refused mid-file."""
    out = []
    with open(Path(tmp) / "qa.txt", "w") as f:
        for (q, _), (lat, temp) in zip(RAG_QS, TEMPS, strict=True):
            f.write(f"Q: {q}\n")
            print("asking", q)
            a = _ask_t(client, f"{q}?", lat, temp)
            f.write(f"A: {a}\n")
            out.append(a)
    return out


def refused_chat_after_put_caught(client: Any, web: str) -> list[str]:
    """PUT, ask, and on refusal PUT an error marker and go on."""
    out = []
    for (q, _), (lat, temp) in zip(RAG_QS, TEMPS, strict=True):
        requests.put(f"{web}/items/state", data=f"asking {q}", timeout=5)
        try:
            out.append(_ask_t(client, f"{q}?", lat, temp))
        except openai.BadRequestError:
            requests.put(f"{web}/items/state", data=f"refused {q}", timeout=5)
            out.append("refused")
    return out


# =========================================================================== aliased context buffers


def aliased_context_buffer_in_dict(client: Any) -> list[str]:
    """The context buffer is reached by two names: mutated through one, read through the other."""
    state = {"ctx": []}
    buf = state["ctx"]
    out = []
    for (q, lat), n in zip(RAG_QS, ("billing", "security", "shipping"), strict=True):
        a = chat(client, "Context: " + " ".join(buf) + f"\nQ: {q}", lat)
        state["ctx"].append(DOCS[n][:20])
        out.append(a[:15])
    return out + [str(len(buf))]


def default_arg_buffer_helper(client: Any) -> list[str]:
    """A nested helper appends to the buffer through its default argument."""
    buf: list[str] = []

    def remember(text: str, _buf: list[str] = buf) -> None:
        _buf.append(text)

    out = []
    for (q, lat), n in zip(RAG_QS, ("billing", "security", "shipping"), strict=True):
        out.append(chat(client, "Known: " + "; ".join(buf) + f"\n{q}", lat)[:15])
        remember(DOCS[n][:15])
    return out


def _contexts(qs: Any):  # noqa: ANN202
    for q, lat in qs:
        hits = _keyword_hits(q)
        if not hits:
            raise LookupError(f"generator: nothing for {q}")
        yield q, lat, DOCS[hits[0]]


def validator_raises_inside_generator(client: Any) -> list[str]:
    """The retrieval is a generator that raises on a miss; the loop chats per context."""
    out = []
    for q, lat, ctx in _contexts(RAG_QS):
        print("context for", q)
        out.append(chat(client, f"{ctx} {q}", lat)[:20])
    return out


async def async_validator_before_each_answer(client: Any) -> list[str]:
    """An async loop: the check raises at the second question before its await."""
    out = []
    for q, lat in RAG_QS:
        hits = _keyword_hits(q)
        _require_context(hits)
        r = await client.chat.completions.create(model="gpt", messages=[user(DOCS[hits[0]])],
                                                 extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:15])
    return out


# =========================================================================== async


async def async_gather_doc_embeddings_then_chats(client: Any) -> list[str]:
    """asyncio.gather for the document embeddings, then answers in sequence with prints."""
    names = list(DOCS)
    rs = await asyncio.gather(*[client.embeddings.create(model="emb", input=DOCS[n],
                                                          extra_query={"ms": 40})
                                for n in names])
    vecs = [r.data[0].embedding for r in rs]
    out = []
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        qr = await client.embeddings.create(model="emb", input=q, extra_query={"ms": 30})
        i = max(range(len(names)), key=lambda k: dot(qr.data[0].embedding, vecs[k]))
        r = await client.chat.completions.create(
            model="gpt", messages=[user(DOCS[names[i]] + q)], extra_body={"latency": lat})
        print(names[i], r.choices[0].message.content[:10])
        out.append(names[i])
    return out


async def async_sequential_awaits_rag(client: Any, tmp: str) -> list[str]:
    """Plain awaits one after another, answers appended to a JSONL between them."""
    path = Path(tmp) / "a.jsonl"
    vecs = {}
    for (n, t), ms in zip(DOCS.items(), (150, 30, 90, 40, 60), strict=True):
        r = await client.embeddings.create(model="emb", input=t, extra_query={"ms": ms})
        vecs[n] = r.data[0].embedding
    for q, lat in zip(QUESTIONS, (0.15, 0.03, 0.08), strict=True):
        r = await client.embeddings.create(model="emb", input=q, extra_query={"ms": 30})
        best = max(vecs, key=lambda n: dot(r.data[0].embedding, vecs[n]))
        c = await client.chat.completions.create(model="gpt", messages=[user(DOCS[best])],
                                                 extra_body={"latency": lat})
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "src": best,
                                "a": c.choices[0].message.content[:15]}) + "\n")
    return path.read_text().splitlines()


def _async_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _async_oa_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, str(env.tmp))
    return asyncio.run(main())


# =========================================================================== registry


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_db(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp / "kb.db"))


def oa_an(env: Env) -> tuple:
    return (openai_client(env), anthropic_client(env))


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _async(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="api", ideal=ideal, **kw)


CASES: list[Case] = [
    _sdk(index_dict_cache_nlargest, over(0.15, 0.03, 0.09, 0.04, 0.06), overlap=2),
    _sdk(lru_cached_question_embeddings, cat="helpers"),
    _sdk(sqlite_passages_answers_table, args=oa_db, cat="db", setup=_setup_passages_db),
    _both(answers_posted_to_web),
    _sdk(empty_retrieval_skips_question, over(0.12, 0.03, 0.08, 0.04, 0.05)),
    _both(early_return_when_nothing_found),
    _both(search_service_retry_then_local),
    _sdk(chat_retry_bad_request_then_smaller, cat="validation"),
    _sdk(rerank_with_chat_scores, cat="ensemble"),
    _sdk(answers_jsonl_with_citations, args=oa_tmp, cat="files"),
    _sdk(conversational_rag_history),
    _sdk(batch_question_embeddings_then_chats, over(0.09, 0.03), args=oa_tmp, cat="files"),
    _sdk(openai_embed_anthropic_answer, over(0.14, 0.03, 0.07, 0.04, 0.05), args=oa_an,
         cat="clients"),
    _both(hybrid_keyword_service_plus_vectors),
    _sdk(dedupe_retrieved_across_queries, cat="fanout"),
    _sdk(base64_embeddings_struct_unpack),
    _sdk(query_rewrite_then_retrieve),
    _sdk(sqlite_vectors_hits_update, args=oa_db, cat="db", setup=_setup_passages_db),
    _both(index_put_to_web_then_read_back, cat="http"),
    _sdk(generator_retrieval_break_on_match, cat="helpers"),
    _sdk(try_finally_writes_trace, args=oa_tmp, cat="validation"),
    _sdk(thread_pool_embed_docs_then_chats, cat="threads"),
    _sdk(folder_docs_chunked_and_answered, args=oa_tmp, cat="files",
         setup=_setup_docs_folder),
    _sdk(exception_message_cites_source, cat="validation"),
    _async(async_gather_doc_embeddings_then_chats, _async_oa),
    _async(async_sequential_awaits_rag, _async_oa_tmp, cat="files"),
]

CASES += [
    _sdk(sqlite_answer_cache_duplicate_questions, args=oa_db, cat="db"),
    _both(web_answer_cache_get_then_put, cat="http"),
    _sdk(file_answer_cache_exists_check, args=oa_tmp, cat="files"),
    _sdk(normalized_key_embedding_cache, over(0.15, 0.03), cat="state"),
    _sdk(embedding_timeout_mid_index_except_logs, args=oa_tmp, cat="validation"),
    _both(embedding_timeout_propagates_after_post, cat="validation"),
    _both(finally_posts_run_summary, cat="validation"),
    _sdk(retriever_class_with_counters, cat="helpers"),
    _sdk(lazy_map_of_embeddings_with_prints, cat="helpers"),
    _sdk(streamed_answers_printed_per_chunk),
    _both(post_version_feeds_next_prompt, cat="http"),
    _async(async_gather_answers_then_jsonl, _async_oa_tmp, cat="files"),
    _async(async_answer_cache_dict_repeat, _async_oa, cat="state"),
    _both(ingestion_job_polled_then_query, cat="http"),
    _sdk(two_sqlite_connections_writer_reader, args=oa_db, cat="db"),
    _sdk(shelve_embedding_cache, args=oa_tmp, cat="files"),
    _both(raw_requests_embeddings_endpoint, cat="http",
          args=lambda env: (openai_client(env), env.web, env.api)),
    _sdk(comprehension_embeddings_one_times_out, cat="validation", speculative_reads=True),
    _sdk(chat_comprehension_one_refused, cat="validation", speculative_reads=True),
    _sdk(embedding_budget_exceeded_raises, cat="validation"),
    _sdk(logged_embed_helper_start_end, cat="helpers"),
    _sdk(validator_through_partial, cat="validation"),
    _sdk(validator_callable_object, cat="validation"),
    _sdk(validator_in_getitem, cat="validation"),
    _sdk(validator_inside_decorator, cat="validation"),
    _sdk(validator_method_on_dataclass, cat="validation"),
    _sdk(validator_raises_inside_generator, cat="validation"),
    _async(async_validator_before_each_answer, _async_oa, cat="validation"),
    _both(refused_chat_after_post, cat="validation"),
    _sdk(refused_chat_after_sqlite_insert, args=oa_db, cat="db", setup=_setup_passages_db,
         speculative_reads=True),
    _sdk(refused_chat_inside_open_file, args=oa_tmp, cat="files",
         speculative_reads=True),
    _both(refused_chat_after_put_caught, cat="validation"),
    _sdk(aliased_context_buffer_in_dict, cat="state"),
    _sdk(default_arg_buffer_helper, cat="state"),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
