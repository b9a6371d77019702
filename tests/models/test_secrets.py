"""API keys never show: not in logs (any level), reprs, error strings, args or tracebacks."""

from __future__ import annotations

import io
import logging
import os
import stat
import traceback
from pathlib import Path

import pytest
from aiohttp import web

from ember._core import Secret, known_secrets, redact
from ember.errors import (
    AuthenticationFailed,
    BadRequest,
    ConfigError,
    EmberError,
    InvalidParameter,
    MalformedResponse,
    ProviderTimeout,
    ProviderUnavailable,
)
from ember.eval import read_record
from ember.models import Provider, _config, _registry, models, register_provider

SENTINEL = "sk-SENTINEL-abc123def456ghi789"
# Pieces a provider might echo back ("sk-SENTI...i789").
PIECES = (SENTINEL, SENTINEL[:12], SENTINEL[-12:], "SENTINEL-abc",
          "PlainKeyW3x8Zq1Lm5Vb9Rt2Kp7N")


def assert_hidden(*texts: object) -> None:
    for text in texts:
        shown = text if isinstance(text, str) else repr(text)
        for piece in PIECES:
            assert piece not in shown, f"key leaked in: {shown[:300]}"


def assert_error_hides_key(exc: BaseException) -> None:
    assert_hidden(str(exc), repr(exc), exc.args, "".join(traceback.format_exception(exc)))
    for value in vars(exc).values():
        assert_hidden(value)
    cause = exc.__cause__
    while cause is not None:
        assert_hidden(str(cause), repr(cause), cause.args)
        cause = cause.__cause__


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)  # the root logger: Ember's, aiohttp's, asyncio's
    yield caplog
    assert_hidden(caplog.text)
    for record in caplog.records:
        assert_hidden(record.getMessage(), record.args)


@pytest.fixture
def keyed_endpoint(endpoint, monkeypatch):
    """An endpoint whose key (the sentinel) comes from an env var."""
    monkeypatch.setenv("SENTINEL_KEY", SENTINEL)

    def make(name: str, **kw):
        return endpoint(name, api_key_env="SENTINEL_KEY", **kw)

    return make


def test_secret_wrapper_never_shows_its_value():
    key = Secret(SENTINEL)
    assert_hidden(repr(key), str(key), f"{key}", f"{key!r:>40}", [key], {"k": key})
    assert key.reveal() == SENTINEL
    assert key == Secret(SENTINEL) and hash(key) == hash(Secret(SENTINEL))
    assert key.redact(f"bad key {SENTINEL[:14]}****{SENTINEL[-4:]}!") == "bad key ***!"


def test_401_with_the_sentinel_key(keyed_endpoint, debug_logs):
    name, server = keyed_endpoint("auth401", sim=dict(api_key="sk-the-right-one-0000"))
    binding = models.instance(f"{name}/gpt", temperature=0)
    with pytest.raises(AuthenticationFailed) as info:
        binding("Hi")
    assert info.value.status == 401
    assert "SENTINEL_KEY" in str(info.value)  # names the variable to check
    assert_error_hides_key(info.value)
    assert_hidden(repr(binding), repr(_config.current()), repr(_registry.lookup(name, name)))
    provider = _registry.lookup(name, name)
    assert_hidden(repr(provider._cached), repr(provider._cached[1]))


def test_builtin_openai_key_from_env_is_hidden(make_server, monkeypatch, debug_logs):
    server = make_server(api_key="sk-the-right-one-0000")
    monkeypatch.setenv("OPENAI_BASE_URL", server.openai_base_url)
    monkeypatch.setenv("OPENAI_API_KEY", SENTINEL)
    with pytest.raises(AuthenticationFailed) as info:
        models("openai/gpt-4o", "Hi")
    assert "OPENAI_API_KEY" in str(info.value)
    assert_error_hides_key(info.value)
    settings = _config.current().get("openai")
    assert settings.api_key.reveal() == SENTINEL
    assert_hidden(repr(settings), str(settings), repr(_config.current()))


def test_500_after_retries(keyed_endpoint, debug_logs):
    name, _ = keyed_endpoint("fail500", sim=dict(api_key=SENTINEL, fail_500=1.0), max_attempts=3)
    with pytest.raises(ProviderUnavailable) as info:
        models(f"{name}/gpt", "Hi")
    assert_error_hides_key(info.value)
    assert "attempt 2/3 failed (HTTP 500)" in debug_logs.text  # retries are logged...


def test_timeouts(keyed_endpoint, debug_logs):
    name, _ = keyed_endpoint("hang", sim=dict(api_key=SENTINEL, hang=1.0, hang_s=5.0),
                             max_attempts=2)
    with pytest.raises(ProviderTimeout) as info:
        models(f"{name}/gpt", "Hi", timeout=0.1)
    assert_error_hides_key(info.value)


@pytest.fixture
def echo_server(tiny_server):
    """A hostile server that echoes the request headers back in every answer."""

    def echo(status: int, valid: bool):
        async def handler(request):
            headers = dict(request.headers)
            if valid:
                return web.json_response({"choices": [], "echo": headers}, status=status)
            return web.Response(text=f"oops {headers}", status=status)

        return handler

    return tiny_server({
        "/malformed/chat/completions": echo(200, True),
        "/notjson/chat/completions": echo(200, False),
        "/bad/chat/completions": echo(400, False),
        "/denied/chat/completions": echo(401, True),
        "/down/chat/completions": echo(503, False),
        "/anthropic/v1/messages": echo(400, True),
    })


@pytest.mark.parametrize(
    ("route", "wire", "error"),
    [
        ("malformed", "openai", MalformedResponse),
        ("notjson", "openai", MalformedResponse),
        ("bad", "openai", BadRequest),
        ("denied", "openai", AuthenticationFailed),
        ("down", "openai", ProviderUnavailable),
        ("anthropic", "anthropic", BadRequest),
    ],
)
def test_echoed_keys_are_scrubbed_from_errors(echo_server, write_config, monkeypatch,
                                              debug_logs, route, wire, error):
    monkeypatch.setenv("SENTINEL_KEY", SENTINEL)
    write_config(endpoints={"echo": {"wire": wire, "base_url": f"{echo_server}/{route}",
                                     "api_key_env": "SENTINEL_KEY", "max_attempts": 2}})
    with pytest.raises(error) as info:
        models("echo/gpt", "Hi")
    assert_error_hides_key(info.value)


def test_key_in_the_config_file_stays_hidden(write_config, make_server, debug_logs):
    server = make_server(api_key="sk-the-right-one-0000")
    path = write_config(endpoints={"filekey": {"base_url": server.openai_base_url,
                                               "api_key": SENTINEL}})
    with pytest.raises(AuthenticationFailed) as info:
        models("filekey/gpt", "Hi")
    assert str(path) in str(info.value)  # the fix says where the key came from
    assert_error_hides_key(info.value)
    assert_hidden(repr(_config.current()))
    # A config error in the same section does not show the key either.
    path.write_text(f'[endpoints.filekey]\nbase_url = "nope"\napi_key = "{SENTINEL}"\n')
    with pytest.raises(ConfigError) as cfg:
        models("filekey/gpt", "Hi")
    assert_error_hides_key(cfg.value)
    path.write_text(f'[endpoints.filekey]\nbase_url = "http://h"\napi_key = ["{SENTINEL}"]\n')
    with pytest.raises(ConfigError) as cfg:
        models("filekey/gpt", "Hi")
    assert "api_key" in str(cfg.value)
    assert_error_hides_key(cfg.value)


def test_a_key_passed_as_a_parameter_is_refused_without_echo():
    for call in (lambda: models("sim/gpt", "Hi", api_key=SENTINEL),
                 lambda: models.instance("sim/gpt", api_key=SENTINEL)):
        with pytest.raises(InvalidParameter) as info:
            call()
        assert "api_key" in str(info.value)
        assert_error_hides_key(info.value)


def test_every_error_class_is_an_ember_error():
    assert all(issubclass(e, EmberError) for e in (
        AuthenticationFailed, BadRequest, MalformedResponse, ProviderTimeout,
        ProviderUnavailable, InvalidParameter, ConfigError))


# --------------------------------------------------------------------------- one redaction

# A key not shaped like one ("sk-..."), from a variable named like a key: only knowing the
# key itself can scrub it.
PLAIN_KEY = "PlainKeyW3x8Zq1Lm5Vb9Rt2Kp7N"


def test_redact_scrubs_every_known_key_and_pieces_of_it(monkeypatch):
    monkeypatch.setenv("SOME_SERVICE_API_KEY", PLAIN_KEY)
    Secret("from-the-config-file-123456")
    text = (f"full {PLAIN_KEY}, echoed {PLAIN_KEY[:9]}****{PLAIN_KEY[-4:]}, "
            "file from-the-config-file-123456, shaped sk-abcdef123456")
    assert redact(text) == "full ***, echoed ***, file ***, shaped ***"
    assert redact("shaped sk-abcdef123456", shapes=False) == "shaped sk-abcdef123456"
    assert PLAIN_KEY in known_secrets()


# --------------------------------------------------------------------------- file modes


@pytest.fixture
def open_umask():
    """A umask of 0: a file is private only if Ember asked for it, not by the user's umask."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_record_and_its_wal_are_created_0600(tmp_path, open_umask):
    from ember.api import eval

    record = tmp_path / "run.db"
    eval.evaluate(lambda q: models("sim/gpt", q, latency=0), [{"question": "Hi", "answer": "x"}],
                  "exact", record=str(record), progress=False)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert "run.db" in made
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path.name, oct(path.stat().st_mode))


def test_the_config_file_holding_a_key_is_created_0600(isolated_config, monkeypatch, capsys,
                                                     open_umask):
    from ember.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(PLAIN_KEY + "\n"))
    assert main(["configure", "--provider", "openai", "--api-key", "-"]) == 0
    assert PLAIN_KEY in isolated_config.read_text()
    assert stat.S_IMODE(isolated_config.stat().st_mode) == 0o600
    assert_hidden(*capsys.readouterr())


# --------------------------------------------------------------------------- every path


def _keyed_failure(q: str) -> str:
    """A system whose own error quotes the key, as careless user code might."""
    raise RuntimeError(f"upstream refused {os.environ['SOME_SERVICE_API_KEY']} for {q}")


def test_eval_raise_errors_prints_what_the_record_holds(tmp_path, monkeypatch, capsys):
    from ember.cli import main

    monkeypatch.setenv("SOME_SERVICE_API_KEY", PLAIN_KEY)
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    dataset = tmp_path / "data.jsonl"
    dataset.write_text('{"question": "Hi", "answer": "x"}\n')
    record = tmp_path / "run.db"
    code = main(["eval", "test_secrets:_keyed_failure", str(dataset), "--record", str(record),
                 "--raise-errors", "--no-progress"])
    assert code == 1
    err = capsys.readouterr().err
    assert "upstream refused *** for Hi" in err, err
    assert PLAIN_KEY not in err
    assert read_record(str(record)).records[0].error == "upstream refused *** for Hi"  # the same redaction


def test_spans_of_a_failing_call_are_redacted(monkeypatch):
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from ember import telemetry

    class QuotesTheKey(Provider):
        """A custom provider whose own error quotes the key."""

        def start(self, model_id, request, started):
            async def call():
                _keyed_failure("a span")

            return call()

    register_provider("keyquoter", QuotesTheKey())
    monkeypatch.setenv("SOME_SERVICE_API_KEY", PLAIN_KEY)
    exporter, provider = InMemorySpanExporter(), TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    telemetry.enable(provider)
    try:
        with pytest.raises(RuntimeError):  # the provider's own error, as it raised it
            models("keyquoter/x", "Hi")
    finally:
        telemetry.disable()
        provider.shutdown()
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code.name == "ERROR"
    shown = span.to_json()
    assert PLAIN_KEY not in shown and "upstream refused *** for a span" in shown, shown


@pytest.mark.parametrize("wire", ["openai", "anthropic"])
def test_a_key_with_a_newline_is_a_config_error_that_hides_it(endpoint, monkeypatch, wire):
    # As `export KEY="$(cat key.txt)"` keeps a key file's newline inside quotes; before,
    # the HTTP library's own ValueError ("header injection") came out, untyped.
    monkeypatch.setenv("NEWLINE_KEY", PLAIN_KEY + "\n")
    name, server = endpoint(f"nl{wire}", wire=wire, api_key_env="NEWLINE_KEY")
    with pytest.raises(ConfigError, match=r"\$NEWLINE_KEY holds a control character") as info:
        models(f"{name}/gpt", "Hi")
    assert_error_hides_key(info.value)
    assert server.stats()["requests"] == 0
