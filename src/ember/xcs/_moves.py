"""Where each I/O call of a function may start: the three moves of `_plan`.

- **hoist**: a read starts before earlier statements of its block that neither bind nor
  change its inputs, write what it reads, or leave the block.
- **loop**: in a `for` loop, a read whose inputs are the loop variable and loop-invariant
  names starts for every item before the first iteration (or as the item's checks pass).
- **comprehension**: the reads of a comprehension (or a generator fully consumed by
  `list`, `sum`, `"".join`, ...) start for every item before any element is built.

`Moves.block` walks a function's blocks and gives every I/O call a `Site`: its move, or
"inline" when it stays where it is (and why).
"""

from __future__ import annotations

import ast
import functools
import itertools
import types

from ember.xcs._analysis import CallFact, FunctionFacts, StmtFacts
from ember.xcs._bodies import (
    checks_ahead,
    child_blocks,
    deadline_blocks,
    find_preludes,
    handling_blocks,
    names_check,
    openings,
    plain_target,
    reads_clock,
    skip_if,
    skip_test,
    skip_unless,
)
from ember.xcs._caches import cached_function
from ember.xcs._chains import fed, outer_reads
from ember.xcs._effects import Kind, classify, conflicts
from ember.xcs._formatting import formats_elsewhere
from ember.xcs._globals import changed_globals, reads_attributes, runs_user_code
from ember.xcs._index import evaluation_order, root_name, target_names
from ember.xcs._iterables import owned_connection, owned_file
from ember.xcs._owned import private_locals
from ember.xcs._sites import Site, latency
from ember.xcs._stmt import data_items, other_keys, written
from ember.xcs._sugar import consumes_all
from ember.xcs._walked import constant, walk_kept

__all__ = ["Moves", "worth"]


def worth(facts: FunctionFacts, crossed: list[ast.stmt]) -> bool:
    """Is there anything to overlap in `crossed` (a call, or a loop)?"""
    for s in crossed:
        pf = facts.stmt(s)
        if pf.has_calls or isinstance(s, (ast.For, ast.While, ast.AsyncFor)):
            return True
    return False


class Moves:
    """Finds the sites of one function, block by block: each I/O call's move."""

    def __init__(self, facts: FunctionFacts) -> None:
        self.facts = facts
        self.index = facts.index
        self.sites: list[Site] = []
        self.loops: dict[int, list[Site]] = {}
        self.comps: dict[int, list[Site]] = {}
        self.claimed: set[int] = set()  # ids of calls already given a site
        self.checked: set[int] = set()  # ids of calls checked to be pure when a read starts
        self.streams: dict[int, str] = {}  # loops whose stream may be read ahead (`Plan`)
        # Calls classified only at run time, started right before their own statement: a later
        # call may start just after them (`Frame.held` keeps it in place if one is no read).
        self.own_start: dict[int, set[int]] = {}
        # Such calls started ahead of their statement (by its id): crossing that statement,
        # a later call starts after them, held the same way.
        self.early: dict[int, set[int]] = {}
        self.cells = set(facts.func.__code__.co_cellvars)
        # Does calling an object run code of the user's that reads state, by its id (once)
        self._user_code: dict[int, bool] = {}
        # The nodes a statement must hold for `block` to find a move in it: the candidate
        # calls, and in a coroutine every await (an await of any call but a write may
        # start early). A statement holding none is passed over without a look.
        io: list[ast.AST] = [c for c in self.index.find(facts.tree, ast.Call)
                             if self.is_candidate(c)]  # type: ignore[arg-type]
        if facts.is_async:
            io += self.index.find(facts.tree, ast.Await)
        self.io = self.index.numbers(io)

    @functools.cached_property
    def changed_globals(self) -> frozenset[str]:
        return changed_globals(self.index, self.facts.tree, self.facts.locals)

    @functools.cached_property
    def private(self) -> frozenset[str]:
        """Locals no other code can reach: an await or opaque call cannot change them."""
        return private_locals(self.facts)

    def is_candidate(self, call: ast.Call) -> bool:
        fact = self.facts.calls.get(id(call))
        return fact is not None and not fact.spacing and (
            fact.kind is Kind.READ or fact.dynamic and not _stays_unknown(fact)
            or fact.runner == "process")

    def ahead(self, call: ast.Call) -> bool:
        """May `call` start ahead of its place: is its callee found, where it starts,
        without running anything but what is known to compute or read? The calls in
        ``make(x).strip()``'s callee would run there, before anything decides them
        (``get(u).read()``'s read may start early as any read may); at its own place, a
        call known only at run time is classified as it starts."""
        fact = self.facts.calls[id(call)]
        if "!" in fact.hidden:
            return False  # (its arguments' formatting prints or writes: at its place)
        if not fact.dynamic:
            return True
        calls = self.facts.calls
        return not any(
            (f := calls.get(id(c))) is None or f.kind not in (Kind.PURE, Kind.READ)
            or f.dynamic or id(c) in self.facts.implicit
            for c in self.index.find(call.func, ast.Call, itself=True))

    def header(self, stmt: ast.stmt) -> list[ast.AST]:
        """The parts of `stmt` evaluated once, before any nested block runs."""
        if isinstance(stmt, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
            return [stmt]
        if isinstance(stmt, ast.If):
            return [stmt.test]
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            return [stmt.iter]
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            return [item.context_expr for item in stmt.items]
        return []

    def candidates(self, part: ast.AST) -> list[tuple[ast.Call, ast.expr]]:
        """Innermost I/O calls of `part` with nothing state-changing evaluated before them."""
        implicit, types = self.facts.implicit, self.facts.types
        order = evaluation_order(part, lambda n: id(n) in implicit or isinstance(
            n, ast.Attribute | ast.Subscript) or type(n) is ast.Name and types.get(n.id) not in (
            str, int, float, bool, bytes))  # (a value of a type not known may be your class)
        found: list[tuple[ast.Call, ast.expr]] = []
        is_async = self.facts.is_async
        checkable = self._checkable(part)
        counted: set[str] = set()  # counters advanced before the calls found next
        for n in order:
            if isinstance(n, ast.Await):
                if is_async and isinstance(n.value, ast.Call) and id(n.value) in {
                        id(c) for c, _ in found}:
                    continue
                if is_async and isinstance(n.value, ast.Call) and self._await_ok(n.value):
                    found.append((n.value, n))
                    continue
                break  # an await we do not move: later calls stay behind it
            if not isinstance(n, ast.Call):
                break  # conditional or nested-scope part: stop here
            fact = self.facts.calls[id(n)]
            if is_async:
                if fact.kind is Kind.PURE and id(n) not in self.facts.implicit:
                    continue
                if self._is_awaited(part, n):
                    continue  # handled when its Await comes up
                break
            if id(n) in checkable:
                self.checked.add(id(n))
                continue
            if self.is_candidate(n) and not any(
                    self.is_candidate(c) and id(c) not in checkable
                    for c in self.index.find(n, ast.Call)) and not (
                    counted and self.facts.loads(n) & counted):
                found.append((n, n))
                continue
            if fact.kind is Kind.PURE and not fact.raises and id(n) not in self.facts.implicit:
                continue  # (`list(gen)` is pure only if walking `gen` is: `_implicit`; a
                # check that raises by design decides whether the calls after it happen)
            counter = self._counter(n)
            if counter is not None:
                counted |= self.facts.aliases({counter})
                continue
            break
        return [(c, e) for c, e in found if id(c) not in self.claimed]

    def _counter(self, call: ast.Call) -> str | None:
        """The local counter `call` advances, for ``next(c)`` on an `itertools.count`: it
        changes that counter only and runs no user code, so calls that do not read the
        counter may start before it."""
        if (self.facts.calls[id(call)].obj is next and len(call.args) == 1
                and not call.keywords and isinstance(call.args[0], ast.Name)
                and self.facts.types.get(call.args[0].id) is itertools.count):
            return call.args[0].id
        return None

    def _checkable(self, part: ast.AST) -> set[int]:
        """Method calls known only at run time (``k.upper()`` on a value of unknown type)
        inside the arguments of a known read: the run time checks each is pure before the
        read starts early (else the read runs in place)."""
        out: set[int] = set()
        for outer in self.index.find(part, ast.Call, itself=True):
            fact = self.facts.calls.get(id(outer))
            if fact is None or fact.dynamic or not self.is_candidate(outer):
                continue
            for c in self.index.find(outer, ast.Call):
                inner = self.facts.calls.get(id(c))
                if (inner is not None and inner.dynamic and isinstance(c.func, ast.Attribute)
                        and root_name(c.func.value) is not None):
                    out.add(id(c))
        return out

    def _is_awaited(self, part: ast.AST, call: ast.Call) -> bool:
        up = self.index.parent(call)
        return isinstance(up, ast.Await) and self.index.contains(part, up)

    def _await_ok(self, call: ast.Call) -> bool:
        fact = self.facts.calls[id(call)]
        if fact.kind in (Kind.WRITE, Kind.CPU) or fact.spacing:
            return False  # (``await asyncio.sleep(d)`` as a statement keeps its place)
        return not self.index.find(call, ast.Await)

    # -- hoisting within a block ----------------------------------------------------------

    def free(self, call: ast.AST) -> tuple[set[str], set[str]]:
        """Local names the call (or a check) reads, and the non-local data (globals,
        closure) it reads; ``*`` among the latter when it runs code of the user's, which
        may read any global (a helper's config dict, a class attribute, a global it
        rebinds)."""
        names = self.facts.loads(call)
        local = names & self.facts.locals
        outside: set[str] = set()
        glb = self.facts.func.__globals__
        closure = set(self.facts.func.__code__.co_freevars) | self.facts.nonlocals
        for n in names - local:
            obj = glb.get(n)
            if n in closure or (obj is not None and not constant(obj)) or (
                    n in self.changed_globals) or reads_attributes(self.index, call, n, obj):
                outside.add(n)  # (``Tier.level``: a class's attribute a helper may set)
        calls = self.facts.calls  # (its arguments' calls run where it starts: ``get(key())``)
        if any(self._runs_user_code(calls[id(c)])
               for c in self.index.find(call, ast.Call, itself=True) if id(c) in calls):
            outside.add(ANYWHERE)
        return local, outside

    def _runs_user_code(self, fact: CallFact) -> bool:
        """`_runs_user_code`, each object looked at once."""
        obj = fact.obj
        if fact.dynamic or obj is None:
            return True
        hit = self._user_code.get(id(obj))
        if hit is None:  # (the fact holds `obj`: its id is not reused while this lives)
            hit = self._user_code[id(obj)] = runs_user_code(fact, bool(self.facts.nonlocals))
        return hit

    def may_run_yours(self, fact: CallFact) -> bool:
        """May the call run code of the user's, which may reach anything: no rule, the
        user's own code, or a database's (a connection runs the Python functions, trace
        callbacks and authorisers it was given, on a commit or a trigger)?"""
        return fact.kind is Kind.UNKNOWN or fact.resource == "db" or self._runs_user_code(fact)

    def blocked(self, prev: ast.stmt, f: set[str], outside: set[str], resource: str | None,
                hazards: set[str], at: ast.stmt) -> bool:
        pf = self._crossed(prev)
        if pf.leaves or pf.barrier or pf.decides or f & pf.defs or outside & (
                pf.defs | pf.mutates) or outside and self.reaches_out(pf, at):
            return True
        if conflicts(resource, pf.writes):
            return True
        if outside and pf.unseen:
            return True
        if ANYWHERE in outside and self.changes_outside(pf, hazards, set(), at):
            return True
        # An opaque call may reach any object through another reference (an argument that
        # shares it, an attribute): every input becomes a run-time hazard.
        hazards |= self.crossed_by(pf, f)
        self.apart(pf, f)
        return False

    def crossed_by(self, pf: StmtFacts, f: set[str], stmt: ast.stmt | None = None,
                   call: ast.Call | None = None) -> set[str]:
        """The inputs `f` of a call moved across `pf` (`stmt`) that must be immutable where it
        starts: those it changes (not other keys of data than `call` reads) and, when it
        may change state out of sight, every input but objects only this function holds."""
        return {h for h in f & pf.mutates if stmt is None or not other_keys(
            self.facts, h, stmt, call)} | (f - self.private if pf.unseen else set())  # type: ignore[arg-type]

    def reaches_out(self, pf: StmtFacts, at: ast.AST) -> bool:
        """Does the statement change a local's object that a global may hold too (one
        stored in a global dict, ``STATE["rows"] = out``, or handed in) by the time a call
        at `at` is made? A call that reads globals sees the change through them."""
        return bool(pf.mutates & self.facts.locals - self.facts.unshared_at(at))

    def apart(self, pf: StmtFacts, f: set[str]) -> None:
        """A call whose inputs `f` moves across `pf`, which changes a parameter's object,
        relies on the other parameters it reads holding other objects (``a`` and ``b``
        passed one list): a guard ("distinct") checks it at every call, and a call where
        they are one object runs as written (`_jit`). (An opaque change makes every input
        a run-time hazard instead.)"""
        params = set(self.facts.params)
        changed = pf.mutates & params
        if not changed or pf.unseen:
            return
        guards = self.facts.guards
        for q in sorted(self.facts.aliases(f) & params - changed):
            for p in sorted(changed):
                if ("distinct", p, q) not in guards:
                    guards.append(("distinct", p, q))

    def _acts(self, stmt: ast.stmt) -> bool:
        """Does `stmt` call anything beyond pure builtins, or change state out of sight?"""
        pf = self._crossed(stmt)
        return pf.has_calls or pf.unseen or pf.barrier or bool(pf.writes)

    def changes_outside(self, pf: StmtFacts, hazards: set[str], bound: set[str],
                        at: ast.AST) -> bool:
        """For a call of the user's code (which may read any global): does the statement
        change what such code may read? A global rebound, a store to a global or a class
        is that; a change to a local's object is checked at run time (its value must be
        immutable then: added to `hazards`), unless no other code can reach that object by
        the time the call at `at` is made (`unshared_locals`: ``out.append(x)``); only a
        parameter (or an item's loop variables, `bound`) surely holds a value where the
        call starts and where it runs in place, so a change to another local's object
        keeps the call behind it."""
        if pf.defs - self.facts.locals or pf.mutates - self.facts.locals or (
                pf.defs & self.cells):
            return True  # (a cell: a nested helper closes over it, and may read it)
        changed = pf.mutates & self.facts.locals
        if changed:  # (`unshared` is made when first needed: most statements change none)
            changed -= self.facts.unshared_at(at)
        if changed - set(self.facts.params) - bound:
            return True  # (its value where the call starts is not known to exist)
        hazards |= changed
        return False

    def _crossed(self, stmt: ast.stmt) -> StmtFacts:
        """Facts of a statement a call moves across, without the calls classified at run
        time that start at its own place or ahead of it: one that turns out not to be a read
        runs in place and holds every later start there (`Frame.held`), so it is never
        crossed."""
        started = self.own_start.get(id(stmt), set()) | self.early.get(id(stmt), set())
        return self.facts.stmt(stmt, frozenset(started)) if started else self.facts.stmt(stmt)

    def worth(self, crossed: list[ast.stmt]) -> bool:
        return worth(self.facts, crossed)

    def new_site(self, call: ast.Call, expr: ast.expr, move: str, stmt: ast.AST,
                 **kw: object) -> Site:
        fact = self.facts.calls[id(call)]
        site = Site(id=len(self.sites), call=call, node=expr, fact=fact, move=move, stmt=stmt,
                    lineno=getattr(call, "lineno", 0),
                    latency=latency(call, fact, self.facts.func.__globals__), **kw)  # type: ignore[arg-type]
        self.sites.append(site)
        self.claimed.add(id(call))
        return site

    def block(self, stmts: list[ast.stmt]) -> None:
        for i, stmt in enumerate(stmts):
            if not self.index.holds(stmt, self.io):
                continue  # no call in it could start early (nor in its blocks)
            for inner in self.index.find(stmt, _HANDLING, itself=True):  # (before the
                for child in self.kept(inner):  # comprehensions: it finds them in blocks too)
                    self.in_place(child)
            self.comprehensions(stmt)
            if isinstance(stmt, ast.For):
                self.loop(stmt)
            for part in self.header(stmt):
                found = self.candidates(part)
                after_decided = False
                for call, expr in found:
                    # (after a call of its statement classified when it starts, no earlier
                    # than that one: held there if it turns out not to be a read, and a
                    # call known only then may write what this one reads)
                    here = (stmts[i:], 0) if after_decided else (stmts, i)
                    self.hoist(*here, stmt, call, expr, together=len(found) > 1)
                    after_decided |= self.facts.calls[id(call)].dynamic
            if type(stmt) not in _SCOPES:  # a nested def's calls are its own, run later
                for child in child_blocks(stmt):
                    if not any(child is b for b in self.kept(stmt)):
                        self.block(child)

    def kept(self, stmt: ast.stmt) -> list[list[ast.stmt]]:
        return handling_blocks(stmt) or deadline_blocks(stmt, self.facts)

    def in_place(self, stmts: list[ast.stmt]) -> None:
        """A block's calls run where they are: an ``except`` or ``finally`` block's on the
        function's own thread, where the exception it handles is the context of any they
        raise (started on another thread, none is, and one they raise loses its own); a
        deadline's body as written (`deadline_blocks`)."""
        for stmt in stmts:
            for call in self.index.find(stmt, ast.Call, itself=True):
                if id(call) not in self.claimed and self.is_candidate(call):  # type: ignore[arg-type]
                    self.new_site(call, call, "inline", stmt, before=stmt,  # type: ignore[arg-type]
                                  why="in an except, finally or deadline block: in place")

    def hoist(self, stmts: list[ast.stmt], i: int, stmt: ast.stmt, call: ast.Call,
              expr: ast.expr, together: bool = False) -> None:
        f, outside = self.free(call)
        fact = self.facts.calls[id(call)]
        hazards: set[str] = set()
        j = i
        movable = self.ahead(call)
        while movable and j > 0 and not self.blocked(stmts[j - 1], f, outside, fact.resource,
                                                     hazards, stmt):
            if fact.hidden and self._acts(stmts[j - 1]):
                break  # its arguments run the user's code: not before what prints or writes
            j -= 1
            if id(stmts[j]) in self.own_start:
                break  # a call classified at run time starts here: this one just after it
        if j < i and self.worth(stmts[j:i]):
            self.new_site(call, expr, "hoist", stmt, before=stmts[j],
                          hazards=tuple(sorted(hazards)), why=f"starts {i - j} statement(s) early",
                          crosses_writes=written(self._crossed(x) for x in stmts[j:i]))
            if _decided_at_run_time(fact):  # (a later call crossing its statement starts
                self.early.setdefault(id(stmt), set()).add(id(call))  # no earlier than it)
                self.own_start.setdefault(id(stmts[j]), set()).add(id(call))
        elif together or (_decided_at_run_time(fact) and self._next_has_calls(stmts, i)):
            self.new_site(call, expr, "hoist", stmt, before=stmt, hazards=tuple(sorted(hazards)),
                          why="starts with the other calls of its statement" if together
                          else "classified when it starts, at its own place")
            if fact.dynamic:
                self.own_start.setdefault(id(stmt), set()).add(id(call))
        else:
            why = "nothing independent before it" if j == i else "only trivial statements before it"
            blocker = stmts[j - 1] if j > 0 else None
            if blocker is not None and f & self.facts.stmt(blocker).defs:
                names = ", ".join(sorted(f & self.facts.stmt(blocker).defs))
                why = f"needs {names} from line {blocker.lineno}"
            self.new_site(call, expr, "inline", stmt, why=why)

    # -- loops and comprehensions --------------------------------------------------------------

    def _next_has_calls(self, stmts: list[ast.stmt], i: int) -> bool:
        """Has the next statement after stmts[i] that holds a candidate call (past prints,
        say) one that could start just after its own?"""
        later = next((s for s in stmts[i + 1:] if self.index.holds(s, self.io)), None)
        return later is not None and any(self.candidates(p) for p in self.header(later))

    def loop(self, loop: ast.For) -> None:
        body = loop.body
        if not target_names(loop.target) or not plain_target(loop.target):
            return
        found = [(i, call, expr, guard) for i, stmt in enumerate(body)
                 for inner, guard in openings(stmt) for part in self.header(inner)
                 for call, expr in self.candidates(part) if self.ahead(call)]
        # Starts are made site by site, every item of one site before the next site's: a
        # call classified only at run time (which may turn out a write, run in place) would
        # come after the reads of the sites before it for later items. Those stay in place,
        # and so does a second such call, with all after it: it is no site, and what it may
        # do (write, pace, raise) counts in the body's facts.
        dynamic = [k for k, (_, call, _, _) in enumerate(found)
                   if self.facts.calls[id(call)].dynamic]
        if dynamic:
            found = found[dynamic[0]:dynamic[1] if len(dynamic) > 1 else len(found)]
        # The candidates themselves are checked one by one when they start (`Frame.held`).
        skip = frozenset(id(call) for _, call, _, _ in found) | self.checked
        body_facts = [self.facts.stmt(s, skip) for s in body]
        if any(pf.leaves and not pf.skips or pf.barrier for pf in body_facts):
            return
        defined = set().union(*(pf.defs for pf in body_facts))
        # (an item's name the body binds again is the body's: ``k = k.upper()``)
        targets = target_names(loop.target) - defined
        # Calls classified at run time in the first site (its own, or one checked to be pure
        # in its arguments) may change what the loop walks only if they turn out not a read
        # (or not pure): the loop then drops its items and runs as written (`Frame.keeps`),
        # before any later item's call has started.
        first = found[0][1] if found else None
        seen_then = self.started_here(first) if first is not None else frozenset()
        items = data_items(self.facts, loop.iter, targets)  # (``row["value"] = ...``)
        if not walk_kept(self, loop.iter, body, seen_then, items):
            return  # the body may change what the loop walks: its items are taken in place
        writes = written(body_facts)
        changed = defined.union(*(pf.mutates for pf in body_facts)) - targets
        # (objects of locals the body changes that other code may hold: see `checks_ahead`)
        shared = frozenset().union(*(pf.mutates for pf in body_facts)) & (
            self.facts.locals - self.facts.unshared_at(loop))
        picked: list[Site] = []
        for i, call, expr, guard in found:
            if seen_then and not picked and call is not first:
                return  # the run-time calls `walk_kept` let through do not start first
            if any(pf.decides for pf in body_facts[i:]):
                continue  # a raise or an assert from here on decides the next items' calls
            f, outside = self.free(call)
            fact = self.facts.calls[id(call)]
            if polls(fact, f & (targets | changed)):
                continue
            hazards: set[str] = set()
            preludes = find_preludes(self.facts, body, body_facts, i, (f - targets) & defined)
            if preludes is None:
                continue  # it needs a value the body makes in a way that cannot run ahead
            binds = set().union(*(body_facts[k].defs for k in preludes))
            checks: list[ast.AST] = [
                s if pf.decides or k in preludes else skip_test(s, self.facts) or s
                for k, (s, pf) in enumerate(zip(body[:i], body_facts, strict=False))
                if pf.decides or pf.skips or k in preludes]
            checks += [test for test, _ in guard]  # (``if ok(x): out.append(get(x))``)
            after, feed, checks = fed(self, call, checks, picked, guard, body_facts[:i],
                                      changed, binds, shared)
            if checks and (any(pf.unseen for pf in body_facts)
                           or not checks_ahead(self, [c for c in checks if c is not feed],
                                               changed, shared, binds)):
                continue  # an earlier check decides whether this item's call happens
            if guard:
                checks[-len(guard):] = [skip_unless(guard)]
            checks = [skip_if(c) if isinstance(c, ast.expr) else c for c in checks]
            if not fact.dynamic and conflicts(fact.resource, writes):
                continue  # (one known only at run time is checked then: `crosses_writes`)
            if outside and any(pf.unseen or outside & pf.mutates or self.reaches_out(pf, loop)
                               for pf in body_facts):
                continue
            if ANYWHERE in outside and any(self.changes_outside(pf, hazards, targets, loop)
                                           for pf in body_facts):
                continue
            if (fact.hidden or fact.handed) and any(pf.writes or pf.unseen for pf in body_facts):
                if "*" in fact.hidden or after is not None or any(pf.unseen for pf in body_facts):
                    continue  # its arguments may run your code: not before earlier output
                checks = [*checks, names_check(fact.hidden | fact.handed, call)]  # (plain data)
            for pf, stmt in zip(body_facts, body, strict=True):
                hazards |= self.crossed_by(pf, f, stmt, call)
                self.apart(pf, f)
            why = ("starts for each item as soon as the item's checks pass" if checks
                   else "starts for every item before the first iteration")
            if after is not None:
                why = "starts for each item as soon as the item's call it needs has ended"
            picked.append(self.new_site(
                call, expr, "loop", loop, hazards=tuple(sorted(hazards)), why=why,
                crosses_writes=writes, checks=checks, after=after, feed=feed))
        if picked:
            self.loops[id(loop)] = picked
            # (a file or a database the body writes, or a server on this machine may, could
            # show the loop new lines or rows, or refuse a write while a SELECT reads)
            if not conflicts("file", writes) and owned_file(self.facts, loop):
                self.streams[id(loop)] = "lines"
            elif not conflicts("file", writes) and owned_connection(self.facts, loop):
                self.streams[id(loop)] = "rows"

    def started_here(self, call: ast.Call) -> frozenset[int]:
        """The calls classified at run time when `call` starts (ids): itself when its callee
        is known only then, and the calls in its arguments checked to be pure."""
        out = {id(c) for c in self.index.find(call, ast.Call) if id(c) in self.checked}
        if self.facts.calls[id(call)].dynamic:
            out.add(id(call))
        return frozenset(out)

    def acts_in_arguments(self, call: ast.Call) -> bool:
        """Does making `call`'s callee and arguments run code that acts (a property, a
        `defaultdict`'s factory, a dunder of yours that prints or writes)? Made for every
        item before any item's call is used, it would act ahead of the items before it."""
        implicit = self.facts.implicit
        return any(implicit[id(n)].kind in _ACTING for n in self.index.scope_nodes(call)
                   if id(n) in implicit)

    def comprehensions(self, stmt: ast.stmt) -> None:
        for node in self.index.find(stmt, _COMPS):
            up = self.index.parent(node)
            callee = getattr(self.facts.calls.get(id(up)), "obj", None)
            if isinstance(node, ast.GeneratorExp) and (
                    self.facts.is_async or not consumes_all(up, node, callee)):
                continue  # (an await makes a generator expression async: not consumable)
            self.comprehension(node)

    def comprehension(self, comp: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
                      ) -> None:
        if any(g.is_async or not plain_target(g.target) for g in comp.generators):
            return
        index = self.index
        if any(index.find(g, ast.Await, itself=True, nested=True) for g in comp.generators):
            return  # the items come from awaits: they cannot all be taken up front
        elts = [comp.key, comp.value] if isinstance(comp, ast.DictComp) else [comp.elt]
        if index.find(comp, ast.NamedExpr, itself=True, nested=True):
            return  # `:=` binds in the enclosing scope: the two-phase rewrite cannot keep that
        implicit = self.facts.implicit
        if any((walk := implicit.get(id(g))) is not None and walk.kind in _ACTING
               for g in comp.generators):
            return  # walking it acts (a generator that prints): not all items up front
        calls = self.facts.calls
        if any((f := calls.get(id(n)) or implicit.get(id(n))) is not None and (
                f.kind in _ACTING or reads_clock(f))
               for g in comp.generators for t in g.ifs for n in ast.walk(t)):
            return  # a filter that prints, logs or writes, run for every item first, acts
            # before the elements' calls (and past an element that raises), and one that
            # reads the clock reads it then: as written
        if any(index.find(e, _NOT_IN_ELEMENTS, itself=True, nested=True) for e in elts):
            return
        targets = set().union(*(target_names(g.target) for g in comp.generators))
        found = [(call, expr) for elt in elts for call, expr in self.candidates(elt)
                 if self.ahead(call)]
        if any(id(call) in self.claimed for call, _ in found):
            return  # (kept in place: in an except, finally or deadline block)
        # The candidates themselves are checked one by one when they start (`Frame.held`).
        skip = frozenset(id(call) for call, _ in found) | self.checked
        effects = self.facts.stmt(comp, skip)
        if effects.barrier or effects.decides:
            return
        tests = frozenset().union(*(self.facts.loads(c) for g in comp.generators for c in g.ifs))
        if tests and any(ef.unseen or (ef.mutates | ef.alone | ef.defs) & tests
                         for ef in (self.facts.stmt(e, skip) for e in elts)):
            return  # (its filters run for every item first: one must not see an element's change)
        chosen: list[tuple[ast.Call, ast.expr, set[str]]] = []
        for elt in elts:
            for call, expr in [(c, e) for c, e in found if self.index.contains(elt, c)]:
                f, outside = self.free(call)
                if (f - targets) & effects.mutates or (outside and effects.unseen) or (
                        outside & effects.mutates) or polls(self.facts.calls[id(call)], all(
                            f & target_names(g.target) for g in comp.generators)):
                    continue
                hazards = self.crossed_by(effects, f)
                self.apart(effects, f)
                if ANYWHERE in outside and self.changes_outside(effects, hazards, targets, comp):
                    continue
                fact = self.facts.calls[id(call)]
                if formats_elsewhere(self.facts, comp, call, fact.hidden | fact.handed) or (
                        self.acts_in_arguments(call)):
                    continue  # (its formatting, started ahead, would run before theirs)
                chosen.append((call, expr, hazards))
        # Calls classified as their start is made stop the gathering of the items when one
        # turns out not a read (`Frame.collect`): the items after it are taken as written.
        walked = [*elts, *(c for g in comp.generators for c in g.ifs),
                  *(g.iter for g in comp.generators[1:])]
        seen_then = frozenset().union(*(self.started_here(c) for c, _, _ in chosen))
        if not all(walk_kept(self, g.iter, walked, seen_then) for g in comp.generators):
            return  # its element may change what it walks: the items are taken in place
        picked = [self.new_site(call, expr, "comp", comp,
                                why="starts for every item before any is used",
                                hazards=tuple(sorted(hazards)), crosses_writes=written([effects]))
                  for call, expr, hazards in chosen]
        for outer, site in outer_reads(self, elts, picked):
            f, outside = self.free(outer)
            if (f - targets) & effects.mutates or outside and (effects.unseen or outside & (
                    effects.mutates)) or ANYWHERE in outside and self.changes_outside(
                    effects, set(), targets, comp) or effects.unseen or (
                    self.acts_in_arguments(outer)):
                continue
            picked.append(self.new_site(
                outer, outer, "comp", comp, after=site, crosses_writes=written([effects]),
                why="starts for each item as soon as the item's call it needs has ended"))
        if picked:
            self.comps[id(comp)] = picked


_ACTING = frozenset({Kind.WRITE, Kind.OUTPUT, Kind.UNKNOWN})


def polls(fact: CallFact, varies: object) -> bool:
    """Is the call a poll: a read of the world (not a model call, not a wait) made with
    the same arguments for every item (``for _ in range(3): get(status_url)``)? What it
    reads may change with each read (a job's status): its calls keep their order."""
    return not varies and fact.kind is Kind.READ and fact.resource not in ("llm", "time")


#: In a call's non-local inputs: it runs code of the user's, which may read any global.
ANYWHERE = "*"


def _decided_at_run_time(fact: CallFact) -> bool:
    """Is the call classified only at run time, where it may turn out a read: its callee
    known only then, a rule that reads the arguments, a cached function? (A callee known
    now with no rule, `Event.wait` say, stays unknown and in place.)"""
    if not fact.dynamic:
        return False
    obj = fact.obj
    return (obj is None or fact.by_arguments or classify(obj) is not None
            or cached_function(obj) is not None)


_COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_HANDLING = (ast.Try, ast.TryStar, ast.With, ast.AsyncWith)  # (blocks that may run in place)
_NOT_IN_ELEMENTS = (*_COMPS, ast.Lambda, ast.NamedExpr)
_AWAITING = (ast.AsyncFor, ast.AsyncWith, ast.comprehension, ast.Await)


def _stays_unknown(fact: CallFact) -> bool:
    """A builtin with no rule (``os.umask``, a C extension's function): classified when it
    starts, it is unknown there too, and holds every start after it (`Frame.held`). Started
    early, ahead of a fan-out, it would hold the fan-out's starts: it is a barrier instead."""
    return (fact.kind is Kind.UNKNOWN and not fact.threads
            and isinstance(fact.obj, types.BuiltinFunctionType) and classify(fact.obj) is None)

