"""Red-team cases (stop 137): everyday async RAG and multi-step pipelines, from docs/jit.md.

Each item needs two or three dependent awaits: retrieve (``httpx.AsyncClient`` or
``aiohttp`` GET of ``/items/...``) then ask (``openai.AsyncOpenAI`` chat completion over the
retrieved text), ask then judge, ask then parse with pydantic then a follow-up ask,
retrieve-ask-store (a PUT of the answer) per item; prints and logging between steps,
``try/except`` per item (a 404 with ``raise_for_status``), an early ``break`` on an answer,
counters and lists appended per step, JSONL written at the end, async generators of
questions, ``asyncio.Semaphore`` around each item's steps; and the same pipelines as sync
code with ``requests``/``httpx.Client`` and the sync OpenAI client. Items get unequal
latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import json
import sqlite3
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam137")

# (key, GET ms, ask latency): chains 0.20, 0.16, 0.12
ITEMS = (("doc-a", 150, 0.05), ("doc-b", 40, 0.12), ("doc-c", 90, 0.03))
# (question, ask latency): the ask of each, then a 0.03 judge
QS = (("What is RAG?", 0.15), ("Why cache embeddings?", 0.04), ("When to rerank?", 0.09))
JUDGE = 0.03


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chains(*paths: tuple[float, ...]) -> float:
    """Independent chains: all waits summed over the longest chain."""
    return sum(sum(p) for p in paths) / max(sum(p) for p in paths)


R_ITEMS = chains(*((ms / 1000, lat) for _, ms, lat in ITEMS))
R_ITEMS_J = chains(*((ms / 1000, lat, JUDGE) for _, ms, lat in ITEMS))
R_QS_J = chains(*((lat, JUDGE) for _, lat in QS))
R_QS = over(*(lat for _, lat in QS))


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


class Verdict(pydantic.BaseModel):
    answer: str
    score: int


class Doc(pydantic.BaseModel):
    key: str
    value: str


VERDICT_FMT = {"type": "json_schema",
               "json_schema": {"name": "verdict", "schema": Verdict.model_json_schema()}}


# =========================================================================== drivers


def _d(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


def _dt(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web, str(env.tmp))
    return asyncio.run(main())


def _do(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


# =========================================================================== helpers


async def achat(client: Any, prompt: str, lat: float) -> str:
    r = await client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def retrieve(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    return r.json()["value"]


async def rag_item(http: httpx.AsyncClient, client: Any, key: str, ms: int, lat: float) -> str:
    doc = await retrieve(http, key, ms)
    return await achat(client, f"Context: {doc}\nQuestion: what is {key}?", lat)


def chat(client: Any, prompt: str, lat: float, **kw: Any) -> Any:
    return client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                          extra_body={"latency": lat}, **kw)


def text_of(r: Any) -> str:
    return r.choices[0].message.content


# =========================================================================== async: retrieve -> ask


async def r137_rag_hx_loop_print(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            r = await http.get(f"/items/{key}?ms={ms}")
            r.raise_for_status()
            doc = r.json()["value"]
            print("retrieved", key, len(doc))
            resp = await client.chat.completions.create(
                model="gpt", messages=[user(f"Context: {doc}\nSummarise it.")],
                extra_body={"latency": lat})
            ans = resp.choices[0].message.content
            print("answered", key, len(ans))
            out.append(ans[:24])
    return out


async def r137_rag_hx_logging_steps(client: Any, web: str) -> list[int]:
    sizes = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            LOG.info("retrieving %s", key)
            doc = await retrieve(http, key, ms)
            LOG.info("asking about %s (%d chars)", key, len(doc))
            ans = await achat(client, f"Q about {doc}", lat)
            LOG.info("done %s", key)
            sizes.append(len(ans))
    return sizes


async def r137_rag_listcomp_helper(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await rag_item(http, client, k, ms, lat) for k, ms, lat in ITEMS]


async def r137_rag_aiohttp_async_with(client: Any, web: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession() as session:
        for key, ms, lat in ITEMS:
            async with session.get(f"{web}/items/{key}?ms={ms}") as r:
                r.raise_for_status()
                doc = (await r.json())["value"]
            out.append(await achat(client, f"Context: {doc}", lat))
    return out


async def r137_rag_counters_per_step(client: Any, web: str) -> dict[str, Any]:
    stats = {"retrieved": 0, "asked": 0, "tokens": 0, "chars": 0}
    keys: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            stats["retrieved"] += 1
            stats["chars"] += len(doc)
            r = await client.chat.completions.create(model="gpt", messages=[user(doc)],
                                                     extra_body={"latency": lat})
            stats["asked"] += 1
            stats["tokens"] += r.usage.total_tokens
            keys.append(key)
    stats["keys"] = keys
    return stats


async def r137_rag_three_steps_judge(client: Any, web: str) -> list[tuple[str, int]]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            ans = await achat(client, f"Answer from {doc}", lat)
            verdict = await achat(client, f"Rate 1-5: {ans}", JUDGE)
            print(f"{key}: {len(verdict)}")
            out.append((ans[:12], len(verdict) % 5 + 1))
    return out


async def r137_rag_messages_followup(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            msgs = [{"role": "system", "content": f"Context: {doc}"}, user("Summarise.")]
            r1 = await client.chat.completions.create(model="gpt", messages=msgs,
                                                      extra_body={"latency": lat})
            msgs.append({"role": "assistant", "content": r1.choices[0].message.content})
            msgs.append(user("Shorter."))
            r2 = await client.chat.completions.create(model="gpt", messages=msgs,
                                                      extra_body={"latency": JUDGE})
            out.append(r2.choices[0].message.content[:20])
    return out


async def r137_rag_dataclass_records(client: Any, web: str) -> list[dict[str, Any]]:
    @dataclasses.dataclass
    class Row:
        key: str
        doc: str
        answer: str = ""

    rows = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            row = Row(key, await retrieve(http, key, ms))
            row.answer = await achat(client, f"About {row.doc}", lat)
            rows.append(row)
    return [dataclasses.asdict(r) for r in rows]


async def r137_rag_pydantic_doc(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            r = await http.get(f"/items/{key}", params={"ms": ms})
            doc = Doc.model_validate(r.json())
            out.append(await achat(client, f"{doc.key}: {doc.value}", lat))
    return out


# =========================================================================== async: ask -> judge / parse


async def r137_ask_then_judge(client: Any) -> list[int]:
    scores = []
    for q, lat in QS:
        ans = await achat(client, q, lat)
        verdict = await achat(client, f"Is this correct? {ans}", JUDGE)
        scores.append(len(verdict) % 7)
    return scores


async def r137_ask_parse_followup(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 response_format=VERDICT_FMT,
                                                 extra_body={"latency": lat})
        v = Verdict.model_validate_json(r.choices[0].message.content)
        follow = await achat(client, f"Expand on: {v.answer} (score {v.score})", JUDGE)
        out.append(follow[:20])
    return out


async def r137_ask_judge_dict_comp(client: Any) -> dict[str, str]:
    answers = {q: await achat(client, q, lat) for q, lat in QS}
    return {q: (await achat(client, f"Judge {a}", JUDGE))[:10] for q, a in answers.items()}


async def r137_ask_early_break(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        ans = await achat(client, q, lat)
        out.append(ans[:20])
        print("got", len(ans))
        if "cache" in ans:
            print("stopping")
            break
    return out


async def r137_ask_judge_early_return(client: Any) -> str:
    for q, lat in QS:
        ans = await achat(client, q, lat)
        verdict = await achat(client, f"Accept? {ans}", JUDGE)
        if "rerank" in ans and len(verdict) > 10:
            return f"accepted {q}"
        print("rejected", q)
    return "none"


async def r137_ask_history_carried(client: Any) -> list[str]:
    history: list[dict[str, str]] = []
    out = []
    for q, lat in QS:
        history.append(user(q))
        r = await client.chat.completions.create(model="gpt", messages=history,
                                                 extra_body={"latency": lat})
        a = r.choices[0].message.content
        history.append({"role": "assistant", "content": a})
        out.append(a[:15])
    return out


async def r137_ask_bad_request_per_item(client: Any) -> list[str]:
    out = []
    for (q, lat), temp in zip(QS, (0.0, 5.0, 0.0), strict=True):
        try:
            r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                     temperature=temp,
                                                     extra_body={"latency": lat})
        except openai.BadRequestError as exc:
            print("bad request", exc.status_code)
            out.append("?")
            continue
        out.append(r.choices[0].message.content[:12])
    return out


# =========================================================================== async: 404s, stores


async def r137_rag_404_caught_per_item(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in (("doc-a", 150, 0.05), ("missing-b", 40, 0.12),
                             ("doc-c", 90, 0.03)):
            try:
                doc = await retrieve(http, key, ms)
            except httpx.HTTPStatusError as exc:
                print("skip", key, exc.response.status_code)
                out.append("")
                continue
            out.append((await achat(client, f"From {doc}", lat))[:15])
    return out


async def r137_rag_404_uncaught(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in (("doc-a", 150, 0.05), ("missing-b", 40, 0.12),
                             ("doc-c", 90, 0.03)):
            doc = await retrieve(http, key, ms)
            print("ok", key)
            out.append(await achat(client, doc, lat))
    return out


async def r137_rag_aiohttp_404_caught(client: Any, web: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession() as session:
        for key, ms, lat in (("doc-a", 150, 0.05), ("missing-b", 40, 0.12),
                             ("doc-c", 90, 0.03)):
            r = await session.get(f"{web}/items/{key}?ms={ms}")
            try:
                r.raise_for_status()
            except aiohttp.ClientResponseError as exc:
                print("missing", key, exc.status)
                continue
            doc = (await r.json())["value"]
            out.append((await achat(client, doc, lat))[:15])
    return out


async def r137_rag_store_each(client: Any, web: str) -> list[int]:
    versions = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            ans = await achat(client, f"Summarise {doc}", lat)
            r = await http.put(f"/items/ans-{key}", content=ans[:30])
            versions.append(r.json()["version"])
            print("stored", key)
    return versions


async def r137_rag_store_at_end(client: Any, web: str) -> list[int]:
    answers = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            answers.append((key, await achat(client, f"Summarise {doc}", lat)))
        versions = []
        for key, ans in answers:
            r = await http.put(f"/items/ans-{key}", json={"answer": ans[:30]})
            versions.append(r.json()["version"])
    return versions


async def r137_rag_store_then_readback(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            await http.put(f"/items/ans-{key}", content=(await achat(client, doc, lat))[:12])
        return [(await http.get(f"/items/ans-{k}")).json()["value"] for k, _, _ in ITEMS]


async def r137_rag_docs_list_then_items(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        for key, body in (("kb-1", "alpha"), ("kb-2", "beta"), ("kb-3", "gamma")):
            await http.put(f"/items/{key}", content=body)
        keys = (await http.get("/items")).json()["keys"]
        out = []
        for key, lat in zip(keys, (0.15, 0.04, 0.09), strict=True):
            doc = await retrieve(http, key, 50)
            out.append((await achat(client, f"{key}={doc}", lat))[:12])
    return out


# =========================================================================== async: files


async def r137_rag_jsonl_at_end(client: Any, web: str, tmp: str) -> int:
    rows = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            ans = await achat(client, f"Answer with {doc}", lat)
            rows.append({"key": key, "doc": doc, "answer": ans})
    with open(Path(tmp, "results.jsonl"), "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return len(rows)


async def r137_rag_jsonl_per_item(client: Any, web: str, tmp: str) -> str:
    path = Path(tmp, "stream.jsonl")
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            ans = await achat(client, doc, lat)
            with path.open("a") as f:
                f.write(json.dumps({"key": key, "answer": ans[:20]}) + "\n")
    return path.read_text()


async def r137_questions_file_then_rag(client: Any, web: str, tmp: str) -> list[str]:
    qs = Path(tmp, "questions.txt").read_text().splitlines()
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for q, (key, ms, lat) in zip(qs, ITEMS, strict=True):
            doc = await retrieve(http, key, ms)
            out.append((await achat(client, f"{q} Context: {doc}", lat))[:15])
    Path(tmp, "answers.json").write_text(json.dumps(out))
    return out


def _questions(env: Env) -> None:
    Path(env.tmp, "questions.txt").write_text("What is A?\nWhat is B?\nWhat is C?\n")


async def r137_rag_sqlite_at_end(client: Any, web: str, tmp: str) -> list[tuple]:
    found = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            found.append((key, (await achat(client, doc, lat))[:20]))
    conn = sqlite3.connect(Path(tmp, "rag.db"))
    conn.execute("CREATE TABLE answers (key TEXT, answer TEXT)")
    conn.executemany("INSERT INTO answers VALUES (?, ?)", found)
    conn.commit()
    rows = conn.execute("SELECT key, answer FROM answers ORDER BY key").fetchall()
    conn.close()
    return rows


# =========================================================================== async: generators, semaphores, tasks


async def question_stream() -> Any:
    for q, lat in QS:
        yield q, lat


async def r137_agen_questions(client: Any) -> list[str]:
    out = []
    async for q, lat in question_stream():
        out.append((await achat(client, q, lat))[:15])
    return out


async def r137_agen_questions_collected_first(client: Any) -> list[str]:
    todo = [item async for item in question_stream()]
    out = []
    for q, lat in todo:
        out.append((await achat(client, q, lat))[:15])
    return out


async def doc_stream(http: httpx.AsyncClient) -> Any:
    for key, ms, lat in ITEMS:
        r = await http.get(f"/items/{key}?ms={ms}")
        yield key, r.json()["value"], lat


async def r137_agen_docs_then_ask(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        async for key, doc, lat in doc_stream(http):
            print("doc", key)
            out.append((await achat(client, doc, lat))[:15])
    return out


async def r137_semaphore_gather_items(client: Any, web: str) -> list[str]:
    sem = asyncio.Semaphore(2)

    async def one(http: httpx.AsyncClient, key: str, ms: int, lat: float) -> str:
        async with sem:
            doc = await retrieve(http, key, ms)
            ans = await achat(client, doc, lat)
            print("done", key)
            return ans[:12]

    async with httpx.AsyncClient(base_url=web) as http:
        return list(await asyncio.gather(*(one(http, k, ms, lat) for k, ms, lat in
                                           ITEMS + (("doc-d", 60, 0.06),))))


async def r137_semaphore_in_sequential_loop(client: Any, web: str) -> list[str]:
    sem = asyncio.Semaphore(3)
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            async with sem:
                doc = await retrieve(http, key, ms)
                out.append((await achat(client, doc, lat))[:12])
    return out


async def r137_gather_appends_completion_order(client: Any, web: str) -> list[str]:
    finished: list[str] = []

    async def one(http: httpx.AsyncClient, key: str, ms: int, lat: float) -> None:
        doc = await retrieve(http, key, ms)
        await achat(client, doc, lat)
        finished.append(key)

    async with httpx.AsyncClient(base_url=web) as http:
        await asyncio.gather(*(one(http, k, ms, lat) for k, ms, lat in ITEMS))
    return finished


async def r137_nonlocal_counter_helper(client: Any, web: str) -> tuple[int, list[str]]:
    calls = 0

    async def step(http: httpx.AsyncClient, key: str, ms: int, lat: float) -> str:
        nonlocal calls
        calls += 1
        doc = await retrieve(http, key, ms)
        calls += 1
        return await achat(client, doc, lat)

    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            out.append((await step(http, key, ms, lat))[:10])
    return calls, out


# =========================================================================== sync pipelines


def r137_sync_rag_requests(client: Any, web: str) -> list[str]:
    out = []
    for key, ms, lat in ITEMS:
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        r.raise_for_status()
        doc = r.json()["value"]
        print("retrieved", key)
        out.append(text_of(chat(client, f"Context: {doc}", lat))[:20])
    return out


def r137_sync_rag_session_logging(client: Any, web: str) -> list[int]:
    s = requests.Session()
    sizes = []
    for key, ms, lat in ITEMS:
        LOG.info("get %s", key)
        doc = s.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        r = chat(client, doc, lat)
        LOG.info("tokens %s %d", key, r.usage.total_tokens)
        sizes.append(r.usage.completion_tokens)
    s.close()
    return sizes


def r137_sync_rag_judge(client: Any, web: str) -> list[tuple[str, int]]:
    out = []
    for key, ms, lat in ITEMS:
        doc = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        ans = text_of(chat(client, f"Answer: {doc}", lat))
        score = len(text_of(chat(client, f"Score: {ans}", JUDGE))) % 5
        out.append((ans[:10], score))
    return out


def r137_sync_ask_judge(client: Any) -> list[int]:
    return [len(text_of(chat(client, "Judge: " + text_of(chat(client, q, lat)), JUDGE)))
            for q, lat in QS]


def r137_sync_parse_followup(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        v = Verdict.model_validate_json(text_of(chat(client, q, lat, response_format=VERDICT_FMT)))
        print("score", v.score)
        out.append(text_of(chat(client, f"More on {v.answer}", JUDGE))[:15])
    return out


def r137_sync_sdk_parse_followup(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        r = client.chat.completions.parse(model="gpt", messages=[user(q)],
                                          response_format=Verdict, extra_body={"latency": lat})
        v = r.choices[0].message.parsed
        out.append(text_of(chat(client, f"More on {v.answer}", JUDGE))[:15])
    return out


def r137_sync_404_continue(client: Any, web: str) -> list[str]:
    out = []
    for key, ms, lat in (("doc-a", 150, 0.05), ("missing-b", 40, 0.12), ("doc-c", 90, 0.03)):
        try:
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            r.raise_for_status()
        except requests.HTTPError as exc:
            print("skip", key, exc.response.status_code)
            continue
        out.append(text_of(chat(client, r.json()["value"], lat))[:15])
    return out


def r137_sync_early_break(client: Any, web: str) -> list[str]:
    out = []
    for key, ms, lat in ITEMS:
        doc = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        ans = text_of(chat(client, doc, lat))
        out.append(ans[:12])
        if "- b" in ans:
            break
    return out


def r137_sync_jsonl_at_end(client: Any, web: str, tmp: str) -> int:
    rows = []
    counts = collections.Counter()
    with httpx.Client(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = http.get(f"/items/{key}?ms={ms}").json()["value"]
            counts["retrieved"] += 1
            ans = text_of(chat(client, doc, lat))
            counts["answered"] += 1
            rows.append({"key": key, "answer": ans[:25]})
    with open(Path(tmp, "out.jsonl"), "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    print(dict(counts))
    return len(rows)


# =========================================================================== helpers with effects between their awaits


async def rag_noted(http: httpx.AsyncClient, client: Any, key: str, ms: int, lat: float,
                    seen: list[str]) -> str:
    doc = await retrieve(http, key, ms)
    seen.append(key)
    return await achat(client, doc, lat)


async def r137_helper_appends_after_await_listcomp(client: Any, web: str) -> tuple:
    seen: list[str] = []
    async with httpx.AsyncClient(base_url=web) as http:
        out = [(await rag_noted(http, client, k, ms, lat, seen))[:10] for k, ms, lat in ITEMS]
    return seen, out


async def rag_printed(http: httpx.AsyncClient, client: Any, key: str, ms: int,
                      lat: float) -> str:
    print("retrieving", key)
    doc = await retrieve(http, key, ms)
    print("asking", key)
    ans = await achat(client, doc, lat)
    print("answered", key)
    return ans


async def r137_helper_prints_between_awaits_loop(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            out.append((await rag_printed(http, client, key, ms, lat))[:10])
    return out


async def rag_logged(http: httpx.AsyncClient, client: Any, key: str, ms: int,
                     lat: float) -> str:
    doc = await retrieve(http, key, ms)
    LOG.info("retrieved %s", key)
    return await achat(client, doc, lat)


async def r137_helper_logs_between_awaits_comp(client: Any, web: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=web) as http:
        return {k: (await rag_logged(http, client, k, ms, lat))[:10] for k, ms, lat in ITEMS}


TRACE: list[str] = []


async def rag_traced(http: httpx.AsyncClient, client: Any, key: str, ms: int,
                     lat: float) -> str:
    doc = await retrieve(http, key, ms)
    TRACE.append(f"got {key}")
    ans = await achat(client, doc, lat)
    TRACE.append(f"asked {key}")
    return ans


async def r137_helper_global_trace_loop(client: Any, web: str) -> tuple:
    TRACE.clear()
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            out.append((await rag_traced(http, client, key, ms, lat))[:10])
    return list(TRACE), out


async def rag_to_file(http: httpx.AsyncClient, client: Any, key: str, ms: int, lat: float,
                      path: Path) -> str:
    doc = await retrieve(http, key, ms)
    ans = await achat(client, doc, lat)
    with path.open("a") as f:
        f.write(f"{key}\t{ans[:20]}\n")
    return ans[:10]


async def r137_helper_appends_file_listcomp(client: Any, web: str, tmp: str) -> list[str]:
    path = Path(tmp, "answers.tsv")
    async with httpx.AsyncClient(base_url=web) as http:
        return [await rag_to_file(http, client, k, ms, lat, path) for k, ms, lat in ITEMS]


async def r137_helper_counter_dict_arg(client: Any, web: str) -> tuple:
    stats: dict[str, int] = {"items": 0, "chars": 0}

    async def one(http: httpx.AsyncClient, key: str, ms: int, lat: float) -> str:
        doc = await retrieve(http, key, ms)
        stats["items"] += 1
        stats["chars"] += len(doc) + stats["items"]
        return await achat(client, doc, lat)

    async with httpx.AsyncClient(base_url=web) as http:
        out = [(await one(http, k, ms, lat))[:8] for k, ms, lat in ITEMS]
    return stats, out


async def rag_or_none(http: httpx.AsyncClient, client: Any, key: str, ms: int,
                      lat: float) -> str | None:
    try:
        doc = await retrieve(http, key, ms)
    except httpx.HTTPStatusError as exc:
        print("missing", key, exc.response.status_code)
        return None
    print("found", key)
    return await achat(client, doc, lat)


async def r137_helper_404_prints_listcomp(client: Any, web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web) as http:
        return [await rag_or_none(http, client, k, ms, lat)
                for k, ms, lat in (("doc-a", 150, 0.05), ("missing-b", 40, 0.12),
                                   ("doc-c", 90, 0.03))]


# =========================================================================== shared state across items


async def r137_shared_messages_list_cleared(client: Any, web: str) -> list[str]:
    msgs: list[dict[str, str]] = []
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            msgs.clear()
            msgs.append({"role": "system", "content": f"Context: {doc}"})
            msgs.append(user(f"What is {key}?"))
            r = await client.chat.completions.create(model="gpt", messages=msgs,
                                                     extra_body={"latency": lat})
            out.append(r.choices[0].message.content[:30])
    return out


async def r137_shared_prompt_dict_mutated(client: Any) -> list[str]:
    req = {"model": "gpt", "messages": [user("")], "extra_body": {"latency": 0.0}}
    out = []
    for q, lat in QS:
        req["messages"][0]["content"] = q
        req["extra_body"]["latency"] = lat
        r = await client.chat.completions.create(**req)
        out.append(r.choices[0].message.content[:20])
    return out


async def r137_store_feeds_next_retrieve(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for i, (key, ms, lat) in enumerate(ITEMS):
            doc = await retrieve(http, key, ms)
            ans = await achat(client, doc, lat)
            if i + 1 < len(ITEMS):
                await http.put(f"/items/{ITEMS[i + 1][0]}", content=ans[:14])
            out.append(doc)
    return out


async def r137_pending_put_awaited_later(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            pending = http.put(f"/items/{key}", content="seen-" + doc)
            ans = await achat(client, doc, lat)
            await pending
            out.append(ans[:10])
        out.append((await http.get(f"/items/{ITEMS[0][0]}")).json()["value"])
    return out


async def r137_answers_fed_forward(client: Any, web: str) -> list[str]:
    prev = "start"
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, lat in ITEMS:
            doc = await retrieve(http, key, ms)
            prev = await achat(client, f"{prev[:20]} + {doc}", lat)
            out.append(prev[:25])
    return out


async def r137_judge_break_after_put(client: Any, web: str) -> list[str]:
    kept = []
    async with httpx.AsyncClient(base_url=web) as http:
        for q, lat in QS:
            ans = await achat(client, q, lat)
            verdict = await achat(client, f"Judge {ans}", JUDGE)
            await http.put(f"/items/v-{len(kept)}", content=verdict[:10])
            kept.append(ans[:10])
            if "cache" in ans:
                break
    return kept


async def r137_ask_bad_request_uncaught_after_prints(client: Any) -> list[str]:
    out = []
    for (q, lat), temp in zip(QS, (0.0, 5.0, 0.0), strict=True):
        print("asking", q)
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 temperature=temp,
                                                 extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:10])
    return out


async def r137_file_open_across_loop(client: Any, web: str, tmp: str) -> str:
    path = Path(tmp, "log.jsonl")
    async with httpx.AsyncClient(base_url=web) as http:
        with open(path, "w") as f:
            for key, ms, lat in ITEMS:
                doc = await retrieve(http, key, ms)
                f.write(json.dumps({"doc": doc}) + "\n")
                ans = await achat(client, doc, lat)
                f.write(json.dumps({"ans": ans[:10]}) + "\n")
    return path.read_text()


# =========================================================================== sync helpers with effects


def sync_rag_printed(client: Any, web: str, key: str, ms: int, lat: float) -> str:
    doc = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("retrieved", key)
    ans = text_of(chat(client, doc, lat))
    print("answered", key)
    return ans[:10]


def r137_sync_helper_prints_listcomp(client: Any, web: str) -> list[str]:
    return [sync_rag_printed(client, web, k, ms, lat) for k, ms, lat in ITEMS]


def sync_rag_global(client: Any, web: str, key: str, ms: int, lat: float) -> str:
    doc = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    TRACE.append(key)
    return text_of(chat(client, f"{len(TRACE)} {doc}", lat))[:14]


def r137_sync_helper_global_list_comp(client: Any, web: str) -> tuple:
    TRACE.clear()
    out = [sync_rag_global(client, web, k, ms, lat) for k, ms, lat in ITEMS]
    return out, list(TRACE)


# =========================================================================== the lists


def _a(fn: Any, ideal: float = 1.0, cat: str = "sdk", drive: Any = _d, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web api", ideal=ideal, **kw)


def _ao(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_do, servers="api", ideal=ideal, **kw)


def _oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def _oa(env: Env) -> tuple:
    return (openai_client(env),)


def _s(fn: Any, ideal: float = 1.0, cat: str = "sdk", args: Any = _oa_web, **kw: Any) -> Case:
    servers = "api" if args is _oa else "web api"
    return Case(cat, fn, args=args, servers=servers, ideal=ideal, **kw)


# with an httpx client made inside the function: its CPU (CLIENT_CPU) is serial
def _hx(r: float, paths: float) -> float:
    total = r * paths
    return (0.025 + total) / (0.025 + paths)


CRIT = 0.2          # the longest retrieve -> ask chain of ITEMS
CRIT_J = 0.23       # ... with a judge
ALL: list[Case] = [
    _a(r137_rag_hx_loop_print, _hx(R_ITEMS, CRIT), overlap=3),
    _a(r137_rag_hx_logging_steps, _hx(R_ITEMS, CRIT), overlap=3),
    _a(r137_rag_listcomp_helper, _hx(R_ITEMS, CRIT), cat="helpers", overlap=3),
    _a(r137_rag_aiohttp_async_with, R_ITEMS),
    _a(r137_rag_counters_per_step, _hx(R_ITEMS, CRIT), cat="state"),
    _a(r137_rag_three_steps_judge, _hx(R_ITEMS_J, CRIT_J)),
    _a(r137_rag_messages_followup, _hx(R_ITEMS_J, CRIT_J)),
    _a(r137_rag_dataclass_records, _hx(R_ITEMS, CRIT), cat="helpers"),
    _a(r137_rag_pydantic_doc, _hx(R_ITEMS, CRIT), cat="validation"),
    _ao(r137_ask_then_judge, R_QS_J),
    _ao(r137_ask_parse_followup, R_QS_J, cat="validation"),
    _ao(r137_ask_judge_dict_comp, R_QS_J),
    _ao(r137_ask_early_break, cat="validation"),
    _ao(r137_ask_judge_early_return, cat="validation"),
    _ao(r137_ask_history_carried, cat="state"),
    _ao(r137_ask_bad_request_per_item, over(0.15, 0.09), cat="validation"),
    _a(r137_rag_404_caught_per_item, _hx(chains((0.15, 0.05), (0.04,), (0.09, 0.03)), 0.2),
       cat="validation"),
    _a(r137_rag_404_uncaught, cat="validation", speculative_reads=True),
    _a(r137_rag_aiohttp_404_caught, chains((0.15, 0.05), (0.04,), (0.09, 0.03)),
       cat="validation"),
    _a(r137_rag_store_each, cat="http"),
    _a(r137_rag_store_at_end, (0.025 + R_ITEMS * CRIT + 0.15) / (0.025 + CRIT + 0.15),
       cat="http"),
    _a(r137_rag_store_then_readback, cat="http"),
    _a(r137_rag_docs_list_then_items,
       (0.025 + 0.15 + 0.05 + 0.15 + 0.28) / (0.025 + 0.15 + 0.05 + 0.05 + 0.15),
       cat="http"),
    _a(r137_rag_jsonl_at_end, _hx(R_ITEMS, CRIT), cat="files", drive=_dt),
    _a(r137_rag_jsonl_per_item, cat="files", drive=_dt),
    _a(r137_questions_file_then_rag, _hx(R_ITEMS, CRIT), cat="files", drive=_dt,
       setup=_questions),
    _a(r137_rag_sqlite_at_end, _hx(R_ITEMS, CRIT), cat="db", drive=_dt),
    _ao(r137_agen_questions, R_QS),
    _ao(r137_agen_questions_collected_first, R_QS),
    _a(r137_agen_docs_then_ask, _hx(R_ITEMS, CRIT)),
    _a(r137_semaphore_gather_items, cat="fanout"),
    _a(r137_semaphore_in_sequential_loop, _hx(R_ITEMS, CRIT), cat="fanout"),
    _a(r137_gather_appends_completion_order, cat="fanout"),
    _a(r137_nonlocal_counter_helper, _hx(R_ITEMS, CRIT), cat="state"),
    _s(r137_sync_rag_requests, R_ITEMS, cat="http", overlap=3),
    _s(r137_sync_rag_session_logging, R_ITEMS, cat="http"),
    _s(r137_sync_rag_judge, R_ITEMS_J, cat="http"),
    _s(r137_sync_ask_judge, R_QS_J, args=_oa),
    _s(r137_sync_parse_followup, R_QS_J, args=_oa, cat="validation"),
    _s(r137_sync_sdk_parse_followup, R_QS_J, args=_oa, cat="validation"),
    _s(r137_sync_404_continue, chains((0.15, 0.05), (0.04,), (0.09, 0.03)), cat="validation"),
    _s(r137_sync_early_break, cat="validation"),
    _s(r137_sync_jsonl_at_end, _hx(R_ITEMS, CRIT), cat="files", args=_oa_web_tmp),
    _a(r137_helper_appends_after_await_listcomp, cat="helpers"),
    _a(r137_helper_prints_between_awaits_loop, _hx(R_ITEMS, CRIT), cat="helpers"),
    _a(r137_helper_logs_between_awaits_comp, _hx(R_ITEMS, CRIT), cat="helpers"),
    _a(r137_helper_global_trace_loop, cat="state"),
    _a(r137_helper_appends_file_listcomp, _hx(R_ITEMS, CRIT), cat="files", drive=_dt),
    _a(r137_helper_counter_dict_arg, cat="state"),
    _a(r137_helper_404_prints_listcomp, _hx(chains((0.15, 0.05), (0.04,), (0.09, 0.03)), 0.2),
       cat="helpers"),
    _a(r137_shared_messages_list_cleared, _hx(R_ITEMS, CRIT), cat="state"),
    _ao(r137_shared_prompt_dict_mutated, R_QS, cat="state"),
    _a(r137_store_feeds_next_retrieve, cat="http"),
    _a(r137_pending_put_awaited_later, cat="http"),
    _a(r137_answers_fed_forward, (0.025 + 0.48) / (0.025 + 0.35), cat="state"),
    _a(r137_judge_break_after_put, cat="validation"),
    _ao(r137_ask_bad_request_uncaught_after_prints, cat="validation", speculative_reads=True),
    _a(r137_file_open_across_loop, cat="files", drive=_dt),
    _s(r137_sync_helper_prints_listcomp, R_ITEMS, cat="helpers"),
    _s(r137_sync_helper_global_list_comp, cat="state"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
