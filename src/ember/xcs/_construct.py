"""What calling a class runs: its metaclass's `__call__`, its `__new__`, its `__init__`
(for the one `dataclasses` wrote, what that runs) and, when the object goes, its
`__del__`; each summarised as any helper (`_summary`)."""

from __future__ import annotations

import dataclasses
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
