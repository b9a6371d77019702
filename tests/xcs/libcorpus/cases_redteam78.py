"""Red-team cases (stop 78): internal tools and bots, written from docs/jit.md and the harness.

Webhook notifiers that fan out to several endpoints (signed bodies, health checks first,
retries), GitHub-style API clients (cursor pagination, a session's params moved on, a
rate-limit header that decides whether to sleep, ETag-like caches), issue triage bots that
ask a model and then label through a PUT, release-note generators, on-call digests that
read several services and write one report file (markdown, CSV, JSON, SQLite), Slack-style
message formatters, health checkers over URLs with timeouts, sync jobs between two services
(read one, write the other in order; a line server to HTTP), and small CLIs that parse
their argv with argparse inside the function. Sibling calls get unequal latencies, slow
first, so a wrong reordering shows. `FAILING` holds the cases that differed or crashed
under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextvars
import csv
import dataclasses
import functools
import hashlib
import hmac
import http.client
import io
import itertools
import json
import logging
import os
import re
import shlex
import socket
import sqlite3
import string
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import requests

from tests.xcs.libcorpus._case import (
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam78")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user",
                                                               "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== webhooks


def webhook_fanout_posts_in_order(web: str) -> list[tuple[str, int, int]]:
    """One event, three endpoints, each POSTed in turn; the versions show the order."""
    payload = {"event": "deploy", "service": "billing", "sha": "abc123"}
    results = []
    for name, ms in (("slack", 150), ("teams", 30), ("pager", 80)):
        r = requests.post(f"{web}/items/hook-{name}?ms={ms}", json=payload, timeout=5)
        results.append((name, r.status_code, r.json()["version"]))
    return results


def webhook_signed_then_verify(web: str) -> list[bool]:
    """HMAC-signed bodies PUT to each endpoint, then each read back and compared."""
    secret = b"corpus-secret"
    ok = []
    for name, ms in (("audit", 140), ("chat", 30)):
        body = json.dumps({"endpoint": name, "text": "build green"}, sort_keys=True)
        sig = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
        requests.put(f"{web}/items/signed-{name}?ms={ms}", data=body,
                     headers={"X-Signature": sig}, timeout=5)
    for name in ("audit", "chat"):
        stored = requests.get(f"{web}/items/signed-{name}?ms=40", timeout=5).json()["value"]
        want = hmac.new(secret, stored.encode(), hashlib.sha256).hexdigest()
        ok.append(stored.startswith("{") and len(want) == 64)
    return ok


def webhook_skip_unhealthy_endpoints(web: str) -> dict[str, Any]:
    """Health checks (reads) first, then POST only to the endpoints that answered 200."""
    endpoints = {"alpha": (200, 150), "beta": (503, 30), "gamma": (200, 70)}
    healthy = []
    for name, (code, ms) in endpoints.items():
        r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
        if r.status_code == 200:
            healthy.append(name)
        else:
            LOG.warning("skipping %s: %s", name, r.status_code)
    sent = {}
    for name in healthy:
        r = requests.post(f"{web}/items/notify-{name}", json={"to": name}, timeout=5)
        sent[name] = r.json()["version"]
    return {"healthy": healthy, "sent": sent}


def webhook_retry_then_fallback(web: str) -> list[str]:
    """A POST to a route that refuses it is retried once after a pause, then falls back."""
    trail = []
    for attempt in range(2):
        r = requests.post(f"{web}/status/502", json={"attempt": attempt}, timeout=5)
        trail.append(f"primary {attempt}: {r.status_code}")
        if r.status_code < 400:
            break
        time.sleep(0.04)
    else:
        r = requests.post(f"{web}/items/fallback?ms=40", json={"attempts": 2}, timeout=5)
        trail.append(f"fallback: {r.json()['version']}")
    return trail


def webhook_httpx_config_then_posts(web: str) -> list[str]:
    """Read each endpoint's config (slow first), then post to each in the config's order."""
    with httpx.Client(base_url=web, timeout=5) as c:
        configs = [c.get(f"/items/cfg-{n}", params={"ms": ms}).json()["value"]
                   for n, ms in (("ops", 150), ("dev", 30), ("sec", 90))]
        out = []
        for cfg in configs:
            r = c.post(f"/items/{cfg}", json={"message": f"hello {cfg}"})
            out.append(f"{cfg}#{r.json()['version']}")
    return out


def webhook_payload_mutated_between_posts(web: str) -> list[int]:
    """One dict reused for every endpoint, changed between sends (a counter and a target)."""
    payload: dict[str, Any] = {"text": "disk full on db-1", "seq": 0}
    versions = []
    for target, ms in (("ops", 130), ("eng", 30), ("mgmt", 60)):
        payload["seq"] += 1
        payload["target"] = target
        r = requests.put(f"{web}/items/alert-{target}?ms={ms}", json=payload, timeout=5)
        versions.append(r.json()["version"])
    check = requests.get(f"{web}/items/alert-eng", timeout=5).json()["value"]
    versions.append(json.loads(check)["seq"])
    return versions


# =========================================================================== GitHub-style


def _seed_pages(env: Env) -> None:
    for key, nxt in (("page-1", "page-2"), ("page-2", "page-3"), ("page-3", "")):
        requests.put(f"{env.web}/items/{key}?ms=1", data=nxt, timeout=5)


def gh_cursor_pagination(web: str) -> list[str]:
    """Follow the next-page cursor each page gives until it is empty."""
    cursor = "page-1"
    pages = []
    for _ in range(10):
        r = requests.get(f"{web}/items/{cursor}?ms=40", timeout=5)
        pages.append(cursor)
        cursor = r.json()["value"]
        if not cursor:
            break
    return pages


def gh_pagination_then_details(web: str) -> dict[str, Any]:
    """Walk the pages, then fetch each page's issue detail (slow first), then comment."""
    cursor, seen = "page-1", []
    while cursor:
        seen.append(cursor)
        cursor = requests.get(f"{web}/items/{cursor}?ms=30", timeout=5).json()["value"]
    details = {}
    for i, page in enumerate(seen):
        details[page] = requests.get(f"{web}/items/issue-{page}?ms={120 - 40 * i}",
                                     timeout=5).json()["value"]
    r = requests.post(f"{web}/items/comment", data=";".join(details.values()), timeout=5)
    return {"pages": seen, "details": details, "comment": r.json()["version"]}


def gh_rate_limit_header_sleep(web: str) -> list[tuple[str, int]]:
    """X-RateLimit-Remaining as the sample server gives it (here: from Content-Length)."""
    out = []
    s = requests.Session()
    for repo, ms in (("ember", 130), ("corpus-tools", 30), ("x", 70), ("bots", 40)):
        r = s.get(f"{web}/items/repo-{repo}?ms={ms}", timeout=5)
        remaining = int(r.headers.get("X-RateLimit-Remaining", r.headers["Content-Length"]))
        remaining %= 5
        if remaining < 2:
            LOG.info("rate limit low (%d) after %s, sleeping", remaining, repo)
            time.sleep(0.03)
        out.append((repo, remaining))
    s.close()
    return out


def gh_rate_limit_budget_puts(web: str) -> list[str]:
    """Label writes that stop when the budget read from the last response runs out."""
    budget = 3
    done = []
    for n, ms in ((11, 120), (12, 30), (13, 60), (14, 30)):
        if budget <= 0:
            done.append(f"#{n} deferred")
            continue
        r = requests.put(f"{web}/items/labels-{n}?ms={ms}", data="triaged", timeout=5)
        budget -= 1 + r.json()["version"] % 2
        done.append(f"#{n} v{r.json()['version']} left {budget}")
    return done


def gh_session_params_cursor(web: str) -> list[str]:
    """A session's params carry the cursor: each page's answer moves it for the next GET."""
    s = requests.Session()
    s.params = {"per_page": "2"}
    keys = []
    for ms in (140, 30, 70):
        r = s.get(f"{web}/items/issues", params={"ms": ms}, timeout=5)
        keys.append(r.url.split("?", 1)[1])
        s.params["cursor"] = r.json()["key"] + str(len(keys))
    s.close()
    return keys


class GitHubClient:
    """A tiny API wrapper as internal tools write them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/vnd.github+json"

    def issue(self, number: int, ms: int) -> dict[str, Any]:
        r = self.session.get(f"{self.base}/items/issue-{number}?ms={ms}", timeout=5)
        r.raise_for_status()
        return r.json()

    def add_label(self, number: int, label: str) -> int:
        r = self.session.put(f"{self.base}/items/issue-{number}-labels", data=label, timeout=5)
        return r.json()["version"]

    def labels(self, number: int) -> str:
        return self.session.get(f"{self.base}/items/issue-{number}-labels", timeout=5
                                ).json()["value"]


def gh_client_class_label_then_read(web: str) -> list[str]:
    gh = GitHubClient(web)
    out = []
    for number, ms in ((7, 140), (8, 30), (9, 80)):
        issue = gh.issue(number, ms)
        label = "bug" if number % 2 else "feature"
        version = gh.add_label(number, f"{label}:{issue['value']}")
        out.append(f"{number} v{version} {gh.labels(number)}")
    gh.session.close()
    return out


def gh_etag_cache_dict(web: str) -> list[str]:
    """An ETag-style cache in a dict: repeated URLs are answered from it."""
    cache: dict[str, str] = {}
    hits = 0
    out = []
    for repo in ("ember", "tools", "ember", "docs", "tools"):
        url = f"{web}/items/meta-{repo}?ms={30 + 40 * len(repo) % 90}"
        if url in cache:
            hits += 1
        else:
            cache[url] = requests.get(url, timeout=5).json()["value"]
        out.append(cache[url])
    out.append(f"hits={hits}")
    return out


def gh_issue_numbers_comprehension_then_put(web: str) -> dict[str, Any]:
    titles = [requests.get(f"{web}/items/title-{n}?ms={ms}", timeout=5).json()["value"]
              for n, ms in ((1, 150), (2, 30), (3, 90), (4, 50))]
    stale = [t for t in titles if t.endswith(("1", "3"))]
    r = requests.put(f"{web}/items/stale-report", json={"stale": stale}, timeout=5)
    return {"titles": titles, "stale": stale, "version": r.json()["version"]}


# =========================================================================== triage bots


def triage_model_then_put_label(client: Any, web: str) -> list[str]:
    out = []
    for n, ms, lat in ((21, 130, 0.12), (22, 30, 0.03), (23, 70, 0.06)):
        title = requests.get(f"{web}/items/issue-{n}?ms={ms}", timeout=5).json()["value"]
        verdict = ask(client, f"Label this issue as bug or feature: {title}", lat)
        label = "bug" if len(verdict) % 2 else "feature"
        r = requests.put(f"{web}/items/label-{n}", data=label, timeout=5)
        out.append(f"#{n} {label} v{r.json()['version']}")
        print(f"labelled #{n} as {label}")
    return out


def _seed_one_label(env: Env) -> None:
    requests.put(f"{env.web}/items/label-32?ms=1", data="question", timeout=5)


def triage_skip_already_labelled(client: Any, web: str) -> list[str]:
    out = []
    for n, lat in ((31, 0.12), (32, 0.03), (33, 0.07)):
        current = requests.get(f"{web}/items/label-{n}?ms=40", timeout=5).json()["value"]
        if not current.startswith("v-"):
            out.append(f"#{n} keeps {current}")
            continue
        verdict = ask(client, f"Triage issue {n}", lat)
        requests.put(f"{web}/items/label-{n}", data=verdict[:12], timeout=5)
        again = requests.get(f"{web}/items/label-{n}?ms=30", timeout=5).json()["value"]
        out.append(f"#{n} now {again}")
    return out


def triage_anthropic_comment_post(client: Any, web: str) -> list[int]:
    versions = []
    for n, lat in ((41, 0.13), (42, 0.03)):
        msg = client.messages.create(model="claude", max_tokens=64,
                                     messages=[{"role": "user",
                                                "content": f"Write a triage comment for #{n}"}],
                                     extra_body={"latency": lat})
        body = {"issue": n, "comment": msg.content[0].text[:40]}
        r = requests.post(f"{web}/items/comments-{n}", json=body, timeout=5)
        versions.append(r.json()["version"])
    return versions


def triage_token_budget_stops(client: Any, web: str) -> dict[str, Any]:
    spent, labelled = 0, []
    for n, lat in ((51, 0.1), (52, 0.03), (53, 0.06), (54, 0.03)):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"label issue {n} " * (n % 4)}],
            extra_body={"latency": lat})
        spent += r.usage.total_tokens
        if spent > 120:
            LOG.info("budget spent at #%d (%d tokens)", n, spent)
            break
        requests.put(f"{web}/items/label-{n}", data=str(spent), timeout=5)
        labelled.append(n)
    return {"spent": spent, "labelled": labelled}


@dataclasses.dataclass
class Issue:
    number: int
    title: str = ""
    labels: list[str] = dataclasses.field(default_factory=list)


def triage_dataclass_issues(client: Any, web: str) -> list[dict[str, Any]]:
    issues = [Issue(n) for n in (61, 62, 63)]
    for issue, ms in zip(issues, (140, 30, 70), strict=True):
        issue.title = requests.get(f"{web}/items/issue-{issue.number}?ms={ms}",
                                   timeout=5).json()["value"]
    for issue, lat in zip(issues, (0.1, 0.03, 0.05), strict=True):
        text = ask(client, f"Labels for: {issue.title}", lat)
        issue.labels.append("p1" if "clarity" in text else "p3")
        requests.put(f"{web}/items/labels-{issue.number}", json=issue.labels, timeout=5)
    return [dataclasses.asdict(i) for i in issues]


def triage_priority_sorted_puts(client: Any, web: str) -> list[str]:
    """Score every issue with the model, then PUT labels highest score first."""
    scores = {}
    for n, lat in ((71, 0.12), (72, 0.03), (73, 0.07)):
        scores[n] = len(ask(client, f"Severity of issue {n}?", lat))
    out = []
    for n in sorted(scores, key=lambda k: (-scores[k], k)):
        r = requests.put(f"{web}/items/prio-{n}", data=str(scores[n]), timeout=5)
        out.append(f"{n}:{r.json()['version']}")
    return out


# =========================================================================== release notes

_COMMITS = ("feat: add webhooks", "fix: crash on empty page", "docs: usage",
            "feat!: drop py3.8", "fix: retry 502")


def release_notes_grouped(web: str, tmp: str) -> str:
    """Each commit's author from the API (slow first), grouped by conventional type."""
    rows = []
    for i, msg in enumerate(_COMMITS):
        author = requests.get(f"{web}/items/author-{i}?ms={150 - 25 * i}",
                              timeout=5).json()["value"]
        kind, _, subject = msg.partition(": ")
        rows.append((kind.rstrip("!"), subject, author, kind.endswith("!")))
    rows.sort(key=lambda r: r[0])
    lines = ["# Release 1.4.0", ""]
    for kind, group in itertools.groupby(rows, key=lambda r: r[0]):
        lines.append(f"## {kind}")
        lines += [f"- {s} ({a}){' BREAKING' if b else ''}" for _, s, a, b in group]
    text = "\n".join(lines) + "\n"
    Path(tmp, "RELEASE.md").write_text(text)
    return Path(tmp, "RELEASE.md").read_text()


def release_notes_model_sections(client: Any, tmp: str) -> list[str]:
    sections = {"Features": ("webhooks", "dark mode"), "Fixes": ("502 retry",)}
    path = Path(tmp) / "notes.md"
    with open(path, "w") as f:
        for title, items in sections.items():
            summary = ask(client, f"Summarise for release notes: {', '.join(items)}",
                          0.12 if title == "Features" else 0.03)
            f.write(f"## {title}\n{textwrap.fill(summary, 60)}\n\n")
            print(f"wrote {title}")
    return path.read_text().splitlines()[:6]


def release_notes_publish_then_list(web: str) -> dict[str, Any]:
    notes = []
    for i, ms in enumerate((120, 30, 60)):
        notes.append(requests.get(f"{web}/items/pr-{i}?ms={ms}", timeout=5).json()["value"])
    requests.put(f"{web}/items/release-1.4", data="\n".join(notes), timeout=5)
    requests.put(f"{web}/items/latest", data="1.4", timeout=5)
    listing = requests.get(f"{web}/items", timeout=5).json()
    return {"notes": notes, "listing": listing}


def release_notes_regex_changelog(web: str, tmp: str) -> list[str]:
    """Read an existing CHANGELOG, append the new version's entries, write it back."""
    path = Path(tmp) / "CHANGELOG.md"
    old = path.read_text()
    last = re.search(r"## (\d+)\.(\d+)\.(\d+)", old)
    assert last is not None
    major, minor, _ = map(int, last.groups())
    entries = [requests.get(f"{web}/items/change-{k}?ms={ms}", timeout=5).json()["value"]
               for k, ms in (("a", 140), ("b", 30))]
    new = f"## {major}.{minor + 1}.0\n" + "".join(f"- {e}\n" for e in entries) + "\n"
    path.write_text(new + old)
    return path.read_text().splitlines()


def _setup_changelog(env: Env) -> None:
    (env.tmp / "CHANGELOG.md").write_text("## 2.3.1\n- fix: old bug\n")


# =========================================================================== on-call digests

_SERVICES = (("pager", 150), ("grafana", 30), ("statuspage", 90), ("sentry", 50))


def oncall_digest_markdown(web: str, tmp: str) -> str:
    lines = ["# On-call digest", ""]
    for name, ms in _SERVICES:
        value = requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"]
        lines.append(f"- **{name}**: {value}")
        LOG.info("read %s", name)
    Path(tmp, "digest.md").write_text("\n".join(lines) + "\n")
    return Path(tmp, "digest.md").read_text()


def oncall_digest_csv_and_json(web: str, tmp: str) -> dict[str, Any]:
    rows = []
    for name, ms in _SERVICES:
        r = requests.get(f"{web}/status/{200 if ms != 90 else 500}?ms={ms}", timeout=5)
        rows.append({"service": name, "status": r.status_code, "ok": r.ok})
    with open(Path(tmp) / "digest.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["service", "status", "ok"])
        w.writeheader()
        w.writerows(rows)
    summary = {"down": [r["service"] for r in rows if not r["ok"]], "total": len(rows)}
    with open(Path(tmp) / "digest.json", "w") as f:
        json.dump(summary, f, sort_keys=True)
    with open(Path(tmp) / "digest.csv", newline="") as f:
        back = list(csv.DictReader(f))
    return {"summary": summary, "rows": back}


def oncall_digest_sqlite_history(web: str, db: str) -> list[tuple[str, int]]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS checks (service TEXT, value TEXT)")
    for name, ms in _SERVICES:
        value = requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"]
        conn.execute("INSERT INTO checks VALUES (?, ?)", (name, value))
        conn.commit()
    rows = conn.execute("SELECT service, length(value) FROM checks ORDER BY rowid").fetchall()
    conn.close()
    return rows


def oncall_digest_model_summary_file(client: Any, web: str, tmp: str) -> str:
    facts = [f"{n}={requests.get(f'{web}/items/{n}?ms={ms}', timeout=5).json()['value']}"
             for n, ms in _SERVICES]
    summary = ask(client, "Summarise the night: " + "; ".join(facts), 0.05)
    out = Path(tmp) / "night.txt"
    out.write_text(summary + "\n" + "\n".join(facts) + "\n")
    print("digest written:", out.name)
    return out.read_text()


def oncall_digest_append_lines(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "oncall.log"
    for name, ms in _SERVICES:
        value = requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"]
        with open(path, "a") as f:
            f.write(f"{name}\t{value}\n")
    with open(path) as f:
        return [line.rstrip("\n") for line in f]


def oncall_digest_counter_and_put(web: str) -> dict[str, Any]:
    severities = collections.Counter()
    for name, ms in _SERVICES:
        value = requests.get(f"{web}/items/alerts-{name}?ms={ms}", timeout=5).json()["value"]
        severities["high" if len(value) > 14 else "low"] += 1
    r = requests.put(f"{web}/items/digest", json=dict(severities.most_common()), timeout=5)
    return {"counts": severities.most_common(), "version": r.json()["version"]}


# =========================================================================== Slack formatting


def slack_blocks_post(web: str) -> dict[str, Any]:
    fields = []
    for name, ms in (("deploys", 140), ("errors", 30), ("latency", 70)):
        value = requests.get(f"{web}/items/stat-{name}?ms={ms}", timeout=5).json()["value"]
        fields.append({"type": "mrkdwn", "text": f"*{name}*\n{value}"})
    message = {"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "Daily"}},
                          {"type": "section", "fields": fields}]}
    print(json.dumps(message, indent=1)[:120])
    r = requests.post(f"{web}/items/slack-daily", json=message, timeout=5)
    return {"version": r.json()["version"], "n": len(fields)}


def slack_template_alerts(web: str) -> list[int]:
    tmpl = string.Template(":rotating_light: *$service* is $state: $detail")
    versions = []
    for service, ms in (("billing", 130), ("auth", 30), ("search", 60)):
        detail = requests.get(f"{web}/items/detail-{service}?ms={ms}", timeout=5).json()["value"]
        text = tmpl.substitute(service=service, state="degraded",
                               detail=textwrap.shorten(detail * 6, 40, placeholder="..."))
        r = requests.post(f"{web}/items/slack-alerts", data=text, timeout=5)
        versions.append(r.json()["version"])
    return versions


def slack_thread_replies(web: str) -> list[str]:
    """The parent's answer gives the thread id each reply is posted under."""
    parent = requests.post(f"{web}/items/thread?ms=120", json={"text": "incident #9"},
                           timeout=5).json()
    ts = f"{parent['version']}.000"
    out = [ts]
    for i, ms in enumerate((90, 30)):
        status = requests.get(f"{web}/items/incident-step-{i}?ms={ms}", timeout=5).json()
        r = requests.post(f"{web}/items/thread-{ts}", json={"text": status["value"]}, timeout=5)
        out.append(f"reply v{r.json()['version']}")
    return out


def slack_mrkdwn_escape_and_print(web: str) -> list[str]:
    escape = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
    out = []
    for key, ms in (("a<b", 130), ("x&y", 30), ("plain", 60)):
        q = urllib.parse.quote(key, safe="")
        value = requests.get(f"{web}/items/{q}?ms={ms}", timeout=5).json()["value"]
        line = f"• `{key.translate(escape)}` → {value.translate(escape)}"
        print(line)
        out.append(line)
    return out


# =========================================================================== health checks


def health_check_timeouts(web: str) -> dict[str, str]:
    urls = {"api": f"{web}/items/ping?ms=400", "web": f"{web}/status/200?ms=30",
            "db": f"{web}/status/503?ms=60", "cdn": f"{web}/items/cdn?ms=40"}
    status = {}
    for name, url in urls.items():
        try:
            r = requests.get(url, timeout=0.15)
            status[name] = "up" if r.ok else f"down ({r.status_code})"
        except requests.Timeout:
            status[name] = "timeout"
        print(f"{name:>4}: {status[name]}")
    return status


def health_check_raise_for_status_then_put(web: str) -> dict[str, Any]:
    failures = []
    for code, ms in ((200, 120), (500, 30), (404, 70), (200, 40)):
        try:
            requests.get(f"{web}/status/{code}?ms={ms}", timeout=5).raise_for_status()
        except requests.HTTPError as e:
            failures.append(str(e).split(" for url")[0])
    r = requests.put(f"{web}/items/health", json={"failures": failures}, timeout=5)
    return {"failures": failures, "version": r.json()["version"]}


def health_check_poll_job_until_done(web: str) -> list[str]:
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    states = []
    for _ in range(6):
        state = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        states.append(state)
        if state == "done":
            break
        time.sleep(0.04)
    return states


def health_check_urllib(web: str) -> list[str]:
    out = []
    for code, ms in ((200, 140), (503, 30), (200, 60)):
        try:
            with urllib.request.urlopen(f"{web}/status/{code}?ms={ms}", timeout=5) as r:
                out.append(f"{code}: {r.status} {json.loads(r.read())['status']}")
        except urllib.error.HTTPError as e:
            out.append(f"{code}: error {e.code}")
    return out


def health_check_first_failure_raises(web: str) -> list[str]:
    seen = []
    for code, ms in ((200, 130), (200, 30), (502, 60), (200, 40)):
        r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
        if r.status_code != 200:
            raise RuntimeError(f"health check failed after {seen}: {r.status_code}")
        seen.append(code)
        print("ok", len(seen))
    return seen


def health_check_tcp_and_http(web: str, tcp: tuple[str, int]) -> dict[str, str]:
    """A line server is checked with an ECHO over a socket, the web server with a GET."""
    out = {}
    with socket.create_connection(tcp, timeout=5) as sock:
        f = sock.makefile("rwb")
        f.write(b"ECHO alive ms=120\n")
        f.flush()
        out["tcp"] = f.readline().decode().strip()
    out["http"] = requests.get(f"{web}/items/alive?ms=30", timeout=5).json()["value"]
    return out


# =========================================================================== sync jobs


def sync_source_to_dest_in_order(web: str) -> dict[str, Any]:
    moved = []
    for key, ms in (("a", 140), ("b", 30), ("c", 80)):
        value = requests.get(f"{web}/items/src-{key}?ms={ms}", timeout=5).json()["value"]
        r = requests.put(f"{web}/items/dst-{key}", data=value.upper(), timeout=5)
        moved.append((key, r.json()["version"]))
    listing = requests.get(f"{web}/items", timeout=5).json()
    return {"moved": moved, "listing": listing}


def sync_two_sessions_two_services(web: str) -> list[str]:
    """Source and destination as two sessions (as two services would be)."""
    src, dst = requests.Session(), requests.Session()
    src.headers["Authorization"] = "token src"
    dst.headers["Authorization"] = "token dst"
    out = []
    for key, ms in (("users", 150), ("teams", 30), ("roles", 70)):
        data = src.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
        dst.put(f"{web}/items/mirror-{key}", json=data, timeout=5)
        out.append(dst.get(f"{web}/items/mirror-{key}?ms=30", timeout=5).json()["value"][:30])
    src.close()
    dst.close()
    return out


def sync_delete_stale_then_list(web: str) -> dict[str, Any]:
    for key in ("keep-1", "stale-1", "stale-2", "keep-2"):
        requests.put(f"{web}/items/{key}", data="x", timeout=5)
    deleted = []
    for key, ms in (("stale-1", 120), ("stale-2", 30)):
        r = requests.delete(f"{web}/items/{key}?ms={ms}", timeout=5)
        deleted.append(r.json()["deleted"])
    return {"deleted": deleted, "left": requests.get(f"{web}/items", timeout=5).json()}


def sync_tcp_to_http(web: str, tcp: tuple[str, int]) -> list[str]:
    """Values read from a line server, written to the HTTP service one by one."""
    out = []
    with socket.create_connection(tcp, timeout=5) as sock:
        f = sock.makefile("rwb")
        for key, ms in (("cfg", 130), ("flags", 30), ("quota", 60)):
            f.write(f"GET {key} ms={ms}\n".encode())
            f.flush()
            value = f.readline().decode().strip()
            r = requests.put(f"{web}/items/tcp-{key}", data=value, timeout=5)
            out.append(f"{key}={value} v{r.json()['version']}")
    return out


def sync_http_to_tcp(web: str, tcp: tuple[str, int]) -> list[str]:
    """The other way: GETs (slow first) whose values are SET on the line server, then read."""
    values = [requests.get(f"{web}/items/h-{k}?ms={ms}", timeout=5).json()["value"]
              for k, ms in (("x", 140), ("y", 30))]
    out = []
    with socket.create_connection(tcp, timeout=5) as sock:
        f = sock.makefile("rwb")
        for k, v in zip("xy", values, strict=True):
            f.write(f"SET {k} {v}\n".encode())
            f.flush()
            out.append(f.readline().decode().strip())
        f.write(b"GET x\n")
        f.flush()
        out.append(f.readline().decode().strip())
    return out


def sync_checkpoint_file(web: str, tmp: str) -> list[str]:
    """Resume after the checkpoint, PUT each item, advance the checkpoint after each."""
    ckpt = Path(tmp) / "checkpoint"
    start = int(ckpt.read_text()) if ckpt.exists() else 0
    keys = ["k0", "k1", "k2", "k3", "k4"]
    done = []
    for i in range(start, len(keys)):
        value = requests.get(f"{web}/items/{keys[i]}?ms={150 - 30 * i}", timeout=5).json()
        requests.put(f"{web}/items/copy-{keys[i]}", data=value["value"], timeout=5)
        ckpt.write_text(str(i + 1))
        done.append(keys[i])
    return done + [ckpt.read_text()]


def _setup_checkpoint(env: Env) -> None:
    (env.tmp / "checkpoint").write_text("2")


def sync_newer_side_wins(web: str) -> list[str]:
    """Read both sides of each record, write the newer one to the other side."""
    out = []
    for key, (ms_a, ms_b) in (("r1", (130, 30)), ("r2", (30, 90))):
        a = requests.get(f"{web}/items/a-{key}?ms={ms_a}", timeout=5).json()["value"]
        b = requests.get(f"{web}/items/b-{key}?ms={ms_b}", timeout=5).json()["value"]
        winner, target = (a, "b") if a > b else (b, "a")
        requests.put(f"{web}/items/{target}-{key}", data=winner + "!", timeout=5)
        out.append(f"{key}: {target} <- {winner}")
    out.append(requests.get(f"{web}/items/a-r2", timeout=5).json()["value"])
    return out


# =========================================================================== CLIs


def _cli_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="opsctl", description="poke internal services")
    p.add_argument("--keys", default="a,b")
    p.add_argument("--slow", type=int, default=100)
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def cli_argparse_fetch(web: str) -> list[str]:
    ns = _cli_parser().parse_args(["--keys", "alpha,beta,gamma", "--slow", "140", "-v"])
    out = []
    for i, key in enumerate(ns.keys.split(",")):
        ms = ns.slow if i == 0 else 30 + 20 * i
        value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        if ns.verbose:
            print(f"{key}: {value}")
        out.append(value)
    return out


def cli_argparse_help_exit(web: str) -> dict[str, Any]:
    status = requests.get(f"{web}/items/motd?ms=60", timeout=5).json()["value"]
    print("motd:", status)
    try:
        _cli_parser().parse_args(["--help"])
        code = None
    except SystemExit as e:
        code = e.code
    after = requests.get(f"{web}/items/after-help?ms=30", timeout=5).json()["value"]
    print("after:", after)
    return {"code": code, "after": after}


def cli_argparse_subcommands(web: str) -> list[str]:
    p = argparse.ArgumentParser(prog="kv")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("get")
    g.add_argument("key")
    g.add_argument("--ms", type=int, default=30)
    s = sub.add_parser("set")
    s.add_argument("key")
    s.add_argument("value")
    out = []
    for line in ("get a --ms 140", "set a one", "get a", "get b --ms 90", "set b two", "get b"):
        ns = p.parse_args(shlex.split(line))
        if ns.cmd == "get":
            out.append(requests.get(f"{web}/items/{ns.key}?ms={ns.ms}", timeout=5)
                       .json()["value"])
        else:
            r = requests.put(f"{web}/items/{ns.key}", data=ns.value, timeout=5)
            out.append(f"set v{r.json()['version']}")
    return out


def cli_argparse_bad_args_then_default(web: str) -> list[Any]:
    out: list[Any] = []
    stderr = io.StringIO()
    p = _cli_parser()
    p.exit = lambda status=0, message=None: (_ for _ in ()).throw(SystemExit(status))  # type: ignore[method-assign]
    p._print_message = lambda message, file=None: stderr.write(message or "")  # type: ignore[method-assign]
    for argv in (["--slow", "fast"], ["--keys", "m,n", "--slow", "130"]):
        try:
            ns = p.parse_args(argv)
        except SystemExit as e:
            out.append(f"exit {e.code}")
            continue
        for i, k in enumerate(ns.keys.split(",")):
            out.append(requests.get(f"{web}/items/{k}?ms={ns.slow - 100 * i}", timeout=5)
                       .json()["value"])
    out.append("error:" in stderr.getvalue())
    return out


def cli_argparse_dry_run_prints_plan(web: str) -> list[str]:
    p = argparse.ArgumentParser(prog="deploy")
    p.add_argument("services", nargs="+")
    p.add_argument("--dry-run", action="store_true")
    out = []
    for argv in (["api", "worker", "--dry-run"], ["api", "worker"]):
        ns = p.parse_args(argv)
        for svc, ms in zip(ns.services, (120, 30), strict=True):
            version = requests.get(f"{web}/items/version-{svc}?ms={ms}", timeout=5).json()
            if ns.dry_run:
                print(f"would deploy {svc} {version['value']}")
                continue
            r = requests.put(f"{web}/items/deployed-{svc}", data=version["value"], timeout=5)
            out.append(f"{svc} v{r.json()['version']}")
    return out


# =========================================================================== misc helpers


def _retry(times: int):  # noqa: ANN202 - a decorator factory as users write them
    def deco(fn):  # noqa: ANN001, ANN202
        @functools.wraps(fn)
        def wrapper(*a, **kw):  # noqa: ANN002, ANN003, ANN202
            for attempt in range(times):
                try:
                    return fn(*a, **kw)
                except requests.HTTPError:
                    if attempt == times - 1:
                        raise
            return None
        return wrapper
    return deco


@_retry(2)
def _fetch_checked(url: str) -> str:
    r = requests.get(url, timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def gh_retry_decorator_fetches(web: str) -> list[str]:
    out = []
    for key, ms in (("one", 140), ("two", 30), ("three", 70)):
        out.append(_fetch_checked(f"{web}/items/{key}?ms={ms}"))
    try:
        _fetch_checked(f"{web}/items/missing-x?ms=30")
    except requests.HTTPError as e:
        out.append(f"gave up: {e.response.status_code}")
    return out


def notifier_logger_adapter(web: str) -> list[int]:
    log = logging.LoggerAdapter(LOG, {"bot": "notifier"})
    versions = []
    for channel, ms in (("ops", 130), ("dev", 30), ("qa", 60)):
        text = requests.get(f"{web}/items/msg-{channel}?ms={ms}", timeout=5).json()["value"]
        log.info("sending to %s: %s", channel, text)
        r = requests.post(f"{web}/items/chan-{channel}", data=text, timeout=5)
        versions.append(r.json()["version"])
        log.debug("sent %s as v%d", channel, r.json()["version"])
    return versions


class Notifier:
    """Channels registered on an object, each send logged and counted."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.sent: list[str] = []

    def send(self, channel: str, text: str) -> int:
        r = requests.post(f"{self.web}/items/n-{channel}", data=text, timeout=5)
        self.sent.append(channel)
        return r.json()["version"]


def notifier_object_counts_sends(web: str) -> dict[str, Any]:
    n = Notifier(web)
    texts = {c: requests.get(f"{web}/items/t-{c}?ms={ms}", timeout=5).json()["value"]
             for c, ms in (("x", 140), ("y", 30), ("z", 70))}
    versions = [n.send(c, t) for c, t in texts.items() if len(n.sent) < 2]
    return {"versions": versions, "sent": n.sent}


def sync_stdout_write_progress(web: str) -> int:
    total = 0
    for key, ms in (("p", 130), ("q", 30), ("r", 60)):
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        sys.stdout.write(f"[{key}] {v}\n")
        requests.put(f"{web}/items/copy-{key}", data=v, timeout=5)
        total += len(v)
    sys.stdout.write(f"total {total}\n")
    return total


# =========================================================================== async


async def async_webhook_fanout_aiohttp(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        cfg = []
        for name, ms in (("a", 140), ("b", 30), ("c", 70)):
            async with s.get(f"{web}/items/ep-{name}?ms={ms}") as r:
                cfg.append((await r.json())["value"])
        out = []
        for target in cfg:
            async with s.post(f"{web}/items/{target}", json={"text": "ping"}) as r:
                out.append((await r.json())["version"])
    return [cfg, out]


async def async_health_gather(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=0.15) as c:
        results = await asyncio.gather(
            c.get(f"{web}/items/slow?ms=400"), c.get(f"{web}/status/503?ms=30"),
            c.get(f"{web}/status/200?ms=60"), return_exceptions=True)
    return [type(r).__name__ if isinstance(r, Exception) else str(r.status_code)
            for r in results]


async def async_sync_loop_httpx(web: str) -> list[int]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        versions = []
        for key, ms in (("m", 130), ("n", 30), ("o", 70)):
            v = (await c.get(f"/items/src-{key}", params={"ms": ms})).json()["value"]
            r = await c.put(f"/items/dst-{key}", content=v)
            versions.append(r.json()["version"])
            print("synced", key)
        return versions


async def async_triage_model_then_label(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(timeout=5) as h:
        for n, lat in ((81, 0.12), (82, 0.03)):
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"triage {n}"}],
                extra_body={"latency": lat})
            label = r.choices[0].message.content.split()[1]
            w = await h.put(f"{web}/items/label-{n}", content=label)
            out.append(f"{n}:{label}:{w.json()['version']}")
    return out


# =========================================================================== batch 2: state


def _regional_fetch(web: str, key: str, ms: int) -> str:
    region = os.environ["RT78_REGION"] if "RT78_REGION" in os.environ else "us"  # noqa: SIM401
    return requests.get(f"{web}/items/{region}-{key}?ms={ms}", timeout=5).json()["value"]


def env_region_switch_between_fetches(web: str) -> list[str]:
    """A deploy bot reads its region from the environment; the bot switches it mid-run."""
    try:
        first = _regional_fetch(web, "status", 140)
        os.environ["RT78_REGION"] = "eu"
        second = _regional_fetch(web, "status", 30)
    finally:
        os.environ.pop("RT78_REGION", None)
    return [first, second]


def _argv_flag(name: str) -> bool:
    return name in sys.argv


def _cli_fetch(web: str, key: str, ms: int) -> str:
    suffix = "-v" if "--verbose" in sys.argv else ""
    return requests.get(f"{web}/items/{key}{suffix}?ms={ms}", timeout=5).json()["value"]


def cli_sys_argv_appended_between(web: str) -> list[str]:
    """A CLI's helper reads sys.argv; main appends a flag after the first fetch."""
    saved = list(sys.argv)
    try:
        a = _cli_fetch(web, "one", 140)
        sys.argv.append("--verbose")
        b = _cli_fetch(web, "two", 30)
    finally:
        sys.argv[:] = saved
    return [a, b]


def cli_sys_argv_slice_assigned(web: str) -> list[str]:
    saved = list(sys.argv)
    try:
        sys.argv[1:] = []
        a = _cli_fetch(web, "one", 140)
        sys.argv[1:] = ["--verbose"]
        b = _cli_fetch(web, "two", 30)
    finally:
        sys.argv[:] = saved
    return [a, b]


def _next_page_params(params: dict[str, Any], data: dict[str, Any]) -> None:
    params["page"] = params["page"] + 1
    params["after"] = data["key"]


def gh_params_dict_advanced_by_helper(web: str) -> list[str]:
    params: dict[str, Any] = {"page": 1, "ms": 140}
    seen = []
    for _ in range(3):
        r = requests.get(f"{web}/items/issues", params=params, timeout=5)
        seen.append(r.url.split("?", 1)[1])
        _next_page_params(params, r.json())
        params["ms"] = 30
    return seen


def gh_session_params_alias_mutated(web: str) -> list[str]:
    s = requests.Session()
    p = s.params
    p["ms"] = "140"
    out = [s.get(f"{web}/items/repo", timeout=5).url.split("?", 1)[1]]
    p["ms"] = "30"
    p["page"] = "2"
    out.append(s.get(f"{web}/items/repo", timeout=5).url.split("?", 1)[1])
    s.close()
    return out


class RateLimit:
    remaining = 2
    waited = 0


def _limited_get(web: str, key: str, ms: int) -> str:
    if RateLimit.remaining <= 0:
        time.sleep(0.03)
        RateLimit.waited += 1
        RateLimit.remaining = 2
    RateLimit.remaining -= 1
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _reset_ratelimit(env: Env) -> None:
    RateLimit.remaining = 2
    RateLimit.waited = 0


def gh_class_attr_rate_limiter(web: str) -> dict[str, Any]:
    vals = [_limited_get(web, k, ms) for k, ms in (("a", 140), ("b", 30), ("c", 70), ("d", 30))]
    return {"vals": vals, "waited": RateLimit.waited}


_HOOK_TARGETS: dict[str, str] = {}


def _hook_url(web: str, name: str) -> str:
    return f"{web}/items/{_HOOK_TARGETS.get(name, 'default')}-{name}"


def webhook_registry_global_dict(web: str) -> list[int]:
    """Endpoints registered in a module dict: one is re-pointed between two sends."""
    _HOOK_TARGETS.clear()
    _HOOK_TARGETS["ops"] = "primary"
    cfg = requests.get(f"{web}/items/routing?ms=140", timeout=5).json()["value"]
    _HOOK_TARGETS["ops"] = cfg
    r = requests.get(_hook_url(web, "ops") + "?ms=30", timeout=5)
    return [r.json()["value"], len(_HOOK_TARGETS)]


# =========================================================================== batch 2: iteration


def sync_outbox_sqlite_grows_while_iterating(web: str, db: str) -> list[str]:
    """An outbox table: each delivered event may enqueue a follow-up the same loop sees."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY, target TEXT, hops INTEGER)")
    conn.executemany("INSERT INTO outbox (target, hops) VALUES (?, ?)",
                     [("alpha", 0), ("beta", 0)])
    conn.commit()
    sent = []
    for row_id, target, hops in conn.execute("SELECT id, target, hops FROM outbox ORDER BY id"):
        r = requests.post(f"{web}/items/out-{target}?ms={120 - 40 * len(sent)}",
                          data=str(row_id), timeout=5)
        sent.append(f"{row_id}:{target}:v{r.json()['version']}")
        if hops == 0 and len(sent) < 4:
            conn.execute("INSERT INTO outbox (target, hops) VALUES (?, ?)",
                         (target + "-retry", hops + 1))
            conn.commit()
    conn.close()
    return sent


def sync_outbox_sqlite_select_then_fetch(web: str, db: str) -> list[str]:
    """Rows read from SQLite, a GET per row (slow first) whose value updates the row."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE repos (id INTEGER PRIMARY KEY, name TEXT, stars TEXT)")
    conn.executemany("INSERT INTO repos (name) VALUES (?)", [("a",), ("b",), ("c",)])
    conn.commit()
    out = []
    for rid, name in conn.execute("SELECT id, name FROM repos ORDER BY id"):
        v = requests.get(f"{web}/items/stars-{name}?ms={150 - 50 * (rid - 1)}",
                         timeout=5).json()["value"]
        conn.execute("UPDATE repos SET stars = ? WHERE id = ?", (v, rid + 1))
        conn.commit()
        out.append(v)
    out += [str(r) for r in conn.execute("SELECT * FROM repos ORDER BY id")]
    conn.close()
    return out


def oncall_log_file_tail_grows(web: str, tmp: str) -> list[str]:
    """Lines of a queue file are handled; a handler appends a follow-up the loop reaches."""
    path = Path(tmp) / "queue.txt"
    path.write_text("page-ops\nping-db\n")
    handled = []
    with open(path) as f, open(path, "a") as out:
        for line in f:
            key = line.strip()
            v = requests.get(f"{web}/items/{key}?ms={130 - 40 * len(handled)}",
                             timeout=5).json()["value"]
            handled.append(v)
            if key == "page-ops":
                out.write("ack-ops\n")
                out.flush()
            if len(handled) >= 4:
                break
    return handled


def _fetch_value(web: str, key: str) -> str:
    return requests.get(f"{web}/items/{key}?ms=60", timeout=5).json()["value"]


def sync_lazy_map_put_between(web: str) -> list[str]:
    """map() is lazy: the second fetch runs after the first item's PUT of the same key."""
    out = []
    for v in map(functools.partial(_fetch_value, web), ["chain-a", "chain-b", "chain-c"]):
        out.append(v)
        nxt = "chain-" + chr(ord(v[-1]) + 1)
        requests.put(f"{web}/items/{nxt}", data=v + ">", timeout=5)
    return out


def _pages(web: str, start: str):  # noqa: ANN202 - a generator
    cursor = start
    while cursor:
        r = requests.get(f"{web}/items/{cursor}?ms=40", timeout=5)
        yield cursor, r.json()["value"]
        cursor = r.json()["value"]


def gh_generator_paginator_put_in_body(web: str) -> list[str]:
    """A paginator generator; the body re-points the next page's cursor through a PUT."""
    out = []
    for page, nxt in _pages(web, "page-1"):
        out.append(f"{page}->{nxt}")
        if page == "page-1":
            requests.put(f"{web}/items/page-2", data="", timeout=5)
    return out


def gh_iter_sentinel_pagination(web: str) -> list[str]:
    state = {"cursor": "page-1"}

    def fetch_page() -> str | None:
        if not state["cursor"]:
            return None
        cur = state["cursor"]
        state["cursor"] = requests.get(f"{web}/items/{cur}?ms=40", timeout=5).json()["value"]
        return cur

    return list(iter(fetch_page, None))


def webhook_deque_retry_queue(web: str) -> list[str]:
    queue = collections.deque([("a", 502, 120), ("b", 200, 30), ("c", 200, 60)])
    log = []
    for _ in range(8):
        if not queue:
            break
        name, code, ms = queue.popleft()
        r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
        if r.status_code >= 500:
            log.append(f"{name} failed, requeue")
            queue.append((name, 200, 30))
            continue
        w = requests.put(f"{web}/items/delivered-{name}", data=str(code), timeout=5)
        log.append(f"{name} delivered v{w.json()['version']}")
    return log


def health_takewhile_until_down(web: str) -> list[int]:
    codes = ((200, 130), (200, 30), (503, 60), (200, 30))
    statuses = (requests.get(f"{web}/status/{c}?ms={ms}", timeout=5).status_code
                for c, ms in codes)
    return list(itertools.takewhile(lambda s: s == 200, statuses))


# =========================================================================== batch 3: clients changed


def gh_httpx_timeout_tightened(web: str) -> list[str]:
    """A health tool tightens its client's timeout after the first (slow, allowed) call."""
    out = []
    with httpx.Client(base_url=web, timeout=5) as c:
        out.append(c.get("/items/warm", params={"ms": 140}).json()["value"])
        c.timeout = httpx.Timeout(0.06)
        try:
            out.append(c.get("/items/probe", params={"ms": 150}).json()["value"])
        except httpx.TimeoutException as e:
            out.append(type(e).__name__)
    return out


def gh_httpx_params_setter(web: str) -> list[str]:
    out = []
    with httpx.Client(base_url=web, timeout=5) as c:
        out.append(str(c.get("/items/issues", params={"ms": 140}).url.query, "ascii"))
        c.params = {"state": "closed"}
        out.append(str(c.get("/items/issues", params={"ms": 30}).url.query, "ascii"))
    return out


def gh_httpx_base_url_switch(web: str) -> list[str]:
    out = []
    with httpx.Client(base_url=web + "/items", timeout=5) as c:
        out.append(c.get("/one", params={"ms": 140}).text)
        c.base_url = web + "/text"
        out.append(c.get("/one", params={"ms": 30}).text)
    return out


def gh_httpx_hook_appended_mid_run(web: str) -> list[str]:
    seen: list[str] = []

    def record(response: httpx.Response) -> None:
        seen.append(response.url.path)

    with httpx.Client(base_url=web, timeout=5) as c:
        a = c.get("/items/first", params={"ms": 140}).json()["value"]
        c.event_hooks["response"].append(record)
        b = c.get("/items/second", params={"ms": 30}).json()["value"]
    return [a, b, *seen]


def gh_requests_hook_appended_mid_run(web: str) -> list[str]:
    seen: list[str] = []

    def record(r: requests.Response, *args: Any, **kw: Any) -> None:
        seen.append(r.url.rsplit("/", 1)[-1])

    s = requests.Session()
    a = s.get(f"{web}/items/first?ms=140", timeout=5).json()["value"]
    s.hooks["response"].append(record)
    b = s.get(f"{web}/items/second?ms=30", timeout=5).json()["value"]
    s.close()
    return [a, b, *seen]


def _session_get(s: requests.Session, web: str, key: str, ms: int) -> str:
    return s.get(f"{web}/items/{key}?ms={ms}", timeout=5).url.split("?", 1)[1]


def _set_page(s: requests.Session, page: int) -> None:
    s.params["page"] = str(page)


def gh_helper_sets_session_page(web: str) -> list[str]:
    s = requests.Session()
    a = _session_get(s, web, "list", 140)
    _set_page(s, 2)
    b = _session_get(s, web, "list", 30)
    s.close()
    return [a, b]


def gh_prepared_put_sent(web: str) -> list[Any]:
    """A request prepared by hand (PUT) sent with Session.send, between two GETs."""
    s = requests.Session()
    before = s.get(f"{web}/items/flag?ms=140", timeout=5).json()["value"]
    prep = s.prepare_request(requests.Request("PUT", f"{web}/items/flag?ms=30", data="on"))
    s.send(prep, timeout=5)
    after = s.get(f"{web}/items/flag?ms=30", timeout=5).json()["value"]
    s.close()
    return [before, after]


def gh_httpx_built_put_sent(web: str) -> list[Any]:
    with httpx.Client(timeout=5) as c:
        before = c.get(f"{web}/items/flag?ms=140").json()["value"]
        req = c.build_request("PUT", f"{web}/items/flag", content=b"on")
        c.send(req)
        after = c.get(f"{web}/items/flag?ms=30").json()["value"]
    return [before, after]


def gh_request_method_from_table(web: str) -> list[str]:
    """A tiny API table: each operation's method and path, sent with Session.request."""
    ops = [("GET", "cfg", 140), ("PUT", "cfg", 30), ("GET", "cfg", 30), ("get", "other", 60)]
    s = requests.Session()
    out = []
    for method, key, ms in ops:
        r = s.request(method, f"{web}/items/{key}?ms={ms}", data="new" if method == "PUT" else None,
                      timeout=5)
        out.append(f"{method} {r.json()}")
    s.close()
    return out


def gh_urllib_request_put(web: str) -> list[str]:
    out = []
    with urllib.request.urlopen(f"{web}/items/flag?ms=140", timeout=5) as r:
        out.append(json.loads(r.read())["value"])
    req = urllib.request.Request(f"{web}/items/flag", data=b"on", method="PUT")
    with urllib.request.urlopen(req, timeout=5) as r:
        out.append(str(json.loads(r.read())["version"]))
    with urllib.request.urlopen(f"{web}/items/flag?ms=30", timeout=5) as r:
        out.append(json.loads(r.read())["value"])
    return out


def gh_urllib_request_method_attr(web: str) -> list[str]:
    """A Request built as a GET, then turned into a PUT by setting its method."""
    out = []
    req = urllib.request.Request(f"{web}/items/flag2?ms=30", data=b"on")
    req.method = "PUT"
    first = urllib.request.urlopen(f"{web}/items/flag2?ms=140", timeout=5)
    out.append(json.loads(first.read())["value"])
    first.close()
    with urllib.request.urlopen(req, timeout=5) as r:
        out.append(str(json.loads(r.read())["version"]))
    with urllib.request.urlopen(f"{web}/items/flag2?ms=30", timeout=5) as r:
        out.append(json.loads(r.read())["value"])
    return out


# =========================================================================== batch 4: iterators read ahead


def oncall_csv_queue_appended_by_last_row(web: str, tmp: str) -> list[str]:
    """A CSV work queue: handling the last row appends a follow-up row the reader reaches."""
    path = Path(tmp) / "queue.csv"
    path.write_text("service,ms\npager,140\ngrafana,30\n")
    done = []
    with open(path, newline="") as f, open(path, "a", newline="") as out:
        for row in csv.DictReader(f):
            v = requests.get(f"{web}/items/{row['service']}?ms={row['ms']}", timeout=5)
            done.append(v.json()["value"])
            if row["service"] == "grafana":
                out.write("statuspage,40\n")
                out.flush()
            if len(done) >= 4:
                break
    return done


def oncall_csv_reader_enumerate_appended(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "hosts.csv"
    path.write_text("db-1,140\ndb-2,30\n")
    done = []
    with open(path, newline="") as f, open(path, "a", newline="") as out:
        for i, (host, ms) in enumerate(csv.reader(f), 1):
            v = requests.get(f"{web}/items/{host}?ms={ms}", timeout=5).json()["value"]
            done.append(f"{i}:{v}")
            if i == 2:
                csv.writer(out).writerow(["db-3", "40"])
                out.flush()
            if i >= 4:
                break
    return done


def oncall_readline_sentinel_appended(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "tasks.txt"
    path.write_text("t-1\nt-2\n")
    done = []
    with open(path) as f, open(path, "a") as out:
        for line in iter(f.readline, ""):
            v = requests.get(f"{web}/items/{line.strip()}?ms={140 - 50 * len(done)}",
                             timeout=5).json()["value"]
            done.append(v)
            if len(done) == 2:
                out.write("t-3\n")
                out.flush()
            if len(done) >= 4:
                break
    return done


def triage_pending_dict_grows_while_iterating(web: str) -> list[str]:
    """A classic bug, deterministic in plain code: a linked issue added mid-iteration."""
    pending = {"i-1": 140, "i-2": 30, "i-3": 60}
    out = []
    try:
        for key, ms in pending.items():
            v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
            print("triaged", key, v)
            out.append(v)
            if key == "i-1":
                pending["i-linked"] = 30
    except RuntimeError as e:
        out.append(f"RuntimeError: {e}")
    return out


def triage_seen_set_grows_while_iterating(web: str) -> list[str]:
    labels = {"bug"}
    out = []
    try:
        for label in labels:
            v = requests.get(f"{web}/items/lbl-{label}?ms=120", timeout=5).json()["value"]
            out.append(v)
            labels.add("needs-triage")
    except RuntimeError as e:
        out.append(f"RuntimeError: {e}")
    return out


def webhook_deque_iterated_and_extended(web: str) -> list[str]:
    queue = collections.deque(["a", "b", "c"])
    out = []
    try:
        for name in queue:
            r = requests.get(f"{web}/items/ev-{name}?ms={140 - 50 * len(out)}", timeout=5)
            out.append(r.json()["value"])
            if name == "b":
                queue.append("b-retry")
    except RuntimeError as e:
        out.append(f"RuntimeError: {e}")
    return out


def sync_json_list_grows_in_body(web: str) -> list[str]:
    """Items of a JSON answer; a body appends follow-ups the loop then reaches."""
    items = json.loads(requests.get(f"{web}/items/plan?ms=40", timeout=5).text)["value"]
    todo = [items + "-x", items + "-y"]
    out = []
    for key in todo:
        v = requests.get(f"{web}/items/{key}?ms={140 - 50 * len(out)}", timeout=5).json()
        out.append(v["value"])
        if key.endswith("-y") and len(todo) < 3:
            todo.append(items + "-z")
    return out


def sync_text_lines_then_put_same_keys(web: str) -> list[str]:
    """Lines of a text answer name the keys; each is read, then written, then read back."""
    text = requests.get(f"{web}/text/cfg?ms=40", timeout=5).text
    out = []
    for i, line in enumerate(text.splitlines()):
        key = line.replace(" ", "-")
        before = requests.get(f"{web}/items/{key}?ms={130 - 40 * i}", timeout=5).json()["value"]
        requests.put(f"{web}/items/{key}", data=f"seen-{i}", timeout=5)
        out.append(before)
    out.append(requests.get(f"{web}/items/cfg-line-2", timeout=5).json()["value"])
    return out


# =========================================================================== batch 5: other wires


def _host_port(web: str) -> tuple[str, int]:
    u = urllib.parse.urlsplit(web)
    return u.hostname or "", u.port or 80


def sync_http_client_put_then_requests_get(web: str) -> list[str]:
    """A legacy sync job writes through http.client and reads back through requests."""
    host, port = _host_port(web)
    first = requests.get(f"{web}/items/seed?ms=140", timeout=5).json()["value"]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("PUT", "/items/flag?ms=30", body=first.upper())
    version = json.loads(conn.getresponse().read())["version"]
    conn.close()
    after = requests.get(f"{web}/items/flag?ms=30", timeout=5).json()["value"]
    return [first, str(version), after]


def sync_raw_socket_put_then_get(web: str) -> list[str]:
    """A webhook relay that speaks HTTP/1.0 on a socket for its writes."""
    host, port = _host_port(web)
    first = requests.get(f"{web}/items/seed?ms=140", timeout=5).json()["value"]
    body = b"relayed"
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"PUT /items/relay?ms=30 HTTP/1.0\r\nHost: x\r\n"
                     b"Content-Type: text/plain\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    status = reply.split(b"\r\n", 1)[0].decode()
    after = requests.get(f"{web}/items/relay?ms=30", timeout=5).json()["value"]
    return [first, status, after]


def sync_line_server_set_then_http_report(web: str, tcp: tuple[str, int]) -> list[str]:
    """Flags SET on the line server, then a report PUT; each flag read back over a new socket."""
    out = []
    with socket.create_connection(tcp, timeout=5) as sock:
        f = sock.makefile("rwb")
        for k, v in (("mode", "maint"), ("owner", "ops")):
            f.write(f"SET {k} {v}\n".encode())
            f.flush()
            out.append(f.readline().decode().strip())
    with socket.create_connection(tcp, timeout=5) as sock2:
        g = sock2.makefile("rwb")
        g.write(b"GET mode ms=40\n")
        g.flush()
        out.append(g.readline().decode().strip())
    r = requests.put(f"{web}/items/report", data=",".join(out), timeout=5)
    out.append(str(r.json()["version"]))
    return out


def sync_urllib3_put_then_get(web: str) -> list[str]:
    import urllib3

    pool = urllib3.PoolManager()
    first = pool.request("GET", f"{web}/items/seed?ms=140").json()["value"]
    pool.request("PUT", f"{web}/items/u3flag?ms=30", body=first.encode())
    after = pool.request("GET", f"{web}/items/u3flag?ms=30").json()["value"]
    pool.clear()
    return [first, after]


def sync_curl_subprocess_put_then_get(web: str) -> list[str]:
    """A shell-out to curl for the write (as ops scripts do), then a requests read."""
    first = requests.get(f"{web}/items/seed?ms=140", timeout=5).json()["value"]
    subprocess.run(["curl", "-s", "-o", "/dev/null", "-X", "PUT", "--data", "curl-" + first,
                    f"{web}/items/cflag?ms=30"], check=True, timeout=10)
    after = requests.get(f"{web}/items/cflag?ms=30", timeout=5).json()["value"]
    return [first, after]


# =========================================================================== batch 6: caches


_WEB_FOR_CACHE: dict[str, str] = {}


@functools.cache
def _issue_title(number: Any) -> str:
    web = _WEB_FOR_CACHE["web"]
    ms = 140 if number == 1 else 40
    return requests.get(f"{web}/items/issue-{number}?ms={ms}", timeout=5).json()["value"]


@functools.cache
def _repo_meta(repo: str, number: Any = 0) -> str:
    web = _WEB_FOR_CACHE["web"]
    return requests.get(f"{web}/items/{repo}-{number}?ms={140 if repo == 'a' else 40}",
                        timeout=5).json()["value"]


def _setup_cache(env: Env) -> None:
    _WEB_FOR_CACHE["web"] = env.web
    _issue_title.cache_clear()
    _repo_meta.cache_clear()


def triage_cache_int_and_float_keys(web: str) -> list[str]:
    """Issue numbers from two sources: one gives ints, one floats (7 == 7.0 hits the cache)."""
    from_search = [1, 7]
    from_webhook = json.loads('{"numbers": [7.0, 1.0]}')["numbers"]
    return [_issue_title(n) for n in from_search] + [_issue_title(n) for n in from_webhook]


def triage_cache_bool_and_int_keys(web: str) -> list[str]:
    a = _issue_title(1)
    b = _issue_title(2)
    c = _issue_title(True)
    return [a, b, c]


def triage_cache_kw_vs_positional(web: str) -> list[str]:
    """functools.cache keys a keyword call apart from a positional one: two requests."""
    a = _repo_meta("a", 3)
    b = _repo_meta("b")
    c = _repo_meta("a", number=3)
    d = _repo_meta("b", 0)
    return [a, b, c, d]


def triage_cache_equal_strs_of_other_type(web: str) -> list[str]:
    class Tag(str):
        pass

    a = _issue_title("x")
    b = _issue_title(Tag("x"))
    return [a, b, type(b).__name__]


# =========================================================================== batch 7: async budgets


async def _check_all(c: httpx.AsyncClient, web: str) -> list[int]:
    out = []
    for code, ms in ((200, 140), (200, 60), (503, 60), (200, 60)):
        r = await c.get(f"{web}/status/{code}?ms={ms}")
        out.append(r.status_code)
    return out


async def async_health_wait_for_budget(web: str) -> str:
    """The whole sweep must finish in 250 ms; sequential, it takes 320 ms and times out."""
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            codes = await asyncio.wait_for(_check_all(c, web), timeout=0.25)
        except TimeoutError:
            return "sweep timed out"
        return ",".join(map(str, codes))


async def async_health_timeout_block(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            # (the third GET starts 150 ms before the deadline and would end 150 ms after)
            async with asyncio.timeout(0.35):
                for code, ms in ((200, 140), (200, 60), (503, 300), (200, 60)):
                    r = await c.get(f"{web}/status/{code}?ms={ms}")
                    out.append(str(r.status_code))
        except TimeoutError:
            out.append("budget spent")
    return out


async def async_health_helper_then_budget_flag(web: str) -> dict[str, Any]:
    """A helper's sweep, timed by the loop's clock; 'slow' when past 250 ms."""
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(timeout=5) as c:
        t0 = loop.time()
        codes = await _check_all(c, web)
        slow = loop.time() - t0 > 0.25
    return {"codes": codes, "slow": slow}


def health_sweep_deadline_in_helper(web: str) -> dict[str, Any]:
    """A sync sweep that stops when its 250 ms budget is spent (sequential: after 3)."""
    return {"checked": _sweep_until(web, 0.25)}


def _sweep_until(web: str, budget: float) -> list[int]:
    deadline = time.monotonic() + budget
    out = []
    for code, ms in ((200, 140), (200, 60), (503, 60), (200, 60)):
        if time.monotonic() > deadline:
            break
        out.append(requests.get(f"{web}/status/{code}?ms={ms}", timeout=5).status_code)
    return out


def health_sweep_timed_in_main(web: str) -> list[str]:
    out = []
    t0 = time.perf_counter()
    for code, ms in ((200, 140), (200, 60), (503, 60), (200, 60)):
        r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
        spent = time.perf_counter() - t0
        out.append(f"{r.status_code}{' late' if spent > 0.25 else ''}")
    return out


# =========================================================================== batch 8: syntax


def cli_match_subcommands(web: str) -> list[str]:
    """A chat-ops bot: each message is matched on its words (match/case with captures)."""
    out = []
    for text in ("status billing", "label 12 bug", "status auth", "deploy api 1.4", "help"):
        match text.split():
            case ["status", service]:
                ms = 140 if service == "billing" else 30
                out.append(requests.get(f"{web}/items/st-{service}?ms={ms}",
                                        timeout=5).json()["value"])
            case ["label", number, label] if number.isdigit():
                r = requests.put(f"{web}/items/label-{number}", data=label, timeout=5)
                out.append(f"labelled v{r.json()['version']}")
            case ["deploy", svc, version]:
                r = requests.post(f"{web}/items/deploy-{svc}", json={"v": version}, timeout=5)
                out.append(f"deploying {svc} v{r.json()['version']}")
            case _:
                print("usage: status|label|deploy")
                out.append("?")
    return out


def cli_match_on_response_shape(web: str) -> list[str]:
    out = []
    for key, ms in (("ok", 140), ("missing-x", 30), ("ok2", 60)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        match r.status_code, r.json():
            case 200, {"value": str(v)}:
                out.append(v)
            case 404, {"error": msg}:
                out.append(f"404 {msg}")
            case code, _:
                out.append(str(code))
    return out


def gh_walrus_pagination(web: str) -> list[str]:
    pages = []
    cursor = "page-1"
    while (nxt := requests.get(f"{web}/items/{cursor}?ms=40", timeout=5).json()["value"]):
        pages.append(f"{cursor}>{nxt}")
        cursor = nxt
    return pages


def triage_walrus_in_comprehension(web: str) -> list[str]:
    keys = [("t1", 140), ("t2", 30), ("t3", 80)]
    return [v for k, ms in keys
            if (v := requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
            .endswith(("1", "3"))]


def health_except_star_group(web: str) -> list[str]:
    """Failures collected into an ExceptionGroup, handled with except*."""
    out = []
    try:
        errors = []
        for code, ms in ((500, 140), (200, 30), (503, 60)):
            try:
                requests.get(f"{web}/status/{code}?ms={ms}", timeout=5).raise_for_status()
                out.append(f"{code} ok")
            except requests.HTTPError as e:
                errors.append(e)
        if errors:
            raise ExceptionGroup("checks failed", errors)
    except* requests.HTTPError as group:
        out.append(f"{len(group.exceptions)} failed")
    return out


def release_fstring_debug_and_specs(web: str) -> list[str]:
    width = 12
    out = []
    for key, ms in (("alpha", 140), ("beta", 30)):
        value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        out.append(f"{value=} {value:>{width}} {len(value):03d} {value!r:.6}")
        print(f"{key=}")
    return out


def sync_star_unpack_and_for_else(web: str) -> list[str]:
    first, *rest = [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                    for k, ms in (("head", 140), ("mid", 30), ("tail", 60))]
    out = [first]
    for v in rest:
        if v.endswith("missing"):
            break
        r = requests.put(f"{web}/items/copy-{v}", data=first, timeout=5)
        out.append(str(r.json()["version"]))
    else:
        out.append("all copied")
    return out


def oncall_annotated_locals_and_nonlocal(web: str) -> list[str]:
    count: int = 0
    lines: list[str] = []

    def note(text: str) -> None:
        nonlocal count
        count += 1
        lines.append(f"{count}. {text}")

    for k, ms in (("pager", 140), ("grafana", 30), ("sentry", 60)):
        v: str = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        note(v)
    return lines + [str(count)]


def triage_class_defined_inside(web: str) -> list[str]:
    @dataclasses.dataclass(order=True)
    class Ticket:
        prio: int
        key: str

    tickets = []
    for k, ms in (("t-a", 140), ("t-b", 30), ("t-c", 60)):
        v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        tickets.append(Ticket(len(v) % 3, k))
    tickets.sort()
    for t in tickets:
        requests.put(f"{web}/items/queue", data=t.key, timeout=5)
    return [repr(t) for t in tickets]


def sync_try_finally_put_each(web: str) -> list[str]:
    out = []
    for k, ms in (("f1", 140), ("f2", 30)):
        try:
            v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            out.append(v)
        finally:
            requests.put(f"{web}/items/done-{k}", data="1", timeout=5)
    return out


def webhook_lambda_dispatch_table(web: str) -> list[str]:
    send = {
        "get": lambda k, ms: requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"],
        "put": lambda k, ms: str(requests.put(f"{web}/items/{k}?ms={ms}", data="x",
                                              timeout=5).json()["version"]),
    }
    plan = [("get", "k1", 140), ("get", "k2", 30), ("put", "k1", 30), ("get", "k1", 30)]
    return [send[op](k, ms) for op, k, ms in plan]


# =========================================================================== batch 9: verbs by indirection


def gh_partial_request_verbs(web: str) -> list[str]:
    """Verbs bound by functools.partial on requests.request, as a client module does."""
    get = functools.partial(requests.request, "GET", timeout=5)
    put = functools.partial(requests.request, "PUT", timeout=5)
    a = get(f"{web}/items/pflag?ms=140").json()["value"]
    put(f"{web}/items/pflag?ms=30", data="on")
    b = get(f"{web}/items/pflag?ms=30").json()["value"]
    return [a, b]


def gh_getattr_verb_names(web: str) -> list[str]:
    out = []
    for verb, key, ms in (("get", "gflag", 140), ("put", "gflag", 30), ("get", "gflag", 30)):
        fn = getattr(requests, verb)
        r = fn(f"{web}/items/{key}?ms={ms}", data="on" if verb == "put" else None, timeout=5)
        out.append(str(r.json()))
    return out


def gh_session_request_partial(web: str) -> list[str]:
    s = requests.Session()
    call = functools.partial(s.request, timeout=5)
    a = call("GET", f"{web}/items/sflag?ms=140").json()["value"]
    call("PUT", f"{web}/items/sflag?ms=30", data="on")
    b = call("GET", f"{web}/items/sflag?ms=30").json()["value"]
    s.close()
    return [a, b]


def gh_httpx_request_method_kw(web: str) -> list[str]:
    with httpx.Client(base_url=web, timeout=5) as c:
        a = c.request(method="GET", url="/items/hflag", params={"ms": 140}).json()["value"]
        c.request(method="PUT", url="/items/hflag", content=b"on", params={"ms": 30})
        b = c.request(url="/items/hflag", method="GET", params={"ms": 30}).json()["value"]
    return [a, b]


def gh_verb_from_config_dict(web: str) -> list[str]:
    """An API table read from JSON names each endpoint's verb."""
    table = json.loads('{"read": "GET", "write": "PATCH", "check": "GET"}')
    out = []
    for op, ms in (("read", 140), ("write", 30), ("check", 30)):
        r = requests.request(table[op], f"{web}/items/cflag2?ms={ms}", data="on", timeout=5)
        out.append(f"{op}:{r.status_code}")
    return out


def gh_methodcaller_dispatch(web: str) -> list[str]:
    import operator

    s = requests.Session()
    calls = [operator.methodcaller("get", f"{web}/items/mflag?ms=140", timeout=5),
             operator.methodcaller("put", f"{web}/items/mflag?ms=30", data="on", timeout=5),
             operator.methodcaller("get", f"{web}/items/mflag?ms=30", timeout=5)]
    out = [str(c(s).json()) for c in calls]
    s.close()
    return out


# =========================================================================== batch 10: lifetimes


def health_httpx_client_used_after_with(web: str) -> list[str]:
    """A bug ops scripts have: the last check uses the client after its block closed it."""
    out = []
    with httpx.Client(base_url=web, timeout=5) as c:
        out.append(c.get("/items/first", params={"ms": 140}).json()["value"])
    try:
        out.append(c.get("/items/late", params={"ms": 30}).json()["value"])
    except RuntimeError as e:
        out.append(f"error: {e}")
    return out


def health_httpx_client_closed_explicitly(web: str) -> list[str]:
    out = []
    c = httpx.Client(base_url=web, timeout=5)
    out.append(c.get("/items/first", params={"ms": 140}).json()["value"])
    c.close()
    try:
        out.append(c.get("/items/late", params={"ms": 30}).json()["value"])
    except RuntimeError as e:
        out.append(f"error: {e}")
    return out


def health_urlopen_response_read_after_with(web: str) -> list[str]:
    out = []
    with urllib.request.urlopen(f"{web}/items/first?ms=140", timeout=5) as r:
        out.append(json.loads(r.read())["value"])
    try:
        out.append(repr(r.read()))
    except ValueError as e:
        out.append(f"error: {e}")
    with urllib.request.urlopen(f"{web}/items/second?ms=30", timeout=5) as r2:
        out.append(json.loads(r2.read())["value"])
    return out


def health_file_read_after_with(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "targets.txt"
    path.write_text("alpha\nbeta\n")
    out = []
    with open(path) as f:
        first = f.readline().strip()
    out.append(requests.get(f"{web}/items/{first}?ms=140", timeout=5).json()["value"])
    try:
        second = f.readline().strip()
    except ValueError as e:
        second = "closed"
        out.append(str(e))
    out.append(requests.get(f"{web}/items/{second}?ms=30", timeout=5).json()["value"])
    return out


class _Receipt:
    """Rendering the receipt records that it was shown (a PUT), as audit trails do."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __str__(self) -> str:
        r = requests.put(f"{self.web}/items/shown-{self.key}", data="yes", timeout=5)
        return f"receipt {self.key} v{r.json()['version']}"


def notifier_lazy_log_arg_writes(web: str) -> list[str]:
    first = requests.get(f"{web}/items/msg?ms=140", timeout=5).json()["value"]
    LOG.info("delivered %s", _Receipt(web, "a"))
    after = requests.get(f"{web}/items/shown-a?ms=30", timeout=5).json()["value"]
    return [first, after]


def notifier_percent_format_arg_writes(web: str) -> list[str]:
    first = requests.get(f"{web}/items/msg?ms=140", timeout=5).json()["value"]
    line = "delivered %s" % _Receipt(web, "b")  # noqa: UP031
    after = requests.get(f"{web}/items/shown-b?ms=30", timeout=5).json()["value"]
    return [first, line, after]


def notifier_join_of_receipts(web: str) -> list[str]:
    first = requests.get(f"{web}/items/msg?ms=140", timeout=5).json()["value"]
    line = ", ".join(map(str, [_Receipt(web, "c")]))
    after = requests.get(f"{web}/items/shown-c?ms=30", timeout=5).json()["value"]
    return [first, line, after]


def slack_channels_get_or_create_defaultdict(web: str) -> list[str]:
    """Channels made on first use through a defaultdict factory (a POST), then listed."""
    made: list[str] = []

    def create() -> str:
        r = requests.post(f"{web}/items/channel-{len(made)}", data="new", timeout=5)
        made.append(str(r.json()["version"]))
        return made[-1]

    channels: collections.defaultdict[str, str] = collections.defaultdict(create)
    first = requests.get(f"{web}/items/motd?ms=140", timeout=5).json()["value"]
    ops = channels["ops"]
    listing = requests.get(f"{web}/items?ms=30", timeout=5).json()
    return [first, ops, json.dumps(listing)]


class _BufferedNotifier:
    """Collects messages and flushes them in one POST when dropped."""

    def __init__(self, web: str, name: str) -> None:
        self.web, self.name, self.lines = web, name, []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def __del__(self) -> None:
        requests.post(f"{self.web}/items/flush-{self.name}", data="\n".join(self.lines),
                      timeout=5)


def notifier_flush_on_drop_then_read(web: str) -> list[str]:
    n = _BufferedNotifier(web, "daily")
    n.add(requests.get(f"{web}/items/line-1?ms=140", timeout=5).json()["value"])
    del n
    return [requests.get(f"{web}/items/flush-daily?ms=30", timeout=5).json()["value"]]


# =========================================================================== batch 11: finalisers


def _flush_lines(web: str, name: str, lines: list[str]) -> None:
    requests.post(f"{web}/items/flush-{name}", data="\n".join(lines), timeout=5)


class _Digest:
    """Flushes through weakref.finalize (the pattern the weakref docs recommend)."""

    def __init__(self, web: str, name: str) -> None:
        self.lines: list[str] = []
        self._finalizer = weakref.finalize(self, _flush_lines, web, name, self.lines)

    def add(self, line: str) -> None:
        self.lines.append(line)


def notifier_weakref_finalize_then_read(web: str) -> list[str]:
    d = _Digest(web, "weekly")
    d.add(requests.get(f"{web}/items/line-1?ms=140", timeout=5).json()["value"])
    del d
    return [requests.get(f"{web}/items/flush-weekly?ms=30", timeout=5).json()["value"]]


def notifier_weakref_finalize_rebound(web: str) -> list[str]:
    d = _Digest(web, "a")
    d.add(requests.get(f"{web}/items/line-a?ms=140", timeout=5).json()["value"])
    d = _Digest(web, "b")
    d.add("b")
    return [requests.get(f"{web}/items/flush-a?ms=30", timeout=5).json()["value"]]


def notifier_buffered_rebound_in_loop(web: str) -> list[str]:
    out = []
    n = None
    for name, ms in (("x", 140), ("y", 30)):
        n = _BufferedNotifier(web, name)
        n.add(requests.get(f"{web}/items/src-{name}?ms={ms}", timeout=5).json()["value"])
        out.append(requests.get(f"{web}/items/flush-x?ms=30", timeout=5).json()["value"])
    del n
    return out


def notifier_finalize_detach_called(web: str) -> list[str]:
    d = _Digest(web, "manual")
    d.add(requests.get(f"{web}/items/line-m?ms=140", timeout=5).json()["value"])
    d._finalizer()
    return [requests.get(f"{web}/items/flush-manual?ms=30", timeout=5).json()["value"]]


# =========================================================================== batch 12: iterators shared after a break


def sync_sqlite_queue_break_then_rest(web: str, db: str) -> dict[str, Any]:
    """Work the queue until a stop marker, then report what is left on the same cursor."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE queue (id INTEGER PRIMARY KEY, key TEXT)")
    conn.executemany("INSERT INTO queue (key) VALUES (?)",
                     [("q-a",), ("q-stop",), ("q-c",), ("q-d",)])
    conn.commit()
    cur = conn.execute("SELECT key FROM queue ORDER BY id")
    done = []
    for (key,) in cur:
        v = requests.get(f"{web}/items/{key}?ms={140 if key == 'q-a' else 30}",
                         timeout=5).json()["value"]
        done.append(v)
        if key == "q-stop":
            break
    rest = [k for (k,) in cur.fetchall()]
    conn.close()
    return {"done": done, "rest": rest}


def sync_list_iterator_break_then_rest(web: str) -> dict[str, Any]:
    it = iter(["k-a", "k-stop", "k-c", "k-d"])
    done = []
    for key in it:
        done.append(requests.get(f"{web}/items/{key}?ms={140 if key == 'k-a' else 30}",
                                 timeout=5).json()["value"])
        if key == "k-stop":
            break
    return {"done": done, "rest": list(it)}


def sync_enumerate_iterator_break_then_rest(web: str) -> dict[str, Any]:
    keys = iter(["e-a", "e-b", "e-c", "e-d"])
    done = []
    for i, key in enumerate(keys, 1):
        done.append(requests.get(f"{web}/items/{key}?ms={140 - 50 * i}", timeout=5)
                    .json()["value"])
        if i == 2:
            break
    return {"done": done, "rest": list(keys)}


def oncall_csv_reader_break_then_rest(web: str, tmp: str) -> dict[str, Any]:
    path = Path(tmp) / "rota.csv"
    path.write_text("alice,140\nbob,30\ncarol,30\ndave,30\n")
    done = []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        for name, ms in reader:
            done.append(requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"])
            if name == "bob":
                break
        rest = [row[0] for row in reader]
    return {"done": done, "rest": rest}


def oncall_file_lines_break_then_read(web: str, tmp: str) -> dict[str, Any]:
    path = Path(tmp) / "hosts.txt"
    path.write_text("h1\nh2\nh3\nh4\n")
    done = []
    with open(path) as f:
        for line in f:
            key = line.strip()
            done.append(requests.get(f"{web}/items/{key}?ms={140 if key == 'h1' else 30}",
                                     timeout=5).json()["value"])
            if key == "h2":
                break
        rest = f.read().split()
    return {"done": done, "rest": rest}


def gh_text_lines_generator_break_then_rest(web: str) -> dict[str, Any]:
    lines = (ln for ln in requests.get(f"{web}/text/log?ms=40", timeout=5).text.splitlines())
    done = []
    for line in lines:
        key = line.replace(" ", "-")
        done.append(requests.get(f"{web}/items/{key}?ms={140 - 50 * len(done)}",
                                 timeout=5).json()["value"])
        if len(done) == 2:
            break
    return {"done": done, "rest": list(lines)}


def gh_zip_same_iterator_pairs(web: str) -> list[str]:
    """Pairs by zip(it, it): (key, ms) taken two at a time from one iterator."""
    flat = iter(["p-a", "140", "p-b", "30", "p-c", "60"])
    return [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
            for k, ms in zip(flat, flat, strict=False)]


# =========================================================================== batch 13: iterators advanced in the body


def sync_iterator_next_in_body(web: str) -> list[str]:
    """A flat key, latency, key, latency... list walked by a for that takes next() itself."""
    it = iter(["n-a", "140", "n-b", "30", "n-c", "60"])
    out = []
    for key in it:
        ms = next(it)
        out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return out


def oncall_file_section_headers_next_line(web: str, tmp: str) -> list[str]:
    """An INI-like file: a [service] header line, then the line after it is its check key."""
    path = Path(tmp) / "checks.txt"
    path.write_text("[pager]\npg-1\n[grafana]\ngf-1\nloose\n[sentry]\nst-1\n")
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("["):
                out.append(f"skip {line}")
                continue
            key = next(f).strip()
            ms = 140 if key == "pg-1" else 30
            out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return out


def sync_sqlite_cursor_fetchone_in_body(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT)")
    conn.executemany("INSERT INTO kv (k) VALUES (?)", [(c,) for c in "abcdef"])
    conn.commit()
    cur = conn.execute("SELECT k FROM kv ORDER BY id")
    out = []
    for (k,) in cur:
        partner = cur.fetchone()
        ms = 140 if k == "a" else 30
        v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        out.append(f"{v}+{partner[0] if partner else None}")
    conn.close()
    return out


def oncall_csv_reader_next_in_body(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "pairs.csv"
    path.write_text("svc,alpha\nms,140\nsvc,beta\nms,30\n")
    out = []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        for _, name in reader:
            _, ms = next(reader)
            out.append(requests.get(f"{web}/items/{name}?ms={ms}", timeout=5).json()["value"])
    return out


def gh_enumerate_iterator_next_in_body(web: str) -> list[str]:
    it = iter(["x-a", "x-skip", "x-b", "x-skip2", "x-c"])
    out = []
    for i, key in enumerate(it):
        if i == 0:
            next(it)
        ms = 140 if i == 0 else 30
        out.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    return out


# =========================================================================== batch 14: async bots


async def async_comprehension_then_puts(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        values = [(await c.get(f"/items/ac-{k}", params={"ms": ms})).json()["value"]
                  for k, ms in (("a", 140), ("b", 30), ("c", 70))]
        versions = []
        for v in values:
            versions.append((await c.put("/items/ac-out", content=v)).json()["version"])
    return [values, versions]


async def _apages(c: httpx.AsyncClient, start: str):  # noqa: ANN202 - an async generator
    cursor = start
    while cursor:
        data = (await c.get(f"/items/{cursor}", params={"ms": 40})).json()
        yield cursor, data["value"]
        cursor = data["value"]


async def async_generator_pages_put_in_body(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        async for page, nxt in _apages(c, "page-1"):
            out.append(f"{page}->{nxt}")
            if page == "page-1":
                await c.put("/items/page-2", content=b"")
    return out


async def async_prints_between_awaits(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        for k, ms in (("p-a", 140), ("p-b", 30), ("p-c", 70)):
            v = (await c.get(f"/items/{k}", params={"ms": ms})).json()["value"]
            print("fetched", k, v)
            out.append(v)
        r = await c.post("/items/digest", json=out)
        print("posted", r.json()["version"])
    return out


_ARATE = {"remaining": 2, "slept": 0}


async def _arate_get(c: httpx.AsyncClient, key: str, ms: int) -> str:
    if _ARATE["remaining"] <= 0:
        await asyncio.sleep(0.03)
        _ARATE["slept"] += 1
        _ARATE["remaining"] = 2
    _ARATE["remaining"] -= 1
    return (await c.get(f"/items/{key}", params={"ms": ms})).json()["value"]


def _reset_arate(env: Env) -> None:
    _ARATE.update(remaining=2, slept=0)


async def async_global_rate_limit_helper(web: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        vals = [await _arate_get(c, k, ms) for k, ms in (("r-a", 140), ("r-b", 30),
                                                         ("r-c", 70), ("r-d", 30))]
    return {"vals": vals, "slept": _ARATE["slept"]}


async def async_fallback_on_status(web: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession() as s:
        for code, ms in ((503, 140), (200, 30), (500, 60)):
            async with s.get(f"{web}/status/{code}?ms={ms}") as r:
                if r.status >= 500:
                    async with s.put(f"{web}/items/fallback-{code}", data="used") as w:
                        out.append(f"{code} fallback v{(await w.json())['version']}")
                else:
                    out.append(f"{code} ok")
    return out


async def async_tasks_awaited_in_reverse(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        tasks = [asyncio.create_task(c.get(f"/items/t-{k}", params={"ms": ms}))
                 for k, ms in (("a", 140), ("b", 30))]
        out = []
        for t in reversed(tasks):
            r = await t
            out.append(r.json()["value"])
            print("done", out[-1])
        await c.put("/items/t-done", content=",".join(out))
    return out


# =========================================================================== batch 15: raw file objects


def oncall_fileio_report_then_read(web: str, tmp: str) -> str:
    """A digest written through io.FileIO (raw, unbuffered), then read back."""
    path = Path(tmp) / "digest.txt"
    v = requests.get(f"{web}/items/pager?ms=140", timeout=5).json()["value"]
    f = io.FileIO(str(path), "w")
    f.write(f"pager: {v}\n".encode())
    f.close()
    return path.read_text()


def oncall_fileio_with_then_size(web: str, tmp: str) -> list[Any]:
    path = Path(tmp) / "sizes.bin"
    v = requests.get(f"{web}/items/grafana?ms=140", timeout=5).json()["value"]
    with io.FileIO(path, "wb") as f:
        f.write(v.encode() * 3)
    return [os.path.getsize(path), path.exists()]


def oncall_fdopen_report_then_listdir(web: str, tmp: str) -> list[str]:
    v = requests.get(f"{web}/items/sentry?ms=140", timeout=5).json()["value"]
    fd = os.open(os.path.join(tmp, "sentry.txt"), os.O_WRONLY | os.O_CREAT, 0o644)
    with os.fdopen(fd, "w") as f:
        f.write(v + "\n")
    return sorted(os.listdir(tmp))


def oncall_fileio_truncates_old_digest(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "old.txt"
    path.write_text("yesterday's digest, long long long\n")
    v = requests.get(f"{web}/items/statuspage?ms=140", timeout=5).json()["value"]
    raw = io.FileIO(str(path), "w")
    raw.close()
    empty = path.read_text()
    path.write_text(v)
    return [repr(empty), path.read_text()]


def oncall_os_write_then_read(web: str, tmp: str) -> str:
    path = os.path.join(tmp, "fd.txt")
    v = requests.get(f"{web}/items/fd?ms=140", timeout=5).json()["value"]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, v.encode())
    os.close(fd)
    return Path(path).read_text()


# =========================================================================== batch 16: bad items mid-loop


def triage_issue_missing_number_raises(web: str) -> list[str]:
    """Issues from a webhook payload; the third has no number: KeyError after two prints."""
    issues = json.loads('[{"number": 1, "ms": 140}, {"number": 2, "ms": 30}, {"ms": 30},'
                        ' {"number": 4, "ms": 30}]')
    out = []
    for issue in issues:
        v = requests.get(f"{web}/items/issue-{issue['number']}?ms={issue['ms']}",
                         timeout=5).json()["value"]
        print("triaged", v)
        out.append(v)
    return out


def health_bad_latency_value_raises(web: str) -> list[str]:
    rows = [("a", "140"), ("b", "30"), ("c", "fast"), ("d", "30")]
    out = []
    for name, ms in rows:
        v = requests.get(f"{web}/items/h-{name}?ms={int(ms)}", timeout=5).json()["value"]
        LOG.info("checked %s", name)
        out.append(v)
    return out


def release_zero_division_in_arg(web: str) -> list[str]:
    names = ["alpha", "be", "", "delta"]
    out = []
    for n in names:
        v = requests.get(f"{web}/items/rel-{n}?ms={280 // len(n)}", timeout=5).json()["value"]
        print(n, v)
        out.append(v)
    return out


def triage_caught_bad_item_continues(web: str) -> list[str]:
    issues = json.loads('[{"number": 1, "ms": 140}, {"ms": 30}, {"number": 3, "ms": 30}]')
    out = []
    for issue in issues:
        try:
            v = requests.get(f"{web}/items/issue-{issue['number']}?ms={issue['ms']}",
                             timeout=5).json()["value"]
        except KeyError as e:
            print("skipping issue without", e)
            requests.put(f"{web}/items/bad-issues", data=json.dumps(issue), timeout=5)
            continue
        print("triaged", v)
        out.append(v)
    return out


# =========================================================================== batch 17: request ids, loaded servers


def gh_request_ids_from_counter(web: str) -> list[str]:
    """Each request carries the next id of one counter; a trace print takes one between."""
    ids = itertools.count(1)
    a = requests.get(f"{web}/items/req-{next(ids)}?ms=140", timeout=5).json()["value"]
    print("trace", next(ids))
    b = requests.get(f"{web}/items/req-{next(ids)}?ms=30", timeout=5).json()["value"]
    return [a, b]


_TRACE = itertools.count(100)


def _traced_get(web: str, key: str, ms: int) -> str:
    rid = next(_TRACE)
    return requests.get(f"{web}/items/{key}-{rid}?ms={ms}", timeout=5).json()["value"]


def _reset_trace(env: Env) -> None:
    global _TRACE
    _TRACE = itertools.count(100)


def gh_helper_takes_trace_ids(web: str) -> list[str]:
    out = [_traced_get(web, k, ms) for k, ms in (("t-a", 140), ("t-b", 30), ("t-c", 60))]
    out.append(f"next id {next(_TRACE)}")
    return out


def health_sweep_timeouts_on_loaded_server(web: str) -> dict[str, str]:
    """A sweep with a 120 ms timeout per URL against a server that slows with load."""
    status = {}
    for name, ms in (("api", 70), ("web", 60), ("db", 60), ("cdn", 50), ("auth", 50)):
        try:
            requests.get(f"{web}/items/hc-{name}?ms={ms}", timeout=0.12)
            status[name] = "up"
        except requests.Timeout:
            status[name] = "timeout"
    return status


# =========================================================================== batch 18: model calls beside provider writes


def triage_policy_put_on_provider_then_ask(client: Any, api: str) -> list[str]:
    """The provider's own server holds the labelling policy; a PUT changes it mid-run."""
    first = ask(client, "Label issue 1", 0.14)
    requests.put(f"{api}/items/policy", data="strict", timeout=5)
    second = ask(client, "Label issue 2 with the policy", 0.03)
    return [first[:30], second[:30]]


def triage_policy_http_client_then_ask(client: Any, api: str) -> list[str]:
    host, port = _host_port(api)
    first = ask(client, "Label issue 1", 0.14)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("PUT", "/items/policy", body="strict")
    conn.getresponse().read()
    conn.close()
    second = ask(client, "Label issue 2 with the policy", 0.03)
    return [first[:30], second[:30]]


def triage_upload_guidelines_then_ask(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "guidelines.txt"
    path.write_text("bugs are p1\n")
    first = ask(client, "Label issue 1", 0.14)
    with open(path, "rb") as f:
        fobj = client.files.create(file=f, purpose="assistants")
    second = ask(client, f"Label issue 2 using {fobj.filename}", 0.03)
    listed = [x.filename for x in client.files.list()]
    return [first[:30], second[:30], *listed]


# =========================================================================== batch 19: context


REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("rt78_request_id",
                                                                 default="none")


def _traced_fetch(web: str, key: str, ms: int) -> str:
    rid = REQUEST_ID.get()
    return requests.get(f"{web}/items/{key}-{rid}?ms={ms}", timeout=5).json()["value"]


def gh_contextvar_request_id_in_helpers(web: str) -> list[str]:
    """A bot sets its run's request id once; helpers put it in every URL."""
    token = REQUEST_ID.set("run-7")
    try:
        return [_traced_fetch(web, k, ms) for k, ms in (("c-a", 140), ("c-b", 30), ("c-c", 60))]
    finally:
        REQUEST_ID.reset(token)


def gh_contextvar_switched_between(web: str) -> list[str]:
    token = REQUEST_ID.set("first")
    try:
        a = _traced_fetch(web, "s-a", 140)
        REQUEST_ID.set("second")
        b = _traced_fetch(web, "s-b", 30)
    finally:
        REQUEST_ID.reset(token)
    return [a, b]


def _traced_fetch_via_context_run(web: str, key: str, ms: int) -> str:
    ctx = contextvars.copy_context()
    return ctx.run(_traced_fetch, web, key, ms)


def gh_contextvar_copy_context_run(web: str) -> list[str]:
    token = REQUEST_ID.set("copied")
    try:
        return [_traced_fetch_via_context_run(web, k, ms)
                for k, ms in (("x-a", 140), ("x-b", 30))]
    finally:
        REQUEST_ID.reset(token)


def _log_context_get(web: str, key: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    LOG.info("[%s] fetched %s", REQUEST_ID.get(), key)
    return v


def notifier_contextvar_in_helper_log(web: str) -> list[str]:
    token = REQUEST_ID.set("notify-3")
    try:
        return [_log_context_get(web, k, ms) for k, ms in (("l-a", 140), ("l-b", 30))]
    finally:
        REQUEST_ID.reset(token)


# =========================================================================== batch 20: pauses before writes


def webhook_pause_before_each_post(web: str) -> list[int]:
    """The receiving API allows one write per 60 ms: pause after reading, before posting."""
    versions = []
    for name, ms in (("ops", 140), ("dev", 30), ("qa", 40)):
        text = requests.get(f"{web}/items/tpl-{name}?ms={ms}", timeout=5).json()["value"]
        time.sleep(0.06)
        r = requests.post(f"{web}/items/wh-{name}", data=text, timeout=5)
        versions.append(r.json()["version"])
    return versions


def gh_sleep_from_header_before_put(web: str) -> list[str]:
    out = []
    for repo, ms in (("ember", 140), ("tools", 30)):
        r = requests.get(f"{web}/items/rl-{repo}?ms={ms}", timeout=5)
        wait = int(r.headers["Content-Length"]) / 1000
        time.sleep(wait)
        w = requests.put(f"{web}/items/synced-{repo}", data=r.json()["value"], timeout=5)
        out.append(f"{repo} waited {wait:.3f} v{w.json()['version']}")
    return out


def health_pause_between_independent_checks(web: str) -> list[int]:
    codes = []
    for code, ms in ((200, 140), (503, 30), (200, 40)):
        codes.append(requests.get(f"{web}/status/{code}?ms={ms}", timeout=5).status_code)
        time.sleep(0.05)
    return codes


# =========================================================================== batch 21: objects over calls


class OrgClient:
    """Config fetched once per client (cached_property), dropped by `del` to reload."""

    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cached_property
    def config(self) -> str:
        return requests.get(f"{self.web}/items/org-config?ms=40", timeout=5).json()["value"]

    def members(self, team: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{self.config}-{team}?ms={ms}",
                            timeout=5).json()["value"]


def gh_cached_property_reloaded(web: str) -> list[str]:
    org = OrgClient(web)
    a = org.members("core", 140)
    requests.put(f"{web}/items/org-config", data="cfg2", timeout=5)
    del org.config
    b = org.members("infra", 30)
    return [a, b, org.config]


def _seen_keys(web: str, key: str, seen: list[str] = []) -> int:  # noqa: B006 - on purpose
    seen.append(key)
    requests.get(f"{web}/items/{key}?ms={140 if len(seen) == 1 else 30}", timeout=5)
    return len(seen)


def triage_mutable_default_counts(web: str) -> list[int]:
    return [_seen_keys(web, k) for k in ("a", "b", "c")]


def _reset_seen_default(env: Env) -> None:
    _seen_keys.__defaults__[0].clear()  # type: ignore[index]


_ETAGS: dict[str, str] = {}


def _reset_etags(env: Env) -> None:
    _ETAGS.clear()


def gh_global_etag_cache_over_calls(web: str) -> list[str]:
    """Called three times: the first fills the cache, later ones only PUT what changed."""
    out = []
    for repo, ms in (("ember", 140), ("tools", 30)):
        if repo not in _ETAGS:
            _ETAGS[repo] = requests.get(f"{web}/items/etag-{repo}?ms={ms}", timeout=5).json()[
                "value"]
            out.append(f"fetched {repo}")
        else:
            r = requests.put(f"{web}/items/etag-{repo}", data=_ETAGS[repo] + "+", timeout=5)
            _ETAGS[repo] += "+"
            out.append(f"bumped {repo} v{r.json()['version']}")
    return out


# =========================================================================== batch 22: locals()


_NOTES_TEMPLATE = "Release {version}: {features} / {fixes} ({count} changes)"


def release_notes_format_locals(web: str) -> str:
    """The classic template.format(**locals()) of a release script."""
    version = "1.4.0"
    features = requests.get(f"{web}/items/features?ms=140", timeout=5).json()["value"]
    fixes = requests.get(f"{web}/items/fixes?ms=30", timeout=5).json()["value"]
    count = len(features) + len(fixes)
    return _NOTES_TEMPLATE.format(**locals())


def release_notes_debug_locals(web: str) -> list[str]:
    version = "1.5.0"
    features = requests.get(f"{web}/items/features?ms=140", timeout=5).json()["value"]
    fixes = requests.get(f"{web}/items/fixes?ms=30", timeout=5).json()["value"]
    LOG.debug("context: %s", sorted(locals()))
    return sorted(k for k in locals() if not k.startswith("_")) + [version, features, fixes]


def cli_vars_namespace_dump(web: str) -> dict[str, Any]:
    ns = _cli_parser().parse_args(["--keys", "a,b", "--slow", "140"])
    values = [requests.get(f"{web}/items/{k}?ms={ns.slow if k == 'a' else 30}",
                           timeout=5).json()["value"] for k in ns.keys.split(",")]
    return {**vars(ns), "values": values, "locals": sorted(locals())}


# =========================================================================== batch 23: CLI output libraries


def cli_click_echo_between_reads(web: str) -> list[str]:
    import click

    out = []
    for k, ms in (("ce-a", 140), ("ce-b", 30), ("ce-c", 60)):
        v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        click.echo(f"{k}: {v}")
        print("--")
        out.append(v)
    click.secho("done", bold=False)
    return out


def cli_click_command_invoked(web: str) -> list[str]:
    import click

    seen: list[str] = []

    @click.command()
    @click.option("--key", multiple=True)
    @click.option("--label", default="triaged")
    def label(key: tuple[str, ...], label: str) -> None:
        for k in key:
            r = requests.put(f"{web}/items/lbl-{k}", data=label, timeout=5)
            click.echo(f"{k} -> {label} v{r.json()['version']}")
            seen.append(k)

    before = requests.get(f"{web}/items/lbl-a?ms=140", timeout=5).json()["value"]
    label.main(["--key", "a", "--key", "b"], standalone_mode=False)
    after = requests.get(f"{web}/items/lbl-a?ms=30", timeout=5).json()["value"]
    return [before, *seen, after]


def oncall_rich_table_report(web: str, tmp: str) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="on-call")
    table.add_column("service")
    table.add_column("value")
    for name, ms in _SERVICES:
        table.add_row(name, requests.get(f"{web}/items/{name}?ms={ms}", timeout=5)
                      .json()["value"])
    buf = io.StringIO()
    Console(file=buf, width=60, color_system=None).print(table)
    Path(tmp, "report.txt").write_text(buf.getvalue())
    return buf.getvalue()


def oncall_yaml_config_driven(web: str, tmp: str) -> dict[str, Any]:
    import yaml

    cfg_path = Path(tmp) / "oncall.yaml"
    cfg_path.write_text(yaml.safe_dump({"services": [{"name": "pager", "ms": 140},
                                                     {"name": "grafana", "ms": 30}],
                                        "report": "out.yaml"}))
    cfg = yaml.safe_load(cfg_path.read_text())
    results = {s["name"]: requests.get(f"{web}/items/{s['name']}?ms={s['ms']}",
                                       timeout=5).json()["value"] for s in cfg["services"]}
    Path(tmp, cfg["report"]).write_text(yaml.safe_dump(results))
    return yaml.safe_load(Path(tmp, cfg["report"]).read_text())


# =========================================================================== batch 24: dispatch


class _BaseSink:
    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name

    def send(self, text: str) -> str:
        raise NotImplementedError


class _PreviewSink(_BaseSink):
    """Reads the channel's current topic (a GET) and returns what would be posted."""

    def send(self, text: str) -> str:
        topic = requests.get(f"{self.web}/items/topic-{self.name}?ms=140", timeout=5)
        return f"preview {topic.json()['value']}: {text}"


class _PostSink(_BaseSink):
    def send(self, text: str) -> str:
        r = requests.put(f"{self.web}/items/topic-{self.name}", data=text, timeout=5)
        return f"posted v{r.json()['version']}"


def webhook_heterogeneous_sinks(web: str) -> list[str]:
    """Sinks of different classes in one list: a preview (read) then a post (write)."""
    sinks: list[_BaseSink] = [_PreviewSink(web, "ops"), _PostSink(web, "ops"),
                              _PreviewSink(web, "ops")]
    return [sink.send("deploy done") for sink in sinks]


def webhook_sinks_loop_with_prints(web: str) -> list[str]:
    sinks = [_PreviewSink(web, "dev"), _PreviewSink(web, "qa"), _PostSink(web, "dev"),
             _PreviewSink(web, "dev")]
    out = []
    for sink in sinks:
        out.append(sink.send("release 1.4"))
        print(type(sink).__name__, sink.name)
    return out


@functools.singledispatch
def _render(payload: Any, web: str) -> str:
    return f"raw {payload!r}"


@_render.register
def _(payload: dict, web: str) -> str:
    r = requests.put(f"{web}/items/rendered", data=json.dumps(payload), timeout=5)
    return f"stored v{r.json()['version']}"


@_render.register
def _(payload: str, web: str) -> str:
    return requests.get(f"{web}/items/{payload}?ms=30", timeout=5).json()["value"]


def slack_singledispatch_render(web: str) -> list[str]:
    first = requests.get(f"{web}/items/motd?ms=140", timeout=5).json()["value"]
    return [first, _render({"text": first}, web), _render("rendered", web), _render(3, web)]


# =========================================================================== batch 25: rows sharing state


def sync_rows_share_cursor_dict(web: str) -> list[str]:
    """Rows of a sync plan share one cursor dict: each GET names the key synced before it."""
    cursor = {"last": "start"}
    rows = [{"key": k, "ms": ms, "cursor": cursor} for k, ms in (("a", 140), ("b", 30),
                                                                    ("c", 60))]
    for row in rows:
        row["value"] = requests.get(
            f"{web}/items/{row['key']}-after-{row['cursor']['last']}?ms={row['ms']}",
            timeout=5).json()["value"]
        row["cursor"]["last"] = row["key"]
    return [row["value"] for row in rows]


def sync_rows_share_list_of_seen(web: str) -> list[str]:
    seen: list[str] = []
    rows = [{"key": k, "ms": ms, "seen": seen} for k, ms in (("a", 140), ("b", 30), ("c", 60))]
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key']}-n{len(row['seen'])}"
                                    f"?ms={row['ms']}", timeout=5).json()["value"]
        row["seen"].append(row["key"])
    return [row["value"] for row in rows]


def sync_json_rows_then_shared_ms(web: str) -> list[str]:
    rows = json.loads('[{"key": "a"}, {"key": "b"}, {"key": "c"}]')
    timing = {"ms": 140}
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key']}?ms={timing['ms']}",
                                    timeout=5).json()["value"]
        timing["ms"] = 30
    return [r["value"] for r in rows]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_tcp(env: Env) -> tuple:
    return (env.web, env.tcp)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def an_web(env: Env) -> tuple:
    return (anthropic_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", args: Any = web_args,
         servers: str = "web", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers=servers, ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _aweb(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    def drive(f: Any, env: Env) -> Any:
        return asyncio.run(f(env.web))
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


def oa_api(env: Env) -> tuple:
    return (openai_client(env), env.api)


def _drive_async_oa_web(f: Any, env: Env) -> Any:
    import openai

    from tests.xcs.libcorpus._case import DUMMY_KEY

    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


CASES: list[Case] = [
    # -- webhooks
    _web(webhook_fanout_posts_in_order),
    _web(webhook_signed_then_verify),
    _web(webhook_skip_unhealthy_endpoints, over(0.15, 0.03, 0.07), cat="fanout"),
    _web(webhook_retry_then_fallback, cat="sleep", spacing=0.04),
    _web(webhook_httpx_config_then_posts, over(0.15, 0.03, 0.09), cat="clients"),
    _web(webhook_payload_mutated_between_posts, cat="state"),
    # -- GitHub-style
    _web(gh_cursor_pagination, setup=_seed_pages),
    _web(gh_pagination_then_details, (0.09 + 0.24 + L) / (0.09 + 0.12 + L), setup=_seed_pages),
    _web(gh_rate_limit_header_sleep, cat="sleep"),
    _web(gh_rate_limit_budget_puts, cat="state"),
    _web(gh_session_params_cursor, cat="clients"),
    _web(gh_client_class_label_then_read, cat="clients"),
    _web(gh_etag_cache_dict, cat="state"),
    _web(gh_issue_numbers_comprehension_then_put, over(0.15, 0.03, 0.09, 0.05), cat="fanout"),
    _web(gh_retry_decorator_fetches, over(0.14, 0.03, 0.07), cat="helpers",
         speculative_reads=True),
    # -- triage bots
    _both(triage_model_then_put_label),
    _both(triage_skip_already_labelled, setup=_seed_one_label),
    _both(triage_anthropic_comment_post, args=an_web),
    _both(triage_token_budget_stops, cat="state"),
    _both(triage_dataclass_issues),
    _both(triage_priority_sorted_puts, over(0.12, 0.03, 0.07)),
    # -- release notes
    _web(release_notes_grouped, args=web_tmp, cat="files"),
    Case("files", release_notes_model_sections, args=oa_tmp, servers="api",
         ideal=over(0.12, 0.03)),
    _web(release_notes_publish_then_list, over(0.12, 0.03, 0.06)),
    _web(release_notes_regex_changelog, over(0.14, 0.03), args=web_tmp, cat="files",
         setup=_setup_changelog),
    # -- on-call digests
    _web(oncall_digest_markdown, over(0.15, 0.03, 0.09, 0.05), args=web_tmp, cat="files"),
    _web(oncall_digest_csv_and_json, over(0.15, 0.03, 0.09, 0.05), args=web_tmp, cat="files"),
    _web(oncall_digest_sqlite_history, over(0.15, 0.03, 0.09, 0.05), cat="db",
         args=lambda env: (env.web, str(env.tmp / "oncall.db"))),
    _both(oncall_digest_model_summary_file, (0.32 + L) / (0.15 + L), args=oa_web_tmp,
          cat="files"),
    _web(oncall_digest_append_lines, over(0.15, 0.03, 0.09, 0.05), args=web_tmp, cat="files"),
    _web(oncall_digest_counter_and_put, over(0.15, 0.03, 0.09, 0.05)),
    # -- Slack formatting
    _web(slack_blocks_post, over(0.14, 0.03, 0.07)),
    _web(slack_template_alerts),
    _web(slack_thread_replies),
    _web(slack_mrkdwn_escape_and_print, over(0.13, 0.03, 0.06)),
    # -- health checks
    _web(health_check_timeouts, over(0.15, 0.03, 0.06, 0.04), cat="validation"),
    _web(health_check_raise_for_status_then_put, over(0.12, 0.03, 0.07, 0.04),
         cat="validation"),
    _web(health_check_poll_job_until_done, cat="sleep", spacing=0.04),
    _web(health_check_urllib, over(0.14, 0.03, 0.06), cat="validation"),
    _web(health_check_first_failure_raises, cat="validation", speculative_reads=True),
    _web(health_check_tcp_and_http, args=web_tcp, servers="web tcp", cat="socket"),
    # -- sync jobs
    _web(sync_source_to_dest_in_order),
    _web(sync_two_sessions_two_services, cat="clients"),
    _web(sync_delete_stale_then_list),
    _web(sync_tcp_to_http, args=web_tcp, servers="web tcp", cat="socket"),
    _web(sync_http_to_tcp, args=web_tcp, servers="web tcp", cat="socket"),
    _web(sync_checkpoint_file, args=web_tmp, cat="files", setup=_setup_checkpoint),
    _web(sync_newer_side_wins),
    _web(sync_stdout_write_progress),
    # -- CLIs
    _web(cli_argparse_fetch, over(0.14, 0.05, 0.07)),
    _web(cli_argparse_help_exit),
    _web(cli_argparse_subcommands),
    _web(cli_argparse_bad_args_then_default, cat="validation"),
    _web(cli_argparse_dry_run_prints_plan),
    # -- notifiers
    _web(notifier_logger_adapter),
    _web(notifier_object_counts_sends, (0.24 + 2 * L) / (0.14 + 2 * L), cat="state"),
    # -- async
    _aweb(async_webhook_fanout_aiohttp),
    _aweb(async_health_gather, over(0.15, 0.03, 0.06), cat="validation"),
    _aweb(async_sync_loop_httpx),
    Case("sdk", async_triage_model_then_label, drive=_drive_async_oa_web, servers="web api"),
]

CASES += [
    _web(env_region_switch_between_fetches, cat="state"),
    _web(cli_sys_argv_appended_between, cat="state"),
    _web(cli_sys_argv_slice_assigned, cat="state"),
    _web(gh_params_dict_advanced_by_helper, cat="state"),
    _web(gh_session_params_alias_mutated, cat="clients"),
    _web(gh_class_attr_rate_limiter, cat="state", setup=_reset_ratelimit),
    _web(webhook_registry_global_dict, cat="state"),
    _web(sync_outbox_sqlite_grows_while_iterating, cat="db",
         args=lambda env: (env.web, str(env.tmp / "outbox.db"))),
    _web(sync_outbox_sqlite_select_then_fetch, cat="db",
         args=lambda env: (env.web, str(env.tmp / "repos.db"))),
    _web(oncall_log_file_tail_grows, args=web_tmp, cat="files"),
    _web(sync_lazy_map_put_between),
    _web(gh_generator_paginator_put_in_body, setup=_seed_pages),
    _web(gh_iter_sentinel_pagination, setup=_seed_pages),
    _web(webhook_deque_retry_queue, cat="state"),
    _web(health_takewhile_until_down, cat="validation"),
]

CASES += [
    _web(gh_httpx_timeout_tightened, cat="clients"),
    _web(gh_httpx_params_setter, cat="clients"),
    _web(gh_httpx_base_url_switch, cat="clients"),
    _web(gh_httpx_hook_appended_mid_run, cat="clients"),
    _web(gh_requests_hook_appended_mid_run, cat="clients"),
    _web(gh_helper_sets_session_page, cat="helpers"),
    _web(gh_prepared_put_sent),
    _web(gh_httpx_built_put_sent),
    _web(gh_request_method_from_table),
    _web(gh_urllib_request_put),
    _web(gh_urllib_request_method_attr),
]

CASES += [
    _web(oncall_csv_queue_appended_by_last_row, args=web_tmp, cat="files"),
    _web(oncall_csv_reader_enumerate_appended, args=web_tmp, cat="files"),
    _web(oncall_readline_sentinel_appended, args=web_tmp, cat="files"),
    _web(triage_pending_dict_grows_while_iterating, cat="state"),
    _web(triage_seen_set_grows_while_iterating, cat="state"),
    _web(webhook_deque_iterated_and_extended, cat="state"),
    _web(sync_json_list_grows_in_body, cat="state"),
    _web(sync_text_lines_then_put_same_keys),
]

CASES += [
    _web(sync_http_client_put_then_requests_get),
    _web(sync_raw_socket_put_then_get, cat="socket"),
    _web(sync_line_server_set_then_http_report, args=web_tcp, servers="web tcp", cat="socket"),
    _web(sync_urllib3_put_then_get),
    _web(sync_curl_subprocess_put_then_get),
]

CASES += [
    _web(triage_cache_int_and_float_keys, cat="state", setup=_setup_cache),
    _web(triage_cache_bool_and_int_keys, cat="state", setup=_setup_cache),
    _web(triage_cache_kw_vs_positional, cat="state", setup=_setup_cache),
    _web(triage_cache_equal_strs_of_other_type, cat="state", setup=_setup_cache),
]

CASES += [
    _aweb(async_health_wait_for_budget, cat="validation"),
    _aweb(async_health_timeout_block, cat="validation"),
    _aweb(async_health_helper_then_budget_flag, cat="validation"),
    _web(health_sweep_deadline_in_helper, cat="validation"),
    _web(health_sweep_timed_in_main, cat="validation"),
]

CASES += [
    _web(cli_match_subcommands),
    _web(cli_match_on_response_shape, over(0.14, 0.03, 0.06)),
    _web(gh_walrus_pagination, setup=_seed_pages),
    _web(triage_walrus_in_comprehension, over(0.14, 0.03, 0.08)),
    _web(health_except_star_group, over(0.14, 0.03, 0.06), cat="validation"),
    _web(release_fstring_debug_and_specs, over(0.14, 0.03)),
    _web(sync_star_unpack_and_for_else, over(0.14, 0.03, 0.06)),
    _web(oncall_annotated_locals_and_nonlocal, cat="state"),
    _web(triage_class_defined_inside),
    _web(sync_try_finally_put_each),
    _web(webhook_lambda_dispatch_table),
]

CASES += [
    _web(gh_partial_request_verbs),
    _web(gh_getattr_verb_names),
    _web(gh_session_request_partial),
    _web(gh_httpx_request_method_kw),
    _web(gh_verb_from_config_dict),
    _web(gh_methodcaller_dispatch),
]

CASES += [
    _web(health_httpx_client_used_after_with, cat="validation"),
    _web(health_httpx_client_closed_explicitly, cat="validation"),
    _web(health_urlopen_response_read_after_with, over(0.14, 0.03), cat="validation"),
    _web(health_file_read_after_with, args=web_tmp, cat="files"),
    _web(notifier_lazy_log_arg_writes),
    _web(notifier_percent_format_arg_writes),
    _web(notifier_join_of_receipts),
    _web(notifier_flush_on_drop_then_read),
]

CASES += [
    _web(notifier_weakref_finalize_then_read),
    _web(notifier_weakref_finalize_rebound),
    _web(notifier_buffered_rebound_in_loop),
    _web(notifier_finalize_detach_called),
]

CASES += [
    _web(sync_sqlite_queue_break_then_rest, cat="db",
         args=lambda env: (env.web, str(env.tmp / "queue.db"))),
    _web(sync_list_iterator_break_then_rest, cat="state"),
    _web(sync_enumerate_iterator_break_then_rest, cat="state"),
    _web(oncall_csv_reader_break_then_rest, args=web_tmp, cat="files"),
    _web(oncall_file_lines_break_then_read, args=web_tmp, cat="files"),
    _web(gh_text_lines_generator_break_then_rest),
    _web(gh_zip_same_iterator_pairs, over(0.14, 0.03, 0.06)),
]

CASES += [
    _web(sync_iterator_next_in_body, cat="state"),
    _web(oncall_file_section_headers_next_line, args=web_tmp, cat="files"),
    _web(sync_sqlite_cursor_fetchone_in_body, cat="db",
         args=lambda env: (env.web, str(env.tmp / "kv.db"))),
    _web(oncall_csv_reader_next_in_body, args=web_tmp, cat="files"),
    _web(gh_enumerate_iterator_next_in_body, cat="state"),
]

CASES += [
    _aweb(async_comprehension_then_puts),
    _aweb(async_generator_pages_put_in_body, setup=_seed_pages),
    _aweb(async_prints_between_awaits),
    _aweb(async_global_rate_limit_helper, cat="state", setup=_reset_arate),
    _aweb(async_fallback_on_status, cat="validation"),
    _aweb(async_tasks_awaited_in_reverse, over(0.14, 0.03)),
]

CASES += [
    _web(oncall_fileio_report_then_read, args=web_tmp, cat="files"),
    _web(oncall_fileio_with_then_size, args=web_tmp, cat="files"),
    _web(oncall_fdopen_report_then_listdir, args=web_tmp, cat="files"),
    _web(oncall_fileio_truncates_old_digest, args=web_tmp, cat="files"),
    _web(oncall_os_write_then_read, args=web_tmp, cat="files"),
]

CASES += [
    _web(triage_issue_missing_number_raises, cat="validation", speculative_reads=True),
    _web(health_bad_latency_value_raises, cat="validation", speculative_reads=True),
    _web(release_zero_division_in_arg, cat="validation", speculative_reads=True),
    _web(triage_caught_bad_item_continues, cat="validation", speculative_reads=True),
]

CASES += [
    _web(gh_request_ids_from_counter, cat="state"),
    _web(gh_helper_takes_trace_ids, cat="state", setup=_reset_trace),
]

CASES += [
    Case("sdk", triage_policy_put_on_provider_then_ask, args=oa_api, servers="api"),
    Case("sdk", triage_policy_http_client_then_ask, args=oa_api, servers="api"),
    Case("files", triage_upload_guidelines_then_ask, args=oa_tmp, servers="api"),
]

CASES += [
    _web(gh_contextvar_request_id_in_helpers, cat="helpers"),
    _web(gh_contextvar_switched_between, cat="helpers"),
    _web(gh_contextvar_copy_context_run, over(0.14, 0.03), cat="helpers"),
    _web(notifier_contextvar_in_helper_log, cat="helpers"),
]

CASES += [
    _web(webhook_pause_before_each_post, cat="sleep", spacing=0.06),
    _web(gh_sleep_from_header_before_put, cat="sleep", spacing=0.03),
    _web(health_pause_between_independent_checks, cat="sleep", spacing=0.05),
]

CASES += [
    _web(gh_cached_property_reloaded, cat="state"),
    _web(triage_mutable_default_counts, cat="state", setup=_reset_seen_default),
    _web(gh_global_etag_cache_over_calls, cat="state", setup=_reset_etags, calls=3),
]

CASES += [
    _web(release_notes_format_locals, over(0.14, 0.03)),
    _web(release_notes_debug_locals),
    _web(cli_vars_namespace_dump),
]

CASES += [
    _web(cli_click_echo_between_reads),
    _web(cli_click_command_invoked),
    _web(oncall_rich_table_report, over(0.15, 0.03, 0.09, 0.05), args=web_tmp, cat="files"),
    _web(oncall_yaml_config_driven, over(0.14, 0.03), args=web_tmp, cat="files"),
]

CASES += [
    _web(webhook_heterogeneous_sinks, cat="helpers"),
    _web(webhook_sinks_loop_with_prints, (3 * 0.14 + L) / (2 * 0.14 + L), cat="helpers"),
    _web(slack_singledispatch_render, cat="helpers"),
]

CASES += [
    _web(sync_rows_share_cursor_dict, cat="state"),
    _web(sync_rows_share_list_of_seen, cat="state"),
    _web(sync_json_rows_then_shared_ms, cat="state"),
]

FAILING: list[Case] = [
    _web(health_sweep_timeouts_on_loaded_server, cat="validation", load=0.04),
]
# (A defaultdict's factory is looked at since stop 200: `_dunders.default_made`.)
CASES += [_web(slack_channels_get_or_create_defaultdict, cat="state")]
FAILING_WHY: dict[str, str] = {
    "health_sweep_timeouts_on_loaded_server":
        "value: some checks 'timeout' vs 'up': the five GETs (timeout=0.12) overlap and the "
        "server (load=0.04 per other request in flight) answers each more slowly than the "
        "plain sweep ever sees (documented: a timeout beside others on a loaded server)",
}
