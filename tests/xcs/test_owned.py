"""Objects a helper makes for itself (`ember.xcs._owned`): their calls change nothing outside.

A helper that opens a response, a connection or a file and uses it only as the receiver of
its own calls is what the object says to the world (a GET is a read); one that hands the
object out, passes it on, or uses one it was given keeps the object's one-conversation
rules (a write). Each helper here is classified by `effect_of`, as the JIT classifies it.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import requests

from ember.xcs._analysis import analyse
from ember.xcs._owned import private_locals
from ember.xcs.lowlevel import effect_of


def effect(fn: Any) -> str:
    return effect_of(fn).effect


def urlopen_value(base: str, key: str) -> str:
    with urllib.request.urlopen(f"{base}/items/{key}") as r:
        return json.loads(r.read())["value"]


def conn_get(base: str, key: str) -> int:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("GET", f"/items/{key}")
        return len(conn.getresponse().read())
    finally:
        conn.close()


def conn_get_bound_response(base: str, key: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", 9, timeout=10)
    conn.request("HEAD", f"/items/{key}")
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return data


def file_text(folder: str, name: str) -> str:
    with open(Path(folder) / name) as f:
        return f.read()


def test_a_helper_that_owns_its_object_is_what_it_says_to_the_world() -> None:
    # (a helper's server is not known from its body: taken to be this machine's)
    assert effect(urlopen_value) == "read(local)"
    assert effect(conn_get) == "read(local)"
    assert effect(conn_get_bound_response) == "read(local)"
    assert effect(file_text) == "read(file)"


def conn_post(key: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", 9, timeout=10)
    conn.request("POST", f"/items/{key}", body=b"x")
    return conn.getresponse().status


def conn_method_from_argument(method: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", 9, timeout=10)
    conn.request(method, "/items/k")
    return conn.getresponse().status


def socket_command(addr: tuple[str, int]) -> bytes:
    with socket.create_connection(addr, timeout=10) as sock:
        sock.sendall(b"GET k\n")
        return sock.recv(100)


def file_append(folder: str, line: str) -> None:
    with open(Path(folder) / "log.txt", "a") as f:
        f.write(line)


def test_what_the_object_sends_still_counts() -> None:
    assert effect(conn_post).startswith("write")
    assert effect(conn_method_from_argument).startswith("write")  # the verb is not known
    assert effect(socket_command) != "read(net)"  # bytes on a socket: no known protocol
    assert effect(file_append) not in ("read(file)", "pure")


def returns_the_response(base: str) -> Any:
    r = urllib.request.urlopen(f"{base}/items/k")
    r.read(1)
    return r


def hands_out_the_response(base: str) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", 9, timeout=10)
    conn.request("GET", "/")
    return conn.getresponse()


def response_bound_and_returned(base: str) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", 9, timeout=10)
    conn.request("GET", "/")
    resp = conn.getresponse()
    return resp


def parse(f: Any) -> Any:
    return json.load(f)


def passes_the_file_on(folder: str) -> Any:
    with open(Path(folder) / "data.json") as f:  # (`json.load(f)` here would take it whole)
        return parse(f)


def aliased(folder: str) -> str:
    f = open(Path(folder) / "a.txt")  # noqa: SIM115 - the shape under test
    g = f
    text = g.read()
    f.close()
    return text


def seen_by_a_lambda(folder: str) -> str:
    f = open(Path(folder) / "a.txt")  # noqa: SIM115 - the shape under test
    read = lambda: f.read()  # noqa: E731
    return read()


def given_the_file(f: Any) -> str:
    return f.readline()


def stored(holder: dict, base: str) -> bytes:
    r = urllib.request.urlopen(f"{base}/items/k")
    holder["r"] = r.read()
    return holder["r"]


def test_an_object_that_leaves_the_helper_keeps_its_rules() -> None:
    for fn in (returns_the_response, hands_out_the_response, response_bound_and_returned,
               passes_the_file_on, aliased, seen_by_a_lambda, given_the_file):
        assert effect(fn) not in ("read(net)", "read(file)", "pure"), fn.__name__
    # the object's data may go anywhere: only the object itself is the helper's
    assert effect(stored) == "write(any)"  # (it changes its argument: not a plain read)


# -- locals no other code can reach (`private_locals`): an await cannot change them


async def two_gets(base: str) -> tuple[Any, Any]:
    async with httpx.AsyncClient() as client:
        a = (await client.get(f"{base}/a")).json()
        b = (await client.get(f"{base}/b")).json()
    return a, b


async def handed_on(base: str) -> Any:
    async with httpx.AsyncClient() as client:
        remember(client)
        return (await client.get(f"{base}/a")).json()


async def given(client: httpx.AsyncClient, base: str) -> Any:
    other = client
    return (await other.get(f"{base}/a")).json()


def made_then_returned() -> httpx.Client:
    client = httpx.Client()
    client.get("http://127.0.0.1:9/")
    return client


def remember(obj: Any) -> None:
    """Stands for code that keeps the object (a registry)."""


def test_a_client_made_and_only_called_is_private() -> None:
    assert private_locals(analyse(two_gets, {"base": ""})) == {"client"}


def test_a_client_passed_on_given_or_returned_is_not() -> None:
    assert private_locals(analyse(handed_on, {"base": ""})) == set()
    assert private_locals(analyse(given, {"client": None, "base": ""})) == set()
    assert private_locals(analyse(made_then_returned, {})) == set()


def lines_of(folder: str) -> list[str]:
    with open(Path(folder) / "a.txt") as f:
        return [line.strip() for line in f]


def lines_summed(folder: str) -> int:
    with open(Path(folder) / "a.txt") as f:
        total = 0
        for line in f:
            total += len(line)
    return total


def test_a_file_the_helper_walks_is_its_own() -> None:
    # Walking the file takes what it holds, as `f.read()` would: the helper is a read.
    assert effect(lines_of) == "read(file)"
    assert effect(lines_summed) == "read(file)"


def post_json(session: Any, url: str, rows: list) -> int:
    return session.post(url, json=rows).status_code  # (a library call keeps no reference)


KEPT: list[Any] = []


def keep(session: Any, url: str, rows: list) -> int:
    KEPT.append(rows)  # (a helper of yours that keeps what it was handed)
    return session.post(url, json=rows).status_code


def hands_to_a_passing_helper(session: Any, url: str) -> dict[str, Any]:
    rows = [1]
    post_json(session, url, rows)
    rows.append(2)
    return {"rows": rows}


def hands_to_a_keeping_helper(session: Any, url: str) -> dict[str, Any]:
    rows = [1]
    keep(session, url, rows)
    rows.append(2)
    return {"rows": rows}


def test_a_list_handed_to_a_helper_that_only_passes_it_on_stays_the_functions() -> None:
    """A helper whose parameter goes only to a library's call (`CallFact.passes_on`) keeps
    no reference to it, and a list returned inside a dict leaves with the return: the list
    is the function's own up to the end. Handed to a helper that stores it, it is not."""
    with requests.Session() as s:
        passing = analyse(hands_to_a_passing_helper, {"session": s, "url": ""})
        keeping = analyse(hands_to_a_keeping_helper, {"session": s, "url": ""})
    last = passing.tree.body[-1]
    assert "rows" in passing.unshared_at(last)
    assert "rows" not in keeping.unshared_at(keeping.tree.body[-1])
