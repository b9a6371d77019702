"""The simulator against the official `openai` and `anthropic` SDKs, over real HTTP on
127.0.0.1: every feature a real API has that the simulator stands in for is read back by the
SDK that real applications use, in the SDK's own types."""

from __future__ import annotations

import json
import math
from typing import Literal

import pytest
from pydantic import BaseModel

from ember.sim import IMAGE_TOKENS, count_tokens, generate

openai_sdk = pytest.importorskip("openai")
anthropic_sdk = pytest.importorskip("anthropic")
jsonschema = pytest.importorskip("jsonschema")

KEY = "sk-sim-sdk-test-0a1b2c3d"
USER = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture
def server(make_server):
    return make_server()


def oa(server, **kw):
    return openai_sdk.OpenAI(base_url=server.openai_base_url, api_key=kw.pop("api_key", "k"),
                             max_retries=0, **kw)


def an(server, **kw):
    if "auth_token" not in kw:
        kw.setdefault("api_key", "k")
    return anthropic_sdk.Anthropic(base_url=server.anthropic_base_url, max_retries=0, **kw)


# --------------------------------------------------------------------------- auth and counting


def test_anthropic_sdk_authenticates_with_an_api_key_or_an_auth_token(make_server):
    server = make_server(api_key=KEY)
    for client in (an(server, api_key=KEY), an(server, auth_token=KEY)):
        answer = client.messages.create(model="claude", max_tokens=50, messages=USER)
        assert answer.content[0].text == generate("claude", USER, max_tokens=50).text
    with pytest.raises(anthropic_sdk.AuthenticationError) as wrong:
        an(server, auth_token="sk-wrong-000").messages.create(
            model="claude", max_tokens=5, messages=USER)
    assert wrong.value.body["error"]["type"] == "authentication_error"
    assert "sk-wrong-000" not in json.dumps(wrong.value.body)
    assert server.stats()["unauthorized"] == 1


def test_count_tokens_equals_the_input_tokens_a_call_reports(server):
    client = an(server)
    tools = [{"name": "get_weather", "description": "Weather in a city",
              "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}]
    for extra in ({}, {"system": "Be brief."}, {"tools": tools}):
        counted = client.messages.count_tokens(model="claude", messages=USER, **extra)
        answer = client.messages.create(model="claude", max_tokens=60, messages=USER, **extra)
        assert counted.input_tokens == answer.usage.input_tokens > 0, extra
    # count_tokens is free: no model time, not counted as a completion.
    assert server.stats()["completed"] == 3


def test_each_sdk_lists_the_models_in_its_own_shape(server):
    assert [m.id for m in oa(server).models.list()] == ["gpt", "gpt-mini", "claude", "judge"]
    listed = an(server).models.list()
    assert [m.id for m in listed] == ["gpt", "gpt-mini", "claude", "judge"]
    assert all(m.type == "model" and m.display_name for m in listed)


# --------------------------------------------------------------------------- n and logprobs


def test_n_gives_distinct_choices_and_summed_usage(server):
    answer = oa(server).chat.completions.create(model="gpt", messages=USER, n=3, seed=4)
    texts = [c.message.content for c in answer.choices]
    assert [c.index for c in answer.choices] == [0, 1, 2]
    assert len(set(texts)) == 3
    assert texts[0] == generate("gpt", USER, seed=4).text  # choice 0 is the n=1 answer
    assert answer.usage.completion_tokens == sum(count_tokens(t) for t in texts)
    assert answer.usage.prompt_tokens == generate("gpt", USER, seed=4).prompt_tokens
    again = oa(server).chat.completions.create(model="gpt", messages=USER, n=3, seed=4)
    assert [c.message.content for c in again.choices] == texts


def test_logprobs_are_values_that_spell_the_answer(server):
    client = oa(server)
    answer = client.chat.completions.create(model="gpt", messages=USER, logprobs=True,
                                            top_logprobs=3)
    choice = answer.choices[0]
    entries = choice.logprobs.content
    assert "".join(e.token for e in entries) == choice.message.content
    for e in entries:
        assert isinstance(e.logprob, float) and e.logprob <= 0
        assert e.bytes == list(e.token.encode())
        assert len(e.top_logprobs) == 3 and e.top_logprobs[0].token == e.token
        values = [t.logprob for t in e.top_logprobs]
        assert values == sorted(values, reverse=True) and values[0] == e.logprob
    again = client.chat.completions.create(model="gpt", messages=USER, logprobs=True,
                                           top_logprobs=3)
    assert again.choices[0].logprobs.content == entries
    plain = client.chat.completions.create(model="gpt", messages=USER)
    assert plain.choices[0].logprobs is None
    with pytest.raises(openai_sdk.BadRequestError) as bad:
        client.chat.completions.create(model="gpt", messages=USER, top_logprobs=2)
    assert bad.value.param == "top_logprobs"


# --------------------------------------------------------------------------- JSON output


class City(BaseModel):
    name: str
    population: int
    area_km2: float
    capital: bool
    kind: Literal["city", "town", "village"]


class Report(BaseModel):
    title: str
    cities: list[City]
    best: City
    note: str | None


WEATHER_SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "minLength": 2},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
        "hourly": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
        "where": {"type": "object", "properties": {"lat": {"type": "number", "minimum": -90,
                                                           "maximum": 90}},
                  "required": ["lat"], "additionalProperties": False},
    },
    "required": ["city", "unit", "days"],
    "additionalProperties": False,
}


def _schema_format(schema, name="weather"):
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema,
                                                   "strict": True}}


def test_json_object_answers_a_json_object(server):
    answer = oa(server).chat.completions.create(
        model="gpt", messages=USER, response_format={"type": "json_object"})
    assert isinstance(json.loads(answer.choices[0].message.content), dict)


def test_json_schema_answers_match_the_schema(server):
    client = oa(server)
    # The SDK's own structured-output helper: a pydantic model with nesting, a list, a
    # Literal, an Optional, and $defs/$ref in its schema.
    parsed = client.chat.completions.parse(model="gpt", messages=USER, response_format=Report)
    report = parsed.choices[0].message.parsed
    assert isinstance(report, Report) and report.cities and isinstance(report.best, City)
    # A hand-written schema of the common subset, for several prompts and seeds.
    for seed in range(5):
        answer = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Weather {seed}"}], seed=seed,
            response_format=_schema_format(WEATHER_SCHEMA))
        jsonschema.validate(json.loads(answer.choices[0].message.content), WEATHER_SCHEMA)
    same = [client.chat.completions.create(model="gpt", messages=USER, seed=1,
                                           response_format=_schema_format(WEATHER_SCHEMA))
            .choices[0].message.content for _ in range(2)]
    assert same[0] == same[1]


def test_bad_json_breaks_the_schema_first_then_answers_right(make_server):
    server = make_server(bad_json=2)
    client = oa(server)
    got = [json.loads(client.chat.completions.create(
        model="gpt", messages=USER, response_format=_schema_format(WEATHER_SCHEMA))
        .choices[0].message.content) for _ in range(3)]
    validator = jsonschema.Draft202012Validator(WEATHER_SCHEMA)
    assert [validator.is_valid(v) for v in got] == [False, False, True]
    # Plain calls do not use up the bad answers.
    server2 = make_server(bad_json=1)
    oa(server2).chat.completions.create(model="gpt", messages=USER)
    with pytest.raises(Exception, match="validation error"):
        oa(server2).chat.completions.parse(model="gpt", messages=USER, response_format=City)
    assert isinstance(oa(server2).chat.completions.parse(
        model="gpt", messages=USER, response_format=City).choices[0].message.parsed, City)


def test_anthropic_output_format_answers_schema_json(server):
    answer = an(server).messages.create(
        model="claude", max_tokens=500, messages=USER,
        output_config={"format": {"type": "json_schema", "schema": WEATHER_SCHEMA}})
    jsonschema.validate(json.loads(answer.content[0].text), WEATHER_SCHEMA)


# --------------------------------------------------------------------------- tools


def _openai_tool(name, schema=WEATHER_SCHEMA):
    return {"type": "function", "function": {"name": name, "description": "d",
                                             "parameters": schema}}


TIME_SCHEMA = {"type": "object", "properties": {"zone": {"type": "string"}},
               "required": ["zone"]}
TOOLS = [_openai_tool("get_weather"), _openai_tool("get_time", TIME_SCHEMA)]
ASK = [{"role": "user", "content": "What is the weather in Paris?"}]


def test_tool_calls_when_asked_for_with_arguments_that_match(server):
    client = oa(server)
    answer = client.chat.completions.create(model="gpt", messages=ASK, tools=TOOLS)
    choice = answer.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    [call] = choice.message.tool_calls
    assert call.type == "function" and call.function.name == "get_weather"
    assert call.id.startswith("call_")
    jsonschema.validate(json.loads(call.function.arguments), WEATHER_SCHEMA)
    # The tool's result comes back: the model answers in text.
    follow = ASK + [choice.message.model_dump(exclude_none=True),
                    {"role": "tool", "tool_call_id": call.id, "content": "21 C, sunny"}]
    final = client.chat.completions.create(model="gpt", messages=follow, tools=TOOLS)
    assert final.choices[0].finish_reason == "stop" and final.choices[0].message.content
    # "none" never calls; a named tool is always called; "required" calls without a mention.
    none = client.chat.completions.create(model="gpt", messages=ASK, tools=TOOLS,
                                          tool_choice="none")
    assert none.choices[0].message.tool_calls is None
    named = client.chat.completions.create(
        model="gpt", messages=ASK, tools=TOOLS,
        tool_choice={"type": "function", "function": {"name": "get_time"}})
    [forced] = named.choices[0].message.tool_calls
    assert forced.function.name == "get_time"
    jsonschema.validate(json.loads(forced.function.arguments), TIME_SCHEMA)
    plain = client.chat.completions.create(model="gpt", messages=USER, tools=TOOLS)
    assert plain.choices[0].message.tool_calls is None  # auto, no tool named
    required = client.chat.completions.create(model="gpt", messages=USER, tools=TOOLS,
                                              tool_choice="required")
    assert required.choices[0].message.tool_calls[0].function.name == "get_weather"


def test_several_tools_named_are_called_in_one_turn(server):
    client = oa(server)
    ask = [{"role": "user", "content": "Tell me the time in Tokyo and the weather there."}]
    answer = client.chat.completions.create(model="gpt", messages=ask, tools=TOOLS)
    calls = answer.choices[0].message.tool_calls
    assert [c.function.name for c in calls] == ["get_time", "get_weather"]  # in the order named
    assert len({c.id for c in calls}) == 2
    one = client.chat.completions.create(model="gpt", messages=ask, tools=TOOLS,
                                         parallel_tool_calls=False)
    assert [c.function.name for c in one.choices[0].message.tool_calls] == ["get_time"]
    with pytest.raises(openai_sdk.BadRequestError) as bad:
        client.chat.completions.create(model="gpt", messages=ask, tools=TOOLS,
                                       tool_choice={"type": "function",
                                                    "function": {"name": "nope"}})
    assert bad.value.param == "tool_choice" and "'nope'" in bad.value.body["message"]


def test_anthropic_tool_use_blocks(server):
    client = an(server)
    tools = [{"name": "get_weather", "description": "d", "input_schema": WEATHER_SCHEMA}]
    answer = client.messages.create(model="claude", max_tokens=100, messages=ASK, tools=tools)
    assert answer.stop_reason == "tool_use"
    [block] = answer.content
    assert block.type == "tool_use" and block.name == "get_weather"
    assert block.id.startswith("toolu_")
    jsonschema.validate(block.input, WEATHER_SCHEMA)
    follow = ASK + [{"role": "assistant", "content": [block.model_dump()]},
                    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": block.id,
                                                  "content": "21 C"}]}]
    final = client.messages.create(model="claude", max_tokens=100, messages=follow, tools=tools)
    assert final.stop_reason == "end_turn" and final.content[0].type == "text"
    forced = client.messages.create(model="claude", max_tokens=100, messages=USER, tools=tools,
                                    tool_choice={"type": "any"})
    assert forced.content[0].type == "tool_use"


# --------------------------------------------------------------------------- streaming


def test_openai_stream_with_usage_reads_as_the_answer(server):
    client = oa(server)
    whole = client.chat.completions.create(model="gpt", messages=USER, max_tokens=20)
    chunks = list(client.chat.completions.create(
        model="gpt", messages=USER, max_tokens=20, stream=True,
        stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"
    assert chunks[-1].choices == [] and chunks[-1].usage == whole.usage
    assert all(c.usage is None for c in chunks[:-1])
    # The SDK's accumulating helper rebuilds the same completion, tool calls and n included.
    for extra in ({"n": 2, "logprobs": True, "top_logprobs": 2}, {"tools": TOOLS}):
        ask = ASK if "tools" in extra else USER
        plain = client.chat.completions.create(model="gpt", messages=ask, **extra)
        with client.chat.completions.stream(model="gpt", messages=ask, **extra) as stream:
            final = stream.get_final_completion()
        for got, want in zip(final.choices, plain.choices, strict=True):
            assert got.message.content == want.message.content
            assert got.finish_reason == want.finish_reason
            assert [(t.id, t.function.name, t.function.arguments)
                    for t in got.message.tool_calls or []] == [
                (t.id, t.function.name, t.function.arguments)
                for t in want.message.tool_calls or []]
            if want.logprobs is not None:
                assert got.logprobs.content == want.logprobs.content


def test_anthropic_stream_reads_as_the_answer(server):
    client = an(server)
    whole = client.messages.create(model="claude", max_tokens=300, messages=USER)
    with client.messages.stream(model="claude", max_tokens=300, messages=USER) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == whole.content[0].text
    assert final.content[0].text == whole.content[0].text and final.usage == whole.usage
    assert final.stop_reason == "end_turn"
    tools = [{"name": "get_weather", "description": "d", "input_schema": WEATHER_SCHEMA}]
    want = client.messages.create(model="claude", max_tokens=300, messages=ASK, tools=tools)
    with client.messages.stream(model="claude", max_tokens=300, messages=ASK,
                                tools=tools) as stream:
        kinds = [event.type for event in stream]
        got = stream.get_final_message()
    assert [(b.type, b.id, b.name, b.input) for b in got.content] == [
        (b.type, b.id, b.name, b.input) for b in want.content]
    assert got.stop_reason == "tool_use"
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"


# --------------------------------------------------------------------------- parts, embeddings


def test_content_parts_are_read_and_images_counted(server):
    parts = [{"type": "text", "text": "What is in"}, {"type": "text", "text": "this picture?"},
             {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]
    messages = [{"role": "user", "content": parts}]
    answer = oa(server).chat.completions.create(model="gpt", messages=messages)
    expected = generate("gpt", messages)
    assert answer.choices[0].message.content == expected.text
    assert answer.usage.prompt_tokens == expected.prompt_tokens
    assert expected.prompt_tokens == generate(
        "gpt", [{"role": "user", "content": "What is in\nthis picture?"}]
    ).prompt_tokens + IMAGE_TOKENS
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                         "data": "iVBORw0KGgo="}}
    an_answer = an(server).messages.create(
        model="claude", max_tokens=300,
        messages=[{"role": "user", "content": [parts[0], parts[1], image]}])
    assert an_answer.usage.input_tokens == expected.prompt_tokens


def test_embeddings_are_deterministic_unit_vectors(server):
    client = oa(server)
    texts = ["red apples and pears", "red apples and pears", "green apples", "tax law"]
    answer = client.embeddings.create(model="emb", input=texts)  # the SDK asks for base64
    vectors = [d.embedding for d in answer.data]
    assert [d.index for d in answer.data] == [0, 1, 2, 3]
    assert all(len(v) == 1536 for v in vectors)
    assert all(math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-4) for v in vectors)
    assert vectors[0] == vectors[1]

    def cos(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cos(vectors[0], vectors[2]) > cos(vectors[0], vectors[3])  # shared words are closer
    floats = client.embeddings.create(model="emb", input="tax law", encoding_format="float",
                                      dimensions=64)
    assert len(floats.data[0].embedding) == 64
    assert floats.usage.prompt_tokens == floats.usage.total_tokens == 2
    with pytest.raises(openai_sdk.BadRequestError) as bad:
        client.embeddings.create(model="emb", input=[])
    assert bad.value.param == "input"
