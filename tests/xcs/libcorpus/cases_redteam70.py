"""Red-team cases (stop 70): a fresh corpus of LLM application code, written from docs/jit.md
and the harness alone.

Retrieval-augmented generation (embed, search a local sqlite or JSON index, answer, cite);
agents whose tool loops call HTTP tools; multi-step chains (outline -> sections ->
summary); judges and verifiers with retries; batch classification with a cache; prompt
templates kept in files; structured output parsed with pydantic models; conversation memory
kept in lists and files; helpers that take the client as a parameter
(``def ask(client, prompt, **kw)``). Classes and functions, loops and comprehensions, logs
and prints, early exits, error handling. Sibling calls get unequal latencies, slow first.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import math
import re
import sqlite3
import string
import textwrap
import urllib.parse
from pathlib import Path
from typing import Annotated, Any

import anthropic
import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam70")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


# =========================================================================== helpers users write


def ask(client: Any, prompt: str, lat: float = 0.05, model: str = "gpt",
        temperature: float = 1.0, max_tokens: int = 256) -> str:
    """The helper every app has: one user message, the text back."""
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       temperature=temperature, max_tokens=max_tokens,
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def ask_kw(client: Any, prompt: str, **kw: Any) -> str:
    """The same with the options forwarded as keywords."""
    lat = kw.pop("lat", 0.05)
    model = kw.pop("model", "gpt")
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def ask_claude(client: Any, prompt: str, lat: float = 0.05, system: str = "") -> str:
    kw: dict[str, Any] = {"system": system} if system else {}
    m = client.messages.create(model="claude", max_tokens=64,
                               messages=[{"role": "user", "content": prompt}],
                               extra_body={"latency": lat}, **kw)
    return m.content[0].text


def embed(client: Any, texts: list[str], lat_ms: int = 0) -> list[list[float]]:
    r = client.embeddings.create(model="embed", input=texts)
    return [d.embedding for d in r.data]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)


DOCS = {
    "d1": "Ember runs independent model calls at the same time.",
    "d2": "A critical path is the longest chain of dependent calls.",
    "d3": "Retries should back off between attempts.",
    "d4": "Caches avoid paying twice for the same prompt.",
}


# =========================================================================== RAG


def rag_sqlite_index_then_cite(client: Any, db: str) -> dict[str, Any]:
    """Embed the corpus into sqlite, embed the questions, rank, answer each with citations."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE chunks (id TEXT PRIMARY KEY, body TEXT, vec TEXT)")
    vecs = embed(client, list(DOCS.values()))
    conn.executemany("INSERT INTO chunks VALUES (?, ?, ?)",
                     [(k, v, json.dumps(e)) for (k, v), e in zip(DOCS.items(), vecs, strict=True)])
    conn.commit()
    rows = conn.execute("SELECT id, body, vec FROM chunks ORDER BY id").fetchall()
    answers = {}
    for q, lat in (("What overlaps?", 0.15), ("What is a critical path?", 0.03)):
        qv = embed(client, [q])[0]
        ranked = sorted(rows, key=lambda r: -cosine(qv, json.loads(r[2])))[:2]
        context = "\n".join(f"[{r[0]}] {r[1]}" for r in ranked)
        text = ask(client, f"Answer with citations.\n{context}\nQ: {q}", lat=lat)
        answers[q] = {"cites": [r[0] for r in ranked], "answer": text[:30]}
    conn.close()
    return answers


def rag_json_index_written_then_loaded(client: Any, tmp: str) -> list[str]:
    """Build a JSON index file, read it back (as the query service would), answer twice."""
    path = Path(tmp) / "index.json"
    vecs = embed(client, list(DOCS.values()))
    path.write_text(json.dumps({"ids": list(DOCS), "vecs": vecs}))
    index = json.loads(path.read_text())
    out = []
    for q, lat in (("caching", 0.15), ("retries", 0.04)):
        qv = embed(client, [q])[0]
        best = max(range(len(index["ids"])), key=lambda i: cosine(qv, index["vecs"][i]))
        doc_id = index["ids"][best]
        out.append(doc_id + ":" + ask(client, f"{DOCS[doc_id]}\n\nQ: {q}", lat=lat)[:20])
    return out


class Retriever:
    """A small class: the index lives on the instance, the client is passed in."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.ids: list[str] = []
        self.vecs: list[list[float]] = []

    def add(self, docs: dict[str, str]) -> None:
        self.ids += list(docs)
        self.vecs += embed(self.client, list(docs.values()))

    def top(self, q: str, k: int = 2) -> list[str]:
        qv = embed(self.client, [q])[0]
        order = sorted(range(len(self.ids)), key=lambda i: -cosine(qv, self.vecs[i]))
        return [self.ids[i] for i in order[:k]]


def rag_retriever_class_three_questions(client: Any) -> list[dict[str, Any]]:
    r = Retriever(client)
    r.add({k: DOCS[k] for k in ("d1", "d2")})
    r.add({k: DOCS[k] for k in ("d3", "d4")})
    results = []
    for q, lat in (("speed", 0.15), ("cache", 0.03), ("chain", 0.08)):
        hits = r.top(q)
        answer = ask(client, "Use: " + " ".join(DOCS[h] for h in hits) + f"\nQ: {q}", lat=lat)
        results.append({"q": q, "hits": hits, "n": len(answer.split())})
    return results


def rag_cite_then_fetch_sources(client: Any, web: str) -> list[str]:
    """Answer, then GET each cited source to show its snippet (slow source first)."""
    answer = ask(client, "Summarise d1 and d3 with citations", lat=0.05)
    cites = ["d1", "d3"]
    snippets = [requests.get(f"{web}/items/src-{c}?ms={ms}", timeout=5).json()["value"]
                for c, ms in zip(cites, (150, 30), strict=True)]
    print("answer:", answer[:24])
    for c, s in zip(cites, snippets, strict=True):
        print(f"  [{c}] {s}")
    return snippets


def rag_answers_logged_per_question(client: Any, db: str) -> int:
    """Answers go into an `answers` table; a log line per stored row."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE answers (q TEXT, a TEXT)")
    for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08)):
        a = ask(client, f"Using the docs, {q}?", lat=lat)
        conn.execute("INSERT INTO answers VALUES (?, ?)", (q, a[:20]))
        LOG.info("stored %s (%d words)", q, len(a.split()))
    conn.commit()
    n = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    conn.close()
    return n


# =========================================================================== agents with HTTP tools


WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
NOTE_TOOL = {"type": "function", "function": {
    "name": "save_note", "description": "Save a note",
    "parameters": {"type": "object", "properties": {"text": {"type": "string"}},
                   "required": ["text"]}}}


def agent_weather_and_note_tools(client: Any, web: str) -> list[str]:
    """A tool loop: both tools named, so the model calls get_weather then save_note."""
    def get_weather(city: str) -> str:
        return requests.get(f"{web}/items/wx-{len(city)}?ms=140", timeout=5).json()["value"]

    def save_note(text: str) -> str:
        return str(requests.put(f"{web}/items/note", data=text[:16], timeout=5).json()["version"])

    tools = {"get_weather": get_weather, "save_note": save_note}
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Call get_weather then save_note about the weather."}]
    trace = []
    for _turn in range(3):
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           tools=[WEATHER_TOOL, NOTE_TOOL],
                                           extra_body={"latency": 0.04})
        msg = r.choices[0].message
        if not msg.tool_calls:
            trace.append("final")
            break
        messages.append(msg.model_dump(exclude_none=True))
        for call in msg.tool_calls:
            args = json.loads(call.function.arguments)
            result = tools[call.function.name](**args)
            trace.append(f"{call.function.name}={result}")
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    return trace


def agent_get_tools_then_put_summary(client: Any, web: str) -> dict[str, Any]:
    """Gather tool results (GETs, slow first), write one summary (PUT), read it back."""
    facts = {}
    for key, ms in (("flights", 150), ("hotels", 30), ("cars", 80)):
        facts[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    summary = ask(client, "Summarise: " + json.dumps(facts, sort_keys=True), lat=0.05)
    requests.put(f"{web}/items/trip", data=summary[:20], timeout=5)
    stored = requests.get(f"{web}/items/trip?ms=30", timeout=5).json()["value"]
    return {"facts": facts, "stored": stored == summary[:20]}


def agent_tool_errors_recorded(client: Any, web: str) -> list[str]:
    """Some tools fail (HTTP 404 / 500); the agent records the error and goes on."""
    out = []
    for path, lat in (("items/missing-a?ms=120", 0.05), ("status/500?ms=30", 0.1),
                      ("items/ok-b?ms=40", 0.03)):
        try:
            r = requests.get(f"{web}/{path}", timeout=5)
            r.raise_for_status()
            obs = r.json()["value"]
        except requests.HTTPError as exc:
            obs = f"error {exc.response.status_code}"
        out.append(obs)
        out.append(ask(client, f"Observation: {obs}. Next?", lat=lat)[:12])
    return out


def anthropic_tool_use_http(client: Any, web: str) -> list[str]:
    tools = [{"name": "lookup_stock", "description": "Stock level for a sku",
              "input_schema": {"type": "object", "properties": {"sku": {"type": "string"}},
                               "required": ["sku"]}}]
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Use lookup_stock please."}]
    seen = []
    for _ in range(3):
        m = client.messages.create(model="claude", max_tokens=64, tools=tools,
                                   messages=messages, extra_body={"latency": 0.05})
        uses = [b for b in m.content if b.type == "tool_use"]
        if m.stop_reason != "tool_use" or not uses:
            seen.append("done")
            break
        messages.append({"role": "assistant", "content": [b.model_dump() for b in uses]})
        results = []
        for u in uses:
            v = requests.get(f"{web}/items/sku-{len(str(u.input))}?ms=90", timeout=5).json()
            results.append({"type": "tool_result", "tool_use_id": u.id,
                            "content": v["value"]})
            seen.append(v["value"])
        messages.append({"role": "user", "content": results})
    return seen


class ToolAgent:
    """An agent as a class: tools are methods, the scratchpad a list on the instance."""

    def __init__(self, client: Any, web: str) -> None:
        self.client = client
        self.web = web
        self.scratch: list[str] = []

    def fetch(self, key: str, ms: int) -> str:
        v = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        self.scratch.append(f"fetch {key}")
        return v

    def think(self, prompt: str, lat: float) -> str:
        t = ask(self.client, prompt + " | " + "; ".join(self.scratch[-2:]), lat=lat)
        self.scratch.append(f"think {len(t.split())}")
        return t

    def run(self) -> list[str]:
        a = self.fetch("alpha", 150)
        b = self.fetch("beta", 30)
        self.think(f"{a} vs {b}", 0.1)
        c = self.fetch("gamma", 40)
        self.think(f"and {c}", 0.03)
        return list(self.scratch)


def make_tool_agent_class(env: Env) -> Any:
    return ToolAgent(openai_client(env), env.web).run


# =========================================================================== chains


def outline_sections_summary(client: Any) -> dict[str, Any]:
    """The classic chain: an outline, a section per heading (independent), a summary."""
    outline = ask(client, "Outline an essay on caching in 3 headings", lat=0.05)
    headings = [f"H{i}: " + w for i, w in enumerate(outline.split()[:3])]
    sections = [ask(client, f"Write the section {h}", lat=lat)
                for h, lat in zip(headings, (0.15, 0.03, 0.08), strict=True)]
    for h, s in zip(headings, sections, strict=True):
        print(h, "->", len(s.split()), "words")
    summary = ask(client, "Summarise:\n" + "\n".join(sections), lat=0.05)
    return {"headings": headings, "summary": summary[:30]}


def outline_sections_to_files(client: Any, tmp: str) -> list[str]:
    """Each section is written to its own file as it comes; the book is the files joined."""
    root = Path(tmp)
    outline = ["intro", "method", "results"]
    for i, (h, lat) in enumerate(zip(outline, (0.15, 0.03, 0.08), strict=True)):
        text = ask(client, f"Section {h}", lat=lat)
        (root / f"{i:02d}-{h}.md").write_text(f"# {h}\n{text}\n")
    book = "".join(p.read_text() for p in sorted(root.glob("*.md")))
    (root / "book.md").write_text(book)
    return [line for line in book.splitlines() if line.startswith("#")]


def chain_refine_three_times(client: Any) -> str:
    draft = ask(client, "Draft a tagline for a JIT", lat=0.06)
    for round_ in range(3):
        critique = ask(client, f"Critique: {draft}", lat=0.04, model="judge")
        draft = ask(client, f"Improve '{draft}' given '{critique[:20]}' (round {round_})",
                    lat=0.03)
    return draft


def chain_anthropic_outline_then_parallel(client: Any) -> list[str]:
    outline = ask_claude(client, "Three topics on retrieval", lat=0.05)
    topics = outline.split()[:3]
    paras = []
    for t, lat in zip(topics, (0.15, 0.03, 0.08), strict=False):
        paras.append(ask_claude(client, f"A paragraph on {t}", lat=lat,
                                system="You write short paragraphs."))
    LOG.info("wrote %d paragraphs", len(paras))
    return [p[:15] for p in paras]


# =========================================================================== judges, verifiers


def judge_retry_until_yes(client: Any) -> dict[str, Any]:
    """Generate, verify, retry with feedback, at most three attempts."""
    feedback = ""
    attempts = []
    for attempt in range(3):
        cand = ask(client, f"Answer the riddle.{feedback}", lat=0.04 + 0.02 * attempt)
        verdict = ask(client, f"Is this correct? yes/no: {cand}", lat=0.03, model="judge")
        attempts.append(len(cand))
        if "the" in verdict.split()[:3]:
            return {"ok": True, "attempts": attempts}
        feedback = f" Previous try was wrong: {cand[:10]}"
    return {"ok": False, "attempts": attempts}


def pairwise_judge_tournament(client: Any) -> str:
    """Three candidates (independent), then judged pairwise in a chain."""
    cands = [ask(client, f"Slogan #{i}", lat=lat) for i, lat in enumerate((0.15, 0.03, 0.08))]
    best = cands[0]
    for other in cands[1:]:
        v = ask(client, f"A: {best}\nB: {other}\nWhich is better, A or B?", lat=0.03,
                model="judge")
        if len(v) % 2:
            best = other
    return best[:30]


def verifier_scores_regex_max(client: Any) -> dict[str, Any]:
    answers = {name: ask(client, f"Solve as {name}", lat=lat)
               for name, lat in (("careful", 0.15), ("fast", 0.03), ("bold", 0.08))}
    scores = {}
    for name, a in answers.items():
        v = ask(client, f"Score 1-10: {a}", lat=0.04, model="judge")
        scores[name] = len(re.findall(r"[aeiou]", v)) % 10
    winner = max(scores, key=lambda n: (scores[n], n))
    LOG.info("winner %s with %d", winner, scores[winner])
    return {"scores": scores, "winner": winner}


def verifier_retry_on_bad_request(client: Any) -> list[str]:
    """A bad request (temperature out of range) is retried with a fixed temperature."""
    out = []
    for temp, lat in ((5.0, 0.12), (0.2, 0.04), (9.0, 0.03)):
        try:
            out.append(ask(client, f"Verify at {temp}", lat=lat, temperature=temp)[:10])
        except openai.BadRequestError as exc:
            out.append(f"bad:{exc.status_code}")
            out.append(ask(client, f"Verify at {temp} again", lat=lat, temperature=1.0)[:10])
    return out


# =========================================================================== batch classification


LABELS = ("bug", "feature", "question")


def _label_of(text: str) -> str:
    return LABELS[len(text) % 3]


def classify_with_dict_cache(client: Any) -> list[str]:
    """Repeated tickets hit the cache: the model is asked once per distinct text."""
    tickets = ["crash on start", "add dark mode", "crash on start", "how to login",
               "add dark mode"]
    cache: dict[str, str] = {}
    labels = []
    for i, t in enumerate(tickets):
        if t not in cache:
            reply = ask(client, f"Label as bug/feature/question: {t}", lat=0.15 - 0.03 * i)
            cache[t] = _label_of(reply)
        labels.append(cache[t])
    return labels


def classify_cached_helper_comprehension(client: Any) -> list[str]:
    cache: dict[str, str] = {}

    def classify(text: str, lat: float) -> str:
        if text in cache:
            return cache[text]
        label = _label_of(ask(client, f"Classify: {text}", lat=lat))
        cache[text] = label
        return label

    texts = [("slow page", 0.15), ("new api", 0.03), ("slow page", 0.08), ("docs?", 0.04)]
    return [classify(t, lat) for t, lat in texts]


def classify_cache_file_roundtrip(client: Any, tmp: str) -> dict[str, str]:
    """A JSON cache on disk: load, fill the misses, save; a second pass is all hits."""
    path = Path(tmp) / "labels.json"
    for _pass in range(2):
        cache = json.loads(path.read_text()) if path.exists() else {}
        for t, lat in (("refund please", 0.15), ("love it", 0.03), ("broken", 0.08)):
            if t not in cache:
                cache[t] = _label_of(ask(client, f"Sentiment: {t}", lat=lat))
        path.write_text(json.dumps(cache, sort_keys=True))
    return json.loads(path.read_text())


def classify_sqlite_cache(client: Any, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS cache (text TEXT PRIMARY KEY, label TEXT)")
    out = []
    for t, lat in (("late delivery", 0.15), ("great", 0.03), ("late delivery", 0.05),
                   ("meh", 0.08)):
        row = conn.execute("SELECT label FROM cache WHERE text = ?", (t,)).fetchone()
        if row is None:
            label = _label_of(ask(client, f"Label: {t}", lat=lat))
            conn.execute("INSERT INTO cache VALUES (?, ?)", (t, label))
            conn.commit()
        else:
            label = row[0]
        out.append(label)
    conn.close()
    return out


def classify_batch_with_hash_keys(client: Any) -> dict[str, int]:
    cache: dict[str, str] = {}
    counts: dict[str, int] = {}
    for t, lat in (("A", 0.15), ("B", 0.03), ("a", 0.08), ("C", 0.04)):
        key = hashlib.sha1(t.lower().encode()).hexdigest()[:8]
        label = cache.get(key)
        if label is None:
            label = cache[key] = _label_of(ask(client, f"Label {t.lower()}", lat=lat))
        counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items()))


# =========================================================================== prompt templates in files


def _setup_templates(env: Env) -> None:
    d = env.tmp / "prompts"
    d.mkdir()
    (d / "answer.txt").write_text("Answer briefly: $question\nContext: $context\n")
    (d / "judge.txt").write_text("Judge {answer} for {question}. Reply yes or no.\n")
    (d / "system.txt").write_text("You are a terse assistant.")


def templates_string_template_and_format(client: Any, tmp: str) -> list[str]:
    d = Path(tmp) / "prompts"
    answer_t = string.Template((d / "answer.txt").read_text())
    judge_t = (d / "judge.txt").read_text()
    out = []
    for q, lat in (("why cache?", 0.15), ("why retry?", 0.03)):
        a = ask(client, answer_t.substitute(question=q, context="docs"), lat=lat)
        v = ask(client, judge_t.format(answer=a[:20], question=q), lat=0.04, model="judge")
        out.append(f"{q}:{v.split()[0]}")
    return out


def templates_edited_between_runs(client: Any, tmp: str) -> list[str]:
    """The template is edited on disk between two uses: the second use sees the edit."""
    p = Path(tmp) / "prompts" / "answer.txt"
    first = ask(client, p.read_text().replace("$question", "v1"), lat=0.12)
    p.write_text(p.read_text().replace("briefly", "in detail"))
    second = ask(client, p.read_text().replace("$question", "v2"), lat=0.03)
    return [first[:20], second[:20], p.read_text().split(":")[0]]


def templates_system_prompt_anthropic(client: Any, tmp: str) -> list[str]:
    system = (Path(tmp) / "prompts" / "system.txt").read_text()
    return [ask_claude(client, q, lat=lat, system=system)[:20]
            for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08))]


def templates_loaded_into_dict(client: Any, tmp: str) -> dict[str, str]:
    d = Path(tmp) / "prompts"
    tmpl = {p.stem: p.read_text() for p in sorted(d.glob("*.txt"))}
    a = ask(client, tmpl["system"] + "\n" + tmpl["answer"].replace("$question", "x"), lat=0.15)
    b = ask(client, tmpl["judge"].format(answer="y", question="z"), lat=0.03)
    return {"a": a[:15], "b": b[:15], "names": ",".join(tmpl)}


# =========================================================================== structured output


class Ticket(pydantic.BaseModel):
    title: str
    priority: int


TICKET_FORMAT = {"type": "json_schema", "json_schema": {
    "name": "ticket", "schema": Ticket.model_json_schema()}}


def structured_tickets_json_schema(client: Any) -> list[dict[str, Any]]:
    out = []
    for text, lat in (("server down", 0.15), ("typo", 0.03), ("slow search", 0.08)):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Ticket for: {text}"}],
            response_format=TICKET_FORMAT, extra_body={"latency": lat})
        t = Ticket.model_validate_json(r.choices[0].message.content)
        out.append({"type": type(t.priority).__name__, "len": len(t.title) > 0})
    return out


class Verdict(pydantic.BaseModel):
    ok: bool
    reason: str

    @pydantic.field_validator("reason")
    @classmethod
    def _note(cls, v: str) -> str:
        print("validated reason of", len(v), "chars")
        return v.strip()


VERDICT_FORMAT = {"type": "json_schema", "json_schema": {
    "name": "verdict", "schema": Verdict.model_json_schema()}}


def _verify(client: Any, claim: str, lat: float) -> Verdict:
    r = client.chat.completions.create(
        model="judge", messages=[{"role": "user", "content": f"Verify: {claim}"}],
        response_format=VERDICT_FORMAT, extra_body={"latency": lat})
    return Verdict.model_validate_json(r.choices[0].message.content)


def structured_validator_prints_in_helper(client: Any) -> list[bool]:
    """The model's validator prints: the prints come in the order of the claims."""
    verdicts = [_verify(client, c, lat) for c, lat in (("sky is blue", 0.15),
                                                      ("2+2=5", 0.03), ("water wet", 0.08))]
    return [isinstance(v.ok, bool) for v in verdicts]


def structured_retry_on_validation_error(client: Any) -> list[str]:
    """Free text does not parse: ValidationError, then the JSON-mode retry."""
    out = []
    for text, lat in (("outage", 0.15), ("typo", 0.03)):
        r = ask(client, f"Ticket JSON for {text}", lat=lat)
        try:
            out.append(Ticket.model_validate_json(r).title[:5])
        except pydantic.ValidationError as exc:
            out.append(f"invalid:{exc.error_count()}")
            r2 = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"Ticket for {text}"}],
                response_format=TICKET_FORMAT, extra_body={"latency": lat})
            out.append(type(Ticket.model_validate_json(r2.choices[0].message.content)).__name__)
    return out


class Extraction(pydantic.BaseModel):
    people: list[str] = []
    count: int = 0


def structured_json_object_mode_merge(client: Any) -> dict[str, Any]:
    merged = Extraction()
    for chunk, lat in (("Ann met Bob", 0.15), ("Cy called", 0.03), ("Di wrote", 0.08)):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Extract JSON: {chunk}"}],
            response_format={"type": "json_object"}, extra_body={"latency": lat})
        data = json.loads(r.choices[0].message.content)
        merged.people.append(chunk.split()[0])
        merged.count += len(data)
    return merged.model_dump()


# =========================================================================== conversation memory


def memory_list_chain(client: Any) -> list[str]:
    history: list[dict[str, str]] = [{"role": "system", "content": "Be brief."}]
    replies = []
    for q, lat in (("Hi", 0.1), ("What did I say?", 0.03), ("And before?", 0.06)):
        history.append({"role": "user", "content": q})
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        text = r.choices[0].message.content
        history.append({"role": "assistant", "content": text})
        replies.append(text[:12])
    return replies


def memory_jsonl_file_per_turn(client: Any, tmp: str) -> int:
    """Each turn is appended to a JSONL file; the next prompt is built from the file."""
    path = Path(tmp) / "memory.jsonl"
    path.write_text("")
    for q, lat in (("plan trip", 0.12), ("add museum", 0.03), ("budget?", 0.06)):
        past = [json.loads(line) for line in path.read_text().splitlines()]
        context = " / ".join(p["q"] for p in past[-2:])
        a = ask(client, f"[{context}] {q}", lat=lat)
        with open(path, "a") as f:
            f.write(json.dumps({"q": q, "a": a[:10]}) + "\n")
    return len(path.read_text().splitlines())


def memory_forked_for_what_ifs(client: Any) -> list[str]:
    """One base conversation forked into independent branches (copies): those overlap."""
    base = [{"role": "user", "content": "We are planning a launch."},
            {"role": "assistant", "content": "Great."}]
    outs = []
    for variant, lat in (("in May", 0.15), ("in June", 0.03), ("never", 0.08)):
        branch = base + [{"role": "user", "content": f"What if we launch {variant}?"}]
        r = client.chat.completions.create(model="gpt", messages=branch,
                                           extra_body={"latency": lat})
        outs.append(r.choices[0].message.content[:15])
    return outs


def memory_last_message_edited_in_place(client: Any) -> list[str]:
    """A reused messages list whose last message's content is overwritten each time."""
    msgs = [{"role": "system", "content": "Translate."}, {"role": "user", "content": ""}]
    outs = []
    for word, lat in (("cat", 0.15), ("dog", 0.03), ("owl", 0.08)):
        msgs[-1]["content"] = f"Translate '{word}'"
        r = client.chat.completions.create(model="gpt", messages=msgs,
                                           extra_body={"latency": lat})
        outs.append(r.choices[0].message.content[:12])
    return outs


def memory_summarise_when_long(client: Any) -> dict[str, Any]:
    memory: list[str] = []
    summaries = 0
    for i, lat in enumerate((0.08, 0.03, 0.06, 0.04, 0.05)):
        reply = ask(client, "Memory: " + " | ".join(memory) + f"\nTurn {i}", lat=lat)
        memory.append(reply[:10])
        if len(memory) > 2:
            summary = ask(client, "Summarise: " + " ".join(memory), lat=0.03)
            memory[:] = [summary[:10]]
            summaries += 1
    return {"memory": memory, "summaries": summaries}


def memory_pydantic_messages(client: Any) -> list[str]:
    class Msg(pydantic.BaseModel):
        role: str
        content: str

    history = [Msg(role="user", content="hello")]
    outs = []
    for q, lat in (("first", 0.1), ("second", 0.03)):
        history.append(Msg(role="user", content=q))
        r = client.chat.completions.create(model="gpt",
                                           messages=[m.model_dump() for m in history],
                                           extra_body={"latency": lat})
        history.append(Msg(role="assistant", content=r.choices[0].message.content))
        outs.append(history[-1].content[:10])
    return outs


# =========================================================================== helpers taking the client


def helper_kwargs_dict_reused(client: Any) -> list[str]:
    """One options dict, changed between calls: each call uses the options it was given."""
    opts: dict[str, Any] = {"lat": 0.15, "temperature": 0.0}
    a = ask(client, "first", **opts)
    opts["temperature"] = 0.7
    opts["lat"] = 0.03
    b = ask(client, "second", **opts)
    opts["max_tokens"] = 5
    c = ask(client, "third", **opts)
    return [a[:10], b[:10], c[:10]]


def _ask_logged(client: Any, prompt: str, trace: list[str], lat: float) -> str:
    trace.append(f"send {prompt}")
    text = ask(client, prompt, lat=lat)
    trace.append(f"recv {prompt}")
    return text


def helper_appends_to_callers_trace(client: Any) -> list[str]:
    """The helper appends to a list the caller passed: send/recv pairs in call order."""
    trace: list[str] = []
    for p, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        _ask_logged(client, p, trace, lat)
    return trace


def helper_partial_bound_client(client: Any) -> list[str]:
    quick = functools.partial(ask, client, model="gpt-mini")
    return [quick(p, lat=lat)[:12] for p, lat in (("x", 0.15), ("y", 0.03), ("z", 0.08))]


class Usage:
    def __init__(self) -> None:
        self.prompt = 0
        self.completion = 0
        self.calls: list[str] = []


def _ask_counted(client: Any, prompt: str, usage: Usage, lat: float) -> str:
    r = client.chat.completions.create(model="gpt",
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    usage.prompt += r.usage.prompt_tokens
    usage.completion += r.usage.completion_tokens
    usage.calls.append(prompt)
    return r.choices[0].message.content


def helper_usage_object_accumulates(client: Any) -> dict[str, Any]:
    usage = Usage()
    texts = [_ask_counted(client, p, usage, lat)
             for p, lat in (("alpha", 0.15), ("beta", 0.03), ("gamma", 0.08))]
    return {"n": len(texts), "calls": usage.calls, "tok": usage.prompt + usage.completion}


def _ask_with_budget(client: Any, prompt: str, budget: dict[str, int], lat: float) -> str:
    if budget["left"] <= 0:
        raise RuntimeError(f"budget spent before {prompt}")
    r = client.chat.completions.create(model="gpt",
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    budget["left"] -= r.usage.total_tokens
    return r.choices[0].message.content


def helper_budget_dict_raises(client: Any) -> list[str]:
    budget = {"left": 40}
    out = []
    try:
        for p, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08), ("four", 0.04)):
            out.append(_ask_with_budget(client, p, budget, lat)[:8])
    except RuntimeError as exc:
        out.append(str(exc))
    return out


def helper_ask_printing(client: Any) -> list[int]:
    def show(prompt: str, lat: float) -> int:
        text = ask(client, prompt, lat=lat)
        print(f"{prompt}: {text[:16]}")
        return len(text)

    return [show(p, lat) for p, lat in (("p1", 0.15), ("p2", 0.03), ("p3", 0.08))]


# =========================================================================== hidden effects in arguments


def _encode_extra(o: Any) -> str:
    LOG.info("encoding a %s", type(o).__name__)
    return repr(o)


def json_default_hook_logs(client: Any) -> list[str]:
    """Payloads serialised with `default=` (a hook of the user's that logs)."""
    LOG.info("start")
    a = ask(client, json.dumps({"ids": {3, 1}}, default=_encode_extra), lat=0.15)
    LOG.info("first answered")
    b = ask(client, json.dumps({"ids": frozenset({2})}, default=_encode_extra), lat=0.03)
    LOG.info("second answered")
    return [a[:10], b[:10]]


class _SetEncoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        print("encoder saw", type(o).__name__)
        return sorted(o) if isinstance(o, (set, frozenset)) else super().default(o)


def json_encoder_class_prints(client: Any) -> list[str]:
    print("begin")
    a = ask(client, json.dumps({"tags": {"x"}}, cls=_SetEncoder), lat=0.15)
    print("got a")
    b = ask(client, json.dumps({"tags": {"y", "z"}}, cls=_SetEncoder), lat=0.03)
    print("got b")
    return [a[:10], b[:10]]


def sorted_key_logs_ranking(client: Any) -> list[str]:
    """Retrieval ranked with a key function that logs each score."""
    def score(doc_id: str) -> int:
        s = len(DOCS[doc_id]) % 7
        LOG.info("score %s=%d", doc_id, s)
        return s

    LOG.info("ranking for q1")
    a = ask(client, "ctx: " + ",".join(sorted(DOCS, key=score)[:2]), lat=0.15)
    LOG.info("ranking for q2")
    b = ask(client, "ctx: " + ",".join(sorted(["d3", "d1"], key=score)), lat=0.03)
    return [a[:10], b[:10]]


def re_sub_template_counts(client: Any) -> dict[str, Any]:
    """A `{name}` template filled by `re.sub` with a function that records each slot used."""
    used: list[str] = []
    values = {"topic": "caching", "tone": "dry", "n": "3"}

    def fill(m: re.Match[str]) -> str:
        used.append(m.group(1))
        print("fill", m.group(1))
        return values[m.group(1)]

    a = ask(client, re.sub(r"\{(\w+)\}", fill, "Write {n} jokes about {topic}"), lat=0.15)
    print("between")
    b = ask(client, re.sub(r"\{(\w+)\}", fill, "In a {tone} tone"), lat=0.03)
    return {"used": used, "a": a[:8], "b": b[:8]}


SLOT = re.compile(r"\{(\w+)\}")


def compiled_slot_pattern_fill_prints(client: Any) -> list[str]:
    """A compiled slot pattern fills the second prompt with a function that reports each slot."""
    values = {"city": "Lima", "days": "3"}

    def fill(m: re.Match[str]) -> str:
        print("slot", m.group(1))
        return values[m.group(1)]

    a = ask(client, "Plan a trip", lat=0.15)
    print("plan ready")
    b = ask(client, SLOT.sub(fill, "Pack for {days} days in {city}"), lat=0.03)
    return [a[:8], b[:8]]


def reduce_merges_context_with_log(client: Any) -> list[str]:
    """Retrieved chunks merged with functools.reduce and a merge function that prints."""
    def merge(acc: str, chunk: str) -> str:
        print("merge", chunk[:6])
        return acc + " " + chunk

    a = ask(client, "What is the question about?", lat=0.15)
    print("retrieving")
    b = ask(client, functools.reduce(merge, [DOCS["d1"], DOCS["d2"]]), lat=0.03)
    return [a[:8], b[:8]]


def slot_fill_in_loop_prints(client: Any) -> list[str]:
    """Each template of a batch is filled by re.sub with a reporting function, then asked."""
    values = {"a": "alpha", "b": "beta"}

    def fill(m: re.Match[str]) -> str:
        print("fill", m.group(1))
        return values[m.group(1)]

    out = []
    for tmpl, lat in (("About {a}", 0.15), ("About {b}", 0.03)):
        out.append(ask(client, re.sub(r"\{(\w+)\}", fill, tmpl), lat=lat)[:6])
        print("asked", tmpl)
    return out


def getattr_configured_field_lazy_property(client: Any, tmp: str) -> list[str]:
    """The field sent as the prompt comes from config and is read with getattr (a lazy
    property that reports its load)."""
    field = "prompt"
    doc = PromptFile(Path(tmp) / "a.md")
    a = ask(client, "slow independent question", lat=0.15)
    print("first answered")
    b = ask(client, getattr(doc, field), lat=0.03)
    return [a[:8], b[:8]]


class PromptFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def prompt(self) -> str:
        print("loading", self.path.name)
        return self.path.read_text()


def textwrap_indent_predicate_quotes(client: Any) -> list[str]:
    """The user's note is quoted into the prompt, a predicate choosing (and reporting) lines."""
    note = "Ship on Friday.\n\nNo weekend work."

    def quoted(line: str) -> bool:
        print("quote?", line.strip()[:8] or "<blank>")
        return bool(line.strip())

    a = ask(client, "Draft a status update", lat=0.15)
    print("draft ready")
    b = ask(client, textwrap.indent(note, "> ", quoted), lat=0.03)
    return [a[:8], b[:8]]


def urlencode_quote_via_link_in_prompt(client: Any) -> list[str]:
    """A search query for the prompt, encoded with a quoting function that prints what it
    quotes."""
    def quote(s: str, *args: Any) -> str:
        print("quoting", s)
        return urllib.parse.quote(s, safe="")

    a = ask(client, "Which city?", lat=0.15)
    print("city chosen")
    b = ask(client, urllib.parse.urlencode({"q": "weather lima"}, quote_via=quote), lat=0.03)
    return [a[:8], b[:8]]


def map_of_logging_formatter(client: Any) -> list[str]:
    def fmt(doc_id: str) -> str:
        print("format", doc_id)
        return f"[{doc_id}] {DOCS[doc_id]}"

    a = ask(client, "\n".join(map(fmt, ["d1", "d2"])), lat=0.15)
    print("first")
    b = ask(client, "\n".join(map(fmt, ["d3"])), lat=0.03)
    return [a[:10], b[:10]]


class Doc:
    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id

    def __format__(self, spec: str) -> str:
        print("render", self.doc_id)
        return f"<{self.doc_id}:{DOCS[self.doc_id][:10]}>"


def fstring_format_dunder_prints(client: Any) -> list[str]:
    d1, d3 = Doc("d1"), Doc("d3")
    a = ask(client, f"Summarise {d1}", lat=0.15)
    print("after first")
    b = ask(client, f"Summarise {d3}", lat=0.03)
    return [a[:10], b[:10]]


def sum_of_generator_with_print(client: Any) -> list[str]:
    def weight(d: str) -> int:
        print("weigh", d)
        return len(d)

    a = ask(client, f"total {sum(weight(d) for d in DOCS)}", lat=0.15)
    print("mid")
    b = ask(client, f"total {sum(weight(d) for d in ['d2'])}", lat=0.03)
    return [a[:10], b[:10]]


# =========================================================================== hidden mutations


def setdefault_append_then_call(client: Any) -> list[str]:
    state: dict[str, list[dict[str, str]]] = {}
    a = ask(client, "warm up", lat=0.15)
    state.setdefault("messages", []).append({"role": "user", "content": "first " + a[:5]})
    r1 = client.chat.completions.create(model="gpt", messages=state["messages"],
                                        extra_body={"latency": 0.03})
    state.setdefault("messages", []).append({"role": "user", "content": "second"})
    r2 = client.chat.completions.create(model="gpt", messages=state["messages"],
                                        extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:10], r2.choices[0].message.content[:10]]


def iadd_history_between_calls(client: Any) -> list[str]:
    history = [{"role": "user", "content": "hello"}]
    r1 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.15})
    history += [{"role": "assistant", "content": r1.choices[0].message.content}]
    extra = [{"role": "user", "content": "and?"}]
    history += extra
    r2 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.03})
    return [len(history), r2.choices[0].message.content[:10]]


def alias_through_dict_then_call(client: Any) -> list[str]:
    history: list[dict[str, str]] = [{"role": "user", "content": "a"}]
    session = {"id": 1, "messages": history}
    slow = ask(client, "unrelated slow one", lat=0.15)
    session["messages"].append({"role": "user", "content": "b"})
    r = client.chat.completions.create(model="gpt", messages=history,
                                       extra_body={"latency": 0.03})
    return [slow[:8], r.choices[0].message.content[:10]]


def list_append_unbound_method(client: Any) -> list[str]:
    msgs = [{"role": "user", "content": "q1"}]
    first = ask(client, "independent", lat=0.15)
    list.append(msgs, {"role": "user", "content": "q2"})
    r = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.03})
    return [first[:8], r.choices[0].message.content[:10]]


def map_append_consumed(client: Any) -> list[str]:
    msgs = [{"role": "user", "content": "start"}]
    first = ask(client, "independent", lat=0.15)
    list(map(msgs.append, [{"role": "user", "content": "x"}, {"role": "user", "content": "y"}]))
    r = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.03})
    return [first[:8], r.choices[0].message.content[:10]]


def nested_content_augmented(client: Any) -> list[str]:
    msgs = [{"role": "user", "content": "Translate: cat"}]
    r1 = client.chat.completions.create(model="gpt", messages=msgs,
                                        extra_body={"latency": 0.15})
    msgs[0]["content"] += " and dog"
    r2 = client.chat.completions.create(model="gpt", messages=msgs,
                                        extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:10], r2.choices[0].message.content[:10]]


class Conversation:
    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []

    def add(self, role: str, content: str) -> None:
        self.messages.append({"role": role, "content": content})


def conversation_object_add_then_call(client: Any) -> list[str]:
    conv = Conversation()
    conv.add("user", "first question")
    r1 = client.chat.completions.create(model="gpt", messages=conv.messages,
                                        extra_body={"latency": 0.15})
    conv.add("user", "second question")
    r2 = client.chat.completions.create(model="gpt", messages=conv.messages,
                                        extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:10], r2.choices[0].message.content[:10]]


def loop_alias_mutation(client: Any) -> list[str]:
    a_msgs = [{"role": "user", "content": "A"}]
    b_msgs = [{"role": "user", "content": "B"}]
    outs = []
    for m, lat in ((a_msgs, 0.15), (b_msgs, 0.03)):
        r = client.chat.completions.create(model="gpt", messages=m,
                                           extra_body={"latency": lat})
        outs.append(r.choices[0].message.content[:10])
    for m in (a_msgs, b_msgs):
        m.append({"role": "user", "content": "more"})
    r = client.chat.completions.create(model="gpt", messages=a_msgs,
                                       extra_body={"latency": 0.03})
    outs.append(r.choices[0].message.content[:10])
    return outs


def bisect_insort_examples(client: Any) -> list[str]:
    import bisect
    shots = ["b: two", "d: four"]
    first = ask(client, "independent", lat=0.15)
    bisect.insort(shots, "a: one")
    second = ask(client, "Examples: " + " | ".join(shots), lat=0.03)
    r = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": s} for s in shots],
        extra_body={"latency": 0.03})
    return [first[:8], second[:8], r.choices[0].message.content[:8]]


def heap_topk_then_prompt(client: Any) -> list[str]:
    import heapq
    heap: list[tuple[int, str]] = []
    first = ask(client, "slow independent", lat=0.15)
    for doc_id, text in DOCS.items():
        heapq.heappush(heap, (len(text), doc_id))
        if len(heap) > 2:
            heapq.heappop(heap)
    r = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": str(heap)}],
        extra_body={"latency": 0.03})
    return [first[:8], str(heap), r.choices[0].message.content[:8]]


# =========================================================================== files in disguise


def print_to_memory_file_then_read(client: Any, tmp: str) -> list[str]:
    """Turns are printed into an open file; the next prompt reads the file."""
    path = Path(tmp) / "transcript.txt"
    f = open(path, "w")  # noqa: SIM115 - kept open across turns, as such code does
    outs = []
    for q, lat in (("first", 0.15), ("second", 0.03)):
        a = ask(client, q + " | " + path.read_text().replace("\n", " / "), lat=lat)
        print(f"{q}: {a[:10]}", file=f)
        f.flush()
        outs.append(a[:10])
    f.close()
    return outs + [path.read_text()]


def stringio_transcript_prompt(client: Any) -> list[str]:
    import io
    transcript = io.StringIO()
    a = ask(client, "open", lat=0.15)
    print("A:", a[:10], file=transcript)
    b = ask(client, "next given " + transcript.getvalue(), lat=0.03)
    print("B:", b[:10], file=transcript)
    return transcript.getvalue().splitlines()


def symlink_latest_memory(client: Any, tmp: str) -> list[str]:
    """memory/latest.json is a symlink to the run's file: a read through it sees the write."""
    import os
    d = Path(tmp) / "memory"
    d.mkdir()
    run = d / "run-1.json"
    run.write_text(json.dumps({"turns": []}))
    os.symlink(run.name, d / "latest.json")
    a = ask(client, "first turn", lat=0.15)
    run.write_text(json.dumps({"turns": [a[:10]]}))
    mem = json.loads((d / "latest.json").read_text())
    b = ask(client, f"second turn after {len(mem['turns'])}", lat=0.03)
    return [a[:10], b[:10], str(mem["turns"])]


def dotdot_path_read_after_write(client: Any, tmp: str) -> list[str]:
    import os
    (Path(tmp) / "sub").mkdir()
    p = os.path.join(tmp, "notes.txt")
    Path(p).write_text("v1")
    a = ask(client, "slow", lat=0.15)
    Path(p).write_text("v2:" + a[:5])
    with open(os.path.join(tmp, "sub", "..", "notes.txt")) as f:
        seen = f.read()
    b = ask(client, f"fast {seen}", lat=0.03)
    return [seen, b[:10]]


def requests_method_from_spec(client: Any, web: str) -> list[str]:
    """Tools described as data: the method comes from the spec."""
    specs = [("GET", "items/cfg?ms=150", None), ("PUT", "items/cfg", "on"),
             ("GET", "items/cfg?ms=30", None)]
    out = []
    for method, path, body in specs:
        r = requests.request(method, f"{web}/{path}", data=body, timeout=5)
        out.append(json.dumps(r.json(), sort_keys=True))
    out.append(ask(client, "Summarise " + " ".join(out), lat=0.03)[:10])
    return out


def getattr_requests_verb(web: str) -> list[str]:
    out = []
    for verb, path, body in (("get", "items/k?ms=150", None), ("put", "items/k", "new"),
                             ("get", "items/k?ms=30", None)):
        fn = getattr(requests, verb)
        r = fn(f"{web}/{path}", data=body, timeout=5) if body else fn(f"{web}/{path}", timeout=5)
        out.append(r.text)
    return out


# =========================================================================== batches that fail part way


ROWS = [{"name": "Ann", "topic": "tides"}, {"name": "Bo", "topic": "moons"},
        {"name": "Cy"}, {"name": "Di", "topic": "stars"}]


def batch_template_keyerror_comprehension(client: Any) -> list[str]:
    """A malformed row (no topic) raises KeyError after the rows before it were asked."""
    tmpl = "Dear {name}, a note on {topic}."
    return [ask(client, tmpl.format(**row), lat=0.15 - 0.03 * i)[:10]
            for i, row in enumerate(ROWS)]


def batch_template_keyerror_loop(client: Any) -> list[str]:
    out = []
    for i, row in enumerate(ROWS):
        out.append(ask(client, f"Note for {row['name']} on {row['topic']}",
                       lat=0.15 - 0.03 * i)[:10])
    return out


def batch_keyerror_caught_by_caller(client: Any) -> dict[str, Any]:
    def run() -> list[str]:
        return [ask(client, "Topic: " + row["topic"], lat=0.15 - 0.03 * i)
                for i, row in enumerate(ROWS)]
    try:
        return {"answers": run()}
    except KeyError as exc:
        return {"error": repr(exc)}


def batch_zip_strict_mismatch(client: Any) -> list[str]:
    qs = ["q1", "q2", "q3"]
    lats = [0.15, 0.03]
    return [ask(client, q, lat=lat)[:8] for q, lat in zip(qs, lats, strict=True)]


def _questions_from(path: Path) -> Any:
    for n, line in enumerate(path.read_text().splitlines()):
        if not line.strip():
            raise ValueError(f"blank question on line {n + 1}")
        yield line.strip()


def _setup_questions(env: Env) -> None:
    (env.tmp / "questions.txt").write_text("What is RAG?\nWhy cache?\n\nWhy retry?\n")


def batch_generator_raises_midway(client: Any, tmp: str) -> list[str]:
    """Questions read lazily from a file; a blank line stops the batch with ValueError."""
    return [ask(client, q, lat=lat)[:8]
            for q, lat in zip(_questions_from(Path(tmp) / "questions.txt"), (0.15, 0.03, 0.08, 0.04),
                              strict=False)]


def batch_int_parse_in_args(client: Any) -> list[str]:
    """max_tokens parsed from config strings: one is not a number."""
    cfg = ["16", "32", "lots", "8"]
    return [ask(client, f"Answer in {n} tokens", lat=0.15 - 0.03 * i, max_tokens=int(n))[:8]
            for i, n in enumerate(cfg)]


def batch_division_by_zero_budget(client: Any) -> list[str]:
    budgets = [(64, 2), (64, 4), (64, 0)]
    out = []
    for i, (total, parts) in enumerate(budgets):
        out.append(ask(client, f"part {i}", lat=0.15 - 0.04 * i, max_tokens=total // parts)[:8])
    return out


def batch_errors_print_progress(client: Any) -> dict[str, Any]:
    done = []
    print("batch start")
    try:
        for i, row in enumerate(ROWS):
            print("row", i)
            done.append(ask(client, row["name"] + " likes " + row["topic"],
                            lat=0.15 - 0.03 * i)[:6])
    except KeyError as exc:
        print("bad row", exc)
    return {"done": len(done)}


def sequential_args_index_error(client: Any) -> list[str]:
    prompts = ["first", "second"]
    print("start")
    a = ask(client, prompts[0], lat=0.15)
    print("got a")
    b = ask(client, prompts[2], lat=0.03)
    return [a, b]


def sequential_args_attribute_error(client: Any) -> list[str]:
    a = ask(client, "first", lat=0.15)
    LOG.info("first done")
    cfg: Any = None
    b = ask(client, "second", lat=0.03, model=cfg.model)
    return [a, b]


def anthropic_batch_bad_row(client: Any) -> list[str]:
    return [ask_claude(client, "Summarise " + row["topic"], lat=0.15 - 0.03 * i)[:8]
            for i, row in enumerate(ROWS)]


# =========================================================================== helpers with state after the call


def helper_nonlocal_id_after_call(client: Any) -> list[str]:
    n = 0

    def numbered(q: str, lat: float) -> str:
        nonlocal n
        text = ask(client, q, lat=lat)
        n += 1
        return f"{n}:{q}:{text[:5]}"

    return [numbered(q, lat) for q, lat in (("p", 0.15), ("q", 0.03), ("r", 0.08))]


def helper_closure_list_len_as_id(client: Any) -> list[str]:
    seen: list[str] = []

    def record(q: str, lat: float) -> int:
        text = ask(client, q, lat=lat)
        seen.append(text[:5])
        return len(seen)

    ids = [record(q, lat) for q, lat in (("p", 0.15), ("q", 0.03), ("r", 0.08))]
    return [str(i) for i in ids] + seen


_ANSWERED: list[str] = []


def _ask_and_remember(client: Any, q: str, lat: float) -> str:
    text = ask(client, q, lat=lat)
    _ANSWERED.append(q)
    return text


def _reset_answered(env: Env) -> None:
    _ANSWERED.clear()


def helper_module_list_after_call(client: Any) -> list[str]:
    for q, lat in (("p", 0.15), ("q", 0.03), ("r", 0.08)):
        _ask_and_remember(client, q, lat)
    return list(_ANSWERED)


class Chatbot:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.turns = 0
        self.log: list[str] = []

    def reply(self, q: str, lat: float) -> str:
        text = ask(self.client, q, lat=lat)
        self.turns += 1
        self.log.append(f"{self.turns}:{q}")
        return text


def chatbot_methods_in_comprehension(client: Any) -> list[str]:
    bot = Chatbot(client)
    [bot.reply(q, lat) for q, lat in (("hi", 0.15), ("how", 0.03), ("bye", 0.08))]
    return bot.log


def helper_dict_param_write_after(client: Any) -> dict[str, str]:
    results: dict[str, str] = {}

    def put(key: str, lat: float) -> None:
        results[key] = ask(client, key, lat=lat)[:5]

    for k, lat in (("k1", 0.15), ("k2", 0.03), ("k3", 0.08)):
        put(k, lat)
    return results


def helper_print_after_call_loop(client: Any) -> None:
    def show(q: str, lat: float) -> None:
        text = ask(client, q, lat=lat)
        print(q, "=>", text[:10])

    for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08)):
        show(q, lat)


def helper_logs_around_call(client: Any) -> list[int]:
    def timed(q: str, lat: float) -> int:
        LOG.info("asking %s", q)
        text = ask(client, q, lat=lat)
        LOG.info("answered %s", q)
        return len(text)

    return [timed(q, lat) for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08))]


def helper_writes_file_after_call(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "answers.txt"

    def save(q: str, lat: float) -> None:
        text = ask(client, q, lat=lat)
        with open(out, "a") as f:
            f.write(f"{q}: {text[:10]}\n")

    for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08)):
        save(q, lat)
    return out.read_text().splitlines()


# =========================================================================== aliases and leaks


def tuple_of_lists_alias_mutated(client: Any) -> list[str]:
    shots = (["Q: 2+2", "A: 4"], ["Q: 3+3", "A: 6"])
    first = shots[0]
    a = ask(client, "slow independent", lat=0.15)
    first.append("A: four")
    b = ask(client, "Examples: " + repr(shots), lat=0.03)
    return [a[:8], b[:8], repr(shots)]


def frozen_dataclass_list_field(client: Any) -> list[str]:
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Prompt:
        task: str
        examples: list[str]

    p = Prompt("classify", ["bug: crash"])
    ex = p.examples
    a = ask(client, "slow independent", lat=0.15)
    ex.append("feature: dark mode")
    b = ask(client, f"{p.task} given {p.examples}", lat=0.03)
    return [a[:8], b[:8]]


def tool_queue_grows_sync(client: Any) -> list[str]:
    tasks = ["search", "read"]
    done = []
    for t in tasks:
        text = ask(client, f"Do {t}", lat=0.12 if t == "search" else 0.03)
        done.append(t)
        if t == "search" and len(text) > 3:
            tasks.append("cite")
    return done


def loop_leaks_last_answer(client: Any) -> dict[str, Any]:
    for q, lat in (("first", 0.15), ("second", 0.03), ("third", 0.08)):
        answer = ask(client, q, lat=lat)
    return {"q": q, "last": answer[:10]}


def loop_else_uses_results(client: Any) -> list[str]:
    found = []
    for q, lat in (("alpha", 0.15), ("beta", 0.03)):
        found.append(ask(client, q, lat=lat)[:6])
    else:
        found.append(ask(client, "wrap up " + "/".join(found), lat=0.03)[:6])
    return found


def loop_target_is_subscript(client: Any) -> list[str]:
    slots = {"topic": ""}
    out = []
    for slots["topic"] in ("rivers", "lakes", "seas"):
        out.append(ask(client, f"One fact on {slots['topic']}",
                       lat=0.15 if slots["topic"] == "rivers" else 0.03)[:8])
    return out + [slots["topic"]]


def comprehension_over_dict_items_then_mutate(client: Any) -> list[str]:
    prompts = {"a": "first", "b": "second"}
    answers = {k: ask(client, v, lat=0.15 if k == "a" else 0.03)[:6] for k, v in prompts.items()}
    prompts["a"] = "changed"
    again = ask(client, prompts["a"], lat=0.03)[:6]
    return [answers["a"], answers["b"], again]


def walrus_in_loop_body(client: Any) -> list[str]:
    out = []
    for q, lat in (("slow", 0.15), ("fast", 0.03)):
        if (n := len(ask(client, q, lat=lat))) > 0:
            out.append(f"{q}:{n > 3}")
    return out


# =========================================================================== clients reconfigured between calls


def openai_base_url_switched(client: Any) -> list[str]:
    """Fail over to another endpoint by moving the client's base URL."""
    a = ask(client, "primary", lat=0.15)
    client.base_url = str(client.base_url).replace("/v1/", "/nowhere/")
    try:
        b = ask(client, "secondary", lat=0.03)
    except openai.NotFoundError as exc:
        b = f"not found {exc.status_code}"
    return [a[:8], b[:20]]


def anthropic_base_url_switched(client: Any) -> list[str]:
    a = ask_claude(client, "primary", lat=0.15)
    client.base_url = str(client.base_url).replace("/anthropic", "/elsewhere")
    try:
        b = ask_claude(client, "secondary", lat=0.03)
    except anthropic.NotFoundError as exc:
        b = f"not found {exc.status_code}"
    return [a[:8], b[:20]]


def requests_session_params_versioned(web: str) -> list[str]:
    s = requests.Session()
    s.params = {"v": "1"}
    a = s.get(f"{web}/items/a?ms=150", timeout=5).json()["value"]
    s.params["v"] = "2"
    b = s.get(f"{web}/items/b?ms=30", timeout=5).json()["value"]
    s.close()
    return [a, b]


def requests_session_params_replaced(web: str) -> list[str]:
    s = requests.Session()
    s.params = {"page": "1"}
    out = [s.get(f"{web}/items/p?ms=150", timeout=5).text]
    s.params = {"page": "2"}
    out.append(s.get(f"{web}/items/p?ms=30", timeout=5).text)
    s.close()
    return out


def httpx_client_params_setter(web: str) -> list[str]:
    import httpx
    with httpx.Client(base_url=web, params={"lang": "en"}) as c:
        a = c.get("/items/greet", params={"ms": "150"}).json()["value"]
        c.params = {"lang": "fr"}
        b = c.get("/items/greet", params={"ms": "30"}).json()["value"]
    return [a, b]


def httpx_client_base_url_setter(web: str) -> list[str]:
    import httpx
    with httpx.Client(base_url=web + "/items") as c:
        a = c.get("/one?ms=150").json()["value"]
        c.base_url = web + "/text"
        b = c.get("/two?ms=30").text
    return [a, b]


def openai_extra_query_dict_reused(client: Any) -> list[str]:
    q = {"tag": "first"}
    r1 = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "a"}],
                                        extra_query=q, extra_body={"latency": 0.15})
    q["tag"] = "second"
    r2 = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "b"}],
                                        extra_query=q, extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:8], r2.choices[0].message.content[:8]]


def requests_session_mount_prefix_changed(web: str) -> list[str]:
    """The session's headers dict is reused; the URL prefix is a session attribute of ours."""
    s = requests.Session()
    s.headers["X-Run"] = "1"
    prefix = {"base": f"{web}/items"}
    a = s.get(prefix["base"] + "/x?ms=150", timeout=5).text
    prefix["base"] = f"{web}/text"
    b = s.get(prefix["base"] + "/y?ms=30", timeout=5).text
    s.close()
    return [a, b]


# =========================================================================== memoised helpers


def make_functools_cache_duplicates(env: Env) -> Any:
    client = openai_client(env)

    @functools.cache
    def classify(text: str) -> str:
        return _label_of(ask(client, f"Classify: {text}", lat=0.15 if text == "crash" else 0.03))

    def run() -> list[str]:
        return [classify(t) for t in ("crash", "idea", "crash", "help", "idea")]
    return run


def make_lru_cache_unbounded_loop(env: Env) -> Any:
    client = openai_client(env)

    @functools.lru_cache(maxsize=None)  # noqa: UP033 - as written in the wild
    def summarise(doc_id: str) -> str:
        return ask(client, "Summarise " + DOCS[doc_id], lat=0.15 if doc_id == "d1" else 0.03)

    def run() -> dict[str, Any]:
        out = []
        for d in ("d1", "d2", "d1", "d3"):
            out.append(summarise(d)[:6])
        return {"out": out, "misses": summarise.cache_info().misses}
    return run


def _memo(fn: Any) -> Any:
    cache: dict[Any, Any] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        if args not in cache:
            cache[args] = fn(*args)
        return cache[args]
    return wrapper


def make_memo_wrapper_embeddings_dupes(env: Env) -> Any:
    client = openai_client(env)

    @_memo
    def embed_one(text: str) -> tuple[float, ...]:
        r = client.embeddings.create(model="embed", input=[text])
        return tuple(r.data[0].embedding)

    def run() -> list[float]:
        vecs = [embed_one(t) for t in ("alpha", "beta", "alpha", "gamma", "beta")]
        return [round(v[0], 4) for v in vecs]
    return run


class CachedClassifier:
    def __init__(self, client: Any) -> None:
        self.client = client

    @functools.cached_property
    def labels(self) -> list[str]:
        print("loading labels")
        return list(LABELS)

    @functools.lru_cache(maxsize=None)  # noqa: B019, UP033 - the instance lives for the run
    def label(self, text: str) -> str:
        return self.labels[len(ask(self.client, f"Label {text}",
                                   lat=0.15 if text == "a" else 0.03)) % 3]


def cached_method_and_property(client: Any) -> list[str]:
    c = CachedClassifier(client)
    return [c.label(t) for t in ("a", "b", "a", "c")]


# =========================================================================== what helpers read


def _chat_default_history(client: Any, q: str, lat: float,
                          history: list[dict[str, str]] = []) -> str:  # noqa: B006
    """The classic bug, kept on purpose by many apps: the default list is the memory."""
    history.append({"role": "user", "content": q})
    r = client.chat.completions.create(model="gpt", messages=history,
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    history.append({"role": "assistant", "content": text[:12]})
    return f"{len(history)}:{text[:8]}"


def helper_mutable_default_history(client: Any) -> list[str]:
    return [_chat_default_history(client, q, lat)
            for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08))]


def _reset_default_history(env: Env) -> None:
    _chat_default_history.__defaults__[0].clear()  # type: ignore[index]


def _ask_cached_default(client: Any, q: str, lat: float, _cache: dict[str, str] = {}) -> str:  # noqa: B006
    if q not in _cache:
        _cache[q] = ask(client, q, lat=lat)[:8]
    return _cache[q]


def _reset_default_cache(env: Env) -> None:
    _ask_cached_default.__defaults__[0].clear()  # type: ignore[index]


def helper_mutable_default_cache(client: Any) -> list[str]:
    return [_ask_cached_default(client, q, lat)
            for q, lat in (("same", 0.15), ("other", 0.03), ("same", 0.08))]


SETTINGS: dict[str, Any] = {"models": {"name": "gpt"}, "lat": 0.03}


def _ask_configured(client: Any, q: str, lat: float) -> str:
    return ask(client, q, lat=lat, model=SETTINGS["models"]["name"])


def _reset_settings(env: Env) -> None:
    SETTINGS["models"] = {"name": "gpt"}


def helper_reads_nested_global_via_alias(client: Any) -> list[str]:
    a = _ask_configured(client, "first", 0.15)
    models_cfg = SETTINGS["models"]
    models_cfg["name"] = "judge"
    b = _ask_configured(client, "second", 0.03)
    return [a[:8], b[:8]]


def helper_closure_model_rebound(client: Any) -> list[str]:
    model = "gpt"

    def ask_m(q: str, lat: float) -> str:
        return ask(client, q, lat=lat, model=model)

    a = ask_m("x", 0.15)
    model = "judge"
    b = ask_m("y", 0.03)
    return [a[:8], b[:8]]


class Assistant:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.model = "gpt"
        self.system = "Be brief."

    def use(self, model: str) -> None:
        self.model = model

    def __call__(self, q: str, lat: float) -> str:
        return ask(self.client, f"{self.system} {q}", lat=lat, model=self.model)


def assistant_switches_model_by_method(client: Any) -> list[str]:
    bot = Assistant(client)
    a = bot("first", 0.15)
    bot.use("judge")
    b = bot("second", 0.03)
    bot.system = "Be verbose."
    c = bot("third", 0.03)
    return [a[:8], b[:8], c[:8]]


class _Cfg:
    model = "gpt"


CFG = _Cfg()


def _ask_cfg(client: Any, q: str, lat: float) -> str:
    return ask(client, q, lat=lat, model=CFG.model)


def _reset_cfg(env: Env) -> None:
    CFG.model = "gpt"


def helper_reads_global_instance_attr(client: Any) -> list[str]:
    a = _ask_cfg(client, "one", 0.15)
    cfg = CFG
    cfg.model = "judge"
    b = _ask_cfg(client, "two", 0.03)
    return [a[:8], b[:8]]


# =========================================================================== the same world by other names


def localhost_alias_put_then_get(client: Any, web: str) -> list[str]:
    """The tool writes through one spelling of the host and reads through another."""
    other = web.replace("127.0.0.1", "localhost")
    slow = requests.get(f"{web}/items/warm?ms=150", timeout=5).json()["value"]
    requests.put(f"{web}/items/profile", data="vegan", timeout=5)
    seen = requests.get(f"{other}/items/profile?ms=30", timeout=5).json()["value"]
    answer = ask(client, f"Suggest a dinner for a {seen} guest", lat=0.03)
    return [slow, seen, answer[:8]]


def uppercase_scheme_host_put_then_get(web: str) -> list[str]:
    shouty = web.replace("http://", "HTTP://")
    first = requests.get(f"{web}/items/a?ms=150", timeout=5).json()["value"]
    requests.put(f"{web}/items/state", data="ready", timeout=5)
    second = requests.get(f"{shouty}/items/state?ms=30", timeout=5).json()["value"]
    return [first, second]


def default_port_spelling_put_then_get(web: str) -> list[str]:
    """The same item by path with a dot segment: /items/./k is /items/k on the server."""
    first = requests.get(f"{web}/items/a?ms=150", timeout=5).json()["value"]
    requests.put(f"{web}/items/k", data="new", timeout=5)
    second = requests.get(f"{web}/items/./k?ms=30", timeout=5).json()["value"]
    return [first, second]


def atomic_save_os_replace_then_read(client: Any, tmp: str) -> list[Any]:
    """Memory saved atomically (write a temp file, os.replace), then read back."""
    import os
    d = Path(tmp)
    final = d / "memory.json"
    final.write_text(json.dumps({"turns": []}))
    a = ask(client, "turn one", lat=0.15)
    part = d / "memory.json.part"
    part.write_text(json.dumps({"turns": [a[:8]]}))
    os.replace(part, final)
    mem = json.loads(final.read_text())
    b = ask(client, f"turn two after {len(mem['turns'])}", lat=0.03)
    return [mem, b[:8]]


def path_rename_rotation_then_read(client: Any, tmp: str) -> list[str]:
    d = Path(tmp)
    log = d / "chat.log"
    log.write_text("old session\n")
    a = ask(client, "hello", lat=0.15)
    log.rename(d / "chat.log.1")
    log.write_text(f"new session {a[:6]}\n")
    archived = (d / "chat.log.1").read_text()
    current = log.read_text()
    return [archived, current]


def shutil_copy_template_then_read(client: Any, tmp: str) -> list[str]:
    import shutil
    d = Path(tmp) / "prompts"
    (d / "answer.v2.txt").write_text("Answer in detail: $question\n")
    a = ask(client, (d / "answer.txt").read_text(), lat=0.15)
    shutil.copyfile(d / "answer.v2.txt", d / "answer.txt")
    b = ask(client, (d / "answer.txt").read_text(), lat=0.03)
    return [a[:8], b[:8], (d / "answer.txt").read_text()]


def relative_and_absolute_paths(client: Any, tmp: str) -> list[str]:
    import os
    p_abs = os.path.abspath(os.path.join(tmp, "notes.md"))
    p_rel = os.path.relpath(p_abs)
    Path(p_abs).write_text("draft 1")
    a = ask(client, "slow", lat=0.15)
    Path(p_rel).write_text("draft 2 " + a[:5])
    with open(p_abs) as f:
        seen = f.read()
    return [seen]


def sqlite_two_connections_same_file(client: Any, db: str) -> list[Any]:
    w = sqlite3.connect(db)
    w.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")
    w.execute("INSERT INTO kv VALUES ('topic', 'rivers')")
    w.commit()
    a = ask(client, "slow", lat=0.15)
    w.execute("UPDATE kv SET v = ? WHERE k = 'topic'", ("lakes " + a[:4],))
    w.commit()
    r = sqlite3.connect(db)
    topic = r.execute("SELECT v FROM kv WHERE k = 'topic'").fetchone()[0]
    b = ask(client, f"Fact on {topic}", lat=0.03)
    r.close()
    w.close()
    return [topic, b[:8]]


# =========================================================================== user code in attribute loads


class LazyDoc:
    """A document whose text is loaded (and logged) the first time it is read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def text(self) -> str:
        LOG.info("loading %s", self.path.name)
        return self.path.read_text()


def _setup_doc_files(env: Env) -> None:
    for name, body in (("a.md", "Alpha doc body."), ("b.md", "Beta doc body.")):
        (env.tmp / name).write_text(body)


def lazy_property_logs_in_prompt(client: Any, tmp: str) -> list[str]:
    doc = LazyDoc(Path(tmp) / "b.md")
    a = ask(client, "slow independent question", lat=0.15)
    LOG.info("first answered")
    b = ask(client, f"Summarise: {doc.text}", lat=0.03)
    return [a[:8], b[:8]]


class User:
    def __init__(self, first: str, last: str) -> None:
        self.first, self.last = first, last

    @property
    def name(self) -> str:
        print("name read for", self.first)
        return f"{self.first} {self.last}"


def format_field_property_prints(client: Any) -> list[str]:
    u = User("Ada", "Lovelace")
    a = ask(client, "slow independent", lat=0.15)
    print("between")
    b = ask(client, "Write to {u.name}".format(u=u), lat=0.03)  # noqa: UP032
    return [a[:8], b[:8]]


class EnvConfig:
    """Settings read lazily, counted, as config objects do."""

    def __init__(self) -> None:
        self.reads: list[str] = []

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        self.reads.append(name)
        return {"model": "gpt", "style": "terse"}.get(name, "")


def getattr_config_counts_reads(client: Any) -> list[Any]:
    cfg = EnvConfig()
    a = ask(client, "first", lat=0.15, model=cfg.model)
    cfg.reads.append("marker")
    b = ask(client, f"second in a {cfg.style} style", lat=0.03)
    return [a[:6], b[:6], cfg.reads]


class Counted:
    def __init__(self, text: str) -> None:
        self.text = text
        self.renders = 0

    def __str__(self) -> str:
        self.renders += 1
        print("render", self.renders)
        return self.text


def percent_format_str_dunder(client: Any) -> list[str]:
    c = Counted("the context")
    a = ask(client, "Use %s" % c, lat=0.15)  # noqa: UP031
    print("mid")
    b = ask(client, "Again %s" % c, lat=0.03)  # noqa: UP031
    return [a[:6], b[:6], str(c.renders)]


def attribute_chain_lazy_property_loop(client: Any, tmp: str) -> list[str]:
    docs = [LazyDoc(Path(tmp) / n) for n in ("a.md", "b.md")]
    out = []
    for d, lat in zip(docs, (0.15, 0.03), strict=True):
        out.append(ask(client, "Summarise " + d.text, lat=lat)[:8])
        LOG.info("done %s", d.path.name)
    return out


def comprehension_lazy_property(client: Any, tmp: str) -> list[str]:
    docs = [LazyDoc(Path(tmp) / n) for n in ("a.md", "b.md")]
    LOG.info("before batch")
    return [ask(client, "Summarise " + d.text, lat=lat)[:8]
            for d, lat in zip(docs, (0.15, 0.03), strict=True)]


# =========================================================================== loop-carried state in branches


def walrus_carried_prefix(client: Any) -> list[str]:
    prefix = ""
    out = []
    for q, lat in (("slow", 0.15), ("fast", 0.03), ("mid", 0.08)):
        if (n := len(ask(client, prefix + q, lat=lat))) > 0:
            prefix = f"[{n}] "
            out.append(prefix + q)
    return out


def seen_set_in_if_body(client: Any) -> list[str]:
    seen: set[str] = set()
    out = []
    for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08)):
        text = ask(client, f"{q} (after {len(seen)} good)", lat=lat)
        if len(text) > 3:
            seen.add(q)
        out.append(text[:6])
    return out


def running_total_augassign(client: Any) -> list[int]:
    total = 0
    trail = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        total += len(ask(client, f"{q} so far {total}", lat=lat).split())
        trail.append(total)
    return trail


def except_lowers_temperature_sync(client: Any) -> list[str]:
    temp = 3.5
    out = []
    for q, lat in (("a", 0.12), ("b", 0.03), ("c", 0.06)):
        try:
            text = ask(client, q, lat=lat, temperature=temp)
        except openai.BadRequestError:
            temp = 0.5
            text = ask(client, q, lat=lat, temperature=temp)
        out.append(f"{q}@{temp}:{text[:5]}")
    return out


def else_branch_updates_context(client: Any) -> list[str]:
    context = "start"
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        text = ask(client, f"{context} / {q}", lat=lat)
        if "zzz" in text:
            out.append("odd")
        else:
            context = text[:6]
        out.append(context)
    return out


def try_else_updates_history(client: Any) -> list[str]:
    last = "none"
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03)):
        try:
            text = ask(client, f"prev={last} {q}", lat=lat)
        except openai.APIError:
            text = ""
        else:
            last = text[:5]
        out.append(last)
    return out


# =========================================================================== streams, uploads, raw responses


def stream_two_answers_printing_chunks(client: Any) -> list[int]:
    sizes = []
    for q, lat in (("slow story", 0.15), ("fast story", 0.03)):
        stream = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}], stream=True,
            extra_body={"latency": lat})
        n = 0
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                n += 1
        print(q, "chunks", n)
        sizes.append(n)
    return sizes


def stream_helper_then_plain_call(client: Any) -> list[str]:
    def streamed(q: str, lat: float) -> str:
        parts = []
        with client.chat.completions.stream(
                model="gpt", messages=[{"role": "user", "content": q}],
                extra_body={"latency": lat}) as s:
            for event in s:
                if event.type == "content.delta":
                    parts.append(event.delta)
        return "".join(parts)

    a = streamed("streamed slow", 0.15)
    print("streamed", len(a))
    b = ask(client, "plain fast", lat=0.03)
    return [a[:8], b[:8]]


def anthropic_stream_text_then_ask(client: Any) -> list[str]:
    with client.messages.stream(model="claude", max_tokens=64,
                                messages=[{"role": "user", "content": "stream me"}],
                                extra_body={"latency": 0.15}) as s:
        text = "".join(s.text_stream)
    LOG.info("streamed %d chars", len(text))
    other = ask_claude(client, "then me", lat=0.03)
    return [text[:8], other[:8]]


def upload_then_independent_chat(client: Any) -> list[str]:
    """A chat written after an upload must reach the server after it (it may search it)."""
    a = ask(client, "slow before upload", lat=0.15)
    f = client.files.create(file=("kb.txt", b"Refunds take 5 days."), purpose="assistants")
    b = ask(client, "What is the refund time?", lat=0.03)
    names = [x.filename for x in client.files.list()]
    return [a[:6], f.id, b[:6], ",".join(names)]


def upload_delete_list_order(client: Any) -> list[str]:
    ids = []
    for name in ("a.txt", "b.txt"):
        ids.append(client.files.create(file=(name, name.encode()), purpose="batch").id)
    before = [x.id for x in client.files.list()]
    client.files.delete(ids[0])
    after = [x.id for x in client.files.list()]
    content = client.files.content(ids[1]).text
    return [",".join(before), ",".join(after), content]


def raw_response_headers_and_parse(client: Any) -> list[str]:
    out = []
    for q, lat in (("x", 0.15), ("y", 0.03)):
        raw = client.chat.completions.with_raw_response.create(
            model="gpt", messages=[{"role": "user", "content": q}], extra_body={"latency": lat})
        out.append(f"{raw.status_code}:{raw.parse().choices[0].message.content[:5]}")
    return out


def anthropic_count_tokens_then_trim(client: Any) -> list[Any]:
    history = [{"role": "user", "content": "word " * 30}, {"role": "user", "content": "hi"}]
    n = client.messages.count_tokens(model="claude", messages=history).input_tokens
    if n > 20:
        history = history[1:]
    m = client.messages.create(model="claude", max_tokens=32, messages=history,
                               extra_body={"latency": 0.05})
    return [n, len(history), m.content[0].text[:6]]


def models_list_picks_model(client: Any) -> list[str]:
    names = [m.id for m in client.models.list()]
    pick = "gpt-mini" if "gpt-mini" in names else names[0]
    return [pick] + [ask(client, q, lat=lat, model=pick)[:6]
                     for q, lat in (("a", 0.15), ("b", 0.03))]


# =========================================================================== context and thread-local state


import contextvars  # noqa: E402 - kept beside the cases that use it
import threading  # noqa: E402

TRACE_ID: contextvars.ContextVar[str] = contextvars.ContextVar("trace_id", default="none")


def _traced_ask(client: Any, q: str, lat: float) -> str:
    text = ask(client, q, lat=lat)
    return f"{TRACE_ID.get()}:{text[:5]}"


def contextvar_trace_id_in_helper(client: Any) -> list[str]:
    token = TRACE_ID.set("run-7")
    try:
        return [_traced_ask(client, q, lat) for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08))]
    finally:
        TRACE_ID.reset(token)


def trace_id_switched_between_asks(client: Any) -> list[str]:
    t1 = TRACE_ID.set("step-1")
    a = _traced_ask(client, "a", 0.15)
    TRACE_ID.set("step-2")
    b = _traced_ask(client, "b", 0.03)
    TRACE_ID.reset(t1)
    return [a, b]


def _traced_ask_first(client: Any, q: str, lat: float) -> str:
    tid = TRACE_ID.get()
    return f"{tid}:{ask(client, q, lat=lat)[:5]}"


def contextvar_read_before_call_loop(client: Any) -> list[str]:
    token = TRACE_ID.set("loop-run")
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03)):
        out.append(_traced_ask_first(client, q, lat))
    TRACE_ID.reset(token)
    return out


_TLS = threading.local()
_SESSIONS_MADE: list[int] = []


def _session() -> requests.Session:
    s = getattr(_TLS, "session", None)
    if s is None:
        s = _TLS.session = requests.Session()
        _SESSIONS_MADE.append(1)
    return s


def _tool_get(web: str, key: str, ms: int) -> str:
    return _session().get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _reset_tls(env: Env) -> None:
    s = getattr(_TLS, "session", None)
    if s is not None:
        s.close()
    _TLS.__dict__.clear()
    _SESSIONS_MADE.clear()


def thread_local_session_per_tool(web: str) -> dict[str, Any]:
    """A session per thread, made on first use (the usual requests advice)."""
    vals = [_tool_get(web, k, ms) for k, ms in (("a", 150), ("b", 30), ("c", 80))]
    return {"vals": vals, "sessions": len(_SESSIONS_MADE)}


_TLS_USER = threading.local()


def _ask_as_user(client: Any, q: str, lat: float) -> str:
    user = getattr(_TLS_USER, "name", "anonymous")
    return f"{user}:{ask(client, q, lat=lat)[:5]}"


def thread_local_user_in_helper(client: Any) -> list[str]:
    _TLS_USER.name = "ada"
    try:
        return [_ask_as_user(client, q, lat) for q, lat in (("a", 0.15), ("b", 0.03))]
    finally:
        del _TLS_USER.name


def thread_name_in_log(client: Any) -> list[str]:
    def step(q: str, lat: float) -> str:
        text = ask(client, q, lat=lat)
        return f"{threading.current_thread() is threading.main_thread()}:{text[:4]}"

    return [step(q, lat) for q, lat in (("a", 0.15), ("b", 0.03))]


# =========================================================================== iterators running out


def stopiteration_in_comprehension_args(client: Any) -> list[str]:
    """More slots than prompts: next() raises StopIteration out of the comprehension."""
    prompts = iter(["alpha", "beta"])
    return [ask(client, next(prompts), lat=lat)[:6] for lat in (0.15, 0.03, 0.08)]


def stopiteration_caught_after_loop(client: Any) -> dict[str, Any]:
    prompts = iter(["alpha", "beta"])
    out: list[str] = []
    try:
        for lat in (0.15, 0.03, 0.08):
            out.append(ask(client, next(prompts), lat=lat)[:6])
    except StopIteration:
        out.append("ran out")
    return {"out": out}


def stopiteration_from_helper_in_comprehension(client: Any) -> Any:
    pool = iter([("slow", 0.15), ("fast", 0.03)])

    def take() -> str:
        q, lat = next(pool)
        return ask(client, q, lat=lat)[:6]

    try:
        return [take() for _ in range(3)]
    except StopIteration:
        return "stopped"


def generator_feeds_comprehension_with_print(client: Any) -> list[str]:
    def prompts() -> Any:
        for q, lat in (("a", 0.15), ("b", 0.03)):
            print("yield", q)
            yield q, lat
        print("exhausted")

    out = [ask(client, q, lat=lat)[:6] for q, lat in prompts()]
    print("collected", len(out))
    return out


# =========================================================================== guardrails that stop early


def _is_flagged(verdict: str) -> bool:
    return len(verdict.split()) > 2


def guardrail_then_answer(client: Any) -> str:
    """A moderation check first; a flagged question is refused without the expensive call."""
    q = "How do I pick a lock?"
    verdict = ask(client, f"Is this request harmful? {q}", lat=0.03, model="judge")
    if _is_flagged(verdict):
        return "refused"
    return ask(client, q, lat=0.15)[:10]


def guardrail_log_then_answer(client: Any) -> str:
    q = "Tell me a secret"
    verdict = ask(client, f"Harmful? {q}", lat=0.03, model="judge")
    LOG.info("verdict has %d words", len(verdict.split()))
    if len(verdict.split()) > 2:
        LOG.warning("refusing")
        return "refused"
    answer = ask(client, q, lat=0.15)
    return answer[:10]


def guardrail_flag_variable(client: Any) -> dict[str, Any]:
    q = "Summarise the news"
    blocked = _is_flagged(ask(client, f"Check: {q}", lat=0.03, model="judge"))
    result: dict[str, Any] = {"blocked": blocked}
    if blocked:
        return result
    result["answer"] = ask(client, q, lat=0.15)[:10]
    result["title"] = ask(client, f"Title for {q}", lat=0.08)[:10]
    return result


def guardrail_raises_policy_error(client: Any) -> str:
    q = "Write malware"
    verdict = ask(client, f"Harmful? {q}", lat=0.03, model="judge")
    if _is_flagged(verdict):
        raise PermissionError(f"blocked: {q}")
    return ask(client, q, lat=0.15)


def guardrail_anthropic_then_two_answers(client: Any) -> list[str]:
    q = "Explain tides"
    v = ask_claude(client, f"Safe? {q}", lat=0.03)
    if not _is_flagged(v):
        return ["refused"]
    a = ask_claude(client, q, lat=0.15)
    b = ask_claude(client, q + " simply", lat=0.08)
    return [a[:8], b[:8]]


def guardrail_in_loop_break(client: Any) -> list[str]:
    out = []
    for q, lat in (("fine", 0.1), ("bad", 0.03), ("later", 0.15)):
        v = ask(client, f"Harmful? {q}", lat=0.03, model="judge")
        if _is_flagged(v) and q == "bad":
            out.append("stop at " + q)
            break
        out.append(ask(client, q, lat=lat)[:6])
    return out


def stdout_write_progress_between(client: Any) -> list[str]:
    import sys
    sys.stdout.write("asking a\n")
    a = ask(client, "a", lat=0.15)
    sys.stdout.write(f"a has {len(a)} chars\n")
    b = ask(client, "b", lat=0.03)
    sys.stdout.write("done\n")
    return [a[:5], b[:5]]


# =========================================================================== parse() with validators in disguise


def _shout(v: str) -> str:
    print("after-validator saw", len(v))
    return v.upper()


class Headline(pydantic.BaseModel):
    text: Annotated[str, pydantic.AfterValidator(_shout)]
    score: int


def parse_annotated_after_validator(client: Any) -> list[str]:
    out = []
    print("start")
    a = client.chat.completions.parse(
        model="gpt", messages=[{"role": "user", "content": "headline on tides"}],
        response_format=Headline, extra_body={"latency": 0.15})
    print("first parsed")
    b = client.chat.completions.parse(
        model="gpt", messages=[{"role": "user", "content": "headline on moons"}],
        response_format=Headline, extra_body={"latency": 0.03})
    print("second parsed")
    for r in (a, b):
        h = r.choices[0].message.parsed
        out.append(type(h).__name__ + ":" + str(h.text.isupper()))
    return out


class Source(pydantic.BaseModel):
    url: str

    @pydantic.field_validator("url")
    @classmethod
    def _seen(cls, v: str) -> str:
        LOG.info("source validated")
        return v


class Cited(pydantic.BaseModel):
    answer: str
    source: Source


def parse_nested_model_validator(client: Any) -> list[str]:
    LOG.info("asking")
    a = client.chat.completions.parse(
        model="gpt", messages=[{"role": "user", "content": "cite one"}],
        response_format=Cited, extra_body={"latency": 0.15})
    LOG.info("between")
    b = client.chat.completions.parse(
        model="gpt", messages=[{"role": "user", "content": "cite two"}],
        response_format=Cited, extra_body={"latency": 0.03})
    return [type(a.choices[0].message.parsed).__name__, type(b.choices[0].message.parsed).__name__]


class Scored(pydantic.BaseModel):
    label: str
    confidence: float

    def model_post_init(self, context: Any) -> None:
        print("post-init", self.label[:3])


def parse_model_post_init_prints(client: Any) -> list[str]:
    out = []
    for q, lat in (("slow", 0.15), ("fast", 0.03)):
        r = client.chat.completions.parse(
            model="gpt", messages=[{"role": "user", "content": f"label {q}"}],
            response_format=Scored, extra_body={"latency": lat})
        print("got", q)
        out.append(type(r.choices[0].message.parsed).__name__)
    return out


class Plain(pydantic.BaseModel):
    title: str
    tags: list[str]


def parse_plain_model_comprehension(client: Any) -> list[str]:
    rs = [client.chat.completions.parse(
        model="gpt", messages=[{"role": "user", "content": f"tags for {q}"}],
        response_format=Plain, extra_body={"latency": lat})
        for q, lat in (("rivers", 0.15), ("lakes", 0.03), ("seas", 0.08))]
    return [type(r.choices[0].message.parsed.tags).__name__ for r in rs]


# =========================================================================== comprehension shapes


def dict_comprehension_duplicate_keys(client: Any) -> dict[str, str]:
    """A repeated key is asked again and its later answer kept."""
    return {t: ask(client, f"{t} #{i}", lat=lat)[:6]
            for i, (t, lat) in enumerate((("a", 0.15), ("b", 0.03), ("a", 0.08)))}


def nested_comprehension_docs_questions(client: Any) -> list[list[str]]:
    docs = ["d1", "d2"]
    qs = [("who", 0.15), ("when", 0.03)]
    return [[ask(client, f"{d}: {q}", lat=lat)[:5] for q, lat in qs] for d in docs]


def two_for_clauses_with_filter(client: Any) -> list[str]:
    docs = ["d1", "d2", "d3"]
    qs = [("why", 0.12), ("how", 0.03)]
    return [ask(client, f"{d}: {q}", lat=lat)[:5] for d in docs if d != "d2"
            for q, lat in qs]


def map_partial_ask(client: Any) -> list[str]:
    quick = functools.partial(ask, client, lat=0.05)
    return [t[:5] for t in map(quick, ["one", "two", "three"])]


def sorted_answers_by_length(client: Any) -> list[str]:
    answers = [ask(client, q, lat=lat) for q, lat in (("long", 0.15), ("short", 0.03))]
    return [a[:5] for a in sorted(answers, key=len)]


def max_by_judged_score_lambda(client: Any) -> str:
    cands = ["alpha", "beta", "gamma"]
    return max(cands, key=lambda c: len(ask(client, f"Score {c}", lat=0.03, model="judge")))


def zip_two_comprehensions(client: Any) -> list[str]:
    titles = [ask(client, f"title {i}", lat=lat)[:5] for i, lat in enumerate((0.15, 0.03))]
    bodies = [ask(client, f"body {i}", lat=lat)[:5] for i, lat in enumerate((0.08, 0.04))]
    return [f"{t}|{b}" for t, b in zip(titles, bodies, strict=True)]


# =========================================================================== async


async def _aask(client: Any, prompt: str, lat: float) -> str:
    r = await client.chat.completions.create(model="gpt",
                                             messages=[{"role": "user", "content": prompt}],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def async_outline_sections_gather(client: Any) -> dict[str, Any]:
    outline = await _aask(client, "Outline three parts", 0.05)
    parts = outline.split()[:3]
    sections = []
    for p, lat in zip(parts, (0.15, 0.03, 0.08), strict=False):
        sections.append(await _aask(client, f"Write {p}", lat))
        print("section", p, "done")
    summary = await _aask(client, "Summarise " + " ".join(s[:5] for s in sections), 0.04)
    return {"parts": parts, "summary": summary[:20]}


async def async_classify_with_cache(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for t, lat in (("x", 0.15), ("y", 0.03), ("x", 0.08)):
        if t not in cache:
            cache[t] = _label_of(await _aask(client, f"Label {t}", lat))
        out.append(cache[t])
    return out


async def _aask_logged(client: Any, q: str, lat: float) -> str:
    LOG.info("send %s", q)
    text = await _aask(client, q, lat)
    LOG.info("recv %s", q)
    return text


async def async_helper_logs_send_recv(client: Any) -> list[str]:
    return [(await _aask_logged(client, q, lat))[:8]
            for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08))]


async def async_loop_helper_appends_trace(client: Any) -> list[str]:
    trace: list[str] = []

    async def step(q: str, lat: float) -> str:
        trace.append("start " + q)
        text = await _aask(client, q, lat)
        trace.append("end " + q)
        return text

    for q, lat in (("x", 0.15), ("y", 0.03), ("z", 0.08)):
        await step(q, lat)
    return trace


async def async_numbered_after_await(client: Any) -> list[str]:
    """Each answer gets the next id once it arrives (an id per finished call)."""
    n = 0

    async def numbered(q: str, lat: float) -> str:
        nonlocal n
        text = await _aask(client, q, lat)
        n += 1
        return f"{n}:{q}:{text[:5]}"

    return [await numbered(q, lat) for q, lat in (("p", 0.15), ("q", 0.03), ("r", 0.08))]


async def async_history_between_awaits(client: Any) -> list[str]:
    history: list[dict[str, str]] = []
    outs = []
    for q, lat in (("one", 0.12), ("two", 0.03), ("three", 0.06)):
        history.append({"role": "user", "content": q})
        r = await client.chat.completions.create(model="gpt", messages=history,
                                                 extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content})
        outs.append(str(len(history)))
    return outs


async def async_try_except_per_item(client: Any) -> list[str]:
    out = []
    for temp, lat in ((0.5, 0.15), (7.0, 0.03), (0.1, 0.08)):
        try:
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"t={temp}"}],
                temperature=temp, extra_body={"latency": lat})
            out.append(r.choices[0].message.content[:6])
        except openai.BadRequestError as exc:
            print("rejected", temp, exc.status_code)
            out.append("rejected")
    return out


async def async_cache_closure_duplicates(client: Any) -> list[str]:
    cache: dict[str, str] = {}

    async def label(t: str, lat: float) -> str:
        if t not in cache:
            cache[t] = _label_of(await _aask(client, f"Label {t}", lat))
        return cache[t]

    return [await label(t, lat) for t, lat in (("a", 0.15), ("bb", 0.03), ("a", 0.08))]


async def async_anthropic_outline_sections(client: Any) -> list[str]:
    m = await client.messages.create(model="claude", max_tokens=32,
                                     messages=[{"role": "user", "content": "Outline"}],
                                     extra_body={"latency": 0.05})
    heads = m.content[0].text.split()[:3]
    secs = []
    for h, lat in zip(heads, (0.15, 0.03, 0.08), strict=False):
        s = await client.messages.create(model="claude", max_tokens=32,
                                         messages=[{"role": "user", "content": f"Write {h}"}],
                                         extra_body={"latency": lat})
        secs.append(s.content[0].text[:8])
        print("section", h)
    return secs


async def async_wait_for_timeout_per_item(client: Any) -> list[str]:
    """A per-request timeout with asyncio.wait_for: every call here is too slow for it."""
    out = []
    for q in ("a", "b", "c"):
        try:
            r = await asyncio.wait_for(
                client.chat.completions.create(model="gpt",
                                               messages=[{"role": "user", "content": q}],
                                               extra_body={"latency": 0.12}),
                timeout=0.08)
            out.append(r.choices[0].message.content[:5])
        except TimeoutError:
            out.append("timeout " + q)
    return out


async def async_task_queue_grows(client: Any) -> list[str]:
    """A work list the loop extends while it iterates (follow-ups found on the way)."""
    tasks = ["plan", "draft"]
    done = []
    for t in tasks:
        text = await _aask(client, f"Do {t}", 0.1 if t == "plan" else 0.03)
        done.append(t)
        if t == "plan" and len(text) > 3:
            tasks.append("review")
    return done


async def async_except_lowers_temperature_for_rest(client: Any) -> list[str]:
    """After one rejection the rest of the batch uses the safe temperature."""
    temp = 3.5
    out = []
    for q, lat in (("a", 0.12), ("b", 0.03), ("c", 0.06)):
        try:
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": q}], temperature=temp,
                extra_body={"latency": lat})
        except openai.BadRequestError:
            temp = 0.5
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": q}], temperature=temp,
                extra_body={"latency": lat})
        out.append(f"{q}@{temp}:{r.choices[0].message.content[:5]}")
    return out


async def async_except_sets_flag_skips_rest(client: Any) -> list[str]:
    degraded = False
    out = []
    for q, lat in (("a", 0.12), ("b", 0.03), ("c", 0.06)):
        model = "gpt-mini" if degraded else "gpt"
        try:
            r = await client.chat.completions.create(
                model=model, messages=[{"role": "user", "content": q}],
                temperature=9.0 if q == "a" else 0.2, extra_body={"latency": lat})
            out.append(f"{model}:{r.choices[0].message.content[:5]}")
        except openai.BadRequestError:
            degraded = True
            out.append("degraded")
    return out


async def async_background_refresh_task(client: Any) -> list[str]:
    """A background task refreshes the retrieval context while the questions are asked."""
    ctx = {"version": "v1"}

    async def refresh() -> None:
        await asyncio.sleep(0.06)
        ctx["version"] = "v2"

    task = asyncio.create_task(refresh())
    out = []
    for q, lat in (("first", 0.15), ("second", 0.03), ("third", 0.03)):
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"[{ctx['version']}] {q}"}],
            extra_body={"latency": lat})
        out.append(f"{ctx['version']}:{r.choices[0].message.content[:5]}")
    await task
    return out


async def async_httpx_tools_then_put(client: Any, web: str) -> list[str]:
    import httpx
    async with httpx.AsyncClient(base_url=web) as http:
        facts = []
        for key, ms in (("weather", 150), ("traffic", 30)):
            r = await http.get(f"/items/{key}", params={"ms": ms})
            facts.append(r.json()["value"])
        plan = await _aask(client, "Plan with " + ", ".join(facts), 0.04)
        await http.put("/items/plan", content=plan[:12])
        check = (await http.get("/items/plan", params={"ms": 30})).json()["value"]
    return facts + [check == plan[:12]]


def _async_oa_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


def _async_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _async_an(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


# =========================================================================== registry


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def an_web(env: Env) -> tuple:
    return (anthropic_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def an_tmp(env: Env) -> tuple:
    return (anthropic_client(env), str(env.tmp))


def oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _async(fn: Any, drive: Any, servers: str = "api", ideal: float = 1.0,
           cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


ALL: list[Case] = [
    # -- RAG
    _sdk(rag_sqlite_index_then_cite, args=oa_db("rag.db"), cat="db"),
    _sdk(rag_json_index_written_then_loaded, args=oa_tmp, cat="files"),
    _sdk(rag_retriever_class_three_questions),
    _both(rag_cite_then_fetch_sources, over(0.15, 0.03)),
    _sdk(rag_answers_logged_per_question, over(0.15, 0.03, 0.08), args=oa_db("ans.db"),
         cat="db"),
    # -- agents
    _both(agent_weather_and_note_tools),
    _both(agent_get_tools_then_put_summary),
    _both(agent_tool_errors_recorded, cat="http"),
    _both(anthropic_tool_use_http, args=an_web),
    Case("helpers", make=make_tool_agent_class, servers="web api"),
    # -- chains
    _sdk(outline_sections_summary),
    _sdk(outline_sections_to_files, over(0.15, 0.03, 0.08), args=oa_tmp, cat="files"),
    _sdk(chain_refine_three_times),
    _sdk(chain_anthropic_outline_then_parallel, args=an_args),
    # -- judges
    _sdk(judge_retry_until_yes, cat="ensemble"),
    _sdk(pairwise_judge_tournament, cat="ensemble"),
    _sdk(verifier_scores_regex_max, cat="ensemble"),
    _sdk(verifier_retry_on_bad_request, cat="validation"),
    # -- classification with caches
    _sdk(classify_with_dict_cache, cat="state"),
    _sdk(classify_cached_helper_comprehension, cat="state"),
    _sdk(classify_cache_file_roundtrip, args=oa_tmp, cat="files"),
    _sdk(classify_sqlite_cache, args=oa_db("cache.db"), cat="db"),
    _sdk(classify_batch_with_hash_keys, cat="state"),
    # -- templates
    _sdk(templates_string_template_and_format, args=oa_tmp, cat="files",
         setup=_setup_templates),
    _sdk(templates_edited_between_runs, args=oa_tmp, cat="files", setup=_setup_templates),
    _sdk(templates_system_prompt_anthropic, over(0.15, 0.03, 0.08), args=an_tmp,
         cat="files", setup=_setup_templates),
    _sdk(templates_loaded_into_dict, over(0.15, 0.03), args=oa_tmp, cat="files",
         setup=_setup_templates),
    # -- structured output
    _sdk(structured_tickets_json_schema, over(0.15, 0.03, 0.08), cat="validation"),
    _sdk(structured_validator_prints_in_helper, cat="validation"),
    _sdk(structured_retry_on_validation_error, cat="validation"),
    _sdk(structured_json_object_mode_merge, cat="validation"),
    # -- memory
    _sdk(memory_list_chain, cat="state"),
    _sdk(memory_jsonl_file_per_turn, args=oa_tmp, cat="files"),
    _sdk(memory_forked_for_what_ifs, over(0.15, 0.03, 0.08), cat="state"),
    _sdk(memory_last_message_edited_in_place, cat="state"),
    _sdk(memory_summarise_when_long, cat="state"),
    _sdk(memory_pydantic_messages, cat="state"),
    # -- helpers taking the client
    _sdk(helper_kwargs_dict_reused, cat="helpers"),
    _sdk(helper_appends_to_callers_trace, cat="helpers"),
    _sdk(helper_partial_bound_client, over(0.15, 0.03, 0.08), cat="helpers"),
    _sdk(helper_usage_object_accumulates, cat="helpers"),
    _sdk(helper_budget_dict_raises, cat="helpers"),
    _sdk(helper_ask_printing, cat="helpers"),
    # -- hidden effects in arguments
    _sdk(json_default_hook_logs, cat="helpers"),
    _sdk(json_encoder_class_prints, cat="helpers"),
    _sdk(sorted_key_logs_ranking, cat="helpers"),
    _sdk(re_sub_template_counts, cat="helpers"),
    _sdk(map_of_logging_formatter, cat="helpers"),
    _sdk(compiled_slot_pattern_fill_prints, cat="helpers"),
    _sdk(reduce_merges_context_with_log, cat="helpers"),
    _sdk(slot_fill_in_loop_prints, cat="helpers"),
    _sdk(getattr_configured_field_lazy_property, args=oa_tmp, cat="helpers",
         setup=_setup_doc_files),
    _sdk(textwrap_indent_predicate_quotes, cat="helpers"),
    _sdk(urlencode_quote_via_link_in_prompt, cat="helpers"),
    _sdk(fstring_format_dunder_prints, cat="helpers"),
    _sdk(sum_of_generator_with_print, cat="helpers"),
    # -- hidden mutations
    _sdk(setdefault_append_then_call, cat="state"),
    _sdk(iadd_history_between_calls, cat="state"),
    _sdk(alias_through_dict_then_call, cat="state"),
    _sdk(list_append_unbound_method, cat="state"),
    _sdk(map_append_consumed, cat="state"),
    _sdk(nested_content_augmented, cat="state"),
    _sdk(conversation_object_add_then_call, cat="state"),
    _sdk(loop_alias_mutation, cat="state"),
    _sdk(bisect_insort_examples, cat="state"),
    _sdk(heap_topk_then_prompt, cat="state"),
    # -- files in disguise, methods from data
    _sdk(print_to_memory_file_then_read, args=oa_tmp, cat="files"),
    _sdk(stringio_transcript_prompt, cat="state"),
    _sdk(symlink_latest_memory, args=oa_tmp, cat="files"),
    _sdk(dotdot_path_read_after_write, args=oa_tmp, cat="files"),
    _both(requests_method_from_spec, cat="http"),
    Case("http", getattr_requests_verb, args=lambda env: (env.web,), servers="web"),
    # -- batches that fail part way
    _sdk(batch_template_keyerror_comprehension, cat="validation"),
    _sdk(batch_template_keyerror_loop, cat="validation"),
    _sdk(batch_keyerror_caught_by_caller, cat="validation"),
    _sdk(batch_zip_strict_mismatch, cat="validation"),
    _sdk(batch_generator_raises_midway, args=oa_tmp, cat="validation",
         setup=_setup_questions),
    _sdk(batch_int_parse_in_args, cat="validation"),
    _sdk(batch_division_by_zero_budget, cat="validation"),
    _sdk(batch_errors_print_progress, cat="validation"),
    _sdk(sequential_args_index_error, cat="validation"),
    _sdk(sequential_args_attribute_error, cat="validation"),
    _sdk(anthropic_batch_bad_row, args=an_args, cat="validation"),
    # -- helpers with state after the call
    _sdk(helper_nonlocal_id_after_call, cat="helpers"),
    _sdk(helper_closure_list_len_as_id, cat="helpers"),
    _sdk(helper_module_list_after_call, cat="helpers", setup=_reset_answered),
    _sdk(chatbot_methods_in_comprehension, cat="helpers"),
    _sdk(helper_dict_param_write_after, cat="helpers"),
    _sdk(helper_print_after_call_loop, cat="helpers"),
    _sdk(helper_logs_around_call, cat="helpers"),
    _sdk(helper_writes_file_after_call, args=oa_tmp, cat="files"),
    # -- aliases and leaks
    _sdk(tuple_of_lists_alias_mutated, cat="state"),
    _sdk(frozen_dataclass_list_field, cat="state"),
    _sdk(tool_queue_grows_sync, cat="state"),
    _sdk(loop_leaks_last_answer, cat="state"),
    _sdk(loop_else_uses_results, cat="state"),
    _sdk(loop_target_is_subscript, cat="state"),
    _sdk(comprehension_over_dict_items_then_mutate, cat="state"),
    _sdk(walrus_in_loop_body, cat="state"),
    # -- clients reconfigured between calls
    _sdk(openai_base_url_switched, cat="clients"),
    _sdk(anthropic_base_url_switched, args=an_args, cat="clients"),
    Case("clients", requests_session_params_versioned, args=lambda env: (env.web,),
         servers="web"),
    Case("clients", requests_session_params_replaced, args=lambda env: (env.web,),
         servers="web"),
    Case("clients", httpx_client_params_setter, args=lambda env: (env.web,), servers="web"),
    Case("clients", httpx_client_base_url_setter, args=lambda env: (env.web,), servers="web"),
    _sdk(openai_extra_query_dict_reused, cat="clients"),
    Case("clients", requests_session_mount_prefix_changed, args=lambda env: (env.web,),
         servers="web"),
    # -- memoised helpers
    Case("state", make=make_functools_cache_duplicates, servers="api"),
    Case("state", make=make_lru_cache_unbounded_loop, servers="api"),
    Case("state", make=make_memo_wrapper_embeddings_dupes, servers="api"),
    _sdk(cached_method_and_property, cat="state"),
    # -- what helpers read
    _sdk(helper_mutable_default_history, cat="helpers", setup=_reset_default_history),
    _sdk(helper_mutable_default_cache, cat="helpers", setup=_reset_default_cache),
    _sdk(helper_reads_nested_global_via_alias, cat="rebind", setup=_reset_settings),
    _sdk(helper_closure_model_rebound, cat="rebind"),
    _sdk(assistant_switches_model_by_method, cat="helpers"),
    _sdk(helper_reads_global_instance_attr, cat="rebind", setup=_reset_cfg),
    # -- the same world by other names
    _both(localhost_alias_put_then_get, cat="http"),
    Case("http", uppercase_scheme_host_put_then_get, args=lambda env: (env.web,),
         servers="web"),
    Case("http", default_port_spelling_put_then_get, args=lambda env: (env.web,),
         servers="web"),
    _sdk(atomic_save_os_replace_then_read, args=oa_tmp, cat="files"),
    _sdk(path_rename_rotation_then_read, args=oa_tmp, cat="files"),
    _sdk(shutil_copy_template_then_read, args=oa_tmp, cat="files", setup=_setup_templates),
    _sdk(relative_and_absolute_paths, args=oa_tmp, cat="files"),
    _sdk(sqlite_two_connections_same_file, args=oa_db("kv.db"), cat="db"),
    # -- user code in attribute loads
    _sdk(lazy_property_logs_in_prompt, args=oa_tmp, cat="helpers", setup=_setup_doc_files),
    _sdk(format_field_property_prints, cat="helpers"),
    _sdk(getattr_config_counts_reads, cat="helpers"),
    _sdk(percent_format_str_dunder, cat="helpers"),
    _sdk(attribute_chain_lazy_property_loop, args=oa_tmp, cat="helpers",
         setup=_setup_doc_files),
    _sdk(comprehension_lazy_property, args=oa_tmp, cat="helpers", setup=_setup_doc_files),
    # -- loop-carried state in branches
    _sdk(walrus_carried_prefix, cat="state"),
    _sdk(seen_set_in_if_body, cat="state"),
    _sdk(running_total_augassign, cat="state"),
    _sdk(except_lowers_temperature_sync, cat="validation"),
    _sdk(else_branch_updates_context, cat="state"),
    _sdk(try_else_updates_history, cat="state"),
    # -- streams, uploads, raw responses
    _sdk(stream_two_answers_printing_chunks),
    _sdk(stream_helper_then_plain_call),
    _sdk(anthropic_stream_text_then_ask, args=an_args),
    _sdk(upload_then_independent_chat, cat="files"),
    _sdk(upload_delete_list_order, cat="files"),
    _sdk(raw_response_headers_and_parse),
    _sdk(anthropic_count_tokens_then_trim, args=an_args),
    _sdk(models_list_picks_model, over(0.15, 0.03)),
    # -- context and thread-local state
    _sdk(contextvar_trace_id_in_helper, cat="threads"),
    _sdk(trace_id_switched_between_asks, cat="threads"),
    _sdk(contextvar_read_before_call_loop, cat="threads"),
    Case("threads", thread_local_session_per_tool, args=lambda env: (env.web,), servers="web",
         setup=_reset_tls),
    _sdk(thread_local_user_in_helper, cat="threads"),
    _sdk(thread_name_in_log, cat="threads"),
    # -- iterators running out
    _sdk(stopiteration_in_comprehension_args, cat="validation"),
    _sdk(stopiteration_caught_after_loop, cat="validation"),
    _sdk(stopiteration_from_helper_in_comprehension, cat="validation"),
    _sdk(generator_feeds_comprehension_with_print, cat="state"),
    # -- guardrails that stop early
    _sdk(guardrail_then_answer, cat="validation"),
    _sdk(guardrail_log_then_answer, cat="validation"),
    _sdk(guardrail_flag_variable, cat="validation"),
    _sdk(guardrail_raises_policy_error, cat="validation"),
    _sdk(guardrail_anthropic_then_two_answers, args=an_args, cat="validation"),
    _sdk(guardrail_in_loop_break, cat="validation"),
    _sdk(stdout_write_progress_between),
    # -- parse() with validators in disguise
    _sdk(parse_annotated_after_validator, cat="validation"),
    _sdk(parse_nested_model_validator, cat="validation"),
    _sdk(parse_model_post_init_prints, cat="validation"),
    _sdk(parse_plain_model_comprehension, over(0.15, 0.03, 0.08), cat="validation"),
    # -- comprehension shapes
    _sdk(dict_comprehension_duplicate_keys, over(0.15, 0.03, 0.08), cat="fanout"),
    _sdk(nested_comprehension_docs_questions, cat="fanout"),
    _sdk(two_for_clauses_with_filter, cat="fanout"),
    _sdk(map_partial_ask, cat="fanout"),
    _sdk(sorted_answers_by_length, over(0.15, 0.03), cat="fanout"),
    _sdk(max_by_judged_score_lambda, cat="fanout"),
    _sdk(zip_two_comprehensions, cat="fanout"),
    # -- async
    _async(async_outline_sections_gather, _async_oa),
    _async(async_classify_with_cache, _async_oa, cat="state"),
    _async(async_helper_logs_send_recv, _async_oa, cat="helpers"),
    _async(async_loop_helper_appends_trace, _async_oa, cat="helpers"),
    _async(async_numbered_after_await, _async_oa, cat="helpers"),
    _async(async_history_between_awaits, _async_oa, cat="state"),
    _async(async_try_except_per_item, _async_oa, cat="validation"),
    _async(async_cache_closure_duplicates, _async_oa, cat="state"),
    _async(async_anthropic_outline_sections, _async_an),
    _async(async_wait_for_timeout_per_item, _async_oa, cat="validation"),
    _async(async_task_queue_grows, _async_oa, cat="state"),
    _async(async_except_lowers_temperature_for_rest, _async_oa, cat="validation"),
    _async(async_except_sets_flag_skips_rest, _async_oa, cat="validation"),
    _async(async_background_refresh_task, _async_oa, cat="state"),
    _async(async_httpx_tools_then_put, _async_oa_web, servers="web api", cat="http"),
]

# Differed under jit when written, fixed since: (stop 29) a call in a hoisted or loop call's arguments whose rule waits for its arguments (a function of yours handed to re.sub or Pattern.sub, functools.reduce over a function of yours) counts as running your code there (`_formatting.hidden_code`).
FIXED_WHY: dict[str, str] = {
    "re_sub_template_counts": "re.sub(pattern, fill, ...) in the second ask's argument runs the "
    "user's fill (prints, appends) before print('between'): the call and its arguments start one "
    "statement early, re.sub with a callable taken as pure (re.subn is kept in place)",
    "compiled_slot_pattern_fill_prints": "Pattern.sub(fill, ...) in an ask's argument: fill's "
    "prints come before print('plan ready'), the second ask started early with its arguments",
    "reduce_merges_context_with_log": "functools.reduce(merge, ...) in an ask's argument runs "
    "merge (which prints) before print('retrieving'): reduce with a user function taken as pure",
    "slot_fill_in_loop_prints": "loop of ask(re.sub(.., fill, tmpl)) + print: every item's "
    "argument (fill's print) is evaluated up front, so 'fill b' comes before 'asked {a}'",
    "textwrap_indent_predicate_quotes": "textwrap.indent(note, '> ', quoted) in the second ask's "
    "argument runs the predicate (prints) before print('draft ready') (kept in place when the "
    "indent is concatenated: 'Reply to:' + textwrap.indent(...))",
}

FAILING_WHY: dict[str, str] = {
    "getattr_configured_field_lazy_property": "getattr(doc, field) in the second ask's argument "
    "runs the lazy property (its print) before print('first answered'); doc.prompt written as "
    "an attribute load, or getattr inside an f-string or a +, is kept in place",
    "urlencode_quote_via_link_in_prompt": "urlencode(..., quote_via=quote) as the second ask's "
    "argument is hoisted with it above print('city chosen'): quote's prints come first (a "
    "quote function that logs instead is kept in place)",
}

CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
