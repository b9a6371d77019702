"""Red-team cases (stop 174): fault servers and the code users write around them.

GETs and PUTs of ``/status/{code}`` (500, 503, 429) and of ``/items/{key}?ms=...`` with
``missing-*`` keys answering 404, under the error handling people write by hand: retries
(``for attempt in range(3)`` with ``time.sleep`` backoff, ``while`` loops until ok), retry
decorators of their own with ``functools.wraps``, a retry object, urllib3's ``Retry`` on an
adapter, circuit breakers kept in a dict or a class, fallbacks to another endpoint or to
the model when the first fails, requests / httpx / urllib timeouts that fire and are
recorded, ``raise_for_status`` in helpers, per-item error collection in a batch loop,
except blocks that PUT an error record, print or log it, finally blocks and a context
manager that DELETE a lease, partial failure in a comprehension over items (the jitted run
must raise the same exception after the same writes), exception chaining (``raise ...
from e``, ``from None``, notes, exception groups) returned as text. Sibling calls get
unequal latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import sqlite3
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import openai
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam174")

KS = (("a", 150), ("missing-b", 40), ("c", 90))
OK = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chains(*chain: tuple[float, ...]) -> float:
    """Independent chains of dependent waits: the sum of all over the longest chain."""
    return sum(sum(c) for c in chain) / max(sum(c) for c in chain)


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def get_json(url: str) -> dict[str, Any]:
    """The helper everybody writes: GET, raise on 4xx/5xx, decode."""
    r = requests.get(url)
    r.raise_for_status()
    return r.json()


def get_checked(web: str, k: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


# =========================================================================== batch errors


def r174_batch_errors_list(web: str) -> dict[str, list[str]]:
    results, errors = [], []
    for k, ms in KS:
        try:
            r = requests.get(f"{web}/items/{k}?ms={ms}")
            r.raise_for_status()
            results.append(r.json()["value"])
        except requests.HTTPError as e:
            errors.append(f"{k}:{e.response.status_code}")
    return {"results": results, "errors": errors}


def r174_batch_errors_print(web: str) -> int:
    ok = 0
    for k, ms in KS:
        try:
            r = requests.get(f"{web}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.HTTPError as e:
            print(f"skip {k}: {e.response.status_code} {e.response.json()['error']}")
            continue
        ok += 1
        print(f"ok {k} -> {r.json()['value']}")
    return ok


def r174_batch_status_codes_httpx(web: str) -> list[tuple[int, bool, Any]]:
    out = []
    with httpx.Client() as c:
        for code, ms in ((503, 150), (200, 40), (429, 90), (500, 60)):
            r = c.get(f"{web}/status/{code}?ms={ms}")
            out.append((r.status_code, r.is_success, r.json()["status"]))
    return out


def r174_batch_except_put_next_key(web: str) -> list[str]:
    """The handler repairs the key the next item reads: that GET must see the PUT."""
    got = []
    for k, ms in (("missing-x", 40), ("fix", 90), ("c", 60)):
        try:
            got.append(get_checked(web, k, ms))
        except requests.HTTPError:
            requests.put(f"{web}/items/fix", data="patched")
            got.append("repaired")
    return got


def r174_batch_errors_sqlite(web: str, tmp: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(str(Path(tmp) / "errs.db"))
    conn.execute("CREATE TABLE log (k TEXT, outcome TEXT)")
    for k, ms in KS:
        try:
            v = get_checked(web, k, ms)
            conn.execute("INSERT INTO log VALUES (?, ?)", (k, v))
        except requests.HTTPError as e:
            conn.execute("INSERT INTO log VALUES (?, ?)", (k, f"E{e.response.status_code}"))
    conn.commit()
    rows = conn.execute("SELECT k, outcome FROM log ORDER BY rowid").fetchall()
    conn.close()
    return rows


# =========================================================================== partial failure


def r174_comprehension_raise_after_puts(web: str) -> list[str]:
    requests.put(f"{web}/items/a", data="A")
    requests.put(f"{web}/items/c", data="C")
    return [get_checked(web, k, ms) for k, ms in KS]


def r174_comprehension_status_raise(web: str) -> list[int]:
    codes = ((200, 150), (503, 40), (200, 90))
    return [requests.get(f"{web}/status/{c}?ms={ms}").raise_for_status() or c
            for c, ms in codes]


def r174_loop_raise_unhandled_after_prints(web: str) -> list[str]:
    out = []
    for k, ms in KS:
        print("fetching", k)
        out.append(get_checked(web, k, ms))
        print("done", k)
    return out


# =========================================================================== chaining


class ItemUnavailable(Exception):
    pass


def load_or_wrap(web: str, k: str, ms: int) -> str:
    try:
        return get_checked(web, k, ms)
    except requests.HTTPError as e:
        raise ItemUnavailable(f"item {k} unavailable") from e


def r174_raise_from_chain_text(web: str) -> str:
    try:
        vals = [load_or_wrap(web, k, ms) for k, ms in KS]
    except ItemUnavailable as e:
        cause = e.__cause__
        return f"{e} <- {type(cause).__name__} {cause.response.status_code}"
    return ",".join(vals)


def r174_raise_from_none_text(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-q", 40)):
        try:
            try:
                out.append(get_checked(web, k, ms))
            except requests.HTTPError:
                raise KeyError(k) from None
        except KeyError as e:
            out.append(f"{e!r} suppress={e.__suppress_context__} ctx={type(e.__context__).__name__}")
    return out


def r174_implicit_context_fallback_fails(web: str) -> list[Any]:
    try:
        try:
            r = requests.get(f"{web}/status/503?ms=40")
            r.raise_for_status()
        except requests.HTTPError:
            get_checked(web, "missing-fallback", 30)
    except requests.HTTPError as e2:
        ctx = e2.__context__
        return [type(ctx).__name__, ctx.response.status_code, e2.response.status_code]
    return []


def r174_exception_notes(web: str) -> list[str]:
    try:
        for k, ms in KS:
            try:
                get_checked(web, k, ms)
            except requests.HTTPError as e:
                e.add_note(f"while fetching {k}")
                e.add_note(f"after {ms} ms")
                raise
    except requests.HTTPError as e:
        return list(e.__notes__)
    return []


def r174_exception_group_collect(web: str) -> list[str]:
    vals = []
    try:
        errors = []
        for k, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 60)):
            try:
                vals.append(get_checked(web, k, ms))
            except requests.HTTPError as e:
                errors.append(e)
        if errors:
            raise ExceptionGroup("batch failed", errors)
    except* requests.HTTPError as eg:
        vals.append(f"{eg.message}: {[e.response.status_code for e in eg.exceptions]}")
    return vals


# =========================================================================== hand-written retries


def r174_retry_range3_inline(web: str) -> list[tuple[str, int]]:
    out = []
    for k, ms, fails in (("a", 150, 1), ("b", 40, 0), ("c", 90, 2)):
        for attempt in range(3):
            url = f"{web}/status/503?ms=30" if attempt < fails else f"{web}/items/{k}?ms={ms}"
            r = requests.get(url)
            if r.ok:
                out.append((r.json()["value"], attempt))
                break
            time.sleep(0.01 * 2 ** attempt)
    return out


def fetch_with_retry(web: str, k: str, ms: int, fails: int) -> str:
    last = None
    for attempt in range(3):
        url = f"{web}/status/503?ms=30" if attempt < fails else f"{web}/items/{k}?ms={ms}"
        try:
            r = requests.get(url)
            r.raise_for_status()
            return r.json()["value"]
        except requests.HTTPError as e:
            last = e
            time.sleep(0.01)
    raise RuntimeError(f"gave up on {k}") from last


def r174_retry_helper_comprehension(web: str) -> list[str]:
    return [fetch_with_retry(web, k, ms, f)
            for k, ms, f in (("a", 150, 1), ("b", 40, 0), ("c", 90, 1))]


def r174_while_until_ok_after_head(web: str) -> dict[str, Any]:
    head = requests.get(f"{web}/items/head?ms=150").json()["value"]
    codes = [503, 429]
    tries = 0
    while True:
        url = f"{web}/status/{codes[tries]}?ms=40" if tries < len(codes) else \
            f"{web}/items/body?ms=40"
        r = requests.get(url)
        if r.status_code == 200:
            break
        tries += 1
        time.sleep(0.005)
    return {"head": head, "body": r.json()["value"], "tries": tries}


def retry(times: int, delay: float) -> Any:
    def deco(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            for attempt in range(times):
                try:
                    return fn(*args, **kw)
                except requests.RequestException:
                    if attempt == times - 1:
                        raise
                    time.sleep(delay)
            return None
        return wrapper
    return deco


@retry(3, 0.01)
def fetch_decorated(web: str, k: str, ms: int) -> str:
    return get_checked(web, k, ms)


@retry(2, 0.01)
def fetch_status_decorated(web: str, code: int, ms: int) -> int:
    r = requests.get(f"{web}/status/{code}?ms={ms}")
    r.raise_for_status()
    return r.status_code


def r174_retry_decorator_all_ok(web: str) -> list[str]:
    a = fetch_decorated(web, "a", 150)
    b = fetch_decorated(web, "b", 40)
    c = fetch_decorated(web, "c", 90)
    return [a, b, c, fetch_decorated.__name__]


def r174_retry_decorator_exhausted_fallback(web: str) -> list[Any]:
    out: list[Any] = []
    for code, ms in ((200, 150), (503, 40), (200, 90)):
        try:
            out.append(fetch_status_decorated(web, code, ms))
        except requests.HTTPError as e:
            out.append(requests.get(f"{web}/items/fallback-{code}?ms=30").json()["value"])
            print("fell back after", e.response.status_code)
    return out


class Retrier:
    def __init__(self, tries: int) -> None:
        self.tries = tries
        self.attempts: list[str] = []

    def call(self, url: str) -> requests.Response:
        for i in range(self.tries):
            r = requests.get(url)
            self.attempts.append(f"{url.rsplit('/', 1)[-1]}#{i}:{r.status_code}")
            if r.status_code < 500:
                return r
        return r


def r174_retry_object_attempt_log(web: str) -> list[str]:
    rt = Retrier(2)
    a = rt.call(f"{web}/items/a?ms=150")
    b = rt.call(f"{web}/status/503?ms=40")
    c = rt.call(f"{web}/items/c?ms=90")
    return [a.json()["value"], str(b.status_code), c.json()["value"]] + rt.attempts


def r174_urllib3_retry_adapter_raises(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(max_retries=Retry(total=2, status_forcelist=[503],
                                                     backoff_factor=0,
                                                     allowed_methods=["GET"])))
    out = [s.get(f"{web}/items/a?ms=150").json()["value"]]
    try:
        s.get(f"{web}/status/503?ms=20")
        out.append("no error")
    except requests.exceptions.RetryError as e:
        out.append(type(e).__name__)
    out.append(s.get(f"{web}/items/c?ms=90").json()["value"])
    s.close()
    return out


def r174_urllib3_retry_no_raise_on_status(web: str) -> list[int]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(max_retries=Retry(total=1, status_forcelist=[500, 503],
                                                     backoff_factor=0,
                                                     raise_on_status=False)))
    codes = [s.get(f"{web}/status/{c}?ms={ms}").status_code
             for c, ms in ((503, 150), (200, 40), (500, 90))]
    s.close()
    return codes


# =========================================================================== circuit breakers


def r174_breaker_dict_opens(web: str) -> dict[str, Any]:
    breaker = {"fails": 0, "open": False}
    results, skipped = [], []
    for path in ("status/500?ms=40", "status/503?ms=30", "items/a?ms=150", "items/b?ms=90"):
        if breaker["open"]:
            skipped.append(path)
            continue
        r = requests.get(f"{web}/{path}")
        if r.status_code >= 500:
            breaker["fails"] += 1
            if breaker["fails"] >= 2:
                breaker["open"] = True
        else:
            results.append(r.json()["value"])
    return {"results": results, "skipped": skipped, "breaker": breaker}


class CircuitOpen(Exception):
    pass


class Breaker:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.fails = 0

    def call(self, url: str) -> str:
        if self.fails >= self.limit:
            raise CircuitOpen(f"open after {self.fails} failures")
        try:
            r = requests.get(url)
            r.raise_for_status()
        except requests.HTTPError:
            self.fails += 1
            raise
        self.fails = 0
        return r.json().get("value", "?")


def r174_breaker_class_opens(web: str) -> list[str]:
    cb = Breaker(2)
    out = []
    for u in ("items/a?ms=60", "status/503?ms=150", "status/500?ms=40", "items/c?ms=90"):
        try:
            out.append(cb.call(f"{web}/{u}"))
        except CircuitOpen as e:
            out.append(str(e))
        except requests.HTTPError as e:
            out.append(f"err {e.response.status_code}")
    return out


# =========================================================================== fallbacks


def r174_fallback_endpoint_per_item(web: str) -> list[str]:
    out = []
    for k, ms in OK:
        try:
            r = requests.get(f"{web}/status/503?ms={ms}")
            r.raise_for_status()
            out.append("primary")
        except requests.HTTPError:
            out.append(requests.get(f"{web}/items/{k}?ms=30").json()["value"])
    return out


def r174_fallback_to_model_then_summary(web: str, client: Any) -> list[str]:
    try:
        r = requests.get(f"{web}/status/503?ms=40")
        r.raise_for_status()
        primary = r.json()["status"]
    except requests.HTTPError:
        primary = ask(client, "Fallback answer for the status page", 0.04, model="gpt-mini")
    summary = ask(client, "Summarise the incident", 0.15)
    return [str(primary)[:20], summary[:20]]


def r174_fallback_model_per_item(web: str, client: Any) -> list[str]:
    out = []
    for k, ms in KS:
        try:
            out.append(get_checked(web, k, ms))
        except requests.HTTPError:
            out.append(ask(client, f"Guess a value for {k}", 0.03)[:15])
    return out


def r174_timeout_fallback_model(web: str, client: Any) -> list[str]:
    out = []
    # (a timeout of 0.3 s, 210 ms above the slowest answer it lets through and 300 ms
    # below the one it cuts: a loaded machine moves neither across it)
    for k, ms in (("slow", 600), ("b", 40), ("c", 90)):
        try:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=0.3).json()["value"])
        except requests.Timeout:
            out.append("model:" + ask(client, f"Value for {k}?", 0.03)[:12])
    return out


def r174_oa_bad_request_fallback(client: Any) -> list[str]:
    out = []
    for q, lat in (("One?", 0.15), ("Two?", 0.04), ("Three?", 0.09)):
        try:
            out.append(ask(client, q, lat, temperature=5.0))
        except openai.BadRequestError as e:
            print("refused", e.status_code)
            out.append(ask(client, q, lat / 2, model="gpt-mini")[:20])
    return out


def r174_oa_errors_collected(client: Any) -> dict[str, Any]:
    answers, errors = [], []
    for q, lat, temp in (("One?", 0.15, 0.2), ("Two?", 0.04, 9.0), ("Three?", 0.09, 0.5)):
        try:
            answers.append(ask(client, q, lat, temperature=temp)[:20])
        except openai.BadRequestError as e:
            errors.append(f"{q} {e.status_code}")
    return {"answers": answers, "errors": errors}


# =========================================================================== timeouts


def r174_timeouts_requests_recorded(web: str) -> list[str]:
    out = []
    # (a timeout of 0.3 s, 210 ms above the slowest answer it lets through and 300 ms
    # below the one it cuts: a loaded machine moves neither across it)
    for k, ms in (("slow", 600), ("b", 40), ("c", 90)):
        try:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=0.3).json()["value"])
        except requests.Timeout as e:
            out.append(f"timeout {k}: {type(e).__name__}")
    return out


def r174_timeouts_httpx_client(web: str) -> list[str]:
    out = []
    with httpx.Client(timeout=0.1) as c:
        for k, ms in (("slow", 300), ("b", 40), ("c", 90)):
            try:
                out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            except httpx.TimeoutException as e:
                out.append(type(e).__name__)
    return out


def r174_urllib_timeout_and_httperror(web: str) -> list[str]:
    out = []
    for path in ("items/slow?ms=300", "status/503?ms=40", "items/c?ms=90"):
        try:
            with urllib.request.urlopen(f"{web}/{path}", timeout=0.1) as r:
                out.append(json.loads(r.read())["value"])
        except urllib.error.HTTPError as e:
            out.append(f"http {e.code} {json.loads(e.read())}")
        except (TimeoutError, urllib.error.URLError) as e:
            out.append(f"timeout {type(e).__name__}")
    return out


def r174_timeout_deadline_budget_sum(web: str) -> list[str]:
    """Per-request timeouts shrink by a fixed count, never by the clock."""
    budget = 0.35
    out = []
    for k, ms in (("a", 150), ("slow", 300), ("c", 90)):
        per = min(0.2, budget)
        try:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=per).json()["value"])
        except requests.Timeout:
            out.append(f"timeout@{per:.2f}")
        budget -= 0.1
    return out


# =========================================================================== leases, finally


def r174_finally_delete_lease_ok(web: str) -> list[str]:
    requests.put(f"{web}/items/lease-1", data="held")
    try:
        a = requests.get(f"{web}/items/a?ms=150").json()["value"]
        b = requests.get(f"{web}/items/b?ms=40").json()["value"]
        c = requests.get(f"{web}/items/c?ms=90").json()["value"]
    finally:
        requests.delete(f"{web}/items/lease-1")
    return [a, b, c]


def r174_finally_delete_lease_failure(web: str) -> list[str]:
    requests.put(f"{web}/items/lease-2", data="held")
    try:
        a = get_checked(web, "a", 150)
        b = get_checked(web, "missing-b", 40)
        c = get_checked(web, "c", 90)
    finally:
        requests.delete(f"{web}/items/lease-2")
        print("lease released")
    return [a, b, c]


@contextlib.contextmanager
def lease(web: str, name: str) -> Any:
    requests.put(f"{web}/items/{name}", data="held")
    try:
        yield name
    finally:
        requests.delete(f"{web}/items/{name}")


def r174_lease_contextmanager_reads(web: str) -> list[str]:
    with lease(web, "lease-cm") as name:
        vals = [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in OK]
    return [name] + vals


class Lease:
    def __init__(self, web: str, name: str) -> None:
        self.url = f"{web}/items/{name}"

    def __enter__(self) -> Lease:
        requests.put(self.url, data="held")
        return self

    def __exit__(self, *exc: Any) -> bool:
        requests.delete(self.url)
        if exc[0] is not None:
            print("swallowed", exc[0].__name__)
        return True


def r174_lease_class_swallows(web: str) -> list[str]:
    out = ["start"]
    with Lease(web, "lease-cls"):
        out.append(get_checked(web, "a", 150))
        out.append(get_checked(web, "missing-b", 40))
        out.append(get_checked(web, "c", 90))
    out.append(requests.get(f"{web}/items/after?ms=20").json()["value"])
    return out


# =========================================================================== async


async def r174_async_httpx_errors_loop(web: str) -> dict[str, Any]:
    ok, bad = [], []
    async with httpx.AsyncClient() as c:
        for k, ms in KS:
            try:
                r = await c.get(f"{web}/items/{k}?ms={ms}")
                r.raise_for_status()
                ok.append(r.json()["value"])
            except httpx.HTTPStatusError as e:
                bad.append(f"{k}:{e.response.status_code}")
    return {"ok": ok, "bad": bad}


async def r174_async_retry_backoff(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as c:
        for k, ms, fails in (("a", 150, 1), ("b", 40, 0), ("c", 90, 1)):
            for attempt in range(3):
                u = f"{web}/status/503?ms=30" if attempt < fails else f"{web}/items/{k}?ms={ms}"
                r = await c.get(u)
                if r.is_success:
                    out.append(f"{r.json()['value']}@{attempt}")
                    break
                await asyncio.sleep(0.01)
    return out


def _drive_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


# =========================================================================== control the handler changes


def r174_switch_endpoint_in_handler(web: str) -> list[str]:
    base = f"{web}/status/503"
    out = []
    for k, ms in OK:
        try:
            r = requests.get(f"{base}?k={k}&ms={ms}")
            r.raise_for_status()
            out.append(f"{k}:{r.json().get('value', r.json().get('status'))}")
        except requests.HTTPError:
            base = f"{web}/items/fallback"
            out.append(f"{k}:switched")
    return out


def r174_timeout_grows_after_failure(web: str) -> list[str]:
    fails = 0
    out = []
    for k, ms in (("slow1", 300), ("slow2", 200), ("c", 40)):
        timeout = 0.1 if fails == 0 else 0.5
        try:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}", timeout=timeout).json()["value"])
        except requests.Timeout:
            fails += 1
            out.append(f"timeout {k}")
    return out


def r174_attempt_flag_no_break(web: str) -> list[Any]:
    ok = None
    tried = []
    for code in (503, 200, 200):
        if ok is None:
            r = requests.get(f"{web}/status/{code}?ms=40&try={len(tried)}")
            tried.append(r.status_code)
            if r.ok:
                ok = r.json()["status"]
    return [ok, tried]


def r174_collect_until_two_ok(web: str) -> list[str]:
    got: list[str] = []
    for path in ("status/503?ms=40", "items/a?ms=150", "items/b?ms=40", "items/c?ms=90"):
        if len(got) < 2:
            r = requests.get(f"{web}/{path}")
            if r.ok:
                got.append(r.json()["value"])
    return got


def breaker_allows(state: dict[str, int]) -> bool:
    return state["fails"] < 2


def record_failure(state: dict[str, int]) -> None:
    state["fails"] += 1


def r174_breaker_helpers_no_continue(web: str) -> list[str]:
    state = {"fails": 0}
    out = []
    for path in ("status/503?ms=40", "status/500?ms=30", "items/a?ms=150", "items/b?ms=20"):
        if breaker_allows(state):
            r = requests.get(f"{web}/{path}")
            if r.status_code >= 500:
                record_failure(state)
            out.append(str(r.status_code))
    return out


def r174_retry_queue_append_in_handler(web: str) -> list[str]:
    queue = ["a", "missing-b", "c"]
    out = []
    for k in queue:
        try:
            out.append(get_checked(web, k, 40 if k != "a" else 150))
        except requests.HTTPError:
            if not k.endswith("-again"):
                queue.append(k.replace("missing-", "") + "-again")
            out.append(f"requeued {k}")
    return out


def r174_try_else_put_copy(web: str) -> list[str]:
    errors = []
    for k, ms in KS:
        try:
            v = get_checked(web, k, ms)
        except requests.HTTPError:
            errors.append(k)
        else:
            requests.put(f"{web}/items/copy-{k}", data=v)
    return errors


def r174_except_name_deleted(web: str) -> str:
    err = None
    for k, ms in KS:
        try:
            get_checked(web, k, ms)
        except requests.HTTPError as err:  # noqa: F841 - unbound after the handler, as users forget
            print("failed", k)
    return repr(err)


# =========================================================================== raise by design after a read


def ensure_ok(r: requests.Response) -> requests.Response:
    if not r.ok:
        raise RuntimeError(f"bad status {r.status_code}")
    return r


def r174_comprehension_user_check_raises(web: str) -> list[str]:
    paths = ("items/a?ms=150", "status/503?ms=40", "items/c?ms=90")
    return [ensure_ok(requests.get(f"{web}/{p}")).json()["value"] for p in paths]


def r174_loop_raise_on_status(web: str) -> list[str]:
    out = []
    for p in ("items/a?ms=150", "status/429?ms=40", "items/c?ms=90"):
        r = requests.get(f"{web}/{p}")
        if r.status_code == 429:
            raise RuntimeError(f"rate limited at {p}")
        out.append(r.json()["value"])
    return out


def r174_any_mirror_ok_short_circuit(web: str) -> bool:
    mirrors = ("items/m1?ms=60", "status/503?ms=150", "items/m3?ms=90")
    return any(requests.get(f"{web}/{m}").ok for m in mirrors)


def r174_next_ok_generator(web: str) -> str:
    paths = ("status/503?ms=40", "items/m2?ms=60", "items/m3?ms=150")
    r = next(r for r in (requests.get(f"{web}/{p}") for p in paths) if r.ok)
    return r.json()["value"]


# =========================================================================== deferred waits


def r174_early_fail_waits_speculative(web: str) -> list[str]:
    """The first read fails at 40 ms; the second (400 ms) is started beside it. The plain
    run raises at 40 ms; the jitted one waits for the unused read's thread first."""
    a = get_checked(web, "missing-a", 40)
    b = get_checked(web, "b", 400)
    return [a, b]


def r174_timeout_before_bad_int(web: str) -> int:
    r = requests.get(f"{web}/items/slow?ms=300", timeout=0.1)
    n = int("not a number")
    return n + len(r.text)


def r174_http_error_before_key_error(web: str) -> str:
    data = get_json(f"{web}/items/missing-k?ms=60")
    conf: dict[str, str] = {}
    zone = conf["zone"]
    return data["value"] + zone


def r174_two_failures_first_wins(web: str) -> str:
    a = get_json(f"{web}/items/missing-slow?ms=150")
    b = get_json(f"{web}/status/500?ms=20")
    return f"{a} {b}"


# =========================================================================== client settings changed


def r174_httpx_timeout_attr_changed(web: str) -> list[str]:
    out = []
    with httpx.Client(timeout=1.0) as c:
        out.append(c.get(f"{web}/items/slow1?ms=200").json()["value"])
        c.timeout = httpx.Timeout(0.1)
        try:
            out.append(c.get(f"{web}/items/slow2?ms=200").json()["value"])
        except httpx.ReadTimeout:
            out.append("timed out")
    return out


def r174_socket_default_timeout(web: str) -> list[str]:
    import socket
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(0.1)
    out = []
    try:
        for path in ("items/slow?ms=300", "items/b?ms=40"):
            try:
                with urllib.request.urlopen(f"{web}/{path}") as r:
                    out.append(json.loads(r.read())["value"])
            except (TimeoutError, urllib.error.URLError) as e:
                out.append(type(e).__name__)
    finally:
        socket.setdefaulttimeout(old)
    return out


def r174_oa_timeout_recorded(client: Any) -> list[str]:
    out = []
    for q, lat in (("Slow?", 0.3), ("Two?", 0.04), ("Three?", 0.09)):
        try:
            out.append(ask(client, q, lat, timeout=0.12)[:20])
        except openai.APITimeoutError as e:
            out.append(f"timeout: {e}")
    return out


def r174_finally_return_swallows(web: str) -> list[str]:
    out = ["start"]
    try:
        out.append(get_checked(web, "missing-a", 40))
        out.append(get_checked(web, "b", 150))
    finally:
        out.append("cleanup")
        return out  # noqa: B012 - swallows the HTTPError, as users do


def results_gen(web: str) -> Any:
    for k, ms in KS:
        try:
            yield get_checked(web, k, ms)
        except requests.HTTPError as e:
            yield f"E{e.response.status_code}"


def r174_generator_yields_errors(web: str) -> list[str]:
    return list(results_gen(web))


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def web_oa(env: Env) -> tuple:
    return (env.web, openai_client(env))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web_oa), servers="web api", ideal=ideal, **kw)


def _ai(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


O3 = over(0.15, 0.04, 0.09)
L = 0.05

ALL: list[Case] = [
    # batch errors
    _w(r174_batch_errors_list, O3, overlap=3),
    _w(r174_batch_errors_print, O3, overlap=3),
    _w(r174_batch_status_codes_httpx, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    _w(r174_batch_except_put_next_key),
    _w(r174_batch_errors_sqlite, args=web_tmp, cat="db"),
    # partial failure
    _w(r174_comprehension_raise_after_puts, (2 * L + 0.19) / (2 * L + 0.15),
       speculative_reads=True),
    _w(r174_comprehension_status_raise, over(0.15, 0.04), speculative_reads=True),
    _w(r174_loop_raise_unhandled_after_prints, over(0.15, 0.04), speculative_reads=True),
    # chaining
    _w(r174_raise_from_chain_text, over(0.15, 0.04), speculative_reads=True),
    _w(r174_raise_from_none_text, over(0.15, 0.04)),
    _w(r174_implicit_context_fallback_fails),
    _w(r174_exception_notes, over(0.15, 0.04), speculative_reads=True),
    _w(r174_exception_group_collect, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    # retries
    _w(r174_retry_range3_inline, chains((0.03, 0.01, 0.15), (0.04,), (0.03, 0.01, 0.03,
                                                                        0.02, 0.09))),
    _w(r174_retry_helper_comprehension, chains((0.03, 0.01, 0.15), (0.04,),
                                               (0.03, 0.01, 0.09))),
    _w(r174_while_until_ok_after_head, (0.15 + 0.135) / 0.15),
    _w(r174_retry_decorator_all_ok, O3, cat="helpers"),
    _w(r174_retry_decorator_exhausted_fallback,
       chains((0.15,), (0.04, 0.01, 0.04, 0.03), (0.09,)), cat="helpers"),
    _w(r174_retry_object_attempt_log, cat="helpers"),
    _w(r174_urllib3_retry_adapter_raises, chains((0.15,), (0.02, 0.02, 0.02), (0.09,)),
       cat="clients"),
    _w(r174_urllib3_retry_no_raise_on_status, chains((0.15, 0.15), (0.04,), (0.09, 0.09)),
       cat="clients"),
    # breakers
    _w(r174_breaker_dict_opens, cat="state"),
    _w(r174_breaker_class_opens, cat="state"),
    # fallbacks
    _w(r174_fallback_endpoint_per_item, chains((0.15, 0.03), (0.04, 0.03), (0.09, 0.03))),
    _both(r174_fallback_to_model_then_summary, (0.15 + 0.08) / 0.15),
    _both(r174_fallback_model_per_item, over(0.15, 0.04 + 0.03, 0.09)),
    _both(r174_timeout_fallback_model, over(0.3 + 0.03, 0.04, 0.09)),
    _ai(r174_oa_bad_request_fallback, chains((0.0, 0.075), (0.0, 0.02), (0.0, 0.045))),
    _ai(r174_oa_errors_collected, over(0.15, 0.09), overlap=2),
    # timeouts
    _w(r174_timeouts_requests_recorded, over(0.1, 0.04, 0.09), overlap=3),
    _w(r174_timeouts_httpx_client, over(0.1, 0.04, 0.09), overlap=3, cat="clients"),
    _w(r174_urllib_timeout_and_httperror, over(0.1, 0.04, 0.09), overlap=3),
    _w(r174_timeout_deadline_budget_sum, over(0.15, 0.2, 0.09), overlap=3),
    # leases
    _w(r174_finally_delete_lease_ok, (2 * L + 0.28) / (2 * L + 0.15), overlap=3),
    _w(r174_finally_delete_lease_failure, (2 * L + 0.19) / (2 * L + 0.15),
       speculative_reads=True),
    _w(r174_lease_contextmanager_reads, (2 * L + 0.28) / (2 * L + 0.15), overlap=3),
    _w(r174_lease_class_swallows, (2 * L + 0.19 + 0.02) / (2 * L + 0.15 + 0.02),
       speculative_reads=True),
    # async
    Case("http", r174_async_httpx_errors_loop, drive=_drive_async, servers="web",
         ideal=O3),
    Case("http", r174_async_retry_backoff, drive=_drive_async, servers="web",
         ideal=chains((0.03, 0.01, 0.15), (0.04,), (0.03, 0.01, 0.09))),
    # control the handler changes
    _w(r174_switch_endpoint_in_handler),
    _w(r174_timeout_grows_after_failure),
    _w(r174_attempt_flag_no_break),
    _w(r174_collect_until_two_ok),
    _w(r174_breaker_helpers_no_continue, cat="state"),
    _w(r174_retry_queue_append_in_handler),
    _w(r174_try_else_put_copy),
    _w(r174_except_name_deleted, over(0.15, 0.04, 0.09)),
    # raise by design after a read
    _w(r174_comprehension_user_check_raises, cat="validation"),
    _w(r174_loop_raise_on_status, cat="validation"),
    _w(r174_any_mirror_ok_short_circuit),
    _w(r174_next_ok_generator),
    # deferred waits
    _w(r174_early_fail_waits_speculative, speculative_reads=True),
    _w(r174_timeout_before_bad_int),
    _w(r174_http_error_before_key_error),
    _w(r174_two_failures_first_wins, speculative_reads=True),
    # client settings
    _w(r174_httpx_timeout_attr_changed, cat="clients"),
    _w(r174_socket_default_timeout),
    _ai(r174_oa_timeout_recorded, over(0.12, 0.04, 0.09), overlap=3),
    _w(r174_finally_return_swallows, speculative_reads=True),
    _w(r174_generator_yields_errors, O3),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
