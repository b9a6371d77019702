"""The one token bucket: requests or tokens per minute, metered the way providers do.

Both sides of a rate limit use it: the models layer paces what it sends (an endpoint's
RPM/TPM, `reserve`/`acquire`: take at once and sleep off the debt, so callers go in
arrival order with one timer each and no polling), and the simulator server admits or
refuses what it receives (`wait_for` then `reserve`: refuse with the wait as Retry-After
rather than queue). The Ray backend keeps the cluster's buckets in one actor, of this
same class.

Not thread-safe: each bucket belongs to one event loop (or one actor).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

__all__ = ["TokenBucket", "wait_reserved"]


async def wait_reserved(delay: float, refund: Callable[[], None]) -> None:
    """Sleep off a reservation's `delay`; cancelled meanwhile, give the units back (`refund`).

    What every bucket's `acquire` does after reserving: this one's, and the Ray workers'
    stand-ins whose reservation comes from the cluster's limiter.
    """
    if delay > 0:
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            refund()
            raise


class TokenBucket:
    """A token bucket refilled at ``per_minute / 60`` per second.

    By default it holds one second's worth (the simulator server's and most providers'
    metering). A call costing more than the capacity goes when the bucket is full and
    leaves it in debt, so large calls are slowed rather than refused forever.

    Args:
        per_minute: the rate, in units (requests or tokens) per minute.
        capacity: the most units it holds (the burst); one second's worth if None.
        clock: monotonic seconds; `time.monotonic` unless testing.

    Raises:
        ValueError: a rate or capacity that is not > 0 (a programming error: settings are
            checked where they are read).

    Examples:
        >>> now = [0.0]
        >>> bucket = TokenBucket(120, clock=lambda: now[0])   # 2 per second, burst of 2
        >>> [bucket.reserve() for _ in range(4)]              # seconds each must wait
        [0.0, 0.0, 0.5, 1.0]
        >>> paced = TokenBucket(120, capacity=1, clock=lambda: now[0])   # no burst
        >>> [paced.reserve() for _ in range(3)]
        [0.0, 0.5, 1.0]
        >>> server = TokenBucket(60, clock=lambda: now[0])    # admit or refuse: 1 per second
        >>> server.wait_for(1), server.reserve(1), server.wait_for(1)
        (0.0, 0.0, 1.0)
    """

    __slots__ = ("rate", "capacity", "_tokens", "_stamp", "_clock")

    def __init__(self, per_minute: float, *, capacity: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not per_minute > 0:
            raise ValueError(f"TokenBucket(per_minute={per_minute!r}): the rate must be > 0")
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate) if capacity is None else float(capacity)
        if not self.capacity > 0:
            raise ValueError(f"TokenBucket(capacity={capacity!r}): the capacity must be > 0")
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()

    def _refill(self) -> None:
        now = self._clock()
        tokens = self._tokens + (now - self._stamp) * self.rate
        self._tokens = tokens if tokens < self.capacity else self.capacity
        self._stamp = now

    @property
    def available(self) -> float:
        """Units that could be taken now without waiting (negative: already promised)."""
        self._refill()
        return self._tokens

    def wait_for(self, n: float = 1.0) -> float:
        """Seconds until `n` units could be taken without waiting (0: now); takes nothing.

        A cost above the capacity only needs a full bucket.
        """
        self._refill()
        need = n if n < self.capacity else self.capacity
        return 0.0 if self._tokens >= need else (need - self._tokens) / self.rate

    def reserve(self, n: float = 1.0) -> float:
        """Take `n` units now; return the seconds the caller must wait before using them."""
        self._refill()
        self._tokens -= n
        # Wait until the balance before this call would have reached min(n, capacity).
        short = -self._tokens - (n - self.capacity if n > self.capacity else 0.0)
        return short / self.rate if short > 0 else 0.0

    def refund(self, n: float) -> None:
        """Give back `n` units (a cancelled wait); a negative `n` charges more (actual usage)."""
        self._refill()
        tokens = self._tokens + n
        self._tokens = tokens if tokens < self.capacity else self.capacity

    async def acquire(self, n: float = 1.0) -> None:
        """Wait until `n` units may be used (returns at once when they are available)."""
        await wait_reserved(self.reserve(n), lambda: self.refund(n))

    def __repr__(self) -> str:
        return f"TokenBucket(per_minute={self.rate * 60:g}, capacity={self.capacity:g})"
