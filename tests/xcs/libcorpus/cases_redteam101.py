"""Red-team cases (stop 101): compound-AI programs with votes and rankings.

Ensembles of model calls (openai and anthropic clients on the simulator, Ember's ``sim/``
models) reduced by a majority vote (`Counter.most_common`, ties broken by first seen),
top-k by `heapq.nlargest`, `sorted(key=...)` and a bounded heap, thresholds by `bisect`,
judges scoring candidates then picking the best (model calls inside `max`/`sorted` keys,
`any`/`next` short-circuits, `functools.reduce` tournaments, Elo updates), verifier loops
retrying until a score passes, rerankers over documents fetched from the web server,
self-consistency sampling, routers picking a model by a classifier call, cost tallies in
dicts, results written to files, CSV, JSONL or sqlite, progress printed and logged.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed (none did); `ALLOWED_WHY` names the one case whose extra
model call is within the documented allowance, `SHORT_WHY` the overlap claims not reached.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import concurrent.futures
import csv
import functools
import heapq
import itertools
import json
import random
import sqlite3
import statistics
from pathlib import Path
from typing import Any

import openai
import requests

from ember.api import models
from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam101")

L = 0.05


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def claude(client: Any, prompt: str, lat: float) -> str:
    m = client.messages.create(model="claude", max_tokens=64, messages=[user(prompt)],
                               extra_body={"latency": lat})
    return m.content[0].text


def score_of(text: str) -> int:
    return (len(text) * 7 + text.count("e")) % 10


def checksum_score(text: str) -> int:
    """The score as a checksum of the characters (`sum(map(ord, ...))`)."""
    return sum(map(ord, text)) % 10


def label_of(text: str, k: int = 3) -> str:
    return "abc"[len(text) % k]


# =========================================================================== votes


def vote_three_providers_counter(oa: Any, an: Any) -> dict[str, Any]:
    """One sample from each provider, one label each, the majority wins."""
    votes: collections.Counter[str] = collections.Counter()
    a = ask(oa, "Capital of Australia?", 0.15)
    print("openai voted", label_of(a))
    votes[label_of(a)] += 1
    b = claude(an, "Capital of Australia?", 0.03)
    print("anthropic voted", label_of(b))
    votes[label_of(b)] += 1
    c = str(models("sim/gpt", "Capital of Australia?", latency=0.08))
    print("ember voted", label_of(c))
    votes[label_of(c)] += 1
    return {"winner": votes.most_common(1)[0], "all": votes.most_common()}


def vote_tie_broken_by_first_seen(client: Any) -> list[tuple[str, int]]:
    """`most_common` keeps insertion order among equal counts: the first voter wins ties."""
    votes: collections.Counter[str] = collections.Counter()
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.04)):
        text = ask(client, f"Pick a fruit #{i}", lat, seed=i)
        votes[text.split()[0].lower().strip(".,")] += 1
    return votes.most_common()


def vote_counter_update_list(client: Any) -> str:
    """Votes gathered with `Counter.update` on a one-element list, then the winner printed."""
    votes: collections.Counter[str] = collections.Counter()
    for lat in (0.15, 0.03, 0.08, 0.05, 0.02):
        votes.update([label_of(ask(client, "yes or no: is water wet?", lat, temperature=1.0))])
        print("tally", dict(sorted(votes.items())))
    return votes.most_common(1)[0][0]


def vote_weighted_by_model(client: Any) -> dict[str, float]:
    """Each model's vote counts by its weight, summed in a defaultdict(float)."""
    weights = {"gpt-big": 3.0, "gpt-mid": 2.0, "gpt-small": 1.0}
    tally: collections.defaultdict[str, float] = collections.defaultdict(float)
    for model, lat in (("gpt-big", 0.15), ("gpt-mid", 0.03), ("gpt-small", 0.08)):
        tally[label_of(ask(client, "Which option is safest?", lat, model=model))] += weights[model]
    return dict(sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))


def vote_stop_at_majority(client: Any) -> dict[str, Any]:
    """Sample until one label has 2 votes: samples after that are never sent."""
    votes: collections.Counter[str] = collections.Counter()
    sent = 0
    for seed, lat in enumerate((0.15, 0.03, 0.08, 0.05, 0.12, 0.04)):
        sent += 1
        votes[label_of(ask(client, "Is 91 prime?", lat, seed=seed), 2)] += 1
        if votes.most_common(1)[0][1] >= 2:
            break
    return {"sent": sent, "votes": votes.most_common()}


def vote_per_question_jsonl(client: Any, tmp: str) -> list[str]:
    """Three samples per question, the majority written as one JSONL row per question."""
    path = Path(tmp) / "votes.jsonl"
    out = []
    for q in ("2+2?", "3*3?"):
        c = collections.Counter(label_of(ask(client, q, lat, seed=s))
                                for s, lat in enumerate((0.15, 0.03, 0.08)))
        winner = c.most_common(1)[0][0]
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "winner": winner, "n": sum(c.values())}) + "\n")
        print("wrote", q, winner)
        out.append(winner)
    return out + [path.read_text()]


def vote_sqlite_group_by(client: Any, db: str) -> list[tuple[str, int]]:
    """Votes are rows; the count is a GROUP BY."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE votes (sample INTEGER, label TEXT)")
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05)):
        conn.execute("INSERT INTO votes VALUES (?, ?)",
                     (i, label_of(ask(client, "Sentiment of 'meh'", lat, seed=i))))
    conn.commit()
    rows = conn.execute("SELECT label, COUNT(*) AS n FROM votes GROUP BY label "
                        "ORDER BY n DESC, MIN(sample)").fetchall()
    conn.close()
    return rows


def vote_counter_subtract_vetoes(client: Any) -> list[tuple[str, int]]:
    """Votes for, then a veto model subtracts: the order of add and subtract is the program's."""
    votes: collections.Counter[str] = collections.Counter()
    for lat in (0.15, 0.03, 0.08):
        votes[label_of(ask(client, "Best plan?", lat))] += 1
    veto = label_of(ask(client, "Which plan is unsafe?", 0.04, model="critic"))
    votes.subtract([veto])
    print("after veto of", veto, votes.most_common())
    return votes.most_common()


def vote_from_generator_into_counter(client: Any) -> list[tuple[str, int]]:
    """`Counter(gen)` where the generator makes the calls and prints."""
    def samples() -> Any:
        for i, lat in enumerate((0.15, 0.03, 0.08)):
            t = ask(client, f"Guess {i}", lat)
            print("sample", i, t[:12])
            yield label_of(t)
    return collections.Counter(samples()).most_common()


# =========================================================================== top-k


def topk_nlargest_judge_scores(client: Any) -> list[tuple[int, str]]:
    cands = ["alpha plan", "beta plan", "gamma plan", "delta plan", "eps plan"]
    scored = []
    for c, lat in zip(cands, (0.15, 0.03, 0.08, 0.05, 0.02), strict=True):
        s = score_of(ask(client, f"Score 0-9: {c}", lat, model="judge"))
        print("scored", c, s)
        scored.append((s, c))
    return heapq.nlargest(2, scored)


def topk_bounded_heap_pushpop(client: Any) -> list[tuple[int, str]]:
    """Keep the best three in a min-heap while scoring; print what falls out."""
    heap: list[tuple[int, str]] = []
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05, 0.12)):
        name = f"draft{i}"
        s = score_of(ask(client, f"Rate {name}", lat, model="judge"))
        if len(heap) < 3:
            heapq.heappush(heap, (s, name))
        else:
            dropped = heapq.heappushpop(heap, (s, name))
            print("dropped", dropped)
    return sorted(heap, reverse=True)


def topk_nlargest_key_calls_model(client: Any) -> list[str]:
    """The key function itself calls the judge: `heapq.nlargest(k, xs, key=judge)`."""
    def judge(c: str) -> int:
        s = score_of(ask(client, f"Quality of {c}", 0.15 if c == "one" else 0.04, model="judge"))
        print("judged", c, s)
        return s
    return heapq.nlargest(2, ["one", "two", "three", "four"], key=judge)


def sorted_key_calls_model_prints(client: Any) -> list[str]:
    """`sorted(key=...)` calls the key once per item in list order; the key prints."""
    lats = {"red": 0.15, "green": 0.03, "blue": 0.08}

    def key(c: str) -> tuple[int, str]:
        s = score_of(ask(client, f"Vividness of {c}", lats[c]))
        print("key", c, s)
        return (-s, c)
    return sorted(lats, key=key)


def max_key_lambda_judge(client: Any) -> str:
    cands = {"short": 0.15, "medium": 0.03, "long": 0.08}
    return max(cands, key=lambda c: score_of(ask(client, f"Judge {c}", cands[c], model="judge")))


def dict_comprehension_scores_then_argmax(client: Any) -> dict[str, Any]:
    cands = [("intro-a", 0.15), ("intro-b", 0.03), ("intro-c", 0.08)]
    scores = {c: score_of(ask(client, f"Score {c}", lat, model="judge")) for c, lat in cands}
    best = max(scores, key=scores.get)  # type: ignore[arg-type]
    LOG.info("best %s of %s", best, scores)
    return {"best": best, "scores": scores}


def sorted_stable_ties_keep_fetch_order(client: Any) -> list[str]:
    """Coarse scores tie; `sorted` is stable, so the order fetched decides among ties."""
    rows = []
    for name, lat in (("n1", 0.15), ("n2", 0.03), ("n3", 0.08), ("n4", 0.05)):
        rows.append((name, score_of(ask(client, f"tie {name}", lat)) // 5))
    return [n for n, _ in sorted(rows, key=lambda r: -r[1])]


def beam_search_expand_and_prune(client: Any) -> list[str]:
    """Beam search: expand each beam with a call, score, keep the top two, repeat."""
    beams = [("", 0)]
    for depth in range(2):
        expanded = []
        for text, total in beams:
            for branch, lat in (("x", 0.12), ("y", 0.03)):
                nxt = text + branch
                s = score_of(ask(client, f"Continue {nxt}", lat + 0.01 * depth))
                expanded.append((nxt, total + s))
        beams = heapq.nlargest(2, expanded, key=lambda b: (b[1], b[0]))
        print("depth", depth, beams)
    return [b[0] for b in beams]


def best_first_search_heappop(client: Any) -> list[str]:
    """A frontier heap: pop the best, expand it with a call, push children."""
    frontier: list[tuple[int, str]] = [(0, "root")]
    visited = []
    for _ in range(3):
        cost, node = heapq.heappop(frontier)
        visited.append(node)
        for child, lat in ((node + ".l", 0.12), (node + ".r", 0.03)):
            c = score_of(ask(client, f"Cost of {child}", lat))
            heapq.heappush(frontier, (cost + c, child))
    return visited


# =========================================================================== thresholds


GRADES = "FDCBA"
CUTS = [3, 5, 7, 9]


def bisect_grade_each_answer(client: Any) -> list[str]:
    out = []
    for q, lat in (("essay one", 0.15), ("essay two", 0.03), ("essay three", 0.08)):
        s = score_of(ask(client, f"Grade {q}", lat, model="judge"))
        g = GRADES[bisect.bisect_right(CUTS, s)]
        print(q, "->", g)
        out.append(g)
    return out


def insort_leaderboard_rank_printed(client: Any) -> list[tuple[int, str]]:
    """After each score the leaderboard is insorted and the new entry's rank printed."""
    board: list[tuple[int, str]] = []
    for name, lat in (("ann", 0.15), ("bob", 0.03), ("cyd", 0.08), ("dee", 0.05)):
        s = score_of(ask(client, f"Score player {name}", lat))
        bisect.insort(board, (-s, name))
        print(name, "rank", board.index((-s, name)) + 1, "of", len(board))
    return board


def bisect_router_by_difficulty(client: Any) -> dict[str, Any]:
    """A classifier scores difficulty; bisect picks the tier; the tier's model answers."""
    tiers = ["gpt-mini", "gpt", "gpt-max"]
    used = []
    answers = []
    for q, lat in (("what is 2+2", 0.15), ("prove fermat", 0.03), ("sum 1..10", 0.08)):
        d = score_of(ask(client, f"Difficulty of: {q}", lat, model="classifier"))
        model = tiers[bisect.bisect_left([4, 7], d)]
        used.append(model)
        answers.append(ask(client, q, 0.04, model=model)[:12])
    return {"used": used, "answers": answers}


def bisect_keep_above_threshold(client: Any) -> list[int]:
    """Scores kept sorted; the count at or above a threshold is read with bisect."""
    scores: list[int] = []
    passing = []
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05)):
        bisect.insort(scores, score_of(ask(client, f"answer {i}", lat, model="judge")))
        passing.append(len(scores) - bisect.bisect_left(scores, 5))
    return passing


# =========================================================================== judges


def judge_panel_mean_three_providers(oa: Any, an: Any) -> dict[str, Any]:
    """Three judges per candidate (openai, anthropic, ember); the best mean wins."""
    means = {}
    for cand in ("summary-1", "summary-2"):
        marks = [score_of(ask(oa, f"Judge {cand}", 0.15, model="judge")),
                 score_of(claude(an, f"Judge {cand}", 0.03)),
                 score_of(str(models("sim/judge", f"Judge {cand}", latency=0.08)))]
        means[cand] = statistics.mean(marks)
        print(cand, marks)
    return {"best": max(means, key=means.__getitem__), "means": means}


def pairwise_tournament_bracket(client: Any) -> list[str]:
    """Knockout: each round's pairs are the previous round's winners."""
    players = ["p1", "p2", "p3", "p4"]
    rounds = []
    while len(players) > 1:
        winners = []
        for a, b in zip(players[::2], players[1::2], strict=True):
            v = ask(client, f"Better: {a} or {b}?", 0.12 if a == "p1" else 0.03, model="judge")
            winners.append(a if len(v) % 2 else b)
        rounds.append(",".join(winners))
        players = winners
    return rounds


def round_robin_wins_counter(client: Any) -> list[tuple[str, int]]:
    wins: collections.Counter[str] = collections.Counter()
    for (a, b), lat in zip(itertools.combinations(["x", "y", "z"], 2), (0.15, 0.03, 0.08),
                           strict=True):
        v = ask(client, f"{a} vs {b}", lat, model="judge")
        wins[a if score_of(v) >= 5 else b] += 1
    return wins.most_common()


def elo_updates_from_pairwise(client: Any) -> dict[str, float]:
    """Elo: each judgment's update reads the ratings the previous updates wrote."""
    rating = {"a": 1000.0, "b": 1000.0, "c": 1000.0}
    for (x, y), lat in zip((("a", "b"), ("b", "c"), ("a", "c"), ("a", "b")),
                           (0.15, 0.03, 0.08, 0.05), strict=True):
        v = ask(client, f"Who wins, {x} or {y}?", lat, model="judge")
        s = 1.0 if len(v) % 2 else 0.0
        e = 1 / (1 + 10 ** ((rating[y] - rating[x]) / 400))
        rating[x] += 32 * (s - e)
        rating[y] -= 32 * (s - e)
        print(f"{x}-{y}: {rating[x]:.1f} {rating[y]:.1f}")
    return {k: round(v, 2) for k, v in rating.items()}


def reduce_tournament_judge(client: Any) -> str:
    """`functools.reduce` with a judging reducer: a left fold, each call needs the last."""
    def better(a: str, b: str) -> str:
        v = ask(client, f"{a} or {b}", 0.1 if a == "c0" else 0.03, model="judge")
        print("match", a, b)
        return a if len(v) % 2 else b
    return functools.reduce(better, ["c0", "c1", "c2", "c3"])


def judge_scores_into_sqlite_pick_best(client: Any, db: str) -> tuple[str, int]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE scores (cand TEXT, score INTEGER)")
    for cand, lat in (("c-a", 0.15), ("c-b", 0.03), ("c-c", 0.08)):
        s = score_of(ask(client, f"Score {cand}", lat, model="judge"))
        conn.execute("INSERT INTO scores VALUES (?, ?)", (cand, s))
        conn.commit()
        print("stored", cand, conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0])
    best = conn.execute("SELECT cand, score FROM scores ORDER BY score DESC, rowid LIMIT 1"
                        ).fetchone()
    conn.close()
    return best


def any_candidate_passes_short_circuit(client: Any) -> dict[str, Any]:
    """`any(...)` stops at the first pass; later candidates are never judged."""
    judged = []

    def passes(c: str, lat: float) -> bool:
        judged.append(c)
        return score_of(ask(client, f"Pass? {c}", lat, model="judge")) >= 3

    ok = any(passes(c, lat) for c, lat in (("k1", 0.15), ("k2", 0.03), ("k3", 0.08),
                                           ("k4", 0.05)))
    return {"ok": ok, "judged": judged}


def next_verified_candidate(client: Any) -> str:
    """`next(c for c in cands if verify(c))`: the first verified one, no more calls after."""
    def verify(c: str) -> bool:
        v = ask(client, f"Verify {c}", 0.15 if c.endswith("0") else 0.03, model="verifier")
        print("verified", c, len(v) % 3)
        return len(v) % 3 == 0
    return next((c for c in (f"sol{i}" for i in range(6)) if verify(c)), "none")


def judge_raises_on_unparseable(client: Any) -> list[int]:
    """A judge's answer parsed with int(): the third raises after two prints."""
    out = []
    for cand, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08), ("d", 0.05)):
        v = ask(client, f"Score {cand}", lat, model="judge")
        out.append(int(str(len(v)) if cand != "c" else v[:3]))
        print("parsed", cand)
    return out


# =========================================================================== verifier loops


def verifier_retry_until_score(client: Any) -> dict[str, Any]:
    attempts = []
    draft = ""
    for attempt in range(5):
        draft = ask(client, f"Write a haiku, attempt {attempt}", 0.12, temperature=0.8)
        s = score_of(ask(client, f"Score this: {draft}", 0.03, model="judge"))
        attempts.append(s)
        print("attempt", attempt, "score", s)
        if s >= 6:
            break
    return {"attempts": attempts, "draft": draft[:20]}


def verifier_with_feedback_file(client: Any, tmp: str) -> list[str]:
    """Each failed attempt's feedback is appended to a file the next prompt reads."""
    log = Path(tmp) / "feedback.txt"
    log.write_text("")
    verdicts = []
    for attempt in range(4):
        prompt = "Fix the bug. Past feedback: " + log.read_text().replace("\n", " | ")
        patch = ask(client, prompt[:200], 0.1)
        verdict = ask(client, f"Review: {patch}", 0.03, model="reviewer")
        verdicts.append(str(len(verdict) % 4))
        if len(verdict) % 4 == 0:
            break
        with log.open("a") as f:
            f.write(f"attempt {attempt}: {verdict[:20]}\n")
    return verdicts + [log.read_text()]


def verifier_budget_tally_stops(client: Any) -> dict[str, Any]:
    """Retry while the verifier fails and the token budget lasts."""
    cost = collections.Counter[str]()
    tries = 0
    while cost["tokens"] < 120 and tries < 6:
        r = client.chat.completions.create(model="gpt", messages=[user(f"try {tries}")],
                                           extra_body={"latency": 0.1})
        cost["tokens"] += r.usage.total_tokens
        cost["calls"] += 1
        v = ask(client, f"Check {r.choices[0].message.content}", 0.03, model="verifier")
        cost["calls"] += 1
        tries += 1
        if score_of(v) == 0:
            break
    return {"tries": tries, "cost": dict(cost)}


def verifier_anthropic_then_openai(oa: Any, an: Any) -> list[int]:
    """Claude drafts, GPT verifies, until a pass or three rounds."""
    scores = []
    for i in range(3):
        draft = claude(an, f"Draft answer {i}", 0.12)
        s = score_of(ask(oa, f"Verify: {draft}", 0.03, model="verifier"))
        scores.append(s)
        LOG.info("round %d score %d", i, s)
        if s > 7:
            break
    return scores


# =========================================================================== rerankers


def rerank_docs_from_web(client: Any, web: str) -> list[str]:
    """Retrieve documents (slow first), score each with the model, keep the top two."""
    docs = []
    for key, ms in (("doc-a", 150), ("doc-b", 30), ("doc-c", 80), ("doc-d", 40)):
        docs.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    scored = [(score_of(ask(client, f"Relevance of {d}", 0.04)), d) for d in docs]
    top = heapq.nlargest(2, scored)
    return [d for _, d in top]


def rerank_then_answer_and_put(client: Any, web: str) -> dict[str, Any]:
    """Rerank fetched docs, answer from the top ones, PUT the answer; then read it back."""
    docs = {k: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in (("kb-1", 150), ("kb-2", 30), ("kb-3", 80))}
    ranked = sorted(docs, key=lambda k: (-score_of(ask(client, f"Rank {docs[k]}", 0.04)), k))
    answer = ask(client, "Answer using " + ", ".join(docs[k] for k in ranked[:2]), 0.05)
    v = requests.put(f"{web}/items/answer", data=answer[:30], timeout=5).json()["version"]
    back = requests.get(f"{web}/items/answer?ms=30", timeout=5).json()["value"]
    return {"ranked": ranked, "version": v, "back": back}


def rerank_skips_missing_docs(client: Any, web: str) -> list[str]:
    """Some documents 404: the reranker skips them and logs it."""
    kept = []
    for key, ms in (("doc-x", 150), ("missing-y", 30), ("doc-z", 80)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        if r.status_code == 404:
            LOG.warning("skip %s", key)
            continue
        doc = r.json()["value"]
        if score_of(ask(client, f"Relevant? {doc}", 0.03)) >= 2:
            kept.append(doc)
        print("kept so far", len(kept))
    return kept


def rerank_cache_dict_repeated_docs(client: Any, web: str) -> dict[str, Any]:
    """A score cache in a dict: repeated documents are scored once."""
    cache: dict[str, int] = {}
    calls = 0
    order = []
    for key in ("d1", "d2", "d1", "d3", "d2"):
        doc = requests.get(f"{web}/items/{key}?ms={150 if key == 'd1' else 30}",
                           timeout=5).json()["value"]
        if doc not in cache:
            calls += 1
            cache[doc] = score_of(ask(client, f"score {doc}", 0.04))
        order.append(cache[doc])
    return {"calls": calls, "order": order}


def rerank_write_ranking_csv(client: Any, web: str, tmp: str) -> str:
    path = Path(tmp) / "ranking.csv"
    rows = []
    for key, ms in (("page-1", 150), ("page-2", 30), ("page-3", 80)):
        text = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        rows.append({"key": key, "score": score_of(ask(client, f"Rate {text}", 0.05))})
    rows.sort(key=lambda r: (-r["score"], r["key"]))
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["rank", "key", "score"])
        w.writeheader()
        for i, r in enumerate(rows, 1):
            w.writerow({"rank": i, **r})
    return path.read_text()


# =========================================================================== self-consistency


def self_consistency_anthropic_samples(client: Any) -> dict[str, Any]:
    votes: collections.Counter[str] = collections.Counter()
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05)):
        votes[label_of(claude(client, f"Solve 17*3 (sample {i})", lat))] += 1
    return {"top": votes.most_common(1), "n": sum(votes.values())}


def self_consistency_n_choices_rank(client: Any) -> list[str]:
    r = client.chat.completions.create(model="gpt", messages=[user("Name a river")], n=4,
                                       temperature=1.0, extra_body={"latency": 0.1})
    texts = [c.message.content for c in r.choices]
    counts = collections.Counter(label_of(t) for t in texts)
    return sorted(texts, key=lambda t: (-counts[label_of(t)], t))[:2]


def self_consistency_ember_models_seeds() -> dict[str, Any]:
    answers = [str(models("sim/gpt", "What is 6*7?", seed=s, latency=lat))
               for s, lat in enumerate((0.15, 0.03, 0.08))]
    c = collections.Counter(label_of(a) for a in answers)
    final = models("sim/judge", f"Majority is {c.most_common(1)[0][0]}", latency=L)
    return {"votes": c.most_common(), "final": str(final)[:20]}


def self_consistency_median_filter(client: Any) -> list[int]:
    """Score samples, keep those above the median, print each decision."""
    scores = [score_of(ask(client, f"Estimate #{i}", lat))
              for i, lat in enumerate((0.15, 0.03, 0.08, 0.05, 0.02))]
    med = statistics.median(scores)
    keep = []
    for i, s in enumerate(scores):
        print("sample", i, "keep" if s >= med else "drop")
        if s >= med:
            keep.append(i)
    return keep


def self_consistency_random_subset(client: Any) -> list[str]:
    """A seeded RNG picks which prompts to sample; its state advances per pick."""
    rng = random.Random(7)
    prompts = ["p-a", "p-b", "p-c", "p-d", "p-e"]
    out = []
    for lat in (0.15, 0.03, 0.08):
        p = rng.choice(prompts)
        out.append(p + ":" + label_of(ask(client, p, lat, temperature=rng.random())))
    return out


# =========================================================================== routers, tallies


def router_classifier_dispatch_tally(oa: Any, an: Any) -> dict[str, Any]:
    """A classifier call picks the provider per query; usage tallied per provider."""
    tally: collections.Counter[str] = collections.Counter()
    answers = []
    for q, lat in (("write a poem", 0.15), ("fix my code", 0.03), ("plan a trip", 0.08)):
        route = label_of(ask(oa, f"Route: {q}", lat, model="router"), 2)
        if route == "a":
            answers.append(claude(an, q, 0.04)[:10])
            tally["anthropic"] += 1
        else:
            answers.append(ask(oa, q, 0.04, model="gpt-big")[:10])
            tally["openai"] += 1
        print("routed", q, "->", route)
    return {"answers": answers, "tally": dict(sorted(tally.items()))}


def router_cascade_escalates(client: Any) -> list[str]:
    """Cheap model first; escalate to the big one when the judge is unsure."""
    used = []
    for q in ("q1", "q2", "q3"):
        a = ask(client, q, 0.12, model="gpt-mini")
        conf = score_of(ask(client, f"Confidence in {a}", 0.03, model="judge"))
        if conf < 5:
            a = ask(client, q, 0.06, model="gpt-max")
            used.append("max:" + a[:8])
        else:
            used.append("mini:" + a[:8])
    return used


def cost_tally_per_model_prices(client: Any) -> dict[str, Any]:
    """Usage times a price table, summed per model, printed as it runs."""
    price = {"gpt-big": 0.03, "gpt-mid": 0.01, "gpt-small": 0.002}
    spend: dict[str, float] = {}
    for model, lat in (("gpt-big", 0.15), ("gpt-small", 0.03), ("gpt-mid", 0.08),
                       ("gpt-big", 0.05)):
        r = client.chat.completions.create(model=model, messages=[user("hello")],
                                           extra_body={"latency": lat})
        spend[model] = spend.get(model, 0.0) + r.usage.total_tokens * price[model]
        print(f"{model}: ${spend[model]:.4f}")
    return {k: round(v, 4) for k, v in spend.items()}


def cost_tally_ember_usage_ranking() -> list[tuple[str, int]]:
    used: collections.Counter[str] = collections.Counter()
    for m, lat in (("sim/a", 0.15), ("sim/b", 0.03), ("sim/c", 0.08)):
        r = models(m, f"Summarise for {m}", latency=lat)
        used[m] += r.usage.total_tokens
        LOG.info("%s used %d", m, r.usage.total_tokens)
    return used.most_common()


# =========================================================================== threads, async


def threadpool_judges_then_nlargest(client: Any) -> list[tuple[int, str]]:
    cands = [("t1", 0.15), ("t2", 0.03), ("t3", 0.08)]
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        scores = list(pool.map(lambda cl: score_of(ask(client, f"Judge {cl[0]}", cl[1])), cands))
    ranked = heapq.nlargest(2, zip(scores, [c for c, _ in cands], strict=True))
    print("ranked", ranked)
    return ranked


async def async_gather_samples_vote(client: Any) -> list[tuple[str, int]]:
    async def one(i: int, lat: float) -> str:
        r = await client.chat.completions.create(model="gpt", messages=[user(f"Vote {i}")],
                                                 extra_body={"latency": lat})
        return label_of(r.choices[0].message.content)
    labels = await asyncio.gather(*(one(i, lat) for i, lat in enumerate((0.15, 0.03, 0.08))))
    return collections.Counter(labels).most_common()


async def async_loop_judge_insort(client: Any) -> list[tuple[int, str]]:
    board: list[tuple[int, str]] = []
    for name, lat in (("u", 0.15), ("v", 0.03), ("w", 0.08)):
        r = await client.chat.completions.create(model="judge", messages=[user(f"Rate {name}")],
                                                 extra_body={"latency": lat})
        bisect.insort(board, (score_of(r.choices[0].message.content), name))
        print("board", board)
    return board


def _async_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


# =========================================================================== round 2


def vote_tie_first_seen_no_kwargs(client: Any) -> list[tuple[str, int]]:
    """Ties in `most_common` go to the first label counted: the counting order matters."""
    votes: collections.Counter[str] = collections.Counter()
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05)):
        votes[ask(client, f"One word for sample {i}", lat)[:3]] += 1
    return votes.most_common()


def vote_put_running_tally(client: Any, web: str) -> list[int]:
    """After each vote the running tally is PUT: the writes keep the votes' order."""
    votes: collections.Counter[str] = collections.Counter()
    versions = []
    for i, lat in enumerate((0.15, 0.03, 0.08)):
        votes[label_of(ask(client, f"Vote {i}", lat))] += 1
        r = requests.put(f"{web}/items/tally", data=json.dumps(dict(sorted(votes.items()))),
                         timeout=5)
        versions.append(r.json()["version"])
    final = requests.get(f"{web}/items/tally?ms=30", timeout=5).json()["value"]
    return versions + [final]


def vote_log_and_append_each(client: Any, tmp: str) -> str:
    """Each vote logged and appended to a file as it comes."""
    path = Path(tmp) / "votes.log"
    votes: collections.Counter[str] = collections.Counter()
    for i, lat in enumerate((0.15, 0.03, 0.08, 0.05)):
        lab = label_of(ask(client, f"Classify ticket {i}", lat, "classifier"))
        votes[lab] += 1
        LOG.info("ticket %d -> %s (%d)", i, lab, votes[lab])
        with path.open("a") as f:
            f.write(f"{i} {lab}\n")
    return path.read_text() + repr(votes.most_common(1))


def heap_rank_then_put_in_rank_order(client: Any, web: str) -> list[str]:
    """Score all, push into a heap, pop best-first and PUT each with its rank."""
    heap: list[tuple[int, str]] = []
    for name, lat in (("r1", 0.15), ("r2", 0.03), ("r3", 0.08)):
        heapq.heappush(heap, (-score_of(ask(client, f"Rank {name}", lat, "judge")), name))
    out = []
    rank = 0
    while heap:
        neg, name = heapq.heappop(heap)
        rank += 1
        requests.put(f"{web}/items/rank-{rank}", data=f"{name}:{-neg}", timeout=5)
        out.append(name)
    return out


COSTS: dict[str, int] = {}


def _track(model: str, resp: Any) -> str:
    COSTS[model] = COSTS.get(model, 0) + resp.usage.total_tokens
    print("cost so far", sum(COSTS.values()))
    return resp.choices[0].message.content


def _reset_costs(env: Env) -> None:
    COSTS.clear()


def global_cost_tracker_helper(client: Any) -> dict[str, Any]:
    """A module-level cost dict updated by a helper after each ensemble member's call."""
    texts = []
    for model, lat in (("gpt-a", 0.15), ("gpt-b", 0.03), ("gpt-c", 0.08)):
        r = client.chat.completions.create(model=model, messages=[user("Pick A or B")],
                                           extra_body={"latency": lat})
        texts.append(_track(model, r))
    return {"labels": [label_of(t) for t in texts], "costs": dict(COSTS)}


def insort_key_dicts_by_score(client: Any) -> list[str]:
    """`bisect.insort(..., key=...)` on dict rows, printing the board each time."""
    board: list[dict[str, Any]] = []
    for name, lat in (("m1", 0.15), ("m2", 0.03), ("m3", 0.08)):
        row = {"name": name, "score": score_of(ask(client, f"Eval {name}", lat, "judge"))}
        bisect.insort(board, row, key=lambda d: (-d["score"], d["name"]))
        print([d["name"] for d in board])
    return [d["name"] for d in board]


def router_table_of_clients(oa: Any, an: Any) -> list[str]:
    """A table of answerers keyed by the classifier's label."""
    table = {"a": lambda q: claude(an, q, 0.04), "b": lambda q: ask(oa, q, 0.04, "gpt-big"),
             "c": lambda q: str(models("sim/gpt", q, latency=0.04))}
    out = []
    for q, lat in (("tax question", 0.15), ("a riddle", 0.03), ("a recipe", 0.08)):
        lab = label_of(ask(oa, f"Classify: {q}", lat, "router"))
        out.append(lab + ":" + table[lab](q)[:10])
    return out


def checksum_scores_vote(client: Any) -> list[tuple[int, str]]:
    """Scores as a checksum of the answer's characters, top two by `heapq.nlargest`."""
    scored = []
    for c, lat in (("s1", 0.15), ("s2", 0.03), ("s3", 0.08)):
        scored.append((checksum_score(ask(client, f"Score {c}", lat)), c))
    return heapq.nlargest(2, scored)


# =========================================================================== round 3


def _numbered_ask(client: Any, prompt: str, lat: float, _n: list[int] = [0]) -> str:  # noqa: B006
    _n[0] += 1
    return ask(client, f"[req {_n[0]}] {prompt}", lat)


def _reset_numbered(env: Env) -> None:
    _numbered_ask.__defaults__[0][0] = 0  # type: ignore[index]


def mutable_default_counter_in_prompts(client: Any) -> list[str]:
    """A helper numbers its requests with a mutable default: prompts carry the count."""
    votes = collections.Counter(label_of(_numbered_ask(client, f"Sample {i}", lat))
                                for i, lat in enumerate((0.15, 0.03, 0.08)))
    return [k for k, _ in votes.most_common()] + [str(_numbered_ask.__defaults__[0][0])]


def ensemble_abstains_on_timeout(client: Any) -> dict[str, Any]:
    """An ensemble member that times out abstains; the others vote; prints per member."""
    quick = client.with_options(timeout=0.4)
    votes: collections.Counter[str] = collections.Counter()
    abstained = []
    for name, lat in (("m-slow", 1.2), ("m-fast", 0.03), ("m-mid", 0.08)):
        try:
            votes[label_of(ask(quick, f"Vote as {name}", lat, name))] += 1
            print(name, "voted")
        except openai.APITimeoutError:
            abstained.append(name)
            print(name, "abstained")
    return {"votes": votes.most_common(), "abstained": abstained}


def nlargest_over_printing_generator(client: Any) -> list[tuple[int, str]]:
    """`heapq.nlargest` consumes a generator that calls the judge and prints each score."""
    def scored() -> Any:
        for c, lat in (("g1", 0.15), ("g2", 0.03), ("g3", 0.08)):
            s = score_of(ask(client, f"Judge {c}", lat, "judge"))
            print("scored", c, s)
            yield (s, c)
    return heapq.nlargest(2, scored())


def history_helper_feeds_next_sample(client: Any) -> list[str]:
    """A helper appends each answer to a shared history the next prompt includes."""
    history: list[str] = []

    def sample(i: int, lat: float) -> str:
        a = ask(client, f"Sample {i} given {len(history)} earlier: {'|'.join(history)[:40]}",
                lat)
        history.append(a[:8])
        return a

    labels = [label_of(sample(i, lat)) for i, lat in enumerate((0.15, 0.03, 0.08))]
    return labels + history


# =========================================================================== registry


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_an(env: Env) -> tuple:
    return (openai_client(env), anthropic_client(env))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "ensemble",
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "ensemble",
          **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


CASES: list[Case] = [
    # -- votes
    _sdk(vote_three_providers_counter, over(0.15, 0.03, 0.08), args=oa_an),
    _sdk(vote_tie_broken_by_first_seen, over(0.15, 0.03, 0.08, 0.04), overlap=4),
    _sdk(vote_counter_update_list, over(0.15, 0.03, 0.08, 0.05, 0.02)),
    _sdk(vote_weighted_by_model, over(0.15, 0.03, 0.08), overlap=3),
    _sdk(vote_stop_at_majority),
    _sdk(vote_per_question_jsonl, args=oa_tmp, cat="files"),
    _sdk(vote_sqlite_group_by, over(0.15, 0.03, 0.08, 0.05), args=oa_db("votes.db"), cat="db",
         overlap=4),
    _sdk(vote_counter_subtract_vetoes),
    _sdk(vote_from_generator_into_counter),
    # -- top-k
    _sdk(topk_nlargest_judge_scores, over(0.15, 0.03, 0.08, 0.05, 0.02), overlap=5),
    _sdk(topk_bounded_heap_pushpop, over(0.15, 0.03, 0.08, 0.05, 0.12), overlap=5),
    _sdk(topk_nlargest_key_calls_model),
    _sdk(sorted_key_calls_model_prints),
    _sdk(dict_comprehension_scores_then_argmax, over(0.15, 0.03, 0.08), overlap=3),
    _sdk(sorted_stable_ties_keep_fetch_order, over(0.15, 0.03, 0.08, 0.05)),
    _sdk(beam_search_expand_and_prune),
    _sdk(best_first_search_heappop),
    # -- thresholds
    _sdk(bisect_grade_each_answer, over(0.15, 0.03, 0.08), overlap=3),
    _sdk(insort_leaderboard_rank_printed, over(0.15, 0.03, 0.08, 0.05)),
    _sdk(bisect_router_by_difficulty),
    _sdk(bisect_keep_above_threshold, over(0.15, 0.03, 0.08, 0.05)),
    # -- judges
    _sdk(judge_panel_mean_three_providers, args=oa_an),
    _sdk(pairwise_tournament_bracket),
    _sdk(round_robin_wins_counter, over(0.15, 0.03, 0.08)),
    _sdk(elo_updates_from_pairwise, over(0.15, 0.03, 0.08, 0.05)),
    _sdk(reduce_tournament_judge),
    _sdk(judge_scores_into_sqlite_pick_best, over(0.15, 0.03, 0.08), args=oa_db("j.db"),
         cat="db"),
    _sdk(any_candidate_passes_short_circuit),
    _sdk(next_verified_candidate),
    _sdk(judge_raises_on_unparseable, speculative_reads=True),
    # -- verifier loops
    _sdk(verifier_retry_until_score),
    _sdk(verifier_with_feedback_file, args=oa_tmp, cat="files"),
    _sdk(verifier_budget_tally_stops),
    _sdk(verifier_anthropic_then_openai, args=oa_an),
    # -- rerankers
    _both(rerank_docs_from_web),
    _both(rerank_then_answer_and_put),
    _both(rerank_skips_missing_docs),
    _both(rerank_cache_dict_repeated_docs),
    _both(rerank_write_ranking_csv, args=lambda env: (openai_client(env), env.web,
                                                      str(env.tmp)), cat="files"),
    # -- self-consistency
    _sdk(self_consistency_anthropic_samples, over(0.15, 0.03, 0.08, 0.05), args=an_args,
         overlap=4),
    Case("ensemble", self_consistency_ember_models_seeds),
    _sdk(self_consistency_median_filter, over(0.15, 0.03, 0.08, 0.05, 0.02), overlap=5),
    _sdk(self_consistency_random_subset),
    # -- routers, tallies
    _sdk(router_classifier_dispatch_tally, args=oa_an),
    _sdk(router_cascade_escalates),
    _sdk(cost_tally_per_model_prices, over(0.15, 0.03, 0.08, 0.05), overlap=4),
    # -- threads, async
    _sdk(threadpool_judges_then_nlargest, cat="threads"),
    Case("ensemble", async_gather_samples_vote, drive=_async_oa, servers="api"),
    # -- round 2
    _sdk(vote_tie_first_seen_no_kwargs, over(0.15, 0.03, 0.08, 0.05), overlap=4),
    _both(vote_put_running_tally, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(vote_log_and_append_each, over(0.15, 0.03, 0.08, 0.05), args=oa_tmp, cat="files",
         overlap=4),
    _both(heap_rank_then_put_in_rank_order, over(0.15, 0.03, 0.08), overlap=3),
    _sdk(global_cost_tracker_helper, over(0.15, 0.03, 0.08), cat="state", setup=_reset_costs),
    _sdk(insort_key_dicts_by_score, over(0.15, 0.03, 0.08), overlap=3),
    _sdk(router_table_of_clients, args=oa_an),
    # -- round 3
    _sdk(mutable_default_counter_in_prompts, setup=_reset_numbered),
    _sdk(ensemble_abstains_on_timeout),
    _sdk(nlargest_over_printing_generator, over(0.15, 0.03, 0.08)),
    _sdk(history_helper_feeds_next_sample),
    _sdk(checksum_scores_vote, over(0.15, 0.03, 0.08), overlap=3),
]

# Within the documented allowance (docs/jit.md): run with `speculative_reads`.
ALLOWED_WHY: dict[str, str] = {
    "judge_raises_on_unparseable": (
        "extra model call: for cand in ...: out.append(int(... v[:3])) sends the next "
        "candidate's judge call before plain code's int() raises on candidate c"),
}

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}

# Overlap claims not reached when written (behaviour the same; the calls run one by one).
SHORT_WHY: dict[str, str] = {
    "vote_tie_broken_by_first_seen": (
        "1/4 in flight: the helper ask(client, p, lat, seed=i) forwards a keyword through "
        "**kw to create(); the same loop without the keyword overlaps 3/3"),
    "vote_sqlite_group_by": (
        "1/4: same shape, ask(..., seed=i) through **kw (as in vote_counter_update_list with "
        "temperature=)"),
    "topk_bounded_heap_pushpop": (
        "1/5: not reduced; the if len(heap) < 3: heappush / else: heappushpop shape alone "
        "overlaps 3/3, so the blocker is the print of heappushpop's result or the f-string"),
    "checksum_scores_vote": (
        "1/3: score = sum(map(ord, answer)) % 10 in a helper; len()-based scores overlap"),
    "vote_put_running_tally": (
        "1/2: for ...: t = ask(...); requests.put(web, ...) keeps the next model call (another "
        "server, order-free) behind the PUT"),
    "vote_log_and_append_each": (
        "1/4: a `with path.open('a')` append after each call keeps the next call behind it "
        "(reduced: ask then append in a loop, 1/3)"),
    "insort_key_dicts_by_score": (
        "1/3: bisect.insort(board, row, key=lambda ...) keeps the loop serial; insort without"
        " key= overlaps 3/3"),
}
