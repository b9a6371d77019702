"""`Secret`: an API key that never shows itself.

Keys travel from the environment or the config file to the request headers inside a
`Secret`. Its `repr`, `str` and format all print ``Secret('***')``, so a key cannot leak
through logs, reprs of settings, or error messages by accident; `reveal()` is called in one
place, where an endpoint builds its headers. `redact` scrubs a key (or a long enough piece
of it, as providers echo partial keys in 401 bodies) out of text we are about to show.
"""

from __future__ import annotations

import re

__all__ = ["Secret"]

_REDACTED = "***"
# Anything shaped like a provider key ("sk-...", "sk-ant-...") is scrubbed from error text
# even when it is not our key: an echoed key is never useful in an error message.
_KEY_SHAPE = re.compile(r"\b(?:sk|pk|key)-[A-Za-z0-9_\-*]{6,}")
# Shortest piece of our own key that counts as a leak when it shows up in text.
_MIN_PIECE = 8


class Secret:
    """A string that must not be shown: an API key.

    Args:
        value: the secret text.

    Examples:
        >>> key = Secret("sk-very-secret")
        >>> key, str(key), f"{key}"
        (Secret('***'), "Secret('***')", "Secret('***')")
        >>> key.reveal()
        'sk-very-secret'
        >>> key.redact("bad key sk-very-secret given")
        'bad key *** given'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("Secret() takes a str")
        self._value = value

    def reveal(self) -> str:
        """Return the secret text: only for building request headers."""
        return self._value

    def redact(self, text: str) -> str:
        """Return `text` without this secret, any word holding 8+ characters of it, or
        any key-shaped word (providers echo keys partially: ``sk-abc1****xyz9``)."""
        value = self._value
        if len(value) >= _MIN_PIECE:
            spans = []
            for start in range(len(value) - _MIN_PIECE + 1):
                piece = value[start : start + _MIN_PIECE]
                at = text.find(piece)
                while at != -1:
                    spans.append((at, at + _MIN_PIECE))
                    at = text.find(piece, at + 1)
            if spans:
                text = _blank_words(text, spans)
        elif value:
            text = text.replace(value, _REDACTED)
        return redact_keys(text)

    def __repr__(self) -> str:
        return f"Secret('{_REDACTED}')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __bool__(self) -> bool:
        return bool(self._value)


def _is_key_char(c: str) -> bool:
    return c.isalnum() or c in "-_*"


def _blank_words(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each word that overlaps one of `spans` with the redaction mark."""
    covered = [False] * len(text)
    for start, end in spans:
        while start > 0 and _is_key_char(text[start - 1]):
            start -= 1
        while end < len(text) and _is_key_char(text[end]):
            end += 1
        covered[start:end] = [True] * (end - start)
    out, i = [], 0
    while i < len(text):
        if covered[i]:
            while i < len(text) and covered[i]:
                i += 1
            out.append(_REDACTED)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def redact_keys(text: str) -> str:
    """Remove key-shaped words (``sk-...``) from `text`.

    Examples:
        >>> redact_keys("Incorrect API key provided: sk-abcd****wxyz.")
        'Incorrect API key provided: ***.'
    """
    return _KEY_SHAPE.sub(_REDACTED, text)
