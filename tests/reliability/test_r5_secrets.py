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
import logging
import pickle
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
