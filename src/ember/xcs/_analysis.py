"""Stage 1: read a function's source and say what each statement and call does.

The output is facts, not decisions: for every statement, the names it binds, reads and
may mutate, whether it leaves the block (return/break/continue), which outside resources it
writes; for every call, its `Kind` and why. `_plan` decides what may move.

Callees are resolved against the function's globals, closure and builtins, and, for
attribute chains rooted at a parameter (``self.llm``), against the arguments of the first
call. Python functions are classified by analysing their own source, transitively.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import inspect
import linecache
import textwrap
import tokenize
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ember.xcs._kinds import Kind, Rule, classify, learned

__all__ = [
    "CallFact", "FunctionFacts", "NoSource", "StmtFacts", "analyse", "fact_for_object", "summarize",
]

# Methods of built-in containers and strings that never change their receiver.
_READONLY_METHODS = frozenset(
    "strip lstrip rstrip split rsplit splitlines join format lower upper title casefold "
    "capitalize replace startswith endswith find rfind index rindex count encode decode "
    "isdigit isalpha isalnum isspace isupper islower partition rpartition zfill center "
    "ljust rjust expandtabs removeprefix removesuffix get keys values items copy issubset "
    "issuperset union intersection difference symmetric_difference isdisjoint hex fromhex "
    "to_bytes bit_length as_integer_ratio is_integer conjugate format_map translate "
    "maketrans swapcase".split()
)
# Methods of built-in containers that change their receiver (and nothing else).
_MUTATING_METHODS = frozenset(
    "append extend insert pop popitem remove clear update setdefault add discard sort "
    "reverse __setitem__ __delitem__ appendleft extendleft popleft rotate".split()
)
# Names whose call returns a fresh value holding no reference to the arguments.
_FRESH_BUILTINS = frozenset(
    {"len", "str", "int", "float", "bool", "repr", "format", "hash", "isinstance", "issubclass",
     "type", "id", "abs", "round", "ord", "chr", "bin", "hex", "oct", "callable", "hasattr",
     "sum", "min", "max", "any", "all"}
)
# Calls that consume a generator argument completely (so it may be evaluated eagerly);
# any() and all() stop early, so their generators stay lazy.
CONSUMERS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "sum", "min", "max", "dict"})


class NoSource(Exception):
    """The function's source cannot be analysed; it runs as written (the reason says why)."""


@dataclass(slots=True)
class CallFact:
    """What one call expression does."""

    kind: Kind
    reason: str
    resource: str | None = None
    dynamic: bool = False  # decided per call at run time (the callee is only known then)
    obj: Any = None  # the statically resolved callee, when there is one
    runner: str = "thread"  # how a started call runs (see `Rule.runner`)
    complete: bool = True  # False when the body calls a global not defined yet
    measurable: bool = True  # may timing show it is I/O? (not when it also changes state)


@dataclass(slots=True)
class StmtFacts:
    """What one statement binds, reads, mutates and writes."""

    defs: set[str] = field(default_factory=set)
    uses: set[str] = field(default_factory=set)
    mutates: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)  # resources written; "any" when unknown
    leaves: bool = False  # contains return/break/continue/yield leaving this statement
    opaque: bool = False  # calls something that may change state we cannot see
    awaits: bool = False  # suspends: other tasks may change state meanwhile
    has_calls: bool = False  # calls anything beyond pure builtins

    @property
    def unseen(self) -> bool:
        """State may change out of sight while it runs (an opaque call or an await)."""
        return self.opaque or self.awaits


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
    stmts: dict[int, StmtFacts] = field(default_factory=dict)

    def call(self, node: ast.Call) -> CallFact:
        return self.calls[id(node)]

    def root(self, name: str) -> str:
        parent = self.alias.get(name, name)
        while parent != name:
            name, parent = parent, self.alias.get(parent, parent)
        return name

    def aliases(self, names: set[str]) -> set[str]:
        roots = {self.root(n) for n in names}
        return {n for n in self.locals if self.root(n) in roots} | names

    def expr(self, node: ast.expr) -> StmtFacts:
        """Facts of an expression evaluated on its own (a comprehension, say)."""
        return _stmt_facts(self, ast.Expr(value=node))

    def stmt(self, node: ast.stmt) -> StmtFacts:
        facts = self.stmts.get(id(node))
        if facts is None:
            facts = self.stmts[id(node)] = _stmt_facts(self, node)
        return facts


# --- source -----------------------------------------------------------------------------


def _source_tree(func: Callable[..., Any]) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]:
    code = getattr(func, "__code__", None)
    if code is None:
        raise NoSource(f"{func!r} is not a Python function")
    if code.co_name == "<lambda>":
        raise NoSource("lambdas have no statements to reorder")
    # Read the lines straight from the code object's file: inspect.getsourcelines would
    # first scan every loaded module (tens of ms on a first call).
    all_lines = linecache.getlines(code.co_filename)
    start = code.co_firstlineno - 1
    if not all_lines or start >= len(all_lines):
        raise NoSource("source not available (no file for its code)")
    lines = _block_by_indent(all_lines[start:])
    if lines is None:
        try:
            lines = inspect.getblock(all_lines[start:])
        except (SyntaxError, tokenize.TokenError) as exc:
            raise NoSource(f"source could not be read ({exc})") from None
    src = textwrap.dedent("".join(lines))
    try:
        module = ast.parse(src)
    except SyntaxError as exc:
        raise NoSource(f"source could not be parsed ({exc.msg})") from None
    node = module.body[0] if module.body else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name != code.co_name:
        raise NoSource("source does not start with the function's def")
    ast.increment_lineno(module, code.co_firstlineno - 1)
    return node, code.co_filename


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block_by_indent(lines: list[str]) -> list[str] | None:
    """The decorated def starting at lines[0], cut where the indentation ends it.

    Cheaper than `inspect.getblock` (whose tokenizer costs ~15 ms on first use); returns
    None when the cut does not parse, and the caller falls back to the tokenizer.
    """
    base = _indent(lines[0])
    d = next((k for k, line in enumerate(lines)
              if line.lstrip().startswith(("def ", "async def "))), None)
    if d is None:
        return None
    end = len(lines)
    for k in range(d + 1, len(lines)):
        text = lines[k].strip()
        if text and not text.startswith(("#", ")")) and _indent(lines[k]) <= base:
            end = k
            break
    block = lines[:end]
    try:
        ast.parse(textwrap.dedent("".join(block)))
    except SyntaxError:
        return None
    return block


def walk_scope(node: ast.AST) -> Iterator[ast.AST]:
    """Like `ast.walk` but does not enter nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(n))


def root_name(node: ast.AST) -> str | None:
    """`x` for `x`, `x.a.b`, `x[i].c`; None for anything else."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def target_names(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Tuple | ast.List):
        return set().union(*(target_names(e) for e in node.elts)) if node.elts else set()
    if isinstance(node, ast.Starred):
        return target_names(node.value)
    return set()


def loads(node: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


# --- resolution ----------------------------------------------------------------------------

_MISSING = object()


class _Resolver:
    """Finds the object a callee expression names, without running user code."""

    def __init__(self, func: Callable[..., Any], local_names: set[str],
                 bound: dict[str, Any]) -> None:
        self.globals = func.__globals__
        self.local_names = local_names
        self.bound = bound  # parameter values of the first call
        code = func.__code__
        self.closure = {}
        for name, cell in zip(code.co_freevars, func.__closure__ or (), strict=False):
            with contextlib.suppress(ValueError):  # an empty cell: not yet assigned
                self.closure[name] = cell.cell_contents

    def name(self, name: str) -> Any:
        if name in self.bound:
            return self.bound[name]
        if name in self.local_names:
            return _MISSING
        if name in self.closure:
            return self.closure[name]
        if name in self.globals:
            return self.globals[name]
        return getattr(builtins, name, _MISSING)

    def expr(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            base = self.expr(node.value)
            if base is _MISSING:
                return _MISSING
            try:
                attr = inspect.getattr_static(base, node.attr)
            except AttributeError:
                return _MISSING
            if isinstance(attr, staticmethod | classmethod):
                return getattr(base, node.attr, _MISSING)
            if isinstance(attr, types.FunctionType) and not isinstance(base, type | types.ModuleType):
                return types.MethodType(attr, base)
            if isinstance(attr, property):
                return _MISSING
            if isinstance(base, types.ModuleType | type) or not _is_descriptor(attr):
                return getattr(base, node.attr, _MISSING) if not isinstance(
                    attr, types.MemberDescriptorType) else _MISSING
            return _MISSING
        return _MISSING


def _is_descriptor(obj: Any) -> bool:
    return hasattr(type(obj), "__get__") and not isinstance(
        obj, types.FunctionType | types.BuiltinFunctionType | type)


# --- call classification ----------------------------------------------------------------

_summaries: dict[types.CodeType, CallFact] = {}
_in_progress: set[types.CodeType] = set()


def _open_fact(call: ast.Call) -> CallFact:
    mode: ast.AST | None = call.args[1] if len(call.args) > 1 else None
    for kw in call.keywords:
        if kw.arg == "mode":
            mode = kw.value
    if mode is None:
        return CallFact(Kind.READ, "open() for reading", "file")
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        if any(c in mode.value for c in "wax+"):
            return CallFact(Kind.WRITE, f"open(mode={mode.value!r}) writes", "file")
        return CallFact(Kind.READ, f"open(mode={mode.value!r}) for reading", "file")
    return CallFact(Kind.WRITE, "open() with a computed mode may write", "file")


_object_facts: dict[int, tuple[Any, CallFact]] = {}


def fact_for_object(obj: Any) -> CallFact:
    """Classify a callable object: the registry first, then its Python source (cached)."""
    rule = learned(obj)
    if rule is not None:
        return CallFact(rule.kind, rule.reason, rule.resource, obj=obj)
    hit = _object_facts.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    fact = _fact_for_object(obj)
    if len(_object_facts) > 4096:
        _object_facts.clear()
    if not isinstance(obj, types.MethodType):  # bound methods are new objects each time
        _object_facts[id(obj)] = (obj, fact)
    return fact


def _fact_for_object(obj: Any) -> CallFact:
    target = getattr(obj, "__ember_jit_original__", None)
    if target is not None:
        return summarize(target)
    rule: Rule = classify(obj)
    if rule.kind is not Kind.UNKNOWN:
        return CallFact(rule.kind, rule.reason, rule.resource, obj=obj, runner=rule.runner)
    if isinstance(obj, types.MethodType) and isinstance(obj.__func__, types.FunctionType):
        return summarize(obj.__func__)
    if isinstance(obj, types.FunctionType):
        return summarize(obj)
    if not isinstance(obj, type):
        # An operator does its work in `forward`; other callables in `__call__`.
        for method in ("forward", "__call__"):
            fn = inspect.getattr_static(type(obj), method, None)
            if isinstance(fn, types.FunctionType):
                fact = summarize(getattr(fn, "__ember_jit_original__", fn), {"self": obj})
                if fact.kind is not Kind.UNKNOWN or method == "__call__":
                    return CallFact(fact.kind, f"{type(obj).__name__}.{method}: {fact.reason}",
                                    fact.resource, fact.dynamic)
    return CallFact(rule.kind, rule.reason, rule.resource, dynamic=True, obj=obj)


def classify_call(call: ast.Call, resolver: _Resolver) -> CallFact:
    func = call.func
    if isinstance(func, ast.Name) and func.id == "open" and resolver.name("open") is builtins.open:
        return _open_fact(call)
    obj = resolver.expr(func)
    if obj is not _MISSING:
        fact = fact_for_object(obj)
        fact.obj = obj
        return fact
    if isinstance(func, ast.Attribute):
        if func.attr in _READONLY_METHODS:
            return CallFact(Kind.PURE, f".{func.attr}() reads its receiver")
        if func.attr in _MUTATING_METHODS:
            return CallFact(Kind.CPU, f".{func.attr}() changes its receiver")
    return CallFact(Kind.UNKNOWN, "callee known only at run time", dynamic=True)


def summarize(func: Callable[..., Any], bound: dict[str, Any] | None = None) -> CallFact:
    """Classify a Python function by what its body calls, transitively.

    `bound` gives values for parameters (``{"self": obj}`` resolves ``self.llm``); results
    are cached per code object only without it, and only when every global the body calls
    was defined (a helper defined later in its module is looked at again next time).
    """
    code = getattr(func, "__code__", None)
    if code is None:
        return CallFact(Kind.UNKNOWN, "no code object")
    hit = None if bound else _summaries.get(code)
    if hit is not None:
        return hit
    if code in _in_progress:  # recursion: the other calls decide
        return CallFact(Kind.PURE, "recursive")
    name = getattr(func, "__qualname__", code.co_name)
    if code.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR):
        fact = CallFact(Kind.PURE, f"{name}() only creates a generator")
        _summaries[code] = fact
        return fact
    _in_progress.add(code)
    try:
        try:
            tree, _ = _source_tree(func)
        except NoSource as exc:
            fact = CallFact(Kind.UNKNOWN, f"{name}(): {exc}", dynamic=True)
        else:
            fact = _summarize_tree(func, tree, name, bound or {})
    finally:
        _in_progress.discard(code)
    if not bound and fact.complete:
        _summaries[code] = fact
    return fact


def _summarize_tree(func: Callable[..., Any], tree: ast.AST, name: str,
                    bound: dict[str, Any]) -> CallFact:
    params = _param_names(tree)  # type: ignore[arg-type]
    declared = _declared_nonlocal(tree)
    local_names = (_assigned_names(tree) | set(params)) - declared
    resolver = _Resolver(func, local_names, bound)
    fact = _summary(tree, name, params, declared, local_names, resolver)
    fact.complete = all(
        n.func.id in local_names or resolver.name(n.func.id) is not _MISSING
        for n in walk_scope(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
    return fact


def _summary(tree: ast.AST, name: str, params: list[str], declared: set[str],
             local_names: set[str], resolver: _Resolver) -> CallFact:
    reads: list[CallFact] = []
    writes: list[CallFact] = []
    unknown = cpu = False
    opaque_state: list[CallFact] = []  # resolved callables of unknown kind: may change state
    mutated: set[str] = set()
    for node in walk_scope(tree):
        if isinstance(node, ast.Call):
            fact = classify_call(node, resolver)
            if fact.kind is Kind.READ:
                reads.append(fact)
            elif fact.kind is Kind.WRITE:
                writes.append(fact)
            elif fact.kind is Kind.UNKNOWN:
                unknown = True
                if fact.obj is not None:
                    opaque_state.append(fact)
            elif fact.kind is Kind.CPU:
                cpu = True
                r = root_name(node.func.value) if isinstance(node.func, ast.Attribute) else None
                if r is not None:
                    mutated.add(r)
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute | ast.Subscript):
                    mutated.add(root_name(t) or "?")
    if writes:
        w = writes[0]
        return CallFact(Kind.WRITE, f"{name}() calls a write: {w.reason}", w.resource)
    changes_outside = bool(declared) or bool(mutated & (set(params) | {"?"})) or bool(
        mutated - local_names)
    if reads and opaque_state:
        # e.g. a fetch that also draws from the global RNG: moving it would reorder that.
        return CallFact(Kind.UNKNOWN, f"{name}() does I/O but also calls "
                        f"{opaque_state[0].reason}", measurable=False)
    if reads:
        if changes_outside:
            return CallFact(Kind.WRITE, f"{name}() does I/O and changes its arguments or globals",
                            "any")
        resources = {r.resource for r in reads}
        resource = resources.pop() if len(resources) == 1 else "mixed"
        return CallFact(Kind.READ, f"{name}() does I/O: {reads[0].reason}", resource)
    if unknown:
        return CallFact(Kind.UNKNOWN, f"{name}() calls code Ember cannot see", dynamic=True)
    if cpu or changes_outside:
        return CallFact(Kind.CPU, f"{name}() computes and may change its arguments")
    return CallFact(Kind.PURE, f"{name}() only computes")


# --- function facts ---------------------------------------------------------------------


def _param_names(tree: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = tree.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    if a.vararg:
        names.append(a.vararg.arg)
    if a.kwarg:
        names.append(a.kwarg.arg)
    return names


def _declared_nonlocal(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in walk_scope(tree):
        if isinstance(node, ast.Global | ast.Nonlocal):
            out.update(node.names)
    return out


def _assigned_names(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in walk_scope(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                out.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
    return out


def _unsupported(tree: ast.AST) -> str | None:
    for node in walk_scope(tree):
        if isinstance(node, ast.Yield | ast.YieldFrom):
            return "generators are run as written (their consumer decides when each step runs)"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "locals", "vars", "exec", "eval"):
            return f"it calls {node.func.id}(), which can see or change locals the JIT moves"
    return None


def analyse(func: Callable[..., Any], bound: dict[str, Any]) -> FunctionFacts:
    """Facts about `func`'s body. `bound` maps parameter names to the first call's values.

    Raises:
        NoSource: when the function cannot be analysed (the message says why).
    """
    tree, filename = _source_tree(func)
    why = _unsupported(tree)
    if why:
        raise NoSource(why)
    params = _param_names(tree)
    declared = _declared_nonlocal(tree)
    local_names = (_assigned_names(tree) | set(params)) - declared
    resolver = _Resolver(func, local_names, {k: v for k, v in bound.items() if k in params})
    calls = {id(n): classify_call(n, resolver) for n in walk_scope(tree) if isinstance(n, ast.Call)}
    facts = FunctionFacts(
        func=func, tree=tree, filename=filename, is_async=isinstance(tree, ast.AsyncFunctionDef),
        params=params, locals=local_names, nonlocals=declared, calls=calls, alias={},
    )
    _build_aliases(facts)
    return facts


def _union(facts: FunctionFacts, a: str, b: str) -> None:
    if a not in facts.locals or b not in facts.locals:
        return
    ra, rb = facts.root(a), facts.root(b)
    if ra != rb:
        facts.alias[ra] = rb


def _shared_names(facts: FunctionFacts, value: ast.AST) -> set[str]:
    """Local names whose objects `value` may hold a reference to."""
    if isinstance(value, ast.Call):
        fact = facts.calls.get(id(value))
        func = value.func
        if fact is not None and fact.kind is Kind.READ:
            return set()
        if isinstance(func, ast.Name) and func.id in _FRESH_BUILTINS:
            return set()
    if isinstance(value, ast.Constant | ast.JoinedStr | ast.Compare):
        return set()
    return {n for n in loads(value) if n in facts.locals}


def _build_aliases(facts: FunctionFacts) -> None:
    for node in walk_scope(facts.tree):
        pairs: list[tuple[set[str], ast.AST]] = []
        if isinstance(node, ast.Assign):
            for t in node.targets:
                pairs.append((target_names(t) | {root_name(t) or ""}, node.value))
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.value is not None:
            pairs.append(({root_name(node.target) or ""}, node.value))
        elif isinstance(node, ast.NamedExpr):
            pairs.append(({node.target.id}, node.value))
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            pairs.append((target_names(node.target), node.iter))
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            pairs.append((target_names(node.optional_vars), node.context_expr))
        elif isinstance(node, ast.Call):
            fact = facts.calls.get(id(node))
            if fact is not None and fact.kind in (Kind.PURE, Kind.READ):
                continue
            group = {root_name(a) for a in [*node.args, *(k.value for k in node.keywords)]}
            if isinstance(node.func, ast.Attribute):
                group.add(root_name(node.func.value))
            group.discard(None)
            pairs.append((group, ast.Tuple(elts=[], ctx=ast.Load())))  # type: ignore[arg-type]
        for targets, value in pairs:
            names = {t for t in targets if t} | _shared_names(facts, value)
            first = next(iter(names), None)
            for n in names:
                if first is not None:
                    _union(facts, first, n)


# --- statement facts ----------------------------------------------------------------------


def _leaves(node: ast.stmt) -> bool:
    """Does running `node` possibly jump out of it (return, or break/continue of an outer loop)?"""

    def visit(n: ast.AST, in_loop: bool) -> bool:
        if isinstance(n, ast.Return | ast.Yield | ast.YieldFrom):
            return True
        if isinstance(n, ast.Break | ast.Continue):
            return not in_loop
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            return False
        if isinstance(n, ast.For | ast.AsyncFor | ast.While):
            return any(visit(c, True) for c in n.body) or any(
                visit(c, in_loop) for c in [*n.orelse, getattr(n, "iter", None) or n.test])
        return any(visit(c, in_loop) for c in ast.iter_child_nodes(n))

    return visit(node, False)


def _stmt_facts(facts: FunctionFacts, node: ast.stmt) -> StmtFacts:
    out = StmtFacts(leaves=_leaves(node))
    scope_nodes = [node, *walk_scope(node)]
    for n in scope_nodes:
        if isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Load):
                out.uses.add(n.id)
            else:
                out.defs.add(n.id)
        elif isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.defs.add(n.name)
            out.uses |= loads(n)  # closures read whatever they mention
        elif isinstance(n, ast.Lambda):
            out.uses |= loads(n)
        elif isinstance(n, ast.Import | ast.ImportFrom):
            out.defs |= {(a.asname or a.name).split(".")[0] for a in n.names}
            out.opaque = True
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.defs.add(n.name)
        elif isinstance(n, ast.Global | ast.Nonlocal):
            out.opaque = True
        elif isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = n.targets if isinstance(n, ast.Assign | ast.Delete) else [n.target]
            for t in targets:
                for sub in ast.walk(t):
                    if isinstance(sub, ast.Attribute | ast.Subscript):
                        r = root_name(sub)
                        if r:
                            out.mutates.add(r)
                        if r not in facts.locals:
                            out.opaque = True
                    elif isinstance(sub, ast.Name) and sub.id in facts.nonlocals:
                        out.opaque = True
            if isinstance(n, ast.AugAssign):
                r = root_name(n.target)
                if r:
                    out.mutates.add(r)
        elif isinstance(n, ast.Await | ast.AsyncFor | ast.AsyncWith) or (
                isinstance(n, ast.comprehension) and n.is_async):
            out.has_calls = True
            out.awaits = True
        elif isinstance(n, ast.Call):
            fact = facts.calls.get(id(n))
            if fact is None:
                continue
            if fact.kind is not Kind.PURE or not (isinstance(n.func, ast.Name) and hasattr(builtins, n.func.id)):
                out.has_calls = True
            if fact.kind in (Kind.PURE, Kind.READ):
                continue
            if fact.kind is Kind.WRITE:
                out.writes.add(fact.resource or "any")
            if fact.kind is Kind.UNKNOWN:
                out.writes.add("any")
                out.opaque = True
            if fact.kind is Kind.CPU and not (
                    isinstance(n.func, ast.Attribute) and n.func.attr in _MUTATING_METHODS):
                out.opaque = True
            for arg in [*n.args, *(k.value for k in n.keywords)]:
                out.mutates |= {x for x in loads(arg) if x in facts.locals}
            if isinstance(n.func, ast.Attribute):
                r = root_name(n.func.value)
                if r:
                    out.mutates.add(r)
    out.mutates = facts.aliases({m for m in out.mutates if m in facts.locals}) | {
        m for m in out.mutates if m not in facts.locals}
    return out
