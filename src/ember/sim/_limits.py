"""The server's rate limits: requests and tokens per minute, as token buckets.

A request is admitted only if both buckets have room; otherwise the caller answers 429
with the wait as `Retry-After`. The bucket itself is the one place to swap for a shared
token bucket.
"""

from __future__ import annotations

import time
from typing import Final

__all__ = ["MIN_RETRY_AFTER", "Limiter"]

MIN_RETRY_AFTER: Final = 0.05
"""The shortest wait a 429 asks for, so clients do not spin on a nearly full bucket."""


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


class Limiter:
    """RPM and TPM buckets; a request is admitted only if both have room."""

    def __init__(self, rpm: int | None, tpm: int | None) -> None:
        self.requests = _Bucket(rpm) if rpm else None
        self.tokens = _Bucket(tpm) if tpm else None

    @property
    def active(self) -> bool:
        """True if any limit is set (else `acquire` always admits)."""
        return self.requests is not None or self.tokens is not None

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
            return max(wait, MIN_RETRY_AFTER), kind
        if self.requests is not None:
            self.requests.tokens -= 1
        if self.tokens is not None:
            self.tokens.tokens -= cost
        return 0.0, ""
