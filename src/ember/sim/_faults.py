"""Injected faults: what real providers do under load, drawn per request from `SimConfig`.

One uniform draw per admitted request picks, by the configured probabilities, a 429 with
`Retry-After`, a 500, a reset connection (TCP RST, no response at all), a request held for
`hang_s` and then dropped, or no fault. The draws come from one seeded generator, so a
run's sequence of faults repeats. `bad_json` is the one fault in the answer itself: the
first structured-output answers break their schema.
"""

from __future__ import annotations

import asyncio
import math
import random
import socket
import struct
from itertools import accumulate
from typing import TYPE_CHECKING

from aiohttp import web

from ._config import FAULTS, SimConfig

if TYPE_CHECKING:
    from ._stats import Stats
    from ._wire import Wire

__all__ = ["Faults", "retry_headers", "seconds"]


class Faults:
    """The fault draws of one server."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)
        self._thresholds = list(accumulate(getattr(config, name) for name in FAULTS))
        self._any = self._thresholds[-1] > 0
        self._bad_json_left = config.bad_json

    def bad_json(self) -> bool:
        """True if this structured-output answer is to break its schema (the first N are)."""
        if self._bad_json_left <= 0:
            return False
        self._bad_json_left -= 1
        return True

    async def inject(
        self, request: web.Request, wire: Wire, model: str, stats: Stats
    ) -> web.StreamResponse | None:
        """Draw this request's fault; the response that carries it, or None for no fault."""
        if not self._any:
            return None
        config, u = self.config, self._rng.random()
        t429, t500, treset, thang = self._thresholds
        if u < t429:
            stats.rate_limited += 1
            stats.injected_429 += 1
            return wire.error(
                429,
                "rate_limit",
                f"Rate limit reached for {model} (simulated). "
                f"Please try again in {seconds(config.retry_after)}s.",
                retry_headers(config.retry_after),
            )
        if u < t500:
            stats.errors_500 += 1
            return wire.error(
                500, "server", "The server had an error while processing your request (simulated)."
            )
        if u < treset:
            stats.resets += 1
            return _reset(request)
        if u < thang:
            stats.hangs += 1
            await asyncio.sleep(config.hang_s)
            return _reset(request)
        return None


def seconds(value: float) -> str:
    """Seconds as a short decimal: 1.0 -> "1", 0.0512 -> "0.052"."""
    return f"{math.ceil(value * 1000) / 1000:g}"


def retry_headers(wait: float) -> dict[str, str]:
    """`Retry-After` (seconds) and `retry-after-ms`, as OpenAI sends them on a 429."""
    return {"Retry-After": seconds(wait), "retry-after-ms": str(math.ceil(wait * 1000))}


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
