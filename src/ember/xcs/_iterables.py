"""Loop iterables whose items may be taken up front although they are not plain containers.

A loop whose calls start for every item needs the items first (`Frame.snapshot`). For a
list that changes nothing; for an iterator it reads ahead, which is invisible only when
nothing else can see the iterator and reading it runs no user code. One such iterable is
common enough to matter: rows of a SELECT, ``for row in conn.execute("SELECT ...")``.
Another is a file's lines, ``with open(p) as f: for line in f: ...``, when the plan finds
that no other code reads the file (`owned_file`; see `lines_ahead`).

- The cursor is fresh: `sqlite3.Connection.execute` made it for this loop (a cursor held by
  a name, ``cur.execute(...)`` returning ``cur``, is not: code after the loop could read
  it), so the loop is the only code that sees it.
- Reading its rows runs no Python code the program could tell apart: the statement is a
  SELECT whose functions and collations are SQLite's own (a function made with
  ``create_function`` runs Python per row), the connection has neither a row factory
  other than `sqlite3.Row` nor a text factory other than `str`, and no converters are
  registered but sqlite3's own (which parse dates: pure). (A progress handler, ``set_progress_handler``, would run earlier than in
  the plain loop; SQLite offers no way to ask for one. It is the one assumption.)

Anything else keeps its items where the loop takes them: the calls run in place.
"""

from __future__ import annotations

import ast
import io
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind

if TYPE_CHECKING:
    from ember.xcs._analysis import FunctionFacts

__all__ = ["SNAPSHOT_TYPES", "WRAPPERS", "Collected", "gathered", "lines_ahead", "made_fresh",
           "owned_connection", "owned_file", "rows_ahead", "wraps_values"]

#: The most bytes of a file read ahead for a loop (more stays streamed, the calls in place).
MAX_FILE_BYTES = 1 << 20

# SQLite's core, date and aggregate functions: C code, no Python runs for them.
_BUILTIN_FUNCTIONS = frozenset("""
abs changes char coalesce concat concat_ws format glob hex ifnull iif instr
last_insert_rowid length like likelihood likely lower ltrim max min nullif octet_length
printf quote random randomblob replace round rtrim sign soundex substr substring
total_changes trim typeof unhex unicode unlikely upper zeroblob
date time datetime julianday unixepoch strftime timediff
avg count group_concat string_agg sum total
json json_array json_array_length json_extract json_insert json_object json_patch
json_quote json_remove json_replace json_set json_type json_valid
cast exists in and or not on where when then else case is like glob between as over filter
select from by having values
""".split())
_CALLED = re.compile(r"([A-Za-z_][A-Za-z_0-9]*)\s*\(")
_COLLATE = re.compile(r"\bcollate\s+([A-Za-z_][A-Za-z_0-9]*)", re.IGNORECASE)
_BUILTIN_COLLATIONS = frozenset({"binary", "nocase", "rtrim"})
_SELECT = re.compile(r"\s*select\b", re.IGNORECASE)


def made_fresh(callee: Any, args: tuple, kwargs: dict) -> bool:
    """Does ``callee(*args, **kwargs)`` make a new SELECT cursor whose rows run no Python?"""
    sqlite3 = sys.modules.get("sqlite3")  # (not imported: the callee is none of its own)
    owner = getattr(callee, "__self__", None)
    if (sqlite3 is None or type(owner) is not sqlite3.Connection or getattr(callee, "__name__", "") != "execute"
            or type(callee).__name__ != "builtin_function_or_method" or kwargs
            or not args or type(args[0]) is not str):
        return False
    sql = args[0]
    if not _SELECT.match(sql) or ";" in sql.rstrip().rstrip(";"):
        return False
    text = _strip_literals(sql)
    if any(q in text for q in '"`['):
        return False  # (a quoted name might be a function's)
    if any(name.lower() not in _BUILTIN_FUNCTIONS for name in _CALLED.findall(text)):
        return False
    if any(name.lower() not in _BUILTIN_COLLATIONS for name in _COLLATE.findall(text)):
        return False
    return (owner.row_factory in (None, sqlite3.Row) and owner.text_factory is str
            and all(getattr(c, "__module__", None) == "sqlite3.dbapi2"  # (its own: pure)
                    for c in sqlite3.converters.values()))


def rows_ahead(cursor: Any) -> bool:
    """May the rows of this cursor, one `made_fresh` vouched for, be read now?"""
    sqlite3 = sys.modules["sqlite3"]
    return type(cursor) is sqlite3.Cursor and cursor.row_factory in (None, sqlite3.Row)


def lines_ahead(f: Any) -> bool:
    """May the lines of a file the plan found no other code reads (`owned_file`) be read
    now? Only from a regular file opened to read, not closed, with at most
    `MAX_FILE_BYTES` left (a pipe, a socket or a terminal could block or wait for data
    the loop's own calls cause)."""
    if type(f) not in (io.TextIOWrapper, io.BufferedReader) or f.closed:
        return False
    try:
        if not f.readable() or f.writable():
            return False
        info = os.fstat(f.fileno())
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES


def _strip_literals(sql: str) -> str:
    """`sql` without its string literals and comments (a name in them calls nothing)."""
    return re.sub(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", " ", sql, flags=re.DOTALL)


def owned_file(facts: FunctionFacts, loop: ast.For) -> bool:
    """Is the loop the only code that reads its file after it starts? ``with open(p) as
    f: ... for line in f: <body>`` with the loop last in the `with` (the file is closed
    right after it, however it ends), and `f` written nowhere else in the function. Its
    lines may then be read up front (`file_lines` checks the file is a small regular file,
    opened to read)."""
    it, index = loop.iter, facts.index
    up = index.parent(loop)
    if not (isinstance(it, ast.Name) and isinstance(up, ast.With) and up.body[-1] is loop
            and len(up.items) == 1 and isinstance(up.items[0].optional_vars, ast.Name)
            and up.items[0].optional_vars.id == it.id
            and isinstance(up.items[0].context_expr, ast.Call)):
        return False
    opener = facts.calls.get(id(up.items[0].context_expr))
    if opener is None or opener.obj is not open or opener.kind is not Kind.READ:
        return False  # (a read: opened in a mode that does not write)
    name = it.id
    mentions = [n for n in index.find(facts.tree, ast.Name, nested=True)
                if n.id == name]  # type: ignore[attr-defined]
    return name in facts.locals and len(mentions) == 2  # (``as f``, ``in f``)


def owned_connection(facts: FunctionFacts, loop: ast.For) -> bool:
    """Is the loop's iterable ``conn.execute(...)`` on a SQLite connection the function
    opened itself (``conn = sqlite3.connect(...)``, or ``with sqlite3.connect(...) as
    conn``) and uses only through its plain methods? Only then is it known to run no
    Python of yours per row: `create_function`, `create_collation`, `create_aggregate` and
    the callbacks can make a SELECT run Python that its text does not show (an operator,
    a view, a generated column, a column's collation, a built-in replaced)."""
    it, index = loop.iter, facts.index
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute)
            and it.func.attr == "execute" and isinstance(it.func.value, ast.Name)):
        return False
    name = it.func.value.id
    sqlite3 = sys.modules.get("_sqlite3")  # (its own connect: `sqlite3.connect` may be patched)
    stores = [n for n in index.find(facts.tree, ast.Name, nested=True)
              if n.id == name and not isinstance(n.ctx, ast.Load)]  # type: ignore[attr-defined]
    if sqlite3 is None or name in facts.params or len(stores) != 1:
        return False  # (bound once, by the function itself)
    bind = index.parent(stores[0])
    if isinstance(bind, ast.Assign) and bind.targets == stores:
        value = bind.value
    elif isinstance(bind, ast.withitem) and bind.optional_vars is stores[0]:
        value = bind.context_expr
    else:
        return False
    opener = facts.calls.get(id(value)) if isinstance(value, ast.Call) else None
    if opener is None or opener.obj is not sqlite3.connect:
        return False
    uses = [n for n in index.find(facts.tree, ast.Name, nested=True)
            if n.id == name and isinstance(n.ctx, ast.Load)]  # type: ignore[attr-defined]
    return all(isinstance(attr := index.parent(n), ast.Attribute)
               and attr.attr in _PLAIN_CONNECTION and isinstance(index.parent(attr), ast.Call)
               and index.parent(attr).func is attr for n in uses)  # type: ignore[union-attr]


_PLAIN_CONNECTION = frozenset({"execute", "executemany", "executescript", "commit",
                               "rollback", "close", "cursor"})


def gathered(items: Iterable[Any]) -> Collected:
    """All the items, or those before the error that stopped them (a line that does not
    decode, a row whose SQL fails): the loop walks them and meets the error at its item."""
    out: list[Any] = []
    try:
        for item in items:
            out.append(item)
    except Exception as exc:  # noqa: BLE001 - raised at the same item by replay
        return Collected(out, exc)
    return Collected(out, None)


class Collected(list):
    """Items gathered up front, and the exception (if any) that stopped the gathering."""

    def __init__(self, items: list[Any], error: BaseException | None,
                 rest: Iterator[Any] | None = None) -> None:
        super().__init__(items)
        self.error = error
        self.rest = rest  # the items not gathered, taken one at a time

    def __iter__(self):  # replay: the items, then the error exactly where it happened
        yield from list.__iter__(self)
        if self.rest is not None:
            yield from self.rest
        if self.error is not None:
            raise self.error


# What a loop may take all of up front: the values of these types walked as they are.
SNAPSHOT_TYPES = frozenset({list, tuple, range, str, bytes, dict, set, frozenset,
                            type({}.keys()), type({}.values()), type({}.items())})
# Builtin iterators over values walked as they are: over those types, as good as them.
WRAPPERS = (enumerate, zip)


def wraps_values(callee: Any, args: tuple, kwargs: dict) -> bool:
    """Does ``callee(*args, **kwargs)`` walk values of `SNAPSHOT_TYPES` and nothing else
    (``enumerate(rows)``, ``zip(keys, urls)``)?"""
    walked = args[:1] if callee is enumerate else args  # (``enumerate(rows, 1)``: a start)
    return (callee in WRAPPERS and all(type(a) in SNAPSHOT_TYPES for a in walked)
            and all(type(v) in (int, bool) for v in (*args[len(walked):], *kwargs.values())))
