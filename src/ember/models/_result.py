"""What a model call returns: a `str` that also carries usage, model id, latency and cost."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["ModelResult", "Usage"]

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


class ModelResult(str):
    """The text of a completion, usable anywhere a `str` is.

    `.usage`, `.model_id`, `.latency_s` (wall time of the call, retries included),
    `.cost_usd` (None when the model's pricing is unknown) and `.finish_reason` ride along.

    Examples:
        >>> r = ModelResult("hi", model_id="sim/gpt", usage=Usage(3, 1), latency_s=0.1)
        >>> r.upper(), r.usage.total_tokens
        ('HI', 4)
    """

    __slots__ = ("usage", "model_id", "latency_s", "cost_usd", "finish_reason")

    usage: Usage
    model_id: str
    latency_s: float
    cost_usd: float | None
    finish_reason: str | None

    def __new__(
        cls,
        text: str,
        *,
        model_id: str,
        usage: Usage | None = None,
        latency_s: float = 0.0,
        cost_usd: float | None = None,
        finish_reason: str | None = None,
    ) -> ModelResult:
        self = super().__new__(cls, text)
        self.usage = usage if usage is not None else Usage()
        self.model_id = model_id
        self.latency_s = latency_s
        self.cost_usd = cost_usd
        self.finish_reason = finish_reason
        return self

    @property
    def text(self) -> str:
        """The completion as a plain `str`."""
        return str.__str__(self)

    def __reduce__(self):  # keep metadata across pickling (process pools, Ray)
        return (
            _rebuild,
            (self.text, self.model_id, self.usage, self.latency_s, self.cost_usd,
             self.finish_reason),
        )

    def __repr__(self) -> str:
        return f"ModelResult({self.text!r}, model_id={self.model_id!r}, usage={self.usage})"


def _rebuild(text, model_id, usage, latency_s, cost_usd, finish_reason) -> ModelResult:
    return ModelResult(
        text, model_id=model_id, usage=usage, latency_s=latency_s, cost_usd=cost_usd,
        finish_reason=finish_reason,
    )
