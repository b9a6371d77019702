"""Stage 1: read a function's source and say what each statement and call does.

The output is facts, not decisions: for every statement, the names it binds, reads and
may mutate, whether it leaves the block (return/break/continue), which outside resources it
writes; for every call, its `Kind` and why. `_plan` decides what may move.

Callees are resolved against the function's globals, closure and builtins, and, for
attribute chains rooted at a parameter (``self.llm``), against the arguments of the first
call. Python functions are classified by analysing their own source, transitively.
"""

from __future__ import annotations
import __future__

import ast
import builtins
import contextlib
import dataclasses
import dis
import functools
import inspect
import itertools
import linecache
import textwrap
import threading
import tokenize
import types
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ember.xcs._effects import ANY, Kind, Rule, classify, properties_are_plain, rule_for_call
from ember.xcs._index import SCOPES, TreeIndex, walk_scope

__all__ = [
    "CallFact", "FunctionFacts", "NoSource", "StmtFacts", "analyse", "fact_for_object", "summarize",
]

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
    """The function's source cannot be analysed; it runs as written (the reason says why).

    `fix` is set when the user can do something about it; `jit` then warns once.
    """

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason)
        self.fix = fix


_DEFINE_IN_FILE = ("Define it in a file (a module or a script) or a notebook cell to let "
                   "the JIT overlap its calls.")


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
    sleeps: bool = False  # its wait is a sleep: as a statement of its own, it is spacing
    raises: bool = False  # it may raise by design (an explicit raise/assert in its body)
    spacing: bool = False  # a sleep whose value nothing uses: keeps its place between calls
    # What the classification assumed, checked before a plan built on it runs (see `Guard`).
    guards: tuple = field(default=(), repr=False)

    @property
    def effect(self) -> str:
        """The effect in a word for explanations: "model", "output", "read", "write", ..."""
        if self.kind is Kind.READ and self.resource == "llm":
            return "model"
        if self.kind is Kind.WRITE and self.resource == "stdout":
            return "output"
        return self.kind.value


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
    # Nothing moves across it: an unknown call, or spacing (a sleep as a statement).
    barrier: bool = False
    # It decides whether the calls after it happen (raise, assert, a helper that raises):
    # no call starts before it.
    decides: bool = False

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
    index: TreeIndex = field(repr=False)  # the tree, walked once (see `_index`)
    stmts: dict[int, StmtFacts] = field(default_factory=dict)
    # What the classification assumed. Not in the repr: a guard holds the function's module
    # globals, and repr(explain(f)) would print them (keys and all).
    guards: list[tuple] = field(default_factory=list, repr=False)
    # Locals by the root of their alias group, made from `alias` when first asked for.
    groups: dict[str, set[str]] | None = field(default=None, repr=False)

    def call(self, node: ast.Call) -> CallFact:
        return self.calls[id(node)]

    def root(self, name: str) -> str:
        parent = self.alias.get(name, name)
        while parent != name:
            name, parent = parent, self.alias.get(parent, parent)
        return name

    def aliases(self, names: set[str]) -> set[str]:
        """`names` and every local that may hold the same object as one of them."""
        if self.groups is None:
            self.groups = {}
            for n in self.locals:
                self.groups.setdefault(self.root(n), set()).add(n)
        out = set(names)
        for n in names:
            out |= self.groups.get(self.root(n), set())
        return out

    def stmt(self, node: ast.AST, skip: frozenset[int] = frozenset()) -> StmtFacts:
        """Facts of a statement, or of an expression evaluated on its own (a
        comprehension, say), leaving out the calls in `skip` (ids)."""
        if skip:
            return _stmt_facts(self, node, skip)
        facts = self.stmts.get(id(node))
        if facts is None:
            facts = self.stmts[id(node)] = _stmt_facts(self, node)
        return facts

    def loads(self, node: ast.AST) -> frozenset[str]:
        """Every name `node` mentions (nested scopes included)."""
        return self.index.loads(node)


# --- source -----------------------------------------------------------------------------


def _source_tree(func: Callable[..., Any]) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]:
    """The function's own definition, parsed, once it is checked to be the code that runs."""
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
        raise NoSource(f"its source is not available (defined in {code.co_filename})",
                       _DEFINE_IN_FILE)
    module = _block_by_indent(all_lines[start:], code.co_firstlineno)
    if module is None:
        try:
            lines = inspect.getblock(all_lines[start:])
            module = _parse_at(lines, code.co_firstlineno)
        except (SyntaxError, tokenize.TokenError) as exc:
            raise NoSource(f"source could not be read ({exc})") from None
    node = module.body[0] if module.body else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name != code.co_name:
        raise NoSource("source does not start with the function's def")
    if not _same_code(node, code):
        raise NoSource(f"its source file ({code.co_filename}) no longer matches the code "
                       "that was loaded (edited since the import?)",
                       "Reload the module (or restart) so that the code that runs is the "
                       "code on disk.")
    return node, code.co_filename


def _same_code(node: ast.FunctionDef | ast.AsyncFunctionDef, code: types.CodeType) -> bool:
    """Does compiling `node` give `code`'s bytecode, names and constants?

    The def is compiled inside a function that defines its free variables, so closures
    compile as they did. Line numbers are not compared: only what the code does.
    """
    body: list[ast.stmt] = [node]
    if code.co_freevars:
        cells = [ast.Assign(targets=[ast.Name(id=v, ctx=ast.Store())], value=ast.Constant(None))
                 for v in code.co_freevars]
        outer = ast.FunctionDef(name="__ember_outer", args=_NO_ARGS, body=[*cells, node],
                                decorator_list=[], returns=None, type_params=[])
        body = [_at_line_one(outer)]
    module = ast.Module(body=body, type_ignores=[])
    flags = code.co_flags & _FUTURE_FLAGS
    try:
        compiled = compile(module, code.co_filename, "exec", flags=flags, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    if code.co_freevars:
        compiled = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
    inner = next((c for c in compiled.co_consts
                  if isinstance(c, types.CodeType) and c.co_name == code.co_name), None)
    return inner is not None and _code_equal(inner, code)


def _code_equal(a: types.CodeType, b: types.CodeType) -> bool:
    if (a.co_names != b.co_names or a.co_varnames != b.co_varnames
            or a.co_freevars != b.co_freevars or len(a.co_consts) != len(b.co_consts)):
        return False
    if not _same_instructions(a, b):
        return False
    for x, y in zip(a.co_consts, b.co_consts, strict=True):
        if isinstance(x, types.CodeType):
            if not (isinstance(y, types.CodeType) and _code_equal(x, y)):
                return False
        elif type(x) is not type(y) or x != y and x == x:  # (NaN equals itself here)
            return False
    return True


# The compiler loads a method of a name its module bound by `import` another way
# (LOAD_ATTR rather than LOAD_METHOD, which moves jump targets); compiled alone, the def
# cannot know. Same meaning.
_SAME_OP = {"LOAD_METHOD": "LOAD_ATTR"}
_JUMPS = frozenset(dis.hasjrel) | frozenset(dis.hasjabs)


def _same_instructions(a: types.CodeType, b: types.CodeType) -> bool:
    if a.co_code == b.co_code:
        return True
    # `_units` is a sufficient test at a tenth of the cost of `_instructions`, the full one.
    if a.co_cellvars == b.co_cellvars and _units(a) == _units(b):
        return True
    return _instructions(a) == _instructions(b)


def _instructions(code: types.CodeType) -> list[tuple[str, object]]:
    return [(_SAME_OP.get(i.opname, i.opname),
             None if i.opcode in _JUMPS or isinstance(i.argval, types.CodeType) else i.argval)
            for i in dis.get_instructions(code)]


_CACHE = dis.opmap["CACHE"]
_LOAD_GLOBAL = dis.opmap["LOAD_GLOBAL"]
_SAME_OPCODE = {dis.opmap[a]: dis.opmap[b] for a, b in _SAME_OP.items()}


def _units(code: types.CodeType) -> list[tuple[int, int | None]]:
    """The code's (opcode, argument) pairs read straight from its bytes, compared as
    `_instructions` compares them: jump targets left out, the two ways of loading a
    method taken as one, and LOAD_GLOBAL's argument without its push-NULL bit. Equal
    units mean equal instructions once the tables the arguments index (names, locals,
    cells, free variables, constants) are equal."""
    raw = code.co_code
    return [(_SAME_OPCODE.get(op, op),
             None if op in _JUMPS else arg >> 1 if op == _LOAD_GLOBAL else arg)
            for op, arg in zip(raw[::2], raw[1::2], strict=True) if op != _CACHE]


def _at_line_one(node: ast.AST) -> ast.AST:
    """`node` and its children, where they have no location, placed at line 1: what
    `ast.fix_missing_locations` does, without walking into the parsed def inside."""
    for n in [node, *walk_scope(node)]:
        if "lineno" in n._attributes and not hasattr(n, "lineno"):
            n.lineno, n.col_offset, n.end_lineno, n.end_col_offset = 1, 0, 1, 0
    return node


_NO_ARGS = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                         kwarg=None, defaults=[])
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _parse_at(lines: list[str], lineno: int) -> ast.Module:
    """`lines` parsed as the lines of their file from `lineno` on, exactly as written.

    Blank lines in front cost the parser next to nothing and spare a walk of the whole
    tree to move its line numbers (`ast.increment_lineno`). An indented def (a method, a
    nested function) is parsed as the body of an ``if 1:`` line rather than dedented:
    dedenting would change multi-line strings whose lines are indented or blank, and the
    code would no longer match the code object it was compiled to.
    """
    text = "".join(lines)
    if text[:1] in (" ", "\t") and lineno > 1:
        module = ast.parse("\n" * (lineno - 2) + "if 1:\n" + text)
        return ast.Module(body=module.body[0].body, type_ignores=[])  # type: ignore[attr-defined]
    return ast.parse("\n" * (lineno - 1) + textwrap.dedent(text))


def _block_by_indent(lines: list[str], lineno: int) -> ast.Module | None:
    """The decorated def starting at lines[0], cut where the indentation ends it, parsed.

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
    try:
        return _parse_at(lines[:end], lineno)
    except SyntaxError:
        return None


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


# --- resolution ----------------------------------------------------------------------------

_MISSING = object()
_SIMPLE = (str, bytes, int, float, bool, type(None))


class _Resolver:
    """Finds the object a callee expression names, without running user code.

    Every lookup it relies on is kept as a guard: a plan built on these objects is used
    only while the same names still hold the same objects (see `_jit`).
    """

    def __init__(self, func: Callable[..., Any], local_names: set[str],
                 bound: dict[str, Any], local_types: dict[str, type] | None = None) -> None:
        self.globals = func.__globals__
        self.local_names = local_names
        self.bound = bound  # parameter values of the first call
        self.local_types = local_types or {}
        self.guards: list[tuple] = []
        code = func.__code__
        self.cells = {}
        self.closure = {}
        for name, cell in zip(code.co_freevars, func.__closure__ or (), strict=False):
            with contextlib.suppress(ValueError):  # an empty cell: not yet assigned
                self.closure[name] = cell.cell_contents
                self.cells[name] = cell

    def name(self, name: str) -> Any:
        if name in self.bound:
            value = self.bound[name]
            self.guards.append(("type", name, type(value)))
            return value
        if name in self.local_names:
            return _MISSING
        if name in self.closure:
            self.guards.append(("cell", self.cells[name], self.closure[name]))
            return self.closure[name]
        value = self.globals.get(name, _MISSING)
        self.guards.append(("key", self.globals, name, value))
        if value is not _MISSING:
            return value
        return getattr(builtins, name, _MISSING)

    def path(self, node: ast.AST) -> tuple[str, tuple[str, ...]] | None:
        """``("self", ("a", "b"))`` for ``self.a.b`` when ``self`` is an argument."""
        if isinstance(node, ast.Name):
            return (node.id, ()) if node.id in self.bound else None
        if isinstance(node, ast.Attribute):
            inner = self.path(node.value)
            return None if inner is None else (inner[0], (*inner[1], node.attr))
        return None

    def value_type(self, node: ast.AST) -> type | None:
        """The type of an expression's value where it is known without running anything:
        literals, locals every assignment of which gives one type, annotated parameters,
        results of calls whose rule or annotation says, operators on known builtins."""
        if isinstance(node, ast.Name):
            return self.local_types.get(node.id)
        if isinstance(node, ast.BinOp):
            left, right = self.value_type(node.left), self.value_type(node.right)
            if left in _SCALARS and (right is left or isinstance(node.op, ast.Mod)
                                     and left in (str, bytes)):
                return left
            return None
        if isinstance(node, ast.Call):
            return self._call_type(node)
        return _literal_type(node)

    def _call_type(self, node: ast.Call) -> type | None:
        if isinstance(node.func, ast.Attribute):  # a method of a str or bytes
            owner = self.value_type(node.func.value)
            if owner is not None and issubclass(owner, str | bytes):  # ModelResult too
                return _STR_RESULTS.get(node.func.attr, str if issubclass(owner, str) else bytes)
        callee = self.expr(node.func)
        if callee is _MISSING:
            return None
        declared = _declared(callee)
        if declared is not None and declared.resource == "llm":
            return _model_result()
        rule = rule_for_call(callee, *static_args(node, self))
        if rule is not None and rule.returns is not None:
            return rule.returns
        if isinstance(callee, type) and not isinstance(
                inspect.getattr_static(callee, "__new__", None), types.FunctionType):
            return callee  # a constructor gives an instance of its class
        fn = callee.__func__ if isinstance(callee, types.MethodType) else callee
        if isinstance(fn, types.FunctionType):
            return _annotated(fn.__annotations__.get("return"))
        return None

    def expr(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            owner = self.value_type(node.value)
            if owner is not None:  # a method of a value whose type is known
                attr = inspect.getattr_static(owner, node.attr, _MISSING)
                if isinstance(attr, property):
                    return _MISSING
                return attr
            base = self.expr(node.value)
            if base is _MISSING:
                return _MISSING
            try:
                attr = inspect.getattr_static(base, node.attr)
            except AttributeError:
                return _MISSING
            path = self.path(node.value)
            if path is not None:  # reached from an argument: checked on every call
                self.guards.append(("path", path[0], (*path[1], node.attr), attr))
            elif isinstance(base, types.ModuleType | type):
                self.guards.append(("attr", base, node.attr, attr))
            if isinstance(attr, staticmethod | classmethod):
                return getattr(base, node.attr, _MISSING)
            if _is_descriptor(attr) and properties_are_plain(type(base)):
                return getattr(base, node.attr, _MISSING)  # e.g. an SDK client's `chat`
            if isinstance(attr, types.FunctionType) and not isinstance(base, type | types.ModuleType):
                return types.MethodType(attr, base)
            if isinstance(attr, property):
                return _MISSING
            if isinstance(attr, types.MethodDescriptorType | types.WrapperDescriptorType):
                return getattr(base, node.attr, _MISSING)  # a C method: binding runs no code
            if isinstance(base, types.ModuleType | type) or not _is_descriptor(attr):
                return getattr(base, node.attr, _MISSING) if not isinstance(
                    attr, types.MemberDescriptorType) else _MISSING
            return _MISSING
        return _MISSING


_SCALARS = (str, bytes, int, float)
_BUILTIN_TYPES = {t.__name__: t for t in (str, bytes, int, float, bool, list, dict, tuple, set)}
# What methods of str (and bytes) return when it is not another str (bytes).
_STR_RESULTS: dict[str, type] = {
    **dict.fromkeys(("split", "rsplit", "splitlines"), list),
    **dict.fromkeys(("partition", "rpartition"), tuple),
    **dict.fromkeys(("find", "rfind", "index", "rindex", "count"), int),
    **dict.fromkeys(("startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace",
                     "isupper", "islower", "isnumeric", "isdecimal", "isidentifier",
                     "istitle", "isascii", "isprintable"), bool),
    "encode": bytes, "decode": str,
}


def _annotated(annotation: Any) -> type | None:
    """A builtin type named by an annotation (``str`` or ``"str"``), else None."""
    if isinstance(annotation, str):
        return _BUILTIN_TYPES.get(annotation.strip())
    return annotation if annotation in _BUILTIN_TYPES.values() else None


def _model_result() -> type:
    from ember.models import ModelResult  # imported late: models sit above xcs

    return ModelResult


def _literal_type(node: ast.AST) -> type | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, _SIMPLE):
        return type(node.value)
    if isinstance(node, ast.JoinedStr):
        return str
    if isinstance(node, ast.Compare):
        return bool
    return {ast.List: list, ast.ListComp: list, ast.Dict: dict, ast.DictComp: dict,
            ast.Set: set, ast.SetComp: set, ast.Tuple: tuple}.get(type(node))


def static_args(call: ast.Call, resolver: _Resolver | None = None) -> tuple[tuple, dict]:
    """The call's arguments as far as they are known before it runs (`ANY` elsewhere)."""
    def value(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return ""  # some str
        if isinstance(node, ast.List | ast.Tuple):
            return [] if isinstance(node, ast.List) else ()  # its items are not known
        if resolver is not None and isinstance(node, ast.Name) and node.id in resolver.bound:
            v = resolver.bound[node.id]
            if isinstance(v, _SIMPLE):
                resolver.guards.append(("type", node.id, type(v)))
                return v
        return ANY
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return (ANY,) * 8, {}
    return tuple(value(a) for a in call.args), {k.arg: value(k.value) for k in call.keywords}


def _is_descriptor(obj: Any) -> bool:
    return hasattr(type(obj), "__get__") and not isinstance(
        obj, types.FunctionType | types.BuiltinFunctionType | type)


# --- call classification ----------------------------------------------------------------

_summaries: dict[types.CodeType, CallFact] = {}
# Summaries of methods of one object, used again while what they resolved holds.
_methods: dict[tuple[Any, int], tuple[Any, CallFact]] = {}
_progress = threading.local()  # code objects being summarized by this thread (recursion)


def _declared(obj: Any) -> Rule | None:
    """Ember's models and operators say what they are (``__ember_io__`` on their type)."""
    if isinstance(obj, types.MethodType) and getattr(type(obj.__self__), "__ember_io__", None):
        owner = type(obj.__self__)
        kind, resource = _declared_kind(owner)
        return Rule(kind, f"{owner.__name__}.{obj.__name__} declares {kind.value}", resource,
                    "call")
    declared = getattr(type(obj), "__ember_io__", None)
    if declared is not None and not isinstance(obj, type):
        kind, resource = _declared_kind(type(obj))
        runner = "async" if hasattr(obj, "acall") else "thread"
        effect = "a model call" if resource == "llm" else f"kind {declared!r}"
        return Rule(kind, f"{type(obj).__name__} declares {effect}", resource, runner)
    return None


def _declared_kind(owner: type) -> tuple[Kind, str | None]:
    kind = Kind(owner.__ember_io__)
    resource = getattr(owner, "__ember_resource__", "llm" if kind is Kind.READ else None)
    return kind, resource


def fact_for_object(obj: Any, args: tuple = (), kwargs: dict | None = None) -> CallFact:
    """Classify calling `obj` (with these arguments, `ANY` where unknown): the registry,
    then the object's own declaration, then its Python source, transitively."""
    target = getattr(obj, "__ember_jit_original__", None)
    if target is not None:
        return summarize(target)
    rule = _declared(obj) or rule_for_call(obj, args, kwargs)
    if rule is not None:
        return CallFact(rule.kind, rule.reason, rule.resource, obj=obj, runner=rule.runner,
                        sleeps=rule.sleeps)
    if isinstance(obj, functools.partial):  # what its function does with these arguments
        fact = fact_for_object(obj.func, (*obj.args, *args), {**obj.keywords, **(kwargs or {})})
        return replace(fact, obj=obj if fact.obj is not None else None)
    if isinstance(obj, types.MethodType) and isinstance(obj.__func__, types.FunctionType):
        if isinstance(obj.__self__, type):
            return summarize(obj.__func__)
        key = (obj.__func__, id(obj.__self__))
        hit = _methods.get(key)
        if hit is not None and hit[0] is obj.__self__ and guards_hold(
                hit[1].guards, {"self": obj.__self__}):
            return replace(hit[1])
        fact = summarize(obj.__func__, {"self": obj.__self__})
        if len(_methods) > 4096:
            _methods.clear()
        _methods[key] = (obj.__self__, fact)
        return replace(fact)
    if isinstance(obj, types.FunctionType):
        return summarize(obj)
    if isinstance(obj, type):
        return _construct(obj)
    if not inspect.isbuiltin(obj):
        # An operator does its work in `forward`; other callables in `__call__`.
        for method in ("forward", "__call__"):
            fn = inspect.getattr_static(type(obj), method, None)
            if isinstance(fn, types.FunctionType):
                fact = summarize(getattr(fn, "__ember_jit_original__", fn), {"self": obj})
                if fact.kind is not Kind.UNKNOWN or method == "__call__":
                    return replace(fact, reason=f"{type(obj).__name__}.{method}: {fact.reason}")
    what = getattr(obj, "__qualname__", None) or type(obj).__name__
    undecided = classify(obj) is not None  # a rule that needs the call's arguments
    reason = (f"{what}: its arguments decide what it does" if undecided
              else f"{what} has no effect rule")
    return CallFact(Kind.UNKNOWN, reason, dynamic=True, obj=obj)


def _construct(cls: type) -> CallFact:
    """Calling a class: what its `__init__` (and a dataclass's `__post_init__`) does."""
    what = f"constructs {cls.__qualname__}"
    if isinstance(inspect.getattr_static(cls, "__new__", None), types.FunctionType):
        return CallFact(Kind.UNKNOWN, f"{what} with its own __new__", dynamic=True, obj=cls)
    init = inspect.getattr_static(cls, "__init__", None)
    if dataclasses.is_dataclass(cls):
        init = inspect.getattr_static(cls, "__post_init__", None)
    if not isinstance(init, types.FunctionType):
        return CallFact(Kind.PURE, what, obj=cls)  # a built-in __init__ (exceptions, ...)
    fact = summarize(init)
    if fact.kind is Kind.CPU:  # it sets attributes of the new object: nothing outside
        fact = replace(fact, kind=Kind.PURE)
    return replace(fact, reason=f"{what}: {fact.reason}", obj=cls)


def classify_call(call: ast.Call, resolver: _Resolver) -> CallFact:
    obj = resolver.expr(call.func)
    if obj is not _MISSING:
        fact = fact_for_object(obj, *static_args(call, resolver))
        fact.obj = obj
        if fact.guards and isinstance(obj, types.MethodType):
            # The method's own guards hang off its `self`: re-root them where it came from.
            path = resolver.path(call.func.value) if isinstance(call.func, ast.Attribute) else None
            fact.guards = _rebase(fact.guards, path, obj.__self__)
        if fact.kind is Kind.PURE and _takes_functions(obj):
            return _higher_order(call, fact, resolver)
        return fact
    return CallFact(Kind.UNKNOWN, "callee known only at run time", dynamic=True)


def _takes_functions(obj: Any) -> bool:
    return any(obj is f for f in _HIGHER_ORDER)


_HIGHER_ORDER = (map, filter, sorted, min, max, functools.reduce, itertools.starmap,
                 itertools.filterfalse, itertools.takewhile, itertools.dropwhile,
                 itertools.groupby, itertools.accumulate)


def _higher_order(call: ast.Call, fact: CallFact, resolver: _Resolver) -> CallFact:
    """`map(f, xs)`, `sorted(xs, key=f)`: calling them calls `f`. Pure only if `f` is."""
    funcs = [k.value for k in call.keywords if k.arg in ("key", "func")]
    if call.args and fact.obj not in (sorted, min, max):
        funcs.append(call.args[0])
    for node in funcs:
        if isinstance(node, ast.Lambda):
            inner = [classify_call(c, resolver) for c in ast.walk(node.body)
                     if isinstance(c, ast.Call)]
        elif isinstance(node, ast.Constant) and node.value is None:
            inner = []
        else:
            target = resolver.expr(node)
            inner = [fact_for_object(target) if target is not _MISSING else
                     CallFact(Kind.UNKNOWN, "a function known only at run time")]
        for f in inner:
            if f.kind not in (Kind.PURE, Kind.CPU):
                return CallFact(Kind.UNKNOWN, f"{ast.unparse(call.func)}() calls a function "
                                f"that is not pure ({f.reason})", obj=fact.obj,
                                raises=f.raises)
    return fact


def _rebase(guards: tuple, path: tuple[str, tuple[str, ...]] | None, owner: Any) -> tuple:
    """A method summary's guards on ``self.x`` as guards on the caller's path to `self`, or
    on the object itself when the caller reached it through fixed names."""
    out = []
    for g in guards:
        if g[0] == "path" and g[1] == "self":
            out.append(("path", path[0], (*path[1], *g[2]), g[3]) if path is not None
                       else ("from", owner, g[2], g[3]))
        elif g[0] != "type":
            out.append(g)
    return tuple(out)


def guards_hold(guards: list[tuple], bound: dict[str, Any]) -> bool:
    """Do the names a plan resolved still hold the objects it was made for?

    `bound` holds the arguments of this call (for guards on what is reached from them).
    """
    for g in guards:
        tag = g[0]
        if tag == "key":
            if g[1].get(g[2], _MISSING) is not g[3]:
                return False
        elif tag == "cell":
            try:
                if g[1].cell_contents is not g[2]:
                    return False
            except ValueError:
                return False
        elif tag == "attr":
            if _static(g[1], g[2]) is not g[3]:
                return False
        elif tag == "type":
            if g[1] in bound and type(bound[g[1]]) is not g[2]:
                return False
        else:  # "path" from an argument, "from" a fixed object
            obj = bound.get(g[1], _MISSING) if tag == "path" else g[1]
            for attr in g[2]:
                obj = inspect.getattr_static(obj, attr, _MISSING)
            if obj is not g[3]:
                return False
    return True


def _static(owner: Any, name: str) -> Any:
    """`inspect.getattr_static` for the cases guards meet, at a fraction of its cost."""
    if isinstance(owner, types.ModuleType):
        return owner.__dict__.get(name, _MISSING)
    if isinstance(owner, type):
        for klass in owner.__mro__:
            if name in klass.__dict__:
                return klass.__dict__[name]
        return _MISSING
    return inspect.getattr_static(owner, name, _MISSING)


def unique_guards(guards: list[tuple]) -> list[tuple]:
    seen: dict[tuple, tuple] = {}
    for g in guards:
        seen.setdefault((g[0], *(v if isinstance(v, str | tuple) else id(v) for v in g[1:])), g)
    return list(seen.values())


def reset() -> None:
    """Forget every summary (`ember.xcs.lowlevel.reset`)."""
    _summaries.clear()
    _methods.clear()


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
    if hit is not None and guards_hold(hit.guards, {}):  # what its body called still holds
        return replace(hit)
    active = _progress.__dict__.setdefault("codes", set())
    if code in active:  # recursion: the other calls decide
        return CallFact(Kind.PURE, "recursive")
    name = getattr(func, "__qualname__", code.co_name)
    if code.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR):
        fact = CallFact(Kind.PURE, f"{name}() only creates a generator")
        _summaries[code] = fact
        return replace(fact)
    active.add(code)
    try:
        try:
            tree, _ = _source_tree(func)
        except NoSource as exc:
            fact = CallFact(Kind.UNKNOWN, f"{name}(): {exc}", dynamic=True)
        else:
            fact = _summarize_tree(func, tree, name, bound or {})
    finally:
        active.discard(code)
    if not bound and fact.complete:
        _summaries[code] = fact
    return replace(fact)


def _summarize_tree(func: Callable[..., Any], tree: ast.AST, name: str,
                    bound: dict[str, Any]) -> CallFact:
    index = TreeIndex(tree)
    params = _param_names(tree)  # type: ignore[arg-type]
    declared = _declared_nonlocal(index)
    local_names = (_assigned_names(index) | set(params)) - declared
    resolver = _Resolver(func, local_names, bound)
    resolver.local_types = _local_types(tree, local_names, resolver, index)
    fact = _summary(index, name, params, declared, local_names, resolver)
    fact.complete = all(
        n.func.id in local_names or resolver.name(n.func.id) is not _MISSING
        for n in index.find(tree, ast.Call) if isinstance(n.func, ast.Name))
    fact.guards = (*fact.guards, *resolver.guards)
    return fact


def _summary(index: TreeIndex, name: str, params: list[str], declared: set[str],
             local_names: set[str], resolver: _Resolver) -> CallFact:
    reads: list[CallFact] = []
    writes: list[CallFact] = []
    unknown: list[CallFact] = []
    guards: list[tuple] = []
    mutated: set[str] = set()
    raises = sleeps = False
    for node in index.find(index.root, _SUMMARY_NODES):
        if isinstance(node, ast.Raise | ast.Assert):
            raises = True
        elif isinstance(node, ast.Call):
            fact = classify_call(node, resolver)
            guards.extend(fact.guards)
            raises |= fact.raises
            sleeps |= fact.sleeps
            if fact.kind is Kind.READ:
                reads.append(fact)
            elif fact.kind is Kind.WRITE:
                writes.append(fact)
            elif fact.kind is Kind.UNKNOWN:
                unknown.append(fact)
            elif fact.kind is Kind.CPU:
                # A call that changes its arguments changes whatever they hold.
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    mutated |= index.loads(arg) or {"?"}
                if isinstance(node.func, ast.Attribute):
                    mutated.add(root_name(node.func.value) or "?")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute | ast.Subscript):
                    mutated.add(root_name(t) or "?")
    flags = {"raises": raises, "sleeps": sleeps, "guards": tuple(guards)}
    if unknown:
        return CallFact(Kind.UNKNOWN, f"{name}() calls {unknown[0].reason}", dynamic=True,
                        **flags)
    if writes:
        w = writes[0]
        return CallFact(Kind.WRITE, f"{name}() calls a write: {w.reason}", w.resource, **flags)
    changes_outside = bool(declared) or bool(mutated & (set(params) | {"?"})) or bool(
        mutated - local_names)
    if reads:
        if changes_outside:
            return CallFact(Kind.WRITE, f"{name}() does I/O and changes its arguments or "
                            "globals", "any", **flags)
        resources = {r.resource for r in reads}
        resource = resources.pop() if len(resources) == 1 else "mixed"
        return CallFact(Kind.READ, f"{name}() does I/O: {reads[0].reason}", resource, **flags)
    if changes_outside:
        return CallFact(Kind.CPU, f"{name}() computes and may change its arguments", **flags)
    return CallFact(Kind.PURE, f"{name}() only computes", **flags)


_SUMMARY_NODES = (ast.Raise, ast.Assert, ast.Call, ast.Assign, ast.AugAssign, ast.AnnAssign,
                  ast.Delete)


def _local_types(tree: ast.AST, names: set[str], resolver: _Resolver,
                 index: TreeIndex | None = None) -> dict[str, type]:
    """Locals whose every binding gives a value of one known type (``out = []``,
    ``r = requests.get(u)``, ``with open(p) as f``, ``text: str``): methods called on them
    have rules. A few passes, as one local's type may come from another's."""
    args = tree.args  # type: ignore[attr-defined]
    params: dict[str, type] = {}
    for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        annotated = _annotated(ast.unparse(arg.annotation)) if arg.annotation else None
        if annotated is not None and arg.arg not in resolver.bound:
            params[arg.arg] = annotated  # annotations are not checked: see `guards`
    index = index or TreeIndex(tree)
    binders = index.find(tree, (ast.Assign, ast.withitem, ast.AnnAssign, ast.AugAssign))
    stores = [n for n in index.find(tree, ast.Name) if isinstance(n.ctx, ast.Store | ast.Del)]
    known = dict(params)
    for _ in range(3):
        resolver.local_types = known
        found = _bindings(binders, stores, names, resolver, dict(params))
        if found == known:
            break
        known = found
    return known


def _bindings(binders: list[ast.AST], stores: list[ast.Name], names: set[str],
              resolver: _Resolver, seen: dict[str, type | None]) -> dict[str, type]:
    typed: set[int] = set()  # Name stores given a type below

    def bind(target: ast.Name, value: ast.AST | None, enters: bool = False) -> None:
        typed.add(id(target))
        if target.id in names:
            t = resolver.value_type(value) if value is not None else None
            if enters and t is not None and not _enters_itself(t):
                t = None  # `with x as y`: y is what x.__enter__() returns
            seen[target.id] = t if seen.get(target.id, t) is t else None

    for node in binders:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            bind(node.targets[0], node.value)
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            bind(node.optional_vars, node.context_expr, enters=True)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            bind(node.target, node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            typed.add(id(node.target))  # ``s += "x"`` keeps a str a str, a list a list
    for node in stores:
        if id(node) not in typed:
            seen[node.id] = None
    return {n: t for n, t in seen.items() if t is not None}


def _enters_itself(cls: type) -> bool:
    """Does ``with cls(...) as x`` bind the object itself (its `__enter__` returns self)?"""
    enter = inspect.getattr_static(cls, "__enter__", None)
    if enter is None:
        return False
    if not isinstance(enter, types.FunctionType):
        return True  # C types' __enter__ (files, sqlite3 connections) return self
    try:
        tree, _ = _source_tree(enter)
    except NoSource:
        return False
    last = tree.body[-1]
    return (isinstance(last, ast.Return) and isinstance(last.value, ast.Name)
            and last.value.id == tree.args.args[0].arg)


# --- function facts ---------------------------------------------------------------------


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
    out: set[str] = set()
    for node in index.find(index.root, _BINDING_NODES):
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


_BINDING_NODES = (ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import,
                  ast.ImportFrom, ast.ExceptHandler)


def _unsupported(index: TreeIndex) -> str | None:
    for node in index.find(index.root, (ast.Yield, ast.YieldFrom, ast.Call)):
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
    index = TreeIndex(tree)
    why = _unsupported(index)
    if why:
        raise NoSource(why)
    params = _param_names(tree)
    declared = _declared_nonlocal(index)
    local_names = (_assigned_names(index) | set(params)) - declared
    resolver = _Resolver(func, local_names, {k: v for k, v in bound.items() if k in params})
    resolver.local_types = _local_types(tree, local_names, resolver, index)
    calls = {id(n): classify_call(n, resolver) for n in index.find(tree, ast.Call)}
    guards = [*resolver.guards]
    for fact in calls.values():
        guards.extend(fact.guards)
    for node in index.find(tree, ast.Expr):  # a sleep as a statement of its own is spacing
        value = node.value  # type: ignore[attr-defined]
        value = value.value if isinstance(value, ast.Await) else value
        if isinstance(value, ast.Call) and calls[id(value)].sleeps:
            calls[id(value)].spacing = True
    facts = FunctionFacts(
        func=func, tree=tree, filename=filename, is_async=isinstance(tree, ast.AsyncFunctionDef),
        params=params, locals=local_names, nonlocals=declared, calls=calls, alias={},
        index=index, guards=unique_guards(guards),
    )
    _build_aliases(facts)
    return facts


def _union(facts: FunctionFacts, a: str, b: str) -> None:
    if a not in facts.locals or b not in facts.locals:
        return
    ra, rb = facts.root(a), facts.root(b)
    if ra != rb:
        facts.alias[ra] = rb
        facts.groups = None


def _shared_names(facts: FunctionFacts, value: ast.AST) -> set[str]:
    """Local names whose objects `value` may hold a reference to."""
    if isinstance(value, ast.Call):
        fact = facts.calls.get(id(value))
        func = value.func
        if fact is not None and fact.kind is Kind.READ:
            return set()
        if isinstance(func, ast.Name) and func.id in _FRESH_BUILTINS:
            return set()
        if fact is not None and fact.kind is Kind.PURE and isinstance(func, ast.Attribute):
            # A pure method's result may hold its receiver's and its arguments' objects,
            # nothing else: `requests.get(u).json()` shares nothing with `u`.
            return _shared_names(facts, func.value).union(
                *(_shared_names(facts, a) for a in [*value.args,
                                                     *(k.value for k in value.keywords)]))
    if isinstance(value, ast.Subscript):  # an element shares its container's objects
        return _shared_names(facts, value.value)
    if isinstance(value, ast.Constant | ast.JoinedStr | ast.Compare):
        return set()
    return {n for n in facts.loads(value) if n in facts.locals}


def _build_aliases(facts: FunctionFacts) -> None:
    for node in facts.index.find(facts.tree, _ALIASING_NODES):
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


_ALIASING_NODES = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For, ast.AsyncFor,
                   ast.comprehension, ast.withitem, ast.Call)


# --- statement facts ----------------------------------------------------------------------


def _leaves(index: TreeIndex, node: ast.AST) -> bool:
    """Does running `node` possibly jump out of it (return, or break/continue of an outer loop)?"""
    if isinstance(node, SCOPES):
        return False
    for jump in index.find(node, _JUMP_NODES, itself=True):
        if not isinstance(jump, ast.Break | ast.Continue) or not _loop_within(index, jump, node):
            return True
    return False


_JUMP_NODES = (ast.Return, ast.Yield, ast.YieldFrom, ast.Break, ast.Continue)


def _loop_within(index: TreeIndex, jump: ast.AST, node: ast.AST) -> bool:
    """Is the loop a break or continue belongs to `node` or inside it? (The loop whose
    body holds it: one in whose `else` or header it sits is not its loop.)"""
    child, up = jump, index.parent(jump)
    while child is not node and up is not None:
        if isinstance(up, ast.For | ast.AsyncFor | ast.While) and any(s is child for s in up.body):
            return True
        child, up = up, index.parent(up)
    return False


def _stmt_facts(facts: FunctionFacts, node: ast.AST,
                skip: frozenset[int] = frozenset()) -> StmtFacts:
    """What `node` binds, reads, mutates and writes; calls in `skip` (ids) are left out
    (calls a batch start checks one by one at run time). Each kind of node has its rule in
    `_FACT_RULES`."""
    out = StmtFacts(leaves=_leaves(facts.index, node))
    rules = _FACT_RULES
    for n in facts.index.find(node, _FACT_NODES, itself=True):
        if type(n) is ast.Name:  # most of the nodes: the rule inline
            if type(n.ctx) is ast.Load:  # type: ignore[attr-defined]
                out.uses.add(n.id)  # type: ignore[attr-defined]
            else:
                out.defs.add(n.id)  # type: ignore[attr-defined]
        else:
            rules[type(n)](facts, n, out, skip)
    out.mutates = facts.aliases({m for m in out.mutates if m in facts.locals}) | {
        m for m in out.mutates if m not in facts.locals}
    return out


_FactRule = Callable[[FunctionFacts, Any, StmtFacts, frozenset[int]], None]
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
    out.defs.add(n.name)
    out.uses |= facts.loads(n)  # closures read whatever they mention


@_fact_rule(ast.Lambda)
def _lambda(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.uses |= facts.loads(n)


@_fact_rule(ast.Import, ast.ImportFrom)
def _import(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.defs |= {(a.asname or a.name).split(".")[0] for a in n.names}
    out.opaque = True


@_fact_rule(ast.ExceptHandler)
def _except(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    if n.name:
        out.defs.add(n.name)


@_fact_rule(ast.Global, ast.Nonlocal)
def _declare(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.opaque = True


@_fact_rule(ast.Raise, ast.Assert)
def _raise(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    out.decides = True


@_fact_rule(ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)
def _assign(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    targets = n.targets if isinstance(n, ast.Assign | ast.Delete) else [n.target]
    for t in targets:
        for sub in facts.index.find(t, _TARGET_PARTS, itself=True, nested=True):
            if isinstance(sub, ast.Attribute | ast.Subscript):
                r = root_name(sub)
                if r:
                    out.mutates.add(r)
                if r not in facts.locals:
                    out.opaque = True
            elif sub.id in facts.nonlocals:  # type: ignore[attr-defined]
                out.opaque = True
    if isinstance(n, ast.AugAssign):
        r = root_name(n.target)
        if r:
            out.mutates.add(r)


_TARGET_PARTS = (ast.Attribute, ast.Subscript, ast.Name)


@_fact_rule(ast.Await, ast.AsyncFor, ast.AsyncWith, ast.comprehension)
def _await(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    if not isinstance(n, ast.comprehension) or n.is_async:
        out.has_calls = True
        out.awaits = True


@_fact_rule(ast.Call)
def _call(facts: FunctionFacts, n: Any, out: StmtFacts, skip: frozenset[int]) -> None:
    fact = facts.calls.get(id(n))
    if fact is None:
        return
    if id(n) in skip:
        out.has_calls = True
        return
    if fact.kind is not Kind.PURE or not (isinstance(n.func, ast.Name) and hasattr(builtins, n.func.id)):
        out.has_calls = True
    out.decides |= fact.raises
    out.barrier |= fact.spacing
    if fact.kind in (Kind.PURE, Kind.READ):
        return
    if fact.kind is Kind.WRITE:
        out.writes.add(fact.resource or "any")
    if fact.kind is Kind.UNKNOWN:
        out.writes.add("any")
        out.opaque = out.barrier = True
    receiver = root_name(n.func.value) if isinstance(n.func, ast.Attribute) else None
    own_method = receiver in facts.locals and isinstance(
        fact.obj, types.BuiltinMethodType | types.MethodDescriptorType)
    if fact.kind is Kind.CPU and not own_method:
        # next(counter), or a method that may change whatever its object reaches:
        # only a container's own method (`out.append`) changes just its receiver.
        out.opaque = True
    if not (fact.kind is Kind.CPU and own_method):  # `out.append(x)` stores x, unchanged
        for arg in [*n.args, *(k.value for k in n.keywords)]:
            out.mutates |= facts.loads(arg) & facts.locals
    if receiver:
        out.mutates.add(receiver)


# The nodes `_stmt_facts` looks at: names, and those with a rule.
_FACT_NODES = (ast.Name, *_FACT_RULES)
