"""Transport over real HTTP against the simulator: retries, limits, timeouts, error mapping."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from aiohttp import web

from ember.errors import (
    AuthenticationFailed,
    BadRequest,
    MalformedResponse,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from ember.models import _registry, models
from ember.models._transport import backoff_delay, excerpt, parse_retry_after
from ember.sim import generate


def want(model: str, prompt: str, **params) -> str:
    return generate(model, [{"role": "user", "content": prompt}], **params).text


def gather(*coros):
    async def main():
        return await asyncio.gather(*coros, return_exceptions=True)

    return asyncio.run(main())


# --------------------------------------------------------------------------- chaos


def test_2000_calls_through_faults_all_correct_none_lost(endpoint):
    name, server = endpoint(
        "chaos",
        sim=dict(latency=0.01, fail_429=0.10, fail_500=0.05, reset=0.02, retry_after=0.05,
                 seed=1),
        # 17% of attempts fail: 10 attempts make a lost call a ~1e-8 event (6 would be 2e-5
        # per call, so one in twenty runs of 2,000 calls would lose one).
        max_attempts=10, max_calls_in_flight=500,
    )
    prompts = [f"item {i}: what is {i} squared?" for i in range(2000)]
    results = gather(*(models.acall(f"{name}/gpt", p, temperature=0.5) for p in prompts))

    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[:3]
    assert [str(r) for r in results] == [want("gpt", p, temperature=0.5) for p in prompts]
    stats = server.stats()
    assert stats["completed"] == 2000
    assert stats["injected_429"] > 100 and stats["errors_500"] > 50 and stats["resets"] > 10
    assert stats["max_in_flight"] >= 100  # the calls overlapped; one by one: 1
    endpoint_state = _registry.lookup(name, name)._cached[1]
    assert endpoint_state.limiter.generation > 0  # the 429s lowered the limit at least once
    assert endpoint_state.pace.rate is None  # random 429s are not a rate limit: no pacing


def test_random_429s_answered_before_the_successes_do_not_pace_the_endpoint(endpoint):
    # 30% of requests refused at random, at once; the rest answered after 0.5 s: the first
    # ~120 answers to this burst are all 429s. Chance, not a rate limit, so the endpoint is
    # not paced. (Judged in the order answers arrived, it was paced at one request per
    # Retry-After; paced so, the test above took 88 s instead of 5.)
    name, server = endpoint(
        "early429", sim=dict(latency=0.5, fail_429=0.3, retry_after=0.05, seed=1),
        max_attempts=10, max_calls_in_flight=400,
    )
    results = gather(*(models.acall(f"{name}/gpt", f"q{i}") for i in range(400)))
    assert not [r for r in results if not isinstance(r, str)]
    assert server.stats()["injected_429"] >= 100
    endpoint_state = _registry.lookup(name, name)._cached[1]
    assert endpoint_state.pace.rate is None, endpoint_state.pace


# --------------------------------------------------------------------------- limits


def test_client_rpm_keeps_the_server_happy(endpoint):
    name, server = endpoint("paced", sim=dict(rpm=600, latency=0.01), rpm=600)
    start = time.monotonic()
    results = gather(*(models.acall(f"{name}/gpt", f"q{i}") for i in range(60)))
    elapsed = time.monotonic() - start
    assert all(isinstance(r, str) for r in results)
    stats = server.stats()
    # The server meters with the same bucket providers use (10 a second, a burst of 10):
    # a client that did not pace would have 50 of its 60 requests refused. Not asserted:
    # the most admitted in one second, which the server's own scheduling moves under load
    # (12 seen in a loaded run, where two arrivals delayed by a busy loop land together).
    assert stats["rate_limited"] == 0
    assert stats["completed"] == 60
    assert elapsed >= 5.5  # 60 requests at 10/s


def test_client_tpm_keeps_the_server_happy(endpoint):
    # Each call is charged prompt + max_tokens = ~5 + 20 tokens; 12,000/min = 200 tokens/s.
    # The client keeps a quarter below the server's limit, as a user would: at exactly the
    # server's rate, requests delayed on a loaded machine arrive bunched and one more 429
    # was seen in a loaded full run.
    name, server = endpoint("tpm", sim=dict(tpm=12000, latency=0.0), tpm=9000)
    results = gather(*(models.acall(f"{name}/gpt", f"q{i}", max_tokens=20) for i in range(16)))
    assert all(isinstance(r, str) for r in results)
    assert server.stats()["rate_limited"] <= 1  # the estimate is ~chars/4; one retry at most


def test_max_calls_in_flight_caps_requests_in_flight(endpoint):
    name, server = endpoint("narrow", sim=dict(latency=0.05), max_calls_in_flight=4)
    results = gather(*(models.acall(f"{name}/gpt", f"q{i}") for i in range(24)))
    assert all(isinstance(r, str) for r in results)
    assert server.stats()["max_in_flight"] == 4


def test_without_a_client_limit_the_server_rate_limits_and_retries_recover(endpoint):
    name, server = endpoint("unpaced", sim=dict(rpm=1200, latency=0.0), max_attempts=10)
    results = gather(*(models.acall(f"{name}/gpt", f"q{i}") for i in range(40)))
    assert all(isinstance(r, str) for r in results)
    assert server.stats()["rate_limited"] > 0  # the server pushed back; Retry-After was obeyed


# --------------------------------------------------------------------------- final errors


def test_429_after_retries_is_rate_limited_and_honours_retry_after(endpoint):
    name, server = endpoint("always429", sim=dict(fail_429=1.0, retry_after=0.2), max_attempts=3)
    start = time.monotonic()
    with pytest.raises(RateLimited) as info:
        models(f"{name}/gpt", "Hi")
    assert time.monotonic() - start >= 0.4  # two waits of >= Retry-After
    err = info.value
    assert err.status == 429 and "Rate limit" in err.body and len(err.body) <= 200
    assert err.model_id == f"{name}/gpt" and "after 3 attempts" in str(err)
    assert server.stats()["requests"] == 3


def test_500_after_retries_is_provider_unavailable(endpoint):
    name, server = endpoint("always500", sim=dict(fail_500=1.0), max_attempts=3)
    with pytest.raises(ProviderUnavailable) as info:
        models(f"{name}/gpt", "Hi")
    assert info.value.status == 500 and "simulated" in info.value.body
    assert isinstance(info.value, ProviderError)
    assert server.stats()["requests"] == 3


def test_hang_becomes_provider_timeout(endpoint):
    # Held for 300 s: only the 0.2 s timeout ends the call, with ProviderTimeout.
    name, server = endpoint("hangs", sim=dict(hang=1.0), max_attempts=2)
    with pytest.raises(ProviderTimeout, match="0.2s after 2 attempts") as info:
        models(f"{name}/gpt", "Hi", timeout=0.2)
    assert isinstance(info.value, TimeoutError)
    # Translated at the boundary: no backend exception is kept (see test_secrets.py).
    assert info.value.__cause__ is None and info.value.__context__ is None
    assert server.stats()["hangs"] == 2


def test_timeout_from_the_config_applies(endpoint):
    name, _ = endpoint("slowcfg", sim=dict(latency=1.0), timeout=0.1, max_attempts=1)
    with pytest.raises(ProviderTimeout):
        models(f"{name}/gpt", "Hi")
    assert models(f"{name}/gpt", "Hi", latency=0.0) == want("gpt", "Hi", )


def test_resets_become_connection_errors(endpoint):
    name, server = endpoint("resets", sim=dict(reset=1.0), max_attempts=2)
    with pytest.raises(ProviderConnectionError) as info:
        models(f"{name}/gpt", "Hi")
    assert isinstance(info.value, ConnectionError)
    assert server.stats()["resets"] == 2


def test_nothing_listening_is_a_connection_error(write_config):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    write_config(endpoints={"nobody": {"base_url": f"http://127.0.0.1:{port}/v1",
                                       "max_attempts": 2}})
    with pytest.raises(ProviderConnectionError, match=f"127.0.0.1:{port}"):
        models("nobody/gpt", "Hi")


def test_401_is_not_retried(endpoint, write_config):
    name, server = endpoint("auth", sim=dict(api_key="sk-right-key-123456"),
                            api_key="sk-wrong-key-654321")
    with pytest.raises(AuthenticationFailed) as info:
        models(f"{name}/gpt", "Hi")
    assert info.value.status == 401 and server.stats()["requests"] == 1
    assert "api_key" in str(info.value)  # the fix names where the key came from


def test_400_is_not_retried(endpoint):
    name, server = endpoint()
    with pytest.raises(BadRequest) as info:
        models(f"{name}/gpt", "Hi", n=200)  # the simulator allows 1 to 128, as OpenAI does
    assert info.value.status == 400 and "'n' must be" in info.value.body
    assert server.stats()["requests"] == 1


# --------------------------------------------------------------------------- malformed answers


@pytest.fixture
def odd_server(tiny_server):
    """A server answering 200 with bodies the wires cannot read."""

    async def not_json(request):
        return web.Response(text="<html>gateway says hi</html>", content_type="text/html")

    async def no_choices(request):
        return web.json_response({"id": "x", "object": "chat.completion"})

    async def bad_content(request):
        return web.json_response({"choices": [{"message": {"content": 42}}]})

    return tiny_server({
        "/notjson/chat/completions": not_json,
        "/nochoices/chat/completions": no_choices,
        "/badcontent/chat/completions": bad_content,
        "/nochoices/v1/messages": no_choices,
    })


@pytest.mark.parametrize(
    ("route", "wire", "match"),
    [
        ("notjson", "openai", "not JSON.*gateway says hi"),
        ("nochoices", "openai", "lacks the expected fields.*choices"),
        ("badcontent", "openai", "lacks the expected fields"),
        ("nochoices", "anthropic", "lacks the expected fields.*content"),
    ],
)
def test_malformed_answers(odd_server, write_config, route, wire, match):
    write_config(endpoints={"odd": {"wire": wire, "base_url": f"{odd_server}/{route}"}})
    with pytest.raises(MalformedResponse, match=match) as info:
        models("odd/gpt", "Hi")
    assert info.value.model_id == "odd/gpt"


# --------------------------------------------------------------------------- helpers


def test_backoff_is_full_jitter_on_top_of_retry_after():
    assert backoff_delay(1, None, rand=lambda: 0.0) == 0.0
    assert [backoff_delay(n, None, rand=lambda: 1.0) for n in (1, 2, 3, 4)] == [
        0.25, 0.5, 1.0, 2.0]
    assert backoff_delay(30, None, rand=lambda: 1.0) == 20.0  # capped
    assert backoff_delay(1, 0.5, rand=lambda: 0.0) == 0.5
    assert backoff_delay(2, 0.5, rand=lambda: 1.0) == 1.0
    assert backoff_delay(1, 1e6, rand=lambda: 0.0) == 60.0  # absurd Retry-After is capped


def test_parse_retry_after():
    assert parse_retry_after({"retry-after-ms": "1500"}) == 1.5
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "junk", "retry-after": "2"}) == 2.0
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "soon"}) is None
    http_date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= parse_retry_after({"retry-after": http_date}) <= 31


def test_excerpt_is_short_single_line_and_prefers_the_error_message():
    assert excerpt(b'{"error": {"message": "quota\\n exceeded"}}') == "quota exceeded"
    long = excerpt(b"x" * 1000)
    assert len(long) == 200 and long.endswith("...")
    assert excerpt(b"\xff\xfe broken utf8") .endswith("broken utf8")
