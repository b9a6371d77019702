# ruff: noqa: SIM115, B023, PLW0603, PTH - the shapes under test: programs as users write them
"""Red-team cases (stop 234): whole compound-AI programs, as users write them.

Each case is a small program of the kind people build on model APIs: an ensemble of model
calls read by a judge, self-consistency voting until two samples agree, a verifier loop that
retries until a check passes, a router that picks a model from a classifier's answer,
map-reduce summarisation over chunks of a file or a server's text, a tool loop whose tools
GET and PUT the corpus's web server, a budget counter that stops early, a memo cache of
answers (a dict, `functools.lru_cache`, a JSON file, the server itself, Ember's `Cache`),
prompts built from files and results written to files or PUT to the server, progress
printed and logged along the way; Ember's models beside the openai SDK on the API server;
classes holding models and clients whose methods call each other; and Ember's own
operators and combinators (`Ensemble`, `Judge`, `MostCommon`, `Verifier`, `Router`,
`Retry`, `Cache`, NON graphs, `xcs.parallel`, `xcs.vmap`) inside the jitted function.

The adversarial shapes: state carried between steps through shared objects (a history a
method appends to and the next prompt counts, a budget a helper spends and the loop
tests, a memo dict a helper fills and the next call consults, a global token counter that
picks the next model), operators whose "model" is a Python callable doing I/O of its own
(reading a file the function just rewrote, GETting an item the function just PUT), tools
dispatched through a dict of lambdas in a comprehension (a GET after a PUT of the same
key), early exits decided by an answer, and exceptions at awkward places (an HTTP error
after an ensemble, a failing member of a comprehension of SDK calls, a `KeyError` while
building a prompt between a call and a PUT), and call hooks and budgets entered mid-way
(`add_hook` between calls, a `models.budget` block, a budget the caller holds, a user's
context manager around `scoped_hooks`).

`FAILING` is empty: every case gave the plain run's outcome under jit when written.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import json
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openai
import requests

import ember.models as models_mod
from ember.api import models, non, operators, xcs
from ember.errors import BudgetExceeded
from tests.xcs.libcorpus._case import (
    CLIENT_LAT,
    Case,
    Env,
    corpus_logger,
    openai_client,
    serial_ideal,
)

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

LOG = corpus_logger("r234")


# ------------------------------------------------------------------ helpers users write


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(q: str, ms: int = 100, model: str = "sim/gpt") -> str:
    return str(models(model, q, latency=ms / 1000))[:32]


def _chat(client: Any, q: str, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:32]


def _score(text: str) -> int:
    """A stand-in for a parsed grade: a stable number from the answer's text."""
    return int(hashlib.sha256(str(text).encode()).hexdigest()[:4], 16) % 10


def _label(text: str) -> str:
    return ("math", "chat", "code")[_score(text) % 3]


# ------------------------------------------------------------------ ensembles and judges


def r234_ensemble_three_models_judge(question: str) -> str:
    a = _ask(question, 100, "sim/gpt")
    b = _ask(question, 100, "sim/claude")
    c = _ask(question, 100, "sim/gemini")
    return _ask(f"Pick the best for {question}: 1) {a} 2) {b} 3) {c}", 100, "sim/judge")


def r234_ensemble_prints_progress(question: str) -> list[str]:
    answers = []
    for i, model in enumerate(("sim/gpt", "sim/claude", "sim/gemini"), 1):
        ans = _ask(question, 80, model)
        print(f"[{i}/3] {model}: {ans[:12]}")
        answers.append(ans)
    verdict = _ask(" | ".join(answers), 60, "sim/judge")
    print("judge:", verdict[:16])
    return answers + [verdict]


def r234_ensemble_logs_each_answer(question: str) -> str:
    answers = {}
    for model in ("sim/gpt", "sim/claude"):
        LOG.info("asking %s", model)
        answers[model] = _ask(question, 100, model)
        LOG.info("%s answered %d chars", model, len(answers[model]))
    best = max(answers, key=lambda m: _score(answers[m]))
    LOG.warning("best is %s", best)
    return best


def r234_ensemble_prompts_from_file_result_to_file(tmp: str) -> list[str]:
    p = Path(tmp) / "questions.txt"
    p.write_text("why is the sky blue\nwhat is rain\nhow do tides work\n")
    qs = [line for line in p.read_text().splitlines() if line]
    answers = [_ask(q, 100) for q in qs]
    out = Path(tmp) / "answers.txt"
    out.write_text("\n".join(f"{q} => {a}" for q, a in zip(qs, answers, strict=True)))
    summary = _ask(out.read_text(), 60, "sim/judge")
    return [out.read_text().count("=>"), summary]


def r234_ensemble_judge_result_put_then_get(web: str) -> list[Any]:
    a = _ask("plan a trip", 100, "sim/gpt")
    b = _ask("plan a trip", 100, "sim/claude")
    best = _ask(f"best of {a} / {b}", 60, "sim/judge")
    version = _put(web, "best-plan", best)
    back = _get(web, "best-plan")
    return [version, back == best, back[:12]]


def r234_ensemble_member_invalid_param_caught() -> list[str]:
    answers = []
    for temp in (0.2, 9, 0.5):
        try:
            answers.append(str(models("sim/gpt", "name a colour", temperature=temp,
                                      latency=0.08))[:20])
        except ValueError as e:
            answers.append(f"skipped: {type(e).__name__}")
    return answers


CALLS: collections.Counter[str] = collections.Counter()


def _counted_ask(q: str, model: str) -> str:
    CALLS[model] += 1
    return _ask(q, 80, model)


def r234_ensemble_global_call_counter() -> list[Any]:
    CALLS.clear()
    a = _counted_ask("q1", "sim/gpt")
    b = _counted_ask("q1", "sim/claude")
    snapshot = dict(CALLS)
    c = _counted_ask(f"judge {a} {b}", "sim/judge")
    return [snapshot, dict(CALLS), c[:10]]


def r234_ensemble_operator_then_judge_operator() -> list[Any]:
    ens = operators.Ensemble(["sim/gpt", "sim/claude"], n=2, latency=0.08)
    judge = operators.Judge("sim/judge", temperature=0, latency=0.06)
    answers = ens("What is a compound AI system?")
    best = judge("What is a compound AI system?", answers)
    return [len(answers), str(best)[:20], len(best.responses)]


def r234_ensemble_most_common_of_labels() -> list[Any]:
    labels = [_label(_ask(f"classify: refund please #{i}", 60)) for i in range(5)]
    winner = operators.MostCommon()(labels)
    return [labels, str(winner), winner.info["agreement"]]


def r234_non_graph_then_put(web: str) -> list[Any]:
    system = non.build_graph("2E@sim/gpt(latency=0.06) -> 1J@sim/judge(latency=0.06)")
    ans = system(query="Summarise ember")
    v = _put(web, "non-answer", str(ans)[:40])
    return [len(ans.responses), v, _get(web, "non-answer")[:10]]


def _file_model(path: Path) -> Any:
    def model(prompt: str) -> str:
        return f"ctx={path.read_text()} | {prompt[:12]}"
    return model


def r234_ensemble_callable_member_reads_rewritten_file(tmp: str) -> list[Any]:
    ctx = Path(tmp) / "context.txt"
    ctx.write_text("draft one")
    ens = operators.Ensemble(_file_model(ctx), n=1)
    first = ens("what changed")
    ctx.write_text(_ask("rewrite the context", 100))
    second = ens("what changed")
    return [first, second]


def r234_judge_callable_reads_server_after_put(web: str) -> list[str]:
    judge = operators.Judge(lambda prompt: "ok\nFinal answer: " + _get(web, "verdict"))
    _put(web, "verdict", "candidate two wins")
    best = judge("which?", ["one", "two"])
    _put(web, "verdict", "candidate one wins")
    again = judge("which?", ["one", "two"])
    return [str(best), str(again)]


def r234_function_operator_puts_then_get(web: str) -> list[Any]:
    @operators.op
    def publish(text: str) -> int:
        return _put(web, "published", text)

    draft = _ask("write a tweet", 100)
    v = publish(draft)
    seen = _get(web, "published")
    return [v, seen == draft]


# ------------------------------------------------------------------ self-consistency voting


def r234_vote_until_two_agree() -> list[Any]:
    votes: collections.Counter[str] = collections.Counter()
    samples = []
    for seed in range(8):
        ans = models("sim/gpt", "2+2?", temperature=0.8, seed=seed, latency=0.05)
        label = _label(ans)
        samples.append(label)
        votes[label] += 1
        if votes[label] >= 2:
            return [label, samples]
    return ["none", samples]


def r234_vote_fixed_samples_most_common() -> list[Any]:
    samples = [_label(models("sim/gpt", "capital of France?", temperature=0.8, seed=s,
                             latency=0.08)) for s in range(5)]
    label, count = collections.Counter(samples).most_common(1)[0]
    print(f"vote: {label} ({count}/5)")
    return [label, count, samples]


def r234_vote_printing_running_tally() -> dict[str, int]:
    tally: dict[str, int] = {}
    for s in range(4):
        lab = _label(models("sim/gpt", "is it spam?", temperature=0.9, seed=s, latency=0.06))
        tally[lab] = tally.get(lab, 0) + 1
        print("tally", sorted(tally.items()))
    return tally


def r234_vote_stops_when_margin_reached(web: str) -> list[Any]:
    votes = collections.Counter()
    n = 0
    while n < 6:
        lab = _label(models("sim/gpt", "pick a door", temperature=1.0, seed=n, latency=0.05))
        votes[lab] += 1
        n += 1
        top = votes.most_common(2)
        lead = top[0][1] - (top[1][1] if len(top) > 1 else 0)
        if lead >= 2:
            break
    v = _put(web, "vote", json.dumps(dict(votes), sort_keys=True))
    return [n, dict(votes), v]


# ------------------------------------------------------------------ verifier loops


def r234_verifier_loop_retries_until_check() -> list[Any]:
    prompt = "Write a haiku about rust"
    history = []
    for attempt in range(5):
        draft = _ask(prompt, 60)
        verdict = _ask(f"Is this a haiku? {draft}", 40, "sim/judge")
        history.append(_score(verdict))
        if _score(verdict) >= 5:
            return [attempt, draft[:10], history]
        prompt += f" (attempt {attempt + 1} failed)"
    return [-1, "", history]


def r234_verifier_check_is_server_state(web: str) -> list[Any]:
    tries = []
    for attempt in range(4):
        draft = _ask(f"attempt {attempt}: fix the bug", 60)
        _put(web, "review", f"{attempt}:{_score(draft)}")
        status = _get(web, "review")
        tries.append(status)
        if int(status.split(":")[1]) >= 6:
            break
    return tries


class CheckFailed(Exception):
    pass


def r234_verifier_raises_after_attempts(web: str) -> Any:
    for attempt in range(3):
        draft = _ask(f"give json #{attempt}", 60)
        _put(web, f"attempt-{attempt}", draft[:16])
        try:
            return json.loads(draft)
        except json.JSONDecodeError:
            LOG.info("attempt %d not json", attempt)
    raise CheckFailed("no valid json after 3 attempts")


def r234_verifier_operator_checker_reads_server(web: str) -> list[Any]:
    def checker(prompt: str) -> str:
        ok = _get(web, "tests-pass")
        return "Verdict: correct" if ok == "yes" else "tests fail\nVerdict: incorrect"

    _put(web, "tests-pass", "no")
    ver = operators.Verifier(checker, reviser=lambda p: "Final answer: patched", max_rounds=1)
    first = ver("fix it", "old code")
    _put(web, "tests-pass", "yes")
    second = ver("fix it", "old code")
    return [str(first), first.info["verified"], str(second), second.info["verified"]]


def r234_retry_operator_put_each_attempt(web: str) -> list[Any]:
    attempts = []

    def inner(q: str) -> int:
        v = _put(web, "attempt", f"{q}-{len(attempts)}")
        attempts.append(v)
        return v

    got = operators.Retry(inner, attempts=4, accept=lambda v: v >= 3)("job")
    final = _get(web, "attempt")
    return [got, attempts, final]


# ------------------------------------------------------------------ routers


def r234_router_classifier_picks_model(question: str) -> list[str]:
    label = _label(_ask(f"classify: {question}", 60))
    model = {"math": "sim/gpt", "chat": "sim/claude", "code": "sim/gemini"}[label]
    answer = _ask(question, 100, model)
    return [label, model, answer[:10]]


def r234_router_table_from_file_rewritten(tmp: str) -> list[str]:
    table = Path(tmp) / "routes.json"
    table.write_text(json.dumps({"math": "sim/gpt", "chat": "sim/claude", "code": "sim/gpt"}))
    label = _label(_ask("classify: hello there", 60))
    routes = json.loads(table.read_text())
    first = _ask("hello there", 80, routes[label])
    routes[label] = "sim/judge"
    table.write_text(json.dumps(routes))
    second = _ask("hello again", 80, json.loads(table.read_text())[label])
    return [label, first[:8], second[:8]]


ROUTED: list[str] = []


def _classify(q: str) -> str:
    ROUTED.append(q)
    return "math" if any(ch.isdigit() for ch in q) else "chat"


def r234_router_operator_function_classifier() -> list[Any]:
    ROUTED.clear()
    router = operators.Router({"math": lambda q: _ask(q, 80, "sim/gpt"),
                               "chat": lambda q: _ask(q, 80, "sim/claude")}, _classify)
    a = router("what is 12*7")
    b = router("tell me a joke")
    return [a[:8], b[:8], list(ROUTED)]


class Assistant:
    def __init__(self, web: str) -> None:
        self.web = web
        self.routed: list[str] = []

    def math(self, q: str) -> str:
        return _ask(q, 80, "sim/gpt")

    def chat(self, q: str) -> str:
        return _ask(q, 80, "sim/claude")

    def code(self, q: str) -> str:
        _put(self.web, "code-request", q)
        return _ask(q, 80, "sim/gemini")

    def handle(self, q: str) -> str:
        route = _label(_ask(f"route: {q}", 40))
        self.routed.append(route)
        return getattr(self, route)(q)


def r234_router_getattr_dispatch_methods(web: str) -> list[Any]:
    bot = Assistant(web)
    answers = [bot.handle(q)[:8] for q in ("sort a list", "hi", "2+2", "write sql")]
    return [answers, bot.routed, _get(web, "code-request")]


# ------------------------------------------------------------------ map-reduce


_DOC = "\n".join(f"Paragraph {i}: ember runs calls at once and keeps order." for i in range(6))


def _chunks(text: str, size: int) -> list[str]:
    lines = text.splitlines()
    return ["\n".join(lines[i:i + size]) for i in range(0, len(lines), size)]


def r234_mapreduce_chunks_from_file(tmp: str) -> list[Any]:
    src = Path(tmp) / "doc.txt"
    src.write_text(_DOC)
    parts = [_ask(f"Summarise: {c}", 100) for c in _chunks(src.read_text(), 2)]
    final = _ask("Combine: " + " / ".join(parts), 60, "sim/judge")
    (Path(tmp) / "summary.txt").write_text(final)
    return [len(parts), final[:12]]


def r234_mapreduce_progress_prints(tmp: str) -> str:
    src = Path(tmp) / "doc.txt"
    src.write_text(_DOC)
    partial = []
    chunks = _chunks(src.read_text(), 2)
    for i, chunk in enumerate(chunks):
        partial.append(_ask(f"Summarise part {i}: {chunk}", 80))
        print(f"summarised {i + 1}/{len(chunks)}", flush=True)
    return _ask(" ".join(partial), 60, "sim/judge")[:16]


def r234_mapreduce_partials_to_files_then_glob(tmp: str) -> list[Any]:
    d = Path(tmp)
    for i, chunk in enumerate(_chunks(_DOC, 3)):
        (d / f"part-{i}.txt").write_text(_ask(chunk, 100))
    names = sorted(p.name for p in d.glob("part-*.txt"))
    merged = " ".join((d / n).read_text() for n in names)
    return [names, _ask(merged, 60, "sim/judge")[:12]]


def r234_mapreduce_refine_chain() -> str:
    summary = ""
    for chunk in _chunks(_DOC, 2):
        summary = _ask(f"Refine '{summary[:20]}' with {chunk[:30]}", 60)
    return summary


def r234_mapreduce_text_from_server_put_result(web: str) -> list[Any]:
    lines = requests.get(f"{web}/text/report", timeout=5).text.splitlines()
    sums = [_ask(f"one word for: {line}", 90) for line in lines]
    v = _put(web, "report-summary", " | ".join(s[:8] for s in sums))
    return [len(lines), v, _get(web, "report-summary")]


def r234_mapreduce_vmap_then_reduce(tmp: str) -> list[Any]:
    summarise = xcs.vmap(lambda c: str(models("sim/gpt", f"Summarise {c}", latency=0.08))[:16])
    parts = summarise(_chunks(_DOC, 2))
    out = Path(tmp) / "parts.json"
    out.write_text(json.dumps(parts))
    return [len(parts), _ask(out.read_text(), 60, "sim/judge")[:12]]


def r234_mapreduce_parallel_map_then_put(web: str) -> list[Any]:
    parts = xcs.parallel_map(lambda c: _ask(c, 80), _chunks(_DOC, 3))
    v = _put(web, "parts", str(len(parts)))
    return [parts, v]


def r234_xcs_parallel_models_then_file(tmp: str) -> list[Any]:
    p = Path(tmp) / "out.txt"
    p.write_text("before")
    x, y = xcs.parallel(lambda: _ask("alpha", 100), lambda: _ask("beta", 60))
    p.write_text(x + y)
    return [p.read_text()[:20], _ask(p.read_text()[:20], 60)[:8]]


def r234_vmap_collect_errors_then_put(web: str) -> list[Any]:
    def ask(t: float) -> str:
        return str(models("sim/gpt", "hi", temperature=t, latency=0.05))[:10]

    results = xcs.vmap(ask, errors="collect")([0.1, 7.0, 0.3])
    kinds = [type(r).__name__ for r in results]
    v = _put(web, "kinds", ",".join(kinds))
    return [kinds, v]


# ------------------------------------------------------------------ tool-calling loops


def r234_tool_dict_of_lambdas_comprehension(web: str) -> list[Any]:
    tools = {"get": lambda k: _get(web, k), "put": lambda k, v: _put(web, k, v)}
    plan = [("put", "city", "Oslo"), ("get", "city"), ("get", "weather"), ("put", "city", "Rome"),
            ("get", "city")]
    return [tools[name](*args) for name, *args in plan]


def r234_tool_loop_model_decides_action(web: str) -> list[Any]:
    observations = []
    for step in range(4):
        choice = _ask(f"step {step}, seen {len(observations)}", 50)
        if _score(choice) % 2 == 0:
            observations.append(("put", _put(web, "memo", f"step{step}")))
        else:
            observations.append(("get", _get(web, "memo")))
    return observations


def r234_tool_loop_poll_job_until_done(web: str) -> list[Any]:
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    polls = 0
    while True:
        state = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        polls += 1
        if state == "done":
            break
    answer = _ask(f"job {job} finished after {polls} polls", 60)
    return [job, polls, answer[:10]]


def r234_run_tools_get_and_put_tools(web: str) -> list[Any]:
    def lookup_price(item: str) -> str:
        """Look up the price of an item."""
        return _get(web, f"price-{item}")

    def save_order(item: str) -> str:
        """Save an order for an item."""
        return str(_put(web, "order", item))

    ans = operators.run_tools("sim/gpt", "Please lookup price then save order for tea",
                              tools=[lookup_price, save_order], latency=0.05)
    final = _get(web, "order")
    return [ans.finish_reason, len(final) > 0]


class ToolAgent:
    def __init__(self, web: str) -> None:
        self.web = web
        self.scratch: dict[str, str] = {}

    def read(self, key: str) -> str:
        if key in self.scratch:
            return self.scratch[key]
        return _get(self.web, key)

    def write(self, key: str, value: str) -> None:
        self.scratch[key] = value
        _put(self.web, key, value)

    def step(self, goal: str) -> str:
        thought = _ask(goal, 60)
        if _score(thought) > 4:
            self.write("goal", goal)
        return self.read("goal")


def r234_tool_agent_scratch_cache(web: str) -> list[str]:
    agent = ToolAgent(web)
    return [agent.step(g) for g in ("book flight", "book hotel", "rent car", "pay")]


def r234_tool_calls_via_sdk_then_web(web: str, client: Any) -> list[Any]:
    tools = [{"type": "function", "function": {
        "name": "get_weather", "description": "weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]}}}]
    r = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "get weather for Oslo"}],
        tools=tools)
    calls = r.choices[0].message.tool_calls or []
    results = []
    for call in calls:
        args = json.loads(call.function.arguments)
        _put(web, "last-city", str(args.get("city", "?"))[:12])
        results.append(_get(web, "last-city"))
    follow = _chat(client, f"weather results: {results}")
    return [len(calls), results, follow[:8]]


# ------------------------------------------------------------------ budgets


class Budget:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0

    def charge(self, result: Any) -> None:
        self.spent += result.usage.completion_tokens

    @property
    def ok(self) -> bool:
        return self.spent < self.limit


def r234_budget_object_stops_loop() -> list[Any]:
    budget = Budget(90)
    answers = []
    for q in ("a", "b", "c", "d", "e"):
        if not budget.ok:
            break
        r = models("sim/gpt", f"explain {q}", latency=0.05)
        budget.charge(r)
        answers.append(str(r)[:8])
    return [len(answers), budget.spent]


class OverBudget(Exception):
    pass


TOKENS = {"used": 0}


def _spend(q: str) -> str:
    r = models("sim/gpt", q, latency=0.05)
    TOKENS["used"] += r.usage.completion_tokens
    if TOKENS["used"] > 100:
        raise OverBudget(f"used {TOKENS['used']}")
    return str(r)[:8]


def r234_budget_helper_raises_caught(web: str) -> list[Any]:
    TOKENS["used"] = 0
    done = []
    try:
        for q in ("one", "two", "three", "four", "five"):
            done.append(_spend(q))
            _put(web, "progress", str(len(done)))
    except OverBudget as e:
        LOG.warning("stopped: %s", e)
    return [done, _get(web, "progress")]


def r234_budget_continue_skips() -> list[Any]:
    spent = 0
    skipped = []
    answers = []
    for q in ("short", "a much longer question here", "mid one", "tiny"):
        if spent > 60:
            skipped.append(q)
            continue
        r = models("sim/gpt", q, latency=0.05)
        spent += r.usage.completion_tokens
        answers.append(str(r)[:6])
    return [answers, skipped, spent]


def _pick_model() -> str:
    return "sim/gpt-mini" if TOKENS["used"] > 50 else "sim/gpt"


def _ask_tracked(q: str) -> Any:
    r = models(_pick_model(), q, latency=0.06)
    TOKENS["used"] += r.usage.completion_tokens
    return r


def r234_budget_global_picks_next_model() -> list[str]:
    TOKENS["used"] = 0
    a = _ask_tracked("first question")
    b = _ask_tracked("second question")
    c = _ask_tracked("third question")
    return [a.model_id, b.model_id, c.model_id, str(TOKENS["used"])]


def r234_budget_cost_sum_then_put(web: str) -> list[Any]:
    results = [models("sim/gpt", f"q{i}", latency=0.08) for i in range(3)]
    cost = round(sum(r.cost_usd for r in results), 8)
    v = _put(web, "cost", str(cost))
    return [cost, v]


# ------------------------------------------------------------------ memo caches


def r234_memo_dict_repeated_question() -> list[Any]:
    memo: dict[str, str] = {}
    misses = []

    def ask(q: str) -> str:
        if q not in memo:
            misses.append(q)
            memo[q] = _ask(q, 80)
        return memo[q]

    out = [ask("capital of France"), ask("capital of Spain"), ask("capital of France")]
    return [out, misses]


def make_r234_memo_lru_cache_info(env: Env) -> Any:
    @functools.lru_cache(maxsize=16)
    def cached(q: str) -> str:
        return _ask(q, 80)

    def r234_memo_lru_cache_info() -> list[Any]:
        a = cached("why")
        b = cached("how")
        c = cached("why")
        info = cached.cache_info()
        return [a == c, b[:6], info.hits, info.misses]

    return r234_memo_lru_cache_info


def make_r234_memo_cache_operator_info(env: Env) -> Any:
    cached = operators.Cache("sim/gpt", maxsize=8, latency=0.08)

    def r234_memo_cache_operator_info() -> list[Any]:
        a = cached("hello")
        b = cached("hello")
        c = cached("bye")
        info = cached.info()
        return [str(a) == str(b), str(c)[:6], info.hits, info.misses, info.size]

    return r234_memo_cache_operator_info


def r234_memo_json_file_cache(tmp: str) -> list[Any]:
    p = Path(tmp) / "cache.json"
    asked = []
    for q in ("alpha", "beta", "alpha", "gamma", "beta"):
        cache = json.loads(p.read_text()) if p.exists() else {}
        if q not in cache:
            asked.append(q)
            cache[q] = _ask(q, 60)
            p.write_text(json.dumps(cache, sort_keys=True))
    return [asked, sorted(json.loads(p.read_text()))]


def r234_memo_on_server(web: str) -> list[Any]:
    out = []
    for q in ("x", "y", "x"):
        key = f"missing-{q}"
        r = requests.get(f"{web}/items/{key}", timeout=5)
        if r.status_code == 404:
            ans = _ask(q, 60)
            _put(web, key, ans)
            out.append(("asked", ans[:6]))
        else:
            out.append(("cached", r.json()["value"][:6]))
    return out


def r234_memo_passed_in_two_calls(memo: dict[str, str], web: str) -> list[Any]:
    hits = 0
    for q in ("a", "b"):
        if q in memo:
            hits += 1
            continue
        memo[q] = _ask(q, 60) + _get(web, q)
    _put(web, "memo-size", str(len(memo)))
    return [hits, sorted(memo)]


def r234_memo_shared_by_ensemble_members() -> list[Any]:
    memo: dict[str, str] = {}
    called = []

    def member(model: str, q: str) -> str:
        key = f"{model}:{q}"
        if key not in memo:
            called.append(key)
            memo[key] = _ask(q, 60, model)
        return memo[key]

    answers = [member(m, "q") for m in ("sim/gpt", "sim/claude", "sim/gpt", "sim/claude")]
    return [len(set(answers)), called]


# ------------------------------------------------------------------ prompts from files, results to files


def r234_prompt_template_rewritten_by_answer(tmp: str) -> list[str]:
    tpl = Path(tmp) / "prompt.txt"
    tpl.write_text("Describe {topic} briefly")
    first = _ask(tpl.read_text().format(topic="bees"), 100)
    tpl.write_text("Now compare {topic} with: " + first[:10])
    second = _ask(tpl.read_text().format(topic="wasps"), 60)
    return [first[:10], second[:10], tpl.read_text()]


def r234_results_appended_jsonl_counted(tmp: str) -> list[Any]:
    log = Path(tmp) / "results.jsonl"
    counts = []
    for q in ("one", "two", "three"):
        ans = _ask(q, 60)
        with open(log, "a") as f:
            f.write(json.dumps({"q": q, "a": ans[:8]}) + "\n")
        counts.append(len(log.read_text().splitlines()))
    return counts


def r234_file_written_then_posted(tmp: str, web: str) -> list[Any]:
    out = Path(tmp) / "report.md"
    out.write_text("# Report\n" + _ask("write a report", 100))
    v = _put(web, "report", out.read_text())
    server_copy = _get(web, "report")
    out.write_text(out.read_text() + "\n(posted)")
    return [v, server_copy == out.read_text().removesuffix("\n(posted)")]


def r234_prompt_from_server_answers_to_file(tmp: str, web: str) -> list[str]:
    topics = [_get(web, k, 60) for k in ("t1", "t2", "t3")]
    out = Path(tmp) / "answers.txt"
    with open(out, "w") as f:
        for t in topics:
            f.write(_ask(f"explain {t}", 60) + "\n")
    return out.read_text().splitlines()


def r234_unclosed_progress_file_read_by_judge(tmp: str) -> str:
    p = Path(tmp) / "progress.txt"
    f = open(p, "w")
    for q in ("a", "b"):
        f.write(_ask(q, 60) + "\n")
    seen = p.read_text()
    f.close()
    return _ask(f"judge {len(seen)} {len(p.read_text())}", 40)[:8] + f" {len(seen)}"


# ------------------------------------------------------------------ openai SDK beside Ember


def r234_sdk_and_ember_ensemble_sdk_judge(client: Any) -> str:
    a = _chat(client, "name a fruit")
    b = _ask("name a fruit", 200)
    c = _chat(client, "name a fruit", "gpt-mini")
    return _chat(client, f"best of {a} | {b} | {c}", "judge")


def r234_sdk_router_then_ember(client: Any) -> list[str]:
    label = _label(_chat(client, "classify: what is 7*6"))
    model = "sim/gpt" if label == "math" else "sim/claude"
    ans = _ask("what is 7*6", 200, model)
    return [label, ans[:8]]


def r234_sdk_conversation_messages_list(client: Any) -> list[str]:
    messages = [{"role": "system", "content": "be brief"},
                {"role": "user", "content": "hi"}]
    out = []
    for turn in ("tell me more", "and then?"):
        r = client.chat.completions.create(model="gpt", messages=messages)
        text = r.choices[0].message.content or ""
        out.append(text[:10])
        messages.append({"role": "assistant", "content": text})
        messages.append({"role": "user", "content": turn})
    out.append(str(len(messages)))
    return out


def r234_sdk_bad_request_fallback_to_ember(client: Any) -> list[str]:
    out = []
    for t in (0.5, 5.0):
        try:
            r = client.chat.completions.create(
                model="gpt", temperature=t, messages=[{"role": "user", "content": "hello"}])
            out.append((r.choices[0].message.content or "")[:8])
        except openai.BadRequestError as e:
            out.append(f"fallback {e.status_code}: " + _ask("hello", 200)[:8])
    return out


def r234_sdk_comprehension_with_failing_member(client: Any) -> Any:
    temps = [0.1, 3.5, 0.2]
    return [client.chat.completions.create(
        model="gpt", temperature=t,
        messages=[{"role": "user", "content": "x"}]).choices[0].message.content[:6]
        for t in temps]


def r234_sdk_answer_put_to_web(client: Any, web: str) -> list[Any]:
    drafts = [_chat(client, f"tagline {i}") for i in range(2)]
    v = _put(web, "tagline", drafts[0])
    check = _get(web, "tagline")
    return [v, check == drafts[0], drafts[1][:6]]


# ------------------------------------------------------------------ classes holding models and clients


class Pipeline:
    def __init__(self, web: str) -> None:
        self.web = web
        self.steps: list[str] = []

    def draft(self, topic: str) -> str:
        self.steps.append("draft")
        return _ask(f"draft about {topic}", 80)

    def critique(self, text: str) -> str:
        self.steps.append("critique")
        return _ask(f"critique: {text}", 60, "sim/judge")

    def revise(self, text: str, notes: str) -> str:
        self.steps.append("revise")
        return _ask(f"revise {text} using {notes} (step {len(self.steps)})", 60)

    def publish(self, text: str) -> int:
        self.steps.append("publish")
        return _put(self.web, "article", text)

    def run(self, topic: str) -> list[Any]:
        d = self.draft(topic)
        n = self.critique(d)
        r = self.revise(d, n)
        v = self.publish(r)
        return [v, list(self.steps)]


def r234_class_pipeline_methods_chain(web: str) -> list[Any]:
    p = Pipeline(web)
    first = p.run("bees")
    other = p.draft("ants")
    return [first, other[:8], p.steps, _get(web, "article")[:8]]


class Chat:
    def __init__(self) -> None:
        self.history: list[str] = []

    def ask(self, q: str) -> str:
        self.history.append(q)
        ans = _ask(f"[{len(self.history)} msgs] {q}", 60)
        self.history.append(ans)
        return ans


def r234_class_history_changes_prompt() -> list[Any]:
    chat = Chat()
    a = chat.ask("hello")
    b = chat.ask("what did I say")
    c = chat.ask("bye")
    return [a[:12], b[:12], c[:12], len(chat.history)]


class TieredModel:
    def __init__(self) -> None:
        self.spent = 0

    @property
    def model(self) -> str:
        return "sim/gpt" if self.spent < 40 else "sim/gpt-mini"

    def __call__(self, q: str) -> Any:
        r = models(self.model, q, latency=0.06)
        self.spent += r.usage.completion_tokens
        return r


def r234_class_property_switches_model() -> list[str]:
    m = TieredModel()
    outs = [m("one"), m("two"), m("three")]
    return [r.model_id for r in outs] + [str(m.spent)]


class Reviewer:
    def __init__(self, web: str, client: Any) -> None:
        self.web = web
        self.client = client

    def fetch(self, key: str) -> str:
        return _get(self.web, key)

    def review(self, key: str) -> str:
        text = self.fetch(key)
        return _chat(self.client, f"review {text}")

    def store(self, key: str, verdict: str) -> int:
        return _put(self.web, f"review-{key}", verdict)


def r234_class_reviewer_fetch_review_store(web: str, client: Any) -> list[Any]:
    r = Reviewer(web, client)
    out = []
    for key in ("doc1", "doc2"):
        verdict = r.review(key)
        out.append(r.store(key, verdict))
    out.append(r.fetch("review-doc1")[:6])
    return out


class BaseAgent:
    def __init__(self) -> None:
        self.log: list[str] = []

    def think(self, q: str) -> str:
        self.log.append("base")
        return _ask(q, 60)


class CarefulAgent(BaseAgent):
    def think(self, q: str) -> str:
        first = super().think(q)
        self.log.append("careful")
        return super().think(f"double-check {first[:10]}")


def r234_class_super_think_twice() -> list[Any]:
    agent = CarefulAgent()
    a = agent.think("what is 3*3")
    b = agent.think("what is 4*4")
    return [a[:8], b[:8], agent.log]


# ------------------------------------------------------------------ exceptions at awkward places


def r234_http_error_after_ensemble(web: str) -> Any:
    a = _ask("first", 100)
    b = _ask("second", 60)
    r = requests.get(f"{web}/status/503", timeout=5)
    r.raise_for_status()
    _put(web, "never", a + b)
    return a


def r234_keyerror_building_prompt_before_put(web: str) -> Any:
    a = _ask("topic", 100)
    fields = {"topic": a}
    prompt = "Write about {topic} for {audience}".format(**fields)
    _put(web, "prompt", prompt)
    return prompt


def r234_answer_not_json_fallback(web: str) -> list[Any]:
    raw = _ask("reply in json", 80)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        LOG.info("not json at %d", e.pos)
        data = {"text": raw[:8]}
    v = _put(web, "parsed", json.dumps(data))
    return [data, v]


def r234_assert_on_answer_before_put(web: str) -> Any:
    a = _ask("summarise", 80)
    assert len(a) < 10, f"answer too long: {len(a)}"
    return _put(web, "short", a)


def r234_exception_in_member_stops_later_puts(web: str) -> Any:
    results = []
    for i, temp in enumerate((0.3, 0.4, 8.0, 0.5)):
        r = models("sim/gpt", f"item {i}", temperature=temp, latency=0.05)
        results.append(_put(web, f"item-{i}", str(r)[:8]))
    return results


# ------------------------------------------------------------------ a few more shapes


def r234_generator_prompts_from_server(web: str) -> list[str]:
    def prompts():
        for k in ("p1", "p2", "p3"):
            yield f"expand {_get(web, k)}"

    return [_ask(p, 60)[:10] for p in prompts()]


def r234_early_return_on_confident_answer(web: str) -> Any:
    first = _ask("is the sky blue", 80)
    if _score(first) >= 3:
        return ["early", first[:8]]
    second = _ask("really?", 80)
    _put(web, "second", second)
    return ["late", second[:8]]


def r234_thread_pool_ensemble_then_judge() -> str:
    qs = ["a", "b", "c"]
    with ThreadPoolExecutor(3) as ex:
        answers = list(ex.map(lambda q: _ask(q, 100), qs))
    return _ask(" ".join(answers), 60, "sim/judge")[:10]


def r234_seeded_rng_picks_prompts() -> list[str]:
    rng = random.Random(7)
    pool = ["alpha", "beta", "gamma", "delta", "eps"]
    out = []
    for _ in range(3):
        q = rng.choice(pool)
        out.append(_ask(q, 60)[:10])
        pool.remove(q) if q in pool else None
    out.append(str(rng.random())[:6])
    return out


def make_r234_nonlocal_counter_closure(env: Env) -> Any:
    count = 0

    def ask(q: str) -> str:
        nonlocal count
        count += 1
        return f"{count}:{_ask(q, 60)[:6]}"

    def r234_nonlocal_counter_closure() -> list[str]:
        a = ask("x")
        b = ask("y")
        c = ask("z")
        return [a, b, c, str(count)]

    return r234_nonlocal_counter_closure


def r234_print_carriage_return_progress() -> list[str]:
    answers = []
    for i, q in enumerate(("a", "b", "c")):
        print(f"\r{i}/3 ...", end="", flush=True)
        answers.append(_ask(q, 60)[:6])
    print("\rdone     ")
    return answers


def r234_dict_comprehension_ensemble_then_log() -> dict[str, str]:
    models_ = ["sim/gpt", "sim/claude", "sim/gemini"]
    out = {m: _ask("the meaning of life", 90, m)[:8] for m in models_}
    for m, a in out.items():
        LOG.info("%s -> %s", m, a)
    return out


def r234_judge_prompt_counts_call_log() -> str:
    calls: list[str] = []

    def ask(model: str) -> str:
        calls.append(model)
        return _ask(f"call #{len(calls)}", 70, model)

    a = ask("sim/gpt")
    b = ask("sim/claude")
    return _ask(f"{len(calls)} answers: {a} {b} order={calls}", 50, "sim/judge")[:20]


def r234_params_dict_mutated_between_calls() -> list[str]:
    params = {"temperature": 0.0, "latency": 0.08}
    a = models("sim/gpt", "same q", **params)
    params["temperature"] = 0.9
    params["seed"] = 3
    b = models("sim/gpt", "same q", **params)
    return [str(a)[:20], str(b)[:20]]


def r234_shared_prompt_list_mutated_after_call() -> list[str]:
    parts = ["intro"]
    a = _ask(" ".join(parts), 80)
    parts.append(a[:6])
    b = _ask(" ".join(parts), 80)
    parts.clear()
    c = _ask(" ".join(parts) or "empty", 80)
    return [a[:6], b[:6], c[:6]]


def r234_put_between_reads_same_key_model_in_between(web: str) -> list[str]:
    before = _get(web, "doc")
    note = _ask(f"annotate {before}", 80)
    _put(web, "doc", note[:10])
    after = _get(web, "doc")
    side = _get(web, "unrelated", 100)
    return [before, after, side]


def r234_ensemble_writes_then_listing(tmp: str) -> list[Any]:
    d = Path(tmp) / "out"
    d.mkdir()
    for m in ("gpt", "claude"):
        (d / f"{m}.txt").write_text(_ask("q", 80, f"sim/{m}"))
    listing = sorted(p.name for p in d.iterdir())
    verdict = _ask(" ".join((d / n).read_text()[:6] for n in listing), 60, "sim/judge")
    (d / "verdict.txt").write_text(verdict)
    return [listing, sorted(p.name for p in d.iterdir())]


def r234_version_counter_after_puts(web: str) -> list[Any]:
    versions = []
    for i in range(3):
        ans = _ask(f"fact {i}", 60)
        versions.append(_put(web, f"fact-{i}", ans[:8]))
    listing = requests.get(f"{web}/items", timeout=5).json()
    return [versions, listing["keys"], listing["writes"]]


def r234_openai_and_get_interleaved_counter(client: Any, web: str) -> list[Any]:
    seen = []
    for key in ("k1", "k2"):
        value = _get(web, key)
        seen.append(_chat(client, f"expand {value}")[:6])
        _put(web, key, f"done-{len(seen)}")
    return [seen, _get(web, "k1"), _get(web, "k2")]


# ------------------------------------------------------------------ hooks and budgets around the program


class CountingHook(models_mod.CallHook):
    """A user's hook: counts the calls it sees, in order."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def before(self, call: Any) -> Any:
        self.seen.append(str(call.messages[-1]["content"])[:12])
        return None

    def after(self, call: Any, result: Any, error: BaseException | None) -> None:
        return None


def make_r234_hook_added_mid_function(env: Env) -> Any:
    hook = CountingHook()

    def r234_hook_added_mid_function() -> list[Any]:
        a = _ask("before the hook", 100)
        models_mod.add_hook(hook)
        b = _ask("under the hook", 60)
        models_mod.remove_hook(hook)
        c = _ask("after the hook", 80)
        return [a[:6], b[:6], c[:6], list(hook.seen)]

    return r234_hook_added_mid_function


def r234_budget_block_then_call_after() -> list[Any]:
    with models.budget(usd=0.0000001) as b:
        try:
            x = _ask("inside the budget", 60)
        except BudgetExceeded as e:
            x = type(e).__name__
    y = _ask("after the budget", 100)
    return [x, y[:8], b.refused]


def r234_budget_loop_until_refused() -> list[Any]:
    answers = []
    with models.budget(usd=0.0007) as b:
        try:
            for i in range(6):
                answers.append(str(models("sim/gpt", f"question {i}", max_tokens=200,
                                          latency=0.05))[:8])
        except Exception as e:
            answers.append(type(e).__name__)
    return [answers, b.refused, round(b.spent_usd, 9)]


def r234_budget_three_independent_calls() -> list[Any]:
    out = []
    for q in ("question one", "question two", "question three"):
        try:
            out.append(str(models("sim/gpt", q, max_tokens=200, latency=0.08))[:8])
        except Exception as e:
            out.append(type(e).__name__)
    return out


def r234_budget_comprehension_of_calls() -> list[Any]:
    return [str(models("sim/gpt", q, max_tokens=200, latency=0.08))[:8]
            for q in ("question one", "question two", "question three")]


def _under_budget(fn: Any, env: Env) -> Any:
    """The caller wraps the program in a budget that fits three calls made one by one."""
    with models.budget(usd=0.0007) as b:
        try:
            value = fn()
        except Exception as e:
            value = f"raised {type(e).__name__}"
    return [value, b.refused]


class ContextOp(operators.Operator):
    path: str

    def forward(self, q: str) -> str:
        ctx = Path(self.path).read_text()
        return f"{ctx} :: " + str(models("sim/gpt", ctx + q, latency=0.06))[:10]


def r234_operator_subclass_reads_rewritten_file(tmp: str) -> list[str]:
    p = Path(tmp) / "ctx.txt"
    p.write_text("version one")
    op = ContextOp(path=str(p))
    first = op("go")
    p.write_text("version two")
    second = op("go")
    return [first, second]


def r234_operator_subclass_file_rewritten_after_model(tmp: str) -> list[str]:
    p = Path(tmp) / "ctx.txt"
    p.write_text("seed")
    op = ContextOp(path=str(p))
    note = _ask("write a context line", 100)
    p.write_text(note[:12])
    return [op("go"), note[:12]]


class ServerOp(operators.Operator):
    web: str

    def forward(self, key: str) -> str:
        return _get(self.web, key) + " / " + str(models("sim/gpt", key, latency=0.05))[:6]


def r234_operator_subclass_reads_server_after_put(web: str) -> list[str]:
    op = ServerOp(web=web)
    _put(web, "topic", "whales")
    a = op("topic")
    _put(web, "topic", "sharks")
    b = op("topic")
    return [a, b]


@contextlib.contextmanager
def tracing(sink: list[str]):
    hook = CountingHook()
    with models_mod.scoped_hooks(hook):
        yield hook
    sink.extend(hook.seen)


def r234_user_context_manager_installs_hook() -> list[Any]:
    sink: list[str] = []
    a = _ask("outside first", 80)
    with tracing(sink) as h:
        b = _ask("traced one", 60)
        c = _ask("traced two", 60)
    d = _ask("outside last", 80)
    return [a[:6], b[:6], c[:6], d[:6], sink, len(h.seen)]


def r234_xcs_parallel_put_and_get_then_get(web: str) -> list[Any]:
    v, other = xcs.parallel(lambda: _put(web, "left", "L"), lambda: _get(web, "other", 80))
    left = _get(web, "left")
    return [v, other, left]


# ------------------------------------------------------------------ helpers that report around their call


def _ask_noisy(q: str, ms: int) -> str:
    print("asking", q)
    ans = _ask(q, ms)
    print("got", q, len(ans))
    return ans


def r234_comprehension_of_printing_helper() -> list[str]:
    return [_ask_noisy(q, ms)[:6] for q, ms in (("slow", 150), ("fast", 50), ("mid", 90))]


def _ask_logged(q: str, ms: int) -> str:
    LOG.info("start %s", q)
    try:
        return _ask(q, ms)
    finally:
        LOG.info("end %s", q)


def r234_loop_of_logging_helper() -> list[str]:
    out = []
    for q, ms in (("slow", 150), ("fast", 50)):
        out.append(_ask_logged(q, ms)[:6])
    return out


EVENTS: list[str] = []


def _ask_recorded(q: str, ms: int) -> str:
    EVENTS.append(f"begin {q}")
    ans = _ask(q, ms)
    EVENTS.append(f"done {q}")
    return ans


def r234_helper_appends_events_around_call() -> list[Any]:
    EVENTS.clear()
    a = _ask_recorded("slow", 150)
    b = _ask_recorded("fast", 50)
    return [a[:6], b[:6], list(EVENTS)]


def _ask_or_note(q: str, temp: float) -> str:
    try:
        return str(models("sim/gpt", q, temperature=temp, latency=0.08))[:6]
    except ValueError as e:
        print("bad call:", q, type(e).__name__)
        return "?"


def r234_helper_catches_and_prints_in_comprehension() -> list[str]:
    return [_ask_noisy("first", 60)[:4]] + [_ask_or_note(q, t) for q, t in
                                             (("a", 0.2), ("b", 9.0), ("c", 0.3))]


def r234_ember_messages_list_appended(web: str) -> list[str]:
    messages = [{"role": "user", "content": "hello"}]
    a = models("sim/gpt", messages, latency=0.1)
    messages.append({"role": "assistant", "content": str(a)})
    messages.append({"role": "user", "content": "and more"})
    side = _get(web, "side", 60)
    b = models("sim/gpt", messages, latency=0.06)
    return [str(a)[:10], str(b)[:24], side, str(len(messages))]


def r234_sdk_base_url_rebound_between_calls(client: Any) -> list[str]:
    a = _chat(client, "first")
    good = client.base_url
    client.base_url = str(good).rstrip("/") + "/nowhere"
    try:
        b = _chat(client, "second")
    except openai.NotFoundError as e:
        b = f"not found {e.status_code}"
    client.base_url = good
    c = _chat(client, "third")
    return [a[:6], b, c[:6]]


def r234_sdk_with_options_per_call(client: Any) -> list[str]:
    fast = client.with_options(timeout=5.0)
    a = _chat(fast, "one")
    broken = client.with_options(base_url=str(client.base_url).rstrip("/") + "/gone")
    try:
        b = _chat(broken, "two")
    except openai.NotFoundError:
        b = "gone"
    return [a[:6], b]


# ------------------------------------------------------------------ the cases


def _q(env: Env) -> tuple:
    return ("What is an operator?",)


def _t(env: Env) -> tuple:
    return (str(env.tmp),)


def _w(env: Env) -> tuple:
    return (env.web,)


def _tw(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _c(env: Env) -> tuple:
    return (openai_client(env),)


def _cw(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _wc(env: Env) -> tuple:
    return (env.web, openai_client(env))


def _memo_w(env: Env) -> tuple:
    return ({}, env.web)


def over(*lats: float) -> float:
    """Independent calls: their sum over the longest."""
    return sum(lats) / max(lats)


def _m(fn: Any, ideal: float = 1.0, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, ideal=ideal, **kw)


def _web(fn: Any, ideal: float = 1.0, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, args=_w, servers="web", ideal=ideal, **kw)


def _file(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_t, ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = _c, servers: str = "api", **kw: Any) -> Case:
    return Case("sdk", fn, args=args, servers=servers, latency=CLIENT_LAT, ideal=ideal, **kw)


ALL += [
    # ensembles and judges
    Case("ensemble", r234_ensemble_three_models_judge, args=_q, ideal=400 / 200),
    Case("ensemble", r234_ensemble_prints_progress, args=_q, ideal=300 / 140),
    Case("ensemble", r234_ensemble_logs_each_answer, args=_q, ideal=2.0),
    _file(r234_ensemble_prompts_from_file_result_to_file, 360 / 160),
    _web(r234_ensemble_judge_result_put_then_get, 360 / 260),
    _m(r234_ensemble_member_invalid_param_caught, 2.0),
    _m(r234_ensemble_global_call_counter, 240 / 160, cat="state"),
    _m(r234_ensemble_operator_then_judge_operator),
    _m(r234_ensemble_most_common_of_labels, 5.0),
    _web(r234_non_graph_then_put),
    _file(r234_ensemble_callable_member_reads_rewritten_file, cat="ensemble"),
    _web(r234_judge_callable_reads_server_after_put),
    _web(r234_function_operator_puts_then_get, cat="helpers"),
    # self-consistency voting
    _m(r234_vote_until_two_agree),
    _m(r234_vote_fixed_samples_most_common, 5.0),
    _m(r234_vote_printing_running_tally, 4.0),
    _web(r234_vote_stops_when_margin_reached),
    # verifier loops
    _m(r234_verifier_loop_retries_until_check),
    _web(r234_verifier_check_is_server_state),
    _web(r234_verifier_raises_after_attempts),
    _web(r234_verifier_operator_checker_reads_server),
    _web(r234_retry_operator_put_each_attempt, cat="helpers"),
    # routers
    Case("ensemble", r234_router_classifier_picks_model, args=_q),
    _file(r234_router_table_from_file_rewritten),
    _m(r234_router_operator_function_classifier, 2.0, cat="helpers"),
    _web(r234_router_getattr_dispatch_methods, cat="helpers"),
    # map-reduce
    _file(r234_mapreduce_chunks_from_file, 360 / 160, cat="fanout"),
    _file(r234_mapreduce_progress_prints, 300 / 140, cat="fanout"),
    _file(r234_mapreduce_partials_to_files_then_glob, 260 / 160, cat="fanout"),
    _m(r234_mapreduce_refine_chain),
    _web(r234_mapreduce_text_from_server_put_result, (50 + 270 + 100) / (50 + 90 + 100),
         cat="fanout"),
    _file(r234_mapreduce_vmap_then_reduce, cat="fanout"),
    _web(r234_mapreduce_parallel_map_then_put, cat="fanout"),
    _web(r234_xcs_parallel_put_and_get_then_get, 180 / 130, cat="fanout", overlap=2),
    _file(r234_xcs_parallel_models_then_file, cat="fanout"),
    _web(r234_vmap_collect_errors_then_put, cat="fanout"),
    # tool loops
    _web(r234_tool_dict_of_lambdas_comprehension, cat="http"),
    _web(r234_tool_loop_model_decides_action, cat="http"),
    _web(r234_tool_loop_poll_job_until_done, cat="http"),
    _web(r234_run_tools_get_and_put_tools, cat="http"),
    _web(r234_tool_agent_scratch_cache, cat="state"),
    _sdk(r234_tool_calls_via_sdk_then_web, args=_wc, servers="web api"),
    # budgets
    _m(r234_budget_object_stops_loop, cat="state"),
    _web(r234_budget_helper_raises_caught, cat="state"),
    _m(r234_budget_continue_skips, cat="state"),
    _m(r234_budget_global_picks_next_model, cat="state"),
    _web(r234_budget_cost_sum_then_put, 290 / 130, cat="state"),
    # memo caches
    _m(r234_memo_dict_repeated_question, cat="state"),
    Case("state", make=make_r234_memo_lru_cache_info),
    Case("state", make=make_r234_memo_cache_operator_info),
    _file(r234_memo_json_file_cache),
    _web(r234_memo_on_server, cat="state"),
    Case("state", r234_memo_passed_in_two_calls, args=_memo_w, servers="web", calls=2),
    _m(r234_memo_shared_by_ensemble_members, cat="state"),
    # prompts from files, results to files
    _file(r234_prompt_template_rewritten_by_answer),
    _file(r234_results_appended_jsonl_counted),
    Case("files", r234_file_written_then_posted, args=_tw, servers="web"),
    Case("files", r234_prompt_from_server_answers_to_file, args=_tw, servers="web",
         ideal=(180 + 180) / (60 + 60)),
    _file(r234_unclosed_progress_file_read_by_judge),
    # openai SDK beside Ember
    _sdk(r234_sdk_and_ember_ensemble_sdk_judge, serial_ideal(1, 4, 2)),
    _sdk(r234_sdk_router_then_ember),
    _sdk(r234_sdk_conversation_messages_list),
    _sdk(r234_sdk_bad_request_fallback_to_ember),
    _sdk(r234_sdk_comprehension_with_failing_member, speculative_reads=True),
    _sdk(r234_sdk_answer_put_to_web, args=_cw, servers="web api"),
    # classes
    _web(r234_class_pipeline_methods_chain, cat="helpers"),
    _m(r234_class_history_changes_prompt, cat="helpers"),
    _m(r234_class_property_switches_model, cat="helpers"),
    _sdk(r234_class_reviewer_fetch_review_store, args=_wc, servers="web api"),
    _m(r234_class_super_think_twice, cat="helpers"),
    # exceptions
    _web(r234_http_error_after_ensemble, cat="validation"),
    _web(r234_keyerror_building_prompt_before_put, cat="validation"),
    _web(r234_answer_not_json_fallback, cat="validation"),
    _web(r234_assert_on_answer_before_put, cat="validation"),
    _web(r234_exception_in_member_stops_later_puts, cat="validation"),
    # more shapes
    _web(r234_generator_prompts_from_server, cat="helpers"),
    _web(r234_early_return_on_confident_answer, cat="where"),
    _m(r234_thread_pool_ensemble_then_judge, cat="threads"),
    _m(r234_seeded_rng_picks_prompts, cat="state"),
    Case("state", make=make_r234_nonlocal_counter_closure),
    _m(r234_print_carriage_return_progress, 3.0),
    _m(r234_dict_comprehension_ensemble_then_log, 3.0),
    _m(r234_judge_prompt_counts_call_log, 190 / 120, cat="state"),
    _m(r234_params_dict_mutated_between_calls, 2.0, cat="rebind"),
    _m(r234_shared_prompt_list_mutated_after_call, cat="rebind"),
    _web(r234_put_between_reads_same_key_model_in_between, cat="http"),
    _file(r234_ensemble_writes_then_listing),
    _web(r234_version_counter_after_puts, cat="http"),
    _sdk(r234_openai_and_get_interleaved_counter, args=_cw, servers="web api"),
    # hooks and budgets
    Case("state", make=make_r234_hook_added_mid_function),
    _m(r234_budget_block_then_call_after, cat="state"),
    _m(r234_budget_loop_until_refused, cat="state"),
    Case("state", r234_budget_three_independent_calls, drive=_under_budget),
    Case("state", r234_budget_comprehension_of_calls, drive=_under_budget),
    _file(r234_operator_subclass_reads_rewritten_file, cat="helpers"),
    _file(r234_operator_subclass_file_rewritten_after_model, cat="helpers"),
    _web(r234_operator_subclass_reads_server_after_put, cat="helpers"),
    _m(r234_user_context_manager_installs_hook, cat="state"),
    # helpers that report around their call
    _m(r234_comprehension_of_printing_helper, cat="helpers"),
    _m(r234_loop_of_logging_helper, cat="helpers"),
    _m(r234_helper_appends_events_around_call, cat="helpers"),
    _m(r234_helper_catches_and_prints_in_comprehension, cat="helpers"),
    _web(r234_ember_messages_list_appended, 220 / 160, cat="rebind"),
    _sdk(r234_sdk_base_url_rebound_between_calls),
    _sdk(r234_sdk_with_options_per_call),
]

FAILING_WHY.update({
})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
