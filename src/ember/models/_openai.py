"""The OpenAI chat-completions wire format (also spoken by vLLM, Ollama, llama.cpp, ...).

``POST {base_url}/chat/completions`` with ``Authorization: Bearer <key>``; the answer's
``choices[0].message.content`` is the text and ``usage`` the token counts.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ember._core import Secret
from ember.models._params import Request
from ember.models._result import Usage
from ember.models._wire import Parsed, Wire, finish_reason, token_count

__all__ = ["OpenAIWire"]


class OpenAIWire(Wire):
    """Request/response format of OpenAI's chat completions API.

    Examples:
        >>> from ember.models._params import make_request
        >>> OpenAIWire().body("gpt-4o", make_request("openai/gpt-4o", "Hi", {"seed": 1}), "")
        {'model': 'gpt-4o', 'messages': [{'role': 'user', 'content': 'Hi'}], 'seed': 1}
    """

    name: ClassVar[str] = "openai"
    path: ClassVar[str] = "/chat/completions"

    def headers(self, key: Secret | None) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["Authorization"] = "Bearer " + key.reveal()
        return headers

    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {"model": model, "messages": request.messages}
        if request.temperature is not None:
            body["temperature"] = request.temperature
        if request.max_tokens is not None:
            body["max_tokens"] = request.max_tokens
        if request.seed is not None:
            body["seed"] = request.seed
        if request.stop is not None:
            body["stop"] = request.stop
        if request.latency is not None:
            body["latency"] = request.latency  # understood by Ember's simulator server only
        if request.extra:
            body.update(request.extra)
        return body

    def parse(self, data: Any) -> Parsed:
        choice = data["choices"][0]
        text = choice["message"]["content"]
        if text is None:  # a tool-call-only answer carries no text
            text = ""
        elif not isinstance(text, str):
            raise TypeError("message.content is not a string")
        usage = data.get("usage") or {}  # some compatible servers omit usage
        return (
            text,
            Usage(token_count(usage, "prompt_tokens"), token_count(usage, "completion_tokens")),
            finish_reason(choice.get("finish_reason"), "finish_reason"),
        )
