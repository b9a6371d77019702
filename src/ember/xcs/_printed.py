"""Helpers that print, started early: what they print is shown at the call's own place.

A helper that reads and whose only output is its own ``print()`` calls to stdout (or
``sys.stdout.write(...)``) (`CallFact.prints`) may start before its place like any read.
Started, it runs as its *printing twin*: its own code, each such ``print(...)`` given
``file=`` a buffer of that call's (`held_output`), each ``sys.stdout.write`` written there: a text stream over bytes with stdout's encoding and error handler,
so print itself (C code, no frame of Ember's) raises what it would where it would. The
program shows the buffer on stdout when it reaches the call's place (`Frame.result`,
`Frame.force`): the helper's lines come out between what the code before and after the
call prints, as written. A call the program never reaches (an earlier call failed first)
shows nothing, as the plain code never ran it.

A plain logger's own call in it (``LOG.info("asking %s", q)``, `_shown.held_log`) makes its
record in the twin, as the logger's call would there (`_log`: formatted there unless it
holds only scalars), and the program hands the record to the logger's handlers at the
call's place, between the pieces printed before and after it (`show`).

A helper it calls by name whose only output is its own prints (``log(msg)`` that prints
a line) runs as that helper's printing twin, into the same buffer. A helper whose output is
anything else (another log line, ``print(file=...)``, a helper passed in that prints), or that is
part of a recursion, is output where it is called: it keeps its place
(`_shown.shown_where_called`). So does every such call while stdout is
not Python's own stream or a ``StringIO`` (a stream of yours: its ``write`` is yours), or
while the helper's ``print`` is not the builtin (a wrapper of yours put in `builtins`).
"""

from __future__ import annotations

import ast
import asyncio
import codecs
import contextlib
import contextvars
import inspect
import io
import logging
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import rule_for_call
from ember.xcs._guards import guards_hold
from ember.xcs._held import held as kept
from ember.xcs._index import SCOPES, walk_scope
from ember.xcs._shown import builtin_print, held_log, held_print, helper_call
from ember.xcs._source import NoSource, source_tree
from ember.xcs._summary import classify_call
from ember.xcs._twin import Twins, compile_twin, to_rewrite

__all__ = ["HeldOutput", "held", "held_output", "printing_twin", "reset", "show"]

_HELD = "__ember_held"  # the twin's name for `_INJECTED`
# The buffer of the started call running in this context (a worker thread's, set by `held`).
_current: contextvars.ContextVar[HeldOutput | None] = contextvars.ContextVar(
    "ember_held_output", default=None)


class _Pieces(io.BytesIO):
    """The bytes of a text stream that writes through to it, each write's kept apart."""

    def __init__(self) -> None:
        super().__init__()
        self.ends: list[int] = []

    def write(self, data: Any) -> int:
        n = super().write(data)
        self.ends.append(self.tell())
        return n


class _Encoded(io.TextIOWrapper):
    """One started call's prints, for a stdout that encodes: a text stream (C code: print
    writes to it as to stdout, and raises what it would) that hands each piece on at once,
    noting where a print asked for a flush (``print(..., flush=True)``), and its log
    records, each after the pieces written before it."""

    def __init__(self, encoding: str, errors: str) -> None:
        super().__init__(_Pieces(), encoding=encoding, errors=errors, newline="\n",
                         write_through=True)
        self.flushes: set[int] = set()  # the number of pieces written at each flush
        self.logs: list[tuple[int, logging.Logger, logging.LogRecord]] = []

    def written(self) -> int:
        return len(self.buffer.ends)  # type: ignore[attr-defined]

    def flush(self) -> None:
        super().flush()
        self.flushes.add(len(self.buffer.ends))  # type: ignore[attr-defined]

    def texts(self) -> list[str]:
        """The pieces as text, decoded in turn (a stateful encoding's shifts carry on)."""
        pieces: _Pieces = self.buffer  # type: ignore[assignment]
        data, start, out = pieces.getvalue(), 0, []
        undo = self.errors if self.errors in ("surrogateescape", "surrogatepass") else "strict"
        decoder = codecs.getincrementaldecoder(self.encoding)(undo)
        for k, end in enumerate(pieces.ends, 1):
            out.append(decoder.decode(data[start:end], final=k == len(pieces.ends)))
            start = end
        return out


class _Text(io.StringIO):
    """One started call's prints, for a stdout that is a ``StringIO``: one, so that a write
    raises what that one raises (``sys.stdout.write(3)``), each piece kept apart."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.flushes: set[int] = set()
        self.logs: list[tuple[int, logging.Logger, logging.LogRecord]] = []

    def written(self) -> int:
        return len(self.pieces)

    def write(self, text: Any) -> int:
        n = super().write(text)
        self.pieces.append(text)
        return n

    def flush(self) -> None:
        super().flush()
        self.flushes.add(len(self.pieces))

    def texts(self) -> list[str]:
        return self.pieces


HeldOutput = _Encoded | _Text


def held_output() -> HeldOutput:
    """A buffer for one started call's prints, of stdout's kind now: a ``StringIO``, or a
    stream that encodes as stdout does."""
    if isinstance(sys.stdout, io.StringIO):
        return _Text()
    encoding = getattr(sys.stdout, "encoding", None)
    errors = getattr(sys.stdout, "errors", None)
    if not isinstance(encoding, str):
        encoding, errors = "utf-8", "surrogatepass"
    try:
        codecs.lookup(encoding)
        codecs.lookup_error(errors if isinstance(errors, str) else "strict")
    except LookupError:
        encoding, errors = "utf-8", "surrogatepass"
    return _Encoded(encoding, errors if isinstance(errors, str) else "strict")


def show(out: HeldOutput) -> None:
    """At the call's place: what it printed, on stdout as its prints would have put it,
    piece by piece, flushed where a print asked (a block-buffered stdout keeps the rest, as
    it does for the plain code, while what else writes to its file goes ahead), and each
    log record handed to its logger's handlers between the pieces it came between."""
    stream = sys.stdout
    logs = iter(out.logs)
    pending = next(logs, None)
    for k, text in enumerate(out.texts(), 1):
        while pending is not None and pending[0] < k:
            _handle(*pending[1:])
            pending = next(logs, None)
        if stream is not None:  # (print writes nothing to a stdout of None)
            stream.write(text)
            if k in out.flushes:
                stream.flush()
    while pending is not None:
        _handle(*pending[1:])
        pending = next(logs, None)


def _handle(logger: logging.Logger, record: logging.LogRecord) -> None:
    """A held record, handled as the plain call handles it here: if the logger logs its
    level now, by this thread (whose name and id a format may show)."""
    if logger.isEnabledFor(record.levelno):
        if logging.logThreads:  # (off, the record names no thread, as the plain one)
            record.thread = threading.get_ident()
            record.threadName = threading.current_thread().name
        if hasattr(record, "taskName"):  # (Python 3.12: the task logging, as the record asks)
            record.taskName = _task_name()
        logger.handle(record)


def _task_name() -> str | None:
    if not getattr(logging, "logAsyncioTasks", False):
        return None
    try:
        task = asyncio.current_task()
    except RuntimeError:  # (no running loop)
        return None
    return None if task is None else task.get_name()


def _log(method: Any, msg: Any, *args: Any, exc_info: Any = None) -> None:
    """A logger's call in a printing twin (``LOG.info(...)``, `_shown.held_log`): its record
    made here, as the logger's own call makes it (the twin's frame is the caller's: its
    file, line and name), and held for its place (`show`)."""
    logger, level = method.__self__, _LEVELS[method.__name__]
    if not logger.isEnabledFor(level):
        return
    if method.__name__ == "exception" and exc_info is None:
        exc_info = True
    if isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    elif exc_info and not isinstance(exc_info, tuple):
        exc_info = sys.exc_info()
    caller = sys._getframe(1)
    where = (caller.f_code.co_filename, caller.f_lineno, caller.f_code.co_name) if (
        logging._srcfile) else ("(unknown file)", 0, "(unknown function)")  # (as findCaller)
    record = logger.makeRecord(logger.name, level, where[0], where[1], msg, args, exc_info,
                               where[2], None, None)
    if not all(type(a) in _SCALARS for a in (msg, *args)):
        # Formatted now, as the plain call's handlers format it: what it is handed may
        # change before the call's place (a list the helper appends to after logging it).
        with contextlib.suppress(Exception):  # (a bad format fails in the handler, as plain)
            record.msg, record.args = record.getMessage(), None
    out = _current.get()
    assert out is not None, "a printing twin runs with its call's buffer"
    out.logs.append((out.written(), logger, record))


_SCALARS = frozenset({str, int, float, bool, bytes, type(None)})
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
           "error": logging.ERROR, "exception": logging.ERROR, "critical": logging.CRITICAL}


def held(callee: Any, out: HeldOutput) -> Callable[..., Any]:
    """`callee` as its printing twin (`printing_twin` said it has one), printing to `out`."""
    twin = printing_twin(callee)
    assert twin is not None, "launched as printed, so it has a printing twin"

    def run(*args: Any, **kwargs: Any) -> Any:
        token = _current.set(out)
        try:
            return twin(*args, **kwargs)
        finally:
            _current.reset(token)

    async def arun(*args: Any, **kwargs: Any) -> Any:  # (in its own task's context)
        _current.set(out)
        return await twin(*args, **kwargs)

    return arun if inspect.iscoroutinefunction(twin) else run


def printing_twin(callee: Any) -> Callable[..., Any] | None:
    """The printing twin of a function or a bound method of one; None when it has none:
    not Python code with its source, a nested function, lambda or class (what they print
    is not looked at), a generator, or names its prints resolved since bound to other
    objects. A coroutine function's twin is one too (a task's: `Frame.astart`)."""
    func = callee.__func__ if type(callee) is types.MethodType else callee
    if type(func) is not types.FunctionType or not _prints_plainly(func):
        return None
    twin, guards = _PRINTING.entry(func)
    if twin is None or not guards_hold(guards, {}):
        return None
    return types.MethodType(twin, callee.__self__) if func is not callee else twin


def _prints_plainly(func: types.FunctionType) -> bool:
    """Is ``print`` in `func` the builtin, and a print now ordered output on stdout, an
    open one (a write to a closed one raises inside the helper)?"""
    space = func.__builtins__ if isinstance(func.__builtins__, dict) else vars(
        func.__builtins__)
    found = func.__globals__.get("print", space.get("print"))
    stream = sys.stdout
    return builtin_print(found) and getattr(
        rule_for_call(found, (), {}), "resource", None) == "stdout" and (
        stream is not None and not getattr(stream, "closed", True)) and getattr(
        stream, "errors", None) in _UNDONE


# Error handlers whose output decodes back to what the stream writes again the same way
# (a handler of yours may write bytes its encoding cannot read back: in place).
_UNDONE = frozenset({None, "strict", "surrogateescape", "surrogatepass", "replace",
                     "backslashreplace", "xmlcharrefreplace", "namereplace", "ignore"})


def reset() -> None:
    _PRINTING.reset()


def _make(func: types.FunctionType) -> tuple[types.CodeType | None, list[tuple]]:
    if func.__code__.co_flags & (0x20 | 0x100 | 0x200):  # a generator (async or not)
        return None, []
    found = to_rewrite(func, SCOPES)  # (what a nested scope prints is not looked at)
    if found is None:
        return None, []
    tree, filename, resolver = found
    replace: dict[int, ast.expr] = {}
    guards = list(resolver.guards)
    for call in [n for n in walk_scope(tree) if isinstance(n, ast.Call)]:
        fact = classify_call(call, resolver)
        if fact.resource == "stdout" and held_log(call, fact, resolver.local_names):
            held_call = ast.copy_location(_injected("log", [call.func, *call.args],
                                                    call.keywords), call)
            for node in ast.walk(held_call.func):  # (where the call's line comes from, for
                ast.copy_location(node, call.func)  # a call over lines: the record's line)
            replace[id(call)] = held_call
        elif fact.resource == "stdout" and held_print(call, fact, resolver.local_names):
            replace[id(call)] = ast.Call(func=call.func, args=call.args, keywords=[
                *call.keywords, ast.keyword(arg="file", value=_injected("get", []))]) if (
                type(call.func) is ast.Name) else ast.Call(  # (``sys.stdout.write(s)``)
                    func=ast.Attribute(value=_injected("get", []), attr=call.func.attr,
                                       ctx=ast.Load()), args=call.args, keywords=[])
        elif (fact.prints or fact.dynamic) and helper_call(call, fact, resolver):
            # ``log(msg)``, or a helper whose prints its arguments decide (``fetch(client,
            # k)``): its twin, here, into the same buffer; one that has none must print
            # nothing (its launch said this helper's output is held: `_launch.rule_of`)
            replace[id(call)] = ast.Call(func=_injected("twin", [call.func]), args=call.args,
                                         keywords=call.keywords)
            check = _has_twin if fact.prints else _twin_or_silent
            guards += [*fact.guards, ("check-obj", kept(fact.obj), (), check, True)]
        elif fact.prints or fact.resource == "stdout":
            return None, []  # (output it would not hold: what classified it has changed)
    if not replace:
        return None, []
    asynchronous = bool(func.__code__.co_flags & inspect.CO_COROUTINE)
    return compile_twin(func, tree, filename, replace, _HELD, asynchronous), guards


def _injected(attr: str, args: list[ast.expr], keywords: list[ast.keyword] | None = None
              ) -> ast.Call:
    """``__ember_held.<attr>(*args, **keywords)`` in a twin."""
    return ast.Call(func=ast.Attribute(value=ast.Name(id=_HELD, ctx=ast.Load()), attr=attr,
                                       ctx=ast.Load()), args=args, keywords=keywords or [])


def _has_twin(func: Any) -> bool:
    return printing_twin(func) is not None


def _twin_or_silent(func: types.FunctionType) -> bool:
    """Has `func` a printing twin, or no print and no stream of its own to print with?"""
    if _has_twin(func):
        return True
    try:
        tree, _ = source_tree(func)
    except NoSource:
        return False
    return not any(type(n) is ast.Name and n.id in ("print", "pprint") or type(
        n) is ast.Attribute and n.attr in ("stdout", "stderr") for n in ast.walk(tree))


def _twin_or_itself(callee: Any) -> Any:
    """A helper's printing twin, called by a printing twin; the helper itself if its twin
    is gone since the call started (another thread rebound what it resolved)."""
    return printing_twin(callee) or callee


# What a printing twin calls: the buffer of the call it runs for, and its helpers' twins.
_INJECTED = types.SimpleNamespace(get=_current.get, twin=_twin_or_itself, log=_log)
_PRINTING = Twins(_make, _HELD, _INJECTED)  # the printing twins
