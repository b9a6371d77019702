# ruff: noqa: SIM117
"""Red-team cases (stop 221): streaming and incremental consumption.

What streams on the corpus's servers: the simulator answers ``stream=True`` chat calls as
server-sent events (the API server passes the whole event stream back in one body, so the
SDKs' ``Stream`` objects, ``client.chat.completions.stream``, ``client.messages.stream``,
``text_stream`` and ``get_final_message`` all work on it); the web server has no chunked
route, so its "streams" are bodies read incrementally: ``/text/<k>`` (three lines), and a
large item ``big`` PUT by the case's setup (some 6 KB of JSON), read in chunks.

- ``requests.get(..., stream=True)`` with ``iter_content``, ``iter_lines``, ``raw.read``
  and ``raw.stream``, closed by ``with``, by ``contextlib.closing`` or left open; a session
  whose pool holds one connection; a response held open while a PUT goes out;
- ``httpx`` ``client.stream(...)`` and ``httpx.stream`` with ``iter_lines``,
  ``iter_bytes``, ``iter_text``, a read after the block closed it, a status error inside;
- ``urllib.request.urlopen`` read in chunks, by ``readline``, under ``closing``;
- aiohttp ``resp.content.iter_chunked``/``readline``/``read(n)`` (``async def``);
- openai ``stream=True`` (printed token by token with ``flush``, broken out of early,
  two streams open at once and zipped, consumed in a helper generator, a PUT per chunk,
  ``include_usage``), ``chat.completions.stream`` with ``get_final_completion``;
  anthropic ``messages.stream`` with ``text_stream``/``get_final_message`` and
  ``create(stream=True)`` events; the async clients;
- generators that yield while a response is open, closed early (``finally`` PUTs);
  exceptions mid-stream (a later read the plain run never reaches must not be sent);
  a loop that stops on what a stream said (a later iteration's read must not be sent).

Sibling reads get unequal latencies, slow first. `FAILING` holds the cases that differed
under jit when written, with `FAILING_WHY`: five programs on a `requests.Session` whose
adapter holds one connection and blocks for it, where a later ``stream=True`` GET started
early holds that connection while the function waits for an earlier GET: they hang (httpx,
openai, anthropic and aiohttp clients limited to one connection keep their place and pass).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import socket
import urllib.request
from collections.abc import Iterator
from typing import Any

import aiohttp
import httpx
import requests
from requests.adapters import HTTPAdapter

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
    serial_ideal,
)

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

LOG = corpus_logger("r221")
BIG = "".join(f"row{i:04d};" for i in range(700))  # 5,600 characters


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# =========================================================================== requests


def r221_requests_iter_lines_print_then_get(web: str) -> str:
    with requests.get(f"{web}/text/a?ms=100", stream=True, timeout=5) as r:
        for ln in r.iter_lines(decode_unicode=True):
            print("line:", ln)
    b = _get(web, "b", 50)
    print("b:", b)
    return b


def r221_requests_iter_content_put_between_chunks(web: str) -> list[Any]:
    r = requests.get(f"{web}/items/big", stream=True, timeout=5)
    it = r.iter_content(1024)
    head = next(it)
    _put(web, "big", "changed")
    rest = b"".join(it)
    r.close()
    after = _get(web, "big")
    body = json.loads(head + rest)
    return [len(head), len(body["value"]), after]


def r221_requests_two_streams_open(web: str) -> list[str]:
    r1 = requests.get(f"{web}/text/one?ms=100", stream=True, timeout=5)
    r2 = requests.get(f"{web}/text/two?ms=50", stream=True, timeout=5)
    second = r2.text
    first = r1.text
    r1.close()
    r2.close()
    return [first, second]


def r221_requests_raw_read_chunks_print(web: str) -> int:
    r = requests.get(f"{web}/items/big", stream=True, timeout=5)
    n = 0
    while True:
        chunk = r.raw.read(2000)
        if not chunk:
            break
        n += len(chunk)
        print("chunk", len(chunk), chunk[:12])
    r.close()
    return n


def r221_requests_left_open_then_get(web: str) -> list[str]:
    r = requests.get(f"{web}/text/open?ms=80", stream=True, timeout=5)
    first = next(r.iter_lines()).decode()
    v = _get(web, "after", 60)
    return [first, v]


def r221_requests_stream_status_error_then_put(web: str) -> list[Any]:
    out: list[Any] = []
    r = requests.get(f"{web}/status/503", stream=True, timeout=5)
    try:
        r.raise_for_status()
        out.append("ok")
    except requests.HTTPError as e:
        out.append(e.response.status_code)
        _put(web, "incident", "503")
    finally:
        r.close()
    out.append(_get(web, "incident"))
    return out


def r221_requests_pool_of_one_stream_then_gets(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True))
    r1 = s.get(f"{web}/text/pool?ms=60", stream=True, timeout=5)
    first = next(r1.iter_lines()).decode()
    r1.close()
    a = s.get(f"{web}/items/pa?ms=80", timeout=5).json()["value"]
    b = s.get(f"{web}/items/pb?ms=40", timeout=5).json()["value"]
    s.close()
    return [first, a, b]


def r221_requests_closing_contextlib(web: str) -> list[str]:
    with contextlib.closing(requests.get(f"{web}/text/c?ms=90", stream=True, timeout=5)) as r:
        lines = [ln.decode() for ln in r.iter_lines()]
    d = _get(web, "d", 40)
    return [*lines, d]


def r221_requests_put_inside_with_then_json(web: str) -> list[str]:
    _put(web, "doc", "first")
    with requests.get(f"{web}/items/doc", stream=True, timeout=5) as r:
        _put(web, "doc", "second")
        seen = r.json()["value"]
    now = _get(web, "doc")
    return [seen, now]


def r221_requests_stream_in_comprehension(web: str) -> list[str]:
    rs = [requests.get(f"{web}/text/{k}?ms={ms}", stream=True, timeout=5)
          for k, ms in (("x", 120), ("y", 60), ("z", 30))]
    texts = [r.text.splitlines()[0] for r in rs]
    for r in rs:
        r.close()
    return texts


def r221_requests_parse_error_mid_stream(web: str) -> list[Any]:
    total = 0
    with requests.get(f"{web}/text/nums?ms=60", stream=True, timeout=5) as r:
        for ln in r.iter_lines(decode_unicode=True):
            _put(web, "progress", ln)
            total += int(ln.split()[0])  # 'nums line 1': not a number
    late = _get(web, "late", 40)
    return [total, late]


def r221_requests_break_on_stream_content(web: str) -> list[str]:
    seen = []
    for k in ("go1", "stop", "go2", "go3"):
        with requests.get(f"{web}/text/{k}?ms=40", stream=True, timeout=5) as r:
            first = next(r.iter_lines(decode_unicode=True))
        seen.append(first)
        if first.startswith("stop"):
            break
    return seen


def r221_requests_stream_to_file_then_read(tmp: str, web: str) -> list[Any]:
    path = f"{tmp}/download.json"
    with requests.get(f"{web}/items/big", stream=True, timeout=5) as r, open(path, "wb") as f:
        for chunk in r.iter_content(1024):
            f.write(chunk)
    side = _get(web, "side", 80)
    with open(path, "rb") as f:
        data = json.load(f)
    return [len(data["value"]), side]


def r221_requests_stream_file_then_upload(tmp: str, web: str) -> list[Any]:
    path = f"{tmp}/lines.txt"
    with requests.get(f"{web}/text/up?ms=50", stream=True, timeout=5) as r, \
            open(path, "w") as f:
        for ln in r.iter_lines(decode_unicode=True):
            f.write(ln.upper() + "\n")
    with open(path) as f:
        v = _put(web, "uploaded", f.read())
    return [v, _get(web, "uploaded")]


def _lines_of(web: str, keys: list[str]) -> Iterator[tuple[str, str]]:
    for k in keys:
        with requests.get(f"{web}/text/{k}?ms=40", stream=True, timeout=5) as r:
            for ln in r.iter_lines(decode_unicode=True):
                yield k, ln


def r221_generator_yields_while_open_puts(web: str) -> list[Any]:
    done = []
    for k, ln in _lines_of(web, ["g1", "g2"]):
        if ln.endswith("2"):
            done.append(_put(web, k, ln))
    return [done, _get(web, "g1"), _get(web, "g2")]


def _guarded_lines(web: str, key: str) -> Iterator[str]:
    r = requests.get(f"{web}/text/{key}?ms=40", stream=True, timeout=5)
    try:
        yield from r.iter_lines(decode_unicode=True)
    finally:
        r.close()
        _put(web, "closed", key)


def r221_generator_closed_early_finally_puts(web: str) -> list[str]:
    g = _guarded_lines(web, "gc")
    first = next(g)
    g.close()
    return [first, _get(web, "closed"), _get(web, "other", 90)]


def r221_generator_break_then_read(web: str) -> list[str]:
    got = []
    gen = _guarded_lines(web, "gb")
    for ln in gen:
        got.append(ln)
        break
    seen = _get(web, "closed")  # the generator is still alive: its finally has not run
    del gen
    after = _get(web, "closed")
    return [*got, seen, after]


def r221_two_generators_zipped_print(web: str) -> int:
    n = 0
    for (ka, la), (kb, lb) in zip(_lines_of(web, ["za"]), _lines_of(web, ["zb"]),
                                  strict=True):
        print(ka, la, "|", kb, lb)
        n += 1
    return n


# =========================================================================== httpx


def r221_httpx_stream_iter_lines_print(web: str) -> list[str]:
    with httpx.Client(timeout=5) as client:
        with client.stream("GET", f"{web}/text/hx?ms=90") as r:
            for ln in r.iter_lines():
                print("hx:", ln, flush=True)
        b = client.get(f"{web}/items/hb?ms=40").json()["value"]
    print("then", b)
    return [b]


def r221_httpx_put_between_byte_chunks(web: str) -> list[Any]:
    with httpx.Client(timeout=5) as client:
        parts = []
        with client.stream("GET", f"{web}/items/big") as r:
            for i, chunk in enumerate(r.iter_bytes(chunk_size=1500)):
                parts.append(chunk)
                if i == 1:
                    client.put(f"{web}/items/big", content="after-two-chunks")
        now = client.get(f"{web}/items/big").json()["value"]
    return [len(json.loads(b"".join(parts))["value"]), now, len(parts)]


def r221_httpx_read_after_block_raises(web: str) -> list[str]:
    out = []
    with httpx.Client(timeout=5) as client:
        with client.stream("GET", f"{web}/text/late?ms=40") as r:
            status = r.status_code
        out.append(str(status))
        try:
            r.read()
            out.append("read")
        except httpx.StreamClosed as e:
            out.append(type(e).__name__)
            client.put(f"{web}/items/closed", content="yes")
        out.append(client.get(f"{web}/items/closed").json()["value"])
    return out


def r221_httpx_status_error_inside_stream(web: str) -> list[Any]:
    out: list[Any] = []
    with httpx.Client(timeout=5) as client:
        try:
            with client.stream("GET", f"{web}/status/404") as r:
                r.raise_for_status()
                out.append("unreachable")
        except httpx.HTTPStatusError as e:
            out.append(e.response.status_code)
            client.put(f"{web}/items/missing-log", content="404")
        out.append(client.get(f"{web}/items/missing-log").json()["value"])
    return out


def r221_httpx_lines_key_gets(web: str) -> list[str]:
    out = []
    with httpx.Client(timeout=5) as client:
        with client.stream("GET", f"{web}/text/keys?ms=50") as r:
            keys = [ln.replace(" ", "_") for ln in r.iter_lines() if ln]
        for k in keys:
            out.append(client.get(f"{web}/items/{k}?ms=60").json()["value"])
    return out


def r221_httpx_break_early_then_put_get(web: str) -> list[str]:
    with httpx.Client(timeout=5) as client:
        kept = []
        with client.stream("GET", f"{web}/text/brk?ms=50") as r:
            for ln in r.iter_lines():
                kept.append(ln)
                if ln.endswith("2"):
                    break
        client.put(f"{web}/items/brk", content=kept[-1])
        got = client.get(f"{web}/items/brk").json()["value"]
    return [*kept, got]


def r221_httpx_stream_left_open_log(web: str) -> list[str]:
    client = httpx.Client(timeout=5)
    req = client.build_request("GET", f"{web}/text/lo?ms=60")
    r = client.send(req, stream=True)
    first = next(r.iter_lines())
    LOG.info("first line %s", first)
    other = client.get(f"{web}/items/lo2?ms=40").json()["value"]
    LOG.info("other %s", other)
    r.close()
    client.close()
    return [first, other]


# =========================================================================== urllib


def r221_urlopen_read_chunks_with_sibling(web: str) -> list[Any]:
    parts = []
    with urllib.request.urlopen(f"{web}/items/big", timeout=5) as resp:
        while chunk := resp.read(1000):
            parts.append(len(chunk))
    side = _get(web, "uside", 60)
    return [parts, side]


def r221_urlopen_put_between_chunks(web: str) -> list[Any]:
    resp = urllib.request.urlopen(f"{web}/items/big", timeout=5)
    head = resp.read(500)
    req = urllib.request.Request(f"{web}/items/big", data=b"mid", method="PUT")
    with urllib.request.urlopen(req, timeout=5) as w:
        version = json.loads(w.read())["version"]
    tail = resp.read()
    resp.close()
    after = _get(web, "big")
    return [len(head) + len(tail), version, after]


def _url_lines(web: str, key: str) -> Iterator[str]:
    resp = urllib.request.urlopen(f"{web}/text/{key}?ms=40", timeout=5)
    for raw in resp:
        yield raw.decode().strip()


def r221_urlopen_generator_left_open(web: str) -> list[str]:
    lines = _url_lines(web, "ug")
    a = next(lines)
    _put(web, "ug", a)
    b = next(lines)
    return [a, b, _get(web, "ug")]


# =========================================================================== aiohttp


async def r221_aiohttp_iter_chunked_sibling(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        buf = bytearray()
        async with s.get(f"{web}/items/big") as resp:
            async for chunk in resp.content.iter_chunked(1024):
                buf += chunk
        async with s.get(f"{web}/items/asib?ms=70") as resp:
            sib = (await resp.json())["value"]
    return [len(json.loads(bytes(buf))["value"]), sib]


async def r221_aiohttp_readline_print(web: str) -> int:
    n = 0
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{web}/text/arl?ms=60") as resp:
            while line := await resp.content.readline():
                print("aline", line.decode().rstrip())
                n += 1
        async with s.get(f"{web}/items/after?ms=40") as resp:
            print("after", (await resp.json())["value"])
    return n


async def r221_aiohttp_put_between_reads(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{web}/items/big") as resp:
            head = await resp.content.read(800)
            async with s.put(f"{web}/items/big", data="amid") as w:
                v = (await w.json())["version"]
            tail = await resp.content.read()
        async with s.get(f"{web}/items/big") as resp:
            now = (await resp.json())["value"]
    return [len(head) + len(tail), v, now]


async def r221_aiohttp_error_mid_iteration(web: str) -> list[Any]:
    out: list[Any] = []
    async with aiohttp.ClientSession() as s:
        try:
            async with s.get(f"{web}/text/ae?ms=40") as resp:
                async for line in resp.content:
                    text = line.decode().strip()
                    out.append(text)
                    if text.endswith("2"):
                        raise RuntimeError(f"bad line {text}")
        except RuntimeError as e:
            out.append(str(e))
            async with s.put(f"{web}/items/aerr", data=str(e)) as w:
                out.append((await w.json())["version"])
        async with s.get(f"{web}/items/aerr") as resp:
            out.append((await resp.json())["value"])
    return out


async def r221_async_httpx_aiter_lines(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as client:
        lines = []
        async with client.stream("GET", f"{web}/text/ax?ms=80") as r:
            async for ln in r.aiter_lines():
                print("ax", ln)
                lines.append(ln)
        v = (await client.get(f"{web}/items/ax2?ms=40")).json()["value"]
    return [*lines, v]


# =========================================================================== openai


def _delta(chunk: Any) -> str:
    return (chunk.choices[0].delta.content or "") if chunk.choices else ""


def r221_openai_print_tokens_flush_then_call(client: Any, api: str) -> str:
    stream = client.chat.completions.create(model="gpt", messages=_user("Tell a story"),
                                            stream=True, max_tokens=12)
    for chunk in stream:
        print(_delta(chunk), end="", flush=True)
    print()
    r = client.chat.completions.create(model="gpt", messages=_user("Name a colour"),
                                       max_tokens=8)
    print("second:", r.choices[0].message.content)
    return r.choices[0].message.content or ""


def r221_openai_two_streams_open(client: Any, api: str) -> list[str]:
    s1 = client.chat.completions.create(model="gpt", messages=_user("one"), stream=True,
                                        max_tokens=10)
    s2 = client.chat.completions.create(model="gpt", messages=_user("two"), stream=True,
                                        max_tokens=10)
    a = "".join(_delta(c) for c in s1)
    b = "".join(_delta(c) for c in s2)
    return [a, b]


def r221_openai_two_streams_zipped_print(client: Any, api: str) -> int:
    s1 = client.chat.completions.create(model="gpt", messages=_user("left"), stream=True,
                                        max_tokens=8)
    s2 = client.chat.completions.create(model="gpt", messages=_user("right"), stream=True,
                                        max_tokens=8)
    n = 0
    for a, b in zip(s1, s2, strict=False):
        print(repr(_delta(a)), repr(_delta(b)))
        n += 1
    s1.close()
    s2.close()
    return n


def r221_openai_break_early_then_dependent(client: Any, api: str) -> str:
    got = []
    stream = client.chat.completions.create(model="gpt", messages=_user("Count up"),
                                            stream=True, max_tokens=20)
    for chunk in stream:
        got.append(_delta(chunk))
        if len(got) >= 3:
            break
    stream.close()
    r = client.chat.completions.create(model="gpt", messages=_user("".join(got)),
                                       max_tokens=8)
    return r.choices[0].message.content or ""


def _tokens(client: Any, prompt: str) -> Iterator[str]:
    for chunk in client.chat.completions.create(model="gpt", messages=_user(prompt),
                                                stream=True, max_tokens=10):
        piece = _delta(chunk)
        if piece:
            yield piece


def r221_openai_helper_generator_print_each(client: Any, api: str) -> list[str]:
    out = []
    for prompt in ("first", "second"):
        for tok in _tokens(client, prompt):
            print(tok, end="", flush=True)
            out.append(tok)
        print(" <end>")
    return out


def r221_openai_put_each_chunk(client: Any, web: str) -> list[Any]:
    i = 0
    for chunk in client.chat.completions.create(model="gpt", messages=_user("Stream me"),
                                                stream=True, max_tokens=6):
        piece = _delta(chunk)
        if piece:
            _put(web, f"tok{i}", piece)
            i += 1
    return [i, _get(web, "tok0"), _get(web, "tok1")]


def r221_openai_stream_text_as_key(client: Any, web: str) -> list[str]:
    text = "".join(_delta(c) for c in client.chat.completions.create(
        model="gpt", messages=_user("Pick a key"), stream=True, max_tokens=4))
    key = "k" + hashlib.md5(text.encode()).hexdigest()[:6]
    _put(web, key, text)
    return [key, _get(web, key), _get(web, "unrelated", 80)]


def r221_openai_stream_helper_get_final(client: Any, api: str) -> list[Any]:
    deltas = []
    with client.chat.completions.stream(model="gpt", messages=_user("Helper stream"),
                                        max_tokens=10) as s:
        for event in s:
            if event.type == "content.delta":
                print(event.delta, end="", flush=True)
                deltas.append(event.delta)
        final = s.get_final_completion()
    print()
    return ["".join(deltas) == final.choices[0].message.content, final.choices[0].message.content]


def r221_openai_include_usage(client: Any, api: str) -> list[Any]:
    usage = None
    text = []
    for chunk in client.chat.completions.create(
            model="gpt", messages=_user("usage please"), stream=True, max_tokens=8,
            stream_options={"include_usage": True}):
        if chunk.usage is not None:
            usage = chunk.usage.completion_tokens
        text.append(_delta(chunk))
    other = client.chat.completions.create(model="gpt", messages=_user("plain"), max_tokens=5)
    return ["".join(text), usage, other.choices[0].message.content]


def r221_openai_bad_stream_then_call(client: Any, api: str) -> list[str]:
    import openai

    out = []
    try:
        s = client.chat.completions.create(model="gpt", messages=_user("hot"), stream=True,
                                           temperature=9.0)
        out.append("".join(_delta(c) for c in s))
    except openai.BadRequestError as e:
        out.append(f"refused {e.status_code}")
        print("refused")
    r = client.chat.completions.create(model="gpt", messages=_user("cool"), max_tokens=5)
    out.append(r.choices[0].message.content or "")
    return out


def r221_openai_stream_with_block_log(client: Any, api: str) -> str:
    with client.chat.completions.create(model="gpt", messages=_user("with"), stream=True,
                                        max_tokens=6) as s:
        parts = []
        for chunk in s:
            piece = _delta(chunk)
            LOG.info("piece %r", piece)
            parts.append(piece)
    LOG.info("done")
    return "".join(parts)


def r221_openai_streams_then_judge(client: Any, api: str) -> str:
    answers = []
    for q in ("why", "how"):
        stream = client.chat.completions.create(model="gpt", messages=_user(q), stream=True,
                                                max_tokens=6)
        answers.append("".join(_delta(c) for c in stream))
    r = client.chat.completions.create(model="judge", messages=_user(" | ".join(answers)),
                                       max_tokens=6)
    return r.choices[0].message.content or ""


def r221_openai_stream_exception_mid(client: Any, api: str) -> list[str]:
    seen = []
    try:
        for chunk in client.chat.completions.create(model="gpt", messages=_user("boom"),
                                                    stream=True, max_tokens=10):
            piece = _delta(chunk)
            seen.append(piece)
            if len(seen) == 2:
                raise ValueError(f"stop at {seen!r}")
    except ValueError as e:
        print("caught", e)
    r = client.chat.completions.create(model="gpt", messages=_user("after boom"),
                                       max_tokens=4)
    return [*seen, r.choices[0].message.content or ""]


def r221_openai_stream_raise_uncaught_later_call(client: Any, api: str) -> str:
    text = ""
    for chunk in client.chat.completions.create(model="gpt", messages=_user("fail fast"),
                                                stream=True, max_tokens=10):
        text += _delta(chunk)
        if len(text) > 3:
            raise RuntimeError(f"too long: {text!r}")
    r = client.chat.completions.create(model="gpt", messages=_user("never"), max_tokens=4)
    return r.choices[0].message.content or ""


def r221_openai_stop_when_stream_says(client: Any, web: str) -> list[str]:
    out = []
    for q in ("q1", "q2", "q3"):
        text = "".join(_delta(c) for c in client.chat.completions.create(
            model="gpt", messages=_user(q), stream=True, max_tokens=4))
        out.append(text)
        if len(out) == 2:
            break
        _put(web, q, text)
    return out


# =========================================================================== anthropic


def r221_anthropic_text_stream_print_final(client: Any, api: str) -> list[Any]:
    with client.messages.stream(model="claude", max_tokens=16,
                                messages=_user("Say hello")) as s:
        for text in s.text_stream:
            print(text, end="", flush=True)
        final = s.get_final_message()
    print()
    return [final.content[0].text, final.stop_reason]


def r221_anthropic_create_stream_events(client: Any, api: str) -> list[str]:
    kinds = []
    text = ""
    for event in client.messages.create(model="claude", max_tokens=10, stream=True,
                                        messages=_user("events")):
        kinds.append(event.type)
        if event.type == "content_block_delta":
            text += event.delta.text
    return [*dict.fromkeys(kinds), text]


def r221_anthropic_two_streams_nested(client: Any, api: str) -> list[str]:
    with client.messages.stream(model="claude", max_tokens=10, messages=_user("outer")) as a:
        with client.messages.stream(model="claude", max_tokens=10,
                                    messages=_user("inner")) as b:
            inner = b.get_final_text()
        outer = a.get_final_text()
    return [outer, inner]


def r221_anthropic_break_then_next_call(client: Any, api: str) -> list[str]:
    got = []
    with client.messages.stream(model="claude", max_tokens=20, messages=_user("long")) as s:
        for t in s.text_stream:
            got.append(t)
            if len(got) == 2:
                break
    m = client.messages.create(model="claude", max_tokens=6, messages=_user("".join(got)))
    return [*got, m.content[0].text]


def r221_anthropic_stream_put_get(client: Any, web: str) -> list[Any]:
    with client.messages.stream(model="claude", max_tokens=8, messages=_user("save")) as s:
        text = s.get_final_text()
    v = _put(web, "answer", text)
    return [v, _get(web, "answer"), _get(web, "elsewhere", 90)]


def r221_anthropic_stream_and_openai_stream(clients: Any, api: str) -> list[str]:
    oa, an = clients
    s = oa.chat.completions.create(model="gpt", messages=_user("mixed"), stream=True,
                                   max_tokens=6)
    with an.messages.stream(model="claude", max_tokens=6, messages=_user("mixed")) as m:
        b = m.get_final_text()
    a = "".join(_delta(c) for c in s)
    return [a, b]


async def r221_async_openai_stream_print(web: str, api: str) -> list[str]:
    import openai

    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        parts = []
        stream = await client.chat.completions.create(model="gpt", messages=_user("async"),
                                                      stream=True, max_tokens=8)
        async for chunk in stream:
            piece = _delta(chunk)
            print(piece, end="", flush=True)
            parts.append(piece)
        print()
        r = await client.chat.completions.create(model="gpt", messages=_user("async two"),
                                                 max_tokens=5)
    return ["".join(parts), r.choices[0].message.content or ""]


async def r221_async_anthropic_text_stream_put(web: str, api: str) -> list[Any]:
    import anthropic

    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0) as client:
        async with client.messages.stream(model="claude", max_tokens=10,
                                          messages=_user("async anthropic")) as s:
            text = "".join([t async for t in s.text_stream])
    async with httpx.AsyncClient(timeout=5) as http:
        v = (await http.put(f"{web}/items/anth", content=text)).json()["version"]
        got = (await http.get(f"{web}/items/anth")).json()["value"]
    return [text, v, got]


# =========================================================================== tcp


def r221_socket_makefile_lines_and_http(addr: tuple[str, int], web: str) -> list[str]:
    with socket.create_connection(addr, timeout=5) as sock:
        f = sock.makefile("rwb")
        out = []
        for cmd in (b"GET alpha ms=60\n", b"SET alpha streamed\n", b"GET alpha ms=30\n"):
            f.write(cmd)
            f.flush()
            out.append(f.readline().decode().strip())
        f.close()
    out.append(_get(web, "tcpside", 60))
    return out


# =========================================================================== more: lazy
# generators, printing helpers, hooks, closers


def _values(web: str, keys: list[str]) -> Iterator[str]:
    for k in keys:
        yield requests.get(f"{web}/items/{k}?ms=40", timeout=5).json()["value"]


def r221_lazy_generator_reads_after_put(web: str) -> list[str]:
    g = _values(web, ["lz1", "lz2"])
    _put(web, "lz1", "fresh1")
    _put(web, "lz2", "fresh2")
    return list(g)


def r221_genexp_reads_between_puts(web: str) -> list[str]:
    gen = (requests.get(f"{web}/items/{k}", timeout=5).json()["value"] for k in ("ge1", "ge2"))
    _put(web, "ge1", "new1")
    first = next(gen)
    _put(web, "ge2", "new2")
    return [first, *gen]


def _tee(web: str, key: str) -> Iterator[str]:
    with requests.get(f"{web}/text/{key}?ms=40", stream=True, timeout=5) as r:
        for i, ln in enumerate(r.iter_lines(decode_unicode=True)):
            _put(web, f"{key}{i}", ln)
            yield ln


def r221_next_on_tee_generator_that_puts(web: str) -> list[str]:
    g = _tee(web, "tee")
    a = next(g)
    seen = _get(web, "tee0")
    b = next(g)
    seen2 = _get(web, "tee1")
    g.close()
    return [a, seen, b, seen2, _get(web, "tee2")]


def _noisy_lines(web: str, key: str) -> Iterator[str]:
    print("open", key)
    with requests.get(f"{web}/text/{key}?ms=50", stream=True, timeout=5) as r:
        for ln in r.iter_lines(decode_unicode=True):
            print("  read", ln)
            yield ln
    print("closed", key)


def r221_noisy_generator_helper_prints(web: str) -> list[str]:
    a = list(_noisy_lines(web, "na"))
    print("between")
    b = list(_noisy_lines(web, "nb"))
    return a + b


def _show_answer(client: Any, prompt: str) -> str:
    text = ""
    for chunk in client.chat.completions.create(model="gpt", messages=_user(prompt),
                                                stream=True, max_tokens=8):
        piece = _delta(chunk)
        print(piece, end="", flush=True)
        text += piece
    print()
    return text


def r221_printing_stream_helper_twice(client: Any, api: str) -> list[str]:
    print("Q1:")
    a = _show_answer(client, "first question")
    print("Q2:")
    b = _show_answer(client, "second question")
    print("done")
    return [a, b]


def r221_sys_stdout_write_tokens(client: Any, api: str) -> int:
    import sys

    n = 0
    for chunk in client.chat.completions.create(model="gpt", messages=_user("write"),
                                                stream=True, max_tokens=8):
        sys.stdout.write(_delta(chunk))
        sys.stdout.flush()
        n += 1
    sys.stdout.write("\n")
    r = client.chat.completions.create(model="gpt", messages=_user("other"), max_tokens=4)
    sys.stdout.write((r.choices[0].message.content or "") + "\n")
    return n


class Feed:
    """A line feed over one streamed response; closing it records the close on the server."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key
        self.resp = requests.get(f"{web}/text/{key}?ms=40", stream=True, timeout=5)

    def lines(self) -> list[str]:
        return list(self.resp.iter_lines(decode_unicode=True))

    def close(self) -> None:
        self.resp.close()
        _put(self.web, "feed-closed", self.key)


def r221_closing_user_feed_close_puts(web: str) -> list[Any]:
    with contextlib.closing(Feed(web, "cf")) as f:
        lines = f.lines()
    closed = _get(web, "feed-closed")
    other = _get(web, "cf-other", 90)
    return [lines, closed, other]


def r221_exitstack_stream_and_callback_put(web: str) -> list[Any]:
    with contextlib.ExitStack() as stack:
        r = stack.enter_context(requests.get(f"{web}/text/es?ms=40", stream=True, timeout=5))
        stack.callback(_put, web, "es-done", "yes")
        first = next(r.iter_lines(decode_unicode=True))
    return [first, _get(web, "es-done"), _get(web, "es-side", 80)]


def _announce(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    print("hook: status", r.status_code, r.url.rsplit("/", 1)[-1])


def r221_requests_response_hook_prints(web: str) -> list[str]:
    with requests.get(f"{web}/text/hk?ms=80", stream=True, timeout=5,
                      hooks={"response": _announce}) as r:
        lines = list(r.iter_lines(decode_unicode=True))
    print("after stream")
    other = _get(web, "hk2", 40)
    print("other", other)
    return [*lines, other]


def r221_httpx_event_hook_prints_stream(web: str) -> list[str]:
    def on_response(resp: httpx.Response) -> None:
        print("event hook", resp.status_code, resp.url.path)

    with httpx.Client(timeout=5, event_hooks={"response": [on_response]}) as client:
        with client.stream("GET", f"{web}/text/eh?ms=70") as r:
            lines = list(r.iter_lines())
        print("between")
        v = client.get(f"{web}/items/eh2?ms=40").json()["value"]
    return [*lines, v]


def r221_openai_with_streaming_response_lines(client: Any, api: str) -> list[Any]:
    with client.chat.completions.with_streaming_response.create(
            model="gpt", messages=_user("raw lines"), stream=True, max_tokens=6) as resp:
        data = [ln for ln in resp.iter_lines() if ln.startswith("data:")]
    r = client.chat.completions.create(model="gpt", messages=_user("after raw"),
                                       max_tokens=4)
    return [len(data), data[-1], r.choices[0].message.content]


def r221_stream_tokens_file_and_independent_call(client: Any, tmp: str) -> list[str]:
    path = f"{tmp}/log.txt"
    with open(path, "a") as f:
        for chunk in client.chat.completions.create(model="gpt", messages=_user("log me"),
                                                    stream=True, max_tokens=6):
            f.write(repr(_delta(chunk)) + "\n")
    r = client.chat.completions.create(model="gpt", messages=_user("independent"),
                                       max_tokens=4)
    with open(path, "a") as f:
        f.write("second: " + (r.choices[0].message.content or "") + "\n")
    return [r.choices[0].message.content or ""]


def r221_openai_streams_in_dict_comprehension(client: Any, api: str) -> dict[str, str]:
    streams = {q: client.chat.completions.create(model="gpt", messages=_user(q), stream=True,
                                                 max_tokens=5)
               for q in ("red", "green", "blue")}
    return {q: "".join(_delta(c) for c in s) for q, s in streams.items()}


def _anth_pieces(client: Any, prompt: str) -> Iterator[str]:
    with client.messages.stream(model="claude", max_tokens=8, messages=_user(prompt)) as s:
        yield from s.text_stream


def r221_anthropic_text_stream_helper_generator(client: Any, api: str) -> list[str]:
    out = []
    for p in ("one", "two"):
        pieces = list(_anth_pieces(client, p))
        print(p, len(pieces))
        out.append("".join(pieces))
    return out


def r221_anthropic_exception_mid_text_stream(client: Any, api: str) -> list[str]:
    got = []
    try:
        with client.messages.stream(model="claude", max_tokens=12,
                                    messages=_user("interrupt")) as s:
            for t in s.text_stream:
                got.append(t)
                if len(got) == 2:
                    raise KeyError("enough")
    except KeyError as e:
        print("stopped:", e)
    m = client.messages.create(model="claude", max_tokens=5, messages=_user("resume"))
    return [*got, m.content[0].text]


def r221_requests_stream_status_loop_break(web: str) -> list[int]:
    seen = []
    for code in (200, 404, 200, 201):
        with requests.get(f"{web}/status/{code}", stream=True, timeout=5) as r:
            seen.append(r.status_code)
            if not r.ok:
                break
    return seen


def r221_log_each_line_with_sibling(web: str) -> str:
    with requests.get(f"{web}/text/lg?ms=90", stream=True, timeout=5) as r:
        for ln in r.iter_lines(decode_unicode=True):
            LOG.info("line %s", ln)
    side = _get(web, "lgside", 50)
    LOG.warning("side %s", side)
    return side


def r221_openai_break_no_close_then_put(client: Any, web: str) -> list[Any]:
    got = ""
    stream = client.chat.completions.create(model="gpt", messages=_user("partial"),
                                            stream=True, max_tokens=10)
    for chunk in stream:
        got += _delta(chunk)
        if got:
            break
    v = _put(web, "partial", got)
    return [got, v, _get(web, "partial")]


def r221_stream_exception_finally_put(web: str) -> list[str]:
    lines: list[str] = []
    try:
        with requests.get(f"{web}/text/fin?ms=40", stream=True, timeout=5) as r:
            for ln in r.iter_lines(decode_unicode=True):
                lines.append(ln)
                if len(lines) == 2:
                    raise LookupError(f"stopped after {ln}")
    finally:
        _put(web, "fin", ",".join(lines))
    return lines


def r221_iter_content_twice_raises(web: str) -> list[Any]:
    r = requests.get(f"{web}/text/twice?ms=40", stream=True, timeout=5)
    n = sum(len(c) for c in r.iter_content(8))
    try:
        again = sum(len(c) for c in r.iter_content(8))
    except requests.exceptions.StreamConsumedError as e:
        again = type(e).__name__
        _put(web, "twice", "consumed")
    return [n, again, _get(web, "twice")]


async def r221_async_openai_two_streams_open(web: str, api: str) -> list[str]:
    import openai

    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1",
                                  max_retries=0) as client:
        s1 = await client.chat.completions.create(model="gpt", messages=_user("a1"),
                                                  stream=True, max_tokens=5)
        s2 = await client.chat.completions.create(model="gpt", messages=_user("a2"),
                                                  stream=True, max_tokens=5)
        a = "".join([_delta(c) async for c in s1])
        b = "".join([_delta(c) async for c in s2])
    return [a, b]


def r221_urlopen_first_lines_of_keys(web: str) -> list[str]:
    firsts = []
    for k, ms in (("u1", 90), ("u2", 60), ("u3", 30)):
        with urllib.request.urlopen(f"{web}/text/{k}?ms={ms}", timeout=5) as r:
            firsts.append(r.readline().decode().strip())
    return firsts


def _stage_upper(lines: Iterator[str]) -> Iterator[str]:
    for ln in lines:
        yield ln.upper()


def _stage_keep(web: str, lines: Iterator[str]) -> Iterator[str]:
    for ln in lines:
        if not ln.endswith("2"):
            _put(web, "kept", ln)
            yield ln


def r221_generator_pipeline_puts(web: str) -> list[str]:
    with requests.get(f"{web}/text/pipe?ms=40", stream=True, timeout=5) as r:
        out = list(_stage_keep(web, _stage_upper(r.iter_lines(decode_unicode=True))))
    return [*out, _get(web, "kept"), _get(web, "pipe-other", 70)]


# =========================================================================== one connection


def r221_requests_pool_one_stream_after_dependent(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True))
    k = s.get(f"{web}/items/key?ms=50", timeout=5).json()["value"]
    q = s.get(f"{web}/items/{k}?ms=50", timeout=5).json()["value"]
    r = s.get(f"{web}/text/held?ms=30", stream=True, timeout=5)
    line = next(r.iter_lines(decode_unicode=True))
    r.close()
    s.close()
    return [k, q, line]


def r221_httpx_one_connection_send_stream(web: str) -> list[str]:
    limits = httpx.Limits(max_connections=1)
    with httpx.Client(limits=limits, timeout=httpx.Timeout(5, pool=0.5)) as c:
        k = c.get(f"{web}/items/hkey?ms=50").json()["value"]
        q = c.get(f"{web}/items/{k}?ms=50").json()["value"]
        r = c.send(c.build_request("GET", f"{web}/text/hheld?ms=30"), stream=True)
        line = next(r.iter_lines())
        r.close()
    return [k, q, line]


def r221_openai_one_connection_stream_after_chain(web: str, api: str) -> list[str]:
    import openai

    http = openai.DefaultHttpxClient(limits=httpx.Limits(max_connections=1))
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=http, timeout=httpx.Timeout(5, pool=0.5))
    try:
        a = client.chat.completions.create(model="gpt", messages=_user("start"),
                                           max_tokens=4).choices[0].message.content or ""
        b = client.chat.completions.create(model="gpt", messages=_user(a),
                                           max_tokens=4).choices[0].message.content or ""
        s = client.chat.completions.create(model="gpt", messages=_user("tail"), stream=True,
                                           max_tokens=4)
        c = "".join(_delta(ch) for ch in s)
    finally:
        client.close()
    return [a, b, c]


def r221_requests_pool_one_with_stream_after_get(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True))
    k = s.get(f"{web}/items/wk?ms=50", timeout=5).json()["value"]
    q = s.get(f"{web}/items/{k}?ms=30", timeout=5).json()["value"]
    with s.get(f"{web}/text/wheld?ms=30", stream=True, timeout=5) as r:
        line = next(r.iter_lines(decode_unicode=True))
    s.close()
    return [k, q, line]


def r221_openai_one_connection_call_then_stream(web: str, api: str) -> list[str]:
    import openai

    http = openai.DefaultHttpxClient(limits=httpx.Limits(max_connections=1))
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=http, timeout=httpx.Timeout(5, pool=0.5))
    try:
        a = client.chat.completions.create(model="gpt", messages=_user("first"),
                                           max_tokens=4).choices[0].message.content or ""
        s = client.chat.completions.create(model="gpt", messages=_user("then stream"),
                                           stream=True, max_tokens=4)
        b = "".join(_delta(ch) for ch in s)
    finally:
        client.close()
    return [a, b]


def r221_anthropic_one_connection_call_then_stream(web: str, api: str) -> list[str]:
    import anthropic
    import httpx2

    http = anthropic.DefaultHttpxClient(limits=httpx2.Limits(max_connections=1))
    client = anthropic.Anthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                 max_retries=0, http_client=http,
                                 timeout=httpx2.Timeout(5, pool=0.5))
    try:
        m = client.messages.create(model="claude", max_tokens=4, messages=_user("first"))
        events = client.messages.create(model="claude", max_tokens=4, stream=True,
                                        messages=_user("then stream"))
        b = "".join(e.delta.text for e in events if e.type == "content_block_delta")
    finally:
        client.close()
    return [m.content[0].text, b]


async def r221_aiohttp_limit_one_held_response(web: str) -> list[str]:
    conn = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=conn,
                                     timeout=aiohttp.ClientTimeout(total=2)) as s:
        first = await s.get(f"{web}/items/ak?ms=50")
        k = (await first.json())["value"]
        resp = await s.get(f"{web}/text/aheld?ms=30")
        line = (await resp.content.readline()).decode().strip()
        resp.release()
    return [k, line]


def r221_requests_pool_one_stream_never_reached(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True))
    try:
        first = s.get(f"{web}/status/500", timeout=5)
        first.raise_for_status()
        r = s.get(f"{web}/text/never?ms=30", stream=True, timeout=5)
        line = next(r.iter_lines(decode_unicode=True))
        r.close()
    except requests.HTTPError as e:
        line = f"failed {e.response.status_code}"
    after = s.get(f"{web}/items/after?ms=30", timeout=5).json()["value"]
    s.close()
    return [line, after]


def r221_requests_pool_one_closing_stream_after_get(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True))
    k = s.get(f"{web}/items/ck?ms=50", timeout=5).json()["value"]
    q = s.get(f"{web}/items/{k}?ms=30", timeout=5).json()["value"]
    with contextlib.closing(s.get(f"{web}/text/cheld?ms=30", stream=True, timeout=5)) as r:
        line = next(r.iter_lines(decode_unicode=True))
    s.close()
    return [k, q, line]


def r221_requests_pool_one_request_verb_stream(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True))
    k = s.request("GET", f"{web}/items/rk?ms=50", timeout=5).json()["value"]
    q = s.request("GET", f"{web}/items/{k}?ms=30", timeout=5).json()["value"]
    r = s.request("GET", f"{web}/text/rheld?ms=30", stream=True, timeout=5)
    body = r.text
    r.close()
    s.close()
    return [k, q, body]


# =========================================================================== the list


def _seed_big(env: Env) -> None:
    requests.put(f"{env.web}/items/big", data=BIG, timeout=5)


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _oa(env: Env) -> tuple:
    return (openai_client(env), env.api)


def _oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _an(env: Env) -> tuple:
    return (anthropic_client(env), env.api)


def _an_web(env: Env) -> tuple:
    return (anthropic_client(env), env.web)


def _both(env: Env) -> tuple:
    return ((openai_client(env), anthropic_client(env)), env.api)


def _oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _web_api(env: Env) -> tuple:
    return (env.web, env.api)


def _tcp(env: Env) -> tuple:
    return (env.tcp, env.web)


def _d_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _d_api(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web, env.api))


SDK_LAT = 0.1


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, setup=_seed_big, **kw)


def _aw(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=_d_web, servers="web", ideal=ideal, setup=_seed_big, **kw)


def _llm(fn: Any, ideal: float = 1.0, args: Any = _oa, servers: str = "api", **kw: Any) -> Case:
    return Case("sdk", fn, args=args, servers=servers, latency=SDK_LAT, ideal=ideal, **kw)


def _si(clients: int, waits: int, on_path: int) -> float:
    return serial_ideal(clients, waits, on_path, SDK_LAT)


ALL += [
    # requests
    _w(r221_requests_iter_lines_print_then_get, 150 / 100, overlap=2),
    _w(r221_requests_iter_content_put_between_chunks),
    _w(r221_requests_two_streams_open, 150 / 100, overlap=2),
    _w(r221_requests_raw_read_chunks_print),
    _w(r221_requests_left_open_then_get, 140 / 80),
    _w(r221_requests_stream_status_error_then_put),
    _w(r221_requests_pool_of_one_stream_then_gets),  # one connection: one at a time
    _w(r221_requests_closing_contextlib, 130 / 90),
    _w(r221_requests_put_inside_with_then_json),
    _w(r221_requests_stream_in_comprehension, 210 / 120, overlap=3),
    _w(r221_requests_parse_error_mid_stream, cat="validation"),
    _w(r221_requests_break_on_stream_content, 1.0, cat="validation"),
    Case("files", r221_requests_stream_to_file_then_read, args=_tmp_web, servers="web",
         ideal=130 / 80, setup=_seed_big),
    Case("files", r221_requests_stream_file_then_upload, args=_tmp_web, servers="web"),
    _w(r221_generator_yields_while_open_puts, cat="helpers"),
    _w(r221_generator_closed_early_finally_puts, 180 / 130, cat="helpers"),
    _w(r221_generator_break_then_read, cat="helpers"),
    _w(r221_two_generators_zipped_print, 80 / 40, cat="helpers"),
    # httpx
    _w(r221_httpx_stream_iter_lines_print, 130 / 90),
    _w(r221_httpx_put_between_byte_chunks),
    _w(r221_httpx_read_after_block_raises),
    _w(r221_httpx_status_error_inside_stream),
    _w(r221_httpx_lines_key_gets, 230 / 110, overlap=3),  # the stream, then its 3 keys
    _w(r221_httpx_break_early_then_put_get),
    _w(r221_httpx_stream_left_open_log, 100 / 60),
    # urllib
    _w(r221_urlopen_read_chunks_with_sibling, 110 / 60, overlap=2),
    _w(r221_urlopen_put_between_chunks),
    _w(r221_urlopen_generator_left_open, cat="helpers"),
    # aiohttp and async httpx
    _aw(r221_aiohttp_iter_chunked_sibling, 120 / 70),
    _aw(r221_aiohttp_readline_print),
    _aw(r221_aiohttp_put_between_reads),
    _aw(r221_aiohttp_error_mid_iteration, cat="validation"),
    _aw(r221_async_httpx_aiter_lines, 120 / 80),
    # openai
    _llm(r221_openai_print_tokens_flush_then_call, _si(1, 2, 1), overlap=2),
    _llm(r221_openai_two_streams_open, _si(1, 2, 1), overlap=2),
    _llm(r221_openai_two_streams_zipped_print, _si(1, 2, 1), overlap=2),
    _llm(r221_openai_break_early_then_dependent),
    _llm(r221_openai_helper_generator_print_each, _si(1, 2, 1), overlap=2),
    _llm(r221_openai_put_each_chunk, args=_oa_web, servers="web api"),
    _llm(r221_openai_stream_text_as_key, args=_oa_web, servers="web api"),
    _llm(r221_openai_stream_helper_get_final),
    _llm(r221_openai_include_usage, _si(1, 2, 1), overlap=2),
    Case("validation", r221_openai_bad_stream_then_call, args=_oa, servers="api",
         latency=SDK_LAT),
    _llm(r221_openai_stream_with_block_log),
    _llm(r221_openai_streams_then_judge, _si(1, 3, 2), overlap=2),
    Case("validation", r221_openai_stream_exception_mid, args=_oa, servers="api",
         latency=SDK_LAT, ideal=_si(1, 2, 1)),
    Case("validation", r221_openai_stream_raise_uncaught_later_call, args=_oa,
         servers="api", latency=SDK_LAT),
    _llm(r221_openai_stop_when_stream_says, args=_oa_web, servers="web api"),
    # anthropic
    _llm(r221_anthropic_text_stream_print_final, args=_an),
    _llm(r221_anthropic_create_stream_events, args=_an),
    _llm(r221_anthropic_two_streams_nested, _si(1, 2, 1), args=_an),
    _llm(r221_anthropic_break_then_next_call, args=_an),
    _llm(r221_anthropic_stream_put_get, args=_an_web, servers="web api"),
    _llm(r221_anthropic_stream_and_openai_stream, serial_ideal(2, 2, 1, SDK_LAT), args=_both),
    Case("sdk", r221_async_openai_stream_print, drive=_d_api, servers="web api",
         latency=SDK_LAT, ideal=_si(1, 2, 1), overlap=2),
    Case("sdk", r221_async_anthropic_text_stream_put, drive=_d_api, servers="web api",
         latency=SDK_LAT),
    # raw tcp beside http
    Case("socket", r221_socket_makefile_lines_and_http, args=_tcp, servers="tcp web",
         ideal=(60 + 50 + 30 + 60) / 140),
    # more: lazy generators, printing helpers, hooks, closers
    _w(r221_lazy_generator_reads_after_put, 180 / 140, cat="helpers"),
    _w(r221_genexp_reads_between_puts, cat="helpers"),
    _w(r221_next_on_tee_generator_that_puts, cat="helpers"),
    _w(r221_noisy_generator_helper_prints, 2.0, cat="helpers"),
    _llm(r221_printing_stream_helper_twice, _si(1, 2, 1), overlap=2),
    _llm(r221_sys_stdout_write_tokens, _si(1, 2, 1)),
    _w(r221_closing_user_feed_close_puts, 180 / 140, cat="helpers"),
    _w(r221_exitstack_stream_and_callback_put, 170 / 130, cat="helpers"),
    _w(r221_requests_response_hook_prints, 120 / 80),
    _w(r221_httpx_event_hook_prints_stream, 110 / 70),
    _llm(r221_openai_with_streaming_response_lines, _si(1, 2, 1)),
    Case("files", r221_stream_tokens_file_and_independent_call, args=_oa_tmp, servers="api",
         latency=SDK_LAT, ideal=_si(1, 2, 1), overlap=2),
    _llm(r221_openai_streams_in_dict_comprehension, _si(1, 3, 1), overlap=3),
    _llm(r221_anthropic_text_stream_helper_generator, _si(1, 2, 1), args=_an),
    Case("validation", r221_anthropic_exception_mid_text_stream, args=_an, servers="api",
         latency=SDK_LAT, ideal=_si(1, 2, 1)),
    _w(r221_requests_stream_status_loop_break, cat="validation"),
    _w(r221_log_each_line_with_sibling, 140 / 90),
    _llm(r221_openai_break_no_close_then_put, args=_oa_web, servers="web api"),
    _w(r221_stream_exception_finally_put, cat="validation"),
    _w(r221_iter_content_twice_raises, cat="validation"),
    Case("sdk", r221_async_openai_two_streams_open, drive=_d_api, servers="web api",
         latency=SDK_LAT, ideal=_si(1, 2, 1)),
    _w(r221_urlopen_first_lines_of_keys, 180 / 90, overlap=3),
    _w(r221_generator_pipeline_puts, cat="helpers"),
    # one connection: a stream holds it until read
    _w(r221_requests_pool_one_stream_after_dependent, cat="clients"),
    _w(r221_httpx_one_connection_send_stream, cat="clients"),
    Case("clients", r221_openai_one_connection_stream_after_chain, args=_web_api,
         servers="web api", latency=SDK_LAT),
    _w(r221_requests_pool_one_with_stream_after_get, cat="clients"),
    _w(r221_requests_pool_one_stream_never_reached, cat="clients", speculative_reads=True),
    _w(r221_requests_pool_one_closing_stream_after_get, cat="clients"),
    _w(r221_requests_pool_one_request_verb_stream, cat="clients"),
    Case("clients", r221_openai_one_connection_call_then_stream, args=_web_api,
         servers="web api", latency=SDK_LAT),
    Case("clients", r221_anthropic_one_connection_call_then_stream, args=_web_api,
         servers="web api", latency=SDK_LAT),
    _aw(r221_aiohttp_limit_one_held_response, cat="clients"),
]

_HELD = ("on a `requests.Session` whose mounted `HTTPAdapter` holds one connection and blocks "
         "for it (`pool_maxsize=1, pool_block=True`), the `s.get(..., stream=True)` after "
         "the first GET is taken for an order-free read and started at the top of the "
         "function beside it; a streamed response keeps its connection until it is read "
         "or closed, which only the function's own later statements do")
# Differed when written (hung); fixed since (`_packages._streamed`: a session's streamed read
# on a pool that blocks when full runs at its own place):
FIXED_WHY: dict[str, str] = {
    "r221_requests_pool_one_stream_after_dependent":
        f"hangs under jit (plain returns in 0.15 s): {_HELD}, so the GETs of `k` and `q` "
        "wait on the pool forever while the function waits for them (the server never "
        "sees GET /items/v-key, often not GET /items/key either)",
    "r221_requests_pool_one_stream_never_reached":
        f"hangs under jit (plain returns): {_HELD}; here the plain run never sends it (the "
        "GET of /status/500 raises first), but under jit it is sent beside that GET: either "
        "it takes the pool's only connection first and the GET of /status/500 waits "
        "forever, or it takes it next and holds it past the exception, and the GET of "
        "/items/after waits forever (both seen)",
    "r221_requests_pool_one_request_verb_stream":
        f"hangs under jit (plain returns in 0.15 s): {_HELD} (spelled `s.request('GET', ..., "
        "stream=True)`); whichever of it and the GET of `k` gets the connection first, the "
        "stream holds it while the function waits for `k` or `q` (the server never sees "
        "GET /items/v-rk)",
    "r221_requests_pool_one_closing_stream_after_get":
        f"hangs under jit (plain returns in 0.15 s): {_HELD} (here the argument of "
        "`contextlib.closing(...)` in a `with` item); the GETs of `k` and `q` wait on the "
        "pool forever",
    "r221_requests_pool_one_with_stream_after_get":
        f"hangs under jit (plain returns in 0.12 s): {_HELD} (here the `with` item `with "
        "s.get(..., stream=True) as r`, whose block would close it only after `q`); the GET "
        "of `q` (never seen by the server) waits on the pool forever (as first written, "
        "without the dependent `q`, it passed in every run: the GET of `k` won the race for "
        "the connection and the stream took it only after `k` was done)",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
