"""Running the simulator server: in a thread (`SimServer`), in a subprocess
(`SimServerProcess`), or until a signal (`serve_until_signalled`, behind `ember sim serve`).

What the server answers and how is in `_app.py` (the steps of a call), the wire modules
(`_openai.py`, `_anthropic.py`), `_faults.py` and `_limits.py`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import ipaddress
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from ._app import SimApp
from ._config import API_KEY_ENV, SimConfig, config_args

__all__ = ["READY_PREFIX", "SimServer", "SimServerProcess", "is_loopback",
           "serve_until_signalled"]

_T = TypeVar("_T")

READY_PREFIX: Final = "ember sim: serving at "
"""The line `ember sim serve` prints when it is ready; the URL is the last word."""

_STATS_TIMEOUT = 10.0


def is_loopback(host: str) -> bool:
    """True if `host` is "localhost" or a loopback IP address (127.0.0.0/8, ::1).

    Examples:
        >>> is_loopback("127.0.0.2"), is_loopback("[::1]"), is_loopback("0.0.0.0")
        (True, True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --------------------------------------------------------------------------- handles


class _State(enum.Enum):
    NEW = "new"
    RUNNING = "running"
    CLOSED = "closed"


class _Handle:
    """What `SimServer` and `SimServerProcess` share: lifecycle, URLs, context manager."""

    def __init__(self, config: SimConfig | None, host: str, port: int) -> None:
        if config is None:
            config = SimConfig()
        if not isinstance(config, SimConfig):
            raise TypeError(f"config must be a SimConfig, got {type(config).__name__}")
        self.config = config
        self.host = host
        self.port = port
        self._state = _State.NEW
        self._url = ""

    def _begin(self) -> None:
        kind = type(self).__name__
        if self._state is _State.RUNNING:
            raise RuntimeError(f"{kind} is already running at {self._url}")
        if self._state is _State.CLOSED:
            raise RuntimeError(
                f"Cannot restart a {kind} once it has been closed; create a new {kind}"
            )

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``; the Anthropic SDK's `base_url`."""
        if self._state is not _State.RUNNING:
            kind = type(self).__name__
            raise RuntimeError(
                f"{kind} is {self._state.value}, so it has no URL; call start() first "
                f"or use `with {kind}(...) as server:`"
            )
        return self._url

    @property
    def openai_base_url(self) -> str:
        """The OpenAI SDK's `base_url`: ``url + "/v1"``."""
        return self.url + "/v1"

    @property
    def anthropic_base_url(self) -> str:
        """The Anthropic SDK's `base_url` (the SDK adds ``/v1`` itself)."""
        return self.url

    def start(self) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self: _T) -> _T:
        if self._state is not _State.RUNNING:  # type: ignore[attr-defined]
            self.start()  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f" at {self._url}" if self._state is _State.RUNNING else ""
        return f"<{type(self).__name__} {self._state.value}{where}>"


class SimServer(_Handle):
    """The simulator server on its own event loop, in a daemon thread of this process.

    Args:
        config: latency, limits and faults; defaults to `SimConfig()`.
        host: address to bind; only this address is bound. Defaults to 127.0.0.1.
        port: port to bind; 0 picks a free one (read it back from `url`).

    Examples:
        >>> import json, urllib.request
        >>> with SimServer(SimConfig(latency=0)) as server:
        ...     req = urllib.request.Request(
        ...         server.openai_base_url + "/chat/completions",
        ...         data=json.dumps({"model": "gpt", "messages": [
        ...             {"role": "user", "content": "Hi"}]}).encode(),
        ...         headers={"Content-Type": "application/json"})
        ...     answer = json.load(urllib.request.urlopen(req))
        ...     server.stats()["completed"]
        1
        >>> answer["choices"][0]["message"]["content"].startswith("[gpt]")
        True
    """

    def __init__(
        self, config: SimConfig | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        super().__init__(config, host, port)
        self._sim = SimApp(self.config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SimServer:
        """Bind and start serving; returns self once requests are accepted."""
        self._begin()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="ember-sim-server", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            asyncio.run_coroutine_threadsafe(self._sim.start(self.host, self.port), loop).result()
        except BaseException:
            self._shutdown_loop()
            self._state = _State.CLOSED
            raise
        self._url = self._sim.url
        self._state = _State.RUNNING
        return self

    def close(self) -> None:
        """Stop serving, drop requests in flight and join the thread. Safe to call twice."""
        if self._state is not _State.RUNNING:
            self._state = _State.CLOSED
            return
        self._state = _State.CLOSED
        assert self._loop is not None
        try:
            asyncio.run_coroutine_threadsafe(self._sim.stop(), self._loop).result(timeout=10)
        finally:
            self._shutdown_loop()

    def _shutdown_loop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def finish() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await loop.shutdown_asyncgens()
            await loop.shutdown_default_executor()

        try:
            asyncio.run_coroutine_threadsafe(finish(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
            self._loop = self._thread = None

    def _on_loop(self, fn: Callable[[], _T]) -> _T:
        loop, thread = self._loop, self._thread
        if self._state is not _State.RUNNING or loop is None or thread is None:
            return fn()  # the loop is gone: nothing else touches the stats now
        if threading.get_ident() == thread.ident:
            return fn()
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()

        def call() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)

        loop.call_soon_threadsafe(call)
        return future.result(timeout=_STATS_TIMEOUT)

    def stats(self) -> dict[str, Any]:
        """Counters since start (or the last `reset_stats`); see `GET /stats`."""
        return self._on_loop(self._sim.stats.snapshot)

    def reset_stats(self) -> None:
        """Zero the counters (rate-limit buckets and the fault sequence carry on)."""
        self._on_loop(self._sim.stats.clear)


class SimServerProcess(_Handle):
    """The simulator server in a subprocess (`ember sim serve`), off this process's GIL.

    Same interface as `SimServer`; `stats()` and `reset_stats()` go over HTTP. The API key,
    if any, is passed in the environment, not on the command line. The server also exits
    if this process dies (it watches its stdin).

    Args:
        config: latency, limits and faults; defaults to `SimConfig()`.
        host: address to bind; must be loopback.
        port: port to bind; 0 picks a free one.
        startup_timeout: seconds to wait for the server's ready line.

    Examples:
        >>> with SimServerProcess(SimConfig(latency=0)) as server:
        ...     server.stats()["requests"]
        0
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        startup_timeout: float = 30.0,
    ) -> None:
        super().__init__(config, host, port)
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: Any = None

    @property
    def pid(self) -> int | None:
        """The server process's id, or None before `start()`."""
        return None if self._proc is None else self._proc.pid

    def start(self) -> SimServerProcess:
        """Start the subprocess and wait for its ready line; returns self."""
        self._begin()
        argv = [sys.executable, "-m", "ember.cli", "sim", "serve", "--host", self.host]
        argv += ["--port", str(self.port), "--exit-on-stdin-eof", *config_args(self.config)]
        env = dict(os.environ)
        env.pop(API_KEY_ENV, None)
        if self.config.api_key is not None:
            env[API_KEY_ENV] = self.config.api_key
        # Make the child import this very `ember`, installed or not.
        src = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
        # Kept open for the child's lifetime (closed in close()), so no `with` here.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env
        )
        try:
            self._url = self._read_ready_line()
        except BaseException:
            self._stop_process()
            self._state = _State.CLOSED
            raise
        self._state = _State.RUNNING
        return self

    def _read_ready_line(self) -> str:
        """Read the child's stdout until its ready line; return the URL on it."""
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        deadline = time.monotonic() + self.startup_timeout
        buf = b""
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            while True:
                *lines, buf = buf.split(b"\n")
                for line in lines:
                    text = line.decode(errors="replace")
                    if text.startswith(READY_PREFIX):
                        return text[len(READY_PREFIX) :].strip()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(
                        f"ember sim serve did not report ready within {self.startup_timeout:g}s"
                        f"{self._stderr_tail()}"
                    )
                if not sel.select(left):
                    continue
                data = os.read(proc.stdout.fileno(), 4096)
                if not data:
                    proc.wait(timeout=5)
                    raise RuntimeError(
                        f"ember sim serve exited with code {proc.returncode} before it was "
                        f"ready{self._stderr_tail()}"
                    )
                buf += data

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read().decode(errors="replace").strip()
        return f"; its stderr ends with:\n{text[-2000:]}" if text else ""

    def close(self) -> None:
        """Terminate the server process and wait for it to exit. Safe to call twice."""
        self._state = _State.CLOSED
        self._stop_process()

    def _stop_process(self) -> None:
        proc = self._proc
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _get(self, path: str, method: str = "GET") -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + path, method=method, data=b"" if method == "POST" else None
        )
        with urllib.request.urlopen(request, timeout=_STATS_TIMEOUT) as response:
            return json.load(response)

    def stats(self) -> dict[str, Any]:
        """Counters since start (or the last `reset_stats`), from `GET /stats`."""
        return self._get("/stats")

    def reset_stats(self) -> None:
        """Zero the counters, via `POST /stats/reset`."""
        self._get("/stats/reset", method="POST")


# --------------------------------------------------------------------------- CLI support


async def serve_until_signalled(
    config: SimConfig,
    host: str,
    port: int,
    *,
    on_ready: Callable[[str], None],
    stop_on_stdin_eof: bool = False,
) -> None:
    """Run the server on the running loop until SIGINT/SIGTERM (used by `ember sim serve`).

    Args:
        config: latency, limits and faults.
        host: address to bind (only this one).
        port: port to bind; 0 picks a free one.
        on_ready: called with the server's URL once it accepts requests.
        stop_on_stdin_eof: also stop when stdin closes (the parent process went away).

    Examples:
        >>> import asyncio, os, signal
        >>> seen = []
        >>> def ready(url):
        ...     seen.append(url)
        ...     os.kill(os.getpid(), signal.SIGTERM)  # handled: the server stops
        >>> asyncio.run(serve_until_signalled(SimConfig(latency=0), "127.0.0.1", 0,
        ...                                   on_ready=ready))
        >>> seen[0].startswith("http://127.0.0.1:")
        True
    """
    sim = SimApp(config)
    await sim.start(host, port)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if stop_on_stdin_eof:
        fd = sys.stdin.fileno()

        def on_stdin() -> None:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(fd)
                stop.set()

        loop.add_reader(fd, on_stdin)
    try:
        on_ready(sim.url)
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await sim.stop()
