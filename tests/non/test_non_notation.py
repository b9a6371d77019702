"""The NON notation parser, fuzzed: it only ever raises `NotationError`, and valid specs
round-trip through their canonical text."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ember.errors import NotationError
from ember.non import ALIASES, MAX_COUNT, GraphSpec, NodeSpec, StageSpec, build_graph, parse
from ember.non._notation import render_value

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
# Characters the notation gives meaning to, plus a few words, so random text gets deep.
ALPHABET = st.sampled_from(list("0123456789EJMVQZ@/()=,.+-> \t'\"\\_eamxtrsup")
                           + ["sim/gpt", "sim/judge", "temp", "latency", "rounds", "true",
                              "none", "->", "1E", "5E", "1J", "1M", "1V", "@sim/claude"])
NOTATION_TEXT = st.lists(ALPHABET, max_size=24).map("".join)


def only_notation_errors(spec: object) -> None:
    try:
        build_graph(spec)  # type: ignore[arg-type]
    except NotationError as exc:
        assert 0 <= exc.position <= max(len(exc.text), 1)
        assert str(exc).startswith("expected ")
        assert exc.expected


@FUZZ
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_notation_errors(text: str) -> None:
    only_notation_errors(text)


@FUZZ
@given(NOTATION_TEXT)
def test_notation_like_text_raises_only_notation_errors(text: str) -> None:
    only_notation_errors(text)


@FUZZ
@given(st.lists(NOTATION_TEXT, max_size=3))
def test_lists_of_stages_raise_only_notation_errors(stages: list[str]) -> None:
    only_notation_errors(stages)


# --- round trips ----------------------------------------------------------------------------

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
WORD = UPPER + LOWER + "0123456789_"


def joined(first: str, rest: str, max_size: int) -> st.SearchStrategy[str]:
    return st.builds(str.__add__, st.sampled_from(first), st.text(rest, max_size=max_size))


IDENT = joined(UPPER + LOWER + "_", WORD, 8).filter(lambda s: s not in ALIASES)
CODE = joined(UPPER, WORD, 3)
PROVIDER = joined(LOWER + "0123456789", LOWER + "0123456789_.-", 6)
MODEL_NAME = st.text(WORD + ".:/-", min_size=1, max_size=12).filter(lambda s: "->" not in s)
VALUE = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)


@st.composite
def nodes(draw: st.DrawFn) -> NodeSpec:
    model = draw(st.none() | st.builds(lambda p, n: f"{p}/{n}", PROVIDER, MODEL_NAME))
    names = draw(st.lists(IDENT, max_size=3, unique=True))
    params = tuple((name, draw(VALUE)) for name in names)
    return NodeSpec(draw(st.integers(1, MAX_COUNT)), draw(CODE), model, params)


GRAPHS = st.lists(st.lists(nodes(), min_size=1, max_size=3).map(
    lambda ns: StageSpec(tuple(ns))), min_size=1, max_size=3).map(
    lambda ss: GraphSpec(tuple(ss)))


def typed(spec: GraphSpec) -> list:
    """The spec with each value's type, so 1, 1.0 and True are told apart."""
    return [[(n.count, n.code, n.model, [(k, type(v), v) for k, v in n.params])
             for n in s.nodes] for s in spec.stages]


@FUZZ
@given(GRAPHS)
def test_valid_specs_round_trip_through_their_text(spec: GraphSpec) -> None:
    text = spec.render()
    again = parse(text)
    assert again == spec
    assert typed(again) == typed(spec)
    assert again.render() == text
    as_list = [s.render() for s in spec.stages]
    assert [parse(s).stages[0] for s in as_list] == list(spec.stages)


@FUZZ
@given(VALUE)
def test_values_render_to_text_that_parses_back(value: object) -> None:
    node = parse(f"1E(x={render_value(value)})").stages[0].nodes[0]
    (name, back), = node.params
    assert type(back) is type(value)
    assert back == value or (isinstance(value, float) and math.isclose(back, value))


@pytest.mark.parametrize("text", [
    "5E@sim/gpt(temp=0.7)", " 5E@sim/gpt ( temp = 0.7 , ) ", "3E@sim/gpt+2E@sim/claude->1J@sim/judge",
    "1E@local/llama3.1:8b(stop='\\n', system=\"Be brief\")", "2E@together/meta-llama/Llama-3-8b",
])
def test_hand_written_specs_parse(text: str) -> None:
    spec = parse(text)
    assert parse(spec.render()) == spec


def test_aliases_resolve_to_full_names() -> None:
    node = parse("1E@sim/gpt(temp=0.5, tokens=10, sys='x')").stages[0].nodes[0]
    assert node.params == (("temperature", 0.5), ("max_tokens", 10), ("system", "x"))
