"""Stage 3: rewrite the function's AST by the plan and compile it.

Generated names start with ``__ember_`` and never reach user code: a started call lives in
a hidden local (its *handle*) and its value is taken, at the call's original place, by
``__ember_f.result(handle)``. The compiled function keeps the original's globals, closure
cells, defaults, file name and line numbers, so tracebacks point at the user's source.
"""

from __future__ import annotations

import ast
import functools
import types
from collections.abc import Callable
from typing import Any, TypeVar

from ember.xcs._index import copy_tree, target_names, walk
from ember.xcs._plan import Plan, Site
from ember.xcs._source import future_flags
from ember.xcs._sugar import RESPELLED_MAP

__all__ = ["compile_plan"]

FRAME = "__ember_f"
_LOAD, _STORE = ast.Load(), ast.Store()
_IS, _IS_NOT = ast.Is(), ast.IsNot()  # (leaves shared between nodes, as ``ast.parse`` does)

# Where a new node is in the source: the place of the user's code it stands for (the call
# it starts or takes, the loop or comprehension it runs, the assignment it defers), given
# as the node is made (walking the finished tree to place new nodes cost as much as the
# rest of the rewrite). A traceback through the new code points at that code.
At = dict[str, int]
_NOWHERE: At = {}  # (where a node that has no location is: arguments, comprehensions)


def _at(node: ast.AST) -> At:
    return {"lineno": node.lineno, "col_offset": node.col_offset,  # type: ignore[attr-defined]
            "end_lineno": node.end_lineno, "end_col_offset": node.end_col_offset}  # type: ignore[attr-defined]


N = TypeVar("N", bound=ast.AST)


def _node(kind: type[N], at: At, **fields: Any) -> N:
    """``kind(**fields, **at)``, made at a quarter of the cost: `ast.AST.__init__` sets
    each field and location through `setattr`, and the rewrite makes hundreds of nodes."""
    node = kind.__new__(kind)
    fields.update(at)
    node.__dict__ = fields  # (a new dict each call: the node's own from here on)
    return node


def _copy(node: N, changes: dict[str, Any] | None = None) -> N:
    """A shallow copy of `node` (its lists copied too), with `changes` to its fields.

    The rewrite changes copies of the nodes it changes, and only of those: the analysed
    tree stays as it was (`explain` reads it later), and a node nothing changes in, a
    site's call say, stays the node the plan names.
    """
    new = node.__class__.__new__(node.__class__)
    new.__dict__.update({k: v[:] if type(v) is list else v for k, v in node.__dict__.items()})
    if changes:
        new.__dict__.update(changes)
    return new


def _name(id_: str, at: At, store: bool = False) -> ast.Name:
    return _node(ast.Name, at, id=id_, ctx=_STORE if store else _LOAD)


def _const(value: Any, at: At) -> ast.Constant:
    return _node(ast.Constant, at, value=value)


def _tuple(elts: list[ast.expr], at: At, store: bool = False) -> ast.Tuple:
    return _node(ast.Tuple, at, elts=elts, ctx=_STORE if store else _LOAD)


def _method(name: str, at: At, *args: ast.expr) -> ast.Call:
    return _node(ast.Call, at, func=_node(ast.Attribute, at, value=_name(FRAME, at), attr=name,
                                          ctx=_LOAD), args=list(args), keywords=[])


def _assign(name: str, value: ast.expr, at: At) -> ast.Assign:
    return _node(ast.Assign, at, targets=[_name(name, at, store=True)], value=value)


def _entry(name: str, at: At, is_async: bool, *args: ast.expr) -> ast.Call:
    """``frame.name(args)()``, in a coroutine ``(await frame.aname(args))()``: the runtime's
    entry gives its value, or raises its error as the plain call does (`_raised`); one that
    may give a call to run in place, ``frame.done(frame.name(args)())`` (`Frame.done`)."""
    call: ast.expr = _method("a" + name if is_async else name, at, *args)
    call = _node(ast.Call, at, func=_node(ast.Await, at, value=call) if is_async else call,
                 args=[], keywords=[])
    placing = name in ("result", "take", "then") and not is_async
    return _method("done", at, call) if placing else call


def _is_none(name: str, at: At, negate: bool = False) -> ast.Compare:
    return _node(ast.Compare, at, left=_name(name, at), ops=[_IS_NOT if negate else _IS],
                 comparators=[_const(None, at)])


def _handle(site: Site) -> str:
    return f"__ember_h{site.id}"


def _lambda(body: ast.expr, at: At, defaults: set[str] | None = None,
            given: tuple[str, ...] = ()) -> ast.Lambda:
    """``lambda <given>, a=a, b=b: body``: the names in `defaults` taken where the lambda
    is made (the loop or comprehension variables of the item it belongs to)."""
    names = sorted(defaults) if defaults else ()
    args = _node(ast.arguments, _NOWHERE, posonlyargs=[],
                 args=[_node(ast.arg, at, arg=n) for n in (*given, *names)], vararg=None,
                 kwonlyargs=[], kw_defaults=[], kwarg=None,
                 defaults=[_name(n, at) for n in names])
    return _node(ast.Lambda, at, args=args, body=body)


def _thunk(site: Site, at: At, defaults: set[str] | None = None) -> ast.Lambda:
    """``lambda: (callee, (args...), {kwargs})`` evaluated where the call starts.

    It holds the call's own parts, not copies: `compile` takes a node found in two places,
    and the rewrite never changes a site's call (sites are innermost calls, replaced whole).
    """
    call = site.call
    keys: list[ast.expr | None] = []
    values: list[ast.expr] = []
    for kw in call.keywords:
        keys.append(_const(kw.arg, at) if kw.arg is not None else None)
        values.append(kw.value)
    body = _tuple([
        call.func,
        _tuple(list(call.args), at),
        _node(ast.Dict, at, keys=keys, values=values),
    ], at)
    return _lambda(body, at, defaults)


def _attribute_chains(call: ast.Call) -> list[tuple[str, tuple[str, ...], bool]]:
    """``x.a.b`` loads in the call, as (root name, ("a", "b"), called), outermost chains
    only; `called` when the chain is a method called inside the call's arguments."""
    chains: list[tuple[str, tuple[str, ...], bool]] = []
    inner: set[int] = set()
    nodes = walk(call)
    called = {id(n.func) for n in nodes if isinstance(n, ast.Call) and n is not call}
    for node in nodes:
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            names: list[str] = []
            cur: ast.expr = node
            while isinstance(cur, ast.Attribute):
                names.append(cur.attr)
                inner.add(id(cur.value))
                cur = cur.value
            if isinstance(cur, ast.Name):
                chains.append((cur.id, tuple(reversed(names)), id(node) in called))
    return chains


def _guards(site: Site, locals_: set[str], at: At, defaults: set[str] | None = None
            ) -> ast.expr:
    """``lambda: (((x, ("a", "b"), called), ...), (hazards...))``: what the run time
    checks before it evaluates the call's arguments.

    A property or other descriptor could run code, which must then happen at the call's own
    place; the run time starts the call early only when every read is a plain attribute,
    every method called in the arguments (`called`) is pure, and the values of the
    hazards (names that statements between the start and the call may change in place)
    are immutable. Checked first, so that a call kept for its own place has its arguments
    evaluated once, there.
    """
    chains = [c for c in _attribute_chains(site.call) if c[0] in locals_]
    if not chains and not site.hazards:
        return _const(None, at)
    body = _tuple([_tuple([
        _tuple([_name(r, at), _tuple([_const(n, at) for n in names], at), _const(called, at)],
               at)
        for r, names, called in chains], at), _tuple([_name(h, at) for h in site.hazards], at)],
        at)
    return _lambda(body, at, defaults)


def _starter(site: Site) -> str:
    return f"__ember_starts{site.id}"


def _checked_starts(site: Site, target: ast.expr, start: ast.expr, at: At) -> ast.FunctionDef:
    """A loop site whose item's call depends on checks in the body::

        def __ember_starts7(items):
            out = []
            try:
                for <target> in items:
                    out.append(None)
                    <the checks>
                    out[-1] = <start>
            except Exception:
                pass  # the loop, as written, raises it again at the item's own place
            return out

    Each item's call starts once its checks pass, in order; none after one fails, and
    none for an item a check skips (``if ...: continue``: its place holds None). The
    checks are pure (see `Moves.checks_ahead`): running them ahead changes nothing, while
    the values they look at are plain data (`_unless_plain`), and so are the values they
    make that the call is handed (``tag = Cls.TAG`` before ``get(f"{k}-{tag}")``).
    """
    out = "__ember_out"
    last = ast.Subscript(value=_name(out, at), slice=_const(-1, at), ctx=ast.Store(), **at)
    loop = ast.For(target=copy_tree(target), iter=_name("__ember_items", at), body=[
        _unless_plain(site.checks, target_names(target), ast.Break(**at), at),
        ast.Expr(value=ast.Call(func=ast.Attribute(value=_name(out, at), attr="append",
                                                   ctx=_LOAD, **at),
                                args=[_const(None, at)], keywords=[], **at), **at),
        *[copy_tree(c) for c in site.checks],
        *_made_plain(site.checks, site, ast.Break(**at), at),
        ast.Assign(targets=[last], value=start, **at)], orelse=[], **at)
    guard = ast.Try(body=[loop], handlers=[ast.ExceptHandler(
        type=_name("Exception", at), name=None, body=[ast.Pass(**at)], **at)],
        orelse=[], finalbody=[], **at)
    return ast.FunctionDef(
        name=_starter(site),
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg="__ember_items", **at)],
                           vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=[_assign(out, ast.List(elts=[], ctx=_LOAD, **at), at), guard,
              ast.Return(value=_name(out, at), **at)],
        decorator_list=[], returns=None, type_params=[], **at)


def _unless_plain(checks: list[ast.stmt], names: set[str], leave: ast.stmt, at: At,
                  skip: str = "") -> ast.If:
    """``if not frame.plain((k, v, ...)): <leave>``: the checks run ahead only on values of
    Python's own data types. On an object of yours, an attribute, a test, ``==`` or
    ``len`` runs your code (a property, ``__bool__``, ``__eq__``), which would then run
    early and twice; `Frame.plain` says no and the calls run at their own places. (`skip`:
    the earlier call's value a chain's statement is given, a library's result.)"""
    loads = {n.id for c in checks for n in ast.walk(c)
             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id != skip}
    stores = {n.id for c in checks for n in ast.walk(c)
              if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    seen = sorted(names | loads - stores)
    return ast.If(test=ast.UnaryOp(op=ast.Not(), operand=_method(
        "plain", at, _tuple([_name(n, at) for n in seen], at)), **at), body=[leave],
        orelse=[], **at)


def _made_plain(checks: list[ast.stmt], site: Site, leave: ast.stmt, at: At) -> list[ast.stmt]:
    """``if not frame.plain((tag, ...)): <leave>`` after the checks, for the values they
    make that the call is handed (``tag = Cls.TAG`` before ``get(f"{k}-{tag}")``): the
    call's arguments format them when it starts, ahead of their place."""
    made = {n.id for c in checks for n in ast.walk(c) if isinstance(n, ast.Name)
            and not isinstance(n.ctx, ast.Load)} & {
        n.id for n in ast.walk(site.call) if isinstance(n, ast.Name)}
    return [_unless_plain([], made, leave, at)] if made else []


def _maker(site: Site, names: set[str], at: At) -> ast.FunctionDef:
    """A loop site that needs an earlier site's value (`Site.after`)::

        def __ember_make7(__ember_v, <the item's names>):
            a = __ember_v.json()        # the statement making it, given the value
            <the other checks>          # pure statements making the arguments
            return (callee, (args...), {kwargs})

    called once the earlier call of the item has ended, with its value (`Frame.chain`)."""
    assert site.after is not None and site.feed is not None
    given = {id(site.after.node): _name(VALUE, at)}
    body = [_Substitute(given, lambda n: True).visit(c) if c is site.feed else copy_tree(c)
            for c in site.checks]
    params = [VALUE, *sorted(names)]
    leave = ast.Raise(exc=_name("LookupError", at), cause=None, **at)  # (in place)
    return ast.FunctionDef(
        name=_maker_name(site),
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=n, **at) for n in params],
                           vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=[_unless_plain(body, names - {VALUE}, leave, at, skip=VALUE), *body,
              *_made_plain([c for c in site.checks if c is not site.feed], site, leave, at),
              ast.Return(value=_thunk(site, at).body, **at)],
        decorator_list=[], returns=None, type_params=[], **at)


def _chained_starts(site: Site, target: ast.expr, names: set[str], every: ast.expr,
                    guards: ast.expr, at: At, is_async: bool) -> ast.expr:
    """``[frame.chain(7, <the item's handle of the site it needs>, lambda v, k=k:
    __ember_make7(v, k), guards, writes) for j, k in enumerate(items)]`` (in a coroutine,
    ``frame.achain``)."""
    j, first = "__ember_j", _handle(site.after)  # type: ignore[arg-type]
    handle = ast.IfExp(test=ast.BoolOp(op=ast.And(), values=[
        _is_none(first, at, negate=True),
        ast.Compare(left=_name(j, at), ops=[ast.Lt()], comparators=[ast.Call(
            func=_name("len", at), args=[_name(first, at)], keywords=[], **at)], **at)], **at),
        body=ast.Subscript(value=_name(first, at), slice=_name(j, at), ctx=_LOAD, **at),
        orelse=_const(None, at), **at)
    make = _lambda(ast.Call(func=_name(_maker_name(site), at), args=[
        _name(n, at) for n in (VALUE, *sorted(names))], keywords=[], **at), at, names, (VALUE,))
    chain = _method("achain" if is_async else "chain", at, _const(site.id, at), handle, make,
                    guards, _const(site.crosses_writes, at))
    return _starts(chain, _tuple([_name(j, at, store=True), copy_tree(target)], at,
                                 store=True),
                   ast.Call(func=_name("enumerate", at), args=[every], keywords=[], **at), at)


def _starts(start: ast.expr, target: ast.expr, every: ast.expr, at: At) -> ast.expr:
    """``[start for k in items]``; for a target that unpacks (``for a, b in pairs``), the
    starts up to the first item it cannot unpack (`Frame.until_error`): the loop meets the
    error at that item, as written, after the items before it."""
    made = ast.comprehension(target=target, iter=every, ifs=[], is_async=0)
    if isinstance(target, ast.Name):
        return ast.ListComp(elt=start, generators=[made], **at)
    return _method("until_error", at, ast.GeneratorExp(elt=start, generators=[made], **at))


def _made(site: Site, names: set[str], at: At) -> ast.Lambda:
    """``lambda __ember_v, k=k: (callee, (args...), {kwargs})``: a comprehension's chained
    call (`Site.after`) with the value it needs in the place of that call."""
    body = _Substitute({id(site.after.node): _name(VALUE, at)},  # type: ignore[union-attr]
                       lambda n: True).visit(_thunk(site, at).body)
    return _lambda(body, at, names, (VALUE,))


VALUE = "__ember_v"


def _maker_name(site: Site) -> str:
    return f"__ember_make{site.id}"


def _load(target: ast.expr, at: At) -> ast.expr:
    """The expression reading back what `target` binds (``(a, b)`` for ``a, b``)."""
    if isinstance(target, ast.Name):
        return _name(target.id, at)
    assert isinstance(target, (ast.Tuple, ast.List))
    return _tuple([_load(e, at) for e in target.elts], at)


class _Substitute(ast.NodeTransformer):
    """Put the replacements of sites' expressions in place, in the parts they are in."""

    def __init__(self, replace: dict[int, ast.expr], touches: Callable[[ast.AST], bool]) -> None:
        self.replace = replace
        self.touches = touches

    def visit(self, node: ast.AST) -> Any:  # noqa: D102
        hit = self.replace.get(id(node))
        if hit is not None:
            return hit
        return super().visit(node) if self.touches(node) else node

    def generic_visit(self, node: ast.AST) -> ast.AST:  # noqa: D102
        changes: dict[str, Any] = {}
        for field in node._fields:
            old = getattr(node, field, None)
            if isinstance(old, list):
                new = [self.visit(v) if isinstance(v, ast.AST) else v for v in old]
                if any(a is not b for a, b in zip(new, old, strict=True)):
                    changes[field] = new
            elif isinstance(old, ast.AST):
                value = self.visit(old)
                if value is not old:
                    changes[field] = value
        return _copy(node, changes) if changes else node


class _Rewriter(ast.NodeTransformer):
    def __init__(self, plan: Plan, touches: Callable[[ast.AST], bool]) -> None:
        self.plan = plan
        self.touches = touches
        self.is_async = plan.facts.is_async if plan.facts else False
        self.locals = plan.facts.locals if plan.facts else set()
        self.replace: dict[int, ast.expr] = {}
        self.deferred = {id(s.stmt): s for s in plan.sites if s.defer}
        self.before: dict[int, list[ast.stmt]] = {}
        self.start = "astart" if self.is_async else "start"
        for site in plan.sites:
            if site.move in ("hoist", "place"):
                at = _at(site.node)
                assign = _assign(_handle(site), _method(
                    self.start, at, _const(site.id, at), _thunk(site, at),
                    _guards(site, self.locals, at), _const(site.crosses_writes, at)), at)
                self.before.setdefault(id(site.before), []).append(assign)
                self.replace[id(site.node)] = _entry("result", at, self.is_async,
                                                     _name(_handle(site), at))

    # Sites' expressions are replaced wherever they are found (in a copy of the node).
    def generic_visit(self, node: ast.AST) -> ast.AST:
        changes: dict[str, Any] = {}
        for field in node._fields:
            old = getattr(node, field, None)
            if isinstance(old, list):
                new: list[Any] = []
                # The open deferral (plans never nest them): [site, statements still to
                # pass, region, the assignment].
                deferred: list[list[Any]] = []
                for item in old:
                    if isinstance(item, ast.stmt):
                        site = self.deferred.get(id(item))
                        touched = self.touches(item)
                        if not (touched or deferred or site is not None or id(item) in self.before):
                            new.append(item)  # (most statements: kept as they are)
                            continue
                        visited = self.visit(item) if touched else item
                        out = [*self.before.pop(id(item), []), *_as_list(visited)]
                        target = deferred[-1][2] if deferred else new
                        if deferred:
                            deferred[-1][1] -= 1
                        if site is not None:
                            # The assignment waits; the call is forced here if it is not running.
                            *prefix, assign = out
                            target.extend(prefix)
                            at = _at(site.stmt)
                            target.append(_node(ast.Expr, at, value=_entry(
                                "force", at, self.is_async, _name(_handle(site), at))))
                            deferred.append([site, site.defer, [], assign])
                        else:
                            target.extend(out)
                        while deferred and deferred[-1][1] <= 0:
                            done, _, region, assign_ = deferred.pop()
                            outer = deferred[-1][2] if deferred else new
                            outer.extend(_settled(done, region, self.is_async))
                            outer.append(assign_)
                    elif isinstance(item, ast.AST):
                        new.append(self.visit_expr(item))
                    else:
                        new.append(item)
                if len(new) != len(old) or any(a is not b for a, b in zip(new, old, strict=True)):
                    changes[field] = new
            elif isinstance(old, ast.AST):
                value = self.visit_expr(old)
                if value is not old:
                    changes[field] = value
        return _copy(node, changes) if changes else node

    def visit_expr(self, node: ast.AST) -> Any:  # noqa: D102
        hit = self.replace.get(id(node))
        if hit is not None:
            return hit
        return self.visit(node) if self.touches(node) else node  # (else nothing to change)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return node  # nested scopes are not rewritten

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]
    visit_Lambda = visit_FunctionDef  # type: ignore[assignment]
    visit_ClassDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_For(self, node: ast.For) -> Any:
        sites = self.plan.loops.get(id(node))
        stream = self.plan.streams.get(id(node), "")  # (asked of the analysed node)
        node = self.generic_visit(node)  # type: ignore[assignment]
        if not sites:
            return node
        node = _copy(node)  # (changed below: never the analysed node itself)
        n = sites[0].id
        src, items, k = f"__ember_src{n}", f"__ember_items{n}", f"__ember_k{n}"
        names = target_names(node.target)
        at = _at(node)
        source = _sourced(node.iter, at)
        out: list[ast.stmt] = [
            _assign(src, source, at),
            _assign(items, _method("snapshot", at, _name(src, at),
                                   _const(stream, at)), at),
        ]
        # (the items as a plain list: the loop itself meets the error, if one stopped
        # them being read, at its own item; see `Frame.snapshot`)
        every = ast.Subscript(value=_name(items, at), slice=ast.Slice(**at), ctx=_LOAD, **at)
        for site in sites:
            # (names its checks make are the item's too: taken where the start is made)
            own = names.union(*(target_names(t) for c in site.checks
                                if isinstance(c, ast.Assign) for t in c.targets))
            start = _method(self.start, at, _const(site.id, at), _thunk(site, at, own),
                            _guards(site, self.locals, at, own),
                            _const(site.crosses_writes, at))
            if site.after is not None:
                out.append(_maker(site, names, at))
                made = own - names  # (by the checks, from the value: not known yet)
                starts: ast.expr = _chained_starts(site, node.target, names, every, _guards(
                    site, self.locals - made, at, names), at, self.is_async)
            elif site.checks:
                out.append(_checked_starts(site, node.target, start, at))
                starts = ast.Call(func=_name(_starter(site), at), args=[every], keywords=[],
                                  **at)
            else:
                starts = _starts(start, node.target, every, at)
            out.append(_assign(_handle(site), ast.IfExp(
                test=_is_none(items, at), body=_const(None, at), orelse=starts, **at), at))
            here = _at(site.node)
            handles: ast.expr = _name(_handle(site), here)
            if site.checks:  # the items after a failed check have no handle: run in place
                handles = ast.IfExp(test=ast.BoolOp(op=ast.And(), values=[
                    _is_none(_handle(site), here, negate=True),
                    ast.Compare(left=_name(k, here), ops=[ast.Lt()], comparators=[ast.Call(
                        func=ast.Attribute(value=_name(_handle(site), here), attr="__len__",
                                           ctx=_LOAD, **here), args=[], keywords=[], **here)],
                        **here)], **here), body=_name(_handle(site), here),
                    orelse=_const(None, here), **here)
            self.replace[id(site.node)] = _entry("take", here, self.is_async, handles,
                                                 _name(k, here), _thunk(site, here))
        # A start that must run in place may change what is walked: walk it as written,
        # taking the calls its first items started (`Frame.started`).
        out.append(ast.If(test=ast.UnaryOp(op=ast.Not(), operand=_method(
            "keeps", at, _name(items, at), _name(src, at)), **at),
            body=[_assign(items, _const(None, at), at),
                  *(_assign(_handle(s), _method("started", at, _name(_handle(s), at)), at)
                    for s in sites)], orelse=[], **at))
        node.iter = ast.Call(func=_name("enumerate", at), args=[ast.IfExp(
            test=_is_none(items, at), body=_name(src, at), orelse=_name(items, at), **at)],
            keywords=[], **at)
        node.target = _tuple([_name(k, at, store=True), node.target], at, store=True)
        node.body = [self._replace_in(s) for s in node.body]
        out.append(node)
        return out

    def _replace_in(self, stmt: ast.stmt) -> ast.stmt:
        return _Substitute(self.replace, self.touches).visit(stmt)

    def _comp(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> Any:
        out = self._comp_sites(node)
        if getattr(node, RESPELLED_MAP, False):  # (a map's: `_sugar.respell`)
            out = _method("unmapped", _at(node), out)
        return out

    def _comp_sites(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
                    ) -> Any:
        sites = self.plan.comps.get(id(node))
        if not sites:
            return self.generic_visit(node)
        at = _at(node)
        names = set().union(*(target_names(g.target) for g in node.generators))
        targets = _tuple([_load(g.target, at) for g in node.generators], at)
        first = [s for s in sites if s.after is None]
        starts: ast.expr = _tuple([
            _method(self.start, at, _const(s.id, at), _thunk(s, at, names),
                    _guards(s, self.locals | names, at, names), _const(s.crosses_writes, at))
            for s in first], at)
        chained = [s for s in sites if s.after is not None]  # (after the others: `_moves`)
        if chained:  # ``(lambda hs: hs + (frame.chain(9, hs[0], ...),))((frame.start(...),))``
            hs = "__ember_hs"
            chains = _tuple([_method(
                "chain", at, _const(s.id, at), ast.Subscript(
                    value=_name(hs, at), slice=_const(first.index(s.after), at),  # type: ignore[arg-type]
                    ctx=_LOAD, **at), _made(s, names, at),
                _guards(s, self.locals | names, at, names), _const(s.crosses_writes, at))
                for s in chained], at)
            starts = ast.Call(func=_lambda(ast.BinOp(left=_name(hs, at), op=ast.Add(),
                                                     right=chains, **at), at, given=(hs,)),
                              args=[starts], keywords=[], **at)
        phase1 = ast.GeneratorExp(elt=_tuple([targets, starts], at), generators=node.generators,
                                  **at)
        collect = _method("collect", at, _lambda(phase1, at))
        for s in first:
            here = _at(s.node)
            self.replace[id(s.node)] = _entry("result", here, self.is_async,
                                              _name(_handle(s), here))
        for s in chained:  # (its own place takes the value it needs too: see `Frame.then`)
            here, need = _at(s.node), s.after
            taken = _entry("result", here, False, _name(_handle(need), here))  # type: ignore[union-attr]
            thunk = _Substitute({id(need.node): taken}, lambda n: True).visit(_thunk(s, here))
            self.replace[id(s.node)] = _entry("then", here, False, _name(_handle(s), here),
                                              _name(_handle(need), here), thunk)  # type: ignore[arg-type]
        store_targets = _tuple([g.target for g in node.generators], at, store=True)
        store_handles = _tuple([_name(_handle(s), at, store=True) for s in sites], at,
                               store=True)
        gen = ast.comprehension(target=_tuple([store_targets, store_handles], at, store=True),
                                iter=collect, ifs=[], is_async=0)
        if isinstance(node, ast.DictComp):
            return ast.DictComp(key=self._replace_expr(node.key),
                                value=self._replace_expr(node.value), generators=[gen], **at)
        return type(node)(elt=self._replace_expr(node.elt), generators=[gen], **at)

    def _replace_expr(self, expr: ast.expr) -> ast.expr:
        wrapper = ast.Expr(value=expr)
        return self._replace_in(wrapper).value  # type: ignore[attr-defined]

    visit_ListComp = _comp  # type: ignore[assignment]
    visit_SetComp = _comp  # type: ignore[assignment]
    visit_DictComp = _comp  # type: ignore[assignment]
    visit_GeneratorExp = _comp  # type: ignore[assignment]


def _as_list(out: Any) -> list[ast.stmt]:
    return out if isinstance(out, list) else [out]


def _settled(site: Site, region: list[ast.stmt], is_async: bool) -> list[ast.stmt]:
    """Run `region` while the call is in flight; if the region raises, the call's own
    failure (which the plain code would have raised first) wins, else the region's error.

    The error is re-raised outside the ``except`` clause so that it carries no
    ``__context__`` the plain code would not have given it, and let go of by the name that
    held it (it would hold its own traceback, which holds this frame: a cycle, and the
    frame's locals would live until a collection, their finalisers late).
    """
    err = f"__ember_err{site.id}"
    at = _at(site.stmt)
    return [
        _assign(err, _const(None, at), at),
        _node(ast.Try, at, body=region, handlers=[_node(
            ast.ExceptHandler, at, type=_name("Exception", at), name="__ember_e",
            body=[_assign(err, _name("__ember_e", at), at)])], orelse=[], finalbody=[]),
        _node(ast.If, at, test=_is_none(err, at, negate=True),
              body=[_node(ast.Expr, at, value=_entry("settle", at, is_async,
                                                     _name(_handle(site), at))),
                    _node(ast.Try, at, body=[_node(ast.Raise, at, exc=_name(err, at), cause=None)],
                          handlers=[], orelse=[], finalbody=[_assign(err, _const(None, at), at)])],
              orelse=[]),
    ]


def compile_plan(plan: Plan, runtime: Any, state: Any) -> Callable[..., Any]:
    """Return a new function equal in meaning to `plan.facts.func`, running the plan."""
    facts = plan.facts
    assert facts is not None
    func = facts.func
    tree = _copy(facts.tree)
    marks = facts.index.numbers([
        *(n for s in plan.sites for n in (s.node, s.stmt, s.before) if n),
        *(g for g in facts.index.find(facts.tree, ast.GeneratorExp)
          if getattr(g, RESPELLED_MAP, False))])
    # May the rewrite change something in a node? Not when no site is in it.
    touches = functools.partial(facts.index.holds, numbers=marks)
    rewriter = _Rewriter(plan, touches)
    fake = ast.Module(body=[ast.If(test=ast.Constant(True), body=tree.body, orelse=[])],
                      type_ignores=[])
    fake = rewriter.generic_visit(fake)  # type: ignore[assignment]
    body = fake.body[0].body  # type: ignore[attr-defined]
    at = _at(tree)
    close: ast.expr = _method("aclose" if facts.is_async else "close", at)
    if facts.is_async:
        close = _node(ast.Await, at, value=close)
    tree.body = [
        _assign(FRAME, _node(ast.Call, at, func=_name("__ember_frame", at), args=[],
                             keywords=[]), at),
        _node(ast.Try, at, body=body, handlers=[], orelse=[],
              finalbody=[_node(ast.Expr, at, value=close)]),
    ]
    tree.decorator_list = []
    name = tree.name
    freevars = func.__code__.co_freevars
    # Global in the factory, the def is qualified by its name alone and its recursive calls
    # find the global, as written; a name it closes over is a cell there: renamed.
    if not (own := name not in freevars):
        tree.name = "__ember_inner"
    factory = _node(
        ast.FunctionDef, at, name="__ember_factory",
        args=_node(ast.arguments, _NOWHERE, posonlyargs=[],
                   args=[_node(ast.arg, at, arg=a) for a in ("__ember_frame", *freevars)],
                   vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=[*([_node(ast.Global, at, names=[name])] if own else []), tree],
        decorator_list=[], returns=None, type_params=[])
    module = ast.Module(body=[factory], type_ignores=[])
    code = compile(module, facts.filename, "exec", flags=future_flags(func.__code__),
                   dont_inherit=True)
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    inner = next(c for c in factory_code.co_consts
                 if isinstance(c, types.CodeType) and c.co_name == tree.name)
    if inner.co_qualname != func.__code__.co_qualname:
        inner = _requalified(inner, inner.co_qualname, func.__code__.co_qualname)
    if not own:
        inner = inner.replace(co_name=name)
    cells = dict(zip(freevars, func.__closure__ or (), strict=True))
    frame_factory = runtime.frame_factory(state)
    closure = tuple(
        types.CellType(frame_factory) if name == "__ember_frame" else cells[name]
        for name in inner.co_freevars
    )
    new = types.FunctionType(inner, func.__globals__, func.__name__, func.__defaults__, closure)
    new.__kwdefaults__ = func.__kwdefaults__
    new.__qualname__ = func.__qualname__
    new.__doc__ = func.__doc__
    return new


def _requalified(code: types.CodeType, old: str, new: str) -> types.CodeType:
    """`code` and the code it holds qualified under `new` instead of `old` (the factory's
    inner function): a class or a function defined in the jitted function has the name
    the plain one gives it (``f.<locals>.Plain``, its ``__qualname__`` a constant of its
    class body)."""
    def renamed(qual: str) -> str:
        return new + qual[len(old):] if qual.startswith(old) else qual

    consts = tuple(_requalified(c, old, new) if isinstance(c, types.CodeType)
                   else renamed(c) if isinstance(c, str) and c == code.co_qualname
                   and c.startswith(old + ".") else c for c in code.co_consts)
    return code.replace(co_consts=consts, co_qualname=renamed(code.co_qualname))


def _sourced(node: ast.expr, at: dict[str, int]) -> ast.expr:
    """A loop's iterable written as a call, made by the run time, which sees what it makes
    (`Frame.source`); so is a wrapper's first argument written as ``zip(...)`` or
    ``enumerate(...)`` (``enumerate(zip(qs, cs), 1)``: a twin of each is read ahead)."""
    if not isinstance(node, ast.Call):
        return node
    args = list(node.args)
    if args and isinstance(args[0], ast.Call) and isinstance(args[0].func, ast.Name) and (
            args[0].func.id in ("zip", "enumerate")):
        args[0] = _sourced(args[0], at)
    source = ast.Call(func=ast.Attribute(value=_name(FRAME, at), attr="source", ctx=_LOAD,
                                         **at), args=[node.func, *args], keywords=node.keywords, **at)
    return ast.Call(func=source, args=[], keywords=[], **at)  # (see `_entry`)
