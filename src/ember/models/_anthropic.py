"""The Anthropic Messages wire format.

``POST {base_url}/v1/messages`` with ``x-api-key`` and ``anthropic-version`` headers. As
in Anthropic's SDKs (and ``ANTHROPIC_BASE_URL``), the base URL is the host without
``/v1``; OpenAI's base URLs include it.
System prompts go in the top-level ``system`` field (not in ``messages``), ``max_tokens``
is required (Ember sends 1024 unless told), stop strings are ``stop_sequences``, and the
answer's text is the concatenation of its ``text`` content blocks.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from ember._core import Secret
from ember._errors import InvalidParameter
from ember.models._params import Request
from ember.models._result import Usage
from ember.models._wire import Parsed, Wire, finish_reason, token_count

__all__ = ["ANTHROPIC_VERSION", "AnthropicWire"]

ANTHROPIC_VERSION: Final = "2023-06-01"
DEFAULT_MAX_TOKENS: Final = 1024

# Anthropic's stop reasons in the OpenAI vocabulary ModelResult.finish_reason uses.
_FINISH = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
}


class AnthropicWire(Wire):
    """Request/response format of Anthropic's Messages API.

    Examples:
        >>> from ember.models._params import make_request
        >>> r = make_request("anthropic/claude", "Hi", {"system": "Be brief"})
        >>> AnthropicWire().body("claude", r, "anthropic/claude")["system"]
        'Be brief'
    """

    name: ClassVar[str] = "anthropic"
    path: ClassVar[str] = "/v1/messages"
    models_path: ClassVar[str] = "/v1/models"
    max_temperature: ClassVar[float] = 1.0

    def headers(self, key: Secret | None) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "anthropic-version": ANTHROPIC_VERSION}
        if key is not None:
            headers["x-api-key"] = key.reveal()
        return headers

    def max_tokens_sent(self, request: Request) -> int | None:
        return request.max_tokens or DEFAULT_MAX_TOKENS

    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        system = [m["content"] for m in request.messages if m["role"] in ("system", "developer")]
        messages = [m for m in request.messages if m["role"] not in ("system", "developer")]
        if not messages:
            raise InvalidParameter(
                f"{model_id}: the Messages API needs at least one user message besides "
                "the system prompt; pass a prompt.",
                model_id=model_id,
            )
        body: dict[str, Any] = {
            "model": model,
            "max_tokens": request.max_tokens or DEFAULT_MAX_TOKENS,
            "messages": messages,
        }
        if system:
            body["system"] = "\n\n".join(str(s) for s in system)
        if request.temperature is not None:
            if request.temperature > self.max_temperature:
                raise InvalidParameter(
                    f"{model_id}: temperature={request.temperature:g} is out of range; "
                    f"temperature must be a number from 0 to {self.max_temperature:g} "
                    "for the Anthropic API.",
                    model_id=model_id,
                )
            body["temperature"] = request.temperature
        if request.stop is not None:
            body["stop_sequences"] = request.stop
        if request.seed is not None:
            body["seed"] = request.seed  # not an Anthropic field; compatible servers may use it
        if request.latency is not None:
            body["latency"] = request.latency  # understood by Ember's simulator server only
        if request.extra:
            body.update(request.extra)
        return body

    def parse(self, data: Any) -> Parsed:
        blocks = data["content"]
        if not isinstance(blocks, list):
            raise TypeError("content is not a list")
        text = "".join(b["text"] for b in blocks if b.get("type") == "text")
        usage = data.get("usage") or {}
        reason = finish_reason(data.get("stop_reason"), "stop_reason")
        return (
            text,
            Usage(token_count(usage, "input_tokens"), token_count(usage, "output_tokens")),
            _FINISH.get(reason, reason),
        )
