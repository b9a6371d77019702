"""HTTP clients: module functions, sessions and clients passed in, keep-alive connections.

GETs of independent items may overlap. A PUT, POST or DELETE is a write and keeps its place;
a GET of the item it changed must still see the change. An `http.client` connection is
one conversation: its requests and responses stay in order on one thread.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, serial_ideal
from tests.xcs.libcorpus._web import web_args

HTTP = "http"



def _host_port(env: Env) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(env.web)
    return parts.hostname or "", parts.port or 0


def requests_three_gets(base: str) -> list[str]:
    a = requests.get(f"{base}/items/a").json()
    b = requests.get(f"{base}/items/b").json()
    c = requests.get(f"{base}/items/c").json()
    return [a["value"], b["value"], c["value"]]


def requests_put_then_get(base: str) -> tuple[int, str]:
    requests.put(f"{base}/items/color", data="blue")
    seen = requests.get(f"{base}/items/color").json()["value"]
    return requests.get(f"{base}/items/size").status_code, seen


def urlopen_post_then_get(base: str) -> str:
    urllib.request.urlopen(f"{base}/items/motto", data=b"carpe diem").read()
    with urllib.request.urlopen(f"{base}/items/motto") as resp:
        return json.loads(resp.read())["value"]


def urlopen_request_methods(base: str) -> list[Any]:
    out = []
    put = urllib.request.Request(f"{base}/items/k", data=b"one", method="PUT")
    out.append(json.load(urllib.request.urlopen(put))["version"])
    out.append(json.load(urllib.request.urlopen(f"{base}/items/k"))["value"])
    delete = urllib.request.Request(f"{base}/items/k", method="DELETE")
    out.append(json.load(urllib.request.urlopen(delete))["deleted"])
    out.append(json.load(urllib.request.urlopen(f"{base}/items/k"))["value"])
    return out


def httpx_module_gets(base: str) -> list[str]:
    names = ["x", "y", "z"]
    return [httpx.get(f"{base}/items/{n}").json()["value"] for n in names]


def session_gets(session: requests.Session, base: str) -> dict[str, str]:
    out = {}
    for key in ("p", "q", "r"):
        out[key] = session.get(f"{base}/items/{key}").json()["value"]
    return out


def httpx_client_gets(client: httpx.Client, base: str) -> tuple[str, str, int]:
    first = client.get(f"{base}/items/one").json()["value"]
    second = client.get(f"{base}/text/two").text
    third = client.get(f"{base}/items/three").status_code
    return first, second, third


def keepalive_connection(host: str, port: int) -> list[str]:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    out = []
    for key in ("a", "b", "c"):
        conn.request("GET", f"/items/{key}")
        resp = conn.getresponse()
        out.append(json.loads(resp.read())["value"])
    conn.close()
    return out


def http_connection_passed_in(conn: http.client.HTTPConnection) -> tuple[str, int, str]:
    conn.request("PUT", "/items/mode", body=b"fast")
    version = json.loads(conn.getresponse().read())["version"]
    conn.request("GET", "/items/mode")
    mode = json.loads(conn.getresponse().read())["value"]
    conn.request("GET", "/items/other")
    other = json.loads(conn.getresponse().read())["value"]
    return mode, version, other


def get_body(conn: http.client.HTTPConnection, path: str) -> bytes:
    conn.request("GET", path)
    return conn.getresponse().read()


def helper_on_shared_connection(conn: http.client.HTTPConnection) -> tuple[dict, dict]:
    a = get_body(conn, "/items/ha")
    b = get_body(conn, "/items/hb")
    return json.loads(a), json.loads(b)


def responses_read_later(base: str) -> list[str]:
    a = urllib.request.urlopen(f"{base}/items/ra")
    b = urllib.request.urlopen(f"{base}/items/rb")
    c = requests.get(f"{base}/items/rc")
    return [json.load(a)["value"], json.load(b)["value"], c.json()["value"]]


def with_urlopen_two(base: str) -> tuple[str, str]:
    with urllib.request.urlopen(f"{base}/text/left") as r:
        left = r.read().decode()
    with urllib.request.urlopen(f"{base}/text/right") as r:
        right = r.read().decode()
    return left, right


def chained_json(base: str) -> str:
    first = requests.get(f"{base}/items/start").json()["value"]
    return requests.get(f"{base}/items/{first}").json()["value"]


def request_method_strings(base: str) -> list[Any]:
    before = requests.request("GET", f"{base}/items/t").json()["value"]
    requests.request("POST", f"{base}/items/t", data="posted")
    after = requests.request("GET", f"{base}/items/t").json()["value"]
    gone = requests.request("DELETE", f"{base}/items/t").json()["deleted"]
    return [before, after, gone]


def raise_for_status_second(base: str) -> str:
    good = requests.get(f"{base}/items/fine")
    good.raise_for_status()
    bad = requests.get(f"{base}/status/404")
    bad.raise_for_status()
    return good.json()["value"] + bad.text


def json_load_urlopen_loop(base: str, keys: list[str]) -> list[str]:
    """``json.load(urlopen(u))`` (the standard library alone) in a loop over a list handed
    in: each response is consumed by its own json.load, which reaches nothing the loop
    walks, so the loop's GETs start together."""
    out = []
    for k in keys:
        out.append(json.load(urllib.request.urlopen(f"{base}/items/{k}"))["value"])
    return out


def json_load_urlopen_comprehension(base: str, keys: list[str]) -> dict[str, str]:
    return {k: json.load(urllib.request.urlopen(f"{base}/items/{k}")) for k in keys}


def _keys(env: Env) -> tuple:
    return env.web, ["ja", "jb", "jc"]


def _session(env: Env) -> tuple:
    return env.own(requests.Session()), env.web


def _httpx_client(env: Env) -> tuple:
    return env.own(httpx.Client()), env.web


def _connection(env: Env) -> tuple:
    return (env.own(http.client.HTTPConnection(*_host_port(env), timeout=10)),)


CASES = [
    Case(HTTP, requests_three_gets, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case(HTTP, requests_put_then_get, args=web_args, servers="web", ideal=1.5),
    # called four times: what a JIT learns from the first calls must not reorder later ones
    Case(HTTP, urlopen_post_then_get, args=web_args, servers="web", calls=4),
    Case(HTTP, urlopen_request_methods, args=web_args, servers="web", calls=4, failure=1),
    # each `httpx.get` makes a client (an SSL context: serial CPU) before its request, so
    # the third request starts after all three clients are made
    Case(HTTP, httpx_module_gets, args=web_args, servers="web", latency=CLIENT_LAT,
         ideal=serial_ideal(3, 3, 1), overlap=3),
    Case(HTTP, session_gets, args=_session, servers="web", ideal=3.0, overlap=3),
    Case(HTTP, httpx_client_gets, args=_httpx_client, servers="web", ideal=3.0, overlap=3),
    Case(HTTP, keepalive_connection, args=_host_port, servers="web"),
    Case(HTTP, http_connection_passed_in, args=_connection, servers="web", calls=4),
    Case(HTTP, helper_on_shared_connection, args=_connection, servers="web", calls=4,
         failure=4),
    Case(HTTP, responses_read_later, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case(HTTP, with_urlopen_two, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(HTTP, chained_json, args=web_args, servers="web"),
    Case(HTTP, request_method_strings, args=web_args, servers="web"),
    Case(HTTP, raise_for_status_second, args=web_args, servers="web", ideal=2.0,
         speculative_reads=True),
    Case(HTTP, json_load_urlopen_loop, args=_keys, servers="web", ideal=3.0, overlap=3),
    Case(HTTP, json_load_urlopen_comprehension, args=_keys, servers="web", ideal=3.0,
         overlap=3),
]
