"""Errors raised before any I/O: ids, providers and parameters, each naming the fix."""

from __future__ import annotations

import asyncio

import pytest

from ember.errors import (
    InvalidModelId,
    InvalidParameter,
    InvalidProviderResult,
    ModelError,
    UnknownProvider,
)
from ember.models import ModelResult, Provider, Usage, models, register_provider
from ember.models._ids import ModelId, parse_model_id


@pytest.mark.parametrize("bad", ["gpt 4o", "openai/", "/gpt", "OpenAI/gpt", "open ai/x",
                                 "sim/ gpt", 42, None])
def test_invalid_model_ids(bad):
    with pytest.raises(InvalidModelId, match="provider/model") as info:
        models(bad, "Hi")
    assert isinstance(info.value, ValueError)
    assert repr(bad) in str(info.value)


def test_model_ids_keep_slashes_in_the_model_name():
    parsed = parse_model_id("together/meta-llama/Llama-3")
    assert parsed == ModelId("together", "meta-llama/Llama-3")
    assert str(parse_model_id("sim/gpt")) == "sim/gpt"


def test_unknown_provider_lists_the_known_ones(write_config):
    write_config(endpoints={"local": {"base_url": "http://127.0.0.1:9/v1"}})
    with pytest.raises(UnknownProvider) as info:
        models("mistral/large", "Hi")
    message = str(info.value)
    for prefix in ("sim", "openai", "anthropic", "local"):
        assert prefix in message
    assert "[endpoints.mistral]" in message  # the fix
    assert info.value.model_id == "mistral/large"
    with pytest.raises(UnknownProvider):
        models.instance("mistral/large")


@pytest.mark.parametrize(
    ("params", "name", "allowed"),
    [
        ({"temperature": 3}, "temperature", "from 0 to 2"),
        ({"temperature": -0.1}, "temperature", "from 0 to 2"),
        ({"temperature": "hot"}, "temperature", "from 0 to 2"),
        ({"temperature": float("nan")}, "temperature", "from 0 to 2"),
        ({"max_tokens": 0}, "max_tokens", "int >= 1"),
        ({"max_tokens": 1.5}, "max_tokens", "int >= 1"),
        ({"max_tokens": True}, "max_tokens", "int >= 1"),
        ({"seed": "x"}, "seed", "an int"),
        ({"stop": [1]}, "stop", "str"),
        ({"stop": ""}, "stop", "non-empty"),
        ({"timeout": 0}, "timeout", "> 0"),
        ({"latency": -1}, "latency", ">= 0"),
        ({"system": 5}, "system", "a str"),
    ],
)
def test_bad_params_name_the_param_value_and_range(params, name, allowed):
    ((key, value),) = params.items()
    for call in (lambda: models("sim/gpt", "Hi", **params),
                 lambda: models.instance("sim/gpt", **params),
                 lambda: asyncio.run(models.acall("sim/gpt", "Hi", **params))):
        with pytest.raises(InvalidParameter) as info:
            call()
        message = str(info.value)
        assert f"{name}={value!r}" in message and allowed in message, message
        assert isinstance(info.value, ValueError) and info.value.model_id == "sim/gpt"


@pytest.mark.parametrize("name", ["model", "messages", "stream", "base_url"])
def test_reserved_params_say_what_to_do_instead(name):
    with pytest.raises(InvalidParameter, match=f"`{name}` is not a call parameter"):
        models("sim/gpt", "Hi", **{name: "x"})


@pytest.mark.parametrize(
    "prompt",
    [b"bytes", 42, [], [{"role": "robot", "content": "x"}], [{"content": "x"}],
     [{"role": "user"}], ["just a string"]],
)
def test_bad_prompts(prompt):
    with pytest.raises(InvalidParameter, match="prompt|messages\\[0\\]"):
        models("sim/gpt", prompt)


def test_anthropic_wire_checks_its_own_temperature_range(endpoint):
    name, server = endpoint("an", wire="anthropic")
    with pytest.raises(InvalidParameter, match="temperature=1.5.*0 to 1"):
        models(f"{name}/claude", "Hi", temperature=1.5)
    with pytest.raises(InvalidParameter, match="at least one user message"):
        models(f"{name}/claude", [{"role": "system", "content": "only a system prompt"}])
    assert server.stats()["requests"] == 0


def test_parameters_that_cannot_be_json_are_refused(endpoint):
    name, _ = endpoint()
    with pytest.raises(InvalidParameter, match="JSON"):
        models(f"{name}/gpt", "Hi", logit_bias=object())


def test_sim_timeout_shorter_than_latency_times_out():
    from ember.errors import ProviderTimeout

    with pytest.raises(ProviderTimeout, match="0.05s"):
        models("sim/gpt", "Hi", latency=1, timeout=0.05)


def test_errors_are_model_errors_with_the_id():
    with pytest.raises(ModelError) as info:
        models("sim/gpt", "Hi", temperature=9)
    assert info.value.model_id == "sim/gpt"


# --------------------------------------------------------------------------- custom providers


class Gives(Provider):
    """A custom provider whose coroutine returns `value` (or whose start returns it)."""

    def __init__(self, value, *, from_start=False):
        self.value, self.from_start = value, from_start

    def start(self, model_id, request, started):
        if self.from_start:
            return self.value

        async def call():
            return self.value

        return call()


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["a", "b"], {"text": "hi"}])
def test_a_custom_provider_that_gives_no_text_is_refused(value):
    register_provider("gives", Gives(value))
    for call in (lambda: models("gives/x", "Hi"),
                 lambda: asyncio.run(models.acall("gives/x", "Hi")),
                 lambda: models.instance("gives/x")("Hi")):
        with pytest.raises(InvalidProviderResult) as info:
            call()
        message = str(info.value)
        got = "returned None" if value is None else f"returned a {type(value).__name__} ("
        assert "provider `gives` (Gives)" in message and got in message, message
        assert "from the coroutine of Gives.start, which must return a ModelResult" in message
        assert "Fix" in message, message
        assert isinstance(info.value, TypeError) and info.value.model_id == "gives/x"


@pytest.mark.parametrize("value", ["not a coroutine", None])
def test_a_custom_provider_whose_start_gives_no_coroutine_is_refused(value):
    register_provider("startgives", Gives(value, from_start=True))
    for call in (lambda: models("startgives/x", "Hi"),
                 lambda: asyncio.run(models.acall("startgives/x", "Hi"))):
        with pytest.raises(InvalidProviderResult) as info:
            call()
        message = str(info.value)
        assert "from Gives.start, which must return the coroutine" in message, message
        assert "startgives" in message and "Fix" in message, message


def test_a_custom_provider_may_return_a_plain_str():
    register_provider("plain", Gives("hello"))
    result = models("plain/x", "Hi")
    assert result == "hello" and isinstance(result, ModelResult)
    assert result.model_id == "plain/x" and result.usage.total_tokens == 0
    assert asyncio.run(models.acall("plain/x", "Hi")).model_id == "plain/x"
    given = ModelResult("kept", model_id="plain/x", usage=Usage(3, 1))
    register_provider("plain", Gives(given))
    assert models("plain/x", "Hi") is given


def test_a_parameter_that_is_not_json_is_refused_before_any_io(endpoint):
    name, server = endpoint("local")
    cyclic: dict = {}
    cyclic["self"] = cyclic
    for value in (object(), {1, 2}, cyclic):
        with pytest.raises(InvalidParameter, match="cannot be sent as JSON") as info:
            models(f"{name}/m", "Hi", metadata=value)
        assert info.value.__cause__ is None and info.value.__suppress_context__
    assert server.stats()["completed"] == 0
