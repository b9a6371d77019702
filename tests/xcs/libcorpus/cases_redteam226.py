# ruff: noqa: B023, PLW0603 - the shapes under test
"""Red-team cases (stop 226): threads and synchronisation, round three (160 and 193 before).

(1) A worker the drive started (outside the jitted function) PUTs an item and then signals;
the function waits for the signal and reads the item beside an independent one. The wait is
every primitive a user reaches for: ``Event.wait`` (with and without a timeout), a
``Condition``'s ``wait_for``, ``Semaphore``/``BoundedSemaphore``, ``Barrier``, a ``Lock``
the drive took and the worker releases, ``queue.Queue`` (``get``, ``task_done``/``join``),
``PriorityQueue``, ``SimpleQueue``, ``Thread.join``, a future's ``result``,
``as_completed``, ``wait(FIRST_COMPLETED)``; and the waits that are not a primitive's: a
poll of ``is_set``/``empty``/``is_alive``/``done``/a list/a counter with a short sleep, a
plain ``time.sleep`` or an ``Event.wait(timeout)`` used as a sleep. A read of the item
started above the wait reads the old value.
(2) The other way: the function writes, signals a worker (``set``, ``notify``, ``put``,
``release``, a barrier) and waits for it; the server must see the writes in program order.
(3) Threads the function starts itself: ``threading.Timer`` PUTting while the function
GETs (and cancelled), a ``Condition`` handshake, a ``Barrier`` with an action, threads
behind a ``BoundedSemaphore``, ``threading.excepthook``, daemon threads writing files,
``join(timeout)``, ``contextvars.copy_context().run``, ``ThreadPoolExecutor`` inside
helpers (``submit``/``result``, ``map``, ``as_completed``, ``wait(FIRST_COMPLETED)``,
``add_done_callback`` that PUTs or prints, ``shutdown(cancel_futures=True)``).
(4) State that belongs to a thread, read by a helper the JIT might start on its pool: a
``threading.local`` reached through a default argument, ``self``, a closure, a nested
container, an attribute chain, a subclass; the thread's name; the decimal context.
(5) Locks held across I/O: ``with lock:`` around GETs, an ``RLock`` a helper takes again
(on another thread it would deadlock), a ``Condition`` a helper notifies while its caller
holds it.
(6) Model calls of the openai SDK beside the same shapes.
(7) Helpers that print (the JIT's printing twins, whose prints are held until the call's
place) beside output another thread makes meanwhile: a timer's print, a worker released by
the function, a done callback the function registers, a timer that reads stdout. These are
the cases that differ (`FAILING_WHY`): every wait, lock, queue and constructor that
synchronises with a worker kept the reads after it in place.
"""

from __future__ import annotations

import contextvars
import decimal
import queue
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, openai_client, serial_ideal

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 30) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _late_put(web: str, key: str, text: str, ms: int = 30) -> int:
    """A worker's PUT, 200 ms after it starts: a read the function sends first arrives first
    (under jit too, whose first call plans before its first request)."""
    time.sleep(0.2)
    return _put(web, key, text, ms)


def _ask(client: Any, text: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": text}])
    return (r.choices[0].message.content or "")[:20]


# =========================================================================== drives


def _with_worker(worker: Any, make: Any, finish: Any = None) -> Any:
    """A drive: make the sync object, start `worker(web, sync)` on a thread of the drive's,
    call the function with (web, sync), then let the worker finish and join it."""

    def drive(f: Any, env: Env) -> Any:
        sync = make()
        t = threading.Thread(target=worker, args=(env.web, sync), name="r226-worker",
                             daemon=True)
        t.start()
        try:
            return f(env.web, sync)
        finally:
            if finish is not None:
                finish(sync)
            t.join(5)

    return drive


# ====================================================== (1) the worker writes, then signals


def _w_put_set(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.ev.set()


def r226_event_wait_then_read(web: str, s: Any) -> list[str]:
    s.ev.wait()
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def r226_read_then_event_wait_then_read(web: str, s: Any) -> list[str]:
    a = _get(web, "a", 100)
    s.ev.wait(2.0)
    v = _get(web, "x")
    return [a, v]


def _w_put_notify(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    with s.cond:
        s.state["done"] = True
        s.cond.notify_all()


def r226_condition_wait_for_then_read(web: str, s: Any) -> list[Any]:
    with s.cond:
        ok = s.cond.wait_for(lambda: s.state["done"], timeout=2.0)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [ok, v, o]


def _w_put_release(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.sem.release()


def r226_semaphore_acquire_then_read(web: str, s: Any) -> list[Any]:
    ok = s.sem.acquire(timeout=2.0)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [ok, v, o]


def _held_bounded() -> Any:
    sem = threading.BoundedSemaphore(1)
    sem.acquire()
    return SimpleNamespace(sem=sem)


def r226_bounded_semaphore_with_block(web: str, s: Any) -> list[str]:
    with s.sem:
        v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def _w_put_barrier(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.barrier.wait(timeout=2.0)


def r226_barrier_then_read(web: str, s: Any) -> list[str]:
    s.barrier.wait(timeout=2.0)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def _w_put_queue(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.q.put("x")


def r226_queue_get_then_read(web: str, s: Any) -> list[str]:
    key = s.q.get(timeout=2.0)
    v = _get(web, key)
    o = _get(web, "o", 100)
    return [key, v, o]


def r226_simplequeue_get_then_read(web: str, s: Any) -> list[str]:
    key = s.q.get(timeout=2.0)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [key, v, o]


def _w_put_priority(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.q.put((2, "o"))
    s.q.put((1, "x"))
    s.ready.set()


def r226_priorityqueue_get_then_read(web: str, s: Any) -> list[Any]:
    s.ready.wait(2.0)
    first = s.q.get(timeout=2.0)
    second = s.q.get(timeout=2.0)
    v = _get(web, first[1])
    o = _get(web, second[1], 100)
    return [first[1], second[1], v, o]


def _w_jobs(web: str, s: Any) -> None:
    while True:
        job = s.q.get(timeout=3.0)
        if job is None:
            s.q.task_done()
            return
        key, text = job
        _put(web, key, text)
        s.q.task_done()


def _stop_jobs(s: Any) -> None:
    s.q.put(None)


def r226_queue_join_task_done(web: str, s: Any) -> list[str]:
    s.q.put(("x", "job-1"))
    s.q.join()
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def r226_queue_jobs_then_reads_overlap(web: str, s: Any) -> list[str]:
    for k in ("j1", "j2", "j3"):
        s.q.put((k, f"done-{k}"))
    s.q.join()
    return [_get(web, k) for k in ("j1", "j2", "j3")]


def _drive_thread_join(f: Any, env: Env) -> Any:
    t = threading.Thread(target=_late_put, args=(env.web, "x", "from-thread"), daemon=True)
    t.start()
    try:
        return f(env.web, t)
    finally:
        t.join(5)


def r226_thread_join_passed_in(web: str, t: threading.Thread) -> list[Any]:
    t.join(2.0)
    alive = t.is_alive()
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [alive, v, o]


def r226_thread_is_alive_poll(web: str, t: threading.Thread) -> list[Any]:
    a = _get(web, "a", 100)
    for _ in range(200):
        if not t.is_alive():
            break
        time.sleep(0.01)
    v = _get(web, "x")
    return [a, v]


def _drive_future(f: Any, env: Env) -> Any:
    ex = ThreadPoolExecutor(max_workers=2)
    try:
        fut = ex.submit(_late_put, env.web, "x", "from-future", 40)
        return f(env.web, fut)
    finally:
        ex.shutdown(wait=True)


def r226_future_result_then_read(web: str, fut: Any) -> list[Any]:
    version = fut.result(timeout=2.0)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [version, v, o]


def r226_future_done_poll(web: str, fut: Any) -> list[Any]:
    a = _get(web, "a", 100)
    for _ in range(200):
        if fut.done():
            break
        time.sleep(0.01)
    v = _get(web, "x")
    return [a, v]


def _drive_two_futures(f: Any, env: Env) -> Any:
    ex = ThreadPoolExecutor(max_workers=2)
    try:
        slow = ex.submit(_get, env.web, "slow", 300)
        fast = ex.submit(_late_put, env.web, "x", "fast-put", 30)
        return f(env.web, fast, slow)
    finally:
        ex.shutdown(wait=True)


def r226_wait_first_completed_then_read(web: str, fast: Any, slow: Any) -> list[Any]:
    done, pending = wait([fast, slow], timeout=2.0, return_when=FIRST_COMPLETED)
    first = [f is fast for f in done]
    v = _get(web, "x")
    return [first, len(pending), v]


def _held_lock() -> Any:
    lk = threading.Lock()
    lk.acquire()
    return SimpleNamespace(lock=lk)


def _w_put_unlock(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.lock.release()


def r226_lock_released_by_worker(web: str, s: Any) -> list[str]:
    o = _get(web, "o", 100)
    with s.lock:
        v = _get(web, "x")
    return [o, v]


def r226_event_is_set_poll(web: str, s: Any) -> list[str]:
    a = _get(web, "a", 100)
    for _ in range(200):
        if s.ev.is_set():
            break
        time.sleep(0.01)
    v = _get(web, "x")
    return [a, v]


def _w_put_append(web: str, s: Any) -> None:
    _late_put(web, "x", "from-worker")
    s.box.append("done")


def r226_list_poll(web: str, s: Any) -> list[str]:
    a = _get(web, "a", 100)
    for _ in range(200):
        if s.box:
            break
        time.sleep(0.01)
    v = _get(web, "x")
    return [a, v, *s.box]


def _w_put_now(web: str, s: Any) -> None:
    _put(web, "x", "from-worker", 20)


def r226_sleep_as_handshake(web: str, s: Any) -> list[str]:
    time.sleep(0.25)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def r226_event_wait_timeout_as_sleep(web: str, s: Any) -> list[Any]:
    woke = s.ev.wait(0.25)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [woke, v, o]


def _drive_timer(f: Any, env: Env) -> Any:
    t = threading.Timer(0.02, _put, (env.web, "x", "from-timer", 20))
    t.start()
    try:
        return f(env.web)
    finally:
        t.cancel()
        t.join(5)


def r226_timer_of_drive_then_sleep(web: str) -> list[str]:
    time.sleep(0.25)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


# ================================= (1b) waits and sleeps the user wrote as helpers of their own


def _settle(seconds: float) -> None:
    """Give the background work a moment."""
    time.sleep(seconds)


def _wait_until(ready: Any, timeout: float = 2.0, every: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(every)
    return False


def r226_sleep_helper_as_handshake(web: str, s: Any) -> list[str]:
    _settle(0.25)
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def r226_wait_until_helper_list(web: str, s: Any) -> list[Any]:
    a = _get(web, "a", 100)
    ok = _wait_until(lambda: bool(s.box))
    v = _get(web, "x")
    return [a, ok, v]


def r226_wait_until_helper_is_set(web: str, s: Any) -> list[Any]:
    a = _get(web, "a", 100)
    ok = _wait_until(s.ev.is_set)
    v = _get(web, "x")
    return [a, ok, v]


def _poll_flag(s: Any) -> None:
    for _ in range(200):
        if s.ev.is_set():
            return
        time.sleep(0.01)


def r226_poll_helper_no_value(web: str, s: Any) -> list[str]:
    a = _get(web, "a", 100)
    _poll_flag(s)
    v = _get(web, "x")
    return [a, v]


def _drive_timer_z(f: Any, env: Env) -> Any:
    t = threading.Timer(0.06, _put, (env.web, "z", "from-timer", 20))
    t.start()
    try:
        return f(env.web)
    finally:
        t.cancel()
        t.join(5)


def r226_sleep_helper_between_puts_order(web: str) -> list[Any]:
    _put(web, "x", "main", 20)
    _settle(0.2)
    n = _put(web, "y", "after", 20)
    return [n, _get(web, "z")]


def r226_sleep_helper_then_get_of_timer(web: str) -> list[str]:
    a = _get(web, "a", 20)
    _settle(0.2)
    z = _get(web, "z")
    o = _get(web, "o", 100)
    return [a, z, o]


def _fetch_loud(web: str, key: str, ms: int = 100) -> str:
    print("fetching", key)
    v = _get(web, key, ms)
    print("got", key)
    return v


def _drive_timer_prints(f: Any, env: Env) -> Any:
    t = threading.Timer(0.05, print, ("tick",))
    t.start()
    try:
        return f(env.web)
    finally:
        t.cancel()
        t.join(5)


def r226_printing_helpers_beside_timer(web: str) -> list[str]:
    print("start")
    a = _fetch_loud(web, "a")
    b = _fetch_loud(web, "b")
    print("end")
    return [a, b]


def r226_printing_helpers_own_timer(web: str) -> list[str]:
    t = threading.Timer(0.05, print, ("tick",))
    t.start()
    print("start")
    a = _fetch_loud(web, "a")
    b = _fetch_loud(web, "b")
    t.join()
    print("end")
    return [a, b]


def _drive_slow_future(f: Any, env: Env) -> Any:
    ex = ThreadPoolExecutor(max_workers=1)
    try:
        fut = ex.submit(_get, env.web, "bg", 50)
        return f(env.web, fut)
    finally:
        ex.shutdown(wait=True)


def r226_done_callback_prints_beside_loud(web: str, fut: Any) -> list[str]:
    print("start")
    fut.add_done_callback(lambda f: print("callback", f.result()))
    a = _fetch_loud(web, "a", 130)
    b = _fetch_loud(web, "b", 130)
    print("end")
    return [a, b]


def _drive_stdout_peek(f: Any, env: Env) -> Any:
    def peek() -> None:
        lines = sys.stdout.getvalue().splitlines()  # the harness's StringIO
        _put(env.web, "seen", "|".join(lines), 20)

    t = threading.Timer(0.05, peek)
    t.start()
    try:
        return f(env.web)
    finally:
        t.join(5)


def r226_stdout_peeked_by_timer(web: str) -> list[str]:
    print("start")
    a = _fetch_loud(web, "a", 130)
    b = _fetch_loud(web, "b", 130)
    return [a, b]


def _w_go_print(web: str, s: Any) -> None:
    if not s.go.wait(2.0):
        return
    time.sleep(0.04)
    print("worker")
    s.done.set()


def r226_printing_helpers_after_signal(web: str, s: Any) -> list[str]:
    print("start")
    s.go.set()
    a = _fetch_loud(web, "a")
    b = _fetch_loud(web, "b")
    s.done.wait(2.0)
    print("end")
    return [a, b]


def _w_go_put(web: str, s: Any) -> None:
    if not s.go.wait(2.0):
        return
    _late_put(web, "x", "worker")
    s.done.set()


def r226_flag_store_then_sleep_then_read(web: str, s: Any) -> list[Any]:
    s.state["go"] = True
    _settle(0.2)
    v = _get(web, "x")
    return [v, s.state["done"]]


def _w_flag_put(web: str, s: Any) -> None:
    for _ in range(200):
        if s.state["go"]:
            break
        time.sleep(0.005)
    else:
        return
    _put(web, "x", "worker", 20)
    s.state["done"] = True


def _flag_stop(s: Any) -> None:
    s.state["go"] = True


# ================================================ (1c) rate limits, shared state, safe overlap


def r226_settle_helper_rate_limit(web: str) -> list[str]:
    out = []
    for k in ("a", "b", "c"):
        out.append(_get(web, k, 20))
        _settle(0.06)
    return out


def r226_sleep_statement_rate_limit(web: str) -> list[str]:
    out = []
    for k in ("a", "b", "c"):
        out.append(_get(web, k, 20))
        time.sleep(0.06)
    return out


def _drive_bump_timer(f: Any, env: Env) -> Any:
    state = {"n": 0}
    t = threading.Timer(0.05, state.update, kwargs={"n": 1})
    t.start()
    try:
        return f(env.web, state)
    finally:
        t.cancel()
        t.join(5)


def r226_shared_state_in_url_timer(web: str, state: dict[str, int]) -> list[str]:
    a = _get(web, f"a-{state['n']}", 120)
    b = _get(web, f"b-{state['n']}", 40)
    return [a, b]


def r226_tls_set_then_reads_overlap(web: str) -> list[str]:
    _login("kim")
    a = _get(web, "a")
    b = _get(web, "b", 100)
    return [a, b, _TLS.user]


def r226_priorityqueue_after_reads_overlap(web: str) -> list[Any]:
    vals = [_get(web, k, ms) for k, ms in (("ccc", 60), ("a", 100), ("bb", 40))]
    pq: queue.PriorityQueue[tuple[int, str]] = queue.PriorityQueue()
    for v in vals:
        pq.put((len(v), v))
    return [pq.get_nowait()[1] for _ in range(pq.qsize())]


def r226_queue_full_nowait_overflow(web: str) -> list[Any]:
    q: queue.Queue[str] = queue.Queue(maxsize=2)
    dropped = []
    for k in ("a", "b", "c"):
        v = _get(web, k, 30)
        try:
            q.put_nowait(v)
        except queue.Full:
            dropped.append(v)
            _put(web, "dropped", v)
    return [q.qsize(), dropped, _get(web, "dropped")]


# ================================ (1d) constructors of the user's classes that wait or take locks


class Slot:
    """A pool slot: constructing one takes the gate (waits while it is held)."""

    def __init__(self, gate: Any) -> None:
        gate.acquire()
        self.gate = gate

    def close(self) -> None:
        self.gate.release()


def _held_gate() -> Any:
    gate = threading.Semaphore(1)
    gate.acquire()
    return SimpleNamespace(sem=gate)


def r226_ctor_takes_semaphore_worker_frees(web: str, s: Any) -> list[str]:
    o = _get(web, "o", 100)
    slot = Slot(s.sem)
    v = _get(web, "x")
    slot.close()
    return [o, v]


GATE = threading.Semaphore(1)


class GlobalSlot:
    def __init__(self) -> None:
        GATE.acquire()

    def close(self) -> None:
        GATE.release()


def _drive_global_gate(f: Any, env: Env) -> Any:
    """Two rounds (the second call runs the plan the first made): the drive takes the gate,
    its worker PUTs the round's item and frees it."""
    out = []
    for key in ("x", "y"):
        GATE.acquire(timeout=1.0)
        t = threading.Thread(target=_w_put_free_gate, args=(env.web, key), daemon=True)
        t.start()
        try:
            out.append(f(env.web, key))
        finally:
            t.join(5)
    return out


def _w_put_free_gate(web: str, key: str) -> None:
    _late_put(web, key, "from-worker")
    GATE.release()


def r226_ctor_takes_global_semaphore(web: str, key: str) -> list[str]:
    o = _get(web, "o", 100)
    slot = GlobalSlot()
    v = _get(web, key)
    slot.close()
    return [o, v]


class Reentrant:
    """Holds an RLock from construction to `release` (which must be the same thread)."""

    def __init__(self, lock: Any) -> None:
        lock.acquire()
        self.lock = lock

    def release(self) -> None:
        self.lock.release()


def r226_ctor_takes_rlock_released_after(web: str) -> list[str]:
    lock = threading.RLock()
    a = _get(web, "a", 100)
    held = Reentrant(lock)
    b = _get(web, "b")
    held.release()
    return [a, b]


class Job:
    """A job taken off the queue when the object is made (waits for one)."""

    def __init__(self, jobs: Any) -> None:
        self.key = jobs.get(timeout=2.0)


def r226_ctor_waits_on_queue(web: str, s: Any) -> list[str]:
    o = _get(web, "o", 100)
    job = Job(s.q)
    v = _get(web, "x")
    return [o, job.key, v]


class Ready:
    def __init__(self, cond: Any, state: dict[str, bool]) -> None:
        with cond:
            self.ok = cond.wait_for(lambda: state["done"], timeout=2.0)


def r226_ctor_waits_on_condition(web: str, s: Any) -> list[Any]:
    o = _get(web, "o", 100)
    r = Ready(s.cond, s.state)
    v = _get(web, "x")
    return [o, r.ok, v]


class Rendezvous:
    def __init__(self, barrier: Any) -> None:
        self.index = barrier.wait(timeout=2.0)


def r226_ctor_waits_on_barrier(web: str, s: Any) -> list[Any]:
    o = _get(web, "o", 100)
    Rendezvous(s.barrier)
    v = _get(web, "x")
    return [o, v]


class Armed:
    def __init__(self, ev: Any) -> None:
        self.ok = ev.wait(2.0)


def r226_ctor_waits_on_event(web: str, s: Any) -> list[Any]:
    o = _get(web, "o", 100)
    a = Armed(s.ev)
    v = _get(web, "x")
    return [o, a.ok, v]


# ============================================= (2) the function writes, signals, waits


def _w_go_read_put(web: str, s: Any) -> None:
    if not s.go.wait(2.0):
        return
    s.box.append(_get(web, "x"))
    _put(web, "x", "worker")
    s.done.set()


def r226_put_signal_worker_reads(web: str, s: Any) -> list[Any]:
    _put(web, "x", "main")
    s.go.set()
    s.done.wait(2.0)
    v = _get(web, "x")
    _put(web, "y", v)
    return [v, list(s.box)]


def r226_signal_then_unrelated_read(web: str, s: Any) -> list[Any]:
    _put(web, "x", "main")
    s.go.set()
    o = _get(web, "o", 100)
    s.done.wait(2.0)
    v = _get(web, "x")
    return [o, v, list(s.box)]


def _release_go(s: Any) -> None:
    s.go.set()


def _w_cond_go(web: str, s: Any) -> None:
    with s.cond:
        if not s.cond.wait_for(lambda: s.state["go"], timeout=2.0):
            return
    _put(web, "x", f"worker-after-{_get(web, 'x')}")
    with s.cond:
        s.state["done"] = True
        s.cond.notify_all()


def _cond_stop(s: Any) -> None:
    with s.cond:
        s.state["go"] = True
        s.cond.notify_all()


def r226_condition_notify_then_wait(web: str, s: Any) -> list[Any]:
    _put(web, "x", "main")
    with s.cond:
        s.state["go"] = True
        s.cond.notify()
    with s.cond:
        s.cond.wait_for(lambda: s.state["done"], timeout=2.0)
    v = _get(web, "x")
    _put(web, "z", "end")
    return [v, s.state["done"]]


def _w_barrier_phases(web: str, s: Any) -> None:
    s.barrier.wait(timeout=2.0)
    _put(web, "b", f"worker-saw-{_get(web, 'a')}")
    s.barrier.wait(timeout=2.0)


def r226_barrier_two_phases(web: str, s: Any) -> list[str]:
    _put(web, "a", "phase-1")
    s.barrier.wait(timeout=2.0)
    s.barrier.wait(timeout=2.0)
    b = _get(web, "b")
    _put(web, "a", "phase-2")
    return [b, _get(web, "a")]


def _w_sem_turns(web: str, s: Any) -> None:
    for i in range(2):
        if not s.mine.acquire(timeout=2.0):
            return
        _put(web, "log", f"worker-{i}")
        s.theirs.release()


def r226_semaphores_take_turns(web: str, s: Any) -> list[Any]:
    seen = []
    for i in range(2):
        _put(web, "log", f"main-{i}")
        s.mine.release()
        s.theirs.acquire(timeout=2.0)
        seen.append(_get(web, "log"))
    return seen


def _w_priority_jobs(web: str, s: Any) -> None:
    if not s.go.wait(2.0):
        return
    while not s.q.empty():
        _, key = s.q.get()
        _put(web, "log", key)
    s.done.set()


def r226_priority_jobs_order(web: str, s: Any) -> list[Any]:
    for prio, key in ((3, "c"), (1, "a"), (2, "b")):
        s.q.put((prio, key))
    s.go.set()
    s.done.wait(2.0)
    return [_get(web, "log"), _get(web, "o", 100)]


# ========================================================== (3) threads the function starts


def r226_timer_put_while_get(web: str) -> list[str]:
    t = threading.Timer(0.08, _put, (web, "x", "timer", 20))
    t.start()
    before = _get(web, "x", 20)
    t.join()
    after = _get(web, "x")
    o = _get(web, "o", 100)
    return [before, after, o]


def _arm(web: str, key: str, delay: float) -> threading.Timer:
    t = threading.Timer(delay, _put, (web, key, "armed", 20))
    t.start()
    return t


def r226_timer_from_helper(web: str) -> list[str]:
    t = _arm(web, "x", 0.01)
    t.join()
    v = _get(web, "x")
    o = _get(web, "o", 100)
    return [v, o]


def r226_condition_handshake_own_worker(web: str) -> list[Any]:
    cond = threading.Condition()
    box: list[str] = []

    def worker() -> None:
        with cond:
            cond.wait_for(lambda: bool(box), timeout=2.0)
            key = box.pop()
        _put(web, key, "worker")
        with cond:
            box.append("ack")
            cond.notify()

    t = threading.Thread(target=worker)
    t.start()
    with cond:
        box.append("x")
        cond.notify()
    with cond:
        cond.wait_for(lambda: box == ["ack"], timeout=2.0)
    t.join()
    return [_get(web, "x"), _get(web, "o", 100)]


def r226_barrier_action_prints(web: str) -> list[str]:
    got: dict[str, str] = {}
    barrier = threading.Barrier(3, action=lambda: print("all", sorted(got)))

    def worker(k: str, ms: int) -> None:
        got[k] = _get(web, k, ms)
        barrier.wait(timeout=2.0)

    threads = [threading.Thread(target=worker, args=(k, ms)) for k, ms in (("a", 40), ("b", 90))]
    for t in threads:
        t.start()
    barrier.wait(timeout=2.0)
    for t in threads:
        t.join()
    _put(web, "both", got["a"] + got["b"])
    return [got["a"], got["b"], _get(web, "both")]


def r226_excepthook_records(web: str) -> list[str]:
    seen: list[str] = []
    old = threading.excepthook
    threading.excepthook = lambda a: seen.append(f"{a.exc_type.__name__}: {a.exc_value}")

    def worker() -> None:
        v = _get(web, "missing-cfg", 30)
        raise KeyError(v)

    try:
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    finally:
        threading.excepthook = old
    _put(web, "err", seen[0])
    return [seen[0], _get(web, "err")]


def r226_daemon_thread_writes_file(tmp: str, web: str) -> list[str]:
    path = Path(tmp) / "out.txt"

    def worker() -> None:
        path.write_text(_get(web, "a", 40) + "\n")

    t = threading.Thread(target=worker, daemon=True)
    t.start()
    t.join()
    text = path.read_text().strip()
    _put(web, "copied", text)
    return [text, _get(web, "copied"), _get(web, "o", 100)]


def r226_join_timeout_then_join(web: str) -> list[Any]:
    box: list[str] = []
    t = threading.Thread(target=lambda: box.append(_get(web, "slow", 300)))
    t.start()
    t.join(0.05)
    early = [t.is_alive(), list(box)]
    t.join()
    late = [t.is_alive(), list(box)]
    return [early, late, _get(web, "o")]


REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def _tagged_get(web: str, key: str) -> str:
    REQUEST_ID.set(f"req-{key}")
    return _get(web, f"{key}-{REQUEST_ID.get()}")


def r226_copy_context_run_helper(web: str) -> list[str]:
    ctx = contextvars.copy_context()
    a = ctx.run(_tagged_get, web, "a")
    inner = ctx.run(REQUEST_ID.get)
    outer = REQUEST_ID.get()
    b = _get(web, f"b-{outer}")
    return [a, inner, outer, b]


def _fan(web: str, keys: list[str]) -> list[str]:
    with ThreadPoolExecutor(max_workers=4) as ex:
        futs = [ex.submit(_get, web, k, 60) for k in keys]
        return [f.result() for f in futs]


def r226_pool_helper_then_put_then_read(web: str) -> list[Any]:
    vals = _fan(web, ["a", "b", "c"])
    _put(web, "joined", "+".join(vals))
    return [vals, _get(web, "joined")]


def _fan_map(web: str, keys: list[str]) -> list[str]:
    with ThreadPoolExecutor(max_workers=3) as ex:
        return list(ex.map(lambda k: _get(web, k, 60), keys))


def r226_pool_map_helper_prints(web: str) -> list[str]:
    print("start")
    vals = _fan_map(web, ["a", "b", "c"])
    for v in vals:
        print("got", v)
    tail = _get(web, "tail")
    print("tail", tail)
    return vals


def r226_as_completed_prints_order(web: str) -> list[str]:
    order: list[str] = []
    with ThreadPoolExecutor(max_workers=3) as ex:
        futs = {ex.submit(_get, web, k, ms): k for k, ms in (("a", 250), ("b", 20), ("c", 130))}
        for f in as_completed(futs):
            order.append(futs[f])
            print("done", futs[f], f.result())
    _put(web, "order", ",".join(order))
    return order


def r226_wait_first_completed_in_function(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=2) as ex:
        fast = ex.submit(_late_put, web, "x", "fast", 30)
        slow = ex.submit(_get, web, "slow", 250)
        done, _ = wait([fast, slow], return_when=FIRST_COMPLETED)
        v = _get(web, "x")
        rest = slow.result()
    return [fast in done, v, rest]


def r226_done_callback_puts(web: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=2) as ex:
        fut = ex.submit(_get, web, "a", 40)
        fut.add_done_callback(lambda f: _put(web, "cb", f"seen-{f.result()}"))
    return [fut.result(), _get(web, "cb"), _get(web, "o", 100)]


def r226_done_callback_after_done_prints(web: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(_get, web, "a", 40)
        v = fut.result()
        print("result", v)
        fut.add_done_callback(lambda f: print("callback", f.result()))
        print("after callback")
    return [v, _get(web, "o")]


def r226_shutdown_cancel_futures(web: str) -> list[Any]:
    started = threading.Event()

    def first() -> str:
        started.set()
        return _get(web, "first", 60)

    ex = ThreadPoolExecutor(max_workers=1)
    futs = [ex.submit(first), ex.submit(_put, web, "x", "second"),
            ex.submit(_put, web, "y", "third")]
    started.wait(2.0)
    ex.shutdown(wait=True, cancel_futures=True)
    states = [f.cancelled() for f in futs]
    return [states, futs[0].result(), _get(web, "x"), _get(web, "y")]


# ========================================== (4) state that belongs to a thread, in helpers


_TLS = threading.local()


def _login(name: str) -> None:
    _TLS.user = name


def _fetch_as(web: str, key: str, tls: threading.local = _TLS) -> str:
    return _get(web, f"{key}-{getattr(tls, 'user', 'anon')}")


def r226_tls_default_argument(web: str) -> list[str]:
    _login("bob")
    a = _fetch_as(web, "a")
    b = _fetch_as(web, "b")
    return [a, b]


class Session:
    def __init__(self, web: str) -> None:
        self.web = web
        self.tls = threading.local()

    def login(self, name: str) -> None:
        self.tls.user = name

    def fetch(self, key: str) -> str:
        return _get(self.web, f"{key}-{getattr(self.tls, 'user', 'anon')}")


def r226_tls_on_self(web: str) -> list[str]:
    s = Session(web)
    s.login("carol")
    return [s.fetch("a"), s.fetch("b")]


STATE = {"request": {"tls": threading.local()}}


def _set_nested(name: str) -> None:
    STATE["request"]["tls"].user = name


def _fetch_nested(web: str, key: str) -> str:
    return _get(web, f"{key}-{getattr(STATE['request']['tls'], 'user', 'anon')}")


def r226_tls_nested_container(web: str) -> list[str]:
    _set_nested("erin")
    return [_fetch_nested(web, "a"), _fetch_nested(web, "b")]


def _tls_client(web: str) -> Any:
    tls = threading.local()

    def login(name: str) -> None:
        tls.user = name

    def fetch(key: str) -> str:
        return _get(web, f"{key}-{getattr(tls, 'user', 'anon')}")

    return login, fetch


def r226_tls_in_closure(web: str) -> list[str]:
    login, fetch = _tls_client(web)
    login("frank")
    a = fetch("a")
    b = fetch("b")
    return [a, b]


class Locale(threading.local):
    def __init__(self) -> None:
        self.lang = "en"


LOCALE = Locale()


def _set_lang(lang: str) -> None:
    LOCALE.lang = lang


def _fetch_localised(web: str, key: str) -> str:
    return _get(web, f"{key}-{LOCALE.lang}")


def r226_tls_subclass_defaults(web: str) -> list[str]:
    _set_lang("fr")
    a = _fetch_localised(web, "a")
    b = _fetch_localised(web, "b")
    return [a, b]


class _App:
    def __init__(self) -> None:
        self.ctx = SimpleNamespace(tls=threading.local())


APP = _App()


def _app_login(name: str) -> None:
    APP.ctx.tls.user = name


def _app_fetch(web: str, key: str) -> str:
    return _get(web, f"{key}-{getattr(APP.ctx.tls, 'user', 'anon')}")


def r226_tls_attribute_chain(web: str) -> list[str]:
    _app_login("gina")
    return [_app_fetch(web, "a"), _app_fetch(web, "b")]


LOOKUPS = {"user": lambda: getattr(_TLS, "user", "anon")}


def _fetch_lookup(web: str, key: str) -> str:
    return _get(web, f"{key}-{LOOKUPS['user']()}")


def r226_tls_behind_lambda_in_dict(web: str) -> list[str]:
    _login("hal")
    return [_fetch_lookup(web, "a"), _fetch_lookup(web, "b")]


def _current_user() -> str:
    return getattr(_TLS, "user", "anon")


def _fetch_via_helper(web: str, key: str) -> str:
    return _get(web, f"{key}-{_current_user()}")


def r226_tls_behind_helper(web: str) -> list[str]:
    _login("ivy")
    a = _fetch_via_helper(web, "a")
    b = _fetch_via_helper(web, "b")
    return [a, b]


def _fetch_named(web: str, key: str) -> str:
    who = threading.current_thread().name.split("-")[0]
    return _get(web, f"{key}-{who}")


def r226_thread_name_in_url(web: str) -> list[str]:
    return [_fetch_named(web, "a"), _fetch_named(web, "b")]


def _ratio(web: str, key: str) -> str:
    v = _get(web, key)
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


def r226_decimal_context_prec(web: str) -> list[str]:
    decimal.getcontext().prec = 4
    a = _ratio(web, "alpha")
    b = _ratio(web, "be")
    return [a, b]


def r226_decimal_localcontext_block(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        a = _ratio(web, "alpha")
        b = _ratio(web, "be")
    c = _ratio(web, "c")
    return [a, b, c]


# =================================================================== (5) locks across I/O


LOCK = threading.Lock()
RLOCK = threading.RLock()
COND = threading.Condition(threading.RLock())


def r226_with_lock_around_reads(web: str) -> list[str]:
    with LOCK:
        a = _get(web, "a")
        b = _get(web, "b", 100)
    return [a, b]


def _locked_get(web: str, key: str) -> str:
    with RLOCK:
        return _get(web, key)


def r226_rlock_reentered_by_helper(web: str) -> list[str]:
    with RLOCK:
        a = _locked_get(web, "a")
        b = _locked_get(web, "b")
    return [a, b]


def _get_and_notify(web: str, key: str) -> str:
    v = _get(web, key)
    COND.notify_all()
    return v


def r226_condition_notify_in_helper(web: str) -> list[str]:
    with COND:
        a = _get_and_notify(web, "a")
        b = _get_and_notify(web, "b")
    return [a, b]


def _report_lock(web: str, key: str) -> str:
    v = _get(web, key)
    print(key, "locked" if LOCK.locked() else "free")
    return v


def r226_lock_state_printed_by_helper(web: str) -> list[str]:
    with LOCK:
        a = _report_lock(web, "a")
    b = _report_lock(web, "b")
    return [a, b]


SEM2 = threading.BoundedSemaphore(2)


def _guarded_get(web: str, key: str) -> str:
    with SEM2:
        return _get(web, key, 60)


def r226_semaphore_guarded_helper(web: str) -> list[str]:
    return [_guarded_get(web, k) for k in ("a", "b", "c", "d")]


# ========================================================================= (6) model calls


def _w_model_put(web: str, s: Any) -> None:
    answer = _ask(s.client, "worker question")
    _put(web, "answer", answer)
    s.ev.set()


def _drive_model_worker(f: Any, env: Env) -> Any:
    s = SimpleNamespace(client=openai_client(env), ev=threading.Event())
    t = threading.Thread(target=_w_model_put, args=(env.api, s), daemon=True)
    t.start()
    try:
        return f(env.api, s)
    finally:
        t.join(5)


def r226_worker_model_then_event(api: str, s: Any) -> list[str]:
    s.ev.wait(3.0)
    stored = _get(api, "answer")
    mine = _ask(s.client, "main question")
    return [stored, mine]


def r226_lock_around_model_call(client: Any, api: str) -> list[str]:
    with LOCK:
        first = _ask(client, "under lock")
    b = _ask(client, "b")
    c = _ask(client, "c")
    return [first, b, c]


def _ask_all(client: Any, prompts: list[str]) -> list[str]:
    with ThreadPoolExecutor(max_workers=3) as ex:
        return list(ex.map(lambda p: _ask(client, p), prompts))


def r226_model_pool_helper_then_put(client: Any, api: str) -> list[Any]:
    answers = _ask_all(client, ["one", "two", "three"])
    _put(api, "answers", "|".join(answers))
    return [answers, _get(api, "answers")]


def r226_model_calls_after_queue_get(client: Any, api: str) -> list[str]:
    q: queue.Queue[str] = queue.Queue()
    t = threading.Thread(target=lambda: q.put(_get(api, "topic", 30)))
    t.start()
    topic = q.get(timeout=2.0)
    t.join()
    a = _ask(client, f"{topic} a")
    b = _ask(client, f"{topic} b")
    return [topic, a, b]


_MODEL = threading.local()


def _ask_local(client: Any, text: str) -> str:
    return _ask(client, f"[{getattr(_MODEL, 'persona', 'default')}] {text}")


def _use_persona(name: str) -> None:
    _MODEL.persona = name


def r226_model_persona_thread_local(client: Any, api: str) -> list[str]:
    _use_persona("pirate")
    a = _ask_local(client, "a")
    b = _ask_local(client, "b")
    return [a, b]


def r226_model_calls_beside_timer(client: Any, api: str) -> list[str]:
    t = threading.Timer(0.05, _put, (api, "tick", "timer", 20))
    t.start()
    a = _ask(client, "a")
    t.join()
    b = _get(api, "tick")
    return [a, b]


# ===================================================================== the list


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _llm_args(env: Env) -> tuple:
    return (openai_client(env), env.api)


def _d(fn: Any, drive: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("threads", fn, drive=drive, servers="web", ideal=ideal, **kw)


def _w(fn: Any, ideal: float = 1.0, cat: str = "threads", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, **kw)


def _llm(fn: Any, ideal: float, **kw: Any) -> Case:
    return Case("sdk", fn, args=_llm_args, servers="api", latency=CLIENT_LAT, ideal=ideal, **kw)


def _event() -> Any:
    return SimpleNamespace(ev=threading.Event())


def _cond() -> Any:
    return SimpleNamespace(cond=threading.Condition(), state={"done": False, "go": False})


def _sem0() -> Any:
    return SimpleNamespace(sem=threading.Semaphore(0))


def _barrier2() -> Any:
    return SimpleNamespace(barrier=threading.Barrier(2))


def _q() -> Any:
    return SimpleNamespace(q=queue.Queue())


def _sq() -> Any:
    return SimpleNamespace(q=queue.SimpleQueue())


def _pq() -> Any:
    return SimpleNamespace(q=queue.PriorityQueue(), ready=threading.Event())


def _box() -> Any:
    return SimpleNamespace(box=[])


def _go_done() -> Any:
    return SimpleNamespace(go=threading.Event(), done=threading.Event(), box=[])


def _flag_state() -> Any:
    return SimpleNamespace(state={"go": False, "done": False})


def _turns() -> Any:
    return SimpleNamespace(mine=threading.Semaphore(0), theirs=threading.Semaphore(0))


def _pq_go() -> Any:
    return SimpleNamespace(q=queue.PriorityQueue(), go=threading.Event(),
                           done=threading.Event())


_PAIR = 1.5  # x (50) beside o (100) after the wait: 150 / 100

ALL += [
    # (1) the worker writes, then signals; the function waits, then reads
    _d(r226_event_wait_then_read, _with_worker(_w_put_set, _event), _PAIR, overlap=2),
    _d(r226_read_then_event_wait_then_read, _with_worker(_w_put_set, _event)),
    _d(r226_condition_wait_for_then_read, _with_worker(_w_put_notify, _cond), _PAIR,
       overlap=2),
    _d(r226_semaphore_acquire_then_read, _with_worker(_w_put_release, _sem0), _PAIR,
       overlap=2),
    _d(r226_bounded_semaphore_with_block, _with_worker(_w_put_release, _held_bounded)),
    _d(r226_barrier_then_read, _with_worker(_w_put_barrier, _barrier2), _PAIR, overlap=2),
    _d(r226_queue_get_then_read, _with_worker(_w_put_queue, _q), _PAIR, overlap=2),
    _d(r226_simplequeue_get_then_read, _with_worker(_w_put_queue, _sq), _PAIR, overlap=2),
    _d(r226_priorityqueue_get_then_read, _with_worker(_w_put_priority, _pq), _PAIR,
       overlap=2),
    _d(r226_queue_join_task_done, _with_worker(_w_jobs, _q, _stop_jobs), _PAIR, overlap=2),
    _d(r226_queue_jobs_then_reads_overlap, _with_worker(_w_jobs, _q, _stop_jobs), 3.0,
       overlap=3),
    _d(r226_thread_join_passed_in, _drive_thread_join, _PAIR, overlap=2),
    _d(r226_thread_is_alive_poll, _drive_thread_join),
    _d(r226_future_result_then_read, _drive_future, _PAIR, overlap=2),
    _d(r226_future_done_poll, _drive_future),
    _d(r226_wait_first_completed_then_read, _drive_two_futures),
    _d(r226_lock_released_by_worker, _with_worker(_w_put_unlock, _held_lock)),
    _d(r226_event_is_set_poll, _with_worker(_w_put_set, _event)),
    _d(r226_list_poll, _with_worker(_w_put_append, _box)),
    _d(r226_sleep_as_handshake, _with_worker(_w_put_now, _box), 350 / 300),
    _d(r226_event_wait_timeout_as_sleep, _with_worker(_w_put_now, _event), 350 / 300),
    _d(r226_timer_of_drive_then_sleep, _drive_timer, 350 / 300),
    # (1b) waits and sleeps written as helpers
    _d(r226_sleep_helper_as_handshake, _with_worker(_w_put_now, _box), 350 / 300),
    _d(r226_wait_until_helper_list, _with_worker(_w_put_append, _box)),
    _d(r226_wait_until_helper_is_set, _with_worker(_w_put_set, _event)),
    _d(r226_poll_helper_no_value, _with_worker(_w_put_set, _event)),
    _d(r226_sleep_helper_between_puts_order, _drive_timer_z),
    _d(r226_sleep_helper_then_get_of_timer, _drive_timer_z, 370 / 320),
    _d(r226_printing_helpers_beside_timer, _drive_timer_prints),
    _w(r226_printing_helpers_own_timer),
    _d(r226_done_callback_prints_beside_loud, _drive_slow_future),
    _d(r226_stdout_peeked_by_timer, _drive_stdout_peek),
    _d(r226_printing_helpers_after_signal, _with_worker(_w_go_print, _go_done, _release_go)),
    _d(r226_flag_store_then_sleep_then_read,
       _with_worker(_w_flag_put, _flag_state, _flag_stop)),
    # (1c) rate limits, shared state, safe overlap
    _w(r226_settle_helper_rate_limit, cat="sleep", spacing=0.05),
    _w(r226_sleep_statement_rate_limit, cat="sleep", spacing=0.05),
    _d(r226_shared_state_in_url_timer, _drive_bump_timer, 160 / 120),
    _w(r226_tls_set_then_reads_overlap, 1.5, cat="state", overlap=2),
    _w(r226_priorityqueue_after_reads_overlap, 2.0, overlap=3),
    _w(r226_queue_full_nowait_overflow),
    # (1d) constructors that wait or take locks
    _d(r226_ctor_takes_semaphore_worker_frees, _with_worker(_w_put_release, _held_gate)),
    _d(r226_ctor_takes_global_semaphore, _drive_global_gate),
    _w(r226_ctor_takes_rlock_released_after),
    _d(r226_ctor_waits_on_queue, _with_worker(_w_put_queue, _q)),
    _d(r226_ctor_waits_on_condition, _with_worker(_w_put_notify, _cond)),
    _d(r226_ctor_waits_on_barrier, _with_worker(_w_put_barrier, _barrier2)),
    _d(r226_ctor_waits_on_event, _with_worker(_w_put_set, _event)),
    # (2) the function writes, signals, waits
    _d(r226_put_signal_worker_reads, _with_worker(_w_go_read_put, _go_done, _release_go)),
    _d(r226_signal_then_unrelated_read, _with_worker(_w_go_read_put, _go_done, _release_go)),
    _d(r226_condition_notify_then_wait, _with_worker(_w_cond_go, _cond, _cond_stop)),
    _d(r226_barrier_two_phases, _with_worker(_w_barrier_phases, _barrier2)),
    _d(r226_semaphores_take_turns, _with_worker(_w_sem_turns, _turns)),
    _d(r226_priority_jobs_order, _with_worker(_w_priority_jobs, _pq_go, _release_go)),
    # (3) threads the function starts: it runs as written
    _w(r226_timer_put_while_get),
    _w(r226_timer_from_helper),
    _w(r226_condition_handshake_own_worker),
    _w(r226_barrier_action_prints),
    _w(r226_excepthook_records),
    Case("files", r226_daemon_thread_writes_file, args=_tmp_web, servers="web"),
    _w(r226_join_timeout_then_join),
    _w(r226_copy_context_run_helper, cat="state"),
    _w(r226_pool_helper_then_put_then_read),
    _w(r226_pool_map_helper_prints),
    _w(r226_as_completed_prints_order),
    _w(r226_wait_first_completed_in_function),
    _w(r226_done_callback_puts),
    _w(r226_done_callback_after_done_prints),
    _w(r226_shutdown_cancel_futures),
    # (4) state that belongs to a thread, read by helpers
    _w(r226_tls_default_argument, cat="state"),
    _w(r226_tls_on_self, cat="state"),
    _w(r226_tls_nested_container, cat="state"),
    _w(r226_tls_in_closure, cat="state"),
    _w(r226_tls_subclass_defaults, cat="state"),
    _w(r226_tls_attribute_chain, cat="state"),
    _w(r226_tls_behind_lambda_in_dict, cat="state"),
    _w(r226_tls_behind_helper, cat="state"),
    _w(r226_thread_name_in_url, cat="state"),
    _w(r226_decimal_context_prec, cat="state"),
    _w(r226_decimal_localcontext_block, cat="state"),
    # (5) locks across I/O
    _w(r226_with_lock_around_reads),
    _w(r226_rlock_reentered_by_helper),
    _w(r226_condition_notify_in_helper),
    _w(r226_lock_state_printed_by_helper),
    _w(r226_semaphore_guarded_helper),
    # (6) model calls
    Case("sdk", r226_worker_model_then_event, drive=_drive_model_worker, servers="api",
         latency=CLIENT_LAT, ideal=serial_ideal(1, 3, 2)),
    _llm(r226_lock_around_model_call, serial_ideal(1, 3, 2)),
    _llm(r226_model_pool_helper_then_put, serial_ideal(1, 5, 5)),
    _llm(r226_model_calls_after_queue_get, serial_ideal(1, 3, 2)),
    _llm(r226_model_persona_thread_local, serial_ideal(1, 2, 2)),
    _llm(r226_model_calls_beside_timer, serial_ideal(1, 2, 2)),
]

_TWIN = ("the two `_fetch_loud` helpers (a print, a GET of 100 ms, a print) overlap as "
         "printing twins whose prints are held in a buffer and shown when the function reaches "
         "the call's place, after the GET; meanwhile")
FAILING_WHY.update({
    "r226_printing_helpers_beside_timer":
        f"stdout 'start, fetching a, tick, got a' becomes 'start, tick, fetching a, got a': {_TWIN} "
        "the drive's `threading.Timer` prints 'tick' at 50 ms straight to stdout, so it goes "
        "ahead of 'fetching a', which the plain run printed at 0 ms (the documented gap of a "
        "thread started elsewhere, here seen on stdout rather than on the server)",
    "r226_printing_helpers_after_signal":
        f"stdout 'start, fetching a, worker, got a' becomes 'start, worker, fetching a, got a': "
        f"{_TWIN} the worker the function released with `go.set()` prints 'worker' 40 ms "
        "later, ahead of the held 'fetching a' (the function's own signal starts the worker, "
        "so its print's place is fixed by the 40 ms against the 100 ms GET, not by a race)",
    "r226_done_callback_prints_beside_loud":
        "stdout 'start, fetching a, callback v-bg, got a' becomes 'start, callback v-bg, "
        f"fetching a, got a': {_TWIN} the done callback the function itself registered with "
        "`add_done_callback` (a print, not a thread start, so the function is not run as "
        "written) prints from the drive's executor thread when its 50 ms GET ends, ahead "
        "of the held 'fetching a'",
    "r226_stdout_peeked_by_timer":
        "the server sees PUT /items/seen 'start' where the plain run sent 'start|fetching a': "
        f"{_TWIN} a timer thread of the drive reads `sys.stdout.getvalue()` at 50 ms and PUTs "
        "the lines it finds, and 'fetching a' is not in stdout yet (the printing twin's "
        "buffer is a write no other thread can see until the call's place)",
})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
