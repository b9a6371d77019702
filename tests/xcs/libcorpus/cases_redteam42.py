"""Red-team cases (stop 42): everyday LLM-application programs, written from how people
write them, not from the other case modules.

Agent loops whose tools are GETs, PUTs, sqlite3 and files; RAG over a database or a folder;
map-reduce summaries; self-consistency votes; judge-and-retry loops; streams consumed in
loops; conversation histories appended between calls; token and cost accounting; caches
in a dict or `functools`; sleeps as rate limits; progress prints and logs; JSONL written
then read; uploads then chats; batches; Ember's own `models` beside the SDKs; sync and
async. Sibling calls get unequal latencies, slow first (the simulator's ``latency`` field,
``?ms=`` on the web server, `latency=` for ``sim/`` models), so a wrong reordering shows.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import copy
import csv
import functools
import hashlib
import itertools
import json
import logging
import math
import os
import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pydantic
import requests

from ember import models as ember_models
from ember.api import models, operators
from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam42")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def chat(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
LOOKUP_TOOL = {"type": "function", "function": {
    "name": "lookup_order", "description": "Find an order by its id",
    "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}},
                   "required": ["order_id"]}}}


# =========================================================================== agents


def agent_tools_requests_then_answer(client: Any, web: str) -> dict[str, Any]:
    """The classic loop: the model asks for tools, the tools GET, the results go back."""
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "You are a travel helper."},
        user("Use get_weather and lookup_order: weather in Paris and my order 42?")]
    tool_log = []
    for turn in range(4):
        resp = client.chat.completions.create(model="gpt", messages=messages,
                                              tools=[WEATHER_TOOL, LOOKUP_TOOL],
                                              extra_body={"latency": 0.05 + 0.03 * turn})
        msg = resp.choices[0].message
        if not msg.tool_calls:
            messages.append({"role": "assistant", "content": msg.content})
            break
        messages.append({"role": "assistant", "content": None, "tool_calls": [
            {"id": c.id, "type": "function",
             "function": {"name": c.function.name, "arguments": c.function.arguments}}
            for c in msg.tool_calls]})
        for call in msg.tool_calls:
            args = json.loads(call.function.arguments)
            ms = 150 if call.function.name == "get_weather" else 20
            key = call.function.name + "-" + str(len(json.dumps(args, sort_keys=True)))
            data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
            tool_log.append(call.function.name)
            messages.append({"role": "tool", "tool_call_id": call.id,
                             "content": json.dumps(data)})
    return {"turns": len(messages), "tools": tool_log, "final": messages[-1]["content"]}


def agent_tool_results_into_sqlite(client: Any, web: str, db: str) -> dict[str, Any]:
    """Each tool result is stored in a table, and the next prompt is built from a SELECT."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS observations (step INTEGER, tool TEXT, value TEXT)")
    task = "lookup_order for order 7"
    answers = []
    for step, ms in enumerate((150, 20, 80)):
        r = client.chat.completions.create(model="gpt", messages=[user(task)],
                                           tools=[LOOKUP_TOOL], tool_choice="required",
                                           extra_body={"latency": 0.04})
        call = r.choices[0].message.tool_calls[0]
        value = requests.get(f"{web}/items/obs-{step}?ms={ms}", timeout=5).json()["value"]
        conn.execute("INSERT INTO observations VALUES (?, ?, ?)",
                     (step, call.function.name, value))
        conn.commit()
        rows = conn.execute("SELECT tool, value FROM observations ORDER BY step").fetchall()
        task = "Known so far: " + "; ".join(f"{t}={v}" for t, v in rows) + ". lookup_order next"
        answers.append(len(rows))
    conn.close()
    return {"answers": answers, "last_task": task[:80]}


def agent_tool_dispatch_table_with_put(client: Any, web: str) -> list[str]:
    """Tools in a dict: one reads, one writes (a PUT); the writes keep their order."""
    def get_weather(city: str) -> str:
        return requests.get(f"{web}/items/weather-{city}?ms=120", timeout=5).json()["value"]

    def save_note(text: str) -> str:
        r = requests.put(f"{web}/items/note", data=text, timeout=5)
        return str(r.json()["version"])

    tools = {"get_weather": get_weather, "save_note": save_note}
    out = []
    for city, lat in (("oslo", 0.15), ("rome", 0.03), ("lima", 0.08)):
        reply = chat(client, f"Plan for {city}", lat)
        out.append(tools["get_weather"](city))
        out.append(tools["save_note"](f"{city}:{reply[:12]}"))
    return out


def anthropic_tool_use_loop(client: Any, web: str) -> list[str]:
    tools = [{"name": "get_weather", "description": "weather for a city",
              "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                               "required": ["city"]}}]
    messages: list[dict[str, Any]] = [user("What is the weather? Call get_weather.")]
    seen = []
    for _ in range(3):
        msg = client.messages.create(model="claude", max_tokens=128, tools=tools,
                                     messages=messages, extra_body={"latency": 0.06})
        uses = [b for b in msg.content if b.type == "tool_use"]
        if not uses:
            seen.append("text:" + msg.content[0].text[:20])
            break
        messages.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": u.id, "name": u.name, "input": u.input} for u in uses]})
        results = []
        for u, ms in zip(uses, (140, 20), strict=False):
            v = requests.get(f"{web}/items/{u.name}?ms={ms}", timeout=5).json()["value"]
            seen.append(v)
            results.append({"type": "tool_result", "tool_use_id": u.id, "content": v})
        messages.append({"role": "user", "content": results})
    return seen


def _recall(web: str, key: str) -> str:
    return requests.get(f"{web}/items/mem-{key}?ms=120", timeout=5).json()["value"]


def _remember(web: str, key: str, value: str) -> str:
    return str(requests.put(f"{web}/items/mem-{key}", data=value, timeout=5).json()["version"])


def memory_tools_dict_dispatch(web: str) -> list[str]:
    """Minimal: tools in a dict, each step recalls what the step before remembered."""
    tools = {"recall": _recall, "remember": _remember}
    out = []
    for step in ("s1", "s2", "s3"):
        out.append(tools["recall"](web, step))
        tools["remember"](web, "s" + str(int(step[1]) + 1), f"seen {step}")
    return out


def memory_tools_closures(web: str) -> list[str]:
    """Minimal: the same with the tools as closures defined in the function."""
    def recall(key: str) -> str:
        return requests.get(f"{web}/items/mem-{key}?ms=120", timeout=5).json()["value"]

    def remember(key: str, value: str) -> None:
        requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)

    out = []
    for step in ("s1", "s2", "s3"):
        out.append(recall(step))
        remember("s" + str(int(step[1]) + 1), f"seen {step}")
    return out


class MemoryToolbox:
    def __init__(self, web: str) -> None:
        self.web = web

    def recall(self, k: str) -> str:
        return requests.get(f"{self.web}/items/mem-{k}?ms=100", timeout=5).json()["value"]

    def remember(self, k: str, v: str) -> None:
        requests.put(f"{self.web}/items/mem-{k}", data=v, timeout=5)


def memory_toolbox_getattr(web: str) -> list[str]:
    """Minimal: tools looked up by name on an object with getattr."""
    box = MemoryToolbox(web)
    read_tool, write_tool = "recall", "remember"
    out = []
    for step in ("s1", "s2", "s3"):
        out.append(getattr(box, read_tool)(step))
        getattr(box, write_tool)("s" + str(int(step[1]) + 1), f"seen {step}")
    return out


def agent_memory_with_chat(client: Any, web: str) -> list[str]:
    """An agent whose memory is a key-value service: recall, think, remember for the next."""
    def recall(key: str) -> str:
        return requests.get(f"{web}/items/mem-{key}?ms=120", timeout=5).json()["value"]

    def remember(key: str, value: str) -> None:
        requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)

    notes = []
    for i, lat in enumerate((0.05, 0.03, 0.04)):
        memory = recall(f"turn{i}")
        thought = chat(client, f"Memory: {memory}. What next?", lat)
        notes.append(memory)
        remember(f"turn{i + 1}", thought[:24])
    return notes


async def amemory_tools_closures(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        async def recall(key: str) -> str:
            return (await http.get(f"{web}/items/mem-{key}?ms=120")).json()["value"]

        async def remember(key: str, value: str) -> None:
            await http.put(f"{web}/items/mem-{key}", content=value)

        out = []
        for step in ("s1", "s2", "s3"):
            out.append(await recall(step))
            await remember("s" + str(int(step[1]) + 1), f"seen {step}")
        return out


def closure_pacer_between_chats(client: Any) -> list[str]:
    """A rate limiter written as a nested function, called after each chat."""
    def pace() -> None:
        time.sleep(0.1)

    out = []
    for q in ("first question", "second question", "third question"):
        out.append(chat(client, q, 0.03)[:20])
        pace()
    return out


def closure_pacer_between_gets(web: str) -> list[str]:
    """Minimal: GETs by a module-level helper, a nested def sleeping between them."""
    def throttle() -> None:
        time.sleep(0.1)

    out = []
    for k in ("a", "b", "c"):
        out.append(requests.get(f"{web}/items/{k}?ms=30", timeout=5).json()["value"])
        throttle()
    return out


def closure_validator_stops_eval(web: str) -> list[str]:
    """Eval rows fetched one by one; a nested validator raises on the bad row."""
    def fetch(k: str) -> dict[str, Any]:
        return requests.get(f"{web}/items/{k}?ms=30", timeout=5).json()

    def validate(row: dict[str, Any]) -> None:
        if row["key"] == "row-b":
            raise ValueError(f"bad record {row['key']}")

    out = []
    for k in ("row-a", "row-b", "row-c"):
        row = fetch(k)
        validate(row)
        out.append(row["value"])
    return out


def closure_nonlocal_request_ids(client: Any, web: str) -> list[str]:
    """A nested helper numbers requests with a nonlocal counter the fetch URL uses."""
    n = 0

    def context(topic: str) -> str:
        return requests.get(f"{web}/items/{topic}-{n}", timeout=5).json()["value"]

    def next_id() -> None:
        nonlocal n
        n += 1

    out = []
    for topic in ("news", "sport", "tech"):
        ctx = context(topic)
        out.append(chat(client, f"Headline about {ctx}", 0.03)[:20])
        next_id()
    return out


def closure_temperature_ramp(client: Any) -> list[str]:
    """Sampling gets warmer after each answer; the setter is a nested def."""
    cfg = {"temperature": 0.0}

    def ask(q: str) -> str:
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           temperature=cfg["temperature"],
                                           extra_body={"latency": 0.05})
        return r.choices[0].message.content

    def warmer() -> None:
        cfg["temperature"] += 0.5

    out = []
    for q in ("one", "two", "three"):
        out.append(ask(q)[:20])
        warmer()
    return out


def closure_jsonl_memory(client: Any, tmp: str) -> list[int]:
    """A JSONL file as the agent's memory: load it, ask, save a row; nested helpers."""
    path = Path(tmp) / "memory.jsonl"

    def save(row: dict[str, Any]) -> None:
        with open(path, "a") as f:
            f.write(json.dumps(row) + "\n")

    def load() -> list[Any]:
        if not path.exists():
            return []
        return [json.loads(x) for x in path.read_text().splitlines()]

    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        seen = load()
        r = client.chat.completions.create(model="gpt", messages=[user(f"{q} after {len(seen)}")],
                                           extra_body={"latency": lat})
        save({"q": q, "n": len(seen), "a": r.choices[0].message.content[:10]})
        out.append(len(seen))
    return out


TOOL_REGISTRY: dict[str, Any] = {}


def tool(fn: Any) -> Any:
    """The decorator agent frameworks have: register a function as a tool by its name."""
    TOOL_REGISTRY[fn.__name__] = fn
    return fn


@tool
def kv_recall(web: str, key: str) -> str:
    return requests.get(f"{web}/items/mem-{key}?ms=120", timeout=5).json()["value"]


@tool
def kv_remember(web: str, key: str, value: str) -> None:
    requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)


def agent_global_tool_registry(client: Any, web: str) -> list[str]:
    """The model picks nothing here; the plan is fixed: recall, chat, remember, per step."""
    out = []
    for step, lat in ((1, 0.05), (2, 0.03), (3, 0.04)):
        memory = TOOL_REGISTRY["kv_recall"](web, f"step{step}")
        reply = chat(client, f"Given {memory}, continue", lat)
        TOOL_REGISTRY["kv_remember"](web, f"step{step + 1}", reply[:20])
        out.append(memory)
    return out


class RecallTool:
    def __init__(self, web: str) -> None:
        self.web = web

    def run(self, key: str) -> str:
        return requests.get(f"{self.web}/items/mem-{key}?ms=120", timeout=5).json()["value"]


class RememberTool:
    def __init__(self, web: str) -> None:
        self.web = web

    def run(self, key: str, value: str) -> None:
        requests.put(f"{self.web}/items/mem-{key}", data=value, timeout=5)


def tool_objects_unpacked(web: str) -> list[str]:
    """Minimal: two tool objects made by one tuple assignment, their .run in a loop."""
    rc, rm = RecallTool(web), RememberTool(web)
    out = []
    for step in ("s1", "s2", "s3"):
        out.append(rc.run(step))
        rm.run("s" + str(int(step[1]) + 1), f"seen {step}")
    return out


def eval_with_callbacks(client: Any, web: str, fetch: Any = kv_recall,
                        on_result: Any = kv_remember) -> list[str]:
    """Callbacks passed in (defaults here): fetch the case, ask, report the result."""
    out = []
    for i, lat in enumerate((0.05, 0.03, 0.04)):
        case = fetch(web, f"case{i}")
        answer = chat(client, f"Solve {case}", lat)
        on_result(web, f"case{i + 1}", f"after {answer[:12]}")
        out.append(case)
    return out


# =========================================================================== RAG


def _setup_docs(env: Env) -> None:
    folder = env.tmp / "docs"
    folder.mkdir()
    texts = {"billing.txt": "Invoices are sent monthly. Refunds take 5 days.",
             "security.txt": "Reset your password from the settings page.",
             "shipping.txt": "Orders ship in 2 days. Tracking is emailed.",
             "api.txt": "The API rate limit is 60 requests per minute."}
    for name, text in texts.items():
        (folder / name).write_text(text)


def _cos(a: list[float], b: list[float]) -> float:
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(x * x for x in b)) or 1.0
    return sum(x * y for x, y in zip(a, b, strict=True)) / (na * nb)


def rag_index_in_sqlite_then_answer(client: Any, db: str) -> dict[str, Any]:
    docs = ["Invoices are sent monthly.", "Reset your password in settings.",
            "Orders ship in two days.", "The API allows 60 requests a minute."]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE chunks (id INTEGER PRIMARY KEY, text TEXT, vec TEXT)")
    for i, (doc, ms) in enumerate(zip(docs, (150, 20, 80, 40), strict=True)):
        emb = client.embeddings.create(model="emb", input=doc, extra_query={"ms": ms})
        conn.execute("INSERT INTO chunks VALUES (?, ?, ?)",
                     (i, doc, json.dumps(emb.data[0].embedding)))
    conn.commit()
    q = "how do I change my password"
    qv = client.embeddings.create(model="emb", input=q, extra_query={"ms": 60}).data[0].embedding
    scored = sorted(((_cos(qv, json.loads(v)), t) for _, t, v in
                     conn.execute("SELECT id, text, vec FROM chunks")), reverse=True)
    conn.close()
    context = "\n".join(t for _, t in scored[:2])
    answer = chat(client, f"Context:\n{context}\n\nQuestion: {q}", 0.1)
    return {"top": [t for _, t in scored[:2]], "answer": answer[:60]}


def rag_folder_batch_embed_answers_jsonl(client: Any, tmp: str) -> list[dict[str, Any]]:
    folder = Path(tmp) / "docs"
    names = sorted(p.name for p in folder.iterdir())
    texts = [(folder / n).read_text() for n in names]
    vecs = [d.embedding for d in client.embeddings.create(model="emb", input=texts).data]
    out_path = Path(tmp) / "answers.jsonl"
    for q, lat in (("When do refunds arrive?", 0.15), ("How fast is shipping?", 0.03),
                   ("What is the rate limit?", 0.08)):
        qv = client.embeddings.create(model="emb", input=q).data[0].embedding
        best = max(range(len(names)), key=lambda i: _cos(qv, vecs[i]))
        ans = chat(client, f"Using {names[best]}: {texts[best]}\nQ: {q}", lat)
        with open(out_path, "a") as f:
            f.write(json.dumps({"q": q, "doc": names[best], "a": ans[:40]}) + "\n")
    with open(out_path) as f:
        return [json.loads(line) for line in f]


def rag_retrieve_http_then_chat(client: Any, web: str) -> list[str]:
    """A search service over HTTP, then a chat per question with what it found."""
    out = []
    for q, ms, lat in (("refunds", 150, 0.03), ("shipping", 20, 0.15), ("limits", 60, 0.08)):
        hits = requests.get(f"{web}/items/search-{q}?ms={ms}", timeout=5).json()
        out.append(chat(client, f"Answer about {q} from: {hits['value']}", lat)[:50])
    return out


# =========================================================================== map-reduce, votes


def map_reduce_summaries_with_progress(client: Any) -> str:
    chunks = [("Chapter one: the storm arrives.", 0.15), ("Chapter two: repairs.", 0.03),
              ("Chapter three: the harvest.", 0.08), ("Chapter four: winter.", 0.05)]
    partial = []
    for i, (chunk, lat) in enumerate(chunks, 1):
        s = chat(client, f"Summarise in one sentence: {chunk}", lat, model="gpt-mini")
        partial.append(s)
        print(f"mapped {i}/{len(chunks)} ({len(s)} chars)")
    joined = "\n".join(f"- {p}" for p in partial)
    final = chat(client, f"Combine these summaries:\n{joined}", 0.05)
    print("reduced")
    return final


def map_reduce_anthropic_comprehension(client: Any) -> dict[str, Any]:
    docs = {"a": 0.15, "b": 0.03, "c": 0.08}
    summaries = {name: client.messages.create(
        model="claude", max_tokens=64, messages=[user(f"Summarise doc {name}")],
        extra_body={"latency": lat}).content[0].text for name, lat in docs.items()}
    total = client.messages.create(model="claude", max_tokens=64, extra_body={"latency": L},
                                   messages=[user("Merge: " + " | ".join(summaries.values()))])
    return {"parts": summaries, "merged": total.content[0].text,
            "tokens": total.usage.input_tokens + total.usage.output_tokens}


def self_consistency_majority(client: Any) -> dict[str, Any]:
    question = "Is 17 a prime number? Answer yes or no."
    votes: collections.Counter[str] = collections.Counter()
    raw = []
    for seed, lat in enumerate((0.15, 0.03, 0.08, 0.05, 0.02)):
        r = client.chat.completions.create(model="gpt", messages=[user(question)],
                                           temperature=0.9, seed=seed,
                                           extra_body={"latency": lat})
        text = r.choices[0].message.content
        raw.append(text[:15])
        votes["yes" if len(text) % 2 else "no"] += 1
    winner, count = votes.most_common(1)[0]
    return {"winner": winner, "count": count, "raw": raw}


def self_consistency_n_choices_then_judge(client: Any) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user("Name a colour")], n=3,
                                       temperature=1.0, extra_body={"latency": 0.1})
    options = [c.message.content for c in r.choices]
    scores = {}
    for i, (opt, lat) in enumerate(zip(options, (0.15, 0.03, 0.08), strict=True)):
        verdict = chat(client, f"Rate 1-10: {opt}", lat, model="judge")
        scores[i] = sum(map(ord, verdict)) % 10
    best = max(scores, key=lambda k: (scores[k], -k))
    return options[best]


def judge_and_retry_until_pass(client: Any) -> dict[str, Any]:
    prompt = "Write a haiku about the sea"
    attempts = []
    feedback = ""
    for attempt in range(5):
        draft = chat(client, prompt + feedback, 0.15 if attempt == 0 else 0.03)
        verdict = chat(client, f"Score 0-9 this haiku: {draft}", 0.08, model="judge")
        score = int(hashlib.md5(verdict.encode()).hexdigest(), 16) % 10
        attempts.append(score)
        print(f"attempt {attempt}: score {score}")
        if score >= 6:
            break
        feedback = f" (previous scored {score}; improve it)"
    return {"attempts": attempts, "final": draft[:40]}


def judge_pairs_then_store_winner(client: Any, tmp: str) -> list[str]:
    """Two candidates per topic, a judge picks, the winner is written to a file per topic."""
    winners = []
    for topic, lat_a, lat_b in (("tea", 0.15, 0.03), ("coffee", 0.02, 0.1)):
        a = chat(client, f"Slogan for {topic}", lat_a)
        b = chat(client, f"Catchy slogan for {topic}", lat_b, model="gpt-mini")
        pick = chat(client, f"A: {a}\nB: {b}\nWhich is better, A or B?", 0.04, model="judge")
        best = a if pick.count("A") >= pick.count("B") else b
        (Path(tmp) / f"{topic}.txt").write_text(best)
        winners.append((Path(tmp) / f"{topic}.txt").read_text()[:30])
    return winners


# =========================================================================== streaming


def stream_each_prompt_print_chunks(client: Any) -> list[int]:
    counts = []
    for q, lat in (("Tell a joke", 0.15), ("Say hi", 0.03), ("Count to three", 0.08)):
        stream = client.chat.completions.create(model="gpt", messages=[user(q)], stream=True,
                                                extra_body={"latency": lat})
        pieces = []
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                pieces.append(chunk.choices[0].delta.content)
        print(f"{q!r}: {len(pieces)} chunks")
        counts.append(len("".join(pieces)))
    return counts


def stream_anthropic_text_stream(client: Any) -> list[str]:
    out = []
    for q, lat in (("Describe rain", 0.15), ("Describe snow", 0.03)):
        with client.messages.stream(model="claude", max_tokens=64, messages=[user(q)],
                                    extra_body={"latency": lat}) as s:
            text = "".join(s.text_stream)
        out.append(text[:30])
        print("done", q)
    return out


def ember_stream_consumed_in_loop() -> list[str]:
    out = []
    for q, lat in (("first", 0.15), ("second", 0.03), ("third", 0.08)):
        s = models.stream("sim/gpt", f"Write about the {q} day", latency=lat)
        text = ""
        for piece in s:
            text += piece
        out.append(f"{q}:{len(text)}:{s.result.usage.total_tokens}")
    return out


# =========================================================================== history, accounting


def conversation_history_chain(client: Any) -> list[str]:
    history = [{"role": "system", "content": "You are terse."}]
    turns = ["Pick a number", "Double it", "Now name a city with that many letters"]
    for t, lat in zip(turns, (0.15, 0.03, 0.08), strict=True):
        history.append(user(t))
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content})
    return [m["content"][:20] for m in history]


def history_shared_list_mutated_after_call(client: Any) -> list[str]:
    """One messages list reused: the user turn is swapped in place after each call."""
    messages = [{"role": "system", "content": "Translate to French."}, user("")]
    out = []
    for text, lat in (("good morning", 0.15), ("thank you", 0.03), ("see you", 0.08)):
        messages[1]["content"] = text
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:25])
    messages[1]["content"] = "done"
    return out


def history_append_pop_per_question(client: Any) -> list[str]:
    base = [{"role": "system", "content": "Answer briefly."}]
    out = []
    for q, lat in (("Capital of France?", 0.15), ("Capital of Peru?", 0.03)):
        base.append(user(q))
        r = client.chat.completions.create(model="gpt", messages=base,
                                           extra_body={"latency": lat})
        base.pop()
        out.append(r.choices[0].message.content[:25])
    return out + [str(len(base))]


def token_cost_accounting_dict(client: Any) -> dict[str, Any]:
    prices = {"gpt": (0.5, 1.5), "gpt-mini": (0.15, 0.6), "judge": (1.0, 3.0)}
    usage: dict[str, dict[str, int]] = collections.defaultdict(lambda: {"in": 0, "out": 0})
    cost = 0.0
    for model, q, lat in (("gpt", "Explain DNS", 0.15), ("gpt-mini", "Explain TCP", 0.03),
                          ("judge", "Grade: DNS is a phonebook", 0.08),
                          ("gpt", "Explain UDP", 0.02)):
        r = client.chat.completions.create(model=model, messages=[user(q)],
                                           extra_body={"latency": lat})
        usage[model]["in"] += r.usage.prompt_tokens
        usage[model]["out"] += r.usage.completion_tokens
        pin, pout = prices[model]
        cost += (r.usage.prompt_tokens * pin + r.usage.completion_tokens * pout) / 1e6
    return {"usage": dict(usage), "cost": round(cost, 9)}


def budget_stop_when_tokens_exceed(client: Any) -> list[int]:
    spent = 0
    sizes = []
    for q, lat in (("Essay on rivers", 0.15), ("Essay on hills", 0.03),
                   ("Essay on lakes", 0.08), ("Essay on seas", 0.02)):
        if spent > 60:
            print("budget reached, stopping")
            break
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           extra_body={"latency": lat})
        spent += r.usage.total_tokens
        sizes.append(spent)
    return sizes


TOTALS = {"calls": 0, "tokens": 0}


def _reset_totals(env: Env) -> None:
    TOTALS.update(calls=0, tokens=0)
    _cached_answer.cache_clear()
    _bounded_answer.cache_clear()
    ANSWER_CACHE.clear()


def tracked_chat(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                       extra_body={"latency": lat})
    TOTALS["calls"] += 1
    TOTALS["tokens"] += r.usage.total_tokens
    return r.choices[0].message.content


def global_totals_helper(client: Any) -> dict[str, Any]:
    answers = [tracked_chat(client, q, lat) for q, lat in
               (("one", 0.15), ("two", 0.03), ("three", 0.08))]
    snapshot = dict(TOTALS)
    extra = tracked_chat(client, f"calls so far {snapshot['calls']}", 0.02)
    return {"answers": [a[:15] for a in answers], "snap": snapshot, "extra": extra[:15],
            "after": dict(TOTALS)}


class TrackingLLM:
    """A wrapper class people write: it keeps its own history and token count."""

    def __init__(self, client: Any, model: str) -> None:
        self.client = client
        self.model = model
        self.tokens = 0
        self.log: list[str] = []

    def ask(self, q: str, lat: float) -> str:
        r = self.client.chat.completions.create(model=self.model, messages=[user(q)],
                                                extra_body={"latency": lat})
        self.tokens += r.usage.total_tokens
        self.log.append(q)
        return r.choices[0].message.content


def wrapper_class_with_counters(client: Any) -> dict[str, Any]:
    llm = TrackingLLM(client, "gpt")
    a = llm.ask("Name a tree", 0.15)
    b = llm.ask("Name a bird", 0.03)
    used = llm.tokens
    c = llm.ask(f"Name a fish (we used {used} tokens)", 0.08)
    return {"a": a[:15], "b": b[:15], "c": c[:15], "tokens": llm.tokens, "log": llm.log}


# =========================================================================== caches


ANSWER_CACHE: dict[str, str] = {}


@functools.cache
def _cached_answer(q: str) -> str:
    return str(models("sim/gpt", q, latency=0.15 if "slow" in q else 0.03))


@functools.lru_cache(maxsize=2)
def _bounded_answer(q: str) -> str:
    return str(models("sim/gpt", q, latency=0.12 if "slow" in q else 0.03))


def lru_cache_answers_with_repeats() -> list[str]:
    qs = ["slow one", "fast two", "slow one", "fast three", "fast two"]
    out = [_cached_answer(q)[:20] for q in qs]
    info = _cached_answer.cache_info()
    return out + [f"hits={info.hits} misses={info.misses}"]


def bounded_lru_cache_evictions() -> list[str]:
    qs = ["slow a", "fast b", "fast c", "slow a", "fast b"]
    out = []
    for q in qs:
        out.append(_bounded_answer(q)[:20])
    info = _bounded_answer.cache_info()
    return out + [f"hits={info.hits} misses={info.misses}"]


def dict_cache_check_then_call(client: Any) -> list[str]:
    out = []
    for q, lat in (("alpha", 0.15), ("beta", 0.03), ("alpha", 0.15), ("gamma", 0.08)):
        if q not in ANSWER_CACHE:
            print(f"cache miss: {q}")
            ANSWER_CACHE[q] = chat(client, f"Define {q}", lat)
        out.append(ANSWER_CACHE[q][:20])
    return out + [str(len(ANSWER_CACHE))]


def disk_cache_json_file(client: Any, tmp: str) -> dict[str, str]:
    path = Path(tmp) / "cache.json"
    cache = json.loads(path.read_text()) if path.exists() else {}
    for q, lat in (("what is rust", 0.15), ("what is go", 0.03), ("what is rust", 0.15),
                   ("what is zig", 0.08)):
        if q in cache:
            continue
        cache[q] = chat(client, q, lat)[:30]
        path.write_text(json.dumps(cache, sort_keys=True))
    return json.loads(path.read_text())


# =========================================================================== pacing, logging


def rate_limited_chat_sleeps(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.12), ("two", 0.03), ("three", 0.06)):
        out.append(chat(client, f"Count {q}", lat)[:20])
        time.sleep(0.1)
    return out


def rate_limit_every_second_call(web: str) -> list[str]:
    out = []
    for i, ms in enumerate((150, 20, 80, 30)):
        if i and i % 2 == 0:
            time.sleep(0.1)
        out.append(requests.get(f"{web}/items/page-{i}?ms={ms}", timeout=5).json()["value"])
    return out


def logging_progress_per_call(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate((("alpha", 0.15), ("beta", 0.03), ("gamma", 0.08))):
        LOG.info("calling model for %s", q)
        a = chat(client, q, lat)
        LOG.info("got %d chars for item %d", len(a), i)
        out.append(a[:20])
    LOG.warning("finished %d items", len(out))
    return out


def print_elapsed_buckets(client: Any) -> list[str]:
    """A progress line with a coarse timer: seconds rounded, so stable across runs."""
    t0 = time.monotonic()
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        out.append(chat(client, q, lat)[:10])
        print(f"{q} done after {int(time.monotonic() - t0)}s")
    return out


# =========================================================================== files, uploads, batches


def jsonl_write_each_then_summarise(client: Any, tmp: str) -> dict[str, Any]:
    path = Path(tmp) / "results.jsonl"
    with open(path, "w") as f:
        for i, (q, lat) in enumerate((("rain", 0.15), ("sun", 0.03), ("wind", 0.08))):
            a = chat(client, f"Forecast: {q}", lat)
            f.write(json.dumps({"i": i, "q": q, "chars": len(a)}) + "\n")
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    final = chat(client, "Summarise " + json.dumps(rows), 0.05)
    return {"rows": rows, "final": final[:30]}


def jsonl_resume_skips_done(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "progress.jsonl"
    done = set()
    if path.exists():
        done = {json.loads(line)["q"] for line in path.read_text().splitlines()}
    for q, lat in (("q1", 0.15), ("q2", 0.03), ("q3", 0.08)):
        if q in done:
            continue
        a = chat(client, q, lat)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": a[:20]}) + "\n")
    return path.read_text().splitlines()


def _setup_progress(env: Env) -> None:
    (env.tmp / "progress.jsonl").write_text(json.dumps({"q": "q2", "a": "earlier"}) + "\n")


def upload_then_chat_about_it(client: Any, tmp: str) -> dict[str, Any]:
    src = Path(tmp) / "report.txt"
    src.write_text("Q3 revenue grew 12 percent; costs fell.")
    with open(src, "rb") as fh:
        up = client.files.create(file=("report.txt", fh.read()), purpose="assistants")
    info = client.files.retrieve(up.id)
    content = client.files.content(up.id).text
    a = chat(client, f"In {info.filename}: {content} What grew?", 0.15)
    b = chat(client, f"Summarise file {up.id}", 0.03)
    listed = [f.id for f in client.files.list().data]
    client.files.delete(up.id)
    after = [f.id for f in client.files.list().data]
    return {"a": a[:30], "b": b[:30], "listed": listed, "after": after}


def batch_create_then_poll(client: Any) -> dict[str, Any]:
    reqs = []
    for i, q in enumerate(("alpha", "beta", "gamma")):
        n = client.messages.count_tokens(model="claude", messages=[user(f"Explain {q}")])
        reqs.append({"custom_id": f"r{i}", "params": {
            "model": "claude", "max_tokens": 16 + n.input_tokens,
            "messages": [user(f"Explain {q}")]}})
    batch = client.messages.batches.create(requests=reqs)
    statuses = []
    for _ in range(3):
        b = client.messages.batches.retrieve(batch.id)
        statuses.append(b.processing_status)
        if b.processing_status == "ended":
            break
        time.sleep(0.05)
    listing = [b.id for b in client.messages.batches.list().data]
    return {"id": batch.id, "statuses": statuses, "listing": listing,
            "processing": batch.request_counts.processing}


def upload_two_then_ask_each(client: Any) -> list[str]:
    ids = []
    for name, body in (("a.txt", "apples"), ("b.txt", "bananas")):
        ids.append(client.files.create(file=(name, body.encode()), purpose="assistants").id)
    names = [f.filename for f in client.files.list().data]
    answers = [chat(client, f"What fruit is in {fid}?", lat)[:20]
               for fid, lat in zip(ids, (0.15, 0.03), strict=True)]
    return names + answers


def results_to_db_then_report(client: Any, db: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS runs (q TEXT, answer TEXT, tokens INTEGER)")
    for q, lat in (("ping", 0.15), ("pong", 0.03), ("pang", 0.08)):
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           extra_body={"latency": lat})
        with conn:
            conn.execute("INSERT INTO runs VALUES (?, ?, ?)",
                         (q, r.choices[0].message.content[:20], r.usage.total_tokens))
    rows = conn.execute("SELECT q, tokens FROM runs ORDER BY tokens DESC, q").fetchall()
    conn.close()
    return rows


def _setup_questions_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "qa.db")
    conn.execute("CREATE TABLE qa (id INTEGER PRIMARY KEY, q TEXT, lat REAL, a TEXT)")
    conn.executemany("INSERT INTO qa (q, lat) VALUES (?, ?)",
                     [("why is the sky blue", 0.15), ("why is grass green", 0.03),
                      ("why is snow white", 0.08)])
    conn.commit()
    conn.close()


def db_rows_answered_and_updated(client: Any, db: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    todo = conn.execute("SELECT id, q, lat FROM qa WHERE a IS NULL ORDER BY id").fetchall()
    for rid, q, lat in todo:
        a = chat(client, q, lat)
        conn.execute("UPDATE qa SET a = ? WHERE id = ?", (a[:20], rid))
    conn.commit()
    rows = conn.execute("SELECT id, a FROM qa ORDER BY id").fetchall()
    conn.close()
    return rows


# =========================================================================== Ember models + SDKs


def ember_models_beside_openai(client: Any) -> dict[str, str]:
    local = models("sim/gpt", "Draft a title", latency=0.15)
    remote = chat(client, "Draft a subtitle", 0.03)
    judge = models("sim/judge", f"Pick: {local} / {remote}", latency=0.08)
    return {"local": str(local)[:20], "remote": remote[:20], "judge": str(judge)[:20]}


def ember_instance_judge_retry() -> dict[str, Any]:
    writer = models.instance("sim/gpt", temperature=0.7)
    judge = models.instance("sim/judge", temperature=0)
    tries = []
    for seed in range(4):
        draft = writer("Write a tagline", seed=seed, latency=0.12)
        verdict = judge(f"PASS or FAIL: {draft}", latency=0.03)
        tries.append(len(verdict) % 3)
        if len(verdict) % 3 == 0:
            break
    return {"tries": tries, "draft": str(draft)[:20]}


def ember_models_usage_sum() -> dict[str, Any]:
    results = [models(m, "Say something", latency=lat) for m, lat in
               (("sim/a", 0.15), ("sim/b", 0.03), ("sim/c", 0.08))]
    total = sum(r.usage.total_tokens for r in results)
    ids = [r.model_id for r in results]
    final = models("sim/judge", f"{total} tokens from {ids}", latency=L)
    return {"total": total, "ids": ids, "final": str(final)[:20]}


def ember_models_write_file_per_answer(tmp: str) -> list[str]:
    out_dir = Path(tmp) / "answers"
    out_dir.mkdir()
    for name, lat in (("north", 0.15), ("south", 0.03), ("east", 0.08)):
        a = models("sim/gpt", f"Describe the {name}", latency=lat)
        (out_dir / f"{name}.txt").write_text(str(a))
    return sorted(p.name + ":" + str(len(p.read_text())) for p in out_dir.iterdir())


def ember_models_with_anthropic(client: Any) -> list[str]:
    out = []
    for q, lat in (("tide", 0.15), ("moon", 0.03)):
        m = client.messages.create(model="claude", max_tokens=32, messages=[user(q)],
                                   extra_body={"latency": lat})
        critique = models("sim/critic", f"Critique: {m.content[0].text}", latency=0.05)
        out.append(str(critique)[:20])
    return out


def ember_parse_json_output() -> list[Any]:
    out = []
    for q, lat in (("two primes", 0.15), ("three evens", 0.03)):
        r = models.parse("sim/gpt", f"List {q}", output=list[int], latency=lat)
        out.append([type(x).__name__ for x in r.parsed])
    return out


# =========================================================================== async


def _async_oa(fn: Any) -> Any:
    def drive(f: Any, env: Env) -> Any:
        async def main() -> Any:
            async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                          max_retries=0) as client:
                return await f(client)
        return asyncio.run(main())
    return drive


def _async_oa_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


def _async_oa_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, str(env.tmp))
    return asyncio.run(main())


def _async_an(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _async_plain(f: Any, env: Env) -> Any:
    return asyncio.run(f())


async def achat(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = await client.chat.completions.create(model=model, messages=[user(prompt)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def async_gather_map_reduce(client: Any) -> str:
    parts = await asyncio.gather(*[achat(client, f"Summarise part {i}", lat)
                                   for i, lat in enumerate((0.15, 0.03, 0.08))])
    return await achat(client, "Merge: " + " | ".join(parts), 0.05)


async def async_loop_of_awaits_with_print(client: Any) -> list[str]:
    out = []
    for q, lat in (("alpha", 0.15), ("beta", 0.03), ("gamma", 0.08)):
        a = await achat(client, q, lat)
        print(f"{q}: {len(a)}")
        out.append(a[:15])
    return out


async def async_history_chain(client: Any) -> list[str]:
    history: list[dict[str, Any]] = []
    for t, lat in (("Pick a colour", 0.15), ("Pick a fruit of it", 0.03),
                   ("Name a dish with it", 0.08)):
        history.append(user(t))
        r = await client.chat.completions.create(model="gpt", messages=history,
                                                 extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content})
    return [m["content"][:15] for m in history]


async def async_agent_httpx_tools(client: Any, web: str) -> list[str]:
    seen = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        task = "Use get_weather for Oslo"
        for step, ms in enumerate((150, 20, 80)):
            r = await client.chat.completions.create(model="gpt", messages=[user(task)],
                                                     tools=[WEATHER_TOOL],
                                                     extra_body={"latency": 0.04})
            calls = r.choices[0].message.tool_calls or []
            for c in calls:
                resp = await http.get(f"/items/{c.function.name}-{step}", params={"ms": ms})
                seen.append(resp.json()["value"])
            await http.put(f"/items/step-{step}", content=str(len(seen)))
            task = f"Step {step} saw {seen[-1] if seen else 'nothing'}; use get_weather"
    return seen


async def async_semaphore_rate_limit(client: Any) -> list[str]:
    sem = asyncio.Semaphore(2)

    async def one(q: str, lat: float) -> str:
        async with sem:
            return await achat(client, q, lat)

    res = await asyncio.gather(*(one(f"q{i}", lat) for i, lat in
                                 enumerate((0.15, 0.03, 0.08, 0.02))))
    return [r[:12] for r in res]


async def async_stream_collect(client: Any) -> list[int]:
    out = []
    for q, lat in (("Poem", 0.15), ("Limerick", 0.03)):
        stream = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                      stream=True, extra_body={"latency": lat})
        n = 0
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                n += len(chunk.choices[0].delta.content)
        out.append(n)
        print(q, n)
    return out


async def async_jsonl_then_read(client: Any, tmp: str) -> list[dict[str, Any]]:
    path = Path(tmp) / "out.jsonl"
    for q, lat in (("x", 0.15), ("y", 0.03), ("z", 0.08)):
        a = await achat(client, q, lat)
        with open(path, "a") as f:
            f.write(json.dumps({"q": q, "n": len(a)}) + "\n")
    return [json.loads(line) for line in path.read_text().splitlines()]


async def async_judge_retry(client: Any) -> list[int]:
    scores = []
    for attempt in range(4):
        draft = await achat(client, f"Tagline attempt {attempt}", 0.12)
        verdict = await achat(client, f"Score: {draft}", 0.03, model="judge")
        s = len(verdict) % 5
        scores.append(s)
        if s >= 3:
            break
    return scores


async def async_anthropic_vote(client: Any) -> dict[str, int]:
    tally: dict[str, int] = {}
    replies = [await client.messages.create(model="claude", max_tokens=16,
                                            messages=[user(f"Vote {i}: red or blue?")],
                                            extra_body={"latency": lat})
               for i, lat in enumerate((0.15, 0.03, 0.08))]
    for m in replies:
        k = "red" if len(m.content[0].text) % 2 else "blue"
        tally[k] = tally.get(k, 0) + 1
    return tally


async def async_ember_acall_with_sleep_pacing() -> list[str]:
    out = []
    for q, lat in (("one", 0.12), ("two", 0.03), ("three", 0.06)):
        r = await models.acall("sim/gpt", q, latency=lat)
        out.append(str(r)[:15])
        await asyncio.sleep(0.05)
    return out


async def async_ember_acall_cache_dict() -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for q in ("slow x", "fast y", "slow x", "fast z"):
        if q not in cache:
            cache[q] = str(await models.acall("sim/gpt", q,
                                              latency=0.15 if "slow" in q else 0.03))
        out.append(cache[q][:15])
    return out


async def async_totals_across_tasks(client: Any) -> dict[str, Any]:
    totals = {"tokens": 0, "order": []}

    async def ask(q: str, lat: float) -> str:
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        totals["tokens"] += r.usage.total_tokens
        totals["order"].append(q)
        return r.choices[0].message.content

    first = await ask("slow", 0.15)
    second = await ask("fast", 0.03)
    third = await ask(f"after {len(totals['order'])}", 0.02)
    return {"a": [first[:10], second[:10], third[:10]], "totals": totals}


# =========================================================================== errors, hooks, misc


def retry_bad_request_fallback(client: Any) -> list[str]:
    out = []
    for q, temp, lat in (("a", 0.2, 0.15), ("b", 7.0, 0.03), ("c", 0.4, 0.08)):
        try:
            r = client.chat.completions.create(model="gpt", messages=[user(q)], temperature=temp,
                                               extra_body={"latency": lat})
        except openai.BadRequestError as exc:
            print(f"retrying {q}: {exc.status_code}")
            r = client.chat.completions.create(model="gpt", messages=[user(q)], temperature=1.0,
                                               extra_body={"latency": 0.02})
        out.append(r.choices[0].message.content[:15])
    return out


def provider_fallback(oa: Any, an: Any) -> list[str]:
    out = []
    for q, temp in (("x", 0.2), ("y", 9.0), ("z", 0.1)):
        try:
            r = oa.chat.completions.create(model="gpt", messages=[user(q)], temperature=temp,
                                           extra_body={"latency": 0.1})
            out.append("oa:" + r.choices[0].message.content[:10])
        except openai.APIStatusError:
            m = an.messages.create(model="claude", max_tokens=16, messages=[user(q)],
                                   extra_body={"latency": 0.02})
            out.append("an:" + m.content[0].text[:10])
    return out


def generator_pipeline(client: Any, tmp: str) -> list[str]:
    def answers(qs):
        for q, lat in qs:
            r = client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": lat})
            yield q, r.choices[0].message.content
    path = Path(tmp) / "gen.txt"
    with open(path, "w") as f:
        for q, a in answers([("p", 0.15), ("q", 0.03), ("r", 0.08)]):
            print("got", q)
            f.write(f"{q}\t{a[:10]}\n")
    return path.read_text().splitlines()


def threadpool_map_then_write(client: Any, tmp: str) -> list[str]:
    def one(arg):
        q, lat = arg
        r = client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": lat})
        return r.choices[0].message.content[:10]
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        res = list(ex.map(one, [("a", 0.15), ("b", 0.03), ("c", 0.08)]))
    (Path(tmp) / "res.json").write_text(json.dumps(res))
    extra = client.chat.completions.create(model="gpt", messages=[user("merge " + " ".join(res))],
                                           extra_body={"latency": 0.02}).choices[0].message.content
    return res + [extra[:10]]


class Recorder(ember_models.CallHook):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def before(self, call):
        self.seen.append("before " + str(call.model_id))

    def after(self, call, result, error):
        self.seen.append("after " + str(call.model_id))


def ember_hook_records_order() -> list[str]:
    rec = Recorder()
    with ember_models.scoped_hooks(rec):
        a = models("sim/a", "x", latency=0.15)
        b = models("sim/b", "y", latency=0.03)
        c = models("sim/c", f"{len(a)}", latency=0.05)
    return rec.seen + [str(b)[:10], str(c)[:10]]


def ember_budget_block() -> list[Any]:
    out = []
    with models.budget(usd=1) as spend:
        for m, lat in (("sim/a", 0.15), ("sim/b", 0.03), ("sim/c", 0.08)):
            out.append(str(models(m, "hello", latency=lat))[:10])
    return out + [spend.spent_usd > 0]


class Answer(pydantic.BaseModel):
    answer: str


def pydantic_json_mode(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.03)):
        r = client.chat.completions.create(model="gpt", messages=[user(q)], response_format={"type": "json_object"},
                                           extra_body={"latency": lat})
        out.append(Answer.model_validate_json(r.choices[0].message.content).answer[:10])
    return out


def agent_log_file_handler_then_read(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "run.log"
    log = logging.getLogger("corpus_private.redteam42.file")
    log.setLevel(logging.INFO)
    log.propagate = False
    h = logging.FileHandler(path)
    log.addHandler(h)
    try:
        for q, lat in (("a", 0.15), ("b", 0.03)):
            r = client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": lat})
            log.info("q=%s n=%d", q, len(r.choices[0].message.content))
        h.flush()
        lines = path.read_text().splitlines()
    finally:
        log.removeHandler(h)
        h.close()
    return lines


def streaming_response_ctx(client: Any) -> list[int]:
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03)):
        with client.chat.completions.with_streaming_response.create(
                model="gpt", messages=[user(q)], extra_body={"latency": lat}) as resp:
            data = json.loads(resp.read())
        out.append(len(data["choices"][0]["message"]["content"]))
    return out


def stdout_write_progress(client: Any) -> list[str]:
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        sys.stdout.write(f"asking {q}\n")
        out.append(client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": lat}).choices[0].message.content[:10])
        sys.stdout.flush()
    return out


async def async_background_writer_tasks(tmp: str, api: str) -> list[str]:
    path = Path(tmp) / "bg.txt"

    async def save(line: str) -> None:
        await asyncio.sleep(0.01)
        with open(path, "a") as f:
            f.write(line + "\n")

    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0) as client:
        tasks = []
        for q, lat in (("a", 0.15), ("b", 0.03)):
            r = await client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": lat})
            tasks.append(asyncio.create_task(save(f"{q}:{r.choices[0].message.content[:8]}")))
        seen_before = path.read_text().splitlines() if path.exists() else []
        await asyncio.gather(*tasks)
    return seen_before + path.read_text().splitlines()


# =========================================================================== control flow, state


def while_until_enough(client: Any) -> list[str]:
    answers = []
    i = 0
    while len(answers) < 2:
        a = chat(client, f"idea {i}", 0.15 if i == 0 else 0.03)
        if len(a) % 2 == 0:
            answers.append(a[:10])
        i += 1
        if i > 6:
            break
    return answers + [str(i)]


def early_return_on_quality(client: Any) -> str:
    for q, lat in (("draft a", 0.15), ("draft b", 0.03), ("draft c", 0.08)):
        a = chat(client, q, lat)
        if "draft" in a and len(a) > 5:
            return a[:20]
    return "none"


def follow_up_queue(client: Any) -> list[str]:
    queue = ["What is entropy?"]
    seen = []
    for q in queue:
        a = chat(client, q, 0.05)
        seen.append(a[:15])
        if len(queue) < 4:
            queue.append(f"Follow up on: {a[:12]}")
    return seen


class ObserveThinkAct:
    def __init__(self, client: Any, web: str) -> None:
        self.client = client
        self.web = web
        self.calls = 0
        self.memory: list[str] = []

    @property
    def context(self) -> str:
        return " | ".join(self.memory[-2:])

    def observe(self, key: str) -> str:
        v = requests.get(f"{self.web}/items/{key}?ms=80", timeout=5).json()["value"]
        self.memory.append(v)
        return v

    def think(self) -> str:
        self.calls += 1
        return chat(self.client, f"Context: {self.context}. Next?", 0.03)

    def act(self, text: str) -> None:
        requests.put(f"{self.web}/items/obs-{self.calls}", data=text[:20], timeout=5)

    def run(self, steps: int) -> list[str]:
        out = []
        for i in range(steps):
            self.observe(f"obs-{i}")
            t = self.think()
            self.act(t)
            out.append(t[:15])
        return out


def agent_class_run(client: Any, web: str) -> list[str]:
    agent = ObserveThinkAct(client, web)
    return agent.run(3) + agent.memory


LAST_ANSWER = ""


def remember_last(a: str) -> None:
    global LAST_ANSWER
    LAST_ANSWER = a


def ask_with_last(client: Any, q: str, lat: float) -> str:
    return chat(client, f"{q} (previous: {LAST_ANSWER[:10]})", lat)


def _reset_last(env: Env) -> None:
    remember_last("")


def global_last_answer(client: Any) -> list[str]:
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        a = ask_with_last(client, q, lat)
        remember_last(a)
        out.append(a[:15])
    return out


class AnswerStore:
    store: dict[str, str] = {}


def class_level_cache(client: Any) -> list[str]:
    AnswerStore.store.clear()
    out = []
    for q, lat in (("x", 0.15), ("y", 0.03), ("x", 0.15)):
        if q not in AnswerStore.store:
            AnswerStore.store[q] = chat(client, q, lat)
        out.append(AnswerStore.store[q][:10])
    return out


def seeded_fewshot(client: Any) -> list[str]:
    rng = random.Random(7)
    pool = ["ex1", "ex2", "ex3", "ex4", "ex5"]
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        shots = rng.sample(pool, 2)
        out.append(chat(client, f"{shots} {q}", lat)[:15])
    return out


def counter_ids(client: Any) -> list[str]:
    ids = itertools.count(1)
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        rid = next(ids)
        out.append(f"{rid}:" + chat(client, f"[{rid}] {q}", lat)[:10])
    return out


def helper_reads_env(client: Any, q: str, lat: float) -> str:
    return chat(client, q, lat, model=os.environ.get("RT42_MODEL", "gpt"))


def environ_switch(client: Any) -> list[str]:
    out = []
    os.environ["RT42_MODEL"] = "gpt"
    try:
        for q, lat, nxt in (("a", 0.15, "judge"), ("b", 0.03, "gpt-mini"), ("c", 0.08, "gpt")):
            out.append(helper_reads_env(client, q, lat)[:12])
            os.environ["RT42_MODEL"] = nxt
    finally:
        os.environ.pop("RT42_MODEL", None)
    return out


# =========================================================================== arguments changed between calls


def list_mutated_between_independent(client: Any) -> list[str]:
    msgs = [{"role": "system", "content": "Be brief."}, user("Describe Paris")]
    r1 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.15})
    msgs.append(user("Now describe it in French"))
    r2 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20]]


def alias_mutated(client: Any) -> list[str]:
    msgs = [user("Describe Rome")]
    convo = msgs
    r1 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.15})
    convo.append(user("Shorter"))
    r2 = client.chat.completions.create(model="gpt", messages=convo, extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20]]


def add_user_turn(history: list, text: str) -> None:
    history.append(user(text))


def helper_mutates_history(client: Any) -> list[str]:
    history = [user("Describe Oslo")]
    r1 = client.chat.completions.create(model="gpt", messages=history, extra_body={"latency": 0.15})
    add_user_turn(history, "Shorter please")
    r2 = client.chat.completions.create(model="gpt", messages=history, extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20]]


def kwargs_dict_mutated(client: Any) -> list[str]:
    params = {"model": "gpt", "messages": [user("Name a dog")], "temperature": 0.0,
              "extra_body": {"latency": 0.15}}
    r1 = client.chat.completions.create(**params)
    params["temperature"] = 1.5
    params["extra_body"]["latency"] = 0.03
    r2 = client.chat.completions.create(**params)
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20]]


def nested_dict_mutated(client: Any) -> list[str]:
    msg = user("Name a cat")
    r1 = client.chat.completions.create(model="gpt", messages=[msg], extra_body={"latency": 0.15})
    msg["content"] = "Name a horse"
    r2 = client.chat.completions.create(model="gpt", messages=[msg], extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20]]


def param_history(client: Any, history: list) -> list[str]:
    r1 = client.chat.completions.create(model="gpt", messages=history, extra_body={"latency": 0.15})
    history.append(user("And again"))
    r2 = client.chat.completions.create(model="gpt", messages=history, extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20], str(len(history))]


@dataclass
class ChatMsg:
    role: str
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


def dataclass_msgs(client: Any) -> list[str]:
    convo = [ChatMsg("user", "Name a river")]
    r1 = client.chat.completions.create(model="gpt", messages=[m.to_dict() for m in convo], extra_body={"latency": 0.15})
    convo[0].content = "Name a mountain"
    r2 = client.chat.completions.create(model="gpt", messages=[m.to_dict() for m in convo], extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:20], r2.choices[0].message.content[:20]]


def deepcopy_snapshots(client: Any) -> list[str]:
    history = [user("Name a fruit")]
    snaps = []
    for extra in ("red", "green", "blue"):
        history.append(user(f"make it {extra}"))
        snaps.append(copy.deepcopy(history))
    out = [client.chat.completions.create(model="gpt", messages=s, extra_body={"latency": lat}).choices[0].message.content[:20]
           for s, lat in zip(snaps, (0.15, 0.03, 0.08), strict=True)]
    history.clear()
    return out


def result_object_mutated(client: Any) -> list[str]:
    r = client.chat.completions.create(model="gpt", messages=[user("Say x")], extra_body={"latency": 0.15})
    r.choices[0].message.content += " (edited)"
    r2 = client.chat.completions.create(model="gpt", messages=[user(r.choices[0].message.content)], extra_body={"latency": 0.03})
    return [r.choices[0].message.content[-10:], r2.choices[0].message.content[:20]]


# =========================================================================== async tasks and closures


def _drive_web_tmp(f: Any, env: Env) -> Any:
    async def main():
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0) as client:
            return await f(client, env.web, str(env.tmp))
    return asyncio.run(main())



async def taskgroup_then_write(client, web, tmp):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(achat(client, q, lat)) for q, lat in (("a", 0.15), ("b", 0.03))]
    res = [t.result()[:10] for t in tasks]
    Path(tmp, "tg.json").write_text(json.dumps(res))
    return res


async def queue_producer_consumer(client, web, tmp):
    q: asyncio.Queue = asyncio.Queue()
    for item in ("x", "y", "z"):
        q.put_nowait(item)
    out = []

    async def worker(name):
        while not q.empty():
            item = q.get_nowait()
            out.append(f"{name}:{item}:{(await achat(client, item, 0.05))[:6]}")

    await asyncio.gather(worker("w1"), worker("w2"))
    return sorted(out)


async def async_loop_closure_writer(client, web, tmp):
    path = Path(tmp) / "notes.txt"

    async def note(text):
        with open(path, "a") as f:
            f.write(text + "\n")

    async def count():
        return len(path.read_text().splitlines()) if path.exists() else 0

    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08)):
        n = await count()
        a = await achat(client, f"{q} {n}", lat)
        await note(a[:10])
        out.append(n)
    return out


async def async_ember_plus_httpx(client, web, tmp):
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        out = []
        for k, ms, lat in (("a", 150, 0.03), ("b", 20, 0.1)):
            ctx = (await http.get(f"/items/{k}", params={"ms": ms})).json()["value"]
            ans = await models.acall("sim/gpt", f"use {ctx}", latency=lat)
            await http.put(f"/items/ans-{k}", content=str(ans)[:20])
            out.append(str(ans)[:10])
        listing = (await http.get("/items")).json()["keys"]
    return out + listing


async def async_create_task_refresh(client, web, tmp):
    state = {"token": "t0"}
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def refresh():
            r = await http.put("/items/token", content="t1")
            state["token"] = "t1"
            return r.status_code
        t = asyncio.create_task(refresh())
        a = (await http.get("/items/token")).json()["value"]
        await t
        b = (await http.get("/items/token")).json()["value"]
    return [a, b, state["token"]]


async def async_semaphore_closure_writes(client, web, tmp):
    sem = asyncio.Semaphore(1)
    log = []

    async def guarded(q, lat):
        async with sem:
            log.append(f"start {q}")
            a = await achat(client, q, lat)
            log.append(f"end {q}")
            return a[:8]

    res = await asyncio.gather(guarded("a", 0.15), guarded("b", 0.03))
    return res + log


async def async_as_completed_print(client, web, tmp):
    coros = [achat(client, q, lat) for q, lat in (("slow", 0.2), ("fast", 0.02))]
    out = []
    for fut in asyncio.as_completed(coros):
        a = await fut
        print("done", a[:12])
        out.append(a[:12])
    return out


# =========================================================================== nested tools kept in order, Ember's tools


def write_first_closures(web: str) -> list[str]:
    def remember(key: str, value: str) -> None:
        requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)

    def recall(key: str) -> str:
        return requests.get(f"{web}/items/mem-{key}?ms=100", timeout=5).json()["value"]

    out = []
    for i in range(3):
        remember(f"k{i}", f"val{i}")
        out.append(recall(f"k{i}"))
    return out


def while_closures(web: str) -> list[str]:
    def remember(key: str, value: str) -> None:
        requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)

    def recall(key: str) -> str:
        return requests.get(f"{web}/items/mem-{key}?ms=100", timeout=5).json()["value"]

    out = []
    i = 0
    while i < 3:
        out.append(recall(f"k{i}"))
        remember(f"k{i + 1}", f"val{i}")
        i += 1
    return out


def comprehension_closure_reads_after_write(web: str) -> list[str]:
    def remember(key: str, value: str) -> None:
        requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)

    def recall(key: str) -> str:
        return requests.get(f"{web}/items/mem-{key}?ms=100", timeout=5).json()["value"]

    remember("k1", "fresh")
    return [recall(k) for k in ("k0", "k1")]


NOTE_WEB = {"url": ""}


def save_note_tool(text: str) -> str:
    """Save a note for later."""
    requests.put(f"{NOTE_WEB['url']}/items/note", data=text, timeout=5)
    return "saved"


def ember_run_tools_then_get(web: str) -> list[str]:
    NOTE_WEB["url"] = web
    before = requests.get(f"{web}/items/note?ms=20", timeout=5).json()["value"]
    r = operators.run_tools("sim/gpt", "Please save_note about the meeting",
                            tools=[save_note_tool], latency=0.05)
    after = requests.get(f"{web}/items/note?ms=20", timeout=5).json()["value"]
    return [before, str(r)[:15], after]


def ember_run_tools_closure_then_get(web: str) -> list[str]:
    def save_memo(text: str) -> str:
        """Save a memo."""
        requests.put(f"{web}/items/memo", data=text, timeout=5)
        return "saved"

    r = operators.run_tools("sim/gpt", "Call save_memo about lunch", tools=[save_memo],
                            latency=0.05)
    after = requests.get(f"{web}/items/memo?ms=20", timeout=5).json()["value"]
    other = models("sim/judge", f"was it saved: {after}", latency=0.1)
    return [str(r)[:15], after, str(other)[:10]]


def ember_instances_then_judge() -> list[str]:
    members = [models.instance("sim/a", latency=0.15), models.instance("sim/b", latency=0.03)]
    answers = [m("Capital of Peru?") for m in members]
    verdict = models("sim/judge", " | ".join(answers), latency=0.05)
    return [str(a)[:10] for a in answers] + [str(verdict)[:10]]


# =========================================================================== batch jobs over files, streams left early


def _setup_inputs(env: Env) -> None:
    (env.tmp / "questions.txt").write_text("why is the sky blue\nwhat is rust\nwho wrote hamlet\n")
    with open(env.tmp / "tickets.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "lat"])
        w.writerows([[1, "refund please", 0.15], [2, "app crashes", 0.03], [3, "love it", 0.08]])


def lines_to_answers(client: Any, tmp: str) -> list[str]:
    out = []
    with open(Path(tmp) / "questions.txt") as f:
        for line in f:
            q = line.strip()
            r = client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": 0.05})
            out.append(r.choices[0].message.content[:15])
    return out


def csv_classify_write_csv(client: Any, tmp: str) -> str:
    src, dst = Path(tmp) / "tickets.csv", Path(tmp) / "labeled.csv"
    with open(src, newline="") as fin, open(dst, "w", newline="") as fout:
        reader = csv.DictReader(fin)
        writer = csv.DictWriter(fout, fieldnames=["id", "label"])
        writer.writeheader()
        for row in reader:
            r = client.chat.completions.create(model="gpt-mini", messages=[user(f"Label: {row['text']}")],
                                               extra_body={"latency": float(row["lat"])})
            writer.writerow({"id": row["id"], "label": r.choices[0].message.content[:12]})
    return dst.read_text()


def read_all_then_ember_per_line(tmp: str) -> list[str]:
    qs = (Path(tmp) / "questions.txt").read_text().splitlines()
    answers = [models("sim/gpt", q, latency=0.15 if i == 0 else 0.03) for i, q in enumerate(qs)]
    (Path(tmp) / "answers.json").write_text(json.dumps([str(a)[:20] for a in answers]))
    return json.loads((Path(tmp) / "answers.json").read_text())


def stream_break_early(client: Any) -> list[str]:
    out = []
    for q, lat in (("long story", 0.15), ("short story", 0.03)):
        stream = client.chat.completions.create(model="gpt", messages=[user(q)], stream=True,
                                                extra_body={"latency": lat})
        text = ""
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                text += chunk.choices[0].delta.content
            if len(text) > 12:
                break
        stream.close()
        out.append(text)
    return out


def ember_stream_break() -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.03)):
        s = models.stream("sim/gpt", f"Tell me about {q}", latency=lat)
        got = []
        for piece in s:
            got.append(piece)
            if len(got) >= 3:
                break
        out.append("".join(got))
    return out


# =========================================================================== comprehensions of run-time callees (kept in order)


def _comp_recall(web: str, key: str) -> str:
    return requests.get(f"{web}/items/mem-{key}?ms=100", timeout=5).json()["value"]


def _comp_save(web: str, key: str, value: str) -> str:
    requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)
    return value


def comp_closures_save_of_recall(web: str) -> list[str]:
    def recall(key: str) -> str:
        return requests.get(f"{web}/items/mem-{key}?ms=100", timeout=5).json()["value"]

    def save(key: str, value: str) -> str:
        requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)
        return value

    return [save(f"k{i + 1}", "from " + recall(f"k{i}")) for i in range(3)]


def comp_module_save_of_recall(web: str) -> list[str]:
    return [_comp_save(web, f"k{i + 1}", "from " + _comp_recall(web, f"k{i}")) for i in range(3)]


def comp_dict_tools(web: str) -> list[str]:
    tools = {"recall": _comp_recall, "save": _comp_save}
    return [tools["save"](web, f"k{i + 1}", "from " + tools["recall"](web, f"k{i}")) for i in range(3)]


def map_closure_step(web: str) -> list[str]:
    def step(i: int) -> str:
        v = requests.get(f"{web}/items/mem-k{i}?ms=100", timeout=5).json()["value"]
        requests.put(f"{web}/items/mem-k{i + 1}", data="from " + v, timeout=5)
        return v

    return list(map(step, range(3)))


def comp_closure_step(web: str) -> list[str]:
    def step(i: int) -> str:
        v = requests.get(f"{web}/items/mem-k{i}?ms=100", timeout=5).json()["value"]
        requests.put(f"{web}/items/mem-k{i + 1}", data="from " + v, timeout=5)
        return v

    return [step(i) for i in range(3)]


# =========================================================================== guarded loops of reads and writes


def g_recall(web: str, key: str) -> str:
    return requests.get(f"{web}/items/mem-{key}?ms=100", timeout=5).json()["value"]


def g_remember(web: str, key: str, value: str) -> None:
    requests.put(f"{web}/items/mem-{key}", data=value, timeout=5)


def continue_then_read_write(web: str) -> list[str]:
    done = {"k1"}
    out = []
    for i in range(4):
        k = f"k{i}"
        if k in done:
            continue
        out.append(g_recall(web, k))
        g_remember(web, f"k{i + 1}", f"from {k}")
    return out


def read_then_guarded_write(web: str) -> list[str]:
    out = []
    for i in range(3):
        v = g_recall(web, f"k{i}")
        if v.startswith("v-") or v.startswith("from"):
            g_remember(web, f"k{i + 1}", f"from k{i}")
        out.append(v)
    return out


def guarded_read_then_write(web: str) -> list[str]:
    out = []
    for i in range(4):
        if i != 2:
            out.append(g_recall(web, f"k{i}"))
        g_remember(web, f"k{i + 1}", f"from k{i}")
    return out


def guarded_read_guarded_write(web: str) -> list[str]:
    out = []
    for i in range(4):
        if i % 2 == 0:
            out.append(g_recall(web, f"k{i}"))
        if i < 3:
            g_remember(web, f"k{i + 2}", f"from k{i}")
    return out


async def async_continue_read_write(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        for i in range(4):
            if i == 1:
                continue
            out.append((await http.get(f"{web}/items/mem-k{i}?ms=100")).json()["value"])
            await http.put(f"{web}/items/mem-k{i + 1}", content=f"from k{i}")
        return out


async def async_guarded_read_write(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        out = []
        for i in range(4):
            if i != 1:
                out.append((await http.get(f"{web}/items/mem-k{i}?ms=100")).json()["value"])
            await http.put(f"{web}/items/mem-k{i + 1}", content=f"from k{i}")
        return out


# =========================================================================== continue checks over state the body changes


def limit_by_results(client: Any) -> list[str]:
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08), ("d", 0.02)):
        if len(out) >= 2:
            continue
        out.append(chat(client, q, lat)[:10])
    return out


def dedupe_seen(client: Any) -> list[str]:
    seen = set()
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("a", 0.08), ("c", 0.02)):
        if q in seen:
            continue
        seen.add(q)
        out.append(chat(client, q, lat)[:10])
    return out


def spend_budget(client: Any) -> list[int]:
    spent = 0
    out = []
    for q, lat in (("essay a", 0.15), ("essay b", 0.03), ("essay c", 0.08), ("essay d", 0.02)):
        if spent > 40:
            continue
        r = client.chat.completions.create(model="gpt", messages=[user(q)], extra_body={"latency": lat})
        spent += r.usage.total_tokens
        out.append(spent)
    return out


def stop_flag(client: Any) -> list[str]:
    state = {"stop": False}
    out = []
    for q, lat in (("a", 0.15), ("STOP b", 0.03), ("c", 0.08)):
        if state["stop"]:
            continue
        a = chat(client, q, lat)
        if "STOP" in q:
            state["stop"] = True
        out.append(a[:10])
    return out


# =========================================================================== registry

def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def an_web(env: Env) -> tuple:
    return (anthropic_client(env), env.web)


def tmp_args(env: Env) -> tuple:
    return (str(env.tmp),)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _async(fn: Any, drive: Any, servers: str = "api", ideal: float = 1.0,
           cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


CASES: list[Case] = [
    # -- agents
    _both(agent_tools_requests_then_answer),
    _both(agent_tool_results_into_sqlite, args=lambda env: (openai_client(env), env.web,
                                                              str(env.tmp / "agent.db"))),
    _both(anthropic_tool_use_loop, args=an_web),
    # -- RAG
    _sdk(rag_index_in_sqlite_then_answer, over(0.15, 0.02, 0.08, 0.04, 0.06),
         args=oa_db("rag.db"), cat="db"),
    _sdk(rag_folder_batch_embed_answers_jsonl, over(0.15, 0.03, 0.08), args=oa_tmp,
         cat="files", setup=_setup_docs),
    _both(rag_retrieve_http_then_chat),
    # -- map-reduce, votes, judges
    _sdk(map_reduce_summaries_with_progress, (0.31 + L) / (0.15 + L)),
    _sdk(map_reduce_anthropic_comprehension, (0.26 + L) / (0.15 + L), args=an_args),
    _sdk(self_consistency_majority, over(0.15, 0.03, 0.08, 0.05, 0.02), cat="ensemble"),
    _sdk(self_consistency_n_choices_then_judge, (0.1 + 0.26) / 0.25, cat="ensemble"),
    _sdk(judge_and_retry_until_pass, cat="ensemble"),
    _sdk(judge_pairs_then_store_winner, args=oa_tmp, cat="files"),
    # -- streaming
    _sdk(stream_each_prompt_print_chunks, over(0.15, 0.03, 0.08)),
    _sdk(stream_anthropic_text_stream, over(0.15, 0.03), args=an_args),
    Case("sdk", ember_stream_consumed_in_loop),
    # -- history, accounting
    _sdk(conversation_history_chain),
    _sdk(history_shared_list_mutated_after_call),
    _sdk(history_append_pop_per_question),
    _sdk(token_cost_accounting_dict, over(0.15, 0.03, 0.08, 0.02), cat="state"),
    _sdk(budget_stop_when_tokens_exceed, cat="state"),
    _sdk(global_totals_helper, cat="state", setup=_reset_totals),
    _sdk(wrapper_class_with_counters, cat="state"),
    # -- caches
    Case("state", lru_cache_answers_with_repeats, setup=_reset_totals,
         ideal=over(0.15, 0.03, 0.03)),
    Case("state", bounded_lru_cache_evictions, setup=_reset_totals),
    _sdk(dict_cache_check_then_call, cat="state", setup=_reset_totals),
    _sdk(disk_cache_json_file, args=oa_tmp, cat="files"),
    # -- pacing, logging
    _sdk(rate_limited_chat_sleeps, cat="sleep"),
    Case("sleep", rate_limit_every_second_call, args=lambda env: (env.web,), servers="web",
         spacing=0.0),
    _sdk(logging_progress_per_call, over(0.15, 0.03, 0.08)),
    _sdk(print_elapsed_buckets),
    # -- files, uploads, batches, DB
    _sdk(jsonl_write_each_then_summarise, (0.26 + L) / (0.15 + L), args=oa_tmp, cat="files"),
    _sdk(jsonl_resume_skips_done, over(0.15, 0.08), args=oa_tmp, cat="files",
         setup=_setup_progress),
    _sdk(upload_then_chat_about_it, args=oa_tmp, cat="files"),
    _sdk(batch_create_then_poll, args=an_args, cat="sleep"),
    _sdk(upload_two_then_ask_each),
    _sdk(results_to_db_then_report, over(0.15, 0.03, 0.08), args=oa_db("runs.db"), cat="db"),
    _sdk(db_rows_answered_and_updated, over(0.15, 0.03, 0.08), args=oa_db("qa.db"), cat="db",
         setup=_setup_questions_db),
    # -- Ember's models beside the SDKs
    _sdk(ember_models_beside_openai),
    Case("sdk", ember_instance_judge_retry),
    Case("sdk", ember_models_usage_sum, ideal=(0.26 + L) / (0.15 + L)),
    Case("files", ember_models_write_file_per_answer, args=tmp_args,
         ideal=over(0.15, 0.03, 0.08)),
    _sdk(ember_models_with_anthropic, args=an_args),
    Case("sdk", ember_parse_json_output, ideal=over(0.15, 0.03)),
    # -- async
    _async(async_gather_map_reduce, _async_oa(None)),
    _async(async_loop_of_awaits_with_print, _async_oa(None), ideal=over(0.15, 0.03, 0.08)),
    _async(async_history_chain, _async_oa(None)),
    _async(async_agent_httpx_tools, _async_oa_web, servers="web api"),
    _async(async_semaphore_rate_limit, _async_oa(None)),
    _async(async_stream_collect, _async_oa(None)),
    _async(async_jsonl_then_read, _async_oa_tmp, cat="files"),
    _async(async_judge_retry, _async_oa(None), cat="ensemble"),
    _async(async_anthropic_vote, _async_an, ideal=over(0.15, 0.03, 0.08), cat="ensemble"),
    _async(async_ember_acall_with_sleep_pacing, _async_plain, servers="", cat="sleep"),
    _async(async_ember_acall_cache_dict, _async_plain, servers=""),
    _async(async_totals_across_tasks, _async_oa(None), cat="state"),
    # -- errors, hooks, misc
    _sdk(retry_bad_request_fallback, speculative_reads=True, cat="validation"),
    _sdk(provider_fallback, args=lambda env: (openai_client(env), anthropic_client(env))),
    _sdk(generator_pipeline, args=oa_tmp, cat="files"),
    _sdk(threadpool_map_then_write, args=oa_tmp, cat="threads"),
    Case("sdk", ember_hook_records_order),
    Case("sdk", ember_budget_block),
    _sdk(pydantic_json_mode, over(0.15, 0.03)),
    _sdk(agent_log_file_handler_then_read, args=oa_tmp, cat="files"),
    _sdk(streaming_response_ctx, over(0.15, 0.03)),
    _sdk(stdout_write_progress, over(0.15, 0.03, 0.08)),
    _async(async_background_writer_tasks,
           lambda f, env: asyncio.run(f(str(env.tmp), env.api)), cat="files"),
    # -- control flow, state
    _sdk(while_until_enough),
    _sdk(early_return_on_quality),
    _sdk(follow_up_queue),
    _both(agent_class_run, cat="helpers"),
    _sdk(global_last_answer, cat="rebind", setup=_reset_last),
    _sdk(class_level_cache, cat="state"),
    _sdk(seeded_fewshot, cat="state"),
    _sdk(counter_ids, cat="state"),
    _sdk(environ_switch, cat="rebind"),
    # -- arguments changed between calls
    _sdk(list_mutated_between_independent, cat="state"),
    _sdk(alias_mutated, cat="state"),
    _sdk(helper_mutates_history, cat="state"),
    _sdk(kwargs_dict_mutated, cat="state"),
    _sdk(nested_dict_mutated, cat="state"),
    _sdk(param_history, cat="state", args=lambda env: (openai_client(env), [user("Hi")])),
    _sdk(dataclass_msgs, cat="state"),
    _sdk(deepcopy_snapshots, over(0.15, 0.03, 0.08), cat="state"),
    _sdk(result_object_mutated, cat="state"),
    # -- async tasks and closures
    _async(taskgroup_then_write, _drive_web_tmp, servers="web api", cat="files"),
    _async(queue_producer_consumer, _drive_web_tmp, servers="web api", cat="threads"),
    _async(async_ember_plus_httpx, _drive_web_tmp, servers="web api"),
    _async(async_create_task_refresh, _drive_web_tmp, servers="web api", cat="state"),
    _async(async_semaphore_closure_writes, _drive_web_tmp, servers="web api", cat="state"),
    _async(async_as_completed_print, _drive_web_tmp, servers="web api"),
    # -- nested tools kept in order, Ember's tools
    Case("helpers", write_first_closures, args=lambda env: (env.web,), servers="web"),
    Case("helpers", while_closures, args=lambda env: (env.web,), servers="web"),
    Case("helpers", comprehension_closure_reads_after_write, args=lambda env: (env.web,),
         servers="web"),
    Case("helpers", ember_run_tools_then_get, args=lambda env: (env.web,), servers="web"),
    Case("helpers", ember_run_tools_closure_then_get, args=lambda env: (env.web,),
         servers="web"),
    Case("ensemble", ember_instances_then_judge, ideal=(0.18 + L) / (0.15 + L)),
    # -- batch jobs over files, streams left early
    _sdk(lines_to_answers, 3.0, args=oa_tmp, cat="files", setup=_setup_inputs),
    _sdk(csv_classify_write_csv, over(0.15, 0.03, 0.08), args=oa_tmp, cat="files",
         setup=_setup_inputs),
    # the IfExp in the element's arguments keeps the comprehension as written (a missed overlap)
    Case("files", read_all_then_ember_per_line, args=tmp_args, setup=_setup_inputs,
         ideal=(0.15 + 0.06) / 0.15),
    _sdk(stream_break_early, over(0.15, 0.03)),
    Case("sdk", ember_stream_break, ideal=over(0.15, 0.03)),
    # -- comprehensions of run-time callees (kept in order)
    Case("helpers", comp_closures_save_of_recall, args=lambda env: (env.web,), servers="web"),
    Case("helpers", comp_module_save_of_recall, args=lambda env: (env.web,), servers="web"),
    Case("helpers", comp_dict_tools, args=lambda env: (env.web,), servers="web"),
    Case("helpers", map_closure_step, args=lambda env: (env.web,), servers="web"),
    Case("helpers", comp_closure_step, args=lambda env: (env.web,), servers="web"),
    # -- guarded loops of reads and writes
    Case("validation", continue_then_read_write, args=lambda env: (env.web,), servers="web"),
    Case("validation", read_then_guarded_write, args=lambda env: (env.web,), servers="web"),
    Case("validation", guarded_read_then_write, args=lambda env: (env.web,), servers="web"),
    Case("validation", guarded_read_guarded_write, args=lambda env: (env.web,), servers="web"),
    Case("validation", async_continue_read_write,
         drive=lambda f, env: asyncio.run(f(env.web)), servers="web"),
    Case("validation", async_guarded_read_write,
         drive=lambda f, env: asyncio.run(f(env.web)), servers="web"),
    # -- continue checks over state the body changes
    _sdk(limit_by_results, cat="validation"),
    _sdk(dedupe_seen, cat="validation"),
    _sdk(spend_budget, cat="validation"),
    _sdk(stop_flag, cat="validation"),
]

# Differed under jit when written, fixed at aa67f9e (in CASES now): a loop whose body reads
# and then calls a callee known only at run time (a closure defined in the function, a dict
# of tools, getattr on an object, a callable parameter) started every item's read before
# the first item's call, which turned out to write, pace, raise or rebind a nonlocal. A
# loop now keeps only its first such call as a site; one whose value nothing uses keeps
# its place.
CASES += [
    _both(agent_tool_dispatch_table_with_put),
    Case("helpers", memory_tools_dict_dispatch, args=lambda env: (env.web,), servers="web"),
    Case("helpers", memory_tools_closures, args=lambda env: (env.web,), servers="web"),
    Case("helpers", memory_toolbox_getattr, args=lambda env: (env.web,), servers="web"),
    _both(agent_memory_with_chat),
    Case("helpers", amemory_tools_closures, drive=lambda f, env: asyncio.run(f(env.web)),
         servers="web"),
    _sdk(closure_pacer_between_chats, cat="sleep", spacing=0.1),
    Case("sleep", closure_pacer_between_gets, args=lambda env: (env.web,), servers="web",
         spacing=0.1),
    Case("validation", closure_validator_stops_eval, args=lambda env: (env.web,),
         servers="web"),
    _both(closure_nonlocal_request_ids, cat="helpers"),
    _sdk(closure_temperature_ramp, cat="helpers"),
    _sdk(closure_jsonl_memory, args=oa_tmp, cat="files"),
    _both(agent_global_tool_registry, cat="helpers"),
    Case("helpers", tool_objects_unpacked, args=lambda env: (env.web,), servers="web"),
    _both(eval_with_callbacks, cat="helpers"),
    _async(async_loop_closure_writer, _drive_web_tmp, servers="web api", cat="files"),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
