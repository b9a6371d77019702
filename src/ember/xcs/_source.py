"""The source a function was compiled from, parsed, once it is checked to be the code that runs.

`jit` analyses the code that is loaded, never a file that may have changed since: the def
read from the code object's file is compiled again and compared with the code object
(bytecode, names and constants; not line numbers). A mismatch, or no source at all, is
`NoSource`: the function runs as written, and the reason says why.
"""

from __future__ import annotations
import __future__

import ast
import contextlib
import dis
import inspect
import linecache
import re
import textwrap
import tokenize
import types
import weakref
from collections.abc import Callable
from typing import Any

from ember.xcs._index import walk_scope
from ember.xcs._private import private_owner, spell_private

__all__ = ["NoSource", "check_loaded", "future_flags", "source_tree"]


class NoSource(Exception):
    """The function's source cannot be analysed; it runs as written (the reason says why).

    `fix` is set when the user can do something about it; `jit` then warns once.
    """

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason)
        self.fix = fix


_DEFINE_IN_FILE = ("Define it in a file (a module or a script) or a notebook cell to let "
                   "the JIT overlap its calls.")
_EDITED = "Reload the module (or restart) so that the code that runs is the code on disk."


def source_tree(func: Callable[..., Any], check: bool = True
                ) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]:
    """The function's own definition, parsed, once it is checked to be the code that runs.

    With ``check=False`` the caller checks it later, with `check_loaded`, before anything
    it decided from the tree runs (and before the tree is changed): a function whose plan
    is to run as written needs no check (a lambda is always checked: the check picks it).
    """
    code = getattr(func, "__code__", None)
    if code is None:
        raise NoSource(f"{func!r} is not a Python function")
    # Read the lines straight from the code object's file: inspect.getsourcelines would
    # first scan every loaded module (tens of ms on a first call).
    all_lines = linecache.getlines(code.co_filename)
    start = code.co_firstlineno - 1
    if not all_lines or start >= len(all_lines):
        raise NoSource(f"its source is not available (defined in {code.co_filename})",
                       _DEFINE_IN_FILE)
    if code.co_name == "<lambda>":
        return _lambda_tree(all_lines, code), code.co_filename
    module = _block_by_indent(all_lines[start:], code.co_firstlineno)
    if module is None:
        try:
            lines = inspect.getblock(all_lines[start:])
            module = _parse_at(lines, code.co_firstlineno)
        except (SyntaxError, tokenize.TokenError) as exc:
            raise NoSource(f"source could not be read ({exc})") from None
    node = module.body[0] if module.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name != code.co_name:
        raise NoSource("source does not start with the function's def")
    _spell_private(node, code)
    if check and _verified.get(code) is not all_lines:
        check_loaded(node, code, getattr(func, "__globals__", None))
        _verified[code] = all_lines
    return node, code.co_filename


# The code objects whose source was checked, each with the lines (linecache's list for
# its file) it was checked against: the same list again is the same text, and a file
# read anew (edited) is another list, checked again. Weakly: a code object dropped with
# its function takes its entry with it.
_verified: weakref.WeakKeyDictionary[types.CodeType, list[str]] = weakref.WeakKeyDictionary()


def check_loaded(node: ast.FunctionDef | ast.AsyncFunctionDef, code: types.CodeType,
                 scope: dict[str, Any] | None = None) -> None:
    """Raise `NoSource` unless `node` (as parsed, unchanged) compiles to `code` (`scope`:
    the function's globals, which make the check cheaper, see `_imports`)."""
    if not _same_code(node, code, scope):
        raise NoSource(f"its source file ({code.co_filename}) no longer matches the code "
                       "that was loaded (edited since the import?)", _EDITED)


def _lambda_tree(all_lines: list[str], code: types.CodeType) -> ast.FunctionDef:
    """A lambda, as the def it compiles like: ``def <lambda>(args): return body``.

    The statement holding it is parsed from the lambda's first line (a few lines more at
    a time, until it parses); of the lambdas that start on that line, the one whose code
    is the loaded code is taken.
    """
    start = code.co_firstlineno - 1
    module = None
    for end in range(start + 1, min(start + _LAMBDA_LINES, len(all_lines)) + 1):
        with contextlib.suppress(SyntaxError):
            module = _parse_at(all_lines[start:end], code.co_firstlineno)
            break
    if module is None:
        raise NoSource("the statement holding the lambda could not be read")
    for node in ast.walk(module):
        if isinstance(node, ast.Lambda) and node.lineno == code.co_firstlineno:
            at = {"lineno": node.lineno, "col_offset": node.col_offset,
                  "end_lineno": node.end_lineno, "end_col_offset": node.end_col_offset}
            fn = ast.FunctionDef(name=code.co_name, args=node.args,
                                 body=[ast.Return(value=node.body, **at)], decorator_list=[],
                                 returns=None, type_params=[], **at)
            _spell_private(fn, code)
            if _same_code(fn, code):
                return fn
    raise NoSource(f"no lambda on line {code.co_firstlineno} of {code.co_filename} matches "
                   "the code that was loaded (edited since the import?)", _EDITED)


_LAMBDA_LINES = 20  # the most lines a statement holding a lambda is read to


def _spell_private(node: ast.FunctionDef | ast.AsyncFunctionDef, code: types.CodeType) -> None:
    """Spell `node`'s private names as `code` does (see `_private`)."""
    owner = private_owner(code)
    why = spell_private(node, owner) if owner is not None else None
    if why:
        raise NoSource(why)


def _same_code(node: ast.FunctionDef | ast.AsyncFunctionDef, code: types.CodeType,
               scope: dict[str, Any] | None = None) -> bool:
    """Does compiling `node` give `code`'s bytecode, names and constants?

    The def is compiled inside a function that defines its free variables, so closures
    compile as they did. Line numbers are not compared: only what the code does. With
    `scope` (the function's globals), the modules it names are imported first, as its
    module most likely did (see `_imports`).
    """
    body: list[ast.stmt] = [node]
    if code.co_freevars:
        cells = [ast.Assign(targets=[ast.Name(id=v, ctx=ast.Store())], value=ast.Constant(None))
                 for v in code.co_freevars]
        outer = ast.FunctionDef(name="__ember_outer", args=_NO_ARGS, body=[*cells, node],
                                decorator_list=[], returns=None, type_params=[])
        body = [_at_line_one(outer)]
    if scope is not None:
        body = [*_imports(code, scope), *body]
    module = ast.Module(body=body, type_ignores=[])
    try:
        compiled = compile(module, code.co_filename, "exec", flags=future_flags(code),
                           dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    if code.co_freevars:
        compiled = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
    inner = next((c for c in compiled.co_consts
                  if isinstance(c, types.CodeType) and c.co_name == code.co_name), None)
    return inner is not None and _code_equal(inner, code, (inner.co_qualname, code.co_qualname))


def _imports(code: types.CodeType, scope: dict[str, Any]) -> list[ast.stmt]:
    """``import name`` for each global the code (or code nested in it) names that holds a
    module: the module most likely bound it by an import, and the compiler then calls its
    functions another way (see `_SAME_OP`). Compiled so, the def's bytecode is the loaded
    code's byte for byte in the usual case, and the slower comparison of `_units` is not
    needed; a wrong guess only leaves it to that comparison."""
    names: set[str] = set()
    stack = [code]
    while stack:
        c = stack.pop()
        names.update(c.co_names)
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
    at = {"lineno": 1, "col_offset": 0, "end_lineno": 1, "end_col_offset": 0}
    return [ast.Import(names=[ast.alias(name=n, asname=None, **at)], **at)
            for n in sorted(names) if isinstance(scope.get(n), types.ModuleType)]


def _code_equal(a: types.CodeType, b: types.CodeType, roots: tuple[str, str]) -> bool:
    """`roots`: the qualified names of the two defs compared (see `_qualified`)."""
    if (a.co_names != b.co_names or a.co_varnames != b.co_varnames
            or a.co_freevars != b.co_freevars or len(a.co_consts) != len(b.co_consts)):
        return False
    if not _same_instructions(a, b):
        return False
    for x, y in zip(a.co_consts, b.co_consts, strict=True):
        if isinstance(x, types.CodeType):
            if not (isinstance(y, types.CodeType) and _code_equal(x, y, roots)):
                return False
        elif type(x) is not type(y) or x != y and x == x and not (  # (NaN equals itself)
                _qualified(x, a, roots[0]) == _qualified(y, b, roots[1]) is not None):
            return False
    return True


def _qualified(const: str, code: types.CodeType, root: str) -> str | None:
    """A class body's ``__qualname__`` (its code's own qualified name) past the def's own:
    compiled alone, a method's def qualifies the classes it defines without its class's name
    (``m.<locals>.C`` for ``K.m.<locals>.C``)."""
    return const[len(root):] if const == code.co_qualname and const.startswith(
        root + ".") else None


# The compiler loads a method of a name its module bound by `import` another way
# (LOAD_ATTR rather than LOAD_METHOD, which moves jump targets); compiled alone, the def
# cannot know. It does so even where a local shadows the module's name (``json =
# r.json(); json.get(k)``), and then pushes a NULL first (PUSH_NULL: the call convention
# of a plain callable, not of a method). Same meaning: PUSH_NULL is left out.
_SAME_OP = {"LOAD_METHOD": "LOAD_ATTR"}
_CONVENTION = "PUSH_NULL"
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
            for i in dis.get_instructions(code) if i.opname != _CONVENTION]


_CACHE = dis.opmap["CACHE"]
_PUSH_NULL = dis.opmap[_CONVENTION]
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
            for op, arg in zip(raw[::2], raw[1::2], strict=True)
            if op != _CACHE and op != _PUSH_NULL]


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


def future_flags(code: types.CodeType) -> int:
    """The ``from __future__`` imports `code` was compiled under, for compiling it again
    (``annotations``: a local class's method annotated with the class is not evaluated)."""
    return code.co_flags & _FUTURE_FLAGS


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
    if text[:1] in (" ", "\t", "\n") or _SPACES_ONLY.search(text):  # (else it changes nothing)
        text = textwrap.dedent(text)
    return ast.parse("\n" * (lineno - 1) + text)


# The lines `textwrap.dedent` empties (its own pattern): text starting unindented without
# them comes out of it unchanged, and is parsed without its two passes over every line.
_SPACES_ONLY = re.compile("^[ \t]+$", re.MULTILINE)


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

