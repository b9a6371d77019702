"""Red-team cases (stop 156): earlier-Ember programs, Ember's API beside libraries and prints.

Jitted functions written as a user of the earlier Ember writes them: `models("sim/...")`
calls inside helpers that print progress; `operators.op` over such helpers, `Ensemble`,
`Judge`, `Verifier`, `MostCommon`, `Retry`, `Cache`, `Router`, `>>` and `&` of operators
whose callables print, log or write to the web server; user `Operator` classes whose
`forward` prints or PUTs; NON graphs; `xcs.parallel` (both forms) and `xcs.vmap` over
helpers that print or do HTTP; `functools.partial` of `models`; `ModelResult`s formatted in
f-strings and printed; usage tallied in dicts and `Counter`s; eval loops scoring answers
with a grader that prints. Sibling calls get unequal latencies, slow first, so a wrong
reordering shows. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import collections
import functools
import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import requests

from ember.api import models, non, operators, xcs
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam156")

QS = ("Why is the sky blue?", "Name a prime.", "What is rust?")
LATS = (0.15, 0.04, 0.09)
LAT_OF = dict(zip(QS, LATS, strict=True))
GOLD = {"Why is the sky blue?": "scatter", "Name a prime.": "7", "What is rust?": "oxide"}


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(*LATS)


def _w(env: Env) -> tuple:
    return (env.web,)


def _t(env: Env) -> tuple:
    return (str(env.tmp),)


def _wt(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=_w, servers="web", ideal=ideal, **kw)


def sim(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, ideal=ideal, **kw)


# =========================================================================== helpers that print


def ask_verbose(q: str) -> str:
    print(f"-> asking: {q}")
    r = models("sim/gpt", q, latency=LAT_OF[q])
    print(f"<- {r.model_id}: {r[:24]}")
    return r


def ask_quiet(q: str, lat: float, model: str = "sim/gpt") -> Any:
    return models(model, q, latency=lat)


@operators.op
def verbose_op(q: str) -> str:
    print("op start", q)
    r = models("sim/gpt", q, latency=LAT_OF[q])
    print("op done", len(r))
    return r


@operators.op
def logged_op(q: str) -> str:
    LOG.info("asking %s", q)
    r = models("sim/claude", q, latency=LAT_OF[q])
    LOG.info("answered %d chars", len(r))
    return r


@operators.op
def shout(text: str) -> str:
    print("shouting", text[:10])
    return text.upper()


@operators.op
def draft(q: str) -> str:
    return models("sim/gpt", f"Draft: {q}", latency=LAT_OF.get(q, 0.05))


@operators.op
def polish(text: str) -> str:
    print("polishing", len(text))
    return models("sim/claude", f"Polish: {text}", latency=0.03)


def printing_grader(answer: str, gold: str) -> bool:
    ok = gold.lower() in answer.lower() or len(answer) % 2 == 0
    print(f"[{'PASS' if ok else 'FAIL'}] {answer[:20]!r} vs {gold!r}")
    return ok


# =========================================================================== helpers and loops


def r156_verbose_helper_loop() -> list[str]:
    return [str(ask_verbose(q)) for q in QS]


def r156_usage_dict_per_model() -> dict[str, int]:
    usage: dict[str, int] = {}
    for m, lat in (("sim/gpt", 0.15), ("sim/claude", 0.04), ("sim/gpt", 0.09)):
        r = models(m, "Explain XCS in one line.", latency=lat)
        usage[m] = usage.get(m, 0) + r.usage.total_tokens
        print(m, "running", usage[m])
    return usage


def r156_usage_counter_update_mapping() -> dict[str, int]:
    tally: collections.Counter[str] = collections.Counter()
    for q, lat in zip(QS, LATS, strict=True):
        r = ask_quiet(q, lat)
        tally.update(dict(r.usage))
    print(dict(sorted(tally.items())))
    return dict(tally)


def r156_result_types_kept() -> list[str]:
    rs = [ask_quiet(q, lat) for q, lat in zip(QS, LATS, strict=True)]
    return [type(r).__name__ for r in rs] + [str(isinstance(rs[0], str))]


def r156_log_usage_per_call() -> int:
    total = 0
    for q, lat in zip(QS, LATS, strict=True):
        r = ask_quiet(q, lat)
        LOG.info("%s %s tokens=%d", r.model_id, q, r.usage["total_tokens"])
        total += r.usage["total_tokens"]
    return total


# =========================================================================== partials of models




def r156_partial_chain_then_side() -> list[str]:
    fast = functools.partial(models, "sim/gpt", latency=0.04)
    slow = functools.partial(models, "sim/claude", latency=0.15)
    a = slow("First question")
    b = fast(f"Follow up on: {a[:20]}")
    c = fast("Independent")
    return [a[:10], b[:10], c[:10]]


# =========================================================================== operators


def r156_op_verbose_loop() -> list[str]:
    return [verbose_op(q) for q in QS]


def r156_op_logged_loop() -> list[int]:
    return [len(logged_op(q)) for q in QS]


def r156_sequence_with_print_step() -> list[str]:
    pipe = draft >> shout
    return [pipe(q)[:20] for q in QS]


def r156_sequence_draft_polish() -> list[str]:
    pipe = operators.sequence(draft, polish)
    out = []
    for q in QS:
        out.append(pipe(q)[:20])
        print("done", q)
    return out


def r156_branches_one_prints() -> list[tuple[str, str]]:
    both = draft & shout
    out = []
    for q in QS:
        a, b = both(q)
        out.append((a[:10], b))
    return out


def r156_ensemble_then_judge_print() -> list[str]:
    ens = operators.Ensemble(["sim/gpt", "sim/claude"], latency=0.05)
    judge = operators.Judge("sim/judge", latency=0.04)
    out = []
    for q in QS:
        cands = ens(q)
        best = judge(q, cands)
        print(f"{q[:10]} -> {best[:20]} from {len(best.responses)}")
        out.append(str(best))
    return out


def r156_ensemble_printing_member() -> list[int]:
    def member(prompt: str) -> str:
        print("member sees", prompt[:12])
        return prompt[::-1]

    ens = operators.Ensemble([member])
    out = []
    for q in QS:
        print("next", q)
        out.append(len(ens(q)))
    return out


def r156_judge_printing_model() -> list[str]:
    def grader(prompt: str) -> str:
        print("judge prompt length", len(prompt))
        return "Looks right.\nFinal answer: [1]"

    judge = operators.Judge(grader)
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        cands = [ask_quiet(q, lat), ask_quiet(q, lat / 2, "sim/claude")]
        out.append(str(judge(q, cands))[:20])
    return out


def r156_verifier_printing_checker() -> list[Any]:
    calls = []

    def checker(prompt: str) -> str:
        calls.append(len(prompt))
        print("checking", len(calls))
        return "Verdict: correct" if len(calls) % 2 else "Wrong.\nVerdict: incorrect"

    ver = operators.Verifier(checker, reviser=lambda p: "Final answer: fixed", max_rounds=1)
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        ans = ask_quiet(q, lat)
        v = ver(q, ans)
        out.append((str(v)[:10], v.info["verified"]))
    return [out, calls]


def r156_most_common_votes_printed() -> list[Any]:
    vote = operators.MostCommon()
    out = []
    for q in QS:
        answers = [ask_quiet(q, lat, m) for m, lat in (("sim/a", 0.15), ("sim/b", 0.04),
                                                       ("sim/a", 0.09))]
        w = vote(answers)
        print(q[:8], w.info["agreement"])
        out.append(w.info["agreement"])
    return out


def r156_cache_info_after_dupes() -> list[Any]:
    cached = operators.Cache("sim/gpt", latency=0.05)
    out = [cached(q)[:10] for q in ("Hi", "Hi", "Yo", "Hi")]
    info = cached.info()
    return [out, info.hits, info.misses, info.size]


def r156_router_printing_classifier() -> list[str]:
    def classify(q: str) -> str:
        print("routing", q[:10])
        return "math" if "prime" in q else "chat"

    router = operators.Router({"math": lambda q: models("sim/math", q, latency=0.04),
                               "chat": lambda q: models("sim/chat", q, latency=0.15)},
                              classifier=classify)
    return [router(q)[:12] for q in QS]


class Noisy(operators.Operator):
    model: str = "sim/gpt"

    def forward(self, q: str) -> str:
        print("Noisy.forward", q[:10])
        return models(self.model, q, latency=LAT_OF.get(q, 0.05))


class Putter(operators.Operator):
    web: str = ""

    def forward(self, q: str) -> str:
        r = models("sim/gpt", q, latency=LAT_OF.get(q, 0.05))
        requests.put(f"{self.web}/items/{len(q)}", data=str(r)[:20], timeout=5)
        return r


class Historian(operators.Operator):
    history: Any = None

    def forward(self, q: str) -> str:
        r = models("sim/gpt", q, latency=LAT_OF.get(q, 0.05))
        self.history["log"].append(q)
        return r


def r156_user_operator_prints() -> list[str]:
    noisy = Noisy()
    return [noisy(q)[:12] for q in QS]


def r156_user_operator_puts(web: str) -> list[Any]:
    p = Putter(web=web)
    out = [p(q)[:10] for q in QS]
    return [out, requests.get(f"{web}/items", timeout=5).json()["keys"]]


def r156_user_operator_history_read() -> list[Any]:
    box: dict[str, list[str]] = {"log": []}
    h = Historian(history=box)
    seen = []
    for q in QS:
        h(q)
        seen.append(len(box["log"]))
    return seen


# =========================================================================== NON graphs


def r156_non_graph_loop_print() -> list[Any]:
    system = non.build_graph(["2E@sim/gpt(latency=0.05)", "1J@sim/judge(latency=0.03)"])
    out = []
    for q in QS:
        a = system(query=q)
        print(f"NON: {a[:20]} ({len(a.responses)} seen)")
        out.append(str(a))
    return out


# =========================================================================== xcs.parallel / vmap


def r156_parallel_list_verbose() -> list[str]:
    return xcs.parallel([ask_verbose(q) for q in QS])


def r156_parallel_list_with_puts(web: str) -> list[Any]:
    def save(k: str, v: str) -> int:
        return requests.put(f"{web}/items/{k}", data=v, timeout=5).json()["version"]

    answers = xcs.parallel([ask_quiet(q, lat) for q, lat in zip(QS, LATS, strict=True)])
    versions = [save(f"p{i}", a[:10]) for i, a in enumerate(answers)]
    return [versions, [a[:10] for a in answers]]


def _fetch_then_ask(web: str, k: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
    return models("sim/gpt", f"Summarise {v}", latency=0.03)[:15]


def r156_two_vmaps_print_between() -> list[Any]:
    ask = xcs.vmap(lambda q: models("sim/gpt", q, latency=LAT_OF[q])[:10])
    first = ask(list(QS))
    print("first batch", first[0])
    second = xcs.vmap(lambda q: models("sim/claude", q, latency=0.09)[:10])(["x", "y"])
    return [first, second]


def r156_vmap_in_axes_model_arg() -> list[str]:
    ask = xcs.vmap(lambda q, m: models(m, q, latency=LAT_OF[q]).text[:10], in_axes=(0, None))
    a = ask(list(QS), "sim/gpt")
    b = ask(list(QS), "sim/claude")
    print(a[0], b[0])
    return a + b


# =========================================================================== models beside HTTP


def _ask_and_put(web: str, i: int, q: str, lat: float) -> int:
    r = models("sim/gpt", q, latency=lat)
    print(f"saving {i}: {r[:12]}")
    resp = requests.put(f"{web}/items/ans{i}", data=str(r), timeout=5)
    return resp.json()["version"]


def r156_helper_model_then_put(web: str) -> list[Any]:
    versions = [_ask_and_put(web, i, q, lat) for i, (q, lat) in enumerate(zip(QS, LATS,
                                                                               strict=True))]
    back = requests.get(f"{web}/items/ans1", timeout=5).json()["value"]
    return [versions, back[:12]]


def r156_get_context_then_ask(web: str) -> list[str]:
    out = []
    for k, ms in (("doc1", 150), ("doc2", 40), ("doc3", 90)):
        ctx = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        r = models("sim/gpt", f"Using {ctx}, answer.", latency=0.03)
        print(k, "->", r[:15])
        out.append(r[:15])
    return out


def r156_put_prompt_then_model_reads(web: str) -> list[str]:
    out = []
    for i, q in enumerate(QS):
        requests.put(f"{web}/items/q{i}", data=q, timeout=5)
        stored = requests.get(f"{web}/items/q{i}?ms=20", timeout=5).json()["value"]
        out.append(models("sim/gpt", stored, latency=LAT_OF[q])[:12])
    return out


def r156_eval_llm_grader_chain() -> list[int]:
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        ans = models("sim/gpt", q, latency=lat)
        verdict = models("sim/judge", f"Grade 1-5: {q} -> {ans}", latency=0.03)
        score = 1 + len(verdict) % 5
        print(f"{q[:12]:<12} score={score}")
        out.append(score)
    return out


def r156_eval_results_to_posted_report(web: str) -> dict[str, Any]:
    rows = []
    for q, lat in zip(QS, LATS, strict=True):
        ans = ask_quiet(q, lat)
        rows.append({"q": q, "ok": printing_grader(ans, GOLD[q]), "tok": ans.usage.total_tokens})
    r = requests.post(f"{web}/items/report", json=rows, timeout=5)
    return {"status": r.status_code, "n": len(rows)}


def r156_eval_sqlite_rows(tmp: str) -> list[Any]:
    db = sqlite3.connect(str(Path(tmp) / "eval.db"))
    db.execute("create table r (q text, a text, ok int)")
    for q, lat in zip(QS, LATS, strict=True):
        ans = ask_quiet(q, lat)
        db.execute("insert into r values (?, ?, ?)", (q, ans[:20], GOLD[q] in ans))
    db.commit()
    rows = db.execute("select q, ok from r order by rowid").fetchall()
    db.close()
    return rows


def r156_eval_break_on_failure() -> list[str]:
    seen = []
    for q, lat in zip(QS, LATS, strict=True):
        ans = ask_quiet(q, lat)
        seen.append(ans[:10])
        if not printing_grader(ans, "zzz-never"):
            print("stopping early")
            break
    return seen


def r156_unknown_provider_caught() -> list[str]:
    out = []
    for m, lat in (("sim/gpt", 0.15), ("nosuch/model", 0.0), ("sim/claude", 0.04)):
        try:
            out.append(models(m, "Hi", latency=lat)[:10])
        except Exception as exc:
            print("failed:", type(exc).__name__)
            out.append(type(exc).__name__)
    return out


def r156_models_response_metadata() -> list[Any]:
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        r = models.response("sim/gpt", q, latency=lat)
        out.append((r.model_id, r.finish_reason, r.usage["prompt_tokens"]))
    print(out[0])
    return out


def r156_logging_basic_config_inside() -> list[str]:
    log = logging.getLogger("corpus.redteam156.inner")
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        r = ask_quiet(q, lat)
        log.warning("answer %s", r[:10])
        out.append(r[:10])
    return out


# =========================================================================== sharper shapes


def _save(web: str, k: str, v: str) -> int:
    print("put", k)
    return requests.put(f"{web}/items/{k}", data=v, timeout=5).json()["version"]


def r156_parallel_list_of_puts(web: str) -> list[int]:
    return xcs.parallel([_save(web, "a", "1"), _save(web, "b", "2"), _save(web, "c", "3")])


def _boom(q: str) -> str:
    raise ValueError(f"no answer for {q}")


def r156_parallel_list_raises_before_put(web: str) -> Any:
    try:
        return xcs.parallel([ask_quiet(QS[0], 0.15), _boom("x"), _save(web, "after", "1")])
    except ValueError as exc:
        print("caught", exc)
        return requests.get(f"{web}/items", timeout=5).json()["keys"]


COUNT = {"n": 0}


def _numbered(q: str, lat: float) -> str:
    COUNT["n"] += 1
    return f"{COUNT['n']}:" + models("sim/gpt", q, latency=lat)[:10]


def r156_parallel_list_global_counter() -> list[str]:
    COUNT["n"] = 0
    return xcs.parallel([_numbered(q, lat) for q, lat in zip(QS, LATS, strict=True)])


def r156_vmap_sequential_printing_helper() -> list[str]:
    f = xcs.vmap(ask_verbose, config=xcs.Config(strategy="sequential"))
    return [x[:10] for x in f(list(QS))]


def r156_partial_keywords_mutated() -> list[str]:
    p = functools.partial(models, "sim/gpt", seed=1)
    a = p("Same prompt", latency=0.15)
    p.keywords["seed"] = 2
    b = p("Same prompt", latency=0.04)
    return [a[:20], b[:20], str(a == b)]


def r156_judge_candidates_cleared_after() -> list[Any]:
    judge = operators.Judge("sim/judge", latency=0.04)
    cands = [ask_quiet(QS[0], 0.15), ask_quiet(QS[0], 0.09, "sim/claude")]
    best = judge(QS[0], cands)
    cands.clear()
    cands.append("replaced")
    return [str(best)[:20], len(best.responses), cands]


def r156_ensemble_member_puts(web: str) -> list[Any]:
    def member(prompt: str) -> str:
        requests.put(f"{web}/items/m{len(prompt)}", data=prompt[:10], timeout=5)
        return prompt.lower()

    ens = operators.Ensemble([member])
    out = [ens(q)[0][:8] for q in QS]
    return [out, requests.get(f"{web}/items", timeout=5).json()["keys"]]


def r156_op_helper_puts_loop(web: str) -> list[str]:
    @operators.op
    def ask_and_store(q: str) -> str:
        r = models("sim/gpt", q, latency=LAT_OF[q])
        requests.put(f"{web}/items/{len(q)}", data=str(r)[:10], timeout=5)
        return r

    return [ask_and_store(q)[:10] for q in QS]


def r156_operator_spec_error_caught() -> list[str]:
    noisy = Noisy()
    out = []
    for q in (QS[0], 42, QS[1]):
        try:
            out.append(noisy(q)[:10])
        except Exception as exc:
            print("bad input:", type(exc).__name__)
            out.append(type(exc).__name__)
    return out


def r156_ops_dict_rebound_between() -> list[str]:
    ops = {"ask": Noisy(model="sim/a")}
    a = ops["ask"](QS[0])
    ops["ask"] = Noisy(model="sim/b")
    b = ops["ask"](QS[1])
    return [a[:12], b[:12]]


def r156_pipeline_lambda_prints() -> list[str]:
    pipe = draft >> (lambda t: print("mid", t[:8]) or t[::-1]) >> polish
    return [pipe(q)[:10] for q in QS]


def r156_branches_put_branch(web: str) -> list[Any]:
    both = draft & (lambda q: requests.put(f"{web}/items/{len(q)}", data=q, timeout=5).status_code)
    return [both(q)[1] for q in QS]


def r156_non_verifier_stage() -> list[str]:
    system = non.build_graph("2E@sim/gpt(latency=0.04) -> 1V@sim/gpt(latency=0.02,max_rounds=1)")
    out = []
    for q in QS[:2]:
        a = system(query=q)
        print("verified", q[:8])
        out.append(str(a)[:20])
    return out


def r156_scan_printing_step() -> list[Any]:
    def turn(history: str, q: str) -> tuple[str, str]:
        r = models("sim/gpt", history + q, latency=LAT_OF[q])
        print("turn", len(history))
        return history + q + r[:10], r[:10]

    final, replies = xcs.scan(turn)("", list(QS))
    side = models("sim/claude", "Unrelated", latency=0.15)
    return [len(final), replies, side[:10]]


def r156_evaluate_batch_printing_evaluator() -> Any:
    from ember.utils.eval import EvaluationResult, IEvaluator, evaluate_batch_with_summary

    class Loud(IEvaluator):
        def evaluate(self, system_output, correct_answer, **kwargs):
            ok = correct_answer in system_output
            print("eval", ok)
            return EvaluationResult(is_correct=ok, score=float(ok))

    outs = [ask_quiet(q, lat) for q, lat in zip(QS, LATS, strict=True)]
    s = evaluate_batch_with_summary(Loud(), outs, [GOLD[q] for q in QS])
    return [s.accuracy, s.mean_score]


def r156_timeout_retry_growing() -> list[str]:
    out = []
    for q, lat in zip(QS, (0.12, 0.04, 0.09), strict=True):
        for attempt in range(3):
            try:
                r = models("sim/gpt", q, latency=lat, timeout=0.05 * (attempt + 1))
            except Exception as exc:
                print(f"attempt {attempt} for {q[:8]}: {type(exc).__name__}")
                continue
            out.append(r[:10])
            break
    return out


def r156_timeout_uncaught_between_puts(web: str) -> Any:
    requests.put(f"{web}/items/before", data="1", timeout=5)
    a = models("sim/gpt", "fine", latency=0.04)
    print("first ok", a[:8])
    b = models("sim/gpt", "too slow", latency=0.2, timeout=0.05)
    requests.put(f"{web}/items/after", data=b, timeout=5)
    return b


def r156_sorted_key_model_len() -> list[str]:
    def score(q: str) -> int:
        n = len(models("sim/judge", f"Rate: {q}", latency=LAT_OF[q]))
        print("scored", q[:8], n)
        return n

    return sorted(QS, key=score)


def r156_sequence_step_raises_caught() -> list[str]:
    def check(t: str) -> str:
        if len(t) % 3 == 0:
            raise ValueError(f"bad length {len(t)}")
        return t

    pipe = draft >> check >> shout
    out = []
    for q in QS:
        try:
            out.append(pipe(q)[:10])
        except ValueError as exc:
            print("pipeline failed:", exc)
            out.append("ERR")
    return out


@xcs.jit
def jitted_helper(q: str) -> str:
    print("jitted helper", q[:8])
    a = models("sim/a", q, latency=LAT_OF[q])
    b = models("sim/b", q, latency=LAT_OF[q] / 3)
    return f"{a[:6]}|{b[:6]}"


def r156_nested_jitted_helper_loop() -> list[str]:
    return [jitted_helper(q) for q in QS]


def r156_checkpoint_every_two(web: str) -> list[Any]:
    done: dict[str, int] = {}
    versions = []
    for i, (q, lat) in enumerate(zip(QS + ("Last one?",), LATS + (0.06,), strict=True)):
        done[q] = models("sim/gpt", q, latency=lat).usage.total_tokens
        if i % 2 == 1:
            r = requests.put(f"{web}/items/ckpt", data=json.dumps(done), timeout=5)
            versions.append(r.json()["version"])
            print("checkpoint", len(done))
    return [versions, sum(done.values())]


def r156_parallel_list_walrus_dependency() -> list[str]:
    res = xcs.parallel([(a := models("sim/gpt", QS[0], latency=0.15)),
                        models("sim/claude", f"Check: {a[:12]}", latency=0.04)])
    return [r[:12] for r in res]


def r156_parallel_list_element_reads_log() -> list[Any]:
    log: list[str] = []

    def noted(q: str, lat: float) -> str:
        log.append(q)
        return models("sim/gpt", q, latency=lat)[:8]

    res = xcs.parallel([noted(QS[0], 0.15), len(log), noted(QS[1], 0.04), len(log)])
    return [res, log]


def r156_parallel_list_print_elements() -> list[Any]:
    return xcs.parallel([print("first") or 1, ask_quiet(QS[0], 0.15)[:8],
                         print("second") or 2, ask_quiet(QS[1], 0.04)[:8]])


ALL: list[Case] = [
    sim(r156_verbose_helper_loop, IDEAL3, cat="helpers"),
    sim(r156_usage_dict_per_model, IDEAL3, cat="state"),
    sim(r156_usage_counter_update_mapping, IDEAL3, cat="state"),
    sim(r156_result_types_kept, IDEAL3),
    sim(r156_log_usage_per_call, IDEAL3),
    sim(r156_partial_chain_then_side, over(0.19, 0.04)),
    sim(r156_op_verbose_loop, IDEAL3, cat="ensemble"),
    sim(r156_op_logged_loop, IDEAL3, cat="ensemble"),
    sim(r156_sequence_with_print_step, IDEAL3, cat="ensemble"),
    sim(r156_sequence_draft_polish, (sum(LATS) + 0.09) / 0.18, cat="ensemble"),
    sim(r156_branches_one_prints, IDEAL3, cat="ensemble"),
    sim(r156_ensemble_then_judge_print, 3.0, cat="ensemble"),
    sim(r156_ensemble_printing_member, cat="ensemble"),
    sim(r156_judge_printing_model, 0.42 / 0.15, cat="ensemble"),
    sim(r156_verifier_printing_checker, IDEAL3, cat="ensemble"),
    sim(r156_most_common_votes_printed, 0.84 / 0.15, cat="ensemble"),
    sim(r156_cache_info_after_dupes, cat="state"),
    sim(r156_router_printing_classifier, over(0.15, 0.04, 0.15), cat="ensemble"),
    sim(r156_user_operator_prints, IDEAL3, cat="ensemble"),
    web(r156_user_operator_puts, cat="ensemble"),
    sim(r156_user_operator_history_read, IDEAL3, cat="state"),
    sim(r156_non_graph_loop_print, 3.0, cat="ensemble"),
    sim(r156_parallel_list_verbose, IDEAL3, cat="fanout"),
    web(r156_parallel_list_with_puts, cat="fanout"),
    sim(r156_two_vmaps_print_between, 0.24 / 0.15, cat="fanout"),
    sim(r156_vmap_in_axes_model_arg, 2.0, cat="fanout"),
    web(r156_helper_model_then_put, cat="http"),
    web(r156_get_context_then_ask, (0.28 + 0.09) / 0.18, cat="http"),
    web(r156_put_prompt_then_model_reads, cat="http"),
    sim(r156_eval_llm_grader_chain, (0.28 + 0.09) / 0.18, cat="helpers"),
    web(r156_eval_results_to_posted_report, 0.33 / 0.2, cat="http"),
    Case("db", r156_eval_sqlite_rows, args=_t, ideal=IDEAL3),
    sim(r156_eval_break_on_failure, cat="validation"),
    sim(r156_unknown_provider_caught, over(0.15, 0.04), cat="validation"),
    sim(r156_models_response_metadata, IDEAL3),
    sim(r156_logging_basic_config_inside, IDEAL3, cat="helpers"),
    web(r156_parallel_list_of_puts, cat="fanout"),
    web(r156_parallel_list_raises_before_put, cat="validation"),
    sim(r156_parallel_list_global_counter, IDEAL3, cat="state"),
    sim(r156_vmap_sequential_printing_helper, cat="fanout"),
    sim(r156_partial_keywords_mutated, over(0.15, 0.04), cat="state"),
    sim(r156_judge_candidates_cleared_after, 0.28 / 0.19, cat="ensemble"),
    web(r156_ensemble_member_puts, cat="ensemble"),
    web(r156_op_helper_puts_loop, cat="ensemble"),
    sim(r156_operator_spec_error_caught, over(0.15, 0.04), cat="validation"),
    sim(r156_ops_dict_rebound_between, over(0.15, 0.04), cat="rebind"),
    sim(r156_pipeline_lambda_prints, (sum(LATS) + 0.09) / 0.18, cat="ensemble"),
    web(r156_branches_put_branch, cat="ensemble"),
    sim(r156_non_verifier_stage, 2.0, cat="ensemble"),
    sim(r156_scan_printing_step, 0.43 / 0.28, cat="fanout"),
    sim(r156_evaluate_batch_printing_evaluator, IDEAL3, cat="helpers"),
    sim(r156_timeout_retry_growing, 0.45 / 0.27, cat="validation"),
    web(r156_timeout_uncaught_between_puts, 1.4, cat="validation"),
    sim(r156_sorted_key_model_len, IDEAL3, cat="helpers"),
    sim(r156_sequence_step_raises_caught, IDEAL3, cat="validation"),
    sim(r156_nested_jitted_helper_loop, IDEAL3, cat="helpers"),
    web(r156_checkpoint_every_two, cat="http"),
    sim(r156_parallel_list_walrus_dependency, cat="fanout"),
    sim(r156_parallel_list_element_reads_log, over(0.15, 0.04), cat="fanout"),
    sim(r156_parallel_list_print_elements, over(0.15, 0.04), cat="fanout"),
]

# No case differed or crashed under jit when written.
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
