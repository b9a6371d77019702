"""Client-side limits for one endpoint: token buckets and an adaptive concurrency limit.

- `TokenBucket` (the one implementation, in `ember._core`) meters requests (RPM) or tokens
  (TPM) the way providers do: it refills at ``per_minute / 60`` units per second and holds
  one second's worth (or a given capacity). Waiting is a reservation: each caller takes its
  units at once (the balance may go negative) and sleeps until the balance it left behind
  would have been refilled, so callers go in arrival order with one timer each and no polling.
- `EndpointRate` is what an endpoint holds for its RPM or TPM limit: a `TokenBucket` of
  its own, unless `set_rate_buckets` installed a source of buckets kept elsewhere (the Ray
  backend meters a whole cluster through one actor this way).
- `LearnedRate` paces an endpoint whose rate limit is not configured: once most of its
  requests are refused (429s, counted in the order the requests were sent), requests go at
  a rate that grows while answers succeed, and a 429 at that rate sets it just under what
  the server was seen to admit.
- `AdaptiveLimiter` caps requests in flight with AIMD: a 429 or 503 halves the cap (once
  per overload episode: not again for requests already in flight, nor within a cooldown,
  nor while they are only a small share of recent answers), and every `increase_every`
  successes add one back, up to the configured maximum. With no maximum configured the cap
  starts at `START_CALLS_IN_FLIGHT` and grows while the endpoint is healthy and the cap
  holds calls back: until its first overload, each success of a call during whose flight
  some call had to wait adds one (slow start: the cap doubles per round trip, as TCP's
  window does), then additively, with no ceiling.

Each takes a `clock` so its arithmetic can be tested with a fake one, and all run on the
shared event loop only (no locks).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import math
import time
from collections.abc import Callable
from typing import Protocol

from ember._core import TokenBucket

__all__ = ["START_CALLS_IN_FLIGHT", "AdaptiveLimiter", "EndpointRate", "LearnedRate",
           "RateBucket", "TokenBucket", "set_rate_buckets"]

START_CALLS_IN_FLIGHT = 256
"""The first cap on calls in flight of an endpoint with no `max_calls_in_flight` set."""


class RateBucket(Protocol):
    """What an endpoint needs of an RPM or TPM bucket (`TokenBucket` is one)."""

    async def acquire(self, n: float = 1.0) -> None:
        """Wait until `n` units (requests or tokens) may be used."""

    def refund(self, n: float) -> None:
        """Give back `n` units; a negative `n` charges more (a call used more tokens)."""


BucketSource = Callable[[str, str, float, float], RateBucket]
"""``source(endpoint, kind, per_minute, capacity)``: the bucket an endpoint's limit uses;
`kind` is ``"rpm"`` or ``"tpm"``."""

_source: BucketSource | None = None
_generation = 0  # counts calls of `set_rate_buckets`: endpoints pick up a new source


def set_rate_buckets(source: BucketSource | None) -> None:
    """Meter every endpoint's RPM/TPM limit with buckets from `source` (None: their own).

    The extension point for limits shared beyond this process: the Ray backend gives each
    worker buckets that reserve their units from one actor, so that N workers together
    keep to the configured rate rather than N times it. Endpoints built earlier switch at
    their next request. Their other limits (calls in flight, learned pacing) stay local.

    Args:
        source: ``source(endpoint, kind, per_minute, capacity)`` returning an object with
            ``async acquire(n)`` and ``refund(n)`` (a `RateBucket`); called once per
            endpoint and kind.

    Examples:
        >>> import asyncio
        >>> made = []
        >>> def shared(endpoint, kind, per_minute, capacity):
        ...     made.append((endpoint, kind, per_minute, capacity))
        ...     return TokenBucket(per_minute, capacity=capacity)
        >>> set_rate_buckets(shared)
        >>> rate = EndpointRate("local", "rpm", 120, capacity=1)
        >>> asyncio.run(rate.acquire())
        >>> made
        [('local', 'rpm', 120, 1.0)]
        >>> set_rate_buckets(None)
    """
    global _source, _generation
    _source = source
    _generation += 1


class EndpointRate:
    """One endpoint's RPM or TPM limit: its own `TokenBucket`, or one from `set_rate_buckets`.

    Args:
        endpoint: the endpoint's name (handed to the source).
        kind: ``"rpm"`` or ``"tpm"``.
        per_minute: the configured rate.
        capacity: the burst, as for `TokenBucket`.
    """

    __slots__ = ("endpoint", "kind", "per_minute", "capacity", "_own", "_bucket",
                 "_generation")

    def __init__(self, endpoint: str, kind: str, per_minute: float, *,
                 capacity: float | None = None) -> None:
        self._own = TokenBucket(per_minute, capacity=capacity)
        self.endpoint, self.kind = endpoint, kind
        self.per_minute, self.capacity = per_minute, self._own.capacity
        self._bucket: RateBucket = self._own
        self._generation = -1

    def _current(self) -> RateBucket:
        if self._generation != _generation:
            self._generation = _generation
            self._bucket = self._own if _source is None else _source(
                self.endpoint, self.kind, self.per_minute, self.capacity)
        return self._bucket

    async def acquire(self, n: float = 1.0) -> None:
        """Wait until `n` units may be used."""
        await self._current().acquire(n)

    def refund(self, n: float) -> None:
        """Give back `n` units (negative: charge more)."""
        self._current().refund(n)

    def __repr__(self) -> str:
        return f"EndpointRate({self.endpoint!r}, {self.kind!r}, {self._current()!r})"


class LearnedRate:
    """Paces requests to an endpoint with an unknown rate limit, at the rate it admits.

    Unpaced until most of the endpoint's requests are refused (`AdaptiveLimiter.rate_limited`);
    then one request per Retry-After to start with, growing by `increase` every `every`
    seconds without a 429 while requests wait for their turn, up to `headroom` times the
    ceiling. A 429 for a request sent at the current pace may mean the pace is over the
    limit: for the next `window` seconds the successes are counted, and if 429s for
    requests sent at that pace still come in the window's second half, what the server
    admitted while it turned the rest away becomes the ceiling. 429s that stop within the
    first half (the tail of an earlier burst, still in the server's window) teach nothing:
    measured, they would cap the pace at what was sent meanwhile, which on a busy machine
    is what the starved client managed to send. So a limit is found in seconds and
    then kept under with no 429s. After `probe_after` quiet
    seconds the ceiling is lifted by `increase`, so a raised limit is found too; the pace
    never drops below half its first value, so random 429s on top of a limit cannot slow
    an endpoint to a halt.

    Args:
        increase: the factor the pace grows by.
        headroom: how close to the ceiling the pace may grow.
        every: the least seconds between two raises.
        window: seconds over which admitted requests are counted after a 429.
        probe_after: quiet seconds after which the ceiling is lifted.
        clock: monotonic seconds; `time.monotonic` unless testing.

    Examples:
        >>> now = [0.0]
        >>> pace = LearnedRate(clock=lambda: now[0])
        >>> pace.on_overload(0.1, rate_limited=True, generation=0); pace.rate
        10.0
        >>> pace.on_overload(0.1, False, pace.generation)   # a 429 at this pace: measure
        >>> for i in range(29):
        ...     now[0] += 0.07; pace.on_success()      # 14 answers a second get through
        ...     if i in (5, 20): pace.on_overload(0.1, False, pace.generation)  # others not
        >>> pace.ceiling, round(pace.rate, 1)
        (14.0, 13.3)
    """

    __slots__ = ("increase", "headroom", "every", "window", "probe_after", "rate",
                 "ceiling", "floor", "generation", "_clock", "_changed", "_last_429",
                 "_measuring", "_admitted", "_refused", "_waiting", "_next", "_releaser")

    def __init__(self, *, increase: float = 1.1, headroom: float = 0.95, every: float = 0.5,
                 window: float = 2.0, probe_after: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.increase, self.headroom, self.every = increase, headroom, every
        self.window, self.probe_after = window, probe_after
        self.rate: float | None = None  # requests per second; None while unpaced
        self.ceiling = math.inf
        self.floor = 0.0
        self.generation = 0  # counts changes of pace, as `AdaptiveLimiter.generation`
        self._clock = clock
        self._changed = self._last_429 = -math.inf
        self._measuring: float | None = None  # when the count of admitted requests began
        self._admitted = 0
        self._refused = False  # a 429 at this pace in the second half of the count
        # Turns are handed out one by one from a queue, not reserved ahead as in a token
        # bucket, so that a new pace applies at once to requests already waiting.
        self._waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self._next = 0.0  # when the next turn may be given
        self._releaser: asyncio.Task[None] | None = None

    async def acquire(self) -> int:
        """Wait for this request's turn (at once while unpaced); return the generation, to
        hand back to `on_overload` (a turn given at an older pace says nothing of this one).
        """
        if self.rate is None:
            return self.generation
        generation = self.generation
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        if self._releaser is None:
            self._releaser = asyncio.ensure_future(self._release())
        try:
            await turn
        except asyncio.CancelledError:
            with contextlib.suppress(ValueError):
                self._waiting.remove(turn)
            raise
        return generation

    async def _release(self) -> None:
        try:
            while self._waiting:
                delay = self._next - self._clock()
                if delay > 0:
                    await asyncio.sleep(delay)
                    continue  # the pace may have changed meanwhile
                turn = self._waiting.popleft()
                if not turn.done():
                    turn.set_result(None)
                    spacing = 1.0 / self.rate  # type: ignore[operator]
                    self._next = max(self._next, self._clock() - spacing) + spacing
        finally:
            self._releaser = None

    def _set(self, per_second: float, now: float) -> None:
        if self.rate is None:  # the first paced request waits its turn
            self._next = now + 1.0 / per_second
        else:  # the turn after the last one given moves to the new spacing
            self._next += 1.0 / per_second - 1.0 / self.rate
        self.rate = per_second
        self.generation += 1
        self._changed = now

    def on_overload(self, retry_after: float | None, rate_limited: bool,
                    generation: int) -> None:
        """A 429 came back for a request whose turn `acquire` gave in `generation`;
        `rate_limited`: most recent answers were 429s."""
        now = self._clock()
        if self.rate is None:
            if rate_limited:
                first = 1.0 / min(max(retry_after or 1.0, 0.01), 10.0)
                self.floor = first / 2
                self._set(first, now)
            return
        self._last_429 = now  # no raise while any 429 comes
        if generation != self.generation:
            return  # paced at an earlier rate: says nothing about this one
        if self._measuring is None:
            self._measuring, self._admitted, self._refused = now, 0, False
        elif now >= self._measuring + self.window / 2:
            self._refused = True  # still refused at this pace: over the limit

    def on_success(self) -> None:
        """An answer came back: count it, or after a quiet spell raise the pace."""
        if self.rate is None:
            return
        now = self._clock()
        if self._measuring is not None:
            if now < self._measuring + self.window:
                self._admitted += 1
                return
            self._measuring = None
            if self._refused:  # the server admitted this much and no more
                self.ceiling = max(self._admitted / self.window, self.floor)
                self._set(max(self.ceiling * self.headroom, self.floor), now)
                return
        if now - self._changed < self.every or now - self._last_429 < self.every:
            return
        if not self._waiting:
            return  # no request waits for its turn: the pace holds nothing back
        rate = min(self.rate * self.increase, self.ceiling * self.headroom)
        if rate > self.rate * 1.001:
            self._set(rate, now)
        elif now - self._changed >= self.probe_after:
            self.ceiling *= self.increase  # quiet at the ceiling for long: probe above it
            self._changed = now

    def __repr__(self) -> str:
        pace = "unpaced" if self.rate is None else f"{self.rate:.3g}/s"
        return (f"LearnedRate({pace}, ceiling={self.ceiling:.3g}/s, "
                f"waiting={len(self._waiting)})")


class AdaptiveLimiter:
    """Limits calls in flight; the limit adapts to 429s and 503s (AIMD).

    Args:
        max_calls_in_flight: the most calls allowed in flight (and the starting limit);
            None: no ceiling, start at `start` and grow while the endpoint is healthy.
        start: the first limit when there is no ceiling (`START_CALLS_IN_FLIGHT`).
        increase_every: successes needed to raise the limit by one after a decrease.
        cooldown: the least seconds between two decreases.
        overload_share: a 429 lowers the limit only when at least this share of the
            last `window` answers (successes and 429s) were 429s.
        window: how many recent answers `overload_share` looks at.
        clock: monotonic seconds; `time.monotonic` unless testing.

    Growth follows demand: the limit only rises for a call that the limit held back, or
    during whose flight another call had to wait (`on_success` takes `waits` read before the
    call's `acquire`). Until the first overload it rises by one per such success (slow
    start: double per round trip); after one, by one per `increase_every` of them. Counting
    only the calls still waiting when an answer comes would stop short of the demand: a
    burst of 1,000 calls against a limit of 256 leaves it at 628 (each success admits two
    waiting calls, so the queue empties early in the second round trip), and the next
    bursts of 1,000 then each take two round trips instead of one. One overload episode halves the limit once. `acquire()` returns a generation number
    to hand back to `on_overload`: a 429 for a call admitted before the last decrease was
    caused by the old limit and does not count again. Decreases are at least `cooldown`
    apart, so scattered 429s from a fast endpoint (many generations a second) trim the
    limit instead of collapsing it to one. And a 429 among mostly successes is not an
    overload: with 10% of answers 429 at random, halving on each (even once a cooldown)
    while adding one back per `increase_every` successes settles near 1 call in flight
    whenever answers take longer than a few hundred ms. Those 429s are the retry's job
    (Retry-After); a limit that is really too high shows as a large share of 429s, as
    every freed slot is taken by a waiting call that is turned away too.

    Examples:
        >>> now = [0.0]
        >>> limiter = AdaptiveLimiter(8, increase_every=2, clock=lambda: now[0])
        >>> limiter.on_overload(limiter.generation); limiter.limit
        4
        >>> limiter.on_overload(0); limiter.limit    # admitted before the decrease
        4
        >>> limiter.on_overload(limiter.generation); limiter.limit   # within the cooldown
        4
        >>> for _ in range(4): limiter.on_success()
        >>> limiter.limit
        6
        >>> now[0] += 10
        >>> for _ in range(20): limiter.on_success()
        >>> limiter.on_overload(limiter.generation); limiter.limit   # 4 of 28 answers: noise
        8
    """

    __slots__ = ("max_calls_in_flight", "increase_every", "cooldown", "overload_share", "limit",
                 "in_flight", "generation", "slow_start", "waits", "_ceiling", "_successes",
                 "_waiters", "_clock", "_last_decrease", "_recent", "_recent_429s",
                 "_tickets", "_settled", "_answered", "_sent_window", "_sent_429s")

    def __init__(self, max_calls_in_flight: int | None, *,
                 start: int = START_CALLS_IN_FLIGHT, increase_every: int = 10,
                 cooldown: float = 1.0, overload_share: float = 0.25, window: int = 100,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if ((max_calls_in_flight is not None and max_calls_in_flight < 1) or start < 1
                or increase_every < 1 or cooldown < 0 or window < 1
                or not 0 <= overload_share <= 1):
            raise ValueError("AdaptiveLimiter needs max_calls_in_flight >= 1 (or None), "
                             "start >= 1, increase_every >= 1, cooldown >= 0, window >= 1 "
                             "and 0 <= overload_share <= 1")
        self.max_calls_in_flight = max_calls_in_flight
        self.increase_every = increase_every
        self.cooldown = cooldown
        self.overload_share = overload_share
        self._ceiling = math.inf if max_calls_in_flight is None else max_calls_in_flight
        self.limit = start if max_calls_in_flight is None else max_calls_in_flight
        self.slow_start = max_calls_in_flight is None  # until the first overload
        self.in_flight = 0
        self.generation = 0
        self.waits = 0  # calls that had to wait for a slot, so far
        self._successes = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._clock = clock
        self._last_decrease = -math.inf
        self._recent: collections.deque[bool] = collections.deque(maxlen=window)  # True: 429
        self._recent_429s = 0
        # `rate_limited`'s window: answers in the order their requests were sent (`sent`).
        self._tickets = self._settled = 0  # tickets given; those below `_settled` counted
        self._answered: dict[int, int] = {}  # statuses that came before an earlier one's
        self._sent_window: collections.deque[bool] = collections.deque(maxlen=window)
        self._sent_429s = 0

    def try_acquire(self) -> int | None:
        """Take a free slot at once if no call waits for one; return the generation, or
        None (then `acquire`). The common case, without a coroutine to make and await."""
        if self.in_flight < self.limit and not self._waiters:
            self.in_flight += 1
            return self.generation
        return None

    async def acquire(self) -> int:
        """Wait for a free slot (first come, first served); return the generation."""
        generation = self.try_acquire()
        if generation is not None:
            return generation
        self.waits += 1
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over just before the cancel landed
            else:
                with contextlib.suppress(ValueError):  # already dropped by _wake
                    self._waiters.remove(waiter)
            raise
        return self.generation

    def sent(self) -> int:
        """A ticket for a request about to be sent: hand it back to `release` with the
        answer's status, so that `rate_limited` counts answers in the order they were asked."""
        ticket = self._tickets
        self._tickets = ticket + 1
        return ticket

    def release(self, ticket: int | None = None, status: int = 0) -> None:
        """Free a slot taken by `acquire`; with the `sent` ticket of its request and the
        HTTP status of the answer (0: none came), count that answer for `rate_limited`."""
        self.in_flight -= 1
        if ticket is not None:
            self._settle(ticket, status)
        self._wake()

    def _settle(self, ticket: int, status: int) -> None:
        answered = self._answered
        answered[ticket] = status
        window = self._sent_window
        while self._settled in answered:  # every request sent before this one has answered
            status = answered.pop(self._settled)
            self._settled += 1
            if status in (429, 503) or 0 < status < 300:  # a refusal or a success
                if len(window) == window.maxlen and window[0]:
                    self._sent_429s -= 1
                window.append(status >= 300)
                self._sent_429s += status >= 300

    def _wake(self) -> None:
        waiters = self._waiters
        while waiters and self.in_flight < self.limit:
            waiter = waiters.popleft()
            if not waiter.done():
                self.in_flight += 1
                waiter.set_result(None)

    def _answer(self, overload: bool) -> None:
        recent = self._recent
        if len(recent) == recent.maxlen and recent[0]:
            self._recent_429s -= 1
        recent.append(overload)
        self._recent_429s += overload

    @property
    def overloaded(self) -> bool:
        """Whether 429s are at least `overload_share` of the recent answers."""
        return self._recent_429s >= self.overload_share * len(self._recent) > 0

    @property
    def rate_limited(self) -> bool:
        """At least half of the answers to a whole `window` of requests were 429s (or 503s):
        a limit, not chance. Counted in the order the requests were sent (`sent`, `release`).

        In the order answers arrive they would prove little: a refusal comes back at once,
        a success only once the model has answered, so the first answers to a burst are its
        refusals. With 10% random 429s, 500 requests in flight and 10 ms answers, windows
        of up to 44 429s in 100 answers were seen (51 with 0.1 s answers, 94 with 1,000 in
        flight); past half, the endpoint was paced at one request per Retry-After, and the
        2,000 calls of the chaos test in tests/models/test_transport.py took 88 s instead
        of 5. In the order sent, 10% random 429s reach half of a window about once in 1e18
        windows; a burst of requests over a limit reaches it within a round trip. (A request
        still unanswered holds back the count of those sent after it, until it ends.)
        """
        window = self._sent_window
        return len(window) == window.maxlen and 2 * self._sent_429s >= len(window)

    def on_success(self, waits: int | None = None) -> None:
        """Count a success; it may raise the limit (see the class).

        Args:
            waits: `waits` as read before the call's `acquire`: the limit held calls back
                during its flight if the count moved since. None: only calls waiting now
                count.
        """
        self._answer(False)
        if self.limit >= self._ceiling:
            return
        if self._ceiling == math.inf and not self._waiters and (waits is None
                                                                or waits == self.waits):
            return  # the limit held nothing back: it must not drift up
        if self.slow_start:
            self.limit += 1
            self._wake()
            return
        self._successes += 1
        if self._successes >= self.increase_every:
            self._successes = 0
            self.limit += 1
            self._wake()

    def on_overload(self, generation: int) -> None:
        """A call admitted in `generation` got a 429 or 503: halve the limit (at least 1)."""
        self._answer(True)
        if generation != self.generation:
            return
        now = self._clock()
        if now - self._last_decrease < self.cooldown:
            return
        if not self.overloaded:
            return
        self._last_decrease = now
        self.slow_start = False
        self.generation += 1
        self.limit = max(1, self.limit // 2)
        self._successes = 0

    def __repr__(self) -> str:
        ceiling = "no ceiling" if self.max_calls_in_flight is None else self.max_calls_in_flight
        return (f"AdaptiveLimiter(limit={self.limit}/{ceiling}, "
                f"in_flight={self.in_flight}, waiting={len(self._waiters)})")
