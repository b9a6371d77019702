"""Raw sockets: the line server (``GET k``, ``SET k v``, ``ECHO text``) and raw HTTP.

One socket is one conversation: its commands and answers stay in order on one thread.
Bytes sent on a raw socket are a write: the JIT cannot know the protocol (``GET k`` here,
``SET k v`` in the next case through the same helper), so separate connections overlap
only when the user declares the helper a read (`xcs.effect`); undeclared, nothing
overlaps soundly, and those cases' ideal is 1.0.
"""

from __future__ import annotations

import json
import socket
import urllib.parse

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env

SOCKET = "socket"


def _tcp(env: Env) -> tuple:
    return (env.tcp,)


def ask(addr: tuple[str, int], command: str) -> str:
    """One command on a connection of its own."""
    with socket.create_connection(addr, timeout=10) as sock:
        sock.sendall(command.encode() + b"\n")
        return sock.makefile("r").readline().strip()


@xcs.effect("read", resource="net")
def ask_read(addr: tuple[str, int], command: str) -> str:
    """`ask`, declared a read by its user: its commands change nothing on the server."""
    with socket.create_connection(addr, timeout=10) as sock:
        sock.sendall(command.encode() + b"\n")
        return sock.makefile("r").readline().strip()


def three_declared_reads(addr: tuple[str, int]) -> list[str]:
    return [ask_read(addr, "GET alpha"), ask_read(addr, "GET beta"),
            ask_read(addr, "ECHO gamma")]


def declared_reads_around_a_set(addr: tuple[str, int]) -> list[str]:
    before = [ask_read(addr, "GET mode"), ask_read(addr, "ECHO x")]
    ok = ask(addr, "SET mode on")  # undeclared: a write, in place
    after = ask_read(addr, "GET mode")
    return [*before, ok, after]


def recv_line(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(1024)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def two_commands_one_socket(addr: tuple[str, int]) -> tuple[str, str]:
    sock = socket.create_connection(addr, timeout=10)
    sock.sendall(b"GET first\n")
    a = recv_line(sock)
    sock.sendall(b"GET second\n")
    b = recv_line(sock)
    sock.close()
    return a, b


def pipelined_makefile(addr: tuple[str, int]) -> list[str]:
    sock = socket.create_connection(addr, timeout=10)
    stream = sock.makefile("rw")
    stream.write("SET k 1\nGET k\nECHO done\n")
    stream.flush()
    answers = [stream.readline().strip() for _ in range(3)]
    stream.close()
    sock.close()
    return answers


def three_connections(addr: tuple[str, int]) -> list[str]:
    a = ask(addr, "GET alpha")
    b = ask(addr, "GET beta")
    c = ask(addr, "ECHO gamma")
    return [a, b, c]


def set_then_get(addr: tuple[str, int]) -> tuple[str, str, str]:
    before = ask(addr, "GET level")
    ok = ask(addr, "SET level high")
    after = ask(addr, "GET level")
    return before, ok, after


def loop_over_connections(addr: tuple[str, int]) -> list[str]:
    out = []
    for word in ["red", "green", "blue", "cyan"]:
        with socket.create_connection(addr, timeout=10) as sock:
            sock.sendall(f"ECHO {word}\n".encode())
            out.append(recv_line(sock))
    return out


def shared_socket_passed_in(sock: socket.socket) -> list[str]:
    out = []
    for key in ("u", "v", "w"):
        sock.sendall(f"GET {key}\n".encode())
        out.append(recv_line(sock))
    return out


def ask_on(sock: socket.socket, command: str) -> str:
    sock.sendall(command.encode() + b"\n")
    return recv_line(sock)


def helper_on_shared_socket(sock: socket.socket) -> tuple[str, str]:
    slow = ask_on(sock, "GET slow ms=80")
    fast = ask_on(sock, "GET fast ms=10")
    return slow, fast


def raw_http_get(host: str, port: int, path: str) -> dict:
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(4096):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return json.loads(body)


def raw_http_two(base: str) -> list[dict]:
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname or "", parts.port or 0
    return [raw_http_get(host, port, "/items/x"), raw_http_get(host, port, "/items/y")]


def _connected(env: Env) -> tuple:
    return (env.own(socket.create_connection(env.tcp, timeout=10)),)


# Several cases are called four times: what a JIT learns from timing the first calls
# must not move a command of one conversation onto another thread.
CASES = [
    Case(SOCKET, two_commands_one_socket, args=_tcp, servers="tcp", calls=4),
    Case(SOCKET, helper_on_shared_socket, args=_connected, servers="tcp", calls=4, failure=2),
    Case(SOCKET, pipelined_makefile, args=_tcp, servers="tcp", calls=4),
    # undeclared raw sockets: a write each (see the module docstring), ideal 1.0
    Case(SOCKET, three_connections, args=_tcp, servers="tcp"),
    Case(SOCKET, three_declared_reads, args=_tcp, servers="tcp", ideal=3.0, overlap=3),
    Case(SOCKET, declared_reads_around_a_set, args=_tcp, servers="tcp", ideal=4 / 3,
         overlap=2),
    Case(SOCKET, set_then_get, args=_tcp, servers="tcp", calls=4),
    Case(SOCKET, loop_over_connections, args=_tcp, servers="tcp"),
    Case(SOCKET, shared_socket_passed_in, args=_connected, servers="tcp", calls=4),
    Case(SOCKET, raw_http_two, args=lambda env: (env.web,), servers="web"),
]
