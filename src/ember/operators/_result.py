"""`Answer`: the result of an operator that chooses or synthesises among candidate answers."""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Answer"]


class Answer(str):
    """A final answer, usable anywhere a `str` is, that also carries how it was reached.

    Attributes:
        responses: the candidate answers it was chosen or synthesised from (a tuple).
        raw: the model output (or candidate) the answer was read from, if any.
        reasoning: the judge's or verifier's reasoning, if any.
        info: a read-only mapping of operator-specific details (``votes``, ``verified``...).

    Answers are immutable, like the `str` they are.

    Examples:
        >>> a = Answer("Paris", responses=("Paris", "paris.", "Lyon"), info={"votes": 2})
        >>> a.upper(), len(a.responses), a.info["votes"]
        ('PARIS', 3, 2)
    """

    __slots__ = ("responses", "raw", "reasoning", "info")

    responses: tuple[str, ...]
    raw: str | None
    reasoning: str | None
    info: Mapping[str, Any]

    def __new__(cls, text: str, *, responses: Iterable[str] = (), raw: str | None = None,
                reasoning: str | None = None, info: Mapping[str, Any] | None = None) -> Answer:
        self = super().__new__(cls, text)
        object.__setattr__(self, "responses", tuple(responses))
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "reasoning", reasoning)
        object.__setattr__(self, "info", types.MappingProxyType(dict(info or {})))
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Answer is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Answer is immutable; cannot delete {name!r}")

    @property
    def text(self) -> str:
        """The answer as a plain `str`."""
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.text, self.responses, self.raw, self.reasoning, dict(self.info)))

    def __repr__(self) -> str:
        return f"Answer({self.text!r}, responses={len(self.responses)})"


def _rebuild(text: str, responses: tuple[str, ...], raw: str | None, reasoning: str | None,
             info: dict[str, Any]) -> Answer:
    return Answer(text, responses=responses, raw=raw, reasoning=reasoning, info=info)
