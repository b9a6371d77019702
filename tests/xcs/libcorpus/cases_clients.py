"""Clients made inside the function: sessions, httpx clients, SDK clients, openers.

Pooled clients that are safe for concurrent use (`requests.Session`, `httpx.Client`, the
openai and anthropic clients) may overlap their reads; the client is closed where the
code closes it, after every call made with it.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request

import anthropic
import httpx
import openai
import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, DUMMY_KEY, Case, Env, serial_ideal
from tests.xcs.libcorpus._web import web_args

CLIENTS = "clients"



def _api(env: Env) -> tuple:
    return (env.api,)


def session_in_function(base: str) -> list[str]:
    with requests.Session() as s:
        a = s.get(f"{base}/items/sa").json()["value"]
        b = s.get(f"{base}/items/sb").json()["value"]
    return [a, b]


def httpx_client_in_function(base: str) -> list[str]:
    with httpx.Client(base_url=base) as client:
        return [client.get(f"/items/{k}").json()["value"] for k in ("h1", "h2", "h3")]


def openai_in_function(api: str) -> list[str]:
    client = openai.OpenAI(base_url=f"{api}/v1", api_key=DUMMY_KEY, max_retries=0)
    a = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "A?"}])
    b = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "B?"}])
    client.close()
    return [a.choices[0].message.content, b.choices[0].message.content]


def anthropic_in_function(api: str) -> list[str]:
    with anthropic.Anthropic(base_url=f"{api}/anthropic", api_key=DUMMY_KEY,
                             max_retries=0) as client:
        replies = [client.messages.create(model="claude", max_tokens=32,
                                          messages=[{"role": "user", "content": q}])
                   for q in ("One?", "Two?")]
    return [r.content[0].text for r in replies]


def session_put_then_get(base: str) -> tuple[int, str]:
    s = requests.Session()
    version = s.put(f"{base}/items/pref", data="tea").json()["version"]
    pref = s.get(f"{base}/items/pref").json()["value"]
    s.close()
    return version, pref


def two_connections_in_function(base: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(base)
    one = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    two = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    one.request("GET", "/items/c1")
    two.request("GET", "/items/c2")
    first = json.loads(one.getresponse().read())["value"]
    second = json.loads(two.getresponse().read())["value"]
    one.close()
    two.close()
    return first, second


def opener_in_function(base: str) -> list[str]:
    opener = urllib.request.build_opener()
    return [json.load(opener.open(f"{base}/items/{k}"))["value"] for k in ("o1", "o2")]


def openai_upload_in_function(api: str) -> list[str]:
    with openai.OpenAI(base_url=f"{api}/v1", api_key=DUMMY_KEY, max_retries=0) as client:
        client.files.create(file=("one.txt", b"1"), purpose="assistants")
        client.files.create(file=("two.txt", b"2"), purpose="assistants")
        return [f.filename for f in client.files.list()]


def httpx_client_closed_then_used(base: str) -> str:
    client = httpx.Client()
    first = client.get(f"{base}/items/before").json()["value"]
    client.close()
    try:
        client.get(f"{base}/items/after")
    except RuntimeError as exc:
        return f"{first}; {exc}"
    return first


CASES = [
    Case(CLIENTS, session_in_function, args=web_args, servers="web", ideal=2.0, overlap=2),
    # the function makes its client (an SSL context, serial CPU) before the requests:
    # slower servers, and the making counted in the ideal (`serial_ideal`)
    Case(CLIENTS, httpx_client_in_function, args=web_args, servers="web", latency=CLIENT_LAT,
         ideal=serial_ideal(1, 3, 1), overlap=3),
    Case(CLIENTS, openai_in_function, args=_api, servers="api", latency=CLIENT_LAT,
         ideal=serial_ideal(1, 2, 1), overlap=2),
    Case(CLIENTS, anthropic_in_function, args=_api, servers="api", latency=CLIENT_LAT,
         ideal=serial_ideal(1, 2, 1), overlap=2),
    Case(CLIENTS, session_put_then_get, args=web_args, servers="web"),
    # `request` sends at once, so plain code already has both requests in flight
    Case(CLIENTS, two_connections_in_function, args=web_args, servers="web"),
    Case(CLIENTS, opener_in_function, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(CLIENTS, openai_upload_in_function, args=_api, servers="api"),
    Case(CLIENTS, httpx_client_closed_then_used, args=web_args, servers="web"),
]
