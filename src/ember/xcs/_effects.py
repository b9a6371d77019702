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

import dataclasses
import enum
import functools
import io
import sys
import threading
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ember._errors import XCSError
from ember.xcs._held import held, live
from ember.xcs._whose import class_dict, class_mro, replaced, users_class

__all__ = [
    "ANY", "DATA_TYPES", "MODEL_METHODS", "OPERATORS", "Data", "Kind", "Rule", "UsersObject",
    "add_rule", "attribute_type", "attributes", "classify", "conflicts", "consult",
    "consulted", "cpu_bound", "declared", "effect", "effect_label", "has_type_rules",
    "item_type", "items", "leaves_arguments", "leaves_its_arguments",
    "methods", "on_import", "on_rules_changed", "plain_properties", "properties_are_plain",
    "put_rule", "put_type", "register", "reset", "rule_for_call", "settled", "type_rule"]


#: The dunders of Python's operators, of which a type rule may speak (a library's type whose
#: arithmetic changes or says something: `_implicit` counts them where Python calls them).
OPERATORS = frozenset({
    *(f"__{p}{op}__" for op in ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod",
                                 "pow", "lshift", "rshift", "or", "xor", "and")
      for p in ("", "r", "i")),
    "__neg__", "__pos__", "__invert__", "__abs__", "__round__",
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"})


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


# What no read can see: ordered output, and what a one-conversation object hands over.
_UNSEEN = frozenset({"stdout", "self"})
# This machine's storage (files, and databases, which are files).
_STORAGE = frozenset({"file", "db"})
# Reads of a server: "net" when its host is not this machine (seen from the call's own
# arguments at run time, or declared by the user), "local" when it is this machine or not
# known when the call runs (a server on this machine may serve or write the files the
# function uses), and "url" while analysis does not know the arguments yet: a move made
# with "url" is checked again when the call starts, with its arguments (`_launch.rule_of`).


def conflicts(read: str | None, written: Iterable[str], *, running: bool = False) -> bool:
    """May a write of one of the `written` resources change what a read of `read` sees?

    Sleeps ("time") see no write. Model calls ("llm") and reads of a server that is not
    this machine ("net") see no write of this machine's storage, under the one assumption
    docs/jit.md states (remote servers do not use the files and databases the function
    uses); a model call may see a write to a server (a file uploaded to its provider, a
    document added to the store it searches). Every other pair conflicts, an unknown
    resource with everything. `running`: the call is about to start with its own
    arguments, so a target still not known ("url") is taken to be this machine.
    """
    if read == "time":
        return False
    remote = read in ("net", "llm") or (read == "url" and not running)
    for w in written:
        if w in _UNSEEN or (remote and w in _STORAGE):
            continue
        return True
    return False


def settled(resource: str | None) -> str | None:
    """The resource of a read whose call's arguments will not be seen again (a helper's
    call inside its body): a target not known ("url") is taken to be this machine."""
    return "local" if resource == "url" else resource


# --- what a rule read off an object's state ---------------------------------------------------

_consulting = threading.local()


def consult(obj: Any, check: Callable[[Any], Any], found: Any) -> Any:
    """A rule decided by `check(obj)`, which gave `found` (a session's hooks and adapters, a
    logger's handlers): the object may change later, so what is decided with it is kept
    only while `check` gives the same (`consulted`, and `_resolve`'s "check" guards)."""
    seen = getattr(_consulting, "seen", None)
    if seen is not None:
        seen.append((obj, check, found))
    return found


class consulted:  # noqa: N801 - a context manager named for what it gathers
    """``with consulted() as seen:`` gathers the `consult` calls made inside (nested
    blocks gather their own)."""

    def __enter__(self) -> list[tuple[Any, Callable[[Any], Any], Any]]:
        self.outer = getattr(_consulting, "seen", None)
        _consulting.seen = []
        return _consulting.seen

    def __exit__(self, *exc: object) -> None:
        _consulting.seen = self.outer


#: An argument whose value is not known yet (analysis happens before the call runs).
ANY: Any = type("AnyValue", (), {"__repr__": lambda self: "<any>"})()


class UsersObject:
    """Stands, in analysis, for an argument that a class of the user's makes
    (``requests.get(MyURL(...))``, ``open(MyPath(...))``): not in hand yet, but not plain
    data either. A rule sees an object it cannot vouch for, as it would see the object
    itself (its ``__str__`` or ``__fspath__`` is the user's)."""

    __slots__ = ("cls",)

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def __repr__(self) -> str:
        return f"<a {self.cls.__qualname__}>"


@dataclass(frozen=True, slots=True)
class Rule:
    """The effect of one call, with the reason `explain` shows.

    `resource` names what a READ/WRITE touches ("llm" for model calls, "time", "file",
    "db", "process", "stdout"; a server: "net" for one on another machine, "local" for
    this machine's, "url" for one the call's arguments name, see `conflicts`); for a CPU
    rule, what it changes ("receiver": its object only, "first": its first argument only;
    None: whatever its arguments reach). `runner`
    says how a call runs when started early: "thread", "sleep" (a timer on the event
    loop), "async" (the object's `acall` coroutine on the event loop), "call" (an
    awaitable, in async code), "process" (a PURE function the user marked CPU-bound),
    "pool" (a thread holding one of its client's connections, see `_pools`) or "place"
    (a read that runs at its own place but holds no later read back: a cached call, see
    `_caches`; a client's pool with one connection).
    `sleeps`: the call's wait is a sleep, which as a statement of its own is spacing (a
    rate limit, a poll) and keeps its place. `returns`: the type of
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
        return effect_label(self.kind, self.resource)


def effect_label(kind: Kind, resource: str | None, *, short: bool = False) -> str:
    """The effect of a call in words, decided here for every place that shows one:
    "model call", "read(net)", "ordered output"; `short` gives the one word `explain`'s
    kind column prints ("model", "read", "output")."""
    if kind is Kind.READ and resource == "llm":
        return "model" if short else "model call"
    if kind is Kind.WRITE and resource == "stdout":
        return "output" if short else "ordered output"
    if not short and kind in (Kind.READ, Kind.WRITE) and resource:
        return f"{kind.value}({'net' if resource == 'url' else resource})"
    return kind.value


#: A rule that depends on the call's arguments; None when they do not decide it yet. One
#: whose every decision gives one type of value says so in its ``gives`` attribute (the
#: type and the runner, as a `Rule`'s `returns` and `runner`; see `gives`).
ArgRule = Callable[[tuple, dict], Rule | None]
#: The rule for a method of a registered type, by the receiver's type and the method name.
TypeRule = Callable[[type, str], "Rule | ArgRule | None"]

_lock = threading.RLock()
_objects: dict[int, tuple[object, Rule | ArgRule]] = {}
_types: dict[type, TypeRule] = {}
# Types whose properties (and cached properties) compute without effects: reading
# `client.chat.completions` on an SDK client builds resource objects, nothing else.
_plain_properties: set[type] = set()
_attributes: dict[type, dict[str, type]] = {}  # see `attributes`
_items: dict[type, type] = {io.TextIOWrapper: str, io.BufferedReader: bytes}  # see `items`
_leaving: dict[int, tuple[object, frozenset[str]]] = {}  # see `leaves_arguments`


def properties_are_plain(owner: type, name: str) -> bool:
    """May the JIT read `owner`'s property `name` before its place (it has no effects)? Where
    the class that defines it is a library's, of a type registered plain (an SDK client's
    `chat`, a resource's `completions`); a subclass of yours may define its own."""
    _load_libraries()
    for cls in owner.__mro__:
        if name in cls.__dict__:
            return not users_class(cls) and any(c in _plain_properties for c in cls.__mro__)
    return False
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

_cache: dict[int, tuple[Any, Rule | ArgRule | None]] = {}


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
        elif name in cls.__dict__ and users_class(cls):
            return None  # (the user's own method, a list's `append` that PUTs: its code)
        if name in cls.__dict__ and replaced(cls):
            return None  # (a library's method the user replaced on its class: their code)
    return None


def has_type_rules(owner: type) -> bool:
    """Do rules speak of `owner`'s methods (a library's Session, Logger, client)? What is
    stored on such an object may decide what its calls run (a cookie jar, a handler)."""
    _load_libraries()
    return any(cls in _types for cls in class_mro(owner))  # (a metaclass's lookup is not run)


def type_rule(owner: type, name: str) -> Rule | ArgRule | None:
    """The rule for method `name` of `owner`'s instances, or None: for a method Python
    calls implicitly (``__exit__`` of a file, see `_implicit`), with no object in hand."""
    _load_libraries()
    return _method_rule(owner, name)


def _lookup(obj: Any) -> Rule | ArgRule | None:
    hit = _objects.get(id(obj))
    if hit is not None and live(hit[0]) is obj:
        return hit[1]
    if isinstance(obj, types.MethodType):
        hit = _objects.get(id(obj.__func__))
        if hit is not None and hit[0] is obj.__func__:
            return hit[1]
        owner = obj.__self__ if issubclass(type(obj.__self__), type) else type(obj.__self__)
        name = getattr(obj.__func__, "__name__", "")
        return _method_rule(owner, name)
    if isinstance(obj, types.BuiltinMethodType) and not issubclass(  # (by type: a proxy
            type(obj.__self__), types.ModuleType | type(None)):  # is not asked its class)
        self = obj.__self__
        return _method_rule(self if issubclass(type(self), type) else type(self), obj.__name__)
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
    if hit is not None and live(hit[0]) is obj:
        return hit[1]
    rule = classify(obj.func) if type(obj) is functools.partial else _lookup(obj)
    if not isinstance(obj, (types.MethodType, types.BuiltinMethodType)):
        if len(_cache) > 8192:
            _cache.clear()
        _cache[key] = (held(obj), rule)  # (weakly: a partial's arguments are the program's)
    return rule


def gives(rule: Rule | ArgRule | None) -> tuple[type | None, str]:
    """The type of value a call under `rule` gives, and its runner, decided or not: a
    client's ``get`` gives its response whatever its arguments turn out to run around it
    (a call they make run in place holds the starts after it, see `Frame.held`)."""
    if isinstance(rule, Rule):
        return rule.returns, rule.runner
    return getattr(rule, "gives", (None, "thread"))


def rule_for_call(obj: object, args: tuple = (), kwargs: dict | None = None) -> Rule | None:
    """The registry's rule for calling `obj` with these arguments (`ANY` where unknown).

    None when there is no rule, or when the arguments known so far do not decide it.
    """
    rule = classify(obj)
    if rule is None:
        return None
    if type(obj) is functools.partial:
        args, kwargs = (*obj.args, *args), {**obj.keywords, **(kwargs or {})}
    if not isinstance(rule, Rule):
        given = args
        if getattr(rule, "receiver", False) and isinstance(
                obj, (types.MethodType, types.BuiltinMethodType)):
            given = (obj.__self__, *args)  # a rule that looks at the object called
        try:
            rule = rule(given, kwargs or {})
        except Exception:  # noqa: BLE001 - a rule that cannot read these arguments: undecided
            return None
    if rule is not None and rule.resource == "url":  # a server: which one, from the call
        rule = dataclasses.replace(rule, resource=_hosts.server_of(obj, args, kwargs or {}))
    if rule is not None and rule.kind in (Kind.READ, Kind.MODEL):
        rule = _logging_rules.request_lines(obj, rule)  # (lines it logs: ordered output)
    return rule


# --- rule builders (for Ember's own modules and the built-in rules in `_rules`) ----------------


def put_rule(obj: Any, rule: Rule | ArgRule) -> None:
    """Keep `rule` for calls of `obj` (a bound method's rule is kept on its function)."""
    obj = _key_object(obj)
    _objects[id(obj)] = (obj, rule)


def add_rule(obj: Any, rule: Rule | ArgRule) -> None:
    """Ember's own modules declare their functions' rules (an `ArgRule` reads arguments)."""
    with _lock:
        put_rule(obj, rule)
        _changed()


def put_type(owner: type, rule: TypeRule) -> None:
    """Keep `rule` for the methods of `owner` and its subclasses."""
    _types[owner] = rule


def methods(owner: type, rules: dict[str, Rule | ArgRule],
            default: Rule | None = None) -> TypeRule:
    """A type rule: by method name, else `default` for every other public method."""
    def by_name(_owner: type, name: str) -> Rule | ArgRule | None:
        hit = rules.get(name)
        if hit is None and default is not None and not name.startswith("__"):
            return default
        return hit
    _types[owner] = by_name
    return by_name


class Data:
    """The type of a response's data (as a `Rule`'s `returns`): what JSON parsing gives (a
    dict, list, str, number, bool or None), or an SDK's response model (a pydantic model
    of the library's, whose fields are data again). It holds no object of the user's: its
    methods are those builtins' own, or the models' serialisers; they run no code of the
    user's and change nothing but their receiver (`_resolve` picks the rule by name)."""


#: The builtin types a `Data` may be.
DATA_TYPES: tuple[type, ...] = (dict, list, str, int, float, bool, type(None))
#: The methods of a library's response models that only serialise or copy the model.
MODEL_METHODS = frozenset({"model_dump", "model_dump_json", "model_copy", "to_dict",
                           "to_json", "dict", "json"})


def attributes(owner: type, types_: dict[str, type]) -> None:
    """Keep the types of `owner`'s data attributes and properties (a response's ``text``
    is a str), so that methods called on them have rules (``r.text.strip()``)."""
    _attributes.setdefault(owner, {}).update(types_)


def attribute_type(owner: type, name: str) -> type | None:
    """The type kept for ``owner.name``, unless a class nearer `owner` in its MRO than the
    one it was kept for defines `name` again (a subclass's own property)."""
    _load_libraries()
    for cls in owner.__mro__:
        kept = _attributes.get(cls)
        if kept is not None and name in kept:
            return kept[name]
        if name in cls.__dict__:
            return None
    return None


def items(owner: type, item: type) -> None:
    """Keep what walking a value of `owner` gives (a text file's lines are str; a CSV
    reader's rows are data), so that a loop's items have a type too."""
    _items[owner] = item


def item_type(owner: type | None) -> type | None:
    """The type kept for the items of `owner` (exactly that type: a subclass may walk
    otherwise)."""
    _load_libraries()
    return _items.get(owner) if owner is not None else None


def leaves_arguments(*callees: object, unless: tuple[str, ...] = ()) -> None:
    """These callees only read their arguments and keep none of them (a CSV writer's
    ``writerow``, ``json.dump``), unless called with one of the keywords `unless` names (a
    hook of the user's), so that data handed to them stays data."""
    for callee in callees:
        _leaving[id(callee)] = (callee, frozenset(unless))


def leaves_its_arguments(callee: object, keywords: Iterable[str | None]) -> bool:
    """Does this call of `callee`, with these keywords (None for a ``**`` spread), leave
    its arguments as they are (`leaves_arguments`)?"""
    _load_libraries()
    hit = _leaving.get(id(callee))
    return hit is not None and hit[0] is callee and not any(
        k is None or k in hit[1] for k in keywords)


def plain_properties(*owners: type) -> None:
    """Reading these types' properties has no effects (see `properties_are_plain`)."""
    _plain_properties.update(owners)


def on_import(module: str, load: Callable[[], None]) -> None:
    """Run `load` (which adds a library's rules) once `module` has been imported."""
    _libraries[module] = load


# --- what Ember's models and operators declare -------------------------------------------------


def declared(obj: Any) -> Rule | None:
    """Ember's models and operators say what they are (``__ember_io__``, see `_io_of`; a
    method's own, as `Models.set_price`'s, over its class's)."""
    if isinstance(obj, types.MethodType):
        io = getattr(obj.__func__, "__ember_io__", None) or _io_of(obj.__self__)
        if not io:
            return None
        kind, resource = _declared_kind(owner := type(obj.__self__), io)
        return Rule(kind, f"{owner.__name__}.{obj.__name__} declares {kind.value}", resource,
                    "call")
    io = _io_of(obj)
    if io is None:
        return None
    kind, resource = _declared_kind(type(obj), io)
    what = "a model call" if resource == "llm" else f"kind {io!r}"
    return Rule(kind, f"{type(obj).__name__} declares {what}", resource,
                "async" if hasattr(obj, "acall") else "thread")


def _io_of(obj: Any) -> str | None:
    """An instance's own ``__ember_io__`` (a composite operator's, from its parts), else its
    type's; None for a class. Read without running the object's ``__getattr__``."""
    if issubclass(kind := type(obj), type):
        return None
    try:
        own = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        own = None
    mro = class_mro(kind)  # (own dicts: a metaclass's ``__getattr__`` of yours is not run)
    if any(n in class_dict(k) for k in mro if users_class(k)
           for n in ("forward", "aforward", "__call__", "acall")):
        return None  # (a subclass of yours, whose own forward or __call__ runs instead)
    return next((d["__ember_io__"] for d in (own if type(own) is dict else {},
                                             *map(class_dict, mro)) if "__ember_io__" in d), None)


def _declared_kind(owner: type, io: str) -> tuple[Kind, str | None]:
    kind = Kind(io)
    resource = getattr(owner, "__ember_resource__", "llm" if kind is Kind.READ else None)
    return kind, resource


# The built-in rules register themselves through the builders above.
from ember.xcs import _containers, _digests, _hosts, _logging_rules, _numpy_rules, _packages, _rules  # noqa: E402,F401,I001
