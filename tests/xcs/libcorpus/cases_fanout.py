"""Fan-out past a low file-descriptor limit: 300 blocking calls under ``RLIMIT_NOFILE=256``.

Each case runs in a child process with the limit set (`Case.rlimit_nofile`); the servers
live in the parent. Plain code opens one connection (or file) at a time and works; a JIT
that starts all 300 at once runs out of descriptors (``Errno 24``). Concurrency must be
bounded by the resource.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse
import urllib.request
from pathlib import Path

import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import web_args

FANOUT = "fanout"
WIDTH = 300
NOFILE = 256
# Each request waits 2 ms at the server, 2 ms more for each other request in flight (so an
# unbounded fan-out holds every connection at once, as against a loaded server). A
# blocking client spends about 1.3 ms of CPU per request under the GIL (plain: ~3.3 ms a
# request). With k requests in flight each waits 2k ms, so the server answers at most
# 1 / FANOUT_LOAD = 500 requests a second whatever k is: 300 take at least 0.6 s, and
# overlap can hide only the client's CPU behind the server's waits, (2 + 1.3) / 2 = 1.65x.
# (The ideal was 2.5x, the client's CPU bound alone, which this server never allows.)
FANOUT_LAT = 0.002
FANOUT_LOAD = 0.002
CLIENT_CPU = 0.0013
FANOUT_IDEAL = (FANOUT_LAT + CLIENT_CPU) / FANOUT_LOAD



def get_urlopen(base: str, i: int) -> str:
    with urllib.request.urlopen(f"{base}/items/f{i}") as r:
        return json.loads(r.read())["value"]


def fanout_urlopen(base: str) -> list[str]:
    return [get_urlopen(base, i) for i in range(WIDTH)]


def get_requests(base: str, i: int) -> str:
    return requests.get(f"{base}/items/f{i}").json()["value"]


def fanout_requests(base: str) -> list[str]:
    return [get_requests(base, i) for i in range(WIDTH)]


def get_http_client(base: str, i: int) -> int:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("GET", f"/items/f{i}")
        return len(conn.getresponse().read())
    finally:
        conn.close()


def fanout_http_client(base: str) -> int:
    return sum(get_http_client(base, i) for i in range(WIDTH))


@xcs.effect("read", resource="net")  # a raw socket's bytes are a write unless declared
def ask_line(addr: tuple[str, int], i: int) -> str:
    with socket.create_connection(addr, timeout=10) as sock:
        sock.sendall(f"GET f{i}\n".encode())
        return sock.makefile("r").readline().strip()


def fanout_socket(addr: tuple[str, int]) -> list[str]:
    return [ask_line(addr, i) for i in range(WIDTH)]


def write_files(env: Env) -> None:
    for i in range(WIDTH):
        (env.tmp / f"part{i}.txt").write_text(f"part {i}\n")


def slowly(text: str) -> str:
    """A slow disk or network share's latency: a wait whose value is used. (A sleep as a
    statement beside the read in one helper would pace it, as a rate limit does.)"""
    time.sleep(FANOUT_LAT)
    return text


def read_slowly(folder: str, i: int) -> str:
    with open(Path(folder) / f"part{i}.txt") as f:
        return slowly(f.read())


def fanout_files(folder: str) -> int:
    return len({read_slowly(folder, i) for i in range(WIDTH)})


def fanout_loop_append(base: str) -> list[str]:
    out = []
    for i in range(WIDTH):
        out.append(get_urlopen(base, i))
    return out


def fanout_loop_keeps_responses(base: str) -> int:
    """Each response is held by a name until the next item: on a keep-alive connection it
    holds its socket until the program drops it (the JIT must not hold them all)."""
    total = 0
    for i in range(WIDTH):
        r = requests.get(f"{base}/items/f{i}")
        total += len(r.json()["value"])
    return total


def get_with(session: requests.Session, base: str, i: int) -> str:
    return session.get(f"{base}/items/f{i}").json()["value"]


def fanout_session(session: requests.Session, base: str) -> list[str]:
    return [get_with(session, base, i) for i in range(WIDTH)]


def get_pair(base: str, i: int) -> str:
    """Two reads of its own: it runs jitted, its two requests beside each other's."""
    return get_requests(base, i) + get_urlopen(base, WIDTH + i)


def fanout_pairs(base: str) -> list[str]:
    return [get_pair(base, i) for i in range(WIDTH)]


def _fanout(fn, args=web_args, servers="web", ideal=FANOUT_IDEAL, **kw) -> Case:  # type: ignore[no-untyped-def]
    return Case(FANOUT, fn, args=args, servers=servers, latency=FANOUT_LAT, load=FANOUT_LOAD,
                ideal=ideal, rlimit_nofile=NOFILE, **kw)


CASES = [
    _fanout(fanout_urlopen, failure=6),
    _fanout(fanout_requests),
    _fanout(fanout_http_client),
    _fanout(fanout_socket, args=lambda env: (env.tcp,), servers="tcp"),
    # no server, so no load: the 2 ms waits overlap up to the thread bound, and the CPU of
    # opening and reading a file (~0.2 ms, plain ~2.4 ms a file) bounds it near 10x
    _fanout(fanout_files, args=lambda env: (str(env.tmp),), servers=frozenset(),
            setup=write_files, ideal=10.0),
    _fanout(fanout_loop_append),
    _fanout(fanout_loop_keeps_responses),
    _fanout(fanout_session, args=lambda env: (env.own(requests.Session()), env.web)),
    _fanout(fanout_pairs),  # calls made by calls keep to the same bound
]
