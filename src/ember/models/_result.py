"""What a model call returns: a `str` that also carries usage, model id, latency and cost."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ModelResult", "ToolCall", "Usage"]

_USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens")


@dataclass(frozen=True, slots=True)
class Usage(Mapping[str, int]):
    """Token counts reported for one call, read as attributes or as a mapping.

    Code written for the earlier Ember reads ``usage["total_tokens"]``; ``dict(usage)`` gives
    all three counts.

    Examples:
        >>> u = Usage(3, 1)
        >>> u.total_tokens, u["total_tokens"], dict(u)
        (4, 4, {'prompt_tokens': 3, 'completion_tokens': 1, 'total_tokens': 4})
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    # True when Ember's response cache served the answer (nothing was sent or paid for);
    # not one of the mapping's counts, and not compared: the tokens are the same.
    cached: bool = field(default=False, compare=False)

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __getitem__(self, key: str) -> int:
        if key not in _USAGE_KEYS:
            raise KeyError(f"{key!r}: usage counts are {', '.join(_USAGE_KEYS)}")
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_USAGE_KEYS)

    def __len__(self) -> int:
        return len(_USAGE_KEYS)

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.cached and other.cached,
        )


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool the model asked to call: its `name`, parsed `arguments` and the call's `id`
    (sent back with the tool's result so the model can match them).

    Examples:
        >>> ToolCall("call_1", "get_weather", {"city": "Paris"}).arguments["city"]
        'Paris'
    """

    id: str
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


class ModelResult(str):
    """The text of a completion, usable anywhere a `str` is.

    `.usage`, `.model_id` (the model that answered: with fallbacks, maybe not the first),
    `.latency_s` (wall time of the call, retries included), `.cost_usd` (None when the
    model's pricing is unknown) and `.finish_reason` ride along; so do `.tool_calls` (the
    tools the model asked for, `ToolCall`s), `.choices` (every choice when ``n > 1``, each a
    `ModelResult`; this result is the first, with the usage of all), `.ttft_s` (seconds to
    the first token of a stream, else None) and `.parsed` (the validated ``output=`` value).

    Examples:
        >>> r = ModelResult("hi", model_id="sim/gpt", usage=Usage(3, 1), latency_s=0.1)
        >>> r.upper(), r.usage.total_tokens
        ('HI', 4)
    """

    __slots__ = ("usage", "model_id", "latency_s", "cost_usd", "finish_reason", "tool_calls",
                 "_choices", "ttft_s", "parsed")

    usage: Usage
    model_id: str
    latency_s: float
    cost_usd: float | None
    finish_reason: str | None
    tool_calls: tuple[ToolCall, ...]
    ttft_s: float | None
    parsed: Any

    def __new__(
        cls,
        text: str,
        *,
        model_id: str,
        usage: Usage | None = None,
        latency_s: float = 0.0,
        cost_usd: float | None = None,
        finish_reason: str | None = None,
        tool_calls: tuple[ToolCall, ...] = (),
        choices: tuple[ModelResult, ...] = (),
        ttft_s: float | None = None,
        parsed: Any = None,
    ) -> ModelResult:
        self = super().__new__(cls, text)
        self.usage = usage if usage is not None else Usage()
        self.model_id = model_id
        self.latency_s = latency_s
        self.cost_usd = cost_usd
        self.finish_reason = finish_reason
        self.tool_calls = tool_calls if type(tool_calls) is tuple else tuple(tool_calls)
        if choices:
            self.choices = choices
        else:  # one choice: nothing to store (see the setter)
            self._choices = ()
        self.ttft_s = ttft_s
        self.parsed = parsed
        return self

    @property
    def choices(self) -> tuple[ModelResult, ...]:
        """Every choice, this result first (just this one unless ``n > 1``)."""
        return self._choices or (self,)

    @choices.setter
    def choices(self, choices: tuple[ModelResult, ...]) -> None:
        # A lone choice is not stored: holding itself, a result would be freed only by
        # the garbage collector, never as soon as it is dropped.
        self._choices = () if len(choices) == 1 and choices[0] is self else tuple(choices)

    def replace(self, **changes: Any) -> ModelResult:
        """A copy with some fields changed (``text=`` too); `choices` follow a new first one.

        Examples:
            >>> ModelResult("hi", model_id="sim/gpt").replace(cost_usd=0.0).cost_usd
            0.0
        """
        fields = {name: getattr(self, name) for name in self.__slots__ if name != "_choices"}
        fields["text"] = self.text
        fields["choices"] = ()
        fields.update(changes)
        made = ModelResult(fields.pop("text"), **fields)
        if "choices" not in changes and len(self.choices) > 1:
            made.choices = (made, *self.choices[1:])
        return made

    @property
    def text(self) -> str:
        """The completion as a plain `str`."""
        return str.__str__(self)

    def __reduce__(self):  # keep metadata across pickling (process pools, Ray)
        rest = self.choices[1:]
        return (
            _rebuild,
            (self.text, self.model_id, self.usage, self.latency_s, self.cost_usd,
             self.finish_reason, self.tool_calls, rest, self.ttft_s, self.parsed),
        )

    def __repr__(self) -> str:
        calls = f", tool_calls={list(self.tool_calls)!r}" if self.tool_calls else ""
        return f"ModelResult({self.text!r}, model_id={self.model_id!r}, usage={self.usage}{calls})"


def _rebuild(text, model_id, usage, latency_s, cost_usd, finish_reason, tool_calls=(),
             rest=(), ttft_s=None, parsed=None) -> ModelResult:
    made = ModelResult(
        text, model_id=model_id, usage=usage, latency_s=latency_s, cost_usd=cost_usd,
        finish_reason=finish_reason, tool_calls=tool_calls, ttft_s=ttft_s, parsed=parsed,
    )
    if rest:
        made.choices = (made, *rest)
    return made
