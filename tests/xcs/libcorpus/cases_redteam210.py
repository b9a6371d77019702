"""Red-team cases (stop 210): sleeps as spacing in unusual shapes, validation before writes,
fan-out under a low descriptor limit.

- Spacing written without a `time.sleep` statement between the calls: a generator that
  sleeps between the items it yields, a context manager whose exit sleeps, an
  `Event.wait`, `functools.partial(time.sleep)`, a busy wait on `monotonic`, a token
  bucket, a rate-limit decorator of the case's own, a sleep whose length comes from a
  response, a backoff helper whose sleep sits in an `except`, an `asyncio.sleep` between
  threaded calls, sleeps in a property, `__str__` and `__getitem__`; and sleeps whose
  value nothing uses though they are not a bare statement (``_ = time.sleep(d)``,
  ``throttled and time.sleep(d)``, a conditional expression, a list of sleeps).
- Validation that stops a write: `int(...)`, a dataclass's `__post_init__`, a pydantic
  model (and its ``validate_assignment``), a property, `sys.exit` in a helper, a validating
  generator, a deadline, try/except/else, `next` over a generator of reads.
- Fan-out of 300-1000 blocking helpers under ``RLIMIT_NOFILE=256``: httpx, nested
  batches, a file and a socket per item, connections left to the collector, three
  connections held at once per item, 170 files held open before the fan-out.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import http.client
import json
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam210")


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

# Differed when written, pass since:
# - r210_underscore_assigned_sleep, r210_and_sleep, r210_ternary_sleep,
#   r210_listcomp_of_sleeps, r210_list_map_sleep: a sleep whose value nothing uses, written
#   other than as a bare statement (``_ = time.sleep(d)``, ``throttled and time.sleep(d)``,
#   a conditional expression, a list of sleeps, ``list(map(time.sleep, ...))``), was no
#   spacing: the GETs around it reached the server together. A sleep in any place whose
#   value is dropped is spacing now (`_analysis._discarded`).
# - r210_fanout_after_opening_files: the pool's bound on calls in flight, read off the
#   descriptor table at most every 0.25 s, was stale after the function opened 170 files:
#   Errno 24. A frame's first start reads it afresh now.
# - r210_fanout_three_connections_each: a helper holding three connections at once, ~118
#   in flight (half the free descriptors, as if each held two): Errno 24. A started read
#   that fails for want of a descriptor runs again at its own place; what it sent before
#   failing is sent again (a read: judged with the allowance, `speculative_reads`).


# ------------------------------------------------------------------ spacing, odd shapes


def paced(keys: list[str], gap: float) -> Iterator[str]:
    for i, k in enumerate(keys):
        if i:
            time.sleep(gap)
        yield k


def r210_paced_generator(web: str) -> list[str]:
    out = []
    for k in paced(["g1", "g2", "g3"], 0.1):
        out.append(_get(web, k, 30))
    return out


@contextlib.contextmanager
def throttle(gap: float) -> Iterator[None]:
    yield
    time.sleep(gap)


def r210_contextmanager_throttle(web: str) -> list[str]:
    out = []
    for k in ("c1", "c2", "c3"):
        with throttle(0.1):
            out.append(_get(web, k, 30))
    return out


def r210_event_wait_as_sleep(web: str) -> list[str]:
    never = threading.Event()
    a = _get(web, "ev1", 30)
    never.wait(0.1)
    b = _get(web, "ev2", 30)
    never.wait(0.1)
    c = _get(web, "ev3", 30)
    return [a, b, c]


NAP = functools.partial(time.sleep, 0.1)


def r210_partial_sleep(web: str) -> list[str]:
    a = _get(web, "p1", 30)
    NAP()
    b = _get(web, "p2", 30)
    NAP()
    c = _get(web, "p3", 30)
    return [a, b, c]


def r210_busy_wait_monotonic(web: str) -> list[str]:
    a = _get(web, "bw1", 30)
    until = time.monotonic() + 0.1
    while time.monotonic() < until:
        pass
    b = _get(web, "bw2", 30)
    return [a, b]


class TokenBucket:
    """One token, refilled at `rate` a second: at most one request per 1/rate seconds."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = 1.0
        self.last = time.monotonic()

    def take(self) -> None:
        now = time.monotonic()
        self.tokens = min(1.0, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1.0:
            time.sleep((1.0 - self.tokens) / self.rate)
            self.last = time.monotonic()
            self.tokens = 1.0
        self.tokens -= 1.0


def r210_token_bucket(web: str) -> list[str]:
    bucket = TokenBucket(rate=8.0)  # 125 ms a token
    out = []
    for k in ("tb1", "tb2", "tb3", "tb4"):
        bucket.take()
        out.append(_get(web, k, 20))
    return out


def rate_limited(gap: float):  # noqa: ANN201 - as people write them
    def deco(fn):  # noqa: ANN001, ANN202
        last = [0.0]

        @functools.wraps(fn)
        def wrapper(*a, **kw):  # noqa: ANN002, ANN003, ANN202
            wait = last[0] + gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            last[0] = time.monotonic()
            return fn(*a, **kw)
        return wrapper
    return deco


@rate_limited(0.12)
def limited_get(web: str, key: str) -> str:
    return _get(web, key, 20)


def r210_decorator_rate_limit(web: str) -> list[str]:
    return [limited_get(web, k) for k in ("d1", "d2", "d3")]


def r210_sleep_from_response(web: str) -> list[str]:
    out = []
    for k in ("aaaaaa", "bbbbbb", "cccccc"):
        v = _get(web, k, 20)
        out.append(v)
        time.sleep(len(v) / 50)  # "v-aaaaaa": 8 chars, 160 ms
    return out


def retrying(web: str, path: str) -> int:
    for attempt in range(3):
        try:
            r = requests.get(f"{web}{path}", timeout=5)
            r.raise_for_status()
            return r.status_code
        except requests.HTTPError:
            time.sleep(0.04 * (attempt + 1))
    return -1


def r210_backoff_helper_then_read(web: str) -> list[int]:
    return [retrying(web, "/status/503"), retrying(web, "/status/429"),
            retrying(web, "/items/after")]


def r210_poll_with_deadline(web: str) -> str:
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        status = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        if status == "done":
            return job
        time.sleep(0.06)
    raise TimeoutError(job)


def r210_poll_two_jobs(web: str) -> list[str]:
    jobs = [requests.post(f"{web}/jobs", timeout=5).json()["id"] for _ in range(2)]
    pending = list(jobs)
    rounds = []
    while pending:
        for j in list(pending):
            if requests.get(f"{web}/jobs/{j}", timeout=5).json()["status"] == "done":
                pending.remove(j)
        rounds.append(len(pending))
        time.sleep(0.05)
    return [*jobs, str(rounds)]


async def r210_async_sleep_between_threads(web: str) -> list[str]:
    a = await asyncio.to_thread(_get, web, "as1", 30)
    await asyncio.sleep(0.1)
    b = await asyncio.to_thread(_get, web, "as2", 30)
    await asyncio.sleep(0.1)
    c = await asyncio.to_thread(_get, web, "as3", 30)
    return [a, b, c]


def _run_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def slow_upper(x: str) -> str:
    time.sleep(0.1)
    return x.upper()


def r210_latency_sleeps_then_spaced_put(web: str) -> list[Any]:
    words = [slow_upper(w) for w in ("x", "y", "z")]
    v1 = _put(web, "words", ",".join(words))
    time.sleep(0.1)
    v2 = _put(web, "words2", words[0])
    return [words, v1, v2]


def _s(fn: Any, spacing: float = 0.0, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sleep", fn, args=lambda env: (env.web,), servers="web", spacing=spacing,
                ideal=ideal, **kw)


ALL += [
    _s(r210_paced_generator, 0.1),
    _s(r210_contextmanager_throttle, 0.1),
    _s(r210_event_wait_as_sleep, 0.1),
    _s(r210_partial_sleep, 0.1),
    _s(r210_busy_wait_monotonic, 0.1),
    _s(r210_token_bucket, 0.1),
    _s(r210_decorator_rate_limit, 0.1, calls=2),
    _s(r210_sleep_from_response, 0.15),
    _s(r210_backoff_helper_then_read, 0.04),
    _s(r210_poll_with_deadline, 0.06),
    # the two polls of a round may overlap; the rounds keep their 50 ms apart
    _s(r210_poll_two_jobs, ideal=0.55 / 0.40),
    Case("sleep", r210_async_sleep_between_threads, drive=_run_async, servers="web",
         spacing=0.1),
    # the three 100 ms waits overlap; the PUTs keep their gap
    _s(r210_latency_sleeps_then_spaced_put, 0.1, ideal=0.5 / 0.3),
]


# ------------------------------------------------------------------ validation


def r210_int_loop_writes(web: str, raw: list[str]) -> list[int]:
    out = []
    for s in raw:
        n = int(s)
        out.append(_put(web, f"n{n}", s))
    return out


@dataclasses.dataclass
class Order:
    sku: str
    qty: int

    def __post_init__(self) -> None:
        if self.qty <= 0:
            raise ValueError(f"{self.sku}: quantity must be positive, got {self.qty}")


def r210_dataclass_post_init(web: str) -> list[int]:
    out = []
    for sku, qty in (("a", 1), ("b", 2), ("c", 0), ("d", 4), ("e", 5)):
        order = Order(sku, qty)
        out.append(_put(web, f"order-{order.sku}", str(order.qty)))
    return out


class Item(pydantic.BaseModel):
    key: str
    qty: pydantic.PositiveInt


def r210_pydantic_before_put(web: str) -> list[int]:
    out = []
    for raw in ({"key": "p1", "qty": 1}, {"key": "p2", "qty": "2"}, {"key": "p3", "qty": -3},
                {"key": "p4", "qty": 4}):
        item = Item.model_validate(raw)
        out.append(_put(web, item.key, str(item.qty)))
    return out


class Target:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    @property
    def url(self) -> str:
        if "/" in self.key:
            raise ValueError(f"bad key {self.key!r}")
        return f"{self.web}/items/{self.key}"


def r210_property_validates(web: str) -> list[int]:
    out = []
    for k in ("t1", "t2", "t/3", "t4"):
        t = Target(web, k)
        out.append(requests.put(t.url, data=k, timeout=5).json()["version"])
    return out


def bail(msg: str) -> None:
    print("fatal:", msg)
    sys.exit(3)


def r210_sys_exit_in_helper(web: str, keys: list[str]) -> list[int]:
    out = []
    for k in keys:
        if not k.isalnum():
            bail(f"bad key {k!r}")
        out.append(_put(web, k, k))
    return out


def _catch_exit(f: Any, env: Env) -> Any:
    try:
        return f(env.web, ["x1", "x2", "x 3", "x4"])
    except SystemExit as e:
        return f"exit {e.code}"


def r210_try_except_else(web: str) -> list[Any]:
    out: list[Any] = []
    for s in ("1", "two", "3", "END", "5"):
        try:
            n = int(s)
        except ValueError:
            if s == "END":
                break
            out.append(f"skip {s}")
            continue
        else:
            out.append(_put(web, f"te{n}", s))
    return out


def r210_next_found_then_put(web: str) -> list[Any]:
    found = next((k for k in ("nf1", "nf2", "nf3", "nf4") if _get(web, k, 30) == "v-nf2"),
                 None)
    return [found, _put(web, "found", str(found))]


def ensure_positive(n: int) -> int:
    assert n > 0, f"not positive: {n}"
    return n


def r210_assert_helper_in_comprehension(web: str) -> list[int]:
    return [_put(web, f"a{n}", str(ensure_positive(n))) for n in (1, 2, -3, 4)]


def r210_reads_loop_raise_by_design(web: str) -> list[str]:
    out = []
    for k in ("r1", "r2", "bad r3", "r4", "r5"):
        if " " in k:
            raise ValueError(f"bad key {k!r}")
        out.append(_get(web, k, 50))
    return out


def r210_branch_picks_endpoint(web: str, mode: str) -> list[Any]:
    cfg = _get(web, "mode", 30)
    if mode == "write":
        out = _put(web, "chosen", cfg)
    elif mode == "read":
        out = _get(web, "chosen", 30)
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return [cfg, out]


def _branch_modes(f: Any, env: Env) -> list[Any]:
    out = []
    for mode in ("read", "write", "delete", "read"):
        try:
            out.append(f(env.web, mode))
        except ValueError as e:
            out.append(f"ValueError {e}")
    return out


def lookup_or_none(web: str, key: str) -> str | None:
    r = requests.get(f"{web}/items/{key}", timeout=5)
    return None if r.status_code == 404 else r.json()["value"]


def r210_early_return_none_before_write(web: str) -> list[Any]:
    a = lookup_or_none(web, "present")
    b = lookup_or_none(web, "missing-b")
    if b is None:
        return [a, "stopped"]
    return [a, b, _put(web, "after", "x")]


def _v(fn: Any, args: Any = None, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("validation", fn, args=args or (lambda env: (env.web,)), servers="web",
                ideal=ideal, **kw)


ALL += [
    _v(r210_int_loop_writes, lambda env: (env.web, ["1", "2", "x", "4", "5"]), calls=2),

    _v(r210_dataclass_post_init),
    _v(r210_pydantic_before_put),
    _v(r210_property_validates),
    _v(r210_sys_exit_in_helper, drive=_catch_exit),
    _v(r210_try_except_else),
    _v(r210_next_found_then_put),
    _v(r210_assert_helper_in_comprehension),
    _v(r210_reads_loop_raise_by_design, ideal=2.0, speculative_reads=True),
    _v(r210_branch_picks_endpoint, drive=_branch_modes),
    _v(r210_early_return_none_before_write, ideal=2.0),
]


# ------------------------------------------------------------------ fan-out under a low limit

FAN_LAT = 0.002
FAN_LOAD = 0.002
NOFILE = 256
FAN_IDEAL = (0.002 + 0.0013) / 0.002


def h_httpx(client: httpx.Client, base: str, i: int) -> str:
    return client.get(f"{base}/items/h{i}").json()["value"]


def r210_fanout_httpx_shared(client: httpx.Client, base: str) -> list[str]:
    return [h_httpx(client, base, i) for i in range(400)]


def get_urlopen(base: str, i: int) -> str:
    with urllib.request.urlopen(f"{base}/items/u{i}") as r:
        return json.loads(r.read())["value"]


def batch(base: str, start: int) -> list[str]:
    return [get_urlopen(base, i) for i in range(start, start + 20)]


def r210_fanout_nested_batches(base: str) -> int:
    return sum(len(batch(base, 20 * j)) for j in range(25))


def file_then_get(folder: str, base: str, i: int) -> str:
    with open(Path(folder) / f"k{i}.txt") as f:
        key = f.read().strip()
    return requests.get(f"{base}/items/{key}").json()["value"]


def _write_keys(env: Env) -> None:
    for i in range(300):
        (env.tmp / f"k{i}.txt").write_text(f"key{i}\n")


def r210_fanout_file_and_socket(folder: str, base: str) -> list[str]:
    return [file_then_get(folder, base, i) for i in range(300)]


def unclosed_conn(base: str, i: int) -> int:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    conn.request("GET", f"/items/c{i}")
    return len(conn.getresponse().read())  # (the connection is left to the collector)


def r210_fanout_unclosed_connections(base: str) -> int:
    return sum(unclosed_conn(base, i) for i in range(400))


def slowly(i: int) -> int:
    time.sleep(0.002)
    return i * i


def r210_fanout_sleep_helpers_1000() -> int:
    return sum(slowly(i) for i in range(1000))


def paced_get(base: str, i: int) -> str:
    time.sleep(0.001)
    return requests.get(f"{base}/items/pg{i}").json()["value"]


def r210_fanout_paced_helpers(base: str) -> list[str]:
    return [paced_get(base, i) for i in range(200)]


def _f(fn: Any, args: Any = None, servers: str = "web", ideal: float = FAN_IDEAL,
       **kw: Any) -> Case:
    return Case("fanout", fn, args=args or (lambda env: (env.web,)), servers=servers,
                latency=FAN_LAT, load=FAN_LOAD, ideal=ideal, rlimit_nofile=NOFILE, **kw)


ALL += [
    _f(r210_fanout_httpx_shared, lambda env: (env.own(httpx.Client()), env.web)),
    _f(r210_fanout_nested_batches),
    _f(r210_fanout_file_and_socket, lambda env: (str(env.tmp), env.web), setup=_write_keys),
    _f(r210_fanout_unclosed_connections),
    _f(r210_fanout_sleep_helpers_1000, lambda env: (), servers="", ideal=10.0),
    # each helper's sleep paces its GET: they keep their place, one after another
    _f(r210_fanout_paced_helpers, ideal=1.0),
]


# ------------------------------------------------------------------ second round: hidden waits


class Pacer:
    """A pacer whose waits hide in dunders and properties."""

    def __init__(self, gap: float) -> None:
        self.gap = gap

    @property
    def ready(self) -> bool:
        time.sleep(self.gap)
        return True

    def __bool__(self) -> bool:
        time.sleep(self.gap)
        return True

    def __str__(self) -> str:
        time.sleep(self.gap)
        return "paced"

    def __getitem__(self, key: str) -> str:
        time.sleep(self.gap)
        return key


def r210_property_sleeps(web: str) -> list[str]:
    pacer = Pacer(0.1)
    out = []
    for k in ("pr1", "pr2", "pr3"):
        if pacer.ready:
            out.append(_get(web, k, 30))
    return out


def r210_str_dunder_sleeps_in_url(web: str) -> list[str]:
    pacer = Pacer(0.1)
    return [requests.get(f"{web}/items/{k}-{pacer}", timeout=5).json()["value"]
            for k in ("st1", "st2", "st3")]


def r210_getitem_sleeps_in_arg(web: str) -> list[str]:
    pacer = Pacer(0.1)
    a = _get(web, pacer["gi1"], 30)
    b = _get(web, pacer["gi2"], 30)
    c = _get(web, pacer["gi3"], 30)
    return [a, b, c]


def r210_underscore_assigned_sleep(web: str) -> list[str]:
    a = _get(web, "us1", 30)
    _ = time.sleep(0.1)
    b = _get(web, "us2", 30)
    return [a, b]


def r210_and_sleep(web: str, throttled: bool) -> list[str]:
    a = _get(web, "sc1", 30)
    throttled and time.sleep(0.1)
    b = _get(web, "sc2", 30)
    return [a, b]


def r210_ternary_sleep(web: str, throttled: bool) -> list[str]:
    a = _get(web, "te1", 30)
    time.sleep(0.1) if throttled else None
    b = _get(web, "te2", 30)
    return [a, b]


def r210_listcomp_of_sleeps(web: str) -> list[str]:
    a = _get(web, "cs1", 30)
    [time.sleep(0.05) for _ in range(2)]
    b = _get(web, "cs2", 30)
    return [a, b]


def r210_list_map_sleep(web: str) -> list[str]:
    a = _get(web, "lm1", 30)
    list(map(time.sleep, [0.05, 0.05]))
    b = _get(web, "lm2", 30)
    return [a, b]


def r210_asyncio_run_sleep_in_sync(web: str) -> list[str]:
    a = _get(web, "ar1", 30)
    asyncio.run(asyncio.sleep(0.1))
    b = _get(web, "ar2", 30)
    return [a, b]


def r210_deadline_read_loop(web: str) -> int:
    deadline = time.monotonic() + 0.25
    got = 0
    for i in range(12):
        if time.monotonic() > deadline:
            break
        _get(web, f"dl{i}", 100)
        got += 1
    return got


def r210_deadline_before_writes(web: str) -> int:
    deadline = time.monotonic() + 0.25
    done = 0
    for i in range(8):
        if time.monotonic() > deadline:
            raise TimeoutError(f"budget spent after {done} writes")
        requests.put(f"{web}/items/dw{i}?ms=100", data=str(i), timeout=5)
        done += 1
    return done


def validated(keys: list[str]) -> Iterator[str]:
    for k in keys:
        if not k.isalnum():
            raise ValueError(f"bad key {k!r}")
        yield k


def r210_validating_generator_writes(web: str) -> list[int]:
    return [_put(web, k, k) for k in validated(["vg1", "vg2", "vg 3", "vg4"])]


class Settings(pydantic.BaseModel, validate_assignment=True):
    qty: pydantic.PositiveInt = 1


def r210_validate_assignment(web: str) -> list[int]:
    s = Settings()
    out = []
    for q in (2, 3, -1, 4):
        s.qty = q
        out.append(_put(web, f"qty{len(out)}", str(s.qty)))
    return out


ALL += [
    _s(r210_property_sleeps, 0.1),
    _s(r210_str_dunder_sleeps_in_url, 0.1),
    _s(r210_getitem_sleeps_in_arg, 0.1),
    _s(r210_underscore_assigned_sleep, 0.1),
    Case("sleep", r210_and_sleep, args=lambda env: (env.web, True), servers="web",
         spacing=0.1),
    Case("sleep", r210_ternary_sleep, args=lambda env: (env.web, True), servers="web",
         spacing=0.1),
    _s(r210_listcomp_of_sleeps, 0.1),
    _s(r210_list_map_sleep, 0.1),
    _s(r210_asyncio_run_sleep_in_sync, 0.1),
    _s(r210_deadline_read_loop),
    _s(r210_deadline_before_writes),
    _v(r210_validating_generator_writes),
    _v(r210_validate_assignment),
]


def three(base: str, i: int) -> int:
    """Three connections open at once (a plain run holds three descriptors)."""
    with urllib.request.urlopen(f"{base}/items/a{i}") as r1, \
            urllib.request.urlopen(f"{base}/items/b{i}") as r2, \
            urllib.request.urlopen(f"{base}/items/c{i}") as r3:
        return len(r1.read()) + len(r2.read()) + len(r3.read())


def r210_fanout_three_connections_each(base: str) -> int:
    return sum(three(base, i) for i in range(300))


def r210_fanout_after_opening_files(folder: str, base: str) -> int:
    held = [open(Path(folder) / f"k{i}.txt") for i in range(170)]  # noqa: SIM115
    try:
        return sum(len(get_urlopen(base, i)) for i in range(300))
    finally:
        for f in held:
            f.close()

ALL += [
    _f(r210_fanout_three_connections_each, speculative_reads=True),
    _f(r210_fanout_after_opening_files, lambda env: (str(env.tmp), env.web),
       setup=_write_keys),
]

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]

