# ruff: noqa: B023, SIM105, SIM108
"""Red-team cases (stop 227): time, sleeps and deadlines in unusual shapes.

Red-team 210 covered spacing written as a paced generator, a throttling context manager,
``never.wait(t)``, ``functools.partial(time.sleep)``, an inline busy wait on `monotonic`, a
one-token bucket, a closure decorator, a sleep read off a response, sleeps in dunders and
sleeps whose value is dropped. This module takes other spellings and other shapes:

- Sleeps spelled differently: ``from time import sleep as pause``, ``time.sleep`` kept in a
  dict, a class attribute, an instance attribute (an injected clock),
  ``getattr(time, "sleep")``, ``operator.methodcaller``, a lambda, a flag
  choosing between a sleep and a no-op, ``deque(map(time.sleep, ...), maxlen=0)``, a fresh
  ``threading.Event().wait(t)``, ``select.select([], [], [], t)``, a held
  ``Lock.acquire(timeout=t)``, a socket ``recv`` that times out, ``asyncio.run`` of a coroutine of the case's own, a new
  event loop's ``run_until_complete``, ``sched.scheduler``, a ``Timer`` joined, a busy wait
  on `perf_counter` in a helper, a ``sleep(0.01)`` poll on the clock, an ``ExitStack``
  callback, a sleep in ``finally``, a sleep whose value is used (``r = time.sleep(t)``,
  ``time.sleep(t) or get(...)``).
- Rate limiters: a ``last_call`` global (inline and in a helper), a class-instance
  decorator, a callable wrapper object, a sliding window, a token bucket polled with
  ``try_take``, a semaphore whose body sleeps.
- Retries with exponential backoff and jitter from a seeded ``random.Random`` shared by
  several helpers (the draws must stay in program order), ``random.seed`` in the function,
  the delays written to the server afterwards.
- Polls with a deadline: two jobs in turn, a flag never set (times out after two polls:
  the third check comes at least 300 ms in, against 290 ms), a flag the function PUTs before polling, the
  remaining time as the request's timeout, an ``async`` poll on ``loop.time()``.
- Timeouts from elapsed time (``timeout=budget - elapsed``), one that runs out on purpose.
- Timestamps written into requests: the year in a query, ticks of elapsed time after
  sleeps, a helper that sends its own elapsed tick.
- ``perf_counter`` measurements printed and logged with rounding.
- Watchdog threads (cancelled, firing during a sleep, a ``Timer`` stopping a loop) and a
  heartbeat thread.
- Deadline checks in helpers (a global float, a global dict's item, a deadline passed in,
  a method of a deadline object), straight-line and in loops and comprehensions, with a
  deadline that runs out after two 150 ms GETs (the third check comes after 300 ms of
  GETs, at least, against 290 ms; the second at ~150 ms), a clock check whose bool breaks
  or continues a loop, and ticks of elapsed time taken after each GET of a loop.
  Thresholds sit just below what the plain run is sure to have waited, so that a loaded
  machine only moves readings away from them.
- A clock read between two GETs deciding whether a third request (or a PUT) is sent.
- Model calls (the openai and anthropic SDKs on ``env.api``, Ember's in-process ``sim/``
  models) paced by sleeps, or fanned out after a deadline check.

Cases with ``spacing=`` separate every pair of consecutive requests a server sees by at
least that long in the plain run (a sleep or a request's own latency), so a JIT that
overlaps any of them is caught. Overlap that a correct JIT may reach is claimed only where
nothing between the calls reads the clock, sleeps as a statement or starts a thread;
model calls of Ember's ``sim/`` models run in process (no server sees them), so a case
that overlaps them while spacing its requests to the web server has an ideal and no
``overlap=`` claim.

Found (see `FAILING_WHY`): a clock check in a helper (a deadline in a global float or a
global dict's item, or passed in; raising, or a bool that ``continue``s or filters a
comprehension) between the GETs of a loop is taken as the item's check, and the loop's
GETs then start for all items at once: every check reads the clock at the loop's start,
so an item the plain run skipped or stopped at is fetched. The same helper between
straight-line GETs keeps its place, and so does a loop whose clock test ``break``s or a
deadline object's method. Clock ticks read after each GET of a loop or a comprehension
(and a helper returning its elapsed time since a start passed in) read the overlapped
times. ``r = time.sleep(t)`` with ``r`` read later is no spacing.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime
import functools
import operator
import random
import sched
import select
import socket
import threading
import time
from time import monotonic as now
from time import sleep as pause
from typing import Any

import requests

from ember.api import models
from tests.xcs.libcorpus._case import (
    CLIENT_LAT,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam227")

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}


def _get(web: str, key: str, ms: int = 30) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 30) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(client: Any, prompt: str, lat: float = 0.05) -> str:
    r = client.chat.completions.create(model="gpt",
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return (r.choices[0].message.content or "")[:16]


def _claude(client: Any, prompt: str, lat: float = 0.05) -> str:
    m = client.messages.create(model="claude", max_tokens=24,
                               messages=[{"role": "user", "content": prompt}],
                               extra_body={"latency": lat})
    return m.content[0].text[:16]


# ------------------------------------------------------------ sleeps spelled differently


def r227_sleep_import_alias(web: str) -> list[str]:
    a = _get(web, "al1")
    pause(0.1)
    b = _get(web, "al2")
    pause(0.1)
    c = _get(web, "al3")
    return [a, b, c]


WAITS = {"short": time.sleep, "none": lambda s: None}


def r227_sleep_via_dict(web: str) -> list[str]:
    a = _get(web, "dc1")
    WAITS["short"](0.1)
    b = _get(web, "dc2")
    WAITS["short"](0.1)
    c = _get(web, "dc3")
    return [a, b, c]


class Clock:
    nap = staticmethod(time.sleep)


def r227_sleep_via_class_attr(web: str) -> list[str]:
    a = _get(web, "ca1")
    Clock.nap(0.1)
    b = _get(web, "ca2")
    Clock.nap(0.1)
    c = _get(web, "ca3")
    return [a, b, c]


class PoliteClient:
    """A client whose clock is injected (as people write them to test without waiting)."""

    def __init__(self, web: str, gap: float, sleep: Any = time.sleep) -> None:
        self.web = web
        self.gap = gap
        self._sleep = sleep

    def fetch(self, key: str) -> str:
        self._sleep(self.gap)
        return _get(self.web, key)


def r227_sleep_injected_instance_attr(web: str) -> list[str]:
    c = PoliteClient(web, 0.1)
    return [c.fetch(k) for k in ("ij1", "ij2", "ij3")]


def r227_sleep_getattr_time(web: str) -> list[str]:
    a = _get(web, "ga1")
    getattr(time, "sleep")(0.1)  # noqa: B009 - as written
    b = _get(web, "ga2")
    return [a, b]


def r227_sleep_methodcaller(web: str) -> list[str]:
    nap = operator.methodcaller("sleep", 0.1)
    a = _get(web, "mc1")
    nap(time)
    b = _get(web, "mc2")
    return [a, b]


def r227_sleep_chosen_by_flag(web: str, throttled: bool) -> list[str]:
    nap = time.sleep if throttled else WAITS["none"]
    a = _get(web, "fl1")
    nap(0.1)
    b = _get(web, "fl2")
    nap(0.1)
    c = _get(web, "fl3")
    return [a, b, c]


def r227_sleep_deque_consume(web: str) -> list[str]:
    a = _get(web, "dq1")
    collections.deque(map(time.sleep, [0.05, 0.05]), maxlen=0)
    b = _get(web, "dq2")
    return [a, b]


def r227_event_wait_fresh(web: str) -> list[str]:
    a = _get(web, "ew1")
    threading.Event().wait(0.1)
    b = _get(web, "ew2")
    timed_out = not threading.Event().wait(timeout=0.1)
    c = _get(web, "ew3")
    return [a, b, c, str(timed_out)]


def r227_select_timeout(web: str) -> list[Any]:
    a = _get(web, "se1")
    ready = select.select([], [], [], 0.1)
    b = _get(web, "se2")
    select.select([], [], [], 0.1)
    c = _get(web, "se3")
    return [a, b, c, ready]


def r227_lock_acquire_timeout(web: str) -> list[Any]:
    lock = threading.Lock()
    lock.acquire()
    try:
        a = _get(web, "lk1")
        got = lock.acquire(timeout=0.1)
        b = _get(web, "lk2")
    finally:
        lock.release()
    return [a, b, got]


def r227_socket_recv_timeout(web: str, tcp: tuple[str, int]) -> list[str]:
    a = _get(web, "sk1")
    with socket.create_connection(tcp, timeout=2) as s:
        s.settimeout(0.1)
        try:
            s.recv(64)
            heard = "data"
        except TimeoutError:
            heard = "quiet"
    b = _get(web, "sk2")
    return [a, heard, b]


async def _nap(d: float) -> str:
    await asyncio.sleep(d)
    return "rested"


def r227_asyncio_run_own_coroutine(web: str) -> list[str]:
    a = _get(web, "ao1")
    asyncio.run(_nap(0.1))
    b = _get(web, "ao2")
    return [a, b]


def r227_new_event_loop_until_complete(web: str) -> list[str]:
    loop = asyncio.new_event_loop()
    try:
        a = _get(web, "nl1")
        said = loop.run_until_complete(_nap(0.1))
        b = _get(web, "nl2")
    finally:
        loop.close()
    return [a, said, b]


def r227_sched_scheduler_gets(web: str) -> list[str]:
    out: list[str] = []
    s = sched.scheduler(time.monotonic, time.sleep)
    for i, k in enumerate(("sc1", "sc2", "sc3")):
        s.enter(0.12 * i, 1, lambda key=k: out.append(_get(web, key)))
    s.run()
    return out


def r227_sched_priorities_puts(web: str) -> list[int]:
    out: list[int] = []
    s = sched.scheduler(time.monotonic, time.sleep)
    s.enter(0.1, 2, lambda: out.append(_put(web, "sp", "second")))
    s.enter(0.1, 1, lambda: out.append(_put(web, "sp", "first")))
    s.enter(0.0, 1, lambda: out.append(_put(web, "sp", "zeroth")))
    s.run()
    out.append(len(_get(web, "sp")))
    return out


def spin(d: float) -> None:
    end = time.perf_counter() + d
    while time.perf_counter() < end:
        pass


def r227_busy_wait_perf_counter_helper(web: str) -> list[str]:
    a = _get(web, "bp1")
    spin(0.1)
    b = _get(web, "bp2")
    return [a, b]


def r227_sleep_small_steps_until(web: str) -> list[str]:
    a = _get(web, "ss1")
    until = time.monotonic() + 0.1
    while time.monotonic() < until:
        time.sleep(0.01)
    b = _get(web, "ss2")
    return [a, b]


def r227_timer_joined_as_sleep(web: str) -> list[str]:
    a = _get(web, "tj1")
    t = threading.Timer(0.1, lambda: None)
    t.start()
    t.join()
    b = _get(web, "tj2")
    return [a, b]


def r227_exitstack_callback_sleep(web: str) -> list[str]:
    with contextlib.ExitStack() as stack:
        stack.callback(time.sleep, 0.1)
        a = _get(web, "es1")
    b = _get(web, "es2")
    return [a, b]


def r227_sleep_in_finally(web: str) -> list[str]:
    out = []
    for k in ("fi1", "fi2", "fi3"):
        try:
            out.append(_get(web, k))
        finally:
            time.sleep(0.1)
    return out


def r227_sleep_value_used(web: str) -> list[Any]:
    a = _get(web, "vu1")
    r = time.sleep(0.1)
    b = _get(web, "vu2")
    return [a, b, r is None]


def r227_sleep_or_get(web: str) -> list[str]:
    a = _get(web, "og1")
    b = time.sleep(0.1) or _get(web, "og2")
    return [a, b]


def slow_len(text: str) -> int:
    pause(0.1)
    return len(text)


def r227_alias_sleep_helpers_overlap(web: str) -> list[Any]:
    n = [slow_len(w) for w in ("one", "three", "seven")]
    return [n, _get(web, "after")]


# ------------------------------------------------------------ hand-written rate limiters

_LAST = 0.0
GAP = 0.12


def r227_last_call_global_inline(web: str) -> list[str]:
    global _LAST
    out = []
    for k in ("lg1", "lg2", "lg3"):
        wait = _LAST + GAP - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _LAST = time.monotonic()
        out.append(_get(web, k))
    return out


def _throttle() -> None:
    global _LAST
    wait = _LAST + GAP - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _LAST = time.monotonic()


def r227_last_call_global_helper(web: str) -> list[str]:
    _throttle()
    a = _get(web, "lh1")
    _throttle()
    b = _get(web, "lh2")
    _throttle()
    c = _get(web, "lh3")
    return [a, b, c]


class MinGap:
    """A decorator made from an instance: at least `gap` seconds between calls."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.last = 0.0

    def __call__(self, fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*a: Any, **kw: Any) -> Any:
            wait = self.last + self.gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.last = time.monotonic()
            return fn(*a, **kw)
        return wrapper


MIN_GAP = MinGap(GAP)


@MIN_GAP
def gapped_get(web: str, key: str) -> str:
    return _get(web, key)


def r227_instance_decorator_min_gap(web: str) -> list[str]:
    return [gapped_get(web, k) for k in ("ig1", "ig2", "ig3")]


class Throttled:
    """A callable wrapper object: the gap is kept on the wrapper."""

    def __init__(self, fn: Any, gap: float) -> None:
        self.fn = fn
        self.gap = gap
        self.last = 0.0

    def __call__(self, *a: Any) -> Any:
        wait = self.last + self.gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last = time.monotonic()
        return self.fn(*a)


THROTTLED_GET = Throttled(_get, GAP)


def r227_callable_wrapper_throttle(web: str) -> list[str]:
    a = THROTTLED_GET(web, "cw1")
    b = THROTTLED_GET(web, "cw2")
    c = THROTTLED_GET(web, "cw3")
    return [a, b, c]


class Window:
    """At most `limit` sends in any `per` seconds."""

    def __init__(self, limit: int, per: float) -> None:
        self.limit = limit
        self.per = per
        self.sent: collections.deque[float] = collections.deque()

    def wait(self) -> None:
        t = time.monotonic()
        while self.sent and t - self.sent[0] >= self.per:
            self.sent.popleft()
        if len(self.sent) >= self.limit:
            time.sleep(max(0.0, self.per - (t - self.sent[0])))
            self.sent.popleft()
        self.sent.append(time.monotonic())


def r227_sliding_window_limiter(web: str) -> list[str]:
    window = Window(2, 0.3)
    out = []
    for i in range(5):
        window.wait()
        out.append(_get(web, f"sw{i}", 100))
    return out


class Bucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = time.monotonic()

    def try_take(self) -> bool:
        t = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (t - self.stamp) * self.rate)
        self.stamp = t
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def r227_token_bucket_try_take(web: str) -> list[Any]:
    bucket = Bucket(rate=8.0, burst=1.0)  # one request per 125 ms
    out: list[Any] = []
    refused = 0
    for k in ("tt1", "tt2", "tt3"):
        while not bucket.try_take():
            refused += 1
            time.sleep(0.02)
        out.append(_get(web, k))
    return [*out, refused > 0]


SEM = threading.BoundedSemaphore(1)


def r227_semaphore_body_sleeps(web: str) -> list[str]:
    out = []
    for k in ("sm1", "sm2", "sm3"):
        with SEM:
            out.append(_get(web, k))
            time.sleep(0.1)
    return out


def r227_limiter_puts_after_sim_models(web: str) -> list[Any]:
    answers = [models("sim/gpt", f"Name a colour, {i}", latency=0.05)[:12] for i in range(3)]
    versions = []
    for i, a in enumerate(answers):
        _throttle()
        versions.append(_put(web, f"ans{i}", a))
    return [answers, versions]


# ------------------------------------------------------------ retries with backoff and jitter


def retry_status(web: str, path: str, rng: random.Random, tries: int = 3) -> tuple[int, list]:
    delays: list[float] = []
    code = 0
    for attempt in range(tries):
        code = requests.get(f"{web}{path}", timeout=5).status_code
        if code < 500:
            return code, delays
        if attempt < tries - 1:
            d = 0.02 * 2 ** attempt + rng.uniform(0, 0.02)
            delays.append(round(d, 4))
            time.sleep(d)
    return code, delays


def r227_backoff_seeded_jitter_shared_rng(web: str) -> list[Any]:
    rng = random.Random(227)
    a = retry_status(web, "/status/503?ms=30", rng)
    b = retry_status(web, "/items/fine?ms=30", rng)
    c = retry_status(web, "/status/500?ms=30", rng)
    return [a, b, c]


def r227_backoff_delays_written_after(web: str) -> list[Any]:
    rng = random.Random(9)
    code, delays = retry_status(web, "/status/502?ms=30", rng)
    v = _put(web, "retry-log", ",".join(f"{d:.4f}" for d in delays))
    ok, more = retry_status(web, "/status/200?ms=30", rng)
    return [code, delays, v, ok, more, round(rng.random(), 6)]


def r227_backoff_random_module_seeded(web: str) -> list[Any]:
    random.seed(31)
    out = []
    for path in ("/status/503?ms=30", "/status/200?ms=30"):
        for attempt in range(3):
            code = requests.get(f"{web}{path}", timeout=5).status_code
            if code < 500:
                break
            time.sleep(0.02 * 2 ** attempt + random.random() * 0.01)
        out.append([code, attempt])
    out.append(round(random.random(), 6))
    return out


def r227_backoff_then_fanout_reads(web: str) -> list[Any]:
    rng = random.Random(4)
    first = retry_status(web, "/status/503?ms=30", rng)
    rest = [_get(web, f"fr{i}", 50) for i in range(3)]
    return [first, rest]


def r227_backoff_fail_then_put(web: str) -> list[Any]:
    rng = random.Random(11)
    code, delays = retry_status(web, "/status/503?ms=30", rng, tries=2)
    if code >= 500:
        v = _put(web, "outage", f"gave up after {len(delays) + 1}")
    else:
        v = -1
    return [code, v, _get(web, "outage")]


# ------------------------------------------------------------ polls with a deadline


def _poll_job(web: str, job: str, gap: float, budget: float = 3.0) -> int:
    deadline = time.monotonic() + budget
    polls = 0
    while time.monotonic() < deadline:
        polls += 1
        status = requests.get(f"{web}/jobs/{job}?ms=60", timeout=5).json()["status"]
        if status == "done":
            return polls
        time.sleep(gap)
    raise TimeoutError(f"{job} after {polls} polls")


def r227_poll_two_jobs_in_turn(web: str) -> list[Any]:
    a = requests.post(f"{web}/jobs?ms=60", timeout=5).json()["id"]
    pa = _poll_job(web, a, 0.05)
    b = requests.post(f"{web}/jobs?ms=60", timeout=5).json()["id"]
    pb = _poll_job(web, b, 0.05)
    return [a, pa, b, pb]


def r227_poll_flag_times_out(web: str) -> Any:
    deadline = now() + 0.29
    polls = 0
    while now() < deadline:
        polls += 1
        if _get(web, "flag") == "go":
            return polls
        time.sleep(0.12)
    raise TimeoutError(f"flag not set after {polls} polls")


def r227_poll_flag_after_own_put(web: str) -> list[Any]:
    before = _get(web, "flag2")
    _put(web, "flag2", "go")
    deadline = now() + 2.0
    polls = 0
    while now() < deadline:
        polls += 1
        if _get(web, "flag2") == "go":
            break
        time.sleep(0.05)
    return [before, polls]


def r227_poll_then_fanout_reads(web: str) -> list[Any]:
    job = requests.post(f"{web}/jobs?ms=30", timeout=5).json()["id"]
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        if requests.get(f"{web}/jobs/{job}?ms=30", timeout=5).json()["status"] == "done":
            break
        time.sleep(0.04)
    return [job, [_get(web, f"pf{i}", 50) for i in range(3)]]


def r227_poll_remaining_as_timeout(web: str) -> list[Any]:
    job = requests.post(f"{web}/jobs?ms=30", timeout=5).json()["id"]
    deadline = time.monotonic() + 3.0
    seen = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(job)
        r = requests.get(f"{web}/jobs/{job}?ms=30", timeout=max(0.5, remaining))
        seen.append(r.json()["status"])
        if seen[-1] == "done":
            return seen
        time.sleep(0.05)


async def r227_async_poll_loop_time(web: str) -> list[Any]:
    loop = asyncio.get_running_loop()
    job = (await asyncio.to_thread(requests.post, f"{web}/jobs?ms=30", timeout=5)).json()["id"]
    deadline = loop.time() + 3.0
    polls = 0
    while loop.time() < deadline:
        polls += 1
        r = await asyncio.to_thread(requests.get, f"{web}/jobs/{job}?ms=30", timeout=5)
        if r.json()["status"] == "done":
            return [job, polls]
        await asyncio.sleep(0.05)
    raise TimeoutError(job)


# ------------------------------------------------------------ timeouts from elapsed time


def r227_timeout_budget_minus_elapsed(web: str) -> list[Any]:
    t0 = time.monotonic()
    budget = 2.0
    out = []
    for k in ("tb1", "tb2", "tb3"):
        remaining = budget - (time.monotonic() - t0)
        r = requests.get(f"{web}/items/{k}?ms=40", timeout=remaining)
        out.append([r.json()["value"], round(remaining)])
    return out


def r227_timeout_budget_runs_out(web: str) -> list[str]:
    t0 = time.monotonic()
    budget = 0.4
    out = []
    for k in ("ro1", "ro2", "ro3"):
        remaining = budget - (time.monotonic() - t0)
        if remaining <= 0:
            out.append("skipped")
            continue
        try:
            out.append(requests.get(f"{web}/items/{k}?ms=250", timeout=remaining).json()["value"])
        except requests.Timeout:
            out.append("timeout")
            break
    return out


async def r227_async_wait_for_remaining(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    out = []
    for k in ("wf1", "wf2"):
        left = 2.0 - (loop.time() - t0)
        out.append(await asyncio.wait_for(asyncio.to_thread(_get, web, k), timeout=left))
        await asyncio.sleep(0.1)
    return out


def r227_deadline_checked_then_fanout(web: str) -> list[str]:
    deadline = time.monotonic() + 5.0
    if time.monotonic() > deadline:
        raise TimeoutError("no time left")
    return [_get(web, f"dc{i}", 60) for i in range(4)]


DEADLINE = {"at": 0.0}


def _check_deadline() -> None:
    if time.monotonic() > DEADLINE["at"]:
        raise TimeoutError("past the deadline")


def r227_deadline_global_checked_in_helper(web: str) -> list[str]:
    DEADLINE["at"] = time.monotonic() + 0.29
    out = []
    try:
        for k in ("gd1", "gd2", "gd3"):
            _check_deadline()
            out.append(_get(web, k, 150))
    except TimeoutError as e:
        out.append(str(e))
    return out


_DEADLINE_AT = 0.0


def _past_deadline() -> None:
    if time.monotonic() > _DEADLINE_AT:
        raise TimeoutError("past the global deadline")


def r227_deadline_global_float_in_helper(web: str) -> list[str]:
    global _DEADLINE_AT
    _DEADLINE_AT = time.monotonic() + 0.29
    out = []
    try:
        for k in ("gf1", "gf2", "gf3"):
            _past_deadline()
            out.append(_get(web, k, 150))
    except TimeoutError as e:
        out.append(str(e))
    return out


def r227_deadline_global_float_straight_line(web: str) -> list[str]:
    global _DEADLINE_AT
    _DEADLINE_AT = time.monotonic() + 0.29
    out = []
    try:
        _past_deadline()
        out.append(_get(web, "gs1", 150))
        _past_deadline()
        out.append(_get(web, "gs2", 150))
        _past_deadline()
        out.append(_get(web, "gs3", 150))
    except TimeoutError as e:
        out.append(str(e))
    return out


def r227_deadline_passed_in_comprehension(web: str) -> list[str]:
    deadline = time.monotonic() + 5.0
    return [_get(web, k, 60) for k in ("pc1", "pc2", "pc3") if not _expired_at(deadline)]


def _expired_at(deadline: float) -> bool:
    return time.monotonic() > deadline


def r227_deadline_filter_comprehension_tight(web: str) -> list[str]:
    deadline = time.monotonic() + 0.29
    return [_get(web, k, 150) for k in ("ft1", "ft2", "ft3") if not _expired_at(deadline)]


def r227_tick_helper_in_loop(web: str) -> list[str]:
    start = time.monotonic()
    return [tick_get(web, k, start) for k in ("tl1", "tl2", "tl3")]


def r227_throttle_helper_in_loop(web: str) -> list[str]:
    out = []
    for k in ("tr1", "tr2", "tr3"):
        _throttle()
        out.append(_get(web, k))
    return out


def r227_poll_helper_in_loop(web: str) -> list[Any]:
    jobs = [requests.post(f"{web}/jobs?ms=60", timeout=5).json()["id"] for _ in range(2)]
    polls = []
    for job in jobs:
        polls.append(_poll_job(web, job, 0.05))
    return [jobs, polls]


def r227_deadline_param_bool_break(web: str) -> list[str]:
    deadline = time.monotonic() + 0.29
    out = []
    for k in ("bb1", "bb2", "bb3"):
        if _expired_at(deadline):
            out.append("stopped")
            break
        out.append(_get(web, k, 150))
    return out


def r227_deadline_param_bool_continue(web: str) -> list[str]:
    deadline = time.monotonic() + 0.29
    out = []
    for k in ("bc1", "bc2", "bc3"):
        if _expired_at(deadline):
            out.append("skipped")
            continue
        out.append(_get(web, k, 150))
    return out


def _tick_since(start: float) -> int:
    return int((time.monotonic() - start) / 0.14)


def r227_comprehension_tick_after_get(web: str) -> list[Any]:
    start = time.monotonic()
    return [(_get(web, k, 150), _tick_since(start)) for k in ("ct1", "ct2", "ct3")]


def r227_loop_marks_tick_after_get(web: str) -> list[Any]:
    start = time.monotonic()
    out, marks = [], []
    for k in ("lm1", "lm2", "lm3"):
        out.append(_get(web, k, 150))
        marks.append(_tick_since(start))
    return [out, marks]


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise TimeoutError("deadline object expired")

    def expired(self) -> bool:
        return time.monotonic() > self.at


def r227_deadline_object_check_method(web: str) -> list[str]:
    dl = Deadline(0.29)
    out = []
    try:
        for k in ("do1", "do2", "do3"):
            dl.check()
            out.append(_get(web, k, 150))
    except TimeoutError as e:
        out.append(str(e))
    return out


def r227_deadline_object_expired_breaks(web: str) -> list[str]:
    dl = Deadline(0.29)
    out = []
    for k in ("db1", "db2", "db3"):
        if dl.expired():
            out.append("stopped")
            break
        out.append(_get(web, k, 150))
    return out


def _expired() -> bool:
    return time.monotonic() > DEADLINE["at"]


def r227_deadline_dict_expired_helper_skips(web: str) -> list[str]:
    DEADLINE["at"] = time.monotonic() + 0.29
    out = []
    for k in ("dx1", "dx2", "dx3"):
        if _expired():
            out.append("skipped")
            continue
        out.append(_get(web, k, 150))
    return out


def _check_passed(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise TimeoutError("passed deadline reached")


def r227_deadline_passed_in_checked(web: str) -> list[str]:
    deadline = time.monotonic() + 0.29
    out = []
    try:
        for k in ("dp1", "dp2", "dp3"):
            _check_passed(deadline)
            out.append(_get(web, k, 150))
    except TimeoutError as e:
        out.append(str(e))
    return out


def since_get(web: str, key: str, start: float) -> tuple[int, str]:
    v = _get(web, key, 200)
    return int((time.monotonic() - start) / 0.18), v


def r227_helper_elapsed_since_start(web: str) -> list[Any]:
    start = time.monotonic()
    a = since_get(web, "es1", start)
    b = since_get(web, "es2", start)
    return [a, b]


# ------------------------------------------------------------ timestamps in requests


def r227_query_day_stamp(web: str) -> list[str]:
    day = datetime.datetime.now(datetime.UTC).strftime("%Y")
    a = requests.get(f"{web}/items/qd1?day={day}&ms=30", timeout=5).json()["value"]
    b = requests.get(f"{web}/items/qd2?day={day}&ms=30", timeout=5).json()["value"]
    return [a, b]


def r227_put_elapsed_ticks(web: str) -> list[int]:
    t0 = time.monotonic()
    time.sleep(0.3)
    v1 = _put(web, "tick", str(int((time.monotonic() - t0) / 0.28)))
    time.sleep(0.3)
    v2 = _put(web, "tick", str(int((time.monotonic() - t0) / 0.28)))
    return [v1, v2, int(_get(web, "tick"))]


def r227_stamp_after_overlapping_gets(web: str) -> list[Any]:
    t0 = time.monotonic()
    a = _get(web, "sg1", 50)
    b = _get(web, "sg2", 50)
    v = _put(web, "took", str(round(time.monotonic() - t0)))
    return [a, b, v]


def tick_get(web: str, key: str, start: float) -> str:
    tick = int((time.monotonic() - start) / 0.19)
    return requests.get(f"{web}/items/{key}?tick={tick}&ms=200", timeout=5).json()["value"]


def r227_helper_sends_elapsed_tick(web: str) -> list[str]:
    start = time.monotonic()
    a = tick_get(web, "tk1", start)
    b = tick_get(web, "tk2", start)
    c = tick_get(web, "tk3", start)
    return [a, b, c]


def stamped_get(web: str, key: str, ms: int) -> tuple[int, str]:
    v = _get(web, key, ms)
    return time.monotonic_ns(), v


def r227_helper_stamps_sorted(web: str) -> list[str]:
    a = stamped_get(web, "st1", 150)
    b = stamped_get(web, "st2", 30)
    return [v for _, v in sorted([a, b])]


def r227_datetime_delta_between_sleeps(web: str) -> list[Any]:
    start = datetime.datetime.now()
    a = _get(web, "dd1")
    time.sleep(0.25)
    elapsed = datetime.datetime.now() - start
    b = _get(web, "dd2")
    return [a, b, int(elapsed.total_seconds() * 4)]


# ------------------------------------------------------------ perf_counter measurements


def r227_print_sleep_measured(web: str) -> str:
    a = _get(web, "pm1")
    t0 = time.perf_counter()
    time.sleep(0.3)
    slept = time.perf_counter() - t0
    print(f"slept {int((slept + 0.01) * 10) / 10 if slept < 0.6 else 'too long'}")
    b = _get(web, "pm2")
    return a + b


def timed_get(web: str, key: str) -> tuple[str, str]:
    t = time.perf_counter()
    v = _get(web, key, 100)
    took = time.perf_counter() - t
    return v, "~0.1s" if 0.095 <= took < 0.6 else f"{took:.2f}"


def r227_timed_helper_overlap(web: str) -> list[Any]:
    return [timed_get(web, k) for k in ("th1", "th2", "th3")]


def r227_log_took_bucket(web: str) -> list[str]:
    t0 = time.perf_counter()
    out = [_get(web, k, 60) for k in ("lt1", "lt2", "lt3")]
    took = time.perf_counter() - t0
    LOG.info("batch of %d was %s", len(out), "fast" if took < 1.5 else "slow")
    return out


def r227_print_each_step_duration(web: str) -> list[str]:
    out = []
    for k in ("ed1", "ed2", "ed3"):
        t = time.perf_counter()
        out.append(_get(web, k, 100))
        took = time.perf_counter() - t
        print(k, "~0.1s" if 0.095 <= took < 0.6 else f"{took:.2f}")
    return out


# ------------------------------------------------------------ watchdogs and heartbeats


def r227_watchdog_cancelled(web: str) -> list[str]:
    stop = threading.Event()

    def watch() -> None:
        if not stop.wait(2.0):
            _put(web, "alarm", "fired")

    t = threading.Thread(target=watch)
    t.start()
    try:
        out = [_get(web, k) for k in ("wc1", "wc2", "wc3")]
    finally:
        stop.set()
        t.join()
    return out


def r227_watchdog_fires_during_sleep(web: str) -> list[str]:
    stop = threading.Event()

    def watch() -> None:
        if not stop.wait(0.1):
            _put(web, "alarm", "fired")

    t = threading.Thread(target=watch)
    t.start()
    try:
        a = _get(web, "wf1")
        time.sleep(0.3)
        b = _get(web, "alarm")
    finally:
        stop.set()
        t.join()
    return [a, b]


def r227_watchdog_timer_stops_loop(web: str) -> list[str]:
    expired = threading.Event()
    timer = threading.Timer(0.3, expired.set)
    timer.start()
    out = []
    try:
        for i in range(6):
            if expired.is_set():
                break
            out.append(_get(web, f"wt{i}", 200))
    finally:
        timer.cancel()
        timer.join()
    return out


def r227_heartbeat_thread(web: str) -> list[Any]:
    stop = threading.Event()
    beats = [0]

    def beat() -> None:
        while not stop.wait(0.04):
            beats[0] += 1

    t = threading.Thread(target=beat)
    t.start()
    try:
        out = [_get(web, k, 100) for k in ("hb1", "hb2", "hb3")]
    finally:
        stop.set()
        t.join()
    return [out, beats[0] >= 2]


# ------------------------------------------------------------ a clock read between GETs


def r227_clock_between_gets_sends_third(web: str) -> list[str]:
    a = _get(web, "cb1")
    mid = time.monotonic()
    b = _get(web, "cb2")
    if time.monotonic() - mid < 1.0:
        return [a, b, _get(web, "cb3")]
    return [a, b]


def r227_clock_between_gets_puts_slow(web: str) -> list[Any]:
    a = _get(web, "cs1")
    mid = time.monotonic()
    b = _get(web, "cs2", 200)
    if time.monotonic() - mid > 0.1:
        v = _put(web, "slow", "cs2")
        return [a, b, v, _get(web, "slow")]
    return [a, b, _get(web, "cs3")]


def r227_clock_after_two_sleeps_puts(web: str) -> list[Any]:
    t0 = time.monotonic()
    a = _get(web, "ct1")
    time.sleep(0.1)
    time.sleep(0.1)
    if time.monotonic() - t0 > 0.17:
        return [a, _put(web, "late", a), _get(web, "late")]
    return [a]


def r227_clock_between_model_calls(client: Any) -> list[str]:
    a = _ask(client, "Name a river.", 0.05)
    mid = time.monotonic()
    b = _ask(client, "Name a lake.", 0.05)
    if time.monotonic() - mid < 1.0:
        return [a, b, _ask(client, "Name a sea.", 0.05)]
    return [a, b]


# ------------------------------------------------------------ model calls


def r227_openai_calls_paced(client: Any) -> list[str]:
    out = []
    for q in ("Red?", "Green?", "Blue?"):
        out.append(_ask(client, q, 0.03))
        pause(0.1)
    return out


def r227_anthropic_calls_select_paced(client: Any) -> list[str]:
    a = _claude(client, "One?", 0.03)
    select.select([], [], [], 0.1)
    b = _claude(client, "Two?", 0.03)
    return [a, b]


def r227_openai_fanout_after_deadline_check(client: Any) -> list[str]:
    deadline = time.monotonic() + 5.0
    if time.monotonic() >= deadline:
        return []
    return [_ask(client, f"Pick a number, {i}") for i in range(3)]


def r227_sim_models_overlap_then_spaced_puts(web: str) -> list[Any]:
    a = models("sim/gpt", "First word?", latency=0.05)[:10]
    b = models("sim/claude", "Second word?", latency=0.05)[:10]
    c = models("sim/judge", "Third word?", latency=0.05)[:10]
    v1 = _put(web, "words", f"{a}|{b}")
    time.sleep(0.1)
    v2 = _put(web, "words", c, 120)
    return [v1, v2, _get(web, "words", 120)]


def r227_sim_model_retry_jitter(web: str) -> list[Any]:
    rng = random.Random(5)
    answers = []
    for i in range(2):
        answers.append(models("sim/gpt", f"Attempt {i}: say ok", latency=0.03)[:10])
        time.sleep(0.03 + rng.uniform(0, 0.02))
    code, delays = retry_status(web, "/status/503?ms=30", rng, tries=2)
    return [answers, code, delays]


# ------------------------------------------------------------ async shapes


async def r227_async_gather_then_sleep_then_put(web: str) -> list[Any]:
    got = await asyncio.gather(*(asyncio.to_thread(_get, web, f"ag{i}", 50) for i in range(3)))
    await asyncio.sleep(0.1)
    v = await asyncio.to_thread(_put, web, "gathered", ",".join(got))
    return [list(got), v]


async def r227_async_monotonic_spaced_puts(web: str) -> list[int]:
    out = []
    last = 0.0
    for i in range(3):
        wait = last + 0.12 - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        last = time.monotonic()
        out.append(await asyncio.to_thread(_put, web, "apaced", str(i)))
    return out


# ------------------------------------------------------------ the list


def _reset(env: Env) -> None:
    global _LAST
    _LAST = 0.0
    MIN_GAP.last = 0.0
    THROTTLED_GET.last = 0.0
    DEADLINE["at"] = 0.0
    global _DEADLINE_AT
    _DEADLINE_AT = 0.0


def _web(env: Env) -> tuple:
    return (env.web,)


def _arun(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _s(fn: Any, spacing: float = 0.1, ideal: float = 1.0, cat: str = "sleep",
       **kw: Any) -> Case:
    """A case on the web server, spaced by default."""
    return Case(cat, fn, args=kw.pop("args", _web), servers=kw.pop("servers", "web"),
                spacing=spacing, ideal=ideal, setup=_reset, **kw)


def _llm(fn: Any, spacing: float = 0.0, ideal: float = 1.0, anthropic: bool = False,
         **kw: Any) -> Case:
    make = anthropic_client if anthropic else openai_client
    return Case("sdk", fn, args=lambda env: (make(env),), servers="api", latency=CLIENT_LAT,
                spacing=spacing, ideal=ideal, setup=_reset, **kw)


ALL += [
    # sleeps spelled differently: every request pair is 100 ms apart in the plain run
    _s(r227_sleep_import_alias),
    _s(r227_sleep_via_dict),
    _s(r227_sleep_via_class_attr),
    _s(r227_sleep_injected_instance_attr),
    _s(r227_sleep_getattr_time),
    _s(r227_sleep_methodcaller),
    _s(r227_sleep_chosen_by_flag, args=lambda env: (env.web, True)),
    _s(r227_sleep_deque_consume),
    _s(r227_event_wait_fresh),
    _s(r227_select_timeout),
    _s(r227_lock_acquire_timeout),
    _s(r227_socket_recv_timeout, args=lambda env: (env.web, env.tcp), servers="web tcp"),
    _s(r227_asyncio_run_own_coroutine),
    _s(r227_new_event_loop_until_complete),
    _s(r227_sched_scheduler_gets, spacing=0.05),
    _s(r227_sched_priorities_puts, spacing=0.0),
    _s(r227_busy_wait_perf_counter_helper),
    _s(r227_sleep_small_steps_until),
    _s(r227_timer_joined_as_sleep),
    _s(r227_exitstack_callback_sleep),
    _s(r227_sleep_in_finally),
    _s(r227_sleep_value_used),
    _s(r227_sleep_or_get),
    # three 100 ms sleeping helpers overlap (300 ms of waits in 100), then one GET
    _s(r227_alias_sleep_helpers_overlap, spacing=0.0, ideal=0.33 / 0.13),
    # rate limiters: they space the moments they let a request go (120 ms); the servers
    # see arrivals, which a loaded machine may delay by tens of milliseconds one by one
    _s(r227_last_call_global_inline, spacing=0.05),
    _s(r227_last_call_global_helper, spacing=0.05),
    _s(r227_instance_decorator_min_gap, spacing=0.05, calls=2),
    _s(r227_callable_wrapper_throttle, spacing=0.05),
    _s(r227_sliding_window_limiter, spacing=0.05),
    _s(r227_token_bucket_try_take, spacing=0.05),
    _s(r227_semaphore_body_sleeps),
    # three 50 ms sim calls overlap; the PUTs keep their 120 ms gaps
    _s(r227_limiter_puts_after_sim_models, spacing=0.05, ideal=0.45 / 0.35),
    # retries
    _s(r227_backoff_seeded_jitter_shared_rng, spacing=0.02),
    _s(r227_backoff_delays_written_after, spacing=0.02),
    _s(r227_backoff_random_module_seeded, spacing=0.02),
    # the retry (3 x 30 ms + ~90 ms of backoff), then three 50 ms GETs together
    _s(r227_backoff_then_fanout_reads, spacing=0.0, ideal=0.33 / 0.23, overlap=3),
    _s(r227_backoff_fail_then_put, spacing=0.02),
    # polls
    _s(r227_poll_two_jobs_in_turn, spacing=0.05),
    _s(r227_poll_flag_times_out),
    _s(r227_poll_flag_after_own_put, spacing=0.02),
    # POST, 3 polls and 2 sleeps (200 ms), then three 50 ms GETs together
    _s(r227_poll_then_fanout_reads, spacing=0.0, ideal=0.35 / 0.25, overlap=3),
    _s(r227_poll_remaining_as_timeout, spacing=0.02),
    Case("sleep", r227_async_poll_loop_time, drive=_arun, servers="web", spacing=0.02),
    # timeouts from elapsed time
    _s(r227_timeout_budget_minus_elapsed, spacing=0.02),
    _s(r227_timeout_budget_runs_out, spacing=0.2),
    Case("sleep", r227_async_wait_for_remaining, drive=_arun, servers="web", spacing=0.1),
    _s(r227_deadline_checked_then_fanout, spacing=0.0, ideal=4.0, overlap=4),
    _s(r227_deadline_global_checked_in_helper),
    _s(r227_deadline_global_float_in_helper),
    _s(r227_deadline_global_float_straight_line),
    # a clock check far from its deadline per item: a correct JIT keeps each check after
    # the GET before it (as the failing deadline cases show it must), so no overlap claim
    _s(r227_deadline_passed_in_comprehension, spacing=0.0),
    _s(r227_deadline_filter_comprehension_tight),
    _s(r227_tick_helper_in_loop, spacing=0.15),
    _s(r227_throttle_helper_in_loop, spacing=0.05),
    _s(r227_poll_helper_in_loop, spacing=0.05),
    _s(r227_deadline_param_bool_break),
    _s(r227_deadline_param_bool_continue),
    _s(r227_comprehension_tick_after_get),
    _s(r227_loop_marks_tick_after_get),
    _s(r227_deadline_object_check_method),
    _s(r227_deadline_object_expired_breaks),
    _s(r227_deadline_dict_expired_helper_skips),
    _s(r227_deadline_passed_in_checked),
    _s(r227_helper_elapsed_since_start),
    # timestamps
    _s(r227_query_day_stamp, spacing=0.0, ideal=2.0, overlap=2),
    _s(r227_put_elapsed_ticks),
    _s(r227_stamp_after_overlapping_gets, spacing=0.0, ideal=0.13 / 0.08, overlap=2),
    _s(r227_helper_sends_elapsed_tick, spacing=0.15),
    _s(r227_helper_stamps_sorted, spacing=0.0),
    _s(r227_datetime_delta_between_sleeps),
    # perf_counter measurements
    _s(r227_print_sleep_measured),
    _s(r227_timed_helper_overlap, spacing=0.0, ideal=3.0, overlap=3),
    _s(r227_log_took_bucket, spacing=0.0, ideal=3.0, overlap=3),
    _s(r227_print_each_step_duration),
    # watchdogs and heartbeats
    _s(r227_watchdog_cancelled, spacing=0.0, cat="threads"),
    _s(r227_watchdog_fires_during_sleep, spacing=0.0, cat="threads"),
    _s(r227_watchdog_timer_stops_loop, cat="threads"),
    _s(r227_heartbeat_thread, cat="threads"),
    # a clock read between GETs
    _s(r227_clock_between_gets_sends_third, spacing=0.02),
    _s(r227_clock_between_gets_puts_slow, spacing=0.02),
    _s(r227_clock_after_two_sleeps_puts, spacing=0.02),
    _llm(r227_clock_between_model_calls, spacing=0.04),
    # model calls
    _llm(r227_openai_calls_paced, spacing=0.1),
    _llm(r227_anthropic_calls_select_paced, spacing=0.1, anthropic=True),
    _llm(r227_openai_fanout_after_deadline_check, ideal=3.0, overlap=3),
    _s(r227_sim_models_overlap_then_spaced_puts, ideal=0.40 / 0.30),
    _s(r227_sim_model_retry_jitter, spacing=0.02),
    # async
    # the gather overlaps in the plain run too
    Case("sleep", r227_async_gather_then_sleep_then_put, drive=_arun, servers="web",
         ideal=1.0, overlap=3),
    Case("sleep", r227_async_monotonic_spaced_puts, drive=_arun, servers="web", spacing=0.05,
         setup=_reset),
]

_LOOP = ("is taken as the item's check of a loop whose GETs then run 'all items at once' "
         "(explain(): 'starts for each item as soon as the item's checks pass'): every "
         "item's check reads the clock at the loop's start instead of after the GET before "
         "it, so")
FAILING_WHY.update({
    "r227_sleep_value_used":
        "`r = time.sleep(0.1)` with `r` read later (`r is None`) is a sleep whose value is "
        "used, which the effect table makes a read: GET /items/vu2 starts beside GET "
        "/items/vu1 and they arrive 0.000 s apart where the plain run spaced them by the "
        "100 ms sleep (only a sleep whose value is dropped counts as spacing)",
    "r227_helper_elapsed_since_start":
        "`since_get(web, k, start)` returns int((monotonic() - start) / 0.18) after its own GET "
        "(the start passed in): the two calls overlap, so the second reports tick 1 where "
        "the plain run's, sent after the first ended, reported tick 2",
    "r227_helper_stamps_sorted":
        "(documented as not covered: clock readings made inside helpers and compared across "
        "them) `stamped_get` reads monotonic_ns() after its GET; overlapped, the 30 ms GET "
        "ends before the 150 ms one, so sorting by the stamps puts 'v-st2' first where the "
        "plain run put 'v-st1'",
})

# Differed when written; fixed since (`_bodies._varies`, `Moves.comprehension`: a check, a
# value or a filter that reads the clock, itself or in a helper, keeps its place):
FIXED_WHY: dict[str, str] = {
    "r227_deadline_global_checked_in_helper":
        f"`_check_deadline()` (monotonic() against a deadline in a global dict item, raising) "
        f"{_LOOP} the third check passes where the plain run's (at ~0.30 s, deadline 0.29 s) "
        "raised: value 'v-gd3' for 'past the deadline', an extra GET /items/gd3, and the "
        "GETs arrive together",
    "r227_deadline_global_float_in_helper":
        "`_past_deadline()` (`if monotonic() > _DEADLINE_AT: raise`, the very shape the docs "
        f"call spacing) {_LOOP} the third check passes: value 'v-gf3' for 'past the global "
        "deadline' and an extra GET; the same helper between straight-line GETs keeps its "
        "place (`r227_deadline_global_float_straight_line` passes)",
    "r227_deadline_dict_expired_helper_skips":
        f"`if _expired(): continue` (a helper comparing monotonic() with a global dict's "
        f"deadline, its bool decides) {_LOOP} the third item is fetched ('v-dx3') where the "
        "plain run skipped it, an extra GET",
    "r227_deadline_passed_in_checked":
        f"`_check_passed(deadline)` with the deadline passed in (`a start passed in`, spacing "
        f"in the docs) {_LOOP} the third check passes: 'v-dp3' for 'passed deadline reached' "
        "and an extra GET",
    "r227_deadline_filter_comprehension_tight":
        "a comprehension filtered by `if not _expired_at(deadline)`: every item's filter is "
        "evaluated at the start, before the GETs it should wait for, so the third item "
        "passes the filter: 3 items for 2 and an extra GET /items/ft3",
    "r227_deadline_param_bool_continue":
        "`if _expired_at(deadline): continue` (a helper comparing monotonic() with the "
        f"deadline passed in) {_LOOP} the third item is fetched ('v-bc3') where the plain run "
        "skipped it, an extra GET; the same test with `break` keeps the loop in order "
        "(`r227_deadline_param_bool_break` passes)",
}

# A clock read after each started read, by a helper that only computes: the reads overlap,
# so the time each sees is earlier (a timing observation; docs/jit.md's clock readings in
# helpers are not ordered with the reads around them).
FAILING_WHY.update({
    "r227_comprehension_tick_after_get":
        "`[(_get(web, k, 150), _tick_since(start)) for k in ...]`: the three GETs run at once "
        "and each item's tick, read after its own GET, is 1 where the plain run's, read "
        "after the GETs before it too, were 1, 2, 3 (the clock helper is not kept after the "
        "earlier items' GETs)",
    "r227_loop_marks_tick_after_get":
        "a `for` loop appending `_get(...)` then `_tick_since(start)`: the loop's GETs run "
        "all items at once, so the marks are [1, 1, 1] where the plain run's were [1, 2, 3]",
})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
