"""Evaluators: exact, normalized, multiple choice, numeric, regex, custom, LLM judge."""

from __future__ import annotations

import asyncio
import doctest

import pytest

from ember.api import eval, models
from ember.errors import EvalError
from ember.eval import _evaluators, _judge, _meter, _record, _run, _summary, _task
from ember.eval._judge import parse_verdict
from ember.models import Provider, register_provider
from ember.models._result import ModelResult, Usage


def test_exact_and_normalized():
    assert eval.exact_match()(" 4\n", "4").value == 1.0
    assert eval.exact_match()("4.", "4").value == 0.0
    assert eval.exact_match()("four", ["4", "four"]).value == 1.0
    assert eval.normalized_match()("The Eiffel Tower!", "eiffel tower").value == 1.0
    assert eval.normalized_match()("Tower", "eiffel tower").value == 0.0


@pytest.mark.parametrize("text, letter", [
    ("The answer is (B).", "B"),
    ("Answer: c", "C"),
    ("answer is option D because", "D"),
    ("(A) is right", "A"),
    ("B. Paris", "B"),
    ("C", "C"),
    ("I think it is (D), not A", "D"),
    ("A cat sat on the mat", None),
    ("Either A or B", None),
    ("none of them", None),
])
def test_extract_choice(text, letter):
    assert eval.extract_choice(text) == letter


def test_multiple_choice_references():
    mc = eval.multiple_choice()
    assert mc("The answer is (B).", "B").value == 1.0
    assert mc("The answer is (B).", 1).value == 1.0
    assert mc("The answer is (B).", "a").value == 0.0
    assert eval.multiple_choice("ABCDE")("Answer: E", "E").value == 1.0
    with pytest.raises(EvalError, match="neither one of the letters"):
        mc("B", "Paris")
    with pytest.raises(EvalError, match="capitals"):
        eval.multiple_choice("abc")


@pytest.mark.parametrize("text, want, ok", [
    ("So she pays $1,234.50.", "1234.5", True),
    ("#### 72", 72, True),
    ("about 3.14159", "3.1416", False),
    ("the result is -7", "-7", True),
    ("half of it: 1/2", 0.5, True),
    ("no number here", "3", False),
])
def test_numeric(text, want, ok):
    assert eval.numeric()(text, want).value == float(ok)


def test_numeric_tolerances():
    assert eval.numeric(0.001)("about 3.14159", "3.1416").value == 1.0
    assert eval.numeric(0.05, relative=True)("it is 104", 100).value == 1.0
    assert eval.numeric(0.01, relative=True)("it is 104", 100).value == 0.0
    with pytest.raises(EvalError, match="holds no number"):
        eval.numeric()("4", "four")
    with pytest.raises(EvalError, match="tolerance must be"):
        eval.numeric(-1)


def test_regex_match():
    ev = eval.regex_match(r"final answer:\s*(\w+)")
    assert ev("Thinking... Final Answer: Paris", "paris").value == 1.0
    assert ev("Final answer: Rome. Final answer: Paris", "Paris").value == 1.0  # the last one
    assert ev("Paris", "Paris").note == "no match"
    assert eval.regex_match(r"\d+", normalize=False)("x 42 y", "42").value == 1.0
    with pytest.raises(EvalError, match="not a valid regular expression"):
        eval.regex_match("(")


def test_custom_functions_of_every_shape():
    assert eval.custom(lambda o, r: o == r)("a", "a").value == 1.0
    assert eval.custom(lambda o, r, item: item["w"])("a", "b", item={"w": 0.5}).value == 0.5
    assert eval.custom(lambda o, r, *, input, item: input == "q")("a", "b", input="q").value == 1
    assert eval.custom(lambda o, r: (0.25, "partial"))("a", "b") == eval.Score(0.25, "partial")
    with pytest.raises(EvalError, match="must return a bool"):
        eval.custom(lambda o, r: "yes")("a", "b")
    with pytest.raises(EvalError, match=r"in \[0, 1\]"):
        eval.custom(lambda o, r: 2.0)("a", "b")


def test_output_text_finds_the_answer():
    class Out:
        final_answer = "42"

    assert _evaluators.output_text(Out()) == "42"
    assert _evaluators.output_text({"answer": {"text": "x"}}) == "x"
    assert _evaluators.output_text(ModelResult("hi", model_id="sim/x")) == "hi"
    assert type(_evaluators.output_text(ModelResult("hi", model_id="sim/x"))) is str


def test_specs():
    spec = eval.evaluator_from_spec
    assert spec("exact").describe() == "exact"
    assert spec("EM").describe() == "exact"
    assert spec("numeric:0.5").describe() == "numeric(tolerance=0.5)"
    assert spec("mc").describe() == "choice(letters='ABCD')"
    assert spec(r"regex:answer:\s*(\w+)").describe().startswith("regex('answer:")
    assert spec("judge:sim/gpt").describe().startswith("judge('sim/gpt'")
    assert spec("os.path:isabs").describe() == "custom(os.path:isabs)"
    assert spec(lambda o, r: True).mode == "thread"
    with pytest.raises(EvalError, match="unknown. Fix: use one of exact, normalized"):
        spec("bogus")
    with pytest.raises(EvalError, match="cannot import 'nosuchmodule'"):
        spec("nosuchmodule:f")
    with pytest.raises(EvalError, match="the tolerance must be a number"):
        spec("numeric:abc")


@pytest.mark.parametrize("text, scale, value", [
    ("Looks right.\nVERDICT: CORRECT", None, 1.0),
    ("VERDICT: CORRECT ... on reflection VERDICT: INCORRECT", None, 0.0),
    ("**Verdict:** pass", None, 1.0),
    ("Incorrect, it says 5", None, 0.0),
    ("Yes.", None, 1.0),
    ("SCORE: 8/10", None, None),
    ("SCORE: 8", 10, 0.8),
    ("Score = 3 / 4", 10, 0.75),
    ("no ruling", None, None),
])
def test_parse_verdict(text, scale, value):
    assert parse_verdict(text, scale) == value


class _GradingProvider(Provider):
    """A judge that says CORRECT when the graded answer contains the reference."""

    def start(self, model_id, request, started):
        async def go():
            await asyncio.sleep(0.01)
            prompt = request.messages[-1]["content"]
            ref = prompt.split("Reference answer (may be empty):\n")[1].split("\n")[0]
            graded = prompt.split("Answer to grade:\n")[1].split("\n\n")[0]
            verdict = "CORRECT" if ref and ref in graded else "INCORRECT"
            return ModelResult(f"Reason.\nVERDICT: {verdict}", model_id=str(model_id),
                               usage=Usage(10, 3), cost_usd=0.001)

        return go()


def test_llm_judge_through_evaluate_counts_its_calls(monkeypatch):
    from ember.models import _pricing

    monkeypatch.setattr(_pricing, "_set", {})
    models.set_price("sim/gpt", 0, 0)     # only the judge's calls cost: 0.001 each
    register_provider("evgrader", _GradingProvider())
    judge = eval.llm_judge("evgrader/strict")
    assert judge("the answer is 4", "4", input="2+2?") == eval.Score(1.0, "Reason. VERDICT: CORRECT")

    async def system(q):
        return await models.acall("sim/gpt", q, latency=0.01)

    rows = [{"question": "2+2?", "answer": "2"}, {"question": "x", "answer": "zzz"}]
    result = eval.evaluate(system, rows, judge, progress=False)
    assert [r.score for r in result.records] == [1.0, 0.0]  # sim text echoes "2 + 2"
    assert [r.calls for r in result.records] == [2, 2]     # the system's and the judge's
    assert result.summary.cost_usd == pytest.approx(0.002)


def test_judge_without_verdict_scores_zero_with_a_note():
    result = eval.evaluate(lambda q: "4", [("2+2?", "4")], eval.llm_judge(latency=0),
                           progress=False)
    (record,) = result.records
    assert record.score == 0.0 and record.note.startswith("no verdict:")
    assert record.calls == 1


def test_sync_custom_evaluator_may_call_models_and_runs_concurrently(sim_calls):
    def slow_judge(output, reference):
        return models("sim/judge", output, latency=0.2).startswith("[judge]")

    sim_calls.hold(10)
    result = eval.evaluate(lambda q: q, [(str(i), "x") for i in range(10)],
                           eval.custom(slow_judge), max_items_in_flight=10, progress=False)
    assert sim_calls.max_in_flight == 10  # one by one: 1
    assert result.summary.score == 1.0 and result.summary.calls == 10


@pytest.mark.parametrize("module", [_evaluators, _judge, _meter, _record, _run,
                                    _summary, _task, eval])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
