"""pydantic's models: validating into one (``Answer(text=...)``, ``model_validate``) and
dumping one (``model_dump``) is pydantic's own code, pure, when the model's schema holds
no function of the user's (a validator, a serializer, a default factory, a computed
field, an ``__init__`` or ``model_post_init`` of theirs). Loaded once pydantic is
imported (`_effects.on_import`)."""

from __future__ import annotations

import weakref
from typing import Any

from ember.xcs._effects import ArgRule, Kind, Rule, put_type

__all__ = ["load"]

_VALIDATES = Rule(Kind.PURE, "pydantic validates into the model (no validator of yours)")
_DUMPS = Rule(Kind.PURE, "pydantic dumps the model (no serializer of yours)")
_VALIDATORS = frozenset({"model_validate", "model_validate_json", "model_validate_strings"})
_DUMPERS = frozenset({"model_dump", "model_dump_json"})
_BUILTIN_FACTORIES = frozenset({list, dict, set, tuple, frozenset, str, int, float, bool,
                                bytes})


def load() -> None:
    from pydantic import BaseModel

    metaclass = type(BaseModel)

    def by_name(owner: type, name: str) -> Rule | ArgRule | None:
        """Calling the class (its ``__init__``, as `_construct` asks), ``model_validate``
        and kin on it, ``model_dump`` and kin on its objects: decided by its schema."""
        if owner is BaseModel or type(owner) is not metaclass:
            return None
        if name == "__init__" or name in _VALIDATORS:
            # What it is given is checked and stored, not run, unless `from_attributes`
            # reads an object's attributes (a property of yours).
            if not _no_code(owner, validating=True) or owner.model_config.get(
                    "from_attributes"):
                return None
            return _VALIDATES if name == "__init__" else _data_only
        if name in _DUMPERS and _no_code(owner, validating=False):
            return _DUMPS
        return None

    put_type(BaseModel, by_name)


def _data_only(args: tuple, kwargs: dict) -> Rule | None:
    """``Model.model_validate(data)``: not ``from_attributes=True``, nor code handed in."""
    if kwargs.get("from_attributes", False) is not False or any(map(callable, kwargs.values())):
        return None
    return _VALIDATES


_checked: weakref.WeakKeyDictionary[type, tuple[bool, bool]] = weakref.WeakKeyDictionary()


def _no_code(cls: type, *, validating: bool) -> bool:
    """Does validating into `cls` (or dumping one) run only pydantic's code? Found in its
    core schema, once per class: a built model's schema does not change."""
    hit = _checked.get(cls)
    if hit is None:
        schema = cls.__dict__.get("__pydantic_core_schema__")
        complete = cls.__dict__.get("__pydantic_complete__") is True and isinstance(schema, dict)
        hit = (complete and _free(schema, "validation", set()),
               complete and _free(schema, "serialization", set()))
        _checked[cls] = hit
    return hit[0] if validating else hit[1]


def _free(node: Any, side: str, seen: set[int]) -> bool:
    """No code of the user's in this part of a core schema, for validating or dumping
    (`side`): every callable in it is pydantic's own, a model class without an
    ``__init__`` or ``model_post_init`` of the user's, an enum class without a
    ``_missing_`` of theirs, or a builtin default factory. For dumping, no field of any
    type either, and a validator of yours counts too: the walk does not tell a field's
    validator from its serializer."""
    if id(node) in seen:
        return True
    seen.add(id(node))
    if isinstance(node, list | tuple):
        return all(_free(v, side, seen) for v in node)
    if not isinstance(node, dict):
        return not callable(node) or _pydantics(node)
    kind = node.get("type")
    if kind == "model" and (node.get("custom_init") or node.get("post_init")):
        return False
    if side == "serialization" and (node.get("computed_fields") or kind == "any"):
        return False  # (a value of any type is dumped by its own class's serializer)
    for key, value in node.items():
        if key == "metadata" or key == "serialization" and side == "validation":
            continue  # (JSON schema hooks; what dumping runs)
        if key == "cls" and kind == "model":
            continue  # (a model class: its own schema is the one walked)
        if key == "default_factory" and value in _BUILTIN_FACTORIES:
            continue
        if key == "cls" and kind == "enum" and "missing" not in node:
            continue  # (an enum's members are looked up by value: no `_missing_` of yours)
        if not _free(value, side, seen):
            return False
    return True


def _pydantics(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.partition(".")[0] in ("pydantic", "pydantic_core")
