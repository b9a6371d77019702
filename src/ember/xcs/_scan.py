"""`scan`: a loop that carries state from one item to the next, as a transform.

``scan(step)(init, xs)`` runs ``carry, out = step(carry, x)`` for each `x` in order and
returns the last carry with every output: a running total, a conversation that grows
turn by turn, a refinement that feeds each draft into the next. Each step needs the carry
the one before made, so the steps never overlap; what may overlap is the I/O inside one
step, which `jit` on the step (or on the function calling `scan`) finds as usual. The
earlier Ember had `scan` under this name, after JAX's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

from ember._errors import InvalidScanStep

__all__ = ["scan"]

C = TypeVar("C")
X = TypeVar("X")
Y = TypeVar("Y")


def scan(step: Callable[[C, X], tuple[C, Y]]) -> Callable[[C, Iterable[X]], tuple[C, list[Y]]]:
    """Make ``step(carry, x) -> (carry, output)`` run over a sequence, carrying the state.

    Args:
        step: a function of the carry and one item, returning the new carry and an output.

    Returns:
        ``scanned(init, xs) -> (final_carry, [outputs])``; with no items, ``(init, [])``.

    Raises:
        InvalidScanStep: a step returned something other than a ``(carry, output)`` pair.

    Examples:
        >>> running_sum = scan(lambda total, x: (total + x, total + x))
        >>> running_sum(0, [1, 2, 3, 4])
        (10, [1, 3, 6, 10])
    """
    if not callable(step):
        raise InvalidScanStep(f"scan(step): step must be callable, got {type(step).__name__}. "
                              "Fix: scan(lambda carry, x: (carry + x, carry + x))")

    @functools.wraps(step)
    def scanned(init: C, xs: Iterable[X]) -> tuple[C, list[Y]]:
        carry, outputs = init, []
        for i, x in enumerate(xs):
            result = step(carry, x)
            if not (isinstance(result, tuple) and len(result) == 2):
                name = getattr(step, "__qualname__", repr(step))
                raise InvalidScanStep(
                    f"scan({name}): step {i} returned {type(result).__name__} "
                    f"{result!r:.60}, not a (carry, output) pair. Fix: return new_carry, output")
            carry, out = result
            outputs.append(out)
        return carry, outputs

    return scanned
