"""Red-team cases (stop 21), sixteenth part: the same hidden writes and walked lists in the
raw-socket and ``http.client`` worlds: a declared socket read after a ``__setitem__`` that
sends a SET, a crawl over a socket server, and ``http.client`` helpers around a context
manager whose exit PUTs.
"""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import web_args


def _tcp(env: Env) -> tuple:
    return (env.tcp,)



def ask(addr: tuple[str, int], command: str) -> str:
    with socket.create_connection(addr, timeout=10) as sock:
        sock.sendall((command + "\n").encode())
        return sock.makefile("rb").readline().decode().strip()


@xcs.effect("read", resource="net")
def ask_read(addr: tuple[str, int], command: str) -> str:
    with socket.create_connection(addr, timeout=10) as sock:
        sock.sendall((command + "\n").encode())
        return sock.makefile("rb").readline().decode().strip()


class LineStore:
    """The line server as a mapping: assignment sends a SET."""

    def __init__(self, addr: tuple[str, int]) -> None:
        self.addr = addr

    def __setitem__(self, key: str, text: str) -> None:
        ask(self.addr, f"SET {key} {text}")


def socket_setitem_then_declared_read(addr: tuple[str, int]) -> list[str]:
    store = LineStore(addr)
    first = ask_read(addr, "GET ss0")
    store["ss1"] = "stored"
    return [first, ask_read(addr, "GET ss1")]


def note(todo: list[str], key: str) -> None:
    if len(todo) < 3:
        todo.append(key + "n")


def socket_crawl_extends_its_list(addr: tuple[str, int]) -> list[str]:
    todo = ["sc"]
    out = []
    for k in todo:
        out.append(ask_read(addr, f"GET {k}"))
        note(todo, k)
    return out


def http_get(base: str, key: str) -> str:
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request("GET", f"/items/{key}")
        return json.loads(conn.getresponse().read())["value"]
    finally:
        conn.close()


def http_put(base: str, key: str, text: str) -> None:
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request("PUT", f"/items/{key}", body=text)
        conn.getresponse().read()
    finally:
        conn.close()


class Lease:
    """Releases a lease on exit (a PUT)."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: Any) -> None:
        http_put(self.base, self.key, "released")


def http_client_reads_around_a_lease(base: str) -> list[str]:
    with Lease(base, "lease"):
        a = http_get(base, "hl1")
    return [a, http_get(base, "lease")]


CASES = [
    Case("socket", socket_setitem_then_declared_read, args=_tcp, servers="tcp"),
    Case("socket", socket_crawl_extends_its_list, args=_tcp, servers="tcp"),
    Case("http", http_client_reads_around_a_lease, args=web_args, servers="web"),
]


# --------------------------------------------------------------------------- objects freed at return


class Buffered:
    """Writes its lines to a file when it is freed (as some file wrappers do)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def __del__(self) -> None:
        with open(self.path, "w") as f:
            f.write("\n".join(self.lines))


def open_buffer(path: str) -> Buffered:
    return Buffered(path)


def finaliser_runs_when_the_function_returns(folder: str, base: str) -> str:
    b = open_buffer(f"{folder}/buffered.txt")
    b.add("header")
    first = requests.get(f"{base}/items/bf1").json()["value"]
    second = requests.get(f"{base}/items/bf2").json()["value"]
    return f"{first} {second}"  # b is freed here and writes its file


CASES += [
    Case("files", finaliser_runs_when_the_function_returns,
         args=lambda env: (str(env.tmp), env.web), servers="web"),
]
