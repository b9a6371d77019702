"""The effect registry: what a call does, from the callee object it resolves to and its arguments.

The JIT moves a call only when it *knows* what the call does. Rules are keyed on objects
(a function, a class's method, a type whose instances' methods share a rule), never on a
spelled name: `client.files.create` and `client.files.list` are different functions with
different rules, and `urlopen(url, data=...)` is a write because its arguments say so.

The effects, as `Kind`:

- `PURE`: computes from its arguments only.
- `READ`: waits on the world without changing it (a GET, a file read): may start early and
  overlap other reads, never across a write.
- `MODEL`: a model call: a paid, order-free read that no write in the program can change,
  so it may also cross writes.
- `WRITE`: changes the world (a POST, a file or DB write): runs in place, in program order.
  Objects with one conversation at a time (DB-API connections, `http.client` connections,
  sockets, file objects) are writes too: used from the thread plain code would use, one call
  at a time, in program order.
- `OUTPUT`: ordered output (print, logging): runs in place, in program order; reads may
  overlap around it.
- `CPU`: computes and may change its arguments (`list.append`, `next`).
- `UNKNOWN`: no rule. A barrier: nothing moves across it and it is not moved.

Internally `MODEL` is a `READ` of the resource ``"llm"`` and `OUTPUT` a `WRITE` of
``"stdout"``: the planner's ordering rules are stated once, in terms of kind and resource.
"""

from __future__ import annotations

import enum
import functools
import sys
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ember._errors import XCSError

__all__ = [
    "ANY", "Kind", "Rule", "classify", "cpu_bound", "effect", "on_rules_changed",
    "properties_are_plain", "register", "reset", "rule_for_call",
]


class Kind(enum.Enum):
    """What a call does, as far as scheduling is concerned (see the module docstring)."""

    READ = "read"
    WRITE = "write"
    MODEL = "model"
    OUTPUT = "output"
    PURE = "pure"
    CPU = "cpu"
    UNKNOWN = "unknown"

    @property
    def is_io(self) -> bool:
        return self in (Kind.READ, Kind.WRITE)


#: An argument whose value is not known yet (analysis happens before the call runs).
ANY: Any = type("AnyValue", (), {"__repr__": lambda self: "<any>"})()


@dataclass(frozen=True, slots=True)
class Rule:
    """The effect of one call, with the reason `explain` shows.

    `resource` names what a READ/WRITE touches ("llm" for model calls, "time", "file",
    "net", "db", "process", "stdout"). `runner` says how a call runs when started early:
    "thread", "sleep" (a timer on the event loop), "async" (the object's `acall` coroutine
    on the event loop), "call" (an awaitable, in async code) or "process" (a PURE function
    the user marked CPU-bound). `sleeps`: the call's wait is a sleep, which as a statement
    of its own is spacing (a rate limit, a poll) and keeps its place. `returns`: the type of
    the value, so that methods called on it (`requests.get(u).json()`) have rules too.
    """

    kind: Kind
    reason: str
    resource: str | None = None
    runner: str = "thread"
    sleeps: bool = False
    returns: type | None = None

    @property
    def effect(self) -> str:
        """The effect in words: "model call", "read(net)", "ordered output", ..."""
        if self.kind is Kind.READ and self.resource == "llm":
            return "model call"
        if self.kind is Kind.WRITE and self.resource == "stdout":
            return "ordered output"
        if self.kind in (Kind.READ, Kind.WRITE) and self.resource:
            return f"{self.kind.value}({self.resource})"
        return self.kind.value


#: A rule that depends on the call's arguments; None when they do not decide it yet.
ArgRule = Callable[[tuple, dict], Rule | None]
#: The rule for a method of a registered type, by the receiver's type and the method name.
TypeRule = Callable[[type, str], "Rule | ArgRule | None"]

_lock = threading.RLock()
_objects: dict[int, tuple[object, Rule | ArgRule]] = {}
_types: dict[type, TypeRule] = {}
# Types whose properties (and cached properties) compute without effects: reading
# `client.chat.completions` on an SDK client builds resource objects, nothing else.
_plain_properties: set[type] = set()


def properties_are_plain(owner: type) -> bool:
    """May the JIT read `owner`'s properties before their place (they have no effects)?"""
    _load_libraries()
    return any(cls in _plain_properties for cls in owner.__mro__)
_libraries: dict[str, Callable[[], None]] = {}  # module name -> rules loaded once it is imported
_listeners: list[Callable[[], None]] = []


def on_rules_changed(listener: Callable[[], None]) -> None:
    """Call `listener` whenever a rule is added or caches are reset (plans go stale)."""
    _listeners.append(listener)


def _changed() -> None:
    """A rule was added (or caches reset): cached classifications and plans are stale."""
    _cache.clear()
    for listener in _listeners:
        listener()


def _normal(kind: Kind | str, resource: str | None) -> tuple[Kind, str | None]:
    kind = Kind(kind)
    if kind is Kind.MODEL:
        return Kind.READ, "llm"
    if kind is Kind.OUTPUT:
        return Kind.WRITE, "stdout"
    if kind is Kind.READ and resource == "llm":
        return kind, "llm"
    return kind, resource


def _rule(kind: Kind | str, reason: str, resource: str | None = None, **kw: Any) -> Rule:
    k, res = _normal(kind, resource)
    return Rule(k, reason, res, **kw)


def _key_object(target: Any) -> Any:
    """The object a rule is kept under: a bound method's function, a partial's function."""
    if isinstance(target, types.MethodType):
        return target.__func__
    return target


def register(target: Callable[..., object] | type, kind: Kind | str, *,
             resource: str | None = None, runner: str = "thread",
             reason: str = "registered by the user") -> None:
    """Declare what calls of `target` do, so that `jit` may move them.

    Rules are kept on the object itself: a function, a class's method (`Client.query`,
    which then holds for `client.query` on every instance), or a class (calling it
    constructs an instance). Registering a rule makes every plan made before it stale.

    Args:
        target: the callable object.
        kind: "read", "write", "model", "output", "pure" or "cpu" (or a `Kind`).
        resource: what it touches ("db", "net", "file", ...); reads never move across
            writes.
        runner: "thread", "async" (the object has an `acall` coroutine) or "process"
            (with "pure": CPU-bound work run in a process pool).

    Raises:
        XCSError: for a string or an object that cannot carry a rule, or an unknown kind.

    Examples:
        >>> class Store:
        ...     def lookup(self, key): ...
        >>> register(Store.lookup, "read", resource="db")
    """
    if isinstance(target, str):
        raise XCSError(
            f"register({target!r}): rules are keyed on the callable object, not on a name; "
            f"import it and pass it, e.g. register(mydriver.Client.query, 'read')")
    if not callable(target):
        raise XCSError(f"register(): {target!r} is not callable; pass a function, a method "
                       "or a class")
    try:
        k, res = _normal(kind, resource)
    except ValueError:
        raise XCSError(f"register(): unknown kind {kind!r}; use one of "
                       f"{', '.join(k.value for k in Kind if k is not Kind.UNKNOWN)}") from None
    if runner == "process" and k is not Kind.PURE:
        raise XCSError(f"register(): runner='process' needs kind 'pure' (a function of its "
                       f"arguments only), got {kind!r}")
    rule = Rule(k, reason, res, runner)
    with _lock:
        obj = _key_object(target)
        _objects[id(obj)] = (obj, rule)
        _changed()


def effect(kind: Kind | str, *, resource: str | None = None) -> Callable[[Any], Any]:
    """Decorator: declare the effect of your own function (instead of analysing its body).

    Examples:
        >>> @effect("read", resource="db")
        ... def lookup(key):
        ...     return key
        >>> lookup("a")
        'a'
    """
    def mark(fn: Any) -> Any:
        register(fn, kind, resource=resource, reason=f"declared @effect({Kind(kind).value!r})")
        return fn
    return mark


def cpu_bound(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a pure, CPU-bound, module-level function: independent calls run in processes.

    On a GIL build threads cannot run Python code in parallel, so `jit` and `parallel_map`
    send such calls to a process pool (threads on a free-threaded build). Calls whose
    function or arguments cannot be pickled run in place, and `explain()` says so.

    Examples:
        >>> @cpu_bound
        ... def score(text: str) -> int:
        ...     return sum(map(ord, text))
        >>> score("ab")
        195
    """
    register(fn, Kind.PURE, runner="process", reason="marked cpu_bound by the user")
    return fn


def reset() -> None:
    """Drop cached classifications and make every plan stale (`ember.xcs.lowlevel.reset`);
    rules stay."""
    _changed()


# --- the lookup ------------------------------------------------------------------------------

_cache: dict[int, tuple[object, Rule | ArgRule | None]] = {}


_modules_seen = 0


def _load_libraries() -> None:
    """Rules for a library are made once it has been imported (never importing it here)."""
    global _modules_seen
    if not _libraries or len(sys.modules) == _modules_seen:
        return
    _modules_seen = len(sys.modules)
    ready = [name for name in _libraries if name in sys.modules]
    for name in ready:
        with _lock:
            load = _libraries.pop(name, None)
        if load is not None:
            load()
            _changed()


def _method_rule(owner: type, name: str) -> Rule | ArgRule | None:
    for cls in owner.__mro__:
        by_type = _types.get(cls)
        if by_type is not None:
            hit = by_type(owner, name)
            if hit is not None:
                return hit
    return None


def _lookup(obj: Any) -> Rule | ArgRule | None:
    hit = _objects.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    if isinstance(obj, types.MethodType):
        hit = _objects.get(id(obj.__func__))
        if hit is not None and hit[0] is obj.__func__:
            return hit[1]
        owner = obj.__self__ if isinstance(obj.__self__, type) else type(obj.__self__)
        name = getattr(obj.__func__, "__name__", "")
        return _method_rule(owner, name)
    if isinstance(obj, types.BuiltinMethodType) and not isinstance(
            obj.__self__, types.ModuleType | type(None)):
        self = obj.__self__
        return _method_rule(self if isinstance(self, type) else type(self), obj.__name__)
    if isinstance(obj, types.MethodWrapperType | types.MethodDescriptorType
                  | types.WrapperDescriptorType | types.ClassMethodDescriptorType):
        owner = getattr(obj, "__objclass__", None) or type(getattr(obj, "__self__", None))
        return _method_rule(owner, obj.__name__)
    if isinstance(obj, types.FunctionType) and "." in obj.__qualname__:
        # A class's function taken from the class (`Session.get`): the type's rule holds.
        owner = _defining_class(obj)
        if owner is not None:
            return _method_rule(owner, obj.__name__)
    return None


def _defining_class(fn: types.FunctionType) -> type | None:
    module = sys.modules.get(fn.__module__)
    owner: Any = module
    for part in fn.__qualname__.split(".")[:-1]:
        owner = getattr(owner, part, None)
        if owner is None or part == "<locals>":
            return None
    if isinstance(owner, type) and owner.__dict__.get(fn.__name__) is fn:
        return owner
    return None


def classify(obj: object) -> Rule | ArgRule | None:
    """The rule the registry holds for a callee object (cached), or None for no rule."""
    _load_libraries()
    key = id(obj)
    hit = _cache.get(key)
    if hit is not None and hit[0] is obj:
        return hit[1]
    rule = classify(obj.func) if isinstance(obj, functools.partial) else _lookup(obj)
    if not isinstance(obj, types.MethodType | types.BuiltinMethodType):
        if len(_cache) > 8192:
            _cache.clear()
        _cache[key] = (obj, rule)
    return rule


def rule_for_call(obj: object, args: tuple = (), kwargs: dict | None = None) -> Rule | None:
    """The registry's rule for calling `obj` with these arguments (`ANY` where unknown).

    None when there is no rule, or when the arguments known so far do not decide it.
    """
    rule = classify(obj)
    if rule is None or isinstance(rule, Rule):
        return rule
    if isinstance(obj, functools.partial):
        args, kwargs = (*obj.args, *args), {**obj.keywords, **(kwargs or {})}
    try:
        return rule(args, kwargs or {})
    except Exception:  # noqa: BLE001 - a rule that cannot read these arguments: undecided
        return None


# --- rule builders ---------------------------------------------------------------------------


def _put(obj: Any, rule: Rule | ArgRule) -> None:
    obj = _key_object(obj)
    _objects[id(obj)] = (obj, rule)


def add_rule(obj: Any, rule: Rule | ArgRule) -> None:
    """Ember's own modules declare their functions' rules (an `ArgRule` reads arguments)."""
    with _lock:
        _put(obj, rule)
        _changed()


def _methods(owner: type, rules: dict[str, Rule | ArgRule],
             default: Rule | None = None) -> TypeRule:
    """A type rule: by method name, else `default` for every other public method."""
    def by_name(_owner: type, name: str) -> Rule | ArgRule | None:
        hit = rules.get(name)
        if hit is None and default is not None and not name.startswith("__"):
            return default
        return hit
    _types[owner] = by_name
    return by_name


def _arg(args: tuple, kwargs: dict, index: int, name: str, missing: Any = None) -> Any:
    if name in kwargs:
        return kwargs[name]
    return args[index] if len(args) > index else missing


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _http_method_rule(index: int, resource: str = "net", returns: type | None = None) -> ArgRule:
    """``request(method, url, ...)``: a read for GET/HEAD/OPTIONS, else a write."""
    def rule(args: tuple, kwargs: dict) -> Rule | None:
        method = _arg(args, kwargs, index, "method", ANY)
        if method is ANY or not isinstance(method, str):
            return None
        if method.upper() in _SAFE_METHODS:
            return Rule(Kind.READ, f"HTTP {method.upper()}", resource, returns=returns)
        return Rule(Kind.WRITE, f"HTTP {method.upper()} changes the server", resource)
    return rule


def _http(reason: str, method: str, returns: type | None = None, runner: str = "thread") -> Rule:
    if method in _SAFE_METHODS:
        return Rule(Kind.READ, f"{reason}: HTTP {method}", "net", runner, returns=returns)
    return Rule(Kind.WRITE, f"{reason}: HTTP {method} changes the server", "net", runner)


def _verbs(reason: str, returns: type | None = None, runner: str = "thread") -> dict[str, Rule]:
    return {m.lower(): _http(reason, m, returns, runner)
            for m in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")}


# Methods that take what a one-conversation object already holds (a response's body, a
# file's next line, a cursor's rows): in place and in order on that object, but they change
# nothing another call could see ("self"), so reads of other objects may overlap them.
_TAKES = frozenset({"read", "read1", "readline", "readlines", "readinto", "recv", "recv_into",
                    "recvfrom", "fetchone", "fetchall", "fetchmany", "getheader",
                    "getheaders", "getresponse", "tell", "fileno", "isatty", "readable",
                    "seekable", "writable", "getvalue", "__iter__", "__next__"})


_READS_DATA = frozenset({"read", "read1", "readline", "recv", "getvalue"})
_READS_LISTS = frozenset({"readlines", "fetchall", "fetchmany"})


def _in_place(resource: str, what: str, data: type | None = None) -> TypeRule:
    """The rule for every method of a one-conversation type; `data` is what its reads
    give (str for a text file, bytes for a socket), so methods called on it have rules."""
    def takes(returns: type | None) -> Rule:
        return Rule(Kind.WRITE, f"{what}: one conversation at a time, used in place in "
                    "program order; it only takes what the object holds", "self",
                    returns=returns)
    by_name = {n: takes(data) for n in _READS_DATA}
    by_name.update({n: takes(list) for n in _READS_LISTS})
    other = takes(None)
    rest = Rule(Kind.WRITE, f"{what}: one conversation at a time, used in place in program "
                f"order", resource)
    return lambda _owner, name: by_name.get(name) or (other if name in _TAKES else rest)


def _in_place_call(resource: str, what: str) -> Rule:
    return Rule(Kind.WRITE, f"{what}: one conversation at a time, used in place in program "
                f"order", resource)


# --- built-in rules ---------------------------------------------------------------------------

# Builtins that change their arguments or the world (the other builtins compute).
_CPU_BUILTINS = ("setattr", "delattr", "next", "iter", "__import__", "globals", "locals",
                 "vars", "compile", "exec", "eval", "breakpoint", "help", "aiter", "anext")
_PURE_BUILTINS = (
    "abs", "all", "any", "ascii", "bin", "bool", "bytes", "callable", "chr", "complex", "dict",
    "divmod", "enumerate", "filter", "float", "format", "frozenset", "getattr", "hasattr",
    "hash", "hex", "id", "int", "isinstance", "issubclass", "len", "list", "map", "max", "min",
    "object", "oct", "ord", "pow", "range", "repr", "reversed", "round", "set", "slice",
    "sorted", "str", "sum", "tuple", "type", "zip", "bytearray", "memoryview", "property",
    "staticmethod", "classmethod", "super",
)
_MUTATORS = frozenset(
    "append extend insert pop popitem remove clear update setdefault add discard sort "
    "reverse appendleft extendleft popleft rotate __setitem__ __delitem__ __iadd__ "
    "difference_update intersection_update symmetric_difference_update".split())


def _builtins() -> None:
    import asyncio
    import builtins
    import collections
    import http.client
    import io
    import json
    import logging
    import math
    import os
    import pathlib
    import re
    import shutil
    import socket
    import sqlite3
    import string
    import subprocess
    import textwrap
    import time
    import urllib.request

    pure = Rule(Kind.PURE, "computes from its arguments")
    for name in _PURE_BUILTINS:
        _put(getattr(builtins, name), Rule(Kind.PURE, f"builtin {name}()"))
    for name in _CPU_BUILTINS:
        _put(getattr(builtins, name), Rule(Kind.CPU, f"builtin {name}() changes state"))
    _put(builtins.print, Rule(Kind.WRITE, "print(): ordered output", "stdout"))
    for t in (str, bytes, int, float, complex, tuple, frozenset, bool, range):
        _methods(t, {}, Rule(Kind.PURE, f"method of an immutable {t.__name__}"))
    for t in (list, dict, set, bytearray, collections.deque, collections.OrderedDict,
              collections.defaultdict, collections.Counter):
        def by_name(_owner: type, name: str, t: type = t) -> Rule | None:
            if name in _MUTATORS:
                return Rule(Kind.CPU, f"{t.__name__}.{name}() changes its receiver")
            if name.startswith("__") and name not in ("__getitem__", "__contains__", "__len__"):
                return None
            return Rule(Kind.PURE, f"{t.__name__}.{name}() reads its receiver")
        _types[t] = by_name
    for module in (math, json, re, string, textwrap):
        for name, fn in vars(module).items():
            if callable(fn) and not name.startswith("_") and not isinstance(fn, type):
                _put(fn, Rule(Kind.PURE, f"{module.__name__}.{name}() computes"))
    # json.dump/json.load use a file object: the file's own rules apply, so not pure.
    for fn in (json.dump, json.load):
        _put(fn, Rule(Kind.WRITE, f"json.{fn.__name__}() uses a file object", "file"))
    _put(re.compile, pure)
    _methods(re.Pattern, {}, pure)
    _methods(re.Match, {}, pure)
    _put(json.JSONDecoder, pure)

    sleep = Rule(Kind.READ, "time.sleep() waits", "time", "sleep", sleeps=True)
    _put(time.sleep, sleep)
    _put(asyncio.sleep, Rule(Kind.READ, "asyncio.sleep() waits", "time", "call", sleeps=True))
    for fn in (time.time, time.monotonic, time.perf_counter, time.time_ns,
               time.monotonic_ns, time.perf_counter_ns):
        _put(fn, Rule(Kind.PURE, "reads the clock"))

    # Logging: ordered output. Logger methods, and the module's functions.
    log = Rule(Kind.WRITE, "logging: ordered output", "stdout")
    _methods(logging.Logger, {n: log for n in (
        "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log")})
    for name in ("debug", "info", "warning", "error", "exception", "critical", "log"):
        _put(getattr(logging, name), log)
    _put(logging.getLogger, pure)
    _methods(logging.LoggerAdapter, {n: log for n in (
        "debug", "info", "warning", "error", "exception", "critical", "log")})

    # Files: reads of the file system may start early; anything that changes it stays put.
    file_read = Rule(Kind.READ, "reads the file system", "file")
    file_write = Rule(Kind.WRITE, "changes the file system", "file")
    for fn in (os.listdir, os.stat, os.path.exists, os.path.getsize, os.path.isfile,
               os.path.isdir, os.scandir, shutil.disk_usage):
        _put(fn, file_read)
    for fn in (os.remove, os.unlink, os.rename, os.replace, os.mkdir, os.makedirs, os.rmdir,
               os.write, os.truncate, os.symlink, os.link, os.chmod, shutil.copy,
               shutil.copyfile, shutil.copy2, shutil.copytree, shutil.move, shutil.rmtree):
        _put(fn, file_write)
    for fn in (os.path.join, os.path.basename, os.path.dirname, os.path.splitext,
               os.path.split, os.path.normpath, os.fspath):
        _put(fn, pure)
    _methods(pathlib.PurePath, {
        **{n: file_read for n in ("read_text", "read_bytes", "exists", "is_file", "is_dir",
                                  "stat", "iterdir", "glob", "rglob")},
        **{n: file_write for n in ("write_text", "write_bytes", "unlink", "mkdir", "rmdir",
                                   "rename", "replace", "touch", "chmod", "symlink_to",
                                   "open")},
        **{n: pure for n in ("joinpath", "with_suffix", "with_name", "with_stem",
                             "relative_to", "as_posix", "is_absolute", "match", "__truediv__")},
    })
    _put(pathlib.Path, pure)
    _put(pathlib.PurePath, pure)
    _put(builtins.open, _open_rule)
    _put(io.open, _open_rule)
    for t in (io.IOBase, io.TextIOWrapper, io.BufferedReader, io.BufferedWriter,
              io.BufferedRandom, io.FileIO):
        data = str if t in (io.TextIOWrapper,) else bytes if t is not io.IOBase else None
        _types[t] = _in_place("file", f"a file object ({t.__name__})", data)
    for t in (io.StringIO, io.BytesIO):
        _methods(t, {"getvalue": pure}, Rule(Kind.CPU, f"{t.__name__} changes its buffer"))

    # Connections with one conversation at a time.
    _types[socket.socket] = _in_place("net", "a socket", bytes)
    _put(socket.socket, _in_place_call("net", "opens a socket"))
    _put(socket.create_connection, _in_place_call("net", "opens a connection"))
    _types[http.client.HTTPConnection] = _in_place("net", "an http.client connection")
    _types[http.client.HTTPResponse] = _in_place("net", "an http.client response", bytes)
    _put(http.client.HTTPConnection, Rule(Kind.PURE, "creates an unconnected connection"))
    _put(http.client.HTTPSConnection, Rule(Kind.PURE, "creates an unconnected connection"))
    _put(sqlite3.connect, _in_place_call("db", "sqlite3.connect() opens a database"))
    for t in (sqlite3.Connection, sqlite3.Cursor):
        _types[t] = _in_place("db", f"a DB-API {t.__name__.lower()}")

    # urllib: urlopen is a read only for a GET or HEAD without data.
    _put(urllib.request.urlopen, _urlopen_rule)
    _methods(urllib.request.OpenerDirector, {"open": _opener_rule})
    _put(urllib.request.Request, pure)
    _put(urllib.request.build_opener, Rule(Kind.PURE, "builds an opener (no I/O yet)",
                                           returns=urllib.request.OpenerDirector))
    _methods(urllib.request.Request, {}, pure)

    for fn in (subprocess.run, subprocess.call, subprocess.check_call, subprocess.check_output,
               subprocess.Popen, os.system):
        _put(fn, Rule(Kind.WRITE, "runs a process", "process"))


def _open_rule(args: tuple, kwargs: dict) -> Rule | None:
    mode = _arg(args, kwargs, 1, "mode", "r")
    if mode is ANY or not isinstance(mode, str):
        return None
    if any(c in mode for c in "wax+"):
        return Rule(Kind.WRITE, f"open(mode={mode!r}) writes", "file")
    import io
    returns = io.BufferedReader if "b" in mode else io.TextIOWrapper
    return Rule(Kind.READ, f"open(mode={mode!r}) reads", "file", returns=returns)


def _urlopen_rule(args: tuple, kwargs: dict) -> Rule | None:
    import http.client
    import urllib.request
    target = _arg(args, kwargs, 0, "url", ANY)
    data = _arg(args, kwargs, 1, "data", None)
    if data is ANY or target is ANY:
        return None
    if data is not None:
        return Rule(Kind.WRITE, "urlopen() with data sends a POST", "net")
    if isinstance(target, urllib.request.Request):
        method = target.get_method()
        if method not in ("GET", "HEAD"):
            return Rule(Kind.WRITE, f"urlopen() of a {method} request changes the server", "net")
    elif not isinstance(target, str):
        return None
    return Rule(Kind.READ, "urlopen(): HTTP GET", "net", returns=http.client.HTTPResponse)


def _opener_rule(args: tuple, kwargs: dict) -> Rule | None:
    return _urlopen_rule(args[1:], kwargs) if args else None


def _requests() -> None:
    import requests
    import requests.api
    import requests.models
    import requests.sessions

    resp = requests.models.Response
    for verb in ("get", "head", "options", "post", "put", "patch", "delete"):
        _put(getattr(requests.api, verb), _http(f"requests.{verb}()", verb.upper(), resp))
    _put(requests.api.request, _http_method_rule(0, returns=resp))
    # A Session's pool is safe for concurrent use: its reads overlap.
    _methods(requests.sessions.Session, {
        **_verbs("Session", resp), "request": _http_method_rule(1, returns=resp),
        "close": Rule(Kind.WRITE, "closes the session's connections", "net"),
        "mount": Rule(Kind.CPU, "changes the session"),
    })
    _put(requests.sessions.Session, Rule(Kind.PURE, "creates a session (no I/O yet)"))
    _methods(resp, {"json": Rule(Kind.PURE, "parses the response already read"),
                    "raise_for_status": Rule(Kind.PURE, "checks the status already read")})


def _httpx() -> None:
    import httpx

    resp = httpx.Response
    for verb in ("get", "head", "options", "post", "put", "patch", "delete"):
        _put(getattr(httpx, verb), _http(f"httpx.{verb}()", verb.upper(), resp))
    _put(httpx.request, _http_method_rule(0, returns=resp))
    _methods(httpx.Client, {
        **_verbs("httpx.Client", resp), "request": _http_method_rule(1, returns=resp),
        "close": Rule(Kind.WRITE, "closes the client's connections", "net"),
    })
    _methods(httpx.AsyncClient, {
        **_verbs("httpx.AsyncClient", runner="call"), "request": _http_method_rule(1),
    })
    _put(httpx.Client, Rule(Kind.PURE, "creates a client (no I/O yet)"))
    _put(httpx.AsyncClient, Rule(Kind.PURE, "creates a client (no I/O yet)"))
    _methods(resp, {"json": Rule(Kind.PURE, "parses the response already read"),
                    "raise_for_status": Rule(Kind.PURE, "checks the status already read")})


def _aiohttp() -> None:
    import aiohttp

    _methods(aiohttp.ClientSession, _verbs("aiohttp.ClientSession", runner="call"))


# SDK resources: a resource's verbs say what they do; these classes' `create` is a model call.
_SDK_WRITES = frozenset({"create", "update", "delete", "upload", "cancel", "submit", "modify",
                         "pause", "resume", "append", "complete", "add"})
_SDK_READS = frozenset({"list", "retrieve", "content", "retrieve_content", "count_tokens",
                        "results", "poll", "get"})


def _sdk(package: str, model_classes: list[str]) -> Callable[[], None]:
    def load() -> None:
        import importlib

        base = importlib.import_module(f"{package}._resource")
        models: set[type] = set()
        for path in model_classes:
            module, _, name = path.rpartition(".")
            try:
                models.add(getattr(importlib.import_module(f"{package}.{module}"), name))
            except (ImportError, AttributeError):
                continue

        def by_name(owner: type, name: str) -> Rule | None:
            runner = "call" if issubclass(owner, base.AsyncAPIResource) else "thread"
            if name in ("create", "parse") and any(issubclass(owner, m) for m in models):
                return Rule(Kind.READ, f"{package} {owner.__name__}.{name}: model call",
                            "llm", runner)
            if name in _SDK_READS:
                return Rule(Kind.READ, f"{package} {owner.__name__}.{name}: read", "net",
                            runner)
            if name in _SDK_WRITES:
                return Rule(Kind.WRITE, f"{package} {owner.__name__}.{name}: changes the "
                            "service", "net", runner)
            return None

        _types[base.SyncAPIResource] = by_name
        _types[base.AsyncAPIResource] = by_name
        _plain_properties.update((base.SyncAPIResource, base.AsyncAPIResource))
        client = importlib.import_module(package)
        for name in ("OpenAI", "AsyncOpenAI", "Anthropic", "AsyncAnthropic", "AzureOpenAI"):
            cls = getattr(client, name, None)
            if isinstance(cls, type):
                _put(cls, Rule(Kind.PURE, f"creates a {name} client (no I/O yet)"))
                _plain_properties.add(cls)
    return load


_libraries.update({
    "requests": _requests,
    "httpx": _httpx,
    "aiohttp": _aiohttp,
    "openai": _sdk("openai", ["resources.chat.completions.Completions",
                              "resources.chat.completions.AsyncCompletions",
                              "resources.completions.Completions",
                              "resources.completions.AsyncCompletions",
                              "resources.embeddings.Embeddings",
                              "resources.embeddings.AsyncEmbeddings",
                              "resources.responses.Responses",
                              "resources.responses.AsyncResponses"]),
    "anthropic": _sdk("anthropic", ["resources.messages.Messages",
                                    "resources.messages.AsyncMessages",
                                    "resources.completions.Completions",
                                    "resources.completions.AsyncCompletions"]),
})
_builtins()
_changed()

