"""Stage 3: rewrite the function's AST by the plan and compile it.

Generated names start with ``__ember_`` and never reach user code: a started call lives in
a hidden local (its *handle*) and its value is taken, at the call's original place, by
``__ember_f.result(handle)``. The compiled function keeps the original's globals, closure
cells, defaults, file name and line numbers, so tracebacks point at the user's source.
"""

from __future__ import annotations

import ast
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._analysis import target_names
from ember.xcs._index import children
from ember.xcs._plan import Plan, Site

__all__ = ["compile_plan"]

FRAME = "__ember_f"


def _name(id_: str, store: bool = False) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Store() if store else ast.Load())


def _method(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=_name(FRAME), attr=name, ctx=ast.Load()),
                    args=list(args), keywords=[])


def _step(name: str, handle: ast.expr, is_async: bool) -> ast.Expr:
    """``frame.name(handle)``, or in a coroutine ``await frame.aname(handle)``."""
    if is_async:
        return ast.Expr(value=ast.Await(value=_method("a" + name, handle)))
    return ast.Expr(value=_method(name, handle))


def _handle(site: Site) -> str:
    return f"__ember_h{site.id}"


def _thunk(site: Site, defaults: set[str] | None = None) -> ast.Lambda:
    """``lambda: (callee, (args...), {kwargs}, (hazards...))`` evaluated where the call starts.

    It holds the call's own parts, not copies: `compile` takes a node found in two places,
    and the rewrite never changes a site's call (sites are innermost calls, replaced whole).
    """
    call = site.call
    keys: list[ast.expr | None] = []
    values: list[ast.expr] = []
    for kw in call.keywords:
        keys.append(ast.Constant(kw.arg) if kw.arg is not None else None)
        values.append(kw.value)
    body = ast.Tuple(elts=[
        call.func,
        ast.Tuple(elts=list(call.args), ctx=ast.Load()),
        ast.Dict(keys=keys, values=values),  # type: ignore[arg-type]
        ast.Tuple(elts=[_name(h) for h in site.hazards], ctx=ast.Load()),
    ], ctx=ast.Load())
    names = sorted(defaults or ())
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in names], vararg=None,
                         kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[_name(n) for n in names])
    return ast.Lambda(args=args, body=body)


def _attribute_chains(call: ast.Call) -> list[tuple[str, tuple[str, ...], bool]]:
    """``x.a.b`` loads in the call, as (root name, ("a", "b"), called), outermost chains
    only; `called` when the chain is a method called inside the call's arguments."""
    chains: list[tuple[str, tuple[str, ...], bool]] = []
    inner: set[int] = set()
    called = {id(n.func) for n in ast.walk(call) if isinstance(n, ast.Call) and n is not call}
    for node in ast.walk(call):
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


def _guards(site: Site, locals_: set[str], defaults: set[str] | None = None) -> ast.expr:
    """``lambda: ((x, ("a", "b"), called), ...)``: what the run time checks first.

    A property or other descriptor could run code, which must then happen at the call's own
    place; the run time starts the call early only when every read is a plain attribute,
    and every method called in the arguments (`called`) is pure.
    """
    chains = [c for c in _attribute_chains(site.call) if c[0] in locals_]
    if not chains:
        return ast.Constant(None)
    body = ast.Tuple(elts=[
        ast.Tuple(elts=[_name(r), ast.Tuple(elts=[ast.Constant(n) for n in names],
                                            ctx=ast.Load()), ast.Constant(called)],
                  ctx=ast.Load())
        for r, names, called in chains], ctx=ast.Load())
    names_ = sorted(defaults or ())
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in names_], vararg=None,
                         kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[_name(n) for n in names_])
    return ast.Lambda(args=args, body=body)


def _take(site: Site, handle: ast.expr, is_async: bool) -> ast.expr:
    if is_async:
        return ast.Await(value=_method("aresult", handle))
    return _method("result", handle)


def _load(target: ast.expr) -> ast.expr:
    """The expression reading back what `target` binds (``(a, b)`` for ``a, b``)."""
    if isinstance(target, ast.Name):
        return _name(target.id)
    assert isinstance(target, ast.Tuple | ast.List)
    return ast.Tuple(elts=[_load(e) for e in target.elts], ctx=ast.Load())


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
                assign = ast.Assign(targets=[_name(_handle(site), store=True)],
                                    value=_method(self.start, ast.Constant(site.id), _thunk(site),
                                                  _guards(site, self.locals),
                                                  ast.Constant(site.crosses_writes)))
                self.before.setdefault(id(site.before), []).append(assign)
                self.replace[id(site.node)] = _take(site, _name(_handle(site)), self.is_async)

    # Sites' expressions are replaced wherever they are found.
    def generic_visit(self, node: ast.AST) -> ast.AST:
        if not self.touches(node):
            return node  # nothing the plan changes is in there
        for field, old in ast.iter_fields(node):
            if isinstance(old, list):
                new: list[Any] = []
                # The open deferral (plans never nest them): [site, statements still to
                # pass, region, the assignment].
                deferred: list[list[Any]] = []
                for item in old:
                    if isinstance(item, ast.stmt):
                        site = self.deferred.get(id(item))
                        out = [*self.before.pop(id(item), []), *_as_list(self.visit(item))]
                        target = deferred[-1][2] if deferred else new
                        if deferred:
                            deferred[-1][1] -= 1
                        if site is not None:
                            # The assignment waits; the call is forced here if it is not running.
                            *prefix, assign = out
                            target.extend(prefix)
                            target.append(_step("force", _name(_handle(site)), self.is_async))
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
                setattr(node, field, new)
            elif isinstance(old, ast.AST):
                setattr(node, field, self.visit_expr(old))
        return node

    def visit_expr(self, node: ast.AST) -> Any:  # noqa: D102
        hit = self.replace.get(id(node))
        if hit is not None:
            return hit
        return self.visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return node  # nested scopes are not rewritten

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]
    visit_Lambda = visit_FunctionDef  # type: ignore[assignment]
    visit_ClassDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_For(self, node: ast.For) -> Any:
        sites = self.plan.loops.get(id(node))
        self.generic_visit(node)
        if not sites:
            return node
        n = sites[0].id
        src, items, k = f"__ember_src{n}", f"__ember_items{n}", f"__ember_k{n}"
        names = target_names(node.target)
        out: list[ast.stmt] = [
            ast.Assign(targets=[_name(src, store=True)], value=node.iter),
            ast.Assign(targets=[_name(items, store=True)], value=_method("snapshot", _name(src))),
        ]
        for site in sites:
            starts = ast.ListComp(
                elt=_method(self.start, ast.Constant(site.id), _thunk(site, names),
                            _guards(site, self.locals, names),
                            ast.Constant(site.crosses_writes)),
                generators=[ast.comprehension(target=node.target,
                                              iter=_name(items), ifs=[], is_async=0)])
            out.append(ast.Assign(
                targets=[_name(_handle(site), store=True)],
                value=ast.IfExp(test=ast.Compare(left=_name(items), ops=[ast.Is()],
                                                 comparators=[ast.Constant(None)]),
                                body=ast.Constant(None), orelse=starts)))
            take = _method("atake" if self.is_async else "take",
                           _name(_handle(site)), _name(k), _thunk(site))
            self.replace[id(site.node)] = ast.Await(value=take) if self.is_async else take
        node.iter = ast.Call(func=_name("enumerate"), args=[ast.IfExp(
            test=ast.Compare(left=_name(items), ops=[ast.Is()], comparators=[ast.Constant(None)]),
            body=_name(src), orelse=_name(items))], keywords=[])
        node.target = ast.Tuple(elts=[_name(k, store=True), node.target], ctx=ast.Store())
        node.body = [self._replace_in(s) for s in node.body]
        out.append(node)
        return out

    def _replace_in(self, stmt: ast.stmt) -> ast.stmt:
        replace, touches = self.replace, self.touches

        class Sub(ast.NodeTransformer):
            def visit(self, n: ast.AST) -> Any:
                hit = replace.get(id(n))
                if hit is not None:
                    return hit
                return super().visit(n) if touches(n) else n

        return Sub().visit(stmt)

    def _comp(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> Any:
        sites = self.plan.comps.get(id(node))
        if not sites:
            return self.generic_visit(node)
        names = set().union(*(target_names(g.target) for g in node.generators))
        targets = ast.Tuple(elts=[_load(g.target) for g in node.generators], ctx=ast.Load())
        starts = ast.Tuple(elts=[_method(self.start, ast.Constant(s.id), _thunk(s, names),
                                         _guards(s, self.locals | names, names),
                                         ast.Constant(s.crosses_writes))
                                 for s in sites], ctx=ast.Load())
        phase1 = ast.GeneratorExp(elt=ast.Tuple(elts=[targets, starts], ctx=ast.Load()),
                                  generators=node.generators)
        collect = _method("collect", ast.Lambda(args=_no_args(), body=phase1))
        for s in sites:
            self.replace[id(s.node)] = _take(s, _name(_handle(s)), self.is_async)
        store_targets = ast.Tuple(
            elts=[g.target for g in node.generators], ctx=ast.Store())
        store_handles = ast.Tuple(elts=[_name(_handle(s), store=True) for s in sites],
                                  ctx=ast.Store())
        gen = ast.comprehension(target=ast.Tuple(elts=[store_targets, store_handles],
                                                 ctx=ast.Store()),
                                iter=collect, ifs=[], is_async=0)
        if isinstance(node, ast.DictComp):
            return ast.DictComp(key=self._replace_expr(node.key),
                                value=self._replace_expr(node.value), generators=[gen])
        return type(node)(elt=self._replace_expr(node.elt), generators=[gen])

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
    ``__context__`` the plain code would not have given it.
    """
    err = f"__ember_err{site.id}"
    return [
        ast.Assign(targets=[_name(err, store=True)], value=ast.Constant(None)),
        ast.Try(body=region, handlers=[ast.ExceptHandler(
            type=_name("Exception"), name="__ember_e",
            body=[ast.Assign(targets=[_name(err, store=True)], value=_name("__ember_e"))])],
            orelse=[], finalbody=[]),
        ast.If(test=ast.Compare(left=_name(err), ops=[ast.IsNot()],
                                comparators=[ast.Constant(None)]),
               body=[_step("settle", _name(_handle(site)), is_async),
                     ast.Raise(exc=_name(err), cause=None)], orelse=[]),
    ]


def _locate(node: ast.AST, touches: Callable[[ast.AST], bool], lineno: int = 1, col: int = 0,
            end_lineno: int = 1, end_col: int = 0) -> None:
    """`ast.fix_missing_locations(node)`: a node made by the rewrite takes the location of
    the nearest node above it that has one. Parts of the parsed tree the rewrite left as
    they were have every location already, and are not walked."""
    fields = node._attributes
    if "lineno" in fields:
        if not hasattr(node, "lineno"):
            node.lineno = lineno  # type: ignore[attr-defined]
        else:
            lineno = node.lineno  # type: ignore[attr-defined]
    if "end_lineno" in fields:
        if getattr(node, "end_lineno", None) is None:
            node.end_lineno = end_lineno  # type: ignore[attr-defined]
        else:
            end_lineno = node.end_lineno  # type: ignore[attr-defined]
    if "col_offset" in fields:
        if not hasattr(node, "col_offset"):
            node.col_offset = col  # type: ignore[attr-defined]
        else:
            col = node.col_offset  # type: ignore[attr-defined]
    if "end_col_offset" in fields:
        if getattr(node, "end_col_offset", None) is None:
            node.end_col_offset = end_col  # type: ignore[attr-defined]
        else:
            end_col = node.end_col_offset  # type: ignore[attr-defined]
    for child in children(node):
        if touches(child):
            _locate(child, touches, lineno, col, end_lineno, end_col)


def _no_args() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                         kwarg=None, defaults=[])


def compile_plan(plan: Plan, runtime: Any, state: Any) -> Callable[..., Any]:
    """Return a new function equal in meaning to `plan.facts.func`, running the plan."""
    facts = plan.facts
    assert facts is not None
    func = facts.func
    tree = facts.tree
    marks = facts.index.numbers([n for s in plan.sites for n in (s.node, s.stmt, s.before) if n])

    def touches(node: ast.AST) -> bool:
        """May the rewrite change something in `node`? (Not when no site is in it.)"""
        return facts.index.holds(node, marks)

    rewriter = _Rewriter(plan, touches)
    fake = ast.Module(body=[ast.If(test=ast.Constant(True), body=tree.body, orelse=[])],
                      type_ignores=[])
    rewriter.generic_visit(fake)
    body = fake.body[0].body  # type: ignore[attr-defined]
    close: ast.expr = _method("aclose" if facts.is_async else "close")
    if facts.is_async:
        close = ast.Await(value=close)
    tree.body = [
        ast.Assign(targets=[_name(FRAME, store=True)],
                   value=ast.Call(func=_name("__ember_frame"), args=[], keywords=[])),
        ast.Try(body=body, handlers=[], orelse=[], finalbody=[ast.Expr(value=close)]),
    ]
    tree.decorator_list = []
    name = tree.name
    tree.name = "__ember_inner"  # a factory-local `name` would capture recursive calls
    freevars = func.__code__.co_freevars
    factory = ast.FunctionDef(
        name="__ember_factory",
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=a) for a in
                                                  ("__ember_frame", *freevars)],
                           vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=[tree, ast.Return(value=_name("__ember_inner"))], decorator_list=[], returns=None,
        type_params=[])
    module = ast.Module(body=[factory], type_ignores=[])
    _locate(module, touches)
    code = compile(module, facts.filename, "exec", dont_inherit=True)
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    inner = next(c for c in factory_code.co_consts
                 if isinstance(c, types.CodeType) and c.co_name == tree.name)
    inner = inner.replace(co_name=name, co_qualname=func.__code__.co_qualname)
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
