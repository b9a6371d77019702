"""Deterministic text for the simulated provider and the simulator server.

The same (model, messages, params, seed) always gives the same completion, so retries,
caches and tests can compare answers exactly. Different temperatures or seeds give
different text, as a real sampled model would.

A message's content may be a str or a list of parts (OpenAI's ``text``/``image_url``,
Anthropic's ``text``/``image``). The model reads the text parts joined by newlines, as the
simulator server does before it calls `generate`, so both give the same text; each image
adds `IMAGE_TOKENS` to the prompt's tokens.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["IMAGE_PARTS", "IMAGE_TOKENS", "PART_TYPES", "Completion", "count_tokens",
           "cut", "generate", "message_text", "request_key", "token_logprobs", "tokens"]

IMAGE_TOKENS: Final = 85
"""Prompt tokens one image counts for (what a low-detail image costs at OpenAI)."""
IMAGE_PARTS: Final = frozenset({"image_url", "image"})
PART_TYPES: Final = ("text", "image_url", "image")
"""The content part types the simulated models understand."""

_TOKEN = re.compile(r"\w+|[^\w\s]")
# A token with the white space before it: the pieces that join back into the text.
_TOKEN_PIECE = re.compile(r"\s*(?:\w+|[^\w\s])|\s+")

_WORDS = ["the", "model", "considers", "each", "part", "of", "the", "question", "and", "weighs", "the", "evidence", "before", "it", "answers", "a", "careful", "reading", "suggests", "that", "several", "factors", "matter", "here", "including", "context", "scale", "cost", "and", "latency", "so", "the", "best", "answer", "balances", "accuracy", "with", "clarity", "while", "noting", "open", "issues", "in", "short", "the", "result", "follows", "from", "the", "premises", "and", "further", "checks", "would", "confirm", "it"]


_VOCABULARY = sorted(set(_WORDS))  # the other tokens a logprob's top list offers


def count_tokens(text: str) -> int:
    """Approximate token count: words and punctuation marks."""
    return len(_TOKEN.findall(text))


def tokens(text: str) -> list[str]:
    """The text's tokens, each with the white space before it: ``"".join(tokens(t)) == t``.

    Examples:
        >>> tokens("Hi there.")
        ['Hi', ' there', '.']
    """
    return _TOKEN_PIECE.findall(text)


def cut(text: str, max_tokens: int | None) -> tuple[str, bool]:
    """`text` cut to its first `max_tokens` tokens, keeping the spacing; and whether it was cut."""
    if max_tokens is None or count_tokens(text) <= max_tokens:
        return text, False
    end = 0
    for i, m in enumerate(_TOKEN.finditer(text)):
        if i == max_tokens:
            break
        end = m.end()
    return text[:end], True


@dataclass(frozen=True, slots=True)
class Completion:
    """One simulated completion with its token accounting."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str  # "stop" or "length"
    stop_sequence: str | None = None  # the stop sequence that ended the text, if one did


def message_text(content: object) -> tuple[str, int]:
    """A message's content as the text the model reads, and the number of images in it.

    Args:
        content: a str, None (no text), or a list of parts; parts other than text and
            images are skipped (the caller checks them).

    Examples:
        >>> message_text([{"type": "text", "text": "a"}, {"type": "image_url",
        ...               "image_url": {"url": "data:,"}}, {"type": "text", "text": "b"}])
        ('a\\nb', 1)
    """
    if content is None:
        return "", 0
    if isinstance(content, str):
        return content, 0
    if not isinstance(content, Sequence):
        raise TypeError(f"message content must be a str or a list of parts, got {content!r}")
    texts = [p["text"] for p in content if isinstance(p, Mapping) and p.get("type") == "text"]
    images = sum(1 for p in content if isinstance(p, Mapping) and p.get("type") in IMAGE_PARTS)
    return "\n".join(texts), images


def _seed(model: str, messages: list[dict[str, str]], params: dict[str, object]) -> int:
    key = json.dumps([model, messages, params], sort_keys=True, default=str)
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def request_key(model: str, messages: Sequence[Mapping[str, Any]], *extra: object) -> int:
    """A 64-bit seed from what the model reads and `extra` (params, a choice's index, ...):
    the root of every deterministic draw beyond the text (JSON values, logprobs, ids)."""
    plain = [{"role": m.get("role"), "content": message_text(m.get("content"))[0]}
             for m in messages]
    return _seed(model, plain, {"extra": list(extra)})


def token_logprobs(text: str, top: int, key: int) -> list[dict[str, Any]]:
    """Per token of `text`: its log probability and the `top` most likely tokens there.

    The values are made up but consistent: the chosen token is the most likely, the others
    trail it, and the same `key` (see `request_key`) gives the same numbers. Each entry has
    OpenAI's shape: ``{"token", "logprob", "bytes", "top_logprobs": [...]}``.
    """
    rng = random.Random(key)
    out = []
    for token in tokens(text):
        chosen = -round(rng.expovariate(4.0), 6)
        alternatives = [{"token": token, "logprob": chosen, "bytes": list(token.encode())}]
        lp = chosen
        # One more than needed: a drawn word may be the chosen token itself.
        for word in rng.sample(_VOCABULARY, min(top + 1, len(_VOCABULARY))):
            if len(alternatives) >= top:
                break
            alt = token[: len(token) - len(token.lstrip())] + word
            if alt == token:
                continue
            lp = round(lp - rng.uniform(0.5, 2.5), 6)
            alternatives.append({"token": alt, "logprob": lp, "bytes": list(alt.encode())})
        out.append({"token": token, "logprob": chosen, "bytes": list(token.encode()),
                    "top_logprobs": alternatives[:top]})
    return out


def generate(
    model: str,
    messages: Sequence[Mapping[str, Any]],
    *,
    temperature: float | None = None,
    max_tokens: int | None = None,
    seed: int | None = None,
    stop: list[str] | None = None,
    choice: int = 0,
) -> Completion:
    """Return the deterministic completion for this request.

    Args:
        model: model name without the provider prefix (e.g. ``"gpt"``).
        messages: chat messages as ``{"role": ..., "content": ...}`` dicts; content is a str
            or a list of parts (see `message_text`).
        temperature: sampling temperature; part of the key, so it changes the text.
        max_tokens: cap on completion tokens; the text is cut and `finish_reason` is "length".
        seed: sampling seed; part of the key.
        stop: stop sequences; the text is cut before the first one found.
        choice: which of several sampled answers to the same request (``n > 1``); 0 is the
            answer a request for one gives, each other index gives its own text.

    Examples:
        >>> a = generate("gpt", [{"role": "user", "content": "Hi"}])
        >>> a == generate("gpt", [{"role": "user", "content": "Hi"}])
        True
    """
    params: dict[str, object] = {"temperature": temperature, "seed": seed}
    if choice:
        params["choice"] = choice
    read = [message_text(m.get("content")) for m in messages]
    # Seeded by what the model reads (role and text), as the server sees it after parsing.
    plain = [{"role": m.get("role"), "content": read[i][0]} for i, m in enumerate(messages)]
    rng = random.Random(_seed(model, plain, params))
    prompt = " ".join(text for text, _ in read)
    last = read[-1][0] if read else ""
    topic = " ".join(_TOKEN.findall(last)[:6]) or "nothing"
    n_words = rng.randint(12, 40)
    body = " ".join(rng.choice(_WORDS) for _ in range(n_words))
    text = f"[{model}] On {topic}: {body}."
    found = [(text.index(s), s) for s in stop or () if s and s in text]
    hit = min(found) if found else None
    if hit is not None:
        text = text[: hit[0]]
    text, was_cut = cut(text, max_tokens)
    return Completion(
        text=text,
        prompt_tokens=count_tokens(prompt) + 3 * len(messages)
        + IMAGE_TOKENS * sum(images for _, images in read),
        completion_tokens=count_tokens(text),
        finish_reason="length" if was_cut else "stop",
        stop_sequence=hit[1] if hit is not None and not was_cut else None,
    )
