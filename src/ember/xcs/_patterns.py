"""What matching a ``match`` statement's patterns runs on its subject.

A class pattern checks ``isinstance`` and loads attributes (``case Saved(saved=True)`` runs
the ``saved`` property's getter; positional sub-patterns load the class's
``__match_args__``); a value pattern compares with ``==``; a sequence pattern takes the
length and the items; a mapping pattern calls ``get`` and ``keys``. Each counts as
`_implicit` counts that operation written out: where the method is your code.
"""

from __future__ import annotations

import ast
from typing import Any

from ember.xcs import _dunders
from ember.xcs._resolve import static_attr

__all__ = ["matched"]


def matched(finder: Any, subject: ast.expr, pattern: ast.pattern) -> list[Any]:
    """Matching `subject` against `pattern`: a class pattern's ``isinstance`` and
    attribute loads (``case Saved(saved=True)``: its getter), a value's ``__eq__``, a
    sequence's or a mapping's methods. (Sub-patterns match parts of no known type.)"""
    if isinstance(pattern, ast.MatchOr):
        return [f for p in pattern.patterns for f in matched(finder, subject, p)]
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
        return matched(finder, subject, pattern.pattern)
    if isinstance(pattern, ast.MatchValue):
        return [*finder.user(subject, "__eq__"), *finder.user(pattern.value, "__eq__")]
    if isinstance(pattern, ast.MatchSequence):
        return finder.every(subject, ("__len__", "__getitem__", "__iter__"))
    if isinstance(pattern, ast.MatchMapping):
        return finder.every(subject, ("get", "keys", "__getitem__"))
    if not isinstance(pattern, ast.MatchClass):
        return []
    cls = finder.resolver.expr(pattern.cls)
    if not isinstance(cls, type):
        return [_dunders.unknown("a class pattern's class is not known")]
    named = static_attr(cls, "__match_args__", ())
    if pattern.patterns and not (type(named) is tuple and len(named) >= len(
            pattern.patterns) and all(type(a) is str for a in named)):
        named = ()  # (raises TypeError: no attribute is loaded)
    return [*(f for a in (*named[:len(pattern.patterns)], *pattern.kwd_attrs)
              for f in finder.load(ast.Attribute(value=subject, attr=a, ctx=ast.Load()))),
            *finder.user(pattern.cls, "__instancecheck__")]
