"""Red-team cases (stop 172): a new user's grab-bag of ordinary programs, written from
docs/jit.md alone.

A news summariser, a code-review bot, a translator, a data-labelling loop, RAG over a tmp
folder of documents and over the HTTP server's keys, an agent loop with tools, batch
classification with retries, CSV enrichment, a crawler with a depth limit over pages PUT
in setup, chat-transcript analysis, a price checker, an A/B prompt comparison and a judge
that grades answers; each mixes requests / httpx / urllib / the openai SDK, json / csv /
pathlib / sqlite3 files, print and logging, dataclasses and dicts, sync and async.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY`
saying what differed.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
import math
import random
import sqlite3
import statistics
import urllib.request
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam172")

LABELS = ("positive", "negative", "neutral")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chains(*chain: tuple[float, ...]) -> float:
    """Independent chains of dependent waits: the sum of all over the longest chain."""
    return sum(sum(c) for c in chain) / max(sum(c) for c in chain)


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def fetch(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]


# =========================================================================== news summariser

FEEDS = (("bbc", 150, 0.04), ("npr", 40, 0.09), ("ap", 90, 0.03))


def r172_news_summarise_feeds(web: str, client: Any) -> list[str]:
    out = []
    for source, ms, lat in FEEDS:
        body = requests.get(f"{web}/items/feed-{source}?ms={ms}").json()["value"]
        summary = ask(client, f"Summarise this article in one line: {body}", lat)
        print(f"[{source}] {summary[:30]}")
        out.append(summary)
    return out


def r172_news_digest_markdown(web: str, client: Any, tmp: str) -> str:
    lines = ["# Morning digest", ""]
    for source, ms, lat in FEEDS:
        body = fetch(web, f"feed-{source}", ms)
        LOG.info("fetched %s (%d chars)", source, len(body))
        summary = ask(client, f"Headline for: {body}", lat)
        lines.append(f"- **{source}**: {summary[:40]}")
    digest = Path(tmp) / "digest.md"
    digest.write_text("\n".join(lines) + "\n")
    return digest.read_text()


def _dup_titles(env: Env) -> None:
    for k in ("n1", "n2"):
        requests.put(f"{env.web}/items/{k}", data="Storm hits coast")


def r172_news_dedupe_titles(web: str) -> list[str]:
    seen: set[str] = set()
    kept = []
    for key, ms in (("n1", 150), ("n2", 40), ("n3", 90), ("n4", 60)):
        title = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        if title in seen:
            print("duplicate:", key)
            continue
        seen.add(title)
        kept.append(title)
    return kept


# =========================================================================== code-review bot

REVIEW_LAT = {"api.py": 0.15, "db.py": 0.04, "util.py": 0.09}


def _py_files(env: Env) -> None:
    (env.tmp / "api.py").write_text("def handler(req):\n    return req.json()\n")
    (env.tmp / "db.py").write_text("import sqlite3\nconn = sqlite3.connect(':memory:')\n")
    (env.tmp / "util.py").write_text("def slug(s):\n    return s.lower().replace(' ', '-')\n")


def r172_review_py_files(client: Any, tmp: str) -> dict[str, str]:
    reviews = {}
    for path in sorted(Path(tmp).glob("*.py")):
        source = path.read_text()
        reviews[path.name] = ask(client, f"Review this code:\n{source}", REVIEW_LAT[path.name])
    with open(Path(tmp) / "reviews.json", "w") as f:
        json.dump(reviews, f, indent=2, sort_keys=True)
    return reviews


HUNKS = ("- x = 1\n+ x = 2", "- return a\n+ return b", "+ import os")


def r172_review_post_comments(web: str, client: Any) -> list[int]:
    codes = []
    for i, (hunk, lat) in enumerate(zip(HUNKS, (0.15, 0.04, 0.09), strict=True)):
        comment = ask(client, f"Comment on this diff hunk:\n{hunk}", lat)
        r = requests.post(f"{web}/items/comment-{i}", data=comment[:50])
        codes.append(r.json()["version"])
    return codes


class ReviewBlocked(Exception):
    pass


def r172_review_gate_raises(client: Any) -> list[str]:
    done = []
    for i, (hunk, lat) in enumerate(zip(HUNKS, (0.15, 0.04, 0.09), strict=True)):
        verdict = ask(client, f"Is this hunk safe? {hunk}", lat)
        print("reviewed", i)
        if i == 1 and len(verdict) > 5:
            raise ReviewBlocked(f"hunk {i} blocked: {verdict[:20]}")
        done.append(verdict[:10])
    return done


# =========================================================================== translator

LANGS = (("French", 0.15), ("German", 0.04), ("Japanese", 0.09))


def r172_translate_dict_comp(client: Any) -> dict[str, str]:
    text = "The meeting moved to Thursday."
    return {lang: ask(client, f"Translate to {lang}: {text}", lat) for lang, lat in LANGS}


def r172_translate_glossary_from_web(web: str, client: Any) -> list[str]:
    glossary = json.loads(requests.get(f"{web}/items/glossary?ms=60").json()["value"])
    out = []
    for sentence, lat in (("Open the dashboard", 0.15), ("Close the ticket", 0.04),
                          ("Ship the release", 0.09)):
        for src, dst in glossary.items():
            sentence = sentence.replace(src, dst)
        out.append(ask(client, f"Translate to Spanish: {sentence}", lat))
    return out


def _glossary(env: Env) -> None:
    requests.put(f"{env.web}/items/glossary",
                 data=json.dumps({"dashboard": "panel", "ticket": "issue"}))


def r172_translate_cache_duplicates(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for s, lat in (("Hello", 0.15), ("Thanks", 0.04), ("Hello", 0.02), ("Bye", 0.09)):
        if s in cache:
            print("cache hit", s)
            out.append(cache[s])
            continue
        cache[s] = ask(client, f"Translate to Italian: {s}", lat)
        out.append(cache[s])
    return out


async def r172_translate_async_loop(client: Any) -> dict[str, str]:
    out = {}
    for lang, lat in LANGS:
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Say hi in {lang}"}],
            extra_body={"latency": lat})
        out[lang] = r.choices[0].message.content
        print("translated", lang)
    return out


# =========================================================================== data labelling

TEXTS = ("Loved it", "Broke after a day", "It is fine", "Refund please")
TEXT_LATS = (0.15, 0.04, 0.09, 0.06)


def label_of(answer: str) -> str:
    return LABELS[len(answer) % 3]


def r172_label_counter_log(client: Any) -> dict[str, int]:
    tally: Counter[str] = Counter()
    for i, (text, lat) in enumerate(zip(TEXTS, TEXT_LATS, strict=True), 1):
        label = label_of(ask(client, f"Label the sentiment: {text}", lat))
        LOG.info("item %d labelled %s", i, label)
        tally[label] += 1
    return dict(sorted(tally.items()))


def r172_label_sqlite_per_item(client: Any, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(Path(tmp) / "labels.db")
    conn.execute("CREATE TABLE labels (id INTEGER, text TEXT, label TEXT)")
    for i, (text, lat) in enumerate(zip(TEXTS, TEXT_LATS, strict=True)):
        label = label_of(ask(client, f"Label: {text}", lat))
        conn.execute("INSERT INTO labels VALUES (?, ?, ?)", (i, text, label))
    conn.commit()
    rows = conn.execute("SELECT * FROM labels ORDER BY id").fetchall()
    conn.close()
    return rows


def r172_label_jsonl_append(client: Any, tmp: str) -> list[dict]:
    out = Path(tmp) / "labels.jsonl"
    for text, lat in zip(TEXTS, TEXT_LATS, strict=True):
        label = label_of(ask(client, f"Label: {text}", lat))
        with open(out, "a") as f:
            f.write(json.dumps({"text": text, "label": label}) + "\n")
    return [json.loads(line) for line in out.read_text().splitlines()]


def r172_label_seeded_shuffle(client: Any) -> list[tuple[str, str]]:
    items = list(zip(TEXTS, TEXT_LATS, strict=True))
    random.Random(7).shuffle(items)
    return [(t, label_of(ask(client, f"Label: {t}", lat))) for t, lat in items]


# =========================================================================== RAG


def _docs(env: Env) -> None:
    d = env.tmp / "docs"
    d.mkdir()
    (d / "cats.txt").write_text("Cats sleep most of the day and purr when content.")
    (d / "dogs.txt").write_text("Dogs need walks and like to fetch sticks.")
    (d / "fish.txt").write_text("Fish live in water and need clean tanks.")


def _cos(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)) or 1.0)


def r172_rag_tmp_embeddings(client: Any, tmp: str) -> tuple[str, str]:
    question = "What do cats do all day?"
    q = client.embeddings.create(model="emb", input=question).data[0].embedding
    scored = []
    for path in sorted((Path(tmp) / "docs").iterdir()):
        text = path.read_text()
        v = client.embeddings.create(model="emb", input=text).data[0].embedding
        scored.append((_cos(q, v), path.name, text))
    scored.sort(reverse=True)
    best = scored[0]
    answer = ask(client, f"Context: {best[2]}\nQuestion: {question}", 0.1)
    return best[1], answer


def _kb(env: Env) -> None:
    for k, v in (("kb-refunds", "Refunds take 5 days."), ("kb-shipping", "Ships in 2 days."),
                 ("kb-returns", "Returns within 30 days.")):
        requests.put(f"{env.web}/items/{k}", data=v)


def r172_rag_http_index_then_docs(web: str, client: Any) -> str:
    keys = [k for k in requests.get(f"{web}/items").json()["keys"] if k.startswith("kb-")]
    lats = {"kb-refunds": 150, "kb-returns": 40, "kb-shipping": 90}
    context = []
    for k in keys:
        context.append(requests.get(f"{web}/items/{k}?ms={lats[k]}").json()["value"])
    return ask(client, "Answer with: " + " ".join(context), 0.1)


# =========================================================================== agent loop


def tool_weather(web: str, city: str, ms: int) -> str:
    return requests.get(f"{web}/items/weather-{city}?ms={ms}").json()["value"]


def tool_stock(web: str, sym: str, ms: int) -> str:
    r = httpx.get(f"{web}/items/stock-{sym}", params={"ms": ms})
    return r.json()["value"]


def tool_search(web: str, q: str, ms: int) -> str:
    with urllib.request.urlopen(f"{web}/items/search-{q}?ms={ms}") as r:
        return json.loads(r.read())["value"]


TOOLS = {"weather": tool_weather, "stock": tool_stock, "search": tool_search}


def r172_agent_parallel_tools(web: str, client: Any) -> str:
    plan = [("weather", "paris", 150), ("stock", "acme", 40), ("search", "jit", 90)]
    results = {}
    for name, arg, ms in plan:
        results[name] = TOOLS[name](web, arg, ms)
        print("tool", name, "done")
    return ask(client, f"Write a briefing from {json.dumps(results, sort_keys=True)}", 0.05)


def r172_agent_loop_sequential(web: str, client: Any) -> list[str]:
    messages = [{"role": "user", "content": "Plan a trip"}]
    trace = []
    for step, (tool, arg) in enumerate((("weather", "rome"), ("search", "hotels"))):
        reply = client.chat.completions.create(model="gpt", messages=messages,
                                               extra_body={"latency": 0.04})
        thought = reply.choices[0].message.content
        messages.append({"role": "assistant", "content": thought})
        observation = TOOLS[tool](web, f"{arg}{len(thought) % 3}", 40)
        messages.append({"role": "user", "content": f"Observation: {observation}"})
        trace.append(f"{step}:{tool}:{observation}")
    return trace


def r172_agent_tool_error_recovers(web: str) -> list[str]:
    out = []
    for path in ("items/a?ms=150", "status/500", "items/c?ms=90"):
        try:
            r = requests.get(f"{web}/{path}")
            r.raise_for_status()
            out.append(r.json()["value"])
        except requests.HTTPError as exc:
            print("tool failed:", exc.response.status_code)
            out.append("error")
    return out


# =========================================================================== batch classification


def r172_batch_temp_retry(client: Any) -> list[str]:
    out = []
    for text, lat, temp in (("good", 0.15, 0.0), ("bad", 0.04, 5.0), ("meh", 0.09, 0.0)):
        try:
            ans = ask(client, f"Classify: {text}", lat, temperature=temp)
        except openai.BadRequestError as exc:
            print("bad request", exc.status_code, "- retrying at temperature 0")
            ans = ask(client, f"Classify: {text}", lat, temperature=0.0)
        out.append(label_of(ans))
    return out


def r172_batch_chunked(client: Any) -> list[str]:
    texts = ["a", "b", "c", "d", "e", "f"]
    lats = [0.15, 0.04, 0.09]
    labels = []
    for n, i in enumerate(range(0, len(texts), 2)):
        chunk = texts[i:i + 2]
        ans = ask(client, "Classify each: " + ", ".join(chunk), lats[n])
        labels.extend(label_of(ans + c) for c in chunk)
    return labels


# =========================================================================== CSV enrichment


def _products(env: Env) -> None:
    with open(env.tmp / "products.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sku", "name", "ms"])
        w.writerows([["p1", "Lamp", 150], ["", "Ghost", 10], ["p2", "Desk", 40],
                     ["p3", "Chair", 90]])


def r172_csv_enrich_streaming(web: str, tmp: str) -> str:
    src, dst = Path(tmp) / "products.csv", Path(tmp) / "enriched.csv"
    with open(src, newline="") as fin, open(dst, "w", newline="") as fout:
        reader = csv.DictReader(fin)
        writer = csv.DictWriter(fout, fieldnames=["sku", "name", "price"])
        writer.writeheader()
        for row in reader:
            if not row["sku"]:
                continue
            price = requests.get(f"{web}/items/price-{row['sku']}?ms={row['ms']}").json()
            writer.writerow({"sku": row["sku"], "name": row["name"], "price": price["value"]})
    return dst.read_text()


def r172_csv_enrich_collect_then_write(web: str, tmp: str) -> list[dict[str, str]]:
    with open(Path(tmp) / "products.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    enriched = []
    for row in rows:
        if not row["sku"]:
            print("skipping row without sku:", row["name"])
            continue
        value = requests.get(f"{web}/items/price-{row['sku']}?ms={row['ms']}").json()["value"]
        enriched.append({**row, "price": value})
    with open(Path(tmp) / "out.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["sku", "name", "ms", "price"])
        w.writeheader()
        w.writerows(enriched)
    return enriched


def r172_csv_enrich_llm_category(client: Any, tmp: str) -> list[list[str]]:
    with open(Path(tmp) / "products.csv", newline="") as f:
        rows = [r for r in csv.reader(f)][1:]
    out_path = Path(tmp) / "categorised.csv"
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        for sku, name, ms in rows:
            if not sku:
                continue
            cat = ask(client, f"Category for {name}?", int(ms) / 1000)
            w.writerow([sku, name, cat[:15]])
    with open(out_path, newline="") as f:
        return list(csv.reader(f))


# =========================================================================== crawler


PAGES = {
    "root": {"title": "Home", "links": [["about", 150], ["blog", 40]]},
    "about": {"title": "About", "links": [["team", 90], ["root", 10]]},
    "blog": {"title": "Blog", "links": [["post1", 30], ["post2", 60], ["team", 90]]},
    "team": {"title": "Team", "links": [["careers", 20]]},
    "post1": {"title": "Post 1", "links": [["blog", 10]]},
    "post2": {"title": "Post 2", "links": []},
    "careers": {"title": "Careers", "links": []},
}


def _pages(env: Env) -> None:
    for k, page in PAGES.items():
        requests.put(f"{env.web}/items/page-{k}", data=json.dumps(page))


def r172_crawl_bfs_depth(web: str) -> list[str]:
    seen = {"root"}
    frontier = [("root", 100)]
    titles = []
    for depth in range(3):
        nxt = []
        for key, ms in frontier:
            page = json.loads(requests.get(f"{web}/items/page-{key}?ms={ms}").json()["value"])
            print("depth", depth, page["title"])
            titles.append(page["title"])
            for link, lms in page["links"]:
                if link not in seen:
                    seen.add(link)
                    nxt.append((link, lms))
        frontier = nxt
    return titles


def _crawl(web: str, key: str, ms: int, depth: int, seen: set[str], out: list[str]) -> None:
    if depth > 2 or key in seen:
        return
    seen.add(key)
    page = json.loads(requests.get(f"{web}/items/page-{key}?ms={ms}").json()["value"])
    out.append(f"{'  ' * depth}{page['title']}")
    for link, lms in page["links"]:
        _crawl(web, link, lms, depth + 1, seen, out)


def r172_crawl_recursive_dfs(web: str) -> list[str]:
    out: list[str] = []
    _crawl(web, "root", 100, 0, set(), out)
    print("\n".join(out))
    return out


def r172_crawl_session_graph_json(web: str, tmp: str) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    queue = [("root", 100, 0)]
    with requests.Session() as s:
        while queue:
            key, ms, depth = queue.pop(0)
            if key in graph or depth > 1:
                continue
            page = json.loads(s.get(f"{web}/items/page-{key}?ms={ms}").json()["value"])
            graph[key] = [link for link, _ in page["links"]]
            queue.extend((link, lms, depth + 1) for link, lms in page["links"])
    (Path(tmp) / "graph.json").write_text(json.dumps(graph, sort_keys=True))
    return graph


def r172_crawl_put_then_read(web: str) -> list[str]:
    for k, ms in (("x1", 150), ("x2", 40)):
        requests.put(f"{web}/items/page-{k}?ms={ms}",
                     data=json.dumps({"title": k.upper(), "links": []}))
    return [json.loads(requests.get(f"{web}/items/page-{k}?ms={ms}").json()["value"])["title"]
            for k, ms in (("x1", 90), ("x2", 40), ("root", 60))]


# =========================================================================== chat transcripts


def _transcript(env: Env) -> None:
    lines = [{"speaker": "user", "text": "My order is late"},
             {"speaker": "agent", "text": "Sorry, checking now"},
             {"speaker": "user", "text": "It was a gift"},
             {"speaker": "agent", "text": "It ships today"},
             {"speaker": "user", "text": "Thanks a lot"}]
    (env.tmp / "chat.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))


def r172_chat_sentiment_per_turn(client: Any, tmp: str) -> dict[str, Any]:
    turns = [json.loads(line) for line in (Path(tmp) / "chat.jsonl").read_text().splitlines()]
    lats = [0.15, 0.04, 0.09]
    moods = []
    for turn in turns:
        if turn["speaker"] != "user":
            continue
        mood = label_of(ask(client, f"Mood of: {turn['text']}", lats[len(moods)]))
        moods.append(mood)
        print(f"{turn['text'][:12]:<12} -> {mood}")
    words = defaultdict(int)
    for turn in turns:
        words[turn["speaker"]] += len(turn["text"].split())
    return {"moods": moods, "words": dict(words)}


def r172_chat_transcripts_from_web(web: str) -> list[tuple[str, int]]:
    stats = []
    for key, ms in (("chat-1", 150), ("chat-2", 40), ("chat-3", 90)):
        text = requests.get(f"{web}/text/{key}?ms={ms}").text
        turns = [ln for ln in text.splitlines() if ln]
        stats.append((key, len(turns)))
    stats.sort(key=lambda kv: (-kv[1], kv[0]))
    return stats


# =========================================================================== price checker

STORES = (("shopA", 150), ("shopB", 40), ("shopC", 90))


def _prices(env: Env) -> None:
    for store, price in (("shopA", "19.99"), ("shopB", "17.50"), ("shopC", "18.25")):
        requests.put(f"{env.web}/items/price-{store}", data=price)


def r172_price_min_httpx(web: str) -> tuple[str, float]:
    prices = {}
    with httpx.Client(base_url=web) as c:
        for store, ms in STORES:
            prices[store] = float(c.get(f"/items/price-{store}", params={"ms": ms}).json()["value"])
    best = min(prices, key=prices.get)
    print(f"cheapest: {best} at {prices[best]:.2f}")
    return best, prices[best]


def r172_price_alert_post(web: str) -> list[str]:
    alerts = []
    for store, ms in STORES:
        price = float(requests.get(f"{web}/items/price-{store}?ms={ms}").json()["value"])
        if price < 19.0:
            requests.post(f"{web}/items/alert-{store}", data=f"{price:.2f}")
            alerts.append(store)
    return alerts


def r172_price_urllib_decimal(web: str) -> str:
    total = Decimal("0")
    for store, ms in STORES:
        with urllib.request.urlopen(f"{web}/items/price-{store}?ms={ms}") as r:
            total += Decimal(json.loads(r.read())["value"])
    return str((total / 3).quantize(Decimal("0.01")))


@dataclasses.dataclass
class Quote:
    store: str
    price: float

    def __post_init__(self) -> None:
        print("quote", self.store, self.price)


def r172_price_dataclass_post_init(web: str) -> list[Quote]:
    quotes = [Quote(store, float(fetch(web, f"price-{store}", ms))) for store, ms in STORES]
    return sorted(quotes, key=lambda q: q.price)


# =========================================================================== A/B prompts

QUESTIONS = (("Why is the sky blue?", 0.15, 0.05), ("What is a JIT?", 0.04, 0.12),
             ("Name a prime.", 0.09, 0.03))
PROMPT_A = "Answer briefly: {q}"
PROMPT_B = "You are an expert. Explain step by step: {q}"


def r172_ab_compare(client: Any) -> dict[str, int]:
    wins: Counter[str] = Counter()
    for q, la, lb in QUESTIONS:
        a = ask(client, PROMPT_A.format(q=q), la)
        b = ask(client, PROMPT_B.format(q=q), lb)
        winner = "A" if len(a) <= len(b) else "B"
        print(f"{q[:15]:<15} winner={winner}")
        wins[winner] += 1
    return dict(sorted(wins.items()))


async def r172_ab_async_gather_pairs(client: Any) -> list[tuple[int, int]]:
    async def one(q: str, la: float, lb: float) -> tuple[int, int]:
        a, b = await asyncio.gather(
            client.chat.completions.create(model="gpt", messages=[
                {"role": "user", "content": PROMPT_A.format(q=q)}], extra_body={"latency": la}),
            client.chat.completions.create(model="gpt", messages=[
                {"role": "user", "content": PROMPT_B.format(q=q)}], extra_body={"latency": lb}))
        return len(a.choices[0].message.content), len(b.choices[0].message.content)
    return list(await asyncio.gather(*(one(*x) for x in QUESTIONS)))


# =========================================================================== judge

GRADED = (("2+2?", "4", 0.15), ("Capital of France?", "Paris", 0.04),
          ("Largest planet?", "Mars", 0.09))


def score_of(text: str) -> int:
    return len(text) % 10


def r172_judge_grades(client: Any) -> dict[str, Any]:
    scores = []
    for q, a, lat in GRADED:
        grade = ask(client, f"Grade 0-9. Q: {q} A: {a}", lat, model="judge")
        scores.append(score_of(grade))
        print(f"{q:<20} {score_of(grade)}")
    return {"scores": scores, "mean": round(statistics.mean(scores), 2)}


def r172_judge_answer_then_grade(client: Any) -> list[tuple[str, int]]:
    out = []
    for q, _, lat in GRADED:
        answer = ask(client, q, lat)
        grade = ask(client, f"Grade this answer to {q}: {answer}", 0.13 - lat / 2,
                    model="judge")
        out.append((answer[:10], score_of(grade)))
    return out


def r172_judge_fail_below_threshold(client: Any) -> list[int]:
    scores = []
    for q, a, lat in GRADED:
        s = score_of(ask(client, f"Grade: {q} {a}", lat, model="judge"))
        assert s >= 0, "negative score"
        scores.append(s)
    if min(scores) < 100:
        raise ValueError(f"a grade below threshold: {scores}")
    return scores


def r172_judge_json_parse_fallback(client: Any) -> list[dict]:
    out = []
    for q, a, lat in GRADED:
        raw = ask(client, f'Reply as JSON {{"score": n}}. Q: {q} A: {a}', lat, model="judge")
        try:
            out.append(json.loads(raw))
        except json.JSONDecodeError as exc:
            LOG.warning("not JSON at col %d for %s", exc.colno, q)
            out.append({"score": score_of(raw), "raw": raw[:10]})
    return out


# =========================================================================== async with httpx


async def r172_async_httpx_prices(web: str) -> dict[str, str]:
    out = {}
    async with httpx.AsyncClient() as c:
        for store, ms in STORES:
            r = await c.get(f"{web}/items/price-{store}", params={"ms": ms})
            out[store] = r.json()["value"]
            print("price", store)
    return out


async def r172_async_news_pipeline(web: str, client: Any) -> list[str]:
    out = []
    async with httpx.AsyncClient() as http:
        for source, ms, lat in FEEDS:
            body = (await http.get(f"{web}/items/feed-{source}?ms={ms}")).json()["value"]
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"Summarise {body}"}],
                extra_body={"latency": lat})
            out.append(r.choices[0].message.content[:20])
    return out


# =========================================================================== odds and ends


def r172_file_append_per_get_local(web: str, tmp: str) -> str:
    log = Path(tmp) / "fetch.log"
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        value = fetch(web, key, ms)
        with log.open("a") as f:
            f.write(f"{key}={value}\n")
    return log.read_text()


def r172_nonlocal_counter(web: str) -> tuple[int, list[str]]:
    calls = 0

    def get(key: str, ms: int) -> str:
        nonlocal calls
        calls += 1
        return fetch(web, key, ms)

    out = [get(k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    return calls, out


def r172_walrus_filter(web: str) -> list[str]:
    return [v for k, ms in (("a", 150), ("missingq", 40), ("c", 90))
            if (v := requests.get(f"{web}/items/{k}?ms={ms}").json().get("value"))]


def r172_missing_key_mid_comprehension(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]


def r172_progress_enumerate_print(client: Any) -> list[str]:
    items = ("alpha", "beta", "gamma")
    out = []
    for i, (name, lat) in enumerate(zip(items, (0.15, 0.04, 0.09), strict=True), 1):
        print(f"[{i}/{len(items)}] {name}...", end=" ", flush=True)
        out.append(ask(client, f"Describe {name}", lat)[:12])
        print("ok")
    return out


def r172_config_dict_mutated_between(web: str) -> list[str]:
    cfg = {"prefix": "cfg-a"}
    out = [fetch(web, f"{cfg['prefix']}-1", 150)]
    cfg["prefix"] = "cfg-b"
    out.append(fetch(web, f"{cfg['prefix']}-2", 40))
    out.append(fetch(web, f"{cfg['prefix']}-3", 90))
    return out


def r172_logging_row_mutated_after(web: str) -> list[dict]:
    rows = []
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        row = {"key": key}
        row["value"] = fetch(web, key, ms)
        LOG.info("row %s", row)
        row["seen"] = True
        rows.append(row)
    return rows


# =========================================================================== hazards, helpers and errors


def r172_params_dict_mutated(web: str) -> list[str]:
    params = {"ms": 150}
    a = requests.get(f"{web}/items/pa", params=params).json()["value"]
    params["ms"] = 40
    b = requests.get(f"{web}/items/pb", params=params).json()["value"]
    params.update(ms=90)
    c = requests.get(f"{web}/items/pc", params=params).json()["value"]
    return [a, b, c]


def r172_extra_body_shared_mutated(client: Any) -> list[str]:
    opts = {"latency": 0.15}
    msgs = [{"role": "user", "content": "Rate this headline"}]
    a = client.chat.completions.create(model="gpt", messages=msgs, extra_body=opts)
    opts["latency"] = 0.04
    msgs[0]["content"] = "Rate this other headline"
    b = client.chat.completions.create(model="gpt", messages=msgs, extra_body=opts)
    return [a.choices[0].message.content, b.choices[0].message.content]


def _show(key: str, seen: list[str]) -> None:
    print("fetching", key, "after", seen)


def r172_print_helper_sees_list(web: str) -> list[str]:
    seen: list[str] = []
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        _show(key, seen)
        seen.append(fetch(web, key, ms))
    return seen


def _get_json(url: str) -> dict:
    r = requests.get(url)
    r.raise_for_status()
    return r.json()


def r172_two_failures_first_wins(web: str) -> list[dict]:
    return [_get_json(f"{web}/status/404?ms=150"), _get_json(f"{web}/status/500?ms=10"),
            _get_json(f"{web}/items/z?ms=40")]


def _cached_fetch(web: str, key: str, ms: int, _cache: dict = {}) -> str:  # noqa: B006
    if key not in _cache:
        _cache[key] = fetch(web, key, ms)
        print("miss", key)
    return _cache[key]


def _fresh_cache(f: Any, env: Env) -> Any:
    _cached_fetch.__defaults__[0].clear()  # type: ignore[index]
    return f(env.web)


def r172_default_dict_cache(web: str) -> list[str]:
    return [_cached_fetch(web, k, ms) for k, ms in (("da", 150), ("db", 40), ("da", 90))]


def r172_json_file_roundtrip_per_item(web: str, tmp: str) -> dict:
    state = Path(tmp) / "state.json"
    state.write_text("{}")
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        data = json.loads(state.read_text())
        data[key] = fetch(web, key, ms)
        state.write_text(json.dumps(data))
    return json.loads(state.read_text())


def r172_messages_history_alias(client: Any) -> list[str]:
    history = [{"role": "system", "content": "Be brief"}]
    replies = []
    for q, lat in (("One?", 0.15), ("Two?", 0.04), ("Three?", 0.09)):
        msgs = history + [{"role": "user", "content": q}]
        r = client.chat.completions.create(model="gpt", messages=msgs,
                                           extra_body={"latency": lat})
        replies.append(r.choices[0].message.content[:10])
        history[0]["content"] += "!"
    return replies


async def r172_async_print_between_awaits(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as c:
        for k, ms in (("a", 150), ("b", 40), ("c", 90)):
            print("asking", k)
            r = await c.get(f"/items/{k}", params={"ms": ms})
            LOG.info("got %s", k)
            out.append(r.json()["value"])
            if k == "b":
                await c.put("/items/b", content="changed")
    return out


def _fetch_quote(web: str, q: Quote, ms: int) -> str:
    print("checking", q)
    return requests.get(f"{web}/items/price-{q.store}?ms={ms}").json()["value"]


def r172_printing_helper_mutated_obj(web: str) -> list[str]:
    q = Quote("none", 0.0)
    out = []
    for store, ms in STORES:
        q.store = store
        q.price = float(len(out))
        out.append(_fetch_quote(web, q, ms))
    return out


def _fetch_labelled(web: str, row: dict) -> str:
    print("row", row)
    return requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"]


def r172_printing_helper_row_dicts_mutated_after(web: str) -> list[dict]:
    rows = [{"key": k, "ms": ms} for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    for row in rows:
        row["value"] = _fetch_labelled(web, row)
    return rows


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def web_oa(env: Env) -> tuple:
    return (env.web, openai_client(env))


def web_oa_tmp(env: Env) -> tuple:
    return (env.web, openai_client(env), str(env.tmp))


def _drive_async(with_web: bool = False, with_ai: bool = False) -> Any:
    def drive(f: Any, env: Env) -> Any:
        async def main() -> Any:
            args: list[Any] = [env.web] if with_web else []
            if with_ai:
                async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                              max_retries=0) as ac:
                    return await f(*args, ac)
            return await f(*args)
        return asyncio.run(main())
    return drive


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _ai(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers=kw.pop("servers", "api"),
                ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web_oa), servers="web api", ideal=ideal, **kw)


def _setup(*fns: Any) -> Any:
    def setup(env: Env) -> None:
        for fn in fns:
            fn(env)
    return setup


ALL: list[Case] = [
    # news
    _both(r172_news_summarise_feeds, chains((0.15, 0.04), (0.04, 0.09), (0.09, 0.03))),
    _both(r172_news_digest_markdown, chains((0.15, 0.04), (0.04, 0.09), (0.09, 0.03)),
          args=web_oa_tmp, cat="files"),
    _w(r172_news_dedupe_titles, over(0.15, 0.04, 0.09, 0.06), setup=_dup_titles, overlap=4),
    # code review
    _ai(r172_review_py_files, over(0.15, 0.04, 0.09), args=oa_tmp, setup=_py_files,
        cat="files"),
    _both(r172_review_post_comments),
    _ai(r172_review_gate_raises, cat="validation"),
    # translator
    _ai(r172_translate_dict_comp, over(0.15, 0.04, 0.09), overlap=3),
    _both(r172_translate_glossary_from_web, (0.06 + 0.28) / (0.06 + 0.15), setup=_glossary),
    _ai(r172_translate_cache_duplicates, over(0.15, 0.04, 0.09), cat="state"),
    Case("sdk", r172_translate_async_loop, drive=_drive_async(with_ai=True), servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    # labelling
    _ai(r172_label_counter_log, over(*TEXT_LATS), overlap=4),
    _ai(r172_label_sqlite_per_item, over(*TEXT_LATS), args=oa_tmp, cat="db"),
    _ai(r172_label_jsonl_append, over(*TEXT_LATS), args=oa_tmp, cat="files"),
    _ai(r172_label_seeded_shuffle, over(*TEXT_LATS), overlap=4, cat="state"),
    # RAG
    _ai(r172_rag_tmp_embeddings, (4 * 0.05 + 0.1) / (0.05 + 0.1), args=oa_tmp, setup=_docs,
        cat="files"),
    _both(r172_rag_http_index_then_docs, (0.05 + 0.28 + 0.1) / (0.05 + 0.15 + 0.1),
          setup=_kb),
    # agent
    _both(r172_agent_parallel_tools, (0.28 + 0.05) / (0.15 + 0.05), cat="helpers"),
    _both(r172_agent_loop_sequential, cat="helpers"),
    _w(r172_agent_tool_error_recovers, over(0.15, 0.05, 0.09), cat="validation"),
    # batch classification
    _ai(r172_batch_temp_retry, cat="validation"),
    _ai(r172_batch_chunked, over(0.15, 0.04, 0.09), overlap=3),
    # CSV
    _w(r172_csv_enrich_streaming, args=web_tmp, setup=_products, cat="files"),
    _w(r172_csv_enrich_collect_then_write, over(0.15, 0.04, 0.09), args=web_tmp,
       setup=_products, cat="files", overlap=3),
    _ai(r172_csv_enrich_llm_category, over(0.15, 0.04, 0.09), args=oa_tmp, setup=_products,
        cat="files"),
    # crawler
    _w(r172_crawl_bfs_depth, (0.1 + 0.19 + 0.18) / (0.1 + 0.15 + 0.09), setup=_pages),
    _w(r172_crawl_recursive_dfs, (0.1 + 0.19 + 0.18 + 0.02) / (0.1 + 0.15 + 0.09 + 0.02),
       setup=_pages, cat="helpers"),
    _w(r172_crawl_session_graph_json, (0.1 + 0.19) / (0.1 + 0.15), args=web_tmp,
       setup=_pages, cat="files"),
    _w(r172_crawl_put_then_read, (0.19 + 0.19) / (0.19 + 0.09), setup=_pages),
    # chat transcripts
    _ai(r172_chat_sentiment_per_turn, over(0.15, 0.04, 0.09), args=oa_tmp, setup=_transcript,
        cat="files"),
    _w(r172_chat_transcripts_from_web, over(0.15, 0.04, 0.09), overlap=3),
    # price checker
    _w(r172_price_min_httpx, over(0.15, 0.04, 0.09), setup=_prices, cat="clients"),
    _w(r172_price_alert_post, (0.15 + 0.04 + 0.09 + 0.05 + 0.05) / (0.15 + 0.05 + 0.09 + 0.05),
       setup=_prices),
    _w(r172_price_urllib_decimal, over(0.15, 0.04, 0.09), setup=_prices, overlap=3),
    _w(r172_price_dataclass_post_init, over(0.15, 0.04, 0.09), setup=_prices,
       cat="helpers"),
    # A/B
    _ai(r172_ab_compare, over(0.15, 0.05, 0.04, 0.12, 0.09, 0.03), overlap=6),
    Case("ensemble", r172_ab_async_gather_pairs, drive=_drive_async(with_ai=True),
         servers="api", overlap=6),
    # judge
    _ai(r172_judge_grades, over(0.15, 0.04, 0.09), overlap=3, cat="ensemble"),
    _ai(r172_judge_answer_then_grade,
        chains((0.15, 0.055), (0.04, 0.11), (0.09, 0.085)), cat="ensemble"),
    _ai(r172_judge_fail_below_threshold, cat="validation"),
    _ai(r172_judge_json_parse_fallback, over(0.15, 0.04, 0.09), cat="validation"),
    # async httpx
    Case("http", r172_async_httpx_prices, drive=_drive_async(with_web=True), servers="web",
         ideal=over(0.15, 0.04, 0.09), setup=_prices),
    Case("sdk", r172_async_news_pipeline, drive=_drive_async(with_web=True, with_ai=True),
         servers="web api", ideal=chains((0.15, 0.04), (0.04, 0.09), (0.09, 0.03))),
    # odds and ends
    _w(r172_file_append_per_get_local, args=web_tmp, cat="files"),
    _w(r172_nonlocal_counter, over(0.15, 0.04, 0.09), cat="state"),
    _w(r172_walrus_filter, over(0.15, 0.04, 0.09), cat="validation"),
    _w(r172_missing_key_mid_comprehension, cat="validation", speculative_reads=True),
    _ai(r172_progress_enumerate_print, over(0.15, 0.04, 0.09)),
    _w(r172_config_dict_mutated_between, over(0.15, 0.04, 0.09), cat="state"),
    _w(r172_logging_row_mutated_after, over(0.15, 0.04, 0.09), overlap=3),
    # hazards, helpers and errors
    _w(r172_printing_helper_mutated_obj, over(0.15, 0.04, 0.09), setup=_prices),
    _w(r172_printing_helper_row_dicts_mutated_after, over(0.15, 0.04, 0.09)),
    _w(r172_params_dict_mutated, over(0.15, 0.04, 0.09)),
    _ai(r172_extra_body_shared_mutated, over(0.15, 0.04)),
    _w(r172_print_helper_sees_list, over(0.15, 0.04, 0.09)),
    _w(r172_two_failures_first_wins, speculative_reads=True, cat="validation"),
    _w(r172_default_dict_cache, cat="state", drive=_fresh_cache),
    _w(r172_json_file_roundtrip_per_item, args=web_tmp, cat="files"),
    _ai(r172_messages_history_alias, over(0.15, 0.04, 0.09)),
    Case("http", r172_async_print_between_awaits, drive=_drive_async(with_web=True),
         servers="web"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
