"""A helper's read failing is not a decision: raises and backoffs that follow its reads.

A helper that may raise by design (`CallFact.raises`) decides whether the code after it
runs, so no later call starts before it: ``check(item)`` raising before its GET stops the
loop there, and the next item's GET is not sent. A ``raise`` that only a started read can
reach is that read failing (``r = get(k); if r.status_code == 404: raise Missing(k)``, a
retry loop's ``raise GaveUp`` after its last attempt): the reads launched beside it may
all have been sent, as docs/jit.md allows for reads. Such a raise does not decide.

A sleep in an ``except`` block is a backoff between an attempt and its retry, both the
helper's own and kept in order in its thread: it does not pace the helper's siblings as a
sleep before each request does (a rate limit).

Both questions are structural and err towards "decides" and "paces": a raise counts as
following a read only when a statement before it on its way to the function's top surely
starts one, or it is in an ``except`` of a ``try`` whose first statement does.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

from ember.xcs._index import SCOPES, TreeIndex

__all__ = ["after_a_read", "in_a_handler", "statement_of"]

_BLOCKS = ("body", "orelse", "finalbody")
_SIMPLE_STMTS = (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)
# What a read's arguments may be for the read to be surely sent once its statement runs:
# names, constants and what is built of them (a prompt's f-string, a messages list).
_PLAIN_ARGS = (ast.Name, ast.Constant, ast.Attribute, ast.JoinedStr, ast.FormattedValue,
               ast.List, ast.Tuple, ast.Dict, ast.Starred, ast.keyword, ast.Load)
# What may hold a read in a statement that surely starts it (evaluated before the rest).
_HOLDERS = (ast.Call, ast.Attribute, ast.Subscript, ast.Await, ast.keyword, ast.JoinedStr,
            ast.FormattedValue, ast.List, ast.Tuple, ast.Dict, *_SIMPLE_STMTS)


def after_a_read(index: TreeIndex, node: ast.AST, reads: Collection[int]) -> bool:
    """Is `node` (a raise, or a call that may raise) reached only once one of `reads` (ids
    of read calls) has started?"""
    child, up = node, index.parent(node)
    while up is not None and not isinstance(child, SCOPES):
        for name in _BLOCKS:
            block = getattr(up, name, None)
            if isinstance(block, list) and any(s is child for s in block):
                before = block[:next(i for i, s in enumerate(block) if s is child)]
                if any(_starts_a_read(index, s, reads) for s in before):
                    return True
                if isinstance(up, ast.Try) and name == "orelse" and any(
                        _starts_a_read(index, s, reads) for s in up.body):
                    return True
        if isinstance(up, ast.ExceptHandler):
            owner = index.parent(up)
            if isinstance(owner, ast.Try) and _block_starts_a_read(
                    index, owner.body, reads, plain=True):
                return True
        child, up = up, index.parent(up)
    return False


def in_a_handler(index: TreeIndex, node: ast.AST) -> bool:
    """Is `node` in an ``except`` block of its function (run after an attempt failed)?"""
    up = index.parent(node)
    while up is not None and not isinstance(up, SCOPES):
        if isinstance(up, ast.ExceptHandler):
            return True
        up = index.parent(up)
    return False


def statement_of(index: TreeIndex, call: ast.Call) -> ast.AST | None:
    """What holds `call`, past an ``await`` (``await asyncio.sleep(d)`` as a statement)."""
    up = index.parent(call)
    return index.parent(up) if isinstance(up, ast.Await) else up


def _starts_a_read(index: TreeIndex, stmt: ast.AST, reads: Collection[int],
                   plain: bool = False) -> bool:
    """Does running `stmt` surely start one of `reads`? A simple statement holding one
    outside any branch (with `plain`, handed only plain arguments: nothing before its start
    raises by design); a ``try`` or a loop that surely runs and whose body does."""
    if isinstance(stmt, _SIMPLE_STMTS):
        return any(_surely_run(index, call, stmt, plain) for call in index.find(stmt, ast.Call)
                   if id(call) in reads)
    if isinstance(stmt, ast.Try) or isinstance(stmt, (ast.For, ast.While)) and _runs_once(stmt):
        return _block_starts_a_read(index, stmt.body, reads, plain)
    return False


def _block_starts_a_read(index: TreeIndex, block: list[ast.stmt], reads: Collection[int],
                         plain: bool) -> bool:
    """Does `block` surely start one of `reads`: a statement does, and the assignments
    before it call nothing (``url = base if first else other``)?"""
    for stmt in block:
        if _starts_a_read(index, stmt, reads, plain):
            return True
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or index.find(stmt, ast.Call):
            return False
    return False


def _surely_run(index: TreeIndex, call: ast.Call, stmt: ast.AST, plain: bool) -> bool:
    if plain and not all(isinstance(n, _PLAIN_ARGS) for a in (*call.args, *call.keywords)
                         for n in ast.walk(a)):
        return False
    up = index.parent(call)
    while up is not None and up is not stmt:
        if not isinstance(up, _HOLDERS):
            return False  # (in a branch, a lambda, a comprehension: it may not run)
        up = index.parent(up)
    return up is stmt


def _runs_once(loop: ast.For | ast.While) -> bool:
    """Does `loop`'s body surely run at least once (``while True``, ``range(3)``)?"""
    if isinstance(loop, ast.While):
        return isinstance(loop.test, ast.Constant) and bool(loop.test.value)
    it = loop.iter
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and (
        it.func.id == "range") and len(it.args) == 1 and isinstance(
        it.args[0], ast.Constant) and isinstance(it.args[0].value, int) and it.args[0].value > 0
