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
           "generate", "message_text"]

IMAGE_TOKENS: Final = 85
"""Prompt tokens one image counts for (what a low-detail image costs at OpenAI)."""
IMAGE_PARTS: Final = frozenset({"image_url", "image"})
PART_TYPES: Final = ("text", "image_url", "image")
"""The content part types the simulated models understand."""

_TOKEN = re.compile(r"\w+|[^\w\s]")

_WORDS = ["the", "model", "considers", "each", "part", "of", "the", "question", "and", "weighs", "the", "evidence", "before", "it", "answers", "a", "careful", "reading", "suggests", "that", "several", "factors", "matter", "here", "including", "context", "scale", "cost", "and", "latency", "so", "the", "best", "answer", "balances", "accuracy", "with", "clarity", "while", "noting", "open", "issues", "in", "short", "the", "result", "follows", "from", "the", "premises", "and", "further", "checks", "would", "confirm", "it"]


def count_tokens(text: str) -> int:
    """Approximate token count: words and punctuation marks."""
    return len(_TOKEN.findall(text))


@dataclass(frozen=True, slots=True)
class Completion:
    """One simulated completion with its token accounting."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str  # "stop" or "length"


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


def generate(
    model: str,
    messages: Sequence[Mapping[str, Any]],
    *,
    temperature: float | None = None,
    max_tokens: int | None = None,
    seed: int | None = None,
    stop: list[str] | None = None,
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

    Examples:
        >>> a = generate("gpt", [{"role": "user", "content": "Hi"}])
        >>> a == generate("gpt", [{"role": "user", "content": "Hi"}])
        True
    """
    params = {"temperature": temperature, "seed": seed}
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
    finish = "stop"
    for s in stop or ():
        if s and s in text:
            text = text[: text.index(s)]
    if max_tokens is not None:
        tokens = _TOKEN.findall(text)
        if len(tokens) > max_tokens:
            # Cut at the token boundary, keeping the original spacing.
            end = 0
            for i, m in enumerate(_TOKEN.finditer(text)):
                if i == max_tokens:
                    break
                end = m.end()
            text = text[:end]
            finish = "length"
    return Completion(
        text=text,
        prompt_tokens=count_tokens(prompt) + 3 * len(messages)
        + IMAGE_TOKENS * sum(images for _, images in read),
        completion_tokens=count_tokens(text),
        finish_reason=finish,
    )
