"""Red-team cases (stop 126): user code that HTTP libraries run on the user's behalf.

httpx event hooks (request and response hooks that print, log, append to a list, count,
fill a dict the function returns, call ``raise_for_status``), ``httpx.Auth`` subclasses
whose ``auth_flow`` prints, numbers requests or fetches a token first, transports of the
user's (an ``HTTPTransport`` subclass, a ``MockTransport`` wrapping a real one), requests
``Session`` hooks (``session.hooks["response"].append(f)``, per-call ``hooks=``),
``AuthBase`` subclasses, ``HTTPAdapter`` subclasses, urllib3 ``Retry`` with backoff and
``status_forcelist`` against ``/status/503``, urllib handlers of the user's, the openai and
anthropic SDKs on an ``http_client`` with hooks, ``http.client`` debug output captured;
and beside them the library's own objects (``BasicAuth``, a plain ``HTTPAdapter`` with a
``Retry``, ``HTTPTransport(retries=1)``, ``default_headers``, a ``base_url`` with a path,
empty hook lists, a hook removed before the GETs) whose independent GETs should still
overlap; and the libraries' own loggers (httpx's, urllib3's) given a handler to stdout.
Sibling calls get unequal latencies, slow first, so a hook run in completion order shows. `FAILING` holds the cases that differed or crashed under jit when written,
with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import io
import logging
import sys
import urllib.request
from typing import Any

import anthropic
import httpx
import openai
import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth
from urllib3.util.retry import Retry

from tests.xcs.libcorpus._case import (
    CLIENT_CPU,
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam126")

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def sx(clients: int, *waits: float) -> float:
    """`clients` clients made first (serial CPU), then independent waits overlapped."""
    serial = clients * CLIENT_CPU
    return (serial + sum(waits)) / (serial + max(waits))


W3 = over(0.15, 0.04, 0.09)


def _path(url: Any) -> str:
    return str(url).split("/", 3)[-1]


# =========================================================================== httpx event hooks


def r126_hx_request_hook_prints(web: str) -> list[str]:
    def show(request: httpx.Request) -> None:
        print("->", request.method, request.url.path)

    out = []
    with httpx.Client(event_hooks={"request": [show]}) as client:
        for k, ms in KEYS:
            out.append(client.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def r126_hx_response_hook_records_urls(web: str) -> tuple[list[str], list[str]]:
    seen: list[str] = []
    out = []
    with httpx.Client(event_hooks={"response": [lambda r: seen.append(r.url.path)]}) as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out, seen


def r126_hx_hook_raise_for_status(web: str) -> list[str]:
    def check(r: httpx.Response) -> None:
        r.raise_for_status()

    out = []
    with httpx.Client(event_hooks={"response": [check]}) as c:
        for path in ("items/a?ms=150", "status/503?ms=40", "items/c?ms=90"):
            try:
                out.append(c.get(f"{web}/{path}").json().get("value", "?"))
            except httpx.HTTPStatusError as exc:
                print("failed", exc.response.status_code)
                out.append("error")
    return out


def r126_hx_hook_raises_stops_loop(web: str) -> list[str]:
    def check(r: httpx.Response) -> None:
        r.raise_for_status()

    out = []
    with httpx.Client(event_hooks={"response": [check]}) as c:
        for path in ("items/a?ms=150", "status/404?ms=40", "items/c?ms=90"):
            out.append(c.get(f"{web}/{path}").text)
            print("ok", path)
    return out


def r126_hx_hook_fills_returned_dict(web: str) -> dict[str, int]:
    stats: dict[str, int] = {}

    def note(r: httpx.Response) -> None:
        stats[r.url.path] = r.status_code

    with httpx.Client(event_hooks={"response": [note]}) as c:
        for path in ("items/x1?ms=150", "status/503?ms=40", "items/x3?ms=90"):
            c.get(f"{web}/{path}")
    return stats


def r126_hx_hook_value_feeds_next_url(web: str) -> list[str]:
    last: list[str] = ["start"]

    def keep(r: httpx.Response) -> None:
        r.read()
        last.append(r.json()["value"])

    with httpx.Client(event_hooks={"response": [keep]}) as c:
        for ms in (150, 40, 90):
            c.get(f"{web}/items/{last[-1]}?ms={ms}")
    return last


def r126_hx_empty_hook_lists_overlap(web: str) -> list[str]:
    with httpx.Client(event_hooks={"request": [], "response": []}) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_hx_hooks_cleared_then_overlap(web: str) -> list[str]:
    c = httpx.Client(event_hooks={"response": [lambda r: print("hook", r.url.path)]})
    try:
        print("first", c.get(f"{web}/items/z?ms=40").json()["value"])
        c.event_hooks = {"request": [], "response": []}
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    finally:
        c.close()


def r126_hx_hooked_client_beside_plain_gets(web: str) -> list[str]:
    with httpx.Client(event_hooks={"response": [lambda r: print("hooked", r.status_code)]}) as h:
        first = h.get(f"{web}/items/h?ms=40").json()["value"]
    rest = [httpx.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    return [first, *rest]


# =========================================================================== httpx auth


class _PrintAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Any:
        print("sign", request.url.path)
        request.headers["X-Sig"] = request.url.path
        yield request


class _NonceAuth(httpx.Auth):
    def __init__(self) -> None:
        self.n = 0

    def auth_flow(self, request: httpx.Request) -> Any:
        self.n += 1
        request.url = request.url.copy_add_param("n", str(self.n))
        yield request


class _TokenAuth(httpx.Auth):
    def __init__(self, web: str) -> None:
        self.web = web
        self.token: str | None = None
        self.fetches = 0

    def auth_flow(self, request: httpx.Request) -> Any:
        if self.token is None:
            r = yield httpx.Request("GET", f"{self.web}/items/token?ms=40")
            r.read()
            self.token = r.json()["value"]
            self.fetches += 1
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def r126_hx_auth_flow_prints(web: str) -> list[str]:
    out = []
    with httpx.Client(auth=_PrintAuth()) as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r126_hx_auth_nonce_in_query(web: str) -> dict[str, str]:
    auth = _NonceAuth()
    got = {}
    with httpx.Client(auth=auth) as c:
        for k, ms in KEYS:
            r = c.get(f"{web}/items/{k}?ms={ms}")
            got[k] = r.request.url.params["n"]
    return got


def r126_hx_auth_token_fetched_once(web: str) -> tuple[list[str], int]:
    auth = _TokenAuth(web)
    with httpx.Client(auth=auth) as c:
        vals = [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    return vals, auth.fetches


def r126_hx_basic_auth_overlap(web: str) -> list[str]:
    with httpx.Client(auth=httpx.BasicAuth("user", "pw")) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_hx_per_request_auth_tuple_overlap(web: str) -> list[str]:
    with httpx.Client() as c:
        out = []
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}", auth=("u", "p")).json()["value"])
        return out


# =========================================================================== httpx transports


class _LoggingTransport(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        print("send", request.url.path)
        response = super().handle_request(request)
        print("recv", response.status_code)
        return response


def r126_hx_transport_subclass_prints(web: str) -> list[str]:
    out = []
    with httpx.Client(transport=_LoggingTransport()) as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r126_hx_mock_wrapping_real_transport(web: str) -> tuple[list[str], list[str]]:
    real = httpx.HTTPTransport()
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return real.handle_request(request)

    out = []
    try:
        with httpx.Client(transport=httpx.MockTransport(handler)) as c:
            for k, ms in KEYS:
                out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    finally:
        real.close()
    return out, calls


def r126_hx_mock_canned_beside_real_gets(web: str) -> list[str]:
    def handler(request: httpx.Request) -> httpx.Response:
        print("mocked", request.url.path)
        return httpx.Response(200, json={"value": "canned"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as fake:
        head = fake.get("http://fake.test/items/m").json()["value"]
    rest = [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    return [head, *rest]


def r126_hx_library_transport_retries_overlap(web: str) -> list[str]:
    with httpx.Client(transport=httpx.HTTPTransport(retries=1)) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_hx_mounts_library_transport_overlap(web: str) -> list[str]:
    with httpx.Client(mounts={"http://": httpx.HTTPTransport()}) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


# =========================================================================== requests hooks


def r126_rq_session_hook_append_prints(web: str) -> list[str]:
    s = requests.Session()
    s.hooks["response"].append(lambda r, *a, **kw: print("hook", r.status_code, _path(r.url)))
    out = []
    with s:
        for k, ms in KEYS:
            out.append(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r126_rq_hook_fills_returned_dict(web: str) -> dict[str, Any]:
    stats: dict[str, Any] = {"count": 0}

    def rec(r: requests.Response, *a: Any, **kw: Any) -> None:
        stats["count"] += 1
        stats[_path(r.url)] = r.status_code

    with requests.Session() as s:
        s.hooks["response"].append(rec)
        for path in ("items/d1?ms=150", "status/503?ms=40", "items/d3?ms=90"):
            s.get(f"{web}/{path}")
    return stats


def r126_rq_hook_raise_for_status(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        s.hooks["response"].append(lambda r, *a, **kw: r.raise_for_status())
        for path in ("items/e1?ms=150", "status/503?ms=40", "items/e3?ms=90"):
            try:
                out.append(s.get(f"{web}/{path}").json()["value"])
            except requests.HTTPError as exc:
                print("http error", exc.response.status_code)
                out.append("error")
    return out


def r126_rq_hook_replaces_response(web: str) -> list[Any]:
    def wrap(r: requests.Response, *a: Any, **kw: Any) -> requests.Response:
        r.encoding = "ascii"
        r.reason = f"seen-{_path(r.url).split('?')[0]}"
        return r

    out = []
    with requests.Session() as s:
        s.hooks["response"] = [wrap]
        for k, ms in KEYS:
            r = s.get(f"{web}/items/{k}?ms={ms}")
            out.append((r.reason, r.encoding))
    return out


def r126_rq_hook_value_feeds_next_url(web: str) -> list[str]:
    chain = ["root"]
    with requests.Session() as s:
        s.hooks["response"].append(lambda r, *a, **kw: chain.append(r.json()["value"]))
        for ms in (150, 40, 90):
            s.get(f"{web}/items/{chain[-1]}?ms={ms}")
    return chain


def r126_rq_hooked_session_beside_module_gets(web: str) -> list[str]:
    with requests.Session() as s:
        s.hooks["response"].append(lambda r, *a, **kw: print("hooked", r.status_code))
        first = s.get(f"{web}/items/h1?ms=40").json()["value"]
    rest = [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    return [first, *rest]


def r126_rq_hook_removed_then_overlap(web: str) -> list[str]:
    def shout(r: requests.Response, *a: Any, **kw: Any) -> None:
        print("hook", _path(r.url))

    with requests.Session() as s:
        s.hooks["response"].append(shout)
        print("first", s.get(f"{web}/items/h2?ms=40").json()["value"])
        s.hooks["response"].remove(shout)
        return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_rq_empty_hooks_kw_overlap(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}", hooks={"response": []}).json()["value"]
            for k, ms in KEYS]


# =========================================================================== requests auth / adapters


class _NonceAuthRq(AuthBase):
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.n += 1
        r.prepare_url(r.url, {"n": str(self.n)})
        return r


def r126_rq_authbase_nonce_in_url(web: str) -> list[str]:
    auth = _NonceAuthRq()
    out = []
    for k, ms in KEYS:
        r = requests.get(f"{web}/items/{k}?ms={ms}", auth=auth)
        out.append(_path(r.url))
    return out


def r126_rq_basic_auth_session_overlap(web: str) -> list[str]:
    with requests.Session() as s:
        s.auth = HTTPBasicAuth("user", "pw")
        return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


class _PrintingAdapter(HTTPAdapter):
    def send(self, request: requests.PreparedRequest, *a: Any, **kw: Any) -> requests.Response:
        print("adapter send", _path(request.url))
        return super().send(request, *a, **kw)


def r126_rq_adapter_subclass_send_prints(web: str) -> list[str]:
    with requests.Session() as s:
        s.mount("http://", _PrintingAdapter())
        return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_rq_plain_adapter_retry_overlap(web: str) -> list[str]:
    retry = Retry(total=2, backoff_factor=0.01, status_forcelist=[503])
    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=retry))
        return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_rq_retry_503_exhausted_then_items(web: str) -> list[str]:
    retry = Retry(total=2, backoff_factor=0.01, status_forcelist=[503])
    out = []
    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=retry))
        try:
            s.get(f"{web}/status/503?ms=40")
        except requests.exceptions.RetryError as exc:
            print("gave up:", type(exc).__name__)
            out.append("gave-up")
        for k, ms in (("g1", 150), ("g2", 90)):
            out.append(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r126_rq_retry_503_no_raise_prints(web: str) -> list[Any]:
    retry = Retry(total=2, backoff_factor=0.01, status_forcelist=[503], raise_on_status=False)
    out: list[Any] = []
    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=retry))
        for path in ("items/h1?ms=150", "status/503?ms=30", "items/h3?ms=90"):
            r = s.get(f"{web}/{path}")
            print("status", r.status_code, path)
            out.append(r.status_code)
    return out


class _LoudRetry(Retry):
    def increment(self, *a: Any, **kw: Any) -> Retry:
        print("retrying", kw.get("url") or (a[1] if len(a) > 1 else "?"))
        return super().increment(*a, **kw)


def r126_rq_retry_subclass_prints(web: str) -> list[Any]:
    retry = _LoudRetry(total=1, backoff_factor=0, status_forcelist=[503], raise_on_status=False)
    out: list[Any] = []
    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=retry))
        for path in ("items/i1?ms=150", "status/503?ms=30", "items/i3?ms=90"):
            out.append(s.get(f"{web}/{path}").status_code)
    return out


def r126_u3_pool_retry_forcelist_overlap(web: str) -> list[Any]:
    pm = urllib3.PoolManager(retries=Retry(total=2, backoff_factor=0.01,
                                           status_forcelist=[503], raise_on_status=False))
    try:
        return [pm.request("GET", f"{web}/{p}").status
                for p in ("items/j1?ms=150", "status/503?ms=30", "items/j3?ms=90")]
    finally:
        pm.clear()


def r126_u3_retry_max_error_message(web: str) -> list[str]:
    pm = urllib3.PoolManager(retries=Retry(total=1, backoff_factor=0, status_forcelist=[503]))
    out = []
    try:
        out.append(pm.request("GET", f"{web}/items/k1?ms=150").json()["value"])
        try:
            pm.request("GET", f"{web}/status/503?ms=40")
        except urllib3.exceptions.MaxRetryError as exc:
            print("max retry:", type(exc.reason).__name__)
            out.append("max")
        out.append(pm.request("GET", f"{web}/items/k3?ms=90").json()["value"])
    finally:
        pm.clear()
    return out


# =========================================================================== urllib handlers, debuglevel


class _PrintProcessor(urllib.request.BaseHandler):
    def http_response(self, req: urllib.request.Request, resp: Any) -> Any:
        print("urllib got", resp.status, req.selector)
        return resp


def r126_urllib_response_processor_prints(web: str) -> list[str]:
    opener = urllib.request.build_opener(_PrintProcessor())
    out = []
    for k, ms in KEYS:
        with opener.open(f"{web}/text/{k}?ms={ms}") as r:
            out.append(r.read().decode().splitlines()[0])
    return out


def r126_urllib_plain_opener_overlap(web: str) -> list[str]:
    opener = urllib.request.build_opener()
    out = []
    for k, ms in KEYS:
        with opener.open(f"{web}/text/{k}?ms={ms}") as r:
            out.append(r.read().decode().splitlines()[-1])
    return out


def _sends(text: str) -> list[str]:
    return [ln.split("\\r\\n")[0] for ln in text.splitlines() if ln.startswith("send:")]


def r126_debuglevel_requests_captured(web: str) -> list[str]:
    buf = io.StringIO()
    http.client.HTTPConnection.debuglevel = 1
    try:
        with contextlib.redirect_stdout(buf):
            for k, ms in KEYS:
                requests.get(f"{web}/items/{k}?ms={ms}")
    finally:
        http.client.HTTPConnection.debuglevel = 0
    return _sends(buf.getvalue())


# =========================================================================== SDKs with http clients


LATS = (0.15, 0.04, 0.09)


def _msg(q: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": q}]


def r126_oa_http_client_request_hook(api: str) -> list[str]:
    def show(request: httpx.Request) -> None:
        print("oa ->", request.url.path)

    hc = httpx.Client(event_hooks={"request": [show]})
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", http_client=hc,
                           max_retries=0)
    try:
        return [client.chat.completions.create(model="gpt", messages=_msg(q),
                                               extra_body={"latency": lat}
                                               ).choices[0].message.content
                for q, lat in zip(("one", "two", "three"), LATS, strict=True)]
    finally:
        client.close()


def r126_oa_http_client_response_hook_counts(api: str) -> dict[str, Any]:
    counts: dict[str, Any] = {}

    def count(r: httpx.Response) -> None:
        counts[r.url.path] = counts.get(r.url.path, 0) + 1
        counts.setdefault("order", []).append(r.request.headers.get("x-q"))

    hc = httpx.Client(event_hooks={"response": [count]})
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", http_client=hc,
                           max_retries=0)
    try:
        for q, lat in zip(("one", "two", "three"), LATS, strict=True):
            client.chat.completions.create(model="gpt", messages=_msg(q),
                                           extra_body={"latency": lat},
                                           extra_headers={"X-Q": q})
    finally:
        client.close()
    return counts


def r126_oa_default_headers_overlap(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           default_headers={"X-Team": "red"})
    try:
        return [client.chat.completions.create(model="gpt", messages=_msg(q),
                                               extra_body={"latency": lat}
                                               ).choices[0].message.content
                for q, lat in zip(("one", "two", "three"), LATS, strict=True)]
    finally:
        client.close()


def r126_oa_base_url_trailing_slash_overlap(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1/", max_retries=0)
    try:
        out = []
        for q, lat in zip(("one", "two", "three"), LATS, strict=True):
            r = client.chat.completions.create(model="gpt", messages=_msg(q),
                                               extra_body={"latency": lat})
            out.append(r.choices[0].message.content)
        return out
    finally:
        client.close()


def r126_oa_plain_httpx_client_overlap(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=openai.DefaultHttpxClient())
    try:
        return [client.chat.completions.create(model="gpt", messages=_msg(q),
                                               extra_body={"latency": lat}
                                               ).choices[0].message.content
                for q, lat in zip(("one", "two", "three"), LATS, strict=True)]
    finally:
        client.close()


def r126_oa_passed_hooked_client(client: Any) -> list[str]:
    out = []
    for q, lat in zip(("one", "two", "three"), LATS, strict=True):
        r = client.chat.completions.create(model="gpt", messages=_msg(q),
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
        print("answered", q)
    return out


def r126_oa_passed_plain_client_overlap(client: Any) -> list[str]:
    return [client.chat.completions.create(model="gpt", messages=_msg(q),
                                           extra_body={"latency": lat}
                                           ).choices[0].message.content
            for q, lat in zip(("one", "two", "three"), LATS, strict=True)]


def r126_an_http_client_hook_logs(api: str) -> list[str]:
    def log_it(r: Any) -> None:
        LOG.info("anthropic %s", r.status_code)

    hc = anthropic.DefaultHttpxClient(event_hooks={"response": [log_it]})
    client = anthropic.Anthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                 http_client=hc, max_retries=0)
    try:
        out = []
        for q, lat in zip(("one", "two", "three"), LATS, strict=True):
            m = client.messages.create(model="claude", max_tokens=16, messages=_msg(q),
                                       extra_body={"latency": lat})
            out.append(m.content[0].text)
        return out
    finally:
        client.close()


def r126_an_passed_plain_client_overlap(client: Any) -> list[str]:
    return [client.messages.create(model="claude", max_tokens=16, messages=_msg(q),
                                   extra_body={"latency": lat}).content[0].text
            for q, lat in zip(("one", "two", "three"), LATS, strict=True)]


# =========================================================================== async httpx hooks


async def r126_ahx_async_hook_prints(web: str) -> list[str]:
    async def show(r: httpx.Response) -> None:
        print("async hook", r.url.path)

    out = []
    async with httpx.AsyncClient(event_hooks={"response": [show]}) as c:
        for k, ms in KEYS:
            r = await c.get(f"{web}/items/{k}?ms={ms}")
            out.append(r.json()["value"])
    return out


async def r126_ahx_plain_async_overlap(web: str) -> list[str]:
    async with httpx.AsyncClient() as c:
        out = []
        for k, ms in KEYS:
            out.append((await c.get(f"{web}/items/{k}?ms={ms}")).json()["value"])
        return out


# =========================================================================== hooks the rules may miss


def r126_hx_builtin_append_hook(web: str) -> list[str]:
    seen: list[Any] = []
    with httpx.Client(event_hooks={"response": [seen.append]}) as c:
        for k, ms in KEYS:
            c.get(f"{web}/items/{k}?ms={ms}")
    return [r.url.path for r in seen]


def r126_rq_session_hook_single_callable(web: str) -> list[str]:
    order: list[str] = []
    with requests.Session() as s:
        s.hooks = {"response": lambda r, *a, **kw: order.append(_path(r.url))}
        for k, ms in KEYS:
            s.get(f"{web}/items/{k}?ms={ms}")
    return order


def r126_rq_prepared_request_hooks_send(web: str) -> list[str]:
    order: list[str] = []
    with requests.Session() as s:
        for k, ms in KEYS:
            req = requests.Request("GET", f"{web}/items/{k}?ms={ms}",
                                   hooks={"response": [lambda r, *a, **kw:
                                                       order.append(_path(r.url))]})
            s.send(s.prepare_request(req))
    return order


class _LoudHxBasic(httpx.BasicAuth):
    def auth_flow(self, request: httpx.Request) -> Any:
        print("hx basic for", request.url.path)
        yield from super().auth_flow(request)


def r126_hx_basic_auth_subclass_prints(web: str) -> list[str]:
    with httpx.Client(auth=_LoudHxBasic("u", "p")) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_rq_adapter_instance_patched(web: str) -> list[str]:
    adapter = HTTPAdapter()
    orig = adapter.build_response

    def build(req: Any, resp: Any) -> requests.Response:
        print("built", _path(req.url))
        return orig(req, resp)

    adapter.build_response = build  # type: ignore[method-assign]
    with requests.Session() as s:
        s.mount("http://", adapter)
        return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_hx_transport_instance_patched(web: str) -> list[str]:
    transport = httpx.HTTPTransport()
    orig = transport.handle_request

    def handle(request: httpx.Request) -> httpx.Response:
        print("handle", request.url.path)
        return orig(request)

    transport.handle_request = handle  # type: ignore[method-assign]
    with httpx.Client(transport=transport) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def r126_httpx_logger_to_stdout(web: str) -> list[str]:
    logger = logging.getLogger("httpx")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with httpx.Client() as c:
            return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def r126_urllib3_logger_to_stdout(web: str) -> list[str]:
    logger = logging.getLogger("urllib3.connectionpool")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def r126_hx_plain_gets_logger_set_outside(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _httpx_logger_outside(fn: Any, env: Env) -> Any:
    logger = logging.getLogger("httpx")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        return fn(env.web)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def r126_u3_gets_debuglevel_set_outside(web: str) -> list[str]:
    pm = urllib3.PoolManager()
    out = []
    try:
        for k, ms in KEYS:
            out.append(pm.request("GET", f"{web}/items/{k}?ms={ms}").json()["value"])
    finally:
        pm.clear()
    return out


def _debuglevel_outside(fn: Any, env: Env) -> Any:
    buf = io.StringIO()
    http.client.HTTPConnection.debuglevel = 1
    try:
        with contextlib.redirect_stdout(buf):
            value = fn(env.web)
    finally:
        http.client.HTTPConnection.debuglevel = 0
    print("\n".join(_sends(buf.getvalue())))
    return value


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def api(env: Env) -> tuple:
    return (env.api,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def an(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_hooked(env: Env) -> tuple:
    hc = httpx.Client(event_hooks={"request": [lambda r: print("passed hook", r.url.path)]})
    return (env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, http_client=hc,
                                  max_retries=0)),)


def _arun(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = api, **kw: Any) -> Case:
    return Case("sdk", fn, args=args, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r126_hx_request_hook_prints, cat="clients"),
    _w(r126_hx_response_hook_records_urls, cat="clients"),
    _w(r126_hx_hook_raise_for_status, cat="clients"),
    _w(r126_hx_hook_raises_stops_loop, cat="clients"),
    _w(r126_hx_hook_fills_returned_dict, cat="clients"),
    _w(r126_hx_hook_value_feeds_next_url, cat="clients"),
    _w(r126_hx_empty_hook_lists_overlap, sx(1, 0.15, 0.04, 0.09), cat="clients"),
    _w(r126_hx_hooks_cleared_then_overlap, (0.025 + 0.04 + 0.28) / (0.025 + 0.04 + 0.15),
       cat="clients"),
    _w(r126_hx_hooked_client_beside_plain_gets, (0.025 + 0.04 + 0.28) / (0.025 + 0.15),
       cat="clients"),
    _w(r126_hx_auth_flow_prints, cat="clients"),
    _w(r126_hx_auth_nonce_in_query, cat="clients"),
    _w(r126_hx_auth_token_fetched_once, cat="clients"),
    _w(r126_hx_basic_auth_overlap, sx(1, 0.15, 0.04, 0.09), cat="clients"),
    _w(r126_hx_per_request_auth_tuple_overlap, sx(1, 0.15, 0.04, 0.09), cat="clients"),
    _w(r126_hx_transport_subclass_prints, cat="clients"),
    _w(r126_hx_mock_wrapping_real_transport, cat="clients"),
    _w(r126_hx_mock_canned_beside_real_gets, (0.025 + 0.28) / (0.025 + 0.15), cat="clients"),
    _w(r126_hx_library_transport_retries_overlap, sx(1, 0.15, 0.04, 0.09), cat="clients"),
    _w(r126_hx_mounts_library_transport_overlap, sx(1, 0.15, 0.04, 0.09), cat="clients"),
    _w(r126_rq_session_hook_append_prints),
    _w(r126_rq_hook_fills_returned_dict),
    _w(r126_rq_hook_raise_for_status),
    _w(r126_rq_hook_replaces_response),
    _w(r126_rq_hook_value_feeds_next_url),
    _w(r126_rq_hooked_session_beside_module_gets, (0.04 + 0.28) / 0.15),
    _w(r126_rq_hook_removed_then_overlap, (0.04 + 0.28) / (0.04 + 0.15)),
    _w(r126_rq_empty_hooks_kw_overlap, W3),
    _w(r126_rq_authbase_nonce_in_url),
    _w(r126_rq_basic_auth_session_overlap, W3, overlap=3),
    _w(r126_rq_adapter_subclass_send_prints),
    _w(r126_rq_plain_adapter_retry_overlap, W3),
    _w(r126_rq_retry_503_exhausted_then_items, (0.14 + 0.15 + 0.09) / 0.15),
    _w(r126_rq_retry_503_no_raise_prints, (0.15 + 0.11 + 0.09) / 0.15),
    _w(r126_rq_retry_subclass_prints),
    _w(r126_u3_pool_retry_forcelist_overlap, (0.15 + 0.11 + 0.09) / 0.15),
    _w(r126_u3_retry_max_error_message, (0.15 + 0.08 + 0.09) / 0.15),
    _w(r126_urllib_response_processor_prints),
    _w(r126_urllib_plain_opener_overlap, W3, overlap=3),
    _w(r126_debuglevel_requests_captured),
    _sdk(r126_oa_http_client_request_hook),
    _sdk(r126_oa_http_client_response_hook_counts),
    _sdk(r126_oa_default_headers_overlap, sx(1, *LATS)),
    _sdk(r126_oa_base_url_trailing_slash_overlap, sx(1, *LATS)),
    _sdk(r126_oa_plain_httpx_client_overlap, sx(1, *LATS)),
    _sdk(r126_oa_passed_hooked_client, args=oa_hooked),
    _sdk(r126_oa_passed_plain_client_overlap, W3, args=oa, overlap=3),
    _sdk(r126_an_http_client_hook_logs),
    _sdk(r126_an_passed_plain_client_overlap, W3, args=an, overlap=3),
    _w(r126_ahx_async_hook_prints, cat="clients", drive=_arun),
    _w(r126_hx_builtin_append_hook, cat="clients"),
    _w(r126_rq_session_hook_single_callable),
    _w(r126_rq_prepared_request_hooks_send),
    _w(r126_hx_basic_auth_subclass_prints, cat="clients"),
    _w(r126_rq_adapter_instance_patched),
    _w(r126_hx_transport_instance_patched, cat="clients"),
    _w(r126_httpx_logger_to_stdout, cat="clients"),
    _w(r126_urllib3_logger_to_stdout),
    _w(r126_hx_plain_gets_logger_set_outside, cat="clients", drive=_httpx_logger_outside),
    _w(r126_u3_gets_debuglevel_set_outside, drive=_debuglevel_outside),
    _w(r126_ahx_plain_async_overlap, sx(1, 0.15, 0.04, 0.09), cat="clients", drive=_arun),
]

FIXED_WHY: dict[str, str] = {
    "r126_httpx_logger_to_stdout": (
        "httpx's own logger given a StreamHandler to stdout (by the function): its 'HTTP "
        "Request: GET ...' lines come in completion order (b, c, a) under jit; the GETs of a "
        "plain httpx.Client are taken as reads though the library logs to a handler of yours."
        " Fixed: an HTTP library's request lines that reach a handler make its reads ordered "
        "output, in place (_logging_rules.request_lines); a function that configures logging "
        "keeps its reads in place."),
    "r126_urllib3_logger_to_stdout": (
        "urllib3.connectionpool's logger given a DEBUG StreamHandler to stdout: overlapped "
        "requests.get calls log 'Starting new HTTP connection (1), (2)...' and the request "
        "lines in completion order; the read rule does not look at urllib3's loggers."
        " Fixed: an HTTP library's request lines that reach a handler make its reads ordered "
        "output, in place (_logging_rules.request_lines); a function that configures logging "
        "keeps its reads in place."),
    "r126_hx_plain_gets_logger_set_outside": (
        "The same as r126_httpx_logger_to_stdout with the handler installed by the caller "
        "before the call: the function itself is three plain client.get calls, overlapped, "
        "and httpx's log lines on stdout follow completion order."
        " Fixed: an HTTP library's request lines that reach a handler make its reads ordered "
        "output, in place (_logging_rules.request_lines); a function that configures logging "
        "keeps its reads in place."),
}

FAILING_WHY: dict[str, str] = {
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
