"""Google Gemini's native wire: ``POST {base_url}/models/{model}:generateContent``.

The key goes in the ``x-goog-api-key`` header, never in the URL (a ``?key=`` query would
land in proxies' and servers' logs). Messages become ``contents`` with roles ``user`` and
``model`` and text ``parts``; system prompts go in ``systemInstruction``; temperature,
``max_tokens``, ``stop`` and ``seed`` go in ``generationConfig``, and so does an
``output=`` type's JSON schema (``responseMimeType: application/json`` with
``responseJsonSchema``: Gemini's native JSON mode). The answer's text is the
first candidate's text parts, its usage ``usageMetadata``; errors are
``{"error": {"code", "message", "status"}}``. A stream comes from
``:streamGenerateContent?alt=sse``: server-sent events each holding a piece of the answer
in the same shape, the last with its ``finishReason`` and usage.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar
from urllib.parse import quote

from ember._core import Secret
from ember._errors import InvalidParameter, ProviderUnavailable
from ember.models._params import Request
from ember.models._result import Usage
from ember.models._transport import excerpt
from ember.models._wire import (
    Choice,
    Decoder,
    Emit,
    Parsed,
    Reply,
    Wire,
    finish_reason,
    token_count,
)

__all__ = ["GeminiWire"]

# Gemini's finish reasons in the OpenAI vocabulary ModelResult.finish_reason uses.
_FINISH = {"STOP": "stop", "MAX_TOKENS": "length", "SAFETY": "content_filter",
           "RECITATION": "content_filter", "BLOCKLIST": "content_filter",
           "PROHIBITED_CONTENT": "content_filter", "SPII": "content_filter"}
_ROLES = {"user": "user", "assistant": "model", "tool": "user"}


def _parts(content: Any, where: str, model_id: str) -> list[dict[str, Any]]:
    if content is None:
        return [{"text": ""}]
    if isinstance(content, str):
        return [{"text": content}]
    parts = []
    for part in content:
        if part.get("type") != "text":
            raise InvalidParameter(
                f"{model_id}: {where} holds a {part.get('type')!r} part; Ember's Gemini wire "
                "sends text parts only. Fix: send text, or use Gemini's OpenAI-compatible "
                "endpoint (an [endpoints.NAME] with wire = \"openai\").", model_id=model_id)
        parts.append({"text": part["text"]})
    return parts


class GeminiWire(Wire):
    """Request/response format of the Gemini API's ``generateContent``.

    Examples:
        >>> from ember.models._params import make_request
        >>> r = make_request("gemini/gemini-2.5-flash", "Hi", {"system": "Be brief",
        ...                                                   "max_tokens": 20})
        >>> GeminiWire().body("gemini-2.5-flash", r, "gemini/gemini-2.5-flash")
        {'contents': [{'role': 'user', 'parts': [{'text': 'Hi'}]}], 'systemInstruction': {'parts': [{'text': 'Be brief'}]}, 'generationConfig': {'maxOutputTokens': 20}}
        >>> GeminiWire().route("gemini-2.5-flash")
        '/models/gemini-2.5-flash:generateContent'
    """

    name: ClassVar[str] = "gemini"
    path: ClassVar[str] = "/models/{model}:generateContent"
    models_path: ClassVar[str] = "/models"
    json_schema_native: ClassVar[bool] = True

    def route(self, model: str, stream: bool = False) -> str:
        if stream:
            return f"/models/{quote(model, safe='')}:streamGenerateContent?alt=sse"
        return f"/models/{quote(model, safe='')}:generateContent"

    def stream_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return body  # the method (`route`) asks for the stream, not the body

    def decoder(self) -> Decoder:
        return _Pieces()

    def headers(self, key: Secret | None) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["x-goog-api-key"] = key.reveal()
        return headers

    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        system: list[dict[str, Any]] = []
        contents: list[dict[str, Any]] = []
        for i, m in enumerate(request.messages):
            where = f"messages[{i}]"
            if m["role"] in ("system", "developer"):
                system += _parts(m.get("content"), where, model_id)
            else:
                role = _ROLES.get(m["role"], "user")
                contents.append({"role": role, "parts": _parts(m.get("content"), where,
                                                               model_id)})
        if not contents:
            raise InvalidParameter(f"{model_id}: Gemini needs at least one user message "
                                   "besides the system prompt; pass a prompt.",
                                   model_id=model_id)
        body: dict[str, Any] = {"contents": contents}
        if system:
            body["systemInstruction"] = {"parts": system}
        config: dict[str, Any] = {}
        if request.temperature is not None:
            config["temperature"] = request.temperature
        if request.max_tokens is not None:
            config["maxOutputTokens"] = request.max_tokens
        if request.stop is not None:
            config["stopSequences"] = request.stop
        if request.seed is not None:
            config["seed"] = request.seed
        if request.json_schema is not None:
            config["responseMimeType"] = "application/json"
            config["responseJsonSchema"] = request.json_schema
        if config:
            body["generationConfig"] = config
        if request.latency is not None:
            body["latency"] = request.latency  # understood by Ember's simulator server only
        if request.extra:
            body.update(request.extra)
        return body

    def parse(self, data: Any) -> Parsed:
        text, reason = _candidate(data)
        return text, _usage(data), reason


def _candidate(data: Any) -> tuple[str, str | None]:
    """The first candidate's text and finish reason (OpenAI's words)."""
    candidate = data["candidates"][0]
    parts = (candidate.get("content") or {}).get("parts") or []
    if not isinstance(parts, list):
        raise TypeError("content.parts is not a list")
    text = "".join(p["text"] for p in parts if isinstance(p.get("text"), str))
    reason = finish_reason(candidate.get("finishReason"), "finishReason")
    return text, _FINISH.get(reason, reason.lower()) if reason is not None else None


def _usage(data: Any) -> Usage:
    usage = data.get("usageMetadata") or {}
    return Usage(token_count(usage, "promptTokenCount"),
                 token_count(usage, "candidatesTokenCount"))


class _Pieces(Decoder):
    """Reads ``streamGenerateContent`` events: each a piece of the answer; complete at the
    one that carries a finish reason."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.finish: str | None = None
        self.usage = Usage()

    def feed(self, event: str | None, data: str, emit: Emit) -> bool:
        chunk = json.loads(data)
        if chunk.get("error"):  # a failure after the stream began, in Google's error shape
            message = excerpt(json.dumps(chunk))
            raise ProviderUnavailable(f"the stream ended with an error: {message}",
                                      status=200, body=message)
        if chunk.get("usageMetadata"):
            self.usage = _usage(chunk)
        text, reason = _candidate(chunk)
        if text:
            self.texts.append(text)
            emit("text", text)
        if reason is not None:
            self.finish = reason
            return True
        return False

    def reply(self) -> Reply:
        return Reply([Choice("".join(self.texts), self.finish)], self.usage)
