"""Does calling an object run code of the user's that reads state a statement could change in place?

A helper's reads of globals do not show in its call (``configured_value(base, "k")`` reads
``CONFIG["prefix"]``; ``prefixed(base)`` reads a global str the caller rebinds;
``Conf.prefix`` is a class attribute): a call of it must not move across a statement that
changes them. `reads_state` says whether the helper's code, and the code of the helpers it
calls, loads anything but functions, classes, modules and immutable values (str, int,
tuples of them) from its globals or closure: a dict, a list, an object, a class's
attribute that is not a method, a module's attribute that holds such a value
(``os.environ``). Code it cannot see (an object with no rule whose type defines
``__call__``, a callee known only at run time) counts as reading. A name holding an
immutable value can only be rebound, which the caller sees for itself (a ``global`` or
``nonlocal`` it declares, a local a nested helper closes over: `Moves.changes_outside`).
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import dis
import functools
import inspect
import sys
import threading
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind, classify, declared
from ember.xcs._index import COMPREHENSIONS, LOOPS, TreeIndex, root_name
from ember.xcs._resolve import MISSING, Resolver, getter_of
from ember.xcs._stmt import changes_only
from ember.xcs._whose import users_class, users_file, written

if TYPE_CHECKING:
    from ember.xcs._summary import CallFact

__all__ = ["changed_globals", "fixed_value", "patches_a_library", "reads_attributes",
           "reads_state", "rebinds_nothing", "runs_user_code", "thread_local"]

_LOAD_GLOBAL, _LOAD_NAME = dis.opmap["LOAD_GLOBAL"], dis.opmap["LOAD_NAME"]
_ATTR = frozenset(dis.opmap[n] for n in ("LOAD_ATTR", "LOAD_METHOD") if n in dis.opmap)
_CACHE = dis.opmap["CACHE"]
# From 3.12 on, LOAD_ATTR's low bit says "a method" and the name index is above it.
_ATTR_SHIFT = 1 if sys.version_info >= (3, 12) else 0


def reads_state(obj: Any) -> bool:
    """May calling `obj` read a global or closure value that a statement could change?"""
    if type(obj) is functools.partial:
        return reads_state(obj.func) or not all(
            fixed_value(v) for v in (*obj.args, *obj.keywords.values()))
    if isinstance(obj, types.MethodType):  # (a classmethod reads its class's attributes)
        return isinstance(obj.__self__, type) or reads_state(obj.__func__)
    wrapped = getattr(obj, "__wrapped__", None)
    if wrapped is not None and type(obj).__name__ == "_lru_cache_wrapper":
        return reads_state(wrapped)
    if isinstance(obj, types.FunctionType):
        return _function_reads(obj, set())
    if isinstance(obj, type):
        return _init_reads(obj, set())
    return not isinstance(obj, (types.BuiltinFunctionType, types.MethodDescriptorType,
                                types.WrapperDescriptorType))  # (C code, bound or not)


def reads_attributes(index: TreeIndex, node: ast.AST, name: str, obj: Any) -> bool:
    """Does `node` read a data attribute of the global `name` holds (a class, a function, a
    module: taken as fixed themselves): ``Tier.level``, ``bump.page``, ``settings.REGION``?
    A helper may rebind it (``cls.level = v``), as it may a global."""
    for n in index.find(node, ast.Attribute, itself=True):
        if isinstance(n.value, ast.Name) and n.value.id == name:  # type: ignore[attr-defined]
            attr = inspect.getattr_static(obj, n.attr, None)  # type: ignore[attr-defined]
            if not (callable(attr) or isinstance(attr, (types.ModuleType, staticmethod,
                                                           classmethod, property))):
                return True
    return False


def fixed_value(value: Any) -> bool:
    """A value no statement changes in place, nor holds anything that does (rebinding the
    name that holds it is the caller's to see: `Moves.changes_outside`)."""
    if value is None or type(value) in (str, int, float, bool, bytes, complex):
        return True
    if type(value) in (tuple, frozenset):
        return all(fixed_value(v) for v in value)
    return False


def _function_reads(fn: types.FunctionType, seen: set[types.CodeType]) -> bool:
    if fn.__code__ in seen:
        return False  # looked at already (or recursion): the other paths decide
    seen.add(fn.__code__)
    defaults = (*(fn.__defaults__ or ()), *(fn.__kwdefaults__ or {}).values())
    return (not all(fixed_value(d) or not _member_changeable(d, seen) for d in defaults)
            or any(not _fixed_cell(c, seen) for c in fn.__closure__ or ())
            or _code_reads(fn.__code__, fn.__globals__, seen))


def _fixed_cell(cell: types.CellType, seen: set[types.CodeType]) -> bool:
    """A cell holding a function (whose own reads count), a class, a module or an
    immutable value (rebinding it is the caller's to see)."""
    try:
        value = cell.cell_contents
    except ValueError:
        return False
    return not _member_changeable(value, seen)


def _code_reads(code: types.CodeType, scope: dict[str, Any], seen: set[types.CodeType]) -> bool:
    """Does the code (or code nested in it) load a changeable value from its globals?
    A cell it closes over is looked at by its function (`_function_reads`); a nested
    function's own cells are the enclosing code's locals."""
    for name, attr in _global_loads(code):
        value = scope.get(name, getattr(builtins, name, None))
        if _changeable(value, attr, seen):
            return True
    return any(_code_reads(c, scope, seen) for c in code.co_consts
               if isinstance(c, types.CodeType))


def _global_loads(code: types.CodeType) -> list[tuple[str, str | None]]:
    """Each global (or module-level name) the code loads, with the attribute the next
    instruction takes of it (None if it takes none), as `dis.get_instructions` shows them,
    read straight from the bytes at a tenth of its cost (dis makes every instruction's
    positions and argument text, and a helper is looked at on every first call)."""
    raw, names = code.co_code, code.co_names
    # (opcode, argument) of each instruction: cache entries left out, and EXTENDED_ARG
    # prefixes folded into the argument they extend (past 255 names, ``g.attr`` is
    # LOAD_GLOBAL, EXTENDED_ARG, LOAD_ATTR: the attribute is still the one taken of g).
    units: list[tuple[int, int]] = []
    extended = 0
    for op, arg in zip(raw[::2], raw[1::2], strict=True):
        if op == _CACHE:
            continue
        arg |= extended
        if op == dis.EXTENDED_ARG:
            extended = arg << 8
            continue
        extended = 0
        units.append((op, arg))
    out: list[tuple[str, str | None]] = []
    for k, (op, arg) in enumerate(units):
        if op in (_LOAD_GLOBAL, _LOAD_NAME):
            nxt = units[k + 1] if k + 1 < len(units) else None
            out.append((names[arg >> 1 if op == _LOAD_GLOBAL else arg],
                        names[nxt[1] >> _ATTR_SHIFT] if nxt is not None and nxt[0] in _ATTR
                        else None))
    return out


def _changeable(value: Any, attr: str | None, seen: set[types.CodeType]) -> bool:
    """May what the code takes from this global (and its attribute `attr`) change? Any
    global but a function, a class or a module may be rebound (or changed in place)."""
    if isinstance(value, types.FunctionType) and attr is not None:
        return True  # (a function's own attribute, set as a static variable, say)
    if isinstance(value, (types.ModuleType, type)):
        if attr is None:  # constructing a class runs its __init__
            return isinstance(value, type) and _init_reads(value, seen)
        # A class's or a module's attribute may be set again (``Conf.prefix = "two"``):
        # only its functions, classes and modules are taken as fixed.
        member = (getattr(value, attr, None) if isinstance(value, types.ModuleType)
                  else inspect.getattr_static(value, attr, None))
        if isinstance(member, (staticmethod, classmethod)):
            member = member.__func__
        if isinstance(member, types.FunctionType):
            return _member_changeable(member, seen)
        return not (_unbound_builtin(member) or isinstance(
            member, property | type | types.ModuleType | types.MethodDescriptorType
            | types.WrapperDescriptorType))
    return _member_changeable(value, seen)


def _member_changeable(value: Any, seen: set[types.CodeType]) -> bool:
    if isinstance(value, types.FunctionType):
        return classify(value) is None and _function_reads(value, seen)
    return not (fixed_value(value) or _unbound_builtin(value) or isinstance(
        value, type | types.ModuleType | types.MethodDescriptorType
        | types.WrapperDescriptorType))


def _unbound_builtin(value: Any) -> bool:
    """A builtin function (`len`, a module's C function), not one bound to an object that
    may change (``_flag = FLAGS.get`` reads FLAGS as it is when called)."""
    if not isinstance(value, types.BuiltinFunctionType):
        return False
    owner = value.__self__
    return owner is None or isinstance(owner, types.ModuleType | type) or fixed_value(owner)


def _init_reads(cls: type, seen: set[types.CodeType]) -> bool:
    """Constructing a class of the user's runs its ``__init__`` and ``__new__`` (and a
    dataclass's ``__post_init__`` and its fields' default factories), which may read the
    class's own data attributes through ``self`` (``self.unit``, set on the class by
    ``ClassUnit.unit = v``)."""
    made = [inspect.getattr_static(cls, n, None) for n in ("__init__", "__post_init__",
                                                            "__new__")]
    if any(isinstance(fn, types.FunctionType) and written(fn) for fn in made) and any(
            not n.startswith("__") and not callable(v) and not isinstance(
                v, (staticmethod, classmethod, property))
            for k in cls.__mro__[:-1] if users_class(k) for n, v in vars(k).items()):
        return True
    if dataclasses.is_dataclass(cls):
        made += [f.default_factory for f in dataclasses.fields(cls)]
    if any(isinstance(fn, types.FunctionType) and written(fn) for fn in made):
        made += [getter_of(v) for k in cls.__mro__[:-1] if users_class(k)  # (``self.unit``:
                 for v in vars(k).values() if isinstance(v, property)]      # a property's)
    return any(isinstance(fn, types.FunctionType) and _function_reads(fn, seen) for fn in (
        getattr(m, "__func__", m) for m in made))


def runs_user_code(fact: Any, rebinds: bool) -> bool:
    """Does the call (its `CallFact`) run Python code of the user's (a helper, a method, a
    lambda) that reads globals its call does not show, which a statement could change?
    With `rebinds` (the function declares a name global or nonlocal) any such code may
    read a name it rebinds. A library's function with a rule, and Ember's models and
    operators, run none."""
    obj = fact.obj
    return fact.dynamic or obj is None or (
        classify(obj) is None and declared(obj) is None and (rebinds or reads_state(obj)))


def _holds_thread_local(value: Any) -> bool:
    """A `threading.local`, or a container or `functools.partial` that holds one (one
    level down: ``LOCALS["request"]``, ``partial(getattr, tld, "who")``)."""
    if type(value) is functools.partial:
        parts: Any = (*value.args, *value.keywords.values())
    elif type(value) in (dict, list, tuple, set, frozenset):
        parts = value.values() if type(value) is dict else value
    else:
        return isinstance(value, threading.local)
    return any(isinstance(p, threading.local) for p in parts)


def thread_local(index: TreeIndex, resolver: Resolver, local_names: set[str]) -> str | None:
    """The first name (or ``a.b`` path) in the body that holds a `threading.local`: the
    body sees what its thread set there, so the call must not move to another thread.
    (Looked up without guards: a name that holds one later is not seen.)"""
    kept = len(resolver.guards)
    try:
        for node in index.find(index.root, (ast.Name, ast.Attribute)):
            if isinstance(node, ast.Name) and (node.id in local_names or
                                               not isinstance(node.ctx, ast.Load)):
                continue
            if isinstance(node, ast.Attribute) and not isinstance(
                    node.value, (ast.Name, ast.Attribute)):
                continue
            if _holds_thread_local(resolver.expr(node)):
                return ast.unparse(node)
        return None
    finally:
        del resolver.guards[kept:]


def changed_globals(index: TreeIndex, tree: ast.AST, local_names: set[str]) -> frozenset[str]:
    """Globals whose object the function changes (``fetch.region = "south"``, a function's
    ``__defaults__``): calling one is reading what it holds (`Moves.free`)."""
    stores = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)
    roots = {root_name(t) for n in index.find(tree, stores)
             for t in (n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target])
             if isinstance(t, (ast.Attribute, ast.Subscript))}
    return frozenset(roots - local_names - {None})  # type: ignore[operator]


def patches_a_library(index: TreeIndex, resolver: Resolver) -> bool:
    """Does the function replace something of a library's, a class's or a module's
    attribute (``requests.Session.request = wrapper``, ``setattr(httpx.Client, ...)``)?
    Its library calls were classified before the patch: each then runs in place."""
    for node in index.find(index.root, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            owner = resolver.expr(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id == "setattr" and node.args):
            owner = resolver.expr(node.args[0])
        else:
            continue
        if isinstance(owner, type) and not users_class(owner) or isinstance(
                owner, types.ModuleType) and not users_file(getattr(owner, "__file__", "") or ""):
            return True
    return False


def found_through_stores(index: TreeIndex, local_names: set[str], scope: dict[str, Any],
                         helpers: Iterable[Any]) -> set[int]:
    """The calls whose callee the function reaches through an attribute of a global it
    stores or deletes (``Tools.fetch = writer``, ``SERVICE.backend = other``,
    ``helper.__code__ = ...``, `setattr` or `delattr` with a constant name), or through a
    global whose object a helper it calls (`helpers`: callees that change a global's
    object) stores an attribute of (``arm()``, whose body sets ``Tools.fetch``): resolved
    when the plan was made, before the store, so each runs in place."""
    changed: set[int] = set()
    seen: set[types.CodeType] = set()
    for helper in helpers:
        changed |= _stored_objects(helper, seen)
    stored: set[str] = set()
    for node in index.find(index.root, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            path = _dotted(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in ("setattr", "delattr") and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)):
            path = f"{_dotted(node.args[0])}.{node.args[1].value}"
        else:
            continue
        if path is not None and path.split(".")[0] not in local_names:
            stored.add(path)
    return {id(c) for c in index.find(index.root, ast.Call)
            if (path := _dotted(c.func)) is not None and (  # type: ignore[attr-defined]
                any(path == s or path.startswith(s + ".") or s.startswith(path + ".")
                    for s in stored)
                or changed and (root := path.split(".")[0]) not in local_names
                and id(scope.get(root, MISSING)) in changed)}


_STORE_ATTR = frozenset(("STORE_ATTR", "DELETE_ATTR"))
_ROOTS = frozenset(("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF", "LOAD_FAST"))


def _stored_objects(fn: Any, seen: set[types.CodeType]) -> set[int]:
    """The objects (by `id`) whose attributes calling `fn` stores or deletes: globals of its
    module, what its cells hold, its receiver (``self.backend = ...``), found the same way
    in the user's functions it loads from its globals. (Read from its bytecode: a helper
    that changes a global's object is looked at once per plan.)"""
    receiver = getattr(fn, "__self__", None)
    fn = getattr(fn, "__func__", fn)
    if not isinstance(fn, types.FunctionType) or not written(fn) or fn.__code__ in seen:
        return set()
    seen.add(fn.__code__)
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or (), strict=True))
    first = fn.__code__.co_varnames[:1]
    out: set[int] = set()

    def held(ins: dis.Instruction) -> Any:
        if ins.opname == "LOAD_FAST":  # (the receiver of a method bound to an object)
            return receiver if receiver is not None and ins.argval in first else MISSING
        if ins.opname == "LOAD_DEREF":
            cell = cells.get(ins.argval)
            return MISSING if cell is None else getattr(cell, "cell_contents", MISSING)
        return fn.__globals__.get(ins.argval, MISSING)

    codes = [fn.__code__]
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        ins = [i for i in dis.get_instructions(code) if i.opname != "CACHE"]
        for k, op in enumerate(ins):
            if op.opname in _STORE_ATTR or (  # (``setattr(X, "name", v)``: X loaded next)
                    op.argval in ("setattr", "delattr") and op.opname in _ROOTS):
                j = k - 1 if op.opname in _STORE_ATTR else k + 1
                while 0 <= j < len(ins) and ins[j].opname in ("LOAD_ATTR", "LOAD_METHOD"):
                    j -= 1
                if 0 <= j < len(ins) and ins[j].opname in _ROOTS:
                    out.add(id(held(ins[j])))
            elif op.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                out |= _stored_objects(fn.__globals__.get(op.argval), seen)
    out.discard(id(MISSING))
    return out


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes off a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def rebinds_nothing(index: TreeIndex, facts: dict[int, CallFact], declared: set[str],
                    local_types: dict[str, type], walked: Iterable[ast.Name]) -> bool:
    """Can nothing the function runs before it walks these globals (module tuples whose
    items typed a loop's; their identity is guarded when the call starts) rebind them?
    Each is walked once, by a loop or a comprehension in no loop, and what runs before it
    rebinds no global: no ``global`` or ``nonlocal`` statement, no store into an object
    but a local's of a known type other than a module (``m.X = v``), and every call, and
    every call Python makes for it (`facts`, by node), known when the plan is made, with
    a rule or a body that rebinds no global, changing no object but its own or its first
    argument (not ``setattr``, ``globals()``, ``exec``, a thread started)."""
    if declared:
        return False
    # What may rebind a global, each found once: the calls that may, and the stores into
    # an object that may be a module.
    nodes = {id(n): n for n in ast.walk(index.root)}
    risky = [nodes.get(key) for key, fact in facts.items()
             if fact.dynamic or fact.kind is Kind.UNKNOWN or fact.rebinds
             or fact.kind is Kind.CPU and changes_only(fact) is None]
    risky += [node for node in index.find(index.root, (ast.Attribute, ast.Subscript), nested=True)
              if not isinstance(node.ctx, ast.Load) and (  # type: ignore[attr-defined]
                  (kind := local_types.get(root_name(node) or "")) is None
                  or issubclass(kind, types.ModuleType))]
    for name in walked:
        loop = _walking_loop(index, name)
        step = index.step(loop) if loop is not None else None
        if step is None or any(node is None or _before(index, node, loop, step)  # type: ignore[arg-type]
                               for node in risky):
            return False
    return True


def _walking_loop(index: TreeIndex, name: ast.Name) -> ast.AST | None:
    """The loop or comprehension that walks `name` (in its first iterable), when no loop
    holds it: it then takes the global once per call."""
    node: ast.AST | None = name
    loop = None
    while (node := index.parent(node)) is not None and node is not index.root:  # type: ignore[arg-type]
        walks = node.iter if isinstance(node, (ast.For, ast.AsyncFor)) else (
            node.generators[0].iter if isinstance(node, COMPREHENSIONS) else None)
        if loop is None and walks is not None and index.contains(walks, name):
            loop = node
        elif isinstance(node, (*LOOPS, ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef,
                               ast.ClassDef)):
            return None
    return loop


def _before(index: TreeIndex, node: ast.AST, loop: ast.AST, step: int) -> bool:
    """Does `node` run before `loop` walks (in an earlier statement of the body, or in the
    loop's own statement outside the loop)? (Unplaced: taken as before.)"""
    at = index.step(node)
    return at is None or at < step or at == step and not index.contains(loop, node)
