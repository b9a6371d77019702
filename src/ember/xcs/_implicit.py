"""Calls Python makes implicitly, as calls: an implicit call is a call.

``with Transaction():`` runs ``__exit__`` as surely as ``t.close()`` runs ``close``; a
``for`` over a generator runs the generator's body; ``store[k] = v`` runs ``__setitem__``,
``s.mode = v`` a property's setter, ``del x`` a finaliser. For each node that makes Python
call a method of an operand, `implicit_calls` gives the effect that method would have if
it were called explicitly (a `CallFact`), resolved on the operand's type:

- the registry's rule for the type's method (a file's ``__exit__`` closes it: a write of
  the file; a DB connection's commits);
- a Python function: its summary, as for any helper (a generator's steps: its body);
- a builtin slot of a builtin container (``list``, ``dict``, ``str``, ...): pure;
- anything else, and an operand whose type is not known: unknown (a barrier).

The type comes from what the analysis knows before the call runs: literals and
comprehensions, the types of locals (`_infer`), a rule's `returns`, a class constructed
in place, and, for a parameter or a global, the type of the value it holds when the plan
is made (a guard). A library object made in a ``with`` item by a call whose rule is pure
or a read (``requests.Session()``, ``open(p)`` to read) is entered and closed by that
block alone: closing it changes nothing another call sees.

Operations every line makes (a truth test's ``__bool__``, an operator's ``__add__``,
``__str__`` of a value shown, ``len``, a getter or setter, also through ``getattr`` or
``setattr``, ``__getitem__``, a metaclass's ``__instancecheck__``) count where the method
is the user's own code (`_whose.users`); a library's class and a type not known are data.

Not covered (docs/jit.md): ``__hash__`` of keys other than an item's (``d[k]``) or a
display's, stores to a loop's or a ``with``'s targets, the finalisers of a container's
items, objects dropped by rebinding a name to another (storing a constant or an empty
display, ``t = None``, is taken to drop one: a barrier), and the operations above on
values whose type is not known.
"""

from __future__ import annotations

import ast
import builtins
import collections
import contextlib
import functools
import inspect
import itertools
import types
from typing import Any

from ember.xcs import _drops, _dunders, _imports, _summary
from ember.xcs._containers import CONSUMING
from ember.xcs._effects import Data, Kind, Rule, classify, has_type_rules, rule_for_call
from ember.xcs._index import TreeIndex, operands
from ember.xcs._listed import SEARCHES, Listed, is_builtin
from ember.xcs._patterns import matched
from ember.xcs._plain import hashable
from ember.xcs._resolve import MISSING, Resolver, static_args, static_attr
from ember.xcs._whose import users, users_class

__all__ = ["implicit_calls"]

_CallFact = Any  # `_summary.CallFact` (imported late: `_summary` uses this module)

# Consumers: calling them walks an iterable argument (given by position) right away.
_FIRST = (0,)
# Wrappers: walking what they make walks these arguments (map's function is checked by
# `_handed.higher_order`).
_LAZY_ARGS: dict[Any, tuple[int, ...] | None] = {
    enumerate: _FIRST, reversed: _FIRST, iter: _FIRST, filter: (1,), zip: None,
    map: None, itertools.chain: None, itertools.islice: _FIRST, itertools.starmap: (1,),
    itertools.zip_longest: None, itertools.compress: None, itertools.pairwise: _FIRST,
    itertools.takewhile: (1,), itertools.dropwhile: (1,), itertools.filterfalse: (1,),
    itertools.accumulate: _FIRST, itertools.groupby: _FIRST,
}
_CONSUMERS: dict[Any, tuple[int, ...]] = {
    **dict.fromkeys((list, tuple, set, frozenset, dict, sorted, sum, any, all, next,
                     bytearray, str.join, bytes.join), _FIRST), **CONSUMING,
}
_ENTERS = {ast.With: ("__enter__", "__exit__"), ast.AsyncWith: ("__aenter__", "__aexit__")}
# The code of every `contextlib.contextmanager` wrapper: calling one makes a context
# manager that walks the generator function it wraps.
_CONTEXT_CODE = contextlib.contextmanager(lambda: (yield)).__code__  # type: ignore[arg-type,misc]


def implicit_calls(index: TreeIndex, resolver: Resolver, owner: type | None = None
                   ) -> dict[int, _CallFact]:
    """The implicit calls of a function's own scope, each node's (a `with`, a `for`, an
    assignment or ``del``, a call that walks an iterable) as one fact, by the node's id; a
    pure one only guards. `owner`: the class of the method (the first parameter's type)."""
    finder = _Finder(index, resolver, owner)
    out: dict[int, _CallFact] = {}
    for node in index.find(index.root, _NODES):
        found = finder.of(node)
        if found:
            fact = _dunders.strongest(found)
            if fact.kind is not Kind.PURE or fact.raises:
                out[id(node)] = fact
            else:  # (what took it for pure still guards what is built on it)
                resolver.guards.extend(fact.guards)
    return {**out, **_imports.import_facts(index, resolver)}  # (what an import runs)


_NODES = (ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.comprehension, ast.Call, ast.Match,
          ast.Starred, ast.YieldFrom, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete,
          ast.Attribute, ast.If, ast.While, ast.IfExp, ast.Assert, ast.BoolOp, ast.UnaryOp,
          ast.BinOp, ast.Compare, ast.FormattedValue, ast.Subscript, ast.Set, ast.Dict)
# The nodes whose implicit calls are a dunder of one operand's type (see `_Finder.dunders`).
_TESTED = (ast.If, ast.While, ast.IfExp, ast.Assert)


class _Finder:
    """The implicit calls of one node, from what `resolver` knows of its operands."""

    def __init__(self, index: TreeIndex, resolver: Resolver, owner: type | None) -> None:
        self.index = index
        self.resolver = resolver
        self.owner = owner
        self._origins: dict[str, Any] = {}

    # (What the walks below find is asked for by few functions: each made when needed.)

    @functools.cached_property
    def stores(self) -> list[str]:
        """Every name bound (or deleted) in the body, once per binding."""
        return [n.id for n in self.index.find(self.index.root, ast.Name)  # type: ignore[attr-defined]
                if not isinstance(n.ctx, ast.Load)]  # type: ignore[attr-defined]

    @functools.cached_property
    def rebound(self) -> set[str]:
        """Names bound in the body: a parameter's value there may not be the one it had."""
        return set(self.stores)

    @functools.cached_property
    def packed(self) -> dict[str, type]:
        """``*args`` (a tuple), ``**kw`` (a dict) and a method's ``self`` (`_dunders.owner_of`)."""
        args = getattr(self.index.root, "args", None)
        out = {a.arg: t for a, t in ((getattr(args, "vararg", None), tuple),
                                     (getattr(args, "kwarg", None), dict))
               if a is not None and a.arg not in self.rebound}
        first = [*args.posonlyargs, *args.args][:1] if args is not None else []
        if self.owner is not None and first and first[0].arg not in self.rebound:
            out[first[0].arg] = self.owner  # (``cls``: the class's type)
        return out

    @functools.cached_property
    def items(self) -> dict[str, ast.AST]:
        """Loop variables bound nowhere else, with what they walk: ``for row in rows``."""
        stores = self.stores
        return {t.id: n.iter for n in self.loops  # type: ignore[attr-defined]
                if isinstance(t := n.target, ast.Name)  # type: ignore[attr-defined]
                and stores.count(t.id) == 1}

    @functools.cached_property
    def loops(self) -> list[ast.AST]:  # (for statements and comprehensions' fors)
        return self.index.find(self.index.root, (ast.For, ast.comprehension))

    @functools.cached_property
    def only_walked(self) -> set[str]:
        """Names mentioned only as what a loop walks (nothing else can change their items)."""
        walked = [n.iter.id for n in self.loops if isinstance(n.iter, ast.Name)]  # type: ignore[attr-defined]
        mentioned = [n.id for n in self.index.find(self.index.root, ast.Name, nested=True)]  # type: ignore[attr-defined]
        return {n for n in walked if mentioned.count(n) == walked.count(n)}

    @functools.cached_property
    def values(self) -> dict[str, list[ast.AST]]:
        """Locals bound only by ``name = value``, with their values (see `origin`)."""
        out: dict[str, list[ast.AST]] = {}
        for n in self.index.find(self.index.root, (ast.Assign, ast.AnnAssign)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]  # type: ignore[attr-defined]
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and n.value is not None:  # type: ignore[attr-defined]
                out.setdefault(targets[0].id, []).append(n.value)  # type: ignore[attr-defined]
        stores = self.stores
        return {k: v for k, v in out.items() if stores.count(k) == len(v)}

    @functools.cached_property
    def nested_defs(self) -> set[str]:
        return {d.name for d in self.index.find(  # type: ignore[attr-defined]
            self.index.root, (ast.FunctionDef, ast.AsyncFunctionDef))}

    @functools.cached_property
    def listed(self) -> Listed:
        return Listed(self.index, is_builtin(self.resolver.name), self.stores)

    def of(self, node: ast.AST) -> list[_CallFact]:
        kind = type(node)
        operation = _IS_OPERATION.get(kind)
        if operation is None:  # (asked once per node type: most nodes here are operations)
            operation = _IS_OPERATION[kind] = issubclass(kind, _OPERATIONS)
        if operation:
            return self.dunders(node)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            enter, leave = _ENTERS[type(node)]
            return [f for item in node.items for f in self.context(item.context_expr, enter, leave)]
        if isinstance(node, ast.AsyncFor) or (isinstance(node, ast.comprehension)
                                               and node.is_async):
            return self.methods(node.iter, ("__aiter__", "__anext__"))
        if isinstance(node, (ast.For, ast.comprehension)):
            return self.walk(node.iter)
        if isinstance(node, ast.Call):  # (``f(**record)`` runs its ``keys`` and items)
            return [*self.applied(node), *self.consumed(node), *_drops.by_method(self, node), *(
                f for k in node.keywords if k.arg is None for f in self.spread(k.value))]
        if isinstance(node, ast.Match):
            return [f for case in node.cases for f in matched(self, node.subject, case.pattern)]
        if isinstance(node, ast.YieldFrom):  # (in a generator's body: its steps)
            return self.walk(node.value)
        if isinstance(node, ast.Starred):
            return [] if isinstance(node.ctx, ast.Store) else self.walk(node.value)
        if isinstance(node, ast.Delete):
            return [f for t in node.targets for f in self.store(t, delete=True)]
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return []  # (an annotation alone stores nothing)
        if isinstance(node, ast.AugAssign):  # ``c += 2``: ``__iadd__``, else ``__add__``
            op = _dunders.BINARY[type(node.op)]
            walks = isinstance(node.op, ast.Add) and self.type_of(node.target) in _EXTENDED
            return [*self.user(node.target, f"__i{op}__", f"__{op}__"), *(  # (``d[k] += 1``)
                        _dunders.default_made(self, node.target.value) if isinstance(
                            node.target, ast.Subscript) else ()),
                    *(self.walk(node.value) if walks else ()),  # (``out += map(f, xs)``)
                    *self.store(node.target, value=node.value)]
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
        unpacked = any(isinstance(t, (ast.Tuple, ast.List)) for t in targets) and not isinstance(
            node.value, (ast.Tuple, ast.List))  # type: ignore[attr-defined]
        return [*(self.walk(node.value) if unpacked else ()),  # type: ignore[attr-defined]
                *(f for t in targets for f in self.store(t, value=node.value))]  # type: ignore[attr-defined]

    def dunders(self, node: ast.AST) -> list[_CallFact]:
        """A test's ``__bool__``, an operator's method, a formatted value's ``__format__``,
        an attribute load's getter, an item load's ``__getitem__``: where the operand's type
        is the user's class."""
        if isinstance(node, _TESTED):
            return self.truth(node.test)  # type: ignore[attr-defined]
        if isinstance(node, ast.BoolOp):
            return [f for v in node.values[:-1] for f in self.truth(v)]
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return self.truth(node.operand)
            return self.user(node.operand, _dunders.UNARY[type(node.op)])
        if isinstance(node, ast.BinOp):
            op = _dunders.BINARY[type(node.op)]
            out = [*self.user(node.left, f"__{op}__"), *self.user(node.right, f"__r{op}__")]
            # (an operand of a type not known may be of the other's class: its method too)
            if self.type_of(node.left) is None:
                out += self.user(node.right, f"__{op}__")
            if self.type_of(node.right) is None:
                out += self.user(node.left, f"__r{op}__")
            if isinstance(node.op, ast.Mod) and self.type_of(node.left) in (str, Data):
                # ``"%s, %r" % (a, b)``: each value's __str__, __repr__ or number slot
                values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
                out += [f for v in values
                        for f in (*self.every(v, _dunders.PERCENT), *self.shown(v, ()))]
                out += self.user(node.right, "__getitem__")  # (``"%(a)s" % record``)
            return out
        if isinstance(node, ast.Compare):
            out, left = [], node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                if isinstance(op, (ast.In, ast.NotIn)):  # (without __contains__: a walk)
                    out += self.user(right, "__contains__") or self.stepped(right)
                    if self.type_of(right) in (None, *_dunders.CONTAINERS):  # (a search
                        out += self.every(left, ("__hash__", "__eq__"))  # of its items)
                    if held := self.listed.items(right):  # ``x in [a, b]``, ``x in tags``
                        out += [f for e in (left, *held) for f in self.user(e, "__eq__")]
                elif not isinstance(op, (ast.Is, ast.IsNot)):
                    out += [*self.user(left, _dunders.COMPARE[type(op)]),
                            *self.every(right, ("__eq__", _dunders.REFLECTED[type(op)])),
                            *(f for e in (*self.listed.items(left), *self.listed.items(right))
                              for f in self.user(e, "__eq__", _dunders.COMPARE[type(op)]))]
                left = right
            return out
        if isinstance(node, (ast.Set, ast.Dict)):  # a display hashes its items (keys)
            keys = node.elts if isinstance(node, ast.Set) else node.keys
            spread = [v for k, v in zip(node.keys, node.values, strict=True) if k is None] if (
                isinstance(node, ast.Dict)) else []  # (``{**record}``)
            return [*(f for k in keys if k is not None and type(k) is not ast.Constant
                      for f in self.every(k, ("__hash__", "__eq__"))),
                    *(f for v in spread for f in self.spread(v))]
        if isinstance(node, ast.FormattedValue):
            names = ("__repr__",) if node.conversion in (_dunders.REPR, _dunders.ASCII) else (
                ("__str__", "__repr__") if node.conversion == _dunders.STR else ("__format__", "__str__", "__repr__"))
            return self.shown(node.value, names)
        if not isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
            return []  # (stores: `store`)
        if isinstance(node, ast.Subscript):  # (and an index's __index__, a key's __hash__)
            parts = ([p for p in (node.slice.lower, node.slice.upper, node.slice.step) if p]
                     if isinstance(node.slice, ast.Slice) else [node.slice])
            return [*self.user(node.value, "__getitem__"),  # (a dict's calls `__missing__`
                    *self.user(node.value, "__missing__"),  # for a key it does not hold)
                    *_dunders.default_made(self, node.value),
                    *(f for p in parts for f in self.user(p, "__index__", "__hash__")),
                    *_dunders.class_item(self.value(node.value))]
        return self.load(node)  # type: ignore[arg-type]

    def every(self, node: ast.AST, names: tuple[str, ...]) -> list[_CallFact]:
        """Each of the dunders `names` of `node`'s type that is the user's code (a value a
        format may convert by any of them)."""
        return [f for name in names for f in self.user(node, name)]

    def shown(self, node: ast.AST, names: tuple[str, ...]) -> list[_CallFact]:
        """Converting `node` to text by the first of `names` it has: a display's items are
        shown by their ``__repr__`` (``print([Row(...)])``, ``f"{(a, b)}"``)."""
        if isinstance(node, ast.Dict):
            return [f for e in (*node.keys, *node.values) if e is not None
                    for f in self.shown(e, ("__repr__",))]
        items = self.listed.items(node)  # (a display's, or a local list's: ``print(rows)``)
        return [f for e in items for f in self.shown(e, ("__repr__",))] if items else (
            self.user(node, *names))

    def spread(self, node: ast.AST) -> list[_CallFact]:
        """``**node``: a mapping's ``keys``, then each key's ``__getitem__``."""
        return [*self.user(node, "keys"), *self.user(node, "__getitem__")]

    def truth(self, test: ast.AST) -> list[_CallFact]:
        """Testing `test`'s truth: ``__bool__``, else ``__len__``."""
        return self.user(test, "__bool__", "__len__")

    def user(self, node: ast.AST, *names: str, seen: frozenset[str] = frozenset()
             ) -> list[_CallFact]:
        """The first of the dunders `names` of `node`'s type that is the user's code (or an
        operator a rule speaks of); none for a builtin's, a library's or a type not known."""
        t = self.type_of(node)
        if t is None and isinstance(node, ast.Name) and node.id in self.items and (
                node.id not in seen):  # (``for t in tags``; items that name the loop's own)
            return [f for e in self.listed.items(self.items[node.id])
                    for f in self.user(e, *names, seen=seen | {node.id})]
        yours = _dunders.items_of_yours(t, self.value(node), names) if t and names else None
        if yours is not None:  # (an argument's container, when it runs: its items' dunders)
            return [yours]
        if t is None or t in _dunders.CONTAINERS:
            return []
        for name in names:
            attr = static_attr(t, name, MISSING)
            if attr is MISSING or attr is _dunders.OBJECT.get(name):
                continue  # (object's own __format__ calls __str__, its __str__ __repr__)
            fn = attr.__func__ if isinstance(attr, (staticmethod, classmethod)) else attr
            if getattr(fn, "__module__", "") == "functools" and "_from_" in fn.__qualname__:
                root = f"__{fn.__qualname__.rsplit('_from_', 1)[1]}__"  # (`total_ordering`'s)
                return [*self.user(node, root), *self.user(node, "__eq__")]
            return [_dunders.method(t, name)] if users(fn) or _dunders.ruled_operator(
                t, name) else []
        return []

    def load(self, node: ast.Attribute) -> list[_CallFact]:
        """Loading ``obj.attr`` (`_dunders.got_off_instance`), or ``Cls.attr`` and
        ``module.attr`` off a class or a module the program names (`got_off_object`)."""
        owner = self.value(node.value)
        if isinstance(owner, (type, types.ModuleType)):
            return _dunders.got_off_object(owner, node.attr)
        t = self.type_of(node.value)
        if t is None:  # (an item of a display the function built: each item's getter)
            return [f for k in self.item_types(node.value)
                    for f in _dunders.got_off_instance(k, node.attr)]
        return _dunders.got_off_instance(t, node.attr)

    def item_types(self, node: ast.AST) -> set[type]:
        """The known types of the items `node` may be: ``objs[k]`` of a display the function
        built (``objs = [Conn(a), Conn(b)]``), or a loop's variable walking one."""
        if isinstance(node, ast.Subscript):
            items = self.listed.items(node.value)
        elif isinstance(node, ast.Name) and node.id in self.items:
            items = self.listed.items(self.items[node.id])
        else:
            return set()
        return {k for e in items if (k := self.type_of(e)) is not None}

    # -- operands --------------------------------------------------------------------------

    def value(self, node: ast.AST) -> Any:
        """The object `node` names when the plan is made, for a parameter not rebound, a
        global or an attribute reached from either (the resolver keeps the guards)."""
        r = self.resolver
        if isinstance(node, ast.Name):
            if node.id in self.rebound or (node.id in r.local_names and node.id not in r.bound):
                return MISSING
            return r.name(node.id)
        if isinstance(node, ast.Attribute) and r.value_type(node.value) is None:
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            owner = self.value(base) if isinstance(base, ast.Name) else MISSING
            if r.path(node) is not None or isinstance(owner, (types.ModuleType, type)):
                return r.expr(node)  # (guarded: reached from an argument, or a module's)
        return MISSING

    def type_of(self, node: ast.AST) -> type | None:
        t = self.resolver.value_type(node)
        if t is not None:
            return t
        value = self.value(node)
        if value is not MISSING:
            return type(value)
        if isinstance(node, ast.Name):
            return self.packed.get(node.id) or self.item_type(node.id)
        return None

    def item_type(self, name: str) -> type | None:
        """The type of a loop variable walking a list or tuple argument whose items all
        have one type when the plan is made (kept as a guard checked at every call)."""
        source = self.items.get(name)
        if not isinstance(source, ast.Name) or source.id not in self.resolver.bound or (
                source.id not in self.only_walked):
            return None
        seq = self.value(source)
        if type(seq) not in (list, tuple) or not 0 < len(seq) <= _MAX_ITEMS:
            return None
        t = type(seq[0])
        if any(type(x) is not t for x in seq):
            return None
        self.resolver.guards.append(("items", source.id, t))
        return t

    def callee(self, call: ast.Call) -> Any:
        return self.resolver.expr(call.func)

    # -- what each kind of node runs --------------------------------------------------------

    def walk(self, node: ast.AST) -> list[_CallFact]:
        """What walking the iterable `node` runs (its ``__iter__`` and ``__next__``)."""
        if isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
            return []  # (its own calls and walks are counted where they are)
        if isinstance(node, ast.Call):
            callee = self.callee(node)
            lazy = _LAZY_ARGS.get(callee, ()) if hashable(callee) else ()
            if lazy != ():
                args = node.args if lazy is None else [node.args[k] for k in lazy
                                                        if k < len(node.args)]
                if any(isinstance(a, ast.Starred) for a in args):
                    return [_dunders.unknown(f"{ast.unparse(node)} walks arguments not known")]
                names = self.applies(node.args[0]) if callee in (map, filter) and (
                    node.args) else ()  # (``map(str, tags)``: each item's __str__)
                each = _dunders.called_per_item(node.args[0], self.resolver, self.nested_defs) if (
                    callee in (map, filter) and node.args) else []
                return [*each, *(f for a in args for f in self.walk(a)),
                        *(f for a in node.args[1:] for e in self.listed.items(a)
                          for f in self.every(e, names))]
            steps = self.steps(callee)
            if steps is not None:
                return [steps]
            if _dunders.builtin_view(callee):
                return []  # ``d.items()``, ``d.keys()``, ``lst.copy()``
        if isinstance(node, ast.Name) and node.id in self.values:  # ``gen = pages(u)``
            made = [self.steps(self.callee(v)) if isinstance(v, ast.Call) else None
                    for v in self.values[node.id]]
            if all(m is not None for m in made):
                return made  # type: ignore[return-value]
        found = self.origin(node) if self.resolver.value_type(node) is None else None
        if isinstance(found, Rule):
            return [_summary.CallFact(Kind.READ, f"walks what a read gave: {found.reason}",
                                      found.resource)]
        return self.methods(node, ("__iter__", "__next__"))

    def origin(self, node: ast.AST) -> Rule | None:
        """A library read's rule for the value it returned, when that says what walking it
        runs (an SDK's page or stream: walking it reads more of the same)."""
        if isinstance(node, ast.Name):
            if node.id not in self.values:
                return None
            if node.id not in self._origins:
                self._origins[node.id] = None  # (a value made from itself: not known)
                found = [self.origin(v) for v in self.values[node.id]]
                same = all(f == found[0] for f in found)
                self._origins[node.id] = found[0] if same else None
            return self._origins[node.id]
        if not isinstance(node, ast.Call):
            return None
        callee = self.callee(node)
        if callee is MISSING:
            return None
        if isinstance(callee, (types.FunctionType, types.MethodType)) and classify(callee) is None:
            return None  # (the user's own function: it may return anything)
        rule = rule_for_call(callee, *static_args(node, self.resolver))
        return rule if rule is not None and rule.kind is Kind.READ else None

    def steps(self, callee: Any) -> _CallFact | None:
        """What walking the generator a call of generator function `callee` makes runs."""
        fn = callee.__func__ if isinstance(callee, types.MethodType) else callee
        if not isinstance(fn, types.FunctionType) or not fn.__code__.co_flags & (
                inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR):
            return None
        bound = {"self": callee.__self__} if isinstance(callee, types.MethodType) else None
        return _summary.generator_steps(fn, bound)

    def methods(self, node: ast.AST, names: tuple[str, str]) -> list[_CallFact]:
        """``__iter__`` then ``__next__`` (or their async pair) on `node`'s type."""
        t = self.type_of(node)
        if t is None:
            return [_dunders.unknown(f"walks {ast.unparse(node)}, whose type is not known")]
        if t is Data:
            return []  # (a dict, list or str JSON decoded, or a view of one)
        return _dunders.walk_type(t, names)

    def consumed(self, call: ast.Call) -> list[_CallFact]:
        """A call of a builtin that walks its argument now: ``list(gen)``, ``next(it)``,
        ``"".join(parts)``, ``out.extend(xs)``; or converts it: ``print(obj)``, ``str(obj)``
        and ``len(obj)`` run its ``__str__`` and ``__len__``."""
        if not isinstance(call.func, (ast.Name, ast.Attribute)):
            return []
        names = _dunders.CONVERTERS.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if names and self.callee(call) is getattr(builtins, call.func.id):  # type: ignore[union-attr]
            shown = call.args if call.func.id == "print" else call.args[:1]  # type: ignore[union-attr]
            return [f for a in shown if not isinstance(a, ast.Starred)
                    for f in self.shown(a, names) or (
                        self.stepped(a) if call.func.id == "bytes" else [])]  # type: ignore[union-attr]
        if (isinstance(call.func, ast.Attribute) and call.func.attr in _dunders.FORMATS
                and self.type_of(call.func.value) in (str, Data)):  # ``"{}".format(a)``
            values = [*call.args, *(k.value for k in call.keywords)]
            return [f for v in values if not isinstance(v, ast.Starred)  # (``{0[a]}``: items)
                    for f in (*self.every(v, _dunders.FORMATTED), *self.user(v, "__getitem__"))]
        if (isinstance(call.func, ast.Attribute) and call.func.attr not in _CONSUMER_METHODS
                or isinstance(call.func, ast.Name) and call.func.id not in _CONSUMER_NAMES):
            return self.compiled_walks(call)
        callee = self.callee(call)
        if isinstance(callee, types.BuiltinMethodType) and not isinstance(
                callee.__self__, types.ModuleType):
            callee = getattr(type(callee.__self__), callee.__name__, None)  # "".join: str.join
        if not hashable(callee) or callee not in _CONSUMERS:
            return self.compiled_walks(call)
        if callee in (min, max, dict) and len(call.args) != 1:
            return []  # (several values compared, or a dict of keywords: nothing walked)
        args = [call.args[k] for k in _CONSUMERS[callee] if k < len(call.args)]
        # (A starred argument is walked as a `Starred` node of its own.)
        return [f for a in args if not isinstance(a, ast.Starred) for f in self.walk(a)]

    def applied(self, call: ast.Call) -> list[_CallFact]:
        """A builtin that calls a dunder of each argument (``divmod``, ``range``,
        ``math.floor``) or of each item of a display it is handed (``max(a, b)``,
        ``sorted([a, b])``, ``set([a, b])``, ``sum([a, b], start)``): where the type is the
        user's class."""
        callee = self.callee(call)
        if callee is type and len(call.args) == 3:  # (a class made: as a class statement)
            return [_dunders.unknown("type(name, bases, namespace) makes a class")]
        if callee in _dunders.BY_NAME and len(call.args) >= 2:  # (a getter, setter, check)
            return _dunders.by_name(callee, call.args, self.type_of, self.value)
        key = next((k.value for k in call.keywords if k.arg == "key"), None)
        return [*self.keyed(call, callee, key), *self._applied(call, callee, key)]

    def keyed(self, call: ast.Call, callee: Any, key: ast.expr | None) -> list[_CallFact]:
        """A ``key=`` a builtin or a container's ``sort`` calls for each item: what it runs
        (`_dunders.called_per_item`), and what it may run of items of your class."""
        if key is None or not (getattr(callee, "__module__", None) == "builtins" or isinstance(
                call.func, ast.Attribute) and self.type_of(call.func.value) in _dunders.CONTAINERS):
            return []
        return [*_dunders.called_per_item(key, self.resolver, self.nested_defs), *(
            f for a in call.args for e in self.listed.items(a)  # (``lambda d: d.score``)
            if (t := self.type_of(e)) is not None and t not in _dunders.CONTAINERS
            and users_class(t) for f in _dunders.own_methods(t, implicit=True))]

    def _applied(self, call: ast.Call, callee: Any, key: ast.expr | None) -> list[_CallFact]:
        on_args = _dunders.ON_ARGUMENTS.get(callee) if hashable(callee) else None
        on_items = _dunders.ON_ITEMS.get(callee) if hashable(callee) else None
        values = [a for a in [*call.args, *(k.value for k in call.keywords)]
                  if not isinstance(a, ast.Starred)]
        if on_args:
            return [f for a in values for f in self.every(a, on_args)]
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in SEARCHES:  # ``tags.index(x)``
            return [f for e in [*self.listed.items(func.value), *call.args[:1]]
                    for f in self.every(e, SEARCHES[func.attr])]
        if not on_items:
            return self.handed(callee, values)
        items = [e for a in call.args for e in (  # (``max(*hits)``: each of its items)
            self.listed.items(a.value) if isinstance(a, ast.Starred) else self.listed.items(a)
            or [a])]
        return [f for e in items for f in (*self.every(e, on_items),
                                           *self.every(e, self.applies(key)))]

    def handed(self, callee: Any, values: list[ast.expr]) -> list[_CallFact]:
        """A library's function with a rule (``urlencode``, ``textwrap.fill``, ``json.dumps``)
        may run code of yours it is handed, or that a display handed holds (`_dunders.handed`).
        A helper of yours may run what Python calls implicitly of an object of your class it
        is handed, or made from one by an operator: its body takes their types as not known."""
        if users(getattr(callee, "__func__", callee)):
            return [f for v in values for e in operands(v) if (t := self.type_of(e)) is not None
                    for f in _dunders.run_by_helper(t, self.value(e))]
        owner = getattr(callee, "__self__", None)
        if classify(callee) is None or getattr(callee, "__module__", None) == "builtins" or (
                owner is not None and type(owner) in _dunders.CONTAINERS):
            return []  # (the builtins' own, and methods of data, each say what they call)
        items = [e for v in values for e in self.listed.nested(v)]
        return [f for e in items for f in _dunders.handed(
            self.resolver.expr(e) if isinstance(e, (ast.Name, ast.Attribute)) else None,
            self.type_of(e), isinstance(e, ast.Lambda) or getattr(e, "id", "") in self.nested_defs)]

    def applies(self, fn: ast.AST | None) -> tuple[str, ...]:
        """The dunders a builtin handed as a function (``key=len``, ``map(str, ...)``)
        runs of each item: a converter's (`_dunders.CONVERTERS`)."""
        if isinstance(fn, ast.Constant) and fn.value is None:
            return _dunders.CONVERTERS["bool"]  # (``filter(None, xs)``: each item's truth)
        if not (isinstance(fn, ast.Name) and fn.id in _dunders.CONVERTERS and fn.id != "print"):
            return ()
        return _dunders.CONVERTERS[fn.id] if self.resolver.expr(fn) is getattr(builtins, fn.id) else ()

    def compiled_walks(self, call: ast.Call) -> list[_CallFact]:
        """A compiled library callable (``collections.deque``, ``math.fsum``,
        ``dict.fromkeys``, ``array.array``) may walk any iterable it is given: the steps of
        each argument known to run code when walked (`stepped`). Its Python code, where it
        has some, is summarised instead, and the lazy wrappers walk nothing yet."""
        callee = self.callee(call)
        if callee is MISSING or isinstance(callee, (types.FunctionType, types.MethodType)) or (
                hashable(callee) and (callee in _LAZY_ARGS or callee in _NOT_WALKING)) or (
                isinstance(callee, type) and users_class(callee)):
            return []
        return [f for a in call.args if not isinstance(a, ast.Starred) for f in self.stepped(a)]

    def stepped(self, node: ast.AST) -> list[_CallFact]:
        """What walking `node` runs, where that is known to be code: a generator made by a
        generator function, a lazy wrapper of one, an object of the user's class with an
        ``__iter__``, a local bound to one of those. Other values walk as data here."""
        if isinstance(node, ast.Name):
            return [f for v in self.values.get(node.id, ()) for f in self.stepped(v)]
        if isinstance(node, ast.Call):
            callee = self.callee(node)
            if self.steps(callee) is not None or hashable(callee) and callee in _LAZY_ARGS:
                return self.walk(node)
        t = self.type_of(node)
        if t is not None and t not in _dunders.CONTAINERS and users_class(t) and (
                static_attr(t, "__iter__", MISSING) is not MISSING):
            return self.walk(node)
        return []

    def context(self, expr: ast.AST, enter: str, leave: str) -> list[_CallFact]:
        """Entering and leaving a ``with`` item's context manager."""
        if isinstance(expr, ast.Call):
            callee = self.callee(expr)
            if getattr(callee, "__code__", None) is _CONTEXT_CODE:
                wrapped = getattr(callee, "__wrapped__", None)  # @contextmanager
                steps = self.steps(wrapped)
                if steps is not None:
                    return [steps]
            if callee is contextlib.closing and len(expr.args) == 1:  # (its exit: ``close()``)
                return self.user(expr.args[0], "close")
            if _dunders.library_made(callee, expr, self.resolver):
                return []
        t = self.type_of(expr)
        if t is None:
            return [_dunders.unknown(f"enters {ast.unparse(expr)}, whose type is not known")]
        return [_dunders.method(t, enter), _dunders.method(t, leave)]

    def store(self, target: ast.AST, delete: bool = False,
              value: ast.AST | None = None) -> list[_CallFact]:
        """``x[k] = v`` (``__setitem__``), ``x.a = v`` (a setter, ``__setattr__``), and
        their ``del`` forms; ``del name`` drops an object (its finaliser may run)."""
        if isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(
                value.elts) == len(target.elts) else [None] * len(target.elts)
            return [f for e, v in zip(target.elts, values, strict=True)
                    for f in self.store(e, delete, v)]
        if isinstance(target, ast.Starred):
            return self.store(target.value, delete)
        if isinstance(target, ast.Name):
            return _drops.by_name(self, target, delete, value)
        if not isinstance(target, (ast.Subscript, ast.Attribute)):
            return []
        t = self.type_of(target.value)
        if t is None:
            what = ast.unparse(target)
            return [_dunders.unknown(f"{'del ' if delete else ''}{what}: the type of "
                             f"{ast.unparse(target.value)} is not known")]
        if isinstance(target, ast.Subscript):  # (``out[1:] = map(f, xs)`` walks it)
            walked = self.walk(value) if isinstance(target.slice, ast.Slice) and value else []
            return [*walked, *self.user(target.slice, "__hash__"),  # (a key of yours)
                    _dunders.method(t, "__delitem__" if delete else "__setitem__"),
                    *_drops.by_store(self, target, t, delete)]
        if not delete and _drops.dropping(value) and not (isinstance(value, ast.Constant) and (
                value.value is not None)) and isinstance(target, ast.Attribute) and users_class(t):
            return [_dunders.unknown(f"{ast.unparse(target)} = {ast.unparse(value)} drops what "
                                     "it held: its finaliser is not known")]
        if not delete and has_type_rules(t) and not _dunders.plain(value, target, self.type_of):
            return [_dunders.unknown(f"{ast.unparse(target)} = ...: what a library's "
                                     f"{t.__qualname__} holds may run on its calls")]
        return [_dunders.attribute_store(t, target.attr, delete)]


_EXTENDED = (list, bytearray, collections.deque)  # (``+=`` walks what it is given)
_OPERATIONS = (*_TESTED, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Compare, ast.FormattedValue,
               ast.Attribute, ast.Subscript, ast.Set, ast.Dict)
_IS_OPERATION: dict[type, bool] = {}  # node type -> is it one of `_OPERATIONS`


_CONSUMER_NAMES = frozenset({"list", "tuple", "set", "frozenset", "dict", "sorted", "sum",
                             "min", "max", "any", "all", "next", "bytearray", "nlargest",
                             "nsmallest"})
_CONSUMER_METHODS = frozenset({"join", *(m.__name__ for m in CONSUMING)})
# Builtins that take an object without walking it.
_NOT_WALKING = frozenset({id, type, isinstance, issubclass, callable, hasattr, getattr, setattr,
                          delattr, vars, dir, repr, ascii, str, format, hash, len, bool, print,
                          iter, object.__setattr__, list.append, list.insert, set.add})
_CONSUMERS.update(dict.fromkeys((min, max), _FIRST))

_MAX_ITEMS = 1000  # (a guard on items checks each at every call)
