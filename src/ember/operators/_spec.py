"""Checking values against specs: type hints, dataclasses, TypedDicts and pydantic models.

A spec is any type hint: ``str``, ``list[str]``, ``int | None``, ``Literal["a", "b"]``,
``dict[str, float]``, a dataclass, a TypedDict or a pydantic model. pydantic's `TypeAdapter`
does the checking, in strict mode (``"3"`` is not an int, an int is a float) with one
exception: a dataclass also accepts a mapping of its fields, which is checked field by field
and converted, as a pydantic model does. Unknown keys of a dataclass or TypedDict are
refused (a pydantic model keeps its own settings: lax, ``extra`` as it says). Hints pydantic
cannot build a validator for (protocols that are not runtime-checkable, forward references
that do not resolve, a `typing.TypedDict` inside a dataclass before Python 3.12) accept any
value.

A check returns the value itself, unless the spec converts (a dataclass or pydantic model built
from a mapping, or a validator of the user's): plain hints never copy the caller's list.
"""

from __future__ import annotations

import collections.abc as abc
import dataclasses
import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import pydantic
import pydantic_core

from ember._errors import SpecError
from ember.models.lowlevel import portable

__all__ = ["Signature", "check", "is_structured", "signature_of", "type_name"]

_MISSING: Any = object()
# What the adapters enforce; `arbitrary_types_allowed` checks a plain class with isinstance.
_CONFIG = pydantic.ConfigDict(strict=True, extra="forbid", arbitrary_types_allowed=True)
_CORE_CONFIG: pydantic_core.core_schema.CoreConfig = {
    "strict": True, "extra_fields_behavior": "forbid"}
# Core-schema nodes whose output is not the input: the spec converts.
_CONVERTING = frozenset({"dataclass", "model", "function-after", "function-before",
                         "function-wrap", "function-plain"})
# Error kinds that only say "wrong type": the message's "expects X, got Y" says it already.
_TYPE_ERRORS = frozenset({"literal_error", "is_instance_of", "is_subclass_of", "none_required",
                          "enum", "callable_type"})
# Wrappers that say something about a field, not its type.
_WRAPPERS = (typing.Annotated, typing.Required, typing.NotRequired)


def short_repr(value: Any, limit: int = 60) -> str:
    """`repr` cut to `limit` characters, for messages."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def type_name(hint: Any) -> str:
    """A readable name for a type hint: ``str``, ``list[str]``, ``int | None``.

    Examples:
        >>> type_name(list[str]), type_name(int | None)
        ('list[str]', 'int | None')
    """
    if hint is None or hint is type(None):
        return "None"
    if hint is Any:
        return "Any"
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in _WRAPPERS:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_name(a) for a in args)
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(a) for a in args) + "]"
    if origin is not None:
        base = getattr(origin, "__name__", str(origin))
        if not args:
            return base
        inner = ", ".join("..." if a is Ellipsis else type_name(a) for a in args)
        return f"{base}[{inner}]"
    if isinstance(hint, type):
        return hint.__name__
    return str(hint).replace("typing.", "")


def is_structured(hint: Any) -> bool:
    """True for specs built from named fields: dataclasses, TypedDicts, pydantic models."""
    return isinstance(hint, type) and (
        dataclasses.is_dataclass(hint) or typing.is_typeddict(hint)
        or issubclass(hint, pydantic.BaseModel))


# --- validators ---------------------------------------------------------------------------


def _prepare(node: Any) -> tuple[Any, bool]:
    """A copy of a core schema whose dataclass nodes take a mapping (strict mode wants an
    instance), and whether any node converts its input. A copy: nodes may be shared with
    the schemas pydantic keeps on the user's classes."""
    if isinstance(node, list):
        pairs = [_prepare(child) for child in node]
        return [n for n, _ in pairs], any(c for _, c in pairs)
    if not isinstance(node, dict):
        return node, False
    out: dict[str, Any] = {}
    converts = node.get("type") in _CONVERTING
    for key, child in node.items():
        out[key], inner = _prepare(child)
        converts = converts or inner
    if node.get("type") == "dataclass":
        out["strict"] = False
    return out, converts


@dataclasses.dataclass(frozen=True)
class _Validator:
    """pydantic's validator for one hint, wrapped in a 1-tuple (a TypeAdapter takes no config
    for a bare dataclass or TypedDict); `converts`: its output is what callers get."""

    core: pydantic_core.SchemaValidator
    converts: bool

    def __call__(self, value: Any) -> Any:
        out = self.core.validate_python((value,))[0]
        return out if self.converts else value


def _build(hint: Any) -> _Validator | None:
    try:
        schema = pydantic.TypeAdapter(tuple[portable(hint)], config=_CONFIG).core_schema
        if not isinstance(schema, dict):  # a forward reference that does not resolve
            return None
        schema, converts = _prepare(schema)
        return _Validator(pydantic_core.SchemaValidator(schema, _CORE_CONFIG), converts)
    except (pydantic.PydanticUserError, pydantic_core.SchemaError, NameError, TypeError):
        return None  # nothing pydantic can check at run time: accept any value


_cached_build = functools.lru_cache(maxsize=1024)(_build)


def _validator(hint: Any) -> _Validator | None:
    try:
        return _cached_build(hint)
    except TypeError:  # an unhashable hint (Annotated with a dict, ...): build it each time
        return _build(hint)


# --- messages -----------------------------------------------------------------------------


def _fields(spec: Any) -> dict[str, Any]:
    """The field hints of a structured spec (those that resolve)."""
    if isinstance(spec, type) and issubclass(spec, pydantic.BaseModel):
        return {name: f.annotation for name, f in spec.model_fields.items()}
    try:
        return typing.get_type_hints(spec, include_extras=True)
    except Exception:  # noqa: BLE001 - unresolvable names: name what can be named
        return {k: v for k, v in getattr(spec, "__annotations__", {}).items()
                if not isinstance(v, str)}


def _child(hint: Any, part: Any) -> tuple[Any, str] | None:
    """The hint one step (`part` of pydantic's error location) inside `hint`, and the step
    as written in a path; None where the location leaves what a hint can say."""
    if is_structured(hint):
        fields = _fields(hint)
        return (fields[part], part) if part in fields else None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if not isinstance(origin, type):
        return None
    label = f"[{part!r}]"
    if issubclass(origin, abc.Mapping):
        return (args[1] if len(args) == 2 else Any), label
    if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        return (args[part], label) if isinstance(part, int) and part < len(args) else None
    if issubclass(origin, abc.Iterable) and isinstance(part, int):
        return (args[0] if args else Any), label
    return None


def _step(value: Any, part: Any) -> Any:
    """`value[part]` (or its field `part`), `_MISSING` where there is none."""
    try:
        if isinstance(value, Mapping | abc.Sequence):
            return value[part]
        if isinstance(value, abc.Collection) and isinstance(part, int):
            return list(value)[part]
        return getattr(value, part)
    except (LookupError, TypeError, AttributeError):
        return _MISSING


def _locate(hint: Any, value: Any, loc: tuple) -> tuple[str, Any, Any, bool]:
    """Follow pydantic's error location through the hint and the value.

    Returns the path as the user would write it, the hint and the value found there, and
    whether the whole location was followed: it stops at a union (pydantic then names each
    member's own error) and at whatever a hint cannot describe.
    """
    path = ""
    i = 0
    while i < len(loc):
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in _WRAPPERS:
            hint = args[0]
            continue
        if getattr(hint, "__supertype__", None) is not None:  # typing.NewType
            hint = hint.__supertype__
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            if len(members) == 1 and value is not None:  # Optional: pydantic adds no step
                hint = members[0]
                continue
            break
        if loc[i + 1:i + 2] == ("[key]",):  # a mapping's key is wrong, not its value
            step = (args[0] if args else Any), f"[{loc[i]!r}]"
            value, i = loc[i], i + 2
        else:
            step = _child(hint, loc[i])
            if step is None:
                break
            value, i = _step(value, loc[i]), i + 1
        hint, label = step
        path = path + label if label.startswith("[") or not path else f"{path}.{label}"
    return path, hint, value, i == len(loc)


def _spec_error(error: pydantic_core.ValidationError, value: Any, hint: Any, operator: str,
                what: str, argument: str | None) -> SpecError:
    first = error.errors(include_url=False)[0]
    loc, kind = tuple(first["loc"][1:]), first["type"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        path, spec, _, _ = _locate(hint, value, loc[:-1])
        key = loc[-1]
        path = f"{path}.{key}" if path else str(key)
        names = ", ".join(sorted(_fields(spec))) or "none"
        problem = f"is not a field of {type_name(spec)} (fields: {names})"
        expected, found = type_name(spec), first.get("input")
    else:
        path, at, found, whole = _locate(hint, value, loc)
        expected = type_name(at)
        if found is _MISSING:
            problem = f"is missing (expected {expected})"
        else:
            problem = f"expects {expected}, got {type(found).__name__} {short_repr(found)}"
            if whole and not (kind in _TYPE_ERRORS or kind.endswith(("_type", "_parsing"))):
                problem += f" ({first['msg']})"
    if argument is not None:
        path = argument + path if path.startswith("[") or not path else f"{argument}.{path}"
        where = f"argument '{path}'"
    elif not path:
        where = what
    elif path.startswith("["):
        where = f"{what} {path}"
    else:
        where = f"{what} field '{path}'"
    return SpecError(f"{operator}: {where} {problem}", operator=operator, field=path or None,
                     expected=expected, value=None if found is _MISSING else found)


def check(value: Any, hint: Any, *, operator: str = "value", what: str = "input",
          argument: str | None = None) -> Any:
    """Check `value` against the spec `hint`; return it, converted for structured specs.

    Args:
        value: the value to check.
        hint: a type hint, dataclass, TypedDict or pydantic model.
        operator: the operator's name, for the message.
        what: ``"input"`` or ``"output"``, for the message.
        argument: the parameter the value was passed as, if any, for the message.

    Returns:
        `value`, or for a spec that converts (a dataclass or pydantic model given a mapping),
        what pydantic built from it.

    Raises:
        SpecError: naming the operator, the field, the expected type and the value.

    Examples:
        >>> check(["a", "b"], list[str])
        ['a', 'b']
        >>> check({"x": 1}, dict[str, str], operator="Tag")
        Traceback (most recent call last):
        ...
        ember._errors.SpecError: Tag: input ['x'] expects str, got int 1
    """
    if type(hint) is type and type(value) is hint:
        return value  # the common case: a plain class, an instance of it
    validator = _validator(hint)
    if validator is None:
        return value
    try:
        return validator(value)
    except pydantic_core.ValidationError as exc:
        raise _spec_error(exc, value, hint, operator, what, argument) from None


# --- signatures ---------------------------------------------------------------------------


def _hints_of(fn: Callable[..., Any]) -> dict[str, Any]:
    target = inspect.unwrap(fn)
    try:
        return typing.get_type_hints(target, include_extras=True)
    except Exception:  # noqa: BLE001 - names that do not resolve: keep the ones that are types
        return {k: v for k, v in getattr(target, "__annotations__", {}).items()
                if not isinstance(v, str)}


class Signature:
    """How one operator's calls are checked: its input/output specs or its type hints."""

    __slots__ = ("name", "sig", "hints", "result", "input_spec", "output_spec", "_checks",
                 "_positional")

    def __init__(self, name: str, fn: Callable[..., Any] | None, *, skip_self: bool,
                 input_spec: Any = None, output_spec: Any = None, check_types: bool = True):
        self.name = name
        self.input_spec = input_spec
        self.output_spec = output_spec
        self.sig: inspect.Signature | None = None
        self.hints: dict[str, Any] = {}
        self.result: Any = _MISSING
        if fn is not None and check_types:
            try:
                sig = inspect.signature(fn)
            except (TypeError, ValueError):
                sig = None
            if sig is not None:
                params = list(sig.parameters.values())
                if skip_self and params:
                    params = params[1:]
                self.sig = sig.replace(parameters=params)
                hints = _hints_of(fn)
                self.hints = {p.name: hints[p.name] for p in params
                              if p.name in hints and hints[p.name] not in (Any, object)}
                ret = hints.get("return", _MISSING)
                if ret not in (Any, object):
                    self.result = ret
        if output_spec is not None:
            self.result = output_spec
        self._checks = bool(self.hints) or input_spec is not None
        # Names of the leading plain parameters, for calls that pass only those, positionally.
        self._positional: tuple[str, ...] = ()
        if self.sig is not None:
            plain = []
            for p in self.sig.parameters.values():
                if p.kind not in (inspect.Parameter.POSITIONAL_ONLY,
                                  inspect.Parameter.POSITIONAL_OR_KEYWORD):
                    break
                plain.append(p.name)
            self._positional = tuple(plain)

    def inputs(self, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
        """Check (and convert) a call's arguments; return the ones to pass on."""
        if not self._checks:
            return args, kwargs
        spec = self.input_spec
        if spec is not None:
            if len(args) == 1 and not kwargs:
                return (check(args[0], spec, operator=self.name, what="input"),), {}
            if not args and kwargs and is_structured(spec):
                return (check(kwargs, spec, operator=self.name, what="input"),), {}
            fields = " (or its fields as keyword arguments)" if is_structured(spec) else ""
            raise SpecError(
                f"{self.name}: takes one input of type {type_name(spec)}{fields}; got "
                f"{len(args)} positional and {len(kwargs)} keyword arguments",
                operator=self.name, expected=type_name(spec), value=args or kwargs)
        if not kwargs and len(args) == len(self._positional):
            out = None
            hints = self.hints
            for i, name in enumerate(self._positional):
                hint = hints.get(name)
                if hint is None:
                    continue
                value = args[i]
                if type(hint) is type and type(value) is hint:
                    continue  # the common case, without a call
                new = check(value, hint, operator=self.name, argument=name)
                if new is not value:
                    out = list(args) if out is None else out
                    out[i] = new
            return (args if out is None else tuple(out)), kwargs
        try:
            bound = self.sig.bind(*args, **kwargs)  # type: ignore[union-attr]
        except TypeError:
            return args, kwargs  # the call itself raises Python's own TypeError
        changed = False
        arguments = bound.arguments
        for name, value in arguments.items():
            hint = self.hints.get(name)
            if hint is None:
                continue
            kind = self.sig.parameters[name].kind  # type: ignore[union-attr]
            if kind is inspect.Parameter.VAR_POSITIONAL:
                new = tuple(check(v, hint, operator=self.name, argument=f"{name}[{i}]")
                            for i, v in enumerate(value))
                moved = any(a is not b for a, b in zip(new, value, strict=True))
            elif kind is inspect.Parameter.VAR_KEYWORD:
                new = {k: check(v, hint, operator=self.name, argument=k)
                       for k, v in value.items()}
                moved = any(new[k] is not value[k] for k in value)
            else:
                new = check(value, hint, operator=self.name, argument=name)
                moved = new is not value
            if moved:
                arguments[name] = new
                changed = True
        if changed:
            return bound.args, bound.kwargs
        return args, kwargs

    def output(self, value: Any) -> Any:
        """Check (and convert) a result."""
        result = self.result
        if result is _MISSING or (type(result) is type and type(value) is result):
            return value
        return check(value, result, operator=self.name, what="output")


def signature_of(name: str, fn: Callable[..., Any] | None, *, skip_self: bool,
                 input_spec: Any = None, output_spec: Any = None,
                 check_types: bool = True) -> Signature:
    """Build the `Signature` checking calls of `fn` (see `Signature`)."""
    return Signature(name, fn, skip_self=skip_self, input_spec=input_spec,
                     output_spec=output_spec, check_types=check_types)
