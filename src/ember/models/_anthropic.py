"""The Anthropic Messages wire format.

``POST {base_url}/v1/messages`` with ``x-api-key`` and ``anthropic-version`` headers. As
in Anthropic's SDKs (and ``ANTHROPIC_BASE_URL``), the base URL is the host without
``/v1``; OpenAI's base URLs include it.
System prompts go in the top-level ``system`` field (not in ``messages``), ``max_tokens``
is required (Ember sends 1024 unless told), stop strings are ``stop_sequences``, and the
answer's text is the concatenation of its ``text`` content blocks; its ``tool_use`` blocks are
the tool calls.

Messages are kept in OpenAI's form inside Ember and mapped here: an ``image_url`` part
becomes an ``image`` block (a ``base64`` source for a ``data:`` URL, else a ``url`` one), an
assistant message's ``tool_calls`` become ``tool_use`` blocks, and ``tool`` messages become
a user message of ``tool_result`` blocks. Tools go as ``{"name", "description",
"input_schema"}``, a JSON schema as ``output_config.format``. There is no ``n``: ``n > 1``
is made as n calls. A stream is Anthropic's named events (message_start,
content_block_start/delta/stop, message_delta, message_stop; ping and error).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Final

from ember._core import Secret
from ember._errors import InvalidParameter, ProviderUnavailable
from ember.models._params import Request
from ember.models._parts import split_data_url
from ember.models._result import ToolCall, Usage
from ember.models._transport import excerpt
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
    json_schema_native: ClassVar[bool] = True
    tools_native: ClassVar[bool] = True
    path: ClassVar[str] = "/v1/messages"
    models_path: ClassVar[str] = "/v1/models"
    max_temperature: ClassVar[float] = 1.0
    key_header: ClassVar[str] = "x-api-key"

    def headers(self, key: Secret | None) -> dict[str, str]:
        return {**super().headers(key), "anthropic-version": ANTHROPIC_VERSION}

    def max_tokens_sent(self, request: Request) -> int | None:
        return request.max_tokens or DEFAULT_MAX_TOKENS

    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        system = [m["content"] for m in request.messages if m["role"] in ("system", "developer")]
        messages = _messages(m for m in request.messages
                             if m["role"] not in ("system", "developer"))
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
        if request.temperature is not None and request.temperature > self.max_temperature:
            raise InvalidParameter(
                f"{model_id}: temperature={request.temperature:g} is out of range; "
                f"temperature must be a number from 0 to {self.max_temperature:g} "
                "for the Anthropic API.",
                model_id=model_id,
            )
        # seed: not an Anthropic field, compatible servers may use it; latency: understood by
        # Ember's simulator server only
        body.update(given(request, "temperature", "seed", "latency", stop="stop_sequences"))
        if request.tools:
            body["tools"] = [{"name": t.name, "description": t.description,
                              "input_schema": t.parameters} for t in request.tools]
        if request.tool_choice is not None:
            body["tool_choice"] = _TOOL_CHOICE.get(request.tool_choice) or \
                {"type": "tool", "name": request.tool_choice}
        if request.json_schema is not None:
            body["output_config"] = {"format": {"type": "json_schema",
                                                "schema": request.json_schema}}
        if request.extra:
            body.update(request.extra)
        return body

    def read(self, data: Any) -> Reply:
        blocks = data["content"]
        if not isinstance(blocks, list):
            raise TypeError("content is not a list")
        text = "".join(b["text"] for b in blocks if b.get("type") == "text")
        calls = tuple(ToolCall(str(b["id"]), str(b["name"]), dict(b.get("input") or {}))
                      for b in blocks if b.get("type") == "tool_use")
        reason = finish_reason(data.get("stop_reason"), "stop_reason")
        return Reply([Choice(text, _FINISH.get(reason, reason), calls)],
                     _usage(data.get("usage") or {}))

    def stream_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**body, "stream": True}

    def decoder(self) -> Decoder:
        return _Events()


_TOOL_CHOICE = {"auto": {"type": "auto"}, "none": {"type": "none"},
                "required": {"type": "any"}}


def _usage(usage: Any) -> Usage:
    return Usage(token_count(usage, "input_tokens"), token_count(usage, "output_tokens"))


def _part(part: Any) -> Any:
    """An OpenAI-form content part as an Anthropic block (other parts as they are)."""
    if not isinstance(part, dict) or part.get("type") != "image_url":
        return part
    url = part["image_url"]["url"]
    inline = split_data_url(url)
    if inline is not None:
        return {"type": "image", "source": {"type": "base64", "media_type": inline[0],
                                            "data": inline[1]}}
    return {"type": "image", "source": {"type": "url", "url": url}}


def _messages(messages: Any) -> list[dict[str, Any]]:
    """Messages in OpenAI's form as the Messages API takes them (see the module)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        content = m["content"]
        if isinstance(content, list):
            content = [_part(p) for p in content]
        if m["role"] == "tool":
            result = {"type": "tool_result", "tool_use_id": m.get("tool_call_id", ""),
                      "content": content if content is not None else ""}
            if out and out[-1]["role"] == "user" and isinstance(out[-1]["content"], list) \
                    and out[-1]["content"] and out[-1]["content"][0].get("type") == "tool_result":
                out[-1]["content"].append(result)
            else:
                out.append({"role": "user", "content": [result]})
            continue
        if m["role"] == "assistant" and m.get("tool_calls"):
            blocks = [{"type": "text", "text": content}] if isinstance(content, str) and \
                content else list(content or [])
            blocks += [{"type": "tool_use", "id": c["id"], "name": c["function"]["name"],
                        "input": tool_arguments(c["function"].get("arguments"))}
                       for c in m["tool_calls"]]
            out.append({"role": "assistant", "content": blocks})
            continue
        out.append({**m, "content": content})
    return out


class _Events(Decoder):
    """Reads the Messages API's stream events into text and tool_use blocks."""

    def __init__(self) -> None:
        self.blocks: dict[int, list[Any]] = {}  # index -> [type, id, name, [pieces]]
        self.tools: dict[int, int] = {}  # a tool_use block's index -> its place among calls
        self.input_tokens = self.output_tokens = 0
        self.finish: str | None = None

    def feed(self, event: str | None, data: str, emit: Emit) -> bool:
        message = json.loads(data)
        kind = message.get("type", event)
        if kind == "message_start":
            usage = message["message"].get("usage") or {}
            self.input_tokens = token_count(usage, "input_tokens")
            self.output_tokens = token_count(usage, "output_tokens")
        elif kind == "content_block_start":
            block = message["content_block"]
            self.blocks[message["index"]] = [block["type"], block.get("id", ""),
                                             block.get("name", ""), []]
            if block["type"] == "tool_use":  # numbered among the tool calls, as OpenAI's
                self.tools[message["index"]] = len(self.tools)
                emit("tool", (self.tools[message["index"]], block.get("id"), block.get("name"),
                              ""))
        elif kind == "content_block_delta":
            delta, slot = message["delta"], self.blocks[message["index"]]
            if delta["type"] == "text_delta":
                slot[3].append(delta["text"])
                emit("text", delta["text"])
            elif delta["type"] == "input_json_delta":
                slot[3].append(delta["partial_json"])
                emit("tool", (self.tools[message["index"]], None, None, delta["partial_json"]))
        elif kind == "message_delta":
            reason = finish_reason((message.get("delta") or {}).get("stop_reason"),
                                   "stop_reason")
            self.finish = _FINISH.get(reason, reason) if reason else self.finish
            usage = message.get("usage") or {}
            if usage.get("output_tokens") is not None:
                self.output_tokens = token_count(usage, "output_tokens")
        elif kind == "message_stop":
            return True
        elif kind == "error":
            error = message.get("error") or {}
            raise ProviderUnavailable(
                f"the stream ended with an error event ({excerpt(str(error.get('type')))}): "
                f"{excerpt(str(error.get('message')))}", status=200,
                body=excerpt(str(error.get("message"))))
        return False

    def reply(self) -> Reply:
        text = "".join("".join(b[3]) for _, b in sorted(self.blocks.items()) if b[0] == "text")
        calls = tuple(ToolCall(b[1], b[2], tool_arguments("".join(b[3])))
                      for _, b in sorted(self.blocks.items()) if b[0] == "tool_use")
        return Reply([Choice(text, self.finish, calls)],
                     Usage(self.input_tokens, self.output_tokens))
