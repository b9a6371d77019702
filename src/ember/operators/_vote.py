"""`MostCommon`: majority vote over answers, comparing them after normalisation."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from ember._errors import SpecError
from ember.operators._module import Operator
from ember.operators._result import Answer

__all__ = ["MostCommon", "normalize_answer"]

# Punctuation that never changes an answer's meaning at its edges or between words.
_PUNCT = frozenset(".,;:!?\"'`()[]{}<>«»“”‘’„…¡¿-–—")
_DASHES = frozenset("-–—")


def normalize_answer(text: str) -> str:
    """The form answers are compared in: case-folded, single-spaced, without punctuation.

    Punctuation between two letters or digits stays (``3.14``, ``don't``, ``e-mail``), as
    does a minus sign before a number (``-5``); trailing periods and other punctuation go.

    Examples:
        >>> normalize_answer("  The answer is:  PARIS. ")
        'the answer is paris'
        >>> normalize_answer("3.14."), normalize_answer("-5"), normalize_answer("U.S.A.")
        ('3.14', '-5', 'u.s.a')
    """
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    out: list[str] = []
    n = len(s)
    for i, ch in enumerate(s):
        if ch not in _PUNCT:
            out.append(ch)
            continue
        before = s[i - 1] if i > 0 else ""
        after = s[i + 1] if i + 1 < n else ""
        if before.isalnum() and after.isalnum():
            out.append(ch)
        elif ch in _DASHES and after.isdigit() and not before.isalnum():
            out.append("-")
        else:
            out.append(" ")
    return " ".join("".join(out).split())


class MostCommon(Operator):
    """Majority vote: the answer given most often, compared after normalisation.

    Answers are compared by `normalize` (default `normalize_answer`: case, whitespace,
    punctuation and trailing periods do not count). Ties go to the answer seen first. The
    result is an `Answer` holding the first response with the winning form (stripped), with
    ``.responses`` and ``.info["votes"]`` (each form and its count, most votes first).

    Args:
        normalize: the function mapping an answer to the form votes are counted on.

    Examples:
        >>> vote = MostCommon()
        >>> vote(["Paris.", "lyon", "paris", "LYON!", " Paris "])
        Answer('Paris.', responses=5)
        >>> vote(["b", "a", "a", "b"])   # a tie: the first seen wins
        Answer('b', responses=4)
    """

    __ember_io__: ClassVar[str] = "pure"

    normalize: Callable[[str], Any] = normalize_answer

    def forward(self, responses: Sequence[str]) -> Answer:
        answers = tuple(responses)
        if not answers:
            raise SpecError("MostCommon: got no answers to vote on; pass at least one",
                            operator="MostCommon", field="responses",
                            expected="a non-empty sequence of str", value=responses)
        counts: dict[Any, int] = {}
        first: dict[Any, str] = {}
        for a in answers:
            key = self.normalize(a)
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, a)
        # dicts keep insertion order and sorted() is stable: ties stay in first-seen order.
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        winner = ranked[0][0]
        raw = first[winner]
        return Answer(str(raw).strip(), responses=answers, raw=raw,
                      info={"votes": tuple(ranked), "agreement": ranked[0][1] / len(answers)})

    async def aforward(self, responses: Sequence[str]) -> Answer:
        return self.forward(responses)  # a little CPU work: not worth a thread
