"""`Judge`: a model reads the candidate answers and writes (or picks) the best one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ember._errors import SpecError
from ember.operators._model import Model, as_model
from ember.operators._module import Operator
from ember.operators._parse import choice, final_answer
from ember.operators._result import Answer

__all__ = ["JUDGE_PROMPT", "Judge"]

JUDGE_PROMPT = """\
You are judging candidate answers to a question.

Question:
{query}

Candidate answers:
{candidates}

Weigh the candidates, correct any mistakes, and give the single best answer.
End with one line of the form "Final answer: <answer>".
To adopt candidate k unchanged, you may write "Final answer: [k]"."""


def format_candidates(responses: Sequence[str]) -> str:
    return "\n".join(f"[{i}] {str(r).strip()}" for i, r in enumerate(responses, 1))


class Judge(Operator):
    """Judge synthesis: a model weighs candidate answers and gives the best one.

    The judge is asked for its reasoning and a last line ``Final answer: <answer>``
    (``Final answer: [k]`` adopts candidate k verbatim). The result is an `Answer` whose text
    is that final answer (the whole reply when the model ignores the format), with
    ``.responses`` (the candidates), ``.reasoning`` and ``.raw`` (the judge's reply).

    Args:
        model: the judge (id, `ModelBinding` or callable taking a prompt).
        prompt: the template, with ``{query}`` and ``{candidates}``.
        **params: call parameters for the judge (``temperature=0``...).

    Examples:
        >>> def judge_model(prompt):
        ...     return "Candidate 2 is right.\\nFinal answer: [2]"
        >>> best = Judge(judge_model)("2+2?", ["5", "4", "22"])
        >>> best.text, best.reasoning
        ('4', 'Candidate 2 is right.')
    """

    __ember_io__: ClassVar[str] = "read"

    model: Model
    prompt: str = JUDGE_PROMPT

    def __init__(self, model: Any, *, prompt: str = JUDGE_PROMPT, **params: Any) -> None:
        self.model = as_model(model, params, who="Judge")
        self.prompt = prompt

    async def aforward(self, query: str, responses: Sequence[str]) -> Answer:
        candidates = tuple(responses)
        if not candidates:
            raise SpecError("Judge: got no candidate answers to judge; pass at least one",
                            operator="Judge", field="responses",
                            expected="a non-empty sequence of str", value=responses)
        prompt = self.prompt.format(query=query, candidates=format_candidates(candidates))
        reply = await self.model.acall(prompt)
        return read_judgement(str(reply), candidates, raw=reply)


def read_judgement(reply: str, candidates: tuple[str, ...], *, raw: Any = None) -> Answer:
    """The `Answer` a judge's reply gives: its final answer, or the candidate it names."""
    answer, reasoning = final_answer(reply)
    if answer is None:  # the model ignored the format: its whole reply is the answer
        text, reasoning = reply.strip(), ""
    else:
        k = choice(answer, len(candidates))
        text = str(candidates[k]).strip() if k is not None else answer
    return Answer(text, responses=candidates, raw=raw if raw is not None else reply,
                  reasoning=reasoning or None)
