"""OpenAI's wire: `POST /v1/chat/completions` and `POST /v1/embeddings`.

Chat answers carry `n` choices (usage summed), `logprobs` with `top_logprobs`, JSON for
`response_format` (`json_object`, or `json_schema` with a value that matches the schema),
tool calls for `tools`/`tool_choice`, and stream as `chat.completion.chunk` events ending in
``data: [DONE]`` (with a usage chunk for `stream_options.include_usage`). Errors are
``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import math
import time
from typing import Any

from aiohttp import web

from ._chat import (
    ChatCall,
    ChatRequest,
    Choice,
    Tool,
    parse_tool_choice,
    read_common,
    read_messages,
    read_schema,
)
from ._embed import DEFAULT_DIMENSIONS, embedding, encode_base64, input_tokens
from ._text import token_logprobs, tokens
from ._wire import (
    PIECE,
    BadRequest,
    Call,
    Frames,
    Route,
    Wire,
    bearer,
    opt_bool,
    opt_int,
    opt_number,
    read_model,
    show,
    sse,
    stop_list,
    tool_list,
)

__all__ = ["OpenAI"]

_FINGERPRINT = "fp_ember_sim"
_TOOL_CHOICES = {"auto": "auto", "none": "none", "required": "required", "function": "name"}


class OpenAI(Wire):
    name = "openai"
    errors = {
        "bad_request": ("invalid_request_error", None),
        "not_found": ("invalid_request_error", None),
        "too_large": ("invalid_request_error", None),
        "auth": ("invalid_request_error", "invalid_api_key"),
        "requests": ("requests", "rate_limit_exceeded"),
        "tokens": ("tokens", "rate_limit_exceeded"),
        "rate_limit": ("rate_limit_error", "rate_limit_exceeded"),
        "server": ("server_error", None),
    }

    def routes(self) -> list[Route]:
        return [
            Route("/v1/chat/completions", lambda body, _: _Chat(_parse_chat(body)), "chatcmpl-"),
            Route("/v1/embeddings", lambda body, _: _parse_embeddings(body)),
        ]

    def claims(self, request: web.Request) -> bool:
        return True  # the default wire: anything no other wire claims

    def authorized(self, request: web.Request, key: str) -> bool | None:
        return bearer(request, key)

    def auth_message(self, missing: bool) -> str:
        if missing:
            return (
                "You didn't provide an API key. Provide it in an Authorization header "
                "using Bearer auth (Authorization: Bearer YOUR_KEY)."
            )
        return "Incorrect API key provided."

    def model_list(self, names: tuple[str, ...]) -> object:
        return {"object": "list", "data": [
            {"id": name, "object": "model", "created": 0, "owned_by": "ember-sim"}
            for name in names]}

    def error_body(self, kind: str, message: str, param: str | None) -> object:
        type_, code = self.errors[kind]
        return {"error": {"message": message, "type": type_, "param": param, "code": code}}


# --------------------------------------------------------------------------- chat


def _parse_chat(body: object) -> ChatRequest:
    common = read_common(body, temperature_max=2.0)
    assert isinstance(body, dict)
    messages = read_messages(body["messages"], roles=None)
    max_tokens = opt_int(body, "max_completion_tokens", 1)
    if max_tokens is None:
        max_tokens = opt_int(body, "max_tokens", 1)
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise BadRequest(f"'stream_options' must be an object, got {show(options)}",
                         "stream_options")
    req = ChatRequest(
        messages=messages,
        max_tokens=max_tokens,
        stop=stop_list(body, "stop"),
        n=opt_int(body, "n", 1, 128) or 1,
        after_tool=messages[-1]["role"] == "tool",
        include_usage=bool(options.get("include_usage")),
        **common,
    )
    _read_logprobs(body, req)
    _read_response_format(body, req)
    _read_tools(body, req)
    return req


def _read_logprobs(body: dict[str, Any], req: ChatRequest) -> None:
    top = opt_int(body, "top_logprobs", 0, 20)
    if opt_bool(body, "logprobs", False):
        req.top_logprobs = top or 0
    elif top is not None:
        raise BadRequest("'top_logprobs' needs 'logprobs' set to true", "top_logprobs")


def _read_response_format(body: dict[str, Any], req: ChatRequest) -> None:
    fmt = body.get("response_format")
    if fmt is None:
        return
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind == "json_object":
        req.json_mode = "object"
    elif kind == "json_schema":
        spec = fmt.get("json_schema")
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise BadRequest("'response_format.json_schema' must be an object with a 'name' "
                             "and a 'schema'", "response_format")
        req.json_mode, req.schema = "schema", read_schema(spec.get("schema", {}),
                                                          "response_format.json_schema.schema")
    elif kind != "text":
        raise BadRequest("'response_format.type' must be 'text', 'json_object' or "
                         f"'json_schema', got {show(fmt)}", "response_format")


def _read_tools(body: dict[str, Any], req: ChatRequest) -> None:
    raw = tool_list(body)
    if raw is None:
        if body.get("tool_choice") not in (None, "none", "auto"):
            raise BadRequest("'tool_choice' is set but there are no 'tools'", "tool_choice")
        return
    for i, t in enumerate(raw):
        fn = t.get("function") if isinstance(t, dict) and t.get("type") == "function" else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str) or not fn["name"]:
            raise BadRequest(f"tools[{i}] must be {{'type': 'function', 'function': "
                             "{'name': ..., 'parameters': {...}}}", f"tools[{i}]")
        params = read_schema(fn.get("parameters", {"type": "object", "properties": {}}),
                             f"tools[{i}].function.parameters")
        req.tools.append(Tool(fn["name"], params))
    if body.get("tool_choice") is not None:
        req.tool_choice = parse_tool_choice(body["tool_choice"], req.tools, "tool_choice",
                                            _TOOL_CHOICES)
    req.parallel_tools = opt_bool(body, "parallel_tool_calls", True)


class _Chat(ChatCall):
    def _usage(self) -> dict[str, int]:
        prompt, completion = self.tokens()
        return {"prompt_tokens": prompt, "completion_tokens": completion,
                "total_tokens": prompt + completion}

    def _logprobs(self, choice: Choice) -> dict[str, Any] | None:
        if self.req.top_logprobs is None:
            return None
        if choice.text is None:
            return {"content": None, "refusal": None}
        entries = token_logprobs(choice.text, self.req.top_logprobs, choice.key)
        return {"content": entries, "refusal": None}

    def answer(self, rid: str) -> object:
        out = []
        for c in self.choices():
            message: dict[str, Any] = {"role": "assistant", "content": c.text, "refusal": None}
            if c.tool_calls:
                message["tool_calls"] = [
                    {"id": "call_" + t.id, "type": "function",
                     "function": {"name": t.name, "arguments": t.arguments}}
                    for t in c.tool_calls]
            out.append({"index": c.index, "message": message, "logprobs": self._logprobs(c),
                        "finish_reason": c.finish})
        return {"id": rid, "object": "chat.completion", "created": int(time.time()),
                "model": self.model, "choices": out, "usage": self._usage(),
                "system_fingerprint": _FINGERPRINT}

    def frames(self, rid: str) -> Frames:
        created = int(time.time())
        include_usage = self.req.include_usage

        def chunk(index: int, delta: dict[str, Any], finish: str | None = None,
                  logprobs: dict[str, Any] | None = None) -> bytes:
            out: dict[str, Any] = {
                "id": rid, "object": "chat.completion.chunk", "created": created,
                "model": self.model, "system_fingerprint": _FINGERPRINT,
                "choices": [{"index": index, "delta": delta, "logprobs": logprobs,
                             "finish_reason": finish}],
            }
            if include_usage:
                out["usage"] = None
            return sse(None, out)

        made = self.choices()
        head = [chunk(c.index, {"role": "assistant", "content": "" if c.text is not None
                                else None}) for c in made]
        body: list[tuple[bytes, str]] = []
        for c in made:
            body += self._pieces(c, chunk)
        tail = [chunk(c.index, {}, c.finish) for c in made]
        if include_usage:
            tail.append(sse(None, {
                "id": rid, "object": "chat.completion.chunk", "created": created,
                "model": self.model, "system_fingerprint": _FINGERPRINT, "choices": [],
                "usage": self._usage()}))
        tail.append(b"data: [DONE]\n\n")
        return head, body, tail

    def _pieces(self, c: Choice, chunk: Any) -> list[tuple[bytes, str]]:
        if c.text is not None:
            out, seen = [], 0
            lp = self._logprobs(c)
            for p in PIECE.findall(c.text):
                count = len(tokens(p))
                part = None if lp is None else {"content": lp["content"][seen:seen + count],
                                                "refusal": None}
                seen += count
                out.append((chunk(c.index, {"content": p}, logprobs=part), p))
            return out
        out = []
        for j, t in enumerate(c.tool_calls):
            first = {"index": j, "id": "call_" + t.id, "type": "function",
                     "function": {"name": t.name, "arguments": ""}}
            out.append((chunk(c.index, {"tool_calls": [first]}), t.name))
            out += [(chunk(c.index, {"tool_calls": [{"index": j, "function": {"arguments": p}}]}),
                     p) for p in PIECE.findall(t.arguments)]
        return out


# --------------------------------------------------------------------------- embeddings


class _Embeddings(Call):
    paced = False

    def __init__(self, model: str, texts: list[str], dimensions: int, base64: bool,
                 latency: float | None) -> None:
        self.model, self.texts, self.dimensions = model, texts, dimensions
        self.base64, self.latency = base64, latency

    def tokens(self) -> tuple[int, int]:
        return input_tokens(self.texts), 0

    def answer(self, rid: str) -> object:
        data = []
        for i, text in enumerate(self.texts):
            vector = embedding(self.model, text, self.dimensions)
            data.append({"object": "embedding", "index": i,
                         "embedding": encode_base64(vector) if self.base64 else vector})
        used = self.tokens()[0]
        return {"object": "list", "data": data, "model": self.model,
                "usage": {"prompt_tokens": used, "total_tokens": used}}


def _parse_embeddings(body: object) -> _Embeddings:
    model = read_model(body)
    assert isinstance(body, dict)
    raw = body.get("input")
    # A string, a list of strings, a list of token ids, or a list of lists of token ids.
    items = [raw] if isinstance(raw, str) or _token_ids(raw) else raw
    if not isinstance(items, list) or not items or not all(
            isinstance(x, str) or _token_ids(x) for x in items):
        raise BadRequest("'input' must be a string, a non-empty list of strings, or token ids, "
                         f"got {show(raw)}", "input")
    texts = [x if isinstance(x, str) else " ".join(map(str, x)) for x in items]
    fmt = body.get("encoding_format", "float")
    if fmt not in ("float", "base64"):
        raise BadRequest(f"'encoding_format' must be 'float' or 'base64', got {show(fmt)}",
                         "encoding_format")
    dimensions = opt_int(body, "dimensions", 1, 8192) or DEFAULT_DIMENSIONS
    return _Embeddings(model, texts, dimensions, fmt == "base64",
                       opt_number(body, "latency", 0.0, math.inf))


def _token_ids(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(x, int) and not isinstance(x, bool) for x in value)
