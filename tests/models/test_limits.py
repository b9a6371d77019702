"""Token buckets, the learned pace and the adaptive concurrency limiter, on a fake clock
where timing matters."""

from __future__ import annotations

import asyncio
import doctest
import statistics
import time

import pytest

from ember.models import _limits
from ember.models._limits import AdaptiveLimiter, LearnedRate, TokenBucket


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(_limits).failed == 0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --------------------------------------------------------------------------- TokenBucket


def test_bucket_holds_one_seconds_worth_and_refills_at_rate_over_60():
    clock = FakeClock()
    bucket = TokenBucket(600, clock=clock)  # 10/s, capacity 10
    assert bucket.capacity == 10 and bucket.rate == 10
    assert [bucket.reserve() for _ in range(10)] == [0.0] * 10
    assert bucket.reserve() == pytest.approx(0.1)
    assert bucket.reserve() == pytest.approx(0.2)
    clock.advance(0.2)  # both promised tokens have now been refilled
    assert bucket.reserve() == pytest.approx(0.1)
    clock.advance(100)
    assert bucket.available == 10  # never more than one second's worth


def test_slow_rates_still_hold_one_unit():
    bucket = TokenBucket(6, clock=FakeClock())  # 0.1/s
    assert bucket.capacity == 1
    assert bucket.reserve() == 0.0
    assert bucket.reserve() == pytest.approx(10.0)


def test_paced_bucket_never_bursts():
    clock = FakeClock()
    bucket = TokenBucket(600, capacity=1, clock=clock)
    delays = [bucket.reserve() for _ in range(21)]
    assert delays == pytest.approx([i / 10 for i in range(21)])
    # Any one-second window holds at most rate + 1 starts.
    starts = sorted(delays)
    assert max(sum(1 for s in starts if t <= s < t + 1) for t in starts) <= 11


def test_large_cost_waits_for_a_full_bucket_then_leaves_debt():
    clock = FakeClock()
    bucket = TokenBucket(600, clock=clock)  # capacity 10
    assert bucket.reserve(25) == 0.0  # full bucket: goes now, 15 in debt
    assert bucket.available == -15
    assert bucket.reserve(1) == pytest.approx(1.6)  # pay the debt, then one more
    clock.advance(1.6)
    assert bucket.reserve(25) == pytest.approx(1.0)  # must wait for a full bucket again


def test_refund_and_actual_usage_settlement():
    clock = FakeClock()
    bucket = TokenBucket(600, clock=clock)
    bucket.reserve(8)
    bucket.refund(5)  # used less than estimated
    assert bucket.available == 7
    bucket.refund(-4)  # used more
    assert bucket.available == 3
    bucket.refund(100)
    assert bucket.available == 10


def test_acquire_sleeps_for_its_reservation_and_refunds_when_cancelled():
    async def main():
        # (the bucket's clock stands still: on a loaded machine, 100 acquires on the real
        # clock can take the 10 ms that refills a unit, and the next then need not wait)
        bucket = TokenBucket(6000, clock=FakeClock())  # 100/s, capacity 100
        for _ in range(100):
            await bucket.acquire()
        loop = asyncio.get_running_loop()
        t = loop.time()
        await bucket.acquire()
        assert loop.time() - t >= 0.005
        waiter = asyncio.ensure_future(bucket.acquire(50))
        await asyncio.sleep(0)
        before = bucket.available
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert bucket.available >= before + 50 - 1e-6

    asyncio.run(main())


def test_bucket_rejects_nonsense():
    with pytest.raises(ValueError):
        TokenBucket(0)
    with pytest.raises(ValueError):
        TokenBucket(60, capacity=0)


# --------------------------------------------------------------------------- AdaptiveLimiter


def test_limiter_halves_on_429_and_grows_back():
    clock = FakeClock()
    limiter = AdaptiveLimiter(64, increase_every=4, cooldown=1.0, clock=clock)
    limits = []
    for _ in range(7):  # sustained 429s: one halving per cooldown, never below 1
        limiter.on_overload(limiter.generation)
        limits.append(limiter.limit)
        clock.advance(1.0)
    assert limits == [32, 16, 8, 4, 2, 1, 1]
    for _ in range(4 * 10):
        limiter.on_success()
    assert limiter.limit == 11  # +1 per 4 successes
    for _ in range(4 * 1000):
        limiter.on_success()
    assert limiter.limit == 64  # up to the max, not beyond


def test_a_burst_of_429s_from_calls_already_in_flight_halves_once():
    clock = FakeClock()
    limiter = AdaptiveLimiter(100, clock=clock)
    generation = limiter.generation  # 100 calls admitted together...
    clock.advance(5.0)
    for _ in range(100):  # ...all come back 429
        limiter.on_overload(generation)
    assert limiter.limit == 50


def test_cooldown_stops_scattered_429s_collapsing_the_limit():
    clock = FakeClock()
    limiter = AdaptiveLimiter(100, increase_every=10, cooldown=1.0, clock=clock)
    for _ in range(100):  # one 429 in ten calls, 10 ms apart: 1 s of traffic
        for _ in range(9):
            limiter.on_success()
        limiter.on_overload(limiter.generation)
        clock.advance(0.01)
    assert limiter.limit >= 50


def test_limiter_admits_up_to_the_limit_in_fifo_order():
    async def main():
        limiter = AdaptiveLimiter(2)
        order: list[int] = []
        peak = 0

        async def call(i: int) -> None:
            nonlocal peak
            await limiter.acquire()
            peak = max(peak, limiter.in_flight)
            order.append(i)
            await asyncio.sleep(0.001)
            limiter.release()

        await asyncio.gather(*(call(i) for i in range(10)))
        assert peak == 2 and order == list(range(10)) and limiter.in_flight == 0

    asyncio.run(main())


def test_lowering_the_limit_holds_new_calls_until_in_flight_drops():
    async def main():
        limiter = AdaptiveLimiter(4, cooldown=0)
        for _ in range(4):
            await limiter.acquire()
        limiter.on_overload(limiter.generation)  # limit 2, 4 in flight
        waiter = asyncio.ensure_future(limiter.acquire())
        await asyncio.sleep(0)
        limiter.release()
        limiter.release()  # 2 in flight: still at the limit
        await asyncio.sleep(0)
        assert not waiter.done()
        limiter.release()
        assert await asyncio.wait_for(waiter, 1) == limiter.generation
        assert limiter.in_flight == 2

    asyncio.run(main())


def test_cancelled_waiters_give_their_slot_back():
    async def main():
        limiter = AdaptiveLimiter(1)
        await limiter.acquire()
        waiter = asyncio.ensure_future(limiter.acquire())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        limiter.release()
        assert limiter.in_flight == 0
        # Handed over and cancelled in the same tick: the slot comes back too.
        await limiter.acquire()
        waiter = asyncio.ensure_future(limiter.acquire())
        await asyncio.sleep(0)
        limiter.release()  # hands the slot to `waiter`...
        waiter.cancel()  # ...which is cancelled before it runs
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert limiter.in_flight == 0
        await asyncio.wait_for(limiter.acquire(), 1)

    asyncio.run(main())


# --------------------------------------------------------------------------- LearnedRate


def answer(limiter: AdaptiveLimiter, statuses: list[int]) -> list[int]:
    """Send one request per status (slot and ticket), in order; return their tickets."""
    tickets = []
    for _ in statuses:
        assert limiter.try_acquire() is not None
        tickets.append(limiter.sent())
    return tickets


def test_random_429s_never_start_the_pace():
    limiter, pace = AdaptiveLimiter(None, start=2000), LearnedRate()
    statuses = [429 if i % 10 == 0 else 200 for i in range(1000)]  # 10%, as a busy provider
    for ticket, status in zip(answer(limiter, statuses), statuses, strict=True):
        limiter.release(ticket, status)
        if status == 429:
            pace.on_overload(0.5, limiter.rate_limited, generation=0)
        else:
            pace.on_success()
    assert pace.rate is None


def test_random_429s_that_come_back_first_never_start_the_pace():
    # A refusal is answered at once, a success only after the model has answered: the
    # first answers to a burst are its 429s. 500 requests in flight, 20% refused at random:
    # all 100 429s come back before any success. Counted as they arrived, a whole window
    # of 100 answers was 429s, and the endpoint was paced at one request per Retry-After
    # (paced so, the 2,000 calls of test_transport.py's chaos test took 88 s instead of 5).
    limiter, pace = AdaptiveLimiter(None, start=500), LearnedRate()
    statuses = [429 if i % 5 == 0 else 200 for i in range(500)]
    tickets = answer(limiter, statuses)
    refused = [(t, s) for t, s in zip(tickets, statuses, strict=True) if s == 429]
    served = [(t, s) for t, s in zip(tickets, statuses, strict=True) if s != 429]
    for ticket, status in refused + served:  # the order the answers arrive in
        limiter.release(ticket, status)
        if status == 429:
            pace.on_overload(0.05, limiter.rate_limited, generation=0)
        assert not limiter.rate_limited
    assert pace.rate is None
    assert limiter.in_flight == 0


def test_mostly_429s_start_the_pace_at_one_per_retry_after():
    limiter, pace = AdaptiveLimiter(256), LearnedRate()
    for _ in range(100):
        assert limiter.try_acquire() is not None
        limiter.release(limiter.sent(), 429)
        pace.on_overload(0.05, limiter.rate_limited, generation=0)
    assert pace.rate == pytest.approx(20.0)


def test_answers_are_counted_once_every_earlier_request_has_answered():
    limiter = AdaptiveLimiter(None, start=200)
    statuses = [429] * 100 + [200]
    slow, *refused_later = answer(limiter, statuses[-1:] + statuses[:-1])
    for ticket in refused_later:  # 100 429s to requests sent after `slow`
        limiter.release(ticket, 429)
        assert not limiter.rate_limited  # not counted before `slow` answers
    limiter.release(slow, 200)  # now all are: 100 of the last 100 sent were refused
    assert limiter.rate_limited
    no_answer = limiter.sent()  # a timeout or a reset: not counted, but not waited for
    assert limiter.try_acquire() is not None
    limiter.release(no_answer, 0)
    for _ in range(60):
        assert limiter.try_acquire() is not None
        limiter.release(limiter.sent(), 200)
    assert not limiter.rate_limited  # 40 of the last 100 answered were 429s


def test_the_pace_grows_while_requests_wait_and_stops_under_the_ceiling():
    clock = FakeClock()
    pace = LearnedRate(clock=clock)
    pace.on_overload(0.1, True, generation=0)  # 10 a second
    for _ in range(6):  # nobody waits for a turn: the pace holds nothing back
        clock.advance(0.5)
        pace.on_success()
    assert pace.rate == 10.0
    pace._waiting.append(object())  # a request waits for its turn
    for _ in range(6):
        clock.advance(0.5)
        pace.on_success()
    assert pace.rate == pytest.approx(10.0 * 1.1**6)
    pace.ceiling = 15.0
    for _ in range(10):
        clock.advance(0.5)
        pace.on_success()
    assert pace.rate == pytest.approx(10.0 * 1.1**6)  # already over 0.95 x 15: no raise


def test_429s_for_turns_given_at_an_older_pace_are_not_measured():
    clock = FakeClock()
    pace = LearnedRate(clock=clock)
    pace.on_overload(0.1, True, generation=0)
    clock.advance(1.0)
    pace.on_overload(0.1, True, generation=0)  # its turn came before the pace was set
    for _ in range(50):
        clock.advance(0.1)
        pace.on_success()
    assert pace.ceiling == float("inf")  # nothing measured, so no ceiling


def test_a_lone_429_at_the_pace_sets_no_ceiling_and_the_pace_grows_on():
    # The tail of a burst still in the server's window refuses one request sent at the
    # first pace. Measured, the 2 s that follow would find only that pace, and cap it there
    # (a 50/s limit was then used at 40% for a whole run); nothing more is refused, so
    # nothing is learned, and the pace goes on growing.
    clock = FakeClock()
    pace = LearnedRate(clock=clock)
    pace.on_overload(0.05, True, generation=0)  # 20 a second
    pace.on_overload(0.05, False, pace.generation)  # one 429 at this pace
    pace._waiting.append(object())  # requests wait for their turn
    for _ in range(60):  # 3 s of answers at the pace, none refused
        clock.advance(0.05)
        pace.on_success()
    assert pace.ceiling == float("inf")
    assert pace.rate > 20.0 * 1.1


def test_429s_that_stop_early_in_the_count_set_no_ceiling_from_a_starved_client():
    # A burst's tail refuses several requests sent at the first pace, all in the first
    # second of the count, while a client starved of the CPU sends 22 a second against a
    # limit of 50. Measured, the count would make 22 the ceiling for a minute (seen as 0.44
    # of the limit used beside sixteen test workers); no 429 comes in its second half, so
    # nothing is learned. 429s still coming in the second half do set the ceiling.
    for late, expected in ((False, float("inf")), (True, 22.0)):
        clock = FakeClock()
        pace = LearnedRate(clock=clock)
        pace.on_overload(0.05, True, generation=0)  # 20 a second
        pace.on_overload(0.05, False, pace.generation)  # the count begins
        for i in range(44):  # 2 s of answers, 22 a second
            clock.advance(1 / 22)
            pace.on_success()
            if i in (3, 9, 15) or late and i == 30:  # (i = 30: 1.4 s into the count)
                pace.on_overload(0.05, False, pace.generation)
        clock.advance(1 / 22)
        pace.on_success()  # the count's end
        assert pace.ceiling == pytest.approx(expected, rel=0.05), late


def test_turns_follow_the_pace_and_a_new_pace_applies_to_waiting_requests():
    async def main() -> list[float]:
        pace = LearnedRate()
        pace.on_overload(0.05, True, generation=0)  # 20 a second
        given: list[float] = []
        five = asyncio.Event()

        async def request() -> None:
            await pace.acquire()
            given.append(time.monotonic())
            if len(given) == 5:
                five.set()

        tasks = [asyncio.ensure_future(request()) for _ in range(12)]
        await five.wait()  # 5 turns at 20/s (counted, not slept: a loaded machine oversleeps)
        pace._set(100.0, time.monotonic())  # the rest go at 100/s
        await asyncio.gather(*tasks)
        return given

    given = asyncio.run(main())
    gaps = [b - a for a, b in zip(given, given[1:], strict=False)]
    # Turns keep to a grid: one late turn is followed by a short one, so it is the mean
    # gap that holds 20/s (single gaps measured 0.02-0.10 s on a loaded machine).
    assert statistics.fmean(gaps[:4]) > 0.04, gaps
    # The waiting ones sped up: 100/s against the 20/s measured before (ideally 1/5).
    assert statistics.fmean(gaps[6:]) < statistics.fmean(gaps[:4]) / 2, gaps


def test_a_cancelled_request_gives_up_its_turn():
    async def main() -> int:
        pace = LearnedRate()
        pace.on_overload(1.0, True, generation=0)  # one a second
        first = asyncio.ensure_future(pace.acquire())
        await asyncio.sleep(0.01)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        return len(pace._waiting)

    assert asyncio.run(main()) == 0


# --------------------------------------------------------------------------- set_rate_buckets


def test_endpoints_take_their_rate_buckets_from_the_installed_source(endpoint):
    """The limiter's extension point (what the Ray backend shares limits through): every
    request of an endpoint with rpm/tpm takes its units from the source's buckets."""
    from ember.models import models, set_rate_buckets

    name, server = endpoint("shared", rpm=6000, tpm=600_000)
    models(f"{name}/gpt", "made before the source")  # the endpoint exists already
    taken: list[tuple[str, str, float]] = []

    class Counting(TokenBucket):
        def __init__(self, endpoint, kind, per_minute, capacity):
            super().__init__(per_minute, capacity=capacity)
            self.where = (endpoint, kind)

        async def acquire(self, n=1.0):
            taken.append((*self.where, n))
            await super().acquire(n)

    made: list[tuple] = []

    def source(endpoint, kind, per_minute, capacity):
        made.append((endpoint, kind, per_minute, capacity))
        return Counting(endpoint, kind, per_minute, capacity)

    set_rate_buckets(source)
    try:
        for i in range(3):
            models(f"{name}/gpt", f"call {i}")
    finally:
        set_rate_buckets(None)
    models(f"{name}/gpt", "after: own buckets again")
    assert sorted(made) == [(name, "rpm", 6000, 1.0), (name, "tpm", 600_000, 5_000.0)]
    assert [k for _, k, _ in taken] == ["rpm", "tpm"] * 3  # each request, in that order
    assert all(n > 0 for _, _, n in taken)
    assert server.stats()["requests"] == 5
