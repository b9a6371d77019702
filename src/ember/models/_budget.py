"""Cost budgets: ``with models.budget(usd=5):`` stops new calls before they pass it.

A `Budget` is a call-path hook. Its `before` estimates the call at the model's prices
(prompt tokens, estimated at ~4 characters each, plus ``max_tokens`` per choice asked
for, or `DEFAULT_COMPLETION_TOKENS` when the call sets none) and refuses it with `BudgetExceeded`
when what was spent, plus the estimates of the calls still running, plus this one would
pass the limit; otherwise it reserves the estimate. Its `after` frees the reservation and
counts what the call really cost. So calls already running always finish and are counted,
and the spend can pass the limit only by what they cost beyond their estimates.

A call served by the response cache costs nothing and is never refused (the cache runs
before every other hook). A model with no known price cannot be bounded: its calls raise
`UnknownPrice` (give it one with `models.set_price`). Simulated models are priced
(`ember.models._pricing`), so budgets can be tried on them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from ember._core import CallHook, ModelCall, scoped_hooks
from ember._errors import BudgetExceeded, InvalidParameter, UnknownPrice
from ember.models._pricing import model_price

__all__ = ["DEFAULT_COMPLETION_TOKENS", "Budget", "budget", "estimate_usd"]

DEFAULT_COMPLETION_TOKENS: Final = 256
"""Completion tokens assumed for a call that sets no ``max_tokens``."""

MSG_OVER = """\
{model_id}: refused by the budget of ${limit:.4g}: ${spent:.4g} spent, ${running:.4g} \
reserved by calls running, and this call may cost ${estimate:.4g}. Fix: raise the budget \
(models.budget(usd=...), ember eval --budget), or lower max_tokens."""

MSG_UNPRICED = """\
{model_id}: has no known price, so the budget cannot bound its calls. Fix: \
models.set_price({model_id!r}, input_per_mtok, output_per_mtok)."""


def estimate_usd(call: ModelCall) -> float | None:
    """The most a call should cost: prompt plus ``max_tokens`` at its model's prices, or
    None when the model's price is unknown.

    Examples:
        >>> from ember.models._params import make_request
        >>> request = make_request("sim/judge", "x" * 400, {"max_tokens": 100})
        >>> call = ModelCall("sim/judge", request.messages, {}, request)
        >>> round(estimate_usd(call) * 1e6, 2)   # (103 * 0.5 + 100 * 1.5) per million
        201.5
    """
    provider, _, model = call.model_id.partition("/")
    price = model_price(provider, model)
    if price is None:
        return None
    request = call.request
    chars = sum(len(str(m.get("content", ""))) for m in call.messages)
    prompt = chars / 4 + 3 * len(call.messages)
    completion = getattr(request, "max_tokens", None) or DEFAULT_COMPLETION_TOKENS
    completion *= getattr(request, "n", None) or 1  # each choice may use all of it
    return (prompt * price[0] + completion * price[1]) / 1e6


class Budget(CallHook):
    """A cap on what model calls may cost; see the module. Use `budget` to apply one.

    Attributes:
        limit_usd: the cap.
        spent_usd: what finished calls cost.
        reserved_usd: the estimates of the calls running now.
        refused: how many calls were refused.
    """

    def __init__(self, usd: float) -> None:
        if isinstance(usd, bool) or not isinstance(usd, int | float) or not usd >= 0:
            raise InvalidParameter(f"budget: usd={usd!r} is not an amount. Fix: a number of "
                                   "US dollars >= 0, e.g. models.budget(usd=5).")
        self.limit_usd = float(usd)
        self.spent_usd = 0.0
        self.reserved_usd = 0.0
        self.refused = 0
        self._lock = threading.Lock()

    @property
    def remaining_usd(self) -> float:
        """What is left to spend once the calls running are paid for (by their estimates)."""
        return self.limit_usd - self.spent_usd - self.reserved_usd

    def __repr__(self) -> str:
        return (f"Budget(limit=${self.limit_usd:.4g}, spent=${self.spent_usd:.4g}, "
                f"reserved=${self.reserved_usd:.4g}, refused={self.refused})")

    def before(self, call: ModelCall) -> Any:
        estimate = estimate_usd(call)
        if estimate is None:
            raise UnknownPrice(MSG_UNPRICED.format(model_id=call.model_id),
                               model_id=call.model_id)
        with self._lock:
            if self.spent_usd + self.reserved_usd + estimate > self.limit_usd:
                self.refused += 1
                spent, running = self.spent_usd, self.reserved_usd
            else:
                self.reserved_usd += estimate
                call.state[self] = estimate
                return None
        raise BudgetExceeded(
            MSG_OVER.format(model_id=call.model_id, limit=self.limit_usd, spent=spent,
                            running=running, estimate=estimate),
            model_id=call.model_id, limit_usd=self.limit_usd, spent_usd=spent,
            estimate_usd=estimate)

    def after(self, call: ModelCall, result: Any, error: BaseException | None) -> None:
        estimate = call.state.pop(self, None)
        if estimate is None:
            return  # refused here, or answered before this hook (the cache)
        cost = getattr(result, "cost_usd", None) if error is None else None
        with self._lock:
            self.reserved_usd -= estimate
            # A failed call's cost is unknown: providers do not bill most failures.
            self.spent_usd += cost if cost is not None else 0.0


@contextmanager
def budget(usd: float) -> Iterator[Budget]:
    """Refuse model calls in the block (and in what it starts) that would pass `usd` dollars.

    Nested budgets each apply: a call must fit all of them.

    Raises:
        InvalidParameter: `usd` is not a number >= 0.

    Examples:
        >>> from ember.models import models
        >>> from ember.errors import BudgetExceeded
        >>> with budget(usd=0.001) as b:
        ...     try:
        ...         while True:
        ...             _ = models("sim/gpt", "Hi", max_tokens=50, latency=0)
        ...     except BudgetExceeded:
        ...         pass
        >>> 0 < b.spent_usd <= 0.001, b.refused
        (True, 1)
    """
    hook = Budget(usd)
    with scoped_hooks(hook):
        yield hook
