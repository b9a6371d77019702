"""Red-team cases (stop 134): ambient process and thread state that library calls read
without being handed it, changed between or around I/O calls.

(1) ``threading.local``: a per-thread ``requests.Session``, a per-thread counter, a value
the function sets and a helper reads, reached as a global, a subclass, an instance's
attribute, a function's result.
(2) ``contextvars``: a ``ContextVar`` set by the function and read by a helper (in a URL,
a log line, a model name), set by a helper and read after, ``copy_context().run``, an
``async def``'s awaits; the decimal context (``getcontext().prec``, ``localcontext``, the
flags a helper's arithmetic sets).
(3) ``os.environ``: a base URL or key read by a helper, requests' proxy and NO_PROXY
variables read per request, ``Session.trust_env``, the openai SDK's ``OPENAI_BASE_URL``,
``TZ`` with ``time.tzset``.
(4) ``os.chdir`` (also ``contextlib.chdir``, a helper that changes directory) around
relative reads; ``os.umask`` before writes; ``socket.setdefaulttimeout`` around urllib's
GETs.
(5) ``warnings.catch_warnings`` / ``simplefilter`` around helpers that warn; logging
changed between calls (httpx's and urllib3's request lines sent to stdout: a level set by
``setLevel`` or by storing ``logger.level``, ``disabled``, ``propagate``,
``logging.disable``, ``handlers.append``); ``random.seed`` and draws per request;
``sys.stdout``/``sys.stderr`` redirected around helpers that print and GET, and urllib's
``debuglevel`` printing under ``redirect_stdout``; the thread's name and ident returned,
logged or compared by helpers.
(6) A process setting changed right after a fan-out (``socket.setdefaulttimeout``,
``os.chdir``, ``old = os.umask(...)``, ``decimal.getcontext().prec = 3``).

Sibling calls get unequal latencies, slow first, so a reordering shows. `FAILING` holds the
cases that differed or crashed under jit when written, with `FAILING_WHY` saying what
differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import decimal
import io
import json
import logging
import os
import random
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam134")

KS = (("a", 150), ("b", 40), ("c", 90))
KEYS = ("red", "green", "blue", "cyan", "gold")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@contextlib.contextmanager
def _env(**values: str | None) -> Any:
    """Set (or, for None, remove) environment variables, and put them back after."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# =========================================================================== (1) threading.local

_TL = threading.local()


def _tl_session() -> requests.Session:
    s = getattr(_TL, "session", None)
    if s is None:
        s = _TL.session = requests.Session()
    return s


def _tl_fetch(web: str, k: str, ms: int) -> str:
    return _tl_session().get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r134_tlocal_session_per_thread(web: str) -> list[str]:
    return [_tl_fetch(web, k, ms) for k, ms in KS]


_TLC = threading.local()


def _tl_next() -> int:
    _TLC.n = getattr(_TLC, "n", 0) + 1
    return _TLC.n


def _tl_counted(web: str, k: str, ms: int) -> str:
    n = _tl_next()
    return _get(web, f"{k}{n}", ms)


def r134_tlocal_counter_in_key(web: str) -> list[str]:
    return [_tl_counted(web, k, ms) for k, ms in KS]


_TLU = threading.local()


def _tl_user_fetch(web: str, ms: int) -> str:
    user = getattr(_TLU, "user", "anon")
    return _get(web, f"u-{user}", ms)


def r134_tlocal_user_set_in_function(web: str) -> list[str]:
    _TLU.user = "ann"
    try:
        a = _tl_user_fetch(web, 150)
        _TLU.user = "bob"
        b = _tl_user_fetch(web, 40)
        c = _tl_user_fetch(web, 90)
    finally:
        del _TLU.user
    return [a, b, c]


class _Region(threading.local):
    def __init__(self) -> None:
        self.name = "eu"


REGION = _Region()


def _region_fetch(web: str, k: str, ms: int) -> str:
    return _get(web, f"{REGION.name}-{k}", ms)


def r134_tlocal_subclass_region(web: str) -> list[str]:
    REGION.name = "us"
    try:
        return [_region_fetch(web, k, ms) for k, ms in KS]
    finally:
        REGION.name = "eu"


class _Tracker:
    def __init__(self) -> None:
        self.tl = threading.local()

    def bump(self) -> int:
        self.tl.n = getattr(self.tl, "n", 0) + 1
        return self.tl.n


TRACK = _Tracker()


def _tracked_user(web: str, k: str, ms: int) -> str:
    who = getattr(TRACK.tl, "user", "nobody")
    return _get(web, f"{who}-{k}", ms)


def r134_tlocal_instance_attr_user(web: str) -> list[str]:
    TRACK.tl.user = "carol"
    try:
        return [_tracked_user(web, k, ms) for k, ms in KS]
    finally:
        del TRACK.tl.user




_TLS = threading.local()


def _store() -> threading.local:
    return _TLS


def _store_fetch(web: str, k: str, ms: int) -> str:
    tag = getattr(_store(), "tag", "untagged")
    return _get(web, f"{tag}-{k}", ms)


def r134_tlocal_from_accessor(web: str) -> list[str]:
    _store().tag = "t7"
    try:
        return [_store_fetch(web, k, ms) for k, ms in KS]
    finally:
        del _store().tag


# =========================================================================== (2) contextvars

TENANT: contextvars.ContextVar[str] = contextvars.ContextVar("r134_tenant", default="none")


def _tenant_fetch(web: str, k: str, ms: int) -> str:
    return _get(web, f"{TENANT.get()}-{k}", ms)


def r134_ctxvar_set_then_comprehension(web: str) -> list[str]:
    tok = TENANT.set("acme")
    try:
        return [_tenant_fetch(web, k, ms) for k, ms in KS]
    finally:
        TENANT.reset(tok)


def r134_ctxvar_changed_between_calls(web: str) -> list[str]:
    tok = TENANT.set("one")
    try:
        a = _tenant_fetch(web, "a", 150)
        TENANT.set("two")
        b = _tenant_fetch(web, "b", 40)
        c = _tenant_fetch(web, "c", 90)
    finally:
        TENANT.reset(tok)
    return [a, b, c]


LAST: contextvars.ContextVar[str] = contextvars.ContextVar("r134_last", default="")


def _fetch_remember(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    LAST.set(k)
    return v


def r134_ctxvar_set_inside_helper(web: str) -> tuple[list[str], str]:
    vals = [_fetch_remember(web, k, ms) for k, ms in KS]
    return vals, LAST.get()


def _in_tenant(name: str, web: str, k: str, ms: int) -> str:
    TENANT.set(name)
    return _tenant_fetch(web, k, ms)


def r134_ctxvar_copy_context_run(web: str) -> list[str]:
    out = [contextvars.copy_context().run(_in_tenant, t, web, k, ms)
           for t, (k, ms) in zip(("x", "y", "z"), KS, strict=True)]
    out.append(_tenant_fetch(web, "d", 60))
    return out



def _log_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    LOG.info("[%s] %s=%s", TENANT.get(), k, v)
    return v


def r134_ctxvar_read_by_logging_helper(web: str) -> list[str]:
    tok = TENANT.set("logco")
    try:
        a = _log_fetch(web, "a", 150)
        TENANT.set("other")
        rest = [_log_fetch(web, k, ms) for k, ms in (("b", 40), ("c", 90))]
    finally:
        TENANT.reset(tok)
    return [a, *rest]


async def _aget(client: httpx.AsyncClient, web: str, k: str, ms: int) -> str:
    r = await client.get(f"{web}/items/{TENANT.get()}-{k}?ms={ms}")
    return r.json()["value"]


async def r134_ctxvar_async_set_between_awaits(web: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        TENANT.set("t1")
        a = await _aget(client, web, "a", 150)
        TENANT.set("t2")
        b = await _aget(client, web, "b", 40)
        c = await _aget(client, web, "c", 90)
    return [a, b, c]


def _run_async_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


# decimal: the context lives in a context variable of the thread


def _ratio(web: str, k: str, ms: int) -> Decimal:
    v = _get(web, k, ms)
    return Decimal(len(v)) / Decimal(7)


def r134_decimal_prec_set_before_fetches(web: str) -> list[str]:
    ctx = decimal.getcontext()
    old = ctx.prec
    ctx.prec = 4
    try:
        vals = [_ratio(web, k, ms) for k, ms in (("a", 150), ("bbbb", 40), ("cc", 90))]
    finally:
        ctx.prec = old
    return [str(v) for v in vals]


def r134_decimal_localcontext_window(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        a = _ratio(web, "a", 150)
        b = _ratio(web, "bb", 40)
    c = _ratio(web, "ccc", 90)
    return [str(a), str(b), str(c)]


def r134_decimal_flags_after_helpers(web: str) -> tuple[list[str], bool, bool]:
    vals = [_ratio(web, k, ms) for k, ms in KS]
    flags = decimal.getcontext().flags
    return [str(v) for v in vals], bool(flags[decimal.Inexact]), bool(flags[decimal.Rounded])


# =========================================================================== (3) os.environ


def _base_fetch(k: str, ms: int) -> str:
    base = os.environ["R134_BASE"]
    return requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]


def r134_env_base_url_helper(web: str) -> list[str]:
    with _env(R134_BASE=web):
        return [_base_fetch(k, ms) for k, ms in KS]


def _keyed_fetch(web: str, ms: int) -> str:
    key = os.environ.get("R134_KEY", "nokey")
    return _get(web, f"key-{key}", ms)


def r134_env_key_changed_between_calls(web: str) -> list[str]:
    saved = os.environ.get("R134_KEY")
    try:
        os.environ["R134_KEY"] = "k1"
        a = _keyed_fetch(web, 150)
        os.environ["R134_KEY"] = "k2"
        b = _keyed_fetch(web, 40)
        del os.environ["R134_KEY"]
        c = _keyed_fetch(web, 90)
    finally:
        if saved is not None:
            os.environ["R134_KEY"] = saved
    return [a, b, c]


def r134_env_patch_dict_window(web: str) -> list[str]:
    with mock.patch.dict(os.environ, {"R134_KEY": "patched"}):
        a = _keyed_fetch(web, 150)
        b = _keyed_fetch(web, 40)
    c = _keyed_fetch(web, 90)
    return [a, b, c]


def r134_env_proxy_refused_window(web: str) -> list[str]:
    out = [_get(web, "a", 150)]
    saved = {k: os.environ.pop(k, None) for k in ("no_proxy", "NO_PROXY", "HTTP_PROXY")}
    os.environ["http_proxy"] = "http://127.0.0.1:9"
    try:
        try:
            out.append(_get(web, "b", 40))
        except requests.exceptions.ProxyError:
            out.append("proxy-refused")
    finally:
        del os.environ["http_proxy"]
        os.environ.update({k: v for k, v in saved.items() if v is not None})
    out.append(_get(web, "c", 90))
    return out


def r134_env_no_proxy_removed_midway(web: str) -> list[str]:
    out = []
    with _env(http_proxy="http://127.0.0.1:9", no_proxy="127.0.0.1", NO_PROXY=None,
              HTTP_PROXY=None):
        out.append(_get(web, "a", 150))
        out.append(_get(web, "b", 40))
        del os.environ["no_proxy"]
        try:
            out.append(_get(web, "c", 90))
        except requests.exceptions.ProxyError:
            out.append("proxy-refused")
    return out


def r134_env_session_trust_env_flip(web: str) -> list[str]:
    out = []
    with _env(http_proxy="http://127.0.0.1:9", no_proxy=None, NO_PROXY=None,
              HTTP_PROXY=None), requests.Session() as s:
        s.trust_env = False
        out.append(s.get(f"{web}/items/a?ms=150").json()["value"])
        out.append(s.get(f"{web}/items/b?ms=40").json()["value"])
        s.trust_env = True
        try:
            out.append(s.get(f"{web}/items/c?ms=90").json()["value"])
        except requests.exceptions.ProxyError:
            out.append("proxy-refused")
    return out


def _model_of_env(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model=os.environ.get("R134_MODEL", "gpt-default"),
                                       messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return f"{r.model}:{r.choices[0].message.content}"


def r134_oa_model_from_env_changed(client: Any) -> list[str]:
    with _env(R134_MODEL="gpt-one"):
        a = _model_of_env(client, "first?", 0.15)
        os.environ["R134_MODEL"] = "gpt-two"
        b = _model_of_env(client, "second?", 0.04)
        c = _model_of_env(client, "third?", 0.09)
    return [a, b, c]


def r134_oa_client_from_env_vars(base: str) -> list[str]:
    with _env(OPENAI_BASE_URL=base, OPENAI_API_KEY=DUMMY_KEY), \
            openai.OpenAI(max_retries=0) as client:
        out = []
        for q, lat in (("one?", 0.15), ("two?", 0.04), ("three?", 0.09)):
            r = client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": q}],
                extra_body={"latency": lat})
            out.append(r.choices[0].message.content)
    return out


def _hour_fetch(web: str, ms: int) -> str:
    hour = time.strftime("%H%Z", time.localtime(90000))
    return _get(web, f"h{hour}", ms)


def r134_tz_changed_between_calls(web: str) -> list[str]:
    with _env(TZ="UTC0"):
        time.tzset()
        a = _hour_fetch(web, 150)
        os.environ["TZ"] = "JST-9"
        time.tzset()
        b = _hour_fetch(web, 40)
        c = _hour_fetch(web, 90)
    time.tzset()
    return [a, b, c]


# =========================================================================== (4) cwd, umask, timeouts


def _dirs(env: Env) -> None:
    for name, text in (("d1", "one"), ("d2", "two")):
        (env.tmp / name).mkdir()
        (env.tmp / name / "data.txt").write_text(text)
    (env.tmp / "keys").mkdir()
    for i, k in enumerate(("ka", "kb", "kc"), 1):
        (env.tmp / "keys" / f"k{i}.txt").write_text(k + "\n")


def r134_chdir_between_relative_reads(web: str, tmp: str) -> list[str]:
    old = os.getcwd()
    try:
        os.chdir(Path(tmp) / "d1")
        a = Path("data.txt").read_text()
        ra = _get(web, a, 150)
        os.chdir(Path(tmp) / "d2")
        b = Path("data.txt").read_text()
        rb = _get(web, b, 40)
        rc = _get(web, "c", 90)
    finally:
        os.chdir(old)
    return [a, ra, b, rb, rc]


def r134_contextlib_chdir_block(web: str, tmp: str) -> list[Any]:
    with contextlib.chdir(Path(tmp) / "d1"):
        a = Path("data.txt").read_text()
        ra = _get(web, a, 150)
    there = os.path.exists("data.txt")
    rb = _get(web, "b", 40)
    return [a, ra, there, rb]


def _enter(d: Path) -> None:
    os.chdir(d)


def r134_chdir_in_helper_open_reads(web: str, tmp: str) -> list[str]:
    old = os.getcwd()
    try:
        _enter(Path(tmp) / "d1")
        with open("data.txt") as f:
            a = f.read()
        _enter(Path(tmp) / "d2")
        with open("data.txt") as f:
            b = f.read()
    finally:
        os.chdir(old)
    return [a, _get(web, a, 150), b, _get(web, b, 40)]


def r134_umask_changed_between_writes(web: str, tmp: str) -> list[str]:
    vals = [_get(web, k, ms) for k, ms in KS]
    old = os.umask(0o022)
    try:
        modes = []
        for (k, _), v, mask in zip(KS, vals, (0o022, 0o077, 0o027), strict=True):
            os.umask(mask)
            p = Path(tmp) / f"{k}.out"
            p.write_text(v)
            modes.append(oct(p.stat().st_mode & 0o777))
    finally:
        os.umask(old)
    return modes


def _url_get(web: str, k: str, ms: int) -> str:
    with urllib.request.urlopen(f"{web}/items/{k}?ms={ms}") as r:
        return json.loads(r.read())["value"]


def r134_socket_default_timeout_window(web: str) -> list[str]:
    out = [_url_get(web, "a", 150)]
    socket.setdefaulttimeout(0.02)
    try:
        try:
            out.append(_url_get(web, "b", 150))
        except (TimeoutError, urllib.error.URLError):
            out.append("b-timeout")
    finally:
        socket.setdefaulttimeout(None)
    out.append(_url_get(web, "c", 90))
    return out


def r134_socket_default_timeout_generous(web: str) -> list[str]:
    socket.setdefaulttimeout(2.0)
    try:
        return [_url_get(web, k, ms) for k, ms in KS]
    finally:
        socket.setdefaulttimeout(None)


def _tighten() -> None:
    socket.setdefaulttimeout(0.02)


# =========================================================================== (5) warnings


def _fetch_warn(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    if len(v) > 3:
        warnings.warn(f"long value for {k}", UserWarning, stacklevel=2)
    return v


def r134_warnings_recorded_in_order(web: str) -> tuple[list[str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = [_fetch_warn(web, k, ms) for k, ms in (("aa", 150), ("bb", 40), ("cc", 90))]
    return vals, [str(w.message) for w in caught]


def r134_warnings_window_closes(web: str) -> tuple[list[str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = _fetch_warn(web, "aa", 150)
    b = _fetch_warn(web, "bb", 40)
    return [a, b], [str(w.message) for w in caught]


def r134_warnings_filter_changed_midway(web: str) -> tuple[list[str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore")
        a = _fetch_warn(web, "aa", 150)
        warnings.simplefilter("always")
        b = _fetch_warn(web, "bb", 40)
        c = _fetch_warn(web, "cc", 90)
    return [a, b, c], [str(w.message) for w in caught]


# =========================================================================== (5) logging

HX = logging.getLogger("httpx")


def _hx_handler() -> logging.Handler:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("%(name)s|%(message)s"))
    return h


def r134_httpx_lines_configured_in_function(web: str) -> list[str]:
    h = _hx_handler()
    HX.addHandler(h)
    HX.setLevel(logging.INFO)
    try:
        with httpx.Client() as c:
            return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KS]
    finally:
        HX.removeHandler(h)
        HX.setLevel(logging.NOTSET)


def _with_hx(setup: Any) -> Any:
    """Drive: httpx's lines to stdout, then `setup` (a change the function undoes)."""
    def drive(fn: Any, env: Env) -> Any:
        h = _hx_handler()
        saved = HX.level, HX.propagate, HX.disabled, logging.root.manager.disable
        HX.addHandler(h)
        HX.setLevel(logging.INFO)
        setup(h)
        try:
            return fn(env.web)
        finally:
            HX.removeHandler(h)
            HX.setLevel(saved[0])
            HX.propagate, HX.disabled = saved[1], saved[2]
            logging.disable(saved[3])
    drive.__name__ = f"drive_{setup.__name__}"
    return drive


def _nothing(h: logging.Handler) -> None:
    pass


def _disable_all(h: logging.Handler) -> None:
    logging.disable(logging.CRITICAL)


def _mark_disabled(h: logging.Handler) -> None:
    HX.disabled = True



def _level_warning(h: logging.Handler) -> None:
    HX.setLevel(logging.WARNING)


def r134_httpx_quieted_midway(web: str) -> list[str]:
    with httpx.Client() as c:
        a = c.get(f"{web}/items/a?ms=150").json()["value"]
        HX.setLevel(logging.WARNING)
        b = c.get(f"{web}/items/b?ms=40").json()["value"]
        c_ = c.get(f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c_]


def r134_httpx_logging_disable_lifted(web: str) -> list[str]:
    logging.disable(logging.NOTSET)
    with httpx.Client() as c:
        a = c.get(f"{web}/items/a?ms=150").json()["value"]
        b = c.get(f"{web}/items/b?ms=40").json()["value"]
        c_ = c.get(f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c_]


def r134_httpx_logger_disabled_flag_cleared(web: str) -> list[str]:
    HX.disabled = False
    with httpx.Client() as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KS]


def r134_httpx_level_attr_store(web: str) -> list[str]:
    HX.level = logging.INFO
    with httpx.Client() as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KS]


def _hx_level_only(fn: Any, env: Env) -> Any:
    """Drive: httpx's logger at INFO with no handler of its own (its lines reach none)."""
    HX.setLevel(logging.INFO)
    try:
        return fn(env.web)
    finally:
        HX.setLevel(logging.NOTSET)


def r134_httpx_handlers_list_append(web: str) -> list[str]:
    h = _hx_handler()
    HX.handlers.append(h)
    try:
        with httpx.Client() as c:
            return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KS]
    finally:
        HX.handlers.remove(h)



def _hx_not_propagating(fn: Any, env: Env) -> Any:
    """Drive: a handler to stdout on the root logger, httpx at INFO not propagating."""
    h = _hx_handler()
    logging.root.addHandler(h)
    HX.setLevel(logging.INFO)
    HX.propagate = False
    try:
        return fn(env.web)
    finally:
        logging.root.removeHandler(h)
        HX.setLevel(logging.NOTSET)
        HX.propagate = True


def r134_httpx_propagate_turned_on(web: str) -> list[str]:
    HX.propagate = True
    with httpx.Client() as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KS]


U3 = logging.getLogger("urllib3")


def _u3_warning(fn: Any, env: Env) -> Any:
    """Drive: urllib3's logger sends to stdout (name and level only: its lines name the
    port), set to WARNING."""
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("%(name)s|%(levelname)s"))
    U3.addHandler(h)
    U3.setLevel(logging.WARNING)
    try:
        return fn(env.web)
    finally:
        U3.removeHandler(h)
        U3.setLevel(logging.NOTSET)


def r134_urllib3_level_attr_store(web: str) -> list[str]:
    U3.level = logging.DEBUG
    try:
        return [_get(web, k, ms) for k, ms in KS]
    finally:
        U3.level = logging.WARNING


def _corpus_warning(fn: Any, env: Env) -> Any:
    LOG.setLevel(logging.WARNING)
    try:
        return fn(env.web)
    finally:
        LOG.setLevel(logging.NOTSET)


def _verbose_httpx() -> logging.Handler:
    h = _hx_handler()
    HX.addHandler(h)
    HX.setLevel(logging.INFO)
    return h


def _log_after(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    LOG.info("got %s=%s", k, v)
    return v


def r134_corpus_logger_level_between(web: str) -> list[str]:
    a = _log_after(web, "a", 150)
    LOG.setLevel(logging.WARNING)
    try:
        b = _log_after(web, "b", 40)
        c = _log_after(web, "c", 90)
    finally:
        LOG.setLevel(logging.NOTSET)
    return [a, b, c]


# =========================================================================== (5) random


def _pick_fetch(web: str, ms: int) -> str:
    k = random.choice(KEYS)
    return _get(web, k, ms)


def r134_random_seed_choice_per_request(web: str) -> list[str]:
    random.seed(1234)
    return [_pick_fetch(web, ms) for _, ms in KS]


def r134_random_choice_in_arg(web: str) -> list[str]:
    random.seed(5)
    out = []
    for _, ms in KS:
        out.append(requests.get(f"{web}/items/{random.choice(KEYS)}?ms={ms}").json()["value"])
    return out


def _jitter_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    return f"{v}:{random.randint(0, 999)}"


def r134_random_draw_after_get_in_helper(web: str) -> list[str]:
    random.seed(42)
    return [_jitter_fetch(web, k, ms) for k, ms in KS]


# =========================================================================== (5) stdout


def _fetch_say(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print(f"got {k}={v}")
    return v


def _say_fetch(web: str, k: str, ms: int) -> str:
    print(f"asking {k}")
    return _get(web, k, ms)


def r134_redirect_stdout_collects_prints(web: str) -> tuple[list[str], str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        vals = [_fetch_say(web, k, ms) for k, ms in KS]
    print("captured", buf.getvalue().count("\n"))
    return vals, buf.getvalue()


def _err_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print(f"warn {k}", file=sys.stderr)
    return v


def r134_redirect_stderr_helper_prints(web: str) -> tuple[list[str], str]:
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        vals = [_err_fetch(web, k, ms) for k, ms in KS]
    return vals, buf.getvalue()


def r134_urllib_debuglevel_redirected(web: str) -> tuple[list[str], list[str], list[str]]:
    opener = urllib.request.build_opener(urllib.request.HTTPHandler(debuglevel=1))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        a = json.loads(opener.open(f"{web}/items/a?ms=150").read())["value"]
        b = json.loads(opener.open(f"{web}/items/bbbb?ms=40").read())["value"]
        c = json.loads(opener.open(f"{web}/items/cc?ms=90").read())["value"]
    text = buf.getvalue()
    return ([a, b, c], re.findall(r"GET (\S+) HTTP", text),
            re.findall(r"header: Content-Length: (\d+)", text))


def r134_urllib_debuglevel_comprehension(web: str) -> tuple[list[str], list[str]]:
    opener = urllib.request.build_opener(urllib.request.HTTPHandler(debuglevel=1))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        vals = [json.loads(opener.open(f"{web}/items/{k}?ms={ms}").read())["value"]
                for k, ms in (("a", 150), ("bbbb", 40), ("cc", 90))]
    return vals, re.findall(r"header: Content-Length: (\d+)", buf.getvalue())


# =========================================================================== (5) thread identity


def _fetch_where(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    return f"{v}@{threading.current_thread().name}"


def r134_thread_name_returned(web: str) -> list[str]:
    return [_fetch_where(web, k, ms) for k, ms in KS]


def _fetch_log_thread(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    LOG.info("%s fetched %s", threading.current_thread().name, k)
    return v


def r134_thread_name_logged(web: str) -> list[str]:
    return [_fetch_log_thread(web, k, ms) for k, ms in KS]


def _fetch_same_thread(web: str, k: str, ms: int, owner: int) -> tuple[str, bool]:
    v = _get(web, k, ms)
    return v, threading.get_ident() == owner


def r134_thread_ident_compared(web: str) -> list[tuple[str, bool]]:
    me = threading.get_ident()
    return [_fetch_same_thread(web, k, ms, me) for k, ms in KS]


def _fetch_native(web: str, k: str, ms: int, owner: int) -> str:
    v = _get(web, k, ms)
    return f"{v}:{threading.get_native_id() == owner}"


THR = corpus_logger("redteam134.thr")


def _thread_fmt(fn: Any, env: Env) -> Any:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("%(threadName)s|%(message)s"))
    THR.addHandler(h)
    try:
        return fn(env.web)
    finally:
        THR.removeHandler(h)


def _fetch_thr_log(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    THR.info("fetched %s", k)
    return v


def r134_thread_name_in_formatter(web: str) -> list[str]:
    return [_fetch_thr_log(web, k, ms) for k, ms in KS]


# =========================================================================== model calls


MODEL: contextvars.ContextVar[str] = contextvars.ContextVar("r134_model", default="gpt")


def _ask_ctx(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model=MODEL.get(),
                                       messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return f"{r.model}:{r.choices[0].message.content}"


def r134_oa_model_from_contextvar(client: Any) -> list[str]:
    tok = MODEL.set("gpt-ctx")
    try:
        a = _ask_ctx(client, "one?", 0.15)
        MODEL.set("gpt-ctx2")
        rest = [_ask_ctx(client, q, lat) for q, lat in (("two?", 0.04), ("three?", 0.09))]
    finally:
        MODEL.reset(tok)
    return [a, *rest]


_TLO = threading.local()


def _ask_counted(client: Any, q: str, lat: float) -> str:
    _TLO.calls = getattr(_TLO, "calls", 0) + 1
    r = client.chat.completions.create(model="gpt",
                                       messages=[{"role": "user", "content": f"#{_TLO.calls} {q}"}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def r134_oa_thread_local_call_counter(client: Any) -> list[str]:
    return [_ask_counted(client, q, lat) for q, lat in (("one?", 0.15), ("two?", 0.04),
                                                        ("three?", 0.09))]


def _ask_plain(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def r134_oa_seeded_prompt_choice(client: Any) -> list[str]:
    random.seed(2024)
    return [_ask_plain(client, random.choice(KEYS) + "?", lat) for lat in (0.15, 0.04, 0.09)]


# =========================================================================== (6) a setting changed right after a fan-out


def r134_after_fanout_setdefaulttimeout(web: str) -> list[str]:
    try:
        vals = [_url_get(web, k, ms) for k, ms in KS]
        socket.setdefaulttimeout(0.02)
        try:
            vals.append(_url_get(web, "d", 90))
        except (TimeoutError, urllib.error.URLError):
            vals.append("d-timeout")
    finally:
        socket.setdefaulttimeout(None)
    return vals


def r134_after_fanout_chdir(web: str, tmp: str) -> list[str]:
    old = os.getcwd()
    os.chdir(Path(tmp) / "d1")
    try:
        texts = [Path(n).read_text() for n in ("data.txt", "data.txt")]
        os.chdir(Path(tmp) / "d2")
        texts.append(Path("data.txt").read_text())
    finally:
        os.chdir(old)
    return [_get(web, t, ms) for t, (_, ms) in zip(texts, KS, strict=True)]


def r134_after_fanout_umask_then_write(web: str, tmp: str) -> list[str]:
    vals = [_get(web, k, ms) for k, ms in KS]
    old = os.umask(0o077)
    try:
        p = Path(tmp) / "all.txt"
        p.write_text(",".join(vals))
        return [*vals, oct(p.stat().st_mode & 0o777)]
    finally:
        os.umask(old)


def r134_after_fanout_oa_then_prec(client: Any) -> list[str]:
    answers = [_ask_plain(client, q, lat) for q, lat in (("one?", 0.15), ("two?", 0.04),
                                                          ("three?", 0.09))]
    decimal.getcontext().prec = 3
    try:
        return [str(Decimal(len(a)) / Decimal(7)) for a in answers]
    finally:
        decimal.getcontext().prec = 28


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_base(env: Env) -> tuple:
    return (env.openai_url,)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _hx(fn: Any, setup: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("state", fn, drive=_with_hx(setup), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) threading.local
    _w(r134_tlocal_session_per_thread, O3),
    _w(r134_tlocal_counter_in_key),
    _w(r134_tlocal_user_set_in_function, O3),
    _w(r134_tlocal_subclass_region, O3),
    _w(r134_tlocal_instance_attr_user, O3),
    _w(r134_tlocal_from_accessor, O3),
    # (2) contextvars, decimal
    _w(r134_ctxvar_set_then_comprehension, O3, overlap=3),
    _w(r134_ctxvar_changed_between_calls, O3),
    _w(r134_ctxvar_set_inside_helper, O3),
    _w(r134_ctxvar_copy_context_run, over(0.15, 0.04, 0.09, 0.06)),
    _w(r134_ctxvar_read_by_logging_helper, O3),
    Case("state", r134_ctxvar_async_set_between_awaits, drive=_run_async_web, servers="web",
         ideal=O3),
    _w(r134_decimal_prec_set_before_fetches, O3),
    _w(r134_decimal_localcontext_window, O3),
    _w(r134_decimal_flags_after_helpers, O3),
    # (3) os.environ
    _w(r134_env_base_url_helper, O3),
    _w(r134_env_key_changed_between_calls, O3),
    _w(r134_env_patch_dict_window, O3),
    _w(r134_env_proxy_refused_window, over(0.15, 0.09), cat="http"),
    _w(r134_env_no_proxy_removed_midway, over(0.15, 0.04), cat="http"),
    _w(r134_env_session_trust_env_flip, over(0.15, 0.04), cat="http"),
    _sdk(r134_oa_model_from_env_changed, O3),
    _sdk(r134_oa_client_from_env_vars, args=oa_base,
         ideal=(0.025 + 0.28) / (0.025 + 0.15)),
    _w(r134_tz_changed_between_calls, O3),
    # (4) cwd, umask, timeouts
    Case("files", r134_chdir_between_relative_reads, args=web_tmp, servers="web",
         setup=_dirs, ideal=O3),
    Case("files", r134_contextlib_chdir_block, args=web_tmp, servers="web", setup=_dirs,
         ideal=over(0.15, 0.04)),
    Case("files", r134_chdir_in_helper_open_reads, args=web_tmp, servers="web", setup=_dirs,
         ideal=over(0.15, 0.04)),
    _wt(r134_umask_changed_between_writes, O3, overlap=3),
    _w(r134_socket_default_timeout_window, over(0.15, 0.09), cat="http"),
    _w(r134_socket_default_timeout_generous, O3, cat="http", overlap=3),
    # (5) warnings
    _w(r134_warnings_recorded_in_order, O3),
    _w(r134_warnings_window_closes, over(0.15, 0.04)),
    _w(r134_warnings_filter_changed_midway, O3),
    # (5) logging
    _w(r134_httpx_lines_configured_in_function),
    _hx(r134_httpx_quieted_midway, _nothing, over(0.04, 0.09)),
    _hx(r134_httpx_logging_disable_lifted, _disable_all),
    _hx(r134_httpx_logger_disabled_flag_cleared, _mark_disabled),
    _hx(r134_httpx_level_attr_store, _level_warning),
    Case("state", r134_urllib3_level_attr_store, drive=_u3_warning, servers="web"),
    Case("state", r134_httpx_handlers_list_append, drive=_hx_level_only, servers="web"),
    Case("state", r134_httpx_propagate_turned_on, drive=_hx_not_propagating, servers="web"),
    _w(r134_corpus_logger_level_between, O3, cat="helpers"),
    # (5) random
    _w(r134_random_seed_choice_per_request, O3),
    _w(r134_random_choice_in_arg, O3),
    _w(r134_random_draw_after_get_in_helper, O3),
    # (5) stdout
    _w(r134_redirect_stdout_collects_prints, O3, cat="helpers"),
    _w(r134_redirect_stderr_helper_prints, O3, cat="helpers"),
    _w(r134_urllib_debuglevel_redirected, cat="http"),
    _w(r134_urllib_debuglevel_comprehension, cat="http"),
    # (5) thread identity
    _w(r134_thread_name_returned, cat="threads"),
    _w(r134_thread_name_logged, O3, cat="threads"),
    _w(r134_thread_ident_compared, cat="threads"),
    Case("threads", r134_thread_name_in_formatter, drive=_thread_fmt, servers="web", ideal=O3),
    # model calls
    _sdk(r134_oa_model_from_contextvar, O3),
    _sdk(r134_oa_thread_local_call_counter),
    _sdk(r134_oa_seeded_prompt_choice, O3),
    # (6) a setting changed right after a fan-out
    _w(r134_after_fanout_setdefaulttimeout, over(0.15, 0.04, 0.09, 0.02), cat="http",
       overlap=3),
    Case("files", r134_after_fanout_chdir, args=web_tmp, servers="web", setup=_dirs, ideal=O3,
         overlap=3),
    _wt(r134_after_fanout_umask_then_write, O3, overlap=3),
    _sdk(r134_after_fanout_oa_then_prec, O3, overlap=3),
]

# Cases that differed when written, fixed since (each failed on the code before its fix).
FIXED_WHY: dict[str, str] = {
    "r134_httpx_level_attr_store":
        "httpx's request lines vanish under jit (plain prints three). Planning calls "
        "isEnabledFor(INFO) on the httpx logger (`_request_output`), which fills logging's "
        "per-logger cache with False while the level is WARNING; the function's "
        "`HX.level = logging.INFO` (a store, which unlike setLevel clears no cache) then "
        "never takes effect, and the GETs overlap as if nothing logged.",
    "r134_urllib3_level_attr_store":
        "The same with requests: urllib3's DEBUG lines (two per GET in the plain run) are "
        "all missing under jit, since the plan's isEnabledFor(DEBUG) cached False on the "
        "urllib3 loggers before `U3.level = logging.DEBUG`.",
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
