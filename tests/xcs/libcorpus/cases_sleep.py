"""Sleeps as latency, as spacing and as polling.

- Latency: ``def call(x): time.sleep(0.1); return x`` whose value is used stands in for an
  API call; its calls may overlap like any I/O.
- Spacing: a `time.sleep` statement between two requests is a rate limit: the server must
  see the gap (`Case.spacing`).
- Polling: a loop that asks, sleeps and asks again must not ask early or more often.
"""

from __future__ import annotations

import time

import requests

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._web import web_args

SLEEP = "sleep"



def call(x: str) -> str:
    time.sleep(0.1)
    return x.upper()


def latency_three(prompt: str) -> list[str]:
    a = call(prompt + "-a")
    b = call(prompt + "-b")
    c = call(prompt + "-c")
    return [a, b, c]


def latency_loop(words: list[str]) -> list[str]:
    out = []
    for w in words:
        out.append(call(w))
    return out


def latency_chain(word: str) -> str:
    return call(call(word) + "!")


def rate_limited_pair(base: str) -> tuple[str, str]:
    a = requests.get(f"{base}/items/first").json()["value"]
    time.sleep(0.2)
    b = requests.get(f"{base}/items/second").json()["value"]
    return a, b


def rate_limited_loop(base: str) -> list[str]:
    out = []
    for key in ("r1", "r2"):
        out.append(requests.get(f"{base}/items/{key}").json()["value"])
        time.sleep(0.1)
    return out


def pause() -> None:
    time.sleep(0.1)


def paced_writes(base: str) -> list[int]:
    versions = []
    for key in ("w1", "w2", "w3"):
        versions.append(requests.put(f"{base}/items/{key}", data=key).json()["version"])
        pause()
    return versions


def poll_job(base: str) -> tuple[str, int]:
    job = requests.post(f"{base}/jobs").json()["id"]
    polls = 0
    while True:
        time.sleep(0.05)
        polls += 1
        if requests.get(f"{base}/jobs/{job}").json()["status"] == "done":
            return job, polls


def poll_with_attempts(base: str) -> str:
    job = requests.post(f"{base}/jobs").json()["id"]
    for _attempt in range(10):
        status = requests.get(f"{base}/jobs/{job}").json()["status"]
        if status == "done":
            return f"{job} done"
        time.sleep(0.05)
    raise TimeoutError(job)


def backoff_then_give_up(base: str) -> str:
    delay = 0.03
    for _attempt in range(3):
        r = requests.get(f"{base}/status/503")
        if r.ok:
            return r.text
        time.sleep(delay)
        delay *= 2
    raise RuntimeError(f"gave up after 3 attempts: {r.status_code}")


def sleep_then_value_used(base: str) -> str:
    time.sleep(0.05)
    stamp = "after-wait"
    return requests.get(f"{base}/items/{stamp}").json()["value"]


CASES = [
    Case(SLEEP, latency_three, args=lambda env: ("q",), ideal=3.0),
    Case(SLEEP, latency_loop, args=lambda env: (["a", "b", "c", "d"],), ideal=4.0),
    Case(SLEEP, latency_chain, args=lambda env: ("w",)),
    Case(SLEEP, rate_limited_pair, args=web_args, servers="web", spacing=0.2, calls=4),
    Case(SLEEP, rate_limited_loop, args=web_args, servers="web", spacing=0.1, calls=4),
    Case(SLEEP, paced_writes, args=web_args, servers="web", spacing=0.1),
    Case(SLEEP, poll_job, args=web_args, servers="web", spacing=0.05),
    Case(SLEEP, poll_with_attempts, args=web_args, servers="web", spacing=0.05),
    Case(SLEEP, backoff_then_give_up, args=web_args, servers="web", spacing=0.03),
    Case(SLEEP, sleep_then_value_used, args=web_args, servers="web"),
]
