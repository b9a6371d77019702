"""R5 secrets: a sentinel API key never shows anywhere Ember writes or raises.

One test drives every path a key could escape through (successes, 401s with the key
echoed back, 500s, timeouts, refused connections, malformed answers, redirects, a jitted
function, a NON graph, an evaluation with a record file, OpenTelemetry spans) and then
searches everything those paths produced: log records at DEBUG from every logger
(Ember's, aiohttp's, asyncio's), everything printed to stdout/stderr, reprs, exceptions
(str, repr, args, ``__notes__``, attributes, tracebacks, causes, groups), ``explain``
output in every format, spans (names, attributes, events, status) and eval records
(the record file's bytes).
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import re
import socket
import struct
import threading
import traceback
from typing import Any

import pytest
from aiohttp import web

from ember import xcs
from ember.errors import (
    AuthenticationFailed,
    BadRequest,
    EmberError,
    MalformedResponse,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
)
from ember.models import _config, _registry, models
from ember.models._wire import WIRES

SENTINEL = "sk-SENTINEL-R5-0123456789abcdefXYZ"
# Pieces a provider might echo ("sk-SENTINEL-R5...XYZ"), or a log might cut the key to.
PIECES = (SENTINEL, SENTINEL[:14], SENTINEL[-14:], "SENTINEL-R5", "0123456789abcdef")


def leaks(text: object) -> list[str]:
    shown = text if isinstance(text, str) else repr(text)
    if isinstance(text, bytes):
        shown = text.decode("utf-8", "replace")
    return [p for p in PIECES if p in shown]


def assert_hidden(where: str, text: object) -> None:
    found = leaks(text)
    if found:
        shown = text if isinstance(text, str) else repr(text)
        at = shown.find(found[0])
        raise AssertionError(f"the key leaked in {where}: ...{shown[max(0, at - 120):at + 60]}...")


def exception_texts(exc: BaseException, seen: set[int] | None = None) -> list[tuple[str, Any]]:
    """Everything an exception shows, through its causes, contexts and group members."""
    seen = set() if seen is None else seen
    if id(exc) in seen:
        return []
    seen.add(id(exc))
    name = type(exc).__name__
    out: list[tuple[str, Any]] = [
        (f"str({name})", str(exc)), (f"repr({name})", repr(exc)), (f"{name}.args", exc.args),
        (f"{name}.__notes__", getattr(exc, "__notes__", [])),
        (f"traceback of {name}", "".join(traceback.format_exception(exc))),
    ]
    try:
        attributes = vars(exc)
    except TypeError:
        attributes = {}
    out += [(f"{name}.{k}", v) for k, v in attributes.items()]
    for inner in (exc.__cause__, exc.__context__, *getattr(exc, "exceptions", ())):
        if inner is not None:
            out += exception_texts(inner, seen)
    return out


class Evidence:
    """Everything produced along the way, searched at the end."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Any]] = []

    def add(self, where: str, value: Any) -> None:
        self.items.append((where, value))

    def error(self, error: BaseException) -> None:
        self.items += exception_texts(error)

    def check(self) -> None:
        for where, value in self.items:
            assert_hidden(where, value)


@pytest.fixture
def evidence(caplog, capfd):
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates to it
    for name in ("aiohttp", "aiohttp.client", "aiohttp.server", "asyncio", "ember"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    found = Evidence()
    yield found
    for record in caplog.records:
        found.add(f"log record {record.name}", record.getMessage())
        found.add(f"log record {record.name} args", record.args)
        if record.exc_info and record.exc_info[1] is not None:
            found.error(record.exc_info[1])
    found.add("caplog text", caplog.text)
    out, err = capfd.readouterr()
    found.add("stdout", out)
    found.add("stderr", err)
    found.check()
    for name in ("aiohttp", "aiohttp.client", "aiohttp.server", "asyncio", "ember"):
        logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.fixture
def spans():
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from ember import telemetry

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    telemetry.enable(provider)
    try:
        yield exporter
    finally:
        telemetry.disable()
        provider.shutdown()


def echo_server(odd_server):
    """Answers that quote the key back: in a 401, a 400, a 500 and a malformed 200."""
    async def echo(request: web.Request) -> web.Response:
        key = request.headers.get("Authorization", "").removeprefix("Bearer ") or \
            request.headers.get("x-api-key", "")
        prompt = (await request.json())["messages"][-1]["content"]
        status = {"e401": 401, "e400": 400, "e500": 500}.get(prompt, 200)
        quoted = f"Incorrect API key provided: {key[:8]}****{key[-4:]} (full: {key})"
        if status == 200:  # not the JSON we expect, with the key in it
            return web.Response(body=f"<html>{quoted}</html>".encode(), status=200)
        return web.json_response({"error": {"message": quoted, "key": key}}, status=status,
                                 headers={"x-echo-key": key, "retry-after-ms": "1"})

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPTemporaryRedirect(location=f"{thief.url}/v1/messages?key=sk-stolen-"
                                                 "0000000000")

    stolen: list[dict[str, str]] = []

    async def catch(request: web.Request) -> web.Response:
        stolen.append(dict(request.headers))
        return web.json_response({"content": [{"type": "text", "text": "stolen"}]})

    thief = odd_server({"/v1/messages": catch})
    server = odd_server({"/v1/chat/completions": echo, "/v1/messages": redirect})
    return server, stolen


@pytest.mark.timeout(90)
def test_the_key_never_shows(evidence, spans, endpoint, odd_server, monkeypatch, tmp_path):
    monkeypatch.setenv("R5_KEY", SENTINEL)
    # A keyed endpoint that answers, one that refuses the key, one failing with 500s, one
    # that hangs, one with the key in the config file, one where nothing listens.
    name, server = endpoint("keyed", sim=dict(api_key=SENTINEL, latency=0.01),
                            api_key_env="R5_KEY")
    endpoint("wrongkey", sim=dict(api_key="sk-the-right-one-000000"), api_key_env="R5_KEY")
    endpoint("fails", sim=dict(api_key=SENTINEL, fail_500=1.0, retry_after=0.01),
             api_key_env="R5_KEY", max_attempts=2)
    endpoint("hangs", sim=dict(api_key=SENTINEL, hang=1.0, hang_s=5.0), api_key_env="R5_KEY",
             max_attempts=2, timeout=0.3)
    endpoint("infile", server=server, api_key=SENTINEL)
    echo, stolen = echo_server(odd_server)

    class At:  # the endpoint fixture reads the base URL off the server object
        def __init__(self, url: str) -> None:
            self.openai_base_url = url + "/v1"
            self.anthropic_base_url = url

    endpoint("echo", server=At(echo.url), api_key_env="R5_KEY", max_attempts=2)
    endpoint("echoant", server=At(echo.url), wire="anthropic", api_key_env="R5_KEY")
    endpoint("nobody", server=At("http://127.0.0.1:9"), api_key_env="R5_KEY", max_attempts=2)

    # Successes, sync and async, through bindings and the facade.
    binding = models.instance("keyed/gpt", temperature=0)
    evidence.add("repr(binding)", repr(binding))
    evidence.add("pickled binding", pickle.dumps(binding))
    assert binding("Hi").startswith("[gpt]")
    assert models("infile/gpt", "Hi").startswith("[gpt]")
    assert asyncio.run(models.acall("keyed/gpt", "Hi")).startswith("[gpt]")

    # Every failure.
    failures = {
        "wrongkey/gpt": (AuthenticationFailed, "Hi"), "fails/gpt": (ProviderUnavailable, "Hi"),
        "hangs/gpt": (ProviderTimeout, "Hi"), "nobody/gpt": (ProviderConnectionError, "Hi"),
        "echo/gpt": (MalformedResponse, "ok"), "echo/x": (AuthenticationFailed, "e401"),
        "echo/y": (BadRequest, "e400"), "echo/z": (ProviderUnavailable, "e500"),
        "echoant/claude": (ProviderError, "Hi"),
    }
    for model_id, (error, prompt) in failures.items():
        with pytest.raises(error) as info:
            models(model_id, prompt)
        evidence.error(info.value)
    assert stolen == [], "a redirect carried the key to another host"

    # Reprs of everything that holds the key.
    config = _config.current()
    evidence.add("repr(config)", repr(config))
    evidence.add("str(settings)", str(config.get("infile")))
    for prefix in ("keyed", "infile", "echoant"):
        provider = _registry.lookup(prefix, prefix)
        evidence.add(f"repr(provider {prefix})", repr(provider))
        evidence.add(f"repr(endpoint {prefix})", repr(provider._cached))

    # A jitted function over the keyed endpoint: runs, fails, explains itself.
    @xcs.jit
    def pipeline(q):
        a = models("keyed/gpt", q)
        b = models("keyed/claude", q + "?")
        return models("keyed/judge", f"{a} | {b}")

    @xcs.jit
    def failing(q):
        a = models("keyed/gpt", q)
        b = models("wrongkey/gpt", q)
        return a + b

    assert pipeline("Hi").startswith("[judge]")
    with pytest.raises(AuthenticationFailed) as info:
        failing("Hi")
    evidence.error(info.value)
    for f in (pipeline, failing):
        explanation = xcs.explain(f)
        for form in ("to_text", "to_dot", "to_html", "to_mermaid"):
            evidence.add(f"{f.__name__}.explain().{form}()", getattr(explanation, form)())
        evidence.add(f"repr(explain({f.__name__}))", repr(explanation))
        evidence.add(f"jit stats of {f.__name__}", xcs.get_jit_stats(f))

    # Explicit parallel APIs may group failures together.
    with pytest.raises(BaseException) as info:
        xcs.parallel_map(lambda m: models(m, "Hi"), ["keyed/gpt", "wrongkey/gpt", "fails/gpt"])
    evidence.error(info.value)

    # A NON graph over the keyed endpoint.
    from ember.non import build_graph

    graph = build_graph(["2E@keyed/gpt", "1J@keyed/judge"])
    answer = graph(query="Hi")
    evidence.add("NON answer", repr(answer))
    graph_explanation = graph.explain()
    for form in ("to_text", "to_dot", "to_mermaid"):
        evidence.add(f"graph.explain().{form}()", getattr(graph_explanation, form)())
    evidence.add("repr(graph)", repr(graph))

    # An evaluation recorded to a file, with items that fail on the wrong key.
    from ember.api import eval

    def system(q: str) -> str:
        return models("wrongkey/gpt" if q.endswith("3") else "keyed/gpt", q)

    rows = [{"question": f"q{i}", "answer": "x"} for i in range(6)]
    record = tmp_path / "r5-record.db"
    result = eval.evaluate(system, rows, "exact", record=str(record), progress=False)
    assert len(result.errors) == 1
    evidence.add("eval result", str(result))
    evidence.add("eval records", repr(result.records))
    for path in tmp_path.iterdir():  # the record and anything written next to it
        if path.is_file():
            evidence.add(f"file {path.name}", path.read_bytes())
    evidence.add("read_record", repr(eval.read_record(str(record)).records))

    # Spans: names, attributes, events (exceptions), status.
    finished = spans.get_finished_spans()
    assert finished, "telemetry was on: there should be spans"
    for span in finished:
        evidence.add(f"span {span.name}", span.to_json())

    # Server side: the simulator's own counters and stats carry no key either.
    evidence.add("server stats", server.stats())
    assert isinstance(info.value, BaseException)
    assert issubclass(ProviderError, EmberError)


# --------------------------------------------------------------------------- attacker matrix
#
# A canary key that is not shaped like a key (so scrubbing "sk-..." words cannot hide it),
# sent to servers that misbehave in every way we know, over every wire Ember speaks.

CANARY = "CanaryQ7xV9Lm2Vb8Rt5Kw3Zp4Hs"
CANARY_ENV = "R5_CANARY_TOKEN"  # not named like a key: only the Secret can scrub it
PIECES += (CANARY, CANARY[:10], CANARY[-10:], CANARY[9:19])
HANG_TIMEOUT = 0.5  # seconds per attempt for the cases that never answer


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    """One HTTP request's bytes (head and body), as the client sent them."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return head + (await reader.readexactly(int(length.group(1))) if length else b"")


def _credential(request: bytes) -> bytes:
    """The key as the client sent it (whichever wire's header)."""
    found = re.search(rb"(?im)^(?:authorization: bearer|x-api-key:|x-goog-api-key:|api-key:)"
                      rb" *([^\r\n]+)", request)
    return found.group(1) if found else b"?"


def _reply(status: str, body: bytes, *headers: bytes) -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
            .encode() + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (RST), not a clean FIN."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _until_client_leaves(reader: asyncio.StreamReader) -> None:
    while await reader.read(4096):
        pass


async def _fault(kind: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer one connection the way fault `kind` says (see FAULTS)."""
    if kind == "tls-to-plain":  # the client speaks TLS; a plain HTTP server answers
        await reader.read(4096)
        writer.write(_reply("400 Bad Request", b"plain HTTP here"))
        await writer.drain()
        writer.close()
        return
    request = await _read_request(reader)
    key = _credential(request)
    echo = json.dumps({"error": {"message": f"bad key {key.decode()}"},
                       "request": request.decode("latin-1")}).encode()
    if kind == "reset":
        _reset(writer)
        return
    if kind == "reset-mid-answer":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + echo[:200])
        await writer.drain()
        _reset(writer)
        return
    if kind in ("hang", "hang-mid-answer"):
        if kind == "hang-mid-answer":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + echo[:200])
        await _until_client_leaves(reader)
        writer.close()
        return
    writer.write({
        "garbage": b"\x00\xff\xfe garbage " + request + b"\r\n\r\n",
        "bad-status-line": b"HTTP/1.1 2OO " + key + b"\r\n\r\n",
        "bad-header": b"HTTP/1.1 200 OK\r\nX-Echo " + key + b"\r\n\r\n",  # no colon
        "tls-reply": b"\x15\x03\x03\x00\x02\x02\x28" + key,  # a TLS alert, then the key
        "401-echo": _reply("401 Unauthorized", echo, b"WWW-Authenticate: Bearer " + key),
        "403-echo": _reply("403 Forbidden", request, b"X-Echo: " + key),
        "500-echo": _reply("500 Internal Server Error", request),
        "200-not-json": _reply("200 OK", b"<html>" + request + b"</html>"),
    }[kind])
    await writer.drain()
    writer.close()


class FaultServer:
    """A raw TCP server on 127.0.0.1 misbehaving as fault `kind`, on its own loop and thread."""

    def __init__(self, kind: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fault-server",
                                       daemon=True)
        self.thread.start()
        self.writers: set[asyncio.StreamWriter] = set()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.writers.add(writer)
            try:
                await _fault(kind, reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass  # the client gave up first
            finally:
                self.writers.discard(writer)

        async def start() -> asyncio.Server:
            return await asyncio.start_server(handle, "127.0.0.1", 0)

        self.server = asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]

    def close(self) -> None:
        async def stop() -> None:
            self.server.close()
            for writer in list(self.writers):
                writer.transport.abort()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# fault -> the error it must end in. One entry per way a server can misbehave.
FAULTS: dict[str, type[EmberError]] = {
    "refused": ProviderConnectionError,
    "reset": ProviderConnectionError,
    "reset-mid-answer": ProviderConnectionError,
    "garbage": ProviderConnectionError,
    "bad-status-line": ProviderConnectionError,
    "bad-header": ProviderConnectionError,
    "tls-reply": ProviderConnectionError,
    "tls-to-plain": ProviderConnectionError,
    "401-echo": AuthenticationFailed,
    "403-echo": AuthenticationFailed,
    "500-echo": ProviderUnavailable,
    "200-not-json": MalformedResponse,
    "hang": ProviderTimeout,
    "hang-mid-answer": ProviderTimeout,
}
# Every wire Ember speaks (a wire added later joins the matrix by registering itself).
MATRIX = [(wire, fault) for wire in sorted(WIRES) for fault in FAULTS]


@pytest.fixture
def faulty(isolated_config, monkeypatch):
    """``faulty(wire, fault, max_attempts)`` -> the model id of an endpoint keyed with the
    canary whose server misbehaves as `fault`."""
    monkeypatch.setenv(CANARY_ENV, CANARY)
    servers: list[FaultServer] = []

    def make(wire: str, fault: str, max_attempts: int = 2) -> str:
        if fault == "refused":
            base = f"http://127.0.0.1:{_closed_port()}"
        else:
            servers.append(FaultServer(fault))
            scheme = "https" if fault == "tls-to-plain" else "http"
            base = f"{scheme}://127.0.0.1:{servers[-1].port}"
        isolated_config.write_text(
            f'[endpoints.leak]\nwire = "{wire}"\nbase_url = "{base}"\n'
            f'api_key_env = "{CANARY_ENV}"\nmax_attempts = {max_attempts}\n'
            f"timeout = {HANG_TIMEOUT}\n")
        return "leak/m"

    yield make
    for server in servers:
        server.close()


def _formatted_chain(exc: BaseException, seen: set[int] | None = None) -> list[tuple[str, str]]:
    """Each exception of the chain formatted on its own, as a logger or a UI might."""
    seen = set() if seen is None else seen
    if exc is None or id(exc) in seen:
        return []
    seen.add(id(exc))
    name = type(exc).__name__
    out = [(f"format_exception_only({name})", "".join(traceback.format_exception_only(exc))),
           (f"format_tb({name})", "".join(traceback.format_tb(exc.__traceback__)))]
    return out + _formatted_chain(exc.__cause__, seen) + _formatted_chain(exc.__context__, seen)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("wire", "fault"), MATRIX)
def test_no_fault_shows_the_canary_in_the_error_or_logs(evidence, faulty, wire, fault):
    model_id = faulty(wire, fault)
    with pytest.raises(FAULTS[fault]) as info:
        models(model_id, "Hi", timeout=HANG_TIMEOUT)
    error = info.value
    evidence.error(error)  # str, repr, args, attributes, traceback; causes and contexts
    evidence.items += _formatted_chain(error)
    # Nothing a user can reach from the error holds the backend's exception: its request
    # info carries the headers, key included.
    assert error.__cause__ is None and error.__context__ is None, (
        repr(error.__cause__), repr(error.__context__))
    assert error.model_id == model_id


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("wire", "fault"), MATRIX)
def test_no_fault_shows_the_canary_when_streaming(evidence, faulty, wire, fault):
    """The same faults met by `models.stream`: its errors cross the same boundary."""
    model_id = faulty(wire, fault)
    with pytest.raises(FAULTS[fault]) as info:
        list(models.stream(model_id, "Hi", timeout=HANG_TIMEOUT))
    error = info.value
    evidence.error(error)
    evidence.items += _formatted_chain(error)
    assert error.__cause__ is None and error.__context__ is None, (
        repr(error.__cause__), repr(error.__context__))
    assert error.model_id == model_id


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("wire", "fault"), MATRIX)
def test_no_fault_shows_the_canary_on_any_path(evidence, spans, faulty, tmp_path, wire, fault):
    """The failing call made by a jitted function (and its explain()), in spans, in an
    evaluation's record and in `ember eval --raise-errors` output."""
    from ember.cli import main

    model_id = faulty(wire, fault, max_attempts=1)

    @xcs.jit
    def pipeline(q):
        a = models("sim/gpt", q, latency=0)
        return models(model_id, a)

    with pytest.raises(FAULTS[fault]) as info:
        pipeline("Hi")
    evidence.error(info.value)
    explanation = xcs.explain(pipeline)
    for form in ("to_text", "to_dot", "to_html", "to_mermaid"):
        evidence.add(f"explain().{form}()", getattr(explanation, form)())

    dataset = tmp_path / "data.jsonl"
    dataset.write_text('{"question": "Hi", "answer": "x"}\n')
    record = tmp_path / "run.db"
    code = main(["eval", model_id, str(dataset), "--record", str(record), "--raise-errors",
                 "--no-progress"])
    assert code == 1
    for path in tmp_path.iterdir():  # the record, its WAL, anything written next to it
        evidence.add(f"file {path.name}", path.read_bytes())

    finished = spans.get_finished_spans()
    assert any(s.status.status_code.name == "ERROR" for s in finished)
    for span in finished:
        evidence.add(f"span {span.name}", span.to_json())


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fault", ["bad-status-line", "garbage", "401-echo"])
@pytest.mark.parametrize("prefix", ["openai", "anthropic"])
def test_the_builtin_providers_hide_the_canary_too(evidence, isolated_config, monkeypatch,
                                                   prefix, fault):
    """``openai/`` and ``anthropic/`` with their own variables (``OPENAI_API_KEY``, ...)."""
    server = FaultServer(fault)
    try:
        upper = prefix.upper()
        monkeypatch.setenv(f"{upper}_API_KEY", CANARY)
        monkeypatch.setenv(f"{upper}_BASE_URL", f"http://127.0.0.1:{server.port}")
        isolated_config.write_text(f"[providers.{prefix}]\nmax_attempts = 2\n")
        with pytest.raises(FAULTS[fault]) as info:
            models(f"{prefix}/some-model", "Hi")
    finally:
        server.close()
    evidence.error(info.value)
    evidence.items += _formatted_chain(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None
