"""Evaluating systems over datasets: ``from ember.api import eval``.

`evaluate(system, dataset, evaluator)` runs the system on every item concurrently on
Ember's scheduler (a cap on calls in flight), scores each output, writes each item's
record durably as it finishes (so a killed run resumes without losing or repeating an
item), and returns a `Summary`: score with a 95% interval, tokens, cost and latency
percentiles. Evaluators: `exact_match`, `normalized_match`, `multiple_choice`,
`numeric`, `regex_match`, `llm_judge`, `custom`. ``backend="ray"`` spreads the items
over a Ray cluster (``ember[ray]``).

Examples:
    >>> from ember.api import eval
    >>> rows = [{"question": "2+2?", "answer": "4"}, {"question": "3+3?", "answer": "6"}]
    >>> result = eval.evaluate(lambda q: "4", rows, eval.exact_match(), progress=False)
    >>> result.summary.score, result.summary.items
    (0.5, 2)
"""

from ember.eval._batch import BatchEvaluationSummary as BatchEvaluationSummary
from ember.eval._batch import PipelineEvaluator as PipelineEvaluator
from ember.eval._batch import StatefulEvaluator as StatefulEvaluator
from ember.eval._batch import evaluate_batch as evaluate_batch
from ember.eval._batch import evaluate_batch_with_summary as evaluate_batch_with_summary
from ember.eval._evaluators import EvaluationResult as EvaluationResult
from ember.eval._evaluators import Evaluator as Evaluator
from ember.eval._evaluators import Score as Score
from ember.eval._evaluators import custom as custom
from ember.eval._evaluators import evaluator_from_spec as evaluator_from_spec
from ember.eval._evaluators import exact_match as exact_match
from ember.eval._evaluators import extract_choice as extract_choice
from ember.eval._evaluators import extract_number as extract_number
from ember.eval._evaluators import multiple_choice as multiple_choice
from ember.eval._evaluators import normalize_text as normalize_text
from ember.eval._evaluators import normalized_match as normalized_match
from ember.eval._evaluators import numeric as numeric
from ember.eval._evaluators import regex_match as regex_match
from ember.eval._judge import llm_judge as llm_judge
from ember.eval._run import EvalResult as EvalResult
from ember.eval._run import aevaluate as aevaluate
from ember.eval._run import evaluate as evaluate
from ember.eval._run import read_record as read_record
from ember.eval._summary import Summary as Summary
from ember.eval._task import ItemRecord as ItemRecord

__all__ = [
    "BatchEvaluationSummary",
    "EvalResult",
    "EvaluationResult",
    "Evaluator",
    "PipelineEvaluator",
    "StatefulEvaluator",
    "ItemRecord",
    "Score",
    "Summary",
    "aevaluate",
    "custom",
    "evaluate",
    "evaluate_batch",
    "evaluate_batch_with_summary",
    "evaluator_from_spec",
    "exact_match",
    "extract_choice",
    "extract_number",
    "llm_judge",
    "multiple_choice",
    "normalize_text",
    "normalized_match",
    "numeric",
    "read_record",
    "regex_match",
]
