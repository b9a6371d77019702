"""Helpers that make their own connection, response or file, and helpers whose arguments
decide what they do (a client passed in, ``session or requests``).

A helper that opens an object for itself and only calls its methods is what the object
says to the world: a GET through `urlopen` or `http.client` is a read, a PUT a write. A
helper given a client is classified with the client it was given: a `requests.Session`'s
GET is a read, a user's client whose ``get`` posts is a write. Each case mixes reads
with writes the server logs in order, so a read taken for a write's neighbour, or a write
taken for a read, shows as a difference.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import LAT, Case
from tests.xcs.libcorpus._web import web_args

HELPERS = "helpers"
HTTP = "http"
FILES = "files"
CLIENTS = "clients"



# --- objects the helper makes for itself ------------------------------------------------------


def urlopen_first_word(base: str, key: str) -> str:
    with urllib.request.urlopen(f"{base}/text/{key}") as r:
        return r.read().decode().split("\n")[0].split()[-1].strip()


def urlopen_words(base: str) -> list[str]:
    return [urlopen_first_word(base, k) for k in ("wa", "wb", "wc")]


def conn_get(base: str, key: str) -> str:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("GET", f"/items/{key}")
        return json.loads(conn.getresponse().read())["value"]
    finally:
        conn.close()


def conn_put(base: str, key: str, value: str) -> int:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("PUT", f"/items/{key}", body=value.encode())
        return json.loads(conn.getresponse().read())["version"]
    finally:
        conn.close()


def conn_reads_around_a_put(base: str) -> list[Any]:
    a = conn_get(base, "ca")
    b = conn_get(base, "cb")
    version = conn_put(base, "ca", "changed")
    again = conn_get(base, "ca")  # must see the PUT
    c = conn_get(base, "cc")
    return [a, b, version, again, c]


def urlopen_put(base: str, key: str, value: str) -> int:
    req = urllib.request.Request(f"{base}/items/{key}", data=value.encode(), method="PUT")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())["version"]


def urlopen_value(base: str, key: str) -> str:
    with urllib.request.urlopen(f"{base}/items/{key}") as r:
        return json.loads(r.read())["value"]


def urlopen_loop_with_puts(base: str) -> list[Any]:
    out: list[Any] = []
    for key in ("la", "lb", "lc"):
        out.append(urlopen_value(base, key))
        out.append(urlopen_put(base, key, f"new-{key}"))
    out += [urlopen_value(base, k) for k in ("la", "lb", "lc")]
    return out


def slow(value: str) -> str:
    """A slow network share's latency: a wait whose value is used. (A sleep as a statement
    beside the read in one helper would pace it, as a rate limit does: docs/jit.md, Sleeps.)"""
    time.sleep(LAT)
    return value


def note_slowly(folder: str, name: str) -> str:
    with open(Path(folder) / name) as f:
        return slow(f.read().strip())


def notes_after_writes(folder: str) -> list[str]:
    for name in ("n1.txt", "n2.txt", "n3.txt"):
        (Path(folder) / name).write_text(f"note {name}\n")
    first = [note_slowly(folder, n) for n in ("n1.txt", "n2.txt", "n3.txt")]
    (Path(folder) / "n2.txt").write_text("rewritten\n")
    return first + [note_slowly(folder, "n2.txt")]


# --- helpers whose arguments decide -----------------------------------------------------------


def call(session: requests.Session, method: str, base: str, key: str,
         data: str | None = None) -> Any:
    r = session.request(method, f"{base}/items/{key}", data=data)
    return r.json()


def session_verbs_in_order(base: str) -> list[Any]:
    with requests.Session() as s:
        before = [call(s, "GET", base, k) for k in ("sa", "sb")]
        version = call(s, "PUT", base, "sa", "one")
        after = [call(s, "GET", base, k) for k in ("sa", "sc")]
    return [before, version, after]


def session_verbs_in_one_loop(base: str) -> list[Any]:
    with requests.Session() as s:
        # a GET, then a PUT of the same key, then a GET that must see it, in one list
        return [call(s, m, base, "mx", d) for m, d in (("GET", None), ("PUT", "two"),
                                                       ("GET", None), ("PUT", "three"))]


def fetch_default(base: str, key: str, session: requests.Session | None = None) -> str:
    client = session or requests
    return client.get(f"{base}/items/{key}").json()["value"]


def default_or_given_client(base: str) -> list[str]:
    with requests.Session() as s:
        return [fetch_default(base, "da"), fetch_default(base, "db", s),
                fetch_default(base, "dc")]


class Audit:
    """A user's client whose `get` records an access: a POST, however it is spelled."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, url: str) -> requests.Response:
        return requests.post(f"{self.base}/items/audit", data=url)


def get_through(client: Any, url: str) -> str:
    return client.get(url).text


def audit_client_keeps_order(base: str) -> list[str]:
    audit = Audit(base)
    with requests.Session() as s:
        a = get_through(audit, f"{base}/items/x1")
        b = get_through(s, f"{base}/items/audit")  # sees the first POST, not the second
        c = get_through(audit, f"{base}/items/x2")
        d = get_through(s, f"{base}/items/audit")
    return [a, b, c, d]


def requests_value(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def loop_get_then_unknown_put(base: str) -> list[Any]:
    # `urlopen_put`'s effect is known only at run time (its Request is made inside): the
    # GETs of later keys must not start before the PUT of an earlier key
    out: list[Any] = []
    for key in ("la", "lb", "lc"):
        out.append(requests_value(base, key))
        out.append(urlopen_put(base, key, f"new-{key}"))
    return out



# Callees picked at run time from a table: each is classified as it starts, and a call in
# the next statement may start just after it, never before it.
OPS: dict[str, Any] = {"get": requests_value, "put": urlopen_put, "post_get": conn_get}


def table_calls_in_order(base: str) -> list[Any]:
    a = OPS["get"](base, "ta")
    b = OPS["put"](base, "ta", "changed")  # a write: the GET after it waits
    c = OPS["get"](base, "ta")  # sees the PUT
    d = OPS["post_get"](base, "tb")
    return [a, b, c, d]


def table_reads_together(base: str) -> list[str]:
    a = OPS["get"](base, "tc")
    b = OPS["get"](base, "td")
    return [a, b]


CASES = [
    Case(HTTP, urlopen_words, args=web_args, servers="web", ideal=3.0, overlap=3),
    # reads a, b together; the PUT in place; the read of a after it sees it (with c)
    Case(HTTP, conn_reads_around_a_put, args=web_args, servers="web", ideal=5 / 3, overlap=2),
    # each GET is followed by a PUT: nothing overlaps in the loop; the last reads together
    Case(HELPERS, urlopen_loop_with_puts, args=web_args, servers="web", ideal=9 / 7, overlap=3),
    Case(FILES, notes_after_writes, args=lambda env: (str(env.tmp),), ideal=2.0),
    Case(CLIENTS, session_verbs_in_order, args=web_args, servers="web", ideal=5 / 3, overlap=2),
    Case(CLIENTS, session_verbs_in_one_loop, args=web_args, servers="web"),
    Case(HELPERS, default_or_given_client, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case(HELPERS, audit_client_keeps_order, args=web_args, servers="web"),
    Case(HELPERS, loop_get_then_unknown_put, args=web_args, servers="web"),
    # a, then the PUT, then c and d together
    Case(HELPERS, table_calls_in_order, args=web_args, servers="web", ideal=4 / 3, overlap=2),
    Case(HELPERS, table_reads_together, args=web_args, servers="web", ideal=2.0, overlap=2),
]
