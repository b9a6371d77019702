"""Values that match a JSON schema, drawn deterministically: structured output and tool
arguments.

The common subset real schemas use (the ones pydantic, zod and hand-written tool
definitions produce): ``type`` (one or a list), ``object`` with ``properties``,
``required`` and ``additionalProperties``, ``array`` with ``items``, ``minItems`` and
``maxItems``, ``string`` with ``enum``, ``minLength``, ``maxLength`` and a few ``format``s,
``number`` and ``integer`` with ``minimum``/``maximum`` (exclusive too), ``boolean``,
``null``, ``enum``, ``const``, ``anyOf``/``oneOf``/``allOf``, and ``$ref`` into ``$defs``
or ``definitions``. Every property is filled in, required or not, as OpenAI's strict mode
requires. `break_value` makes the opposite: valid JSON that the schema rejects.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["SchemaError", "break_value", "value_for"]

_MAX_DEPTH = 24  # a recursive schema (a tree of nodes) stops growing here
_MAX_SIZE = 10_000  # the most items or characters a schema may ask for at least
_BUDGET = 2_000  # values drawn before arrays and optional properties take their minimum
_GROWING = 8  # depth below which arrays hold more than their minimum
_FORMATS = {
    "date-time": "2024-05-17T09:30:00Z",
    "date": "2024-05-17",
    "time": "09:30:00",
    "email": "someone@example.com",
    "uri": "https://example.com/",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
}


class SchemaError(ValueError):
    """The schema asks for what no value can be drawn for (or is not a schema at all)."""


def value_for(schema: object, rng: random.Random, words: Sequence[str]) -> Any:
    """A value that `schema` accepts; strings are made of `words`.

    Examples:
        >>> schema = {"type": "object", "required": ["n"], "properties": {
        ...     "n": {"type": "integer", "minimum": 1, "maximum": 3},
        ...     "tag": {"enum": ["a", "b"]}}}
        >>> v = value_for(schema, random.Random(0), ["x"])
        >>> sorted(v), 1 <= v["n"] <= 3, v["tag"] in ("a", "b")
        (['n', 'tag'], True, True)
    """
    try:
        return _Draw(schema, rng, words or ["value"]).value(schema, 0)
    except (TypeError, AttributeError, KeyError, IndexError, OverflowError,
            RecursionError) as exc:
        raise SchemaError(f"it is not a JSON schema this simulator can fill in "
                          f"({type(exc).__name__}: {exc})") from None


def break_value(schema: object, value: Any) -> Any:
    """Valid JSON close to `value` that `schema` rejects: a required property left out, or
    a value of a type the schema does not take."""
    draw = _Draw(schema, random.Random(0), ["x"])
    s = draw.resolve(schema)
    if isinstance(value, dict) and isinstance(s, Mapping):
        required = [k for k in s.get("required", ()) if k in value]
        if required:
            return {k: v for k, v in value.items() if k != required[0]}
    return _wrong_type(draw, s)


_CANDIDATES: tuple[tuple[str, Any], ...] = (
    ("integer", 12345), ("string", "not the right type"), ("object", {"not": "this"}),
    ("array", [["not", "this"]]), ("boolean", True), ("null", None),
)


def _accepted(draw: _Draw, schema: object) -> set[str] | None:
    """The JSON types `schema` takes (integers count as numbers), or None if any."""
    schema = draw.resolve(schema)
    if not isinstance(schema, Mapping):
        return None
    if "const" in schema or isinstance(schema.get("enum"), list):
        values = [schema["const"]] if "const" in schema else schema["enum"]
        return {_json_type(v) for v in values}
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            parts = [_accepted(draw, o) for o in schema[key]]
            return None if any(p is None for p in parts) else set().union(*parts)
    types = _types(schema)
    if not types:
        return {"object"} if "properties" in schema else None
    return types | ({"integer"} if "number" in types else set())


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    for name, kind in (("boolean", bool), ("integer", int), ("number", float),
                       ("string", str), ("array", list)):
        if isinstance(value, kind):
            return name
    return "object"


def _wrong_type(draw: _Draw, schema: object) -> Any:
    resolved = draw.resolve(schema)
    if isinstance(resolved, Mapping) and ("const" in resolved or "enum" in resolved):
        allowed = [resolved["const"]] if "const" in resolved else resolved["enum"]
        return next(v for v in ("not one of the allowed values", 12345) if v not in allowed)
    accepted = _accepted(draw, resolved) or set()
    return next((v for name, v in _CANDIDATES if name not in accepted), [["not", "this"]])


def _types(schema: Mapping[str, Any]) -> set[str]:
    t = schema.get("type")
    return {t} if isinstance(t, str) else set(t) if isinstance(t, list) else set()


def _size(schema: Mapping[str, Any], key: str) -> int:
    low = int(schema.get(key, 0))
    if low > _MAX_SIZE:
        raise SchemaError(f"'{key}' is {low}; the simulator draws at most {_MAX_SIZE}")
    return low


class _Draw:
    """One draw: the root schema (for `$ref`), the random source and the word pool."""

    def __init__(self, root: object, rng: random.Random, words: Sequence[str]) -> None:
        self.root, self.rng, self.words = root, rng, list(words)
        self.budget = _BUDGET  # a recursive schema's value stays small

    def resolve(self, schema: object) -> Any:
        seen = 0
        while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and seen < 64:
            target: Any = self.root
            for part in schema["$ref"].removeprefix("#").strip("/").split("/"):
                if not part:
                    continue
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, Mapping) else None
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **rest} if isinstance(target, Mapping) else rest
            seen += 1
        return schema

    def value(self, schema: object, depth: int) -> Any:
        if depth > 2 * _MAX_DEPTH:
            raise SchemaError(f"it nests deeper than {2 * _MAX_DEPTH} levels, or requires "
                              "itself again and again")
        schema = self.resolve(schema)
        self.budget -= 1
        if not isinstance(schema, Mapping) or not schema:
            return self.text(1, 3)  # `true` or `{}`: anything goes
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self.rng.choice(schema["enum"])
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list) and options:
                # The first option that is not null: Optional[X] gives an X.
                chosen = next((o for o in options
                               if self.resolve(o).get("type") != "null"), options[0])
                return self.value(chosen, depth + 1)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                part = self.resolve(part)
                if isinstance(part, Mapping):
                    merged = {**part, **merged,
                              "properties": {**part.get("properties", {}),
                                             **merged.get("properties", {})},
                              "required": [*part.get("required", ()),
                                           *merged.get("required", ())]}
            return self.value(merged, depth + 1)
        types = _types(schema)
        if not types:
            types = {"object"} if "properties" in schema else {"array"} if "items" in schema \
                else {"string"}
        kind = next((t for t in ("object", "array", "string", "integer", "number", "boolean")
                     if t in types), "null")
        if depth >= _MAX_DEPTH and "null" in types:
            return None
        return getattr(self, "_" + kind)(schema, depth)

    def text(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(low, high)))

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        props = schema.get("properties") or {}
        required = set(schema.get("required") or ())
        out = {}
        for name, sub in props.items():
            if (depth >= _MAX_DEPTH or self.budget <= 0) and name not in required:
                continue
            out[name] = self.value(sub, depth + 1)
        return out

    def _array(self, schema: Mapping[str, Any], depth: int) -> list[Any]:
        low = _size(schema, "minItems")
        high = int(schema.get("maxItems", max(low, 3)))
        small = depth >= _GROWING or self.budget <= 0
        count = low if small else self.rng.randint(max(low, min(1, high)), high)
        items = schema.get("items", {})
        if isinstance(schema.get("prefixItems"), list):
            prefix = schema["prefixItems"]
            return [self.value(s, depth + 1) for s in prefix] + [
                self.value(items, depth + 1) for _ in range(max(0, count - len(prefix)))]
        return [self.value(items, depth + 1) for _ in range(count)]

    def _string(self, schema: Mapping[str, Any], depth: int) -> str:
        fmt = schema.get("format")
        if fmt in _FORMATS:
            return _FORMATS[fmt]
        text = self.text(1, 4)
        low, high = _size(schema, "minLength"), schema.get("maxLength")
        while len(text) < low:
            text += " " + self.text(1, 2)
        return text[: int(high)] if high is not None else text

    def _bounds(self, schema: Mapping[str, Any], integer: bool) -> tuple[float, float]:
        step = 1 if integer else 0.01
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is None and "exclusiveMinimum" in schema:
            low = schema["exclusiveMinimum"] + step
        if high is None and "exclusiveMaximum" in schema:
            high = schema["exclusiveMaximum"] - step
        if low is None:
            low = 0 if high is None or high >= 100 else high - 100
        if high is None:
            high = low + 100
        return low, max(low, high)

    def _integer(self, schema: Mapping[str, Any], depth: int) -> int:
        low, high = self._bounds(schema, True)
        return self.rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))

    def _number(self, schema: Mapping[str, Any], depth: int) -> float:
        low, high = self._bounds(schema, False)
        return min(high, max(low, round(self.rng.uniform(low, high), 2)))

    def _boolean(self, schema: Mapping[str, Any], depth: int) -> bool:
        return self.rng.random() < 0.5

    def _null(self, schema: Mapping[str, Any], depth: int) -> None:
        return None
