"""Checking values against specs: type hints, dataclasses, TypedDicts and pydantic models.

A spec is any type hint. Plain hints (``str``, ``list[str]``, ``int | None``,
``Literal["a", "b"]``, ``dict[str, float]``) are checked with `isinstance`, element by element.
Structured specs (dataclasses, TypedDicts, pydantic models) also accept a mapping of their
fields, which is checked field by field and converted. Hints that cannot be checked at run
time (type variables, protocols, forward references that do not resolve) accept any value.

pydantic is optional: a pydantic model is recognised without importing pydantic (by its
``model_validate`` method), and pydantic itself is imported only to read its errors.
"""

from __future__ import annotations

import collections.abc as abc
import dataclasses
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from ember._errors import SpecError

__all__ = ["Signature", "check", "is_structured", "signature_of", "type_name"]

_MISSING: Any = object()


class _Mismatch(Exception):
    """A value does not match a hint: `path` inside the value, what was expected, what came."""

    def __init__(self, path: str, expected: str, value: Any, problem: str | None = None) -> None:
        super().__init__(path)
        self.path = path
        self.expected = expected
        self.value = value
        self.problem = problem


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
    if origin is typing.Annotated:
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
        dataclasses.is_dataclass(hint) or typing.is_typeddict(hint) or _is_pydantic(hint)
    )


def _is_pydantic(hint: Any) -> bool:
    return (isinstance(hint, type) and callable(getattr(hint, "model_validate", None))
            and hasattr(hint, "model_fields"))


def _join(path: str, part: str) -> str:
    if part.startswith("["):
        return path + part
    return f"{path}.{part}" if path else part


_SEQUENCES = (list, tuple, set, frozenset, abc.Sequence, abc.MutableSequence, abc.Set,
              abc.MutableSet, abc.Collection, abc.Iterable, abc.Iterator, abc.Container)
_MAPPINGS = (dict, abc.Mapping, abc.MutableMapping)


def _check(value: Any, hint: Any, path: str, convert: bool) -> Any:
    """Return `value` (converted where a structured spec allows it) or raise `_Mismatch`."""
    if hint is Any or hint is object or hint is Ellipsis:
        return value
    if hint is None or hint is type(None):
        if value is None:
            return None
        raise _Mismatch(path, "None", value)
    if isinstance(hint, str | typing.ForwardRef | typing.TypeVar | typing.ParamSpec):
        return value  # unresolved or generic: nothing to check at run time
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated or origin in (typing.ClassVar, typing.Final):
        return _check(value, args[0], path, convert) if args else value
    if origin in (typing.Union, types.UnionType):
        for attempt in (False, True) if convert else (False,):
            for arg in args:
                try:
                    return _check(value, arg, path, attempt)
                except _Mismatch:
                    continue
        raise _Mismatch(path, type_name(hint), value)
    if origin is typing.Literal:
        if any(value == a and type(value) is type(a) for a in args):
            return value
        raise _Mismatch(path, type_name(hint), value)
    supertype = getattr(hint, "__supertype__", None)
    if supertype is not None:  # typing.NewType
        return _check(value, supertype, path, convert)
    if origin is not None:
        return _check_generic(value, hint, origin, args, path, convert)
    if typing.is_typeddict(hint):
        return _check_typeddict(value, hint, path, convert)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _check_dataclass(value, hint, path, convert)
    if _is_pydantic(hint):
        return _check_pydantic(value, hint, path, convert)
    if isinstance(hint, type):
        if hint is float and isinstance(value, int) and not isinstance(value, bool):
            return value  # the numeric tower: an int is acceptable where a float is
        if hint is complex and isinstance(value, int | float) and not isinstance(value, bool):
            return value
        try:
            ok = isinstance(value, hint)
        except TypeError:  # a Protocol that is not runtime-checkable
            return value
        if ok:
            return value
        raise _Mismatch(path, type_name(hint), value)
    return value  # a hint form this checker does not know: accept


def _check_generic(value: Any, hint: Any, origin: Any, args: tuple, path: str,
                   convert: bool) -> Any:
    if origin is type:
        if isinstance(value, type) and (not args or not isinstance(args[0], type)
                                        or issubclass(value, args[0])):
            return value
        raise _Mismatch(path, type_name(hint), value)
    if origin is abc.Callable:
        if callable(value):
            return value
        raise _Mismatch(path, type_name(hint), value)
    if not isinstance(origin, type):
        return value
    try:
        ok = isinstance(value, origin)
    except TypeError:
        return value
    if not ok:
        raise _Mismatch(path, type_name(hint), value)
    if origin in (str, bytes, bytearray) or not args:
        return value
    if origin in _SEQUENCES and isinstance(value, str | bytes | bytearray):
        # A str is a Sequence of str: almost always a mistake for list[str]-like hints.
        raise _Mismatch(path, type_name(hint), value)
    if origin in _MAPPINGS or (isinstance(origin, type) and issubclass(origin, abc.Mapping)):
        if len(args) != 2:
            return value
        changed = False
        out = {}
        for k, v in value.items():
            k2 = _check(k, args[0], _join(path, f"[{k!r}]"), convert)
            v2 = _check(v, args[1], _join(path, f"[{k!r}]"), convert)
            changed = changed or k2 is not k or v2 is not v
            out[k2] = v2
        return out if changed and type(value) is dict else value
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            items = [_check(v, args[0], _join(path, f"[{i}]"), convert)
                     for i, v in enumerate(value)]
        elif args == ((),):
            items = []
            if value:
                raise _Mismatch(path, "tuple[()]", value)
        else:
            if len(value) != len(args):
                raise _Mismatch(path, type_name(hint), value,
                                f"has {len(value)} items, expected {len(args)}")
            items = [_check(v, a, _join(path, f"[{i}]"), convert)
                     for i, (v, a) in enumerate(zip(value, args, strict=True))]
        if any(a is not b for a, b in zip(items, value, strict=True)) and type(value) is tuple:
            return tuple(items)
        return value
    if origin in (abc.Iterable, abc.Iterator) or not isinstance(value, abc.Collection):
        return value  # checking would consume it
    items = [_check(v, args[0], _join(path, f"[{i}]"), convert) for i, v in enumerate(value)]
    if any(a is not b for a, b in zip(items, value, strict=False)) and type(value) in (
            list, set, frozenset):
        return type(value)(items)
    return value


def _field_hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:  # noqa: BLE001 - unresolvable names: check what can be checked
        return {k: v for k, v in getattr(cls, "__annotations__", {}).items()
                if not isinstance(v, str)}


def _check_fields(value: Mapping[str, Any], hints: Mapping[str, Any], required: set[str],
                  allowed: set[str] | None, spec: type, path: str, convert: bool) -> dict:
    for key in value:
        if not isinstance(key, str) or (allowed is not None and key not in allowed):
            names = ", ".join(sorted(allowed or ())) or "none"
            raise _Mismatch(_join(path, str(key)), type_name(spec), value,
                            f"is not a field of {type_name(spec)} (fields: {names})")
    for key in sorted(required):
        if key not in value:
            raise _Mismatch(_join(path, key), type_name(hints.get(key, Any)), _MISSING,
                            "is missing")
    return {k: _check(v, hints.get(k, Any), _join(path, k), convert) for k, v in value.items()}


def _check_typeddict(value: Any, spec: type, path: str, convert: bool) -> Any:
    if not isinstance(value, abc.Mapping):
        raise _Mismatch(path, type_name(spec), value)
    hints = _field_hints(spec)
    required = set(getattr(spec, "__required_keys__", hints))
    out = _check_fields(value, hints, required, set(hints), spec, path, convert)
    changed = any(out[k] is not value[k] for k in out)
    return out if changed else value


def _check_dataclass(value: Any, spec: type, path: str, convert: bool) -> Any:
    if isinstance(value, spec):
        return value
    if not convert or not isinstance(value, abc.Mapping):
        raise _Mismatch(path, type_name(spec), value)
    hints = _field_hints(spec)
    fields = [f for f in dataclasses.fields(spec) if f.init]
    required = {f.name for f in fields if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING}
    kwargs = _check_fields(value, hints, required, {f.name for f in fields}, spec, path, convert)
    try:
        return spec(**kwargs)
    except (TypeError, ValueError) as exc:  # the dataclass's own __post_init__ checks
        raise _Mismatch(path, type_name(spec), value, f"was rejected: {exc}") from exc


def _check_pydantic(value: Any, spec: type, path: str, convert: bool) -> Any:
    if isinstance(value, spec):
        return value
    if not convert:
        raise _Mismatch(path, type_name(spec), value)
    try:
        return spec.model_validate(value)  # type: ignore[attr-defined]
    except Exception as exc:
        errors = getattr(exc, "errors", None)
        if not callable(errors):
            raise
        first = (errors() or [{}])[0]
        loc = tuple(first.get("loc", ()))
        where = path + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        expected = type_name(spec)
        fields = getattr(spec, "model_fields", {})
        if len(loc) == 1 and loc[0] in fields:  # name the field's own type
            expected = type_name(getattr(fields[loc[0]], "annotation", Any))
        found = _MISSING if first.get("type") == "missing" else first.get("input", value)
        raise _Mismatch(where.lstrip("."), expected, found,
                        None if found is _MISSING else first.get("msg", str(exc))) from None


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
        `value`, or for a structured spec given a mapping, the spec's instance.

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
    if type(hint) is type and isinstance(value, hint):
        return value  # the common case: a plain class, an instance of it
    try:
        return _check(value, hint, argument or "", True)
    except _Mismatch as bad:
        raise _spec_error(bad, operator, what, argument is not None) from None


def _spec_error(bad: _Mismatch, operator: str, what: str, named: bool) -> SpecError:
    if not bad.path:
        where = what
    elif named:
        where = f"argument '{bad.path}'"
    elif bad.path.startswith("["):
        where = f"{what} {bad.path}"
    else:
        where = f"{what} field '{bad.path}'"
    if bad.value is _MISSING:
        message = f"{operator}: {where} is missing (expected {bad.expected})"
    elif bad.problem and "field of" in bad.problem:
        message = f"{operator}: {where} {bad.problem}"
    else:
        got = f"{type(bad.value).__name__} {short_repr(bad.value)}"
        tail = f" ({bad.problem})" if bad.problem else ""
        message = f"{operator}: {where} expects {bad.expected}, got {got}{tail}"
    value = None if bad.value is _MISSING else bad.value
    return SpecError(message, operator=operator, field=bad.path or None, expected=bad.expected,
                     value=value)


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
