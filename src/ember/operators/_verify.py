"""`Verifier`: check an answer with a model and revise it until it passes (or rounds run out)."""

from __future__ import annotations

from typing import Any, ClassVar

from ember._errors import SpecError
from ember.operators._model import Model, as_model
from ember.operators._module import Operator
from ember.operators._parse import final_answer, verdict
from ember.operators._result import Answer

__all__ = ["REVISE_PROMPT", "VERIFY_PROMPT", "Verifier"]

VERIFY_PROMPT = """\
Check this answer to the question.

Question:
{query}

Answer:
{answer}

Point out any mistakes in a short critique, then end with one line:
"Verdict: correct" or "Verdict: incorrect"."""

REVISE_PROMPT = """\
Revise the answer so that it fixes the problems the critique names.

Question:
{query}

Answer:
{answer}

Critique:
{critique}

End with one line of the form "Final answer: <revised answer>"."""


class Verifier(Operator):
    """Verify an answer and revise it, for up to `max_rounds` revisions.

    Each round asks the verifier for a critique ending ``Verdict: correct`` or
    ``Verdict: incorrect``. A correct verdict ends the loop; otherwise the reviser rewrites
    the answer from the critique (its ``Final answer:`` line, or its whole reply) and the
    new answer is verified again. A reply with no verdict counts as not verified.

    The result is an `Answer`: the last answer, with ``.info["verified"]`` (did the last
    check pass), ``.info["rounds"]`` (revisions made), ``.info["history"]`` (each
    ``(answer, critique, verdict)``), ``.reasoning`` (the last critique).

    Args:
        model: the verifier (id, `ModelBinding` or callable taking a prompt).
        reviser: the model that revises (default: the verifier's model).
        max_rounds: the most revisions to make (default 2; 0 only verifies).
        **params: call parameters for both models.

    Examples:
        >>> def checker(prompt):
        ...     ok = "Answer:\\n4" in prompt
        ...     return "Verdict: correct" if ok else "2+2 is 4.\\nVerdict: incorrect"
        >>> def fixer(prompt):
        ...     return "Final answer: 4"
        >>> out = Verifier(checker, reviser=fixer)("What is 2+2?", "5")
        >>> out.text, out.info["verified"], out.info["rounds"]
        ('4', True, 1)
    """

    __ember_io__: ClassVar[str] = "read"

    verifier: Model
    reviser: Model
    max_rounds: int = 2
    verify_prompt: str = VERIFY_PROMPT
    revise_prompt: str = REVISE_PROMPT

    def __init__(self, model: Any, *, reviser: Any = None, max_rounds: int = 2,
                 verify_prompt: str = VERIFY_PROMPT, revise_prompt: str = REVISE_PROMPT,
                 **params: Any) -> None:
        if isinstance(max_rounds, bool) or not isinstance(max_rounds, int) or max_rounds < 0:
            raise SpecError(f"Verifier: max_rounds must be an int >= 0, got {max_rounds!r}",
                            operator="Verifier", field="max_rounds", expected="int >= 0",
                            value=max_rounds)
        self.verifier = as_model(model, params, who="Verifier")
        self.reviser = as_model(model if reviser is None else reviser, params, who="Verifier")
        self.max_rounds = max_rounds
        self.verify_prompt = verify_prompt
        self.revise_prompt = revise_prompt

    async def aforward(self, query: str, answer: str) -> Answer:
        history: list[tuple[str, str, bool | None]] = []
        current: Any = answer
        rounds = 0
        while True:
            check = await self.verifier.acall(
                self.verify_prompt.format(query=query, answer=str(current).strip()))
            critique = str(check)
            passed = verdict(critique)
            history.append((str(current), critique, passed))
            if passed or rounds >= self.max_rounds:
                break
            revised = await self.reviser.acall(self.revise_prompt.format(
                query=query, answer=str(current).strip(), critique=critique.strip()))
            text, _ = final_answer(str(revised))
            current = text if text is not None else str(revised).strip()
            rounds += 1
        return Answer(str(current).strip(), responses=(str(answer),), raw=current,
                      reasoning=critique.strip() or None,
                      info={"verified": bool(passed), "rounds": rounds,
                            "history": tuple(history)})
