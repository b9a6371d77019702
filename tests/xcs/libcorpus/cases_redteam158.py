"""Red-team cases (stop 158): plans made again after what they assumed changes.

Each jitted function is called 3-6 times (20 in one case, past the replan bound) by a
drive that changes, between calls, something the function relies on without being handed
it: a method replaced on a class (and a dunder: ``__call__``, ``__new__``, ``__format__``,
``__exit__``) and put back, an instance attribute shadowing a method, a function's
``__code__`` swapped as autoreload does, ``sys.stdout``/``sys.stderr`` swapped to a
``StringIO`` or to a stream of the user's that PUTs, ``builtins.print`` wrapped,
``requests.get``/``Session.get``/``httpx.Client.get``/``Completions.create`` patched as
tracing and mocking libraries do, module globals rebound (a client, a URL, a function, a
model name), a helper's ``__defaults__``/``__kwdefaults__`` replaced or mutated in place, a
closure cell changed through ``nonlocal`` (the helper's and the jitted function's own), a
dict of handlers updated, a partial's keywords, logging levels, handlers, filters and
formatters changed, ``logging.disable``, httpx's and urllib3's request lines shown and
hidden, an ``lru_cache`` cleared, environment variables, a session's hooks and adapters;
two threads calling one jitted function while one changes such state, and states that
alternate on every call. Every call does real HTTP (requests/httpx) or openai calls; each
call's value, the stdout and the servers' logs are compared with plain. Sibling reads are
60/15/35 ms, slow first. `FIXED_WHY` says what differed for the cases that did when written.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import io
import json
import logging
import operator
import os
import sys
import threading
import time
import types
from typing import Any

import httpx
import openai
import requests
import requests.adapters

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam158")
ME = sys.modules[__name__]
KEYS = (("a", 60), ("b", 15), ("c", 35))
_PRINT = builtins.print


def mix(par: int, seq: int, seq_ms: float = 110.0, par_sum: float = 110.0,
        par_path: float = 60.0) -> float:
    """Ideal over a drive: `par` calls whose reads overlap, `seq` calls that cannot."""
    return (par_sum * par + seq_ms * seq) / (par_path * par + seq_ms * seq)


def _drive(n: int, state: Any, reset: Any, args: Any = None) -> Any:
    """Call the function `n` times, `state(i, env)` before call i; `reset(env)` after."""
    def drive(fn: Any, env: Env) -> Any:
        out: list[Any] = []
        try:
            for i in range(n):
                state(i, env)
                try:
                    out.append(fn(*(args(env) if args else (env.web,))))
                except Exception as exc:  # noqa: BLE001 - one call's outcome
                    out.append(f"raised {type(exc).__name__}: {exc}")
        finally:
            reset(env)
        return out
    return drive


def _nothing(env: Env) -> None:
    return None


def _read(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _write(web: str, k: str, ms: int) -> str:
    r = requests.put(f"{web}/items/{k}?ms={ms}", data=f"w-{k}")
    return f"put {k} v{r.json()['version']}"


def _read_loud(web: str, k: str, ms: int) -> str:
    print("fetch", k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


# =========================================================================== methods


class FetchA:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


def _fetch_put(self: Any, k: str, ms: int) -> str:
    requests.put(f"{self.web}/items/{k}?ms={ms}", data=f"put-{k}")
    return requests.get(f"{self.web}/items/{k}?ms=5").json()["value"]


_FETCH_A = FetchA.fetch


def r158_method_swap_put_alternating(web: str) -> list[str]:
    f = FetchA(web)
    a = f.fetch("a", 60)
    b = f.fetch("b", 15)
    c = f.fetch("a", 35)
    return [a, b, c]


def _st_fetch_a(i: int, env: Env) -> None:
    FetchA.fetch = _FETCH_A if i % 2 == 0 else _fetch_put  # type: ignore[method-assign]


def _rs_fetch_a(env: Env) -> None:
    FetchA.fetch = _FETCH_A  # type: ignore[method-assign]


class FetchB:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


def _fetch_print(self: Any, k: str, ms: int) -> str:
    print("FetchB.fetch", k)
    return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


_FETCH_B = FetchB.fetch


def r158_method_swap_print_between(web: str) -> list[str]:
    f = FetchB(web)
    out = []
    for k, ms in KEYS:
        out.append(f.fetch(k, ms))
        print("got", k)
    return out


def _st_fetch_b(i: int, env: Env) -> None:
    FetchB.fetch = _fetch_print if i in (1, 2) else _FETCH_B  # type: ignore[method-assign]


def _rs_fetch_b(env: Env) -> None:
    FetchB.fetch = _FETCH_B  # type: ignore[method-assign]


class FetchC:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


G_FETCHER: Any = None


def r158_instance_attr_shadows_method() -> list[str]:
    a = G_FETCHER.fetch("a", 60)
    b = G_FETCHER.fetch("b", 15)
    c = G_FETCHER.fetch("a", 35)
    return [a, b, c]


def _st_instance_attr(i: int, env: Env) -> None:
    global G_FETCHER
    if i == 0:
        G_FETCHER = FetchC(env.web)
    if i in (1, 3):
        G_FETCHER.fetch = types.MethodType(_fetch_put, G_FETCHER)
    elif "fetch" in vars(G_FETCHER):
        del G_FETCHER.fetch


def _rs_instance_attr(env: Env) -> None:
    global G_FETCHER
    G_FETCHER = None


class FetchP:
    path = "/items"

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}{self.path}/{k}?ms={ms}").text


def r158_class_attr_path_alternates(web: str) -> list[str]:
    f = FetchP(web)
    return [f.fetch(k, ms) for k, ms in KEYS]


def _st_class_path(i: int, env: Env) -> None:
    FetchP.path = "/items" if i % 2 == 0 else "/text"


def _rs_class_path(env: Env) -> None:
    FetchP.path = "/items"


class FetchQ:
    def __init__(self, web: str) -> None:
        self.web = web

    @property
    def base(self) -> str:
        return self.web + "/items"

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.base}/{k}?ms={ms}").json()["value"]


_BASE_Q = FetchQ.base


def _base_loud(self: Any) -> str:
    print("base read")
    return self.web + "/items"


def r158_property_replaced_prints(web: str) -> list[str]:
    f = FetchQ(web)
    out = []
    for k, ms in KEYS:
        out.append(f.fetch(k, ms))
        print("after", k)
    return out


def _st_prop(i: int, env: Env) -> None:
    FetchQ.base = property(_base_loud) if i % 2 else _BASE_Q  # type: ignore[assignment]


def _rs_prop(env: Env) -> None:
    FetchQ.base = _BASE_Q  # type: ignore[assignment]


# =========================================================================== dunders


class Op:
    def __call__(self, web: str, k: str, ms: int) -> str:
        return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


_OP_CALL = Op.__call__
OP = Op()


def _op_call_put(self: Any, web: str, k: str, ms: int) -> str:
    return _write(web, k, ms)


def r158_callable_obj_call_swapped(web: str) -> list[Any]:
    out = [OP(web, k, ms) for k, ms in (("a", 60), ("b", 15))]
    return out + [requests.get(f"{web}/items?ms=5").json()["writes"]]


def _st_op(i: int, env: Env) -> None:
    Op.__call__ = _op_call_put if i % 2 else _OP_CALL  # type: ignore[method-assign]


def _rs_op(env: Env) -> None:
    Op.__call__ = _OP_CALL  # type: ignore[method-assign]


class Rec:
    def __init__(self, v: str) -> None:
        self.v = v


REC_WEB: list[str] = [""]


def _rec_new_put(cls: Any, v: str) -> Any:
    requests.put(f"{REC_WEB[0]}/items/made?ms=5", data=v)
    return object.__new__(cls)


def r158_new_added_later_puts(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        r = Rec(v)
        seen = requests.get(f"{web}/items/made?ms=5").json()["value"]
        out.append(f"{r.v}/{seen}")
    return out


def _new_quiet(cls: Any, *a: Any) -> Any:
    return object.__new__(cls)


def _fresh(name: str) -> None:
    """A new class under `name` without a __new__ (one deleted again leaves CPython's slot
    calling object.__new__ with the arguments, which raises)."""
    def init(self: Any, v: str) -> None:
        self.v = v
    setattr(ME, name, type(name, (), {"__init__": init, "__module__": __name__}))


def _st_rec(i: int, env: Env) -> None:
    REC_WEB[0] = env.web
    if i == 0:
        _fresh("Rec")
    Rec.__new__ = staticmethod(_rec_new_put if i % 2 else _new_quiet)  # type: ignore[assignment]


def _rs_rec(env: Env) -> None:
    _fresh("Rec")


class Rec2:
    def __init__(self, v: str) -> None:
        self.v = v


def _rec2_new_print(cls: Any, v: str) -> Any:
    print("new Rec2", v)
    return object.__new__(cls)


def r158_new_added_later_prints(web: str) -> list[str]:
    rows = [Rec2(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in KEYS]
    print("rows", len(rows))
    return [r.v for r in rows]


def _st_rec2(i: int, env: Env) -> None:
    if i == 0:
        _fresh("Rec2")
    elif i % 2:
        Rec2.__new__ = staticmethod(_rec2_new_print)  # type: ignore[assignment]
    else:
        Rec2.__new__ = staticmethod(_new_quiet)  # type: ignore[assignment]


def _rs_rec2(env: Env) -> None:
    _fresh("Rec2")


class Key:
    def __init__(self, s: str) -> None:
        self.s = s

    def __str__(self) -> str:
        return self.s


def _key_format_loud(self: Any, spec: str) -> str:
    print("format", self.s)
    return format(self.s, spec)


def r158_format_added_to_class(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 60), ("b", 15), ("c", 35)):
        key = Key(k)
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    return out


def _st_key(i: int, env: Env) -> None:
    if i % 2:
        Key.__format__ = _key_format_loud  # type: ignore[method-assign]
    elif "__format__" in vars(Key):
        del Key.__format__


def _rs_key(env: Env) -> None:
    if "__format__" in vars(Key):
        del Key.__format__


class Span:
    def __enter__(self) -> Span:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


SPAN_WEB: list[str] = [""]


def _span_exit_put(self: Any, *exc: Any) -> None:
    requests.put(f"{SPAN_WEB[0]}/items/span?ms=5", data="closed")


_SPAN_EXIT = Span.__exit__


def r158_exit_replaced_puts(web: str) -> list[str]:
    with Span():
        a = requests.get(f"{web}/items/a?ms=60").json()["value"]
    b = requests.get(f"{web}/items/span?ms=15").json()["value"]
    return [a, b]


def _st_span(i: int, env: Env) -> None:
    SPAN_WEB[0] = env.web
    Span.__exit__ = _span_exit_put if i % 2 else _SPAN_EXIT  # type: ignore[method-assign]


def _rs_span(env: Env) -> None:
    Span.__exit__ = _SPAN_EXIT  # type: ignore[method-assign]


class Tag:
    def __init__(self, s: str) -> None:
        self.s = s


def _tag_eq_loud(self: Any, other: object) -> bool:
    print("eq", self.s)
    return self.s == other


def r158_eq_added_to_class(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        out.append(Tag("v-b") == v)
    return out


def _st_tag(i: int, env: Env) -> None:
    if i % 2:
        Tag.__eq__ = _tag_eq_loud  # type: ignore[method-assign,assignment]
    elif "__eq__" in vars(Tag):
        del Tag.__eq__


def _rs_tag(env: Env) -> None:
    if "__eq__" in vars(Tag):
        del Tag.__eq__


# =========================================================================== code swapped


def _h_code(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _h_code_put(web: str, k: str, ms: int) -> str:
    requests.put(f"{web}/items/{k}?ms={ms}", data=f"code-{k}")
    return requests.get(f"{web}/items/{k}?ms=5").json()["value"]


_H_CODE = _h_code.__code__


def r158_helper_code_swapped_autoreload(web: str) -> list[str]:
    a = _h_code(web, "a", 60)
    b = _h_code(web, "b", 15)
    c = _h_code(web, "a", 35)
    return [a, b, c]


def _st_code(i: int, env: Env) -> None:
    _h_code.__code__ = _h_code_put.__code__ if i % 2 else _H_CODE


def _rs_code(env: Env) -> None:
    _h_code.__code__ = _H_CODE


def _h_code2(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _h_code2_print(web: str, k: str, ms: int) -> str:
    print("reloaded fetch", k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


_H_CODE2 = _h_code2.__code__


def r158_helper_code_swapped_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(_h_code2(web, k, ms))
        print("done", k)
    return out


def _st_code2(i: int, env: Env) -> None:
    _h_code2.__code__ = _h_code2_print.__code__ if i in (1, 2) else _H_CODE2


def _rs_code2(env: Env) -> None:
    _h_code2.__code__ = _H_CODE2


# =========================================================================== streams


def r158_stdout_swapped_between_calls(web: str) -> list[str]:
    print("start")
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        print(k, v)
        out.append(v)
    return out


def _drive_stdout_swap(fn: Any, env: Env) -> Any:
    out: list[Any] = []
    real = sys.stdout
    try:
        for i in range(4):
            buf = io.StringIO()
            if i % 2:
                sys.stdout = buf
            try:
                out.append(fn(env.web))
            finally:
                sys.stdout = real
            out.append(buf.getvalue())
    finally:
        sys.stdout = real
    return out


def r158_stdout_swapped_inside_fn(web: str) -> list[str]:
    buf = io.StringIO()
    old = sys.stdout
    sys.stdout = buf
    try:
        out = []
        for k, ms in KEYS:
            v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            print("captured", k)
            out.append(v)
    finally:
        sys.stdout = old
    print("visible", len(out))
    return out + [buf.getvalue()]


def r158_redirect_stdout_inside_fn(web: str) -> list[str]:
    print("before")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        a = requests.get(f"{web}/items/a?ms=60").json()["value"]
        print("in", a)
        b = requests.get(f"{web}/items/b?ms=15").json()["value"]
        print("in", b)
    print("after")
    c = requests.get(f"{web}/items/c?ms=35").json()["value"]
    return [a, b, c, buf.getvalue()]


class PutStream:
    """A stream of the user's: each line printed is PUT to /items/out."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.lines: list[str] = []

    def write(self, s: str) -> int:
        if s.strip():
            self.lines.append(s)
            requests.put(f"{self.web}/items/out?ms=5", data=s)
        return len(s)

    def flush(self) -> None:
        return None


def r158_stdout_user_stream_puts(web: str) -> str:
    print("note")
    return requests.get(f"{web}/items/out?ms=35").json()["value"]


def _drive_put_stream(fn: Any, env: Env) -> Any:
    out: list[Any] = []
    real = sys.stdout
    try:
        for i in range(2):
            stream = PutStream(env.web)
            if i % 2:
                sys.stdout = stream  # type: ignore[assignment]
            try:
                out.append(fn(env.web))
            finally:
                sys.stdout = real
            out.append(list(stream.lines))
    finally:
        sys.stdout = real
    return out


def r158_stderr_swapped_progress(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print(f"{len(out)}/3", file=sys.stderr)
        sys.stderr.write(f"[{k}]\n")
    return out


def _drive_stderr(fn: Any, env: Env) -> Any:
    out: list[Any] = []
    real = sys.stderr
    try:
        for _ in range(4):
            buf = io.StringIO()
            sys.stderr = buf
            try:
                out.append(fn(env.web))
            finally:
                sys.stderr = real
            out.append(buf.getvalue())
    finally:
        sys.stderr = real
    return out


PP_WEB: list[str] = [""]


def _print_put(*args: Any, **kw: Any) -> None:
    _PRINT(*args, **kw)
    requests.put(f"{PP_WEB[0]}/items/out?ms=5", data=" ".join(map(str, args)))


def r158_print_wrapped_puts(web: str) -> str:
    print("note")
    return requests.get(f"{web}/items/out?ms=35").json()["value"]


def _st_print_put(i: int, env: Env) -> None:
    PP_WEB[0] = env.web
    builtins.print = _print_put if i % 2 else _PRINT


def _rs_print(env: Env) -> None:
    builtins.print = _PRINT


PRINTED: list[str] = []


def _print_counting(*args: Any, **kw: Any) -> None:
    PRINTED.append(" ".join(map(str, args)))
    _PRINT(f"#{len(PRINTED)}", *args, **kw)


def r158_print_wrapped_prefix(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        print("item", k, v)
        out.append(v)
    return out


def _st_print_prefix(i: int, env: Env) -> None:
    if i == 0:
        PRINTED.clear()
    builtins.print = (_PRINT, functools.partial(_PRINT, "[p]"), _print_counting, _PRINT)[i]


# =========================================================================== globals


class LoudHTTP:
    """A client object of the user's: prints each request, then sends it."""

    def get(self, url: str) -> Any:
        print("LoudHTTP GET", url.rsplit("/", 1)[-1])
        return requests.get(url)


HTTP: Any = requests


def r158_global_client_rebound(web: str) -> list[str]:
    vals = [HTTP.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    print("vals", vals)
    return vals


def _st_http(i: int, env: Env) -> None:
    global HTTP
    HTTP = (requests, LoudHTTP(), requests, LoudHTTP())[i]


def _rs_http(env: Env) -> None:
    global HTTP
    HTTP = requests


BASE_PATH = "/items"


def r158_global_url_rebound(web: str) -> list[str]:
    return [requests.get(f"{web}{BASE_PATH}/{k}?ms={ms}").text for k, ms in KEYS]


def _st_base(i: int, env: Env) -> None:
    global BASE_PATH
    BASE_PATH = ("/items", "/text", "/text", "/items", "/text")[i]


def _rs_base(env: Env) -> None:
    global BASE_PATH
    BASE_PATH = "/items"


FETCH_IMPL: Any = _read


def r158_global_function_rebound(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in KEYS:
        out.append(FETCH_IMPL(web, k, ms))
    out.append(requests.get(f"{web}/items?ms=5").json()["writes"])
    return out


def _st_impl(i: int, env: Env) -> None:
    global FETCH_IMPL
    FETCH_IMPL = _write if i % 2 else _read


def _rs_impl(env: Env) -> None:
    global FETCH_IMPL
    FETCH_IMPL = _read


FETCH_IMPL2: Any = _read


def r158_global_function_rebound_printer(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(FETCH_IMPL2(web, k, ms))
        print("have", len(out))
    return out


def _st_impl2(i: int, env: Env) -> None:
    global FETCH_IMPL2
    FETCH_IMPL2 = (_read, _read_loud, _read_loud, _read)[i]


def _rs_impl2(env: Env) -> None:
    global FETCH_IMPL2
    FETCH_IMPL2 = _read


FETCH_IMPL3: Any = _read


def r158_alternate_twenty_calls(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("a", 6), ("b", 2), ("a", 4)):
        out.append(FETCH_IMPL3(web, k, ms))
    return out


def _st_impl3(i: int, env: Env) -> None:
    global FETCH_IMPL3
    FETCH_IMPL3 = _write if i % 2 else _read


def _rs_impl3(env: Env) -> None:
    global FETCH_IMPL3
    FETCH_IMPL3 = _read


# =========================================================================== defaults


def _get_verbose(web: str, k: str, ms: int, verbose: bool = False) -> str:
    if verbose:
        print("GET", k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r158_defaults_replaced_verbose(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(_get_verbose(web, k, ms))
        print("got", k)
    return out


def _st_verbose(i: int, env: Env) -> None:
    _get_verbose.__defaults__ = (bool(i % 2),)


def _rs_verbose(env: Env) -> None:
    _get_verbose.__defaults__ = (False,)


def _upper_loud(s: str) -> str:
    print("hook", s)
    return s.upper()


def _get_hooked(web: str, k: str, ms: int, hooks: dict = {"after": str.upper}) -> str:  # noqa: B006
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return hooks["after"](v)


def r158_default_dict_mutated_in_place(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(_get_hooked(web, k, ms))
        print("item", k)
    return out


def _st_hooked(i: int, env: Env) -> None:
    _get_hooked.__defaults__[0]["after"] = _upper_loud if i % 2 else str.upper  # type: ignore[index]


def _rs_hooked(env: Env) -> None:
    _get_hooked.__defaults__[0]["after"] = str.upper  # type: ignore[index]


def _get_seen(web: str, k: str, ms: int, seen: list = []) -> str:  # noqa: B006
    if k in seen:
        print("again", k)
    seen.append(k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r158_mutable_default_accumulates(web: str) -> list[str]:
    return [_get_seen(web, k, ms) for k, ms in KEYS]


def _st_seen(i: int, env: Env) -> None:
    if i in (0, 2):
        _get_seen.__defaults__[0].clear()  # type: ignore[index]


def _rs_seen(env: Env) -> None:
    _get_seen.__defaults__[0].clear()  # type: ignore[index]


def _get_kw(web: str, k: str, ms: int, *, method: str = "GET") -> str:
    r = requests.request(method, f"{web}/items/{k}?ms={ms}")
    return str(r.json().get("value", f"version {r.json().get('version')}"))


def r158_kwdefaults_method_mutated(web: str) -> list[str]:
    a = _get_kw(web, "a", 60)
    b = _get_kw(web, "b", 15)
    c = _get_kw(web, "a", 35)
    return [a, b, c]


def _st_kw(i: int, env: Env) -> None:
    _get_kw.__kwdefaults__["method"] = "PUT" if i % 2 else "GET"  # type: ignore[index]


def _rs_kw(env: Env) -> None:
    _get_kw.__kwdefaults__["method"] = "GET"  # type: ignore[index]


def _get_pkw(web: str, k: str, ms: int, verbose: bool = False) -> str:
    if verbose:
        print("partial GET", k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


GETTER = functools.partial(_get_pkw, verbose=False)


def r158_partial_keywords_mutated(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(GETTER(web, k, ms))
        print("ok", k)
    return out


def _st_pkw(i: int, env: Env) -> None:
    GETTER.keywords["verbose"] = bool(i % 2)


def _rs_pkw(env: Env) -> None:
    GETTER.keywords["verbose"] = False


# =========================================================================== closures


def _make_switch() -> tuple[Any, Any]:
    impl = _read

    def fetch(web: str, k: str, ms: int) -> str:
        return impl(web, k, ms)

    def set_impl(f: Any) -> None:
        nonlocal impl
        impl = f

    return fetch, set_impl


CELL_FETCH, SET_CELL_IMPL = _make_switch()


def r158_closure_cell_impl_swapped(web: str) -> list[Any]:
    out: list[Any] = [CELL_FETCH(web, k, ms) for k, ms in KEYS]
    out.append(requests.get(f"{web}/items/a?ms=5").json()["value"])
    return out


def _st_cell(i: int, env: Env) -> None:
    SET_CELL_IMPL(_write if i % 2 else _read)


def _rs_cell(env: Env) -> None:
    SET_CELL_IMPL(_read)


def _make_flag() -> tuple[Any, Any]:
    verbose = False

    def fetch(web: str, k: str, ms: int) -> str:
        if verbose:
            print("cell fetch", k)
        return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]

    def set_verbose(v: bool) -> None:
        nonlocal verbose
        verbose = v

    return fetch, set_verbose


FLAG_FETCH, SET_FLAG = _make_flag()


def r158_closure_flag_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(FLAG_FETCH(web, k, ms))
        print("step", k)
    return out


def _st_flag(i: int, env: Env) -> None:
    SET_FLAG(i in (1, 2, 4))


def _rs_flag(env: Env) -> None:
    SET_FLAG(False)


def _make_own_closure() -> tuple[Any, Any]:
    impl = _read

    def r158_jitted_closure_own_cell(web: str) -> list[Any]:
        out = []
        for k, ms in KEYS:
            out.append(impl(web, k, ms))
        out.append(requests.get(f"{web}/items/a?ms=5").json()["value"])
        return out

    def swap(f: Any) -> None:
        nonlocal impl
        impl = f

    return r158_jitted_closure_own_cell, swap


r158_jitted_closure_own_cell, SWAP_OWN = _make_own_closure()


def _st_own(i: int, env: Env) -> None:
    SWAP_OWN((_read, _write, _read_loud, _write)[i])


def _rs_own(env: Env) -> None:
    SWAP_OWN(_read)


# =========================================================================== operators, handlers


def _pick_loud(d: dict) -> str:
    print("pick", d["key"])
    return d["value"]


PICK: Any = operator.itemgetter("value")


def r158_operator_itemgetter_swapped(web: str) -> list[str]:
    out = [PICK(requests.get(f"{web}/items/{k}?ms={ms}").json()) for k, ms in KEYS]
    print("picked", len(out))
    return out


def _st_pick(i: int, env: Env) -> None:
    global PICK
    PICK = _pick_loud if i % 2 else operator.itemgetter("value")


def _rs_pick(env: Env) -> None:
    global PICK
    PICK = operator.itemgetter("value")


def _parse_json(r: Any) -> str:
    return r.json()["value"]


def _parse_json_loud(r: Any) -> str:
    v = r.json()["value"]
    print("parsed", v)
    return v


HANDLERS: dict[str, Any] = {"json": _parse_json, "text": lambda r: r.text}


def r158_handler_dict_updated(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(HANDLERS["json"](requests.get(f"{web}/items/{k}?ms={ms}")))
        print("handled", k)
    return out


def _st_handlers(i: int, env: Env) -> None:
    HANDLERS["json"] = _parse_json_loud if i % 2 else _parse_json


def _rs_handlers(env: Env) -> None:
    HANDLERS["json"] = _parse_json


def _save_nothing(web: str, k: str, v: str) -> None:
    return None


def _save_put(web: str, k: str, v: str) -> None:
    requests.put(f"{web}/items/saved-{k}?ms=5", data=v)


SAVERS: dict[str, Any] = {"save": _save_nothing}


def r158_handler_dict_write_handler(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        SAVERS["save"](web, k, v)
        out.append(v)
    out.append(requests.get(f"{web}/items?ms=5").json()["keys"])
    return out


def _st_savers(i: int, env: Env) -> None:
    SAVERS["save"] = _save_put if i % 2 else _save_nothing


def _rs_savers(env: Env) -> None:
    SAVERS["save"] = _save_nothing


# =========================================================================== logging


def r158_logger_level_alternates(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        LOG.debug("debug %s", k)
        LOG.info("fetched %s=%s", k, v)
        out.append(v)
    return out


def _st_level(i: int, env: Env) -> None:
    LOG.setLevel((logging.NOTSET, logging.WARNING, logging.INFO, logging.DEBUG,
                  logging.WARNING)[i])


def _rs_level(env: Env) -> None:
    LOG.setLevel(logging.NOTSET)


class PutHandler(logging.Handler):
    """A handler of the user's: PUTs each record's message to /items/log."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def emit(self, record: logging.LogRecord) -> None:
        requests.put(f"{self.web}/items/log?ms=5", data=record.getMessage())


LOG_H = corpus_logger("redteam158.handler")
_HANDLERS_ADDED: list[logging.Handler] = []


def r158_user_handler_added_puts(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_H.warning("k=%s", k)
        out.append(requests.get(f"{web}/items/log?ms={ms}").json()["value"])
    return out


def _st_put_handler(i: int, env: Env) -> None:
    for h in _HANDLERS_ADDED:
        LOG_H.removeHandler(h)
    _HANDLERS_ADDED.clear()
    if i % 2:
        h = PutHandler(env.web)
        LOG_H.addHandler(h)
        _HANDLERS_ADDED.append(h)


def _rs_put_handler(env: Env) -> None:
    _st_put_handler(0, env)


class PutFormatter(logging.Formatter):
    """A formatter of the user's: PUTs each formatted line to /items/fmt."""

    def __init__(self, web: str) -> None:
        super().__init__("%(levelname)s %(message)s")
        self.web = web

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        requests.put(f"{self.web}/items/fmt?ms=5", data=text)
        return text


LOG_F = logging.getLogger("r158.formatter")
_FMT_HANDLER: list[logging.StreamHandler] = []


def r158_formatter_swapped_puts(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_F.warning("fmt %s", k)
        out.append(requests.get(f"{web}/items/fmt?ms={ms}").json()["value"])
    return out


def _st_fmt(i: int, env: Env) -> None:
    if i == 0:
        h = logging.StreamHandler(sys.stdout)
        LOG_F.addHandler(h)
        LOG_F.propagate = False
        _FMT_HANDLER[:] = [h]
    h = _FMT_HANDLER[0]
    h.setFormatter(PutFormatter(env.web) if i % 2 else logging.Formatter("%(message)s"))


def _rs_fmt(env: Env) -> None:
    for h in _FMT_HANDLER:
        LOG_F.removeHandler(h)
    _FMT_HANDLER.clear()
    LOG_F.propagate = True


class LoudFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        print("filter saw", record.getMessage())
        return True


LOG_FI = corpus_logger("redteam158.filter")
_FILTER = LoudFilter()


def r158_filter_added_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        LOG_FI.info("got %s", v)
        print("out", k)
        out.append(v)
    return out


def _st_filter(i: int, env: Env) -> None:
    if i in (1, 2):
        LOG_FI.addFilter(_FILTER)
    else:
        LOG_FI.removeFilter(_FILTER)


def _rs_filter(env: Env) -> None:
    LOG_FI.removeFilter(_FILTER)


HX_LOG = logging.getLogger("httpx")
_HX: list[Any] = []


def r158_httpx_request_lines_toggled(client: Any, web: str) -> list[str]:
    vals = [client.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    print("vals", vals)
    return vals


def _hx_args(env: Env) -> tuple:
    if not _HX or _HX[0][0] is not env:
        _HX[:] = [(env, env.own(httpx.Client()))]
    return (_HX[0][1], env.web)


_HX_HANDLER: list[logging.Handler] = []
_HX_LEVEL = [HX_LOG.level]


def _st_hx(i: int, env: Env) -> None:
    for h in _HX_HANDLER:
        HX_LOG.removeHandler(h)
    _HX_HANDLER.clear()
    if i % 2:
        h = logging.StreamHandler(sys.stdout)
        h.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        HX_LOG.addHandler(h)
        HX_LOG.setLevel(logging.INFO)
        _HX_HANDLER.append(h)
    else:
        HX_LOG.setLevel(logging.WARNING)


def _rs_hx(env: Env) -> None:
    for h in _HX_HANDLER:
        HX_LOG.removeHandler(h)
    _HX_HANDLER.clear()
    HX_LOG.setLevel(_HX_LEVEL[0])
    _HX.clear()


U3_LOG = logging.getLogger("urllib3.connectionpool")
_U3_HANDLER: list[logging.Handler] = []
_U3_LEVEL = [U3_LOG.level]


def r158_urllib3_debug_lines_toggled(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    print("n", len(out))
    return out


def _st_u3(i: int, env: Env) -> None:
    for h in _U3_HANDLER:
        U3_LOG.removeHandler(h)
    _U3_HANDLER.clear()
    if i in (1, 2):
        h = logging.StreamHandler(sys.stdout)
        h.setFormatter(logging.Formatter("u3: %(message)s"))
        U3_LOG.addHandler(h)
        U3_LOG.setLevel(logging.DEBUG)
        _U3_HANDLER.append(h)
    else:
        U3_LOG.setLevel(_U3_LEVEL[0])


def _rs_u3(env: Env) -> None:
    _st_u3(0, env)


# =========================================================================== caches, env


@functools.lru_cache(maxsize=None)  # noqa: UP033 - as users write it
def _cached_get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r158_lru_cache_cleared_between(web: str) -> list[str]:
    return [_cached_get(web, k, ms) for k, ms in KEYS]


def _st_lru(i: int, env: Env) -> None:
    if i == 0:
        _cached_get.cache_clear()
    if i == 2:
        requests.put(f"{env.web}/items/b?ms=1", data="changed-b")
        _cached_get.cache_clear()
    if i == 3:
        requests.put(f"{env.web}/items/c?ms=1", data="changed-c")  # cached: not seen


def _rs_lru(env: Env) -> None:
    _cached_get.cache_clear()


def r158_env_var_prefix(web: str) -> list[str]:
    prefix = os.environ.get("R158_PREFIX", "p")
    return [requests.get(f"{web}/items/{prefix}-{k}?ms={ms}").json()["value"]
            for k, ms in KEYS]


def _st_env(i: int, env: Env) -> None:
    if i % 2:
        os.environ["R158_PREFIX"] = f"e{i}"
    else:
        os.environ.pop("R158_PREFIX", None)


def _rs_env(env: Env) -> None:
    os.environ.pop("R158_PREFIX", None)


def _get_env_verbose(web: str, k: str, ms: int) -> str:
    if os.environ.get("R158_VERBOSE"):
        print("env GET", k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r158_env_var_verbose_helper(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(_get_env_verbose(web, k, ms))
        print("k", k)
    return out


def _st_env2(i: int, env: Env) -> None:
    if i in (1, 2):
        os.environ["R158_VERBOSE"] = "1"
    else:
        os.environ.pop("R158_VERBOSE", None)


def _rs_env2(env: Env) -> None:
    os.environ.pop("R158_VERBOSE", None)


def _get_env_method(web: str, k: str, ms: int) -> str:
    method = os.environ.get("R158_METHOD", "GET")
    r = requests.request(method, f"{web}/items/{k}?ms={ms}")
    return json.dumps(r.json(), sort_keys=True)


def r158_env_var_decides_method(web: str) -> list[str]:
    a = _get_env_method(web, "a", 60)
    b = _get_env_method(web, "b", 15)
    c = _get_env_method(web, "a", 35)
    return [a, b, c]


def _st_env3(i: int, env: Env) -> None:
    if i % 2:
        os.environ["R158_METHOD"] = "PUT"
    else:
        os.environ.pop("R158_METHOD", None)


def _rs_env3(env: Env) -> None:
    os.environ.pop("R158_METHOD", None)


# =========================================================================== library patches


_REQ_GET = requests.get


def _loud_requests_get(url: str, **kw: Any) -> Any:
    print("patched get", url.rsplit("/", 1)[-1])
    return _REQ_GET(url, **kw)


def r158_requests_get_monkeypatched(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print("loop", k)
    return out


def _st_req_get(i: int, env: Env) -> None:
    requests.get = _loud_requests_get if i % 2 else _REQ_GET


def _rs_req_get(env: Env) -> None:
    requests.get = _REQ_GET


AUDIT_WEB: list[str] = [""]
_REQ_GET2 = requests.get


def _audit_requests_get(url: str, **kw: Any) -> Any:
    requests.put(f"{AUDIT_WEB[0]}/items/audit?ms=5", data=url.rsplit("/", 1)[-1])
    return _REQ_GET2(url, **kw)


def r158_requests_get_patched_audit_put(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=60").json()["value"]
    b = requests.get(f"{web}/items/b?ms=15").json()["value"]
    c = _REQ_GET2(f"{web}/items/audit?ms=35").json()["value"]
    return [a, b, c]


def _st_audit(i: int, env: Env) -> None:
    AUDIT_WEB[0] = env.web
    requests.get = _audit_requests_get if i % 2 else _REQ_GET2


_SESSION_GET = requests.Session.get


def _loud_session_get(self: Any, url: str, **kw: Any) -> Any:
    print("Session.get", url.rsplit("/", 1)[-1])
    return _SESSION_GET(self, url, **kw)


def r158_session_get_class_patched(web: str) -> list[str]:
    with requests.Session() as s:
        vals = [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    print("n", len(vals))
    return vals


def _st_sess_get(i: int, env: Env) -> None:
    requests.Session.get = _loud_session_get if i % 2 else _SESSION_GET  # type: ignore[method-assign]


def _rs_sess_get(env: Env) -> None:
    requests.Session.get = _SESSION_GET  # type: ignore[method-assign]


_HX_GET = httpx.Client.get
HXA_WEB: list[str] = [""]


def _audit_httpx_get(self: Any, url: Any, **kw: Any) -> Any:
    _HX_PUT(self, f"{HXA_WEB[0]}/items/hx-audit?ms=5", content=str(url).rsplit("/", 1)[-1])
    return _HX_GET(self, url, **kw)


_HX_PUT = httpx.Client.put


def r158_httpx_client_get_patched_puts(client: Any, web: str) -> list[str]:
    a = client.get(f"{web}/items/a?ms=60").json()["value"]
    b = client.get(f"{web}/items/b?ms=15").json()["value"]
    seen = requests.get(f"{web}/items/hx-audit?ms=35").json()["value"]
    return [a, b, seen]


def _st_hx_get(i: int, env: Env) -> None:
    HXA_WEB[0] = env.web
    httpx.Client.get = _audit_httpx_get if i % 2 else _HX_GET  # type: ignore[method-assign]


def _rs_hx_get(env: Env) -> None:
    httpx.Client.get = _HX_GET  # type: ignore[method-assign]
    _HX.clear()


_SLEEP = time.sleep


def _loud_sleep(s: float) -> None:
    print("sleep", s)
    _SLEEP(s)


def r158_time_sleep_patched(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        time.sleep(0.01)
        print("slept", k)
    return out


def _st_sleep(i: int, env: Env) -> None:
    time.sleep = _loud_sleep if i % 2 else _SLEEP


def _rs_sleep(env: Env) -> None:
    time.sleep = _SLEEP


_LOADS = json.loads


def _loud_loads(s: Any, **kw: Any) -> Any:
    print("loads", len(s))
    return _LOADS(s, **kw)


def r158_json_loads_patched(web: str) -> list[str]:
    out = [json.loads(requests.get(f"{web}/items/{k}?ms={ms}").text)["value"]
           for k, ms in KEYS]
    print("decoded", out)
    return out


def _st_loads(i: int, env: Env) -> None:
    json.loads = _loud_loads if i % 2 else _LOADS


def _rs_loads(env: Env) -> None:
    json.loads = _LOADS


# =========================================================================== sessions


G_SESSION: Any = None


def _hook_print(r: Any, *a: Any, **kw: Any) -> Any:
    print("hook", r.status_code, r.url.rsplit("/", 1)[-1])
    return r


def r158_session_hook_list_mutated() -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(G_SESSION.get(f"{G_WEB[0]}/items/{k}?ms={ms}").json()["value"])
        print("seen", k)
    return out


G_WEB: list[str] = [""]


def _st_sess_hook(i: int, env: Env) -> None:
    global G_SESSION
    if i == 0:
        G_SESSION = env.own(requests.Session())
        G_WEB[0] = env.web
    hooks = G_SESSION.hooks["response"]
    if i % 2:
        hooks.append(_hook_print)
    else:
        hooks[:] = [h for h in hooks if h is not _hook_print]


def _rs_sess_hook(env: Env) -> None:
    global G_SESSION
    G_SESSION = None


class LoudAdapter(requests.adapters.HTTPAdapter):
    def send(self, request: Any, **kw: Any) -> Any:  # type: ignore[override]
        print("adapter send", request.url.rsplit("/", 1)[-1])
        return super().send(request, **kw)


G_SESSION2: Any = None


def r158_session_adapter_mounted_later() -> list[str]:
    vals = [G_SESSION2.get(f"{G_WEB[0]}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    print("vals", len(vals))
    return vals


def _st_adapter(i: int, env: Env) -> None:
    global G_SESSION2
    if i == 0:
        G_SESSION2 = env.own(requests.Session())
        G_WEB[0] = env.web
    G_SESSION2.mount("http://", LoudAdapter() if i % 2 else requests.adapters.HTTPAdapter())


def _rs_adapter(env: Env) -> None:
    global G_SESSION2
    G_SESSION2 = None


# =========================================================================== openai


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


QS = (("Name a colour.", 0.06), ("Name a fruit.", 0.015), ("Name a city.", 0.035))
MODEL = "gpt"


def r158_oa_model_global_rebound(client: Any) -> list[str]:
    return [ask(client, q, lat, model=MODEL)[:40] for q, lat in QS]


def _oa_args(env: Env) -> tuple:
    if not _OA or _OA[0][0] is not env:
        _OA[:] = [(env, openai_client(env))]
    return (_OA[0][1],)


_OA: list[Any] = []


def _st_model(i: int, env: Env) -> None:
    global MODEL
    MODEL = "gpt-mini" if i % 2 else "gpt"


def _rs_model(env: Env) -> None:
    global MODEL
    MODEL = "gpt"
    _OA.clear()


def r158_oa_instance_create_wrapped(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        out.append(ask(client, q, lat)[:40])
        print("answered", q)
    return out


def _st_oa_inst(i: int, env: Env) -> None:
    (client,) = _oa_args(env)
    comp = client.chat.completions
    if i % 2:
        real = type(comp).create.__get__(comp)

        def traced(*a: Any, **kw: Any) -> Any:
            print("trace", kw["messages"][0]["content"])
            return real(*a, **kw)
        comp.create = traced
    elif "create" in vars(comp):
        del comp.create


def _rs_oa_inst(env: Env) -> None:
    _OA.clear()


_CREATE = openai.resources.chat.completions.Completions.create
TRACE: list[str] = []


def _traced_create(self: Any, *a: Any, **kw: Any) -> Any:
    LOG.info("llm call %s", kw.get("model"))
    TRACE.append(kw["messages"][0]["content"])
    return _CREATE(self, *a, **kw)


def r158_oa_class_create_patched_tracer(client: Any) -> list[Any]:
    out: list[Any] = [ask(client, q, lat)[:40] for q, lat in QS]
    out.append(len(TRACE))
    return out


def _st_oa_cls(i: int, env: Env) -> None:
    if i == 0:
        TRACE.clear()
    openai.resources.chat.completions.Completions.create = (  # type: ignore[method-assign]
        _traced_create if i % 2 else _CREATE)


def _rs_oa_cls(env: Env) -> None:
    openai.resources.chat.completions.Completions.create = _CREATE  # type: ignore[method-assign]
    TRACE.clear()
    _OA.clear()


# =========================================================================== threads


class FetchT:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


def _fetch_t_put(self: Any, k: str, ms: int) -> str:
    r = requests.put(f"{self.web}/items/{k}?ms={ms}", data=f"t-{k}")
    return f"put {k} v{r.json()['version']}"


_FETCH_T = FetchT.fetch


def r158_threads_method_swapped_sequenced(web: str, tag: str) -> list[str]:
    f = FetchT(web)
    a = f.fetch(f"{tag}a", 60)
    b = f.fetch(f"{tag}b", 15)
    c = f.fetch(f"{tag}c", 35)
    return [a, b, c]


def _drive_threads_swap(fn: Any, env: Env) -> Any:
    """Round 1: two threads at once (reads). Thread 1 swaps to the PUT version; thread 2
    calls alone in that state; thread 1 puts it back; round 3: both at once again."""
    res: dict[str, list[Any]] = {"1": [], "2": []}
    b = threading.Barrier(2)
    swapped, called = threading.Event(), threading.Event()

    def one() -> None:
        res["1"].append(fn(env.web, "x"))
        b.wait()
        FetchT.fetch = _fetch_t_put  # type: ignore[method-assign]
        swapped.set()
        called.wait(5)
        FetchT.fetch = _FETCH_T  # type: ignore[method-assign]
        b.wait()
        res["1"].append(fn(env.web, "x"))

    def two() -> None:
        res["2"].append(fn(env.web, "y"))
        b.wait()
        swapped.wait(5)
        res["2"].append(fn(env.web, "y"))
        called.set()
        b.wait()
        res["2"].append(fn(env.web, "y"))

    try:
        ts = [threading.Thread(target=one), threading.Thread(target=two)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(10)
    finally:
        FetchT.fetch = _FETCH_T  # type: ignore[method-assign]
    return res


SUFFIX = "r0"


def r158_threads_global_rebound_rounds(web: str, tag: str) -> list[str]:
    return [requests.get(f"{web}/items/{tag}{k}-{SUFFIX}?ms={ms}").json()["value"]
            for k, ms in KEYS]


def _drive_threads_rounds(fn: Any, env: Env) -> Any:
    global SUFFIX
    res: dict[str, list[Any]] = {"1": [], "2": []}
    b = threading.Barrier(2)

    def worker(name: str, rebinds: bool) -> None:
        global SUFFIX
        for rnd in range(3):
            res[name].append(fn(env.web, name))
            b.wait()
            if rebinds:
                SUFFIX = f"r{rnd + 1}"
            b.wait()

    try:
        ts = [threading.Thread(target=worker, args=("1", True)),
              threading.Thread(target=worker, args=("2", False))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(10)
    finally:
        SUFFIX = "r0"
    return res


class FetchT2:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


def _fetch_t2_text(self: Any, k: str, ms: int) -> str:
    return requests.get(f"{self.web}/text/{k}?ms={ms}").text.splitlines()[0]


_FETCH_T2 = FetchT2.fetch


def r158_threads_read_variant_swapped(web: str, tag: str) -> list[str]:
    f = FetchT2(web)
    return [f.fetch(f"{tag}{k}", ms) for k, ms in KEYS]


def _drive_threads_variant(fn: Any, env: Env) -> Any:
    res: dict[str, list[Any]] = {"1": [], "2": []}
    b = threading.Barrier(2)

    def worker(name: str, swaps: bool) -> None:
        for rnd in range(4):
            res[name].append(fn(env.web, name))
            b.wait()
            if swaps:
                FetchT2.fetch = _fetch_t2_text if rnd % 2 == 0 else _FETCH_T2  # type: ignore[method-assign]
            b.wait()

    try:
        ts = [threading.Thread(target=worker, args=("1", True)),
              threading.Thread(target=worker, args=("2", False))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(10)
    finally:
        FetchT2.fetch = _FETCH_T2  # type: ignore[method-assign]
    return res


# =========================================================================== the lists


def _c(fn: Any, n: int, state: Any, reset: Any, ideal: float, cat: str = "rebind",
       args: Any = None, servers: str = "web", **kw: Any) -> Case:
    return Case(cat, fn, servers=servers, ideal=ideal, drive=_drive(n, state, reset, args),
                **kw)


O3 = mix(1, 0)  # one call's three reads overlapped: 110/60

ALL: list[Case] = [
    _c(r158_method_swap_put_alternating, 4, _st_fetch_a, _rs_fetch_a,
       mix(2, 2, seq_ms=125), cat="helpers"),
    _c(r158_method_swap_print_between, 4, _st_fetch_b, _rs_fetch_b, mix(2, 2)),
    _c(r158_instance_attr_shadows_method, 4, _st_instance_attr, _rs_instance_attr,
       mix(2, 2, seq_ms=125), args=lambda env: ()),
    _c(r158_class_attr_path_alternates, 4, _st_class_path, _rs_class_path, O3),
    _c(r158_property_replaced_prints, 4, _st_prop, _rs_prop, mix(2, 2)),
    _c(r158_callable_obj_call_swapped, 2, _st_op, _rs_op,
       mix(1, 1, par_sum=80, par_path=60, seq_ms=80)),
    _c(r158_new_added_later_puts, 4, _st_rec, _rs_rec,
       mix(2, 2, par_sum=125, par_path=75, seq_ms=140)),
    _c(r158_new_added_later_prints, 4, _st_rec2, _rs_rec2, mix(2, 2)),
    _c(r158_format_added_to_class, 4, _st_key, _rs_key, mix(2, 2)),
    _c(r158_exit_replaced_puts, 2, _st_span, _rs_span, mix(1, 1, par_sum=75, seq_ms=80)),
    _c(r158_eq_added_to_class, 4, _st_tag, _rs_tag, mix(2, 2)),
    _c(r158_helper_code_swapped_autoreload, 4, _st_code, _rs_code, mix(2, 2, seq_ms=125),
       cat="helpers"),
    _c(r158_helper_code_swapped_prints, 4, _st_code2, _rs_code2, mix(2, 2), cat="helpers"),
    Case("state", r158_stdout_swapped_between_calls, servers="web", ideal=O3,
         drive=_drive_stdout_swap),
    _c(r158_stdout_swapped_inside_fn, 3, lambda i, e: None, _nothing, O3, cat="state"),
    _c(r158_redirect_stdout_inside_fn, 3, lambda i, e: None, _nothing, O3, cat="state"),
    Case("state", r158_stdout_user_stream_puts, servers="web", ideal=1.0,
         drive=_drive_put_stream),
    Case("state", r158_stderr_swapped_progress, servers="web", ideal=O3, drive=_drive_stderr),
    _c(r158_print_wrapped_puts, 2, _st_print_put, _rs_print, 1.0, cat="state"),
    _c(r158_print_wrapped_prefix, 4, _st_print_prefix, _rs_print, mix(2, 2), cat="state"),
    _c(r158_global_client_rebound, 4, _st_http, _rs_http, mix(2, 2)),
    _c(r158_global_url_rebound, 5, _st_base, _rs_base, O3),
    _c(r158_global_function_rebound, 4, _st_impl, _rs_impl,
       mix(2, 2, par_sum=115, par_path=65, seq_ms=115)),
    _c(r158_global_function_rebound_printer, 4, _st_impl2, _rs_impl2, mix(2, 2)),
    _c(r158_alternate_twenty_calls, 20, _st_impl3, _rs_impl3, mix(10, 10, par_sum=12,
                                                                  par_path=6, seq_ms=12)),
    _c(r158_defaults_replaced_verbose, 4, _st_verbose, _rs_verbose, mix(2, 2),
       cat="helpers"),
    _c(r158_default_dict_mutated_in_place, 4, _st_hooked, _rs_hooked, O3, cat="helpers"),
    _c(r158_mutable_default_accumulates, 4, _st_seen, _rs_seen, mix(2, 2), cat="helpers"),
    _c(r158_kwdefaults_method_mutated, 4, _st_kw, _rs_kw, mix(2, 2), cat="helpers"),
    _c(r158_partial_keywords_mutated, 4, _st_pkw, _rs_pkw, mix(2, 2), cat="helpers"),
    _c(r158_closure_cell_impl_swapped, 4, _st_cell, _rs_cell,
       mix(2, 2, par_sum=115, par_path=65, seq_ms=115)),
    _c(r158_closure_flag_prints, 5, _st_flag, _rs_flag, mix(2, 3)),
    _c(r158_jitted_closure_own_cell, 4, _st_own, _rs_own,
       mix(1, 3, par_sum=115, par_path=65, seq_ms=115)),
    _c(r158_operator_itemgetter_swapped, 4, _st_pick, _rs_pick, O3),
    _c(r158_handler_dict_updated, 4, _st_handlers, _rs_handlers, O3),
    _c(r158_handler_dict_write_handler, 4, _st_savers, _rs_savers,
       mix(2, 2, par_sum=115, par_path=65, seq_ms=130)),
    _c(r158_logger_level_alternates, 5, _st_level, _rs_level, O3, cat="state"),
    _c(r158_user_handler_added_puts, 4, _st_put_handler, _rs_put_handler, 1.0, cat="state"),
    _c(r158_formatter_swapped_puts, 4, _st_fmt, _rs_fmt, 1.0, cat="state"),
    _c(r158_filter_added_prints, 4, _st_filter, _rs_filter, mix(2, 2), cat="state"),
    _c(r158_httpx_request_lines_toggled, 4, _st_hx, _rs_hx, mix(2, 2), args=_hx_args,
       cat="clients"),
    _c(r158_urllib3_debug_lines_toggled, 4, _st_u3, _rs_u3, mix(2, 2), cat="clients"),
    _c(r158_lru_cache_cleared_between, 4, _st_lru, _rs_lru, O3, cat="state"),
    _c(r158_env_var_prefix, 4, _st_env, _rs_env, O3, cat="state"),
    _c(r158_env_var_verbose_helper, 4, _st_env2, _rs_env2, mix(2, 2), cat="state"),
    _c(r158_env_var_decides_method, 4, _st_env3, _rs_env3, mix(2, 2), cat="state"),
    _c(r158_requests_get_monkeypatched, 4, _st_req_get, _rs_req_get, mix(2, 2)),
    _c(r158_requests_get_patched_audit_put, 4, _st_audit, _rs_req_get,
       mix(2, 2, seq_ms=120)),
    _c(r158_session_get_class_patched, 4, _st_sess_get, _rs_sess_get, mix(2, 2),
       cat="clients"),
    _c(r158_httpx_client_get_patched_puts, 4, _st_hx_get, _rs_hx_get,
       mix(2, 2, seq_ms=120), args=_hx_args, cat="clients"),
    _c(r158_time_sleep_patched, 4, _st_sleep, _rs_sleep, 1.0, cat="sleep"),
    _c(r158_json_loads_patched, 4, _st_loads, _rs_loads, O3),
    _c(r158_session_hook_list_mutated, 4, _st_sess_hook, _rs_sess_hook, mix(2, 2),
       args=lambda env: (), cat="clients"),
    _c(r158_session_adapter_mounted_later, 4, _st_adapter, _rs_adapter, mix(2, 2),
       args=lambda env: (), cat="clients"),
    _c(r158_oa_model_global_rebound, 4, _st_model, _rs_model, O3, args=_oa_args,
       servers="api", cat="sdk"),
    _c(r158_oa_instance_create_wrapped, 4, _st_oa_inst, _rs_oa_inst, mix(2, 2),
       args=_oa_args, servers="api", cat="sdk"),
    _c(r158_oa_class_create_patched_tracer, 4, _st_oa_cls, _rs_oa_cls, mix(2, 2),
       args=_oa_args, servers="api", cat="sdk"),
    Case("threads", r158_threads_method_swapped_sequenced, servers="web",
         ideal=mix(4, 1, seq_ms=110), drive=_drive_threads_swap),
    Case("threads", r158_threads_global_rebound_rounds, servers="web", ideal=O3,
         drive=_drive_threads_rounds),
    Case("threads", r158_threads_read_variant_swapped, servers="web", ideal=O3,
         drive=_drive_threads_variant),
]

# Cases that differed when written, fixed since (each failed on the code before its fix: a
# class's __call__ and its dunders, the name print in builtins and what sys.stdout holds
# are now guarded).
FIXED_WHY: dict[str, str] = {
    "r158_callable_obj_call_swapped": (
        "Op.__call__ replaced on the class (a PUT) after a first call planned [OP(..) for ..] "
        "as reads: the second call reuses the plan and GETs /items before the PUTs (writes 0 "
        "vs 2). Planned with the PUT version from the start it is right: the plan has no "
        "guard on the global instance's class's __call__."),
    "r158_exit_replaced_puts": (
        "Span.__exit__ replaced on the class (a PUT) after the first call: the next call "
        "still starts the GET after the with block above the PUT __exit__ makes ('v-span' "
        "vs 'closed'); no guard on the class's __exit__ of a class made in place."),
    "r158_stdout_user_stream_puts": (
        "sys.stdout swapped between calls to a stream of the user's whose write PUTs: the "
        "plan made with the harness's StringIO (print = ordered output) is reused, so the "
        "GET after print starts before the PUT ('v-out' vs 'note'); sys.stdout's type is "
        "not a guard of the plan (first-call planning with the stream in place is right)."),
    "r158_print_wrapped_puts": (
        "builtins.print replaced by a wrapper that also PUTs, after a first call: the "
        "reused plan still takes print for the builtin and starts the GET above it "
        "('v-out' vs 'note'); builtins.print is not guarded (planned with the wrapper "
        "in place it is right)."),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
