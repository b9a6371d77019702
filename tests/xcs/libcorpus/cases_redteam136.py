"""Red-team cases (stop 136): attacks on the stop's new rules.

(1) ``Frame.achain``: an ``async for``-style loop (a ``for`` in a coroutine) whose item's
second await needs the first's value starts it as a task when the first ends: statements
between that run code of the user's (a property, a str subclass, a global or local the loop
changes later, a context variable), awaits and prints between, a failing first or second
call, ``break``/``continue``, a third chained call, the first value mutated afterwards, a
model call as the second.
(2) ``_effects.gives``: a library call whose rule waits for its arguments (``params=`` of
a loop's item, a helper's parameters) typed as the library's response: adapters, hooks,
transports, event hooks that read the body, ``stream=True``, a params mapping of yours.
(3) Tasks of the coroutine's own: made by a helper, a method, ``asyncio.gather`` left
pending, ``shield``, ``asyncio.Task(...)``, anyio's task group, ``run_in_executor``,
``call_soon``, a task made before the jitted function runs.
(4) Builtins with no rule: ``os.write``/``os.read`` on descriptors, ``select``, ``socket``
functions, ``fcntl``, ``zlib``, a ``time.sleep`` alias.
(5) ``ContextVar.get`` pure: a mutable value in the variable, ``reset`` with a token,
``Context.run``, a helper's ``set``, a task copying the context.
(6) A method of yours on an instance the function makes: a session swapped between calls,
a method replaced on the instance, ``__getattr__``, a property, a subclass.
(7) Named tuples: ``__init__`` of a subclass, ``_make`` of a generator, ``_replace``, a
mutable default, a counting ``__new__``.

Sibling calls get unequal latencies, slow first, so a reordering shows. `FAILING` holds the
cases that differed or crashed under jit when written, with `FAILING_WHY` saying what
differed.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import os
import socket
import time
from pathlib import Path
from typing import Any, NamedTuple

import anyio
import httpx
import openai
import requests
from requests.adapters import HTTPAdapter

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam136")

KS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)
#: Each item's two chained reads of its own latency: (a, a), (b, b), (c, c).
CHAIN2 = (2 * (0.15 + 0.04 + 0.09)) / 0.30
CHAIN3 = (3 * (0.15 + 0.04 + 0.09)) / 0.45


# =========================================================================== (1) achain


async def r136_achain_two_reads(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
    return out


async def r136_achain_print_between(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        print("first", first)
        out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
        print("second", out[-1])
    return out


class Slug:
    """Made from a value; its property prints when read."""

    def __init__(self, value: str) -> None:
        self.value = value

    @property
    def slug(self) -> str:
        print("slug of", self.value)
        return self.value.replace("v-", "s-")


async def r136_achain_property_between(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        tag = Slug(first).slug
        out.append((await c.get(f"{web}/items/{tag}?ms={ms}")).json()["value"])
        print("done", k)
    return out


async def r136_achain_local_count_in_key(c: httpx.AsyncClient, web: str) -> list[str]:
    out: list[str] = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        tag = f"{first}-{len(out)}"
        out.append((await c.get(f"{web}/items/{tag}?ms={ms}")).json()["value"])
    return out


SEEN: list[str] = []


TIER: contextvars.ContextVar[str] = contextvars.ContextVar("r136_tier", default="free")


async def r136_achain_ctxvar_set_per_item(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        tag = f"{first}-{TIER.get()}"
        out.append((await c.get(f"{web}/items/{tag}?ms={ms}")).json()["value"])
        TIER.set(k)
    TIER.set("free")
    return out


async def r136_achain_first_fails_midway(c: httpx.AsyncClient, web: str) -> Any:
    out = []
    try:
        for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
            first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
            out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
    except KeyError as exc:
        return [*out, f"KeyError {exc}"]
    return out


async def r136_achain_second_fails_midway(c: httpx.AsyncClient, web: str) -> Any:
    out = []
    try:
        for k, ms in KS:
            first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
            url = f"{web}/items/{first}-x?ms={ms}" if k != "b" else "http://127.0.0.1:9/x"
            out.append((await c.get(url)).json()["value"])
    except httpx.ConnectError as exc:
        return [*out, type(exc).__name__]
    return out


async def r136_achain_break_on_value(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        if first == "v-b":
            break
        out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
    return out


async def r136_achain_three_reads(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        second = (await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"]
        out.append((await c.get(f"{web}/items/{second}-y?ms={ms}")).json()["value"])
    return out


async def r136_achain_first_mutated_after(c: httpx.AsyncClient, web: str) -> list[Any]:
    out = []
    for k, ms in KS:
        data = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()
        second = (await c.get(f"{web}/items/{data['value']}-x?ms={ms}")).json()["value"]
        data["value"] = second.upper()
        out.append(data)
    return out


async def r136_achain_sleep_between(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        await asyncio.sleep(0.01)
        out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
    return out


async def r136_achain_wait_for_second(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        r = await asyncio.wait_for(c.get(f"{web}/items/{first}-x?ms={ms}"), 2.0)
        out.append(r.json()["value"])
    return out


class Knobs:
    def __init__(self) -> None:
        self.n = 0


async def r136_achain_attr_of_local_obj(c: httpx.AsyncClient, web: str) -> list[str]:
    knobs = Knobs()
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        tag = f"{first}-{knobs.n}"
        out.append((await c.get(f"{web}/items/{tag}?ms={ms}")).json()["value"])
        knobs.n += 1
    return out


async def r136_achain_client_params_midloop(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
        c.params = c.params.set("seen", k)
    return out


async def r136_achain_iterated_list_grows(c: httpx.AsyncClient, web: str) -> list[str]:
    todo = [("a", 150), ("b", 40)]
    out = []
    for k, ms in todo:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        out.append((await c.get(f"{web}/items/{first}-x?ms={ms}")).json()["value"])
        if len(todo) < 3:
            todo.append((k + "2", 90))
    return out


async def r136_achain_model_second(oa: Any, c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        first = (await c.get(f"{web}/items/{k}", params={"ms": ms})).json()["value"]
        r = await oa.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Say {first}"}],
            extra_body={"latency": ms / 1000})
        out.append(r.choices[0].message.content)
    return out


# =========================================================================== (2) gives


def r136_gives_params_loop_json(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for k, ms in KS:
        out.append(s.get(f"{web}/items/{k}", params={"ms": ms}, timeout=5).json()["value"])
    return out


class LoudAdapter(HTTPAdapter):
    def build_response(self, req: Any, resp: Any) -> Any:
        r = super().build_response(req, resp)
        print("built", r.url.split("/items/")[1])
        return r


def r136_gives_mounted_adapter(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", LoudAdapter())
    out = []
    for k, ms in KS:
        r = s.get(f"{web}/items/{k}", params={"ms": ms}, timeout=5)
        out.append(r.json()["value"])
        print("json of", k)
    return out


def _mark(r: requests.Response, *a: Any, **kw: Any) -> None:
    print("hooked", r.json()["value"])


def r136_gives_hooks_kwarg_per_item(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for k, ms, hooks in (("a", 150, {}), ("b", 40, {"response": [_mark]}), ("c", 90, {})):
        r = s.get(f"{web}/items/{k}", params={"ms": ms}, hooks=hooks, timeout=5)
        out.append(r.json()["value"])
        print("got", k)
    return out


def r136_gives_session_params_midloop(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for k, ms in KS:
        out.append(s.get(f"{web}/items/{k}", params={"ms": ms}, timeout=5).json()["value"])
        s.params["seen"] = k
    return out


def r136_gives_session_hook_added_midloop(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for k, ms in KS:
        out.append(s.get(f"{web}/items/{k}", params={"ms": ms}, timeout=5).json()["value"])
        s.hooks["response"].append(_mark)
    return out


def r136_gives_httpx_params_midloop(web: str) -> list[str]:
    with httpx.Client() as c:
        out = []
        for k, ms in KS:
            out.append(c.get(f"{web}/items/{k}", params={"ms": ms}).json()["value"])
            c.params = c.params.set("seen", k)
        return out


def r136_gives_stream_true_content(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for k, ms in KS:
        r = s.get(f"{web}/items/{k}", params={"ms": ms}, stream=True, timeout=5)
        out.append(r.content.decode())
    return out


def r136_gives_stream_iter_lines(web: str) -> list[list[str]]:
    s = requests.Session()
    out = []
    for k, ms in KS:
        r = s.get(f"{web}/text/{k}", params={"ms": ms}, stream=True, timeout=5)
        out.append([ln.decode() for ln in r.iter_lines()])
        print("lines of", k)
    return out


def r136_gives_httpx_event_hook_reads(web: str) -> list[str]:
    def hook(r: httpx.Response) -> None:
        r.read()
        print("event", r.json()["value"])

    with httpx.Client(event_hooks={"response": [hook]}) as c:
        out = []
        for k, ms in KS:
            out.append(c.get(f"{web}/items/{k}", params={"ms": ms}).json()["value"])
            print("json", k)
        return out


class LoudTransport(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        print("send", request.url.path)
        return super().handle_request(request)


def r136_gives_httpx_custom_transport(web: str) -> list[str]:
    with httpx.Client(transport=LoudTransport()) as c:
        out = []
        for k, ms in KS:
            out.append(c.get(f"{web}/items/{k}", params={"ms": ms}).json()["value"])
        return out


def _fetch(s: requests.Session, web: str, k: str, ms: int) -> requests.Response:
    return s.get(f"{web}/items/{k}", params={"ms": ms}, timeout=5)


def r136_gives_helper_params(web: str) -> list[str]:
    s = requests.Session()
    rs = [_fetch(s, web, k, ms) for k, ms in KS]
    return [r.json()["value"] for r in rs]


def r136_gives_encoding_store_then_text(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for k, ms in KS:
        r = s.get(f"{web}/items/{k}", params={"ms": ms}, timeout=5)
        r.encoding = "latin-1"
        out.append(r.text)
    return out


# =========================================================================== (3) tasks


async def _put_later(c: httpx.AsyncClient, web: str, key: str, delay: float) -> None:
    await asyncio.sleep(delay)
    await c.put(f"{web}/items/{key}?ms=0", content=b"new")


def _spawn(coro: Any) -> asyncio.Task:
    return asyncio.create_task(coro)


async def _reads_after(c: httpx.AsyncClient, web: str) -> list[str]:
    return [(await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"] for k, ms in KS]


async def r136_task_made_by_helper(c: httpx.AsyncClient, web: str) -> list[str]:
    t = _spawn(_put_later(c, web, "b", 0.03))
    await asyncio.sleep(0)
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    await t
    return out


async def r136_task_gather_left_pending(c: httpx.AsyncClient, web: str) -> list[str]:
    pending = asyncio.gather(_put_later(c, web, "b", 0.03))
    await asyncio.sleep(0)
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    await pending
    return out


async def r136_task_shield(c: httpx.AsyncClient, web: str) -> list[str]:
    shielded = asyncio.shield(_put_later(c, web, "b", 0.03))
    await asyncio.sleep(0)
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    await shielded
    return out


async def r136_task_constructed(c: httpx.AsyncClient, web: str) -> list[str]:
    t = asyncio.Task(_put_later(c, web, "b", 0.03))
    await asyncio.sleep(0)
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    await t
    return out


async def r136_task_anyio_group(c: httpx.AsyncClient, web: str) -> list[str]:
    async with anyio.create_task_group() as tg:
        tg.start_soon(_put_later, c, web, "b", 0.03)
        await anyio.sleep(0)
        out = []
        for k, ms in KS:
            out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    return out


def _sync_put_later(web: str, key: str, delay: float) -> None:
    time.sleep(delay)
    requests.put(f"{web}/items/{key}?ms=0", data=b"new", timeout=5)


async def r136_task_run_in_executor(c: httpx.AsyncClient, web: str) -> list[str]:
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, _sync_put_later, web, "b", 0.03)
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    await fut
    return out


PICKS: list[str] = []


async def r136_task_call_soon_changes_key(c: httpx.AsyncClient, web: str) -> list[str]:
    PICKS[:] = ["b"]
    asyncio.get_running_loop().call_soon(PICKS.__setitem__, 0, "z")
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}-{PICKS[0]}?ms={ms}")).json()["value"])
    return out


async def r136_task_as_completed_pending(c: httpx.AsyncClient, web: str) -> list[str]:
    it = asyncio.as_completed([_put_later(c, web, "b", 0.03)])
    await asyncio.sleep(0)
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    for f in it:
        await f
    return out


async def r136_task_made_before_call(c: httpx.AsyncClient, web: str) -> list[str]:
    out = []
    for k, ms in KS:
        out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
    return out


# =========================================================================== (4) builtins


def r136_builtin_os_write_fd_then_read(web: str, tmp: str) -> list[str]:
    p = Path(tmp) / "fd.txt"
    a = requests.get(f"{web}/items/a?ms=150", timeout=5).json()["value"]
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, a.encode())
    os.close(fd)
    b = requests.get(f"{web}/items/b?ms=40", timeout=5).json()["value"]
    return [a, b, p.read_text()]


def r136_builtin_os_read_fd_after_put(web: str, tmp: str) -> list[str]:
    p = Path(tmp) / "r.txt"
    p.write_text("start")
    fd = os.open(p, os.O_RDONLY)
    head = os.read(fd, 3).decode()
    vals = [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"] for k, ms in KS]
    rest = os.read(fd, 10).decode()
    os.close(fd)
    return [head, *vals, rest]


def r136_builtin_getaddrinfo_in_loop(web: str) -> list[Any]:
    port = int(web.rsplit(":", 1)[1])
    out = []
    for k, ms in KS:
        fam = socket.getaddrinfo("127.0.0.1", port, type=socket.SOCK_STREAM)[0][0]
        out.append((fam.name, requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).text))
    return out


def r136_builtin_inet_aton_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in KS:
        packed = socket.inet_aton("127.0.0.1").hex()
        out.append((packed, requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).text))
    return out


pause = time.sleep


# =========================================================================== (5) context vars


TRAIL: contextvars.ContextVar[list[str]] = contextvars.ContextVar("r136_trail")
REGION: contextvars.ContextVar[str] = contextvars.ContextVar("r136_region", default="eu")


def _trail_get(web: str, k: str, ms: int) -> str:
    path = "-".join([*TRAIL.get(), k])
    return requests.get(f"{web}/items/{path}?ms={ms}", timeout=5).json()["value"]


def r136_ctx_mutable_list_appended(web: str) -> list[str]:
    TRAIL.set([])
    out = []
    for k, ms in KS:
        out.append(_trail_get(web, k, ms))
        TRAIL.get().append(k)
    return out


def _region_get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{REGION.get()}-{k}?ms={ms}", timeout=5).json()["value"]


def r136_ctx_reset_with_token(web: str) -> list[str]:
    token = REGION.set("us")
    a = _region_get(web, "a", 150)
    REGION.reset(token)
    b = _region_get(web, "b", 40)
    return [a, b]


def r136_ctx_context_run(web: str) -> list[str]:
    ctx = contextvars.copy_context()
    ctx.run(REGION.set, "ap")
    a = ctx.run(_region_get, web, "a", 150)
    b = _region_get(web, "b", 40)
    d = ctx.run(_region_get, web, "c", 90)
    return [a, b, d]


def _use_region(r: str) -> None:
    REGION.set(r)


def r136_ctx_fanout_reads_var(web: str) -> list[str]:
    token = REGION.set("sa")
    try:
        return [_region_get(web, k, ms) for k, ms in KS]
    finally:
        REGION.reset(token)


async def _aregion(c: httpx.AsyncClient, web: str, k: str, ms: int) -> str:
    return (await c.get(f"{web}/items/{REGION.get()}-{k}?ms={ms}")).json()["value"]


async def r136_ctx_task_copies_context(c: httpx.AsyncClient, web: str) -> list[str]:
    token = REGION.set("us")
    t = asyncio.ensure_future(_aregion(c, web, "a", 150))
    REGION.set("ap")
    b = await _aregion(c, web, "b", 40)
    a = await t
    REGION.reset(token)
    return [a, b]


async def r136_ctx_async_set_between(c: httpx.AsyncClient, web: str) -> list[str]:
    REGION.set("us")
    a = await _aregion(c, web, "a", 150)
    REGION.set("ap")
    b = await _aregion(c, web, "b", 40)
    d = await _aregion(c, web, "c", 90)
    REGION.set("eu")
    return [a, b, d]


# =========================================================================== (6) instances


class LoudSession(requests.Session):
    def get(self, url: Any, **kw: Any) -> Any:  # type: ignore[override]
        print("loud get", url.rsplit("/", 1)[1])
        return super().get(url, **kw)


class Client:
    def __init__(self, web: str) -> None:
        self.base = web
        self.session = requests.Session()
        self.ns = "items"

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.base}/{self.ns}/{key}?ms={ms}", timeout=5).text

    def loud(self, key: str, ms: int) -> str:
        print("loud", key)
        return self.session.get(f"{self.base}/{self.ns}/{key}?ms={ms}", timeout=5).text


def r136_inst_session_swapped(web: str) -> list[str]:
    c = Client(web)
    a = c.fetch("a", 150)
    c.session = LoudSession()
    b = c.fetch("b", 40)
    d = c.fetch("c", 90)
    return [a, b, d]


def r136_inst_method_replaced(web: str) -> list[str]:
    c = Client(web)
    a = c.fetch("a", 150)
    c.fetch = c.loud  # type: ignore[method-assign]
    b = c.fetch("b", 40)
    return [a, b]


def r136_inst_session_params_between(web: str) -> list[str]:
    c = Client(web)
    a = c.fetch("a", 150)
    c.session.params["v"] = "2"
    b = c.fetch("b", 40)
    return [a, b]


def r136_inst_alias_store_between(web: str) -> list[str]:
    c = Client(web)
    alias = c
    a = c.fetch("a", 150)
    alias.ns = "text"
    b = c.fetch("b", 40)
    return [a, b]


def _retarget(client: Client, ns: str) -> None:
    client.ns = ns


def r136_inst_helper_retargets(web: str) -> list[str]:
    c = Client(web)
    a = c.fetch("a", 150)
    _retarget(c, "text")
    b = c.fetch("b", 40)
    return [a, b]


def r136_inst_held_in_list_store(web: str) -> list[str]:
    c = Client(web)
    held = [c]
    a = c.fetch("a", 150)
    held[0].ns = "text"
    b = c.fetch("b", 40)
    return [a, b]


class Delegating:
    def __init__(self, web: str) -> None:
        self.base = web
        self._s = requests.Session()

    def __getattr__(self, name: str) -> Any:
        print("delegate", name)
        return getattr(self._s, name)

    def fetch(self, key: str, ms: int) -> str:
        return self.get(f"{self.base}/items/{key}?ms={ms}", timeout=5).text


class PropClient:
    def __init__(self, web: str) -> None:
        self.base = web
        self._s = requests.Session()
        self.used = 0

    @property
    def session(self) -> requests.Session:
        self.used += 1
        return self._s

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.base}/items/{key}?ms={ms}", timeout=5).text


class LoudClient(Client):
    def fetch(self, key: str, ms: int) -> str:
        print("sub fetch", key)
        return super().fetch(key, ms)


def r136_inst_subclass_overrides(web: str) -> list[str]:
    c = LoudClient(web)
    a = c.fetch("a", 150)
    b = c.fetch("b", 40)
    d = c.fetch("c", 90)
    return [a, b, d]


def r136_inst_plain_fanout(web: str) -> list[str]:
    c = Client(web)
    a = c.fetch("a", 150)
    b = c.fetch("b", 40)
    d = c.fetch("c", 90)
    return [a, b, d]


class Writer(Client):
    def save(self, key: str, value: str) -> str:
        return self.session.put(f"{self.base}/items/{key}?ms=0", data=value, timeout=5).text


class Tiered(Client):
    tier = "free"

    @classmethod
    def upgrade(cls) -> None:
        cls.tier = "pro"

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.base}/items/{self.tier}-{key}?ms={ms}", timeout=5).text


def r136_inst_class_attr_via_classmethod(web: str) -> list[str]:
    c = Tiered(web)
    try:
        a = c.fetch("a", 150)
        Tiered.upgrade()
        b = c.fetch("b", 40)
        return [a, b]
    finally:
        Tiered.tier = "free"


# =========================================================================== (7) named tuples


class Item(NamedTuple):
    key: str
    ms: int

    def load(self, web: str) -> str:
        return requests.get(f"{web}/items/{self.key}?ms={self.ms}", timeout=5).text


class InitItem(collections.namedtuple("InitItem", "key ms")):
    def __init__(self, key: str, ms: int) -> None:
        print("init", key)

    def load(self, web: str) -> str:
        return requests.get(f"{web}/items/{self.key}?ms={self.ms}", timeout=5).text


def r136_nt_subclass_init_prints(web: str) -> list[str]:
    return [InitItem(k, ms).load(web) for k, ms in KS]


def r136_nt_replace_in_comprehension(web: str) -> list[str]:
    base = Item("a", 150)
    return [base._replace(key=k, ms=ms).load(web) for k, ms in KS]


Req = collections.namedtuple("Req", "key ms tags", defaults=[[]])


def _load_req(web: str, r: Any) -> str:
    return requests.get(f"{web}/items/{'-'.join([*r.tags, r.key])}?ms={r.ms}", timeout=5).text


def r136_nt_mutable_default_shared(web: str) -> list[str]:
    Req._field_defaults["tags"].clear()
    out = []
    for k, ms in KS:
        r = Req(k, ms)
        out.append(_load_req(web, r))
        r.tags.append(k)
    Req._field_defaults["tags"].clear()
    return out




def r136_nt_plain_comprehension(web: str) -> list[str]:
    return [Item(k, ms).load(web) for k, ms in KS]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def _ahx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient() as c:
            return await f(c, env.web)
    return asyncio.run(main())


def _ahx_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient() as c, openai.AsyncOpenAI(
                api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0) as oa:
            return await f(oa, c, env.web)
    return asyncio.run(main())


def _ahx_task_before(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient() as c:
            t = asyncio.create_task(_put_later(c, env.web, "b", 0.03))
            await asyncio.sleep(0)
            out = await f(c, env.web)
            await t
            return out
    return asyncio.run(main())


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, cat: str = "http", drive: Any = _ahx, **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=kw.pop("servers", "web"), ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) achain
    _a(r136_achain_two_reads, CHAIN2, overlap=3),
    _a(r136_achain_print_between, CHAIN2),
    _a(r136_achain_property_between, CHAIN2),
    _a(r136_achain_local_count_in_key, CHAIN2),
    _a(r136_achain_ctxvar_set_per_item),
    _a(r136_achain_first_fails_midway, cat="validation", speculative_reads=True),
    _a(r136_achain_second_fails_midway, cat="validation", speculative_reads=True),
    _a(r136_achain_break_on_value, cat="validation"),
    _a(r136_achain_three_reads, CHAIN3, overlap=3),
    _a(r136_achain_first_mutated_after, CHAIN2),
    _a(r136_achain_sleep_between, CHAIN2),
    _a(r136_achain_wait_for_second, CHAIN2),
    _a(r136_achain_attr_of_local_obj, CHAIN2),
    _a(r136_achain_client_params_midloop, CHAIN2),
    _a(r136_achain_iterated_list_grows, (2 * 0.28) / 0.3),
    _a(r136_achain_model_second, CHAIN2, cat="sdk", drive=_ahx_oa, servers="web api"),
    # (2) gives
    _w(r136_gives_params_loop_json, O3, cat="http", overlap=3),
    _w(r136_gives_mounted_adapter, O3, cat="http"),
    _w(r136_gives_hooks_kwarg_per_item, O3, cat="http"),
    _w(r136_gives_session_params_midloop, O3, cat="http"),
    _w(r136_gives_session_hook_added_midloop, O3, cat="http"),
    _w(r136_gives_httpx_params_midloop, O3, cat="http"),
    _w(r136_gives_stream_true_content, O3, cat="http"),
    _w(r136_gives_stream_iter_lines, O3, cat="http"),
    _w(r136_gives_httpx_event_hook_reads, O3, cat="http"),
    _w(r136_gives_httpx_custom_transport, O3, cat="http"),
    _w(r136_gives_helper_params, O3, cat="helpers", overlap=3),
    _w(r136_gives_encoding_store_then_text, O3, cat="http"),
    # (3) tasks
    _a(r136_task_made_by_helper, cat="threads"),
    _a(r136_task_gather_left_pending, cat="threads"),
    _a(r136_task_shield, cat="threads"),
    _a(r136_task_constructed, cat="threads"),
    _a(r136_task_anyio_group, cat="threads"),
    _a(r136_task_run_in_executor, cat="threads"),
    _a(r136_task_call_soon_changes_key, cat="threads"),
    _a(r136_task_as_completed_pending, cat="threads"),
    _a(r136_task_made_before_call, cat="threads", drive=_ahx_task_before),
    # (4) builtins
    _wt(r136_builtin_os_write_fd_then_read),
    _wt(r136_builtin_os_read_fd_after_put, O3),
    _w(r136_builtin_getaddrinfo_in_loop, O3, cat="socket"),
    _w(r136_builtin_inet_aton_in_loop, O3, cat="socket"),
    # (5) context vars
    _w(r136_ctx_mutable_list_appended, O3),
    _w(r136_ctx_reset_with_token, over(0.15, 0.04)),
    _w(r136_ctx_context_run, O3),
    _w(r136_ctx_fanout_reads_var, O3, overlap=3),
    _a(r136_ctx_task_copies_context, over(0.15, 0.04), cat="state"),
    _a(r136_ctx_async_set_between, O3, cat="state"),
    # (6) instances
    _w(r136_inst_session_swapped, O3, cat="clients"),
    _w(r136_inst_method_replaced, over(0.15, 0.04), cat="clients"),
    _w(r136_inst_session_params_between, over(0.15, 0.04), cat="clients"),
    _w(r136_inst_alias_store_between, over(0.15, 0.04), cat="clients"),
    _w(r136_inst_helper_retargets, over(0.15, 0.04), cat="clients"),
    _w(r136_inst_held_in_list_store, over(0.15, 0.04), cat="clients"),
    _w(r136_inst_subclass_overrides, O3, cat="clients"),
    _w(r136_inst_plain_fanout, O3, cat="clients", overlap=3),
    _w(r136_inst_class_attr_via_classmethod, over(0.15, 0.04), cat="clients"),
    # (7) named tuples
    _w(r136_nt_subclass_init_prints, O3, cat="helpers"),
    _w(r136_nt_replace_in_comprehension, O3, cat="helpers", overlap=3),
    _w(r136_nt_mutable_default_shared, O3, cat="helpers"),
    _w(r136_nt_plain_comprehension, O3, cat="helpers", overlap=3),
]

# Cases that differed when written, fixed since (each failed on the code before its fix).
FIXED_WHY: dict[str, str] = {
    "r136_task_constructed":
        "`asyncio.Task(coro)` made directly (not through create_task/ensure_future) is not "
        "taken for a task of the coroutine's own: the loop's GETs all start at once, so the "
        "GET of b goes out before the task's PUT of b (at 30 ms) and returns 'v-b' where the "
        "plain run, reading b after a's 150 ms, gets 'new'. `asyncio.Task` is missing from "
        "`_effects._THREAD_STARTS`.",
}
# Not covered, as docs/jit.md says.
FAILING_WHY: dict[str, str] = {
    "r136_task_made_before_call":
        "A task the caller made before calling the jitted coroutine (a PUT of b after 30 ms) "
        "is not seen: the loop's GETs start at once and b reads 'v-b' before the PUT, where "
        "plain reads 'new' after a's 150 ms. Documented as not covered (a task started "
        "elsewhere acting while a slow call is in flight).",
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
