"""Red-team cases (stop 164): command-line style batch scripts, written from docs/jit.md alone.

The shapes people write for a one-off tool: read the inputs a setup put in a tmp dir (a
JSON list, a CSV, one key per line in a .txt with comments and blanks, a folder of .txt
files walked with ``pathlib`` glob, sorted), fetch (requests, httpx, urllib) or ask (the
openai SDK) per item, write one output file per item and a summary file at the end, print
progress and a final table. Per-item error handling (``try``/``except`` that records the
failure and goes on, a retry loop with a counter, skipping items whose output file is
already there), argparse-style option dicts and ``argparse`` itself, ``pathlib``,
``os.path``, ``shutil``, ``json``, ``csv``. Sibling calls get unequal latencies, slow
first. GETs of the corpus's 127.0.0.1 server never cross a file write (the server may read
the file), so a loop with a GET and a file write per item has nothing to overlap; model
calls cross file writes, so the same loop asking the SDK overlaps. `FAILING_WHY` says what
differed for the cases that did when written.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import CLIENT_CPU, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam164")

# key -> latency (ms) of its GET or its model call: slow first
KEYS = (("alpha", 150), ("beta", 40), ("gamma", 90))
MS = dict(KEYS)
DOCS = {"alpha": "The cat sat on the mat all day.",
        "beta": "Rain is expected tomorrow in the north.",
        "gamma": "Quarterly revenue rose by four percent."}


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)


def ask(client: Any, prompt: str, lat: float, **kw: Any) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


# =========================================================================== setup


def _inputs(env: Env) -> None:
    t = env.tmp
    (t / "keys.json").write_text(json.dumps([{"key": k, "ms": ms} for k, ms in KEYS]))
    with (t / "items.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "ms", "label"])
        for k, ms in KEYS:
            w.writerow([k, ms, k.upper()])
    (t / "keys.txt").write_text("# keys to fetch\nalpha:150\n\nbeta:40\n# skip me\ngamma:90\n")
    docs = t / "docs"
    docs.mkdir()
    for k, text in DOCS.items():
        (docs / f"{k}.txt").write_text(text + "\n")
    (t / "notes.md").write_text("not a doc\n")
    (t / "config.json").write_text(json.dumps({"limit": 2, "verbose": True, "out": "out",
                                               "model": "gpt-mini", "dry_run": False}))
    with (t / "input.jsonl").open("w") as f:
        for k, ms in KEYS:
            f.write(json.dumps({"id": k, "text": DOCS[k], "lat": ms / 1000}) + "\n")


def _inputs_one_done(env: Env) -> None:
    _inputs(env)
    out = env.tmp / "out"
    out.mkdir()
    (out / "beta.txt").write_text("cached beta\n")


def _inputs_bad_rows(env: Env) -> None:
    _inputs(env)
    with (env.tmp / "items.csv").open("a", newline="") as f:
        w = csv.writer(f)
        w.writerow(["delta", "oops", "DELTA"])
        w.writerow(["missing-eps", 20, "EPS"])
        w.writerow(["zeta", 60, "ZETA"])


def _inputs_state(env: Env) -> None:
    _inputs(env)
    (env.tmp / "state.json").write_text(json.dumps({"done": ["beta"], "runs": 1}))


def _inputs_nested(env: Env) -> None:
    _inputs(env)
    sub = env.tmp / "docs" / "more"
    sub.mkdir()
    (sub / "delta.txt").write_text("Delta ships a new build.\n")


# =========================================================================== web: reads first, writes after


def r164_json_fetch_all_then_write_each(web: str, tmp: str) -> dict[str, str]:
    root = Path(tmp)
    with open(root / "keys.json") as f:
        items = json.load(f)
    print(f"loaded {len(items)} items")
    results = {it["key"]: requests.get(f"{web}/items/{it['key']}?ms={it['ms']}").json()["value"]
               for it in items}
    out = root / "out"
    out.mkdir(exist_ok=True)
    for key, value in results.items():
        (out / f"{key}.json").write_text(json.dumps({"key": key, "value": value}))
        print(f"wrote {key}")
    (root / "summary.json").write_text(json.dumps({"count": len(results)}, indent=2))
    return results


def r164_csv_rows_listcomp_then_csv_out(web: str, tmp: str) -> list[dict[str, str]]:
    with open(os.path.join(tmp, "items.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    values = [requests.get(f"{web}/items/{row['key']}?ms={row['ms']}").json()["value"]
              for row in rows]
    for row, v in zip(rows, values, strict=False):
        row["value"] = v
    with open(os.path.join(tmp, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "ms", "label", "value"])
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows written")
    return rows


def r164_glob_docs_fetch_per_stem(web: str, tmp: str) -> list[str]:
    out = []
    paths = sorted(Path(tmp, "docs").glob("*.txt"))
    for i, p in enumerate(paths, 1):
        print(f"[{i}/{len(paths)}] {p.name}")
        v = requests.get(f"{web}/items/{p.stem}?ms={MS[p.stem]}").json()["value"]
        out.append(v)
    Path(tmp, "summary.txt").write_text("\n".join(out) + "\n")
    return out


def r164_loop_get_progress_then_summary(web: str, tmp: str) -> dict[str, Any]:
    results = []
    n = len(KEYS)
    for i, (k, ms) in enumerate(KEYS):
        print(f"fetching {k} ({i + 1}/{n})", flush=True)
        r = requests.get(f"{web}/items/{k}?ms={ms}")
        results.append({"key": k, "status": r.status_code, "value": r.json()["value"]})
    summary = {"ok": sum(r["status"] == 200 for r in results), "total": n}
    with open(os.path.join(tmp, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print("done:", summary)
    return summary


def r164_shutil_backup_then_fetch(web: str, tmp: str) -> list[str]:
    root = Path(tmp)
    shutil.copytree(root / "docs", root / "backup")
    names = sorted(p.stem for p in (root / "backup").glob("*.txt"))
    vals = [requests.get(f"{web}/items/{n}?ms={MS[n]}").text for n in names]
    print("backed up", len(names))
    return vals


def r164_argparse_parse_args_then_fetch(web: str, tmp: str) -> list[str]:
    parser = argparse.ArgumentParser(prog="fetch")
    parser.add_argument("--input", required=True)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(["--input", os.path.join(tmp, "keys.json"), "--limit", "3"])
    items = json.loads(Path(args.input).read_text())[: args.limit]
    vals = []
    for it in items:
        vals.append(requests.get(f"{web}/items/{it['key']}?ms={it['ms']}").json()["value"])
        if not args.quiet:
            print("ok", it["key"])
    return vals


def r164_print_table_format(web: str, tmp: str) -> int:
    rows = [(k, ms, requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in KEYS]
    width = max(len(v) for _, _, v in rows)
    print("-" * (width + 16))
    print(f"| {'key':<6} | {'ms':>3} | {'value':<{width}} |")
    for k, ms, v in rows:
        print(f"| {k:<6} | {ms:>3} | {v:<{width}} |")
    print("-" * (width + 16))
    return len(rows)


def r164_urllib_urlopen_comp(web: str, tmp: str) -> list[str]:
    data = [json.loads(urllib.request.urlopen(f"{web}/items/{k}?ms={ms}").read())
            for k, ms in KEYS]
    Path(tmp, "all.json").write_text(json.dumps(data))
    return [d["value"] for d in data]


def r164_glob_read_content_then_fetch(web: str, tmp: str) -> list[str]:
    out = []
    for p in sorted(Path(tmp, "docs").glob("*.txt")):
        first = p.read_text().split()[0].lower()
        v = requests.get(f"{web}/items/{first}?ms={MS[p.stem]}").json()["value"]
        print(p.stem, "->", v)
        out.append(v)
    return out


def r164_exists_filter_then_fetch_all(web: str, tmp: str) -> dict[str, str]:
    out = Path(tmp) / "out"
    todo = [k for k, _ in KEYS if not (out / f"{k}.txt").exists()]
    print("todo:", ", ".join(todo))
    fetched = {k: requests.get(f"{web}/items/{k}?ms={MS[k]}").json()["value"] for k in todo}
    for k, v in fetched.items():
        (out / f"{k}.txt").write_text(v + "\n")
    return fetched


# =========================================================================== web: per-item errors


def r164_try_except_per_item_404(web: str, tmp: str) -> dict[str, Any]:
    keys = [("alpha", 150), ("missing-x", 40), ("gamma", 90)]
    ok, failed = {}, []
    for k, ms in keys:
        try:
            r = requests.get(f"{web}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.HTTPError as exc:
            failed.append((k, exc.response.status_code))
            print(f"FAIL {k}: {exc.response.status_code}")
            continue
        ok[k] = r.json()["value"]
        print(f"ok   {k}")
    return {"ok": ok, "failed": failed}


def r164_csv_bad_int_row_recorded(web: str, tmp: str) -> tuple[list[str], list[str]]:
    with open(Path(tmp) / "items.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    good, bad = [], []
    for row in rows:
        try:
            ms = int(row["ms"])
            r = requests.get(f"{web}/items/{row['key']}?ms={ms}")
            r.raise_for_status()
            good.append(r.json()["value"])
        except (ValueError, requests.HTTPError) as exc:
            bad.append(f"{row['key']}: {type(exc).__name__}")
    print(f"{len(good)} ok, {len(bad)} failed")
    Path(tmp, "errors.txt").write_text("\n".join(bad) + "\n")
    return good, bad


def r164_main_returns_exit_code(web: str, tmp: str) -> int:
    keys = ["alpha", "missing-y", "beta"]
    failures = 0
    for k in keys:
        try:
            requests.get(f"{web}/items/{k}?ms={MS.get(k, 60)}").raise_for_status()
        except requests.RequestException as exc:
            failures += 1
            print("error:", exc.response.status_code if exc.response is not None else exc)
    print(f"{failures} failure(s)")
    return 1 if failures else 0


def r164_retry_per_item_then_write(web: str, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    done = []
    for k, ms in [("alpha", 40), ("missing-z", 20), ("gamma", 30)]:
        for attempt in range(1, 3):
            r = requests.get(f"{web}/items/{k}?ms={ms}")
            if r.status_code == 200:
                (out / f"{k}.txt").write_text(r.json()["value"])
                done.append(f"{k}@{attempt}")
                break
            print(f"{k}: retry {attempt}")
        else:
            done.append(f"{k}:gave-up")
    return done


def r164_uncaught_404_after_some_outputs(web: str, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    written = []
    for k, ms in [("alpha", 60), ("beta", 20), ("missing-q", 30), ("gamma", 40)]:
        r = requests.get(f"{web}/items/{k}?ms={ms}")
        r.raise_for_status()
        (out / f"{k}.txt").write_text(r.text)
        written.append(k)
        print("wrote", k)
    return written


# =========================================================================== web: per-item writes


def r164_loop_get_write_each_file(web: str, tmp: str) -> list[str]:
    out = Path(tmp, "out")
    out.mkdir()
    names = []
    for k, ms in KEYS:
        data = requests.get(f"{web}/items/{k}?ms={ms}").json()
        path = out / f"{k}.json"
        path.write_text(json.dumps(data, indent=1))
        names.append(path.name)
        print(f"saved {path.name}")
    return names


def r164_skip_existing_outputs_web(web: str, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    log = []
    for k, ms in KEYS:
        dest = out / f"{k}.txt"
        if dest.exists():
            log.append(f"skip {k}")
            continue
        dest.write_text(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] + "\n")
        log.append(f"done {k}")
    print("\n".join(log))
    return log


def r164_httpx_client_write_each(web: str, tmp: str) -> list[str]:
    out = Path(tmp) / "httpx_out"
    out.mkdir()
    with httpx.Client(base_url=web) as client:
        for k, ms in KEYS:
            r = client.get(f"/items/{k}", params={"ms": ms})
            (out / f"{k}.txt").write_text(r.json()["value"])
    return sorted(p.name for p in out.iterdir())


def r164_get_then_put_result_back(web: str, tmp: str) -> list[int]:
    versions = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        r = requests.put(f"{web}/items/{k}-done?ms=10", data=v.upper())
        versions.append(r.json()["version"])
    return versions


# =========================================================================== SDK: per-item outputs


def r164_oa_summarise_docs_write_each(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "summaries"
    out.mkdir()
    written = []
    for p in sorted(Path(tmp, "docs").glob("*.txt")):
        text = p.read_text()
        summary = ask(client, f"Summarise: {text}", MS[p.stem] / 1000)
        (out / f"{p.stem}.txt").write_text(summary + "\n")
        written.append(p.stem)
        print(f"summarised {p.name} ({len(summary)} chars)")
    (Path(tmp) / "summary.json").write_text(json.dumps({"files": written}))
    return written


def r164_oa_skip_existing_outputs(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    log = []
    for k, ms in KEYS:
        dest = out / f"{k}.txt"
        if dest.exists():
            print(f"skip {k} (exists)")
            log.append(f"skip {k}")
            continue
        dest.write_text(ask(client, DOCS[k], ms / 1000) + "\n")
        log.append(f"done {k}")
        print(f"done {k}")
    return log


def r164_oa_try_except_bad_request_per_item(client: Any, tmp: str) -> dict[str, Any]:
    items = [("alpha", 0.15, 0.0), ("beta", 0.04, 5.0), ("gamma", 0.09, 0.5)]
    out = Path(tmp) / "out"
    out.mkdir()
    ok, failed = [], []
    for k, lat, temp in items:
        try:
            answer = ask(client, DOCS[k], lat, temperature=temp)
        except openai.BadRequestError as exc:
            failed.append(k)
            print(f"FAILED {k}: {exc.status_code}")
            continue
        (out / f"{k}.txt").write_text(answer)
        ok.append(k)
        print(f"ok {k}")
    Path(tmp, "report.json").write_text(json.dumps({"ok": ok, "failed": failed}))
    return {"ok": ok, "failed": failed}


def r164_oa_retry_counter_then_fallback(client: Any, tmp: str) -> list[str]:
    results = []
    retries = 0
    for k, ms in KEYS:
        answer = None
        for attempt in range(3):
            try:
                answer = ask(client, DOCS[k], ms / 1000, temperature=5.0 if attempt == 0 else 0.2)
                break
            except openai.BadRequestError:
                retries += 1
        results.append(f"{k}:{answer[:10] if answer else 'none'}")
    print("retries:", retries)
    return results


def r164_oa_jsonl_in_jsonl_out(client: Any, tmp: str) -> int:
    recs = [json.loads(line) for line in Path(tmp, "input.jsonl").read_text().splitlines()]
    answers = [ask(client, "Translate to French: " + r["text"], r["lat"]) for r in recs]
    with open(Path(tmp) / "output.jsonl", "w") as f:
        for r, a in zip(recs, answers, strict=False):
            f.write(json.dumps({"id": r["id"], "answer": a}) + "\n")
    print(f"wrote {len(answers)} lines")
    return len(answers)


def r164_oa_csv_writer_inside_loop(client: Any, tmp: str) -> str:
    with open(os.path.join(tmp, "items.csv"), newline="") as src, \
            open(os.path.join(tmp, "labels.csv"), "w", newline="") as dst:
        w = csv.writer(dst)
        w.writerow(["key", "answer"])
        for row in csv.DictReader(src):
            a = ask(client, f"Label {row['label']}", int(row["ms"]) / 1000)
            w.writerow([row["key"], a[:20]])
    return Path(tmp, "labels.csv").read_text()


def r164_oa_table_with_usage_totals(client: Any, tmp: str) -> dict[str, int]:
    totals = {"prompt": 0, "completion": 0}
    rows = []
    for k, ms in KEYS:
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": DOCS[k]}],
            extra_body={"latency": ms / 1000})
        totals["prompt"] += r.usage.prompt_tokens
        totals["completion"] += r.usage.completion_tokens
        rows.append((k, r.usage.total_tokens))
    print(f"{'item':<8}{'tokens':>8}")
    for k, n in rows:
        print(f"{k:<8}{n:>8}")
    Path(tmp, "usage.json").write_text(json.dumps(totals))
    return totals


def r164_oa_write_then_shutil_move(client: Any, tmp: str) -> list[str]:
    staging = Path(tmp) / "staging"
    staging.mkdir()
    for k, ms in KEYS:
        (staging / f"{k}.txt").write_text(ask(client, DOCS[k], ms / 1000))
    final = Path(tmp) / "final"
    shutil.move(str(staging), str(final))
    return sorted(p.name for p in final.iterdir())


def r164_oa_os_walk_nested(client: Any, tmp: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(tmp, "docs")):
        dirnames.sort()
        for name in sorted(filenames):
            found.append(os.path.join(dirpath, name))
    out = []
    for path in found:
        with open(path) as f:
            text = f.read()
        out.append(ask(client, text, 0.03 + 0.03 * (len(out) % 3 == 0)))
        print(os.path.relpath(path, tmp))
    return out


def r164_oa_rglob_sorted(client: Any, tmp: str) -> dict[str, str]:
    root = Path(tmp) / "docs"
    return {str(p.relative_to(root)): ask(client, p.read_text(), 0.12 if p.stem == "alpha" else 0.04)
            for p in sorted(root.rglob("*.txt"))}


def r164_oa_uncaught_failure_mid_loop(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    written = []
    for k, lat, temp in [("alpha", 0.06, 0.0), ("beta", 0.02, 0.0), ("gamma", 0.03, 7.0),
                         ("delta", 0.04, 0.0)]:
        text = ask(client, DOCS.get(k, k), lat, temperature=temp)
        (out / f"{k}.txt").write_text(text)
        written.append(k)
        print("wrote", k)
    return written


def r164_oa_resume_state_checkpoint(client: Any, tmp: str) -> dict[str, Any]:
    state_path = Path(tmp) / "state.json"
    state = json.loads(state_path.read_text())
    out = Path(tmp) / "out"
    out.mkdir(exist_ok=True)
    for k, ms in KEYS:
        if k in state["done"]:
            print("already done:", k)
            continue
        (out / f"{k}.txt").write_text(ask(client, DOCS[k], ms / 1000))
        state["done"].append(k)
        state_path.write_text(json.dumps(state))
    state["runs"] += 1
    state_path.write_text(json.dumps(state))
    return state


def r164_oa_limit_break(client: Any, tmp: str) -> list[str]:
    opts = json.loads(Path(tmp, "config.json").read_text())
    out = []
    for i, (k, ms) in enumerate(KEYS):
        if i >= opts["limit"]:
            print("limit reached")
            break
        out.append(ask(client, DOCS[k], ms / 1000))
    return out


def r164_oa_fetch_docs_then_ask_then_write(client: Any, web: str, tmp: str) -> list[str]:
    docs = {k: requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS}
    answers = {k: ask(client, f"Explain {v}", MS[k] / 1000) for k, v in docs.items()}
    out = Path(tmp) / "out"
    out.mkdir()
    for k, a in answers.items():
        (out / f"{k}.txt").write_text(a)
        print("wrote", k)
    return sorted(answers)


def r164_oa_web_get_ask_write_per_item(client: Any, web: str, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    for k, ms in KEYS:
        doc = requests.get(f"{web}/items/{k}?ms=20").json()["value"]
        (out / f"{k}.txt").write_text(ask(client, doc, ms / 1000))
    return sorted(p.name for p in out.iterdir())


def r164_oa_per_item_result_dict_then_table(client: Any, tmp: str) -> list[dict[str, Any]]:
    results = []
    for p in sorted(Path(tmp, "docs").glob("*.txt")):
        rec = {"file": p.name, "status": "ok"}
        try:
            rec["answer"] = ask(client, p.read_text(), MS[p.stem] / 1000)
        except openai.APIError as exc:
            rec["status"] = f"error: {exc}"
        results.append(rec)
    print(f"{'file':<12}{'status':<8}{'chars':>6}")
    for rec in results:
        print(f"{rec['file']:<12}{rec['status']:<8}{len(rec.get('answer', '')):>6}")
    with open(Path(tmp) / "results.json", "w") as f:
        json.dump(results, f, indent=2)
    return results


def r164_oa_main_with_argv(client: Any, tmp: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--suffix", default=".txt")
    parser.add_argument("--out", default="answers")
    ns = parser.parse_args([os.path.join(tmp, "docs"), "--out", os.path.join(tmp, "ans")])
    os.makedirs(ns.out, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(ns.folder)):
        if not name.endswith(ns.suffix):
            continue
        stem = name[: -len(ns.suffix)]
        with open(os.path.join(ns.folder, name)) as f:
            answer = ask(client, f.read(), MS[stem] / 1000)
        with open(os.path.join(ns.out, stem + ".ans"), "w") as f:
            f.write(answer)
        count += 1
        print(f"{count}: {stem}")
    return 0 if count else 2


# =========================================================================== output files read back


DUPES = (("alpha", 150), ("beta", 40), ("alpha", 90), ("gamma", 60), ("beta", 30))


def r164_oa_dupe_keys_skip_exists(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    log = []
    for k, ms in DUPES:
        dest = out / f"{k}.txt"
        if dest.exists():
            log.append(f"skip {k}")
            continue
        dest.write_text(ask(client, DOCS[k], ms / 1000))
        log.append(f"done {k}")
    print(", ".join(log))
    return log


def r164_oa_dupe_keys_listdir_check(client: Any, tmp: str) -> list[str]:
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    log = []
    for k, ms in DUPES:
        name = f"{k}.txt"
        if name in os.listdir(out):
            print("cached", k)
            continue
        answer = ask(client, DOCS[k], ms / 1000)
        with open(os.path.join(out, name), "w") as f:
            f.write(answer)
        log.append(name)
    return log


def r164_oa_exclusive_create_dupes(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    log = []
    for k, ms in DUPES:
        answer = ask(client, DOCS[k], ms / 1000)
        try:
            with open(out / f"{k}.txt", "x") as f:
                f.write(answer)
            log.append(f"new {k}")
        except FileExistsError:
            log.append(f"exists {k}")
    return log


def r164_oa_queue_file_grows_while_read(client: Any, tmp: str) -> list[str]:
    queue = os.path.join(tmp, "queue.txt")
    with open(queue, "w") as f:
        f.write("alpha\nbeta\n")
    seen = []
    with open(queue) as f:
        for line in f:
            k = line.strip()
            answer = ask(client, DOCS.get(k, k), 0.05)
            seen.append(f"{k}:{len(answer)}")
            if k == "alpha":
                with open(queue, "a") as g:
                    g.write("gamma\n")
    return seen


def r164_oa_context_file_chain(client: Any, tmp: str) -> str:
    ctx = Path(tmp) / "context.txt"
    ctx.write_text("Start.\n")
    for k, ms in KEYS:
        answer = ask(client, ctx.read_text() + DOCS[k], ms / 1000)
        with ctx.open("a") as f:
            f.write(answer[:12] + "\n")
    return ctx.read_text()


def r164_oa_undecodable_doc_recorded(client: Any, tmp: str) -> dict[str, Any]:
    Path(tmp, "docs", "broken.txt").write_bytes(b"\xff\xfe bad \x80 bytes")
    ok, bad = {}, []
    for p in sorted(Path(tmp, "docs").glob("*.txt")):
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            bad.append(p.name)
            continue
        ok[p.stem] = ask(client, text, MS[p.stem] / 1000)
    print("bad files:", bad)
    return {"ok": ok, "bad": bad}


def r164_oa_finally_summary_on_failure(client: Any, tmp: str) -> list[str]:
    done = []
    try:
        for k, lat, temp in [("alpha", 0.06, 0.0), ("beta", 0.02, 0.0), ("gamma", 0.03, 4.0),
                             ("alpha", 0.04, 0.5)]:
            text = ask(client, DOCS[k], lat, temperature=temp)
            Path(tmp, f"{k}-{len(done)}.txt").write_text(text)
            done.append(k)
    finally:
        Path(tmp, "summary.json").write_text(json.dumps({"done": done}))
        print("summary written:", len(done))
    return done


def _process(client: Any, p: Path) -> str:
    print("processing", p.name)
    answer = ask(client, p.read_text(), MS[p.stem] / 1000)
    print("finished", p.name)
    return answer


def r164_oa_printing_helper_then_write(client: Any, tmp: str) -> list[int]:
    out = Path(tmp) / "out"
    out.mkdir()
    sizes = []
    for p in sorted(Path(tmp, "docs").glob("*.txt")):
        answer = _process(client, p)
        (out / p.name).write_text(answer)
        sizes.append(len(answer))
    return sizes


def _process_and_save(client: Any, p: Path, out: Path) -> int:
    answer = ask(client, p.read_text(), MS[p.stem] / 1000)
    (out / p.name).write_text(answer)
    return len(answer)


def r164_oa_helper_writes_own_output(client: Any, tmp: str) -> list[int]:
    out = Path(tmp) / "out"
    out.mkdir()
    return [_process_and_save(client, p, out) for p in sorted(Path(tmp, "docs").glob("*.txt"))]


def r164_oa_csv_append_then_count_rows(client: Any, tmp: str) -> list[int]:
    path = os.path.join(tmp, "results.csv")
    counts = []
    for k, ms in KEYS:
        answer = ask(client, DOCS[k], ms / 1000)
        with open(path, "a", newline="") as f:
            csv.writer(f).writerow([k, answer[:10]])
        with open(path, newline="") as f:
            counts.append(sum(1 for _ in csv.reader(f)))
        print(f"{k}: {counts[-1]} rows so far")
    return counts


def r164_oa_move_input_to_done(client: Any, tmp: str) -> dict[str, list[str]]:
    inbox = Path(tmp) / "docs"
    done = Path(tmp) / "done"
    done.mkdir()
    for p in sorted(inbox.glob("*.txt")):
        (Path(tmp) / f"{p.stem}.answer").write_text(ask(client, p.read_text(), MS[p.stem] / 1000))
        shutil.move(str(p), done / p.name)
    return {"inbox": sorted(os.listdir(inbox)), "done": sorted(os.listdir(done))}


def r164_web_fetch_then_compare_with_existing(web: str, tmp: str) -> dict[str, bool]:
    out = Path(tmp) / "out"
    changed = {}
    for k, ms in KEYS:
        new = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        path = out / f"{k}.txt"
        old = path.read_text().strip() if path.exists() else None
        changed[k] = old != new
        if changed[k]:
            path.write_text(new + "\n")
    return changed


# =========================================================================== script syntax


def r164_oa_walrus_readline_loop(client: Any, tmp: str) -> list[str]:
    out = []
    with open(os.path.join(tmp, "keys.txt")) as f:
        while (line := f.readline()):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            k, ms = line.split(":")
            out.append(ask(client, DOCS[k], int(ms) / 1000))
    return out


def r164_oa_try_else_write(client: Any, tmp: str) -> list[str]:
    out = Path(tmp) / "out"
    out.mkdir()
    status = []
    for k, lat, temp in [("alpha", 0.15, 0.0), ("beta", 0.04, 6.0), ("gamma", 0.09, 0.3)]:
        try:
            answer = ask(client, DOCS[k], lat, temperature=temp)
        except openai.BadRequestError:
            status.append(f"{k}=bad")
        else:
            (out / f"{k}.txt").write_text(answer)
            status.append(f"{k}=ok")
        finally:
            print(f"{k=}")
    return status


def _iter_inputs(tmp: str) -> Any:
    for p in sorted(Path(tmp, "docs").glob("*.txt")):
        yield p.stem, p.read_text()


def r164_oa_generator_of_inputs(client: Any, tmp: str) -> dict[str, str]:
    results = {}
    for stem, text in _iter_inputs(tmp):
        results[stem] = ask(client, text, MS[stem] / 1000)
        print("did", stem)
    return results


def r164_oa_sorted_by_size_lambda(client: Any, tmp: str) -> list[str]:
    paths = sorted(Path(tmp, "docs").glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))
    return [f"{p.stem}:{ask(client, p.read_text(), MS[p.stem] / 1000)[:8]}" for p in paths]


def r164_oa_warn_on_short_answer(client: Any, tmp: str) -> list[str]:
    import warnings
    out = []
    for k, ms in KEYS:
        a = ask(client, DOCS[k], ms / 1000)
        if len(a) % 2:
            warnings.warn(f"odd-length answer for {k}", stacklevel=1)
        out.append(a)
    return out


def _retry(fn: Any) -> Any:
    import functools

    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        for attempt in range(3):
            try:
                return fn(*a, **kw)
            except requests.HTTPError:
                print("retrying", a[1], attempt)
        return None
    return wrapper


@_retry
def _fetch_json(web: str, key: str, ms: int) -> Any:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


def r164_web_retry_decorated_fetch(web: str, tmp: str) -> list[Any]:
    vals = [_fetch_json(web, k, ms) for k, ms in (("alpha", 60), ("missing-r", 10), ("beta", 20))]
    Path(tmp, "vals.json").write_text(json.dumps(vals))
    return vals


def r164_oa_partial_map_list(client: Any, tmp: str) -> list[str]:
    import functools
    texts = [DOCS[k] for k, _ in KEYS]
    go = functools.partial(ask, client, lat=0.05)
    answers = list(map(go, texts))
    Path(tmp, "answers.txt").write_text("\n".join(answers))
    return answers


def r164_oa_for_else_all_ok(client: Any, tmp: str) -> str:
    for k, ms in KEYS:
        a = ask(client, DOCS[k], ms / 1000)
        Path(tmp, f"{k}.txt").write_text(a)
        if not a:
            status = f"empty at {k}"
            break
    else:
        status = "all ok"
    print(status)
    return status


# =========================================================================== checks the loop changes


DUPE_LINES = "alpha:150\nbeta:40\nalpha:90\ngamma:60\nbeta:30\ndelta:20\n"


def r164_web_bad_line_uncaught_mid_file(web: str, tmp: str) -> list[str]:
    Path(tmp, "keys.txt").write_text("alpha:150\nbeta:40\ndelta\ngamma:90\n")
    out = []
    for line in Path(tmp, "keys.txt").read_text().splitlines():
        k, ms = line.split(":")
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print("fetched", k)
    return out


def r164_web_dupes_skip_if_in_results(web: str, tmp: str) -> dict[str, str]:
    Path(tmp, "keys.txt").write_text(DUPE_LINES)
    results: dict[str, str] = {}
    for line in Path(tmp, "keys.txt").read_text().splitlines():
        k, ms = line.split(":")
        if k in results:
            print("dupe", k)
            continue
        results[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return results


def r164_web_limit_continue_on_len(web: str, tmp: str) -> list[str]:
    limit = 2
    out = []
    for k, ms in KEYS + (("delta", 20),):
        if len(out) >= limit:
            print("over limit, skipping", k)
            continue
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r164_web_failures_cap_continue(web: str, tmp: str) -> list[str]:
    failures = 0
    out = []
    for k, ms in (("missing-1", 60), ("missing-2", 20), ("alpha", 40), ("missing-3", 10),
                  ("beta", 30)):
        if failures >= 2:
            out.append(f"{k}: skipped")
            continue
        r = requests.get(f"{web}/items/{k}?ms={ms}")
        if r.status_code != 200:
            failures += 1
            out.append(f"{k}: {r.status_code}")
        else:
            out.append(f"{k}: ok")
    return out


# =========================================================================== the lists


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web_tmp), servers="web", ideal=ideal,
                setup=kw.pop("setup", _inputs), **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa_tmp), servers=kw.pop("servers", "api"),
                ideal=ideal, setup=kw.pop("setup", _inputs), **kw)


def _sdk_ideal(*lats: float) -> float:
    """One client made (serial CPU), then waits that overlap."""
    return (CLIENT_CPU + sum(lats)) / (CLIENT_CPU + max(lats))


ALL: list[Case] = [
    # web: reads first, writes after
    _w(r164_json_fetch_all_then_write_each, IDEAL3, overlap=3),
    _w(r164_csv_rows_listcomp_then_csv_out, IDEAL3, overlap=3),
    _w(r164_glob_docs_fetch_per_stem, IDEAL3, overlap=3),
    _w(r164_loop_get_progress_then_summary, IDEAL3, overlap=3),
    _w(r164_shutil_backup_then_fetch, IDEAL3, overlap=3),
    _w(r164_argparse_parse_args_then_fetch, IDEAL3, overlap=3),
    _w(r164_print_table_format, IDEAL3, overlap=3),
    _w(r164_urllib_urlopen_comp, IDEAL3, overlap=3),
    _w(r164_glob_read_content_then_fetch, IDEAL3, overlap=3),
    _w(r164_exists_filter_then_fetch_all, over(0.15, 0.09), overlap=2, setup=_inputs_one_done),
    # web: per-item errors
    _w(r164_try_except_per_item_404, IDEAL3, overlap=3, cat="validation"),
    _w(r164_csv_bad_int_row_recorded, cat="validation", setup=_inputs_bad_rows),
    _w(r164_main_returns_exit_code, over(0.15, 0.06, 0.04), overlap=3, cat="validation"),
    _w(r164_retry_per_item_then_write, cat="validation"),
    _w(r164_uncaught_404_after_some_outputs, cat="validation"),
    # web: per-item writes (local server: nothing to overlap)
    _w(r164_loop_get_write_each_file),
    _w(r164_skip_existing_outputs_web, setup=_inputs_one_done),
    _w(r164_httpx_client_write_each),
    _w(r164_get_then_put_result_back, cat="http"),
    # SDK
    _sdk(r164_oa_summarise_docs_write_each, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_skip_existing_outputs, _sdk_ideal(0.15, 0.09), setup=_inputs_one_done),
    _sdk(r164_oa_try_except_bad_request_per_item, _sdk_ideal(0.15, 0.09), overlap=2,
         cat="validation"),
    _sdk(r164_oa_retry_counter_then_fallback, _sdk_ideal(0.15, 0.04, 0.09), cat="validation"),
    _sdk(r164_oa_jsonl_in_jsonl_out, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_csv_writer_inside_loop, _sdk_ideal(0.15, 0.04, 0.09)),
    _sdk(r164_oa_table_with_usage_totals, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_write_then_shutil_move, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_os_walk_nested, _sdk_ideal(0.06, 0.03, 0.03, 0.06), setup=_inputs_nested),
    _sdk(r164_oa_rglob_sorted, _sdk_ideal(0.12, 0.04, 0.04, 0.04), overlap=4,
         setup=_inputs_nested),
    _sdk(r164_oa_uncaught_failure_mid_loop, cat="validation", speculative_reads=True),
    _sdk(r164_oa_resume_state_checkpoint, _sdk_ideal(0.15, 0.09), overlap=2,
         setup=_inputs_state),
    _sdk(r164_oa_limit_break, _sdk_ideal(0.15, 0.04)),
    _sdk(r164_oa_fetch_docs_then_ask_then_write, (CLIENT_CPU + 0.56) / (CLIENT_CPU + 0.30), args=oa_web_tmp, servers="web api",
         overlap=3),
    _sdk(r164_oa_web_get_ask_write_per_item, args=oa_web_tmp, servers="web api"),
    _sdk(r164_oa_per_item_result_dict_then_table, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_main_with_argv, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    # output files read back
    _sdk(r164_oa_dupe_keys_skip_exists, _sdk_ideal(0.15, 0.04, 0.06)),
    _sdk(r164_oa_dupe_keys_listdir_check, _sdk_ideal(0.15, 0.04, 0.06)),
    _sdk(r164_oa_exclusive_create_dupes, _sdk_ideal(0.15, 0.04, 0.09, 0.06, 0.03), overlap=5),
    _sdk(r164_oa_queue_file_grows_while_read),
    _sdk(r164_oa_context_file_chain),
    _sdk(r164_oa_undecodable_doc_recorded, _sdk_ideal(0.15, 0.04, 0.09), overlap=3,
         cat="validation"),
    _sdk(r164_oa_finally_summary_on_failure, cat="validation", speculative_reads=True),
    _sdk(r164_oa_printing_helper_then_write, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_helper_writes_own_output, _sdk_ideal(0.15, 0.04, 0.09)),
    _sdk(r164_oa_csv_append_then_count_rows, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_move_input_to_done, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _w(r164_web_fetch_then_compare_with_existing, setup=_inputs_one_done),
    # script syntax
    _sdk(r164_oa_walrus_readline_loop, _sdk_ideal(0.15, 0.04, 0.09)),
    _sdk(r164_oa_try_else_write, _sdk_ideal(0.15, 0.09), overlap=2, cat="validation"),
    _sdk(r164_oa_generator_of_inputs, _sdk_ideal(0.15, 0.04, 0.09)),
    _sdk(r164_oa_sorted_by_size_lambda, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _sdk(r164_oa_warn_on_short_answer, _sdk_ideal(0.15, 0.04, 0.09), overlap=3),
    _w(r164_web_retry_decorated_fetch, cat="validation"),
    _sdk(r164_oa_partial_map_list, _sdk_ideal(0.05, 0.05, 0.05), overlap=3),
    _sdk(r164_oa_for_else_all_ok, _sdk_ideal(0.15, 0.04, 0.09)),
    # checks the loop changes
    _w(r164_web_bad_line_uncaught_mid_file, cat="validation", speculative_reads=True),
    _w(r164_web_dupes_skip_if_in_results, over(0.15, 0.04, 0.06, 0.02), overlap=4),
    _w(r164_web_limit_continue_on_len, over(0.15, 0.04), overlap=2),
    _w(r164_web_failures_cap_continue),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
