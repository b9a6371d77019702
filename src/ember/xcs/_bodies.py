"""The shapes of statement blocks the moves walk: the blocks a statement holds, where a
loop body's statement opens (the statement whose calls may start for every item, and the
test that decides them), and the check an ``if``'s test makes of an item."""

from __future__ import annotations

import ast
import copy

__all__ = ["child_blocks", "openings", "plain_target", "skip_unless"]


def openings(stmt: ast.stmt) -> list[tuple[ast.stmt, ast.expr | None]]:
    """Where a loop body's statement may hold calls that start for every item, with the
    test that decides them: itself; the first statement of a ``try``; the first of an
    ``if`` with no ``else``, decided by its test."""
    if isinstance(stmt, ast.Try):
        return [(stmt.body[0], None)]
    if isinstance(stmt, ast.If) and not stmt.orelse:
        return [(stmt, None), (stmt.body[0], stmt.test)]
    return [(stmt, None)]


def skip_unless(test: ast.expr) -> ast.stmt:
    """``if not (test): continue``: the check an ``if``'s test makes of an item's call."""
    skip = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=copy.deepcopy(test)),
                  body=[ast.Continue()], orelse=[])
    return ast.fix_missing_locations(ast.copy_location(skip, test))


def plain_target(t: ast.AST) -> bool:
    """Is a loop's target names alone (``k``, ``k, (a, b)``), which an item binds whole?"""
    if isinstance(t, ast.Name):
        return True
    return isinstance(t, (ast.Tuple, ast.List)) and all(plain_target(e) for e in t.elts)


def child_blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The blocks of statements `stmt` holds: bodies, ``else``, ``finally``, handlers, cases."""
    fields = _BLOCK_FIELDS.get(type(stmt))
    if fields is None:
        fields = _BLOCK_FIELDS[type(stmt)] = tuple(
            f for f in ("body", "orelse", "finalbody", "handlers", "cases") if f in stmt._fields)
    if not fields:
        return []  # (most statements: no block of their own)
    blocks = []
    for name in fields:
        b = getattr(stmt, name, None)
        if name == "handlers" or name == "cases":
            blocks += [h.body for h in b or ()]
        elif isinstance(b, list) and b and isinstance(b[0], ast.stmt):
            blocks.append(b)
    return blocks


# The fields of each statement type that hold blocks of statements (see `child_blocks`).
_BLOCK_FIELDS: dict[type, tuple[str, ...]] = {}
