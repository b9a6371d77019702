"""Red-team cases (stop 125): everyday LLM-application scripts, third round, from docs/jit.md alone.

Summarisers over a folder of files, a CSV of questions answered and written back, a chatbot
transcript replayed turn by turn, classification with a progress bar and logging, batch
translation with a glossary, a retrieval GET to the corpus server before each question,
scripts that time themselves with `time.perf_counter` and print a report, settings held in
a dataclass or an `argparse.Namespace`, the openai SDK and requests / httpx / urllib.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY` saying
what differed.
"""

from __future__ import annotations

import argparse
import collections
import csv
import dataclasses
import functools
import hashlib
import json
import sqlite3
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam125")

LATS = (0.15, 0.04, 0.09, 0.06)
MS = (150, 40, 90, 60)
DOCS = {
    "a_intro.txt": "Ember is a library for compound AI systems.\nIt runs calls together.\n",
    "b_jit.txt": "The JIT overlaps independent I/O.\nIt keeps the meaning of the code.\n",
    "c_ops.txt": "Operators compose models.\nAn ensemble asks several models.\n",
    "d_faq.txt": "Q: Is it fast?\nA: Often.\n",
}
QUESTIONS = ["What is Ember?", "How does the JIT work?", "What is an operator?",
             "Why overlap I/O?"]
GLOSSARY = {"model": "modèle", "call": "appel", "server": "serveur"}


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chat(client: Any, prompt: str, lat: float, model: str = "gpt-4o-mini", **kw: Any) -> str:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def _docs(env: Env) -> None:
    d = env.tmp / "docs"
    d.mkdir()
    for name, text in DOCS.items():
        (d / name).write_text(text)


def _questions_csv(env: Env) -> None:
    with open(env.tmp / "questions.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "question", "latency"])
        for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True), start=1):
            w.writerow([i, q, lat])


def _both_setup(env: Env) -> None:
    _docs(env)
    _questions_csv(env)


@dataclasses.dataclass(frozen=True)
class Settings:
    model: str = "gpt-4o-mini"
    temperature: float = 0.2
    max_items: int = 3
    verbose: bool = True
    out_name: str = "out.json"


# =========================================================================== summarisers


def summarise_folder_print(client: Any, tmp: str) -> dict[str, str]:
    """Read every .txt file in a folder, summarise each, print as it goes."""
    summaries = {}
    files = sorted(Path(tmp, "docs").glob("*.txt"))
    print(f"Summarising {len(files)} files")
    for path, lat in zip(files, LATS, strict=True):
        text = path.read_text()
        summary = chat(client, f"Summarise in one line:\n{text}", lat)
        summaries[path.name] = summary
        print(f"- {path.name}: {textwrap.shorten(summary, 40)}")
    return summaries


def summarise_folder_write_md(client: Any, tmp: str) -> int:
    """Each summary goes into a .md file next to the source, then an index is written."""
    folder = Path(tmp, "docs")
    written = 0
    for path, lat in zip(sorted(folder.glob("*.txt")), LATS, strict=True):
        with open(path) as f:
            body = f.read()
        summary = chat(client, "Summarise:\n" + body, lat)
        path.with_suffix(".md").write_text(f"# {path.stem}\n\n{summary}\n")
        written += 1
    index = "\n".join(p.name for p in sorted(folder.glob("*.md")))
    Path(tmp, "index.txt").write_text(index)
    return written


def summarise_folder_logging(client: Any, tmp: str) -> list[int]:
    lengths = []
    for i, name in enumerate(sorted(DOCS), start=1):
        LOG.info("reading %s (%d/%d)", name, i, len(DOCS))
        text = Path(tmp, "docs", name).read_text()
        summary = chat(client, f"TL;DR: {text}", LATS[i - 1])
        LOG.debug("summary for %s has %d chars", name, len(summary))
        lengths.append(len(summary))
    LOG.info("done, mean length %.1f", sum(lengths) / len(lengths))
    return lengths


def summarise_then_overall(client: Any, tmp: str) -> str:
    """Map then reduce: per-file summaries, then one summary of the summaries."""
    parts = []
    for path, lat in zip(sorted(Path(tmp, "docs").iterdir()), LATS, strict=True):
        parts.append(chat(client, f"Summarise {path.name}: {path.read_text()}", lat))
    overall = chat(client, "Combine these:\n" + "\n".join(parts), 0.05)
    Path(tmp, "overall.txt").write_text(overall)
    print(overall[:30])
    return overall


def summarise_skip_short_files(client: Any, tmp: str) -> dict[str, str]:
    out = {}
    for path, lat in zip(sorted(Path(tmp, "docs").glob("*.txt")), LATS, strict=True):
        text = path.read_text()
        if len(text) < 40:
            print(f"skipping {path.name}: too short")
            continue
        out[path.stem] = chat(client, f"Summarise: {text}", lat)
    return out


def summarise_json_report(client: Any, tmp: str) -> dict[str, Any]:
    """A json report dumped at the end, with the word counts of sources and summaries."""
    report: dict[str, Any] = {"files": []}
    for path, lat in zip(sorted(Path(tmp, "docs").glob("*.txt")), LATS, strict=True):
        src = path.read_text()
        s = chat(client, f"Summarise: {src}", lat)
        report["files"].append({"name": path.name, "src_words": len(src.split()),
                                "summary_words": len(s.split())})
    report["total"] = sum(f["summary_words"] for f in report["files"])
    with open(Path(tmp, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    return report


# =========================================================================== CSV of questions


def csv_answer_write_back(client: Any, tmp: str) -> list[dict[str, str]]:
    """Read questions.csv, answer each, write answers.csv with the extra column."""
    with open(Path(tmp, "questions.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["answer"] = chat(client, row["question"], float(row["latency"]))
        print(f"Q{row['id']} answered")
    with open(Path(tmp, "answers.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "question", "latency", "answer"])
        w.writeheader()
        w.writerows(rows)
    return rows


def csv_stream_rows_writer_open(client: Any, tmp: str) -> int:
    """Reader and writer both open: each answer is written as soon as it arrives."""
    n = 0
    with open(Path(tmp, "questions.csv"), newline="") as fin, \
            open(Path(tmp, "answers.csv"), "w", newline="") as fout:
        reader = csv.reader(fin)
        writer = csv.writer(fout)
        header = next(reader)
        writer.writerow(header + ["answer"])
        for rid, question, lat in reader:
            answer = chat(client, question, float(lat))
            writer.writerow([rid, question, lat, answer])
            n += 1
    return n


def csv_answers_to_jsonl_append(client: Any, tmp: str) -> str:
    with open(Path(tmp, "questions.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    out = Path(tmp, "answers.jsonl")
    for row in rows:
        answer = chat(client, row["question"], float(row["latency"]))
        with out.open("a") as f:
            f.write(json.dumps({"id": int(row["id"]), "answer": answer}) + "\n")
    return out.read_text()


def csv_retry_on_empty_question(client: Any, tmp: str) -> list[str]:
    """A question cell blank in the CSV: the script asks a canned fallback question."""
    with open(Path(tmp, "questions.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    rows[2]["question"] = ""
    answers = []
    for row in rows:
        q = row["question"].strip() or "Say something useful."
        if not row["question"].strip():
            print(f"row {row['id']}: blank question, using fallback")
        answers.append(chat(client, q, float(row["latency"])))
    return answers


# =========================================================================== chat transcript


def chat_replay_transcript_history(client: Any) -> list[str]:
    """Each turn sends the whole history so far: a chain, nothing overlaps."""
    history = [{"role": "system", "content": "You are terse."}]
    replies = []
    for turn, lat in zip(["Hi", "What is 2+2?", "And times 3?"], (0.06, 0.04, 0.05),
                         strict=True):
        history.append({"role": "user", "content": turn})
        r = client.chat.completions.create(model="gpt-4o-mini", messages=history,
                                           extra_body={"latency": lat})
        reply = r.choices[0].message.content
        history.append({"role": "assistant", "content": reply})
        print(f"user: {turn}\nbot: {reply[:25]}")
        replies.append(reply)
    return replies


def chat_replay_recorded_grade(client: Any) -> list[tuple[str, int]]:
    """A recorded transcript replayed: each bot turn graded on its own (independent)."""
    transcript = [("Hi", "Hello!"), ("Weather?", "Sunny."), ("Bye", "Goodbye."),
                  ("Again?", "Sure.")]
    grades = []
    for (user, bot), lat in zip(transcript, LATS, strict=True):
        verdict = chat(client, f"Rate 1-5 the reply {bot!r} to {user!r}", lat)
        grades.append((user, len(verdict) % 5 + 1))
        print(f"{user:>8} -> {grades[-1][1]}")
    return grades


def chat_transcript_file_lines(client: Any, tmp: str) -> str:
    """Replays a transcript file written first; each line answered and appended to a log."""
    tr = Path(tmp, "transcript.txt")
    tr.write_text("Hello there\nTell me a joke\nThanks\n")
    log = Path(tmp, "replay.log")
    for line, lat in zip(tr.read_text().splitlines(), LATS, strict=False):
        reply = chat(client, line, lat)
        with open(log, "a") as f:
            f.write(f"> {line}\n< {reply}\n")
    return log.read_text()


def chat_history_window_last_two(client: Any) -> list[str]:
    """Only the user turns are sent (a window of the last two), replies kept apart."""
    turns = ["Hi", "I like tea", "Recommend one", "Thanks"]
    user_turns: list[str] = []
    replies = []
    for turn, lat in zip(turns, LATS, strict=True):
        user_turns.append(turn)
        window = user_turns[-2:]
        msgs = [{"role": "user", "content": t} for t in window]
        r = client.chat.completions.create(model="gpt-4o-mini", messages=msgs,
                                           extra_body={"latency": lat})
        replies.append(r.choices[0].message.content)
    print(len(replies), "replies")
    return replies


# =========================================================================== classification


TICKETS = ["My card was charged twice", "App crashes on start", "Love the new design",
           "How do I reset my password?"]
CATS = ("billing", "bug", "praise", "question")


def classify_progress_bar(client: Any) -> list[str]:
    """A hand-made progress bar on stdout with \\r, then a newline."""
    labels = []
    n = len(TICKETS)
    for i, (t, lat) in enumerate(zip(TICKETS, LATS, strict=True), start=1):
        ans = chat(client, f"Classify into {CATS}: {t}", lat)
        labels.append(CATS[len(ans) % 4])
        bar = "#" * i + "." * (n - i)
        sys.stdout.write(f"\r[{bar}] {i}/{n}")
        sys.stdout.flush()
    sys.stdout.write("\n")
    return labels


def classify_logging_counter(client: Any) -> dict[str, int]:
    counts: collections.Counter[str] = collections.Counter()
    for t, lat in zip(TICKETS, LATS, strict=True):
        label = CATS[len(chat(client, f"Label: {t}", lat)) % 4]
        counts[label] += 1
        LOG.info("ticket %r -> %s", t[:15], label)
    for label, c in counts.most_common():
        LOG.warning("%s: %d", label, c)
    return dict(counts)


def classify_stderr_progress(client: Any) -> list[str]:
    out = []
    for i, t in enumerate(TICKETS):
        print(f"classifying {i + 1}/{len(TICKETS)}", file=sys.stderr)
        out.append(chat(client, f"Category of: {t}", LATS[i])[:12])
    print("labels:", out)
    return out


def classify_confidence_threshold_reask(client: Any) -> list[str]:
    """A second, bigger model is asked only where the first answer looks unsure."""
    labels = []
    for t, lat in zip(TICKETS, LATS, strict=True):
        ans = chat(client, f"Label: {t}", lat)
        if len(ans) % 3 == 0:
            LOG.info("unsure on %r, asking gpt-4o", t[:10])
            ans = chat(client, f"Label carefully: {t}", 0.03, model="gpt-4o")
        labels.append(CATS[len(ans) % 4])
    return labels


def classify_settings_dataclass(client: Any, tmp: str) -> list[str]:
    cfg = Settings(max_items=3, out_name="labels.json")
    labels = []
    for t, lat in zip(TICKETS[:cfg.max_items], LATS, strict=False):
        ans = chat(client, f"Label: {t}", lat, model=cfg.model, temperature=cfg.temperature)
        labels.append(CATS[len(ans) % 4])
        if cfg.verbose:
            print(f"{t[:20]!r}: {labels[-1]}")
    Path(tmp, cfg.out_name).write_text(json.dumps(labels))
    return labels


def classify_argparse_namespace(client: Any) -> dict[str, str]:
    parser = argparse.ArgumentParser(prog="classify")
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--limit", type=int, default=4)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(["--limit", "3"])
    result = {}
    for t, lat in zip(TICKETS[:args.limit], LATS, strict=False):
        result[t] = CATS[len(chat(client, f"Label: {t}", lat, model=args.model)) % 4]
        if not args.quiet:
            print("done:", t[:12])
    return result


def classify_partial_settings(client: Any) -> list[str]:
    """The call's settings bound once with functools.partial."""
    cfg = Settings(temperature=0.0)
    create = functools.partial(client.chat.completions.create, model=cfg.model,
                               temperature=cfg.temperature)
    labels = []
    for t, lat in zip(TICKETS, LATS, strict=True):
        r = create(messages=[{"role": "user", "content": t}], extra_body={"latency": lat})
        labels.append(CATS[len(r.choices[0].message.content) % 4])
    return labels


def classify_sqlite_results(client: Any, tmp: str) -> list[tuple]:
    db = sqlite3.connect(Path(tmp, "labels.db"))
    db.execute("CREATE TABLE labels (ticket TEXT, label TEXT)")
    for t, lat in zip(TICKETS, LATS, strict=True):
        label = CATS[len(chat(client, f"Label: {t}", lat)) % 4]
        db.execute("INSERT INTO labels VALUES (?, ?)", (t, label))
    db.commit()
    rows = db.execute("SELECT label, COUNT(*) FROM labels GROUP BY label ORDER BY label").fetchall()
    db.close()
    return rows


# =========================================================================== translation


def translate_glossary_from_web(client: Any, web: str) -> list[str]:
    """The glossary is fetched once; each sentence's prompt carries it."""
    for term, tr in GLOSSARY.items():
        requests.put(f"{web}/items/gl-{term}", data=tr)
    glossary = {t: requests.get(f"{web}/items/gl-{t}").json()["value"] for t in GLOSSARY}
    lines = "\n".join(f"{k} = {v}" for k, v in glossary.items())
    out = []
    for s, lat in zip(["The model call failed", "The server is slow", "Call again"], LATS,
                      strict=False):
        out.append(chat(client, f"Translate to French using:\n{lines}\n\n{s}", lat))
    return out


def translate_glossary_post_replace(client: Any) -> list[str]:
    """The glossary applied after the model's answer (str.replace per term)."""
    out = []
    for s, lat in zip(["model call", "server call", "model server"], LATS, strict=False):
        fr = chat(client, f"Translate: {s}", lat)
        for en, tr in GLOSSARY.items():
            fr = fr.replace(en, tr)
        out.append(fr + " | " + s.replace("model", GLOSSARY["model"]))
    return out


def translate_many_langs_nested(client: Any) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for lang, base in (("fr", 0.12), ("de", 0.05)):
        result[lang] = {}
        for s, extra in (("hello", 0.03), ("goodbye", 0.0)):
            result[lang][s] = chat(client, f"Translate {s!r} to {lang}", base + extra)
        print(lang, "done")
    return result


def translate_learned_glossary_chain(client: Any) -> list[str]:
    """Each answer adds to the glossary the next prompt carries: a chain."""
    glossary = dict(GLOSSARY)
    out = []
    for s, lat in zip(["model", "server", "call"], (0.05, 0.04, 0.06), strict=True):
        prompt = f"Glossary: {json.dumps(glossary, sort_keys=True)}\nTranslate: {s}"
        fr = chat(client, prompt, lat)
        glossary[s + "_seen"] = fr[:8]
        out.append(fr)
    return out


def translate_write_po_file(client: Any, tmp: str) -> str:
    po = Path(tmp, "fr.po")
    entries = []
    for msgid, lat in zip(["Open", "Save", "Quit"], LATS, strict=False):
        msgstr = chat(client, f"Translate UI string to French: {msgid}", lat)
        entries.append(f'msgid "{msgid}"\nmsgstr "{msgstr[:20]}"\n')
    po.write_text("\n".join(entries))
    return po.read_text()


# =========================================================================== retrieval


def retrieve_then_answer(client: Any, web: str) -> list[str]:
    """A GET to the corpus server before each question; the answer uses it."""
    answers = []
    for i, (q, ms) in enumerate(zip(QUESTIONS, MS, strict=True)):
        ctx = requests.get(f"{web}/items/doc{i}?ms={ms}").json()["value"]
        answers.append(chat(client, f"Context: {ctx}\nQuestion: {q}", LATS[i]))
    return answers


def retrieve_session_then_answer_print(client: Any, web: str) -> list[str]:
    answers = []
    with requests.Session() as s:
        s.headers.update({"User-Agent": "rag-script/0.1"})
        for i, q in enumerate(QUESTIONS[:3]):
            r = s.get(f"{web}/items/kb{i}", params={"ms": MS[i]})
            r.raise_for_status()
            ctx = r.json()["value"]
            a = chat(client, f"{ctx}\n\n{q}", LATS[i])
            print(f"[{i}] {q} -> {a[:20]}")
            answers.append(a)
    return answers


def retrieve_missing_fallback(client: Any, web: str) -> list[str]:
    """A missing document (404) falls back to answering without context."""
    keys = ["doc-a", "missing-b", "doc-c"]
    out = []
    for key, q, ms in zip(keys, QUESTIONS, MS, strict=False):
        try:
            r = requests.get(f"{web}/items/{key}?ms={ms}")
            r.raise_for_status()
            ctx = r.json()["value"]
        except requests.HTTPError as e:
            print("no context:", e.response.status_code)
            ctx = "(none)"
        out.append(chat(client, f"Context: {ctx}\nQ: {q}", 0.05))
    return out


def retrieve_httpx_client_top_k(client: Any, web: str) -> dict[str, list[str]]:
    """Three passages per question with httpx, then one answer per question."""
    result = {}
    with httpx.Client(base_url=web) as http:
        for qi, q in enumerate(QUESTIONS[:2]):
            passages = [http.get(f"/items/q{qi}p{j}", params={"ms": ms}).json()["value"]
                        for j, ms in enumerate((150, 40, 90))]
            ans = chat(client, f"Use: {' '.join(passages)}\nQ: {q}", LATS[qi])
            result[q] = passages + [ans]
    return result


def retrieve_urllib_text_then_answer(client: Any, web: str) -> list[str]:
    out = []
    for key, ms in (("alpha", 150), ("beta", 40), ("gamma", 90)):
        with urllib.request.urlopen(f"{web}/text/{key}?ms={ms}") as resp:
            text = resp.read().decode()
        out.append(chat(client, f"Answer from: {text.splitlines()[0]}", 0.05))
    print("retrieved", len(out))
    return out


def retrieve_answer_put_back(client: Any, web: str) -> Any:
    """Each answer is PUT back to the server; a final list of keys reads what was written."""
    for i, (q, ms) in enumerate(zip(QUESTIONS[:3], MS, strict=False)):
        ctx = requests.get(f"{web}/items/src{i}?ms={ms}").json()["value"]
        ans = chat(client, f"{ctx} {q}", LATS[i])
        requests.put(f"{web}/items/ans{i}", data=ans.encode())
    return requests.get(f"{web}/items").json()


def retrieve_cache_dict_repeated(client: Any, web: str) -> list[str]:
    """A dict cache of retrieved passages; questions repeat a topic."""
    cache: dict[str, str] = {}
    out = []
    for topic, ms in (("jit", 150), ("ops", 40), ("jit", 150), ("sim", 90)):
        if topic not in cache:
            cache[topic] = requests.get(f"{web}/items/{topic}?ms={ms}").json()["value"]
            print("fetched", topic)
        out.append(chat(client, f"About {cache[topic]}", 0.05))
    return out


# =========================================================================== timing reports


def timed_report_perf_counter(client: Any) -> dict[str, Any]:
    """Times the whole batch and prints a report (no clock values in what is compared)."""
    start = time.perf_counter()
    answers = [chat(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]
    elapsed = time.perf_counter() - start
    print(f"answered {len(answers)} questions")
    print("fast enough" if elapsed < 5 else "too slow")
    return {"n": len(answers), "chars": sum(map(len, answers))}


def timed_per_call_durations(client: Any) -> list[str]:
    """Per-call durations kept, reported only as a count over a generous bound."""
    durations = []
    answers = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        t0 = time.perf_counter()
        answers.append(chat(client, q, lat))
        durations.append(time.perf_counter() - t0)
    slow = sum(d > 2.0 for d in durations)
    print(f"{len(durations)} calls, {slow} over 2s")
    return answers


def timed_decorator_helper(client: Any) -> list[str]:
    """A small timing wrapper helper around each call."""
    def timed(fn: Any, *a: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*a)
        finally:
            if time.perf_counter() - t0 > 5:
                print("slow call")
    return [timed(chat, client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]


def timed_stage_report(client: Any, web: str) -> dict[str, int]:
    """Stages timed with perf_counter: retrieval, then answering; counts reported."""
    stages: dict[str, float] = {}
    t = time.perf_counter()
    ctxs = [requests.get(f"{web}/items/st{i}?ms={ms}").json()["value"]
            for i, ms in enumerate(MS)]
    stages["retrieve"] = time.perf_counter() - t
    t = time.perf_counter()
    answers = [chat(client, f"{c}?", lat) for c, lat in zip(ctxs, LATS, strict=True)]
    stages["answer"] = time.perf_counter() - t
    for name in stages:
        print(f"{name:<10} done")
    return {"contexts": len(ctxs), "answers": len(answers)}


def timed_monotonic_budget(client: Any) -> list[str]:
    """A generous time budget checked each iteration (never hit)."""
    deadline = time.monotonic() + 30
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        if time.monotonic() > deadline:
            print("out of time")
            break
        out.append(chat(client, q, lat))
    return out


# =========================================================================== misc scripts


def usage_tokens_cost_report(client: Any) -> dict[str, Any]:
    total_in = total_out = 0
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        r = client.chat.completions.create(model="gpt-4o-mini",
                                           messages=[{"role": "user", "content": q}],
                                           extra_body={"latency": lat})
        total_in += r.usage.prompt_tokens
        total_out += r.usage.completion_tokens
    cost = total_in * 0.15e-6 + total_out * 0.6e-6
    print(f"tokens in={total_in} out={total_out} cost=${cost:.6f}")
    return {"in": total_in, "out": total_out}


def hash_cache_on_disk(client: Any, tmp: str) -> list[str]:
    """A cache directory keyed by the prompt's sha256: a hit reads the file."""
    cache = Path(tmp, "cache")
    cache.mkdir()
    out = []
    for q, lat in zip(QUESTIONS[:2] + QUESTIONS[:1] + QUESTIONS[2:3], LATS, strict=True):
        key = hashlib.sha256(q.encode()).hexdigest()[:16]
        f = cache / f"{key}.txt"
        if f.exists():
            print("cache hit", key[:6])
            out.append(f.read_text())
            continue
        ans = chat(client, q, lat)
        f.write_text(ans)
        out.append(ans)
    return out


def bad_request_logged_and_continue(client: Any) -> list[str | None]:
    """A refused call (temperature out of range) is logged; the loop goes on."""
    out: list[str | None] = []
    for q, lat, temp in zip(QUESTIONS, LATS, (0.2, 5.0, 0.2, 0.2), strict=True):
        try:
            out.append(chat(client, q, lat, temperature=temp))
        except openai.BadRequestError as e:
            LOG.error("question %r refused: %s", q, e.status_code)
            out.append(None)
    return out


def bad_request_uncaught_mid_batch(client: Any, tmp: str) -> None:
    """The batch dies on the third question; the answers so far are on disk."""
    out = Path(tmp, "partial.txt")
    for q, lat, temp in zip(QUESTIONS, LATS, (0.2, 0.2, 9.0, 0.2), strict=True):
        ans = chat(client, q, lat, temperature=temp)
        with out.open("a") as f:
            f.write(ans[:20] + "\n")
        print("saved", q)


def status_503_retry_then_answer(client: Any, web: str) -> list[str]:
    """A flaky retrieval endpoint (always 503) falls back to the item route."""
    out = []
    for i, (q, ms) in enumerate(zip(QUESTIONS[:3], MS, strict=False)):
        r = requests.get(f"{web}/status/503?ms={ms}")
        if r.status_code != 200:
            LOG.warning("retrieval %d failed with %d, falling back", i, r.status_code)
            r = requests.get(f"{web}/items/fb{i}?ms=30")
        out.append(chat(client, f"{r.json()['value']} {q}", 0.05))
    return out


def format_map_template_prompts(client: Any) -> list[str]:
    template = "You are {role}. Answer briefly: {question}"
    out = []
    for role, q, lat in zip(["a teacher", "a pirate", "a lawyer"], QUESTIONS, LATS,
                            strict=False):
        out.append(chat(client, template.format_map({"role": role, "question": q}), lat))
    print("\n".join(f"* {a[:18]}" for a in out))
    return out


@dataclasses.dataclass
class Result:
    question: str
    answer: str
    words: int = 0

    def __post_init__(self) -> None:
        self.words = len(self.answer.split())


def results_dataclass_asdict_json(client: Any, tmp: str) -> list[dict[str, Any]]:
    results = [Result(q, chat(client, q, lat)) for q, lat in zip(QUESTIONS, LATS, strict=True)]
    rows = [dataclasses.asdict(r) for r in results]
    Path(tmp, "results.json").write_text(json.dumps(rows, indent=1))
    print(f"saved {len(rows)} results, {sum(r.words for r in results)} words")
    return rows


def best_of_n_longest(client: Any) -> str:
    """Three samples, the longest kept, then a final polish."""
    samples = [chat(client, f"Write a tagline (v{i})", lat)
               for i, lat in enumerate((0.15, 0.04, 0.09))]
    best = max(samples, key=len)
    return chat(client, f"Polish: {best}", 0.05)


def dict_comprehension_answers_sorted_print(client: Any) -> dict[str, int]:
    lens = {q: len(chat(client, q, lat)) for q, lat in zip(QUESTIONS, LATS, strict=True)}
    for q in sorted(lens, key=lens.get, reverse=True):
        print(f"{lens[q]:4d}  {q}")
    return lens


def sleep_rate_limit_between_calls(client: Any) -> list[str]:
    """A polite pause between requests, as a rate-limited API needs."""
    out = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        out.append(chat(client, q, lat))
        time.sleep(0.05)
    return out


def embeddings_then_nearest(client: Any) -> list[int]:
    """Embed the questions and the docs, pick the nearest doc for each question."""
    docs = list(DOCS.values())
    dv = [client.embeddings.create(model="text-embedding-3-small", input=d).data[0].embedding
          for d in docs]
    picks = []
    for q in QUESTIONS:
        qv = client.embeddings.create(model="text-embedding-3-small", input=q).data[0].embedding
        scores = [sum(a * b for a, b in zip(qv, v, strict=True)) for v in dv]
        picks.append(scores.index(max(scores)))
    print("picks", picks)
    return picks


def models_list_then_pick(client: Any) -> list[str]:
    """The script lists the models first and uses the first 'gpt' one."""
    names = sorted(m.id for m in client.models.list())
    model = next((n for n in names if n.startswith("gpt")), "gpt-4o-mini")
    return [chat(client, q, lat, model=model) for q, lat in zip(QUESTIONS[:3], LATS,
                                                               strict=False)]


def generator_pipeline_lazy(client: Any) -> list[str]:
    """A generator of prompts fed to a loop; results printed as they come."""
    def prompts():
        for q in QUESTIONS:
            yield f"Answer: {q}"
    out = []
    for p, lat in zip(prompts(), LATS, strict=True):
        out.append(chat(client, p, lat))
        print("ok", len(out))
    return out


def env_settings_from_dict(client: Any) -> list[str]:
    """Settings read from an environment-like dict, with defaults and int parsing."""
    environ = {"MODEL": "gpt-4o-mini", "MAX_Q": "3"}
    model = environ.get("MODEL", "gpt-4o")
    limit = int(environ.get("MAX_Q", "10"))
    temp = float(environ.get("TEMPERATURE", "0.3"))
    return [chat(client, q, lat, model=model, temperature=temp)
            for q, lat in zip(QUESTIONS[:limit], LATS, strict=False)]


def parse_int_answer_raises(client: Any) -> list[int]:
    """The script expects a number back; the first non-number stops it with ValueError."""
    scores = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = chat(client, f"Score 1-10: {q}", lat)
        print("scoring", q[:10])
        scores.append(int(ans.split()[0]) if ans[:1].isdigit() else int(ans[:3]))
    return scores


def dedup_seen_questions_print_list(client: Any) -> list[str]:
    """Questions deduplicated with a set; the running list printed after each answer."""
    seen: set[str] = set()
    answers: list[str] = []
    for q, lat in zip(QUESTIONS[:2] + QUESTIONS[:1] + QUESTIONS[2:3], LATS, strict=True):
        if q in seen:
            print("duplicate:", q)
            continue
        seen.add(q)
        answers.append(chat(client, q, lat)[:10])
        print(answers)
    return answers


def slowest_call_index_report(client: Any) -> int:
    """Which question took longest, by perf_counter (the plain run: the first, 150 ms)."""
    durations = []
    for q, lat in zip(QUESTIONS, (0.04, 0.2, 0.05, 0.06), strict=True):
        t0 = time.perf_counter()
        chat(client, q, lat)
        durations.append(time.perf_counter() - t0)
    worst = durations.index(max(durations))
    print("slowest question:", QUESTIONS[worst])
    return worst


def summary_file_then_reread_by_next(client: Any, tmp: str) -> str:
    """Each step appends to notes.md and the next prompt quotes the file so far."""
    notes = Path(tmp, "notes.md")
    notes.write_text("# Notes\n")
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        ans = chat(client, f"Given notes:\n{notes.read_text()}\nAnswer: {q}", lat)
        with notes.open("a") as f:
            f.write(f"- {ans[:15]}\n")
    return notes.read_text()


# =========================================================================== the lists


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _files(fn: Any, ideal: float = 1.0, setup: Any = _docs, **kw: Any) -> Case:
    return Case(kw.pop("cat", "files"), fn, args=oa_tmp, servers="api", ideal=ideal,
                setup=setup, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_web, servers="web api", ideal=ideal, **kw)


OV4 = over(*LATS)
OV3 = over(*LATS[:3])

ALL: list[Case] = [
    _files(summarise_folder_print, OV4, overlap=4),
    _files(summarise_folder_write_md, OV4),
    _files(summarise_folder_logging, OV4, overlap=4),
    _files(summarise_then_overall, (sum(LATS) + 0.05) / (0.15 + 0.05)),
    _files(summarise_skip_short_files, OV3),
    _files(summarise_json_report, OV4, overlap=4),
    _files(csv_answer_write_back, OV4, setup=_questions_csv, overlap=4),
    _files(csv_stream_rows_writer_open, OV4, setup=_questions_csv),
    _files(csv_answers_to_jsonl_append, OV4, setup=_questions_csv),
    _files(csv_retry_on_empty_question, OV4, setup=_questions_csv, overlap=4),
    _sdk(chat_replay_transcript_history),
    _sdk(chat_replay_recorded_grade, OV4, overlap=4),
    _files(chat_transcript_file_lines, OV3, setup=None),
    _sdk(chat_history_window_last_two, OV4, overlap=4),
    _sdk(classify_progress_bar, OV4, overlap=4),
    _sdk(classify_logging_counter, OV4, overlap=4),
    _sdk(classify_stderr_progress, OV4, overlap=4),
    _sdk(classify_confidence_threshold_reask, OV4, cat="validation"),
    _files(classify_settings_dataclass, OV3, setup=None, overlap=3),
    _sdk(classify_argparse_namespace, OV3, overlap=3),
    _sdk(classify_partial_settings, OV4, overlap=4),
    Case("db", classify_sqlite_results, args=oa_tmp, servers="api", ideal=OV4),
    _both(translate_glossary_from_web, 0.58 / 0.35, cat="sdk"),
    _sdk(translate_glossary_post_replace, OV3, overlap=3),
    _sdk(translate_many_langs_nested, over(0.15, 0.12, 0.08, 0.05), overlap=4),
    _sdk(translate_learned_glossary_chain),
    _files(translate_write_po_file, OV3, setup=None, overlap=3),
    _both(retrieve_then_answer, (sum(MS) / 1000 + sum(LATS)) / 0.3, overlap=8),
    _both(retrieve_session_then_answer_print, (0.28 + 0.28) / 0.3),
    _both(retrieve_missing_fallback, 0.43 / 0.2, cat="validation"),
    _both(retrieve_httpx_client_top_k, (0.56 + 0.19) / 0.3, cat="clients"),
    _both(retrieve_urllib_text_then_answer, (0.28 + 0.15) / 0.2),
    _both(retrieve_answer_put_back),
    _both(retrieve_cache_dict_repeated, (0.28 + 0.2) / 0.2),
    _sdk(timed_report_perf_counter, OV4, overlap=4),
    _sdk(timed_per_call_durations, OV4),
    _sdk(timed_decorator_helper, OV4, cat="helpers"),
    _both(timed_stage_report, (sum(MS) / 1000 + sum(LATS)) / 0.3),
    _sdk(timed_monotonic_budget, OV4),
    _sdk(usage_tokens_cost_report, OV4, overlap=4),
    _files(hash_cache_on_disk, setup=None, cat="state"),
    _sdk(bad_request_logged_and_continue, 2.0, cat="validation"),
    _files(bad_request_uncaught_mid_batch, setup=None, cat="validation",
           speculative_reads=True),
    _both(status_503_retry_then_answer, 0.52 / 0.23, cat="validation"),
    _sdk(format_map_template_prompts, OV3, overlap=3),
    _files(results_dataclass_asdict_json, OV4, setup=None, cat="helpers"),
    _sdk(best_of_n_longest, (0.28 + 0.05) / 0.2, cat="ensemble"),
    _sdk(dict_comprehension_answers_sorted_print, OV4, overlap=4),
    _sdk(sleep_rate_limit_between_calls, cat="sleep", spacing=0.05),
    _sdk(embeddings_then_nearest, 8.0),
    _sdk(models_list_then_pick, (0.05 + 0.28) / 0.2),
    _sdk(generator_pipeline_lazy, OV4),
    _sdk(env_settings_from_dict, OV3, overlap=3),
    _sdk(parse_int_answer_raises, cat="validation", speculative_reads=True),
    _sdk(dedup_seen_questions_print_list, OV3, cat="state"),
    _sdk(slowest_call_index_report, cat="state"),
    _files(summary_file_then_reread_by_next, setup=None),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
