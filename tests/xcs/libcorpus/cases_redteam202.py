"""Red-team cases (stop 202): resilient code against servers that fail.

Real HTTP libraries and the LLM SDKs against 404s, 5xx, 429s, dead ports and timeouts,
written the way people write resilience: retry loops with backoff sleeps, fallbacks to a
second endpoint, circuit breakers kept in a global or an object, ``raise_for_status()`` in
try/except/else/finally, error counters, failures logged and collected, ``return`` inside
``finally``, ``raise ... from``, exception groups, first success wins, per-call timeouts,
sessions shared between helpers, partial results saved on failure, cleanup writes in
``finally``. GETs that could overlap sit beside the failures so the JIT has something to
move. Each is run against the plain function: value, exception, stdout, log records, the
servers' request logs, files.
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import requests
import urllib3

from tests.xcs.libcorpus._case import (
    CLIENT_CPU,
    CLIENT_LAT,
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
    serial_ideal,
)

log = corpus_logger("r202")

#: A port nothing listens on: connecting is refused at once.
DEAD = "http://127.0.0.1:9"


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def value_of(web: str, key: str, ms: int = 100) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


# --------------------------------------------------------------------------- retries


def r202_retry_backoff_between_reads(web: str) -> list[Any]:
    a = requests.get(f"{web}/items/a?ms=150", timeout=5)
    attempt = 0
    for attempt in range(3):
        try:
            r = requests.get(f"{web}/status/503?ms=20", timeout=5)
            r.raise_for_status()
            break
        except requests.HTTPError as exc:
            log.warning("attempt %d failed: %s", attempt, exc)
            time.sleep(0.02 * (attempt + 1))
    b = requests.get(f"{web}/items/b?ms=150", timeout=5)
    return [a.json()["value"], b.json()["value"], attempt]


def r202_retry_429_sleep_continue(web: str) -> list[Any]:
    seen = []
    codes = [429, 429, 200]
    for code in codes:
        r = requests.get(f"{web}/status/{code}?ms=10", timeout=5)
        if r.status_code == 429:
            seen.append("throttled")
            time.sleep(0.03)
            continue
        seen.append(r.json())
    tail = [value_of(web, k, 100) for k in ("x", "y")]
    return [seen, tail]


# --------------------------------------------------------------------------- fallbacks


def fetch_with_fallback(urls: list[str], key: str) -> str:
    errors = []
    for base in urls:
        try:
            r = requests.get(f"{base}/items/{key}?ms=100", timeout=5)
            r.raise_for_status()
            return r.json()["value"]
        except requests.RequestException as exc:
            errors.append(type(exc).__name__)
    raise RuntimeError(f"all endpoints failed for {key}: {errors}")


def r202_fallback_dead_primary(web: str) -> list[str]:
    urls = [DEAD, web]
    return [fetch_with_fallback(urls, k) for k in ("a", "b", "c")]


def r202_first_success_wins(web: str) -> str:
    candidates = [f"{DEAD}/items/a", f"{web}/status/500?ms=20", f"{web}/items/missing-x?ms=20",
                  f"{web}/items/won?ms=50", f"{web}/items/never?ms=50"]
    failures = []
    for url in candidates:
        try:
            r = requests.get(url, timeout=5)
        except requests.ConnectionError:
            failures.append("refused")
            continue
        if r.ok:
            return f"{r.json()['value']} after {failures}"
        failures.append(str(r.status_code))
    return "none"


def r202_fallback_to_default_on_404(web: str) -> dict[str, str]:
    out = {}
    for key in ("a", "missing-1", "b", "missing-2"):
        r = requests.get(f"{web}/items/{key}?ms=100", timeout=5)
        if r.status_code == 404:
            out[key] = requests.get(f"{web}/items/default-{key}?ms=30", timeout=5).json()["value"]
        else:
            out[key] = r.json()["value"]
    return out


# --------------------------------------------------------------------------- breakers


BREAKER: dict[str, int] = {"failures": 0}


def _reset_breaker(env: Env) -> None:
    BREAKER["failures"] = 0


def guarded_get(web: str, key: str) -> str:
    if BREAKER["failures"] >= 2:
        return "open"
    r = requests.get(f"{web}/items/{key}?ms=60", timeout=5)
    if r.status_code >= 400:
        BREAKER["failures"] += 1
        return f"failed {r.status_code}"
    return r.json()["value"]


class Breaker:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.failures = 0

    @property
    def open(self) -> bool:
        return self.failures >= self.limit

    def record(self, ok: bool) -> None:
        self.failures = 0 if ok else self.failures + 1


class Api:
    def __init__(self, web: str) -> None:
        self.web = web
        self.session = requests.Session()
        self.errors = 0
        self.breaker = Breaker(1)

    def get(self, key: str) -> str | None:
        if self.breaker.open:
            return None
        try:
            r = self.session.get(f"{self.web}/items/{key}?ms=60", timeout=5)
            r.raise_for_status()
        except requests.HTTPError:
            self.errors += 1
            self.breaker.record(False)
            return None
        return r.json()["value"]


def r202_method_breaker_listcomp(web: str) -> list[Any]:
    api = Api(web)
    try:
        got = [api.get(k) for k in ("a", "b", "missing-c", "d", "e")]
    finally:
        api.session.close()
    return [got, api.errors]


# --------------------------------------------------------------------------- collecting


def r202_collect_errors_continue(web: str) -> list[Any]:
    values, errors = [], []
    for key in ("a", "missing-1", "b", "missing-2", "c"):
        r = requests.get(f"{web}/items/{key}?ms=80", timeout=5)
        try:
            r.raise_for_status()
        except requests.HTTPError as exc:
            log.warning("skipping %s: %s", key, exc)
            errors.append(str(exc))
            continue
        values.append(r.json()["value"])
    return [values, errors]


ERRORS = {"count": 0}


def _reset_errors(env: Env) -> None:
    ERRORS["count"] = 0


def counted_get(web: str, key: str) -> str | None:
    try:
        return value_of(web, key, 80)
    except requests.HTTPError:
        ERRORS["count"] += 1
        return None


def r202_global_error_counter_in_url(web: str) -> list[Any]:
    a = counted_get(web, "missing-a")
    b = counted_get(web, "b")
    c = requests.get(f"{web}/items/after-{ERRORS['count']}-errors?ms=80", timeout=5).json()
    return [a, b, c["value"]]


def r202_logger_exception_each(web: str) -> list[Any]:
    out = []
    for key in ("a", "missing-1", "b"):
        try:
            out.append(value_of(web, key, 100))
        except requests.HTTPError:
            log.exception("could not fetch %s", key)
            out.append(None)
    return out


def r202_exception_group_collected(web: str) -> list[str]:
    errors: list[Exception] = []
    got = []
    for key in ("a", "missing-1", "b", "missing-2"):
        try:
            got.append(value_of(web, key, 80))
        except requests.HTTPError as exc:
            errors.append(exc)
    caught: list[str] = []
    try:
        if errors:
            raise ExceptionGroup(f"{len(errors)} fetches failed", errors)
    except* requests.HTTPError as group:
        caught = [str(e) for e in group.exceptions]
    return got + caught


# --------------------------------------------------------------------------- try/finally


def r202_finally_return_swallows(web: str) -> list[str]:
    got: list[str] = []
    try:
        got.append(value_of(web, "a", 150))
        got.append(value_of(web, "missing-x", 30))
        got.append(value_of(web, "b", 150))
    finally:
        return got  # noqa: B012 - swallows the 404 on purpose


def r202_try_except_else_finally(web: str) -> list[Any]:
    events = []
    for key in ("a", "missing-1", "b"):
        try:
            r = requests.get(f"{web}/items/{key}?ms=90", timeout=5)
            r.raise_for_status()
        except requests.HTTPError as exc:
            events.append(f"err {exc.response.status_code}")
        else:
            events.append(r.json()["value"])
        finally:
            events.append(f"done {key}")
    return events


def r202_raise_from_in_statement_chain(web: str) -> list[str]:
    a = value_of(web, "a", 150)
    try:
        b = value_of(web, "missing-b", 30)
    except requests.HTTPError as exc:
        raise LookupError(f"b missing after {a}") from exc
    c = value_of(web, "c", 150)
    return [a, b, c]


def r202_cleanup_delete_in_finally(web: str) -> list[str]:
    requests.put(f"{web}/items/lock", data="held", timeout=5)
    try:
        a = value_of(web, "a", 120)
        b = value_of(web, "missing-b", 40)
        c = value_of(web, "c", 120)
        return [a, b, c]
    finally:
        requests.delete(f"{web}/items/lock", timeout=5)


def r202_cleanup_put_reads_after(web: str) -> list[str]:
    got = []
    try:
        for key in ("a", "b", "missing-c", "d"):
            got.append(value_of(web, key, 80))
    except requests.HTTPError:
        requests.put(f"{web}/items/progress", data=",".join(got), timeout=5)
    after = requests.get(f"{web}/items/progress?ms=30", timeout=5).json()["value"]
    return [*got, after]


def r202_partial_results_file(tmp: str, web: str) -> list[str]:
    done: dict[str, str] = {}
    try:
        for key in ("a", "b", "missing-c", "d"):
            done[key] = value_of(web, key, 80)
    except requests.HTTPError as exc:
        Path(tmp, "partial.json").write_text(json.dumps(done))
        raise RuntimeError(f"stopped at {len(done)}") from exc
    return list(done.values())


def r202_partial_results_db(tmp: str, web: str) -> list[Any]:
    db = sqlite3.connect(Path(tmp, "r.db"))
    try:
        db.execute("create table r (k text, v text)")
        for key in ("a", "b", "missing-c", "d"):
            try:
                v = value_of(web, key, 80)
            except requests.HTTPError as exc:
                db.execute("insert into r values (?, ?)", (key, f"error {exc.response.status_code}"))
                db.commit()
                break
            db.execute("insert into r values (?, ?)", (key, v))
        return db.execute("select * from r").fetchall()
    finally:
        db.close()


def report_failure(web: str, key: str) -> None:
    requests.post(f"{web}/items/failures", data=key, timeout=5)


def fetch_or_report(web: str, key: str) -> str | None:
    r = requests.get(f"{web}/items/{key}?ms=80", timeout=5)
    if r.status_code != 200:
        report_failure(web, key)
        return None
    return r.json()["value"]


def r202_helper_posts_on_failure(web: str) -> list[Any]:
    got = [fetch_or_report(web, k) for k in ("missing-1", "a", "missing-2", "b")]
    last = requests.get(f"{web}/items/failures?ms=20", timeout=5).json()["value"]
    return [got, last]


# --------------------------------------------------------------------------- timeouts


def r202_timeout_then_fallback(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=100", timeout=5).json()["value"]
    try:
        slow = requests.get(f"{web}/items/slow?ms=1500", timeout=0.3).json()["value"]
    except requests.Timeout as exc:
        log.warning("slow timed out: %s", exc)
        slow = requests.get(f"{web}/items/cached-slow?ms=20", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/b?ms=100", timeout=5).json()["value"]
    return [a, slow, b]


def r202_httpx_client_statuses(web: str) -> list[Any]:
    out: list[Any] = []
    with httpx.Client(timeout=5) as client:
        responses = [client.get(f"{web}/status/{c}?ms=200") for c in (200, 404, 500, 429)]
        for r in responses:
            try:
                r.raise_for_status()
                out.append(r.json())
            except httpx.HTTPStatusError as exc:
                out.append(str(exc).splitlines()[0])
    return out


def r202_httpx_timeout_per_call(web: str) -> list[str]:
    with httpx.Client() as client:
        a = client.get(f"{web}/items/a?ms=200", timeout=5).json()["value"]
        try:
            b = client.get(f"{web}/items/slow?ms=1500", timeout=0.4).json()["value"]
        except httpx.TimeoutException as exc:
            b = f"timeout {type(exc).__name__}"
        c = client.get(f"{web}/items/c?ms=200", timeout=5).json()["value"]
    return [a, b, c]


# --------------------------------------------------------------------------- urllib, urllib3, http.client


def r202_urllib_httperror_body(web: str) -> list[Any]:
    out: list[Any] = []
    for key in ("a", "missing-1", "b"):
        try:
            with urllib.request.urlopen(f"{web}/items/{key}?ms=100", timeout=5) as resp:
                out.append(json.load(resp)["value"])
        except urllib.error.HTTPError as exc:
            out.append([exc.code, json.loads(exc.read())["error"]])
    return out


def r202_urllib3_retry_status(web: str) -> list[Any]:
    pool = urllib3.PoolManager(retries=urllib3.Retry(total=2, status_forcelist=[503],
                                                     backoff_factor=0))
    out: list[Any] = []
    a = pool.request("GET", f"{web}/items/a?ms=120")
    try:
        pool.request("GET", f"{web}/status/503?ms=10")
        out.append("no error")
    except urllib3.exceptions.MaxRetryError as exc:
        out.append(str(exc.reason))
    b = pool.request("GET", f"{web}/items/b?ms=120")
    out += [a.json()["value"], b.json()["value"]]
    pool.clear()
    return out


# --------------------------------------------------------------------------- SDKs


def r202_openai_fallback_client(primary: Any, backup: Any) -> list[str]:
    out = []
    for q in ("one", "two"):
        try:
            r = primary.chat.completions.create(model="gpt",
                                                messages=[{"role": "user", "content": q}])
        except openai.NotFoundError as exc:
            log.warning("primary failed: %s", exc.status_code)
            r = backup.chat.completions.create(model="gpt",
                                               messages=[{"role": "user", "content": q}])
        out.append(r.choices[0].message.content)
    return out


def _broken_and_working(env: Env) -> tuple:
    broken = env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.api + "/nowhere",
                                   max_retries=0))
    return broken, openai_client(env)


def r202_openai_bad_request_collected(client: Any) -> list[str]:
    out = []
    for temp in (0.5, 9.0, 1.0, -1.0):
        try:
            r = client.chat.completions.create(
                model="gpt", temperature=temp, messages=[{"role": "user", "content": f"t{temp}"}])
            out.append(r.choices[0].message.content)
        except openai.BadRequestError as exc:
            out.append(f"400: {exc.message}")
    return out


def r202_openai_error_escapes_after_calls(client: Any) -> list[str]:
    a = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "a"}])
    b = client.chat.completions.create(model="gpt", messages=[])
    c = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "c"}])
    return [a.choices[0].message.content, str(b), c.choices[0].message.content]


def r202_anthropic_status_logged(claude: Any) -> list[Any]:
    out: list[Any] = []
    for n in (16, 0, 8):
        try:
            m = claude.messages.create(model="claude", max_tokens=n,
                                       messages=[{"role": "user", "content": f"n{n}"}])
            out.append(m.content[0].text)
        except anthropic.APIStatusError as exc:
            log.exception("anthropic said %d", exc.status_code)
            out.append(exc.status_code)
    return out


def r202_sdk_retry_then_web_put(client: Any, web: str) -> list[Any]:
    answers = []
    for q in ("p", "q"):
        for temp in (7.0, 0.2):
            try:
                r = client.chat.completions.create(
                    model="gpt", temperature=temp, messages=[{"role": "user", "content": q}])
            except openai.BadRequestError:
                time.sleep(0.02)
                continue
            answers.append(r.choices[0].message.content)
            break
        requests.put(f"{web}/items/answer-{q}", data=answers[-1], timeout=5)
    return answers


def _client_web(env: Env) -> tuple:
    return openai_client(env), env.web


# --------------------------------------------------------------------------- more shapes


def r202_suppress_in_with(web: str) -> list[str]:
    import contextlib

    x = "default"
    a = value_of(web, "a", 150)
    with contextlib.suppress(requests.HTTPError):
        value_of(web, "missing-1", 30)
        x = value_of(web, "x", 150)
    b = value_of(web, "b", 150)
    return [a, x, b]


# --------------------------------------------------------------------------- batch 2: state an except changes


def r202_failover_list_pop_in_except(web: str) -> list[Any]:
    bases = [DEAD, web]
    out = []
    for key in ("a", "b", "c"):
        try:
            out.append(requests.get(f"{bases[0]}/items/{key}?ms=80", timeout=5).json()["value"])
        except requests.ConnectionError:
            bases.pop(0)
            out.append(None)
    return [out, bases == [web]]


def r202_local_breaker_if_else(web: str) -> list[Any]:
    fails = 0
    out = []
    for key in ("missing-1", "a", "missing-2", "b", "c"):
        if fails < 2:
            try:
                out.append(value_of(web, key, 60))
            except requests.HTTPError:
                fails += 1
                out.append("failed")
        else:
            out.append("open")
    return [out, fails]


class Recorder:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        if exc is not None:
            self.errors.append(type(exc).__name__)
            return True
        return False


def r202_recorder_cm_then_read(web: str) -> list[Any]:
    rec = Recorder()
    with rec:
        value_of(web, "missing-a", 100)
    with rec:
        value_of(web, "b", 100)
    c = requests.get(f"{web}/items/errors-{len(rec.errors)}?ms=100", timeout=5).json()["value"]
    return [rec.errors, c]


def r202_except_put_then_read_same_key(web: str) -> list[Any]:
    try:
        a = value_of(web, "missing-a", 100)
    except requests.HTTPError:
        requests.put(f"{web}/items/a-status", data="missing", timeout=5)
        a = None
    b = requests.get(f"{web}/items/a-status?ms=100", timeout=5).json()["value"]
    return [a, b]


def r202_urllib3_blocking_pool(web: str) -> list[Any]:
    pool = urllib3.PoolManager(maxsize=1, block=True)
    out = []
    for key in ("a", "b"):
        try:
            out.append(pool.request("GET", f"{web}/items/{key}?ms=150",
                                    pool_timeout=0.05).json()["value"])
        except urllib3.exceptions.EmptyPoolError:
            out.append("pool empty")
    pool.clear()
    return out


def r202_urllib3_connpool_blocking(web: str) -> list[Any]:
    host, port = web.removeprefix("http://").split(":")
    pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=1, block=True, timeout=5)
    out = []
    for key in ("a", "b", "c"):
        try:
            out.append(pool.request("GET", f"/items/{key}?ms=150",
                                    pool_timeout=0.05).json()["value"])
        except urllib3.exceptions.EmptyPoolError:
            out.append("pool empty")
    pool.close()
    return out


# --------------------------------------------------------------------------- batch 3


def chain_names(exc: BaseException | None) -> list[str]:
    names = []
    while exc is not None:
        names.append(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    return names


def r202_root_cause_chain(web: str) -> list[Any]:
    out: list[Any] = []
    for base in (DEAD, web):
        try:
            out.append(requests.get(f"{base}/items/a?ms=100", timeout=5).json()["value"])
        except requests.ConnectionError as exc:
            out.append(chain_names(exc))
    return out


def r202_urllib_cause_in_finally(web: str) -> list[Any]:
    out: list[Any] = []
    for base in (DEAD, web):
        try:
            out.append(urllib.request.urlopen(f"{base}/items/a?ms=100", timeout=5).status)
        except urllib.error.URLError as exc:
            out.append(chain_names(exc))
    return out


def _in_handler(f: Any, env: Env) -> Any:
    """The function called from an error handler of the caller's (a fallback path)."""
    try:
        raise KeyError("primary store down")
    except KeyError:
        return f(env.web)


def _in_finally(f: Any, env: Env) -> Any:
    """The function called from a ``finally`` while the caller's error propagates."""
    got: list[Any] = []
    try:
        try:
            raise KeyError("primary store down")
        finally:
            got.append(f(env.web))
    except KeyError:
        pass
    return got[0]


def warn_if_missing(web: str, key: str, ms: int) -> str:
    import warnings

    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    if r.status_code == 404:
        warnings.warn(f"{key} missing, using a default", stacklevel=2)
        return "default"
    return r.json()["value"]


def r202_warning_in_helper(web: str) -> list[str]:
    return [warn_if_missing(web, k, ms) for k, ms in (("missing-1", 150), ("missing-2", 20),
                                                       ("c", 80))]


def r202_httpx_pool_limit_timeout(web: str) -> list[Any]:
    limits = httpx.Limits(max_connections=2)
    with httpx.Client(limits=limits, timeout=httpx.Timeout(5, pool=0.05)) as client:
        out: list[Any] = []
        for key in ("a", "b", "c", "d"):
            try:
                out.append(client.get(f"{web}/items/{key}?ms=200").json()["value"])
            except httpx.PoolTimeout:
                out.append("pool timeout")
    return out


def retry_via(client: httpx.Client, url: str) -> int:
    for _ in range(2):
        r = client.get(url)
        if r.status_code < 500:
            return r.status_code
    return r.status_code


def r202_breaker_across_calls(web: str) -> list[str]:
    return [guarded_get(web, k) for k in ("missing-1", "a")]


# --------------------------------------------------------------------------- batch 4


def r202_session_retry_adapter(web: str) -> list[Any]:
    s = requests.Session()
    s.mount("http://", requests.adapters.HTTPAdapter(
        max_retries=urllib3.Retry(total=2, status_forcelist=[503], backoff_factor=0)))
    out: list[Any] = []
    try:
        for path in ("/items/a?ms=120", "/status/503?ms=10", "/items/b?ms=120"):
            try:
                out.append(s.get(f"{web}{path}", timeout=5).json())
            except requests.exceptions.RetryError as exc:
                out.append(type(exc).__name__)
    finally:
        s.close()
    return out


def r202_arg_error_inside_try(web: str) -> list[str]:
    conf = {"a": 150}
    a = value_of(web, "a", conf["a"])
    try:
        b = requests.get(f"{web}/items/b?ms={conf['b']}", timeout=5).json()["value"]
    except KeyError as exc:
        b = f"no latency for {exc}"
    c = value_of(web, "c", 150)
    return [a, b, c]


def r202_rate_limited_reads_with_failures(web: str) -> list[Any]:
    out: list[Any] = []
    for key in ("a", "missing-1", "b", "missing-2"):
        try:
            out.append(value_of(web, key, 10))
        except requests.HTTPError as exc:
            out.append(exc.response.status_code)
        time.sleep(0.06)
    return out


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # retries and backoff
    _w(r202_retry_backoff_between_reads),
    _w(r202_retry_429_sleep_continue, (3 * 10 + 2 * 30 + 200) / (30 + 60 + 100)),
    _w(r202_rate_limited_reads_with_failures, cat="sleep", spacing=0.05),
    _w(r202_session_retry_adapter, 270 / 120),
    _w(r202_urllib3_retry_status, 270 / 120),
    # fallbacks
    _w(r202_fallback_dead_primary, 3.0, overlap=3),
    _w(r202_first_success_wins),
    _w(r202_fallback_to_default_on_404, 460 / 130, overlap=4),
    _w(r202_timeout_then_fallback, 520 / 320),
    _w(r202_failover_list_pop_in_except),
    # breakers and counters
    _w(r202_method_breaker_listcomp, cat="state"),
    _w(r202_local_breaker_if_else),
    Case("state", r202_breaker_across_calls, args=_web, servers="web", setup=_reset_breaker,
         calls=3),
    _w(r202_global_error_counter_in_url, 240 / 160, cat="state", setup=_reset_errors),
    _w(r202_recorder_cm_then_read, 1.5),
    # collecting and logging
    _w(r202_collect_errors_continue, 5.0, overlap=5),
    _w(r202_logger_exception_each, 3.0, overlap=3),
    _w(r202_exception_group_collected, 4.0, overlap=4),
    _w(r202_warning_in_helper, 250 / 150),
    # try / except / else / finally
    _w(r202_finally_return_swallows, 180 / 150, speculative_reads=True),
    _w(r202_try_except_else_finally, 3.0, overlap=3),
    _w(r202_raise_from_in_statement_chain, 180 / 150, speculative_reads=True),
    _w(r202_suppress_in_with, 330 / 150, speculative_reads=True),
    _w(r202_arg_error_inside_try, 2.0, overlap=2),
    # cleanup and partial results
    _w(r202_cleanup_delete_in_finally, 260 / 220, speculative_reads=True),
    _w(r202_cleanup_put_reads_after, 320 / 160, speculative_reads=True, overlap=3),
    Case("files", r202_partial_results_file, args=_tmp_web, servers="web", ideal=3.0,
         speculative_reads=True, overlap=3),
    Case("db", r202_partial_results_db, args=_tmp_web, servers="web", ideal=3.0,
         speculative_reads=True),
    _w(r202_helper_posts_on_failure),
    _w(r202_except_put_then_read_same_key),
    # httpx, urllib, urllib3 pools
    _w(r202_httpx_client_statuses, serial_ideal(1, 4, 1), latency=CLIENT_LAT, overlap=4),
    _w(r202_httpx_timeout_per_call, (CLIENT_CPU + 0.8) / (CLIENT_CPU + 0.4),
       latency=CLIENT_LAT),
    _w(r202_httpx_pool_limit_timeout, (CLIENT_CPU + 0.8) / (CLIENT_CPU + 0.4),
       latency=CLIENT_LAT),
    _w(r202_urllib_httperror_body, 3.0),
    _w(r202_urllib3_blocking_pool),
    _w(r202_urllib3_connpool_blocking),
    # the caller's handled exception
    Case("http", r202_root_cause_chain, args=_web, servers="web", drive=_in_handler),
    _w(r202_root_cause_chain, name="r202_root_cause_chain_not_in_handler"),
    Case("http", r202_urllib_cause_in_finally, args=_web, servers="web", drive=_in_finally),
    # SDKs
    Case("sdk", r202_openai_fallback_client, args=_broken_and_working, servers="api",
         ideal=2.0),
    Case("sdk", r202_openai_bad_request_collected, args=lambda env: (openai_client(env),),
         servers="api", ideal=2.0),
    Case("sdk", r202_openai_error_escapes_after_calls, args=lambda env: (openai_client(env),),
         servers="api", speculative_reads=True),
    Case("sdk", r202_anthropic_status_logged, args=lambda env: (anthropic_client(env),),
         servers="api", ideal=2.0),
    Case("sdk", r202_sdk_retry_then_web_put, args=_client_web, servers="web api"),
]

FAILING_WHY: dict[str, str] = {}

# Differed when written, pass since:
# - r202_urllib3_blocking_pool, r202_urllib3_connpool_blocking: two GETs through a pool of
#   one connection with block=True and pool_timeout=0.05 started together; one raised
#   EmptyPoolError where plain never waits. urllib3's `pool_timeout=` now keeps a request
#   in place (`_packages._preloaded`).
# - r202_root_cause_chain, r202_urllib_cause_in_finally: called while the caller handles
#   an error, a started GET's error was raised again in the caller's thread by a `raise`,
#   whose implicit chaining replaced its __context__ (MaxRetryError, ConnectionRefusedError)
#   with the caller's error. The runtime now raises it from C, which chains nothing, and
#   gives the first error of its chain the caller's as its context, as plain (`_raised`).
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
