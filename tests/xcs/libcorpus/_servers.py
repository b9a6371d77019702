"""The corpus's servers on 127.0.0.1: they log what they were asked and count calls in flight.

A case is judged by what the outside world saw, so every server records each request it
receives (method, path, a canonical body, the arrival time) and the most requests it had
in flight at once. Each run of a case gets new servers on new ports: fresh state, and a
late request from an earlier run cannot land in this run's log.

- `HttpServer`: an aiohttp app with a small key-value API (``/items``), jobs to poll,
  error statuses, and the OpenAI and Anthropic routes the SDK cases use. Chat and message
  calls are forwarded to Ember's simulator (`ember.sim.SimServer`), so the SDKs talk to it
  over HTTP; the file, embedding, batch and token-count routes it lacks are answered here.
- `LineServer`: a raw TCP server speaking one command per line (``GET k``, ``SET k v``),
  for the socket cases.

Both run on one `LoopThread` per run, stopped when the run ends.
"""

from __future__ import annotations

import asyncio
import base64
import email.parser
import json
import struct
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

from ember.sim import SimConfig, SimServer

__all__ = ["Entry", "HttpServer", "LineServer", "LoopThread"]

T = TypeVar("T")

#: Requests a job is polled before it is done (``GET /jobs/<id>``).
POLLS_TO_DONE = 3
#: A write's body takes this long per byte to arrive (1 MB/s): a large upload finishes last.
UPLOAD_S_PER_BYTE = 1e-6


@dataclass(frozen=True, slots=True)
class Entry:
    """One request as a server saw it. `write` is False for reads and model calls."""

    method: str
    path: str
    body: str
    write: bool
    at: float  # time.monotonic() on arrival


class LoopThread:
    """An event loop on a daemon thread: the servers of one run live on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="libcorpus-servers",
                                        daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the loop (where the servers' counters live) and return its value."""
        async def go() -> T:
            return fn()
        return self.run(go())

    def close(self) -> None:
        async def finish() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        try:
            self.run(finish())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()


class _Recorder:
    """The log and the in-flight counter, touched only on the loop."""

    def __init__(self) -> None:
        self.log: list[Entry] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def enter(self, entry: Entry) -> None:
        self.log.append(entry)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        self.in_flight -= 1


# --------------------------------------------------------------------------- HTTP

# Chat calls, forwarded to the simulator, which waits its own latency.
_PROXIED = ("/v1/chat/completions", "/anthropic/v1/messages")
# Routes whose POSTs are model calls or token counts: order-free, like reads (by their
# ending: a client whose base URL was moved, ``/nowhere/chat/completions``, still makes one).
# A response made by ``responses.create`` is a model call too (issue 13's rules), though
# the service keeps it to be retrieved by id.
_ORDER_FREE = ("/chat/completions", "/messages", "/embeddings", "/messages/count_tokens",
               "/responses")


async def _form_parts(request: web.Request) -> list[tuple[str, str, str]]:
    """(name, filename, text) of each part of a multipart body (read again on each call)."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser().parsebytes(head + await request.read())
    return [(p.get_param("name", header="content-disposition") or "", p.get_filename() or "",
             (p.get_payload(decode=True) or b"").decode(errors="replace"))
            for p in message.get_payload()]  # type: ignore[union-attr]


async def _canonical_body(request: web.Request) -> str:
    """The body as text that does not change between runs (multipart boundaries do)."""
    ctype = request.content_type
    if ctype.startswith("multipart/"):
        parts = await _form_parts(request)
        return "multipart " + "; ".join(f"{n}={f}:{t}" for n, f, t in parts)
    raw = await request.read()
    if ctype == "application/json" and raw:
        try:
            return json.dumps(json.loads(raw), sort_keys=True)
        except ValueError:
            pass
    return raw.decode(errors="replace")


def _vector(text: str, dims: int = 4) -> list[float]:
    """A deterministic embedding: the text's CRC spread over `dims` small floats."""
    seed = zlib.crc32(text.encode())
    return [((seed >> (8 * i)) & 0xFF) / 256 for i in range(dims)]


class HttpServer:
    """The corpus's HTTP server (see the module docstring for its routes).

    Latency: every route waits `latency` seconds, or ``?ms=<n>`` milliseconds when the
    query gives it, plus `load` seconds for each other request in flight (a loaded server
    answers more slowly), plus a microsecond per byte of a write's body; chat routes take the
    simulator's latency. A read answers from the state
    at its arrival and a write takes effect when it completes, as on a real service, so a
    read sent while a write is still in flight does not see it.
    """

    def __init__(self, loop: LoopThread, latency: float, with_sim: bool = False,
                 load: float = 0.0) -> None:
        self._loop = loop
        self.latency = latency
        self.load = load
        self.rec = _Recorder()
        self.items: dict[str, str] = {}
        self.files: list[dict[str, Any]] = []
        self.file_data: dict[str, str] = {}
        self.batches: list[dict[str, Any]] = []
        self.jobs: dict[str, int] = {}
        self.writes = 0
        self._sim = SimServer(SimConfig(latency=latency)).start() if with_sim else None
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.url = loop.run(self._start())

    # -- lifecycle

    async def _start(self) -> str:
        app = web.Application(middlewares=[self._record], client_max_size=64 * 1024 * 1024)
        r = app.router
        r.add_get("/items", self._list_items)
        r.add_get("/items/{key}", self._get_item)
        r.add_route("PUT", "/items/{key}", self._put_item)
        r.add_post("/items/{key}", self._put_item)
        r.add_delete("/items/{key}", self._delete_item)
        r.add_get("/text/{key}", self._text)
        r.add_get("/status/{code}", self._status)
        r.add_post("/jobs", self._new_job)
        r.add_get("/jobs/{id}", self._poll_job)
        r.add_post("/v1/chat/completions", self._proxy)
        r.add_post("/anthropic/v1/messages", self._proxy)
        r.add_post("/v1/embeddings", self._embeddings)
        r.add_get("/v1/models", self._models)
        r.add_post("/v1/files", self._create_file)
        r.add_get("/v1/files", self._list_files)
        r.add_get("/v1/files/{id}", self._get_file)
        r.add_get("/v1/files/{id}/content", self._file_content)
        r.add_delete("/v1/files/{id}", self._delete_file)
        r.add_post("/anthropic/v1/messages/count_tokens", self._count_tokens)
        r.add_post("/anthropic/v1/messages/batches", self._create_batch)
        r.add_get("/anthropic/v1/messages/batches", self._list_batches)
        r.add_get("/anthropic/v1/messages/batches/{id}", self._get_batch)
        if self._sim is not None:
            self._session = aiohttp.ClientSession()
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True,
                               shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self._runner = runner
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    def close(self) -> None:
        async def stop() -> None:
            if self._runner is not None:
                await self._runner.cleanup()
            if self._session is not None:
                await self._session.close()
        try:
            self._loop.run(stop())
        finally:
            if self._sim is not None:
                self._sim.close()

    def snapshot(self) -> tuple[list[Entry], int]:
        """The request log and the most requests that were in flight at once."""
        return self._loop.call(lambda: (list(self.rec.log), self.rec.max_in_flight))

    # -- recording

    @web.middleware
    async def _record(self, request: web.Request,
                      handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                      ) -> web.StreamResponse:
        at = time.monotonic()
        body = await _canonical_body(request)
        write = request.method not in ("GET", "HEAD") and not request.path.endswith(
            _ORDER_FREE)
        self.rec.enter(Entry(request.method, request.path_qs, body, write, at))
        ms = request.query.get("ms")
        wait = 0.0 if request.path in _PROXIED else self.latency if ms is None else int(ms) / 1000
        wait += self.load * (self.rec.in_flight - 1)
        if write:
            wait += len(body) * UPLOAD_S_PER_BYTE
        try:
            if not write:  # a read answers from the state at its arrival
                response = await handler(request)
                await asyncio.sleep(wait)
                return response
            await asyncio.sleep(wait)  # a write takes effect when it completes
            self.writes += 1
            return await handler(request)
        finally:
            self.rec.leave()

    # -- the key-value API

    async def _list_items(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": sorted(self.items), "writes": self.writes})

    async def _get_item(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        if key not in self.items and key.startswith("missing"):
            return web.json_response({"error": f"no item {key}"}, status=404)
        return web.json_response({"key": key, "value": self.items.get(key, f"v-{key}")})

    async def _put_item(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        self.items[key] = (await request.read()).decode()
        return web.json_response({"key": key, "version": self.writes})

    async def _delete_item(self, request: web.Request) -> web.Response:
        found = self.items.pop(request.match_info["key"], None) is not None
        return web.json_response({"deleted": found})

    async def _text(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        return web.Response(text="".join(f"{key} line {i}\n" for i in range(1, 4)))

    async def _status(self, request: web.Request) -> web.Response:
        code = int(request.match_info["code"])
        return web.json_response({"status": code}, status=code)

    async def _new_job(self, request: web.Request) -> web.Response:
        job = f"job-{len(self.jobs) + 1}"
        self.jobs[job] = 0
        return web.json_response({"id": job})

    async def _poll_job(self, request: web.Request) -> web.Response:
        job = request.match_info["id"]
        self.jobs[job] = polls = self.jobs.get(job, 0) + 1
        status = "done" if polls >= POLLS_TO_DONE else "pending"
        return web.json_response({"id": job, "status": status})

    # -- LLM provider routes

    async def _proxy(self, request: web.Request) -> web.StreamResponse:
        """Forward a chat call to Ember's simulator over HTTP and pass its answer back."""
        assert self._sim is not None and self._session is not None, "start with with_sim=True"
        base = self._sim.url
        path = request.path.removeprefix("/anthropic")
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("content-type", "authorization", "x-api-key",
                                    "anthropic-version")}
        async with self._session.post(base + path, data=await request.read(),
                                      headers=headers) as resp:
            return web.Response(body=await resp.read(), status=resp.status,
                                content_type=resp.content_type)

    async def _embeddings(self, request: web.Request) -> web.Response:
        body = await request.json()
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        b64 = body.get("encoding_format") == "base64"
        data = []
        for i, text in enumerate(inputs):
            vec = _vector(str(text))
            emb: Any = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode() if b64 \
                else vec
            data.append({"object": "embedding", "index": i, "embedding": emb})
        return web.json_response({"object": "list", "data": data, "model": body["model"],
                                  "usage": {"prompt_tokens": 1, "total_tokens": 1}})

    async def _models(self, request: web.Request) -> web.Response:
        names = ("gpt", "gpt-mini", "judge")
        return web.json_response({"object": "list", "data": [
            {"id": n, "object": "model", "created": 0, "owned_by": "sim"} for n in names]})

    async def _create_file(self, request: web.Request) -> web.Response:
        parts = {name: (filename, text) for name, filename, text in await _form_parts(request)}
        filename, content = parts["file"]
        fid = f"file-{len(self.files) + 1}"
        obj = {"id": fid, "object": "file", "bytes": len(content), "created_at": 0,
               "filename": filename, "purpose": parts.get("purpose", ("", ""))[1],
               "status": "processed"}
        self.files.append(obj)
        self.file_data[fid] = content
        return web.json_response(obj)

    async def _list_files(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": self.files, "has_more": False})

    def _file(self, request: web.Request) -> dict[str, Any]:
        fid = request.match_info["id"]
        for f in self.files:
            if f["id"] == fid:
                return f
        raise web.HTTPNotFound(text=json.dumps({"error": {"message": f"no file {fid}"}}),
                               content_type="application/json")

    async def _get_file(self, request: web.Request) -> web.Response:
        return web.json_response(self._file(request))

    async def _file_content(self, request: web.Request) -> web.Response:
        return web.Response(text=self.file_data[self._file(request)["id"]])

    async def _delete_file(self, request: web.Request) -> web.Response:
        f = self._file(request)
        self.files.remove(f)
        return web.json_response({"id": f["id"], "object": "file", "deleted": True})

    async def _count_tokens(self, request: web.Request) -> web.Response:
        body = await request.json()
        words = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
        return web.json_response({"input_tokens": words})

    async def _create_batch(self, request: web.Request) -> web.Response:
        body = await request.json()
        batch = {"id": f"msgbatch_{len(self.batches) + 1}", "type": "message_batch",
                 "processing_status": "in_progress", "created_at": "2025-01-01T00:00:00Z",
                 "expires_at": "2025-01-02T00:00:00Z", "archived_at": None,
                 "cancel_initiated_at": None, "ended_at": None, "results_url": None,
                 "request_counts": {"processing": len(body.get("requests", [])),
                                    "succeeded": 0, "errored": 0, "canceled": 0,
                                    "expired": 0}}
        self.batches.append(batch)
        return web.json_response(batch)

    async def _list_batches(self, request: web.Request) -> web.Response:
        data = self.batches
        return web.json_response({"data": data, "has_more": False,
                                  "first_id": data[0]["id"] if data else None,
                                  "last_id": data[-1]["id"] if data else None})

    async def _get_batch(self, request: web.Request) -> web.Response:
        for b in self.batches:
            if b["id"] == request.match_info["id"]:
                return web.json_response(b)
        return web.json_response({"type": "error", "error": {
            "type": "not_found_error", "message": "no such batch"}}, status=404)


# --------------------------------------------------------------------------- raw TCP


class LineServer:
    """One command per line, one answer per line, many commands per connection.

    ``GET k`` answers the value of `k` (``v-k`` until set); ``SET k v`` stores and answers
    ``OK <writes>``; ``ECHO text`` answers `text`; anything else answers ``ERR``. Each
    command takes `latency` seconds (``GET k ms=<n>`` overrides it) plus `load` seconds
    for each other command in flight; reads answer from the
    state at their arrival, writes take effect when they complete.
    """

    def __init__(self, loop: LoopThread, latency: float, load: float = 0.0) -> None:
        self._loop = loop
        self.latency = latency
        self.load = load
        self.rec = _Recorder()
        self.values: dict[str, str] = {}
        self.applied = 0  # writes that took effect
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.address = loop.run(self._start())

    async def _start(self) -> tuple[str, int]:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
        return self._server.sockets[0].getsockname()[:2]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while line := await reader.readline():
                words = line.decode().split()
                cmd = words[0].upper() if words else ""
                self.rec.enter(Entry(cmd, " ".join(words[1:2]), " ".join(words[2:]),
                                     cmd not in ("GET", "ECHO"), time.monotonic()))
                try:
                    ms = [w for w in words if w.startswith("ms=")]
                    wait = int(ms[0][3:]) / 1000 if ms else self.latency
                    wait += self.load * (self.rec.in_flight - 1)
                    if cmd in ("GET", "ECHO"):  # a read answers from the state at its arrival
                        answer = self._answer(cmd, words)
                        await asyncio.sleep(wait)
                    else:  # a write takes effect when it completes
                        await asyncio.sleep(wait)
                        answer = self._answer(cmd, words)
                    writer.write((answer + "\n").encode())
                    await writer.drain()
                finally:
                    self.rec.leave()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def _answer(self, cmd: str, words: list[str]) -> str:
        if cmd == "GET" and len(words) >= 2:
            return self.values.get(words[1], f"v-{words[1]}")
        if cmd == "SET" and len(words) >= 3:
            self.values[words[1]] = words[2]
            self.applied += 1
            return f"OK {self.applied}"
        if cmd == "ECHO":
            return " ".join(w for w in words[1:] if not w.startswith("ms="))
        return "ERR"

    def snapshot(self) -> tuple[list[Entry], int]:
        return self._loop.call(lambda: (list(self.rec.log), self.rec.max_in_flight))

    def close(self) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
                for w in list(self._writers):
                    w.close()
                await self._server.wait_closed()
        self._loop.run(stop())
