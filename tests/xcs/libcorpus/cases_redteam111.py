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

Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY`.
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


async def hx_gather_helpers_then_post(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        vals = await asyncio.gather(aget(http, "g1", 180), aget(http, "g2", 30),
                                    aget(http, "g3", 90))
        print("gathered", vals)
        r = await http.post("/items/report", content=",".join(vals))
        return [*vals, r.json()["version"]]


async def hx_taskgroup_fetch_then_put(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(aget(http, k, ms))
                     for k, ms in (("t1", 170), ("t2", 30), ("t3", 90))]
        vals = [t.result() for t in tasks]
        LOG.info("taskgroup done: %s", vals)
        await aput(http, "tg-out", json.dumps(vals))
    return vals


async def hx_semaphore_gather(web: str) -> list[str]:
    sem = asyncio.Semaphore(2)
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def limited(key: str, ms: int) -> str:
            async with sem:
                return await aget(http, key, ms)
        vals = await asyncio.gather(*(limited(k, ms) for k, ms in
                                      (("s1", 200), ("s2", 40), ("s3", 80), ("s4", 40))))
    print("limited", vals)
    return vals


async def hx_sleep_between_gets(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("rl1", 90), ("rl2", 30), ("rl3", 60)):
            out.append(await aget(http, key, ms))
            await asyncio.sleep(0.1)
    return out


async def hx_wait_for_fallback(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("slowpoke", 450), ("quick", 30)):
            try:
                out.append(await asyncio.wait_for(aget(http, key, ms), timeout=0.2))
            except TimeoutError:
                print("timed out", key)
                out.append(await aget(http, f"cache-{key}", 40))
        await aput(http, "fallbacks", str(len(out)))
    return out


async def hx_timeout_block_then_write(web: str) -> str:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        try:
            async with asyncio.timeout(0.2):
                a = await aget(http, "part-a", 60)
                b = await aget(http, "part-b", 400)
                result = a + b
        except TimeoutError:
            result = "partial"
        print("result", result)
        await aput(http, "outcome", result)
        return result


async def hx_retry_until_present(web: str) -> list[Any]:
    seen = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for attempt in range(3):
            r = await http.get("/items/missing-doc", params={"ms": 60})
            seen.append(r.status_code)
            if r.status_code == 200:
                break
            print("attempt", attempt, "failed")
            await http.put("/items/missing-doc", content=f"made-{attempt}")
        seen.append(await aget(http, "after", 30))
    return seen


async def hx_raise_for_status_in_loop(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for path in ("/items/ok1?ms=120", "/status/503", "/items/ok2?ms=30"):
            try:
                r = await http.get(path)
                r.raise_for_status()
                out.append(r.json()["value"])
            except httpx.HTTPStatusError as e:
                print("bad status", e.response.status_code)
                await aput(http, "errors", path)
                out.append("err")
    return out


async def hx_uncaught_after_print(web: str) -> str:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        a = await aget(http, "pre", 120)
        print("got", a)
        r = await http.get("/status/404")
        r.raise_for_status()
        await aput(http, "never", a)
        return a


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


async def hx_agen_break_early(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async for v in pages_of(http, [("b1", 120), ("stop", 30), ("b3", 80), ("b4", 40)]):
            out.append(v)
            if v.endswith("stop"):
                break
        await aput(http, "stopped-at", str(len(out)))
    return out


async def hx_agen_comprehension(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        vals = [v.upper() async for v in pages_of(http, [("c1", 140), ("c2", 30), ("c3", 70)])]
        await aput(http, "caps", ",".join(vals))
    return vals


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


async def hx_asynccontextmanager_sections(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async with timed_section(http, "load"):
            out.append(await aget(http, "x1", 140))
            out.append(await aget(http, "x2", 30))
        async with timed_section(http, "check"):
            out.append(await aget(http, "section-load", 50))
    return out


# =========================================================================== files and sqlite


async def hx_file_append_between_awaits(web: str, tmp: str) -> str:
    path = Path(tmp) / "journal.txt"
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("j1", 150), ("j2", 30), ("j3", 80)):
            v = await aget(http, key, ms)
            with path.open("a") as f:
                f.write(f"{key}={v}\n")
        lines = path.read_text().splitlines()
        await aput(http, "journal", str(len(lines)))
    return path.read_text()


async def hx_file_read_decides_fetch(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "todo.txt"
    path.write_text("k1\n")
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for _ in range(3):
            keys = path.read_text().split()
            last = keys[-1]
            v = await aget(http, last, 150 if last == "k1" else 30)
            out.append(v)
            with path.open("a") as f:
                f.write(f"{last}x\n")
    return out


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


async def hx_sqlite_cache_skip(web: str, tmp: str) -> list[str]:
    db = sqlite3.connect(Path(tmp) / "memo.db")
    db.execute("CREATE TABLE memo (k TEXT PRIMARY KEY, v TEXT)")
    out = []
    try:
        async with httpx.AsyncClient(base_url=web, timeout=5) as http:
            for key, ms in (("m1", 150), ("m2", 30), ("m1", 80), ("m3", 40)):
                row = db.execute("SELECT v FROM memo WHERE k = ?", (key,)).fetchone()
                if row:
                    out.append("cached:" + row[0])
                    continue
                v = await aget(http, key, ms)
                db.execute("INSERT INTO memo VALUES (?, ?)", (key, v))
                out.append(v)
    finally:
        db.close()
    return out


# =========================================================================== aiohttp


async def aio_session_loop_put(web: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession(base_url=web) as session:
        for key, ms in (("ai1", 150), ("ai2", 30), ("ai3", 70)):
            async with session.get(f"/items/{key}", params={"ms": str(ms)}) as r:
                v = (await r.json())["value"]
            print("aio", v)
            async with session.put(f"/items/aio-{key}", data=v) as r:
                out.append(f"{v}@{(await r.json())['version']}")
    return out


async def aio_gather_fetch(web: str) -> list[str]:
    async with aiohttp.ClientSession(base_url=web) as session:
        async def one(key: str, ms: int) -> str:
            async with session.get(f"/items/{key}", params={"ms": str(ms)}) as r:
                return (await r.json())["value"]
        vals = await asyncio.gather(one("ag1", 160), one("ag2", 30), one("ag3", 80))
        async with session.post("/items/aio-report", data=";".join(vals)) as r:
            await r.read()
    return list(vals)


async def aio_text_lines(web: str) -> list[str]:
    lines = []
    async with aiohttp.ClientSession(base_url=web) as session:
        for key in ("doc1", "doc2"):
            async with session.get(f"/text/{key}") as r:
                text = await r.text()
            lines.extend(text.splitlines()[:2])
            LOG.info("read %s", key)
    return lines


async def aio_jobs_poll_with_sleep(web: str) -> list[str]:
    statuses = []
    async with aiohttp.ClientSession(base_url=web) as session:
        async with session.post("/jobs") as r:
            job = (await r.json())["id"]
        for _ in range(5):
            async with session.get(f"/jobs/{job}") as r:
                st = (await r.json())["status"]
            statuses.append(st)
            if st == "done":
                break
            await asyncio.sleep(0.08)
    return statuses


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


def sync_two_asyncio_runs_ordered(web: str) -> list[str]:
    a = requests.get(f"{web}/items/seed?ms=150", timeout=5).json()["value"]
    b = asyncio.run(put_then_get(web, "seed", a + "-changed"))
    c = requests.get(f"{web}/items/seed?ms=30", timeout=5).json()["value"]
    return [a, b, c]


def sync_asyncio_run_per_item(web: str) -> list[str]:
    out = []
    for key, ms in (("pi1", 150), ("pi2", 30), ("pi3", 80)):
        vals = asyncio.run(fetch_all(web, [(key, ms)]))
        print("item", key, vals[0])
        out.extend(vals)
    return out


# =========================================================================== task patterns


async def hx_create_task_early_await_late(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        slow = asyncio.create_task(aget(http, "bg", 250))
        await aput(http, "marker", "set")
        quick = await aget(http, "marker", 30)
        print("quick", quick)
        return [quick, await slow]


async def hx_as_completed_order(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        coros = [aget(http, k, ms) for k, ms in (("ac1", 330), ("ac2", 30), ("ac3", 180))]
        for fut in asyncio.as_completed(coros):
            v = await fut
            print("completed", v)
            out.append(v)
    return out


async def hx_wait_first_completed(web: str) -> str:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        tasks = {asyncio.create_task(aget(http, k, ms))
                 for k, ms in (("mirror-a", 400), ("mirror-b", 40))}
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for t in pending:
            t.cancel()
        winner = next(iter(done)).result()
        await aput(http, "winner", winner)
        return winner


async def hx_queue_producer_consumer(web: str) -> list[str]:
    q: asyncio.Queue[str | None] = asyncio.Queue()
    written = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def produce() -> None:
            for k, ms in (("qp1", 150), ("qp2", 40), ("qp3", 60)):
                await q.put(await aget(http, k, ms))
            await q.put(None)

        async def consume() -> None:
            while (v := await q.get()) is not None:
                await aput(http, f"qc-{len(written)}", v)
                written.append(v)

        await asyncio.gather(produce(), consume())
    return written


async def hx_event_gate(web: str) -> list[str]:
    ready = asyncio.Event()
    log: list[str] = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def waiter() -> None:
            await ready.wait()
            log.append(await aget(http, "gate", 30))

        w = asyncio.create_task(waiter())
        log.append(await aget(http, "pre-gate", 120))
        await aput(http, "gate", "open")
        ready.set()
        await w
    return log


COUNTS: dict[str, int] = {}


async def counted_get(http: httpx.AsyncClient, key: str, ms: int) -> str:
    COUNTS[key] = COUNTS.get(key, 0) + 1
    v = await aget(http, key, ms)
    COUNTS["total"] = COUNTS.get("total", 0) + 1
    return v


def _reset_counts(env: Env) -> None:
    COUNTS.clear()


async def hx_global_counter_helpers(web: str) -> tuple[list[str], dict[str, int]]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for k, ms in (("cg1", 150), ("cg2", 30)):
            out.append(await counted_get(http, k, ms))
            out.append(str(COUNTS["total"]))
    return out, dict(COUNTS)


async def hx_nonlocal_budget(web: str) -> list[str]:
    budget = 8
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async def spend(key: str, ms: int) -> str | None:
            nonlocal budget
            if budget <= 0:
                return None
            v = await aget(http, key, ms)
            budget -= len(v)
            return v
        for k, ms in (("bud1", 150), ("bud2", 30), ("bud3", 60)):
            v = await spend(k, ms)
            out.append(v or "skipped")
    return out


# =========================================================================== openai async


async def oa_loop_answers_to_file(client: Any, tmp: str) -> str:
    path = Path(tmp) / "answers.jsonl"
    for q, lat in (("What is rain", 0.15), ("What is snow", 0.03), ("What is hail", 0.08)):
        a = await achat(client, q, lat)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": a[:20]}) + "\n")
        print("answered", q)
    return path.read_text()


async def oa_comprehension_then_merge(client: Any) -> str:
    parts = [await achat(client, f"Summarise chapter {i}", lat)
             for i, lat in enumerate((0.15, 0.03, 0.08))]
    return await achat(client, "Merge: " + " / ".join(p[:10] for p in parts), 0.04)


async def oa_gather_return_exceptions(client: Any) -> list[str]:
    async def ask(q: str, lat: float) -> str:
        if "bad" in q:
            raise ValueError(q)
        return await achat(client, q, lat)
    res = await asyncio.gather(ask("first", 0.15), ask("bad one", 0.01), ask("third", 0.05),
                               return_exceptions=True)
    return [type(r).__name__ if isinstance(r, Exception) else r[:15] for r in res]


async def oa_taskgroup_translations(client: Any) -> dict[str, str]:
    langs = {"fr": 0.15, "de": 0.03, "es": 0.08}
    async with asyncio.TaskGroup() as tg:
        tasks = {lang: tg.create_task(achat(client, f"Translate hello to {lang}", lat))
                 for lang, lat in langs.items()}
    LOG.info("translated %d", len(tasks))
    return {lang: t.result()[:15] for lang, t in tasks.items()}


async def oa_semaphore_and_sleep(client: Any) -> list[str]:
    sem = asyncio.Semaphore(1)

    async def paced(q: str, lat: float) -> str:
        async with sem:
            a = await achat(client, q, lat)
            await asyncio.sleep(0.1)
            return a
    return list(await asyncio.gather(*(paced(q, lat) for q, lat in
                                       (("one", 0.06), ("two", 0.03), ("three", 0.05)))))


async def oa_wait_for_each(client: Any) -> list[str]:
    out = []
    for q, lat in (("slow question", 0.15), ("fast question", 0.03)):
        a = await asyncio.wait_for(achat(client, q, lat), timeout=3)
        print(q, "->", len(a))
        out.append(a[:12])
    return out


async def oa_chain_dependent(client: Any) -> list[str]:
    topic = await achat(client, "Pick a topic", 0.12)
    outline = await achat(client, f"Outline {topic[:20]}", 0.03)
    draft = await achat(client, f"Draft from {outline[:20]}", 0.06)
    return [topic[:10], outline[:10], draft[:10]]


async def oa_async_stream(client: Any) -> list[str]:
    out = []
    for q, lat in (("stream a poem", 0.12), ("stream a joke", 0.03)):
        stream = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                      stream=True, extra_body={"latency": lat})
        text = ""
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                text += chunk.choices[0].delta.content
        print("streamed", len(text))
        out.append(text[:15])
    return out


async def oa_web_context_then_put(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("ctx1", 150), ("ctx2", 30)):
            ctx = await aget(http, key, ms)
            a = await achat(client, f"Explain {ctx}", 0.05)
            await aput(http, f"explained-{key}", a[:20])
            out.append(a[:15])
        out.append(await aget(http, "explained-ctx1", 30))
    return out


async def oa_gather_web_and_model(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        doc, answer = await asyncio.gather(aget(http, "doc", 160), achat(client, "Hi", 0.03))
        print("both in")
        await aput(http, "pair", doc + answer[:10])
    return [doc, answer[:10]]


async def oa_retry_on_short_answer(client: Any) -> list[str]:
    attempts = []
    for i, lat in enumerate((0.12, 0.03, 0.05)):
        a = await achat(client, f"Attempt {i}: say something long", lat)
        attempts.append(a[:10])
        if len(a) > 1000:
            break
        LOG.info("retry %d", i)
        await asyncio.sleep(0.05)
    return attempts


async def oa_models_list_then_chat(client: Any) -> list[str]:
    ids = [m.id async for m in client.models.list()]
    a = await achat(client, f"Use {ids[0] if ids else 'none'}", 0.05)
    return [*ids[:2], a[:10]]


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


async def an_gather_then_count_tokens(client: Any) -> list[Any]:
    texts = await asyncio.gather(amsg(client, "Cats", 0.15), amsg(client, "Dogs", 0.03))
    n = await client.messages.count_tokens(model="claude",
                                           messages=[user(" ".join(texts))])
    return [t[:10] for t in texts] + [n.input_tokens > 0]


async def an_async_text_stream(client: Any) -> list[str]:
    out = []
    for q, lat in (("Stream rivers", 0.12), ("Stream lakes", 0.03)):
        async with client.messages.stream(model="claude", max_tokens=32, messages=[user(q)],
                                          extra_body={"latency": lat}) as s:
            text = "".join([t async for t in s.text_stream])
        print("stream done", q)
        out.append(text[:15])
    return out


async def an_taskgroup_then_put(client: Any, web: str) -> list[str]:
    async with asyncio.TaskGroup() as tg:
        ta = tg.create_task(amsg(client, "Summarise A", 0.15))
        tb = tg.create_task(amsg(client, "Summarise B", 0.03))
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        await aput(http, "sum-a", ta.result()[:10])
        await aput(http, "sum-b", tb.result()[:10])
        return [await aget(http, "sum-a", 30), await aget(http, "sum-b", 30)]


async def an_tool_result_write_then_next(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for step, ms in enumerate((150, 30)):
            t = await amsg(client, f"Step {step}", 0.04)
            fact = await aget(http, f"fact-{step}", ms)
            await aput(http, f"note-{step}", t[:10] + fact)
            out.append(await aget(http, f"note-{step}", 30))
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


async def hx_wait_for_after_slow_read(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        a = await aget(http, "w-first", 150)
        try:
            b = await asyncio.wait_for(aget(http, "w-second", 280), timeout=0.2)
        except TimeoutError:
            b = "timed-out"
        print("second:", b)
    return [a, b]


async def hx_httpx_timeout_per_request(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        out.append(await aget(http, "h-first", 160))
        try:
            r = await http.get("/items/h-second", params={"ms": 300}, timeout=0.2)
            out.append(r.json()["value"])
        except httpx.ReadTimeout:
            out.append("read-timeout")
    return out


async def hx_elapsed_labels(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("e1", 200), ("e2", 30), ("e3", 180)):
            t0 = loop.time()
            await aget(http, key, ms)
            out.append("slow" if loop.time() - t0 > 0.1 else "fast")
    print(out)
    return out


async def hx_deadline_loop(web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 0.3
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("dl1", 200), ("dl2", 30), ("dl3", 200), ("dl4", 40)):
            if loop.time() > deadline:
                out.append("skipped")
                continue
            out.append(await aget(http, key, ms))
    return out


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


async def hx_blocking_requests_in_async(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key, ms in (("bl1", 150), ("bl2", 30)):
            v = await aget(http, key, ms)
            requests.put(f"{web}/items/bl-last", data=v, timeout=5)
            out.append(requests.get(f"{web}/items/bl-last?ms=30", timeout=5).json()["value"])
    return out


async def hx_exit_stack_leases(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        async with contextlib.AsyncExitStack() as stack:
            for name in ("x", "y"):
                await stack.enter_async_context(Lease(http, name))
            out.append(await aget(http, "lease-x", 120))
        out.append(await aget(http, "lease-y", 30))
    return out


async def hx_stream_lines_then_put(web: str) -> list[str]:
    lines = []
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        for key in ("sdoc1", "sdoc2"):
            async with http.stream("GET", f"/text/{key}") as r:
                async for line in r.aiter_lines():
                    if line:
                        lines.append(line)
            await aput(http, f"streamed-{key}", str(len(lines)))
    return lines


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


async def oa_deadline_skips(client: Any) -> list[str]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 0.22
    out = []
    for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.15), ("d", 0.03)):
        if loop.time() > deadline:
            out.append("skip")
            continue
        out.append((await achat(client, q, lat))[:8])
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


async def an_loop_elapsed_budget(client: Any) -> list[str]:
    loop = asyncio.get_running_loop()
    spent = 0.0
    out = []
    for q, lat in (("A", 0.15), ("B", 0.03), ("C", 0.15), ("D", 0.03)):
        if spent > 0.2:
            out.append("over budget")
            continue
        t0 = loop.time()
        out.append((await amsg(client, q, lat))[:8])
        spent += loop.time() - t0
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


async def oa_background_print_vs_loop(client: Any) -> list[str]:
    async def ticker() -> None:
        await asyncio.sleep(0.1)
        print("tick at 0.1")

    t = asyncio.create_task(ticker())
    out = []
    for q, lat in (("p1", 0.2), ("p2", 0.2)):
        out.append((await achat(client, q, lat))[:6])
        print("answered", q)
    await t
    return out


async def oa_loop_time_gate(client: Any) -> list[str]:
    start = time.monotonic()
    out = []
    for q, lat in (("g1", 0.15), ("g2", 0.03), ("g3", 0.15)):
        a = await achat(client, q, lat)
        late = time.monotonic() - start > 0.25
        out.append("late" if late else a[:6])
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


async def hx_while_retry_with_backoff(web: str) -> list[Any]:
    codes = []
    delay = 0.05
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        attempt = 0
        while attempt < 4:
            r = await http.get("/items/missing-backoff", params={"ms": 30})
            codes.append(r.status_code)
            if r.status_code == 200:
                break
            if attempt == 1:
                await http.put("/items/missing-backoff", content="now")
            await asyncio.sleep(delay)
            delay *= 2
            attempt += 1
    return codes


async def hx_shielded_write(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as http:
        a = await aget(http, "sh-a", 150)
        await asyncio.shield(aput(http, "sh-store", a))
        return [a, await aget(http, "sh-store", 30)]


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


async def aio_trace_config_prints(web: str) -> list[str]:
    async def on_end(session: Any, ctx: Any, params: Any) -> None:
        print("aiohttp done", params.url.path)

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_end)
    out = []
    async with aiohttp.ClientSession(base_url=web, trace_configs=[trace]) as session:
        for key, ms in (("tc1", 200), ("tc2", 30), ("tc3", 100)):
            async with session.get(f"/items/{key}", params={"ms": str(ms)}) as r:
                out.append((await r.json())["value"])
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
        await asyncio.sleep(0.2)
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
            for key, ms in (("cc1", 450), ("cc2", 30), ("cc3", 40)):
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
    _web(hx_gather_helpers_then_post, (0.30 + L) / (0.18 + L), overlap=3),
    _web(hx_taskgroup_fetch_then_put, (0.29 + L) / (0.17 + L), overlap=3),
    _web(hx_semaphore_gather),
    _web(hx_sleep_between_gets, cat="sleep", spacing=0.1),
    _web(hx_wait_for_fallback),
    _web(hx_timeout_block_then_write),
    _web(hx_retry_until_present),
    _web(hx_raise_for_status_in_loop, cat="validation"),
    _web(hx_uncaught_after_print, cat="validation"),
    # -- async generators
    _web(hx_agen_async_for_put),
    _web(hx_agen_break_early),
    _web(hx_agen_comprehension),
    _web(hx_agen_with_writes_and_finally),
    # -- async context managers
    _web(hx_user_async_cm_lease, cat="helpers"),
    _web(hx_asynccontextmanager_sections, cat="helpers"),
    # -- files and sqlite
    _webtmp(hx_file_append_between_awaits),
    _webtmp(hx_file_read_decides_fetch),
    _webtmp(hx_sqlite_insert_between_awaits, cat="db"),
    _webtmp(hx_sqlite_cache_skip, cat="db"),
    # -- aiohttp
    _web(aio_session_loop_put),
    _web(aio_gather_fetch, (0.27 + L) / (0.16 + L), overlap=3),
    _web(aio_text_lines),
    _web(aio_jobs_poll_with_sleep, cat="sleep"),
    # -- sync functions that run coroutines
    _sync(sync_runs_gather_then_put),
    _sync(sync_two_asyncio_runs_ordered),
    _sync(sync_asyncio_run_per_item),
    # -- task patterns
    _web(hx_create_task_early_await_late),
    _web(hx_as_completed_order),
    _web(hx_wait_first_completed),
    _web(hx_queue_producer_consumer),
    _web(hx_event_gate),
    _web(hx_global_counter_helpers, cat="state", setup=_reset_counts),
    _web(hx_nonlocal_budget, cat="state"),
    # -- openai async
    _oa(oa_loop_answers_to_file, _d_oa_tmp, cat="files"),
    _oa(oa_comprehension_then_merge),
    _oa(oa_gather_return_exceptions),
    _oa(oa_taskgroup_translations),
    _oa(oa_semaphore_and_sleep, cat="sleep"),
    _oa(oa_wait_for_each),
    _oa(oa_chain_dependent),
    _oa(oa_async_stream),
    _oa(oa_web_context_then_put, _d_oa_web, servers="web api"),
    _oa(oa_gather_web_and_model, _d_oa_web, servers="web api"),
    _oa(oa_retry_on_short_answer, cat="sleep"),
    _oa(oa_models_list_then_chat),
    _oa(oa_sqlite_log, _d_oa_tmp, cat="db"),
    # -- anthropic async
    _oa(an_loop_log_records, _d_an),
    _oa(an_gather_then_count_tokens, _d_an),
    _oa(an_async_text_stream, _d_an),
    _oa(an_taskgroup_then_put, _d_an_web, servers="web api"),
    _oa(an_tool_result_write_then_next, _d_an_web, servers="web api"),
]

PROBES: list[Case] = [
    _web(hx_timeout_after_slow_read),
    _web(hx_wait_for_after_slow_read),
    _web(hx_httpx_timeout_per_request),
    _web(hx_elapsed_labels),
    _web(hx_deadline_loop),
    _web(hx_coroutine_made_before_put),
    _web(hx_coroutines_listed_then_put_then_gather),
    _web(hx_agen_made_before_put),
    _web(hx_agen_asend),
    _web(hx_async_iterator_class),
    _web(hx_comprehension_with_await_condition),
    _web(hx_to_thread_requests),
    _web(hx_blocking_requests_in_async),
    _web(hx_exit_stack_leases, cat="helpers"),
    _web(hx_stream_lines_then_put),
    _web(hx_done_callback_prints),
    _oa(oa_client_timeout_after_slow),
    _oa(oa_loop_under_overall_timeout),
    _oa(oa_wait_for_each_short),
    _oa(oa_elapsed_per_call),
    _oa(oa_deadline_skips),
    _web(hx_dict_comprehension_under_timeout),
    _oa(oa_validator_raises_midloop, _d_oa_tmp, cat="files"),
    _oa(oa_helper_prints_before_and_after),
    _oa(oa_history_file_feeds_prompt, _d_oa_tmp, cat="files"),
    _oa(oa_loop_sleep_rate_limit, cat="sleep", spacing=0.1),
    _oa(oa_global_cache_loop, cat="state", setup=_reset_answers),
    _oa(an_loop_with_put_per_answer, _d_an_web, servers="web api"),
    _oa(an_loop_elapsed_budget, _d_an),
    _oa(oa_perf_counter_labels),
    _oa(oa_background_put_then_loop_reads, _d_oa_web, servers="web api"),
    _oa(oa_background_print_vs_loop),
    _oa(oa_loop_time_gate),
    _web(hx_except_writes_what_next_item_reads, cat="validation"),
    _web(hx_loop_read_raises_midway, cat="validation", speculative_reads=True),
    _web(hx_taskgroup_one_fails, cat="validation"),
    _web(hx_crawl_growing_frontier),
    _web(hx_comprehension_of_puts),
    _web(hx_while_retry_with_backoff, cat="sleep"),
    _web(hx_shielded_write),
    _web(hx_event_hook_prints),
    _web(hx_event_hook_counts_in_comprehension),
    _oa(oa_event_hook_on_sdk_client, _d_api),
    _web(aio_trace_config_prints),
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

FAILING: list[Case] = [
    Case("http", hx_cancelled_by_caller, drive=_d_cancel_midway, servers="web"),
    _oa(oa_loop_caller_gives_up, _d_outer_wait_for),
]
FAILING_WHY: dict[str, str] = {}
