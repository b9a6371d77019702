"""Composition: `Sequential` (``a >> b``) and `Branches` (``a & b``, `branches`).

Steps and branches may be operators or plain callables. `Branches` runs every branch on the
same input at once, in one scope of Ember's scheduler (`forward` through `xcs.parallel`,
`aforward` through its twin `xcs.aparallel`: one implementation), and returns their results
as a tuple, in order. The one failure policy holds: the first branch to fail cancels the
others and its error comes out as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ember._errors import SpecError
from ember.operators._call import acall_any, combined_kind
from ember.operators._module import Operator
from ember.operators._spec import short_repr
from ember.xcs import Kind, aparallel, parallel

__all__ = ["Branches", "Sequential", "branches", "sequence"]


def _parts(parts: tuple[Any, ...], who: str, field: str, what: str
           ) -> tuple[Callable[..., Any], ...]:
    """`parts` checked: at least one, each an operator or a callable."""
    if not parts:
        raise SpecError(f"{who}: needs at least one {what}", operator=who, field=field,
                        expected="a non-empty tuple", value=parts)
    for i, part in enumerate(parts):
        if not callable(part):
            raise SpecError(
                f"{who}: part {i} is {type(part).__name__} {short_repr(part)}, not an operator "
                "or callable; compose operators or functions, e.g. summarize >> translate",
                operator=who, field=f"[{i}]", expected="an operator or callable", value=part)
    return parts


def _kind(parts: tuple[Callable[..., Any], ...]) -> Kind | None:
    """The kind of a composition: its parts' combined kind, None when unknown."""
    kind = combined_kind(list(parts))
    return kind if kind is not Kind.UNKNOWN else None


class Sequential(Operator):
    """Run steps one after another, each on the previous one's result (``a >> b >> c``).

    The first step gets the call's arguments; every later step gets one argument, the
    previous result.

    Examples:
        >>> pipeline = Sequential((str.strip, str.upper))
        >>> pipeline("  hi ")
        'HI'
    """

    steps: tuple[Callable[..., Any], ...]

    def __post_init__(self) -> None:
        steps = tuple(self.steps) if not callable(self.steps) else (self.steps,)
        self.steps = _parts(steps, "Sequential", "steps", "step")

    def _ember_kind(self) -> Kind | None:
        return _kind(self.steps)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        first, *rest = self.steps
        value = first(*args, **kwargs)
        for step in rest:
            value = step(value)
        return value

    async def aforward(self, *args: Any, **kwargs: Any) -> Any:
        first, *rest = self.steps
        value = await acall_any(first, *args, **kwargs)
        for step in rest:
            value = await acall_any(step, value)
        return value


class Branches(Operator):
    """Run every branch on the same input at once; return their results as a tuple.

    Examples:
        >>> both = Branches((str.upper, str.lower))
        >>> both("Hi")
        ('HI', 'hi')
    """

    parts: tuple[Callable[..., Any], ...]

    def __post_init__(self) -> None:
        self.parts = _parts(tuple(self.parts), "Branches", "parts", "branch")

    def _ember_kind(self) -> Kind | None:
        return _kind(self.parts)

    def forward(self, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        return tuple(parallel(*self._calls(args, kwargs)))

    async def aforward(self, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        return tuple(await aparallel(*self._calls(args, kwargs)))

    def _calls(self, args: tuple, kwargs: dict) -> list[Callable[[], Any]]:
        return [functools.partial(p, *args, **kwargs) for p in self.parts]


def sequence(*steps: Any) -> Sequential:
    """Compose steps into one `Sequential`, flattening nested ones (what ``a >> b`` does).

    Examples:
        >>> sequence(str.strip, str.title)("  ada lovelace ")
        'Ada Lovelace'
    """
    flat: list[Any] = []
    for s in steps:
        flat.extend(s.steps if isinstance(s, Sequential) else (s,))
    return Sequential(tuple(flat))


def branches(*parts: Any) -> Branches:
    """Run `parts` concurrently on the same input; the result is a tuple (``a & b``).

    Nested `Branches` are flattened, so ``a & b & c`` gives a 3-tuple.

    Args:
        *parts: operators or callables, each called with the call's arguments.

    Returns:
        A `Branches` operator.

    Raises:
        SpecError: if a part is not callable.

    Examples:
        >>> import time
        >>> def slow_upper(s):
        ...     time.sleep(0.05)
        ...     return s.upper()
        >>> def slow_len(s):
        ...     time.sleep(0.05)
        ...     return len(s)
        >>> branches(slow_upper, slow_len)("abc")   # about 0.05 s, not 0.1 s
        ('ABC', 3)
    """
    flat: list[Any] = []
    for p in parts:
        flat.extend(p.parts if isinstance(p, Branches) else (p,))
    return Branches(tuple(flat))
