"""pydantic: ``Model.model_validate_json(text)`` parses JSON into the model, pydantic's own
code, pure when the model's schema holds no code of the user's. What it is handed is text
(anything else it refuses), so unlike building a model from Python values (whose
``__float__``, mapping methods or attributes validation may run) it reads nothing of the
user's. Loaded once pydantic is imported (`_effects.on_import`)."""

from __future__ import annotations

import enum
import weakref
from typing import Any

from ember.xcs._effects import Kind, Rule, put_rule
from ember.xcs._plain import immutable

__all__ = ["load"]

_PARSES = Rule(Kind.PURE, "pydantic parses JSON into the model (no code of yours in its schema)")
_BUILTIN_FACTORIES = frozenset({list, dict, set, tuple, frozenset, str, int, float, bool,
                                bytes})


def load() -> None:
    from pydantic import BaseModel

    metaclass = type(BaseModel)

    def parsing(args: tuple, kwargs: dict) -> Rule | None:
        """``Model.model_validate_json(text)``, given the class called on: decided by its
        schema (a `context` is handed to validators, of which it has none)."""
        owner = args[0] if args else None
        if not isinstance(owner, type) or type(owner) is not metaclass or owner is BaseModel:
            return None
        return _PARSES if _no_code(owner) else None

    parsing.receiver = True  # type: ignore[attr-defined]
    put_rule(BaseModel.model_validate_json, parsing)


_checked: weakref.WeakKeyDictionary[type, bool] = weakref.WeakKeyDictionary()


def _no_code(cls: type) -> bool:
    """Does parsing into `cls` run only pydantic's code? Found in its core schema, once per
    class: a built model's schema does not change."""
    hit = _checked.get(cls)
    if hit is None:
        schema = cls.__dict__.get("__pydantic_core_schema__")
        hit = _checked[cls] = cls.__dict__.get("__pydantic_complete__") is True and (
            isinstance(schema, dict) and _free(schema, set()))
    return hit


def _free(node: Any, seen: set[int]) -> bool:
    """No code of the user's in this part of a core schema: every callable in it is
    pydantic's own, a model class (its own schema is walked) with no ``__init__`` or
    ``model_post_init`` of the user's, an enum class with no ``_missing_`` of theirs, or
    a builtin default factory; every other value is one no statement can change, or a
    list, dict or set of such (a default is deep-copied: a ``__deepcopy__`` of the user's
    would run)."""
    if id(node) in seen:
        return True
    seen.add(id(node))
    if isinstance(node, list | tuple):
        return all(_free(v, seen) for v in node)
    if not isinstance(node, dict):
        return _pydantics(node) if callable(node) else _copied_plainly(node)
    kind = node.get("type")
    if kind == "model" and (node.get("custom_init") or node.get("post_init")):
        return False
    for key, value in node.items():
        if key in ("metadata", "serialization"):
            continue  # (JSON schema hooks; what dumping runs)
        if key == "cls" and (kind == "model" or kind == "enum" and "missing" not in node):
            continue
        if key == "members" and kind == "enum":
            continue  # (looked up by the value parsed: a str or a number)
        if key == "default_factory" and value in _BUILTIN_FACTORIES:
            continue
        if not _free(value, seen):
            return False
    return True


def _copied_plainly(value: Any) -> bool:
    """A value no statement changes, or a list, dict or set of such (`copy.deepcopy` of
    it runs no code of the user's)."""
    if type(value) in (list, set):
        return all(_copied_plainly(v) for v in value)
    if type(value) is dict:
        return all(_copied_plainly(v) for kv in value.items() for v in kv)
    if isinstance(value, enum.Enum):  # (a member copies as itself, unless yours say not)
        return all(getattr(type(value), n) is getattr(enum.Enum, n)
                   for n in ("__deepcopy__", "__copy__"))
    return immutable(value)


def _pydantics(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.partition(".")[0] in ("pydantic", "pydantic_core")
