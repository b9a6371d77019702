"""OpenTelemetry spans: GenAI attributes, parenting across threads and the event loop,
and no cost when off. Spans go to the SDK's in-memory exporter."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import timeit

import pytest

from ember import _telemetry, telemetry, xcs
from ember._errors import ProviderTimeout
from ember.models import models

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: E402
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode  # noqa: E402


@pytest.fixture
def spans():
    """Enable telemetry into an in-memory exporter; yields (exporter, tracer)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    telemetry.enable(provider)
    try:
        yield exporter, provider.get_tracer("tests")
    finally:
        telemetry.disable()
        provider.shutdown()


def by_name(exporter, prefix):
    return [s for s in exporter.get_finished_spans() if s.name.startswith(prefix)]


def fetch(x):
    time.sleep(0.02)
    return x


def ensemble(q):
    a = models("sim/alpha", q, latency=0.03, temperature=0.5)
    b = models("sim/beta", q, latency=0.03)
    return models("sim/judge", f"{a} | {b}", latency=0.03)


def helper(q):
    return models("sim/gpt", q, latency=0.02)


def test_off_by_default_and_free():
    assert not telemetry.enabled()

    def raw(callee, args, kwargs, runner, handle):
        return None

    hooked = _telemetry.traced_launch(raw)
    n = 200_000
    # CPU time (other processes on the machine do not stretch it), against the bare call
    # measured here: the hook adds about 25 ns to its 50 ns.
    base = min(timeit.repeat(lambda: raw(1, (), {}, "thread", None), number=n, repeat=5,
                             timer=time.process_time))
    cost = min(timeit.repeat(lambda: hooked(1, (), {}, "thread", None), number=n, repeat=5,
                             timer=time.process_time))
    assert cost < base * 3, (cost / n, base / n)
    # The model hook hands back the provider's own coroutine, untouched.
    from ember.models import _api

    coro = _api._start("sim/gpt", "Hi", {"latency": 0})
    assert type(coro).__name__ == "coroutine" and coro.__qualname__ == "SimProvider._call"
    coro.close()


def test_model_call_span_follows_genai_conventions(spans):
    exporter, _ = spans
    t0 = time.perf_counter()
    result = models("sim/gpt", "What is 2+2?", latency=0.02, temperature=0.3, max_tokens=50,
                    seed=7)
    call_s = time.perf_counter() - t0
    (span,) = exporter.get_finished_spans()
    a = span.attributes
    assert span.name == "chat gpt" and span.kind is SpanKind.CLIENT
    assert a["gen_ai.operation.name"] == "chat"
    assert a["gen_ai.provider.name"] == "sim"
    assert a["gen_ai.request.model"] == "gpt"
    assert a["gen_ai.response.model"] == "gpt"
    assert a["gen_ai.request.temperature"] == 0.3
    assert a["gen_ai.request.max_tokens"] == 50
    assert a["gen_ai.request.seed"] == 7
    assert a["gen_ai.usage.input_tokens"] == result.usage.prompt_tokens > 0
    assert a["gen_ai.usage.output_tokens"] == result.usage.completion_tokens > 0
    assert a["gen_ai.response.finish_reasons"] == (result.finish_reason,)
    assert a["ember.latency_s"] == pytest.approx(result.latency_s)
    duration = (span.end_time - span.start_time) / 1e9
    assert 0.02 <= duration <= call_s + 1e-3  # the span covers the call's latency, inside it


def test_failed_call_is_an_error_span(spans):
    exporter, _ = spans
    with pytest.raises(ProviderTimeout):
        models("sim/gpt", "Hi", latency=1.0, timeout=0.01)
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["error.type"] == "ProviderTimeout"
    assert "gen_ai.usage.input_tokens" not in span.attributes


def test_jit_spans_nest_under_the_callers_span(spans):
    exporter, tracer = spans
    f = xcs.jit(ensemble)
    with tracer.start_as_current_span("request") as root:
        f("q")
    root_id = root.get_span_context().span_id
    calls = by_name(exporter, "xcs.call")
    chats = by_name(exporter, "chat")
    assert len(chats) == 3 and len(calls) >= 2  # started calls: at least the two members
    trace_ids = {s.context.trace_id for s in exporter.get_finished_spans()}
    assert trace_ids == {root.get_span_context().trace_id}
    assert all(c.parent.span_id == root_id for c in calls)
    call_ids = {c.context.span_id for c in calls}
    for chat in chats:  # each model span is a child of its started call (or of the root)
        assert chat.parent.span_id in call_ids | {root_id}
    assert {c.attributes["ember.xcs.runner"] for c in calls} == {"async"}
    assert any(c.name == "xcs.call models sim/alpha" for c in calls)
    assert sum(c.parent.span_id in call_ids for c in chats) == len(calls)


def test_parallel_map_threads_carry_the_context(spans):
    exporter, tracer = spans
    with tracer.start_as_current_span("batch") as root:
        out = xcs.parallel_map(helper, ["a", "b", "c"])
    assert len(out) == 3
    calls = by_name(exporter, "xcs.call helper")
    chats = by_name(exporter, "chat gpt")
    assert len(calls) == 3 and len(chats) == 3
    assert all(c.parent.span_id == root.get_span_context().span_id for c in calls)
    # helper only formats, calls a model and parses: it runs as a task on the event loop
    assert all(c.attributes["ember.xcs.runner"] == "twin" for c in calls)
    assert all(c.attributes["code.function.name"] == "helper" for c in calls)
    # Each model call ran in a worker thread, under its own started call's span.
    assert {c.parent.span_id for c in chats} == {c.context.span_id for c in calls}


def test_acall_from_a_user_event_loop(spans):
    exporter, tracer = spans

    async def main():
        with tracer.start_as_current_span("handler") as root:
            await asyncio.gather(models.acall("sim/gpt", "a", latency=0.01),
                                 models.acall("sim/claude", "b", latency=0.01))
        return root

    root = asyncio.run(main())
    chats = by_name(exporter, "chat")
    assert len(chats) == 2
    assert {c.parent.span_id for c in chats} == {root.get_span_context().span_id}


def test_sleeps_started_by_jit_get_spans(spans):
    exporter, tracer = spans

    def two_waits():
        a = time.sleep(0.02)  # waits whose values are used: latency, not spacing
        b = time.sleep(0.02)
        return a, b

    f = xcs.jit(two_waits)
    with tracer.start_as_current_span("root"):
        assert f() == (None, None)
    calls = by_name(exporter, "xcs.call")
    assert calls and all(c.attributes["ember.xcs.runner"] == "sleep" for c in calls)
    assert all((c.end_time - c.start_time) / 1e9 >= 0.015 for c in calls)


def test_disable_stops_spans(spans):
    exporter, _ = spans
    telemetry.disable()
    models("sim/gpt", "Hi", latency=0)
    assert exporter.get_finished_spans() == ()


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, env={**os.environ, **env})


def test_environment_variable_enables_it():
    out = _python("import ember.models; from ember import telemetry; print(telemetry.enabled())",
                  EMBER_OTEL="1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
    out = _python("from ember.models import models; models('sim/gpt', 'Hi', latency=0)",
                  EMBER_OTEL="console")
    assert out.returncode == 0, out.stderr
    assert '"gen_ai.request.model": "gpt"' in out.stderr
    out = _python("from ember import telemetry; print(telemetry.enabled())", EMBER_OTEL="0")
    assert out.stdout.strip() == "False"
