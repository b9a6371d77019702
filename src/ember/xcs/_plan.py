"""Stage 2: decide which I/O calls start early, and where.

`make_plan` runs three named steps, each keeping the program's meaning:

1. `find_moves` (`_moves`): give every I/O call a site: **hoist** (a read starts before
   earlier statements it does not depend on), **loop** (a read starts for every item of a
   `for` loop before the first iteration), **comprehension** (the reads of a comprehension
   start for every item before any element is built), or **inline** (it stays, and why).
2. `defer_waits`: a read assigned to a name is waited for just before the name is needed,
   when only pure computation runs in between.
3. `choose_strategy`: run as written, or run the rewritten function, and why.

`link_sites` says which sites feed which, for `explain`'s critical path only: it runs when
the plan is first shown (most plans never are).

A read whose inputs might be mutated in between gets a run-time *hazard* check: it starts
early only if those inputs hold immutable values. Calls the analysis could not classify are
*dynamic*: the run time classifies the actual callee and runs non-reads in place.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import threading
import types
from concurrent import futures

from ember.xcs._analysis import FunctionFacts
from ember.xcs._bodies import child_blocks
from ember.xcs._effects import Kind, classify
from ember.xcs._held import held
from ember.xcs._index import COMPREHENSIONS, LOOPS
from ember.xcs._moves import Moves, worth
from ember.xcs._plain import hashable
from ember.xcs._sites import DEFAULT_LATENCY, Plan, Site
from ember.xcs._summary import starts_threads
from ember.xcs._timing import may_start_a_thread, sets_a_timer
from ember.xcs._whose import users_class

__all__ = ["DEFAULT_LATENCY", "Plan", "Site", "link_sites", "make_plan"]


def make_plan(facts: FunctionFacts) -> Plan:
    """Decide the moves for one analysed function."""
    moves = Moves(facts)  # one for both: making it reads every local's uses
    plan = _nothing_to_overlap(facts, moves) or _own_threads(facts, moves)
    if plan is not None:
        return plan
    plan = find_moves(facts, moves)
    defer_waits(plan)
    choose_strategy(plan)
    return plan


def _nothing_to_overlap(facts: FunctionFacts, moves: Moves) -> Plan | None:
    """The plan of a function that has nothing to overlap, made without the passes: no I/O
    call at all, or one with no other call and no loop beside it (no other I/O, nor pure
    work it could overlap: see `worth`). None when the passes have to decide.

    A coroutine is left to the passes (its awaits are candidates of their own).
    """
    if facts.is_async:
        return None
    calls = facts.index.find(facts.tree, ast.Call, nested=True)
    io = [c for c in calls if moves.is_candidate(c)]  # type: ignore[arg-type]
    if io and (len(calls) > 1 or facts.calls[id(io[0])].runner == "process"
               or facts.calls[id(io[0])].fans_out
               or facts.index.find(facts.tree, LOOPS, nested=True)):
        return None
    sites = [moves.new_site(call, call, "inline", _statement(facts, call),  # type: ignore[arg-type]
                            why="nothing else runs beside it to overlap") for call in io]
    plan = Plan(facts, sites, "direct", "", linked=True)  # (one site at most: no deps)
    choose_strategy(plan)
    return plan


def _own_threads(facts: FunctionFacts, moves: Moves) -> Plan | None:
    """The plan of a function that starts threads of its own or sets a timer (a `Thread` or
    `Timer`, an executor's `submit` or `map`, `loop.call_later`: `sets_a_timer`), itself
    or through a helper, a generator or a context manager's ``__enter__``, or makes a
    thread or an executor: as written. What such a thread does while a slow call is
    in flight (appends the key a later call reads, PUTs what a later GET reads) meets the
    function's calls where the plain code's timing puts it; a call started early would
    meet it earlier."""
    calls = facts.index.find(facts.tree, ast.Call, nested=True)
    start = next((c for c in calls if sets_a_timer(c, facts.calls.get(id(c))) or (
        id(c) in facts.calls and (may_start_a_thread(c, facts.calls[id(c)]) or _a_thread_class(
            facts.calls[id(c)].obj)))), None) or next(
        (c for c in facts.index.find(facts.tree, ast.ClassDef, nested=True)  # type: ignore[misc]
         if any(_a_thread_class(_global_value(facts, b)) for b in c.bases)
         or _made_by_yours(facts, c)), None)
    threaded = {key for key, f in facts.implicit.items() if f.threads}  # (an ``__enter__``)
    start = start or threaded and next(
        (n for n in ast.walk(facts.tree) if id(n) in threaded), None) or next(
        (c for c in calls if _taken_from_data(facts, c)), None) or _names_a_start(  # type: ignore[arg-type]
        facts)
    if start is None:
        return None
    line = getattr(start, "lineno", None) or facts.tree.lineno  # (a comprehension has none)
    why = f"the function starts a thread or sets a timer of its own at line {line}"
    sites = [moves.new_site(c, c, "inline", _statement(facts, c), why=why)  # type: ignore[arg-type]
             for c in calls if moves.is_candidate(c)]  # type: ignore[arg-type]
    return Plan(facts, sites, "direct", f"{why}: it runs as written, so that what that thread "
                "does meets its calls as in the plain code", linked=True)


def _names_a_start(facts: FunctionFacts) -> ast.AST | None:
    """A name of a function that starts a thread, anywhere but where the function itself
    calls it (whose call's fact says so): kept (``go = spawn``), handed (``reg.add(
    mod.spawn)``, ``HOOKS["start"]``), or called in a lambda, a nested function or a
    class's method, any of which may run it at any time. (A global or a module's or a
    class's attribute found so is guarded; an item of a dict is looked at when the plan is
    made.)"""
    own = {id(c.func) for c in facts.index.find(facts.tree, ast.Call) if id(c) in facts.calls}
    for node in facts.index.find(facts.tree, (ast.Name, ast.Attribute, ast.Subscript, ast.Call),
                                 nested=True):
        if id(node) in own or type(getattr(node, "ctx", ast.Load())) is not ast.Load or (
                type(node) is ast.Name and node.id in facts.locals):  # type: ignore[attr-defined]
            continue
        found = _referenced(facts, node)  # type: ignore[arg-type]
        if isinstance(found, (types.FunctionType, types.BuiltinFunctionType)) and (
                starts_threads(found)):
            return node
    return None


def _referenced(facts: FunctionFacts, node: ast.expr) -> object:
    """The object a global name, a module's, a class's or a namespace's attribute, or a
    global dict's item under a constant key (``d[k]``, ``d.get(k)``) is, read without
    running code of yours; guarded where it is a name or an attribute."""
    scope = facts.func.__globals__
    if isinstance(node, ast.Name):
        found = scope.get(node.id)
        if isinstance(found, (types.FunctionType, types.BuiltinFunctionType)):
            facts.guards.append(("key", scope, node.id, held(found)))
        return found
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
            node.value.id not in facts.locals):
        owner = scope.get(node.value.id)
        if isinstance(owner, (types.ModuleType, type, types.SimpleNamespace)):
            found = inspect.getattr_static(owner, node.attr, None)
            found = getattr(found, "__func__", found)  # (a static or class method's)
            if isinstance(found, types.FunctionType) and not isinstance(
                    owner, types.SimpleNamespace):
                facts.guards.append(("attr", held(owner), node.attr, held(
                    inspect.getattr_static(owner, node.attr))))
            return found
        return None
    key = node.slice if isinstance(node, ast.Subscript) else (
        node.args[0] if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get" and len(node.args) == 1 else None)
    base = node.value if isinstance(node, ast.Subscript) else getattr(
        getattr(node, "func", None), "value", None)
    if isinstance(key, ast.Constant) and isinstance(base, ast.Name) and (
            base.id not in facts.locals) and type(table := scope.get(base.id)) is dict:
        return table.get(key.value) if hashable(key.value) else None
    return None


def _taken_from_data(facts: FunctionFacts, call: ast.Call) -> bool:
    """A statement that calls what a local, an item or a call gives, known only when it
    runs (``for step in steps: step()``, ``hooks["start"]()``, ``getattr(t, name)()``): a
    callable kept as data, called for what it does, as a thread's ``start`` is. No start
    or classification at run time sees it (its callee is not evaluated ahead), so it
    counts as one."""
    fact = facts.calls.get(id(call))
    up = facts.index.parent(call)
    stmt = facts.index.parent(up) if isinstance(up, ast.Await) else up
    return (fact is not None and fact.dynamic and fact.obj is None and isinstance(stmt, ast.Expr)
            and (isinstance(call.func, (ast.Subscript, ast.Call)) or isinstance(call.func, ast.Name)
                 and call.func.id in facts.locals and call.func.id not in facts.params))


def _made_by_yours(facts: FunctionFacts, c: ast.ClassDef) -> bool:
    """Does making class `c` run code of yours the analysis does not read: a decorator, a
    metaclass or keywords, a base's ``__init_subclass__`` or metaclass, or a call in its
    body (a value's ``__set_name__``)? Any of it may start a thread."""
    if c.decorator_list or c.keywords or any(
            isinstance(n, ast.Call) for s in c.body for n in ast.walk(s)
            if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))):
        return True
    for b in c.bases:
        base = _global_value(facts, b)
        if not isinstance(base, type) or users_class(type(base)) or any(
                users_class(k) and "__init_subclass__" in vars(k) for k in base.__mro__):
            return True
    return False


def _a_thread_class(obj: object) -> bool:
    """A thread's class, or an executor's: one made in the function (or subclassed there)
    is started there too, by whatever name (``go = t.start; go()``)."""
    return isinstance(obj, type) and issubclass(obj, (threading.Thread, futures.Executor))


def _global_value(facts: FunctionFacts, node: ast.expr) -> object:
    """What ``name`` or ``module.attr`` names in the function's globals or the builtins
    (None if unknown)."""
    if isinstance(node, ast.Attribute):
        return getattr(_global_value(facts, node.value), node.attr, None)
    if not isinstance(node, ast.Name):
        return None
    return facts.func.__globals__.get(node.id, getattr(builtins, node.id, None))


def _statement(facts: FunctionFacts, node: ast.AST) -> ast.stmt:
    while not isinstance(node, ast.stmt):
        node = facts.index.parent(node)  # type: ignore[assignment]
    return node


def find_moves(facts: FunctionFacts, moves: Moves | None = None) -> Plan:
    """Step 1: a site for every I/O call, with its move (see `_moves`); `moves`, when
    given, has no sites yet."""
    moves = moves if moves is not None else Moves(facts)
    moves.block(facts.tree.body)
    index = facts.index
    # Calls of a comprehension left as written.
    for comp in index.find(facts.tree, COMPREHENSIONS):
        for call in index.find(comp, ast.Call):
            if id(call) not in moves.claimed and moves.is_candidate(call):  # type: ignore[arg-type]
                stmt = _statement(facts, comp)
                moves.new_site(call, call, "inline", stmt, before=stmt,  # (never "place")
                               why="its comprehension takes its items as written (what it "
                               "walks may change, or walking it may run code: a value's type "
                               "is known at the first call)")
    return Plan(facts, moves.sites, "direct", "", moves.loops, moves.comps, moves.streams)


# --- step 2: deferred waits ----------------------------------------------------------------------


def defer_waits(plan: Plan) -> None:
    """Step 2: in every block, let ``x = read(...)`` be waited for where x is needed."""
    facts = plan.facts
    assert facts is not None
    by_stmt = {id(s.stmt): s for s in reversed(plan.sites)
               if isinstance(s.stmt, ast.Assign) and s.node is s.stmt.value}
    awaited = {id(s.node) for s in plan.sites if s.fact.kind is Kind.READ}

    def block(stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            for child in child_blocks(stmt):
                block(child)
        covered = 0  # deferral regions do not nest: one open region per block at a time
        for i, stmt in enumerate(stmts):
            if i >= covered:
                covered = i + 1 + _deferral(facts, stmts, i, by_stmt.get(id(stmt)), awaited)

    block(facts.tree.body)


def _deferral(facts: FunctionFacts, stmts: list[ast.stmt], i: int, site: Site | None,
              awaited: set[int]) -> int:
    """How many statements after ``x = read(...)`` (stmts[i]) run before it is waited for.

    Only pure computation and, in a coroutine, awaits of reads the plan starts may run in
    between (no writes, no opaque calls, no mutation, no barrier such as a read of the
    clock, nothing that leaves the block): if
    the call fails, the run time raises its error before the error of any statement in
    between, and at once while an await in between waits, as the plain code would.
    """
    stmt = stmts[i]
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)):
        return 0
    if site is None or site.fact.kind is not Kind.READ or site.fact.dynamic:
        return 0
    name = stmt.targets[0].id
    if name in facts.nonlocals or name in facts.func.__code__.co_cellvars or _caught(
            facts, stmt):
        return 0  # (a statement between that fails would show the name still unbound)
    k = i + 1
    while k < len(stmts):
        pf = facts.stmt(stmts[k])
        if (name in pf.uses or name in pf.defs or pf.leaves or pf.writes or pf.opaque
                or pf.mutates or pf.barrier or isinstance(stmts[k], ast.Try)
                or (pf.awaits or pf.suspends) and not _awaits_reads(facts, stmts[k], awaited)
                or site.fact.hidden and pf.has_calls):  # (code of yours its arguments run
            break  # would run beside that call's: its output, or its own such code)
        k += 1
    region = stmts[i + 1:k]
    # In a coroutine the started call runs only while the coroutine is suspended: a
    # region without an await would not overlap it at all.
    useful = (any(facts.stmt(s).awaits or facts.stmt(s).suspends for s in region)
              if facts.is_async else worth(facts, region))
    if not useful:
        return 0
    site.defer = k - i - 1
    if site.move == "inline":
        site.move, site.before = "place", stmt
    site.why += f"; waited for {site.defer} statement(s) later, where it is needed"
    return site.defer


def _caught(facts: FunctionFacts, stmt: ast.stmt) -> bool:
    """May an error raised after `stmt` be caught where the function goes on: is it in a
    ``try``, or in a ``with`` whose context manager may swallow it (any but a library's
    object with a rule: a session, a client, a file)? A wait put off past a statement
    that fails by accident would then leave the handler a name not yet bound."""
    up = facts.index.parent(stmt)
    while up is not None and up is not facts.tree:
        if isinstance(up, (ast.Try, ast.TryStar)):
            return True
        if isinstance(up, (ast.With, ast.AsyncWith)) and not all(
                _plain_exit(facts, item.context_expr) for item in up.items):
            return True
        up = facts.index.parent(up)
    return False


def _plain_exit(facts: FunctionFacts, manager: ast.expr) -> bool:
    """Is `manager` made by a library's callable with a rule, or by a library's class
    (not `contextlib`'s, whose `suppress` swallows errors): its exit lets an error through?
    (A function of a library's may hand back anything: `pytest.raises` swallows.)"""
    fact = facts.calls.get(id(manager)) if isinstance(manager, ast.Call) else None
    if fact is None or fact.obj is None:
        return False
    obj = fact.obj
    return classify(obj) is not None or (isinstance(obj, type) and not users_class(obj)
                                         and obj.__module__ != "contextlib")


def _awaits_reads(facts: FunctionFacts, stmt: ast.stmt, awaited: set[int]) -> bool:
    """Is every await in `stmt` an await of a read the plan starts (and so watches)?"""
    for n in facts.index.find(stmt, _AWAITING, itself=True):
        if isinstance(n, (ast.AsyncFor, ast.AsyncWith)) or (
                isinstance(n, ast.comprehension) and n.is_async):
            return False  # awaits that are not calls
        if isinstance(n, ast.Await) and id(n) not in awaited:
            return False
    return True


_AWAITING = (ast.AsyncFor, ast.AsyncWith, ast.comprehension, ast.Await)


# --- dependencies, for explain -------------------------------------------------------------------


def link_sites(plan: Plan) -> None:
    """Which sites feed which (each site's `deps`), by a flow-insensitive walk over the
    statements in order; once per plan (the rewrite leaves the analysed tree as it was)."""
    facts = plan.facts
    if facts is None or plan.linked:
        return
    by_stmt: dict[int, list[Site]] = {}
    for s in plan.sites:
        by_stmt.setdefault(id(s.stmt), []).append(s)
    # Sites belong to statements, loops and comprehensions of the function's own scope.
    units_at = facts.index.numbers([s.stmt for s in plan.sites])
    sources: dict[str, set[int]] = {}

    def fed_by(names: set[str] | frozenset[str]) -> set[int]:
        out: set[int] = set()
        for n in names:
            got = sources.get(n)
            if got:
                out |= got
        return out

    # Sites not linked yet: past the statement of the last one, what statements feed
    # matters to none. (A site in a nested block is linked again from its own block.)
    pending = {s.id for s in plan.sites}

    def visit(stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            here = list(by_stmt.get(id(stmt), ()))
            for u in facts.index.among(stmt, units_at):
                here += by_stmt.get(id(u), ())
            for s in here:
                pending.discard(s.id)
                s.deps = fed_by(facts.loads(s.call) & facts.locals) - {s.id}
            pf = facts.stmt(stmt)
            changed = pf.defs | (pf.mutates & facts.locals)
            if changed:
                flow = fed_by(pf.uses) | {s.id for s in here}
                for name in changed:
                    sources[name] = sources.get(name, set()) | flow if name in pf.mutates else flow
            for child in child_blocks(stmt):
                visit(child)

    for stmt in facts.tree.body:
        if not pending:
            break
        visit([stmt])
    plan.linked = True


# --- step 3: the strategy ------------------------------------------------------------------------


def choose_strategy(plan: Plan) -> None:
    """Step 3: run the rewritten function when a call moved, else as written; say why."""
    sites = plan.sites
    inner = [s for s in sites if s.fact.fans_out and s.fact.kind is Kind.READ]
    if plan.moved or inner:
        plan.strategy = "parallel"
        # Counted out of the table's rows, so the reason and the table agree.
        plan.reason = (f"{len(plan.moved)} of {len(sites)} call site(s) start early and overlap"
                       if plan.moved else f"{inner[0].label} overlaps the reads in its own "
                       "body: it runs jitted")
        for s in inner:
            s.why += "; it runs jitted: the reads in its body overlap"
        for s in sites:  # time the other reads too, so the timeline shows every wait
            if s.move == "inline" and s.before is None and (
                    s.fact.kind is Kind.READ or s.fact.runner == "process"):
                s.move, s.before = "place", s.stmt
    elif not sites:
        plan.reason = "no I/O calls found: it runs as written"
    elif len(sites) == 1:
        plan.reason = "only one I/O call: nothing to overlap, it runs as written"
    else:
        plan.reason = "no two I/O calls can overlap (see each call's reason): it runs as written"
