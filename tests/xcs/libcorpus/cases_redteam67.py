"""Red-team cases (stop 67): batch jobs people run over LLM APIs and web services, written
from docs/jit.md and the harness alone.

Evaluation scripts that answer and then score with a judge, dataset cleaning with lookups,
reports written as markdown, JSONL and CSV, small CLIs driven by config dicts, progress
prints and logs at several levels, scripts that mix the openai SDK, requests, sqlite3 and
the filesystem, retry loops on 429s, and caches keyed on prompts in a dict or a file.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, `FAILING_WHY` says what:
none did at fec18d3 (src) (141 cases, plain twice deterministic).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import csv
import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import re
import sqlite3
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx
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

LOG = corpus_logger("redteam67")

GRADE_FORMAT = {"type": "json_schema", "json_schema": {"name": "grade", "schema": {
    "type": "object",
    "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
                   "reason": {"type": "string"}},
    "required": ["score", "reason"]}}}

EVAL_SET = [
    {"id": "q1", "question": "What is the capital of France?", "reference": "Paris", "lat": 0.15},
    {"id": "q2", "question": "What is 2 + 2?", "reference": "4", "lat": 0.03},
    {"id": "q3", "question": "Who wrote Hamlet?", "reference": "Shakespeare", "lat": 0.08},
    {"id": "q4", "question": "Largest planet?", "reference": "Jupiter", "lat": 0.04},
]


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def grade(client: Any, question: str, answer: str, lat: float = 0.04) -> dict[str, Any]:
    r = client.chat.completions.create(
        model="judge", response_format=GRADE_FORMAT, extra_body={"latency": lat},
        messages=[{"role": "system", "content": "Grade the answer from 1 to 5."},
                  {"role": "user", "content": f"Q: {question}\nA: {answer}"}])
    return json.loads(r.choices[0].message.content)


# =========================================================================== evaluation


def eval_answer_then_judge_csv(client: Any, tmp: str) -> float:
    """The everyday eval: answer each question, grade the answer, write a CSV, mean score."""
    rows = []
    for ex in EVAL_SET:
        answer = ask(client, ex["question"], ex["lat"])
        g = grade(client, ex["question"], answer)
        rows.append({"id": ex["id"], "answer": answer[:30], "score": g["score"]})
    with open(os.path.join(tmp, "eval.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "answer", "score"])
        w.writeheader()
        w.writerows(rows)
    return round(statistics.mean(r["score"] for r in rows), 3)


def eval_progress_prints(client: Any) -> dict[str, int]:
    """Prints "[i/n]" after each graded item, as every eval script does."""
    n = len(EVAL_SET)
    scores = {}
    for i, ex in enumerate(EVAL_SET, 1):
        answer = ask(client, ex["question"], ex["lat"])
        score = grade(client, ex["question"], answer)["score"]
        scores[ex["id"]] = score
        print(f"[{i}/{n}] {ex['id']}: score={score}")
    print("done", sum(scores.values()))
    return scores


def eval_logging_levels(client: Any) -> list[int]:
    """INFO per item, WARNING for a low score, DEBUG with the raw answer."""
    out = []
    LOG.info("starting eval of %d items", len(EVAL_SET))
    for ex in EVAL_SET:
        answer = ask(client, ex["question"], ex["lat"])
        LOG.debug("raw answer for %s: %s", ex["id"], answer[:20])
        g = grade(client, ex["question"], answer, lat=0.03)
        if g["score"] <= 2:
            LOG.warning("low score %d on %s", g["score"], ex["id"])
        else:
            LOG.info("ok %s", ex["id"])
        out.append(g["score"])
    LOG.info("mean %.2f", sum(out) / len(out))
    return out


def eval_answers_first_then_grades(client: Any, tmp: str) -> dict[str, Any]:
    """Two phases: all answers to a JSONL, then read back and graded, then a summary."""
    path = Path(tmp) / "answers.jsonl"
    with path.open("w") as f:
        for ex in EVAL_SET:
            a = ask(client, ex["question"], ex["lat"])
            f.write(json.dumps({"id": ex["id"], "q": ex["question"], "a": a}) + "\n")
    graded = []
    for line in path.read_text().splitlines():
        rec = json.loads(line)
        rec["grade"] = grade(client, rec["q"], rec["a"], lat=0.05)["score"]
        graded.append(rec)
    (Path(tmp) / "graded.jsonl").write_text("".join(json.dumps(r) + "\n" for r in graded))
    return {"n": len(graded), "total": sum(r["grade"] for r in graded)}


def eval_exact_match_and_judge(client: Any) -> dict[str, Any]:
    """Exact match first (cheap), the judge only where exact match fails."""
    em = 0
    judged = []
    for ex in EVAL_SET:
        answer = ask(client, ex["question"], ex["lat"], model="gpt-mini")
        if ex["reference"].lower() in answer.lower():
            em += 1
            continue
        judged.append((ex["id"], grade(client, ex["question"], answer)["score"]))
    return {"em": em, "judged": judged}


def eval_multi_judge_majority(client: Any) -> list[str]:
    """Three judges per answer, majority of pass/fail."""
    verdicts = []
    for ex in EVAL_SET[:3]:
        answer = ask(client, ex["question"], ex["lat"])
        votes = [grade(client, ex["question"], answer, lat=lat)["score"] >= 3
                 for lat in (0.09, 0.02, 0.05)]
        verdicts.append("pass" if sum(votes) >= 2 else "fail")
    return verdicts


def eval_pairwise_two_models(client: Any, tmp: str) -> dict[str, int]:
    """A/B eval: two models answer, a judge picks, wins are tallied and written."""
    wins = collections.Counter()
    for ex in EVAL_SET:
        a = ask(client, ex["question"], ex["lat"], model="gpt")
        b = ask(client, ex["question"], 0.02, model="gpt-mini")
        verdict = ask(client, f"Which is better? A: {a[:40]} B: {b[:40]}", 0.03, model="judge")
        wins["A" if len(verdict) % 2 == 0 else "B"] += 1
    Path(tmp, "wins.json").write_text(json.dumps(dict(sorted(wins.items()))))
    return dict(wins)


def eval_early_stop_accuracy(client: Any) -> dict[str, Any]:
    """Stops once enough items scored well: a break decided by the judge."""
    good = 0
    seen = []
    for ex in EVAL_SET:
        answer = ask(client, ex["question"], ex["lat"])
        seen.append(ex["id"])
        if grade(client, ex["question"], answer)["score"] >= 3:
            good += 1
        if good >= 2:
            break
    return {"seen": seen, "good": good}


@dataclasses.dataclass
class EvalResult:
    id: str
    answer: str
    score: int
    passed: bool = False


def eval_dataclass_results_json(client: Any, tmp: str) -> list[dict[str, Any]]:
    results = []
    for ex in EVAL_SET:
        a = ask(client, ex["question"], ex["lat"])
        s = grade(client, ex["question"], a)["score"]
        results.append(EvalResult(ex["id"], a[:16], s, s >= 3))
    with open(Path(tmp) / "results.json", "w") as f:
        json.dump([dataclasses.asdict(r) for r in results], f, indent=2)
    return [dataclasses.asdict(r) for r in results]


class Evaluator:
    """A small class the way eval harnesses are written: config in, run(), summary()."""

    def __init__(self, client: Any, config: dict[str, Any]) -> None:
        self.client = client
        self.config = config
        self.results: list[tuple[str, int]] = []

    def answer(self, ex: dict[str, Any]) -> str:
        return ask(self.client, ex["question"], ex["lat"], model=self.config["model"])

    def judge(self, ex: dict[str, Any], answer: str) -> int:
        return grade(self.client, ex["question"], answer, lat=self.config["judge_lat"])["score"]

    def run(self, data: list[dict[str, Any]]) -> None:
        for ex in data:
            a = self.answer(ex)
            self.results.append((ex["id"], self.judge(ex, a)))
            if self.config["verbose"]:
                print("graded", ex["id"])

    def summary(self) -> dict[str, Any]:
        return {"n": len(self.results), "sum": sum(s for _, s in self.results)}


def eval_class_with_config(client: Any) -> dict[str, Any]:
    ev = Evaluator(client, {"model": "gpt", "judge_lat": 0.03, "verbose": True})
    ev.run(EVAL_SET)
    return ev.summary()


def eval_regex_score_from_text(client: Any) -> list[int]:
    """The judge answers free text; the score is the count of a word, parsed with re."""
    scores = []
    for ex in EVAL_SET:
        answer = ask(client, ex["question"], ex["lat"])
        verdict = ask(client, f"Grade: {answer[:50]}", 0.03, model="judge")
        m = re.findall(r"\bthe\b", verdict)
        scores.append(min(5, len(m) + 1))
    return scores


def eval_grouped_by_category(client: Any) -> dict[str, list[int]]:
    data = [("geo", "Capital of Peru?", 0.15), ("math", "3*3?", 0.03),
            ("geo", "Capital of Chile?", 0.08), ("lit", "Author of Emma?", 0.05)]
    by_cat: dict[str, list[int]] = collections.defaultdict(list)
    for cat, q, lat in data:
        a = ask(client, q, lat)
        by_cat[cat].append(grade(client, q, a, lat=0.02)["score"])
    for cat in sorted(by_cat):
        print(f"{cat:6s} n={len(by_cat[cat])} mean={statistics.mean(by_cat[cat]):.2f}")
    return dict(by_cat)


# =========================================================================== dataset cleaning


RAW_ROWS = [
    {"sku": "A-1", "name": " Widget ", "ms": 150},
    {"sku": "", "name": "nameless", "ms": 20},
    {"sku": "B-2", "name": "gadget", "ms": 30},
    {"sku": "missing-C", "name": "ghost", "ms": 80},
    {"sku": "D-4", "name": "Doohickey", "ms": 40},
]


def clean_rows_lookup_requests(web: str, tmp: str) -> dict[str, Any]:
    """Skip rows without a SKU, look each SKU up, drop the ones the service does not know."""
    kept, dropped = [], []
    with requests.Session() as s:
        for row in RAW_ROWS:
            if not row["sku"]:
                dropped.append("<blank>")
                continue
            r = s.get(f"{web}/items/{row['sku']}?ms={row['ms']}", timeout=5)
            if r.status_code == 404:
                dropped.append(row["sku"])
                continue
            kept.append({"sku": row["sku"], "name": row["name"].strip().lower(),
                         "canonical": r.json()["value"]})
    with open(os.path.join(tmp, "clean.jsonl"), "w") as f:
        for k in kept:
            f.write(json.dumps(k) + "\n")
    return {"kept": len(kept), "dropped": dropped}


def clean_rows_raise_for_status(web: str) -> dict[str, Any]:
    """raise_for_status in a try per row; the error is logged and the row skipped."""
    ok, bad = [], []
    for row in RAW_ROWS:
        if not row["sku"]:
            continue
        try:
            r = requests.get(f"{web}/items/{row['sku']}?ms={row['ms']}", timeout=5)
            r.raise_for_status()
        except requests.HTTPError as e:
            LOG.error("lookup failed for %s: %s", row["sku"], e.response.status_code)
            bad.append(row["sku"])
            continue
        ok.append(r.json()["value"])
    return {"ok": ok, "bad": bad}


def clean_dedupe_normalised_then_lookup(web: str) -> list[str]:
    names = ["Alpha", "alpha ", "Beta", "GAMMA", "beta", "delta"]
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names):
        key = name.strip().lower()
        if key in seen:
            print("duplicate", repr(name))
            continue
        seen.add(key)
        ms = (150, 30, 80, 40, 60, 35)[i]
        out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return out


def clean_sqlite_lookup_cache(web: str, db: str) -> dict[str, Any]:
    """A lookup cache in sqlite: SELECT first, GET and INSERT on a miss."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT OR REPLACE INTO cache VALUES ('b', 'cached-b')")
    conn.commit()
    hits = misses = 0
    values = []
    for key, ms in (("a", 150), ("b", 30), ("c", 80), ("a", 20), ("d", 40)):
        row = conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        if row:
            hits += 1
            values.append(row[0])
            continue
        misses += 1
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        conn.execute("INSERT INTO cache VALUES (?, ?)", (key, v))
        conn.commit()
        values.append(v)
    conn.close()
    return {"hits": hits, "misses": misses, "values": values}


def clean_enrich_with_llm_then_sqlite(client: Any, web: str, db: str) -> list[tuple]:
    """Look up the record, ask the model for a category, store the enriched row."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE products (sku TEXT, value TEXT, category TEXT)")
    for sku, ms, lat in (("p1", 150, 0.1), ("p2", 30, 0.03), ("p3", 80, 0.06)):
        value = requests.get(f"{web}/items/{sku}?ms={ms}", timeout=5).json()["value"]
        category = ask(client, f"Categorise {value}", lat, model="gpt-mini").split()[1]
        conn.execute("INSERT INTO products VALUES (?, ?, ?)", (sku, value, category))
    conn.commit()
    rows = conn.execute("SELECT sku, value, category FROM products ORDER BY sku").fetchall()
    conn.close()
    return rows


def clean_put_fixed_records(web: str) -> list[int]:
    """Reads each record, fixes it, PUTs it back: the PUTs keep their order."""
    versions = []
    for key, ms in (("r1", 150), ("r2", 30), ("r3", 80)):
        value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        fixed = value.upper().replace("-", "_")
        r = requests.put(f"{web}/items/{key}?ms=30", data=fixed, timeout=5)
        versions.append(r.json()["version"])
    after = requests.get(f"{web}/items", timeout=5).json()
    return versions + [after["writes"]]


def clean_urllib_lookups(web: str) -> dict[str, str]:
    """The standard library only: urlopen and json.load."""
    out = {}
    for key, ms in (("u1", 150), ("u2", 30), ("u3", 80)):
        with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}", timeout=5) as resp:
            out[key] = json.load(resp)["value"]
    return out


def clean_httpx_base_url_batch(web: str, tmp: str) -> int:
    """An httpx client with a base_url, results written as a TSV."""
    lines = []
    with httpx.Client(base_url=web, timeout=5) as http:
        for key, ms in (("h1", 150), ("h2", 30), ("h3", 80), ("h4", 40)):
            data = http.get(f"/items/{key}", params={"ms": ms}).json()
            lines.append(f"{data['key']}\t{data['value']}")
    Path(tmp, "out.tsv").write_text("\n".join(lines) + "\n")
    return len(lines)


# =========================================================================== reports


def report_markdown_from_lookups(client: Any, web: str, tmp: str) -> str:
    """Fetch stats, let the model summarise each, write report.md."""
    sections = []
    for name, ms in (("traffic", 150), ("errors", 30), ("latency", 80)):
        stat = requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"]
        summary = ask(client, f"Summarise {name}: {stat}", 0.04)
        sections.append(f"## {name.title()}\n\n- raw: `{stat}`\n- {summary[:40]}\n")
    text = "# Weekly report\n\n" + "\n".join(sections)
    Path(tmp, "report.md").write_text(text)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def report_files_then_index(client: Any, tmp: str) -> list[str]:
    """One markdown file per topic in out/, then an index built from os.listdir."""
    out = Path(tmp) / "out"
    out.mkdir()
    for i, (topic, lat) in enumerate((("zeta", 0.15), ("alpha", 0.03), ("mid", 0.08))):
        body = ask(client, f"Write about {topic}", lat)
        (out / f"{i:02d}-{topic}.md").write_text(f"# {topic}\n\n{body}\n")
    names = sorted(os.listdir(out))
    (Path(tmp) / "index.md").write_text("".join(f"- [{n}](out/{n})\n" for n in names))
    return names


def report_csv_writer_per_row(client: Any, tmp: str) -> int:
    """csv.writer.writerow right after each answer, file open across the loop."""
    n = 0
    with open(Path(tmp) / "labels.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        for text, lat in (("great product", 0.15), ("awful", 0.03), ("meh", 0.08)):
            label = ask(client, f"Sentiment of: {text}", lat, model="gpt-mini").split()[2]
            w.writerow([text, label])
            n += 1
    return n


def report_table_print(client: Any) -> None:
    """A fixed-width table printed at the end, header first."""
    rows = []
    for model, lat in (("gpt", 0.15), ("gpt-mini", 0.03), ("judge", 0.08)):
        r = client.chat.completions.create(model=model, messages=[
            {"role": "user", "content": "Say hi"}], extra_body={"latency": lat})
        rows.append((model, r.usage.prompt_tokens, r.usage.completion_tokens))
    print(f"{'model':<10}{'in':>5}{'out':>5}")
    print("-" * 20)
    for m, i, o in rows:
        print(f"{m:<10}{i:>5}{o:>5}")
    print(f"{'total':<10}{sum(r[1] for r in rows):>5}{sum(r[2] for r in rows):>5}")


def report_stringio_then_file(client: Any, web: str, tmp: str) -> int:
    """The report is built in a StringIO and written once."""
    buf = io.StringIO()
    buf.write("# Items\n")
    for key, ms in (("s1", 150), ("s2", 30), ("s3", 80)):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        buf.write(f"* {key}: {v}\n")
    buf.write("\n" + ask(client, "Conclude", 0.05)[:30] + "\n")
    Path(tmp, "items.md").write_text(buf.getvalue())
    return len(buf.getvalue())


def report_checkpoint_every_two(client: Any, tmp: str) -> list[int]:
    """A checkpoint file rewritten every two items, read back to report its size."""
    done: list[str] = []
    sizes = []
    ck = Path(tmp) / "checkpoint.json"
    for i, (q, lat) in enumerate((("a", 0.15), ("b", 0.03), ("c", 0.08), ("d", 0.04))):
        done.append(ask(client, q, lat)[:10])
        if i % 2 == 1:
            ck.write_text(json.dumps(done))
            sizes.append(len(json.loads(ck.read_text())))
    return sizes


# =========================================================================== CLIs and config


DEFAULTS = {"model": "gpt", "limit": 3, "dry_run": False, "out": "run.jsonl", "sleep": 0.0}


def cli_config_overrides(client: Any, tmp: str) -> dict[str, Any]:
    """Config dict merged with overrides, then a batch bounded by `limit`."""
    config = {**DEFAULTS, **{"limit": 2, "model": "gpt-mini"}}
    prompts = ["first", "second", "third", "fourth"]
    out = Path(tmp) / config["out"]
    written = 0
    with out.open("w") as f:
        for p, lat in zip(prompts[: config["limit"]], (0.15, 0.03), strict=True):
            if config["dry_run"]:
                print("would ask", p)
                continue
            f.write(json.dumps({"p": p, "a": ask(client, p, lat, model=config["model"])}) + "\n")
            written += 1
    print(f"wrote {written} to {config['out']}")
    return config


def cli_argparse_main(client: Any, tmp: str) -> int:
    """A main(argv) with argparse, as a script's entry point."""
    parser = argparse.ArgumentParser(prog="batch")
    parser.add_argument("--model", default="gpt")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--out", default="out.txt")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(["--limit", "3", "-v", "--out", "answers.txt"])
    lines = []
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.02)[: args.limit]):
        a = ask(client, f"item {i}", lat, model=args.model)
        if args.verbose:
            print(f"item {i}: {len(a)} chars")
        lines.append(a[:20])
    Path(tmp, args.out).write_text("\n".join(lines))
    return 0


def cli_config_file_then_run(web: str, tmp: str) -> list[str]:
    """Config read from a JSON file the setup wrote; keys and pacing from it."""
    conf = json.loads(Path(tmp, "config.json").read_text())
    out = []
    for key in conf["keys"]:
        ms = conf["ms"].get(key, 30)
        out.append(requests.get(f"{web}/items/{conf['prefix']}{key}?ms={ms}", timeout=5)
                   .json()["value"])
    Path(tmp, conf["output"]).write_text(json.dumps(out))
    return out


def _write_config(env: Env) -> None:
    Path(env.tmp, "config.json").write_text(json.dumps({
        "keys": ["k1", "k2", "k3"], "ms": {"k1": 150, "k2": 30, "k3": 80},
        "prefix": "cfg-", "output": "cfg-out.json"}))


def cli_env_var_limit(client: Any) -> list[str]:
    """os.environ with a default decides the batch size."""
    limit = int(os.environ.get("REDTEAM67_LIMIT", "3"))
    verbose = os.environ.get("REDTEAM67_VERBOSE", "1") == "1"
    out = []
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05)):
        if i >= limit:
            break
        out.append(ask(client, f"env item {i}", lat)[:12])
        if verbose:
            print("done", i)
    return out


def cli_dry_run_then_real(client: Any) -> list[str]:
    """The same loop twice: a dry run that prints the plan, then the real run."""
    plan = [("x", 0.15), ("y", 0.03), ("z", 0.08)]
    out = []
    for dry in (True, False):
        for p, lat in plan:
            if dry:
                print("plan:", p)
            else:
                out.append(ask(client, p, lat)[:8])
        print("phase done, dry =", dry)
    return out


# =========================================================================== retries


def retry_429_mirror_fallback(web: str) -> list[str]:
    """Primary endpoint rate-limits some keys: on 429, back off and use the mirror."""
    out = []
    for key, primary_limited, ms in (("m1", True, 150), ("m2", False, 30), ("m3", True, 80)):
        url = f"{web}/status/429" if primary_limited else f"{web}/items/{key}?ms={ms}"
        for attempt in range(3):
            r = requests.get(url, timeout=5)
            if r.status_code != 429:
                break
            LOG.warning("429 on %s attempt %d", key, attempt)
            time.sleep(0.03 * (attempt + 1))
            url = f"{web}/items/{key}?ms={ms}"
        out.append(r.json()["value"])
    return out


def _get_with_retry(url: str, tries: int = 3) -> requests.Response:
    for attempt in range(tries):
        r = requests.get(url, timeout=5)
        if r.status_code not in (429, 503):
            return r
        time.sleep(0.03 * 2 ** attempt)
    r.raise_for_status()
    return r


def retry_helper_all_fail(web: str) -> dict[str, Any]:
    """A retry helper; one URL always answers 503 and its error ends up caught."""
    out: dict[str, Any] = {}
    for name, url in (("a", f"{web}/items/a?ms=150"), ("b", f"{web}/status/503"),
                      ("c", f"{web}/items/c?ms=40")):
        try:
            out[name] = _get_with_retry(url).json()["value"]
        except requests.HTTPError as e:
            out[name] = f"error {e.response.status_code}"
    return out


def retry_helper_independent_keys(web: str) -> list[str]:
    """The retry helper over keys that succeed at once: independent reads."""
    return [_get_with_retry(f"{web}/items/{k}?ms={ms}").json()["value"]
            for k, ms in (("i1", 150), ("i2", 30), ("i3", 80))]


def retry_openai_bad_model_fallback(client: Any) -> list[str]:
    """A model name from config is empty for some items: BadRequest, then the default."""
    out = []
    for prompt, model, lat in (("one", "gpt", 0.15), ("two", "", 0.03), ("three", "gpt", 0.08)):
        try:
            out.append(ask(client, prompt, lat, model=model)[:10])
        except openai.BadRequestError as e:
            LOG.warning("bad request for %r: %s", prompt, e.status_code)
            out.append("fallback:" + ask(client, prompt, 0.02, model="gpt-mini")[:10])
    return out


def retry_status_counter(web: str) -> dict[str, int]:
    """Counts statuses over a list of endpoints, 4xx/5xx included."""
    codes = collections.Counter()
    for path in ("/items/x?ms=150", "/status/429", "/items/missing-y?ms=80", "/status/500",
                 "/items/z?ms=30"):
        r = requests.get(web + path, timeout=5)
        codes[f"{r.status_code // 100}xx"] += 1
    return dict(sorted(codes.items()))


# =========================================================================== caches


CACHE: dict[str, str] = {}


def _reset_cache(env: Env) -> None:
    CACHE.clear()


def cache_global_dict_repeats(client: Any) -> dict[str, Any]:
    """A module-level dict cache keyed on the prompt; repeats hit."""
    hits = 0
    out = []
    for p, lat in (("alpha", 0.15), ("beta", 0.03), ("alpha", 0.02), ("gamma", 0.08),
                   ("beta", 0.02)):
        if p in CACHE:
            hits += 1
        else:
            CACHE[p] = ask(client, p, lat)
        out.append(CACHE[p][:10])
    return {"hits": hits, "out": out}


def _cached_ask(client: Any, prompt: str, lat: float) -> str:
    key = hashlib.sha1(prompt.encode()).hexdigest()
    if key not in CACHE:
        CACHE[key] = ask(client, prompt, lat)
    return CACHE[key]


def cache_helper_hash_key(client: Any) -> list[int]:
    return [len(_cached_ask(client, p, lat)) for p, lat in
            (("x", 0.15), ("y", 0.03), ("x", 0.02), ("z", 0.08))]


def cache_json_file_load_save(client: Any, tmp: str) -> dict[str, Any]:
    """Cache in a JSON file: loaded at start (setup wrote some), saved at the end."""
    path = Path(tmp) / "cache.json"
    cache = json.loads(path.read_text()) if path.exists() else {}
    misses = []
    for p, lat in (("p1", 0.15), ("p2", 0.03), ("p3", 0.08), ("p1", 0.02)):
        if p not in cache:
            cache[p] = ask(client, p, lat)[:16]
            misses.append(p)
    path.write_text(json.dumps(cache, sort_keys=True))
    return {"misses": misses, "size": len(cache)}


def _write_cache(env: Env) -> None:
    Path(env.tmp, "cache.json").write_text(json.dumps({"p2": "from disk"}))


def cache_file_per_prompt(client: Any, tmp: str) -> list[str]:
    """One file per prompt hash in a cache dir, written as soon as the answer comes."""
    d = Path(tmp) / ".cache"
    d.mkdir(exist_ok=True)
    out = []
    for p, lat in (("red", 0.15), ("green", 0.03), ("red", 0.02), ("blue", 0.08)):
        f = d / (hashlib.md5(p.encode()).hexdigest() + ".txt")
        if f.exists():
            out.append("hit:" + f.read_text()[:8])
            continue
        a = ask(client, p, lat)
        f.write_text(a)
        out.append("miss:" + a[:8])
    return out


def cache_sqlite_prompts(client: Any, db: str) -> list[str]:
    """A prompt cache table; each miss answered and inserted, each row committed."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS llm_cache (prompt TEXT PRIMARY KEY, answer TEXT)")
    out = []
    for p, lat in (("why", 0.15), ("how", 0.03), ("why", 0.02), ("what", 0.08)):
        hit = conn.execute("SELECT answer FROM llm_cache WHERE prompt=?", (p,)).fetchone()
        if hit is not None:
            out.append("hit")
            continue
        a = ask(client, p, lat)
        with conn:
            conn.execute("INSERT INTO llm_cache VALUES (?, ?)", (p, a))
        out.append(a[:8])
    n = conn.execute("SELECT COUNT(*) FROM llm_cache").fetchone()[0]
    conn.close()
    return out + [str(n)]


def cache_atomic_replace(client: Any, tmp: str) -> int:
    """Writes the cache to a temp file and os.replace()s it after every answer."""
    path = Path(tmp) / "answers.json"
    cache: dict[str, str] = {}
    for p, lat in (("k1", 0.15), ("k2", 0.03), ("k3", 0.08)):
        cache[p] = ask(client, p, lat)[:12]
        tmp_path = path.with_suffix(".tmp")
        tmp_path.write_text(json.dumps(cache))
        os.replace(tmp_path, path)
    return len(json.loads(path.read_text()))


# =========================================================================== mixed scripts


def mixed_fetch_summarise_store(client: Any, web: str, db: str) -> dict[str, Any]:
    """requests -> openai -> sqlite, then a SELECT report."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE summaries (doc TEXT, summary TEXT, words INTEGER)")
    for doc, ms in (("d1", 150), ("d2", 30), ("d3", 80)):
        text = requests.get(f"{web}/text/{doc}?ms={ms}", timeout=5).text
        summary = ask(client, f"Summarise: {text}", 0.04)
        conn.execute("INSERT INTO summaries VALUES (?, ?, ?)",
                     (doc, summary[:30], len(summary.split())))
        conn.commit()
    total = conn.execute("SELECT SUM(words) FROM summaries").fetchone()[0]
    docs = [r[0] for r in conn.execute("SELECT doc FROM summaries ORDER BY rowid")]
    conn.close()
    return {"total": total, "docs": docs}


def mixed_post_results_then_list(client: Any, web: str) -> dict[str, Any]:
    """Answers are POSTed one by one to a results service, then the service is listed."""
    for i, (q, lat) in enumerate((("q-a", 0.15), ("q-b", 0.03), ("q-c", 0.08))):
        a = ask(client, q, lat)
        requests.post(f"{web}/items/result-{i}", data=a[:20], timeout=5)
    listing = requests.get(f"{web}/items", timeout=5).json()
    return listing


def mixed_put_then_get_same_key(web: str) -> list[str]:
    """Writes a value, reads it back; the read must see the write."""
    out = []
    for key, ms in (("w1", 150), ("w2", 30)):
        requests.put(f"{web}/items/{key}?ms={ms}", data=f"new-{key}", timeout=5)
        out.append(requests.get(f"{web}/items/{key}?ms=30", timeout=5).json()["value"])
    return out


def mixed_read_folder_answer_write_next(client: Any, tmp: str) -> list[str]:
    """Reads every .txt in inputs/, asks a question about it, writes .answer next to it."""
    folder = Path(tmp) / "inputs"
    done = []
    for p in sorted(folder.glob("*.txt")):
        text = p.read_text()
        lat = {"a": 0.15, "b": 0.03, "c": 0.08}[p.stem]
        answer = ask(client, f"Topic of: {text}", lat)
        p.with_suffix(".answer").write_text(answer)
        done.append(p.stem)
    return done


def _write_inputs(env: Env) -> None:
    folder = Path(env.tmp) / "inputs"
    folder.mkdir()
    for stem in ("a", "b", "c"):
        (folder / f"{stem}.txt").write_text(f"document {stem} about {stem * 3}\n")


def mixed_jsonl_in_jsonl_out(client: Any, tmp: str) -> int:
    """Reads prompts.jsonl line by line, writes outputs.jsonl line by line."""
    n = 0
    with open(Path(tmp) / "prompts.jsonl") as src, \
            open(Path(tmp) / "outputs.jsonl", "w") as dst:
        for line in src:
            rec = json.loads(line)
            rec["output"] = ask(client, rec["prompt"], rec["lat"])[:24]
            dst.write(json.dumps(rec) + "\n")
            n += 1
    return n


def _write_prompts(env: Env) -> None:
    Path(env.tmp, "prompts.jsonl").write_text("".join(
        json.dumps({"prompt": p, "lat": lat}) + "\n"
        for p, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08))))


def mixed_jobs_submit_poll(web: str) -> list[str]:
    """Submit two jobs, poll each until done with a sleep between polls."""
    ids = [requests.post(f"{web}/jobs", timeout=5).json()["id"] for _ in range(2)]
    statuses = []
    for job in ids:
        for _ in range(6):
            s = requests.get(f"{web}/jobs/{job}?ms=30", timeout=5).json()["status"]
            if s == "done":
                break
            time.sleep(0.03)
        statuses.append(f"{job}:{s}")
    return statuses


def mixed_embeddings_rank(client: Any) -> list[str]:
    """Embeds a query and documents one by one, ranks by cosine."""
    def embed(text: str) -> list[float]:
        return client.embeddings.create(model="emb", input=text).data[0].embedding

    def cos(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True)) / (
            math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))

    q = embed("cheap flights")
    docs = ["airline deals", "cooking pasta", "hotel prices", "train times"]
    scored = sorted(((cos(q, embed(d)), d) for d in docs), reverse=True)
    return [d for _, d in scored]


def mixed_anthropic_judges_openai(web_unused: Any, env_clients: tuple) -> list[str]:
    oa, an = env_clients
    out = []
    for q, lat in (("Explain TCP", 0.15), ("Explain UDP", 0.03), ("Explain QUIC", 0.08)):
        answer = ask(oa, q, lat)
        msg = an.messages.create(model="claude", max_tokens=64, extra_body={"latency": 0.03},
                                 messages=[{"role": "user", "content": f"Judge: {answer[:60]}"}])
        out.append(msg.content[0].text[:16])
    return out


def mixed_log_file_handler(client: Any, tmp: str) -> str:
    """A script's own logger writing to run.log; the log is read back at the end."""
    logger = logging.getLogger(f"batchjob.{abs(hash(tmp))}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.FileHandler(Path(tmp) / "run.log")
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    try:
        for p, lat in (("aa", 0.15), ("bb", 0.03), ("cc", 0.08)):
            a = ask(client, p, lat)
            logger.info("answered %s with %d words", p, len(a.split()))
        logger.warning("finished")
    finally:
        logger.removeHandler(handler)
        handler.close()
    return Path(tmp, "run.log").read_text()


def mixed_stdout_progress_bar(client: Any) -> int:
    """A hand-made progress bar with sys.stdout.write and flush."""
    items = [("a", 0.15), ("b", 0.03), ("c", 0.08), ("d", 0.04)]
    total = 0
    for i, (p, lat) in enumerate(items, 1):
        total += len(ask(client, p, lat))
        bar = "#" * i + "." * (len(items) - i)
        sys.stdout.write(f"\r[{bar}] {i}/{len(items)}")
        sys.stdout.flush()
    sys.stdout.write("\n")
    return total


def mixed_rate_limit_sleep(client: Any) -> list[str]:
    """A sleep after each answer keeps the script under a requests-per-second limit."""
    out = []
    for p, lat in (("r1", 0.06), ("r2", 0.03), ("r3", 0.05)):
        out.append(ask(client, p, lat)[:8])
        time.sleep(0.05)
    return out


def mixed_failing_item_raises_at_end(web: str) -> list[str]:
    """Collects values, raises a ValueError with the missing keys at the end."""
    found, missing = [], []
    for key, ms in (("ok1", 150), ("missing-x", 30), ("ok2", 80)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        (found if r.ok else missing).append(key)
    if missing:
        raise ValueError(f"missing keys: {missing} (found {found})")
    return found


def mixed_validate_then_lookup(web: str) -> list[str]:
    """Validates each id before looking it up; an invalid id stops the batch."""
    out = []
    for key, ms in (("id-1", 150), ("id-2", 30), ("bad id", 20), ("id-4", 80)):
        if " " in key:
            raise ValueError(f"invalid id {key!r}")
        out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return out


# =========================================================================== async


async def async_eval_gather_then_write(client: Any, tmp: str) -> list[int]:
    """gather the answers, then grade each with gather, then write a JSONL."""
    async def one(ex: dict[str, Any]) -> str:
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": ex["question"]}],
            extra_body={"latency": ex["lat"]})
        return r.choices[0].message.content

    answers = await asyncio.gather(*(one(ex) for ex in EVAL_SET))
    grades = []
    for ex, a in zip(EVAL_SET, answers, strict=True):
        r = await client.chat.completions.create(
            model="judge", response_format=GRADE_FORMAT, extra_body={"latency": 0.03},
            messages=[{"role": "user", "content": f"Q: {ex['question']}\nA: {a}"}])
        grades.append(json.loads(r.choices[0].message.content)["score"])
    with open(Path(tmp) / "async_eval.jsonl", "w") as f:
        for ex, g in zip(EVAL_SET, grades, strict=True):
            f.write(json.dumps({"id": ex["id"], "grade": g}) + "\n")
    return grades


async def async_semaphore_progress(client: Any, tmp: str) -> list[str]:
    """A semaphore of 2 and a print per finished item, in the loop's order."""
    sem = asyncio.Semaphore(2)

    async def one(p: str, lat: float) -> str:
        async with sem:
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": p}],
                extra_body={"latency": lat})
            return r.choices[0].message.content[:10]

    out = []
    for p, lat in (("s1", 0.15), ("s2", 0.03), ("s3", 0.08)):
        out.append(await one(p, lat))
        print("finished", p)
    return out


async def async_sequential_awaits_log(client: Any, tmp: str) -> list[str]:
    """Awaits written one after another, as a script ported from sync code."""
    out = []
    for p, lat in (("x1", 0.15), ("x2", 0.03), ("x3", 0.08)):
        r = await client.chat.completions.create(
            model="gpt-mini", messages=[{"role": "user", "content": p}],
            extra_body={"latency": lat})
        LOG.info("got %s", p)
        out.append(r.choices[0].message.content[:8])
    Path(tmp, "seq.txt").write_text("\n".join(out))
    return out


def _drive_async_oa_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, str(env.tmp))
    return asyncio.run(main())


async def async_httpx_lookups_then_put(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as http:
        vals = []
        for key, ms in (("ah1", 150), ("ah2", 30), ("ah3", 80)):
            vals.append((await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"])
        r = await http.put(f"{web}/items/summary", content=",".join(vals))
        back = (await http.get(f"{web}/items/summary?ms=30")).json()["value"]
    return vals + [r.json()["version"], back]


# =========================================================================== overlapping shapes


def fan_errors_first_in_order_wins(client: Any) -> list[str]:
    """A comprehension over configs where two items are bad in different ways: the
    plain run raises the first bad item's error."""
    configs = [("gpt", 0.15, 0.7), ("gpt", 0.03, 5.0), ("", 0.02, 0.7), ("gpt", 0.08, 0.2)]
    return [ask(client, f"cfg {i}", lat, model=m, temperature=t)[:8]
            for i, (m, lat, t) in enumerate(configs)]


def fan_errors_caught_per_item(client: Any) -> list[str]:
    out = []
    for i, (m, lat) in enumerate((("gpt", 0.15), ("", 0.03), ("gpt-mini", 0.08))):
        try:
            out.append(ask(client, f"item {i}", lat, model=m)[:8])
        except openai.BadRequestError as e:
            print("item", i, "failed:", e.status_code)
            out.append("ERR")
    return out


def _lookup_strict(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def fan_lookup_strict_first_error(web: str) -> list[str]:
    """Two failing lookups: the first in program order is the one raised."""
    keys = [("ok-a", 150), ("missing-b", 80), ("missing-c", 30), ("ok-d", 40)]
    try:
        return [_lookup_strict(web, k, ms) for k, ms in keys]
    except requests.HTTPError as e:
        return ["error", e.request.url.split("/items/")[1]]


def fan_independent_statements_then_report(client: Any, web: str, tmp: str) -> dict[str, Any]:
    """Three independent fetches as statements, a print between, then a file."""
    weather = requests.get(f"{web}/items/weather?ms=150", timeout=5).json()["value"]
    print("fetched weather")
    news = requests.get(f"{web}/items/news?ms=30", timeout=5).json()["value"]
    print("fetched news")
    brief = ask(client, "Morning brief", 0.08)
    print("got brief")
    Path(tmp, "brief.md").write_text(f"# Brief\n{weather}\n{news}\n{brief[:20]}\n")
    return {"weather": weather, "news": news}


def fan_dict_comprehension_then_sorted_write(web: str, tmp: str) -> list[str]:
    keys = {"zz": 150, "aa": 30, "mm": 80, "bb": 40}
    values = {k: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
              for k, ms in keys.items()}
    with open(Path(tmp) / "sorted.txt", "w") as f:
        for k in sorted(values):
            f.write(f"{k}={values[k]}\n")
    return list(values)


def fan_csv_reader_lookups(web: str, tmp: str) -> int:
    """csv.DictReader over an input file, a lookup per row in a list comprehension."""
    with open(Path(tmp) / "in.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    values = [requests.get(f"{web}/items/{r['key']}?ms={r['ms']}", timeout=5).json()["value"]
              for r in rows]
    with open(Path(tmp) / "out.csv", "w", newline="") as f:
        w = csv.writer(f)
        for r, v in zip(rows, values, strict=True):
            w.writerow([r["key"], v])
    return len(values)


def _write_in_csv(env: Env) -> None:
    Path(env.tmp, "in.csv").write_text("key,ms\nc1,150\nc2,30\nc3,80\n")


def fan_history_appended_between(client: Any) -> list[int]:
    """A conversation: each call sees the history so far."""
    history = [{"role": "system", "content": "Be brief."}]
    sizes = []
    for q, lat in (("first?", 0.15), ("second?", 0.03), ("third?", 0.08)):
        history.append({"role": "user", "content": q})
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content})
        sizes.append(r.usage.prompt_tokens)
    return sizes


def fan_model_call_across_file_append(client: Any, tmp: str) -> list[str]:
    """Appends a line per answer, reopening the file in 'a' each time, then counts."""
    path = Path(tmp) / "log.txt"
    out = []
    for p, lat in (("la", 0.15), ("lb", 0.03), ("lc", 0.08)):
        a = ask(client, p, lat)
        with open(path, "a") as f:
            f.write(f"{p}\t{a[:10]}\n")
        with open(path) as f:
            out.append(str(sum(1 for _ in f)))
    return out


def fan_usage_nonlocal_totals(client: Any) -> dict[str, int]:
    """A closure adds each call's usage to totals kept in the enclosing function."""
    totals = {"prompt": 0, "completion": 0, "calls": 0}

    def tracked(prompt: str, lat: float) -> str:
        r = client.chat.completions.create(model="gpt", extra_body={"latency": lat},
                                           messages=[{"role": "user", "content": prompt}])
        totals["prompt"] += r.usage.prompt_tokens
        totals["completion"] += r.usage.completion_tokens
        totals["calls"] += 1
        return r.choices[0].message.content

    answers = [tracked(p, lat) for p, lat in (("u1", 0.15), ("u2", 0.03), ("u3", 0.08))]
    totals["chars"] = sum(len(a) for a in answers)
    return totals


def fan_usage_global_counter(client: Any) -> int:
    """The same with a module-level counter and `global`."""
    global CALLS
    CALLS = 0
    out = []
    for p, lat in (("g1", 0.15), ("g2", 0.03), ("g3", 0.08)):
        out.append(ask(client, p, lat))
        CALLS += 1
        print("calls so far", CALLS)
    return CALLS + sum(len(a) for a in out)


CALLS = 0


def fan_map_partial(client: Any) -> list[str]:
    import functools
    f = functools.partial(ask, client, model="gpt-mini")
    return [a[:10] for a in map(f, ["m1", "m2", "m3"], [0.15, 0.03, 0.08])]


def fan_sum_generator(client: Any) -> int:
    return sum(len(ask(client, p, lat)) for p, lat in (("g1", 0.15), ("g2", 0.03), ("g3", 0.08)))


def fan_generator_pipeline_prints(client: Any, web: str) -> list[str]:
    """A generator yields looked-up records; the consumer asks and prints each."""
    def records():
        for key, ms in (("gp1", 150), ("gp2", 30), ("gp3", 80)):
            print("fetching", key)
            yield requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()

    out = []
    for rec in records():
        a = ask(client, rec["value"], 0.03)
        print("answered", rec["key"])
        out.append(a[:8])
    return out


def fan_setdefault_cache(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for p, lat in (("s", 0.15), ("t", 0.03), ("s", 0.02), ("u", 0.08)):
        if p not in cache:
            cache.setdefault(p, ask(client, p, lat))
        out.append(cache[p][:8])
    return out


def fan_cache_or_call_comprehension(client: Any) -> list[str]:
    """`cache.get(p) or ask(...)` in a comprehension: the call only on a miss."""
    cache = {"known": "from cache"}
    return [(cache.get(p) or ask(client, p, lat))[:10]
            for p, lat in (("new1", 0.15), ("known", 0.03), ("new2", 0.08))]


def fan_budget_break(client: Any) -> list[int]:
    """Stops before a call that would exceed the token budget."""
    budget, spent = 150, 0
    out = []
    for p, lat in (("b1 long prompt", 0.15), ("b2", 0.03), ("b3", 0.08), ("b4", 0.02)):
        est = len(p.split()) * 20 + 40
        if spent + est > budget:
            print("budget exhausted before", p)
            break
        r = client.chat.completions.create(model="gpt", extra_body={"latency": lat},
                                           messages=[{"role": "user", "content": p}])
        spent += r.usage.total_tokens
        out.append(spent)
    return out


def fan_put_results_after_parallel_reads(web: str) -> list[int]:
    """Reads in a comprehension, then one PUT per value in order."""
    keys = [("pa", 150), ("pb", 30), ("pc", 80)]
    values = [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
              for k, ms in keys]
    return [requests.put(f"{web}/items/out-{i}", data=v, timeout=5).json()["version"]
            for i, v in enumerate(values)]


def fan_read_after_put_other_key(web: str) -> list[str]:
    """A PUT of one key, then reads of others and of the PUT key: order must hold."""
    requests.put(f"{web}/items/config?ms=80", data="v2", timeout=5)
    a = requests.get(f"{web}/items/other?ms=150", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/config?ms=30", timeout=5).json()["value"]
    return [a, b]


def fan_db_write_then_model_then_select(client: Any, db: str) -> list[Any]:
    """An insert that fails on a constraint inside try; model calls after it."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE runs (name TEXT UNIQUE, answer TEXT)")
    out: list[Any] = []
    for name, lat in (("r1", 0.15), ("r1", 0.03), ("r2", 0.08)):
        try:
            conn.execute("INSERT INTO runs (name) VALUES (?)", (name,))
        except sqlite3.IntegrityError as e:
            out.append(f"dup {name}: {e}")
            continue
        a = ask(client, name, lat)
        conn.execute("UPDATE runs SET answer=? WHERE name=?", (a[:10], name))
        conn.commit()
    out.append(conn.execute("SELECT name, answer FROM runs ORDER BY name").fetchall())
    conn.close()
    return out


def fan_warnings_per_low_score(client: Any) -> list[int]:
    import warnings
    scores = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for ex in EVAL_SET[:3]:
            s = grade(client, ex["question"], ex["reference"], lat=ex["lat"])["score"]
            if s < 3:
                warnings.warn(f"low score on {ex['id']}", stacklevel=1)
            scores.append(s)
    return scores + [len(caught)]


def fan_stderr_and_stdout(client: Any) -> list[str]:
    out = []
    for p, lat in (("e1", 0.15), ("e2", 0.03), ("e3", 0.08)):
        a = ask(client, p, lat)
        print("answer", p, file=sys.stderr)
        print("ok", p)
        out.append(a[:6])
    return out


# =========================================================================== config read by helpers


class PromptFile:
    """A prompt kept in a file, read when it is formatted (edited between runs by hand)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return self.path.read_text().strip()


def prompt_file_edited_between_fstring(client: Any, tmp: str) -> list[str]:
    """The prompt file is rewritten between two calls that format it in an f-string."""
    path = Path(tmp) / "prompt.txt"
    pf = PromptFile(path)
    path.write_text("Summarise briefly")
    a = ask(client, f"{pf}: the report", 0.15)
    path.write_text("Translate to French")
    b = ask(client, f"{pf}: the report", 0.03)
    return [a[:40], b[:40]]


def prompt_file_edited_between_str(client: Any, tmp: str) -> list[str]:
    """The same with str(pf) + text."""
    path = Path(tmp) / "prompt.txt"
    pf = PromptFile(path)
    path.write_text("Summarise briefly")
    a = ask(client, str(pf) + ": the report", 0.15)
    path.write_text("Translate to French")
    b = ask(client, str(pf) + ": the report", 0.03)
    return [a[:40], b[:40]]


def _model_from_env() -> str:
    return os.environ.get("REDTEAM67_MODEL", "gpt")


def _ask_env_model(client: Any, prompt: str, lat: float) -> str:
    return ask(client, prompt, lat, model=_model_from_env())


def env_var_switch_between_calls(client: Any) -> list[str]:
    """A helper reads the model from os.environ; the script switches it midway."""
    try:
        a = _ask_env_model(client, "first", 0.15)
        os.environ["REDTEAM67_MODEL"] = "gpt-mini"
        b = _ask_env_model(client, "second", 0.03)
    finally:
        os.environ.pop("REDTEAM67_MODEL", None)
    return [a[:12], b[:12]]


def _clear_env(env: Env) -> None:
    os.environ.pop("REDTEAM67_MODEL", None)


SETTINGS: dict[str, Any] = {"model": "gpt", "prefix": "Q"}
STOPWORDS: set[str] = {"the", "a"}


def _reset_settings(env: Env) -> None:
    SETTINGS.clear()
    SETTINGS.update({"model": "gpt", "prefix": "Q"})
    STOPWORDS.clear()
    STOPWORDS.update({"the", "a"})


def _ask_settings(client: Any, prompt: str, lat: float) -> str:
    return ask(client, f"{SETTINGS['prefix']}: {prompt}", lat, model=SETTINGS["model"])


def settings_alias_mutated(client: Any) -> list[str]:
    """The global settings are changed through a local alias between two calls."""
    cfg = SETTINGS
    a = _ask_settings(client, "one", 0.15)
    cfg["model"] = "gpt-mini"
    b = _ask_settings(client, "two", 0.03)
    return [a[:14], b[:14]]


def _use_mini() -> None:
    SETTINGS["model"] = "gpt-mini"


def settings_changed_by_helper(client: Any) -> list[str]:
    """A helper (no `global`) changes the settings dict between two calls."""
    a = _ask_settings(client, "one", 0.15)
    _use_mini()
    b = _ask_settings(client, "two", 0.03)
    return [a[:14], b[:14]]


def settings_update_method(client: Any) -> list[str]:
    """SETTINGS.update({...}) between calls."""
    a = _ask_settings(client, "one", 0.15)
    SETTINGS.update(prefix="Z", model="judge")
    b = _ask_settings(client, "two", 0.03)
    return [a[:20], b[:20]]


def _ask_without_stopwords(client: Any, prompt: str, lat: float) -> str:
    words = [w for w in prompt.split() if w not in STOPWORDS]
    return ask(client, " ".join(words), lat)


def stopwords_added_between(client: Any) -> list[str]:
    """A global stopword set grows between two calls that filter with it."""
    a = _ask_without_stopwords(client, "the cat and the dog", 0.15)
    STOPWORDS.add("dog")
    b = _ask_without_stopwords(client, "the cat and the dog", 0.03)
    return [a[:30], b[:30]]


def _count_rows(db: str) -> int:
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    finally:
        c.close()


def sqlite_second_connection_reads(client: Any, db: str) -> list[Any]:
    """A helper opens its own connection to count rows; the main one inserts between."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.commit()
    out: list[Any] = []
    for p, lat in (("c1", 0.15), ("c2", 0.03)):
        a = ask(client, p, lat)
        conn.execute("INSERT INTO t VALUES (?)", (a[:5],))
        conn.commit()
        out.append(_count_rows(db))
    conn.close()
    return out


def sqlite_other_connection_before_model(client: Any, db: str) -> list[Any]:
    """Insert, then a slow model call, then a count by a second connection."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('a')")
    conn.commit()
    slow = ask(client, "slow", 0.15)
    conn.execute("INSERT INTO t VALUES ('b')")
    conn.commit()
    n = _count_rows(db)
    conn.close()
    return [slow[:8], n]


def _read_json(path: Path) -> Any:
    with open(path) as f:
        return json.load(f)


def file_rewritten_then_read_by_helper(client: Any, tmp: str) -> list[Any]:
    """A state file rewritten after each answer and read back by a helper."""
    path = Path(tmp) / "state.json"
    path.write_text(json.dumps({"n": 0}))
    seen = []
    for p, lat in (("f1", 0.15), ("f2", 0.03), ("f3", 0.08)):
        a = ask(client, p, lat)
        state = _read_json(path)
        state["n"] += 1
        state["last"] = a[:6]
        path.write_text(json.dumps(state))
        seen.append(_read_json(path)["n"])
    return seen


class RunConfig:
    model = "gpt"
    temperature = 0.0


def class_config_switched(client: Any) -> list[str]:
    """A config class attribute switched between calls made through a helper."""
    def go(p: str, lat: float) -> str:
        return ask(client, p, lat, model=RunConfig.model, temperature=RunConfig.temperature)

    try:
        a = go("x", 0.15)
        RunConfig.model = "judge"
        RunConfig.temperature = 0.5
        b = go("x", 0.03)
    finally:
        RunConfig.model = "gpt"
        RunConfig.temperature = 0.0
    return [a[:10], b[:10]]


def param_dict_mutated_by_method(client: Any, opts: dict[str, Any]) -> list[str]:
    """The caller's options dict is changed in place between calls."""
    def go(p: str, lat: float) -> str:
        return ask(client, p, lat, model=opts["model"])

    a = go("x", 0.15)
    opts.update(model="gpt-mini")
    b = go("x", 0.03)
    return [a[:12], b[:12]]


# =========================================================================== arguments reused in place


def batch_session_params_edited(web: str) -> list[str]:
    """Session-level query params, changed in place between two GETs."""
    with requests.Session() as s:
        s.params = {"ms": "150", "lang": "en"}
        a = s.get(f"{web}/items/sa", timeout=5).json()["value"]
        s.params["ms"] = "30"
        s.params["lang"] = "fr"
        b = s.get(f"{web}/items/sb", timeout=5).json()["value"]
    return [a, b]


def params_dict_reused_per_page(web: str) -> list[str]:
    """One params dict, updated for each page, as pagination code does."""
    params: dict[str, Any] = {"page": 0, "ms": 0}
    out = []
    for page, ms in ((1, 150), (2, 30), (3, 80)):
        params["page"] = page
        params["ms"] = ms
        out.append(requests.get(f"{web}/items/page", params=params, timeout=5).json()["value"])
    return out


def messages_template_reused(client: Any) -> list[str]:
    """One messages list whose last content is overwritten per question."""
    messages = [{"role": "system", "content": "Answer tersely."},
                {"role": "user", "content": ""}]
    out = []
    for q, lat in (("Why sky blue?", 0.15), ("Why grass green?", 0.03), ("Why sea salty?", 0.08)):
        messages[-1]["content"] = q
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:30])
    return out


def history_appended_before_next_straight(client: Any) -> list[str]:
    """Straight-line: ask, append a follow-up to the same list, ask again."""
    history = [{"role": "user", "content": "Name a colour."}]
    r1 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.15})
    history.append({"role": "user", "content": "And a fruit."})
    r2 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.03})
    return [r1.choices[0].message.content[:30], r2.choices[0].message.content[:30],
            str(r1.usage.prompt_tokens), str(r2.usage.prompt_tokens)]


def sdk_kwargs_dict_edited_between(client: Any) -> list[str]:
    """One kwargs dict for the SDK, changed between calls."""
    kwargs: dict[str, Any] = {"model": "gpt", "extra_body": {"latency": 0.15}}
    a = client.chat.completions.create(messages=[{"role": "user", "content": "k"}], **kwargs)
    kwargs["model"] = "gpt-mini"
    kwargs["extra_body"]["latency"] = 0.03
    b = client.chat.completions.create(messages=[{"role": "user", "content": "k"}], **kwargs)
    return [a.choices[0].message.content[:12], b.choices[0].message.content[:12]]


def lock_file_unlinked_mid_batch(client: Any, tmp: str) -> list[bool]:
    """A lock file removed after a slow answer; exists() checks before and after."""
    lock = Path(tmp) / "job.lock"
    lock.write_text("1")
    before = lock.exists()
    a = ask(client, "work", 0.15)
    lock.unlink()
    after = lock.exists()
    b = ask(client, "more", 0.03)
    return [before, after, len(a) > 0, len(b) > 0]


def json_payload_posted_then_changed(web: str) -> list[Any]:
    """A payload dict POSTed, changed, POSTed again: each POST carries its own state."""
    payload: dict[str, Any] = {"status": "started", "step": 0}
    versions = []
    for step in range(3):
        payload["step"] = step
        payload["status"] = "running" if step else "started"
        versions.append(requests.post(f"{web}/items/progress", json=payload,
                                      timeout=5).json()["version"])
    payload["status"] = "done"
    last = requests.post(f"{web}/items/progress", json=payload, timeout=5).json()["version"]
    return versions + [last, requests.get(f"{web}/items/progress?ms=30", timeout=5).json()]


# =========================================================================== more loops over reads


def urlopen_try_continue_on_404(web: str) -> dict[str, Any]:
    """urlopen in a try per key; a 404 is logged and skipped."""
    import urllib.error
    out, errors = [], []
    for key, ms in (("ua", 150), ("missing-ub", 30), ("uc", 80), ("missing-ud", 20)):
        try:
            with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}", timeout=5) as r:
                data = json.load(r)
        except urllib.error.HTTPError as e:
            LOG.warning("skip %s (%d)", key, e.code)
            errors.append(key)
            continue
        out.append(data["value"])
    return {"out": out, "errors": errors}


def _cached_lookup_impl(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def _make_cached_lookup() -> Any:
    import functools
    return functools.cache(_cached_lookup_impl)


CACHED_LOOKUP = _make_cached_lookup()


def _clear_cached_lookup(env: Env) -> None:
    CACHED_LOOKUP.cache_clear()


def functools_cache_errors_not_cached(web: str) -> list[str]:
    """functools.cache keeps values, not exceptions: a 404 key is asked again."""
    out = []
    for key, ms in (("missing-a", 150), ("b", 30), ("missing-a", 20), ("b", 20), ("c", 80)):
        try:
            out.append(CACHED_LOOKUP(web, key, ms))
        except requests.HTTPError as e:
            out.append(str(e.response.status_code))
    return out


def loop_reads_then_running_total_print(web: str) -> int:
    """A running total printed after each read."""
    total = 0
    for key, ms in (("n1", 150), ("n2", 30), ("n3", 80), ("n4", 40)):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        total += len(v)
        print(f"{key}: running total {total}")
    return total


def loop_reads_write_file_each(web: str, tmp: str) -> list[str]:
    """Each value appended to a file opened once, flushed per line, read back at the end."""
    path = Path(tmp) / "values.txt"
    with open(path, "w") as f:
        for key, ms in (("fv1", 150), ("fv2", 30), ("fv3", 80)):
            v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
            f.write(v + "\n")
            f.flush()
    return path.read_text().splitlines()


def loop_zip_two_sources(client: Any, web: str) -> list[str]:
    """Pairs a lookup with an answer, item by item, via zip of two lists."""
    keys = [("z1", 150), ("z2", 30), ("z3", 80)]
    facts = [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"] for k, ms in keys]
    answers = [ask(client, f"Explain {f}", lat) for f, lat in zip(facts, (0.03, 0.15, 0.05),
                                                                 strict=True)]
    return [f"{f}: {a[:10]}" for f, a in zip(facts, answers, strict=True)]


def loop_any_short_circuit(web: str) -> bool:
    """any() over a generator of lookups stops at the first match."""
    keys = [("x1", 150), ("flag", 30), ("x3", 80)]
    return any(requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"] == "v-flag"
               for k, ms in keys)


def loop_next_first_match(web: str) -> str:
    keys = [("y1", 150), ("y2", 30), ("hit", 80), ("y4", 20)]
    return next((k for k, ms in keys
                 if requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                 == "v-hit"), "none")


# =========================================================================== more async


async def async_loop_get_then_append_file(web: str, tmp: str) -> list[str]:
    """Awaits in a loop, each value appended to a file right away."""
    path = Path(tmp) / "async_values.txt"
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in (("av1", 150), ("av2", 30), ("av3", 80)):
            v = (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]
            with open(path, "a") as f:
                f.write(v + "\n")
    return path.read_text().splitlines()


async def async_gather_one_fails(web: str) -> list[str]:
    """gather without return_exceptions: the 404 (fast) propagates."""
    async with httpx.AsyncClient(timeout=5) as http:
        async def get(key: str, ms: int) -> str:
            r = await http.get(f"{web}/items/{key}?ms={ms}")
            r.raise_for_status()
            return r.json()["value"]
        try:
            return list(await asyncio.gather(get("ga", 150), get("missing-gb", 30),
                                             get("gc", 80)))
        except httpx.HTTPStatusError as e:
            return ["failed", e.request.url.path]


async def async_comprehension_awaits(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as http:
        vals = [(await http.get(f"{web}/items/{k}?ms={ms}")).json()["value"]
                for k, ms in (("ac1", 150), ("ac2", 30), ("ac3", 80))]
        print("fetched", len(vals))
        return vals


async def async_get_put_alternating(web: str) -> list[int]:
    """Read a counter, write it back incremented, three keys in turn."""
    out = []
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in (("ctr", 150), ("ctr", 30), ("ctr", 80)):
            v = (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]
            n = int(v) + 1 if v.isdigit() else 1
            await http.put(f"{web}/items/{key}?ms=30", content=str(n))
            out.append(n)
    return out


async def async_eval_print_as_graded(client: Any, tmp: str) -> list[int]:
    """Answers and grades awaited in turn, a print after each grade."""
    scores = []
    for ex in EVAL_SET:
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": ex["question"]}],
            extra_body={"latency": ex["lat"]})
        g = await client.chat.completions.create(
            model="judge", response_format=GRADE_FORMAT, extra_body={"latency": 0.03},
            messages=[{"role": "user", "content": r.choices[0].message.content}])
        score = json.loads(g.choices[0].message.content)["score"]
        print(ex["id"], score)
        scores.append(score)
    return scores


# =========================================================================== loop state in the URL


def offset_from_collected_length(web: str) -> list[str]:
    """Pagination by offset = how many rows were collected so far."""
    rows: list[str] = []
    for ms in (150, 30, 80):
        page = requests.get(f"{web}/items/offset-{len(rows)}?ms={ms}", timeout=5).json()
        rows.append(page["value"])
        if page["key"].endswith("-1"):
            rows.append("extra")
    return rows


def crawl_work_queue_for_loop(web: str) -> list[str]:
    """A for loop over a list it appends to: a tiny crawler."""
    queue = ["r"]
    seen = []
    for key in queue:
        ms = 150 if len(key) == 1 else 30 if key.endswith("a") else 80
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        seen.append(v)
        if len(key) < 3:
            queue.extend([key + "a", key + "b"])
        if len(seen) >= 5:
            break
    return seen


def crawl_work_queue_popleft(web: str) -> list[str]:
    q = collections.deque([("root", 150)])
    out = []
    while q and len(out) < 5:
        key, ms = q.popleft()
        out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
        q.extend([(key + "-l", 30), (key + "-r", 80)])
    return out


def request_ids_from_counter(web: str) -> list[str]:
    """Request ids from itertools.count, in the query string."""
    import itertools
    ids = itertools.count(100)
    out = []
    for key, ms in (("ra", 150), ("rb", 30), ("rc", 80)):
        rid = next(ids)
        out.append(requests.get(f"{web}/items/{key}?ms={ms}&rid={rid}", timeout=5)
                   .json()["value"])
    return out


def stats_dict_in_url(web: str) -> dict[str, Any]:
    stats = {"calls": 0, "chars": 0}
    for key, ms in (("sa", 150), ("sb", 30), ("sc", 80)):
        stats["calls"] += 1
        v = requests.get(f"{web}/items/{key}?ms={ms}&n={stats['calls']}", timeout=5).json()
        stats["chars"] += len(v["value"])
    return stats


class Pager:
    def __init__(self, web: str) -> None:
        self.web = web
        self.page = 0

    def next_url(self, ms: int) -> str:
        self.page += 1
        return f"{self.web}/items/page-{self.page}?ms={ms}"


def pager_method_in_args(web: str) -> list[str]:
    """The URL comes from a method that advances the pager."""
    pager = Pager(web)
    return [requests.get(pager.next_url(ms), timeout=5).json()["value"] for ms in (150, 30, 80)]


def previous_value_in_next_url(web: str) -> list[str]:
    """Each request names the previous value: a chain."""
    prev = "start"
    out = []
    for ms in (150, 30, 80):
        prev = requests.get(f"{web}/items/{prev[-6:]}?ms={ms}", timeout=5).json()["value"]
        out.append(prev)
    return out


def sleep_every_other_item(web: str) -> list[str]:
    """A pause after every second lookup (a burst limit)."""
    out = []
    for i, (key, ms) in enumerate((("b1", 60), ("b2", 30), ("b3", 50), ("b4", 30))):
        out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
        if i % 2 == 1:
            time.sleep(0.05)
    return out


# =========================================================================== process state


def int_parse_fails_midway(web: str) -> list[int]:
    """Values parsed as ints: the second is not a number and the ValueError escapes."""
    out = []
    for key, ms in (("n-7", 150), ("word", 30), ("n-9", 80)):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        out.append(int(v.rsplit("-", 1)[1]))
    return out


def urlencode_params_mutated(web: str) -> list[str]:
    from urllib.parse import urlencode
    q: dict[str, Any] = {"ms": 150, "page": 1}
    out = []
    for page, ms in ((1, 150), (2, 30), (3, 80)):
        q.update(page=page, ms=ms)
        out.append(requests.get(f"{web}/items/enc?{urlencode(q)}", timeout=5).json()["value"])
    return out


def script_cd_into_workdir(client: Any, tmp: str) -> list[str]:
    """A script that cds into its work dir and uses relative paths, restored at the end."""
    old = os.getcwd()
    os.chdir(tmp)
    try:
        os.makedirs("a", exist_ok=True)
        os.makedirs("b", exist_ok=True)
        Path("a/note.txt").write_text("in a")
        os.chdir("a")
        first = ask(client, "first", 0.15)
        os.chdir(os.path.join(tmp, "b"))
        Path("note.txt").write_text("in b")
        second = ask(client, "second", 0.03)
        text = Path("note.txt").read_text()
    finally:
        os.chdir(old)
    return [first[:8], second[:8], text]


def redirect_stdout_capture(web: str) -> dict[str, Any]:
    """Prints between lookups captured with redirect_stdout, then printed as a block."""
    import contextlib
    buf = io.StringIO()
    vals = []
    with contextlib.redirect_stdout(buf):
        for key, ms in (("c1", 150), ("c2", 30), ("c3", 80)):
            v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
            print("got", v)
            vals.append(v)
    print("captured:", buf.getvalue().count("\n"), "lines")
    return {"vals": vals, "captured": buf.getvalue()}


# =========================================================================== objects of the user's in URLs


@dataclasses.dataclass
class Endpoint:
    """A URL builder: the script changes its fields and formats it."""

    base: str
    key: str = ""
    ms: int = 0

    def __str__(self) -> str:
        return f"{self.base}/items/{self.key}?ms={self.ms}"


def endpoint_fields_then_fstring(web: str) -> list[str]:
    ep = Endpoint(web)
    out = []
    for key, ms in (("e1", 150), ("e2", 30), ("e3", 80)):
        ep.key, ep.ms = key, ms
        out.append(requests.get(f"{ep}", timeout=5).json()["value"])
    return out


def endpoint_fields_then_str(web: str) -> list[str]:
    ep = Endpoint(web)
    out = []
    for key, ms in (("e1", 150), ("e2", 30), ("e3", 80)):
        ep.key = key
        ep.ms = ms
        out.append(requests.get(str(ep), timeout=5).json()["value"])
    return out


def endpoint_fstring_straight_line(web: str) -> list[str]:
    """Straight-line: format, change a field, format again."""
    ep = Endpoint(web, "first", 150)
    a = requests.get(f"{ep}", timeout=5).json()["value"]
    ep.key = "second"
    ep.ms = 30
    b = requests.get(f"{ep}", timeout=5).json()["value"]
    return [a, b]


def endpoint_fstring_prompt(client: Any, web: str) -> list[str]:
    """A model call whose prompt formats an object the script then changes."""
    ep = Endpoint(web, "doc-a", 150)
    a = ask(client, f"Describe the resource at {ep}", 0.15)
    ep.key = "doc-b"
    b = ask(client, f"Describe the resource at {ep}", 0.03)
    return [a.split(":", 1)[0][-30:], b.split(":", 1)[0][-30:], str(a == b)]


class Page:
    def __init__(self) -> None:
        self.n = 0

    def advance(self) -> None:
        self.n += 1

    def __format__(self, spec: str) -> str:
        return f"page-{self.n:{spec}}"


def page_format_spec_advanced(web: str) -> list[str]:
    """f"{page:03d}" with a __format__ of the user's; the page advanced by a method."""
    page = Page()
    out = []
    for ms in (150, 30, 80):
        out.append(requests.get(f"{web}/items/{page:03d}?ms={ms}", timeout=5).json()["value"])
        page.advance()
    return out


def defaultdict_factory_posts(web: str) -> dict[str, Any]:
    """A defaultdict whose factory creates a remote job the first time a group shows up."""
    def new_job() -> dict[str, Any]:
        return {"id": requests.post(f"{web}/jobs", timeout=5).json()["id"], "items": []}

    jobs: dict[str, dict[str, Any]] = collections.defaultdict(new_job)
    for key, group, ms in (("d1", "x", 150), ("d2", "y", 30), ("d3", "x", 80), ("d4", "z", 40)):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        jobs[group]["items"].append(v)
    return {g: (j["id"], j["items"]) for g, j in sorted(jobs.items())}


# =========================================================================== iterables of the user's


def progress(items: list[Any], label: str = "items") -> Any:
    """A hand-rolled tqdm: prints i/n before handing out each item."""
    n = len(items)
    for i, item in enumerate(items, 1):
        print(f"{label}: {i}/{n}")
        yield item
    print(f"{label}: done")


def progress_generator_over_lookups(web: str) -> list[str]:
    out = []
    for key, ms in progress([("pg1", 150), ("pg2", 30), ("pg3", 80)], "lookups"):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        out.append(v)
    return out


def progress_generator_over_answers(client: Any) -> list[str]:
    out = []
    for p, lat in progress([("q1", 0.15), ("q2", 0.03), ("q3", 0.08)], "answers"):
        out.append(ask(client, p, lat)[:10])
        print("answered", p)
    return out


def progress_generator_comprehension(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in progress([("pc1", 150), ("pc2", 30), ("pc3", 80)], "comp")]


class JsonlDataset:
    """Rows of a JSONL file, read lazily; counts what it handed out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.served = 0

    def __iter__(self) -> Any:
        with open(self.path) as f:
            for line in f:
                self.served += 1
                yield json.loads(line)

    def __len__(self) -> int:
        with open(self.path) as f:
            return sum(1 for _ in f)


def dataset_class_lookups_to_output(web: str, tmp: str) -> dict[str, Any]:
    ds = JsonlDataset(Path(tmp) / "rows.jsonl")
    print("rows:", len(ds))
    with open(Path(tmp) / "enriched.jsonl", "w") as out:
        for row in ds:
            row["value"] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}",
                                        timeout=5).json()["value"]
            out.write(json.dumps(row) + "\n")
            print("served", ds.served)
    return {"served": ds.served}


def _write_rows(env: Env) -> None:
    Path(env.tmp, "rows.jsonl").write_text("".join(
        json.dumps({"key": k, "ms": ms}) + "\n" for k, ms in (("j1", 150), ("j2", 30), ("j3", 80))))


def batched_chunks_generator(client: Any) -> list[int]:
    """Items in chunks of two from a generator; one call per chunk."""
    def chunks(seq: list[str], n: int) -> Any:
        for i in range(0, len(seq), n):
            print("chunk", i // n)
            yield seq[i:i + n]

    sizes = []
    lats = iter((0.15, 0.03, 0.08))
    for chunk in chunks(["a", "b", "c", "d", "e"], 2):
        sizes.append(len(ask(client, " | ".join(chunk), next(lats))))
    return sizes


def dashboard_progress(web: str, items: list[Any]) -> Any:
    """Reports progress to a dashboard service before handing out each item."""
    n = len(items)
    for i, item in enumerate(items, 1):
        requests.put(f"{web}/items/progress", data=f"{i}/{n}", timeout=5)
        yield item


def dashboard_progress_comprehension(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in dashboard_progress(web, [("dp1", 150), ("dp2", 30), ("dp3", 80)])]


def dashboard_progress_loop_reads_progress(web: str) -> list[str]:
    """The loop reads the dashboard's progress value back after each item."""
    out = []
    for k, ms in dashboard_progress(web, [("dl1", 150), ("dl2", 30), ("dl3", 80)]):
        v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        shown = requests.get(f"{web}/items/progress?ms=30", timeout=5).json()["value"]
        out.append(f"{v}@{shown}")
    return out


def dashboard_progress_map(web: str) -> list[str]:
    def fetch(pair: tuple[str, int]) -> str:
        return requests.get(f"{web}/items/{pair[0]}?ms={pair[1]}", timeout=5).json()["value"]
    return list(map(fetch, dashboard_progress(web, [("dm1", 150), ("dm2", 30), ("dm3", 80)])))


# =========================================================================== reads inside arguments


def _load_prompt(path: Path) -> str:
    return path.read_text().strip()


def prompt_loaded_in_args_between_writes(client: Any, tmp: str) -> list[str]:
    """The prompt file is read inside the call's arguments; it is rewritten in between."""
    path = Path(tmp) / "system.txt"
    path.write_text("You are terse.")
    a = ask(client, _load_prompt(path) + " Define REST.", 0.15)
    path.write_text("You are verbose.")
    b = ask(client, _load_prompt(path) + " Define REST.", 0.03)
    return [a[:40], b[:40]]


def read_text_inline_in_messages(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "ctx.txt"
    out = []
    for version, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08)):
        path.write_text(f"context version {version}")
        r = client.chat.completions.create(
            model="gpt", extra_body={"latency": lat},
            messages=[{"role": "user", "content": path.read_text()}])
        out.append(r.choices[0].message.content[:40])
    return out


def select_inline_in_prompt(client: Any, db: str) -> list[str]:
    """The prompt is a SELECT in the call's arguments, after an insert."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    out = []
    for note, lat in (("alpha", 0.15), ("beta", 0.03)):
        conn.execute("INSERT INTO notes VALUES (?)", (note,))
        conn.commit()
        out.append(ask(client, "Notes: " + ",".join(
            r[0] for r in conn.execute("SELECT body FROM notes ORDER BY rowid")), lat)[:40])
    conn.close()
    return out


def timeouts_skipped_per_item(web: str) -> dict[str, Any]:
    """A slow endpoint times out and is skipped; the others answer in time."""
    ok, slow = [], []
    for key, ms in (("t-slow", 400), ("t-fast", 30), ("t-mid", 60)):
        try:
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=0.2)
        except requests.Timeout:
            slow.append(key)
            continue
        ok.append(r.json()["value"])
    return {"ok": ok, "slow": slow}


# =========================================================================== registry


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def oa_web_db(name: str) -> Any:
    return lambda env: (openai_client(env), env.web, str(env.tmp / name))


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db(name: str) -> Any:
    return lambda env: (env.web, str(env.tmp / name))


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _web(fn: Any, ideal: float = 1.0, args: Any = web_args, cat: str = "http",
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web", ideal=ideal, **kw)


EVAL_LATS = [ex["lat"] for ex in EVAL_SET]
# answer then grade per item, items independent: every wait over the slowest chain
EVAL2_04 = (sum(EVAL_LATS) + 0.04 * len(EVAL_LATS)) / (max(EVAL_LATS) + 0.04)
EVAL2_03 = (sum(EVAL_LATS) + 0.03 * len(EVAL_LATS)) / (max(EVAL_LATS) + 0.03)

CASES: list[Case] = [
    # -- evaluation
    _sdk(eval_answer_then_judge_csv, EVAL2_04, args=oa_tmp, cat="files"),
    _sdk(eval_progress_prints, EVAL2_04),
    _sdk(eval_logging_levels, EVAL2_03),
    _sdk(eval_answers_first_then_grades, args=oa_tmp, cat="files"),
    _sdk(eval_exact_match_and_judge, cat="validation"),
    _sdk(eval_multi_judge_majority, cat="ensemble"),
    _sdk(eval_pairwise_two_models, args=oa_tmp, cat="ensemble"),
    _sdk(eval_early_stop_accuracy, cat="validation"),
    _sdk(eval_dataclass_results_json, EVAL2_04, args=oa_tmp, cat="files"),
    _sdk(eval_class_with_config, EVAL2_03, cat="helpers"),
    _sdk(eval_regex_score_from_text),
    _sdk(eval_grouped_by_category, cat="state"),
    # -- dataset cleaning
    _web(clean_rows_lookup_requests, over(0.15, 0.03, 0.04), args=web_tmp, cat="files"),
    _web(clean_rows_raise_for_status, over(0.15, 0.03, 0.08, 0.04), cat="validation"),
    _web(clean_dedupe_normalised_then_lookup, over(0.15, 0.08, 0.04, 0.035), cat="validation"),
    _web(clean_sqlite_lookup_cache, args=web_db("cache.db"), cat="db"),
    _both(clean_enrich_with_llm_then_sqlite, args=oa_web_db("products.db"), cat="db"),
    _web(clean_put_fixed_records),
    _web(clean_urllib_lookups, over(0.15, 0.03, 0.08)),
    _web(clean_httpx_base_url_batch, over(0.15, 0.03, 0.08, 0.04), args=web_tmp),
    # -- reports
    _both(report_markdown_from_lookups, args=oa_web_tmp, cat="files"),
    _sdk(report_files_then_index, args=oa_tmp, cat="files"),
    _sdk(report_csv_writer_per_row, args=oa_tmp, cat="files"),
    _sdk(report_table_print, over(0.15, 0.03, 0.08)),
    _both(report_stringio_then_file, over(0.15, 0.03, 0.08, 0.05), args=oa_web_tmp, cat="files"),
    _sdk(report_checkpoint_every_two, args=oa_tmp, cat="files"),
    # -- CLIs and config
    _sdk(cli_config_overrides, args=oa_tmp, cat="files"),
    _sdk(cli_argparse_main, args=oa_tmp, cat="files"),
    _web(cli_config_file_then_run, args=web_tmp, cat="files", setup=_write_config),
    _sdk(cli_env_var_limit, cat="rebind"),
    _sdk(cli_dry_run_then_real),
    # -- retries
    _web(retry_429_mirror_fallback, cat="sleep"),
    _web(retry_helper_all_fail, cat="helpers"),
    _web(retry_helper_independent_keys, over(0.15, 0.03, 0.08), cat="helpers"),
    _sdk(retry_openai_bad_model_fallback, cat="validation"),
    _web(retry_status_counter, over(0.15, 0.05, 0.08, 0.05, 0.03)),
    # -- caches
    _sdk(cache_global_dict_repeats, cat="state", setup=_reset_cache),
    _sdk(cache_helper_hash_key, cat="state", setup=_reset_cache),
    _sdk(cache_json_file_load_save, args=oa_tmp, cat="files", setup=_write_cache),
    _sdk(cache_file_per_prompt, args=oa_tmp, cat="files"),
    _sdk(cache_sqlite_prompts, args=oa_db("llm.db"), cat="db"),
    _sdk(cache_atomic_replace, args=oa_tmp, cat="files"),
    # -- mixed scripts
    _both(mixed_fetch_summarise_store, args=oa_web_db("docs.db"), cat="db"),
    _both(mixed_post_results_then_list),
    _web(mixed_put_then_get_same_key),
    _sdk(mixed_read_folder_answer_write_next, args=oa_tmp, cat="files", setup=_write_inputs),
    _sdk(mixed_jsonl_in_jsonl_out, args=oa_tmp, cat="files", setup=_write_prompts),
    _web(mixed_jobs_submit_poll, cat="sleep"),
    _sdk(mixed_embeddings_rank),
    _sdk(mixed_anthropic_judges_openai,
         args=lambda env: (None, (openai_client(env), anthropic_client(env)))),
    _sdk(mixed_log_file_handler, args=oa_tmp, cat="files"),
    _sdk(mixed_stdout_progress_bar),
    _sdk(mixed_rate_limit_sleep, cat="sleep"),
    _web(mixed_failing_item_raises_at_end, over(0.15, 0.03, 0.08), cat="validation"),
    _web(mixed_validate_then_lookup, cat="validation"),
    # -- async
    Case("sdk", async_eval_gather_then_write, drive=_drive_async_oa_tmp, servers="api"),
    Case("sdk", async_semaphore_progress, drive=_drive_async_oa_tmp, servers="api"),
    Case("sdk", async_sequential_awaits_log, drive=_drive_async_oa_tmp, servers="api"),
    Case("http", async_httpx_lookups_then_put, drive=lambda f, env: asyncio.run(f(env.web)),
         servers="web"),
    # -- overlapping shapes
    _sdk(fan_errors_first_in_order_wins, speculative_reads=True, cat="validation"),
    _sdk(fan_errors_caught_per_item, cat="validation"),
    _web(fan_lookup_strict_first_error, speculative_reads=True, cat="validation"),
    _both(fan_independent_statements_then_report, over(0.15, 0.03, 0.08), args=oa_web_tmp),
    _web(fan_dict_comprehension_then_sorted_write, over(0.15, 0.03, 0.08, 0.04), args=web_tmp),
    _web(fan_csv_reader_lookups, over(0.15, 0.03, 0.08), args=web_tmp, cat="files",
         setup=_write_in_csv),
    _sdk(fan_history_appended_between, cat="state"),
    _sdk(fan_model_call_across_file_append, args=oa_tmp, cat="files"),
    _sdk(fan_usage_nonlocal_totals, over(0.15, 0.03, 0.08), cat="state"),
    _sdk(fan_usage_global_counter, cat="rebind"),
    _sdk(fan_map_partial, over(0.15, 0.03, 0.08)),
    _sdk(fan_sum_generator, over(0.15, 0.03, 0.08)),
    _both(fan_generator_pipeline_prints),
    _sdk(fan_setdefault_cache, cat="state"),
    _sdk(fan_cache_or_call_comprehension, cat="state"),
    _sdk(fan_budget_break, cat="validation"),
    _web(fan_put_results_after_parallel_reads),
    _web(fan_read_after_put_other_key),
    _sdk(fan_db_write_then_model_then_select, args=oa_db("runs.db"), cat="db"),
    _sdk(fan_warnings_per_low_score),
    _sdk(fan_stderr_and_stdout),
    # -- config read by helpers
    _sdk(prompt_file_edited_between_str, args=oa_tmp, cat="files"),
    _sdk(env_var_switch_between_calls, cat="rebind", setup=_clear_env),
    _sdk(settings_alias_mutated, cat="state", setup=_reset_settings),
    _sdk(settings_changed_by_helper, cat="state", setup=_reset_settings),
    _sdk(settings_update_method, cat="state", setup=_reset_settings),
    _sdk(stopwords_added_between, cat="state", setup=_reset_settings),
    _sdk(sqlite_second_connection_reads, args=oa_db("t.db"), cat="db"),
    _sdk(sqlite_other_connection_before_model, args=oa_db("t.db"), cat="db"),
    _sdk(file_rewritten_then_read_by_helper, args=oa_tmp, cat="files"),
    _sdk(class_config_switched, cat="rebind"),
    _sdk(param_dict_mutated_by_method, cat="state",
         args=lambda env: (openai_client(env), {"model": "gpt"})),
    _sdk(prompt_file_edited_between_fstring, args=oa_tmp, cat="files"),
    # -- arguments reused in place
    _web(batch_session_params_edited, cat="state"),
    _web(params_dict_reused_per_page, over(0.15, 0.03, 0.08), cat="state"),
    _sdk(messages_template_reused, cat="state"),
    _sdk(history_appended_before_next_straight, cat="state"),
    _sdk(sdk_kwargs_dict_edited_between, cat="state"),
    _sdk(lock_file_unlinked_mid_batch, args=oa_tmp, cat="files"),
    _web(json_payload_posted_then_changed, cat="state"),
    # -- more loops over reads
    _web(urlopen_try_continue_on_404, speculative_reads=True, cat="validation"),
    _web(functools_cache_errors_not_cached, cat="state", setup=_clear_cached_lookup),
    _web(loop_reads_then_running_total_print, over(0.15, 0.03, 0.08, 0.04)),
    _web(loop_reads_write_file_each, over(0.15, 0.03, 0.08), args=web_tmp, cat="files"),
    _both(loop_zip_two_sources),
    _web(loop_any_short_circuit, speculative_reads=True),
    _web(loop_next_first_match, speculative_reads=True),
    # -- more async
    Case("files", async_loop_get_then_append_file, servers="web",
         drive=lambda f, env: asyncio.run(f(env.web, str(env.tmp)))),
    Case("validation", async_gather_one_fails, servers="web", speculative_reads=True,
         drive=lambda f, env: asyncio.run(f(env.web))),
    Case("http", async_comprehension_awaits, servers="web",
         drive=lambda f, env: asyncio.run(f(env.web))),
    Case("http", async_get_put_alternating, servers="web",
         drive=lambda f, env: asyncio.run(f(env.web))),
    Case("sdk", async_eval_print_as_graded, drive=_drive_async_oa_tmp, servers="api"),
    # -- loop state in the URL
    _web(offset_from_collected_length, cat="state"),
    _web(crawl_work_queue_for_loop, cat="state"),
    _web(crawl_work_queue_popleft, cat="state"),
    _web(request_ids_from_counter, over(0.15, 0.03, 0.08), cat="state"),
    _web(stats_dict_in_url, over(0.15, 0.03, 0.08), cat="state"),
    _web(pager_method_in_args, over(0.15, 0.03, 0.08), cat="state"),
    _web(previous_value_in_next_url),
    _web(sleep_every_other_item, cat="sleep"),
    # -- process state
    _web(int_parse_fails_midway, speculative_reads=True, cat="validation"),
    _web(urlencode_params_mutated, over(0.15, 0.03, 0.08), cat="state"),
    _sdk(script_cd_into_workdir, args=oa_tmp, cat="files"),
    _web(redirect_stdout_capture, over(0.15, 0.03, 0.08)),
    # -- objects of the user's in URLs
    _web(endpoint_fields_then_fstring, cat="state"),
    _web(endpoint_fields_then_str, cat="state"),
    _web(endpoint_fstring_straight_line, cat="state"),
    _both(endpoint_fstring_prompt, cat="state"),
    _web(page_format_spec_advanced, cat="state"),
    _web(defaultdict_factory_posts, cat="state"),
    # -- iterables of the user's
    _web(progress_generator_over_lookups, cat="helpers"),
    _sdk(progress_generator_over_answers, cat="helpers"),
    _web(progress_generator_comprehension, cat="helpers"),
    _web(dataset_class_lookups_to_output, args=web_tmp, cat="files", setup=_write_rows),
    _sdk(batched_chunks_generator, cat="helpers"),
    _web(dashboard_progress_comprehension, cat="helpers"),
    _web(dashboard_progress_loop_reads_progress, cat="helpers"),
    _web(dashboard_progress_map, cat="helpers"),
    # -- reads inside arguments
    _sdk(prompt_loaded_in_args_between_writes, args=oa_tmp, cat="files"),
    _sdk(read_text_inline_in_messages, args=oa_tmp, cat="files"),
    _sdk(select_inline_in_prompt, args=oa_db("notes.db"), cat="db"),
    _web(timeouts_skipped_per_item, cat="validation"),
]

# None of the cases above differed or crashed under jit when written.
FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
