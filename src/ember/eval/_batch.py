"""Scoring outputs you already have: evaluator pipelines, whole-set evaluators, batches.

`evaluate` runs a system over a dataset; these score outputs that exist already (a list
from an earlier run, a log), as the earlier Ember's ``ember.utils.eval`` did, with the same
evaluators: `PipelineEvaluator` cleans an output (lowercase, pull out the final answer)
before an evaluator sees it, `StatefulEvaluator` scores a whole set at once (agreement
across runs, corpus metrics), and `evaluate_batch` / `evaluate_batch_with_summary` score
lists pairwise. A pipeline is an `Evaluator`, so `evaluate` can use it too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any, Generic

from ember._errors import EvalError
from ember.eval._evaluators import EvaluationResult, Evaluator, Out, Ref, Score

__all__ = ["BatchEvaluationSummary", "PipelineEvaluator", "StatefulEvaluator",
           "evaluate_batch", "evaluate_batch_with_summary"]


class PipelineEvaluator(Evaluator[Any, Any]):
    """Transform an output step by step, then score it with `evaluator`.

    Args:
        transforms: functions applied in order to the output (text in, text out).
        evaluator: the evaluator that scores the transformed output.

    Examples:
        >>> from ember.eval import exact_match
        >>> p = PipelineEvaluator([str.lower, str.strip], exact_match())
        >>> p.evaluate("  PARIS ", "paris").is_correct
        True
    """

    name = "pipeline"

    def __init__(self, transforms: Sequence[Callable[[Any], Any]], evaluator: Evaluator) -> None:
        if not isinstance(evaluator, Evaluator):
            raise EvalError(f"PipelineEvaluator(evaluator={evaluator!r}): not an evaluator. "
                            "Fix: e.g. PipelineEvaluator([str.lower], exact_match())")
        self.transforms = tuple(transforms)
        self.evaluator = evaluator

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        cleaned = reduce(lambda value, step: step(value), self.transforms, output)
        return self.evaluator(cleaned, reference, input=input, item=item)

    def describe(self) -> str:
        steps = ", ".join(getattr(t, "__qualname__", repr(t)) for t in self.transforms)
        return f"pipeline([{steps}], {self.evaluator.describe()})"


class StatefulEvaluator(Generic[Out, Ref]):
    """Scores a whole set: `update` takes one output at a time, `compute` gives the score.

    For measures that are not a mean of per-item scores (agreement across repeated runs,
    a corpus-level metric). Subclasses implement `update` and `compute`.

    Examples:
        >>> class Agreement(StatefulEvaluator):
        ...     def __init__(self):
        ...         self.outputs = []
        ...     def update(self, system_output, correct_answer, **kwargs):
        ...         self.outputs.append(system_output)
        ...     def compute(self):
        ...         top = max(self.outputs.count(o) for o in self.outputs)
        ...         return EvaluationResult(top == len(self.outputs), top / len(self.outputs))
        >>> Agreement().evaluate(["4", "4", "5", "4"], ["4"] * 4).score
        0.75
    """

    def update(self, system_output: Out, correct_answer: Ref, **kwargs: Any) -> None:
        """Take one output and its reference into the state."""
        raise NotImplementedError(f"{type(self).__name__} must implement update()")

    def compute(self) -> EvaluationResult:
        """The score of everything taken so far."""
        raise NotImplementedError(f"{type(self).__name__} must implement compute()")

    def evaluate(self, system_outputs: Sequence[Out], correct_answers: Sequence[Ref],
                 **kwargs: Any) -> EvaluationResult:
        """`update` with each pair, in order, then `compute`."""
        for output, answer in _pairs(system_outputs, correct_answers):
            self.update(output, answer, **kwargs)
        return self.compute()


@dataclass(frozen=True)
class BatchEvaluationSummary:
    """Per-item results and their aggregate: `mean_score` and `accuracy` (share correct).

    Examples:
        >>> from ember.eval import exact_match
        >>> s = evaluate_batch_with_summary(exact_match(), ["a", "b"], ["a", "c"])
        >>> s.accuracy, s.mean_score, len(s.results)
        (0.5, 0.5, 2)
    """

    results: list[EvaluationResult]
    mean_score: float
    accuracy: float


def _pairs(outputs: Sequence[Any], answers: Sequence[Any]) -> list[tuple[Any, Any]]:
    if len(outputs) != len(answers):
        raise EvalError(f"{len(outputs)} outputs but {len(answers)} answers. Fix: pass one "
                        "answer per output, in the same order.")
    return list(zip(outputs, answers, strict=True))


def evaluate_batch(evaluator: Evaluator, system_outputs: Sequence[Any],
                   correct_answers: Sequence[Any], **kwargs: Any) -> list[EvaluationResult]:
    """Score each output against the answer at the same position.

    Raises:
        EvalError: the two lists differ in length.

    Examples:
        >>> from ember.eval import exact_match
        >>> [r.is_correct for r in evaluate_batch(exact_match(), ["a", "b"], ["a", "c"])]
        [True, False]
    """
    return [evaluator.evaluate(o, a, **kwargs) for o, a in _pairs(system_outputs,
                                                                    correct_answers)]


def evaluate_batch_with_summary(evaluator: Evaluator, system_outputs: Sequence[Any],
                                correct_answers: Sequence[Any],
                                **kwargs: Any) -> BatchEvaluationSummary:
    """`evaluate_batch`, with the mean score and the share correct."""
    results = evaluate_batch(evaluator, system_outputs, correct_answers, **kwargs)
    n = len(results) or 1
    return BatchEvaluationSummary(results, sum(r.score for r in results) / n,
                                  sum(r.is_correct for r in results) / n)
