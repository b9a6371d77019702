"""Red-team cases (stop 165): awaits of reads let later reads of objects handed in start
before them, so other tasks the caller runs beside the jitted coroutine are the attack.

(1) The caller gathers the jitted coroutine with a task that changes the client it was
handed (``params``, ``headers``, ``base_url``, ``cookies``, ``auth``) or a shared dict: at its
first step, after ``asyncio.sleep(0)``, after an Event, a Queue item, a Lock or a
Condition notify the jitted function gives between its reads; a task made by the caller
before the call, a ``loop.call_soon`` callback, a ``TaskGroup`` around the call, the same
jitted coroutine gathered with itself, a contextvar set by the caller, an httpx event hook.
(2) Tasks made and dropped inside the function with names the analysis does not take for
task starts (``asyncio.shield``, ``asyncio.gather`` not awaited at once): what they do must
happen at the function's next await, before the reads after it.
(3) Streaming responses read with ``aiter_lines`` beside reads; ``AsyncOpenAI`` made in the
drive, with ``with_options``/``copy`` between calls.
(4) Ordinary async shapes (a client passed in, helpers that await reads on it, loops and
comprehensions of awaits) that should overlap.
Each result carries what the request sent (`r.request.url`'s path and query, a header):
the server log shows the query too. Sibling reads get unequal latencies, slow first.
`FAILING_WHY` says what differed for the cases that did when written.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
from typing import Any

import httpx

from tests.xcs.libcorpus._case import CLIENT_CPU, Case, Env, corpus_logger

LOG = corpus_logger("redteam165")
DUMMY = "sk-corpus-dummy"


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def sent(r: httpx.Response) -> str:
    """What the request asked for: its path and query (no host: the port differs per run)."""
    return r.request.url.raw_path.decode()


def tag_of(r: httpx.Response) -> str:
    return f"{sent(r)}|{r.request.headers.get('x-tag', '-')}|{r.json()['value']}"


# =========================================================================== drives


def _client(env: Env, **kw: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=env.web, timeout=5, **kw)


def _solo(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            return await f(c)
    return asyncio.run(main())


def _solo_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            return await f(c, env.web)
    return asyncio.run(main())


def _beside(side: Any) -> Any:
    """A drive gathering the jitted coroutine with `side(client)`."""
    def drive(f: Any, env: Env) -> Any:
        async def main() -> Any:
            async with _client(env) as c:
                return await asyncio.gather(f(c), side(c))
        return asyncio.run(main())
    drive.__name__ = f"beside_{side.__name__}"
    return drive


def _beside_sync(side: Any) -> Any:
    """A drive gathering the jitted coroutine with `side(client, sync)`: the two share an
    asyncio primitive the drive makes."""
    def drive(f: Any, env: Env) -> Any:
        async def main() -> Any:
            sync = side.make()
            async with _client(env) as c:
                return await asyncio.gather(f(c, sync), side(c, sync))
        return asyncio.run(main())
    drive.__name__ = f"beside_{side.__name__}"
    return drive


# --- side tasks: what they do to the client handed in


async def params_now(c: httpx.AsyncClient) -> str:
    c.params = {"v": "2"}
    return "params"


async def params_after_zero(c: httpx.AsyncClient) -> str:
    await asyncio.sleep(0)
    c.params = {"v": "3"}
    return "params0"


async def params_after_two_zeros(c: httpx.AsyncClient) -> str:
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    c.params = {"v": "4"}
    return "params00"


async def headers_after_zero(c: httpx.AsyncClient) -> str:
    await asyncio.sleep(0)
    c.headers["x-tag"] = "side"
    return "headers"


async def base_after_zero(c: httpx.AsyncClient) -> str:
    await asyncio.sleep(0)
    c.base_url = c.base_url.join("/items/moved/")
    return "base"


async def cookies_now(c: httpx.AsyncClient) -> str:
    c.cookies.set("sess", "s2")
    return "cookie"


async def put_after_zero(c: httpx.AsyncClient) -> str:
    await asyncio.sleep(0)
    r = await c.put("/items/pz?ms=20", content="side")
    return str(r.json()["version"])


async def after_event(c: httpx.AsyncClient, ev: asyncio.Event) -> str:
    await ev.wait()
    c.params = {"v": "ev"}
    return "event"
after_event.make = asyncio.Event  # type: ignore[attr-defined]


async def after_event_zero(c: httpx.AsyncClient, ev: asyncio.Event) -> str:
    await ev.wait()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    c.params = {"v": "ev0"}
    return "event0"
after_event_zero.make = asyncio.Event  # type: ignore[attr-defined]


async def after_queue(c: httpx.AsyncClient, q: asyncio.Queue) -> str:
    item = await q.get()
    c.params = {"v": item}
    return "queue"
after_queue.make = asyncio.Queue  # type: ignore[attr-defined]


async def after_lock(c: httpx.AsyncClient, lock: asyncio.Lock) -> str:
    await asyncio.sleep(0)  # the jitted function holds it by now
    async with lock:
        c.headers["x-tag"] = "locked"
    return "lock"
after_lock.make = asyncio.Lock  # type: ignore[attr-defined]


async def after_condition(c: httpx.AsyncClient, cond: asyncio.Condition) -> str:
    async with cond:
        await cond.wait()
        c.params = {"v": "cond"}
    return "cond"
after_condition.make = asyncio.Condition  # type: ignore[attr-defined]


async def after_future(c: httpx.AsyncClient, box: dict) -> str:
    while "fut" not in box:
        await asyncio.sleep(0)
    await box["fut"]
    c.params = {"v": "fut"}
    return "future"
after_future.make = dict  # type: ignore[attr-defined]


async def polls_dict(c: httpx.AsyncClient, box: dict) -> str:
    for _ in range(400):
        if box.get("go"):
            c.params = {"v": "poll"}
            return "polled"
        await asyncio.sleep(0.002)
    return "gave up"
polls_dict.make = dict  # type: ignore[attr-defined]


# =========================================================================== (1) other tasks


async def r165_three_reads(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_gather_params_first_step(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_gather_params_after_zero(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    return [tag_of(a), tag_of(b)]


async def r165_gather_params_after_two_zeros(c: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("d", 90)):
        r = await c.get(f"/items/{k}?ms={ms}")
        out.append(tag_of(r))
    return out


async def r165_gather_headers_after_zero(c: httpx.AsyncClient) -> list[str]:
    rs = [await c.get(f"/items/{k}?ms={ms}") for k, ms in (("a", 150), ("b", 40))]
    return [tag_of(r) for r in rs]


async def r165_gather_base_url_moved(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("x1?ms=150")
    b = await c.get("x2?ms=40")
    return [sent(a), sent(b), a.json()["value"], b.json()["value"]]


async def r165_gather_cookie_first_step(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    return [a.request.headers.get("cookie", "-"), b.request.headers.get("cookie", "-")]


async def r165_gather_put_after_zero(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/pz?ms=40")
    return [a.json()["value"], b.json()["value"]]


async def r165_event_set_between(c: httpx.AsyncClient, ev: asyncio.Event) -> list[str]:
    a = await c.get("/items/a?ms=150")
    ev.set()
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_event_set_then_zeros(c: httpx.AsyncClient, ev: asyncio.Event) -> list[str]:
    a = await c.get("/items/a?ms=150")
    ev.set()
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    e = await c.get("/items/e?ms=60")
    return [tag_of(a), tag_of(b), tag_of(d), tag_of(e)]


def _signal(ev: asyncio.Event) -> None:
    ev.set()


async def r165_event_set_in_helper(c: httpx.AsyncClient, ev: asyncio.Event) -> list[str]:
    a = await c.get("/items/a?ms=150")
    _signal(ev)
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_event_set_by_call_soon(c: httpx.AsyncClient, ev: asyncio.Event) -> list[str]:
    a = await c.get("/items/a?ms=150")
    asyncio.get_running_loop().call_soon(ev.set)
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_queue_put_between(c: httpx.AsyncClient, q: asyncio.Queue) -> list[str]:
    a = await c.get("/items/a?ms=150")
    q.put_nowait("q1")
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_queue_await_put_between(c: httpx.AsyncClient, q: asyncio.Queue) -> list[str]:
    a = await c.get("/items/a?ms=150")
    await q.put("q2")
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_lock_released_between(c: httpx.AsyncClient, lock: asyncio.Lock) -> list[str]:
    await lock.acquire()
    a = await c.get("/items/a?ms=150")
    lock.release()
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_condition_notify_between(c: httpx.AsyncClient,
                                        cond: asyncio.Condition) -> list[str]:
    a = await c.get("/items/a?ms=150")
    async with cond:
        cond.notify_all()
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_future_resolved_between(c: httpx.AsyncClient, box: dict) -> list[str]:
    fut = asyncio.get_running_loop().create_future()
    box["fut"] = fut
    a = await c.get("/items/a?ms=150")
    fut.set_result(None)
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_flag_in_dict_polled(c: httpx.AsyncClient, box: dict) -> list[str]:
    a = await c.get("/items/a?ms=150")
    box["go"] = True
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


def _task_before(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            t = asyncio.create_task(params_after_zero(c))
            out = await f(c)
            return [out, await t]
    return asyncio.run(main())


def _call_soon_before(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            def bump() -> None:
                c.params = {"v": "soon"}
            asyncio.get_running_loop().call_soon(bump)
            return await f(c)
    return asyncio.run(main())


def _call_soon_chain(f: Any, env: Env) -> Any:
    """A callback that schedules another callback that changes the client."""
    async def main() -> Any:
        async with _client(env) as c:
            loop = asyncio.get_running_loop()

            def second() -> None:
                c.params = {"v": "soon2"}

            loop.call_soon(loop.call_soon, second)
            return await f(c)
    return asyncio.run(main())


def _task_group(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            async with asyncio.TaskGroup() as tg:
                mine = tg.create_task(f(c))
                side = tg.create_task(headers_after_zero(c))
            return [mine.result(), side.result()]
    return asyncio.run(main())


def _task_group_side_first(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            async with asyncio.TaskGroup() as tg:
                side = tg.create_task(params_after_two_zeros(c))
                mine = tg.create_task(f(c))
            return [mine.result(), side.result()]
    return asyncio.run(main())


REQ_ID: contextvars.ContextVar[str] = contextvars.ContextVar("r165_req", default="none")


def _with_contextvar(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            REQ_ID.set("caller")
            return await asyncio.gather(f(c), _ctx_side(c))
    return asyncio.run(main())


async def _ctx_side(c: httpx.AsyncClient) -> str:
    await asyncio.sleep(0)
    REQ_ID.set("side")  # (its own copy of the context: the other task never sees it)
    c.headers["x-tag"] = REQ_ID.get()
    return "ctx"


async def r165_contextvar_in_keys(c: httpx.AsyncClient) -> list[str]:
    a = await c.get(f"/items/{REQ_ID.get()}-a?ms=150")
    b = await c.get(f"/items/{REQ_ID.get()}-b?ms=40")
    return [tag_of(a), tag_of(b)]


async def r165_gathered_with_itself(c: httpx.AsyncClient, who: str) -> list[str]:
    a = await c.get(f"/items/{who}a?ms=150")
    c.params = {"by": who}
    b = await c.get(f"/items/{who}b?ms=40")
    d = await c.get(f"/items/{who}d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


def _self_twice(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            return await asyncio.gather(f(c, "p"), f(c, "q"))
    return asyncio.run(main())


async def r165_gathered_self_shared_dict(c: httpx.AsyncClient, who: str,
                                         seen: dict) -> list[str]:
    a = await c.get(f"/items/{who}a?ms={150 if who == 'p' else 60}")
    seen[who] = a.json()["value"]
    b = await c.get(f"/items/{who}-{len(seen)}?ms=40")
    d = await c.get(f"/items/{who}-{'+'.join(sorted(seen))}?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


def _self_twice_dict(f: Any, env: Env) -> Any:
    async def main() -> Any:
        seen: dict = {}
        async with _client(env) as c:
            out = await asyncio.gather(f(c, "p", seen), f(c, "q", seen))
        return [out, sorted(seen.items())]
    return asyncio.run(main())


def _hooked(f: Any, env: Env) -> Any:
    async def main() -> Any:
        ev = asyncio.Event()

        async def on_response(r: httpx.Response) -> None:
            if r.request.url.path.endswith("/a"):
                ev.set()

        async with _client(env, event_hooks={"response": [on_response]}) as c:
            return await asyncio.gather(f(c, ev), after_event(c, ev))
    return asyncio.run(main())


async def r165_hook_sets_event(c: httpx.AsyncClient, ev: asyncio.Event) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    d = await c.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


def _side_waits_on_fast_read(f: Any, env: Env) -> Any:
    async def side(c: httpx.AsyncClient) -> str:
        await c.get("/items/warm?ms=10")
        c.params = {"v": "warm"}
        return "warm"

    async def main() -> Any:
        async with _client(env) as c:
            return await asyncio.gather(f(c), side(c))
    return asyncio.run(main())


async def r165_beside_fast_reader(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    return [tag_of(a), tag_of(b)]


# =========================================================================== (2) tasks made unseen


async def _put(c: httpx.AsyncClient, k: str, v: str) -> int:
    return (await c.put(f"/items/{k}?ms=20", content=v)).json()["version"]


async def r165_shield_put_then_reads(c: httpx.AsyncClient) -> list[Any]:
    a = (await c.get("/items/a?ms=150")).json()["value"]
    pending = asyncio.shield(_put(c, "sh", "on"))
    b = (await c.get("/items/b?ms=90")).json()["value"]
    d = (await c.get("/items/sh?ms=40")).json()["value"]
    return [a, b, d, await pending]


async def r165_gather_not_awaited_after_read(c: httpx.AsyncClient) -> list[Any]:
    a = (await c.get("/items/a?ms=150")).json()["value"]
    pending = asyncio.gather(_put(c, "ga", "on"))
    b = (await c.get("/items/b?ms=90")).json()["value"]
    d = (await c.get("/items/ga?ms=40")).json()["value"]
    return [a, b, d, await pending]


async def r165_shield_params_then_reads(c: httpx.AsyncClient) -> list[str]:
    a = await c.get("/items/a?ms=150")
    pending = asyncio.shield(params_now(c))
    b = await c.get("/items/b?ms=90")
    d = await c.get("/items/d?ms=40")
    await pending
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_wait_for_put_then_reads(c: httpx.AsyncClient) -> list[Any]:
    a = (await c.get("/items/a?ms=150")).json()["value"]
    v = await asyncio.wait_for(_put(c, "wf", "on"), 2)
    b = (await c.get("/items/b?ms=90")).json()["value"]
    d = (await c.get("/items/wf?ms=40")).json()["value"]
    return [a, v, b, d]


async def r165_two_reads_then_shield(c: httpx.AsyncClient) -> list[Any]:
    a = (await c.get("/items/a?ms=150")).json()["value"]
    b = (await c.get("/items/b?ms=40")).json()["value"]
    pending = asyncio.shield(_put(c, "s2", "on"))
    d = (await c.get("/items/d?ms=90")).json()["value"]
    e = (await c.get("/items/s2?ms=60")).json()["value"]
    return [a, b, d, e, await pending]


# =========================================================================== (3) streams, openai


async def r165_stream_lines_then_reads(c: httpx.AsyncClient) -> list[str]:
    lines = []
    async with c.stream("GET", "/text/st?ms=60") as r:
        async for line in r.aiter_lines():
            lines.append(line)
    a = (await c.get("/items/a?ms=150")).json()["value"]
    b = (await c.get("/items/b?ms=40")).json()["value"]
    return [*lines, a, b]


async def r165_reads_then_stream_lines(c: httpx.AsyncClient) -> list[str]:
    a = (await c.get("/items/a?ms=150")).json()["value"]
    b = (await c.get("/items/b?ms=40")).json()["value"]
    out = [a, b]
    async with c.stream("GET", "/text/sr?ms=60") as r:
        async for line in r.aiter_lines():
            out.append(line.upper())
    return out


async def r165_stream_beside_params_side(c: httpx.AsyncClient) -> list[str]:
    out = []
    async with c.stream("GET", "/text/ss?ms=60") as r:
        async for line in r.aiter_lines():
            out.append(line)
    a = await c.get("/items/a?ms=150")
    b = await c.get("/items/b?ms=40")
    return [*out, tag_of(a), tag_of(b)]


def _oa_drive(f: Any, env: Env) -> Any:
    import openai

    async def main() -> Any:
        client = openai.AsyncOpenAI(api_key=DUMMY, base_url=env.openai_url, max_retries=0)
        try:
            return await f(client)
        finally:
            await client.close()
    return asyncio.run(main())


def _oa_beside(side: Any) -> Any:
    def drive(f: Any, env: Env) -> Any:
        import openai

        async def main() -> Any:
            client = openai.AsyncOpenAI(api_key=DUMMY, base_url=env.openai_url, max_retries=0)
            try:
                return await asyncio.gather(f(client), side(client, env))
            finally:
                await client.close()
        return asyncio.run(main())
    drive.__name__ = f"oa_beside_{side.__name__}"
    return drive


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


async def r165_oa_three_asks(client: Any) -> list[str]:
    out = []
    for q in ("alpha", "beta", "gamma"):
        r = await client.chat.completions.create(model="gpt", messages=[user(q)])
        out.append(r.choices[0].message.content)
    return out


async def r165_oa_with_options_between(client: Any) -> list[str]:
    r1 = await client.chat.completions.create(model="gpt", messages=[user("one")])
    slow = client.with_options(timeout=30)
    r2 = await slow.chat.completions.create(model="gpt", messages=[user("two")])
    r3 = await client.chat.completions.create(model="gpt", messages=[user("three")])
    return [r.choices[0].message.content for r in (r1, r2, r3)]


async def r165_oa_copy_between(client: Any) -> list[str]:
    r1 = await client.chat.completions.create(model="gpt", messages=[user("one")])
    other = client.copy(max_retries=1)
    r2 = await other.chat.completions.create(model="gpt", messages=[user("two")])
    r3 = await client.models.list()
    return [r1.choices[0].message.content, r2.choices[0].message.content,
            ",".join(m.id for m in r3.data)]


async def _oa_moves_base(client: Any, env: Env) -> str:
    await asyncio.sleep(0)
    client.base_url = env.api + "/nowhere/"
    return "moved"


async def r165_oa_beside_base_move(client: Any) -> list[str]:
    out = []
    for q in ("one", "two"):
        try:
            r = await client.chat.completions.create(model="gpt", messages=[user(q)])
            out.append(r.choices[0].message.content)
        except Exception as e:  # noqa: BLE001
            out.append(type(e).__name__)
    return out


async def _oa_sets_header(client: Any, env: Env) -> str:
    await asyncio.sleep(0)
    client._custom_headers["x-tag"] = "side"
    return "hdr"


async def r165_oa_models_list_beside_header(client: Any) -> list[str]:
    a = await client.models.list()
    b = await client.embeddings.create(model="emb", input="x")
    return [",".join(m.id for m in a.data), str(b.data[0].embedding)]


# =========================================================================== (4) should overlap


async def _fetch(c: httpx.AsyncClient, k: str, ms: int) -> str:
    r = await c.get(f"/items/{k}", params={"ms": ms})
    return r.json()["value"]


async def _fetch_json(c: httpx.AsyncClient, k: str, ms: int) -> dict:
    r = await c.get(f"/items/{k}?ms={ms}")
    r.raise_for_status()
    return r.json()


async def r165_helpers_straight(c: httpx.AsyncClient) -> list[str]:
    a = await _fetch(c, "a", 150)
    b = await _fetch(c, "b", 40)
    d = await _fetch(c, "d", 90)
    return [a, b, d]


async def r165_helpers_loop_append(c: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("d", 90)):
        out.append(await _fetch(c, k, ms))
    return out


async def r165_list_comp_of_awaits(c: httpx.AsyncClient) -> list[str]:
    return [(await c.get(f"/items/{k}?ms={ms}")).json()["value"]
            for k, ms in (("a", 150), ("b", 40), ("d", 90))]


async def r165_dict_comp_of_helper(c: httpx.AsyncClient) -> dict[str, str]:
    return {k: await _fetch(c, k, ms) for k, ms in (("a", 150), ("b", 40), ("d", 90))}


async def r165_helper_json_then_print(c: httpx.AsyncClient) -> list[str]:
    a = await _fetch_json(c, "a", 150)
    print("a", a["value"])
    b = await _fetch_json(c, "b", 40)
    print("b", b["value"])
    return [a["value"], b["value"]]


async def r165_loop_print_each(c: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("d", 90)):
        r = await c.get(f"/items/{k}?ms={ms}")
        print("got", k, r.status_code)
        out.append(r.json()["value"])
    return out


async def r165_loop_log_each(c: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("d", 90)):
        v = await _fetch(c, k, ms)
        LOG.info("fetched %s=%s", k, v)
        out.append(v)
    return out


async def r165_cfg_dict_keys(c: httpx.AsyncClient, cfg: dict) -> list[str]:
    a = await c.get(f"/items/{cfg['k1']}?ms=150")
    b = await c.get(f"/items/{cfg['k2']}?ms=40")
    return [tag_of(a), tag_of(b)]


def _with_cfg(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with _client(env) as c:
            return await f(c, {"k1": "c1", "k2": "c2"})
    return asyncio.run(main())


def _with_cfg_side(f: Any, env: Env) -> Any:
    async def main() -> Any:
        cfg = {"k1": "c1", "k2": "c2"}

        async def side() -> str:
            await asyncio.sleep(0)
            cfg["k2"] = "c2-side"
            return "cfg"

        async with _client(env) as c:
            return await asyncio.gather(f(c, cfg), side())
    return asyncio.run(main())


async def r165_two_clients_handed(c: httpx.AsyncClient, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as mine:
        a = await mine.get("/items/a?ms=150")
        b = await c.get("/items/b?ms=40")
        d = await mine.get("/items/d?ms=90")
    return [tag_of(a), tag_of(b), tag_of(d)]


async def r165_sum_of_lengths(c: httpx.AsyncClient) -> int:
    total = 0
    for k, ms in (("aa", 150), ("bbb", 40), ("c", 90)):
        total += len(await _fetch(c, k, ms))
    return total


async def r165_nested_helper(c: httpx.AsyncClient) -> list[str]:
    async def both(k: str) -> str:
        x = await _fetch(c, k, 90)
        return x.upper()
    a = await both("a")
    b = await both("b")
    return [a, b]


async def r165_json_post_process(c: httpx.AsyncClient) -> str:
    parts = []
    for k, ms in (("a", 150), ("b", 40), ("d", 90)):
        data = await _fetch_json(c, k, ms)
        parts.append({"k": data["key"], "v": data["value"]})
    return json.dumps(parts, sort_keys=True)


async def r165_reads_then_put_then_read(c: httpx.AsyncClient) -> list[Any]:
    a = await _fetch(c, "a", 150)
    b = await _fetch(c, "b", 40)
    v = (await c.put("/items/rp?ms=20", content=a + b)).json()["version"]
    d = await _fetch(c, "rp", 90)
    return [a, b, v, d]


# =========================================================================== the list


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=kw.pop("servers", "web"), ideal=ideal, **kw)


OV3 = over(0.15, 0.04, 0.09)
OV2 = over(0.15, 0.04)

ALL: list[Case] = [
    # (1) other tasks beside the call
    _d(r165_three_reads, _solo, OV3, cat="http", overlap=3),
    _d(r165_gather_params_first_step, _beside(params_now)),
    _d(r165_gather_params_after_zero, _beside(params_after_zero)),
    _d(r165_gather_params_after_two_zeros, _beside(params_after_two_zeros)),
    _d(r165_gather_headers_after_zero, _beside(headers_after_zero)),
    _d(r165_gather_base_url_moved, _beside(base_after_zero)),
    _d(r165_gather_cookie_first_step, _beside(cookies_now)),
    _d(r165_gather_put_after_zero, _beside(put_after_zero)),
    _d(r165_event_set_between, _beside_sync(after_event), (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_event_set_then_zeros, _beside_sync(after_event_zero)),
    _d(r165_event_set_in_helper, _beside_sync(after_event),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_event_set_by_call_soon, _beside_sync(after_event),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_queue_put_between, _beside_sync(after_queue),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_queue_await_put_between, _beside_sync(after_queue),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_lock_released_between, _beside_sync(after_lock),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_condition_notify_between, _beside_sync(after_condition),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_future_resolved_between, _beside_sync(after_future),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_flag_in_dict_polled, _beside_sync(polls_dict),
       (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _d(r165_three_reads, _task_before, name="r165_task_made_before_call"),
    _d(r165_three_reads, _call_soon_before, name="r165_call_soon_before_call"),
    _d(r165_three_reads, _call_soon_chain, name="r165_call_soon_chain_before_call"),
    _d(r165_three_reads, _task_group, name="r165_task_group_side_second"),
    _d(r165_three_reads, _task_group_side_first, name="r165_task_group_side_first"),
    _d(r165_contextvar_in_keys, _with_contextvar),
    _d(r165_gathered_with_itself, _self_twice),
    _d(r165_gathered_self_shared_dict, _self_twice_dict),
    _d(r165_hook_sets_event, _hooked),
    _d(r165_beside_fast_reader, _side_waits_on_fast_read),
    # (2) tasks made unseen in the function
    _d(r165_shield_put_then_reads, _solo),
    _d(r165_gather_not_awaited_after_read, _solo),
    _d(r165_shield_params_then_reads, _solo),
    _d(r165_wait_for_put_then_reads, _solo),
    _d(r165_two_reads_then_shield, _solo, (0.15 + 0.04 + 0.09 + 0.06) / (0.15 + 0.09)),
    # (3) streams, openai
    _d(r165_stream_lines_then_reads, _solo, (0.06 + 0.15 + 0.04) / (0.06 + 0.15), cat="http"),
    _d(r165_reads_then_stream_lines, _solo, (0.06 + 0.15 + 0.04) / (0.06 + 0.15), cat="http"),
    _d(r165_stream_beside_params_side, _beside(params_after_two_zeros)),
    _d(r165_oa_three_asks, _oa_drive, 3.0, cat="sdk", servers="api", overlap=3),
    _d(r165_oa_with_options_between, _oa_drive, cat="sdk", servers="api"),
    _d(r165_oa_copy_between, _oa_drive, cat="sdk", servers="api"),
    _d(r165_oa_beside_base_move, _oa_beside(_oa_moves_base), cat="sdk", servers="api"),
    _d(r165_oa_models_list_beside_header, _oa_beside(_oa_sets_header), cat="sdk",
       servers="api"),
    # (4) ordinary shapes that should overlap
    _d(r165_helpers_straight, _solo, OV3, cat="helpers", overlap=3),
    _d(r165_helpers_loop_append, _solo, OV3, cat="helpers", overlap=3),
    _d(r165_list_comp_of_awaits, _solo, OV3, cat="fanout", overlap=3),
    _d(r165_dict_comp_of_helper, _solo, OV3, cat="fanout", overlap=3),
    _d(r165_helper_json_then_print, _solo, OV2, cat="helpers", overlap=2),
    _d(r165_loop_print_each, _solo, OV3, cat="fanout", overlap=3),
    _d(r165_loop_log_each, _solo, OV3, cat="fanout", overlap=3),
    _d(r165_cfg_dict_keys, _with_cfg, OV2, cat="http", overlap=2),
    _d(r165_cfg_dict_keys, _with_cfg_side, name="r165_cfg_dict_keys_beside_side"),
    _d(r165_two_clients_handed, _solo_web, (CLIENT_CPU + 0.15 + 0.04 + 0.09) / (CLIENT_CPU + 0.15),
       cat="clients"),
    _d(r165_sum_of_lengths, _solo, OV3, cat="fanout", overlap=3),
    _d(r165_nested_helper, _solo, 2.0, cat="helpers", overlap=2),
    _d(r165_json_post_process, _solo, OV3, cat="fanout", overlap=3),
    _d(r165_reads_then_put_then_read, _solo, (0.15 + 0.04 + 0.02 + 0.09) / (0.15 + 0.02 + 0.09),
       cat="http", overlap=2),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
