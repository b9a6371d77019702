"""`ember.xcs.lowlevel`: hooks for tests and tools. No stability promise: names may change.

Users of the JIT never need these; they exist so that a test suite can start every test
from the same state the first call of a fresh process sees.
"""

from __future__ import annotations

from typing import Any

from ember.xcs import _analysis, _effects, _twin
from ember.xcs._effects import Rule
from ember.xcs._explain import Explanation
from ember.xcs._plan import Plan, make_plan

__all__ = ["effect_of", "reset", "static_plan"]


def effect_of(callee: Any) -> Rule:
    """What `jit` takes a call of `callee` to do: its registry rule, its declaration
    (models, operators) or its analysed source, as one `Rule`.

    Examples:
        >>> import time
        >>> effect_of(time.sleep).effect
        'read(time)'
    """
    fact = _analysis.fact_for_object(callee)
    return Rule(fact.kind, fact.reason, fact.resource, fact.runner, fact.sleeps)


def static_plan(func: Any) -> Explanation:
    """The plan `jit` would make for `func` before its first call, with no arguments known
    (what ``ember explain file.py:func`` prints). A function that cannot be analysed gets a
    plan that runs it as written, and the reason.

    Examples:
        >>> def one(x):
        ...     return x + 1
        >>> static_plan(one).strategy
        'direct'
    """
    try:
        plan = make_plan(_analysis.analyse(func, {}))
    except _analysis.NoSource as exc:
        plan = Plan(None, [], "direct", str(exc))
    return Explanation(f"{func.__module__}.{func.__qualname__}", plan)


def reset() -> None:
    """Forget every cached classification and summary, as a fresh process would.

    Plans already made for jitted functions are dropped too: their next call plans again.
    Rules registered with `xcs.register` stay.
    """
    _analysis.reset()
    _twin.reset()
    _effects.reset()
