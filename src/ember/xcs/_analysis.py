"""Stage 1: read a function's source and say what each statement and call does.

The output is facts, not decisions: for every statement, the names it binds, reads and
may mutate, whether it leaves the block (return/break/continue), which outside resources it
writes; for every call, its `Kind` and why. `_plan` decides what may move.

The stage is a few modules, one concept each, in the order they build on each other:

- `_source`: the function's source, checked to be the code that was loaded (`NoSource`).
- `_resolve`: the object a callee expression names, and the guards that keep it so.
- `_infer`: the types of locals, so that methods called on them resolve too.
- `_summary`: what calling an object does (`CallFact`): its rule, its declaration, or
  its body's calls, transitively.
- `_stmt`: what each statement binds, reads, mutates and writes, one handler per node kind.
- `_sugar`: shapes respelled as equivalent ones the plan can move (``list(map(f, xs))``).
- this module: `analyse`, which puts them together for one function (`FunctionFacts`),
  and the alias groups of its locals.

These modules write ``isinstance(x, (A, B))``, not ``isinstance(x, A | B)``: the union is
built anew on every call and checked through its ``__instancecheck__``, at over twice the
cost, in passes that ask it hundreds of times per function.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ember.xcs._effects import Data, Kind, attribute_type, classify, gives
from ember.xcs._formatting import hidden_code
from ember.xcs._globals import found_through_stores, patches_a_library, rebinds_nothing
from ember.xcs._guards import guards_hold, unique_guards
from ember.xcs._held import live
from ember.xcs._implicit import implicit_calls
from ember.xcs._index import TreeIndex, other_bindings, root_name, scope_names, target_names
from ember.xcs._infer import local_types
from ember.xcs._locals import partial_locals
from ember.xcs._logging_rules import configures_logging, logs
from ember.xcs._numpy_rules import changes_numpy_errors
from ember.xcs._owned import unshared_locals
from ember.xcs._plain import SCALARS
from ember.xcs._resolve import MISSING, Resolver
from ember.xcs._source import NoSource, check_loaded, source_tree
from ember.xcs._stmt import StmtFacts, stmt_facts
from ember.xcs._sugar import explicit_super, respell, sink_reads
from ember.xcs._summary import CallFact, classify_call, fact_for_object, reset, summarize

__all__ = [
    "CallFact", "FunctionFacts", "NoSource", "StmtFacts", "analyse", "fact_for_object",
    "guards_hold", "reset", "summarize",
]

# Names whose call returns a fresh value holding no reference to the arguments.
_FRESH_BUILTINS = frozenset(
    {"len", "str", "int", "float", "bool", "repr", "format", "hash", "isinstance", "issubclass",
     "type", "id", "abs", "round", "ord", "chr", "bin", "hex", "oct", "callable", "hasattr",
     "sum", "min", "max", "any", "all"}
)


@dataclass
class FunctionFacts:
    """Facts about one function, computed once per function."""

    func: Callable[..., Any]
    tree: ast.FunctionDef | ast.AsyncFunctionDef
    filename: str
    is_async: bool
    params: list[str]
    locals: set[str]
    nonlocals: set[str]  # declared global/nonlocal: never treated as locals
    calls: dict[int, CallFact]  # id(ast.Call) -> fact
    alias: dict[str, str]  # union-find parent map over local names
    index: TreeIndex = field(repr=False)  # the tree, walked once (see `_index`)
    stmts: dict[int, StmtFacts] = field(default_factory=dict)
    # What the classification assumed. Not in the repr: a guard holds the function's module
    # globals, and repr(explain(f)) would print them (keys and all).
    guards: list[tuple] = field(default_factory=list, repr=False)
    # Each local's alias group (the locals that may hold the same object as it), made
    # from `alias` when first asked for.
    groups: dict[str, set[str]] | None = field(default=None, repr=False)
    # Locals whose every binding gives one known type (see `_infer`).
    types: dict[str, type] = field(default_factory=dict, repr=False)
    # Locals whose items have one type (``groups`` of ``defaultdict(list)``: `_infer`).
    item_types: dict[str, type] = field(default_factory=dict, repr=False)
    # The tree was checked to be the loaded code's source (see `verify`).
    checked: bool = True
    # What Python calls implicitly (`__exit__`, a generator's steps, `__setitem__`), by the
    # id of the node that calls it, where it is not pure (see `_implicit`).
    implicit: dict[int, CallFact] = field(default_factory=dict, repr=False)
    # `unshared_locals`, made when first asked for (see `unshared_at`).
    _unshared: dict[str, int] | None = field(default=None, repr=False)
    _unshared_by_step: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)

    def verify(self) -> None:
        """Check, if `analyse` left it for later, that the tree is the loaded code's source.

        Raises:
            NoSource: it is not (the file was edited since the import).
        """
        if not self.checked:
            check_loaded(self.tree, self.func.__code__, self.func.__globals__)
            self.checked = True

    def unshared_at(self, node: ast.AST) -> frozenset[str]:
        """Locals whose objects no other function can reach where `node` runs
        (`unshared_locals`)."""
        if self._unshared is None:
            self._unshared = unshared_locals(self)
        step = self.index.step(node) if self._unshared else None
        if step is None:
            return frozenset()
        hit = self._unshared_by_step.get(step)
        if hit is None:  # (asked for every statement a move looks at: kept per step)
            hit = self._unshared_by_step[step] = frozenset(
                n for n, until in self._unshared.items() if step < until)
        return hit

    def call(self, node: ast.Call) -> CallFact:
        return self.calls[id(node)]

    def root(self, name: str) -> str:
        parent = self.alias.get(name, name)
        while parent != name:
            name, parent = parent, self.alias.get(parent, parent)
        return name

    def aliases(self, names: set[str]) -> set[str]:
        """`names` and every local that may hold the same object as one of them."""
        groups = self.groups
        if groups is None:
            by_root: dict[str, set[str]] = {}
            for n in self.locals:
                by_root.setdefault(self.root(n), set()).add(n)
            groups = self.groups = {n: group for group in by_root.values() for n in group}
        out = set(names)
        for n in names:
            group = groups.get(n)
            if group is not None:
                out |= group
        return out

    def stmt(self, node: ast.AST, skip: frozenset[int] = frozenset()) -> StmtFacts:
        """Facts of a statement, or of an expression evaluated on its own (a
        comprehension, say), leaving out the calls in `skip` (ids)."""
        if skip:
            return stmt_facts(self, node, skip)
        facts = self.stmts.get(id(node))
        if facts is None:
            facts = self.stmts[id(node)] = stmt_facts(self, node)
        return facts

    def loads(self, node: ast.AST) -> frozenset[str]:
        """Every name `node` mentions (nested scopes included)."""
        return self.index.loads(node)

    @functools.cached_property
    def closures(self) -> tuple[set[str], set[str]]:
        """The locals that may hold a closure made here (a nested def's name, a name bound
        where a lambda is made, their aliases), and the locals such closures mention that
        a loop binds (its variable): a closure reads those when it runs, not when a loop's
        start for its item is made (`_stmt._call`). (A name bound again outside a loop is
        a statement the closure's calls already wait for.)"""
        index = self.index
        again = {n.id for n in index.find(index.root, ast.Name)
                 if type(n.ctx) is not ast.Load and index.in_loop(n)} | {
            n.rest if isinstance(n, ast.MatchMapping) else n.name
            for n in index.find(index.root, (ast.MatchAs, ast.MatchStar, ast.MatchMapping))
            if index.in_loop(n)}
        holders: set[str] = set()
        mentioned: set[str] = set()
        for scope in index.find(index.root, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            mentioned |= self.loads(scope) - {a.arg for a in ast.walk(scope.args)
                                              if isinstance(a, ast.arg)}  # (its own)
            if isinstance(scope, ast.Lambda):
                stmt = scope
                while not isinstance(stmt, ast.stmt) and stmt is not None:
                    stmt = index.parent(stmt)
                holders |= {n.id for n in index.find(stmt, ast.Name, itself=True)
                            if type(n.ctx) is not ast.Load} if stmt is not None else set()
            else:
                holders.add(scope.name)
        return self.aliases(holders & self.locals) | holders, mentioned & again


def _unsupported(index: TreeIndex) -> str | None:
    for node in index.find(index.root, (ast.Yield, ast.YieldFrom, ast.Call)):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return "generators are run as written (their consumer decides when each step runs)"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "locals", "vars", "exec", "eval"):
            return f"it calls {node.func.id}(), which can see or change locals the JIT moves"
    return None


def _reads(call: ast.Call, resolver: Resolver) -> bool:
    fact = classify_call(call, resolver)
    return fact.kind is Kind.READ and not fact.dynamic


# A DB-API connection's methods that hand it code of the user's, which its statements run
# from then on (a trace callback that PUTs, an authoriser, a function, a collation).
_DB_HOOKS = frozenset({"set_trace_callback", "set_authorizer", "set_progress_handler",
                       "create_function", "create_aggregate", "create_collation",
                       "create_window_function"})


def _hooks_a_database(index: TreeIndex, resolver: Resolver) -> bool:
    """Does the function hand a sqlite3 connection code of yours? Its database calls then
    run that code too: each keeps its place, as an unknown call does."""
    for n in index.find(index.root, ast.Call):
        func = n.func  # type: ignore[attr-defined]
        if isinstance(func, ast.Attribute) and func.attr in _DB_HOOKS:
            t = resolver.value_type(func.value)
            if isinstance(t, type) and issubclass(t, sqlite3.Connection):
                return True
    return False


def analyse(func: Callable[..., Any], bound: dict[str, Any], check: bool = True,
            tuples: bool = True) -> FunctionFacts:
    """Facts about `func`'s body. `bound` maps parameter names to the first call's values.

    With ``check=False``, the check that the source is the loaded code's is left to
    `FunctionFacts.verify`, for a plan that runs more than the function as written (it is
    made here all the same if the analysis is about to change the tree).

    Raises:
        NoSource: when the function cannot be analysed (the message says why).
    """
    tree, filename = source_tree(func, check=check)
    checked = check
    index = TreeIndex(tree)
    why = _unsupported(index)
    if why:
        raise NoSource(why)
    params, declared, local_names = scope_names(tree, index)
    # (a parameter the body binds again holds the call's value only until then: not bound)
    rebound = other_bindings(index) | {n.id for n in index.find(tree, ast.Name)  # type: ignore[attr-defined]
                                       if type(n.ctx) is not ast.Load}  # type: ignore[attr-defined]
    resolver = Resolver(func, local_names, {k: v for k, v in bound.items()
                                            if k in params and k not in rebound})
    if tuples:
        resolver.fixed_tuples = []

    def check_now() -> None:
        nonlocal checked
        if not checked:
            check_loaded(tree, func.__code__, func.__globals__)
            checked = True

    changed = respell(index, resolver, func.__code__, before_change=check_now)
    changed |= explicit_super(index, resolver, func.__code__, before_change=check_now)
    changed |= sink_reads(tree, resolver, lambda c: _reads(c, resolver), before_change=check_now)
    if changed:  # the tree changed: index it again
        index = TreeIndex(tree)
        params, declared, local_names = scope_names(tree, index)
        resolver.local_names = local_names
    partial_locals(index, resolver, local_names, params)  # ``get = partial(requests.get)``
    resolver.local_types = local_types(tree, local_names, resolver, index)
    calls = {id(n): classify_call(n, resolver) for n in index.find(tree, ast.Call)}
    # What the rules were decided on, changed inside the function (logging configured, a
    # library patched): the calls classified before the change run in place.
    for what, changes, decided in (
            ("configures logging", configures_logging(calls, index.find(tree, ast.Call)),
             lambda f: logs(f) or f.kind in (Kind.READ, Kind.MODEL)),  # (a library's lines)
            ("patches a library", patches_a_library(index, resolver),
             lambda f: f.kind in (Kind.READ, Kind.MODEL)),
            ("sets numpy's error handling", changes_numpy_errors(
                calls, index.find(tree, ast.Call)), lambda f: f.kind in (Kind.READ, Kind.MODEL)),
            ("hands a database code of yours", _hooks_a_database(index, resolver),
             lambda f: f.resource == "db")):
        for key, f in calls.items() if changes else ():
            if decided(f):
                calls[key] = replace(f, kind=Kind.UNKNOWN, resource=None,
                                     reason=f"{f.reason}, but the function {what}: in place")
    for key in found_through_stores(index, local_names, resolver.globals, (
            f.obj for f in calls.values() if f.globals_changed)):
        calls[key] = replace(calls[key], kind=Kind.UNKNOWN, resource=None, reason=(
            f"{calls[key].reason}, but the function stores what it is found through: in place"))
    for key in _receivers_touched(index, calls):
        calls[key] = replace(calls[key], kind=Kind.UNKNOWN, resource=None, reason=(
            f"{calls[key].reason}, but the function changes what it reaches through its "
            "object, whose state the rule read (a session's hooks or auth): in place"))
    implicit = implicit_calls(index, resolver)
    for n in index.find(tree, ast.Call):
        fact = calls[id(n)]
        if fact.kind is Kind.READ or fact.dynamic:  # (calls that may start early)
            fact.hidden, fact.handed = hidden_code(n, resolver, calls, implicit)  # type: ignore[arg-type]
    for key, extra in implicit.items():  # (what a call runs of its arguments moves with it)
        fact = calls.get(key)
        if fact is not None and (fact.kind is Kind.READ or fact.dynamic) and (
                extra.kind not in (Kind.PURE, Kind.READ)):
            calls[key] = replace(fact, kind=Kind.UNKNOWN, resource=None, dynamic=False,
                                 reason=f"{fact.reason}, but it runs {extra.reason}: in place")
    if resolver.fixed_tuples and not rebinds_nothing(
            index, {**calls, **implicit}, declared, resolver.local_types, resolver.fixed_tuples):
        # (a loop's items were typed from a module's tuple, which the run may rebind)
        return analyse(func, bound, check, tuples=False)
    guards = [*resolver.guards]
    for fact in (*calls.values(), *implicit.values()):
        guards.extend(fact.guards)
    for fact in calls.values():  # a read of the clock sees when the calls before it end
        if fact.resource == "clock":
            fact.spacing = True
    if _redirects_output(index, calls):
        for key, fact in calls.items():
            if fact.resource == "stdout":
                calls[key] = replace(fact, kind=Kind.UNKNOWN, reason="it prints where the "
                                     "function puts a stream of its own: no rule")
    for node in index.find(tree, ast.Expr):  # a sleep as a statement of its own is spacing
        value = node.value  # type: ignore[attr-defined]
        value = value.value if isinstance(value, ast.Await) else value
        if isinstance(value, ast.Call) and calls[id(value)].dynamic:
            # (and so may be a call known only at run time whose value nothing uses: a
            # nested ``throttle()``, a ``remember(k, v)``; it keeps its place)
            calls[id(value)].spacing = True
    for call in _discarded(index, tree, local_names):  # (``_ = sleep(1)``, ``x and sleep(1)``)
        fact = calls.get(id(call))
        if fact is not None and fact.sleeps:
            fact.spacing = True
    facts = FunctionFacts(
        func=func, tree=tree, filename=filename, is_async=isinstance(tree, ast.AsyncFunctionDef),
        params=params, locals=local_names, nonlocals=declared, calls=calls, alias={},
        index=index, guards=unique_guards(guards), types=resolver.local_types,
        item_types=resolver.item_types, checked=checked,
        implicit=implicit,
    )
    _build_aliases(facts)
    return facts


def _receivers_touched(index: TreeIndex, calls: dict[int, CallFact]) -> list[int]:
    """The reads whose rule read their receiver's state (a session's hooks, auth or
    adapters: a "check" guard), where the function also changes what it reaches through
    the receiver's name, by a store or a call other than the library's reads and writes
    (``session.hooks["response"].append(hook)``, ``session.auth = a``): it may change that
    state before them, after the plan's guards were checked."""
    on: list[tuple[ast.Call, CallFact, str]] = []  # calls on a name's attributes
    for node in index.find(index.root, ast.Call):
        func = node.func  # type: ignore[attr-defined]
        if isinstance(func, ast.Attribute) and (root := root_name(func)) is not None:
            on.append((node, calls[id(node)], root))  # type: ignore[arg-type]
    by_root: dict[str, list[int]] = {}
    for node, f, root in on:
        receiver = getattr(f.obj, "__self__", MISSING)
        if f.kind in (Kind.READ, Kind.MODEL) and any(
                g[0] == "check" and g[1] == root or g[0] == "check-obj" and live(g[1]) is receiver
                for g in f.guards):
            by_root.setdefault(root, []).append(id(node))
    if not by_root:  # (most functions: no such read, no walk of their names)
        return []
    # What changes none of that: the library's reads and writes, and calls of the same
    # methods as those reads that their rules decide when they start (``params=`` of an
    # item); not a ``session.mount(prefix, adapter)`` so decided.
    reads = {getattr(calls[k].obj, "__func__", None) for keys in by_root.values() for k in keys}
    callees = {id(node.func) for node, f, _ in on  # type: ignore[attr-defined]
               if f.kind in (Kind.READ, Kind.MODEL, Kind.WRITE)
               or f.dynamic and getattr(f.obj, "__func__", MISSING) in reads}
    touched: set[str] = set()
    for name in index.find(index.root, ast.Name, nested=True):
        if name.id not in by_root:  # type: ignore[attr-defined]
            continue
        top: ast.AST = name
        while isinstance(up := index.parent(top), (ast.Attribute, ast.Subscript)) and (
                up.value is top):  # type: ignore[attr-defined]
            top = up
        called = isinstance(up, ast.Call) and up.func is top  # type: ignore[attr-defined]
        stored = top is not name and not isinstance(top.ctx, ast.Load)  # type: ignore[attr-defined]
        if (called or stored) and id(top) not in callees:
            touched.add(name.id)  # type: ignore[attr-defined]
    return [key for root in touched for key in by_root[root]]


def _discarded(index: TreeIndex, tree: ast.AST, local_names: set[str]) -> Iterator[ast.Call]:
    """The calls whose value nothing uses: a statement's own, and through what passes a
    value on to be dropped with it (``a and b``, ``b if c else d``, ``await``, a list or a
    comprehension built and dropped, ``list(...)`` of one); a statement ``_ = ...`` (a
    name never read) drops its value too. A sleep among them is spacing."""
    read = {n.id for n in index.find(tree, ast.Name) if isinstance(n.ctx, ast.Load)}
    todo: list[ast.expr] = [n.value for n in index.find(tree, ast.Expr)]  # type: ignore[attr-defined]
    todo += [n.value for n in index.find(tree, ast.Assign) if all(  # type: ignore[attr-defined]
        isinstance(t, ast.Name) and t.id in local_names and t.id not in read
        for t in n.targets)]  # type: ignore[attr-defined]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Call):
            yield node
            if isinstance(node.func, ast.Name) and node.func.id in _BUILDS and len(node.args) == 1:
                todo.append(node.args[0])
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            todo.append(node.elt)
        elif isinstance(node, ast.BoolOp):
            todo += node.values
        elif isinstance(node, ast.IfExp):
            todo += [node.body, node.orelse]
        elif isinstance(node, (ast.Await, ast.Starred)):
            todo.append(node.value)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            todo += node.elts


_BUILDS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "reversed"})


def _redirects_output(index: TreeIndex, calls: dict[int, CallFact]) -> bool:
    """Does the function put another stream in place of stdout or stderr (``sys.stdout =
    ...``, `contextlib.redirect_stdout`)? Its prints may then run a `write` of the user's."""
    for node in index.find(index.root, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute):
            if (isinstance(node.ctx, ast.Store) and node.attr in ("stdout", "stderr")
                    and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                return True
        elif getattr(calls.get(id(node)), "obj", None) in (contextlib.redirect_stdout,
                                                            contextlib.redirect_stderr):
            return True
    return False


def _union(facts: FunctionFacts, a: str, b: str) -> None:
    if a not in facts.locals or b not in facts.locals:
        return
    ra, rb = facts.root(a), facts.root(b)
    if ra != rb:
        facts.alias[ra] = rb
        facts.groups = None


def _shared_names(facts: FunctionFacts, value: ast.AST) -> set[str]:
    """Local names whose objects `value` may hold a reference to."""
    if isinstance(value, ast.Await):  # (what the awaited call's result may hold)
        value = value.value
    if isinstance(value, ast.Call):
        fact = facts.calls.get(id(value))
        func = value.func
        if fact is not None and (fact.kind is Kind.READ or fact.kind is Kind.MODEL and (
                fact.returns in _FRESH_RESULTS or classify(fact.obj) is not None)):
            return set()  # (a response, parsed: a library's answer, or data a helper made)
        if fact is not None and fact.dynamic and gives(classify(fact.obj))[0] is not None:
            return set()  # (the same, from a rule that waits for the call's arguments)
        if isinstance(func, ast.Name) and func.id in _FRESH_BUILTINS:
            return set()
        if fact is not None and fact.kind is Kind.PURE and isinstance(func, ast.Attribute):
            # A pure method's result may hold its receiver's and its arguments' objects,
            # nothing else: `requests.get(u).json()` shares nothing with `u`.
            return _shared_names(facts, func.value).union(
                *(_shared_names(facts, a) for a in [*value.args,
                                                     *(k.value for k in value.keywords)]))
    owner = facts.types.get(value.value.id) if isinstance(value, ast.Attribute) and isinstance(
        value.value, ast.Name) else None
    if owner is not None and attribute_type(owner, value.attr) in SCALARS:  # type: ignore[attr-defined]
        return set()  # (``r.text`` of a response: a str its rules name)
    if isinstance(value, (ast.Subscript, ast.Attribute)):
        # an element or an attribute shares its container's (its object's) objects:
        # `s.get(u).text` shares nothing with `s` or `u`
        return _shared_names(facts, value.value)
    if isinstance(value, (ast.Constant, ast.JoinedStr, ast.Compare)):
        return set()
    return {n for n in facts.loads(value) if n in facts.locals}


_FRESH_RESULTS = frozenset({Data, str, bytes, int, float, bool})


def _build_aliases(facts: FunctionFacts) -> None:
    # (`find` gives nodes of exactly these types: dispatched on the type, calls first, the
    # most of them)
    calls = facts.calls
    for node in facts.index.find(facts.tree, _ALIASING_NODES):
        kind = type(node)
        if kind is ast.Call:
            fact = calls.get(id(node))
            if fact is not None and fact.kind in (Kind.PURE, Kind.READ, Kind.MODEL):
                continue  # (keeps none of its arguments)
            group = {root_name(a) for a in [*node.args, *(k.value for k in node.keywords)]
                     if _shared_names(facts, a)}  # (``out.append(r.text)``: a str, no object)
            if isinstance(node.func, ast.Attribute):
                group.add(root_name(node.func.value))
            _join(facts, group)
        elif kind is ast.Assign:
            for t in node.targets:
                _join(facts, target_names(t) | {root_name(t)}, node.value)
        elif kind is ast.AugAssign or kind is ast.AnnAssign:
            if node.value is not None:
                _join(facts, {root_name(node.target)}, node.value)
        elif kind is ast.NamedExpr:
            _join(facts, {node.target.id}, node.value)
        elif kind is ast.withitem:
            if node.optional_vars is not None:
                _join(facts, target_names(node.optional_vars), node.context_expr)
        else:  # a for loop's or a comprehension's target
            _join(facts, target_names(node.target), node.iter)


def _join(facts: FunctionFacts, names: set[str | None], value: ast.AST | None = None) -> None:
    """One alias group of the locals among `names` and those `value` may share objects
    with (None: a value that shares nothing)."""
    if value is not None:
        names = names | _shared_names(facts, value)
    local = [n for n in names if n in facts.locals]  # (None is no local)
    if len(local) > 1:
        local.sort()  # one order on every run
        for n in local[1:]:
            _union(facts, local[0], n)


_ALIASING_NODES = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For, ast.AsyncFor,
                   ast.comprehension, ast.withitem, ast.Call)


