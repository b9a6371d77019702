"""Red-team cases (stop 178): earlier-Ember programs, second round, on Ember's public API.

Jitted functions written as a user of the earlier Ember writes them, from the README and
docs alone: `models("sim/...")` and `models.instance(...)` bindings with `latency=` so
sibling calls take unequal times (slow first); `ModelResult` fields printed (`model_id`,
`usage`, `finish_reason`, `cost_usd`, `choices`); usage and cost summed in dicts; bad model
ids and timeouts caught and recorded; operators (`op`, `Ensemble`, `Judge`, `Verifier`,
`MostCommon`, `Retry`, `Router`, `>>`, `&`, operators of one's own over bindings, `as_model`);
NON graphs; `xcs.parallel` (both forms), `xcs.vmap`, `xcs.pmap` and `xcs.parallel_map`
beside requests/httpx GETs and PUTs on the loopback server; eval loops over a dataset of
dicts with a printing scorer whose results go to a json file in the run's directory;
`ember.context` / `set_config` between calls; and `async def` variants (`models.acall`, a
binding's `acall`, an operator's `acall`, an `aforward` of one's own). `FAILING` holds the
cases that differed or crashed under jit when written, with `FAILING_WHY` saying what
differed.
"""

from __future__ import annotations

import asyncio
import collections
import json
from pathlib import Path
from typing import Any

import httpx
import requests

import ember
from ember.api import models, non, operators, xcs
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam178")

QS = ("Why is the sky blue?", "Name a prime.", "What is rust?")
LATS = (0.15, 0.04, 0.09)
LAT_OF = dict(zip(QS, LATS, strict=True))
GOLD = {"Why is the sky blue?": "scatter", "Name a prime.": "7", "What is rust?": "oxide"}
DATASET = [{"id": i, "question": q, "answer": GOLD[q], "lat": lat}
           for i, (q, lat) in enumerate(zip(QS, LATS, strict=True))]

SLOW = models.instance("sim/gpt", latency=0.15)
FAST = models.instance("sim/claude", latency=0.04)
MID = models.instance("sim/gemini", latency=0.09)
JUDGE = models.instance("sim/judge", latency=0.03, temperature=0)


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


def web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=_w, servers="web", ideal=ideal, **kw)


def web_tmp(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_wt, servers="web", ideal=ideal, **kw)


def tmp(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_t, ideal=ideal, **kw)


def sim(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, ideal=ideal, **kw)


def _d_none(f: Any, env: Env) -> Any:
    return asyncio.run(f())


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _d_tmp(f: Any, env: Env) -> Any:
    return asyncio.run(f(str(env.tmp)))


def asim(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_none, ideal=ideal, **kw)


def aweb(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_web, servers="web", ideal=ideal, **kw)


def atmp(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_tmp, ideal=ideal, **kw)


# =========================================================================== helpers


def score(pred: str, gold: str) -> float:
    """The scorer of an eval loop: prints its verdict, as users' scorers do."""
    ok = gold.lower() in pred.lower() or len(pred) % 3 == 0
    print(f"  score {pred[:18]!r} vs {gold!r}: {int(ok)}")
    return float(ok)


def show(r: Any) -> None:
    print(f"{r.model_id} finish={r.finish_reason} tokens={r.usage['total_tokens']} "
          f"cost={r.cost_usd:.7f} text={r[:16]!r}")


def get_item(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def put_item(web: str, k: str, v: str) -> int:
    return requests.put(f"{web}/items/{k}", data=v, timeout=5).json()["version"]


class Duo(operators.Operator):
    """Two bindings asked the same question; an operator of one's own as the docs show."""

    first: Any = SLOW
    second: Any = FAST

    def forward(self, q: str) -> tuple[str, str]:
        a = self.first(q)
        b = self.second(f"Briefly: {q}")
        return str(a)[:12], str(b)[:12]


class Drafts(operators.Operator):
    model: operators.Model

    def __init__(self, model: Any, **params: Any) -> None:
        self.model = operators.as_model(model, params, who="Drafts")

    def forward(self, prompt: str) -> list[str]:
        return [self.model(prompt)[:10], self.model(prompt + " Be brief.")[:10]]


class AsyncAsker(operators.Operator):
    model: str = "sim/gpt"

    async def aforward(self, q: str) -> str:
        r = await models.acall(self.model, q, latency=LAT_OF.get(q, 0.05))
        return str(r)[:14]


class Saver(operators.Operator):
    web: str = ""

    def forward(self, text: str) -> str:
        put_item(self.web, f"s{len(text)}", text[:12])
        return text[:12]


@operators.op
def answer_op(q: str) -> str:
    return models("sim/gpt", q, latency=LAT_OF.get(q, 0.05))


# =========================================================================== bindings, fields


def r178_bindings_three_roles() -> list[str]:
    a = SLOW(QS[0])
    b = FAST(QS[1])
    c = MID(QS[2])
    for r in (a, b, c):
        print(r.model_id, r.usage.total_tokens)
    return [a[:12], b[:12], c[:12]]


def r178_binding_made_in_loop() -> list[str]:
    out = []
    for (m, lat), q in zip((("sim/gpt", 0.15), ("sim/claude", 0.04), ("sim/a", 0.09)), QS,
                           strict=True):
        bound = models.instance(m, latency=lat, temperature=0)
        out.append(bound(q)[:14])
    print(out)
    return out


def r178_binding_overridden_per_call() -> list[str]:
    b = models.instance("sim/gpt", latency=0.15, temperature=0)
    x = b(QS[0])
    y = b(QS[0], latency=0.04, temperature=0.7)
    z = b(QS[0], latency=0.09)
    print(x == z, x == y)
    return [x[:16], y[:16], z[:16]]


def r178_cost_by_model_dict() -> dict[str, Any]:
    cost: dict[str, float] = {}
    tokens: dict[str, int] = {}
    for bound, q in ((SLOW, QS[0]), (FAST, QS[1]), (SLOW, QS[2]), (MID, QS[0])):
        r = bound(q)
        cost[r.model_id] = cost.get(r.model_id, 0.0) + r.cost_usd
        tokens[r.model_id] = tokens.get(r.model_id, 0) + r.usage["total_tokens"]
    for m in sorted(cost):
        print(f"{m:<12} ${cost[m]:.7f} {tokens[m]} tok")
    return {"cost": {k: round(v, 9) for k, v in cost.items()}, "tokens": tokens}


def r178_usage_defaultdict_split() -> dict[str, int]:
    usage: collections.defaultdict[str, int] = collections.defaultdict(int)
    for q, lat in zip(QS, LATS, strict=True):
        r = models("sim/gpt", q, latency=lat)
        usage["prompt"] += r.usage.prompt_tokens
        usage["completion"] += r.usage.completion_tokens
        usage["calls"] += 1
    print(dict(usage))
    return dict(usage)


def r178_result_fields_printed() -> list[str]:
    rs = [SLOW(QS[0]), FAST(QS[1]), MID(QS[2])]
    for r in rs:
        show(r)
    return [repr(r)[:40] for r in rs]


def r178_choices_n2_printed() -> list[Any]:
    a = models("sim/gpt", QS[0], latency=0.15, n=2)
    b = models("sim/claude", QS[1], latency=0.04, n=3)
    for i, c in enumerate(a.choices + b.choices):
        print(i, c.model_id, c[:14])
    return [len(a.choices), len(b.choices), a.usage.total_tokens, b.choices[2][:10]]


def r178_results_as_dict_keys() -> dict[str, int]:
    seen: dict[str, int] = {}
    for bound in (SLOW, FAST, SLOW, MID, FAST):
        r = bound("Same question?", temperature=0)
        seen[r] = seen.get(r, 0) + 1
    print(len(seen), sorted(seen.values()))
    return {k[:10]: v for k, v in seen.items()}


# =========================================================================== errors recorded


def r178_bad_model_id_recorded() -> dict[str, str]:
    results: dict[str, str] = {}
    for m, lat in (("sim/gpt", 0.15), ("nosuch/model", 0.0), ("sim/claude", 0.04),
                   ("sim/a", 0.09)):
        try:
            results[m] = models(m, QS[0], latency=lat)[:12]
        except Exception as exc:
            results[m] = f"{type(exc).__name__}: {str(exc)[:30]}"
            print("error for", m)
    return results


def r178_timeout_recorded_then_put(web: str) -> list[Any]:
    errors: list[str] = []
    ok: list[str] = []
    for i, (q, lat) in enumerate(((QS[0], 0.15), (QS[1], 0.2), (QS[2], 0.04))):
        try:
            ok.append(models("sim/gpt", q, latency=lat, timeout=0.18)[:10])
        except Exception as exc:
            errors.append(type(exc).__name__)
            put_item(web, f"err{i}", str(exc)[:40])
    return [ok, errors, requests.get(f"{web}/items", timeout=5).json()["keys"]]


def r178_bad_binding_uncaught_before_put(web: str) -> str:
    print("start")
    a = SLOW(QS[0])
    bad = models.instance("nosuch/x", latency=0.01)
    b = bad(f"Check {a[:10]}")
    put_item(web, "never", b)
    return b


def r178_timeout_in_ensemble_caught() -> list[str]:
    ens = operators.Ensemble(["sim/gpt", "sim/claude"], latency=0.2, timeout=0.05)
    out = []
    try:
        out.append(str(ens(QS[0])))
    except Exception as exc:
        print("ensemble failed:", type(exc).__name__)
        out.append(type(exc).__name__)
    out.append(FAST(QS[1])[:10])
    out.append(MID(QS[2])[:10])
    return out


def r178_timeout_fallback_beside_other() -> list[str]:
    side = MID(QS[2])
    try:
        main = SLOW(QS[0], timeout=0.05)
    except Exception as exc:
        print("falling back after", type(exc).__name__)
        main = FAST(QS[0])
    return [main[:12], main.model_id, side[:12]]


def r178_errors_into_results_json(tmp: str) -> list[Any]:
    rows = []
    for m, q, lat in (("sim/gpt", QS[0], 0.15), ("bogus/m", QS[1], 0.0),
                      ("sim/claude", QS[2], 0.04)):
        try:
            r = models(m, q, latency=lat)
            rows.append({"model": m, "ok": True, "text": r[:12], "tok": r.usage.total_tokens})
        except Exception as exc:
            rows.append({"model": m, "ok": False, "error": type(exc).__name__})
    p = Path(tmp) / "results.json"
    with open(p, "w") as f:
        json.dump(rows, f, indent=2)
    return json.loads(p.read_text())


def r178_timeout_uncaught_after_prints() -> str:
    a = FAST(QS[1])
    print("got", a[:10])
    b = SLOW(QS[0], timeout=0.05)
    print("never printed", b[:10])
    return b


# =========================================================================== operators


def r178_user_operator_duo_loop() -> list[Any]:
    duo = Duo()
    out = []
    for q in QS:
        out.append(duo(q))
        print("duo", q[:10])
    return out


def r178_user_operator_as_model() -> list[Any]:
    d = Drafts("sim/claude", latency=0.15)
    e = Drafts(FAST)
    return [d(QS[0]), e(QS[1]), d.model.label]


def r178_jit_user_operator_inside() -> list[Any]:
    fast = xcs.jit(Duo(first=MID, second=FAST))
    a = fast(QS[0])
    b = Duo()(QS[1])
    return [a, b, fast == Duo(first=MID, second=FAST)]


def r178_sequence_op_then_saver(web: str) -> list[str]:
    pipe = answer_op >> Saver(web=web)
    return [pipe(q) for q in QS]


def r178_branches_three_bindings() -> list[Any]:
    three = operators.branches(SLOW, FAST, MID)
    out = []
    for q in QS:
        a, b, c = three(q)
        out.append((a.model_id, b[:8], c[:8]))
    return out


def r178_ensemble_bindings_judge_binding() -> list[str]:
    ens = operators.Ensemble([SLOW, FAST])
    judge = operators.Judge(JUDGE)
    out = []
    for q in QS:
        best = judge(q, ens(q))
        print(f"best for {q[:10]}: {best[:16]} ({len(best.responses)} candidates)")
        out.append(str(best)[:20])
    return out


def r178_verifier_binding_loop() -> list[Any]:
    ver = operators.Verifier(FAST, max_rounds=1)
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        draft = models("sim/gpt", q, latency=lat)
        v = ver(q, draft)
        out.append((v[:10], v.info["verified"], v.info["rounds"]))
    return out


def r178_most_common_three_bindings() -> list[Any]:
    vote = operators.MostCommon()
    out = []
    for q in QS:
        answers = [SLOW(q, temperature=0), FAST(q, temperature=0), MID(q, temperature=0)]
        w = vote(answers)
        print(q[:8], w.info["votes"][0][1])
        out.append((w[:10], w.info["agreement"]))
    return out


def r178_retry_accept_prints() -> list[str]:
    def short_enough(a: str) -> bool:
        print("checking", len(a))
        return len(a) < 400

    retry = operators.Retry(lambda q: models("sim/gpt", q, latency=LAT_OF[q]), attempts=2,
                            accept=short_enough)
    return [retry(q)[:12] for q in QS]


def r178_router_over_bindings() -> list[str]:
    router = operators.Router({"slow": SLOW, "fast": FAST},
                              classifier=lambda q: "fast" if "prime" in q else "slow")
    return [router(q)[:12] for q in QS]


def r178_op_calls_two_bindings() -> list[str]:
    @operators.op
    def compare(q: str) -> str:
        a = SLOW(q)
        b = FAST(q)
        return f"{a.model_id}:{len(a)} vs {b.model_id}:{len(b)}"

    return [compare(q) for q in QS]


# =========================================================================== NON


def r178_non_graph_beside_gets(web: str) -> list[Any]:
    system = non.build_graph(["2E@sim/gpt(latency=0.15)", "1J@sim/judge(latency=0.03)"])
    out = []
    for k, ms in (("n1", 150), ("n2", 40), ("n3", 90)):
        ctx = get_item(web, k, ms)
        a = system(query=f"{k}?")
        out.append((ctx, str(a)[:14]))
    return out


def r178_non_graph_results_json(tmp: str) -> dict[str, str]:
    system = non.build_graph("3E@sim/gpt(latency=0.05,temp=0.7) -> 1M")
    res = {}
    for q in QS:
        a = system(query=q)
        res[q] = f"{a[:14]}|{len(a.responses)}|{len(a.info['stages'])}"
    (Path(tmp) / "non.json").write_text(json.dumps(res, sort_keys=True))
    return json.loads((Path(tmp) / "non.json").read_text())


# =========================================================================== parallel, vmap, pmap


def r178_parallel_callables_then_get(web: str) -> list[Any]:
    a, b = xcs.parallel(lambda: SLOW(QS[0]), lambda: FAST(QS[1]))
    v = get_item(web, "after-par", 90)
    return [a[:10], b[:10], v]


def r178_parallel_list_then_puts(web: str) -> list[Any]:
    answers = xcs.parallel([SLOW(QS[0]), FAST(QS[1]), MID(QS[2])])
    versions = [put_item(web, f"pl{i}", a[:10]) for i, a in enumerate(answers)]
    return [versions, [a.model_id for a in answers]]


def r178_vmap_of_binding() -> list[str]:
    ask = xcs.vmap(FAST)
    first = ask(list(QS))
    second = SLOW(QS[0])
    print(first[0][:10], second[:10])
    return [x[:10] for x in first] + [second[:10]]


def r178_pmap_gets_beside_model(web: str) -> list[Any]:
    fetch = xcs.pmap(lambda k: requests.get(f"{web}/items/{k}?ms=40", timeout=5).json()["value"])
    vals = fetch(["pa", "pb", "pc"])
    a = SLOW(QS[0])
    return [vals, a[:10]]


def r178_parallel_map_then_model() -> list[str]:
    got = xcs.parallel_map(lambda q: FAST(q)[:8], list(QS))
    summary = SLOW(" ".join(got))
    side = MID("independent")
    return got + [summary[:10], side[:10]]


# =========================================================================== HTTP beside models


def r178_gets_models_puts(web: str) -> list[Any]:
    ctx = [get_item(web, k, ms) for k, ms in (("g1", 150), ("g2", 40), ("g3", 90))]
    answers = [models("sim/gpt", f"Using {c}", latency=lat) for c, lat in zip(ctx, LATS,
                                                                               strict=True)]
    versions = [put_item(web, f"a{i}", a[:10]) for i, a in enumerate(answers)]
    return [ctx, versions]


def r178_httpx_client_get_and_models(web: str) -> list[Any]:
    with httpx.Client(base_url=web, timeout=5) as http:
        doc = http.get("/items/hx1", params={"ms": 150}).json()["value"]
        a = FAST(QS[1])
        b = MID(QS[2])
        doc2 = http.get("/items/hx2", params={"ms": 40}).json()["value"]
    return [doc, doc2, a[:10], b[:10]]


def r178_put_then_model_then_get(web: str) -> list[Any]:
    put_item(web, "prompt", QS[0])
    a = SLOW(get_item(web, "prompt", 40))
    put_item(web, "answer", a[:20])
    b = FAST(QS[1])
    return [a[:10], b[:10], get_item(web, "answer", 90)]


def r178_answer_as_key_get(web: str) -> list[Any]:
    out = []
    for q in QS:
        a = models("sim/gpt", q, latency=LAT_OF[q])
        key = a.split()[1].strip(":").lower()
        out.append(get_item(web, key, 40))
    return out


def r178_status_error_beside_models(web: str) -> list[Any]:
    a = SLOW(QS[0])
    try:
        r = requests.get(f"{web}/status/503?ms=40", timeout=5)
        r.raise_for_status()
        status = "ok"
    except requests.HTTPError as exc:
        status = f"http {exc.response.status_code}"
    b = MID(QS[2])
    LOG.info("status %s, %s / %s", status, a.model_id, b.model_id)
    return [status, a[:8], b[:8]]


# =========================================================================== eval loops


def r178_eval_dataset_scorer_json(tmp: str) -> dict[str, Any]:
    results = []
    for row in DATASET:
        pred = models("sim/gpt", row["question"], latency=row["lat"])
        s = score(pred, row["answer"])
        results.append({"id": row["id"], "pred": pred[:20], "score": s,
                        "tokens": pred.usage["total_tokens"]})
    out = Path(tmp) / "eval.json"
    with out.open("w") as f:
        json.dump({"results": results, "accuracy": sum(r["score"] for r in results) / 3}, f)
    print("wrote", out.name)
    return json.loads(out.read_text())


def r178_eval_context_from_web(web: str, tmp: str) -> list[Any]:
    rows = []
    for row, ms in zip(DATASET, (150, 40, 90), strict=True):
        ctx = get_item(web, f"ctx{row['id']}", ms)
        pred = FAST(f"{ctx}: {row['question']}")
        rows.append([row["id"], score(pred, row["answer"])])
    Path(tmp, "scores.json").write_text(json.dumps(rows))
    return rows


def r178_eval_running_accuracy() -> float:
    correct = 0.0
    for n, row in enumerate(DATASET, start=1):
        pred = models("sim/claude", row["question"], latency=row["lat"])
        correct += score(pred, row["answer"])
        print(f"after {n}: accuracy {correct / n:.2f}")
    return correct / len(DATASET)


def r178_eval_jsonl_append(tmp: str) -> list[str]:
    path = Path(tmp) / "preds.jsonl"
    for row in DATASET:
        pred = MID(row["question"], latency=row["lat"])
        with open(path, "a") as f:
            f.write(json.dumps({"id": row["id"], "pred": pred[:16]}) + "\n")
    return path.read_text().splitlines()


def r178_eval_cost_budget_break() -> list[Any]:
    spent = 0.0
    done = []
    for row in DATASET * 2:
        pred = models("sim/gpt", row["question"], latency=row["lat"])
        spent += pred.cost_usd
        done.append(row["id"])
        if spent > 0.0001:
            print("budget reached after", len(done))
            break
    return done


def r178_eval_evaluator_summary() -> list[Any]:
    from ember.utils.eval import EvaluationResult, IEvaluator, evaluate_batch_with_summary

    class Contains(IEvaluator):
        def evaluate(self, system_output, correct_answer, **kwargs):
            ok = correct_answer in system_output
            return EvaluationResult(is_correct=ok, score=float(ok))

    preds = [models("sim/gpt", r["question"], latency=r["lat"]) for r in DATASET]
    summ = evaluate_batch_with_summary(Contains(), preds, [r["answer"] for r in DATASET])
    print("accuracy", summ.accuracy)
    return [summ.accuracy, summ.mean_score]


# =========================================================================== context / config


def r178_context_block_between() -> list[str]:
    a = models("sim/gpt", QS[0], latency=0.15)
    with ember.context(temperature=0.9):
        b = models("sim/gpt", QS[0], latency=0.04)
    c = models("sim/gpt", QS[0], latency=0.09)
    return [a[:20], b[:20], c[:20], str(a == c)]


def r178_set_config_between() -> list[str]:
    a = models("sim/gpt", QS[1], latency=0.15)
    ember.set_config("defaults.temperature", 0.9)
    try:
        b = models("sim/gpt", QS[1], latency=0.04)
    finally:
        ember.set_config("defaults.temperature", None)
    c = models("sim/gpt", QS[1], latency=0.09)
    return [a[:20], b[:20], c[:20]]


def r178_context_latency_default() -> list[str]:
    with ember.context(latency=0.09):
        a = models("sim/gpt", QS[0])
        b = models("sim/claude", QS[1], latency=0.04)
        c = models("sim/a", QS[2])
    return [a[:10], b[:10], c[:10]]


# =========================================================================== async variants


async def r178_async_acall_three() -> list[str]:
    a = await models.acall("sim/gpt", QS[0], latency=0.15)
    b = await models.acall("sim/claude", QS[1], latency=0.04)
    c = await models.acall("sim/a", QS[2], latency=0.09)
    print(a.model_id, b.model_id, c.model_id)
    return [a[:10], b[:10], c[:10]]


async def r178_async_binding_gather() -> list[Any]:
    a, b = await asyncio.gather(SLOW.acall(QS[0]), FAST.acall(QS[1]))
    c = await MID.acall(QS[2])
    show(a)
    return [a[:10], b[:10], c[:10]]


async def r178_async_operator_acall_loop() -> list[Any]:
    duo = Duo()
    out = []
    for q in QS:
        out.append(await duo.acall(q))
    return out


async def r178_async_aforward_own_operator() -> list[str]:
    asker = AsyncAsker()
    out = [await asker.acall(q) for q in QS]
    print(out[0])
    return out


async def r178_async_timeout_caught() -> list[str]:
    out = []
    for q, lat in ((QS[0], 0.15), (QS[1], 0.2), (QS[2], 0.04)):
        try:
            r = await models.acall("sim/gpt", q, latency=lat, timeout=0.18)
            out.append(r[:10])
        except Exception as exc:
            print("timeout for", q[:8])
            out.append(type(exc).__name__)
    return out


async def r178_async_httpx_and_acall(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        r1 = await http.get("/items/ah1", params={"ms": 150})
        a = await models.acall("sim/gpt", QS[1], latency=0.04)
        r2 = await http.get("/items/ah2", params={"ms": 90})
        await http.put("/items/ah-out", content=a[:10])
    return [r1.json()["value"], r2.json()["value"], a[:10]]


async def r178_async_eval_json(tmp: str) -> list[Any]:
    results = []
    for row in DATASET:
        pred = await FAST.acall(row["question"], latency=row["lat"])
        results.append({"id": row["id"], "score": score(pred, row["answer"])})
    Path(tmp, "async_eval.json").write_text(json.dumps(results))
    return results


async def r178_async_non_acall() -> list[str]:
    system = non.build_graph(["2E@sim/gpt(latency=0.05)", "1J@sim/judge(latency=0.03)"])
    out = []
    for q in QS:
        a = await system.acall(query=q)
        out.append(str(a)[:14])
    return out


async def r178_async_bad_id_then_put(web: str) -> Any:
    a = await models.acall("sim/gpt", QS[0], latency=0.15)
    try:
        b = await models.acall("nope/none", QS[1])
    except Exception as exc:
        b = type(exc).__name__
    requests.put(f"{web}/items/async-bad", data=f"{a[:8]}|{b}", timeout=5)
    return [a[:8], b]


# =========================================================================== operator callbacks


def r178_retry_accept_appends() -> list[Any]:
    seen: list[str] = []
    retry_slow = operators.Retry(SLOW, accept=lambda a: seen.append(a.model_id) is None)
    retry_fast = operators.Retry(FAST, accept=lambda a: seen.append(a.model_id) is None)
    a = retry_slow(QS[0])
    b = retry_fast(QS[1])
    return [a[:12], b[:12], seen]


def r178_verifier_printing_reviser() -> list[Any]:
    def revise(prompt: str) -> str:
        print("revising", len(prompt))
        return "Final answer: fixed"

    v1 = operators.Verifier(SLOW, reviser=revise, max_rounds=1)
    v2 = operators.Verifier(FAST, reviser=revise, max_rounds=1)
    a = v1(QS[0], "draft one")
    b = v2(QS[1], "draft two")
    return [a[:10], b[:10]]


def r178_ensemble_mixed_member() -> list[Any]:
    def member(prompt: str) -> str:
        print("member", prompt[:10])
        return prompt[::-1]

    e1 = operators.Ensemble([SLOW, member])
    e2 = operators.Ensemble([FAST, member])
    a = e1(QS[0])
    b = e2(QS[1])
    return [[x[:8] for x in a], [x[:8] for x in b]]


def r178_retry_two_bindings_prints() -> list[str]:
    def ok(a: str) -> bool:
        print("checking", a.model_id)
        return True

    retry_slow = operators.Retry(SLOW, accept=ok)
    retry_fast = operators.Retry(FAST, accept=ok)
    a = retry_slow(QS[0])
    b = retry_fast(QS[1])
    return [a[:12], b[:12]]


ALL: list[Case] = [
    sim(r178_bindings_three_roles, IDEAL3),
    sim(r178_binding_made_in_loop, IDEAL3),
    sim(r178_binding_overridden_per_call, IDEAL3),
    sim(r178_cost_by_model_dict, over(0.15, 0.04, 0.15, 0.09), cat="state"),
    sim(r178_usage_defaultdict_split, IDEAL3, cat="state"),
    sim(r178_result_fields_printed, IDEAL3),
    sim(r178_choices_n2_printed, over(0.15, 0.04)),
    sim(r178_results_as_dict_keys, over(0.15, 0.04, 0.15, 0.09, 0.04), cat="state"),
    sim(r178_bad_model_id_recorded, over(0.15, 0.04, 0.09), cat="validation"),
    web(r178_timeout_recorded_then_put, cat="validation"),
    web(r178_bad_binding_uncaught_before_put, cat="validation"),
    sim(r178_timeout_in_ensemble_caught, 2.0, cat="validation"),
    sim(r178_timeout_fallback_beside_other, 2.0, cat="validation"),
    tmp(r178_errors_into_results_json, over(0.15, 0.04), cat="validation"),
    sim(r178_timeout_uncaught_after_prints, over(0.04, 0.05), cat="validation"),
    sim(r178_user_operator_duo_loop, 0.57 / 0.15, cat="ensemble"),
    sim(r178_user_operator_as_model, 0.38 / 0.15, cat="ensemble"),
    sim(r178_jit_user_operator_inside, 0.28 / 0.15, cat="ensemble"),
    web(r178_sequence_op_then_saver, cat="ensemble"),
    sim(r178_branches_three_bindings, 3.0, cat="ensemble"),
    sim(r178_ensemble_bindings_judge_binding, 3.0, cat="ensemble"),
    sim(r178_verifier_binding_loop, 0.64 / 0.27, cat="ensemble"),
    sim(r178_most_common_three_bindings, 3 * 0.28 / 0.15, cat="ensemble"),
    sim(r178_retry_accept_prints, IDEAL3, cat="ensemble"),
    sim(r178_router_over_bindings, over(0.15, 0.04, 0.15), cat="ensemble"),
    sim(r178_op_calls_two_bindings, 0.57 / 0.15, cat="ensemble"),
    web(r178_non_graph_beside_gets, 0.82 / 0.18, cat="ensemble"),
    tmp(r178_non_graph_results_json, 3.0, cat="ensemble"),
    web(r178_parallel_callables_then_get, over(0.15, 0.09), cat="fanout"),
    web(r178_parallel_list_then_puts, 0.44 / 0.30, cat="fanout"),
    sim(r178_vmap_of_binding, over(0.04, 0.15), cat="fanout"),
    web(r178_pmap_gets_beside_model, over(0.04, 0.15), cat="fanout"),
    sim(r178_parallel_map_then_model, 0.28 / 0.19, cat="fanout"),
    web(r178_gets_models_puts, 0.71 / 0.45, overlap=3),
    web(r178_httpx_client_get_and_models, 0.36 / 0.20, cat="clients"),
    web(r178_put_then_model_then_get, 0.43 / 0.38),
    web(r178_answer_as_key_get, 0.40 / 0.19),
    web(r178_status_error_beside_models, IDEAL3, cat="validation"),
    tmp(r178_eval_dataset_scorer_json, IDEAL3, cat="helpers"),
    web_tmp(r178_eval_context_from_web, 0.40 / 0.19, cat="helpers"),
    sim(r178_eval_running_accuracy, IDEAL3, cat="helpers"),
    tmp(r178_eval_jsonl_append, IDEAL3),
    sim(r178_eval_cost_budget_break, cat="validation"),
    sim(r178_eval_evaluator_summary, IDEAL3, cat="helpers"),
    sim(r178_context_block_between, IDEAL3, cat="state"),
    sim(r178_set_config_between, cat="state"),
    sim(r178_context_latency_default, over(0.09, 0.04, 0.09), cat="state"),
    asim(r178_async_acall_three, IDEAL3),
    asim(r178_async_binding_gather, over(0.15, 0.09)),
    asim(r178_async_operator_acall_loop, 0.57 / 0.15, cat="ensemble"),
    asim(r178_async_aforward_own_operator, IDEAL3, cat="ensemble"),
    asim(r178_async_timeout_caught, 0.37 / 0.18, cat="validation"),
    aweb(r178_async_httpx_and_acall, 0.37 / 0.24, cat="clients"),
    atmp(r178_async_eval_json, IDEAL3, cat="helpers"),
    asim(r178_async_non_acall, 3.0, cat="ensemble"),
    aweb(r178_async_bad_id_then_put, cat="validation"),
    sim(r178_retry_accept_appends, over(0.15, 0.04), cat="ensemble"),
    sim(r178_retry_two_bindings_prints, over(0.15, 0.04), cat="ensemble"),
    sim(r178_verifier_printing_reviser, cat="ensemble"),
    sim(r178_ensemble_mixed_member, over(0.15, 0.04), cat="ensemble"),
]

FIXED_WHY: dict[str, str] = {
    "r178_retry_accept_prints": (
        "stdout: the printing accept() of an operators.Retry over a model ran in completion "
        "order (fast answers first). Retry._ember_kind takes its kind from `inner` alone and "
        "ignores `accept`, so a Retry whose accept prints is declared a model call and started "
        "early."),
    "r178_retry_two_bindings_prints": (
        "stdout: the same as r178_retry_accept_prints, reduced to two Retry calls over "
        "bindings of unequal latency; accept's prints come out fast-first."),
    "r178_retry_accept_appends": (
        "value: an accept() that appends to a list the function returns records the model ids "
        "in completion order; Retry's kind ignores `accept` (see r178_retry_accept_prints)."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
