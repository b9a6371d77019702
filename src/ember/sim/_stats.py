"""The server's counters: requests by outcome and by model, in flight, completions per second."""

from __future__ import annotations

from typing import Any

__all__ = ["Stats"]


class _ModelStats:
    __slots__ = ("completed", "completion_tokens", "prompt_tokens", "requests")

    def __init__(self) -> None:
        self.requests = self.completed = self.prompt_tokens = self.completion_tokens = 0


class Stats:
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
