"""May a loop's items be taken up front (`walk_kept`): nothing its body or a
comprehension's elements run can change what it walks."""

from __future__ import annotations

import ast
import types
from typing import TYPE_CHECKING

from ember.xcs._effects import Kind, classify
from ember.xcs._held import held
from ember.xcs._index import root_name
from ember.xcs._plain import immutable
from ember.xcs._stmt import KEEPS_ARGUMENTS, changes_an_item

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts
    from ember.xcs._moves import Moves

__all__ = ["constant", "walk_kept"]


def walk_kept(moves: Moves, it: ast.expr, parts: list[ast.AST],
              seen_then: frozenset[int] = frozenset(), items: frozenset[str] = frozenset()
              ) -> bool:
    """May the items of `it` be taken up front, before `parts` (a loop's body, a
    comprehension's elements and conditions) run? Only when nothing in them can change
    what it walks: nothing is stored into it, and no call but a pure one, a read or a
    model call has it (or a local that may hold it) as its receiver or an argument;
    and, when other code can reach it (a parameter's object, a global, an attribute, a
    local passed on: not `unshared`), no call runs code of the user's (which may reach
    it: ``discover(k)`` appending to a global list) or is known only at run time.
    `seen_then`: calls classified as their start is made (`started_here`); when one is not
    a read (or not pure), the items not yet walked are taken as written. `items`: the
    loop's item names whose str keys its body may store (`changes_an_item`)."""
    facts = moves.facts
    glb = facts.func.__globals__
    closure = set(facts.func.__code__.co_freevars) | facts.nonlocals
    roots = {n for n in facts.loads(it) if n in facts.locals or n in closure or (
        glb.get(n) is not None and not constant(glb[n]) and not _fixed(facts, n))}
    unshared = facts.unshared_at(it)
    own = roots <= unshared
    # (an unshared local holds only objects made for it: never the walked one)
    held = roots if own else roots | facts.aliases(roots & facts.locals) - unshared
    implicit = facts.implicit
    for part in parts:
        if not own and implicit and any(
                (imp := implicit.get(id(n))) is not None and imp.kind is not Kind.PURE
                and moves.may_run_yours(imp) for n in ast.walk(part)):
            return False  # a method Python calls (`__setitem__`, a setter) of the user's
        for c in moves.index.find(part, ast.Call, itself=True, nested=True):
            fact = facts.calls.get(id(c))
            if id(c) in seen_then or (fact is not None and not fact.dynamic and (
                    fact.kind in KEEPS_ARGUMENTS or fact.resource == "stdout")):
                continue  # (print and logging format their arguments: no change)
            if not own and (fact is None or moves.may_run_yours(fact)):
                return False
            func = c.func
            if isinstance(func, ast.Attribute) and root_name(func.value) in held and (
                    not changes_an_item(func, items)):
                return False
            own_method = fact is not None and fact.kind is Kind.CPU and isinstance(
                fact.obj, (types.BuiltinMethodType, types.MethodDescriptorType))
            if not own_method and any(facts.loads(a) & held and not _fetched(facts, a) for a in [
                    *c.args, *(k.value for k in c.keywords)]):
                return False  # (`out.append(x)` changes `out` alone)
        for n in moves.index.find(part, _STORES, itself=True, nested=True):
            targets = n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target]
            for t in targets:
                if (isinstance(t, (ast.Subscript, ast.Attribute)) or isinstance(
                        n, ast.AugAssign)) and root_name(t) in held and (
                        not changes_an_item(t, items)):
                    return False
    return True

def _fetched(facts: FunctionFacts, arg: ast.expr) -> bool:
    """Is `arg` a library's read (``urlopen(u)``, ``requests.get(u)``): a new response,
    never the walked object, whatever its arguments name (``json.load(urlopen(f"{k}"))``
    consumes that response alone)?"""
    fact = facts.calls.get(id(arg)) if isinstance(arg, ast.Call) else None
    return fact is not None and fact.kind is Kind.READ and not fact.dynamic and (
        fact.resource not in (None, "self")) and classify(fact.obj) is not None


def _fixed(facts: FunctionFacts, name: str) -> bool:
    """Does global `name` hold a value nothing can change in place (a tuple of str and
    numbers)? What a loop walks through it is fixed while the name holds that object:
    a guard checks it at every call (a rebinding plans again)."""
    glb = facts.func.__globals__
    value = glb.get(name)
    if not immutable(value):
        return False
    facts.guards.append(("key", glb, name, held(value)))
    return True


def constant(obj: object) -> bool:
    """Module-level names taken to be fixed: functions, classes and modules. Any other
    global (even a str) may be rebound by a helper: a call reading it does not move across
    calls that might do so."""
    return callable(obj) or isinstance(obj, types.ModuleType)


# Statements that may store into an object (`Moves.walk_kept`).
_STORES = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)
