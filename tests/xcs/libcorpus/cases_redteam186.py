# ruff: noqa: A001, B008, B023, SIM105, SIM115, PLW0603 - the shapes under test
"""Red-team cases (stop 186): whole compound-AI programs as LLM-app developers write them.

RAG pipelines (embed, retrieve from sqlite3 or a numpy matrix, rerank with model calls,
answer), agents with tool registries (dicts of functions, tool calls from the SDK or parsed
from JSON, results appended to the messages), map-reduce summaries over chunk files in tmp,
self-consistency voting (n samples, a ``Counter``), critique-and-revise loops, routers that
classify then dispatch, response caches (a dict, a json file, sqlite) keyed by a prompt's
hash, cost accounting from usage into a global or an object, streams printed chunk by
chunk, progress printed per item, logging configured with ``basicConfig`` in the program,
retries with backoff helpers, dataclass and pydantic records of results; hooks that see the
calls (a filter or a record factory that sees httpx's request lines, an httpx event hook on
the SDK's client, a create() patched on the client, a cost decorator). Sibling calls get
unequal latencies, slow first, so a wrong reordering shows. `FAILING_WHY` says what
differed for the cases that did when written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, anthropic_client, corpus_logger, openai_client

LOG = corpus_logger("redteam186")

L = 0.05
LATS = (0.15, 0.04, 0.09)
LATS4 = (0.15, 0.04, 0.09, 0.06)
QUESTIONS = ("How do refunds work?", "Is my data encrypted?", "Can I change my plan?")
DOCS = {
    "billing": "Refunds are issued within 14 days to the original card.",
    "security": "All data is encrypted at rest with AES-256 and in transit with TLS.",
    "plans": "Plans can be changed at any time from the account page.",
    "shipping": "Orders ship in two business days from our warehouse.",
}


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def chat(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def embed(client: Any, text: str, ms: int) -> list[float]:
    return client.embeddings.create(model="emb", input=text,
                                    extra_query={"ms": ms}).data[0].embedding


def phash(prompt: str) -> str:
    return hashlib.sha256(prompt.encode()).hexdigest()[:16]


# =========================================================================== RAG


def r186_rag_numpy_matrix(client: Any) -> dict[str, Any]:
    """Embed the docs and the question, cosine over a numpy matrix, answer from the best."""
    names = list(DOCS)
    vecs = []
    for name, ms in zip(names, (150, 40, 90, 60), strict=True):
        vecs.append(embed(client, DOCS[name], ms))
    mat = np.array(vecs)
    q = np.array(embed(client, QUESTIONS[0], 70))
    scores = mat @ q / (np.linalg.norm(mat, axis=1) * np.linalg.norm(q))
    best = names[int(np.argmax(scores))]
    print(f"retrieved {best} ({scores.max():.3f})")
    answer = chat(client, f"Context: {DOCS[best]}\nQ: {QUESTIONS[0]}", L)
    return {"doc": best, "answer": answer}


def _docs_db(env: Env) -> None:
    con = sqlite3.connect(env.tmp / "kb.db")
    con.execute("CREATE TABLE docs (topic TEXT, body TEXT)")
    con.executemany("INSERT INTO docs VALUES (?, ?)", list(DOCS.items()))
    con.commit()
    con.close()


def r186_rag_sqlite_like(client: Any, db: str) -> list[str]:
    """Keyword retrieval from sqlite per question, then a model answer per question."""
    con = sqlite3.connect(db)
    answers = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        word = q.split()[-1].rstrip("?").lower()[:5]
        rows = con.execute("SELECT body FROM docs WHERE body LIKE ?", (f"%{word}%",)).fetchall()
        ctx = " ".join(r[0] for r in rows) or "no context"
        answers.append(chat(client, f"Context: {ctx}\nQ: {q}", lat))
        print(f"answered {q!r} with {len(rows)} docs")
    con.close()
    return answers


def r186_rag_rerank_then_answer(client: Any) -> tuple[list[str], str]:
    """Four candidates scored by the model (score: length of the verdict), best two answer."""
    scored = []
    for (name, body), lat in zip(DOCS.items(), LATS4, strict=True):
        verdict = chat(client, f"Rate 1-10 how relevant this is to refunds: {body}", lat,
                       model="gpt-mini")
        scored.append((len(verdict) % 10, name))
    scored.sort(reverse=True)
    top = [n for _, n in scored[:2]]
    ctx = "\n".join(DOCS[n] for n in top)
    return top, chat(client, f"Context:\n{ctx}\nQ: {QUESTIONS[0]}", L)


def r186_rag_sqlite_vector_store(client: Any, db: str) -> str:
    """Embeddings stored as JSON in sqlite (insert per doc), read back, cosine, answer."""
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS vecs (name TEXT PRIMARY KEY, v TEXT)")
    for (name, body), ms in zip(DOCS.items(), (150, 40, 90, 60), strict=True):
        v = embed(client, body, ms)
        con.execute("INSERT OR REPLACE INTO vecs VALUES (?, ?)", (name, json.dumps(v)))
    con.commit()
    q = np.array(embed(client, "encryption", 50))
    best, best_s = "", -1.0
    for name, raw in con.execute("SELECT name, v FROM vecs ORDER BY name"):
        v = np.array(json.loads(raw))
        s = float(v @ q / (np.linalg.norm(v) * np.linalg.norm(q)))
        if s > best_s:
            best, best_s = name, s
    con.close()
    return chat(client, f"Using {DOCS[best]} answer: {QUESTIONS[1]}", L)


def r186_rag_web_docs_summaries(client: Any, web: str) -> str:
    """Docs fetched over HTTP, each summarised, then one answer over the summaries."""
    summaries = []
    for key, ms in (("d1", 150), ("d2", 40), ("d3", 90)):
        doc = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        summaries.append(chat(client, f"Summarise: {doc}", 0.02 + ms / 2000))
    return chat(client, "Answer from: " + " | ".join(summaries), L)


def r186_rag_query_rewrite_multi(client: Any) -> list[str]:
    """Query rewrites by the model, each rewrite embedded, nearest doc name per rewrite."""
    names = list(DOCS)
    mat = np.array([embed(client, DOCS[n], 30) for n in names])
    rewrites = [chat(client, f"Rewrite ({i}): {QUESTIONS[2]}", lat)
                for i, lat in enumerate(LATS)]
    hits = []
    for rw, ms in zip(rewrites, (120, 40, 80), strict=True):
        q = np.array(embed(client, rw, ms))
        hits.append(names[int(np.argmax(mat @ q))])
    return hits


# =========================================================================== agents


LOOKUP_FN = {"type": "function", "function": {
    "name": "lookup", "description": "look up a key",
    "parameters": {"type": "object", "properties": {"key": {"type": "string"}},
                   "required": ["key"]}}}
ADD_FN = {"type": "function", "function": {
    "name": "add", "description": "add two numbers",
    "parameters": {"type": "object", "properties": {"a": {"type": "integer"},
                                                    "b": {"type": "integer"}},
                   "required": ["a", "b"]}}}


def _slug(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())[:12] or "x"


def r186_agent_tool_registry(client: Any, web: str) -> dict[str, Any]:
    """SDK tool calls dispatched through a dict of functions, results appended."""
    def lookup(key: str) -> str:
        return requests.get(f"{web}/items/{_slug(key)}?ms=90", timeout=5).json()["value"]

    def add(a: int, b: int) -> str:
        return str(a + b)

    registry = {"lookup": lookup, "add": add}
    messages: list[dict[str, Any]] = [user("look up the order and add the totals")]
    trace = []
    for turn in range(3):
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           tools=[LOOKUP_FN, ADD_FN],
                                           extra_body={"latency": 0.06 - 0.015 * turn})
        msg = r.choices[0].message
        if not msg.tool_calls:
            trace.append(("final", msg.content))
            break
        messages.append({"role": "assistant", "content": None, "tool_calls": [
            {"id": c.id, "type": "function",
             "function": {"name": c.function.name, "arguments": c.function.arguments}}
            for c in msg.tool_calls]})
        for c in msg.tool_calls:
            out = registry[c.function.name](**json.loads(c.function.arguments))
            print(f"tool {c.function.name} -> {out}")
            trace.append((c.function.name, out))
            messages.append({"role": "tool", "tool_call_id": c.id, "content": out})
    return {"trace": trace, "n": len(messages)}


ACTION_SCHEMA = {"type": "object", "properties": {
    "tool": {"type": "string", "enum": ["get", "put", "note"]},
    "arg": {"type": "string"}}, "required": ["tool", "arg"]}


def r186_agent_json_actions(client: Any, web: str) -> list[str]:
    """Actions parsed from JSON answers: GET, PUT or a note; each result fed back."""
    notes: list[str] = []

    def get(arg: str) -> str:
        return requests.get(f"{web}/items/{_slug(arg)}?ms=60", timeout=5).json()["value"]

    def put(arg: str) -> str:
        return str(requests.put(f"{web}/items/{_slug(arg)}", data=arg, timeout=5).json())

    def note(arg: str) -> str:
        notes.append(arg)
        return "ok"

    tools = {"get": get, "put": put, "note": note}
    history = "task: keep the inventory"
    seen = []
    for step in range(4):
        r = client.chat.completions.create(
            model="gpt", messages=[user(f"{history}\nstep {step}")],
            response_format={"type": "json_schema",
                             "json_schema": {"name": "act", "schema": ACTION_SCHEMA}},
            extra_body={"latency": 0.04})
        act = json.loads(r.choices[0].message.content)
        result = tools[act["tool"]](act["arg"])
        seen.append(f"{act['tool']}:{result}")
        history += f"\n{act['tool']}({act['arg']}) = {result}"
    return seen + notes


def _fn(name: str) -> dict[str, Any]:
    return {"type": "function", "function": {
        "name": name, "description": f"the {name} tool",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]}}}


def r186_agent_parallel_tool_calls(client: Any, web: str) -> list[str]:
    """One turn asks for three tools (parallel tool calls), each GETs, a final call answers."""
    ms = {"weather": 150, "clock": 40, "currency": 90}
    r = client.chat.completions.create(
        model="gpt", messages=[user("use weather, clock and currency for Oslo")],
        tools=[_fn(n) for n in ms], extra_body={"latency": 0.05})
    calls = r.choices[0].message.tool_calls or []
    results = []
    for c in calls:
        city = _slug(json.loads(c.function.arguments).get("city", "x"))
        v = requests.get(f"{web}/items/{c.function.name}-{city}?ms={ms[c.function.name]}",
                         timeout=5).json()["value"]
        print(f"{c.function.name}: {v}")
        results.append(v)
    final = chat(client, "Combine: " + ", ".join(results), L)
    return [*results, final]


class Tools:
    """Tools as static methods, dispatched with getattr."""

    web = ""

    @staticmethod
    def weather(city: str) -> str:
        return requests.get(f"{Tools.web}/items/w-{city}?ms=150", timeout=5).json()["value"]

    @staticmethod
    def time_in(city: str) -> str:
        return requests.get(f"{Tools.web}/items/t-{city}?ms=40", timeout=5).json()["value"]

    @staticmethod
    def fx(city: str) -> str:
        return requests.get(f"{Tools.web}/items/fx-{city}?ms=90", timeout=5).json()["value"]


def r186_agent_getattr_tools(client: Any, web: str) -> list[str]:
    """A plan of tool names from the program, dispatched with getattr on a class."""
    Tools.web = web
    plan = [("weather", "oslo"), ("time_in", "lima"), ("fx", "rome")]
    obs = []
    for name, arg in plan:
        obs.append(getattr(Tools, name)(arg))
        print("ran", name)
    return [*obs, chat(client, "Report: " + "; ".join(obs), L)]


def r186_agent_tool_error_fed_back(client: Any, web: str) -> list[str]:
    """A tool that raises; the error text is fed back as the tool's result."""
    def fetch(key: str) -> str:
        r = requests.get(f"{web}/items/{key}?ms=60", timeout=5)
        r.raise_for_status()
        return r.json()["value"]

    messages = []
    for key in ("alpha", "missing-beta", "gamma"):
        try:
            out = fetch(key)
        except requests.HTTPError as exc:
            out = f"error: {exc.response.status_code}"
        messages.append(f"{key}={out}")
    return [*messages, chat(client, "\n".join(messages), L)]


# =========================================================================== map-reduce


LONG = " ".join(f"Sentence {i} talks about topic {i % 5} in some detail." for i in range(40))


def _long_file(env: Env) -> None:
    (env.tmp / "report.txt").write_text(LONG)


def r186_mapreduce_chunk_files(client: Any, tmp: str) -> str:
    """The report split into chunk files, each summarised to a file, then reduced."""
    text = Path(tmp, "report.txt").read_text()
    size = len(text) // 4 + 1
    chunks = [text[i:i + size] for i in range(0, len(text), size)]
    cdir = Path(tmp, "chunks")
    cdir.mkdir()
    for i, ch in enumerate(chunks):
        (cdir / f"{i:02d}.txt").write_text(ch)
    partials = []
    for i, lat in enumerate(LATS4[:len(chunks)]):
        s = chat(client, "Summarise: " + (cdir / f"{i:02d}.txt").read_text(), lat)
        (cdir / f"{i:02d}.sum").write_text(s)
        partials.append(s)
        print(f"chunk {i + 1}/{len(chunks)} done")
    final = chat(client, "Combine: " + "\n".join(partials), L)
    Path(tmp, "summary.txt").write_text(final)
    return final


def _three_files(env: Env) -> None:
    d = env.tmp / "inbox"
    d.mkdir()
    for name, body in (("a.txt", "alpha " * 30), ("b.txt", "beta " * 20), ("c.txt", "gamma " * 10)):
        (d / name).write_text(body)


def r186_mapreduce_glob_progress(client: Any, tmp: str) -> dict[str, str]:
    """Each file in a folder summarised, progress printed before and after each."""
    files = sorted(Path(tmp, "inbox").glob("*.txt"))
    out = {}
    for i, (p, lat) in enumerate(zip(files, LATS, strict=True), 1):
        print(f"[{i}/{len(files)}] {p.name} ...", flush=True)
        out[p.name] = chat(client, "TL;DR: " + p.read_text(), lat)
        print(f"[{i}/{len(files)}] {p.name} ok ({len(out[p.name])} chars)")
    out["_all"] = chat(client, "Merge: " + " ".join(out.values()), L)
    return out


def r186_mapreduce_jsonl_append(client: Any, tmp: str) -> int:
    """Each partial appended to a JSONL file as it comes; the file is read for the reduce."""
    path = Path(tmp, "partials.jsonl")
    for i, lat in enumerate(LATS4):
        s = chat(client, f"Summarise part {i}: " + LONG[i * 100:(i + 1) * 100], lat)
        with path.open("a") as f:
            f.write(json.dumps({"i": i, "s": s}) + "\n")
    rows = [json.loads(ln) for ln in path.read_text().splitlines()]
    final = chat(client, "Reduce: " + " ".join(r["s"] for r in rows), L)
    path.with_suffix(".final").write_text(final)
    return len(rows)


# =========================================================================== self-consistency


def _label(answer: str) -> str:
    return ("yes", "no", "maybe")[len(answer) % 3]


def r186_vote_loop_counter(client: Any) -> tuple[str, dict[str, int]]:
    """Five samples with different seeds, labels counted, the majority returned."""
    votes: Counter[str] = Counter()
    for seed, lat in enumerate((0.15, 0.04, 0.09, 0.06, 0.11)):
        a = chat(client, "Is 91 prime? Think step by step.", lat, temperature=1.0, seed=seed)
        votes[_label(a)] += 1
    return votes.most_common(1)[0][0], dict(sorted(votes.items()))


def r186_vote_n_samples_per_question(client: Any) -> list[tuple[str, int]]:
    """n=3 samples per question in one call; the questions' calls are independent."""
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        r = client.chat.completions.create(model="gpt", messages=[user(q)], n=3,
                                           temperature=0.9, extra_body={"latency": lat})
        c = Counter(_label(ch.message.content) for ch in r.choices)
        label, count = c.most_common(1)[0]
        out.append((label, count))
        print(q[:12], label, count, r.usage.total_tokens)
    return out


def r186_vote_early_stop(client: Any) -> tuple[str, int]:
    """Sample until one label has two votes: the number of calls depends on the answers."""
    votes: Counter[str] = Counter()
    n = 0
    for seed in range(6):
        n += 1
        votes[_label(chat(client, "Is it safe?", 0.03 + 0.01 * seed, temperature=1.0,
                          seed=seed))] += 1
        if votes.most_common(1)[0][1] >= 2:
            break
    return votes.most_common(1)[0][0], n


# =========================================================================== critique and revise


def r186_critique_per_item(client: Any) -> list[str]:
    """For each of three items, draft then critique then revise: three chains overlap."""
    finals = []
    for topic, lat in zip(("tea", "rain", "moss"), LATS, strict=True):
        d = chat(client, f"Poem on {topic}", lat)
        c = chat(client, f"Critique {d}", lat / 2)
        finals.append(chat(client, f"Revise {d} per {c}", lat / 3))
    return finals


# =========================================================================== routers


def r186_router_classify_dispatch(client: Any, web: str) -> list[str]:
    """Classify each query, then dispatch to a handler (HTTP GET, model, canned)."""
    def billing(q: str) -> str:
        return requests.get(f"{web}/items/bill-{_slug(q)}?ms=60", timeout=5).json()["value"]

    def tech(q: str) -> str:
        return chat(client, f"Tech answer: {q}", 0.03, model="gpt-mini")

    def other(q: str) -> str:
        return f"canned for {q[:10]}"

    routes = {"yes": billing, "no": tech}
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        label = _label(chat(client, f"Dispatch: {q}", lat))
        out.append(f"{label}:{routes.get(label, other)(q)}")
    return out


def r186_router_if_elif(client: Any, web: str) -> list[str]:
    """A router written as if/elif on the model's label; one branch writes."""
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        label = _label(chat(client, f"Classify intent: {q}", lat))
        if label == "yes":
            r = requests.put(f"{web}/items/ticket-{i}", data=q, timeout=5).json()
            out.append(f"ticket v{r['version']}")
        elif label == "no":
            out.append(requests.get(f"{web}/items/faq-{i}?ms=40", timeout=5).json()["value"])
        else:
            out.append(chat(client, f"Clarify: {q}", 0.02))
    return out


def r186_router_early_return(client: Any) -> str:
    """Return as soon as a route says it can answer."""
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        a = chat(client, f"Can you answer {q}?", lat)
        print("tried", q[:10])
        if _label(a) == "no":
            return f"stop at {q}"
    return "none"


# =========================================================================== caches


def r186_cache_dict_duplicates(client: Any) -> tuple[list[str], int]:
    """A dict cache keyed by the prompt's hash: duplicate prompts call once."""
    cache: dict[str, str] = {}
    prompts = ["alpha", "beta", "alpha", "gamma", "beta"]
    misses = 0
    out = []
    for p, lat in zip(prompts, (0.15, 0.04, 0.02, 0.09, 0.03), strict=True):
        key = phash(p)
        if key not in cache:
            misses += 1
            cache[key] = chat(client, f"Define {p}", lat)
        out.append(cache[key])
    return out, misses


def r186_cache_json_file(client: Any, tmp: str) -> list[str]:
    """A JSON file cache, loaded at the start, saved after each miss."""
    path = Path(tmp, "cache.json")
    cache = json.loads(path.read_text()) if path.exists() else {}
    out = []
    for p, lat in zip(["alpha", "beta", "alpha", "gamma"], (0.15, 0.04, 0.02, 0.09), strict=True):
        k = phash(p)
        if k not in cache:
            cache[k] = chat(client, f"Define {p}", lat)
            path.write_text(json.dumps(cache, sort_keys=True))
        out.append(cache[k])
    return out


def _seed_cache(env: Env) -> None:
    (env.tmp / "cache.json").write_text(json.dumps({phash("beta"): "cached beta"}))


def r186_cache_sqlite(client: Any, db: str) -> list[str]:
    """A sqlite response cache: SELECT, on a miss call and INSERT, commit per item."""
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS cache (k TEXT PRIMARY KEY, v TEXT)")
    out = []
    for p, lat in zip(["alpha", "beta", "gamma", "alpha"], (0.15, 0.04, 0.09, 0.02), strict=True):
        k = phash(p)
        row = con.execute("SELECT v FROM cache WHERE k = ?", (k,)).fetchone()
        if row is None:
            v = chat(client, f"Define {p}", lat)
            con.execute("INSERT INTO cache VALUES (?, ?)", (k, v))
            con.commit()
            out.append("miss:" + v)
        else:
            out.append("hit:" + row[0])
    con.close()
    return out


_MEMO: dict[str, str] = {}


def _memo_chat(client: Any, prompt: str, lat: float) -> str:
    k = phash(prompt)
    if k not in _MEMO:
        _MEMO[k] = chat(client, prompt, lat)
    return _MEMO[k]


def r186_cache_global_memo_helper(client: Any) -> list[str]:
    """A module-level memo dict in a helper: duplicates must be answered from the memo."""
    _MEMO.clear()
    out = [_memo_chat(client, p, lat) for p, lat in
           (("one", 0.15), ("two", 0.04), ("one", 0.01), ("three", 0.09))]
    return [*out, str(len(_MEMO))]


# =========================================================================== cost accounting


PRICE = {"gpt": (0.15, 0.6), "gpt-mini": (0.05, 0.2)}
COST = {"usd": 0.0, "calls": 0}
SPENT = 0.0


def _track(model: str, usage: Any) -> None:
    pin, pout = PRICE[model]
    COST["usd"] += (usage.prompt_tokens * pin + usage.completion_tokens * pout) / 1e6
    COST["calls"] += 1


def r186_cost_global_dict(client: Any) -> dict[str, Any]:
    """Usage tracked into a module-level dict by a helper after each call."""
    COST.update(usd=0.0, calls=0)
    answers = []
    for q, lat, model in zip(QUESTIONS, LATS, ("gpt", "gpt-mini", "gpt"), strict=True):
        r = client.chat.completions.create(model=model, messages=[user(q)],
                                           extra_body={"latency": lat})
        _track(model, r.usage)
        answers.append(r.choices[0].message.content[:10])
    return {"answers": answers, "usd": round(COST["usd"], 9), "calls": COST["calls"]}


def r186_cost_global_rebind(client: Any) -> float:
    """The program rebinds a global running total itself, printing it per call."""
    global SPENT
    SPENT = 0.0
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           extra_body={"latency": lat})
        SPENT += r.usage.total_tokens * 1e-6
        print(f"spent so far ${SPENT:.6f}")
    return round(SPENT, 9)


@dataclasses.dataclass
class Meter:
    prompt: int = 0
    completion: int = 0
    calls: list[str] = dataclasses.field(default_factory=list)

    def add(self, name: str, usage: Any) -> None:
        self.prompt += usage.prompt_tokens
        self.completion += usage.completion_tokens
        self.calls.append(name)

    @property
    def usd(self) -> float:
        return round((self.prompt * 0.15 + self.completion * 0.6) / 1e6, 9)


def r186_cost_meter_object(client: Any) -> tuple[float, list[str]]:
    """A Meter dataclass adds each call's usage; the caller prints it per item."""
    meter = Meter()
    for name, lat in zip(("a", "b", "c", "d"), LATS4, strict=True):
        r = client.chat.completions.create(model="gpt", messages=[user(f"Task {name}")],
                                           extra_body={"latency": lat})
        meter.add(name, r.usage)
        print(name, meter.prompt, meter.completion)
    return meter.usd, meter.calls


# =========================================================================== streaming


def r186_stream_printed_chunks(client: Any) -> list[int]:
    """Two answers streamed and printed chunk by chunk, one after the other."""
    sizes = []
    for q, lat in zip(QUESTIONS[:2], (0.1, 0.03), strict=True):
        stream = client.chat.completions.create(model="gpt", messages=[user(q)], stream=True,
                                                extra_body={"latency": lat})
        n = 0
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                print(chunk.choices[0].delta.content, end="", flush=True)
                n += 1
        print()
        sizes.append(n)
    return sizes


def r186_stream_then_batch(client: Any) -> list[str]:
    """A streamed intro printed live, then three independent follow-ups."""
    stream = client.chat.completions.create(model="gpt", messages=[user("Intro")], stream=True,
                                            extra_body={"latency": 0.03})
    intro = "".join(ch.choices[0].delta.content or "" for ch in stream if ch.choices)
    print(intro)
    return [chat(client, f"{intro[:20]} follow-up {i}", lat) for i, lat in enumerate(LATS)]


def r186_stream_anthropic_text(client: Any) -> str:
    """Anthropic's stream helper, text printed as it comes, then a normal call."""
    with client.messages.stream(model="claude", max_tokens=64, messages=[user("Tell a joke")],
                                extra_body={"latency": 0.03}) as s:
        for text in s.text_stream:
            print(text, end="")
        final = s.get_final_message()
    print()
    m = client.messages.create(model="claude", max_tokens=32,
                               messages=[user("Rate: " + final.content[0].text)],
                               extra_body={"latency": 0.04})
    return m.content[0].text


# =========================================================================== progress and logging


def r186_progress_print_per_item(client: Any) -> list[str]:
    """Progress printed before and after each call, the answers collected."""
    out = []
    n = len(QUESTIONS)
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True), 1):
        print(f"[{i}/{n}] asking: {q}")
        a = chat(client, q, lat)
        print(f"[{i}/{n}] got {len(a)} chars")
        out.append(a)
    print("done")
    return out


def _restore_logging(fn: Any, env: Env, args: tuple) -> Any:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {n: logging.getLogger(n).level for n in ("httpx", "openai", "urllib3")}
    try:
        return fn(*args)
    finally:
        for h in root.handlers[:]:
            if h not in saved[0]:
                root.removeHandler(h)
        root.setLevel(saved[1])
        for n, lv in levels.items():
            logging.getLogger(n).setLevel(lv)


def r186_basicconfig_in_program(client: Any) -> list[str]:
    """The program configures logging (root to stdout, httpx quieted) then logs per item."""
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s", force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    log = logging.getLogger("app186")
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        log.info("asking %d", i)
        out.append(chat(client, q, lat))
        log.info("answered %d", i)
    return out


def r186_basicconfig_root_functions(client: Any, web: str) -> list[str]:
    """logging.info on the root after basicConfig; requests GETs beside model calls."""
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s", force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    out = []
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        logging.info("fetched %s=%s", key, v)
        out.append(chat(client, f"Explain {v}", 0.02))
    return out


def _preconfigured(fn: Any, env: Env) -> Any:
    """basicConfig at the script's top (outside the function): root to stdout."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
    root.handlers[:] = [h]
    root.setLevel(logging.INFO)
    quiet = [logging.getLogger(n) for n in ("httpx", "httpx2")]  # the SDK's request lines
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.WARNING)
    try:
        return fn(openai_client(env))
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for lg, lv in zip(quiet, levels, strict=True):
            lg.setLevel(lv)


def r186_preconfigured_root_logging(client: Any) -> list[str]:
    """Root logging to stdout set up by the script; the function only logs."""
    log = logging.getLogger("app186.pre")
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        log.info("q=%s", q[:10])
        out.append(chat(client, q, lat))
        log.info("a=%s", out[-1][:10])
    return out


# =========================================================================== retries


def with_backoff(fn: Any, *args: Any, tries: int = 3, base: float = 0.01, **kw: Any) -> Any:
    for attempt in range(tries):
        try:
            return fn(*args, **kw)
        except (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError):
            if attempt == tries - 1:
                raise
            time.sleep(base * 2 ** attempt)
    raise RuntimeError("unreachable")


def r186_retry_helper_no_failures(client: Any) -> list[str]:
    """Every call wrapped in a backoff helper; nothing fails, so the calls overlap."""
    return [with_backoff(chat, client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]


def retry(times: int = 3, delay: float = 0.01) -> Any:
    def deco(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*a: Any, **kw: Any) -> Any:
            for i in range(times):
                try:
                    return fn(*a, **kw)
                except requests.HTTPError as exc:
                    print(f"{fn.__name__} retry {i}: {exc.response.status_code}")
                    time.sleep(delay)
            return None
        return wrapper
    return deco


@retry(times=2)
def _fetch_doc(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def r186_retry_decorated_fetch(client: Any, web: str) -> list[Any]:
    """A @retry-decorated fetch helper (one key 404s twice), then one answer."""
    docs = [_fetch_doc(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]
    return [*docs, chat(client, "Summarise " + " ".join(d or "-" for d in docs), L)]


# =========================================================================== records


@dataclasses.dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    tokens: int


def r186_dataclass_records_json(client: Any, tmp: str) -> list[dict[str, Any]]:
    """Answer records as frozen dataclasses, dumped to a JSON file, sorted by tokens."""
    records = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           extra_body={"latency": lat})
        records.append(Answer(q, r.choices[0].message.content, r.usage.total_tokens))
    rows = [dataclasses.asdict(a) for a in sorted(records, key=lambda a: (a.tokens, a.question))]
    with open(Path(tmp, "answers.json"), "w") as f:
        json.dump(rows, f, indent=1)
    return rows


class Extracted(pydantic.BaseModel):
    name: str
    score: int

    @pydantic.field_validator("name")
    @classmethod
    def strip(cls, v: str) -> str:
        return v.strip().lower()


EXTRACT_SCHEMA = {"type": "object", "properties": {"name": {"type": "string"},
                                                   "score": {"type": "integer"}},
                  "required": ["name", "score"]}


def r186_pydantic_records_file(client: Any, tmp: str) -> list[str]:
    """JSON-schema answers validated into pydantic models, written one per line."""
    out = []
    for text, lat in zip(("Ann scored 7", "Bo scored 9", "Cy scored 3"), LATS, strict=True):
        r = client.chat.completions.create(
            model="gpt", messages=[user(f"Extract: {text}")],
            response_format={"type": "json_schema",
                             "json_schema": {"name": "rec", "schema": EXTRACT_SCHEMA}},
            extra_body={"latency": lat})
        rec = Extracted.model_validate_json(r.choices[0].message.content)
        out.append(rec.model_dump_json())
    Path(tmp, "recs.jsonl").write_text("\n".join(out) + "\n")
    return out


# =========================================================================== results to servers


def r186_eval_post_after_loop(client: Any, web: str) -> list[int]:
    """All answers first, then each result PUT in order."""
    answers = [chat(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]
    versions = []
    for i, a in enumerate(answers):
        versions.append(requests.put(f"{web}/items/res-{i}", data=a[:30], timeout=5)
                        .json()["version"])
    return versions


def r186_eval_put_per_item(client: Any, web: str) -> list[int]:
    """Each answer PUT as soon as it comes (model calls never cross a server write)."""
    versions = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        a = chat(client, q, lat)
        versions.append(requests.put(f"{web}/items/res-{i}", data=a[:30], timeout=5)
                        .json()["version"])
    return versions


def r186_session_docs_and_models(client: Any, web: str) -> dict[str, str]:
    """A requests.Session fetches docs while the model answers each question."""
    out = {}
    with requests.Session() as s:
        for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
            doc = s.get(f"{web}/items/doc{i}?ms={int(lat * 1000)}", timeout=5).json()["value"]
            out[q] = chat(client, f"{doc} -> {q}", lat / 2)
    return out


# =========================================================================== conversation state


def r186_messages_append_pop(client: Any) -> list[str]:
    """One messages list: append the question, call, pop it again (each call sees one q)."""
    msgs: list[dict[str, str]] = [{"role": "system", "content": "Be brief."}]
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        msgs.append(user(q))
        r = client.chat.completions.create(model="gpt", messages=msgs,
                                           extra_body={"latency": lat})
        msgs.pop()
        out.append(r.choices[0].message.content)
    return out

# =========================================================================== more attacks


def _answers(client: Any, qs: Any) -> Any:
    for q, lat in qs:
        yield q, chat(client, q, lat)


def r186_generator_early_break(client: Any) -> list[str]:
    """Answers from a generator; the consumer stops at the first 'no' (no later call runs)."""
    seen = []
    for q, a in _answers(client, [("Q one", 0.15), ("Q two", 0.04), ("Q three", 0.09),
                                  ("Q four", 0.06)]):
        seen.append(f"{q}:{_label(a)}")
        print("checked", q)
        if _label(a) == "no":
            break
    return seen


def r186_json_dump_unclosed_open(client: Any, tmp: str) -> dict[str, str]:
    """A cache saved with json.dump(cache, open(p, "w")) after each miss, read back by name."""
    p = str(Path(tmp, "c.json"))
    cache: dict[str, str] = {}
    for term, lat in (("alpha", 0.15), ("beta", 0.04), ("alpha", 0.01), ("gamma", 0.09)):
        if term not in cache:
            cache[term] = chat(client, f"Define {term}", lat)[:20]
            json.dump(cache, open(p, "w"))
        print(term, len(open(p).read()))
    return json.load(open(p))


_CLIENT: Any = None
_BASE = ""


def get_client() -> Any:
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = openai.OpenAI(api_key="sk-corpus-dummy", base_url=_BASE, max_retries=0)
    return _CLIENT


def r186_lazy_global_client(questions: list[str]) -> list[str]:
    """A client made lazily by a helper that rebinds a global, used for each question."""
    out = []
    for q, lat in zip(questions, LATS, strict=True):
        r = get_client().chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def _lazy_drive(fn: Any, env: Env) -> Any:
    global _CLIENT, _BASE
    _BASE, _CLIENT = env.openai_url, None
    try:
        return fn(list(QUESTIONS))
    finally:
        if _CLIENT is not None:
            _CLIENT.close()
        _CLIENT = None


AUDIT: list[str] = []


def _handle_a(client: Any, q: str) -> str:
    AUDIT.append(f"a:{q[:6]}")
    return chat(client, f"A {q}", 0.03)


def _handle_b(client: Any, q: str) -> str:
    return chat(client, f"B (after {len(AUDIT)} audited) {q}", 0.02)


def r186_router_audit_global_list(client: Any) -> list[str]:
    """Handlers share a global audit list: handler b's prompt counts what a appended."""
    AUDIT.clear()
    handlers = {"yes": _handle_a, "no": _handle_b, "maybe": _handle_b}
    out = []
    for q, lat in zip(("alpha?", "beta?", "gamma?", "delta?"), LATS4, strict=True):
        label = _label(chat(client, f"Route {q}", lat))
        out.append(handlers[label](client, q)[:12])
    return [*out, *AUDIT]


def r186_tool_unknown_name_raises(client: Any, web: str) -> list[str]:
    """A tool plan from JSON: PUTs run in order until a name missing from the registry."""
    def save(k: str) -> str:
        return str(requests.put(f"{web}/items/{k}", data=k, timeout=5).json()["version"])

    def load(k: str) -> str:
        return requests.get(f"{web}/items/{k}?ms=40", timeout=5).json()["value"]

    registry = {"save": save, "load": load}
    plan = json.loads('[["load", "a"], ["save", "b"], ["load", "b"], ["delete", "c"], '
                      '["save", "d"], ["load", "e"]]')
    out = []
    for name, arg in plan:
        out.append(registry[name](arg))
        print("ran", name, arg)
    return out


def r186_first_error_wins(client: Any) -> list[str]:
    """Two items are refused (different temperatures): the first refusal is raised."""
    out = []
    for q, lat, temp in (("one", 0.15, 0.5), ("two", 0.04, 7.0), ("three", 0.09, 9.0)):
        out.append(chat(client, q, lat, temperature=temp))
        print("ok", q)
    return out


def _file_logging(fn: Any, env: Env) -> Any:
    """The script's basicConfig(filename=...): the corpus logger writes to app.log."""
    h = logging.FileHandler(env.tmp / "app.log")
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    LOG.addHandler(h)
    try:
        return fn(openai_client(env), str(env.tmp))
    finally:
        LOG.removeHandler(h)
        h.close()


def r186_filehandler_log_readback(client: Any, tmp: str) -> list[str]:
    """Progress logged to a file handler; the log file is read back at the end."""
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        LOG.info("start %d", i)
        a = chat(client, q, lat)
        LOG.info("done %d %s", i, a[:10])
    return Path(tmp, "app.log").read_text().splitlines()


def _prompt_from_env(q: str) -> str:
    return f"[{os.environ.get('R186_PERSONA', 'neutral')}] {q}"


def r186_environ_prompt(client: Any) -> list[str]:
    """A persona set in os.environ per item; the prompt helper reads it."""
    out = []
    try:
        for persona, q, lat in (("pirate", "hi", 0.15), ("poet", "yo", 0.04),
                                ("judge", "hey", 0.09)):
            os.environ["R186_PERSONA"] = persona
            out.append(chat(client, _prompt_from_env(q), lat)[:15])
    finally:
        os.environ.pop("R186_PERSONA", None)
    return out


def r186_anthropic_tool_registry(client: Any, web: str) -> list[str]:
    """Anthropic tool_use blocks dispatched through a registry of httpx-backed tools."""
    http = httpx.Client(base_url=web, timeout=5)

    def stock(sku: str) -> str:
        return http.get(f"/items/stock-{_slug(sku)}", params={"ms": 150}).json()["value"]

    def price(sku: str) -> str:
        return http.get(f"/items/price-{_slug(sku)}", params={"ms": 40}).json()["value"]

    registry = {"stock": stock, "price": price}
    schema = {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"]}
    tools = [{"name": n, "description": f"{n} of a sku", "input_schema": schema}
             for n in registry]
    messages: list[dict[str, Any]] = [user("check stock and price for the blue mug")]
    out = []
    for _step in range(2):
        msg = client.messages.create(model="claude", max_tokens=64, tools=tools,
                                     messages=messages, extra_body={"latency": 0.04})
        uses = [b for b in msg.content if b.type == "tool_use"]
        if not uses:
            out.append("text:" + msg.content[0].text[:15])
            break
        messages.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": u.id, "name": u.name, "input": u.input} for u in uses]})
        results = []
        for u in uses:
            v = registry[u.name](**u.input)
            out.append(f"{u.name}={v}")
            results.append({"type": "tool_result", "tool_use_id": u.id, "content": v})
        messages.append({"role": "user", "content": results})
    http.close()
    return out


# =========================================================================== hooks that see calls


class _Tap(logging.Filter):
    """A filter on httpx's logger that keeps each request line's path and drops the record."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        url = str(record.args[1]) if isinstance(record.args, tuple) and len(record.args) > 1 \
            else record.getMessage()
        self.paths.append(url.rsplit("/", 1)[-1])
        return False


TAP = _Tap()


def _tapped(fn: Any, env: Env) -> Any:
    """The script counts requests with a filter on httpx's logger (set up before the call)."""
    hx = logging.getLogger("httpx")
    level = hx.level
    TAP.paths.clear()
    hx.setLevel(logging.INFO)
    hx.addFilter(TAP)
    try:
        return fn(env.web)
    finally:
        hx.removeFilter(TAP)
        hx.setLevel(level)


def r186_httpx_log_filter_tap(web: str) -> list[str]:
    """Two httpx GETs; a logging filter the script installed records each request line."""
    a = httpx.get(f"{web}/items/a?ms=150").json()["value"]
    b = httpx.get(f"{web}/items/b?ms=40").json()["value"]
    return [a, b, *TAP.paths]


def r186_httpx_log_filter_tap_loop(web: str) -> list[str]:
    """The same tap around a client's GETs in a loop (the shape a script has)."""
    out = []
    with httpx.Client(timeout=5) as c:
        for key, ms in (("a", 150), ("b", 40), ("c", 90)):
            out.append(c.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    return [*out, *TAP.paths]


class _HFilter(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "httpx":
            self.paths.append(str(record.args[1]).rsplit("/", 1)[-1])  # type: ignore[index]
            return False
        return True


HFILTER = _HFilter()


def _root_handler_filter(fn: Any, env: Env) -> Any:
    """The script's basicConfig at INFO to stdout, with a filter on the handler."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    h = logging.StreamHandler(sys.stdout)
    h.addFilter(HFILTER)
    HFILTER.paths.clear()
    root.handlers[:] = [h]
    root.setLevel(logging.INFO)
    try:
        return fn(env.web)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def r186_root_handler_filter(web: str) -> list[str]:
    """Two httpx GETs; the root handler's filter (the script's) drops and keeps each line."""
    a = httpx.get(f"{web}/items/a?ms=150").json()["value"]
    b = httpx.get(f"{web}/items/b?ms=40").json()["value"]
    return [a, b, *HFILTER.paths]


RECORDS: list[str] = []


def _factory_drive(fn: Any, env: Env) -> Any:
    """The script installs a record factory that keeps every httpx record's path."""
    old = logging.getLogRecordFactory()

    def factory(*a: Any, **kw: Any) -> logging.LogRecord:
        rec = old(*a, **kw)
        if rec.name == "httpx":
            RECORDS.append(str(rec.args[1]).rsplit("/", 1)[-1])  # type: ignore[index]
        return rec

    RECORDS.clear()
    hx = logging.getLogger("httpx")
    level = hx.level
    hx.setLevel(logging.INFO)
    logging.setLogRecordFactory(factory)
    try:
        return fn(env.web)
    finally:
        logging.setLogRecordFactory(old)
        hx.setLevel(level)


def r186_httpx_record_factory(web: str) -> list[str]:
    """Two httpx GETs; the script's record factory sees each request line."""
    a = httpx.get(f"{web}/items/a?ms=150").json()["value"]
    b = httpx.get(f"{web}/items/b?ms=40").json()["value"]
    return [a, b, *RECORDS]


def _hooked_client(env: Env) -> tuple:
    seen: list[str] = []

    def on_response(resp: httpx.Response) -> None:
        body = json.loads(resp.request.content)
        seen.append(body["messages"][-1]["content"][:8])

    http = env.own(httpx.Client(event_hooks={"response": [on_response]}))
    client = env.own(openai.OpenAI(api_key="sk-corpus-dummy", base_url=env.openai_url,
                                   max_retries=0, http_client=http))
    return client, seen


def r186_openai_event_hooks_order(client: Any, seen: list[str]) -> list[str]:
    """An httpx response hook on the SDK's http_client logs each prompt as it answers."""
    out = [chat(client, q, lat)[:10] for q, lat in zip(QUESTIONS, LATS, strict=True)]
    return [*out, *seen]


USAGE_LOG: list[tuple[str, int]] = []


def _patched_client(env: Env) -> tuple:
    client = openai_client(env)
    orig = client.chat.completions.create

    def counted(**kw: Any) -> Any:
        r = orig(**kw)
        USAGE_LOG.append((kw["messages"][-1]["content"][:8], r.usage.total_tokens))
        return r

    client.chat.completions.create = counted
    USAGE_LOG.clear()
    return (client,)


def r186_patched_create_counts_after(client: Any) -> list[Any]:
    """create() replaced on the client by a wrapper that logs usage after each answer."""
    out = [chat(client, q, lat)[:10] for q, lat in zip(QUESTIONS, LATS, strict=True)]
    return [*out, *USAGE_LOG]


SPEND: list[tuple[str, int]] = []


def track_cost(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(client: Any, prompt: str, lat: float) -> Any:
        r = fn(client, prompt, lat)
        SPEND.append((prompt[:8], r.usage.total_tokens))
        return r
    return wrapper


@track_cost
def ask_tracked(client: Any, prompt: str, lat: float) -> Any:
    return client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                          extra_body={"latency": lat})


def r186_cost_decorator_after_call(client: Any) -> list[Any]:
    """A @track_cost decorator appends each call's usage after it returns."""
    SPEND.clear()
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        out.append(ask_tracked(client, q, lat).choices[0].message.content[:10])
    return [*out, *SPEND]


def r186_print_to_logfile_readback(client: Any, tmp: str) -> list[str]:
    """Progress printed into an open log file (print(file=f)), read back after closing."""
    path = Path(tmp, "run.log")
    with open(path, "w") as f:
        for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
            print(f"start {i}", file=f)
            a = chat(client, q, lat)
            print(f"done {i}: {a[:12]}", file=f)
    return path.read_text().splitlines()



# =========================================================================== the lists


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def an(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def web(env: Env) -> tuple:
    return (env.web,)


def _logging_drive(argf: Any) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        return _restore_logging(fn, env, argf(env))
    return drive


def _reset_globals(fn: Any, env: Env) -> Any:
    global SPENT
    try:
        return fn(openai_client(env))
    finally:
        SPENT = 0.0
        COST.update(usd=0.0, calls=0)
        _MEMO.clear()


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _emb(*ms: float) -> float:
    return sum(ms) / 1000


ALL: list[Case] = [
    # RAG
    _sdk(r186_rag_numpy_matrix, (_emb(150, 40, 90, 60, 70) + L) / (0.15 + L), overlap=5),
    _sdk(r186_rag_sqlite_like, over(*LATS), args=oa_db("kb.db"), setup=_docs_db, cat="db",
         overlap=3),
    _sdk(r186_rag_rerank_then_answer, (sum(LATS4) + L) / (0.15 + L), overlap=4),
    _sdk(r186_rag_sqlite_vector_store, (_emb(150, 40, 90, 60, 50) + L) / (0.15 + L),
         args=oa_db("vec.db"), cat="db"),
    _both(r186_rag_web_docs_summaries,
          (0.15 + 0.04 + 0.09 + 0.095 + 0.04 + 0.065 + L) / (0.15 + 0.095 + L), overlap=3),
    _sdk(r186_rag_query_rewrite_multi, (0.12 + sum(LATS) + 0.24) / (0.15 + 0.12)),
    # agents
    _both(r186_agent_tool_registry, cat="helpers"),
    _both(r186_agent_json_actions, cat="helpers"),
    _both(r186_agent_parallel_tool_calls, (2 * L + 0.28) / (2 * L + 0.15), cat="helpers", overlap=3),
    _both(r186_agent_getattr_tools, (0.28 + L) / (0.15 + L), cat="helpers", overlap=3),
    _both(r186_agent_tool_error_fed_back, (0.18 + L) / (0.06 + L), cat="validation"),
    # map-reduce
    _sdk(r186_mapreduce_chunk_files, (sum(LATS4) + L) / (0.15 + L), args=oa_tmp,
         setup=_long_file, cat="files", overlap=4),
    _sdk(r186_mapreduce_glob_progress, (sum(LATS) + L) / (0.15 + L), args=oa_tmp,
         setup=_three_files, cat="files", overlap=3),
    _sdk(r186_mapreduce_jsonl_append, (sum(LATS4) + L) / (0.15 + L), args=oa_tmp,
         cat="files", overlap=4),
    # self-consistency
    _sdk(r186_vote_loop_counter, over(0.15, 0.04, 0.09, 0.06, 0.11), cat="ensemble",
         overlap=5),
    _sdk(r186_vote_n_samples_per_question, over(*LATS), cat="ensemble", overlap=3),
    _sdk(r186_vote_early_stop, cat="ensemble"),
    # critique and revise
    _sdk(r186_critique_per_item, (sum(LATS) * (1 + 1 / 2 + 1 / 3)) / (0.15 * (1 + 1 / 2 + 1 / 3)),
         cat="ensemble", overlap=3),
    # routers
    _both(r186_router_classify_dispatch, cat="helpers"),
    _both(r186_router_if_elif, cat="helpers"),
    _sdk(r186_router_early_return, cat="validation"),
    # caches
    _sdk(r186_cache_dict_duplicates, over(0.15, 0.04, 0.09), cat="state", overlap=3),
    _sdk(r186_cache_json_file, over(0.15, 0.09), args=oa_tmp, setup=_seed_cache, cat="files"),
    _sdk(r186_cache_sqlite, over(*LATS), args=oa_db("cache.db"), cat="db"),
    Case("state", r186_cache_global_memo_helper, drive=_reset_globals, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    # cost
    Case("state", r186_cost_global_dict, drive=_reset_globals, servers="api",
         ideal=over(*LATS)),
    Case("state", r186_cost_global_rebind, drive=_reset_globals, servers="api",
         ideal=over(*LATS)),
    _sdk(r186_cost_meter_object, over(*LATS4), cat="state"),
    # streaming
    _sdk(r186_stream_printed_chunks),
    _sdk(r186_stream_then_batch, (0.03 + sum(LATS)) / (0.03 + 0.15), overlap=3),
    _sdk(r186_stream_anthropic_text, args=an),
    # progress and logging
    _sdk(r186_progress_print_per_item, over(*LATS), overlap=3),
    Case("sdk", r186_basicconfig_in_program, drive=_logging_drive(oa), servers="api"),
    Case("sdk", r186_basicconfig_root_functions, drive=_logging_drive(oa_web),
         servers="web api"),
    Case("sdk", r186_preconfigured_root_logging, drive=_preconfigured, servers="api",
         ideal=over(*LATS)),
    # retries
    _sdk(r186_retry_helper_no_failures, over(*LATS), cat="helpers", overlap=3),
    _both(r186_retry_decorated_fetch, (0.15 + 0.1 + 0.09 + L) / (0.15 + L), cat="helpers"),
    # records
    _sdk(r186_dataclass_records_json, over(*LATS), args=oa_tmp, cat="files", overlap=3),
    _sdk(r186_pydantic_records_file, over(*LATS), args=oa_tmp, cat="files", overlap=3),
    # results to servers
    _both(r186_eval_post_after_loop, (sum(LATS) + 3 * L) / (0.15 + 3 * L), overlap=3),
    _both(r186_eval_put_per_item),
    _both(r186_session_docs_and_models,
          (sum(LATS) * 1.5) / (0.15 * 1.5), cat="clients", overlap=3),
    # conversation state
    _sdk(r186_messages_append_pop, over(*LATS), cat="state"),
    # more attacks
    _sdk(r186_generator_early_break, cat="validation"),
    _sdk(r186_json_dump_unclosed_open, over(0.15, 0.04, 0.09), args=oa_tmp, cat="files"),
    Case("clients", r186_lazy_global_client, drive=_lazy_drive, servers="api",
         ideal=over(*LATS)),
    _sdk(r186_router_audit_global_list, cat="state"),
    _both(r186_tool_unknown_name_raises, cat="validation"),
    _sdk(r186_first_error_wins, cat="validation", speculative_reads=True),
    Case("files", r186_filehandler_log_readback, drive=_file_logging, servers="api",
         ideal=over(*LATS)),
    _sdk(r186_environ_prompt, over(*LATS), cat="state"),
    _both(r186_anthropic_tool_registry, args=lambda env: (anthropic_client(env), env.web),
          cat="helpers"),
    # hooks that see calls
    Case("http", r186_httpx_log_filter_tap, drive=_tapped, servers="web"),
    Case("http", r186_httpx_log_filter_tap_loop, drive=_tapped, servers="web"),
    Case("http", r186_root_handler_filter, drive=_root_handler_filter, servers="web"),
    Case("http", r186_httpx_record_factory, drive=_factory_drive, servers="web"),
    _sdk(r186_openai_event_hooks_order, args=_hooked_client, cat="clients"),
    _sdk(r186_patched_create_counts_after, args=_patched_client, cat="clients"),
    _sdk(r186_cost_decorator_after_call, over(*LATS), cat="helpers"),
    _sdk(r186_print_to_logfile_readback, over(*LATS), args=oa_tmp, cat="files"),
]

FIXED_WHY: dict[str, str] = {
    "r186_httpx_log_filter_tap": "a logging.Filter of the script's on the 'httpx' logger (level "
                                 "INFO, no handler reached: the filter drops every record) sees "
                                 "the request lines in completion order under jit (b before a): "
                                 "the request-line check looks at handlers, not at filters on "
                                 "the library's logger, which are the user's code.",
    "r186_httpx_log_filter_tap_loop": "the same filter around an httpx.Client's GETs in a loop: "
                                      "the paths come in completion order (b, c, a).",
    "r186_httpx_record_factory": "a record factory of the script's (logging.setLogRecordFactory) "
                                 "sees httpx's request records in completion order under jit: "
                                 "the default-factory condition is checked for the program's "
                                 "own logging calls, not for the library's request lines.",
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
