"""Red-team cases (stop 87): evaluation and benchmark scripts as LLM developers write them.

Written from docs/jit.md and the harness alone. A dataset as a literal list of tuples or
dicts; `for i, (question, expected) in enumerate(dataset, 1)`, `zip(questions, answers)`,
`cases.items()`; scorers (exact match, contains, a judge model call, a parsed rubric);
progress prints `[i/n]`, running accuracy, token totals; results appended as dicts then
written to CSV or JSONL or printed as a table; early stops after N failures; items already
in a results file skipped; a second pass that re-asks the failures. The openai and
anthropic SDK clients talk to the simulator, sibling calls with unequal `latency` (slow
first) so a wrong reordering shows. `FAILING` holds the cases that differed or crashed
under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import collections
import csv
import dataclasses
import io
import json
import os
import random
import re
import statistics
import sys
from pathlib import Path
from typing import Any

import anthropic
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

LOG = corpus_logger("redteam87")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def ask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def claude(client: Any, prompt: str, lat: float) -> str:
    m = client.messages.create(model="claude", max_tokens=64,
                               messages=[{"role": "user", "content": prompt}],
                               extra_body={"latency": lat})
    return m.content[0].text


def exact_match(pred: str, gold: str) -> bool:
    return pred.strip().lower() == gold.strip().lower()


def contains(pred: str, gold: str) -> bool:
    return gold.lower() in pred.lower()


DATASET = [
    ("What is the capital of France?", "evidence", 0.15),
    ("Who wrote Hamlet?", "context", 0.03),
    ("What is 12 times 12?", "model", 0.09),
    ("Name a prime above 90.", "result", 0.05),
]

QA_DICTS = [
    {"id": "q1", "question": "Boiling point of water in C?", "answer": "scale", "lat": 0.15},
    {"id": "q2", "question": "Largest planet?", "answer": "further", "lat": 0.04},
    {"id": "q3", "question": "Square root of 81?", "answer": "checks", "lat": 0.1},
    {"id": "q4", "question": "Author of Dune?", "answer": "careful", "lat": 0.06},
    {"id": "q5", "question": "Chemical symbol of gold?", "answer": "noting", "lat": 0.03},
]


# =========================================================================== basic loops


def eval_enumerate_running_accuracy(client: Any) -> float:
    n = len(DATASET)
    correct = 0
    for i, (question, expected, lat) in enumerate(DATASET, 1):
        pred = ask(client, question, lat)
        ok = contains(pred, expected)
        correct += ok
        print(f"[{i}/{n}] {'PASS' if ok else 'FAIL'} acc={correct / i:.2f}")
    return correct / n


def eval_zip_questions_answers(client: Any) -> list[dict[str, Any]]:
    questions = [q for q, _, _ in DATASET]
    answers = [a for _, a, _ in DATASET]
    lats = [0.15, 0.04, 0.1, 0.03]
    results = []
    for q, gold, lat in zip(questions, answers, lats, strict=True):
        pred = ask(client, q, lat)
        results.append({"q": q[:20], "gold": gold, "em": exact_match(pred, gold),
                        "contains": contains(pred, gold)})
    print(f"{'question':<22}{'em':>4}{'hit':>5}")
    for r in results:
        print(f"{r['q']:<22}{int(r['em']):>4}{int(r['contains']):>5}")
    return results


def eval_cases_items_latency(client: Any) -> dict[str, int]:
    cases = {"short": 0.15, "medium": 0.03, "long": 0.1, "edge": 0.05}
    lengths = {}
    for name, lat in cases.items():
        out = ask(client, f"Write a {name} answer about tides", lat)
        lengths[name] = len(out.split())
        print(name, lengths[name])
    return lengths


def eval_judge_each_answer(client: Any) -> list[str]:
    verdicts = []
    for i, (question, expected, lat) in enumerate(DATASET[:3], 1):
        pred = ask(client, question, lat)
        judge = ask(client, f"Is '{pred[:40]}' a correct answer to '{question}'? "
                            f"Reference: {expected}. Reply yes or no.", 0.2 - lat, "judge")
        verdict = "yes" if "model" in judge else "no"
        verdicts.append(verdict)
        print(f"[{i}/3] judge says {verdict}")
    return verdicts


def eval_dicts_results_jsonl(client: Any, tmp: str) -> int:
    results = []
    for item in QA_DICTS:
        pred = ask(client, item["question"], item["lat"])
        results.append({"id": item["id"], "pred": pred[:30],
                        "score": int(contains(pred, item["answer"]))})
    path = Path(tmp) / "results.jsonl"
    with open(path, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    return sum(r["score"] for r in results)


def eval_results_to_csv(client: Any, tmp: str) -> str:
    rows = []
    for qid, (question, expected, lat) in zip(("a", "b", "c", "d"), DATASET, strict=True):
        pred = ask(client, question, lat)
        rows.append({"id": qid, "expected": expected, "hit": contains(pred, expected),
                     "words": len(pred.split())})
    path = os.path.join(tmp, "scores.csv")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "expected", "hit", "words"])
        w.writeheader()
        w.writerows(rows)
    return Path(path).read_text()


def eval_token_totals(client: Any) -> dict[str, int]:
    totals = {"prompt": 0, "completion": 0, "calls": 0}
    for question, _, lat in DATASET:
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": question}],
            extra_body={"latency": lat})
        totals["prompt"] += r.usage.prompt_tokens
        totals["completion"] += r.usage.completion_tokens
        totals["calls"] += 1
        print(f"tokens so far: {totals['prompt'] + totals['completion']}")
    return totals


def eval_early_stop_after_two_failures(client: Any) -> list[str]:
    failures = 0
    seen = []
    for i, item in enumerate(QA_DICTS, 1):
        pred = ask(client, item["question"], item["lat"])
        if not contains(pred, item["answer"]):
            failures += 1
            print(f"[{i}] fail #{failures}")
            if failures >= 2:
                print("too many failures, stopping")
                break
        seen.append(item["id"])
    return seen


def eval_max_items_limit(client: Any) -> list[int]:
    limit = 3
    out = []
    for i, item in enumerate(QA_DICTS):
        if i >= limit:
            break
        out.append(len(ask(client, item["question"], item["lat"])))
    return out


def eval_skip_done_in_results_file(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "done.jsonl"
    done = {json.loads(line)["id"] for line in path.read_text().splitlines() if line}
    asked = []
    with open(path, "a") as f:
        for item in QA_DICTS:
            if item["id"] in done:
                print(f"skip {item['id']}")
                continue
            pred = ask(client, item["question"], item["lat"])
            f.write(json.dumps({"id": item["id"], "pred": pred[:16]}) + "\n")
            asked.append(item["id"])
    return asked


def _setup_done(env: Env) -> None:
    (env.tmp / "done.jsonl").write_text(
        json.dumps({"id": "q2", "pred": "old"}) + "\n" + json.dumps({"id": "q4", "pred": "old"})
        + "\n")


def eval_second_pass_reask_failures(client: Any) -> dict[str, Any]:
    failed = []
    for item in QA_DICTS:
        pred = ask(client, item["question"], item["lat"])
        if not contains(pred, item["answer"]):
            failed.append(item)
    print(f"first pass: {len(QA_DICTS) - len(failed)}/{len(QA_DICTS)}")
    recovered = []
    for item in failed:
        pred = ask(client, "Think step by step. " + item["question"], 0.2 - item["lat"])
        if contains(pred, item["answer"]):
            recovered.append(item["id"])
    print(f"second pass recovered {len(recovered)}")
    return {"failed": [f["id"] for f in failed], "recovered": recovered}


def eval_logging_progress(client: Any) -> float:
    hits = 0
    for i, (q, gold, lat) in enumerate(DATASET, 1):
        pred = ask(client, q, lat)
        hit = contains(pred, gold)
        hits += hit
        LOG.info("item %d/%d hit=%s running=%.2f", i, len(DATASET), hit, hits / i)
    LOG.warning("final accuracy %.2f", hits / len(DATASET))
    return hits / len(DATASET)


def eval_anthropic_usage(client: Any) -> list[tuple[int, int]]:
    usage = []
    for i, (q, _, lat) in enumerate(DATASET, 1):
        m = client.messages.create(model="claude", max_tokens=64,
                                   messages=[{"role": "user", "content": q}],
                                   extra_body={"latency": lat})
        usage.append((m.usage.input_tokens, m.usage.output_tokens))
        print(f"[{i}/{len(DATASET)}] out={m.usage.output_tokens}")
    return usage


def eval_both_providers_agreement(oa: Any, an: Any) -> list[bool]:
    agree = []
    for q, gold, lat in DATASET[:3]:
        a = ask(oa, q, lat)
        b = claude(an, q, 0.18 - lat)
        agree.append(contains(a, gold) == contains(b, gold))
        print(q[:15], agree[-1])
    return agree


def eval_pass_at_k(client: Any) -> dict[str, bool]:
    k = 3
    passed = {}
    for item in QA_DICTS[:3]:
        samples = [ask(client, f"{item['question']} (sample {s})", 0.05 + 0.04 * (k - s))
                   for s in range(k)]
        passed[item["id"]] = any(contains(s, item["answer"]) for s in samples)
    return passed


def eval_majority_vote(client: Any) -> list[str]:
    winners = []
    for q, _, lat in DATASET[:3]:
        votes = collections.Counter()
        for s in range(3):
            words = ask(client, f"{q} vote {s}", lat + 0.02 * s).split()
            votes[words[-1].strip(".")] += 1
        winners.append(votes.most_common(1)[0][0])
    return winners


def eval_confusion_matrix(client: Any) -> dict[str, dict[str, int]]:
    labelled = [("I love this film", "pos", 0.15), ("Terrible service", "neg", 0.03),
                ("It was fine", "neu", 0.09), ("Best day ever", "pos", 0.05)]
    matrix: dict[str, dict[str, int]] = collections.defaultdict(lambda: collections.Counter())
    for text, gold, lat in labelled:
        out = ask(client, f"Sentiment of: {text}", lat)
        pred = "pos" if "model" in out else "neg" if "context" in out else "neu"
        matrix[gold][pred] += 1
    return {g: dict(c) for g, c in sorted(matrix.items())}


def eval_category_breakdown(client: Any) -> dict[str, float]:
    data = [{"cat": "math", "q": "2+3?", "gold": "result", "lat": 0.15},
            {"cat": "geo", "q": "Capital of Peru?", "gold": "the", "lat": 0.03},
            {"cat": "math", "q": "9*9?", "gold": "checks", "lat": 0.1},
            {"cat": "geo", "q": "Longest river?", "gold": "and", "lat": 0.05}]
    per: dict[str, list[int]] = collections.defaultdict(list)
    for row in data:
        per[row["cat"]].append(int(contains(ask(client, row["q"], row["lat"]), row["gold"])))
    report = {c: sum(v) / len(v) for c, v in per.items()}
    for c, acc in sorted(report.items()):
        print(f"{c:>6}: {acc:.0%}")
    return report


def eval_scorer_parse_int_errors(client: Any) -> dict[str, int]:
    counts = {"ok": 0, "unparseable": 0}
    for q, _, lat in DATASET:
        out = ask(client, q + " Reply with a number.", lat)
        try:
            int(out.split()[-1])
            counts["ok"] += 1
        except ValueError:
            counts["unparseable"] += 1
            print(f"could not parse: {out[:25]!r}")
    return counts


def eval_api_error_recorded(client: Any) -> list[str]:
    status = []
    for q, lat in (("good one", 0.15), ("broken config", -1.0), ("another", 0.04)):
        try:
            out = ask(client, q, lat)
            status.append("ok:" + out[:10])
        except openai.BadRequestError as e:
            status.append(f"error:{e.status_code}")
        print(status[-1])
    return status


def eval_api_error_aborts_run(client: Any) -> list[str]:
    done = []
    for i, (q, lat) in enumerate((("first", 0.15), ("second", 0.04), ("bad", -1.0),
                                  ("never", 0.03)), 1):
        print(f"[{i}/4] asking {q}")
        done.append(ask(client, q, lat)[:10])
    return done


def eval_checkpoint_every_two(client: Any, tmp: str) -> list[str]:
    ckpt = Path(tmp) / "checkpoint.json"
    state: dict[str, Any] = {"done": [], "hits": 0}
    for i, item in enumerate(QA_DICTS, 1):
        pred = ask(client, item["question"], item["lat"])
        state["done"].append(item["id"])
        state["hits"] += contains(pred, item["answer"])
        if i % 2 == 0:
            with open(ckpt, "w") as f:
                json.dump(state, f)
            print(f"checkpoint at {i}")
    return json.loads(ckpt.read_text())["done"]


def eval_judge_rubric_regex(client: Any) -> list[int]:
    scores = []
    for q, _, lat in DATASET[:3]:
        pred = ask(client, q, lat)
        rubric = ask(client, f"Score 1-5 the answer '{pred[:30]}'. Output 'Score: N'.",
                     0.12, "judge")
        m = re.search(r"\d", rubric)
        scores.append(int(m.group()) if m else len(rubric) % 5 + 1)
    print("mean rubric", statistics.mean(scores))
    return scores


def eval_prompt_variants_grid(client: Any) -> dict[str, float]:
    prompts = {"plain": "{q}", "cot": "Think step by step. {q}", "terse": "Answer briefly: {q}"}
    scores = {}
    for pname, template in prompts.items():
        hits = 0
        for q, gold, lat in DATASET[:2]:
            hits += contains(ask(client, template.format(q=q), lat), gold)
        scores[pname] = hits / 2
        print(f"{pname:<6} {scores[pname]:.2f}")
    return scores


def eval_models_by_dataset(client: Any) -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    for model in ("gpt", "gpt-mini"):
        table[model] = []
        for q, _, lat in DATASET[:3]:
            r = client.chat.completions.create(
                model=model, messages=[{"role": "user", "content": q}],
                extra_body={"latency": lat})
            table[model].append(r.usage.completion_tokens)
    return table


@dataclasses.dataclass
class EvalRow:
    qid: str
    pred: str
    correct: bool
    tokens: int


def eval_dataclass_rows_asdict(client: Any, tmp: str) -> list[dict[str, Any]]:
    rows = []
    for item in QA_DICTS[:4]:
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": item["question"]}],
            extra_body={"latency": item["lat"]})
        text = r.choices[0].message.content
        rows.append(EvalRow(item["id"], text[:12], contains(text, item["answer"]),
                            r.usage.total_tokens))
    out = [dataclasses.asdict(r) for r in rows]
    Path(tmp, "rows.json").write_text(json.dumps(out, indent=1))
    return out


def eval_worst_items_sorted(client: Any) -> list[str]:
    results = []
    for item in QA_DICTS:
        pred = ask(client, item["question"], item["lat"])
        results.append((len(pred.split()), item["id"]))
    results.sort()
    for words, qid in results[:2]:
        print(f"shortest: {qid} ({words} words)")
    return [qid for _, qid in results]


def eval_accuracy_threshold_stop(client: Any) -> list[str]:
    hits = 0
    seen = []
    for i, item in enumerate(QA_DICTS, 1):
        hits += contains(ask(client, item["question"], item["lat"]), item["answer"])
        seen.append(item["id"])
        if i >= 2 and hits / i < 0.5:
            print(f"accuracy {hits / i:.2f} below 0.5 after {i}, abort")
            break
    return seen


def eval_seeded_shuffle(client: Any) -> list[str]:
    items = list(QA_DICTS)
    random.Random(7).shuffle(items)
    order = []
    for n, item in enumerate(items[:4], 1):
        ask(client, item["question"], item["lat"])
        order.append(item["id"])
        print(f"{n}: {item['id']}")
    return order


def eval_dedupe_repeated_questions(client: Any) -> int:
    qs = ["Define entropy", "Define entropy", "Define enthalpy", "define entropy",
          "Define enthalpy"]
    lats = [0.15, 0.02, 0.08, 0.03, 0.05]
    seen: set[str] = set()
    calls = 0
    for q, lat in zip(qs, lats, strict=True):
        key = q.lower()
        if key in seen:
            print(f"duplicate: {q}")
            continue
        seen.add(key)
        ask(client, q, lat)
        calls += 1
    return calls


def eval_write_then_read_summary(client: Any, tmp: str) -> dict[str, Any]:
    path = Path(tmp) / "run.jsonl"
    for item in QA_DICTS[:4]:
        pred = ask(client, item["question"], item["lat"])
        with path.open("a") as f:
            f.write(json.dumps({"id": item["id"], "hit": contains(pred, item["answer"])}) + "\n")
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    return {"n": len(rows), "hits": sum(r["hit"] for r in rows)}


def eval_stream_answers(client: Any) -> list[tuple[int, bool]]:
    out = []
    for q, gold, lat in DATASET[:3]:
        stream = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}], stream=True,
            extra_body={"latency": lat})
        text = ""
        chunks = 0
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                text += chunk.choices[0].delta.content
                chunks += 1
        out.append((chunks, contains(text, gold)))
        print(".", end="", flush=True)
    print()
    return out


def eval_embedding_similarity(client: Any) -> list[float]:
    sims = []
    for q, gold, lat in DATASET[:3]:
        pred = ask(client, q, lat)
        e = client.embeddings.create(model="embed", input=[pred, gold])
        a, b = e.data[0].embedding, e.data[1].embedding
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        norm = (sum(x * x for x in a) ** 0.5) * (sum(y * y for y in b) ** 0.5)
        sims.append(round(dot / norm, 4))
    return sims


def eval_count_tokens_then_answer(client: Any) -> list[int]:
    budget_left = 40
    used = []
    for q, _, lat in DATASET:
        n = client.messages.count_tokens(model="claude",
                                         messages=[{"role": "user", "content": q}]).input_tokens
        if n > budget_left:
            print("out of budget")
            break
        budget_left -= n
        claude(client, q, lat)
        used.append(n)
    return used


def eval_post_scores_to_leaderboard(client: Any, web: str) -> list[str]:
    versions = []
    for item in QA_DICTS[:3]:
        pred = ask(client, item["question"], item["lat"])
        r = requests.put(f"{web}/items/score-{item['id']}",
                         data=str(int(contains(pred, item["answer"]))), timeout=5)
        versions.append(str(r.json()["version"]))
    board = requests.get(f"{web}/items", timeout=5).json()
    return versions + board["keys"]


def eval_fewshot_from_previous(client: Any) -> list[str]:
    shots: list[str] = []
    out = []
    for q, _, lat in DATASET[:3]:
        prompt = "\n".join(shots[-2:] + [f"Q: {q}\nA:"])
        a = ask(client, prompt, lat)
        shots.append(f"Q: {q}\nA: {a[:20]}")
        out.append(a[:20])
    return out


def eval_list_comprehension_then_scores(client: Any) -> dict[str, bool]:
    preds = [ask(client, item["question"], item["lat"]) for item in QA_DICTS]
    scores = {item["id"]: contains(p, item["answer"]) for item, p in zip(QA_DICTS, preds,
                                                                        strict=True)}
    print("accuracy:", sum(scores.values()) / len(scores))
    return scores


def eval_zip_strict_length_mismatch(client: Any) -> list[str]:
    questions = ["q one", "q two", "q three"]
    golds = ["evidence", "model"]
    lats = [0.15, 0.03, 0.08]
    out = []
    for q, gold, lat in zip(questions, golds, lats, strict=True):
        out.append(f"{q}:{contains(ask(client, q, lat), gold)}")
        print(out[-1])
    return out


def _dataset_gen():
    for i, (q, gold, lat) in enumerate(DATASET):
        yield {"idx": i, "q": q, "gold": gold, "lat": lat}


def eval_generator_dataset(client: Any) -> list[bool]:
    out = []
    for row in _dataset_gen():
        out.append(contains(ask(client, row["q"], row["lat"]), row["gold"]))
        print(f"item {row['idx']} done")
    return out


def eval_jsonl_dataset_file(client: Any, tmp: str) -> list[str]:
    path = os.path.join(tmp, "dataset.jsonl")
    results = []
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            pred = ask(client, row["q"], row["lat"])
            results.append(f"{row['id']}={int(contains(pred, row['gold']))}")
    return results


def _setup_dataset(env: Env) -> None:
    lines = [json.dumps({"id": d["id"], "q": d["question"], "gold": d["answer"],
                         "lat": d["lat"]}) for d in QA_DICTS[:4]]
    (env.tmp / "dataset.jsonl").write_text("\n".join(lines) + "\n")


def eval_csv_dataset_reader(client: Any, tmp: str) -> list[tuple[str, bool]]:
    out = []
    with open(os.path.join(tmp, "dataset.csv"), newline="") as f:
        for row in csv.DictReader(f):
            pred = ask(client, row["question"], float(row["lat"]))
            out.append((row["id"], contains(pred, row["gold"])))
    print(f"{sum(ok for _, ok in out)}/{len(out)} correct")
    return out


def _setup_csv(env: Env) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "question", "gold", "lat"])
    for d in QA_DICTS[:4]:
        w.writerow([d["id"], d["question"], d["answer"], d["lat"]])
    (env.tmp / "dataset.csv").write_text(buf.getvalue())


def eval_progress_bar_stdout(client: Any) -> int:
    n = len(QA_DICTS)
    hits = 0
    for i, item in enumerate(QA_DICTS, 1):
        hits += contains(ask(client, item["question"], item["lat"]), item["answer"])
        bar = "#" * i + "." * (n - i)
        sys.stdout.write(f"\r[{bar}] {i}/{n}")
        sys.stdout.flush()
    sys.stdout.write("\n")
    return hits


def eval_raise_after_failures(client: Any) -> int:
    class TooManyFailures(RuntimeError):
        pass

    fails = 0
    for i, item in enumerate(QA_DICTS, 1):
        if not contains(ask(client, item["question"], item["lat"]), item["answer"]):
            fails += 1
            print(f"fail {i}")
        if fails > 2:
            raise TooManyFailures(f"{fails} failures by item {i}")
    return fails


def eval_retry_empty_with_backoff(client: Any) -> list[str]:
    import time

    out = []
    for q, _, lat in DATASET[:3]:
        a = ask(client, q, lat)
        attempt = 0
        while "model" not in a and attempt < 1:
            attempt += 1
            time.sleep(0.05)
            a = ask(client, q + " (retry)", 0.04)
        out.append(f"{attempt}:{a[:10]}")
    return out


def eval_global_stats(client: Any) -> dict[str, int]:
    for q, gold, lat in DATASET:
        pred = ask(client, q, lat)
        STATS["n"] += 1
        STATS["hit"] += contains(pred, gold)
        STATS["words"] += len(pred.split())
    return dict(STATS)


STATS: dict[str, int] = {}


def _reset_stats(env: Env) -> None:
    STATS.clear()
    STATS.update(n=0, hit=0, words=0)


def eval_pairwise_judge(client: Any) -> dict[str, int]:
    wins = {"gpt": 0, "gpt-mini": 0, "tie": 0}
    for q, _, lat in DATASET[:3]:
        a = ask(client, q, lat, "gpt")
        b = ask(client, q, 0.18 - lat, "gpt-mini")
        verdict = ask(client, f"A: {a[:30]}\nB: {b[:30]}\nWhich is better?", 0.05, "judge")
        key = "gpt" if len(a) > len(b) and "A" in verdict else "gpt-mini" if "B" in verdict \
            else "tie"
        wins[key] += 1
    return wins


def eval_failures_list_in_report_prompt(client: Any) -> str:
    failures: list[str] = []
    for item in QA_DICTS[:4]:
        pred = ask(client, item["question"], item["lat"])
        if not contains(pred, item["answer"]):
            failures.append(item["id"])
    report = ask(client, f"Summarise failures: {failures}", 0.05, "judge")
    failures.clear()
    return report[:40]


async def _achat(client: Any, q: str, lat: float) -> str:
    r = await client.chat.completions.create(model="gpt",
                                             messages=[{"role": "user", "content": q}],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def aeval_sequential(client: Any) -> float:
    hits = 0
    for i, (q, gold, lat) in enumerate(DATASET, 1):
        hits += contains(await _achat(client, q, lat), gold)
        print(f"[{i}/{len(DATASET)}] acc={hits / i:.2f}")
    return hits / len(DATASET)


async def aeval_gather_then_score(client: Any) -> list[bool]:
    preds = await asyncio.gather(*(_achat(client, q, lat) for q, _, lat in DATASET))
    scores = [contains(p, g) for p, (_, g, _) in zip(preds, DATASET, strict=True)]
    for i, s in enumerate(scores, 1):
        print(f"[{i}] {s}")
    return scores


def _drive_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


async def aeval_anthropic_early_stop(client: Any) -> list[str]:
    fails = 0
    seen = []
    for item in QA_DICTS:
        m = await client.messages.create(model="claude", max_tokens=32,
                                         messages=[{"role": "user", "content": item["question"]}],
                                         extra_body={"latency": item["lat"]})
        if not contains(m.content[0].text, item["answer"]):
            fails += 1
            if fails == 2:
                break
        seen.append(item["id"])
    return seen


def _drive_an(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


# =========================================================================== datasets that break


def eval_malformed_tuple_in_dataset(client: Any) -> list[str]:
    dataset = [("Capital of Chile?", "evidence", 0.15), ("Who painted Guernica?", "model", 0.03),
               ("Speed of light?", "result"), ("Tallest mountain?", "context", 0.05)]
    out = []
    for i, (question, expected, lat) in enumerate(dataset, 1):
        pred = ask(client, question, lat)
        out.append(f"{i}:{contains(pred, expected)}")
        print(f"[{i}/{len(dataset)}] {out[-1]}")
    return out


def eval_missing_key_in_dict_item(client: Any) -> list[str]:
    data = [dict(d) for d in QA_DICTS[:4]]
    del data[2]["lat"]
    out = []
    for i, item in enumerate(data, 1):
        print(f"[{i}/{len(data)}] {item['id']}")
        out.append(ask(client, item["question"], item["lat"])[:12])
    return out


def eval_none_gold_breaks_scorer(client: Any) -> int:
    golds = ["evidence", "model", None, "context"]
    hits = 0
    for i, (q, gold) in enumerate(zip(["Alpha?", "Beta?", "Gamma?", "Delta?"], golds, strict=False),
                                      1):
        pred = ask(client, q, (0.15, 0.04, 0.1, 0.06)[i - 1])
        hits += contains(pred, gold)
        print(f"[{i}/4] hits={hits}")
    return hits


def eval_genexp_jsonl_bad_line(client: Any) -> list[str]:
    lines = ['{"q": "first?", "lat": 0.15}', '{"q": "second?", "lat": 0.04}',
             '{"q": "third?", "lat": 0.1', '{"q": "fourth?", "lat": 0.06}']
    rows = (json.loads(line) for line in lines)
    out = []
    for row in rows:
        out.append(ask(client, row["q"], row["lat"])[:14])
        print("done", row["q"])
    return out


def eval_enumerate_zip_strict(client: Any) -> list[str]:
    qs = ["one?", "two?", "three?", "four?"]
    golds = ["model", "the", "and"]
    out = []
    for i, (q, gold) in enumerate(zip(qs, golds, strict=True), 1):
        out.append(f"{i}:{contains(ask(client, q, 0.05 + 0.1 / i), gold)}")
        print(out[-1])
    return out


def eval_dict_grows_during_items(client: Any) -> list[str]:
    cases = {"base": 0.15, "hard": 0.04, "edge": 0.1}
    seen = []
    for name, lat in cases.items():
        seen.append(ask(client, f"case {name}", lat)[:12])
        print("ran", name)
        if "model" not in seen[-1]:
            cases[name + "-retry"] = lat
    return seen


def eval_for_else_all_passed(client: Any) -> str:
    for i, (q, gold, lat) in enumerate(DATASET, 1):
        if not contains(ask(client, q, lat), gold):
            print(f"first failure at item {i}")
            result = f"failed@{i}"
            break
    else:
        result = "all passed"
    return result


def eval_while_index_loop(client: Any) -> list[int]:
    i = 0
    out = []
    while i < len(QA_DICTS):
        item = QA_DICTS[i]
        out.append(len(ask(client, item["question"], item["lat"])))
        print(f"[{i + 1}/{len(QA_DICTS)}]")
        i += 1
    return out


def eval_stop_when_enough_results(client: Any) -> list[str]:
    results: list[str] = []
    for item in QA_DICTS:
        pred = ask(client, item["question"], item["lat"])
        if contains(pred, item["answer"]) or len(pred) % 2:
            results.append(item["id"])
        if len(results) >= 2:
            break
    return results


def eval_try_continue_on_any_error(client: Any) -> dict[str, str]:
    outcomes = {}
    for item, lat in zip(QA_DICTS[:4], (0.15, -1.0, 0.1, 0.04), strict=True):
        try:
            pred = ask(client, item["question"], lat)
            outcomes[item["id"]] = "hit" if contains(pred, item["answer"]) else "miss"
        except Exception as e:
            outcomes[item["id"]] = type(e).__name__
            print(f"{item['id']}: {type(e).__name__}")
            continue
        print(f"{item['id']}: {outcomes[item['id']]}")
    return outcomes


def eval_print_to_results_file(client: Any, tmp: str) -> str:
    path = os.path.join(tmp, "report.txt")
    with open(path, "a") as f:
        for i, (q, gold, lat) in enumerate(DATASET, 1):
            pred = ask(client, q, lat)
            print(f"{i}\t{gold}\t{contains(pred, gold)}", file=f)
            print(f"[{i}/{len(DATASET)}]")
    return Path(path).read_text()


def eval_resume_index_from_file(client: Any, tmp: str) -> list[str]:
    state = Path(tmp) / "cursor.txt"
    start = int(state.read_text()) if state.exists() else 0
    out = []
    for i in range(start, len(QA_DICTS)):
        item = QA_DICTS[i]
        out.append(ask(client, item["question"], item["lat"])[:10])
        state.write_text(str(i + 1))
    return out


def _setup_cursor(env: Env) -> None:
    (env.tmp / "cursor.txt").write_text("1")


def eval_done_ids_from_server(client: Any, web: str) -> list[str]:
    done = set(requests.get(f"{web}/items?ms=100", timeout=5).json()["keys"])
    asked = []
    for item in QA_DICTS[:4]:
        if f"res-{item['id']}" in done:
            continue
        pred = ask(client, item["question"], item["lat"])
        requests.put(f"{web}/items/res-{item['id']}", data=pred[:10], timeout=5)
        asked.append(item["id"])
    return asked


def eval_second_pass_remove_from_copy(client: Any) -> list[str]:
    failed = [d for d in QA_DICTS[:4]]
    for item in failed[:]:
        pred = ask(client, "Retry: " + item["question"], item["lat"])
        if "the" in pred:
            failed.remove(item)
            print("recovered", item["id"])
    return [f["id"] for f in failed]


def eval_closure_judge_nonlocal(client: Any) -> dict[str, int]:
    judged = 0

    def judge(q: str, pred: str) -> bool:
        nonlocal judged
        judged += 1
        verdict = ask(client, f"Judge {q}: {pred[:20]}", 0.06, "judge")
        return "model" in verdict

    passed = 0
    for q, _, lat in DATASET[:3]:
        pred = ask(client, q, lat)
        passed += judge(q, pred)
        print(f"judged={judged} passed={passed}")
    return {"judged": judged, "passed": passed}


def eval_slowest_item_perf_counter(client: Any) -> str:
    import time

    timings = {}
    for name, lat in (("a", 0.1), ("b", 0.22), ("c", 0.14)):
        t0 = time.perf_counter()
        ask(client, f"timed {name}", lat)
        timings[name] = time.perf_counter() - t0
    slowest = max(timings, key=timings.get)
    print("slowest item:", slowest)
    return slowest


def eval_anthropic_max_tokens_retry(client: Any) -> list[str]:
    out = []
    for q, _, lat in DATASET[:3]:
        m = client.messages.create(model="claude", max_tokens=8,
                                   messages=[{"role": "user", "content": q}],
                                   extra_body={"latency": lat})
        if m.stop_reason == "max_tokens":
            m = client.messages.create(model="claude", max_tokens=64,
                                       messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": 0.05})
        out.append(f"{m.stop_reason}:{len(m.content[0].text.split())}")
    return out


async def _adataset():
    for q, gold, lat in DATASET:
        yield q, gold, lat


async def aeval_async_for_dataset(client: Any) -> list[bool]:
    out = []
    async for q, gold, lat in _adataset():
        out.append(contains(await _achat(client, q, lat), gold))
        print(len(out), out[-1])
    return out


async def aeval_zip_strict_mismatch(client: Any) -> list[str]:
    out = []
    for q, gold in zip(["x?", "y?", "z?"], ["model", "the"], strict=True):
        out.append(f"{q}{contains(await _achat(client, q, 0.15 if q == 'x?' else 0.04), gold)}")
        print(out[-1])
    return out


def eval_unpack_two_of_three(client: Any) -> list[str]:
    dataset = [("Capital of Chile?", "evidence"), ("Who painted Guernica?", "model"),
               ("Speed of light?",), ("Tallest mountain?", "context")]
    out = []
    for question, expected in dataset:
        out.append(str(contains(ask(client, question, 0.15 - 0.03 * len(out)), expected)))
        print(question, out[-1])
    return out


def zip_strict_two_lists_short(client: Any) -> list[str]:
    """Minimal: two lists zipped strictly, the second one shorter."""
    out = []
    for q, gold in zip(["p?", "q?", "r?"], ["model", "the"], strict=True):
        out.append(ask(client, q, 0.15 if q == "p?" else 0.04)[:8] + gold)
    return out


def zip_strict_three_lists_short(client: Any) -> list[str]:
    """Minimal: three lists zipped strictly, the middle one shorter."""
    out = []
    for q, gold, lat in zip(["p?", "q?", "r?"], ["model", "the"], [0.15, 0.04, 0.08],
                            strict=True):
        out.append(ask(client, q, lat)[:8] + gold)
    return out


def zip_strict_longer_second(client: Any) -> list[str]:
    """Minimal: the second list is the longer one (the error comes after the last item)."""
    out = []
    for q, lat in zip(["p?", "q?"], [0.15, 0.04, 0.08], strict=True):
        out.append(ask(client, q, lat)[:8])
    return out


def eval_map_over_dataset_lazy(client: Any) -> list[str]:
    out = []
    for q, lat in map(lambda row: (row["question"], row["lat"]), QA_DICTS[:4]):
        out.append(ask(client, q, lat)[:8])
    return out


def _loading(rows: list[dict[str, Any]]):
    for i, row in enumerate(rows, 1):
        print(f"loading item {i}")
        yield row


def eval_generator_that_prints(client: Any) -> list[str]:
    out = []
    for row in _loading(QA_DICTS[:4]):
        out.append(ask(client, row["question"], row["lat"])[:8])
        print("answered", row["id"])
    return out


def _progress(items: list[Any], desc: str):
    n = len(items)
    for i, item in enumerate(items, 1):
        yield item
        print(f"{desc} [{i}/{n}]")


def eval_handwritten_progress_wrapper(client: Any) -> int:
    hits = 0
    for q, gold, lat in _progress(DATASET, "eval"):
        hits += contains(ask(client, q, lat), gold)
    return hits


def _logged_rows(rows: list[dict[str, Any]]):
    for row in rows:
        LOG.info("dataset row %s", row["id"])
        yield row


def eval_generator_that_logs(client: Any) -> list[int]:
    out = []
    for row in _logged_rows(QA_DICTS[:4]):
        out.append(len(ask(client, row["question"], row["lat"])))
        LOG.info("scored %s", row["id"])
    return out


class Benchmark:
    def __init__(self, rows: list[tuple[str, str, float]]) -> None:
        self.rows = rows
        self.served = 0

    def __iter__(self):
        for row in self.rows:
            self.served += 1
            yield row

    def __len__(self) -> int:
        return len(self.rows)


def eval_benchmark_class_iter(client: Any) -> list[str]:
    bench = Benchmark(DATASET)
    out = []
    for q, gold, lat in bench:
        out.append(f"{bench.served}/{len(bench)}:{contains(ask(client, q, lat), gold)}")
    return out


def eval_iter_skip_followup(client: Any) -> list[str]:
    it = iter([("Main A?", 0.15), ("Follow-up A?", 0.04), ("Main B?", 0.1), ("Follow B?", 0.05)])
    out = []
    for q, lat in it:
        pred = ask(client, q, lat)
        out.append(q)
        if "model" not in pred:
            skipped = next(it, None)
            print("skip follow-up:", skipped and skipped[0])
    return out


def eval_batches_of_two(client: Any) -> list[int]:
    sizes = []
    for start in range(0, len(QA_DICTS), 2):
        batch = QA_DICTS[start:start + 2]
        preds = [ask(client, d["question"], d["lat"]) for d in batch]
        sizes.append(sum(len(p) for p in preds))
        print(f"batch of {len(batch)} done")
    return sizes


def comp_zip_strict_mismatch(client: Any) -> list[str]:
    """A comprehension over a strict zip whose lists differ in length."""
    qs = ["p?", "q?", "r?"]
    lats = [0.15, 0.04]
    return [ask(client, q, lat)[:8] for q, lat in zip(qs, lats, strict=True)]


def eval_requeue_failures_same_list(client: Any) -> list[str]:
    queue = [dict(d, tries=0) for d in QA_DICTS[:3]]
    log = []
    for item in queue:
        pred = ask(client, item["question"] + " #" * item["tries"], item["lat"])
        ok = contains(pred, item["answer"])
        log.append(f"{item['id']}/{item['tries']}:{ok}")
        if not ok and item["tries"] == 0:
            queue.append(dict(item, tries=1, lat=0.2 - item["lat"]))
    print(len(queue), "attempts")
    return log


# =========================================================================== registry


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def both_args(env: Env) -> tuple:
    return (openai_client(env), anthropic_client(env))


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _async(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="api", ideal=ideal, **kw)


D4 = over(0.15, 0.03, 0.09, 0.05)
Q5 = over(0.15, 0.04, 0.1, 0.06, 0.03)

CASES: list[Case] = [
    _sdk(eval_enumerate_running_accuracy, D4, overlap=2),
    _sdk(eval_zip_questions_answers, over(0.15, 0.04, 0.1, 0.03), overlap=2),
    _sdk(eval_cases_items_latency, over(0.15, 0.03, 0.1, 0.05), overlap=2),
    _sdk(eval_judge_each_answer, 0.6 / 0.2, cat="ensemble"),
    _sdk(eval_dicts_results_jsonl, Q5, args=oa_tmp, cat="files", overlap=2),
    _sdk(eval_results_to_csv, D4, args=oa_tmp, cat="files", overlap=2),
    _sdk(eval_token_totals, D4, cat="state", overlap=2),
    _sdk(eval_early_stop_after_two_failures, cat="validation"),
    _sdk(eval_max_items_limit, over(0.15, 0.04, 0.1), cat="validation"),
    _sdk(eval_skip_done_in_results_file, over(0.15, 0.1, 0.03), args=oa_tmp, cat="files",
         setup=_setup_done),
    _sdk(eval_second_pass_reask_failures, cat="validation"),
    _sdk(eval_logging_progress, D4),
    _sdk(eval_anthropic_usage, D4, args=an_args, overlap=2),
    _sdk(eval_both_providers_agreement, over(0.15, 0.03, 0.03, 0.15, 0.09, 0.09),
         args=both_args),
    _sdk(eval_pass_at_k, 3.0, cat="ensemble"),
    _sdk(eval_majority_vote, cat="ensemble"),
    _sdk(eval_confusion_matrix, D4, cat="state"),
    _sdk(eval_category_breakdown, over(0.15, 0.03, 0.1, 0.05), cat="state"),
    _sdk(eval_scorer_parse_int_errors, D4, cat="validation"),
    _sdk(eval_api_error_recorded, cat="validation"),
    _sdk(eval_api_error_aborts_run, cat="validation", speculative_reads=True),
    _sdk(eval_checkpoint_every_two, Q5, args=oa_tmp, cat="files"),
    _sdk(eval_judge_rubric_regex, cat="ensemble"),
    _sdk(eval_prompt_variants_grid, cat="fanout"),
    _sdk(eval_models_by_dataset, cat="fanout"),
    _sdk(eval_dataclass_rows_asdict, over(0.15, 0.04, 0.1, 0.06), args=oa_tmp, cat="files"),
    _sdk(eval_worst_items_sorted, Q5, overlap=2),
    _sdk(eval_accuracy_threshold_stop, cat="validation"),
    _sdk(eval_seeded_shuffle, over(0.03, 0.15, 0.06, 0.04), cat="state"),
    _sdk(eval_dedupe_repeated_questions, over(0.15, 0.08, 0.05), cat="validation"),
    _sdk(eval_write_then_read_summary, args=oa_tmp, cat="files"),
    _sdk(eval_stream_answers, cat="sdk"),
    _sdk(eval_embedding_similarity, cat="sdk"),
    _sdk(eval_count_tokens_then_answer, args=an_args, cat="validation"),
    _both(eval_post_scores_to_leaderboard, cat="http"),
    _sdk(eval_fewshot_from_previous),
    _sdk(eval_list_comprehension_then_scores, Q5, overlap=2),
    _sdk(eval_zip_strict_length_mismatch, cat="validation"),
    _sdk(eval_generator_dataset, D4, cat="state"),
    _sdk(eval_jsonl_dataset_file, over(0.15, 0.04, 0.1, 0.06), args=oa_tmp, cat="files", setup=_setup_dataset),
    _sdk(eval_csv_dataset_reader, args=oa_tmp, cat="files", setup=_setup_csv),
    _sdk(eval_progress_bar_stdout, Q5),
    _sdk(eval_raise_after_failures, cat="validation"),
    _sdk(eval_retry_empty_with_backoff, cat="sleep"),
    _sdk(eval_global_stats, D4, cat="state", setup=_reset_stats),
    _sdk(eval_pairwise_judge, 0.69 / 0.2, cat="ensemble"),
    _sdk(eval_failures_list_in_report_prompt, 0.4 / 0.2, cat="state"),
    _async(aeval_sequential, _drive_oa, D4),
    _async(aeval_gather_then_score, _drive_oa, D4, cat="fanout"),
    _async(aeval_anthropic_early_stop, _drive_an, cat="validation"),
]

CASES += [
    _sdk(eval_malformed_tuple_in_dataset, cat="validation", speculative_reads=True),
    _sdk(eval_missing_key_in_dict_item, cat="validation", speculative_reads=True),
    _sdk(eval_none_gold_breaks_scorer, cat="validation", speculative_reads=True),  # (None gold: the scorer fails by accident, after the next item's call started: the allowance)
    _sdk(eval_genexp_jsonl_bad_line, cat="validation"),
    _sdk(eval_enumerate_zip_strict, cat="validation"),
    _sdk(eval_dict_grows_during_items, cat="validation"),
    _sdk(eval_for_else_all_passed, cat="validation"),
    _sdk(eval_while_index_loop, Q5),
    _sdk(eval_stop_when_enough_results, cat="validation"),
    _sdk(eval_try_continue_on_any_error, cat="validation"),
    _sdk(eval_print_to_results_file, D4, args=oa_tmp, cat="files"),
    _sdk(eval_resume_index_from_file, over(0.04, 0.1, 0.06, 0.03), args=oa_tmp, cat="files",
         setup=_setup_cursor),
    _both(eval_done_ids_from_server, cat="http"),
    _sdk(eval_second_pass_remove_from_copy, over(0.15, 0.04, 0.1, 0.06), cat="state"),
    _sdk(eval_closure_judge_nonlocal, cat="helpers"),
    _sdk(eval_slowest_item_perf_counter, cat="state"),
    _sdk(eval_anthropic_max_tokens_retry, args=an_args),
    _async(aeval_async_for_dataset, _drive_oa, D4),
    _async(aeval_zip_strict_mismatch, _drive_oa, cat="validation"),
    _sdk(eval_unpack_two_of_three, cat="validation"),
    _sdk(zip_strict_two_lists_short, cat="validation"),
    _sdk(zip_strict_three_lists_short, cat="validation"),
    _sdk(zip_strict_longer_second, cat="validation"),
    _sdk(eval_map_over_dataset_lazy, over(0.15, 0.04, 0.1, 0.06)),
    _sdk(eval_generator_that_prints, over(0.15, 0.04, 0.1, 0.06), cat="state"),
    _sdk(eval_handwritten_progress_wrapper, D4, cat="state"),
    _sdk(eval_generator_that_logs, over(0.15, 0.04, 0.1, 0.06), cat="state"),
    _sdk(eval_benchmark_class_iter, D4, cat="state"),
    _sdk(eval_iter_skip_followup, cat="state"),
    _sdk(eval_batches_of_two, 0.38 / 0.28, cat="fanout"),
    _sdk(comp_zip_strict_mismatch, cat="validation"),
    _sdk(eval_requeue_failures_same_list, cat="state"),
]

# Differed under jit when written, fixed since: fixed by e1d4793: reading a strict zip ahead that fails leaves the loop as written
FIXED_WHY: dict[str, str] = {
    "eval_zip_strict_length_mismatch": (
        "zip(qs, golds, lats, strict=True) with golds one short: the plain run asks and prints "
        "two items, then zip raises ValueError; jitted, the loop's items are all drawn before "
        "the first call starts, so the ValueError comes first: no prints, no calls"),
    "zip_strict_three_lists_short": (
        "minimal of the above: `for q, gold, lat in zip(a, b, c, strict=True)` with b shorter: "
        "jitted, zip's ValueError is raised while drawing the items, before item 1's call"),
    "zip_strict_longer_second": (
        "`for q, lat in zip(qs, lats, strict=True)` with lats longer: the plain run makes both "
        "calls and then raises ValueError at the end; jitted, drawing all items up front "
        "raises it before any call is sent"),
}

FAILING_WHY: dict[str, str] = {
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
