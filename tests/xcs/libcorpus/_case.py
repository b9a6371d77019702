"""A corpus case: an ordinary function, what it needs, and what an ideal scheduler could gain.

Cases are records, not tests: the harness (`_harness`) runs each one plain and jitted and
compares what came out and what the servers saw. A case module defines plain functions at
module level (the JIT analyses their source, so no decorators of ours sit on them) and
lists them in `CASES`.
"""

from __future__ import annotations

import functools
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CLIENT_CPU", "CLIENT_LAT", "LAT", "Case", "Env", "anthropic_client", "corpus_logger",
           "openai_client", "serial_ideal"]

#: One request's or one sleep's latency, where only the value matters (seconds).
LAT = 0.05

#: The CPU of making one httpx, openai or anthropic client (its SSL context; measured on an
#: idle core): serial work no schedule overlaps, before the client's first request.
CLIENT_CPU = 0.025
#: A request's latency in cases whose function makes such a client: beside 50 ms waits
#: the making would be a third of the run, beside real APIs' waits it is a small part.
CLIENT_LAT = 0.2

#: The SDKs' dummy key: the servers do not check it.
DUMMY_KEY = "sk-corpus-dummy"

# The categories of issue 13's acceptance list, in its order.
CATEGORIES = (
    "sdk", "http", "socket", "db", "files", "threads", "state", "sleep", "validation",
    "fanout", "ensemble", "helpers", "clients", "where", "rebind",
)


class Env:
    """What one run of a case may use: its servers' addresses and a fresh directory.

    `web` and `api` are base URLs of `HttpServer`s (`api` forwards chat calls to Ember's
    simulator); `tcp` is the (host, port) of a `LineServer`; `tmp` is empty at the start
    and its files are compared after the run. Objects passed to `own` are closed after it.
    """

    def __init__(self, tmp: Path, web: str = "", api: str = "",
                 tcp: tuple[str, int] = ("", 0)) -> None:
        self.tmp = tmp
        self.web = web
        self.api = api
        self.tcp = tcp
        self._owned: list[Any] = []

    @property
    def openai_url(self) -> str:
        return self.api + "/v1"

    @property
    def anthropic_url(self) -> str:
        return self.api + "/anthropic"

    def own(self, obj: Any) -> Any:
        """Close `obj` (a client, a connection) when the run ends; returns it."""
        self._owned.append(obj)
        return obj

    def close_owned(self) -> None:
        for obj in reversed(self._owned):
            obj.close()
        self._owned.clear()

    def as_dict(self) -> dict[str, Any]:
        return {"tmp": str(self.tmp), "web": self.web, "api": self.api, "tcp": list(self.tcp)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Env:
        return cls(Path(d["tmp"]), d["web"], d["api"], tuple(d["tcp"]))  # type: ignore[arg-type]


def _no_args(env: Env) -> tuple:
    return ()


@dataclass(frozen=True)
class Case:
    """One function of the corpus and how to run and judge it.

    Args:
        category: one of `CATEGORIES`.
        fn: the function run plain and jitted; or None when `make` builds it per run.
        make: builds the function per run (a bound method, a closure, exec'd code).
        args: the positional arguments, built per run from the `Env`.
        drive: calls the function itself when one call with `args` is not the shape
            (a rebinding between calls, calls from threads); returns the case's value.
        calls: how many times the function is called with `args` (the value is then the
            list of each call's result or exception): a user calls a jitted function
            again and again, and what a JIT learns from the first calls must not change
            what later calls do.
        ideal: the speedup an ideal scheduler reaches, sum of latencies / critical path;
            1.0 when nothing can overlap.
        servers: which of "web", "api", "tcp" the run starts.
        latency: the servers' latency per request (seconds).
        load: extra latency per other request in flight (seconds), as a loaded server
            answers: plain code never sees it; an unbounded fan-out holds every
            connection open at once.
        overlap: requests the servers must see in flight at once under jit (0: no claim).
        spacing: seconds the servers must see between consecutive requests (a rate limit
            or a polling interval written as a sleep), under jit as in the plain run.
        speculative_reads: reads sent beside a failing sibling read are allowed (issue 13's
            documented allowance); writes never.
        rlimit_nofile: run in a subprocess under this RLIMIT_NOFILE (0: in this process).
        warns: the jitted run must warn (a function without source runs as written).
        setup: prepares fixtures in the `Env` before the run (files, a database).
        failure: the issue's failure class (1-7) this case reproduces, 0 for none.
        name: defaults to the function's name (or `make`'s).
    """

    category: str
    fn: Callable[..., Any] | None = None
    make: Callable[[Env], Callable[..., Any]] | None = None
    args: Callable[[Env], tuple] = _no_args
    drive: Callable[[Callable[..., Any], Env], Any] | None = None
    calls: int = 1
    ideal: float = 1.0
    servers: frozenset[str] | str = frozenset()
    latency: float = LAT
    load: float = 0.0
    overlap: int = 0
    spacing: float = 0.0
    speculative_reads: bool = False
    rlimit_nofile: int = 0
    warns: bool = False
    setup: Callable[[Env], None] | None = None
    failure: int = 0
    name: str = field(default="")

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.name or self.fn}: unknown category {self.category!r}")
        if (self.fn is None) == (self.make is None):
            raise ValueError(f"{self.name}: give exactly one of fn= and make=")
        if isinstance(self.servers, str):
            object.__setattr__(self, "servers", frozenset(self.servers.split()))
        if not self.name:
            source = self.fn if self.fn is not None else self.make
            object.__setattr__(self, "name", source.__name__.removeprefix("make_"))  # type: ignore[union-attr]


def serial_ideal(clients: int, waits: int, on_path: int, lat: float = CLIENT_LAT) -> float:
    """The ideal speedup of a function that makes `clients` clients (serial CPU, see
    `CLIENT_CPU`) and then waits `waits` requests of `lat` seconds, `on_path` of them on
    the critical path: (serial + all waits) / (serial + critical path)."""
    serial = clients * CLIENT_CPU
    return (serial + waits * lat) / (serial + on_path * lat)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for the SDK clients the harness hands the cases: each client would
    build its own, loading the certificates (some 25 ms of CPU), in thousands of runs. The
    servers speak plain HTTP; the SDK's own client class keeps its limits and timeouts."""
    return ssl.create_default_context()


def openai_client(env: Env) -> Any:
    """An `openai.OpenAI` client on the run's API server, closed after the run."""
    import openai

    return env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
                                 http_client=openai.DefaultHttpxClient(verify=_tls())))


def anthropic_client(env: Env) -> Any:
    """An `anthropic.Anthropic` client on the run's API server, closed after the run."""
    import anthropic

    return env.own(anthropic.Anthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                       max_retries=0,
                                       http_client=anthropic.DefaultHttpxClient(verify=_tls())))


def corpus_logger(name: str) -> logging.Logger:
    """A logger under ``corpus.``: the harness compares these records, and only these
    (libraries' own debug logs name ports and connection pools that differ per run)."""
    return logging.getLogger(f"corpus.{name}")
