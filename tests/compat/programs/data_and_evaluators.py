"""Data, settings and evaluators in the earlier Ember's style: a registered source read as
records, `ember.context` for the block's settings, and `ember.utils.eval` scoring."""

from ember.api import data, models
from ember.context import context, get_config
from ember.utils.eval import (
    EvaluationResult,
    IEvaluator,
    NumericToleranceEvaluator,
    PipelineEvaluator,
    evaluate_batch_with_summary,
)


class ArithmeticSource:
    def read_batches(self, batch_size=32):
        rows = [{"query": f"What is {a} + {b}?", "target": str(a + b), "level": a % 2}
                for a in range(6) for b in (1, 2)]
        for i in range(0, len(rows), batch_size):
            yield rows[i:i + batch_size]


class MentionsNumber(IEvaluator):
    def evaluate(self, system_output, correct_answer, **kwargs):
        found = correct_answer in system_output
        return EvaluationResult(is_correct=found, score=float(found), metadata={"n": correct_answer})


data.register("arithmetic", ArithmeticSource())
records = list(data.stream("arithmetic", max_items=4))
print(records[0].question.text, "->", records[0].answer.text)

with context.manager(defaults={"temperature": 0, "latency": 0}, run={"model": "sim/gpt-4o"}):
    model = get_config("run.model")
    outputs = [models(model, r.question.text) for r in records]
assert get_config("run.model") is None  # the block's settings ended with it

numeric = evaluate_batch_with_summary(NumericToleranceEvaluator(tolerance=0.5), outputs,
                                      [r.answer.text for r in records])
mentions = evaluate_batch_with_summary(PipelineEvaluator([str.lower], MentionsNumber()),
                                       outputs, [r.answer.text for r in records])
print("numeric:", numeric.accuracy, "mentions:", mentions.accuracy)
assert len(numeric.results) == len(mentions.results) == 4
assert all(0 <= s.accuracy <= 1 for s in (numeric, mentions))
print("ok")
