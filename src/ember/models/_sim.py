"""The in-process simulated provider: ``sim/<name>``.

No key, no network: the call sleeps for its latency on the event loop (0.25 s unless
``latency=`` says otherwise, 0 allowed) and answers with `ember.sim.generate`, the
same function the simulator server uses, so ``sim/gpt`` and the server's ``gpt`` agree
word for word. It is deterministic, and priced as `ember.models._pricing` says (the
catalogue model of the same name, else a small default; `models.set_price` changes it), so
budgets and cost reports can be tried without a key. Content parts of types it
cannot read (audio, files) are refused before the call, naming the message. ``n``, tools
and a JSON schema are answered by `ember.sim.choices`, as the server answers them; a stream
passes the text on word by word (each piece after the wait for the whole answer).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Coroutine
from typing import Any, Final

from ember._errors import BadRequest, InvalidMessage, ProviderTimeout
from ember.models._ids import ModelId
from ember.models._params import UNSET, Request
from ember.models._pricing import charge, model_price
from ember.models._provider import Emit, Provider
from ember.models._result import ModelResult, ToolCall, Usage
from ember.models._wire import Choice, Reply
from ember.sim import PART_TYPES, ChatRequest, Tool, choices

_PIECE = re.compile(r"\s*\S+|\s+")  # a streamed piece: a word with the spaces before it

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
        return self._call(model_id, request, started, model_price("sim", model_id.name))

    def json_schema_native(self, model_id: ModelId) -> bool:
        return True

    def start_stream(
        self, model_id: ModelId, request: Request, started: float, emit: Emit
    ) -> Coroutine[Any, Any, ModelResult]:
        self.start(model_id, request, started).close()  # the same checks, now
        return self._call(model_id, request, started, model_price("sim", model_id.name), emit)

    async def _call(self, model_id: ModelId, request: Request, started: float,
                    price: tuple[float, float] | None, emit: Emit | None = None
                    ) -> ModelResult:
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
        reply = _answer(model_id, request)
        ttft = None
        if emit is not None:
            first = reply.choices[0]
            for piece in _PIECE.findall(first.text):
                ttft = time.perf_counter() - started if ttft is None else ttft
                emit("text", piece)
                await asyncio.sleep(0)  # a piece at a time, as from a socket
            for i, call in enumerate(first.tool_calls):
                ttft = time.perf_counter() - started if ttft is None else ttft
                emit("tool", (i, call.id, call.name, json.dumps(call.arguments)))
        return reply.result(str(model_id), latency_s=time.perf_counter() - started,
                            cost_usd=charge(price, reply.usage), ttft_s=ttft)

    def known_models(self) -> list[str]:
        return [f"sim/{name}" for name in self.names]


def _answer(model_id: ModelId, request: Request) -> Reply:
    """The simulated answer: what the server's chat route gives for the same request."""
    messages = [{"role": m["role"], "content": "" if m["content"] is None else m["content"]}
                for m in request.messages]
    req = ChatRequest(
        model=model_id.name, messages=messages, temperature=request.temperature,
        max_tokens=request.max_tokens, seed=request.seed, stop=request.stop,
        n=request.n or 1, json_mode="schema" if request.json_schema is not None else "",
        schema=request.json_schema, tools=[Tool(t.name, t.parameters) for t in request.tools],
        tool_choice=request.tool_choice or "auto", after_tool=messages[-1]["role"] == "tool")
    try:
        made = choices(req)
    except Exception as exc:  # the server answers these with a 400
        raise BadRequest(f"{model_id}: {exc}", model_id=str(model_id), status=400,
                         body=str(exc)) from None
    return Reply(
        [Choice(c.text or "", c.finish,
                tuple(ToolCall("call_" + t.id, t.name, t.input) for t in c.tool_calls))
         for c in made],
        Usage(made[0].prompt_tokens, sum(c.completion_tokens for c in made)))
