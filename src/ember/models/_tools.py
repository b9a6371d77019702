"""Tools a model may call: `ToolSpec`s made from Python functions or from schemas.

A function becomes a tool named after it, described by its docstring's first paragraph,
with the JSON schema of its parameters from its type hints (pydantic), each parameter
described by its line under ``Args:`` when there is one. A schema is given in any of the
shapes the providers use: ``{"name", "description", "parameters"}``, OpenAI's
``{"type": "function", "function": {...}}`` or Anthropic's ``{"name", "input_schema"}``.
Each wire writes the specs in its own format; a function's spec also keeps the function,
so a tool loop (`ember.models.run_tools`) can run it.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ember._errors import InvalidTool

__all__ = ["ToolSpec", "tool_choice", "tool_specs"]

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ARG_LINE = re.compile(r"^\s{2,}(\w+)(?:\s*\([^)]*\))?:\s*(.+)$")


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One tool: its name, description, JSON schema of arguments, and the function (if any)."""

    name: str
    description: str
    parameters: dict[str, Any]
    function: Callable[..., Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The spec as plain JSON (what cache keys and hooks see)."""
        return {"name": self.name, "description": self.description,
                "parameters": self.parameters}


def _doc_parts(fn: Callable[..., Any]) -> tuple[str, dict[str, str]]:
    """The docstring's first paragraph, and each parameter's line under ``Args:``."""
    doc = inspect.getdoc(fn) or ""
    summary = doc.split("\n\n", 1)[0].strip()
    described: dict[str, str] = {}
    in_args = False
    for line in doc.splitlines():
        if line.strip() in ("Args:", "Arguments:", "Parameters:"):
            in_args = True
            continue
        if in_args:
            if line.strip() and not line.startswith(" "):
                break
            match = _ARG_LINE.match(line)
            if match:
                described[match[1]] = match[2].strip()
    return summary, described


@functools.lru_cache(maxsize=512)  # pydantic builds a schema in about a millisecond
def _from_function(fn: Callable[..., Any]) -> ToolSpec:
    from pydantic import TypeAdapter

    name = getattr(fn, "__name__", "")
    try:
        schema = TypeAdapter(fn).json_schema()
    except Exception as exc:  # noqa: BLE001 - pydantic raises several kinds here
        raise InvalidTool(
            f"tool {name or fn!r}: its parameters have no JSON schema ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0]}). Fix: annotate each parameter with a JSON-able type "
            "(str, int, float, bool, list, dict, a pydantic model, a dataclass).") from None
    summary, described = _doc_parts(fn)
    for pname, prop in schema.get("properties", {}).items():
        prop.pop("title", None)
        if pname in described:
            prop.setdefault("description", described[pname])
    schema.pop("additionalProperties", None)
    return ToolSpec(name, summary, schema, fn)


def _from_schema(raw: Mapping[str, Any]) -> ToolSpec:
    if raw.get("type") == "function" and isinstance(raw.get("function"), Mapping):
        raw = raw["function"]
    parameters = raw.get("parameters", raw.get("input_schema", {"type": "object",
                                                                "properties": {}}))
    if not isinstance(parameters, Mapping):
        raise InvalidTool(f"tool {raw.get('name')!r}: 'parameters' must be a JSON schema "
                          "object. Fix: {'type': 'object', 'properties': {...}}.")
    description = raw.get("description", "")
    return ToolSpec(str(raw.get("name")), str(description), dict(parameters))


def tool_specs(tools: object) -> tuple[ToolSpec, ...]:
    """The `ToolSpec`s of ``tools=``: a list of functions and schemas.

    Raises:
        InvalidTool: an item is neither; a name is not 1-64 letters, digits, ``_`` or ``-``;
            two tools share a name.

    Examples:
        >>> def get_weather(city: str) -> str:
        ...     '''The weather in a city now.'''
        >>> [spec] = tool_specs([get_weather])
        >>> spec.name, spec.description, spec.parameters["required"]
        ('get_weather', 'The weather in a city now.', ['city'])
    """
    if isinstance(tools, Mapping) or callable(tools) or not isinstance(tools, Sequence) \
            or isinstance(tools, str):
        raise InvalidTool("tools= takes a list of functions or tool schemas. Fix: "
                          "tools=[my_function] or tools=[{'name': ..., 'parameters': {...}}].")
    specs = []
    for item in tools:
        if isinstance(item, ToolSpec):
            spec = item
        elif isinstance(item, Mapping):
            spec = _from_schema(item)
        elif callable(item):
            spec = _from_function(item)
        else:
            raise InvalidTool(f"tools=[..., {type(item).__name__}, ...]: a tool is a function "
                              "or a schema dict. Fix: pass the function itself, or "
                              "{'name': ..., 'description': ..., 'parameters': {...}}.")
        if not _NAME.match(spec.name):
            raise InvalidTool(f"tool name {spec.name!r} is not 1-64 letters, digits, '_' or "
                              "'-' (what the providers accept). Fix: rename it.")
        specs.append(spec)
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise InvalidTool(f"tools= names a tool twice ({names}). Fix: give each a unique name.")
    return tuple(specs)


def tool_choice(value: object, specs: Sequence[ToolSpec]) -> str:
    """``tool_choice=``: "auto", "none", "required", or the name of one of the tools.

    Raises:
        InvalidTool: anything else.
    """
    if value in ("auto", "none", "required"):
        return str(value)
    if isinstance(value, str) and any(s.name == value for s in specs):
        return value
    raise InvalidTool(f"tool_choice={value!r} is not 'auto', 'none', 'required' or the name "
                      f"of a tool in tools= ({[s.name for s in specs]}).")
