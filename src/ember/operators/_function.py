"""`op`: turn a function into an operator, checked by its type hints."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, overload

from ember import _core
from ember._errors import SpecError
from ember.operators._call import acall_any, kind_of
from ember.operators._module import Operator
from ember.operators._spec import Signature, short_repr, signature_of
from ember.xcs import Kind

__all__ = ["FunctionOperator", "op"]


class FunctionOperator(Operator):
    """A function as an operator (made by `op`): calls are checked by the function's hints.

    Examples:
        >>> def shout(text: str) -> str:
        ...     return text.upper()
        >>> FunctionOperator(shout)("hi")
        'HI'
    """

    fn: Callable[..., Any]
    name: str | None = None
    input_spec: Any = None
    output_spec: Any = None
    check_types: bool = True

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise SpecError(f"op(): expected a function, got {type(self.fn).__name__} "
                            f"{short_repr(self.fn)}", operator="op", field="fn",
                            expected="a callable", value=self.fn)
        if self.name is None:
            self.name = getattr(self.fn, "__name__", None) or type(self.fn).__name__

    @property
    def __wrapped__(self) -> Callable[..., Any]:
        return self.fn

    @property
    def __name__(self) -> str:  # type: ignore[override]
        return self.name or "op"

    def _ember_kind(self) -> Kind | None:
        kind = kind_of(self.fn)
        return kind if kind in (Kind.READ, Kind.PURE) else None

    def _ember_signature(self) -> Signature:
        sig = self.__dict__.get("_ember_sig")
        if sig is None:  # made on first call: the hints may name things defined later
            sig = signature_of(self.name or "op", self.fn, skip_self=False,
                               input_spec=self.input_spec, output_spec=self.output_spec,
                               check_types=self.check_types)
            self.__dict__["_ember_sig"] = sig  # a cache, not a field: not part of the value
        return sig

    def __ember_jit__(self, jit: Callable[[Any], Any]) -> FunctionOperator:
        """``xcs.jit(an_op)``: the same operator over the jitted function (so ``@xcs.jit``
        above ``@op`` equals ``@op`` above ``@xcs.jit``)."""
        return FunctionOperator(jit(self.fn), self.name, self.input_spec, self.output_spec,
                                self.check_types)

    def stats(self) -> dict[str, Any]:
        """`xcs.get_jit_stats` of the jitted function (raises `JITError` if it is not jitted)."""
        from ember.xcs import get_jit_stats

        return get_jit_stats(self.fn)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        if inspect.iscoroutinefunction(self.fn):
            return _core.run(self.fn(*args, **kwargs))
        return self.fn(*args, **kwargs)

    async def aforward(self, *args: Any, **kwargs: Any) -> Any:
        return await acall_any(self.fn, *args, **kwargs)

    def __repr__(self) -> str:
        return f"op({self.name})"


@overload
def op(fn: Callable[..., Any], /) -> FunctionOperator: ...
@overload
def op(*, name: str | None = None, input_spec: Any = None, output_spec: Any = None,
       check_types: bool = True) -> Callable[[Callable[..., Any]], FunctionOperator]: ...


def op(fn: Callable[..., Any] | None = None, /, *, name: str | None = None,
       input_spec: Any = None, output_spec: Any = None,
       check_types: bool = True) -> Any:
    """Turn a function (or ``async def``) into an operator.

    Calls are checked against the function's type hints (arguments and return), or against
    `input_spec` / `output_spec` when given. The operator composes with ``>>`` and ``&``,
    has an async twin `acall`, and is immutable.

    Args:
        fn: the function. Without it, `op(...)` returns a decorator taking the options.
        name: the operator's name in messages (default: the function's name).
        input_spec: the type of the one input (a dataclass, TypedDict, pydantic model or
            any hint); a structured spec also accepts a mapping or keyword arguments.
        output_spec: the type of the result (overrides the return hint).
        check_types: check the function's type hints (default True).

    Returns:
        A `FunctionOperator`.

    Examples:
        >>> @op
        ... def words(text: str) -> list[str]:
        ...     return text.split()
        >>> @op
        ... def count(items: list[str]) -> int:
        ...     return len(items)
        >>> (words >> count)("to be or not")
        4
        >>> count("abc")
        Traceback (most recent call last):
        ...
        ember._errors.SpecError: count: argument 'items' expects list[str], got str 'abc'
    """
    def make(f: Callable[..., Any]) -> FunctionOperator:
        return FunctionOperator(f, name, input_spec, output_spec, check_types)

    if fn is None:
        return make
    return make(fn)
