"""The workloads of `jit_bench`: the I/O stand-ins, each workload's plain function and its
hand-written baselines (threads, asyncio), and the table of rows with their targets.

The functions are ordinary module-level code, as a user would write it: the benchmark jits
them as they are.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ember.api import models

__all__ = ["CPU_TARGET_S", "LONG_S", "SHORT_S", "Target", "Workload", "ask", "f",
           "helper_comprehension_asyncio", "in_a_loop", "workloads"]

LONG_S = 0.1  # latency of `call`
SHORT_S = 0.05  # latency of `short_call`
CPU_TARGET_S = 0.02  # duration of the CPU-bound workload, calibrated at start


# --- the I/O stand-ins ------------------------------------------------------------------


def call(x):
    time.sleep(0.1)
    return x


def short_call(x):
    time.sleep(0.05)
    return x


async def acall(x):
    await asyncio.sleep(0.1)
    return x


async def ashort_call(x):
    await asyncio.sleep(0.05)
    return x


def ask(i):
    """A helper as people write it: format a prompt, call a model, parse the answer."""
    prompt = f"Question {i}: name a colour."
    reply = models("sim/bench", prompt, latency=LONG_S)
    return reply.strip().upper()


async def aask(i):
    prompt = f"Question {i}: name a colour."
    reply = await models.acall("sim/bench", prompt, latency=LONG_S)
    return reply.strip().upper()


# --- the hand-written baselines of an N-way map -----------------------------------------


def threads_map(fn, n):
    """`fn` over range(n) on a `ThreadPoolExecutor` of n threads, created in the timed call
    as hand-written code would."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(fn, range(n)))


def asyncio_map(afn, n):
    """``asyncio.run`` of an ``asyncio.gather`` of ``afn(i)`` for i in range(n)."""
    async def gather():
        return list(await asyncio.gather(*(afn(i) for i in range(n))))
    return asyncio.run(gather())


# --- 1. direct-path overhead ------------------------------------------------------------


def f(x):
    return x + 1


def f_with_default(x, step=1):  # (its jitted function takes ``*args, **kwargs``: `jit`)
    return x + step


# --- 2. three independent calls ---------------------------------------------------------


def fanout3():
    a = call(1)
    b = call(2)
    c = call(3)
    return [a, b, c]


def fanout3_threads():
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(call, i) for i in (1, 2, 3)]
        return [fut.result() for fut in futures]


async def _fanout3_async():
    return list(await asyncio.gather(acall(1), acall(2), acall(3)))


def fanout3_asyncio():
    return asyncio.run(_fanout3_async())


# --- 3. an N-way comprehension ----------------------------------------------------------


def comprehension(n):
    return [call(i) for i in range(n)]


def comprehension_threads(n):
    return threads_map(call, n)


def helper_comprehension(n):
    return [ask(i) for i in range(n)]


def helper_comprehension_asyncio(n):
    return asyncio_map(aask, n)


def comprehension_asyncio(n):
    return asyncio_map(acall, n)


# --- 4. a chain of dependent calls ------------------------------------------------------


def chain():
    a = short_call(1)
    b = short_call(a + 1)
    c = short_call(b + 1)
    return c


# --- 5. CPU-bound ---------------------------------------------------------------------------


def cpu_work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


# --- 6. fan-out + judge -----------------------------------------------------------------


def fanout_judge():
    a = call(1)
    b = call(2)
    c = call(3)
    d = call(4)
    e = call(5)
    return call(a + b + c + d + e)


def fanout_judge_threads():
    with ThreadPoolExecutor(max_workers=5) as pool:
        futures = [pool.submit(call, i) for i in (1, 2, 3, 4, 5)]
        return call(sum(fut.result() for fut in futures))


async def _fanout_judge_async():
    results = await asyncio.gather(*(acall(i) for i in (1, 2, 3, 4, 5)))
    return await acall(sum(results))


def fanout_judge_asyncio():
    return asyncio.run(_fanout_judge_async())


# --- 7. a for loop ----------------------------------------------------------------------


def for_loop(n):
    out = []
    for i in range(n):
        out.append(short_call(i))
    return out


def for_loop_threads(n):
    return threads_map(short_call, n)


def for_loop_asyncio(n):
    return asyncio_map(ashort_call, n)


@contextlib.contextmanager
def cpu_thread_running() -> Iterator[None]:
    """A pure-Python busy loop in another thread of this process, for as long as it lasts."""
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            pass

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


async def async_comprehension(n):
    return [await ashort_call(i) for i in range(n)]


def async_comprehension_asyncio(n):
    return asyncio_map(ashort_call, n)


def in_a_loop(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A coroutine function as a plain call, run by ``asyncio.run``."""
    return lambda *args: asyncio.run(fn(*args))


# --- the table of workloads ------------------------------------------------------------


@dataclass
class Target:
    """A goal for one figure of a workload: ``result[metric] <= limit``."""

    metric: str
    limit: float
    label: str


@dataclass
class Workload:
    """One row of the table: the plain function, its baselines and its critical path."""

    key: str
    title: str
    fn: Callable[..., Any]
    args: tuple
    expect: Any
    bound_s: float | None  # None: no I/O, the bound is the plain time itself
    threads: Callable[..., Any] | None = None
    asyncio: Callable[..., Any] | None = None
    # When set, plain is not run at full size: it is (n * per-call s), checked at `probe_n`.
    computed_plain: tuple[int, float] | None = None
    probe_n: int = 0
    probe_expect: Callable[[int], Any] | None = None  # the probe's value; else range(n)
    # Paired: plain runs next to each warm jit call, and jit/plain is the median of the pairs'
    # ratios (for the "jit is not slower" rows, where drift would swamp the difference).
    paired: bool = False
    reps: int = 5
    targets: list[Target] = field(default_factory=list)
    # What runs around every variant (e.g. `cpu_thread_running`); None: nothing.
    during: Callable[[], contextlib.AbstractContextManager[None]] | None = None
    is_async: bool = False  # `fn` is a coroutine function: plain and jit run in asyncio.run


def calibrate_cpu(target_s: float = CPU_TARGET_S) -> int:
    """The loop size for which `cpu_work` takes about `target_s` on this machine."""
    n = 20_000
    while True:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            cpu_work(n)
            times.append(time.perf_counter() - t0)
        dt = min(times)
        if dt >= 0.005:
            return max(1, int(n * target_s / dt))
        n *= 4


def workloads(quick: bool, reps: int) -> list[Workload]:
    comp_n = 200 if quick else 1000
    probe_n = 5 if quick else 20
    loop_n = 20 if quick else 100
    async_n = 10 if quick else 20
    cpu_n = calibrate_cpu()
    fanout_ok = Target("jit_first_s", 0.12, "jit first <= 0.12 s")
    return [
        Workload("fanout_3", "3 independent 100 ms calls", fanout3, (), [1, 2, 3], LONG_S,
                 fanout3_threads, fanout3_asyncio, reps=reps, targets=[fanout_ok]),
        Workload("comprehension", f"{comp_n}-way comprehension, 100 ms calls", comprehension,
                 (comp_n,), list(range(comp_n)), LONG_S, comprehension_threads,
                 comprehension_asyncio, computed_plain=(comp_n, LONG_S), probe_n=probe_n,
                 reps=reps, targets=[Target("jit_warm_s", 0.4, "jit warm <= 0.4 s"),
                                     Target("jit_over_asyncio", 1.10, "jit/asyncio <= 1.10")]),
        Workload("helper_comprehension", f"{comp_n}-way comprehension of a helper: prompt, "
                 "model call (100 ms), parse", helper_comprehension, (comp_n,),
                 helper_comprehension_asyncio(comp_n), LONG_S,
                 asyncio=helper_comprehension_asyncio, computed_plain=(comp_n, LONG_S),
                 probe_n=probe_n, probe_expect=helper_comprehension_asyncio, reps=reps,
                 targets=[Target("jit_over_asyncio", 1.10, "jit/asyncio <= 1.10")]),
        Workload("chain_3", "chain of 3 dependent 50 ms calls", chain, (), 3, 3 * SHORT_S,
                 reps=reps, paired=True, targets=[Target("jit_over_plain", 1.02, "jit/plain <= 1.02")]),
        Workload("cpu_bound", f"CPU-bound loop (~{CPU_TARGET_S * 1e3:.0f} ms, no I/O)",
                 cpu_work, (cpu_n,), cpu_work(cpu_n), None, reps=3 * reps, paired=True,
                 targets=[Target("jit_over_plain", 1.02, "jit/plain <= 1.02")]),
        Workload("fanout_judge", "fan-out 5 x 100 ms + judge", fanout_judge, (), 15,
                 2 * LONG_S, fanout_judge_threads, fanout_judge_asyncio, reps=reps),
        Workload("for_loop", f"for loop appending {loop_n} x 50 ms calls", for_loop,
                 (loop_n,), list(range(loop_n)), SHORT_S, for_loop_threads, for_loop_asyncio,
                 reps=reps),
        Workload("comprehension_busy", f"{comp_n}-way comprehension, a CPU-bound thread "
                 "running", comprehension, (comp_n,), list(range(comp_n)), LONG_S,
                 comprehension_threads, comprehension_asyncio,
                 computed_plain=(comp_n, LONG_S), probe_n=probe_n, reps=reps,
                 during=cpu_thread_running),
        Workload("async_comprehension", f"async def: comprehension of {async_n} awaits of "
                 "50 ms", async_comprehension, (async_n,), list(range(async_n)), SHORT_S,
                 asyncio=async_comprehension_asyncio, reps=reps, is_async=True),
    ]
