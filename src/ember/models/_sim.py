"""The in-process simulated provider: ``sim/<name>``.

No key, no network: the call sleeps for its latency on the event loop (0.25 s unless
``latency=`` says otherwise, 0 allowed) and answers with `ember.sim.generate`, the
same function the simulator server uses, so ``sim/gpt`` and the server's ``gpt`` agree
word for word. It is deterministic, and priced as `ember.models._pricing` says (the
catalogue model of the same name, else a small default; `models.set_price` changes it), so
budgets and cost reports can be tried without a key. Content parts of types it
cannot read (audio, files) are refused before the call, naming the message.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Any, Final

from ember._errors import InvalidMessage, ProviderTimeout
from ember.models._ids import ModelId
from ember.models._params import UNSET, Request
from ember.models._pricing import cost_usd
from ember.models._provider import Provider
from ember.models._result import ModelResult, Usage
from ember.sim import PART_TYPES, generate

__all__ = ["DEFAULT_LATENCY", "SimProvider"]

DEFAULT_LATENCY: Final = 0.25


class SimProvider(Provider):
    """Deterministic simulated models, answered in process after a realistic wait.

    Examples:
        >>> from ember.models import models
        >>> r = models("sim/gpt", "Hi", latency=0)
        >>> r == models("sim/gpt", "Hi", latency=0), r.cost_usd > 0
        (True, True)
    """

    names: Final = ("gpt", "gpt-mini", "claude", "judge")

    def start(
        self, model_id: ModelId, request: Request, started: float
    ) -> Coroutine[Any, Any, ModelResult]:
        for i, message in enumerate(request.messages):
            content = message["content"]
            if isinstance(content, list):  # parts are well-formed (`make_request` checked)
                for j, part in enumerate(content):
                    if part["type"] not in PART_TYPES:
                        raise InvalidMessage(
                            f"{model_id}: messages[{i}].content[{j}] is a part of type "
                            f"{part['type']!r}, which simulated models do not read; they read "
                            f"{', '.join(PART_TYPES[:-1])} or {PART_TYPES[-1]} parts. Fix: "
                            "send only those to sim/ models.",
                            model_id=str(model_id), index=i)
        return self._call(model_id, request, started)

    async def _call(self, model_id: ModelId, request: Request, started: float) -> ModelResult:
        latency = DEFAULT_LATENCY if request.latency is None else request.latency
        timeout = request.timeout
        if timeout is not UNSET and timeout is not None and latency > timeout:
            await asyncio.sleep(timeout)
            raise ProviderTimeout(
                f"{model_id}: no answer within {timeout:g}s (simulated latency "
                f"{latency:g}s). Fix: pass a larger timeout= or a smaller latency=.",
                model_id=str(model_id),
            )
        if latency > 0:
            await asyncio.sleep(latency)
        done = generate(
            model_id.name, request.messages, temperature=request.temperature,
            max_tokens=request.max_tokens, seed=request.seed, stop=request.stop,
        )
        usage = Usage(done.prompt_tokens, done.completion_tokens)
        return ModelResult(
            done.text,
            model_id=str(model_id),
            usage=usage,
            latency_s=time.perf_counter() - started,
            cost_usd=cost_usd("sim", model_id.name, usage),
            finish_reason=done.finish_reason,
        )

    def known_models(self) -> list[str]:
        return [f"sim/{name}" for name in self.names]
