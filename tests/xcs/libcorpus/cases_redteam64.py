"""Red-team cases (stop 64): streaming and paginated responses.

SSE streams from the openai and anthropic SDKs (``stream=True``, ``messages.stream``,
``with_streaming_response``), chunks accumulated, printed, logged and written to files;
``requests.get(..., stream=True)`` with ``iter_lines``/``iter_content``/``raw``;
``httpx.Client.stream`` and its async twin; chunked downloads into files; cursor and
next-key pagination walked by loops and by generators; streams consumed only in part or
closed early (a ``break``); two streams interleaved; a stream's text fed into the next
call; generators wrapping streams; responses used as context managers. Sibling calls get
unequal latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import requests

from ember.api import models
from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam64")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def _delta(chunk: Any) -> str:
    if chunk.choices and chunk.choices[0].delta.content:
        return chunk.choices[0].delta.content
    return ""


def _ostream(client: Any, q: str, lat: float, **kw: Any) -> Any:
    return client.chat.completions.create(model="gpt", messages=[user(q)], stream=True,
                                          extra_body={"latency": lat}, **kw)


# =========================================================================== openai streams


def oa_stream_usage_totals(client: Any) -> dict[str, Any]:
    """`include_usage`: the last chunk carries the usage; tokens are summed per prompt."""
    totals: dict[str, int] = {}
    texts = []
    for q, lat in (("Explain tides", 0.15), ("Explain wind", 0.03), ("Explain rain", 0.08)):
        stream = _ostream(client, q, lat, stream_options={"include_usage": True})
        text = ""
        for chunk in stream:
            text += _delta(chunk)
            if chunk.usage is not None:
                totals[q] = chunk.usage.total_tokens
        texts.append(text[:24])
    return {"totals": totals, "texts": texts, "sum": sum(totals.values())}


def oa_stream_fed_into_next(client: Any) -> list[str]:
    """Each streamed answer becomes the next prompt: a chain, nothing overlaps."""
    prompt = "Start a story about a lighthouse"
    out = []
    for lat in (0.12, 0.04, 0.08):
        text = "".join(_delta(c) for c in _ostream(client, prompt, lat))
        out.append(text[:30])
        prompt = "Continue: " + text[-40:]
    return out


def oa_two_streams_zipped(client: Any) -> list[str]:
    """Two streams opened, then read chunk by chunk in turn (the slow one first)."""
    a = _ostream(client, "Describe a forest", 0.15)
    b = _ostream(client, "Describe a desert", 0.03)
    merged = []
    for ca, cb in itertools.zip_longest(a, b):
        if ca is not None and _delta(ca):
            merged.append("A" + str(len(_delta(ca))))
        if cb is not None and _delta(cb):
            merged.append("B" + str(len(_delta(cb))))
    return merged[:12]


def _token_gen(client: Any, q: str, lat: float) -> Iterator[str]:
    for chunk in _ostream(client, q, lat):
        piece = _delta(chunk)
        if piece:
            yield piece


def oa_generator_wrapping_stream(client: Any) -> list[int]:
    """A generator yields the pieces; the caller counts them per prompt."""
    counts = []
    for q, lat in (("List fruits", 0.15), ("List colors", 0.03), ("List tools", 0.07)):
        n = 0
        for piece in _token_gen(client, q, lat):
            n += len(piece)
        counts.append(n)
    return counts


def oa_generator_first_piece_only(client: Any) -> list[str]:
    """`next()` on a generator wrapping a stream: the rest is never read."""
    firsts = []
    for q, lat in (("Name a river", 0.15), ("Name a lake", 0.03)):
        gen = _token_gen(client, q, lat)
        firsts.append(next(gen))
        gen.close()
    return firsts


def oa_stream_break_then_put(client: Any, web: str) -> list[str]:
    """A stream cut short after a few words; the partial text is saved with a PUT."""
    out = []
    for q, lat in (("Long essay on bridges", 0.15), ("Long essay on tunnels", 0.03)):
        stream = _ostream(client, q, lat)
        words = []
        for chunk in stream:
            if _delta(chunk).strip():
                words.append(_delta(chunk).strip())
            if len(words) >= 4:
                break
        stream.close()
        key = q.split()[-1]
        r = requests.put(f"{web}/items/draft-{key}", data=" ".join(words), timeout=5)
        out.append(f"{key}:{r.json()['version']}:{' '.join(words)}")
    return out


def oa_stream_printed_live(client: Any) -> int:
    """Pieces printed as they come, flush=True, then a newline per answer."""
    total = 0
    for q, lat in (("Haiku about frost", 0.15), ("Haiku about sun", 0.03)):
        print(f"[{q}] ", end="")
        for chunk in _ostream(client, q, lat):
            piece = _delta(chunk)
            print(piece, end="", flush=True)
            total += len(piece)
        print()
    return total


def oa_stream_logged_every_few_chunks(client: Any) -> list[int]:
    counts = []
    for q, lat in (("Summarize war and peace", 0.15), ("Summarize hamlet", 0.03)):
        n = 0
        for chunk in _ostream(client, q, lat):
            if _delta(chunk):
                n += 1
                if n % 5 == 0:
                    LOG.info("%s: %d chunks so far", q, n)
        LOG.info("%s: done with %d chunks", q, n)
        counts.append(n)
    return counts


def oa_stream_to_jsonl(client: Any, tmp: str) -> list[dict[str, Any]]:
    """Each finished stream is one JSON line; the file is read back at the end."""
    path = Path(tmp) / "answers.jsonl"
    for q, lat in (("Why is the sea salty", 0.15), ("Why do cats purr", 0.03),
                   ("Why is ice slippery", 0.08)):
        text, finish = "", None
        for chunk in _ostream(client, q, lat):
            text += _delta(chunk)
            if chunk.choices and chunk.choices[0].finish_reason:
                finish = chunk.choices[0].finish_reason
        with open(path, "a") as f:
            f.write(json.dumps({"q": q, "n": len(text), "finish": finish}) + "\n")
    return [json.loads(line) for line in path.read_text().splitlines()]


def oa_stream_as_context_manager(client: Any) -> list[str]:
    out = []
    for q, lat in (("Define entropy", 0.15), ("Define enthalpy", 0.03)):
        with _ostream(client, q, lat) as stream:
            text = "".join(_delta(c) for c in stream)
        out.append(text[:25])
    return out


def oa_helper_stream_events(client: Any) -> list[Any]:
    """`client.chat.completions.stream(...)`: content.delta events and the final completion."""
    out: list[Any] = []
    for q, lat in (("Describe mars", 0.15), ("Describe venus", 0.03)):
        with client.chat.completions.stream(model="gpt", messages=[user(q)],
                                            extra_body={"latency": lat}) as s:
            deltas = 0
            for event in s:
                if event.type == "content.delta":
                    deltas += 1
            final = s.get_final_completion()
        out.append([deltas, final.choices[0].message.content[:20]])
    return out


def oa_streaming_response_iter_lines(client: Any) -> list[int]:
    """The raw SSE lines of a stream through `with_streaming_response`."""
    out = []
    for q, lat in (("Raw one", 0.15), ("Raw two", 0.03)):
        with client.chat.completions.with_streaming_response.create(
                model="gpt", messages=[user(q)], stream=True,
                extra_body={"latency": lat}) as resp:
            data_lines = [ln for ln in resp.iter_lines() if ln.startswith("data:")]
        out.append(len(data_lines))
    return out


def oa_stream_bad_request_then_next(client: Any) -> list[str]:
    """A stream with a bad temperature fails at create; the loop records and goes on."""
    out = []
    for q, lat, temp in (("ok first", 0.15, 0.5), ("bad", 0.03, 9.0), ("ok last", 0.06, 0.2)):
        try:
            stream = client.chat.completions.create(
                model="gpt", messages=[user(q)], stream=True, temperature=temp,
                extra_body={"latency": lat})
            out.append("".join(_delta(c) for c in stream)[:15])
        except openai.BadRequestError as e:
            out.append(f"bad {e.status_code}")
    return out


def oa_streams_then_nonstream_judge(client: Any) -> str:
    """Two streamed drafts, then a plain call judging them: the judge depends on both."""
    drafts = []
    for q, lat in (("Draft slogan for tea", 0.15), ("Draft slogan for coffee", 0.03)):
        drafts.append("".join(_delta(c) for c in _ostream(client, q, lat)))
    r = client.chat.completions.create(
        model="judge", messages=[user("Pick the best: " + " | ".join(d[:30] for d in drafts))],
        extra_body={"latency": 0.05})
    return r.choices[0].message.content[:30]


def oa_stream_text_hashed_to_files(client: Any, tmp: str) -> list[str]:
    """Streamed pieces written straight into a file per prompt, hashed afterwards."""
    out = []
    for name, lat in (("north", 0.15), ("south", 0.03), ("east", 0.07)):
        path = Path(tmp) / f"{name}.txt"
        with open(path, "w") as f:
            for chunk in _ostream(client, f"Describe the {name}", lat):
                f.write(_delta(chunk))
        out.append(hashlib.sha256(path.read_bytes()).hexdigest()[:12])
    return out


# =========================================================================== anthropic streams


def an_stream_final_message_usage(client: Any) -> list[Any]:
    out = []
    for q, lat in (("Describe coral", 0.15), ("Describe kelp", 0.03), ("Describe sand", 0.08)):
        with client.messages.stream(model="claude", max_tokens=64, messages=[user(q)],
                                    extra_body={"latency": lat}) as s:
            msg = s.get_final_message()
        out.append([msg.stop_reason, msg.usage.output_tokens, msg.content[0].text[:15]])
    return out


def an_stream_event_types(client: Any) -> list[dict[str, int]]:
    out = []
    for q, lat in (("Events one", 0.15), ("Events two", 0.03)):
        counts: dict[str, int] = {}
        with client.messages.stream(model="claude", max_tokens=64, messages=[user(q)],
                                    extra_body={"latency": lat}) as s:
            for event in s:
                counts[event.type] = counts.get(event.type, 0) + 1
        out.append(counts)
    return out


def an_create_stream_true_raw_events(client: Any) -> list[str]:
    """`messages.create(stream=True)`: raw events, text from content_block_delta."""
    out = []
    for q, lat in (("Raw claude one", 0.15), ("Raw claude two", 0.03)):
        stream = client.messages.create(model="claude", max_tokens=64, messages=[user(q)],
                                        stream=True, extra_body={"latency": lat})
        text = ""
        for event in stream:
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                text += event.delta.text
        out.append(text[:25])
    return out


def an_text_stream_appended_to_file(client: Any, tmp: str) -> str:
    path = Path(tmp) / "transcript.md"
    for q, lat in (("Chapter one", 0.15), ("Chapter two", 0.03)):
        with client.messages.stream(model="claude", max_tokens=64, messages=[user(q)],
                                    extra_body={"latency": lat}) as s, open(path, "a") as f:
            f.write(f"## {q}\n")
            for text in s.text_stream:
                f.write(text)
            f.write("\n")
    return path.read_text()


def an_stream_break_after_first_sentence(client: Any) -> list[str]:
    out = []
    for q, lat in (("Tell a long tale", 0.15), ("Tell a short tale", 0.03)):
        buf = ""
        with client.messages.stream(model="claude", max_tokens=128, messages=[user(q)],
                                    extra_body={"latency": lat}) as s:
            for text in s.text_stream:
                buf += text
                if len(buf.split()) >= 5:
                    break
        out.append(buf)
    return out


def an_stream_conversation_turns(client: Any) -> list[str]:
    """A chat whose assistant turns are streamed and appended to the history."""
    history: list[dict[str, Any]] = []
    out = []
    for q, lat in (("Hi, who are you?", 0.12), ("What can you do?", 0.04),
                   ("Thanks, bye", 0.07)):
        history.append(user(q))
        with client.messages.stream(model="claude", max_tokens=64, messages=history,
                                    extra_body={"latency": lat}) as s:
            reply = "".join(s.text_stream)
        history.append({"role": "assistant", "content": reply})
        out.append(reply[:20])
    return out


def an_stream_printed_with_prefix(client: Any) -> int:
    n = 0
    for q, lat in (("Ode to rivers", 0.15), ("Ode to hills", 0.03)):
        with client.messages.stream(model="claude", max_tokens=64, messages=[user(q)],
                                    extra_body={"latency": lat}) as s:
            for text in s.text_stream:
                print(f"{q[:3]}> {text!r}")
                n += 1
    return n


# =========================================================================== requests streams


def rq_iter_content_downloads(web: str, tmp: str) -> list[str]:
    """Chunked downloads, each into its own file, then the sizes and hashes."""
    out = []
    for key, ms in (("big", 150), ("small", 30), ("mid", 80)):
        dest = Path(tmp) / f"{key}.txt"
        with requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5) as r:
            r.raise_for_status()
            with open(dest, "wb") as f:
                for chunk in r.iter_content(chunk_size=7):
                    f.write(chunk)
        out.append(f"{dest.name}:{dest.stat().st_size}:"
                   f"{hashlib.md5(dest.read_bytes()).hexdigest()[:8]}")
    return out


def rq_iter_lines_decode_unicode(web: str) -> list[str]:
    lines = []
    for key, ms in (("alpha", 150), ("beta", 30)):
        r = requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5)
        for line in r.iter_lines(decode_unicode=True):
            if line:
                lines.append(line.upper())
        r.close()
    return lines


def rq_raw_read_in_pieces(web: str) -> list[str]:
    out = []
    for key, ms in (("rawa", 150), ("rawb", 30)):
        with requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5) as r:
            head = r.raw.read(6)
            rest = r.raw.read()
        out.append(f"{head.decode()}|{len(rest)}")
    return out


def rq_first_line_then_close_then_get(web: str) -> list[str]:
    """Only the first line is read; then a plain GET that does not depend on it."""
    r = requests.get(f"{web}/text/headline?ms=150", stream=True, timeout=5)
    first = next(r.iter_lines()).decode()
    r.close()
    other = requests.get(f"{web}/items/sidebar?ms=30", timeout=5).json()["value"]
    return [first, other]


def rq_stream_lines_each_put(web: str) -> list[Any]:
    """Every streamed line is sent on with a PUT, in order."""
    versions = []
    with requests.get(f"{web}/text/feed?ms=120", stream=True, timeout=5) as r:
        for i, line in enumerate(r.iter_lines()):
            resp = requests.put(f"{web}/items/line-{i}", data=line, timeout=5)
            versions.append(resp.json()["version"])
    listing = requests.get(f"{web}/items", timeout=5).json()
    return [versions, listing]


def rq_session_stream_two_then_read_both(web: str) -> list[str]:
    """Two streamed responses open at once on one session, read in reverse order."""
    with requests.Session() as s:
        slow = s.get(f"{web}/text/slowdoc?ms=150", stream=True, timeout=5)
        fast = s.get(f"{web}/text/fastdoc?ms=30", stream=True, timeout=5)
        b = fast.text
        a = slow.text
        slow.close()
        fast.close()
    return [a.splitlines()[0], b.splitlines()[-1]]


def rq_json_stream_into_bytesio(web: str) -> list[Any]:
    """A JSON body streamed into a BytesIO, then parsed."""
    out = []
    for key, ms in (("cfg-main", 150), ("cfg-extra", 30)):
        buf = io.BytesIO()
        with requests.get(f"{web}/items/{key}?ms={ms}", stream=True, timeout=5) as r:
            for chunk in r.iter_content(4):
                buf.write(chunk)
        out.append(json.loads(buf.getvalue())["value"])
    return out


def rq_stream_status_check_before_body(web: str) -> list[Any]:
    """The status is checked before the body is read; a 404 stream is skipped."""
    out: list[Any] = []
    for path in ("/status/200?ms=150", "/status/404?ms=30", "/text/after?ms=60"):
        with requests.get(web + path, stream=True, timeout=5) as r:
            if r.status_code != 200:
                out.append(f"skip {r.status_code}")
                continue
            out.append(r.content.decode()[:12])
    return out


# =========================================================================== httpx streams


def hx_client_stream_lines(web: str) -> list[str]:
    lines = []
    with httpx.Client(timeout=5) as client:
        for key, ms in (("hxa", 150), ("hxb", 30), ("hxc", 70)):
            with client.stream("GET", f"{web}/text/{key}", params={"ms": ms}) as r:
                for line in r.iter_lines():
                    if line:
                        lines.append(line)
    return lines


def hx_stream_bytes_to_file(web: str, tmp: str) -> list[int]:
    sizes = []
    with httpx.Client(timeout=5) as client:
        for key, ms in (("dl1", 150), ("dl2", 30)):
            path = Path(tmp) / f"{key}.bin"
            with client.stream("GET", f"{web}/text/{key}?ms={ms}") as r, open(path, "wb") as f:
                for chunk in r.iter_bytes(chunk_size=5):
                    f.write(chunk)
            sizes.append(path.stat().st_size)
    return sizes


def hx_stream_break_then_write(web: str) -> list[Any]:
    """The stream is left after its first line; the line is POSTed."""
    with httpx.Client(timeout=5) as client:
        with client.stream("GET", f"{web}/text/ticker?ms=150") as r:
            first = ""
            for line in r.iter_lines():
                first = line
                break
        saved = client.post(f"{web}/items/ticker-head", content=first).json()
        check = client.get(f"{web}/items/ticker-head?ms=30").json()
    return [first, saved["version"], check["value"]]


def hx_nested_streams_inner_first(web: str) -> list[str]:
    with httpx.Client(timeout=5) as client, \
            client.stream("GET", f"{web}/text/outer?ms=150") as outer, \
            client.stream("GET", f"{web}/text/inner?ms=30") as inner:
        b = inner.read().decode()
        a = outer.read().decode()
    return [a.split("\n")[0], b.split("\n")[0]]


def hx_stream_read_status_only(web: str) -> list[int]:
    """Streams opened only to look at the status: the body is never read."""
    codes = []
    with httpx.Client(timeout=5) as client:
        for code, ms in ((500, 150), (200, 30), (404, 60)):
            with client.stream("GET", f"{web}/status/{code}?ms={ms}") as r:
                codes.append(r.status_code)
    return codes


async def ahx_gather_streams(web: str) -> list[list[str]]:
    async def lines(client: httpx.AsyncClient, key: str, ms: int) -> list[str]:
        got = []
        async with client.stream("GET", f"{web}/text/{key}?ms={ms}") as r:
            async for line in r.aiter_lines():
                if line:
                    got.append(line)
        return got

    async with httpx.AsyncClient(timeout=5) as client:
        return list(await asyncio.gather(lines(client, "ga", 150), lines(client, "gb", 30)))


async def ahx_stream_then_put_sequential(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as client:
        out = []
        for key, ms in (("sa", 150), ("sb", 30)):
            async with client.stream("GET", f"{web}/text/{key}?ms={ms}") as r:
                body = (await r.aread()).decode()
            w = await client.put(f"{web}/items/copy-{key}", content=body.splitlines()[-1])
            out.append(w.json()["version"])
        return out


# =========================================================================== pagination


def _seed_pages(web: str, feed: str, n: int) -> None:
    """Page i's value names page i+1 (the cursor); the last page's value is END."""
    for i in range(n):
        nxt = f"{feed}-{i + 1}" if i + 1 < n else "END"
        requests.put(f"{web}/items/{feed}-{i}", data=nxt, timeout=5)


def cursor_walk_after_seeding(web: str) -> list[str]:
    """PUT a chain of pages, then walk it by cursor: every GET waits on the one before."""
    _seed_pages(web, "feed", 4)
    cursor, seen = "feed-0", []
    while cursor != "END" and len(seen) < 10:
        seen.append(cursor)
        cursor = requests.get(f"{web}/items/{cursor}?ms=40", timeout=5).json()["value"]
    return seen


def _paged(web: str, keys: list[str], ms: list[int]) -> Iterator[dict[str, Any]]:
    for key, wait in zip(keys, ms, strict=True):
        LOG.info("fetching page %s", key)
        yield requests.get(f"{web}/items/{key}?ms={wait}", timeout=5).json()


def generator_pages_islice_two(web: str) -> list[str]:
    """Only two of three pages are taken: the third is never asked for."""
    pages = _paged(web, ["pg1", "pg2", "pg3"], [150, 30, 60])
    return [p["value"] for p in itertools.islice(pages, 2)]


def generator_pages_printing_consumer(web: str) -> list[str]:
    out = []
    for page in _paged(web, ["pa", "pb", "pc"], [150, 30, 60]):
        print("got", page["key"])
        out.append(page["value"])
    return out


def generator_pages_stop_on_value(web: str) -> list[str]:
    """The loop stops when a page says so; pages after it are not fetched."""
    out = []
    for page in _paged(web, ["stop-a", "missing-b", "stop-c"], [150, 30, 60]):
        if "error" in page:
            out.append("halt")
            break
        out.append(page["value"])
    return out


def pages_then_write_summary(web: str) -> dict[str, Any]:
    """Read pages by number until a short page, then PUT a summary."""
    items: list[str] = []
    page = 0
    while page < 5:
        keys = [f"p{page}-{i}" for i in range(3 - page)]
        if not keys:
            break
        for k in keys:
            items.append(requests.get(f"{web}/items/{k}?ms={120 - 40 * page}",
                                      timeout=5).json()["value"])
        page += 1
    r = requests.put(f"{web}/items/summary", data=",".join(items), timeout=5)
    return {"n": len(items), "version": r.json()["version"]}


def link_header_like_next(web: str) -> list[str]:
    """`next` comes from the body like a Link header's rel=next; an absent key ends it."""
    _seed_pages(web, "lk", 3)
    url: str | None = f"{web}/items/lk-0?ms=60"
    got = []
    while url is not None:
        body = requests.get(url, timeout=5).json()
        got.append(body["key"])
        url = None if body["value"] == "END" else f"{web}/items/{body['value']}?ms=30"
    return got


def an_batches_listed_after_creates(client: Any) -> list[str]:
    """Two batches created, then the auto-paging list walked."""
    for n in (2, 1):
        client.messages.batches.create(requests=[
            {"custom_id": f"r{i}", "params": {"model": "claude", "max_tokens": 8,
                                              "messages": [user(f"q{i}")]}}
            for i in range(n)])
    return [f"{b.id}:{b.request_counts.processing}" for b in client.messages.batches.list()]


def oa_files_pages_then_stream(client: Any) -> list[str]:
    """Upload, list (a page), then stream a chat about the names."""
    client.files.create(file=("notes.txt", b"alpha beta"), purpose="assistants")
    names = [f.filename for f in client.files.list()]
    text = "".join(_delta(c) for c in _ostream(client, "Files: " + ",".join(names), 0.05))
    return names + [text[:20]]


# =========================================================================== ember streams


def ember_stream_fed_to_openai(client: Any) -> list[str]:
    s = models.stream("sim/gpt", "Give a topic", latency=0.12)
    topic = "".join(s)
    r = client.chat.completions.create(model="gpt", messages=[user("Expand: " + topic[:30])],
                                       extra_body={"latency": 0.03})
    return [topic[:20], r.choices[0].message.content[:20]]


def ember_two_streams_then_usage(client: Any) -> list[Any]:
    a = models.stream("sim/gpt", "Slow topic", latency=0.15)
    b = models.stream("sim/gpt", "Fast topic", latency=0.03)
    ta, tb = "".join(a), "".join(b)
    return [len(ta), len(tb), a.result.usage.total_tokens, b.result.usage.total_tokens]


# =========================================================================== async SDK streams


async def aoa_gather_streams(client: Any) -> list[str]:
    async def one(q: str, lat: float) -> str:
        stream = await client.chat.completions.create(
            model="gpt", messages=[user(q)], stream=True, extra_body={"latency": lat})
        return "".join([_delta(c) async for c in stream])

    got = await asyncio.gather(one("Async slow", 0.15), one("Async fast", 0.03))
    return [g[:20] for g in got]


async def aan_stream_sequential_print(client: Any) -> list[str]:
    out = []
    for q, lat in (("Async claude slow", 0.15), ("Async claude fast", 0.03)):
        async with client.messages.stream(model="claude", max_tokens=64, messages=[user(q)],
                                          extra_body={"latency": lat}) as s:
            text = ""
            async for piece in s.text_stream:
                text += piece
        print("done", q, len(text))
        out.append(text[:20])
    return out


# =========================================================================== round 2: shapes the JIT overlaps


def oa_streams_opened_in_comprehension(client: Any) -> list[int]:
    """All streams opened by a comprehension, then drained one by one."""
    qs = [("Comp slow", 0.15), ("Comp fast", 0.03), ("Comp mid", 0.08)]
    streams = [_ostream(client, q, lat) for q, lat in qs]
    return [len("".join(_delta(c) for c in s)) for s in streams]


def rq_search_streams_until_found(web: str) -> list[str]:
    """Streamed GETs in a loop that stops at the first 404: later keys are never asked."""
    seen = []
    for key, ms in (("hit-a", 150), ("missing-b", 30), ("hit-c", 60), ("hit-d", 40)):
        with requests.get(f"{web}/items/{key}?ms={ms}", stream=True, timeout=5) as r:
            if r.status_code == 404:
                seen.append("stop at " + key)
                break
            seen.append(next(r.iter_content(64)).decode()[:20])
    return seen


def genexp_pages_break_on_value(web: str) -> list[str]:
    """A generator expression of GETs, consumed until a value says stop."""
    keys = ["ge-1", "ge-stop", "ge-3", "ge-4"]
    pages = (requests.get(f"{web}/items/{k}?ms={150 - 30 * i}", timeout=5).json()
             for i, k in enumerate(keys))
    out = []
    for page in pages:
        out.append(page["value"])
        if page["key"].endswith("stop"):
            break
    return out


def stream_get_then_put_then_read_body(web: str) -> list[str]:
    """A streamed GET answered, a PUT to the same key, then the body is read."""
    r = requests.get(f"{web}/items/doc?ms=120", stream=True, timeout=5)
    requests.put(f"{web}/items/doc", data="rewritten", timeout=5)
    before = r.json()["value"]
    after = requests.get(f"{web}/items/doc?ms=30", timeout=5).json()["value"]
    return [before, after]


def hx_put_inside_open_stream(web: str) -> list[str]:
    """A write sent while a stream on the same key is still open."""
    with httpx.Client(timeout=5) as client:
        with client.stream("GET", f"{web}/items/note?ms=120") as r:
            client.put(f"{web}/items/note", content="changed")
            old = json.loads(r.read())["value"]
        new = client.get(f"{web}/items/note?ms=30").json()["value"]
    return [old, new]


def stream_lines_drive_gets(web: str) -> list[str]:
    """Each line of a streamed text names a key to GET; the values are printed."""
    out = []
    with requests.get(f"{web}/text/index?ms=60", stream=True, timeout=5) as r:
        for i, line in enumerate(r.iter_lines(decode_unicode=True)):
            key = line.replace(" ", "-")
            v = requests.get(f"{web}/items/{key}?ms={150 - 50 * i}", timeout=5).json()["value"]
            print("line", i, v)
            out.append(v)
    return out


def _writer_gen(web: str, keys: list[str]) -> Iterator[str]:
    """A generator that PUTs before each yield."""
    for i, k in enumerate(keys):
        requests.put(f"{web}/items/gen-{k}", data=str(i), timeout=5)
        yield k


def generator_puts_consumer_gets(web: str) -> list[str]:
    out = []
    for k in _writer_gen(web, ["a", "b", "c"]):
        out.append(requests.get(f"{web}/items/gen-{k}?ms=40", timeout=5).json()["value"])
    return out


def iter_lines_generators_made_then_drained(web: str) -> list[str]:
    """Line iterators built for several streams first, then one line taken from each."""
    its = []
    for key, ms in (("ila", 150), ("ilb", 30), ("ilc", 80)):
        its.append(requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5)
                   .iter_lines())
    return [next(it).decode() for it in its]


def streams_in_dict_read_sorted(web: str) -> dict[str, str]:
    resps = {}
    for key, ms in (("zeta", 150), ("alpha", 30), ("mu", 80)):
        resps[key] = requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5)
    out = {}
    for key in sorted(resps):
        out[key] = resps[key].text.splitlines()[1]
        print("read", key)
        resps[key].close()
    return out


def chunk_counter_global_print(web: str) -> list[int]:
    """Chunks of several downloads counted per download and printed as they go."""
    counts = []
    for key, ms in (("cc1", 150), ("cc2", 30), ("cc3", 80)):
        r = requests.get(f"{web}/text/{key}?ms={ms}", stream=True, timeout=5)
        n = 0
        for _chunk in r.iter_content(chunk_size=10):
            n += 1
        print(key, "chunks", n)
        counts.append(n)
    return counts


def oa_stream_per_item_then_put_each(client: Any, web: str) -> list[Any]:
    """Streamed answers saved with a PUT each: the PUTs keep their order."""
    out = []
    for q, lat in (("Item slow", 0.15), ("Item fast", 0.03), ("Item mid", 0.08)):
        text = "".join(_delta(c) for c in _ostream(client, q, lat))
        r = requests.put(f"{web}/items/ans-{q.split()[1]}", data=text[:20], timeout=5)
        out.append(r.json()["version"])
    return out


def oa_streams_zip_with_gets(client: Any, web: str) -> list[str]:
    """A GET and a stream per item; the GET's value goes into the printed line."""
    out = []
    for key, ms, lat in (("u1", 150, 0.03), ("u2", 30, 0.15)):
        meta = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        text = "".join(_delta(c) for c in _ostream(client, f"about {meta}", lat))
        print(meta, len(text))
        out.append(f"{meta}:{text[:10]}")
    return out


# =========================================================================== round 3: pages the JIT may run ahead


def numbered_pages_until_404(web: str) -> list[str]:
    """Pages by number until the API answers 404: the pages past it are never asked."""
    out = []
    for n in range(5):
        key = f"missing-pg{n}" if n == 2 else f"pg{n}"
        r = requests.get(f"{web}/items/{key}?ms={150 - 40 * n}", timeout=5)
        if r.status_code == 404:
            break
        out.append(r.json()["value"])
    return out


def numbered_pages_until_short_value(web: str) -> list[str]:
    """A page whose value is short ends the walk (a has_more=false read from the body)."""
    out = []
    for n in range(5):
        value = requests.get(f"{web}/items/{'x' * (4 - n)}{n}?ms={150 - 30 * n}",
                             timeout=5).json()["value"]
        out.append(value)
        if len(value) < 6:
            break
    return out


def plain_get_body_iter_lines_print(web: str) -> list[str]:
    """Non-streamed GETs whose bodies are walked with iter_lines and printed."""
    got = []
    for key, ms in (("pl1", 150), ("pl2", 30), ("pl3", 80)):
        r = requests.get(f"{web}/text/{key}?ms={ms}", timeout=5)
        for line in r.iter_lines(decode_unicode=True):
            print(line)
            got.append(line)
    return got


def plain_get_chunks_to_one_file(web: str, tmp: str) -> str:
    """Non-streamed GETs, each body written to one file in chunks."""
    path = Path(tmp) / "all.txt"
    with open(path, "w") as f:
        for key, ms in (("fa", 150), ("fb", 30), ("fc", 80)):
            r = requests.get(f"{web}/text/{key}?ms={ms}", timeout=5)
            for chunk in r.iter_content(chunk_size=9, decode_unicode=True):
                f.write(chunk)
    return path.read_text()


async def _aiter_values(client: httpx.AsyncClient, web: str, keys: list[str]) -> Any:
    for i, k in enumerate(keys):
        r = await client.get(f"{web}/items/{k}?ms={150 - 40 * i}")
        yield r.json()["value"]


async def async_gen_pages_break(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(timeout=5) as client:
        async for v in _aiter_values(client, web, ["ag1", "ag2", "ag3", "ag4"]):
            out.append(v)
            if v.endswith("2"):
                break
    return out


def page_count_from_first_page(web: str) -> list[str]:
    """The first page says how many follow (its value's length); the rest are fetched."""
    first = requests.get(f"{web}/items/abc?ms=60", timeout=5).json()["value"]
    out = [first]
    for n in range(len(first) - 2):
        out.append(requests.get(f"{web}/items/p-{n}?ms={150 - 50 * n}", timeout=5)
                   .json()["value"])
    return out


def pages_each_logged_and_appended_to_file(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "pages.log"
    for n, ms in enumerate((150, 30, 80, 40)):
        value = requests.get(f"{web}/items/lp{n}?ms={ms}", timeout=5).json()["value"]
        LOG.info("page %d: %s", n, value)
        with open(path, "a") as f:
            f.write(f"{n} {value}\n")
    return path.read_text().splitlines()


def stream_then_loop_of_puts_from_lines(web: str) -> list[Any]:
    """Lines of a non-streamed text each PUT, then the listing."""
    body = requests.get(f"{web}/text/src?ms=60", timeout=5).text
    out = []
    for i, line in enumerate(body.splitlines()):
        out.append(requests.put(f"{web}/items/l{i}", data=line, timeout=5).json()["version"])
    out.append(requests.get(f"{web}/items", timeout=5).json()["keys"])
    return out


# =========================================================================== round 4: counted page loops


def page_count_then_break_on_value(web: str) -> list[str]:
    """The count comes from the first page; the walk stops at a page whose value says so."""
    first = requests.get(f"{web}/items/abcde?ms=60", timeout=5).json()["value"]
    out = [first]
    for n in range(len(first) - 2):
        v = requests.get(f"{web}/items/q-{n}?ms={150 - 40 * n}", timeout=5).json()["value"]
        out.append(v)
        if v == "v-q-1":
            break
    return out


def page_count_chain_put_next(web: str) -> list[str]:
    """Each page's value is written as the next page: a GET after the PUT it must see."""
    first = requests.get(f"{web}/items/abcd?ms=40", timeout=5).json()["value"]
    out = []
    for n in range(len(first) - 3):
        v = requests.get(f"{web}/items/ch-{n}?ms=60", timeout=5).json()["value"]
        requests.put(f"{web}/items/ch-{n + 1}", data=v + "+", timeout=5)
        out.append(v)
    return out


def page_count_streamed_bodies(web: str) -> list[str]:
    """The counted pages fetched with stream=True and read line by line."""
    first = requests.get(f"{web}/items/abcd?ms=40", timeout=5).json()["value"]
    out = []
    for n in range(len(first) - 3):
        with requests.get(f"{web}/text/sp{n}?ms={150 - 60 * n}", stream=True, timeout=5) as r:
            out.append(next(r.iter_lines()).decode())
    return out


def page_count_httpx_stream_return_early(web: str) -> str:
    """Return from inside an open stream when a line matches."""
    with httpx.Client(timeout=5) as client:
        n = len(client.get(f"{web}/items/abcd?ms=40").json()["value"]) - 3
        for i in range(n):
            with client.stream("GET", f"{web}/text/re{i}?ms={150 - 60 * i}") as r:
                for line in r.iter_lines():
                    if line.endswith("2"):
                        return line
        return "none"


def page_count_print_between(web: str) -> list[str]:
    first = requests.get(f"{web}/items/abcde?ms=40", timeout=5).json()["value"]
    out = []
    for n in range(len(first) - 2):
        print("asking page", n)
        v = requests.get(f"{web}/items/pp-{n}?ms={150 - 40 * n}", timeout=5).json()["value"]
        print("got", v)
        out.append(v)
    return out


# =========================================================================== round 5: counted loops of SDK streams


def counted_streams_break_on_text(client: Any, web: str) -> list[str]:
    """The number of drafts comes from a GET; the loop stops at the first long draft."""
    n = len(requests.get(f"{web}/items/abcde?ms=40", timeout=5).json()["value"])
    out = []
    for i in range(n - 2):
        text = "".join(_delta(c) for c in _ostream(client, f"Draft {i}", 0.15 - 0.05 * i))
        out.append(text[:15])
        if len(text) > 10:
            break
    return out


def counted_streams_print_and_put(client: Any, web: str) -> list[Any]:
    n = len(requests.get(f"{web}/items/abcd?ms=40", timeout=5).json()["value"])
    out = []
    for i in range(n - 2):
        for chunk in _ostream(client, f"Note {i}", 0.12 - 0.06 * i):
            print(_delta(chunk), end="")
        print()
        out.append(requests.put(f"{web}/items/note-{i}", data=str(i), timeout=5)
                   .json()["version"])
    return out


def counted_generator_first_pieces(client: Any, web: str) -> list[str]:
    n = len(requests.get(f"{web}/items/abcd?ms=40", timeout=5).json()["value"])
    firsts = []
    for i in range(n - 2):
        gen = _token_gen(client, f"Word {i}", 0.12 - 0.06 * i)
        firsts.append(next(gen))
        gen.close()
    return firsts


# =========================================================================== registration


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def an_tmp(env: Env) -> tuple:
    return (anthropic_client(env), str(env.tmp))


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def _drive_aoa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _drive_aan(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _drive_aweb(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _web(fn: Any, ideal: float = 1.0, args: Any = web_args, cat: str = "http",
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web", ideal=ideal, **kw)


def _async(fn: Any, drive: Any, servers: str = "api", ideal: float = 1.0,
           cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


CASES: list[Case] = [
    # -- openai streams
    _sdk(oa_stream_usage_totals, over(0.15, 0.03, 0.08)),
    _sdk(oa_stream_fed_into_next),
    _sdk(oa_two_streams_zipped, over(0.15, 0.03)),
    _sdk(oa_generator_wrapping_stream, over(0.15, 0.03, 0.07)),
    _sdk(oa_generator_first_piece_only, over(0.15, 0.03)),
    _both(oa_stream_break_then_put),
    _sdk(oa_stream_printed_live, over(0.15, 0.03)),
    _sdk(oa_stream_logged_every_few_chunks, over(0.15, 0.03)),
    _sdk(oa_stream_to_jsonl, over(0.15, 0.03, 0.08), args=oa_tmp, cat="files"),
    _sdk(oa_stream_as_context_manager, over(0.15, 0.03)),
    _sdk(oa_helper_stream_events, over(0.15, 0.03)),
    _sdk(oa_streaming_response_iter_lines, over(0.15, 0.03)),
    _sdk(oa_stream_bad_request_then_next, over(0.15, 0.06), cat="validation"),
    _sdk(oa_streams_then_nonstream_judge, (0.15 + 0.03 + 0.05) / (0.15 + 0.05)),
    _sdk(oa_stream_text_hashed_to_files, over(0.15, 0.03, 0.07), args=oa_tmp, cat="files"),
    # -- anthropic streams
    _sdk(an_stream_final_message_usage, over(0.15, 0.03, 0.08), args=an_args),
    _sdk(an_stream_event_types, over(0.15, 0.03), args=an_args),
    _sdk(an_create_stream_true_raw_events, over(0.15, 0.03), args=an_args),
    _sdk(an_text_stream_appended_to_file, over(0.15, 0.03), args=an_tmp, cat="files"),
    _sdk(an_stream_break_after_first_sentence, over(0.15, 0.03), args=an_args),
    _sdk(an_stream_conversation_turns, args=an_args),
    _sdk(an_stream_printed_with_prefix, over(0.15, 0.03), args=an_args),
    # -- requests streams
    _web(rq_iter_content_downloads, over(0.15, 0.03, 0.08), args=web_tmp, cat="files"),
    _web(rq_iter_lines_decode_unicode, over(0.15, 0.03)),
    _web(rq_raw_read_in_pieces, over(0.15, 0.03)),
    _web(rq_first_line_then_close_then_get, over(0.15, 0.03)),
    _web(rq_stream_lines_each_put, cat="state"),
    _web(rq_session_stream_two_then_read_both, over(0.15, 0.03)),
    _web(rq_json_stream_into_bytesio, over(0.15, 0.03)),
    _web(rq_stream_status_check_before_body, over(0.15, 0.03, 0.06), speculative_reads=True),
    # -- httpx streams
    _web(hx_client_stream_lines, over(0.15, 0.03, 0.07)),
    _web(hx_stream_bytes_to_file, over(0.15, 0.03), args=web_tmp, cat="files"),
    _web(hx_stream_break_then_write, cat="state"),
    _web(hx_nested_streams_inner_first, over(0.15, 0.03)),
    _web(hx_stream_read_status_only, over(0.15, 0.03, 0.06)),
    _async(ahx_gather_streams, _drive_aweb, servers="web", ideal=over(0.15, 0.03),
           cat="http"),
    _async(ahx_stream_then_put_sequential, _drive_aweb, servers="web", cat="state"),
    # -- pagination
    _web(cursor_walk_after_seeding, cat="state"),
    _web(generator_pages_islice_two, over(0.15, 0.03)),
    _web(generator_pages_printing_consumer, over(0.15, 0.03, 0.06)),
    _web(generator_pages_stop_on_value, cat="validation"),
    _web(pages_then_write_summary, (0.56 + 0.05) / (0.12 + 0.05)),
    _web(link_header_like_next, cat="state"),
    _sdk(an_batches_listed_after_creates, args=an_args, cat="state"),
    _sdk(oa_files_pages_then_stream, cat="state"),
    # -- ember streams
    _sdk(ember_stream_fed_to_openai),
    _sdk(ember_two_streams_then_usage, over(0.15, 0.03)),
    # -- async SDK streams
    _async(aoa_gather_streams, _drive_aoa, ideal=over(0.15, 0.03)),
    _async(aan_stream_sequential_print, _drive_aan, ideal=over(0.15, 0.03)),
    # -- round 2
    _sdk(oa_streams_opened_in_comprehension, over(0.15, 0.03, 0.08)),
    _web(rq_search_streams_until_found, cat="validation"),
    _web(genexp_pages_break_on_value, cat="validation"),
    _web(stream_get_then_put_then_read_body, cat="state"),
    _web(hx_put_inside_open_stream, cat="state"),
    _web(stream_lines_drive_gets, (0.06 + 0.15 + 0.1 + 0.05) / (0.06 + 0.15)),
    _web(generator_puts_consumer_gets, cat="state"),
    _web(iter_lines_generators_made_then_drained, over(0.15, 0.03, 0.08)),
    _web(streams_in_dict_read_sorted, over(0.15, 0.03, 0.08)),
    _web(chunk_counter_global_print, over(0.15, 0.03, 0.08)),
    _both(oa_stream_per_item_then_put_each, cat="state"),
    _both(oa_streams_zip_with_gets),
    # -- round 3
    _web(numbered_pages_until_404, cat="validation"),
    _web(numbered_pages_until_short_value, cat="validation"),
    _web(plain_get_body_iter_lines_print, over(0.15, 0.03, 0.08)),
    _web(plain_get_chunks_to_one_file, over(0.15, 0.03, 0.08), args=web_tmp, cat="files"),
    _async(async_gen_pages_break, _drive_aweb, servers="web", cat="http"),
    _web(page_count_from_first_page, (0.06 + 0.15 + 0.1 + 0.05 + 0.0) / (0.06 + 0.15)),
    _web(pages_each_logged_and_appended_to_file, over(0.15, 0.03, 0.08, 0.04), args=web_tmp,
         cat="files"),
    _web(stream_then_loop_of_puts_from_lines, cat="state"),
    # -- round 4
    _web(page_count_then_break_on_value, cat="validation"),
    _web(page_count_chain_put_next, cat="state"),
    _web(page_count_streamed_bodies, (0.04 + 0.15 + 0.09) / (0.04 + 0.15)),
    _web(page_count_httpx_stream_return_early),
    _web(page_count_print_between, (0.04 + 0.15 + 0.11 + 0.07) / (0.04 + 0.15)),
    # -- round 5
    _both(counted_streams_break_on_text),
    _both(counted_streams_print_and_put, cat="state"),
    _both(counted_generator_first_pieces, (0.04 + 0.12 + 0.06) / (0.04 + 0.12)),
]

FAILING_WHY: dict[str, str] = {}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
