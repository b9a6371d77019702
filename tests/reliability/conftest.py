"""Fixtures for the reliability campaign: `odd_server` serves hand-written answers the
simulator never gives (malformed JSON, huge or dripping bodies) from its own thread.
Simulator servers and `endpoint` are the root conftest's."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator

import pytest
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class OddServer:
    """An aiohttp app on 127.0.0.1 in its own thread and loop (not Ember's loop).

    Its own loop matters: a handler that drips a body slowly, or a 50 MB answer, must
    not be able to slow down the client it is testing.
    """

    def __init__(self, routes: dict[str, Handler]) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="odd-server",
                                       daemon=True)
        self.thread.start()
        app = web.Application(client_max_size=1024**2)
        for path, handler in routes.items():
            app.router.add_post(path, handler)
        self.runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5)

        async def start() -> int:
            await self.runner.setup()
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            await site.start()
            return self.runner.addresses[0][1]

        port = asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        self.url = f"http://127.0.0.1:{port}"

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def odd_server() -> Iterator[Callable[[dict[str, Handler]], OddServer]]:
    """``odd_server({"/v1/chat/completions": handler})`` -> a running `OddServer`."""
    servers: list[OddServer] = []

    def start(routes: dict[str, Handler]) -> OddServer:
        server = OddServer(routes)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()

