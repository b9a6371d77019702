"""Deterministic text for the simulated provider and the simulator server.

The same (model, messages, params, seed) always gives the same completion, so retries,
caches and tests can compare answers exactly. Different temperatures or seeds give
different text, as a real sampled model would.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass

__all__ = ["Completion", "count_tokens", "generate"]

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


def _seed(model: str, messages: list[dict[str, str]], params: dict[str, object]) -> int:
    key = json.dumps([model, messages, params], sort_keys=True, default=str)
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def generate(
    model: str,
    messages: list[dict[str, str]],
    *,
    temperature: float | None = None,
    max_tokens: int | None = None,
    seed: int | None = None,
    stop: list[str] | None = None,
) -> Completion:
    """Return the deterministic completion for this request.

    Args:
        model: model name without the provider prefix (e.g. ``"gpt"``).
        messages: chat messages as ``{"role": ..., "content": ...}`` dicts.
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
    rng = random.Random(_seed(model, messages, params))
    prompt = " ".join(m.get("content", "") for m in messages)
    last = messages[-1].get("content", "") if messages else ""
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
        prompt_tokens=count_tokens(prompt) + 3 * len(messages),
        completion_tokens=count_tokens(text),
        finish_reason=finish,
    )
