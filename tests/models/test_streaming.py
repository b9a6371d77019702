"""models.stream / models.astream over both wires (real HTTP, the simulator server) and sim/.

What each test proves is in its docstring. No wall-clock bounds: leaving early is shown by
the server's own counters (a cancelled handler), time to first token by order (before the
whole call ended).
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from ember.models import ToolDelta, models

WIRES = ["openai", "anthropic"]


def _ids(endpoint, wire, **sim):
    name, server = endpoint(f"s{wire[:3]}", wire=wire, sim=sim or None)
    return f"{name}/gpt", server


@pytest.mark.parametrize("wire", WIRES)
def test_the_pieces_join_into_the_answer_and_the_result_has_usage_cost_and_ttft(endpoint,
                                                                                  wire):
    """Iterating gives several str pieces; their join is the non-streamed answer (same
    server, same request); `.result` carries the server's usage, latency, and ttft_s no
    later than the whole call's latency."""
    model_id, server = _ids(endpoint, wire)
    stream = models.stream(model_id, "Tell me about streams", temperature=0)
    pieces = list(stream)
    whole = models(model_id, "Tell me about streams", temperature=0)
    assert len(pieces) > 3 and all(type(p) is str for p in pieces)
    assert "".join(pieces) == whole == stream.result
    result = stream.result
    assert result.usage == whole.usage and result.usage.completion_tokens > 0
    assert result.model_id == model_id and result.finish_reason == "stop"
    assert result.ttft_s is not None and 0 <= result.ttft_s <= result.latency_s
    assert whole.ttft_s is None  # only streams measure it
    assert server.stats()["completed"] == 2


@pytest.mark.parametrize("wire", WIRES)
def test_the_body_sent_asks_for_the_wire_s_stream(endpoint, tiny_server, wire):
    """The request is a real stream request in the wire's format (OpenAI: stream and
    stream_options.include_usage; Anthropic: stream), and the provider's SSE shape is read
    exactly as the provider sends it (OpenAI: data-only chunks ending in [DONE] with a usage
    chunk; Anthropic: named events), written here by hand."""
    from aiohttp import web

    seen = []
    openai_events = [
        {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]},
        {"choices": [{"index": 0, "delta": {"content": "Hel"}}]},
        {"choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]},
        {"choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 2}},
    ]
    anthropic_events = [
        ("message_start", {"type": "message_start", "message": {
            "usage": {"input_tokens": 5, "output_tokens": 1}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
        ("ping", {"type": "ping"}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "text_delta", "text": "Hel"}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "text_delta", "text": "lo"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"},
                           "usage": {"output_tokens": 2}}),
        ("message_stop", {"type": "message_stop"}),
    ]

    async def handler(request):
        seen.append(await request.json())
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        if wire == "openai":
            for event in openai_events:
                await response.write(f"data: {json.dumps(event)}\n\n".encode())
            await response.write(b": a comment line\n\ndata: [DONE]\n\n")
        else:
            for name, event in anthropic_events:
                await response.write(f"event: {name}\ndata: {json.dumps(event)}\n\n".encode())
        await response.write_eof()
        return response

    path = "/v1/chat/completions" if wire == "openai" else "/v1/messages"
    url = tiny_server({path: handler})
    base = url + "/v1" if wire == "openai" else url
    name, _ = endpoint("hand", wire=wire, server=type("S", (), {
        "openai_base_url": base, "anthropic_base_url": base})())
    stream = models.stream(f"{name}/m", "Hi")
    assert list(stream) == ["Hel", "lo"]
    assert stream.result == "Hello" and stream.result.finish_reason == "stop"
    assert (stream.result.usage.prompt_tokens, stream.result.usage.completion_tokens) == (5, 2)
    assert seen[0]["stream"] is True
    if wire == "openai":
        assert seen[0]["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize("wire", WIRES)
def test_leaving_the_loop_early_closes_the_connection(endpoint, wire):
    """A `break` after the first piece cancels the call: the server's handler for it is
    cancelled (its client hung up) and it never completes; `.result` stays None."""
    model_id, server = _ids(endpoint, wire, per_token=0.05)
    stream = models.stream(model_id, "Tell me a long story about many things", temperature=0)
    for piece in stream:
        assert piece
        break
    deadline = time.monotonic() + 30  # a bound on waiting for the server, not an assertion
    while server.stats()["cancelled"] < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    stats = server.stats()
    assert stats["cancelled"] == 1 and stats["completed"] == 0 and stats["in_flight"] == 0
    assert stream.result is None
    assert "closed" in repr(stream)


def test_astream_leaving_early_closes_the_connection_too(endpoint):
    """The async twin: leaving ``async for`` early cancels the server's handler."""
    model_id, server = _ids(endpoint, "openai", per_token=0.05)

    async def main():
        async with await models.astream(model_id, "Tell me a long story", temperature=0) as s:
            async for _ in s:
                break
        for _ in range(1500):
            if server.stats()["cancelled"]:
                break
            await asyncio.sleep(0.02)

    asyncio.run(main())
    assert server.stats()["cancelled"] == 1 and server.stats()["completed"] == 0


@pytest.mark.parametrize("wire", WIRES)
def test_astream_gives_the_same_pieces_on_another_loop(endpoint, wire):
    """`astream` awaited on the caller's own loop gives the same pieces and result."""
    model_id, _ = _ids(endpoint, wire)

    async def main():
        s = await models.astream(model_id, "Hi there", temperature=0)
        return [p async for p in s], s.result

    pieces, result = asyncio.run(main())
    assert "".join(pieces) == result == models(model_id, "Hi there", temperature=0)
    assert result.ttft_s is not None


@pytest.mark.parametrize("wire", WIRES)
def test_tool_call_pieces_stream_and_the_result_holds_the_parsed_calls(endpoint, wire):
    """A streamed answer that calls tools: `events()` gives ToolDelta pieces (id and name
    first, then JSON pieces) whose arguments join into the result's parsed tool call."""
    model_id, _ = _ids(endpoint, wire)

    def get_weather(city: str) -> str:
        """The weather in a city."""
        return "sunny"

    stream = models.stream(model_id, "What is the weather in Oslo?", tools=[get_weather])
    deltas = [v for kind, v in stream.events() if kind == "tool"]
    assert deltas and all(isinstance(d, ToolDelta) for d in deltas)
    assert deltas[0].name == "get_weather" and deltas[0].id
    [call] = stream.result.tool_calls
    assert call.name == "get_weather" and call.id == deltas[0].id
    assert json.loads("".join(d.arguments for d in deltas)) == call.arguments
    assert stream.result.finish_reason == "tool_calls"


def test_sim_streams_in_process_with_the_same_text(endpoint):
    """sim/ streams word by word, and its text equals the server's (same generator)."""
    model_id, _ = _ids(endpoint, "openai")
    stream = models.stream("sim/gpt", "Tell me about streams", temperature=0, latency=0)
    pieces = list(stream)
    assert len(pieces) > 3
    assert "".join(pieces) == stream.result == models(model_id, "Tell me about streams",
                                                      temperature=0)
    assert stream.result.ttft_s is not None


def test_a_streamed_call_is_counted_by_the_tpm_bucket(endpoint):
    """The endpoint's TPM bucket is charged a stream's estimate and settled with its real
    usage, exactly as for the same call made whole (recorded by a `RateBucket`)."""
    from ember.models import set_rate_buckets

    net: dict[str, float] = {}

    class Recording:
        def __init__(self, name: str) -> None:
            self.name = name

        async def acquire(self, n: float = 1.0) -> None:
            net[self.name] = net.get(self.name, 0.0) + n

        def refund(self, n: float) -> None:
            net[self.name] -= n

    set_rate_buckets(lambda name, kind, per_minute, capacity: Recording(name))
    try:
        a, _ = endpoint("tpma", sim={}, tpm=100_000)
        b, _ = endpoint("tpmb", sim={}, tpm=100_000)
        whole = models(f"{a}/gpt", "Hi", temperature=0, max_tokens=50)
        stream = models.stream(f"{b}/gpt", "Hi", temperature=0, max_tokens=50)
        assert "".join(stream) == whole
    finally:
        set_rate_buckets(None)
    assert net["tpma"] == net["tpmb"] == whole.usage.prompt_tokens + 50


def test_streaming_errors_cross_the_one_boundary_without_a_context(endpoint):
    """A refused stream (401) raises the same typed error as a call, with no
    __cause__/__context__ (nothing of aiohttp's, which holds the headers, is kept)."""
    from ember.errors import AuthenticationFailed

    name, _ = endpoint("keyed", sim={"api_key": "right-key"}, api_key_env="H_WRONG_KEY")
    import os

    os.environ["H_WRONG_KEY"] = "wrong-key-0123456789"
    try:
        with pytest.raises(AuthenticationFailed) as info:
            list(models.stream(f"{name}/gpt", "Hi"))
    finally:
        del os.environ["H_WRONG_KEY"]
    assert info.value.__cause__ is None and info.value.__context__ is None
    assert "wrong-key" not in str(info.value)


def test_a_blocking_stream_on_ember_s_loop_thread_is_refused():
    """On the shared loop the pieces could never arrive: refused, pointing at astream."""
    from ember import _core

    async def on_the_loop():
        return models.stream("sim/gpt", "Hi", latency=0)

    with pytest.raises(RuntimeError, match="astream"):
        _core.run(on_the_loop())


def test_a_stream_answered_by_a_hook_gives_its_text_as_one_piece():
    """A call answered without the provider (a cache hit) still streams: one piece."""
    from ember.models import Answer, CallHook, ModelResult, scoped_hooks

    class Canned(CallHook):
        def before(self, call):
            return Answer(ModelResult("canned answer", model_id=call.model_id))

    with scoped_hooks(Canned()):
        stream = models.stream("sim/gpt", "Hi", latency=0)
        assert list(stream) == ["canned answer"] and stream.result == "canned answer"


def test_a_registered_provider_streams_through_its_own_start_stream():
    """A custom provider that overrides start_stream streams its own pieces (checked like
    start: its coroutine must give text); one that does not streams its answer whole."""
    from ember.models import ModelResult, Provider, register_provider

    class Pieces(Provider):
        def start(self, model_id, request, started):
            async def call():
                return ModelResult("a b", model_id=str(model_id))

            return call()

        def start_stream(self, model_id, request, started, emit):
            async def call():
                for piece in ("a", " b"):
                    emit("text", piece)
                return "a b"  # a plain str is made a ModelResult, as from start

            return call()

    class Whole(Pieces):
        start_stream = Provider.start_stream

    register_provider("pieces", Pieces())
    register_provider("wholes", Whole())
    stream = models.stream("pieces/m", "Hi")
    assert list(stream) == ["a", " b"] and stream.result == "a b"
    assert stream.result.model_id == "pieces/m"
    assert list(models.stream("wholes/m", "Hi")) == ["a b"]


def test_a_stream_s_timeout_bounds_the_wait_for_each_piece_not_the_whole(endpoint):
    """Pieces every 0.05 s for about 2 s: timeout=1 is never hit between two pieces, so the
    stream ends whole, though it took longer than the timeout; the same call made whole
    (one wait for the whole answer) times out."""
    from ember.errors import ProviderTimeout

    name, server = endpoint("slowtok", sim={"per_token": 0.05}, max_attempts=1)
    stream = models.stream(f"{name}/gpt", "Tell me a story", timeout=1.0)
    text = "".join(stream)
    assert text == stream.result and stream.result.finish_reason == "stop"
    with pytest.raises(ProviderTimeout):
        models(f"{name}/gpt", "Tell me a story", timeout=1.0)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_events_split_anywhere_across_reads_are_read_whole(endpoint, tiny_server, newline):
    """The body arrives a few bytes at a time (splitting lines, CRLF pairs and events),
    with comments and a data field over two lines: the pieces are exactly the events'."""
    from aiohttp import web

    events = [{"choices": [{"index": 0, "delta": {"content": f"w{i} "}}]} for i in range(20)]
    body = b"".join(b": keep-alive" + newline + newline + b"data: " + json.dumps(e).encode()
                    + newline + newline for e in events)
    body += b"data: {\"choices\": [], " + newline + b"data: \"usage\": {\"prompt_tokens\": 3, " \
        b"\"completion_tokens\": 20}}" + newline + newline + b"data: [DONE]" + newline + newline

    async def handler(request):
        await request.read()
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for i in range(0, len(body), 7):
            await response.write(body[i:i + 7])
            await asyncio.sleep(0)
        await response.write_eof()
        return response

    url = tiny_server({"/v1/chat/completions": handler})
    name, _ = endpoint("split", server=type("S", (), {"openai_base_url": url + "/v1",
                                                      "anthropic_base_url": url})())
    stream = models.stream(f"{name}/m", "Hi")
    assert list(stream) == [f"w{i} " for i in range(20)]
    assert stream.result.usage.completion_tokens == 20


@pytest.mark.parametrize("ending", ["cut", "garbled", "error-event"])
def test_a_broken_stream_ends_with_a_typed_error_and_is_not_retried(endpoint, tiny_server,
                                                                    ending):
    """After pieces were passed on, a stream that stops short (MalformedResponse) or an
    Anthropic error event (ProviderUnavailable) ends the stream: no retry repeats them."""
    from aiohttp import web

    from ember.errors import MalformedResponse, ProviderUnavailable

    calls = []

    async def handler(request):
        calls.append(await request.read())
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        start = {"type": "message_start", "message": {"usage": {"input_tokens": 1}}}
        block = {"type": "content_block_start", "index": 0,
                 "content_block": {"type": "text", "text": ""}}
        delta = {"type": "content_block_delta", "index": 0,
                 "delta": {"type": "text_delta", "text": "partial"}}
        for name, event in (("message_start", start), ("content_block_start", block),
                            ("content_block_delta", delta)):
            await response.write(f"event: {name}\ndata: {json.dumps(event)}\n\n".encode())
        if ending == "garbled":
            await response.write(b"event: content_block_delta\ndata: {not json\n\n")
        if ending == "error-event":
            error = {"type": "error", "error": {"type": "overloaded_error",
                                                "message": "Overloaded"}}
            await response.write(f"event: error\ndata: {json.dumps(error)}\n\n".encode())
        await response.write_eof()
        return response

    url = tiny_server({"/v1/messages": handler})
    name, _ = endpoint("broken", wire="anthropic", server=type("S", (), {
        "openai_base_url": url, "anthropic_base_url": url})(), max_attempts=3)
    stream = models.stream(f"{name}/m", "Hi")
    pieces = []
    expected = ProviderUnavailable if ending == "error-event" else MalformedResponse
    with pytest.raises(expected) as info:
        for piece in stream:
            pieces.append(piece)
    assert pieces == ["partial"] and len(calls) == 1
    assert info.value.__context__ is None and info.value.model_id == f"{name}/m"


def test_an_openai_error_chunk_ends_the_stream_with_a_typed_error(endpoint, tiny_server):
    from aiohttp import web

    from ember.errors import ProviderUnavailable

    async def handler(request):
        await request.read()
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        piece = {"choices": [{"index": 0, "delta": {"content": "partial"}}]}
        error = {"error": {"message": "The server had an error", "type": "server_error"}}
        for event in (piece, error):
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
        await response.write_eof()
        return response

    url = tiny_server({"/v1/chat/completions": handler})
    name, _ = endpoint("oaerr", server=type("S", (), {"openai_base_url": url + "/v1",
                                                      "anthropic_base_url": url})())
    with pytest.raises(ProviderUnavailable, match="server had an error") as info:
        list(models.stream(f"{name}/m", "Hi"))
    assert info.value.model_id == f"{name}/m"
