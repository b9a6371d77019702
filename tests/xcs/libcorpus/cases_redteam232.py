# ruff: noqa: PLW0603, B006, B009, B010, B023, UP033 - the shapes under test: globals rebound, mutable defaults, setattr
"""Red-team cases (stop 232): one jitted function called again and again, the world it
reads changed between the calls.

A user jits a function once and calls it for the life of the process, and between two
calls the program goes on: a global or a module's attribute is rebound, a class's method
or ``__call__`` is replaced, an instance gets an attribute that shadows its class's method
(or a new ``__class__``), a callee's ``__defaults__`` are replaced, a closure's cell is set,
a `functools.partial` or a bound method passed in is another one, an `lru_cache` is
cleared, an environment variable or a config object is changed, a library function
(``requests.get``, ``Session.request``, ``HTTPAdapter.send``, ``print``) is
monkeypatched, a hook or a logging handler is registered or removed, a module in
``sys.modules`` is swapped, and the arguments are of another type (a list then a
generator that writes as it is pulled, a str then bytes, a `requests.Session` then a
subclass that logs, a dict then a mapping that reads the server, a function then an object
with ``__call__``). Whatever the JIT learnt in the first calls must not change what the
later calls do: the same values and exceptions, the same output and log records, and the
server must see the same writes in the same order with no read moved across one.

The adversarial shapes: a change the JIT's guards may not look at (a callee's defaults, an
instance attribute shadowing a method, a class reassigned, a partial changed in place with
``__setstate__``, a global that starts to shadow a builtin), callees that log or record in
the order requests complete, hooks that write to the server while a read is in flight, and
exceptions raised by the changed callee after some of the call's requests were sent.

`FIXED_WHY` holds five cases, one shape, that differed when written: a function of
`requests` below ``requests.get`` (``Session.request``, ``Session.send``,
``HTTPAdapter.send``) monkeypatched between calls with a replacement that logs, records in
a list or a file, counts, or writes to the server. The JIT had checked at the first call
that the library ran no code of the user's and kept that with the plan and the helper's
decision; the check is now a guard, made again at every call.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import enum
import functools
import io
import itertools
import logging
import os
import random
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx
import requests

from ember.api import models
from tests.xcs.libcorpus._case import (
    CLIENT_LAT,
    Case,
    Env,
    corpus_logger,
    openai_client,
    serial_ideal,
)

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

log = corpus_logger("r232")


class Refused(RuntimeError):
    """Raised by design by callees swapped in between calls."""


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(q: str, ms: int = 100, model: str = "sim/gpt") -> str:
    return str(models(model, q, latency=ms / 1000))[:24]


def _chat(client: Any, q: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:20]


def _safe(f: Callable[..., Any], *args: Any) -> Any:
    """One call's value, or its exception as text (the plain run's and the jitted run's
    exception objects differ, their text does not)."""
    try:
        return f(*args)
    except Exception as exc:  # noqa: BLE001 - one call's outcome
        return f"{type(exc).__name__}: {exc}"


# ================================================================== globals rebound

MODE = "read"


def r232_global_mode_flag(web: str) -> list[Any]:
    a = _get(web, "gm-a", 100)
    if MODE == "write":
        _put(web, "gm-a", a + "!")
    b = _get(web, "gm-a", 50)
    c = _get(web, "gm-c", 50)
    return [a, b, c]


def _drive_mode_flag(f: Callable[..., Any], env: Env) -> list[Any]:
    global MODE
    out = [f(env.web)]
    MODE = "write"
    try:
        out.append(f(env.web))
    finally:
        MODE = "read"
    out.append(f(env.web))
    return out


def _plain_fetch(web: str, key: str) -> str:
    return _get(web, key, 80)


def _fetch_then_stamp(web: str, key: str) -> str:
    v = _get(web, key, 80)
    _put(web, "stamp", key)
    return v


FETCH = _plain_fetch


def r232_global_callee_becomes_writer(web: str) -> list[str]:
    a = FETCH(web, "gc-a")
    b = FETCH(web, "gc-b")
    c = _get(web, "stamp", 50)
    return [a, b, c]


def _drive_callee_writer(f: Callable[..., Any], env: Env) -> list[Any]:
    global FETCH
    out = [f(env.web)]
    FETCH = _fetch_then_stamp
    try:
        out.append(f(env.web))
    finally:
        FETCH = _plain_fetch
    out.append(f(env.web))
    return out


def _logged_fetch(web: str, key: str) -> str:
    log.info("asking %s", key)
    v = _get(web, key, 120 if key.endswith("a") else 50)
    log.info("got %s", key)
    return v


LOOKUP = _plain_fetch


def r232_global_callee_wrapped_with_logging(web: str) -> list[str]:
    return [LOOKUP(web, "lw-a"), LOOKUP(web, "lw-b")]


def _drive_logging_wrap(f: Callable[..., Any], env: Env) -> list[Any]:
    global LOOKUP
    out = [f(env.web)]
    LOOKUP = _logged_fetch
    try:
        out.append(f(env.web))
    finally:
        LOOKUP = _plain_fetch
    return out


SEEN: list[str] = []


def _recording_fetch(web: str, key: str) -> str:
    v = _get(web, key, 120 if key.endswith("a") else 50)
    SEEN.append(key)
    return v


RECORDER = _plain_fetch


def r232_global_callee_records_completion(web: str) -> list[Any]:
    a = RECORDER(web, "rc-a")
    b = RECORDER(web, "rc-b")
    return [a, b, list(SEEN)]


def _drive_recorder(f: Callable[..., Any], env: Env) -> list[Any]:
    global RECORDER
    SEEN.clear()
    out = [f(env.web)]
    RECORDER = _recording_fetch
    try:
        out.append(f(env.web))
        out.append(f(env.web))
    finally:
        RECORDER = _plain_fetch
        SEEN.clear()
    return out


KEYS = ["gk-a", "gk-b"]


def r232_global_key_list_extended(web: str) -> list[str]:
    return [_get(web, k, 60) for k in KEYS]


def _drive_keys(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    KEYS.append("missing-gk")
    try:
        out.append(_safe(f, env.web))
    finally:
        KEYS.pop()
    KEYS.insert(0, "gk-z")
    try:
        out.append(f(env.web))
    finally:
        KEYS.pop(0)
    return out


N_CALLS = 0


def r232_global_counter_keys(web: str) -> list[Any]:
    global N_CALLS
    N_CALLS += 1
    v = _put(web, f"run-{N_CALLS}", str(N_CALLS))
    a = _get(web, f"run-{N_CALLS}", 80)
    b = _get(web, f"run-{N_CALLS - 1}", 50)
    return [v, a, b]


def _drive_counter(f: Callable[..., Any], env: Env) -> list[Any]:
    global N_CALLS
    N_CALLS = 0
    try:
        return [f(env.web) for _ in range(3)]
    finally:
        N_CALLS = 0


BASE_SUFFIX = "/items"


def r232_global_path_rebound_then_raise(web: str) -> list[Any]:
    r = requests.get(f"{web}{BASE_SUFFIX}/pb-a?ms=100", timeout=5)
    r.raise_for_status()
    v = _put(web, "pb-written", r.json()["value"])
    return [r.json()["value"], v, _get(web, "pb-b")]


def _drive_path(f: Callable[..., Any], env: Env) -> list[Any]:
    global BASE_SUFFIX
    out = [f(env.web)]
    BASE_SUFFIX = "/status/404?x="
    try:
        out.append(_safe(f, env.web))
    finally:
        BASE_SUFFIX = "/items"
    return out


TIMEOUT_MS = 50


def r232_global_latency_rebound(web: str) -> list[str]:
    a = _get(web, "lat-a", TIMEOUT_MS)
    b = _get(web, "lat-b", 50)
    return [a, b]


def _drive_latency(f: Callable[..., Any], env: Env) -> list[Any]:
    global TIMEOUT_MS
    out = [f(env.web)]
    TIMEOUT_MS = 150
    try:
        out.append(f(env.web))
    finally:
        TIMEOUT_MS = 50
    return out


def r232_shadowing_print(web: str) -> list[str]:
    a = _get(web, "sp-a", 120)
    print("got", a)
    b = _get(web, "sp-b", 50)
    print("got", b)
    return [a, b]


def _log_print(*args: Any) -> None:
    log.info(" ".join(str(a) for a in args))


def _drive_shadow_print(f: Callable[..., Any], env: Env) -> list[Any]:
    g = globals()
    out = [f(env.web)]
    g["print"] = _log_print
    try:
        out.append(f(env.web))
    finally:
        del g["print"]
    out.append(f(env.web))
    return out


def r232_shadowing_print_with_logs(web: str) -> list[str]:
    log.info("start")
    a = _get(web, "sl-a", 120)
    print("a is", a)
    log.info("between")
    b = _get(web, "sl-b", 50)
    print("b is", b)
    log.info("end")
    return [a, b]


def _put_print(*args: Any) -> None:
    _put(_PUT_PRINT_BASE[0], "printed", " ".join(str(a) for a in args))


_PUT_PRINT_BASE = [""]


def _drive_shadow_print_put(f: Callable[..., Any], env: Env) -> list[Any]:
    g = globals()
    out = [f(env.web)]
    _PUT_PRINT_BASE[0] = env.web
    g["print"] = _put_print
    try:
        out.append(f(env.web))
    finally:
        del g["print"]
    return out


def r232_shadowing_sorted(web: str) -> list[str]:
    keys = sorted(["sb-b", "sb-a"])
    a = _get(web, keys[0], 100)
    b = _get(web, keys[1], 50)
    return [a, b]


def _remote_sorted(items: Any) -> list[Any]:
    _put(_PUT_PRINT_BASE[0], "sorted-called", "1")
    return list(reversed(builtins.sorted(items)))


def _drive_shadow_sorted(f: Callable[..., Any], env: Env) -> list[Any]:
    g = globals()
    out = [f(env.web)]
    _PUT_PRINT_BASE[0] = env.web
    g["sorted"] = _remote_sorted
    try:
        out.append(f(env.web))
    finally:
        del g["sorted"]
    return out


# ================================================================== module attributes

cfg = types.ModuleType("r232_cfg")
cfg.PREFIX = "ma"
cfg.load = _plain_fetch
cfg.RETRIES = 0


def r232_module_attr_prefix(web: str) -> list[str]:
    a = _get(web, f"{cfg.PREFIX}-a", 100)
    b = _get(web, f"{cfg.PREFIX}-b", 50)
    return [a, b]


def _drive_module_prefix(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    cfg.PREFIX = "missing"
    try:
        out.append(_safe(f, env.web))
    finally:
        cfg.PREFIX = "ma"
    out.append(f(env.web))
    return out


def r232_module_attr_callee_swapped(web: str) -> list[str]:
    a = cfg.load(web, "mc-a")
    b = cfg.load(web, "mc-b")
    return [a, b, _get(web, "stamp")]


def _drive_module_callee(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    cfg.load = _fetch_then_stamp
    try:
        out.append(f(env.web))
    finally:
        cfg.load = _plain_fetch
    return out


def _strict_load(web: str, key: str) -> str:
    if key.endswith("a"):
        raise Refused(f"{key} refused")
    return _plain_fetch(web, key)


def r232_module_attr_callee_raises(web: str) -> list[str]:
    a = cfg.load(web, "mr-a")
    b = cfg.load(web, "mr-b")
    _put(web, "mr-done", a + b)
    return [a, b]


def _drive_module_raises(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    cfg.load = _strict_load
    try:
        out.append(_safe(f, env.web))
    finally:
        cfg.load = _plain_fetch
    return out


def r232_module_retries_loop(web: str) -> list[Any]:
    out = []
    for attempt in range(cfg.RETRIES + 1):
        r = requests.get(f"{web}/items/missing-rt?ms=60", timeout=5)
        out.append((attempt, r.status_code))
        if r.ok:
            break
    _put(web, "rt-attempts", str(len(out)))
    return out


def _drive_retries(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    cfg.RETRIES = 2
    try:
        out.append(f(env.web))
    finally:
        cfg.RETRIES = 0
    return out


# ================================================================== library monkeypatched

_real_requests_get = requests.get
PATCH_LOG: list[str] = []


def _recording_get(url: str, **kw: Any) -> Any:
    r = _real_requests_get(url, **kw)
    PATCH_LOG.append(url.split("/items/")[1].split("?")[0])
    return r


def r232_requests_get_patched_records(web: str) -> list[Any]:
    a = requests.get(f"{web}/items/rp-a?ms=120", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/rp-b?ms=50", timeout=5).json()["value"]
    return [a, b, list(PATCH_LOG)]


def _drive_patch_get(f: Callable[..., Any], env: Env) -> list[Any]:
    PATCH_LOG.clear()
    out = [f(env.web)]
    requests.get = _recording_get
    try:
        out.append(f(env.web))
    finally:
        requests.get = _real_requests_get
        PATCH_LOG.clear()
    return out


_real_session_request = requests.Session.request


def _session_request_logged(self: requests.Session, method: str, url: str,
                            *a: Any, **kw: Any) -> Any:
    r = _real_session_request(self, method, url, *a, **kw)
    log.info("%s %s -> %s", method, url.split("/items/")[-1].split("?")[0], r.status_code)
    return r


def r232_session_request_patched_logs(web: str) -> list[str]:
    a = _get(web, "sr-a", 120)
    b = _get(web, "sr-b", 50)
    c = _get(web, "sr-c", 80)
    return [a, b, c]


def _drive_patch_session(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    requests.Session.request = _session_request_logged
    try:
        out.append(f(env.web))
    finally:
        requests.Session.request = _real_session_request
    out.append(f(env.web))
    return out


_real_session_send = requests.Session.send
SEND_LOG: list[str] = []
SENT = [0]


def _session_send_to_file(self: requests.Session, request: Any, **kw: Any) -> Any:
    r = _real_session_send(self, request, **kw)
    with open(SEND_LOG[0], "a") as fh:
        fh.write(request.url.split("/items/")[-1].split("?")[0] + "\n")
    return r


def r232_session_send_patched_appends_file(web: str) -> list[str]:
    a = _get(web, "sf-a", 120)
    b = _get(web, "sf-b", 50)
    return [a, b]


def _drive_send_file(f: Callable[..., Any], env: Env) -> list[Any]:
    SEND_LOG[:] = [str(env.tmp / "sent.log")]
    out = [f(env.web)]
    requests.Session.send = _session_send_to_file
    try:
        out.append(f(env.web))
    finally:
        requests.Session.send = _real_session_send
        SEND_LOG.clear()
    return out


def _session_request_counted(self: requests.Session, method: str, url: str,
                             *a: Any, **kw: Any) -> Any:
    SENT[0] += 1
    return _real_session_request(self, method, url, *a, **kw)


def r232_session_request_patched_counter(web: str) -> list[Any]:
    a = _get(web, "sc-a", 100)
    n1 = SENT[0]
    b = _get(web, "sc-b", 50)
    n2 = SENT[0]
    return [a, n1, b, n2]


def _drive_counter_patch(f: Callable[..., Any], env: Env) -> list[Any]:
    SENT[0] = 0
    out = [f(env.web)]
    requests.Session.request = _session_request_counted
    try:
        out.append(f(env.web))
    finally:
        requests.Session.request = _real_session_request
        SENT[0] = 0
    return out


_real_adapter_send = requests.adapters.HTTPAdapter.send
ADAPTER_SEEN: list[str] = []


def _adapter_send_recorded(self: Any, request: Any, *a: Any, **kw: Any) -> Any:
    r = _real_adapter_send(self, request, *a, **kw)
    ADAPTER_SEEN.append(request.url.split("/items/")[-1].split("?")[0])
    return r


def r232_adapter_send_patched_records(web: str) -> list[Any]:
    a = _get(web, "as-a", 120)
    b = _get(web, "as-b", 50)
    return [a, b, list(ADAPTER_SEEN)]


def _drive_patch_adapter(f: Callable[..., Any], env: Env) -> list[Any]:
    ADAPTER_SEEN.clear()
    out = [f(env.web)]
    requests.adapters.HTTPAdapter.send = _adapter_send_recorded
    try:
        out.append(f(env.web))
    finally:
        requests.adapters.HTTPAdapter.send = _real_adapter_send
        ADAPTER_SEEN.clear()
    return out


def _adapter_send_writes(self: Any, request: Any, *a: Any, **kw: Any) -> Any:
    if request.method == "GET" and "audit" not in request.url:
        audit = requests.Request("PUT", request.url.split("/items/")[0] + "/items/audit",
                                 data=request.url.split("/items/")[-1].split("?")[0]).prepare()
        _real_adapter_send(self, audit, *a, **kw)
    return _real_adapter_send(self, request, *a, **kw)


def r232_adapter_send_patched_writes(web: str) -> list[str]:
    a = _get(web, "aw-a", 100)
    b = _get(web, "aw-b", 50)
    return [a, b]


def _drive_patch_adapter_writes(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    requests.adapters.HTTPAdapter.send = _adapter_send_writes
    try:
        out.append(f(env.web))
    finally:
        requests.adapters.HTTPAdapter.send = _real_adapter_send
    out.append(_get(env.web, "audit"))
    return out


_real_builtin_print = builtins.print


def r232_builtin_print_patched_to_put(web: str) -> list[str]:
    a = _get(web, "bp-a", 120)
    print("fetched", a)
    b = _get(web, "bp-b", 50)
    return [a, b]


def _builtin_print_put(*args: Any, **kw: Any) -> None:
    _put(_PUT_PRINT_BASE[0], "printed", " ".join(str(a) for a in args))


def _drive_builtin_print(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    _PUT_PRINT_BASE[0] = env.web
    builtins.print = _builtin_print_put
    try:
        out.append(f(env.web))
    finally:
        builtins.print = _real_builtin_print
    return out


def r232_models_rebound_to_logging(topic: str) -> list[str]:
    a = models("sim/gpt", f"outline {topic}", latency=0.12)
    b = models("sim/gpt", f"title {topic}", latency=0.05)
    return [str(a)[:20], str(b)[:20]]


def _models_logged(name: str, prompt: str, **kw: Any) -> Any:
    log.info("ask %s", prompt)
    r = _real_models(name, prompt, **kw)
    log.info("answered %s", prompt)
    return r


_real_models = models


def _drive_models_logged(f: Callable[..., Any], env: Env) -> list[Any]:
    global models
    out = [f("cats")]
    models = _models_logged
    try:
        out.append(f("dogs"))
    finally:
        models = _real_models
    return out


_real_json_loads = requests.models.complexjson.loads
JSON_SEEN: list[str] = []


def _json_loads_recorded(s: Any, **kw: Any) -> Any:
    v = _real_json_loads(s, **kw)
    JSON_SEEN.append(v.get("key", "?") if isinstance(v, dict) else "?")
    return v


def r232_json_loads_patched(web: str) -> list[Any]:
    ra = requests.get(f"{web}/items/jl-a?ms=120", timeout=5)
    rb = requests.get(f"{web}/items/jl-b?ms=50", timeout=5)
    first = rb.json()["value"]
    second = ra.json()["value"]
    return [first, second, list(JSON_SEEN)]


def _drive_json_loads(f: Callable[..., Any], env: Env) -> list[Any]:
    JSON_SEEN.clear()
    out = [f(env.web)]
    requests.models.complexjson.loads = _json_loads_recorded
    try:
        out.append(f(env.web))
    finally:
        requests.models.complexjson.loads = _real_json_loads
        JSON_SEEN.clear()
    return out


_real_httpx_send = httpx.Client.send


def _httpx_send_logged(self: httpx.Client, request: httpx.Request, **kw: Any) -> httpx.Response:
    r = _real_httpx_send(self, request, **kw)
    log.info("httpx %s %s", request.method, request.url.path)
    return r


def r232_httpx_send_patched_logs(client: httpx.Client, web: str) -> list[str]:
    a = client.get(f"{web}/items/xs-a?ms=120").json()["value"]
    b = client.get(f"{web}/items/xs-b?ms=50").json()["value"]
    return [a, b]


def _drive_httpx_send(f: Callable[..., Any], env: Env) -> list[Any]:
    client = env.own(httpx.Client(timeout=5))
    out = [f(client, env.web)]
    httpx.Client.send = _httpx_send_logged  # type: ignore[method-assign]
    try:
        out.append(f(client, env.web))
    finally:
        httpx.Client.send = _real_httpx_send  # type: ignore[method-assign]
    out.append(f(client, env.web))
    return out


def _completions_class() -> Any:
    from openai.resources.chat.completions import Completions

    return Completions


def r232_sdk_instrumented_between_calls(client: Any) -> list[str]:
    a = _chat(client, "first topic")
    b = _chat(client, "second topic")
    return [a, b]


def _drive_sdk_instrumented(f: Callable[..., Any], env: Env) -> list[Any]:
    completions = _completions_class()
    real = completions.create

    def traced(self: Any, *a: Any, **kw: Any) -> Any:
        q = kw["messages"][-1]["content"]
        log.info("llm start %s", q)
        r = real(self, *a, **kw)
        log.info("llm end %s", q)
        return r

    client = openai_client(env)
    out = [f(client)]
    completions.create = traced
    try:
        out.append(f(client))
    finally:
        completions.create = real
    return out


# ================================================================== class attributes

class Api:
    path = "/items"

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, key: str) -> str:
        return requests.get(f"{self.web}{self.path}/{key}?ms=80", timeout=5).json()["value"]

    def store(self, key: str) -> str:
        v = requests.put(f"{self.web}/items/{key}", data="stored", timeout=5).json()["version"]
        return f"v{v}"


API_OBJ: list[Api] = []


def r232_class_method_swapped(api: Api) -> list[str]:
    a = api.fetch("cm-a")
    b = api.fetch("cm-b")
    return [a, b, api.fetch("cm-a")]


def _drive_class_swap(f: Callable[..., Any], env: Env) -> list[Any]:
    api = Api(env.web)
    out = [f(api)]
    saved = Api.fetch
    Api.fetch = Api.store
    try:
        out.append(f(api))
    finally:
        Api.fetch = saved
    out.append(f(api))
    return out


def r232_instance_attr_shadows_method(api: Api) -> list[str]:
    a = api.fetch("is-a")
    b = api.fetch("is-b")
    return [a, b]


def _drive_instance_shadow(f: Callable[..., Any], env: Env) -> list[Any]:
    api = Api(env.web)
    out = [f(api)]
    api.fetch = api.store
    out.append(f(api))
    del api.fetch
    out.append(f(api))
    return out


class WriterApi(Api):
    def fetch(self, key: str) -> str:
        v = requests.put(f"{self.web}/items/{key}", data="w", timeout=5).json()["version"]
        if key.endswith("a"):
            raise Refused(f"wrote {key} v{v}, then refused")
        return f"w{v}"


def r232_instance_class_reassigned(api: Api) -> list[str]:
    a = api.fetch("cr-a")
    b = api.fetch("cr-b")
    return [a, b]


def _drive_class_reassigned(f: Callable[..., Any], env: Env) -> list[Any]:
    api = Api(env.web)
    out = [f(api)]
    api.__class__ = WriterApi
    out.append(_safe(f, api))
    api.__class__ = Api
    out.append(f(api))
    return out


GLOBAL_API: list[Api] = []


def r232_global_instance_class_reassigned(web: str) -> list[str]:
    api = GLOBAL_API[0]
    a = api.fetch("gr-b")
    b = api.fetch("gr-a")
    c = _get(web, "gr-c")
    return [a, b, c]


def _drive_global_class_reassigned(f: Callable[..., Any], env: Env) -> list[Any]:
    GLOBAL_API[:] = [Api(env.web)]
    try:
        out = [f(env.web)]
        GLOBAL_API[0].__class__ = WriterApi
        out.append(_safe(f, env.web))
    finally:
        GLOBAL_API.clear()
    return out


def r232_class_path_attr_changed(api: Api) -> list[Any]:
    a = _safe(api.fetch, "cp-a")
    b = _safe(api.fetch, "cp-b")
    return [a, b]


def _drive_class_path(f: Callable[..., Any], env: Env) -> list[Any]:
    api = Api(env.web)
    out = [f(api)]
    Api.path = "/items/missing"
    try:
        out.append(f(api))
    finally:
        Api.path = "/items"
    return out


class Fetcher:
    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def __call__(self, key: str) -> str:
        self.n += 1
        return _get(self.web, key, 60)


def _fetcher_call_writes(self: Fetcher, key: str) -> str:
    self.n += 1
    return str(_put(self.web, key, f"n{self.n}"))


def r232_dunder_call_swapped(fetch: Fetcher) -> list[Any]:
    a = fetch("dc-a")
    b = fetch("dc-b")
    return [a, b, fetch.n]


def _drive_dunder_call(f: Callable[..., Any], env: Env) -> list[Any]:
    fetcher = Fetcher(env.web)
    out = [f(fetcher)]
    saved = Fetcher.__call__
    Fetcher.__call__ = _fetcher_call_writes
    try:
        out.append(f(fetcher))
    finally:
        Fetcher.__call__ = saved
    return out


class Plugin:
    registry: list[type[Plugin]] = []

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        Plugin.registry.append(cls)

    @classmethod
    def run(cls, web: str) -> str:
        return _get(web, cls.__name__.lower(), 60)


class Alpha(Plugin):
    pass


class Beta(Plugin):
    pass


def r232_subclass_registry_grows(web: str) -> list[str]:
    out = []
    for p in list(Plugin.registry):
        out.append(p.run(web))
    return out


def _drive_subclass_registry(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]

    class Publisher(Plugin):
        @classmethod
        def run(cls, web: str) -> str:
            return f"v{_put(web, 'alpha', 'published')}"

    try:
        out.append(f(env.web))
    finally:
        Plugin.registry.remove(Publisher)
    out.append(f(env.web))
    return out


class Settings:
    @property
    def key(self) -> str:
        return "pp-a"


def r232_property_swapped(web: str, s: Settings) -> list[str]:
    a = _get(web, s.key, 100)
    b = _get(web, "pp-b", 50)
    return [a, b]


def _drive_property(f: Callable[..., Any], env: Env) -> list[Any]:
    s = Settings()
    out = [f(env.web, s)]
    saved = Settings.key
    Settings.key = property(lambda self: "missing-pp")
    try:
        out.append(_safe(f, env.web, s))
    finally:
        Settings.key = saved
    return out


class Store:
    def __init__(self, web: str) -> None:
        self.web = web

    def read(self, key: str) -> str:
        return _get(self.web, key, 80)


def r232_store_read_replaced_via_setattr(store: Store) -> list[str]:
    a = store.read("sa-a")
    b = store.read("sa-b")
    c = store.read("sa-c")
    return [a, b, c]


def _drive_store_setattr(f: Callable[..., Any], env: Env) -> list[Any]:
    store = Store(env.web)
    out = [f(store)]

    def read(self: Store, key: str) -> str:
        log.info("read %s", key)
        return _get(self.web, key, 120 if key.endswith("a") else 40)

    setattr(Store, "read", read)
    try:
        out.append(f(store))
    finally:
        Store.read = _store_read_orig
    return out


_store_read_orig = Store.read


# ================================================================== argument types

def r232_keys_list_then_generator(web: str, keys: Any) -> list[str]:
    out = []
    for k in keys:
        out.append(_get(web, k, 60))
    return out


def _drive_keys_gen(f: Callable[..., Any], env: Env) -> list[Any]:
    web = env.web

    def cursor() -> Iterator[str]:
        for i, k in enumerate(("kg-a", "kg-b", "kg-c")):
            _put(web, "cursor", str(i))
            yield k

    return [f(web, ["kg-a", "kg-b"]), f(web, cursor()), f(web, ("kg-a",))]


def r232_keys_list_then_printing_map(web: str, keys: Any) -> list[str]:
    out = []
    for k in keys:
        v = _get(web, k, 60)
        print("value", v)
        out.append(v)
    return out


def _drive_keys_map(f: Callable[..., Any], env: Env) -> list[Any]:
    def announce(k: str) -> str:
        print("next key", k)
        return k

    return [f(env.web, ["km-a", "km-b"]), f(env.web, map(announce, ["km-a", "km-b", "km-c"]))]


def r232_key_str_then_bytes(web: str, key: Any) -> list[str]:
    name = key.decode() if isinstance(key, bytes) else key
    a = _get(web, name, 80)
    b = _get(web, name + "-2", 50)
    return [a, b, type(key).__name__]


def r232_key_str_then_bytes_unguarded(web: str, key: Any) -> list[str]:
    a = _get(web, f"ub-{key}", 80)
    b = _get(web, "ub-fixed", 50)
    return [a, b]


def _drive_str_bytes(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, "sb-a"), f(env.web, b"sb-a"), f(env.web, "sb-c")]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


def r232_key_str_then_enum(web: str, key: Any) -> list[str]:
    a = _get(web, f"en-{key}", 80)
    b = _get(web, "en-other", 50)
    return [a, b]


def _drive_str_enum(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, "red"), f(env.web, Color.RED), f(env.web, Color.BLUE.value)]


def r232_int_then_str_count(web: str, n: Any) -> list[Any]:
    first = _get(web, "ic-first", 80)
    out = [first]
    for i in range(n):
        out.append(_get(web, f"ic-{i}", 50))
    _put(web, "ic-done", str(len(out)))
    return out


def _drive_int_str(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, 2), _safe(f, env.web, "2"), f(env.web, 1)]


def _fetch_fn(web: str, key: str) -> str:
    return _get(web, key, 60)


class CallableWriter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, web: str, key: str) -> str:
        self.calls += 1
        if self.calls == 2:
            raise Refused(f"second write ({key}) refused")
        return f"v{_put(web, key, 'w')}"


def r232_function_then_callable_object(web: str, op: Callable[[str, str], str]) -> list[str]:
    a = op(web, "co-a")
    b = op(web, "co-b")
    c = op(web, "co-c")
    return [a, b, c]


def _drive_callable_obj(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, _fetch_fn), _safe(f, env.web, CallableWriter()), f(env.web, _fetch_fn)]


class LoggingSession(requests.Session):
    def request(self, method: str, url: str, *a: Any, **kw: Any) -> Any:  # type: ignore[override]
        r = super().request(method, url, *a, **kw)
        log.info("%s %s", method, url.split("/items/")[-1].split("?")[0])
        return r


def r232_session_then_logging_subclass(s: requests.Session, web: str) -> list[str]:
    a = s.get(f"{web}/items/ls-a?ms=120", timeout=5).json()["value"]
    b = s.get(f"{web}/items/ls-b?ms=50", timeout=5).json()["value"]
    c = s.get(f"{web}/items/ls-c?ms=80", timeout=5).json()["value"]
    return [a, b, c]


def _drive_sessions(f: Callable[..., Any], env: Env) -> list[Any]:
    s1 = env.own(requests.Session())
    s2 = env.own(LoggingSession())
    return [f(s1, env.web), f(s2, env.web), f(s1, env.web)]


class AuditSession(requests.Session):
    def request(self, method: str, url: str, *a: Any, **kw: Any) -> Any:  # type: ignore[override]
        if method == "GET":
            base = url.split("/items/")[0]
            super().request("PUT", f"{base}/items/audit-log", data=url.split("/items/")[-1])
        return super().request(method, url, *a, **kw)


def r232_session_then_audit_subclass(s: requests.Session, web: str) -> list[str]:
    a = s.get(f"{web}/items/au-a?ms=100", timeout=5).json()["value"]
    b = s.get(f"{web}/items/au-b?ms=50", timeout=5).json()["value"]
    return [a, b]


def _drive_audit_sessions(f: Callable[..., Any], env: Env) -> list[Any]:
    s1 = env.own(requests.Session())
    s2 = env.own(AuditSession())
    return [f(s1, env.web), f(s2, env.web), _get(env.web, "audit-log")]


class RemoteConfig(Mapping[str, str]):
    """A config whose items are read from the server on each lookup."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __getitem__(self, k: str) -> str:
        _put(self.web, "cfg-reads", k)
        return _get(self.web, f"cfg-{k}", 40)

    def __iter__(self) -> Iterator[str]:
        return iter(["key"])

    def __len__(self) -> int:
        return 1


def r232_dict_then_remote_mapping(web: str, conf: Mapping[str, str]) -> list[str]:
    a = _get(web, "rm-a", 100)
    k = conf["key"]
    b = _get(web, k, 50)
    return [a, k, b]


def _drive_mapping(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web, {"key": "rm-b"}), f(env.web, RemoteConfig(env.web))]


def r232_none_then_session(web: str, session: Any = None) -> list[Any]:
    http = session or requests
    a = http.get(f"{web}/items/ns-a?ms=100", timeout=5).json()["value"]
    b = http.get(f"{web}/items/ns-b?ms=50", timeout=5).json()["value"]
    return [a, b, type(http).__name__]


def _drive_none_session(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web), f(env.web, env.own(LoggingSession())), f(env.web, None)]


def r232_client_then_client_other_base(client: Any, topic: str) -> list[str]:
    a = _chat(client, f"summarise {topic}")
    b = _chat(client, f"name {topic}")
    return [a, b]


def _drive_two_clients(f: Callable[..., Any], env: Env) -> list[Any]:
    good = openai_client(env)
    bad = good.with_options(base_url=env.api + "/nowhere/v1")
    return [f(good, "rivers"), _safe(f, bad, "lakes"), f(good, "seas")]


def r232_httpx_client_hooks_added(client: httpx.Client, web: str) -> list[str]:
    a = client.get(f"{web}/items/hx-a?ms=120").json()["value"]
    b = client.get(f"{web}/items/hx-b?ms=50").json()["value"]
    return [a, b]


def _drive_httpx_hooks(f: Callable[..., Any], env: Env) -> list[Any]:
    client = env.own(httpx.Client(timeout=5))
    out = [f(client, env.web)]

    def on_response(r: httpx.Response) -> None:
        log.info("response %s", r.url.path)

    client.event_hooks = {"request": [], "response": [on_response]}
    out.append(f(client, env.web))
    client.event_hooks = {"request": [], "response": []}
    out.append(f(client, env.web))
    return out


def r232_httpx_then_requests_session(http: Any, web: str) -> list[Any]:
    r1 = http.get(f"{web}/items/missing-hr?ms=80")
    r2 = http.put(f"{web}/items/hr-put", data="x") if hasattr(http, "mount") else \
        http.put(f"{web}/items/hr-put", content=b"x")
    return [r1.status_code, r2.status_code]


def _drive_httpx_requests(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.own(httpx.Client(timeout=5)), env.web), f(env.own(requests.Session()), env.web)]


# ================================================================== mutable defaults

def r232_default_list_accumulates(web: str, seen: list[str] = []) -> list[str]:
    seen.append(_get(web, f"dl-{len(seen)}", 60))
    return list(seen)


def r232_default_dict_memo(web: str, key: str = "dm-a", memo: dict[str, str] = {}) -> list[Any]:
    if key not in memo:
        memo[key] = _get(web, key, 100)
    other = _get(web, "dm-other", 50)
    return [memo[key], other, len(memo)]


def r232_default_memo_then_write(web: str, memo: dict[str, str] = {}) -> list[Any]:
    if "cfg" not in memo:
        memo["cfg"] = _get(web, "memo-cfg", 80)
    v = _put(web, "memo-cfg", memo["cfg"] + "+")
    fresh = _get(web, "memo-cfg", 50)
    return [memo["cfg"], v, fresh]


def r232_default_list_calls(web: str, seen: list[str] = []) -> list[str]:
    seen.append(_get(web, f"dc-{len(seen)}", 60))
    seen.append(_get(web, f"dc-{len(seen)}", 60))
    return list(seen)


def _clear_list_calls_default(env: Env) -> None:
    r232_default_list_calls.__defaults__[0].clear()


def _clear_defaults_between(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web), f(env.web)]
    for d in f.__defaults__ or ():
        if isinstance(d, (list, dict)):
            d.clear()
    out.append(f(env.web))
    for d in f.__defaults__ or ():
        if isinstance(d, (list, dict)):
            d.clear()
    return out


def r232_defaults_replaced_on_jitted(web: str, method: str = "GET") -> list[Any]:
    r1 = requests.request(method, f"{web}/items/dr-a?ms=100", data="d", timeout=5)
    r2 = requests.get(f"{web}/items/dr-a?ms=50", timeout=5)
    return [r1.status_code, r2.json()["value"]]


def _drive_defaults_replaced(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    saved = f.__defaults__
    f.__defaults__ = ("PUT",)
    try:
        out.append(f(env.web))
    finally:
        f.__defaults__ = saved
    out.append(f(env.web))
    return out


def _send(web: str, key: str, method: str = "GET") -> str:
    r = requests.request(method, f"{web}/items/{key}?ms=80", data=f"by-{method}", timeout=5)
    return str(r.json().get("value", r.json().get("version")))


def r232_callee_defaults_replaced(web: str) -> list[str]:
    a = _send(web, "cd-a")
    b = _get(web, "cd-a", 40)
    c = _send(web, "cd-c")
    return [a, b, c]


def _drive_callee_defaults(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    saved = _send.__defaults__
    _send.__defaults__ = ("PUT",)
    try:
        out.append(f(env.web))
    finally:
        _send.__defaults__ = saved
    out.append(f(env.web))
    return out


def _send_kw(web: str, key: str, *, method: str = "GET") -> str:
    r = requests.request(method, f"{web}/items/{key}?ms=80", data=f"by-{method}", timeout=5)
    return str(r.json().get("value", r.json().get("version")))


def r232_callee_kwdefaults_replaced(web: str) -> list[str]:
    a = _send_kw(web, "ck-a")
    b = _get(web, "ck-a", 40)
    return [a, b]


def _drive_callee_kwdefaults(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    saved = _send_kw.__kwdefaults__
    _send_kw.__kwdefaults__ = {"method": "PUT"}
    try:
        out.append(f(env.web))
    finally:
        _send_kw.__kwdefaults__ = saved
    return out


def _log_default(key: str, sink: list[str] = []) -> None:
    sink.append(key)


def r232_callee_default_sink_shared(web: str) -> list[Any]:
    a = _get(web, "ds-a", 100)
    _log_default("after-a")
    b = _get(web, "ds-b", 50)
    _log_default("after-b")
    return [a, b, list(_log_default.__defaults__[0])]


def _drive_default_sink(f: Callable[..., Any], env: Env) -> list[Any]:
    _log_default.__defaults__[0].clear()
    out = [f(env.web)]
    _log_default.__defaults__ = ([],)
    out.append(f(env.web))
    _log_default.__defaults__[0].clear()
    return out


# ================================================================== closures whose cells change

def make_r232_closure_mode_cell(env: Env) -> Callable[..., Any]:
    mode = "read"

    def set_mode(m: str) -> None:
        nonlocal mode
        mode = m

    def sync(web: str) -> list[Any]:
        a = _get(web, "cl-a", 100)
        if mode == "write":
            _put(web, "cl-b", a)
        b = _get(web, "cl-b", 50)
        return [a, b, mode]

    sync.set_mode = set_mode  # type: ignore[attr-defined]
    return sync


def _drive_closure_mode(f: Callable[..., Any], env: Env) -> list[Any]:
    target = getattr(f, "__wrapped__", f)
    setter = getattr(target, "set_mode", None) or getattr(f, "set_mode")
    out = [f(env.web)]
    setter("write")
    out.append(f(env.web))
    setter("read")
    out.append(f(env.web))
    return out


def make_r232_closure_callee_cell(env: Env) -> Callable[..., Any]:
    op = _plain_fetch

    def swap(new: Callable[..., Any]) -> None:
        nonlocal op
        op = new

    def run(web: str) -> list[Any]:
        a = op(web, "cc-a")
        b = op(web, "cc-b")
        return [a, b, _get(web, "stamp")]

    run.swap = swap  # type: ignore[attr-defined]
    return run


def _drive_closure_callee(f: Callable[..., Any], env: Env) -> list[Any]:
    target = getattr(f, "__wrapped__", f)
    swap = getattr(target, "swap", None) or getattr(f, "swap")
    out = [f(env.web)]
    swap(_fetch_then_stamp)
    out.append(f(env.web))
    swap(_strict_load)
    out.append(_safe(f, env.web))
    return out


def _make_remote() -> tuple[Callable[..., str], Callable[[Callable[..., Any]], None]]:
    transport = _plain_fetch

    def remote(web: str, key: str) -> str:
        return transport(web, key)

    def set_transport(t: Callable[..., Any]) -> None:
        nonlocal transport
        transport = t

    return remote, set_transport


REMOTE, SET_TRANSPORT = _make_remote()


def r232_global_closure_cell_changes(web: str) -> list[str]:
    a = REMOTE(web, "gcc-a")
    b = REMOTE(web, "gcc-b")
    return [a, b, _get(web, "stamp")]


def _drive_global_closure(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    SET_TRANSPORT(_fetch_then_stamp)
    try:
        out.append(f(env.web))
    finally:
        SET_TRANSPORT(_plain_fetch)
    return out


def make_r232_closure_counter_cell(env: Env) -> Callable[..., Any]:
    n = 0

    def tick(web: str) -> list[Any]:
        nonlocal n
        n += 1
        v = _put(web, "tick", str(n))
        a = _get(web, "tick", 60)
        b = _get(web, f"t-{n}", 60)
        return [v, a, b]

    return tick


def make_r232_closure_shared_list_cell(env: Env) -> Callable[..., Any]:
    trail: list[str] = []

    def step(web: str) -> list[Any]:
        trail.append(_get(web, f"tr-{len(trail)}", 100))
        trail.append(_get(web, f"tr-{len(trail)}", 50))
        return list(trail)

    return step


# ================================================================== partials and bound methods

def _get_ms(web: str, key: str, ms: int = 50) -> str:
    return _get(web, key, ms)


def _put_text(web: str, key: str, text: str = "p") -> str:
    return f"v{_put(web, key, text)}"


def r232_partial_read_then_write(op: Callable[[str], str], web: str) -> list[str]:
    a = op("pr-a")
    b = op("pr-b")
    c = _get(web, "pr-a", 40)
    return [a, b, c]


def _drive_partials(f: Callable[..., Any], env: Env) -> list[Any]:
    web = env.web
    return [f(functools.partial(_get_ms, web, ms=100), web),
            f(functools.partial(_put_text, web, text="changed"), web),
            f(functools.partial(_get_ms, web), web)]


def r232_partial_changed_in_place(op: Callable[[str], str], web: str) -> list[str]:
    a = op("pi-a")
    b = op("pi-b")
    c = _get(web, "pi-a", 40)
    return [a, b, c]


def _drive_partial_setstate(f: Callable[..., Any], env: Env) -> list[Any]:
    web = env.web
    p = functools.partial(_get_ms, web, ms=80)
    out = [f(p, web)]
    p.__setstate__((_put_text, (web,), {"text": "in-place"}, None))
    out.append(f(p, web))
    return out


OP = functools.partial(_get_ms, ms=80)


def r232_global_partial_rebound(web: str) -> list[str]:
    a = OP(web, "gp-a")
    b = OP(web, "gp-b")
    return [a, b, _get(web, "gp-a", 40)]


def _drive_global_partial(f: Callable[..., Any], env: Env) -> list[Any]:
    global OP
    out = [f(env.web)]
    saved = OP
    OP = functools.partial(_put_text, text="via-partial")
    try:
        out.append(f(env.web))
    finally:
        OP = saved
    return out


class Reader:
    def __init__(self, web: str, prefix: str) -> None:
        self.web = web
        self.prefix = prefix

    def read(self, key: str) -> str:
        return _get(self.web, f"{self.prefix}-{key}", 60)

    def write(self, key: str) -> str:
        return f"v{_put(self.web, f'{self.prefix}-{key}', 'w')}"


def r232_bound_method_changes(op: Callable[[str], str], web: str) -> list[str]:
    a = op("a")
    b = op("b")
    return [a, b, _get(web, "bm-a", 40)]


def _drive_bound(f: Callable[..., Any], env: Env) -> list[Any]:
    r1, r2 = Reader(env.web, "bm"), Reader(env.web, "other")
    return [f(r1.read, env.web), f(r2.read, env.web), f(r1.write, env.web), f(r1.read, env.web)]


def r232_bound_method_prefix_mutated(op: Callable[[str], str], web: str) -> list[str]:
    a = op("a")
    b = op("b")
    return [a, b]


def _drive_bound_mutated(f: Callable[..., Any], env: Env) -> list[Any]:
    r = Reader(env.web, "pm")
    out = [f(r.read, env.web)]
    r.prefix = "missing"
    out.append(_safe(f, r.read, env.web))
    return out


HELD_OP: list[Callable[[str], str]] = []


def r232_global_bound_method_list(web: str) -> list[str]:
    op = HELD_OP[0]
    a = op("a")
    b = op("b")
    return [a, b, _get(web, "gb-a", 40)]


def _drive_global_bound(f: Callable[..., Any], env: Env) -> list[Any]:
    r = Reader(env.web, "gb")
    HELD_OP[:] = [r.read]
    try:
        out = [f(env.web)]
        HELD_OP[0] = r.write
        out.append(f(env.web))
    finally:
        HELD_OP.clear()
    return out


# ================================================================== lru_cache cleared

_BASE: list[str] = [""]


@functools.lru_cache(maxsize=None)
def _settings(name: str) -> str:
    return _get(_BASE[0], f"set-{name}", 80)


def r232_lru_settings_cleared(web: str) -> list[str]:
    s = _settings("main")
    a = _get(web, f"lr-{s}", 50)
    t = _settings("main")
    return [s, a, t]


def _drive_lru_clear(f: Callable[..., Any], env: Env) -> list[Any]:
    _BASE[0] = env.web
    _settings.cache_clear()
    out = [f(env.web), f(env.web)]
    _put(env.web, "set-main", "changed")
    out.append(f(env.web))
    _settings.cache_clear()
    out.append(f(env.web))
    _settings.cache_clear()
    return out


@functools.lru_cache(maxsize=1)
def _one_slot(key: str) -> str:
    return _get(_BASE[0], key, 60)


def r232_lru_maxsize_one_evicts(web: str) -> list[str]:
    a = _one_slot("ev-a")
    b = _one_slot("ev-b")
    c = _one_slot("ev-a")
    return [a, b, c, str(_one_slot.cache_info().misses)]


def _drive_lru_one(f: Callable[..., Any], env: Env) -> list[Any]:
    _BASE[0] = env.web
    _one_slot.cache_clear()
    try:
        return [f(env.web), f(env.web)]
    finally:
        _one_slot.cache_clear()


@functools.cache
def _cached_token(web: str) -> str:
    return _get(web, "token", 60)


def r232_cache_cleared_inside_after_put(web: str) -> list[str]:
    t1 = _cached_token(web)
    _put(web, "token", t1 + "-rotated")
    _cached_token.cache_clear()
    t2 = _cached_token(web)
    a = _get(web, f"data-{t2}", 50)
    return [t1, t2, a]


def _drive_cache_inside(f: Callable[..., Any], env: Env) -> list[Any]:
    _cached_token.cache_clear()
    try:
        return [f(env.web), f(env.web)]
    finally:
        _cached_token.cache_clear()


class Profile:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cached_property
    def name(self) -> str:
        return _get(self.web, "profile", 80)


def r232_cached_property_deleted(p: Profile, web: str) -> list[str]:
    n = p.name
    a = _get(web, f"greet-{n}", 50)
    return [n, a]


def _drive_cached_property(f: Callable[..., Any], env: Env) -> list[Any]:
    p = Profile(env.web)
    out = [f(p, env.web), f(p, env.web)]
    _put(env.web, "profile", "renamed")
    out.append(f(p, env.web))
    del p.name
    out.append(f(p, env.web))
    return out


# ================================================================== env vars and config

def r232_env_var_dry_run(web: str) -> list[Any]:
    a = _get(web, "ev-a", 100)
    if os.environ.get("R232_DRY_RUN") == "1":
        print("would write", a)
        written = None
    else:
        written = _put(web, "ev-out", a)
    b = _get(web, "ev-out", 50)
    return [a, written, b]


def _drive_env(f: Callable[..., Any], env: Env) -> list[Any]:
    os.environ["R232_DRY_RUN"] = "1"
    try:
        out = [f(env.web)]
        os.environ["R232_DRY_RUN"] = "0"
        out.append(f(env.web))
        os.environ["R232_DRY_RUN"] = "1"
        out.append(f(env.web))
    finally:
        os.environ.pop("R232_DRY_RUN", None)
    return out


def r232_env_var_prefix(web: str) -> list[str]:
    prefix = os.getenv("R232_PREFIX", "pf")
    a = _get(web, f"{prefix}-a", 80)
    b = _get(web, f"{prefix}-b", 50)
    return [a, b]


def _drive_env_prefix(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    os.environ["R232_PREFIX"] = "missing"
    try:
        out.append(_safe(f, env.web))
    finally:
        os.environ.pop("R232_PREFIX", None)
    out.append(f(env.web))
    return out


def r232_env_var_set_inside(web: str) -> list[Any]:
    a = _get(web, "es-a", 100)
    os.environ["R232_LAST"] = a
    b = _get(web, "es-b", 50)
    seen = os.environ.get("R232_LAST")
    return [a, b, seen]


def _drive_env_inside(f: Callable[..., Any], env: Env) -> list[Any]:
    try:
        out = [f(env.web)]
        os.environ["R232_LAST"] = "outside"
        out.append(f(env.web))
    finally:
        os.environ.pop("R232_LAST", None)
    return out


@dataclasses.dataclass
class Config:
    dry_run: bool = False
    prefix: str = "cf"
    model: str = "sim/gpt"


def r232_config_object_flipped(web: str, conf: Config) -> list[Any]:
    a = _get(web, f"{conf.prefix}-a", 100)
    if not conf.dry_run:
        _put(web, f"{conf.prefix}-out", a)
    b = _get(web, f"{conf.prefix}-out", 50)
    return [a, b]


def _drive_config(f: Callable[..., Any], env: Env) -> list[Any]:
    conf = Config(dry_run=True)
    out = [f(env.web, conf)]
    conf.dry_run = False
    out.append(f(env.web, conf))
    conf.prefix = "cg"
    conf.dry_run = True
    out.append(f(env.web, conf))
    return out


CONF = Config()


def r232_global_config_replaced(topic: str) -> list[str]:
    a = _ask(f"plan {topic}", 100, CONF.model)
    b = _ask(f"check {topic}", 60, CONF.model)
    return [a, b, CONF.model]


def _drive_global_config(f: Callable[..., Any], env: Env) -> list[Any]:
    global CONF
    out = [f("tea")]
    saved = CONF
    CONF = dataclasses.replace(CONF, model="sim/claude")
    try:
        out.append(f("tea"))
    finally:
        CONF = saved
    return out


class EnvConfig:
    def __getattr__(self, name: str) -> str:
        return os.environ.get(f"R232_{name.upper()}", "dflt")


ENVCONF = EnvConfig()


def r232_getattr_config_reads_env(web: str) -> list[str]:
    a = _get(web, f"gc-{ENVCONF.first}", 100)
    os.environ["R232_SECOND"] = a
    b = _get(web, f"gc2-{ENVCONF.second}", 50)
    return [a, b]


def _drive_getattr_env(f: Callable[..., Any], env: Env) -> list[Any]:
    try:
        out = [f(env.web)]
        os.environ["R232_FIRST"] = "set"
        out.append(f(env.web))
    finally:
        os.environ.pop("R232_FIRST", None)
        os.environ.pop("R232_SECOND", None)
    return out


def r232_log_level_gates_request(web: str) -> list[str]:
    a = _get(web, "lg-a", 100)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("debug detail %s", _get(web, "lg-debug", 50))
    b = _get(web, "lg-b", 50)
    log.info("done %s %s", a, b)
    return [a, b]


def _drive_log_level(f: Callable[..., Any], env: Env) -> list[Any]:
    saved = log.level
    log.setLevel(logging.INFO)
    try:
        out = [f(env.web)]
        log.setLevel(logging.DEBUG)
        out.append(f(env.web))
    finally:
        log.setLevel(saved)
    return out


def r232_random_keys_seeded(web: str) -> list[str]:
    k1 = random.choice(["ra", "rb", "rc"])
    a = _get(web, k1, 80)
    k2 = random.choice(["rd", "re", "rf"])
    b = _get(web, k2, 50)
    return [k1, a, k2, b]


def _drive_random(f: Callable[..., Any], env: Env) -> list[Any]:
    random.seed(232)
    out = [f(env.web), f(env.web)]
    random.seed(232)
    out.append(f(env.web))
    return out


# ================================================================== registering things

HOOKS: list[Callable[[str, str], None]] = []


def r232_hooks_list_grows(web: str) -> list[str]:
    a = _get(web, "hk-a", 100)
    for h in HOOKS:
        h(web, a)
    b = _get(web, "hk-b", 50)
    for h in HOOKS:
        h(web, b)
    return [a, b]


def _hook_put(web: str, value: str) -> None:
    _put(web, "hook-seen", value)


def _hook_log(web: str, value: str) -> None:
    log.info("hook %s", value)


def _drive_hooks(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    HOOKS.append(_hook_log)
    try:
        out.append(f(env.web))
        HOOKS.append(_hook_put)
        out.append(f(env.web))
        HOOKS.remove(_hook_log)
        out.append(f(env.web))
    finally:
        HOOKS.clear()
    out.append(_get(env.web, "hook-seen"))
    return out


HANDLERS: dict[str, Callable[[str, str], str]] = {"get": _fetch_fn}


def r232_handler_deregistered(web: str) -> list[str]:
    a = _get(web, "hd-a", 100)
    b = HANDLERS["get"](web, "hd-b")
    _put(web, "hd-done", a + b)
    return [a, b]


def _drive_deregister(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    del HANDLERS["get"]
    try:
        out.append(_safe(f, env.web))
    finally:
        HANDLERS["get"] = _fetch_fn
    out.append(f(env.web))
    return out


def r232_handler_table_iterated(web: str) -> dict[str, str]:
    out = {}
    for name, h in HANDLERS.items():
        out[name] = h(web, f"ht-{name}")
    return out


def _drive_handler_table(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    HANDLERS["put"] = lambda web, key: f"v{_put(web, 'ht-get', 'overwritten')}"
    HANDLERS["again"] = _fetch_fn
    try:
        out.append(f(env.web))
    finally:
        del HANDLERS["put"], HANDLERS["again"]
    return out


class HttpLogHandler(logging.Handler):
    """A log handler that ships each record to the server (as users do with a log API)."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def emit(self, record: logging.LogRecord) -> None:
        requests.put(f"{self.web}/items/logline", data=record.getMessage(), timeout=5)


def r232_http_log_handler_added(web: str) -> list[str]:
    a = _get(web, "hl-a", 120)
    log.info("fetched a=%s", a)
    b = _get(web, "hl-b", 50)
    log.info("fetched b=%s", b)
    return [a, b]


def _drive_http_handler(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f(env.web)]
    h = HttpLogHandler(env.web)
    log.addHandler(h)
    try:
        out.append(f(env.web))
    finally:
        log.removeHandler(h)
    out.append(f(env.web))
    return out


def r232_session_hook_registered(s: requests.Session, web: str) -> list[str]:
    a = s.get(f"{web}/items/sh-a?ms=120", timeout=5).json()["value"]
    b = s.get(f"{web}/items/sh-b?ms=50", timeout=5).json()["value"]
    return [a, b]


def _drive_session_hook(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(s, env.web)]

    def hook(r: requests.Response, *a: Any, **kw: Any) -> None:
        log.info("hook %s", r.url.split("/items/")[-1].split("?")[0])

    s.hooks["response"].append(hook)
    out.append(f(s, env.web))
    s.hooks["response"].remove(hook)
    out.append(f(s, env.web))
    return out


def r232_session_hook_raises(s: requests.Session, web: str) -> list[Any]:
    a = s.get(f"{web}/items/missing-rh?ms=80", timeout=5)
    v = s.put(f"{web}/items/rh-out", data="w", timeout=5).json()["version"]
    return [a.status_code, v]


def _drive_session_hook_raises(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(s, env.web)]

    def check(r: requests.Response, *a: Any, **kw: Any) -> None:
        r.raise_for_status()

    s.hooks["response"].append(check)
    out.append(_safe(f, s, env.web))
    return out


class LoggingAdapter(requests.adapters.HTTPAdapter):
    def send(self, request: Any, *a: Any, **kw: Any) -> Any:
        r = super().send(request, *a, **kw)
        log.info("sent %s", request.url.split("/items/")[-1].split("?")[0])
        return r


def r232_session_adapter_mounted(s: requests.Session, web: str) -> list[str]:
    a = s.get(f"{web}/items/am-a?ms=120", timeout=5).json()["value"]
    b = s.get(f"{web}/items/am-b?ms=50", timeout=5).json()["value"]
    return [a, b]


def _drive_adapter_mount(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(s, env.web)]
    s.mount("http://", LoggingAdapter())
    out.append(f(s, env.web))
    return out


def r232_session_headers_changed(s: requests.Session, web: str) -> list[Any]:
    a = s.get(f"{web}/items/hc-a?ms=80", timeout=5).json()["value"]
    v = s.put(f"{web}/items/hc-a", data=s.headers.get("X-Tag", "none"), timeout=5).json()
    b = s.get(f"{web}/items/hc-a?ms=40", timeout=5).json()["value"]
    return [a, v["version"], b]


def _drive_headers(f: Callable[..., Any], env: Env) -> list[Any]:
    s = env.own(requests.Session())
    out = [f(s, env.web)]
    s.headers["X-Tag"] = "tagged"
    out.append(f(s, env.web))
    return out


def r232_import_inside_after_swap(web: str) -> list[str]:
    import r232_plugin_mod

    a = r232_plugin_mod.load(web, "im-a")
    b = r232_plugin_mod.load(web, "im-b")
    return [a, b]


def _drive_sys_modules(f: Callable[..., Any], env: Env) -> list[Any]:
    m1 = types.ModuleType("r232_plugin_mod")
    m1.load = _plain_fetch  # type: ignore[attr-defined]
    m2 = types.ModuleType("r232_plugin_mod")
    m2.load = _fetch_then_stamp  # type: ignore[attr-defined]
    sys.modules["r232_plugin_mod"] = m1
    try:
        out = [f(env.web)]
        sys.modules["r232_plugin_mod"] = m2
        out.append(f(env.web))
    finally:
        sys.modules.pop("r232_plugin_mod", None)
    out.append(_get(env.web, "stamp"))
    return out


# ================================================================== server state between calls

def r232_server_state_changed_between(web: str) -> list[Any]:
    r = requests.get(f"{web}/items/missing-ss?ms=80", timeout=5)
    r.raise_for_status()
    v = _put(web, "ss-out", r.json()["value"])
    return [r.json()["value"], v]


def _drive_server_state(f: Callable[..., Any], env: Env) -> list[Any]:
    _put(env.web, "missing-ss", "present")
    out = [f(env.web)]
    requests.delete(f"{env.web}/items/missing-ss", timeout=5)
    out.append(_safe(f, env.web))
    return out


def r232_version_chain_calls(web: str) -> list[Any]:
    v1 = _put(web, "vc", "one")
    cur = _get(web, "vc", 80)
    other = _get(web, "vc-other", 80)
    v2 = _put(web, "vc", cur + "+" + other)
    return [v1, cur, other, v2]


def r232_job_polled_per_call(web: str) -> list[Any]:
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    status = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
    side = _get(web, "jp-side", 60)
    return [job, status, side]


# ================================================================== models between calls

PROMPT = "Summarise {x} in one line"


def r232_prompt_template_rebound(x: str) -> list[str]:
    a = _ask(PROMPT.format(x=x), 100)
    b = _ask(PROMPT.format(x=x + " again"), 60)
    return [a, b]


def _drive_prompt(f: Callable[..., Any], env: Env) -> list[Any]:
    global PROMPT
    out = [f("bees")]
    PROMPT = "List three facts about {x}"
    try:
        out.append(f("bees"))
    finally:
        PROMPT = "Summarise {x} in one line"
    return out


ENSEMBLE = ["sim/a", "sim/b"]


def r232_ensemble_members_changed(q: str) -> list[str]:
    return [_ask(q, 80, m) for m in ENSEMBLE]


def _drive_ensemble(f: Callable[..., Any], env: Env) -> list[Any]:
    out = [f("why")]
    ENSEMBLE.append("sim/c")
    try:
        out.append(f("why"))
    finally:
        ENSEMBLE.pop()
    ENSEMBLE.reverse()
    try:
        out.append(f("why"))
    finally:
        ENSEMBLE.reverse()
    return out


ANSWERS: list[str] = []


def r232_models_answers_global_list(q: str) -> list[str]:
    ANSWERS.append(_ask(q + " first", 120))
    ANSWERS.append(_ask(q + " second", 50))
    return list(ANSWERS)


def _drive_answers(f: Callable[..., Any], env: Env) -> list[Any]:
    ANSWERS.clear()
    try:
        out = [f("x"), f("y")]
        ANSWERS.clear()
        out.append(f("z"))
    finally:
        ANSWERS.clear()
    return out


def r232_sdk_client_model_global(client: Any) -> list[str]:
    a = client.chat.completions.create(model=SDK_MODEL, messages=[
        {"role": "user", "content": "alpha"}]).choices[0].message.content[:20]
    b = client.chat.completions.create(model=SDK_MODEL, messages=[
        {"role": "user", "content": "beta"}]).choices[0].message.content[:20]
    return [a, b]


SDK_MODEL = "gpt"


def _drive_sdk_model(f: Callable[..., Any], env: Env) -> list[Any]:
    global SDK_MODEL
    client = openai_client(env)
    out = [f(client)]
    SDK_MODEL = "claude"
    try:
        out.append(f(client))
    finally:
        SDK_MODEL = "gpt"
    return out


# ================================================================== same args, many calls

def r232_calls_get_put_get(web: str) -> list[Any]:
    a = _get(web, "cg-a", 80)
    v = _put(web, "cg-a", a + "x")
    b = _get(web, "cg-b", 80)
    return [a, v, b]


def r232_calls_two_reads(web: str) -> list[str]:
    return [_get(web, "tr-a", 100), _get(web, "tr-b", 100)]


ID_GEN = itertools.count(1)


def r232_calls_itertools_counter(web: str) -> list[Any]:
    rid = next(ID_GEN)
    a = _get(web, f"id-{rid}", 80)
    rid2 = next(ID_GEN)
    v = _put(web, f"id-{rid2}", a)
    return [rid, a, rid2, v]


def _drive_id_gen(f: Callable[..., Any], env: Env) -> list[Any]:
    global ID_GEN
    ID_GEN = itertools.count(1)
    out = [f(env.web) for _ in range(3)]
    ID_GEN = itertools.count(1)
    return out


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


COUNT = Counter()


def r232_calls_callable_counter(web: str) -> list[Any]:
    a = _get(web, f"cn-{COUNT()}", 80)
    b = _get(web, f"cn-{COUNT()}", 40)
    return [a, b, COUNT.n]


def _drive_counter_obj(f: Callable[..., Any], env: Env) -> list[Any]:
    COUNT.n = 0
    try:
        return [f(env.web) for _ in range(3)]
    finally:
        COUNT.n = 0


def r232_calls_print_and_log(web: str) -> list[str]:
    log.info("begin")
    a = _get(web, "pl-a", 100)
    print("a", a)
    b = _get(web, "pl-b", 50)
    log.info("end %s", b)
    return [a, b]


def r232_calls_exception_midway(web: str) -> list[str]:
    a = _get(web, "em-a", 80)
    r = requests.get(f"{web}/items/missing-em?ms=50", timeout=5)
    r.raise_for_status()
    _put(web, "em-never", a)
    return [a]


def r232_calls_sdk_two(client: Any) -> list[str]:
    return [_chat(client, "one"), _chat(client, "two")]


def r232_stdout_redirected_second_call(web: str) -> list[str]:
    a = _get(web, "rd-a", 100)
    print("first", a)
    b = _get(web, "rd-b", 50)
    print("second", b)
    return [a, b]


def _drive_redirect(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(env.web)]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        out.append(f(env.web))
    out.append(buf.getvalue())
    out.append(f(env.web))
    return out


def r232_sys_stdout_swapped_inside(web: str) -> list[str]:
    a = _get(web, "sw-a", 100)
    print("to real", a)
    saved = sys.stdout
    sys.stdout = buf = io.StringIO()
    try:
        b = _get(web, "sw-b", 50)
        print("to buffer", b)
    finally:
        sys.stdout = saved
    print("captured", buf.getvalue().strip())
    return [a, b]


# ================================================================== the cases

def _w(env: Env) -> tuple:
    return (env.web,)


def _d(fn: Any, drive: Any, cat: str = "rebind", ideal: float = 1.0, **kw: Any) -> Case:
    kw.setdefault("servers", "web")
    return Case(cat, fn, drive=drive, ideal=ideal, **kw)


def _mk(make: Any, drive: Any, cat: str = "rebind", ideal: float = 1.0, **kw: Any) -> Case:
    kw.setdefault("servers", "web")
    return Case(cat, make=make, drive=drive, ideal=ideal, **kw)


def _calls(fn: Any, n: int, cat: str = "state", ideal: float = 1.0, **kw: Any) -> Case:
    kw.setdefault("servers", "web")
    kw.setdefault("args", _w)
    return Case(cat, fn, calls=n, ideal=ideal, **kw)


def _once_default(f: Callable[..., Any], env: Env) -> list[Any]:
    return [f(env.web) for _ in range(3)]


def _sdk_args(env: Env) -> tuple:
    return (openai_client(env),)


ALL += [
    # globals rebound
    _d(r232_global_mode_flag, _drive_mode_flag),
    _d(r232_global_callee_becomes_writer, _drive_callee_writer),
    _d(r232_global_callee_wrapped_with_logging, _drive_logging_wrap),
    _d(r232_global_callee_records_completion, _drive_recorder),
    _d(r232_global_key_list_extended, _drive_keys, speculative_reads=True),
    _d(r232_global_counter_keys, _drive_counter, cat="state"),
    _d(r232_global_path_rebound_then_raise, _drive_path),
    _d(r232_global_latency_rebound, _drive_latency, ideal=450 / 250),
    _d(r232_shadowing_print, _drive_shadow_print),
    _d(r232_shadowing_print_with_logs, _drive_shadow_print),
    Case("rebind", r232_shadowing_print, drive=_drive_shadow_print_put, servers="web",
         name="r232_shadowing_print_with_put"),
    _d(r232_shadowing_sorted, _drive_shadow_sorted),
    # module attributes
    _d(r232_module_attr_prefix, _drive_module_prefix, speculative_reads=True),
    _d(r232_module_attr_callee_swapped, _drive_module_callee),
    _d(r232_module_attr_callee_raises, _drive_module_raises, speculative_reads=True),
    _d(r232_module_retries_loop, _drive_retries),
    # library monkeypatched
    _d(r232_requests_get_patched_records, _drive_patch_get),
    _d(r232_session_request_patched_logs, _drive_patch_session),
    _d(r232_adapter_send_patched_records, _drive_patch_adapter),
    _d(r232_session_send_patched_appends_file, _drive_send_file, cat="files"),
    _d(r232_session_request_patched_counter, _drive_counter_patch),
    _d(r232_adapter_send_patched_writes, _drive_patch_adapter_writes),
    _d(r232_builtin_print_patched_to_put, _drive_builtin_print),
    Case("rebind", r232_models_rebound_to_logging, drive=_drive_models_logged),
    _d(r232_json_loads_patched, _drive_json_loads),
    _d(r232_httpx_send_patched_logs, _drive_httpx_send),
    Case("sdk", r232_sdk_instrumented_between_calls, drive=_drive_sdk_instrumented,
         servers="api", latency=0.1),
    # class attributes
    _d(r232_class_method_swapped, _drive_class_swap),
    _d(r232_instance_attr_shadows_method, _drive_instance_shadow),
    _d(r232_instance_class_reassigned, _drive_class_reassigned),
    _d(r232_global_instance_class_reassigned, _drive_global_class_reassigned),
    _d(r232_class_path_attr_changed, _drive_class_path, speculative_reads=True),
    _d(r232_dunder_call_swapped, _drive_dunder_call),
    _d(r232_subclass_registry_grows, _drive_subclass_registry),
    _d(r232_property_swapped, _drive_property, speculative_reads=True),
    _d(r232_store_read_replaced_via_setattr, _drive_store_setattr),
    # argument types
    _d(r232_keys_list_then_generator, _drive_keys_gen, cat="validation"),
    _d(r232_keys_list_then_printing_map, _drive_keys_map, cat="validation"),
    _d(r232_key_str_then_bytes, _drive_str_bytes, cat="validation"),
    _d(r232_key_str_then_bytes_unguarded, _drive_str_bytes, cat="validation"),
    _d(r232_key_str_then_enum, _drive_str_enum, cat="validation"),
    _d(r232_int_then_str_count, _drive_int_str, cat="validation"),
    _d(r232_function_then_callable_object, _drive_callable_obj, cat="clients"),
    _d(r232_session_then_logging_subclass, _drive_sessions, cat="clients"),
    _d(r232_session_then_audit_subclass, _drive_audit_sessions, cat="clients"),
    _d(r232_dict_then_remote_mapping, _drive_mapping, cat="validation"),
    _d(r232_none_then_session, _drive_none_session, cat="clients"),
    Case("clients", r232_client_then_client_other_base, drive=_drive_two_clients,
         servers="api", latency=CLIENT_LAT, speculative_reads=True),
    _d(r232_httpx_client_hooks_added, _drive_httpx_hooks, cat="clients"),
    _d(r232_httpx_then_requests_session, _drive_httpx_requests, cat="clients"),
    # mutable defaults
    _d(r232_default_list_accumulates, _clear_defaults_between, cat="state"),
    _d(r232_default_dict_memo, _clear_defaults_between, cat="state"),
    _d(r232_default_memo_then_write, _clear_defaults_between, cat="state"),
    _calls(r232_default_list_calls, 3, setup=_clear_list_calls_default),
    _d(r232_defaults_replaced_on_jitted, _drive_defaults_replaced, cat="state"),
    _d(r232_callee_defaults_replaced, _drive_callee_defaults, cat="state"),
    _d(r232_callee_kwdefaults_replaced, _drive_callee_kwdefaults, cat="state"),
    _d(r232_callee_default_sink_shared, _drive_default_sink, cat="state"),
    # closures
    _mk(make_r232_closure_mode_cell, _drive_closure_mode),
    _mk(make_r232_closure_callee_cell, _drive_closure_callee),
    _d(r232_global_closure_cell_changes, _drive_global_closure),
    Case("state", make=make_r232_closure_counter_cell, args=_w, calls=3, servers="web"),
    Case("state", make=make_r232_closure_shared_list_cell, args=_w, calls=3, servers="web"),
    # partials and bound methods
    _d(r232_partial_read_then_write, _drive_partials, cat="helpers"),
    _d(r232_partial_changed_in_place, _drive_partial_setstate, cat="helpers"),
    _d(r232_global_partial_rebound, _drive_global_partial, cat="helpers"),
    _d(r232_bound_method_changes, _drive_bound, cat="helpers"),
    _d(r232_bound_method_prefix_mutated, _drive_bound_mutated, cat="helpers",
       speculative_reads=True),
    _d(r232_global_bound_method_list, _drive_global_bound, cat="helpers"),
    # lru_cache
    _d(r232_lru_settings_cleared, _drive_lru_clear, cat="helpers"),
    _d(r232_lru_maxsize_one_evicts, _drive_lru_one, cat="helpers"),
    _d(r232_cache_cleared_inside_after_put, _drive_cache_inside, cat="helpers"),
    _d(r232_cached_property_deleted, _drive_cached_property, cat="helpers"),
    # env vars and config
    _d(r232_env_var_dry_run, _drive_env, cat="state"),
    _d(r232_env_var_prefix, _drive_env_prefix, cat="state", speculative_reads=True),
    _d(r232_env_var_set_inside, _drive_env_inside, cat="state"),
    _d(r232_config_object_flipped, _drive_config, cat="state"),
    Case("state", r232_global_config_replaced, drive=_drive_global_config),
    _d(r232_getattr_config_reads_env, _drive_getattr_env, cat="state"),
    _d(r232_log_level_gates_request, _drive_log_level, cat="state"),
    _d(r232_random_keys_seeded, _drive_random, cat="state"),
    # registering things
    _d(r232_hooks_list_grows, _drive_hooks),
    _d(r232_handler_deregistered, _drive_deregister),
    _d(r232_handler_table_iterated, _drive_handler_table),
    _d(r232_http_log_handler_added, _drive_http_handler),
    _d(r232_session_hook_registered, _drive_session_hook, cat="clients"),
    _d(r232_session_hook_raises, _drive_session_hook_raises, cat="clients"),
    _d(r232_session_adapter_mounted, _drive_adapter_mount, cat="clients"),
    _d(r232_session_headers_changed, _drive_headers, cat="clients"),
    _d(r232_import_inside_after_swap, _drive_sys_modules),
    # server state between calls
    _d(r232_server_state_changed_between, _drive_server_state),
    _calls(r232_version_chain_calls, 3),
    _calls(r232_job_polled_per_call, 3),
    # models
    Case("ensemble", r232_prompt_template_rebound, drive=_drive_prompt),
    Case("ensemble", r232_ensemble_members_changed, drive=_drive_ensemble),
    Case("ensemble", r232_models_answers_global_list, drive=_drive_answers),
    Case("sdk", r232_sdk_client_model_global, drive=_drive_sdk_model, servers="api",
         latency=CLIENT_LAT),
    # same args, many calls
    _calls(r232_calls_get_put_get, 3),
    _calls(r232_calls_two_reads, 3, ideal=2.0, overlap=2),
    _d(r232_calls_itertools_counter, _drive_id_gen, cat="state"),
    _d(r232_calls_callable_counter, _drive_counter_obj, cat="state"),
    _calls(r232_calls_print_and_log, 3),
    _calls(r232_calls_exception_midway, 3, speculative_reads=True),
    Case("sdk", r232_calls_sdk_two, args=_sdk_args, calls=3, servers="api",
         latency=0.1, ideal=serial_ideal(1, 6, 3, 0.1)),
    _d(r232_stdout_redirected_second_call, _drive_redirect),
    _calls(r232_sys_stdout_swapped_inside, 3),
]

# The ideal of each case over all its calls (the driver's own requests included): the sum
# of its latencies over the critical path of a schedule that keeps the program's meaning
# (reads overlap until a write; a write waits for what it follows; log records and prints
# keep their order but a request may start before the record that precedes it is made).
_IDEAL = {
    "r232_global_mode_flag": 650 / 400,
    "r232_global_callee_becomes_writer": 730 / 470,
    "r232_global_callee_wrapped_with_logging": 330 / 200,
    "r232_global_callee_records_completion": 500 / 320,
    "r232_global_key_list_extended": 480 / 180,
    "r232_global_counter_keys": 540 / 390,
    "r232_global_latency_rebound": 300 / 200,
    "r232_shadowing_print": 510 / 360,
    "r232_shadowing_print_with_logs": 510 / 360,
    "r232_shadowing_print_with_put": 390 / 340,
    "r232_shadowing_sorted": 350 / 250,
    "r232_module_attr_prefix": 400 / 300,
    "r232_module_attr_callee_swapped": 520 / 390,
    "r232_module_attr_callee_raises": 210 / 130,
    "r232_requests_get_patched_records": 340 / 240,
    "r232_session_request_patched_logs": 750 / 360,
    "r232_adapter_send_patched_records": 340 / 240,
    "r232_session_send_patched_appends_file": 340 / 240,
    "r232_session_request_patched_counter": 300 / 250,
    "r232_adapter_send_patched_writes": 450 / 400,
    "r232_builtin_print_patched_to_put": 390 / 340,
    "r232_models_rebound_to_logging": 340 / 240,
    "r232_json_loads_patched": 340 / 240,
    "r232_httpx_send_patched_logs": 510 / 360,
    "r232_sdk_instrumented_between_calls": serial_ideal(1, 4, 2, 0.1),
    "r232_class_method_swapped": 630 / 310,
    "r232_instance_attr_shadows_method": 420 / 260,
    "r232_instance_class_reassigned": 370 / 210,
    "r232_global_instance_class_reassigned": 310 / 180,
    "r232_class_path_attr_changed": 2.0,
    "r232_dunder_call_swapped": 220 / 160,
    "r232_subclass_registry_grows": 410 / 230,
    "r232_property_swapped": 250 / 200,
    "r232_store_read_replaced_via_setattr": 440 / 200,
    "r232_keys_list_then_generator": 510 / 450,
    "r232_keys_list_then_printing_map": 300 / 120,
    "r232_key_str_then_bytes": 390 / 240,
    "r232_key_str_then_bytes_unguarded": 390 / 240,
    "r232_key_str_then_enum": 390 / 240,
    "r232_int_then_str_count": 540 / 340,
    "r232_function_then_callable_object": 410 / 170,
    "r232_session_then_logging_subclass": 750 / 360,
    "r232_session_then_audit_subclass": 450 / 400,
    "r232_dict_then_remote_mapping": 390 / 240,
    "r232_none_then_session": 450 / 300,
    "r232_client_then_client_other_base": serial_ideal(1, 5, 3),
    "r232_httpx_client_hooks_added": 510 / 360,
    "r232_httpx_then_requests_session": 260 / 160,
    "r232_default_dict_memo": 350 / 250,
    "r232_default_list_calls": 2.0,
    "r232_defaults_replaced_on_jitted": 450 / 350,
    "r232_callee_defaults_replaced": 600 / 360,
    "r232_callee_kwdefaults_replaced": 240 / 200,
    "r232_callee_default_sink_shared": 300 / 200,
    "r232_closure_mode_cell": 500 / 400,
    "r232_closure_callee_cell": 520 / 390,
    "r232_global_closure_cell_changes": 520 / 390,
    "r232_closure_counter_cell": 510 / 330,
    "r232_closure_shared_list_cell": 1.5,
    "r232_partial_read_then_write": 520 / 290,
    "r232_partial_changed_in_place": 340 / 220,
    "r232_global_partial_rebound": 340 / 220,
    "r232_bound_method_changes": 620 / 320,
    "r232_bound_method_prefix_mutated": 180 / 120,
    "r232_global_bound_method_list": 300 / 200,
    "r232_env_var_dry_run": 500 / 400,
    "r232_env_var_prefix": 340 / 240,
    "r232_env_var_set_inside": 1.5,
    "r232_config_object_flipped": 500 / 400,
    "r232_global_config_replaced": 320 / 200,
    "r232_log_level_gates_request": 350 / 200,
    "r232_random_keys_seeded": 390 / 240,
    "r232_hooks_list_grows": 850 / 750,
    "r232_handler_deregistered": 520 / 400,
    "r232_http_log_handler_added": 610 / 510,
    "r232_session_hook_registered": 510 / 360,
    "r232_session_hook_raises": 210 / 160,
    "r232_session_adapter_mounted": 340 / 240,
    "r232_import_inside_after_swap": 470 / 390,
    "r232_version_chain_calls": 260 / 180,
    "r232_job_polled_per_call": 160 / 110,
    "r232_prompt_template_rebound": 320 / 200,
    "r232_ensemble_members_changed": 560 / 240,
    "r232_models_answers_global_list": 340 / 240,
    "r232_sdk_client_model_global": serial_ideal(1, 4, 2),
    "r232_calls_callable_counter": 1.5,
    "r232_calls_print_and_log": 1.5,
    "r232_calls_exception_midway": 130 / 80,
    "r232_stdout_redirected_second_call": 1.5,
    "r232_sys_stdout_swapped_inside": 1.5,
}
ALL = [dataclasses.replace(c, ideal=_IDEAL.get(c.name, c.ideal)) for c in ALL]

_PATCHED = ("the library function under `requests.get` was monkeypatched between the calls "
            "(its replacement has source and touches the program's state); the JIT goes on "
            "taking `requests.get` by its rule for an order-free read and starts the second "
            "GET while the first (120 ms) is in flight, so")

FIXED_WHY: dict[str, str] = {
    "r232_session_request_patched_logs":
        f"`requests.Session.request` patched to log each response: {_PATCHED} the plain "
        "run logs sr-a, sr-b, sr-c in program order and the jitted run logs sr-b first "
        "(the order the responses came back).",
    "r232_adapter_send_patched_records":
        f"`HTTPAdapter.send` patched to append each URL to a list: {_PATCHED} the list the "
        "second call returns is ['as-a', 'as-b'] plain and starts with 'as-b' under jit.",
    "r232_adapter_send_patched_writes":
        f"`HTTPAdapter.send` patched to PUT an audit record before each GET: {_PATCHED} "
        "the server sees PUT audit 'aw-b' before GET aw-a where the plain run sends PUT "
        "audit 'aw-a', GET aw-a, PUT audit 'aw-b', GET aw-b: a write crossed a read.",
    "r232_session_send_patched_appends_file":
        f"`requests.Session.send` patched to append each URL to a file in the run's "
        f"directory: {_PATCHED} sent.log holds sf-b before sf-a under jit.",
    "r232_session_request_patched_counter":
        f"`requests.Session.request` patched to count requests in a global: {_PATCHED} "
        "`n1 = SENT[0]`, read after the first GET returns, is 1 plain and 0 under jit "
        "(the read of the counter was not ordered after the patched request).",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
