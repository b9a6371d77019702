"""A call's deadline and the cap on an answer's size (`ember.models._transport`).

No test bounds wall-clock time: each checks what the call did (the requests the server
saw, the error's fields) and runs under a pytest timeout that only today's unbounded
behaviour (sleeping out an hour-long Retry-After, reading a body forever) would reach.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from aiohttp import web

from ember.errors import (
    ConfigError,
    InvalidParameter,
    MalformedResponse,
    ModelError,
    ProviderDeadlineExceeded,
    ProviderUnavailable,
    ResponseTooLarge,
)
from ember.models import models
from ember.models._transport import MAX_RESPONSE_BYTES

MIB = 1024 * 1024
OK = {"choices": [{"message": {"content": "fine"}, "finish_reason": "stop"}],
      "usage": {"prompt_tokens": 1, "completion_tokens": 1}}


# --------------------------------------------------------------------------- deadline


@pytest.mark.timeout(30)
def test_a_retry_after_beyond_the_deadline_fails_at_once(endpoint):
    name, server = endpoint("wait1h", sim=dict(fail_429=1.0, retry_after=3600), max_attempts=6)
    with pytest.raises(ProviderDeadlineExceeded) as info:
        models(f"{name}/gpt", "Hi")
    error = info.value
    assert server.stats()["requests"] == 1  # no sleep, no second try
    assert (error.attempts, error.retry_after, error.deadline) == (1, 3600, 300)
    assert isinstance(error, ModelError) and isinstance(error, TimeoutError)
    message = str(error)
    for part in ("gave up after 1 attempt", "retry after 3600 s", "HTTP 429",
                 "deadline of 300 s", "deadline=", f"[{name}]"):
        assert part in message, message


@pytest.mark.timeout(30)
@pytest.mark.parametrize("where", ["call", "instance", "config"])
def test_the_deadline_cuts_a_hanging_call(endpoint, where):
    # Each attempt may take 20 s (timeout) and six are allowed: only the deadline ends it.
    config = {"deadline": 0.5} if where == "config" else {}
    name, server = endpoint(f"hang{where}", sim=dict(hang=1.0, hang_s=60.0), timeout=20,
                            max_attempts=6, **config)
    call = {
        "call": lambda: models(f"{name}/gpt", "Hi", deadline=0.5),
        "instance": lambda: models.instance(f"{name}/gpt", deadline=0.5)("Hi"),
        "config": lambda: models(f"{name}/gpt", "Hi"),
    }[where]
    with pytest.raises(ProviderDeadlineExceeded, match="no answer before the call's "
                       "deadline of 0.5 s") as info:
        call()
    assert info.value.deadline == 0.5 and info.value.attempts == 1
    assert server.stats()["requests"] == 1


@pytest.mark.timeout(30)
def test_time_queued_behind_the_endpoints_own_limit_does_not_count(endpoint):
    # One slot: the second call waits for the first (1.5 s) before it is sent, longer than
    # its deadline; it is then answered at once, so it succeeds.
    name, _ = endpoint("oneslot", sim=dict(latency=0.0), max_calls_in_flight=1)

    async def both():
        first = asyncio.ensure_future(models.acall(f"{name}/gpt", "Hi", latency=1.5))
        await asyncio.sleep(0.2)  # the first call holds the slot
        second = await models.acall(f"{name}/gpt", "Hi", latency=0, deadline=1.0)
        return await first, second

    first, second = asyncio.run(both())
    assert first.startswith("[gpt]") and second.startswith("[gpt]")


@pytest.mark.parametrize("value", [0, -1, float("nan"), "300", True])
def test_a_bad_deadline_is_refused_before_any_io(value):
    with pytest.raises(InvalidParameter, match="deadline must be a number > 0"):
        models("sim/gpt", "Hi", deadline=value)


def test_a_bad_deadline_in_the_config_names_the_key(write_config):
    write_config(endpoints={"badline": {"base_url": "http://127.0.0.1:9/v1", "deadline": 0}})
    with pytest.raises(ConfigError, match="`deadline` = 0 is not valid.*deadline = 300"):
        models("badline/gpt", "Hi")


def test_no_deadline_is_none():
    assert models("sim/gpt", "Hi", deadline=None, latency=0).startswith("[gpt]")


# --------------------------------------------------------------------------- body cap


class _Answers:
    """A server on its own thread and loop (a 65 MiB answer must not share the client's),
    answering each request with the next handler of `script`."""

    def __init__(self, script: list) -> None:
        self.script, self.seen = script, 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.handle)
        self.runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5)

        async def start() -> int:
            await self.runner.setup()
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            await site.start()
            return self.runner.addresses[0][1]

        self.url = f"http://127.0.0.1:{self._run(start())}/v1"

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.seen += 1
        return await self.script[min(self.seen, len(self.script)) - 1](request)

    def close(self) -> None:
        self._run(self.runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def answers(write_config):
    """``answers(handler, ...)`` -> model id of an endpoint answered by the handlers in turn."""
    servers: list[_Answers] = []

    def start(*script) -> str:
        servers.append(_Answers(list(script)))
        write_config(endpoints={"capped": {"base_url": servers[-1].url, "max_attempts": 2,
                                           "timeout": 20}})
        return "capped/m"

    yield start
    for server in servers:
        server.close()


async def _ok(request: web.Request) -> web.Response:
    return web.json_response(OK)


async def _declares_10_gib(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json",
                                           "Content-Length": str(10 * 1024 * MIB)})
    await response.prepare(request)
    await response.write(b'{"choices": ')
    await asyncio.sleep(60)  # the rest never comes: only a client that reads it would wait
    return response


def _streams(status: int, size: int, sent: list[int] | None = None):
    """A handler streaming `size` bytes; appends to `sent` once all were taken."""
    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=status, headers={"Content-Type": "text/plain"})
        response.enable_chunked_encoding()  # no Content-Length: the cap must count bytes
        await response.prepare(request)
        chunk = b"x" * MIB
        for _ in range(size // MIB):
            await response.write(chunk)
        await response.write_eof()
        if sent is not None:
            sent.append(size)
        return response

    return handler


@pytest.mark.timeout(30)
def test_an_answer_declared_larger_than_the_cap_is_refused_unread(answers):
    model_id = answers(_declares_10_gib, _ok)
    with pytest.raises(ResponseTooLarge, match="larger than 64 MiB") as info:
        models(model_id, "Hi")
    assert isinstance(info.value, MalformedResponse) and info.value.limit == MAX_RESPONSE_BYTES
    assert "10,737,418,240 bytes" in str(info.value)
    assert models(model_id, "Hi") == "fine"  # the endpoint goes on working


@pytest.mark.timeout(60)
def test_a_streamed_answer_over_the_cap_is_cut_off(answers):
    model_id = answers(_streams(200, MAX_RESPONSE_BYTES + MIB), _ok)
    with pytest.raises(ResponseTooLarge):
        models(model_id, "Hi")
    assert models(model_id, "Hi") == "fine"  # the connection with the unread rest is gone


@pytest.mark.timeout(60)
def test_an_error_answer_is_read_only_as_far_as_its_excerpt(answers):
    sent: list[int] = []
    error = _streams(503, 64 * MIB, sent)
    model_id = answers(error, error, _ok)
    with pytest.raises(ProviderUnavailable) as info:  # still a 503, retried, not "too large"
        models(model_id, "Hi")
    assert info.value.status == 503 and len(str(info.value)) < 600
    assert sent == []  # the client hung up early: neither 64 MiB body was taken whole
    assert models(model_id, "Hi") == "fine"
