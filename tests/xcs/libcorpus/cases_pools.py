"""Clients whose connection pool makes a call wait, and fail when it waits too long.

An httpx client serves ``max_connections`` requests at once; one more waits for a
connection and raises `httpx.PoolTimeout` after the pool timeout. Plain code never waits
there. Each case runs 100 ms requests against a pool timeout of 50 ms (or a float timeout,
which is the pool's too): under jit, reads on the pool, and helpers reading through it,
overlap only while a connection is left for the program's own call (`ember.xcs._pools`);
with a pool of one connection they run at their own place.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env


def _tight(n: int) -> httpx.Client:
    return httpx.Client(limits=httpx.Limits(max_connections=n),
                        timeout=httpx.Timeout(5.0, pool=0.05))


def pool_of_one_comprehension(web: str) -> list:
    client = _tight(1)
    try:
        return [client.get(f"{web}/items/{k}?ms=100").json()["value"] for k in ("a", "b", "c")]
    except httpx.PoolTimeout:
        return ["pool timeout"]
    finally:
        client.close()


def pool_of_one_two_reads(web: str) -> list:
    with _tight(1) as client:
        a = client.get(f"{web}/items/a?ms=100").json()["value"]
        b = client.get(f"{web}/items/b?ms=100").json()["value"]
        return [a, b]


def pool_of_one_request_method(web: str) -> list:
    with _tight(1) as client:
        a = client.request("GET", f"{web}/items/a?ms=100").text
        b = client.request("GET", f"{web}/items/b?ms=100").text
        return [a, b]


def pool_of_one_float_timeout(web: str) -> list:
    with httpx.Client(limits=httpx.Limits(max_connections=1), timeout=0.08) as client:
        try:
            return [client.get(f"{web}/items/{k}?ms=50").json()["value"] for k in "abc"]
        except httpx.TimeoutException as e:
            return [type(e).__name__]


def pool_of_three_six_reads(web: str) -> list:
    with _tight(3) as client:
        return [client.get(f"{web}/items/{k}?ms=100").json()["value"] for k in "abcdef"]


def pool_of_three_loop(web: str) -> list:
    out = []
    with _tight(3) as client:
        for k in "abcdef":
            out.append(client.get(f"{web}/items/{k}?ms=100").json()["value"])
    return out


GLOBAL_TIGHT = _tight(3)


def _get_global(web: str, k: str) -> str:
    return GLOBAL_TIGHT.get(f"{web}/items/{k}?ms=100").json()["value"]


def helper_on_global_pool(web: str) -> list:
    return [_get_global(web, k) for k in "abcdef"]


def _get_with(client: httpx.Client, web: str, k: str) -> str:
    return client.get(f"{web}/items/{k}?ms=100").json()["value"]


def helper_handed_tight_client(web: str) -> list:
    with _tight(3) as client:
        return [_get_with(client, web, k) for k in "abcdef"]


def _two_reads(client: httpx.Client, web: str, k: str) -> str:
    a = client.get(f"{web}/items/{k}1?ms=100").json()["value"]
    b = client.get(f"{web}/items/{k}2?ms=100").json()["value"]
    return a + b


def helper_two_reads_on_pool_of_two(web: str) -> list:
    with _tight(2) as client:
        return [_two_reads(client, web, k) for k in "abc"]


def parallel_on_pool_of_two(web: str) -> list:
    with _tight(2) as client:
        return xcs.parallel([client.get(f"{web}/items/{k}?ms=100").json()["value"]
                             for k in "abcd"])


def per_call_timeout_on_pool(web: str) -> list:
    with httpx.Client(limits=httpx.Limits(max_connections=2), timeout=None) as client:
        return [client.get(f"{web}/items/{k}?ms=100", timeout=httpx.Timeout(5.0, pool=0.05))
                .json()["value"] for k in "abcd"]


def no_pool_timeout_overlaps(web: str) -> list:
    with httpx.Client(limits=httpx.Limits(max_connections=3),
                      timeout=httpx.Timeout(5.0, pool=None)) as client:
        return [client.get(f"{web}/items/{k}?ms=100").json()["value"] for k in "abcd"]


def default_pool_overlaps(web: str) -> list:
    with httpx.Client() as client:
        return [client.get(f"{web}/items/{k}?ms=100").json()["value"] for k in "abc"]


async def async_pool_of_one(web: str) -> list:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=1),
                                 timeout=httpx.Timeout(5.0, pool=0.05)) as client:
        a = await client.get(f"{web}/items/a?ms=100")
        b = await client.get(f"{web}/items/b?ms=100")
        return [a.json()["value"], b.json()["value"]]


async def async_pool_of_two_loop(web: str) -> list:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=2),
                                 timeout=httpx.Timeout(5.0, pool=0.05)) as client:
        out = []
        for k in "abc":
            r = await client.get(f"{web}/items/{k}?ms=100")
            out.append(r.json()["value"])
        return out


async def async_pool_of_three_loop(web: str) -> list:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=3),
                                 timeout=httpx.Timeout(5.0, pool=0.05)) as client:
        out = []
        for k in "abcdef":
            r = await client.get(f"{web}/items/{k}?ms=100")
            out.append(r.json()["value"])
        return out


def _web(env: Env) -> tuple:
    return (env.web,)


def _run_async(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


def _c(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("clients", fn, args=_web, servers="web", ideal=ideal, **kw)


CASES: list[Case] = [
    _c(pool_of_one_comprehension),
    _c(pool_of_one_two_reads),
    _c(pool_of_one_request_method),
    _c(pool_of_one_float_timeout),
    _c(pool_of_three_six_reads, 2.0, overlap=2),
    _c(pool_of_three_loop, 2.0, overlap=2),
    _c(helper_on_global_pool, 2.0, overlap=2),
    _c(helper_handed_tight_client, 2.0, overlap=2),
    _c(helper_two_reads_on_pool_of_two),
    _c(parallel_on_pool_of_two),  # (one connection is kept for the program: one at a time)
    _c(per_call_timeout_on_pool),
    _c(no_pool_timeout_overlaps, 2.0, overlap=2),
    _c(default_pool_overlaps, 3.0, overlap=3),
    Case("clients", async_pool_of_one, drive=_run_async, servers="web"),
    Case("clients", async_pool_of_two_loop, drive=_run_async, servers="web"),
    Case("clients", async_pool_of_three_loop, drive=_run_async, servers="web", ideal=2.0,
         overlap=2),
]
