"""Red-team cases (stop 209): where and how the jitted function and its callees are
defined, and what changes between calls of one jitted function.

Each case calls one jitted function several times. Between calls a drive changes what
the plan resolved: a callee's ``__code__``, ``__defaults__`` or ``__kwdefaults__``, a
closure cell of a callee, a ``functools.partial``'s keywords, a class attribute,
an instance attribute shadowing a method, an object's ``__class__``, a
``functools.singledispatch`` registration, a list registry, a default argument used in
place of a passed one. After the change the callee writes and then refuses its first
item by design, so a stale plan that still starts both items together sends a write the
plain code never sends. Beside them: decorators (``functools.wraps``, stacked, changing
arguments), partials of the jitted function, methods jitted in a drive, an async generator,
threads after a rebinding, recursion, pickles of the jitted function.
"""

from __future__ import annotations

import asyncio
import functools
import pickle
import threading
import types
from collections.abc import Callable
from typing import Any

import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import web_args

CAT = "rebind"
WHERE = "where"


class Refused(RuntimeError):
    """Raised by design by the callees after a change."""


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def load(web: str, key: str) -> str:
    return _get(web, key)


def strict(web: str, key: str) -> str:
    version = _put(web, key, "strict")
    if key.endswith("1"):
        raise Refused(f"wrote {key} (version {version}), then refused")
    return str(version)


def _thrice(change: Callable[[], Callable[[], None]], *extra: Any
            ) -> Callable[[Callable[..., Any], Env], Any]:
    """Call, change (returns its undo), call, undo, call again."""
    def drive(f: Callable[..., Any], env: Env) -> list[Any]:
        out: list[Any] = []

        def one() -> None:
            try:
                out.append(f(env.web, *extra))
            except Refused as exc:
                out.append(f"refused: {exc}")
        one()
        undo = change()
        try:
            one()
        finally:
            undo()
        one()
        return out
    return drive


# -- a callee's __code__ replaced between calls

def code_fetch(web: str, key: str) -> str:
    return _get(web, key)


_CODE_FETCH = code_fetch.__code__


def r209_callee_code_swapped(web: str) -> list[str]:
    a = code_fetch(web, "cs1")
    b = code_fetch(web, "cs2")
    return [a, b]


def _swap_code() -> Callable[[], None]:
    code_fetch.__code__ = strict.__code__
    return lambda: setattr(code_fetch, "__code__", _CODE_FETCH)


# -- a callee's closure cell rebound (nonlocal) between calls

def _make_cell_fetch() -> tuple[Callable[[str, str], str], Callable[[str], None]]:
    method = "GET"

    def fetch(web: str, key: str) -> str:
        r = requests.request(method, f"{web}/items/{key}", data="c", timeout=5)
        if method != "GET" and key.endswith("1"):
            raise Refused(f"{method} {key}, then refused")
        return str(r.json())

    def set_method(m: str) -> None:
        nonlocal method
        method = m
    return fetch, set_method


cell_fetch, set_cell_method = _make_cell_fetch()


def r209_callee_cell_rebound(web: str) -> list[str]:
    a = cell_fetch(web, "cr1")
    b = cell_fetch(web, "cr2")
    return [a, b]


def _cell_put() -> Callable[[], None]:
    set_cell_method("PUT")
    return lambda: set_cell_method("GET")


# -- a partial callee: its keywords dict changed in place, its state set anew

def _request_checked(method: str, url: str) -> str:
    r = requests.request(method, url, data="p", timeout=5)
    if method != "GET" and url.endswith("1"):
        raise Refused(f"{method} {url.rsplit('/', 1)[-1]}, then refused")
    return str(r.json())


PARTIAL_KW = functools.partial(_request_checked, method="GET")


def r209_partial_keywords_mutated(web: str) -> list[str]:
    a = PARTIAL_KW(url=f"{web}/items/pk1")
    b = PARTIAL_KW(url=f"{web}/items/pk2")
    return [a, b]


def _partial_kw_put() -> Callable[[], None]:
    PARTIAL_KW.keywords["method"] = "PUT"
    return lambda: PARTIAL_KW.keywords.__setitem__("method", "GET")


# -- a list registry's item replaced

LIST_REGISTRY: list[Callable[[str, str], str]] = [load]


def r209_list_registry(web: str) -> list[str]:
    a = LIST_REGISTRY[0](web, "lr1")
    b = LIST_REGISTRY[0](web, "lr2")
    return [a, b]


def _list_entry() -> Callable[[], None]:
    LIST_REGISTRY[0] = strict
    return lambda: LIST_REGISTRY.__setitem__(0, load)


# -- methods: a subclass given its own method, an instance attribute shadowing one, the
#    class of a global object changed, a class attribute flag, a property replaced

class Base:
    def send(self, web: str, key: str) -> str:
        return _get(web, key)


class Sub(Base):
    pass


def _strict_method(self: Any, web: str, key: str) -> str:
    return strict(web, key)


SUB = Sub()


def r209_subclass_gets_method(web: str) -> list[str]:
    a = SUB.send(web, "sg1")
    b = SUB.send(web, "sg2")
    return [a, b]


def _sub_method() -> Callable[[], None]:
    Sub.send = _strict_method  # type: ignore[method-assign]
    return lambda: delattr(Sub, "send")


class Plain:
    def send(self, web: str, key: str) -> str:
        return _get(web, key)


PLAIN_OBJ = Plain()


def r209_instance_attr_shadows(web: str) -> list[str]:
    a = PLAIN_OBJ.send(web, "is1")
    b = PLAIN_OBJ.send(web, "is2")
    return [a, b]


def _shadow_method() -> Callable[[], None]:
    PLAIN_OBJ.send = strict  # type: ignore[method-assign]
    return lambda: PLAIN_OBJ.__dict__.pop("send")


class StrictPlain:
    def send(self, web: str, key: str) -> str:
        return strict(web, key)


CLASSED = Plain()


def r209_global_obj_class_changed(web: str) -> list[str]:
    a = CLASSED.send(web, "oc1")
    b = CLASSED.send(web, "oc2")
    return [a, b]


def _change_class() -> Callable[[], None]:
    CLASSED.__class__ = StrictPlain
    return lambda: setattr(CLASSED, "__class__", Plain)


class Flagged:
    method = "GET"

    def send(self, web: str, key: str) -> str:
        r = requests.request(self.method, f"{web}/items/{key}", data="f", timeout=5)
        if self.method != "GET" and key.endswith("1"):
            raise Refused(f"{self.method} {key}, then refused")
        return str(r.json())


FLAGGED = Flagged()


def r209_class_attr_flag(web: str) -> list[str]:
    a = FLAGGED.send(web, "cf1")
    b = FLAGGED.send(web, "cf2")
    return [a, b]


def _class_flag() -> Callable[[], None]:
    Flagged.method = "PUT"
    return lambda: setattr(Flagged, "method", "GET")


class WithProp:
    key = "p"

    @property
    def value(self) -> str:
        return _get(WEB["url"], f"{self.key}1")


WEB = {"url": ""}


def _strict_prop(self: Any) -> str:
    return strict(WEB["url"], f"{self.key}1")


PROP_OBJ = WithProp()


def r209_property_replaced(web: str) -> list[str]:
    WEB["url"] = web
    a = PROP_OBJ.value
    b = _get(web, "pr2")
    return [a, b]


_ORIG_PROP = WithProp.__dict__["value"]


def _prop_strict() -> Callable[[], None]:
    WithProp.value = property(_strict_prop)  # type: ignore[method-assign,assignment]
    return lambda: setattr(WithProp, "value", _ORIG_PROP)


# -- singledispatch: an implementation registered between calls

@functools.singledispatch
def dispatched(key: object, web: str) -> str:
    return _get(web, str(key))


def r209_singledispatch_registered(web: str) -> list[str]:
    a = dispatched("sd1", web)
    b = dispatched("sd2", web)
    return [a, b]


def _strict_str(key: str, web: str) -> str:
    return strict(web, key)


def _plain_str(key: str, web: str) -> str:
    return _get(web, key)


dispatched.register(str, _plain_str)


def _register_str() -> Callable[[], None]:
    dispatched.register(str, _strict_str)
    return lambda: dispatched.register(str, _plain_str)


# -- defaults of the jitted function itself: the object used changes, not the tuple

class Reader:
    def send(self, web: str, key: str) -> str:
        return _get(web, key)


class Writer:
    def send(self, web: str, key: str) -> str:
        return strict(web, key)


DEFAULT_SINK = Reader()
WRITER = Writer()


def r209_default_then_passed(web: str, sink: Reader = DEFAULT_SINK) -> list[str]:
    a = sink.send(web, "dp1")
    b = sink.send(web, "dp2")
    return [a, b]


def _default_then_passed(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(env.web)]
    for sink in (WRITER, None):
        try:
            out.append(f(env.web) if sink is None else f(env.web, sink))
        except Refused as exc:
            out.append(f"refused: {exc}")
    return out


def r209_passed_then_default(web: str, sink: Any = WRITER) -> list[str]:
    a = sink.send(web, "pd1")
    b = sink.send(web, "pd2")
    return [a, b]


def _passed_then_default(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(env.web, Reader())]
    try:
        out.append(f(env.web))
    except Refused as exc:
        out.append(f"refused: {exc}")
    out.append(f(env.web, Reader()))
    return out


def r209_own_defaults_set(web: str, sink: Any = DEFAULT_SINK) -> list[str]:
    a = sink.send(web, "od1")
    b = sink.send(web, "od2")
    return [a, b]


def _own_defaults_set(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(env.web)]
    saved = f.__defaults__
    f.__defaults__ = (WRITER,)
    try:
        out.append(f(env.web))
    except Refused as exc:
        out.append(f"refused: {exc}")
    finally:
        f.__defaults__ = saved
    out.append(f(env.web))
    return out


# -- the jitted function's own __code__ replaced between calls

def r209_own_code_replaced(web: str) -> list[str]:
    a = _get(web, "oc-a1")
    b = _get(web, "oc-a2")
    return [a, b]


def _own_code_target(web: str) -> list[str]:
    a = strict(web, "oc-b1")
    b = strict(web, "oc-b2")
    return [a, b]


def _own_code_replaced(f: Callable[..., Any], env: Env) -> list[Any]:
    target = getattr(f, "__wrapped__", f)
    out: list[Any] = [f(env.web)]
    saved = target.__code__
    target.__code__ = _own_code_target.__code__
    try:
        out.append(f(env.web))
    except Refused as exc:
        out.append(f"refused: {exc}")
    finally:
        target.__code__ = saved
    out.append(f(env.web))
    return out


# -- a code object whose constants differ from its source (made before jitting)

def _consts_source(web: str) -> list[str]:
    a = _get(web, "cc1")
    b = _get(web, "cc2")
    return [a, b]


def make_r209_consts_differ_from_source(env: Env) -> Callable[..., Any]:
    code = _consts_source.__code__
    consts = tuple("cc" if c == "cc1" else c for c in code.co_consts)
    names = tuple("strict" if n == "_get" else n for n in code.co_names)
    fn = types.FunctionType(code.replace(co_consts=consts, co_names=names),
                            _consts_source.__globals__, "consts_differ")
    return fn


# -- decorators of the user's

def trace(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"-> {fn.__name__}")
        out = fn(*args, **kwargs)
        print(f"<- {fn.__name__}")
        return out
    return wrapper


def reverse_keys(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, *keys: str) -> Any:
        return fn(web, *reversed(keys))
    return wrapper


def _pair_body(web: str, k1: str, k2: str) -> list[str]:
    a = _get(web, k1)
    b = _get(web, k2)
    return [a, b]


r209_stacked_decorators = trace(reverse_keys(_pair_body))


def _swap_wrapped_cell(f: Callable[..., Any], env: Env) -> list[Any]:
    """The decorator's closure cell rebound between calls (to a writer)."""
    out: list[Any] = [f(env.web, "sw1", "sw2")]
    wrapper = r209_wraps_cell_rebound
    cell = wrapper.__closure__[wrapper.__code__.co_freevars.index("fn")]
    saved = cell.cell_contents
    cell.cell_contents = _strict_pair
    try:
        out.append(f(env.web, "sw1", "sw2"))
    except Refused as exc:
        out.append(f"refused: {exc}")
    finally:
        cell.cell_contents = saved
    out.append(f(env.web, "sw1", "sw2"))
    return out


def _strict_pair(web: str, k1: str, k2: str) -> list[str]:
    a = strict(web, k1)
    b = strict(web, k2)
    return [a, b]


r209_wraps_cell_rebound = trace(_pair_body)


class Counted:
    """A class-based decorator: jit gives it back as it is, with a warning."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.n = 0
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any) -> Any:
        self.n += 1
        return [self.n, *self.fn(*args)]


# -- partials of the jitted function, and partials as callees

def _via_partial_of_jitted(f: Callable[..., Any], env: Env) -> list[Any]:
    p = functools.partial(f, env.web)
    q = functools.partial(p, "pj1")
    return [p("pj1", "pj2"), q("pj3"), p(k2="pj4", k1="pj5")]


def r209_partial_of_jitted(web: str, k1: str, k2: str) -> list[str]:
    a = _get(web, k1)
    b = _get(web, k2)
    return [a, b]


r209_jit_of_partial = functools.partial(_pair_body, k2="jp2")


def _jit_of_partial(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, "jp1"), f(env.web, "jp3"), f(env.web, "jp1", k2="jp4")]


# -- methods jitted in a drive: instance attributes changed between calls

class Service:
    def __init__(self, web: str) -> None:
        self.web = web
        self.sink: Any = Reader()

    def run(self) -> list[str]:
        a = self.sink.send(self.web, "sv1")
        b = self.sink.send(self.web, "sv2")
        return [a, b]


def r209_method_jitted_in_drive(web: str) -> list[str]:
    return Service(web).run()


def _jit_method_in_drive(f: Callable[..., Any], env: Env) -> list[Any]:
    jitted = f is not r209_method_jitted_in_drive
    svc = Service(env.web)
    run = xcs.jit(svc.run) if jitted else svc.run
    out: list[Any] = [run()]
    svc.sink = Writer()
    try:
        out.append(run())
    except Refused as exc:
        out.append(f"refused: {exc}")
    svc.sink = Reader()
    out.append(run())
    return out


class Config:
    sink: Any = Reader()

    @classmethod
    def pull(cls, web: str) -> list[str]:
        a = cls.sink.send(web, "cm1")
        b = cls.sink.send(web, "cm2")
        return [a, b]


def _class_sink_writer() -> Callable[[], None]:
    saved = Config.sink
    Config.sink = Writer()
    return lambda: setattr(Config, "sink", saved)


# -- closures: over mutable state, over a rebound cell

_SETTERS: dict[str, Callable[..., None]] = {}


def make_r209_closure_rebound_cell(env: Env) -> Callable[..., Any]:
    handler: Callable[[str, str], str] = load

    def pair(web: str) -> list[str]:
        a = handler(web, "cc1")
        b = handler(web, "cc2")
        return [a, b]

    def rebind(h: Callable[[str, str], str]) -> None:
        nonlocal handler
        handler = h
    _SETTERS["cell"] = rebind
    return pair


def _rebind_closure_cell() -> Callable[[], None]:
    _SETTERS["cell"](strict)
    return lambda: _SETTERS["cell"](load)


def make_r209_closure_dict_registry(env: Env) -> Callable[..., Any]:
    table: dict[str, Callable[[str, str], str]] = {"h": load}
    _SETTERS["table"] = table.__setitem__

    def pair(web: str) -> list[str]:
        a = table["h"](web, "cd1")
        b = table["h"](web, "cd2")
        return [a, b]
    return pair


def _closure_table_entry() -> Callable[[], None]:
    _SETTERS["table"]("h", strict)
    return lambda: _SETTERS["table"]("h", load)


# -- globals read by the function rebound between calls: a list replaced by a tuple

KEYS: Any = ["gk1", "gk2", "gk3"]


def r209_global_keys_replaced(web: str) -> list[str]:
    return [_get(web, k) for k in KEYS]


def _keys_tuple() -> Callable[[], None]:
    global KEYS
    saved = KEYS
    KEYS = ("gt1", "gt2")

    def undo() -> None:
        global KEYS
        KEYS = saved
    return undo


# -- a global flag decides a write in the function itself

DRY = True


def r209_global_flag_write(web: str) -> list[Any]:
    a = _get(web, "fw1")
    if DRY:
        b: Any = _get(web, "fw2")
    else:
        b = _put(web, "fw2", a)
    c = _get(web, "fw2")
    return [a, b, c]


def _flag_off() -> Callable[[], None]:
    global DRY
    DRY = False

    def undo() -> None:
        global DRY
        DRY = True
    return undo


# -- a rule registered between calls for a method of the user's

class Opaque:
    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, key: str) -> str:
        return _get(self.web, key)


def r209_rule_for_callable_object(f_obj: Any) -> list[str]:
    a = f_obj("ro1")
    b = f_obj("ro2")
    return [a, b]


def _register_after(f: Callable[..., Any], env: Env) -> list[Any]:
    fetch = Opaque(env.web)
    out = [f(fetch)]
    xcs.register(Opaque.__call__, "read", resource="net")
    out.append(f(fetch))
    return out


# -- recursion, an async generator, jit twice, pickles

def r209_recursion_via_global(web: str, n: int) -> list[str]:
    if n == 0:
        return []
    a = _get(web, f"rg{n}a")
    rest = r209_recursion_via_global(web, n - 1)
    b = _get(web, f"rg{n}b")
    return [a, *rest, b]


async def r209_async_generator(web: str) -> Any:
    for k in ("ag1", "ag2"):
        await asyncio.sleep(0.01)
        yield _get(web, k)


def _consume_async(f: Callable[..., Any], env: Env) -> list[Any]:
    async def go() -> list[Any]:
        return [x async for x in f(env.web)]
    return [asyncio.run(go()), asyncio.run(go())]


def r209_jit_twice(web: str) -> list[str]:
    a = _get(web, "jt1")
    b = _get(web, "jt2")
    return [a, b]


def r209_pickled(web: str) -> list[str]:
    a = _get(web, "pk1")
    b = _get(web, "pk2")
    return [a, b]


def _pickles(f: Callable[..., Any], env: Env) -> list[Any]:
    try:
        g = pickle.loads(pickle.dumps(f))
    except Exception as exc:  # noqa: BLE001 - what pickling says is the outcome
        return [f"{type(exc).__name__}: {exc}"]
    return [g(env.web), g is r209_pickled]


# -- exec

_EXEC_NS: dict[str, Any] = {"_get": _get}
exec(compile("def exec_pair(web):\n    a = _get(web, 'ex1')\n    b = _get(web, 'ex2')\n"
             "    return [a, b]\n", "<r209-exec>", "exec"), _EXEC_NS)

r209_exec_defined = _EXEC_NS["exec_pair"]


# -- a callee's code replaced one level down: a helper's helper, a method, a __call__

def leaf(web: str, key: str) -> str:
    return _get(web, key)


_LEAF_CODE = leaf.__code__


def via_leaf(web: str, key: str) -> str:
    return leaf(web, key)


def r209_callee_of_callee_code_swapped(web: str) -> list[str]:
    a = via_leaf(web, "d21")
    b = via_leaf(web, "d22")
    return [a, b]


def _swap_leaf_code() -> Callable[[], None]:
    leaf.__code__ = strict.__code__
    return lambda: setattr(leaf, "__code__", _LEAF_CODE)


class Sender:
    def send(self, web: str, key: str) -> str:
        return _get(web, key)


_SEND_CODE = Sender.send.__code__
SENDER = Sender()


def r209_method_code_swapped(web: str) -> list[str]:
    a = SENDER.send(web, "mc1")
    b = SENDER.send(web, "mc2")
    return [a, b]


def _swap_method_code() -> Callable[[], None]:
    Sender.send.__code__ = _strict_method.__code__
    return lambda: setattr(Sender.send, "__code__", _SEND_CODE)


class Fetch:
    def __call__(self, web: str, key: str) -> str:
        return _get(web, key)


_CALL_CODE = Fetch.__call__.__code__
FETCH = Fetch()


def r209_dunder_call_code_swapped(web: str) -> list[str]:
    a = FETCH(web, "cc1")
    b = FETCH(web, "cc2")
    return [a, b]


def _swap_call_code() -> Callable[[], None]:
    Fetch.__call__.__code__ = _strict_method.__code__
    return lambda: setattr(Fetch.__call__, "__code__", _CALL_CODE)


# -- defaults set on the function after it was jitted (it has none: a fixed wrapper)

def r209_original_given_defaults(web: str, key: str) -> list[str]:
    a = _get(web, key + "1")
    b = _get(web, key + "2")
    return [a, b]


def _original_given_defaults(f: Callable[..., Any], env: Env) -> list[Any]:
    original = getattr(f, "__wrapped__", f)  # (the function the user defined)
    out: list[Any] = [f(env.web, "ga")]
    original.__defaults__ = ("gb",)
    try:
        out.append(f(env.web))
    except TypeError as exc:
        out.append(f"TypeError: {exc}")
    finally:
        original.__defaults__ = None
    return out


def r209_original_given_kwdefaults(web: str, *, key: str) -> list[str]:
    a = _get(web, key + "1")
    b = _get(web, key + "2")
    return [a, b]


def _original_given_kwdefaults(f: Callable[..., Any], env: Env) -> list[Any]:
    original = getattr(f, "__wrapped__", f)
    out: list[Any] = [f(env.web, key="ka")]
    original.__kwdefaults__ = {"key": "kb"}
    try:
        out.append(f(env.web))
    except TypeError as exc:
        out.append(f"TypeError: {exc}")
    finally:
        original.__kwdefaults__ = None
    return out


def r209_own_code_new_arity(web: str, key: str) -> list[str]:
    a = _get(web, key + "1")
    b = _get(web, key + "2")
    return [a, b]


def _three_params(web: str, key: str, tag: str) -> list[str]:
    a = _get(web, key + tag)
    b = _get(web, key + tag + "x")
    return [a, b]


def _own_code_new_arity(f: Callable[..., Any], env: Env) -> list[Any]:
    original = getattr(f, "__wrapped__", f)
    out: list[Any] = [f(env.web, "na")]
    saved = original.__code__
    original.__code__ = _three_params.__code__
    try:
        out.append(f(env.web, "nb", "t"))
    except TypeError as exc:
        out.append(f"TypeError: {exc}")
    finally:
        original.__code__ = saved
    out.append(f(env.web, "nc"))
    return out


# -- a decorator's wrapper with defaults, changed between calls

def default_key(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, key: str = "wa") -> Any:
        return fn(web, key)
    return wrapper


def _keyed_pair(web: str, key: str) -> list[str]:
    a = _get(web, key + "1")
    b = _get(web, key + "2")
    return [a, b]


r209_wrapper_defaults_changed = default_key(_keyed_pair)


def _wrapper_defaults(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(env.web)]
    r209_wrapper_defaults_changed.__defaults__ = ("wb",)
    try:
        out.append(f(env.web))
    finally:
        r209_wrapper_defaults_changed.__defaults__ = ("wa",)
    out.append(f(env.web))
    return out


def default_kw_key(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, *, key: str = "xa") -> Any:
        return fn(web, key)
    return wrapper


r209_wrapper_kwdefaults_changed = default_kw_key(_keyed_pair)


def _wrapper_kwdefaults(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(env.web)]
    r209_wrapper_kwdefaults_changed.__kwdefaults__ = {"key": "xb"}
    try:
        out.append(f(env.web))
    finally:
        r209_wrapper_kwdefaults_changed.__kwdefaults__ = {"key": "xa"}
    out.append(f(env.web))
    return out


# -- flags read by a callee: its default, a mutable default, a default callee one down

def flag_fetch(web: str, key: str, write: bool = False) -> str:
    if write:
        return strict(web, key)
    return _get(web, key)


def r209_callee_default_flag(web: str) -> list[str]:
    a = flag_fetch(web, "df1")
    b = flag_fetch(web, "df2")
    return [a, b]


def _default_flag() -> Callable[[], None]:
    flag_fetch.__defaults__ = (True,)
    return lambda: setattr(flag_fetch, "__defaults__", (False,))


def opts_fetch(web: str, key: str, opts: dict[str, bool] = {"write": False}) -> str:  # noqa: B006
    if opts["write"]:
        return strict(web, key)
    return _get(web, key)


def r209_callee_mutable_default(web: str) -> list[str]:
    a = opts_fetch(web, "md1")
    b = opts_fetch(web, "md2")
    return [a, b]


def _mutable_default() -> Callable[[], None]:
    opts_fetch.__defaults__[0]["write"] = True  # type: ignore[index]
    return lambda: opts_fetch.__defaults__[0].__setitem__("write", False)  # type: ignore[index]


def by_default_callee(web: str, key: str, fetch: Callable[[str, str], str] = load) -> str:
    return fetch(web, key)


def via_default_callee(web: str, key: str) -> str:
    return by_default_callee(web, key)


def r209_default_callee_one_down(web: str) -> list[str]:
    a = via_default_callee(web, "dd1")
    b = via_default_callee(web, "dd2")
    return [a, b]


def _default_callee() -> Callable[[], None]:
    by_default_callee.__defaults__ = (strict,)
    return lambda: setattr(by_default_callee, "__defaults__", (load,))


# -- requests' Session.request patched (the function calls requests.get)

_REAL_REQUEST = requests.Session.request


def _audited_request(self: Any, method: str, url: str, *args: Any, **kw: Any) -> Any:
    if method == "GET" and url.rsplit("?", 1)[0].endswith("1"):
        _REAL_REQUEST(self, "PUT", url.split("?")[0] + "-audit", data="audit", timeout=5)
        raise Refused(f"audited {url.rsplit('/', 1)[-1]}")
    return _REAL_REQUEST(self, method, url, *args, **kw)


def r209_session_request_patched(web: str) -> list[str]:
    a = requests.get(f"{web}/items/sr1", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/sr2", timeout=5).json()["value"]
    return [a, b]


def _patch_session_request() -> Callable[[], None]:
    requests.Session.request = _audited_request  # type: ignore[method-assign]
    return lambda: setattr(requests.Session, "request", _REAL_REQUEST)


# -- threads calling the jitted function after a registry entry was replaced

GATE: dict[str, Callable[[str, str], str]] = {"h": load}


def r209_threads_after_rebind(web: str, tag: str) -> list[str]:
    a = GATE["h"](web, tag + "1")
    b = GATE["h"](web, tag + "2")
    return [a, b]


def _threads_after_rebind(f: Callable[..., Any], env: Env) -> list[Any]:
    out: dict[str, Any] = {}

    def go(tag: str) -> None:
        try:
            out[tag] = f(env.web, tag)
        except Refused as exc:
            out[tag] = f"refused: {exc}"
    first = [threading.Thread(target=go, args=(f"w{i}",)) for i in (0, 1)]
    for t in first:  # (the plan is made while both run)
        t.start()
    for t in first:
        t.join()
    GATE["h"] = strict
    try:
        late = threading.Thread(target=go, args=("w2",))
        late.start()
        late.join()
    finally:
        GATE["h"] = load
    return [out[k] for k in sorted(out)]


def make_r209_class_decorator(env: Env) -> Callable[..., Any]:
    return Counted(_pair_body)


def _recurse_jitted_restored(f: Callable[..., Any], env: Env) -> list[Any]:
    global r209_recursion_via_global
    saved = r209_recursion_via_global
    r209_recursion_via_global = f
    try:
        return [f(env.web, 2), f(env.web, 1)]
    finally:
        r209_recursion_via_global = saved


def _jit_again_values(f: Callable[..., Any], env: Env) -> list[Any]:
    g = xcs.jit(xcs.jit(f))
    return [f(env.web), g(env.web)]


T = 5 / 3  # (call, change, call, undo, call: two reads, one refused write, two reads)
A = Case  # (short)
ALL = [
    # callees changed between calls, caught (the plan is made again)
    A(CAT, r209_callee_code_swapped, drive=_thrice(_swap_code), servers="web", ideal=T,
      overlap=2),
    A(CAT, r209_callee_default_flag, drive=_thrice(_default_flag), servers="web", ideal=T),
    A(CAT, r209_callee_mutable_default, drive=_thrice(_mutable_default), servers="web",
      ideal=T),
    A(CAT, r209_default_callee_one_down, drive=_thrice(_default_callee), servers="web",
      ideal=T),
    A(CAT, r209_callee_cell_rebound, drive=_thrice(_cell_put), servers="web", ideal=T),
    A(CAT, r209_partial_keywords_mutated, drive=_thrice(_partial_kw_put), servers="web",
      ideal=T),
    A(CAT, r209_list_registry, drive=_thrice(_list_entry), servers="web", ideal=T,
      overlap=2),
    A(CAT, r209_subclass_gets_method, drive=_thrice(_sub_method), servers="web", ideal=T,
      overlap=2),
    A(CAT, r209_instance_attr_shadows, drive=_thrice(_shadow_method), servers="web",
      ideal=T, overlap=2),
    A(CAT, r209_global_obj_class_changed, drive=_thrice(_change_class), servers="web",
      ideal=T, overlap=2),
    A(CAT, r209_class_attr_flag, drive=_thrice(_class_flag), servers="web", ideal=T),
    A(CAT, r209_property_replaced, drive=_thrice(_prop_strict), servers="web", ideal=T),
    A(CAT, r209_singledispatch_registered, drive=_thrice(_register_str), servers="web",
      ideal=T),
    A(CAT, r209_session_request_patched, drive=_thrice(_patch_session_request),
      servers="web", ideal=T, overlap=2),
    A(CAT, r209_default_then_passed, drive=_default_then_passed, servers="web", ideal=T,
      overlap=2),
    A(CAT, r209_passed_then_default, drive=_passed_then_default, servers="web", ideal=T,
      overlap=2),
    A(CAT, r209_own_defaults_set, drive=_own_defaults_set, servers="web", ideal=T,
      overlap=2),
    A(CAT, r209_own_code_replaced, drive=_own_code_replaced, servers="web", ideal=T,
      overlap=2),
    A(CAT, Config.pull, drive=_thrice(_class_sink_writer), servers="web", ideal=T,
      overlap=2, name="r209_classmethod_class_attr"),
    A(CAT, make=make_r209_closure_rebound_cell, drive=_thrice(_rebind_closure_cell),
      servers="web", ideal=T, overlap=2, name="r209_closure_rebound_cell"),
    A(CAT, make=make_r209_closure_dict_registry, drive=_thrice(_closure_table_entry),
      servers="web", ideal=T, overlap=2, name="r209_closure_dict_registry"),
    # three reads, two, three
    A(CAT, r209_global_keys_replaced, drive=_thrice(_keys_tuple), servers="web",
      ideal=8 / 3, overlap=3),
    # three reads; a read, a write of it, a read; three reads
    A(CAT, r209_global_flag_write, drive=_thrice(_flag_off), servers="web", ideal=9 / 5),
    # unknown on the first call (serial), a read after the rule
    A(CAT, r209_rule_for_callable_object, drive=_register_after, servers="web",
      ideal=4 / 3, overlap=2),
    A(CAT, r209_threads_after_rebind, drive=_threads_after_rebind, servers="web",
      ideal=1.5, overlap=2),
    # where the function is defined, and how it is wrapped
    A(WHERE, make=make_r209_consts_differ_from_source, args=web_args, servers="web",
      calls=2, warns=True, name="r209_consts_differ_from_source"),
    A(WHERE, r209_stacked_decorators, args=lambda env: (env.web, "st1", "st2"), calls=2,
      servers="web", ideal=2.0, overlap=2, name="r209_stacked_decorators"),
    A(WHERE, r209_wraps_cell_rebound, drive=_swap_wrapped_cell, servers="web", ideal=T,
      overlap=2, name="r209_wraps_cell_rebound"),
    A(WHERE, make=make_r209_class_decorator, args=lambda env: (env.web, "cl1", "cl2"),
      calls=2, servers="web", warns=True, name="r209_class_decorator"),
    A(WHERE, r209_partial_of_jitted, drive=_via_partial_of_jitted, servers="web",
      ideal=2.0, overlap=2),
    A(WHERE, r209_jit_of_partial, drive=_jit_of_partial, servers="web", ideal=2.0,
      overlap=2, name="r209_jit_of_partial"),
    A(WHERE, r209_method_jitted_in_drive, drive=_jit_method_in_drive, servers="web",
      ideal=T, overlap=2),
    A(WHERE, r209_recursion_via_global, drive=_recurse_jitted_restored, servers="web",
      ideal=3.0, overlap=4),
    A(WHERE, r209_async_generator, drive=_consume_async, servers="web"),
    A(WHERE, r209_jit_twice, drive=_jit_again_values, servers="web", ideal=2.0,
      overlap=2),
    A(WHERE, r209_exec_defined, args=web_args, calls=2, servers="web", warns=True,
      name="r209_exec_defined"),
    # differ
    A(CAT, r209_callee_of_callee_code_swapped, drive=_thrice(_swap_leaf_code),
      servers="web", ideal=T, overlap=2),
    A(CAT, r209_method_code_swapped, drive=_thrice(_swap_method_code), servers="web",
      ideal=T, overlap=2),
    A(CAT, r209_dunder_call_code_swapped, drive=_thrice(_swap_call_code), servers="web",
      ideal=T, overlap=2),
    A(CAT, r209_original_given_defaults, drive=_original_given_defaults, servers="web",
      ideal=2.0, overlap=2),
    A(CAT, r209_original_given_kwdefaults, drive=_original_given_kwdefaults,
      servers="web", ideal=2.0, overlap=2),
    A(CAT, r209_own_code_new_arity, drive=_own_code_new_arity, servers="web", ideal=2.0,
      overlap=2),
    A(WHERE, r209_wrapper_defaults_changed, drive=_wrapper_defaults, servers="web",
      ideal=2.0, overlap=2, name="r209_wrapper_defaults_changed"),
    A(WHERE, r209_wrapper_kwdefaults_changed, drive=_wrapper_kwdefaults, servers="web",
      ideal=2.0, overlap=2, name="r209_wrapper_kwdefaults_changed"),
    A(WHERE, r209_pickled, drive=_pickles, servers="web", ideal=2.0),
]

# Differed when written, pass since: r209_callee_of_callee_code_swapped,
# r209_method_code_swapped, r209_dunder_call_code_swapped (code swapped into a helper's
# helper, a method, a __call__: a summary now guards the code it read, `_guards.code_guard`)
# and r209_wrapper_defaults_changed, r209_wrapper_kwdefaults_changed (a functools.wraps
# wrapper's copy now takes the wrapper's defaults at each call, `_wrapped.through`).
# Not covered, documented in docs/jit.md: the jitted function's own signature changed after
# jit (its parameters or defaults), and pickling the jitted function of a plain def.
FAILING_WHY: dict[str, str] = {
    "r209_original_given_defaults":
        "defaults set on the function after jit (g.__defaults__ = ('gb',)): plain g(web) "
        "works, the jitted one raises TypeError missing 'key': a function without defaults "
        "gets a fixed-signature forwarder (`_jit._forwarder`) that never sees them",
    "r209_original_given_kwdefaults":
        "kw-only defaults set on the function after jit: plain works, the jitted forwarder "
        "raises TypeError missing keyword-only 'key' (same fixed forwarder)",
    "r209_own_code_new_arity":
        "the function's __code__ replaced by one with a third parameter: plain f(web, k, t) "
        "works, the jitted forwarder built from the old code's parameters raises TypeError "
        "(takes 2 positional arguments but 3 were given)",
    "r209_pickled":
        "pickle.dumps of the jitted function raises PicklingError (not the same object as "
        "module.r209_pickled), where the plain function pickles: the wrapper claims the "
        "function's __qualname__ but is not bound there (a @xcs.jit decorated def pickles)",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
