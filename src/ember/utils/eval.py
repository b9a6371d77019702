"""The earlier Ember's evaluator names (``from ember.utils.eval import ...``), for `ember.eval`.

Each name is `ember.eval`'s own object, not a copy: ``ExactMatchEvaluator()`` is
``exact_match()``, ``NumericToleranceEvaluator(tolerance, relative=...)`` is
``numeric(...)``, ``IEvaluator`` is `ember.eval.Evaluator` (a subclass may implement
``evaluate(system_output, correct_answer)`` and return an `EvaluationResult`), and
``IStatefulEvaluator`` is `ember.eval.StatefulEvaluator`. Every evaluator has
``evaluate(...)``, and all of them also work in `ember.eval.evaluate`.

Examples:
    >>> from ember.utils.eval import ExactMatchEvaluator, evaluate_batch_with_summary
    >>> ExactMatchEvaluator().evaluate("Paris", "Paris").is_correct
    True
    >>> evaluate_batch_with_summary(ExactMatchEvaluator(), ["a", "b"], ["a", "a"]).accuracy
    0.5
"""

from ember.eval import BatchEvaluationSummary as BatchEvaluationSummary
from ember.eval import EvaluationResult as EvaluationResult
from ember.eval import Evaluator as IEvaluator
from ember.eval import PipelineEvaluator as PipelineEvaluator
from ember.eval import StatefulEvaluator as IStatefulEvaluator
from ember.eval import evaluate_batch as evaluate_batch
from ember.eval import evaluate_batch_with_summary as evaluate_batch_with_summary
from ember.eval import exact_match, numeric

# The classes behind `exact_match()` and `numeric()`: calling one makes the same evaluator.
ExactMatchEvaluator = type(exact_match())
"""``ExactMatchEvaluator()`` is ``ember.eval.exact_match()``: the stripped texts are equal."""
NumericToleranceEvaluator = type(numeric())
"""``NumericToleranceEvaluator(tolerance, relative=False)`` is ``ember.eval.numeric(...)``."""

__all__ = [
    "BatchEvaluationSummary",
    "EvaluationResult",
    "ExactMatchEvaluator",
    "IEvaluator",
    "IStatefulEvaluator",
    "NumericToleranceEvaluator",
    "PipelineEvaluator",
    "evaluate_batch",
    "evaluate_batch_with_summary",
]
