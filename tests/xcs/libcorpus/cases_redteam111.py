"""Red-team cases (stop 111): everyday async programs.

``async def`` functions jitted (driven by ``asyncio.run``), and sync functions that call
``asyncio.run`` on the user's coroutines, talking to the simulator through
``openai.AsyncOpenAI`` and ``anthropic.AsyncAnthropic`` and to the web server through
``httpx.AsyncClient`` and ``aiohttp``: sequential awaits in loops, awaits in
comprehensions, coroutine helpers, async context managers (the user's class and
``asynccontextmanager``), async generators consumed with ``async for``, the user's own
``gather``, ``TaskGroup``, ``as_completed``, ``wait``, ``Semaphore`` limits, ``asyncio.sleep``
as a rate limit, ``wait_for`` and ``asyncio.timeout``, retries, and prints, log records,
PUT/POST, file appends and sqlite writes between awaits.

Also how a caller runs the jitted coroutine: awaited later than made, cancelled, under
the caller's ``wait_for``, two calls at once, three calls in a row, beside a sibling task
that fails. Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiohttp
import anthropic
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam111")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


# =========================================================================== drivers


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _d_web_tmp(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web, str(env.tmp)))


def _d_api(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.api))


def _d_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _d_oa_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


def _d_oa_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, str(env.tmp))
    return asyncio.run(main())


def _d_an(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _d_an_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


# =========================================================================== helpers


async def aget(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    return r.json()["value"]


async def aput(http: httpx.AsyncClient, key: str, text: str) -> int:
    r = await http.put(f"/items/{key}", content=text)
    return r.json()["version"]


async def achat(client: Any, prompt: str, lat: float) -> str:
    r = await client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def amsg(client: Any, prompt: str, lat: float) -> str:
    m = await client.messages.create(model="claude", max_tokens=32, messages=[user(prompt)],
                                     extra_body={"latency": lat})
    return m.content[0].text


# =========================================================================== httpx loops


async def hx_loop_get_print_put(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("red", 150), ("green", 30), ("blue", 80)):
            v = await aget(http, key, ms)
            print("fetched", key, v)
            await aput(http, f"copy-{key}", v.upper())
            out.append(v)
    return out


async def hx_comprehension_then_summary_put(web: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        vals = [await aget(http, k, ms) for k, ms in (("n1", 150), ("n2", 30), ("n3", 90))]
        version = await aput(http, "summary", "|".join(vals))
        listing = (await http.get("/items")).json()
    return {"vals": vals, "version": version, "listing": listing}


async def hx_dict_comprehension_reads(web: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        got = {k: await aget(http, k, ms) for k, ms in (("p", 160), ("q", 30), ("r", 70))}
        print(sorted(got))
    return got


async def hx_read_put_read_same_key(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        out.append(await aget(http, "cfg", 150))
        await aput(http, "cfg", "v2")
        out.append(await aget(http, "cfg", 30))
        await aput(http, "cfg", "v3")
        out.append(await aget(http, "other", 60))
        out.append(await aget(http, "cfg", 30))
    return out


async def hx_taskgroup_fetch_then_put(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(aget(http, k, ms))
                     for k, ms in (("t1", 170), ("t2", 30), ("t3", 90))]
        vals = [t.result() for t in tasks]
        LOG.info("taskgroup done: %s", vals)
        await aput(http, "tg-out", json.dumps(vals))
    return vals


# =========================================================================== async generators


async def pages_of(http: httpx.AsyncClient, keys: list[tuple[str, int]]) -> Any:
    for key, ms in keys:
        yield await aget(http, key, ms)


async def hx_agen_async_for_put(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async for v in pages_of(http, [("pg1", 150), ("pg2", 30), ("pg3", 80)]):
            print("page", v)
            await aput(http, f"seen-{len(out)}", v)
            out.append(v)
    return out


async def writing_pages(http: httpx.AsyncClient) -> Any:
    try:
        for key, ms in (("w1", 130), ("w2", 30), ("w3", 60)):
            v = await aget(http, key, ms)
            await aput(http, f"echo-{key}", v)
            yield v
    finally:
        await aput(http, "gen-closed", "yes")


async def hx_agen_with_writes_and_finally(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        gen = writing_pages(http)
        async for v in gen:
            out.append(v)
            if len(out) == 2:
                break
        await gen.aclose()
        out.append(await aget(http, "gen-closed", 30))
    return out


# =========================================================================== async context managers


class Lease:
    def __init__(self, http: httpx.AsyncClient, name: str) -> None:
        self.http = http
        self.name = name

    async def __aenter__(self) -> Lease:
        await aput(self.http, f"lease-{self.name}", "held")
        print("lease taken", self.name)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await aput(self.http, f"lease-{self.name}", "free")
        print("lease released", self.name)


async def hx_user_async_cm_lease(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for name, ms in (("one", 150), ("two", 30)):
            async with Lease(http, name):
                out.append(await aget(http, f"lease-{name}", ms))
                out.append(await aget(http, f"data-{name}", 40))
        out.append(await aget(http, "lease-one", 30))
    return out


@contextlib.asynccontextmanager
async def timed_section(http: httpx.AsyncClient, label: str) -> Any:
    LOG.info("enter %s", label)
    yield
    await aput(http, f"section-{label}", "done")
    LOG.info("exit %s", label)


# =========================================================================== files and sqlite


async def hx_sqlite_insert_between_awaits(web: str, tmp: str) -> list[Any]:
    db = sqlite3.connect(Path(tmp) / "cache.db")
    db.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")
    try:
        async with httpx.AsyncClient(base_url=web, timeout=5) as http:
            for key, ms in (("d1", 150), ("d2", 30), ("d3", 90)):
                v = await aget(http, key, ms)
                db.execute("INSERT INTO kv VALUES (?, ?)", (key, v))
                db.commit()
                n = db.execute("SELECT COUNT(*) FROM kv").fetchone()[0]
                print("rows", n)
            rows = db.execute("SELECT k, v FROM kv ORDER BY k").fetchall()
    finally:
        db.close()
    return rows


# =========================================================================== aiohttp


async def aio_gather_fetch(web: str) -> list[str]:
    async with aiohttp.ClientSession(base_url=web) as session:
        async def one(key: str, ms: int) -> str:
            async with session.get(f"/items/{key}", params={"ms": str(ms)}) as r:
                return (await r.json())["value"]
        vals = await asyncio.gather(one("ag1", 160), one("ag2", 30), one("ag3", 80))
        async with session.post("/items/aio-report", data=";".join(vals)) as r:
            await r.read()
    return list(vals)


# =========================================================================== sync wrappers


async def fetch_all(web: str, keys: list[tuple[str, int]]) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        return list(await asyncio.gather(*(aget(http, k, ms) for k, ms in keys)))


def sync_runs_gather_then_put(web: str) -> list[str]:
    vals = asyncio.run(fetch_all(web, [("sw1", 160), ("sw2", 30)]))
    print("async part", vals)
    requests.put(f"{web}/items/sync-out", data=",".join(vals), timeout=5)
    more = asyncio.run(fetch_all(web, [("sync-out", 40)]))
    return vals + more


async def put_then_get(web: str, key: str, text: str) -> str:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        await aput(http, key, text)
        return await aget(http, key, 30)


# =========================================================================== task patterns


async def hx_create_task_early_await_late(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        slow = asyncio.create_task(aget(http, "bg", 250))
        await aput(http, "marker", "set")
        quick = await aget(http, "marker", 30)
        print("quick", quick)
        return [quick, await slow]


# =========================================================================== openai async


async def oa_loop_answers_to_file(client: Any, tmp: str) -> str:
    path = Path(tmp) / "answers.jsonl"
    for q, lat in (("What is rain", 0.15), ("What is snow", 0.03), ("What is hail", 0.08)):
        a = await achat(client, q, lat)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": a[:20]}) + "\n")
        print("answered", q)
    return path.read_text()


async def oa_sqlite_log(client: Any, tmp: str) -> list[Any]:
    db = sqlite3.connect(Path(tmp) / "log.db")
    db.execute("CREATE TABLE log (i INTEGER, q TEXT, n INTEGER)")
    try:
        for i, (q, lat) in enumerate((("alpha", 0.15), ("beta", 0.03), ("gamma", 0.07))):
            a = await achat(client, q, lat)
            db.execute("INSERT INTO log VALUES (?, ?, ?)", (i, q, len(a) > 0))
            db.commit()
        return db.execute("SELECT i, q, n FROM log ORDER BY i").fetchall()
    finally:
        db.close()


# =========================================================================== anthropic async


async def an_loop_log_records(client: Any) -> list[str]:
    out = []
    for q, lat in (("Name a river", 0.15), ("Name a lake", 0.03), ("Name a sea", 0.08)):
        LOG.info("asking %s", q)
        t = await amsg(client, q, lat)
        LOG.info("answered %s", q)
        out.append(t[:15])
    return out


async def an_async_text_stream(client: Any) -> list[str]:
    out = []
    for q, lat in (("Stream rivers", 0.12), ("Stream lakes", 0.03)):
        async with client.messages.stream(model="claude", max_tokens=32, messages=[user(q)],
                                          extra_body={"latency": lat}) as s:
            text = "".join([t async for t in s.text_stream])
        print("stream done", q)
        out.append(text[:15])
    return out


# =========================================================================== probes: time, laziness


async def hx_timeout_after_slow_read(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        a = await aget(http, "first", 150)
        try:
            async with asyncio.timeout(0.2):
                b = await aget(http, "second", 280)
        except TimeoutError:
            b = "timed-out"
        await aput(http, "verdict", b)
    return [a, b]


async def hx_coroutine_made_before_put(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        pending = aget(http, "lazy", 30)
        await aput(http, "lazy", "updated")
        v = await pending
        return [v, await aget(http, "other-lazy", 40)]


async def hx_coroutines_listed_then_put_then_gather(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        coros = [aget(http, k, ms) for k, ms in (("lz1", 150), ("lz2", 30))]
        await aput(http, "lz1", "fresh1")
        await aput(http, "lz2", "fresh2")
        return list(await asyncio.gather(*coros))


async def hx_agen_made_before_put(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        gen = pages_of(http, [("ag-a", 150), ("ag-b", 30)])
        await aput(http, "ag-a", "new-a")
        await aput(http, "ag-b", "new-b")
        return [v async for v in gen]


async def agen_accumulate(http: httpx.AsyncClient) -> Any:
    key = "start"
    while key:
        v = await aget(http, key, 120 if key == "start" else 30)
        key = yield v


async def hx_agen_asend(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        gen = agen_accumulate(http)
        out.append(await gen.__anext__())
        for nxt in ("mid", "end"):
            out.append(await gen.asend(nxt))
            await aput(http, f"sent-{nxt}", out[-1])
        await gen.aclose()
    return out


class Paginator:
    def __init__(self, http: httpx.AsyncClient, keys: list[tuple[str, int]]) -> None:
        self.http = http
        self.keys = list(keys)

    def __aiter__(self) -> Paginator:
        return self

    async def __anext__(self) -> str:
        if not self.keys:
            await aput(self.http, "paginator", "exhausted")
            raise StopAsyncIteration
        key, ms = self.keys.pop(0)
        return await aget(self.http, key, ms)


async def hx_async_iterator_class(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async for v in Paginator(http, [("pa1", 150), ("pa2", 30)]):
            print("item", v)
            out.append(v)
        out.append(await aget(http, "paginator", 30))
    return out


async def hx_comprehension_with_await_condition(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def exists(key: str, ms: int) -> bool:
            r = await http.get(f"/items/{key}", params={"ms": ms})
            return r.status_code == 200

        keys = [("missing-a", 150), ("have-b", 30), ("missing-c", 60), ("have-d", 40)]
        return [await aget(http, k, 30) for k, ms in keys if await exists(k, ms)]


async def hx_to_thread_requests(web: str) -> list[str]:
    out = []
    for key, ms in (("tt1", 150), ("tt2", 30)):
        r = await asyncio.to_thread(requests.get, f"{web}/items/{key}?ms={ms}", timeout=5)
        v = r.json()["value"]
        print("thread got", v)
        await asyncio.to_thread(requests.put, f"{web}/items/tt-copy", data=v, timeout=5)
        out.append(v)
    return out


async def hx_done_callback_prints(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        t1 = asyncio.create_task(aget(http, "cb1", 250))
        t1.add_done_callback(lambda t: print("cb1 done", t.result()))
        print("between")
        v2 = await aget(http, "cb2", 30)
        print("got cb2", v2)
        return [await t1, v2]


async def oa_client_timeout_after_slow(client: Any) -> list[str]:
    first = await achat(client, "warm up", 0.15)
    quick = client.with_options(timeout=0.2)
    try:
        second = await achat(quick, "hurry", 0.3)
    except openai.APITimeoutError:
        second = "timeout"
    return [first[:10], second[:10]]


# =========================================================================== probes: sdk loops and time


async def oa_loop_under_overall_timeout(client: Any) -> list[str]:
    out: list[str] = []
    try:
        async with asyncio.timeout(0.24):
            for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.15)):
                out.append((await achat(client, q, lat))[:10])
    except TimeoutError:
        out.append("budget spent")
    return out


async def oa_wait_for_each_short(client: Any) -> list[str]:
    out = []
    for q, lat in (("slow", 0.25), ("fast", 0.03), ("slow again", 0.25)):
        try:
            out.append((await asyncio.wait_for(achat(client, q, lat), timeout=0.15))[:10])
        except TimeoutError:
            out.append("timeout")
    return out


async def oa_elapsed_per_call(client: Any) -> list[str]:
    loop = asyncio.get_running_loop()
    out = []
    for q, lat in (("first", 0.2), ("second", 0.03), ("third", 0.18)):
        t0 = loop.time()
        await achat(client, q, lat)
        out.append("slow" if loop.time() - t0 > 0.1 else "fast")
    return out


async def hx_dict_comprehension_under_timeout(web: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        try:
            async with asyncio.timeout(0.24):
                return {k: await aget(http, k, ms)
                        for k, ms in (("tp", 150), ("tq", 30), ("tr", 150))}
        except TimeoutError:
            return {"timed": "out"}


async def oa_validator_raises_midloop(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "log.txt"
    out = []
    try:
        for q, lat in (("alpha", 0.15), ("beta", 0.03), ("", 0.05), ("delta", 0.04)):
            if not q:
                raise ValueError("empty question")
            a = await achat(client, q, lat)
            with path.open("a") as f:
                f.write(q + "\n")
            out.append(a[:10])
    except ValueError as e:
        print("stopped:", e)
    return [*out, path.read_text()]


async def oa_helper_prints_before_and_after(client: Any) -> list[str]:
    async def ask(q: str, lat: float) -> str:
        print("asking", q)
        a = await achat(client, q, lat)
        print("answer for", q, len(a) > 0)
        return a[:10]
    return [await ask(q, lat) for q, lat in (("north", 0.15), ("south", 0.03), ("east", 0.08))]


async def oa_history_file_feeds_prompt(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "hist.txt"
    path.write_text("")
    out = []
    for q, lat in (("Pick a number", 0.15), ("Double it", 0.03), ("Halve it", 0.06)):
        hist = path.read_text()
        a = await achat(client, hist + q, lat)
        with path.open("a") as f:
            f.write(a[:12] + "\n")
        out.append(a[:12])
    return out


async def oa_loop_sleep_rate_limit(client: Any) -> list[str]:
    out = []
    for q, lat in (("r1", 0.06), ("r2", 0.03), ("r3", 0.05)):
        out.append((await achat(client, q, lat))[:8])
        await asyncio.sleep(0.1)
    return out


async def oa_global_cache_loop(client: Any) -> list[str]:
    out = []
    for q, lat in (("cat", 0.15), ("dog", 0.03), ("cat", 0.05), ("eel", 0.04)):
        if q in ANSWERS:
            out.append("cached " + ANSWERS[q])
            continue
        ANSWERS[q] = (await achat(client, q, lat))[:10]
        out.append(ANSWERS[q])
    return out


ANSWERS: dict[str, str] = {}


def _reset_answers(env: Env) -> None:
    ANSWERS.clear()


async def an_loop_with_put_per_answer(client: Any, web: str) -> list[Any]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for q, lat in (("Moon", 0.15), ("Sun", 0.03), ("Star", 0.08)):
            t = await amsg(client, q, lat)
            out.append(await aput(http, f"ans-{q}", t[:10]))
    return out


# =========================================================================== probes: clocks, tasks running


async def oa_perf_counter_labels(client: Any) -> list[str]:
    out = []
    for q, lat in (("first", 0.2), ("second", 0.03), ("third", 0.18)):
        t0 = time.perf_counter()
        a = await achat(client, q, lat)
        out.append(f"{a[:6]}:{'slow' if time.perf_counter() - t0 > 0.1 else 'fast'}")
    return out


async def oa_comprehension_timed(client: Any) -> list[str]:
    t0 = time.monotonic()
    answers = [await achat(client, q, lat) for q, lat in (("x", 0.2), ("y", 0.03), ("z", 0.2))]
    took = time.monotonic() - t0
    return [a[:6] for a in answers] + ["long" if took > 0.3 else "short"]


async def oa_background_put_then_loop_reads(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def flagger() -> None:
            await http.get("/items/pre-flag", params={"ms": 30})
            await http.put("/items/flag", content="on")

        bg = asyncio.create_task(flagger())
        warm = await achat(client, "warm up", 0.2)
        out = [warm[:6]]
        for k in ("flag", "other"):
            r = await http.get(f"/items/{k}", params={"ms": 40})
            out.append(r.json()["value"])
        await bg
    return out


# =========================================================================== probes: failures in loops


async def checked_get(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    return r.json()["value"]


async def hx_except_writes_what_next_item_reads(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("present", 150), ("missing-x", 30), ("fallback-x", 40)):
            try:
                out.append(await checked_get(http, key, ms))
            except httpx.HTTPStatusError:
                await aput(http, "fallback-x", "filled-in")
                out.append("missing")
    return out


async def hx_loop_read_raises_midway(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        try:
            for key, ms in (("r-a", 150), ("missing-r", 30), ("r-c", 40)):
                out.append(await checked_get(http, key, ms))
                print("ok", key)
        except httpx.HTTPStatusError as e:
            print("stopped at", e.response.status_code)
            await aput(http, "loop-error", str(len(out)))
    return out


async def hx_taskgroup_one_fails(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def slow_then_write() -> None:
            v = await aget(http, "tg-slow", 300)
            await aput(http, "tg-written", v)

        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(slow_then_write())
                tg.create_task(checked_get(http, "missing-tg", 30))
        except* httpx.HTTPStatusError as eg:
            out.append(f"group of {len(eg.exceptions)}")
        out.append(await aget(http, "tg-written", 30))
    return out


async def hx_crawl_growing_frontier(web: str) -> list[str]:
    frontier = ["root"]
    seen = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key in frontier:
            v = await aget(http, key, 150 if key == "root" else 30)
            seen.append(v)
            if len(frontier) < 4:
                frontier.append(f"{key}-c{len(frontier)}")
    return seen


async def hx_comprehension_of_puts(web: str) -> list[int]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        versions = [await aput(http, f"bulk-{i}", "x" * n)
                    for i, n in enumerate((60000, 10, 30000))]
        listing = (await http.get("/items")).json()
    return versions + [listing["writes"]]


# =========================================================================== probes: hooks and lazy iterables


async def hx_event_hook_prints(web: str) -> list[str]:
    async def on_response(response: httpx.Response) -> None:
        print("response", response.url.path)

    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5,
                                 event_hooks={"response": [on_response]}) as http:
        for key, ms in (("eh1", 200), ("eh2", 30), ("eh3", 100)):
            out.append(await aget(http, key, ms))
    return out


async def hx_event_hook_counts_in_comprehension(web: str) -> list[Any]:
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(request.url.path)

    async with httpx.AsyncClient(base_url=web, timeout=5,
                                 event_hooks={"request": [on_request]}) as http:
        vals = [(await http.get(f"/items/{k}", params={"ms": ms})).json()["value"] + str(len(seen))
                for k, ms in (("ec1", 200), ("ec2", 30), ("ec3", 100))]
    return [vals, seen]


async def oa_event_hook_on_sdk_client(api: str) -> list[str]:
    async def on_response(response: httpx.Response) -> None:
        print("sdk response", response.status_code)

    hx = httpx.AsyncClient(event_hooks={"response": [on_response]})
    out = []
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                                  http_client=hx) as client:
        for q, lat in (("hook one", 0.2), ("hook two", 0.03)):
            out.append((await achat(client, q, lat))[:8])
            print("after", q)
    return out


def noisy_keys() -> Any:
    for key, ms in (("nk1", 200), ("nk2", 30), ("nk3", 100)):
        print("yielding", key)
        yield key, ms


async def hx_loop_over_printing_generator(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in noisy_keys():
            v = await aget(http, key, ms)
            print("got", v)
            out.append(v)
    return out


async def oa_comprehension_over_printing_generator(client: Any) -> list[str]:
    def prompts() -> Any:
        for q, lat in (("pg one", 0.2), ("pg two", 0.03), ("pg three", 0.1)):
            print("prompt", q)
            yield q, lat
    return [(await achat(client, q, lat))[:8] for q, lat in prompts()]


async def hx_dict_changed_during_loop(web: str) -> list[str]:
    todo = {"dc1": 150, "dc2": 30}
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        try:
            for key in todo:
                v = await aget(http, key, todo[key])
                out.append(v)
                todo[v] = 30
        except RuntimeError as e:
            out.append(type(e).__name__)
        await aput(http, "dc-done", str(len(out)))
    return out


async def hx_shared_params_dict(web: str) -> list[str]:
    params = {"ms": 150}
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key in ("sp1", "sp2", "sp3"):
            r = await http.get(f"/items/{key}", params=params)
            out.append(r.json()["value"])
            params["ms"] = 30
    return out


# =========================================================================== probes: how the caller runs it


def _d_put_before_await(f: Any, env: Env) -> Any:
    coro = f(env.web)
    requests.put(f"{env.web}/items/eager", data="changed-before-await", timeout=5)
    return asyncio.run(coro)


async def hx_body_runs_when_awaited(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        first = await aget(http, "eager", 150)
        return [first, await aget(http, "eager-2", 30)]


def _d_cancel_midway(f: Any, env: Env) -> Any:
    async def main() -> Any:
        task = asyncio.create_task(f(env.web))
        # (at 0.6 s, inside the first GET of 1.5 s: at 0.2 s a loaded machine may still be
        # in the jitted run's first-call analysis, before that GET is sent; CI at 18f4888)
        await asyncio.sleep(0.6)
        task.cancel()
        try:
            return await task
        except asyncio.CancelledError:
            return "cancelled"
    return asyncio.run(main())


async def hx_cancelled_by_caller(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        try:
            for key, ms in (("cc1", 1500), ("cc2", 30), ("cc3", 40)):
                out.append(await aget(http, key, ms))
        except asyncio.CancelledError:
            print("cancelled after", len(out))
            raise
    return out


def _d_two_at_once(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await asyncio.gather(f(client, env.web, "slow", 0.3),
                                        f(client, env.web, "quick", 0.03))
    return asyncio.run(main())


async def oa_called_twice_concurrently(client: Any, web: str, tag: str, lat: float) -> str:
    a = await achat(client, f"Tag {tag}", lat)
    print("answered", tag)
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        await aput(http, "last-tag", tag)
        b = await aget(http, f"after-{tag}", 40)
    return a[:6] + b


def _d_three_calls(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return [await f(client) for _ in range(3)]
    return asyncio.run(main())


RUNS: list[int] = []


def _reset_runs(env: Env) -> None:
    RUNS.clear()


async def oa_called_three_times_global(client: Any) -> list[str]:
    RUNS.append(len(RUNS))
    out = []
    for q, lat in (("run", 0.12), ("again", 0.03)):
        out.append((await achat(client, f"{q} {len(RUNS)}", lat))[:8])
    return out


async def pages_gen_fn(web: str) -> Any:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("gf1", 150), ("gf2", 30), ("gf3", 60)):
            v = await aget(http, key, ms)
            await aput(http, f"gf-seen-{key}", v)
            yield v


def _d_consume_two(f: Any, env: Env) -> Any:
    async def main() -> Any:
        out = []
        gen = f(env.web)
        async for v in gen:
            out.append(v)
            if len(out) == 2:
                break
        await gen.aclose()
        return out
    return asyncio.run(main())


async def oa_break_on_answer(client: Any, tmp: str) -> list[str]:
    out = []
    for q, lat in (("first q", 0.15), ("second q", 0.03), ("third q", 0.05)):
        a = await achat(client, q, lat)
        out.append(a[:8])
        if len(out) >= 2 and len(a) > 3:
            break
    (Path(tmp) / "done.txt").write_text(str(len(out)))
    return out


async def oa_bad_request_midloop(client: Any, tmp: str) -> list[str]:
    out = []
    path = Path(tmp) / "ok.txt"
    try:
        for q, lat in (("fine", 0.15), ("broken", -1.0), ("later", 0.03)):
            a = await achat(client, q, lat)
            with path.open("a") as f:
                f.write(q + "\n")
            out.append(a[:6])
    except openai.BadRequestError as e:
        print("bad request", e.status_code)
    return [*out, path.read_text() if path.exists() else ""]


async def oa_shared_extra_body(client: Any) -> list[str]:
    eb: dict[str, Any] = {"latency": 0.15}
    out = []
    for q in ("eb one", "eb two", "eb three"):
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body=eb)
        out.append(r.choices[0].message.content[:6])
        eb["latency"] = 0.03
    return out


def _d_outer_wait_for(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            try:
                return await asyncio.wait_for(f(client), timeout=0.2)
            except TimeoutError:
                return "caller gave up"
    return asyncio.run(main())


async def oa_loop_caller_gives_up(client: Any) -> list[str]:
    out = []
    for q, lat in (("long essay", 0.45), ("short note", 0.03), ("haiku", 0.04)):
        out.append((await achat(client, q, lat))[:8])
    return out


def _d_sibling_fails(f: Any, env: Env) -> Any:
    async def boom() -> None:
        await asyncio.sleep(0.1)
        raise KeyError("sibling")

    async def main() -> Any:
        outcome = "all done"
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(f(env.web))
                tg.create_task(boom())
        except* KeyError:
            outcome = "sibling failed"
        return outcome
    return asyncio.run(main())


async def hx_comprehension_sibling_task_fails(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        return [await aget(http, k, ms) for k, ms in (("sf1", 300), ("sf2", 30), ("sf3", 40))]


# =========================================================================== cases


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_web, servers="web", ideal=ideal, **kw)


def _webtmp(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_web_tmp, servers="web", ideal=ideal, **kw)


def _sync(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal, **kw)


def _oa(fn: Any, drive: Any = _d_oa, ideal: float = 1.0, servers: str = "api",
        cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


CASES: list[Case] = [
    # -- httpx loops and comprehensions
    _web(hx_loop_get_print_put),
    _web(hx_comprehension_then_summary_put, (0.27 + 2 * L) / (0.15 + 2 * L)),
    _web(hx_dict_comprehension_reads, over(0.16, 0.03, 0.07), overlap=3),
    _web(hx_read_put_read_same_key),
    _web(hx_taskgroup_fetch_then_put, (0.29 + L) / (0.17 + L), overlap=3),
    # -- async generators
    _web(hx_agen_async_for_put),
    _web(hx_agen_with_writes_and_finally),
    # -- async context managers
    _web(hx_user_async_cm_lease, cat="helpers"),
    # -- files and sqlite
    _webtmp(hx_sqlite_insert_between_awaits, cat="db"),
    # -- aiohttp
    _web(aio_gather_fetch, (0.27 + L) / (0.16 + L), overlap=3),
    # -- sync functions that run coroutines
    _sync(sync_runs_gather_then_put),
    # -- task patterns
    _web(hx_create_task_early_await_late),
    # -- openai async
    _oa(oa_loop_answers_to_file, _d_oa_tmp, over(0.15, 0.03, 0.08), cat="files", overlap=3),
    _oa(oa_sqlite_log, _d_oa_tmp, over(0.15, 0.03, 0.07), cat="db", overlap=3),
    # -- anthropic async
    _oa(an_loop_log_records, _d_an, over(0.15, 0.03, 0.08), overlap=3),
    _oa(an_async_text_stream, _d_an),
]

PROBES: list[Case] = [
    _web(hx_timeout_after_slow_read),
    _web(hx_coroutine_made_before_put),
    _web(hx_coroutines_listed_then_put_then_gather),
    _web(hx_agen_made_before_put),
    _web(hx_agen_asend),
    _web(hx_async_iterator_class),
    _web(hx_comprehension_with_await_condition),
    _web(hx_to_thread_requests),
    _web(hx_done_callback_prints),
    _oa(oa_client_timeout_after_slow),
    _oa(oa_loop_under_overall_timeout),
    _oa(oa_wait_for_each_short),
    _oa(oa_elapsed_per_call),
    _web(hx_dict_comprehension_under_timeout),
    _oa(oa_validator_raises_midloop, _d_oa_tmp, cat="files"),
    _oa(oa_helper_prints_before_and_after),
    _oa(oa_history_file_feeds_prompt, _d_oa_tmp, cat="files"),
    _oa(oa_loop_sleep_rate_limit, cat="sleep", spacing=0.1),
    _oa(oa_global_cache_loop, cat="state", setup=_reset_answers),
    _oa(an_loop_with_put_per_answer, _d_an_web, servers="web api"),
    _oa(oa_perf_counter_labels),
    _oa(oa_background_put_then_loop_reads, _d_oa_web, servers="web api"),
    _web(hx_except_writes_what_next_item_reads, cat="validation"),
    _web(hx_loop_read_raises_midway, cat="validation", speculative_reads=True),
    _web(hx_taskgroup_one_fails, cat="validation"),
    _web(hx_crawl_growing_frontier),
    _web(hx_comprehension_of_puts),
    _web(hx_event_hook_prints),
    _web(hx_event_hook_counts_in_comprehension),
    _oa(oa_event_hook_on_sdk_client, _d_api),
    _web(hx_loop_over_printing_generator),
    _oa(oa_comprehension_over_printing_generator),
    _web(hx_dict_changed_during_loop, cat="validation"),
    _web(hx_shared_params_dict),
    Case("http", hx_body_runs_when_awaited, drive=_d_put_before_await, servers="web"),
    Case("sdk", oa_called_twice_concurrently, drive=_d_two_at_once, servers="web api"),
    Case("state", oa_called_three_times_global, drive=_d_three_calls, servers="api",
         setup=_reset_runs),
    Case("http", pages_gen_fn, drive=_d_consume_two, servers="web"),
    _oa(oa_break_on_answer, _d_oa_tmp, cat="validation"),
    _oa(oa_bad_request_midloop, _d_oa_tmp, cat="validation", speculative_reads=True),
    _oa(oa_shared_extra_body),
    # a ready sibling task holds the comprehension's reads back: nothing is sent ahead
    Case("http", hx_comprehension_sibling_task_fails, drive=_d_sibling_fails, servers="web"),
]
CASES += PROBES

# Differed when written, and are the documented allowance: reads and model calls started
# together may all be sent when the caller cancels the function (a caller's timeout,
# docs/jit.md "What decides whether a call happens"); run with `speculative_reads`.
ALLOWED_WHY: dict[str, str] = {
    "hx_cancelled_by_caller":
        "the caller cancels the jitted coroutine's task at 0.6 s, during the first GET (1.5 s):"
        " plain never sends cc2/cc3, jit sent them with cc1 at the loop's start (the loop's"
        " awaited reads all start up front; nothing the function can see stops them)",
    "oa_loop_caller_gives_up":
        "the caller's asyncio.wait_for(f(client), 0.2) ends the function during the first chat"
        " (0.45 s): plain sends one chat, jit sent all three at the loop's start (two extra"
        " model calls billed); same shape as hx_cancelled_by_caller with the openai SDK",
}
CASES += [
    Case("http", hx_cancelled_by_caller, drive=_d_cancel_midway, servers="web",
         speculative_reads=True),
    _oa(oa_loop_caller_gives_up, _d_outer_wait_for, speculative_reads=True),
]
FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
