"""Red-team cases (stop 118): this stop's new rules, where they are wrong or too narrow.

(1) httpx clients whose pools time out (``httpx.Limits(max_connections=N)`` with a pool
timeout, or a float timeout): reads on them overlap N-1 at a time and helpers reading
through them keep their place. Here: per-request ``timeout=`` overrides that mix bounded
and unbounded waits on one pool, a stream holding a connection while reads are started,
two clients sharing one transport, clients handed to helpers or shared with one, an
``AsyncClient``, the openai and anthropic SDKs given a bounded ``httpx2`` client, a
client's timeout changed after it was made, several clients on one server.
(2) A chained assignment of a constant (``a = b = 0``) types each name: here one of them
is rebound, grown by ``+=`` with an object of the user's, or added to one.
(3) A ``with open(path, "a")`` block (or another library context manager) inside a loop
over a global's or a parameter's list: with-blocks whose object can reach the walked
list, library context managers that change it, files the loop reads back.
(4) A StringIO's ``getvalue`` is ordered with output: here the other ways to read what
``print`` or logging wrote (``tell``, ``read`` after ``seek``, ``getbuffer``, a handler's
stream, ``sys.stdout`` itself, a capture object of the user's, a handler subclass).
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import io
import json
import logging
import logging.handlers
import sqlite3
import sys
from pathlib import Path
from typing import Any

import anthropic
import httpx
import httpx2
import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam118")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _tight(n: int, pool: float | None = 0.05) -> httpx.Client:
    return httpx.Client(limits=httpx.Limits(max_connections=n),
                        timeout=httpx.Timeout(5.0, pool=pool))


NO_POOL_WAIT = httpx.Timeout(5.0, pool=None)
SHORT_POOL_WAIT = httpx.Timeout(5.0, pool=0.05)


# =========================================================================== (1) pools


def pool_unbounded_overrides_then_chained(web: str) -> list[str]:
    """Each item's read waits without a pool timeout (its own override); the read that
    follows it uses the client's 50 ms pool timeout at its own place."""
    out = []
    with _tight(2) as client:
        for k, ms in (("a", 150), ("b", 140), ("c", 130), ("d", 120), ("e", 110)):
            v = client.get(f"{web}/items/{k}?ms={ms}", timeout=None).json()["value"]
            out.append(client.get(f"{web}/items/{v}-x?ms=20").json()["value"])
    return out


def pool_default_client_short_override(web: str) -> list[str]:
    """A default-timeout client (no bound is met) except for one call given a short pool
    wait."""
    out = []
    with httpx.Client(limits=httpx.Limits(max_connections=2)) as client:
        for k, ms in (("a", 150), ("b", 140), ("c", 130)):
            r = client.get(f"{web}/items/{k}?ms={ms}", timeout=NO_POOL_WAIT)
            v = r.json()["value"]
            h = client.get(f"{web}/items/{v}-h?ms=10", timeout=SHORT_POOL_WAIT)
            out.append(h.json()["value"])
    return out


def pool_unbounded_comprehension_then_bounded(web: str) -> list[str]:
    with _tight(2) as client:
        rs = [client.get(f"{web}/items/{k}?ms={ms}", timeout=None).json()["value"]
              for k, ms in (("a", 150), ("b", 140), ("c", 130))]
        last = client.get(f"{web}/items/z?ms=20").json()["value"]
    return [*rs, last]


def pool_stream_held_while_reads(web: str) -> list[str]:
    """A stream holds a connection for its block; reads inside start early."""
    with _tight(3) as client:  # noqa: SIM117 - as users write it
        with client.stream("GET", f"{web}/text/s?ms=20") as s:
            a = client.get(f"{web}/items/a?ms=30").json()["value"]
            b = client.get(f"{web}/items/b?ms=150").json()["value"]
            c = client.get(f"{web}/items/c?ms=140").json()["value"]
            d = client.get(f"{web}/items/{a}-d?ms=20").json()["value"]
            body = s.read().decode()
    return [a, b, c, d, body]


def pool_stream_then_loop(web: str) -> list[str]:
    out = []
    with _tight(3) as client:  # noqa: SIM117 - as users write it
        with client.stream("GET", f"{web}/text/s?ms=20") as s:
            for k, ms in (("a", 150), ("b", 140), ("c", 130), ("d", 120)):
                out.append(client.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            out.append(s.read().decode())
    return out


def pool_shared_transport_two_clients(web: str) -> list[str]:
    transport = httpx.HTTPTransport(limits=httpx.Limits(max_connections=3))
    with httpx.Client(transport=transport, timeout=SHORT_POOL_WAIT) as c1, \
            httpx.Client(transport=transport, timeout=SHORT_POOL_WAIT) as c2:
        a = c1.get(f"{web}/items/a?ms=150").json()["value"]
        b = c1.get(f"{web}/items/b?ms=140").json()["value"]
        c = c2.get(f"{web}/items/c?ms=130").json()["value"]
        d = c2.get(f"{web}/items/d?ms=120").json()["value"]
    return [a, b, c, d]


def pool_shared_transport_comprehensions(web: str) -> list[str]:
    transport = httpx.HTTPTransport(limits=httpx.Limits(max_connections=2))
    c1 = httpx.Client(transport=transport, timeout=SHORT_POOL_WAIT)
    c2 = httpx.Client(transport=transport, timeout=SHORT_POOL_WAIT)
    try:
        left = [c1.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("a", 150), ("b", 140))]
        right = [c2.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                 for k, ms in (("c", 130), ("d", 120))]
        return left + right
    finally:
        c1.close()
        c2.close()


def pool_transport_limits_win(web: str) -> list[str]:
    """The client's own limits are ignored when a transport is given: the transport's
    pool (two connections) is the bound."""
    transport = httpx.HTTPTransport(limits=httpx.Limits(max_connections=2))
    with httpx.Client(transport=transport, limits=httpx.Limits(max_connections=50),
                      timeout=SHORT_POOL_WAIT) as client:
        return [client.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("a", 150), ("b", 140), ("c", 130))]


def pool_timeout_set_after_creation(web: str) -> list[str]:
    client = httpx.Client(limits=httpx.Limits(max_connections=2), timeout=None)
    client.timeout = SHORT_POOL_WAIT
    try:
        return [client.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("a", 150), ("b", 140), ("c", 130))]
    finally:
        client.close()


def pool_timeout_relaxed_after_creation(web: str) -> list[str]:
    """Bounded when made, then told to wait without limit: could overlap both."""
    client = _tight(3)
    client.timeout = NO_POOL_WAIT
    try:
        return [client.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    finally:
        client.close()


def _fetch(client: httpx.Client, web: str, k: str, ms: int) -> str:
    return client.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def pool_helper_and_own_reads_mixed(web: str) -> list[str]:
    with _tight(3) as client:
        a = client.get(f"{web}/items/a?ms=150").json()["value"]
        b = _fetch(client, web, "b", 140)
        c = client.get(f"{web}/items/c?ms=130").json()["value"]
        d = _fetch(client, web, "d", 40)
        e = client.get(f"{web}/items/e?ms=120").json()["value"]
    return [a, b, c, d, e]


SHARED = _tight(2)


def _shared_get(web: str, k: str, ms: int) -> str:
    return SHARED.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def pool_global_client_helper_and_function(web: str) -> list[str]:
    a = SHARED.get(f"{web}/items/a?ms=150").json()["value"]
    b = SHARED.get(f"{web}/items/b?ms=140").json()["value"]
    c = _shared_get(web, "c", 30)
    d = SHARED.get(f"{web}/items/d?ms=130").json()["value"]
    return [a, b, c, d]


def pool_several_clients_one_server(web: str) -> list[str]:
    """Three clients of two connections each: one started read per client at once is
    within every bound."""
    c1, c2, c3 = _tight(2), _tight(2), _tight(2)
    try:
        a = c1.get(f"{web}/items/a?ms=150").json()["value"]
        b = c2.get(f"{web}/items/b?ms=40").json()["value"]
        c = c3.get(f"{web}/items/c?ms=90").json()["value"]
        return [a, b, c]
    finally:
        for c_ in (c1, c2, c3):
            c_.close()


def pool_float_timeout_per_request(web: str) -> list[str]:
    with httpx.Client(limits=httpx.Limits(max_connections=3), timeout=None) as client:
        return [client.get(f"{web}/items/{k}?ms={ms}", timeout=2.0).json()["value"]
                for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def pool_request_method_unbounded_override(web: str) -> list[str]:
    out = []
    with _tight(2) as client:
        for k, ms in (("a", 150), ("b", 140), ("c", 130)):
            r = client.request("GET", f"{web}/items/{k}?ms={ms}", timeout=None)
            out.append(r.json()["value"])
        out.append(client.request("GET", f"{web}/items/z?ms=10").json()["value"])
    return out


async def pool_async_unbounded_then_bounded(web: str) -> list[str]:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=2),
                                 timeout=SHORT_POOL_WAIT) as client:
        out = []
        for k, ms in (("a", 150), ("b", 140), ("c", 130)):
            r = await client.get(f"{web}/items/{k}?ms={ms}", timeout=None)
            v = r.json()["value"]
            h = await client.get(f"{web}/items/{v}-h?ms=10")
            out.append(h.json()["value"])
        return out


async def pool_async_three_reads_pool_three(web: str) -> list[str]:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=3),
                                 timeout=SHORT_POOL_WAIT) as client:
        a = await client.get(f"{web}/items/a?ms=150")
        b = await client.get(f"{web}/items/b?ms=40")
        c = await client.get(f"{web}/items/c?ms=90")
        return [a.json()["value"], b.json()["value"], c.json()["value"]]


def _run_async(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


def _oa_tight(env: Env) -> tuple:
    http = httpx2.Client(limits=httpx2.Limits(max_connections=2),
                         timeout=httpx2.Timeout(5.0, pool=0.05))
    return (env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
                                  http_client=http)),)


def _an_tight(env: Env) -> tuple:
    http = httpx2.Client(limits=httpx2.Limits(max_connections=2),
                         timeout=httpx2.Timeout(5.0, pool=0.05))
    return (env.own(anthropic.Anthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                        max_retries=0, http_client=http)),)


def _chat(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def sdk_openai_bounded_http_client(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.14), ("three", 0.13)):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}],
            extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def sdk_openai_bounded_comprehension(client: Any) -> list[str]:
    return [client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": q}],
        extra_body={"latency": lat}).choices[0].message.content
        for q, lat in (("one", 0.15), ("two", 0.14), ("three", 0.13))]


def sdk_openai_bounded_helper(client: Any) -> list[str]:
    return [_chat(client, q, lat) for q, lat in (("one", 0.15), ("two", 0.14), ("three", 0.13))]


def sdk_anthropic_bounded_http_client(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.14), ("three", 0.13)):
        m = client.messages.create(model="claude", max_tokens=16,
                                   messages=[{"role": "user", "content": q}],
                                   extra_body={"latency": lat})
        out.append(m.content[0].text)
    return out


def sdk_openai_with_options_timeout(client: Any) -> list[str]:
    """The openai client's own timeout, changed by `with_options`, is the pool's wait."""
    tight = client.with_options(timeout=httpx2.Timeout(5.0, pool=0.05))
    return [_chat(tight, q, lat) for q, lat in (("one", 0.15), ("two", 0.14), ("three", 0.13))]


def _oa_tight_sdk_timeout(env: Env) -> tuple:
    http = httpx2.Client(limits=httpx2.Limits(max_connections=2))
    return (env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
                                  http_client=http, timeout=httpx2.Timeout(5.0, pool=0.05))),)


def sdk_openai_sdk_timeout_bounded_pool(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.14), ("three", 0.13)):
        out.append(_chat(client, q, lat))
    return out


# =========================================================================== (2) chained


class Money:
    """An amount that prints when it is formatted; ``0 + Money`` is a Money."""

    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __radd__(self, other: Any) -> Money:
        return Money(self.cents + (other.cents if isinstance(other, Money) else other))

    def __add__(self, other: Any) -> Money:
        return self.__radd__(other)

    def __format__(self, spec: str) -> str:
        print("format money", self.cents)
        return f"{self.cents}c"

    def __str__(self) -> str:
        print("str money", self.cents)
        return f"{self.cents}c"


class Tag:
    """A tag that ``"" + Tag`` turns into a Tag; prints when formatted."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __radd__(self, other: Any) -> Tag:
        return Tag(str(other) + self.s)

    def __format__(self, spec: str) -> str:
        print("format tag", self.s)
        return self.s


def chained_zero_iadd_user_object(web: str, price: Money) -> str:
    total = count = 0  # noqa: F841 - as users write it
    total += price
    print("priced")
    return requests.get(f"{web}/items/t-{total}?ms=40").json()["value"]


def chained_empty_str_iadd_user_object(web: str, tag: Tag) -> list[str]:
    prefix = suffix = ""
    prefix += tag
    print("tagged")
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/{prefix}-b{suffix}?ms=40").json()["value"]
    return [a, b]


def chained_zero_plus_user_object(web: str, price: Money) -> list[str]:
    base = extra = 0
    extra = base + price
    print("extra ready")
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b-{extra}?ms=40").json()["value"]
    return [a, b]


def chained_none_rebound_to_user(web: str, price: Money) -> list[str]:
    first = last = None
    if price.cents > 0:
        last = price
    print("chosen")
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b-{last}?ms=40").json()["value"]
    return [a, b, str(first)]


def chained_zero_in_loop_counter(web: str, price: Money) -> list[str]:
    out = []
    spent = n = 0
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        spent += price
        n += 1  # noqa: SIM113 - as users write it
        out.append(requests.get(f"{web}/items/{k}-{n}?ms={ms}").json()["value"])
        print(f"spent {spent}")
    return out


def chained_zero_plain_counters(web: str) -> tuple:
    """The everyday shape: counters from one chained zero, reads overlap."""
    hits = misses = 0
    vals = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        r = requests.get(f"{web}/items/{k}?ms={ms}")
        if r.status_code == 200:
            hits += 1
            vals.append(r.json()["value"])
        else:
            misses += 1
    return hits, misses, vals


def chained_str_and_attribute_target(web: str) -> list[str]:
    class Box:
        label = ""
    box = Box()
    key = box.label = "k"
    print("boxed", box.label)
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = requests.get(f"{web}/items/{key}?ms=40").json()["value"]
    return [a, b]


def chained_zero_tuple_swap_user(web: str, price: Money) -> list[str]:
    lo = hi = 0
    lo, hi = hi, price
    print("swapped")
    a = requests.get(f"{web}/items/a-{lo}?ms=150").json()["value"]
    b = requests.get(f"{web}/items/b-{hi}?ms=40").json()["value"]
    return [a, b]


def _money(env: Env) -> tuple:
    return (env.web, Money(7))


def _tag(env: Env) -> tuple:
    return (env.web, Tag("t"))


# =========================================================================== (3) with in loops


KEYS = ["a", "b", "c"]
QUESTIONS = ["one", "two", "three"]


def with_append_jsonl_model_calls(client: Any, folder: str) -> str:
    path = Path(folder) / "answers.jsonl"
    for q, lat in zip(QUESTIONS, (0.15, 0.04, 0.09), strict=True):
        answer = _chat(client, q, lat)
        with open(path, "a") as f:
            f.write(json.dumps({"q": q, "a": answer}) + "\n")
    return path.read_text()


def with_path_open_append_model_calls(client: Any, folder: str) -> str:
    path = Path(folder) / "log.txt"
    for q, lat in zip(QUESTIONS, (0.15, 0.04, 0.09), strict=True):
        answer = _chat(client, q, lat)
        with path.open("a", encoding="utf-8") as f:
            print(q, answer, file=f)
    return path.read_text()


def with_gzip_append_model_calls(client: Any, folder: str) -> int:
    path = Path(folder) / "log.gz"
    for q, lat in zip(QUESTIONS, (0.15, 0.04, 0.09), strict=True):
        answer = _chat(client, q, lat)
        with gzip.GzipFile(path, "ab", mtime=0) as f:
            f.write(f"{q}\t{answer}\n".encode())
    return len(gzip.open(path, "rt").read().splitlines())


def with_sqlite_commit_model_calls(client: Any, folder: str) -> list:
    db = str(Path(folder) / "a.db")
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (q TEXT, a TEXT)")
    for q, lat in zip(QUESTIONS, (0.15, 0.04, 0.09), strict=True):
        answer = _chat(client, q, lat)
        with conn:
            conn.execute("INSERT INTO t VALUES (?, ?)", (q, answer))
    rows = conn.execute("SELECT q FROM t ORDER BY rowid").fetchall()
    conn.close()
    return rows


def with_append_reads_file_back(web: str, folder: str) -> list[str]:
    """Each item's file is read; the body appends to the next item's file."""
    d = Path(folder)
    names = ["n0.txt", "n1.txt", "n2.txt", "n3.txt"]
    for n in names:
        (d / n).write_text(f"{n}\n")
    out = []
    for i, n in enumerate(names[:3]):
        out.append((d / n).read_text())
        with open(d / names[i + 1], "a") as f:
            f.write(f"from {n}\n")
    return out


def with_append_to_walked_global_file_list(folder: str) -> list[str]:
    d = Path(folder)
    out = []
    for n in FILES:
        out.append((d / n).read_text())
        with open(d / FILES[-1], "a") as f:
            f.write(f"after {n}\n")
    return out


FILES = ["f0.txt", "f1.txt", "f2.txt"]


def _files(env: Env) -> None:
    for n in FILES:
        (env.tmp / n).write_text(f"{n}\n")


def with_exitstack_callback_grows_global(web: str) -> list[str]:
    stack = contextlib.ExitStack()
    stack.callback(KEYS_ES.append, "d")
    out = []
    for k in KEYS_ES:
        out.append(requests.get(f"{web}/items/{k}?ms={ {'a': 150, 'b': 40}.get(k, 90)}")
                   .json()["value"])
        with stack:
            pass
    return out


KEYS_ES = ["a", "b", "c"]


def _restore_es(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        KEYS_ES[:] = ["a", "b", "c"]


class Closer:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def close(self) -> None:
        if len(self.keys) < 4:
            self.keys.append("z")


def with_closing_grows_param_list(web: str, keys: list[str]) -> list[str]:
    closer = Closer(keys)
    out = []
    for k in keys:
        out.append(requests.get(f"{web}/items/{k}?ms=40").json()["value"])
        with contextlib.closing(closer):
            pass
    return out


def with_nullcontext_alias_grows_list(web: str, keys: list[str]) -> list[str]:
    out = []
    for k in keys:
        out.append(requests.get(f"{web}/items/{k}?ms=40").json()["value"])
        with contextlib.nullcontext(keys) as ks:
            if k == "a":
                ks.append("d")
    return out


def with_redirect_into_walked_list(web: str, keys: list[str]) -> list[str]:
    """The loop walks a list a writer of the user's appends to while stdout is sent to it."""
    class ListWriter:
        def __init__(self, target: list[str]) -> None:
            self.target = target

        def write(self, s: str) -> int:
            if s.strip() == "a":
                self.target.append("e")
            return len(s)

        def flush(self) -> None:
            pass

    w = ListWriter(keys)
    out = []
    for k in keys:
        out.append(requests.get(f"{web}/items/{k}?ms=40").json()["value"])
        with contextlib.redirect_stdout(w):
            print(k)
    return out


def with_suppress_in_global_loop(client: Any) -> list[str]:
    out = []
    for q in QUESTIONS:
        with contextlib.suppress(KeyError):
            out.append(_chat(client, q, {"one": 0.15, "two": 0.04}.get(q, 0.09)))
    return out


def with_append_in_param_loop_http(web: str, folder: str, keys: list[str]) -> str:
    """HTTP GETs of this machine beside file appends: nothing to overlap (a local server
    may read the file), kept as written."""
    path = Path(folder) / "out.txt"
    for k in keys:
        v = requests.get(f"{web}/items/{k}?ms=40").json()["value"]
        with open(path, "a") as f:
            f.write(v + "\n")
    return path.read_text()


def _keys(env: Env) -> tuple:
    return (env.web, ["a", "b", "c"])


def _keys_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp), ["a", "b", "c"])


def _oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


# =========================================================================== (4) output read


def out_tell_in_read_args(web: str) -> list[str]:
    buf = io.StringIO()
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("first line", file=buf)
    b = requests.get(f"{web}/items/b?n={buf.tell()}&ms=40").json()["value"]
    return [a, b]


def out_read_after_seek_in_args(web: str) -> list[str]:
    buf = io.StringIO()
    print("hello", file=buf)
    buf.seek(0)
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("more", file=buf)
    b = requests.get(f"{web}/items/b-{buf.read().strip()}?ms=40").json()["value"]
    return [a, b]


def out_bytesio_getbuffer_len(web: str) -> list[str]:
    buf = io.BytesIO()
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    buf.write(b"abc")
    b = requests.get(f"{web}/items/b?n={len(buf.getbuffer())}&ms=40").json()["value"]
    return [a, b]


def out_sys_stdout_tell(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("progress")
    b = requests.get(f"{web}/items/b?n={sys.stdout.tell()}&ms=40").json()["value"]
    return [a, b]


def out_sys_stdout_getvalue_len(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("progress")
    b = requests.get(f"{web}/items/b?n={len(sys.stdout.getvalue())}&ms=40").json()["value"]
    return [a, b]


def out_log_handler_stream_tell(web: str) -> list[str]:
    stream = logging.getLogger("corpus").handlers[0].stream
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    LOG.info("got a")
    b = requests.get(f"{web}/items/b?n={stream.tell()}&ms=40").json()["value"]
    return [a, b]


def out_log_handler_stream_getvalue(web: str) -> list[str]:
    stream = logging.getLogger("corpus").handlers[0].stream
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    LOG.info("got a")
    b = requests.get(f"{web}/items/b?n={stream.getvalue().count('got')}&ms=40").json()["value"]
    return [a, b]


def out_getvalue_unbound_method(web: str) -> list[str]:
    buf = io.StringIO()
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("x", file=buf)
    b = requests.get(f"{web}/items/b?n={len(io.StringIO.getvalue(buf))}&ms=40")
    return [a, b.json()["value"]]


def out_getvalue_via_getattr(web: str) -> list[str]:
    buf = io.StringIO()
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("x", file=buf)
    b = requests.get(f"{web}/items/b?n={len(getattr(buf, 'getvalue')())}&ms=40")  # noqa: B009 - as users write it
    return [a, b.json()["value"]]


class Capture:
    """A pytest-like capture: output sent to its buffer, read and cleared."""

    def __init__(self) -> None:
        self.buf = io.StringIO()

    def readouterr(self) -> str:
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return text


def out_capture_object_readouterr(web: str) -> list[str]:
    cap = Capture()
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("one", file=cap.buf)
    b = requests.get(f"{web}/items/b-{cap.readouterr().strip()}?ms=40").json()["value"]
    return [a, b]


def out_redirect_stdout_tell(web: str) -> list[str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        a = requests.get(f"{web}/items/a?ms=150").json()["value"]
        print("inside")
        b = requests.get(f"{web}/items/b?n={buf.tell()}&ms=40").json()["value"]
    return [a, b]


def out_textiowrapper_bytes(web: str) -> list[str]:
    raw = io.BytesIO()
    w = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    print("wrapped", file=w)
    b = requests.get(f"{web}/items/b?n={len(raw.getvalue())}&ms=40").json()["value"]
    w.detach()
    return [a, b]


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


LIST_HANDLER = ListHandler()
_LH_LOG = corpus_logger("redteam118.listed")
_LH_LOG.addHandler(LIST_HANDLER)


def out_handler_subclass_records(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    _LH_LOG.warning("seen %s", a)
    b = requests.get(f"{web}/items/b?n={len(LIST_HANDLER.records)}&ms=40").json()["value"]
    return [a, b]


def _clear_lh(fn: Any, env: Env) -> Any:
    LIST_HANDLER.records.clear()
    try:
        return fn(env.web)
    finally:
        LIST_HANDLER.records.clear()


BUFFERING = logging.handlers.BufferingHandler(100)
_BH_LOG = corpus_logger("redteam118.buffered")
_BH_LOG.addHandler(BUFFERING)


def out_buffering_handler_records(web: str) -> list[str]:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    _BH_LOG.warning("seen %s", a)
    b = requests.get(f"{web}/items/b?n={len(BUFFERING.buffer)}&ms=40").json()["value"]
    return [a, b]


def _clear_bh(fn: Any, env: Env) -> Any:
    BUFFERING.flush()
    try:
        return fn(env.web)
    finally:
        BUFFERING.flush()


def out_stringio_collect_then_getvalue(web: str) -> str:
    """Should overlap: the reads write into the buffer in order, getvalue at the end."""
    buf = io.StringIO()
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        buf.write(v + "\n")
    return buf.getvalue()


def out_print_file_then_getvalue_per_item(web: str) -> list[int]:
    """Should overlap: the getvalue per item reads the buffer in order, the reads do not
    depend on it."""
    buf = io.StringIO()
    sizes = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        print(v, file=buf)
        sizes.append(len(buf.getvalue()))
    return sizes


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def tmp(env: Env) -> tuple:
    return (str(env.tmp),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _p(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return _w(fn, ideal, cat="clients", **kw)


def _a(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("clients", fn, drive=_run_async, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = _oa_tight, **kw: Any) -> Case:
    return Case("sdk", fn, args=args, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) pools
    _p(pool_unbounded_overrides_then_chained, (0.65 + 0.1) / 0.37),
    _p(pool_default_client_short_override, (0.15 + 0.14 + 0.13 + 0.03) / 0.16),
    _p(pool_unbounded_comprehension_then_bounded, (0.15 + 0.14 + 0.13 + 0.02) / 0.17),
    _p(pool_stream_held_while_reads, (0.02 + 0.03 + 0.15 + 0.14 + 0.02) / 0.17),
    _p(pool_stream_then_loop, (0.02 + 0.15 + 0.14 + 0.13 + 0.12) / 0.29),
    _p(pool_shared_transport_two_clients, (0.15 + 0.14 + 0.13 + 0.12) / 0.27),
    _p(pool_shared_transport_comprehensions, (0.15 + 0.14 + 0.13 + 0.12) / 0.27),
    _p(pool_transport_limits_win, (0.15 + 0.14 + 0.13) / 0.15 / 2),
    _p(pool_timeout_set_after_creation, (0.15 + 0.14 + 0.13) / 0.29),
    _p(pool_timeout_relaxed_after_creation, over(0.15, 0.04, 0.09), overlap=3),
    _p(pool_helper_and_own_reads_mixed, (0.15 + 0.14 + 0.13 + 0.04 + 0.12) / 0.29),
    _p(pool_global_client_helper_and_function, (0.15 + 0.14 + 0.03 + 0.13) / 0.30),
    _p(pool_several_clients_one_server, over(0.15, 0.04, 0.09), overlap=3),
    _p(pool_float_timeout_per_request, (0.15 + 0.04 + 0.09) / 0.15, overlap=2),
    _p(pool_request_method_unbounded_override, (0.15 + 0.14 + 0.13 + 0.01) / 0.16),
    _a(pool_async_unbounded_then_bounded, (0.15 + 0.14 + 0.13 + 0.03) / 0.16),
    _a(pool_async_three_reads_pool_three, (0.15 + 0.04 + 0.09) / 0.15, overlap=2),
    _sdk(sdk_openai_bounded_http_client, (0.15 + 0.14 + 0.13) / 0.28),
    _sdk(sdk_openai_bounded_comprehension, (0.15 + 0.14 + 0.13) / 0.28),
    _sdk(sdk_openai_bounded_helper, (0.15 + 0.14 + 0.13) / 0.28),
    _sdk(sdk_anthropic_bounded_http_client, (0.15 + 0.14 + 0.13) / 0.28, args=_an_tight),
    _sdk(sdk_openai_with_options_timeout, (0.15 + 0.14 + 0.13) / 0.28,
         args=lambda env: (env.own(openai.OpenAI(
             api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
             http_client=httpx2.Client(limits=httpx2.Limits(max_connections=2)))),)),
    _sdk(sdk_openai_sdk_timeout_bounded_pool, (0.15 + 0.14 + 0.13) / 0.28,
         args=_oa_tight_sdk_timeout),
    # (2) chained assignment
    _w(chained_zero_iadd_user_object, args=_money),
    _w(chained_empty_str_iadd_user_object, over(0.15, 0.04), args=_tag),
    _w(chained_zero_plus_user_object, over(0.15, 0.04), args=_money),
    _w(chained_none_rebound_to_user, over(0.15, 0.04), args=_money),
    _w(chained_zero_in_loop_counter, over(0.15, 0.04, 0.09), args=_money),
    _w(chained_zero_plain_counters, over(0.15, 0.04, 0.09), overlap=3),
    _w(chained_str_and_attribute_target, over(0.15, 0.04)),
    _w(chained_zero_tuple_swap_user, over(0.15, 0.04), args=_money),
    # (3) with-blocks in loops
    Case("files", with_append_jsonl_model_calls, args=_oa_tmp, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    Case("files", with_path_open_append_model_calls, args=_oa_tmp, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    Case("files", with_gzip_append_model_calls, args=_oa_tmp, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    Case("db", with_sqlite_commit_model_calls, args=_oa_tmp, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    Case("files", with_append_reads_file_back, args=web_tmp, servers="web"),
    Case("files", with_append_to_walked_global_file_list, args=tmp, setup=_files),
    Case("state", with_exitstack_callback_grows_global, servers="web", drive=_restore_es),
    _w(with_closing_grows_param_list, cat="state", args=_keys),
    _w(with_nullcontext_alias_grows_list, cat="state", args=_keys),
    _w(with_redirect_into_walked_list, cat="state", args=_keys),
    Case("sdk", with_suppress_in_global_loop, args=lambda env: (openai_client(env),),
         servers="api", ideal=over(0.15, 0.04, 0.09)),
    _w(with_append_in_param_loop_http, cat="files", args=_keys_tmp),
    # (4) reading what output wrote
    _w(out_tell_in_read_args, over(0.15, 0.04)),
    _w(out_read_after_seek_in_args, over(0.15, 0.04)),
    _w(out_bytesio_getbuffer_len, over(0.15, 0.04)),
    _w(out_sys_stdout_tell, over(0.15, 0.04)),
    _w(out_sys_stdout_getvalue_len, over(0.15, 0.04)),
    _w(out_log_handler_stream_tell, over(0.15, 0.04)),
    _w(out_log_handler_stream_getvalue, over(0.15, 0.04)),
    _w(out_getvalue_unbound_method, over(0.15, 0.04)),
    _w(out_getvalue_via_getattr, over(0.15, 0.04)),
    _w(out_capture_object_readouterr, over(0.15, 0.04)),
    _w(out_redirect_stdout_tell, over(0.15, 0.04)),
    _w(out_textiowrapper_bytes, over(0.15, 0.04)),
    Case("state", out_handler_subclass_records, servers="web", drive=_clear_lh),
    Case("state", out_buffering_handler_records, servers="web", drive=_clear_bh),
    _w(out_stringio_collect_then_getvalue, over(0.15, 0.04, 0.09), overlap=3),
    _w(out_print_file_then_getvalue_per_item, over(0.15, 0.04, 0.09), overlap=3),
]

_SDK_POOL = ("the SDK's model calls on a user's bounded httpx2 client (max_connections=2, "
             "pool wait 50 ms) all start at once: the third waits for a connection and "
             "raises APITimeoutError; `pooled` wraps only httpx's own Client/AsyncClient "
             "methods, not the SDK's rules, which do not look at the http client's pool.")

_FIXED = (" Fixed: calls started early on a bounded pool, and helpers reading through one, "
          "hold a slot each (xcs/_pools), an SDK's http_client's pool too; an augmented "
          "assignment with an operand of another type untypes the name (xcs/_infer).")

FIXED_WHY: dict[str, str] = {
    "pool_unbounded_overrides_then_chained": (
        "httpx.PoolTimeout under jit: the loop's reads given timeout=None run unbounded (no "
        "slot taken, `_bound` None), fill both connections and queue the rest inside httpx; "
        "the body's chained read at its own place, with the client's 50 ms pool wait, "
        "queues behind them. The slots count only bounded calls, not the pool's use.") + _FIXED,
    "sdk_openai_bounded_http_client": _SDK_POOL + _FIXED,
    "sdk_openai_bounded_comprehension": _SDK_POOL + _FIXED,
    "sdk_openai_bounded_helper": _SDK_POOL + _FIXED,
    "sdk_anthropic_bounded_http_client": _SDK_POOL + _FIXED,
    "sdk_openai_with_options_timeout": _SDK_POOL + " (The pool wait set by with_options.)" + _FIXED,
    "sdk_openai_sdk_timeout_bounded_pool": _SDK_POOL + " (The pool wait is the SDK's timeout=.)" + _FIXED,
    "chained_zero_iadd_user_object": (
        "'format money' printed before 'priced': `total += price` keeps `total` typed int "
        "(_infer._bindings types an AugAssign's target as before), but int + Money gives a "
        "Money, whose __format__ runs when the GET is hoisted above the print. Not the "
        "chained rule's own: `total = 0` alone does the same.") + _FIXED,
    "chained_empty_str_iadd_user_object": (
        "'format tag' printed before 'tagged': as chained_zero_iadd_user_object, "
        "`prefix += tag` leaves `prefix` typed str while it holds the user's Tag "
        "(str + Tag -> Tag.__radd__).") + _FIXED,
}

FAILING_WHY: dict[str, str] = {
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
