"""What a call costs, for `ModelResult.cost_usd` and budgets, from the model catalogue.

USD per million input and output tokens (`ember.models._catalogue`, from the providers'
public price lists). A dated or suffixed name (``claude-sonnet-4-20250514``) takes the price
of the longest listed name it starts with. `set_price` sets or overrides a model's price
(a local endpoint's, a negotiated one). Unknown models cost None (unknown).

Simulated models are priced too, so that budgets and cost reports can be tried without a
key: ``sim/<name>`` costs what the catalogue model of that name costs (``sim/gpt-4o`` as
``openai/gpt-4o``), and `SIM_PRICE` otherwise; `set_price` changes either.
"""

from __future__ import annotations

import threading
from typing import Final

from ember._errors import InvalidParameter
from ember.models._catalogue import catalogue, price
from ember.models._result import Usage

__all__ = ["SIM_PRICE", "charge", "cost_usd", "model_price", "priced_models", "set_price"]

SIM_PRICE: Final = (0.5, 1.5)
"""USD per million input and output tokens of a simulated model not in the catalogue."""

_set: dict[tuple[str, str], tuple[float, float]] = {}
_lock = threading.Lock()


def _catalogue_price(name: str) -> tuple[float, float] | None:
    """The price of the catalogue model called `name`, whatever its provider."""
    for m in catalogue():
        if m.name == name and m.input_per_mtok is not None and m.output_per_mtok is not None:
            return m.input_per_mtok, m.output_per_mtok
    return None


def model_price(provider: str, model: str) -> tuple[float, float] | None:
    """USD per million input and output tokens of ``provider/model``, or None when unknown.

    Examples:
        >>> model_price("openai", "gpt-4o-mini-2024-07-18")
        (0.15, 0.6)
        >>> model_price("sim", "gpt-4o-mini"), model_price("sim", "judge")
        ((0.15, 0.6), (0.5, 1.5))
    """
    if _set:
        got = _set.get((provider, model))
        if got is not None:
            return got
    if provider == "sim":
        return _catalogue_price(model) or SIM_PRICE
    return price(provider, model)


def set_price(model_id: str, input_per_mtok: float, output_per_mtok: float) -> None:
    """Price ``provider/model`` at these USD per million input and output tokens.

    For models the catalogue does not know (an endpoint's), a price that differs from the
    list, or a simulated model with the price of the model it stands for.

    Raises:
        InvalidParameter: not a full ``provider/model`` id, or a price that is not a
            number >= 0.

    Examples:
        >>> set_price("mine/tuned-model", 0.1, 0.2)
        >>> model_price("mine", "tuned-model")
        (0.1, 0.2)
    """
    provider, _, model = model_id.partition("/")
    if not provider or not model:
        raise InvalidParameter(f"set_price: {model_id!r} is not a full id. Fix: write "
                               "'provider/model', e.g. 'local/llama3'.", model_id=model_id)
    for value in (input_per_mtok, output_per_mtok):
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise InvalidParameter(f"set_price: {value!r} is not a price. Fix: USD per million "
                                   "tokens, a number >= 0.", model_id=model_id)
    with _lock:
        _set[(provider, model)] = (float(input_per_mtok), float(output_per_mtok))


def cost_usd(provider: str, model: str, usage: Usage) -> float | None:
    """The price of one call, or None when the model's price is unknown.

    Examples:
        >>> cost_usd("openai", "gpt-4o-mini-2024-07-18", Usage(1_000_000, 1_000_000))
        0.75
        >>> cost_usd("local", "llama3", Usage(10, 10)) is None
        True
    """
    return charge(model_price(provider, model), usage)


def charge(price: tuple[float, float] | None, usage: Usage) -> float | None:
    """The cost of `usage` at `price` (USD per million input and output tokens). A call is
    priced when it starts: a `set_price` while it is in flight changes later calls only."""
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6


def priced_models() -> list[str]:
    """Ids of every model with a known price, for `models.list()`."""
    return [m.id for m in catalogue() if m.input_per_mtok is not None]
