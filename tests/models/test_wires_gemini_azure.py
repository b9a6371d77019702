"""Gemini's native wire and Azure OpenAI's, against the simulator server speaking each
format over HTTP: same answers as the in-process simulator, keys in headers only (never in
the URL), api-version sent, the provider's error shapes read."""

from __future__ import annotations

import pytest
from aiohttp import web

from ember.errors import AuthenticationFailed, BadRequest
from ember.models import models

KEY = "test-key-123"


@pytest.fixture
def both(make_server, write_config):
    server = make_server(api_key=KEY)

    def write(key: str = KEY) -> None:
        write_config(endpoints={
            "gem": {"wire": "gemini", "base_url": server.url + "/v1beta", "api_key": key},
            "az": {"wire": "azure", "base_url": server.url, "api_key": key},
        })

    write()
    return server, write


@pytest.mark.parametrize("prefix", ["gem", "az"])
def test_answers_match_the_simulated_model(both, prefix):
    got = models(f"{prefix}/gpt", "What is 2+2?", system="Be brief", temperature=0,
                 max_tokens=12, stop="zz", seed=3)
    want = models("sim/gpt", "What is 2+2?", system="Be brief", temperature=0,
                  max_tokens=12, stop="zz", seed=3, latency=0)
    assert got == want and got.usage == want.usage
    assert got.finish_reason == want.finish_reason == "length"
    assert got.model_id == f"{prefix}/gpt"


@pytest.mark.parametrize("prefix", ["gem", "az"])
def test_a_wrong_key_is_refused_in_the_provider_shape(both, prefix):
    _, write = both
    write("wrong-key")
    with pytest.raises(AuthenticationFailed, match="key"):
        models(f"{prefix}/gpt", "Hi")


def test_gemini_bad_request_reads_google_error(both):
    with pytest.raises(BadRequest, match="temperature"):   # a pass-through config the server refuses
        models("gem/gpt", "Hi", generationConfig={"temperature": 5})


def test_keys_travel_in_headers_never_in_the_url(tiny_server, write_config, monkeypatch):
    seen: list[tuple[str, dict]] = []

    async def gemini(request: web.Request) -> web.Response:
        seen.append((str(request.rel_url), dict(request.headers)))
        return web.json_response({"candidates": [{"content": {"parts": [{"text": "ok"}]},
                                                  "finishReason": "STOP"}],
                                  "usageMetadata": {"promptTokenCount": 2,
                                                    "candidatesTokenCount": 1}})

    async def azure(request: web.Request) -> web.Response:
        seen.append((str(request.rel_url), dict(request.headers)))
        return web.json_response({"choices": [{"message": {"content": "ok"},
                                               "finish_reason": "stop"}]})

    url = tiny_server({"/v1beta/models/gemini-2.5-flash:generateContent": gemini,
                       "/openai/deployments/prod-4o/chat/completions": azure})
    monkeypatch.setenv("GOOGLE_API_KEY", "g-secret-1")   # GEMINI_API_KEY unset: the fallback
    monkeypatch.setenv("GEMINI_BASE_URL", url + "/v1beta")
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01-preview")
    write_config(endpoints={"az": {"wire": "azure", "base_url": url, "api_key": "a-secret-2"}})
    assert models("gemini-2.5-flash", "Hi") == "ok"     # the bare id: the gemini provider
    assert models("az/prod-4o", "Hi") == "ok"
    (g_url, g_head), (a_url, a_head) = seen
    assert g_head["x-goog-api-key"] == "g-secret-1" and "g-secret-1" not in g_url
    assert a_head["api-key"] == "a-secret-2" and "a-secret-2" not in a_url
    assert a_url.endswith("?api-version=2025-01-01-preview")
    assert "Authorization" not in g_head and "Authorization" not in a_head


@pytest.mark.parametrize("prefix", ["gem", "az"])
def test_streams_give_the_answer_in_pieces(both, prefix):
    server, _ = both
    whole = models(f"{prefix}/gpt", "Tell me about streams", max_tokens=20, seed=1)
    stream = models.stream(f"{prefix}/gpt", "Tell me about streams", max_tokens=20, seed=1)
    pieces = list(stream)
    assert len(pieces) > 1 and "".join(pieces) == whole
    result = stream.result
    assert result == whole and result.usage == whole.usage
    assert result.finish_reason == whole.finish_reason == "length"
    assert result.ttft_s is not None and result.ttft_s <= result.latency_s


def test_gemini_output_uses_its_json_schema_mode_and_retries(make_server, write_config):
    from dataclasses import dataclass

    @dataclass
    class Verdict:
        answer: str
        confidence: int

    server = make_server(bad_json=1)     # the first answer breaks the schema
    write_config(endpoints={"gem": {"wire": "gemini", "base_url": server.url + "/v1beta"}})
    got = models("gem/gpt", "Is the sky blue?", output=Verdict)
    assert isinstance(got, Verdict) and isinstance(got.confidence, int)
    assert server.stats()["requests"] == 2   # the broken one, then the retry


def get_weather(city: str, unit: str = "celsius") -> str:
    """The weather in a city now.

    Args:
        city: the city's name.
        unit: celsius or fahrenheit.
    """
    return f"sunny and 21 degrees {unit} in {city}"


@pytest.mark.parametrize("prefix", ["gem", "az"])
def test_tools_are_called_and_the_loop_ends_in_text(both, prefix):
    from ember.operators import run_tools

    server, _ = both
    asked = models(f"{prefix}/gpt", "What is the weather in Oslo?", tools=[get_weather])
    [call] = asked.tool_calls
    assert call.name == "get_weather" and isinstance(call.arguments["city"], str)
    assert asked.finish_reason == "tool_calls"
    stream = models.stream(f"{prefix}/gpt", "What is the weather in Oslo?", tools=[get_weather])
    list(stream)
    assert stream.result.tool_calls == asked.tool_calls
    chosen = models(f"{prefix}/gpt", "Hi", tools=[get_weather], tool_choice="get_weather")
    assert [c.name for c in chosen.tool_calls] == ["get_weather"]
    server.reset_stats()
    final = run_tools(f"{prefix}/gpt", "What is the weather in Oslo?", tools=[get_weather])
    assert final.tool_calls == () and final.finish_reason == "stop" and final
    stats = server.stats()
    assert stats["completed"] == 2 and stats["bad_requests"] == 0   # asked, then answered
