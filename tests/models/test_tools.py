"""tools=: tool calls on the result over both wires and sim/, and the tool loop (run_tools).

The simulator calls the tools the last user message names (every one, in the order named),
with arguments that match each tool's schema; after a tool result it answers in text.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from ember import xcs
from ember.errors import InvalidTool, ToolStepsExhausted
from ember.models import CallHook, ToolSpec, models, scoped_hooks, tool_specs
from ember.operators import arun_tools, run_tools
from tests.inflight import InFlight

WIRES = ["openai", "anthropic"]


def get_weather(city: str, unit: str = "celsius") -> str:
    """The weather in a city now.

    Args:
        city: the city's name, e.g. "Oslo".
        unit: celsius or fahrenheit.
    """
    return f"sunny and 21 degrees {unit} in {city}"


def test_a_function_s_schema_comes_from_its_hints_and_docstring():
    [spec] = tool_specs([get_weather])
    assert spec.name == "get_weather" and spec.description == "The weather in a city now."
    params = spec.parameters
    assert params["required"] == ["city"]
    assert params["properties"]["city"] == {"type": "string",
                                            "description": 'the city\'s name, e.g. "Oslo".'}
    assert params["properties"]["unit"]["default"] == "celsius"


@pytest.mark.parametrize("shape", [
    {"name": "lookup", "description": "Look up", "parameters": {"type": "object"}},
    {"type": "function", "function": {"name": "lookup", "description": "Look up",
                                      "parameters": {"type": "object"}}},
    {"name": "lookup", "description": "Look up", "input_schema": {"type": "object"}},
], ids=["plain", "openai", "anthropic"])
def test_schemas_are_read_in_each_provider_s_shape(shape):
    [spec] = tool_specs([shape])
    assert (spec.name, spec.description, spec.parameters) == ("lookup", "Look up",
                                                              {"type": "object"})


@pytest.mark.parametrize("tools", [get_weather, [42], [{"name": "bad name!"}],
                                   [get_weather, get_weather]])
def test_bad_tools_are_refused_before_any_call(endpoint, tools):
    name, server = endpoint("tbad")
    with pytest.raises(InvalidTool):
        models(f"{name}/gpt", "Hi", tools=tools)
    assert server.stats()["requests"] == 0


@pytest.mark.parametrize("wire", WIRES)
def test_tool_calls_on_the_result_have_name_parsed_arguments_and_id(endpoint, wire):
    """The model's tool calls come back parsed, on both wires; the request carried the
    tool's schema in the wire's shape (the server validated it and filled the arguments
    from it: a str city)."""
    name, _ = endpoint(f"t{wire[:3]}", wire=wire)
    result = models(f"{name}/gpt", "What is the weather in Oslo?", tools=[get_weather])
    [call] = result.tool_calls
    assert call.name == "get_weather" and call.id
    assert isinstance(call.arguments["city"], str)
    assert result.finish_reason == "tool_calls" and result == ""


def test_sim_in_process_calls_tools_like_the_server(endpoint):
    name, _ = endpoint("tsame")
    a = models("sim/gpt", "What is the weather in Oslo?", tools=[get_weather], latency=0)
    b = models(f"{name}/gpt", "What is the weather in Oslo?", tools=[get_weather])
    assert [(c.name, c.arguments) for c in a.tool_calls] == \
        [(c.name, c.arguments) for c in b.tool_calls]


@pytest.mark.parametrize("wire", WIRES)
def test_tool_choice_none_and_a_named_tool(endpoint, wire):
    name, _ = endpoint(f"c{wire[:3]}", wire=wire)
    spec = ToolSpec("get_time", "The time now.", {"type": "object", "properties": {}})
    assert models(f"{name}/gpt", "Weather in Oslo?", tools=[get_weather, spec],
                  tool_choice="none").tool_calls == ()
    [call] = models(f"{name}/gpt", "Weather in Oslo?", tools=[get_weather, spec],
                    tool_choice="get_time").tool_calls
    assert call.name == "get_time"


@pytest.mark.parametrize("wire", WIRES)
def test_run_tools_runs_the_tool_and_the_model_answers_with_its_result(endpoint, wire):
    """The loop: the model asks, the tool runs with the parsed arguments, its result goes
    back in the wire's format (the server accepted it and answered in text), and the final
    result's usage is every step's (the server's own token counts)."""
    name, server = endpoint(f"l{wire[:3]}", wire=wire)
    ran = []

    def weather(city: str) -> str:
        """The weather in a city."""
        ran.append(city)
        return f"sunny in {city}"

    result = run_tools(f"{name}/gpt", "What is the weather in Oslo?", tools=[weather])
    assert len(ran) == 1 and isinstance(ran[0], str)
    assert result.tool_calls == () and result.finish_reason == "stop" and result
    stats = server.stats()
    assert stats["completed"] == 2
    assert result.usage.prompt_tokens == stats["by_model"]["gpt"]["prompt_tokens"]
    assert result.usage.completion_tokens == stats["by_model"]["gpt"]["completion_tokens"]


def test_the_tool_s_result_reaches_the_model(endpoint):
    """The second request holds the assistant's tool call and the tool's result."""
    name, _ = endpoint("lseen")
    seen = []

    class Seen(CallHook):
        def before(self, call):
            seen.append(call.messages)

    with scoped_hooks(Seen()):
        run_tools(f"{name}/gpt", "What is the weather in Oslo?", tools=[get_weather])
    last = seen[-1]
    assert last[-2]["role"] == "assistant" and last[-2]["tool_calls"][0]["function"][
        "name"] == "get_weather"
    assert last[-1]["role"] == "tool" and last[-1]["content"].startswith("sunny")
    assert last[-1]["tool_call_id"] == last[-2]["tool_calls"][0]["id"]


def test_reads_in_one_turn_run_together():
    """Two tools the effect rules know as reads (declared with xcs.effect) asked for in one
    turn are in flight together (each waits for the other: one by one they never are)."""
    calls = InFlight()

    @xcs.effect("read")
    def apples(count: int) -> str:
        """Count apples."""
        with calls.track("apples"):
            return "3 apples"

    @xcs.effect("read")
    def pears(count: int) -> str:
        """Count pears."""
        with calls.track("pears"):
            return "2 pears"

    calls.hold(2)
    result = run_tools("sim/gpt", "How many apples and pears?", tools=[apples, pears],
                       latency=0)
    assert calls.max_in_flight == 2 and not calls.held_out
    assert result.finish_reason == "stop"


def test_tools_of_unknown_effect_run_one_by_one_in_the_model_s_order():
    """Tools the rules cannot classify (here: they touch an object of no known type) run
    alone, in the order the model asked: start/end pairs, apples before pears."""
    calls = InFlight()

    def apples(count: int) -> str:
        """Count apples."""
        with calls.track("apples"):
            return "3 apples"

    def pears(count: int) -> str:
        """Count pears."""
        with calls.track("pears"):
            return "2 pears"

    from ember.xcs.lowlevel import effect_of

    assert effect_of(apples).kind is xcs.Kind.UNKNOWN
    run_tools("sim/gpt", "How many apples and pears?", tools=[apples, pears], latency=0)
    assert [(kind, label) for kind, label, _ in calls.events] == [
        ("start", "apples"), ("end", "apples"), ("start", "pears"), ("end", "pears")]


def test_the_step_limit_raises_with_the_last_answer():
    with pytest.raises(ToolStepsExhausted) as info:
        run_tools("sim/gpt", "Weather?", tools=[get_weather], tool_choice="required",
                  max_steps=2, latency=0)
    assert info.value.result.tool_calls and "max_steps=2" in str(info.value)


@pytest.mark.parametrize("wire", WIRES)
def test_arun_tools_with_an_async_tool(endpoint, wire):
    name, _ = endpoint(f"a{wire[:3]}", wire=wire)

    async def weather(city: str) -> dict:
        """The weather in a city."""
        await asyncio.sleep(0)
        return {"city": city, "sky": "clear"}

    result = asyncio.run(arun_tools(f"{name}/gpt", "What is the weather in Oslo?",
                                    tools=[weather]))
    assert result.finish_reason == "stop"


def test_a_call_of_a_tool_given_only_as_a_schema_cannot_be_run():
    spec = {"name": "get_weather", "parameters": {"type": "object",
                                                  "properties": {"city": {"type": "string"}}}}
    with pytest.raises(InvalidTool, match="as a schema"):
        run_tools("sim/gpt", "Weather in Oslo?", tools=[spec], latency=0)


def test_tool_calls_survive_pickling():
    import pickle

    result = models("sim/gpt", "What is the weather in Oslo?", tools=[get_weather], latency=0)
    again = pickle.loads(pickle.dumps(result))
    assert again.tool_calls == result.tool_calls
    assert json.dumps(again.tool_calls[0].arguments)
