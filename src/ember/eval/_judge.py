"""LLM-as-judge: a model reads the question, the response (and the reference) and rules.

The judge is asked to end with ``VERDICT: CORRECT`` or ``VERDICT: INCORRECT`` (or, with a
`scale`, ``SCORE: n``). `parse_verdict` reads that line, falling back to a leading
yes/no/correct/incorrect word; an answer with no verdict scores 0 with the note
"no verdict", so it is visible in the records instead of silently counted as right.
The call goes through `models.acall` with temperature 0, so it is deterministic where
the provider is, and counts toward the item's tokens, cost and the calls-in-flight cap.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ember._errors import EvalError
from ember.eval._evaluators import Evaluator, Score, output_text

__all__ = ["DEFAULT_PROMPT", "llm_judge", "parse_verdict"]

# The two prompts differ only in what they ask for: a verdict, or a score on a scale.
_GRADING = """\
You are grading an answer{on}.

Question:
{{input}}

Reference answer (may be empty):
{{reference}}

Answer to grade:
{{output}}

{{criteria}}
Reply with a one-sentence reason, then a last line that is exactly
{last_line}"""

DEFAULT_PROMPT: Final = _GRADING.format(
    on="", last_line="VERDICT: CORRECT  or  VERDICT: INCORRECT")

SCALE_PROMPT: Final = _GRADING.format(
    on=" on a scale from 0 to {scale}", last_line="SCORE: <a number from 0 to {scale}>")

_VERDICT = re.compile(r"verdict\s*[:=]\s*\**\s*(correct|incorrect|pass|fail|yes|no)\b",
                      re.IGNORECASE)
_SCORE = re.compile(r"score\s*[:=]\s*\**\s*(\d+(?:\.\d+)?)(?:\s*/\s*(\d+(?:\.\d+)?))?",
                    re.IGNORECASE)
# A bare leading ruling: "Yes.", "Incorrect, because ..." (not "no ruling").
_LEADING = re.compile(r"^\W*(correct|incorrect|yes|no|pass|fail)(?=\s*(?:[.,:;!\n-]|$))",
                      re.IGNORECASE)
_POSITIVE: Final = frozenset({"correct", "pass", "yes"})


def parse_verdict(text: str, scale: float | None = None) -> float | None:
    """The judge's ruling as a value in [0, 1], or None when it gave none.

    Examples:
        >>> parse_verdict("Matches the reference.\\nVERDICT: CORRECT")
        1.0
        >>> parse_verdict("Incorrect: it says 5."), parse_verdict("SCORE: 7", scale=10)
        (0.0, 0.7)
        >>> parse_verdict("hmm") is None
        True
    """
    if scale is not None:
        found = _SCORE.findall(text)
        if not found:
            return None
        number, out_of = found[-1]
        top = float(out_of) if out_of else scale
        return max(0.0, min(1.0, float(number) / top)) if top > 0 else None
    found = _VERDICT.findall(text)
    word = found[-1] if found else None
    if word is None:
        m = _LEADING.match(text)
        word = m.group(1) if m else None
    if word is None:
        return None
    return 1.0 if word.lower() in _POSITIVE else 0.0


class _LLMJudge(Evaluator):
    name = "judge"
    needs_reference = False

    def __init__(self, model: str, *, criteria: str, prompt: str | None, scale: float | None,
                 params: dict[str, Any]) -> None:
        if not isinstance(model, str) or "/" not in model:
            raise EvalError(f"llm_judge(model={model!r}): a model id is 'provider/model'. "
                            "Fix: e.g. llm_judge('sim/judge') or llm_judge('openai/gpt-4o-mini')")
        if scale is not None and (isinstance(scale, bool) or not scale > 0):
            raise EvalError(f"llm_judge(scale={scale!r}): the scale must be a number > 0. "
                            "Fix: e.g. scale=10")
        template = prompt if prompt is not None else (SCALE_PROMPT if scale else DEFAULT_PROMPT)
        for field in ("{output}",):
            if field not in template:
                raise EvalError(f"llm_judge(prompt=...): the template must contain {field} "
                                "(and may use {input}, {reference}, {criteria}, {scale}).")
        self.model = model
        self.criteria = criteria
        self.template = template
        self.scale = scale
        self.params = {"temperature": 0, **params}

    def render(self, output: str, reference: Any, input: Any) -> str:
        """The prompt sent to the judge for one item."""
        ref = "" if reference is None else output_text(reference)
        return self.template.format(input=output_text(input), reference=ref, output=output,
                                    criteria=self.criteria, scale=self.scale)

    async def ascore(self, output: str, reference: Any, *, input: Any = None,
                     item: Any = None) -> Score:
        from ember.models import models

        ruling = await models.acall(self.model, self.render(output, reference, input),
                                    **self.params)
        value = parse_verdict(ruling, self.scale)
        text = " ".join(str(ruling).split())
        if value is None:
            return Score(0.0, f"no verdict: {text[:120]}")
        return Score(value, text[-120:])

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        from ember import _core

        return _core.run(self.ascore(output, reference, input=input, item=item))

    def describe(self) -> str:
        extra = f", scale={self.scale:g}" if self.scale else ""
        params = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        custom_prompt = ", prompt=custom" if self.template not in (DEFAULT_PROMPT, SCALE_PROMPT) \
            else ""
        return f"judge({self.model!r}{extra}, {params}{custom_prompt})"


def llm_judge(model: str = "sim/judge", *, criteria: str = "", prompt: str | None = None,
              scale: float | None = None, **params: Any) -> Evaluator:
    """An evaluator that asks a model whether the answer is right.

    Args:
        model: the judge's model id.
        criteria: extra grading instructions placed in the prompt.
        prompt: a template of your own, with ``{output}`` and optionally ``{input}``,
            ``{reference}``, ``{criteria}``, ``{scale}``.
        scale: ask for ``SCORE: n`` out of `scale` instead of a correct/incorrect verdict.
        **params: call parameters for the judge (temperature defaults to 0).

    Examples:
        >>> judge = llm_judge("sim/judge", latency=0)
        >>> judge.describe()
        "judge('sim/judge', latency=0, temperature=0)"
        >>> judge("4", "4", input="2+2?").note.startswith("no verdict")   # sim text has none
        True
    """
    return _LLMJudge(model, criteria=criteria, prompt=prompt, scale=scale, params=params)
