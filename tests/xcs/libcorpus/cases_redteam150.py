"""Red-team cases (stop 150): everyday scripts whose helpers print progress.

Written as a new user would from docs/jit.md alone: helpers that print ``Fetching <url>``
before a GET and a summary after it, ``Asking the model about ...`` before an openai call
and the answer's first words after, verbose flags (a parameter, a module global, a global
a helper or the caller flips, ``self.verbose``), a class whose ``log`` method prints,
f-strings with formatted numbers (``:.2f``, ``:>8``), ``i/n`` progress counters passed in
by the caller, ``\\r`` progress with ``end=""``, rich's ``print`` and a rich ``Console``,
``json.dumps(indent=2)``, ``pprint``, helpers that print then return parsed JSON, RAG
pipelines (retrieve then ask) where each step prints, batch scoring loops with a printing
grader. Around them, what a printing helper may see change: a list the caller appends to
after each call, a global cache, a seeded random generator, a header printed once, a
mutable default, an object of the caller's whose ``__str__`` prints, a ``redirect_stdout``.
Sibling calls get unequal latencies, slow first. `FAILING_WHY` holds the cases that differed
or crashed under jit when written; `SHORT_WHY` the overlap an ideal scheduler has and the
JIT did not reach.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import io
import json
import pprint
import random
import sys
import threading
import time
import urllib.request
from typing import Any

import httpx
import openai
import requests
from rich import print as rprint
from rich.console import Console

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam150")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)
O4 = over(0.15, 0.04, 0.09, 0.06)
KMS = (("a", 150), ("b", 40), ("c", 90))
TOPICS = (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09))
VERBOSE = True
QUIET = False
CACHE: dict[str, str] = {}
_HEADER_DONE = False
CONSOLE = Console(width=60, color_system=None, highlight=False)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def first_words(text: str, n: int = 4) -> str:
    return " ".join(text.split()[:n])


# =========================================================================== fetch helpers


def fetch_loud(web: str, key: str, ms: int) -> str:
    url = f"{web}/items/{key}?ms={ms}"
    print("Fetching", url.split("/", 3)[-1])
    r = requests.get(url, timeout=5)
    data = r.json()
    print(f"  got {len(r.content)} bytes, value={data['value']}")
    return data["value"]


def r150_fetch_print_before_after(web: str) -> list[str]:
    out = []
    for key, ms in KMS:
        out.append(fetch_loud(web, key, ms))
    print("fetched", len(out), "items")
    return out


def fetch_verbose(web: str, key: str, ms: int, verbose: bool = False) -> str:
    if verbose:
        print(f"GET /items/{key} (expect ~{ms} ms)")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    if verbose:
        print(f"  -> {value!r}")
    return value


def r150_fetch_verbose_param(web: str) -> list[str]:
    a = fetch_verbose(web, "a", 150, verbose=True)
    b = fetch_verbose(web, "b", 40)
    c = fetch_verbose(web, "c", 90, True)
    return [a, b, c]


def fetch_global_verbose(web: str, key: str, ms: int) -> str:
    if VERBOSE:
        print("Fetching", key)
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    if VERBOSE:
        print(f"  status {r.status_code}, {len(r.text):>4} chars")
    return r.json()["value"]


def r150_verbose_global_flipped_by_caller(web: str) -> list[str]:
    global VERBOSE
    VERBOSE = True
    out = [fetch_global_verbose(web, "a", 150)]
    VERBOSE = False
    out.append(fetch_global_verbose(web, "b", 40))
    out.append(fetch_global_verbose(web, "c", 90))
    VERBOSE = True
    out.append(fetch_global_verbose(web, "d", 60))
    return out


def fetch_quiet_flag(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    if not QUIET:
        print(f"{key}: {value}")
    return value


def r150_quiet_flag_flipped_mid_loop(web: str) -> list[str]:
    global QUIET
    QUIET = False
    out = []
    for i, (k, ms) in enumerate(KMS):
        out.append(fetch_quiet_flag(web, k, ms))
        QUIET = i == 0
    QUIET = False
    return out


def fetch_progress(web: str, key: str, ms: int, i: int, n: int) -> str:
    print(f"[{i}/{n}] fetching {key}...")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print(f"[{i}/{n}] done: {value}")
    return value


def r150_progress_i_of_n(web: str) -> list[str]:
    keys = [("a", 150), ("b", 40), ("c", 90), ("d", 60)]
    n = len(keys)
    out = []
    for i, (k, ms) in enumerate(keys, 1):
        out.append(fetch_progress(web, k, ms, i, n))
    return out


def fetch_table_row(web: str, key: str, ms: int) -> tuple[str, float]:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    value = r.json()["value"]
    ratio = len(value) / (ms / 10)
    print(f"{key:<6}{ms:>8}ms {value:>10} {ratio:8.3f} {ratio:.1%}")
    return value, round(ratio, 3)


def r150_progress_padded_widths(web: str) -> list[Any]:
    print(f"{'key':<6}{'ms':>10} {'value':>10} {'ratio':>8}")
    rows = [fetch_table_row(web, k, ms) for k, ms in KMS]
    print("-" * 40)
    return rows


def fetch_carriage(web: str, key: str, ms: int, i: int, n: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print(f"\r{i}/{n} {'#' * i:<{n}}", end="", flush=True)
    return value


def r150_carriage_return_progress(web: str) -> list[str]:
    n = len(KMS)
    out = [fetch_carriage(web, k, ms, i, n) for i, (k, ms) in enumerate(KMS, 1)]
    print()
    print("all done")
    return out


def fetch_show_json(web: str, key: str, ms: int) -> dict[str, Any]:
    print(f"Fetching {key}")
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    print(json.dumps(data, indent=2, sort_keys=True))
    return data


def r150_print_json_dumps_indent(web: str) -> list[dict[str, Any]]:
    return [fetch_show_json(web, k, ms) for k, ms in KMS]


def fetch_pprint(web: str, key: str, ms: int) -> dict[str, Any]:
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    data["ms"] = ms
    pprint.pprint(data)
    return data


def r150_pprint_in_helper(web: str) -> list[dict[str, Any]]:
    return [fetch_pprint(web, k, ms) for k, ms in KMS]


def fetch_pformat(web: str, key: str, ms: int) -> dict[str, Any]:
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    print(pprint.pformat({"key": key, "ms": ms, "data": data}, width=30))
    return data


def r150_print_pformat_in_helper(web: str) -> list[dict[str, Any]]:
    return [fetch_pformat(web, k, ms) for k, ms in KMS]


def fetch_rich(web: str, key: str, ms: int) -> str:
    rprint(f"[bold]Fetching[/bold] {key}")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    rprint({"key": key, "value": value})
    return value


def r150_rich_print_helper(web: str) -> list[str]:
    return [fetch_rich(web, k, ms) for k, ms in KMS]


def fetch_console(web: str, key: str, ms: int) -> str:
    CONSOLE.print(f"Fetching {key} ...")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    CONSOLE.print(f"  {key} = {value}")
    return value


def r150_rich_console_helper(web: str) -> list[str]:
    return [fetch_console(web, k, ms) for k, ms in KMS]


def fetch_file_stdout(web: str, key: str, ms: int) -> str:
    print("Fetching", key, file=sys.stdout)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_print_file_stdout_explicit(web: str) -> list[str]:
    return [fetch_file_stdout(web, k, ms) for k, ms in KMS]


def fetch_and_log(web: str, key: str, ms: int) -> str:
    print("Fetching", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    LOG.info("fetched %s", key)
    return value


def r150_helper_prints_and_logs(web: str) -> list[str]:
    return [fetch_and_log(web, k, ms) for k, ms in KMS]


# =========================================================================== classes


class Fetcher:
    def __init__(self, web: str, verbose: bool = False) -> None:
        self.web = web
        self.verbose = verbose

    def log(self, msg: str) -> None:
        if self.verbose:
            print(f"[fetcher] {msg}")

    def get(self, key: str, ms: int) -> str:
        self.log(f"GET {key}")
        value = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        self.log(f"{key} -> {value}")
        return value


def r150_class_log_method(web: str) -> list[str]:
    f = Fetcher(web, verbose=True)
    return [f.get(k, ms) for k, ms in KMS]


class DirectFetcher:
    def __init__(self, web: str, verbose: bool = False) -> None:
        self.web = web
        self.verbose = verbose

    def get(self, key: str, ms: int) -> str:
        if self.verbose:
            print(f"[fetcher] GET {key}")
        value = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        if self.verbose:
            print(f"[fetcher] {key} -> {value}")
        return value


def r150_class_verbose_direct_print(web: str) -> list[str]:
    f = DirectFetcher(web, verbose=True)
    a = f.get("a", 150)
    b = f.get("b", 40)
    c = f.get("c", 90)
    return [a, b, c]


def r150_class_verbose_flipped_between(web: str) -> list[str]:
    f = DirectFetcher(web, verbose=False)
    a = f.get("a", 150)
    f.verbose = True
    b = f.get("b", 40)
    f.verbose = False
    c = f.get("c", 90)
    return [a, b, c]


# =========================================================================== what the print sees


def fetch_show_cache(web: str, key: str, ms: int) -> str:
    print(f"fetching {key}; cache holds {sorted(CACHE)}")
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_global_cache_filled_between(web: str) -> dict[str, str]:
    CACHE.clear()
    for k, ms in KMS:
        CACHE[k] = fetch_show_cache(web, k, ms)
    out = dict(CACHE)
    CACHE.clear()
    return out


def fetch_with_jitter(web: str, key: str, ms: int) -> str:
    jitter = random.random()
    print(f"{key}: jitter {jitter:.4f}")
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_seeded_random_in_helper(web: str) -> list[str]:
    random.seed(150)
    return [fetch_with_jitter(web, k, ms) for k, ms in KMS]


def print_header_once() -> None:
    global _HEADER_DONE
    if not _HEADER_DONE:
        print("key   value")
        _HEADER_DONE = True


def fetch_row_with_header(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print_header_once()
    print(f"{key:<5} {value}")
    return value


def r150_header_printed_once_global(web: str) -> list[str]:
    global _HEADER_DONE
    _HEADER_DONE = False
    out = [fetch_row_with_header(web, k, ms) for k, ms in KMS]
    _HEADER_DONE = False
    return out


class Label:
    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        print(f"(formatting {self.name})")
        return self.name.title()


def fetch_labelled(web: str, label: Any, key: str, ms: int) -> str:
    print("Fetching", label)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_user_object_str_prints(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        print("next:", k)
        out.append(fetch_labelled(web, Label(f"item {k}"), k, ms))
    return out


@dataclasses.dataclass(frozen=True)
class Item:
    key: str
    ms: int


def fetch_item(web: str, item: Item) -> str:
    print("Fetching", item)
    value = requests.get(f"{web}/items/{item.key}?ms={item.ms}", timeout=5).json()["value"]
    print(f"{item.key}={value}")
    return value


def r150_dataclass_repr_printed(web: str) -> list[str]:
    items = [Item("a", 150), Item("b", 40), Item("c", 90)]
    return [fetch_item(web, it) for it in items]


def summarize(data: dict[str, Any]) -> str:
    line = ", ".join(f"{k}={v}" for k, v in sorted(data.items()))
    print("  summary:", line)
    return line


def fetch_and_summarize(web: str, key: str, ms: int) -> str:
    print("Fetching", key)
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    return summarize(data)


def r150_nested_helper_prints(web: str) -> list[str]:
    return [fetch_and_summarize(web, k, ms) for k, ms in KMS]


def announce(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"-> {fn.__name__}{args[1:]}")
        return fn(*args, **kwargs)
    return wrapper


@announce
def fetch_announced(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_decorator_announces(web: str) -> list[str]:
    return [fetch_announced(web, k, ms) for k, ms in KMS]


def fetch_finally(web: str, key: str, ms: int) -> str:
    print("start", key)
    try:
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        r.raise_for_status()
        return r.json()["value"]
    finally:
        print("finished", key)


def r150_print_in_finally_fail_stops(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        out.append(fetch_finally(web, k, ms))
    return out


def fetch_report_error(web: str, key: str, ms: int) -> str:
    print("Fetching", key)
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    try:
        r.raise_for_status()
    except requests.HTTPError as e:
        print(f"  failed: {e.response.status_code}")
        raise
    print("  ok")
    return r.json()["value"]


def r150_print_then_reraise(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-x", 40), ("c", 90), ("missing-y", 60)):
        try:
            out.append(fetch_report_error(web, k, ms))
        except requests.HTTPError:
            out.append("?")
    print("results:", out)
    return out


def r150_quiet_redirect_stdout(web: str) -> dict[str, Any]:
    with contextlib.redirect_stdout(io.StringIO()) as buf:
        values = [fetch_loud(web, k, ms) for k, ms in KMS]
    print("captured", len(buf.getvalue().splitlines()), "lines")
    return {"values": values, "log": buf.getvalue()}


def r150_calls_twice_verbose(web: str, verbose: bool) -> list[str]:
    return [fetch_verbose(web, k, ms, verbose) for k, ms in KMS]


# =========================================================================== other libraries


def fetch_httpx(client: httpx.Client, key: str, ms: int) -> str:
    print(f"GET {key}")
    r = client.get(f"/items/{key}", params={"ms": ms})
    print(f"{key}: {r.status_code} {r.headers['content-type']}")
    return r.json()["value"]


def r150_httpx_client_helper(web: str) -> list[str]:
    with httpx.Client(base_url=web, timeout=5) as client:
        return [fetch_httpx(client, k, ms) for k, ms in KMS]


def fetch_urllib(web: str, key: str, ms: int) -> dict[str, Any]:
    url = f"{web}/items/{key}?ms={ms}"
    print("urlopen", key)
    with urllib.request.urlopen(url, timeout=5) as resp:
        data = json.loads(resp.read())
    print(f"  {resp.status} {data['value']}")
    return data


def r150_urllib_helper(web: str) -> list[dict[str, Any]]:
    return [fetch_urllib(web, k, ms) for k, ms in KMS]


def wait_and_say(key: str, ms: int) -> str:
    print(f"waiting {ms / 1000:.2f}s for {key}")
    time.sleep(ms / 1000)
    print(f"{key} ready")
    return key.upper()


def r150_sleep_helper_prints(web: str) -> list[str]:
    return [wait_and_say(k, ms) for k, ms in KMS]


# =========================================================================== LLM helpers


def ask_loud(client: Any, topic: str, lat: float) -> str:
    print(f"Asking the model about {topic}...")
    r = client.chat.completions.create(model="gpt", messages=[user(f"Explain {topic}.")],
                                       extra_body={"latency": lat})
    answer = r.choices[0].message.content
    print("  ->", first_words(answer), "...")
    return answer


def r150_ask_model_prints(client: Any) -> list[str]:
    answers = []
    for topic, lat in TOPICS:
        answers.append(ask_loud(client, topic, lat))
    print(f"Got {len(answers)} answers")
    return answers


def ask_with_cost(client: Any, topic: str, lat: float) -> dict[str, Any]:
    print(f"Asking about {topic:<10}|")
    r = client.chat.completions.create(model="gpt", messages=[user(f"One fact about {topic}")],
                                       extra_body={"latency": lat})
    u = r.usage
    cost = (u.prompt_tokens * 0.15 + u.completion_tokens * 0.6) / 1e6
    print(f"  tokens in={u.prompt_tokens:>5} out={u.completion_tokens:>5} cost=${cost:.6f}")
    return {"topic": topic, "cost": round(cost, 8), "text": r.choices[0].message.content}


def r150_ask_usage_cost_format(client: Any) -> dict[str, Any]:
    rows = [ask_with_cost(client, t, lat) for t, lat in TOPICS]
    total = sum(row["cost"] for row in rows)
    print(f"Total: ${total:.6f}")
    return {"rows": rows, "total": round(total, 8)}


class Assistant:
    def __init__(self, client: Any, verbose: bool = True) -> None:
        self.client = client
        self.verbose = verbose

    def ask(self, question: str, lat: float) -> str:
        if self.verbose:
            print(f"Q: {question}")
        r = self.client.chat.completions.create(model="gpt", messages=[user(question)],
                                                extra_body={"latency": lat})
        text = r.choices[0].message.content
        if self.verbose:
            print(f"A: {first_words(text, 3)}")
        return text


def r150_assistant_class_verbose(client: Any) -> list[str]:
    bot = Assistant(client)
    return [bot.ask(f"What are {t}?", lat) for t, lat in TOPICS]


class LoggingAssistant(Assistant):
    def log(self, msg: str) -> None:
        if self.verbose:
            print(f"[assistant] {msg}")

    def ask(self, question: str, lat: float) -> str:
        self.log(f"asking: {question}")
        r = self.client.chat.completions.create(model="gpt", messages=[user(question)],
                                                extra_body={"latency": lat})
        text = r.choices[0].message.content
        self.log(f"answered {len(text)} chars")
        return text


def r150_assistant_log_method(client: Any) -> list[str]:
    bot = LoggingAssistant(client, verbose=True)
    return [bot.ask(f"What are {t}?", lat) for t, lat in TOPICS]


def ask_rich(client: Any, topic: str, lat: float) -> str:
    rprint(f"[cyan]Asking[/cyan] about {topic}")
    r = client.chat.completions.create(model="gpt", messages=[user(topic)],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    print("answer:", first_words(text))
    return text


def r150_ask_rich_print(client: Any) -> list[str]:
    return [ask_rich(client, t, lat) for t, lat in TOPICS]


# ---- RAG: retrieve then ask, each step prints


def retrieve(web: str, question: str, ms: int) -> list[str]:
    key = question.split()[-1].strip("?").lower()
    print(f"Retrieving documents for {key!r}")
    docs = [requests.get(f"{web}/items/{key}-doc?ms={ms}", timeout=5).json()["value"]]
    print(f"  {len(docs)} document(s): {docs}")
    return docs


def answer_with(client: Any, question: str, docs: list[str], lat: float) -> str:
    print(f"Asking the model: {question}")
    prompt = "Context:\n" + "\n".join(docs) + f"\n\nQuestion: {question}"
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    print("  answer:", first_words(text))
    return text


RAG = (("What causes tides?", 150, 0.06), ("Why do volcanoes erupt?", 40, 0.12),
       ("Where do comets come from?", 90, 0.03))
RAG_IDEAL = sum(ms / 1000 + lat for _, ms, lat in RAG) / max(ms / 1000 + lat
                                                               for _, ms, lat in RAG)


def r150_rag_retrieve_then_ask(client: Any, web: str) -> list[str]:
    answers = []
    for q, ms, lat in RAG:
        docs = retrieve(web, q, ms)
        answers.append(answer_with(client, q, docs, lat))
    print(f"Answered {len(answers)} questions")
    return answers


def rag_one(client: Any, web: str, question: str, ms: int, lat: float) -> str:
    print(f"--- {question}")
    docs = retrieve(web, question, ms)
    return answer_with(client, question, docs, lat)


def r150_rag_pipeline_helper(client: Any, web: str) -> list[str]:
    return [rag_one(client, web, q, ms, lat) for q, ms, lat in RAG]


# ---- batch scoring with a printing grader

DATASET = (("2+2", "4", 0.15), ("capital of France", "Paris", 0.04),
           ("color of the sky", "blue", 0.09), ("largest planet", "Jupiter", 0.06))


def grade(client: Any, question: str, gold: str, lat: float) -> float:
    r = client.chat.completions.create(model="gpt",
                                       messages=[user(f"Q: {question}\nExpected: {gold}")],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    score = (len(text) % 10) / 10
    print(f"{question[:12]:<12} gold={gold:>8} score={score:.2f}")
    return score


def r150_batch_score_grader_prints(client: Any) -> dict[str, Any]:
    scores = []
    for q, gold, lat in DATASET:
        scores.append(grade(client, q, gold, lat))
    mean = sum(scores) / len(scores)
    print(f"mean score: {mean:.3f} over {len(scores)}")
    return {"scores": scores, "mean": round(mean, 4)}


def answer_then_grade(client: Any, q: str, gold: str, lat: float) -> float:
    print(f"Asking: {q}")
    r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                       extra_body={"latency": lat})
    ans = r.choices[0].message.content
    print(f"  answer: {first_words(ans, 3)}")
    return grade(client, q + " -> " + ans[:20], gold, lat / 2)


def r150_batch_answer_then_grade(client: Any) -> list[float]:
    return [answer_then_grade(client, q, gold, lat) for q, gold, lat in DATASET]


def grade_into(client: Any, q: str, gold: str, lat: float, scores: list[float]) -> None:
    s = grade(client, q, gold, lat)
    scores.append(s)
    print(f"  running mean {sum(scores) / len(scores):.3f}")


def r150_grader_appends_running_mean(client: Any) -> list[float]:
    scores: list[float] = []
    for q, gold, lat in DATASET:
        grade_into(client, q, gold, lat, scores)
    return scores


# =========================================================================== round two: corners


class QuietFetcher:
    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]


class ChattyFetcher(QuietFetcher):
    def get(self, key: str, ms: int) -> str:
        print("chatty: fetching", key)
        value = super().get(key, ms)
        print("chatty: got", value)
        return value


def r150_method_with_super_prints(web: str) -> list[str]:
    f = ChattyFetcher(web)
    return [f.get(k, ms) for k, ms in KMS]


class PrivateFetcher:
    def __init__(self, web: str) -> None:
        self.__base = web
        self.__calls = 0

    def get(self, key: str, ms: int) -> str:
        print(f"private fetch {key} from {self.__base.split(':')[0]}")
        return requests.get(f"{self.__base}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_name_mangled_attr_prints(web: str) -> list[str]:
    f = PrivateFetcher(web)
    return [f.get(k, ms) for k, ms in KMS]


def fetch_kwonly(web: str, key: str, ms: int, *, prefix: str = ">>", show: bool = True) -> str:
    if show:
        print(prefix, key)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_keyword_only_defaults(web: str) -> list[str]:
    return [fetch_kwonly(web, k, ms) for k, ms in KMS] + [fetch_kwonly(web, "d", 60, prefix="=>")]


class Settings:
    def __init__(self, web: str) -> None:
        self.web = web
        self.checks = 0

    @property
    def verbose(self) -> bool:
        print("(checking verbosity)")
        return True

    def get(self, key: str, ms: int) -> str:
        value = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        if self.verbose:
            print(f"{key} -> {value}")
        return value


def r150_property_getter_prints(web: str) -> list[str]:
    s = Settings(web)
    out = []
    for k, ms in KMS:
        print("item", k)
        out.append(s.get(k, ms))
    return out


class Described:
    def __init__(self, web: str) -> None:
        self.web = web

    def __str__(self) -> str:
        print("(describing)")
        return "Described()"

    def get(self, key: str, ms: int) -> str:
        value = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        print("via", self, key)
        return value


def r150_self_str_prints(web: str) -> list[str]:
    d = Described(web)
    out = []
    for k, ms in KMS:
        print("next", k)
        out.append(d.get(k, ms))
    return out


def fetch_then_show_opts(web: str, key: str, ms: int, opts: dict[str, Any]) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    if opts["verbose"]:
        print(f"{key}: {value} ({opts['label']})")
    return value


def r150_dict_arg_changed_after_call(web: str) -> list[str]:
    opts = {"verbose": True, "label": "first"}
    a = fetch_then_show_opts(web, "a", 150, opts)
    opts["verbose"] = False
    b = fetch_then_show_opts(web, "b", 40, opts)
    opts.update(verbose=True, label="third")
    c = fetch_then_show_opts(web, "c", 90, opts)
    return [a, b, c]


def fetch_then_count(web: str, key: str, ms: int, done: list[str]) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print(f"{key}: {len(done)} done before me")
    return value


def r150_list_appended_after_print_after_get(web: str) -> list[str]:
    done: list[str] = []
    a = fetch_then_count(web, "a", 150, done)
    done.append("a")
    b = fetch_then_count(web, "b", 40, done)
    done.append("b")
    c = fetch_then_count(web, "c", 90, done)
    return [a, b, c, *done]


@functools.lru_cache(maxsize=64)
def fetch_cached(web: str, key: str, ms: int) -> str:
    print("cache miss:", key)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_lru_cache_printing_helper(web: str) -> list[str]:
    fetch_cached.cache_clear()
    keys = [("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)]
    out = [fetch_cached(web, k, ms) for k, ms in keys]
    fetch_cached.cache_clear()
    return out


def r150_break_on_value(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90), ("d", 60)):
        value = fetch_loud(web, k, ms)
        out.append(value)
        if value.endswith("b"):
            print("found b, stopping")
            break
    return out


class Section:
    def __init__(self, title: str) -> None:
        self.title = title

    def __enter__(self) -> Section:
        print(f"== {self.title} ==")
        return self

    def __exit__(self, *exc: Any) -> bool:
        print(f"== end of {self.title} ==")
        return False


def r150_section_context_manager(web: str) -> list[str]:
    out = []
    with Section("first"):
        out.append(fetch_loud(web, "a", 150))
        out.append(fetch_loud(web, "b", 40))
    with Section("second"):
        out.append(fetch_loud(web, "c", 90))
    return out


BASE: str | None = None


def configure(url: str) -> None:
    global BASE
    BASE = url
    print("configured")


def fetch_base(key: str, ms: int) -> str:
    print("GET", key)
    return requests.get(f"{BASE}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_configure_global_base(web: str) -> list[str]:
    configure(web)
    return [fetch_base(k, ms) for k, ms in KMS]


def fetch_or_exit(web: str, key: str, ms: int) -> str:
    print("Fetching", key)
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    if r.status_code != 200:
        print(f"error {r.status_code} for {key}, exiting")
        sys.exit(2)
    return r.json()["value"]


def r150_sys_exit_in_helper(web: str) -> Any:
    out = []
    try:
        for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
            out.append(fetch_or_exit(web, k, ms))
    except SystemExit as e:
        print("exit code", e.code)
        return [out, e.code]
    return out


def fetch_key_error(web: str, key: str, ms: int) -> str:
    print("Fetching", key)
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    print(f"  {key}: {data['value']} / {data['extra']}")
    return data["value"]


def r150_print_arg_raises_keyerror(web: str) -> Any:
    out = []
    for k, ms in KMS:
        try:
            out.append(fetch_key_error(web, k, ms))
        except KeyError as e:
            print("missing field", e)
    return out


def validate_then_fetch(web: str, key: str, ms: int) -> str:
    print("checking", key)
    if ms > 100:
        raise ValueError(f"{key}: {ms} ms is too slow")
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_helper_raises_by_design(web: str) -> list[str]:
    out = []
    for k, ms in (("b", 40), ("c", 90), ("a", 150), ("d", 60)):
        try:
            out.append(validate_then_fetch(web, k, ms))
        except ValueError as e:
            print("skip:", e)
    return out


def r150_while_counter_progress(web: str) -> list[str]:
    keys = ["a", "b", "c"]
    lats = [150, 40, 90]
    out = []
    i = 0
    while i < len(keys):
        out.append(fetch_progress(web, keys[i], lats[i], i + 1, len(keys)))
        i += 1
    return out


async def afetch_loud(client: httpx.AsyncClient, key: str, ms: int) -> str:
    print("async fetching", key)
    r = await client.get(f"/items/{key}", params={"ms": ms})
    print("async got", key)
    return r.json()["value"]


async def r150_async_printing_helper_loop(client: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(await afetch_loud(client, k, ms))
    return out


async def aask_loud(client: Any, topic: str, lat: float) -> str:
    print(f"Asking the model about {topic}...")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    text = r.choices[0].message.content
    print("  ->", first_words(text))
    return text


async def r150_async_ask_prints_loop(client: Any) -> list[str]:
    out = []
    for topic, lat in TOPICS:
        out.append(await aask_loud(client, topic, lat))
    return out


def _async_httpx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await f(client)
    return asyncio.run(main())


def _async_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def fetch_thread_tag(web: str, key: str, ms: int) -> str:
    print(f"[{threading.current_thread().name}] fetching {key}")
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r150_thread_name_in_print(web: str) -> list[str]:
    return [fetch_thread_tag(web, k, ms) for k, ms in KMS]


def fetch_one_of_four(web: str, key: str, ms: int) -> str:
    print("Fetching", key, end="... ", flush=True)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("ok")
    return value


def r150_caller_and_helper_share_line(web: str) -> list[str]:
    out = []
    for i, (k, ms) in enumerate(KMS, 1):
        print(f"({i})", end=" ")
        out.append(fetch_one_of_four(web, k, ms))
    print("total", len(out), sep=": ")
    return out


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _rag(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=oa_web, servers="web api", ideal=ideal, **kw)


def _drive_twice(fn: Any, env: Env) -> list[Any]:
    return [fn(env.web, True), fn(env.web, False), fn(env.web, True)]


DS = [lat for _, _, lat in DATASET]

ALL: list[Case] = [
    _w(r150_fetch_print_before_after, O3, overlap=3),
    _w(r150_fetch_verbose_param, O3, overlap=3),
    _w(r150_verbose_global_flipped_by_caller, over(0.15, 0.04, 0.09, 0.06)),
    _w(r150_quiet_flag_flipped_mid_loop, O3),
    _w(r150_progress_i_of_n, O4, overlap=4),
    _w(r150_progress_padded_widths, O3, overlap=3),
    _w(r150_carriage_return_progress, O3, overlap=3),
    _w(r150_print_json_dumps_indent, O3, overlap=3),
    _w(r150_pprint_in_helper, O3),
    _w(r150_print_pformat_in_helper, O3, overlap=3),
    _w(r150_rich_print_helper, O3),
    _w(r150_rich_console_helper, O3),
    _w(r150_print_file_stdout_explicit, O3),
    _w(r150_helper_prints_and_logs, O3),
    _w(r150_class_log_method, O3),
    _w(r150_class_verbose_direct_print, O3, overlap=3),
    _w(r150_class_verbose_flipped_between, O3),
    _w(r150_global_cache_filled_between, O3),
    _w(r150_seeded_random_in_helper, O3),
    _w(r150_header_printed_once_global, O3),
    _w(r150_user_object_str_prints, O3),
    _w(r150_dataclass_repr_printed, O3, overlap=3),
    _w(r150_nested_helper_prints, O3),
    _w(r150_decorator_announces, O3),
    _w(r150_print_in_finally_fail_stops, cat="validation", speculative_reads=True),
    _w(r150_print_then_reraise, O4, cat="validation"),
    _w(r150_quiet_redirect_stdout, O3),
    Case("helpers", r150_calls_twice_verbose, servers="web", drive=_drive_twice, ideal=O3),
    _w(r150_httpx_client_helper, O3, overlap=3),
    _w(r150_urllib_helper, O3, overlap=3),
    _w(r150_sleep_helper_prints, O3, cat="sleep"),
    _sdk(r150_ask_model_prints, O3, overlap=3),
    _sdk(r150_ask_usage_cost_format, O3, overlap=3),
    _sdk(r150_assistant_class_verbose, O3, overlap=3),
    _sdk(r150_assistant_log_method, O3),
    _sdk(r150_ask_rich_print, O3),
    _rag(r150_rag_retrieve_then_ask, RAG_IDEAL),
    _rag(r150_rag_pipeline_helper, RAG_IDEAL),
    _sdk(r150_batch_score_grader_prints, over(*DS), overlap=4),
    _sdk(r150_batch_answer_then_grade, sum(DS) * 1.5 / (max(DS) * 1.5)),
    _sdk(r150_grader_appends_running_mean, over(*DS)),
    _w(r150_method_with_super_prints, O3, overlap=3),
    _w(r150_name_mangled_attr_prints, O3, overlap=3),
    _w(r150_keyword_only_defaults, O4, overlap=4),
    _w(r150_property_getter_prints, O3),
    _w(r150_self_str_prints, O3),
    _w(r150_dict_arg_changed_after_call, O3),
    _w(r150_list_appended_after_print_after_get, O3),
    _w(r150_lru_cache_printing_helper, O3),
    _w(r150_break_on_value, over(0.15, 0.04), cat="validation"),
    _w(r150_section_context_manager, O3, overlap=3),
    _w(r150_configure_global_base, O3, overlap=3),
    _w(r150_sys_exit_in_helper, cat="validation", speculative_reads=True),
    _w(r150_print_arg_raises_keyerror, O3, cat="validation"),
    _w(r150_helper_raises_by_design, over(0.04, 0.09, 0.06), cat="validation"),
    _w(r150_while_counter_progress, O3),
    Case("helpers", r150_async_printing_helper_loop, servers="web", drive=_async_httpx,
         ideal=O3),
    Case("sdk", r150_async_ask_prints_loop, servers="api", drive=_async_oa, ideal=O3),
    _w(r150_thread_name_in_print, O3),
    _w(r150_caller_and_helper_share_line, O3, overlap=3),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]

# The overlap an ideal scheduler has that the JIT does not reach. (Printing helpers that
# wait in a bounded pool, openai's and httpx.Client's, did not when written: they do now.)
SHORT_WHY: dict[str, str] = {
    "r150_rag_retrieve_then_ask": "the retrieves overlap; each answer step waits for its own "
                                  "retrieve (a chain of a read and a printing helper)",
    "r150_urllib_helper": "`resp.status` read after the `with urlopen(...)` block: the helper "
                          "'calls callee known only at run time'",
    "r150_print_pformat_in_helper": "pprint.pformat has no rule (PrettyPrinter's dispatch is a "
                                    "callee known only at run time)",
    "r150_pprint_in_helper": "pprint.pprint: not the helper's own print()",
    "r150_rich_print_helper": "rich's print is not builtins.print: no printing twin",
    "r150_rich_console_helper": "Console.print: as rich's print",
    "r150_method_with_super_prints": "super().get(...) is a callee known only at run time",
    "r150_name_mangled_attr_prints": "self.__base: the class's methods fail the source check "
                                     "('source file no longer matches', the recompiled code is "
                                     "not mangled), so construct and get are unknown",
    "r150_class_log_method": "the prints are in self.log, a helper of the helper (documented)",
    "r150_assistant_log_method": "as r150_class_log_method",
    "r150_nested_helper_prints": "a helper of the helper prints (documented)",
    "r150_rag_pipeline_helper": "rag_one calls two printing helpers (documented)",
    "r150_while_counter_progress": "a while loop over keys[i]: its calls are not started ahead",
    "r150_section_context_manager": "the call in the second `with Section(...)` block is not "
                                    "started during the first block",
    "r150_async_printing_helper_loop": "async printing helpers have no printing twin "
                                       "(coroutines excluded): awaited in place",
    "r150_async_ask_prints_loop": "as r150_async_printing_helper_loop",
    "r150_keyword_only_defaults": "the fourth call (after the comprehension) waits for it",
}
