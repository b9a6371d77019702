"""numpy's rules: arithmetic on its scalars warns, unless its error handling is the user's.

numpy's scalar operators may warn (divide by zero, overflow, an invalid value) through the
warnings module, as its error state says on the thread they run on: ordered output, kept
in program order with prints and logging. Its error state may instead call code of the
user's (``np.seterrcall`` with ``'call'``, a ``'log'`` object's ``write``, or a
`warnings.showwarning` of theirs): then an operator has no rule. That state is a guard,
looked at again at every call (`consult`); a function that changes it itself keeps its
reads and model calls in place (`changes_numpy_errors`), as one that configures logging.
"""

from __future__ import annotations

import ast
import sys
import warnings
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import OPERATORS, Kind, Rule, consult, gives, methods, on_import

__all__ = ["changes_numpy_errors"]

_WARNS = Rule(Kind.WRITE, "numpy's arithmetic may warn: ordered output", "stdout")
_YOURS = Rule(Kind.UNKNOWN, "numpy's arithmetic may call code of yours when it errs "
              "(np.seterrcall, a 'log' object's write, a warnings.showwarning of yours)")
# What sets numpy's error state, by the name a call spells it with.
_SETTERS = frozenset({"seterr", "seterrcall", "errstate"})
_SHOWWARNMSG_IMPL = warnings._showwarnmsg_impl  # type: ignore[attr-defined]


def _numpy() -> None:
    import numpy as np

    def operator(args: tuple, kwargs: dict) -> Rule:
        return _WARNS if consult(np.geterr, _quiet, _quiet(np.geterr)) else _YOURS
    operator.gives = gives(_WARNS)  # type: ignore[attr-defined]
    methods(np.generic, dict.fromkeys(OPERATORS, operator))
    # (an array's operators may run its items' own: an array of objects of yours)
    methods(np.ndarray, dict.fromkeys(OPERATORS, Rule(
        Kind.UNKNOWN, "an array's operators run its items' (objects of yours, perhaps)")))


def _quiet(geterr: Callable[[], dict[str, str]]) -> bool:
    """Does numpy's error handling here and now only warn, through the warnings module's
    own display (no ``'call'``, no ``'log'``, no `warnings.showwarning` of the user's)?"""
    return not {"call", "log"} & set(geterr().values()) and _warnings_shown_plainly()


def _warnings_shown_plainly() -> bool:
    """Are warnings shown by the warnings module's own code (or recorded into a list by
    ``catch_warnings(record=True)``), not by a function of the user's?"""
    impl = warnings._showwarnmsg_impl  # type: ignore[attr-defined]
    return warnings.showwarning is warnings._showwarning_orig and (  # type: ignore[attr-defined]
        impl is _SHOWWARNMSG_IMPL or type(getattr(impl, "__self__", None)) is list)


def changes_numpy_errors(calls: dict[int, Any], nodes: list[ast.Call]) -> bool:
    """Does the function set numpy's error state (``np.seterr``, ``np.seterrcall``,
    ``with np.errstate(...)``), by the callee resolved or the name it is called by? Its
    arithmetic's rule was decided before that."""
    np = sys.modules.get("numpy")
    if np is None:
        return False
    setters = {getattr(np, name, None) for name in _SETTERS}
    return any(f.obj in setters for f in calls.values() if f.obj is not None) or any(
        getattr(n.func, "attr", getattr(n.func, "id", "")) in _SETTERS for n in nodes)


on_import("numpy", _numpy)
