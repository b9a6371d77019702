"""The built-in effect rules of the standard library, and the builders the rules of
third-party libraries (`_packages`) share: HTTP verbs, one-conversation objects,
containers, JSON's hooks, which server a read talks to (table: docs/jit.md)."""

from __future__ import annotations

import codecs
import contextvars
import dataclasses
import decimal
import os
import pathlib
import socket
import stat
import sys
import types
import urllib.parse
import urllib.request
from typing import Any

from ember.xcs._effects import (
    ANY,
    OPERATORS,
    ArgRule,
    Data,
    Kind,
    Rule,
    TypeRule,
    attributes,
    consult,
    leaves_arguments,
    methods,
    put_rule,
    put_type,
)
from ember.xcs._hosts import server_at, url_text
from ember.xcs._imports import import_rule
from ember.xcs._pipes import waits
from ember.xcs._whose import replaced

__all__: list[str] = []


def _arg(args: tuple, kwargs: dict, index: int, name: str, missing: Any = None) -> Any:
    return kwargs[name] if name in kwargs else args[index] if len(args) > index else missing


def own_class(obj: Any, library: type) -> bool:
    """Is `obj` of `library`'s class itself (a subclass may run code of the user's on the
    call's path: ``send``, ``makeRecord``), with no method replaced on it or its class?"""
    return type(obj) is library and not any(callable(v) and callable(getattr(library, k, None))
                                            for k, v in getattr(obj, "__dict__", {}).items()
                                            ) and not replaced(library)


_PLAIN = frozenset({str, bytes, int, float, bool, type(None)})


def _plain_value(value: Any, own: frozenset[type] = frozenset(), depth: int = 0) -> bool:
    """Is `value` data a library may walk, format and send without running code of the
    user's: str, bytes, numbers, None and dicts, lists and tuples of them (exact types),
    or an object of one of the library's `own` types?"""
    kind = type(value)
    if kind in _PLAIN or kind in own:
        return True
    if depth > 4:
        return False
    if kind is dict:
        return all(_plain_value(k, own, depth + 1) and _plain_value(v, own, depth + 1)
                   for k, v in value.items())
    return kind in (list, tuple) and all(_plain_value(v, own, depth + 1) for v in value)


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _http_method_rule(index: int, resource: str = "url", returns: type | None = None,
                      owner: type | None = None) -> ArgRule:
    """``request(method, url, ...)``: a read for GET/HEAD/OPTIONS, else a write. For a
    method of `owner`, `index` counts its instance: a bound method's call
    (``session.request("GET", u)``) has its arguments one place earlier."""
    def rule(args: tuple, kwargs: dict) -> Rule | None:
        at = index
        if owner is not None and not (args and isinstance(args[0], owner)):
            at -= 1
        method = _arg(args, kwargs, at, "method", ANY)
        if method is ANY or not isinstance(method, str):
            return None
        if method.upper() in _SAFE_METHODS:
            return Rule(Kind.READ, f"HTTP {method.upper()}", resource, returns=returns)
        return Rule(Kind.WRITE, f"HTTP {method.upper()} changes the server", "net",
                    returns=returns)
    rule.gives = (returns, "thread")  # type: ignore[attr-defined]
    return rule


def _http(reason: str, method: str, returns: type | None = None, runner: str = "thread") -> Rule:
    if method in _SAFE_METHODS:
        return Rule(Kind.READ, f"{reason}: HTTP {method}", "url", runner, returns=returns)
    return Rule(Kind.WRITE, f"{reason}: HTTP {method} changes the server", "net", runner,
                returns=returns)


def _verbs(reason: str, returns: type | None = None, runner: str = "thread") -> dict[str, Rule]:
    return {m.lower(): _http(reason, m, returns, runner)
            for m in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")}


# Methods that take what a one-conversation object holds (a response's body, a cursor's
# rows): in order on that object, changing nothing else ("self"; a pipe's wait: `_pipes`).
_TAKES = frozenset({"read", "read1", "readline", "readlines", "readinto", "recv", "recv_into",
                    "recvfrom", "fetchone", "fetchall", "fetchmany", "getheader", "getheaders",
                    "getresponse", "tell", "fileno", "isatty", "readable", "seekable",
                    "writable", "getvalue", "__iter__", "__next__"})


_READS_DATA = frozenset({"read", "read1", "readline", "recv", "getvalue"})
_READS_LISTS = frozenset({"readlines", "fetchall", "fetchmany"})


def _in_place(resource: str, what: str, data: type | None = None,
              gives: dict[str, type] | None = None) -> TypeRule:
    """The rule for every method of a one-conversation type; `data` is what its reads
    give (str, bytes); `gives` names those that give another such object (``getresponse``)."""
    held = "file" if resource == "file" else "self"  # (a file's read or tell flushes first)

    def takes(returns: type | None) -> Rule:
        return Rule(Kind.WRITE, f"{what}: one conversation at a time, used in place in "
                    "program order; it only takes what the object holds", held,
                    returns=returns)
    by_name = {n: takes(data) for n in _READS_DATA}
    by_name.update({n: takes(list) for n in _READS_LISTS})
    by_name.update({n: takes(t) for n, t in (gives or {}).items()})
    other = takes(None)
    rest = Rule(Kind.WRITE, f"{what}: one conversation at a time, used in place in program "
                f"order", resource)
    if resource == "file":  # (``sys.stdout.write(s)``: output, as print's)
        by_name.update(dict.fromkeys(("write", "writelines", "flush"), _stream_output(rest)))
    return lambda _owner, name: waits(by_name.get(name) or (other if name in _TAKES else rest),
                                      name, what)


_STREAM_OUTPUT = Rule(Kind.WRITE, "writes to stdout or stderr: ordered output", "stdout")


def _stream_output(rest: Rule) -> ArgRule:
    """A file method called on the process's stdout or stderr (as they are when the plan is
    made: a guard checks them at every call) is ordered output, as print is; on another
    file, or on a stream of the user's put there, the file's rule."""
    def rule(args: tuple, kwargs: dict) -> Rule | None:
        stream = args[0] if args else ANY
        if stream is sys.stdout or stream is sys.stderr:
            return _shown(stream, _STREAM_OUTPUT) or rest
        return rest
    rule.receiver = True  # type: ignore[attr-defined]
    return rule


def writes_plainly(stream: Any) -> bool:
    """Is `stream`'s ``write`` Python's own (a file's, a `StringIO`'s), not one of yours
    that may send or print?"""
    return isinstance(getattr(type(stream), "write", None), types.MethodDescriptorType)


def on_disk(stream: Any) -> bool:
    """Is `stream` (one Python writes plainly) a file the program opened by its name, which
    a read of that file sees: a log file put in ``sys.stdout`` is written, not shown? (The
    process's own streams, and a test runner's unnamed capture file, are shown.)"""
    name = getattr(stream, "name", None)
    if not isinstance(name, str) or name.startswith("<"):
        return False
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # (io.UnsupportedOperation: no descriptor)
        return False


def _shown(stream: Any, shown: Rule) -> Rule | None:
    """Output to the process's stdout or stderr: `shown` (ordered output), a write of the
    file when it is one on disk, no rule when it is a stream of yours."""
    if not writes_plainly(stream):
        return None
    return _TO_A_FILE if on_disk(stream) else shown


_TO_A_FILE = Rule(Kind.WRITE, "writes to stdout or stderr, which is a file on disk", "file")


def _in_place_call(resource: str, what: str, returns: type | None = None) -> Rule:
    return Rule(Kind.WRITE, f"{what}: one conversation at a time, used in place in program "
                f"order", resource, returns=returns)


#: One-conversation types whose objects a helper may own (see `_owned`).
_OWNABLE: list[type] = []


def ownable_types() -> tuple[type, ...]:
    """Files, sockets and `http.client` connections and responses: objects a helper that
    makes one for itself uses from its own thread only (`_owned`)."""
    return tuple(_OWNABLE)


# --- built-in rules ---------------------------------------------------------------------------

# Builtins that change their arguments or the world (the other builtins compute).
_CPU_BUILTINS = ("setattr", "delattr", "next", "iter", "compile", "help", "aiter", "anext")
# Builtins that reach any name (a thread-local among them) or run any code: barriers.
_OPAQUE_BUILTINS = ("globals", "locals", "vars", "exec", "eval", "breakpoint")
_PURE_BUILTINS = (
    "abs", "all", "any", "ascii", "bin", "bool", "bytes", "callable", "chr", "complex", "dict",
    "divmod", "enumerate", "filter", "float", "format", "frozenset", "getattr", "hasattr",
    "hash", "hex", "id", "int", "isinstance", "issubclass", "len", "list", "map", "max", "min",
    "object", "oct", "ord", "pow", "range", "repr", "reversed", "round", "set", "slice",
    "sorted", "str", "sum", "tuple", "type", "zip", "bytearray", "memoryview", "property",
    "staticmethod", "classmethod", "super")
def _codec(pure: Rule, at: int = 0) -> ArgRule:
    """``encode``/``decode`` (``str(raw, codec, errors)``: `at` 1): pure with one of Python's
    own codecs and error handlers (one registered by the user runs its code)."""
    def rule(args: tuple, kwargs: dict) -> Rule | None:
        name = _arg(args, kwargs, at, "encoding", "utf-8")
        errors = _arg(args, kwargs, at + 1, "errors")
        if name is ANY or errors is ANY:
            return None
        if _own_codec(name) and _own_error_handler(errors):
            return pure  # (or raises, as it would run as written)
        return Rule(Kind.UNKNOWN, f"codec {name!r} or errors={errors!r} runs code of yours")
    return rule


def _table(*kinds: type) -> ArgRule:
    """``translate``/``format_map``: pure with a builtin table whose values are plain (a
    mapping of the user's runs its ``__getitem__``, a value its ``__format__``)."""
    def rule(args: tuple, kwargs: dict) -> Rule | None:
        table = args[0] if args else ANY
        if table is ANY:
            return None
        if type(table) in kinds and (not isinstance(table, dict) or all(
                type(v) in (str, int, float, bool, type(None)) for v in table.values())):
            return Rule(Kind.PURE, "a str's method with a plain table")
        return Rule(Kind.UNKNOWN, "a table of yours: its methods run")
    return rule


def _replaced(at: int, pure: Rule, name: str = "repl", missing: Any = ANY, *,
              typed: bool = False) -> ArgRule:
    """`re.sub` and kin: pure with a str or bytes replacement (argument `at` or ``repl=``);
    a function there (or as `textwrap.indent`'s ``predicate=``) is code of yours: unknown.
    `typed`: the result is of the replacement's type (`sub`, not `subn`'s pair)."""
    def rule(args: tuple, kwargs: dict) -> Rule | None:
        repl = args[at] if len(args) > at else kwargs.get(name, missing)
        if repl is ANY:
            return None  # decided when the call's arguments are known
        if typed and type(repl) in (str, bytes):
            # (a str replacement takes a str pattern and string, a bytes one bytes: the
            # result is of the replacement's type, or the call raises)
            return dataclasses.replace(pure, returns=type(repl))
        if repl is None or isinstance(repl, str | bytes):
            return pure
        return Rule(Kind.UNKNOWN, f"a function as {name}= runs code of yours")
    return rule


def _substituted(args: tuple, kwargs: dict) -> Rule | None:
    """`string.Template.substitute`: pure while the values it formats are plain (`str()`
    of an object of yours runs its ``__str__``); decided when they are known."""
    values = [*kwargs.values(), *(args[0].values() if args and type(args[0]) is dict else
                                  args)]
    if any(v is ANY for v in values):
        return None
    if all(_plain_value(v) for v in values):
        return Rule(Kind.PURE, "fills a template with plain values", returns=str)
    return Rule(Kind.UNKNOWN, "fills a template with values of yours: their __str__ runs")


# The operators of a str, bytes or number: called as ``str.__add__(self, x)`` they run no
# code of anyone's (a str's ``%`` formats its values: not among them there).
_OPERATORS = frozenset(
    f"__{op}__" for name in "add sub mul truediv floordiv mod pow divmod and or xor lshift "
    "rshift".split() for op in (name, f"r{name}")) | frozenset(
    f"__{op}__" for op in "neg pos abs invert eq ne lt le gt ge hash len getitem contains "
    "str repr format bool int float index round trunc floor ceil".split())

# A str's or bytes' methods that run what their argument names (a codec, a table).
_TEXT_HOOKS: dict[str, ArgRule] = {
    "encode": _codec(Rule(Kind.PURE, "encodes with one of Python's own codecs")),
    "decode": _codec(Rule(Kind.PURE, "decodes with one of Python's own codecs")),
    "translate": _table(dict, bytes, bytearray, type(None)), "format_map": _table(dict)}


def _builtins() -> None:
    import asyncio
    import builtins
    import http.client
    import io
    import json
    import logging
    import math
    import os
    import pathlib
    import re
    import shutil
    import sqlite3
    import string
    import subprocess
    import textwrap
    import time
    import urllib.parse
    import urllib.request

    pure = Rule(Kind.PURE, "computes from its arguments")
    for name in _PURE_BUILTINS:
        put_rule(getattr(builtins, name), Rule(Kind.PURE, f"builtin {name}()"))
    for name in _CPU_BUILTINS:
        put_rule(getattr(builtins, name), Rule(Kind.CPU, f"builtin {name}() changes state"))
    for name in _OPAQUE_BUILTINS:
        put_rule(getattr(builtins, name), Rule(Kind.UNKNOWN, f"builtin {name}() can reach "
                                               "any name or run any code"))
    put_rule(builtins.print, _print_rule)
    put_rule(builtins.__import__, import_rule)
    put_rule(str, _codec(Rule(Kind.PURE, "builtin str()", returns=str), at=1))
    put_rule(bytes, _codec(Rule(Kind.PURE, "builtin bytes()", returns=bytes), at=1))
    for t in (str, bytes, int, float, complex, tuple, frozenset, bool, range):
        immutable = Rule(Kind.PURE, f"method of an immutable {t.__name__}")
        operators = {} if t in (tuple, frozenset, range) else dict.fromkeys(  # (no items)
            _OPERATORS - {"__mod__", "__rmod__"} if t in (str, bytes) else _OPERATORS,
            immutable)  # (``str.__add__(self, x)`` in a subclass's own ``__add__``)
        methods(t, {**operators, **(_TEXT_HOOKS if t in (str, bytes) else {})}, immutable)
    for module in (math, json, re, string, textwrap):
        for name, fn in vars(module).items():
            if callable(fn) and not name.startswith("_") and not isinstance(fn, type):
                put_rule(fn, Rule(Kind.PURE, f"{module.__name__}.{name}() computes"))
    # json.dump/json.load use a file object: what its write or read does, so not pure.
    put_rule(json.dump, _json_hooks(Rule(Kind.WRITE, "json.dump() writes to a file object",
                                         "file")))
    put_rule(json.load, _json_hooks(Rule(
        Kind.WRITE, "json.load() takes what a file object or a response holds, as its "
        "read() does: in place, seen by no read", "self", returns=Data)))
    put_rule(json.dumps, _json_hooks(Rule(Kind.PURE, "json.dumps() computes", returns=str)))
    put_rule(json.loads, _json_hooks(Rule(Kind.PURE, "json.loads() computes",
                                          returns=Data)))
    leaves_arguments(json.dump, json.dumps, unless=_JSON_HOOKS)  # (hooks: code of yours)
    put_rule(textwrap.indent, _replaced(2, Rule(Kind.PURE, "indents"), "predicate", None))
    put_rule(re.compile, pure)
    put_rule(re.sub, _replaced(1, pure, typed=True))  # a function as the replacement runs code of yours
    put_rule(re.subn, _replaced(1, pure))
    # (a search gives a match or None: ``m.group(1)`` has the match's rule, and on None
    # raises at its own place as in the plain code)
    matched = Rule(Kind.PURE, "searches a str", returns=re.Match)
    for name in ("search", "match", "fullmatch"):
        put_rule(getattr(re, name), matched)
    methods(re.Pattern, {"sub": _replaced(0, pure, typed=True), "subn": _replaced(0, pure),
                         **dict.fromkeys(("search", "match", "fullmatch"), matched)}, pure)
    methods(re.Match, {}, pure)
    # A context variable's value where the call is made: a call started early runs in a
    # copy of its caller's context made at its start, and `set`/`reset` (builtins with no
    # rule) are barriers nothing moves across.
    methods(contextvars.ContextVar, {"get": Rule(
        Kind.PURE, "reads a context variable (a call started early runs in a copy of its "
        "caller's context)")})
    put_rule(json.JSONDecoder, pure)
    put_rule(string.Template, Rule(Kind.PURE, "makes a template", returns=string.Template))
    methods(string.Template, dict.fromkeys(("substitute", "safe_substitute"), _substituted))

    sleep = Rule(Kind.READ, "time.sleep() waits", "time", "sleep", sleeps=True)
    put_rule(time.sleep, sleep)
    put_rule(asyncio.sleep, Rule(Kind.READ, "asyncio.sleep() waits", "time", "call", sleeps=True))
    for fn in (time.time, time.monotonic, time.perf_counter, time.time_ns,
               time.monotonic_ns, time.perf_counter_ns):
        # The clock sees when calls end: in the jitted function, a call moved across it
        # (or its wait) changes what it reads (`t0 = perf_counter(); get(u); took =
        # perf_counter() - t0`), so there it is spacing (`_analysis`); in a helper it
        # times the helper's own waits, which keep their order.
        put_rule(fn, Rule(Kind.PURE, "reads the clock, which sees when calls end", "clock"))

    put_rule(logging.getLogger, pure)  # (the logging calls' rules: `_logging_rules`)
    # Reading the environment is pure: every change to it has no rule, so nothing moves
    # across one (``os.getenv("MODEL")`` in a helper that asks a model overlaps).
    env_read = Rule(Kind.PURE, "reads the process's environment (its changes stay put)")
    put_rule(os.getenv, env_read)
    methods(type(os.environ), {"get": env_read, "copy": env_read})

    # Files: reads of the file system may start early; anything that changes it stays put.
    file_read = Rule(Kind.READ, "reads the file system", "file")
    file_write = Rule(Kind.WRITE, "changes the file system", "file")
    for fn in (os.listdir, os.stat, os.path.exists, os.path.getsize, os.path.isfile,
               os.path.isdir, os.scandir, shutil.disk_usage):
        put_rule(fn, file_read)
    for fn in (os.remove, os.unlink, os.rename, os.replace, os.mkdir, os.makedirs, os.rmdir,
               os.write, os.truncate, os.symlink, os.link, os.chmod, shutil.copy,
               shutil.copyfile, shutil.copy2, shutil.copytree, shutil.move, shutil.rmtree):
        put_rule(fn, file_write)
    for fn in (os.path.join, os.path.basename, os.path.dirname, os.path.splitext,
               os.path.split, os.path.normpath, os.fspath):
        put_rule(fn, pure)
    methods(pathlib.PurePath, {
        "read_text": _codec(dataclasses.replace(file_read, returns=str)),  # (its encoding=)
        "read_bytes": dataclasses.replace(file_read, returns=bytes),
        **{n: dataclasses.replace(file_read, returns=bool)
           for n in ("exists", "is_file", "is_dir")},
        **{n: file_read for n in ("stat", "iterdir", "glob", "rglob")},
        "write_text": _codec(file_write, at=1),
        **{n: file_write for n in ("write_bytes", "unlink", "mkdir", "rmdir", "rename",
                                   "replace", "touch", "chmod", "symlink_to")},
        "open": _path_open,
        **{n: pure for n in ("joinpath", "with_suffix", "with_name", "with_stem",
                             "relative_to", "as_posix", "is_absolute", "match", "__truediv__")},
    })
    put_rule(pathlib.Path, Rule(Kind.PURE, "makes a path", returns=pathlib.Path))
    # A Decimal's arithmetic and ordering set the flags of the thread's decimal context (a
    # call started on another thread would set another's): it changes that context.
    flags = Rule(Kind.CPU, "Decimal arithmetic sets the thread's decimal context's flags")
    methods(decimal.Decimal, dict.fromkeys(OPERATORS - {"__eq__", "__ne__"}, flags))
    put_rule(pathlib.PurePath, Rule(Kind.PURE, "makes a path", returns=pathlib.PurePath))
    put_rule(builtins.open, _open_rule)  # (io.open is the same function)
    for t in (io.IOBase, io.TextIOWrapper, io.BufferedReader, io.BufferedWriter,
              io.BufferedRandom, io.FileIO):
        data = str if t in (io.TextIOWrapper,) else bytes if t is not io.IOBase else None
        put_type(t, _in_place("file", f"a file object ({t.__name__})", data))
    # (A buffer may be where output goes, stdout's or a log handler's stream: what it holds
    # is read in order with output.)
    taken = Rule(Kind.WRITE, "takes what a buffer holds, which output may have written",
                 "stdout")
    for t in (io.StringIO, io.BytesIO):
        changes = Rule(Kind.CPU, f"{t.__name__} changes its buffer")
        methods(t, {"getvalue": taken, **dict.fromkeys(("write", "writelines", "flush"),
                                                        _stream_output(changes))},
                changes)  # (stdout redirected to a buffer: output all the same)

    # Connections with one conversation at a time.
    for t in socket.socket.__mro__[:-1]:  # (its C methods are the C base class's)
        put_type(t, _in_place("net", "a socket", bytes))
    put_rule(socket.socket, _in_place_call("net", "opens a socket"))
    put_rule(socket.create_connection, _in_place_call("net", "opens a connection",
                                                      socket.socket))
    put_type(http.client.HTTPConnection, _in_place(
        "net", "an http.client connection", gives={"getresponse": http.client.HTTPResponse}))
    put_type(http.client.HTTPResponse, _in_place("net", "an http.client response", bytes))
    attributes(http.client.HTTPResponse, {"status": int, "reason": str, "code": int,
                                          "url": str, "version": int})
    for cls in (http.client.HTTPConnection, http.client.HTTPSConnection):
        put_rule(cls, _new_connection(cls))
    put_rule(sqlite3.connect, _in_place_call("db", "sqlite3.connect() opens a database",
                                             sqlite3.Connection))
    for t in (sqlite3.Connection, sqlite3.Cursor):
        put_type(t, _in_place("db", f"a DB-API {t.__name__.lower()}"))

    # urllib: urlopen is a read only for a GET or HEAD without data.
    put_rule(urllib.request.urlopen, _urlopen_rule)
    methods(urllib.request.OpenerDirector, {"open": _opener_rule})
    put_rule(urllib.request.Request, pure)
    put_rule(urllib.request.build_opener, _build_opener_rule)
    methods(_PlainOpener, {"open": _plain_opener_rule})
    methods(urllib.request.Request, {}, pure)

    _OWNABLE.extend((io.TextIOWrapper, io.BufferedReader, io.BufferedWriter,
                     io.BufferedRandom, io.FileIO, socket.socket, http.client.HTTPConnection,
                     http.client.HTTPResponse))
    for name in ("urlsplit", "urlparse", "urlunsplit", "urlunparse", "urljoin", "urlencode",
                 "quote", "quote_plus", "unquote", "unquote_plus", "parse_qs", "parse_qsl",
                 "urldefrag"):  # (quoting with a codec or errors= of yours runs them)
        done = Rule(Kind.PURE, f"urllib.parse.{name}() computes")
        at = {"quote": 2, "quote_plus": 2, "unquote": 1, "unquote_plus": 1}.get(name)
        put_rule(getattr(urllib.parse, name), done if at is None else _codec(done, at))

    for fn in (subprocess.run, subprocess.call, subprocess.check_call, subprocess.check_output,
               subprocess.Popen, os.system):
        put_rule(fn, Rule(Kind.WRITE, "runs a process", "process"))


def _new_connection(cls: type) -> ArgRule:
    """Making an `http.client` connection: pure, unless the class's ``debuglevel`` is set
    (its debug lines print from the thread a helper that owns it runs on)."""
    made = Rule(Kind.PURE, "creates an unconnected connection")
    loud = Rule(Kind.UNKNOWN, f"{cls.__name__}.debuglevel is set: it prints: no rule")
    # (consulted: a plan made while it was 0 holds only while it is, `consult`)
    return lambda args, kwargs: loud if consult(cls, debuglevel, debuglevel(cls)) else made


def debuglevel(cls: type) -> int:
    """An http.client connection class's ``debuglevel`` (its connections print when set)."""
    return getattr(cls, "debuglevel", 0)


_JSON_HOOKS = ("object_hook", "object_pairs_hook", "parse_float", "parse_int",
               "parse_constant", "cls", "default")


def _json_hooks(rule: Rule) -> ArgRule:
    """json's functions run the hooks they are given (``object_hook=f``, ``default=f``,
    ``cls=MyDecoder``): with a hook of the user's the call has no rule."""

    def checked(args: tuple, kwargs: dict) -> Rule | None:
        for name in _JSON_HOOKS:
            given = kwargs.get(name)
            if given is not None and not isinstance(given, types.BuiltinFunctionType) and (
                    given is ANY or not (isinstance(given, type)
                                         and type(given).__module__ == "builtins"
                                         and given.__module__ in ("builtins", "decimal"))):
                return Rule(Kind.UNKNOWN, f"json with {name}= runs code of yours: no rule")
        return rule
    return checked


_PRINT = Rule(Kind.WRITE, "print(): ordered output", "stdout")


def _print_rule(args: tuple, kwargs: dict) -> Rule | None:
    """print() writes to stdout (ordered output; no rule if a stream of the user's is put
    there: its `write` may send) unless `file=` names another stream: then it writes to
    that file, which a read of the file must wait for."""
    target = kwargs.get("file")
    if target is None:  # (what stdout holds is kept as a check: another stream plans again)
        return _shown(consult(sys, _stdout_of, sys.stdout), _PRINT)
    if target is sys.stdout or target is sys.stderr:
        return _shown(target, _PRINT)
    if target is ANY:
        return None
    return Rule(Kind.WRITE, "print(file=...) writes to that file", "file"
                if hasattr(target, "fileno") else "any")


def _stdout_of(module: Any) -> Any:
    return module.stdout


def _path_open(args: tuple, kwargs: dict) -> Rule | None:
    """``path.open(mode, ...)``: as ``open(path, mode, ...)``, the path given first when
    the method is bound, else (a method of a path's type) one of pathlib's own."""
    if not (args and isinstance(args[0], pathlib.PurePath)):
        args = ("", *args)
    return _open_rule(args, kwargs)


_path_open.receiver = True  # type: ignore[attr-defined]


def _open_rule(args: tuple, kwargs: dict) -> Rule | None:
    """``open(file, mode, ...)``: a read or a write of the file system, while it runs no
    code of the user's: the file a str, bytes, a descriptor or one of pathlib's own paths
    (a path-like of the user's runs its ``__fspath__``), no ``opener=``, and a codec and
    an error handler of Python's own (the user's decoder runs on every read)."""
    mode = _arg(args, kwargs, 1, "mode", "r")
    if mode is ANY or not isinstance(mode, str):
        return None
    file = _arg(args, kwargs, 0, "file", ANY)
    if file is not ANY and type(file) not in _OWN_PATHS:
        return _OPEN_RUNS_YOURS
    opener = _arg(args, kwargs, 7, "opener", None)
    encoding = _arg(args, kwargs, 3, "encoding", None)
    errors = _arg(args, kwargs, 4, "errors", None)
    if ANY in (opener, encoding, errors):
        return None  # (decided when the call's arguments are known)
    if opener is not None and opener is not os.open:
        return _OPEN_RUNS_YOURS
    if "b" not in mode and not (_own_codec(encoding) and _own_error_handler(errors)):
        return _OPEN_RUNS_YOURS
    import io
    if any(c in mode for c in "wax+"):
        made = (io.BufferedRandom if "+" in mode else io.BufferedWriter) if "b" in mode else (
            io.TextIOWrapper)
        return Rule(Kind.WRITE, f"open(mode={mode!r}) writes", "file", returns=made)
    returns = io.BufferedReader if "b" in mode else io.TextIOWrapper
    return Rule(Kind.READ, f"open(mode={mode!r}) reads", "file", returns=returns)


_OPEN_RUNS_YOURS = Rule(Kind.UNKNOWN, "open() runs code of yours (a path-like's __fspath__, "
                        "an opener, a codec or error handler): no rule")
_OWN_PATHS = frozenset({str, bytes, int, os.DirEntry, *(
    c for c in vars(pathlib).values() if isinstance(c, type) and issubclass(c, pathlib.PurePath))})
_CODEC_MODULES = frozenset({"_codecs", "encodings", "codecs", "_multibytecodec"})


def _own_codec(encoding: Any) -> bool:
    """Is `encoding` (None: the locale's) one of Python's own codecs, every part of it
    (a text file uses the incremental ones)?"""
    import locale
    name = locale.getpreferredencoding(False) if encoding in (None, "locale") else encoding
    try:
        found = codecs.lookup(name)
    except (LookupError, TypeError):
        return True  # (open raises, as it would run as written)
    for part in (found.encode, found.decode, found.incrementalencoder,
                 found.incrementaldecoder, found.streamreader, found.streamwriter):
        module = getattr(part, "__module__", None) or type(
            getattr(part, "__self__", None)).__module__
        if part is not None and module.split(".")[0] not in _CODEC_MODULES:
            return False
    return True


def _own_error_handler(errors: Any) -> bool:
    if errors is None:
        return True
    try:
        handler = codecs.lookup_error(errors)
    except (LookupError, TypeError):
        return True  # (raises as it would run as written)
    return isinstance(handler, types.BuiltinFunctionType)  # (a handler of yours is Python)


def _urlopen_rule(args: tuple, kwargs: dict, opener: Any = None) -> Rule | None:
    """``urlopen(url, data)``: a read for a GET or HEAD without data, a write otherwise,
    while the opener it uses (`opener`, else the one `install_opener` put in place, else a
    default one) runs none of the user's code (`_plain_opener`), nor does a `Request`."""
    import http.client
    import urllib.request
    target = _arg(args, kwargs, 0, "url", ANY)
    data = _arg(args, kwargs, 1, "data", None)
    if data is ANY or target is ANY:
        return None
    if isinstance(target, urllib.request.Request) and not own_class(
            target, urllib.request.Request):
        return _URLLIB_RUNS_YOURS  # (its get_method, get_full_url... are the user's)
    installed = opener if opener is not None else getattr(urllib.request, "_opener", None)
    if installed not in (None, _PlainOpener) and not _plain_opener(installed):
        return _URLLIB_RUNS_YOURS
    if data is not None:
        return Rule(Kind.WRITE, "urlopen() with data sends a POST", "net")
    if isinstance(target, urllib.request.Request):
        method = target.get_method()
        if method not in ("GET", "HEAD"):
            return Rule(Kind.WRITE, f"urlopen() of a {method} request changes the server", "net")
    elif not isinstance(target, str):
        return None
    if urllib.parse.urlsplit(url_text(target) or "").scheme.lower() == "file":
        return Rule(Kind.READ, "urlopen() of a file: URL reads the file", "file")
    return Rule(Kind.READ, "urlopen(): HTTP GET", server_at(target),
                returns=http.client.HTTPResponse)


def _opener_rule(args: tuple, kwargs: dict) -> Rule | None:
    """``opener.open(url, data)``: what `urlopen` does with them through this opener. The
    rule is given the opener (a bound call's receiver, or ``OpenerDirector.open(opener,
    url)``'s first argument); without it (the analysis knows only its type), the call's."""
    import urllib.request
    if not (args and isinstance(args[0], urllib.request.OpenerDirector)):
        return None
    return _urlopen_rule(args[1:], kwargs, args[0])


_opener_rule.receiver = True  # type: ignore[attr-defined]


def _build_opener_rule(args: tuple, kwargs: dict) -> Rule:
    """``build_opener()``: pure. With no handler given, the opener holds urllib's own
    handlers only: typed `_PlainOpener`, so that its ``open`` is a read where the analysis
    knows only the type of the local it was bound to (a handler added later goes through
    ``add_handler``, which has no rule)."""
    made = _PlainOpener if not args and not kwargs else urllib.request.OpenerDirector
    return Rule(Kind.PURE, "builds an opener (no I/O yet)", returns=made)


class _PlainOpener(urllib.request.OpenerDirector):
    """The analysis's type for what ``build_opener()`` gives (never made)."""

    def open(self, fullurl: Any, data: Any = None, timeout: Any = None) -> Any:
        raise NotImplementedError  # (a type for the analysis: never called)


def _plain_opener_rule(args: tuple, kwargs: dict) -> Rule | None:
    return _urlopen_rule(args, kwargs, _PlainOpener)
_URLLIB_RUNS_YOURS = Rule(Kind.UNKNOWN, "urllib runs code of yours on the request's path (a "
                          "handler, a Request subclass, debug prints): no rule")


def _plain_opener(opener: Any) -> bool:
    """Is every handler of `opener` one of urllib's own classes, with none of the user's
    code in it (a cookie jar, a password manager of the user's) and no debug prints?"""
    import http.cookiejar
    import urllib.request as ur
    if not own_class(opener, ur.OpenerDirector):
        return False
    own = {ur.UnknownHandler, ur.HTTPDefaultErrorHandler, ur.HTTPRedirectHandler,
           ur.HTTPErrorProcessor, ur.HTTPHandler, ur.HTTPSHandler, ur.FTPHandler,
           ur.CacheFTPHandler, ur.FileHandler, ur.DataHandler, ur.ProxyHandler,
           ur.HTTPCookieProcessor, ur.HTTPBasicAuthHandler, ur.HTTPDigestAuthHandler,
           ur.ProxyBasicAuthHandler, ur.ProxyDigestAuthHandler}
    managers = {ur.HTTPPasswordMgr, ur.HTTPPasswordMgrWithDefaultRealm,
                ur.HTTPPasswordMgrWithPriorAuth}
    listed = {id(h) for h in opener.handlers}
    tables = [opener.handle_open, opener.process_request, opener.process_response,
              *opener.handle_error.values()]
    if any(id(h) not in listed for table in tables for hs in table.values() for h in hs):
        return False  # (a handler put in its tables by hand)
    for h in opener.handlers:
        if type(h) not in own or not own_class(h, type(h)) or getattr(h, "_debuglevel", 0):
            return False
        jar = getattr(h, "cookiejar", None)
        if jar is not None and not (own_class(jar, http.cookiejar.CookieJar) and own_class(
                jar._policy, http.cookiejar.DefaultCookiePolicy)):
            return False
        passwd = getattr(h, "passwd", None)
        if passwd is not None and type(passwd) not in managers:
            return False
    return type(opener.addheaders) is list and _plain_value(opener.addheaders)


_builtins()

