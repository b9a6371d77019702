# ruff: noqa: B023, SIM105 - the shapes under test
"""Red-team cases (stop 187): attacks on the printing twin's held log records, on
``asyncio.to_thread(f, *args)`` counted as ``f(*args)``, and on helpers handed
``self.client``.

(1) Helpers that log around their GETs with a plain logger (``_printed._log``/``_handle``,
``_shown.held_log``), started early: formats that show ``funcName``, ``lineno``,
``threadName``, ``pathname``, ``module``; ``extra=``; ``exc_info=True`` and
``logger.exception`` inside the helper's ``except`` and in a helper called from the
caller's ``except``; ``stack_info``, ``stacklevel``; levels, ``disabled``,
``logging.disable()``, formatters and filters changed between calls; records that
propagate to a root handler made by ``basicConfig(stream=sys.stdout)``; prints and log
lines interleaved on stdout; a record whose argument (a list, a dict, an object whose
``__str__`` prints or counts) changes after the call made it; adapters, loggers held by
``self`` or passed in; nested and async helpers; a helper that fails after logging.
(2) ``await asyncio.to_thread(f, *args)``: helpers that write, print, log, use a
``threading.local`` or a ``ContextVar``, sqlite, bound methods of objects with state,
``functools.partial``, lambdas (in loops and comprehensions), keywords, ``gather``, an
unawaited coroutine, validation that raises.
(3) Helpers handed ``self.client``/``obj.session`` where the attribute changes between
calls (another session, another type, its params or base URL).
Sibling calls get unequal latencies, slow first. Log lines go to stdout (a handler the drive
adds, formatted as each case says) so their order against prints is compared; the
``corpus.*`` records are compared by the harness too. `FAILING_WHY` says what differed for
the cases that did when written.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import io
import logging
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam187")
APP = corpus_logger("redteam187.app")
CHAIN = logging.getLogger("rt187chain.svc")  # not under corpus: reaches the root's handler
ORPHAN = logging.getLogger("rt187orphan")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


O3 = over(150, 40, 90)
O2 = over(150, 40)

WHERE = "%(levelname)s %(name)s %(funcName)s:%(lineno)d %(module)s %(message)s"
PLAIN = "%(levelname)s %(message)s"


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


# =========================================================================== drives


def _call_web(fn: Any, env: Env) -> Any:
    return fn(env.web)


def _call_web_tmp(fn: Any, env: Env) -> Any:
    return fn(env.web, str(env.tmp))


def _arun_web(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


def _arun_web_tmp(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web, str(env.tmp)))


_HANDLERS: dict[str, logging.Handler] = {}


def _fmt(fmt: str, call: Any = _call_web, logger: logging.Logger = APP,
         level: int = logging.INFO) -> Any:
    """A drive: a handler to stdout (the harness's buffer) with `fmt` on `logger` for the
    run, as an application's start-up adds one; removed after, with the level."""
    def drive(fn: Any, env: Env) -> Any:
        h = logging.StreamHandler(sys.stdout)
        h.setFormatter(logging.Formatter(fmt))
        saved = logger.level, logger.disabled
        logger.addHandler(h)
        logger.setLevel(level)
        _HANDLERS[logger.name] = h
        try:
            return call(fn, env)
        finally:
            logger.removeHandler(h)
            logger.setLevel(saved[0])
            logger.disabled = saved[1]
            logging.disable(logging.NOTSET)
            _HANDLERS.pop(logger.name, None)
    drive.__name__ = "drive_fmt"
    return drive


def _root_stdout(fmt: str, call: Any = _call_web) -> Any:
    """A drive: ``basicConfig(stream=sys.stdout)`` on the root for the run, removed after."""
    def drive(fn: Any, env: Env) -> Any:
        root = logging.getLogger()
        saved = list(root.handlers), root.level
        logging.basicConfig(stream=sys.stdout, format=fmt, level=logging.WARNING, force=True)
        CHAIN.setLevel(logging.INFO)
        try:
            return call(fn, env)
        finally:
            for h in list(root.handlers):
                root.removeHandler(h)
            for h in saved[0]:
                root.addHandler(h)
            root.setLevel(saved[1])
            CHAIN.setLevel(logging.NOTSET)
    drive.__name__ = "drive_root"
    return drive


def _logging_flag(attr: str, value: Any, fmt: str) -> Any:
    """A drive: a documented speed-up of `logging` (``logging._srcfile = None``,
    ``logging.logThreads = False``) set for the run, with `_fmt`'s handler."""
    inner = _fmt(fmt)

    def drive(fn: Any, env: Env) -> Any:
        saved = getattr(logging, attr)
        setattr(logging, attr, value)
        try:
            return inner(fn, env)
        finally:
            setattr(logging, attr, saved)
    drive.__name__ = f"drive_{attr}"
    return drive


def _stderr_to_stdout(fn: Any, env: Env) -> Any:
    """A drive: stderr shown on stdout for the run (the last-resort handler writes there)."""
    saved = sys.stderr
    sys.stderr = sys.stdout
    try:
        return fn(env.web)
    finally:
        sys.stderr = saved


# =========================================================================== (1) held log records


def _ask(web: str, key: str, ms: int) -> str:
    APP.info("asking %s", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("got", key)
    APP.debug("below the level %s", key)
    APP.warning("answered %s with %r", key, value, extra={"key": key})
    return value


def r187_log_where_fields(web: str) -> list[str]:
    a = _ask(web, "a", 150)
    b = _ask(web, "b", 40)
    c = _ask(web, "c", 90)
    return [a, b, c]


def r187_log_thread_fields(web: str) -> list[str]:
    return [_ask(web, k, ms) for k, ms in (("d", 150), ("e", 40), ("f", 90))]


def _ask_extra(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    APP.info("fetched", extra={"key": key, "ms": ms, "size": len(value)})
    return value


def r187_log_extra_fields(web: str) -> list[str]:
    return [_ask_extra(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _ask_number(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    try:
        return str(int(value))
    except ValueError:
        APP.exception("not a number: %s", key)
        return value


def r187_log_exception_in_helper_except(web: str) -> list[str]:
    a = _ask_number(web, "a", 150)
    b = _ask_number(web, "b", 40)
    c = _ask_number(web, "c", 90)
    return [a, b, c]


def _fallback_get(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    APP.error("fell back to %s", key, exc_info=True)
    return value


def r187_log_exc_info_from_callers_except(web: str) -> list[str]:
    try:
        int("primary-is-down")
        return ["primary"]
    except ValueError:
        a = _fallback_get(web, "a", 150)
        b = _fallback_get(web, "b", 40)
        c = _fallback_get(web, "c", 90)
        return [a, b, c]


def r187_log_exc_info_outside_except(web: str) -> list[str]:
    a = _fallback_get(web, "a", 150)
    b = _fallback_get(web, "b", 40)
    return [a, b]


def _audit(msg: str) -> None:
    APP.info("audit: %s", msg, stacklevel=2)


def _ask_audited(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    _audit(f"{key}={value}")
    return value


def r187_log_stacklevel_helper(web: str) -> list[str]:
    a = _ask_audited(web, "a", 150)
    b = _ask_audited(web, "b", 40)
    c = _ask_audited(web, "c", 90)
    return [a, b, c]


def _ask_debug(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    APP.debug("debug %s", key)
    APP.info("info %s", key)
    return value


def r187_log_disable_then_enable(web: str) -> list[str]:
    logging.disable(logging.WARNING)
    a = _ask_debug(web, "a", 150)
    logging.disable(logging.NOTSET)
    b = _ask_debug(web, "b", 40)
    c = _ask_debug(web, "c", 90)
    return [a, b, c]


def r187_log_disabled_attr_toggled(web: str) -> list[str]:
    APP.disabled = True
    a = _ask_debug(web, "a", 150)
    APP.disabled = False
    b = _ask_debug(web, "b", 40)
    c = _ask_debug(web, "c", 90)
    return [a, b, c]


def _chain_get(web: str, key: str, ms: int) -> str:
    CHAIN.warning("chain asks %s", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("chain got", key)
    CHAIN.info("chain answered %s", key)
    return value


def r187_log_propagate_to_root_stdout(web: str) -> list[str]:
    return [_chain_get(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _orphan_get(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("orphan got", key)
    ORPHAN.warning("orphan %s", key)
    return value


def r187_log_last_resort_handler(web: str) -> list[str]:
    a = _orphan_get(web, "a", 150)
    b = _orphan_get(web, "b", 40)
    return [a, b]


def _chatty(web: str, key: str, ms: int) -> str:
    print("[", end="")
    APP.info("start %s", key)
    print(key, end="")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("|", value, sep="", end="")
    APP.warning("mid %s", key)
    print("]")
    return value


def r187_log_print_interleave_pieces(web: str) -> list[str]:
    print("before")
    a = _chatty(web, "a", 150)
    print("between")
    b = _chatty(web, "b", 40)
    c = _chatty(web, "c", 90)
    print("after")
    return [a, b, c]


def _seen_list(web: str, key: str, ms: int) -> list[str]:
    seen: list[str] = []
    APP.info("seen so far %s", seen)
    seen.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
    seen.append("done")
    return seen


def r187_log_local_list_grows_after(web: str) -> list[list[str]]:
    return [_seen_list(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _tagged(web: str, key: str, ms: int) -> dict[str, Any]:
    data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
    APP.info("raw %s", data)
    data["checked"] = True
    return data


def r187_log_json_changed_after(web: str) -> list[dict[str, Any]]:
    a = _tagged(web, "a", 150)
    b = _tagged(web, "b", 40)
    c = _tagged(web, "c", 90)
    return [a, b, c]


def _ask_with_tags(web: str, tags: list[str], key: str, ms: int) -> str:
    APP.info("asking %s tags=%s", key, tags)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r187_log_callers_list_changed_after(web: str) -> list[Any]:
    tags = ["x"]
    a = _ask_with_tags(web, tags, "a", 150)
    b = _ask_with_tags(web, tags, "b", 40)
    tags.append("y")
    print("tags now", tags)
    return [a, b, tags]


STATE = {"phase": "start"}


class _Phase:
    """Formats as the phase it finds when it is formatted."""

    def __str__(self) -> str:
        return f"phase={STATE['phase']}"


PHASE = _Phase()


def _ask_phase(web: str, key: str, ms: int) -> str:
    APP.info("asking %s in %s", key, PHASE)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _set_phase(p: str) -> None:
    STATE["phase"] = p


def r187_log_arg_str_reads_global(web: str) -> list[str]:
    _set_phase("one")
    a = _ask_phase(web, "a", 150)
    _set_phase("two")
    b = _ask_phase(web, "b", 40)
    _set_phase("start")
    return [a, b]


class _Loud:
    def __init__(self, s: str) -> None:
        self.s = s

    def __str__(self) -> str:
        print("formatting", self.s)
        return self.s


def _ask_loud(web: str, key: str, ms: int) -> str:
    print("pre", key)
    APP.info("loud %s", _Loud(key))
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("post", key)
    return value


def r187_log_arg_str_prints(web: str) -> list[str]:
    return [_ask_loud(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


ADAPTER = logging.LoggerAdapter(APP, {"tenant": "acme"})


def _ask_adapter(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    ADAPTER.info("adapter %s", key)
    return value


def r187_log_adapter_helper(web: str) -> list[str]:
    return [_ask_adapter(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


class _Service:
    def __init__(self, web: str, log: logging.Logger) -> None:
        self.web = web
        self.log = log

    def fetch(self, key: str, ms: int) -> str:
        value = requests.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        self.log.info("service %s", key)
        return value


def r187_log_logger_on_self(web: str) -> list[str]:
    svc = _Service(web, APP)
    return [svc.fetch(k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _trace(key: str, what: str) -> None:
    APP.info("trace %s %s", key, what)


def _ask_traced(web: str, key: str, ms: int) -> str:
    _trace(key, "start")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("traced", key)
    _trace(key, "end")
    return value


def r187_log_nested_helper_logs(web: str) -> list[str]:
    a = _ask_traced(web, "a", 150)
    b = _ask_traced(web, "b", 40)
    c = _ask_traced(web, "c", 90)
    return [a, b, c]


async def _aask(c: httpx.AsyncClient, key: str, ms: int) -> str:
    APP.info("async asking %s", key)
    r = await c.get(f"/items/{key}", params={"ms": ms})
    print("async got", key)
    APP.warning("async answered %s", key)
    return r.json()["value"]


async def r187_log_async_helper(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as c:
        a = await _aask(c, "a", 150)
        b = await _aask(c, "b", 40)
        d = await _aask(c, "c", 90)
        return [a, b, d]


def _ask_strict(web: str, key: str, ms: int) -> str:
    APP.info("strict asking %s", key)
    r = requests.get(f"{web}/status/{ms}" if key.startswith("bad") else
                     f"{web}/items/{key}?ms={ms}", timeout=5)
    APP.info("strict status %s", r.status_code)
    r.raise_for_status()
    print("strict ok", key)
    return r.json()["value"]


def r187_log_fails_after_logging(web: str) -> list[str]:
    out = []
    try:
        out.append(_ask_strict(web, "a", 150))
        out.append(_ask_strict(web, "bad", 503))
        out.append(_ask_strict(web, "c", 90))
    except requests.HTTPError as e:
        out.append(f"failed {e.response.status_code}")
    return out


def _ask_bad_extra(web: str, key: str, ms: int) -> str:
    print("about to log", key)
    APP.info("bad extra %s", key, extra={"message": "clash"} if key == "b" else None)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r187_log_extra_clash_raises(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        try:
            out.append(_ask_bad_extra(web, k, ms))
        except KeyError as e:
            out.append(f"keyerror {e}")
    return out


def _ask_module_logging(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    logging.warning("root says %s", key)
    return value


def r187_log_module_function_root(web: str) -> list[str]:
    return [_ask_module_logging(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _seen_dict(web: str, key: str, ms: int) -> dict[str, str]:
    info = {"key": key}
    APP.info("info before %s", info)
    info["value"] = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    return info


def r187_log_local_dict_grows_after(web: str) -> list[dict[str, str]]:
    a = _seen_dict(web, "a", 150)
    b = _seen_dict(web, "b", 40)
    return [a, b]


class _Progress:
    def __init__(self, key: str) -> None:
        self.key = key
        self.state = "new"

    def __str__(self) -> str:
        return f"{self.key}:{self.state}"


def _progress_get(web: str, key: str, ms: int) -> str:
    p = _Progress(key)
    APP.info("progress %s", p)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    p.state = "done"
    return value


def r187_log_local_object_changes_after(web: str) -> list[str]:
    return [_progress_get(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _parts_logged(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("parts of", key)
    [APP.info("part %s", p) for p in value.split("-")]
    return value


def r187_log_in_helper_comprehension(web: str) -> list[str]:
    print("start")
    a = _parts_logged(web, "a", 150)
    print("mid")
    b = _parts_logged(web, "b", 40)
    return [a, b]


def _inner_def_logged(web: str, key: str, ms: int) -> str:
    def note(what: str) -> None:
        APP.info("note %s %s", key, what)

    note("start")
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    print("inner got", key)
    note("end")
    return value


def r187_log_in_helper_nested_def(web: str) -> list[str]:
    print("start")
    a = _inner_def_logged(web, "a", 150)
    print("mid")
    b = _inner_def_logged(web, "b", 40)
    return [a, b]


def r187_log_add_level_name_between(web: str) -> list[str]:
    a = _ask_debug(web, "a", 150)
    logging.addLevelName(logging.INFO, "NOTE")
    b = _ask_debug(web, "b", 40)
    logging.addLevelName(logging.INFO, "INFO")
    return [a, b]


def _ask_min(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    APP.info("got %s", key)
    return value


def r187_log_srcfile_none(web: str) -> list[str]:
    return [_ask_min(web, k, ms) for k, ms in (("a", 150), ("b", 40))]


def r187_log_threads_off(web: str) -> list[str]:
    return [_ask_min(web, k, ms) for k, ms in (("a", 150), ("b", 40))]


def _unmute() -> None:
    logging.disable(logging.NOTSET)


def r187_log_disable_lifted_by_helper(web: str) -> list[str]:
    logging.disable(logging.CRITICAL)
    a = _ask_debug(web, "a", 150)
    _unmute()
    b = _ask_debug(web, "b", 40)
    return [a, b]


BUF_LOG = corpus_logger("redteam187.buf")
BUF = io.StringIO()
_buf_handler = logging.StreamHandler(BUF)
_buf_handler.setFormatter(logging.Formatter("%(message)s"))
BUF_LOG.addHandler(_buf_handler)


def _ask_and_count_log(web: str, key: str, ms: int) -> str:
    BUF_LOG.info("asking %s", key)
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    return f"{value}#{BUF.getvalue().count(chr(10))}"


def r187_log_helper_reads_back_its_log(web: str) -> list[str]:
    BUF.seek(0)
    BUF.truncate()
    a = _ask_and_count_log(web, "a", 150)
    b = _ask_and_count_log(web, "b", 40)
    return [a, b]


# =========================================================================== (2) asyncio.to_thread


async def r187_tt_three_awaits(web: str) -> list[str]:
    a = await asyncio.to_thread(_get, web, "a", 150)
    b = await asyncio.to_thread(_get, web, "b", 40)
    c = await asyncio.to_thread(_get, web, "c", 90)
    return [a, b, c]


async def r187_tt_requests_get_direct(web: str) -> list[str]:
    a = await asyncio.to_thread(requests.get, f"{web}/items/a?ms=150", timeout=5)
    b = await asyncio.to_thread(requests.get, f"{web}/items/b?ms=40", timeout=5)
    return [a.json()["value"], b.json()["value"]]


async def r187_tt_partial(web: str) -> list[str]:
    fetch = functools.partial(_get, web)
    a = await asyncio.to_thread(fetch, "a", 150)
    b = await asyncio.to_thread(fetch, "b", 40)
    c = await asyncio.to_thread(fetch, "c", 90)
    return [a, b, c]


async def r187_tt_lambda_loop(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        out.append(await asyncio.to_thread(lambda: _get(web, k, ms)))
    return out


def _get_kw(web: str, *, key: str, ms: int = 40) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


async def r187_tt_keywords(web: str) -> list[str]:
    a = await asyncio.to_thread(_get_kw, web, key="a", ms=150)
    b = await asyncio.to_thread(_get_kw, web, key="b")
    c = await asyncio.to_thread(_get_kw, web, key="c", ms=90)
    return [a, b, c]


class _Store:
    def __init__(self, web: str) -> None:
        self.web = web
        self.prefix = "p"

    def fetch(self, key: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{self.prefix}{key}?ms={ms}",
                            timeout=5).json()["value"]


async def r187_tt_bound_method_state_changed(web: str) -> list[str]:
    store = _Store(web)
    a = await asyncio.to_thread(store.fetch, "a", 150)
    store.prefix = "q"
    b = await asyncio.to_thread(store.fetch, "b", 40)
    return [a, b]


def _logged_get(web: str, key: str, ms: int) -> str:
    APP.info("thread fetching %s", key)
    return _get(web, key, ms)


async def r187_tt_helper_logs(web: str) -> list[str]:
    a = await asyncio.to_thread(_logged_get, web, "a", 150)
    print("between", a)
    b = await asyncio.to_thread(_logged_get, web, "b", 40)
    print("then", b)
    c = await asyncio.to_thread(_logged_get, web, "c", 90)
    return [a, b, c]


def _silent_logged_get(web: str, key: str, ms: int) -> str:
    value = _get(web, key, ms)
    APP.info("thread fetched %s", key)
    return value


async def r187_tt_helper_logs_no_prints(web: str) -> list[str]:
    a = await asyncio.to_thread(_silent_logged_get, web, "a", 150)
    b = await asyncio.to_thread(_silent_logged_get, web, "b", 40)
    c = await asyncio.to_thread(_silent_logged_get, web, "c", 90)
    return [a, b, c]


_LOCAL = threading.local()


def _local_get(web: str, key: str, ms: int) -> str:
    _LOCAL.last = key
    return _get(web, key, ms) + "/" + getattr(_LOCAL, "last", "-")


async def r187_tt_thread_local(web: str) -> list[str]:
    a = await asyncio.to_thread(_local_get, web, "a", 150)
    b = await asyncio.to_thread(_local_get, web, "b", 40)
    return [a, b, getattr(_LOCAL, "last", "none")]


USER: contextvars.ContextVar[str] = contextvars.ContextVar("rt187_user", default="anon")


def _as_user(web: str, ms: int) -> str:
    return _get(web, USER.get(), ms)


def _login(name: str) -> None:
    USER.set(name)


async def r187_tt_contextvar_set_between(web: str) -> list[str]:
    _login("alice")
    a = await asyncio.to_thread(_as_user, web, 150)
    _login("bob")
    b = await asyncio.to_thread(_as_user, web, 40)
    USER.set("carol")
    c = await asyncio.to_thread(_as_user, web, 90)
    return [a, b, c]


def _db_setup(env: Env) -> None:
    con = sqlite3.connect(env.tmp / "app.db")
    con.execute("create table kv (k text primary key, v text)")
    con.executemany("insert into kv values (?, ?)", [("a", "1"), ("b", "2")])
    con.commit()
    con.close()


def _db_read(tmp: str, k: str) -> str | None:
    con = sqlite3.connect(Path(tmp, "app.db"))
    try:
        row = con.execute("select v from kv where k = ?", (k,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def _db_write(tmp: str, k: str, v: str) -> None:
    con = sqlite3.connect(Path(tmp, "app.db"))
    with con:
        con.execute("insert or replace into kv values (?, ?)", (k, v))
    con.close()


async def r187_tt_sqlite_by_path(web: str, tmp: str) -> list[Any]:
    a = await asyncio.to_thread(_get, web, "a", 150)
    x = await asyncio.to_thread(_db_read, tmp, "a")
    await asyncio.to_thread(_db_write, tmp, "a", a)
    y = await asyncio.to_thread(_db_read, tmp, "a")
    b = await asyncio.to_thread(_get, web, "b", 40)
    return [a, x, y, b]


def _checked_get(web: str, key: str, ms: int) -> str:
    if not key.isalpha():
        raise ValueError(f"bad key {key!r}")
    return _get(web, key, ms)


async def r187_tt_validation_raises(web: str) -> list[str]:
    out = []
    try:
        out.append(await asyncio.to_thread(_checked_get, web, "a", 150))
        out.append(await asyncio.to_thread(_checked_get, web, "b-1", 40))
        out.append(await asyncio.to_thread(_checked_get, web, "c", 90))
    except ValueError as e:
        out.append(str(e))
    return out


def _put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).status_code


async def r187_tt_put_between_gets(web: str) -> list[Any]:
    a = await asyncio.to_thread(_get, web, "a", 150)
    s = await asyncio.to_thread(_put, web, "a", "new-a")
    a2 = await asyncio.to_thread(_get, web, "a", 40)
    b = await asyncio.to_thread(_get, web, "b", 90)
    return [a, s, a2, b]


def _strict_get(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


async def r187_tt_read_fails(web: str) -> list[str]:
    out = []
    try:
        out.append(await asyncio.to_thread(_strict_get, web, "a", 150))
        out.append(await asyncio.to_thread(_strict_get, web, "missing-b", 40))
        out.append(await asyncio.to_thread(_strict_get, web, "c", 90))
    except requests.HTTPError as e:
        out.append(f"http {e.response.status_code}")
    return out


def _session_get(s: requests.Session, web: str, key: str, ms: int) -> str:
    return s.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


async def r187_tt_session_argument(web: str) -> list[str]:
    with requests.Session() as s:
        a = await asyncio.to_thread(_session_get, s, web, "a", 150)
        b = await asyncio.to_thread(_session_get, s, web, "b", 40)
        c = await asyncio.to_thread(_session_get, s, web, "c", 90)
    return [a, b, c]


CONF = {"user": "a"}


def _conf_get(web: str, ms: int) -> str:
    return _get(web, CONF["user"], ms)


def r187_sync_global_dict_changed_between(web: str) -> list[str]:
    a = _conf_get(web, 150)
    CONF["user"] = "b"
    b = _conf_get(web, 40)
    CONF["user"] = "a"
    return [a, b]


class _Settings:
    user = "a"


SETTINGS = _Settings()


def _settings_get(web: str, ms: int) -> str:
    return _get(web, SETTINGS.user, ms)


async def r187_tt_global_attr_changed_between(web: str) -> list[str]:
    a = await asyncio.to_thread(_settings_get, web, 150)
    SETTINGS.user = "b"
    b = await asyncio.to_thread(_settings_get, web, 40)
    SETTINGS.user = "a"
    return [a, b]


async def r187_tt_global_dict_changed_between(web: str) -> list[str]:
    a = await asyncio.to_thread(_conf_get, web, 150)
    CONF["user"] = "b"
    b = await asyncio.to_thread(_conf_get, web, 40)
    CONF["user"] = "a"
    return [a, b]


_REQ_DEFAULT = {"user": "a"}
REQ: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar(
    "rt187_req", default=_REQ_DEFAULT)


def _req_get(web: str, ms: int) -> str:
    return _get(web, REQ.get()["user"], ms)


async def r187_tt_contextvar_dict_mutated(web: str) -> list[str]:
    req = REQ.get()
    req["user"] = "a"
    a = await asyncio.to_thread(_req_get, web, 150)
    req["user"] = "b"
    b = await asyncio.to_thread(_req_get, web, 40)
    req["user"] = "a"
    return [a, b]


async def r187_tt_path_read_text_around_write(web: str, tmp: str) -> list[str]:
    p = Path(tmp, "state.txt")
    p.write_text("one")
    a = await asyncio.to_thread(p.read_text)
    p.write_text("two")
    b = await asyncio.to_thread(p.read_text)
    c = await asyncio.to_thread(_get, web, "c", 90)
    return [a, b, c]


async def r187_tt_sleep_as_rate_limit(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 20), ("b", 20), ("c", 20)):
        out.append(await asyncio.to_thread(_get, web, k, ms))
        await asyncio.to_thread(time.sleep, 0.06)
    return out


async def r187_tt_puts_awaited_in_reverse(web: str) -> list[Any]:
    ta = asyncio.to_thread(_put, web, "a", "one")
    tb = asyncio.to_thread(_put, web, "a", "two")
    sb = await tb
    sa = await ta
    v = await asyncio.to_thread(_get, web, "a", 40)
    return [sa, sb, v]


async def r187_tt_pending_closed_unused(web: str) -> list[str]:
    pb = asyncio.to_thread(_get, web, "b", 40)
    a = await asyncio.to_thread(_get, web, "a", 150)
    if a == "v-a":
        pb.close()
        return [a]
    return [a, await pb]


# =========================================================================== (3) self.client


def _fetch(http: Any, web: str, key: str, ms: int) -> str:
    return http.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


class _Recorder:
    """A stand-in session of the user's: prints each GET and answers from a dict."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def get(self, url: str, timeout: float = 0) -> Any:
        print("recorder get", url.rsplit("/", 1)[-1])
        self.seen.append(url.rsplit("/", 1)[-1])
        return self

    def json(self) -> dict[str, str]:
        return {"value": f"fake-{len(self.seen)}"}


class _Agent:
    def __init__(self, web: str) -> None:
        self.web = web
        self.http: Any = requests.Session()

    def ask(self, key: str, ms: int) -> str:
        return _fetch(self.http, self.web, key, ms)


def r187_cl_self_client_replaced_by_fake(web: str) -> list[str]:
    agent = _Agent(web)
    a = agent.ask("a", 150)
    b = _fetch(agent.http, web, "b", 40)
    agent.http.close()
    agent.http = _Recorder()
    c = _fetch(agent.http, web, "c", 90)
    d = _fetch(agent.http, web, "d", 10)
    return [a, b, c, d]


def r187_cl_self_session_params_changed(web: str) -> list[str]:
    agent = _Agent(web)
    a = _fetch(agent.http, web, "a", 150)
    agent.http.params["tag"] = "t1"
    b = _fetch(agent.http, web, "b", 40)
    agent.http.params = {"tag": "t2"}
    c = _fetch(agent.http, web, "c", 90)
    agent.http.close()
    return [a, b, c]


def _rel(http: httpx.Client, key: str, ms: int) -> str:
    return http.get(f"{key}?ms={ms}").text


class _HxAgent:
    def __init__(self, web: str) -> None:
        self.client = httpx.Client(base_url=f"{web}/items/")


def r187_cl_httpx_base_url_changed(web: str) -> list[str]:
    agent = _HxAgent(web)
    try:
        a = _rel(agent.client, "a", 150)
        agent.client.base_url = f"{web}/text/"
        b = _rel(agent.client, "b", 40)
        c = _rel(agent.client, "c", 90)
        return [a, b, c]
    finally:
        agent.client.close()


def _logged_fetch(http: Any, web: str, key: str, ms: int) -> str:
    APP.info("client fetch %s via %s", key, type(http).__name__)
    return http.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r187_cl_logging_helper_client_swapped(web: str) -> list[str]:
    agent = _Agent(web)
    a = _logged_fetch(agent.http, web, "a", 150)
    b = _logged_fetch(agent.http, web, "b", 40)
    agent.http.close()
    agent.http = _Recorder()
    c = _logged_fetch(agent.http, web, "c", 90)
    return [a, b, c]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _lg(fn: Any, ideal: float, fmt: str = WHERE, **kw: Any) -> Case:
    call = kw.pop("call", _call_web)
    return Case("helpers", fn, servers="web", ideal=ideal, drive=_fmt(fmt, call), **kw)


def _tt(fn: Any, ideal: float, cat: str = "threads", **kw: Any) -> Case:
    call = kw.pop("call", _arun_web)
    if "fmt" in kw:
        return Case(cat, fn, servers="web", ideal=ideal, drive=_fmt(kw.pop("fmt"), call), **kw)
    return Case(cat, fn, servers="web", ideal=ideal, drive=call, **kw)


ALL: list[Case] = [
    # (1) held log records
    _lg(r187_log_where_fields, O3, overlap=3),
    _lg(r187_log_thread_fields, O3, "%(threadName)s %(processName)s %(levelname)s %(message)s",
        overlap=3),
    _lg(r187_log_extra_fields, O3, "[%(key)s/%(ms)s/%(size)s] %(funcName)s %(message)s"),
    _lg(r187_log_exception_in_helper_except, O3, WHERE),
    _lg(r187_log_exc_info_from_callers_except, O3, PLAIN),
    _lg(r187_log_exc_info_outside_except, O2, PLAIN),
    _lg(r187_log_stacklevel_helper, O3, WHERE),
    _lg(r187_log_disable_then_enable, O3),
    _lg(r187_log_disabled_attr_toggled, O3),
    Case("helpers", r187_log_propagate_to_root_stdout, servers="web", ideal=O3,
         drive=_root_stdout("ROOT %(name)s %(levelname)s %(funcName)s %(message)s")),
    Case("helpers", r187_log_last_resort_handler, servers="web", ideal=O2,
         drive=_stderr_to_stdout),
    _lg(r187_log_print_interleave_pieces, O3, PLAIN),
    _lg(r187_log_local_list_grows_after, O3, PLAIN),
    _lg(r187_log_json_changed_after, O3, PLAIN),
    _lg(r187_log_callers_list_changed_after, O2, PLAIN),
    _lg(r187_log_arg_str_reads_global, O2, PLAIN),
    _lg(r187_log_arg_str_prints, O3, PLAIN),
    _lg(r187_log_adapter_helper, O3, "%(tenant)s " + PLAIN),
    _lg(r187_log_logger_on_self, O3, WHERE),
    _lg(r187_log_nested_helper_logs, O3, WHERE),
    _lg(r187_log_async_helper, O3, WHERE, call=_arun_web),
    _lg(r187_log_fails_after_logging, O2, PLAIN, speculative_reads=True),
    _lg(r187_log_extra_clash_raises, O3, PLAIN),
    Case("helpers", r187_log_module_function_root, servers="web", ideal=O3,
         drive=_root_stdout("ROOT %(levelname)s %(funcName)s %(message)s")),
    _lg(r187_log_local_dict_grows_after, O2, PLAIN),
    _lg(r187_log_local_object_changes_after, O3, PLAIN),
    _lg(r187_log_in_helper_comprehension, O2, PLAIN),
    _lg(r187_log_in_helper_nested_def, O2, WHERE),
    _lg(r187_log_add_level_name_between, O2, PLAIN),
    Case("helpers", r187_log_srcfile_none, servers="web", ideal=O2,
         drive=_logging_flag("_srcfile", None, WHERE)),
    Case("helpers", r187_log_threads_off, servers="web", ideal=O2,
         drive=_logging_flag("logThreads", False, "%(threadName)s %(thread)s %(message)s")),
    _lg(r187_log_disable_lifted_by_helper, O2, PLAIN),
    _w(r187_log_helper_reads_back_its_log, O2, cat="helpers"),
    # (2) asyncio.to_thread
    _tt(r187_tt_global_dict_changed_between, O2),
    _w(r187_sync_global_dict_changed_between, O2, cat="state"),
    _tt(r187_tt_global_attr_changed_between, O2),
    _tt(r187_tt_contextvar_dict_mutated, O2),
    _tt(r187_tt_path_read_text_around_write, 1.0, cat="files", call=_arun_web_tmp),
    _tt(r187_tt_sleep_as_rate_limit, 1.0, cat="sleep", spacing=0.05),
    _tt(r187_tt_puts_awaited_in_reverse, 1.0),
    _tt(r187_tt_pending_closed_unused, 1.0),
    _tt(r187_tt_three_awaits, O3, overlap=3),
    _tt(r187_tt_requests_get_direct, O2),
    _tt(r187_tt_partial, O3),
    _tt(r187_tt_lambda_loop, O3),
    _tt(r187_tt_keywords, O3),
    _tt(r187_tt_bound_method_state_changed, O2),
    _tt(r187_tt_helper_logs, O3, fmt=WHERE),
    _tt(r187_tt_helper_logs_no_prints, O3, fmt="%(funcName)s:%(lineno)d %(message)s"),
    _tt(r187_tt_thread_local, 1.0),
    _tt(r187_tt_contextvar_set_between, O3),
    _tt(r187_tt_sqlite_by_path, 1.0, cat="db", call=_arun_web_tmp, setup=_db_setup),
    _tt(r187_tt_validation_raises, 1.0, cat="validation"),
    _tt(r187_tt_put_between_gets, (150 + 50 + 40 + 90) / (150 + 50 + 40)),
    _tt(r187_tt_read_fails, O2, speculative_reads=True),
    _tt(r187_tt_session_argument, O3),
    # (3) self.client
    _w(r187_cl_self_client_replaced_by_fake, O2, cat="clients"),
    _w(r187_cl_self_session_params_changed, O3, cat="clients"),
    _w(r187_cl_httpx_base_url_changed, O3, cat="clients"),
    _lg(r187_cl_logging_helper_client_swapped, O2, WHERE),
]

FIXED_WHY: dict[str, str] = {
    "r187_tt_global_dict_changed_between": (
        "`await asyncio.to_thread(_conf_get, web, 40)` starts above `CONF['user'] = 'b'` "
        "although `_conf_get` reads CONF (the same plain calls keep their place: "
        "r187_sync_global_dict_changed_between); the helper's global reads are not hazards "
        "once `_handed.in_a_thread` wraps it: jit GETs /items/a twice."),
    "r187_tt_global_attr_changed_between": (
        "As r187_tt_global_dict_changed_between with an attribute store on a global object "
        "(`SETTINGS.user = 'b'`): the to_thread'ed read moves above it and GETs the old key."),
    "r187_log_local_list_grows_after": (
        "A started helper's held record keeps its args by reference and is formatted only at "
        "the call's place (`_printed.show`), after the helper appended to the list it logged: "
        "jit logs \"seen so far ['v-a', 'done']\" where plain logs 'seen so far []'."),
    "r187_log_srcfile_none": (
        "With the documented speed-up `logging._srcfile = None` the plain record says "
        "'(unknown function):0 (unknown file)'; `_printed._log` always passes the twin's "
        "frame to makeRecord, so jit shows '_ask_min:<line> cases_redteam187'."),
    "r187_log_threads_off": (
        "With `logging.logThreads = False` plain records have thread/threadName None; "
        "`_printed._handle` overwrites both with the current thread unconditionally, so jit "
        "shows the harness thread's name and id."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
