"""Wire formats: how a `Request` becomes an HTTP body and an answer becomes text.

A `Wire` knows one provider API's JSON (OpenAI chat completions, Anthropic messages) and
nothing about sockets, retries or settings. Wires are registered by name (habit 5); a
config endpoint picks one with ``wire = "openai"``.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ember._core import Secret
from ember.models._params import Request
from ember.models._result import ModelResult, ToolCall, Usage

__all__ = ["WIRES", "Choice", "Decoder", "Emit", "Reply", "Wire", "finish_reason",
           "get_wire", "given", "register_wire", "token_count", "tool_arguments"]


@dataclass(slots=True)
class Choice:
    """One choice of an answer: its text, finish reason and tool calls."""

    text: str = ""
    finish: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()


@dataclass(slots=True)
class Reply:
    """Everything a wire reads from an answer: its choices (at least one) and usage."""

    choices: list[Choice]
    usage: Usage = field(default_factory=Usage)

    def result(self, model_id: str, *, latency_s: float, cost_usd: float | None,
               ttft_s: float | None = None) -> ModelResult:
        """The `ModelResult`: the first choice, with the call's usage and every choice."""
        choices = self.choices
        first = choices[0]
        made = ModelResult(first.text, model_id=model_id, usage=self.usage, latency_s=latency_s,
                           cost_usd=cost_usd, finish_reason=first.finish,
                           tool_calls=first.tool_calls, ttft_s=ttft_s)
        if len(choices) > 1:
            made.choices = (made, *(ModelResult(c.text, model_id=model_id, latency_s=latency_s,
                                                finish_reason=c.finish, tool_calls=c.tool_calls,
                                                ttft_s=ttft_s) for c in choices[1:]))
        return made

    @staticmethod
    def merged(replies: list[Reply]) -> Reply:
        """The replies of n calls made for one call of ``n=n``: every choice, usage summed."""
        usage = Usage()
        for reply in replies:
            usage = usage + reply.usage
        return Reply([c for r in replies for c in r.choices], usage)


Emit = Callable[[str, Any], None]
"""Where a stream's pieces go as they arrive: ``emit("text", str)`` for the first choice's
text, ``emit("tool", (index, id or None, name or None, arguments piece))`` for a tool call's."""


class Decoder(abc.ABC):
    """Reads one streamed answer, event by event (server-sent events), into a `Reply`."""

    @abc.abstractmethod
    def feed(self, event: str | None, data: str, emit: Emit) -> bool:
        """Read one event (`event` is its ``event:`` line, None without one); emit its pieces.
        Returns True when the stream is complete (nothing more is read).

        Raises:
            KeyError, IndexError, TypeError, ValueError: a malformed event (reported as
                `MalformedResponse`); `ProviderError`: an error event.
        """

    @abc.abstractmethod
    def reply(self) -> Reply:
        """The answer read so far, whole."""


def tool_arguments(text: str | None) -> dict[str, Any]:
    """A tool call's arguments from their JSON text ({} when empty).

    Raises:
        ValueError: not JSON, or not an object.
    """
    if not text:
        return {}
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("a tool call's arguments are not a JSON object")
    return value

# Completion tokens assumed for the TPM budget when the call sets no max_tokens.
_DEFAULT_COMPLETION_ESTIMATE = 256


class Wire(abc.ABC):
    """One provider API's request and response format."""

    name: ClassVar[str]
    path: ClassVar[str]  # route under the base URL
    key_header: ClassVar[str]  # the header that carries the API key
    key_prefix: ClassVar[str] = ""  # what comes before the key in it ("Bearer ")
    models_path: ClassVar[str] = "/models"  # GET lists the models: `ember doctor` probes it
    max_temperature: ClassVar[float] = 2.0
    native_n: ClassVar[bool] = False  # its body carries `request.n`; else n calls, merged
    json_schema_native: ClassVar[bool] = False  # its body carries `request.json_schema`
    tools_native: ClassVar[bool] = False  # its body carries `request.tools` (else refused)

    def headers(self, key: Secret | None) -> dict[str, str]:
        """Request headers; the one place a key is revealed."""
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers[self.key_header] = self.key_prefix + key.reveal()
        return headers

    @abc.abstractmethod
    def body(self, model: str, request: Request, model_id: str) -> dict[str, Any]:
        """The JSON body for `request` to `model` (the name after the prefix).

        Raises:
            InvalidParameter: for a parameter this API cannot take.
        """

    @abc.abstractmethod
    def read(self, data: Any) -> Reply:
        """Read every choice (text, finish reason, tool calls) and the usage from the
        decoded answer.

        Raises:
            KeyError, IndexError, TypeError, ValueError: when the answer lacks a field; the
                caller reports them as `MalformedResponse`.
        """

    def stream_body(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """The body that asks for a stream of `body`'s answer; None: this wire cannot stream
        (the answer then comes whole, as one piece)."""
        return None

    def decoder(self) -> Decoder:
        """A fresh reader for one streamed answer (wires whose `stream_body` is not None)."""
        raise NotImplementedError

    def route(self, model: str, stream: bool = False) -> str:
        """The path under the base URL that `model`'s calls are posted to (`path` unless
        the API puts the model in the URL, as Gemini's and Azure's do); `stream`: for a
        streamed answer (Gemini streams from another method)."""
        return self.path

    def max_tokens_sent(self, request: Request) -> int | None:
        """The completion cap the request body carries (None: no cap sent)."""
        return request.max_tokens

    def estimate_tokens(self, request: Request) -> float:
        """Tokens the call will be charged, for the TPM budget before the answer is known.

        Providers charge the prompt plus ``max_tokens`` when a cap is sent; the prompt is
        estimated at ~4 characters per token.
        """
        chars = sum(len(str(m.get("content", ""))) for m in request.messages)
        completion = self.max_tokens_sent(request) or _DEFAULT_COMPLETION_ESTIMATE
        return chars / 4 + 3 * len(request.messages) + completion

    def charged_tokens(self, request: Request, usage: Usage) -> int:
        """Tokens the call was charged, once its usage is known."""
        return usage.prompt_tokens + (self.max_tokens_sent(request) or usage.completion_tokens)


def token_count(usage: Any, name: str) -> int:
    """A token count read from an answer's usage: absent or null is 0.

    Raises:
        TypeError, ValueError: for anything but a whole number >= 0 (``true``, ``-5``,
            ``"12"``, ``1e400``); the caller reports them as `MalformedResponse`.

    Examples:
        >>> token_count({"prompt_tokens": 12}, "prompt_tokens"), token_count({}, "x")
        (12, 0)
    """
    value = usage.get(name)
    if type(value) is int and value >= 0:  # the common case, checked first
        return value
    if value is None:
        return 0
    # The message names the type only: the value may echo the request, key and all.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"usage.{name} is not a number: a {type(value).__name__}")
    if not (value >= 0 and value == int(value)):  # int(inf) raises OverflowError
        raise ValueError(f"usage.{name} is not a whole number >= 0: {value!r}")
    return int(value)


def given(request: Request, *names: str, into: dict[str, Any] | None = None,
          **renamed: str) -> dict[str, Any]:
    """The request's fields among `names` that are set (not None), for a body: each under
    its own name, or under the API's name for those in `renamed` (Ember's name=API's name);
    added to `into` (the body itself: no dict made and merged per call) and returned.

    Examples:
        >>> from ember.models._params import make_request
        >>> given(make_request("a/b", "Hi", {"seed": 1, "stop": "."}), "temperature", "seed",
        ...       stop="stop_sequences")
        {'seed': 1, 'stop_sequences': ['.']}
    """
    out: dict[str, Any] = {} if into is None else into
    for name in names:
        value = getattr(request, name)
        if value is not None:
            out[name] = value
    for name, api in renamed.items():
        value = getattr(request, name)
        if value is not None:
            out[api] = value
    return out


def finish_reason(value: Any, name: str) -> str | None:
    """A finish (stop) reason read from an answer: a str, or None when absent.

    Raises:
        TypeError: for any other type; the caller reports it as `MalformedResponse`.
    """
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} is not a string: a {type(value).__name__}")
    return value


WIRES: dict[str, Wire] = {}


def register_wire(wire: Wire) -> None:
    """Make `wire` available to config endpoints as ``wire = "<wire.name>"``."""
    WIRES[wire.name] = wire


def get_wire(name: str) -> Wire:
    """The wire registered under `name` (the config already checked that it exists)."""
    return WIRES[name]
