"""`ember.xcs.lowlevel`: hooks for tests and tools. No stability promise: names may change.

Users of the JIT never need these; they exist so that a test suite can start every test
from the same state the first call of a fresh process sees.
"""

from __future__ import annotations

from ember.xcs import _kinds

__all__ = ["reset"]


def reset() -> None:
    """Forget every cached classification and learned verdict, as a fresh process would.

    Plans already made for jitted functions are dropped too: their next call plans again.
    """
    _kinds.reset()
