"""Fixtures for the models tests: a server of hand-written answers (the simulator servers
and `endpoint` are the root conftest's)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest


@pytest.fixture
def tiny_server() -> Iterator[Callable[[dict[str, Callable]], str]]:
    """Serve a few hand-written POST routes (answers the simulator never gives) on 127.0.0.1.

    ``url = tiny_server({"/x/chat/completions": handler})``; handlers are aiohttp handlers.
    """
    from aiohttp import web

    from ember import _core

    runners: list[web.AppRunner] = []

    def start(routes: dict[str, Callable]) -> str:
        app = web.Application()
        for path, handler in routes.items():
            app.router.add_post(path, handler)

        async def go() -> int:
            runner = web.AppRunner(app)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            runners.append(runner)
            return runner.addresses[0][1]

        return f"http://127.0.0.1:{_core.run(go())}"

    yield start
    for runner in runners:
        _core.run(runner.cleanup())
