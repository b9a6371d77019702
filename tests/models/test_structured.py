"""Structured output (``output=T``) over both wires against the simulator server, and sim/.

The simulator fills the JSON schema it is sent (OpenAI's ``response_format``, Anthropic's
``output_config.format``) and, with ``bad_json=N``, breaks the schema in its first N
answers, so the validate-and-retry loop is tested against a real server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import typing

import pydantic
import pytest

from ember.errors import InvalidParameter, OutputValidationError
from ember.models import models


class Person(pydantic.BaseModel):
    name: str
    age: int


@dataclasses.dataclass
class City:
    name: str
    population: int


class Point(typing.TypedDict):
    x: int
    y: int


SCHEMA = {"type": "object", "properties": {"title": {"type": "string"},
                                           "tags": {"type": "array",
                                                    "items": {"type": "string"}}},
          "required": ["title", "tags"]}

KINDS = [Person, City, Point, SCHEMA, list[int]]
WIRES = ["openai", "anthropic"]


def _check(kind, value):
    if kind is SCHEMA:
        assert isinstance(value["title"], str) and all(isinstance(t, str) for t in value["tags"])
    elif kind is Point:
        assert isinstance(value, dict) and isinstance(value["x"], int)
    elif kind == list[int]:
        assert isinstance(value, list) and all(isinstance(v, int) for v in value)
    else:
        assert isinstance(value, kind)


@pytest.mark.parametrize("wire", WIRES)
@pytest.mark.parametrize("kind", KINDS, ids=["pydantic", "dataclass", "typeddict", "schema",
                                              "list"])
def test_output_returns_a_validated_value_and_sends_the_native_schema(endpoint, wire, kind):
    """Each kind of T gives a value of T, on each wire; the server got the schema in the
    wire's native field (it answered with schema-bound JSON, counted in its stats)."""
    name, server = endpoint(f"o{wire[:3]}", wire=wire)
    value = models(f"{name}/gpt", "Make one up", output=kind)
    _check(kind, value)
    assert server.stats()["completed"] == 1


@pytest.mark.parametrize("kind", KINDS, ids=["pydantic", "dataclass", "typeddict", "schema",
                                              "list"])
def test_sim_in_process_gives_the_same_value_as_the_server(endpoint, kind):
    """sim/ answers schemas with the server's generator: the same value for the same call."""
    name, _ = endpoint("osame")
    a = models("sim/gpt", "Make one up", output=kind, temperature=0, latency=0)
    b = models(f"{name}/gpt", "Make one up", output=kind, temperature=0)
    _check(kind, a)
    assert a == b


@pytest.mark.parametrize("wire", WIRES)
def test_a_schema_invalid_answer_is_retried_with_the_error_shown(endpoint, wire):
    """The server breaks its first answer (bad_json=1); the second call carries the first
    answer and the validator's message, and its valid answer is returned. `models.parse`
    keeps the raw text, the value, and the usage and cost of both attempts."""
    name, server = endpoint(f"r{wire[:3]}", wire=wire, sim={"bad_json": 1})
    result = models.parse(f"{name}/gpt", "Make a person", output=Person)
    assert isinstance(result.parsed, Person)
    assert Person.model_validate_json(result.text) == result.parsed
    stats = server.stats()
    assert stats["completed"] == 2
    by_model = stats["by_model"]["gpt"]
    assert result.usage.prompt_tokens == by_model["prompt_tokens"]
    assert result.usage.completion_tokens == by_model["completion_tokens"]


def test_the_retry_shows_the_model_its_answer_and_the_error(endpoint):
    """What the second request holds: the broken answer as the assistant's turn, then a user
    turn naming what was wrong (seen by a hook on the call path)."""
    from ember.models import CallHook, scoped_hooks

    name, _ = endpoint("rshow", sim={"bad_json": 1})
    seen = []

    class Seen(CallHook):
        def before(self, call):
            seen.append(call.messages)

    with scoped_hooks(Seen()):
        models(f"{name}/gpt", "Make a person", output=Person)
    assert len(seen) == 2
    first, second = seen
    assert second[: len(first)] == first
    assert second[-2]["role"] == "assistant" and second[-1]["role"] == "user"
    assert "not valid" in second[-1]["content"]


def test_after_the_retries_a_typed_error_holds_the_raw_text(endpoint):
    """Every answer broken (bad_json > retries + 1): OutputValidationError with the last
    raw text and the validator's message; exactly output_retries + 1 calls were made."""
    name, server = endpoint("rfail", sim={"bad_json": 10})
    with pytest.raises(OutputValidationError) as info:
        models(f"{name}/gpt", "Make a person", output=Person, output_retries=1)
    error = info.value
    json.loads(error.raw)  # the raw answer is there, as the server sent it
    assert error.errors and error.model_id == f"{name}/gpt"
    assert "output_retries" in str(error)
    assert server.stats()["completed"] == 2


def test_acall_and_aparse_are_the_async_twins(endpoint):
    name, _ = endpoint("oasync")

    async def main():
        value = await models.acall(f"{name}/gpt", "Make one", output=City, temperature=0)
        result = await models.aparse(f"{name}/gpt", "Make one", output=City, temperature=0)
        return value, result

    value, result = asyncio.run(main())
    assert value == result.parsed and isinstance(value, City)


def test_bad_output_types_and_retries_are_refused_before_any_call(endpoint):
    name, server = endpoint("obad")
    class Opaque:  # no type hints pydantic can read
        def __init__(self, handle) -> None:
            self.handle = handle

    with pytest.raises(InvalidParameter, match="no JSON schema"):
        models(f"{name}/gpt", "x", output=Opaque)
    with pytest.raises(InvalidParameter, match="output_retries"):
        models(f"{name}/gpt", "x", output=City, output_retries=-1)
    with pytest.raises(InvalidParameter, match="cannot be streamed"):
        models.stream(f"{name}/gpt", "x", output=City)
    assert server.stats()["requests"] == 0


def test_a_provider_without_a_schema_mode_is_told_the_schema(monkeypatch):
    """A registered provider that has no JSON-schema mode gets the schema in a system
    message; its answer is validated all the same."""
    from ember.models import ModelResult, Provider, register_provider

    got = []

    class Echo(Provider):
        def start(self, model_id, request, started):
            got.append(request.messages)

            async def call():
                return ModelResult('{"name": "Oslo", "population": 7}', model_id=str(model_id))

            return call()

    register_provider("plainjson", Echo())
    assert models("plainjson/m", "A city", output=City) == City("Oslo", 7)
    assert got[0][0]["role"] == "system" and '"population"' in got[0][0]["content"]
