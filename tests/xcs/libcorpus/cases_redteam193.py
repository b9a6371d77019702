# ruff: noqa: B023, B905 - the shapes under test
"""Red-team cases (stop 193): sync programs with threads and pools the user made.

(1) `concurrent.futures.ThreadPoolExecutor` inside the function: `submit`/`map` of GETs,
`add_done_callback` that prints, appends or PUTs, `as_completed` prints, one worker
serialising PUTs, a worker's exception caught, a module-level executor, pools followed by
reads of the main thread that could overlap.
(2) `multiprocessing.pool.ThreadPool` and `multiprocessing.dummy`: a module-level pool
handed work (`apply_async`, `map_async` with a callback), `imap_unordered`, a dummy
`Process`.
(3) `threading.Thread` writers and readers with `join`, a `Thread` subclass, files written
by a thread.
(4) `queue.Queue` producer / consumer (either side in the main thread), a worker the drive
started and the function hands jobs to, a `Queue` used as a plain FIFO with no thread.
(5) `Event`, `Lock`, `RLock`, `Condition`, `Semaphore` around requests, `Event.wait` as a
rate limit, `Barrier` with an action.
(6) A background poller started and stopped in the function.
(7) Threads started where the analysis may not look: a property, ``__exit__``,
``__del__``, a `singledispatch` function, a requests response hook, a logging handler's
``emit`` (installed by the drive), a `Future`'s callback run by ``set_result``.
(8) sqlite3 and file writes interleaved with HTTP reads, in the main thread and in workers.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import logging.handlers
import queue
import sqlite3
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from multiprocessing.pool import ThreadPool
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam193")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _put(web: str, k: str, v: str, ms: int = 40) -> int:
    return requests.put(f"{web}/items/{k}?ms={ms}", data=v).json()["version"]


def _put_later(web: str, k: str, v: str, delay: float = 0.03) -> int:
    time.sleep(delay)
    return _put(web, k, v, 40)


TRIO = (("a", 150), ("b", 40), ("c", 90))


# =========================================================================== (1) executors


def r193_pool_submit_collect_in_order(web: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=3) as ex:
        futs = [ex.submit(_get, web, k, ms) for k, ms in TRIO]
        return [f.result() for f in futs]


def r193_pool_done_callback_prints(web: str) -> tuple:
    ex = ThreadPoolExecutor(max_workers=2)
    fut = ex.submit(_get, web, "a", 150)
    fut.add_done_callback(lambda f: print("callback got", f.result()))
    b = _get(web, "b", 40)
    print("main got", b)
    ex.shutdown(wait=True)
    print("shut down")
    return fut.result(), b


def r193_pool_done_callback_puts(web: str) -> tuple:
    ex = ThreadPoolExecutor(max_workers=2)
    fut = ex.submit(_get, web, "a", 150)
    fut.add_done_callback(lambda f: _put(web, "seen", f.result().upper()))
    b = _get(web, "b", 40)
    main_ver = _put(web, "main", b, 40)
    ex.shutdown(wait=True)
    return main_ver, _get(web, "seen", 40), _get(web, "c", 90)


def r193_pool_callback_on_done_future_inline(web: str) -> list[str]:
    seen: list[str] = []
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(_get, web, "a", 90)
        first = fut.result()
        fut.add_done_callback(lambda f: seen.append("cb " + f.result()))  # runs here
        print("after callback", seen)
    b = _get(web, "b", 150)
    c = _get(web, "c", 40)
    return [first, *seen, b, c]


def r193_pool_as_completed_prints(web: str) -> list[str]:
    order = []
    with ThreadPoolExecutor(max_workers=3) as ex:
        futs = {ex.submit(_get, web, k, ms): k for k, ms in TRIO}
        for f in as_completed(futs):
            print("done", futs[f], f.result())
            order.append(futs[f])
    return order


def r193_pool_wait_first_then_put(web: str) -> tuple:
    with ThreadPoolExecutor(max_workers=2) as ex:
        slow = ex.submit(_get, web, "a", 150)
        fast = ex.submit(_get, web, "b", 40)
        done, pending = wait([slow, fast], return_when=FIRST_COMPLETED)
        winner = next(iter(done)).result()
        ver = _put(web, "winner", winner)
        print("winner", winner, len(pending))
    return winner, ver, slow.result()


def r193_pool_one_worker_puts_in_order(web: str) -> tuple:
    with ThreadPoolExecutor(max_workers=1) as ex:
        vers = list(ex.map(lambda kv: _put(web, kv[0], kv[1], kv[2]),
                           [("p", "1", 90), ("q", "2", 40), ("p", "3", 60)]))
    return vers, _get(web, "p", 40), _get(web, "q", 40)


def r193_pool_worker_raises_caught(web: str) -> tuple:
    def check(code: int) -> int:
        r = requests.get(f"{web}/status/{code}?ms=40")
        r.raise_for_status()
        return r.status_code

    with ThreadPoolExecutor(max_workers=2) as ex:
        ok = ex.submit(check, 200)
        bad = ex.submit(check, 503)
        try:
            bad.result()
        except requests.HTTPError as exc:
            print("worker failed:", exc.response.status_code)
        return ok.result(), _get(web, "after", 40)


def r193_pool_then_sequential_gets(web: str) -> tuple:
    with ThreadPoolExecutor(max_workers=2) as ex:
        pooled = list(ex.map(lambda km: _get(web, *km), [("p1", 90), ("p2", 40)]))
    a = _get(web, "a", 150)
    b = _get(web, "b", 40)
    c = _get(web, "c", 90)
    return pooled, a, b, c


def r193_gets_then_pool_of_puts(web: str) -> list[int]:
    vals = []
    for k, ms in TRIO:
        vals.append(_get(web, k, ms))
    with ThreadPoolExecutor(max_workers=1) as ex:
        return list(ex.map(lambda kv: _put(web, "up-" + kv[0], kv[1].upper()),
                           zip("abc", vals)))


_BG = ThreadPoolExecutor(max_workers=2, thread_name_prefix="r193-bg")


def r193_module_executor_submit_put_then_gets(web: str) -> tuple:
    fut = _BG.submit(_put_later, web, "g1", "new")
    a = _get(web, "x", 150)
    b = _get(web, "g1", 40)
    return a, b, fut.result(5)


def r193_pool_openai_chat_with_callback(client: Any) -> list[str]:
    def ask(q: str, lat: float) -> str:
        r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                           extra_body={"latency": lat})
        return r.choices[0].message.content[:12]

    got: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as ex:
        f1 = ex.submit(ask, "One?", 0.15)
        f1.add_done_callback(lambda f: print("one answered"))
        mine = ask("Two?", 0.04)
        print("two answered")
        got.append(f1.result())
    got.append(mine)
    got.append(ask("Three?", 0.09))
    got.append(ask("Four?", 0.05))
    return got


# =========================================================================== (2) multiprocessing pools

_TP = ThreadPool(2)


def r193_mp_module_pool_apply_async_put(web: str) -> tuple:
    res = _TP.apply_async(_put_later, (web, "t1", "new"))
    a = _get(web, "x", 150)
    b = _get(web, "t1", 40)
    return a, b, res.get(5)


def r193_mp_module_pool_map_async_callback(web: str) -> tuple:
    res = _TP.map_async(lambda km: _get(web, *km), [("a", 150), ("b", 40)],
                        callback=lambda vals: print("all fetched", vals))
    c = _get(web, "c", 40)
    print("main fetched", c)
    return res.get(5), c


def r193_mp_pool_imap_unordered_sorted(web: str) -> list[str]:
    with ThreadPool(3) as pool:
        got = list(pool.imap_unordered(lambda km: _get(web, *km), TRIO))
    return sorted(got)


def r193_mp_dummy_process_put(web: str) -> tuple:
    from multiprocessing.dummy import Process
    p = Process(target=_put_later, args=(web, "t2", "new"))
    p.start()
    a = _get(web, "x", 150)
    b = _get(web, "t2", 40)
    p.join()
    return a, b


# =========================================================================== (3) threads and join


def r193_thread_writer_main_reader_join(web: str) -> tuple:
    def writer() -> None:
        time.sleep(0.03)  # the main thread's GET goes out first
        _put(web, "w1", "one", 40)
        _put(web, "w2", "two", 40)

    t = threading.Thread(target=writer)
    t.start()
    x = _get(web, "x", 150)
    t.join()
    return x, _get(web, "w1", 90), _get(web, "w2", 40)


def r193_thread_readers_into_dict(web: str) -> list:
    out: dict[str, str] = {}
    threads = [threading.Thread(target=lambda k=k, ms=ms: out.__setitem__(k, _get(web, k, ms)))
               for k, ms in TRIO]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("fetched", len(out))
    return sorted(out.items())


class _Fetcher(threading.Thread):
    def __init__(self, web: str, k: str, ms: int) -> None:
        super().__init__()
        self.web, self.k, self.ms = web, k, ms
        self.value = ""

    def run(self) -> None:
        self.value = _get(self.web, self.k, self.ms)
        print("fetched", self.k)


def r193_thread_subclass_prints_in_finish_order(web: str) -> list[str]:
    fs = [_Fetcher(web, k, ms) for k, ms in TRIO]
    for f in fs:
        f.start()
    for f in fs:
        f.join()
    return [f.value for f in fs]


def r193_thread_writes_file_main_gets(web: str, tmp: str) -> tuple:
    path = Path(tmp, "thread.log")

    def scribe() -> None:
        with path.open("w") as fh:
            for i in range(3):
                fh.write(f"line {i}\n")
                time.sleep(0.01)

    t = threading.Thread(target=scribe)
    t.start()
    a = _get(web, "a", 150)
    t.join()
    return a, path.read_text().splitlines(), _get(web, "b", 40)


def r193_thread_prints_interleave_main(web: str) -> None:
    def late() -> None:
        print("thread got", _get(web, "a", 150))

    t = threading.Thread(target=late)
    t.start()
    print("main got", _get(web, "b", 40))
    t.join()
    print("joined")


# =========================================================================== (4) queues


def r193_queue_producer_thread_main_puts(web: str) -> list[int]:
    q: queue.Queue = queue.Queue()

    def produce() -> None:
        for k, ms in TRIO:
            q.put((k, _get(web, k, ms)))
            time.sleep(0.02)  # the consumer's PUT goes out before the next GET
        q.put(None)

    t = threading.Thread(target=produce)
    t.start()
    vers = []
    while (item := q.get()) is not None:
        k, v = item
        print("consumed", k)
        vers.append(_put(web, "up-" + k, v.upper()))
    t.join()
    return vers


def r193_queue_main_producer_thread_puts(web: str) -> list[int]:
    q: queue.Queue = queue.Queue()
    vers: list[int] = []

    def consume() -> None:
        while (item := q.get()) is not None:
            time.sleep(0.02)  # the main thread's next GET goes out first
            vers.append(_put(web, "up-" + item[0], item[1].upper(), 20))

    t = threading.Thread(target=consume)
    t.start()
    for k, ms in TRIO:
        q.put((k, _get(web, k, ms)))
    q.put(None)
    t.join()
    return vers


def r193_queue_task_done_join_workers(web: str) -> list:
    q: queue.Queue = queue.Queue()
    results: dict[str, str] = {}

    def work() -> None:
        while True:
            k, ms = q.get()
            try:
                results[k] = _get(web, k, ms)
            finally:
                q.task_done()

    for _ in range(2):
        threading.Thread(target=work, daemon=True).start()
    for km in TRIO:
        q.put(km)
    q.join()
    return sorted(results.items())


def r193_queue_fifo_crawl_no_threads(web: str) -> list[str]:
    """A Queue as a plain FIFO: nothing else can touch it."""
    q: queue.Queue = queue.Queue()
    q.put(("root", 50))
    seen = []
    while not q.empty():
        k, ms = q.get()
        seen.append(_get(web, k, ms))
        if k == "root":
            for child in TRIO:
                q.put(child)
    return seen


def r193_queue_handoff_to_started_worker(web: str, jobs: queue.Queue) -> tuple:
    jobs.put(("q1", "new"))
    a = _get(web, "x", 150)
    b = _get(web, "q1", 40)
    return a, b


def _drive_queue_worker(f: Any, env: Env) -> Any:
    jobs: queue.Queue = queue.Queue()

    def worker() -> None:
        while (job := jobs.get()) is not None:
            _put_later(env.web, job[0], job[1])

    t = threading.Thread(target=worker, daemon=True)
    t.start()
    try:
        return f(env.web, jobs)
    finally:
        jobs.put(None)
        t.join(5)


def r193_priority_queue_order_puts(web: str) -> list[int]:
    pq: queue.PriorityQueue = queue.PriorityQueue()
    for k, ms in TRIO:
        pq.put((ms, k, _get(web, k, ms)))
    vers = []
    while not pq.empty():
        _, k, v = pq.get()
        vers.append(_put(web, "pq-" + k, v))
    return vers


# =========================================================================== (5) locks, events, barriers


def r193_local_lock_around_gets(web: str) -> list[str]:
    lock = threading.Lock()
    vals = []
    for k, ms in TRIO:
        with lock:
            vals.append(_get(web, k, ms))
    return vals


_COUNT_LOCK = threading.RLock()
_COUNTS = {"n": 0}


def _counted_get(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    with _COUNT_LOCK:
        _COUNTS["n"] += 1
    return v


def r193_global_rlock_counter_helper(web: str) -> tuple:
    _COUNTS["n"] = 0
    vals = [_counted_get(web, k, ms) for k, ms in TRIO]
    return vals, _COUNTS["n"]


def r193_event_set_before_gets_no_thread(web: str) -> list[str]:
    ready = threading.Event()
    ready.set()
    out = []
    for k, ms in TRIO:
        if ready.is_set():
            out.append(_get(web, k, ms))
    return out


def r193_event_thread_sets_after_put(web: str) -> tuple:
    done = threading.Event()

    def writer() -> None:
        _put_later(web, "ev", "new", 0.03)
        done.set()

    threading.Thread(target=writer).start()
    a = _get(web, "a", 40)
    done.wait(5)
    return a, _get(web, "ev", 150), _get(web, "b", 40)


def r193_event_wait_as_rate_limit(web: str) -> list[str]:
    stop = threading.Event()
    out = []
    for i, (k, ms) in enumerate(TRIO):
        if i:
            stop.wait(0.06)
        out.append(_get(web, k, ms))
    return out


def r193_condition_wait_for_value(web: str) -> tuple:
    cond = threading.Condition()
    box: dict[str, str] = {}

    def fill() -> None:
        v = _get(web, "a", 90)
        with cond:
            box["a"] = v
            cond.notify_all()

    t = threading.Thread(target=fill)
    t.start()
    with cond:
        cond.wait_for(lambda: "a" in box, timeout=5)
    t.join()
    return box["a"], _get(web, "b", 150), _get(web, "c", 40)


def r193_semaphore_limits_threads(web: str) -> list:
    sem = threading.BoundedSemaphore(2)
    out: dict[str, str] = {}

    def fetch(k: str, ms: int) -> None:
        with sem:
            out[k] = _get(web, k, ms)

    ts = [threading.Thread(target=fetch, args=km) for km in TRIO]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(out.items())


def r193_barrier_action_prints(web: str) -> list:
    got: dict[str, str] = {}
    barrier = threading.Barrier(3, action=lambda: print("all three fetched"))

    def fetch(k: str, ms: int) -> None:
        got[k] = _get(web, k, ms)
        barrier.wait(5)

    ts = [threading.Thread(target=fetch, args=km) for km in TRIO]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ver = _put(web, "summary", ",".join(sorted(got.values())))
    return sorted(got.items()), ver


def r193_barrier_main_participates(web: str) -> tuple:
    barrier = threading.Barrier(2)
    box: list[str] = []

    def side() -> None:
        box.append(_get(web, "a", 150))
        barrier.wait(5)

    t = threading.Thread(target=side)
    t.start()
    b = _get(web, "b", 40)
    print("main waiting")
    barrier.wait(5)
    print("both arrived")
    t.join()
    return box[0], b, _put(web, "pair", box[0] + b)


# =========================================================================== (6) background poller


def r193_poller_thread_job_until_done(web: str) -> tuple:
    job = requests.post(f"{web}/jobs").json()["id"]
    done = threading.Event()
    status: list[str] = []

    def poll() -> None:
        while True:
            s = requests.get(f"{web}/jobs/{job}?ms=20").json()["status"]
            status.append(s)
            if s == "done":
                done.set()
                return
            time.sleep(0.02)

    t = threading.Thread(target=poll, daemon=True)
    t.start()
    a = _get(web, "a", 40)
    done.wait(5)
    t.join()
    print("polls", len(status))
    return a, status, _get(web, "b", 90), _get(web, "c", 40)


def r193_poller_stopped_by_event(web: str) -> tuple:
    stop = threading.Event()
    ticks: list[str] = []

    def poll() -> None:
        while not stop.is_set():
            ticks.append(_get(web, "tick", 20))
            stop.wait(1.0)  # woken by the stop

    t = threading.Thread(target=poll)
    t.start()
    a = _get(web, "a", 90)
    stop.set()
    t.join()
    return a, ticks, _get(web, "b", 150), _get(web, "c", 40)


# =========================================================================== (7) starts hidden in code of ours


class _Cache:
    def __init__(self, web: str) -> None:
        self.web = web
        self._t: threading.Thread | None = None

    @property
    def primed(self) -> bool:
        if self._t is None:  # the first look starts a refresh in the background
            self._t = threading.Thread(target=_put_later, args=(self.web, "h1", "new"))
            self._t.start()
        return True

    def close(self) -> None:
        if self._t is not None:
            self._t.join()


def r193_hidden_property_starts_refresh(web: str) -> tuple:
    cache = _Cache(web)
    if cache.primed:
        a = _get(web, "x", 150)
        b = _get(web, "h1", 40)
    cache.close()
    return a, b


class _Flusher:
    def __init__(self, web: str) -> None:
        self.web = web
        self.items: list[str] = []
        self.thread: threading.Thread | None = None

    def __enter__(self) -> _Flusher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.thread = threading.Thread(target=_put_later,
                                       args=(self.web, "h2", ",".join(self.items)))
        self.thread.start()


def r193_hidden_exit_starts_flush(web: str) -> tuple:
    fl = _Flusher(web)
    with fl:
        fl.items.append("one")
        fl.items.append("two")
    a = _get(web, "x", 150)
    b = _get(web, "h2", 40)
    fl.thread.join()
    return a, b


@functools.singledispatch
def _spawn(target: Any) -> threading.Thread:
    raise TypeError(type(target).__name__)


@_spawn.register
def _(target: str) -> threading.Thread:
    t = threading.Thread(target=_put_later, args=(target, "h3", "new"))
    t.start()
    return t


def r193_hidden_singledispatch_starts(web: str) -> tuple:
    t = _spawn(web)
    a = _get(web, "x", 150)
    b = _get(web, "h3", 40)
    t.join()
    return a, b


_AUDITS: list[threading.Thread] = []


def _audit_hook(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    t = threading.Thread(target=_put_later, args=(r.url.split("/items/")[0], "h4", "audited"))
    t.start()
    _AUDITS.append(t)


def r193_hidden_response_hook_starts(web: str) -> tuple:
    _AUDITS.clear()
    first = requests.get(f"{web}/items/f?ms=20", hooks={"response": _audit_hook}).json()["value"]
    a = _get(web, "x", 150)
    b = _get(web, "h4", 40)
    for t in _AUDITS:
        t.join()
    return first, a, b


class _ThreadedPutHandler(logging.Handler):
    """Ships each record to the server from a thread of its own."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web
        self.threads: list[threading.Thread] = []

    def emit(self, record: logging.LogRecord) -> None:
        t = threading.Thread(target=_put_later, args=(self.web, "h5", record.getMessage()))
        t.start()
        self.threads.append(t)


_SHIP = corpus_logger("redteam193.ship")


def r193_hidden_log_handler_emit_starts(web: str) -> tuple:
    _SHIP.warning("shipping %s", "one")
    a = _get(web, "x", 150)
    b = _get(web, "h5", 40)
    return a, b


def _drive_ship_handler(f: Any, env: Env) -> Any:
    h = _ThreadedPutHandler(env.web)
    _SHIP.addHandler(h)
    try:
        return f(env.web)
    finally:
        _SHIP.removeHandler(h)
        for t in h.threads:
            t.join(5)


def r193_future_set_result_callback_puts(web: str) -> tuple:
    """No thread at all: `set_result` runs the callback, which PUTs, right there."""
    fut: Future = Future()
    fut.add_done_callback(lambda f: _put(web, "cb", f.result().upper(), 40))
    a = _get(web, "a", 90)
    fut.set_result(a)
    x = _get(web, "x", 150)
    cb = _get(web, "cb", 40)
    return a, x, cb


def r193_hidden_del_starts_flush(web: str) -> tuple:
    started: list[threading.Thread] = []

    class Buffer:
        def __del__(self) -> None:
            t = threading.Thread(target=_put_later, args=(web, "h6", "flushed"))
            t.start()
            started.append(t)

    buf = Buffer()
    del buf
    a = _get(web, "x", 150)
    b = _get(web, "h6", 40)
    for t in started:
        t.join()
    return a, b


def r193_hidden_queue_listener_logging(web: str) -> tuple:
    q: queue.Queue = queue.Queue()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("listener: %(message)s"))
    listener = logging.handlers.QueueListener(q, handler)
    log = logging.getLogger("r193.queued")
    log.propagate = False
    qh = logging.handlers.QueueHandler(q)
    log.addHandler(qh)
    log.setLevel(logging.INFO)
    listener.start()
    try:
        a = _get(web, "a", 150)
        log.info("got a %s", a)
        b = _get(web, "b", 40)
        log.info("got b %s", b)
    finally:
        listener.stop()
        log.removeHandler(qh)
    return a, b


def _loop_forever() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="r193-loop", daemon=True).start()
    return loop


_LOOP = _loop_forever()


async def _aput_later(web: str, k: str, v: str) -> int:
    await asyncio.sleep(0.03)
    return await asyncio.to_thread(_put, web, k, v, 40)


def r193_run_coroutine_threadsafe_put(web: str) -> tuple:
    fut = asyncio.run_coroutine_threadsafe(_aput_later(web, "h7", "new"), _LOOP)
    a = _get(web, "x", 150)
    b = _get(web, "h7", 40)
    return a, b, fut.result(5)


def r193_call_soon_threadsafe_put(web: str) -> tuple:
    done = threading.Event()
    _LOOP.call_soon_threadsafe(lambda: _LOOP.create_task(_aput_later(web, "h8", "new"))
                               .add_done_callback(lambda t: done.set()))
    a = _get(web, "x", 150)
    b = _get(web, "h8", 40)
    done.wait(5)
    return a, b


# =========================================================================== (8) sqlite and files


def r193_sqlite_insert_after_each_get(web: str, tmp: str) -> list:
    conn = sqlite3.connect(Path(tmp, "items.db"))
    conn.execute("create table items (k text, v text)")
    for k, ms in TRIO:
        conn.execute("insert into items values (?, ?)", (k, _get(web, k, ms)))
        conn.commit()
    rows = conn.execute("select k, v from items order by k").fetchall()
    conn.close()
    return rows


def r193_sqlite_gets_then_executemany(web: str, tmp: str) -> list:
    vals = [(k, _get(web, k, ms)) for k, ms in TRIO]
    conn = sqlite3.connect(Path(tmp, "bulk.db"))
    with conn:
        conn.execute("create table items (k text, v text)")
        conn.executemany("insert into items values (?, ?)", vals)
    rows = conn.execute("select count(*) from items").fetchone()
    conn.close()
    return [rows[0], vals]


def _seed_keys(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "keys.db")
    conn.execute("create table wanted (k text, ms int)")
    conn.executemany("insert into wanted values (?, ?)", TRIO)
    conn.commit()
    conn.close()


def r193_sqlite_keys_then_gets_then_update(web: str, tmp: str) -> list:
    conn = sqlite3.connect(Path(tmp, "keys.db"))
    wanted = conn.execute("select k, ms from wanted order by rowid").fetchall()
    got = {k: _get(web, k, ms) for k, ms in wanted}
    for k, v in got.items():
        conn.execute("update wanted set k = ? where k = ?", (v, k))
    conn.commit()
    rows = conn.execute("select k from wanted order by rowid").fetchall()
    conn.close()
    return rows


def r193_sqlite_pool_workers_main_inserts(web: str, tmp: str) -> list:
    conn = sqlite3.connect(Path(tmp, "pool.db"))
    conn.execute("create table items (k text, v text)")
    with ThreadPoolExecutor(max_workers=3) as ex:
        futs = {ex.submit(_get, web, k, ms): k for k, ms in TRIO}
        for f in as_completed(futs):
            conn.execute("insert into items values (?, ?)", (futs[f], f.result()))
    conn.commit()
    rows = conn.execute("select k, v from items order by rowid").fetchall()
    conn.close()
    return rows


def r193_sqlite_thread_own_connection(web: str, tmp: str) -> list:
    db = Path(tmp, "thread.db")
    with sqlite3.connect(db) as c:
        c.execute("create table log (msg text)")

    def record(msg: str) -> None:
        c2 = sqlite3.connect(db)
        with c2:
            c2.execute("insert into log values (?)", (msg,))
        c2.close()

    t = threading.Thread(target=record, args=(_get(web, "a", 90),))
    t.start()
    t.join()
    b = _get(web, "b", 150)
    c3 = sqlite3.connect(db)
    rows = c3.execute("select msg from log").fetchall()
    c3.close()
    return [rows, b, _get(web, "c", 40)]


def r193_file_progress_between_gets(web: str, tmp: str) -> list[str]:
    progress = Path(tmp, "progress.txt")
    out = []
    for k, ms in TRIO:
        out.append(_get(web, k, ms))
        progress.write_text(f"{len(out)} of {len(TRIO)}\n")
    return out


def r193_file_gets_then_jsonl_and_put(web: str, tmp: str) -> tuple:
    vals = {k: _get(web, k, ms) for k, ms in TRIO}
    with open(Path(tmp, "out.jsonl"), "w") as fh:
        for k, v in vals.items():
            fh.write(json.dumps({"k": k, "v": v}) + "\n")
    return vals, _put(web, "done", str(len(vals)))


def r193_httpx_client_shared_by_threads(web: str) -> list:
    out: dict[str, str] = {}
    with httpx.Client(base_url=web) as client:
        def fetch(k: str, ms: int) -> None:
            out[k] = client.get(f"/items/{k}", params={"ms": ms}).json()["value"]

        ts = [threading.Thread(target=fetch, args=km) for km in TRIO]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        tail = client.get("/items/tail", params={"ms": 40}).json()["value"]
    return [sorted(out.items()), tail]


def r193_thread_local_sessions(web: str) -> list:
    local = threading.local()
    out: dict[str, str] = {}

    def session() -> requests.Session:
        if not hasattr(local, "s"):
            local.s = requests.Session()
        return local.s

    def fetch(k: str, ms: int) -> None:
        out[k] = session().get(f"{web}/items/{k}?ms={ms}").json()["value"]

    with ThreadPoolExecutor(max_workers=2) as ex:
        list(ex.map(lambda km: fetch(*km), TRIO))
    return sorted(out.items())


# =========================================================================== the lists


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
    _w(r193_pool_submit_collect_in_order),
    _w(r193_pool_done_callback_prints),
    _w(r193_pool_done_callback_puts),
    _w(r193_pool_callback_on_done_future_inline, (90 + 190) / (90 + 150)),
    _w(r193_pool_as_completed_prints),
    _w(r193_pool_wait_first_then_put),
    _w(r193_pool_one_worker_puts_in_order, (190 + 80) / (190 + 40)),
    _w(r193_pool_worker_raises_caught),
    _w(r193_pool_then_sequential_gets, (90 + 280) / (90 + 150)),
    _w(r193_gets_then_pool_of_puts, (280 + 120) / (150 + 120)),
    _w(r193_module_executor_submit_put_then_gets),
    Case("sdk", r193_pool_openai_chat_with_callback, args=oa, servers="api",
         ideal=(150 + 140) / (150 + 90)),
    _w(r193_mp_module_pool_apply_async_put),
    _w(r193_mp_module_pool_map_async_callback),
    _w(r193_mp_pool_imap_unordered_sorted),
    _w(r193_mp_dummy_process_put),
    _w(r193_thread_writer_main_reader_join, (150 + 130) / (150 + 90)),
    _w(r193_thread_readers_into_dict),
    _w(r193_thread_subclass_prints_in_finish_order),
    _w(r193_thread_writes_file_main_gets, args=web_tmp),
    _w(r193_thread_prints_interleave_main),
    _w(r193_queue_producer_thread_main_puts),
    _w(r193_queue_main_producer_thread_puts, 300 / 170),
    _w(r193_queue_task_done_join_workers),
    _w(r193_queue_fifo_crawl_no_threads, (50 + 280) / (50 + 150)),
    _d(r193_queue_handoff_to_started_worker, _drive_queue_worker),
    _w(r193_priority_queue_order_puts, (280 + 120) / (150 + 120)),
    _w(r193_local_lock_around_gets, over(150, 40, 90)),
    _w(r193_global_rlock_counter_helper, over(150, 40, 90)),
    _w(r193_event_set_before_gets_no_thread, over(150, 40, 90), overlap=3),
    _w(r193_event_thread_sets_after_put, (130 + 190) / (130 + 150)),
    _w(r193_event_wait_as_rate_limit, cat="sleep", spacing=0.06),
    _w(r193_condition_wait_for_value, (90 + 190) / (90 + 150)),
    _w(r193_semaphore_limits_threads),
    _w(r193_barrier_action_prints),
    _w(r193_barrier_main_participates),
    _w(r193_poller_thread_job_until_done, (150 + 130) / (150 + 90)),
    _w(r193_poller_stopped_by_event, (90 + 190) / (90 + 150)),
    _w(r193_hidden_property_starts_refresh),
    _w(r193_hidden_exit_starts_flush),
    _w(r193_hidden_singledispatch_starts),
    _w(r193_hidden_response_hook_starts),
    _d(r193_hidden_log_handler_emit_starts, _drive_ship_handler),
    _w(r193_future_set_result_callback_puts),
    _w(r193_hidden_del_starts_flush),
    _w(r193_hidden_queue_listener_logging),
    _w(r193_run_coroutine_threadsafe_put),
    _w(r193_call_soon_threadsafe_put),
    _w(r193_sqlite_insert_after_each_get, cat="db", args=web_tmp),
    _w(r193_sqlite_gets_then_executemany, over(150, 40, 90), cat="db", args=web_tmp,
       overlap=3),
    _w(r193_sqlite_keys_then_gets_then_update, over(150, 40, 90), cat="db", args=web_tmp,
       setup=_seed_keys, overlap=3),
    _w(r193_sqlite_pool_workers_main_inserts, cat="db", args=web_tmp),
    _w(r193_sqlite_thread_own_connection, (90 + 190) / (90 + 150), cat="db", args=web_tmp),
    _w(r193_file_progress_between_gets, cat="files", args=web_tmp),
    _w(r193_file_gets_then_jsonl_and_put, (280 + 40) / (150 + 40), cat="files",
       args=web_tmp, overlap=3),
    _w(r193_httpx_client_shared_by_threads),
    _w(r193_thread_local_sessions),
]

FIXED_WHY: dict[str, str] = {
    "r193_hidden_singledispatch_starts": (
        "a thread started by a functools.singledispatch implementation (its PUT lands while "
        "the first GET waits): the dispatch was not looked through, so the GET after it "
        "overlaps the first and misses the PUT. Fixed by `_dispatch` (the implementations a "
        "dispatch may pick are classified)."),
    "r193_mp_module_pool_apply_async_put": (
        "a module-level `multiprocessing.pool.ThreadPool`'s `apply_async` hands work (a PUT "
        "30 ms in) to a thread already running, but is not taken as a thread start as "
        "`Executor.submit` on a module-level executor is: the two GETs after it overlap and "
        "the second reads 'v-t1' where the plain run reads 'new'."),
    "r193_hidden_log_handler_emit_starts": (
        "`LOG.warning(...)` reaches a handler (added by the drive) whose `emit` starts a "
        "thread that PUTs: the call is kept in place as unknown but not taken as a thread "
        "start, so the two GETs after it overlap and the second reads 'v-h5' where the "
        "plain run reads 'shipping one'."),
    "r193_hidden_del_starts_flush": (
        "`del buf` runs `Buffer.__del__`, which starts a thread that PUTs: the `del` is not "
        "seen as a thread start (property, `__exit__`, singledispatch, response hooks are), "
        "so the GETs after it overlap and the second reads 'v-h6' instead of 'flushed'."),
}

FAILING_WHY: dict[str, str] = {
    "r193_queue_handoff_to_started_worker": (
        "`jobs.put(...)` to a worker the drive started (it PUTs 30 ms later): the GETs after "
        "the put overlap and the second misses the PUT ('v-q1' vs 'new'). The documented "
        "'thread started elsewhere' limit (docs/jit.md), kept as its plainest shape."),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
