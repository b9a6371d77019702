"""The await of a read lets other tasks run, as any await does, but only those waiting on
I/O or a timer, which run there or not as the timing falls, in the plain code too: the
coroutine starts nothing early while another task is ready to run (`Frame.astart`). So a
read of an object handed in (a client) may start before an earlier read's await
(`_stmt` `suspends`), as it may before the await of a call checked when it starts.

Each function runs plain and jitted against the loopback server; the values and the order
of the server's log must be the same, and its peak of requests in flight says whether the
reads overlapped."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from ember import xcs
from tests.xcs._items_server import Items


async def two_reads(http: httpx.AsyncClient) -> list[str]:
    a = (await http.get("/items/a", params={"ms": 150})).text
    b = (await http.get("/items/b", params={"ms": 40})).text
    return [a, b]


async def ask(http: httpx.AsyncClient, key: str, ms: int) -> str:
    return (await http.get(f"/items/{key}", params={"ms": ms})).text


async def three_asks(http: httpx.AsyncClient) -> list[str]:
    a = await ask(http, "a", 150)
    b = await ask(http, "b", 40)
    c = await ask(http, "c", 90)
    return [a, b, c]


async def count_reads(http: httpx.AsyncClient) -> None:
    http.params = http.params.set("seen", "1")  # (the server then numbers each key's reads)


async def beside_a_task(web: str, fn: Any) -> Any:
    """`fn` gathered with a task that changes the client when it first runs: ready when
    `fn` starts, it runs at `fn`'s first await, before the next read is made."""
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        out = await asyncio.gather(fn(http), count_reads(http))
        return out[0]


def run(fn: Any, web: str, beside: bool = False) -> tuple[Any, list[str], int]:
    async def main() -> Any:
        if beside:
            return await beside_a_task(web, fn)
        async with httpx.AsyncClient(base_url=web, timeout=5) as http:
            return await fn(http)

    Items.reset()
    value = asyncio.run(main())
    return value, list(Items.order), Items.peak


def test_reads_of_a_client_handed_in_overlap_across_an_await(web: str) -> None:
    for fn in (two_reads, three_asks):
        plain = run(fn, web)
        jitted = run(xcs.jit(fn), web)
        assert jitted[0] == plain[0]
        assert sorted(jitted[1]) == sorted(plain[1])
        assert plain[2] == 1
        assert jitted[2] >= 2


def test_a_task_ready_to_run_at_the_first_await_sees_the_reads_after_it_as_written(
        web: str) -> None:
    # The task changes the client's parameters at the first await: the plain code's
    # second read carries them; started early, it would not.
    plain = run(two_reads, web, beside=True)
    jitted = run(xcs.jit(two_reads), web, beside=True)
    assert jitted == plain
    assert plain == (["v-a", "v-b-0"], ["a", "b"], 1)
