"""What calling a class runs: its metaclass's `__call__`, its `__new__`, its `__init__`
(for the one `dataclasses` wrote, what that runs) and, when the object goes, its
`__del__`; each summarised as any helper (`_summary`)."""

from __future__ import annotations

import dataclasses
import sys
import types
from dataclasses import replace
from typing import Any

from ember.xcs import _dunders, _summary  # (_summary uses this module: by its name)
from ember.xcs._effects import Kind
from ember.xcs._plain import dataclasses_wrote
from ember.xcs._resolve import generated_new, static_attr

__all__ = ["construct"]


def construct(cls: type) -> _summary.CallFact:
    """Calling a class: what its metaclass's `__call__`, its `__new__` and its `__init__`
    do (for the `__init__` that `dataclasses` generated, what it runs: `_dataclass_init`)."""
    what = f"constructs {cls.__qualname__}"
    init = static_attr(cls, "__init__", None)
    facts = []
    if _generated_init(cls, init):
        facts += _dataclass_init(cls)
        init = static_attr(cls, "__post_init__", None)
    elif _validates_only(cls, init, set()):
        init = None  # pydantic's: its fields' validation runs no Python code
    if isinstance(init, types.FunctionType):
        fact = _summary.summarize(init)
        if fact.kind is Kind.CPU and not fact.globals_changed:  # (it sets attributes of
            fact = replace(fact, kind=Kind.PURE)  # the new object: nothing outside)
        facts.append(fact)
    finalise = static_attr(cls, "__del__", None)  # (what it does when the object goes)
    if isinstance(finalise, types.FunctionType):
        fact = _summary.summarize(finalise)
        if fact.kind is not Kind.PURE:
            facts.append(fact)
    new = static_attr(cls, "__new__", None)
    new = new.__func__ if isinstance(new, staticmethod) else new
    call = static_attr(type(cls), "__call__", None)  # a metaclass's
    facts += [_summary.summarize(fn) for fn in (new, call)
              if isinstance(fn, types.FunctionType) and not generated_new(fn)]
    if not facts:
        return _summary.CallFact(Kind.PURE, what, obj=cls)  # built-in (exceptions, ...)
    fact = _dunders.strongest(facts)
    return replace(fact, reason=f"{what}: {fact.reason}", obj=cls,
                   threads=any(f.threads for f in facts),
                   globals_changed=any(f.globals_changed for f in facts))


def _generated_init(cls: type, init: Any) -> bool:
    """Is `init` the `__init__` that `dataclasses` wrote (exec'd from a string, inside its
    ``__create_fn__``)? Another one (pydantic's, which runs validators, or the user's own)
    is summarised like any `__init__`."""
    return dataclasses.is_dataclass(cls) and dataclasses_wrote(init)


def _validates_only(cls: type, init: Any, seen: set[int]) -> bool:
    """Is `init` pydantic's own `BaseModel.__init__`, on a model whose validation runs no
    Python code (so constructing it is pure: it may raise a `ValidationError`, as
    ``int("x")`` may raise)? Its core schema, and those of the models it nests, must hold
    no function (a validator, a serializer, a default factory other than a builtin
    container's) and no custom ``__init__`` or ``model_post_init``. The schema says what
    pydantic-core will run; anything it does not describe keeps the summary of pydantic's
    `__init__` (unknown: it may warn)."""
    main = sys.modules.get("pydantic.main")
    model = getattr(main, "BaseModel", None)
    if model is None or not isinstance(cls, type) or not issubclass(cls, model) or (
            init is not static_attr(model, "__init__", None)):
        return False
    seen.add(id(cls))
    return (getattr(cls, "__pydantic_complete__", False) is True
            and getattr(cls, "__pydantic_post_init__", None) is None
            and static_attr(cls, "__new__", None) is object.__dict__["__new__"]
            and static_attr(type(cls), "__call__", None) is type.__dict__["__call__"]
            and _no_python(getattr(cls, "__pydantic_core_schema__", None), model, seen))


_FACTORIES = frozenset({list, dict, set, tuple, frozenset, str, bytes, int, float, bool})


def _no_python(schema: Any, model: type, seen: set[int]) -> bool:
    """Does this part of a pydantic core schema run no Python code when it validates? Its
    ``metadata`` is for JSON schemas only."""
    if isinstance(schema, dict):
        if schema.get("custom_init") or schema.get("post_init"):
            return False
        for key, value in schema.items():
            if key == "metadata":
                continue
            if key == "cls":
                if id(value) not in seen and not _validates_only(
                        value, static_attr(value, "__init__", None), seen):
                    return False
            elif key == "default_factory":
                if value not in _FACTORIES:
                    return False
            elif not _no_python(value, model, seen):
                return False
        return True
    if isinstance(schema, (list, tuple)):
        return all(_no_python(v, model, seen) for v in schema)
    return schema is not None and (isinstance(schema, (str, int, float, bytes)) or (
        not callable(schema))) or schema is None


def _dataclass_init(cls: type) -> list[_summary.CallFact]:
    """What a generated `__init__` runs besides `__post_init__`: each field's
    `default_factory`, and per assignment the class's `__setattr__` (not a frozen one's:
    it assigns through `object`'s) and the `__set__` of a data descriptor that is a
    field's default."""
    facts = []
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    setter = static_attr(cls, "__setattr__", None)
    if not frozen and setter is not object.__setattr__:
        facts.append(_summary.summarize(setter) if isinstance(setter, types.FunctionType) else
                     _summary.CallFact(Kind.UNKNOWN, f"its fields are set by {setter!r}, not Python code"))
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:  # (list, dict, ...: pure)
            fact = _summary.fact_for_object(f.default_factory)
            facts.append(replace(fact, reason=f"{f.name}'s default_factory: {fact.reason}"))
        default = static_attr(cls, f.name, None)
        if isinstance(default, types.MemberDescriptorType) or not hasattr(
                type(default), "__set__"):
            continue  # a plain value (or a slot, with slots=True)
        if isinstance(default, property):
            put = default.fset
        else:  # (bound, so its body's `self` is the descriptor)
            put = static_attr(type(default), "__set__", None)
            put = types.MethodType(put, default) if isinstance(put, types.FunctionType) else None
        fact = _summary.fact_for_object(put) if put is not None else _summary.CallFact(
            Kind.UNKNOWN, f"{f.name} is set by {type(default).__name__}, not Python code")
        facts.append(replace(fact, reason=f"setting {f.name}: {fact.reason}"))
    return facts
