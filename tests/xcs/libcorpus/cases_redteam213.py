"""Red-team cases (stop 213): programs written for the earlier Ember, jitted whole.

Parts of Ember's public API stop 201 did not cover: `models.stream` iterated and left
early, the response cache (`EMBER_CACHE_DIR`, a scoped `ResponseCache`, the `Cache`
operator) with repeated prompts, cost budgets, usage and cost read between calls, call
hooks of the user's, `ember.context` / `set_config` / `set_price` changed between calls,
the eval helpers (records in a folder, resume, custom evaluators that call models), NON
graphs with judges, votes and verifiers, `Operator` subclasses whose `forward` calls models
and tools, `Retry` with an accept predicate that prints, `MostCommon` with a normaliser that
prints, `run_tools` with tools that write or raise, `xcs.vmap` over an operator with
`in_axes`, `xcs.pmap`, a jitted function calling another, and errors raised by the models
layer (unknown ids, bad parameters, a simulator server that answers 500 or 429). Most run on
the in-process simulator (`sim/...`); the ``api_*`` ones on the simulator behind the API
server (endpoint ``corp``), and the ``fault_*`` ones also on a simulator server of this
module that fails every request (endpoint ``flaky``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import ember
from ember import xcs
from ember.api import models, non, operators
from ember.errors import BudgetExceeded, ModelError, ProviderTimeout, RetriesExhausted
from ember.models import CallHook, ResponseCache, cache_path, scoped_hooks
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam213")

QS = ["What is 2 + 2?", "Name a prime number.", "Why is the sky blue?", "Is water wet?"]


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def _qs(env: Env) -> tuple:
    return (list(QS),)


def _dir_qs(env: Env) -> tuple:
    return (str(env.tmp), list(QS))


def _api_qs(env: Env) -> tuple:
    return (env.api, list(QS))


def corp(api: str, **extra: Any) -> dict[str, Any]:
    return {"corp": {"base_url": api + "/v1", "max_attempts": 1, **extra}}


def sim(fn: Any, ideal: float = 1.0, args: Any = _qs, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, args=args, ideal=ideal, **kw)


def api(fn: Any, ideal: float = 1.0, args: Any = _api_qs, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, ideal=ideal, servers="api", **kw)


# =========================================================================== streaming


def r213_stream_break_early_then_call(questions: list[str]) -> list[Any]:
    stream = models.stream("sim/gpt", questions[2], latency=0.1)
    pieces = []
    for piece in stream:
        pieces.append(piece)
        print("piece", len(pieces))
        if len(pieces) == 3:
            break
    b = models("sim/claude", questions[1], latency=0.03)
    print("after stream:", b[:10])
    return ["".join(pieces), b[:10]]


def r213_stream_result_usage_after_slow_call(questions: list[str]) -> list[Any]:
    first = models("sim/gpt-mini", questions[0], latency=0.12)
    print("first", first[:8])
    stream = models.stream("sim/claude", questions[1], latency=0.03)
    text = "".join(stream)
    used = stream.result.usage.total_tokens
    LOG.info("stream used %d tokens", used)
    return [first[:8], text[:20], used > 0, stream.result.model_id]


def r213_stream_timeout_raises_after_print(questions: list[str]) -> list[Any]:
    a = models("sim/gpt", questions[0], latency=0.1)
    print("got", a[:8])
    try:
        got = "".join(models.stream("sim/claude", questions[1], latency=0.2, timeout=0.05))
    except ProviderTimeout as exc:
        print("stream timed out:", type(exc).__name__)
        got = "none"
    return [a[:8], got[:8]]


# =========================================================================== the response cache


def r213_envcache_timeout_then_same_prompt(questions: list[str]) -> list[Any]:
    try:
        a = models("sim/gpt", questions[0], temperature=0, latency=0.12, timeout=0.05)
        first = a[:8]
    except ProviderTimeout as exc:
        first = "timeout:" + type(exc).__name__
    print("first:", first)
    b = models("sim/gpt", questions[0], temperature=0, latency=0.03)
    return [first, b[:8], b.usage.cached]


def r213_envcache_repeat_prompt_cached_flags(questions: list[str]) -> list[Any]:
    out = []
    for i, lat in enumerate([0.1, 0.03, 0.03]):
        r = models("sim/gpt", questions[1], temperature=0, latency=lat)
        out.append([r[:8], r.usage.cached, r.cost_usd == 0.0])
        print("call", i, "cached" if r.usage.cached else "fresh")
    return out


def r213_envcache_clear_between_same_calls(questions: list[str]) -> list[Any]:
    a = models("sim/gpt", questions[2], temperature=0, latency=0.1)
    ResponseCache(cache_path()).clear()
    print("cleared after", a[:6])
    b = models("sim/gpt", questions[2], temperature=0, latency=0.03)
    return [a.usage.cached, b.usage.cached, a == b]


def r213_envcache_seeded_sweep_repeats(questions: list[str]) -> list[Any]:
    seen = Counter()
    for seed in [1, 2, 1, 2, 3]:
        r = models("sim/gpt", questions[3], seed=seed, temperature=0.7,
                   latency=0.08 if seed == 1 else 0.03)
        seen[r.usage.cached] += 1
    print("cached:", seen[True], "fresh:", seen[False])
    return [seen[True], seen[False]]


def r213_envcache_later_timeout_poisons_earlier(questions: list[str]) -> list[Any]:
    try:
        a = models("sim/gpt", questions[1], temperature=0, latency=0.03, timeout=0.5)[:6]
    except ProviderTimeout:
        a = "timeout"
    print("a:", a)
    b = models("sim/gpt", questions[1], temperature=0, latency=0.12, timeout=0.05)
    return [a, b[:6], b.usage.cached]


def _drive_envcache(fn_args: Any) -> Any:
    def drive(f: Any, env: Env) -> Any:
        folder = tempfile.mkdtemp(prefix="r213-cache-")
        saved = os.environ.get("EMBER_CACHE_DIR")
        os.environ["EMBER_CACHE_DIR"] = folder
        try:
            return f(*fn_args(env))
        finally:
            if saved is None:
                os.environ.pop("EMBER_CACHE_DIR", None)
            else:
                os.environ["EMBER_CACHE_DIR"] = saved
            shutil.rmtree(folder, ignore_errors=True)
    return drive


def r213_scoped_cache_hits_printed_between(questions: list[str]) -> list[Any]:
    cache = ResponseCache()
    out = []
    with scoped_hooks(cache):
        for i, q in enumerate([questions[0], questions[1], questions[0]]):
            r = models("sim/gpt", q, temperature=0, latency=0.1 if i == 0 else 0.03)
            print("hits", cache.store.hits, "misses", cache.store.misses)
            out.append(r[:8])
    return out


def r213_cache_operator_repeat_then_info(questions: list[str]) -> list[Any]:
    cached = operators.Cache("sim/gpt", maxsize=2, latency=0.05)
    out = [cached(q)[:6] for q in [questions[0], questions[1], questions[0], questions[2],
                                   questions[0]]]
    info = cached.info()
    print("info", info.hits, info.misses)
    return [out, info.hits, info.misses, info.size]


# =========================================================================== budgets and accounting


def r213_budget_loop_until_refused(questions: list[str]) -> list[Any]:
    answers = []
    with models.budget(usd=0.0009) as spend:
        try:
            for i in range(20):
                r = models("sim/gpt-4o", f"{questions[i % 4]} ({i})", max_tokens=20,
                           latency=0.02)
                answers.append(r[:6])
                print("spent", round(spend.spent_usd, 6))
        except BudgetExceeded as exc:
            print("refused:", exc.model_id)
    return [len(answers), spend.refused, round(spend.spent_usd, 6)]


def r213_budget_reserved_read_between(questions: list[str]) -> list[Any]:
    with models.budget(usd=1.0) as b:
        a = models("sim/gpt", questions[0], latency=0.1)
        LOG.info("after a: spent %.6f reserved %.6f", b.spent_usd, b.reserved_usd)
        c = models("sim/claude", questions[1], latency=0.03)
        LOG.info("after c: spent %.6f", b.spent_usd)
    return [a[:6], c[:6], round(b.spent_usd, 8)]


class Tally(CallHook):
    """Counts calls and tokens as they finish: a meter of the user's."""

    def __init__(self) -> None:
        self.calls = 0
        self.tokens = 0

    def after(self, call: Any, result: Any, error: BaseException | None) -> None:
        if error is None:
            self.calls += 1
            self.tokens += result.usage.total_tokens


def r213_user_hook_count_read_between(questions: list[str]) -> list[Any]:
    tally = Tally()
    with scoped_hooks(tally):
        a = models("sim/gpt", questions[0], latency=0.1)
        print("calls so far", tally.calls)
        b = models("sim/claude", questions[1], latency=0.03)
        print("calls so far", tally.calls)
    return [a[:6], b[:6], tally.calls, tally.tokens > 0]


def r213_set_price_between_calls(questions: list[str]) -> list[Any]:
    try:
        a = models("sim/r213-priced", questions[0], latency=0.1)
        models.set_price("sim/r213-priced", 5.0, 10.0)
        b = models("sim/r213-priced", questions[0], latency=0.03)
    finally:
        models.set_price("sim/r213-priced", 0.5, 1.5)
    return [round(a.cost_usd, 8), round(b.cost_usd, 8)]


# =========================================================================== context and config


def r213_context_defaults_block_then_outside(questions: list[str]) -> list[Any]:
    with ember.context(temperature=0.9, seed=5):
        a = models("sim/gpt", questions[0], latency=0.1)
        print("inside:", ember.get_config("defaults.seed"))
    b = models("sim/gpt", questions[0], latency=0.03)
    return [a[:20], b[:20], a == b]


def r213_set_config_max_tokens_between(questions: list[str]) -> list[Any]:
    try:
        a = models("sim/gpt", questions[2], latency=0.1)
        ember.set_config("defaults.max_tokens", 4)
        b = models("sim/gpt", questions[2], latency=0.03)
    finally:
        ember.set_config("defaults.max_tokens", None)
    return [len(a.split()), len(b.split()), b.finish_reason]


def r213_api_endpoint_swapped_same_id(base: str, questions: list[str]) -> list[Any]:
    with ember.context(endpoints=corp(base)):
        a = models("corp/gpt", questions[0], latency=0.1)
    print("first", a[:6])
    with ember.context(endpoints={"corp": {"base_url": base + "/nowhere/v1",
                                           "max_attempts": 1}}):
        try:
            b = models("corp/gpt", questions[1], latency=0.03)[:6]
        except ModelError as exc:
            b = type(exc).__name__
    return [a[:6], b]


# =========================================================================== eval helpers


def r213_eval_record_then_resume(folder: str, questions: list[str]) -> list[Any]:
    from ember.api import eval as ev

    def system(question: str) -> str:
        return models("sim/gpt", question, latency=0.02)

    rows = [{"question": f"What is {i} + {i}?", "answer": str(2 * i)} for i in range(4)]
    path = str(Path(folder) / "run.db")
    warm = models("sim/claude", questions[0], latency=0.1)
    first = ev.evaluate(system, rows[:2], "numeric", record=path, progress=False)
    print("first run items", first.summary.items)
    second = ev.evaluate(system, rows, "numeric", record=path, resume=True, progress=False)
    print("resumed", second.summary.resumed, "items", second.summary.items)
    back = ev.read_record(path)
    out = [warm[:6], second.summary.items, back.summary.items, back.summary.errors]
    for p in Path(folder).glob("run.db*"):
        p.unlink()
    return out


def r213_eval_custom_evaluator_model_then_call(questions: list[str]) -> list[Any]:
    from ember.api import eval as ev

    def grade(output: str, reference: str) -> bool:
        verdict = models("sim/judge", f"Is {output[:20]} equal to {reference}?", latency=0.02)
        return "yes" in verdict.lower()

    rows = [{"question": q, "answer": "4"} for q in questions[:3]]
    result = ev.evaluate(lambda question: models("sim/gpt", question, latency=0.02), rows,
                         grade, progress=False, max_items_in_flight=1)
    print("calls", result.summary.calls)
    after = models("sim/claude", questions[3], latency=0.03)
    return [result.summary.items, result.summary.calls, result.summary.score, after[:6]]


def r213_eval_system_raises_some_items(questions: list[str]) -> list[Any]:
    from ember.api import eval as ev

    def system(question: str) -> str:
        a = models("sim/gpt", question, latency=0.02)
        if "prime" in question or "wet" in question:
            raise ValueError(f"answer of {len(a)} chars")
        return a

    first = models("sim/claude", questions[0], latency=0.1)
    LOG.info("warm %s", first[:6])
    result = ev.evaluate(system, [{"question": q, "answer": "x"} for q in questions],
                         "exact", progress=False)
    return [result.summary.items, result.summary.errors]


def r213_eval_raise_errors_after_call(questions: list[str]) -> list[Any]:
    from ember.api import eval as ev

    def system(question: str) -> str:
        if "prime" in question:
            raise KeyError(question)
        return models("sim/gpt", question, latency=0.02)

    first = models("sim/claude", questions[0], latency=0.1)
    print("first", first[:6])
    result = ev.evaluate(system, [{"question": q, "answer": "x"} for q in questions],
                         "exact", progress=False, raise_errors=True, max_items_in_flight=1)
    return [result.summary.items]


# =========================================================================== NON graphs


def r213_non_two_graphs_print_between(questions: list[str]) -> list[Any]:
    g1 = non.build_graph("3E@sim/gpt(latency=0.05) -> 1J@sim/judge(latency=0.03)")
    g2 = non.build_graph(["2E@sim/claude(latency=0.05)", "1J@sim/judge(latency=0.03)"])
    a = g1(query=questions[0])
    print("g1:", str(a)[:10], len(a.responses))
    b = g2(query=questions[1])
    print("g2:", str(b)[:10], len(b.responses))
    return [str(a)[:10], str(b)[:10]]


def r213_non_vote_and_verify(questions: list[str]) -> list[Any]:
    vote = non.build_graph("3E@sim/gpt(temp=0.7, seed=1, latency=0.04) -> 1M")
    check = non.build_graph("2E@sim/gpt(latency=0.04) -> 1V@sim/judge(latency=0.03, rounds=1)")
    v = vote(query=questions[1])
    LOG.info("vote %s", str(v)[:10])
    c = check(query=questions[2])
    return [str(v)[:10], v.info.get("agreement"), str(c)[:10]]


def r213_non_bad_spec_after_call(questions: list[str]) -> Any:
    a = models("sim/gpt", questions[0], latency=0.1)
    print("draft", a[:8])
    system = non.build_graph("2E@sim/gpt(temp=9) -> 1J@sim/judge")
    return system(query=a[:20])


def r213_non_timeout_caught_then_call(questions: list[str]) -> list[Any]:
    first = models("sim/claude", questions[3], latency=0.1)
    print("first", first[:6])
    g = non.build_graph("2E@sim/gpt(latency=0.1, timeout=0.03) -> 1J@sim/judge(latency=0.02)")
    try:
        out = str(g(query=questions[0]))[:10]
    except Exception as exc:  # noqa: BLE001 - what the graph raises is the point
        out = type(exc).__name__
        print("graph failed:", out)
    last = models("sim/gpt", questions[1], latency=0.03)
    return [first[:6], out, last[:6]]


# =========================================================================== operators of the user's


def lookup_fact(topic: str) -> str:
    """Look up a fact about a topic."""
    print("tool: lookup", topic[:12])
    return f"facts about {topic[:12]}"


class Researcher(operators.Operator):
    model: str
    folder: str

    def forward(self, question: str) -> str:
        draft = models(self.model, question, latency=0.04)
        note = lookup_fact(draft[:20])
        with open(Path(self.folder) / "notes.txt", "a") as fh:
            fh.write(note + "\n")
        return draft[:8] + "|" + note


def r213_user_operator_forward_writes(folder: str, questions: list[str]) -> list[Any]:
    r = Researcher(model="sim/gpt", folder=folder)
    a = r(questions[0])
    print("a:", a)
    b = r(questions[1])
    text = (Path(folder) / "notes.txt").read_text()
    return [a, b, text.count("\n")]


def r213_retry_accept_prints(questions: list[str]) -> list[Any]:
    def accept(answer: str) -> bool:
        print("checking", len(answer), "chars")
        return len(answer) < 10

    before = models("sim/claude", questions[0], latency=0.1)
    retry = operators.Retry(lambda q: models("sim/gpt", q, latency=0.03), attempts=2,
                            accept=accept)
    try:
        got = retry(questions[1])[:8]
    except RetriesExhausted as exc:
        got = f"exhausted after {exc.attempts}"
    after = models("sim/judge", questions[2], latency=0.03)
    return [before[:6], got, after[:6]]


def r213_mostcommon_normaliser_prints(questions: list[str]) -> list[Any]:
    def first_word(answer: str) -> str:
        word = answer.split()[0].lower().strip(".,")
        print("normalised", word)
        return word

    vote = operators.MostCommon(normalize=first_word)
    out = []
    for q in questions[:2]:
        answers = operators.Ensemble(["sim/gpt", "sim/claude", "sim/judge"], latency=0.04)(q)
        winner = vote(answers)
        out.append([str(winner)[:8], winner.info["agreement"]])
    return out


NOTES: list[str] = []


def _notes_dir(env: Env) -> None:
    NOTES[:] = [str(env.tmp)]


def note_down(text: str) -> str:
    """Write a note down in the notes file.

    Args:
        text: what to write.
    """
    with open(Path(NOTES[0]) / "notes.txt", "a") as fh:
        fh.write(text + "\n")
    print("noted", text[:10])
    return "ok"


def r213_run_tools_tool_writes_file(folder: str, questions: list[str]) -> list[Any]:
    first = models("sim/gpt", questions[0], latency=0.1)
    print("first", first[:6])
    ans = operators.run_tools("sim/gpt", "Please note down: call the bank.", tools=[note_down],
                              latency=0.03)
    notes = (Path(folder) / "notes.txt").read_text()
    return [first[:6], str(ans)[:20], notes.count("\n")]


def get_forecast(city: str) -> str:
    """The forecast for a city."""
    print("tool asked for", city)
    raise RuntimeError(f"forecast service down for {city}")


def r213_run_tools_tool_raises(questions: list[str]) -> list[Any]:
    first = models("sim/claude", questions[1], latency=0.1)
    print("first", first[:6])
    try:
        ans = str(operators.run_tools("sim/gpt", "What is the forecast for Oslo?",
                                      tools=[get_forecast], latency=0.03))[:20]
    except Exception as exc:  # noqa: BLE001 - what run_tools raises is the point
        ans = f"{type(exc).__name__}: {exc}"
    return [first[:6], ans]


class Styled(operators.Operator):
    model: str

    def forward(self, question: str, style: str) -> str:
        return models(self.model, f"{style}: {question}", latency=0.04)


def r213_vmap_operator_in_axes(questions: list[str]) -> list[Any]:
    op = Styled(model="sim/gpt")
    first = models("sim/claude", questions[3], latency=0.1)
    print("first", first[:6])
    answers = xcs.vmap(op, in_axes=(0, None))(questions[:3], "Briefly")
    for q, a in zip(questions, answers, strict=False):
        print(q[:6], "->", a[:6])
    return [first[:6], [a[:6] for a in answers]]


def ask_gpt(q: str) -> str:
    return str(models("sim/gpt", q, latency=0.03))[:10]


def r213_pmap_then_print(questions: list[str]) -> list[Any]:
    first = models("sim/claude", questions[0], latency=0.1)
    print("first", first[:6])
    out = xcs.pmap(ask_gpt)(questions[:2])
    print("pmap", len(out))
    return [first[:6], list(out)]


def _inner_bad(model: str, q: str) -> str:
    a = models("sim/gpt", q, latency=0.04)
    print("inner first", a[:6])
    return models(model, a[:20], latency=0.02)


INNER_BAD = xcs.jit(_inner_bad)


def r213_jit_calls_jit_unknown_model(questions: list[str]) -> list[Any]:
    out = []
    for m in ["sim/claude", "nosuch/model", "sim/judge"]:
        try:
            out.append(INNER_BAD(m, questions[0])[:6])
        except ModelError as exc:
            print("failed", m, type(exc).__name__)
            out.append(type(exc).__name__)
    return out


# =========================================================================== models-layer errors


def r213_bad_temperature_in_sweep(questions: list[str]) -> list[Any]:
    out = []
    for t in [0.2, 1.0, 7.5, 0.0]:
        r = models("sim/gpt", questions[0], temperature=t, latency=0.1 if t == 0.2 else 0.03)
        print("t", t, r[:6])
        out.append(r[:6])
    return out


_FLAKY: dict[str, Any] = {}


def _flaky_servers(env: Env) -> None:
    if not _FLAKY:
        from ember.sim import SimConfig, SimServer

        _FLAKY["500"] = SimServer(SimConfig(latency=0.03, fail_500=1.0, seed=1)).start()
        _FLAKY["429"] = SimServer(SimConfig(latency=0.03, fail_429=1.0, retry_after=0.0,
                                            seed=1)).start()


def _fault_args(env: Env) -> tuple:
    eps = corp(env.api)
    eps["flaky"] = {"base_url": _FLAKY["500"].openai_base_url, "max_attempts": 1}
    eps["busy"] = {"base_url": _FLAKY["429"].openai_base_url, "max_attempts": 1}
    return (eps, list(QS))


def r213_fault_500_after_good_call(eps: dict[str, Any], questions: list[str]) -> Any:
    with ember.context(endpoints=eps):
        a = models("corp/gpt", questions[0], latency=0.1)
        print("good", a[:6])
        b = models("flaky/gpt", questions[1])
    return [a[:6], b[:6]]


def r213_fault_429_caught_then_fallback(eps: dict[str, Any], questions: list[str]) -> Any:
    out = []
    with ember.context(endpoints=eps):
        for i, q in enumerate(questions[:3]):
            try:
                out.append(models("busy/gpt", q)[:6])
            except ModelError as exc:
                LOG.warning("busy on %d: %s", i, type(exc).__name__)
                out.append("fb:" + models("corp/gpt", q, latency=0.03)[:6])
    return out


def r213_fault_instance_fallbacks(eps: dict[str, Any], questions: list[str]) -> Any:
    with ember.context(endpoints=eps):
        llm = models.instance("flaky/gpt", fallbacks=["corp/claude"], latency=0.03)
        a = llm(questions[0])
        print("a from", a.model_id)
        b = models("corp/judge", f"Rate: {a[:20]}", latency=0.03)
    return [a.model_id, a[:6], b[:6]]


def r213_fault_ensemble_one_member_fails(eps: dict[str, Any], questions: list[str]) -> Any:
    first = models("sim/gpt", questions[2], latency=0.1)
    print("first", first[:6])
    with ember.context(endpoints=eps):
        answers = operators.Ensemble(["corp/gpt", "flaky/gpt"], latency=0.03)(questions[0])
    return [first[:6], [a[:6] for a in answers]]


def r213_api_stream_then_put(base: str, questions: list[str]) -> list[Any]:
    import requests

    with ember.context(endpoints=corp(base)):
        text = ""
        for piece in models.stream("corp/gpt", questions[0], latency=0.05):
            text += piece
            if len(text) > 15:
                break
        r = requests.put(f"{base}/items/streamed", data=text[:15], timeout=5)
        b = models("corp/claude", questions[1], latency=0.03)
    return [r.json()["version"], b[:6]]


def r213_api_budget_then_put(base: str, questions: list[str]) -> list[Any]:
    import requests

    models.set_price("corp/gpt", 0.5, 1.5)
    versions = []
    with ember.context(endpoints=corp(base)), models.budget(usd=0.00025) as b:
        for i, q in enumerate(questions):
            try:
                a = models("corp/gpt", q, max_tokens=100, latency=0.03)
            except BudgetExceeded:
                print("refused at", i)
                break
            versions.append(requests.put(f"{base}/items/q{i}", data=a[:8], timeout=5)
                            .json()["version"])
    return [versions, b.refused]


# =========================================================================== more: state read by operators and hooks


def read_notes() -> str:
    """Read the notes file."""
    text = (Path(NOTES[0]) / "notes.txt").read_text()
    print("tool read", text)
    return text


def r213_run_tools_tool_reads_file_written(folder: str, questions: list[str]) -> list[Any]:
    notes = Path(folder) / "notes.txt"
    notes.write_text("old notes")
    a = models("sim/gpt", questions[0], latency=0.1)
    print("a", a[:5])
    notes.write_text("new notes")
    ans = operators.run_tools("sim/gpt", "Please read notes now.", tools=[read_notes],
                              latency=0.03)
    return [a[:5], str(ans)[:30]]


BANNED: list[str] = []


def r213_retry_accept_reads_global_list(questions: list[str]) -> list[Any]:
    BANNED.clear()
    a = models("sim/gpt", questions[1], latency=0.1)
    BANNED.append(a[:3])
    retry = operators.Retry(lambda x: models("sim/gpt", x, latency=0.03), attempts=2,
                            accept=lambda ans: ans[:3] not in BANNED)
    try:
        got = retry(questions[0])[:5]
    except RetriesExhausted as exc:
        got = f"exhausted {exc.attempts}"
    return [a[:5], got]


def r213_add_hook_between_calls(questions: list[str]) -> list[Any]:
    from ember.models import add_hook, remove_hook

    tally = Tally()
    a = models("sim/gpt", questions[0], latency=0.1)
    add_hook(tally)
    try:
        b = models("sim/claude", questions[1], latency=0.03)
    finally:
        remove_hook(tally)
    c = models("sim/judge", questions[2], latency=0.03)
    return [a[:5], b[:5], c[:5], tally.calls]


def r213_context_block_after_slow_call(questions: list[str]) -> list[Any]:
    a = models("sim/gpt", questions[0], latency=0.1)
    with ember.context(temperature=0.9, seed=5):
        b = models("sim/gpt", questions[0], latency=0.03)
    c = models("sim/gpt", questions[0], latency=0.03)
    print("b differs from c:", b != c)
    return [a[:25], b[:25], c[:25]]


def r213_stream_result_after_break(questions: list[str]) -> list[Any]:
    stream = models.stream("sim/gpt", questions[2], latency=0.05)
    for piece in stream:
        print("first piece", piece)
        break
    try:
        got = str(stream.result)[:10]
    except Exception as exc:  # noqa: BLE001 - what a closed stream raises is the point
        got = type(exc).__name__
    b = models("sim/claude", questions[0], latency=0.03)
    return [got, b[:6]]


# =========================================================================== the list


def _envcache(fn: Any, ideal: float = 1.0) -> Case:
    return Case("state", fn, drive=_drive_envcache(_qs), ideal=ideal)


def _fault(fn: Any, ideal: float = 1.0) -> Case:
    return Case("sdk", fn, args=_fault_args, setup=_flaky_servers, servers="api", ideal=ideal)


ALL: list[Case] = [
    sim(r213_stream_break_early_then_call, over(0.1, 0.03)),
    sim(r213_stream_result_usage_after_slow_call, over(0.12, 0.03)),
    sim(r213_stream_timeout_raises_after_print, over(0.1, 0.05)),
    _envcache(r213_envcache_timeout_then_same_prompt),
    _envcache(r213_envcache_later_timeout_poisons_earlier),
    _envcache(r213_envcache_repeat_prompt_cached_flags),
    _envcache(r213_envcache_clear_between_same_calls),
    _envcache(r213_envcache_seeded_sweep_repeats, over(0.08, 0.03, 0.03)),
    sim(r213_scoped_cache_hits_printed_between, 1.0, cat="state"),
    sim(r213_cache_operator_repeat_then_info, 1.0, cat="state"),
    sim(r213_budget_loop_until_refused, 1.0, cat="state"),
    sim(r213_budget_reserved_read_between, 1.0, cat="state"),
    sim(r213_user_hook_count_read_between, 1.0, cat="state"),
    sim(r213_set_price_between_calls, over(0.1, 0.03), cat="state"),
    sim(r213_context_defaults_block_then_outside, over(0.1, 0.03), cat="state"),
    sim(r213_set_config_max_tokens_between, over(0.1, 0.03), cat="state"),
    api(r213_api_endpoint_swapped_same_id, 1.0, cat="state"),
    sim(r213_eval_record_then_resume, over(0.1, 0.02, 0.02), args=_dir_qs, cat="files"),
    sim(r213_eval_custom_evaluator_model_then_call, over(0.12, 0.03)),
    sim(r213_eval_system_raises_some_items, over(0.1, 0.02)),
    sim(r213_eval_raise_errors_after_call, over(0.1, 0.02)),
    sim(r213_non_two_graphs_print_between, 2.0),
    sim(r213_non_vote_and_verify, over(0.04, 0.07)),
    sim(r213_non_bad_spec_after_call, 1.0),
    sim(r213_non_timeout_caught_then_call, over(0.1, 0.03, 0.03)),
    sim(r213_user_operator_forward_writes, 1.0, args=_dir_qs, cat="files"),
    sim(r213_retry_accept_prints, over(0.1, 0.06, 0.03)),
    sim(r213_mostcommon_normaliser_prints, 2.0),
    sim(r213_run_tools_tool_writes_file, over(0.1, 0.06), args=_dir_qs, cat="files", setup=_notes_dir),
    sim(r213_run_tools_tool_raises, over(0.1, 0.03)),
    sim(r213_vmap_operator_in_axes, over(0.1, 0.04)),
    sim(r213_pmap_then_print, over(0.1, 0.03)),
    sim(r213_jit_calls_jit_unknown_model, over(0.06, 0.04, 0.06), cat="helpers"),
    sim(r213_bad_temperature_in_sweep, over(0.1, 0.03), cat="validation"),
    _fault(r213_fault_500_after_good_call, over(0.1, 0.03)),
    _fault(r213_fault_429_caught_then_fallback, 3.0),
    _fault(r213_fault_instance_fallbacks),
    _fault(r213_fault_ensemble_one_member_fails, over(0.1, 0.03)),
    api(r213_api_stream_then_put, over(0.1, 0.03)),
    api(r213_api_budget_then_put, 1.0, cat="state"),
    sim(r213_run_tools_tool_reads_file_written, over(0.1, 0.06), args=_dir_qs, cat="files",
        setup=_notes_dir),
    sim(r213_retry_accept_reads_global_list, 1.0, cat="state"),
    sim(r213_add_hook_between_calls, over(0.1, 0.03, 0.03), cat="state"),
    sim(r213_context_block_after_slow_call, over(0.1, 0.03, 0.03), cat="state"),
    sim(r213_stream_result_after_break, over(0.05, 0.03)),
]

# Not covered, documented in docs/jit.md (Call hooks): with the response cache that
# EMBER_CACHE_DIR puts on every call, two calls with one prompt and parameters that differ
# only in `timeout` or `latency` (left out of the cache's key) share one answer when they
# are in flight together, so one's timeout decides both. Keeping every model call in order
# under that cache (as under a scoped ResponseCache) was tried and left out: it would take
# all overlap from every function run with a cache folder set.
FAILING_WHY: dict[str, str] = {
    "r213_envcache_timeout_then_same_prompt": (
        "jit returns ['[gpt] On', '[gpt] On', False] and prints 'first: [gpt] On' where plain "
        "times out first ('timeout:ProviderTimeout'): the later identical call (no timeout) "
        "starts ahead of the first, which runs in place inside a try, and the first is served "
        "its answer from the cache before its own timeout fires."),
    "r213_envcache_later_timeout_poisons_earlier": (
        "jit raises ProviderTimeout where plain returns ['[gpt] ', '[gpt] ', True]: the later "
        "call with timeout=0.05 starts first and owns the cache key; the earlier call, in "
        "place and waiting on that key, gets its timeout."),
}

CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
