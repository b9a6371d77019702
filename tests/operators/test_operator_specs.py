"""Input and output specs: type hints, dataclasses, TypedDicts, pydantic models.

Every error names the operator, the field, the expected type and the value found.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal, NotRequired, Optional, TypedDict

import pydantic
import pytest

from ember.errors import OperatorError, SpecError
from ember.operators import Operator, check, op


@dataclass
class Question:
    text: str
    context: list[str]
    level: int = 1


class Reply(TypedDict):
    answer: str
    confidence: float


class Ask(Operator):
    input_spec = Question
    output_spec = Reply

    def forward(self, q: Question) -> Reply:
        return {"answer": q.text.upper(), "confidence": 0.5 + 0.1 * q.level}


class BadOutput(Operator):
    output_spec = Reply

    def forward(self, text: str) -> dict:
        return {"answer": text, "confidence": "high"}


def test_spec_error_is_an_operator_error_and_a_value_error() -> None:
    assert issubclass(SpecError, OperatorError) and issubclass(SpecError, ValueError)


def test_type_hint_errors_name_argument_type_and_value() -> None:
    @op
    def summarize(text: str, limit: int = 3) -> str:
        return text[:limit]

    assert summarize("abcdef") == "abc"
    with pytest.raises(SpecError) as info:
        summarize(42)
    err = info.value
    assert str(err) == "summarize: argument 'text' expects str, got int 42"
    assert (err.operator, err.field, err.expected, err.value) == ("summarize", "text", "str", 42)
    with pytest.raises(SpecError, match=r"argument 'limit' expects int, got str '3'"):
        summarize("abc", limit="3")


def test_nested_paths_point_at_the_bad_element() -> None:
    @op
    def total(scores: dict[str, list[float]]) -> float:
        return sum(sum(v) for v in scores.values())

    assert total({"a": [1, 2.5]}) == 3.5
    with pytest.raises(SpecError) as info:
        total({"a": [1.0, "x"]})
    assert str(info.value) == (
        "total: argument 'scores['a'][1]' expects float, got str 'x'")
    assert info.value.field == "scores['a'][1]"


def test_a_str_is_not_accepted_as_a_list_of_str() -> None:
    @op
    def count(items: list[str]) -> int:
        return len(items)

    with pytest.raises(SpecError, match=r"argument 'items' expects list\[str\], got str 'abc'"):
        count("abc")


def test_unions_optionals_and_literals() -> None:
    @op
    def pick(mode: Literal["fast", "slow"], n: int | None = None) -> str:
        return f"{mode}{n}"

    assert pick("fast") == "fastNone" and pick("slow", 2) == "slow2"
    with pytest.raises(SpecError, match=r"expects Literal\['fast', 'slow'\], got str 'medium'"):
        pick("medium")
    with pytest.raises(SpecError, match=r"argument 'n' expects int \| None, got float 2.5"):
        pick("fast", 2.5)


def test_int_is_accepted_for_float_but_not_bool_for_str() -> None:
    @op
    def half(x: float) -> float:
        return x / 2

    assert half(3) == 1.5
    with pytest.raises(SpecError):
        half("3")


def test_dataclass_input_spec_accepts_instance_mapping_or_keywords() -> None:
    ask = Ask()
    expected = {"answer": "HI", "confidence": 0.6}
    assert ask(Question("hi", [])) == expected
    assert ask({"text": "hi", "context": []}) == expected
    assert ask(text="hi", context=["c"]) == expected


def test_dataclass_input_errors_name_the_field() -> None:
    ask = Ask()
    with pytest.raises(SpecError) as info:
        ask({"text": 3, "context": []})
    assert str(info.value) == "Ask: input field 'text' expects str, got int 3"
    with pytest.raises(SpecError, match=r"Ask: input field 'context' is missing \(expected "
                       r"list\[str\]\)"):
        ask(text="hi")
    with pytest.raises(SpecError, match=r"input field 'colour' is not a field of Question "
                       r"\(fields: context, level, text\)"):
        ask(text="hi", context=[], colour="red")
    with pytest.raises(SpecError, match=r"input field 'context\[0\]' expects str, got int 1"):
        ask(text="hi", context=[1])
    with pytest.raises(SpecError, match="takes one input of type Question"):
        ask("a", "b")


def test_output_spec_errors_are_clear() -> None:
    with pytest.raises(SpecError) as info:
        BadOutput()("x")
    assert str(info.value) == (
        "BadOutput: output field 'confidence' expects float, got str 'high'")


def test_async_calls_check_the_same_specs() -> None:
    with pytest.raises(SpecError, match="expects str"):
        asyncio.run(Ask().acall(text=1, context=[]))
    assert asyncio.run(Ask().acall(text="a", context=[]))["answer"] == "A"


def test_check_converts_mappings_inside_containers() -> None:
    out = check([{"text": "a", "context": []}], list[Question])
    assert out == [Question("a", [])]


def test_pydantic_models_as_specs() -> None:
    class Item(pydantic.BaseModel):
        name: str
        price: float

    class Price(Operator):
        input_spec = Item

        def forward(self, item: Item) -> str:
            return f"{item.name}: {item.price:.2f}"

    price = Price()
    assert price(name="tea", price=2) == "tea: 2.00"
    assert price(Item(name="cake", price=3.5)) == "cake: 3.50"
    with pytest.raises(SpecError) as info:
        price(name="tea", price="free")
    message = str(info.value)
    assert message.startswith("Price: input field 'price' expects float, got str 'free'")
    assert info.value.field == "price"
    with pytest.raises(SpecError, match=r"input field 'price' is missing \(expected float\)"):
        price(name="tea")


def test_unresolvable_hints_are_not_checked() -> None:
    class Loose(Operator):
        def forward(self, x: NotDefinedAnywhere) -> int:  # type: ignore[name-defined]  # noqa: F821
            return 1

    assert Loose()(object()) == 1


# --- pydantic's TypeAdapter does the checking: each kind of spec, through the same door ---


class Tag(TypedDict):
    name: str
    weight: NotRequired[float]


class Stock(pydantic.BaseModel):
    item: str
    count: int


def test_list_of_int_is_strict_and_names_the_element() -> None:
    assert check([1, 2], list[int]) == [1, 2]
    for bad, index, shown in (([1, "2"], 1, "str '2'"), ([1, True], 1, "bool True"),
                              ([1.5], 0, "float 1.5")):
        with pytest.raises(SpecError) as info:
            check(bad, list[int], operator="Sum", argument="xs")
        assert str(info.value) == f"Sum: argument 'xs[{index}]' expects int, got {shown}"
        assert (info.value.field, info.value.expected) == (f"xs[{index}]", "int")
    with pytest.raises(SpecError, match=r"expects list\[int\], got tuple \(1, 2\)"):
        check((1, 2), list[int])


def test_plain_hints_return_the_callers_object_not_a_copy() -> None:
    items = [1, 2]
    table = {"a": [1.0]}
    assert check(items, list[int]) is items
    assert check(table, dict[str, list[float]]) is table
    assert check(3, float) == 3 and type(check(3, float)) is int  # not turned into 3.0


def test_optional_accepts_none_and_looks_inside_otherwise() -> None:
    assert check(None, Optional[list[int]]) is None  # noqa: UP045 - the spelling under test
    with pytest.raises(SpecError) as info:
        check([1, "x"], Optional[list[int]], operator="Opt")  # noqa: UP045
    assert str(info.value) == "Opt: input [1] expects int, got str 'x'"
    with pytest.raises(SpecError, match=r"input expects int \| str, got float 2.5"):
        check(2.5, int | str)  # a union of several names the union, not one member


def test_literal_names_the_allowed_values() -> None:
    assert check("b", Literal["a", "b"]) == "b"
    with pytest.raises(SpecError) as info:
        check("c", Literal["a", "b"], operator="Mode", argument="mode")
    assert str(info.value) == "Mode: argument 'mode' expects Literal['a', 'b'], got str 'c'"


def test_typeddict_inside_a_list_checks_keys_and_values() -> None:
    """`typing.TypedDict` works before Python 3.12 too (pydantic wants typing_extensions')."""
    tags = [{"name": "a"}, {"name": "b", "weight": 2}]
    assert check(tags, list[Tag]) == tags
    with pytest.raises(SpecError) as info:
        check([{"name": "a"}, {"name": "b", "weight": "heavy"}], list[Tag], operator="T")
    assert str(info.value) == "T: input [1].weight expects float, got str 'heavy'"
    with pytest.raises(SpecError) as info:
        check([{"name": "a", "colour": "red"}], list[Tag], operator="T")
    assert str(info.value) == ("T: input [0].colour is not a field of Tag "
                               "(fields: name, weight)")
    with pytest.raises(SpecError, match=r"input \[0\].name is missing \(expected str\)"):
        check([{}], list[Tag])


def test_dataclass_and_pydantic_model_are_built_from_mappings_at_any_depth() -> None:
    built = check({"q": [{"text": "a", "context": ["c"]}]}, dict[str, list[Question]])
    assert built == {"q": [Question("a", ["c"])]}
    same = Question("b", [])
    assert check(same, Question) is same  # an instance passes as it is
    stock = check([{"item": "tea", "count": 2}], list[Stock])
    assert stock == [Stock(item="tea", count=2)]
    with pytest.raises(SpecError) as info:
        check([{"item": "tea", "count": "many"}], list[Stock], operator="Inv")
    assert str(info.value) == "Inv: input [0].count expects int, got str 'many'"


def test_a_dataclass_that_rejects_its_fields_says_why() -> None:
    @dataclass
    class Positive:
        n: int

        def __post_init__(self) -> None:
            if self.n <= 0:
                raise ValueError("n must be > 0")

    with pytest.raises(SpecError, match=r"input expects Positive, got dict .*n must be > 0"):
        check({"n": -1}, Positive)


def test_an_operator_hint_is_checked_by_isinstance_never_built_from_a_mapping() -> None:
    class Shout(Operator):
        def forward(self, text: str) -> str:
            return text.upper()

    shout = Shout()
    assert check(shout, Shout) is shout
    with pytest.raises(SpecError, match=r"input expects Shout, got dict \{\}"):
        check({}, Shout)
