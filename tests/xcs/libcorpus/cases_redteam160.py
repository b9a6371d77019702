"""Red-team cases (stop 160): concurrency the user writes inside jitted functions, around I/O.

(1) `concurrent.futures.ThreadPoolExecutor`: `submit`, `map`, `as_completed`, `wait` with
FIRST_COMPLETED, results read in another order, the executor as a context
manager and shut down by hand, one worker serialising writes, an executor passed in,
`add_done_callback` that prints or appends, a helper that runs a pool, a `ContextVar` and a
`threading.local` the pool's threads do not inherit.
(2) `threading.Thread` with a target and `join` (results in a list or dict, a `Lock` around a
counter, a `Barrier` with an action, an `Event` set by a thread, a `Condition`, a `Thread`
subclass, a wait that times out), `queue.Queue` producer / consumer with sentinels,
`threading.Timer` fired and cancelled.
(3) `asyncio.run` and `loop.run_until_complete` inside a sync jitted function;
`asyncio.to_thread` and `run_in_executor` in `async def` jitted functions.
(4) Jitted functions called from several threads at once, and functions that hand work to a
thread the caller started (a deque, a dict flag, a `Queue`, a `Future`): the function's own
later GET must still see what that thread wrote.
(5) Ordinary code: the function's own reads before and after a pool or a join, which an
ideal scheduler overlaps.
(6) A thread (or task) the function starts by a route other than ``t.start()`` written at
the call site (a bound ``start`` kept in a name, ``getattr``, ``operator.methodcaller``,
``functools.partial``, a lambda, a loop over a tuple of bound methods, ``next`` of a
generator that starts it, ``_thread.start_new_thread``): that thread PUTs a key 30 ms in,
and the function's second GET of that key (at 150 ms plain) must see it.
Sibling calls get unequal latencies, slow first. `FIXED_WHY` says what differed for
the cases that did when written.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextvars
import json
import queue
import sqlite3
import threading
import time
from concurrent.futures import (
    FIRST_COMPLETED,
    ThreadPoolExecutor,
    as_completed,
    wait,
)
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam160")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _put(web: str, k: str, v: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{k}?ms={ms}", data=v).json()["version"]


TRIO = (("a", 150), ("b", 40), ("c", 90))


# =========================================================================== (1) pools


def r160_pool_map_then_sibling_gets(web: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=3) as ex:
        vals = list(ex.map(lambda km: _get(web, *km), TRIO))
    print("pool", vals)
    x = requests.get(f"{web}/items/x?ms=90").json()["value"]
    y = requests.get(f"{web}/items/y?ms=40").json()["value"]
    print("after", x, y)
    return vals + [x, y]


def r160_pool_sibling_gets_before_dependent(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b?ms=90").json()["value"]
    print("before", a, b)
    ex = ThreadPoolExecutor(max_workers=2)
    futs = [ex.submit(_get, web, k, 40) for k in (a, b)]
    ex.shutdown(wait=True)
    return [f.result() for f in futs]


def r160_pool_as_completed_order(web: str) -> tuple:
    head = requests.get(f"{web}/items/head?ms=120").json()["value"]
    order = []
    with ThreadPoolExecutor(3) as ex:
        futs = {ex.submit(_get, web, k, ms): k for k, ms in TRIO}
        for f in as_completed(futs):
            order.append(futs[f])
            print("done", futs[f], f.result())
    tail = requests.get(f"{web}/items/tail?ms=60").json()["value"]
    return head, order, tail


def r160_pool_wait_first_completed(web: str) -> tuple:
    ex = ThreadPoolExecutor(3)
    futs = [ex.submit(_get, web, k, ms) for k, ms in TRIO]
    done, pending = wait(futs, return_when=FIRST_COMPLETED)
    first = next(iter(done)).result()
    print("first", first, len(pending))
    r = requests.put(f"{web}/items/winner?ms=40", data=first)
    ex.shutdown(wait=True)
    back = requests.get(f"{web}/items/winner?ms=90").json()["value"]
    return first, r.json()["key"], back


def r160_pool_done_callback_prints(web: str) -> tuple:
    seen: list[str] = []
    with ThreadPoolExecutor(2) as ex:
        f1 = ex.submit(_get, web, "slow", 150)
        f2 = ex.submit(_get, web, "fast", 40)
        f1.add_done_callback(lambda f: print("cb slow", f.result()))
        f2.add_done_callback(lambda f: seen.append(f.result()))
        print("submitted")
        mid = requests.get(f"{web}/items/mid?ms=90").json()["value"]
        print("mid", mid, list(seen))
    print("closed", seen)
    return mid, seen


def r160_pool_future_exception_caught(web: str) -> tuple:
    with ThreadPoolExecutor(2) as ex:
        bad = ex.submit(lambda: requests.get(f"{web}/status/503?ms=40").raise_for_status())
        good = ex.submit(_get, web, "g", 90)
        try:
            bad.result()
        except requests.HTTPError as exc:
            print("failed", exc.response.status_code)
        val = good.result()
    after = requests.get(f"{web}/items/after?ms=60").json()["value"]
    return val, after


def r160_pool_map_raises_midway(web: str) -> list[str]:
    got = []
    with ThreadPoolExecutor(3) as ex:
        it = ex.map(lambda k: _get(web, k, 40), ["m1", "missing-2", "m3"])
        try:
            for v in it:
                got.append(v)
                print("item", v)
        except KeyError as exc:
            print("stopped at", exc)
    tail = requests.get(f"{web}/items/tail?ms=90").json()["value"]
    return got + [tail]


def r160_pool_single_worker_puts_in_order(web: str) -> tuple:
    pre = requests.get(f"{web}/items/p?ms=90").json()["value"]
    with ThreadPoolExecutor(max_workers=1) as ex:
        vs = list(ex.map(lambda kv: _put(web, *kv), [("p", "1", 150), ("p", "2", 40),
                                                    ("q", "3", 90)]))
    final = requests.get(f"{web}/items/p?ms=40").json()["value"]
    return pre, vs, final


def _fetch_all(web: str, pairs: list[tuple[str, int]]) -> list[str]:
    with ThreadPoolExecutor(len(pairs)) as ex:
        return list(ex.map(lambda p: _get(web, *p), pairs))


def r160_helper_pool_between_sibling_gets(web: str) -> tuple:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    mids = _fetch_all(web, [("m1", 40), ("m2", 90)])
    z = requests.get(f"{web}/items/z?ms=90").json()["value"]
    return a, mids, z


def r160_pool_workers_log_main_logs(web: str) -> list[str]:
    def job(k: str, ms: int) -> str:
        v = _get(web, k, ms)
        LOG.info("worker got %s", k)
        return v

    with ThreadPoolExecutor(2) as ex:
        fs = [ex.submit(job, "slow", 150), ex.submit(job, "fast", 40)]
        side = requests.get(f"{web}/items/side?ms=90").json()["value"]
        LOG.info("main got %s", side)
        out = [f.result() for f in fs]
    LOG.info("all %d", len(out))
    return out + [side]


def r160_pool_results_into_sqlite(web: str, tmp: str) -> list:
    con = sqlite3.connect(Path(tmp) / "r.db")
    con.execute("create table r (k text, v text)")
    with ThreadPoolExecutor(3) as ex:
        rows = list(ex.map(lambda km: (km[0], _get(web, *km)), TRIO))
    con.executemany("insert into r values (?, ?)", rows)
    con.commit()
    extra = requests.get(f"{web}/items/extra?ms=40").json()["value"]
    out = con.execute("select k, v from r order by k").fetchall()
    con.close()
    return out + [extra]


REQ = contextvars.ContextVar("r160_req", default="none")


def r160_pool_contextvar_copy_context(web: str) -> tuple:
    token = REQ.set("main")

    def job(k: str) -> tuple:
        return REQ.get(), _get(web, k, 40)

    with ThreadPoolExecutor(2) as ex:
        a = ex.submit(job, "a").result()
        ctx = contextvars.copy_context()
        b = ex.submit(ctx.run, job, "b").result()
    REQ.reset(token)
    tail = requests.get(f"{web}/items/tail?ms=90").json()["value"]
    return a, b, tail


def r160_passed_executor_submit_put_then_get(web: str, ex: Any) -> tuple:
    pre = requests.get(f"{web}/items/pk?ms=150").json()["value"]
    side = requests.get(f"{web}/items/side?ms=90").json()["value"]
    f = ex.submit(_put, web, "pk", "new", 40)
    ver = f.result()
    post = requests.get(f"{web}/items/pk?ms=40").json()["value"]
    return pre, side, ver, post


def _with_executor(f: Any, env: Env) -> Any:
    with ThreadPoolExecutor(2) as ex:
        return f(env.web, ex)


def r160_pool_openai_chat_plus_main_chat(client: Any) -> tuple:
    def ask(p: str, lat: float) -> str:
        r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": p}],
                                           extra_body={"latency": lat})
        return r.choices[0].message.content

    head = ask("head", 0.15)
    with ThreadPoolExecutor(2) as ex:
        outs = list(ex.map(ask, ["x", "y"], [0.04, 0.09]))
    tail = ask("tail", 0.04)
    return head, outs, tail


# =========================================================================== (2) threads


def r160_thread_results_dict_then_siblings(web: str) -> tuple:
    out: dict[str, str] = {}

    def worker(k: str, ms: int) -> None:
        out[k] = _get(web, k, ms)

    ts = [threading.Thread(target=worker, args=km) for km in TRIO]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(sorted(out))
    s1 = requests.get(f"{web}/items/s1?ms=150").json()["value"]
    s2 = requests.get(f"{web}/items/s2?ms=40").json()["value"]
    return dict(sorted(out.items())), s1, s2


def r160_thread_lock_counter_put_total(web: str) -> tuple:
    lock = threading.Lock()
    total = [0]

    def worker(k: str, ms: int) -> None:
        n = len(_get(web, k, ms))
        with lock:
            total[0] += n

    ts = [threading.Thread(target=worker, args=km) for km in TRIO]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    requests.put(f"{web}/items/total?ms=40", data=str(total[0]))
    return total[0], requests.get(f"{web}/items/total?ms=90").json()["value"]


def r160_thread_barrier_action_prints(web: str) -> list:
    got: dict[str, str] = {}
    barrier = threading.Barrier(3, action=lambda: print("all fetched", sorted(got.items())))
    after: list[str] = []

    def worker(i: int, k: str, ms: int) -> None:
        got[k] = _get(web, k, ms)
        barrier.wait()
        time.sleep(0.04 * i)
        print("after", k)
        after.append(k)

    ts = [threading.Thread(target=worker, args=(i, k, ms)) for i, (k, ms) in enumerate(TRIO)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    post = requests.get(f"{web}/items/post?ms=40").json()["value"]
    return after + [post]


def r160_thread_event_put_then_get(web: str) -> tuple:
    ready = threading.Event()
    pre = requests.get(f"{web}/items/flag?ms=150").json()["value"]

    def writer() -> None:
        time.sleep(0.04)
        _put(web, "flag", "up", 90)
        ready.set()

    threading.Thread(target=writer).start()
    other = requests.get(f"{web}/items/other?ms=40").json()["value"]
    ready.wait(5)
    post = requests.get(f"{web}/items/flag?ms=40").json()["value"]
    return pre, other, post


def r160_thread_condition_notify(web: str) -> tuple:
    cond = threading.Condition()
    box: list[str] = []

    def producer() -> None:
        v = _get(web, "p", 90)
        with cond:
            box.append(v)
            cond.notify()

    t = threading.Thread(target=producer)
    t.start()
    side = requests.get(f"{web}/items/side?ms=40").json()["value"]
    with cond:
        cond.wait_for(lambda: box, timeout=5)
    r = requests.put(f"{web}/items/c?ms=40", data=box[0])
    t.join()
    return side, box, r.json()["key"]


def r160_thread_put_interleaves_main_puts(web: str) -> tuple:
    a = requests.get(f"{web}/items/a?ms=40").json()["value"]

    def late() -> None:
        time.sleep(0.1)
        _put(web, "w", "thread", 40)

    t = threading.Thread(target=late)
    t.start()
    v1 = _put(web, "m1", "main", 150)
    v2 = _put(web, "m2", "main", 40)
    t.join()
    keys = requests.get(f"{web}/items?ms=40").json()["keys"]
    return a, v1, v2, keys


def r160_thread_poll_list_with_sleep(web: str) -> str:
    box: list[int] = []
    threading.Thread(target=lambda: box.append(_put(web, "pl", "new", 90))).start()
    n = 0
    while not box:
        time.sleep(0.005)
        n += 1
    return requests.get(f"{web}/items/pl?ms=40").json()["value"] + str(n > 0)


def r160_queue_sentinel_consumer_prints(web: str) -> tuple:
    q: queue.Queue = queue.Queue()

    def producer() -> None:
        for k, ms in TRIO:
            q.put(_get(web, k, ms))
        q.put(None)

    threading.Thread(target=producer, daemon=True).start()
    got = []
    while (item := q.get()) is not None:
        print("got", item)
        got.append(item)
    r = requests.put(f"{web}/items/summary?ms=40", data=",".join(got))
    return got, r.json()["key"]


def r160_timer_put_then_join_get(web: str) -> tuple:
    before = requests.get(f"{web}/items/t?ms=40").json()["value"]
    timer = threading.Timer(0.04, _put, args=(web, "t", "timed", 40))
    timer.start()
    side = requests.get(f"{web}/items/side?ms=150").json()["value"]
    timer.join()
    after = requests.get(f"{web}/items/t?ms=40").json()["value"]
    return before, side, after


# =========================================================================== (3) asyncio in sync


def r160_asyncio_run_httpx_gather_with_siblings(web: str) -> tuple:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]

    async def main() -> list[str]:
        async with httpx.AsyncClient() as c:
            rs = await asyncio.gather(*(c.get(f"{web}/items/{k}?ms={ms}")
                                        for k, ms in (("b", 40), ("c", 90))))
            return [r.json()["value"] for r in rs]

    mid = asyncio.run(main())
    z = requests.get(f"{web}/items/z?ms=40").json()["value"]
    return a, mid, z


def r160_loop_run_until_complete_to_thread(web: str) -> tuple:
    async def both() -> list[str]:
        return list(await asyncio.gather(asyncio.to_thread(_get, web, "a", 150),
                                         asyncio.to_thread(_get, web, "b", 40)))

    loop = asyncio.new_event_loop()
    try:
        vals = loop.run_until_complete(both())
    finally:
        loop.close()
    tail = requests.get(f"{web}/items/tail?ms=90").json()["value"]
    return vals, tail


async def _aget_print(web: str, k: str, ms: int) -> str:
    v = await asyncio.to_thread(_get, web, k, ms)
    print("task done", k)
    return v


def r160_asyncio_run_tasks_print_as_done(web: str) -> list:
    print("start")

    async def main() -> list[str]:
        return list(await asyncio.gather(*(_aget_print(web, k, ms) for k, ms in TRIO)))

    vals = asyncio.run(main())
    print("end")
    after = requests.put(f"{web}/items/after?ms=40", data=vals[0]).json()["key"]
    return vals + [after]


def r160_asyncio_run_wait_first_completed(web: str) -> tuple:
    async def main() -> str:
        tasks = [asyncio.create_task(_aget_print(web, k, ms)) for k, ms in TRIO]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return next(iter(done)).result()

    first = asyncio.run(main())
    time.sleep(0.15)  # the cancelled tasks' threads finish their GETs
    r = requests.put(f"{web}/items/first?ms=40", data=first).json()["key"]
    return first, r


# =========================================================================== (3b) async jitted


async def r160_async_to_thread_sequential(web: str) -> list[str]:
    a = await asyncio.to_thread(_get, web, "a", 150)
    b = await asyncio.to_thread(_get, web, "b", 40)
    c = await asyncio.to_thread(_get, web, "c", 90)
    print(a, b, c)
    return [a, b, c]


async def r160_async_run_in_executor_sequential(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    a = await loop.run_in_executor(None, _get, web, "a", 150)
    b = await loop.run_in_executor(None, _get, web, "b", 40)
    c = await loop.run_in_executor(None, _get, web, "c", 90)
    return [a, b, c]


async def r160_async_to_thread_put_then_get(web: str) -> tuple:
    await asyncio.to_thread(_put, web, "tp", "one", 150)
    x = await asyncio.to_thread(_get, web, "tp", 40)
    await asyncio.to_thread(_put, web, "tp", "two", 40)
    y = await asyncio.to_thread(_get, web, "tp", 90)
    return x, y


async def r160_async_own_pool_as_completed_prints(web: str) -> tuple:
    loop = asyncio.get_running_loop()
    got = []
    with ThreadPoolExecutor(2) as pool:
        futs = [loop.run_in_executor(pool, _get, web, k, ms) for k, ms in (("a", 150),
                                                                          ("b", 40))]
        for fut in asyncio.as_completed(futs):
            v = await fut
            print("got", v)
            got.append(v)
    tail = await asyncio.to_thread(_get, web, "tail", 90)
    return got, tail


def _get_print(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print("worker", k)
    return v


async def r160_async_to_thread_worker_prints(web: str) -> tuple:
    a = await asyncio.to_thread(_get_print, web, "a", 150)
    print("main after a")
    b = await asyncio.to_thread(_get_print, web, "b", 40)
    return a, b


def _arun(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


# =========================================================================== (4) threads outside


def r160_from_threads_get_get_put(web: str, who: str, ms: int) -> tuple:
    a = requests.get(f"{web}/items/{who}-a?ms={ms}").json()["value"]
    b = requests.get(f"{web}/items/{who}-b?ms=40").json()["value"]
    r = requests.put(f"{web}/items/{who}?ms=50", data=a + b).json()["key"]
    return a, b, r


def r160_from_threads_two_gets(web: str, who: str, ms: int) -> tuple:
    a = requests.get(f"{web}/items/{who}-a?ms={ms}").json()["value"]
    b = requests.get(f"{web}/items/{who}-b?ms=40").json()["value"]
    return a, b


def _drive_three_threads(f: Any, env: Env) -> list:
    res: list[Any] = [None] * 3

    # one call at a time (a lock the callers share), taken in a fixed order: a read of one
    # call may not cross another call's PUT, which the timing alone would leave to chance
    lock = threading.Lock()

    def run(i: int, who: str, ms: int) -> None:
        time.sleep(0.02 * i)
        with lock:
            res[i] = f(env.web, who, ms)

    ts = [threading.Thread(target=run, args=(i, w, ms))
          for i, (w, ms) in enumerate((("x", 150), ("y", 90), ("z", 40)))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return res


def _drive_three_threads_free(f: Any, env: Env) -> list:
    res: list[Any] = [None] * 3

    def run(i: int, who: str, ms: int) -> None:
        res[i] = f(env.web, who, ms)

    ts = [threading.Thread(target=run, args=(i, w, ms))
          for i, (w, ms) in enumerate((("x", 150), ("y", 90), ("z", 40)))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return res


def r160_jitted_with_pool_from_two_threads(web: str, who: str) -> tuple:
    head = requests.get(f"{web}/items/{who}-h?ms=90").json()["value"]
    with ThreadPoolExecutor(2) as ex:
        vals = list(ex.map(lambda k: _get(web, f"{who}-{k}", 40), ["p", "q"]))
    tail = requests.get(f"{web}/items/{who}-t?ms=40").json()["value"]
    return head, vals, tail


def _drive_two_threads_who(f: Any, env: Env) -> list:
    res: list[Any] = [None] * 2

    def run(i: int) -> None:
        res[i] = f(env.web, f"w{i}")

    ts = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return res


def r160_deque_handoff_poll(web: str, jobs: collections.deque) -> str:
    jobs.append(("dq", "new"))
    while jobs:
        time.sleep(0.005)
    return requests.get(f"{web}/items/dq?ms=40").json()["value"]


def _drive_deque_worker(f: Any, env: Env) -> Any:
    jobs: collections.deque = collections.deque()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            if jobs:
                k, v = jobs[0]
                _put(env.web, k, v, 60)
                jobs.popleft()
            else:
                time.sleep(0.002)

    t = threading.Thread(target=worker)
    t.start()
    try:
        return f(env.web, jobs)
    finally:
        stop.set()
        t.join()


def r160_queue_put_join_handoff(web: str, q: queue.Queue) -> tuple:
    pre = requests.get(f"{web}/items/qj?ms=90").json()["value"]
    q.put(("qj", "queued"))
    q.join()
    post = requests.get(f"{web}/items/qj?ms=40").json()["value"]
    return pre, post


def _drive_queue_worker(f: Any, env: Env) -> Any:
    q: queue.Queue = queue.Queue()

    def worker() -> None:
        while (item := q.get()) is not None:
            _put(env.web, *item, 60)
            q.task_done()

    t = threading.Thread(target=worker)
    t.start()
    try:
        return f(env.web, q)
    finally:
        q.put(None)
        t.join()


def r160_future_set_result_handoff(web: str, req: concurrent.futures.Future,
                                   done: concurrent.futures.Future) -> tuple:
    pre = requests.get(f"{web}/items/fut?ms=90").json()["value"]
    req.set_result(("fut", "from-future"))
    ver = done.result(timeout=5)
    post = requests.get(f"{web}/items/fut?ms=40").json()["value"]
    return pre, ver, post


def _drive_future_worker(f: Any, env: Env) -> Any:
    req: concurrent.futures.Future = concurrent.futures.Future()
    done: concurrent.futures.Future = concurrent.futures.Future()

    def worker() -> None:
        k, v = req.result(timeout=5)
        done.set_result(_put(env.web, k, v, 60))

    t = threading.Thread(target=worker)
    t.start()
    try:
        return f(env.web, req, done)
    finally:
        t.join()


def r160_shared_dict_flag_written_by_caller_thread(web: str, state: dict) -> tuple:
    state["go"] = True
    while not state.get("written"):
        time.sleep(0.005)
    return requests.get(f"{web}/items/sd?ms=40").json()["value"], state["written"]


def _drive_dict_worker(f: Any, env: Env) -> Any:
    state: dict[str, Any] = {}
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            if state.get("go") and not state.get("written"):
                state["written"] = _put(env.web, "sd", "by-worker", 60)
            time.sleep(0.002)

    t = threading.Thread(target=worker)
    t.start()
    try:
        return f(env.web, state)
    finally:
        stop.set()
        t.join()


# =========================================================================== (5) reads around pools


def r160_reads_before_cpu_pool_overlap(web: str) -> tuple:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b?ms=40").json()["value"]
    c = requests.get(f"{web}/items/c?ms=90").json()["value"]
    with ThreadPoolExecutor(2) as ex:
        lens = list(ex.map(lambda s: len(json.dumps(s)), [a, b, c]))
    return [a, b, c], lens


def r160_reads_after_pool_overlap(web: str) -> tuple:
    with ThreadPoolExecutor(2) as ex:
        pool = list(ex.map(lambda km: _get(web, *km), [("p1", 90), ("p2", 40)]))
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b?ms=40").json()["value"]
    c = requests.get(f"{web}/items/c?ms=90").json()["value"]
    return pool, [a, b, c]


def r160_reads_around_thread_join_overlap(web: str) -> tuple:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b?ms=40").json()["value"]
    box: list[str] = []
    t = threading.Thread(target=lambda: box.append(_get(web, "t", 90)))
    t.start()
    t.join()
    c = requests.get(f"{web}/items/c?ms=90").json()["value"]
    d = requests.get(f"{web}/items/d?ms=40").json()["value"]
    return a, b, box, c, d


def r160_reads_loop_before_pool_of_puts(web: str) -> tuple:
    vals = [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in TRIO]
    with ThreadPoolExecutor(max_workers=1) as ex:
        vers = list(ex.map(lambda kv: _put(web, kv[0], kv[1].upper(), 40),
                           zip(["A", "B", "C"], vals, strict=True)))
    return vals, vers


# =========================================================================== (6) hidden starts
# Each starts work on another thread that PUTs `hk` 30 ms in; the function's second GET
# (plain: at 150 ms) must see it, so the two GETs after the start must not overlap.


def _put_later(web: str, k: str, v: str, delay: float = 0.03) -> int:
    time.sleep(delay)
    return _put(web, k, v, 40)


def r160_hidden_mp_threadpool_apply_async(web: str) -> tuple:
    from multiprocessing.pool import ThreadPool
    pool = ThreadPool(1)
    res = pool.apply_async(_put_later, (web, "h1", "new"))
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h1?ms=40").json()["value"]
    ver = res.get(5)
    pool.close()
    pool.join()
    return a, b, ver


def r160_hidden_low_level_start_new_thread(web: str) -> tuple:
    import _thread
    done = threading.Event()
    _thread.start_new_thread(lambda: (_put_later(web, "h2", "new"), done.set()), ())
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h2?ms=40").json()["value"]
    done.wait(5)
    return a, b


def r160_hidden_bound_start_stored(web: str) -> tuple:
    t = threading.Thread(target=_put_later, args=(web, "h3", "new"))
    go = t.start
    go()
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h3?ms=40").json()["value"]
    t.join()
    return a, b


def r160_hidden_map_thread_start(web: str) -> tuple:
    ts = [threading.Thread(target=_put_later, args=(web, "h4", "new"))]
    list(map(threading.Thread.start, ts))
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h4?ms=40").json()["value"]
    for t in ts:
        t.join()
    return a, b


def r160_hidden_getattr_start(web: str) -> tuple:
    t = threading.Thread(target=_put_later, args=(web, "h5", "new"))
    getattr(t, "st" + "art")()
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h5?ms=40").json()["value"]
    t.join()
    return a, b


def _starting_gen(web: str):
    t = threading.Thread(target=_put_later, args=(web, "h7", "new"))
    t.start()
    yield t
    t.join()


def r160_hidden_generator_starts(web: str) -> tuple:
    gen = _starting_gen(web)
    next(gen)
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h7?ms=40").json()["value"]
    next(gen, None)
    return a, b


class _Bg:
    def __init__(self, web: str, k: str) -> None:
        self.t = threading.Thread(target=_put_later, args=(web, k, "new"))

    def __enter__(self) -> _Bg:
        self.t.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.t.join()


def r160_hidden_enter_starts(web: str) -> tuple:
    with _Bg(web, "h8"):
        a = requests.get(f"{web}/items/x?ms=150").json()["value"]
        b = requests.get(f"{web}/items/h8?ms=40").json()["value"]
    return a, b


def r160_hidden_submit_in_dict(web: str) -> tuple:
    ex = ThreadPoolExecutor(1)
    ops = {"bg": ex.submit}
    fut = ops["bg"](_put_later, web, "h9", "new")
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h9?ms=40").json()["value"]
    ver = fut.result()
    ex.shutdown()
    return a, b, ver


def r160_hidden_bound_submit_stored(web: str) -> tuple:
    ex = ThreadPoolExecutor(1)
    sub = ex.submit
    fut = sub(_put_later, web, "h13", "new")
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h13?ms=40").json()["value"]
    ver = fut.result()
    ex.shutdown()
    return a, b, ver


def r160_hidden_methodcaller_start(web: str) -> tuple:
    import operator
    t = threading.Thread(target=_put_later, args=(web, "h14", "new"))
    operator.methodcaller("start")(t)
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h14?ms=40").json()["value"]
    t.join()
    return a, b


def r160_hidden_partial_start(web: str) -> tuple:
    import functools
    t = threading.Thread(target=_put_later, args=(web, "h15", "new"))
    functools.partial(t.start)()
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h15?ms=40").json()["value"]
    t.join()
    return a, b


def r160_hidden_lambda_start(web: str) -> tuple:
    t = threading.Thread(target=_put_later, args=(web, "h16", "new"))
    (lambda: t.start())()
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h16?ms=40").json()["value"]
    t.join()
    return a, b


def r160_hidden_timer_bound_start(web: str) -> tuple:
    tm = threading.Timer(0.03, _put, args=(web, "h17", "new", 40))
    arm = tm.start
    arm()
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h17?ms=40").json()["value"]
    tm.join()
    return a, b


def r160_hidden_start_from_tuple_loop(web: str) -> tuple:
    t = threading.Thread(target=_put_later, args=(web, "h18", "new"))
    for step in (t.start,):
        step()
    a = requests.get(f"{web}/items/x?ms=150").json()["value"]
    b = requests.get(f"{web}/items/h18?ms=40").json()["value"]
    t.join()
    return a, b


async def _aput_later(http: httpx.AsyncClient, k: str) -> int:
    await asyncio.sleep(0.03)
    return (await http.put(f"/items/{k}?ms=40", content="new")).json()["version"]


async def r160_hidden_async_gather_not_awaited(http: httpx.AsyncClient) -> tuple:
    g = asyncio.gather(_aput_later(http, "a1"))
    a = (await http.get("/items/x?ms=150")).json()["value"]
    b = (await http.get("/items/a1?ms=40")).json()["value"]
    ver = await g
    return a, b, ver


async def r160_hidden_async_wait_for_task_from_helper(http: httpx.AsyncClient) -> tuple:
    pending = _spawn(_aput_later(http, "a4"))
    a = (await http.get("/items/x?ms=150")).json()["value"]
    b = (await http.get("/items/a4?ms=40")).json()["value"]
    ver = await pending
    return a, b, ver


def _spawn(coro: Any) -> Any:
    return asyncio.get_running_loop().create_task(coro)


async def r160_async_plain_two_gets_overlap(http: httpx.AsyncClient) -> tuple:
    a = (await http.get("/items/x?ms=150")).json()["value"]
    b = (await http.get("/items/y?ms=40")).json()["value"]
    return a, b


def _ahttp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


# =========================================================================== the list


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "threads", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "threads", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) pools
    _w(r160_pool_map_then_sibling_gets, (150 + 90 + 40) / 150),
    _w(r160_pool_sibling_gets_before_dependent, (150 + 90 + 40) / (150 + 40)),
    _w(r160_pool_as_completed_order, (120 + 150 + 60) / 150),
    _w(r160_pool_wait_first_completed),
    _w(r160_pool_done_callback_prints),
    _w(r160_pool_future_exception_caught, (90 + 60) / 90),
    _w(r160_pool_map_raises_midway, (40 + 90) / 90, cat="validation"),
    _w(r160_pool_single_worker_puts_in_order),
    _w(r160_helper_pool_between_sibling_gets, (150 + 90 + 90) / 150, cat="helpers"),
    _w(r160_pool_workers_log_main_logs),
    _w(r160_pool_results_into_sqlite, (150 + 40) / 150, args=web_tmp, cat="db"),
    _w(r160_pool_contextvar_copy_context, (40 + 40 + 90) / 90, cat="state"),
    _d(r160_passed_executor_submit_put_then_get, _with_executor,
       (150 + 90 + 40 + 40) / (150 + 40 + 40)),
    Case("sdk", r160_pool_openai_chat_plus_main_chat, args=oa, servers="api",
         ideal=(150 + 90 + 40) / 150),
    # (2) threads, queues, timers
    _w(r160_thread_results_dict_then_siblings, (150 + 150 + 40) / 150),
    _w(r160_thread_lock_counter_put_total),
    _w(r160_thread_barrier_action_prints, (150 + 80 + 40) / (150 + 80)),
    _w(r160_thread_event_put_then_get),
    _w(r160_thread_condition_notify),
    _w(r160_thread_put_interleaves_main_puts),
    _w(r160_thread_poll_list_with_sleep),
    _w(r160_queue_sentinel_consumer_prints),
    _w(r160_timer_put_then_join_get),
    # (3) asyncio inside sync functions
    _w(r160_asyncio_run_httpx_gather_with_siblings, (150 + 90 + 40) / 150),
    _w(r160_loop_run_until_complete_to_thread, (150 + 90) / 150),
    _w(r160_asyncio_run_tasks_print_as_done),
    _w(r160_asyncio_run_wait_first_completed),
    # (3b) async jitted functions
    _d(r160_async_to_thread_sequential, _arun, over(0.15, 0.04, 0.09)),
    _d(r160_async_run_in_executor_sequential, _arun, over(0.15, 0.04, 0.09)),
    _d(r160_async_to_thread_put_then_get, _arun),
    _d(r160_async_own_pool_as_completed_prints, _arun, (150 + 90) / 150),
    _d(r160_async_to_thread_worker_prints, _arun),
    # (4) called from threads; work handed to a thread the caller started
    _d(r160_from_threads_get_get_put, _drive_three_threads, (240 + 180 + 130) / (200 + 140 + 90)),
    _d(r160_from_threads_two_gets, _drive_three_threads_free, (150 + 40) / 150, overlap=4),
    _d(r160_jitted_with_pool_from_two_threads, _drive_two_threads_who,
       (90 + 40 + 40) / 90),
    _d(r160_deque_handoff_poll, _drive_deque_worker),
    _d(r160_queue_put_join_handoff, _drive_queue_worker),
    _d(r160_future_set_result_handoff, _drive_future_worker),
    _d(r160_shared_dict_flag_written_by_caller_thread, _drive_dict_worker),
    # (5) the function's own reads around a pool or a join
    _w(r160_reads_before_cpu_pool_overlap, over(0.15, 0.04, 0.09), overlap=3),
    _w(r160_reads_after_pool_overlap, (90 + 150 + 40 + 90) / 150),
    _w(r160_reads_around_thread_join_overlap, (150 + 40 + 90 + 90 + 40) / 150),
    _w(r160_reads_loop_before_pool_of_puts, (280 + 120) / (150 + 120), overlap=3),
    # (6) hidden starts: the GET of the key must see the thread's PUT
    _w(r160_hidden_mp_threadpool_apply_async),
    _w(r160_hidden_low_level_start_new_thread),
    _w(r160_hidden_bound_start_stored),
    _w(r160_hidden_map_thread_start),
    _w(r160_hidden_getattr_start),
    _w(r160_hidden_generator_starts),
    _w(r160_hidden_enter_starts),
    _w(r160_hidden_submit_in_dict),
    _w(r160_hidden_bound_submit_stored),
    _w(r160_hidden_methodcaller_start),
    _w(r160_hidden_partial_start),
    _w(r160_hidden_lambda_start),
    _w(r160_hidden_timer_bound_start),
    _w(r160_hidden_start_from_tuple_loop),
    _d(r160_hidden_async_gather_not_awaited, _ahttp),
    _d(r160_hidden_async_wait_for_task_from_helper, _ahttp),
    _d(r160_async_plain_two_gets_overlap, _ahttp, over(0.15, 0.04), overlap=2),
]

FIXED_WHY: dict[str, str] = {
    "r160_hidden_low_level_start_new_thread":
        "b is 'v-h2', not 'new': _thread.start_new_thread is not seen as starting a thread, so "
        "the function is planned parallel and GET h2 starts at 0 ms with GET x, before the "
        "thread's PUT (30 ms) that the plain GET (150 ms) sees.",
    "r160_hidden_bound_start_stored":
        "b is 'v-h3': `go = t.start; go()` is not seen as a thread start (only `x.start()` "
        "spelled at the call site is), so GET h3 is started early, before the thread's PUT.",
    "r160_hidden_getattr_start":
        "b is 'v-h5': `getattr(t, 'start')()` starts the thread unseen; GET h5 moves before "
        "the thread's PUT.",
    "r160_hidden_generator_starts":
        "b is 'v-h7': `next(gen)` of a generator whose body starts a thread is not looked "
        "into for thread starts (a helper function is), so GET h7 moves before the PUT.",
    "r160_hidden_methodcaller_start":
        "b is 'v-h14': `operator.methodcaller('start')(t)` starts the thread unseen; GET h14 "
        "moves before the PUT.",
    "r160_hidden_partial_start":
        "b is 'v-h15': `functools.partial(t.start)()` starts the thread unseen; GET h15 "
        "moves before the PUT.",
    "r160_hidden_lambda_start":
        "b is 'v-h16': `(lambda: t.start())()` starts the thread unseen (the lambda's body is "
        "not checked for a start); GET h16 moves before the PUT.",
    "r160_hidden_start_from_tuple_loop":
        "b is 'v-h18': `for step in (t.start,): step()` starts the thread unseen; GET h18 "
        "moves before the PUT.",
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
