"""R4 bad input: property-based fuzzing of everything Ember reads from outside.

NON notation, model ids, config files and provider answers (malformed JSON, missing
fields, wrong types, 50 MB bodies, bodies dripping a byte at a time, answers that are not
HTTP): each must give a result or a typed `EmberError` with a clear message, never another
exception, and never hang (every test runs under a timeout). The simulator server, in
turn, answers any request body with JSON in its wire's format, never a 5xx.

Hypothesis runs derandomized (the same examples on every run) and keeps no database, so
CI is reproducible; raise ``R4_EXAMPLES`` to fuzz longer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ember.errors import (
    ConfigError,
    EmberError,
    InvalidMessage,
    MalformedResponse,
    MissingAPIKey,
    ModelError,
    NotationError,
    ProviderConnectionError,
    ProviderTimeout,
    ProviderUnavailable,
)
from ember.models import _config, models
from ember.non import build_graph, parse
from tests.conftest import toml_value
from tests.reliability.conftest import OddServer

EXAMPLES = int(os.environ.get("R4_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text without lone surrogates (they cannot be written to a file or a socket as UTF-8).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


def assert_clear(error: BaseException, *names: str, given: object = "") -> None:
    """A clear error: an EmberError whose message is non-empty, of bounded length (a bad
    value it quotes aside) and names each of `names`."""
    if not isinstance(error, EmberError):
        raise AssertionError(f"not an EmberError: {error!r}"[:500]) from error
    message = str(error)
    if not message.strip() or len(message) > 2000 + 3 * len(repr(given)):
        raise AssertionError(f"unclear message ({len(message)} chars): {message[:300]!r}")
    for name in names:
        if name not in message:
            raise AssertionError(f"{name!r} not named in {message[:300]!r}")


# --------------------------------------------------------------------------- NON notation

NOTATION_CHARS = "0123456789EJMVXabz@/()=,.+-> '\"\\_:\t\n"
codes = st.sampled_from(["E", "J", "M", "V", "X", "Ab", "e", ""])
models_ = st.one_of(st.none(), st.sampled_from(["sim/gpt", "sim/judge", "openai/gpt-4o", "x",
                                                 "sim/", "/gpt", "UPPER/x", "a b/c"]),
                    st.text(alphabet="abz/:._-", max_size=12))
values = st.one_of(
    st.integers(min_value=-10**6, max_value=10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["true", "false", "none", "null", "1e999", "-0", "+5", "0x10",
                     "9" * 5000, "'q'", '"a\\"b"', "'unterminated", "a/b:c", ""]),
    st.text(alphabet=NOTATION_CHARS, max_size=8),
)
names = st.one_of(st.sampled_from(["temp", "temperature", "t", "max_tokens", "tokens", "seed",
                                   "latency", "rounds", "max_rounds", "sys", "stop", "bogus"]),
                  st.text(alphabet="abz_019", max_size=6))


@st.composite
def near_specs(draw) -> str:
    """Specs shaped like the grammar, with wrong pieces mixed in."""
    stages = []
    for _ in range(draw(st.integers(1, 3))):
        nodes = []
        for _ in range(draw(st.integers(1, 3))):
            count = draw(st.one_of(st.integers(0, 1200).map(str), st.sampled_from(["", "-1",
                                                                                  "99" * 30])))
            node = f"{count}{draw(codes)}"
            model = draw(models_)
            if model is not None:
                node += f"@{model}"
            if draw(st.booleans()):
                params = draw(st.lists(st.tuples(names, values), max_size=3))
                node += "(" + ", ".join(f"{k}={v}" for k, v in params) + ")"
            nodes.append(node)
        stages.append(draw(st.sampled_from([" + ", "+", " +"])).join(nodes))
    return draw(st.sampled_from([" -> ", "->", " - > "])).join(stages)


def _check_notation_error(error: NotationError, text: str) -> None:
    assert_clear(error, given=text)
    assert isinstance(error.position, int) and 0 <= error.position <= len(text), error.position
    assert error.expected and "position" in str(error)


@pytest.mark.timeout(60)
@FUZZ
@given(st.one_of(TEXT, st.text(alphabet=NOTATION_CHARS, max_size=60), near_specs()))
def test_non_parse_gives_a_spec_or_a_notation_error(text):
    try:
        spec = parse(text)
    except NotationError as error:
        _check_notation_error(error, text)
        return
    except Exception as error:
        raise AssertionError(f"parse({text[:200]!r}) raised {error!r}"[:600]) from error
    assert parse(spec.render()) == spec  # the canonical form reads back the same


@pytest.mark.timeout(60)
@FUZZ
@given(st.one_of(near_specs(), st.lists(near_specs(), min_size=1, max_size=3),
                 st.lists(TEXT, max_size=3), st.integers(), st.none(), st.binary(max_size=10)))
def test_non_build_graph_gives_a_graph_or_a_notation_error(spec):
    try:
        graph = build_graph(spec)
    except NotationError as error:
        text = spec if isinstance(spec, str) else error.text
        assert_clear(error, given=spec)
        assert 0 <= error.position <= len(text or "")
        return
    except EmberError as error:  # a spec of the wrong type altogether
        assert not isinstance(spec, str | list), (spec, error)
        assert_clear(error, given=spec)
        return
    except Exception as error:
        raise AssertionError(f"build_graph({spec!r}) raised {error!r}"[:600]) from error
    assert repr(graph).startswith("Graph(")


# --------------------------------------------------------------------------- model ids

ids = st.one_of(
    TEXT,
    st.builds(lambda p, n: f"{p}/{n}", st.text(alphabet="abcsimopenaz0_.-/ ", max_size=10),
              st.text(max_size=10)),
    st.sampled_from(["sim/gpt", "sim/ gpt", "openai/gpt-4o", "anthropic/claude", "nope/x",
                     "SIM/gpt", "sim", "/", "sim//", "a" * 10_000 + "/b"]),
    st.binary(max_size=20), st.integers(), st.floats(), st.none(), st.lists(TEXT, max_size=2),
    st.dictionaries(TEXT, TEXT, max_size=2), st.tuples(TEXT),
)


@pytest.mark.timeout(60)
@FUZZ
@given(ids)
def test_model_ids_give_a_result_or_a_typed_error(model_id):
    try:
        result = models(model_id, "Hi", latency=0)
    except (ModelError, ConfigError) as error:  # InvalidModelId, UnknownProvider, MissingAPIKey
        assert_clear(error, given=model_id)
    else:
        assert isinstance(result, str) and result.model_id == model_id
    try:
        models.instance(model_id, latency=0)
    except (ModelError, ConfigError) as error:
        assert_clear(error, given=model_id)


# --------------------------------------------------------------------------- config files

KEYS = ["wire", "base_url", "api_key", "api_key_env", "rpm", "tpm", "max_calls_in_flight",
        "timeout", "max_attempts", "models"]
scalars = st.one_of(
    st.integers(min_value=-2**63, max_value=2**63 - 1), st.floats(), st.booleans(), TEXT,
    st.sampled_from(["openai", "anthropic", "http://127.0.0.1:8000/v1", "http://[::1",
                     "http://h:99999/v1", "https://h/v1?x=1", "ftp://h", "http://h\x00/v1",
                     "MY_KEY", "1BAD"]),
)
toml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
sections = st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), toml_values, max_size=5)
tables = st.dictionaries(
    st.sampled_from(["providers", "endpoints", "extra"]),
    st.dictionaries(st.one_of(st.sampled_from(["openai", "anthropic", "sim", "local", "a-b"]),
                              TEXT), st.one_of(sections, scalars), max_size=3),
    max_size=3,
)


def _toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)  # a TOML basic string (quoted key)


def _toml(value) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return toml_value(value)


def render_config(data: dict) -> str:
    lines = []
    for table, entries in data.items():
        for name, body in entries.items():
            if isinstance(body, dict):
                lines.append(f"[{_toml_key(table)}.{_toml_key(name)}]")
                lines += [f"{_toml_key(k)} = {_toml(v)}" for k, v in body.items()]
            else:
                lines.append(f"{_toml_key(table)}.{_toml_key(name)} = {_toml(body)}")
    return "\n".join(lines) + "\n"


_config_files = itertools.count()


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    """Each example writes a new file (the settings cache is keyed by path and mtime)."""
    def use(content: bytes) -> Path:
        path = tmp_path / f"config-{next(_config_files)}.toml"
        path.write_bytes(content)
        monkeypatch.setenv("EMBER_CONFIG", str(path))
        return path

    return use


def _check_config(path: Path) -> None:
    try:
        config = _config.current()
    except ConfigError as error:
        assert_clear(error, str(path))  # names the file
        return
    models.list()  # settings that load are usable (no I/O happens here)
    for settings_ in (*config.providers.values(), *config.endpoints.values()):
        assert settings_.base_url.startswith(("http://", "https://"))
        # Rates and timeouts are finite and positive; retries are bounded.
        for rate in (settings_.rpm, settings_.tpm, settings_.timeout):
            assert rate is None or (math.isfinite(rate) and rate > 0), settings_
        assert 1 <= settings_.max_attempts <= 20, settings_


@pytest.mark.timeout(60)
@FUZZ
@given(st.one_of(st.binary(max_size=300), TEXT.map(str.encode)))
def test_config_bytes_load_or_raise_config_error(config_dir, content):
    _check_config(config_dir(content))


@pytest.mark.timeout(60)
@FUZZ
@given(tables)
def test_config_tables_load_or_raise_config_error(config_dir, data):
    _check_config(config_dir(render_config(data).encode()))


@pytest.mark.parametrize("content", [
    b"\xff\xfe[endpoints.x]",                                      # not UTF-8
    b"a = " + b"[" * 5000 + b"]" * 5000,                          # nested too deeply
    b"[endpoints.x]\nbase_url = 'http://[::1'\n",                 # urlsplit raises
    b"[endpoints.x]\nbase_url = 'http://127.0.0.1:99999/v1'\n",   # port out of range
    b"[endpoints.x]\nbase_url = 'http://a b/v1'\n",               # space in the host
])
def test_config_files_found_broken(config_dir, content):
    # Each of these escaped as UnicodeDecodeError, RecursionError or ValueError (or was
    # accepted and retried as a connection error on every call) before the fix.
    path = config_dir(content)
    with pytest.raises(ConfigError) as info:
        _config.current()
    assert_clear(info.value, str(path))


# --------------------------------------------------------------------------- provider answers


class Answers:
    """What the odd server answers next: (status, body bytes, headers)."""

    def __init__(self) -> None:
        self.next: tuple[int, bytes, dict[str, str]] = (200, b"{}", {})


@pytest.fixture(scope="module")
def answer_server():
    answers = Answers()

    async def reply(request: web.Request) -> web.Response:
        await request.read()
        status, body, headers = answers.next
        return web.Response(status=status, body=body, headers=headers,
                            content_type="application/json")

    server = OddServer({"/v1/chat/completions": reply, "/v1/messages": reply})
    yield server, answers
    server.close()


@pytest.fixture
def answering(answer_server, isolated_config):
    server, answers = answer_server
    isolated_config.write_text(
        f'[endpoints.odd]\nbase_url = "{server.url}/v1"\nmax_attempts = 1\ntimeout = 5\n'
        f'[endpoints.oddant]\nwire = "anthropic"\nbase_url = "{server.url}"\n'
        f'max_attempts = 1\ntimeout = 5\n')
    return answers


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


@st.composite
def openai_like(draw):
    """Answers shaped like a chat completion, with fields missing or of the wrong type."""
    message = draw(st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"content": json_values, "role": json_values})))
    choice = draw(st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"message": st.just(message), "finish_reason": json_values})))
    usage = draw(st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"prompt_tokens": json_values, "completion_tokens": json_values})))
    return draw(st.fixed_dictionaries({}, optional={
        "choices": st.one_of(json_values, st.lists(st.just(choice), max_size=2)),
        "usage": st.just(usage), "error": json_values}))


@st.composite
def anthropic_like(draw):
    block = draw(st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"type": st.one_of(st.just("text"), json_values), "text": json_values})))
    usage = draw(st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"input_tokens": json_values, "output_tokens": json_values})))
    return draw(st.fixed_dictionaries({}, optional={
        "content": st.one_of(json_values, st.lists(st.just(block), max_size=2)),
        "usage": st.just(usage), "stop_reason": json_values}))


def _encode(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode()


bodies = st.one_of(
    openai_like().map(_encode), anthropic_like().map(_encode), json_values.map(_encode),
    st.binary(max_size=200),
    st.sampled_from([b"", b"{", b"null", b"[]", b'{"choices": []}', b"NaN",
                     b'{"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":1e400}}',
                     b'{"content":[{"type":"text","text":"x"}],"usage":{"input_tokens":1e400}}',
                     b'{"choices":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                     b'{"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":'
                     + b"9" * 5000 + b"}}"]),
)
statuses = st.one_of(st.just(200), st.sampled_from([201, 299, 400, 401, 403, 404, 408, 409,
                                                    418, 422, 429, 500, 502, 503]))


@pytest.mark.timeout(120)
@FUZZ
@given(body=bodies, status=statuses, wire=st.sampled_from(["odd", "oddant"]))
def test_provider_answers_give_a_result_or_a_typed_error(answering, body, status, wire):
    answers = answering
    answers.next = (status, body, {"retry-after-ms": "1"})
    model_id = f"{wire}/m"
    try:
        result = models(model_id, "Hi")
    except ModelError as error:
        assert_clear(error, model_id)
        assert error.model_id == model_id
        assert status != 200 or isinstance(error, MalformedResponse), repr(error)
    else:
        assert status < 300 and isinstance(result, str)
        assert result.usage.prompt_tokens >= 0 and result.usage.completion_tokens >= 0
        assert result.finish_reason is None or isinstance(result.finish_reason, str)


# --------------------------------------------------------------------------- size and time

MB = 1024 * 1024


async def _huge_garbage(request: web.Request) -> web.Response:
    return web.Response(body=b"not json " * (50 * MB // 9), content_type="application/json")


async def _huge_text(request: web.Request) -> web.Response:
    body = b'{"choices":[{"message":{"content":"' + b"x" * (50 * MB) + b'"}}]}'
    return web.Response(body=body, content_type="application/json")


async def _huge_error(request: web.Request) -> web.Response:
    body = b'{"error":{"message":"' + b"overloaded " * (5 * MB) + b'"}}'
    return web.Response(body=body, status=503, content_type="application/json")


async def _drip_body(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    await response.prepare(request)
    for _ in range(600):  # a byte every 50 ms: 30 s for a 600-byte answer
        await response.write(b" ")
        await asyncio.sleep(0.05)
    return response


async def _no_headers(request: web.Request) -> web.Response:
    await asyncio.sleep(30)
    return web.Response(body=b"{}")


async def _short_body(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json",
                                           "Content-Length": "1000"})
    await response.prepare(request)
    await response.write(b'{"choices"')
    assert request.transport is not None
    request.transport.close()  # 10 of 1,000 promised bytes, then the connection ends
    return response


HANDLERS = {"huge-garbage": _huge_garbage, "huge-text": _huge_text,
            "huge-error": _huge_error, "drip": _drip_body, "no-headers": _no_headers,
            "short-body": _short_body}


@pytest.fixture
def slow_server(odd_server, isolated_config):
    server = odd_server({f"/{name}/v1/chat/completions": h for name, h in HANDLERS.items()})
    # The slow answers meet a 1 s timeout; the huge ones are about size, and moving 50 MB
    # took over 1 s on a loaded machine, so they get time enough.
    isolated_config.write_text("".join(
        f'[endpoints.{name}]\nbase_url = "{server.url}/{name}/v1"\nmax_attempts = 2\n'
        f"timeout = {30 if name.startswith('huge') else 1}\n" for name in HANDLERS))
    return server


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name, error", [
    ("huge-garbage", MalformedResponse),
    ("huge-error", ProviderUnavailable),
    ("drip", ProviderTimeout),        # 2 attempts x 1 s; the answer would take 30 s
    ("no-headers", ProviderTimeout),  # the headers would take 30 s
    ("short-body", ProviderConnectionError),
])
def test_huge_slow_and_broken_answers_end_in_a_clear_error(slow_server, name, error):
    with pytest.raises(error) as info:
        models(f"{name}/m", "Hi")
    assert_clear(info.value, f"{name}/m")
    assert len(str(info.value)) < 600  # a 50 MB body is shown as a short excerpt


@pytest.mark.timeout(60)
def test_a_50_mb_answer_arrives_whole(slow_server):
    result = models("huge-text/m", "Hi")
    assert len(result) == 50 * MB


@pytest.mark.timeout(30)
def test_an_answer_that_is_not_http_is_a_connection_error(isolated_config):
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1024)
        writer.write(b"SMTP ready\r\n\r\n\x00\xff garbage")
        await writer.drain()
        writer.close()

    loop = asyncio.new_event_loop()
    try:
        server = loop.run_until_complete(asyncio.start_server(serve, "127.0.0.1", 0))
        port = server.sockets[0].getsockname()[1]
        isolated_config.write_text(f'[endpoints.nothttp]\nbase_url = "http://127.0.0.1:{port}'
                                   f'/v1"\nmax_attempts = 2\ntimeout = 2\n')

        async def call():
            return await models.acall("nothttp/m", "Hi")

        with pytest.raises(ProviderConnectionError) as info:
            loop.run_until_complete(call())
        assert_clear(info.value, "nothttp/m", f"127.0.0.1:{port}")
        server.close()
        loop.run_until_complete(server.wait_closed())
    finally:
        loop.close()


# --------------------------------------------------------------------------- simulator requests

SIM_ROUTES = ["/v1/chat/completions"] * 4 + ["/v1/messages"] * 4 + [
    "/v1/nope", "/v1/messages/batches", "/v1/models", "/"]
DEEP_JSON = b"[" * 50_000 + b"]" * 50_000
sim_messages = st.fixed_dictionaries({}, optional={
    "role": st.one_of(st.sampled_from(["user", "assistant", "system"]), json_values),
    "content": st.one_of(TEXT, json_values, st.lists(st.fixed_dictionaries({}, optional={
        "type": st.one_of(st.just("text"), json_values), "text": json_values}), max_size=2)),
})
sim_numbers = st.one_of(st.integers(-10, 10**6), st.floats(), json_values)
# A request shaped like a chat call with fields missing or of the wrong type. No
# `latency` key: that simulator extension is honoured, and would only make the fuzz slow.
sim_requests = st.fixed_dictionaries({}, optional={
    "model": st.one_of(st.sampled_from(["gpt", "claude"]), json_values),
    "messages": st.one_of(st.lists(sim_messages, min_size=1, max_size=3), json_values),
    "max_tokens": sim_numbers, "max_completion_tokens": sim_numbers,
    "temperature": sim_numbers, "seed": sim_numbers, "n": sim_numbers,
    "stream": st.one_of(st.booleans(), json_values), "stream_options": json_values,
    "stop": st.one_of(TEXT, st.lists(TEXT, max_size=2), json_values),
    "stop_sequences": st.one_of(st.lists(TEXT, max_size=2), json_values),
    "system": st.one_of(TEXT, json_values),
})
sim_bodies = st.one_of(
    sim_requests.map(_encode), json_values.map(_encode), st.binary(max_size=300),
    st.sampled_from([b"", b"NaN", b"1e999", b"\xef\xbb\xbf{}", DEEP_JSON,
                     b'{"model": "gpt", "messages": ' + DEEP_JSON + b"}",
                     b'{"model": "gpt", "messages": [{"role": "user", "content": "\\ud800"}]}',
                     b'{"model": "gpt", "messages": [{"role": "user", "content": "hi"}], '
                     b'"seed": ' + b"9" * 5000 + b"}"]),
)


def _check_sim_answer(path: str, status: int, ctype: str, text: str) -> None:
    assert 200 <= status < 500, (status, text[:300])
    if status < 300 and ctype.startswith("text/event-stream"):
        return  # a streamed answer: stream=true on a good request
    assert ctype.startswith("application/json"), (status, ctype, text[:300])
    body = json.loads(text)
    if status < 300:
        return
    if "/messages" in path:
        assert body["type"] == "error" and isinstance(body["error"]["type"], str), body
        assert isinstance(body["error"]["message"], str), body
    else:
        assert isinstance(body["error"]["message"], str), body
        assert body["error"]["type"] == "invalid_request_error", body


@pytest.fixture
def fuzzed_sim(make_server):
    """One simulator for all of a test's examples (64 KiB bodies: the 413 path is hit too)."""
    return make_server(max_body=64 * 1024)


@pytest.mark.timeout(180)
@FUZZ
@given(body=sim_bodies, path=st.sampled_from(SIM_ROUTES))
def test_simulator_answers_every_request_with_json_and_never_a_5xx(fuzzed_sim, body, path):
    request = urllib.request.Request(fuzzed_sim.url + path, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, ctype, text = (response.status, response.headers.get("Content-Type", ""),
                                   response.read().decode())
    except urllib.error.HTTPError as error:
        status, ctype, text = (error.code, error.headers.get("Content-Type", ""),
                               error.read().decode())
    _check_sim_answer(path, status, ctype, text)


# --------------------------------------------------------------------------- chat messages

parts = st.one_of(
    st.fixed_dictionaries({"type": st.just("text"), "text": TEXT}),
    st.fixed_dictionaries({"type": st.just("image_url"),
                           "image_url": st.fixed_dictionaries({"url": TEXT})}),
    st.fixed_dictionaries({"type": st.just("image"), "source": st.fixed_dictionaries(
        {"type": st.just("base64"), "media_type": st.just("image/png"), "data": TEXT})}),
    st.fixed_dictionaries({}, optional={
        "type": st.one_of(st.sampled_from(["text", "image_url", "image", "audio"]),
                          json_values),
        "text": json_values, "image_url": json_values, "source": json_values}),
    json_values,
)
chat_messages = st.lists(st.fixed_dictionaries({
    "role": st.sampled_from(["user", "assistant", "system"]),
    "content": st.one_of(TEXT, st.lists(parts, max_size=4), json_values),
}), min_size=1, max_size=3)


@pytest.fixture
def parity_sim(endpoint) -> str:
    """One simulator server for all of a test's examples; returns its endpoint name."""
    return endpoint("parity")[0]


@pytest.mark.timeout(180)
@FUZZ
@given(messages=chat_messages)
def test_sim_messages_give_the_servers_text_or_a_typed_error(parity_sim, messages):
    """The in-process `sim/` answers what the simulator server answers, or refuses the
    messages (before any I/O, on both paths) with an `InvalidMessage` naming the message."""
    try:
        local = models("sim/gpt", messages, latency=0)
    except InvalidMessage as error:
        assert_clear(error, f"messages[{error.index}]", "Fix", given=messages)
        return
    assert local.text == models(f"{parity_sim}/gpt", messages).text


# --------------------------------------------------------------------------- missing keys


def _one_missing_key(error: BaseException, env: str) -> None:
    assert type(error) is MissingAPIKey, repr(error)[:300]
    assert f"export {env}=" in str(error) and "sim/" in str(error), str(error)


@pytest.mark.timeout(60)
def test_an_ensemble_without_keys_says_so_once():
    from ember.operators import Ensemble

    with pytest.raises(MissingAPIKey) as info:
        Ensemble("openai/gpt-4o", n=5)("Hi")
    _one_missing_key(info.value, "OPENAI_API_KEY")

    def member(prompt):  # a callable that calls the model itself: the first error comes out
        return models("anthropic/claude-sonnet-4", prompt)

    with pytest.raises(MissingAPIKey) as info:
        Ensemble([member] * 4)("Hi")
    _one_missing_key(info.value, "ANTHROPIC_API_KEY")

    # Different errors: the first comes out as it is (Ember's one failure policy), not a
    # group; the other member is cancelled.
    async def keyed(prompt):
        return await models.acall("anthropic/claude-sonnet-4", prompt)

    async def broken(prompt):
        raise ZeroDivisionError(prompt)

    with pytest.raises((MissingAPIKey, ZeroDivisionError)) as first:
        Ensemble([keyed, broken])("Hi")
    assert not isinstance(first.value, BaseExceptionGroup)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("system", ["5E@openai/gpt-4o,1J@openai/gpt-4o", "openai/gpt-4o",
                                    "3E@sim/gpt(latency=0),1J@openai/gpt-4o"])
def test_ember_eval_without_keys_says_which_variable_to_set(tmp_path, system):
    import subprocess
    import sys

    data = tmp_path / "data.jsonl"
    data.write_text('{"query": "a", "answer": "b"}\n{"query": "c", "answer": "d"}\n')
    for extra in ([], ["--raise-errors"]):
        out = subprocess.run(
            [sys.executable, "-m", "ember.cli", "eval", system, str(data), "--no-progress",
             "--record", str(tmp_path / f"run{len(extra)}.db"), *extra],
            capture_output=True, text=True, timeout=50, cwd=tmp_path,
            env={**os.environ, "PYTHONWARNINGS": "ignore"})
        assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ember: "), out.stderr
        assert "OPENAI_API_KEY" in lines[0] and "sim/" in lines[0], lines[0]
        assert not (tmp_path / f"run{len(extra)}.db").exists()  # nothing ran, nothing recorded
