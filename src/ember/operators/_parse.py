"""Reading structured bits out of model text: final-answer lines and verdicts.

Models are asked to end with ``Final answer: ...`` or ``Verdict: correct``; these readers
find the last such line and tolerate Markdown emphasis and odd spacing. When a model did
not follow the format, they say so (None) rather than guess.
"""

from __future__ import annotations

import re

__all__ = ["choice", "final_answer", "verdict"]

_FINAL = re.compile(r"(?im)^[ \t>*_#-]*final[ \t]+answer[ \t*_]*[:：][ \t*_]*(.*?)[ \t*_]*$")
_VERDICT = re.compile(r"(?im)^[ \t>*_#-]*verdict[ \t*_]*[:：][ \t*_]*([A-Za-z]+)")
_CHOICE = re.compile(r"^\[(\d{1,4})\]$")

_YES = frozenset({"correct", "yes", "pass", "passed", "true", "valid", "ok", "accept",
                  "accepted", "right"})
_NO = frozenset({"incorrect", "no", "fail", "failed", "false", "invalid", "wrong", "reject",
                 "rejected"})


def final_answer(text: str) -> tuple[str | None, str]:
    """The text of the last ``Final answer:`` line, and everything before it.

    Returns:
        ``(answer, reasoning)``; ``answer`` is None when there is no such line (the
        reasoning is then the whole text).

    Examples:
        >>> final_answer("Both agree.\\nFinal answer: Paris")
        ('Paris', 'Both agree.')
        >>> final_answer("no format here")
        (None, 'no format here')
    """
    last = None
    for last in _FINAL.finditer(text):  # noqa: B007 - we want the last match
        pass
    if last is None:
        return None, text.strip()
    return last.group(1).strip(), text[: last.start()].strip()


def choice(answer: str, n: int) -> int | None:
    """``"[k]"`` with 1 <= k <= n names candidate k: return its index (k - 1), else None.

    Examples:
        >>> choice("[2]", 3), choice("2", 3), choice("[9]", 3)
        (1, None, None)
    """
    m = _CHOICE.match(answer.strip())
    if m is None:
        return None
    k = int(m.group(1))
    return k - 1 if 1 <= k <= n else None


def verdict(text: str) -> bool | None:
    """The last ``Verdict:`` line: True (correct), False (incorrect) or None (none found).

    Examples:
        >>> verdict("Looks fine.\\nVerdict: correct"), verdict("Verdict: incorrect")
        (True, False)
        >>> verdict("I am not sure") is None
        True
    """
    found: bool | None = None
    for m in _VERDICT.finditer(text):
        word = m.group(1).lower()
        found = True if word in _YES else False if word in _NO else None
    return found
