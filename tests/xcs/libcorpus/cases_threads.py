"""Threads, queues, events and locks the user wrote by hand.

`join`, `Queue.get` and `Event.wait` wait for another thread: what comes after them must
see what that thread did. Code that already runs its I/O in threads has nothing left to
overlap (ideal 1.0) and must keep working.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env

THREADS = "threads"


def _dir(env: Env) -> tuple:
    return (str(env.tmp),)


def _slow_write(path: Path, text: str) -> None:
    time.sleep(0.05)
    path.write_text(text)


def join_then_read(folder: str) -> str:
    path = Path(folder) / "out.txt"
    path.write_text("not yet")
    t = threading.Thread(target=_slow_write, args=(path, "written by the thread"))
    t.start()
    t.join()
    return path.read_text()


def _produce(q: queue.Queue, items: list[str]) -> None:
    for item in items:
        time.sleep(0.02)
        q.put(item)


def queue_consumer(words: list[str]) -> list[str]:
    q: queue.Queue = queue.Queue()
    producer = threading.Thread(target=_produce, args=(q, words))
    producer.start()
    got = []
    for _ in words:
        got.append(q.get())
    producer.join()
    return got


def _drive_queue(f: Any, env: Env) -> list:
    # several calls, as a user's loop would make them: a verdict learned from the first
    # calls must not change what the later ones do
    return [f(["x", "y"]), f(["p", "q", "r"]), f(["m"]), f(["s", "t"])]


def _work(results: dict, done: threading.Event) -> None:
    time.sleep(0.05)
    results["answer"] = 42
    done.set()


def event_then_result() -> int:
    results: dict[str, int] = {}
    done = threading.Event()
    threading.Thread(target=_work, args=(results, done)).start()
    done.wait(5)
    return results["answer"]


def _add(counter: list[int], lock: threading.Lock, n: int) -> None:
    for _ in range(n):
        with lock:
            counter[0] += 1


def locked_counter() -> int:
    counter, lock = [0], threading.Lock()
    workers = [threading.Thread(target=_add, args=(counter, lock, 500)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return counter[0]


def pool_by_hand(base: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        bodies = list(pool.map(lambda k: requests.get(f"{base}/items/{k}").json(), keys))
    return [b["value"] for b in bodies]


def two_gets(base: str, key: str) -> tuple[str, str]:
    a = requests.get(f"{base}/items/{key}").json()["value"]
    b = requests.get(f"{base}/items/{key}-2").json()["value"]
    return a, b


def _from_four_threads(f: Any, env: Env) -> list:
    results: list[Any] = [None] * 4

    def run(i: int) -> None:
        results[i] = f(env.web, f"t{i}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def thread_appends_then_join(base: str) -> list[str]:
    seen: list[str] = []

    def fetch(key: str) -> None:
        seen.append(requests.get(f"{base}/items/{key}").json()["value"])

    t = threading.Thread(target=fetch, args=("worker",))
    t.start()
    t.join()
    seen.append(requests.get(f"{base}/items/main").json()["value"])
    return seen


def event_gates_request(base: str) -> str:
    ready = threading.Event()
    box: list[str] = []

    def prepare() -> None:
        box.append(requests.put(f"{base}/items/gate", data="open").json()["key"])
        ready.set()

    threading.Thread(target=prepare).start()
    ready.wait(5)
    return requests.get(f"{base}/items/{box[0]}").json()["value"]


CASES = [
    Case(THREADS, join_then_read, args=_dir, calls=4, failure=1),
    Case(THREADS, queue_consumer, drive=_drive_queue),
    Case(THREADS, event_then_result),
    Case(THREADS, locked_counter),
    Case(THREADS, pool_by_hand, args=lambda env: (env.web,), servers="web"),
    # four threads call one jitted function at once; each call's two GETs may overlap
    Case(THREADS, two_gets, drive=_from_four_threads, servers="web", ideal=2.0, overlap=5,
         failure=7, name="jitted_from_four_threads"),
    Case(THREADS, thread_appends_then_join, args=lambda env: (env.web,), servers="web"),
    Case(THREADS, event_gates_request, args=lambda env: (env.web,), servers="web"),
]
