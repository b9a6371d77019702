"""The new call forms on the wires added besides OpenAI's and Anthropic's: Azure OpenAI (an
OpenAI wire: streams, tools, n, JSON schema as OpenAI's) and Gemini's native wire (no n in
its body: n calls merged; tools as functionDeclarations, calls as functionCall parts)."""

from __future__ import annotations

import pytest

from ember.models import models


@pytest.fixture
def wires(make_server, write_config):
    server = make_server()
    write_config(endpoints={
        "gem": {"wire": "gemini", "base_url": server.url + "/v1beta", "api_key": "k"},
        "az": {"wire": "azure", "base_url": server.url, "api_key": "k"},
    })
    return server


def get_weather(city: str) -> str:
    """The weather in a city."""
    return "sunny"


def test_azure_streams_calls_tools_and_gives_n_choices(wires):
    stream = models.stream("az/gpt", "Tell me about rivers", temperature=0)
    assert "".join(stream) == models("sim/gpt", "Tell me about rivers", temperature=0,
                                     latency=0)
    [call] = models("az/gpt", "What is the weather in Oslo?", tools=[get_weather]).tool_calls
    assert call.name == "get_weather"
    assert len(models("az/gpt", "Hi", n=2, temperature=1).choices) == 2


def test_gemini_makes_n_calls_and_calls_tools(wires):
    before = wires.stats()["requests"]
    result = models("gem/gpt", "Name a colour", n=2, seed=1)
    assert len(result.choices) == 2 and wires.stats()["requests"] - before == 2
    [call] = models("gem/gpt", "What is the weather in Oslo?", tools=[get_weather]).tool_calls
    assert call.name == "get_weather" and wires.stats()["requests"] - before == 3
    assert "".join(models.stream("gem/gpt", "Hi")) == models("gem/gpt", "Hi")  # streamed
