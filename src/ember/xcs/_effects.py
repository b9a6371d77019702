"""What each callable does, as far as scheduling is concerned.

One rule per kind of callable (habit 5: registries over if-chains). A callable is

- `READ`: waits on the outside world without changing it (LLM calls, sleeps, GETs, file
  reads). Reads may start early and overlap.
- `WRITE`: changes the outside world (file/DB writes, POSTs, printing). Writes run where
  the program wrote them; reads of the same resource never move across them.
- `PURE`: CPU work that touches nothing but its arguments' values.
- `CPU`: CPU work that may mutate its arguments or global state.
- `UNKNOWN`: cannot be told; treated like `CPU` and measured at run time.

The classification of an object is cached; users add rules with `register`.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Kind", "Rule", "classify", "cpu_bound", "learn", "learned", "register"]


class Kind(enum.Enum):
    """What a callable does, as far as scheduling is concerned (see the module docstring)."""

    READ = "read"
    WRITE = "write"
    PURE = "pure"
    CPU = "cpu"
    UNKNOWN = "unknown"

    @property
    def is_io(self) -> bool:
        return self in (Kind.READ, Kind.WRITE)


@dataclass(frozen=True, slots=True)
class Rule:
    """The classification of one callable, with the reason shown by `explain`.

    `resource` names what a READ/WRITE touches ("llm", "time", "file", "net", "db",
    "process", "stdout"); reads never move across writes of the same resource.
    `runner` says how a call runs when started early: "thread", "sleep" (a timer on the
    event loop), "async" (the object's `acall` coroutine on the event loop), "call" (an
    awaitable, in async code) or "process" (a PURE function the user marked CPU-bound).
    """

    kind: Kind
    reason: str
    resource: str | None = None
    runner: str = "thread"


# Fully-qualified names (module.qualname), exact or as a prefix ending in ".".
_READ = {
    "time.sleep": ("time", "sleep"),
    "socket.": ("net", "thread"),
    "_socket.": ("net", "thread"),
    "ssl.": ("net", "thread"),
    "select.": ("net", "thread"),
    "http.client.": ("net", "thread"),
    "urllib.request.urlopen": ("net", "thread"),
    "urllib.request.OpenerDirector.open": ("net", "thread"),
    "requests.api.get": ("net", "thread"),
    "requests.api.head": ("net", "thread"),
    "requests.api.options": ("net", "thread"),
    "requests.sessions.Session.get": ("net", "thread"),
    "requests.sessions.Session.head": ("net", "thread"),
    "httpx._api.get": ("net", "thread"),
    "httpx._api.head": ("net", "thread"),
    "httpx._client.Client.get": ("net", "thread"),
    "httpx._client.Client.head": ("net", "thread"),
    "openai.": ("llm", "thread"),
    "anthropic.": ("llm", "thread"),
    "google.genai.": ("llm", "thread"),
    "litellm.": ("llm", "thread"),
    "pathlib.Path.read_text": ("file", "thread"),
    "pathlib.Path.read_bytes": ("file", "thread"),
    "os.listdir": ("file", "thread"),
    "os.stat": ("file", "thread"),
    "os.path.exists": ("file", "thread"),
    "os.path.getsize": ("file", "thread"),
    "shutil.disk_usage": ("file", "thread"),
    "sqlite3.connect": ("db", "thread"),
    "redis.commands.core.BasicKeyCommands.get": ("db", "thread"),
    "redis.commands.core.BasicKeyCommands.mget": ("db", "thread"),
    "asyncio.tasks.sleep": ("time", "call"),
    "aiohttp.client.ClientSession.get": ("net", "call"),
    "aiohttp.client.ClientSession.head": ("net", "call"),
    "_io.TextIOWrapper.read": ("file", "thread"),
    "_io.TextIOWrapper.readline": ("file", "thread"),
    "_io.TextIOWrapper.readlines": ("file", "thread"),
    "_io.BufferedReader.read": ("file", "thread"),
    "_io.BufferedReader.readlines": ("file", "thread"),
    "posixpath.exists": ("file", "thread"),
    "posixpath.isfile": ("file", "thread"),
    "posixpath.isdir": ("file", "thread"),
    "posixpath.getsize": ("file", "thread"),
}
_WRITE = {
    "builtins.print": "stdout",
    "builtins.input": "stdout",
    "requests.": "net",
    "httpx.": "net",
    "urllib.": "net",
    "pathlib.Path.write_text": "file",
    "pathlib.Path.write_bytes": "file",
    "pathlib.Path.unlink": "file",
    "pathlib.Path.mkdir": "file",
    "os.": "file",
    "shutil.": "file",
    "subprocess.": "process",
    "sqlite3.": "db",
    "psycopg.": "db",
    "psycopg2.": "db",
    "redis.": "db",
    "logging.": "stdout",
    "_io.": "file",
    "io.open": "file",
}
# Modules whose functions compute from their arguments only.
_PURE_MODULES = (
    "math", "cmath", "json", "re", "string", "textwrap", "operator", "itertools",
    "functools", "collections", "statistics", "hashlib", "base64", "copy", "decimal",
    "fractions", "unicodedata", "difflib", "heapq", "bisect", "_json", "_operator",
    "_functools", "_collections", "_heapq", "_bisect", "_sre", "_hashlib", "_blake2",
    "_statistics", "binascii", "zlib", "numbers", "typing", "dataclasses", "enum",
    "posixpath", "uuid", "datetime", "_datetime",
)
# Builtins that change their arguments or the world; the rest are pure.
_CPU_BUILTINS = {"setattr", "delattr", "exec", "eval", "compile", "globals", "locals", "vars",
                 "next", "iter", "__import__", "breakpoint", "open", "input", "print", "help"}

_user_rules: dict[str, Rule] = {}
_cache: dict[int, tuple[object, Rule]] = {}


def register(target: Callable[..., object] | type | str, kind: Kind | str, *,
             resource: str | None = None, runner: str = "thread",
             reason: str = "registered by the user") -> None:
    """Declare how Ember should treat a callable (or every instance of a type).

    Args:
        target: a function, a class (its instances when called), or a qualified name
            such as ``"mydriver.Client.query"`` (a trailing ``"."`` makes it a prefix).
        kind: `Kind.READ`, `Kind.WRITE`, `Kind.PURE` or `Kind.CPU` (or their values).
        resource: what it touches, for ordering reads after writes.
        runner: ``"thread"``, ``"async"`` (the object has an ``acall`` coroutine) or
            ``"process"`` (with `Kind.PURE`: CPU-bound work run in a process pool).

    Examples:
        >>> import time
        >>> register("mydriver.query", "read", resource="db")
    """
    kind = Kind(kind)
    if runner == "process" and kind is not Kind.PURE:
        raise ValueError(f"register(): runner='process' needs kind PURE (a function of its "
                         f"arguments only), got {kind.value!r}")
    name = target if isinstance(target, str) else _qualname(target)
    if name is None:
        raise TypeError(f"register(): cannot name {target!r}; pass its qualified name as a str")
    _user_rules[name] = Rule(kind, reason, resource, runner)
    _cache.clear()


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


def _qualname(obj: object) -> str | None:
    owner_cls = getattr(obj, "__objclass__", None)  # e.g. str.upper, a method descriptor
    if isinstance(owner_cls, type) and isinstance(getattr(obj, "__name__", None), str):
        return f"{owner_cls.__module__}.{owner_cls.__qualname__}.{obj.__name__}"
    mod = getattr(obj, "__module__", None)
    qual = getattr(obj, "__qualname__", None)
    if isinstance(obj, types.MethodType | types.BuiltinMethodType):
        owner = getattr(obj, "__self__", None)
        if owner is not None and not isinstance(owner, types.ModuleType):
            cls = owner if isinstance(owner, type) else type(owner)
            mod = mod or cls.__module__
            if qual is None or "." not in qual:
                qual = f"{cls.__qualname__}.{getattr(obj, '__name__', '?')}"
            if isinstance(owner, type) and mod == "builtins" and qual.startswith("type."):
                qual = f"{owner.__qualname__}.{obj.__name__}"
    if mod is None and isinstance(obj, types.BuiltinFunctionType):
        mod = "builtins"
    if not isinstance(mod, str) or not isinstance(qual, str):
        return None
    return f"{mod}.{qual}"


def _lookup(name: str, table: dict) -> object | None:
    if name in table:
        return table[name]
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:i]) + "."
        if prefix in table:
            return table[prefix]
    return None


_AWS_READS = ("get_", "list_", "describe_", "head_", "query", "scan", "batch_get_")


def _rule_by_name(name: str) -> Rule | None:
    hit = _lookup(name, _user_rules)
    if hit is not None:
        return hit  # type: ignore[return-value]
    if name.startswith(("boto3.", "botocore.")):
        # AWS clients are generated: the operation's name says whether it reads.
        op = name.rsplit(".", 1)[-1]
        if op.startswith(_AWS_READS):
            return Rule(Kind.READ, f"AWS read operation ({op})", "net")
        return Rule(Kind.WRITE, f"AWS operation that may write ({op})", "net")
    hit = _lookup(name, _READ)
    if hit is not None:
        resource, runner = hit  # type: ignore[misc]
        return Rule(Kind.READ, f"known I/O API ({name})", resource, runner)
    hit = _lookup(name, _WRITE)
    if hit is not None:
        return Rule(Kind.WRITE, f"known effect ({name})", hit)  # type: ignore[arg-type]
    module = name.split(".", 1)[0]
    if module == "builtins":
        short = name.rsplit(".", 1)[-1]
        if short in _CPU_BUILTINS:
            return Rule(Kind.CPU, f"builtin {short}() may change state")
        if name.count(".") == 1 or name.split(".")[1] in _IMMUTABLE_TYPE_NAMES:
            return Rule(Kind.PURE, f"builtin {name[9:]}")
        return Rule(Kind.CPU, f"builtin method {name[9:]}")
    if module in _PURE_MODULES:
        return Rule(Kind.PURE, f"pure library function ({name})")
    return None


_IMMUTABLE_TYPE_NAMES = {"str", "bytes", "int", "float", "complex", "tuple", "frozenset",
                         "bool", "range", "type", "object"}


def classify(obj: object) -> Rule:
    """Classify a callable object by the registry alone (no source analysis).

    Objects declaring ``__ember_io__ = "read"`` on their type (Ember's models and
    operators) are reads run through their ``acall`` coroutine.
    """
    key = id(obj)
    hit = _cache.get(key)
    if hit is not None and hit[0] is obj:
        return hit[1]
    rule = learned(obj) or _classify(obj)
    if len(_cache) > 4096:
        _cache.clear()
    _cache[key] = (obj, rule)
    return rule


def _classify(obj: object) -> Rule:
    if isinstance(obj, functools.partial):
        return classify(obj.func)
    if isinstance(obj, types.MethodType) and getattr(type(obj.__self__), "__ember_io__", None):
        owner = type(obj.__self__)
        return Rule(Kind(owner.__ember_io__), f"{owner.__name__}.{obj.__name__} declares I/O",
                    getattr(owner, "__ember_resource__", "llm"), "call")
    declared = getattr(type(obj), "__ember_io__", None)
    if declared is not None and not isinstance(obj, type):
        runner = "async" if hasattr(obj, "acall") else "thread"
        resource = getattr(type(obj), "__ember_resource__", "llm")
        return Rule(Kind(declared), f"{type(obj).__name__} declares kind {declared!r}",
                    resource, runner)
    name = _qualname(obj)
    if name is not None:
        rule = _rule_by_name(name)
        if rule is not None:
            return rule
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            return Rule(Kind.PURE, f"constructs a {obj.__name__}")
        return Rule(Kind.UNKNOWN, f"constructs {obj.__qualname__}")
    if inspect.isbuiltin(obj) or isinstance(obj, types.MethodWrapperType):
        return Rule(Kind.UNKNOWN, f"compiled callable {name or obj!r} (measured at run time)")
    return Rule(Kind.UNKNOWN, "not in the registry")




# --- learning from measurements ---------------------------------------------------------

#: A call is I/O-bound when it waits this long and spends at most this share of it on CPU.
IO_MIN_WALL_S = 0.002
IO_MAX_CPU_SHARE = 0.25
_OBSERVATIONS_NEEDED = 2
_MAX_OBSERVATIONS = 5

_observed: dict[str, list[int]] = {}  # key -> [io-like calls, total calls]
_learned: dict[str, Rule] = {}


def _key(obj: object) -> str:
    name = _qualname(obj)
    if name is None and isinstance(obj, types.MethodType):
        name = _qualname(obj.__func__)
    return name or f"id:{id(obj)}"


def reset() -> None:
    """Drop cached classifications and learned verdicts (`ember.xcs.lowlevel.reset`)."""
    _cache.clear()
    _observed.clear()
    _learned.clear()


def learned(obj: object) -> Rule | None:
    """The rule learned from measuring `obj`'s calls, if it was found to be I/O."""
    if not _learned:
        return None
    return _learned.get(_key(obj))


def learn(obj: object, wall_s: float, cpu_s: float) -> None:
    """Record one timed call of an unclassified callable; after a few I/O-like calls it is a read.

    Wall time far above the calling thread's CPU time means the call waited (on a socket,
    a disk, a lock held by I/O): overlapping it with other calls will help.
    """
    key = _key(obj)
    counts = _observed.setdefault(key, [0, 0])
    if counts[1] >= _MAX_OBSERVATIONS:
        return
    counts[1] += 1
    if wall_s >= IO_MIN_WALL_S and cpu_s <= IO_MAX_CPU_SHARE * wall_s:
        counts[0] += 1
        if counts[0] >= _OBSERVATIONS_NEEDED:
            _learned[key] = Rule(
                Kind.READ,
                f"measured: {wall_s * 1e3:.1f} ms wall, {cpu_s * 1e3:.1f} ms CPU per call",
                None,
            )
            _cache.clear()
