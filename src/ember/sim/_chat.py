"""Chat requests as every wire reads them, and the choices the simulated model answers.

A wire module parses its own field names into a `ChatRequest` (with the shared checks
here), then formats the `Choice`s that `choices` makes: text from `generate` (the same
text as the in-process `sim/` provider), JSON that matches a requested schema, or tool
calls whose arguments match each tool's parameter schema.

When the model calls tools: with `tool_choice` "required" or a named tool, always; with
"auto" (the default), when the last user message names a tool (its name, or a word of
four letters or more from it, such as "weather" for ``get_weather``) and no tool result
has come back since. It calls every tool named, in the order named, or only the first
when parallel tool calls are off; "required" with none named calls the first tool.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._schema import SchemaError, break_value, value_for
from ._text import Completion, count_tokens, cut, generate, message_text, request_key
from ._wire import BadRequest, Call, opt_int, opt_number, read_model, show

__all__ = ["ChatCall", "ChatRequest", "Choice", "Tool", "ToolCall", "choices", "parse_tool_choice",
           "read_common", "read_content", "read_messages", "read_schema"]


@dataclass(frozen=True, slots=True)
class Tool:
    """A tool the model may call: its name and the JSON schema of its arguments."""

    name: str
    parameters: dict[str, Any]


@dataclass(slots=True)
class ChatRequest:
    """A chat request in the wire-neutral form `choices` answers."""

    model: str
    messages: list[dict[str, Any]]
    temperature: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: list[str] | None = None
    stream: bool = False
    latency: float | None = None
    n: int = 1
    top_logprobs: int | None = None  # None: no logprobs
    json_mode: Literal["", "object", "schema"] = ""
    schema: dict[str, Any] | None = None
    tools: list[Tool] = field(default_factory=list)
    tool_choice: str = "auto"  # "auto", "none", "required", or a tool's name
    parallel_tools: bool = True
    after_tool: bool = False  # the last message carries a tool's result
    include_usage: bool = False  # a stream ends with a usage chunk (OpenAI)


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text
    input: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer: text or tool calls, with its token counts and why it ended."""

    index: int
    text: str | None
    tool_calls: tuple[ToolCall, ...]
    prompt_tokens: int
    completion_tokens: int
    finish: Literal["stop", "length", "tool_calls"]
    stop_sequence: str | None
    key: int  # seeds the choice's logprobs


def read_common(body: object, *, temperature_max: float) -> dict[str, Any]:
    """The fields both wires share, checked: model, messages present, temperature, seed,
    stream and the simulator's own `latency`."""
    model = read_model(body)
    assert isinstance(body, dict)
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("'messages' is required and must be a non-empty list", "messages")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise BadRequest(f"'stream' must be a boolean, got {show(stream)}", "stream")
    return {
        "model": model,
        "temperature": opt_number(body, "temperature", 0.0, temperature_max),
        "seed": opt_int(body, "seed", -(2**63)),
        "stream": stream,
        "latency": opt_number(body, "latency", 0.0, math.inf),
    }


def read_content(content: object, where: str, *, results: tuple[str, ...] = ()) -> object:
    """What the model reads of a message: a str, or its checked list of parts (kept as a
    list so that `generate` counts its images). Parts of a type in `results` (tool results)
    are read as text parts holding their content."""
    if content is None or isinstance(content, str):
        return content or ""
    if not isinstance(content, list):
        raise BadRequest(
            f"{where} must be a string or a list of content parts, got {show(content)}", where
        )
    parts: list[Any] = []
    for part in content:
        if not isinstance(part, dict) or not isinstance(part.get("type"), str):
            raise BadRequest(f"{where}: each content part must be an object with a 'type'", where)
        if part["type"] == "text" and not isinstance(part.get("text"), str):
            raise BadRequest(f"{where}: a text part needs a string 'text'", where)
        if part["type"] in results:
            inner = read_content(part.get("content"), where)
            parts.append({"type": "text", "text": message_text(inner)[0]})
        else:
            parts.append(part)
    return parts


def read_messages(
    items: list[Any], *, roles: frozenset[str] | None, hint: str = "", results: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Each message as {"role", "content"}, checked; `roles` None allows any string role."""
    messages = []
    for i, m in enumerate(items):
        role = m.get("role") if isinstance(m, dict) else None
        if not isinstance(role, str) or (roles is not None and role not in roles):
            allowed = "a string 'role'" if roles is None else "role " + " or ".join(
                repr(r) for r in sorted(roles))
            raise BadRequest(f"messages[{i}] must be an object with {allowed}{hint}",
                             f"messages[{i}]")
        content = read_content(m.get("content"), f"messages[{i}].content", results=results)
        messages.append({"role": role, "content": content})
    return messages


def read_schema(value: object, where: str) -> dict[str, Any]:
    """A JSON schema: an object (the subset `value_for` understands is filled in)."""
    if not isinstance(value, dict):
        raise BadRequest(f"'{where}' must be a JSON schema object, got {show(value)}", where)
    return value


def choices(req: ChatRequest, *, broken: bool = False) -> list[Choice]:
    """The request's `n` answers; `broken` makes a schema-bound answer break its schema.

    Raises:
        BadRequest: a schema (of the answer or of a tool's arguments) cannot be filled in.
    """
    called = _tools_to_call(req)
    try:
        return _choices(req, called, broken)
    except SchemaError as exc:
        where = "tools" if called else "response_format"
        raise BadRequest(f"the JSON schema in '{where}': {exc}", where) from None


def _choices(req: ChatRequest, called: list[Tool], broken: bool) -> list[Choice]:
    extra = _prompt_extra(req)
    out = []
    for i in range(req.n):
        done = generate(req.model, req.messages, temperature=req.temperature,
                        max_tokens=None if req.json_mode or called else req.max_tokens,
                        seed=req.seed, stop=None if called else req.stop, choice=i)
        key = request_key(req.model, req.messages, req.temperature, req.seed, i)
        prompt = done.prompt_tokens + extra
        if called:
            calls = tuple(_call(tool, req, key, j) for j, tool in enumerate(called))
            spent = sum(count_tokens(c.name + c.arguments) for c in calls)
            out.append(Choice(i, None, calls, prompt, spent, "tool_calls", None, key))
        elif req.json_mode:
            out.append(_json_choice(req, done, i, key, prompt, broken))
        else:
            out.append(Choice(i, done.text, (), prompt, done.completion_tokens,
                              "length" if done.finish_reason == "length" else "stop",
                              done.stop_sequence, key))
    return out


def _json_choice(req: ChatRequest, done: Completion, index: int, key: int, prompt: int,
                 broken: bool) -> Choice:
    if req.json_mode == "schema":
        assert req.schema is not None
        value = value_for(req.schema, random.Random(key), _words(done.text))
        if broken:
            value = break_value(req.schema, value)
    else:
        value = {"answer": done.text}
    text, was_cut = cut(json.dumps(value), req.max_tokens)
    return Choice(index, text, (), prompt, count_tokens(text), "length" if was_cut else "stop",
                  None, key)


def _prompt_extra(req: ChatRequest) -> int:
    """Prompt tokens beyond the messages: the tool definitions and the schema, as real
    providers count them."""
    extra = sum(count_tokens(t.name + json.dumps(t.parameters)) for t in req.tools)
    return extra + (count_tokens(json.dumps(req.schema)) if req.schema is not None else 0)


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower() not in ("gpt", "claude")] or ["value"]


def _last_user_text(req: ChatRequest) -> str:
    for m in reversed(req.messages):
        if m["role"] == "user":
            return message_text(m["content"])[0]
    return ""


def _mentions(tool: Tool, text: str) -> int | None:
    """Where `text` first names `tool` (its name or a word of it), or None."""
    lowered = text.lower()
    spots = [lowered.find(tool.name.lower())]
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", tool.name)
    for word in re.split(r"[\s_\-.]+", spaced.lower()):
        if len(word) >= 4:
            found = re.search(rf"\b{re.escape(word)}", lowered)
            spots.append(found.start() if found else -1)
    spots = [s for s in spots if s >= 0]
    return min(spots) if spots else None


def _tools_to_call(req: ChatRequest) -> list[Tool]:
    if not req.tools or req.tool_choice == "none":
        return []
    if req.tool_choice not in ("auto", "required"):
        return [t for t in req.tools if t.name == req.tool_choice][:1]
    if req.tool_choice == "auto" and req.after_tool:
        return []
    last = _last_user_text(req)
    named = sorted((spot, i) for i, t in enumerate(req.tools)
                   if (spot := _mentions(t, last)) is not None)
    picked = [req.tools[i] for _, i in named]
    if not picked and req.tool_choice == "required":
        picked = req.tools[:1]
    return picked if req.parallel_tools else picked[:1]


def _call(tool: Tool, req: ChatRequest, key: int, index: int) -> ToolCall:
    seed = request_key(tool.name, [], key, index)
    value = value_for(tool.parameters, random.Random(seed), _words(_last_user_text(req)))
    if not isinstance(value, dict):
        value = {"value": value}
    digest = hashlib.blake2b(f"{seed}".encode(), digest_size=12).hexdigest()
    return ToolCall(id=digest, name=tool.name, arguments=json.dumps(value), input=value)


def parse_tool_choice(value: object, tools: list[Tool], where: str,
                      named: Mapping[str, str]) -> str:
    """A tool choice as "auto"/"none"/"required" or a tool's name; `named` maps the wire's
    own words to those (Anthropic's "any" is "required")."""
    mode = value.get("type") if isinstance(value, dict) else value
    if isinstance(mode, str) and mode in named:
        chosen = named[mode]
        if chosen != "name":
            return chosen
        name = value.get("name") if isinstance(value, dict) else None
        if isinstance(value, dict) and isinstance(value.get("function"), dict):
            name = value["function"].get("name")
        if any(t.name == name for t in tools):
            return str(name)
        raise BadRequest(f"'{where}' names tool {show(name)}, which is not in 'tools'", where)
    raise BadRequest(f"'{where}' must be one of {', '.join(sorted(named))}, got {show(value)}",
                     where)


class ChatCall(Call):
    """A chat request ready to answer; a wire subclass formats its choices."""

    def __init__(self, req: ChatRequest) -> None:
        self.req = req
        self.model = req.model
        self.latency = req.latency
        self.stream = req.stream
        self.structured = req.json_mode == "schema"
        self._made: dict[bool, list[Choice]] = {}
        self.choices()  # now, while a bad schema can still be a 400

    def choices(self) -> list[Choice]:
        made = self._made.get(self.broken)
        if made is None:
            made = self._made[self.broken] = choices(self.req, broken=self.broken)
        return made

    def tokens(self) -> tuple[int, int]:
        made = self.choices()
        return made[0].prompt_tokens, sum(c.completion_tokens for c in made)

    def cost(self) -> int:
        """Prompt plus `max_tokens` (per choice), or the completion's length without it."""
        prompt, completion = self.tokens()
        if self.req.max_tokens is not None:
            completion = self.req.max_tokens * self.req.n
        return prompt + completion
