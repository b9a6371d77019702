"""Red-team cases (stop 117): evaluation and batch scripts around LLMs.

Scoring loops with accumulators, budgets and early stops (after N correct, when the cost
passes a limit, after too many errors), per-item ``try/except`` that records the error and
goes on, retries with backoff sleeps, judge calls that depend on an answer, majority votes
over seeded samples, results written to JSONL files and a sqlite table as they come,
resumption from what an earlier run left, and summaries printed at the end. The openai SDK
(`oa`) talks to the simulator behind the corpus's HTTP server; the key-value routes of that
server stand for a dataset service and a results service. Sibling calls get unequal
latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import collections
import csv
import functools
import json
import math
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import openai
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam117")

LATS = (0.15, 0.04, 0.09, 0.06)
QA = (("What is the capital of France?", "paris"),
      ("How many legs has a spider?", "eight"),
      ("Who wrote Hamlet?", "shakespeare"),
      ("What is 7 times 6?", "42"))
PRICE_IN, PRICE_OUT = 0.5, 1.5  # dollars per million tokens


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> Any:
    return client.chat.completions.create(model=model, messages=[user(prompt)],
                                          extra_body={"latency": lat}, **kw)


def text_of(r: Any) -> str:
    return r.choices[0].message.content


def grade(answer: str, gold: str) -> bool:
    """A stand-in grader: deterministic per (answer, gold)."""
    return (len(answer) + len(gold)) % 2 == 0


def cost_of(r: Any) -> float:
    u = r.usage
    return (u.prompt_tokens * PRICE_IN + u.completion_tokens * PRICE_OUT) / 1e6


# =========================================================================== scoring loops


def eval_accuracy_accumulator(client: Any) -> dict[str, Any]:
    correct = total = 0
    tokens = 0
    for (q, gold), lat in zip(QA, LATS, strict=True):
        r = ask(client, q, lat)
        tokens += r.usage.total_tokens
        ok = grade(text_of(r), gold)
        correct += ok
        total += 1
        print(f"[{total}/{len(QA)}] {'PASS' if ok else 'FAIL'} {q[:24]}")
    acc = correct / total
    print(f"accuracy {acc:.1%} over {total} items, {tokens} tokens")
    return {"acc": acc, "tokens": tokens}


def eval_stop_after_n_correct(client: Any) -> list[str]:
    seen = []
    correct = 0
    for (q, gold), lat in zip(QA, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        seen.append(q[:10])
        if grade(ans, gold):
            correct += 1
            if correct >= 1:
                print("enough correct, stopping")
                break
    return seen


def eval_budget_cost_stop(client: Any) -> dict[str, Any]:
    budget = 0.00004
    spent = 0.0
    done = []
    for (q, _gold), lat in zip(QA, LATS, strict=True):
        r = ask(client, q, lat)
        spent += cost_of(r)
        done.append(q[:12])
        if spent > budget:
            print(f"budget exceeded after {len(done)} items")
            break
    return {"done": done, "spent": round(spent, 8)}


def eval_budget_checked_before_call(client: Any) -> list[int]:
    budget = 60
    used = 0
    lens = []
    for (q, _gold), lat in zip(QA, LATS, strict=True):
        if used >= budget:
            LOG.warning("token budget spent, skipping %s", q[:10])
            continue
        r = ask(client, q, lat)
        used += r.usage.completion_tokens
        lens.append(r.usage.completion_tokens)
    return lens


def eval_index_limit_break(client: Any) -> list[bool]:
    """A `--limit 3` flag: the break depends on the index only."""
    limit = 3
    out = []
    for i, ((q, gold), lat) in enumerate(zip(QA, LATS, strict=True)):
        if i >= limit:
            break
        out.append(grade(text_of(ask(client, q, lat)), gold))
    return out


def eval_islice_limit(client: Any) -> list[bool]:
    import itertools
    out = []
    for (q, gold), lat in itertools.islice(zip(QA, LATS, strict=True), 3):
        out.append(grade(text_of(ask(client, q, lat)), gold))
    return out


def eval_per_category_stats(client: Any) -> dict[str, dict[str, int]]:
    items = [("geo", QA[0], 0.15), ("bio", QA[1], 0.04), ("lit", QA[2], 0.09),
             ("geo", QA[3], 0.06)]
    stats: dict[str, dict[str, int]] = {}
    for cat, (q, gold), lat in items:
        s = stats.setdefault(cat, {"n": 0, "ok": 0})
        s["n"] += 1
        s["ok"] += grade(text_of(ask(client, q, lat)), gold)
    for cat in sorted(stats):
        print(f"{cat:<5}{stats[cat]['ok']}/{stats[cat]['n']}")
    return stats


def eval_defaultdict_grouped_scores(client: Any) -> dict[str, float]:
    groups: collections.defaultdict[str, list] = collections.defaultdict(list)
    for i, ((q, gold), lat) in enumerate(zip(QA, LATS, strict=True)):  # noqa: B007 - as users write it
        ans = text_of(ask(client, q, lat))
        groups["even" if i % 2 == 0 else "odd"].append(len(ans.split()))
    return {k: statistics.mean(v) for k, v in sorted(groups.items())}


def eval_nested_grader_closure(client: Any) -> int:
    def is_right(ans: str, gold: str) -> bool:
        return gold in ans.lower() or len(ans) % 3 == 0

    score = 0
    for (q, gold), lat in zip(QA, LATS, strict=True):
        score += is_right(text_of(ask(client, q, lat)), gold)
    return score


# =========================================================================== errors per item


def eval_record_bad_request_go_on(client: Any) -> dict[str, Any]:
    temps = (0.0, 5.0, 0.5, 9.0)
    answers, errors = [], []
    for i, ((q, _g), lat, t) in enumerate(zip(QA, LATS, temps, strict=True)):
        try:
            r = ask(client, q, lat, temperature=t)
        except openai.BadRequestError as exc:
            errors.append({"item": i, "status": exc.status_code})
            continue
        answers.append(text_of(r)[:15])
    print(f"{len(answers)} answered, {len(errors)} failed")
    return {"answers": answers, "errors": errors}


def eval_error_type_name_recorded(client: Any) -> list[str]:
    temps = (5.0, 0.0, 0.3, 7.0)
    out = []
    for (q, _g), lat, t in zip(QA, LATS, temps, strict=True):
        try:
            out.append(text_of(ask(client, q, lat, temperature=t))[:10])
        except Exception as exc:  # noqa: BLE001
            out.append(f"ERROR {type(exc).__name__}")
    return out


def eval_too_many_errors_abort(client: Any) -> list[str]:
    temps = (0.0, 5.0, 6.0, 0.2)
    out, errors = [], 0
    for (q, _g), lat, t in zip(QA, LATS, temps, strict=True):
        try:
            out.append(text_of(ask(client, q, lat, temperature=t))[:8])
        except openai.BadRequestError:
            errors += 1
            if errors >= 2:
                print("too many errors, aborting")
                break
    return out


def eval_uncaught_error_partial_jsonl(client: Any, tmp: str) -> list[str]:
    """The third item fails and is not caught: the file holds what came before."""
    temps = (0.0, 0.1, 5.0, 0.2)
    path = Path(tmp) / "partial.jsonl"
    with path.open("w") as f:
        for (q, _g), lat, t in zip(QA, LATS, temps, strict=True):
            ans = text_of(ask(client, q, lat, temperature=t))
            f.write(json.dumps({"q": q, "a": ans[:20]}) + "\n")
    return path.read_text().splitlines()


def eval_finally_writes_summary(client: Any, tmp: str) -> int:
    temps = (0.0, 0.1, 5.0, 0.2)
    done = []
    try:
        for (q, _g), lat, t in zip(QA, LATS, temps, strict=True):
            done.append(text_of(ask(client, q, lat, temperature=t))[:10])
    finally:
        Path(tmp, "summary.json").write_text(json.dumps({"done": len(done)}))
        print("wrote summary of", len(done))
    return len(done)


def eval_json_answer_decode_error(client: Any) -> list[Any]:
    """Half the prompts ask for JSON; a plain-text answer fails json.loads and is recorded."""
    out: list[Any] = []
    for i, ((q, _g), lat) in enumerate(zip(QA, LATS, strict=True)):
        kw = {"response_format": {"type": "json_object"}} if i % 2 == 0 else {}
        r = ask(client, q, lat, **kw)
        try:
            out.append(sorted(json.loads(text_of(r))))
        except json.JSONDecodeError as exc:
            out.append(f"bad json at {exc.pos}")
    return out


def eval_zero_division_when_all_fail(client: Any) -> float:
    total = correct = 0
    for (q, gold), lat in zip(QA[:3], LATS, strict=False):
        try:
            ans = text_of(ask(client, q, lat, temperature=3.0))
        except openai.BadRequestError:
            print("skip", q[:10])
            continue
        total += 1
        correct += grade(ans, gold)
    return correct / total


def eval_try_else_finally_counts(client: Any) -> dict[str, int]:
    temps = (0.0, 4.0, 0.5, 0.9)
    counts = {"ok": 0, "err": 0, "seen": 0}
    for (q, _g), lat, t in zip(QA, LATS, temps, strict=True):
        try:
            r = ask(client, q, lat, temperature=t)
        except openai.APIStatusError:
            counts["err"] += 1
        else:
            counts["ok"] += 1
            print("ok", text_of(r)[:8])
        finally:
            counts["seen"] += 1
    return counts


# =========================================================================== retries, backoff


def eval_retry_backoff_then_ok(client: Any) -> list[str]:
    """The first try of item 1 is refused; backoff sleeps, then a valid retry."""
    out = []
    for i, ((q, _g), lat) in enumerate(zip(QA[:3], LATS, strict=False)):
        for attempt in range(3):
            try:
                t = 5.0 if (i == 1 and attempt == 0) else 0.0
                out.append(text_of(ask(client, q, lat, temperature=t))[:10])
                break
            except openai.BadRequestError:
                time.sleep(0.01 * 2 ** attempt)
                print(f"retry {attempt + 1} for item {i}")
    return out


def eval_retry_helper_backoff(client: Any) -> list[str]:
    def with_retry(prompt: str, lat: float, temps: tuple) -> str:
        for attempt, t in enumerate(temps):
            try:
                return text_of(ask(client, prompt, lat, temperature=t))
            except openai.BadRequestError:
                time.sleep(0.005 * (attempt + 1))
        raise RuntimeError(f"gave up on {prompt[:10]}")

    plans = ((0.0,), (5.0, 0.0), (0.3,))
    return [with_retry(q, lat, p)[:10] for (q, _g), lat, p in zip(QA, LATS, plans, strict=False)]


def http_retry_500_for_else(web: str) -> list[Any]:
    out = []
    for key, codes in (("a", (200,)), ("b", (500, 500, 200)), ("c", (503, 200))):
        for code in codes:
            r = requests.get(f"{web}/status/{code}?ms=20")
            if r.ok:
                out.append(requests.get(f"{web}/items/{key}?ms=40").json()["value"])
                break
            time.sleep(0.01)
        else:
            out.append(None)
    return out


def http_retry_gave_up_raises(web: str) -> list[str]:
    out = []
    for key in ("a", "b"):
        attempts = 0
        while True:
            r = requests.get(f"{web}/status/{500 if key == 'b' else 200}?ms=10")
            if r.status_code < 500:
                break
            attempts += 1
            if attempts >= 3:
                raise RuntimeError(f"{key}: gave up after {attempts} attempts")
            time.sleep(0.01 * attempts)
        out.append(requests.get(f"{web}/items/{key}?ms=30").json()["value"])
    return out


def eval_retry_attempt_counter_nonlocal(client: Any) -> tuple[list[str], int]:
    retries = 0

    def call(prompt: str, lat: float, t: float) -> str:
        nonlocal retries
        try:
            return text_of(ask(client, prompt, lat, temperature=t))
        except openai.BadRequestError:
            retries += 1
            return text_of(ask(client, prompt, lat))

    out = [call(q, lat, t)[:8] for (q, _g), lat, t in zip(QA, LATS, (0, 5, 0, 6), strict=True)]
    return out, retries


# =========================================================================== judges


def eval_answer_then_judge(client: Any) -> list[int]:
    scores = []
    for (q, gold), lat in zip(QA, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        verdict = text_of(ask(client, f"Gold: {gold}\nAnswer: {ans}\nScore 1-5:", 0.19 - lat,
                              model="judge"))
        scores.append(1 + len(verdict) % 5)
    print("mean score", statistics.mean(scores))
    return scores


def eval_judge_only_long_answers(client: Any) -> list[Any]:
    out: list[Any] = []
    for (q, _g), lat in zip(QA, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        if len(ans) > 60:
            v = text_of(ask(client, f"Is this too long? {ans}", 0.03, model="judge"))
            out.append(("judged", len(v) % 2))
        else:
            out.append(("short", len(ans)))
    return out


def eval_judge_comprehension_two_phase(client: Any) -> float:
    answers = [text_of(ask(client, q, lat)) for (q, _g), lat in zip(QA, LATS, strict=True)]
    verdicts = [text_of(ask(client, f"Judge {gold}: {a}", lat, model="judge"))
                for a, (_q, gold), lat in zip(answers, QA, reversed(LATS), strict=True)]
    return sum(len(v) % 2 for v in verdicts) / len(verdicts)


def eval_judge_with_running_tally(client: Any) -> list[str]:
    """The judge prompt carries the tally so far: a chain across items."""
    tally = 0
    out = []
    for (q, _g), lat in zip(QA[:3], LATS, strict=False):
        ans = text_of(ask(client, q, lat))
        v = text_of(ask(client, f"So far {tally} good. Judge: {ans}", 0.03, model="judge"))
        tally += len(v) % 2
        out.append(f"{tally}")
    return out


def eval_pairwise_judge_swap(client: Any) -> dict[str, int]:
    wins = {"gpt": 0, "gpt-mini": 0}
    for (q, _g), lat in zip(QA[:3], LATS, strict=False):
        a = text_of(ask(client, q, lat))
        b = text_of(ask(client, q, 0.19 - lat, model="gpt-mini"))
        v1 = text_of(ask(client, f"A: {a}\nB: {b}\nWhich?", 0.03, model="judge"))
        v2 = text_of(ask(client, f"A: {b}\nB: {a}\nWhich?", 0.05, model="judge"))
        if len(v1) % 2 == len(v2) % 2:
            wins["gpt"] += 1
        else:
            wins["gpt-mini"] += 1
    return wins


# =========================================================================== votes


def vote_majority_seeded_samples(client: Any) -> tuple[str, int]:
    q = QA[0][0]
    votes = [text_of(ask(client, q, lat, temperature=1.0, seed=s)).split()[0]
             for s, lat in enumerate((0.15, 0.04, 0.09, 0.06, 0.11))]
    winner, n = collections.Counter(votes).most_common(1)[0]
    return winner, n


def vote_per_question_nested(client: Any) -> list[str]:
    winners = []
    for (q, _g), base in zip(QA[:3], (0.12, 0.04, 0.08), strict=True):
        votes = []
        for s in range(3):
            votes.append(len(text_of(ask(client, q, base + 0.02 * s, temperature=1.0,
                                         seed=s))) % 3)
        winners.append(f"{q[:6]}:{collections.Counter(votes).most_common(1)[0][0]}")
    return winners


def vote_until_two_agree(client: Any) -> tuple[int, int]:
    """Sample until an answer class repeats: a stop on what was read."""
    seen: dict[int, int] = {}
    for s, lat in enumerate((0.05, 0.04, 0.03, 0.02, 0.05, 0.04)):
        k = len(text_of(ask(client, QA[1][0], lat, temperature=1.0, seed=s))) % 4
        seen[k] = seen.get(k, 0) + 1
        if seen[k] == 2:
            return k, s
    return -1, -1


def vote_n_choices_majority(client: Any) -> list[int]:
    out = []
    for (q, _g), lat in zip(QA[:3], LATS, strict=False):
        r = ask(client, q, lat, n=3, temperature=0.8)
        out.append(statistics.mode(len(c.message.content) % 2 for c in r.choices))
    return out


def vote_models_ensemble_tie_break(client: Any) -> list[str]:
    out = []
    for (q, _g), lat in zip(QA[:3], LATS, strict=False):
        picks = [len(text_of(ask(client, q, lat * f, model=m))) % 2
                 for m, f in (("gpt", 1.0), ("gpt-mini", 0.5), ("judge", 0.8))]
        c = collections.Counter(picks)
        out.append("yes" if c[1] > c[0] else "no")
    return out


# =========================================================================== results as they come


def jsonl_append_per_item(client: Any, tmp: str) -> int:
    path = Path(tmp) / "results.jsonl"
    for i, ((q, gold), lat) in enumerate(zip(QA, LATS, strict=True)):
        ans = text_of(ask(client, q, lat))
        with open(path, "a") as f:
            f.write(json.dumps({"i": i, "ok": grade(ans, gold)}) + "\n")
    return sum(json.loads(ln)["ok"] for ln in path.read_text().splitlines())


def jsonl_print_to_file_flush_size(client: Any, tmp: str) -> list[int]:
    path = os.path.join(tmp, "out.jsonl")
    sizes = []
    with open(path, "w") as f:
        for (q, _g), lat in zip(QA, LATS, strict=True):
            print(json.dumps({"q": q[:10], "a": text_of(ask(client, q, lat))[:10]}), file=f)
            f.flush()
            sizes.append(os.path.getsize(path))
    return sizes


def jsonl_resume_skip_done(client: Any, tmp: str) -> list[int]:
    path = Path(tmp) / "run.jsonl"
    done = {json.loads(ln)["i"] for ln in path.read_text().splitlines()}
    with path.open("a") as f:
        for i, ((q, _g), lat) in enumerate(zip(QA, LATS, strict=True)):
            if i in done:
                continue
            f.write(json.dumps({"i": i, "a": text_of(ask(client, q, lat))[:8]}) + "\n")
    return [json.loads(ln)["i"] for ln in path.read_text().splitlines()]


def _seed_run_jsonl(env: Env) -> None:
    (env.tmp / "run.jsonl").write_text(json.dumps({"i": 1, "a": "old"}) + "\n")


def jsonl_dataset_generator(client: Any, tmp: str) -> list[bool]:
    def load(p: Path) -> Any:
        with p.open() as f:
            for line in f:
                yield json.loads(line)

    out = []
    for rec in load(Path(tmp) / "data.jsonl"):
        out.append(grade(text_of(ask(client, rec["q"], rec["lat"])), rec["gold"]))
    return out


def _seed_dataset(env: Env) -> None:
    lines = [json.dumps({"q": q, "gold": g, "lat": lat}) for (q, g), lat in zip(QA, LATS)]  # noqa: B905 - as users write it
    (env.tmp / "data.jsonl").write_text("\n".join(lines) + "\n")
    with open(env.tmp / "data.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["q", "gold", "lat"])
        for (q, g), lat in zip(QA, LATS):  # noqa: B905 - as users write it
            w.writerow([q, g, lat])


def jsonl_dataset_readlines(client: Any, tmp: str) -> list[bool]:
    rows = [json.loads(ln) for ln in Path(tmp, "data.jsonl").read_text().splitlines()]
    out = []
    for rec in rows:
        out.append(grade(text_of(ask(client, rec["q"], rec["lat"])), rec["gold"]))
    return out


def csv_dataset_dictreader_write_csv(client: Any, tmp: str) -> str:
    with open(os.path.join(tmp, "data.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(tmp, "preds.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["q", "pred_len", "ok"])
        for row in rows:
            ans = text_of(ask(client, row["q"], float(row["lat"])))
            w.writerow([row["q"][:10], len(ans), grade(ans, row["gold"])])
    return Path(tmp, "preds.csv").read_text()


def sqlite_insert_commit_each(client: Any, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(os.path.join(tmp, "eval.db"))
    conn.execute("CREATE TABLE IF NOT EXISTS results (q TEXT, ok INTEGER, tokens INTEGER)")
    for (q, gold), lat in zip(QA, LATS, strict=True):
        r = ask(client, q, lat)
        conn.execute("INSERT INTO results VALUES (?, ?, ?)",
                     (q, grade(text_of(r), gold), r.usage.total_tokens))
        conn.commit()
    rows = conn.execute("SELECT ok, COUNT(*), SUM(tokens) FROM results GROUP BY ok "
                        "ORDER BY ok").fetchall()
    conn.close()
    for ok, n, toks in rows:
        print(f"ok={ok}: {n} items, {toks} tokens")
    return rows


def sqlite_resume_skip_done(client: Any, tmp: str) -> list[tuple]:
    conn = sqlite3.connect(os.path.join(tmp, "resume.db"))
    done = {row[0] for row in conn.execute("SELECT q FROM results")}
    for (q, _g), lat in zip(QA, LATS, strict=True):
        if q in done:
            print("already done:", q[:10])
            continue
        ans = text_of(ask(client, q, lat))
        with conn:
            conn.execute("INSERT INTO results (q, a) VALUES (?, ?)", (q, ans[:12]))
    out = conn.execute("SELECT q, a FROM results ORDER BY rowid").fetchall()
    conn.close()
    return out


def _seed_resume_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "resume.db")
    conn.execute("CREATE TABLE results (q TEXT PRIMARY KEY, a TEXT)")
    conn.execute("INSERT INTO results VALUES (?, ?)", (QA[2][0], "old"))
    conn.commit()
    conn.close()


def sqlite_error_rows_and_summary(client: Any, tmp: str) -> dict[str, Any]:
    conn = sqlite3.connect(os.path.join(tmp, "errs.db"))
    conn.execute("CREATE TABLE runs (i INTEGER, status TEXT, detail TEXT)")
    temps = (0.0, 5.0, 0.2, 0.4)
    for i, ((q, _g), lat, t) in enumerate(zip(QA, LATS, temps, strict=True)):
        try:
            ans = text_of(ask(client, q, lat, temperature=t))
            conn.execute("INSERT INTO runs VALUES (?, 'ok', ?)", (i, ans[:10]))
        except openai.BadRequestError as exc:
            conn.execute("INSERT INTO runs VALUES (?, 'error', ?)", (i, str(exc.status_code)))
    conn.commit()
    summary = dict(conn.execute("SELECT status, COUNT(*) FROM runs GROUP BY status").fetchall())
    conn.close()
    return summary


def sqlite_unique_violation_dedup(client: Any, tmp: str) -> list[str]:
    """Duplicate questions: the second insert violates the key and is logged."""
    conn = sqlite3.connect(os.path.join(tmp, "dedup.db"))
    conn.execute("CREATE TABLE a (q TEXT PRIMARY KEY, ans TEXT)")
    qs = (QA[0][0], QA[1][0], QA[0][0], QA[2][0])
    for q, lat in zip(qs, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        try:
            conn.execute("INSERT INTO a VALUES (?, ?)", (q, ans[:10]))
        except sqlite3.IntegrityError as exc:
            LOG.info("dup %s: %s", q[:10], exc)
    conn.commit()
    out = [r[0][:10] for r in conn.execute("SELECT q FROM a ORDER BY rowid")]
    conn.close()
    return out


def json_dump_results_at_end(client: Any, tmp: str) -> str:
    results = []
    for (q, gold), lat in zip(QA, LATS, strict=True):
        r = ask(client, q, lat)
        results.append({"q": q, "ok": grade(text_of(r), gold), "cost": round(cost_of(r), 9)})
    with open(os.path.join(tmp, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    best = sorted(results, key=lambda x: (-x["ok"], x["q"]))
    return best[0]["q"]


# =========================================================================== HTTP services


def http_dataset_fetch_then_ask(client: Any, web: str) -> list[str]:
    out = []
    for key, ms in (("q1", 150), ("q2", 40), ("q3", 90)):
        prompt = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        out.append(text_of(ask(client, f"Answer: {prompt}", 0.05))[:10])
    return out


def http_missing_items_recorded(web: str) -> dict[str, Any]:
    got, missing = {}, []
    for key, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 60)):
        try:
            r = requests.get(f"{web}/items/{key}?ms={ms}")
            r.raise_for_status()
            got[key] = r.json()["value"]
        except requests.HTTPError as exc:
            missing.append((key, exc.response.status_code))
    print(f"{len(got)} found, {len(missing)} missing")
    return {"got": got, "missing": missing}


def http_post_result_per_item(client: Any, web: str) -> list[int]:
    versions = []
    for i, ((q, _g), lat) in enumerate(zip(QA[:3], LATS, strict=False)):
        ans = text_of(ask(client, q, lat))
        r = requests.put(f"{web}/items/result-{i}", data=ans[:20])
        versions.append(r.json()["version"])
    listing = requests.get(f"{web}/items").json()
    return versions + [len(listing["keys"])]


def http_timeout_recorded(web: str) -> list[str]:
    out = []
    for key, ms in (("a", 400), ("b", 40), ("c", 90)):
        try:
            out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=0.25).json()["value"])
        except requests.Timeout:
            out.append(f"timeout {key}")
    return out


@functools.cache
def _cached_get(url: str) -> str:
    return requests.get(url).json()["value"]


def http_cached_fetch_duplicates(web: str) -> list[str]:
    keys = (("a", 150), ("b", 40), ("a", 150), ("c", 90))
    out = [_cached_get(f"{web}/items/{k}?ms={ms}") for k, ms in keys]
    _cached_get.cache_clear()
    return out


def eval_local_answer_cache_dupes(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    qs = ((QA[0][0], 0.15), (QA[1][0], 0.04), (QA[0][0], 0.15), (QA[2][0], 0.09))
    out = []
    for q, lat in qs:
        if q in cache:
            ans = cache[q]
        else:
            ans = text_of(ask(client, q, lat))
            cache[q] = ans
        out.append(ans[:8])
    return out


def http_job_submit_poll_backoff(web: str) -> list[str]:
    job = requests.post(f"{web}/jobs").json()["id"]
    statuses = []
    delay = 0.01
    while True:
        s = requests.get(f"{web}/jobs/{job}").json()["status"]
        statuses.append(s)
        if s == "done":
            break
        time.sleep(delay)
        delay *= 2
    return statuses


# =========================================================================== seeded sampling, progress


def eval_seeded_subset_sample(client: Any) -> list[bool]:
    rng = random.Random(117)
    subset = rng.sample(list(zip(QA, LATS, strict=True)), 3)
    return [grade(text_of(ask(client, q, lat)), gold) for (q, gold), lat in subset]


def eval_rng_between_calls(client: Any) -> list[tuple[int, float]]:
    rng = random.Random(5)
    out = []
    for (q, _g), lat in zip(QA, LATS, strict=True):
        jitter = round(rng.random(), 4)
        ans = text_of(ask(client, q, lat, temperature=round(jitter, 2)))
        out.append((len(ans), jitter))
    return out


def eval_progress_stdout_carriage(client: Any) -> int:
    n = 0
    for i, ((q, _g), lat) in enumerate(zip(QA, LATS, strict=True), 1):
        n += len(text_of(ask(client, q, lat)))
        sys.stdout.write(f"\r{i}/{len(QA)} done")
        sys.stdout.flush()
    sys.stdout.write("\n")
    return n


def eval_logging_per_item_and_summary(client: Any) -> float:
    scores = []
    for i, ((q, gold), lat) in enumerate(zip(QA, LATS, strict=True)):
        ans = text_of(ask(client, q, lat))
        s = float(grade(ans, gold))
        LOG.info("item %d score %.1f len=%d", i, s, len(ans))
        scores.append(s)
    LOG.warning("mean %.2f", statistics.fmean(scores))
    return statistics.fmean(scores)


def eval_nan_scores_filtered(client: Any) -> dict[str, Any]:
    temps = (0.0, 5.0, 0.1, 0.2)
    scores = []
    for (q, _g), lat, t in zip(QA, LATS, temps, strict=True):
        try:
            scores.append(len(text_of(ask(client, q, lat, temperature=t))) / 100)
        except openai.BadRequestError:
            scores.append(float("nan"))
    valid = [s for s in scores if not math.isnan(s)]
    return {"n": len(valid), "mean": round(statistics.mean(valid), 4),
            "nan": sum(math.isnan(s) for s in scores)}


def eval_global_cost_helper(client: Any) -> float:
    """A helper tracks cost in a module dict: each call of it is a write, in order."""
    for (q, _g), lat in zip(QA, LATS, strict=True):
        _track(ask(client, q, lat))
    total = round(COST["usd"], 9)
    COST["usd"] = 0.0
    COST["calls"] = 0
    return total


COST = {"usd": 0.0, "calls": 0}


def _track(r: Any) -> None:
    COST["usd"] += cost_of(r)
    COST["calls"] += 1
    if COST["calls"] % 2 == 0:
        print("cost so far", round(COST["usd"], 9))


def eval_budget_exception_caught_outside(client: Any) -> tuple[int, str]:
    class OverBudget(Exception):
        pass

    spent = 0
    done = 0
    try:
        for (q, _g), lat in zip(QA, LATS, strict=True):
            r = ask(client, q, lat)
            spent += r.usage.total_tokens
            if spent > 70:
                raise OverBudget(f"spent {spent} tokens")
            done += 1
    except OverBudget as exc:
        return done, str(exc)
    return done, "under budget"


def eval_while_index_early_stop(client: Any) -> int:
    i = correct = 0
    while i < len(QA) and correct < 2:
        q, gold = QA[i]
        if grade(text_of(ask(client, q, LATS[i])), gold):
            correct += 1
        i += 1
    return i


def eval_rate_limited_sleep_between(client: Any) -> list[int]:
    out = []
    for (q, _g), lat in zip(QA[:3], (0.05, 0.03, 0.04), strict=True):
        out.append(len(text_of(ask(client, q, lat))))
        time.sleep(0.02)
    return out


# =========================================================================== reductions, queues


def eval_chained_zero_init(client: Any) -> int:
    """`correct = total = 0` before the loop: the loop's call runs in place (a miss)."""
    correct = total = 0
    for (q, gold), lat in zip(QA, LATS, strict=True):
        correct += grade(text_of(ask(client, q, lat)), gold)
        total += 1
    return correct * 10 + total


def eval_csv_writer_stringio(client: Any) -> str:
    import io
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["q", "len"])
    for (q, _g), lat in zip(QA, LATS, strict=True):
        w.writerow([q[:8], len(text_of(ask(client, q, lat)))])
    return buf.getvalue()


def eval_retry_queue_appends_to_walked_list(client: Any) -> list[str]:
    """A refused item goes back on the list the loop walks."""
    temps = (0.0, 5.0, 0.0, 6.0)
    pending = [(q, lat, t) for (q, _g), lat, t in zip(QA, LATS, temps, strict=True)]
    out = []
    for q, lat, t in pending:
        try:
            out.append(text_of(ask(client, q, lat, temperature=t))[:6])
        except openai.BadRequestError:
            pending.append((q, 0.02, 0.0))
    return out


def eval_retry_deque_popleft(client: Any) -> list[str]:
    temps = (0.0, 5.0, 0.0, 6.0)
    queue = collections.deque((q, lat, t) for (q, _g), lat, t in zip(QA, LATS, temps,
                                                                       strict=True))
    out = []
    while queue:
        q, lat, t = queue.popleft()
        try:
            out.append(text_of(ask(client, q, lat, temperature=t))[:6])
        except openai.BadRequestError:
            queue.append((q, 0.02, 0.0))
    return out


def eval_followups_extend_walked_list(client: Any) -> list[int]:
    items = list(QA)
    out = []
    for q, _gold in items:
        ans = text_of(ask(client, q, 0.05))
        if len(ans) % 2 == 0 and len(items) < 6:
            items.append((q + " Explain.", "x"))
        out.append(len(ans))
    return out


def eval_dict_comp_duplicate_questions(client: Any) -> dict[str, str]:
    qs = ((QA[0][0], 0.15), (QA[1][0], 0.04), (QA[0][0], 0.09))
    return {q: text_of(ask(client, q, lat))[:10] for q, lat in qs}


def eval_error_message_recorded(client: Any) -> list[str]:
    temps = (0.0, 5.0, 0.5)
    out = []
    for (q, _g), lat, t in zip(QA, LATS, temps, strict=False):
        try:
            out.append(text_of(ask(client, q, lat, temperature=t))[:8])
        except openai.BadRequestError as exc:
            out.append(str(exc)[:60])
    return out


def eval_setdefault_stats_alias(client: Any) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = {}
    for (q, _g), lat in zip(QA, LATS, strict=True):
        s = stats.setdefault(q.split()[0], {"n": 0, "chars": 0})
        s["n"] += 1
        s["chars"] += len(text_of(ask(client, q, lat)))
    return stats


# =========================================================================== the lists


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def web(env: Env) -> tuple:
    return (env.web,)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_web, servers="web api", ideal=ideal, **kw)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL4 = over(*LATS)
ALL3 = over(*LATS[:3])

ALL: list[Case] = [
    _sdk(eval_accuracy_accumulator, ALL4, overlap=4),
    _sdk(eval_stop_after_n_correct, cat="validation"),
    _sdk(eval_budget_cost_stop, cat="validation"),
    _sdk(eval_budget_checked_before_call, cat="validation"),
    _sdk(eval_index_limit_break, ALL3, overlap=3),
    _sdk(eval_islice_limit, ALL3, overlap=3),
    _sdk(eval_per_category_stats, ALL4, cat="state"),
    _sdk(eval_defaultdict_grouped_scores, ALL4, cat="state"),
    _sdk(eval_nested_grader_closure, ALL4),
    _sdk(eval_record_bad_request_go_on, over(0.15, 0.09), cat="validation"),
    _sdk(eval_error_type_name_recorded, over(0.04, 0.09), cat="validation"),
    _sdk(eval_too_many_errors_abort, cat="validation"),
    _sdk(eval_uncaught_error_partial_jsonl, args=oa_tmp, cat="files", speculative_reads=True),
    _sdk(eval_finally_writes_summary, args=oa_tmp, cat="files", speculative_reads=True),
    _sdk(eval_json_answer_decode_error, ALL4, cat="validation"),
    _sdk(eval_zero_division_when_all_fail, cat="validation"),
    _sdk(eval_try_else_finally_counts, over(0.15, 0.09, 0.06), cat="validation"),
    _sdk(eval_retry_backoff_then_ok, cat="sleep"),
    _sdk(eval_retry_helper_backoff, cat="sleep"),
    _w(http_retry_500_for_else, cat="sleep"),
    _w(http_retry_gave_up_raises, cat="sleep"),
    _sdk(eval_retry_attempt_counter_nonlocal, 0.34 / 0.15, cat="helpers"),
    _sdk(eval_answer_then_judge, 0.76 / 0.19, cat="ensemble", overlap=4),
    _sdk(eval_judge_only_long_answers, cat="ensemble"),
    _sdk(eval_judge_comprehension_two_phase, 0.68 / 0.21, cat="ensemble"),
    _sdk(eval_judge_with_running_tally, cat="ensemble"),
    _sdk(eval_pairwise_judge_swap, 0.81 / 0.2, cat="ensemble"),
    _sdk(vote_majority_seeded_samples, over(0.15, 0.04, 0.09, 0.06, 0.11), cat="ensemble",
         overlap=5),
    _sdk(vote_per_question_nested, 0.90 / 0.16, cat="ensemble"),
    _sdk(vote_until_two_agree, cat="ensemble"),
    _sdk(vote_n_choices_majority, ALL3, cat="ensemble"),
    _sdk(vote_models_ensemble_tie_break, 2.3 * 0.28 / 0.15, cat="ensemble"),
    _sdk(jsonl_append_per_item, ALL4, args=oa_tmp, cat="files"),
    _sdk(jsonl_print_to_file_flush_size, ALL4, args=oa_tmp, cat="files"),
    _sdk(jsonl_resume_skip_done, over(0.15, 0.09, 0.06), args=oa_tmp, cat="files",
         setup=_seed_run_jsonl),
    _sdk(jsonl_dataset_generator, ALL4, args=oa_tmp, cat="files", setup=_seed_dataset),
    _sdk(jsonl_dataset_readlines, ALL4, args=oa_tmp, cat="files", setup=_seed_dataset),
    _sdk(csv_dataset_dictreader_write_csv, ALL4, args=oa_tmp, cat="files",
         setup=_seed_dataset),
    _sdk(sqlite_insert_commit_each, ALL4, args=oa_tmp, cat="db"),
    _sdk(sqlite_resume_skip_done, over(0.15, 0.04, 0.06), args=oa_tmp, cat="db",
         setup=_seed_resume_db),
    _sdk(sqlite_error_rows_and_summary, over(0.15, 0.09, 0.06), args=oa_tmp, cat="db"),
    _sdk(sqlite_unique_violation_dedup, ALL4, args=oa_tmp, cat="db"),
    _sdk(json_dump_results_at_end, ALL4, args=oa_tmp, cat="files"),
    _both(http_dataset_fetch_then_ask, (0.15 + 0.04 + 0.09 + 0.15) / (0.15 + 0.05)),
    _w(http_missing_items_recorded, over(0.15, 0.04, 0.09, 0.06), cat="validation"),
    _both(http_post_result_per_item),
    _w(http_timeout_recorded, (0.25 + 0.04 + 0.09) / 0.25, cat="validation"),
    _w(http_cached_fetch_duplicates, over(0.15, 0.04, 0.09), cat="state"),
    _sdk(eval_local_answer_cache_dupes, cat="state"),
    _w(http_job_submit_poll_backoff, cat="sleep"),
    _sdk(eval_seeded_subset_sample, ALL3, cat="state"),
    _sdk(eval_rng_between_calls, ALL4, cat="state"),
    _sdk(eval_progress_stdout_carriage, ALL4),
    _sdk(eval_logging_per_item_and_summary, ALL4),
    _sdk(eval_nan_scores_filtered, over(0.15, 0.09, 0.06), cat="validation"),
    _sdk(eval_global_cost_helper, ALL4, cat="helpers"),
    _sdk(eval_budget_exception_caught_outside, cat="validation"),
    _sdk(eval_while_index_early_stop, cat="validation"),
    _sdk(eval_rate_limited_sleep_between, cat="sleep"),
    _sdk(eval_chained_zero_init, ALL4, overlap=4),
    _sdk(eval_csv_writer_stringio, ALL4, cat="files"),
    _sdk(eval_retry_queue_appends_to_walked_list, cat="state"),
    _sdk(eval_retry_deque_popleft, cat="state"),
    _sdk(eval_followups_extend_walked_list, cat="state"),
    _sdk(eval_dict_comp_duplicate_questions, over(0.15, 0.04, 0.09), overlap=3),
    _sdk(eval_error_message_recorded, over(0.15, 0.09), cat="validation"),
    _sdk(eval_setdefault_stats_alias, ALL4, cat="state"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
