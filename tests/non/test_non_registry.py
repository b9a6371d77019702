"""The node registry raises Ember errors that say the fix, never bare builtins."""

from __future__ import annotations

import pytest

from ember.errors import InvalidRegistration, OperatorError, UnknownNodeCode
from ember.non import node_types, register_alias, register_node, unregister_node


def unit(node, index):
    return lambda query, inputs: query


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"code": "lower"}, "a code is an upper-case letter"),
    ({"code": "W", "factory": 3}, "factory must be callable, got int"),
    ({"code": "W", "model": "maybe"}, "model must be one of required, optional, none"),
    ({"code": "W", "options": {"k": "int"}}, "options maps parameter names to types"),
])
def test_a_bad_registration_names_the_problem_and_the_fix(kwargs: dict, says: str) -> None:
    args = {"factory": unit, "model": "none", **kwargs}
    code = args.pop("code")
    with pytest.raises(InvalidRegistration, match=says) as info:
        register_node(code, **args)
    assert isinstance(info.value, OperatorError) and isinstance(info.value, ValueError)
    assert "W" not in node_types()


def test_a_code_taken_needs_replace() -> None:
    register_node("W", unit, model="none", replace=True)
    try:
        with pytest.raises(InvalidRegistration, match=r"already registered .* Fix: pass "
                           r"replace=True"):
            register_node("W", unit, model="none")
    finally:
        unregister_node("W")


def test_unregistering_an_unknown_code_lists_the_registered_ones() -> None:
    with pytest.raises(UnknownNodeCode) as info:
        unregister_node("NOPE")
    assert "no such node code" in str(info.value) and "E" in str(info.value)
    assert isinstance(info.value, LookupError) and isinstance(info.value, OperatorError)


def test_an_alias_must_be_two_identifiers() -> None:
    with pytest.raises(InvalidRegistration, match=r"both must be identifiers\. Fix"):
        register_alias("1x", "temperature")
