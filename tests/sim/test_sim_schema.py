"""The simulator's JSON-schema values (`ember.sim._schema`, behind `response_format` and tool
arguments): for any schema of the supported subset, the value drawn is valid under a real
validator (`jsonschema`), is the same for the same seed, and `break_value` makes it invalid."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from ember.sim._schema import SchemaError, break_value, value_for

jsonschema = pytest.importorskip("jsonschema")

NAMES = st.text("abcdefgh_", min_size=1, max_size=6)
WORDS = ["alpha", "beta", "gamma"]


def _numbers(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    bound = st.integers(-1000, 1000)

    def build(low: int | None, span: int | None, exclusive: bool) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": kind}
        if low is not None:
            schema["exclusiveMinimum" if exclusive else "minimum"] = low
        if span is not None:
            high = (low if low is not None else 0) + span
            schema["exclusiveMaximum" if exclusive else "maximum"] = high
        return schema

    return st.builds(build, st.none() | bound, st.none() | st.integers(3, 500), st.booleans())


LEAVES = st.one_of(
    st.builds(lambda lo, extra: {"type": "string", "minLength": lo, "maxLength": lo + extra},
              st.integers(0, 20), st.integers(0, 20)),
    st.sampled_from([{"type": "string"}, {"type": "boolean"}, {"type": "null"},
                     {"type": "string", "format": "date-time"}, {"const": 7},
                     {"type": ["string", "null"]}]),
    st.lists(st.one_of(st.text(max_size=5), st.integers()), min_size=1, max_size=4,
             unique=True).map(lambda values: {"enum": values}),
    _numbers("integer"),
    _numbers("number"),
)


def _containers(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict]:
    def obj(props: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
        required = data.draw(st.lists(st.sampled_from(sorted(props)), unique=True)) \
            if props else []
        return {"type": "object", "properties": props, "required": required,
                "additionalProperties": False}

    def array(items: dict[str, Any], low: int, extra: int) -> dict[str, Any]:
        return {"type": "array", "items": items, "minItems": low, "maxItems": low + extra}

    return st.one_of(
        st.builds(obj, st.dictionaries(NAMES, children, max_size=4), st.data()),
        st.builds(array, children, st.integers(0, 3), st.integers(0, 3)),
        st.builds(lambda a, b: {"anyOf": [a, {"type": "null"}, b]}, children, children),
    )


SCHEMAS = st.recursive(LEAVES, _containers, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(SCHEMAS, st.integers(0, 2**32))
def test_a_drawn_value_matches_its_schema_and_repeats(schema, seed):
    value = value_for(schema, random.Random(seed), WORDS)
    jsonschema.validate(value, schema)
    assert value_for(schema, random.Random(seed), WORDS) == value


@settings(max_examples=200, deadline=None)
@given(SCHEMAS, st.integers(0, 2**32))
def test_a_broken_value_breaks_its_schema(schema, seed):
    value = value_for(schema, random.Random(seed), WORDS)
    assert not jsonschema.Draft202012Validator(schema).is_valid(break_value(schema, value))


class Leaf(BaseModel):
    label: str
    weight: float | None


class Tree(BaseModel):
    name: str
    leaves: list[Leaf]
    children: list[Tree]


def test_pydantic_schemas_with_refs_and_recursion_are_filled_in():
    schema = Tree.model_json_schema()  # $defs, $ref, anyOf with null, and a recursive list
    for seed in range(20):
        tree = Tree.model_validate(value_for(schema, random.Random(seed), WORDS))
        assert tree.name


def test_a_schema_that_cannot_be_filled_in_says_why():
    with pytest.raises(SchemaError, match="minItems"):
        value_for({"type": "array", "minItems": 10**7}, random.Random(0), WORDS)
    loop = {"$ref": "#/$defs/a", "$defs": {"a": {"type": "object", "required": ["b"],
                                                 "properties": {"b": {"$ref": "#/$defs/a"}}}}}
    with pytest.raises(SchemaError, match="deeper"):
        value_for(loop, random.Random(0), WORDS)
