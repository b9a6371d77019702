"""Red-team cases (stop 190): earlier-Ember programs, third round.

Jitted functions written as a user of the earlier Ember writes them: `models("sim/...")` and
`models.instance(...)` bindings of unequal latency (slow first); helpers that log through
a module-level `logging.getLogger(...)` whose handler writes to a `StringIO` (returned at
the end), print progress, keep counters and dict caches, or hold models and operators on
objects (`self.model`, `self.judge`, `self.ens`); call hooks of the program's own
(`scoped_hooks`, `add_hook` between calls, hooks set by the caller around the jitted
function, `ResponseCache`, `models.budget`) that observe the order of the paid calls;
operators (`op`, `Ensemble`, `Judge`, `Verifier`, `Router`, `MostCommon`, `Retry`,
`Branches`, `>>`, `Cache`), NON graphs; `xcs.vmap` / `pmap` / `parallel` inside jitted
functions and around jitted helpers; eval loops (`eval.evaluate`, `evaluate_batch`, loops
written by hand) over small datasets; `asyncio.to_thread` in `async def` functions; GETs
and PUTs on the loopback server beside the model calls. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from typing import Any

import requests

from ember.api import data, eval, models, non, operators, xcs
from ember.models import CallHook, ResponseCache, add_hook, remove_hook, scoped_hooks
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam190")

QS = ("Why is the sky blue?", "Name a prime.", "What is rust?")
LATS = (0.15, 0.04, 0.09)
LAT_OF = dict(zip(QS, LATS, strict=True))
GOLD = {"Why is the sky blue?": "scatter", "Name a prime.": "7", "What is rust?": "oxide"}
ROWS = [{"id": i, "question": q, "answer": GOLD[q], "lat": lat}
        for i, (q, lat) in enumerate(zip(QS, LATS, strict=True))]

SLOW = models.instance("sim/gpt", latency=0.15)
FAST = models.instance("sim/claude", latency=0.04)
MID = models.instance("sim/gemini", latency=0.09)
JUDGE = models.instance("sim/judge", latency=0.03, temperature=0)

# A module-level application logger, as users set one up: its own StringIO handler, not
# propagating. Cases return what it wrote during their run.
APP_BUF = io.StringIO()
APP = logging.getLogger("app190")
_h = logging.StreamHandler(APP_BUF)
_h.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
APP.addHandler(_h)
APP.setLevel(logging.INFO)
APP.propagate = False


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(*LATS)


def _w(env: Env) -> tuple:
    return (env.web,)


def web(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=_w, servers="web", ideal=ideal, **kw)


def sim(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, ideal=ideal, **kw)


def _d_async(f: Any, env: Env) -> Any:
    return asyncio.run(f())


def asim(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_async, ideal=ideal, **kw)


# =========================================================================== helpers


class Recorder(CallHook):
    """A hook of the program's own: the prompts of the paid calls, in the order made."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def before(self, call: Any) -> None:
        self.seen.append(f"{call.model_id}:{call.messages[-1]['content'][:10]}")


class Tally(CallHook):
    """An order-free counter, read only at the end."""

    order_free = True

    def __init__(self) -> None:
        self.calls = 0
        self.tokens = 0

    def after(self, call: Any, result: Any, error: Any) -> None:
        if error is None:
            self.calls += 1
            self.tokens += result.usage.total_tokens


def ask_logged(q: str, lat: float, model: str = "sim/gpt") -> str:
    APP.info("asking %s about %r", model, q[:12])
    r = models(model, q, latency=lat)
    APP.info("got %d chars from %s", len(r), r.model_id)
    return str(r)[:16]


CALLS = 0
CACHE: dict[str, str] = {}


def cached_ask(q: str) -> str:
    global CALLS
    if q in CACHE:
        return CACHE[q]
    CALLS += 1
    r = models("sim/gpt", q, latency=LAT_OF[q], temperature=0)
    CACHE[q] = str(r)[:16]
    return CACHE[q]


def get_item(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def put_item(web: str, k: str, v: str) -> int:
    return requests.put(f"{web}/items/{k}", data=v, timeout=5).json()["version"]


class Agent:
    """Holds its model and counts its calls, as earlier-Ember programs' agents did."""

    def __init__(self, name: str, model: Any) -> None:
        self.name = name
        self.model = model
        self.calls = 0
        self.log: list[str] = []

    def ask(self, q: str) -> str:
        self.calls += 1
        r = self.model(q)
        self.log.append(f"{self.name}#{self.calls}:{r.model_id}")
        return str(r)[:14]


class Pipeline:
    """An ensemble and a judge held on the object."""

    def __init__(self) -> None:
        self.ens = operators.Ensemble([SLOW, FAST])
        self.judge = operators.Judge(JUDGE)
        self.runs = 0

    def run(self, q: str) -> str:
        self.runs += 1
        answers = self.ens(q)
        best = self.judge(q, answers)
        APP.info("run %d: %d candidates", self.runs, len(answers))
        return str(best)[:16]


class Checker:
    def __init__(self, model: Any) -> None:
        self.verifier = operators.Verifier(model, max_rounds=1)

    def check(self, q: str, draft: Any) -> tuple[str, bool]:
        v = self.verifier(q, draft)
        return str(v)[:10], bool(v.info["verified"])


def _tail(start: int) -> list[str]:
    return APP_BUF.getvalue()[start:].splitlines()


# =========================================================================== logging helpers


def r190_logged_helper_three() -> list[Any]:
    start = len(APP_BUF.getvalue())
    out = [ask_logged(q, lat) for q, lat in zip(QS, LATS, strict=True)]
    return [out, _tail(start)]


def r190_logged_helper_statements() -> list[Any]:
    start = len(APP_BUF.getvalue())
    a = ask_logged(QS[0], 0.15)
    b = ask_logged(QS[1], 0.04, "sim/claude")
    APP.warning("two done")
    c = ask_logged(QS[2], 0.09, "sim/gemini")
    return [a, b, c, _tail(start)]


class CountingFormatter(logging.Formatter):
    count = 0

    def format(self, record: logging.LogRecord) -> str:
        CountingFormatter.count += 1
        return f"{CountingFormatter.count}:{record.getMessage()}"


FMT_BUF = io.StringIO()
FMT_LOG = logging.getLogger("app190.fmt")
_fh = logging.StreamHandler(FMT_BUF)
_fh.setFormatter(CountingFormatter())
FMT_LOG.addHandler(_fh)
FMT_LOG.setLevel(logging.INFO)
FMT_LOG.propagate = False


def r190_logger_counting_formatter() -> list[Any]:
    start = len(FMT_BUF.getvalue())
    CountingFormatter.count = 0
    for q, lat in zip(QS, LATS, strict=True):
        r = models("sim/claude", q, latency=lat)
        FMT_LOG.info("answer %s", r[:8])
    return FMT_BUF.getvalue()[start:].splitlines()


def r190_print_progress_and_log() -> list[str]:
    start = len(APP_BUF.getvalue())
    out = []
    for n, (q, lat) in enumerate(zip(QS, LATS, strict=True), start=1):
        print(f"[{n}/3] {q}")
        r = MID(q, latency=lat)
        APP.info("[%d/3] done", n)
        out.append(r[:10])
    print("finished")
    return out + _tail(start)


# =========================================================================== hooks


def r190_hook_scoped_records_order() -> list[Any]:
    rec = Recorder()
    with scoped_hooks(rec):
        a = SLOW(QS[0])
        b = FAST(QS[1])
        c = MID(QS[2])
    return [a[:8], b[:8], c[:8], rec.seen]


def r190_hook_order_free_tally() -> list[Any]:
    tally = Tally()
    with scoped_hooks(tally):
        out = [models("sim/gpt", q, latency=lat) for q, lat in zip(QS, LATS, strict=True)]
    return [[o[:8] for o in out], tally.calls, tally.tokens]


def r190_hook_added_midway() -> list[Any]:
    rec = Recorder()
    a = SLOW(QS[0])
    h = add_hook(rec)
    try:
        b = FAST(QS[1])
        c = MID(QS[2])
    finally:
        remove_hook(h)
    d = models("sim/a", QS[0], latency=0.09)
    return [a[:8], b[:8], c[:8], d[:8], rec.seen]


def r190_hook_removed_midway() -> list[Any]:
    rec = Recorder()
    add_hook(rec)
    try:
        a = SLOW(QS[0])
    finally:
        remove_hook(rec)
    b = FAST(QS[1])
    c = MID(QS[2])
    return [a[:8], b[:8], c[:8], rec.seen]


HOOK_REC = Recorder()


def r190_hook_from_caller_plain_fn() -> list[str]:
    a = SLOW(QS[0])
    b = FAST(QS[1])
    c = MID(QS[2])
    return [a[:8], b[:8], c[:8]]


def _drive_hook_second(f: Any, env: Env) -> Any:
    HOOK_REC.seen.clear()
    first = f()
    with scoped_hooks(HOOK_REC):
        second = f()
    third = f()
    return [first, second, third, list(HOOK_REC.seen)]


def r190_response_cache_repeat() -> list[Any]:
    cache = ResponseCache()
    with scoped_hooks(cache):
        a = models("sim/gpt", QS[0], temperature=0, latency=0.15)
        b = models("sim/gpt", QS[1], temperature=0, latency=0.04)
        c = models("sim/gpt", QS[0], temperature=0, latency=0.09)
    return [a == c, a.cost_usd > 0, c.cost_usd, b[:8]]


# =========================================================================== counters, caches


def r190_dict_cache_global_counter() -> list[Any]:
    global CALLS
    CACHE.clear()
    CALLS = 0
    out = [cached_ask(q) for q in (QS[0], QS[1], QS[0], QS[2], QS[1])]
    return [out, CALLS, sorted(CACHE)]


def r190_agent_counters_on_self() -> list[Any]:
    a = Agent("slow", SLOW)
    b = Agent("fast", FAST)
    out = [a.ask(QS[0]), b.ask(QS[1]), a.ask(QS[2]), b.ask(QS[0])]
    return [out, a.calls, b.calls, a.log, b.log]


def r190_closure_counter_nonlocal() -> list[Any]:
    count = 0

    def ask(q: str, lat: float) -> str:
        nonlocal count
        count += 1
        return models("sim/gpt", q, latency=lat)[:8] + f"#{count}"

    out = [ask(q, lat) for q, lat in zip(QS, LATS, strict=True)]
    return [out, count]


# =========================================================================== operators on objects


def r190_pipeline_object_loop() -> list[Any]:
    start = len(APP_BUF.getvalue())
    p = Pipeline()
    out = [p.run(q) for q in QS]
    return [out, p.runs, _tail(start)]


def r190_checker_on_self_loop() -> list[Any]:
    ch = Checker(FAST)
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        draft = models("sim/gpt", q, latency=lat)
        out.append(ch.check(q, draft))
    return out


def r190_router_classifier_logs() -> list[str]:
    start = len(APP_BUF.getvalue())

    def classify(q: str) -> str:
        route = "fast" if "prime" in q else "slow"
        APP.info("route %s for %s", route, q[:8])
        return route

    router = operators.Router({"slow": SLOW, "fast": FAST}, classifier=classify)
    return [router(q)[:10] for q in QS] + _tail(start)


def r190_branches_logging_members() -> list[Any]:
    start = len(APP_BUF.getvalue())

    def left(q: str) -> str:
        r = SLOW(q)
        APP.info("left done %s", q[:6])
        return str(r)[:8]

    def right(q: str) -> str:
        APP.info("right start %s", q[:6])
        return str(FAST(q))[:8]

    both = operators.branches(left, right)
    a = both(QS[0])
    b = MID(QS[2])
    return [a, b[:8], _tail(start)]


def r190_retry_accept_logs() -> list[str]:
    start = len(APP_BUF.getvalue())

    def ok(a: Any) -> bool:
        APP.info("checking %s", a.model_id)
        return True

    r1 = operators.Retry(SLOW, accept=ok)
    r2 = operators.Retry(FAST, accept=ok)
    a = r1(QS[0])
    b = r2(QS[1])
    return [a[:8], b[:8]] + _tail(start)


def r190_sequence_logging_step() -> list[str]:
    start = len(APP_BUF.getvalue())

    def note(r: Any) -> str:
        APP.info("note %s", r.model_id)
        return str(r)[:10]

    pipe1 = operators.sequence(SLOW, note)
    pipe2 = operators.sequence(FAST, note)
    a = pipe1(QS[0])
    b = pipe2(QS[1])
    return [a, b] + _tail(start)


def r190_ensemble_mostcommon_on_self() -> list[Any]:
    class Voter:
        def __init__(self) -> None:
            self.ens = operators.Ensemble([SLOW, FAST, MID], temperature=0)
            self.vote = operators.MostCommon()
            self.count = 0

        def __call__(self, q: str) -> Any:
            self.count += 1
            w = self.vote(self.ens(q))
            return (str(w)[:8], w.info["agreement"], self.count)

    v = Voter()
    return [v(q) for q in QS]


def r190_op_helper_counter() -> list[Any]:
    seen: list[str] = []

    @operators.op
    def answer(q: str) -> str:
        r = models("sim/gpt", q, latency=LAT_OF[q])
        seen.append(q[:6])
        return str(r)[:10]

    out = [answer(q) for q in QS]
    return [out, seen]


# =========================================================================== NON


def r190_non_graph_on_self_loop() -> list[Any]:
    class System:
        def __init__(self) -> None:
            self.graph = non.build_graph(["2E@sim/gpt(latency=0.09)", "1J@sim/judge(latency=0.03)"])
            self.answers: list[str] = []

        def answer(self, q: str) -> str:
            a = self.graph(query=q)
            self.answers.append(str(a)[:10])
            return self.answers[-1]

    s = System()
    out = [s.answer(q) for q in QS]
    return [out, len(s.answers)]


def r190_non_graph_logged_between() -> list[Any]:
    start = len(APP_BUF.getvalue())
    system = non.build_graph("3E@sim/gpt(latency=0.05,temp=0.7) -> 1M")
    out = []
    for q in QS:
        a = system(query=q)
        APP.info("non %s -> %s", q[:8], a[:8])
        out.append(str(a)[:8])
    return [out, _tail(start)]


# =========================================================================== vmap, pmap, parallel


def r190_vmap_inside_then_model() -> list[Any]:
    ask = xcs.vmap(lambda q: FAST(q)[:8])
    got = ask(list(QS))
    other = SLOW("independent")
    return [got, other[:8]]


def r190_vmap_then_log_each() -> list[Any]:
    start = len(APP_BUF.getvalue())
    got = xcs.vmap(lambda q, m: models(m, q, latency=LAT_OF[q]).text[:8],
                   in_axes=(0, None))(list(QS), "sim/gpt")
    for g in got:
        APP.info("vmap item %s", g)
    c = MID("after")
    return [got, c[:8], _tail(start)]


def r190_pmap_collect_errors() -> list[Any]:
    ids = ["sim/gpt", "nosuch/x", "sim/claude"]
    res = xcs.pmap(lambda m: models(m, QS[0], latency=0.04)[:8],
                   config=xcs.Config(errors="collect"))(ids)
    other = SLOW(QS[1])
    return [[r if isinstance(r, str) else type(r).__name__ for r in res], other[:8]]


def r190_parallel_counters() -> list[Any]:
    counts = {"a": 0, "b": 0}

    def ask(k: str, m: Any, q: str) -> str:
        counts[k] += 1
        return str(m(q))[:8]

    x = xcs.parallel(lambda: ask("a", SLOW, QS[0]), lambda: ask("b", FAST, QS[1]))
    y = xcs.parallel(lambda: ask("a", MID, QS[2]), lambda: ask("b", FAST, QS[0]))
    return [list(x), list(y), counts]


def r190_vmap_of_jitted_helper() -> list[Any]:
    @xcs.jit
    def two(q: str) -> str:
        a = FAST(q)
        b = MID(q)
        return f"{a[:6]}|{b[:6]}"

    got = xcs.vmap(two)(list(QS))
    last = SLOW(QS[0])
    return [got, last[:8]]


# =========================================================================== eval loops


def r190_eval_evaluate_beside_model() -> list[Any]:
    res = eval.evaluate(lambda question: models("sim/gpt", question, latency=0.04),
                        [{"question": q, "answer": GOLD[q]} for q in QS], "exact",
                        progress=False)
    side = SLOW(QS[0])
    return [res.summary.items, res.summary.errors, res.summary.calls, side[:8]]


def r190_eval_manual_loop_logs() -> list[Any]:
    start = len(APP_BUF.getvalue())
    correct = 0
    for n, row in enumerate(ROWS, start=1):
        pred = models("sim/gpt", row["question"], latency=row["lat"])
        ok = row["answer"] in pred or len(pred) % 2 == 0
        correct += ok
        APP.info("item %d ok=%s acc=%.2f", row["id"], ok, correct / n)
        print(f"[{n}/{len(ROWS)}] {int(ok)}")
    return [correct, _tail(start)]


def r190_eval_two_systems_compare() -> list[Any]:
    wins = {"slow": 0, "fast": 0}
    for row in ROWS:
        a = SLOW(row["question"])
        b = FAST(row["question"])
        winner = "slow" if len(a) >= len(b) else "fast"
        wins[winner] += 1
        print(row["id"], winner)
    return [wins]


def r190_eval_custom_judge_evaluator() -> list[Any]:
    def judged(output: str, reference: str) -> float:
        v = JUDGE(f"Is {output[:20]} like {reference}?")
        return float(len(v) % 2 == 0)

    res = eval.evaluate(FAST, [{"question": q, "answer": GOLD[q]} for q in QS],
                        eval.custom(judged), progress=False)
    return [res.summary.items, res.summary.calls, round(res.summary.score, 6)]


def r190_eval_dataset_load_iter() -> list[Any]:
    ds = data.load([{"question": q, "answer": GOLD[q], "lat": LAT_OF[q]} for q in QS])
    out = []
    for row in ds:
        r = MID(row["question"], latency=row["lat"])
        out.append((row["answer"], r[:8]))
    return out


def r190_eval_web_context_puts(web: str) -> list[Any]:
    out = []
    for row, ms in zip(ROWS, (150, 40, 90), strict=True):
        ctx = get_item(web, f"ctx{row['id']}", ms)
        pred = FAST(f"{ctx}: {row['question']}")
        LOG.info("item %d: %s", row["id"], pred[:8])
        out.append(pred[:8])
    versions = [put_item(web, f"pred{i}", p) for i, p in enumerate(out)]
    return [out, versions]


# =========================================================================== asyncio.to_thread


async def r190_to_thread_models_three() -> list[str]:
    a = await asyncio.to_thread(models, "sim/gpt", QS[0], latency=0.15)
    b = await asyncio.to_thread(models, "sim/claude", QS[1], latency=0.04)
    c = await asyncio.to_thread(models, "sim/gemini", QS[2], latency=0.09)
    return [a[:8], b[:8], c[:8]]


async def r190_to_thread_logged_helper() -> list[Any]:
    start = len(APP_BUF.getvalue())
    out = []
    for q, lat in zip(QS, LATS, strict=True):
        out.append(await asyncio.to_thread(ask_logged, q, lat))
    return [out, _tail(start)]


async def r190_to_thread_agent_method() -> list[Any]:
    a = Agent("a", SLOW)
    b = Agent("b", FAST)
    x = await asyncio.to_thread(a.ask, QS[0])
    y = await asyncio.to_thread(b.ask, QS[1])
    z = await asyncio.to_thread(a.ask, QS[2])
    return [x, y, z, a.log, b.log]


# =========================================================================== web beside models


def r190_web_logged_gets_models(web: str) -> list[Any]:
    start = len(APP_BUF.getvalue())
    ctx = []
    for k, ms in (("w1", 150), ("w2", 40), ("w3", 90)):
        ctx.append(get_item(web, k, ms))
        APP.info("fetched %s", k)
    answers = [ask_logged(f"Using {c}", lat) for c, lat in zip(ctx, LATS, strict=True)]
    return [ctx, answers, _tail(start)]


# =========================================================================== held log records


PHASE = "a"


def set_phase(p: str) -> None:
    global PHASE
    PHASE = p


class PhaseView:
    """Formats as the phase the program is in (a global another helper sets)."""

    def __str__(self) -> str:
        return f"phase={PHASE}"


CUR = PhaseView()


def ask_in_phase(q: str, lat: float) -> str:
    r = models("sim/gpt", q, latency=lat)
    APP.info("answered %s in %s", q[:6], CUR)
    return str(r)[:8]


def r190_held_log_object_reads_phase() -> list[Any]:
    start = len(APP_BUF.getvalue())
    set_phase("a")
    a = ask_in_phase(QS[0], 0.15)
    set_phase("b")
    b = ask_in_phase(QS[1], 0.04)
    set_phase("c")
    c = ask_in_phase(QS[2], 0.09)
    set_phase("a")
    return [a, b, c, _tail(start)]


class LoudTag:
    def __init__(self, s: str) -> None:
        self.s = s

    def __str__(self) -> str:
        print("formatting", self.s)
        return self.s


TAG = LoudTag("tag")


def ask_loud_log(q: str, lat: float) -> str:
    r = models("sim/claude", q, latency=lat)
    APP.info("done %s %s", q[:6], TAG)
    return str(r)[:8]


def r190_held_log_loud_arg() -> list[Any]:
    start = len(APP_BUF.getvalue())
    print("one")
    a = ask_loud_log(QS[0], 0.15)
    print("two")
    b = ask_loud_log(QS[1], 0.04)
    print("three")
    c = ask_loud_log(QS[2], 0.09)
    return [a, b, c, _tail(start)]


STATE: dict[str, int] = {"step": 0}


def ask_state_log(q: str, lat: float) -> str:
    r = models("sim/gpt", q, latency=lat)
    APP.info("done %s at %s", q[:6], STATE)
    return str(r)[:8]


def r190_held_log_global_dict_mutated() -> list[Any]:
    start = len(APP_BUF.getvalue())
    STATE["step"] = 1
    a = ask_state_log(QS[0], 0.15)
    STATE["step"] = 2
    b = ask_state_log(QS[1], 0.04)
    STATE["step"] = 3
    c = ask_state_log(QS[2], 0.09)
    return [a, b, c, _tail(start)]


# A logger the drive reconfigures between two calls of the same jitted function.
DRV_BUF = io.StringIO()
DRV = logging.getLogger("app190.drv")
_dh = logging.StreamHandler(DRV_BUF)
DRV.addHandler(_dh)
DRV.setLevel(logging.INFO)
DRV.propagate = False
STAMP = [0]


def ask_drv(q: str, lat: float) -> str:
    r = models("sim/gemini", q, latency=lat)
    DRV.info("got %s", q[:6])
    return str(r)[:8]


def r190_drv_three() -> list[str]:
    a = ask_drv(QS[0], 0.15)
    b = ask_drv(QS[1], 0.04)
    c = ask_drv(QS[2], 0.09)
    return [a, b, c]


class StampFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        STAMP[0] += 1
        print("filter", STAMP[0], record.getMessage())
        return True


def _drive_filter_added(f: Any, env: Env) -> Any:
    start = len(DRV_BUF.getvalue())
    STAMP[0] = 0
    first = f()
    flt = StampFilter()
    DRV.addFilter(flt)
    try:
        second = f()
    finally:
        DRV.removeFilter(flt)
    return [first, second, DRV_BUF.getvalue()[start:].splitlines()]


def _drive_record_factory(f: Any, env: Env) -> Any:
    start = len(DRV_BUF.getvalue())
    first = f()
    old = logging.getLogRecordFactory()
    n = [0]

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        rec = old(*args, **kwargs)
        n[0] += 1
        rec.msg = f"#{n[0]} {rec.msg}"
        return rec

    logging.setLogRecordFactory(factory)
    try:
        second = f()
    finally:
        logging.setLogRecordFactory(old)
    return [first, second, DRV_BUF.getvalue()[start:].splitlines()]


def _drive_level_raised(f: Any, env: Env) -> Any:
    start = len(DRV_BUF.getvalue())
    first = f()
    DRV.setLevel(logging.WARNING)
    try:
        second = f()
    finally:
        DRV.setLevel(logging.INFO)
    third = f()
    return [first, second, third, DRV_BUF.getvalue()[start:].splitlines()]


FMT2_BUF = io.StringIO()
FMT2 = logging.getLogger("app190.where")
_wh = logging.StreamHandler(FMT2_BUF)
_wh.setFormatter(logging.Formatter(
    "%(filename)s %(module)s %(funcName)s:%(lineno)d %(threadName)s %(levelno)s %(message)s"))
FMT2.addHandler(_wh)
FMT2.setLevel(logging.INFO)
FMT2.propagate = False


def ask_where(q: str, lat: float) -> str:
    FMT2.info("ask %s", q[:6])
    r = models("sim/gpt", q, latency=lat)
    FMT2.warning("got %d", len(r))
    return str(r)[:8]


def r190_held_log_where_fields() -> list[Any]:
    start = len(FMT2_BUF.getvalue())
    a = ask_where(QS[0], 0.15)
    b = ask_where(QS[1], 0.04)
    c = ask_where(QS[2], 0.09)
    return [a, b, c, FMT2_BUF.getvalue()[start:].splitlines()]


def ask_where_exc(m: str, q: str, lat: float) -> str:
    try:
        return str(models(m, q, latency=lat))[:8]
    except Exception as exc:
        FMT2.error("failed %s: %s", m, type(exc).__name__, exc_info=False)
        return "-"


def r190_held_log_where_errors() -> list[Any]:
    start = len(FMT2_BUF.getvalue())
    a = ask_where_exc("sim/gpt", QS[0], 0.15)
    b = ask_where_exc("nosuch/m", QS[1], 0.0)
    c = ask_where_exc("sim/claude", QS[2], 0.09)
    return [a, b, c, FMT2_BUF.getvalue()[start:].splitlines()]


# =========================================================================== caches in odd places


MISSES = [0]


def ask_default_cache(q: str, _cache: dict = {}) -> str:  # noqa: B006
    if q in _cache:
        return _cache[q]
    MISSES[0] += 1
    print("miss", q[:8])
    _cache[q] = str(models("sim/gpt", q, latency=LAT_OF[q], temperature=0))[:10]
    return _cache[q]


def r190_cache_mutable_default() -> list[Any]:
    ask_default_cache.__defaults__[0].clear()
    MISSES[0] = 0
    a = ask_default_cache(QS[0])
    b = ask_default_cache(QS[1])
    c = ask_default_cache(QS[0])
    d = ask_default_cache(QS[2])
    return [a, b, c, d, MISSES[0]]


class CachingAgent:
    def __init__(self, model: Any) -> None:
        self.model = model
        self.cache: dict[str, str] = {}
        self.misses = 0

    def ask(self, q: str) -> str:
        if q in self.cache:
            return self.cache[q]
        self.misses += 1
        APP.info("miss %s", q[:8])
        self.cache[q] = str(self.model(q, temperature=0))[:10]
        return self.cache[q]


def r190_cache_on_self_logged() -> list[Any]:
    start = len(APP_BUF.getvalue())
    ag = CachingAgent(MID)
    a = ag.ask(QS[0])
    b = ag.ask(QS[1])
    c = ag.ask(QS[0])
    d = ag.ask(QS[2])
    return [a, b, c, d, ag.misses, _tail(start)]


# =========================================================================== hooks set up oddly



@contextlib.contextmanager
def tracing() -> Any:
    rec = Recorder()
    add_hook(rec)
    try:
        yield rec
    finally:
        remove_hook(rec)


def r190_hook_contextmanager_generator() -> list[Any]:
    a = SLOW(QS[0])
    with tracing() as rec:
        b = FAST(QS[1])
        c = MID(QS[2])
    d = FAST(QS[0])
    return [a[:8], b[:8], c[:8], d[:8], rec.seen]


class Traced:
    def __init__(self, model: Any) -> None:
        self.model = model
        self.rec = Recorder()
        add_hook(self.rec)

    def close(self) -> list[str]:
        remove_hook(self.rec)
        return self.rec.seen


def r190_hook_installed_by_init() -> list[Any]:
    a = SLOW(QS[0])
    t = Traced(FAST)
    b = t.model(QS[1])
    c = MID(QS[2])
    seen = t.close()
    d = FAST(QS[0])
    return [a[:8], b[:8], c[:8], d[:8], seen]


class PrintingHook(CallHook):
    def before(self, call: Any) -> None:
        print("hook before", call.model_id)

    def after(self, call: Any, result: Any, error: Any) -> None:
        print("hook after", call.model_id, error is None)


def r190_hook_prints_between_prints() -> list[Any]:
    with scoped_hooks(PrintingHook()):
        print("start")
        a = SLOW(QS[0])
        print("mid")
        b = FAST(QS[1])
        c = MID(QS[2])
        print("end")
    return [a[:8], b[:8], c[:8]]


def r190_budget_remaining_printed() -> list[Any]:
    with models.budget(1.0) as budget:
        a = SLOW(QS[0])
        left1 = round(budget.remaining_usd, 9)
        b = FAST(QS[1])
        c = MID(QS[2])
        left2 = round(budget.remaining_usd, 9)
    print(left1, left2)
    return [a[:8], b[:8], c[:8], left1, left2]


def quiet(on: bool) -> None:
    APP.disabled = on


def r190_logger_disabled_by_helper() -> list[Any]:
    start = len(APP_BUF.getvalue())
    quiet(True)
    a = ask_logged(QS[0], 0.15)
    quiet(False)
    b = ask_logged(QS[1], 0.04)
    c = ask_logged(QS[2], 0.09)
    return [a, b, c, _tail(start)]


def mute_all(level: int) -> None:
    logging.disable(level)


def r190_logging_disable_by_helper() -> list[Any]:
    start = len(APP_BUF.getvalue())
    a = ask_logged(QS[0], 0.15)
    mute_all(logging.CRITICAL)
    b = ask_logged(QS[1], 0.04)
    mute_all(logging.NOTSET)
    c = ask_logged(QS[2], 0.09)
    return [a, b, c, _tail(start)]


class Tracker:
    def __init__(self) -> None:
        self.rec = Recorder()

    def start(self) -> None:
        add_hook(self.rec)

    def stop(self) -> list[str]:
        remove_hook(self.rec)
        return list(self.rec.seen)


TRACKER = Tracker()


def r190_hook_global_tracker_method() -> list[Any]:
    TRACKER.rec.seen.clear()
    a = SLOW(QS[0])
    TRACKER.start()
    b = FAST(QS[1])
    c = MID(QS[2])
    seen = TRACKER.stop()
    d = FAST(QS[0])
    return [a[:8], b[:8], c[:8], d[:8], seen]


async def r190_to_thread_under_hook() -> list[Any]:
    rec = Recorder()
    with scoped_hooks(rec):
        a = await asyncio.to_thread(SLOW, QS[0])
        b = await FAST.acall(QS[1])
        c = await asyncio.to_thread(MID, QS[2])
    return [a[:8], b[:8], c[:8], rec.seen]

ALL: list[Case] = [
    sim(r190_logged_helper_three, IDEAL3, cat="helpers"),
    sim(r190_logged_helper_statements, IDEAL3, cat="helpers"),
    sim(r190_logger_counting_formatter, IDEAL3, cat="helpers"),
    sim(r190_print_progress_and_log, IDEAL3, cat="helpers"),
    sim(r190_hook_scoped_records_order, cat="state"),
    sim(r190_hook_order_free_tally, IDEAL3, cat="state"),
    sim(r190_hook_added_midway, cat="state"),
    sim(r190_hook_removed_midway, 0.28 / 0.24, cat="state"),
    Case("state", r190_hook_from_caller_plain_fn, drive=_drive_hook_second, ideal=1.0,
         name="r190_hook_from_caller_plain_fn"),
    sim(r190_response_cache_repeat, cat="state"),
    sim(r190_dict_cache_global_counter, cat="state"),
    sim(r190_agent_counters_on_self, over(0.15, 0.04, 0.15, 0.04), cat="state"),
    sim(r190_closure_counter_nonlocal, IDEAL3, cat="state"),
    sim(r190_pipeline_object_loop, 3.0, cat="ensemble"),
    sim(r190_checker_on_self_loop, 0.40 / 0.19, cat="ensemble"),
    sim(r190_router_classifier_logs, over(0.15, 0.04, 0.15), cat="ensemble"),
    sim(r190_branches_logging_members, over(0.15, 0.09), cat="ensemble"),
    sim(r190_retry_accept_logs, over(0.15, 0.04), cat="ensemble"),
    sim(r190_sequence_logging_step, over(0.15, 0.04), cat="ensemble"),
    sim(r190_ensemble_mostcommon_on_self, 3.0, cat="ensemble"),
    sim(r190_op_helper_counter, IDEAL3, cat="ensemble"),
    sim(r190_non_graph_on_self_loop, 3.0, cat="ensemble"),
    sim(r190_non_graph_logged_between, 3.0, cat="ensemble"),
    sim(r190_vmap_inside_then_model, over(0.04, 0.15), cat="fanout"),
    sim(r190_vmap_then_log_each, over(0.15, 0.09), cat="fanout"),
    sim(r190_pmap_collect_errors, over(0.04, 0.15), cat="fanout"),
    sim(r190_parallel_counters, over(0.15, 0.09), cat="fanout"),
    sim(r190_vmap_of_jitted_helper, over(0.09, 0.15), cat="fanout"),
    sim(r190_eval_evaluate_beside_model, over(0.04, 0.15), cat="helpers"),
    sim(r190_eval_manual_loop_logs, IDEAL3, cat="helpers"),
    sim(r190_eval_two_systems_compare, 0.57 / 0.15, cat="helpers"),
    sim(r190_eval_custom_judge_evaluator, cat="helpers"),
    sim(r190_eval_dataset_load_iter, IDEAL3, cat="helpers"),
    web(r190_eval_web_context_puts, 0.55 / 0.34, cat="http"),
    asim(r190_to_thread_models_three, IDEAL3, cat="threads"),
    asim(r190_to_thread_logged_helper, IDEAL3, cat="threads"),
    asim(r190_to_thread_agent_method, over(0.15, 0.04, 0.15), cat="threads"),
    web(r190_web_logged_gets_models, 0.56 / 0.30, cat="http", overlap=3),
    sim(r190_held_log_object_reads_phase, IDEAL3, cat="helpers"),
    sim(r190_held_log_loud_arg, IDEAL3, cat="helpers"),
    sim(r190_held_log_global_dict_mutated, IDEAL3, cat="helpers"),
    Case("helpers", r190_drv_three, drive=_drive_filter_added, ideal=IDEAL3,
         name="r190_drv_filter_added"),
    Case("helpers", r190_drv_three, drive=_drive_record_factory, ideal=IDEAL3,
         name="r190_drv_record_factory"),
    Case("helpers", r190_drv_three, drive=_drive_level_raised, ideal=IDEAL3,
         name="r190_drv_level_raised"),
    sim(r190_held_log_where_fields, IDEAL3, cat="helpers"),
    sim(r190_held_log_where_errors, over(0.15, 0.09), cat="validation"),
    sim(r190_cache_mutable_default, cat="state"),
    sim(r190_cache_on_self_logged, cat="state"),
    sim(r190_hook_contextmanager_generator, cat="state"),
    sim(r190_hook_installed_by_init, cat="state"),
    sim(r190_hook_prints_between_prints, cat="state"),
    sim(r190_budget_remaining_printed, cat="state"),
    sim(r190_logger_disabled_by_helper, cat="helpers"),
    sim(r190_logging_disable_by_helper, cat="helpers"),
    sim(r190_hook_global_tracker_method, cat="state"),
    asim(r190_to_thread_under_hook, cat="threads"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
