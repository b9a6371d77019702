"""Red-team cases (stop 38): programs a user of the earlier Ember writes, run plain and jitted.

Every function uses Ember's public API inside the function the harness jits: `models(...)`
and `models.instance(...)` on the in-process simulator (``sim/...``, ``latency=`` seconds)
and over HTTP to the simulator behind the API server (an endpoint named in
``ember.context(endpoints=...)``), the operators (`Ensemble`, `Judge`, `Verifier`,
`MostCommon`, `Cache`, `Branches`, `Retry`, `Router`, subclasses of `Operator` whose fields
are models), NON graphs, `xcs.parallel` / `xcs.vmap` / `xcs.parallel_map`, nested jitted
functions and jitted methods; and around them what such programs do: eval loops scoring
items into dicts, early stops on a token budget, retries on simulated timeouts, the user's
own callbacks handed to Ember (call hooks, judges and verifiers over functions, a router's
classifier, an evaluator), prints and log records between the calls, files, SQLite and
HTTP writes, exceptions from model calls caught and raised again, generators yielding
answers, and model instances rebound or swapped in a shared list between calls.

Sibling calls get unequal latencies, slow first, so a schedule that reorders what must not
lets the faster call's effects come first. Module state (a list of models, a counter) is
reset by each case's `setup`. `FAILING` holds the cases that differed or crashed under jit
when written (kept out of `CASES`), each with what differed; `FAILING_WHY` names each in a
line.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import requests

import ember
from ember import xcs
from ember.api import models, non, operators
from ember.errors import BudgetExceeded, ProviderTimeout
from ember.models import (
    Answer,
    CallHook,
    ModelResult,
    Provider,
    ResponseCache,
    add_hook,
    register_provider,
    remove_hook,
    scoped_hooks,
)
from ember.sim import SimConfig, SimServer
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam38")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chain(*stages: tuple[float, ...]) -> float:
    """Stages one after another, each stage's waits overlapped."""
    return sum(sum(s) for s in stages) / sum(max(s) for s in stages)


# =========================================================================== simulated models


def ensemble_then_judge_prints(question: str) -> str:
    drafts = []
    for model, lat in (("sim/gpt", 0.15), ("sim/claude", 0.03), ("sim/gpt-mini", 0.08)):
        r = models(model, question, latency=lat, temperature=0.7)
        print(f"{model}: {len(r.split())} words")
        drafts.append(r)
    verdict = models("sim/judge", "Pick the best:\n" + "\n".join(drafts), latency=0.05)
    print("judge:", verdict[:30])
    return verdict


def eval_loop_scores_into_dict(rows: list[tuple[str, str]]) -> dict[str, Any]:
    scores: dict[str, bool] = {}
    tokens = 0
    llm = models.instance("sim/gpt", temperature=0)
    for i, (question, keyword) in enumerate(rows):
        answer = llm(question, latency=0.15 if i == 0 else 0.03 + 0.02 * i)
        scores[question] = keyword in answer.lower()
        tokens += answer.usage["total_tokens"]
        print(f"[{i + 1}/{len(rows)}] {'PASS' if scores[question] else 'FAIL'}")
    accuracy = sum(scores.values()) / len(scores)
    return {"scores": scores, "tokens": tokens, "accuracy": round(accuracy, 3)}


class Recorder(CallHook):
    """The user's hook: the prompt of every call that reaches the provider."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def before(self, call: Any) -> None:
        self.seen.append(str(call.messages[-1]["content"]))


def eval_loop_stops_on_token_budget(questions: list[str]) -> dict[str, Any]:
    rec = Recorder()
    spent = 0
    answers = []
    with scoped_hooks(rec):
        for i, q in enumerate(questions):
            r = models("sim/gpt", q, latency=0.12 if i == 0 else 0.03)
            answers.append(len(r))
            spent += r.usage.total_tokens
            if spent > 60:
                print(f"budget reached after {i + 1}")
                break
    return {"answers": answers, "spent": spent, "sent": rec.seen}


def retry_on_simulated_timeout(question: str) -> dict[str, Any]:
    attempts = []
    answer = None
    for attempt in range(4):
        try:
            answer = models("sim/gpt", question, latency=0.08 - 0.03 * attempt, timeout=0.03)
            attempts.append("ok")
            break
        except ProviderTimeout as exc:
            attempts.append(type(exc).__name__)
            print(f"attempt {attempt + 1} timed out")
    side = models("sim/claude", "unrelated " + question, latency=0.05)
    return {"attempts": attempts, "answer": answer, "side": side[:20]}


def timeout_reraised_as_user_error(question: str) -> str:
    first = models("sim/gpt", question, latency=0.15)
    print("first:", first[:20])
    try:
        second = models("sim/claude", question, latency=0.2, timeout=0.03)
    except ProviderTimeout as exc:
        raise RuntimeError(f"claude too slow for {question!r}: {type(exc).__name__}") from exc
    return first + second


def timeout_caught_prints_between(question: str) -> list[str]:
    out = []
    a = models("sim/gpt", question, latency=0.15)
    out.append(a[:15])
    print("a done")
    try:
        b = models("sim/claude", question, latency=0.1, timeout=0.02)
        out.append(b[:15])
    except ProviderTimeout:
        print("b timed out")
        out.append("timeout")
    c = models("sim/gpt-mini", question, latency=0.03)
    print("c done")
    out.append(c[:15])
    return out


def _answers(questions: list[str]) -> Any:
    for i, q in enumerate(questions):
        yield models("sim/gpt", q, latency=0.1 if i == 0 else 0.02)


def generator_yields_until_match(questions: list[str]) -> dict[str, Any]:
    rec = Recorder()
    kept = []
    with scoped_hooks(rec):
        for answer in _answers(questions):
            kept.append(answer[:12])
            print("got", answer.model_id)
            if len(kept) == 2:
                break
    return {"kept": kept, "sent": rec.seen}


def generator_expression_sums_tokens(questions: list[str]) -> tuple[int, int]:
    total = sum(models("sim/gpt", q, latency=0.15 - 0.04 * i).usage.total_tokens
                for i, q in enumerate(questions))
    longest = max(len(models("sim/claude", q, latency=0.03 * (i + 1))) for i, q in
                  enumerate(questions))
    return total, longest


# --------------------------------------------------------------- models rebound between calls


def make_closure_model_rebound(env: Env) -> Any:
    llm = models.instance("sim/gpt", latency=0.15)
    judge = models.instance("sim/judge", latency=0.03)

    def answer(q: str) -> list[str]:
        a = llm(q)
        b = judge(f"Rate: {q}")
        return [a.model_id, a[:15], b.model_id, b[:15]]

    def swap(new: Any) -> None:
        nonlocal llm
        llm = new

    env.swap = swap  # type: ignore[attr-defined]
    return answer


def drive_closure_rebound(f: Any, env: Env) -> list[Any]:
    first = f("What is rust?")
    env.swap(models.instance("sim/claude", latency=0.05))  # type: ignore[attr-defined]
    second = f("What is rust?")
    env.swap(models.instance("sim/gpt-mini", latency=0.02))  # type: ignore[attr-defined]
    third = f("What is rust?")
    return [first, second, third]


MEMBERS: list[Any] = []


def _reset_members(env: Env) -> None:
    MEMBERS[:] = [models.instance("sim/gpt", latency=0.15),
                  models.instance("sim/gpt-mini", latency=0.03)]


def global_member_list_vote(question: str) -> list[str]:
    return [f"{m.model_id}:{m(question)[:10]}" for m in MEMBERS]


def drive_members_mutated(f: Any, env: Env) -> list[Any]:
    first = f("Is water wet?")
    MEMBERS.append(models.instance("sim/claude", latency=0.08))
    second = f("Is water wet?")
    MEMBERS[0] = models.instance("sim/judge", latency=0.02)
    third = f("Is water wet?")
    del MEMBERS[1]
    fourth = f("Is water wet?")
    return [first, second, third, fourth]


def members_mutated_inside(question: str) -> dict[str, Any]:
    members = [models.instance("sim/gpt", latency=0.15), models.instance("sim/claude",
                                                                         latency=0.03)]
    first = [m(question)[:10] for m in members]
    members.append(models.instance("sim/judge", latency=0.05))
    members[0] = models.instance("sim/gpt-mini", latency=0.02)
    second = [m(question).model_id for m in members]
    return {"first": first, "second": second}


def instance_dict_swapped_midway(question: str) -> list[str]:
    llms = {"draft": models.instance("sim/gpt", latency=0.15),
            "check": models.instance("sim/claude", latency=0.03)}
    a = llms["draft"](question)
    b = llms["check"](question)
    llms["draft"] = models.instance("sim/gpt-mini", latency=0.02)
    c = llms["draft"](question)
    return [a.model_id, b.model_id, c.model_id, c[:12]]


def global_model_id_rebound() -> list[str]:
    global CURRENT_MODEL
    out = [models(CURRENT_MODEL, "hello", latency=0.15).model_id]
    CURRENT_MODEL = "sim/claude"
    out.append(models(CURRENT_MODEL, "hello", latency=0.03).model_id)
    CURRENT_MODEL = "sim/gpt"
    return out


CURRENT_MODEL = "sim/gpt"


def _reset_current(env: Env) -> None:
    global CURRENT_MODEL
    CURRENT_MODEL = "sim/gpt"


def messages_list_mutated_after_call(question: str) -> list[Any]:
    messages = [{"role": "user", "content": question}]
    first = models("sim/gpt", messages, latency=0.15)
    messages.append({"role": "assistant", "content": str(first)[:30]})
    messages.append({"role": "user", "content": "Shorter, please."})
    second = models("sim/gpt", messages, latency=0.03)
    messages[0]["content"] = "changed"
    third = models("sim/claude", messages, latency=0.05)
    return [first[:15], second[:15], third[:15], len(messages)]


def params_dict_mutated_between_calls(question: str) -> list[str]:
    params: dict[str, Any] = {"temperature": 0.0, "latency": 0.15}
    a = models("sim/gpt", question, **params)
    params["temperature"] = 0.9
    params["latency"] = 0.03
    params["seed"] = 7
    b = models("sim/gpt", question, **params)
    return [a[-30:], b[-30:], str(a == b)]


# --------------------------------------------------------------- operators


class DraftCritique(operators.Operator):
    drafter: operators.Model
    critic: operators.Model

    def __init__(self, drafter: Any, critic: Any) -> None:
        self.drafter = operators.as_model(drafter, {"latency": 0.15}, who="DraftCritique")
        self.critic = operators.as_model(critic, {"latency": 0.03}, who="DraftCritique")

    def forward(self, question: str) -> str:
        a = self.drafter(question)
        b = self.drafter(question + " Be brief.")
        review = self.critic(f"Critique: {a[:40]} / {b[:40]}")
        return f"{a[:10]}|{b[:10]}|{review[:10]}"


def operator_fields_are_models(question: str) -> list[str]:
    pipe = DraftCritique("sim/gpt", "sim/judge")
    other = DraftCritique(models.instance("sim/claude"), "sim/gpt-mini")
    return [pipe(question), other(question)]


def make_jitted_operator_instance(env: Env) -> Any:
    return DraftCritique("sim/gpt", "sim/judge")


class Agent:
    def __init__(self, name: str, lat: float) -> None:
        self.name = name
        self.llm = models.instance("sim/gpt", latency=lat)
        self.tool = models.instance("sim/claude", latency=0.03)
        self.notes: list[str] = []

    def run(self, task: str) -> dict[str, Any]:
        plan = self.llm(f"{self.name}: plan {task}")
        self.notes.append(f"plan {len(plan)}")
        lookup = self.tool(f"lookup {task}")
        self.notes.append(f"lookup {len(lookup)}")
        print(self.name, "notes", len(self.notes))
        return {"plan": plan[:12], "lookup": lookup[:12], "notes": list(self.notes)}


def make_jitted_method(env: Env) -> Any:
    return Agent("alpha", 0.15).run


@xcs.jit
def summarise(text: str, lat: float) -> str:
    short = models("sim/gpt", f"Summarise: {text}", latency=lat)
    title = models("sim/claude", f"Title: {text}", latency=lat / 3)
    return f"{title[:12]} / {short[:20]}"


def nested_jitted_calls(docs: list[str]) -> list[str]:
    out = []
    for i, d in enumerate(docs):
        s = summarise(d, 0.15 if i == 0 else 0.06)
        print("summarised", i)
        out.append(s)
    return out


def parallel_inside_with_prints(question: str) -> list[str]:
    print("asking two")
    a, b = xcs.parallel(lambda: models("sim/gpt", question, latency=0.15),
                        lambda: models("sim/claude", question, latency=0.03))
    print("got both", a.model_id, b.model_id)
    c = models("sim/judge", f"{a[:20]} vs {b[:20]}", latency=0.05)
    d = models("sim/gpt-mini", question, latency=0.08)
    print("judge then mini")
    return [a[:10], b[:10], c[:10], d[:10]]


def vmap_inside_then_judge(questions: list[str]) -> str:
    ask = xcs.vmap(lambda q, lat: models("sim/gpt", q, latency=lat), in_axes=(0, 0))
    answers = ask(questions[:3], [0.15, 0.03, 0.08])
    extra = models("sim/claude", "context for " + questions[0], latency=0.1)
    verdict = models("sim/judge", " | ".join(a[:20] for a in answers) + extra[:10],
                     latency=0.05)
    return verdict[:40]


def parallel_map_then_log(questions: list[str]) -> list[int]:
    lengths = xcs.parallel_map(lambda q: len(models("sim/gpt", q, latency=0.05)), questions)
    LOG.info("lengths %s", lengths)
    more = xcs.parallel_map(lambda q: len(models("sim/claude", q, latency=0.03)), questions)
    LOG.info("more %s", more)
    return lengths + more


def non_graphs_with_print_between(question: str) -> list[Any]:
    first = non.build_graph("2E@sim/gpt(latency=0.1) -> 1J@sim/judge(latency=0.03)")
    second = non.build_graph(["3E@sim/claude(latency=0.02)", "1M"])
    a = first(query=question)
    print("first graph:", str(a)[:20])
    b = second(query=question + " again")
    print("second graph:", str(b)[:20])
    return [str(a)[:30], len(a.responses), str(b)[:30], len(b.responses)]


def ensemble_and_vote_with_normalizer(question: str) -> dict[str, Any]:
    seen: list[str] = []

    def first_word(answer: str) -> str:
        seen.append(answer[:8])
        return answer.split()[0].strip("[]").lower()

    ens = operators.Ensemble(["sim/gpt", "sim/claude"], n=2, latency=0.06)
    answers = ens(question)
    vote = operators.MostCommon(normalize=first_word)
    winner = vote(list(answers))
    late = models("sim/judge", question, latency=0.02)
    return {"winner": str(winner), "votes": winner.info["votes"], "seen": seen,
            "late": late[:10]}


def judges_over_user_callables(question: str) -> dict[str, Any]:
    prompts: list[str] = []

    def strict(prompt: str) -> str:
        prompts.append("strict")
        return "Too long.\nFinal answer: [1]"

    def lenient(prompt: str) -> str:
        prompts.append("lenient")
        return "Fine.\nFinal answer: [2]"

    drafts = [models("sim/gpt", question, latency=0.15), models("sim/claude", question,
                                                                 latency=0.03)]
    a = operators.Judge(strict)(question, drafts)
    extra = models("sim/gpt-mini", question, latency=0.05)
    prompts.append(f"extra {len(extra)}")
    b = operators.Judge(lenient)(question, drafts)
    return {"a": str(a)[:15], "b": str(b)[:15], "prompts": prompts}


def verifier_with_logging_reviser(question: str) -> dict[str, Any]:
    def reviser(prompt: str) -> str:
        LOG.info("revising (%d chars)", len(prompt))
        return "Final answer: 42"

    def checker(prompt: str) -> str:
        LOG.info("checking")
        return "Verdict: correct" if "42" in prompt else "Wrong.\nVerdict: incorrect"

    draft = models("sim/gpt", question, latency=0.1)
    LOG.info("draft %d", len(draft))
    checked = operators.Verifier(checker, reviser=reviser)(question, draft)
    second = models("sim/claude", question, latency=0.03)
    LOG.info("second %d", len(second))
    return {"answer": str(checked), "rounds": checked.info["rounds"],
            "verified": checked.info["verified"]}


def verifier_on_sim_models(question: str) -> list[Any]:
    v = operators.Verifier("sim/judge", max_rounds=1, latency=0.05)
    a = models("sim/gpt", question, latency=0.15)
    b = models("sim/claude", question, latency=0.03)
    ra = v(question, a)
    rb = v(question, b)
    return [str(ra)[:20], ra.info["rounds"], str(rb)[:20], rb.info["rounds"]]


def cache_operator_counts_hits(questions: list[str]) -> dict[str, Any]:
    cached = operators.Cache("sim/gpt", latency=0.08)
    out = []
    for q in questions:
        out.append(cached(q)[:12])
    info = cached.info()
    again = cached(questions[0])
    return {"out": out, "hits": info.hits, "misses": info.misses,
            "again": again == out[0] or again[:12] == out[0], "size": cached.info().size}


def branches_then_combine(question: str) -> list[str]:
    draft = operators.op(lambda q: models("sim/gpt", q, latency=0.15))
    review = operators.op(lambda q: models("sim/claude", "Review: " + q, latency=0.03))
    both = draft & review
    a, b = both(question)
    print("branches:", a.model_id, b.model_id)
    c, d = operators.branches(str.upper, len)(question)
    e = models("sim/judge", f"{a[:20]} {b[:20]}", latency=0.05)
    return [a[:10], b[:10], c, str(d), e[:10]]


def router_with_printing_classifier(queries: list[str]) -> list[str]:
    def classify(q: str) -> str:
        label = "math" if any(ch.isdigit() for ch in q) else "chat"
        print("route", label)
        return label

    router = operators.Router(
        {"math": lambda q: models("sim/gpt", "Compute " + q, latency=0.1),
         "chat": lambda q: models("sim/claude", q, latency=0.03)},
        classifier=classify)
    out = []
    for q in queries:
        before = models("sim/gpt-mini", "prep " + q, latency=0.02)
        out.append(f"{router(q)[:12]}/{before[:6]}")
    return out


def retry_operator_accept_callback(question: str) -> dict[str, Any]:
    checked: list[int] = []

    def accept(answer: str) -> bool:
        checked.append(len(answer))
        return len(checked) >= 2

    retry = operators.Retry(lambda q: models("sim/gpt", q, latency=0.05, temperature=1.0),
                            attempts=3, accept=accept)
    side = models("sim/claude", question, latency=0.15)
    got = retry(question)
    print("retried", len(checked))
    return {"got": got[:15], "checked": checked, "side": side[:10]}


def tools_loop_with_user_tool(city: str) -> dict[str, Any]:
    calls: list[str] = []

    def get_weather(city: str) -> str:
        """The weather in a city now."""
        calls.append(city)
        return f"sunny in {city}"

    first = models("sim/claude", f"Pack for {city}", latency=0.1)
    answer = operators.run_tools("sim/gpt", f"What is the weather in {city}?",
                                 tools=[get_weather], latency=0.03)
    return {"first": first[:10], "answer": answer[:20], "calls": calls,
            "finish": answer.finish_reason}


# --------------------------------------------------------------- the user's hooks and settings


class PrintingHook(CallHook):
    def before(self, call: Any) -> None:
        print("sending", call.model_id)

    def after(self, call: Any, result: Any, error: Any) -> None:
        pass


def hook_prints_before_each_call(question: str) -> list[str]:
    with scoped_hooks(PrintingHook()):
        print("start")
        a = models("sim/gpt", question, latency=0.15)
        print("got a", len(a))
        b = models("sim/claude", question, latency=0.03)
        print("got b", len(b))
    return [a[:10], b[:10]]


class CountingHook(CallHook):
    """Counts the calls that came back, and which models answered (a usage meter)."""

    def __init__(self) -> None:
        self.finished = 0
        self.order: list[str] = []

    def after(self, call: Any, result: Any, error: Any) -> None:
        self.finished += 1
        self.order.append(call.model_id)


def process_hook_counts_between_calls(question: str) -> dict[str, Any]:
    hook = add_hook(CountingHook())
    try:
        a = models("sim/gpt", question, latency=0.15)
        count_after_a = hook.finished
        b = models("sim/claude", question, latency=0.03)
        count_after_b = hook.finished
    finally:
        remove_hook(hook)
    return {"a": a[:10], "b": b[:10], "counts": [count_after_a, count_after_b],
            "order": hook.order}


def budget_three_calls_in_block(question: str) -> list[Any]:
    with models.budget(usd=0.005) as spend:
        a = models("sim/gpt-4o", question + " (a)", latency=0.15, max_tokens=200)
        b = models("sim/gpt-4o", question + " (b)", latency=0.03, max_tokens=200)
        c = models("sim/gpt-4o", question + " (c)", latency=0.08, max_tokens=200)
    return [len(a), len(b), len(c), spend.refused, round(spend.spent_usd, 6)]


def budget_stops_eval_loop(questions: list[str]) -> dict[str, Any]:
    done = []
    with models.budget(usd=0.003) as spend:
        for q in questions:
            try:
                r = models("sim/gpt-4o", q, latency=0.05, max_tokens=200)
            except BudgetExceeded:
                print("budget spent at", q)
                break
            done.append(len(r))
    return {"done": done, "refused": spend.refused}


def response_cache_repeats(questions: list[str]) -> list[Any]:
    cache = ResponseCache()
    out = []
    with scoped_hooks(cache):
        for q in questions:
            r = models("sim/gpt", q, temperature=0, latency=0.06)
            out.append((r[:10], r.usage.cached, r.cost_usd == 0.0))
    return out


def ember_context_block_defaults(question: str) -> list[str]:
    a = models("sim/gpt", question, latency=0.15)
    with ember.context(temperature=0.9, seed=3):
        b = models("sim/gpt", question, latency=0.03)
    c = models("sim/gpt", question, latency=0.05)
    return [a[-30:], b[-30:], c[-30:], str(a == b)]


def set_config_between_calls(question: str) -> list[str]:
    a = models("sim/gpt", question, latency=0.15)
    ember.set_config("defaults.temperature", 1.0)
    ember.set_config("defaults.seed", 11)
    try:
        b = models("sim/gpt", question, latency=0.03)
    finally:
        ember.set_config("defaults.temperature", None)
        ember.set_config("defaults.seed", None)
    c = models("sim/gpt", question, latency=0.05)
    return [a[-30:], b[-30:], c[-30:], str(a == b)]


def set_price_between_calls(question: str) -> list[float]:
    a = models("sim/pricey", question, latency=0.15)
    models.set_price("sim/pricey", 100.0, 200.0)
    b = models("sim/pricey", question, latency=0.03)
    models.set_price("sim/pricey", 0.5, 1.5)
    return [round(a.cost_usd, 8), round(b.cost_usd, 8)]


def streams_printed_piecewise(question: str) -> list[str]:
    out = []
    for model, lat in (("sim/gpt", 0.15), ("sim/claude", 0.03)):
        stream = models.stream(model, question, latency=lat, max_tokens=12)
        pieces = []
        for piece in stream:
            pieces.append(piece)
        print(model, "streamed", len(pieces))
        out.append("".join(pieces)[:20])
    tail = models("sim/judge", question, latency=0.05)
    return out + [tail[:10]]


@dataclasses.dataclass
class Rating:
    score: int
    reason: str


def structured_outputs_compared(question: str) -> list[Any]:
    a = models("sim/gpt", f"Rate: {question}", output=Rating, latency=0.15)
    b = models("sim/claude", f"Rate: {question}", output=Rating, latency=0.03)
    winner = "gpt" if a.score >= b.score else "claude"
    print("winner", winner)
    return [type(a).__name__, a.score, b.score, winner]


def timing_around_each_call(question: str) -> list[bool]:
    t0 = time.perf_counter()
    a = models("sim/gpt", question, latency=0.1)
    took_a = time.perf_counter() - t0
    t1 = time.perf_counter()
    b = models("sim/claude", question, latency=0.05)
    took_b = time.perf_counter() - t1
    return [took_a >= 0.1, took_b >= 0.05, len(a) > 0, len(b) > 0]


async def async_acalls_with_prints(questions: list[str]) -> list[str]:
    out = []
    for i, q in enumerate(questions):
        r = await models.acall("sim/gpt", q, latency=0.15 if i == 0 else 0.03)
        print("answered", i)
        out.append(r[:12])
    last = await models.acall("sim/judge", " ".join(out), latency=0.05)
    return out + [last[:10]]


def usage_mapping_earlier_style(questions: list[str]) -> dict[str, Any]:
    totals = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    per = {}
    for i, q in enumerate(questions):
        response = models.response("sim/gpt-4o-mini", q, latency=0.12 - 0.04 * i)
        for k in totals:
            totals[k] += response.usage[k]
        per[q] = response.usage.get("total_tokens")
    return {"totals": totals, "per": per}


def user_thread_beside_calls(question: str) -> list[str]:
    import threading

    box: list[str] = []
    worker = threading.Thread(target=lambda: box.append(models("sim/claude", question,
                                                               latency=0.05)[:10]))
    a = models("sim/gpt", question, latency=0.15)
    worker.start()
    b = models("sim/gpt-mini", question, latency=0.03)
    worker.join()
    return [a[:10], b[:10], *box]


def logging_between_calls(question: str) -> int:
    LOG.info("asking %s", question)
    a = models("sim/gpt", question, latency=0.15)
    LOG.info("gpt said %d words", len(a.split()))
    b = models("sim/claude", question, latency=0.03)
    LOG.warning("claude said %d words", len(b.split()))
    c = models("sim/gpt-mini", question, latency=0.08)
    LOG.info("done")
    return len(a) + len(b) + len(c)


def control_flow_on_answers(questions: list[str]) -> list[str]:
    out = []
    for q in questions:
        verdict = models("sim/judge", f"Yes or no: {q}", latency=0.05, temperature=0)
        if len(verdict.split()) % 2 == 0:
            detail = models("sim/gpt", q, latency=0.1)
            out.append("detail:" + detail[:10])
        else:
            out.append("skip")
    return out


def evaluate_inside_jit(rows: list[dict[str, str]]) -> dict[str, Any]:
    from ember.api import eval as ember_eval

    warm = models("sim/gpt", "warm up", latency=0.1)
    system = models.instance("sim/gpt", latency=0.03)
    result = ember_eval.evaluate(lambda q: system(q), rows,
                                 ember_eval.custom(lambda out, ref: ref in out.lower()),
                                 progress=False)
    tail = models("sim/claude", "summary", latency=0.05)
    return {"score": result.summary.score, "items": result.summary.items,
            "warm": warm[:8], "tail": tail[:8]}


# --------------------------------------------------------------- files and sqlite


def answers_written_to_files(folder: str, questions: list[str]) -> list[str]:
    base = Path(folder)
    names = []
    with open(base / "log.txt", "w") as log:
        for i, q in enumerate(questions):
            r = models("sim/gpt", q, latency=0.15 if i == 0 else 0.03 * i)
            name = f"answer-{i}.txt"
            (base / name).write_text(str(r))
            log.write(f"{name} {len(r)}\n")
            names.append(name)
    return sorted(p.name for p in base.iterdir())


def answers_into_sqlite(db: str, questions: list[str]) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE answers (q TEXT, model TEXT, n INTEGER)")
    for i, q in enumerate(questions):
        r = models("sim/claude", q, latency=0.12 - 0.04 * i)
        conn.execute("INSERT INTO answers VALUES (?, ?, ?)", (q, r.model_id, len(r)))
        conn.commit()
    rows = conn.execute("SELECT q, n FROM answers ORDER BY rowid").fetchall()
    conn.close()
    return rows


def file_read_after_model_write(folder: str) -> list[str]:
    notes = Path(folder) / "notes.txt"
    notes.write_text("first\n")
    a = models("sim/gpt", notes.read_text(), latency=0.15)
    with open(notes, "a") as f:
        f.write(a[:10] + "\n")
    b = models("sim/claude", notes.read_text(), latency=0.03)
    return [a[:10], b[:10], notes.read_text()]


def canned_answer_hook_prints(question: str) -> list[Any]:
    class Canned(CallHook):
        def __init__(self) -> None:
            self.served = 0

        def before(self, call: Any) -> Any:
            if "ping" in call.messages[-1]["content"]:
                self.served += 1
                print("served from the hook", self.served)
                return Answer(ModelResult("pong", model_id=call.model_id))
            return None

    hook = Canned()
    with scoped_hooks(hook):
        a = models("sim/gpt", question, latency=0.1)
        print("a", len(a))
        b = models("sim/gpt", "ping", latency=0.1)
        print("b", b)
    return [a[:10], str(b), hook.served]


_LOCAL = threading.local()


class RequestTagger(CallHook):
    """Tags each call with the request id the app keeps in a thread-local (a log correlation)."""

    def __init__(self) -> None:
        self.tags: list[Any] = []

    def before(self, call: Any) -> None:
        self.tags.append(getattr(_LOCAL, "request_id", None))


def hook_reads_thread_local(question: str) -> list[Any]:
    tagger = RequestTagger()
    _LOCAL.request_id = "req-1"
    with scoped_hooks(tagger):
        a = models("sim/gpt", question, latency=0.1)
        print("a", len(a))
        b = models("sim/claude", question, latency=0.03)
    return [a[:10], b[:10], tagger.tags]


def budget_spent_read_between_calls(question: str) -> list[float]:
    with models.budget(usd=1.0) as spend:
        a = models("sim/gpt-4o", question, latency=0.15)
        after_a = round(spend.spent_usd, 7)
        b = models("sim/gpt-4o", question + "?", latency=0.03)
        after_b = round(spend.spent_usd, 7)
    return [after_a, after_b, len(a) + len(b)]


class Quota(CallHook):
    """The user's own quota: refuses calls past `n`."""

    def __init__(self, n: int) -> None:
        self.left = n

    def before(self, call: Any) -> None:
        if self.left == 0:
            raise RuntimeError("quota spent")
        self.left -= 1


def quota_hook_raises_midway(question: str) -> list[str]:
    out = []
    with scoped_hooks(Quota(2)):
        a = models("sim/gpt", question, latency=0.15)
        print("a")
        out.append(a[:5])
        try:
            b = models("sim/gpt", question + " b", latency=0.03)
            print("b")
            out.append(b[:5])
            c = models("sim/gpt", question + " c", latency=0.05)
            print("c")
            out.append(c[:5])
        except RuntimeError as exc:
            print("refused:", exc)
    return out


def shouting(prompt: str) -> str:
    print("shouting", prompt)
    return prompt.upper()


def ask_twice(llm: Any, question: str) -> list[str]:
    a = llm(question + " 1")
    print("between")
    b = llm(question + " 2")
    return [str(a)[:12], str(b)[:12]]


def drive_model_then_function(f: Any, env: Env) -> list[Any]:
    return [f(models.instance("sim/gpt", latency=0.1), "hi"), f(shouting, "hi"),
            f(models.instance("sim/claude", latency=0.05), "hi")]


class TwoDrafts(operators.Operator):
    drafter: operators.Model

    def __init__(self, drafter: Any) -> None:
        self.drafter = operators.as_model(drafter, {}, who="TwoDrafts")

    def forward(self, question: str) -> str:
        a = self.drafter(question)
        print("between drafts")
        b = self.drafter(question + "!")
        return a[:8] + "|" + b[:8]


def operator_over_printing_callable(question: str) -> list[str]:
    return [TwoDrafts(shouting)(question),
            TwoDrafts(models.instance("sim/gpt", latency=0.05))(question),
            TwoDrafts(shouting)(question + "?")]


class Panel:
    """A panel of models the app adds to and swaps while it runs."""

    def __init__(self, members: list[Any]) -> None:
        self.members = members

    def forward(self, question: str) -> list[str]:
        return [str(m(question))[:10] for m in self.members]


def make_panel_forward(env: Env) -> Any:
    env.panel = Panel([models.instance("sim/gpt", latency=0.15),  # type: ignore[attr-defined]
                       models.instance("sim/claude", latency=0.03)])
    return env.panel.forward  # type: ignore[attr-defined]


def drive_panel_mutated(f: Any, env: Env) -> list[Any]:
    first = f("Who won?")
    env.panel.members.append(shouting)  # type: ignore[attr-defined]
    second = f("Who won?")
    env.panel.members[0] = models.instance("sim/judge", latency=0.02)  # type: ignore[attr-defined]
    third = f("Who won?")
    return [first, second, third]


JUDGE: Any = None


def _reset_judge(env: Env) -> None:
    global JUDGE
    JUDGE = models.instance("sim/judge", latency=0.03)


def global_judge_rates(question: str) -> list[str]:
    draft = models("sim/gpt", question, latency=0.15)
    print("drafted")
    score = JUDGE(f"Rate: {question}")
    print("rated")
    return [draft[:10], str(score)[:10]]


def drive_judge_swapped(f: Any, env: Env) -> list[Any]:
    global JUDGE
    first = f("Is it safe?")
    JUDGE = shouting
    second = f("Is it safe?")
    JUDGE = models.instance("sim/claude", latency=0.02)
    third = f("Is it safe?")
    return [first, second, third]


def fallbacks_to_sim(down: str) -> list[str]:
    out = []
    with ember.context(endpoints={"down": {"base_url": down, "max_attempts": 1}}):
        llm = models.instance("down/gpt", fallbacks=["sim/claude"], latency=0.1)
        a = llm("Hi")
        print("answered by", a.model_id)
        b = models("sim/gpt", "Hi", latency=0.03)
        out += [a.model_id, a[:10], b[:10]]
    return out


def endpoint_remapped_between_blocks(good: str, bad: str) -> list[str]:
    out = []
    with ember.context(endpoints={"corp": {"base_url": good, "max_attempts": 1}}):
        a = models("corp/gpt", "hi", latency=0.1)
        out.append(a.model_id)
    with ember.context(endpoints={"corp": {"base_url": bad, "max_attempts": 1}}):
        try:
            b = models("corp/gpt", "hi", latency=0.03)
            out.append(b[:10])
        except Exception as exc:  # noqa: BLE001 - what the user reports
            out.append(type(exc).__name__)
    return out


def budget_eval_loop_appends(questions: list[str]) -> tuple[list[int], float]:
    answers = []
    with models.budget(usd=0.006) as spend:
        for q in questions:
            answers.append(len(models("sim/gpt-4o", q, latency=0.05, max_tokens=200)))
    return answers, round(spend.remaining_usd, 6)


def budget_comprehension(questions: list[str]) -> list[int]:
    with models.budget(usd=0.006):
        return [len(models("sim/gpt-4o", q, latency=0.05, max_tokens=200)) for q in questions]


def stream_made_then_drained_later(question: str) -> list[str]:
    stream = models.stream("sim/gpt", question, latency=0.1, max_tokens=10)
    print("stream made")
    other = models("sim/claude", question, latency=0.03)
    print("other", len(other))
    text = "".join(stream)
    return [text[:20], other[:10], str(stream.result.usage.total_tokens)]


def image_written_then_sent(folder: str) -> list[Any]:
    chart = Path(folder) / "chart.png"
    first = models("sim/gpt", "Describe a chart", latency=0.1)
    chart.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    r = models("sim/gpt", [{"role": "user", "content": ["What is in this chart?", chart]}],
               latency=0.03)
    return [first[:10], r[:30], r.usage.prompt_tokens]


def image_deleted_after_call(folder: str) -> list[Any]:
    pic = Path(folder) / "a.png"
    pic.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    a = models("sim/gpt", [{"role": "user", "content": ["Look", pic]}], latency=0.1)
    pic.unlink()
    b = models("sim/claude", "and now?", latency=0.03)
    try:
        c = models("sim/gpt", [{"role": "user", "content": ["Again", pic]}], latency=0.02)
        tail = c[:10]
    except Exception as exc:  # noqa: BLE001 - what the user reports
        tail = type(exc).__name__
    return [a[:20], b[:10], tail, sorted(p.name for p in Path(folder).iterdir())]


def evaluate_with_record_file(folder: str) -> list[Any]:
    from ember.api import eval as ember_eval

    rows = [{"question": "Say hello", "answer": "hello"},
            {"question": "Describe the sea", "answer": "the"}]
    warm = models("sim/gpt", "warm", latency=0.05)
    record = Path(folder) / "rec.jsonl"
    res = ember_eval.evaluate(models.instance("sim/gpt", latency=0.03), rows, "normalized",
                              record=str(record), progress=False)
    names = sorted(p.name for p in Path(folder).iterdir())
    record.unlink()  # it holds timings, which differ from run to run
    return [warm[:5], res.summary.score, res.summary.items, names]


class Transcript(Provider):
    """The user's own provider (a local model behind a queue, here a sleep): it keeps a
    transcript of what it was asked and answered, and prints each request as it starts."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    def start(self, model_id: Any, request: Any, started: float) -> Any:
        prompt = str(request.messages[-1]["content"])
        print("provider start:", prompt)
        self.log.append(("start", prompt))

        async def call() -> ModelResult:
            await asyncio.sleep(0.1 if prompt.startswith("slow") else 0.02)
            self.log.append(("done", prompt))
            return ModelResult(prompt.upper(), model_id=str(model_id))

        return call()


SCRIBE = Transcript()


def _register_scribe(env: Env) -> None:
    SCRIBE.log.clear()
    register_provider("scribe", SCRIBE)


def user_provider_transcript(question: str) -> list[Any]:
    SCRIBE.log.clear()
    print("begin")
    a = models("scribe/local", "slow " + question)
    print("a:", a)
    b = models("scribe/local", "fast " + question)
    print("b:", b)
    return [str(a), str(b), list(SCRIBE.log)]


AUDIT: list[str] = []


def _reset_audit(env: Env) -> None:
    AUDIT.clear()


class Audited(operators.Operator):
    model: str = "sim/gpt"

    def forward(self, question: str) -> str:
        AUDIT.append(f"ask {question}")
        print("asking", question)
        r = models(self.model, question, latency=0.1 if question.startswith("slow") else 0.02)
        AUDIT.append(f"got {question}")
        return r[:10]


class AsyncAudited(operators.Operator):
    async def aforward(self, question: str) -> str:
        print("async asking", question)
        r = await models.acall("sim/gpt", question,
                               latency=0.1 if question.startswith("slow") else 0.02)
        AUDIT.append(f"async got {question}")
        return r[:10]


@operators.op
def noted(question: str) -> str:
    print("noted", question)
    return models("sim/claude", question,
                  latency=0.1 if question.startswith("slow") else 0.02)[:10]


def operators_with_audit_side_effects(question: str) -> list[Any]:
    AUDIT.clear()
    op = Audited()
    print("begin")
    a = op("slow " + question)
    print("middle")
    b = op("fast " + question)
    c = noted("slow " + question)
    print("after c")
    d = noted("fast " + question)
    ao = AsyncAudited()
    e = ao("slow " + question)
    print("after e")
    f = ao("fast " + question)
    return [a, b, c, d, e, f, list(AUDIT)]


SEEN_BY_NODE: list[str] = []


def _logger_node(node: Any, index: int) -> Any:
    def unit(query: str, inputs: list[str]) -> str:
        SEEN_BY_NODE.append(query)
        print("node saw", query)
        return inputs[0]

    return unit


def _register_log_node(env: Env) -> None:
    SEEN_BY_NODE.clear()
    non.register_node("Log", _logger_node, name="log", model="none", needs_inputs=True,
                      calls=0, replace=True)


def non_graph_with_user_node(question: str) -> list[Any]:
    SEEN_BY_NODE.clear()
    system = non.build_graph(["1E@sim/gpt(latency=0.1)", "1Log"])
    print("built")
    a = system(query="slow " + question)
    print("a done")
    fast = non.build_graph(["1E@sim/claude(latency=0.02)", "1Log"])
    b = fast(query="fast " + question)
    print("b done")
    return [str(a)[:10], str(b)[:10], list(SEEN_BY_NODE)]


def response_cache_counters(question: str) -> list[Any]:
    rc = ResponseCache()
    with scoped_hooks(rc):
        a = models("sim/gpt", question, temperature=0, latency=0.1)
        misses_after_a = rc.store.misses
        b = models("sim/gpt", question, temperature=0, latency=0.03)
        hits_after_b = rc.store.hits
    return [a[:10], misses_after_a, hits_after_b, b.usage.cached]


@xcs.jit
def answer_system(question: str) -> str:
    draft = models("sim/gpt", question, latency=0.05)
    check = models("sim/claude", question, latency=0.02)
    return f"{draft.split()[0]} {check.split()[0]} {question.split()[-1]}"


def evaluate_a_jitted_system(rows: list[dict[str, str]]) -> dict[str, Any]:
    from ember.api import eval as ember_eval

    before = models("sim/judge", "start", latency=0.1)
    result = ember_eval.evaluate(answer_system, rows,
                                 ember_eval.custom(lambda out, ref: ref in out.lower()),
                                 progress=False)
    print("score", result.summary.score)
    return {"score": result.summary.score, "items": result.summary.items, "before": before[:8]}


def drive_from_threads(f: Any, env: Env) -> list[Any]:
    import concurrent.futures

    questions = [f"Question {i}" for i in range(6)]
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        return list(pool.map(f, questions))


def threaded_callers_share_jit(question: str) -> list[str]:
    a = models("sim/gpt", question, latency=0.08)
    b = models("sim/claude", question + "?", latency=0.02)
    return [a[-20:], b[-20:]]


def binding_defaults_mutated(question: str) -> list[Any]:
    llm = models.instance("sim/gpt", temperature=0.0, latency=0.1)
    a = llm(question)
    llm.defaults["temperature"] = 1.0
    llm.defaults["seed"] = 5
    llm.defaults["latency"] = 0.02
    b = llm(question)
    return [a[-20:], b[-20:], a == b]


def context_dict_mutated_inside(question: str) -> list[Any]:
    table = {"temperature": 0.0}
    with ember.context(defaults=table):
        a = models("sim/gpt", question, latency=0.1)
        table["temperature"] = 1.0
        table["seed"] = 3
        b = models("sim/gpt", question, latency=0.02)
    return [a[-20:], b[-20:], a == b]


ASKED: list[str] = []


def _reset_asked(env: Env) -> None:
    ASKED.clear()


def ask_logged(question: str, lat: float) -> Any:
    ASKED.append(question)
    return models("sim/gpt", question, latency=lat)


def helper_appends_to_global(question: str) -> list[Any]:
    ASKED.clear()
    a = ask_logged(question + " slow", 0.1)
    n = len(ASKED)
    b = ask_logged(question + " fast", 0.02)
    return [n, list(ASKED), a[:10], b[:10]]


def first_of_two_timeouts_wins(question: str) -> list[Any]:
    a = models("sim/gpt", question, latency=0.2, timeout=0.06)
    b = models("sim/claude", question, latency=0.2, timeout=0.01)
    return [a, b]


def two_timeouts_each_caught(question: str) -> list[str]:
    out = []
    try:
        a = models("sim/gpt", question, latency=0.2, timeout=0.06)
        out.append(a[:5])
    except ProviderTimeout as exc:
        out.append("a: " + str(exc)[:40])
    try:
        b = models("sim/claude", question, latency=0.2, timeout=0.01)
        out.append(b[:5])
    except ProviderTimeout as exc:
        out.append("b: " + str(exc)[:40])
    return out


def vmap_collects_timeouts(questions: list[str]) -> list[str]:
    ask = xcs.vmap(lambda q, t: models("sim/gpt", q, latency=0.05, timeout=t),
                   in_axes=(0, 0), errors="collect")
    results = ask(questions[:3], [1.0, 0.01, 1.0])
    print("collected", len(results))
    return [type(r).__name__ for r in results]


def parallel_groups_timeouts(question: str) -> list[str]:
    try:
        xcs.parallel(lambda: models("sim/gpt", question, latency=0.1, timeout=0.02),
                     lambda: models("sim/claude", question, latency=0.1, timeout=0.05),
                     errors="group")
    except ExceptionGroup as group:
        return sorted(str(e)[:30] for e in group.exceptions)
    return []


def generator_of_answers(questions: list[str]) -> Any:
    for q in questions:
        print("asking", q)
        r = models("sim/gpt", q, latency=0.05)
        yield r[:10]


def drive_generator_partly(f: Any, env: Env) -> list[Any]:
    it = f(["a river", "a lake", "a sea"])
    first = next(it)
    print("consumer got", first)
    second = next(it)
    it.close()
    return [first, second]


TOOL_LOG: list[str] = []


def get_weather_printing(city: str) -> str:
    """The weather in a city now."""
    print("tool called for", city)
    TOOL_LOG.append(city)
    return f"sunny in {city}"


def tools_after_prints(city: str) -> list[Any]:
    TOOL_LOG.clear()
    print("before tools")
    first = models("sim/claude", "warm " + city, latency=0.1)
    print("first", len(first))
    answer = operators.run_tools("sim/gpt", f"What is the weather in {city}?",
                                 tools=[get_weather_printing], latency=0.02)
    print("after tools")
    return [answer[:15], list(TOOL_LOG)]


def system_that_prints(question: str) -> str:
    print("system got", question)
    return "hello " + question


def evaluate_printing_system_after_prints(rows: list[dict[str, str]]) -> float:
    from ember.api import eval as ember_eval

    print("before eval")
    warm = models("sim/gpt", "warm", latency=0.1)
    print("warm", len(warm))
    result = ember_eval.evaluate(system_that_prints, rows, "exact", progress=False,
                                 max_items_in_flight=1)
    print("after eval")
    return result.summary.score


def retry_inner_prints(question: str) -> list[Any]:
    tries: list[str] = []

    def inner(x: str) -> Any:
        tries.append(x)
        print("attempt", len(tries))
        return models("sim/gpt", x, latency=0.02)

    first = models("sim/claude", question, latency=0.1)
    print("first", len(first))
    r = operators.Retry(inner, attempts=2, accept=lambda a: len(tries) >= 2)(question)
    return [r[:10], len(tries)]


def ask_cold(question: str, lat: float) -> Any:
    with ember.context(temperature=1.0, seed=4):
        return models("sim/gpt", question, latency=lat)


def ask_plain(question: str, lat: float) -> str:
    r = models("sim/gpt", question, latency=lat)
    return r.strip()


def helpers_enter_context(question: str) -> list[Any]:
    a = ask_plain(question, 0.1)
    b = ask_cold(question, 0.05)
    c = ask_plain(question, 0.02)
    d = [ask_cold(x, 0.03) for x in (question, question + "?")]
    return [a[-15:], b[-15:], c[-15:], [x[-15:] for x in d], a == c, a == b]


def helpers_inside_context(question: str) -> list[Any]:
    with ember.context(temperature=1.0, seed=9):
        a = ask_plain(question, 0.1)
        b = [ask_plain(question + x, 0.02) for x in "ab"]
    c = ask_plain(question, 0.03)
    return [a[-15:], [x[-15:] for x in b], c[-15:], a == c]


class Bot:
    llm: Any = None

    def reply(self, question: str) -> list[str]:
        a = self.llm(question)
        print("replied")
        b = Bot.llm(question + "?")
        return [str(a)[:10], str(b)[:10]]


def _reset_bot(env: Env) -> None:
    Bot.llm = models.instance("sim/gpt", latency=0.1)


def make_bot_reply(env: Env) -> Any:
    return Bot().reply


def drive_bot_swapped(f: Any, env: Env) -> list[Any]:
    first = f("Hello")
    Bot.llm = staticmethod(shouting)
    second = f("Hello")
    Bot.llm = models.instance("sim/claude", latency=0.03)
    third = f("Hello")
    return [first, second, third]


def composites_over_printing_callable(question: str) -> list[Any]:
    llm = models.instance("sim/gpt", latency=0.05)
    pipe = operators.sequence(shouting, llm)
    both = operators.branches(shouting, llm)
    cached = operators.Cache(shouting)
    ens = operators.Ensemble(shouting)
    judge = operators.Judge(shouting)
    router = operators.Router({"a": shouting, "b": llm}, classifier=lambda x: "a")
    out = []
    print("1")
    out.append(pipe(question)[:10])
    print("2")
    out.append(str(both(question))[:30])
    print("3")
    out.append(cached(question))
    out.append(cached(question))
    print("4")
    out.append(str(ens(question)))
    print("5")
    out.append(str(judge(question, ["x", "y"]))[:20])
    print("6")
    out.append(router(question))
    print("7")
    return out


# =========================================================================== over HTTP


def _endpoint(api: str) -> dict[str, Any]:
    return {"corp": {"base_url": api + "/v1", "max_attempts": 1}}


def http_eval_loop(api: str, rows: list[tuple[str, str]]) -> dict[str, Any]:
    results = {}
    with ember.context(endpoints=_endpoint(api)):
        for i, (q, kw) in enumerate(rows):
            r = models("corp/gpt", q, latency=0.15 if i == 0 else 0.03, temperature=0)
            results[q] = {"ok": kw in r.lower(), "tokens": r.usage.total_tokens}
            print(i, results[q]["ok"])
    return results


def http_model_put_then_model(api: str) -> list[str]:
    with ember.context(endpoints=_endpoint(api)):
        a = models("corp/gpt", "draft a note", latency=0.1)
        requests.put(f"{api}/items/note", data=str(a)[:20], timeout=5).raise_for_status()
        b = models("corp/claude", "read the note", latency=0.03)
        stored = requests.get(f"{api}/items/note", timeout=5).json()["value"]
    return [a[:10], b[:10], stored]


def http_fetch_summarise_post(api: str) -> list[int]:
    versions = []
    with ember.context(endpoints=_endpoint(api)):
        for key, lat in (("doc-a", 0.15), ("doc-b", 0.03), ("doc-c", 0.08)):
            doc = requests.get(f"{api}/items/{key}", timeout=5).json()["value"]
            summary = models("corp/gpt-mini", f"Summarise {doc}", latency=lat)
            r = requests.post(f"{api}/items/sum-{key}", data=summary[:30], timeout=5)
            versions.append(r.json()["version"])
    return versions


def http_binding_and_sim_mixed(api: str, question: str) -> list[str]:
    with ember.context(endpoints=_endpoint(api)):
        remote = models.instance("corp/claude", temperature=0)
        a = remote(question, latency=0.15)
        b = models("sim/claude", question, temperature=0, latency=0.03)
        c = remote(question + "?", latency=0.05)
    return [a.model_id, b.model_id, c.model_id, str(a == b), a[:12]]


def http_ensemble_judge_operator(api: str, question: str) -> dict[str, Any]:
    with ember.context(endpoints=_endpoint(api)):
        ens = operators.Ensemble(["corp/gpt", "corp/claude"], latency=0.08)
        judge = operators.Judge("corp/judge", latency=0.03)
        drafts = ens(question)
        print("drafts", [d.model_id for d in drafts])
        best = judge(question, drafts)
        LOG.info("best %s", str(best)[:10])
    return {"best": str(best)[:20], "n": len(best.responses)}


def http_timeout_retry_loop(api: str) -> dict[str, Any]:
    attempts = 0
    with ember.context(endpoints=_endpoint(api)):
        side = models("corp/gpt", "side question", latency=0.05)
        for lat in (0.3, 0.2, 0.01):
            attempts += 1
            try:
                r = models("corp/gpt-mini", "main question", latency=lat, timeout=0.1)
                break
            except ProviderTimeout as exc:
                print("retry after", type(exc).__name__)
        else:
            r = None
    return {"attempts": attempts, "answer": None if r is None else r[:12], "side": side[:8]}


def http_httpx_and_models(api: str, question: str) -> list[Any]:
    with httpx.Client(base_url=api, timeout=5) as client, \
            ember.context(endpoints=_endpoint(api)):
        profile = client.get("/items/profile", params={"ms": 150}).json()["value"]
        answer = models("corp/gpt", f"{question} for {profile}", latency=0.03)
        client.put("/items/answer", content=answer[:20])
        check = client.get("/items/answer").json()["value"]
    return [profile, answer[:10], check]


def http_async_models_acall(api: str) -> Any:
    async def main() -> list[str]:
        with ember.context(endpoints=_endpoint(api)):
            a = await models.acall("corp/gpt", "one", latency=0.15)
            print("one done")
            b = await models.acall("corp/claude", "two", latency=0.03)
            print("two done")
        return [a[:10], b[:10]]

    return asyncio.run(main())


def http_answers_to_json_file(api: str, folder: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    path = Path(folder) / "answers.json"
    with ember.context(endpoints=_endpoint(api)):
        for i, name in enumerate(("gpt", "claude", "judge")):
            r = models(f"corp/{name}", "Name a colour", latency=(0.15, 0.03, 0.08)[i])
            out[name] = r[:15]
            path.write_text(json.dumps(out, indent=1))
    return json.loads(path.read_text())


# =========================================================================== the cases


def q_args(env: Env) -> tuple:
    return ("Why is the sky blue?",)


def qs_args(env: Env) -> tuple:
    return (["Name a river", "Name a mountain", "Name a lake", "Name a sea"],)


def rows_args(env: Env) -> tuple:
    return ([("What is the answer to everything?", "the"), ("Name a colour", "red"),
             ("Say hello", "hello"), ("Describe the sea", "the")],)


def api_args(env: Env) -> tuple:
    return (env.api,)


def api_q_args(env: Env) -> tuple:
    return (env.api, "What is a compound AI system?")


def _sim(fn: Any, ideal: float = 1.0, cat: str = "ensemble", args: Any = q_args,
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, ideal=ideal, **kw)


def _api(fn: Any, ideal: float = 1.0, cat: str = "sdk", args: Any = api_args,
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _reset_all(env: Env) -> None:
    _reset_members(env)
    _reset_current(env)


CASES: list[Case] = [
    # -- simulated models, eval loops
    _sim(ensemble_then_judge_prints, chain((0.15, 0.03, 0.08), (0.05,))),
    _sim(eval_loop_scores_into_dict, over(0.15, 0.05, 0.07, 0.09), cat="state",
         args=rows_args),
    _sim(eval_loop_stops_on_token_budget, cat="validation", args=qs_args),
    _sim(retry_on_simulated_timeout, cat="validation"),
    _sim(timeout_reraised_as_user_error, over(0.15, 0.03), cat="validation"),
    _sim(timeout_caught_prints_between, over(0.15, 0.02, 0.03), cat="validation"),
    _sim(generator_yields_until_match, cat="state", args=qs_args),
    _sim(generator_expression_sums_tokens, over(0.15, 0.11, 0.07, 0.03, 0.03, 0.06, 0.09, 0.12),
         cat="fanout", args=qs_args),
    # -- models rebound or swapped between calls
    Case("rebind", make=make_closure_model_rebound, drive=drive_closure_rebound,
         ideal=over(0.15, 0.03)),
    _sim(global_member_list_vote, over(0.15, 0.03), cat="rebind", drive=drive_members_mutated,
         setup=_reset_members),
    _sim(members_mutated_inside, chain((0.15, 0.03), (0.02, 0.03, 0.05)), cat="rebind"),
    _sim(instance_dict_swapped_midway, over(0.15, 0.03, 0.02), cat="rebind"),
    Case("rebind", global_model_id_rebound, setup=_reset_current),
    _sim(messages_list_mutated_after_call, over(0.15, 0.03, 0.05), cat="rebind"),
    _sim(params_dict_mutated_between_calls, over(0.15, 0.03), cat="rebind"),
    # -- operators
    _sim(operator_fields_are_models, chain((0.15, 0.15), (0.03,))),
    Case("where", make=make_jitted_operator_instance, args=q_args,
         ideal=chain((0.15, 0.15), (0.03,))),
    Case("where", make=make_jitted_method, args=q_args, calls=2, ideal=over(0.15, 0.03)),
    _sim(nested_jitted_calls, over(0.15, 0.06), cat="where", args=qs_args),
    _sim(parallel_inside_with_prints, chain((0.15,), (0.05, 0.08))),
    _sim(vmap_inside_then_judge, chain((0.15, 0.1), (0.05,)), cat="fanout", args=qs_args),
    _sim(parallel_map_then_log, over(0.05, 0.03), cat="fanout", args=qs_args),
    _sim(non_graphs_with_print_between, chain((0.1,), (0.03, 0.02)), cat="ensemble"),
    _sim(ensemble_and_vote_with_normalizer, over(0.06, 0.02)),
    _sim(judges_over_user_callables, over(0.15, 0.03, 0.05), cat="helpers"),
    _sim(verifier_with_logging_reviser, over(0.1, 0.03), cat="helpers"),
    _sim(verifier_on_sim_models, chain((0.15, 0.03), (0.05, 0.05))),
    _sim(cache_operator_counts_hits, cat="state", args=lambda env: (
        ["Hi", "Hello", "Hi", "Hey", "Hello"],)),
    _sim(branches_then_combine, chain((0.15, 0.03), (0.05,))),
    _sim(router_with_printing_classifier, cat="helpers", args=lambda env: (
        ["what is 2+2", "hello there", "7 times 6"],)),
    _sim(retry_operator_accept_callback, over(0.15, 0.1), cat="helpers"),
    _sim(tools_loop_with_user_tool, over(0.1, 0.06), cat="helpers",
         args=lambda env: ("Oslo",)),
    # -- the user's hooks and settings
    _sim(budget_stops_eval_loop, cat="validation", args=qs_args),
    _sim(response_cache_repeats, cat="state", args=lambda env: (
        ["Hi", "Hello", "Hi", "Hello", "Hey"],)),
    _sim(ember_context_block_defaults, over(0.15, 0.03, 0.05), cat="state"),
    _sim(set_config_between_calls, cat="state"),
    _sim(set_price_between_calls, cat="state"),
    _sim(streams_printed_piecewise, over(0.15, 0.03, 0.05)),
    _sim(structured_outputs_compared, over(0.15, 0.03)),
    _sim(timing_around_each_call, cat="sleep"),
    Case("where", make=lambda env: async_acalls_with_prints, name="async_acalls_with_prints",
         drive=lambda f, env: asyncio.run(f(qs_args(env)[0])),
         ideal=chain((0.15, 0.03, 0.03, 0.03), (0.05,))),
    _sim(usage_mapping_earlier_style, over(0.12, 0.08, 0.04, 0.001), cat="state",
         args=qs_args),
    _sim(user_thread_beside_calls, over(0.15, 0.03), cat="threads"),
    _sim(logging_between_calls, over(0.15, 0.03, 0.08), cat="helpers"),
    _sim(control_flow_on_answers, cat="validation", args=qs_args),
    _sim(evaluate_inside_jit, over(0.1, 0.03, 0.05), cat="fanout", args=lambda env: (
        [{"question": "Describe the sea", "answer": "the"},
         {"question": "Say hello", "answer": "hello"}],)),
    # -- files and sqlite
    Case("files", answers_written_to_files, args=lambda env: (str(env.tmp), qs_args(env)[0]),
         ideal=over(0.15, 0.03, 0.06, 0.09)),
    Case("db", answers_into_sqlite, args=lambda env: (str(env.tmp / "a.db"),
                                                      qs_args(env)[0][:3]),
         ideal=over(0.12, 0.08, 0.04)),
    Case("files", file_read_after_model_write, args=lambda env: (str(env.tmp),)),
    # -- over HTTP to the simulator behind the API server
    _api(http_eval_loop, over(0.15, 0.03, 0.03, 0.03),
         args=lambda env: (env.api, rows_args(env)[0])),
    _api(http_model_put_then_model, cat="http"),
    _api(http_fetch_summarise_post, cat="http"),
    _api(http_binding_and_sim_mixed, over(0.15, 0.03, 0.05), args=api_q_args),
    _api(http_ensemble_judge_operator, chain((0.08, 0.08), (0.03,)), cat="ensemble",
         args=api_q_args),
    _api(http_timeout_retry_loop, cat="validation"),
    _api(http_httpx_and_models, cat="clients", args=api_q_args),
    _api(http_async_models_acall, cat="where"),
    Case("files", http_answers_to_json_file, args=lambda env: (env.api, str(env.tmp)),
         servers="api", ideal=over(0.15, 0.03, 0.08)),
]

CASES += [
    _sim(quota_hook_raises_midway, cat="validation"),
    Case("rebind", ask_twice, drive=drive_model_then_function),
    _sim(operator_over_printing_callable, cat="helpers"),
    Case("rebind", make=make_panel_forward, drive=drive_panel_mutated, ideal=over(0.15, 0.03)),
    _sim(global_judge_rates, over(0.15, 0.03), cat="rebind", drive=drive_judge_swapped,
         setup=_reset_judge),
    Case("clients", fallbacks_to_sim, args=lambda env: (
        env.own(SimServer(SimConfig(fail_500=1.0, latency=0)).start()).openai_base_url,),
        ideal=over(0.1, 0.03)),
    _sim(stream_made_then_drained_later, over(0.1, 0.03)),
    Case("files", image_written_then_sent, args=lambda env: (str(env.tmp),)),
    Case("files", image_deleted_after_call, args=lambda env: (str(env.tmp),)),
    Case("files", evaluate_with_record_file, args=lambda env: (str(env.tmp),)),
    _sim(operators_with_audit_side_effects, cat="helpers", setup=_reset_audit),
    _sim(non_graph_with_user_node, setup=_register_log_node),
    _sim(evaluate_a_jitted_system, cat="where", args=lambda env: (
        [{"question": "Say hello", "answer": "hello"},
         {"question": "Describe the sea", "answer": "x"}],)),
    Case("threads", threaded_callers_share_jit, drive=drive_from_threads,
         ideal=over(0.08, 0.02)),
    _sim(binding_defaults_mutated, cat="rebind"),
    _sim(context_dict_mutated_inside, cat="rebind"),
    _sim(helper_appends_to_global, cat="helpers", setup=_reset_asked),
    _sim(first_of_two_timeouts_wins, cat="validation"),
    _sim(two_timeouts_each_caught, over(0.06, 0.01), cat="validation"),
    _sim(vmap_collects_timeouts, cat="fanout", args=qs_args),
    _sim(parallel_groups_timeouts, cat="fanout"),
    Case("where", generator_of_answers, drive=drive_generator_partly),
    _sim(tools_after_prints, cat="helpers", args=lambda env: ("Oslo",)),
    _sim(evaluate_printing_system_after_prints, cat="helpers", args=lambda env: (
        [{"question": "a", "answer": "hello a"}, {"question": "b", "answer": "no"}],)),
    _sim(retry_inner_prints, cat="helpers"),
    _sim(helpers_enter_context, cat="state"),
    _sim(helpers_inside_context, cat="state"),
    Case("rebind", make=make_bot_reply, args=lambda env: ("Hello",), drive=drive_bot_swapped,
         setup=_reset_bot),
    _sim(composites_over_printing_callable, cat="helpers"),
    Case("clients", endpoint_remapped_between_blocks, servers="web api",
         args=lambda env: (env.openai_url, env.web + "/gone/v1")),
]

# Differed under jit when written: Ember's call hooks (`add_hook`, `scoped_hooks`: the user's
# code, run on every model call) and a budget (`models.budget`) saw a jitted function's calls
# when they started, together and on Ember's loop thread, not where and when the plain code
# makes them; and a deferred wait crossed reads of what the call's end changes. Fixed at
# 80b478a: under a hook that is not `order_free` the calls run in place, so the sound
# schedule is the plain one (ideal 1.0).
CASES += [
    _sim(hook_prints_before_each_call, cat="helpers"),
    _sim(process_hook_counts_between_calls, cat="helpers"),
    _sim(canned_answer_hook_prints, cat="helpers"),
    _sim(hook_reads_thread_local, cat="threads"),
    _sim(budget_three_calls_in_block, cat="state"),
    _sim(budget_spent_read_between_calls, cat="state"),
    _sim(budget_eval_loop_appends, cat="state", args=qs_args),
    _sim(budget_comprehension, cat="state", args=qs_args),
    _sim(response_cache_counters, cat="state"),
]

# Differs under jit (not covered; docs/jit.md): a provider of the user's (`register_provider`)
# runs its start() where the call is started, early and on Ember's loop thread.
FAILING: list[Case] = [
    # value: the transcript lacks ('start', 'slow ...') (the first call started above
    # SCRIBE.log.clear()); stdout: 'provider start: slow ...' before 'begin'.
    _sim(user_provider_transcript, over(0.1, 0.02), cat="helpers", setup=_register_scribe),
]

FAILING_WHY: dict[str, str] = {
    "user_provider_transcript": "stdout and value: a registered provider's start() runs "
                                "above the statements before the call (log cleared after it)",
}
