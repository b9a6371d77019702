"""Anthropic's wire: `POST /v1/messages` and `POST /v1/messages/count_tokens`.

The key comes as `x-api-key` or as `Authorization: Bearer` (what the SDK sends for an
auth token). Answers are `message` objects with text or `tool_use` blocks (for `tools`
and `tool_choice`), JSON text for `output_config.format` (a JSON schema), and stream as
Anthropic's events: message_start, content_block_start/delta/stop per block, message_delta,
message_stop. `count_tokens` gives the `input_tokens` a message call would report. Errors
are ``{"type": "error", "error": {"type", "message"}}``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._chat import (
    ChatCall,
    ChatRequest,
    Choice,
    Tool,
    parse_tool_choice,
    read_common,
    read_content,
    read_messages,
    read_schema,
)
from ._text import message_text
from ._wire import (
    PIECE,
    BadRequest,
    Call,
    Frames,
    Route,
    Wire,
    bearer,
    opt_int,
    same_key,
    sse,
    stop_list,
    tool_list,
)

__all__ = ["Anthropic"]

_ROLES = frozenset({"user", "assistant"})
_RESULTS = ("tool_result",)
_TOOL_CHOICES = {"auto": "auto", "none": "none", "any": "required", "tool": "name"}


class Anthropic(Wire):
    name = "anthropic"
    errors = {
        "bad_request": ("invalid_request_error", None),
        "not_found": ("not_found_error", None),
        "too_large": ("request_too_large", None),
        "auth": ("authentication_error", None),
        "requests": ("rate_limit_error", None),
        "tokens": ("rate_limit_error", None),
        "rate_limit": ("rate_limit_error", None),
        "server": ("api_error", None),
    }

    def routes(self) -> list[Route]:
        return [
            Route("/v1/messages", lambda body, _: _Messages(_parse(body, counting=False)), "msg_"),
            Route("/v1/messages/count_tokens", lambda body, _: _Count(_parse(body, counting=True))),
        ]

    def claims(self, request: web.Request) -> bool:
        return "/messages" in request.path or any(
            h in request.headers for h in ("anthropic-version", "x-api-key"))

    def authorized(self, request: web.Request, key: str) -> bool | None:
        header = request.headers.get("x-api-key")
        return bearer(request, key) if header is None else same_key(header, key)

    def auth_message(self, missing: bool) -> str:
        if missing:
            return "x-api-key header is required (or Authorization: Bearer with a token)"
        return "invalid x-api-key"

    def model_list(self, names: tuple[str, ...]) -> object:
        data = [{"type": "model", "id": name, "display_name": name,
                 "created_at": "2025-01-01T00:00:00Z"} for name in names]
        return {"data": data, "has_more": False, "first_id": names[0], "last_id": names[-1]}

    def error_body(self, kind: str, message: str, param: str | None) -> object:
        return {"type": "error", "error": {"type": self.errors[kind][0], "message": message}}


def _parse(body: object, *, counting: bool) -> ChatRequest:
    common = read_common(body, temperature_max=1.0)
    assert isinstance(body, dict)
    if not counting and body.get("max_tokens") is None:
        raise BadRequest("max_tokens: Field required", "max_tokens")
    messages = []
    system = message_text(read_content(body.get("system"), "system"))[0]
    if system:
        messages.append({"role": "system", "content": system})
    messages += read_messages(
        body["messages"], roles=_ROLES, results=_RESULTS,
        hint=" (put system text in the top-level 'system' field)")
    stop = stop_list(body, "stop_sequences")
    last = body["messages"][-1].get("content")
    req = ChatRequest(
        messages=messages,
        max_tokens=opt_int(body, "max_tokens", 1),
        stop=stop if stop is not None else stop_list(body, "stop"),
        after_tool=isinstance(last, list) and any(
            isinstance(p, dict) and p.get("type") in _RESULTS for p in last),
        **common,
    )
    _read_tools(body, req)
    fmt = (body.get("output_config") or {}).get("format") if isinstance(
        body.get("output_config"), dict) else None
    if fmt is not None:
        if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
            raise BadRequest("'output_config.format' must be {'type': 'json_schema', "
                             "'schema': {...}}", "output_config")
        req.json_mode = "schema"
        req.schema = read_schema(fmt.get("schema"), "output_config.format.schema")
    return req


def _read_tools(body: dict[str, Any], req: ChatRequest) -> None:
    raw = tool_list(body)
    if raw is None:
        return
    for i, t in enumerate(raw):
        if not isinstance(t, dict) or not isinstance(t.get("name"), str) or not t["name"]:
            raise BadRequest(f"tools.{i}: a tool needs a string 'name' and an 'input_schema'",
                             f"tools.{i}")
        schema = read_schema(t.get("input_schema", {"type": "object"}), f"tools.{i}.input_schema")
        req.tools.append(Tool(t["name"], schema))
    choice = body.get("tool_choice")
    if choice is not None:
        req.tool_choice = parse_tool_choice(choice, req.tools, "tool_choice", _TOOL_CHOICES)
        if isinstance(choice, dict) and choice.get("disable_parallel_tool_use"):
            req.parallel_tools = False


def _stop_reason(c: Choice) -> str:
    if c.finish == "tool_calls":
        return "tool_use"
    if c.finish == "length":
        return "max_tokens"
    return "stop_sequence" if c.stop_sequence is not None else "end_turn"


def _blocks(c: Choice) -> list[dict[str, Any]]:
    if c.tool_calls:
        return [{"type": "tool_use", "id": "toolu_" + t.id, "name": t.name, "input": t.input}
                for t in c.tool_calls]
    return [{"type": "text", "text": c.text}]


class _Messages(ChatCall):
    def answer(self, rid: str) -> object:
        [c] = self.choices()
        return {
            "id": rid,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": _blocks(c),
            "stop_reason": _stop_reason(c),
            "stop_sequence": c.stop_sequence,
            "usage": {"input_tokens": c.prompt_tokens, "output_tokens": c.completion_tokens},
        }

    def frames(self, rid: str) -> Frames:
        [c] = self.choices()
        message = {
            "id": rid, "type": "message", "role": "assistant", "model": self.model,
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": c.prompt_tokens, "output_tokens": 1},
        }
        body: list[tuple[bytes, str]] = []
        for index, block in enumerate(_blocks(c)):
            if block["type"] == "text":
                start, text, kind, key = {"type": "text", "text": ""}, block["text"], \
                    "text_delta", "text"
            else:
                start = {**block, "input": {}}
                text, kind, key = c.tool_calls[index].arguments, "input_json_delta", \
                    "partial_json"
            body.append((sse("content_block_start", {"type": "content_block_start",
                                                     "index": index, "content_block": start}), ""))
            body += [(sse("content_block_delta", {"type": "content_block_delta", "index": index,
                                                  "delta": {"type": kind, key: p}}), p)
                     for p in PIECE.findall(text)]
            body.append((sse("content_block_stop",
                             {"type": "content_block_stop", "index": index}), ""))
        # As Anthropic sends it: a ping after the first block's start.
        head = [sse("message_start", {"type": "message_start", "message": message}),
                body.pop(0)[0], sse("ping", {"type": "ping"})]
        tail = [
            sse("message_delta", {
                "type": "message_delta",
                "delta": {"stop_reason": _stop_reason(c), "stop_sequence": c.stop_sequence},
                "usage": {"output_tokens": c.completion_tokens}}),
            sse("message_stop", {"type": "message_stop"}),
        ]
        return head, body, tail


class _Count(Call):
    """`count_tokens`: the prompt's tokens, answered at once."""

    instant = True

    def __init__(self, req: ChatRequest) -> None:
        self.req, self.model = req, req.model

    def tokens(self) -> tuple[int, int]:
        return ChatCall(self.req).tokens()[0], 0

    def answer(self, rid: str) -> object:
        return {"input_tokens": self.tokens()[0]}
