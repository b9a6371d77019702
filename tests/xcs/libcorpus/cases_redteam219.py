"""Red-team cases (stop 219): where a jitted function and its helpers come from, and how
they change between calls (definitions and rebinding, round two; round one is 209).

Most cases call one jitted function several times (``drive=``) and change, between the
calls, what it resolves: a helper in a module global, a class attribute (a staticmethod,
a classmethod found through a subclass), an instance attribute, a ``__slots__`` slot, a
registry filled by a decorator, a closure cell set by the function itself or by a picker
that alternates, a default argument's object, a ``functools.partial`` rebuilt, a module
reloaded with ``importlib.reload`` (a helper module, the jitted function's own module,
its source moved or changed under the old function), an ``exec``'d function whose source
``linecache`` serves (and then serves changed), a lambda's ``__code__``, a jitted inner
function, ``requests.get`` and ``Session.get`` patched, a flag read by a helper (a global,
a class attribute, an environment variable). The change turns a read into a write of the
item a later GET of the function reads: a stale plan that still starts that GET early
reads the old value.

Beside them: ``xcs.jit`` put on methods through a decorator on the class (a method, a
classmethod, a staticmethod, a property's getter), ``super()`` chains whose base changes,
jitted functions calling jitted functions, recursion, closures made in a loop (late
binding), factories whose closures capture different clients (one code object, other
cells), ``functools.wraps`` decorators over and under ``xcs.jit`` (and a ``__wrapped__``
reassigned), class-level caches, dataclass methods, ``typing.Protocol`` implementations
swapped under an annotated parameter, a mutable default list the function grows, and the
same jitted function called from two threads at once with different arguments.

Then the same changes made inside one call, between two calls of one callee: by a
statement or by a helper, a store into a class attribute, an instance attribute of a
global object, a SimpleNamespace, a module (by an alias of ``sys.modules[__name__]``), a
registry (by ``update``, an alias, a class attribute holding it, a helper's default), a
function's ``__code__``, ``__defaults__``, ``__kwdefaults__`` or ``__globals__``, a
frozen dataclass through ``object.__setattr__``. Those that differ are in ``FAILING``:
the plan takes the later call site's callee to be the one resolved when it was made.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import importlib
import linecache
import os
import shutil
import sys
import threading
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env, openai_client

CAT = "rebind"
WHERE = "where"


class Refused(RuntimeError):
    """Raised by design by a callee after a change."""


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def reader(web: str, key: str) -> str:
    return _get(web, key)


def writer(web: str, key: str) -> str:
    """Writes the item the function reads next (``<key>w``)."""
    version = _put(web, key + "w", f"w-{key}")
    return f"wrote {key} ({version})"


def ask(client: Any, q: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:16]


def _ident(fn: Any) -> Any:
    return fn


def _deco(f: Callable[..., Any], stub: Callable[..., Any]) -> Callable[[Any], Any]:
    """xcs.jit when the harness handed the jitted stub, else nothing (the plain run)."""
    return xcs.jit if f is not stub else _ident


def _cycle(change: Callable[[Env], Callable[[], None]],
           args: Callable[[Env], tuple] = lambda env: (env.web,)
           ) -> Callable[[Callable[..., Any], Env], Any]:
    """Call, change (returns its undo), call, undo, call again."""
    def drive(f: Callable[..., Any], env: Env) -> list[Any]:
        out: list[Any] = []
        a = args(env)

        def one() -> None:
            try:
                out.append(f(*a))
            except Refused as exc:
                out.append(f"refused: {exc}")
        one()
        undo = change(env)
        try:
            one()
        finally:
            undo()
        one()
        return out
    return drive


def _setter(ns: dict[str, Any], name: str, value: Any) -> Callable[[Env], Callable[[], None]]:
    def change(env: Env) -> Callable[[], None]:
        saved = ns[name]
        ns[name] = value
        return lambda: ns.__setitem__(name, saved)
    return change


def _attr(obj: Any, name: str, value: Callable[[], Any]) -> Callable[[Env], Callable[[], None]]:
    def change(env: Env) -> Callable[[], None]:
        saved = obj.__dict__[name] if hasattr(obj, "__dict__") and name in vars(obj) \
            else getattr(obj, name)
        setattr(obj, name, value())
        return lambda: setattr(obj, name, saved)
    return change


def _stub(web: str) -> None:  # the harness jits it; the drive builds the real function
    raise AssertionError("a stub is never called")


# ============================================================ module globals

HELPER: Callable[[str, str], str] = reader


def r219_global_helper_swapped(web: str) -> list[str]:
    a = HELPER(web, "gh1")
    b = _get(web, "gh1w")
    return [a, b]


ALIAS = reader
TOOLBOX = types.SimpleNamespace(fetch=reader)


def r219_namespace_attr_swapped(web: str) -> list[str]:
    a = TOOLBOX.fetch(web, "ns1")
    b = _get(web, "ns1w")
    return [a, b]


# ============================================================ class attributes

class Tools:
    fetch = staticmethod(reader)


def r219_class_staticmethod_swapped(web: str) -> list[str]:
    a = Tools.fetch(web, "cs1")
    b = _get(web, "cs1w")
    return [a, b]


class BaseRepo:
    @classmethod
    def fetch(cls, web: str, key: str) -> str:
        return _get(web, key)


class ChildRepo(BaseRepo):
    pass


def _writer_cm(cls: type, web: str, key: str) -> str:
    return writer(web, key)


def r219_classmethod_swapped_on_base(web: str) -> list[str]:
    a = ChildRepo.fetch(web, "cb1")
    b = _get(web, "cb1w")
    return [a, b]


# ============================================================ instance attributes, slots

class ReadBackend:
    def load(self, web: str, key: str) -> str:
        return _get(web, key)


class WriteBackend:
    def load(self, web: str, key: str) -> str:
        return writer(web, key)


class Service:
    def __init__(self) -> None:
        self.backend: Any = ReadBackend()


SVC = Service()


def r219_instance_backend_swapped(web: str) -> list[str]:
    a = SVC.backend.load(web, "ib1")
    b = _get(web, "ib1w")
    return [a, b]


class Slotted:
    __slots__ = ("backend",)

    def __init__(self) -> None:
        self.backend: Any = ReadBackend()


SLOT = Slotted()


def r219_slots_backend_swapped(web: str) -> list[str]:
    a = SLOT.backend.load(web, "sl1")
    b = _get(web, "sl1w")
    return [a, b]


def _slot_writer(env: Env) -> Callable[[], None]:
    saved = SLOT.backend
    SLOT.backend = WriteBackend()
    return lambda: setattr(SLOT, "backend", saved)


def _svc_writer(env: Env) -> Callable[[], None]:
    saved = SVC.backend
    SVC.backend = WriteBackend()
    return lambda: setattr(SVC, "backend", saved)


# ============================================================ registries

ROUTES: dict[str, Callable[[str, str], str]] = {}


def route(name: str) -> Callable[[Any], Any]:
    def register(fn: Any) -> Any:
        ROUTES[name] = fn
        return fn
    return register


@route("load")
def _routed_load(web: str, key: str) -> str:
    return _get(web, key)


def r219_decorator_registry_reregistered(web: str) -> list[str]:
    a = ROUTES["load"](web, "dr1")
    b = _get(web, "dr1w")
    return [a, b]


def _reregister(env: Env) -> Callable[[], None]:
    saved = ROUTES["load"]

    @route("load")
    def _routed_write(web: str, key: str) -> str:
        return writer(web, key)
    return lambda: ROUTES.__setitem__("load", saved)


OPTIONAL: dict[str, Callable[[str, str], str]] = {}


def r219_registry_get_default(web: str) -> list[str]:
    a = OPTIONAL.get("fetch", reader)(web, "rg1")
    b = _get(web, "rg1w")
    return [a, b]


def _optional_writer(env: Env) -> Callable[[], None]:
    OPTIONAL["fetch"] = writer
    return lambda: OPTIONAL.pop("fetch", None)


# ============================================================ closure cells

_ARMS: dict[str, Callable[[], None]] = {}


def make_r219_closure_armed_inside(env: Env) -> Callable[..., Any]:
    handler: Callable[[str, str], str] = reader

    def arm() -> None:
        nonlocal handler
        handler = writer

    def disarm() -> None:
        nonlocal handler
        handler = reader
    _ARMS["disarm"] = disarm

    def run(web: str) -> list[str]:
        a = handler(web, "ca1")
        arm()
        b = handler(web, "ca2")
        c = _get(web, "ca2w")
        d = _get(web, "ca1w")
        return [a, b, c, d]
    return run


def _armed_twice(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    _ARMS["disarm"]()
    out.append(f(env.web))
    return out


def make_r219_closure_picker_alternates(env: Env) -> Callable[..., Any]:
    n = 0

    def pick() -> Callable[[str, str], str]:
        nonlocal n
        n += 1
        return writer if n % 2 == 0 else reader

    def run(web: str) -> list[str]:
        h = pick()
        a = h(web, "pk1")
        b = _get(web, "pk1w")
        return [a, b]
    return run


# ============================================================ defaults

DEFAULT_TOOLS = types.SimpleNamespace(fetch=reader)


def r219_own_default_namespace_mutated(web: str, tools: Any = DEFAULT_TOOLS) -> list[str]:
    a = tools.fetch(web, "dn1")
    b = _get(web, "dn1w")
    return [a, b]


def kw_flag_fetch(web: str, key: str, *, write: bool = False) -> str:
    if write:
        return writer(web, key)
    return _get(web, key)


def r219_callee_kwdefaults_flag(web: str) -> list[str]:
    a = kw_flag_fetch(web, "kf1")
    b = _get(web, "kf1w")
    return [a, b]


def _kwdefault_write(env: Env) -> Callable[[], None]:
    kw_flag_fetch.__kwdefaults__ = {"write": True}
    return lambda: setattr(kw_flag_fetch, "__kwdefaults__", {"write": False})


def r219_own_default_list_grows(web: str, keys: list[str] = ["dl1"]) -> list[Any]:  # noqa: B006
    vals = [_get(web, k) for k in keys]
    keys.append(f"dl{len(keys) + 1}")
    version = _put(web, "count", str(len(keys)))
    return [vals, version]


def _reset_default_list(env: Env) -> None:
    r219_own_default_list_grows.__defaults__[0][:] = ["dl1"]  # type: ignore[index]


# ============================================================ functools.partial rebuilt

def _request(method: str, url: str) -> str:
    r = requests.request(method, url, data="via-partial", timeout=5)
    return str(r.json())


FETCHER = functools.partial(_request, "GET")


def r219_partial_rebuilt_global(web: str) -> list[str]:
    a = FETCHER(f"{web}/items/pr1w")
    b = _get(web, "pr1w")
    return [a, b]


def _rebuild_partial(env: Env) -> Callable[[], None]:
    global FETCHER
    saved = FETCHER
    FETCHER = functools.partial(_request, "PUT")

    def undo() -> None:
        global FETCHER
        FETCHER = saved
    return undo


KEYED = functools.partial(kw_flag_fetch, write=False)


def r219_partial_keyword_rebuilt(web: str) -> list[str]:
    a = KEYED(web, "pk2")
    b = _get(web, "pk2w")
    return [a, b]


def _rebuild_keyed(env: Env) -> Callable[[], None]:
    global KEYED
    saved = KEYED
    KEYED = functools.partial(kw_flag_fetch, write=True)

    def undo() -> None:
        global KEYED
        KEYED = saved
    return undo


# ============================================================ importlib.reload

_MOD_READ = '''
import requests


def helper(web, key):
    return requests.get(f"{web}/items/{key}?ms=50", timeout=5).json()["value"]


def pair(web):
    a = helper(web, "mo1")
    b = requests.get(f"{web}/items/mo1w?ms=50", timeout=5).json()["value"]
    return [a, b]
'''

_MOD_WRITE = '''
import requests


def helper(web, key):
    return str(requests.put(f"{web}/items/{key}w", data="reloaded", timeout=5).json())


def pair(web):
    a = helper(web, "mo1")
    b = requests.get(f"{web}/items/mo1w?ms=50", timeout=5).json()["value"]
    return [a, b]
'''

# the helper grows by four lines: `pair`'s old line numbers now point into the helper
_MOD_WRITE_SHIFTED = '''
import requests


def helper(web, key):
    url = f"{web}/items/{key}w"
    body = "reloaded"
    r = requests.put(url, data=body, timeout=5)
    out = r.json()
    return str(out)


def pair(web):
    a = helper(web, "mo1")
    b = requests.get(f"{web}/items/mo1w?ms=50", timeout=5).json()["value"]
    return [a, b]
'''

# the same lines, `pair` now written the other way round (the old function is what runs)
_MOD_WRITE_BODY = '''
import requests


def helper(web, key):
    return str(requests.put(f"{web}/items/{key}w", data="reloaded", timeout=5).json())


def pair(web):
    b = requests.get(f"{web}/items/mo9w?ms=50", timeout=5).json()["value"]
    a = helper(web, "mo9")
    return [b, a]
'''

_MODS: dict[str, types.ModuleType] = {}


def _load_module(env: Env, tag: str, source: str) -> types.ModuleType:
    folder = env.tmp / f"mods-{tag}"
    folder.mkdir()
    name = f"rt219_{tag}_{abs(hash(str(env.tmp)))}"
    (folder / f"{name}.py").write_text(source)
    sys.path.insert(0, str(folder))
    try:
        mod = importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
    _MODS[tag] = mod
    return mod


def _rewrite(mod: types.ModuleType, source: str) -> None:
    path = Path(mod.__file__ or "")
    path.write_text(source)
    shutil.rmtree(path.parent / "__pycache__", ignore_errors=True)
    importlib.invalidate_caches()
    sys.path.insert(0, str(path.parent))
    try:
        importlib.reload(mod)
    finally:
        sys.path.remove(str(path.parent))


def _drop_module(mod: types.ModuleType) -> None:
    sys.modules.pop(mod.__name__, None)
    shutil.rmtree(Path(mod.__file__ or "").parent, ignore_errors=True)


def _reload_cycle(tag: str, new_source: str, restore: bool = True
                  ) -> Callable[[Callable[..., Any], Env], Any]:
    def drive(f: Callable[..., Any], env: Env) -> list[Any]:
        mod = _MODS.pop(tag)
        try:
            out = [f(env.web)]
            _rewrite(mod, new_source)
            out.append(f(env.web))
            if restore:
                _rewrite(mod, _MOD_READ)
                out.append(f(env.web))
            return out
        finally:
            _drop_module(mod)
    return drive


def make_r219_reload_helper_module(env: Env) -> Callable[..., Any]:
    mod = _load_module(env, "helper", _MOD_READ)

    def run(web: str) -> list[str]:
        a = mod.helper(web, "rh1")
        b = _get(web, "rh1w")
        return [a, b]
    return run


def make_r219_reload_from_import_kept(env: Env) -> Callable[..., Any]:
    mod = _load_module(env, "kept", _MOD_READ)
    helper = mod.helper  # `from mod import helper`: a reload does not rebind it

    def run(web: str) -> list[str]:
        a = helper(web, "rk1")
        b = _get(web, "rk1w")
        return [a, b]
    return run


def make_r219_reload_own_module(env: Env) -> Callable[..., Any]:
    return _load_module(env, "own", _MOD_READ).pair


def make_r219_reload_own_module_shifted(env: Env) -> Callable[..., Any]:
    return _load_module(env, "shifted", _MOD_READ).pair


def make_r219_reload_own_module_body_changed(env: Env) -> Callable[..., Any]:
    return _load_module(env, "body", _MOD_READ).pair


# ============================================================ xcs.jit on methods of a class

def _method_classes(deco: Callable[[Any], Any]) -> dict[str, Any]:
    class Agent:
        tool: Any = staticmethod(reader)

        def __init__(self, web: str) -> None:
            self.web = web
            self.backend: Any = ReadBackend()

        @deco
        def run(self) -> list[str]:
            a = self.backend.load(self.web, "jm1")
            b = _get(self.web, "jm1w")
            return [a, b]

        @deco
        @classmethod
        def pull(cls, web: str) -> list[str]:
            a = cls.tool(web, "jc1")
            b = _get(web, "jc1w")
            return [a, b]

        @deco
        @staticmethod
        def both(web: str) -> list[str]:
            a = HELPER(web, "js1")
            b = _get(web, "js1w")
            return [a, b]

        @property
        @deco
        def summary(self) -> list[str]:
            a = self.backend.load(self.web, "jp1")
            b = _get(self.web, "jp1w")
            return [a, b]

    return {"Agent": Agent}


def r219_jit_method_decorator(web: str) -> None:
    raise AssertionError("stub")


def _method_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    Agent = _method_classes(_deco(f, r219_jit_method_decorator))["Agent"]
    agent = Agent(env.web)
    out = [agent.run()]
    agent.backend = WriteBackend()
    out.append(agent.run())
    agent.backend = ReadBackend()
    out.append(agent.run())
    return out


def r219_jit_classmethod_decorator(web: str) -> None:
    raise AssertionError("stub")


def _classmethod_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    Agent = _method_classes(_deco(f, r219_jit_classmethod_decorator))["Agent"]

    class Sub(Agent):
        pass
    out = [Sub.pull(env.web)]
    Sub.tool = staticmethod(writer)
    out.append(Sub.pull(env.web))
    del Sub.tool
    out.append(Sub.pull(env.web))
    return out


def r219_jit_staticmethod_decorator(web: str) -> None:
    raise AssertionError("stub")


def _staticmethod_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global HELPER
    Agent = _method_classes(_deco(f, r219_jit_staticmethod_decorator))["Agent"]
    out = [Agent.both(env.web)]
    HELPER = writer
    try:
        out.append(Agent(env.web).both(env.web))
    finally:
        HELPER = reader
    out.append(Agent.both(env.web))
    return out


def r219_jit_property_getter(web: str) -> None:
    raise AssertionError("stub")


def _property_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    Agent = _method_classes(_deco(f, r219_jit_property_getter))["Agent"]
    agent = Agent(env.web)
    out = [agent.summary]
    agent.backend = WriteBackend()
    out.append(agent.summary)
    out.append(Agent(env.web).summary)
    return out


# ============================================================ super() chains

def _super_classes(deco: Callable[[Any], Any]) -> tuple[type, type, type]:
    class Base:
        def fetch(self, web: str, key: str) -> str:
            return _get(web, key)

        def run(self, web: str) -> list[str]:
            return [self.fetch(web, "sp1")]

    class Mid(Base):
        @deco
        def run(self, web: str) -> list[str]:
            head = super().run(web)
            tail = _get(web, "sp1w")
            return [*head, tail]

    class Leaf(Mid):
        @deco
        def run(self, web: str) -> list[str]:
            out = super().run(web)
            extra = _get(web, "sp2")
            return [*out, extra]

    return Base, Mid, Leaf


def r219_super_base_method_swapped(web: str) -> None:
    raise AssertionError("stub")


def _super_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    Base, Mid, Leaf = _super_classes(_deco(f, r219_super_base_method_swapped))
    obj = Leaf()
    out = [obj.run(env.web)]
    Base.fetch = lambda self, web, key: writer(web, key)  # type: ignore[method-assign]
    out.append(obj.run(env.web))
    del Base.fetch
    try:
        obj.run(env.web)
    except AttributeError as exc:
        out.append(f"AttributeError: {exc}")
    return out


def r219_super_mid_override_added(web: str) -> None:
    raise AssertionError("stub")


def _super_mid_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    Base, Mid, Leaf = _super_classes(_deco(f, r219_super_mid_override_added))
    obj = Leaf()
    out = [obj.run(env.web)]
    Mid.fetch = lambda self, web, key: writer(web, key)  # type: ignore[attr-defined]
    out.append(obj.run(env.web))
    del Mid.fetch  # type: ignore[attr-defined]
    out.append(obj.run(env.web))
    return out


# ============================================================ jitted calling jitted

INNER: Callable[..., Any] = reader


def _inner_read(web: str, key: str) -> str:
    a = _get(web, key)
    b = _get(web, key + "x")
    return a + b


def _inner_write(web: str, key: str) -> str:
    _put(web, key + "w", "inner")
    return "wrote"


def r219_jitted_calls_jitted_rebound(web: str) -> list[str]:
    a = INNER(web, "jj1")
    b = _get(web, "jj1w")
    return [a, b]


def _jitted_inner_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global INNER
    deco = _deco(f, r219_jitted_calls_jitted_rebound)
    try:
        INNER = deco(_inner_read)
        out = [f(env.web)]
        INNER = deco(_inner_write)
        out.append(f(env.web))
        INNER = deco(_inner_read)
        out.append(f(env.web))
        return out
    finally:
        INNER = reader


def _inner_code_target(web: str, key: str) -> str:
    a = _get(web, key)
    b = _get(web, key + "x")
    return a + b


_INNER_CODE = _inner_code_target.__code__
INNER_J: Callable[..., Any] = _inner_code_target


def r219_jitted_inner_code_swapped(web: str) -> list[str]:
    a = INNER_J(web, "jk1")
    b = _get(web, "jk1w")
    return [a, b]


def _inner_code_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global INNER_J
    INNER_J = _deco(f, r219_jitted_inner_code_swapped)(_inner_code_target)
    try:
        out = [f(env.web)]
        _inner_code_target.__code__ = _inner_write.__code__
        try:
            out.append(f(env.web))
        finally:
            _inner_code_target.__code__ = _INNER_CODE
        out.append(f(env.web))
        return out
    finally:
        INNER_J = _inner_code_target


# ============================================================ recursion

LEAF: dict[str, Callable[[str, str], str]] = {"h": reader}


def r219_recursion_leaf_swapped(web: str, n: int) -> list[str]:
    if n == 0:
        return []
    a = LEAF["h"](web, f"rl{n}")
    rest = r219_recursion_leaf_swapped(web, n - 1)
    b = _get(web, f"rl{n}w")
    return [a, *rest, b]


def r219_recursion_jitted_self(web: str, n: int, fetch: Any) -> list[str]:
    if n == 0:
        return []
    a = fetch(web, f"rs{n}")
    rest = r219_recursion_jitted_self(web, n - 1, fetch)
    b = _get(web, f"rs{n}w")
    return [a, *rest, b]


def _recursion_self_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global r219_recursion_jitted_self
    saved = r219_recursion_jitted_self
    r219_recursion_jitted_self = f
    try:
        return [f(env.web, 2, reader), f(env.web, 2, writer), f(env.web, 1, reader)]
    finally:
        r219_recursion_jitted_self = saved


# ============================================================ closures made in a loop

def r219_loop_closures_late_binding(web: str) -> list[str]:
    fs = []
    for k in ("lb1", "lb2", "lb3"):
        fs.append(lambda: _get(web, k))  # noqa: B023 - late binding is the point
    return [g() for g in fs]


def r219_loop_closures_rebound_after(web: str) -> list[str]:
    fs = []
    for k in ("la1", "la2"):
        fs.append(lambda: _get(web, k))  # noqa: B023
    k = "la9"
    first = fs[0]()
    k = "la8"
    return [first, fs[1](), k]


def r219_loop_closures_default_bound(web: str) -> list[str]:
    fs = [lambda k=k: _get(web, k) for k in ("ld1", "ld2", "ld3")]
    return [g() for g in fs]


def r219_loop_closures_mode_late(web: str) -> list[str]:
    acts = []
    for key, act in (("lm1", reader), ("lm2", writer)):
        acts.append(lambda: act(web, key))  # noqa: B023
    out = [g() for g in acts]
    out.append(_get(web, "lm2w"))
    return out


MODULE_FNS = [lambda web, k=k: _get(web, k) for k in ("mf1", "mf2")]
MODULE_LATE = [lambda web: _get(web, k) for k in ("ml1", "ml2")]  # noqa: B023


def r219_module_lambdas_from_comprehension(web: str) -> list[str]:
    a = [g(web) for g in MODULE_FNS]
    b = [g(web) for g in MODULE_LATE]
    return [*a, *b]


# ============================================================ factories and captured clients

class WritingClient:
    """Has `get` as requests has, but PUTs the item the function reads next."""

    def get(self, url: str, timeout: float = 5) -> Any:
        requests.put(url + "w", data="client-wrote", timeout=timeout)
        return requests.get(url, timeout=timeout)


def make_fetch(client: Any) -> Callable[[str, str], str]:
    def fetch(web: str, key: str) -> str:
        return client.get(f"{web}/items/{key}", timeout=5).json()["value"]
    return fetch


def r219_factory_closures_other_client(web: str, fetch: Callable[[str, str], str]) -> list[str]:
    a = fetch(web, "fc1")
    b = _get(web, "fc1w")
    return [a, b]


def _factory_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, make_fetch(requests)), f(env.web, make_fetch(WritingClient())),
            f(env.web, make_fetch(requests.Session()))]


class Fetcher:
    def __init__(self, client: Any) -> None:
        self.client = client

    def fetch(self, web: str, key: str) -> str:
        return self.client.get(f"{web}/items/{key}", timeout=5).json()["value"]


def r219_factory_bound_methods(web: str, fetch: Callable[[str, str], str]) -> list[str]:
    a = fetch(web, "fb1")
    b = _get(web, "fb1w")
    return [a, b]


def _bound_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    s = requests.Session()
    try:
        return [f(env.web, Fetcher(s).fetch), f(env.web, Fetcher(WritingClient()).fetch),
                f(env.web, Fetcher(s).fetch)]
    finally:
        s.close()


def make_r219_factory_model_client(env: Env) -> Callable[..., Any]:
    client = openai_client(env)

    def run(web: str, tag: str) -> list[str]:
        a = ask(client, f"first {tag}")
        b = ask(client, f"second {tag}")
        c = _get(web, f"mc-{tag}")
        return [a, b, c]
    return run


def _model_tags(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.api, "x"), f(env.api, "y")]


# ============================================================ functools.wraps and xcs.jit

def logged(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print("call", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper


HELPER_W: Callable[[str, str], str] = reader


def _wrapped_pair(web: str) -> list[str]:
    a = HELPER_W(web, "wp1")
    b = _get(web, "wp1w")
    return [a, b]


def r219_wraps_over_jit(web: str) -> None:
    raise AssertionError("stub")


def _wraps_over_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global HELPER_W
    g = logged(_deco(f, r219_wraps_over_jit)(_wrapped_pair))
    out = [g(env.web)]
    HELPER_W = writer
    try:
        out.append(g(env.web))
    finally:
        HELPER_W = reader
    out.append(g(env.web))
    return out


def r219_jit_wraps_jit(web: str) -> None:
    raise AssertionError("stub")


def _jit_wraps_jit_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global HELPER_W
    deco = _deco(f, r219_jit_wraps_jit)
    g = deco(logged(deco(_wrapped_pair)))
    out = [g(env.web)]
    HELPER_W = writer
    try:
        out.append(g(env.web))
    finally:
        HELPER_W = reader
    out.append(g(env.web))
    return out


def _other_pair(web: str) -> list[str]:
    a = writer(web, "wa1")
    b = _get(web, "wa1w")
    return [a, b]


def _reads_pair(web: str) -> list[str]:
    a = _get(web, "wa1")
    b = _get(web, "wa1w")
    return [a, b]


r219_wraps_wrapped_reassigned = logged(_reads_pair)


def _wrapped_reassigned(env: Env) -> Callable[[], None]:
    w = r219_wraps_wrapped_reassigned
    w.__wrapped__ = _other_pair  # type: ignore[attr-defined]
    return lambda: setattr(w, "__wrapped__", _reads_pair)


def _logged_helper(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, key: str) -> str:
        print("helper", key)
        return fn(web, key)
    return wrapper


HELPER_L: Callable[[str, str], str] = _logged_helper(reader)


def r219_wrapped_helper_swapped(web: str) -> list[str]:
    a = HELPER_L(web, "wh1")
    b = _get(web, "wh1w")
    return [a, b]


# ============================================================ monkeypatching requests

_REAL_GET = requests.get
_REAL_SESSION_GET = requests.Session.get


def _patched_get(url: str, *args: Any, **kw: Any) -> Any:
    path = url.split("?")[0]
    if path.endswith("1"):
        requests.put(path + "w", data="patched", timeout=5)
    return _REAL_GET(url, *args, **kw)


def r219_requests_get_patched(web: str) -> list[str]:
    a = requests.get(f"{web}/items/mp1", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/mp1w", timeout=5).json()["value"]
    return [a, b]


def _patch_get(env: Env) -> Callable[[], None]:
    requests.get = _patched_get
    return lambda: setattr(requests, "get", _REAL_GET)


def _patched_session_get(self: Any, url: str, **kw: Any) -> Any:
    path = url.split("?")[0]
    if path.endswith("1"):
        self.put(path + "w", data="session-patched", timeout=5)
    return _REAL_SESSION_GET(self, url, **kw)


def r219_session_get_patched(web: str, s: requests.Session) -> list[str]:
    a = s.get(f"{web}/items/sg1", timeout=5).json()["value"]
    b = s.get(f"{web}/items/sg1w", timeout=5).json()["value"]
    return [a, b]


def _session_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(env.web, s)]
    requests.Session.get = _patched_session_get  # type: ignore[method-assign]
    try:
        out.append(f(env.web, s))
    finally:
        requests.Session.get = _REAL_SESSION_GET  # type: ignore[method-assign]
    out.append(f(env.web, s))
    return out


def install_patch() -> None:
    requests.get = _patched_get


def remove_patch() -> None:
    requests.get = _REAL_GET


def r219_patch_installed_inside(web: str) -> list[str]:
    try:
        a = _get(web, "pi0")
        install_patch()
        b = requests.get(f"{web}/items/pi1", timeout=5).json()["value"]
        c = requests.get(f"{web}/items/pi1w", timeout=5).json()["value"]
    finally:
        remove_patch()
    d = _get(web, "pi2")
    return [a, b, c, d]


# ============================================================ __code__ of a lambda

OPS: dict[str, Callable[[str, str], str]] = {"f": lambda web, key: _get(web, key)}
_OPS_CODE = OPS["f"].__code__
_WRITE_LAMBDA = lambda web, key: writer(web, key)  # noqa: E731


def r219_lambda_code_swapped(web: str) -> list[str]:
    a = OPS["f"](web, "lc1")
    b = _get(web, "lc1w")
    return [a, b]


def _swap_lambda_code(env: Env) -> Callable[[], None]:
    OPS["f"].__code__ = _WRITE_LAMBDA.__code__
    return lambda: setattr(OPS["f"], "__code__", _OPS_CODE)


# ============================================================ exec with linecache

_EXEC_FILE = "<r219-exec-cell>"
_EXEC_SRC = ("def exec_pair(web):\n"
             "    a = HELP(web, 'xl1')\n"
             "    b = _get(web, 'xl1w')\n"
             "    return [a, b]\n")
_EXEC_SRC_CHANGED = ("def exec_pair(web):\n"
                     "    b = _get(web, 'xl1w')\n"
                     "    a = HELP(web, 'xl1')\n"
                     "    return [b, a]\n")


def _cache_source(name: str, src: str) -> None:
    linecache.cache[name] = (len(src), None, src.splitlines(True), name)


def make_r219_exec_linecache_global_swapped(env: Env) -> Callable[..., Any]:
    ns: dict[str, Any] = {"HELP": reader, "_get": _get}
    _cache_source(_EXEC_FILE, _EXEC_SRC)
    exec(compile(_EXEC_SRC, _EXEC_FILE, "exec"), ns)  # noqa: S102 - the case's subject
    _EXEC_NS["ns"] = ns
    return ns["exec_pair"]


_EXEC_NS: dict[str, Any] = {}


def _exec_help_writer(env: Env) -> Callable[[], None]:
    ns = _EXEC_NS["ns"]
    ns["HELP"] = writer
    return lambda: ns.__setitem__("HELP", reader)


_EXEC_FILE2 = "<r219-exec-cell-2>"


def make_r219_exec_linecache_source_replaced(env: Env) -> Callable[..., Any]:
    ns: dict[str, Any] = {"HELP": reader, "_get": _get}
    _cache_source(_EXEC_FILE2, _EXEC_SRC)
    exec(compile(_EXEC_SRC, _EXEC_FILE2, "exec"), ns)  # noqa: S102
    _EXEC_NS["ns2"] = ns
    return ns["exec_pair"]


def _exec_source_replaced(env: Env) -> Callable[[], None]:
    ns = _EXEC_NS["ns2"]
    _cache_source(_EXEC_FILE2, _EXEC_SRC_CHANGED)  # as a notebook re-running the cell
    ns["HELP"] = writer

    def undo() -> None:
        _cache_source(_EXEC_FILE2, _EXEC_SRC)
        ns["HELP"] = reader
    return undo


# ============================================================ class-level caches

class Catalog:
    _cache: dict[str, str] = {}

    @classmethod
    def lookup(cls, web: str, key: str) -> str:
        if key not in cls._cache:
            cls._cache[key] = _get(web, key)
        return cls._cache[key]


def r219_class_cache_cleared_between(web: str) -> list[str]:
    a = Catalog.lookup(web, "cc1")
    b = Catalog.lookup(web, "cc2")
    c = _get(web, "cc3")
    return [a, b, c]


def _clear_catalog(env: Env) -> None:
    Catalog._cache.clear()


def _catalog_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    _put(env.web, "cc1", "fresh")
    _put(env.web, "cc3", "fresh3")
    out.append(f(env.web))
    Catalog._cache.clear()
    out.append(f(env.web))
    return out


# ============================================================ dataclasses

@dataclasses.dataclass
class ToolAgent:
    web: str
    tool: Callable[[str, str], str]

    def run(self) -> list[str]:
        a = self.tool(self.web, "da1")
        b = _get(self.web, "da1w")
        return [a, b]


def _dataclass_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    agent = ToolAgent(env.web, reader)
    return [f(agent), f(dataclasses.replace(agent, tool=writer)), f(agent)]


@dataclasses.dataclass(frozen=True)
class FrozenAgent:
    web: str
    backend: Any

    def run(self) -> list[str]:
        a = self.backend.load(self.web, "fa1")
        b = _get(self.web, "fa1w")
        return [a, b]


def _frozen_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    agent = FrozenAgent(env.web, ReadBackend())
    out = [f(agent)]
    object.__setattr__(agent, "backend", WriteBackend())
    out.append(f(agent))
    object.__setattr__(agent, "backend", ReadBackend())
    out.append(f(agent))
    return out


# ============================================================ typing.Protocol

class Store(Protocol):
    def load(self, web: str, key: str) -> str: ...


class ReadStore:
    def load(self, web: str, key: str) -> str:
        return _get(web, key)


class WriteStore(Store):
    def load(self, web: str, key: str) -> str:
        return writer(web, key)


def r219_protocol_impl_swapped(web: str, store: Store) -> list[str]:
    a = store.load(web, "pa1")
    b = _get(web, "pa1w")
    return [a, b]


def _protocol_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, ReadStore()), f(env.web, WriteStore()), f(env.web, ReadStore())]


class AuditedStore(ReadStore):
    def load(self, web: str, key: str) -> str:
        return writer(web, key)


def r219_annotated_base_subclass_writes(web: str, store: ReadStore) -> list[str]:
    a = store.load(web, "pb1")
    b = _get(web, "pb1w")
    return [a, b]


def _subclass_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, ReadStore()), f(env.web, AuditedStore()), f(env.web, ReadStore())]


# ============================================================ flags read by helpers

DRY = True


def save(web: str, key: str, text: str) -> str:
    if DRY:
        return "dry"
    return str(_put(web, key, text))


def r219_helper_global_flag_flipped(web: str) -> list[str]:
    a = _get(web, "hf1")
    s = save(web, "hf2", a)
    b = _get(web, "hf2")
    return [a, s, b]


def _dry_off(env: Env) -> Callable[[], None]:
    global DRY
    DRY = False

    def undo() -> None:
        global DRY
        DRY = True
    return undo


class Settings:
    dry_run = True


def store_if(web: str, key: str, text: str) -> str:
    if Settings.dry_run:
        return "dry"
    return str(_put(web, key, text))


def r219_class_flag_in_helper(web: str) -> list[str]:
    a = _get(web, "sf1", 100)
    s = store_if(web, "sf2", a)
    b = _get(web, "sf2")
    c = _get(web, "sf3")
    return [a, s, b, c]


def env_act(web: str, key: str) -> str:
    method = os.environ.get("RT219_METHOD", "GET")
    r = requests.request(method, f"{web}/items/{key}w", data=f"env-{key}", timeout=5)
    return str(r.json())


def r219_env_var_method_helper(web: str) -> list[str]:
    a = env_act(web, "ev1")
    b = _get(web, "ev1w")
    return [a, b]


def _env_put(env: Env) -> Callable[[], None]:
    saved = os.environ.get("RT219_METHOD")
    os.environ["RT219_METHOD"] = "PUT"

    def undo() -> None:
        if saved is None:
            os.environ.pop("RT219_METHOD", None)
        else:
            os.environ["RT219_METHOD"] = saved
    return undo


def env_save(web: str, key: str, text: str) -> str:
    if os.getenv("RT219_SAVE") == "1":
        return str(_put(web, key, text))
    return "skipped"


def r219_env_var_save_flag(web: str) -> list[str]:
    a = _get(web, "es1")
    s = env_save(web, "es2", a)
    b = _get(web, "es2")
    return [a, s, b]


def _env_save_on(env: Env) -> Callable[[], None]:
    saved = os.environ.get("RT219_SAVE")
    os.environ["RT219_SAVE"] = "1"

    def undo() -> None:
        if saved is None:
            os.environ.pop("RT219_SAVE", None)
        else:
            os.environ["RT219_SAVE"] = saved
    return undo


# ============================================================ two threads, one function

def r219_two_threads_different_args(web: str, tag: str, client: Any) -> list[str]:
    a = ask(client, f"q-{tag}")
    b = _get(web, f"{tag}1")
    c = _get(web, f"{tag}2")
    return [a, b, c]


def _run_threads(jobs: dict[str, Callable[[], Any]]) -> list[Any]:
    out: dict[str, Any] = {}
    barrier = threading.Barrier(len(jobs), timeout=10)

    def go(tag: str, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            out[tag] = job()
        except Exception as exc:  # noqa: BLE001 - a thread's outcome
            out[tag] = f"{type(exc).__name__}: {exc}"
    threads = [threading.Thread(target=go, args=(t, j)) for t, j in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return [out.get(k, "no result") for k in sorted(jobs)]


def _two_threads_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    client = openai_client(env)
    return _run_threads({tag: functools.partial(f, env.api, tag, client)
                         for tag in ("ta", "tb")})


def r219_threads_reader_and_writer(web: str, tag: str, backend: Any) -> list[str]:
    a = backend.load(web, f"{tag}1")
    b = _get(web, f"{tag}1w")
    c = _get(web, f"{tag}2")
    return [a, b, c]


def _reader_writer_threads(f: Callable[..., Any], env: Env) -> list[Any]:
    # (each thread on a server of its own: what one server sees is then one thread's order)
    first = _run_threads({"ra": functools.partial(f, env.api, "ra", ReadBackend()),
                          "wb": functools.partial(f, env.web, "wb", WriteBackend())})
    again = _run_threads({"rc": functools.partial(f, env.api, "rc", ReadBackend()),
                          "rd": functools.partial(f, env.web, "rd", ReadBackend())})
    return [first, again]


# ============================================================ rebinding inside one call

THIS = sys.modules[__name__]
HELPER2: Callable[[str, str], str] = reader


def switch_module_attr() -> None:
    THIS.HELPER2 = writer


def r219_inside_module_alias_setattr(web: str) -> list[str]:
    a = HELPER2(web, "im1")
    switch_module_attr()
    b = HELPER2(web, "im2")
    c = _get(web, "im2w")
    return [a, b, c]


def _restore_helper2(env: Env) -> None:
    THIS.HELPER2 = reader


REG2: dict[str, Callable[[str, str], str]] = {"load": reader}


def r219_inside_registry_update(web: str) -> list[str]:
    a = REG2["load"](web, "iu1")
    REG2.update(load=writer)
    b = REG2["load"](web, "iu2")
    c = _get(web, "iu2w")
    return [a, b, c]


def _restore_reg2(env: Env) -> None:
    REG2["load"] = reader


REG3: dict[str, Callable[[str, str], str]] = {"load": reader}


def r219_inside_registry_alias_store(web: str) -> list[str]:
    table = REG3
    a = table["load"](web, "ia1")
    table["load"] = writer
    b = REG3["load"](web, "ia2")
    c = _get(web, "ia2w")
    return [a, b, c]


def _restore_reg3(env: Env) -> None:
    REG3["load"] = reader


class Tools2:
    fetch = staticmethod(reader)


class Holder2:
    pass


def upgrade(obj: Any) -> None:
    type(obj).fetch = staticmethod(writer)


def r219_inside_class_attr_via_type(web: str) -> list[str]:
    t = Tools2()
    a = t.fetch(web, "it1")
    upgrade(t)
    b = t.fetch(web, "it2")
    c = _get(web, "it2w")
    return [a, b, c]


def _restore_tools2(env: Env) -> None:
    Tools2.fetch = staticmethod(reader)  # type: ignore[assignment]


TOOLBOX3 = types.SimpleNamespace(fetch=reader)


def r219_inside_namespace_dunder_dict(web: str) -> list[str]:
    a = TOOLBOX3.fetch(web, "id1")
    TOOLBOX3.__dict__["fetch"] = writer
    b = TOOLBOX3.fetch(web, "id2")
    c = _get(web, "id2w")
    return [a, b, c]


def _restore_toolbox3(env: Env) -> None:
    TOOLBOX3.fetch = reader


FROZEN = FrozenAgent("", ReadBackend())


def r219_inside_frozen_object_setattr(web: str) -> list[str]:
    a = FROZEN.backend.load(web, "if1")
    object.__setattr__(FROZEN, "backend", WriteBackend())
    b = FROZEN.backend.load(web, "if2")
    c = _get(web, "if2w")
    return [a, b, c]


def _restore_frozen(env: Env) -> None:
    object.__setattr__(FROZEN, "backend", ReadBackend())


TOOLBOX4 = types.SimpleNamespace(fetch=reader)


def r219_inside_setattr_builtin(web: str) -> list[str]:
    a = TOOLBOX4.fetch(web, "is1")
    setattr(TOOLBOX4, "fetch", writer)  # noqa: B010 - the builtin is the point
    b = TOOLBOX4.fetch(web, "is2")
    c = _get(web, "is2w")
    return [a, b, c]


def _restore_toolbox4(env: Env) -> None:
    TOOLBOX4.fetch = reader


# ============================================================ a library's classes patched between calls

_REAL_SEND = requests.adapters.HTTPAdapter.send
_REAL_JSON = requests.models.Response.json


def _patched_send(self: Any, request: Any, **kw: Any) -> Any:
    path = (request.url or "").split("?")[0]
    if request.method == "GET" and path.endswith("1"):
        requests.put(path + "w", data="adapter-patched", timeout=5)
    return _REAL_SEND(self, request, **kw)


def r219_adapter_send_patched(web: str) -> list[str]:
    a = requests.get(f"{web}/items/as1", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/as1w", timeout=5).json()["value"]
    return [a, b]


def _patch_send(env: Env) -> Callable[[], None]:
    requests.adapters.HTTPAdapter.send = _patched_send  # type: ignore[method-assign]
    return lambda: setattr(requests.adapters.HTTPAdapter, "send", _REAL_SEND)


def _patched_json(self: Any, **kw: Any) -> Any:
    path = (self.url or "").split("?")[0]
    if path.endswith("1"):
        requests.put(path + "w", data="json-patched", timeout=5)
    return _REAL_JSON(self, **kw)


def r219_response_json_patched(web: str) -> list[str]:
    a = _get(web, "rj1")
    b = _get(web, "rj1w")
    return [a, b]


def _patch_json(env: Env) -> Callable[[], None]:
    requests.models.Response.json = _patched_json  # type: ignore[method-assign]
    return lambda: setattr(requests.models.Response, "json", _REAL_JSON)


def r219_session_hook_added(web: str, s: requests.Session) -> list[str]:
    a = s.get(f"{web}/items/sh1", timeout=5).json()["value"]
    b = s.get(f"{web}/items/sh1w", timeout=5).json()["value"]
    return [a, b]


def _hook_put(r: Any, **kw: Any) -> Any:
    path = r.url.split("?")[0]
    if path.endswith("1"):
        requests.put(path + "w", data="hooked", timeout=5)
    return r


def _hook_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(env.web, s)]
    s.hooks["response"].append(_hook_put)
    out.append(f(env.web, s))
    s.hooks["response"].remove(_hook_put)
    out.append(f(env.web, s))
    return out


class _PuttingAdapter(requests.adapters.HTTPAdapter):
    def send(self, request: Any, **kw: Any) -> Any:  # type: ignore[override]
        path = (request.url or "").split("?")[0]
        if request.method == "GET" and path.endswith("1"):
            requests.put(path + "w", data="mounted", timeout=5)
        return super().send(request, **kw)


def r219_session_adapter_mounted(web: str, s: requests.Session) -> list[str]:
    a = s.get(f"{web}/items/sm1", timeout=5).json()["value"]
    b = s.get(f"{web}/items/sm1w", timeout=5).json()["value"]
    return [a, b]


def _mount_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(env.web, s)]
    s.mount("http://", _PuttingAdapter())
    out.append(f(env.web, s))
    s.mount("http://", requests.adapters.HTTPAdapter())
    out.append(f(env.web, s))
    return out


# ============================================================ names found elsewhere

import builtins  # noqa: E402 - kept beside the cases that use it

builtins.r219_bfetch = reader  # type: ignore[attr-defined]


def r219_builtin_helper_swapped(web: str) -> list[str]:
    a = r219_bfetch(web, "bh1")  # type: ignore[name-defined] # noqa: F821
    b = _get(web, "bh1w")
    return [a, b]


def _builtin_writer(env: Env) -> Callable[[], None]:
    builtins.r219_bfetch = writer  # type: ignore[attr-defined]
    return lambda: setattr(builtins, "r219_bfetch", reader)


def r219_global_shadows_builtin(web: str) -> list[str]:
    a = r219_bfetch(web, "bs1")  # type: ignore[name-defined] # noqa: F821
    b = _get(web, "bs1w")
    return [a, b]


def _shadow_builtin(env: Env) -> Callable[[], None]:
    globals()["r219_bfetch"] = writer
    return lambda: globals().pop("r219_bfetch", None)


class _LazyModule(types.ModuleType):
    mode = "read"

    @property
    def fetch(self) -> Callable[[str, str], str]:
        return writer if type(self).mode == "write" else reader


LAZY = _LazyModule("rt219_lazy")


def r219_module_property_helper(web: str) -> list[str]:
    a = LAZY.fetch(web, "lp1")
    b = _get(web, "lp1w")
    return [a, b]


def _lazy_write(env: Env) -> Callable[[], None]:
    _LazyModule.mode = "write"
    return lambda: setattr(_LazyModule, "mode", "read")


_SWAP_MOD = "rt219_swapped_module"
sys.modules[_SWAP_MOD] = types.SimpleNamespace(fetch=reader)  # type: ignore[assignment]


def r219_import_inside_sys_modules_swapped(web: str) -> list[str]:
    import rt219_swapped_module as m  # type: ignore[import-not-found]

    a = m.fetch(web, "is1")
    b = _get(web, "is1w")
    return [a, b]


def _swap_sys_module(env: Env) -> Callable[[], None]:
    saved = sys.modules[_SWAP_MOD]
    sys.modules[_SWAP_MOD] = types.SimpleNamespace(fetch=writer)  # type: ignore[assignment]
    return lambda: sys.modules.__setitem__(_SWAP_MOD, saved)


class ReadMixin:
    def fetch(self, web: str, key: str) -> str:
        return _get(web, key)


class WriteMixin:
    def fetch(self, web: str, key: str) -> str:
        return writer(web, key)


class _Root:
    pass


class Mixed(ReadMixin, _Root):
    pass


MIXED = Mixed()


def r219_bases_reassigned(web: str) -> list[str]:
    a = MIXED.fetch(web, "br1")
    b = _get(web, "br1w")
    return [a, b]


def _rebase(env: Env) -> Callable[[], None]:
    Mixed.__bases__ = (WriteMixin, _Root)
    return lambda: setattr(Mixed, "__bases__", (ReadMixin, _Root))


STATEFUL = functools.partial(_request, "GET")


def r219_partial_setstate_in_place(web: str) -> list[str]:
    a = STATEFUL(f"{web}/items/ps1w")
    b = _get(web, "ps1w")
    return [a, b]


def _setstate(env: Env) -> Callable[[], None]:
    STATEFUL.__setstate__((_request, ("PUT",), {}, None))
    return lambda: STATEFUL.__setstate__((_request, ("GET",), {}, None))


STATEFUL_R = functools.partial(reader)


def r219_partial_setstate_func(web: str) -> list[str]:
    a = STATEFUL_R(web, "pf1")
    b = _get(web, "pf1w")
    return [a, b]


def _setstate_func(env: Env) -> Callable[[], None]:
    STATEFUL_R.__setstate__((writer, (), {}, None))
    return lambda: STATEFUL_R.__setstate__((reader, (), {}, None))


class Proxy:
    mode = "read"

    def __getattr__(self, name: str) -> Any:
        if name == "fetch":
            return writer if Proxy.mode == "write" else reader
        raise AttributeError(name)


PROXY = Proxy()


def r219_getattr_proxy_mode(web: str) -> list[str]:
    a = PROXY.fetch(web, "gp1")
    b = _get(web, "gp1w")
    return [a, b]


class Switch:
    """A descriptor: the class attribute it guards reads a mode each time."""

    mode = "read"

    def __get__(self, obj: Any, owner: Any = None) -> Callable[[str, str], str]:
        return writer if Switch.mode == "write" else reader


class Routed:
    fetch = Switch()


def r219_descriptor_get_mode(web: str) -> list[str]:
    a = Routed.fetch(web, "dg1")
    b = _get(web, "dg1w")
    return [a, b]


# ============================================================ async helpers swapped

async def aread(web: str, key: str) -> str:
    return await asyncio.to_thread(reader, web, key)


async def awrite(web: str, key: str) -> str:
    return await asyncio.to_thread(writer, web, key)


AHELPER: Callable[..., Any] = aread


async def r219_async_helper_swapped(web: str) -> list[str]:
    a = await AHELPER(web, "ah1")
    b = await asyncio.to_thread(_get, web, "ah1w")
    return [a, b]


def _async_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    global AHELPER
    out = [asyncio.run(f(env.web))]
    AHELPER = awrite
    try:
        out.append(asyncio.run(f(env.web)))
    finally:
        AHELPER = aread
    out.append(asyncio.run(f(env.web)))
    return out


# ============================================================ a helper's code or defaults changed inside one call

def code_helper(web: str, key: str) -> str:
    return _get(web, key)


_CODE_HELPER = code_helper.__code__


def r219_inside_code_swapped_inline(web: str) -> list[str]:
    a = code_helper(web, "ic1")
    code_helper.__code__ = writer.__code__
    b = code_helper(web, "ic2")
    c = _get(web, "ic2w")
    return [a, b, c]


def code_helper2(web: str, key: str) -> str:
    return _get(web, key)


_CODE_HELPER2 = code_helper2.__code__


def swap_code() -> None:
    code_helper2.__code__ = writer.__code__


def r219_inside_code_swapped_by_helper(web: str) -> list[str]:
    a = code_helper2(web, "ih1")
    swap_code()
    b = code_helper2(web, "ih2")
    c = _get(web, "ih2w")
    return [a, b, c]


def _restore_codes(env: Env) -> None:
    code_helper.__code__ = _CODE_HELPER
    code_helper2.__code__ = _CODE_HELPER2


def dflag_fetch(web: str, key: str, write: bool = False) -> str:
    if write:
        return writer(web, key)
    return _get(web, key)


def r219_inside_defaults_set_inline(web: str) -> list[str]:
    a = dflag_fetch(web, "ie1")
    dflag_fetch.__defaults__ = (True,)
    b = dflag_fetch(web, "ie2")
    c = _get(web, "ie2w")
    return [a, b, c]


def kflag_fetch(web: str, key: str, *, write: bool = False) -> str:
    if write:
        return writer(web, key)
    return _get(web, key)


def r219_inside_kwdefaults_item_store(web: str) -> list[str]:
    a = kflag_fetch(web, "ik1")
    kflag_fetch.__kwdefaults__["write"] = True  # type: ignore[index]
    b = kflag_fetch(web, "ik2")
    c = _get(web, "ik2w")
    return [a, b, c]


def _restore_flags(env: Env) -> None:
    dflag_fetch.__defaults__ = (False,)
    kflag_fetch.__kwdefaults__ = {"write": False}


def ns_fetch(web: str, key: str) -> str:
    return INNER_NS(web, key)


INNER_NS: Callable[[str, str], str] = reader


def r219_inside_helper_globals_item(web: str) -> list[str]:
    a = ns_fetch(web, "ig1")
    ns_fetch.__globals__["INNER_NS"] = writer
    b = ns_fetch(web, "ig2")
    c = _get(web, "ig2w")
    return [a, b, c]


def _restore_inner_ns(env: Env) -> None:
    globals()["INNER_NS"] = reader


class Tools3:
    fetch = staticmethod(reader)


def r219_inside_class_attr_inline(web: str) -> list[str]:
    a = Tools3.fetch(web, "ica1")
    Tools3.fetch = staticmethod(writer)  # type: ignore[assignment]
    b = Tools3.fetch(web, "ica2")
    c = _get(web, "ica2w")
    return [a, b, c]


def _restore_tools3(env: Env) -> None:
    Tools3.fetch = staticmethod(reader)  # type: ignore[assignment]


REG5: dict[str, Callable[[str, str], str]] = {"load": reader}


class Conf:
    table = REG5


def r219_inside_registry_via_class_alias(web: str) -> list[str]:
    a = REG5["load"](web, "ir1")
    Conf.table["load"] = writer
    b = REG5["load"](web, "ir2")
    c = _get(web, "ir2w")
    return [a, b, c]


REG6: dict[str, Callable[[str, str], str]] = {"load": reader}


def enable(table: dict[str, Any] = REG6) -> None:
    table["load"] = writer


def r219_inside_registry_via_default(web: str) -> list[str]:
    a = REG6["load"](web, "iv1")
    enable()
    b = REG6["load"](web, "iv2")
    c = _get(web, "iv2w")
    return [a, b, c]


def _restore_regs(env: Env) -> None:
    REG5["load"] = reader
    REG6["load"] = reader


HELPER_C: Callable[[str, str], str] = logged(reader)


def r219_helper_wrapper_cell_swapped(web: str) -> list[str]:
    a = HELPER_C(web, "hc1")
    b = _get(web, "hc1w")
    return [a, b]


def _swap_helper_cell(env: Env) -> Callable[[], None]:
    cell = HELPER_C.__closure__[HELPER_C.__code__.co_freevars.index("fn")]  # type: ignore[index]
    cell.cell_contents = writer
    return lambda: setattr(cell, "cell_contents", reader)


FETCHER_OBJ = Fetcher(requests)


def r219_same_bound_method_client_changed(web: str, fetch: Any) -> list[str]:
    a = fetch(web, "sb1")
    b = _get(web, "sb1w")
    return [a, b]


def _same_bound_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web, FETCHER_OBJ.fetch)]
    FETCHER_OBJ.client = WritingClient()
    try:
        out.append(f(env.web, FETCHER_OBJ.fetch))
    finally:
        FETCHER_OBJ.client = requests
    out.append(f(env.web, FETCHER_OBJ.fetch))
    return out


# ============================================================ more stores inside one call: inline, and by a helper

TOOLBOX5 = types.SimpleNamespace(fetch=reader)


def r219_inside_namespace_attr_inline(web: str) -> list[str]:
    a = TOOLBOX5.fetch(web, "na1")
    TOOLBOX5.fetch = writer
    b = TOOLBOX5.fetch(web, "na2")
    c = _get(web, "na2w")
    return [a, b, c]


HELPER3: Callable[[str, str], str] = reader


def r219_inside_module_attr_inline(web: str) -> list[str]:
    a = HELPER3(web, "ma1")
    THIS.HELPER3 = writer
    b = HELPER3(web, "ma2")
    c = _get(web, "ma2w")
    return [a, b, c]


SVC2 = Service()


def r219_inside_instance_attr_inline(web: str) -> list[str]:
    a = SVC2.backend.load(web, "ia1")
    SVC2.backend = WriteBackend()
    b = SVC2.backend.load(web, "ia2")
    c = _get(web, "ia2w")
    return [a, b, c]


TOOLBOX6 = types.SimpleNamespace(fetch=reader)


def arm_toolbox() -> None:
    TOOLBOX6.fetch = writer


def r219_inside_namespace_attr_by_helper(web: str) -> list[str]:
    a = TOOLBOX6.fetch(web, "nh1")
    arm_toolbox()
    b = TOOLBOX6.fetch(web, "nh2")
    c = _get(web, "nh2w")
    return [a, b, c]


SVC3 = Service()


def arm_service() -> None:
    SVC3.backend = WriteBackend()


def r219_inside_instance_attr_by_helper(web: str) -> list[str]:
    a = SVC3.backend.load(web, "sh1")
    arm_service()
    b = SVC3.backend.load(web, "sh2")
    c = _get(web, "sh2w")
    return [a, b, c]


class Tools4:
    fetch = staticmethod(reader)


def arm_class() -> None:
    Tools4.fetch = staticmethod(writer)  # type: ignore[assignment]


def r219_inside_class_attr_by_helper(web: str) -> list[str]:
    a = Tools4.fetch(web, "ch1")
    arm_class()
    b = Tools4.fetch(web, "ch2")
    c = _get(web, "ch2w")
    return [a, b, c]


def dflag_fetch2(web: str, key: str, write: bool = False) -> str:
    if write:
        return writer(web, key)
    return _get(web, key)


def arm_defaults() -> None:
    dflag_fetch2.__defaults__ = (True,)


def r219_inside_defaults_by_helper(web: str) -> list[str]:
    a = dflag_fetch2(web, "dh1")
    arm_defaults()
    b = dflag_fetch2(web, "dh2")
    c = _get(web, "dh2w")
    return [a, b, c]


def code_helper3(web: str, key: str) -> str:
    return _get(web, key)


_CODE_HELPER3 = code_helper3.__code__


def r219_inside_code_swapped_then_other_read(web: str) -> list[str]:
    swap_code3()
    a = code_helper3(web, "co1")
    b = _get(web, "co1w")
    return [a, b]


def swap_code3() -> None:
    code_helper3.__code__ = writer.__code__


def _restore_more(env: Env) -> None:
    TOOLBOX5.fetch = reader
    THIS.HELPER3 = reader
    SVC2.backend = ReadBackend()
    TOOLBOX6.fetch = reader
    SVC3.backend = ReadBackend()
    Tools4.fetch = staticmethod(reader)  # type: ignore[assignment]
    dflag_fetch2.__defaults__ = (False,)
    code_helper3.__code__ = _CODE_HELPER3


# ============================================================ the list

T = 1.5  # call (two reads together), change (a write, then the read), undo (two reads)
W = "web"
A = Case
ALL = [
    # module globals and namespaces
    A(CAT, r219_global_helper_swapped, drive=_cycle(_setter(globals(), "HELPER", writer)),
      servers=W, ideal=T, overlap=2),
    A(CAT, r219_namespace_attr_swapped, drive=_cycle(_attr(TOOLBOX, "fetch", lambda: writer)),
      servers=W, ideal=T, overlap=2),
    # class attributes, instances, slots
    A(CAT, r219_class_staticmethod_swapped,
      drive=_cycle(_attr(Tools, "fetch", lambda: staticmethod(writer))), servers=W, ideal=T,
      overlap=2),
    A(CAT, r219_classmethod_swapped_on_base,
      drive=_cycle(_attr(BaseRepo, "fetch", lambda: classmethod(_writer_cm))), servers=W,
      ideal=T, overlap=2),
    A(CAT, r219_instance_backend_swapped, drive=_cycle(_svc_writer), servers=W, ideal=T,
      overlap=2),
    A(CAT, r219_slots_backend_swapped, drive=_cycle(_slot_writer), servers=W, ideal=T,
      overlap=2),
    # registries
    A(CAT, r219_decorator_registry_reregistered, drive=_cycle(_reregister), servers=W,
      ideal=T, overlap=2),
    A(CAT, r219_registry_get_default, drive=_cycle(_optional_writer), servers=W, ideal=T,
      overlap=2),
    # closure cells
    A(CAT, make=make_r219_closure_armed_inside, drive=_armed_twice, servers=W, ideal=1.0),
    A(CAT, make=make_r219_closure_picker_alternates, args=lambda env: (env.web,), calls=3,
      servers=W, ideal=T),
    # defaults
    A(CAT, r219_own_default_namespace_mutated,
      drive=_cycle(_attr(DEFAULT_TOOLS, "fetch", lambda: writer)), servers=W, ideal=T,
      overlap=2),
    A(CAT, r219_callee_kwdefaults_flag, drive=_cycle(_kwdefault_write), servers=W, ideal=T),
    A(CAT, r219_own_default_list_grows, args=lambda env: (env.web,), calls=3, servers=W,
      setup=_reset_default_list, ideal=8 / 6, overlap=2),
    # partials rebuilt
    A(CAT, r219_partial_rebuilt_global, drive=_cycle(_rebuild_partial), servers=W, ideal=T),
    A(CAT, r219_partial_keyword_rebuilt, drive=_cycle(_rebuild_keyed), servers=W, ideal=T),
    # importlib.reload
    A(CAT, make=make_r219_reload_helper_module, drive=_reload_cycle("helper", _MOD_WRITE),
      servers=W, ideal=T),
    A(CAT, make=make_r219_reload_from_import_kept, drive=_reload_cycle("kept", _MOD_WRITE),
      servers=W, ideal=2.0),
    A(CAT, make=make_r219_reload_own_module, drive=_reload_cycle("own", _MOD_WRITE),
      servers=W, ideal=T),
    A(CAT, make=make_r219_reload_own_module_shifted,
      drive=_reload_cycle("shifted", _MOD_WRITE_SHIFTED), servers=W, ideal=T),
    A(CAT, make=make_r219_reload_own_module_body_changed,
      drive=_reload_cycle("body", _MOD_WRITE_BODY, restore=False), servers=W, ideal=4 / 3),
    # xcs.jit through a decorator on the class
    A(WHERE, r219_jit_method_decorator, drive=_method_drive, servers=W, ideal=T),
    A(WHERE, r219_jit_classmethod_decorator, drive=_classmethod_drive, servers=W, ideal=T),
    A(WHERE, r219_jit_staticmethod_decorator, drive=_staticmethod_drive, servers=W, ideal=T),
    A(WHERE, r219_jit_property_getter, drive=_property_drive, servers=W, ideal=T),
    # super()
    A(WHERE, r219_super_base_method_swapped, drive=_super_drive, servers=W, ideal=1.0),
    A(WHERE, r219_super_mid_override_added, drive=_super_mid_drive, servers=W, ideal=1.0),
    # jitted calling jitted
    A(WHERE, r219_jitted_calls_jitted_rebound, drive=_jitted_inner_drive, servers=W,
      ideal=T),
    A(WHERE, r219_jitted_inner_code_swapped, drive=_inner_code_drive, servers=W, ideal=T),
    # recursion
    A(CAT, r219_recursion_leaf_swapped,
      drive=_cycle(_setter(LEAF, "h", writer), lambda env: (env.web, 2)), servers=W,
      ideal=1.5),
    A(WHERE, r219_recursion_jitted_self, drive=_recursion_self_drive, servers=W, ideal=1.5),
    # closures made in a loop
    A(WHERE, r219_loop_closures_late_binding, args=lambda env: (env.web,), calls=2,
      servers=W, ideal=3.0),
    A(WHERE, r219_loop_closures_rebound_after, args=lambda env: (env.web,), servers=W,
      ideal=1.0),
    A(WHERE, r219_loop_closures_default_bound, args=lambda env: (env.web,), calls=2,
      servers=W, ideal=3.0),
    A(WHERE, r219_loop_closures_mode_late, args=lambda env: (env.web,), servers=W,
      ideal=1.0),
    A(WHERE, r219_module_lambdas_from_comprehension, args=lambda env: (env.web,), calls=2,
      servers=W, ideal=4.0),
    # factories
    A(CAT, r219_factory_closures_other_client, drive=_factory_drive, servers=W, ideal=T),
    A(CAT, r219_factory_bound_methods, drive=_bound_drive, servers=W, ideal=T),
    A("sdk", make=make_r219_factory_model_client, drive=_model_tags, servers="api",
      ideal=3.0),
    # functools.wraps over and under xcs.jit
    A(WHERE, r219_wraps_over_jit, drive=_wraps_over_drive, servers=W, ideal=T),
    A(WHERE, r219_jit_wraps_jit, drive=_jit_wraps_jit_drive, servers=W, ideal=T),
    A(WHERE, r219_wraps_wrapped_reassigned, drive=_cycle(_wrapped_reassigned), servers=W,
      ideal=2.0, name="r219_wraps_wrapped_reassigned"),
    A(CAT, r219_wrapped_helper_swapped,
      drive=_cycle(_setter(globals(), "HELPER_L", _logged_helper(writer))), servers=W,
      ideal=T),
    # monkeypatching
    A(CAT, r219_requests_get_patched, drive=_cycle(_patch_get), servers=W, ideal=5 / 4),
    A(CAT, r219_session_get_patched, drive=_session_drive, servers=W, ideal=5 / 4),
    A(CAT, r219_patch_installed_inside, args=lambda env: (env.web,), calls=2, servers=W,
      ideal=1.0),
    # code swapped, exec
    A(CAT, r219_lambda_code_swapped, drive=_cycle(_swap_lambda_code), servers=W, ideal=T),
    A(WHERE, make=make_r219_exec_linecache_global_swapped,
      drive=_cycle(_exec_help_writer), servers=W, ideal=T),
    A(WHERE, make=make_r219_exec_linecache_source_replaced,
      drive=_cycle(_exec_source_replaced), servers=W, ideal=T),
    # caches, dataclasses, protocols
    A(CAT, r219_class_cache_cleared_between, drive=_catalog_drive, servers=W,
      setup=_clear_catalog, ideal=1.0),
    A(CAT, ToolAgent.run, drive=_dataclass_drive, servers=W, ideal=T,
      name="r219_dataclass_method_tool_replaced"),
    A(CAT, FrozenAgent.run, drive=_frozen_drive, servers=W, ideal=T,
      name="r219_frozen_dataclass_backend_forced"),
    A(CAT, r219_protocol_impl_swapped, drive=_protocol_drive, servers=W, ideal=T),
    A(CAT, r219_annotated_base_subclass_writes, drive=_subclass_drive, servers=W, ideal=T),
    # flags read by helpers
    A(CAT, r219_helper_global_flag_flipped, drive=_cycle(_dry_off), servers=W, ideal=1.0),
    A(CAT, r219_class_flag_in_helper,
      drive=_cycle(_attr(Settings, "dry_run", lambda: False)), servers=W, ideal=1.0),
    A(CAT, r219_env_var_method_helper, drive=_cycle(_env_put), servers=W, ideal=T),
    A(CAT, r219_env_var_save_flag, drive=_cycle(_env_save_on), servers=W, ideal=1.0),
    # threads
    A("threads", r219_two_threads_different_args, drive=_two_threads_drive, servers="api",
      ideal=3.0),
    A("threads", r219_threads_reader_and_writer, drive=_reader_writer_threads,
      servers="web api", ideal=1.5),
    # rebinding inside one call
    A(CAT, r219_inside_module_alias_setattr, args=lambda env: (env.web,), servers=W,
      setup=_restore_helper2, ideal=1.0),
    A(CAT, r219_inside_registry_update, args=lambda env: (env.web,), servers=W,
      setup=_restore_reg2, ideal=1.0),
    A(CAT, r219_inside_registry_alias_store, args=lambda env: (env.web,), servers=W,
      setup=_restore_reg3, ideal=1.0),
    A(CAT, r219_inside_class_attr_via_type, args=lambda env: (env.web,), servers=W,
      setup=_restore_tools2, ideal=1.0),
    A(CAT, r219_inside_namespace_dunder_dict, args=lambda env: (env.web,), servers=W,
      setup=_restore_toolbox3, ideal=1.0),
    A(CAT, r219_inside_frozen_object_setattr, args=lambda env: (env.web,), servers=W,
      setup=_restore_frozen, ideal=1.0),
    A(CAT, r219_inside_setattr_builtin, args=lambda env: (env.web,), servers=W,
      setup=_restore_toolbox4, ideal=1.0),
    # a library's classes patched between calls
    A(CAT, r219_adapter_send_patched, drive=_cycle(_patch_send), servers=W, ideal=5 / 4),
    A(CAT, r219_response_json_patched, drive=_cycle(_patch_json), servers=W, ideal=5 / 4),
    A(CAT, r219_session_hook_added, drive=_hook_drive, servers=W, ideal=5 / 4),
    A(CAT, r219_session_adapter_mounted, drive=_mount_drive, servers=W, ideal=5 / 4),
    # names found elsewhere: builtins, a module's property, sys.modules, __bases__
    A(CAT, r219_builtin_helper_swapped, drive=_cycle(_builtin_writer), servers=W, ideal=T),
    A(CAT, r219_global_shadows_builtin, drive=_cycle(_shadow_builtin), servers=W, ideal=T),
    A(CAT, r219_module_property_helper, drive=_cycle(_lazy_write), servers=W, ideal=T),
    A(CAT, r219_import_inside_sys_modules_swapped, drive=_cycle(_swap_sys_module),
      servers=W, ideal=T),
    A(CAT, r219_bases_reassigned, drive=_cycle(_rebase), servers=W, ideal=T),
    A(CAT, r219_partial_setstate_in_place, drive=_cycle(_setstate), servers=W, ideal=T),
    A(CAT, r219_partial_setstate_func, drive=_cycle(_setstate_func), servers=W, ideal=T),
    A(CAT, r219_getattr_proxy_mode, drive=_cycle(_attr(Proxy, "mode", lambda: "write")),
      servers=W, ideal=T),
    A(CAT, r219_descriptor_get_mode, drive=_cycle(_attr(Switch, "mode", lambda: "write")),
      servers=W, ideal=T),
    A(CAT, r219_async_helper_swapped, drive=_async_drive, servers=W, ideal=T),
    # a helper's code, defaults or globals changed inside one call
    A(CAT, r219_inside_code_swapped_inline, args=lambda env: (env.web,), servers=W,
      setup=_restore_codes, ideal=1.0),
    A(CAT, r219_inside_code_swapped_by_helper, args=lambda env: (env.web,), servers=W,
      setup=_restore_codes, ideal=1.0),
    A(CAT, r219_inside_defaults_set_inline, args=lambda env: (env.web,), servers=W,
      setup=_restore_flags, ideal=1.0),
    A(CAT, r219_inside_kwdefaults_item_store, args=lambda env: (env.web,), servers=W,
      setup=_restore_flags, ideal=1.0),
    A(CAT, r219_inside_helper_globals_item, args=lambda env: (env.web,), servers=W,
      setup=_restore_inner_ns, ideal=1.0),
    A(CAT, r219_inside_class_attr_inline, args=lambda env: (env.web,), servers=W,
      setup=_restore_tools3, ideal=1.0),
    A(CAT, r219_inside_registry_via_class_alias, args=lambda env: (env.web,), servers=W,
      setup=_restore_regs, ideal=1.0),
    A(CAT, r219_inside_registry_via_default, args=lambda env: (env.web,), servers=W,
      setup=_restore_regs, ideal=1.0),
    A(CAT, r219_helper_wrapper_cell_swapped, drive=_cycle(_swap_helper_cell), servers=W,
      ideal=T),
    A(CAT, r219_same_bound_method_client_changed, drive=_same_bound_drive, servers=W,
      ideal=T),
    # more stores inside one call
    A(CAT, r219_inside_namespace_attr_inline, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_module_attr_inline, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_instance_attr_inline, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_namespace_attr_by_helper, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_instance_attr_by_helper, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_class_attr_by_helper, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_defaults_by_helper, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
    A(CAT, r219_inside_code_swapped_then_other_read, args=lambda env: (env.web,), servers=W,
      setup=_restore_more, ideal=1.0),
]

# Ideals worked out per case, where the shared `T` or 1.0 above is not the case's own: each
# as plain time / the critical path, reads after a write beside each other, a read before a
# write not beside it (the convention of red-team 216).
_IDEAL: dict[str, float] = {
    "r219_closure_armed_inside": 4 / 3,  # a, PUT, then c beside d; twice
    "r219_own_default_list_grows": 1.5,  # 1, 2, 3 GETs each with its PUT: 450 / 300
    "r219_super_base_method_swapped": 2.0,  # 3 reads; PUT, 2 reads; AttributeError
    "r219_super_mid_override_added": 2.25,  # 3 reads; PUT, 2 reads; 3 reads
    "r219_jitted_calls_jitted_rebound": 2.0,  # 3 reads; PUT, read; 3 reads
    "r219_jitted_inner_code_swapped": 2.0,
    "r219_recursion_leaf_swapped": 2.4,  # 4 reads; 2 PUTs, 2 reads; 4 reads
    "r219_recursion_jitted_self": 2.0,  # 4 reads; 2 PUTs, 2 reads; 2 reads
    "r219_loop_closures_rebound_after": 2.0,  # two reads of the keys bound last
    "r219_factory_closures_other_client": 1.75,  # 2 reads; PUT, 2 reads; 2 reads
    "r219_factory_bound_methods": 1.75,
    "r219_same_bound_method_client_changed": 1.75,
    "r219_requests_get_patched": 1.75,  # the patch PUTs first, then both GETs
    "r219_session_get_patched": 1.75,
    "r219_adapter_send_patched": 1.75,
    "r219_session_adapter_mounted": 1.75,
    "r219_response_json_patched": 1.4,  # GET, the PUT in .json(), GET: 350 / 250
    "r219_session_hook_added": 1.4,  # GET, the hook's PUT, GET
    "r219_patch_installed_inside": 5 / 3,  # a, PUT, then three reads together
    "r219_class_cache_cleared_between": 1.8,  # 3 reads; (2 PUTs of the drive) 1; 3
    "r219_helper_global_flag_flipped": 1.4,  # dry: 2 reads together; GET, PUT, GET
    "r219_env_var_save_flag": 1.4,
    "r219_class_flag_in_helper": 1.6,  # dry: 100 ms; a(100) beside c, PUT, b: 650 / 400
    "r219_threads_reader_and_writer": 2.0,  # (3 reads | PUT, 2 reads), then 3 | 3
}
# Requests in flight at once seen under jit in three runs of the module.
_OVERLAP: dict[str, int] = {
    **{c.name: 2 for c in ALL if c.overlap == 2},
    **dict.fromkeys((
        "r219_closure_picker_alternates", "r219_reload_helper_module",
        "r219_reload_from_import_kept", "r219_reload_own_module",
        "r219_reload_own_module_shifted", "r219_reload_own_module_body_changed",
        "r219_jit_method_decorator", "r219_jit_classmethod_decorator",
        "r219_jit_staticmethod_decorator", "r219_jit_property_getter",
        "r219_super_base_method_swapped", "r219_super_mid_override_added",
        "r219_module_lambdas_from_comprehension", "r219_factory_closures_other_client",
        "r219_factory_bound_methods", "r219_wraps_over_jit", "r219_jit_wraps_jit",
        "r219_wraps_wrapped_reassigned", "r219_wrapped_helper_swapped",
        "r219_requests_get_patched", "r219_session_get_patched", "r219_lambda_code_swapped",
        "r219_exec_linecache_global_swapped", "r219_exec_linecache_source_replaced",
        "r219_dataclass_method_tool_replaced", "r219_frozen_dataclass_backend_forced",
        "r219_protocol_impl_swapped", "r219_annotated_base_subclass_writes",
        "r219_class_flag_in_helper", "r219_adapter_send_patched",
        "r219_response_json_patched", "r219_session_hook_added",
        "r219_session_adapter_mounted", "r219_builtin_helper_swapped",
        "r219_global_shadows_builtin", "r219_module_property_helper",
        "r219_import_inside_sys_modules_swapped", "r219_bases_reassigned",
        "r219_partial_setstate_func", "r219_descriptor_get_mode",
        "r219_async_helper_swapped", "r219_helper_wrapper_cell_swapped",
        "r219_same_bound_method_client_changed"), 2),
    "r219_own_default_list_grows": 3,
    "r219_jitted_calls_jitted_rebound": 3,
    "r219_jitted_inner_code_swapped": 3,
    "r219_loop_closures_late_binding": 3,
    "r219_loop_closures_default_bound": 3,
    "r219_factory_model_client": 3,
    "r219_threads_reader_and_writer": 3,
    "r219_two_threads_different_args": 6,
}
ALL = [dataclasses.replace(c, ideal=_IDEAL.get(c.name, c.ideal),
                           overlap=_OVERLAP.get(c.name, c.overlap)) for c in ALL]

_CALLEE = ("a statement in the function changes the object a later call site's callee "
           "expression resolves to, and the plan, made with the callee that expression "
           "resolved to at the first call (a read), does not count that statement as "
           "changing the call site:")
_STALE = ("so GET of the item it writes, the next statement, starts above the store (explain(): "
          "'starts 3 statement(s) early') and reads 'v-<key>w' where the plain run, after "
          "the PUT, read 'w-<key>' (a read crossing a write to the same server)")
_LOST = ("the call site is started above that helper's call (explain(): 'starts 2 "
         "statement(s) early') and runs the reader the callee was before the change: the "
         "PUT the plain run sends is never sent (a missing write), and the next GET reads "
         "the old value")
FAILING_WHY: dict[str, str] = {}

# Differed when written; fixed since (`_globals.found_through_stores`: a call found
# through an attribute of a global the function itself stores, or a helper it calls
# stores, runs in place).
FIXED_WHY: dict[str, str] = {
    "r219_inside_code_swapped_by_helper":
        f"`swap_code()`, a helper storing `code_helper2.__code__`: {_CALLEE} the helper's "
        "store into an attribute of a global function is not a barrier, and "
        f"{_LOST} (soundness: write missing)",
    "r219_inside_code_swapped_then_other_read":
        f"`swap_code3()` first, then the helper whose code it replaced: {_CALLEE} the "
        "helper's call itself is checked and runs the new code (a PUT of co1w), but "
        "GET co1w starts 2 statements early, above the swap and the PUT, and reads "
        "'v-co1w' for 'w-co1'",
    "r219_inside_class_attr_by_helper":
        f"`arm_class()`, a helper setting `Tools4.fetch = staticmethod(writer)`: {_CALLEE} "
        f"{_LOST} (soundness: write missing; a helper storing into a SimpleNamespace "
        "global passes: r219_inside_namespace_attr_by_helper)",
    "r219_inside_instance_attr_by_helper":
        f"`arm_service()`, a helper setting `SVC3.backend = WriteBackend()`: {_CALLEE} the "
        f"next `SVC3.backend.load` is checked at its place and PUTs, {_STALE}",
    "r219_inside_code_swapped_inline":
        f"`code_helper.__code__ = writer.__code__` as a statement: {_CALLEE} the call after "
        f"it is checked at its place and runs the writer's code (a PUT), {_STALE}",
    "r219_inside_class_attr_inline":
        f"`Tools3.fetch = staticmethod(writer)` as a statement: {_CALLEE} "
        "`Tools3.fetch(web, 'ica2')` is checked at its place (a PUT), "
        f"{_STALE} (a store into a SimpleNamespace or a module's attribute, the same "
        "shape, passes: r219_inside_namespace_attr_inline, r219_inside_module_attr_inline)",
    "r219_inside_instance_attr_inline":
        f"`SVC2.backend = WriteBackend()` as a statement (a global instance of a plain "
        f"class): {_CALLEE} `SVC2.backend.load(web, 'ia2')` is checked at its place and "
        f"PUTs, {_STALE}",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
