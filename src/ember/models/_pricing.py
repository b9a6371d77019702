"""What a call cost, for `ModelResult.cost_usd`, from the prices in the model catalogue.

USD per million input and output tokens (`ember.models._catalogue`, from the providers'
public price lists). A dated or suffixed name (``claude-sonnet-4-20250514``) takes the price
of the longest listed name it starts with. Unknown models cost None (unknown), and the
simulator is free.
"""

from __future__ import annotations

from ember.models._catalogue import catalogue, price
from ember.models._result import Usage

__all__ = ["cost_usd", "priced_models"]


def cost_usd(provider: str, model: str, usage: Usage) -> float | None:
    """The price of one call, or None when the model's price is unknown.

    Examples:
        >>> cost_usd("openai", "gpt-4o-mini-2024-07-18", Usage(1_000_000, 1_000_000))
        0.75
        >>> cost_usd("local", "llama3", Usage(10, 10)) is None
        True
    """
    p = price(provider, model)
    if p is None:
        return None
    return (usage.prompt_tokens * p[0] + usage.completion_tokens * p[1]) / 1e6


def priced_models() -> list[str]:
    """Ids of every model with a known price, for `models.list()`."""
    return [m.id for m in catalogue() if m.input_per_mtok is not None]
