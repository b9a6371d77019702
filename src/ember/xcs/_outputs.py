"""What ``output=T`` of Ember's models runs of the user's as each answer arrives.

A model call with ``output=T`` validates the answer into `T` in the call itself, so a
validator that prints, a dataclass's ``__post_init__`` that logs or a default factory that
writes runs in the order the answers come back, not in the program's. `code_run_by` reads
`T`'s pydantic core schema (what validation runs) and gives the callables it calls:
validators, ``__post_init__`` and ``model_post_init``, a custom ``__init__``, default
factories, an enum's ``_missing_``. `Models`, `ModelBinding` and operators over them
(``__ember_output__``) declare a model call only while each of those is pure.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from typing import Any

from ember.xcs._effects import ANY, Kind, Rule
from ember.xcs._plain import display_name
from ember.xcs._resolve import static_attr

__all__ = ["answers_checked", "code_run_by"]


def answers_checked(rule: Rule | None, obj: Any, kwargs: dict | None,
                    kind_of: Callable[[Any], Kind]) -> Rule | None:
    """`rule`, a model call `obj` declares, unless the ``output=`` its answers are
    validated into (its call's, or its own default: ``__ember_output__``) runs code of the
    user's that `kind_of` does not find pure: then unknown, run in place."""
    if rule is None or rule.kind is not Kind.READ:
        return rule
    owner = obj.__self__ if isinstance(obj, types.MethodType) else obj
    own = static_attr(type(owner), "__ember_output__", None)
    for output in ((kwargs or {}).get("output"), own(owner) if callable(own) else None):
        if output is ANY:
            continue  # (not known while planning: decided with the call's own, as it starts)
        code = code_run_by(output)
        acting = "code not known" if code is None else next(
            (display_name(f) + "()" for f in code if kind_of(f) is not Kind.PURE), None)
        if acting is not None:
            return Rule(Kind.UNKNOWN, f"its answer is validated into {display_name(output)}, "
                        f"which runs {acting} as the answer arrives: in place")
    return rule

# Schema nodes whose validation calls nothing beyond what their keys below name.
_QUIET = frozenset({
    "any", "none", "bool", "int", "float", "decimal", "str", "bytes", "date", "time",
    "datetime", "timedelta", "literal", "uuid", "url", "multi-host-url", "complex",
    "missing-sentinel", "callable", "list", "tuple", "set", "frozenset", "generator", "dict",
    "nullable", "union", "tagged-union", "chain", "lax-or-strict", "json-or-python", "json",
    "typed-dict", "typed-dict-field", "model-fields", "model-field", "dataclass-args",
    "dataclass-field", "arguments", "arguments-v3", "definitions", "definition-ref",
    "custom-error", "default", "model", "dataclass", "enum", "is-instance", "is-subclass",
    "function-before", "function-after", "function-wrap", "function-plain", "call",
    "no-info", "with-info",
})
# Keys that hold what validation does not run (how values are dumped, JSON-schema hooks).
_SKIPPED = frozenset({"serialization", "metadata", "ref", "config"})

_cache: dict[int, tuple[Any, tuple[Any, ...] | None]] = {}


def code_run_by(kind: Any) -> tuple[Any, ...] | None:
    """The callables validating an answer into `kind` may run; None when that cannot be
    told (no pydantic schema, a node of a kind not known here)."""
    if kind is None or isinstance(kind, Mapping):  # (a JSON schema: checked by Ember)
        return ()
    hit = _cache.get(id(kind))
    if hit is not None and hit[0] is kind:
        return hit[1]
    try:
        import pydantic  # (Ember's own dependency; imported once an output= is seen)

        found: list[Any] | None = []
        _walk(pydantic.TypeAdapter(kind).core_schema, found, set())
    except _Unknown:
        found = None
    except Exception:  # noqa: BLE001 - no schema: the call itself raises InvalidParameter
        found = []
    if len(_cache) > 256:
        _cache.clear()
    _cache[id(kind)] = (kind, tuple(found) if found is not None else None)
    return _cache[id(kind)][1]


class _Unknown(Exception):
    pass


def _walk(node: Any, found: list[Any], seen: set[int]) -> None:
    if isinstance(node, (list, tuple)):
        for item in node:
            _walk(item, found, seen)
        return
    if not isinstance(node, dict) or id(node) in seen:
        return
    seen.add(id(node))
    kind = node.get("type")
    if kind is not None:
        if kind not in _QUIET:
            raise _Unknown(kind)
        found.extend(_callables(kind, node))
    for key, value in node.items():
        if key not in _SKIPPED and isinstance(value, (dict, list, tuple)):
            _walk(value, found, seen)


def _callables(kind: str, node: dict[str, Any]) -> list[Any]:
    cls = node.get("cls")
    if kind in ("no-info", "with-info", "call"):
        return [node["function"]] if callable(node.get("function")) else []
    if kind == "default" and node.get("default_factory") is not None:
        return [node["default_factory"]]
    if kind == "model":
        return [*([getattr(cls, node["post_init"])] if node.get("post_init") else []),
                *([cls.__init__] if node.get("custom_init") else [])]
    if kind == "dataclass" and node.get("post_init"):
        return [cls.__post_init__]
    if kind == "enum":
        own = getattr(cls, "_missing_", None)
        return [own] if getattr(own, "__func__", None) is not enum.Enum._missing_.__func__ else []
    if kind in ("is-instance", "is-subclass") and type(cls) is not type:
        raise _Unknown(kind)  # (a metaclass's __instancecheck__ may be the user's)
    return []
