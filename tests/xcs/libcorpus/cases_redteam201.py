"""Red-team cases (stop 201): programs written for the earlier Ember, jitted whole.

Each case is a driver a user of the earlier Ember writes with Ember's public API:
`models(...)`, `models.instance(...)`, `models.stream`, structured output (``output=``),
`operators` (`Operator` subclasses holding models as fields, `Ensemble`, `Judge`,
`Verifier`, `Router`, `Retry`, `MostCommon`, `run_tools`), NON graphs, `xcs.parallel`,
`xcs.vmap`, `xcs.scan`, the eval helpers, `ember.context` / `get_config` / `set_config`,
usage and cost accounting, errors raised by models (unknown ids, misspelt parameters,
answers that are not JSON), prints and log records between calls, results post-processed
with json / pydantic / dataclasses, branches and early stops on model answers, class-based
pipelines holding bindings as attributes. Most run on the in-process simulator (`sim/...`);
the ``api_*`` ones on the simulator behind the API server (an endpoint ``corp``), whose log
shows every call and every PUT. Sibling calls get unequal latencies, slow first, so a
reordering shows.

`FAILING` holds one case: a model call reads Ember's config file (``$EMBER_CONFIG``) at
its start, and model calls may cross file writes, so one started early misses the endpoint
the function just wrote. Eight more differed when written (``output=`` whose validation
runs the user's code, composite operators over a file reader); see the note below
`FAILING_WHY`.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import requests

import ember
from ember import models as ember_models
from ember import xcs
from ember.api import models, non, operators
from ember.context import context, get_config
from ember.errors import ProviderTimeout
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam201")

QS = ["What is 2 + 2?", "Name a prime number.", "Why is the sky blue?", "Is water wet?"]


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def _qs(env: Env) -> tuple:
    return (list(QS),)


def _q(env: Env) -> tuple:
    return (QS[2],)


def _dir_qs(env: Env) -> tuple:
    return (str(env.tmp), list(QS))


def _api_qs(env: Env) -> tuple:
    return (env.api, list(QS))


def corp(api: str) -> dict[str, Any]:
    return {"corp": {"base_url": api + "/v1", "max_attempts": 1}}


def sim(fn: Any, ideal: float = 1.0, args: Any = _qs, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, args=args, ideal=ideal, **kw)


def api(fn: Any, ideal: float = 1.0, args: Any = _api_qs, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, ideal=ideal, servers="api", **kw)


# =========================================================================== streaming, structured output


def r201_stream_prints_pieces_then_other(questions: list[str]) -> str:
    print("streaming:")
    for piece in models.stream("sim/gpt", questions[0], latency=0.12):
        print(piece, end="|")
    print()
    b = models("sim/claude", questions[1], latency=0.03)
    print("second:", b[:12])
    return b[:12]


class Verdict(pydantic.BaseModel):
    ok: bool
    reason: str

    @pydantic.field_validator("reason")
    @classmethod
    def _note(cls, v: str) -> str:
        print("validated reason of", len(v), "chars")
        return v.strip()


def r201_structured_output_validator_prints(questions: list[str]) -> list[Any]:
    a = models("sim/gpt", questions[0], output=Verdict, latency=0.12)
    print("first verdict", a.ok)
    b = models("sim/claude", questions[1], output=Verdict, latency=0.03)
    return [a.model_dump(), b.model_dump()]


# =========================================================================== tools


def get_weather(city: str) -> str:
    """The weather in a city now."""
    print("tool: weather for", city)
    return f"sunny in {city}"


def r201_run_tools_tool_prints(questions: list[str]) -> list[str]:
    a = models("sim/gpt", questions[0], latency=0.12)
    print("first done:", a[:8])
    ans = operators.run_tools("sim/gpt", "What is the weather in Oslo?", tools=[get_weather],
                              latency=0.03)
    print("tools done")
    return [a[:8], str(ans)[:30]]


# =========================================================================== errors


def r201_answer_not_json_raises_after_print(questions: list[str]) -> Any:
    a = models("sim/gpt", questions[0], latency=0.12)
    print("parsing", len(a), "chars")
    data = json.loads(a)
    b = models("sim/claude", questions[1], latency=0.03)
    return [data, b]


def r201_misspelt_parameter_after_call(questions: list[str]) -> list[str]:
    a = models("sim/gpt", questions[0], latency=0.12)
    print("got", a[:8])
    b = models("sim/claude", questions[1], latency=0.03, temprature=0.2)
    return [a[:8], b[:8]]


def r201_timeout_caught_then_fallback_model(questions: list[str]) -> list[str]:
    out = []
    for i, q in enumerate(questions[:3]):
        try:
            out.append(models("sim/gpt", q, latency=0.12 if i == 1 else 0.03, timeout=0.07)[:8])
        except ProviderTimeout as exc:
            LOG.warning("timeout on %d: %s", i, type(exc).__name__)
            out.append("fb:" + models("sim/claude", q, latency=0.03)[:8])
    return out


def r201_helper_parse_error_logged(questions: list[str]) -> list[Any]:
    def first_number(text: str) -> int:
        for word in text.split():
            if word.strip(".,:").isdigit():
                return int(word.strip(".,:"))
        raise ValueError(f"no number in {text[:12]!r}")

    out: list[Any] = []
    for i, q in enumerate(questions[:3]):
        a = models("sim/gpt-mini", q, latency=0.1 if i == 0 else 0.03)
        try:
            out.append(first_number(a))
        except ValueError as exc:
            LOG.warning("skip %d: %s", i, exc)
            out.append(None)
    return out


# =========================================================================== config and context


def r201_set_config_between_calls(questions: list[str]) -> list[Any]:
    try:
        ember.set_config("defaults.seed", 3)
        a = models("sim/gpt", questions[0], latency=0.12, temperature=1.0)
        ember.set_config("defaults.seed", 11)
        b = models("sim/gpt", questions[0], latency=0.03, temperature=1.0)
    finally:
        ember.set_config("defaults.seed", None)
    return [a[:30], b[:30], a == b]


def r201_context_manager_model_default(questions: list[str]) -> list[str]:
    with context.manager(models={"default": "sim/gpt"}):
        a = models(get_config("models.default"), questions[0], latency=0.12)
    with context.manager(models={"default": "sim/claude"}):
        b = models(get_config("models.default"), questions[1], latency=0.03)
        print("using", get_config("models.default"))
    return [a.model_id, b.model_id, a[:8], b[:8]]


# =========================================================================== accounting, loops, branches


def r201_draft_judge_until_yes(question: str) -> dict[str, Any]:
    rounds = []
    draft = models("sim/gpt", question, latency=0.08)
    for r in range(4):
        verdict = models("sim/judge", f"Is this good? Answer yes or no. {draft[:40]}",
                         latency=0.03, seed=r)
        rounds.append(verdict[:12])
        LOG.info("round %d: %s", r, verdict[:12])
        if "yes" in verdict.lower() or r == 2:
            break
        draft = models("sim/gpt", f"Improve: {draft[:40]}", latency=0.03, seed=r)
    return {"rounds": rounds, "final": draft[:12]}


def r201_usage_by_model_counter(questions: list[str]) -> dict[str, Any]:
    tokens: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for i, q in enumerate(questions):
        for m in ("sim/gpt", "sim/claude"):
            r = models(m, q, latency=0.1 if (i, m) == (0, "sim/gpt") else 0.03)
            tokens[r.model_id] += r.usage.total_tokens
            calls[r.model_id] += 1
    print("usage:", dict(sorted(tokens.items())))
    return {"tokens": dict(tokens), "calls": dict(calls)}


def r201_temperature_sweep_then_judge(question: str) -> dict[str, Any]:
    temps = [0.0, 0.5, 1.0]
    drafts = {t: models("sim/gpt", question, temperature=t, seed=7,
                        latency=0.1 if t == 0.0 else 0.03) for t in temps}
    listing = "\n".join(f"[{i}] {d[:30]}" for i, d in enumerate(drafts.values()))
    best = models("sim/judge", f"Pick the best:\n{listing}", latency=0.03)
    print("judged", len(drafts), "drafts")
    return {"drafts": {str(t): d[:10] for t, d in drafts.items()}, "best": best[:10]}


# =========================================================================== classes holding models


class Pipeline:
    """A class-based pipeline: bindings as attributes, helper methods calling them."""

    def __init__(self, drafter: str, critic: str) -> None:
        self.drafter = models.instance(drafter, temperature=0.3)
        self.critic = models.instance(critic, temperature=0)
        self.calls = 0

    def draft(self, q: str, lat: float) -> str:
        self.calls += 1
        return self.drafter(q, latency=lat)

    def critique(self, text: str) -> str:
        self.calls += 1
        LOG.info("critique %d", self.calls)
        return self.critic(f"Critique: {text[:30]}", latency=0.03)

    def run(self, questions: list[str]) -> list[str]:
        drafts = [self.draft(q, 0.1 if i == 0 else 0.03) for i, q in enumerate(questions[:3])]
        return [self.critique(d)[:10] for d in drafts]


def r201_class_pipeline_method_calls(questions: list[str]) -> dict[str, Any]:
    p = Pipeline("sim/gpt", "sim/judge")
    out = p.run(questions)
    return {"out": out, "calls": p.calls}


class Panel(operators.Operator):
    ensemble: operators.Ensemble
    judge: operators.Judge

    def forward(self, q: str) -> str:
        answers = self.ensemble(q)
        print("candidates:", len(answers))
        return self.judge(q, answers)


def r201_operator_panel_two_questions(questions: list[str]) -> list[str]:
    panel = Panel(ensemble=operators.Ensemble(["sim/gpt", "sim/claude"], latency=0.05),
                  judge=operators.Judge("sim/judge", latency=0.03))
    a = panel(questions[0])
    b = panel(questions[1])
    return [str(a)[:12], str(b)[:12], str(len(a.responses))]


def r201_verifier_reviser_prints(question: str) -> list[Any]:
    def reviser(prompt: str) -> str:
        print("revising with", len(prompt), "chars")
        return models("sim/gpt", prompt, latency=0.03)

    draft = models("sim/gpt-mini", question, latency=0.1)
    checked = operators.Verifier("sim/judge", reviser=reviser, max_rounds=2,
                                 latency=0.03)(question, draft[:40])
    after = models("sim/claude", question, latency=0.03)
    return [checked.info["rounds"], checked.info["verified"], after[:8]]


def r201_router_model_classifier_logs(questions: list[str]) -> list[str]:
    router = operators.Router(
        {"math": models.instance("sim/gpt", latency=0.08),
         "chat": models.instance("sim/claude", latency=0.03)},
        "sim/judge", default="chat", latency=0.03)
    out = []
    for q in questions:
        LOG.info("routing %r", q[:10])
        out.append(router(q)[:8])
    return out


# =========================================================================== NON, xcs transforms, eval


def r201_non_graph_per_question_prints(questions: list[str]) -> list[str]:
    system = non.build_graph(["2E@sim/gpt(latency=0.05)", "1J@sim/judge(latency=0.03)"])
    out = []
    for q in questions[:2]:
        r = system(query=q)
        print("NON:", str(r)[:10])
        out.append(str(r)[:10])
    return out


def r201_vmap_then_branch_on_answers(questions: list[str]) -> list[str]:
    llm = models.instance("sim/gpt-mini", latency=0.04)
    answers = xcs.vmap(llm)(questions)
    out = []
    for q, a in zip(questions, answers, strict=True):
        if len(a) % 2:
            out.append("odd:" + models("sim/judge", f"Check: {a[:20]}", latency=0.03)[:6])
        else:
            out.append("even")
        print(q[:8], "->", out[-1])
    return out


def r201_scan_turns_print_after_independent(questions: list[str]) -> list[Any]:
    first = models("sim/gpt", questions[3], latency=0.1)
    print("warmup:", first[:8])

    def turn(history: str, q: str) -> tuple[str, str]:
        reply = models("sim/claude", history + q, latency=0.03)
        print("turn", len(history))
        return history + q + reply[:20], reply[:8]

    history, replies = xcs.scan(turn)("", questions[:3])
    return [len(history), replies]


def r201_eval_sequential_system_prints(questions: list[str]) -> list[Any]:
    from ember.api import eval as ev

    def system(question: str) -> str:
        print("system asked", question[:10])
        return models("sim/gpt", question, latency=0.03)

    before = models("sim/claude", "warm up", latency=0.1)
    rows = [{"question": f"What is {i} + {i}?", "answer": str(2 * i)} for i in range(3)]
    result = ev.evaluate(system, rows, "numeric", progress=False, max_items_in_flight=1)
    print("items:", result.summary.items)
    return [before[:8], result.summary.items, result.summary.errors]


async def r201_async_acall_prints_between(questions: list[str]) -> list[str]:
    a = await models.acall("sim/gpt", questions[0], latency=0.12)
    print("a done", a[:6])
    b = await models.acall("sim/claude", questions[1], latency=0.03)
    print("b done", b[:6])
    return [a[:6], b[:6]]


def _drive_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(list(QS)))


# =========================================================================== files


# =========================================================================== over HTTP


def r201_api_branch_then_put(base: str, questions: list[str]) -> list[Any]:
    out = []
    with ember.context(endpoints=corp(base)):
        for i, q in enumerate(questions[:3]):
            a = models("corp/gpt", q, latency=0.1 if i == 0 else 0.03)
            if len(a) % 2 == 0:
                r = requests.put(f"{base}/items/even-{i}", data=a[:10], timeout=5)
                out.append(r.json()["version"])
            else:
                out.append("odd")
    return out


def r201_api_fallbacks_after_unknown_model(base: str, questions: list[str]) -> list[str]:
    with ember.context(endpoints=corp(base)):
        a = models("corp/gpt", questions[0], latency=0.1)
        print("primary", a[:8])
        llm = models.instance("corp/claude", fallbacks=["sim/gpt"], latency=0.03)
        b = llm(questions[1])
    return [a[:8], b.model_id]


def r201_api_ensemble_vote_then_log_put(base: str, question: str) -> list[Any]:
    with ember.context(endpoints=corp(base)):
        answers = operators.Ensemble(["corp/gpt", "corp/claude", "corp/judge"],
                                     latency=0.04)(question)
        vote = operators.MostCommon(normalize=lambda a: a[:3])(answers)
        LOG.info("vote %s with %s", str(vote)[:8], vote.info["agreement"])
        r = requests.put(f"{base}/items/vote", data=str(vote)[:10], timeout=5)
        follow = models("corp/gpt", f"Explain {vote[:20]}", latency=0.03)
    return [r.json()["version"], follow[:8]]


# =========================================================================== user code inside a model call


TRACE: list[str] = []


def _reset(env: Env) -> None:
    TRACE.clear()


class Label(pydantic.BaseModel):
    label: str

    @pydantic.field_validator("label")
    @classmethod
    def _seen(cls, v: str) -> str:
        TRACE.append(v[:6])
        return v


def r201_output_validator_appends_global(questions: list[str]) -> list[Any]:
    a = models("sim/gpt", questions[0], output=Label, latency=0.12)
    b = models("sim/claude", questions[1], output=Label, latency=0.03)
    return [a.label[:6], b.label[:6], list(TRACE)]


@dataclass
class Rated:
    answer: str
    score: int

    def __post_init__(self) -> None:
        LOG.info("rated %s", self.answer[:6])


def r201_output_dataclass_post_init_logs(questions: list[str]) -> list[Any]:
    a = models("sim/gpt", questions[0], output=Rated, latency=0.12)
    b = models("sim/claude", questions[1], output=Rated, latency=0.03)
    return [a.answer[:6], b.answer[:6]]


def r201_parse_validator_prints(questions: list[str]) -> list[Any]:
    a = models.parse("sim/gpt", questions[0], output=Verdict, latency=0.12)
    b = models.parse("sim/claude", questions[1], output=Verdict, latency=0.03)
    return [a.text[:10], b.text[:10]]


def r201_instance_output_default_prints(questions: list[str]) -> list[Any]:
    grader = models.instance("sim/judge", output=Verdict, temperature=0)
    a = grader(questions[0], latency=0.12)
    b = grader(questions[1], latency=0.03)
    return [a.ok, b.ok]


class EchoProvider(ember_models.Provider):
    """A provider of the user's own: logs each request it is asked to start."""

    def start(self, model_id: Any, request: Any, started: float) -> Any:
        text = request.messages[-1]["content"]
        lat = request.latency or 0.0
        print("provider start", text[:10])

        async def answer() -> Any:
            await asyncio.sleep(lat)
            return ember_models.ModelResult(f"echo {text[:10]}", model_id=str(model_id))

        return answer()


def r201_custom_provider_prints(questions: list[str]) -> list[str]:
    ember_models.register_provider("echo", EchoProvider())
    a = models("echo/one", questions[0], latency=0.12)
    b = models("echo/two", questions[1], latency=0.03)
    return [str(a), str(b)]


# =========================================================================== files read by a model call

PNG = b"\x89PNG\r\n\x1a\n"


def r201_image_part_file_written_before_call(folder: str, questions: list[str]) -> list[str]:
    a = models("sim/gpt", questions[0], latency=0.12)
    chart = Path(folder) / "chart.png"
    chart.write_bytes(PNG + a[:16].encode())
    b = models("sim/gpt", [{"role": "user", "content": ["Describe this chart.", chart]}],
               latency=0.03)
    return [a[:8], b[:20]]


def r201_api_image_part_regenerated(base: str, folder: str) -> list[str]:
    chart = Path(folder) / "chart.png"
    with ember.context(endpoints=corp(base)):
        chart.write_bytes(PNG + b"first version")
        a = models("corp/gpt", [{"role": "user", "content": ["Describe this chart.", chart]}],
                   latency=0.12)
        chart.write_bytes(PNG + b"second version")
        b = models("corp/claude", [{"role": "user", "content": ["And now?", chart]}],
                   latency=0.03)
    return [a[:8], b[:8]]


def r201_ensemble_output_validator_prints(questions: list[str]) -> list[Any]:
    slow = operators.Ensemble(["sim/gpt"], output=Verdict, latency=0.12)
    fast = operators.Ensemble(["sim/claude"], output=Verdict, latency=0.03)
    a = slow(questions[0])
    b = fast(questions[1])
    return [a[0].ok, b[0].ok]


# =========================================================================== the config file


def r201_config_file_endpoint_written(base: str, cfg: str, questions: list[str]) -> list[str]:
    a = models("sim/gpt", questions[0], latency=0.12)
    print("draft:", a[:8])
    Path(cfg).write_text(f'[endpoints.team]\nwire = "openai"\nbase_url = "{base}/v1"\n'
                         'max_attempts = 1\n')
    b = models("team/gpt", questions[1], latency=0.03)
    return [a[:8], b[:8], b.model_id]


def _drive_config(f: Any, env: Env) -> Any:
    import os

    cfg = env.tmp / "ember.toml"
    saved = os.environ.get("EMBER_CONFIG")
    os.environ["EMBER_CONFIG"] = str(cfg)
    try:
        return f(env.api, str(cfg), list(QS))
    finally:
        cfg.unlink(missing_ok=True)  # (it names the run's port, which differs between runs)
        if saved is None:
            os.environ.pop("EMBER_CONFIG", None)
        else:
            os.environ["EMBER_CONFIG"] = saved


# =========================================================================== short-circuits and error order


def r201_api_any_judge_says_so(base: str, questions: list[str]) -> list[Any]:
    with ember.context(endpoints=corp(base)):
        found = any("judge" in models("corp/judge", f"Is this easy? {q}", latency=0.03)
                    for q in questions)
        print("found:", found)
    return [found]


def r201_timeout_beats_later_bad_param(questions: list[str]) -> list[str]:
    a = models("sim/gpt", questions[0], latency=0.12, timeout=0.05)
    b = models("sim/claude", questions[1], latency=0.03, max_tokens=0)
    return [a[:8], b[:8]]


def r201_first_model_that_answers(questions: list[str]) -> list[str]:
    from ember.errors import ModelError

    tried = []
    answer = ""
    for m in ("nosuch/model", "sim/claude", "sim/gpt"):
        try:
            answer = models(m, questions[0], latency=0.05)
            tried.append(m)
            break
        except ModelError as exc:
            print("skip", m, type(exc).__name__)
            tried.append("x")
    return [answer[:8], *tried]


# =========================================================================== operators over a file reader


def read_notes(path: str) -> str:
    return Path(path).read_text()


load_notes = operators.op(read_notes)


def _notes(env: Env) -> None:
    (env.tmp / "notes.txt").write_text("no notes yet")


def _notes_qs(env: Env) -> tuple:
    return (str(env.tmp / "notes.txt"), list(QS))


def r201_op_file_reader_after_write(notes: str, questions: list[str]) -> list[str]:
    a = models("sim/gpt", questions[0], latency=0.1)
    Path(notes).write_text("second notes")
    got = load_notes(notes)
    return [a[:6], got]


SUMMARISE = operators.sequence(read_notes, models.instance("sim/claude", latency=0.03))


def r201_sequence_file_then_model_after_write(notes: str, questions: list[str]) -> list[str]:
    draft = models("sim/gpt", questions[2], latency=0.1)
    print("draft:", draft[:8])
    Path(notes).write_text(f"Notes on: {draft[:30]}")
    summary = SUMMARISE(notes)
    return [draft[:8], summary[:40]]


NOTES_AND_SIZE = operators.branches(read_notes, lambda p: Path(p).stat().st_size)


def r201_branches_file_readers_after_write(notes: str, questions: list[str]) -> list[Any]:
    first = models("sim/gpt", questions[0], latency=0.1)
    LOG.info("first %s", first[:6])
    Path(notes).write_text("new notes, longer than before")
    got = NOTES_AND_SIZE(notes)
    return [first[:6], list(got)]


class Retrieve(operators.Operator):
    """Reads the document named by the query from a folder: a retriever of the user's."""

    folder: str

    def forward(self, name: str) -> str:
        return (Path(self.folder) / name).read_text()


def r201_operator_retriever_after_write(notes: str, questions: list[str]) -> list[str]:
    retrieve = RETRIEVERS[0]
    a = models("sim/gpt", questions[0], latency=0.1)
    Path(notes).write_text(f"fresh: {questions[1]}")
    doc = retrieve(Path(notes).name)
    return [a[:6], doc]


RETRIEVERS: list[Any] = []


def _retriever(env: Env) -> None:
    _notes(env)
    RETRIEVERS[:] = [Retrieve(folder=str(env.tmp))]


# =========================================================================== the list


ALL: list[Case] = [
    sim(r201_stream_prints_pieces_then_other, over(0.12, 0.03)),
    sim(r201_structured_output_validator_prints, over(0.12, 0.03)),
    sim(r201_run_tools_tool_prints, 1.0),
    sim(r201_answer_not_json_raises_after_print, 1.0),
    sim(r201_misspelt_parameter_after_call, 1.0),
    sim(r201_timeout_caught_then_fallback_model, 1.0),
    sim(r201_helper_parse_error_logged, over(0.1, 0.03, 0.03)),
    sim(r201_set_config_between_calls, over(0.12, 0.03), cat="state"),
    sim(r201_context_manager_model_default, over(0.12, 0.03), cat="state"),
    sim(r201_draft_judge_until_yes, 1.0, args=_q),
    sim(r201_usage_by_model_counter, over(0.1, *[0.03] * 7)),
    sim(r201_temperature_sweep_then_judge, (0.1 + 0.03 + 0.03 + 0.03) / 0.13, args=_q),
    sim(r201_class_pipeline_method_calls, 1.0, cat="helpers"),
    sim(r201_operator_panel_two_questions, 1.0),
    sim(r201_verifier_reviser_prints, 1.0, args=_q),
    sim(r201_router_model_classifier_logs, 1.0),
    sim(r201_non_graph_per_question_prints, 1.0),
    sim(r201_vmap_then_branch_on_answers, 1.0),
    sim(r201_scan_turns_print_after_independent, 1.0),
    sim(r201_eval_sequential_system_prints, 1.0),
    Case("ensemble", r201_async_acall_prints_between, drive=_drive_async,
         ideal=over(0.12, 0.03)),
    api(r201_api_branch_then_put, 1.0),
    api(r201_api_fallbacks_after_unknown_model, 1.0),
    api(r201_api_ensemble_vote_then_log_put, 1.0, args=lambda env: (env.api, QS[0])),
    sim(r201_output_validator_appends_global, over(0.12, 0.03), setup=_reset),
    sim(r201_output_dataclass_post_init_logs, over(0.12, 0.03)),
    sim(r201_parse_validator_prints, over(0.12, 0.03)),
    sim(r201_instance_output_default_prints, over(0.12, 0.03)),
    sim(r201_custom_provider_prints, over(0.12, 0.03)),
    sim(r201_image_part_file_written_before_call, 1.0, args=_dir_qs, cat="files"),
    api(r201_api_image_part_regenerated, over(0.12, 0.03), cat="files",
        args=lambda env: (env.api, str(env.tmp))),
    sim(r201_ensemble_output_validator_prints, over(0.12, 0.03)),
    Case("files", r201_config_file_endpoint_written, drive=_drive_config, servers="api"),
    api(r201_api_any_judge_says_so, 1.0),
    sim(r201_timeout_beats_later_bad_param, 1.0),
    sim(r201_first_model_that_answers, 1.0),
    sim(r201_op_file_reader_after_write, 1.0, args=_notes_qs, cat="files", setup=_notes),
    sim(r201_sequence_file_then_model_after_write, 1.0, args=_notes_qs, cat="files",
        setup=_notes),
    sim(r201_branches_file_readers_after_write, 1.0, args=_notes_qs, cat="files",
        setup=_notes),
    sim(r201_operator_retriever_after_write, 1.0, args=_notes_qs, cat="files",
        setup=_retriever),
]

FAILING_WHY: dict[str, str] = {
    # -- a model call reads the config file, and model calls may cross file writes
    "r201_config_file_endpoint_written": (
        "jit raises UnknownProvider('team/gpt: no endpoint `team` in <tmp>/ember.toml.') where "
        "plain returns, and the server never sees the call: `models('team/gpt', ...)` is a "
        "model call, which may cross file writes, so it starts before "
        "`Path(cfg).write_text('[endpoints.team] ...')` writes the config file ($EMBER_CONFIG) "
        "that the models layer stats and reloads at each call's start. Minimal: a slow "
        "independent call, then that write, then `models('team/gpt', q)`. Documented in "
        "docs/jit.md: write Ember's config before the jitted function runs."),
}

# Differed when written, pass since (each with what differed):
# - r201_structured_output_validator_prints, r201_output_validator_appends_global,
#   r201_output_dataclass_post_init_logs, r201_instance_output_default_prints,
#   r201_ensemble_output_validator_prints: `output=T` whose validation runs code of the
#   user's (a validator that prints, a __post_init__ that logs) ran in the started calls,
#   in completion order. A declared model call whose `output=` (its own, a binding's or a
#   `Model`'s default: ``__ember_output__``) runs code that is not pure is now run in place
#   (`xcs._outputs`).
# - r201_op_file_reader_after_write, r201_sequence_file_then_model_after_write,
#   r201_branches_file_readers_after_write: a composite operator over a function reading a
#   file declared a model call, which crosses file writes, and returned the old content. A
#   part's read of this machine's files or servers no longer counts as a read an operator
#   may declare (`operators._call.kind_of`).
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
