"""More cases for the rules of stop 20: decorators' wrappers with a nested attempt function
and on methods, an async client changed between its calls, a worker thread changing what
a helper reads before it is joined, and a helper reading a global list the function
appends to.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import value, web_args


def attempts(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        def attempt() -> Any:
            return fn(*args, **kwargs)

        for _ in range(2):
            try:
                return attempt()
            except requests.HTTPError:
                print("retrying")
        return None
    return wrapper


@attempts
def wrapper_with_nested_attempt(base: str) -> list[str]:
    a = value(base, "na1")
    b = value(base, "na2")
    return [a, b]


def traced(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"call {fn.__name__}")
        return fn(*args, **kwargs)
    return wrapper


class Agent:
    def __init__(self, base: str) -> None:
        self.base = base

    @traced
    def pair(self, a: str, b: str) -> list[str]:
        return [value(self.base, a), value(self.base, b)]


def make_decorated_method(env: Env) -> Callable[..., Any]:
    return Agent(env.web).pair


async def async_client_changed_between(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient() as client:
        a = (await client.get(f"{base}/items/cc1")).json()["value"]
        client.params = {"v": "2"}  # the second GET carries it
        b = (await client.get(f"{base}/items/cc2")).json()["value"]
    return a, b


def _run_async(f: Callable[..., Any], env: Env) -> Any:
    return asyncio.run(f(env.web))


SUFFIXES: list[str] = []


def suffixed(base: str, key: str) -> str:
    return value(base, key + "".join(SUFFIXES))


def worker_changes_what_a_helper_reads(base: str) -> list[str]:
    a = suffixed(base, "wt")
    t = threading.Thread(target=SUFFIXES.append, args=("-t",))
    t.start()
    t.join()
    b = suffixed(base, "wt")  # sees the worker's suffix
    return [a, b]


def appends_to_a_global_list_between(base: str) -> list[str]:
    a = suffixed(base, "gl")
    SUFFIXES.append("-g")
    b = suffixed(base, "gl")  # sees the suffix
    return [a, b]


def _clear_suffixes(env: Env) -> None:
    SUFFIXES.clear()


CASES = [
    Case("where", wrapper_with_nested_attempt, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case("where", make=make_decorated_method, args=lambda env: ("dm1", "dm2"),
         servers="web", ideal=2.0, overlap=2),
    Case("clients", async_client_changed_between, drive=_run_async, servers="web"),
    Case("threads", worker_changes_what_a_helper_reads, args=web_args, servers="web",
         setup=_clear_suffixes),
    Case("state", appends_to_a_global_list_between, args=web_args, servers="web",
         setup=_clear_suffixes),
]
