"""Red-team cases (stop 41): aimed at what the JIT learnt in the hour before it.

- loop bodies that skip an item (``if ...: continue``), in nested loops, in ``try`` with a
  ``finally``, beside ``for ... else``, with checks on state the body's calls change, and
  calls opening a ``try`` whose handler returns, raises through a helper, sets a flag the
  next items test, or whose ``finally`` writes what the next item reads; ``enumerate``
  and ``zip`` over lists the body grows or shrinks;
- unshared locals that are not (a list also held by a global, a dict a closure reads), and
  prints and log records that do change things (a ``__str__`` or ``__format__`` with
  effects, ``print(file=...)`` to an object that uploads, a logging handler that PUTs);
- helpers decided when they start, with a log line between them, that change a session
  or a global the next statements read;
- asyncio: tasks that wait on a timer, a future a callback completes, a ``call_soon``
  callback that changes a global, tasks made inside helpers, a caller's ``gather``;
- model calls under hooks added or removed mid-function, a meter's block, a response
  cache, scoped hooks entered by the user's own context manager;
- reads bound in a ``with`` that may swallow (the user's class, an ExitStack), raised
  before a print;
- module globals rebound through ``globals()`` and ``sys.modules``, lookups bound from a
  global dict by ``partial`` or ``__getitem__``, a threading.local kept as an attribute,
  a ContextVar a helper sets, print to a redirected stderr.

Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import operator
import os
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import requests

from ember.api import models
from ember.eval._meter import Gate, Meter
from ember.models import CallHook, ResponseCache, add_hook, remove_hook, scoped_hooks
from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam41")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


# =========================================================================== helpers


def get_value(base: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}", timeout=5).json()["value"]


def checked_value(base: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{base}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def put_value(base: str, key: str, text: str) -> int:
    return requests.put(f"{base}/items/{key}", data=text, timeout=5).json()["version"]


def listing(base: str) -> dict[str, Any]:
    return requests.get(f"{base}/items", timeout=5).json()


# =========================================================================== loops: continue


def continue_check_raises_before_put(base: str) -> list[int]:
    limits = {"a": 1, "b": 0, "c": 2}
    out = []
    for key in ["a", "b", "x", "c"]:
        if limits[key] == 0:  # KeyError on "x": the PUT of "c" never happens
            continue
        out.append(put_value(base, f"lim-{key}", str(limits[key])))
    return out


def continue_check_raises_before_get(base: str) -> list[str]:
    limits = {"a": 1, "b": 0, "c": 2}
    out = []
    for key, ms in [("a", 150), ("b", 10), ("x", 30), ("c", 20)]:
        if limits[key] == 0:
            continue
        out.append(get_value(base, f"lim-{key}", ms))
    return out


def continue_in_nested_loop_then_put(base: str) -> list[str]:
    groups = [[("a", 150), ("skip", 10), ("b", 20)], [("prev", 60), ("skip", 10), ("c", 30)]]
    out: list[str] = []
    for gi, group in enumerate(groups):
        for key, ms in group:
            if key == "skip":
                continue
            name = f"group-{gi - 1}" if key == "prev" else f"{key}{gi}"
            out.append(get_value(base, name, ms))
        put_value(base, f"group-{gi}", ",".join(out))
    return out


def continue_with_for_else(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("xa", 10), ("b", 20), ("xb", 10)]:
        if key.startswith("x"):
            continue
        out.append(get_value(base, key, ms))
    else:
        put_value(base, "complete", "yes")
    out.append(get_value(base, "complete", 20))
    return out


def continue_inside_try_finally(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        try:
            if key == "skip":
                continue
            out.append(get_value(base, key, ms))
        finally:
            print("done", key)
    return out


def put_before_continue_then_list(base: str) -> list[int]:
    out = []
    for key in ["a", "skip", "b", "c"]:
        put_value(base, f"seen-{key}", key)
        if key == "skip":
            continue
        out.append(listing(base)["writes"])
    return out


class Budget:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0


def spend_fetch(base: str, budget: Budget, key: str, ms: int) -> str:
    v = get_value(base, key, ms)
    budget.spent += len(v)
    return v


def continue_on_budget_a_helper_spends(base: str) -> tuple[list[str], int]:
    budget = Budget(7)
    out = []
    for key, ms in [("aa", 150), ("bb", 20), ("cc", 60), ("dd", 30)]:
        if budget.spent >= budget.limit:
            continue
        out.append(spend_fetch(base, budget, key, ms))
    return out, budget.spent


def is_valid(key: str) -> bool:
    print("checking", key)
    return not key.startswith("_")


def continue_check_prints(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("_b", 10), ("c", 20), ("d", 60)]:
        if not is_valid(key):
            continue
        v = get_value(base, key, ms)
        print("got", v)
        out.append(v)
    return out


BLOCKED: set[str] = set()
NEXT_BLOCK = {"a": "c", "b": "d"}


def fetch_and_block(base: str, key: str, ms: int) -> str:
    v = get_value(base, key, ms)
    BLOCKED.add(NEXT_BLOCK.get(key, ""))
    return v


def _reset_blocked(env: Env) -> None:
    BLOCKED.clear()


def continue_on_global_a_helper_fills(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("c", 20), ("e", 60), ("d", 30)]:
        if key in BLOCKED:
            continue
        out.append(fetch_and_block(base, key, ms))
    return out


def continue_on_flag_set_by_handler(base: str) -> list[str]:
    failed = False
    out = []
    for key, ms in [("a", 150), ("missing-1", 10), ("b", 20), ("c", 60)]:
        if failed:
            continue
        try:
            v = checked_value(base, key, ms)
        except requests.HTTPError:
            print("failed at", key)
            failed = True
            continue
        out.append(v)
    return out


def try_handler_returns(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-2", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(checked_value(base, key, ms))
        except requests.HTTPError:
            return out
    return out


def fail(exc: Exception) -> None:
    raise RuntimeError(f"stopped: {exc.response.status_code}")  # type: ignore[attr-defined]


def try_handler_raises_through_helper(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-3", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(checked_value(base, key, ms))
        except requests.HTTPError as exc:
            fail(exc)
    return out


def try_else_breaks(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-4", 10), ("b", 20), ("c", 60)]:
        try:
            v = checked_value(base, key, ms)
        except requests.HTTPError:
            continue
        else:
            out.append(v)
            if v == "v-b":
                break
    return out


def try_handler_counts_then_breaks(base: str) -> tuple[list[str], int]:
    errors = 0
    out = []
    for key, ms in [("missing-5", 150), ("a", 10), ("missing-6", 20), ("b", 60), ("c", 30)]:
        try:
            out.append(checked_value(base, key, ms))
        except requests.HTTPError:
            errors += 1
            if errors >= 2:
                break
    return out, errors


def try_finally_writes_what_next_reads(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("done-a", 20), ("b", 60)]:
        try:
            out.append(get_value(base, key, ms))
        finally:
            put_value(base, f"done-{key}", f"finished {key}")
    return out


def try_handler_writes_what_next_reads(base: str) -> list[str]:
    out = []
    for key, ms in [("missing-7", 150), ("fallback", 20), ("b", 60)]:
        try:
            out.append(checked_value(base, key, ms))
        except requests.HTTPError:
            put_value(base, "fallback", f"from {key}")
            out.append("none")
    return out


LINKS = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"]}
LAT_OF = {"a": 150, "b": 20, "c": 60, "d": 30, "e": 10}


def enumerate_list_grown_in_body(base: str) -> list[tuple[int, str]]:
    queue = ["a"]
    out = []
    for i, key in enumerate(queue):
        v = get_value(base, key, LAT_OF[key])
        out.append((i, v))
        for nxt in LINKS.get(key, []):
            if nxt not in queue:
                queue.append(nxt)
    return out


def zip_list_shrunk_in_body(base: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    lats = [150, 20, 60, 30]
    out = []
    for key, ms in zip(keys, lats, strict=False):
        v = get_value(base, key, ms)
        out.append(v)
        if key == "a":
            keys.pop()
            keys.pop()
    return out


def fetch_more(base: str, key: str, todo: list[str]) -> str:
    v = get_value(base, key, LAT_OF[key])
    todo.extend(n for n in LINKS.get(key, []) if n not in todo)
    return v


def enumerate_list_grown_by_helper(base: str) -> list[str]:
    todo = ["a"]
    out = []
    for i, key in enumerate(todo):
        out.append(f"{i}:{fetch_more(base, key, todo)}")
    return out


# =========================================================================== unshared locals


STATE: dict[str, Any] = {}


def peek_rows(base: str) -> str:
    return get_value(base, f"rows-{len(STATE['rows'])}", 20)


def _reset_state(env: Env) -> None:
    STATE.clear()


def local_list_also_in_global(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = out
    peeks = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(get_value(base, key, ms))
        peeks.append(peek_rows(base))
    return out + peeks


def local_dict_read_by_closure(base: str) -> list[str]:
    res: dict[str, str] = {}

    def count() -> int:
        return len(res)

    seen = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        res[key] = get_value(base, key, ms)
        seen.append(get_value(base, f"n{count()}", 20))
    return [*res.values(), *seen]


class Report:
    rows: list[str]


def rows_in(report: Report, base: str) -> str:
    return get_value(base, f"count-{len(report.rows)}", 20)


def local_list_held_by_object(base: str) -> list[str]:
    out: list[str] = []
    report = Report()
    report.rows = out
    got = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        got.append(rows_in(report, base))
    return got


def local_list_plus_equals_alias(base: str) -> list[Any]:
    out: list[str] = []
    same = out
    for key, ms in [("a", 150), ("b", 20)]:
        out += [get_value(base, key, ms)]
        put_value(base, "snapshot", ",".join(same))
    return [same, get_value(base, "snapshot", 10)]


class Tally:
    def __init__(self) -> None:
        self.n = 0

    def __str__(self) -> str:
        self.n += 1
        return f"tally #{self.n}"

    def __format__(self, spec: str) -> str:
        self.n += 10
        return f"tally {self.n}"


def print_object_whose_str_counts(base: str) -> list[str]:
    t = Tally()
    a = get_value(base, "a", 150)
    print(t)
    b = get_value(base, f"t{t.n}", 20)
    return [a, b]


def print_fstring_format_counts(base: str) -> list[str]:
    t = Tally()
    a = get_value(base, "a", 150)
    print(f"now {t}")
    b = get_value(base, f"t{t.n}", 20)
    return [a, b]


class Uploader:
    """A file-like object whose lines are PUT to the web server."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    def write(self, s: str) -> int:
        if s.strip():
            requests.put(f"{self.base}/items/{self.key}", data=s.strip(), timeout=5)
        return len(s)

    def flush(self) -> None:
        pass


def print_to_uploading_file(base: str) -> list[str]:
    up = Uploader(base, "note")
    a = get_value(base, "note", 150)
    print("new note", file=up)
    b = get_value(base, "note", 20)
    return [a, b]


class PutHandler(logging.Handler):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def emit(self, record: logging.LogRecord) -> None:
        requests.put(f"{self.base}/items/logline", data=record.getMessage(), timeout=5)


def logging_handler_made_here_puts(base: str) -> list[str]:
    log = logging.getLogger("corpus.redteam41.put")
    handler = PutHandler(base)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        a = get_value(base, "logline", 150)
        log.info("stage one done")
        b = get_value(base, "logline", 20)
    finally:
        log.removeHandler(handler)
    return [a, b]


PUT_LOG = logging.getLogger("corpus.redteam41.global")
PUT_LOG.setLevel(logging.INFO)


def _install_put_handler(env: Env) -> None:
    for h in list(PUT_LOG.handlers):
        PUT_LOG.removeHandler(h)
    PUT_LOG.addHandler(PutHandler(env.web))


def logging_global_handler_puts(base: str) -> list[str]:
    a = get_value(base, "logline", 150)
    PUT_LOG.warning("progress %s", a)
    b = get_value(base, "logline", 20)
    return [a, b]


def print_to_redirected_stderr(base: str) -> list[str]:
    up = Uploader(base, "err")
    with contextlib.redirect_stderr(up):  # type: ignore[type-var]
        a = get_value(base, "err", 150)
        print("warn: slow", file=sys.stderr)
        b = get_value(base, "err", 20)
    return [a, b]


# =========================================================================== dynamic helpers


def set_param(s: requests.Session, name: str, v: str) -> None:
    s.params = {**s.params, name: v}  # type: ignore[dict-item]


def sget(s: requests.Session, base: str, key: str, ms: int) -> str:
    return s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]


def helper_changes_session_between_logged_fetches(s: requests.Session, base: str) -> list[str]:
    a = sget(s, base, "a", 150)
    LOG.info("first fetched")
    set_param(s, "v", "2")
    b = sget(s, base, "b", 20)
    LOG.info("second fetched")
    return [a, b]


def sync(base: str, key: str, data: str | None = None) -> str:
    if data is None:
        return get_value(base, key, 150 if key == "a" else 20)
    put_value(base, key, data)
    return data


def helper_reads_or_writes_by_argument(base: str) -> list[str]:
    first = sync(base, "a")
    LOG.info("read %s", first)
    sync(base, "a", "fresh")
    print("wrote")
    again = sync(base, "a")
    return [first, again]


SEEN: list[str] = []


def remember(base: str, key: str, ms: int) -> str:
    v = get_value(base, key, ms)
    SEEN.append(v)
    return v


def _reset_seen(env: Env) -> None:
    SEEN.clear()


def helper_appends_global_print_between(base: str) -> list[Any]:
    a = remember(base, "a", 150)
    print("seen so far", len(SEEN))
    b = remember(base, "b", 20)
    LOG.info("seen %d", len(SEEN))
    return [a, b, list(SEEN)]


# =========================================================================== asyncio


def _hx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await f(client)
    return asyncio.run(main())


async def aget(client: httpx.AsyncClient, key: str, ms: int) -> str:
    return (await client.get(f"/items/{key}", params={"ms": ms})).json()["value"]


async def aio_task_sleeps_then_puts(client: httpx.AsyncClient) -> list[str]:
    async def bump() -> None:
        await asyncio.sleep(0.05)
        await client.put("/items/flag", content="on")

    t = asyncio.create_task(bump())
    await asyncio.sleep(0)  # bump starts its sleep
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/flag", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


async def aio_future_completed_by_callback(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[None] = loop.create_future()

    async def waiter() -> None:
        await fut
        await client.put("/items/gate", content="open")

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)  # the waiter awaits fut
    loop.call_soon(fut.set_result, None)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/gate", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


CFG: dict[str, str] = {}


def _reset_cfg(env: Env) -> None:
    CFG.clear()
    CFG["key"] = "old"


async def aio_call_soon_changes_global(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    loop.call_soon(CFG.update, {"key": "new"})
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/cfg-{CFG['key']}", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"]]


async def aio_call_later_changes_global(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    loop.call_later(0.03, CFG.update, {"key": "later"})
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/cfg-{CFG['key']}", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"]]


def start_refresher(client: httpx.AsyncClient) -> asyncio.Task[Any]:
    async def refresh() -> None:
        await client.put("/items/token", content="t2")
    return asyncio.create_task(refresh())


async def aio_task_made_in_helper(client: httpx.AsyncClient) -> list[str]:
    t = start_refresher(client)
    a = await aget(client, "x", 150)
    b = await aget(client, "token", 20)
    await t
    return [a, b]


async def aio_event_set_wakes_writer(client: httpx.AsyncClient) -> list[str]:
    ev = asyncio.Event()

    async def writer() -> None:
        await ev.wait()
        await client.put("/items/ev", content="set")

    t = asyncio.create_task(writer())
    await asyncio.sleep(0)
    a = await aget(client, "x", 150)
    ev.set()
    b = await aget(client, "y", 150)
    c = await aget(client, "ev", 20)
    await t
    return [a, b, c]


async def aio_queue_consumer_writes(client: httpx.AsyncClient) -> list[str]:
    q: asyncio.Queue[str] = asyncio.Queue()

    async def consumer() -> None:
        item = await q.get()
        await client.put("/items/consumed", content=item)

    t = asyncio.create_task(consumer())
    await asyncio.sleep(0)
    q.put_nowait("job-1")
    a = await aget(client, "x", 150)
    b = await aget(client, "consumed", 20)
    await t
    return [a, b]


async def aio_read_then_read(client: httpx.AsyncClient) -> list[str]:
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/flag", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"]]


def _gather_with_writer(f: Any, env: Env) -> Any:
    """The caller runs the handler beside a writer that waits 50 ms, then PUTs."""
    async def writer(client: httpx.AsyncClient) -> str:
        await asyncio.sleep(0.05)
        await client.put("/items/flag", content="on")
        return "written"

    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await asyncio.gather(f(client), writer(client))
    return asyncio.run(main())


# =========================================================================== hooks


class Recorder(CallHook):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def before(self, call: Any) -> None:
        self.seen.append(str(call.messages[-1]["content"]))


def hook_added_between_calls(question: str) -> dict[str, Any]:
    a = models("sim/gpt", question + " a", latency=0.15)
    rec = add_hook(Recorder())
    try:
        b = models("sim/claude", question + " b", latency=0.03)
    finally:
        remove_hook(rec)
    c = models("sim/gpt-mini", question + " c", latency=0.05)
    return {"lens": [len(a), len(b), len(c)], "seen": rec.seen}


REC = Recorder()


def install_recorder() -> None:
    add_hook(REC)


def uninstall_recorder() -> None:
    remove_hook(REC)


def _reset_rec(env: Env) -> None:
    REC.seen.clear()
    remove_hook(REC)


def hook_added_by_helper_between_calls(question: str) -> dict[str, Any]:
    a = models("sim/gpt", question + " a", latency=0.15)
    install_recorder()
    b = models("sim/claude", question + " b", latency=0.03)
    uninstall_recorder()
    c = models("sim/gpt-mini", question + " c", latency=0.05)
    return {"lens": [len(a), len(b), len(c)], "seen": list(REC.seen)}


def meter_block_then_call_after(question: str) -> list[Any]:
    m = Meter()
    with m.active():
        a = models("sim/gpt", question, latency=0.15)
    b = models("sim/claude", question, latency=0.03)
    return [len(a), len(b), m.calls]


def call_before_meter_block(question: str) -> list[Any]:
    m = Meter()
    a = models("sim/gpt", question, latency=0.15)
    with m.active():
        b = models("sim/claude", question, latency=0.03)
    c = models("sim/gpt-mini", question, latency=0.05)
    return [len(a), len(b), len(c), m.calls]


@contextlib.contextmanager
def recording(rec: Recorder) -> Any:
    with scoped_hooks(rec):
        yield rec


def scoped_hooks_via_user_contextmanager(question: str) -> dict[str, Any]:
    rec = Recorder()
    a = models("sim/gpt", question + " a", latency=0.15)
    with recording(rec):
        b = models("sim/claude", question + " b", latency=0.03)
    c = models("sim/gpt-mini", question + " c", latency=0.05)
    return {"lens": [len(a), len(b), len(c)], "seen": rec.seen}


def cache_added_mid_function(question: str) -> list[Any]:
    a = models("sim/gpt", question, temperature=0, latency=0.15)
    cache = add_hook(ResponseCache())
    try:
        b = models("sim/gpt", question, temperature=0, latency=0.03)
        c = models("sim/gpt", question, temperature=0, latency=0.03)
    finally:
        remove_hook(cache)
    return [a == b, b == c, b.usage.cached, c.usage.cached]


def order_free_hook_that_prints_removed(question: str) -> list[Any]:
    class Spanish(CallHook):
        order_free = True

        def __init__(self) -> None:
            self.n = 0

        def after(self, call: Any, result: Any, error: Any) -> None:
            self.n += 1

    h = add_hook(Spanish())
    try:
        a = models("sim/gpt", question, latency=0.15)
    finally:
        remove_hook(h)
    b = models("sim/claude", question, latency=0.03)
    return [len(a), len(b), h.n]


# =========================================================================== deferred reads


class SwallowKeyError:
    def __enter__(self) -> SwallowKeyError:
        return self

    def __exit__(self, tp: Any, exc: Any, tb: Any) -> bool:
        if tp is KeyError:
            print("swallowed", exc)
            return True
        return False


def read_in_users_swallowing_with(base: str) -> list[str]:
    x = "default"
    with SwallowKeyError():
        x = get_value(base, "missing-8", 150)
        print("fetched")
    y = get_value(base, "y", 20)
    return [x, y]


def read_in_exitstack_suppress(base: str) -> list[str]:
    x = "default"
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.suppress(requests.HTTPError))
        x = checked_value(base, "missing-9", 150)
        print("fetched", x)
    y = get_value(base, "y", 20)
    return [x, y]


def read_raises_before_print(base: str) -> str:
    x = checked_value(base, "missing-10", 150)
    print("fetched")
    y = get_value(base, "y", 20)
    return x + y


def read_raises_before_log_in_loop(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-11", 20), ("c", 60)]:
        v = checked_value(base, key, ms)
        LOG.info("fetched %s", key)
        out.append(v)
    return out


# =========================================================================== globals


PREFIX = "p1"


def prefixed(base: str, key: str, ms: int) -> str:
    return get_value(base, f"{PREFIX}-{key}", ms)


def _reset_prefix(env: Env) -> None:
    global PREFIX
    PREFIX = "p1"


def globals_dict_store_between_reads(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    globals()["PREFIX"] = "p2"
    b = prefixed(base, "b", 20)
    return [a, b]


def sys_modules_setattr_between_reads(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    sys.modules[__name__].PREFIX = "p3"  # type: ignore[attr-defined]
    b = prefixed(base, "b", 20)
    return [a, b]


def set_prefix_vars(v: str) -> None:
    vars(sys.modules[__name__])["PREFIX"] = v


def vars_of_module_in_helper(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    set_prefix_vars("p4")
    b = prefixed(base, "b", 20)
    return [a, b]


CONF: dict[str, str] = {}
_conf_get = functools.partial(dict.get, CONF)
_conf_item = CONF.__getitem__
_conf_key = operator.itemgetter("key")


def _reset_conf(env: Env) -> None:
    CONF.clear()
    CONF["key"] = "k1"


def configure(key: str) -> None:
    CONF["key"] = key


def partial_dict_get_on_global(base: str) -> list[str]:
    a = get_value(base, f"c-{_conf_get('key')}", 150)
    configure("k2")
    b = get_value(base, f"c-{_conf_get('key')}", 20)
    return [a, b]


def dunder_getitem_bound_global(base: str) -> list[str]:
    a = get_value(base, f"c-{_conf_item('key')}", 150)
    configure("k3")
    b = get_value(base, f"c-{_conf_item('key')}", 20)
    return [a, b]


def itemgetter_on_global(base: str) -> list[str]:
    a = get_value(base, f"c-{_conf_key(CONF)}", 150)
    configure("k4")
    b = get_value(base, f"c-{_conf_key(CONF)}", 20)
    return [a, b]


class Holder:
    def __init__(self) -> None:
        self.local = threading.local()


HOLDER = Holder()


def tagged_fetch(base: str, key: str, ms: int) -> str:
    tag = getattr(HOLDER.local, "tag", "none")
    HOLDER.local.tag = key
    return get_value(base, f"{key}-after-{tag}", ms)


def _reset_holder(env: Env) -> None:
    HOLDER.local = threading.local()


def threading_local_as_attribute(base: str) -> list[str]:
    a = tagged_fetch(base, "a", 150)
    b = tagged_fetch(base, "b", 20)
    c = tagged_fetch(base, "c", 60)
    return [a, b, c]


REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="r0")


def fetch_with_id(base: str, key: str, ms: int) -> str:
    rid = REQUEST_ID.get()
    REQUEST_ID.set(key)
    return get_value(base, f"{key}-{rid}", ms)


def contextvar_set_in_helper(base: str) -> list[str]:
    a = fetch_with_id(base, "a", 150)
    b = fetch_with_id(base, "b", 20)
    return [a, b, REQUEST_ID.get()]


def _run_in_fresh_context(f: Any, env: Env) -> Any:
    return contextvars.copy_context().run(f, env.web)


# =========================================================================== batch 2


def add_links(todo: list[str], key: str) -> str:
    todo.extend(n for n in LINKS.get(key, []) if n not in todo)
    return key


def zip_strict_over_list_a_helper_grows(base: str) -> list[str]:
    keys = ["a", "b"]
    lats = [150, 20]
    out = []
    try:
        for key, ms in zip(keys, lats, strict=True):
            out.append(get_value(base, add_links(keys, key), ms))
    except ValueError as exc:
        out.append(str(exc))
    return out


def enumerate_dict_value_a_helper_grows(base: str) -> list[str]:
    plan = {"todo": ["a"]}
    out = []
    for i, key in enumerate(plan["todo"]):
        out.append(f"{i}:{get_value(base, add_links(plan['todo'], key), LAT_OF[key])}")
    return out


def continue_on_len_of_appended_list(base: str) -> list[str]:
    out: list[str] = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30)]:
        if len(out) >= 2:
            continue
        out.append(get_value(base, key, ms))
    return out


def continue_on_key_in_filled_dict(base: str) -> dict[str, str]:
    res: dict[str, str] = {}
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if key in res:
            continue
        res[key] = get_value(base, key, ms)
    return res


def continue_on_running_total(base: str) -> tuple[list[str], int]:
    total = 0
    out = []
    for key, ms in [("aaaa", 150), ("bbbb", 20), ("cc", 60), ("d", 30)]:
        if total > 10:
            continue
        v = get_value(base, key, ms)
        total += len(v)
        out.append(v)
    return out, total


def continue_on_limit_rebound_after_call(base: str) -> list[str]:
    limit = 100
    out = []
    for key, ms in [("a", 150), ("bbbbbb", 20), ("c", 60)]:
        if len(key) > limit:
            continue
        v = get_value(base, key, ms)
        limit = len(v)
        out.append(v)
    return out


def continue_inside_with_lock(base: str) -> list[str]:
    lock = threading.Lock()
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        with lock:
            if key == "skip":
                continue
        out.append(get_value(base, key, ms))
    return out


def read_then_write_same_key_with_continue(base: str) -> list[str]:
    out = []
    for key in ["a", "skip", "b", "c"]:
        cur = get_value(base, "counter", 30)
        out.append(cur)
        if key == "skip":
            continue
        put_value(base, "counter", f"{cur}+{key}")
    return out


def retry_queue_grown_by_handler(base: str) -> list[str]:
    keys = ["a", "missing-r1", "b"]
    out = []
    for key in keys:
        try:
            out.append(checked_value(base, key, 150 if key == "a" else 20))
        except requests.HTTPError:
            keys.append(key.replace("missing", "found"))
    return out


def retry_queue_enumerate_grown_by_handler(base: str) -> list[str]:
    keys = ["a", "missing-r2", "b"]
    out = []
    for i, key in enumerate(keys):
        try:
            out.append(f"{i}:{checked_value(base, key, 150 if key == 'a' else 20)}")
        except requests.HTTPError:
            keys.append(key.replace("missing", "found"))
    return out


def chained_assignment_shares_list(base: str) -> list[str]:
    out = STATE["rows"] = []
    peeks = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(get_value(base, key, ms))
        peeks.append(peek_rows(base))
    return out + peeks


def keep(rows: list[str]) -> None:
    STATE["rows"] = rows


def local_list_registered_by_helper(base: str) -> list[str]:
    out: list[str] = []
    keep(out)
    peeks = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(get_value(base, key, ms))
        peeks.append(peek_rows(base))
    return out + peeks


def walrus_shares_list(base: str) -> list[str]:
    STATE["rows"] = (out := [])
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(peek_rows(base))
    return out + peeks


def list_in_list_shared(base: str) -> list[str]:
    out: list[str] = []
    STATE["all"] = [out]
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"n-{len(STATE['all'][0])}", 20))
    return out + peeks


class Reprs:
    def __init__(self) -> None:
        self.n = 0

    def __repr__(self) -> str:
        self.n += 1
        return f"Reprs({self.n})"


def log_percent_r_counts(base: str) -> list[str]:
    t = Reprs()
    a = get_value(base, "a", 150)
    LOG.info("state %r", t)
    b = get_value(base, f"r{t.n}", 20)
    return [a, b]


class Quiet:
    def __enter__(self) -> Quiet:
        return self

    def __exit__(self, *exc: Any) -> bool:
        return True


def read_used_first_inside_try(base: str) -> str:
    x = checked_value(base, "missing-12", 150)
    y = get_value(base, "y", 20)
    try:
        out = x.upper()
    except Exception:
        out = "caught"
    return out + y


def read_used_first_in_quiet_with(base: str) -> str:
    x = checked_value(base, "missing-13", 150)
    y = get_value(base, "y", 20)
    out = "none"
    with Quiet():
        out = x + y
    return out


def read_used_first_in_comprehension_in_try(base: str) -> list[str]:
    x = checked_value(base, "missing-14", 150)
    y = get_value(base, "y", 20)
    try:
        out = [c for c in x] + [y]
    except requests.HTTPError:
        out = ["caught"]
    return out


def read_used_first_by_lambda_in_try(base: str) -> str:
    x = checked_value(base, "missing-15", 150)
    y = get_value(base, "y", 20)
    show = lambda: x + y  # noqa: E731
    try:
        return show()
    except requests.HTTPError:
        return "caught"


def read_used_first_in_finally(base: str) -> str:
    x = checked_value(base, "missing-16", 150)
    y = get_value(base, "y", 20)
    try:
        print("working")
    finally:
        print("finally", len(x))
    return y


def read_in_loop_used_in_try_after(base: str) -> list[str]:
    got = []
    for key, ms in [("a", 150), ("missing-17", 20)]:
        v = checked_value(base, key, ms)
        got.append(v)
    try:
        return [g.upper() for g in got]
    except requests.HTTPError:
        return ["caught"]


def exec_rebinds_global(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    exec("PREFIX = 'p5'", globals())
    b = prefixed(base, "b", 20)
    return [a, b]


def module_dict_update_in_helper(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    sys.modules[__name__].__dict__.update(PREFIX="p6")
    b = prefixed(base, "b", 20)
    return [a, b]


async def aio_two_reads_statement_form(client: httpx.AsyncClient) -> list[str]:
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/y", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"]]


async def aio_task_sleeps_then_changes_global(client: httpx.AsyncClient) -> list[str]:
    async def later() -> None:
        await asyncio.sleep(0.05)
        CFG["key"] = "slept"

    t = asyncio.create_task(later())
    await asyncio.sleep(0)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/cfg-{CFG['key']}", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


async def aio_thread_future_then_put(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    done = loop.run_in_executor(None, threading.Event().wait, 0.03)

    async def after_thread() -> None:
        await done
        await client.put("/items/thr", content="yes")

    t = asyncio.create_task(after_thread())
    await asyncio.sleep(0)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/thr", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


# =========================================================================== batch 3


ALL_ROWS: list[list[str]] = []


class Board:
    rows: list[str] = []


BOARD = Board()


def _reset_shared(env: Env) -> None:
    STATE.clear()
    ALL_ROWS.clear()
    BOARD.rows = []


def shared_by_dict_literal(base: str) -> list[str]:
    out: list[str] = []
    STATE["view"] = {"rows": out}
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"d-{len(STATE['view']['rows'])}", 20))
    return out + peeks


def shared_by_global_list_append(base: str) -> list[str]:
    out: list[str] = []
    ALL_ROWS.append(out)
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"g-{len(ALL_ROWS[-1])}", 20))
    return out + peeks


def shared_by_update_kwarg(base: str) -> list[str]:
    out: list[str] = []
    STATE.update(rows=out)
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(peek_rows(base))
    return out + peeks


def shared_by_attribute_of_global(base: str) -> list[str]:
    out: list[str] = []
    BOARD.rows = out
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"b-{len(BOARD.rows)}", 20))
    return out + peeks


def count_board(base: str) -> str:
    return get_value(base, f"cb-{len(BOARD.rows)}", 20)


def shared_dict_by_tuple_in_global(base: str) -> list[str]:
    res: dict[str, str] = {}
    STATE["pair"] = ("results", res)
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        res[key] = get_value(base, key, ms)
        peeks.append(get_value(base, f"t-{len(STATE['pair'][1])}", 20))
    return [*res.values(), *peeks]


def shared_counter_list_plus_equals(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = [out][0]
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out += [get_value(base, key, ms)]
        peeks.append(peek_rows(base))
    return out + peeks


async def aio_done_callback_changes_global(client: httpx.AsyncClient) -> list[str]:
    first = asyncio.ensure_future(client.get("/items/w", params={"ms": 20}))
    first.add_done_callback(lambda f: CFG.update(key="cb"))
    await asyncio.sleep(0.08)  # the first GET is answered: its callback ran
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/cfg-{CFG['key']}", params={"ms": 20})
    await first
    return [ra.json()["value"], rb.json()["value"]]


async def aio_wait_for_times_out_then_puts(client: httpx.AsyncClient) -> list[str]:
    async def impatient() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.Event().wait(), 0.04)
        await client.put("/items/impatient", content="gave up")

    t = asyncio.create_task(impatient())
    await asyncio.sleep(0)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/impatient", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


async def aio_sleeping_task_appends_seen(client: httpx.AsyncClient) -> list[Any]:
    async def note() -> None:
        await asyncio.sleep(0.03)
        SEEN.append("noted")

    t = asyncio.create_task(note())
    await asyncio.sleep(0)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/seen-{len(SEEN)}", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


async def aio_no_other_task_two_reads_then_put(client: httpx.AsyncClient) -> list[str]:
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/y", params={"ms": 20})
    await client.put("/items/y", content="after")
    rc = await client.get("/items/y", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"], rc.json()["value"]]


def shared_by_direct_store_inline_read(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = out
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"s-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_local_alias_inline_read(base: str) -> list[str]:
    out: list[str] = []
    view = {"rows": out}
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"l-{len(view['rows'])}", 20))
    return out + peeks


def unshared_straight_line_inline_read(base: str) -> list[str]:
    out: list[str] = []
    holder = [out]
    out.append(get_value(base, "a", 150))
    b = get_value(base, f"h-{len(holder[0])}", 20)
    return [*out, b]


# =========================================================================== batch 4


def continue_then_dynamic_helper_writes_some(base: str) -> list[str]:
    out = []
    for key, data in [("dy", None), ("skip", None), ("dy", "new"), ("dy", None)]:
        if key == "skip":
            continue
        out.append(sync(base, key, data))
    return out


def noisy_get(base: str, key: str, ms: int) -> str:
    print("fetching", key)
    return get_value(base, key, ms)


def printing_helper_before_continue(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        v = noisy_get(base, key, ms)
        if key == "skip":
            continue
        print("kept", v)
        out.append(v)
    return out


def continue_in_while_loop(base: str) -> list[str]:
    keys = [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]
    i = 0
    out = []
    while i < len(keys):
        key, ms = keys[i]
        i += 1
        if key == "skip":
            continue
        out.append(get_value(base, key, ms))
    return out


def printed_keys() -> Any:
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        print("yield", key)
        yield key, ms


def continue_over_printing_generator(base: str) -> list[str]:
    out = []
    for key, ms in printed_keys():
        if key == "skip":
            continue
        v = get_value(base, key, ms)
        print("got", v)
        out.append(v)
    return out


def dict_grown_while_walked_in_loop(base: str) -> Any:
    res = {"a": "", "b": ""}
    try:
        for key in res:
            if key.startswith("x"):
                continue
            res["x" + key] = get_value(base, key, 150 if key == "a" else 20)
    except RuntimeError as exc:
        return ["raised", str(exc), sorted(res)]
    return sorted(res)


def dict_items_grown_while_iterated(base: str) -> Any:
    res = {"a": 150, "b": 20}
    try:
        for key, ms in res.items():
            res[f"{key}2"] = len(get_value(base, key, ms))
    except RuntimeError as exc:
        return ["raised", str(exc), sorted(res)]
    return sorted(res)


def list_removed_while_iterated(base: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    out = []
    for key in keys:
        out.append(get_value(base, key, 150 if key == "a" else 20))
        if key == "a":
            keys.remove("b")
    return out


def enumerate_copy_is_fine(base: str) -> list[str]:
    todo = ["a"]
    out = []
    for i, key in enumerate(list(todo)):
        out.append(f"{i}:{fetch_more(base, key, todo)}")
    return out + todo


NOTES: list[str] = []


class NoteHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        NOTES.append(record.getMessage())


NOTE_LOG = logging.getLogger("corpus.redteam41.notes")
NOTE_LOG.setLevel(logging.INFO)


def _install_note_handler(env: Env) -> None:
    NOTES.clear()
    for h in list(NOTE_LOG.handlers):
        NOTE_LOG.removeHandler(h)
    NOTE_LOG.addHandler(NoteHandler())


def log_handler_appends_global_read_after(base: str) -> list[str]:
    a = get_value(base, "a", 150)
    NOTE_LOG.info("got %s", a)
    b = get_value(base, f"notes-{len(NOTES)}", 20)
    return [a, b]


def count_filter(record: logging.LogRecord) -> bool:
    NOTES.append("filtered")
    return True


def log_filter_counts_read_after(base: str) -> list[str]:
    log = logging.getLogger("corpus.redteam41.filtered")
    log.addFilter(count_filter)
    try:
        a = get_value(base, "a", 150)
        log.warning("between")
        b = get_value(base, f"filtered-{len(NOTES)}", 20)
    finally:
        log.removeFilter(count_filter)
    return [a, b]


def apply(fn: Any, *args: Any) -> Any:
    return fn(*args)


def helper_taking_callable_between_logs(base: str) -> list[Any]:
    a = apply(get_value, base, "ap", 150)
    LOG.info("read")
    apply(put_value, base, "ap", "new")
    LOG.info("wrote")
    b = apply(get_value, base, "ap", 20)
    return [a, b]


def save_text(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


def load_text(path: str) -> str:
    with open(path) as fh:
        return fh.read()


def file_helpers_between_logs(base: str, tmp: str) -> list[str]:
    path = f"{tmp}/key.txt"
    save_text(path, "k1")
    a = get_value(base, "a", 150)
    LOG.info("saved")
    save_text(path, "k2")
    b = get_value(base, load_text(path), 20)
    return [a, b]


def read_in_if_used_in_try(base: str, flag: bool = True) -> str:
    x = "none"
    if flag:
        x = checked_value(base, "missing-18", 150)
    y = get_value(base, "y", 20)
    try:
        return x + y
    except requests.HTTPError:
        return "caught"


def globals_update_between_reads(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    globals().update(PREFIX="p7")
    b = prefixed(base, "b", 20)
    return [a, b]


def setitem_on_globals_between_reads(base: str) -> list[str]:
    a = prefixed(base, "a", 150)
    operator.setitem(globals(), "PREFIX", "p8")
    b = prefixed(base, "b", 20)
    return [a, b]


class Settings:
    prefix = "s1"


def by_settings(base: str, key: str, ms: int) -> str:
    return get_value(base, f"{Settings.prefix}-{key}", ms)


def _reset_settings(env: Env) -> None:
    Settings.prefix = "s1"


def class_attribute_set_via_setattr(base: str) -> list[str]:
    a = by_settings(base, "a", 150)
    setattr(Settings, "prefix", "s2")  # noqa: B010
    b = by_settings(base, "b", 20)
    return [a, b]


@functools.cache
def cached_value(base: str, key: str) -> str:
    return get_value(base, key, 20)


def lru_cache_cleared_between(base: str) -> list[str]:
    cached_value.cache_clear()
    a = cached_value(base, "lc")
    put_value(base, "lc", "changed")
    b = cached_value(base, "lc")
    cached_value.cache_clear()
    c = cached_value(base, "lc")
    return [a, b, c]


async def aio_models_under_scoped_hook(question: str) -> dict[str, Any]:
    rec = Recorder()
    a = await models.acall("sim/gpt", question + " a", latency=0.15)
    with scoped_hooks(rec):
        b = await models.acall("sim/claude", question + " b", latency=0.03)
    c = await models.acall("sim/gpt-mini", question + " c", latency=0.05)
    return {"lens": [len(a), len(b), len(c)], "seen": rec.seen}


async def aio_models_hook_added_between(question: str) -> dict[str, Any]:
    a = await models.acall("sim/gpt", question + " a", latency=0.15)
    rec = add_hook(Recorder())
    try:
        b = await models.acall("sim/claude", question + " b", latency=0.03)
    finally:
        remove_hook(rec)
    c = await models.acall("sim/gpt-mini", question + " c", latency=0.05)
    return {"lens": [len(a), len(b), len(c)], "seen": rec.seen}


def _run_q(f: Any, env: Env) -> Any:
    return asyncio.run(f("What is a compound AI system?"))


# =========================================================================== batch 5


TRACK = Tally()


def _reset_track(env: Env) -> None:
    TRACK.n = 0


def print_global_object_str_changes_it(base: str) -> list[str]:
    a = get_value(base, "a", 150)
    print(TRACK)
    b = get_value(base, f"track-{TRACK.n}", 20)
    return [a, b]


def log_global_object_str_changes_it(base: str) -> list[str]:
    a = get_value(base, "a", 150)
    LOG.info(TRACK)
    b = get_value(base, f"track-{TRACK.n}", 20)
    return [a, b]


def print_list_of_global_objects(base: str) -> list[str]:
    a = get_value(base, "a", 150)
    print("tracks:", [TRACK])  # (a list's str is its items' repr: no effect)
    print("track:", TRACK)
    b = get_value(base, f"track-{TRACK.n}", 20)
    return [a, b]


class Installer:
    def __init__(self) -> None:
        self.rec = Recorder()

    def __str__(self) -> str:
        add_hook(self.rec)
        return "installer"


def print_installs_hook_before_model_call(question: str) -> dict[str, Any]:
    inst = Installer()
    try:
        a = models("sim/gpt", question + " a", latency=0.15)
        print("using", inst)
        b = models("sim/claude", question + " b", latency=0.03)
    finally:
        remove_hook(inst.rec)
    return {"lens": [len(a), len(b)], "seen": inst.rec.seen}


def local_alias_of_global_dict_mutated(base: str) -> list[str]:
    conf = CONF
    a = get_value(base, f"c-{CONF['key']}", 150)
    conf["key"] = "k9"
    b = get_value(base, f"c-{CONF['key']}", 20)
    return [a, b]


def setdefault_list_appended_read_through_global(base: str) -> list[str]:
    rows = STATE.setdefault("rows", [])
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        rows.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"sd-{len(STATE['rows'])}", 20))
    return rows + peeks


class Collector:
    def __init__(self, base: str) -> None:
        self.base = base
        self.rows: list[str] = []

    def collect(self) -> list[str]:
        out: list[str] = []
        self.rows = out
        peeks = []
        for key, ms in [("a", 150), ("b", 20)]:
            out.append(get_value(self.base, key, ms))
            peeks.append(get_value(self.base, f"self-{len(self.rows)}", 20))
        return out + peeks


def make_collector_method(env: Env) -> Any:
    return Collector(env.web).collect


async def aio_task_waiting_on_fast_read_then_puts(client: httpx.AsyncClient) -> list[str]:
    async def quick() -> None:
        await client.get("/items/warm", params={"ms": 10})
        await client.put("/items/quick", content="done")

    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/quick", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


async def aio_loop_continue_beside_sleeping_writer(client: httpx.AsyncClient) -> list[str]:
    async def writer() -> None:
        await asyncio.sleep(0.05)
        await client.put("/items/lc", content="written")

    t = asyncio.create_task(writer())
    await asyncio.sleep(0)
    out = []
    for key, ms in [("x", 150), ("skip", 10), ("lc", 20)]:
        if key == "skip":
            continue
        r = await client.get(f"/items/{key}", params={"ms": ms})
        out.append(r.json()["value"])
    await t
    return out


# =========================================================================== batch 6


def continue_on_random_sample(base: str) -> list[Any]:
    random.seed(41)
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30), ("e", 10)]:
        if random.random() < 0.3:
            continue
        v = get_value(base, key, ms)
        out.append((v, round(random.random(), 4)))
    return out


def continue_on_local_rng(base: str) -> list[Any]:
    rng = random.Random(7)
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30), ("e", 10)]:
        if rng.random() < 0.4:
            continue
        out.append((get_value(base, key, ms), rng.randint(0, 99)))
    return out


def continue_past_deadline(base: str) -> list[str]:
    deadline = time.monotonic() + 0.1
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30)]:
        if time.monotonic() > deadline:
            continue
        out.append(get_value(base, key, ms))
    return out


def break_past_deadline(base: str) -> list[str]:
    deadline = time.monotonic() + 0.1
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30)]:
        if time.monotonic() > deadline:
            break
        out.append(get_value(base, key, ms))
    return out


def handler_changes_session_params(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in [("missing-s1", 150), ("a", 20), ("b", 60)]:
        try:
            r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
            r.raise_for_status()
            out.append(r.json()["value"])
        except requests.HTTPError:
            s.params = {"retry": "1"}
            out.append("failed")
    return out


def thread_timer_puts_while_reading(base: str) -> list[str]:
    timer = threading.Timer(0.05, put_value, args=(base, "timed", "fired"))
    timer.start()
    a = get_value(base, "x", 150)
    b = get_value(base, "timed", 20)
    timer.join()
    return [a, b]


def helper_read_then_write_same_key(base: str) -> str:
    a = get_value(base, "rw", 150)
    LOG.info("read issued")
    put_value(base, "rw", "new")
    return a


def sampled_eval_loop(question: str) -> list[Any]:
    rng = random.Random(3)
    out = []
    for i in range(5):
        if rng.random() < 0.35:
            continue
        temp = round(rng.uniform(0, 1), 2)
        r = models("sim/gpt", f"{question} #{i}", latency=0.15 if i == 0 else 0.03,
                   temperature=temp)
        out.append((i, temp, len(r)))
    return out


# =========================================================================== batch 7


def fetch_and_mark(base: str, item: dict[str, Any], items: list[dict[str, Any]]) -> str:
    v = get_value(base, item["key"], item["ms"])
    i = items.index(item)
    if i + 1 < len(items) and v == "v-a":
        items[i + 1]["done"] = True
    return v


def continue_on_item_flag_a_helper_sets(base: str) -> list[str]:
    items = [{"key": "a", "ms": 150, "done": False}, {"key": "b", "ms": 20, "done": False},
             {"key": "c", "ms": 60, "done": False}]
    out = []
    for item in items:
        if item["done"]:
            continue
        out.append(fetch_and_mark(base, item, items))
    return out


def continue_on_item_flag_set_inline(base: str) -> list[str]:
    items = [{"key": "a", "ms": 150, "done": False}, {"key": "b", "ms": 20, "done": False},
             {"key": "c", "ms": 60, "done": False}]
    out = []
    for i, item in enumerate(items):
        if item["done"]:
            continue
        v = get_value(base, item["key"], item["ms"])
        if i + 1 < len(items):
            items[i + 1]["done"] = v == "v-a"
        out.append(v)
    return out


class Job:
    def __init__(self, key: str, ms: int) -> None:
        self.key = key
        self.ms = ms
        self.cancelled = False


def run_job(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    for other in jobs:
        if other.key == "b":
            other.cancelled = True
    return v


def continue_on_job_cancelled_by_helper(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job(base, job, jobs))
    return out


def remember_into(seen: set[str], key: str, base: str, ms: int) -> str:
    seen.add(key)
    return get_value(base, key, ms)


def continue_on_set_a_helper_fills(base: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if key in seen:
            continue
        out.append(remember_into(seen, key, base, ms))
    return out


def continue_on_enumerated_duplicates(base: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for i, key in enumerate(["a", "b", "a", "c"]):
        if key in seen:
            continue
        out.append(remember_into(seen, key, base, 150 if i == 0 else 20))
    return out


def continue_on_job_cancelled_inline(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        v = get_value(base, job.key, job.ms)
        for other in jobs:
            if other.key == "b" and v == "v-a":
                other.cancelled = True
        out.append(v)
    return out


class JobBoard:
    def __init__(self, jobs: list[Job]) -> None:
        self.jobs = jobs

    def cancel(self, key: str) -> None:
        for job in self.jobs:
            if job.key == key:
                job.cancelled = True


def continue_on_job_cancelled_through_board(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    board = JobBoard(jobs)
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(get_value(base, job.key, job.ms))
        board.cancel("b")
    return out


def cancel_b(jobs: list[Job]) -> None:
    jobs[1].cancelled = True


def continue_on_job_cancelled_by_index(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(get_value(base, job.key, job.ms))
        cancel_b(jobs)
    return out


def retag_all(jobs: list[Job], tag: str) -> None:
    for job in jobs:
        job.key = tag


def helper_sets_attributes_of_items_straight_line(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20)]
    a = get_value(base, jobs[0].key, 150)
    retag_all(jobs, "t2")
    b = get_value(base, jobs[1].key, 20)
    return [a, b]


def retag_first(jobs: list[Job], tag: str) -> None:
    first = jobs[0]
    first.key = tag


def helper_sets_attribute_of_element_alias(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20)]
    a = get_value(base, jobs[0].key, 150)
    retag_first(jobs, "t3")
    b = get_value(base, jobs[0].key, 20)
    return [a, b]


def reading_helper_cancels_others_straight_line(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    a = run_job(base, jobs[0], jobs)
    b = get_value(base, f"cancelled-{jobs[1].cancelled}", 20)
    return [a, b]


def reading_helper_cancels_others_then_if(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = [run_job(base, jobs[0], jobs)]
    if not jobs[1].cancelled:
        out.append(get_value(base, "b", 20))
    out.append(get_value(base, "c", 60))
    return out


def run_job_cancel_next(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    i = jobs.index(job)
    if i + 1 < len(jobs):
        jobs[i + 1].cancelled = True
    return v


def continue_on_job_next_cancelled_by_call(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60), Job("d", 30)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job_cancel_next(base, job, jobs))
    return out


class Linked:
    def __init__(self, key: str, ms: int) -> None:
        self.key = key
        self.ms = ms
        self.skip = False
        self.next: Linked | None = None


def fetch_linked(base: str, node: Linked) -> str:
    v = get_value(base, node.key, node.ms)
    if node.next is not None:
        node.next.skip = True
    return v


def continue_on_node_skipped_by_previous(base: str) -> list[str]:
    nodes = [Linked("a", 150), Linked("b", 20), Linked("c", 60), Linked("d", 30)]
    for here, after in zip(nodes, nodes[1:], strict=False):
        here.next = after
    out = []
    for node in nodes:
        if node.skip:
            continue
        out.append(fetch_linked(base, node))
    return out


# =========================================================================== batch 8


ROWS: list[str] = []


def peek_global_rows(base: str) -> str:
    return get_value(base, f"gr-{len(ROWS)}", 20)


def _reset_rows(env: Env) -> None:
    global ROWS
    ROWS = []
    STATE.clear()


def global_declared_list_made_here(base: str) -> list[str]:
    global ROWS
    ROWS = []
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        ROWS.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"gr-{len(ROWS)}", 20))
    return ROWS + peeks


def global_declared_list_helper_reads(base: str) -> list[str]:
    global ROWS
    ROWS = []
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        ROWS.append(get_value(base, key, ms))
        peeks.append(peek_global_rows(base))
    return ROWS + peeks


def local_rebound_to_shared_list(base: str) -> list[str]:
    out: list[str] = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
    first = list(out)
    out = STATE.setdefault("rows", [])
    peeks = []
    for key, ms in [("c", 150), ("d", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"rb-{len(STATE['rows'])}", 20))
    return first + out + peeks


def print_to_file_then_read_text(base: str, tmp: str) -> list[str]:
    path = f"{tmp}/progress.txt"
    with open(path, "w") as f:
        print("line one", file=f, flush=True)
        a = get_value(base, "a", 150)
        print("line two", file=f, flush=True)
        text = Path(path).read_text()
    b = get_value(base, f"lines-{text.count(chr(10))}", 20)
    return [a, b]


def file_handler_log_then_read(base: str, tmp: str) -> list[str]:
    path = f"{tmp}/run.log"
    log = logging.getLogger("corpus.redteam41.file")
    fh = logging.FileHandler(path)
    log.addHandler(fh)
    log.setLevel(logging.INFO)
    try:
        a = get_value(base, "a", 150)
        log.info("fetched a")
        fh.flush()
        lines = Path(path).read_text().count("\n")
        b = get_value(base, f"loglines-{lines}", 20)
    finally:
        log.removeHandler(fh)
        fh.close()
    return [a, b]


def two_step(base: str, key: str) -> str:
    first = get_value(base, key, 150)
    return get_value(base, f"{first}-{CONF['key']}", 20)


def two_step_helper_then_global_store(base: str) -> list[str]:
    a = two_step(base, "a")
    LOG.info("between")
    CONF["key"] = "k2"
    b = get_value(base, f"c-{CONF['key']}", 20)
    return [a, b]


class Req:
    def __init__(self) -> None:
        self.tag = "t1"


def two_step_obj(base: str, req: Req) -> str:
    first = get_value(base, "a", 150)
    return get_value(base, f"{first}-{req.tag}", 20)


def two_step_helper_then_attribute_store(base: str) -> list[str]:
    req = Req()
    a = two_step_obj(base, req)
    LOG.info("between")
    req.tag = "t2"
    b = get_value(base, f"r-{req.tag}", 20)
    return [a, b]


class SwallowAll:
    def __enter__(self) -> SwallowAll:
        return self

    def __exit__(self, *exc: Any) -> bool:
        return True


def read_to_closed_port_in_swallowing_with(base: str) -> list[str]:
    x = "default"
    with SwallowAll():
        x = requests.get("http://127.0.0.1:9/items/x", timeout=2).text
        print("fetched", x)
    y = get_value(base, "y", 20)
    return [x, y]


class ASwallow:
    async def __aenter__(self) -> ASwallow:
        return self

    async def __aexit__(self, *exc: Any) -> bool:
        return True


async def aio_read_in_async_swallowing_with(client: httpx.AsyncClient) -> list[str]:
    x = "default"
    async with ASwallow():
        r = await client.get("http://127.0.0.1:9/items/x")
        x = r.text
        print("fetched", x)
    ry = await client.get("/items/y", params={"ms": 20})
    return [x, ry.json()["value"]]


# =========================================================================== batch 9


def download(base: str, key: str, ms: int, tmp: str) -> str:
    v = get_value(base, key, ms)
    Path(f"{tmp}/{key}.txt").write_text(v)
    return v


def continue_if_already_downloaded(base: str, tmp: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if os.path.exists(f"{tmp}/{key}.txt"):
            continue
        out.append(download(base, key, ms, tmp))
    return out


def continue_if_path_exists(base: str, tmp: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("b", 60), ("c", 30)]:
        target = Path(tmp) / f"{key}.txt"
        if target.exists():
            continue
        v = get_value(base, key, ms)
        target.write_text(v)
        out.append(v)
    return out


CACHE: dict[str, str] = {}


def cached_fetch(base: str, key: str, ms: int) -> str:
    v = get_value(base, key, ms)
    CACHE[key] = v
    return v


def _reset_cache(env: Env) -> None:
    CACHE.clear()


def continue_if_global_cache_has(base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if CACHE.get(key):
            continue
        out.append(cached_fetch(base, key, ms))
    return out


def suffix_changed_by_handler(base: str) -> list[str]:
    suffix = ""
    out = []
    for key, ms in [("missing-q", 150), ("a", 20), ("b", 60)]:
        try:
            out.append(checked_value(base, key + suffix, ms))
        except requests.HTTPError:
            suffix = "-retry"
            out.append("failed")
    return out


def continue_if_db_has_row(base: str, tmp: str) -> list[str]:
    import sqlite3

    db = sqlite3.connect(f"{tmp}/seen.db")
    db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, value TEXT)")
    out = []
    try:
        for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
            if db.execute("SELECT 1 FROM seen WHERE key = ?", (key,)).fetchone():
                continue
            v = get_value(base, key, ms)
            db.execute("INSERT INTO seen VALUES (?, ?)", (key, v))
            out.append(v)
        db.commit()
    finally:
        db.close()
    return out


# =========================================================================== batch 10
# The loop shapes above again, with the session handed to the helper (or used inline):
# the loops the JIT overlaps are those of helpers handed a client.

S = requests.Session


def sfetch(s: requests.Session, base: str, key: str, ms: int) -> str:
    return s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]


def schecked(s: requests.Session, base: str, key: str, ms: int) -> str:
    r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def sput(s: requests.Session, base: str, key: str, text: str) -> int:
    return s.put(f"{base}/items/{key}", data=text, timeout=5).json()["version"]


KEYS4 = [("a", 150), ("b", 20), ("c", 60), ("d", 30)]


def s_plain_loop_overlaps(s: S, base: str) -> list[str]:
    out = []
    for key, ms in KEYS4:
        out.append(sfetch(s, base, key, ms))
    return out


def s_continue_check_prints(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("_b", 10), ("c", 20), ("d", 60)]:
        if not is_valid(key):
            continue
        v = sfetch(s, base, key, ms)
        print("got", v)
        out.append(v)
    return out


def s_run_job(s: S, base: str, job: Job, jobs: list[Job]) -> str:
    v = sfetch(s, base, job.key, job.ms)
    for other in jobs:
        if other.key == "b":
            other.cancelled = True
    return v


def s_continue_on_job_cancelled_by_helper(s: S, base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(s_run_job(s, base, job, jobs))
    return out


def s_spend_fetch(s: S, base: str, budget: Budget, key: str, ms: int) -> str:
    v = sfetch(s, base, key, ms)
    budget.spent += len(v)
    return v


def s_continue_on_budget_a_helper_spends(s: S, base: str) -> tuple[list[str], int]:
    budget = Budget(7)
    out = []
    for key, ms in [("aa", 150), ("bb", 20), ("cc", 60), ("dd", 30)]:
        if budget.spent >= budget.limit:
            continue
        out.append(s_spend_fetch(s, base, budget, key, ms))
    return out, budget.spent


def s_fetch_and_block(s: S, base: str, key: str, ms: int) -> str:
    v = sfetch(s, base, key, ms)
    BLOCKED.add(NEXT_BLOCK.get(key, ""))
    return v


def s_continue_on_global_a_helper_fills(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("c", 20), ("e", 60), ("d", 30)]:
        if key in BLOCKED:
            continue
        out.append(s_fetch_and_block(s, base, key, ms))
    return out


def s_continue_on_len_of_appended_list(s: S, base: str) -> list[str]:
    out: list[str] = []
    for key, ms in KEYS4:
        if len(out) >= 2:
            continue
        out.append(sfetch(s, base, key, ms))
    return out


def s_continue_on_key_in_filled_dict(s: S, base: str) -> dict[str, str]:
    res: dict[str, str] = {}
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if key in res:
            continue
        res[key] = sfetch(s, base, key, ms)
    return res


def s_continue_on_running_total(s: S, base: str) -> tuple[list[str], int]:
    total = 0
    out = []
    for key, ms in [("aaaa", 150), ("bbbb", 20), ("cc", 60), ("d", 30)]:
        if total > 10:
            continue
        v = sfetch(s, base, key, ms)
        total += len(v)
        out.append(v)
    return out, total


def s_continue_on_random_sample(s: S, base: str) -> list[Any]:
    random.seed(41)
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30), ("e", 10)]:
        if random.random() < 0.3:
            continue
        v = sfetch(s, base, key, ms)
        out.append((v, round(random.random(), 4)))
    return out


def s_continue_on_local_rng(s: S, base: str) -> list[Any]:
    rng = random.Random(7)
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30), ("e", 10)]:
        if rng.random() < 0.4:
            continue
        out.append((sfetch(s, base, key, ms), rng.randint(0, 99)))
    return out


def s_continue_past_deadline(s: S, base: str) -> list[str]:
    deadline = time.monotonic() + 0.1
    out = []
    for key, ms in KEYS4:
        if time.monotonic() > deadline:
            continue
        out.append(sfetch(s, base, key, ms))
    return out


def s_download(s: S, base: str, key: str, ms: int, tmp: str) -> str:
    v = sfetch(s, base, key, ms)
    Path(f"{tmp}/{key}.txt").write_text(v)
    return v


def s_continue_if_already_downloaded(s: S, base: str, tmp: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if os.path.exists(f"{tmp}/{key}.txt"):
            continue
        out.append(s_download(s, base, key, ms, tmp))
    return out


def s_cached_fetch(s: S, base: str, key: str, ms: int) -> str:
    v = sfetch(s, base, key, ms)
    CACHE[key] = v
    return v


def s_continue_if_global_cache_has(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if CACHE.get(key):
            continue
        out.append(s_cached_fetch(s, base, key, ms))
    return out


def s_continue_in_nested_loop_then_put(s: S, base: str) -> list[str]:
    groups = [[("a", 150), ("skip", 10), ("b", 20)], [("prev", 60), ("skip", 10), ("c", 30)]]
    out: list[str] = []
    for gi, group in enumerate(groups):
        for key, ms in group:
            if key == "skip":
                continue
            name = f"group-{gi - 1}" if key == "prev" else f"{key}{gi}"
            out.append(sfetch(s, base, name, ms))
        sput(s, base, f"group-{gi}", ",".join(out))
    return out


def s_continue_inside_try_finally(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        try:
            if key == "skip":
                continue
            out.append(sfetch(s, base, key, ms))
        finally:
            print("done", key)
    return out


def s_continue_with_for_else(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("xa", 10), ("b", 20), ("xb", 10)]:
        if key.startswith("x"):
            continue
        out.append(sfetch(s, base, key, ms))
    else:
        sput(s, base, "complete", "yes")
    out.append(sfetch(s, base, "complete", 20))
    return out


def s_try_handler_returns(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-2", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            return out
    return out


def s_try_handler_raises_through_helper(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-3", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError as exc:
            fail(exc)
    return out


def s_try_handler_sys_exit(s: S, base: str) -> Any:
    out = []
    try:
        for key, ms in [("a", 150), ("missing-x", 10), ("b", 20), ("c", 60)]:
            try:
                out.append(schecked(s, base, key, ms))
            except requests.HTTPError:
                sys.exit(3)
    except SystemExit as exc:
        return ["exit", exc.code, out]
    return out


def s_try_finally_writes_what_next_reads(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("done-a", 20), ("b", 60)]:
        try:
            out.append(sfetch(s, base, key, ms))
        finally:
            sput(s, base, f"done-{key}", f"finished {key}")
    return out


def s_try_handler_writes_what_next_reads(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("missing-7", 150), ("fallback", 20), ("b", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            sput(s, base, "fallback", f"from {key}")
            out.append("none")
    return out


def s_try_handler_changes_global_next_reads(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("missing-g", 150), ("a", 20), ("b", 60)]:
        try:
            out.append(schecked(s, base, f"{key}-{CONF['key']}", ms))
        except requests.HTTPError:
            CONF["key"] = "after-error"
            out.append("none")
    return out


def s_continue_on_flag_set_by_handler(s: S, base: str) -> list[str]:
    failed = False
    out = []
    for key, ms in [("a", 150), ("missing-1", 10), ("b", 20), ("c", 60)]:
        if failed:
            continue
        try:
            v = schecked(s, base, key, ms)
        except requests.HTTPError:
            print("failed at", key)
            failed = True
            continue
        out.append(v)
    return out


def s_suffix_changed_by_handler(s: S, base: str) -> list[str]:
    suffix = ""
    out = []
    for key, ms in [("missing-q", 150), ("a", 20), ("b", 60)]:
        try:
            out.append(schecked(s, base, key + suffix, ms))
        except requests.HTTPError:
            suffix = "-retry"
            out.append("failed")
    return out


def s_try_handler_changes_session(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("missing-s1", 150), ("a", 20), ("b", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            s.params = {"retry": "1"}
            out.append("failed")
    return out


def s_noisy(s: S, base: str, key: str, ms: int) -> str:
    print("fetching", key)
    return sfetch(s, base, key, ms)


def s_printing_helper_before_continue(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        v = s_noisy(s, base, key, ms)
        if key == "skip":
            continue
        print("kept", v)
        out.append(v)
    return out


def s_logging_helper(s: S, base: str, key: str, ms: int) -> str:
    LOG.info("fetching %s", key)
    return sfetch(s, base, key, ms)


def s_logging_helper_before_continue(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        v = s_logging_helper(s, base, key, ms)
        if key == "skip":
            continue
        LOG.info("kept %s", v)
        out.append(v)
    return out


def s_sync(s: S, base: str, key: str, data: str | None = None) -> str:
    if data is None:
        return sfetch(s, base, key, 150 if key == "a" else 20)
    sput(s, base, key, data)
    return data


def s_continue_then_dynamic_helper_writes_some(s: S, base: str) -> list[str]:
    out = []
    for key, data in [("dy", None), ("skip", None), ("dy", "new"), ("dy", None)]:
        if key == "skip":
            continue
        out.append(s_sync(s, base, key, data))
    return out


def s_continue_over_printing_generator(s: S, base: str) -> list[str]:
    out = []
    for key, ms in printed_keys():
        if key == "skip":
            continue
        v = sfetch(s, base, key, ms)
        print("got", v)
        out.append(v)
    return out


def s_dict_grown_while_iterated(s: S, base: str) -> Any:
    res = {"a": "", "b": ""}
    try:
        for key in res:
            if key.startswith("x"):
                continue
            res["x" + key] = sfetch(s, base, key, 150 if key == "a" else 20)
    except RuntimeError as exc:
        return ["raised", str(exc), sorted(res)]
    return sorted(res)


def s_list_removed_while_iterated(s: S, base: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    out = []
    for key in keys:
        out.append(sfetch(s, base, key, 150 if key == "a" else 20))
        if key == "a":
            keys.remove("b")
    return out


def s_retry_queue_grown_by_handler(s: S, base: str) -> list[str]:
    keys = ["a", "missing-r1", "b"]
    out = []
    for key in keys:
        try:
            out.append(schecked(s, base, key, 150 if key == "a" else 20))
        except requests.HTTPError:
            keys.append(key.replace("missing", "found"))
    return out


def s_fetch_more(s: S, base: str, key: str, todo: list[str]) -> str:
    v = sfetch(s, base, key, LAT_OF[key])
    todo.extend(n for n in LINKS.get(key, []) if n not in todo)
    return v


def s_for_list_grown_by_helper(s: S, base: str) -> list[str]:
    todo = ["a"]
    out = []
    for key in todo:
        out.append(s_fetch_more(s, base, key, todo))
    return out


def s_local_list_in_global_inline(s: S, base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = out
    peeks = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(sfetch(s, base, key, ms))
        peeks.append(sfetch(s, base, f"s-{len(STATE['rows'])}", 20))
    return out + peeks


def s_inline_get_continue_on_seen(s: S, base: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if key in seen:
            continue
        seen.add(key)
        r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
        out.append(r.json()["value"])
    return out


def s_inline_get_try_continue(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-i", 10), ("b", 20), ("c", 60)]:
        try:
            r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
            r.raise_for_status()
        except requests.HTTPError:
            print("skip", key)
            continue
        out.append(r.json()["value"])
    return out


def s_inline_get_handler_returns(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-j", 10), ("b", 20), ("c", 60)]:
        try:
            r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
            r.raise_for_status()
        except requests.HTTPError:
            return out
        out.append(r.json()["value"])
    return out


def s_continue_on_item_flag_a_helper_sets(s: S, base: str) -> list[str]:
    items = [{"key": "a", "ms": 150, "done": False}, {"key": "b", "ms": 20, "done": False},
             {"key": "c", "ms": 60, "done": False}]
    out = []
    for item in items:
        if item["done"]:
            continue
        v = sfetch(s, base, item["key"], item["ms"])
        out.append(v)
        mark_next(items, item)
    return out


def mark_next(items: list[dict[str, Any]], item: dict[str, Any]) -> None:
    i = items.index(item)
    if i + 1 < len(items):
        items[i + 1]["done"] = True


# =========================================================================== batch 11
# Shapes the JIT does overlap (a pure check on the loop's own values before the call, a
# helper handed the session opening the try), with what may still decide the next item.

KEYS_SKIP = [("a", 150), ("skip", 10), ("b", 20), ("x", 30), ("c", 60)]
LIMITS = {"a": 1, "skip": 0, "b": 2, "c": 3}


def s_continue_check_raises_keyerror(s: S, base: str) -> list[str]:
    out = []
    for key, ms in KEYS_SKIP:
        if LIMITS[key] == 0:
            continue
        out.append(sfetch(s, base, key, ms))
    return out


def s_continue_check_raises_then_put(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in KEYS_SKIP:
        if LIMITS[key] == 0:
            continue
        out.append(sfetch(s, base, key, ms))
    out.append(sput(s, base, "after", "loop"))
    return out


def s_continue_check_int_parse(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", "150"), ("skip", "10"), ("b", "20"), ("c", "6o"), ("d", "30")]:
        if key == "skip":
            continue
        out.append(sfetch(s, base, key, int(ms)))
    return out


def s_continue_closure_changes_limit(s: S, base: str) -> list[str]:
    limit = 100

    def fetch_and_tighten(key: str, ms: int) -> str:
        nonlocal limit
        v = sfetch(s, base, key, ms)
        limit = 25
        return v

    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30)]:
        if ms > limit:
            continue
        out.append(fetch_and_tighten(key, ms))
    return out


def s_sfetch_conf(s: S, base: str, key: str, ms: int) -> str:
    r = s.get(f"{base}/items/{key}-{CONF['key']}", params={"ms": ms}, timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def s_try_handler_sets_global_helper_reads(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in [("missing-h", 150), ("a", 20), ("b", 60)]:
        try:
            out.append(s_sfetch_conf(s, base, key, ms))
        except requests.HTTPError:
            CONF["key"] = "after-error"
            out.append(None)
    return out


def s_try_handler_sets_session_params(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in [("missing-p", 150), ("a", 20), ("b", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            s.params = {"retry": "1"}
            out.append(None)
    return out


def s_try_handler_prints_and_appends(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in [("a", 150), ("missing-k", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError as exc:
            print("missing", exc.response.status_code)
            out.append(None)
        finally:
            print("done", key)
    return out


def s_try_handler_returns_helper_shape(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-m", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            print("stopping at", key)
            return out
    return out


def s_try_handler_sys_exit_helper_shape(s: S, base: str) -> Any:
    out: list[str] = []
    try:
        for key, ms in [("a", 150), ("missing-n", 10), ("b", 20), ("c", 60)]:
            try:
                out.append(schecked(s, base, key, ms))
            except requests.HTTPError:
                sys.exit(4)
    except SystemExit as exc:
        return ["exit", exc.code, out]
    return out


def s_try_handler_raises_via_helper_shape(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-o", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError as exc:
            fail(exc)
    return out


def s_try_handler_counts_then_breaks_helper_shape(s: S, base: str) -> Any:
    errors = 0
    out = []
    for key, ms in [("missing-5", 150), ("a", 10), ("missing-6", 20), ("b", 60), ("c", 30)]:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            errors += 1
            if errors >= 2:
                break
    return out, errors


def s_try_handler_removes_next_key(s: S, base: str) -> list[Any]:
    keys = [("missing-z", 150), ("a", 20), ("b", 60)]
    out: list[Any] = []
    for key, ms in keys:
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            del keys[1]
            out.append(None)
    return out


def s_try_else_continue_check(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in [("a", 150), ("skip", 10), ("missing-e", 20), ("c", 60)]:
        if key == "skip":
            continue
        try:
            out.append(schecked(s, base, key, ms))
        except requests.HTTPError:
            out.append(None)
    return out


def s_continue_in_inner_loop_only(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        for suffix in ("", "skip"):
            if suffix:
                continue
        if key == "b":
            break
        out.append(sfetch(s, base, key + suffix, ms))
    return out


def s_while_true_continue(s: S, base: str) -> list[str]:
    keys = iter([("a", 150), ("skip", 10), ("b", 20)])
    out = []
    while True:
        item = next(keys, None)
        if item is None:
            break
        key, ms = item
        if key == "skip":
            continue
        out.append(sfetch(s, base, key, ms))
    return out


def s_continue_then_check_after_call_returns(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        if key == "skip":
            continue
        v = sfetch(s, base, key, ms)
        if v == "v-b":
            return out
        out.append(v)
    return out


def s_continue_check_on_loop_var_attr(s: S, base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(sfetch(s, base, job.key, job.ms))
        jobs[1].cancelled = True
    return out


def s_run_job_plain(s: S, base: str, job: Job, jobs: list[Job]) -> str:
    v = sfetch(s, base, job.key, job.ms)
    for other in jobs:
        if other.key == "b":
            other.cancelled = True
    return v


def s_continue_on_job_key_check(s: S, base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.key == "skip":
            continue
        out.append(s_run_job_plain(s, base, job, jobs))
    return [*out, *(str(j.cancelled) for j in jobs)]


# =========================================================================== batch 12


def s_logging_helper_loop(s: S, base: str) -> list[str]:
    out = []
    for key, ms in KEYS4:
        out.append(s_logging_helper(s, base, key, ms))
        LOG.info("appended %s", key)
    return out


def s_printing_helper_loop(s: S, base: str) -> list[str]:
    out = []
    for key, ms in KEYS4:
        out.append(s_noisy(s, base, key, ms))
        print("appended", key)
    return out


def s_printing_helper_straight_line(s: S, base: str) -> list[str]:
    a = s_noisy(s, base, "a", 150)
    print("between")
    b = s_noisy(s, base, "b", 20)
    return [a, b]


def s_helper_appends_seen(s: S, base: str, key: str, ms: int) -> str:
    SEEN.append(f"start {key}")
    return sfetch(s, base, key, ms)


def s_helper_appends_global_loop(s: S, base: str) -> list[Any]:
    out = []
    for key, ms in KEYS4:
        out.append(s_helper_appends_seen(s, base, key, ms))
        SEEN.append(f"done {key}")
    return [out, list(SEEN)]


async def note_fetch(client: httpx.AsyncClient, key: str, ms: int) -> str:
    SEEN.append(f"start {key}")
    r = await client.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def aio_coroutine_made_before_state_change(client: httpx.AsyncClient) -> list[Any]:
    coro = note_fetch(client, "a", 150)
    SEEN.append("before")
    a = await coro
    b = await note_fetch(client, "b", 20)
    return [a, b, list(SEEN)]


async def aio_helper_notes_then_log(client: httpx.AsyncClient) -> list[Any]:
    a = await note_fetch(client, "a", 150)
    LOG.info("seen %d", len(SEEN))
    b = await note_fetch(client, "b", 20)
    print("seen", SEEN)
    return [a, b]


async def aio_task_created_then_sync_code(client: httpx.AsyncClient) -> list[Any]:
    t = asyncio.create_task(note_fetch(client, "t", 20))
    SEEN.append("after create")
    ra = await client.get("/items/x", params={"ms": 150})
    SEEN.append("after x")
    rb = await client.get(f"/items/seen-{len(SEEN)}", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"], list(SEEN)]


async def aio_budget_two_calls(question: str) -> list[Any]:
    out: list[Any] = []
    with models.budget(usd=0.004) as spend:
        for i in range(3):
            try:
                r = await models.acall("sim/gpt-4o", f"{question} {i}", latency=0.05,
                                       max_tokens=200)
                out.append(len(r))
            except Exception as exc:  # noqa: BLE001
                out.append(type(exc).__name__)
                break
    return [out, spend.refused]


async def aio_future_done_callback_updates_global(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[str] = loop.create_future()
    fut.add_done_callback(lambda f: CFG.update(key=f.result()))
    fut.set_result("resolved")  # (its callbacks run at the next await, not here)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/cfg-{CFG['key']}", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"]]


async def aio_call_soon_threadsafe_from_joined_thread(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    th = threading.Thread(target=lambda: loop.call_soon_threadsafe(CFG.update, {"key": "thr"}))
    th.start()
    th.join()
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get(f"/items/cfg-{CFG['key']}", params={"ms": 20})
    return [ra.json()["value"], rb.json()["value"]]


async def aio_event_set_by_callback_wakes_writer(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()

    async def writer() -> None:
        await ev.wait()
        await client.put("/items/evcb", content="set")

    t = asyncio.create_task(writer())
    await asyncio.sleep(0)
    loop.call_soon(ev.set)
    ra = await client.get("/items/x", params={"ms": 150})
    rb = await client.get("/items/evcb", params={"ms": 20})
    await t
    return [ra.json()["value"], rb.json()["value"]]


# =========================================================================== batch 13
# A local list kept by a global in less common spellings, and helpers that change a
# caller's object through a container they made.


def shared_by_tuple_unpacking_store(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"], STATE["n"] = out, 0
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"tu-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_ifexp_store(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = out if base else []
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"ie-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_boolop_store(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = out or out
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"bo-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_alias_then_store(base: str) -> list[str]:
    out: list[str] = []
    alias = out
    STATE["rows"] = alias
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"al-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_for_target_store(base: str) -> list[str]:
    out: list[str] = []
    for STATE["rows"] in [out]:
        pass
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"ft-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_with_target_store(base: str) -> list[str]:
    out: list[str] = []
    with contextlib.nullcontext(out) as STATE["rows"]:
        pass
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"wt-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_lambda_default_stored(base: str) -> list[str]:
    out: list[str] = []
    STATE["count"] = lambda rows=out: len(rows)
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"ld-{STATE['count']()}", 20))
    return out + peeks


def shared_by_locals_stored(base: str) -> list[str]:
    out: list[str] = []
    STATE["frame"] = locals()
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"lo-{len(STATE['frame']['out'])}", 20))
    return out + peeks


def shared_by_tuple_index_store(base: str) -> list[str]:
    out: list[str] = []
    STATE["rows"] = (out,)[0]
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"ti-{len(STATE['rows'])}", 20))
    return out + peeks


def shared_by_setattr_call(base: str) -> list[str]:
    out: list[str] = []
    setattr(BOARD, "rows", out)  # noqa: B010
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"sa-{len(BOARD.rows)}", 20))
    return out + peeks


def shared_dict_setdefault_result(base: str) -> list[str]:
    res: dict[str, str] = {}
    STATE.setdefault("res", res)
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        res[key] = get_value(base, key, ms)
        peeks.append(get_value(base, f"sr-{len(STATE['res'])}", 20))
    return [*res.values(), *peeks]


def cancel_via_pair(jobs: list[Job]) -> None:
    pair = [jobs[1]]
    pair[0].cancelled = True


def helper_mutates_through_local_list_literal(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20)]
    a = get_value(base, f"{jobs[0].key}-{jobs[1].cancelled}", 150)
    cancel_via_pair(jobs)
    b = get_value(base, f"b-{jobs[1].cancelled}", 20)
    return [a, b]


def cancel_via_dict(job: Job) -> None:
    holder = {"job": job}
    holder["job"].cancelled = True


def helper_mutates_through_local_dict_literal(base: str) -> list[str]:
    job = Job("a", 150)
    a = get_value(base, f"a-{job.cancelled}", 150)
    cancel_via_dict(job)
    b = get_value(base, f"b-{job.cancelled}", 20)
    return [a, b]


def run_job_pair(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    later = [j for j in jobs if j.key == "b"]
    later[0].cancelled = True
    return v


def continue_on_job_cancelled_via_comprehension(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job_pair(base, job, jobs))
    return out


def run_job_via_pair(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    pair = [jobs[1]]
    pair[0].cancelled = True
    return v


def continue_on_job_cancelled_via_pair(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job_via_pair(base, job, jobs))
    return out


def run_job_walks(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    for other in jobs[1:2]:
        other.cancelled = True
    return v


def continue_on_job_cancelled_via_slice_walk(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job_walks(base, job, jobs))
    return out


def run_job_setattr(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    setattr(jobs[1], "cancelled", True)  # noqa: B010
    return v


def continue_on_job_cancelled_via_setattr(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job_setattr(base, job, jobs))
    return out


def run_job_vars(base: str, job: Job, jobs: list[Job]) -> str:
    v = get_value(base, job.key, job.ms)
    vars(jobs[1])["cancelled"] = True
    return v


def continue_on_job_cancelled_via_vars(base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if job.cancelled:
            continue
        out.append(run_job_vars(base, job, jobs))
    return out


def shared_by_param_dict_store(base: str, reg: dict[str, Any]) -> list[str]:
    out: list[str] = []
    reg["rows"] = out
    peeks = []
    for key, ms in [("a", 150), ("b", 20)]:
        out.append(get_value(base, key, ms))
        peeks.append(get_value(base, f"pd-{len(reg['rows'])}", 20))
    return out + peeks


# =========================================================================== batch 14
# A read that fails by itself (a refused connection), bound outside, first used inside a
# block that would swallow its error.

DEAD = "http://127.0.0.1:9"


def refused_read_used_in_swallowing_with(base: str) -> list[str]:
    x = "default"
    r = requests.get(f"{DEAD}/items/x", timeout=2)
    y = get_value(base, "y", 20)
    with SwallowAll():
        x = r.text
    return [x, y]


def refused_read_used_in_suppress(base: str) -> list[str]:
    x = "default"
    r = requests.get(f"{DEAD}/items/x", timeout=2)
    y = get_value(base, "y", 20)
    with contextlib.suppress(Exception):
        x = r.text
    return [x, y]


def refused_read_used_in_try(s: S, base: str) -> list[str]:
    r = s.get(f"{DEAD}/items/x", timeout=2)
    y = sfetch(s, base, "y", 20)
    try:
        x = r.text
    except requests.ConnectionError:
        x = "caught"
    return [x, y]


def refused_read_then_print(s: S, base: str) -> list[str]:
    r = s.get(f"{DEAD}/items/x", timeout=2)
    print("sent")
    y = sfetch(s, base, "y", 20)
    return [r.text, y]


def refused_read_in_loop_then_put(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for target in [base, DEAD, base]:
        r = s.get(f"{target}/items/loop", params={"ms": 20}, timeout=2)
        out.append(r.json()["value"])
        sput(s, base, f"after-{len(out)}", "x")
    return out


async def aio_refused_read_used_in_async_swallow(client: httpx.AsyncClient) -> list[str]:
    x = "default"
    r = await client.get(f"{DEAD}/items/x")
    ry = await client.get("/items/y", params={"ms": 20})
    async with ASwallow():
        x = r.text
    return [x, ry.json()["value"]]


async def aio_refused_read_used_in_try(client: httpx.AsyncClient) -> list[str]:
    r = await client.get(f"{DEAD}/items/x")
    ry = await client.get("/items/y", params={"ms": 20})
    try:
        x = r.text
    except httpx.ConnectError:
        x = "caught"
    return [x, ry.json()["value"]]


async def aio_refused_read_then_print(client: httpx.AsyncClient) -> list[str]:
    r = await client.get(f"{DEAD}/items/x")
    print("sent")
    ry = await client.get("/items/y", params={"ms": 20})
    return [r.text, ry.json()["value"]]


# =========================================================================== batch 15
# Lookups of a changeable global reached in other ways than `_get = CONF.get`.


class Store:
    def __init__(self) -> None:
        self.values: dict[str, str] = {"key": "k1"}


STORE = Store()
_store_get = STORE.values.get
OPS = {"get": CONF.get}
_key_of = functools.partial(CONF.get, "key")
_call_get = operator.methodcaller("get", "key")


class Api:
    lookup = staticmethod(CONF.get)


def _reset_lookups(env: Env) -> None:
    _reset_conf(env)
    STORE.values.clear()
    STORE.values["key"] = "k1"


def store_values(key: str) -> None:
    STORE.values["key"] = key


def bound_get_of_global_attribute(base: str) -> list[str]:
    a = get_value(base, f"sv-{_store_get('key')}", 150)
    store_values("k2")
    b = get_value(base, f"sv-{_store_get('key')}", 20)
    return [a, b]


def bound_get_in_global_dict(base: str) -> list[str]:
    a = get_value(base, f"op-{OPS['get']('key')}", 150)
    configure("k2")
    b = get_value(base, f"op-{OPS['get']('key')}", 20)
    return [a, b]


def partial_of_bound_get(base: str) -> list[str]:
    a = get_value(base, f"pb-{_key_of()}", 150)
    configure("k2")
    b = get_value(base, f"pb-{_key_of()}", 20)
    return [a, b]


def methodcaller_on_global(base: str) -> list[str]:
    a = get_value(base, f"mc-{_call_get(CONF)}", 150)
    configure("k2")
    b = get_value(base, f"mc-{_call_get(CONF)}", 20)
    return [a, b]


def staticmethod_bound_get(base: str) -> list[str]:
    a = get_value(base, f"sm-{Api.lookup('key')}", 150)
    configure("k2")
    b = get_value(base, f"sm-{Api.lookup('key')}", 20)
    return [a, b]


def bound_get_inline_store(base: str) -> list[str]:
    a = get_value(base, f"is-{_store_get('key')}", 150)
    STORE.values["key"] = "k3"
    b = get_value(base, f"is-{_store_get('key')}", 20)
    return [a, b]


# =========================================================================== batch 16
# Helpers handed the session, decided when they start, whose second read follows state the
# caller changes right after the call.


def s_two_step_obj(s: S, base: str, req: Req) -> str:
    first = sfetch(s, base, "a", 150)
    return sfetch(s, base, f"{first}-{req.tag}", 20)


def s_two_step_then_attribute_store(s: S, base: str) -> list[str]:
    req = Req()
    a = s_two_step_obj(s, base, req)
    LOG.info("between")
    req.tag = "t2"
    b = sfetch(s, base, f"r-{req.tag}", 20)
    return [a, b]


def s_two_step_conf(s: S, base: str, key: str) -> str:
    first = sfetch(s, base, key, 150)
    return sfetch(s, base, f"{first}-{CONF['key']}", 20)


def s_two_step_then_global_store(s: S, base: str) -> list[str]:
    a = s_two_step_conf(s, base, "a")
    LOG.info("between")
    CONF["key"] = "k2"
    b = sfetch(s, base, f"c-{CONF['key']}", 20)
    return [a, b]


def s_two_step_prefix(s: S, base: str, key: str) -> str:
    first = sfetch(s, base, key, 150)
    return sfetch(s, base, f"{first}-{PREFIX}", 20)


def s_two_step_then_global_rebind(s: S, base: str) -> list[str]:
    global PREFIX
    a = s_two_step_prefix(s, base, "a")
    print("between")
    PREFIX = "p9"
    b = sfetch(s, base, f"g-{PREFIX}", 20)
    return [a, b]


def s_two_step_list(s: S, base: str, keys: list[str]) -> str:
    first = sfetch(s, base, keys[0], 150)
    return sfetch(s, base, f"{first}-{len(keys)}", 20)


def s_two_step_then_list_append(s: S, base: str) -> list[str]:
    keys = ["a"]
    a = s_two_step_list(s, base, keys)
    LOG.info("between")
    keys.append("b")
    b = sfetch(s, base, f"n-{len(keys)}", 20)
    return [a, b]


def s_two_step_then_session_change(s: S, base: str) -> list[str]:
    a = s_two_step_conf(s, base, "a")
    LOG.info("between")
    s.params = {"v": "2"}
    b = sfetch(s, base, "b", 20)
    return [a, b]


def s_two_helpers_then_log_then_write(s: S, base: str) -> list[Any]:
    a = sfetch(s, base, "w", 150)
    LOG.info("read a")
    b = sfetch(s, base, "v", 20)
    LOG.info("read b")
    sput(s, base, "w", "written")
    return [a, b]


# =========================================================================== batch 17
# A dict the loop fills, tested before each item's call through another name bound to it
# in less common spellings.

DUPS = [("a", 150), ("b", 20), ("a", 60), ("c", 30)]


def s_continue_alias_plain(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    seen = res
    for key, ms in DUPS:
        if key in seen:
            continue
        res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_alias_tuple_unpack(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    seen, n = res, 0
    for key, ms in DUPS:
        if key in seen:
            continue
        res[key] = sfetch(s, base, key, ms)
    return [*res.values(), str(n)]


def s_continue_alias_ifexp(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    seen = res if base else {}
    for key, ms in DUPS:
        if key in seen:
            continue
        res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_alias_boolop(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    seen = res or res
    for key, ms in DUPS:
        if key in seen:
            continue
        res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_alias_for_target(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    for seen in [res]:  # noqa: B007
        pass
    for key, ms in DUPS:
        if key in seen:
            continue
        res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_alias_with_target(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    with contextlib.nullcontext(res) as seen:
        for key, ms in DUPS:
            if key in seen:
                continue
            res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_alias_in_list(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    boxes = [res]
    for key, ms in DUPS:
        if key in boxes[0]:
            continue
        res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_alias_walrus(s: S, base: str) -> list[str]:
    res: dict[str, str] = {}
    if (seen := res) is not None:
        for key, ms in DUPS:
            if key in seen:
                continue
            res[key] = sfetch(s, base, key, ms)
    return list(res.values())


def s_continue_list_alias_tuple_unpack(s: S, base: str) -> list[str]:
    out: list[str] = []
    done, _ = out, None
    for key, ms in KEYS4:
        if len(done) >= 2:
            continue
        out.append(sfetch(s, base, key, ms))
    return out


def s_peek_alias_tuple_unpack_straight(s: S, base: str) -> list[str]:
    out: list[str] = []
    view, _ = out, None
    out.append(sfetch(s, base, "a", 150))
    b = sfetch(s, base, f"n-{len(view)}", 20)
    return [*out, b]


# =========================================================================== batch 18
# Prints and log records whose arguments write when they are made into text.


class Saver:
    """Shown, it saves itself: ``__str__`` PUTs (a lazy object that persists on display)."""

    def __init__(self, s: S, base: str) -> None:
        self.s = s
        self.base = base

    def __str__(self) -> str:
        self.s.put(f"{self.base}/items/shown", data="saved", timeout=5)
        return "saver"

    def __format__(self, spec: str) -> str:
        return str(self)


def s_print_object_whose_str_puts(s: S, base: str) -> list[str]:
    saver = Saver(s, base)
    a = sfetch(s, base, "x", 150)
    print("state:", saver)
    b = sfetch(s, base, "shown", 20)
    return [a, b]


def s_print_fstring_whose_format_puts(s: S, base: str) -> list[str]:
    saver = Saver(s, base)
    a = sfetch(s, base, "x", 150)
    print(f"state: {saver}")
    b = sfetch(s, base, "shown", 20)
    return [a, b]


def s_log_object_whose_str_puts(s: S, base: str) -> list[str]:
    saver = Saver(s, base)
    a = sfetch(s, base, "x", 150)
    LOG.info("state: %s", saver)
    b = sfetch(s, base, "shown", 20)
    return [a, b]


def s_print_generator_of_writes(s: S, base: str) -> list[str]:
    a = sfetch(s, base, "x", 150)
    print(*(sput(s, base, f"gen-{i}", "w") for i in range(2)))
    b = sfetch(s, base, "gen-1", 20)
    return [a, b]


def s_loop_print_object_whose_str_puts(s: S, base: str) -> list[str]:
    saver = Saver(s, base)
    out = []
    for key, ms in [("x", 150), ("shown", 20)]:
        out.append(sfetch(s, base, key, ms))
        print("progress", saver)
    return out


# =========================================================================== batch 19
# Coroutine loops: a list grown by an awaited helper, continue and try in async bodies.


async def a_fetch_more(client: httpx.AsyncClient, key: str, todo: list[str]) -> str:
    r = await client.get(f"/items/{key}", params={"ms": LAT_OF[key]})
    todo.extend(n for n in LINKS.get(key, []) if n not in todo)
    return r.json()["value"]


async def aio_enumerate_list_grown_by_helper(client: httpx.AsyncClient) -> list[str]:
    todo = ["a"]
    out = []
    for i, key in enumerate(todo):
        out.append(f"{i}:{await a_fetch_more(client, key, todo)}")
    return out


async def aio_for_list_grown_by_helper(client: httpx.AsyncClient) -> list[str]:
    todo = ["a"]
    out = []
    for key in todo:
        out.append(await a_fetch_more(client, key, todo))
    return out


async def aio_continue_then_get(client: httpx.AsyncClient) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("skip", 10), ("b", 20), ("c", 60)]:
        if key == "skip":
            continue
        r = await client.get(f"/items/{key}", params={"ms": ms})
        out.append(r.json()["value"])
    return out


async def a_checked(client: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    return r.json()["value"]


async def aio_try_handler_returns(client: httpx.AsyncClient) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("missing-ar", 10), ("b", 20), ("c", 60)]:
        try:
            out.append(await a_checked(client, key, ms))
        except httpx.HTTPStatusError:
            return out
    return out


async def aio_try_handler_writes_next(client: httpx.AsyncClient) -> list[Any]:
    out: list[Any] = []
    for key, ms in [("missing-aw", 150), ("fallback-a", 20), ("b", 60)]:
        try:
            out.append(await a_checked(client, key, ms))
        except httpx.HTTPStatusError:
            await client.put("/items/fallback-a", content=f"from {key}")
            out.append(None)
    return out


async def aio_loop_beside_callback_queue(client: httpx.AsyncClient) -> list[str]:
    loop = asyncio.get_running_loop()
    out = []
    for key, ms in [("x", 150), ("y", 20)]:
        r = await client.get(f"/items/{key}-{CFG['key']}", params={"ms": ms})
        out.append(r.json()["value"])
        loop.call_soon(CFG.update, {"key": "next"})
    return out


# =========================================================================== batch 20
# An object changed through a container literal that holds it, in the caller itself.


def s_change_through_list_literal(s: S, base: str) -> list[str]:
    req = Req()
    box = [req]
    a = sfetch(s, base, "a", 150)
    box[0].tag = "t2"
    b = sfetch(s, base, f"r-{req.tag}", 20)
    return [a, b]


def s_change_through_dict_literal(s: S, base: str) -> list[str]:
    req = Req()
    holder = {"req": req}
    a = sfetch(s, base, "a", 150)
    holder["req"].tag = "t3"
    b = sfetch(s, base, f"r-{req.tag}", 20)
    return [a, b]


def s_change_param_through_list_literal(s: S, base: str, req: Req) -> list[str]:
    box = [req]
    a = sfetch(s, base, "a", 150)
    box[0].tag = "t4"
    b = sfetch(s, base, f"r-{req.tag}", 20)
    return [a, b]


def s_change_through_for_target(s: S, base: str) -> list[str]:
    req = Req()
    a = sfetch(s, base, "a", 150)
    for r in [req]:
        r.tag = "t5"
    b = sfetch(s, base, f"r-{req.tag}", 20)
    return [a, b]


def s_change_list_inside_list_literal(s: S, base: str) -> list[str]:
    keys = ["a"]
    nest = [keys]
    a = sfetch(s, base, "a", 150)
    nest[0].append("b")
    b = sfetch(s, base, f"n-{len(keys)}", 20)
    return [a, b]


def s_loop_change_through_list_literal(s: S, base: str) -> list[str]:
    req = Req()
    box = [req]
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(sfetch(s, base, f"{key}-{req.tag}", ms))
        box[0].tag = key
    return out


def s_loop_append_inside_nested_list(s: S, base: str) -> list[str]:
    seen: list[str] = []
    nest = [seen]
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        nest[0].append(key)
    return out


def _req_args(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web, Req())


def s_loop_store_inside_nested_dict(s: S, base: str) -> list[str]:
    seen: dict[str, int] = {}
    reg = {"seen": seen}
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        reg["seen"][key] = 1
    return out


def s_loop_extend_through_tuple(s: S, base: str) -> list[str]:
    seen: list[str] = []
    pair = (seen, None)
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60)]:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        pair[0].extend([key])
    return out


# =========================================================================== batch 21
# A list the loop's next GET reads by name, changed in other spellings.

KEYS3 = [("a", 150), ("b", 20), ("c", 60)]


def s_loop_bound_append_alias(s: S, base: str) -> list[str]:
    seen: list[str] = []
    add = seen.append
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        add(key)
    return out


def s_loop_getattr_append(s: S, base: str) -> list[str]:
    seen: list[str] = []
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        getattr(seen, "append")(key)  # noqa: B009
    return out


def s_loop_class_append(s: S, base: str) -> list[str]:
    seen: list[str] = []
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        list.append(seen, key)
    return out


def s_loop_map_append(s: S, base: str) -> list[str]:
    seen: list[str] = []
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        list(map(seen.append, [key]))
    return out


def s_loop_methodcaller_append(s: S, base: str) -> list[str]:
    seen: list[str] = []
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        operator.methodcaller("append", key)(seen)
    return out


def s_loop_unpacked_alias_append(s: S, base: str) -> list[str]:
    seen: list[str] = []
    nest = [seen]
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        (alias,) = nest
        alias.append(key)
    return out


def s_loop_attr_holder_append(s: S, base: str) -> list[str]:
    seen: list[str] = []
    box = Report()
    box.rows = seen
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        box.rows.append(key)
    return out


def s_loop_del_item(s: S, base: str) -> list[str]:
    pending = ["x", "y", "z"]
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(pending)}", ms))
        del pending[0]
    return out


def s_loop_sort_changes_first(s: S, base: str) -> list[str]:
    order = ["z", "m", "a"]
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{order[0]}", ms))
        order.sort()
    return out


def s_loop_deque_in_list(s: S, base: str) -> list[str]:
    import collections

    seen: collections.deque[str] = collections.deque()
    nest = [seen]
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        nest[0].append(key)
    return out


def s_loop_nested_list_negative_index(s: S, base: str) -> list[str]:
    seen: list[str] = []
    nest = [[], seen]
    out = []
    for key, ms in KEYS3:
        out.append(sfetch(s, base, f"{key}-{len(seen)}", ms))
        nest[-1].append(key)
    return out


# =========================================================================== batch 22
# Model calls in loops under an order-free meter: what is skipped is never called.


def meter_loop_with_continue(question: str) -> list[Any]:
    m = Meter()
    out = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            if i == 1:
                continue
            out.append(len(models("sim/gpt", f"{question} {i}", latency=lat)))
    return [out, m.calls]


def meter_loop_with_try_return(question: str) -> list[Any]:
    m = Meter()
    out: list[Any] = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            try:
                r = models("sim/gpt", f"{question} {i}", latency=lat,
                           timeout=0.05 if i == 1 else 5)
            except Exception as exc:  # noqa: BLE001
                out.append(type(exc).__name__)
                return [out, m.calls]
            out.append(len(r))
    return [out, m.calls]


def meter_loop_budget_check_continue(question: str) -> list[Any]:
    m = Meter()
    out = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            if m.calls >= 2:
                continue
            out.append(len(models("sim/gpt", f"{question} {i}", latency=lat)))
    return [out, m.calls]


def meter_read_between_calls(question: str) -> list[Any]:
    m = Meter()
    with m.active():
        models("sim/gpt", question, latency=0.15)
        after_first = m.calls
        models("sim/gpt", question + " again", latency=0.02)
    return [after_first, m.calls]


def meter_read_in_loop(question: str) -> list[Any]:
    m = Meter()
    out = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            r = models("sim/gpt", f"{question} {i}", latency=lat)
            out.append((len(r), m.calls))
    return [out, m.calls]


def meter_cost_stops_loop(question: str) -> list[Any]:
    m = Meter()
    out = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            out.append(len(models("sim/gpt-4o", f"{question} {i}", latency=lat, max_tokens=200)))
            if m.cost_usd > 0.002:
                print("meter says stop after", i + 1)
                break
    return [out, m.calls]


def chat_spans(exporter: Any) -> int:
    return sum(span.name.startswith("chat ") for span in exporter.get_finished_spans())


def spans_read_between_calls(question: str) -> list[int]:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from ember import telemetry

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    telemetry.enable(provider)
    try:
        models("sim/gpt", question, latency=0.15)
        after_first = chat_spans(exporter)
        models("sim/gpt", question + " again", latency=0.02)
        after_second = chat_spans(exporter)
    finally:
        telemetry.disable()
    return [after_first, after_second]


class _Spans:
    """The caller's tracing set-up: an in-memory exporter the function reads (made by the
    drive, which turns Ember's spans on around the call and off after it)."""

    exporter: Any = None


def _with_spans(f: Any, env: Env) -> Any:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from ember import telemetry

    _Spans.exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(_Spans.exporter))
    telemetry.enable(provider)
    try:
        return f("What is a compound AI system?")
    finally:
        telemetry.disable()


def spans_counted_inline_between_calls(question: str) -> list[int]:
    models("sim/gpt", question, latency=0.15)
    first = sum(s.name.startswith("chat ") for s in _Spans.exporter.get_finished_spans())
    models("sim/gpt", question + " again", latency=0.02)
    second = sum(s.name.startswith("chat ") for s in _Spans.exporter.get_finished_spans())
    return [first, second]


async def aio_meter_read_between_calls(question: str) -> list[Any]:
    m = Meter()
    with m.active():
        await models.acall("sim/gpt", question, latency=0.15)
        after_first = m.calls
        await models.acall("sim/gpt", question + " again", latency=0.02)
    return [after_first, m.calls]


def meter_tokens_read_between_calls(question: str) -> list[Any]:
    m = Meter()
    with m.active():
        r = models("sim/gpt", question, latency=0.15)
        own = m.total_tokens == r.usage.total_tokens
        models("sim/gpt", question + " again", latency=0.02)
    return [own, m.calls]


def gated_meter_read_between_calls(question: str) -> list[Any]:
    m = Meter(Gate(1))
    with m.active():
        models("sim/gpt", question, latency=0.15)
        after_first = m.calls
        models("sim/gpt", question + " again", latency=0.02)
    return [after_first, m.calls]


# =========================================================================== batch 23
# A call opening an if with no else in a loop body (8f24455), and checks run ahead in a
# coroutine's loop (2a0183d): tests on what the body's calls change.


def s_if_not_in_dict_filled_by_body(s: S, base: str) -> dict[str, str]:
    res: dict[str, str] = {}
    for key, ms in DUPS:
        if key not in res:
            res[key] = sfetch(s, base, key, ms)
    return res


def s_if_not_blocked_by_helper(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("c", 20), ("e", 60), ("d", 30)]:
        if key not in BLOCKED:
            out.append(s_fetch_and_block(s, base, key, ms))
    return out


def s_if_not_cancelled_by_helper(s: S, base: str) -> list[str]:
    jobs = [Job("a", 150), Job("b", 20), Job("c", 60)]
    out = []
    for job in jobs:
        if not job.cancelled:
            out.append(s_run_job(s, base, job, jobs))
    return out


def s_if_test_raises_keyerror(s: S, base: str) -> list[str]:
    out = []
    for key, ms in KEYS_SKIP:
        if LIMITS[key] > 0:
            out.append(sfetch(s, base, key, ms))
    return out


def s_if_test_raises_then_put(s: S, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in KEYS_SKIP:
        if LIMITS[key] > 0:
            out.append(sfetch(s, base, key, ms))
    out.append(sput(s, base, "after-if", "loop"))
    return out


def s_if_body_breaks(s: S, base: str) -> list[str]:
    out = []
    for key, ms in KEYS4:
        if key != "skip":
            v = sfetch(s, base, key, ms)
            out.append(v)
            if v == "v-b":
                break
    return out


def s_if_len_of_appended(s: S, base: str) -> list[str]:
    out: list[str] = []
    for key, ms in KEYS4:
        if len(out) < 2:
            out.append(sfetch(s, base, key, ms))
    return out


def s_if_closure_limit(s: S, base: str) -> list[str]:
    limit = 100

    def fetch_and_tighten(key: str, ms: int) -> str:
        nonlocal limit
        v = sfetch(s, base, key, ms)
        limit = 25
        return v

    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30)]:
        if ms <= limit:
            out.append(fetch_and_tighten(key, ms))
    return out


def s_if_global_cache(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if not CACHE.get(key):
            out.append(s_cached_fetch(s, base, key, ms))
    return out


def s_if_file_absent(s: S, base: str, tmp: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("b", 20), ("a", 60), ("c", 30)]:
        if not os.path.exists(f"{tmp}/{key}.txt"):
            out.append(s_download(s, base, key, ms, tmp))
    return out


def meter_if_under_two_calls(question: str) -> list[Any]:
    m = Meter()
    out = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            if m.calls < 2:
                out.append(len(models("sim/gpt", f"{question} {i}", latency=lat)))
    return [out, m.calls]


def s_if_printing_check(s: S, base: str) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("_b", 10), ("c", 20), ("d", 60)]:
        if is_valid(key):
            v = sfetch(s, base, key, ms)
            print("got", v)
            out.append(v)
    return out


def s_if_random_sample(s: S, base: str) -> list[Any]:
    rng = random.Random(7)
    out = []
    for key, ms in [("a", 150), ("b", 20), ("c", 60), ("d", 30), ("e", 10)]:
        if rng.random() >= 0.4:
            out.append((sfetch(s, base, key, ms), rng.randint(0, 99)))
    return out


async def a_fetch_block(client: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    BLOCKED.add(NEXT_BLOCK.get(key, ""))
    return r.json()["value"]


async def aio_continue_on_blocked_by_helper(client: httpx.AsyncClient) -> list[str]:
    out = []
    for key, ms in [("a", 150), ("c", 20), ("e", 60), ("d", 30)]:
        if key in BLOCKED:
            continue
        out.append(await a_fetch_block(client, key, ms))
    return out


async def aio_if_not_in_dict(client: httpx.AsyncClient) -> dict[str, str]:
    res: dict[str, str] = {}
    for key, ms in DUPS:
        if key not in res:
            r = await client.get(f"/items/{key}", params={"ms": ms})
            res[key] = r.json()["value"]
    return res


async def aio_if_test_raises(client: httpx.AsyncClient) -> list[str]:
    out = []
    for key, ms in KEYS_SKIP:
        if LIMITS[key] > 0:
            r = await client.get(f"/items/{key}", params={"ms": ms})
            out.append(r.json()["value"])
    return out


async def aio_if_check_beside_sleeping_writer(client: httpx.AsyncClient) -> list[str]:
    async def writer() -> None:
        await asyncio.sleep(0.05)
        CFG["key"] = "late"

    t = asyncio.create_task(writer())
    await asyncio.sleep(0)
    out = []
    for key, ms in [("x", 150), ("y", 20)]:
        if CFG["key"] == "old":
            r = await client.get(f"/items/{key}", params={"ms": ms})
            out.append(r.json()["value"])
    await t
    return out


async def aio_meter_if_under_two(question: str) -> list[Any]:
    m = Meter()
    out = []
    with m.active():
        for i, lat in enumerate([0.15, 0.02, 0.06, 0.03]):
            if m.calls < 2:
                out.append(len(await models.acall("sim/gpt", f"{question} {i}", latency=lat)))
    return [out, m.calls]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def q_args(env: Env) -> tuple:
    return ("What is a compound AI system?",)


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _aio(fn: Any, ideal: float = 1.0, cat: str = "http", drive: Any = _hx, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


def _sim(fn: Any, ideal: float = 1.0, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, args=q_args, ideal=ideal, **kw)


def _session_args(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web)


CASES: list[Case] = [
    # -- loops: continue
    _web(continue_check_raises_before_put, cat="validation"),
    _web(continue_check_raises_before_get, cat="validation", speculative_reads=True),
    _web(continue_in_nested_loop_then_put, cat="state"),
    _web(continue_with_for_else, over(0.15, 0.02)),
    _web(continue_inside_try_finally, over(0.15, 0.02, 0.06)),
    _web(put_before_continue_then_list, cat="state"),
    _web(continue_on_budget_a_helper_spends, cat="state"),
    _web(continue_check_prints, over(0.15, 0.02, 0.06)),
    _web(continue_on_global_a_helper_fills, cat="state", setup=_reset_blocked),
    # -- loops: try
    _web(continue_on_flag_set_by_handler, cat="validation"),
    _web(try_handler_returns, cat="validation"),
    _web(try_handler_raises_through_helper, cat="validation"),
    _web(try_else_breaks, cat="validation"),
    _web(try_handler_counts_then_breaks, cat="validation"),
    _web(try_finally_writes_what_next_reads, cat="state"),
    _web(try_handler_writes_what_next_reads, cat="state"),
    # -- loops: enumerate / zip
    _web(enumerate_list_grown_in_body, cat="state"),
    _web(zip_list_shrunk_in_body, cat="state"),
    _web(enumerate_list_grown_by_helper, cat="helpers"),
    # -- unshared locals, prints, logging
    _web(local_list_also_in_global, cat="state", setup=_reset_state),
    _web(local_dict_read_by_closure, cat="state"),
    _web(local_list_held_by_object, cat="state"),
    _web(local_list_plus_equals_alias, cat="state"),
    _web(print_object_whose_str_counts, cat="state"),
    _web(print_fstring_format_counts, cat="state"),
    _web(print_to_uploading_file, cat="state"),
    _web(logging_handler_made_here_puts, cat="state"),
    _web(logging_global_handler_puts, cat="state", setup=_install_put_handler),
    _web(print_to_redirected_stderr, cat="state"),
    # -- helpers decided when they start
    Case("helpers", helper_changes_session_between_logged_fetches, args=_session_args,
         servers="web"),
    _web(helper_reads_or_writes_by_argument, cat="helpers"),
    _web(helper_appends_global_print_between, cat="helpers", setup=_reset_seen),
    # -- asyncio
    _aio(aio_task_sleeps_then_puts),
    _aio(aio_future_completed_by_callback),
    _aio(aio_call_soon_changes_global, cat="state", setup=_reset_cfg),
    _aio(aio_call_later_changes_global, cat="state", setup=_reset_cfg),
    _aio(aio_task_made_in_helper, cat="helpers"),
    _aio(aio_event_set_wakes_writer),
    _aio(aio_queue_consumer_writes),
    _aio(aio_read_then_read, drive=_gather_with_writer, name="aio_gather_beside_sleeping_writer"),
    # -- hooks
    _sim(hook_added_between_calls),
    _sim(hook_added_by_helper_between_calls, setup=_reset_rec),
    _sim(meter_block_then_call_after),
    _sim(call_before_meter_block),
    _sim(scoped_hooks_via_user_contextmanager),
    _sim(cache_added_mid_function),
    _sim(order_free_hook_that_prints_removed),
    # -- deferred reads
    _web(read_in_users_swallowing_with, cat="validation"),
    _web(read_in_exitstack_suppress, cat="validation"),
    _web(read_raises_before_print, cat="validation", speculative_reads=True),
    _web(read_raises_before_log_in_loop, cat="validation", speculative_reads=True),
    # -- globals
    _web(globals_dict_store_between_reads, cat="rebind", setup=_reset_prefix),
    _web(sys_modules_setattr_between_reads, cat="rebind", setup=_reset_prefix),
    _web(vars_of_module_in_helper, cat="rebind", setup=_reset_prefix),
    _web(partial_dict_get_on_global, cat="rebind", setup=_reset_conf),
    _web(dunder_getitem_bound_global, cat="rebind", setup=_reset_conf),
    _web(itemgetter_on_global, cat="rebind", setup=_reset_conf),
    _web(threading_local_as_attribute, cat="state", setup=_reset_holder),
    Case("state", contextvar_set_in_helper, drive=_run_in_fresh_context, servers="web"),
]


CASES += [
    _web(zip_strict_over_list_a_helper_grows, cat="state"),
    _web(enumerate_dict_value_a_helper_grows, cat="state"),
    _web(continue_on_len_of_appended_list, cat="state"),
    _web(continue_on_key_in_filled_dict, cat="state"),
    _web(continue_on_running_total, cat="state"),
    _web(continue_on_limit_rebound_after_call, cat="state"),
    _web(continue_inside_with_lock, over(0.15, 0.02, 0.06)),
    _web(read_then_write_same_key_with_continue, cat="state"),
    _web(retry_queue_grown_by_handler, cat="validation"),
    _web(retry_queue_enumerate_grown_by_handler, cat="validation"),
    _web(chained_assignment_shares_list, cat="state", setup=_reset_state),
    _web(local_list_registered_by_helper, cat="state", setup=_reset_state),
    _web(walrus_shares_list, cat="state", setup=_reset_state),
    _web(list_in_list_shared, cat="state", setup=_reset_state),
    _web(log_percent_r_counts, cat="state"),
    _web(read_used_first_inside_try, cat="validation", speculative_reads=True),
    _web(read_used_first_in_quiet_with, cat="validation", speculative_reads=True),
    _web(read_used_first_in_comprehension_in_try, cat="validation", speculative_reads=True),
    _web(read_used_first_by_lambda_in_try, cat="validation", speculative_reads=True),
    _web(read_used_first_in_finally, cat="validation", speculative_reads=True),
    _web(read_in_loop_used_in_try_after, cat="validation", speculative_reads=True),
    _web(exec_rebinds_global, cat="rebind", setup=_reset_prefix),
    _web(module_dict_update_in_helper, cat="rebind", setup=_reset_prefix),
    _aio(aio_two_reads_statement_form, over(0.15, 0.02)),
    _aio(aio_task_sleeps_then_changes_global, cat="state", setup=_reset_cfg),
    _aio(aio_thread_future_then_put),
]

CASES += [
    _web(shared_by_dict_literal, cat="state", setup=_reset_shared),
    _web(shared_by_global_list_append, cat="state", setup=_reset_shared),
    _web(shared_by_update_kwarg, cat="state", setup=_reset_shared),
    _web(shared_by_attribute_of_global, cat="state", setup=_reset_shared),
    _web(shared_dict_by_tuple_in_global, cat="state", setup=_reset_shared),
    _web(shared_counter_list_plus_equals, cat="state", setup=_reset_shared),
    _aio(aio_done_callback_changes_global, cat="state", setup=_reset_cfg),
    _aio(aio_wait_for_times_out_then_puts),
    _aio(aio_sleeping_task_appends_seen, cat="state", setup=_reset_seen),
    _aio(aio_no_other_task_two_reads_then_put, (0.17 + 2 * L) / (0.15 + 2 * L)),
    _web(shared_by_direct_store_inline_read, cat="state", setup=_reset_shared),
    _web(shared_by_local_alias_inline_read, cat="state"),
    _web(unshared_straight_line_inline_read, cat="state"),
    _web(continue_then_dynamic_helper_writes_some, cat="helpers"),
    _web(printing_helper_before_continue, cat="helpers"),
    _web(continue_in_while_loop),
    _web(continue_over_printing_generator, cat="state"),
    _web(dict_grown_while_walked_in_loop, cat="state"),
    _web(dict_items_grown_while_iterated, cat="state"),
    _web(list_removed_while_iterated, cat="state"),
    _web(enumerate_copy_is_fine, cat="state"),
    _web(log_handler_appends_global_read_after, cat="state", setup=_install_note_handler),
    _web(log_filter_counts_read_after, cat="state", setup=_install_note_handler),
    _web(helper_taking_callable_between_logs, cat="helpers"),
    Case("files", file_helpers_between_logs, args=lambda env: (env.web, str(env.tmp)),
         servers="web"),
    _web(read_in_if_used_in_try, cat="validation", speculative_reads=True),
    _web(globals_update_between_reads, cat="rebind", setup=_reset_prefix),
    _web(setitem_on_globals_between_reads, cat="rebind", setup=_reset_prefix),
    _web(class_attribute_set_via_setattr, cat="rebind", setup=_reset_settings),
    _web(lru_cache_cleared_between, cat="state"),
    Case("ensemble", aio_models_under_scoped_hook, drive=_run_q),
    Case("ensemble", aio_models_hook_added_between, drive=_run_q),
    _web(print_global_object_str_changes_it, cat="state", setup=_reset_track),
    _web(log_global_object_str_changes_it, cat="state", setup=_reset_track),
    _web(print_list_of_global_objects, cat="state", setup=_reset_track),
    _sim(print_installs_hook_before_model_call),
    _web(local_alias_of_global_dict_mutated, cat="rebind", setup=_reset_conf),
    _web(setdefault_list_appended_read_through_global, cat="state", setup=_reset_shared),
    Case("where", make=make_collector_method, servers="web"),
    _aio(aio_task_waiting_on_fast_read_then_puts),
    _aio(aio_loop_continue_beside_sleeping_writer),
    _web(continue_on_random_sample, cat="state"),
    _web(continue_on_local_rng, cat="state"),
    _web(continue_past_deadline, cat="sleep"),
    _web(break_past_deadline, cat="sleep"),
    Case("http", handler_changes_session_params, args=_session_args, servers="web"),
    _web(thread_timer_puts_while_reading, cat="threads"),
    _web(helper_read_then_write_same_key, cat="helpers"),
    _sim(sampled_eval_loop, cat="state"),
    _web(continue_on_item_flag_a_helper_sets, cat="state"),
    _web(continue_on_item_flag_set_inline, cat="state"),
    _web(continue_on_job_cancelled_by_helper, cat="state"),
    _web(continue_on_set_a_helper_fills, cat="state"),
    _web(continue_on_enumerated_duplicates, cat="state"),
    _web(continue_on_job_cancelled_inline, cat="state"),
    _web(continue_on_job_cancelled_through_board, cat="state"),
    _web(continue_on_job_cancelled_by_index, cat="state"),
    _web(helper_sets_attributes_of_items_straight_line, cat="helpers"),
    _web(helper_sets_attribute_of_element_alias, cat="helpers"),
    _web(reading_helper_cancels_others_straight_line, cat="helpers"),
    _web(reading_helper_cancels_others_then_if, cat="helpers"),
    _web(continue_on_job_next_cancelled_by_call, cat="state"),
    _web(continue_on_node_skipped_by_previous, cat="state"),
    _web(global_declared_list_made_here, cat="state", setup=_reset_rows),
    _web(global_declared_list_helper_reads, cat="state", setup=_reset_rows),
    _web(local_rebound_to_shared_list, cat="state", setup=_reset_rows),
    Case("files", print_to_file_then_read_text, args=lambda env: (env.web, str(env.tmp)),
         servers="web"),
    Case("files", file_handler_log_then_read, args=lambda env: (env.web, str(env.tmp)),
         servers="web"),
    _web(two_step_helper_then_global_store, cat="helpers", setup=_reset_conf),
    _web(two_step_helper_then_attribute_store, cat="helpers"),
    _web(read_to_closed_port_in_swallowing_with, cat="validation"),
    _aio(aio_read_in_async_swallowing_with, cat="validation"),
    Case("files", continue_if_already_downloaded, args=lambda env: (env.web, str(env.tmp)),
         servers="web"),
    Case("files", continue_if_path_exists, args=lambda env: (env.web, str(env.tmp)),
         servers="web"),
    _web(continue_if_global_cache_has, cat="state", setup=_reset_cache),
    _web(suffix_changed_by_handler, cat="validation"),
    Case("db", continue_if_db_has_row, args=lambda env: (env.web, str(env.tmp)),
         servers="web"),
]


def _s(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=_session_args, servers="web", ideal=ideal, **kw)


def _s_tmp(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web, str(env.tmp))


CASES += [
    _s(s_plain_loop_overlaps, over(0.15, 0.02, 0.06, 0.03)),
    _s(s_continue_check_prints, over(0.15, 0.02, 0.06)),
    _s(s_continue_on_job_cancelled_by_helper),
    _s(s_continue_on_budget_a_helper_spends),
    _s(s_continue_on_global_a_helper_fills, setup=_reset_blocked),
    _s(s_continue_on_len_of_appended_list),
    _s(s_continue_on_key_in_filled_dict),
    _s(s_continue_on_running_total),
    _s(s_continue_on_random_sample),
    _s(s_continue_on_local_rng),
    _s(s_continue_past_deadline, cat="sleep"),
    Case("files", s_continue_if_already_downloaded, args=_s_tmp, servers="web"),
    _s(s_continue_if_global_cache_has, setup=_reset_cache),
    _s(s_continue_in_nested_loop_then_put),
    _s(s_continue_inside_try_finally, over(0.15, 0.02, 0.06)),
    _s(s_continue_with_for_else, over(0.15, 0.02)),
    _s(s_try_handler_returns, cat="validation"),
    _s(s_try_handler_raises_through_helper, cat="validation"),
    _s(s_try_handler_sys_exit, cat="validation"),
    _s(s_try_finally_writes_what_next_reads),
    _s(s_try_handler_writes_what_next_reads),
    _s(s_try_handler_changes_global_next_reads, setup=_reset_conf),
    _s(s_continue_on_flag_set_by_handler, cat="validation"),
    _s(s_suffix_changed_by_handler, cat="validation"),
    _s(s_try_handler_changes_session, cat="validation"),
    _s(s_printing_helper_before_continue),
    _s(s_logging_helper_before_continue),
    _s(s_continue_then_dynamic_helper_writes_some),
    _s(s_continue_over_printing_generator),
    _s(s_dict_grown_while_iterated, cat="state"),
    _s(s_list_removed_while_iterated, cat="state"),
    _s(s_retry_queue_grown_by_handler, cat="validation"),
    _s(s_for_list_grown_by_helper, cat="state"),
    _s(s_local_list_in_global_inline, cat="state", setup=_reset_shared),
    _s(s_inline_get_continue_on_seen, cat="http"),
    _s(s_inline_get_try_continue, cat="http"),
    _s(s_inline_get_handler_returns, cat="http"),
    _s(s_continue_on_item_flag_a_helper_sets, cat="state"),
]

# What differs under jit (name -> what differs, suspected cause). 27 more differed when
# written and are fixed (in CASES now): enumerate/zip over a list the body grows, a local
# list a global or a local container holds, an 'if ...: continue' check past a call that
# changes the next items, callbacks queued before an await (aa67f9e, 90bab6c); a Meter of
# the user's read between the calls it counts (only an evaluation's own meters, read when
# the item is done, are order_free now). What is left: timers and threads that act while a
# slow call is in flight (the plain order is the timing's; docs/jit.md).
FAILING_WHY: dict[str, str] = {
    # -- an order-free hook whose state the function reads (eval's Meter: order_free = True;
    # also at 80b478a^, before hooks were looked at)
    # -- asyncio: what will run at the await before the call, yet is not a ready task
    "aio_task_sleeps_then_puts":
        "value[1] 'on' vs 'v-flag', GET /items/flag sent before the PUT: a task asleep "
        "(asyncio.sleep(0.05), then PUT) counts as waiting on I/O, so GET flag starts ahead "
        "of the 150 ms GET; in every plain run the timer fires during that GET",
    "aio_task_sleeps_then_changes_global":
        "value[1] cfg-slept vs cfg-old: as aio_task_sleeps_then_puts, the task sets a global "
        "the second GET's URL reads",
    "aio_sleeping_task_appends_seen":
        "value[1] seen-1 vs seen-0: as aio_task_sleeps_then_changes_global (SEEN.append)",
    "aio_thread_future_then_put":
        "value[1] 'yes' vs 'v-thr': the task awaits run_in_executor (a 30 ms thread), then "
        "PUTs; counted as waiting on I/O, GET thr starts ahead of the 150 ms GET",
    "thread_timer_puts_while_reading":
        "value[1] 'fired' vs 'v-timed': threading.Timer(0.05, put_value, ...) started, then "
        "GET x (150 ms) and GET timed: the second GET starts ahead, before the timer's PUT "
        "(the documented 'one interleaving the plain code could have had' only if the server "
        "answered x in under 50 ms)",
    "aio_call_later_changes_global":
        "value[1] cfg-later vs cfg-old: as aio_call_soon_changes_global with call_later(0.03)",
}


CASES += [
    _s(s_continue_check_raises_keyerror, cat="validation", speculative_reads=True),
    _s(s_continue_check_raises_then_put, cat="validation", speculative_reads=True),
    _s(s_continue_check_int_parse, cat="validation", speculative_reads=True),
    _s(s_continue_closure_changes_limit, cat="state"),
    _s(s_try_handler_sets_global_helper_reads, cat="validation", setup=_reset_conf),
    _s(s_try_handler_sets_session_params, cat="validation"),
    _s(s_try_handler_prints_and_appends, over(0.15, 0.01, 0.02, 0.06), cat="validation"),
    _s(s_try_handler_returns_helper_shape, cat="validation"),
    _s(s_try_handler_sys_exit_helper_shape, cat="validation"),
    _s(s_try_handler_raises_via_helper_shape, cat="validation"),
    _s(s_try_handler_counts_then_breaks_helper_shape, cat="validation"),
    _s(s_try_handler_removes_next_key, cat="validation"),
    _s(s_try_else_continue_check, over(0.15, 0.02, 0.06), cat="validation"),
    _s(s_continue_in_inner_loop_only),
    _s(s_while_true_continue),
    _s(s_continue_then_check_after_call_returns),
    _s(s_continue_check_on_loop_var_attr, cat="state"),
    _s(s_continue_on_job_key_check, cat="state"),
]

CASES += [
    _s(s_logging_helper_loop),
    _s(s_printing_helper_loop),
    _s(s_printing_helper_straight_line),
    _s(s_helper_appends_global_loop, cat="state", setup=_reset_seen),
    _aio(aio_coroutine_made_before_state_change, cat="state", setup=_reset_seen),
    _aio(aio_helper_notes_then_log, cat="helpers", setup=_reset_seen),
    _aio(aio_task_created_then_sync_code, cat="state", setup=_reset_seen),
    Case("ensemble", aio_budget_two_calls, drive=_run_q),
    _aio(aio_future_done_callback_updates_global, cat="state", setup=_reset_cfg),
    _aio(aio_call_soon_threadsafe_from_joined_thread, cat="state", setup=_reset_cfg),
    _aio(aio_event_set_by_callback_wakes_writer),
    _web(shared_by_tuple_unpacking_store, cat="state", setup=_reset_shared),
    _web(shared_by_ifexp_store, cat="state", setup=_reset_shared),
    _web(shared_by_boolop_store, cat="state", setup=_reset_shared),
    _web(shared_by_alias_then_store, cat="state", setup=_reset_shared),
    _web(shared_by_for_target_store, cat="state", setup=_reset_shared),
    _web(shared_by_with_target_store, cat="state", setup=_reset_shared),
    _web(shared_by_lambda_default_stored, cat="state", setup=_reset_shared),
    _web(shared_by_locals_stored, cat="state", setup=_reset_shared),
    _web(shared_by_tuple_index_store, cat="state", setup=_reset_shared),
    _web(shared_by_setattr_call, cat="state", setup=_reset_shared),
    _web(shared_dict_setdefault_result, cat="state", setup=_reset_shared),
    _web(helper_mutates_through_local_list_literal, cat="helpers"),
    _web(helper_mutates_through_local_dict_literal, cat="helpers"),
    _web(continue_on_job_cancelled_via_comprehension, cat="state"),
    _web(continue_on_job_cancelled_via_pair, cat="state"),
    _web(continue_on_job_cancelled_via_slice_walk, cat="state"),
    _web(continue_on_job_cancelled_via_setattr, cat="state"),
    _web(continue_on_job_cancelled_via_vars, cat="state"),
    Case("state", shared_by_param_dict_store, args=lambda env: (env.web, {}), servers="web"),
    _web(refused_read_used_in_swallowing_with, cat="validation", speculative_reads=True),
    _web(refused_read_used_in_suppress, cat="validation", speculative_reads=True),
    _s(refused_read_used_in_try, cat="validation", speculative_reads=True),
    _s(refused_read_then_print, cat="validation", speculative_reads=True),
    _s(refused_read_in_loop_then_put, cat="validation", speculative_reads=True),
    _aio(aio_refused_read_used_in_async_swallow, cat="validation", speculative_reads=True),
    _aio(aio_refused_read_used_in_try, cat="validation", speculative_reads=True),
    _aio(aio_refused_read_then_print, cat="validation", speculative_reads=True),
    _web(bound_get_of_global_attribute, cat="rebind", setup=_reset_lookups),
    _web(bound_get_in_global_dict, cat="rebind", setup=_reset_lookups),
    _web(partial_of_bound_get, cat="rebind", setup=_reset_lookups),
    _web(methodcaller_on_global, cat="rebind", setup=_reset_lookups),
    _web(staticmethod_bound_get, cat="rebind", setup=_reset_lookups),
    _web(bound_get_inline_store, cat="rebind", setup=_reset_lookups),
    _s(s_two_step_then_attribute_store),
    _s(s_two_step_then_global_store, setup=_reset_conf),
    _s(s_two_step_then_global_rebind, setup=_reset_prefix),
    _s(s_two_step_then_list_append),
    _s(s_two_step_then_session_change, setup=_reset_conf),
    _s(s_two_helpers_then_log_then_write, (0.17 + L) / (0.15 + L)),
    _s(s_continue_alias_plain, cat="state"),
    _s(s_continue_alias_tuple_unpack, cat="state"),
    _s(s_continue_alias_ifexp, cat="state"),
    _s(s_continue_alias_boolop, cat="state"),
    _s(s_continue_alias_for_target, cat="state"),
    _s(s_continue_alias_with_target, cat="state"),
    _s(s_continue_alias_in_list, cat="state"),
    _s(s_continue_alias_walrus, cat="state"),
    _s(s_continue_list_alias_tuple_unpack, cat="state"),
    _s(s_peek_alias_tuple_unpack_straight, cat="state"),
    _s(s_print_object_whose_str_puts, cat="state"),
    _s(s_print_fstring_whose_format_puts, cat="state"),
    _s(s_log_object_whose_str_puts, cat="state"),
    _s(s_print_generator_of_writes, cat="state"),
    _s(s_loop_print_object_whose_str_puts, cat="state"),
    _aio(aio_enumerate_list_grown_by_helper, cat="state"),
    _aio(aio_for_list_grown_by_helper, cat="state"),
    _aio(aio_continue_then_get, over(0.15, 0.02, 0.06)),
    _aio(aio_try_handler_returns, cat="validation"),
    _aio(aio_try_handler_writes_next, cat="validation"),
    _aio(aio_loop_beside_callback_queue, cat="state", setup=_reset_cfg),
    _s(s_change_through_list_literal, cat="state"),
    _s(s_change_through_dict_literal, cat="state"),
    Case("state", s_change_param_through_list_literal, args=_req_args, servers="web"),
    _s(s_change_through_for_target, cat="state"),
    _s(s_change_list_inside_list_literal, cat="state"),
    _s(s_loop_change_through_list_literal, cat="state"),
    _s(s_loop_append_inside_nested_list, cat="state"),
    _s(s_loop_store_inside_nested_dict, cat="state"),
    _s(s_loop_extend_through_tuple, cat="state"),
    _s(s_loop_bound_append_alias, cat="state"),
    _s(s_loop_getattr_append, cat="state"),
    _s(s_loop_class_append, cat="state"),
    _s(s_loop_map_append, cat="state"),
    _s(s_loop_methodcaller_append, cat="state"),
    _s(s_loop_unpacked_alias_append, cat="state"),
    _s(s_loop_attr_holder_append, cat="state"),
    _s(s_loop_del_item, cat="state"),
    _s(s_loop_sort_changes_first, cat="state"),
    _s(s_loop_deque_in_list, cat="state"),
    _s(s_loop_nested_list_negative_index, cat="state"),
    _sim(meter_loop_with_continue, over(0.15, 0.06, 0.03)),
    _sim(meter_loop_with_try_return, cat="validation"),
    _sim(meter_loop_budget_check_continue, cat="state"),
    _sim(meter_read_between_calls, cat="state"),
    _sim(meter_read_in_loop, cat="state"),
    _sim(meter_cost_stops_loop, cat="state"),
    _sim(spans_read_between_calls, cat="state"),
    Case("state", spans_counted_inline_between_calls, drive=_with_spans),
    Case("state", aio_meter_read_between_calls, drive=_run_q),
    _sim(meter_tokens_read_between_calls, cat="state"),
    _sim(gated_meter_read_between_calls, cat="state"),
    _s(s_if_not_in_dict_filled_by_body, cat="state"),
    _s(s_if_not_blocked_by_helper, cat="state", setup=_reset_blocked),
    _s(s_if_not_cancelled_by_helper, cat="state"),
    _s(s_if_test_raises_keyerror, cat="validation", speculative_reads=True),
    _s(s_if_test_raises_then_put, cat="validation", speculative_reads=True),
    _s(s_if_body_breaks),
    _s(s_if_len_of_appended, cat="state"),
    _s(s_if_closure_limit, cat="state"),
    _s(s_if_global_cache, cat="state", setup=_reset_cache),
    Case("files", s_if_file_absent, args=_s_tmp, servers="web"),
    _sim(meter_if_under_two_calls, cat="state"),
    _s(s_if_printing_check, over(0.15, 0.02, 0.06)),
    _s(s_if_random_sample, cat="state"),
    _aio(aio_continue_on_blocked_by_helper, cat="state", setup=_reset_blocked),
    _aio(aio_if_not_in_dict, cat="state"),
    _aio(aio_if_test_raises, cat="validation", speculative_reads=True),
    _aio(aio_if_check_beside_sleeping_writer, cat="state", setup=_reset_cfg),
    Case("state", aio_meter_if_under_two, drive=_run_q),
]

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
