"""R1 faults: requests through 429s (+Retry-After), 500s, reset connections and hangs.

The full-size run (10,000 requests) is `ember bench reliability`; here the same code runs
at CI size, plus the two mechanisms the campaign found broken and fixed:

- the adaptive concurrency limit collapsed to ~2 calls in flight under 10% random 429s as
  soon as answers took longer than ~0.2 s (a 10,000-request run stalled for over an hour);
- a 429 counted as a failed attempt even while the endpoint served other calls, so a burst
  over an unknown rate limit lost most of its calls to ``RateLimited``.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import random
import statistics

import pytest
from aiohttp import web

from ember.bench.reliability import faults, want
from ember.errors import RateLimited
from ember.models import models
from ember.models._limits import AdaptiveLimiter


def gather(*coros):
    async def main():
        return await asyncio.gather(*coros, return_exceptions=True)

    return asyncio.run(main())


# --------------------------------------------------------------------------- end to end


def test_1500_requests_through_faults_none_lost_all_right_and_not_much_slower():
    r = faults(1500, concurrency=128, latency=0.1, jitter=0.1, timeout=1.0, retry_after=0.5)
    print(json.dumps(r))  # the figures, for the log
    assert r["lost"] == 0, r["errors"]
    assert r["wrong"] == 0
    # Every kind of fault really happened (17%-18% of attempts failed)...
    assert r["injected_429"] > 60 and r["errors_500"] > 30 and r["resets"] > 5
    assert r["hangs"] > 2
    assert r["attempts"] >= 1500 + r["injected_429"] + r["errors_500"] + r["resets"]
    # ...an answer was produced twice only when a legit answer outran the client's timeout
    # and was asked again: at most one extra answer per attempt no fault explains (their
    # number grows with the machine's load; a loaded run saw 98).
    unexplained = (r["attempts"] - 1500 - r["injected_429"] - r["errors_500"] - r["resets"]
                   - r["hangs"])
    assert 1500 <= r["completed"] <= 1500 + unexplained, r
    # Faults cost fixed waits (1 s timeouts, 0.5 s Retry-After) that a busy machine does
    # not shorten, while its load stretches the clean run's retries too (4.5x seen with
    # three loaded suites side by side; the benchmark holds 2x at full size on a quiet
    # machine). What this guards against is waits taken one at a time: pausing every call
    # for each 429's Retry-After alone would be 207 x 0.5 s, some 40x the clean run.
    assert r["ratio"] < 8, r


# --------------------------------------------------------------------------- the limiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _simulate_random_429s(latency: float, *, seconds: float = 120.0, p429: float = 0.10,
                          p_fail: float = 0.08, seed: int = 1) -> list[int]:
    """An endpoint with an endless backlog whose answers are 429 (instantly) with
    probability `p429`, another failure with `p_fail`, else success after `latency`.
    Returns the limiter's limit every 10 ms of simulated time."""
    clock = FakeClock()
    limiter = AdaptiveLimiter(256, clock=clock)
    rng = random.Random(seed)
    heap: list[tuple[float, int, int, str]] = []
    in_flight, n, limits = 0, 0, []
    for step in range(int(seconds * 100)):
        clock.now = now = step / 100
        while heap and heap[0][0] <= now:
            _, _, generation, outcome = heapq.heappop(heap)
            in_flight -= 1
            if outcome == "429":
                limiter.on_overload(generation)
            elif outcome == "ok":
                limiter.on_success()
        while in_flight < limiter.limit:
            u = rng.random()
            outcome = "429" if u < p429 else "fail" if u < p429 + p_fail else "ok"
            done = now + (latency if outcome == "ok" else 0.002)
            n += 1
            heapq.heappush(heap, (done, n, limiter.generation, outcome))
            in_flight += 1
        limits.append(limiter.limit)
    return limits


@pytest.mark.parametrize("latency", [0.1, 0.5, 2.0])
def test_random_429s_do_not_collapse_the_concurrency_limit(latency):
    limits = _simulate_random_429s(latency)
    settled = limits[len(limits) // 2:]
    # Before the fix (any 429 halved the limit, once a second): a mean of 1.2 at 0.5 s and
    # 1.0 at 2 s (+1 per 10 successes: the successes of a call or two in flight can never
    # win that race). See docs/reliability.md, R1, to reproduce.
    assert statistics.mean(settled) >= 128, (latency, statistics.mean(settled), min(settled))


def test_a_real_overload_still_halves_the_limit():
    clock = FakeClock()
    limiter = AdaptiveLimiter(64, clock=clock)
    for _ in range(30):  # 30 successes, then 429s only: the limit is too high
        limiter.on_success()
    limits = []
    for _ in range(12):
        for _ in range(5):
            limiter.on_overload(limiter.generation)
        clock.now += 1.0
        limits.append(limiter.limit)
    assert limits[-1] == 1 and limits.index(1) <= 9  # a share of 429s >= 25% from the ~7th


# --------------------------------------------------------------------------- waiting a turn


def test_a_burst_over_an_unknown_rate_limit_waits_its_turn_instead_of_failing(endpoint):
    # 2 requests/s, burst 2, Retry-After ~0.5 s; 8 calls at once with only 2 attempts each.
    # Before the fix 4 to 6 of them failed with RateLimited after their second 429.
    name, server = endpoint("turns", sim=dict(rpm=120, latency=0.0), max_attempts=2)
    results = gather(*(models.acall(f"{name}/gpt", f"q{i}") for i in range(8)))
    assert [str(r) for r in results] == [want(f"q{i}") for i in range(8)], results
    stats = server.stats()
    assert stats["completed"] == 8 and stats["rate_limited"] >= 6


def test_a_429_about_this_call_alone_still_ends(odd_server, endpoint):
    # A 429 that is really about the request (e.g. "request too large" for the TPM limit)
    # comes back every time while other calls are served: it must still end, as
    # RateLimited, after a bounded number of tries (4x max_attempts).
    tries = {"big": 0, "small": 0}

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        prompt = body["messages"][-1]["content"]
        if prompt == "big":
            tries["big"] += 1
            return web.json_response({"error": {"message": "Request too large"}}, status=429,
                                     headers={"retry-after-ms": "5"})
        tries["small"] += 1
        return web.json_response({"choices": [{"message": {"content": "ok"},
                                               "finish_reason": "stop"}]})

    server = odd_server({"/v1/chat/completions": chat})

    class Fake:  # the endpoint fixture wants an object with openai_base_url
        openai_base_url = server.url + "/v1"

    name, _ = endpoint("toolarge", server=Fake(), max_attempts=3)

    async def main():
        stop = asyncio.Event()

        async def others():
            while not stop.is_set():
                await models.acall(f"{name}/gpt", "small")

        background = [asyncio.ensure_future(others()) for _ in range(2)]
        try:
            with pytest.raises(RateLimited) as info:
                await asyncio.wait_for(models.acall(f"{name}/gpt", "big"), 60)
        finally:
            stop.set()
            await asyncio.gather(*background)
        return info.value

    error = asyncio.run(main())
    assert tries["small"] > 0
    assert 3 <= tries["big"] <= 12
    assert "Request too large" in str(error)
