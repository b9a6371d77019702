"""Red-team cases (stop 31), thirty-first part: ``async def`` functions as users write them.

Each case is an ``async def`` driven by ``asyncio.run`` (the jitted function is a coroutine
function too): httpx.AsyncClient and aiohttp.ClientSession requests made in the function,
passed in or global; openai.AsyncOpenAI and anthropic.AsyncAnthropic chats beside file
uploads, listings and batches; ``asyncio.sleep`` as latency (its value used) and as spacing
(a statement, in a loop, in a helper, as a yield point); an asyncio Semaphore and Event
around calls; the user's own ``gather``, ``create_task``, ``TaskGroup`` and
``as_completed`` mixed with plain awaits; async generators, ``async for`` and ``async
with`` of the user's context managers that print; awaits in comprehensions; blocking
``requests`` inside an ``async def``; ``try``/``except`` around failing awaits (404, a
refused connection); an early ``return`` before a write; module state, an argument, a
context variable and a global a helper rebinds, changed between awaits; an async cache
awaited twice for one key; a write's coroutine made in one statement and awaited (or made
a task) in a later one; the caller cancelling the jitted coroutine.

Sibling calls get unequal latencies (``?ms=``), slow first, so a schedule that overlaps
what must not overlap lets the faster one's effects come first. `CASES` agree under jit;
`FAILING` differ (each with what differs).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import anthropic
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import CLIENT_CPU, DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam31")
SEEN: list[str] = []
STATE: dict[str, Any] = {}
CACHE: dict[str, str] = {}
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")

# Slow first, fast after: overlap lets the later calls finish first.
SLOW_FAST = (("a1", 150), ("a2", 20), ("a3", 60))
#: SLOW_FAST's waits overlapped: their sum over the slowest.
SF_IDEAL = 230 / 150


def _reset(env: Env) -> None:
    SEEN.clear()
    STATE.clear()
    CACHE.clear()


def _made(waits: float, path: float, clients: int = 1) -> float:
    """The ideal of a function that makes `clients` clients (serial CPU) and then waits
    `waits` seconds of requests, `path` of them on the critical path."""
    serial = clients * CLIENT_CPU
    return (serial + waits) / (serial + path)


def _web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _api(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.api))


def _with_httpx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient() as client:
            return await f(client, env.web)
    return asyncio.run(main())


async def aget(client: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    r = await client.get(f"{base}/items/{key}?ms={ms}")
    return r.json()["value"]


async def aput(client: httpx.AsyncClient, base: str, key: str, text: str, ms: int) -> int:
    r = await client.put(f"{base}/items/{key}?ms={ms}", content=text.encode())
    return r.json()["version"]


# -- httpx.AsyncClient: made in the function, passed in, global


async def httpx_three_awaits_in_a_row(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = (await client.get(f"{base}/items/a1?ms=150")).json()["value"]
        b = (await client.get(f"{base}/items/a2?ms=20")).json()["value"]
        c = (await client.get(f"{base}/items/a3?ms=60")).json()["value"]
    return [a, b, c]


async def httpx_passed_in_helper_awaits(client: httpx.AsyncClient, base: str) -> list[str]:
    a = await aget(client, base, "p1", 150)
    b = await aget(client, base, "p2", 20)
    print("got", a, b)
    c = await aget(client, base, "p3", 60)
    return [a, b, c]


async def httpx_put_slow_then_get_fast(base: str) -> tuple[int, str, str]:
    async with httpx.AsyncClient() as client:
        v = (await client.put(f"{base}/items/pg?ms=150", content=b"fresh")).json()["version"]
        seen = (await client.get(f"{base}/items/pg?ms=40")).json()["value"]
        other = (await client.get(f"{base}/items/pg2?ms=40")).json()["value"]
    return v, seen, other




GLOBAL_CLIENT: Any = None


def _global_client(env: Env) -> None:
    global GLOBAL_CLIENT
    GLOBAL_CLIENT = httpx.AsyncClient()


def _with_global(f: Any, env: Env) -> Any:
    async def main() -> Any:
        try:
            return await f(env.web)
        finally:
            await GLOBAL_CLIENT.aclose()
    return asyncio.run(main())


async def global_client_get_post_get(base: str) -> list[Any]:
    a = (await GLOBAL_CLIENT.get(f"{base}/items/g1?ms=120")).json()["value"]
    b = (await GLOBAL_CLIENT.get(f"{base}/items/g2?ms=20")).json()["value"]
    w = (await GLOBAL_CLIENT.post(f"{base}/items/g1?ms=10", content=b"posted")).json()
    c = (await GLOBAL_CLIENT.get(f"{base}/items/g1?ms=10")).json()["value"]
    return [a, b, w["version"], c]


# -- aiohttp.ClientSession


async def aiohttp_gets_with_async_with(base: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession() as session:
        for key, ms in SLOW_FAST:
            async with session.get(f"{base}/items/{key}?ms={ms}") as resp:
                out.append((await resp.json())["value"])
    return out


async def aiohttp_awaited_responses(base: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        r1 = await session.get(f"{base}/items/h1?ms=150")
        r2 = await session.get(f"{base}/items/h2?ms=20")
        w = await session.put(f"{base}/items/h1?ms=10", data=b"later")
        r3 = await session.get(f"{base}/items/h1?ms=10")
        out = [(await r1.json())["value"], (await r2.json())["value"],
               (await w.json())["version"], (await r3.json())["value"]]
    return out




# -- the SDKs' async clients


async def openai_async_three_chats(api: str) -> list[str]:
    client = openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    replies = []
    for model in ("gpt", "gpt-mini", "judge"):
        r = await client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": "Rivers"}])
        replies.append(r.choices[0].message.content)
    await client.close()
    return replies


async def openai_async_upload_then_list(api: str) -> tuple[str, list[str]]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        up = await client.files.create(file=("big.txt", b"x" * 20_000), purpose="assistants")
        await client.files.create(file=("small.txt", b"y"), purpose="batch")
        listing = await client.files.list()
    return up.id, [f.filename for f in listing.data]


async def openai_async_chat_upload_chat(api: str) -> list[str]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        a = await client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "first"}])
        text = a.choices[0].message.content or ""
        f = await client.files.create(file=("notes.txt", text.encode()), purpose="assistants")
        b = await client.chat.completions.create(
            model="gpt-mini", messages=[{"role": "user", "content": "second"}])
        got = await client.files.retrieve(f.id)
    return [text, f.id, b.choices[0].message.content or "", got.filename]


async def anthropic_async_messages_and_count(api: str) -> list[Any]:
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as client:
        a = await client.messages.create(model="claude", max_tokens=32,
                                         messages=[{"role": "user", "content": "Why?"}])
        b = await client.messages.create(model="claude-2", max_tokens=32,
                                         messages=[{"role": "user", "content": "How?"}])
        n = await client.messages.count_tokens(model="claude",
                                               messages=[{"role": "user", "content": "Why?"}])
    return [a.content[0].text, b.content[0].text, n.input_tokens]


async def anthropic_async_batch_then_list(api: str) -> list[str]:
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as client:
        before = [b.id async for b in client.messages.batches.list()]
        made = await client.messages.batches.create(requests=[
            {"custom_id": "a", "params": {"model": "claude", "max_tokens": 8,
                                          "messages": [{"role": "user", "content": "A"}]}}])
        after = [b.id async for b in client.messages.batches.list()]
    return [str(before), made.id, str(after)]


# -- asyncio.sleep: latency and spacing


async def sleep_result_used(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = await asyncio.sleep(0.15, result="slept")
        b = (await client.get(f"{base}/items/sr?ms=20")).json()["value"]
        c = await asyncio.sleep(0.06, result=b.upper())
    return [a, b, c]


async def sleep_spacing_between_posts(base: str) -> list[int]:
    out = []
    async with httpx.AsyncClient() as client:
        for i in range(3):
            r = await client.post(f"{base}/items/sp?ms=10", content=f"n{i}".encode())
            out.append(r.json()["version"])
            await asyncio.sleep(0.06)
    return out




# -- asyncio's synchronisation around calls




SEM: Any = None


def _sem(env: Env) -> None:
    global SEM
    _reset(env)
    SEM = None


async def bounded(client: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    async with SEM:
        v = await aget(client, base, key, ms)
        SEEN.append(key)
        return v


async def semaphore_bounded_gather(base: str) -> list[Any]:
    global SEM
    SEM = asyncio.Semaphore(2)
    async with httpx.AsyncClient() as client:
        vals = await asyncio.gather(*(bounded(client, base, k, ms)
                                      for k, ms in (("s1", 150), ("s2", 20), ("s3", 60),
                                                    ("s4", 10))))
    return [vals, list(SEEN)]


async def event_gates_a_writer(base: str) -> list[Any]:
    ready = asyncio.Event()

    async def writer(client: httpx.AsyncClient) -> int:
        await ready.wait()
        print("writer goes")
        return (await client.put(f"{base}/items/ev?ms=10", content=b"after")).json()["version"]

    async with httpx.AsyncClient() as client:
        task = asyncio.create_task(writer(client))
        first = (await client.get(f"{base}/items/ev?ms=80")).json()["value"]
        print("read", first)
        ready.set()
        version = await task
        last = (await client.get(f"{base}/items/ev?ms=10")).json()["value"]
    return [first, version, last]




# -- the user's own concurrency mixed with plain awaits


async def user_gather_then_awaits(base: str) -> list[Any]:
    async with httpx.AsyncClient() as client:
        both = await asyncio.gather(aget(client, base, "ug1", 150), aget(client, base, "ug2", 20))
        v = await aput(client, base, "ug1", "changed", 10)
        after = await aget(client, base, "ug1", 60)
        extra = await aget(client, base, "ug3", 20)
    return [both, v, after, extra]




async def noisy(label: str, delay: float) -> None:
    await asyncio.sleep(delay)
    print("background", label)
    SEEN.append(label)


async def background_task_prints(base: str) -> list[Any]:
    async with httpx.AsyncClient() as client:
        task = asyncio.create_task(noisy("bg", 0.05))
        a = await aget(client, base, "bt1", 150)
        print("main after a")
        b = await aget(client, base, "bt2", 20)
        print("main after b")
        await task
    return [a, b, list(SEEN)]




async def taskgroup_writes(base: str) -> list[Any]:
    async with httpx.AsyncClient() as client:
        async with asyncio.TaskGroup() as tg:
            t1 = tg.create_task(aput(client, base, "tg1", "one", 150))
            t2 = tg.create_task(asyncio.sleep(0.02, result="slept"))
            print("tasks made")
        after = await aget(client, base, "tg1", 60)
        other = await aget(client, base, "tg2", 10)
    return [t1.result(), t2.result(), after, other]


async def as_completed_prints(base: str) -> list[str]:
    order = []
    async with httpx.AsyncClient() as client:
        aws = [aget(client, base, k, ms) for k, ms in SLOW_FAST]
        for fut in asyncio.as_completed(aws):
            v = await fut
            print("finished", v)
            order.append(v)
        tail = await aget(client, base, "ac-tail", 20)
    return [*order, tail]










# -- async generators, async for, async with


async def pages(client: httpx.AsyncClient, base: str) -> AsyncIterator[str]:
    for key, ms in SLOW_FAST:
        print("page", key)
        yield await aget(client, base, key, ms)


async def async_generator_pages(base: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as client:
        async for page in pages(client, base):
            out.append(page)
            print("consumed", page)
    return out


async def async_genexp_of_awaits(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        gen = (await aget(client, base, k, ms) for k, ms in SLOW_FAST)
        return [v async for v in gen]


class Span:
    """A user's async context manager that prints on entry and exit."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Span:
        print("enter", self.name)
        return self

    async def __aexit__(self, *exc: object) -> None:
        print("exit", self.name)


async def user_async_with_prints(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = await aget(client, base, "sp1", 150)
        async with Span("middle"):
            b = await aget(client, base, "sp2", 20)
        c = await aget(client, base, "sp3", 60)
    return [a, b, c]


# -- awaits in comprehensions


async def comprehension_of_awaits(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        return [await aget(client, base, k, ms) for k, ms in SLOW_FAST]


async def comprehension_of_puts(base: str) -> list[int]:
    async with httpx.AsyncClient() as client:
        return [await aput(client, base, "cp", k, ms) for k, ms in SLOW_FAST]


async def loud_get(client: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    print("fetching", key)
    v = await aget(client, base, key, ms)
    LOG.info("fetched %s", key)
    return v


async def comprehension_of_loud_helpers(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        return [await loud_get(client, base, k, ms) for k, ms in SLOW_FAST]




# -- blocking calls in an async def


async def async_helper_with_requests(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}").json()["value"]


async def sync_requests_inside_async(base: str) -> list[str]:
    a = await async_helper_with_requests(base, "rq1", 150)
    b = await async_helper_with_requests(base, "rq2", 20)
    c = requests.get(f"{base}/items/rq3?ms=60").json()["value"]
    return [a, b, c]






# -- failures around awaits


async def try_404_then_more(base: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as client:
        try:
            r = await client.get(f"{base}/items/missing-x?ms=150")
            r.raise_for_status()
            out.append(r.json()["value"])
        except httpx.HTTPStatusError as exc:
            out.append(f"status {exc.response.status_code}")
            LOG.warning("missing-x failed")
        out.append(await aget(client, base, "after404", 20))
    return out


async def refused_then_fallback(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        try:
            r = await client.get("http://127.0.0.1:9/items/x")
            primary = r.text
        except httpx.ConnectError:
            print("primary refused")
            primary = "fallback"
        b = await aget(client, base, "rf", 20)
    return [primary, b]




# -- early return and raise between awaits


async def early_return_skips_write(base: str) -> list[Any]:
    async with httpx.AsyncClient() as client:
        gate = await aget(client, base, "gate", 150)
        other = await aget(client, base, "gate-other", 20)
        if gate == "v-gate":
            return [gate, other]
        await aput(client, base, "gate", "written", 10)
        return [gate, other, "wrote"]




# -- state changed between awaits


async def url_from_state(client: httpx.AsyncClient, base: str, ms: int) -> str:
    return await aget(client, base, STATE["key"], ms)


async def module_state_changed_between(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        STATE["key"] = "st1"
        a = await url_from_state(client, base, 150)
        STATE["key"] = "st2"
        b = await url_from_state(client, base, 20)
    return [a, b]


async def argument_list_mutated_between(base: str, keys: list[str]) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = await aget(client, base, keys[0], 150)
        keys[0] = "ml-changed"
        b = await aget(client, base, keys[0], 20)
    return [a, b]


def _with_keys(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web, ["ml-first"]))


async def tagged_get(client: httpx.AsyncClient, base: str, ms: int) -> str:
    return await aget(client, base, f"ctx-{REQUEST_ID.get()}", ms)


async def contextvar_set_between(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        REQUEST_ID.set("first")
        a = await tagged_get(client, base, 150)
        REQUEST_ID.set("second")
        b = await tagged_get(client, base, 20)
    return [a, b]




async def cached_get(client: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    if key in CACHE:
        return CACHE[key]
    v = await aget(client, base, key, ms)
    CACHE[key] = v
    return v


async def cache_awaited_twice(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = await cached_get(client, base, "ca1", 150)
        b = await cached_get(client, base, "ca1", 20)
        c = await cached_get(client, base, "ca2", 60)
    return [a, b, c]






async def loop_appends_awaits_and_prints(base: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as client:
        for key, ms in SLOW_FAST:
            v = await aget(client, base, key, ms)
            out.append(v)
        print("all", out)
        for key, ms in SLOW_FAST:
            print("put", key)
            await aput(client, base, key, "x", ms)
    return out




# -- sleeps in loops: spacing, backoff, yield points


async def rate_limited_gets_in_loop(base: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as client:
        for key, ms in SLOW_FAST:
            await asyncio.sleep(0.05)
            out.append((await client.get(f"{base}/items/{key}?ms={ms}")).json()["value"])
    return out


async def pause() -> None:
    await asyncio.sleep(0.06)


async def pause_helper_between_posts(base: str) -> list[int]:
    out = []
    async with httpx.AsyncClient() as client:
        for i in range(3):
            r = await client.post(f"{base}/items/ph?ms=10", content=f"n{i}".encode())
            out.append(r.json()["version"])
            await pause()
    return out




async def ticks_see_a_background_task(base: str) -> list[Any]:
    async with httpx.AsyncClient() as client:
        task = asyncio.create_task(noisy("bg", 0.045))
        for i in range(3):
            print("tick", i, list(SEEN))
            await asyncio.sleep(0.03)
        await task
        v = (await client.get(f"{base}/items/tk?ms=10")).json()["value"]
    return [v, list(SEEN)]


async def sleep_zero_yields(base: str) -> list[Any]:
    async with httpx.AsyncClient() as client:
        task = asyncio.create_task(noisy("zero", 0.0))
        seen = []
        for _ in range(2):
            seen.append(len(SEEN))
            await asyncio.sleep(0)
        await task
        v = (await client.get(f"{base}/items/sz?ms=10")).json()["value"]
    return [seen, v]




async def paced_fetch(client: httpx.AsyncClient, base: str, key: str) -> str:
    await asyncio.sleep(0.04)
    return (await client.get(f"{base}/items/{key}?ms=5")).json()["value"]


async def paced_helper_in_loop(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        return [await paced_fetch(client, base, k) for k in ("pf1", "pf2", "pf3")]



# -- a global a helper rebinds (through its own ``global``) between awaits


SUFFIX = "-first"


def set_suffix(text: str) -> None:
    global SUFFIX
    SUFFIX = text


async def aset_suffix(text: str) -> None:
    global SUFFIX
    SUFFIX = text


def _reset_suffix(env: Env) -> None:
    set_suffix("-first")


async def suffixed(base: str, key: str, ms: int) -> str:
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{base}/items/{key}?ms={ms}")
    return r.json()["value"] + SUFFIX


async def global_rebound_by_a_sync_helper(base: str) -> list[str]:
    a = await suffixed(base, "gs1", 150)
    set_suffix("-second")
    b = await suffixed(base, "gs2", 20)
    return [a, b]


async def global_rebound_by_an_async_helper(base: str) -> list[str]:
    a = await suffixed(base, "ga1", 150)
    await aset_suffix("-second")
    b = await suffixed(base, "ga2", 20)
    return [a, b]


# -- the caller cancels the jitted coroutine


async def gets_then_put(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = (await client.get(f"{base}/items/cw1?ms=600")).json()["value"]
        b = (await client.get(f"{base}/items/cw2?ms=20")).json()["value"]
        await client.put(f"{base}/items/cw3?ms=5", content=b"never")
    return [a, b]


def _cancelled_by_wait_for(f: Any, env: Env) -> Any:
    async def main() -> str:
        try:
            return await asyncio.wait_for(f(env.web), 0.3)
        except TimeoutError:
            await asyncio.sleep(0.1)  # what was started reaches the server (or not)
            return "timed out"
    return asyncio.run(main())


# -- a write's coroutine made, then awaited (or made a task) before a read of what it wrote


async def pending_put_awaited_then_get(base: str) -> str:
    async with httpx.AsyncClient() as client:
        pending = client.put(f"{base}/items/pp?ms=80", content=b"new")
        await pending
        return (await client.get(f"{base}/items/pp?ms=5")).json()["value"]


async def task_of_put_then_get(base: str) -> str:
    async with httpx.AsyncClient() as client:
        task = asyncio.create_task(client.put(f"{base}/items/tp?ms=80", content=b"new"))
        print("task made")
        await task
        return (await client.get(f"{base}/items/tp?ms=5")).json()["value"]


async def put_coroutines_awaited_in_reverse(base: str) -> str:
    async with httpx.AsyncClient() as client:
        first = client.put(f"{base}/items/rv?ms=10", content=b"made-first")
        second = client.put(f"{base}/items/rv?ms=60", content=b"made-second")
        await second
        await first
        return (await client.get(f"{base}/items/rv?ms=5")).json()["value"]


CASES = [
    Case("clients", httpx_three_awaits_in_a_row, drive=_web, servers="web",
         ideal=_made(0.23, 0.15), overlap=3),
    # the client is passed to a helper: not the function's own, its GETs stay in place
    Case("clients", httpx_passed_in_helper_awaits, drive=_with_httpx, servers="web",
         ideal=SF_IDEAL, overlap=3),
    # the GETs wait for the PUT; then the two together
    Case("http", httpx_put_slow_then_get_fast, drive=_web, servers="web",
         ideal=_made(0.17, 0.16), overlap=2),
    # g1 and g2 together; the POST, then the GET after it
    Case("clients", global_client_get_post_get, drive=_with_global, setup=_global_client,
         servers="web", ideal=160 / 140, overlap=2),
    # `async with session.get(...)` is not a call the JIT starts early (docs/jit.md); a
    # sound schedule could overlap the three
    Case("clients", aiohttp_gets_with_async_with, drive=_web, servers="web",
         ideal=_made(0.23, 0.15)),
    Case("clients", aiohttp_awaited_responses, drive=_web, servers="web",
         ideal=_made(0.19, 0.17), overlap=2),
    Case("sdk", openai_async_three_chats, drive=_api, servers="api", ideal=_made(0.15, 0.05),
         overlap=3),
    Case("sdk", openai_async_upload_then_list, drive=_api, servers="api"),
    # the chat, the upload (needs its text), then the second chat beside the retrieve
    Case("sdk", openai_async_chat_upload_chat, drive=_api, servers="api",
         ideal=_made(0.2, 0.15), overlap=2),
    Case("sdk", anthropic_async_messages_and_count, drive=_api, servers="api",
         ideal=_made(0.15, 0.05), overlap=3),
    Case("sdk", anthropic_async_batch_then_list, drive=_api, servers="api"),
    # the sleeps' values are used: latency, all three together
    Case("sleep", sleep_result_used, drive=_web, servers="web", ideal=_made(0.23, 0.15)),
    # the user's gather already overlaps: nothing more to gain
    Case("fanout", semaphore_bounded_gather, drive=_web, servers="web", setup=_sem),
    Case("threads", event_gates_a_writer, drive=_web, servers="web"),
    # the gather's two together (the user's), then the PUT, then the two GETs together
    Case("fanout", user_gather_then_awaits, drive=_web, servers="web",
         ideal=_made(0.25, 0.23), overlap=2),
    Case("threads", background_task_prints, drive=_web, servers="web", setup=_reset,
         ideal=_made(0.17, 0.15), overlap=2),
    Case("fanout", taskgroup_writes, drive=_web, servers="web"),
    Case("fanout", as_completed_prints, drive=_web, servers="web"),
    Case("helpers", async_generator_pages, drive=_web, servers="web"),
    # an async generator expression runs as written (docs/jit.md); its items could overlap
    Case("helpers", async_genexp_of_awaits, drive=_web, servers="web",
         ideal=_made(0.23, 0.15)),
    Case("helpers", user_async_with_prints, drive=_web, servers="web",
         ideal=_made(0.23, 0.15), overlap=3),
    Case("fanout", comprehension_of_awaits, drive=_web, servers="web",
         ideal=_made(0.23, 0.15), overlap=3),
    Case("fanout", comprehension_of_puts, drive=_web, servers="web"),
    Case("helpers", comprehension_of_loud_helpers, drive=_web, servers="web"),
    # blocking GETs in an async helper: a sound schedule could overlap them
    Case("helpers", sync_requests_inside_async, drive=_web, servers="web", ideal=SF_IDEAL),
    Case("validation", try_404_then_more, drive=_web, servers="web",
         speculative_reads=True, ideal=_made(0.17, 0.15), overlap=2),
    Case("validation", refused_then_fallback, drive=_web, servers="web",
         speculative_reads=True),
    Case("validation", early_return_skips_write, drive=_web, servers="web",
         ideal=_made(0.17, 0.15), overlap=2),
    Case("state", module_state_changed_between, drive=_web, servers="web", setup=_reset),
    Case("state", argument_list_mutated_between, drive=_with_keys, servers="web"),
    Case("state", contextvar_set_between, drive=_web, servers="web"),
    Case("state", cache_awaited_twice, drive=_web, servers="web", setup=_reset),
    # the first loop's three GETs together, the PUTs in order
    Case("fanout", loop_appends_awaits_and_prints, drive=_web, servers="web",
         ideal=_made(0.46, 0.38), overlap=3),
    # a helper that sleeps as a statement and then GETs paces its GETs
    Case("sleep", paced_helper_in_loop, drive=_web, servers="web", spacing=0.04),
    # the caller's wait_for cancels the function during its first GET: a GET started
    # early beside it is the speculative-read allowance's kind (the PUT never goes)
    Case("validation", gets_then_put, drive=_cancelled_by_wait_for, servers="web",
         speculative_reads=True),
]

# Differed under jit at first, fixed since (what differed is said above each).
#
# A statement ``await asyncio.sleep(d)`` (or ``await pause()``, a helper that only sleeps)
# in a ``for`` loop of an ``async def`` is started for every item before the first
# iteration, as if it were a read: the spacing is lost (all sleeps run at once) and the
# loop's requests go out back to back; `_moves.Moves.candidates` takes an awaited call
# through `_await_ok`, which (unlike `is_candidate`) does not look at `fact.spacing`.
CASES += [
    # requests 2 and 3 arrive ~0.01 s apart; the function sleeps 0.06 s between them
    Case("sleep", sleep_spacing_between_posts, drive=_web, servers="web", spacing=0.06),
    # all three GETs at once (0.000 s apart); the function sleeps 0.05 s before each
    Case("sleep", rate_limited_gets_in_loop, drive=_web, servers="web", spacing=0.05),
    # the same with the sleep in a helper of the user's
    Case("sleep", pause_helper_between_posts, drive=_web, servers="web", spacing=0.06),
    # stdout: plain prints "background bg" before "tick 2 ['bg']"; jit prints all three
    # ticks first (the loop takes no time), then the background task's line
    Case("sleep", ticks_see_a_background_task, drive=_web, servers="web", setup=_reset),
    # value: `await asyncio.sleep(0)` is a yield point; jit hoists both, and the
    # background task's append lands at a different tick ([0, 0] plain, [0, 1] jit)
    Case("sleep", sleep_zero_yields, drive=_web, servers="web", setup=_reset),
    # A helper that reads a global str after its await is started early across a call of
    # another helper that rebinds that global through its own ``global`` statement: value
    # ['v-gs1-first', 'v-gs2-second'] plain, [..., 'v-gs2-first'] jit. `_globals.reads_state`
    # treats a global holding a str as fixed ("only the caller can rebind it, and sees
    # that"), and the crossed call is a CPU helper whose summary names no global it rebinds.
    # The same happens in a sync function with requests (not only async).
    Case("state", global_rebound_by_a_sync_helper, drive=_web, servers="web",
         setup=_reset_suffix),
    Case("state", global_rebound_by_an_async_helper, drive=_web, servers="web",
         setup=_reset_suffix),
    # A write of the function's own httpx.AsyncClient whose coroutine is made in one
    # statement and awaited (or wrapped in a task) in a later one: the plan takes the
    # write to happen at the call (`client.put(...)` only makes a coroutine), and the GET
    # after ``await pending`` / ``await task`` moves across that await (an await of a
    # name has no write in `_stmt`'s facts; the client is private, so the await is no
    # hazard either). The GET reaches the server before the PUT completes (or, with
    # ``create_task``, before it starts): value 'new' plain, 'v-pp' jit.
    Case("http", pending_put_awaited_then_get, drive=_web, servers="web"),
    # value 'new' plain, 'v-tp' jit; the server sees the GET before the PUT
    Case("http", task_of_put_then_get, drive=_web, servers="web"),
    # the GET goes out before the PUTs are done: value 'made-first' plain, 'v-rv' jit
    Case("http", put_coroutines_awaited_in_reverse, drive=_web, servers="web"),
]
