"""Fallbacks: when a model fails on the provider's side, the next one answers.

``models.instance("openai/a", fallbacks=["anthropic/b", "sim/gpt"])`` tries each model in
turn. Only a failure of the provider after its retries moves on: rate limits, 5xx, time
limits and broken connections (`FALLBACK_ERRORS`). A bad request, a rejected key or a
mistake in the call is the caller's to fix, and is raised at once. The result's `model_id`
names the model that answered. When every model failed, the last error is raised with a
note naming the earlier ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, Final

from ember._errors import (
    MalformedResponse,
    ProviderConnectionError,
    ProviderDeadlineExceeded,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from ember.models._result import ModelResult

__all__ = ["FALLBACK_ERRORS", "with_fallbacks"]

logger = logging.getLogger("ember.models")

FALLBACK_ERRORS: Final = (RateLimited, ProviderUnavailable, ProviderTimeout,
                          ProviderDeadlineExceeded, ProviderConnectionError, MalformedResponse)
"""The failures after which the next model is tried (the provider's, not the caller's)."""

Start = Callable[[str], Coroutine[Any, Any, ModelResult]]


async def with_fallbacks(first: Coroutine[Any, Any, ModelResult], start: Start,
                         model_ids: tuple[str, ...]) -> ModelResult:
    """Await `first` (the call to ``model_ids[0]``), then ``start(id)`` for each next id
    while the one before failed with one of `FALLBACK_ERRORS`."""
    failed: list[str] = []
    call = first
    for model_id, next_id in zip(model_ids, model_ids[1:], strict=False):
        try:
            return await call
        except FALLBACK_ERRORS as exc:
            failed.append(f"{model_id} ({type(exc).__name__})")
            logger.info("%s failed (%s); falling back to %s", model_id, type(exc).__name__,
                        next_id)
        call = start(next_id)
    try:
        return await call
    except FALLBACK_ERRORS as exc:
        if failed:
            exc.add_note("Fallbacks tried before it: " + "; ".join(failed) + ".")
        raise
