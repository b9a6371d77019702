"""Google Gemini's wire: ``POST /v1beta/models/{model}:generateContent``.

The key comes in the ``x-goog-api-key`` header (or Google's ``?key=`` query, which Ember
never sends). ``contents`` (roles ``user`` and ``model``, text ``parts``) and
``systemInstruction`` become the chat; ``generationConfig`` gives temperature (0 to 2),
``maxOutputTokens``, ``stopSequences``, ``seed`` and a JSON schema for the answer
(``responseJsonSchema``, with ``responseMimeType: application/json``). ``tools`` hold
``functionDeclarations`` (``toolConfig.functionCallingConfig`` chooses: AUTO, ANY, NONE,
``allowedFunctionNames``); tool calls come back as ``functionCall`` parts, and
``functionCall``/``functionResponse`` parts in ``contents`` are the turns of a tool loop. Answers are ``candidates`` with
``usageMetadata``; errors are ``{"error": {"code", "message", "status"}}``.
``:streamGenerateContent?alt=sse`` streams the same answer as server-sent events (no
``event:`` line), a piece of text each, the last with ``finishReason`` and usage.
"""

from __future__ import annotations

import json
import math
from typing import Any

from aiohttp import web

from ._chat import ChatCall, ChatRequest, Choice, Tool, read_schema
from ._wire import (
    PIECE,
    BadRequest,
    Frames,
    Route,
    Wire,
    opt_int,
    opt_number,
    same_key,
    show,
    sse,
    stop_list,
    tool_list,
)

__all__ = ["Gemini"]

_ROLES = {"user": "user", "model": "assistant"}
_FINISH = {"stop": "STOP", "length": "MAX_TOKENS", "tool_calls": "STOP"}
_MODES = {"AUTO": "auto", "ANY": "required", "NONE": "none"}


class Gemini(Wire):
    name = "gemini"
    # kind -> (Google's status name, HTTP code), the codes Google's errors carry.
    errors = {
        "bad_request": ("INVALID_ARGUMENT", "400"),
        "not_found": ("NOT_FOUND", "404"),
        "too_large": ("INVALID_ARGUMENT", "413"),
        "auth": ("UNAUTHENTICATED", "401"),
        "requests": ("RESOURCE_EXHAUSTED", "429"),
        "tokens": ("RESOURCE_EXHAUSTED", "429"),
        "rate_limit": ("RESOURCE_EXHAUSTED", "429"),
        "server": ("INTERNAL", "500"),
    }

    def routes(self) -> list[Route]:
        return [Route("/v1beta/models/{model}:generateContent",
                      lambda body, request: _Generate(_parse(body, request))),
                Route("/v1beta/models/{model}:streamGenerateContent",
                      lambda body, request: _Generate(_parse(body, request, stream=True)))]

    def claims(self, request: web.Request) -> bool:
        return request.path.startswith("/v1beta/") or "x-goog-api-key" in request.headers

    def authorized(self, request: web.Request, key: str) -> bool | None:
        return same_key(request.headers.get("x-goog-api-key") or request.query.get("key"), key)

    def auth_message(self, missing: bool) -> str:
        if missing:
            return ("Method doesn't allow unregistered callers. Please use API Key "
                    "(x-goog-api-key header).")
        return "API key not valid. Please pass a valid API key."

    def model_list(self, names: tuple[str, ...]) -> object:
        return {"models": [{"name": f"models/{n}", "displayName": n} for n in names]}

    def error_body(self, kind: str, message: str, param: str | None) -> object:
        status, code = self.errors[kind]
        return {"error": {"code": int(code), "message": message, "status": status}}


def _text(parts: object, where: str, *, calls: bool = False) -> str:
    """The text of `parts`; `calls`: a tool loop's parts (functionCall, functionResponse)
    are allowed too, and read as the JSON they hold."""
    if not isinstance(parts, list) or not parts:
        raise BadRequest(f"{where}.parts must be a non-empty list", f"{where}.parts")
    texts = []
    for j, p in enumerate(parts):
        if calls and isinstance(p, dict) and isinstance(
                p.get("functionCall") or p.get("functionResponse"), dict):
            texts.append(json.dumps(p.get("functionCall") or p.get("functionResponse")))
            continue
        if not isinstance(p, dict) or not isinstance(p.get("text"), str):
            raise BadRequest(f"{where}.parts[{j}] must be an object with a string 'text', got "
                             f"{show(p)}", f"{where}.parts[{j}]")
        texts.append(p["text"])
    return "".join(texts)


def _is_result(content: object) -> bool:
    parts = content.get("parts") if isinstance(content, dict) else None
    return isinstance(parts, list) and any(
        isinstance(p, dict) and "functionResponse" in p for p in parts)


def _read_tools(body: dict[str, Any], req: ChatRequest) -> None:
    raw = tool_list(body)
    if raw is None:
        return
    for i, group in enumerate(raw):
        declared = group.get("functionDeclarations") if isinstance(group, dict) else None
        if not isinstance(declared, list):
            raise BadRequest(f"tools[{i}] must hold 'functionDeclarations'", f"tools[{i}]")
        for j, f in enumerate(declared):
            where = f"tools[{i}].functionDeclarations[{j}]"
            if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
                raise BadRequest(f"{where} needs a string 'name'", where)
            req.tools.append(Tool(f["name"], read_schema(
                f.get("parameters", {"type": "object"}), f"{where}.parameters")))
    config = (body.get("toolConfig") or {}).get("functionCallingConfig") \
        if isinstance(body.get("toolConfig"), dict) else None
    if config is None:
        return
    mode = config.get("mode", "AUTO") if isinstance(config, dict) else None
    if mode not in _MODES:
        raise BadRequest(f"functionCallingConfig.mode must be one of {', '.join(_MODES)}, "
                         f"got {show(mode)}", "toolConfig")
    req.tool_choice = _MODES[mode]
    allowed = config.get("allowedFunctionNames")
    if allowed is not None:
        known = {t.name for t in req.tools}
        if not isinstance(allowed, list) or not allowed or not set(allowed) <= known:
            raise BadRequest("allowedFunctionNames must name declared functions", "toolConfig")
        if len(allowed) == 1:
            req.tool_choice = allowed[0]


def _parse(body: object, request: web.Request, *, stream: bool = False) -> ChatRequest:
    if not isinstance(body, dict):
        raise BadRequest(f"the request body must be a JSON object, got {type(body).__name__}")
    contents = body.get("contents")
    if not isinstance(contents, list) or not contents:
        raise BadRequest("'contents' is required and must be a non-empty list", "contents")
    messages: list[dict[str, Any]] = []
    system = body.get("systemInstruction")
    if system is not None:
        if not isinstance(system, dict):
            raise BadRequest("'systemInstruction' must be an object with 'parts'",
                             "systemInstruction")
        messages.append({"role": "system", "content": _text(system.get("parts"),
                                                             "systemInstruction")})
    for i, c in enumerate(contents):
        role = c.get("role", "user") if isinstance(c, dict) else None
        if role not in _ROLES:
            raise BadRequest(f"contents[{i}] must be an object with role 'user' or 'model'",
                             f"contents[{i}]")
        result = _is_result(c)
        messages.append({"role": "tool" if result else _ROLES[role],
                         "content": _text(c.get("parts"), f"contents[{i}]", calls=True)})
    config = body.get("generationConfig") or {}
    if not isinstance(config, dict):
        raise BadRequest(f"'generationConfig' must be an object, got {show(config)}",
                         "generationConfig")
    req = ChatRequest(
        model=request.match_info["model"], messages=messages,
        temperature=opt_number(config, "temperature", 0.0, 2.0),
        max_tokens=opt_int(config, "maxOutputTokens", 1),
        seed=opt_int(config, "seed", -(2**31)),
        stop=stop_list(config, "stopSequences"),
        latency=opt_number(body, "latency", 0.0, math.inf),
        stream=stream,
        after_tool=_is_result(contents[-1]),
    )
    _read_tools(body, req)
    schema = config.get("responseJsonSchema")
    if schema is not None:
        if config.get("responseMimeType") != "application/json":
            raise BadRequest("responseJsonSchema needs responseMimeType 'application/json'",
                             "generationConfig.responseMimeType")
        req.json_mode = "schema"
        req.schema = read_schema(schema, "generationConfig.responseJsonSchema")
    return req


class _Generate(ChatCall):
    def answer(self, rid: str) -> object:
        [c] = self.choices()
        return self._chunk(rid, c.text or "", c)

    def _chunk(self, rid: str, text: str, last: Choice | None) -> dict[str, Any]:
        """A response (or a stream's piece): `text`; `last` gives the end and the usage."""
        parts: list[dict[str, Any]] = [{"text": text}]
        if last is not None and last.tool_calls:  # the calls, whole, in the last piece
            parts = [{"functionCall": {"id": "call_" + t.id, "name": t.name, "args": t.input}}
                     for t in last.tool_calls]
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}, "index": 0}
        out: dict[str, Any] = {"candidates": [candidate], "modelVersion": self.model,
                               "responseId": rid}
        if last is not None:
            candidate["finishReason"] = _FINISH[last.finish]
            out["usageMetadata"] = {
                "promptTokenCount": last.prompt_tokens,
                "candidatesTokenCount": last.completion_tokens,
                "totalTokenCount": last.prompt_tokens + last.completion_tokens}
        return out

    def frames(self, rid: str) -> Frames:
        [c] = self.choices()
        pieces = PIECE.findall(c.text or "") or [""]
        if c.tool_calls:
            pieces = [""]
        body = [(sse(None, self._chunk(rid, p, None)), p) for p in pieces[:-1]]
        return [], body, [sse(None, self._chunk(rid, pieces[-1], c))]
