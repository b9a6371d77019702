"""The earlier Ember's names for concepts Ember has: each behaves as the concept it names.

`ember.utils.eval` (evaluators scoring outputs one by one, in batches, through pipelines
and as a whole set), `models.providers()` read as names, `models.response`, the catalogue's
`Models.*` constants, the `ember.context` module (`context.get()`, `context.manager(...)`,
application settings) and `xcs.Config(parallel=..., max_workers=...)`. Everything runs on
simulated models (``sim/``): no key, no network.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass

import pytest

import ember
from ember import xcs
from ember.api import Models, eval, models
from ember.errors import ConfigError, EvalError, UnsupportedOption
from ember.utils.eval import (
    BatchEvaluationSummary,
    EvaluationResult,
    ExactMatchEvaluator,
    IEvaluator,
    IStatefulEvaluator,
    NumericToleranceEvaluator,
    PipelineEvaluator,
    evaluate_batch,
    evaluate_batch_with_summary,
)

# -- ember.utils.eval ------------------------------------------------------------------------


def test_earlier_evaluator_names_are_ember_evals_own_evaluators():
    assert ExactMatchEvaluator().describe() == eval.exact_match().describe()
    assert NumericToleranceEvaluator(0.5, relative=True).describe() == \
        eval.numeric(0.5, relative=True).describe()
    assert IEvaluator is eval.Evaluator and IStatefulEvaluator is eval.StatefulEvaluator


def test_evaluate_returns_the_same_verdict_as_the_harness_score():
    exact, close = ExactMatchEvaluator(), NumericToleranceEvaluator(tolerance=0.01, relative=True)
    for evaluator, output, answer in [(exact, "Paris", "Paris"), (exact, "Lyon", "Paris"),
                                      (close, "1005", "1000"), (close, "1020", "1000")]:
        result = evaluator.evaluate(output, answer)
        assert isinstance(result, EvaluationResult)
        assert result.score == evaluator(output, answer).value
        assert result.is_correct == (result.score == 1.0)


@dataclass
class Contains(IEvaluator[str, str]):
    """An evaluator written the earlier way: only `evaluate`, returning an EvaluationResult."""

    case_sensitive: bool = False

    def evaluate(self, system_output, correct_answer, **kwargs):
        found = (correct_answer in system_output if self.case_sensitive
                 else correct_answer.lower() in system_output.lower())
        return EvaluationResult(is_correct=found, score=float(found), metadata={"kw": correct_answer})


def test_an_evaluate_only_evaluator_scores_in_eval_evaluate_as_it_does_by_hand():
    rows = [{"question": f"Say {w}", "answer": w} for w in ("gpt", "nothing-like-this", "on")]

    def system(question):
        return models("sim/gpt", question, latency=0)

    run = eval.evaluate(system, rows, Contains(), progress=False)
    by_hand = [Contains().evaluate(system(r["question"]), r["answer"]).score for r in rows]
    assert run.summary.items == 3 and run.summary.errors == 0
    assert run.summary.score == pytest.approx(sum(by_hand) / 3)
    assert 0 < sum(by_hand) < 3  # the sim's text holds some of the words, not all


def test_pipeline_transforms_in_order_then_scores():
    seen = []

    def last_word(text):
        seen.append(text)
        return text.split()[-1]

    pipeline = PipelineEvaluator([str.lower, last_word], ExactMatchEvaluator())
    assert pipeline.evaluate("The answer is PARIS", "paris").is_correct
    assert seen == ["the answer is paris"]
    assert not pipeline.evaluate("Paris is the answer", "paris").is_correct
    assert "lower" in pipeline.describe() and "last_word" in pipeline.describe()
    with pytest.raises(EvalError, match="not an evaluator"):
        PipelineEvaluator([str.lower], lambda o, a: True)


def test_batches_score_pairwise_and_summarise():
    outputs, answers = ["4", "5", "6", "7"], ["4", "5", "0", "7"]
    results = evaluate_batch(ExactMatchEvaluator(), outputs, answers)
    assert [r.is_correct for r in results] == [True, True, False, True]
    summary = evaluate_batch_with_summary(ExactMatchEvaluator(), outputs, answers)
    assert isinstance(summary, BatchEvaluationSummary)
    assert (summary.accuracy, summary.mean_score) == (0.75, 0.75)
    assert [r.score for r in summary.results] == [r.score for r in results]
    with pytest.raises(EvalError, match="3 outputs but 2 answers"):
        evaluate_batch(ExactMatchEvaluator(), ["a", "b", "c"], ["a", "b"])


def test_stateful_evaluator_sees_every_pair_in_order():
    class Agreement(IStatefulEvaluator[str, str]):
        def __init__(self):
            self.seen = []

        def update(self, system_output, correct_answer, **kwargs):
            self.seen.append((system_output, kwargs.get("run")))

        def compute(self):
            top = max(sum(o == s for s, _ in self.seen) for o, _ in self.seen)
            return EvaluationResult(top == len(self.seen), top / len(self.seen))

    agreement = Agreement()
    result = agreement.evaluate(["a", "a", "b", "a"], ["a"] * 4, run=1)
    assert agreement.seen == [("a", 1), ("a", 1), ("b", 1), ("a", 1)]
    assert (result.score, result.is_correct) == (0.75, False)


# -- models ------------------------------------------------------------------------------------


def test_providers_read_as_names_and_as_descriptions():
    found = models.providers()
    assert ", ".join(found).startswith("sim")
    sim = found[found.index("sim")]
    assert sim == "sim" and sim.name == "sim" and sim.has_credentials and sim.kind == "in-process"
    assert "ProviderInfo(name='sim'" in repr(sim)
    with pytest.raises(AttributeError, match="read-only"):
        sim.kind = "http"


def test_models_response_is_the_call_itself():
    plain = models("sim/gpt-4o-mini", "Write a haiku.", temperature=0, latency=0)
    response = models.response("sim/gpt-4o-mini", "Write a haiku.", temperature=0, latency=0)
    assert (response.text, response.model_id, dict(response.usage)) == \
        (plain.text, plain.model_id, dict(plain.usage))
    assert response.usage.get("total_tokens") == plain.usage.total_tokens


def test_model_constants_are_catalogue_names():
    assert Models.GPT_4O_MINI == "gpt-4o-mini" and Models.GEMINI_2_0_FLASH == "gemini-2.0-flash"
    assert models.info(Models.CLAUDE_SONNET_4).provider == "anthropic"
    assert models.info(Models.GPT_4).context_window == 8192
    assert "GPT_4O_MINI" in dir(Models)
    with pytest.raises(AttributeError, match="GPT_4O_MINI"):
        _ = Models.GPT_4O_MIN


# -- ember.context -------------------------------------------------------------------------------


def test_context_manager_scopes_ember_tables_and_application_settings():
    from ember.context import context, get_config, set_config

    assert get_config("models.default", "none set") == "none set"
    with context.manager(defaults={"temperature": 0, "latency": 0},
                         models={"default": "sim/gpt"}, test_mode=True) as outer:
        assert get_config("defaults.temperature") == 0 and get_config("test_mode") is True
        # Ember's table reaches the call; the application's value is only kept.
        assert models(get_config("models.default"), "Hi") == models("sim/gpt", "Hi",
                                                                    temperature=0, latency=0)
        with context.manager(models={"default": "sim/claude"}) as inner:
            assert inner.get_config("models.default") == "sim/claude"
            assert outer.get_config("models.default") == "sim/gpt"  # its own scope
            assert get_config("test_mode") is True  # inherited
        assert get_config("models.default") == "sim/gpt"
    assert get_config("test_mode", False) is False
    assert type(context.get()).__name__ == "Settings"

    set_config("custom.setting", "my_value")
    try:
        assert get_config("custom.setting") == "my_value"
        assert get_config("custom") == {"setting": "my_value"}
    finally:
        set_config("custom.setting", None)
    assert get_config("custom.setting") is None


def test_application_settings_are_per_task():
    from ember.context import context, get_config

    async def task(value):
        with context.manager(run=value):
            await asyncio.sleep(0.01)
            return get_config("run")

    async def both():
        return await asyncio.gather(task("a"), task("b"))

    assert asyncio.run(both()) == ["a", "b"]


def test_a_near_miss_of_an_ember_table_is_an_error_not_a_setting():
    from ember.context import context, get_config

    with pytest.raises(ConfigError, match="did you mean 'defaults'"):
        get_config("default.temperature")
    with pytest.raises(ConfigError, match="close to one of Ember's own tables"):
        context.manager(limit={"openai": {"rpm": 5}}).__enter__()


def test_ember_context_stays_callable_after_the_module_is_imported():
    code = ("import ember\n"
            "with ember.context(temperature=0): a = ember.get_config('defaults.temperature')\n"
            "import ember.context\n"
            "from ember.context import context\n"
            "with ember.context(temperature=1): b = ember.get_config('defaults.temperature')\n"
            "with context(temperature=2): c = ember.context.get_config('defaults.temperature')\n"
            "assert (a, b, c) == (0, 1, 2) and ember.context is sys.modules['ember.context']\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
    assert callable(ember.context)


# -- xcs.Config ----------------------------------------------------------------------------------


def test_config_takes_the_earlier_parallel_and_max_workers():
    assert xcs.Config(parallel=True) == xcs.Config()
    assert xcs.Config(parallel=False, max_workers=3) == xcs.Config(strategy="sequential",
                                                                   max_items_in_flight=3)
    square = xcs.vmap(lambda x: x * x, config=xcs.Config(parallel=False))
    assert square([1, 2, 3]) == [1, 4, 9]
    with pytest.raises(UnsupportedOption, match="does not support max_items_in_flight"):
        xcs.jit(lambda x: x, config=xcs.Config(max_workers=4))


def test_config_takes_cache_and_profile_only_as_what_happens():
    assert xcs.Config(cache=True, profile=True) == xcs.Config()
    for name in ("cache", "profile"):
        with pytest.raises(UnsupportedOption, match=f"{name}=False is not supported"):
            xcs.Config(**{name: False})

    @xcs.jit(config=xcs.Config(profile=True, cache=True, parallel=True))
    def ask(q):
        return models("sim/a", q, latency=0), models("sim/b", q, latency=0)

    assert ask("Hi?") == (models("sim/a", "Hi?", latency=0), models("sim/b", "Hi?", latency=0))


# -- xcs.scan and global stats ---------------------------------------------------------------------


def test_scan_carries_state_as_the_plain_loop_does():
    def turn(history, question):
        reply = models("sim/gpt", history + question, latency=0)
        return history + question + reply.text, reply.text

    questions = ["Hi?", "Why?", "How?"]
    history, replies = "", []
    for q in questions:
        history, out = turn(history, q)
        replies.append(out)
    assert xcs.scan(turn)("", questions) == (history, replies)
    assert xcs.jit(lambda qs: xcs.scan(turn)("", qs))(questions) == (history, replies)
    assert xcs.scan(turn)("start", []) == ("start", [])
    assert xcs.scan(turn).__name__ == "turn"


def test_scan_names_a_step_that_returns_no_pair():
    from ember.errors import InvalidScanStep

    with pytest.raises(InvalidScanStep, match=r"step 1 returned int 3, not a \(carry, output\)"):
        xcs.scan(lambda c, x: (c + x, c) if x < 2 else c + x)(0, [1, 2])
    with pytest.raises(InvalidScanStep, match="step must be callable"):
        xcs.scan(3)


def test_global_jit_stats_list_every_live_jitted_function():
    @xcs.jit
    def first(q):
        return models("sim/a", q, latency=0)

    @xcs.jit
    def second(q):
        return [models(m, q, latency=0) for m in ("sim/a", "sim/b")]

    first("x"), second("y"), second("z")
    found = xcs.get_jit_stats()["functions"]
    for f in (first, second):
        key = f"{__name__}.{f.__qualname__}"
        assert found[key]["calls"] == f.stats()["calls"]
    assert (found[f"{__name__}.{first.__qualname__}"]["calls"],
            found[f"{__name__}.{second.__qualname__}"]["calls"]) == (1, 2)
