# ruff: noqa: B012, SIM105, F821, BLE001, PERF203, TRY301, B018, B904, SIM107 - the shapes under test: exception flows as users write them
"""Red-team cases (stop 233): exception flows around I/O.

Each case runs GETs and PUTs of the corpus's web server (``/items``, ``/status/<code>``,
``/text``, ``/jobs``), model calls of Ember's simulator in process (a ``timeout=`` below the
latency raises `ProviderTimeout`) and calls of the openai SDK on the API server, inside the
exception flows users write: ``try``/``except``/``else``/``finally``; errors raised by
helpers several levels down (``raise_for_status`` in a fetch helper under a parse helper
under a service helper); retry loops with a backoff written by hand (sleeps in ``except``,
a switch of mirror, a job polled until done, a retry wrapper of one's own); ``raise ...
from e`` and ``from None``, implicit chains made in ``finally`` and ``except`` blocks;
exception groups and ``except*``, sync and in an ``asyncio.TaskGroup``;
``contextlib.suppress``, a context manager of one's own whose ``__exit__`` returns True
(and PUTs the error), an ``ExitStack`` whose callbacks PUT, an ``@contextmanager`` that
swallows; ``return``/``break``/``continue`` inside ``finally``; errors whose message holds
a response's text; ``KeyError``/``IndexError``/``AttributeError``/``TypeError``/
``ValueError`` from parsing responses; ``StopIteration`` from ``next()`` on a response's
lines (raised out of the function, out of a helper, inside a generator expression where
PEP 479 makes it a ``RuntimeError``, and out of ``map``'s function, where it ends the
items); 4xx/5xx beside independent reads and writes; one failing branch of an ensemble of
model calls; and what was written (to the server, to a file, to SQLite, to a list the
caller holds, to the log, to stdout) before the error.

The adversarial shapes: reads written after a failing read in the same ``try`` (the names
they bind must stay unbound, the handler must see the plain run's state), a handler or a
``finally`` that writes what a later read reads, a ``return`` value mutated in ``finally``,
a ``finally`` whose ``break``/``continue``/``return`` swallows the error, the name bound by
``except ... as e`` deleted at the end of the handler, an exception object carrying a
response whose body decides the next request, a traceback's frames and ``sys.exc_info()``
read in a helper, ``StopIteration`` and ``BaseException`` subclasses raised by a helper the
JIT may run on another thread or loop, exception classes whose ``__init__`` logs, and
errors in helpers that PUT before they raise.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import re
import sqlite3
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import openai
import requests

from ember._errors import ProviderTimeout
from ember.api import models
from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, corpus_logger, openai_client

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

LOG = corpus_logger("r233")


# ------------------------------------------------------------------ helpers


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _strict(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def _status(web: str, code: int, ms: int = 50) -> dict[str, Any]:
    r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()


def _lines(web: str, key: str, ms: int = 50) -> list[str]:
    return requests.get(f"{web}/text/{key}?ms={ms}", timeout=5).text.splitlines()


def _ask(q: str, ms: int = 100) -> str:
    return str(models("sim/gpt", q, latency=ms / 1000))[:24]


def _ask_t(q: str, ms: int = 100, timeout: float = 0.1) -> str:
    """A model call that raises `ProviderTimeout` (after `timeout`) when `ms` is over it."""
    return str(models("sim/gpt", q, latency=ms / 1000, timeout=timeout))[:24]


def _chat(client: Any, q: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:20]


class ApiError(Exception):
    """An error carrying the response it came from; its message holds the body."""

    def __init__(self, resp: requests.Response) -> None:
        super().__init__(f"{resp.status_code}: {resp.text.strip()}")
        self.status = resp.status_code
        self.body = resp.json()


class LoggedError(Exception):
    """An error whose making logs (a side effect at the `raise`)."""

    def __init__(self, what: str) -> None:
        LOG.warning("raising for %s", what)
        super().__init__(what)


class Abort(BaseException):
    """Not an `Exception`: a cancel signal of one's own, as some libraries define."""


def _checked(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    if r.status_code >= 400:
        raise ApiError(r)
    return r.json()["value"]


# level 3 -> 2 -> 1: fetch, parse, service
def _fetch3(web: str, key: str, ms: int = 50) -> dict[str, Any]:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()


def _parse2(web: str, key: str, ms: int = 50) -> str:
    data = _fetch3(web, key, ms)
    return data["value"].upper()


def _service1(web: str, key: str, ms: int = 50) -> str:
    try:
        return _parse2(web, key, ms)
    except requests.HTTPError as e:
        raise LookupError(f"{key}: {e.response.json()['error']}") from e


def _service_none(web: str, key: str, ms: int = 50) -> str:
    try:
        return _parse2(web, key, ms)
    except requests.HTTPError:
        raise KeyError(key) from None


def _profile_name(web: str, key: str) -> str:
    data = requests.get(f"{web}/items/{key}?ms=60", timeout=5).json()
    return data["profile"]["name"]


def _save_checked(web: str, key: str) -> str:
    v = _get(web, key, 60)
    _put(web, key + "-copy", v)
    if not v.startswith("set-"):
        raise ValueError(f"{key} is unset: {v}")
    return v


def _logged_get(web: str, key: str, ms: int = 50) -> str:
    LOG.info("start %s", key)
    try:
        return _strict(web, key, ms)
    finally:
        LOG.info("end %s", key)


def _safe_get(web: str, key: str, ms: int = 50) -> str | None:
    try:
        return _strict(web, key, ms)
    except requests.HTTPError as e:
        print("miss", key, e.response.status_code)
        return None


def _first_found(web: str, keys: list[str]) -> str:
    if not keys:
        raise KeyError("none of the keys")
    try:
        return _strict(web, keys[0], 40)
    except requests.HTTPError:
        return _first_found(web, keys[1:])


def _first_match(web: str, key: str, word: str, ms: int = 50) -> str:
    lines = _lines(web, key, ms)
    return next(line for line in lines if word in line)


def _first_line_or_stop(web: str, key: str) -> str:
    lines = requests.get(f"{web}/text/{key}?ms=40", timeout=5).text.splitlines()
    if key.startswith("stop"):
        raise StopIteration
    return lines[0]


def _exit_when_missing(web: str, key: str) -> str:
    r = requests.get(f"{web}/items/{key}?ms=60", timeout=5)
    if r.status_code == 404:
        raise Abort(f"abort on {key}")
    return r.json()["value"]


def _sys_exit_on_500(web: str) -> dict[str, Any]:
    r = requests.get(f"{web}/status/500?ms=60", timeout=5)
    if r.status_code >= 500:
        sys.exit(3)
    return r.json()


def _describe_current() -> str:
    t, v, _ = sys.exc_info()
    if t is None:
        return "nothing"
    code = getattr(getattr(v, "response", None), "status_code", "-")
    return f"{t.__name__}:{code}"


def _vote(answer: str) -> int:
    n = len(answer.split())
    if n % 2:
        raise ValueError(f"odd answer: {answer!r}")
    return n


def _retrying(fn: Any) -> Any:
    def wrapper(*args: Any) -> Any:
        for _ in range(3):
            try:
                return fn(*args)
            except requests.HTTPError:
                time.sleep(0.02)
        raise RuntimeError(f"gave up on {args[1:]}")
    return wrapper


_retry_strict = _retrying(_strict)


class _Swallow:
    """Swallows any error and PUTs its type under `key`."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key
        self.error = ""

    def __enter__(self) -> _Swallow:
        return self

    def __exit__(self, t: Any, v: Any, tb: Any) -> bool:
        if v is not None:
            self.error = f"{t.__name__}: {str(v)[:30]}"
            _put(self.web, self.key, t.__name__)
        return True


class _Only404:
    """Swallows 404s only."""

    def __enter__(self) -> _Only404:
        return self

    def __exit__(self, t: Any, v: Any, tb: Any) -> bool:
        return isinstance(v, requests.HTTPError) and v.response.status_code == 404


@contextlib.contextmanager
def _tolerant(web: str, key: str) -> Any:
    try:
        yield
    except requests.HTTPError as e:
        _put(web, key, str(e.response.status_code))


# ------------------------------------------------------------------ try / except / else / finally


def r233_else_get_finally_put(web: str) -> list[Any]:
    out = []
    try:
        a = _strict(web, "a", 80)
    except requests.HTTPError:
        out.append("failed")
    else:
        out.append(_get(web, "b", 50))
    finally:
        _put(web, "log", "done")
    return [a, out, _get(web, "log")]


def r233_except_puts_response_text(web: str) -> list[Any]:
    try:
        v = _strict(web, "missing-a", 80)
    except requests.HTTPError as e:
        _put(web, "errors", e.response.text)
        v = None
    return [v, _get(web, "errors")]


def r233_finally_put_then_propagates(web: str) -> str:
    _put(web, "state", "start")
    try:
        return _strict(web, "missing-f", 80)
    finally:
        _put(web, "state", "cleanup")


def r233_put_not_sent_after_failure(web: str) -> list[Any]:
    _put(web, "a", "1")
    _strict(web, "missing-x", 60)
    _put(web, "b", "2")
    return [_get(web, "a"), _get(web, "b")]


def r233_independent_get_beside_failure(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    b = _strict(web, "missing-b", 50)
    c = _get(web, "c", 50)
    return [a, b, c]


def r233_handler_put_then_read(web: str) -> str:
    try:
        x = _strict(web, "missing-x", 100)
    except requests.HTTPError:
        _put(web, "missing-x", "fallback")
        x = _get(web, "missing-x", 50)
    return x


def r233_second_read_fails_first_kept(web: str) -> list[Any]:
    try:
        a = _get(web, "a", 120)
        b = _strict(web, "missing-b", 50)
    except requests.HTTPError as e:
        return ["partial", a, e.response.status_code]
    return ["whole", a, b]


def r233_names_after_failure_stay_none(web: str) -> list[Any]:
    a = b = None
    try:
        a = _strict(web, "missing-a", 100)
        b = _get(web, "b", 50)
    except requests.HTTPError:
        pass
    return [a, b, _get(web, "c", 40)]


def r233_except_name_deleted_after(web: str) -> list[Any]:
    code = 0
    try:
        _strict(web, "missing-e", 60)
    except requests.HTTPError as e:
        code = e.response.status_code
    try:
        e
        seen = "bound"
    except NameError as err:
        seen = type(err).__name__
    return [code, seen, _get(web, "z", 40)]


def r233_return_in_finally_swallows(web: str) -> list[Any]:
    a = None
    try:
        a = _get(web, "a", 100)
        _strict(web, "missing-q", 50)
    finally:
        return [a, _get(web, "b", 50)]


def r233_return_list_mutated_in_finally(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        out.append(_get(web, "a", 80))
        return out
    finally:
        out.append(_get(web, "b", 50))
        _put(web, "seen", str(len(out)))


def r233_return_get_then_finally_put(web: str) -> str:
    try:
        return _get(web, "k", 80)
    finally:
        _put(web, "k", "new")


def r233_break_in_finally(web: str) -> list[Any]:
    got = []
    for k in ["a", "missing-b", "c"]:
        try:
            got.append(_strict(web, k))
        finally:
            if k.startswith("missing"):
                break
    return [got, _get(web, "after")]


def r233_continue_in_finally_puts(web: str) -> list[Any]:
    got = []
    for k in ["a", "missing-b", "c"]:
        try:
            got.append(_strict(web, k))
        finally:
            _put(web, "progress", k)
            continue
    return [got, _get(web, "progress")]


def r233_return_in_loop_finally_puts(web: str) -> list[Any]:
    for k in ["a", "b", "c"]:
        try:
            v = _get(web, k, 40)
            if k == "b":
                return [v, "early"]
        finally:
            _put(web, "visited", k)
    return ["none"]


def r233_nested_try_inner_finally_outer_except(web: str) -> list[Any]:
    trail = []
    try:
        try:
            trail.append(_get(web, "a", 60))
            trail.append(_strict(web, "missing-m", 60))
        finally:
            trail.append("inner-finally")
            _put(web, "trail", ",".join(trail))
    except requests.HTTPError as e:
        trail.append(f"outer-{e.response.status_code}")
    return [trail, _get(web, "trail")]


def r233_error_in_else_not_caught(web: str) -> str:
    try:
        a = _get(web, "a", 60)
    except KeyError:
        return "no a"
    else:
        return a + _strict(web, "missing-else", 60)


def r233_handler_raises_new_error(web: str) -> list[Any]:
    try:
        try:
            _strict(web, "missing-1", 60)
        except requests.HTTPError:
            _strict(web, "missing-2", 40)
    except requests.HTTPError as e2:
        ctx = e2.__context__
        return [e2.response.url.split("/")[-1], ctx.response.url.split("/")[-1]]
    return []


# ------------------------------------------------------------------ helpers several levels deep


def r233_deep_helper_raise_from(web: str) -> list[Any]:
    a = _get(web, "a", 80)
    try:
        b = _service1(web, "missing-deep", 50)
    except LookupError as e:
        b = [str(e), type(e.__cause__).__name__]
    return [a, b, _get(web, "c", 40)]


def r233_deep_helper_from_none(web: str) -> list[Any]:
    try:
        _service_none(web, "missing-n", 60)
    except KeyError as e:
        return [str(e), e.__cause__, e.__suppress_context__, type(e.__context__).__name__]
    return []


def r233_deep_keyerror_fallback_put(web: str) -> list[Any]:
    try:
        name = _profile_name(web, "user")
    except KeyError as e:
        name = f"anon({e})"
        _put(web, "user-name", name)
    return [name, _get(web, "user-name", 40)]


def r233_helper_puts_then_raises(web: str) -> list[Any]:
    _put(web, "a", "set-1")
    try:
        _save_checked(web, "a")
        _save_checked(web, "b")
        _save_checked(web, "c")
    except ValueError as e:
        err = str(e)
    return [err, _get(web, "a-copy"), _get(web, "b-copy"), _get(web, "c-copy")]


def r233_comprehension_one_fails(web: str) -> Any:
    try:
        return [_strict(web, k, 60) for k in ["a", "b", "missing-c", "d"]]
    except requests.HTTPError as e:
        return ["failed", e.response.status_code]


def r233_dict_comprehension_fails_then_put(web: str) -> Any:
    vals: dict[str, str] = {}
    try:
        vals = {k: _strict(web, k, 50) for k in ["x", "missing-y", "z"]}
    except requests.HTTPError:
        _put(web, "vals", json.dumps(vals))
    return [vals, _get(web, "vals")]


def r233_logged_helper_order(web: str) -> list[Any]:
    a = _logged_get(web, "a", 80)
    try:
        b = _logged_get(web, "missing-b", 40)
    except requests.HTTPError:
        b = None
        LOG.error("b failed")
    c = _logged_get(web, "c", 40)
    return [a, b, c]


def r233_safe_get_prints_in_order(web: str) -> list[Any]:
    return [_safe_get(web, k, ms) for k, ms in
            [("a", 80), ("missing-b", 40), ("c", 60), ("missing-d", 30)]]


def r233_recursive_fallback_keys(web: str) -> list[Any]:
    first = _first_found(web, ["missing-1", "missing-2", "good"])
    try:
        none = _first_found(web, ["missing-3"])
    except KeyError as e:
        none = str(e)
    return [first, none]


def r233_api_error_carries_body(web: str) -> list[Any]:
    out = []
    for k in ["a", "missing-k", "b"]:
        try:
            out.append(_checked(web, k))
        except ApiError as e:
            out.append([e.status, e.body["error"], str(e)])
            _put(web, "last-error", e.body["error"])
    return [out, _get(web, "last-error")]


def r233_error_body_decides_next_request(web: str) -> str:
    try:
        return _checked(web, "missing-key", 60)
    except ApiError as e:
        key = e.body["error"].split()[-1].replace("missing-", "")
        return _get(web, key, 40)


def r233_logged_error_init(web: str) -> list[Any]:
    a = _get(web, "a", 60)
    LOG.info("got a")
    try:
        if _get(web, "b", 40) != "ok":
            raise LoggedError("b not ok")
    except LoggedError as e:
        LOG.info("handled %s", e)
    c = _get(web, "c", 40)
    LOG.info("got c")
    return [a, c]


# ------------------------------------------------------------------ retry loops


def r233_retry_backoff_gives_up(web: str) -> list[Any]:
    delays = []
    for attempt in range(3):
        try:
            return [_status(web, 503), delays]
        except requests.HTTPError:
            delay = 0.02 * 2 ** attempt
            delays.append(delay)
            time.sleep(delay)
    return ["gave up", delays, _get(web, "fallback")]


def r233_retry_switches_mirror(web: str) -> list[Any]:
    attempt = 0
    while True:
        url = f"{web}/status/502?ms=40" if attempt == 0 else f"{web}/items/ok?ms=40"
        try:
            r = requests.get(url, timeout=5)
            r.raise_for_status()
            break
        except requests.HTTPError:
            attempt += 1
            time.sleep(0.03)
    return [attempt, r.json()]


def r233_retry_job_pending_raises(web: str) -> list[Any]:
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    last = ""
    for i in range(5):
        try:
            st = requests.get(f"{web}/jobs/{job}", timeout=5).json()
            if st["status"] != "done":
                raise RuntimeError(f"pending after {i}")
            break
        except RuntimeError as e:
            last = str(e)
            time.sleep(0.02)
    return [st, last]


def r233_retry_put_after_405(web: str) -> list[Any]:
    try:
        r = requests.put(f"{web}/status/500", data="x", timeout=5)
        r.raise_for_status()
    except requests.HTTPError as e:
        first = e.response.status_code
        r = requests.put(f"{web}/items/x", data="x", timeout=5)
    return [first, r.json(), _get(web, "x")]


def r233_retry_wrapper_helper(web: str) -> list[Any]:
    a = _get(web, "a", 80)
    try:
        b = _retry_strict(web, "missing-b", 30)
    except RuntimeError as e:
        b = [str(e), type(e.__context__).__name__]
    return [a, b, _get(web, "c", 40)]


def r233_retry_attempts_in_dict(web: str) -> list[Any]:
    tries: dict[str, int] = {}
    out = []
    for k in ["missing-a", "b"]:
        while tries.get(k, 0) < 2:
            tries[k] = tries.get(k, 0) + 1
            try:
                out.append(_strict(web, k, 30))
                break
            except requests.HTTPError:
                time.sleep(0.02)
    return [out, tries, _get(web, f"t{tries['missing-a']}")]


def r233_retry_model_timeout_then_larger(q: str = "retry question") -> list[Any]:
    errors = []
    for timeout in (0.05, 0.2):
        try:
            return [_ask_t(q, 100, timeout), errors]
        except ProviderTimeout as e:
            errors.append(str(e)[:30])
    return ["none", errors]


def r233_retry_until_budget_put_each(web: str) -> list[Any]:
    for attempt in range(3):
        _put(web, "attempt", str(attempt))
        try:
            return [_status(web, 500 if attempt < 2 else 200), attempt]
        except requests.HTTPError as e:
            LOG.warning("attempt %d failed: %s", attempt, e.response.status_code)
            time.sleep(0.01)
    return ["exhausted"]


def r233_retry_429_then_other_reads(web: str) -> list[Any]:
    code = None
    for _ in range(2):
        r = requests.get(f"{web}/status/429?ms=30", timeout=5)
        code = r.status_code
        if code != 429:
            break
        time.sleep(0.02)
    a = _get(web, "a", 60)
    b = _get(web, "b", 60)
    return [code, a, b]


# ------------------------------------------------------------------ raise from / chains


def r233_raise_from_message_with_body(web: str) -> list[Any]:
    try:
        try:
            _strict(web, "missing-r", 60)
        except requests.HTTPError as e:
            raise ValueError(f"lookup failed: {e.response.json()['error']}") from e
    except ValueError as v:
        cause = v.__cause__
        return [str(v), type(cause).__name__, cause.response.status_code, _get(web, "after")]
    return []


def r233_raise_in_finally_context(web: str) -> list[Any]:
    try:
        try:
            _strict(web, "missing-f", 80)
        finally:
            v = _get(web, "f2", 40)
            raise RuntimeError(f"cleanup saw {v}")
    except RuntimeError as e:
        return [str(e), type(e.__context__).__name__]


def r233_raise_from_propagates(web: str) -> str:
    a = _get(web, "a", 60)
    try:
        _strict(web, "missing-p", 40)
    except requests.HTTPError as e:
        raise LookupError(f"{a} then {e.response.text.strip()}") from e
    return a


def r233_traceback_frames(web: str) -> list[Any]:
    a = _get(web, "a", 60)
    try:
        _parse2(web, "missing-t", 40)
    except requests.HTTPError as e:
        frames = [f.name for f in traceback.extract_tb(e.__traceback__)
                  if f.filename == __file__]
        return [a, frames]
    return []


def r233_format_exc_last_line_logged(web: str) -> str:
    a = _get(web, "a", 60)
    try:
        _strict(web, "missing-l", 40)
    except requests.HTTPError:
        LOG.error("failed: %s", traceback.format_exc().strip().splitlines()[-1])
    return a + _get(web, "b", 40)


def r233_exc_info_in_helper(web: str) -> list[Any]:
    before = _describe_current()
    try:
        _strict(web, "missing-i", 60)
    except requests.HTTPError:
        inside = _describe_current()
        extra = _get(web, "x", 40)
    after = _describe_current()
    return [before, inside, extra, after]


def r233_bare_raise_after_get_in_handler(web: str) -> str:
    try:
        _strict(web, "missing-br", 60)
    except requests.HTTPError:
        _get(web, "diag", 40)
        _put(web, "diag", "seen")
        raise
    return "unreached"


def r233_exception_stored_raised_later(web: str) -> list[Any]:
    errs: list[Exception] = []
    vals = []
    for k in ["a", "missing-b", "c"]:
        try:
            vals.append(_strict(web, k, 40))
        except requests.HTTPError as e:
            errs.append(e)
    _put(web, "vals", ",".join(vals))
    if errs:
        raise errs[0]
    return vals


# ------------------------------------------------------------------ exception groups


def r233_group_then_except_star_put(web: str) -> list[Any]:
    errors = []
    vals = {}
    for k in ["a", "missing-b", "c", "missing-d"]:
        try:
            vals[k] = _strict(web, k, 40)
        except requests.HTTPError as e:
            errors.append(e)
    try:
        if errors:
            raise ExceptionGroup("some reads failed", errors)
    except* requests.HTTPError as eg:
        names = sorted(x.response.url.split("/")[-1].split("?")[0] for x in eg.exceptions)
        _put(web, "failed", ",".join(names))
    return [vals, _get(web, "failed")]


def r233_except_star_two_handlers_order(web: str) -> list[Any]:
    a = _get(web, "a", 60)
    b = _get(web, "b", 40)
    problems: list[Exception] = []
    try:
        int(a)
    except ValueError as e:
        problems.append(e)
    try:
        {"x": 1}[b]
    except KeyError as e:
        problems.append(e)
    try:
        raise ExceptionGroup("parse", problems)
    except* KeyError:
        _put(web, "k", "key")
    except* ValueError:
        _put(web, "v", "value")
    return [_get(web, "k"), _get(web, "v")]


def r233_except_star_reraises_rest(web: str) -> list[Any]:
    errs: list[Exception] = []
    for k in ["missing-a", "b"]:
        try:
            v = _strict(web, k, 40)
            {"x": 1}[v]
        except (requests.HTTPError, KeyError) as e:
            errs.append(e)
    try:
        raise ExceptionGroup("mixed", errs)
    except* KeyError:
        _put(web, "handled", "key")
    return []


def r233_group_split_counts(web: str) -> list[Any]:
    errs: list[Exception] = []
    for k in ["missing-1", "a", "missing-2"]:
        try:
            _strict(web, k, 40)
        except requests.HTTPError as e:
            errs.append(e)
    eg = ExceptionGroup("reads", errs + [KeyError("k")])
    match, rest = eg.split(requests.HTTPError)
    return [len(match.exceptions), len(rest.exceptions), str(eg), _get(web, "z")]


def r233_group_from_model_votes(q: str = "vote please") -> Any:
    answers = [_ask(f"{q} {i}", 60 + 20 * i) for i in range(4)]
    problems = []
    votes = []
    for a in answers:
        try:
            votes.append(_vote(a))
        except ValueError as e:
            problems.append(e)
    odd = 0
    try:
        if problems:
            raise ExceptionGroup("odd answers", problems)
    except* ValueError as eg:
        odd = len(eg.exceptions)
    return [votes, odd]


async def r233_async_taskgroup_one_fails(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        async def get(k: str, ms: int) -> str:
            async with s.get(f"{web}/items/{k}?ms={ms}") as r:
                r.raise_for_status()
                return (await r.json())["value"]
        got: list[Any] = []
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(get("a", 100))
                tg.create_task(get("missing-b", 40))
        except* aiohttp.ClientResponseError as eg:
            got = [len(eg.exceptions), eg.exceptions[0].status]
    return got


async def r233_async_gather_exceptions_then_put(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        async def get(k: str, ms: int) -> str:
            async with s.get(f"{web}/items/{k}?ms={ms}") as r:
                r.raise_for_status()
                return (await r.json())["value"]
        res = await asyncio.gather(get("a", 80), get("missing-b", 40), get("c", 60),
                                   return_exceptions=True)
        kinds = [type(x).__name__ if isinstance(x, Exception) else x for x in res]
        async with s.put(f"{web}/items/summary", data=",".join(kinds)) as r:
            await r.read()
        async with s.get(f"{web}/items/summary") as r:
            return [kinds, (await r.json())["value"]]


# ------------------------------------------------------------------ suppress / __exit__


def r233_suppress_keyerror_skips_puts(web: str) -> str:
    with contextlib.suppress(KeyError):
        data = requests.get(f"{web}/items/a?ms=80", timeout=5).json()
        _put(web, "x", data["missing"])
        _put(web, "y", "not reached")
    _put(web, "z", "after")
    return _get(web, "y")


def r233_suppress_http_names_unbound(web: str) -> list[Any]:
    a = b = None
    with contextlib.suppress(requests.HTTPError):
        a = _strict(web, "missing-a", 100)
        b = _get(web, "b", 50)
    c = _get(web, "c", 50)
    return [a, b, c]


def r233_swallow_exit_puts_error(web: str) -> list[Any]:
    with _Swallow(web, "err1") as s1:
        _put(web, "a", "1")
        _strict(web, "missing-x", 50)
        _put(web, "b", "2")
    with _Swallow(web, "err2") as s2:
        v = _get(web, "a", 50)
    return [s1.error, s2.error, v, _get(web, "err1"), _get(web, "b")]


def r233_only404_lets_500_through(web: str) -> list[Any]:
    out = []
    with _Only404():
        out.append(_strict(web, "missing-1", 40))
    out.append(_get(web, "mid", 40))
    try:
        with _Only404():
            out.append(_status(web, 500, 40))
    except requests.HTTPError as e:
        out.append(e.response.status_code)
    return out


def r233_exitstack_callbacks_lifo(web: str) -> list[Any]:
    try:
        with contextlib.ExitStack() as st:
            st.callback(_put, web, "cb", "first")
            st.callback(_put, web, "cb", "second")
            _strict(web, "missing-s", 60)
    except requests.HTTPError:
        pass
    return [_get(web, "cb")]


def r233_contextmanager_swallows_and_puts(web: str) -> list[Any]:
    with _tolerant(web, "status-a"):
        _status(web, 503, 50)
    with _tolerant(web, "status-b"):
        _status(web, 404, 50)
    return [_get(web, "status-a"), _get(web, "status-b")]


def r233_suppress_in_loop(web: str) -> list[Any]:
    out = []
    for k in ["a", "missing-b", "c", "missing-d", "e"]:
        with contextlib.suppress(requests.HTTPError):
            out.append(_strict(web, k, 40))
    return out


def r233_suppress_stopiteration_next(web: str) -> list[Any]:
    found = "none"
    with contextlib.suppress(StopIteration):
        found = next(line for line in _lines(web, "a") if "zzz" in line)
    return [found, _get(web, "b")]


def r233_suppress_then_write_depends(web: str) -> list[Any]:
    value = "default"
    with contextlib.suppress(requests.HTTPError):
        value = _strict(web, "missing-v", 80)
    _put(web, "copy", value)
    return [_get(web, "copy"), _get(web, "other", 40)]


# ------------------------------------------------------------------ parsing errors


def r233_keyerror_from_404_body(web: str) -> list[Any]:
    r = requests.get(f"{web}/items/missing-k?ms=60", timeout=5)
    try:
        v = r.json()["value"]
    except KeyError as e:
        v = [str(e), r.json()]
    return [v, _get(web, "b", 40)]


def r233_indexerror_model_words_fallback(q: str = "short please") -> list[Any]:
    ans = _ask(q, 80)
    try:
        word = ans.split()[99]
    except IndexError as e:
        word = f"{e}; {_ask('longer please', 60)}"
    return [ans, word]


def r233_attributeerror_regex_none(web: str) -> list[Any]:
    text = _get(web, "a", 60)
    try:
        ident = re.search(r"id=(\d+)", text).group(1)
    except AttributeError as e:
        ident = None
        _put(web, "bad", str(e))
    return [ident, _get(web, "bad")]


def r233_jsondecode_text_route(web: str) -> list[Any]:
    r = requests.get(f"{web}/text/a?ms=60", timeout=5)
    try:
        data = r.json()
    except requests.JSONDecodeError as e:
        data = [type(e).__name__, r.text.splitlines()[0]]
    return [data, _get(web, "b", 40)]


def r233_valueerror_int_between_gets(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    n = int(a)
    b = _get(web, "b", 50)
    return [n, b]


def r233_typeerror_none_subscript(web: str) -> Any:
    d = requests.get(f"{web}/items/a?ms=60", timeout=5).json().get("nested")
    other = _get(web, "b", 40)
    return [d["x"], other]


def r233_format_code_error(web: str) -> str:
    value = _get(web, "n", 60)
    try:
        return f"{value:d}"
    except ValueError as e:
        return f"{e} / {_get(web, 'm', 40)}"


def r233_unpack_error_from_values(web: str) -> list[Any]:
    try:
        key, value, extra = requests.get(f"{web}/items/a?ms=60", timeout=5).json().values()
    except ValueError as e:
        _put(web, "unpack", str(e))
        key = value = extra = None
    return [key, value, extra, _get(web, "unpack")]


def r233_keyerror_message_with_text(web: str) -> str:
    r = requests.get(f"{web}/items/a?ms=60", timeout=5)
    if "version" not in r.json():
        raise KeyError(f"no version in {r.text}")
    return r.text


def r233_attributeerror_wrong_attr_of_response(web: str) -> list[Any]:
    r = requests.get(f"{web}/items/a?ms=60", timeout=5)
    b = _get(web, "b", 40)
    try:
        code = r.status
    except AttributeError as e:
        code = str(e)
    return [code, b]


# ------------------------------------------------------------------ StopIteration


def r233_next_exhausted_escapes(web: str) -> list[Any]:
    it = iter(_lines(web, "a", 60))
    first = next(it)
    b = _get(web, "b", 40)
    next(it)
    next(it)
    next(it)
    return [first, b]


def r233_next_in_helper_caught(web: str) -> list[Any]:
    a = _first_match(web, "a", "line 2", 80)
    try:
        b = _first_match(web, "b", "zzz", 40)
    except StopIteration:
        b = "no match"
    c = _first_match(web, "c", "line 3", 60)
    return [a, b, c]


def r233_next_in_helper_uncaught(web: str) -> list[Any]:
    a = _first_match(web, "a", "line 1", 80)
    b = _first_match(web, "b", "zzz", 40)
    return [a, b]


def r233_next_in_helper_two_independent(web: str) -> list[Any]:
    try:
        a = _first_match(web, "a", "zzz", 80)
        b = _first_match(web, "b", "line 1", 40)
    except StopIteration as e:
        return ["stopped", repr(e)]
    return [a, b]


def r233_stopiteration_in_genexpr_runtimeerror(web: str) -> Any:
    try:
        return list(next(iter(_lines(web, k, 40)[3:])) for k in ["a", "b"])
    except RuntimeError as e:
        return [str(e), type(e.__cause__).__name__]


def r233_stopiteration_in_listcomp(web: str) -> Any:
    try:
        return [next(iter(_lines(web, k, 40)[n:])) for k, n in [("a", 0), ("b", 3), ("c", 0)]]
    except StopIteration:
        return "stopped"


def r233_stopiteration_ends_map(web: str) -> list[Any]:
    firsts = list(map(functools.partial(_first_line_or_stop, web), ["a", "b", "stop-c", "d"]))
    return [firsts, _get(web, "after", 40)]


def r233_iter_lines_stream_next(web: str) -> list[Any]:
    r = requests.get(f"{web}/text/s?ms=60", stream=True, timeout=5)
    it = r.iter_lines(decode_unicode=True)
    got = []
    while True:
        try:
            got.append(next(it))
        except StopIteration:
            break
    return [got, _get(web, "b", 40)]


def r233_sdk_models_next_missing(client: Any) -> list[Any]:
    ids = [m.id for m in client.models.list()]
    try:
        pick = next(i for i in ids if i.startswith("claude"))
    except StopIteration:
        pick = "gpt"
    return [ids, _chat(client, f"use {pick}")]


# ------------------------------------------------------------------ BaseException from helpers


def r233_base_exception_from_helper(web: str) -> list[Any]:
    a = _get(web, "a", 80)
    try:
        b = _exit_when_missing(web, "missing-abort")
    except Abort as e:
        b = f"aborted: {e}"
    return [a, b, _get(web, "c", 40)]


def r233_sys_exit_from_helper_caught(web: str) -> list[Any]:
    a = _get(web, "a", 80)
    try:
        s = _sys_exit_on_500(web)
    except SystemExit as e:
        s = f"exit {e.code}"
    return [a, s]


def r233_base_exception_independent_reads(web: str) -> list[Any]:
    try:
        x = _exit_when_missing(web, "missing-x")
        y = _get(web, "y", 80)
    except Abort:
        return ["aborted"]
    return [x, y]


# ------------------------------------------------------------------ server errors beside reads and writes


def r233_500_between_puts(web: str) -> list[Any]:
    _put(web, "a", "1")
    try:
        _status(web, 500, 60)
    except requests.HTTPError as e:
        _put(web, "err", str(e.response.status_code))
    _put(web, "b", "2")
    return [_get(web, "err"), _get(web, "b")]


def r233_fan_of_reads_then_404(web: str) -> list[Any]:
    a = _get(web, "a", 60)
    b = _get(web, "b", 60)
    c = _get(web, "c", 60)
    d = _status(web, 404, 60)
    return [a, b, c, d]


def r233_status_decides_write(web: str) -> list[Any]:
    r = requests.get(f"{web}/status/409?ms=60", timeout=5)
    if r.status_code == 409:
        _put(web, "resolution", "conflict")
    else:
        _put(web, "resolution", "ok")
    return [_get(web, "resolution"), r.json()]


def r233_post_405_then_put_not_sent(web: str) -> list[Any]:
    _put(web, "before", "x")
    r = requests.post(f"{web}/status/201", data="payload", timeout=5)
    r.raise_for_status()
    _put(web, "after", "y")
    return [r.status_code]


def r233_error_after_write_reads_reordered(web: str) -> list[Any]:
    v1 = _get(web, "k", 80)
    _put(web, "k", "two")
    try:
        _status(web, 502, 40)
    except requests.HTTPError as e:
        msg = str(e).split(" for ")[0]
    v2 = _get(web, "k", 40)
    return [v1, msg, v2]


def r233_raise_for_status_chain_reads(web: str) -> list[Any]:
    out = []
    for code in (200, 201, 404, 200):
        r = requests.get(f"{web}/status/{code}?ms=40", timeout=5)
        try:
            r.raise_for_status()
            out.append(code)
        except requests.HTTPError:
            out.append(f"bad {code}")
            break
    return out


def r233_sdk_not_found_then_create(client: Any) -> list[Any]:
    try:
        f = client.files.retrieve("file-404")
        found = f.id
    except openai.NotFoundError as e:
        found = [e.status_code, "no file" in str(e)]
        f = client.files.create(file=("a.txt", io.BytesIO(b"hello")), purpose="assistants")
    return [found, f.filename, [x.id for x in client.files.list()]]


def r233_sdk_bad_request_beside_calls(client: Any) -> list[Any]:
    a = _chat(client, "first")
    try:
        client.chat.completions.create(model="gpt", messages=[])
        bad = "accepted"
    except openai.BadRequestError as e:
        bad = [e.status_code, "messages" in str(e)]
    b = _chat(client, "second")
    return [a, bad, b]


def r233_sdk_error_then_file_delete(client: Any) -> list[Any]:
    f = client.files.create(file=("x.txt", io.BytesIO(b"data")), purpose="assistants")
    try:
        client.files.delete("file-999")
    except openai.NotFoundError as e:
        client.files.delete(f.id)
        err = e.status_code
    return [err, [x.id for x in client.files.list()]]


# ------------------------------------------------------------------ ensembles


def r233_ensemble_one_branch_timeout(q: str = "ensemble q") -> list[Any]:
    answers = []
    for ms in (50, 150, 80):
        try:
            answers.append(_ask_t(f"{q} {ms}", ms, 0.1))
        except ProviderTimeout:
            answers.append("timeout")
    return answers


def r233_ensemble_comprehension_raises(q: str = "comp q") -> list[Any]:
    try:
        answers = [_ask_t(f"{q} {ms}", ms, 0.1) for ms in (60, 150, 80)]
    except ProviderTimeout as e:
        answers = ["fallback", _ask(q, 50), str(e)[:20]]
    return answers


def r233_ensemble_votes_with_errors(q: str = "votes") -> list[Any]:
    answers = [_ask(f"{q} {i}", 60 + 20 * i) for i in range(3)]
    counts = []
    for a in answers:
        try:
            counts.append(_vote(a))
        except ValueError as e:
            counts.append(str(e)[:16])
    return counts


def r233_ensemble_judge_after_failure(q: str = "judge") -> list[Any]:
    survivors = []
    for ms in (60, 150, 90):
        try:
            survivors.append(_ask_t(f"{q} {ms}", ms, 0.1))
        except ProviderTimeout:
            LOG.warning("branch %d timed out", ms)
    verdict = _ask("pick: " + " | ".join(survivors), 60)
    return [survivors, verdict]


def r233_ensemble_prints_errors(q: str = "printed") -> None:
    for ms in (80, 150, 50):
        try:
            print(ms, _ask_t(f"{q} {ms}", ms, 0.1))
        except ProviderTimeout as e:
            print("failed", ms, str(e)[:24])


def r233_ensemble_all_fail_group(q: str = "all fail") -> Any:
    errors = []
    for ms in (150, 160):
        try:
            return _ask_t(f"{q} {ms}", ms, 0.06)
        except ProviderTimeout as e:
            errors.append(e)
    raise ExceptionGroup("every branch failed", errors)


def r233_ensemble_mixed_with_get(web: str) -> list[Any]:
    a = _ask("mixed a", 80)
    try:
        b = _strict(web, "missing-ens", 60)
    except requests.HTTPError:
        b = _ask("mixed fallback", 60)
    c = _get(web, "c", 40)
    return [a, b, c]


def r233_ensemble_sdk_one_bad(client: Any) -> list[Any]:
    out = []
    for msgs in ([{"role": "user", "content": "one"}], [],
                 [{"role": "user", "content": "three"}]):
        try:
            r = client.chat.completions.create(model="gpt", messages=msgs)
            out.append((r.choices[0].message.content or "")[:16])
        except openai.BadRequestError as e:
            out.append(e.status_code)
    return out


# ------------------------------------------------------------------ what was written before the error


def r233_file_lines_before_error(tmp: str, web: str) -> None:
    with open(Path(tmp) / "out.txt", "w") as f:
        for k in ["a", "b", "missing-c", "d"]:
            f.write(_strict(web, k, 40) + "\n")


def r233_jsonl_append_then_helper_raises(tmp: str, web: str) -> list[Any]:
    p = Path(tmp) / "log.jsonl"
    try:
        for k in ["a", "b", "c"]:
            v = _save_checked(web, k)
            with open(p, "a") as f:
                f.write(json.dumps({k: v}) + "\n")
    except ValueError as e:
        with open(p, "a") as f:
            f.write(json.dumps({"error": str(e)}) + "\n")
    return p.read_text().splitlines()


def r233_print_before_error(web: str) -> None:
    for k in ["a", "b", "missing-c", "d"]:
        print("fetching", k)
        print("got", _strict(web, k, 40))


def r233_log_before_error_then_exception_log(web: str) -> Any:
    try:
        for k in ["a", "missing-b", "c"]:
            LOG.info("value %s", _strict(web, k, 40))
    except requests.HTTPError as e:
        LOG.error("stopped at %s", e.response.status_code)
    return _get(web, "z", 40)


def r233_sqlite_rollback_on_http_error(tmp: str, web: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp) / "db.sqlite")
    conn.execute("CREATE TABLE t (k TEXT, v TEXT)")
    conn.commit()
    try:
        with conn:
            conn.execute("INSERT INTO t VALUES (?, ?)", ("a", _get(web, "a", 40)))
            conn.execute("INSERT INTO t VALUES (?, ?)", ("m", _strict(web, "missing-m", 40)))
    except requests.HTTPError:
        conn.execute("INSERT INTO t VALUES (?, ?)", ("err", "rolled back"))
        conn.commit()
    rows = conn.execute("SELECT * FROM t").fetchall()
    conn.close()
    return rows


def r233_shared_list_before_error(web: str, box: list[Any]) -> None:
    box.append(_get(web, "a", 60))
    box.append(_get(web, "b", 40))
    box.append(_strict(web, "missing-c", 40))
    box.append(_get(web, "d", 40))


def _drive_shared(f: Any, env: Env) -> list[Any]:
    box: list[Any] = []
    try:
        f(env.web, box)
    except requests.HTTPError as e:
        return [box, e.response.status_code]
    return [box]


class _Tally:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def fetch(self, web: str, key: str) -> str:
        v = _strict(web, key, 40)
        self.seen.append(key)
        return v


def r233_object_state_before_error(web: str) -> list[Any]:
    t = _Tally()
    try:
        a = t.fetch(web, "a")
        b = t.fetch(web, "missing-b")
        c = t.fetch(web, "c")
        return [a, b, c]
    except requests.HTTPError:
        return [t.seen, _get(web, "z", 40)]


def r233_first_call_fails_second_ok(web: str) -> list[Any]:
    v = _get(web, "flag", 50)
    if v == "v-flag":
        _put(web, "flag", "set")
        raise RuntimeError(f"first time: {v}")
    return [v, _get(web, "other", 50)]


def r233_thread_error_collected(web: str) -> list[Any]:
    errors: list[str] = []
    results: dict[str, str] = {}

    def work(k: str) -> None:
        try:
            results[k] = _strict(web, k, 40)
        except requests.HTTPError as e:
            errors.append(f"{k}:{e.response.status_code}")

    threads = [threading.Thread(target=work, args=(k,)) for k in ["a", "missing-b"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    _put(web, "errors", ",".join(sorted(errors)))
    return [sorted(results.items()), _get(web, "errors")]


def r233_put_in_except_visible_to_later_loop(web: str) -> list[Any]:
    out = []
    for k in ["missing-a", "missing-a", "b"]:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError:
            _put(web, k, "repaired")
            out.append("repaired-now")
    return out


def r233_else_put_depends_on_try_get(web: str) -> list[Any]:
    for k in ["a", "missing-b"]:
        try:
            v = _strict(web, k, 50)
        except requests.HTTPError:
            _put(web, "status-" + k, "missing")
        else:
            _put(web, "status-" + k, "found " + v)
    return [_get(web, "status-a"), _get(web, "status-missing-b")]


def r233_assert_on_response_between(web: str) -> list[Any]:
    a = _get(web, "a", 80)
    try:
        assert a.startswith("x-"), f"unexpected {a}"
        b = _get(web, "b", 40)
    except AssertionError as e:
        b = str(e)
    return [a, b]


def r233_error_in_if_test(web: str) -> list[Any]:
    out = []
    try:
        if _strict(web, "missing-cond", 60) == "yes":
            out.append(_get(web, "yes", 40))
        else:
            out.append(_get(web, "no", 40))
    except requests.HTTPError:
        out.append("cond failed")
    out.append(_get(web, "end", 40))
    return out


def r233_sorted_key_raises(web: str) -> Any:
    vals = [_get(web, k, 40) for k in ["a", "b", "c"]]
    try:
        return sorted(vals, key=lambda v: int(v.split("-")[1]))
    except ValueError as e:
        _put(web, "sort", str(e))
        return [vals, _get(web, "sort")]


# ------------------------------------------------------------------ handlers that change what later calls send


def _strict_opts(web: str, key: str, opts: dict[str, int]) -> str:
    return _strict(web, key, opts["ms"])


def _counting_get(web: str, key: str, stats: dict[str, int]) -> str:
    stats["n"] += 1
    return _strict(web, key, 40)


def _noting_get(web: str, key: str, seen: list[str]) -> str:
    seen.append(key)
    return _strict(web, key, 40)


def _logging_get(web: str, key: str, ms: int = 40) -> str:
    LOG.info("fetching %s", key)
    return _strict(web, key, ms)


def _printing_get(web: str, key: str, ms: int = 40) -> str:
    print("fetching", key)
    return _strict(web, key, ms)


def _journaled_get(path: Path, web: str, key: str) -> str:
    with open(path, "a") as f:
        f.write(f"start {key}\n")
    return _strict(web, key, 40)


def _int_of(web: str, key: str, ms: int) -> int:
    return int(_strict(web, key, ms))


def _pages(web: str, keys: list[str]) -> Any:
    try:
        for k in keys:
            yield _get(web, k, 40)
    finally:
        _put(web, "closed", "yes")


def r233_handler_changes_dict_arg_of_later_calls(web: str) -> list[Any]:
    opts = {"ms": 40}
    out = []
    for k in ["a", "missing-b", "c", "d"]:
        try:
            out.append(_strict_opts(web, k, opts))
        except requests.HTTPError:
            opts["ms"] = 10
            out.append(None)
    return out


def r233_handler_rebinds_local_of_later_calls(web: str) -> list[Any]:
    ms = 40
    out = []
    for k in ["a", "missing-b", "c", "d"]:
        try:
            out.append(_strict(web, k, ms))
        except requests.HTTPError:
            ms = 10
    return out


def r233_handler_appends_fallback_key(web: str) -> list[Any]:
    keys = ["a", "missing-b", "c"]
    out = []
    for k in keys:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError:
            keys.append("fallback-" + k)
    return out


def r233_handler_rebinds_ms_next_statement(web: str) -> list[Any]:
    ms = 80
    try:
        a = _strict(web, "missing-a", ms)
    except requests.HTTPError:
        a = None
        ms = 20
    b = _get(web, "b", ms)
    return [a, b]


def r233_handler_key_from_error_body(web: str) -> list[Any]:
    key = "default"
    try:
        _strict(web, "missing-target", 60)
    except requests.HTTPError as e:
        key = e.response.json()["error"].split()[-1].upper()
    return [key, _get(web, key, 40), _get(web, "other", 40)]


def r233_counter_in_helper_at_failure(web: str) -> list[Any]:
    stats = {"n": 0}
    try:
        return [_counting_get(web, k, stats) for k in ["a", "missing-b", "c", "d"]]
    except requests.HTTPError:
        return ["failed after", stats["n"]]


def r233_seen_list_in_helper_at_failure(web: str) -> list[Any]:
    seen: list[str] = []
    try:
        for k in ["a", "missing-b", "c", "d"]:
            _noting_get(web, k, seen)
    except requests.HTTPError:
        pass
    return seen


def r233_helper_logs_before_failing_get(web: str) -> Any:
    try:
        return [_logging_get(web, k, 40) for k in ["a", "missing-b", "c", "d"]]
    except requests.HTTPError:
        LOG.error("comprehension failed")
        return "failed"


def r233_helper_prints_before_failing_get(web: str) -> Any:
    out = []
    try:
        for k in ["a", "missing-b", "c"]:
            out.append(_printing_get(web, k, 40))
    except requests.HTTPError:
        print("stopped")
    return out


def r233_helper_journals_before_failing_get(tmp: str, web: str) -> list[Any]:
    p = Path(tmp) / "journal.txt"
    out = []
    try:
        for k in ["a", "missing-b", "c"]:
            out.append(_journaled_get(p, web, k))
    except requests.HTTPError:
        pass
    return [out, p.read_text().splitlines()]


def r233_earlier_error_wins_over_faster_later(web: str) -> Any:
    _put(web, "n", "12")
    try:
        return [_int_of(web, "missing-slow", 120), _int_of(web, "fast", 20)]
    except requests.HTTPError as e:
        return ["http", e.response.status_code]
    except ValueError as e:
        return ["value", str(e)]


def r233_earlier_error_wins_over_faster_abort(web: str) -> Any:
    try:
        a = _strict(web, "missing-slow", 120)
        b = _exit_when_missing(web, "missing-fast")
        return [a, b]
    except requests.HTTPError as e:
        return ["http", e.response.status_code]
    except Abort as e:
        return ["abort", str(e)]


def r233_generator_finally_put_on_error(web: str) -> list[Any]:
    try:
        for v in _pages(web, ["a", "b", "c"]):
            if v == "v-b":
                raise ValueError(v)
    except ValueError as e:
        err = str(e)
    return [err, _get(web, "closed", 40)]


def r233_swallow_leaves_later_names(web: str) -> list[Any]:
    a = b = c = None
    with _Swallow(web, "err") as s:
        a = _get(web, "a", 80)
        b = _strict(web, "missing-b", 40)
        c = _get(web, "c", 40)
    return [a, b, c, s.error]


def r233_swallow_skips_print(web: str) -> list[Any]:
    with _Swallow(web, "err") as s:
        a = _get(web, "a", 60)
        b = _strict(web, "missing-b", 40)
        print("after b", a, b)
    print("after with")
    return [s.error, _get(web, "err")]


def r233_keyerror_in_argument_after_reads(web: str) -> Any:
    data = requests.get(f"{web}/items/a?ms=60", timeout=5).json()
    b = _get(web, "b", 40)
    try:
        c = _get(web, data["next"], 40)
    except KeyError as e:
        c = f"no {e}"
    return [b, c]


def r233_mirror_base_switched_in_handler(web: str) -> list[Any]:
    base = f"{web}/status"
    try:
        r = requests.get(f"{base}/503?ms=60", timeout=5)
        r.raise_for_status()
    except requests.HTTPError:
        base = f"{web}/items"
    a = requests.get(f"{base}/a?ms=40", timeout=5).status_code
    b = requests.get(f"{base}/b?ms=40", timeout=5).status_code
    return [base.rsplit("/", 1)[-1], a, b]


def r233_retry_no_sleep_key_per_attempt(web: str) -> list[Any]:
    tried = []
    v = None
    for attempt in range(4):
        key = f"missing-{attempt}" if attempt < 2 else f"ok-{attempt}"
        tried.append(key)
        try:
            v = _strict(web, key, 30)
            break
        except requests.HTTPError:
            continue
    return [v, tried]


def r233_try_in_loop_handler_returns(web: str) -> Any:
    out = []
    for k in ["a", "b", "missing-c", "d"]:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError:
            return [out, "stopped at " + k]
    return out


def r233_handler_counts_then_raises_after_two(web: str) -> Any:
    misses = 0
    out = []
    for k in ["missing-1", "a", "missing-2", "b", "missing-3"]:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError:
            misses += 1
            if misses == 2:
                raise RuntimeError(f"too many misses: {out}")
    return out


# ------------------------------------------------------------------ the exception being handled, seen by helpers


def _tagged_get(web: str, key: str) -> str:
    t = sys.exc_info()[0]
    tag = t.__name__ if t is not None else "none"
    return _get(web, f"{key}-{tag}", 40)


def r233_exc_info_seen_by_sibling_helpers(web: str) -> list[Any]:
    return [_tagged_get(web, "a"), _tagged_get(web, "b")]


def r233_context_of_error_raised_in_driver_except(web: str) -> list[Any]:
    try:
        a = _strict(web, "missing-a", 60)
        b = _get(web, "b", 40)
    except requests.HTTPError as e:
        return [type(e.__context__).__name__, str(e.__context__)]
    return [a, b]


def _drive_in_except(f: Any, env: Env) -> Any:
    try:
        raise KeyError("outer")
    except KeyError:
        return f(env.web)


_TL = threading.local()


def _remember_error_get(web: str, key: str) -> str | None:
    try:
        return _strict(web, key, 40)
    except requests.HTTPError as e:
        _TL.last = e.response.status_code
        return None


def r233_thread_local_last_error(web: str) -> list[Any]:
    _TL.last = None
    a = _remember_error_get(web, "missing-a")
    b = _remember_error_get(web, "b")
    return [a, b, _TL.last]


def _named_retry_get(web: str, key: str) -> str:
    try:
        return _strict(web, key, 40)
    except requests.HTTPError:
        LOG.warning("%s: retrying %s", threading.current_thread().name, key)
        return _get(web, "fallback-" + key, 30)


def r233_thread_name_in_retry_log(web: str) -> list[Any]:
    return [_named_retry_get(web, "missing-a"), _named_retry_get(web, "b")]


def _caller_named_get(web: str, key: str) -> str:
    r = requests.get(f"{web}/items/{key}?ms=40", timeout=5)
    if r.status_code == 404:
        raise LookupError(f"{sys._getframe(1).f_code.co_name}: missing {key}")
    return r.json()["value"]


def r233_caller_name_in_error(web: str) -> Any:
    a = _caller_named_get(web, "a")
    try:
        b = _caller_named_get(web, "missing-b")
    except LookupError as e:
        b = str(e)
    return [a, b]



# ------------------------------------------------------------------ closed objects, validating wrappers, self-correction


class _Checked:
    """A context manager whose `__enter__` checks the service with a GET and raises."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __enter__(self) -> str:
        return _strict(self.web, self.key, 60)

    def __exit__(self, *exc: Any) -> None:
        _put(self.web, "exit-" + self.key, "called")


class _Item:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property
    def value(self) -> str:
        if "value" not in self.data:
            raise AttributeError(f"no value in {sorted(self.data)}")
        return self.data["value"]


def _always_fixed(web: str, key: str) -> str:
    try:
        return _strict(web, key, 40)
    finally:
        return "fixed-" + key


def r233_enter_raises_body_put_skipped(web: str) -> list[Any]:
    try:
        with _Checked(web, "missing-enter") as v:
            _put(web, "body", v)
    except requests.HTTPError:
        pass
    with _Checked(web, "ok") as v:
        _put(web, "body", v)
    return [_get(web, "body"), _get(web, "exit-missing-enter"), _get(web, "exit-ok")]


def r233_property_raises_on_404_body(web: str) -> list[Any]:
    items = [_Item(requests.get(f"{web}/items/{k}?ms=40", timeout=5).json())
             for k in ["a", "missing-b", "c"]]
    out = []
    for it in items:
        try:
            out.append(it.value)
        except AttributeError as e:
            out.append(str(e))
    return out


def r233_helper_return_in_finally_comprehension(web: str) -> list[Any]:
    return [_always_fixed(web, k) for k in ["a", "missing-b", "c"]]


def r233_model_self_correction_loop(q: str = "give a number") -> list[Any]:
    prompt = q
    errors = []
    for _ in range(3):
        ans = _ask(prompt, 50)
        try:
            return [int(ans.split()[-1]), errors]
        except ValueError as e:
            errors.append(str(e)[:30])
            prompt = f"{q}; last error: {e}"
    return [None, errors]


def r233_httpx_client_used_after_close(web: str) -> list[Any]:
    with httpx.Client(timeout=5) as c:
        a = c.get(f"{web}/items/a?ms=60").json()["value"]
    try:
        b = c.get(f"{web}/items/b?ms=40").json()["value"]
    except RuntimeError as e:
        b = str(e)
    return [a, b, _get(web, "c", 40)]


def r233_sqlite_used_after_close(tmp: str, web: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp) / "c.sqlite")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (_get(web, "a", 60),))
    conn.commit()
    conn.close()
    b = _get(web, "b", 40)
    try:
        rows = conn.execute("SELECT v FROM t").fetchall()
    except sqlite3.ProgrammingError as e:
        rows = str(e)
    return [b, rows]


def r233_file_read_after_close(tmp: str, web: str) -> list[Any]:
    p = Path(tmp) / "f.txt"
    p.write_text(_get(web, "a", 60))
    with open(p) as f:
        first = f.read(2)
    b = _get(web, "b", 40)
    try:
        rest = f.read()
    except ValueError as e:
        rest = str(e)
    return [first, b, rest]



# ------------------------------------------------------------------ iterators the handler moves, lazy sources


def _strict_any(web: str, key: str) -> str:
    if key.startswith("status-"):
        return str(_status(web, int(key.split("-")[1]), 40))
    return _strict(web, key, 40)


def _lazy_values(web: str, keys: list[str]) -> Any:
    for k in keys:
        yield _strict(web, k, 40)


def r233_handler_skips_next_item(web: str) -> list[Any]:
    it = iter(["a", "missing-b", "c", "d", "e"])
    out = []
    for k in it:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError:
            out.append("skip " + next(it))
    return out


def r233_handler_removes_from_iterated_list(web: str) -> list[Any]:
    keys = ["a", "missing-b", "c", "d"]
    out = []
    for k in keys:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError:
            keys.remove("c")
    return [out, keys]


def r233_handler_reraises_non_404(web: str) -> Any:
    out = []
    try:
        for k in ["a", "missing-b", "c", "status-500", "d"]:
            try:
                out.append(_strict_any(web, k))
            except requests.HTTPError as e:
                if e.response.status_code == 404:
                    continue
                raise
    except requests.HTTPError as e:
        return [out, e.response.status_code]
    return out


def r233_lambda_map_fails(web: str) -> Any:
    try:
        return list(map(lambda k: _strict(web, k, 40), ["a", "b", "missing-c", "d"]))
    except requests.HTTPError as e:
        return e.response.status_code


def r233_json_dumps_fails_put_not_sent(web: str) -> list[Any]:
    a = _get(web, "a", 60)
    payload = {"a": a, "when": {1, 2}}
    try:
        _put(web, "payload", json.dumps(payload))
    except TypeError as e:
        _put(web, "payload", json.dumps({"a": a, "error": str(e)}))
    return [_get(web, "payload"), _get(web, "b", 40)]


def r233_format_map_keyerror(web: str) -> list[Any]:
    data = requests.get(f"{web}/items/a?ms=60", timeout=5).json()
    other = _get(web, "b", 40)
    try:
        line = "{key}={value} ({version})".format(**data)
    except KeyError as e:
        line = f"missing field {e}"
    return [line, other]


def r233_model_invalid_param_in_ensemble(q: str = "params") -> list[Any]:
    out = []
    for t in (0.5, 5.0, 1.0):
        try:
            out.append(str(models("sim/gpt", q, latency=0.08, temperature=t))[:20])
        except Exception as e:
            out.append(type(e).__name__)
    return out


def r233_model_invalid_param_comprehension(q: str = "comp params") -> Any:
    try:
        return [str(models("sim/gpt", q, latency=0.08, max_tokens=m))[:20] for m in (5, -1, 7)]
    except Exception as e:
        return [type(e).__name__, str(e)[:40]]


def r233_logger_exception_per_item(web: str) -> list[Any]:
    out = []
    for k in ["a", "missing-b", "c", "missing-d"]:
        try:
            out.append(_strict(web, k, 40))
        except requests.HTTPError as e:
            LOG.exception("item %s failed with %s", k, e.response.status_code)
    return out


def r233_lazy_generator_fails_at_for(web: str) -> list[Any]:
    out = []
    try:
        for v in _lazy_values(web, ["a", "missing-b", "c"]):
            out.append(v)
            _put(web, "last", v)
    except requests.HTTPError:
        out.append("stopped")
    return [out, _get(web, "last")]



# ------------------------------------------------------------------ guards across calls, coroutines


def r233_guard_param_types_across_calls(web: str, limit: Any) -> list[Any]:
    x = _get(web, "a", 60)
    if limit == 0:
        return [x]
    return [x, _get(web, "b", 40) if limit > 1 else None, _get(web, "c", 40)]


def _drive_limits(f: Any, env: Env) -> list[Any]:
    out = []
    for limit in (0, 2, "3", None, 1):
        try:
            out.append(f(env.web, limit))
        except Exception as e:
            out.append([type(e).__name__, str(e)])
    return out


async def _aget(s: aiohttp.ClientSession, web: str, key: str, ms: int) -> str:
    async with s.get(f"{web}/items/{key}?ms={ms}") as r:
        r.raise_for_status()
        return (await r.json())["value"]


async def _aput(s: aiohttp.ClientSession, web: str, key: str, text: str) -> None:
    async with s.put(f"{web}/items/{key}", data=text) as r:
        await r.read()


async def r233_async_names_after_failure(web: str) -> list[Any]:
    a = b = None
    async with aiohttp.ClientSession() as s:
        try:
            a = await _aget(s, web, "missing-a", 100)
            b = await _aget(s, web, "b", 40)
        except aiohttp.ClientResponseError as e:
            await _aput(s, web, "err", str(e.status))
        c = await _aget(s, web, "err", 40)
    return [a, b, c]


async def r233_async_handler_changes_later_args(web: str) -> list[Any]:
    ms = 40
    out = []
    async with aiohttp.ClientSession() as s:
        for k in ["a", "missing-b", "c"]:
            try:
                out.append(await _aget(s, web, k, ms))
            except aiohttp.ClientResponseError:
                ms = 10
    return out


async def r233_async_finally_put_then_read(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        try:
            try:
                await _aget(s, web, "missing-f", 60)
            finally:
                await _aput(s, web, "f", "cleaned")
        except aiohttp.ClientResponseError:
            pass
        return [await _aget(s, web, "f", 40), await _aget(s, web, "g", 40)]


def _fallback_chain(web: str, key: str) -> str:
    try:
        return _strict(web, key, 40)
    except requests.HTTPError:
        return _strict(web, "missing-fb-" + key, 30)


def r233_context_chain_in_overlapped_items(web: str) -> list[Any]:
    out = []
    for k in ["a", "missing-b", "c", "missing-d"]:
        try:
            out.append(_fallback_chain(web, k))
        except requests.HTTPError as e:
            ctx = e.__context__
            out.append([e.response.url.split("/")[-1], ctx.response.url.split("/")[-1]])
    return out


def r233_traceback_frames_overlapped_items(web: str) -> list[Any]:
    out = []
    for k in ["a", "missing-b", "c"]:
        try:
            out.append(_parse2(web, k, 40))
        except requests.HTTPError as e:
            out.append([(f.name, f.line) for f in traceback.extract_tb(e.__traceback__)
                        if f.filename == __file__])
    return out



# ------------------------------------------------------------------ client-side timeouts, hooks and adapter retries


def r233_read_timeout_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in [("a", 40), ("slow", 150), ("c", 40)]:
        try:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=0.08).json()["value"])
        except requests.Timeout as e:
            out.append(type(e).__name__)
    return out


def r233_timeout_then_retry_longer(web: str) -> list[Any]:
    tries = []
    for timeout in (0.05, 1.0):
        try:
            r = requests.get(f"{web}/items/slow?ms=120", timeout=timeout)
            tries.append("ok")
            break
        except requests.Timeout:
            tries.append("timeout")
    return [tries, r.json()["value"], _get(web, "after", 40)]


def r233_session_hook_raises(web: str) -> list[Any]:
    with requests.Session() as s:
        s.hooks["response"].append(lambda r, *a, **k: r.raise_for_status())
        out = []
        for k in ["a", "missing-b", "c"]:
            try:
                out.append(s.get(f"{web}/items/{k}?ms=40", timeout=5).json()["value"])
            except requests.HTTPError as e:
                out.append(e.response.status_code)
    return out


def r233_adapter_retry_exhausted_beside_get(web: str) -> list[Any]:
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=Retry(total=2, status_forcelist=[503],
                                                         backoff_factor=0)))
        a = s.get(f"{web}/items/a?ms=60", timeout=5).json()["value"]
        try:
            s.get(f"{web}/status/503?ms=30", timeout=5)
            b = "ok"
        except requests.exceptions.RetryError as e:
            b = "too many 503" in str(e)
        c = s.get(f"{web}/items/c?ms=40", timeout=5).json()["value"]
    return [a, b, c]



# ------------------------------------------------------------------ the cases


def _w(env: Env) -> tuple:
    return (env.web,)


def _tw(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _c(env: Env) -> tuple:
    return (openai_client(env),)


def _arun(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def W(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=_w, servers="web", ideal=ideal, **kw)


def M(fn: Any, ideal: float = 1.0, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, ideal=ideal, **kw)


def S(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=_c, servers="api", latency=CLIENT_LAT, ideal=ideal, **kw)


def F(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("files", fn, args=_tw, servers="web", ideal=ideal, **kw)


ALL += [
    # try / except / else / finally
    W(r233_else_get_finally_put),
    W(r233_except_puts_response_text),
    W(r233_finally_put_then_propagates),
    W(r233_put_not_sent_after_failure),
    W(r233_independent_get_beside_failure, 150 / 100, speculative_reads=True),
    W(r233_handler_put_then_read),
    W(r233_second_read_fails_first_kept, 170 / 120, overlap=2),
    W(r233_names_after_failure_stay_none, speculative_reads=True),
    W(r233_except_name_deleted_after),
    W(r233_return_in_finally_swallows, 150 / 100, speculative_reads=True),
    W(r233_return_list_mutated_in_finally, 180 / 130),
    Case("http", r233_return_get_then_finally_put, args=_w, servers="web", calls=2),
    W(r233_break_in_finally, speculative_reads=True),
    W(r233_continue_in_finally_puts),
    W(r233_return_in_loop_finally_puts),
    W(r233_nested_try_inner_finally_outer_except),
    W(r233_error_in_else_not_caught),
    W(r233_handler_raises_new_error),
    # helpers several levels deep
    W(r233_deep_helper_raise_from, 170 / 80, cat="helpers", speculative_reads=True),
    W(r233_deep_helper_from_none, cat="helpers"),
    W(r233_deep_keyerror_fallback_put, cat="helpers"),
    W(r233_helper_puts_then_raises, cat="helpers"),
    W(r233_comprehension_one_fails, 3.0, cat="helpers", speculative_reads=True),
    W(r233_dict_comprehension_fails_then_put, cat="helpers", speculative_reads=True),
    W(r233_logged_helper_order, 160 / 80, cat="helpers", speculative_reads=True),
    W(r233_safe_get_prints_in_order, 210 / 80, cat="helpers"),
    W(r233_recursive_fallback_keys, cat="helpers"),
    W(r233_api_error_carries_body, cat="helpers"),
    W(r233_error_body_decides_next_request, cat="helpers"),
    W(r233_logged_error_init, cat="helpers"),
    # retry loops
    W(r233_retry_backoff_gives_up, cat="sleep"),
    W(r233_retry_switches_mirror, cat="sleep"),
    W(r233_retry_job_pending_raises, cat="sleep"),
    W(r233_retry_put_after_405),
    W(r233_retry_wrapper_helper, cat="helpers", speculative_reads=True),
    W(r233_retry_attempts_in_dict, cat="sleep"),
    M(r233_retry_model_timeout_then_larger, cat="sleep"),
    W(r233_retry_until_budget_put_each, cat="sleep"),
    W(r233_retry_429_then_other_reads, cat="sleep"),
    # raise from / chains
    W(r233_raise_from_message_with_body),
    W(r233_raise_in_finally_context),
    W(r233_raise_from_propagates),
    W(r233_traceback_frames, cat="helpers"),
    W(r233_format_exc_last_line_logged),
    W(r233_exc_info_in_helper, cat="helpers"),
    W(r233_bare_raise_after_get_in_handler),
    W(r233_exception_stored_raised_later),
    # exception groups
    W(r233_group_then_except_star_put),
    W(r233_except_star_two_handlers_order),
    W(r233_except_star_reraises_rest),
    W(r233_group_split_counts),
    M(r233_group_from_model_votes, (60 + 80 + 100 + 120) / 120),
    Case("http", r233_async_taskgroup_one_fails, drive=_arun, servers="web"),
    Case("http", r233_async_gather_exceptions_then_put, drive=_arun, servers="web"),
    # suppress / __exit__
    W(r233_suppress_keyerror_skips_puts, cat="state"),
    W(r233_suppress_http_names_unbound, cat="state", speculative_reads=True),
    W(r233_swallow_exit_puts_error, cat="state"),
    W(r233_only404_lets_500_through, cat="state"),
    W(r233_exitstack_callbacks_lifo, cat="state"),
    W(r233_contextmanager_swallows_and_puts, cat="state"),
    W(r233_suppress_in_loop, 5.0, cat="state"),
    W(r233_suppress_stopiteration_next, cat="state"),
    W(r233_suppress_then_write_depends, cat="state"),
    # parsing errors
    W(r233_keyerror_from_404_body, cat="validation"),
    M(r233_indexerror_model_words_fallback, cat="validation"),
    W(r233_attributeerror_regex_none, cat="validation"),
    W(r233_jsondecode_text_route, cat="validation"),
    W(r233_valueerror_int_between_gets, cat="validation", speculative_reads=True),
    W(r233_typeerror_none_subscript, cat="validation"),
    W(r233_format_code_error, cat="validation"),
    W(r233_unpack_error_from_values, cat="validation"),
    W(r233_keyerror_message_with_text, cat="validation"),
    W(r233_attributeerror_wrong_attr_of_response, cat="validation"),
    # StopIteration
    W(r233_next_exhausted_escapes, cat="validation"),
    W(r233_next_in_helper_caught, cat="helpers"),
    W(r233_next_in_helper_uncaught, cat="helpers"),
    W(r233_next_in_helper_two_independent, cat="helpers", speculative_reads=True),
    W(r233_stopiteration_in_genexpr_runtimeerror, cat="helpers"),
    W(r233_stopiteration_in_listcomp, cat="helpers", speculative_reads=True),
    W(r233_stopiteration_ends_map, cat="helpers", speculative_reads=True),
    W(r233_iter_lines_stream_next, cat="http"),
    S(r233_sdk_models_next_missing),
    # BaseException from helpers
    W(r233_base_exception_from_helper, cat="helpers", speculative_reads=True),
    W(r233_sys_exit_from_helper_caught, cat="helpers"),
    W(r233_base_exception_independent_reads, cat="helpers", speculative_reads=True),
    # server errors beside reads and writes
    W(r233_500_between_puts),
    W(r233_fan_of_reads_then_404, 4.0, overlap=4),
    W(r233_status_decides_write),
    W(r233_post_405_then_put_not_sent),
    W(r233_error_after_write_reads_reordered),
    W(r233_raise_for_status_chain_reads, speculative_reads=True),
    S(r233_sdk_not_found_then_create),
    S(r233_sdk_bad_request_beside_calls),
    S(r233_sdk_error_then_file_delete),
    # ensembles
    M(r233_ensemble_one_branch_timeout, (50 + 100 + 80) / 100),
    M(r233_ensemble_comprehension_raises, speculative_reads=True),
    M(r233_ensemble_votes_with_errors, (60 + 80 + 100) / 100),
    M(r233_ensemble_judge_after_failure, (60 + 100 + 90 + 60) / 160),
    M(r233_ensemble_prints_errors, (80 + 100 + 50) / 100),
    M(r233_ensemble_all_fail_group),
    Case("ensemble", r233_ensemble_mixed_with_get, args=_w, servers="web"),
    S(r233_ensemble_sdk_one_bad),
    # what was written before the error
    F(r233_file_lines_before_error, speculative_reads=True),
    F(r233_jsonl_append_then_helper_raises),
    W(r233_print_before_error, cat="helpers", speculative_reads=True),
    W(r233_log_before_error_then_exception_log, cat="helpers", speculative_reads=True),
    Case("db", r233_sqlite_rollback_on_http_error, args=_tw, servers="web"),
    Case("state", r233_shared_list_before_error, drive=_drive_shared, servers="web",
         speculative_reads=True),
    W(r233_object_state_before_error, cat="state", speculative_reads=True),
    Case("state", r233_first_call_fails_second_ok, args=_w, servers="web", calls=2),
    W(r233_thread_error_collected, cat="threads"),
    W(r233_put_in_except_visible_to_later_loop, cat="state"),
    W(r233_else_put_depends_on_try_get, cat="state"),
    W(r233_assert_on_response_between, cat="validation"),
    W(r233_error_in_if_test, cat="validation"),
    W(r233_sorted_key_raises, 220 / 140, cat="validation"),
    # handlers that change what later calls send
    W(r233_handler_changes_dict_arg_of_later_calls, cat="state"),
    W(r233_handler_rebinds_local_of_later_calls, cat="rebind"),
    W(r233_handler_appends_fallback_key, cat="state"),
    W(r233_handler_rebinds_ms_next_statement, cat="rebind"),
    W(r233_handler_key_from_error_body, cat="state"),
    W(r233_counter_in_helper_at_failure, cat="state", speculative_reads=True),
    W(r233_seen_list_in_helper_at_failure, cat="state", speculative_reads=True),
    W(r233_helper_logs_before_failing_get, cat="helpers", speculative_reads=True),
    W(r233_helper_prints_before_failing_get, cat="helpers", speculative_reads=True),
    F(r233_helper_journals_before_failing_get, speculative_reads=True),
    W(r233_earlier_error_wins_over_faster_later, cat="helpers", speculative_reads=True),
    W(r233_earlier_error_wins_over_faster_abort, cat="helpers", speculative_reads=True),
    W(r233_generator_finally_put_on_error, cat="helpers"),
    W(r233_swallow_leaves_later_names, cat="state", speculative_reads=True),
    W(r233_swallow_skips_print, cat="state", speculative_reads=True),
    W(r233_keyerror_in_argument_after_reads, cat="validation"),
    W(r233_mirror_base_switched_in_handler, cat="rebind"),
    W(r233_retry_no_sleep_key_per_attempt, cat="sleep", speculative_reads=True),
    W(r233_try_in_loop_handler_returns, cat="helpers", speculative_reads=True),
    W(r233_handler_counts_then_raises_after_two, cat="state", speculative_reads=True),
    # the exception being handled, seen by helpers
    Case("helpers", r233_exc_info_seen_by_sibling_helpers, drive=_drive_in_except,
         servers="web", ideal=2.0),
    Case("helpers", r233_context_of_error_raised_in_driver_except, drive=_drive_in_except,
         servers="web", speculative_reads=True),
    W(r233_thread_local_last_error, cat="threads"),
    W(r233_thread_name_in_retry_log, cat="threads"),
    W(r233_caller_name_in_error, cat="helpers"),
    # closed objects, validating wrappers, self-correction
    W(r233_enter_raises_body_put_skipped, cat="state"),
    W(r233_property_raises_on_404_body, 3.0, cat="validation", overlap=3),
    W(r233_helper_return_in_finally_comprehension, 3.0, cat="helpers", overlap=3),
    M(r233_model_self_correction_loop, cat="validation"),
    W(r233_httpx_client_used_after_close, cat="clients"),
    F(r233_sqlite_used_after_close),
    F(r233_file_read_after_close),
    # iterators the handler moves, lazy sources
    W(r233_handler_skips_next_item, cat="state", speculative_reads=True),
    W(r233_handler_removes_from_iterated_list, cat="state", speculative_reads=True),
    W(r233_handler_reraises_non_404, cat="http", speculative_reads=True),
    W(r233_lambda_map_fails, cat="helpers", speculative_reads=True),
    W(r233_json_dumps_fails_put_not_sent, cat="validation"),
    W(r233_format_map_keyerror, cat="validation"),
    M(r233_model_invalid_param_in_ensemble, 2.0),
    M(r233_model_invalid_param_comprehension, speculative_reads=True),
    W(r233_logger_exception_per_item, 4.0, cat="helpers"),
    W(r233_lazy_generator_fails_at_for, cat="helpers"),
    # guards across calls, coroutines
    Case("helpers", r233_guard_param_types_across_calls, drive=_drive_limits, servers="web",
         speculative_reads=True),
    Case("http", r233_async_names_after_failure, drive=_arun, servers="web",
         speculative_reads=True),
    Case("http", r233_async_handler_changes_later_args, drive=_arun, servers="web"),
    Case("http", r233_async_finally_put_then_read, drive=_arun, servers="web"),
    W(r233_context_chain_in_overlapped_items, cat="helpers"),
    W(r233_traceback_frames_overlapped_items, cat="helpers"),
    # client-side timeouts, hooks and adapter retries
    W(r233_read_timeout_in_loop, (40 + 80 + 40) / 80, cat="clients"),
    W(r233_timeout_then_retry_longer, cat="clients"),
    W(r233_session_hook_raises, 3.0, cat="clients"),
    W(r233_adapter_retry_exhausted_beside_get, cat="clients"),
]

FAILING_WHY.update({
})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
