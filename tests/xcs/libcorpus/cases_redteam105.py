"""Red-team cases (105): everyday LLM-app and data scripts, written from docs/jit.md and the
harness alone.

Each case is one function a practitioner writes: a small dataset (a literal, a module-level
tuple, a JSON or CSV file from setup), a loop calling the openai or anthropic client on the
simulator (or GETs and PUTs on the web server), answers cleaned with str methods and `re`,
tallied with `Counter`/`defaultdict`, top-k kept with `heapq`/`sorted`, a CSV or JSONL report
written, a summary printed and progress logged. Shapes vary: enumerate/zip, conditional
expressions in arguments, f-strings, helpers for prompts and parsing, try/except around
calls, early `continue`, retries. Sibling calls get unequal latencies, slow first.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import csv
import heapq
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

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

LOG = corpus_logger("redteam105")

LATS = (0.15, 0.04, 0.09, 0.03, 0.06)

REVIEWS = (
    "The battery lasts two days, great phone",
    "Screen cracked after a week, awful",
    "",
    "Decent value for the price",
    "Shipping was slow but support helped",
)

TICKETS = (
    ("t1", "billing", "I was charged twice this month"),
    ("t2", "bug", "App crashes when I open settings"),
    ("t3", "billing", "Refund has not arrived"),
    ("t4", "feature", "Please add dark mode"),
)

STOP = frozenset({"the", "and", "a", "of", "it", "that", "so", "in", "with", "from", "each"})


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content or ""


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower().rstrip(".")


def words_of(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP]


def build_prompt(kind: str, body: str, *, lang: str = "en") -> str:
    return f"[{kind}/{lang}] Classify this: {body!r}"


def label_of(answer: str) -> str:
    first = clean(answer).split(" ", 1)[0]
    return first if first in ("the", "a", "model") else "other"


# =========================================================================== tallies


def sentiment_counter_with_progress_log(client: Any) -> dict[str, Any]:
    tally: Counter[str] = Counter()
    for i, review in enumerate(REVIEWS):
        if not review:
            LOG.info("skip empty review %d", i)
            continue
        answer = ask(client, f"Sentiment of: {review}", LATS[i])
        tally[label_of(answer)] += 1
        LOG.info("review %d -> %d chars", i, len(answer))
    print("tally:", dict(sorted(tally.items())))
    return dict(tally)


def tickets_grouped_defaultdict(client: Any) -> dict[str, list[str]]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for (tid, cat, body), lat in zip(TICKETS, (0.15, 0.03, 0.09, 0.05), strict=False):
        reply = ask(client, build_prompt(cat, body), lat)
        groups[cat].append(f"{tid}:{len(reply.split())}")
    for cat in sorted(groups):
        print(cat, groups[cat])
    return dict(groups)


def nlargest_by_word_count(client: Any) -> list[str]:
    answers = {}
    for tid, cat, body in TICKETS:
        lat = 0.15 if cat == "billing" and tid == "t1" else 0.04
        answers[tid] = ask(client, f"Summarise: {body}", lat)
    top = heapq.nlargest(2, answers, key=lambda k: (len(answers[k].split()), k))
    LOG.info("top two: %s", top)
    return top


# =========================================================================== reports on disk


def csv_report_after_loop(client: Any, tmp: str) -> int:
    rows = []
    for i, (tid, cat, body) in enumerate(TICKETS):
        answer = clean(ask(client, f"Reply to: {body}", LATS[i]))
        rows.append({"id": tid, "category": cat, "words": len(answer.split()),
                     "start": answer[:20]})
    path = Path(tmp) / "report.csv"
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "category", "words", "start"])
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to report.csv")
    return len(rows)


def jsonl_written_line_by_line(client: Any, tmp: str) -> list[int]:
    sizes = []
    with open(Path(tmp) / "answers.jsonl", "w") as out:
        for i, review in enumerate(REVIEWS):
            if not review:
                continue
            a = ask(client, f"Tag: {review}", LATS[i])
            out.write(json.dumps({"i": i, "answer": a}) + "\n")
            sizes.append(len(a))
    print("sizes", sizes)
    return sizes


def csv_in_csv_out_with_new_column(client: Any, tmp: str) -> list[str]:
    src = Path(tmp) / "in.csv"
    with src.open(newline="") as f:
        rows = list(csv.DictReader(f))
    for row, lat in zip(rows, (0.15, 0.03, 0.08), strict=False):
        row["answer"] = ask(client, f"Answer briefly: {row['question']}", lat)[:30]
    with (Path(tmp) / "out.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "question", "answer"])
        w.writeheader()
        for row in rows:
            w.writerow(row)
    return [r["answer"] for r in rows]


def _setup_in_csv(env: Env) -> None:
    with (env.tmp / "in.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "question"])
        for i, q in enumerate(("capital of peru", "boiling point of water", "speed of sound")):
            w.writerow([i, q])


def json_dataset_from_setup(client: Any, tmp: str) -> dict[str, str]:
    data = json.loads((Path(tmp) / "data.json").read_text())
    out = {}
    for item in data["items"]:
        if item.get("skip"):
            continue
        out[item["id"]] = clean(ask(client, item["text"], item["lat"]))[:24]
    (Path(tmp) / "summary.json").write_text(json.dumps(out, indent=1, sort_keys=True))
    return out


def _setup_data_json(env: Env) -> None:
    items = [{"id": "a", "text": "Explain recursion", "lat": 0.15},
             {"id": "b", "text": "Explain caching", "lat": 0.03, "skip": True},
             {"id": "c", "text": "Explain hashing", "lat": 0.08},
             {"id": "d", "text": "Explain sorting", "lat": 0.04}]
    (env.tmp / "data.json").write_text(json.dumps({"items": items}))


def report_file_read_back_into_final_call(client: Any, tmp: str) -> str:
    notes = Path(tmp) / "notes.md"
    parts = [ask(client, f"Bullet about {t}", lat) for t, lat in
             (("speed", 0.15), ("cost", 0.03), ("risk", 0.08))]
    notes.write_text("\n".join(f"- {p[:40]}" for p in parts))
    final = ask(client, "Summarise:\n" + notes.read_text(), 0.04)
    print(final[:50])
    return final


# =========================================================================== shapes


def zip_questions_contexts_fstring(client: Any) -> list[str]:
    questions = ["Who wrote it?", "When?", "Why does it matter?"]
    contexts = ["A novel from 1851.", "Published in London.", "A whale story."]
    answers = []
    for n, (q, ctx) in enumerate(zip(questions, contexts, strict=False), start=1):
        a = ask(client, f"Context: {ctx}\nQ{n}: {q}", (0.15, 0.03, 0.08)[n - 1])
        answers.append(f"{n}. {a.partition(' ')[0].title()}")
    print(*answers, sep="\n")
    return answers


def conditional_model_and_tokens(client: Any) -> list[tuple[str, int]]:
    out = []
    for i, q in enumerate(("hi", "Explain the CAP theorem in detail please", "ok?",
                           "Compare B-trees with LSM trees")):
        model = "gpt-mini" if len(q) < 10 else "gpt"
        text = ask(client, q, 0.15 if i == 0 else 0.04, model=model,
                   max_tokens=8 if model == "gpt-mini" else 24)
        out.append((model, len(text.split())))
    LOG.info("models used: %s", Counter(m for m, _ in out))
    return out


def dict_comprehension_of_calls(client: Any) -> dict[str, int]:
    lats = {"alpha": 0.15, "beta": 0.03, "gamma": 0.08}
    answers = {name: ask(client, f"Describe {name}", lat) for name, lat in lats.items()}
    lengths = {k: len(v) for k, v in answers.items()}
    print(lengths)
    return lengths


def helper_prompt_and_parser_with_keyerror(client: Any) -> list[str]:
    aliases = {"billing": "BIL", "bug": "BUG"}

    def code_for(cat: str) -> str:
        try:
            return aliases[cat]
        except KeyError:
            return "OTH"

    out = []
    for i, (tid, cat, body) in enumerate(TICKETS):
        reply = ask(client, build_prompt(code_for(cat), body, lang="fr" if i % 2 else "en"),
                    LATS[i])
        out.append(f"{tid}/{code_for(cat)}/{reply.count(' ')}")
    return out


def stdout_write_progress_bar(client: Any) -> int:
    n = len(TICKETS)
    done = 0
    for i, (_tid, _cat, body) in enumerate(TICKETS):
        ask(client, body, LATS[i])
        done += 1
        sys.stdout.write(f"\r[{'#' * done}{'.' * (n - done)}] {done}/{n}")
    sys.stdout.write("\n")
    return done


def cost_accounting_from_usage(client: Any) -> dict[str, Any]:
    usage = Counter()
    for i, review in enumerate(REVIEWS):
        if not review:
            continue
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": review}],
            extra_body={"latency": LATS[i]})
        usage["prompt"] += r.usage.prompt_tokens
        usage["completion"] += r.usage.completion_tokens
    cost = round(usage["prompt"] * 0.5e-6 + usage["completion"] * 1.5e-6, 8)
    print(f"cost ${cost:.6f} for {sum(usage.values())} tokens")
    return {"usage": dict(usage), "cost": cost}


# =========================================================================== control flow


def retry_until_ends_with_period(client: Any) -> list[int]:
    attempts = []
    for i, q in enumerate(("first", "second", "third")):
        for attempt in range(3):
            text = ask(client, f"{q} try {attempt}", 0.15 if i == 0 else 0.04,
                       max_tokens=4 + attempt * 20)
            if text.rstrip().endswith("."):
                break
            LOG.info("%s: retry %d", q, attempt)
        attempts.append(attempt)
    return attempts


def break_when_answer_mentions_word(client: Any) -> list[str]:
    seen = []
    for i, topic in enumerate(("sky", "sea", "sand", "snow", "stone")):
        text = ask(client, f"Topic {topic}", (0.15, 0.03, 0.08, 0.04, 0.06)[i])
        seen.append(topic)
        if "evidence" in text and len(seen) >= 2:
            print("stop at", topic)
            break
    return seen


def branch_on_answer_then_second_call(client: Any) -> list[str]:
    out = []
    for i, q in enumerate(("Is water wet?", "Is fire cold?", "Is ice hot?")):
        first = ask(client, q, (0.15, 0.03, 0.08)[i])
        follow = ("Explain why" if "the" in first.split()[:3] else "Explain why not") + f": {q}"
        out.append(ask(client, follow, 0.04)[:12])
    return out


def try_except_http_404_continue(web: str) -> dict[str, Any]:
    keys = ["alpha", "missing-1", "beta", "missing-2", "gamma"]
    found, missing = {}, []
    for i, k in enumerate(keys):
        r = requests.get(f"{web}/items/{k}?ms={(150, 30, 90, 40, 60)[i]}", timeout=5)
        try:
            r.raise_for_status()
        except requests.HTTPError as e:
            missing.append((k, e.response.status_code))
            continue
        found[k] = r.json()["value"].upper()
    print("missing:", missing)
    return {"found": found, "missing": missing}


def uncaught_error_after_prints(web: str) -> None:
    for i, k in enumerate(("one", "two", "missing-three", "four")):
        r = requests.get(f"{web}/items/{k}?ms={(150, 40, 80, 30)[i]}", timeout=5)
        r.raise_for_status()
        print("ok", r.json()["value"])


def openai_error_caught_per_item(client: Any) -> list[str]:
    out = []
    for i, (msgs, lat) in enumerate((([{"role": "user", "content": "hello"}], 0.15),
                                     ([], 0.03),
                                     ([{"role": "user", "content": "bye"}], 0.08))):
        try:
            r = client.chat.completions.create(model="gpt", messages=msgs,
                                               extra_body={"latency": lat})
            out.append(r.choices[0].message.content[:8])
        except openai.BadRequestError as e:
            out.append(f"bad{i}:{e.status_code}")
            print("request", i, "rejected")
    return out


# =========================================================================== web + sdk


def fetch_doc_then_summarise_each(client: Any, web: str) -> list[str]:
    out = []
    for i, key in enumerate(("intro", "methods", "results")):
        doc = requests.get(f"{web}/text/{key}?ms={(150, 30, 80)[i]}", timeout=5).text
        first = doc.splitlines()[0]
        out.append(ask(client, f"Summarise: {first}", 0.04)[:16])
        LOG.info("summarised %s", key)
    return out


def web_config_then_fanout_calls(client: Any, web: str) -> list[str]:
    cfg = requests.get(f"{web}/items/config?ms=40", timeout=5).json()
    prefix = cfg["value"]
    out = []
    for i, t in enumerate(("x", "y", "z")):
        out.append(f"{prefix}:{ask(client, prefix + ' ' + t, (0.15, 0.03, 0.08)[i])[:10]}")
    return out


def embeddings_rank_topk(client: Any) -> list[str]:
    docs = ["cats purr", "dogs bark", "birds sing", "fish swim"]
    vecs = []
    for d in docs:
        vecs.append(client.embeddings.create(model="emb", input=d).data[0].embedding)
    q = client.embeddings.create(model="emb", input="pets that meow").data[0].embedding

    def cos(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=False)) / (
            math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)) or 1.0)

    ranked = sorted(zip(docs, vecs, strict=False), key=lambda dv: -cos(q, dv[1]))
    top = [d for d, _ in ranked[:2]]
    print("top:", top)
    return top


# =========================================================================== anthropic


def anthropic_classify_loop_counter(client: Any) -> dict[str, int]:
    c: Counter[str] = Counter()
    for i, (_tid, cat, body) in enumerate(TICKETS):
        msg = client.messages.create(model="claude", max_tokens=16,
                                     messages=[{"role": "user", "content": body}],
                                     extra_body={"latency": (0.15, 0.03, 0.09, 0.05)[i]})
        word = msg.content[0].text.split()[0].lower().strip(".,")
        c[f"{cat}:{word}"] += 1
    print(sorted(c.items()))
    return dict(c)


# =========================================================================== sleeps, async


def rate_limited_loop_with_sleep(client: Any) -> list[int]:
    out = []
    for i, q in enumerate(("a", "b", "c")):
        out.append(len(ask(client, q, 0.03)))
        if i < 2:
            time.sleep(0.05)
    return out


async def async_sequential_awaits_summary(client: Any) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for i, review in enumerate(REVIEWS):
        if not review:
            continue
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": review}],
            extra_body={"latency": LATS[i]})
        counts.update(words_of(r.choices[0].message.content)[:3])
        print("done", i)
    return dict(counts.most_common(3))


async def async_gather_then_write_csv(client: Any, tmp: str) -> list[str]:
    async def one(q: str, lat: float) -> str:
        r = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}], extra_body={"latency": lat})
        return r.choices[0].message.content[:12]

    qs = ("north", "south", "east")
    res = await asyncio.gather(*(one(q, lat) for q, lat in zip(qs, (0.15, 0.03, 0.08), strict=False)))
    with open(Path(tmp) / "dirs.csv", "w", newline="") as f:
        csv.writer(f).writerows(zip(qs, res, strict=False))
    return list(res)


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


# =========================================================================== lazier shapes


def any_short_circuit_over_calls(client: Any) -> bool:
    qs = ("Is it raining?", "Is it sunny?", "Is it snowing?", "Is it windy?")
    lats = iter((0.15, 0.03, 0.08, 0.04))
    hit = any("evidence" in ask(client, q, next(lats)) for q in qs)
    print("hit", hit, "left", list(lats))
    return hit


def zip_map_calls_shorter_second(client: Any) -> list[tuple[str, int]]:
    qs = ["one", "two", "three", "four"]
    calls = map(lambda q: len(ask(client, f"Count {q}", 0.15 if q == "one" else 0.04)), qs)
    pairs = list(zip(["a", "b"], calls, strict=False))
    print("rest", [len(ask(client, "tail " + q, 0.03)) for q in qs[2:]])
    return pairs


def walrus_filter_comprehension(client: Any) -> list[str]:
    qs = [("q1", 0.15), ("q2", 0.03), ("q3", 0.08), ("q4", 0.04)]
    kept = [a[:10] for q, lat in qs if len(a := ask(client, q, lat)) % 2 == 0]
    print(len(kept), "kept")
    return kept


def print_fstring_with_call_inside(client: Any) -> None:
    for i, city in enumerate(("Oslo", "Lima", "Rome")):
        print(f"{i}. {city}: {ask(client, f'Weather in {city}', (0.15, 0.03, 0.08)[i])[:12]}")


def try_else_finally_prints(client: Any) -> list[str]:
    out = []
    for i, msgs in enumerate(([{"role": "user", "content": "x"}], [],
                              [{"role": "user", "content": "y"}])):
        try:
            r = client.chat.completions.create(model="gpt", messages=msgs,
                                               extra_body={"latency": (0.15, 0.03, 0.08)[i]})
        except openai.BadRequestError:
            out.append("err")
        else:
            out.append(r.choices[0].message.content[:5])
        finally:
            print("attempted", i)
    return out


def prompt_reads_file_written_by_previous(client: Any, tmp: str) -> list[str]:
    memo = Path(tmp) / "memo.txt"
    memo.write_text("")
    outs = []
    for i, topic in enumerate(("plan", "risks", "budget")):
        prev = memo.read_text()
        ans = ask(client, f"{topic}; previous notes: {prev[-40:]}", (0.15, 0.03, 0.08)[i])
        with memo.open("a") as f:
            f.write(ans[:15] + "|")
        outs.append(ans[:8])
    return outs


def put_start_then_call_then_put_result(client: Any, web: str) -> list[str]:
    out = []
    for i, (tid, _cat, body) in enumerate(TICKETS[:3]):
        requests.put(f"{web}/items/{tid}-status?ms=30", data="started", timeout=5)
        ans = ask(client, body, (0.15, 0.03, 0.08)[i])
        requests.put(f"{web}/items/{tid}-status?ms=30", data="done:" + ans[:6], timeout=5)
        out.append(tid)
    return out


def lazy_log_args_list_mutated_later(client: Any) -> list[str]:
    done: list[str] = []
    for i, q in enumerate(("p", "q", "r")):
        done.append(ask(client, q, (0.15, 0.03, 0.08)[i])[:4])
        LOG.info("progress %s", done)
    return done


def generator_helper_islice(client: Any) -> list[str]:
    import itertools

    def answers():
        for i, q in enumerate(("g1", "g2", "g3", "g4")):
            yield ask(client, q, (0.15, 0.03, 0.08, 0.04)[i])[:6]

    first_two = list(itertools.islice(answers(), 2))
    print(first_two)
    return first_two


def backoff_sleep_on_error_status(web: str) -> list[int]:
    codes = []
    for i, code in enumerate((503, 200, 429)):
        for attempt in range(2):
            r = requests.get(f"{web}/status/{code if attempt == 0 else 200}?ms={150 - 40 * i}",
                             timeout=5)
            codes.append(r.status_code)
            if r.status_code < 400:
                break
            time.sleep(0.05 * (attempt + 1))
    return codes


def n_choices_vote_per_question(client: Any) -> dict[str, str]:
    winners = {}
    for i, q in enumerate(("best color?", "best pet?")):
        r = client.chat.completions.create(
            model="gpt", n=3, temperature=1.0, messages=[{"role": "user", "content": q}],
            extra_body={"latency": (0.15, 0.04)[i]})
        votes = Counter(c.message.content.split()[0].lower() for c in r.choices)
        winners[q] = votes.most_common(1)[0][0]
    print(winners)
    return winners


# =========================================================================== comprehensions with the user's code


def ask_checked(client: Any, q: str, lat: float) -> str:
    text = ask(client, q, lat)
    print("checked", q)
    if q.endswith("!"):
        raise ValueError(f"rejected {q}")
    return text[:8]


def comprehension_helper_raises_midway(client: Any) -> Any:
    qs = [("first", 0.15), ("second!", 0.03), ("third", 0.08)]
    try:
        res = [ask_checked(client, q, lat) for q, lat in qs]
    except ValueError as e:
        print("stopped:", e)
        return str(e)
    return res


def comprehension_dedupe_with_seen_add(client: Any) -> list[str]:
    seen: set[str] = set()
    qs = ["red", "blue", "red", "green", "blue"]
    lats = {"red": 0.15, "blue": 0.03, "green": 0.08}
    outs = [ask(client, f"Color {q}", lats[q])[:6] for q in qs
            if not (q in seen or seen.add(q))]
    print(sorted(seen))
    return outs


def nested_comprehension_grid(client: Any) -> list[list[int]]:
    grid = [[len(ask(client, f"{a} x {b}", 0.15 if (a, b) == ("s", 1) else 0.04))
             for b in (1, 2)] for a in ("s", "t")]
    print(grid)
    return grid


def join_generator_of_calls(client: Any) -> str:
    text = " | ".join(ask(client, f"Part {p}", lat)[:7]
                      for p, lat in (("i", 0.15), ("ii", 0.03), ("iii", 0.08)))
    print(text)
    return text


def dict_comprehension_logs_each(client: Any) -> dict[str, int]:
    def scored(name: str, lat: float) -> int:
        n = len(ask(client, f"Score {name}", lat).split())
        LOG.info("scored %s = %d", name, n)
        return n

    scores = {name: scored(name, lat) for name, lat in (("ann", 0.15), ("bob", 0.03),
                                                        ("cy", 0.08))}
    best = max(scores, key=scores.get)
    print("best", best)
    return scores


def comprehension_writes_file_per_item(client: Any, tmp: str) -> list[str]:
    root = Path(tmp)

    def save(name: str, lat: float) -> str:
        text = ask(client, f"Note on {name}", lat)
        (root / "all.txt").open("a").write(f"{name}:{len(text)}\n")
        return name

    names = [save(n, lat) for n, lat in (("n1", 0.15), ("n2", 0.03), ("n3", 0.08))]
    return names + [(root / "all.txt").read_text()]


def comprehension_anthropic_then_sort(client: Any) -> list[tuple[int, str]]:
    outs = [(client.messages.create(model="claude", max_tokens=30,
                                    messages=[{"role": "user", "content": f"About {t}"}],
                                    extra_body={"latency": lat}).usage.output_tokens, t)
            for t, lat in (("owls", 0.15), ("bees", 0.03), ("ants", 0.08))]
    outs.sort(reverse=True)
    print(outs)
    return outs


# =========================================================================== loop-carried state


def print_to_open_file_in_loop(client: Any, tmp: str) -> str:
    path = Path(tmp) / "out.txt"
    with path.open("w") as f:
        for i, city in enumerate(("Oslo", "Lima", "Rome")):
            print(f"{city}: {ask(client, city, (0.15, 0.03, 0.08)[i])[:10]}", file=f)
            print("wrote", city)
    return path.read_text()


def retry_after_bad_request_fix_messages(client: Any) -> list[str]:
    out = []
    for i, q in enumerate(("", "hello", "")):
        msgs = [{"role": "user", "content": q}] if q else []
        for attempt in range(2):
            try:
                r = client.chat.completions.create(
                    model="gpt", messages=msgs, extra_body={"latency": (0.15, 0.03, 0.08)[i]})
                out.append(f"{i}/{attempt}:{r.choices[0].message.content[:4]}")
                break
            except openai.BadRequestError:
                print("fixing", i)
                msgs = [{"role": "user", "content": f"placeholder {i}"}]
    return out


def reraise_custom_error_after_prints(client: Any) -> None:
    class PipelineError(Exception):
        pass

    for i, msgs in enumerate(([{"role": "user", "content": "a"}],
                              [{"role": "user", "content": "b"}], [])):
        try:
            r = client.chat.completions.create(model="gpt", messages=msgs,
                                               extra_body={"latency": (0.15, 0.03, 0.08)[i]})
            print("ok", i, r.choices[0].message.content[:5])
        except openai.BadRequestError as e:
            raise PipelineError(f"item {i} failed: {e.status_code}") from e


# =========================================================================== reads beside writes


def missing_keys_marked_with_put(web: str) -> dict[str, Any]:
    keys = ["k1", "missing-a", "k2", "missing-b", "k3"]
    found = {}
    for i, k in enumerate(keys):
        r = requests.get(f"{web}/items/{k}?ms={(150, 30, 90, 40, 60)[i]}", timeout=5)
        try:
            r.raise_for_status()
        except requests.HTTPError:
            requests.put(f"{web}/items/{k}?ms=30", data="placeholder", timeout=5)
            continue
        found[k] = r.json()["value"]
        print("found", k)
    return found


def grouped_print_of_mutable_state(client: Any) -> dict[str, list[int]]:
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for (tid, cat, body), lat in zip(TICKETS, (0.15, 0.03, 0.09, 0.05), strict=True):
        groups[cat].append(len(ask(client, f"{tid} {body}", lat)))
        print(cat, groups[cat], len(groups))
    return dict(groups)


# =========================================================================== aliasing


def aliased_rows_share_one_dict(client: Any) -> list[str]:
    template = {"n": 0, "last": ""}
    rows = [template] * 3
    out = []
    for i, row in enumerate(rows):
        row["n"] += 1
        a = ask(client, f"step {row['n']} after {row['last'][:6]}", (0.15, 0.03, 0.08)[i])
        row["last"] = a
        out.append(f"{row['n']}:{a[:5]}")
    return out


def group_prompt_uses_previous_in_group(client: Any) -> list[str]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    out = []
    for (tid, cat, body), lat in zip(TICKETS, (0.15, 0.03, 0.09, 0.05), strict=True):
        prev = groups[cat][-1] if groups[cat] else "none"
        a = ask(client, f"{body} (previous in {cat}: {prev[:12]})", lat)
        groups[cat].append(a)
        out.append(f"{tid}:{a[:6]}")
    return out


PENDING: list[str] = []


def _setup_pending(env: Env) -> None:
    PENDING[:] = ["p1", "p2"]


def module_list_grown_by_helper(client: Any) -> list[str]:
    def handle(item: str, lat: float) -> str:
        a = ask(client, f"Handle {item}", lat)
        if item == "p1":
            PENDING.append("p1-retry")
        return a[:5]

    out = []
    for i, item in enumerate(PENDING):
        out.append(item + "=" + handle(item, (0.15, 0.03, 0.08)[i]))
    return out


# =========================================================================== async scripts


async def aask(client: Any, prompt: str, lat: float) -> str:
    r = await client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": prompt}], extra_body={"latency": lat})
    return r.choices[0].message.content or ""


async def async_comprehension_sizes_printed(client: Any) -> list[int]:
    sizes = [len(await aask(client, q, lat)) for q, lat in (("a", 0.15), ("b", 0.03),
                                                              ("c", 0.08))]
    print(sizes)
    return sizes


async def async_loop_continue_and_jsonl(client: Any, tmp: str) -> list[int]:
    out = []
    with open(Path(tmp) / "a.jsonl", "w") as f:
        for i, review in enumerate(REVIEWS):
            if not review:
                print("skip", i)
                continue
            a = await aask(client, review, LATS[i])
            f.write(json.dumps({"i": i, "n": len(a)}) + "\n")
            out.append(len(a))
    return out


async def async_try_except_bad_request(client: Any) -> list[str]:
    out = []
    for i, msgs in enumerate(([{"role": "user", "content": "x"}], [],
                              [{"role": "user", "content": "y"}])):
        try:
            r = await client.chat.completions.create(
                model="gpt", messages=msgs, extra_body={"latency": (0.15, 0.03, 0.08)[i]})
            out.append(r.choices[0].message.content[:5])
            print("ok", i)
        except openai.BadRequestError:
            out.append("bad")
            print("bad", i)
    return out


async def async_gather_then_sequential_judge(client: Any) -> str:
    drafts = await asyncio.gather(aask(client, "draft A", 0.15), aask(client, "draft B", 0.03))
    verdicts = []
    for i, d in enumerate(drafts):
        verdicts.append((await aask(client, f"Judge: {d[:20]}", (0.08, 0.04)[i]))[:6])
        LOG.info("judged %d", i)
    return " / ".join(verdicts)


# =========================================================================== stop at a failure


def stop_fetch_at_first_404(web: str) -> list[str]:
    out = []
    for i, k in enumerate(("a", "missing-b", "c", "d")):
        r = requests.get(f"{web}/items/{k}?ms={(150, 30, 80, 40)[i]}", timeout=5)
        if r.status_code == 404:
            print("stop at", k)
            break
        out.append(r.json()["value"])
    return out


# =========================================================================== arguments mutated after the call


def shared_options_dict_mutated_after_call(client: Any) -> list[str]:
    opts = {"latency": 0.15}
    params: dict[str, Any] = {"temperature": 0.0, "max_tokens": 6}
    out = []
    for i, q in enumerate(("first", "second", "third")):
        r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                           extra_body=opts, **params)
        out.append(r.choices[0].message.content)
        print(i, params["temperature"], opts["latency"])
        opts["latency"] = 0.03 + 0.04 * i
        params["temperature"] = round(params["temperature"] + 0.5, 1)
        params["max_tokens"] += 4
    return out


def messages_list_reused_and_cleared(client: Any) -> list[str]:
    msgs: list[dict[str, str]] = [{"role": "system", "content": "Be brief."}]
    out = []
    for i, q in enumerate(("alpha", "beta", "gamma")):
        msgs.append({"role": "user", "content": q})
        r = client.chat.completions.create(model="gpt", messages=msgs,
                                           extra_body={"latency": (0.15, 0.03, 0.08)[i]})
        out.append(r.choices[0].message.content[:10])
        msgs.pop()
        msgs[0]["content"] = f"Be brief ({i})."
    return out


# =========================================================================== the list


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def an(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def web_only(env: Env) -> tuple:
    return (env.web,)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_web, servers="web api", ideal=ideal, **kw)


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_only, servers="web", ideal=ideal, **kw)


NON_EMPTY = (0.15, 0.04, 0.03, 0.06)  # LATS of the non-empty REVIEWS

CASES: list[Case] = [
    _sdk(sentiment_counter_with_progress_log, over(*NON_EMPTY), overlap=2, cat="state"),
    _sdk(tickets_grouped_defaultdict, over(0.15, 0.03, 0.09, 0.05), overlap=2, cat="state"),
    _sdk(nlargest_by_word_count, over(0.15, 0.04, 0.04, 0.04), overlap=2),
    _sdk(csv_report_after_loop, over(*LATS[:4]), args=oa_tmp, cat="files", overlap=2),
    _sdk(jsonl_written_line_by_line, over(*NON_EMPTY), args=oa_tmp, cat="files", overlap=2),
    _sdk(csv_in_csv_out_with_new_column, over(0.15, 0.03, 0.08), args=oa_tmp, cat="files",
         setup=_setup_in_csv, overlap=2),
    _sdk(json_dataset_from_setup, over(0.15, 0.08, 0.04), args=oa_tmp, cat="files",
         setup=_setup_data_json, overlap=2),
    _sdk(report_file_read_back_into_final_call, (0.26 + 0.04) / (0.15 + 0.04), args=oa_tmp,
         cat="files", overlap=2),
    _sdk(zip_questions_contexts_fstring, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(conditional_model_and_tokens, over(0.15, 0.04, 0.04, 0.04), overlap=2),
    _sdk(dict_comprehension_of_calls, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(helper_prompt_and_parser_with_keyerror, over(*LATS[:4]), overlap=2),
    _sdk(stdout_write_progress_bar, over(*LATS[:4]), overlap=2),
    _sdk(cost_accounting_from_usage, over(*NON_EMPTY), cat="state", overlap=2),
    _sdk(retry_until_ends_with_period, ideal=1.0),
    _sdk(break_when_answer_mentions_word),
    _sdk(branch_on_answer_then_second_call, (0.26 + 0.12) / (0.15 + 0.04), overlap=2),
    _web(try_except_http_404_continue, over(0.15, 0.03, 0.09, 0.04, 0.06), overlap=2),
    _web(uncaught_error_after_prints),
    _sdk(openai_error_caught_per_item),
    _both(fetch_doc_then_summarise_each, (0.26 + 0.12) / (0.15 + 0.04), overlap=2),
    _both(web_config_then_fanout_calls, (0.04 + 0.26) / (0.04 + 0.15), overlap=2),
    _sdk(embeddings_rank_topk, 5.0, overlap=2),
    _sdk(anthropic_classify_loop_counter, over(0.15, 0.03, 0.09, 0.05), args=an, overlap=2),
    _sdk(rate_limited_loop_with_sleep, cat="sleep", spacing=0.05),
    Case("sdk", async_sequential_awaits_summary, drive=_async_oa, servers="api",
         ideal=over(*NON_EMPTY), overlap=2),
    Case("files", async_gather_then_write_csv, drive=_async_oa_tmp, servers="api",
         ideal=over(0.15, 0.03, 0.08), overlap=3),
    _sdk(any_short_circuit_over_calls),
    _sdk(zip_map_calls_shorter_second),
    _sdk(walrus_filter_comprehension, over(0.15, 0.03, 0.08, 0.04), overlap=2),
    _sdk(print_fstring_with_call_inside, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(try_else_finally_prints),
    _sdk(prompt_reads_file_written_by_previous, args=oa_tmp, cat="files"),
    _both(put_start_then_call_then_put_result, cat="http"),
    _sdk(lazy_log_args_list_mutated_later, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(generator_helper_islice),
    _web(backoff_sleep_on_error_status, cat="sleep"),
    _sdk(n_choices_vote_per_question, over(0.15, 0.04), overlap=2, cat="ensemble"),
    # (each item's ask_checked is a read that prints; the second fails after its model
    # call, and the third's was sent beside it: the speculative-read allowance. Before
    # prints were held, the helper's print kept every item in place.)
    _sdk(comprehension_helper_raises_midway, speculative_reads=True),
    _sdk(comprehension_dedupe_with_seen_add, over(0.15, 0.03, 0.08)),
    _sdk(nested_comprehension_grid, over(0.15, 0.04, 0.04, 0.04), overlap=2),
    _sdk(join_generator_of_calls, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(dict_comprehension_logs_each, over(0.15, 0.03, 0.08), overlap=2),
    _sdk(comprehension_writes_file_per_item, over(0.15, 0.03, 0.08), args=oa_tmp,
         cat="files"),
    _sdk(comprehension_anthropic_then_sort, over(0.15, 0.03, 0.08), args=an, overlap=2),
    _sdk(print_to_open_file_in_loop, over(0.15, 0.03, 0.08), args=oa_tmp, cat="files"),
    _sdk(retry_after_bad_request_fix_messages),
    _sdk(reraise_custom_error_after_prints),
    _web(missing_keys_marked_with_put),
    _sdk(grouped_print_of_mutable_state, over(0.15, 0.03, 0.09, 0.05), cat="state"),
    _sdk(aliased_rows_share_one_dict),
    _sdk(group_prompt_uses_previous_in_group, (0.15 + 0.03 + 0.09 + 0.05) / (0.15 + 0.09)),
    _sdk(module_list_grown_by_helper, cat="state", setup=_setup_pending),
    Case("sdk", async_comprehension_sizes_printed, drive=_async_oa, servers="api",
         ideal=over(0.15, 0.03, 0.08)),
    Case("files", async_loop_continue_and_jsonl, drive=_async_oa_tmp, servers="api",
         ideal=over(*NON_EMPTY)),
    Case("sdk", async_try_except_bad_request, drive=_async_oa, servers="api"),
    Case("sdk", async_gather_then_sequential_judge, drive=_async_oa, servers="api",
         ideal=(0.15 + 0.03 + 0.08 + 0.04) / (0.15 + 0.08), overlap=2),
    _web(stop_fetch_at_first_404),

    _sdk(shared_options_dict_mutated_after_call),
    _sdk(messages_list_reused_and_cleared, over(0.15, 0.03, 0.08)),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
