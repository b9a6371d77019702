"""The new call forms inside jitted functions: classified as model calls by the JIT's effect
rules, and ``output=``/``tools=``/``n=`` calls overlap like plain ``models(...)`` calls."""

from __future__ import annotations

import dataclasses

import pytest

from ember import xcs
from ember.models import models
from ember.xcs.lowlevel import effect_of


@dataclasses.dataclass
class City:
    name: str


def get_weather(city: str) -> str:
    """The weather in a city."""
    return "sunny"


@pytest.mark.parametrize("callee", [models, models.stream, models.astream, models.parse,
                                    models.aparse, models.instance("sim/gpt"),
                                    models.instance("sim/gpt").stream])
def test_every_call_form_is_a_model_call_for_the_jit(callee):
    assert effect_of(callee).effect == "model call"


@pytest.mark.parametrize("extra", [{"output": City}, {"tools": [get_weather]}, {"n": 2}],
                         ids=["output", "tools", "n"])
def test_calls_with_output_tools_or_n_overlap_in_a_jitted_function(sim_calls, extra):
    def pair(q: str):
        a = models("sim/gpt", q, latency=0.2, **extra)
        b = models("sim/claude", q + "?", latency=0.2, **extra)
        return a, b

    plain = pair("What is the weather in Oslo?")
    sim_calls.hold(2)
    jitted = xcs.jit(pair)("What is the weather in Oslo?")
    assert sim_calls.max_in_flight == 2 and not sim_calls.held_out  # one by one: 1
    assert jitted == plain
    if "tools" in extra:
        assert [c.tool_calls for c in jitted] == [c.tool_calls for c in plain]


def test_streams_in_a_jitted_function_give_the_plain_text_and_overlap(sim_calls):
    """A stream starts its call where it is written: two streams started before they are
    read are in flight together, jitted or not."""
    def both(q: str) -> str:
        first = models.stream("sim/gpt", q, latency=0.2)
        second = models.stream("sim/claude", q, latency=0.2)
        return "".join(first) + " | " + "".join(second)

    plain = both("Hi")
    sim_calls.hold(2)
    assert xcs.jit(both)("Hi") == plain
    assert sim_calls.max_in_flight == 2 and not sim_calls.held_out
