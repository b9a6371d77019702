"""The simulator server over real HTTP on 127.0.0.1: wire formats, limits, faults, lifecycle."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import aiohttp
import pytest

from ember.cli import main as cli_main
from ember.sim import SimConfig, SimServer, SimServerProcess, generate

KEY = "sk-sim-test-9f8e7d6c5b4a"
USER = [{"role": "user", "content": "What is the capital of France?"}]


# --------------------------------------------------------------------------- helpers


def call(
    url: str,
    body: object = None,
    *,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    method: str | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], Any]:
    """One HTTP request; returns (status, headers, parsed JSON or text)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, head, text = response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        status, head, text = exc.code, dict(exc.headers), exc.read().decode()
    ctype = head.get("Content-Type", "")
    return status, head, json.loads(text) if ctype.startswith("application/json") else text


def openai(server: SimServer, body: dict[str, Any], **kw: Any) -> tuple[int, dict[str, str], Any]:
    return call(server.openai_base_url + "/chat/completions", body, **kw)


def anthropic(
    server: SimServer, body: dict[str, Any], **kw: Any
) -> tuple[int, dict[str, str], Any]:
    return call(server.anthropic_base_url + "/v1/messages", body, **kw)


def sse_events(text: str) -> list[tuple[str | None, str]]:
    """(event name, data) per server-sent event."""
    out = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        event, data = None, None
        for line in block.split("\n"):
            if line.startswith("event: "):
                event = line[len("event: ") :]
            elif line.startswith("data: "):
                data = line[len("data: ") :]
        assert data is not None, block
        out.append((event, data))
    return out


# --------------------------------------------------------------------------- wire formats


def test_openai_response_has_the_chat_completion_shape(make_server):
    server = make_server()
    status, headers, body = openai(server, {"model": "gpt-4o-mini", "messages": USER})
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert body["id"].startswith("chatcmpl-")
    assert body["object"] == "chat.completion"
    assert isinstance(body["created"], int)
    assert body["model"] == "gpt-4o-mini"
    [choice] = body["choices"]
    assert choice["index"] == 0
    assert choice["message"]["role"] == "assistant"
    assert isinstance(choice["message"]["content"], str) and choice["message"]["content"]
    assert choice["finish_reason"] == "stop"
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_anthropic_response_has_the_messages_shape(make_server):
    server = make_server()
    status, _, body = anthropic(server, {"model": "claude-x", "max_tokens": 200, "messages": USER})
    assert status == 200
    assert body["id"].startswith("msg_")
    assert body["type"] == "message"
    assert body["role"] == "assistant"
    assert body["model"] == "claude-x"
    [block] = body["content"]
    assert block["type"] == "text" and block["text"]
    assert body["stop_reason"] == "end_turn"
    assert body["stop_sequence"] is None
    assert set(body["usage"]) >= {"input_tokens", "output_tokens"}


def test_models_lists_sim_names_in_openai_format(make_server):
    status, _, body = call(make_server().openai_base_url + "/models")
    assert status == 200
    assert body["object"] == "list"
    assert body["data"] and all(m["object"] == "model" and m["id"] for m in body["data"])


def test_text_is_deterministic_and_equals_generate(make_server):
    server = make_server()
    request = {"model": "gpt", "messages": USER, "temperature": 0.7, "seed": 3}
    first = openai(server, request)[2]["choices"][0]["message"]["content"]
    again = openai(server, request)[2]["choices"][0]["message"]["content"]
    assert first == again == generate("gpt", USER, temperature=0.7, seed=3).text
    other = openai(server, {**request, "seed": 4})[2]["choices"][0]["message"]["content"]
    assert other != first


def test_anthropic_system_becomes_a_leading_system_message(make_server):
    server = make_server()
    body = anthropic(
        server, {"model": "claude", "max_tokens": 500, "system": "Be brief.", "messages": USER}
    )[2]
    expected = generate("claude", [{"role": "system", "content": "Be brief."}, *USER])
    assert body["content"][0]["text"] == expected.text
    assert body["usage"] == {
        "input_tokens": expected.prompt_tokens,
        "output_tokens": expected.completion_tokens,
    }


def test_openai_content_parts_are_joined(make_server):
    server = make_server()
    parts = [
        {"type": "text", "text": "What is the capital"},
        {"type": "text", "text": "of France?"},
    ]
    body = openai(server, {"model": "gpt", "messages": [{"role": "user", "content": parts}]})[2]
    joined = [{"role": "user", "content": "What is the capital\nof France?"}]
    assert body["choices"][0]["message"]["content"] == generate("gpt", joined).text


def test_max_tokens_cuts_the_text(make_server):
    server = make_server()
    body = openai(server, {"model": "gpt", "messages": USER, "max_tokens": 3})[2]
    assert body["choices"][0]["finish_reason"] == "length"
    assert body["usage"]["completion_tokens"] == 3
    body = anthropic(server, {"model": "gpt", "messages": USER, "max_tokens": 3})[2]
    assert body["stop_reason"] == "max_tokens"
    assert body["usage"]["output_tokens"] == 3


def test_stop_sequences_cut_the_text(make_server):
    server = make_server()
    full = generate("gpt", USER).text
    stop = full.split()[4]  # a word in the middle of the answer
    body = openai(server, {"model": "gpt", "messages": USER, "stop": stop})[2]
    assert body["choices"][0]["message"]["content"] == full[: full.index(stop)]
    assert body["choices"][0]["finish_reason"] == "stop"
    body = anthropic(
        server, {"model": "gpt", "messages": USER, "max_tokens": 500, "stop_sequences": [stop]}
    )[2]
    assert body["content"][0]["text"] == full[: full.index(stop)]
    assert body["stop_reason"] == "stop_sequence"
    assert body["stop_sequence"] == stop


def test_openai_stream_follows_the_chunk_format(make_server):
    server = make_server()
    request = {"model": "gpt", "messages": USER, "stream": True}
    request["stream_options"] = {"include_usage": True}
    status, headers, text = openai(server, request)
    assert status == 200
    assert headers["Content-Type"].startswith("text/event-stream")
    events = sse_events(text)
    assert events[-1] == (None, "[DONE]")
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    expected = generate("gpt", USER)
    assert content == expected.text
    assert [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1] == "stop"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["completion_tokens"] == expected.completion_tokens


def test_anthropic_stream_follows_the_event_format(make_server):
    server = make_server()
    status, _, text = anthropic(
        server, {"model": "claude", "messages": USER, "max_tokens": 300, "stream": True}
    )
    assert status == 200
    events = [(name, json.loads(data)) for name, data in sse_events(text)]
    assert all(name == data["type"] for name, data in events)
    names = [name for name, _ in events]
    assert names[:2] == ["message_start", "content_block_start"]
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(names[2:-3]) <= {"ping", "content_block_delta"}
    start = events[0][1]["message"]
    assert start["role"] == "assistant" and start["content"] == [] and start["stop_reason"] is None
    text_out = "".join(d["delta"]["text"] for n, d in events if n == "content_block_delta")
    expected = generate("claude", USER, max_tokens=300)
    assert text_out == expected.text
    delta = events[-2][1]
    assert delta["delta"]["stop_reason"] == "end_turn"
    assert delta["usage"]["output_tokens"] == expected.completion_tokens


# --------------------------------------------------------------------------- errors


def test_wrong_or_missing_key_is_401_and_never_echoed(make_server):
    server = make_server(api_key=KEY)
    wrong = "sk-wrong-0123456789"
    cases = [
        (openai, {}, "invalid_request_error"),
        (openai, {"Authorization": f"Bearer {wrong}"}, "invalid_request_error"),
        (anthropic, {}, "authentication_error"),
        (anthropic, {"x-api-key": wrong}, "authentication_error"),
        (anthropic, {"Authorization": f"Bearer {wrong}"}, "authentication_error"),
        # A right bearer token does not make up for a wrong x-api-key.
        (anthropic, {"x-api-key": wrong, "Authorization": f"Bearer {KEY}"},
         "authentication_error"),
    ]
    for send, headers, kind in cases:
        status, head, body = send(
            server, {"model": "m", "messages": USER, "max_tokens": 5}, headers=headers
        )
        assert status == 401, (send.__name__, headers)
        error = body["error"]
        assert error["type"] == kind and error["message"]
        if send is anthropic:
            assert body["type"] == "error"
        dumped = json.dumps(body) + json.dumps(head)
        assert KEY not in dumped and wrong not in dumped
    assert (
        openai(
            server, {"model": "m", "messages": USER}, headers={"Authorization": f"Bearer {KEY}"}
        )[0]
        == 200
    )
    # Anthropic takes the key as x-api-key or, as its SDK sends an auth token, as a bearer.
    for headers in ({"x-api-key": KEY}, {"Authorization": f"Bearer {KEY}"}):
        ok = anthropic(server, {"model": "m", "messages": USER, "max_tokens": 5},
                       headers=headers)
        assert ok[0] == 200, headers
    assert server.stats()["unauthorized"] == 6
    assert KEY not in repr(server.config)


def test_malformed_json_is_400_with_a_clear_message(make_server):
    server = make_server()
    status, _, body = call(server.openai_base_url + "/chat/completions", raw=b"{not json")
    assert status == 400
    assert body["error"]["type"] == "invalid_request_error"
    assert "not valid JSON" in body["error"]["message"]
    status, _, body = call(server.url + "/v1/messages", raw=b"[1, 2")
    assert status == 400
    assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
    assert "not valid JSON" in body["error"]["message"]


@pytest.mark.parametrize(
    ("route", "body", "words"),
    [
        ("openai", {"messages": USER}, "'model'"),
        ("openai", {"model": "gpt"}, "'messages'"),
        ("openai", {"model": "gpt", "messages": USER, "temperature": "hot"}, "'temperature'"),
        ("openai", {"model": "gpt", "messages": USER, "max_tokens": 0}, "'max_tokens'"),
        ("openai", {"model": "gpt", "messages": USER, "stop": 3}, "'stop'"),
        ("anthropic", {"model": "c", "messages": USER}, "max_tokens"),
        ("anthropic", {"model": "c", "max_tokens": 5, "messages": [{"role": "system"}]}, "system"),
    ],
)
def test_invalid_fields_are_400_naming_the_field(make_server, route, body, words):
    server = make_server()
    status, _, answer = (openai if route == "openai" else anthropic)(server, body)
    assert status == 400
    assert words in answer["error"]["message"]
    assert server.stats()["bad_requests"] == 1


def test_config_errors_name_the_field_and_the_range():
    with pytest.raises(ValueError, match=r"SimConfig\.fail_429 .*\[0, 1\].*1\.5"):
        SimConfig(fail_429=1.5)
    with pytest.raises(ValueError, match=r"SimConfig\.latency .*>= 0.*-1"):
        SimConfig(latency=-1)
    with pytest.raises(ValueError, match=r"SimConfig\.rpm .*>= 1.*0"):
        SimConfig(rpm=0)
    with pytest.raises(ValueError, match="sum to at most 1"):
        SimConfig(fail_500=0.6, reset=0.6)


# --------------------------------------------------------------------------- limits


def test_rpm_limit_answers_429_with_retry_after(make_server):
    server = make_server(rpm=60)  # one request per second, bursts of one
    request = {"model": "gpt", "messages": USER, "max_tokens": 5}
    assert openai(server, request)[0] == 200
    status, headers, body = openai(server, request)
    assert status == 429
    retry = float(headers["Retry-After"])
    assert 0.05 <= retry <= 1.0
    assert abs(int(headers["retry-after-ms"]) / 1000 - retry) < 0.01
    assert body["error"]["type"] == "requests"
    assert body["error"]["code"] == "rate_limit_exceeded"
    status, headers, body = anthropic(server, request)
    assert status == 429
    assert body == {
        "type": "error",
        "error": {"type": "rate_limit_error", "message": body["error"]["message"]},
    }
    time.sleep(retry + 0.05)
    assert openai(server, request)[0] == 200
    stats = server.stats()
    assert stats["rate_limited"] == 2 and stats["completed"] == 2


def test_rpm_bounds_completions_per_second(make_server):
    server = make_server(rpm=600)  # 10/s, bursts of 10
    request = {"model": "gpt", "messages": USER}
    end = time.monotonic() + 1.2
    statuses = Counter()
    while time.monotonic() < end:
        statuses[openai(server, request)[0]] += 1
    stats = server.stats()
    assert stats["completed"] == statuses[200]
    assert stats["rate_limited"] == statuses[429] > 0
    # A token bucket admits at most its burst plus one second of refill in any second.
    assert 10 <= stats["max_completed_per_s"] <= 21


def test_tpm_limit_counts_prompt_and_max_tokens(make_server):
    server = make_server(tpm=600)  # 10 tokens/s, bucket of 10
    request = {"model": "gpt", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 5}
    assert openai(server, request)[0] == 200  # 4 prompt + 5 max tokens = 9
    status, headers, body = openai(server, request)
    assert status == 429
    assert body["error"]["type"] == "tokens"
    assert float(headers["Retry-After"]) >= 0.05


# --------------------------------------------------------------------------- faults


def test_fault_rates_are_roughly_honoured(make_server):
    server = make_server(fail_429=0.2, fail_500=0.1, retry_after=0.5, seed=7)
    statuses = Counter()
    for _ in range(400):
        status, headers, body = openai(server, {"model": "gpt", "messages": USER})
        statuses[status] += 1
        if status == 429:
            assert headers["Retry-After"] == "0.5" and headers["retry-after-ms"] == "500"
        if status == 500:
            assert body["error"]["type"] == "server_error"
    assert 50 <= statuses[429] <= 115
    assert 20 <= statuses[500] <= 65
    stats = server.stats()
    assert stats["requests"] == 400
    assert stats["rate_limited"] == stats["injected_429"] == statuses[429]
    assert stats["errors_500"] == statuses[500]
    assert stats["completed"] == statuses[200]


def test_seed_repeats_the_fault_sequence(make_server):
    runs = []
    for _ in range(2):
        server = make_server(fail_429=0.3, fail_500=0.3, seed=11)
        runs.append([openai(server, {"model": "gpt", "messages": USER})[0] for _ in range(30)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 429, 500}


def test_reset_drops_the_connection(make_server):
    server = make_server(reset=1.0)
    with pytest.raises((ConnectionError, urllib.error.URLError)):
        openai(server, {"model": "gpt", "messages": USER})
    assert server.stats()["resets"] == 1


def test_reset_is_a_connection_error_for_aiohttp_clients(make_server):
    server = make_server(reset=1.0)

    async def go() -> None:
        async with aiohttp.ClientSession() as session:
            url = server.openai_base_url + "/chat/completions"
            async with session.post(url, json={"model": "gpt", "messages": USER}) as response:
                await response.read()

    with pytest.raises(aiohttp.ClientConnectionError):
        asyncio.run(go())


def test_hang_holds_the_request_until_the_client_times_out(make_server):
    server = make_server(hang=1.0)
    started = time.monotonic()
    with pytest.raises((TimeoutError, urllib.error.URLError)):  # held 300 s: the client gave up
        openai(server, {"model": "gpt", "messages": USER}, timeout=0.3)
    assert time.monotonic() - started >= 0.25
    assert server.stats()["hangs"] == 1
    # The client hung up, so the server stops holding the request.
    deadline = time.monotonic() + 2.0
    while server.stats()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.stats()["in_flight"] == 0


def test_latency_and_per_request_override(make_server):
    server = make_server(latency=0.5)
    started = time.monotonic()
    assert openai(server, {"model": "gpt", "messages": USER})[0] == 200
    default_s = time.monotonic() - started
    assert default_s >= 0.5
    started = time.monotonic()
    assert openai(server, {"model": "gpt", "messages": USER, "latency": 0})[0] == 200
    override_s = time.monotonic() - started
    assert override_s < default_s / 2, (override_s, default_s)  # 0 overrides, not "unset"


# --------------------------------------------------------------------------- stats


def test_stats_count_requests_by_outcome_and_model(make_server):
    server = make_server()
    openai(server, {"model": "a", "messages": USER, "latency": 0.3})
    anthropic(server, {"model": "b", "messages": USER, "max_tokens": 50})
    openai(server, {"model": "a"})

    def slow() -> None:
        openai(server, {"model": "a", "messages": USER, "latency": 0.3})

    threads = [threading.Thread(target=slow) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats = server.stats()
    assert stats["requests"] == 8
    assert stats["completed"] == 7
    assert stats["bad_requests"] == 1
    assert stats["in_flight"] == 0
    assert stats["max_in_flight"] == 5
    assert stats["by_model"]["a"]["completed"] == 6
    assert stats["by_model"]["b"]["requests"] == 1
    assert stats["by_model"]["b"]["prompt_tokens"] > 0
    assert stats["max_completed_per_s"] >= 5
    assert call(server.url + "/stats")[2] == stats
    server.reset_stats()
    assert server.stats()["requests"] == 0 and server.stats()["by_model"] == {}
    openai(server, {"model": "a", "messages": USER})
    assert call(server.url + "/stats/reset", method="POST", raw=b"")[0] == 200
    assert server.stats()["completed"] == 0


# --------------------------------------------------------------------------- lifecycle


def _timed_out(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)


def test_close_is_prompt_with_hanging_requests_and_leaves_no_threads():
    before = set(threading.enumerate())
    server = SimServer(SimConfig(latency=0, hang=1.0)).start()
    errors: list[BaseException] = []

    def client() -> None:
        try:
            openai(server, {"model": "gpt", "messages": USER}, timeout=30)
        except BaseException as exc:
            errors.append(exc)

    try:
        clients = [threading.Thread(target=client) for _ in range(3)]
        for t in clients:
            t.start()
        deadline = time.monotonic() + 5
        while server.stats()["hangs"] < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.stats()["hangs"] == 3
    finally:
        server.close()
    for t in clients:
        t.join(timeout=5)
    # Each client saw its connection dropped at close, not its own 30 s timeout (the server
    # holds a hanging request 300 s).
    assert len(errors) == 3 and not any(_timed_out(e) for e in errors), errors
    assert set(threading.enumerate()) <= before
    with pytest.raises(RuntimeError, match="closed"):
        server.url  # noqa: B018
    with pytest.raises(RuntimeError, match="Cannot restart"):
        server.start()
    server.close()  # twice is fine


def test_server_binds_only_the_given_host():
    with SimServer(SimConfig(latency=0)) as server:
        assert server.url.startswith("http://127.0.0.1:")
        port = int(server.url.rsplit(":", 1)[1])
        # Another loopback address does not reach it: only 127.0.0.1 is bound.
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=1):
            pass


def test_server_process_starts_serves_and_stops():
    with SimServerProcess(SimConfig(latency=0, api_key=KEY, fail_500=0.0)) as server:
        proc = server._proc
        assert proc is not None and proc.poll() is None
        assert KEY not in " ".join(proc.args)
        status, _, body = openai(
            server, {"model": "gpt", "messages": USER}, headers={"Authorization": f"Bearer {KEY}"}
        )
        assert status == 200
        assert body["choices"][0]["message"]["content"] == generate("gpt", USER).text
        assert openai(server, {"model": "gpt", "messages": USER})[0] == 401
        stats = server.stats()
        assert stats["completed"] == 1 and stats["unauthorized"] == 1
        server.reset_stats()
        assert server.stats()["requests"] == 0
    assert proc.poll() == 0  # SIGTERM is a clean shutdown


def test_cli_refuses_a_non_loopback_host(capsys):
    assert cli_main(["sim", "serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "0.0.0.0" in err and "loopback" in err and "--allow-remote" in err


def test_cli_rejects_bad_config_in_one_line(capsys):
    assert cli_main(["sim", "serve", "--port", "0", "--fail-500", "2"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "fail_500" in err


# --------------------------------------------------------------------------- malformed requests

DEEP = b"[" * 100_000 + b"]" * 100_000
OK_OPENAI = {"model": "gpt", "messages": USER}
OK_ANTHROPIC = {"model": "claude", "max_tokens": 50, "messages": USER}


def assert_wire_error(route: str, status: int, head: dict[str, str], body: Any,
                      expected: int) -> str:
    """A JSON error body in the route's own format with status `expected`; its message."""
    assert status == expected, (status, body)
    assert head.get("Content-Type", "").startswith("application/json"), (head, body)
    if route == "anthropic":
        assert set(body) == {"type", "error"} and body["type"] == "error", body
        assert set(body["error"]) == {"type", "message"}, body
        assert body["error"]["type"].endswith("_error") or body["error"]["type"] == (
            "request_too_large"), body
    else:
        assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param",
                                                                  "code"}, body
        assert body["error"]["type"] == "invalid_request_error", body
    message = body["error"]["message"]
    assert isinstance(message, str) and 0 < len(message) < 500, message
    return message


def _with(base: dict[str, Any], **fields: Any) -> bytes:
    return json.dumps({**base, **fields}, allow_nan=True).encode()


# (raw body, words the message holds, OpenAI's `param`), for both routes.
MALFORMED = {
    "deep nesting": (DEEP, "nested too deeply", None),
    "deep inside a field": (b'{"model": "gpt", "messages": ' + DEEP + b"}", "nested too deeply",
                            None),
    "empty body": (b"", "not valid JSON", None),
    "not UTF-8": (b"\xff\xfe\x00garbage", "not valid JSON", None),
    "a list": (b"[1, 2]", "must be a JSON object", None),
    "a number": (b"3", "must be a JSON object", None),
    "null": (b"null", "must be a JSON object", None),
    "messages a string": ("messages", "'messages'", "messages"),
    "max_tokens a string": ("max_tokens", "'max_tokens'", "max_tokens"),
    "temperature NaN": ("temperature", "'temperature'", "temperature"),
    "model missing": ("model", "'model'", "model"),
    "model a number": ("model=3", "'model'", "model"),
    "content an object": ("content", "content", "messages[0].content"),
    "stop a deep list": ("stop", "a list of strings, got [[[", "stop"),
}


def _malformed_body(route: str, case: str) -> bytes:
    raw = MALFORMED[case][0]
    if isinstance(raw, bytes):
        return raw
    base = OK_ANTHROPIC if route == "anthropic" else OK_OPENAI
    deep: Any = "x"
    for _ in range(500):
        deep = [deep]
    return {
        "messages": lambda: _with(base, messages="hi"),
        "max_tokens": lambda: _with(base, max_tokens="many"),
        "temperature": lambda: _with(base, temperature=float("nan")),
        "model": lambda: json.dumps({k: v for k, v in base.items() if k != "model"}).encode(),
        "model=3": lambda: _with(base, model=3),
        "content": lambda: _with(base, messages=[{"role": "user", "content": {"a": 1}}]),
        "stop": lambda: _with(base, stop=deep, stop_sequences=deep),
    }[raw]()


@pytest.mark.parametrize("route", ["openai", "anthropic"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_requests_get_a_4xx_json_error_in_the_wire_format(make_server, route, case):
    server = make_server()
    url = server.url + ("/v1/messages" if route == "anthropic" else "/v1/chat/completions")
    status, head, body = call(url, raw=_malformed_body(route, case))
    message = assert_wire_error(route, status, head, body, 400)
    _, words, param = MALFORMED[case]
    assert words in message, message
    if route == "openai":
        assert body["error"]["param"] == param, body
    assert server.stats()["bad_requests"] == 1
    # The server is still well: a good request right after is answered.
    good = OK_ANTHROPIC if route == "anthropic" else OK_OPENAI
    assert call(url, good)[0] == 200


@pytest.mark.parametrize(("path", "method", "route", "status"), [
    ("/v1/nope", "POST", "openai", 404),
    ("/", "GET", "openai", 404),
    ("/v1/chat/completions/extra", "POST", "openai", 404),
    ("/v1/messages/batches", "POST", "anthropic", 404),
    ("/v1/chat/completions", "GET", "openai", 405),
    ("/v1/messages", "GET", "anthropic", 405),
    ("/v1/models", "POST", "openai", 405),
])
def test_unknown_routes_and_methods_are_json_in_the_wire_format(make_server, path, method,
                                                                route, status):
    server = make_server()
    got, head, body = call(server.url + path, raw=b"{}" if method == "POST" else None,
                           method=method)
    message = assert_wire_error(route, got, head, body, status)
    assert path in message and method in message


@pytest.mark.parametrize("route", ["openai", "anthropic"])
def test_a_body_over_the_limit_is_413_json(make_server, route):
    server = make_server(max_body=4096)
    url = server.url + ("/v1/messages" if route == "anthropic" else "/v1/chat/completions")
    base = OK_ANTHROPIC if route == "anthropic" else OK_OPENAI
    big = _with(base, messages=[{"role": "user", "content": "x" * 5000}])
    status, head, body = call(url, raw=big)
    message = assert_wire_error(route, status, head, body, 413)
    assert "4096 bytes" in message and "max_body" in message
    if route == "anthropic":
        assert body["error"]["type"] == "request_too_large"
    assert call(url, base)[0] == 200  # a body under the limit still goes through


def test_the_default_body_limit_is_8_mib_also_without_a_length(make_server):
    server = make_server()
    assert server.config.max_body == 8 * 1024 * 1024
    body = _with(OK_OPENAI, messages=[{"role": "user", "content": "x" * (8 * 1024 * 1024)}])
    status, head, answer = call(server.openai_base_url + "/chat/completions", raw=body)
    assert_wire_error("openai", status, head, answer, 413)
    # Chunked, with no Content-Length: the limit holds while the body streams in.
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("POST", "/v1/messages", body=iter([body[i:i + 65536]
                                                        for i in range(0, len(body), 65536)]),
                     headers={"Content-Type": "application/json"}, encode_chunked=True)
        response = conn.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["error"]["type"] == "request_too_large"
    finally:
        conn.close()


def test_max_body_is_checked_and_passed_to_the_server_process():
    with pytest.raises(ValueError, match=r"SimConfig\.max_body .*>= 1.*0"):
        SimConfig(max_body=0)
    with SimServerProcess(SimConfig(latency=0, max_body=2048)) as server:
        big = _with(OK_OPENAI, messages=[{"role": "user", "content": "x" * 3000}])
        status, head, body = call(server.openai_base_url + "/chat/completions", raw=big)
        assert "2048 bytes" in assert_wire_error("openai", status, head, body, 413)


@pytest.mark.parametrize("route", ["openai", "anthropic"])
def test_a_bug_in_a_handler_is_still_a_json_error(make_server, monkeypatch, route):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    server = make_server()
    monkeypatch.setattr("ember.sim._chat.generate", broken)  # stands in for an unknown bug
    url = server.url + ("/v1/messages" if route == "anthropic" else "/v1/chat/completions")
    status, head, body = call(url, OK_ANTHROPIC if route == "anthropic" else OK_OPENAI)
    assert status == 500 and head["Content-Type"].startswith("application/json")
    assert body["error"]["type"] == ("api_error" if route == "anthropic" else "server_error")
    assert "RuntimeError" in body["error"]["message"]


def test_the_official_sdks_read_these_errors(make_server):
    openai_sdk = pytest.importorskip("openai")
    anthropic_sdk = pytest.importorskip("anthropic")
    server = make_server(max_body=4096)
    oa = openai_sdk.OpenAI(base_url=server.openai_base_url, api_key="k", max_retries=0)
    with pytest.raises(openai_sdk.BadRequestError) as bad:
        oa.chat.completions.create(model="gpt", messages=USER, max_tokens="many")
    assert (bad.value.status_code, bad.value.type, bad.value.param) == (
        400, "invalid_request_error", "max_tokens")
    assert "'max_tokens'" in bad.value.body["message"]
    with pytest.raises(openai_sdk.APIStatusError) as big:
        oa.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "x" * 5000}])
    assert big.value.status_code == 413 and "4096 bytes" in big.value.body["message"]
    lost = openai_sdk.OpenAI(base_url=server.url + "/v2", api_key="k", max_retries=0)
    with pytest.raises(openai_sdk.NotFoundError) as missing:
        lost.chat.completions.create(model="gpt", messages=USER)
    assert "/v2/chat/completions" in missing.value.body["message"]

    an = anthropic_sdk.Anthropic(base_url=server.anthropic_base_url, api_key="k", max_retries=0)
    with pytest.raises(anthropic_sdk.BadRequestError) as bad_an:
        an.messages.create(model="claude", max_tokens=5, messages=USER,
                           extra_body={"temperature": "hot"})
    assert bad_an.value.body["error"]["type"] == "invalid_request_error"
    assert "'temperature'" in bad_an.value.body["error"]["message"]
    with pytest.raises(anthropic_sdk.RequestTooLargeError) as big_an:
        an.messages.create(model="claude", max_tokens=5,
                           messages=[{"role": "user", "content": "x" * 5000}])
    assert big_an.value.body["error"]["type"] == "request_too_large"
    lost_an = anthropic_sdk.Anthropic(base_url=server.url + "/v2", api_key="k", max_retries=0)
    with pytest.raises(anthropic_sdk.NotFoundError) as missing_an:
        lost_an.messages.create(model="claude", max_tokens=5, messages=USER)
    assert missing_an.value.body["error"]["type"] == "not_found_error"
