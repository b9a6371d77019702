"""The OpenAI chat-completions wire format (also spoken by vLLM, Ollama, llama.cpp, ...).

``POST {base_url}/chat/completions`` with ``Authorization: Bearer <key>``; the answer's
``choices[i].message`` holds each choice's text and ``tool_calls``, ``usage`` the token
counts (summed over the choices). Tools go as ``{"type": "function", "function": ...}``,
a JSON schema as ``response_format: {"type": "json_schema", ...}`` (the native mode). A
stream is ``chat.completion.chunk`` events (``data: {...}``, no ``event:`` line) with
``choices[i].delta`` pieces, ended by ``data: [DONE]``; with
``stream_options.include_usage`` the last chunk before it carries the usage.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

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

__all__ = ["OpenAIWire"]


class OpenAIWire(Wire):
    """Request/response format of OpenAI's chat completions API.

    Examples:
        >>> from ember.models._params import make_request
        >>> OpenAIWire().body("gpt-4o", make_request("openai/gpt-4o", "Hi", {"seed": 1}), "")
        {'model': 'gpt-4o', 'messages': [{'role': 'user', 'content': 'Hi'}], 'seed': 1}
    """

    name: ClassVar[str] = "openai"
    json_schema_native: ClassVar[bool] = True
    native_n: ClassVar[bool] = True
    tools_native: ClassVar[bool] = True
    path: ClassVar[str] = "/chat/completions"
    key_header: ClassVar[str] = "Authorization"
    key_prefix: ClassVar[str] = "Bearer "

    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {"model": model, "messages": request.messages}
        # latency: understood by Ember's simulator server only
        given(request, "temperature", "max_tokens", "seed", "stop", "latency", into=body)
        if request.n is not None and request.n > 1:
            body["n"] = request.n
        if request.tools:
            body["tools"] = [{"type": "function", "function": t.to_json()}
                             for t in request.tools]
        if request.tool_choice is not None:
            choice = request.tool_choice
            body["tool_choice"] = choice if choice in ("auto", "none", "required") else \
                {"type": "function", "function": {"name": choice}}
        if request.json_schema is not None:
            title = str(request.json_schema.get("title") or "output")
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": re.sub(r"[^A-Za-z0-9_-]", "_", title)[:64],  # the names allowed
                "schema": request.json_schema}}
        if request.extra:
            body.update(request.extra)
        return body

    def read(self, data: Any) -> Reply:
        choices = data["choices"]
        if not isinstance(choices, list) or not choices:
            raise ValueError("choices is not a non-empty list")
        if len(choices) == 1:
            read = [_choice(choices[0])]
        else:
            read = [_choice(c) for c in sorted(choices, key=_index)]
        return Reply(read, _usage(data.get("usage") or {}))  # some servers omit usage

    def stream_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**body, "stream": True, "stream_options": {"include_usage": True}}

    def decoder(self) -> Decoder:
        return _Chunks()


def _index(choice: Any) -> Any:
    return choice.get("index", 0)


def _usage(usage: Any) -> Usage:
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if type(prompt) is int and type(completion) is int and prompt >= 0 and completion >= 0:
        return Usage(prompt, completion)  # the common case, without two calls to check it
    return Usage(token_count(usage, "prompt_tokens"), token_count(usage, "completion_tokens"))


def _choice(choice: Any) -> Choice:
    message = choice["message"]
    text = message.get("content")
    if text is None:  # a tool-call-only answer carries no text
        text = ""
    elif not isinstance(text, str):
        raise TypeError("message.content is not a string")
    asked = message.get("tool_calls")
    calls = tuple(ToolCall(str(c["id"]), str(c["function"]["name"]),
                           tool_arguments(c["function"].get("arguments")))
                  for c in asked) if asked else ()
    finish = choice.get("finish_reason")
    if finish is not None and type(finish) is not str:
        finish = finish_reason(finish, "finish_reason")  # a str subclass passes; else raises
    return Choice(text, finish, calls)


class _Chunks(Decoder):
    """Reads ``chat.completion.chunk`` events: text and tool-call pieces per choice."""

    def __init__(self) -> None:
        self.texts: dict[int, list[str]] = {}
        self.finish: dict[int, str | None] = {}
        self.calls: dict[int, dict[int, list[Any]]] = {}  # choice -> index -> [id, name, args]
        self.usage = Usage()

    def feed(self, event: str | None, data: str, emit: Emit) -> bool:
        if data.strip() == "[DONE]":
            return True
        chunk = json.loads(data)
        check_chunk(chunk)
        if chunk.get("usage"):
            self.usage = _usage(chunk["usage"])
        for choice in chunk.get("choices") or ():
            index = choice.get("index", 0)
            delta = choice.get("delta") or {}
            self.texts.setdefault(index, [])
            piece = delta.get("content")
            if piece:
                if not isinstance(piece, str):
                    raise TypeError("delta.content is not a string")
                self.texts[index].append(piece)
                if index == 0:
                    emit("text", piece)
            for call in delta.get("tool_calls") or ():
                slot = self.calls.setdefault(index, {}).setdefault(call.get("index", 0),
                                                                   ["", "", []])
                fn = call.get("function") or {}
                if call.get("id"):
                    slot[0] = call["id"]
                if fn.get("name"):
                    slot[1] = fn["name"]
                args = fn.get("arguments") or ""
                slot[2].append(args)
                if index == 0:
                    emit("tool", (call.get("index", 0), call.get("id"), fn.get("name"), args))
            if choice.get("finish_reason") is not None:
                self.finish[index] = finish_reason(choice["finish_reason"], "finish_reason")
        return False

    def reply(self) -> Reply:
        choices = []
        for index in sorted(self.texts) or [0]:
            calls = tuple(ToolCall(id_, name, tool_arguments("".join(args)))
                          for _, (id_, name, args) in sorted(self.calls.get(index, {}).items()))
            choices.append(Choice("".join(self.texts.get(index, ())), self.finish.get(index),
                                  calls))
        return Reply(choices, self.usage)
