"""Cluster-wide RPM/TPM limits: one limiter actor, and stand-in buckets in every worker.

In one process, each endpoint meters its requests and tokens with a `TokenBucket`. Spread
over N Ray workers, N independent buckets would let N times the configured rate through.
So the driver starts one `SharedLimits` actor holding the real buckets, and each worker
hands the models layer a source of `SharedBucket`s (`ember.models.set_rate_buckets`, the
limiter's extension point) that reserve units from the actor (one small call per
request) and then sleep locally for the wait it returns. Reservations keep the buckets'
semantics: callers are served in arrival order at the actor and the balance may go
negative, so there is no polling and a burst queues rather than being refused.

Only HTTP endpoints configured with ``rpm``/``tpm`` have buckets; calls to others (and to
the in-process ``sim/`` models) never touch the actor.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from ember._core import TokenBucket, wait_reserved
from ember.models import set_rate_buckets

__all__ = ["SharedBucket", "SharedLimits", "install_shared_limits"]


class SharedLimits:
    """The cluster's token buckets, one per (endpoint, "rpm" | "tpm"); runs as a Ray actor.

    Examples:
        >>> limits = SharedLimits()
        >>> [round(limits.reserve("local", "rpm", 60.0, 1.0, 1.0), 3) for _ in range(3)]
        [0.0, 1.0, 2.0]
    """

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self.reserved: dict[str, float] = {}

    def _bucket(self, endpoint: str, kind: str, per_minute: float, capacity: float) -> TokenBucket:
        key = (endpoint, kind)
        bucket = self._buckets.get(key)
        if bucket is None or bucket.rate != per_minute / 60.0 or bucket.capacity != capacity:
            bucket = self._buckets[key] = TokenBucket(per_minute, capacity=capacity)
        return bucket

    def reserve(self, endpoint: str, kind: str, per_minute: float, capacity: float,
                n: float) -> float:
        """Take `n` units; return the seconds the caller must wait before using them."""
        name = f"{endpoint}/{kind}"
        self.reserved[name] = self.reserved.get(name, 0.0) + n
        return self._bucket(endpoint, kind, per_minute, capacity).reserve(n)

    def refund(self, endpoint: str, kind: str, per_minute: float, capacity: float,
               n: float) -> None:
        """Give back `n` units (negative: charge more, as after a larger-than-estimated call)."""
        name = f"{endpoint}/{kind}"
        self.reserved[name] = self.reserved.get(name, 0.0) - n
        self._bucket(endpoint, kind, per_minute, capacity).refund(n)

    def stats(self) -> dict[str, float]:
        """Units reserved so far, net of refunds, per ``endpoint/kind``."""
        return dict(self.reserved)


class SharedBucket:
    """Stands in for one endpoint's `TokenBucket` in a worker; the units come from the actor.

    A `ember.models.RateBucket`: `acquire` (awaited before a request) and `refund` (after
    it, to settle a token estimate).
    """

    __slots__ = ("actor", "endpoint", "kind", "per_minute", "capacity")

    def __init__(self, actor: Any, endpoint: str, kind: str, per_minute: float,
                 capacity: float) -> None:
        self.actor = actor
        self.endpoint = endpoint
        self.kind = kind
        self.per_minute = per_minute
        self.capacity = capacity

    async def acquire(self, n: float = 1.0) -> None:
        ref = self.actor.reserve.remote(self.endpoint, self.kind, self.per_minute,
                                        self.capacity, n)
        await wait_reserved(await asyncio.wrap_future(ref.future()), lambda: self.refund(n))

    def refund(self, n: float) -> None:
        self.actor.refund.remote(self.endpoint, self.kind, self.per_minute, self.capacity, n)

    def __repr__(self) -> str:
        return (f"SharedBucket({self.endpoint!r}, {self.kind!r}, per_minute={self.per_minute:g}, "
                f"capacity={self.capacity:g})")


def install_shared_limits(actor: Any, installed: dict[str, Any]) -> None:
    """Meter this process's RPM/TPM limits with the cluster's `SharedLimits` actor.

    Idempotent and cheap: `installed` (a dict the worker keeps) remembers the actor once
    its buckets are the source; endpoints pick them up at their next request.
    """
    if installed.get("actor") is actor:
        return
    set_rate_buckets(functools.partial(SharedBucket, actor))
    installed["actor"] = actor
