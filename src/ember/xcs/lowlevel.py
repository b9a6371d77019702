"""`ember.xcs.lowlevel`: hooks for tests and tools. No stability promise: names may change.

Users of the JIT never need these; they exist so that a test suite can start every test
from the same state the first call of a fresh process sees, and so that a package above xcs
(the Ray backend) can offer `pmap` a place to send its batches (`register_map_backend`).
"""

from __future__ import annotations

from typing import Any

from ember.xcs import _analysis, _effects, _printed, _twin
from ember.xcs._effects import Rule
from ember.xcs._shown import shown_where_called
from ember.xcs._vmap import register_map_backend as register_map_backend

__all__ = ["effect_of", "register_map_backend", "reset"]


def effect_of(callee: Any) -> Rule:
    """What `jit` takes a call of `callee` to do: its registry rule, its declaration
    (models, operators) or its analysed source, as one `Rule`.

    Examples:
        >>> import time
        >>> effect_of(time.sleep).effect
        'read(time)'
    """
    # (A helper whose prints `jit` holds until its place is output to anyone else: an
    # operator or a tool call run beside another would print out of order.)
    fact = shown_where_called(_analysis.fact_for_object(callee))
    return Rule(fact.kind, fact.reason, fact.resource, fact.runner, fact.sleeps)


# Asking runs none of the callee's code (an operator asks before it overlaps tool calls):
# the JIT need not look into its own analysis to know that.
_effects.add_rule(effect_of, Rule(_effects.Kind.PURE, "effect_of() reads what a callee does"))


def reset() -> None:
    """Forget every cached classification and summary, as a fresh process would.

    Plans already made for jitted functions are dropped too: their next call plans again.
    Rules registered with `xcs.register` stay.
    """
    _analysis.reset()
    _twin.reset()
    _printed.reset()
    _effects.reset()
