"""Ember's client against the official `openai` and `anthropic` SDKs, on the same simulator
server over real HTTP: for the same request, what Ember reads (streamed text, tool calls,
choices, usage) is what the SDK that real applications use reads, in its own types."""

from __future__ import annotations

import json

import pytest

from ember.models import models

openai_sdk = pytest.importorskip("openai")
anthropic_sdk = pytest.importorskip("anthropic")

PROMPT = "Tell me about the weather in Oslo"
TOOL_OA = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


def get_weather(city: str) -> str:
    """The weather in a city."""
    return "sunny"


def test_openai_stream_reads_as_the_sdk_reads_it(endpoint):
    name, server = endpoint("sdkoa")
    client = openai_sdk.OpenAI(base_url=server.openai_base_url, api_key="k", max_retries=0)
    chunks = list(client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT}], temperature=0,
        stream=True, stream_options={"include_usage": True}))
    sdk_text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    usage = chunks[-1].usage
    stream = models.stream(f"{name}/gpt", PROMPT, temperature=0)
    assert "".join(stream) == sdk_text
    assert (stream.result.usage.prompt_tokens, stream.result.usage.completion_tokens) == (
        usage.prompt_tokens, usage.completion_tokens)


def test_anthropic_stream_reads_as_the_sdk_reads_it(endpoint):
    name, server = endpoint("sdkan", wire="anthropic")
    client = anthropic_sdk.Anthropic(base_url=server.anthropic_base_url, api_key="k",
                                     max_retries=0)
    with client.messages.stream(model="gpt", max_tokens=1024,
                                messages=[{"role": "user", "content": PROMPT}]) as s:
        sdk_text = "".join(s.text_stream)
        final = s.get_final_message()
    stream = models.stream(f"{name}/gpt", PROMPT)
    assert "".join(stream) == sdk_text
    assert (stream.result.usage.prompt_tokens, stream.result.usage.completion_tokens) == (
        final.usage.input_tokens, final.usage.output_tokens)


def test_openai_tool_calls_and_choices_match_the_sdk_s(endpoint):
    name, server = endpoint("sdkot")
    client = openai_sdk.OpenAI(base_url=server.openai_base_url, api_key="k", max_retries=0)
    sdk = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "Weather in Oslo?"}],
        tools=[TOOL_OA])
    ours = models(f"{name}/gpt", "Weather in Oslo?", tools=[get_weather])
    [call] = sdk.choices[0].message.tool_calls
    assert [(c.id, c.name, c.arguments) for c in ours.tool_calls] == [
        (call.id, call.function.name, json.loads(call.function.arguments))]
    sdk_n = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "Hi"}], n=3, temperature=1)
    ours_n = models(f"{name}/gpt", "Hi", n=3, temperature=1)
    assert [c.text for c in ours_n.choices] == [c.message.content for c in sdk_n.choices]
    assert ours_n.usage.completion_tokens == sdk_n.usage.completion_tokens


def test_anthropic_tool_calls_match_the_sdk_s(endpoint):
    name, server = endpoint("sdkat", wire="anthropic")
    client = anthropic_sdk.Anthropic(base_url=server.anthropic_base_url, api_key="k",
                                     max_retries=0)
    sdk = client.messages.create(
        model="gpt", max_tokens=1024, messages=[{"role": "user", "content": "Weather in Oslo?"}],
        tools=[{"name": "get_weather", "description": "The weather in a city.",
                "input_schema": TOOL_OA["function"]["parameters"]}])
    ours = models(f"{name}/gpt", "Weather in Oslo?", tools=[get_weather])
    assert [(c.id, c.name, c.arguments) for c in ours.tool_calls] == [
        (b.id, b.name, b.input) for b in sdk.content if b.type == "tool_use"]
