# ruff: noqa: PLW0603, B023, B010 - the shapes under test: globals rebound, closures, setattr
"""Red-team cases (stop 235): process-wide, thread-local and context-local state changed
inside the function between I/O calls.

A function sets some state and calls a helper that does I/O, then changes the state and
calls the next helper: a `contextvars.ContextVar` set or reset (by the function, by a
helper, by a context manager), the thread's `decimal` context (``localcontext``, ``prec``
set in place, ``setcontext``, traps and flags), a `threading.local` (global, on a class,
a subclass with defaults, inside a list or an object passed in) and dicts keyed by
``threading.get_ident()``, the working directory (``os.chdir``, ``contextlib.chdir``)
between relative-path file operations, ``os.environ`` read by helpers and by libraries
(``HTTP_PROXY``/``NO_PROXY`` pointing at a closed port on 127.0.0.1, ``TZ`` with
``time.tzset``), ``socket.setdefaulttimeout``, ``sys.setrecursionlimit``, ``locale``,
``os.umask``, the global `random` state (``seed``, ``setstate``, a shared ``Random``),
``warnings`` filters and ``catch_warnings``, logger levels, ``logging.disable`` and
filters, ``sys.stdout`` reassigned or redirected, ``lru_cache``'s shared cache, class-level
counters, ``itertools.count`` and generators shared between helpers, ``uuid`` and
``secrets`` (only what is deterministic is compared), and ``async def`` functions with
context variables, `asyncio.TaskGroup`, ``gather`` and `anyio` task groups.

A call started early on another thread or task sees the state of the moment it runs, not
of the moment the plain program ran it; a helper that sets state after its I/O sets it on
its own thread or in its own copy of the context, where the caller never sees it. The
adversarial shapes: the state read by a helper *after* its request (so a launch-time copy
is too early or too late), the state set by a helper and read by the caller or by the next
helper's request (a data dependency that goes through no variable of the function), state
changed in place on an object a copied context still shares (``getcontext().prec = n``),
and records made in the order requests complete (a counter, a random draw, an append).
Every case restores what it changes in a ``finally`` of its own.

`FIXED_WHY` holds five cases, one shape, that differed when written: a helper that reads
an attribute of a `threading.local` set by the function's thread, reached through a list,
a dict, an object's attribute or a context variable rather than handed in itself. The
helper was classed a plain read and started early on another thread, where the local is
empty, so it read the ``getattr`` default (and, in one case, sent a model another prompt).
A thread-local anywhere in what a call is handed, or in a context variable, now keeps the
call in place.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import decimal
import functools
import io
import itertools
import locale
import logging
import os
import random
import secrets
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
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

log = corpus_logger("r235")


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(q: str, ms: int = 100) -> str:
    return str(models("sim/gpt", q, latency=ms / 1000))[:24]


def _chat(client: Any, q: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:20]


def _safe(f: Callable[..., Any], *args: Any) -> Any:
    """One call's value, or its exception's type and text."""
    try:
        return f(*args)
    except Exception as exc:  # noqa: BLE001 - one call's outcome
        return f"{type(exc).__name__}: {exc}"


def _kind(f: Callable[..., Any], *args: Any) -> Any:
    """One call's value, or only its exception's type (the text names objects' addresses)."""
    try:
        return f(*args)
    except Exception as exc:  # noqa: BLE001 - one call's outcome
        return type(exc).__name__


# ================================================================== context variables

REQ: contextvars.ContextVar[str] = contextvars.ContextVar("r235_req", default="none")
LAST: contextvars.ContextVar[str] = contextvars.ContextVar("r235_last", default="unset")
NEXT: contextvars.ContextVar[str] = contextvars.ContextVar("r235_next", default="nk-default")
COUNT: contextvars.ContextVar[int] = contextvars.ContextVar("r235_count", default=0)
TRAIL: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("r235_trail",
                                                                         default=None)


def _tag_then_get(web: str, key: str, ms: int) -> str:
    tag = REQ.get()
    return f"{tag}:{_get(web, key, ms)}"


def _get_then_tag(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{REQ.get()}:{v}"


def r235_cv_tag_read_before_get(web: str) -> list[str]:
    tok = REQ.set("alpha")
    try:
        a = _tag_then_get(web, "ta", 120)
        REQ.set("beta")
        b = _tag_then_get(web, "tb", 50)
    finally:
        REQ.reset(tok)
    return [a, b, REQ.get()]


def r235_cv_tag_read_after_get(web: str) -> list[str]:
    tok = REQ.set("alpha")
    try:
        a = _get_then_tag(web, "tc", 120)
        REQ.set("beta")
        b = _get_then_tag(web, "td", 50)
        REQ.set("gamma")
    finally:
        REQ.reset(tok)
    return [a, b, REQ.get()]


def _get_and_mark(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    LAST.set(key)
    return v


def r235_cv_helper_sets_caller_reads(web: str) -> list[str]:
    try:
        a = _get_and_mark(web, "ma", 120)
        b = _get_and_mark(web, "mb", 50)
        seen = LAST.get()
    finally:
        LAST.set("unset")
    return [a, b, seen]


def _mark_then_get(web: str, key: str, ms: int) -> str:
    LAST.set(key)
    return _get(web, key, ms)


def r235_cv_helper_sets_before_get(web: str) -> list[str]:
    try:
        a = _mark_then_get(web, "mc", 120)
        mid = LAST.get()
        b = _mark_then_get(web, "md", 50)
        seen = LAST.get()
    finally:
        LAST.set("unset")
    return [a, mid, b, seen]


def _first_hop(web: str) -> str:
    v = _get(web, "hop-a", 100)
    NEXT.set("hop-" + v[-1])
    return v


def _second_hop(web: str) -> str:
    return _get(web, NEXT.get(), 50)


def r235_cv_next_key_through_var(web: str) -> list[str]:
    try:
        a = _first_hop(web)
        b = _second_hop(web)
    finally:
        NEXT.set("nk-default")
    return [a, b]


def _get_into_trail(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    trail = TRAIL.get()
    if trail is not None:
        trail.append(key)
    return v


def r235_cv_trail_append_after_get(web: str) -> list[Any]:
    tok = TRAIL.set([])
    try:
        vals = [_get_into_trail(web, "tr-a", 150), _get_into_trail(web, "tr-b", 50),
                _get_into_trail(web, "tr-c", 90)]
        trail = list(TRAIL.get() or [])
    finally:
        TRAIL.reset(tok)
    return [vals, trail]


def _get_and_count(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    COUNT.set(COUNT.get() + 1)
    return f"{v}#{COUNT.get()}"


def r235_cv_counter_after_get(web: str) -> list[Any]:
    tok = COUNT.set(0)
    try:
        out = [_get_and_count(web, k, ms) for k, ms in (("ca", 140), ("cb", 50), ("cc", 90))]
        out.append(COUNT.get())
    finally:
        COUNT.reset(tok)
    return out


@contextlib.contextmanager
def _scope(name: str) -> Iterator[None]:
    tok = REQ.set(name)
    try:
        yield
    finally:
        REQ.reset(tok)


def r235_cv_scoped_contextmanager(web: str) -> list[str]:
    with _scope("outer"):
        a = _get_then_tag(web, "sa", 120)
        with _scope("inner"):
            b = _get_then_tag(web, "sb", 60)
        c = _get_then_tag(web, "sc", 50)
    d = _get_then_tag(web, "sd", 50)
    return [a, b, c, d]


def r235_cv_copy_context_run(web: str) -> list[str]:
    ctx = contextvars.copy_context()
    try:
        a = ctx.run(_get_and_mark, web, "cr-a", 100)
        b = _get_and_mark(web, "cr-b", 50)
        inside, outside = ctx[LAST], LAST.get()
    finally:
        LAST.set("unset")
    return [a, b, inside, outside]


def _get_and_log_tag(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    log.info("[%s] got %s", REQ.get(), key)
    return v


def r235_cv_logged_request_id(web: str) -> list[str]:
    out = []
    for i, (key, ms) in enumerate((("la", 130), ("lb", 50), ("lc", 80))):
        tok = REQ.set(f"req-{i}")
        try:
            out.append(_get_and_log_tag(web, key, ms))
        finally:
            REQ.reset(tok)
    return out


def r235_cv_requests_hook_reads_var(web: str) -> list[Any]:
    seen: list[str] = []

    def hook(r: requests.Response, *a: Any, **k: Any) -> None:
        seen.append(f"{REQ.get()}@{r.url.rsplit('/', 1)[-1]}")

    with requests.Session() as s:
        s.hooks["response"].append(hook)
        tok = REQ.set("first")
        try:
            a = s.get(f"{web}/items/hk-a?ms=120", timeout=5).json()["value"]
            REQ.set("second")
            b = s.get(f"{web}/items/hk-b?ms=50", timeout=5).json()["value"]
        finally:
            REQ.reset(tok)
    return [a, b, seen]


def _ask_tagged(q: str, ms: int) -> str:
    ans = _ask(q, ms)
    return f"{REQ.get()}|{ans}"


def r235_cv_model_call_tag_after(web: str) -> list[str]:
    tok = REQ.set("m1")
    try:
        a = _ask_tagged("first question", 120)
        REQ.set("m2")
        b = _ask_tagged("second question", 60)
        c = _get(web, "after-models", 50)
    finally:
        REQ.reset(tok)
    return [a, b, c]


def _get_then_put_tagged(web: str, src: str, dst: str) -> int:
    v = _get(web, src, 80)
    return _put(web, dst, f"{REQ.get()}:{v}")


def r235_cv_put_body_from_var(web: str) -> list[Any]:
    tok = REQ.set("writer-1")
    try:
        a = _get_then_put_tagged(web, "pb-src1", "pb-dst")
        REQ.set("writer-2")
        b = _get_then_put_tagged(web, "pb-src2", "pb-dst")
    finally:
        REQ.reset(tok)
    return [a, b, _get(web, "pb-dst")]


SHARED_DEFAULT: list[str] = []
BAG: contextvars.ContextVar[list[str]] = contextvars.ContextVar("r235_bag",
                                                               default=SHARED_DEFAULT)


def _get_into_bag(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    BAG.get().append(key)
    return v


def r235_cv_shared_default_list(web: str) -> list[Any]:
    SHARED_DEFAULT.clear()
    try:
        a = _get_into_bag(web, "bg-a", 140)
        b = _get_into_bag(web, "bg-b", 50)
        bag = list(BAG.get())
    finally:
        SHARED_DEFAULT.clear()
    return [a, b, bag]


def r235_cv_reset_in_helper_token(web: str) -> list[str]:
    tok = REQ.set("outer")

    def undo(key: str) -> str:
        v = _get(web, key, 90)
        REQ.reset(tok)
        return v

    try:
        a = undo("rt-a")
        after = REQ.get()
        b = _get_then_tag(web, "rt-b", 50)
    finally:
        if REQ.get() != "none":
            REQ.set("none")
    return [a, after, b]


# ================================================================== decimal contexts


def _ratio_after_get(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


def r235_dec_localcontext_around_helper(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        a = _ratio_after_get(web, "da", 120)
    b = _ratio_after_get(web, "db", 50)
    return [a, b]


def r235_dec_prec_set_in_place_after_call(web: str) -> list[str]:
    ctx = decimal.getcontext()
    saved = ctx.prec
    try:
        a = _ratio_after_get(web, "dc", 150)
        ctx.prec = 6
        b = _ratio_after_get(web, "dd", 50)
    finally:
        ctx.prec = saved
    return [a, b]


def _get_then_set_prec(web: str, key: str) -> str:
    v = _get(web, key, 90)
    decimal.getcontext().prec = 4
    return v


def r235_dec_helper_sets_prec(web: str) -> list[str]:
    saved = decimal.getcontext().prec
    try:
        a = _get_then_set_prec(web, "de")
        third = str(decimal.Decimal(1) / decimal.Decimal(3))
    finally:
        decimal.getcontext().prec = saved
    return [a, third]


def _get_then_setcontext(web: str, key: str) -> str:
    v = _get(web, key, 90)
    decimal.setcontext(decimal.Context(prec=3))
    return v


def r235_dec_helper_setcontext(web: str) -> list[str]:
    saved = decimal.getcontext()
    try:
        a = _get_then_setcontext(web, "df")
        b = _get(web, "dg", 50)
        third = str(decimal.Decimal(2) / decimal.Decimal(3))
    finally:
        decimal.setcontext(saved)
    return [a, b, third]


def _inexact_after_get(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(3))


def _exact_after_get(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(2))


def r235_dec_flags_cleared_between(web: str) -> list[Any]:
    ctx = decimal.getcontext()
    try:
        ctx.clear_flags()
        a = _inexact_after_get(web, "fl-a1", 150)  # 5 / 3: inexact
        ctx.clear_flags()
        b = _exact_after_get(web, "fl-b12", 50)  # 6 / 2: exact
        inexact = bool(ctx.flags[decimal.Inexact])
    finally:
        ctx.clear_flags()
    return [a, b, inexact]


def _div_zero_after_get(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(0))


def r235_dec_trap_disabled_after_call(web: str) -> list[Any]:
    ctx = decimal.getcontext()
    saved = ctx.traps[decimal.DivisionByZero]
    try:
        a = _kind(_div_zero_after_get, web, "dz-a", 140)
        ctx.traps[decimal.DivisionByZero] = False
        b = _kind(_div_zero_after_get, web, "dz-b", 50)
    finally:
        ctx.traps[decimal.DivisionByZero] = saved
        ctx.clear_flags()
    return [a, b]


def _quantized_after_get(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return str((decimal.Decimal(len(v)) / decimal.Decimal(8)).quantize(decimal.Decimal("0.1")))


def r235_dec_rounding_switched(web: str) -> list[str]:
    ctx = decimal.getcontext()
    saved = ctx.rounding
    try:
        ctx.rounding = decimal.ROUND_DOWN
        a = _quantized_after_get(web, "rd-abc", 130)  # 6 / 8 = 0.75
        ctx.rounding = decimal.ROUND_UP
        b = _quantized_after_get(web, "rd-abd", 50)
        ctx.rounding = decimal.ROUND_HALF_EVEN
    finally:
        ctx.rounding = saved
    return [a, b]


def _score_answer(q: str, ms: int) -> str:
    ans = _ask(q, ms)
    return str(decimal.Decimal(len(ans)) / decimal.Decimal(7))


def r235_dec_model_score_prec_changed(web: str) -> list[str]:
    ctx = decimal.getcontext()
    saved = ctx.prec
    try:
        ctx.prec = 4
        a = _score_answer("score me", 140)
        ctx.prec = 9
        b = _score_answer("score me too", 50)
    finally:
        ctx.prec = saved
    return [a, b, _get(web, "dm", 50)]


# ================================================================== threading.local

TL = threading.local()


def _get_into_tl(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    TL.last = key
    return v


def r235_tl_global_helper_sets_caller_reads(web: str) -> list[str]:
    TL.last = "start"
    try:
        a = _get_into_tl(web, "tl-a", 120)
        b = _get_into_tl(web, "tl-b", 50)
        seen = TL.last
    finally:
        TL.last = "start"
    return [a, b, seen]


class Ctx:
    local = threading.local()


def _get_into_class_local(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    Ctx.local.user = key
    return v


def r235_tl_on_class_attribute(web: str) -> list[str]:
    Ctx.local.user = "anon"
    try:
        a = _get_into_class_local(web, "cl-a", 110)
        b = _get_into_class_local(web, "cl-b", 50)
        seen = Ctx.local.user
    finally:
        Ctx.local.user = "anon"
    return [a, b, seen]


class Slot(threading.local):
    def __init__(self) -> None:
        self.n = 0


SLOT = Slot()


def _get_and_bump_slot(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    SLOT.n += 1
    return f"{v}#{SLOT.n}"


def r235_tl_subclass_counter(web: str) -> list[Any]:
    SLOT.n = 0
    try:
        out = [_get_and_bump_slot(web, "sl-a", 120), _get_and_bump_slot(web, "sl-b", 50)]
        out.append(SLOT.n)
    finally:
        SLOT.n = 0
    return out


CONF: dict[str, Any] = {"tl": threading.local()}


def _get_into_conf_local(web: str, key: str) -> str:
    v = _get(web, key, 80)
    CONF["tl"].token = v
    return v


def r235_tl_inside_dict(web: str) -> list[str]:
    CONF["tl"].token = "none"
    try:
        a = _get_into_conf_local(web, "cf-a")
        b = _get(web, "cf-b", 50)
        tok = CONF["tl"].token
    finally:
        CONF["tl"].token = "none"
    return [a, b, tok]


def _get_into_boxed_local(web: str, key: str, box: list[threading.local]) -> str:
    v = _get(web, key, 90)
    box[0].seen = key
    return v


def r235_tl_passed_in_list(web: str) -> list[str]:
    local = threading.local()
    local.seen = "nothing"
    a = _get_into_boxed_local(web, "bx-a", [local])
    b = _get(web, "bx-b", 50)
    return [a, b, local.seen]


class Holder:
    def __init__(self) -> None:
        self.state = threading.local()
        self.state.user = "anon"

    def fetch(self, web: str, key: str, ms: int) -> str:
        v = _get(web, key, ms)
        self.state.user = key
        return v


def r235_tl_held_by_object(web: str) -> list[str]:
    h = Holder()
    a = h.fetch(web, "ho-a", 110)
    b = h.fetch(web, "ho-b", 50)
    return [a, b, h.state.user]


SESSIONS: dict[int, requests.Session] = {}


def _thread_session() -> requests.Session:
    ident = threading.get_ident()
    if ident not in SESSIONS:
        SESSIONS[ident] = requests.Session()
    return SESSIONS[ident]


def _get_with_thread_session(web: str, key: str, ms: int) -> str:
    return _thread_session().get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r235_ident_keyed_sessions(web: str) -> list[Any]:
    try:
        vals = [_get_with_thread_session(web, k, ms)
                for k, ms in (("ik-a", 120), ("ik-b", 50), ("ik-c", 80))]
        made = len(SESSIONS)
    finally:
        for s in SESSIONS.values():
            s.close()
        SESSIONS.clear()
    return [vals, made]


def _get_and_log_thread(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    log.info("%s fetched on %s", key, threading.current_thread().name)
    return v


def r235_thread_name_logged(web: str) -> list[str]:
    return [_get_and_log_thread(web, "tn-a", 120), _get_and_log_thread(web, "tn-b", 50)]


def _get_on_same_thread(web: str, key: str, ident: int) -> list[Any]:
    v = _get(web, key, 80)
    return [v, threading.get_ident() == ident]


def r235_thread_ident_compared(web: str) -> list[Any]:
    me = threading.get_ident()
    return [_get_on_same_thread(web, "id-a", me), _get_on_same_thread(web, "id-b", me)]


# ================================================================== working directory


def _get_write_relative(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    with open("r235-out.txt", "w") as f:
        f.write(v)
    return v


def r235_cwd_chdir_between_relative_writes(tmp: str, web: str) -> list[Any]:
    base = Path(tmp)
    (base / "a").mkdir()
    (base / "b").mkdir()
    here = os.getcwd()
    try:
        os.chdir(base / "a")
        x = _get_write_relative(web, "cw-a", 130)
        os.chdir(base / "b")
        y = _get_write_relative(web, "cw-b", 50)
    finally:
        os.chdir(here)
    return [x, y, sorted(p.relative_to(base).as_posix() for p in base.rglob("*.txt"))]


def _read_relative_then_get(web: str) -> str:
    with open("r235-key.txt") as f:
        key = f.read().strip()
    return _get(web, key, 80)


def r235_cwd_relative_read_before_get(tmp: str, web: str) -> list[str]:
    base = Path(tmp)
    for d in ("p", "q"):
        (base / d).mkdir()
        (base / d / "r235-key.txt").write_text(f"key-{d}")
    here = os.getcwd()
    try:
        os.chdir(base / "p")
        a = _read_relative_then_get(web)
        os.chdir(base / "q")
        b = _read_relative_then_get(web)
    finally:
        os.chdir(here)
    return [a, b]


def _get_then_cwd_name(web: str, key: str, ms: int) -> list[str]:
    v = _get(web, key, ms)
    return [v, os.path.basename(os.getcwd())]


def r235_cwd_getcwd_after_get(tmp: str, web: str) -> list[Any]:
    base = Path(tmp)
    (base / "one").mkdir()
    (base / "two").mkdir()
    here = os.getcwd()
    try:
        os.chdir(base / "one")
        a = _get_then_cwd_name(web, "gc-a", 120)
        os.chdir(base / "two")
        b = _get_then_cwd_name(web, "gc-b", 50)
    finally:
        os.chdir(here)
    return [a, b]


def r235_cwd_contextlib_chdir_blocks(tmp: str, web: str) -> list[Any]:
    base = Path(tmp)
    (base / "c1").mkdir()
    (base / "c2").mkdir()
    here = os.getcwd()
    try:
        with contextlib.chdir(base / "c1"):
            a = _get_write_relative(web, "cc-a", 120)
        with contextlib.chdir(base / "c2"):
            b = _get_write_relative(web, "cc-b", 50)
    finally:
        os.chdir(here)
    return [a, b, sorted(p.parent.name for p in base.rglob("r235-out.txt"))]


def _get_then_chdir(web: str, key: str, to: Path) -> str:
    v = _get(web, key, 90)
    os.chdir(to)
    return v


def r235_cwd_helper_chdirs_after_get(tmp: str, web: str) -> list[Any]:
    base = Path(tmp)
    (base / "in").mkdir()
    here = os.getcwd()
    try:
        os.chdir(base)
        a = _get_then_chdir(web, "hc", base / "in")
        Path("r235-where.txt").write_text(a)
    finally:
        os.chdir(here)
    return [a, sorted(p.relative_to(base).as_posix() for p in base.rglob("*.txt"))]


def _get_append_relative_log(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    with open("r235-log.txt", "a") as f:
        f.write(f"{key}={v}\n")
    return v


def r235_cwd_append_log_moves(tmp: str, web: str) -> list[Any]:
    base = Path(tmp)
    (base / "l1").mkdir()
    (base / "l2").mkdir()
    here = os.getcwd()
    try:
        os.chdir(base / "l1")
        _get_append_relative_log(web, "al-a", 140)
        _get_append_relative_log(web, "al-b", 50)
        os.chdir(base / "l2")
        _get_append_relative_log(web, "al-c", 60)
    finally:
        os.chdir(here)
    return [(base / d / "r235-log.txt").read_text() if (base / d / "r235-log.txt").exists()
            else None for d in ("l1", "l2")]


def _get_then_resolve(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return Path("marker").resolve().parent.name + ":" + v


def r235_cwd_pathlib_resolve_after_get(tmp: str, web: str) -> list[str]:
    base = Path(tmp)
    (base / "r1").mkdir()
    (base / "r2").mkdir()
    here = os.getcwd()
    try:
        os.chdir(base / "r1")
        a = _get_then_resolve(web, "pr-a", 120)
        os.chdir(base / "r2")
        b = _get_then_resolve(web, "pr-b", 50)
    finally:
        os.chdir(here)
    return [a, b]


# ================================================================== environment variables


def _env_then_get(web: str, key: str) -> str:
    ms = int(os.environ.get("R235_MS", "50"))
    return f"{ms}:{_get(web, key, ms)}"


def r235_env_read_before_get(web: str) -> list[str]:
    saved = os.environ.get("R235_MS")
    try:
        os.environ["R235_MS"] = "120"
        a = _env_then_get(web, "ea")
        os.environ["R235_MS"] = "60"
        b = _env_then_get(web, "eb")
    finally:
        if saved is None:
            os.environ.pop("R235_MS", None)
        else:
            os.environ["R235_MS"] = saved
    return [a, b]


def _get_then_env(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{os.environ.get('R235_STAGE', '-')}:{v}"


def r235_env_read_after_get(web: str) -> list[str]:
    saved = os.environ.get("R235_STAGE")
    try:
        os.environ["R235_STAGE"] = "one"
        a = _get_then_env(web, "ec", 130)
        os.environ["R235_STAGE"] = "two"
        b = _get_then_env(web, "ed", 50)
        os.environ["R235_STAGE"] = "three"
    finally:
        if saved is None:
            os.environ.pop("R235_STAGE", None)
        else:
            os.environ["R235_STAGE"] = saved
    return [a, b]


def _get_then_setenv(web: str, key: str) -> str:
    v = _get(web, key, 90)
    os.environ["R235_TOKEN"] = v
    return v


def r235_env_helper_sets_caller_reads(web: str) -> list[Any]:
    try:
        a = _get_then_setenv(web, "tok")
        seen = os.environ.get("R235_TOKEN")
    finally:
        os.environ.pop("R235_TOKEN", None)
    return [a, seen]


def _get_key_from_env(web: str) -> str:
    return _get(web, os.environ.get("R235_NEXT", "en-default"), 50)


def _get_then_export_next(web: str) -> str:
    v = _get(web, "en-first", 100)
    os.environ["R235_NEXT"] = "en-" + v[-5:]
    return v


def r235_env_next_key_through_environ(web: str) -> list[str]:
    try:
        a = _get_then_export_next(web)
        b = _get_key_from_env(web)
    finally:
        os.environ.pop("R235_NEXT", None)
    return [a, b]


_PROXY_VARS = ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy")


def _save_proxy_env() -> dict[str, str | None]:
    return {k: os.environ.get(k) for k in _PROXY_VARS}


def _restore_env(saved: dict[str, str | None]) -> None:
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def r235_env_http_proxy_set_after_get(web: str) -> list[Any]:
    saved = _save_proxy_env()
    try:
        for k in _PROXY_VARS:
            os.environ.pop(k, None)
        a = _kind(_get, web, "px-a", 120)
        os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
        b = _kind(_get, web, "px-b", 50)
    finally:
        _restore_env(saved)
    return [a, b]


def r235_env_no_proxy_removed_after_get(web: str) -> list[Any]:
    saved = _save_proxy_env()
    try:
        for k in _PROXY_VARS:
            os.environ.pop(k, None)
        os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
        os.environ["NO_PROXY"] = "127.0.0.1"
        a = _kind(_get, web, "np-a", 120)
        b = _kind(_get, web, "np-b", 60)
        del os.environ["NO_PROXY"]
        c = _kind(_get, web, "np-c", 50)
    finally:
        _restore_env(saved)
    return [a, b, c]


def r235_env_proxy_cleared_before_later_gets(web: str) -> list[Any]:
    saved = _save_proxy_env()
    try:
        for k in _PROXY_VARS:
            os.environ.pop(k, None)
        os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
        a = _kind(_get, web, "pc-a", 50)
        del os.environ["HTTP_PROXY"]
        b = _kind(_get, web, "pc-b", 100)
        c = _kind(_get, web, "pc-c", 50)
    finally:
        _restore_env(saved)
    return [a, b, c]


def r235_env_ca_bundle_harmless_on_http(web: str) -> list[Any]:
    saved = os.environ.get("REQUESTS_CA_BUNDLE")
    try:
        a = _kind(_get, web, "ca-a", 100)
        os.environ["REQUESTS_CA_BUNDLE"] = "/nonexistent/r235-ca.pem"
        b = _kind(_get, web, "ca-b", 50)
        c = _kind(_get, web, "ca-c", 50)
    finally:
        if saved is None:
            os.environ.pop("REQUESTS_CA_BUNDLE", None)
        else:
            os.environ["REQUESTS_CA_BUNDLE"] = saved
    return [a, b, c]


def r235_env_httpx_client_made_before_proxy(web: str) -> list[Any]:
    saved = _save_proxy_env()
    try:
        for k in _PROXY_VARS:
            os.environ.pop(k, None)
        with httpx.Client(timeout=5) as c:
            a = c.get(f"{web}/items/hx-a?ms=100").json()["value"]
            os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
            b = c.get(f"{web}/items/hx-b?ms=50").json()["value"]
        with httpx.Client(timeout=5) as c2:
            d = _kind(lambda: c2.get(f"{web}/items/hx-c?ms=50").json()["value"])
    finally:
        _restore_env(saved)
    return [a, b, d]


def _get_then_local_hour(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return v + "@" + time.strftime("%H:%M %Z", time.localtime(3600 * 5))


def r235_env_tz_tzset_between(web: str) -> list[str]:
    saved = os.environ.get("TZ")
    try:
        os.environ["TZ"] = "UTC0"
        time.tzset()
        a = _get_then_local_hour(web, "tz-a", 130)
        os.environ["TZ"] = "EST+5"
        time.tzset()
        b = _get_then_local_hour(web, "tz-b", 50)
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
    return [a, b]


def r235_env_snapshot_after_helpers(web: str) -> list[Any]:
    try:
        a = _get_then_setenv(web, "sn-a")
        b = _get(web, "sn-b", 50)
        snap = {k: v for k, v in os.environ.items() if k.startswith("R235_")}
    finally:
        os.environ.pop("R235_TOKEN", None)
    return [a, b, snap]


def _ask_then_env_suffix(q: str, ms: int) -> str:
    ans = _ask(q, ms)
    return ans + os.environ.get("R235_SUFFIX", "")


def r235_env_model_suffix_after_call(web: str) -> list[str]:
    saved = os.environ.get("R235_SUFFIX")
    try:
        os.environ["R235_SUFFIX"] = "!"
        a = _ask_then_env_suffix("env one", 130)
        os.environ["R235_SUFFIX"] = "?"
        b = _ask_then_env_suffix("env two", 50)
        c = _get(web, "es", 50)
    finally:
        if saved is None:
            os.environ.pop("R235_SUFFIX", None)
        else:
            os.environ["R235_SUFFIX"] = saved
    return [a, b, c]


# ================================================================== socket, recursion, locale, umask


def _urlopen_value(web: str, key: str, ms: int) -> str:
    with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}") as r:
        return r.read().decode()[-14:]


def r235_sock_default_timeout_after_get(web: str) -> list[Any]:
    saved = socket.getdefaulttimeout()
    try:
        a = _kind(_urlopen_value, web, "st-a", 120)
        socket.setdefaulttimeout(0.03)
        b = _kind(_urlopen_value, web, "st-b", 150)
    finally:
        socket.setdefaulttimeout(saved)
    return [a, b]


def _get_then_short_timeout(web: str, key: str) -> str:
    v = _get(web, key, 60)
    socket.setdefaulttimeout(0.03)
    return v


def r235_sock_helper_sets_default_timeout(web: str) -> list[Any]:
    saved = socket.getdefaulttimeout()
    try:
        a = _get_then_short_timeout(web, "sh-a")
        b = _kind(_urlopen_value, web, "sh-b", 150)
    finally:
        socket.setdefaulttimeout(saved)
    return [a, b]


def r235_sock_default_timeout_raised_between(web: str) -> list[Any]:
    saved = socket.getdefaulttimeout()
    try:
        socket.setdefaulttimeout(0.03)
        a = _kind(_urlopen_value, web, "sr-a", 100)
        socket.setdefaulttimeout(5)
        b = _kind(_urlopen_value, web, "sr-b", 100)
    finally:
        socket.setdefaulttimeout(saved)
    return [a, b]


def _depth() -> int:
    n, f = 0, sys._getframe()
    while f is not None:
        n, f = n + 1, f.f_back
    return n


def _nest(n: int) -> int:
    return 0 if n == 0 else 1 + _nest(n - 1)


def _get_then_recurse(web: str, key: str, levels: int) -> Any:
    v = _get(web, key, 80)
    try:
        return [v, _nest(levels)]
    except RecursionError:
        return [v, "too deep"]


def r235_recursion_limit_lowered_after_call(web: str) -> list[Any]:
    saved = sys.getrecursionlimit()
    try:
        a = _get_then_recurse(web, "rl-a", 200)
        sys.setrecursionlimit(_depth() + 120)
        b = _get_then_recurse(web, "rl-b", 200)
    finally:
        sys.setrecursionlimit(saved)
    return [a, b]


def _get_then_lc_time(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return v + "/" + locale.setlocale(locale.LC_TIME)


def r235_locale_lc_time_between(web: str) -> list[str]:
    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C.UTF-8")
        a = _get_then_lc_time(web, "lo-a", 120)
        locale.setlocale(locale.LC_TIME, "C")
        b = _get_then_lc_time(web, "lo-b", 50)
    finally:
        locale.setlocale(locale.LC_TIME, saved)
    return [a, b]


def _get_then_lc_ctype_upper(web: str, key: str) -> str:
    v = _get(web, key, 80)
    return locale.setlocale(locale.LC_CTYPE) + ":" + v.upper()


def r235_locale_ctype_set_after_call(web: str) -> list[str]:
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C")
        a = _get_then_lc_ctype_upper(web, "lc-a")
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        b = _get(web, "lc-b", 50)
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)
    return [a, b]


def _get_then_create(web: str, key: str, path: Path, ms: int) -> str:
    v = _get(web, key, ms)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)
    try:
        os.write(fd, v.encode())
    finally:
        os.close(fd)
    return oct(os.stat(path).st_mode & 0o777)


def r235_umask_changed_after_call(tmp: str, web: str) -> list[str]:
    old = os.umask(0o022)
    try:
        a = _get_then_create(web, "um-a", Path(tmp) / "um-a.txt", 120)
        os.umask(0o077)
        b = _get_then_create(web, "um-b", Path(tmp) / "um-b.txt", 50)
    finally:
        os.umask(old)
    return [a, b]


# ================================================================== random state


def _draw_then_get(web: str) -> str:
    key = f"rk-{random.randint(1, 6)}"
    return _get(web, key, 60)


def r235_rand_seed_draw_before_get(web: str) -> list[str]:
    saved = random.getstate()
    try:
        random.seed(235)
        out = [_draw_then_get(web) for _ in range(3)]
    finally:
        random.setstate(saved)
    return out


def _get_then_draw(web: str, key: str, ms: int) -> list[Any]:
    v = _get(web, key, ms)
    return [v, random.randint(1, 10**6)]


def r235_rand_draw_after_get_completion_order(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(7)
        a = _get_then_draw(web, "rd-a", 150)
        b = _get_then_draw(web, "rd-b", 50)
        c = _get_then_draw(web, "rd-c", 90)
    finally:
        random.setstate(saved)
    return [a, b, c]


def r235_rand_reseed_after_call(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(1)
        a = _get_then_draw(web, "rs-a", 120)
        random.seed(2)
        b = random.randint(1, 10**6)
    finally:
        random.setstate(saved)
    return [a, b]


def r235_rand_setstate_replay(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(3)
        st = random.getstate()
        a = _get_then_draw(web, "ss-a", 110)
        random.setstate(st)
        again = random.randint(1, 10**6)
        b = _get(web, "ss-b", 50)
    finally:
        random.setstate(saved)
    return [a, again, b]


RNG = random.Random(0)


def _get_then_rng(web: str, key: str, ms: int) -> list[Any]:
    v = _get(web, key, ms)
    return [v, RNG.random()]


def r235_rand_shared_instance_after_get(web: str) -> list[Any]:
    RNG.seed(11)
    return [_get_then_rng(web, "ri-a", 140), _get_then_rng(web, "ri-b", 50)]


def r235_rand_choice_keys_then_put(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(42)
        out = []
        for _ in range(3):
            k = random.choice(["x", "y", "z"])
            out.append(_put(web, f"ch-{k}", str(random.randint(0, 9))))
        out.append(_get(web, "ch-x", 50))
    finally:
        random.setstate(saved)
    return out


DECK: list[int] = []


def _get_then_shuffle(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    random.shuffle(DECK)
    return v + ":" + "".join(map(str, DECK))


def r235_rand_shuffle_shared_list(web: str) -> list[str]:
    saved = random.getstate()
    DECK[:] = [1, 2, 3, 4, 5]
    try:
        random.seed(5)
        a = _get_then_shuffle(web, "sf-a", 130)
        DECK.append(6)
        b = _get_then_shuffle(web, "sf-b", 50)
    finally:
        random.setstate(saved)
        DECK.clear()
    return [a, b]


def _get_jittered(web: str, key: str) -> list[Any]:
    v = _get(web, key, 60)
    pause = random.uniform(0.01, 0.03)
    time.sleep(pause)
    return [v, round(pause, 6)]


def r235_rand_jitter_sleeps(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(9)
        out = [_get_jittered(web, f"jt-{i}") for i in range(3)]
    finally:
        random.setstate(saved)
    return out


def _ask_then_draw(q: str, ms: int) -> list[Any]:
    ans = _ask(q, ms)
    return [ans, random.random()]


def r235_rand_model_calls_then_draw(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(12)
        a = _ask_then_draw("rand one", 140)
        b = _ask_then_draw("rand two", 50)
        c = _get(web, "rm", 50)
    finally:
        random.setstate(saved)
    return [a, b, c]


# ================================================================== warnings


def _get_then_warn(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    warnings.warn(f"stale {key}", UserWarning, stacklevel=1)
    return v


def r235_warn_error_filter_after_call(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = _safe(_get_then_warn, web, "wa", 130)
        warnings.simplefilter("error")
        b = _safe(_get_then_warn, web, "wb", 50)
    return [a, b, [str(w.message) for w in caught]]


def r235_warn_ignore_block_around_second(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = _get_then_warn(web, "wc", 130)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            b = _get_then_warn(web, "wd", 50)
        c = _get_then_warn(web, "we", 60)
    return [a, b, c, [str(w.message) for w in caught]]


def _get_then_silence(web: str, key: str) -> str:
    v = _get(web, key, 80)
    warnings.simplefilter("ignore")
    return v


def r235_warn_helper_changes_filter(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = _get_then_silence(web, "wf")
        warnings.warn("after silence", UserWarning, stacklevel=1)
        b = _get(web, "wg", 50)
    return [a, b, [str(w.message) for w in caught]]


def r235_warn_showwarning_prints(web: str) -> list[Any]:
    def show(message: Any, category: Any, *rest: Any, **kw: Any) -> None:
        print("WARNED", category.__name__, message)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        a = _get_then_warn(web, "wh", 120)
        print("between")
        b = _get_then_warn(web, "wi", 50)
    return [a, b]


# ================================================================== logging levels

rlog = corpus_logger("r235.levels")


def _get_then_info(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    rlog.info("fetched %s", key)
    return v


def r235_log_level_raised_after_call(web: str) -> list[str]:
    try:
        a = _get_then_info(web, "lv-a", 130)
        rlog.setLevel(logging.WARNING)
        b = _get_then_info(web, "lv-b", 50)
    finally:
        rlog.setLevel(logging.NOTSET)
    return [a, b]


def r235_log_disable_after_call(web: str) -> list[str]:
    try:
        a = _get_then_info(web, "ld-a", 130)
        logging.disable(logging.INFO)
        b = _get_then_info(web, "ld-b", 50)
    finally:
        logging.disable(logging.NOTSET)
    return [a, b]


def _get_then_debug(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    rlog.debug("debug %s", key)
    return v


def r235_log_level_lowered_after_call(web: str) -> list[str]:
    try:
        rlog.setLevel(logging.INFO)
        a = _get_then_debug(web, "ll-a", 130)
        rlog.setLevel(logging.DEBUG)
        b = _get_then_debug(web, "ll-b", 50)
    finally:
        rlog.setLevel(logging.NOTSET)
    return [a, b]


def _get_then_mute(web: str, key: str) -> str:
    v = _get(web, key, 80)
    rlog.setLevel(logging.ERROR)
    return v


def r235_log_helper_sets_level(web: str) -> list[str]:
    try:
        a = _get_then_mute(web, "lm-a")
        rlog.warning("after mute")
        b = _get(web, "lm-b", 50)
        rlog.error("error after mute")
    finally:
        rlog.setLevel(logging.NOTSET)
    return [a, b]


class _DropB(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "-b" not in record.getMessage()


def r235_log_filter_added_after_call(web: str) -> list[str]:
    f = _DropB()
    try:
        a = _get_then_info(web, "lf-b1", 130)
        rlog.addFilter(f)
        b = _get_then_info(web, "lf-b2", 50)
        c = _get_then_info(web, "lf-c", 50)
    finally:
        rlog.removeFilter(f)
    return [a, b, c]


def r235_log_level_per_loop_iteration(web: str) -> list[str]:
    out = []
    try:
        for i, (key, ms) in enumerate((("li-a", 120), ("li-b", 50), ("li-c", 80))):
            rlog.setLevel(logging.INFO if i % 2 == 0 else logging.WARNING)
            out.append(_get_then_info(web, key, ms))
    finally:
        rlog.setLevel(logging.NOTSET)
    return out


# ================================================================== sys.stdout


def _get_then_print(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    print("got", key, v)
    return v


def r235_stdout_reassigned_after_call(web: str) -> list[str]:
    buf = io.StringIO()
    saved = sys.stdout
    try:
        a = _get_then_print(web, "so-a", 130)
        sys.stdout = buf
        b = _get_then_print(web, "so-b", 50)
    finally:
        sys.stdout = saved
    return [a, b, buf.getvalue()]


def r235_stdout_redirect_block(web: str) -> list[str]:
    buf = io.StringIO()
    a = _get_then_print(web, "sr-a", 130)
    with contextlib.redirect_stdout(buf):
        b = _get_then_print(web, "sr-b", 50)
    c = _get_then_print(web, "sr-c", 50)
    return [a, b, c, buf.getvalue()]


def r235_stdout_prints_between_calls(web: str) -> list[str]:
    a = _get_then_print(web, "sp-a", 130)
    print("main one")
    b = _get_then_print(web, "sp-b", 50)
    print("main two")
    return [a, b]


def _get_then_print_to(web: str, key: str, out: Any) -> str:
    v = _get(web, key, 80)
    print("to", key, file=out)
    return v


def r235_stdout_file_arg_evaluated_late(web: str) -> list[str]:
    buf = io.StringIO()
    saved = sys.stdout
    try:
        a = _get_then_print_to(web, "sf-a", sys.stdout)
        sys.stdout = buf
        b = _get_then_print_to(web, "sf-b", sys.stdout)
    finally:
        sys.stdout = saved
    return [a, b, buf.getvalue()]


# ================================================================== caches, counters, generators


@functools.lru_cache(maxsize=32)
def _cached_get(web: str, key: str) -> str:
    return _get(web, key, 90)


def r235_lru_same_key_twice(web: str) -> list[Any]:
    _cached_get.cache_clear()
    try:
        a = _cached_get(web, "lru-a")
        b = _cached_get(web, "lru-a")
        c = _cached_get(web, "lru-b")
        info = _cached_get.cache_info()
    finally:
        _cached_get.cache_clear()
    return [a, b, c, info.hits, info.misses]


def r235_lru_cleared_between(web: str) -> list[Any]:
    _cached_get.cache_clear()
    try:
        a = _cached_get(web, "lc-a")
        _cached_get.cache_clear()
        b = _cached_get(web, "lc-a")
        n = _cached_get.cache_info().currsize
    finally:
        _cached_get.cache_clear()
    return [a, b, n]


MEMO: dict[str, str] = {}


def _memo_get(web: str, key: str) -> str:
    if key not in MEMO:
        MEMO[key] = _get(web, key, 90)
    return MEMO[key]


def r235_memo_dict_same_key(web: str) -> list[Any]:
    MEMO.clear()
    try:
        out = [_memo_get(web, "mm-a"), _memo_get(web, "mm-a"), _memo_get(web, "mm-b")]
        out.append(sorted(MEMO))
    finally:
        MEMO.clear()
    return out


class Fetcher:
    calls = 0

    def __init__(self, web: str) -> None:
        self.web = web

    def fetch_after(self, key: str, ms: int) -> str:
        v = _get(self.web, key, ms)
        Fetcher.calls += 1
        return f"{v}#{Fetcher.calls}"

    def fetch_before(self, key: str, ms: int) -> str:
        Fetcher.calls += 1
        n = Fetcher.calls
        return f"{_get(self.web, key, ms)}#{n}"


def r235_class_counter_after_get(web: str) -> list[str]:
    Fetcher.calls = 0
    f = Fetcher(web)
    try:
        return [f.fetch_after("fc-a", 140), f.fetch_after("fc-b", 50), f.fetch_after("fc-c", 80)]
    finally:
        Fetcher.calls = 0


def r235_class_counter_before_get(web: str) -> list[str]:
    Fetcher.calls = 0
    f = Fetcher(web)
    try:
        return [f.fetch_before("fb-a", 140), f.fetch_before("fb-b", 50)]
    finally:
        Fetcher.calls = 0


SEQ = itertools.count(1)


def _get_then_number(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{next(SEQ)}:{v}"


def r235_itertools_count_after_get(web: str) -> list[str]:
    global SEQ
    SEQ = itertools.count(1)
    return [_get_then_number(web, "sq-a", 140), _get_then_number(web, "sq-b", 50),
            _get_then_number(web, "sq-c", 80)]


def _ids() -> Iterator[str]:
    for i in itertools.count():
        yield f"id{i}"


IDS = _ids()


def _get_then_id(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{next(IDS)}={v}"


def r235_shared_generator_after_get(web: str) -> list[str]:
    global IDS
    IDS = _ids()
    return [_get_then_id(web, "gi-a", 130), _get_then_id(web, "gi-b", 50)]


def _pages(web: str) -> Iterator[str]:
    for k in ("pg-1", "pg-2", "pg-3"):
        yield _get(web, k, 60)


PAGES: Iterator[str] = iter(())


def _next_page_tagged(tag: str) -> str:
    return f"{tag}:{next(PAGES)}"


def r235_shared_generator_doing_io(web: str) -> list[str]:
    global PAGES
    PAGES = _pages(web)
    a = _next_page_tagged("x")
    b = _get(web, "pg-side", 100)
    c = _next_page_tagged("y")
    d = _next_page_tagged("z")
    return [a, b, c, d]


def r235_uuid5_keys_deterministic(web: str) -> list[str]:
    out = []
    for name in ("alpha", "beta"):
        key = "u-" + uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:8]
        out.append(_get(web, key, 70))
    return out


def _get_with_uuid(web: str, key: str, ms: int) -> str:
    rid = uuid.uuid4()
    v = _get(web, key, ms)
    return f"{len(rid.hex)}:{v}"


def r235_uuid4_only_lengths(web: str) -> list[Any]:
    vals = [_get_with_uuid(web, "uu-a", 120), _get_with_uuid(web, "uu-b", 50)]
    tokens = {secrets.token_hex(8) for _ in range(4)}
    return [vals, len(tokens), all(len(t) == 16 for t in tokens)]


def _get_then_put_nonce(web: str, key: str) -> int:
    v = _get(web, key, 80)
    nonce = secrets.token_hex(4)
    return _put(web, "nonce", f"{v}:{len(nonce)}")


def r235_secrets_nonce_writes(web: str) -> list[Any]:
    a = _get_then_put_nonce(web, "sn-1")
    b = _get_then_put_nonce(web, "sn-2")
    return [a, b, _get(web, "nonce")]


CONFIG: dict[str, str] = {"label": "base"}


def _get_then_label(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{CONFIG['label']}:{v}"


def r235_global_config_mutated_between(web: str) -> list[str]:
    CONFIG["label"] = "first"
    try:
        a = _get_then_label(web, "gl-a", 130)
        CONFIG["label"] = "second"
        b = _get_then_label(web, "gl-b", 50)
    finally:
        CONFIG["label"] = "base"
    return [a, b]


class Settings:
    retries = 1
    label = "init"


def _get_then_settings(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{Settings.label}/{Settings.retries}:{v}"


def r235_class_settings_changed_between(web: str) -> list[str]:
    try:
        Settings.label = "one"
        a = _get_then_settings(web, "cs-a", 130)
        Settings.label, Settings.retries = "two", 3
        b = _get_then_settings(web, "cs-b", 50)
    finally:
        Settings.label, Settings.retries = "init", 1
    return [a, b]


def r235_sdk_cv_set_after_chat(client: Any, web: str) -> list[str]:
    def chat_and_mark(q: str) -> str:
        ans = _chat(client, q)
        LAST.set(q)
        return ans

    try:
        a = chat_and_mark("sdk one")
        b = chat_and_mark("sdk two")
        seen = LAST.get()
        c = _get(web, "sdk-after", 50)
    finally:
        LAST.set("unset")
    return [a, b, seen, c]


def r235_sdk_env_read_after_chat(client: Any, web: str) -> list[str]:
    def chat_and_env(q: str) -> str:
        ans = _chat(client, q)
        return ans + os.environ.get("R235_SDK", "-")

    saved = os.environ.get("R235_SDK")
    try:
        os.environ["R235_SDK"] = "A"
        a = chat_and_env("sdk three")
        os.environ["R235_SDK"] = "B"
        b = chat_and_env("sdk four")
        c = _get(web, "sdk-env", 50)
    finally:
        if saved is None:
            os.environ.pop("R235_SDK", None)
        else:
            os.environ["R235_SDK"] = saved
    return [a, b, c]


# ================================================================== async functions


async def _aget(c: httpx.AsyncClient, web: str, key: str, ms: int = 50) -> str:
    r = await c.get(f"{web}/items/{key}?ms={ms}")
    return r.json()["value"]


async def _aget_and_mark(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    LAST.set(key)
    return v


async def r235_async_cv_helper_sets_caller_reads(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            a = await _aget_and_mark(c, web, "am-a", 120)
            b = await _aget_and_mark(c, web, "am-b", 50)
            seen = LAST.get()
        finally:
            LAST.set("unset")
    return [a, b, seen]


async def _afirst_hop(c: httpx.AsyncClient, web: str) -> str:
    v = await _aget(c, web, "ahop-a", 100)
    NEXT.set("ahop-" + v[-1])
    return v


async def r235_async_cv_next_key(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            a = await _afirst_hop(c, web)
            b = await _aget(c, web, NEXT.get(), 50)
        finally:
            NEXT.set("nk-default")
    return [a, b]


async def _aget_then_tag(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    return f"{REQ.get()}:{v}"


async def r235_async_cv_set_between_awaits(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        tok = REQ.set("a1")
        try:
            a = await _aget_then_tag(c, web, "as-a", 120)
            REQ.set("a2")
            b = await _aget_then_tag(c, web, "as-b", 50)
            REQ.set("a3")
        finally:
            REQ.reset(tok)
    return [a, b]


async def r235_async_taskgroup_cv_isolated(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            async with asyncio.TaskGroup() as tg:
                t1 = tg.create_task(_aget_and_mark(c, web, "tg-a", 120))
                t2 = tg.create_task(_aget_and_mark(c, web, "tg-b", 50))
            seen = LAST.get()
            d = await _aget_and_mark(c, web, "tg-c", 50)
            after = LAST.get()
        finally:
            LAST.set("unset")
    return [t1.result(), t2.result(), seen, d, after]


async def r235_async_gather_then_own_await(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as c:
        tok = REQ.set("g")
        try:
            xs = await asyncio.gather(_aget_then_tag(c, web, "ga-a", 100),
                                      _aget_then_tag(c, web, "ga-b", 50))
            REQ.set("h")
            y = await _aget_then_tag(c, web, "ga-c", 50)
        finally:
            REQ.reset(tok)
    return [xs, y]


async def _atrail(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    trail = TRAIL.get()
    if trail is not None:
        trail.append(key)
    return v


async def r235_async_trail_completion_order(web: str) -> list[Any]:
    tok = TRAIL.set([])
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            a = await _atrail(c, web, "at-a", 150)
            b = await _atrail(c, web, "at-b", 50)
            d = await _atrail(c, web, "at-c", 90)
        trail = list(TRAIL.get() or [])
    finally:
        TRAIL.reset(tok)
    return [a, b, d, trail]


async def _aratio(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


async def r235_async_decimal_prec_between(web: str) -> list[str]:
    ctx = decimal.getcontext()
    saved = ctx.prec
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            a = await _aratio(c, web, "ad-a", 140)
            ctx.prec = 5
            b = await _aratio(c, web, "ad-b", 50)
    finally:
        ctx.prec = saved
    return [a, b]


async def r235_async_decimal_localcontext(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            a = await _aratio(c, web, "al-a", 120)
        b = await _aratio(c, web, "al-b", 50)
    return [a, b]


async def _aget_write_relative(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    Path("r235-async.txt").write_text(v)
    return v


def _arun_tmp(f: Callable[..., Any], env: Env) -> Any:
    return asyncio.run(f(str(env.tmp), env.web))


async def r235_async_chdir_between(tmp: str, web: str) -> list[Any]:
    base = Path(tmp)
    (base / "x").mkdir()
    (base / "y").mkdir()
    here = os.getcwd()
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            os.chdir(base / "x")
            a = await _aget_write_relative(c, web, "ac-a", 130)
            os.chdir(base / "y")
            b = await _aget_write_relative(c, web, "ac-b", 50)
    finally:
        os.chdir(here)
    return [a, b, sorted(p.parent.name for p in base.rglob("r235-async.txt"))]


async def _aget_then_draw(c: httpx.AsyncClient, web: str, key: str, ms: int) -> list[Any]:
    v = await _aget(c, web, key, ms)
    return [v, random.randint(1, 10**6)]


async def r235_async_random_after_await(web: str) -> list[Any]:
    saved = random.getstate()
    try:
        random.seed(21)
        async with httpx.AsyncClient(timeout=5) as c:
            a = await _aget_then_draw(c, web, "ar-a", 150)
            b = await _aget_then_draw(c, web, "ar-b", 50)
    finally:
        random.setstate(saved)
    return [a, b]


async def _aget_then_info(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    rlog.info("async fetched %s", key)
    return v


async def r235_async_log_level_mid(web: str) -> list[str]:
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            a = await _aget_then_info(c, web, "ag-a", 130)
            rlog.setLevel(logging.WARNING)
            b = await _aget_then_info(c, web, "ag-b", 50)
    finally:
        rlog.setLevel(logging.NOTSET)
    return [a, b]


class ACounter:
    n = 0


async def _aget_then_bump(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    ACounter.n += 1
    return f"{v}#{ACounter.n}"


async def r235_async_class_counter(web: str) -> list[str]:
    ACounter.n = 0
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            a = await _aget_then_bump(c, web, "ak-a", 140)
            b = await _aget_then_bump(c, web, "ak-b", 50)
            d = await _aget_then_bump(c, web, "ak-c", 80)
    finally:
        ACounter.n = 0
    return [a, b, d]


async def _aget_then_env(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    return f"{os.environ.get('R235_ASTAGE', '-')}:{v}"


async def r235_async_environ_after_await(web: str) -> list[str]:
    saved = os.environ.get("R235_ASTAGE")
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            os.environ["R235_ASTAGE"] = "p"
            a = await _aget_then_env(c, web, "ae-a", 130)
            os.environ["R235_ASTAGE"] = "q"
            b = await _aget_then_env(c, web, "ae-b", 50)
    finally:
        if saved is None:
            os.environ.pop("R235_ASTAGE", None)
        else:
            os.environ["R235_ASTAGE"] = saved
    return [a, b]


async def _aget_then_print(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    print("async got", key)
    return v


async def r235_async_stdout_redirect_mid(web: str) -> list[str]:
    buf = io.StringIO()
    async with httpx.AsyncClient(timeout=5) as c:
        a = await _aget_then_print(c, web, "ao-a", 130)
        with contextlib.redirect_stdout(buf):
            b = await _aget_then_print(c, web, "ao-b", 50)
        d = await _aget_then_print(c, web, "ao-c", 50)
    return [a, b, d, buf.getvalue()]


async def _aget_then_warn(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    warnings.warn(f"async stale {key}", UserWarning, stacklevel=1)
    return v


async def r235_async_warning_filter_mid(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as c:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = await _aget_then_warn(c, web, "aw-a", 130)
            warnings.simplefilter("ignore")
            b = await _aget_then_warn(c, web, "aw-b", 50)
    return [a, b, [str(w.message) for w in caught]]


async def r235_async_cv_scoped_around_await(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        with _scope("s1"):
            a = await _aget_then_tag(c, web, "sc-a", 120)
        with _scope("s2"):
            b = await _aget_then_tag(c, web, "sc-b", 50)
        d = await _aget_then_tag(c, web, "sc-c", 50)
    return [a, b, d]


async def _anyio_mark(c: httpx.AsyncClient, web: str, key: str, ms: int,
                      out: list[str]) -> None:
    v = await _aget(c, web, key, ms)
    LAST.set(key)
    out.append(f"{key}={v}")


async def r235_anyio_taskgroup_cv(web: str) -> list[Any]:
    out: list[str] = []
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(_anyio_mark, c, web, "ay-a", 120, out)
                tg.start_soon(_anyio_mark, c, web, "ay-b", 50, out)
            seen = LAST.get()
            await _anyio_mark(c, web, "ay-c", 50, out)
            after = LAST.get()
        finally:
            LAST.set("unset")
    return [out, seen, after]


async def r235_anyio_sequential_cv_next(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            a = await _afirst_hop(c, web)
            await anyio.sleep(0)
            b = await _aget(c, web, NEXT.get(), 50)
        finally:
            NEXT.set("nk-default")
    return [a, b]


async def _asleep_then_mark(key: str) -> str:
    await asyncio.sleep(0.08)
    LAST.set(key)
    return key


async def r235_async_sleep_helper_sets_var(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            a = await _asleep_then_mark("slept")
            mid = LAST.get()
            b = await _aget(c, web, "sl-" + mid, 50)
        finally:
            LAST.set("unset")
    return [a, mid, b]


async def _amodel_then_mark(q: str) -> str:
    ans = str(await models.acall("sim/gpt", q, latency=0.1))[:24]
    LAST.set(q)
    return ans


async def r235_async_model_then_cv(web: str) -> list[str]:
    try:
        a = await _amodel_then_mark("async model one")
        b = await _amodel_then_mark("async model two")
        seen = LAST.get()
    finally:
        LAST.set("unset")
    return [a, b, seen]


def _arun(f: Callable[..., Any], env: Env) -> Any:
    return asyncio.run(f(env.web))


def _anyio_run(f: Callable[..., Any], env: Env) -> Any:
    return anyio.run(f, env.web)


# ================================================================== state changed through an alias


def _restore_stage(saved: str | None) -> None:
    if saved is None:
        os.environ.pop("R235_STAGE", None)
    else:
        os.environ["R235_STAGE"] = saved


def r235_env_alias_local_store(web: str) -> list[str]:
    env = os.environ
    saved = env.get("R235_STAGE")
    try:
        env["R235_STAGE"] = "one"
        a = _get_then_env(web, "ea1", 130)
        env["R235_STAGE"] = "two"
        b = _get_then_env(web, "ea2", 50)
        env["R235_STAGE"] = "three"
    finally:
        _restore_stage(saved)
    return [a, b]


def _assign(mapping: Any, key: str, value: str) -> None:
    mapping[key] = value


def r235_env_set_through_helper_arg(web: str) -> list[str]:
    saved = os.environ.get("R235_STAGE")
    try:
        _assign(os.environ, "R235_STAGE", "one")
        a = _get_then_env(web, "eh1", 130)
        _assign(os.environ, "R235_STAGE", "two")
        b = _get_then_env(web, "eh2", 50)
        _assign(os.environ, "R235_STAGE", "three")
    finally:
        _restore_stage(saved)
    return [a, b]


def r235_env_mock_patch_dict(web: str) -> list[str]:
    from unittest import mock

    saved = os.environ.get("R235_STAGE")
    try:
        os.environ["R235_STAGE"] = "base"
        a = _get_then_env(web, "mp1", 130)
        with mock.patch.dict(os.environ, {"R235_STAGE": "patched"}):
            b = _get_then_env(web, "mp2", 50)
        c = _get_then_env(web, "mp3", 50)
    finally:
        _restore_stage(saved)
    return [a, b, c]


def r235_env_update_method(web: str) -> list[str]:
    saved = os.environ.get("R235_STAGE")
    try:
        os.environ.update(R235_STAGE="one")
        a = _get_then_env(web, "eu1", 130)
        os.environ.update(R235_STAGE="two")
        b = _get_then_env(web, "eu2", 50)
        os.environ.update(R235_STAGE="three")
    finally:
        _restore_stage(saved)
    return [a, b]


def _get_then_trail_len(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{v}:{len(TRAIL.get() or [])}"


def r235_cv_list_mutated_via_alias(web: str) -> list[str]:
    items: list[str] = []
    tok = TRAIL.set(items)
    try:
        a = _get_then_trail_len(web, "tl1", 130)
        items.append("x")
        b = _get_then_trail_len(web, "tl2", 50)
        items.append("y")
    finally:
        TRAIL.reset(tok)
    return [a, b]


def r235_global_dict_alias_mutated(web: str) -> list[str]:
    cfg = CONFIG
    try:
        cfg["label"] = "first"
        a = _get_then_label(web, "ga1", 130)
        cfg["label"] = "second"
        b = _get_then_label(web, "ga2", 50)
        cfg["label"] = "third"
    finally:
        CONFIG["label"] = "base"
    return [a, b]


def _get_then_conf(web: str, key: str, ms: int, conf: dict[str, str] = CONFIG) -> str:
    v = _get(web, key, ms)
    return f"{conf['label']}:{v}"


def r235_default_arg_bound_config(web: str) -> list[str]:
    try:
        CONFIG["label"] = "first"
        a = _get_then_conf(web, "da1", 130)
        CONFIG["label"] = "second"
        b = _get_then_conf(web, "da2", 50)
        CONFIG["label"] = "third"
    finally:
        CONFIG["label"] = "base"
    return [a, b]


def r235_class_attr_via_alias(web: str) -> list[str]:
    s = Settings
    try:
        s.label = "one"
        a = _get_then_settings(web, "sa1", 130)
        s.label = "two"
        b = _get_then_settings(web, "sa2", 50)
        s.label = "three"
    finally:
        Settings.label = "init"
    return [a, b]


LABEL = "base"


def _get_then_global_label(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{LABEL}:{v}"


def r235_globals_dict_store(web: str) -> list[str]:
    g = globals()
    try:
        g["LABEL"] = "first"
        a = _get_then_global_label(web, "gd1", 130)
        g["LABEL"] = "second"
        b = _get_then_global_label(web, "gd2", 50)
        g["LABEL"] = "third"
    finally:
        g["LABEL"] = "base"
    return [a, b]


def r235_module_attr_via_sys_modules(web: str) -> list[str]:
    me = sys.modules[__name__]
    try:
        me.LABEL = "first"
        a = _get_then_global_label(web, "sm1", 130)
        me.LABEL = "second"
        b = _get_then_global_label(web, "sm2", 50)
        setattr(me, "LABEL", "third")
    finally:
        me.LABEL = "base"
    return [a, b]


TAGGED = threading.local()


def _get_then_local_tag(web: str, key: str, ms: int, box: list[Any]) -> str:
    v = _get(web, key, ms)
    return f"{getattr(box[0], 'tag', 'none')}:{v}"


def r235_tl_read_through_box(web: str) -> list[str]:
    box = [TAGGED]
    TAGGED.tag = "main"
    try:
        a = _get_then_local_tag(web, "tb1", 130, box)
        b = _get_then_local_tag(web, "tb2", 50, box)
    finally:
        TAGGED.tag = "none"
    return [a, b]


HOLDS_LOCAL: contextvars.ContextVar[Any] = contextvars.ContextVar("r235_holds_local",
                                                                  default=None)


def _get_then_cv_local(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{getattr(HOLDS_LOCAL.get(), 'tag', 'none')}:{v}"


def r235_tl_read_through_cv(web: str) -> list[str]:
    loc = threading.local()
    loc.tag = "main"
    tok = HOLDS_LOCAL.set(loc)
    try:
        a = _get_then_cv_local(web, "tv1", 130)
        b = _get_then_cv_local(web, "tv2", 50)
    finally:
        HOLDS_LOCAL.reset(tok)
    return [a, b]


def _get_then_sqrt(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return str(decimal.Decimal(len(v)).sqrt())


def r235_dec_alias_prec_with_sqrt(web: str) -> list[str]:
    ctx = decimal.getcontext()
    saved = ctx.prec
    try:
        a = _get_then_sqrt(web, "sq1", 130)
        ctx.prec = 5
        b = _get_then_sqrt(web, "sq2", 50)
        ctx.prec = 3
    finally:
        ctx.prec = saved
    return [a, b]


def _get_then_ctx_divide(web: str, key: str, ms: int, ctx: decimal.Context) -> str:
    v = _get(web, key, ms)
    return str(ctx.divide(decimal.Decimal(len(v)), decimal.Decimal(7)))


def r235_dec_context_passed_then_changed(web: str) -> list[str]:
    ctx = decimal.Context(prec=10)
    a = _get_then_ctx_divide(web, "cd1", 130, ctx)
    ctx.prec = 4
    b = _get_then_ctx_divide(web, "cd2", 50, ctx)
    ctx.prec = 2
    return [a, b]


def r235_stdout_setattr_sys(web: str) -> list[str]:
    buf = io.StringIO()
    saved = sys.stdout
    try:
        a = _get_then_print(web, "ss1", 130)
        setattr(sys, "stdout", buf)
        b = _get_then_print(web, "ss2", 50)
    finally:
        setattr(sys, "stdout", saved)
    return [a, b, buf.getvalue()]


def r235_log_level_via_alias(web: str) -> list[str]:
    lg = logging.getLogger("corpus.r235.levels")
    try:
        a = _get_then_info(web, "la1", 130)
        lg.setLevel(logging.WARNING)
        b = _get_then_info(web, "la2", 50)
        lg.setLevel(logging.INFO)
        c = _get_then_info(web, "la3", 50)
    finally:
        lg.setLevel(logging.NOTSET)
    return [a, b, c]


def _get_then_read_relative(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return Path("r235-key.txt").read_text() + ":" + v


def r235_cwd_relative_read_after_get(tmp: str, web: str) -> list[str]:
    base = Path(tmp)
    for d in ("m", "n"):
        (base / d).mkdir()
        (base / d / "r235-key.txt").write_text(f"in-{d}")
    here = os.getcwd()
    try:
        os.chdir(base / "m")
        a = _get_then_read_relative(web, "rr1", 130)
        os.chdir(base / "n")
        b = _get_then_read_relative(web, "rr2", 50)
    finally:
        os.chdir(here)
    return [a, b]


def r235_cwd_relative_read_alias_chdir(tmp: str, web: str) -> list[str]:
    base = Path(tmp)
    for d in ("m", "n"):
        (base / d).mkdir()
        (base / d / "r235-key.txt").write_text(f"in-{d}")
    here = os.getcwd()
    cd = os.chdir
    try:
        cd(base / "m")
        a = _get_then_read_relative(web, "ra1", 130)
        cd(base / "n")
        b = _get_then_read_relative(web, "ra2", 50)
    finally:
        cd(here)
    return [a, b]


def _get_then_ask_env(web: str, key: str) -> str:
    v = _get(web, key, 60)
    return _ask(f"{os.environ.get('R235_STAGE', '-')} {v}", 80)


def r235_env_model_prompt_alias(web: str) -> list[str]:
    env = os.environ
    saved = env.get("R235_STAGE")
    try:
        env["R235_STAGE"] = "alpha"
        a = _get_then_ask_env(web, "mq1")
        env["R235_STAGE"] = "beta"
        b = _get_then_ask_env(web, "mq2")
    finally:
        _restore_stage(saved)
    return [a, b]


# ================================================================== per-thread state read by helpers


def _get_then_exc_text(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    exc = sys.exc_info()[1]
    return f"{v}|{type(exc).__name__}:{exc}"


def r235_exc_info_read_in_handler(web: str) -> list[str]:
    try:
        raise ValueError("bad input")
    except ValueError:
        a = _get_then_exc_text(web, "ex1", 130)
        b = _get_then_exc_text(web, "ex2", 50)
    return [a, b]


def _get_then_format_exc(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    import traceback

    return v + "|" + traceback.format_exc().strip().splitlines()[-1]


def r235_format_exc_in_handler(web: str) -> list[str]:
    try:
        {}["missing-key"]
    except KeyError:
        a = _get_then_format_exc(web, "fe1", 130)
        b = _get_then_format_exc(web, "fe2", 50)
    return [a, b]


def _get_then_log_exception(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    log.exception("while handling %s", key)
    return v


def r235_log_exception_in_handler(web: str) -> list[str]:
    try:
        int("not a number")
    except ValueError:
        a = _get_then_log_exception(web, "le1", 130)
        b = _get_then_log_exception(web, "le2", 50)
    return [a, b]


def _report_error_put(web: str, key: str) -> int:
    exc = sys.exc_info()[1]
    return _put(web, key, f"{type(exc).__name__}: {exc}")


def _get_then_reraise(web: str, key: str) -> str:
    _get(web, key, 80)
    raise


def r235_bare_raise_in_helper(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        try:
            raise LookupError("original")
        except LookupError:
            out.append(_get(web, "br0", 120))
            _get_then_reraise(web, "br1")
    except LookupError as e:
        out.append(f"re-raised {e}")
    except RuntimeError as e:
        out.append(f"runtime {e}")
    return out


def _get_then_exc_name(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    exc = sys.exception()  # type: ignore[attr-defined]
    return f"{v}|{type(exc).__name__}"


def r235_exc_info_then_put_report(web: str) -> list[Any]:
    try:
        raise PermissionError("denied")
    except PermissionError:
        a = _get(web, "er1", 120)
        b = _get(web, "er2", 60)
        v = _report_error_put(web, "er-report")
    return [a, b, v, _get(web, "er-report")]


def _get_then_thread_attr(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{getattr(threading.current_thread(), 'request_id', 'none')}:{v}"


def r235_thread_object_attribute(web: str) -> list[str]:
    me = threading.current_thread()
    me.request_id = "rq-7"  # type: ignore[attr-defined]
    try:
        a = _get_then_thread_attr(web, "to1", 130)
        b = _get_then_thread_attr(web, "to2", 50)
    finally:
        del me.request_id  # type: ignore[attr-defined]
    return [a, b]


def _get_then_thread_name(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{threading.current_thread().name.split('-')[0]}:{v}"


def r235_thread_name_returned(web: str) -> list[str]:
    return [_get_then_thread_name(web, "tr1", 130), _get_then_thread_name(web, "tr2", 50)]


def _get_then_is_main(web: str, key: str, ms: int, owner: threading.Thread) -> list[Any]:
    v = _get(web, key, ms)
    return [v, threading.current_thread() is owner]


def r235_thread_is_owner(web: str) -> list[Any]:
    me = threading.current_thread()
    return [_get_then_is_main(web, "io1", 130, me), _get_then_is_main(web, "io2", 50, me)]


def _get_then_select(web: str, key: str, ms: int, conn: Any) -> list[Any]:
    v = _get(web, key, ms)
    return [v, conn.execute("select count(*) from t").fetchone()[0]]


def r235_sqlite_conn_used_in_helper(tmp: str, web: str) -> list[Any]:
    import sqlite3

    conn = sqlite3.connect(os.path.join(tmp, "r235.db"))
    try:
        conn.execute("create table t (k text)")
        conn.execute("insert into t values ('x')")
        conn.commit()
        a = _kind(_get_then_select, web, "sq1", 130, conn)
        b = _kind(_get_then_select, web, "sq2", 50, conn)
    finally:
        conn.close()
    return [a, b]


def _get_then_nest(web: str, key: str, ms: int, levels: int) -> list[Any]:
    v = _get(web, key, ms)
    try:
        return [v, _nest(levels)]
    except RecursionError:
        return [v, "too deep"]


def r235_recursion_depth_of_thread(web: str) -> list[Any]:
    saved = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(_depth() + 150)
        a = _get_then_nest(web, "nd1", 130, 170)
        b = _get_then_nest(web, "nd2", 50, 170)
    finally:
        sys.setrecursionlimit(saved)
    return [a, b]


def _get_then_stdout_write(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    sys.stdout.write(f"w {key}\n")
    return v


def r235_stdout_write_direct(web: str) -> list[str]:
    a = _get_then_stdout_write(web, "sw1", 130)
    print("between writes")
    b = _get_then_stdout_write(web, "sw2", 50)
    return [a, b]


def _get_then_print_stdout_obj(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    print(f"to {key}", file=sys.stdout)
    return v


def r235_stdout_buffer_swapped_between(web: str) -> list[str]:
    buf = io.StringIO()
    saved = sys.stdout
    try:
        a = _get_then_print_stdout_obj(web, "sb1", 130)
        b = _get_then_print_stdout_obj(web, "sb2", 50)
        sys.stdout = buf
        print("captured line")
    finally:
        sys.stdout = saved
    return [a, b, buf.getvalue()]


def _get_then_np_divide(web: str, key: str, ms: int) -> str:
    import numpy as np

    v = _get(web, key, ms)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(np.float64(len(v)) / np.float64(0))


def r235_numpy_errstate_around_helpers(web: str) -> list[Any]:
    import numpy as np

    with np.errstate(divide="raise"):
        a = _kind(_get_then_np_divide, web, "np1", 130)
        b = _kind(_get_then_np_divide, web, "np2", 50)
    return [a, b]


def _get_then_local_prec(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return f"{decimal.getcontext().prec}:{v}"


def r235_dec_prec_read_adjacent_helpers(web: str) -> list[str]:
    with decimal.localcontext(prec=7):
        a = _get_then_local_prec(web, "pr1", 130)
        b = _get_then_local_prec(web, "pr2", 50)
    return [a, b]


def _get_then_warn_registry(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    warnings.warn("repeated notice", UserWarning, stacklevel=1)
    return v


def r235_warn_once_filter_adjacent(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("once")
        a = _get_then_warn_registry(web, "wo1", 130)
        b = _get_then_warn_registry(web, "wo2", 50)
    return [a, b, len(caught)]


# ================================================================== a threading.local reached indirectly


class Request:
    def __init__(self) -> None:
        self.local = threading.local()
        self.local.user = "alice"


def _get_then_request_user(web: str, key: str, ms: int, req: Request) -> str:
    v = _get(web, key, ms)
    return f"{getattr(req.local, 'user', 'nobody')}:{v}"


def r235_tl_attribute_of_argument(web: str) -> list[str]:
    req = Request()
    return [_get_then_request_user(web, "ta1", 130, req),
            _get_then_request_user(web, "ta2", 50, req)]


def _get_then_dict_local(web: str, key: str, ms: int, d: dict[str, Any]) -> str:
    v = _get(web, key, ms)
    return f"{getattr(d['loc'], 'who', 'nobody')}:{v}"


def r235_tl_in_dict_argument(web: str) -> list[str]:
    loc = threading.local()
    loc.who = "bob"
    d = {"loc": loc}
    return [_get_then_dict_local(web, "td1", 130, d), _get_then_dict_local(web, "td2", 50, d)]


def _get_then_tl_hits(web: str, key: str, ms: int, box: list[Any]) -> str:
    v = _get(web, key, ms)
    loc = box[0]
    loc.hits = getattr(loc, "hits", 0) + 1
    return f"{v}#{loc.hits}"


def r235_tl_counter_through_box(web: str) -> list[Any]:
    loc = threading.local()
    box = [loc]
    a = _get_then_tl_hits(web, "tc1", 130, box)
    b = _get_then_tl_hits(web, "tc2", 50, box)
    return [a, b, getattr(loc, "hits", 0)]


def _get_then_cache_per_thread(web: str, key: str, ms: int, holder: Request) -> str:
    v = _get(web, key, ms)
    seen = getattr(holder.local, "seen", None)
    if seen is None:
        seen = holder.local.seen = []
    seen.append(key)
    return f"{v}:{len(seen)}"


def r235_tl_lazy_list_per_thread(web: str) -> list[Any]:
    h = Request()
    a = _get_then_cache_per_thread(web, "lp1", 130, h)
    b = _get_then_cache_per_thread(web, "lp2", 50, h)
    return [a, b, list(getattr(h.local, "seen", []))]


def _get_then_model_with_local(web: str, key: str, req: Request) -> str:
    v = _get(web, key, 60)
    return _ask(f"{getattr(req.local, 'user', 'nobody')} asks {v}", 80)


def r235_tl_user_in_model_prompt(web: str) -> list[str]:
    req = Request()
    return [_get_then_model_with_local(web, "um1", req),
            _get_then_model_with_local(web, "um2", req)]


def _get_then_put_local_user(web: str, key: str, req: Request) -> int:
    v = _get(web, key, 80)
    return _put(web, "audit-" + key, f"{getattr(req.local, 'user', 'nobody')}:{v}")


def r235_tl_user_in_put_body(web: str) -> list[Any]:
    req = Request()
    a = _get_then_put_local_user(web, "pu1", req)
    b = _get_then_put_local_user(web, "pu2", req)
    return [a, b, _get(web, "audit-pu1"), _get(web, "audit-pu2")]


async def _aget_then_local(c: httpx.AsyncClient, web: str, key: str, ms: int,
                           req: Request) -> str:
    v = await _aget(c, web, key, ms)
    return f"{getattr(req.local, 'user', 'nobody')}:{v}"


async def r235_async_tl_attribute_of_argument(web: str) -> list[str]:
    req = Request()
    async with httpx.AsyncClient(timeout=5) as c:
        a = await _aget_then_local(c, web, "aa1", 130, req)
        b = await _aget_then_local(c, web, "aa2", 50, req)
    return [a, b]


async def _aget_then_global_tl(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    return f"{getattr(TL, 'last', 'none')}:{v}"


async def r235_async_tl_global_read(web: str) -> list[str]:
    TL.last = "async-main"
    try:
        async with httpx.AsyncClient(timeout=5) as c:
            a = await _aget_then_global_tl(c, web, "ag1", 130)
            b = await _aget_then_global_tl(c, web, "ag2", 50)
    finally:
        TL.last = "start"
    return [a, b]


async def _aget_then_thread_is(c: httpx.AsyncClient, web: str, key: str, ms: int,
                               owner: int) -> list[Any]:
    v = await _aget(c, web, key, ms)
    return [v, threading.get_ident() == owner]


async def r235_async_thread_ident(web: str) -> list[Any]:
    me = threading.get_ident()
    async with httpx.AsyncClient(timeout=5) as c:
        a = await _aget_then_thread_is(c, web, "ai1", 130, me)
        b = await _aget_then_thread_is(c, web, "ai2", 50, me)
    return [a, b]


async def _aget_then_exc(c: httpx.AsyncClient, web: str, key: str, ms: int) -> str:
    v = await _aget(c, web, key, ms)
    return f"{v}|{type(sys.exc_info()[1]).__name__}"


async def r235_async_exc_info_in_handler(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        try:
            raise ValueError("async bad")
        except ValueError:
            a = await _aget_then_exc(c, web, "ax1", 130)
            b = await _aget_then_exc(c, web, "ax2", 50)
    return [a, b]


# ================================================================== registry


def _w_args(env: Env) -> tuple:
    return (env.web,)


def _tw_args(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _cw_args(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=_w_args, servers="web", ideal=ideal, **kw)


def _tw(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_tw_args, servers="web", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, drive=kw.pop("drive", _arun), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=_cw_args, servers="web api", latency=CLIENT_LAT, ideal=ideal,
                **kw)


ALL += [
    # context variables
    _w(r235_cv_tag_read_before_get, 170 / 120),
    _w(r235_cv_tag_read_after_get, 170 / 120),
    _w(r235_cv_helper_sets_caller_reads, 170 / 120),
    _w(r235_cv_helper_sets_before_get, 170 / 120),
    _w(r235_cv_next_key_through_var),
    _w(r235_cv_trail_append_after_get, 290 / 150),
    _w(r235_cv_counter_after_get, 280 / 140),
    _w(r235_cv_scoped_contextmanager, 280 / 120),
    _w(r235_cv_copy_context_run, 150 / 100),
    _w(r235_cv_logged_request_id, 260 / 130),
    _w(r235_cv_requests_hook_reads_var, 170 / 120, cat="clients"),
    _w(r235_cv_model_call_tag_after, 230 / 120, cat="ensemble"),
    _w(r235_cv_put_body_from_var),
    _w(r235_cv_shared_default_list, 190 / 140),
    _w(r235_cv_reset_in_helper_token, 140 / 90),
    # decimal contexts
    _w(r235_dec_localcontext_around_helper, 170 / 120),
    _w(r235_dec_prec_set_in_place_after_call, 200 / 150),
    _w(r235_dec_helper_sets_prec),
    _w(r235_dec_helper_setcontext, 140 / 90),
    _w(r235_dec_flags_cleared_between, 200 / 150),
    _w(r235_dec_trap_disabled_after_call, 190 / 140),
    _w(r235_dec_rounding_switched, 180 / 130),
    _w(r235_dec_model_score_prec_changed, 240 / 140, cat="ensemble"),
    # threading.local and thread identity
    _w(r235_tl_global_helper_sets_caller_reads, 170 / 120, cat="threads"),
    _w(r235_tl_on_class_attribute, 160 / 110, cat="threads"),
    _w(r235_tl_subclass_counter, 170 / 120, cat="threads"),
    _w(r235_tl_inside_dict, 130 / 80, cat="threads"),
    _w(r235_tl_passed_in_list, 140 / 90, cat="threads"),
    _w(r235_tl_held_by_object, 160 / 110, cat="threads"),
    _w(r235_ident_keyed_sessions, 250 / 120, cat="threads"),
    _w(r235_thread_name_logged, 170 / 120, cat="threads"),
    _w(r235_thread_ident_compared, 2.0, cat="threads"),
    # working directory
    _tw(r235_cwd_chdir_between_relative_writes),
    _tw(r235_cwd_relative_read_before_get, 2.0),
    _tw(r235_cwd_getcwd_after_get, 170 / 120),
    _tw(r235_cwd_contextlib_chdir_blocks),
    _tw(r235_cwd_helper_chdirs_after_get),
    _tw(r235_cwd_append_log_moves),
    _tw(r235_cwd_pathlib_resolve_after_get, 170 / 120),
    # environment variables
    _w(r235_env_read_before_get, 180 / 120),
    _w(r235_env_read_after_get, 180 / 130),
    _w(r235_env_helper_sets_caller_reads),
    _w(r235_env_next_key_through_environ),
    _w(r235_env_http_proxy_set_after_get, cat="http"),
    _w(r235_env_no_proxy_removed_after_get, 180 / 120, cat="http"),
    _w(r235_env_proxy_cleared_before_later_gets, cat="http"),
    _w(r235_env_ca_bundle_harmless_on_http, cat="http"),
    _w(r235_env_httpx_client_made_before_proxy, cat="clients"),
    _w(r235_env_tz_tzset_between, 180 / 130),
    _w(r235_env_snapshot_after_helpers, 140 / 90),
    _w(r235_env_model_suffix_after_call, 230 / 130, cat="ensemble"),
    # socket default timeout, recursion limit, locale, umask
    _w(r235_sock_default_timeout_after_get, cat="socket"),
    _w(r235_sock_helper_sets_default_timeout, cat="socket"),
    _w(r235_sock_default_timeout_raised_between, cat="socket"),
    _w(r235_recursion_limit_lowered_after_call),
    _w(r235_locale_lc_time_between, 170 / 120),
    _w(r235_locale_ctype_set_after_call, 130 / 80),
    _tw(r235_umask_changed_after_call, 170 / 120),
    # random state
    _w(r235_rand_seed_draw_before_get, 3.0),
    _w(r235_rand_draw_after_get_completion_order, 290 / 150),
    _w(r235_rand_reseed_after_call),
    _w(r235_rand_setstate_replay, 160 / 110),
    _w(r235_rand_shared_instance_after_get, 190 / 140),
    _w(r235_rand_choice_keys_then_put),
    _w(r235_rand_shuffle_shared_list, 180 / 130),
    _w(r235_rand_jitter_sleeps),
    _w(r235_rand_model_calls_then_draw, 240 / 140, cat="ensemble"),
    # warnings
    _w(r235_warn_error_filter_after_call, 180 / 130),
    _w(r235_warn_ignore_block_around_second, 240 / 130),
    _w(r235_warn_helper_changes_filter, 130 / 80),
    _w(r235_warn_showwarning_prints, 170 / 120),
    # logging
    _w(r235_log_level_raised_after_call, 180 / 130),
    _w(r235_log_disable_after_call, 180 / 130),
    _w(r235_log_level_lowered_after_call, 180 / 130),
    _w(r235_log_helper_sets_level, 130 / 80),
    _w(r235_log_filter_added_after_call, 230 / 130),
    _w(r235_log_level_per_loop_iteration, 250 / 120),
    # stdout
    _w(r235_stdout_reassigned_after_call, 180 / 130),
    _w(r235_stdout_redirect_block, 230 / 130),
    _w(r235_stdout_prints_between_calls, 180 / 130),
    _w(r235_stdout_file_arg_evaluated_late, 2.0),
    # caches, counters, generators, ids
    _w(r235_lru_same_key_twice, 2.0, cat="helpers"),
    _w(r235_lru_cleared_between, cat="helpers"),
    _w(r235_memo_dict_same_key, 2.0, cat="helpers"),
    _w(r235_class_counter_after_get, 270 / 140),
    _w(r235_class_counter_before_get, 190 / 140),
    _w(r235_itertools_count_after_get, 270 / 140),
    _w(r235_shared_generator_after_get, 180 / 130),
    _w(r235_shared_generator_doing_io, 280 / 160, cat="helpers"),
    _w(r235_uuid5_keys_deterministic, 2.0),
    _w(r235_uuid4_only_lengths, 170 / 120),
    _w(r235_secrets_nonce_writes),
    _w(r235_global_config_mutated_between, 180 / 130),
    _w(r235_class_settings_changed_between, 180 / 130),
    _sdk(r235_sdk_cv_set_after_chat, serial_ideal(1, 2, 1)),
    _sdk(r235_sdk_env_read_after_chat, serial_ideal(1, 2, 1)),
    # async functions
    _a(r235_async_cv_helper_sets_caller_reads, 170 / 120),
    _a(r235_async_cv_next_key),
    _a(r235_async_cv_set_between_awaits, 170 / 120),
    _a(r235_async_taskgroup_cv_isolated, 170 / 120),
    _a(r235_async_gather_then_own_await, 200 / 100),
    _a(r235_async_trail_completion_order, 290 / 150),
    _a(r235_async_decimal_prec_between, 190 / 140),
    _a(r235_async_decimal_localcontext, 170 / 120),
    _a(r235_async_chdir_between, cat="files", drive=_arun_tmp),
    _a(r235_async_random_after_await, 200 / 150),
    _a(r235_async_log_level_mid, 180 / 130),
    _a(r235_async_class_counter, 270 / 140),
    _a(r235_async_environ_after_await, 180 / 130),
    _a(r235_async_stdout_redirect_mid, 230 / 130),
    _a(r235_async_warning_filter_mid, 180 / 130),
    _a(r235_async_cv_scoped_around_await, 220 / 120),
    _a(r235_anyio_taskgroup_cv, 170 / 120, drive=_anyio_run),
    _a(r235_anyio_sequential_cv_next, drive=_anyio_run),
    _a(r235_async_sleep_helper_sets_var, cat="sleep"),
    _a(r235_async_model_then_cv, cat="ensemble"),
    # state changed through an alias, a helper, or an object the helper reaches
    _w(r235_env_alias_local_store, 180 / 130),
    _w(r235_env_set_through_helper_arg, 180 / 130),
    _w(r235_env_mock_patch_dict, 230 / 130),
    _w(r235_env_update_method, 180 / 130),
    _w(r235_cv_list_mutated_via_alias, 180 / 130),
    _w(r235_global_dict_alias_mutated, 180 / 130),
    _w(r235_default_arg_bound_config, 180 / 130),
    _w(r235_class_attr_via_alias, 180 / 130),
    _w(r235_globals_dict_store, 180 / 130),
    _w(r235_module_attr_via_sys_modules, 180 / 130),
    _w(r235_tl_read_through_box, 180 / 130, cat="threads"),
    _w(r235_tl_read_through_cv, 180 / 130, cat="threads"),
    _w(r235_dec_alias_prec_with_sqrt, 180 / 130),
    _w(r235_dec_context_passed_then_changed, 180 / 130),
    _w(r235_stdout_setattr_sys, 180 / 130),
    _w(r235_log_level_via_alias, 230 / 130),
    _tw(r235_cwd_relative_read_after_get, 180 / 130),
    _tw(r235_cwd_relative_read_alias_chdir, 180 / 130),
    _w(r235_env_model_prompt_alias, 2.0, cat="ensemble"),
    # per-thread state read by helpers: the exception being handled, the thread itself
    _w(r235_exc_info_read_in_handler, 180 / 130, cat="threads"),
    _w(r235_format_exc_in_handler, 180 / 130, cat="threads"),
    _w(r235_log_exception_in_handler, 180 / 130, cat="threads"),
    _w(r235_bare_raise_in_helper, cat="threads"),
    _w(r235_exc_info_then_put_report, 180 / 120, cat="threads"),
    _w(r235_thread_object_attribute, 180 / 130, cat="threads"),
    _w(r235_thread_name_returned, 180 / 130, cat="threads"),
    _w(r235_thread_is_owner, 180 / 130, cat="threads"),
    _tw(r235_sqlite_conn_used_in_helper, 180 / 130, cat="db"),
    _w(r235_recursion_depth_of_thread, 180 / 130),
    _w(r235_stdout_write_direct, 180 / 130),
    _w(r235_stdout_buffer_swapped_between, 180 / 130),
    _w(r235_numpy_errstate_around_helpers, 180 / 130),
    _w(r235_dec_prec_read_adjacent_helpers, 180 / 130),
    _w(r235_warn_once_filter_adjacent, 180 / 130),
    # a threading.local reached through an argument, a box or a context variable
    _w(r235_tl_attribute_of_argument, 180 / 130, cat="threads"),
    _w(r235_tl_in_dict_argument, 180 / 130, cat="threads"),
    _w(r235_tl_counter_through_box, 180 / 130, cat="threads"),
    _w(r235_tl_lazy_list_per_thread, 180 / 130, cat="threads"),
    _w(r235_tl_user_in_model_prompt, 2.0, cat="threads"),
    _w(r235_tl_user_in_put_body, cat="threads"),
    _a(r235_async_tl_attribute_of_argument, 180 / 130, cat="threads"),
    _a(r235_async_tl_global_read, 180 / 130, cat="threads"),
    _a(r235_async_thread_ident, 180 / 130, cat="threads"),
    _a(r235_async_exc_info_in_handler, 180 / 130, cat="threads"),
]

_TL = ("the helper reads an attribute of a `threading.local` that the function's thread set, "
       "reaching it through something the JIT does not see as one (")
_TL_END = ("); the JIT classes the helper as a plain read, starts it early on another thread, "
           "where the local has no such attribute and the getattr default is read instead")

FIXED_WHY: dict[str, str] = {
    "r235_tl_read_through_box":
        f"{_TL}a list passed as an argument{_TL_END}: plain 'main:v-tb1', jitted 'none:v-tb1'",
    "r235_tl_read_through_cv":
        f"{_TL}a ContextVar's value: the copied context carries the object, not the thread"
        f"{_TL_END}: plain 'main:v-tv1', jitted 'none:v-tv1'",
    "r235_tl_attribute_of_argument":
        f"{_TL}an attribute of an object passed in, set in its __init__{_TL_END}: plain "
        "'alice:v-ta1', jitted 'nobody:v-ta1'",
    "r235_tl_in_dict_argument":
        f"{_TL}a dict passed as an argument{_TL_END}: plain 'bob:v-td1', jitted "
        "'nobody:v-td1'",
    "r235_tl_user_in_model_prompt":
        f"{_TL}an object's attribute) and puts it in a model prompt{_TL_END}, so the model "
        "is asked another prompt: plain '... alice asks ...', jitted '... nobody asks ...'",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
