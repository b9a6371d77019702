"""The server's rate limits: requests and tokens per minute, as token buckets.

A request is admitted only if both buckets have room; otherwise the caller answers 429
with the wait as `Retry-After`. The buckets are Ember's one `TokenBucket` (`ember._core`),
the one the client paces itself with, used here to admit or refuse (`wait_for`) rather
than to queue.
"""

from __future__ import annotations

from typing import Final

from ember._core import TokenBucket

__all__ = ["MIN_RETRY_AFTER", "Limiter"]

MIN_RETRY_AFTER: Final = 0.05
"""The shortest wait a 429 asks for, so clients do not spin on a nearly full bucket."""


class Limiter:
    """RPM and TPM buckets; a request is admitted only if both have room."""

    def __init__(self, rpm: int | None, tpm: int | None) -> None:
        self.requests = TokenBucket(rpm) if rpm else None
        self.tokens = TokenBucket(tpm) if tpm else None

    @property
    def active(self) -> bool:
        """True if any limit is set (else `acquire` always admits)."""
        return self.requests is not None or self.tokens is not None

    def acquire(self, cost: int) -> tuple[float, str]:
        """Take one request and `cost` tokens; or return (seconds to wait, "requests"/"tokens")."""
        wait, kind = 0.0, ""
        if self.requests is not None:
            wait, kind = self.requests.wait_for(1), "requests"
        if self.tokens is not None:
            t_wait = self.tokens.wait_for(cost)
            if t_wait > wait:
                wait, kind = t_wait, "tokens"
        if wait > 0:
            return max(wait, MIN_RETRY_AFTER), kind
        if self.requests is not None:
            self.requests.reserve(1)
        if self.tokens is not None:
            self.tokens.reserve(cost)
        return 0.0, ""
