"""Prices of well-known models, for `ModelResult.cost_usd`.

USD per million input and output tokens, from the providers' public price lists. A dated
or suffixed name (``claude-sonnet-4-20250514``) takes the price of the longest listed
name it starts with. Unknown models cost None (unknown), and the simulator is free.
"""

from __future__ import annotations

import functools

from ember.models._result import Usage

__all__ = ["PRICES", "cost_usd", "priced_models"]

# (provider, model) -> (USD per 1M input tokens, USD per 1M output tokens)
PRICES: dict[tuple[str, str], tuple[float, float]] = {
    ("openai", "gpt-4o"): (2.50, 10.00),
    ("openai", "gpt-4o-mini"): (0.15, 0.60),
    ("openai", "gpt-4.1"): (2.00, 8.00),
    ("openai", "gpt-4.1-mini"): (0.40, 1.60),
    ("openai", "gpt-4.1-nano"): (0.10, 0.40),
    ("openai", "o3"): (2.00, 8.00),
    ("openai", "o3-mini"): (1.10, 4.40),
    ("openai", "o4-mini"): (1.10, 4.40),
    ("anthropic", "claude-opus-4"): (15.00, 75.00),
    ("anthropic", "claude-sonnet-4"): (3.00, 15.00),
    ("anthropic", "claude-3-7-sonnet"): (3.00, 15.00),
    ("anthropic", "claude-3-5-sonnet"): (3.00, 15.00),
    ("anthropic", "claude-3-5-haiku"): (0.80, 4.00),
    ("anthropic", "claude-3-haiku"): (0.25, 1.25),
}


@functools.lru_cache(maxsize=256)
def _price(provider: str, model: str) -> tuple[float, float] | None:
    best: str | None = None
    for p, name in PRICES:
        if p == provider and model.startswith(name) and (best is None or len(name) > len(best)):
            best = name
    return PRICES[(provider, best)] if best is not None else None


def cost_usd(provider: str, model: str, usage: Usage) -> float | None:
    """The price of one call, or None when the model's price is unknown.

    Examples:
        >>> cost_usd("openai", "gpt-4o-mini-2024-07-18", Usage(1_000_000, 1_000_000))
        0.75
        >>> cost_usd("local", "llama3", Usage(10, 10)) is None
        True
    """
    price = _price(provider, model)
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6


def priced_models() -> list[str]:
    """Ids of every model with a known price, for `models.list()`."""
    return [f"{provider}/{name}" for provider, name in PRICES]
