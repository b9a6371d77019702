"""Input and output specs: type hints, dataclasses, TypedDicts, pydantic models.

Every error names the operator, the field, the expected type and the value found.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal, TypedDict

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
    pydantic = pytest.importorskip("pydantic")

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
