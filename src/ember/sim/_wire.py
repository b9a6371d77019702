"""What every wire format shares: the `Wire` and `Call` interfaces, request checks, and
JSON and server-sent-event framing.

A wire module (`_openai.py`, `_anthropic.py`; one more for each provider added) says
which routes it serves and, for each, how to parse a body into a `Call`; how it checks the
API key; and how its errors look. The app (`_app.py`) runs every call through the same
steps, so a new wire gets auth, body limits, rate limits, faults, latency and stats for
free.
"""

from __future__ import annotations

import hmac
import json
import math
import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from aiohttp import web

__all__ = [
    "PIECE",
    "BadRequest",
    "Call",
    "Frames",
    "Route",
    "Wire",
    "bearer",
    "json_response",
    "opt_bool",
    "opt_int",
    "opt_number",
    "read_model",
    "same_key",
    "show",
    "sse",
    "stop_list",
    "tool_list",
]

Frames = tuple[list[bytes], list[tuple[bytes, str]], list[bytes]]
"""A stream as server-sent-event frames: (head, [(frame, the text it carries)], tail); the
text paces the body's frames by `SimConfig.per_token`."""

# Pieces of streamed text: each word with its leading spaces, and any trailing spaces.
PIECE = re.compile(r"\s*\S+|\s+")


class BadRequest(Exception):
    """The request body is not a valid request for this route; `param` names the field."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


# Bad values are quoted short and shallow: a body may hold megabytes, or lists nested so
# deeply that repr() itself would overflow the stack.
_shown = reprlib.Repr()
_shown.maxlevel, _shown.maxstring, _shown.maxother = 3, 60, 60


def show(value: object) -> str:
    """A bad value, quoted short enough for an error message."""
    return _shown.repr(value)


def json_response(
    obj: object, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    body = json.dumps(obj, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, headers=headers, content_type="application/json")


def sse(event: str | None, data: object) -> bytes:
    """One server-sent event; `event` None leaves out the `event:` line (OpenAI's style)."""
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def opt_number(body: dict[str, Any], name: str, low: float, high: float) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if not _is_number(value) or not low <= value <= high:
        raise BadRequest(
            f"'{name}' must be a number in [{low:g}, {high:g}], got {show(value)}", name
        )
    return value


def opt_int(body: dict[str, Any], name: str, low: int, high: int | None = None) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if (not isinstance(value, int) or isinstance(value, bool) or value < low
            or (high is not None and value > high)):
        allowed = f"in [{low}, {high}]" if high is not None else f">= {low}"
        raise BadRequest(f"'{name}' must be an integer {allowed}, got {show(value)}", name)
    return value


def opt_bool(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise BadRequest(f"'{name}' must be a boolean, got {show(value)}", name)
    return value


def read_model(body: object) -> str:
    """The body as a JSON object's required, non-empty `model`."""
    if not isinstance(body, dict):
        raise BadRequest(f"the request body must be a JSON object, got {type(body).__name__}")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise BadRequest("'model' is required and must be a non-empty string", "model")
    return model


def stop_list(body: dict[str, Any], name: str) -> list[str] | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return value
    raise BadRequest(f"'{name}' must be a string or a list of strings, got {show(value)}", name)


def same_key(sent: str | None, key: str) -> bool | None:
    """A key a request sent: True if it matches `key`, False if wrong, None if none was sent."""
    return None if sent is None else hmac.compare_digest(sent, key)


def bearer(request: web.Request, key: str) -> bool | None:
    """`Authorization: Bearer <key>`: True if it matches, False if wrong, None if absent."""
    header = request.headers.get("Authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), key)


def tool_list(body: dict[str, Any]) -> list[Any] | None:
    """The request's ``tools``: a list, or None when it has none."""
    raw = body.get("tools")
    if raw is not None and not isinstance(raw, list):
        raise BadRequest(f"'tools' must be a list, got {show(raw)}", "tools")
    return raw


class Call:
    """One parsed request: what the app needs to limit, fault, delay and answer it.

    `tokens()` is (prompt, completion) for the stats; `cost()` what the TPM limit takes;
    `answer(rid)` the JSON body and `frames(rid)` the stream when `stream` is set.
    """

    model: str
    latency: float | None = None  # the request's own latency, over SimConfig.latency
    stream: bool = False
    instant: bool = False  # answered at once: no limits, faults or latency (token counting)
    paced: bool = True  # SimConfig.per_token applies to the completion's tokens
    structured: bool = False  # its answer must match a JSON schema (SimConfig.bad_json)
    broken: bool = False  # set by the app: break the schema in this answer

    def tokens(self) -> tuple[int, int]:
        raise NotImplementedError

    def cost(self) -> int:
        prompt, completion = self.tokens()
        return prompt + completion

    def answer(self, rid: str) -> object:
        raise NotImplementedError

    def frames(self, rid: str) -> Frames:
        raise NotImplementedError


@dataclass(frozen=True)
class Route:
    """A POST route of a wire: its path (aiohttp pattern) and how a body becomes a `Call`."""

    path: str
    parse: Callable[[object, web.Request], Call]
    id_prefix: str = ""


class Wire:
    """One provider's wire format: routes, auth, errors."""

    name: ClassVar[str]
    # Error kinds used by the server -> (error "type", error "code") in this wire format.
    errors: ClassVar[dict[str, tuple[str, str | None]]]

    def routes(self) -> list[Route]:
        raise NotImplementedError

    def claims(self, request: web.Request) -> bool:
        """True if a request to no known route looks meant for this wire (for its 404)."""
        raise NotImplementedError

    def authorized(self, request: web.Request, key: str) -> bool | None:
        """True if the key matches, False if wrong, None if no key was sent."""
        raise NotImplementedError

    def auth_message(self, missing: bool) -> str:
        raise NotImplementedError

    def model_list(self, names: tuple[str, ...]) -> object:
        """The body of `GET /v1/models` in this wire's shape."""
        raise NotImplementedError

    def error_body(self, kind: str, message: str, param: str | None) -> object:
        """The JSON body of an error of this `kind` (a key of `errors`), in this wire's shape."""
        raise NotImplementedError

    def error(
        self,
        status: int,
        kind: str,
        message: str,
        headers: dict[str, str] | None = None,
        param: str | None = None,
    ) -> web.Response:
        """An error response in this wire's shape; `param` names the bad field, if any."""
        return json_response(self.error_body(kind, message, param), status, headers)
