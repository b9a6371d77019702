"""The settings scope in force: where `_config` and `_params` find `ember.context(...)`.

A module with no imports of its own, so the lowest layers of `models` can read it without
import cycles. The value is an `ember.models._context.Overlay` (or None: nothing scoped).
`process` holds what `set_config` set for the whole process; `scoped` what the innermost
`ember.context(...)` block set, in this thread or task and in what it starts (tasks, the
JIT's calls and Ember's pools copy the context).
"""

from __future__ import annotations

import contextvars
from typing import Any

__all__ = ["process", "scoped"]

scoped: contextvars.ContextVar[Any] = contextvars.ContextVar("ember_settings", default=None)
process: list[Any] = [None]  # one cell: set_config replaces the process-wide overlay
