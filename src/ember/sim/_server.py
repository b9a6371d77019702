"""An OpenAI- and Anthropic-compatible simulator server.

It answers `POST /v1/chat/completions` (OpenAI) and `POST /v1/messages` (Anthropic) with the
same deterministic text as the in-process `sim/` provider (`ember.sim.generate`), after a
configurable latency, and can inject what real providers do under load: rate limits, 429s,
500s, reset connections and requests that never answer. Tests and benchmarks point real
HTTP clients at it on 127.0.0.1.

Each request goes through the same steps, in this order:

```
auth -> parse -> rate limit -> fault draw (429 / 500 / reset / hang / ok) -> latency -> answer
```

A malformed request (bad JSON, nesting too deep, wrong field types, a body over
`SimConfig.max_body`, an unknown route or method) gets a 4xx JSON error in the format of the
provider it addressed, as a real provider answers; only injected faults give a 5xx.

Three ways to run it:

- `SimServer`: on its own event loop in a daemon thread of this process (tests).
- `SimServerProcess`: `ember sim serve` in a subprocess, so it does not share the client's
  GIL (benchmarks).
- `ember sim serve` on the command line.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import hmac
import ipaddress
import itertools
import json
import math
import os
import random
import re
import reprlib
import selectors
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

from ._text import Completion, count_tokens, generate

__all__ = ["SimConfig", "SimServer", "SimServerProcess"]

_T = TypeVar("_T")

# Model names listed by `GET /v1/models`. Any name is accepted by the chat routes.
_MODEL_NAMES = ("gpt", "gpt-mini", "claude", "judge")

# Environment variable that carries the API key to `ember sim serve`, so that it never
# appears on a command line (visible to every user through `ps`).
API_KEY_ENV = "EMBER_SIM_API_KEY"

# The line `ember sim serve` prints when it is ready; the URL is the last word.
READY_PREFIX = "ember sim: serving at "

_LISTEN_BACKLOG = 4096  # benchmarks open 1,000+ connections at once
_SHUTDOWN_TIMEOUT = 1.0
_MIN_RETRY_AFTER = 0.05
_STATS_TIMEOUT = 10.0


# --------------------------------------------------------------------------- config


def _check_number(name: str, value: object, *, low: float, high: float = math.inf) -> None:
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )
    if not ok:
        allowed = f"in [{low:g}, {high:g}]" if math.isfinite(high) else f">= {low:g}"
        raise ValueError(f"SimConfig.{name} must be a finite number {allowed}, got {value!r}")


def _check_limit(name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"SimConfig.{name} must be None (no limit) or an int >= 1, got {value!r}")


@dataclass(frozen=True)
class SimConfig:
    """How the simulator server behaves: latency, rate limits and injected faults.

    Args:
        latency: fixed seconds before each answer (a request's own `latency` field wins).
        jitter: extra seconds drawn uniformly from [0, jitter] per request.
        per_token: extra seconds per completion token (streams pace their chunks with it).
        rpm: requests per minute, enforced as a token bucket refilling at rpm/60 per second
            with one second's worth of capacity; None for no limit.
        tpm: tokens per minute (prompt + `max_tokens`, or the completion's length when
            `max_tokens` is absent), enforced the same way; None for no limit.
        fail_429: probability of answering 429 with `Retry-After: retry_after`.
        fail_500: probability of answering 500.
        reset: probability of aborting the connection without any response.
        hang: probability of holding the request for `hang_s` seconds, then aborting it.
        hang_s: how long a hanging request is held; long enough for clients to time out.
        retry_after: seconds sent in `Retry-After` (and `retry-after-ms`) on injected 429s.
        seed: seeds the fault and jitter draws, so a run's sequence of faults repeats.
        max_body: the largest request body accepted, in bytes; a larger one gets a 413.
        api_key: if set, OpenAI routes require `Authorization: Bearer <key>` and Anthropic
            routes `x-api-key: <key>`; never logged or echoed.

    Raises:
        ValueError: a field is out of range; the message names the field and the range.

    Examples:
        >>> SimConfig(latency=0.01, fail_500=0.1, seed=1).fail_500
        0.1
    """

    latency: float = 0.1
    jitter: float = 0.0
    per_token: float = 0.0
    rpm: int | None = None
    tpm: int | None = None
    fail_429: float = 0.0
    fail_500: float = 0.0
    reset: float = 0.0
    hang: float = 0.0
    hang_s: float = 300.0
    retry_after: float = 1.0
    seed: int | None = None
    max_body: int = 8 * 1024 * 1024
    api_key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for name in ("latency", "jitter", "per_token", "retry_after"):
            _check_number(name, getattr(self, name), low=0.0)
        _check_number("hang_s", self.hang_s, low=0.0)
        _check_limit("rpm", self.rpm)
        _check_limit("tpm", self.tpm)
        body = self.max_body
        if not isinstance(body, int) or isinstance(body, bool) or body < 1:
            raise ValueError(f"SimConfig.max_body must be an int >= 1 (bytes), got {body!r}")
        probs = {n: getattr(self, n) for n in ("fail_429", "fail_500", "reset", "hang")}
        for name, value in probs.items():
            _check_number(name, value, low=0.0, high=1.0)
        total = sum(probs.values())
        if total > 1.0 + 1e-9:
            parts = " + ".join(f"{n}={v:g}" for n, v in probs.items())
            raise ValueError(
                f"SimConfig fault probabilities must sum to at most 1, got {total:g} ({parts})"
            )
        if self.seed is not None and (
            not isinstance(self.seed, int) or isinstance(self.seed, bool)
        ):
            raise ValueError(f"SimConfig.seed must be None or an int, got {self.seed!r}")
        if self.api_key is not None and (not isinstance(self.api_key, str) or not self.api_key):
            # Say what kind of value came in, never the value: it may be a real key.
            raise ValueError(
                f"SimConfig.api_key must be None or a non-empty str, "
                f"got a {type(self.api_key).__name__}"
            )


# --------------------------------------------------------------------------- rate limits


class _Bucket:
    """A token bucket: `rate` tokens per second, holding at most `capacity`."""

    __slots__ = ("capacity", "last", "rate", "tokens")

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate)
        self.tokens = self.capacity
        self.last = time.monotonic()

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def wait_for(self, cost: float) -> float:
        """Seconds until `cost` tokens can be taken (0 if now).

        A cost above the capacity is let through when the bucket is full and leaves it in
        debt, so large requests are slowed rather than refused forever.
        """
        need = min(cost, self.capacity)
        return 0.0 if self.tokens >= need else (need - self.tokens) / self.rate


class _Limiter:
    """RPM and TPM buckets; a request is admitted only if both have room."""

    def __init__(self, rpm: int | None, tpm: int | None) -> None:
        self.requests = _Bucket(rpm) if rpm else None
        self.tokens = _Bucket(tpm) if tpm else None

    def acquire(self, cost: int) -> tuple[float, str]:
        """Take one request and `cost` tokens; or return (seconds to wait, "requests"/"tokens")."""
        now = time.monotonic()
        wait, kind = 0.0, ""
        if self.requests is not None:
            self.requests.refill(now)
            wait, kind = self.requests.wait_for(1), "requests"
        if self.tokens is not None:
            self.tokens.refill(now)
            t_wait = self.tokens.wait_for(cost)
            if t_wait > wait:
                wait, kind = t_wait, "tokens"
        if wait > 0:
            return max(wait, _MIN_RETRY_AFTER), kind
        if self.requests is not None:
            self.requests.tokens -= 1
        if self.tokens is not None:
            self.tokens.tokens -= cost
        return 0.0, ""


# --------------------------------------------------------------------------- stats


class _ModelStats:
    __slots__ = ("completed", "completion_tokens", "prompt_tokens", "requests")

    def __init__(self) -> None:
        self.requests = self.completed = self.prompt_tokens = self.completion_tokens = 0


class _Stats:
    """Counters, touched only on the server's event loop."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.clear()

    def clear(self) -> None:
        self.requests = 0
        self.completed = 0
        self.max_in_flight = self.in_flight
        self.rate_limited = 0
        self.injected_429 = 0
        self.errors_500 = 0
        self.resets = 0
        self.hangs = 0
        self.unauthorized = 0
        self.bad_requests = 0
        self.cancelled = 0
        self.by_model: dict[str, _ModelStats] = {}
        # Admission times (time.monotonic) of requests that were answered 200.
        self.accepted: list[float] = []

    def model(self, name: str) -> _ModelStats:
        s = self.by_model.get(name)
        if s is None:
            s = self.by_model[name] = _ModelStats()
        return s

    def snapshot(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "completed": self.completed,
            "in_flight": self.in_flight,
            "max_in_flight": self.max_in_flight,
            "rate_limited": self.rate_limited,
            "injected_429": self.injected_429,
            "errors_500": self.errors_500,
            "resets": self.resets,
            "hangs": self.hangs,
            "unauthorized": self.unauthorized,
            "bad_requests": self.bad_requests,
            "cancelled": self.cancelled,
            "max_completed_per_s": _max_in_window(self.accepted, 1.0),
            "by_model": {
                name: {
                    "requests": s.requests,
                    "completed": s.completed,
                    "prompt_tokens": s.prompt_tokens,
                    "completion_tokens": s.completion_tokens,
                }
                for name, s in self.by_model.items()
            },
        }


def _max_in_window(times: list[float], width: float) -> int:
    """The largest number of `times` inside any half-open window [t, t + width)."""
    ts = sorted(times)
    best = lo = 0
    for hi, t in enumerate(ts):
        while t - ts[lo] >= width:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


# --------------------------------------------------------------------------- wire formats


class _BadRequest(Exception):
    """The request body is not a valid request for this route; `param` names the field."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


# Bad values are quoted short and shallow: a body may hold megabytes, or lists nested so
# deeply that repr() itself would overflow the stack.
_shown = reprlib.Repr()
_shown.maxlevel, _shown.maxstring, _shown.maxother = 3, 60, 60


def _show(value: object) -> str:
    return _shown.repr(value)


@dataclass(slots=True)
class _ChatRequest:
    model: str
    messages: list[dict[str, str]]
    temperature: float | None
    max_tokens: int | None
    seed: int | None
    stop: list[str] | None
    stream: bool
    latency: float | None
    include_usage: bool = False


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def _json_response(
    obj: object, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=_dumps(obj), status=status, headers=headers, content_type="application/json"
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _opt_number(body: dict[str, Any], name: str, low: float, high: float) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if not _is_number(value) or not low <= value <= high:
        raise _BadRequest(
            f"'{name}' must be a number in [{low:g}, {high:g}], got {_show(value)}", name
        )
    return value


def _opt_int(body: dict[str, Any], name: str, low: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise _BadRequest(f"'{name}' must be an integer >= {low}, got {_show(value)}", name)
    return value


def _stop_list(body: dict[str, Any], name: str) -> list[str] | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return value
    raise _BadRequest(
        f"'{name}' must be a string or a list of strings, got {_show(value)}", name
    )


def _content(content: object, where: str) -> object:
    """What the model reads of a message: its text, or its checked list of parts (so that
    `generate` counts the images in it, as the in-process simulator does)."""
    text = _text_of(content, where)
    return content if isinstance(content, list) else text


def _text_of(content: object, where: str) -> str:
    """Message content as one string: a string, or the text parts of a list joined by newlines."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                raise _BadRequest(
                    f"{where}: each content part must be an object with a 'type'", where
                )
            if part["type"] == "text":
                if not isinstance(part.get("text"), str):
                    raise _BadRequest(f"{where}: a text part needs a string 'text'", where)
                texts.append(part["text"])
        return "\n".join(texts)
    raise _BadRequest(
        f"{where} must be a string or a list of content parts, got {_show(content)}", where
    )


def _common(body: object, *, temperature_max: float) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _BadRequest(f"the request body must be a JSON object, got {type(body).__name__}")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise _BadRequest("'model' is required and must be a non-empty string", "model")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _BadRequest("'messages' is required and must be a non-empty list", "messages")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise _BadRequest(f"'stream' must be a boolean, got {_show(stream)}", "stream")
    return {
        "model": model,
        "temperature": _opt_number(body, "temperature", 0.0, temperature_max),
        "seed": _opt_int(body, "seed", -(2**63)),
        "stream": stream,
        "latency": _opt_number(body, "latency", 0.0, math.inf),
    }


def _sse(event: str | None, data: object) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


# Pieces of streamed text: each word with its leading spaces, and any trailing spaces.
_PIECE = re.compile(r"\s*\S+|\s+")


class _Wire:
    """One provider's wire format: auth header, request parsing, answers and errors."""

    name: str
    # Error kinds used by the server -> (error "type", error "code") in this wire format.
    errors: dict[str, tuple[str, str | None]]

    def authorized(self, request: web.Request, key: str) -> bool | None:
        """True if the key matches, False if wrong, None if no key was sent."""
        raise NotImplementedError

    def auth_message(self, missing: bool) -> str:
        raise NotImplementedError

    def error(
        self,
        status: int,
        kind: str,
        message: str,
        headers: dict[str, str] | None = None,
        param: str | None = None,
    ) -> web.Response:
        raise NotImplementedError

    def parse(self, body: object) -> _ChatRequest:
        raise NotImplementedError

    def answer(self, rid: str, req: _ChatRequest, c: Completion, stop_seq: str | None) -> object:
        raise NotImplementedError

    def chunks(
        self, rid: str, req: _ChatRequest, c: Completion, stop_seq: str | None
    ) -> tuple[list[bytes], list[tuple[bytes, str]], list[bytes]]:
        """SSE frames: (head, [(frame, text it carries)], tail)."""
        raise NotImplementedError


class _OpenAI(_Wire):
    name = "openai"
    id_prefix = "chatcmpl-"
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

    def authorized(self, request: web.Request, key: str) -> bool | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), key)

    def auth_message(self, missing: bool) -> str:
        if missing:
            return (
                "You didn't provide an API key. Provide it in an Authorization header "
                "using Bearer auth (Authorization: Bearer YOUR_KEY)."
            )
        return "Incorrect API key provided."

    def error(
        self,
        status: int,
        kind: str,
        message: str,
        headers: dict[str, str] | None = None,
        param: str | None = None,
    ) -> web.Response:
        type_, code = self.errors[kind]
        body = {"error": {"message": message, "type": type_, "param": param, "code": code}}
        return _json_response(body, status, headers)

    def parse(self, body: object) -> _ChatRequest:
        common = _common(body, temperature_max=2.0)
        assert isinstance(body, dict)
        messages = []
        for i, m in enumerate(body["messages"]):
            if not isinstance(m, dict) or not isinstance(m.get("role"), str):
                raise _BadRequest(
                    f"messages[{i}] must be an object with a string 'role'", f"messages[{i}]"
                )
            messages.append(
                {"role": m["role"], "content": _content(m.get("content"), f"messages[{i}].content")}
            )
        n = body.get("n")
        if n not in (None, 1):
            raise _BadRequest(f"the simulator supports only n=1, got n={_show(n)}", "n")
        max_tokens = _opt_int(body, "max_completion_tokens", 1)
        if max_tokens is None:
            max_tokens = _opt_int(body, "max_tokens", 1)
        options = body.get("stream_options") or {}
        if not isinstance(options, dict):
            raise _BadRequest(
                f"'stream_options' must be an object, got {_show(options)}", "stream_options"
            )
        return _ChatRequest(
            messages=messages,
            max_tokens=max_tokens,
            stop=_stop_list(body, "stop"),
            include_usage=bool(options.get("include_usage")),
            **common,
        )

    def _usage(self, c: Completion) -> dict[str, int]:
        return {
            "prompt_tokens": c.prompt_tokens,
            "completion_tokens": c.completion_tokens,
            "total_tokens": c.prompt_tokens + c.completion_tokens,
        }

    def answer(self, rid: str, req: _ChatRequest, c: Completion, stop_seq: str | None) -> object:
        return {
            "id": rid,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": req.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": c.text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": c.finish_reason,
                }
            ],
            "usage": self._usage(c),
            "system_fingerprint": "fp_ember_sim",
        }

    def chunks(
        self, rid: str, req: _ChatRequest, c: Completion, stop_seq: str | None
    ) -> tuple[list[bytes], list[tuple[bytes, str]], list[bytes]]:
        created = int(time.time())

        def chunk(delta: dict[str, str], finish: str | None) -> dict[str, Any]:
            out: dict[str, Any] = {
                "id": rid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": req.model,
                "system_fingerprint": "fp_ember_sim",
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if req.include_usage:
                out["usage"] = None
            return out

        head = [_sse(None, chunk({"role": "assistant", "content": ""}, None))]
        body = [(_sse(None, chunk({"content": p}, None)), p) for p in _PIECE.findall(c.text)]
        tail = [_sse(None, chunk({}, c.finish_reason))]
        if req.include_usage:
            last = chunk({}, None)
            last["choices"] = []
            last["usage"] = self._usage(c)
            tail.append(_sse(None, last))
        tail.append(b"data: [DONE]\n\n")
        return head, body, tail


class _Anthropic(_Wire):
    name = "anthropic"
    id_prefix = "msg_"
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

    def authorized(self, request: web.Request, key: str) -> bool | None:
        header = request.headers.get("x-api-key")
        if header is None:
            return None
        return hmac.compare_digest(header, key)

    def auth_message(self, missing: bool) -> str:
        return "x-api-key header is required" if missing else "invalid x-api-key"

    def error(
        self,
        status: int,
        kind: str,
        message: str,
        headers: dict[str, str] | None = None,
        param: str | None = None,
    ) -> web.Response:
        type_, _ = self.errors[kind]
        body = {"type": "error", "error": {"type": type_, "message": message}}
        return _json_response(body, status, headers)

    def parse(self, body: object) -> _ChatRequest:
        common = _common(body, temperature_max=1.0)
        assert isinstance(body, dict)
        if body.get("max_tokens") is None:
            raise _BadRequest("max_tokens: Field required", "max_tokens")
        messages = []
        system = _text_of(body.get("system"), "system")
        if system:
            messages.append({"role": "system", "content": system})
        for i, m in enumerate(body["messages"]):
            if not isinstance(m, dict) or m.get("role") not in ("user", "assistant"):
                raise _BadRequest(
                    f"messages[{i}] must be an object with role 'user' or 'assistant' "
                    "(put system text in the top-level 'system' field)",
                    f"messages[{i}]",
                )
            messages.append(
                {"role": m["role"], "content": _content(m.get("content"), f"messages[{i}].content")}
            )
        stop = _stop_list(body, "stop_sequences")
        return _ChatRequest(
            messages=messages,
            max_tokens=_opt_int(body, "max_tokens", 1),
            stop=stop if stop is not None else _stop_list(body, "stop"),
            **common,
        )

    @staticmethod
    def _stop_reason(c: Completion, stop_seq: str | None) -> str:
        if c.finish_reason == "length":
            return "max_tokens"
        return "stop_sequence" if stop_seq is not None else "end_turn"

    def answer(self, rid: str, req: _ChatRequest, c: Completion, stop_seq: str | None) -> object:
        return {
            "id": rid,
            "type": "message",
            "role": "assistant",
            "model": req.model,
            "content": [{"type": "text", "text": c.text}],
            "stop_reason": self._stop_reason(c, stop_seq),
            "stop_sequence": stop_seq,
            "usage": {"input_tokens": c.prompt_tokens, "output_tokens": c.completion_tokens},
        }

    def chunks(
        self, rid: str, req: _ChatRequest, c: Completion, stop_seq: str | None
    ) -> tuple[list[bytes], list[tuple[bytes, str]], list[bytes]]:
        message = {
            "id": rid,
            "type": "message",
            "role": "assistant",
            "model": req.model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": c.prompt_tokens, "output_tokens": 1},
        }
        head = [
            _sse("message_start", {"type": "message_start", "message": message}),
            _sse(
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "text", "text": ""},
                },
            ),
            _sse("ping", {"type": "ping"}),
        ]
        body = [
            (
                _sse(
                    "content_block_delta",
                    {
                        "type": "content_block_delta",
                        "index": 0,
                        "delta": {"type": "text_delta", "text": p},
                    },
                ),
                p,
            )
            for p in _PIECE.findall(c.text)
        ]
        tail = [
            _sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
            _sse(
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {
                        "stop_reason": self._stop_reason(c, stop_seq),
                        "stop_sequence": stop_seq,
                    },
                    "usage": {"output_tokens": c.completion_tokens},
                },
            ),
            _sse("message_stop", {"type": "message_stop"}),
        ]
        return head, body, tail


def _stop_hit(req: _ChatRequest, c: Completion) -> str | None:
    """The stop sequence that ended the text, if one did (Anthropic reports it)."""
    if not req.stop or c.finish_reason != "stop":
        return None
    full = generate(req.model, req.messages, temperature=req.temperature, seed=req.seed).text
    found = [(full.index(s), s) for s in req.stop if s and s in full]
    return min(found)[1] if found else None


# --------------------------------------------------------------------------- the app


class _SimApp:
    """The simulator on one event loop: the aiohttp app, its limits, faults and stats."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.stats = _Stats()
        self._limiter = _Limiter(config.rpm, config.tpm)
        self._faults = random.Random(config.seed)
        self._jitter = random.Random(None if config.seed is None else config.seed + 1)
        c = config
        self._thresholds = (
            c.fail_429,
            c.fail_429 + c.fail_500,
            c.fail_429 + c.fail_500 + c.reset,
            c.fail_429 + c.fail_500 + c.reset + c.hang,
        )
        self._any_fault = self._thresholds[-1] > 0
        self._ids = itertools.count(1)
        self._id_base = os.urandom(4).hex()
        # Transports of requests being handled, so that stop() can drop them.
        self._live: set[asyncio.BaseTransport] = set()
        self._runner: web.AppRunner | None = None
        self._site: web.SockSite | None = None
        self.url = ""

        self._openai, self._anthropic = openai, anthropic = _OpenAI(), _Anthropic()
        app = web.Application(client_max_size=config.max_body, middlewares=[self._json_errors])
        app.router.add_post("/v1/chat/completions", self._route(openai))
        app.router.add_post("/v1/messages", self._route(anthropic))
        app.router.add_get("/v1/models", self._models)
        app.router.add_get("/stats", self._stats)
        app.router.add_post("/stats/reset", self._stats_reset)
        self._app = app

    async def start(self, host: str, port: int) -> None:
        sock = _bind(host, port)
        try:
            # No access log: this server must stay cheap at thousands of requests/s.
            # handler_cancellation: a client that hangs up ends its handler, as it would
            # on a real server, so `in_flight` only counts requests someone waits for.
            runner = web.AppRunner(
                self._app,
                access_log=None,
                handler_cancellation=True,
                shutdown_timeout=_SHUTDOWN_TIMEOUT,
            )
            await runner.setup()
            site = web.SockSite(runner, sock, backlog=_LISTEN_BACKLOG)
            await site.start()
        except BaseException:
            sock.close()
            raise
        self._runner, self._site = runner, site
        addr, bound_port = sock.getsockname()[:2]
        shown = f"[{addr}]" if ":" in addr else addr
        self.url = f"http://{shown}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening, drop requests still in flight (hanging ones too) and clean up."""
        if self._site is not None:
            await self._site.stop()
        for transport in list(self._live):
            transport.abort()  # type: ignore[attr-defined]
        await asyncio.sleep(0)  # let the aborts cancel their handlers
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._site = None

    # -- routes

    def _wire_for(self, request: web.Request) -> _Wire:
        """The wire a request speaks, for errors outside the chat routes (404, 405)."""
        anthropic = "/messages" in request.path or any(
            h in request.headers for h in ("anthropic-version", "x-api-key")
        )
        return self._anthropic if anthropic else self._openai

    @web.middleware
    async def _json_errors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Errors aiohttp raises itself (no route, wrong method) as JSON in the wire's format;
        and a bug in a handler as a JSON 500 rather than aiohttp's plain-text page."""
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            wire = self._wire_for(request)
            what = f"{request.method} {request.path}"
            if exc.status == 404:
                return wire.error(404, "not_found", f"Invalid URL ({what}): no such route.")
            if exc.status == 405:
                allowed = exc.headers.get("Allow", "")
                return wire.error(
                    405,
                    "bad_request",
                    f"Method not allowed ({what}); allowed: {allowed or 'none'}.",
                    {"Allow": allowed},
                )
            return wire.error(exc.status, "bad_request", f"{exc.reason} ({what}).")
        except ConnectionError:
            raise  # the client went away mid-answer: nothing can be sent
        except Exception as exc:  # noqa: BLE001 - any bug must still answer in the wire format
            wire = self._wire_for(request)
            return wire.error(500, "server", f"The simulator failed: {type(exc).__name__}.")

    def _route(self, wire: _Wire) -> Callable[[web.Request], Any]:
        async def handle(request: web.Request) -> web.StreamResponse:
            stats = self.stats
            stats.requests += 1
            stats.in_flight += 1
            if stats.in_flight > stats.max_in_flight:
                stats.max_in_flight = stats.in_flight
            transport = request.transport
            if transport is not None:
                self._live.add(transport)
            try:
                return await self._chat(request, wire)
            except asyncio.CancelledError:
                stats.cancelled += 1
                raise
            finally:
                stats.in_flight -= 1
                self._live.discard(transport)  # type: ignore[arg-type]

        return handle

    async def _chat(self, request: web.Request, wire: _Wire) -> web.StreamResponse:
        stats, config = self.stats, self.config
        if config.api_key is not None:
            ok = wire.authorized(request, config.api_key)
            if not ok:
                stats.unauthorized += 1
                return wire.error(401, "auth", wire.auth_message(ok is None))

        try:
            raw = await request.read()
            body = json.loads(raw)
        except web.HTTPRequestEntityTooLarge:
            stats.bad_requests += 1
            return wire.error(
                413,
                "too_large",
                f"The request body is over the limit of {config.max_body} bytes "
                "(SimConfig.max_body, ember sim serve --max-body).",
            )
        except ValueError as exc:  # UnicodeDecodeError is one
            stats.bad_requests += 1
            return wire.error(400, "bad_request", f"The request body is not valid JSON: {exc}")
        except RecursionError:
            stats.bad_requests += 1
            return wire.error(
                400, "bad_request", "The request body is JSON nested too deeply to read."
            )
        try:
            req = wire.parse(body)
        except _BadRequest as exc:
            stats.bad_requests += 1
            return wire.error(400, "bad_request", str(exc), param=exc.param)
        model_stats = stats.model(req.model)
        model_stats.requests += 1

        completion: Completion | None = None
        if self._limiter.requests is not None or self._limiter.tokens is not None:
            cost = 1
            if self._limiter.tokens is not None:
                completion = self._generate(req)
                expected = (
                    req.max_tokens if req.max_tokens is not None else completion.completion_tokens
                )
                cost = completion.prompt_tokens + expected
            wait, kind = self._limiter.acquire(cost)
            if wait:
                stats.rate_limited += 1
                what = "requests per min (RPM)" if kind == "requests" else "tokens per min (TPM)"
                limit = config.rpm if kind == "requests" else config.tpm
                return wire.error(
                    429,
                    kind,
                    f"Rate limit reached for {req.model} on {what}: Limit {limit}. "
                    f"Please try again in {_seconds(wait)}s.",
                    _retry_headers(wait),
                )
        admitted = time.monotonic()

        if self._any_fault:
            u = self._faults.random()
            t429, t500, treset, thang = self._thresholds
            if u < t429:
                stats.rate_limited += 1
                stats.injected_429 += 1
                return wire.error(
                    429,
                    "rate_limit",
                    f"Rate limit reached for {req.model} (simulated). "
                    f"Please try again in {_seconds(config.retry_after)}s.",
                    _retry_headers(config.retry_after),
                )
            if u < t500:
                stats.errors_500 += 1
                return wire.error(
                    500,
                    "server",
                    "The server had an error while processing your request (simulated).",
                )
            if u < treset:
                stats.resets += 1
                return _reset(request)
            if u < thang:
                stats.hangs += 1
                await asyncio.sleep(config.hang_s)
                return _reset(request)

        if completion is None:
            completion = self._generate(req)
        stop_seq = _stop_hit(req, completion) if wire.name == "anthropic" else None
        rid = f"{wire.id_prefix}sim{self._id_base}{next(self._ids):010d}"

        delay = config.latency if req.latency is None else req.latency
        if config.jitter:
            delay += self._jitter.uniform(0.0, config.jitter)
        if req.stream:
            if delay > 0:
                await asyncio.sleep(delay)
            response = await self._stream(request, wire, rid, req, completion, stop_seq)
        else:
            delay += config.per_token * completion.completion_tokens
            if delay > 0:
                await asyncio.sleep(delay)
            response = _json_response(wire.answer(rid, req, completion, stop_seq))

        stats.completed += 1
        stats.accepted.append(admitted)
        model_stats.completed += 1
        model_stats.prompt_tokens += completion.prompt_tokens
        model_stats.completion_tokens += completion.completion_tokens
        return response

    async def _stream(
        self,
        request: web.Request,
        wire: _Wire,
        rid: str,
        req: _ChatRequest,
        completion: Completion,
        stop_seq: str | None,
    ) -> web.StreamResponse:
        head, body, tail = wire.chunks(rid, req, completion, stop_seq)
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        per_token = self.config.per_token
        for frame in head:
            await response.write(frame)
        for frame, text in body:
            if per_token:
                await asyncio.sleep(per_token * count_tokens(text))
            await response.write(frame)
        for frame in tail:
            await response.write(frame)
        await response.write_eof()
        return response

    def _generate(self, req: _ChatRequest) -> Completion:
        return generate(
            req.model,
            req.messages,
            temperature=req.temperature,
            max_tokens=req.max_tokens,
            seed=req.seed,
            stop=req.stop,
        )

    async def _models(self, request: web.Request) -> web.Response:
        key = self.config.api_key
        if key is not None:
            wire: _Wire = _Anthropic() if "x-api-key" in request.headers else _OpenAI()
            ok = wire.authorized(request, key)
            if not ok:
                self.stats.unauthorized += 1
                return wire.error(401, "auth", wire.auth_message(ok is None))
        data = [
            {"id": name, "object": "model", "created": 0, "owned_by": "ember-sim"}
            for name in _MODEL_NAMES
        ]
        return _json_response({"object": "list", "data": data})

    async def _stats(self, request: web.Request) -> web.Response:
        return _json_response(self.stats.snapshot())

    async def _stats_reset(self, request: web.Request) -> web.Response:
        self.stats.clear()
        return _json_response(self.stats.snapshot())


def _seconds(value: float) -> str:
    """Seconds as a short decimal: 1.0 -> "1", 0.0512 -> "0.052"."""
    return f"{math.ceil(value * 1000) / 1000:g}"


def _retry_headers(seconds: float) -> dict[str, str]:
    return {"Retry-After": _seconds(seconds), "retry-after-ms": str(math.ceil(seconds * 1000))}


def _reset(request: web.Request) -> web.Response:
    """Abort the connection with a TCP RST; the client gets no response at all."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0: close() sends RST instead of FIN, like a crashed upstream.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    # aiohttp needs a return value; writing it to the aborted transport is a no-op.
    return web.Response(status=500)


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on exactly `host` (its first address), never on all interfaces."""
    family, type_, proto, _, addr = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, type_, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(addr)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def is_loopback(host: str) -> bool:
    """True if `host` is "localhost" or a loopback IP address (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --------------------------------------------------------------------------- handles


class _State(enum.Enum):
    NEW = "new"
    RUNNING = "running"
    CLOSED = "closed"


class _Handle:
    """What `SimServer` and `SimServerProcess` share: lifecycle, URLs, context manager."""

    def __init__(self, config: SimConfig | None, host: str, port: int) -> None:
        if config is None:
            config = SimConfig()
        if not isinstance(config, SimConfig):
            raise TypeError(f"config must be a SimConfig, got {type(config).__name__}")
        self.config = config
        self.host = host
        self.port = port
        self._state = _State.NEW
        self._url = ""

    def _begin(self) -> None:
        kind = type(self).__name__
        if self._state is _State.RUNNING:
            raise RuntimeError(f"{kind} is already running at {self._url}")
        if self._state is _State.CLOSED:
            raise RuntimeError(
                f"Cannot restart a {kind} once it has been closed; create a new {kind}"
            )

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``; the Anthropic SDK's `base_url`."""
        if self._state is not _State.RUNNING:
            kind = type(self).__name__
            raise RuntimeError(
                f"{kind} is {self._state.value}, so it has no URL; call start() first "
                f"or use `with {kind}(...) as server:`"
            )
        return self._url

    @property
    def openai_base_url(self) -> str:
        """The OpenAI SDK's `base_url`: ``url + "/v1"``."""
        return self.url + "/v1"

    @property
    def anthropic_base_url(self) -> str:
        """The Anthropic SDK's `base_url` (the SDK adds ``/v1`` itself)."""
        return self.url

    def start(self) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self: _T) -> _T:
        if self._state is not _State.RUNNING:  # type: ignore[attr-defined]
            self.start()  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f" at {self._url}" if self._state is _State.RUNNING else ""
        return f"<{type(self).__name__} {self._state.value}{where}>"


class SimServer(_Handle):
    """The simulator server on its own event loop, in a daemon thread of this process.

    Args:
        config: latency, limits and faults; defaults to `SimConfig()`.
        host: address to bind; only this address is bound. Defaults to 127.0.0.1.
        port: port to bind; 0 picks a free one (read it back from `url`).

    Examples:
        >>> import json, urllib.request
        >>> with SimServer(SimConfig(latency=0)) as server:
        ...     req = urllib.request.Request(
        ...         server.openai_base_url + "/chat/completions",
        ...         data=json.dumps({"model": "gpt", "messages": [
        ...             {"role": "user", "content": "Hi"}]}).encode(),
        ...         headers={"Content-Type": "application/json"})
        ...     answer = json.load(urllib.request.urlopen(req))
        ...     server.stats()["completed"]
        1
        >>> answer["choices"][0]["message"]["content"].startswith("[gpt]")
        True
    """

    def __init__(
        self, config: SimConfig | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        super().__init__(config, host, port)
        self._sim = _SimApp(self.config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SimServer:
        """Bind and start serving; returns self once requests are accepted."""
        self._begin()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="ember-sim-server", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            asyncio.run_coroutine_threadsafe(self._sim.start(self.host, self.port), loop).result()
        except BaseException:
            self._shutdown_loop()
            self._state = _State.CLOSED
            raise
        self._url = self._sim.url
        self._state = _State.RUNNING
        return self

    def close(self) -> None:
        """Stop serving, drop requests in flight and join the thread. Safe to call twice."""
        if self._state is not _State.RUNNING:
            self._state = _State.CLOSED
            return
        self._state = _State.CLOSED
        assert self._loop is not None
        try:
            asyncio.run_coroutine_threadsafe(self._sim.stop(), self._loop).result(timeout=10)
        finally:
            self._shutdown_loop()

    def _shutdown_loop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def finish() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await loop.shutdown_asyncgens()
            await loop.shutdown_default_executor()

        try:
            asyncio.run_coroutine_threadsafe(finish(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
            self._loop = self._thread = None

    def _on_loop(self, fn: Callable[[], _T]) -> _T:
        loop, thread = self._loop, self._thread
        if self._state is not _State.RUNNING or loop is None or thread is None:
            return fn()  # the loop is gone: nothing else touches the stats now
        if threading.get_ident() == thread.ident:
            return fn()
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()

        def call() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)

        loop.call_soon_threadsafe(call)
        return future.result(timeout=_STATS_TIMEOUT)

    def stats(self) -> dict[str, Any]:
        """Counters since start (or the last `reset_stats`); see `GET /stats`."""
        return self._on_loop(self._sim.stats.snapshot)

    def reset_stats(self) -> None:
        """Zero the counters (rate-limit buckets and the fault sequence carry on)."""
        self._on_loop(self._sim.stats.clear)


def config_args(config: SimConfig) -> list[str]:
    """The `ember sim serve` options that reproduce `config` (without the API key)."""
    defaults = SimConfig()
    args: list[str] = []
    for name, flag in _FLAGS.items():
        value = getattr(config, name)
        if value != getattr(defaults, name) and value is not None:
            args += [flag, repr(value)]
    return args


# SimConfig field -> `ember sim serve` option.
_FLAGS = {
    "latency": "--latency",
    "jitter": "--jitter",
    "per_token": "--per-token",
    "rpm": "--rpm",
    "tpm": "--tpm",
    "fail_429": "--fail-429",
    "fail_500": "--fail-500",
    "reset": "--reset",
    "hang": "--hang",
    "hang_s": "--hang-s",
    "retry_after": "--retry-after",
    "seed": "--seed",
    "max_body": "--max-body",
}


class SimServerProcess(_Handle):
    """The simulator server in a subprocess (`ember sim serve`), off this process's GIL.

    Same interface as `SimServer`; `stats()` and `reset_stats()` go over HTTP. The API key,
    if any, is passed in the environment, not on the command line. The server also exits
    if this process dies (it watches its stdin).

    Args:
        config: latency, limits and faults; defaults to `SimConfig()`.
        host: address to bind; must be loopback.
        port: port to bind; 0 picks a free one.
        startup_timeout: seconds to wait for the server's ready line.

    Examples:
        >>> with SimServerProcess(SimConfig(latency=0)) as server:
        ...     server.stats()["requests"]
        0
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        startup_timeout: float = 30.0,
    ) -> None:
        super().__init__(config, host, port)
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: Any = None

    @property
    def pid(self) -> int | None:
        """The server process's id, or None before `start()`."""
        return None if self._proc is None else self._proc.pid

    def start(self) -> SimServerProcess:
        """Start the subprocess and wait for its ready line; returns self."""
        self._begin()
        argv = [sys.executable, "-m", "ember.cli", "sim", "serve", "--host", self.host]
        argv += ["--port", str(self.port), "--exit-on-stdin-eof", *config_args(self.config)]
        env = dict(os.environ)
        env.pop(API_KEY_ENV, None)
        if self.config.api_key is not None:
            env[API_KEY_ENV] = self.config.api_key
        # Make the child import this very `ember`, installed or not.
        src = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
        # Kept open for the child's lifetime (closed in close()), so no `with` here.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env
        )
        try:
            self._url = self._read_ready_line()
        except BaseException:
            self._stop_process()
            self._state = _State.CLOSED
            raise
        self._state = _State.RUNNING
        return self

    def _read_ready_line(self) -> str:
        """Read the child's stdout until its ready line; return the URL on it."""
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        deadline = time.monotonic() + self.startup_timeout
        buf = b""
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            while True:
                *lines, buf = buf.split(b"\n")
                for line in lines:
                    text = line.decode(errors="replace")
                    if text.startswith(READY_PREFIX):
                        return text[len(READY_PREFIX) :].strip()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(
                        f"ember sim serve did not report ready within {self.startup_timeout:g}s"
                        f"{self._stderr_tail()}"
                    )
                if not sel.select(left):
                    continue
                data = os.read(proc.stdout.fileno(), 4096)
                if not data:
                    proc.wait(timeout=5)
                    raise RuntimeError(
                        f"ember sim serve exited with code {proc.returncode} before it was "
                        f"ready{self._stderr_tail()}"
                    )
                buf += data

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read().decode(errors="replace").strip()
        return f"; its stderr ends with:\n{text[-2000:]}" if text else ""

    def close(self) -> None:
        """Terminate the server process and wait for it to exit. Safe to call twice."""
        self._state = _State.CLOSED
        self._stop_process()

    def _stop_process(self) -> None:
        proc = self._proc
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _get(self, path: str, method: str = "GET") -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + path, method=method, data=b"" if method == "POST" else None
        )
        with urllib.request.urlopen(request, timeout=_STATS_TIMEOUT) as response:
            return json.load(response)

    def stats(self) -> dict[str, Any]:
        """Counters since start (or the last `reset_stats`), from `GET /stats`."""
        return self._get("/stats")

    def reset_stats(self) -> None:
        """Zero the counters, via `POST /stats/reset`."""
        self._get("/stats/reset", method="POST")


# --------------------------------------------------------------------------- CLI support


async def serve_until_signalled(
    config: SimConfig,
    host: str,
    port: int,
    *,
    on_ready: Callable[[str], None],
    stop_on_stdin_eof: bool = False,
) -> None:
    """Run the server on the running loop until SIGINT/SIGTERM (used by `ember sim serve`)."""
    import signal

    sim = _SimApp(config)
    await sim.start(host, port)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if stop_on_stdin_eof:
        fd = sys.stdin.fileno()

        def on_stdin() -> None:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(fd)
                stop.set()

        loop.add_reader(fd, on_stdin)
    try:
        on_ready(sim.url)
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await sim.stop()
