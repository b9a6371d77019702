"""Structured output: ``models(id, prompt, output=T)`` returns a validated `T`.

`T` is a pydantic model, a dataclass, a TypedDict, any type pydantic's `TypeAdapter`
reads (``list[int]``), or a JSON schema (a dict). The schema goes to the provider's native
JSON-schema mode (OpenAI's ``response_format``, Anthropic's ``output_config.format``, the
simulator's), as ``request.json_schema``; a provider without one also gets the schema in a
system message. Either way the answer is validated here. A schema whose top level is not
an object is asked for as ``{"value": ...}`` (the native modes want an object) and
unwrapped.

When the answer does not validate, the call is made again with the answer and the
validator's message shown to the model, at most ``output_retries`` times (default 2); then
`OutputValidationError` carries the raw text. The `ModelResult` of `models.parse` has the
value as `.parsed`, the last answer's raw text as its text, and the usage and cost of every
attempt.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, Final

from ember._errors import InvalidParameter, OutputValidationError
from ember.models._result import ModelResult
from ember.models._typeddicts import portable

__all__ = ["DEFAULT_RETRIES", "Output", "structured"]

DEFAULT_RETRIES: Final = 2

_TYPES: Final = {"object": dict, "array": list, "string": str, "boolean": bool,
                 "null": type(None)}


def _check(schema: Mapping[str, Any], value: Any, where: str) -> str | None:
    """Why `value` breaks `schema` (type, enum, required, properties, items,
    additionalProperties: false), or None. The keywords most schemas use; others pass."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_is(k, value) for k in kinds):
        return f"{where}: expected {' or '.join(kinds)}, got {type(value).__name__}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{where}: {value!r} is not one of {schema['enum']}"
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                return f"{where}: the required field {name!r} is missing"
        for name, item in value.items():
            if name in props:
                problem = _check(props[name], item, f"{where}.{name}")
                if problem:
                    return problem
            elif schema.get("additionalProperties") is False:
                return f"{where}: the field {name!r} is not allowed"
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for i, item in enumerate(value):
            problem = _check(schema["items"], item, f"{where}[{i}]")
            if problem:
                return problem
    return None


def _is(kind: str, value: Any) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    expected = _TYPES.get(kind)
    return expected is None or (isinstance(value, expected) and not (
        expected is not bool and isinstance(value, bool)))


@functools.lru_cache(maxsize=256)  # pydantic builds an adapter in about a millisecond
def _adapter(kind: Any) -> tuple[Any, dict[str, Any]]:
    """The pydantic `TypeAdapter` of a type, and its JSON schema."""
    from pydantic import TypeAdapter

    adapter = TypeAdapter(portable(kind))
    return adapter, adapter.json_schema()


class Output:
    """What ``output=`` asks for: the JSON schema sent, and how an answer is validated.

    Raises:
        InvalidParameter: `T` has no JSON schema.

    Examples:
        >>> from dataclasses import dataclass
        >>> @dataclass
        ... class City:
        ...     name: str
        ...     people: int
        >>> Output(City).validate('{"name": "Oslo", "people": 700000}')
        City(name='Oslo', people=700000)
    """

    __slots__ = ("kind", "schema", "wrapped", "_adapter")

    def __init__(self, kind: Any) -> None:
        self.kind = kind
        self._adapter = None
        if isinstance(kind, Mapping):
            schema = dict(kind)
        else:
            try:
                self._adapter, schema = _adapter(kind)
            except Exception as exc:  # noqa: BLE001 - pydantic raises several kinds
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise InvalidParameter(
                    f"output={kind!r} has no JSON schema ({first}). Fix: pass a pydantic "
                    "model, a dataclass, a TypedDict, a type such as list[int], or a JSON "
                    "schema dict.") from None
        self.wrapped = schema.get("type") != "object"
        self.schema = {"type": "object", "properties": {"value": schema},
                       "required": ["value"]} if self.wrapped else schema

    def validate(self, text: str) -> Any:
        """The value the answer `text` holds.

        Raises:
            ValueError: not JSON, or not valid for the schema (the message says where).
        """
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"the answer is not JSON ({exc})") from None
        if self._adapter is None:  # a JSON schema: checked here
            problem = _check(self.schema, data, "$")
            if problem:
                raise ValueError(problem)
            return data["value"] if self.wrapped else data
        if self.wrapped:
            if not isinstance(data, dict) or "value" not in data:
                raise ValueError("$: expected an object with the field 'value'")
            data = data["value"]
        from pydantic import ValidationError

        try:
            return self._adapter.validate_python(data)
        except ValidationError as exc:
            message = str(exc)
        raise ValueError(message)

    def instruction(self) -> str:
        """What a provider without a JSON-schema mode is told."""
        return ("Answer with JSON only (no prose, no code fences) that matches this JSON "
                f"schema:\n{json.dumps(self.schema)}")


Ask = Callable[[list[dict[str, Any]]], Coroutine[Any, Any, ModelResult]]


async def structured(first: Coroutine[Any, Any, ModelResult], again: Ask,
                     messages: list[dict[str, Any]], output: Output, retries: int,
                     model_id: str) -> ModelResult:
    """Run the first attempt, then retries (through `again`) until the answer validates.

    Raises:
        OutputValidationError: every attempt's answer failed validation.
    """
    result = await first
    usage, cost = result.usage, result.cost_usd
    for attempt in range(retries + 1):
        try:
            value = output.validate(result.text)
        except ValueError as exc:
            problem = str(exc)
        else:
            return result.replace(parsed=value, usage=usage, cost_usd=cost)
        if attempt == retries:
            break
        messages = [*messages, {"role": "assistant", "content": result.text},
                    {"role": "user", "content": (
                        f"That answer is not valid: {problem}\nAnswer again with JSON that "
                        "matches the schema.")}]
        result = await again(messages)
        usage = usage + result.usage
        cost = None if cost is None or result.cost_usd is None else cost + result.cost_usd
    shown = problem if len(problem) < 400 else problem[:397] + "..."
    raise OutputValidationError(
        f"{model_id}: the answer did not match output={_name(output.kind)} after "
        f"{retries + 1} attempt(s): {shown}. Fix: allow more with output_retries=, simplify "
        "the type, or say more about it in the prompt.",
        model_id=model_id, raw=result.text, errors=problem)


def _name(kind: Any) -> str:
    return getattr(kind, "__name__", None) or ("a JSON schema" if isinstance(kind, Mapping)
                                               else repr(kind))
