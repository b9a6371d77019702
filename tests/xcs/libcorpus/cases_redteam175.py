# ruff: noqa: B905, PLR0915, PLR0912, C901 - long scripts' main() functions, as written
"""Red-team cases (stop 175): long functions written as a script's ``main()``.

Each case is one body of 40-90 lines in phases: load a config from a JSON file in the
run's directory, fetch several items with requests / httpx / urllib, ask the model (the
openai SDK) about each, transform with comprehensions and dict updates, write a report
(CSV, JSON, SQLite), print a summary table and log progress. Names are reused across
phases (``data``, ``r``, ``rows`` rebound), a results dict is filled in one loop and read
in a later one, a list is sorted in place between phases, counters and a running total
and a seen set are carried from one iteration to the next, early returns and raises sit
in the middle, and ``try/finally`` wraps a phase. Async variants (``async def`` with
``httpx.AsyncClient`` and ``AsyncOpenAI``) follow. Sibling calls get unequal latencies,
slow first (fetches 150, 40, 90 ms; the model's answers 30, 120, 50 ms), so a wrong
reordering shows. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
import os
import sqlite3
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import (
    CLIENT_CPU,
    DUMMY_KEY,
    Case,
    Env,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam175")

#: The model's latency per item (seconds): the slow fetch gets the quick answer.
ASK_LAT = {"alpha": 0.03, "beta": 0.12, "gamma": 0.05, "delta": 0.08, "epsilon": 0.04,
           "zeta": 0.06, "missing-one": 0.07, "beta-backup": 0.12}

BASE_CFG: dict[str, Any] = {
    "name": "nightly",
    "model": "gpt",
    "keys": [["alpha", 150], ["beta", 40], ["gamma", 90]],
    "threshold": 3,
    "budget": 1000,
    "status_key": "ok",
    "out": "report",
}

STATS: dict[str, int] = {}


def ideal(total: float, path: float, serial: float = 0.0) -> float:
    """Sum of waits over the critical path, with `serial` CPU on both."""
    return round((serial + total) / (serial + path), 2)


# Per-item chains fetch -> ask over the base keys: (150+30, 40+120, 90+50) ms.
CHAIN = ideal(0.48, 0.18)
A_CHAIN = ideal(0.48, 0.18, 2 * CLIENT_CPU)


# =========================================================================== helpers


def load_config(tmp: str) -> dict[str, Any]:
    with open(os.path.join(tmp, "config.json")) as f:
        return json.load(f)


def banner(title: str) -> None:
    print("=" * 36)
    print(f"  {title}")
    print("=" * 36)


def get_value(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}", params={"ms": ms}, timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def get_loud(web: str, key: str, ms: int) -> str:
    print(f"  fetching {key}")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print(f"  got {key} ({len(value)} chars)")
    return value


def ask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


async def aask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = await client.chat.completions.create(model=model,
                                             messages=[{"role": "user", "content": prompt}],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


def write_csv(path: Path, rows: list[dict[str, Any]], fields: list[str]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def print_table(rows: list[dict[str, Any]], cols: list[str]) -> None:
    print(" | ".join(f"{c:<8}" for c in cols))
    print("-+-".join("-" * 8 for _ in cols))
    for row in rows:
        print(" | ".join(f"{str(row[c])[:8]:<8}" for c in cols))


def track(kind: str) -> None:
    STATS[kind] = STATS.get(kind, 0) + 1
    print(f"    [{kind} #{STATS[kind]}]")


def fetch_cached(web: str, tmp: str, key: str, ms: int) -> str:
    path = Path(tmp) / "cache" / f"{key}.json"
    if path.exists():
        print(f"  cache hit {key}")
        return json.loads(path.read_text())["value"]
    print(f"  cache miss {key}")
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    path.write_text(json.dumps(data))
    return data["value"]


def fetch_all(web: str, keys: list[list[Any]]) -> dict[str, str]:
    out = {}
    for key, ms in keys:
        out[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    return out


def ask_each(client: Any, items: dict[str, str], model: str) -> dict[str, str]:
    return {k: ask(client, f"One word for {v}", ASK_LAT[k], model) for k, v in items.items()}


def write_report(path: Path, rows: list[dict[str, Any]]) -> int:
    path.write_text(json.dumps(rows, indent=2, sort_keys=True))
    return len(rows)


@dataclasses.dataclass
class Row:
    key: str
    value: str
    answer: str = ""
    score: int = 0


# =========================================================================== sync mains


def r175_report_csv(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    LOG.info("loaded config %s", cfg["name"])
    banner(f"Run: {cfg['name']}")
    # phase 1: fetch every item
    results = {}
    for key, ms in cfg["keys"]:
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        results[key] = r.json()["value"]
    LOG.info("fetched %d items", len(results))
    # phase 2: ask the model about each
    answers = {}
    for key in results:
        answers[key] = ask(client, f"Describe {results[key]} briefly", ASK_LAT[key],
                           cfg["model"])
    LOG.info("asked %d questions", len(answers))
    # phase 3: transform
    rows = [{"key": k, "value": results[k], "words": len(answers[k].split()),
             "answer": answers[k][:30]} for k in results]
    rows.sort(key=lambda row: (-row["words"], row["key"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    totals = {"words": sum(row["words"] for row in rows), "items": len(rows)}
    # phase 4: report
    out = Path(tmp) / f"{cfg['out']}.csv"
    write_csv(out, rows, ["rank", "key", "value", "words", "answer"])
    print(f"{'rank':<5}{'key':<8}{'words':>6}")
    for row in rows:
        print(f"{row['rank']:<5}{row['key']:<8}{row['words']:>6}")
    print(f"total words: {totals['words']}")
    LOG.info("report written to %s", out.name)
    return {"n": totals["items"], "top": rows[0]["key"], "words": totals["words"]}


def r175_results_dict_later_phase(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    banner("fetch")
    results: dict[str, str] = {}
    for key, ms in cfg["keys"]:
        results[key] = get_loud(web, key, ms)
    banner("measure")
    sizes = {k: len(v) for k, v in results.items()}
    longest = max(sizes, key=lambda k: (sizes[k], k))
    print(f"longest: {longest} ({sizes[longest]})")
    banner("ask")
    lines = []
    for key, value in results.items():
        tag = "*" if key == longest else " "
        answer = ask(client, f"Is {value} interesting?", ASK_LAT[key])
        lines.append(f"{tag} {key:<6} {answer[:24]}")
        print(lines[-1])
    banner("done")
    summary = {"count": len(lines), "longest": longest}
    summary.update(sizes)
    (Path(tmp) / "summary.json").write_text(json.dumps(summary, sort_keys=True))
    return lines


def r175_sort_in_place_between(web: str, client: Any, tmp: str) -> list[dict[str, Any]]:
    cfg = load_config(tmp)
    LOG.info("phase fetch")
    rows = [{"key": k, "value": requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]}
            for k, ms in cfg["keys"]]
    rows.sort(key=lambda row: (len(row["value"]), row["key"]), reverse=True)
    print("order:", [row["key"] for row in rows])
    LOG.info("phase ask")
    for row in rows:
        row["answer"] = ask(client, f"Rate {row['value']}", ASK_LAT[row["key"]])
        row["score"] = len(row["answer"]) % 7
        print(f"{row['key']:<6} score={row['score']}")
    rows.sort(key=lambda row: row["score"])
    rows.reverse()
    LOG.info("phase report")
    best = rows[0]
    report = {"best": best["key"], "rows": [{k: row[k] for k in ("key", "score")} for row in rows]}
    with open(Path(tmp) / "ranked.json", "w") as f:
        json.dump(report, f, indent=1)
    print_table(rows, ["key", "value", "score"])
    if best["score"] < cfg["threshold"]:
        print("warning: best score below threshold")
        LOG.warning("best %s scored %d", best["key"], best["score"])
    return rows


def r175_early_return_maintenance(web: str, client: Any, tmp: str) -> Any:
    cfg = load_config(tmp)
    banner("status")
    status = requests.get(f"{web}/items/{cfg['status_key']}?ms=60", timeout=5).json()["value"]
    print("status:", status)
    if status.startswith("v-maint"):
        LOG.warning("service in maintenance, stopping")
        print("nothing done")
        return {"skipped": True, "status": status}
    banner("fetch")
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        LOG.info("got %s", key)
    banner("ask")
    answers = {k: ask(client, f"Summarise {v}", ASK_LAT[k]) for k, v in values.items()}
    words = {k: len(a.split()) for k, a in answers.items()}
    ordered = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))
    for k, n in ordered:
        print(f"{k:<8}{n:>4}")
    (Path(tmp) / "words.json").write_text(json.dumps(dict(ordered)))
    return {"skipped": False, "status": status, "top": ordered[0][0]}


def r175_try_finally_fetch_phase(web: str, client: Any, tmp: str) -> dict[str, str]:
    cfg = load_config(tmp)
    fetched: dict[str, str] = {}
    started = 0
    print("phase 1")
    try:
        for key, ms in cfg["keys"]:
            started += 1
            fetched[key] = get_value(web, key, ms)
            print(f"  {started}. {key}")
    finally:
        print(f"phase 1 ended: {len(fetched)}/{started}")
        Path(tmp, "phase1.log").write_text("\n".join(sorted(fetched)) + "\n")
    print("phase 2")
    answers = {}
    for key, value in fetched.items():
        answers[key] = ask(client, f"Explain {value}", ASK_LAT[key])
    merged = {k: f"{fetched[k]}: {answers[k][:20]}" for k in fetched}
    merged.update({"_count": str(len(merged))})
    print("phase 3")
    for k in sorted(merged):
        print(f"  {k} -> {merged[k]}")
    with open(Path(tmp) / "merged.json", "w") as f:
        json.dump(merged, f, sort_keys=True)
    LOG.info("merged %d", len(merged) - 1)
    return merged


def r175_try_finally_failure_partial(web: str, client: Any, tmp: str) -> dict[str, str]:
    cfg = load_config(tmp)
    results: dict[str, str] = {}
    banner("fetch")
    try:
        for key, ms in cfg["keys"]:
            print("fetching", key)
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            r.raise_for_status()
            results[key] = r.json()["value"]
    finally:
        print(f"saving {len(results)} partial results")
        with open(Path(tmp) / "partial.json", "w") as f:
            json.dump(results, f, sort_keys=True)
        LOG.info("partial saved: %s", ",".join(results))
    banner("ask")
    for key in list(results):
        results[key] = ask(client, f"Say {results[key]}", ASK_LAT[key])
    return results


def r175_running_total_chain(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    total = 0
    values = []
    banner("fetch with running total")
    for key, ms in cfg["keys"]:
        r = requests.get(f"{web}/items/{key}?ms={ms}&after={total}", timeout=5)
        value = r.json()["value"]
        total += len(value)
        values.append((key, value, total))
        print(f"{key:<6} {len(value):>3} {total:>4}")
    banner("ask")
    notes = []
    for key, value, running in values:
        note = ask(client, f"{value} at {running}", ASK_LAT[key])
        notes.append(f"{key}:{note[:16]}")
    LOG.info("running total %d", total)
    report = {"total": total, "notes": notes, "keys": [k for k, _, _ in values]}
    (Path(tmp) / "total.json").write_text(json.dumps(report))
    print("total:", total)
    return report


def r175_seen_set_dupes(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    keys = cfg["keys"] + [["alpha", 150], ["beta", 40]]
    seen: set[str] = set()
    skipped = 0
    values: dict[str, str] = {}
    banner("fetch unique")
    for key, ms in keys:
        if key in seen:
            skipped += 1
            print(f"  skip duplicate {key}")
            continue
        seen.add(key)
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print(f"unique={len(seen)} skipped={skipped}")
    banner("ask")
    answers = {}
    for key in sorted(seen):
        answers[key] = ask(client, f"Tag {values[key]}", ASK_LAT[key])
    tags = {k: a.split()[0] if a.split() else "" for k, a in answers.items()}
    for k, t in tags.items():
        print(f"  {k}: {t}")
    LOG.info("tagged %d, skipped %d", len(tags), skipped)
    return {"tags": tags, "skipped": skipped}


def r175_counter_in_url(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    n = 0
    fetched = []
    print("fetching")
    for key, ms in cfg["keys"]:
        n += 1
        data = requests.get(f"{web}/items/{key}?ms={ms}&n={n}", timeout=5).json()
        fetched.append((n, key, data["value"]))
    print(f"fetched {n}")
    out = []
    for i, key, value in fetched:
        answer = ask(client, f"#{i} {value}", ASK_LAT[key])
        out.append(f"{i}:{key}:{len(answer)}")
        LOG.info("answer %d for %s", i, key)
    with open(Path(tmp) / "answers.txt", "w") as f:
        for line in out:
            f.write(line + "\n")
    print("\n".join(out))
    return out


def r175_put_results_then_list(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    banner("fetch + ask")
    values = {key: get_value(web, key, ms) for key, ms in cfg["keys"]}
    answers = {key: ask(client, f"Label {v}", ASK_LAT[key]) for key, v in values.items()}
    banner("publish")
    versions = {}
    for key, answer in answers.items():
        r = requests.put(f"{web}/items/out-{key}", data=answer[:20].encode(), timeout=5)
        versions[key] = r.json()["version"]
        print(f"  published {key} v{versions[key]}")
    banner("verify")
    listing = requests.get(f"{web}/items", timeout=5).json()
    published = [k for k in listing["keys"] if k.startswith("out-")]
    print(f"server has {len(published)} outputs after {listing['writes']} writes")
    if len(published) != len(answers):
        LOG.error("missing outputs")
        return {"ok": False}
    LOG.info("all %d published", len(published))
    return {"ok": True, "versions": versions, "published": published}


def r175_404_continue_errors(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    keys = [["alpha", 150], ["missing-one", 40], ["gamma", 90]]
    ok: dict[str, str] = {}
    errors: list[str] = []
    banner(cfg["name"])
    for key, ms in keys:
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        if r.status_code == 404:
            errors.append(key)
            LOG.warning("no item %s", key)
            continue
        ok[key] = r.json()["value"]
    print(f"ok={len(ok)} errors={len(errors)}")
    answers = {}
    for key in ok:
        answers[key] = ask(client, f"Check {ok[key]}", ASK_LAT[key])
    rows = [{"key": k, "status": "ok", "answer": answers[k][:20]} for k in ok]
    rows += [{"key": k, "status": "missing", "answer": ""} for k in errors]
    rows.sort(key=lambda row: row["key"])
    write_csv(Path(tmp) / "status.csv", rows, ["key", "status", "answer"])
    print_table(rows, ["key", "status"])
    if errors:
        print("errors:", ", ".join(errors))
    return {"ok": sorted(ok), "errors": errors}


def r175_raise_after_fetch_phase(web: str, client: Any, tmp: str) -> dict[str, str]:
    cfg = load_config(tmp)
    keys = [["alpha", 150], ["missing-two", 40], ["gamma", 90]]
    found: dict[str, str] = {}
    errors = []
    banner("fetch")
    for key, ms in keys:
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        if r.status_code != 200:
            errors.append(f"{key}:{r.status_code}")
            continue
        found[key] = r.json()["value"]
        print("  ok", key)
    if errors:
        LOG.error("fetch failed for %s", errors)
        print("aborting before the model phase")
        raise RuntimeError(f"{len(errors)} failed: {errors}")
    banner("ask")
    for key in found:
        found[key] = ask(client, f"About {found[key]}", ASK_LAT[key], cfg["model"])
    return found


def r175_global_stats_helper(web: str, client: Any, tmp: str) -> dict[str, Any]:
    STATS.clear()
    cfg = load_config(tmp)
    banner("fetch")
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        track("fetch")
    banner("ask")
    answers = {}
    for key, value in values.items():
        answers[key] = ask(client, f"Comment on {value}", ASK_LAT[key])
        track("ask")
        if len(answers[key]) > 400:
            track("long")
    banner("stats")
    for kind in sorted(STATS):
        print(f"  {kind:<6}{STATS[kind]:>3}")
    LOG.info("stats %s", dict(sorted(STATS.items())))
    (Path(tmp) / "stats.json").write_text(json.dumps(STATS, sort_keys=True))
    return {"stats": dict(STATS), "answers": {k: a[:10] for k, a in answers.items()}}


def _cache_setup(env: Env) -> None:
    _cfg()(env)
    (env.tmp / "cache").mkdir()
    (env.tmp / "cache" / "beta.json").write_text(json.dumps({"key": "beta", "value": "cached-beta"}))


def r175_cache_files_helper(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    banner("load (cached)")
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = fetch_cached(web, tmp, key, ms)
    banner("ask")
    out = []
    for key in values:
        answer = ask(client, f"Why {values[key]}?", ASK_LAT[key])
        out.append(f"{key}={values[key]}:{len(answer)}")
    cached = sorted(p.name for p in (Path(tmp) / "cache").iterdir())
    print("cache now:", cached)
    LOG.info("cache has %d files", len(cached))
    return out


def r175_httpx_client_phases(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    LOG.info("starting %s", cfg["name"])
    with httpx.Client(base_url=web, timeout=5) as http:
        values = {}
        for key, ms in cfg["keys"]:
            r = http.get(f"/items/{key}", params={"ms": ms})
            values[key] = r.json()["value"]
        print(f"fetched {len(values)} over httpx")
    answers = {}
    for key, value in values.items():
        answers[key] = ask(client, f"Classify {value}", ASK_LAT[key])
    labels = {k: ("long" if len(a) > 60 else "short") for k, a in answers.items()}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    report = {"labels": labels, "counts": counts, "config": cfg["name"]}
    with open(Path(tmp) / "labels.json", "w") as f:
        json.dump(report, f, sort_keys=True, indent=2)
    print(f"{'key':<8}{'label':<6}")
    for k in sorted(labels):
        print(f"{k:<8}{labels[k]:<6}")
    LOG.info("labels %s", counts)
    return report


def r175_urllib_fetch(web: str, client: Any, tmp: str) -> list[tuple[str, int]]:
    cfg = load_config(tmp)
    print("urllib phase")
    docs = {}
    for key, ms in cfg["keys"]:
        with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}", timeout=5) as resp:
            docs[key] = json.load(resp)
    print("got", sorted(docs))
    print("model phase")
    scored = []
    for key, doc in docs.items():
        answer = ask(client, f"Score {doc['value']}", ASK_LAT[key])
        scored.append((key, len(answer) % 10))
    scored.sort(key=lambda t: (t[1], t[0]))
    with open(Path(tmp) / "scores.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "score"])
        w.writerows(scored)
    for key, score in scored:
        print(f"  {key:<6}{score:>3}")
    LOG.info("lowest %s", scored[0][0])
    return scored


def r175_rebind_across_phases(web: str, client: Any, tmp: str) -> dict[str, Any]:
    data: Any = load_config(tmp)
    keys = data["keys"]
    model = data["model"]
    print("config keys:", [k for k, _ in keys])
    data = {k: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in keys}
    print("values:", data)
    data = [(k, ask(client, f"Rhyme with {v}", ASK_LAT[k], model)) for k, v in data.items()]
    print("asked", len(data))
    data = dict(data)
    r = {k: len(v) for k, v in data.items()}
    r = sorted(r.items(), key=lambda kv: kv[1])
    print("shortest:", r[0][0])
    data = {"lengths": dict(r), "first": r[0][0], "last": r[-1][0]}
    (Path(tmp) / "rebind.json").write_text(json.dumps(data))
    LOG.info("done %s", data["first"])
    return data


def r175_config_overrides_update(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    over_path = Path(tmp) / "overrides.json"
    if over_path.exists():
        cfg.update(json.loads(over_path.read_text()))
        print("overrides applied:", sorted(json.loads(over_path.read_text())))
    cfg["keys"] = cfg["keys"] + cfg.pop("extra_keys", [])
    banner(f"{cfg['name']} ({len(cfg['keys'])} keys)")
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    answers = {}
    for key, value in values.items():
        answers[key] = ask(client, f"{cfg['prefix']} {value}", ASK_LAT[key], cfg["model"])
    rows = [{"key": k, "len": len(a)} for k, a in answers.items()]
    rows.sort(key=lambda row: row["key"])
    write_csv(Path(tmp) / "over.csv", rows, ["key", "len"])
    print_table(rows, ["key", "len"])
    LOG.info("ran with model %s", cfg["model"])
    return {"model": cfg["model"], "rows": rows}


def _over_setup(env: Env) -> None:
    _cfg()(env)
    (env.tmp / "overrides.json").write_text(json.dumps(
        {"name": "override", "prefix": "Briefly:", "extra_keys": [["delta", 60]]}))


def r175_mutate_keys_between(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    keys = cfg["keys"]
    print("first batch")
    first = [get_value(web, k, ms) for k, ms in keys[:2]]
    keys.append(["delta", 60])
    keys[2][1] = 90
    keys.remove(["alpha", 150])
    print("second batch:", [k for k, _ in keys[1:]])
    second = []
    for key, ms in keys[1:]:
        second.append(get_value(web, key, ms))
    LOG.info("fetched %d + %d", len(first), len(second))
    out = first + second
    (Path(tmp) / "batches.txt").write_text("\n".join(out))
    for i, v in enumerate(out):
        print(f"{i}: {v}")
    return out


def r175_poll_job_between_phases(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    banner("fetch")
    values = {k: get_value(web, k, ms) for k, ms in cfg["keys"]}
    banner("job")
    job = requests.post(f"{web}/jobs", json={"keys": sorted(values)}, timeout=5).json()["id"]
    polls = 0
    while True:
        polls += 1
        status = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        print(f"  poll {polls}: {status}")
        if status == "done":
            break
        time.sleep(0.01)
    LOG.info("job %s done after %d polls", job, polls)
    banner("ask")
    answers = {k: ask(client, f"After {job}: {v}", ASK_LAT[k]) for k, v in values.items()}
    for k in answers:
        print(f"  {k}: {answers[k][:20]}")
    (Path(tmp) / "job.json").write_text(json.dumps({"job": job, "polls": polls}))
    return {"job": job, "polls": polls, "n": len(answers)}


def r175_budget_break_asks(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    banner("fetch")
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    banner("ask within budget")
    spent = 0
    answers = {}
    for key, value in values.items():
        answer = ask(client, f"Expand on {value}", ASK_LAT[key])
        spent += len(answer.split())
        answers[key] = answer[:15]
        print(f"  {key}: spent {spent}")
        if spent > cfg["budget"]:
            print("budget exhausted")
            LOG.warning("budget %d exceeded at %s", cfg["budget"], key)
            break
    report = {"spent": spent, "answered": list(answers)}
    (Path(tmp) / "budget.json").write_text(json.dumps(report))
    return report


def r175_helper_pipeline(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    banner("pipeline")
    LOG.info("fetch_all")
    items = fetch_all(web, cfg["keys"])
    LOG.info("ask_each")
    words = ask_each(client, items, cfg["model"])
    rows = [{"key": k, "value": items[k], "word": words[k][:12]} for k in items]
    rows.sort(key=lambda row: row["word"])
    n = write_report(Path(tmp) / "pipeline.json", rows)
    print_table(rows, ["key", "value", "word"])
    LOG.info("wrote %d rows", n)
    return {"n": n, "first": rows[0]["key"]}


def r175_sqlite_store_phase(web: str, client: Any, tmp: str) -> list[tuple[Any, ...]]:
    cfg = load_config(tmp)
    conn = sqlite3.connect(Path(tmp) / "run.db")
    try:
        conn.execute("CREATE TABLE items (key TEXT PRIMARY KEY, value TEXT, answer TEXT)")
        banner("fetch")
        for key, ms in cfg["keys"]:
            value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
            conn.execute("INSERT INTO items (key, value) VALUES (?, ?)", (key, value))
        conn.commit()
        banner("ask")
        rows = conn.execute("SELECT key, value FROM items ORDER BY key").fetchall()
        answers = {}
        for key, value in rows:
            answers[key] = ask(client, f"Note on {value}", ASK_LAT[key])
        for key, answer in answers.items():
            conn.execute("UPDATE items SET answer = ? WHERE key = ?", (answer[:20], key))
        conn.commit()
        out = conn.execute("SELECT key, length(answer) FROM items ORDER BY key").fetchall()
    finally:
        conn.close()
    for key, n in out:
        print(f"{key:<6}{n:>4}")
    LOG.info("stored %d", len(out))
    return out


def r175_logging_each_phase(web: str, client: Any, tmp: str) -> dict[str, int]:
    cfg = load_config(tmp)
    LOG.info("config: %s with %d keys", cfg["name"], len(cfg["keys"]))
    values = {}
    for i, (key, ms) in enumerate(cfg["keys"], 1):
        LOG.debug("request %d: %s", i, key)
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        LOG.info("[%d/%d] %s -> %s", i, len(cfg["keys"]), key, values[key])
        if len(values[key]) < 7:
            LOG.warning("short value for %s", key)
    scores = {}
    for key, value in values.items():
        LOG.info("asking about %s", key)
        answer = ask(client, f"Grade {value}", ASK_LAT[key])
        scores[key] = len(answer) % 5
        LOG.info("%s graded %d", key, scores[key])
    best = max(scores, key=lambda k: (scores[k], k))
    LOG.info("best is %s", best)
    (Path(tmp) / "grades.json").write_text(json.dumps(scores, sort_keys=True))
    return scores


def r175_summary_table_print(web: str, client: Any, tmp: str) -> str:
    cfg = load_config(tmp)
    n = len(cfg["keys"])
    values = []
    for i, (key, ms) in enumerate(cfg["keys"], 1):
        print(f"[{i}/{n}] fetching {key} ...")
        values.append((key, requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]))
    answers = []
    for i, (key, value) in enumerate(values, 1):
        print(f"[{i}/{n}] asking about {key} ...")
        answers.append(ask(client, f"Headline for {value}", ASK_LAT[key]))
    width = max(len(k) for k, _ in values) + 2
    lines = [f"{'key':<{width}}| {'value':<10}| {'chars':>5}", "-" * (width + 20)]
    for (key, value), answer in zip(values, answers):
        lines.append(f"{key:<{width}}| {value:<10}| {len(answer):>5}")
    lines.append("-" * (width + 20))
    lines.append(f"{'total':<{width}}| {'':<10}| {sum(len(a) for a in answers):>5}")
    table = "\n".join(lines)
    print(table)
    (Path(tmp) / "table.txt").write_text(table + "\n")
    return table


def r175_json_report_read_back(web: str, client: Any, tmp: str) -> str:
    cfg = load_config(tmp)
    values = {k: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
              for k, ms in cfg["keys"]}
    report_path = Path(tmp) / "report.json"
    report = {"name": cfg["name"], "values": values, "count": len(values)}
    with open(report_path, "w") as f:
        json.dump(report, f, indent=2, sort_keys=True)
    print("report written")
    loaded = json.loads(report_path.read_text())
    text = ", ".join(f"{k}={v}" for k, v in sorted(loaded["values"].items()))
    summary = ask(client, f"Summarise the report: {text}", 0.06)
    (Path(tmp) / "summary.txt").write_text(summary)
    print("summary:", summary[:40])
    LOG.info("summary %d chars", len(summary))
    return summary


def r175_retry_status_fallback(web: str, client: Any, tmp: str) -> dict[str, str]:
    load_config(tmp)
    sources = [("alpha", f"{web}/items/alpha?ms=150", None),
               ("beta", f"{web}/status/503?ms=40", f"{web}/items/beta-backup?ms=90"),
               ("gamma", f"{web}/items/gamma?ms=60", None)]
    values = {}
    for key, url, fallback in sources:
        try:
            r = requests.get(url, timeout=5)
            r.raise_for_status()
            values[key] = r.json()["value"]
        except requests.HTTPError as exc:
            LOG.warning("primary for %s failed: %s", key, exc.response.status_code)
            if fallback is None:
                raise
            values[key] = requests.get(fallback, timeout=5).json()["value"]
    print("values:", values)
    answers = {}
    for key, value in values.items():
        answers[key] = ask(client, f"Describe {value}", ASK_LAT[key])
    out = {k: f"{values[k]}|{len(answers[k])}" for k in values}
    (Path(tmp) / "fallback.json").write_text(json.dumps(out, sort_keys=True))
    for k, v in out.items():
        print(f"  {k:<6}{v}")
    return out


def r175_two_models_compare(web: str, client: Any, tmp: str) -> dict[str, str]:
    cfg = load_config(tmp)
    judge_lat = {"alpha": 0.06, "beta": 0.02, "gamma": 0.09}
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = get_value(web, key, ms)
    banner("two models")
    winners = {}
    for key, value in values.items():
        a = ask(client, f"Describe {value}", ASK_LAT[key], "gpt")
        b = ask(client, f"Describe {value}", judge_lat[key], "judge")
        winners[key] = "gpt" if len(a) >= len(b) else "judge"
        print(f"  {key:<6} gpt={len(a):<4} judge={len(b):<4} -> {winners[key]}")
    tally: dict[str, int] = {}
    for w in winners.values():
        tally[w] = tally.get(w, 0) + 1
    print("tally:", tally)
    (Path(tmp) / "winners.json").write_text(json.dumps(winners, sort_keys=True))
    LOG.info("tally %s", tally)
    return winners


def r175_defaultdict_grouping(web: str, client: Any, tmp: str) -> dict[int, str]:
    cfg = load_config(tmp)
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for key, ms in cfg["keys"]:
        value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        groups[len(value)].append(value)
    print("groups:", {n: len(vs) for n, vs in sorted(groups.items())})
    lat = {6: 0.08, 7: 0.04}
    summaries = {}
    for size in sorted(groups, reverse=True):
        summaries[size] = ask(client, "Group: " + ", ".join(groups[size]), lat.get(size, 0.05))
    for size, text in summaries.items():
        print(f"  size {size}: {text[:20]}")
    (Path(tmp) / "groups.json").write_text(json.dumps(
        {str(k): v for k, v in sorted(groups.items())}))
    LOG.info("%d groups", len(summaries))
    return {k: v[:12] for k, v in summaries.items()}


def r175_dataclass_rows(web: str, client: Any, tmp: str) -> list[dict[str, Any]]:
    cfg = load_config(tmp)
    rows = [Row(key, get_value(web, key, ms)) for key, ms in cfg["keys"]]
    print("rows:", [r.key for r in rows])
    for row in rows:
        row.answer = ask(client, f"Opinion on {row.value}", ASK_LAT[row.key])
        row.score = len(row.answer) % 9
    rows.sort(key=lambda r: (-r.score, r.key))
    out = [dataclasses.asdict(r) for r in rows]
    for d in out:
        d["answer"] = d["answer"][:10]
    (Path(tmp) / "rows.json").write_text(json.dumps(out, indent=1))
    for r in rows:
        print(f"  {r.key:<6}{r.score:>2}")
    LOG.info("top %s", rows[0].key)
    return out


def r175_enumerate_len_prompt(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    values = [(k, requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
              for k, ms in cfg["keys"]]
    answers: list[str] = []
    for key, value in values:
        answers.append(ask(client, f"({len(answers) + 1}) {value}", ASK_LAT[key]))
        print(f"answered {len(answers)} of {len(values)}")
    lines = [f"{k}: {a[:18]}" for (k, _), a in zip(values, answers)]
    (Path(tmp) / "numbered.txt").write_text("\n".join(lines))
    LOG.info("numbered %d", len(lines))
    return lines


def r175_finally_print_on_error_in_ask(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    values = {k: get_value(web, k, ms) for k, ms in cfg["keys"]}
    done: list[str] = []
    print("asking")
    try:
        for key, value in values.items():
            temp = 5.0 if key == "beta" else 0.5
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"Say {value}"}],
                temperature=temp, extra_body={"latency": ASK_LAT[key]})
            done.append(f"{key}:{len(r.choices[0].message.content)}")
            print("  done", key)
    finally:
        print(f"asked {len(done)} of {len(values)}")
        (Path(tmp) / "done.txt").write_text("\n".join(done))
    return done


def r175_nested_try_per_item(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    keys = [["alpha", 150], ["missing-one", 40], ["gamma", 90]]
    ok: dict[str, str] = {}
    failures: dict[str, str] = {}
    banner(cfg["name"])
    for key, ms in keys:
        try:
            value = get_value(web, key, ms)
            answer = ask(client, f"Think about {value}", ASK_LAT[key])
        except (requests.RequestException, openai.APIError) as exc:
            failures[key] = type(exc).__name__
            print(f"  {key}: failed ({failures[key]})")
        else:
            ok[key] = answer[:15]
            print(f"  {key}: ok")
    rows = [{"key": k, "ok": k in ok} for k in sorted(set(ok) | set(failures))]
    write_csv(Path(tmp) / "per_item.csv", rows, ["key", "ok"])
    LOG.info("ok=%d failed=%d", len(ok), len(failures))
    return {"ok": ok, "failures": failures}


def r175_text_lines_phase(web: str, client: Any, tmp: str) -> dict[str, int]:
    cfg = load_config(tmp)
    texts = {}
    for key, ms in cfg["keys"]:
        texts[key] = requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text
    line_counts = {k: len(t.splitlines()) for k, t in texts.items()}
    print("lines:", line_counts)
    words = {}
    for key, text in texts.items():
        first = text.splitlines()[0]
        answer = ask(client, f"Continue: {first}", ASK_LAT[key])
        words[key] = len(answer.split())
    total = sum(words.values())
    with open(Path(tmp) / "lines.csv", "w", newline="") as f:
        w = csv.writer(f)
        for key in sorted(words):
            w.writerow([key, line_counts[key], words[key]])
    print(f"{total} words")
    LOG.info("words %d", total)
    return words


def r175_write_then_fetch_more(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    banner("first pass")
    first = {}
    for key, ms in cfg["keys"]:
        first[key] = get_value(web, key, ms)
    write_csv(Path(tmp) / "first.csv", [{"key": k, "value": v} for k, v in first.items()],
              ["key", "value"])
    print("wrote first.csv")
    banner("second pass")
    second = {}
    for key, ms in (("delta", 60), ("epsilon", 30)):
        second[key] = get_value(web, key, ms)
    merged = {**first, **second}
    (Path(tmp) / "merged.json").write_text(json.dumps(merged, sort_keys=True))
    print(f"merged {len(merged)}")
    LOG.info("two passes: %d + %d", len(first), len(second))
    return merged


def r175_accumulate_prompt_context(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    context = "Start."
    transcript = []
    for key, value in values.items():
        reply = ask(client, f"{context} Next: {value}", ASK_LAT[key])
        context = reply[:40]
        transcript.append(f"{key}> {context}")
        print(transcript[-1])
    (Path(tmp) / "transcript.txt").write_text("\n".join(transcript))
    LOG.info("transcript of %d turns", len(transcript))
    return transcript


def r175_session_mixed_phases(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    session = requests.Session()
    session.headers["X-Run"] = cfg["name"]
    try:
        values = {}
        for key, ms in cfg["keys"]:
            values[key] = session.get(f"{web}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]
        print("fetched via session:", sorted(values))
        answers = {k: ask(client, f"Gist of {v}", ASK_LAT[k]) for k, v in values.items()}
        saved = 0
        for key in sorted(answers):
            session.put(f"{web}/items/gist-{key}", data=answers[key][:12], timeout=5)
            saved += 1
            print(f"  saved {key} ({saved})")
        check = session.get(f"{web}/items/gist-alpha", timeout=5).json()["value"]
    finally:
        session.close()
    LOG.info("saved %d gists", saved)
    return {"saved": saved, "check": check}


CURSOR: dict[str, Any] = {"key": "alpha", "ms": 150}


def fetch_cursor(web: str) -> str:
    """Reads the module's cursor: which item and how slow."""
    return requests.get(f"{web}/items/{CURSOR['key']}?ms={CURSOR['ms']}", timeout=5).json()["value"]


def fetch_env(web: str, key: str, ms: int) -> str:
    suffix = os.environ.get("R175_SUFFIX", "")
    return requests.get(f"{web}/items/{key}{suffix}?ms={ms}", timeout=5).json()["value"]


def r175_closure_model_rebound(web: str, client: Any, tmp: str) -> dict[str, list[str]]:
    cfg = load_config(tmp)
    model = "gpt"
    lat = 0.03

    def q(prompt: str) -> str:
        return ask(client, prompt, lat, model)[:20]

    values = [get_value(web, k, ms) for k, ms in cfg["keys"]]
    print("phase A with", model)
    first = [q(f"A {v}") for v in values]
    model = "judge"
    lat = 0.09
    print("phase B with", model)
    second = []
    for v in values:
        second.append(q(f"B {v}"))
        print("  B", v)
    model = "gpt-mini"
    third = q("C " + ",".join(values))
    LOG.info("models used: gpt, judge, %s", model)
    (Path(tmp) / "closure.json").write_text(json.dumps({"a": first, "b": second, "c": third}))
    return {"a": first, "b": second, "c": [third]}


def r175_global_cursor_helper(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    out = []
    banner("cursor walk")
    try:
        for key, ms in cfg["keys"]:
            CURSOR["key"] = key
            CURSOR["ms"] = ms
            out.append(fetch_cursor(web))
            print("  at", CURSOR["key"])
        CURSOR.update({"key": "delta", "ms": 60})
        last = fetch_cursor(web)
    finally:
        CURSOR.update({"key": "alpha", "ms": 150})
    out.append(last)
    answers = [ask(client, f"Walk {v}", 0.04)[:8] for v in out]
    LOG.info("walked %d", len(out))
    (Path(tmp) / "walk.txt").write_text("\n".join(out))
    return out + answers


def r175_print_end_then_loud_helper(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    values = []
    for i, (key, ms) in enumerate(cfg["keys"]):
        print(f"[{i}] {key}:", end=" ", flush=True)
        values.append(get_loud(web, key, ms))
        sys.stdout.write(f"[{i}] stored\n")
    print("answers:", end="")
    answers = []
    for key, v in zip([k for k, _ in cfg["keys"]], values):
        answers.append(ask(client, f"Echo {v}", ASK_LAT[key])[:10])
        print(" .", end="")
    print()
    for a in answers:
        print(" ", a)
    (Path(tmp) / "loud.txt").write_text("\n".join(answers))
    return answers


def r175_server_loop_carried_put_get(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    trail = []
    banner("build trail on the server")
    for key, ms in cfg["keys"]:
        prev = requests.get(f"{web}/items/trail?ms={ms}", timeout=5).json()["value"]
        joined = f"{prev}+{key}"
        requests.put(f"{web}/items/trail", data=joined, timeout=5)
        trail.append(joined)
        print("  trail:", joined)
    final = requests.get(f"{web}/items/trail", timeout=5).json()["value"]
    banner("ask")
    answers = {k: ask(client, f"Step {t}", ASK_LAT[k])[:10]
               for (k, _), t in zip(cfg["keys"], trail)}
    (Path(tmp) / "trail.json").write_text(json.dumps({"final": final, "answers": answers}))
    LOG.info("final trail %s", final)
    return {"final": final, "trail": trail, "answers": answers}


def r175_environ_mode_switch(web: str, client: Any, tmp: str) -> dict[str, str]:
    cfg = load_config(tmp)
    out = {}
    try:
        os.environ["R175_SUFFIX"] = ""
        for key, ms in cfg["keys"]:
            out[key] = fetch_env(web, key, ms)
        print("plain mode:", sorted(out.values()))
        os.environ["R175_SUFFIX"] = "-v2"
        for key, ms in cfg["keys"]:
            out[key + "2"] = fetch_env(web, key, ms)
        print("v2 mode:", sorted(v for k, v in out.items() if k.endswith("2")))
    finally:
        os.environ.pop("R175_SUFFIX", None)
    note = ask(client, "Compare " + " ".join(sorted(out.values())), 0.05)
    out["note"] = note[:12]
    LOG.info("env modes done")
    return out


def r175_nonlocal_counter_closure(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    n = 0

    def step(msg: str) -> int:
        nonlocal n
        n += 1
        print(f"  step {n}: {msg}")
        return n

    step("config loaded")
    values = {}
    for key, ms in cfg["keys"]:
        values[key] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        step(f"fetched {key}")
    answers = []
    for key, v in values.items():
        answers.append(f"{step('ask ' + key)}:{ask(client, v, ASK_LAT[key])[:8]}")
    step("done")
    (Path(tmp) / "steps.txt").write_text(f"{n}\n" + "\n".join(answers))
    return answers


def r175_append_file_then_read(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    log_path = Path(tmp) / "progress.log"
    for key, ms in cfg["keys"]:
        value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        with open(log_path, "a") as f:
            f.write(f"{key}\t{value}\n")
        print("logged", key)
    banner("replay")
    lines = log_path.read_text().splitlines()
    results = []
    for line in lines:
        key, value = line.split("\t")
        results.append(f"{key}:{ask(client, f'Replay {value}', ASK_LAT[key])[:8]}")
    with open(log_path, "a") as f:
        f.write(f"# {len(results)} replayed\n")
    LOG.info("replayed %d", len(results))
    return results


async def r175_async_closure_rebound(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    prefix = "first"

    async def q(v: str, lat: float) -> str:
        return (await aask(client, f"{prefix}: {v}", lat))[:16]

    async with httpx.AsyncClient(timeout=5) as http:
        values = []
        for key, ms in cfg["keys"]:
            values.append((await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"])
    out = []
    for (key, _), v in zip(cfg["keys"], values):
        out.append(await q(v, ASK_LAT[key]))
        prefix = f"after {key}"
    print("\n".join(out))
    return out


# =========================================================================== async mains


async def r175_async_report(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    banner(f"async {cfg['name']}")
    results: dict[str, str] = {}
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in cfg["keys"]:
            r = await http.get(f"{web}/items/{key}", params={"ms": ms})
            results[key] = r.json()["value"]
            print("  fetched", key)
    answers = {}
    for key in results:
        answers[key] = await aask(client, f"Describe {results[key]}", ASK_LAT[key])
    rows = [{"key": k, "words": len(a.split())} for k, a in answers.items()]
    rows.sort(key=lambda row: (-row["words"], row["key"]))
    write_csv(Path(tmp) / "async_report.csv", rows, ["key", "words"])
    print_table(rows, ["key", "words"])
    LOG.info("async report %d rows", len(rows))
    return {"rows": rows}


async def r175_async_gather_then_loop(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    async with httpx.AsyncClient(timeout=5) as http:
        responses = await asyncio.gather(*[http.get(f"{web}/items/{k}?ms={ms}")
                                           for k, ms in cfg["keys"]])
    values = [r.json()["value"] for r in responses]
    print("gathered:", values)
    out = []
    for (key, _), value in zip(cfg["keys"], values):
        answer = await aask(client, f"Label {value}", ASK_LAT[key])
        out.append(f"{key}:{len(answer)}")
        print("  labelled", key)
    (Path(tmp) / "gathered.txt").write_text("\n".join(out))
    LOG.info("gathered %d", len(out))
    return out


async def r175_async_try_finally(web: str, client: Any, tmp: str) -> dict[str, str]:
    cfg = load_config(tmp)
    fetched: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        try:
            for key, ms in cfg["keys"]:
                r = await http.get(f"/items/{key}?ms={ms}")
                r.raise_for_status()
                fetched[key] = r.json()["value"]
        finally:
            print(f"fetch phase: {len(fetched)} items")
            (Path(tmp) / "async_phase1.txt").write_text(",".join(fetched))
    answers = {}
    for key, value in fetched.items():
        answers[key] = (await aask(client, f"Explain {value}", ASK_LAT[key]))[:12]
    for k, a in answers.items():
        print(f"  {k}: {a}")
    LOG.info("answers %d", len(answers))
    return answers


async def r175_async_early_return(web: str, client: Any, tmp: str) -> Any:
    cfg = load_config(tmp)
    async with httpx.AsyncClient(timeout=5) as http:
        status = (await http.get(f"{web}/items/{cfg['status_key']}?ms=60")).json()["value"]
        print("status:", status)
        if status.startswith("v-maint"):
            LOG.warning("maintenance")
            return {"skipped": True}
        values = {}
        for key, ms in cfg["keys"]:
            values[key] = (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]
    answers = {}
    for key, value in values.items():
        answers[key] = await aask(client, f"Summarise {value}", ASK_LAT[key])
    lengths = {k: len(a) for k, a in answers.items()}
    (Path(tmp) / "async_lengths.json").write_text(json.dumps(lengths, sort_keys=True))
    print("lengths:", lengths)
    return {"skipped": False, "lengths": lengths}


async def r175_async_running_total(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    total = 0
    values = []
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in cfg["keys"]:
            r = await http.get(f"{web}/items/{key}?ms={ms}&after={total}")
            total += len(r.json()["value"])
            values.append((key, r.json()["value"]))
            print(f"  {key} total={total}")
    notes = []
    for key, value in values:
        notes.append((await aask(client, f"{value}", ASK_LAT[key]))[:10])
    LOG.info("total %d", total)
    return {"total": total, "notes": notes}


async def r175_async_seen_set(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    keys = cfg["keys"] + [["beta", 40], ["alpha", 150]]
    seen: set[str] = set()
    values = {}
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in keys:
            if key in seen:
                print("  dup", key)
                continue
            seen.add(key)
            values[key] = (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]
    answers = {}
    for key in sorted(values):
        answers[key] = len(await aask(client, f"Tag {values[key]}", ASK_LAT[key]))
    print("answers:", answers)
    LOG.info("unique %d", len(seen))
    return {"answers": answers, "unique": sorted(seen)}


async def r175_async_404_continue(web: str, client: Any, tmp: str) -> dict[str, Any]:
    load_config(tmp)
    keys = [["alpha", 150], ["missing-one", 40], ["gamma", 90]]
    ok = {}
    missing = []
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in keys:
            r = await http.get(f"{web}/items/{key}?ms={ms}")
            if r.status_code == 404:
                missing.append(key)
                print("  missing", key)
                continue
            ok[key] = r.json()["value"]
    answers = {}
    for key, value in ok.items():
        answers[key] = (await aask(client, f"Check {value}", ASK_LAT[key]))[:10]
    write_csv(Path(tmp) / "async_status.csv",
              [{"key": k, "answer": a} for k, a in answers.items()], ["key", "answer"])
    LOG.info("ok=%d missing=%d", len(ok), len(missing))
    return {"answers": answers, "missing": missing}


async def get_item_loud(http: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    print(f"  -> {key}")
    r = await http.get(f"{web}/items/{key}?ms={ms}")
    print(f"  <- {key}")
    return r.json()["value"]


async def r175_async_helper_coroutines(web: str, client: Any, tmp: str) -> list[str]:
    cfg = load_config(tmp)
    banner("async helpers")
    values = {}
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in cfg["keys"]:
            values[key] = await get_item_loud(http, web, key, ms)
    out = []
    for key, value in values.items():
        answer = await aask(client, f"Title for {value}", ASK_LAT[key])
        out.append(f"{key}={answer[:14]}")
    for line in out:
        print(line)
    (Path(tmp) / "titles.txt").write_text("\n".join(out))
    return out


async def r175_async_put_results(web: str, client: Any, tmp: str) -> dict[str, Any]:
    cfg = load_config(tmp)
    async with httpx.AsyncClient(timeout=5) as http:
        values = {}
        for key, ms in cfg["keys"]:
            values[key] = (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]
        answers = {}
        for key, value in values.items():
            answers[key] = await aask(client, f"Label {value}", ASK_LAT[key])
        versions = {}
        for key, answer in answers.items():
            r = await http.put(f"{web}/items/out-{key}", content=answer[:16].encode())
            versions[key] = r.json()["version"]
            print(f"  put {key} v{versions[key]}")
        listing = (await http.get(f"{web}/items")).json()
    print("listing:", listing["keys"])
    LOG.info("writes %d", listing["writes"])
    return {"versions": versions, "keys": listing["keys"]}


async def r175_async_raise_mid(web: str, client: Any, tmp: str) -> dict[str, str]:
    load_config(tmp)
    keys = [["alpha", 150], ["missing-two", 40], ["gamma", 90]]
    found = {}
    errors = []
    async with httpx.AsyncClient(timeout=5) as http:
        for key, ms in keys:
            r = await http.get(f"{web}/items/{key}?ms={ms}")
            if r.status_code != 200:
                errors.append(key)
                continue
            found[key] = r.json()["value"]
    if errors:
        print("aborting:", errors)
        raise RuntimeError(f"failed: {errors}")
    for key in found:
        found[key] = await aask(client, f"About {found[key]}", ASK_LAT[key])
    return found


async def r175_async_sort_in_place(web: str, client: Any, tmp: str) -> list[dict[str, Any]]:
    cfg = load_config(tmp)
    async with httpx.AsyncClient(timeout=5) as http:
        rows = []
        for key, ms in cfg["keys"]:
            rows.append({"key": key, "value": (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]})
    rows.sort(key=lambda row: (len(row["value"]), row["key"]))
    print("sorted:", [row["key"] for row in rows])
    for row in rows:
        row["n"] = len(await aask(client, f"Rate {row['value']}", ASK_LAT[row["key"]]))
    rows.sort(key=lambda row: -row["n"])
    (Path(tmp) / "async_sorted.json").write_text(json.dumps(rows))
    print_table(rows, ["key", "n"])
    return rows


async def r175_async_json_read_back(web: str, client: Any, tmp: str) -> str:
    cfg = load_config(tmp)
    async with httpx.AsyncClient(timeout=5) as http:
        values = {}
        for key, ms in cfg["keys"]:
            values[key] = (await http.get(f"{web}/items/{key}?ms={ms}")).json()["value"]
    path = Path(tmp) / "async_report.json"
    path.write_text(json.dumps(values, sort_keys=True))
    loaded = json.loads(path.read_text())
    summary = await aask(client, "Summarise: " + json.dumps(loaded), 0.06)
    print("summary", summary[:30])
    LOG.info("done")
    return summary[:30]


# =========================================================================== the cases


def _cfg(**over: Any) -> Any:
    def setup(env: Env) -> None:
        cfg = {**BASE_CFG, **over}
        (env.tmp / "config.json").write_text(json.dumps(cfg, indent=2))
    return setup


def wct(env: Env) -> tuple:
    return (env.web, openai_client(env), str(env.tmp))


def _arun(f: Any, env: Env) -> Any:
    async def go() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(env.web, client, str(env.tmp))
    return asyncio.run(go())


def _m(fn: Any, ideal_: float = 1.0, cat: str = "helpers", setup: Any = None, **kw: Any) -> Case:
    return Case(cat, fn, args=wct, servers="web api", ideal=ideal_,
                setup=setup or _cfg(), **kw)


def _a(fn: Any, ideal_: float = 1.0, cat: str = "sdk", setup: Any = None, **kw: Any) -> Case:
    return Case(cat, fn, drive=_arun, servers="web api", ideal=ideal_, setup=setup or _cfg(),
                **kw)


def _named(case: Case, name: str) -> Case:
    return dataclasses.replace(case, name=name)


ALL: list[Case] = [
    _m(r175_report_csv, CHAIN, cat="files", overlap=3),
    _named(_m(r175_report_csv, CHAIN, cat="files", calls=2), "r175_report_csv_twice"),
    _m(r175_results_dict_later_phase, CHAIN, overlap=3),
    _m(r175_sort_in_place_between, CHAIN, cat="state", overlap=3),
    _named(_m(r175_early_return_maintenance, 1.0, cat="validation",
              setup=_cfg(status_key="maint")), "r175_early_return_maintenance_stops"),
    _m(r175_early_return_maintenance, ideal(0.54, 0.24), cat="validation"),
    _m(r175_try_finally_fetch_phase, CHAIN, overlap=3),
    _m(r175_try_finally_failure_partial, ideal(0.19, 0.15), cat="validation",
       setup=_cfg(keys=[["alpha", 150], ["missing-zeta", 40], ["gamma", 90]]),
       speculative_reads=True),
    _m(r175_running_total_chain, ideal(0.48, 0.33), cat="state"),
    _m(r175_seen_set_dupes, CHAIN, cat="state", overlap=3),
    _m(r175_counter_in_url, CHAIN, cat="state", overlap=3),
    _m(r175_put_results_then_list, ideal(0.68, 0.38), cat="http"),
    _m(r175_404_continue_errors, ideal(0.36, 0.18), cat="http", overlap=3),
    _m(r175_raise_after_fetch_phase, ideal(0.28, 0.15), cat="validation", overlap=3),
    _m(r175_global_stats_helper, CHAIN, cat="state", overlap=3),
    _m(r175_cache_files_helper, ideal(0.44, 0.29), cat="files", setup=_cache_setup),
    _m(r175_httpx_client_phases, ideal(0.48, 0.18, CLIENT_CPU), cat="clients", overlap=3),
    _m(r175_urllib_fetch, CHAIN, cat="http", overlap=3),
    _m(r175_rebind_across_phases, CHAIN, cat="rebind", overlap=3),
    _m(r175_config_overrides_update, ideal(0.62, 0.18), cat="files", setup=_over_setup,
       overlap=4),
    _m(r175_mutate_keys_between, ideal(0.34, 0.15), cat="state"),
    _m(r175_poll_job_between_phases, ideal(0.70, 0.49), cat="http"),
    _m(r175_budget_break_asks, ideal(0.31, 0.18), cat="validation", setup=_cfg(budget=20)),
    _m(r175_helper_pipeline, ideal(0.48, 0.27)),
    _m(r175_sqlite_store_phase, ideal(0.48, 0.27), cat="db"),
    _m(r175_logging_each_phase, CHAIN, overlap=3),
    _m(r175_summary_table_print, CHAIN, overlap=3),
    _m(r175_json_report_read_back, ideal(0.34, 0.21), cat="files", overlap=3),
    _m(r175_retry_status_fallback, ideal(0.54, 0.25), cat="http"),
    _m(r175_two_models_compare, ideal(0.65, 0.21), cat="ensemble"),
    _m(r175_defaultdict_grouping, ideal(0.40, 0.23), cat="state", overlap=3),
    _m(r175_dataclass_rows, CHAIN, cat="state", overlap=3),
    _m(r175_enumerate_len_prompt, CHAIN, cat="state", overlap=3),
    _m(r175_finally_print_on_error_in_ask, ideal(0.31, 0.18), cat="validation",
       speculative_reads=True),
    _m(r175_nested_try_per_item, ideal(0.36, 0.18), cat="validation"),
    _m(r175_text_lines_phase, CHAIN, cat="http", overlap=3),
    _m(r175_write_then_fetch_more, ideal(0.37, 0.21), cat="files"),
    _m(r175_accumulate_prompt_context, ideal(0.48, 0.35), cat="state"),
    _m(r175_session_mixed_phases, ideal(0.68, 0.38), cat="clients"),
    _m(r175_closure_model_rebound, ideal(0.67, 0.24),
       cat="rebind"),
    _m(r175_global_cursor_helper, ideal(0.50, 0.19), cat="rebind"),
    _m(r175_print_end_then_loud_helper, CHAIN, overlap=3),
    _m(r175_server_loop_carried_put_get, ideal(0.68, 0.55),
       cat="http"),
    _m(r175_environ_mode_switch, ideal(0.61, 0.35), cat="state"),
    _m(r175_nonlocal_counter_closure, CHAIN, cat="state", overlap=3),
    _m(r175_append_file_then_read, ideal(0.48, 0.40), cat="files"),
    _a(r175_async_report, A_CHAIN),
    _a(r175_async_gather_then_loop, ideal(0.35, 0.27, 2 * CLIENT_CPU)),
    _a(r175_async_try_finally, A_CHAIN),
    _named(_a(r175_async_early_return, 1.0, setup=_cfg(status_key="maint")),
           "r175_async_early_return_stops"),
    _a(r175_async_early_return, ideal(0.54, 0.24, 2 * CLIENT_CPU)),
    _a(r175_async_running_total, ideal(0.48, 0.33, 2 * CLIENT_CPU)),
    _a(r175_async_seen_set, A_CHAIN),
    _a(r175_async_404_continue, ideal(0.36, 0.18, 2 * CLIENT_CPU)),
    _a(r175_async_helper_coroutines, A_CHAIN),
    _a(r175_async_put_results, ideal(0.68, 0.38, 2 * CLIENT_CPU)),
    _a(r175_async_raise_mid, ideal(0.28, 0.15, 2 * CLIENT_CPU), cat="validation"),
    _a(r175_async_sort_in_place, A_CHAIN, cat="state"),
    _a(r175_async_json_read_back, ideal(0.34, 0.21, 2 * CLIENT_CPU), cat="files"),
    _a(r175_async_closure_rebound, A_CHAIN, cat="rebind"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
