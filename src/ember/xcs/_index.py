"""One walk of a function's syntax tree, kept so that later questions cost a slice.

The analysis and the plan ask the same questions of many statements and calls: which
calls, names or assignments are under this node (in its own scope), what is its parent,
which names does it mention. Walking the subtree again for each question made the JIT's
first call cost some 35x parsing and compiling the function. `TreeIndex` walks the tree
once and answers each question from lists.

Nodes are numbered in the order `walk_scope` yields them (depth first, last child first),
so a node's subtree is the run of numbers right after it, and a pass that takes the first
match of a walk sees the same first match here.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

__all__ = ["COMPREHENSIONS", "LOOPS", "SCOPES", "TreeIndex", "children", "copy_tree",
           "evaluation_order",
           "in_poll",
           "operands", "other_bindings", "root_name",
           "scope_names", "target_names", "walk", "walk_scope"]

# Nodes that open a scope of their own: a walk of the enclosing scope does not enter them.
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
LOOPS = (ast.For, ast.AsyncFor, ast.While, *COMPREHENSIONS)
"""Nodes whose body may run more than once."""
_SCOPE_TYPES = frozenset(SCOPES)
# `find`'s types, as sets, by the id of the type or tuple asked for (kept beside it: an id
# is only that object's while it lives). Hashing a tuple of types on every call cost more.
_TYPES: dict[int, tuple[type | tuple[type, ...], frozenset[type]]] = {}
_LARGE = 96  # subtrees above this many nodes are searched by node type (see `_by_kind`)
# Leaves shared between nodes (``Load()``, ``Add()``, ...): nothing asks about them.
_SHARED_LEAVES = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)


def copy_tree(node: ast.AST) -> ast.AST:
    """A deep copy of a syntax tree: new nodes and lists, with the attributes the passes
    set on nodes; the shared leaves and the values of constants stay shared, as nothing
    changes them. (`copy.deepcopy` makes the same in some four times the time.)"""
    new = node.__class__.__new__(node.__class__)
    attrs = new.__dict__
    for k, v in node.__dict__.items():
        if type(v) is list:
            v = [copy_tree(x) if isinstance(x, ast.AST) else x for x in v]
        elif isinstance(v, ast.AST) and not isinstance(v, _SHARED_LEAVES):
            v = copy_tree(v)
        attrs[k] = v
    return new


def children(node: ast.AST) -> list[ast.AST]:
    """`ast.iter_child_nodes`, as a list and without the shared leaves, at a fraction of its
    cost (it is called for most nodes of a tree)."""
    fields = _CHILD_FIELDS.get(type(node))
    if fields is None:
        fields = _child_fields(type(node))
    if fields is _UNKNOWN_FIELDS:
        return _any_children(node)
    if fields is _DICT_FIELDS:  # (k1, v1, k2, v2: the order Python evaluates a display in)
        return [x for k, v in zip(node.keys, node.values, strict=True)  # type: ignore[attr-defined]
                for x in (k, v) if x is not None]
    out: list[ast.AST] = []
    for field, many in fields:
        value = getattr(node, field, None)
        if many:
            if value:
                out += [v for v in value if v is not None]
        elif value is not None:
            out.append(value)
    return out


def _any_children(node: ast.AST) -> list[ast.AST]:
    """`children` of a node whose type's fields are not known (see `_child_fields`)."""
    out: list[ast.AST] = []
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            out += [v for v in value if isinstance(v, ast.AST) and not isinstance(v, _SHARED_LEAVES)]
        elif isinstance(value, ast.AST) and not isinstance(value, _SHARED_LEAVES):
            out.append(value)
    return out


# The fields of each node type that hold child nodes (shared leaves left out), each with
# whether it holds a list: read from the type's grammar line, its docstring
# (``Name(identifier id, expr_context ctx)``: no child field at all). Most fields of most
# nodes hold names, constants or shared leaves; looking only at the others is what makes a
# walk of the tree cheap.
_Fields = tuple[tuple[str, bool], ...]
_CHILD_FIELDS: dict[type, _Fields] = {}
_UNKNOWN_FIELDS: _Fields = (("", False),)  # no grammar line: every field is looked at
_DICT_FIELDS: _Fields = (("keys", True), ("values", True))
_CHILD_FIELDS[ast.Dict] = _DICT_FIELDS  # (the index walks them so too: order is `children`'s)


def _child_fields(kind: type) -> _Fields:
    fields: _Fields = ()
    if kind._fields:  # type: ignore[attr-defined]
        match = re.fullmatch(r"(\w+)\((.*)\)", kind.__doc__ or "", re.DOTALL)
        declared = [part.split() for part in match.group(2).split(",")] if match else []
        if [d[-1] for d in declared] != list(kind._fields):  # type: ignore[attr-defined]
            fields = _UNKNOWN_FIELDS  # (a node type of its own, or deprecated)
        else:
            fields = tuple((name, spec.endswith("*")) for spec, name in declared
                           if _holds_nodes(getattr(ast, spec.rstrip("*?"), None)))
    _CHILD_FIELDS[kind] = fields
    return fields


def _holds_nodes(field_type: object) -> bool:
    return (isinstance(field_type, type) and issubclass(field_type, ast.AST)
            and not issubclass(field_type, _SHARED_LEAVES))


def walk(node: ast.AST) -> list[ast.AST]:
    """`ast.walk`'s nodes in its order (breadth first), as a list and without the shared
    leaves: for nodes the index does not hold, at a fraction of its cost."""
    out = [node]
    k = 0
    while k < len(out):
        out += children(out[k])
        k += 1
    return out


def walk_scope(node: ast.AST) -> Iterator[ast.AST]:
    """Like `ast.walk` but does not enter nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, SCOPES):
            continue
        stack.extend(ast.iter_child_nodes(n))


class TreeIndex:
    """Every node of one tree, numbered in `walk_scope` order, with its subtree's extent,
    its parent and the scope it belongs to.

    Nodes made after the walk (wrappers, rewritten parts) are not in the index; asked
    about one, the methods walk it as `walk_scope` would.
    """

    __slots__ = ("_end", "_kinds", "_loads", "_names", "_nodes", "_openers", "_own", "_parent",
                 "_pos", "_scope", "_tops")

    def __init__(self, root: ast.AST) -> None:
        nodes: list[ast.AST] = []
        parent: list[int] = []
        scope: list[int] = []  # the number of the node whose scope each node is in
        kinds: dict[type, list[int]] = {}  # numbers by node type (see `_by_kind`)
        stack: list[tuple[ast.AST, int, int]] = [(root, -1, 0)]
        child_fields, scopes = _CHILD_FIELDS, _SCOPE_TYPES
        pop, push = stack.pop, stack.append
        p = -1
        while stack:
            node, up, sc = pop()
            p += 1
            nodes.append(node)
            parent.append(up)
            scope.append(sc)
            kind = type(node)
            numbers = kinds.get(kind)
            if numbers is None:
                kinds[kind] = [p]
            else:
                numbers.append(p)
            fields = child_fields.get(kind)
            if fields is None:
                fields = _child_fields(kind)
            if not fields:
                continue  # (most nodes: names and constants)
            inner = p if kind in scopes else sc  # children of a def are in its scope
            if fields is _UNKNOWN_FIELDS:
                stack += [(v, p, inner) for v in _any_children(node)]
                continue
            # `children(node)`, inlined: this loop is most of the cost of the index.
            for field, many in fields:
                value = getattr(node, field, None)
                if many:
                    if value:
                        stack += [(v, p, inner) for v in value if v is not None]
                elif value is not None:
                    push((value, p, inner))
        end = [1] * len(nodes)  # subtree sizes, summed from the leaves up, then extents
        for p in range(len(nodes) - 1, 0, -1):
            end[parent[p]] += end[p]
        self._end = [p + size for p, size in enumerate(end)]
        self._nodes = nodes
        self._pos = {id(n): p for p, n in enumerate(nodes)}
        self._parent = parent
        self._scope = scope
        # Scope -> numbers of the nodes in it, in order: made when a scope is first asked for
        # (see `_in_scope`); most trees have one scope and a few lambdas or defs.
        self._own: dict[int, list[int]] = {}
        self._kinds = kinds
        # The nested defs, lambdas and classes, in order: what a walk of a scope skips.
        self._openers = sorted(q for kind in _SCOPE_TYPES for q in kinds.get(kind, ()) if q)
        # Every Name, whatever its scope (for `loads`).
        self._names = kinds.get(ast.Name, [])
        self._loads: dict[int, frozenset[str]] = {}
        self._tops: list[tuple[int, int]] | None = None  # (see `step`)

    @property
    def root(self) -> ast.AST:
        return self._nodes[0]

    def __contains__(self, node: ast.AST) -> bool:
        return id(node) in self._pos

    def scope_nodes(self, node: ast.AST, itself: bool = False) -> list[ast.AST]:
        """``[node, *walk_scope(node)]`` (or without `node`), in the same order."""
        p = self._pos.get(id(node))
        if p is None:
            return [node, *walk_scope(node)] if itself else list(walk_scope(node))
        nodes = self._nodes
        out = [nodes[q] for q in self._members(node, p)]
        return [node, *out] if itself else out

    def find(self, node: ast.AST, types: type | tuple[type, ...], itself: bool = False,
             nested: bool = False) -> list[ast.AST]:
        """The nodes of `scope_nodes(node, itself)` of the given types (as `ast.parse`
        makes them: subclasses are not looked for); with `nested`, those of nested
        functions, lambdas and classes too (as `ast.walk` finds them)."""
        hit = _TYPES.get(id(types))
        if hit is None or hit[0] is not types:
            if len(_TYPES) > 512:  # (types are module constants; a tuple made per call is not)
                _TYPES.clear()
            hit = _TYPES[id(types)] = (
                types, frozenset(types if isinstance(types, tuple) else (types,)))
        wanted = hit[1]
        p = self._pos.get(id(node))
        if p is None:
            seen = walk(node) if nested else self.scope_nodes(node, itself)
            return [n for n in seen if type(n) in wanted and (itself or n is not node)]
        nodes = self._nodes
        end = self._end[p]
        if end - p > _LARGE:
            found = [nodes[q] for q in self._by_kind(node, p, wanted, nested)]
        elif nested or not self._opens_scope(p, end):  # (most statements hold no def or lambda)
            found = [n for n in nodes[p + 1:end] if type(n) in wanted]
        else:  # `_members`, inlined (find is called for most statements, several times)
            members = self._in_scope(p if p == 0 or type(node) in _SCOPE_TYPES else self._scope[p])
            found = [n for q in members[bisect_right(members, p):bisect_left(members, end)]
                     if type(n := nodes[q]) in wanted]
        return [node, *found] if itself and type(node) in wanted else found

    def _by_kind(self, node: ast.AST, p: int, wanted: frozenset[type], nested: bool
                 ) -> list[int]:
        """`find`'s numbers for a large subtree: from the lists of each wanted type's
        numbers (made with the index), rather than a look at every node in it; without
        `nested`, the subtrees of the nested scopes in it are cut out."""
        kinds = self._kinds
        lo, hi = p + 1, self._end[p]
        out: list[int] = []
        for kind in wanted:
            numbers = kinds.get(kind)
            if numbers:
                out += numbers[bisect_left(numbers, lo):bisect_left(numbers, hi)]
        if len(wanted) > 1:
            out.sort()
        if not nested and out:
            openers, end = self._openers, self._end
            for q in openers[bisect_left(openers, lo):bisect_left(openers, hi)]:
                del out[bisect_right(out, q):bisect_left(out, end[q])]  # (q itself stays)
        return out

    def _opens_scope(self, p: int, end: int) -> bool:
        """Is a nested def, lambda or class among the nodes numbered p+1 to end-1?"""
        openers = self._openers
        k = bisect_right(openers, p)
        return k < len(openers) and openers[k] < end

    def _members(self, node: ast.AST, p: int) -> list[int]:
        """The numbers of the nodes `walk_scope(node)` yields: those of its subtree in the
        scope its children are in (the node's own, or the node itself when it opens one)."""
        sc = p if p == 0 or type(node) in _SCOPE_TYPES else self._scope[p]
        members = self._in_scope(sc)
        return members[bisect_right(members, p):bisect_left(members, self._end[p])]

    def _in_scope(self, sc: int) -> list[int]:
        """The numbers of the nodes in the scope opened by node `sc` (0: the root's), in
        order."""
        members = self._own.get(sc)
        if members is None:
            scope = self._scope
            members = self._own[sc] = [q for q in range(len(scope)) if scope[q] == sc]
        return members

    def among(self, node: ast.AST, numbers: list[int]) -> list[ast.AST]:
        """The nodes of `numbers` (sorted, from `numbers`) in `node`'s subtree, `node` left
        out."""
        p = self._pos[id(node)]
        nodes = self._nodes
        return [nodes[q] for q in numbers[bisect_right(numbers, p):bisect_left(numbers, self._end[p])]]

    def parent(self, node: ast.AST) -> ast.AST | None:
        p = self._pos.get(id(node))
        if p is None or self._parent[p] < 0:
            return None
        return self._nodes[self._parent[p]]

    def in_loop(self, node: ast.AST) -> bool:
        """Is `node` in a loop or comprehension of the tree (may it run more than once)?"""
        up = self.parent(node)
        while up is not None and up is not self.root:
            if isinstance(up, LOOPS):
                return True
            up = self.parent(up)
        return False

    def contains(self, outer: ast.AST, node: ast.AST) -> bool:
        """Is `node` in the subtree of `outer` (or `outer` itself)?"""
        p, q = self._pos.get(id(outer)), self._pos.get(id(node))
        if p is None or q is None:
            return any(n is node for n in walk(outer))
        return p <= q < self._end[p]

    def step(self, node: ast.AST) -> int | None:
        """The place in the root function's body of the statement holding `node` (None:
        not in its body, or not in the index)."""
        p = self._pos.get(id(node))
        if p is None:
            return None
        if self._tops is None:
            body = getattr(self.root, "body", None)
            self._tops = sorted((self._pos[id(s)], i) for i, s in enumerate(body)) if (
                isinstance(body, list)) else []
        k = bisect_right(self._tops, (p, len(self._nodes))) - 1
        if k < 0:
            return None
        q, i = self._tops[k]
        return i if p < self._end[q] else None

    def numbers(self, nodes: list[ast.AST]) -> list[int]:
        """The sorted numbers of those of `nodes` that are in the index (see `holds`)."""
        return sorted({self._pos[id(n)] for n in nodes if id(n) in self._pos})

    def holds(self, node: ast.AST, numbers: list[int]) -> bool:
        """Is one of `numbers` (sorted) in `node`'s subtree? True for a node not in the
        index: nothing is known of what it holds."""
        p = self._pos.get(id(node))
        if p is None:
            return True
        k = bisect_left(numbers, p)
        return k < len(numbers) and numbers[k] < self._end[p]

    def loads(self, node: ast.AST) -> frozenset[str]:
        """Every name `node` mentions, nested scopes included (as `ast.walk` finds them)."""
        p = self._pos.get(id(node))
        if p is None:
            return frozenset([n.id for n in walk(node) if type(n) is ast.Name])  # type: ignore[attr-defined]
        hit = self._loads.get(p)
        if hit is None:
            names, nodes = self._names, self._nodes
            lo, hi = bisect_left(names, p), bisect_left(names, self._end[p])
            hit = self._loads[p] = frozenset([nodes[q].id for q in names[lo:hi]])  # type: ignore[attr-defined]
        return hit


# --- questions about names ------------------------------------------------------------------


def in_poll(index: TreeIndex, node: ast.AST) -> bool:
    """Is `node` (a read) in a loop that stops on what it sees: a ``while`` testing it, a
    loop whose ``if`` on it (or on a name bound from it) breaks or returns, or the items of
    ``any``/``all``/``next``? Such a loop waits for the world to change (a job to finish):
    a read after it must not start before it. (A retry loop, which stops when the read
    does not raise, is not one.)"""
    up = index.parent(node)
    while up is not None and up is not index.root and not isinstance(up, SCOPES):
        if isinstance(up, ast.While) and _holds(index, up.test, node):
            return True
        if isinstance(up, (ast.For, ast.AsyncFor, ast.While)) and _stops_on(index, up, node):
            return True
        if isinstance(up, ast.GeneratorExp) and isinstance(
                call := index.parent(up), ast.Call) and isinstance(call.func, ast.Name) and (
                call.func.id in ("any", "all", "next")):
            return True
        up = index.parent(up)
    return False


def _holds(index: TreeIndex, part: ast.AST, node: ast.AST) -> bool:
    return any(n is node for n in index.find(part, type(node), itself=True))


def _stops_on(index: TreeIndex, loop: ast.AST, read: ast.AST) -> bool:
    """Does `loop` hold an ``if`` that tests `read` (or a name bound from it) and leaves?"""
    names = {t.id for a in index.find(loop, ast.Assign) if _holds(index, a.value, read)
             for t in a.targets if isinstance(t, ast.Name)}
    for test in index.find(loop, ast.If):
        if (_holds(index, test.test, read) or names & {n.id for n in index.find(
                test.test, ast.Name, itself=True)}) and index.find(test, (ast.Break, ast.Return)):
            return True
    return False


def waits_for_others(index: TreeIndex, sleeps: list[ast.AST], io: list[ast.AST]) -> bool:
    """Is one of `sleeps` in a loop that does no other I/O and may stop (a ``while``, or a
    loop with an ``if`` that leaves)? Nothing it does changes what it tests: it waits for
    another thread (a flag, a list, an attribute another thread sets), and a read after it
    must not start before it. (A retry loop sleeps between its own reads.)"""
    others = {id(n) for n in io} - {id(n) for n in sleeps}
    for sleep in sleeps:
        up = index.parent(sleep)
        while up is not None and up is not index.root and not isinstance(up, SCOPES):
            if isinstance(up, (ast.While, ast.For, ast.AsyncFor)):
                if not any(id(n) in others for n in index.find(up, ast.Call)) and (
                        isinstance(up, ast.While) or index.find(up, (ast.Break, ast.Return))):
                    return True
                break  # (the innermost loop decides)
            up = index.parent(up)
    return False


def spins(index: TreeIndex, loop: ast.While,
          clock: Callable[[ast.Call], bool] = lambda call: False) -> bool:
    """Is `loop` a busy wait: its test reads a name its body changes in no way (no store to
    it or through it, no call but `clock` readings in the test, no way out but the test)?
    Only another thread, or the clock, can end it (``while not state["ready"]: pass``,
    ``while perf_counter() < end: pass``): a read after it must not start before it."""
    tested = {n.id for n in index.find(loop.test, ast.Name, itself=True)}  # type: ignore[attr-defined]
    if not tested or index.find(loop, _NOT_SPINNING, itself=True) or not all(
            clock(c) and index.contains(loop.test, c)  # type: ignore[arg-type]
            for c in index.find(loop, ast.Call, itself=True)):
        return False
    changed = {n.id for n in index.find(loop, ast.Name, itself=True)
               if not isinstance(n.ctx, ast.Load)}  # type: ignore[attr-defined]
    changed |= {root_name(t) for t in index.find(loop, (ast.Attribute, ast.Subscript), itself=True)
                if not isinstance(t.ctx, ast.Load)}  # type: ignore[attr-defined]
    return bool(tested - changed)


_NOT_SPINNING = (ast.Break, ast.Return, ast.Raise, ast.Yield, ast.YieldFrom, ast.Await,
                 ast.Delete)


def operands(node: ast.expr) -> list[ast.expr]:
    """`node`, or for an operator's result the values it was made from (``key + "0"`` of a
    str subclass of yours is made by its ``__add__``, and may well be another of them)."""
    if isinstance(node, ast.BinOp):
        return [*operands(node.left), *operands(node.right)]
    if isinstance(node, ast.UnaryOp):
        return operands(node.operand)
    return [node]


def root_name(node: ast.AST) -> str | None:
    """`x` for `x`, `x.a.b`, `x[i].c`; None for anything else."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def target_names(node: ast.AST) -> set[str]:
    """The names an assignment target binds (``a, (b, *c)`` binds a, b and c)."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*(target_names(e) for e in node.elts)) if node.elts else set()
    if isinstance(node, ast.Starred):
        return target_names(node.value)
    return set()


# --- the names of a function's scope ------------------------------------------------------


def scope_names(tree: ast.FunctionDef | ast.AsyncFunctionDef, index: TreeIndex
                ) -> tuple[list[str], set[str], set[str]]:
    """The function's parameters, the names it declares global or nonlocal, and its
    locals (what it binds, parameters included, those declared left out)."""
    params = _param_names(tree)
    declared = _declared_nonlocal(index)
    return params, declared, (_assigned_names(index) | set(params)) - declared


def _param_names(tree: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = tree.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    if a.vararg:
        names.append(a.vararg.arg)
    if a.kwarg:
        names.append(a.kwarg.arg)
    return names


def _declared_nonlocal(index: TreeIndex) -> set[str]:
    out: set[str] = set()
    for node in index.find(index.root, (ast.Global, ast.Nonlocal)):
        out.update(node.names)  # type: ignore[attr-defined]
    return out


def _assigned_names(index: TreeIndex) -> set[str]:
    out = other_bindings(index)
    for node in index.find(index.root, ast.Name):
        if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            out.add(node.id)  # type: ignore[attr-defined]
    return out


def other_bindings(index: TreeIndex) -> set[str]:
    """The names the function's own scope binds other than by a `Name` target: a ``def``
    or ``class``, an import, ``except ... as e``, a ``match`` capture (``case X() as v``,
    ``case [*rest]``, ``case {**rest}``)."""
    out: set[str] = set()
    for node in index.find(index.root, _BINDING_NODES):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                out.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
            if node.name:
                out.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            out.add(node.rest)
    return out


_BINDING_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import,
                  ast.ImportFrom, ast.ExceptHandler, ast.MatchAs, ast.MatchStar,
                  ast.MatchMapping)


def evaluation_order(node: ast.AST, runs_code: Callable[[ast.AST], bool]) -> list[ast.AST]:
    """The calls and awaits of `node` in evaluation order, up to a conditional part (the
    branches of ``x if c else y``, the right of ``and``/``or``, the third operand of a
    chained comparison, a walrus, a nested scope), which is listed itself: calls after it
    in the list are not the expression's own to start. A choice that calls nothing (no
    call in it, and no node where `runs_code`: Python may run code of the user's there, as
    a test of a value of a type not known may) is evaluated as a name is."""
    out: list[ast.AST] = []
    _ordered(node, out, runs_code, top=True)
    return out


def _ordered(node: ast.AST, out: list[ast.AST], runs_code: Callable[[ast.AST], bool],
             top: bool = False) -> None:
    kind = type(node)
    if kind is ast.Name or kind is ast.Constant:
        return  # (most nodes: nothing below them)
    if not top and kind in _UNITS:
        out.append(node)  # a barrier-ish unit: its calls are not taken from here
        return
    if (kind is ast.IfExp or kind is ast.BoolOp) and not any(
            isinstance(n, _LOUD) or runs_code(n) for n in ast.walk(node)):
        return  # (``"a" if k else "b"``)
    if kind is ast.IfExp:
        _ordered(node.test, out, runs_code)  # type: ignore[attr-defined]
        out.append(node)  # branches are conditional
        return
    if kind is ast.BoolOp:
        _ordered(node.values[0], out, runs_code)  # type: ignore[attr-defined]
        out.append(node)
        return
    if kind is ast.Compare:  # `a == b() == c()`: c() runs only if the first holds
        _ordered(node.left, out, runs_code)  # type: ignore[attr-defined]
        _ordered(node.comparators[0], out, runs_code)  # type: ignore[attr-defined]
        if len(node.comparators) > 1:  # type: ignore[attr-defined]
            out.append(node)
        return
    if kind is ast.NamedExpr:  # `k := v` binds in the function's scope: what comes after
        _ordered(node.value, out, runs_code)  # type: ignore[attr-defined]
        out.append(node)  # (the call holding it included) stays in place
        return
    if kind is ast.Assign or kind is ast.AugAssign or kind is ast.AnnAssign:
        if node.value is not None:  # type: ignore[attr-defined]
            _ordered(node.value, out, runs_code)  # type: ignore[attr-defined]
        for t in node.targets if kind is ast.Assign else [node.target]:  # type: ignore[attr-defined]
            _ordered(t, out, runs_code)
        return
    for child in children(node):
        _ordered(child, out, runs_code)
    if kind is ast.Call or kind is ast.Await:
        out.append(node)


# Parts of an expression whose calls are not the expression's own to start, and what makes
# a choice more than a value (`evaluation_order`).
_UNITS = frozenset({*COMPREHENSIONS, ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef,
                    ast.ClassDef})
_LOUD = (ast.Call, ast.Await, ast.NamedExpr, ast.Yield, ast.YieldFrom, *_UNITS)
