"""Reads that need the value of an earlier read of their item, in a loop or a comprehension
(``a = get(k).json()`` then ``get(a["next"])``; ``judge(ask(q))``): each item's starts as
soon as its own earlier read has ended (`_runtime.Frame.chain`), so the items' chains
overlap, each in its own order. What makes its arguments from the value runs then, away
from the program, so it must be pure; the plan's other rules (checks, writes, hazards) are
the loop's or the comprehension's (`_moves`)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ember.xcs._bodies import Guard, checks_ahead, feeding
from ember.xcs._effects import Kind, classify
from ember.xcs._index import root_name

if TYPE_CHECKING:
    from ember.xcs._moves import Moves
    from ember.xcs._sites import Site
    from ember.xcs._stmt import StmtFacts

__all__ = ["fed", "outer_reads"]


def fed(moves: Moves, call: ast.Call, checks: list[ast.AST], picked: list[Site],
        guard: Guard, before: list[StmtFacts], changed: set[str], binds: set[str],
        shared: frozenset[str]) -> tuple[Site | None, ast.stmt | None, list[ast.AST]]:
    """The earlier site of the loop whose value a call needs (``a = get(k).json()``,
    then ``get(a["next"])``), the statement making it, and the checks to run on that value
    (the others make what that site's call needed), when the call may start as soon as
    that site's call has ended: a read known now, with no check of its item but pure
    statements making its arguments, and, unless a library's call gives the value, none of
    those reading an attribute of it (they run before the call starts, away from the loop:
    a property of yours would run early). In a coroutine they await nothing else."""
    none: tuple[None, None, list[ast.AST]] = (None, None, checks)
    fact = moves.facts.calls[id(call)]  # (one known only at run time might write: no)
    if guard or fact.dynamic or fact.kind is not Kind.READ or any(
            pf.decides or pf.skips for pf in before):
        return none
    nodes = {id(s.call): s.node for s in picked}
    feeds = [(stmt, found) for stmt in checks
             if (found := feeding(stmt, nodes)) is not None]  # type: ignore[arg-type]
    if not feeds:
        return none
    stmt, (name, node) = feeds[-1]  # (one that needs another's: a chain of three)
    site = next(s for s in picked if s.node is node)
    inner = frozenset(id(c) for c in moves.index.find(node, ast.Call, itself=True))
    if name in changed - binds or not checks_ahead(moves, [stmt], changed, shared, binds, inner):
        return none
    earlier = [c for c, _ in feeds[:-1]]  # (made by calls: not known where this one starts)
    kept = [c for c in checks if not any(c is e for e in earlier)]
    if moves.facts.is_async and any(isinstance(n, ast.Await) and n is not node
                                    for c in kept for n in ast.walk(c)):
        return none  # (the statements run in a task's step, awaiting nothing of their own)
    needs = set().union(*(moves.facts.loads(c) for c in (*kept, call) if c is not stmt))
    if needs & set().union(*(moves.facts.stmt(c).defs for c in earlier)):
        return none
    if site.fact.obj is None or classify(site.fact.obj) is None:
        given = {name, *binds}  # (a library's value: its attributes are its own code)
        if stmt.value is not node or any(  # type: ignore[attr-defined]
                isinstance(n, ast.Attribute) and root_name(n) in given
                for c in (*kept, call) for n in ast.walk(c)):
            return none
    return site, stmt, kept  # type: ignore[return-value]


def outer_reads(moves: Moves, elts: list[ast.expr], picked: list[Site]
                ) -> list[tuple[ast.Call, Site]]:
    """Reads of a comprehension's element taking one started read's value as an
    argument (``judge(ask(q))``, ``get(get(k) + "x")``), with nothing else in their
    arguments but pure computation: each may start as soon as its item's inner read
    has ended (`Frame.chain`). Not in a coroutine; and the inner read's value used
    whole, unless a library's call gives it (an attribute of a value of the user's
    could run their code early)."""
    if moves.facts.is_async:
        return []
    out = []
    calls = moves.facts.calls
    for elt in elts:
        for outer in moves.index.find(elt, ast.Call, itself=True):
            fact = calls[id(outer)]
            if (not moves.is_candidate(outer) or fact.dynamic or fact.kind is not Kind.READ
                    or any(s.call is outer for s in picked)):
                continue
            inner = [s for s in picked if moves.index.contains(outer, s.call)]
            if len(inner) != 1 or inner[0].node is not inner[0].call:
                continue
            site = inner[0]
            within = {id(c) for c in moves.index.find(site.call, ast.Call, itself=True)}
            rest = [c for c in moves.index.find(outer, ast.Call) if id(c) not in within]
            if any(calls[id(c)].kind is not Kind.PURE or calls[id(c)].dynamic
                   or id(c) in moves.facts.implicit for c in rest):
                continue
            library = site.fact.obj is not None and classify(site.fact.obj) is not None
            if not library and isinstance(moves.index.parent(site.call),
                                          (ast.Attribute, ast.Subscript)):
                continue
            out.append((outer, site))
    return out
