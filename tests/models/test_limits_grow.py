"""The per-endpoint cap on calls in flight grows while the endpoint is healthy and shrinks
on 429s and 503s (AIMD), asserted as structure: the simulator server's own count of
requests in flight, and the limiter's arithmetic on a fake clock. Never wall-clock."""

from __future__ import annotations

import asyncio

import pytest

from ember.models import _registry, models
from ember.models._limits import START_CALLS_IN_FLIGHT, AdaptiveLimiter


def _burst(model_id: str, n: int) -> list:
    async def main():
        return await asyncio.gather(*(models.acall(model_id, f"q{i}") for i in range(n)),
                                    return_exceptions=True)

    return asyncio.run(main())


def test_a_healthy_endpoint_gets_more_than_the_first_cap_in_flight(endpoint):
    # default settings: no cap set. Each answer that comes while other calls wait for a
    # slot raises the cap by one. (What the server counts in flight at once is the cap
    # only when the client sends as fast as slots free: on a loaded machine the answers
    # can come faster than it sends, so the test reads the cap, not the server's peak.)
    name, server = endpoint("grow", sim={"latency": 1.0})
    got = _burst(f"{name}/gpt", 1200)
    assert not [r for r in got if isinstance(r, BaseException)]
    [(_, endpoint_, _)] = _registry.lookup(name, f"{name}/gpt")._endpoints.values()
    assert endpoint_.limiter.waits > 0
    assert endpoint_.limiter.limit > START_CALLS_IN_FLIGHT
    assert server.stats()["max_in_flight"] >= START_CALLS_IN_FLIGHT // 2


def test_after_one_burst_the_next_one_goes_out_at_once(endpoint):
    # A burst over the first cap grows it past the burst: each success of a call during
    # whose flight others waited adds one. (Counting only calls still waiting when an
    # answer came, the cap stopped at 256 + 172 = 428 here, so the second burst of 600
    # went out in two round trips, and every later one too.)
    name, _ = endpoint("again", sim={"latency": 0.2})
    n = 2 * START_CALLS_IN_FLIGHT + 88
    assert not [r for r in _burst(f"{name}/gpt", n) if isinstance(r, BaseException)]
    [(_, endpoint_, _)] = _registry.lookup(name, f"{name}/gpt")._endpoints.values()
    limiter = endpoint_.limiter
    assert limiter.waits > 0 and limiter.limit >= n
    waits = limiter.waits
    assert not [r for r in _burst(f"{name}/gpt", n) if isinstance(r, BaseException)]
    assert limiter.waits == waits   # no call of the second burst waited for a slot


def test_a_fixed_cap_is_kept(endpoint):
    name, server = endpoint("fixed", sim={"latency": 0.02}, max_calls_in_flight=40)
    _burst(f"{name}/gpt", 300)
    assert server.stats()["max_in_flight"] <= 40


def test_429s_shrink_what_is_in_flight(endpoint):
    name, server = endpoint("busy", sim={"latency": 0.05, "fail_429": 0.5, "retry_after": 0.01,
                                         "seed": 7})
    got = _burst(f"{name}/gpt", 600)
    assert sum(not isinstance(r, BaseException) for r in got) > 500
    assert server.stats()["rate_limited"] + server.stats()["completed"] > 600
    assert server.stats()["max_in_flight"] <= START_CALLS_IN_FLIGHT   # never grew
    [(_, endpoint_, _)] = _registry.lookup(name, f"{name}/gpt")._endpoints.values()
    limiter = endpoint_.limiter
    assert not limiter.slow_start and limiter.limit <= START_CALLS_IN_FLIGHT // 2  # halved


@pytest.mark.parametrize("status", ["429", "503"])
def test_slow_start_then_halving_then_additive(status):
    now = [0.0]
    limiter = AdaptiveLimiter(None, start=4, increase_every=2, clock=lambda: now[0])

    async def main():
        held = [await limiter.acquire() for _ in range(4)]
        waiting = [asyncio.ensure_future(limiter.acquire()) for _ in range(20)]
        await asyncio.sleep(0)
        for _ in range(4):                  # each answer while calls wait: one more slot
            limiter.release()
            limiter.on_success()
        await asyncio.sleep(0)
        grown = limiter.limit
        for _ in range(100):                # an overload (a 429 or a 503, same treatment)
            limiter.on_overload(limiter.generation)
        halved = limiter.limit
        for _ in range(4):
            limiter.on_success()
        for task in waiting:
            task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        return held, grown, halved, limiter.limit

    _, grown, halved, after = asyncio.run(main())
    assert grown == 8 and halved == 4 and not limiter.slow_start
    assert after == 4 + 2       # additive now: one per `increase_every` successes


def test_an_idle_endpoint_does_not_drift_up():
    limiter = AdaptiveLimiter(None, start=4)
    for _ in range(1000):
        limiter.on_success()        # no call waiting: nothing to grow for
    assert limiter.limit == 4


def test_growth_counts_calls_that_overlapped_a_wait():
    limiter = AdaptiveLimiter(None, start=2)

    async def main():
        first = limiter.waits
        for _ in range(2):
            await limiter.acquire()     # no wait: both admitted
        late = asyncio.ensure_future(limiter.acquire())   # waits behind them
        await asyncio.sleep(0)
        limiter.release()
        await late                      # its slot, handed over
        limiter.on_success(first)       # no call waits now, but one did during its flight
        grown = limiter.limit
        quiet = limiter.waits
        limiter.release()
        limiter.release()
        limiter.on_success(quiet)       # nothing waited since it started: no growth
        return grown, limiter.limit

    assert asyncio.run(main()) == (3, 3)
