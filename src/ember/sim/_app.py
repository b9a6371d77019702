"""The simulator's aiohttp app: routes from each wire, and the steps every call goes through.

```
auth -> read body (413, 400) -> parse (400) -> rate limit (429) -> fault draw
     (429 / 500 / reset / hang / none) -> latency -> answer (JSON or a stream)
```

A malformed request (bad JSON, nesting too deep, wrong field types, a body over
`SimConfig.max_body`, an unknown route or method) gets a 4xx JSON error in the format of the
provider it addressed, as a real provider answers; only injected faults give a 5xx.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import socket
import time
from collections.abc import Callable
from typing import Any, Final

from aiohttp import web

from ._anthropic import Anthropic
from ._azure import Azure
from ._config import SimConfig
from ._faults import Faults, retry_headers, seconds
from ._gemini import Gemini
from ._limits import Limiter
from ._openai import OpenAI
from ._stats import Stats
from ._text import count_tokens
from ._wire import BadRequest, Call, Route, Wire, json_response

__all__ = ["MODEL_NAMES", "SimApp"]

MODEL_NAMES: Final = ("gpt", "gpt-mini", "claude", "judge")
"""Model names listed by `GET /v1/models`. Any name is accepted by the other routes."""

_LISTEN_BACKLOG = 4096  # benchmarks open 1,000+ connections at once
_SHUTDOWN_TIMEOUT = 1.0


def wires() -> list[Wire]:
    """The wire formats served, most specific first: the last one answers what no other
    claims. A new provider's format is one more module and one more entry here."""
    return [Anthropic(), Gemini(), Azure(), OpenAI()]


class SimApp:
    """The simulator on one event loop: the aiohttp app, its limits, faults and stats."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.stats = Stats()
        self._limiter = Limiter(config.rpm, config.tpm)
        self._faults = Faults(config)
        self._jitter = random.Random(None if config.seed is None else config.seed + 1)
        self._ids = itertools.count(1)
        self._id_base = os.urandom(4).hex()
        # Transports of requests being handled, so that stop() can drop them.
        self._live: set[asyncio.BaseTransport] = set()
        self._runner: web.AppRunner | None = None
        self._site: web.SockSite | None = None
        self.url = ""

        self._wires = wires()
        app = web.Application(client_max_size=config.max_body, middlewares=[self._json_errors])
        for wire in self._wires:
            for route in wire.routes():
                app.router.add_post(route.path, self._route(wire, route))
        app.router.add_get("/v1/models", self._models)
        app.router.add_get("/stats", self._stats)
        app.router.add_post("/stats/reset", self._stats_reset)
        self._app = app

    async def start(self, host: str, port: int) -> None:
        sock = bind(host, port)
        try:
            # No access log: this server must stay cheap at thousands of requests/s.
            # handler_cancellation: a client that hangs up ends its handler, as it would
            # on a real server, so `in_flight` only counts requests someone waits for.
            runner = web.AppRunner(
                self._app,
                access_log=None,
                handler_cancellation=True,
                shutdown_timeout=_SHUTDOWN_TIMEOUT,
            )
            await runner.setup()
            site = web.SockSite(runner, sock, backlog=_LISTEN_BACKLOG)
            await site.start()
        except BaseException:
            sock.close()
            raise
        self._runner, self._site = runner, site
        addr, bound_port = sock.getsockname()[:2]
        shown = f"[{addr}]" if ":" in addr else addr
        self.url = f"http://{shown}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening, drop requests still in flight (hanging ones too) and clean up."""
        if self._site is not None:
            await self._site.stop()
        for transport in list(self._live):
            transport.abort()  # type: ignore[attr-defined]
        await asyncio.sleep(0)  # let the aborts cancel their handlers
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._site = None

    # -- routes

    def _wire_for(self, request: web.Request) -> Wire:
        """The wire a request speaks, for errors outside its routes (404, 405)."""
        return next(w for w in self._wires if w.claims(request))

    @web.middleware
    async def _json_errors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Errors aiohttp raises itself (no route, wrong method) as JSON in the wire's format;
        and a bug in a handler as a JSON 500 rather than aiohttp's plain-text page."""
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            wire = self._wire_for(request)
            what = f"{request.method} {request.path}"
            if exc.status == 404:
                return wire.error(404, "not_found", f"Invalid URL ({what}): no such route.")
            if exc.status == 405:
                allowed = exc.headers.get("Allow", "")
                return wire.error(
                    405,
                    "bad_request",
                    f"Method not allowed ({what}); allowed: {allowed or 'none'}.",
                    {"Allow": allowed},
                )
            return wire.error(exc.status, "bad_request", f"{exc.reason} ({what}).")
        except ConnectionError:
            raise  # the client went away mid-answer: nothing can be sent
        except Exception as exc:  # noqa: BLE001 - any bug must still answer in the wire format
            wire = self._wire_for(request)
            return wire.error(500, "server", f"The simulator failed: {type(exc).__name__}.")

    def _route(self, wire: Wire, route: Route) -> Callable[[web.Request], Any]:
        async def handle(request: web.Request) -> web.StreamResponse:
            stats = self.stats
            stats.requests += 1
            stats.in_flight += 1
            if stats.in_flight > stats.max_in_flight:
                stats.max_in_flight = stats.in_flight
            transport = request.transport
            if transport is not None:
                self._live.add(transport)
            try:
                return await self._serve(request, wire, route)
            except asyncio.CancelledError:
                stats.cancelled += 1
                raise
            finally:
                stats.in_flight -= 1
                self._live.discard(transport)  # type: ignore[arg-type]

        return handle

    async def _read(self, request: web.Request, wire: Wire, route: Route) -> Call | web.Response:
        """Auth, body and parse: the call, or the 4xx error that answers the request."""
        stats, config = self.stats, self.config
        if config.api_key is not None:
            ok = wire.authorized(request, config.api_key)
            if not ok:
                stats.unauthorized += 1
                return wire.error(401, "auth", wire.auth_message(ok is None))
        try:
            body = json.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            stats.bad_requests += 1
            return wire.error(
                413,
                "too_large",
                f"The request body is over the limit of {config.max_body} bytes "
                "(SimConfig.max_body, ember sim serve --max-body).",
            )
        except ValueError as exc:  # UnicodeDecodeError is one
            stats.bad_requests += 1
            return wire.error(400, "bad_request", f"The request body is not valid JSON: {exc}")
        except RecursionError:
            stats.bad_requests += 1
            return wire.error(
                400, "bad_request", "The request body is JSON nested too deeply to read."
            )
        try:
            return route.parse(body, request)
        except BadRequest as exc:
            stats.bad_requests += 1
            return wire.error(400, "bad_request", str(exc), param=exc.param)

    async def _serve(self, request: web.Request, wire: Wire, route: Route) -> web.StreamResponse:
        call = await self._read(request, wire, route)
        if isinstance(call, web.Response):
            return call
        if call.instant:
            return json_response(call.answer(""))
        stats, config = self.stats, self.config
        model_stats = stats.model(call.model)
        model_stats.requests += 1

        if self._limiter.active:
            wait, kind = self._limiter.acquire(call.cost() if self._limiter.tokens else 1)
            if wait:
                stats.rate_limited += 1
                what = "requests per min (RPM)" if kind == "requests" else "tokens per min (TPM)"
                limit = config.rpm if kind == "requests" else config.tpm
                return wire.error(
                    429,
                    kind,
                    f"Rate limit reached for {call.model} on {what}: Limit {limit}. "
                    f"Please try again in {seconds(wait)}s.",
                    retry_headers(wait),
                )
        admitted = time.monotonic()
        fault = await self._faults.inject(request, wire, call.model, stats)
        if fault is not None:
            return fault
        if call.structured and self._faults.bad_json():
            call.broken = True

        prompt_tokens, completion_tokens = call.tokens()
        rid = f"{route.id_prefix}sim{self._id_base}{next(self._ids):010d}"
        delay = config.latency if call.latency is None else call.latency
        if config.jitter:
            delay += self._jitter.uniform(0.0, config.jitter)
        if call.stream:
            if delay > 0:
                await asyncio.sleep(delay)
            response = await self._stream(request, call, rid)
        else:
            if call.paced:
                delay += config.per_token * completion_tokens
            if delay > 0:
                await asyncio.sleep(delay)
            response = json_response(call.answer(rid))

        stats.completed += 1
        stats.accepted.append(admitted)
        model_stats.completed += 1
        model_stats.prompt_tokens += prompt_tokens
        model_stats.completion_tokens += completion_tokens
        return response

    async def _stream(self, request: web.Request, call: Call, rid: str) -> web.StreamResponse:
        head, body, tail = call.frames(rid)
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        per_token = self.config.per_token
        for frame in head:
            await response.write(frame)
        for frame, text in body:
            if per_token and text:
                await asyncio.sleep(per_token * count_tokens(text))
            await response.write(frame)
        for frame in tail:
            await response.write(frame)
        await response.write_eof()
        return response

    async def _models(self, request: web.Request) -> web.Response:
        wire, key = self._wire_for(request), self.config.api_key
        if key is not None:
            ok = wire.authorized(request, key)
            if not ok:
                self.stats.unauthorized += 1
                return wire.error(401, "auth", wire.auth_message(ok is None))
        return json_response(wire.model_list(MODEL_NAMES))

    async def _stats(self, request: web.Request) -> web.Response:
        return json_response(self.stats.snapshot())

    async def _stats_reset(self, request: web.Request) -> web.Response:
        self.stats.clear()
        return json_response(self.stats.snapshot())


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on exactly `host` (its first address), never on all interfaces."""
    family, type_, proto, _, addr = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, type_, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(addr)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock
