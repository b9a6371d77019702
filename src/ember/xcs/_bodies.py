"""The shapes of statement blocks the moves walk: the blocks a statement holds, where a
loop body's statement opens (the statement whose calls may start for every item, and the
test that decides them), the check an ``if``'s test makes of an item, and whether a loop's
checks may run ahead of its bodies (`checks_ahead`)."""

from __future__ import annotations

import ast
import contextlib
import functools
import types
from typing import TYPE_CHECKING

from ember.xcs._effects import Kind
from ember.xcs._index import copy_tree
from ember.xcs._timing import is_deadline
from ember.xcs._whose import users_class, users_code

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts
    from ember.xcs._moves import Moves
    from ember.xcs._stmt import StmtFacts
    from ember.xcs._summary import CallFact

__all__ = ["Guard", "checks_ahead", "child_blocks", "deadline_blocks", "feeding", "find_preludes",
           "handling_blocks", "names_check", "openings", "plain_target", "reads_clock", "skip_if",
           "skip_test", "skip_unless"]


#: The tests that decide whether a statement of a loop's body runs, each with the value it
#: must have (``if a: ... elif b: <stmt>``: a False, b True); empty: it always runs.
Guard = tuple[tuple[ast.expr, bool], ...]


def openings(stmt: ast.stmt) -> list[tuple[ast.stmt, Guard]]:
    """Where a loop body's statement may hold calls that start for every item, with the
    tests that decide them: itself; the first statement of a ``try``; the first of an
    ``if``, decided by its test, and the openings of its ``else`` (an ``elif``'s too), by
    the test's being false."""
    if isinstance(stmt, ast.Try):
        return [(stmt.body[0], ())]
    if isinstance(stmt, ast.If):
        out: list[tuple[ast.stmt, Guard]] = [(stmt, ()), (stmt.body[0], ((stmt.test, True),))]
        if stmt.orelse:
            out += [(inner, ((stmt.test, False), *guard))
                    for inner, guard in openings(stmt.orelse[0])]
        return out
    return [(stmt, ())]


def skip_unless(guard: Guard) -> ast.stmt:
    """``if not (a and not b): continue``: the check a guard makes of an item's call."""
    tests = [copy_tree(t) if holds else ast.UnaryOp(op=ast.Not(), operand=copy_tree(t))
             for t, holds in guard]
    test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)
    return skip_if(ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=test), guard[0][0]))


def skip_if(test: ast.expr) -> ast.stmt:
    """``if test: continue``: the check a skip's test makes of an item's call."""
    skip = ast.If(test=copy_tree(test), body=[ast.Continue()], orelse=[])
    return ast.fix_missing_locations(ast.copy_location(skip, test))


def skip_test(stmt: ast.stmt, facts: FunctionFacts) -> ast.expr | None:
    """The test of ``if <test>: <statements>; continue``, when those statements neither
    leave (``break``, ``return``) nor raise by design: what decides whether the item's
    call happens is the test alone, and what the skip does (log it, count it) runs in its
    place."""
    if not (isinstance(stmt, ast.If) and not stmt.orelse and isinstance(stmt.body[-1], ast.Continue)):
        return None
    for inner in stmt.body[:-1]:
        pf = facts.stmt(inner)
        if pf.leaves or pf.decides:
            return None
    return stmt.test


def feeding(stmt: ast.stmt, calls: dict[int, ast.expr]) -> tuple[str, ast.expr] | None:
    """``name = <expr holding one of `calls`' expressions>`` (``data = get(u).json()``):
    the name, and the expression (of `calls`, by the id of its call) it is made from."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)):
        return None
    held = [e for n in ast.walk(stmt.value) if (e := calls.get(id(n))) is not None]
    return (stmt.targets[0].id, held[0]) if len(held) == 1 else None


def names_check(names: frozenset[str], at: ast.AST) -> ast.stmt:
    """``(a, b)``: a loop site's check naming values its arguments format. It runs nothing;
    the run time starts an item's call only while they are plain data (whose formatting
    runs no code of yours: `_rewrite._unless_plain`), and in place from the first that is
    not."""
    stmt = ast.Expr(value=ast.Tuple(elts=[ast.Name(id=n, ctx=ast.Load()) for n in sorted(names)],
                                    ctx=ast.Load()))
    for node in ast.walk(stmt):
        ast.copy_location(node, at)
    return stmt


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


def handling_blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The blocks of a ``try`` that run while an exception is handled: its handlers' and
    its ``finally``."""
    if not isinstance(stmt, (ast.Try, ast.TryStar)):
        return []
    return [h.body for h in stmt.handlers] + ([stmt.finalbody] if stmt.finalbody else [])


def deadline_blocks(stmt: ast.stmt, facts: FunctionFacts) -> list[list[ast.stmt]]:
    """The body of a ``with`` whose context manager may be a deadline (``asyncio.timeout``,
    ``anyio.fail_after``): which calls end before it is the timing's, so the body runs as
    written."""
    if isinstance(stmt, (ast.With, ast.AsyncWith)) and any(
            _may_be_a_deadline(item.context_expr, facts, _timerless(stmt, facts))
            for item in stmt.items):
        return [stmt.body]
    return []


def _timerless(stmt: ast.With | ast.AsyncWith, facts: FunctionFacts) -> bool:
    """Does what the ``with`` runs on entry and exit (its context managers' ``__enter__``
    and ``__exit__``, or their async twins) have an effect the rules know, with no timer
    and no thread? A deadline has to arm something that cancels: a timer (`sets_a_timer`),
    a task's ``cancel`` or the running loop (builtins with no rule)."""
    fact = facts.implicit.get(id(stmt))
    return fact is not None and fact.kind is not Kind.UNKNOWN and not (
        fact.threads or fact.dynamic)


def _may_be_a_deadline(expr: ast.expr, facts: FunctionFacts, timerless: bool = False) -> bool:
    """Is `expr` a deadline, by what it calls or its type? In a coroutine, also one not
    known not to be: a name or an attribute whose type is not known, a helper's or a
    context manager of yours (a function, a method, a callable object), an exit stack (a
    timeout is made anywhere, kept in a name, entered later). A context manager of yours
    made here is known not to be one when making it, entering and leaving it arm nothing
    (`timerless`: a tracing span that prints or logs)."""
    if isinstance(expr, ast.Call):
        fact = facts.calls.get(id(expr))
        obj = getattr(fact, "obj", None)
        while isinstance(obj, functools.partial):  # (``QUARTER = partial(fail_after, .25)``)
            obj = obj.func
        if is_deadline(obj):
            return True
        if timerless and fact is not None and fact.kind is not Kind.UNKNOWN and not (
                fact.threads or fact.dynamic):
            return False
        return facts.is_async and (obj is None or obj in _STACKS or _yours(obj))
    t: type | None = None
    if isinstance(expr, ast.Name):
        t = facts.types.get(expr.id)
        if t is None and expr.id not in facts.locals:  # (a module's lock or semaphore)
            found = facts.func.__globals__.get(expr.id)
            t = type(found) if found is not None else None
    return t is not None and is_deadline(t) or facts.is_async and (
        t is None or t in _STACKS or users_class(t))


def _yours(obj: object) -> bool:
    """Is calling `obj` running code of the user's (a function, a method, a class, a
    callable object of theirs, or what a decorator of a library made of one)?"""
    made = getattr(obj, "__wrapped__", obj)  # (``@asynccontextmanager``'s function)
    made = getattr(made, "__func__", made)  # (a method: its function)
    if isinstance(made, types.FunctionType):
        return users_code(made)
    return users_class(made if isinstance(made, type) else type(made))


_STACKS = (contextlib.ExitStack, contextlib.AsyncExitStack)


# The fields of each statement type that hold blocks of statements (see `child_blocks`).
_BLOCK_FIELDS: dict[type, tuple[str, ...]] = {}


def find_preludes(facts: FunctionFacts, body: list[ast.stmt], body_facts: list[StmtFacts],
              i: int, needed: set[str]) -> set[int] | None:
    """The statements before body[i] that make the `needed` names, for them to run for
    each item ahead (`Moves.checks_ahead` says whether they may): plain assignments to
    names, each name made once in the body, from the item, loop-invariant names or
    names such statements made before, and changed by nothing in the body. None when
    a needed name is made otherwise; an empty set when nothing is needed."""
    chosen: set[int] = set()
    want = set(needed)
    for k in range(i - 1, -1, -1):
        pf = body_facts[k]
        if not pf.defs & want:
            continue
        stmt = body[k]
        if not (isinstance(stmt, ast.Assign)
                and all(isinstance(t, ast.Name) for t in stmt.targets)):
            return None
        if any(_varies(facts.calls[id(c)]) for c in facts.index.find(stmt, ast.Call)):
            return None  # made again in place, it would not be the value the call got
        chosen.add(k)
        want |= pf.uses
    made = set().union(*(body_facts[k].defs for k in chosen))
    if needed - made:
        return None
    for n in made:
        if (sum(n in pf.defs for pf in body_facts) != 1
                or any(n in pf.mutates for pf in body_facts)):
            return None
    return chosen


def reads_clock(fact: CallFact) -> bool:
    """Does the call read the clock, itself or in a helper that only computes from it
    (``if monotonic() > deadline: raise``)? Its value is the time where it runs."""
    return fact.resource == "clock" or fact.clock


def _varies(fact: CallFact) -> bool:
    """A pure call whose value differs from one call to the next: `id`, a clock's reading."""
    return fact.obj is id or reads_clock(fact) or getattr(fact.obj, "__module__", None) == "time"


def checks_ahead(moves: Moves, checks: list[ast.AST], changed: set[str],
                 shared: frozenset[str], binds: set[str] | frozenset[str] = frozenset(),
                 skip: frozenset[int] = frozenset()) -> bool:
    """May these checks of a loop's item (statements that may raise: `if ...: raise`,
    `assert`, a helper that raises) run for every item ahead of the loop's bodies, each
    item's call starting once its checks pass? Only checks that compute, bind nothing
    but `binds` (the names `preludes` make for the call) and read nothing else the loop
    changes (the caller also refuses a body with an opaque call), nor anything outside
    the function when the loop changes a local's object that other code may hold
    (`shared`: ``HELD["rows"] = rows`` before it). They then pass or fail ahead exactly
    as they do in their place, where they run again. No call starts before the checks
    that decide it, and none after a check that fails."""
    for stmt in checks:
        pf = moves.facts.stmt(stmt, skip)
        if (pf.defs - binds or pf.writes or pf.opaque or pf.mutates or pf.awaits or pf.suspends
                or pf.barrier or pf.leaves and not pf.skips or pf.uses & (changed - binds)
                or shared and moves.free(stmt)[1]):
            return False
        for c in moves.index.find(stmt, ast.Call, itself=True):  # (``if expired(): continue``)
            if id(c) in skip:
                continue
            fact = moves.facts.calls.get(id(c))
            if fact is None or fact.kind is not Kind.PURE or fact.dynamic or _varies(fact):
                return False  # (a clock read ahead is not the time its place would see)
    return True
