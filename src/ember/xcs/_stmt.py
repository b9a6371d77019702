"""What one statement binds, reads, mutates and writes (`StmtFacts`), node kind by node kind.

`stmt_facts` walks the statement's own scope once; each kind of node adds its part through
the handler registered for it with `_fact_rule` (a `def` binds its name and reads what its
body mentions, an assignment to ``x.a`` mutates x, a call adds its effect). The plan reads
these facts to decide what a call may move across.
"""

from __future__ import annotations

import ast
import builtins
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Data, Kind, classify, rule_for_call
from ember.xcs._index import SCOPES, TreeIndex, in_poll, root_name, spins
from ember.xcs._resolve import SIMPLE, static_args

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts
    from ember.xcs._summary import CallFact

__all__ = ["KEEPS_ARGUMENTS", "StmtFacts", "changes_an_item", "changes_only", "data_items", "other_keys",
           "sets_outside", "stmt_facts", "written"]


@dataclass(slots=True)
class StmtFacts:
    """What one statement binds, reads, mutates and writes."""

    defs: set[str] = field(default_factory=set)
    uses: set[str] = field(default_factory=set)
    mutates: set[str] = field(default_factory=set)
    # Unshared locals changed by their own container methods (``out.append(v)``): only
    # their object changes, not those of the locals in their alias groups.
    alone: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)  # resources written; "any" when unknown
    leaves: bool = False  # contains return/break/continue/yield leaving this statement
    skips: bool = False  # leaves only by `continue`: the item's rest is skipped, not the loop
    opaque: bool = False  # calls something that may change state we cannot see
    awaits: bool = False  # suspends: other tasks may change state meanwhile
    # Suspends only at awaits of reads: other tasks waiting on I/O run there or not as the
    # timing falls, in the plain code too (no task ready to run: `Frame.astart`).
    suspends: bool = False
    has_calls: bool = False  # calls anything beyond pure builtins
    # Nothing moves across it: an unknown call, or spacing (a sleep as a statement).
    barrier: bool = False
    # It decides whether the calls after it happen (raise, assert, a helper that raises):
    # no call starts before it.
    decides: bool = False

    @property
    def unseen(self) -> bool:
        """State may change out of sight while it runs (an opaque call or an await)."""
        return self.opaque or self.awaits


_JUMP_NODES = (ast.Return, ast.Yield, ast.YieldFrom, ast.Break, ast.Continue)



def written(facts: Iterable[StmtFacts]) -> tuple[str, ...]:
    """The resources these statements change that a read could see, sorted (a site's
    `crosses_writes`: the run time checks the read's own resource against them). Ordered
    output and taking what a one-conversation object holds ("self") change nothing a read
    elsewhere could see."""
    return tuple(sorted(set().union(*(pf.writes for pf in facts)) - {"stdout", "self"}))

def _loop_within(index: TreeIndex, jump: ast.AST, node: ast.AST) -> bool:
    """Is the loop a break or continue belongs to `node` or inside it? (The loop whose
    body holds it: one in whose `else` or header it sits is not its loop.)"""
    child, up = jump, index.parent(jump)
    while child is not node and up is not None:
        if isinstance(up, (ast.For, ast.AsyncFor, ast.While)) and any(s is child for s in up.body):
            return True
        child, up = up, index.parent(up)
    return False


def stmt_facts(facts: FunctionFacts, node: ast.AST,
                skip: frozenset[int] = frozenset()) -> StmtFacts:
    """What `node` binds, reads, mutates and writes; calls in `skip` (ids) are left out
    (calls a batch start checks one by one at run time). Each kind of node has its rule in
    `_FACT_RULES`."""
    out = StmtFacts()
    rules = _FACT_RULES
    index = facts.index
    # One walk for the facts and for whether running `node` may jump out of it (return,
    # or break/continue of an outer loop). A def's own returns do not leave it.
    settled = isinstance(node, SCOPES)  # (whether it leaves by more than `continue` is known)
    implicit = facts.implicit
    for n in index.find(node, _FACT_AND_JUMP_NODES, itself=True):
        kind = type(n)
        if kind is ast.Name:  # most of the nodes: the rule inline
            if type(n.ctx) is ast.Load:  # type: ignore[attr-defined]
                out.uses.add(n.id)  # type: ignore[attr-defined]
            else:
                out.defs.add(n.id)  # type: ignore[attr-defined]
            continue
        if kind in _JUMPS:
            if not settled and (kind is not ast.Break and kind is not ast.Continue
                                or not _loop_within(index, n, node)):
                out.leaves = True
                out.skips = kind is ast.Continue
                settled = not out.skips
            if kind not in rules:
                continue
        rules[kind](facts, n, out, skip)
        if implicit and id(n) in implicit:
            _implied(implicit[id(n)], out)
    if out.mutates:
        out.mutates = facts.aliases({m for m in out.mutates if m in facts.locals}) | {
            m for m in out.mutates if m not in facts.locals}
    out.mutates |= out.alone
    return out


_FactRule = Callable[["FunctionFacts", Any, StmtFacts, frozenset[int]], None]
_FACT_RULES: dict[type, _FactRule] = {}


def _fact_rule(*kinds: type) -> Callable[[_FactRule], _FactRule]:
    """Register what a node of these kinds adds to the facts of a statement holding it."""
    def register(rule: _FactRule) -> _FactRule:
        for kind in kinds:
            _FACT_RULES[kind] = rule
        return rule
    return register


@_fact_rule(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
def _define(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    """Making a class runs its body, its metaclass, its bases' ``__init_subclass__`` and
    its descriptors' ``__set_name__``; a def runs its decorators and its defaults: code
    that may do anything, where it stands (a barrier). A def without them only binds."""
    out.defs.add(n.name)
    out.uses |= facts.loads(n)  # closures read whatever they mention
    if isinstance(n, ast.ClassDef) or n.decorator_list or _runs_defaults(n):
        _runs_code(out)


@_fact_rule(ast.Lambda)
def _lambda(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.uses |= facts.loads(n)
    if _runs_defaults(n):
        _runs_code(out)


def _runs_defaults(n: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> bool:
    """``def f(x=put(...))``, ``n=cfg.limit``: a default that runs code when made."""
    return not all(_plain_default(d) for d in _made_at_definition(n.args))


def _runs_code(out: StmtFacts) -> None:
    out.writes.add("any")
    out.opaque = out.barrier = True


@_fact_rule(ast.Import, ast.ImportFrom)
def _import(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.defs |= {(a.asname or a.name).split(".")[0] for a in n.names}
    out.opaque = True


@_fact_rule(ast.ExceptHandler, ast.MatchAs, ast.MatchStar, ast.MatchMapping)
def _binds(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    """``except E as e``, and a ``match``'s captures: ``case key``, ``case X() as v``,
    ``case [*rest]``, ``case {**rest}``."""
    name = n.rest if isinstance(n, ast.MatchMapping) else n.name
    if name:
        out.defs.add(name)


@_fact_rule(ast.Global, ast.Nonlocal)
def _declare(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.opaque = True


def _plain_default(node: ast.AST) -> bool:
    """A default that runs no code when evaluated: a constant, a name, a display of them."""
    if isinstance(node, (ast.Constant, ast.Name)):
        return True
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_plain_default(e) for e in node.elts)
    return isinstance(node, ast.Dict) and all(
        k is None or _plain_default(k) for k in node.keys) and all(
        _plain_default(v) for v in node.values)


def _made_at_definition(args: ast.arguments) -> list[ast.expr]:
    """What a def evaluates when it runs: its defaults and its parameters' annotations."""
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None),
            *(a.annotation for a in every if a is not None and a.annotation is not None)]


@_fact_rule(ast.Raise, ast.Assert)
def _raise(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.decides = True


@_fact_rule(ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)
def _assign(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    targets = n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target]
    for t in targets:
        if type(t) is ast.Name:  # (most targets: the walk below, without the walk)
            if t.id in facts.nonlocals:
                out.opaque = True
            continue
        for sub in facts.index.find(t, _TARGET_PARTS, itself=True, nested=True):
            if type(sub.ctx) is ast.Load:  # type: ignore[attr-defined]
                continue  # (``d[ex["id"]] = v`` reads ``ex``: it changes ``d``)
            if isinstance(sub, (ast.Attribute, ast.Subscript)):
                r = root_name(sub)
                if isinstance(sub, ast.Subscript) and _alone(facts, sub.value):
                    out.alone.add(r)  # type: ignore[arg-type]  # (``rows[k] = v``)
                elif r:
                    out.mutates.add(r)
                if r not in facts.locals:
                    out.opaque = True
            elif sub.id in facts.nonlocals:  # type: ignore[attr-defined]
                out.opaque = True
    if isinstance(n, ast.AugAssign):
        r = root_name(n.target)
        if _alone(facts, n.target):
            out.alone.add(r)  # type: ignore[arg-type]
        elif r and not _immutable(facts, n.target):  # (``total += 1`` rebinds an int)
            out.mutates.add(r)


def _alone(facts: FunctionFacts, node: ast.AST) -> bool:
    """Is `node` an unshared local, whose object (a builtin container or value made for
    it) a store into changes alone, or an item of one whose items it made itself
    (``groups[k]`` of a ``defaultdict(list)`` that only groups)?"""
    if type(node) is ast.Subscript and type(node.value) is ast.Name and (  # type: ignore[attr-defined]
            node.value.id in facts.item_types):  # type: ignore[attr-defined]
        node = node.value  # type: ignore[attr-defined]
    return type(node) is ast.Name and node.id in facts.unshared_at(node)  # type: ignore[attr-defined]


_TARGET_PARTS = (ast.Attribute, ast.Subscript, ast.Name)


@_fact_rule(ast.Await, ast.AsyncFor, ast.AsyncWith, ast.comprehension)
def _await(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    if isinstance(n, ast.Await) and id(n.value) in skip:
        # The await of a call checked when it starts. Other tasks may run there, but a
        # coroutine starts nothing early while one is ready to run (`Frame.astart`): one
        # waiting on I/O runs there or not as the timing falls, in the plain code too.
        out.has_calls = True
        return
    if isinstance(n, ast.Await) and getattr(facts.calls.get(id(n.value)), "kind",
                                            None) is Kind.READ:
        out.has_calls = out.suspends = True  # (the same for a read's await)
        return
    if not isinstance(n, ast.comprehension) or n.is_async:
        out.has_calls = True
        out.awaits = True
    if isinstance(n, ast.Await) and not isinstance(n.value, ast.Call):
        # A coroutine or a task made earlier (``pending = client.put(...)``): what it does,
        # a write perhaps, happens here, not where it was made.
        out.writes.add("any")


@_fact_rule(ast.Call)
def _call(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    fact = facts.calls.get(id(n))
    if fact is None:
        return
    holders, rebound = facts.closures
    if rebound and facts.loads(n) & holders:  # (it runs a closure made here, which reads
        out.opaque = out.barrier = True  # a name bound again when it runs, not at a start)
    if id(n) in skip:
        out.has_calls = True
        return
    if fact.kind is not Kind.PURE or not (isinstance(n.func, ast.Name) and hasattr(builtins, n.func.id)):
        out.has_calls = True
    out.decides |= fact.raises
    out.barrier |= fact.spacing or fact.rebinds or sets_outside(n, fact, facts.locals)
    if fact.kind is Kind.READ and in_poll(facts.index, n):
        out.barrier = True  # (a loop waiting on what its reads see: nothing moves across it)
    if fact.kind in (Kind.PURE, Kind.READ):
        return
    if fact.kind is Kind.WRITE:
        out.writes.add(fact.resource or "any")
    if fact.kind is Kind.UNKNOWN:
        out.writes.add("any")
        out.opaque = out.barrier = True
    receiver = root_name(n.func.value) if isinstance(n.func, ast.Attribute) else None
    changes = changes_only(fact)
    if changes == "first":  # ``heapq.heappush(heap, x)``: as ``heap.append(x)``
        receiver = root_name(n.args[0]) if n.args and type(n.args[0]) is ast.Name else None
    own_method = receiver in facts.locals and (changes is not None or isinstance(
        fact.obj, (types.BuiltinMethodType, types.MethodDescriptorType)))
    if fact.kind is Kind.CPU and not own_method:
        # next(counter), or a method that may change whatever its object reaches:
        # only a container's own method (`out.append`) changes just its receiver.
        out.opaque = True
    # `out.append(x)` stores x, unchanged; print and logging format their arguments (a
    # `__str__` that changes its object is not modelled), and so does a function of yours
    # that only shows them (`CallFact.keeps_arguments`); another may change them.
    output = fact.resource == "stdout" and (fact.keeps_arguments or fact.obj is not None
                                            and classify(fact.obj) is not None)
    if not (fact.kind is Kind.CPU and own_method or output):
        for arg in [*n.args, *(k.value for k in n.keywords)]:
            if type(arg) is ast.Call and _new_object(facts, arg) or _immutable(facts, arg):
                continue  # `json.load(opener.open(u))` changes the response, no local
            out.mutates |= facts.loads(arg) & facts.locals
    if receiver and not output:  # (a logger's state is not its output)
        if own_method and _alone(facts, n.args[0] if changes == "first" else n.func.value):
            out.alone.add(receiver)  # (`out.append(v)` changes no object v or others hold)
        else:
            out.mutates.add(receiver)


@_fact_rule(ast.With, ast.Starred, ast.If, ast.IfExp, ast.BoolOp,
            ast.UnaryOp, ast.BinOp, ast.Compare, ast.FormattedValue, ast.Attribute,
            ast.Subscript, ast.Set, ast.Dict, ast.Match)
def _header(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    """(Their implicit calls, ``__exit__``, a generator's steps, a test's ``__bool__``, a
    getter or a ``match``'s patterns, are added as any node's are: see `_implied`.)"""


@_fact_rule(ast.While, ast.For)
def _loop(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    """A busy wait for another thread (`spins`, `waits`): nothing moves across it."""
    if isinstance(n, ast.While) and spins(
            facts.index, n, lambda c: getattr(facts.calls.get(id(c)), "resource", None)
            == "clock") or waits(facts, n):
        out.barrier = True


def waits(facts: FunctionFacts, loop: ast.While | ast.For) -> bool:
    """Is `loop` a wait for another thread written with calls (``while not ev.is_set():
    pass``, ``for _ in range(n): if state.get("done"): break``)? It does no I/O, and a test
    that ends it reads an object (a call's receiver or argument, an attribute, an item)
    through a name that other code can reach and that the loop changes in no way."""
    index = facts.index
    for c in index.find(loop, ast.Call, itself=True, nested=True):
        fact = facts.calls.get(id(c))
        if fact is not None and fact.kind not in (Kind.PURE, Kind.CPU):
            return False  # (a loop that reads polls: `in_poll`; an unknown call is a barrier)
    tests = [loop.test] if isinstance(loop, ast.While) else []
    tests += [s.test for s in index.find(loop, ast.If)  # type: ignore[attr-defined]
              if any(isinstance(b, (ast.Break, ast.Return)) for b in s.body)]
    exits = [n for t in tests for n in index.find(t, _READS_STATE, itself=True)]
    if not exits:
        return False
    tested = {id(n) for t in tests for n in ast.walk(t)}
    changed = {n.id for n in index.find(loop, ast.Name, itself=True)
               if not isinstance(n.ctx, ast.Load)}  # type: ignore[attr-defined]
    for n in index.find(loop, _READS_STATE, itself=True):
        if isinstance(n, ast.Call) and id(n) not in tested or not isinstance(
                getattr(n, "ctx", ast.Load()), ast.Load):
            changed |= _reached(n)  # (stored into, or handed to a call of the body)
    return bool({r for n in exits for r in _reached(n)} - changed - facts.unshared_at(loop))


_READS_STATE = (ast.Call, ast.Attribute, ast.Subscript)


def _reached(node: ast.AST) -> set[str]:
    """The names whose objects `node` reads: an attribute's or an item's root, a call's
    receiver and arguments."""
    if not isinstance(node, ast.Call):
        return {r for r in (root_name(node),) if r is not None}
    parts = [*node.args, *(k.value for k in node.keywords)]
    if isinstance(node.func, ast.Attribute):
        parts.append(node.func.value)
    return {r for r in map(root_name, parts) if r is not None}


def _implied(fact: CallFact, out: StmtFacts) -> None:
    """What Python calls implicitly at a node (`_implicit`) counts as a call there."""
    out.has_calls = True
    out.decides |= fact.raises
    out.barrier |= fact.rebinds
    if fact.kind is Kind.WRITE:
        out.writes.add(fact.resource or "any")
    elif fact.kind is Kind.CPU:
        out.opaque = True  # (it may change whatever its object reaches)
    elif fact.kind is Kind.UNKNOWN:
        out.writes.add("any")
        out.opaque = out.barrier = True


def changes_only(fact: CallFact) -> str | None:
    """What a CPU call changes where its rule says: "receiver" (``counts.update(x)``) or
    "first" (``heapq.heappush(heap, x)``); None: whatever its arguments reach."""
    if fact.kind is Kind.CPU and fact.obj is not None and classify(fact.obj) is not None:
        return fact.resource
    return None


def sets_outside(call: ast.Call, fact: CallFact, local_names: set[str]) -> bool:
    """Is `call` ``setattr``/``delattr`` on an object not held by a local (a module, as
    ``setattr(sys.modules[__name__], "REGION", v)``: a global rebound by another name)?"""
    return (fact.obj is setattr or fact.obj is delattr) and bool(call.args) and (
        root_name(call.args[0]) not in local_names)


def other_keys(facts: FunctionFacts, name: str, stmt: ast.stmt, call: ast.Call) -> bool:
    """Does `stmt` change only other keys of the data `name` holds than `call` reads?
    ``row["value"] = get(row["key"])`` for a dict parsed or read (`Data`): the next item's
    ``row["key"]`` is the same, whether or not the rows are one object."""
    if facts.types.get(name) is not Data:
        return False
    read, changed = _keys(facts, call, name), _keys(facts, stmt, name, changes=True)
    return read is not None and changed is not None and not read & changed


def data_items(facts: FunctionFacts, it: ast.expr, targets: set[str]) -> frozenset[str]:
    """A loop's item names that hold data when it walks a local holding data (`Data`): a
    JSON or CSV list's rows, a dict's keys (see `changes_an_item`)."""
    if not (isinstance(it, ast.Name) and facts.types.get(it.id) is Data):
        return frozenset()
    return frozenset(n for n in targets if facts.types.get(n) is Data)


def changes_an_item(node: ast.expr, items: frozenset[str]) -> bool:
    """Is `node` (a store's target, or a method called) a str key of one of `items`
    (`data_items`), or its ``update`` or ``setdefault``? Only a dict takes them, and a dict
    is never the list it is an item of, nor a dict's key: what the loop walks is the same."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and node.value.id in items and isinstance(
            node.slice, ast.Constant) and type(node.slice.value) is str
    return isinstance(node, ast.Attribute) and node.attr in ("update", "setdefault") and (
        isinstance(node.value, ast.Name) and node.value.id in items)


def _keys(facts: FunctionFacts, node: ast.AST, name: str, changes: bool = False
          ) -> set[str] | None:
    """The constant str keys `node` takes of `name` (with `changes`: stores to, deletes of,
    and parts it may change); None if it uses `name` otherwise (``row.update(...)``)."""
    index, out = facts.index, set()
    for n in index.find(node, ast.Name, itself=True, nested=True):
        if n.id != name:  # type: ignore[attr-defined]
            continue
        item = index.parent(n)
        named = _method_keys(item, index.parent(item)) if isinstance(item, ast.Attribute) else None
        if named is not None:
            out |= named  # (``row.get("key")``, ``row.setdefault("seen", ...)``)
            continue
        if not (isinstance(item, ast.Subscript) and item.value is n and isinstance(
                item.slice, ast.Constant) and type(item.slice.value) is str):
            return None
        up = index.parent(item)
        fact = facts.calls.get(id(up)) if isinstance(up, ast.Call) else None
        if not changes or not isinstance(item.ctx, ast.Load) or isinstance(
                up, (ast.Attribute, ast.Subscript)) or isinstance(up, ast.Call) and (
                fact is None or fact.dynamic or fact.kind not in KEEPS_ARGUMENTS):
            out.add(item.slice.value)
    return out


def _method_keys(method: ast.Attribute, call: ast.AST) -> set[str] | None:
    """The keys a dict's method takes: ``get``, ``setdefault`` and ``pop`` of a constant
    str, ``update`` of keywords alone; None for any other use."""
    if not (isinstance(call, ast.Call) and call.func is method):
        return None
    args = call.args
    if method.attr in ("get", "setdefault", "pop") and args and not call.keywords and (
            isinstance(args[0], ast.Constant) and type(args[0].value) is str):
        return {args[0].value}
    if method.attr == "update" and not args and call.keywords and all(
            k.arg is not None for k in call.keywords):
        return {k.arg for k in call.keywords if k.arg is not None}
    return None


#: Kinds of calls that change none of their arguments (nor their receiver).
KEEPS_ARGUMENTS = (Kind.PURE, Kind.READ, Kind.MODEL)


def _immutable(facts: FunctionFacts, node: ast.expr) -> bool:
    """Is `node`'s value a str, bytes or number (``f.write(json.dumps(row) + "\n")``,
    ``f.write(f"{k}: {v}")``): handed to a call, nothing of it can be changed? (The calls
    and formatting that make it count where they are.)"""
    kind = type(node)
    if kind is ast.Constant or kind is ast.JoinedStr:
        return True
    if kind is ast.Name:
        return facts.types.get(node.id) in SIMPLE  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        return _immutable(facts, node.left) and _immutable(facts, node.right)  # type: ignore[attr-defined]
    if kind is ast.Call:
        fact = facts.calls.get(id(node))
        if fact is None or fact.dynamic or fact.obj is None:
            return False
        if type(fact.obj) is type and fact.obj in SIMPLE:
            return True  # (``str(x)``, ``int(x)``: a new value of exactly that type)
        rule = rule_for_call(fact.obj, *static_args(node))
        return rule is not None and rule.returns in SIMPLE
    return False



def _new_object(facts: FunctionFacts, call: ast.Call) -> bool:
    """Does `call` give an object no local holds: a read whose rule says what new object
    it returns (a library's response or file)? A helper of the user's that reads might
    return its argument."""
    fact = facts.calls.get(id(call))
    if fact is None or fact.kind is not Kind.READ or fact.dynamic or fact.obj is None:
        return False
    rule = rule_for_call(fact.obj, *static_args(call))
    return rule is not None and rule.returns is not None


# The nodes `stmt_facts` looks at: names, those with a rule, and those that may leave.
_FACT_AND_JUMP_NODES = (ast.Name, *_FACT_RULES, *_JUMP_NODES)
_JUMPS = frozenset(_JUMP_NODES)
