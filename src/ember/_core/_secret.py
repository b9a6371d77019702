"""`Secret`: an API key that never shows itself.

Keys travel from the environment or the config file to the request headers inside a
`Secret`. Its `repr`, `str` and format all print ``Secret('***')``, so a key cannot leak
through logs, reprs of settings, or error messages by accident; `reveal()` is called in one
place, where an endpoint builds its headers.

`redact` is the one redaction function: every text Ember shows or stores that could quote
a key (error messages, CLI output, eval records, spans) goes through it. It scrubs every
key this process could send (each `Secret` made so far, and environment variables named
like keys), any long enough piece of one (providers echo partial keys in 401 bodies), and,
in error text, any word shaped like a key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

__all__ = ["Secret", "known_secrets", "redact", "redact_keys"]

_REDACTED = "***"
# Anything shaped like a provider key ("sk-...", "sk-ant-...") is scrubbed from error text
# even when it is not our key: an echoed key is never useful in an error message.
_KEY_SHAPE = re.compile(r"\b(?:sk|pk|key)-[A-Za-z0-9_\-*]{6,}")
# Shortest piece of our own key that counts as a leak when it shows up in text.
_MIN_PIECE = 8
# Shorter values are not scrubbed from other text: "abc" would blank ordinary words.
_MIN_SECRET = 4
# Environment variables whose values are credentials even when no Secret holds them yet.
_KEY_VARS = ("_API_KEY", "_ACCESS_KEY", "_SECRET_KEY", "_AUTH_TOKEN")
# Every key value a Secret was made for (process-wide, never shrinks: a key stays secret
# after the settings holding it are replaced).
_known: set[str] = set()


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
        if len(value) >= _MIN_SECRET:
            _known.add(value)

    def reveal(self) -> str:
        """Return the secret text: only for building request headers."""
        return self._value

    def fits_a_header(self) -> bool:
        """Whether the key can be sent in an HTTP header: no control characters (a newline
        left over from a key file would end the header, and the HTTP library refuses it)."""
        return not any(c < " " or c == "\x7f" for c in self._value)

    def redact(self, text: str) -> str:
        """Return `text` without this secret, any word holding 8+ characters of it, or
        any key-shaped word (providers echo keys partially: ``sk-abc1****xyz9``)."""
        return redact_keys(_scrub(text, self._value))

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


def known_secrets() -> tuple[str, ...]:
    """Every key this process could send: each `Secret` made so far (config-file keys and
    the environment variables they name) and any environment variable named like a key
    (``*_API_KEY``, ``*_ACCESS_KEY``, ``*_SECRET_KEY``, ``*_AUTH_TOKEN``)."""
    env = {v for k, v in os.environ.items() if k.endswith(_KEY_VARS) and len(v) >= _MIN_SECRET}
    return tuple(env.union(tuple(_known)))  # tuple(): a copy taken at once, under the GIL


def redact(text: str, secrets: Iterable[str] | None = None, *, shapes: bool = True) -> str:
    """`text` with no key in it: the one redaction function for everything Ember shows.

    Args:
        text: what is about to be shown or stored.
        secrets: the key values to scrub (default: `known_secrets()`).
        shapes: also scrub words shaped like a key (``sk-...``), as error text should;
            False for stored data (outputs, items), where such words may be the content.

    Examples:
        >>> redact("auth failed for sk-abcdefgh1234 and abcd-SECRETVALUE-99", ["SECRETVALUE-99"])
        'auth failed for *** and ***'
    """
    for value in known_secrets() if secrets is None else secrets:
        text = _scrub(text, value)
    return redact_keys(text) if shapes else text


def _scrub(text: str, value: str) -> str:
    """`text` without `value`, nor any word holding 8+ characters of it."""
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
    return text


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
