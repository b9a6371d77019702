"""Google Gemini's native wire: ``POST {base_url}/models/{model}:generateContent``.

The key goes in the ``x-goog-api-key`` header, never in the URL (a ``?key=`` query would
land in proxies' and servers' logs). Messages become ``contents`` with roles ``user`` and
``model`` and text ``parts``; system prompts go in ``systemInstruction``; temperature,
``max_tokens``, ``stop`` and ``seed`` go in ``generationConfig``, and so does an
``output=`` type's JSON schema (``responseMimeType: application/json`` with
``responseJsonSchema``: Gemini's native JSON mode). ``tools=`` become
``functionDeclarations`` (``tool_choice`` the ``functionCallingConfig`` mode); the answer's
``functionCall`` parts are its tool calls, an assistant turn's calls go back as
``functionCall`` parts and tool results as ``functionResponse`` parts. The answer's text is the
first candidate's text parts, its usage ``usageMetadata``; errors are
``{"error": {"code", "message", "status"}}``. A stream comes from
``:streamGenerateContent?alt=sse``: server-sent events each holding a piece of the answer
in the same shape, the last with its ``finishReason`` and usage.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar
from urllib.parse import quote

from ember._errors import InvalidParameter
from ember.models._params import Request
from ember.models._result import ToolCall, Usage
from ember.models._transport import check_chunk
from ember.models._wire import (
    Choice,
    Decoder,
    Emit,
    Reply,
    Wire,
    finish_reason,
    given,
    token_count,
    tool_arguments,
)

__all__ = ["GeminiWire"]

# Gemini's finish reasons in the OpenAI vocabulary ModelResult.finish_reason uses.
_FINISH = {"STOP": "stop", "MAX_TOKENS": "length", "SAFETY": "content_filter",
           "RECITATION": "content_filter", "BLOCKLIST": "content_filter",
           "PROHIBITED_CONTENT": "content_filter", "SPII": "content_filter"}
_ROLES = {"user": "user", "assistant": "model", "tool": "user"}
_MODES = {"auto": "AUTO", "none": "NONE", "required": "ANY"}


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
    tools_native: ClassVar[bool] = True
    key_header: ClassVar[str] = "x-goog-api-key"

    def route(self, model: str, stream: bool = False) -> str:
        if stream:
            return f"/models/{quote(model, safe='')}:streamGenerateContent?alt=sse"
        return f"/models/{quote(model, safe='')}:generateContent"

    def stream_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return body  # the method (`route`) asks for the stream, not the body

    def decoder(self) -> Decoder:
        return _Pieces()

    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        system: list[dict[str, Any]] = []
        contents: list[dict[str, Any]] = []
        names: dict[str, str] = {}  # a tool call's id -> its function's name
        for i, m in enumerate(request.messages):
            where = f"messages[{i}]"
            if m["role"] in ("system", "developer"):
                system += _parts(m.get("content"), where, model_id)
            elif m["role"] == "tool":
                call_id = str(m.get("tool_call_id", ""))
                result = {"functionResponse": {"id": call_id, "name": names.get(call_id, ""),
                                               "response": {"content": m.get("content")}}}
                if contents and contents[-1]["role"] == "user" and \
                        "functionResponse" in contents[-1]["parts"][0]:
                    contents[-1]["parts"].append(result)  # one turn answers every call
                else:
                    contents.append({"role": "user", "parts": [result]})
            elif m["role"] == "assistant" and m.get("tool_calls"):
                parts = [{"text": m["content"]}] if isinstance(m.get("content"), str) and \
                    m["content"] else []
                for c in m["tool_calls"]:
                    names[c["id"]] = c["function"]["name"]
                    parts.append({"functionCall": {
                        "id": c["id"], "name": c["function"]["name"],
                        "args": tool_arguments(c["function"].get("arguments"))}})
                contents.append({"role": "model", "parts": parts})
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
        config = given(request, "temperature", "seed", max_tokens="maxOutputTokens",
                       stop="stopSequences")
        if request.json_schema is not None:
            config["responseMimeType"] = "application/json"
            config["responseJsonSchema"] = request.json_schema
        if config:
            body["generationConfig"] = config
        if request.tools:
            body["tools"] = [{"functionDeclarations": [
                {"name": t.name, "description": t.description, "parameters": t.parameters}
                for t in request.tools]}]
        if request.tool_choice is not None:
            mode = _MODES.get(request.tool_choice)
            body["toolConfig"] = {"functionCallingConfig": {"mode": mode} if mode else {
                "mode": "ANY", "allowedFunctionNames": [request.tool_choice]}}
        if request.latency is not None:
            body["latency"] = request.latency  # understood by Ember's simulator server only
        if request.extra:
            body.update(request.extra)
        return body

    def read(self, data: Any) -> Reply:
        text, reason, calls = _candidate(data)
        return Reply([Choice(text, reason, calls)], _usage(data))


def _candidate(data: Any, first: int = 0) -> tuple[str, str | None, tuple[ToolCall, ...]]:
    """The first candidate's text, finish reason (OpenAI's words) and tool calls (those
    without an id are named by their place, counted from `first`)."""
    candidate = data["candidates"][0]
    parts = (candidate.get("content") or {}).get("parts") or []
    if not isinstance(parts, list):
        raise TypeError("content.parts is not a list")
    text = "".join(p["text"] for p in parts if isinstance(p.get("text"), str))
    calls = tuple(_tool_call(p["functionCall"], i) for i, p in enumerate(
        (p for p in parts if isinstance(p.get("functionCall"), dict)), first))
    reason = finish_reason(candidate.get("finishReason"), "finishReason")
    if calls and reason == "STOP":
        return text, "tool_calls", calls
    return text, _FINISH.get(reason, reason.lower()) if reason is not None else None, calls


def _tool_call(call: dict[str, Any], index: int) -> ToolCall:
    args = call.get("args") or {}
    if not isinstance(args, dict):
        raise TypeError("functionCall.args is not an object")
    return ToolCall(str(call.get("id") or f"call_{index}"), str(call["name"]), args)


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
        self.calls: list[ToolCall] = []
        self.usage = Usage()

    def feed(self, event: str | None, data: str, emit: Emit) -> bool:
        chunk = json.loads(data)
        check_chunk(chunk)
        if chunk.get("usageMetadata"):
            self.usage = _usage(chunk)
        text, reason, calls = _candidate(chunk, len(self.calls))
        if text:
            self.texts.append(text)
            emit("text", text)
        for call in calls:  # Gemini sends each call whole, in one event
            emit("tool", (len(self.calls), call.id, call.name, json.dumps(call.arguments)))
            self.calls.append(call)
        if reason is not None:
            self.finish = reason
            return True
        return False

    def reply(self) -> Reply:
        return Reply([Choice("".join(self.texts), self.finish, tuple(self.calls))], self.usage)
