"""Red-team cases (stop 98): authentication, sessions and tokens around HTTP and SDK calls.

Tokens fetched from a token route (the web server's ``POST /items/<key>``, whose answer's
``version`` becomes the token) and cached in a module-level dict or on an object, refreshed
after a number of uses, on a fake clock, or after a 401/404; ``Authorization`` headers built
per request; `requests.Session` headers and cookies changed between calls; ``auth=`` tuples
and the user's `requests.auth.AuthBase` subclasses (counting, printing, fetching, signing
into the URL); the user's `httpx.Auth` subclasses and their `auth_flow` generators; API keys
rotated from a list or from ``os.environ``; hmac signatures of a counter; openai clients
recreated with a new key or given ``default_headers``; login/logout sequences; header,
params and cookie dicts mutated after the call that used them. The servers do not log
headers, so cases return what was sent (``r.request.headers``) or put the token in the URL.
Sibling calls are slow first (``?ms=``, the simulator's ``latency``). None differed under
jit when written: every request whose auth state the function changes between calls (a
headers/params/cookies dict, a session, an auth object, a client's key, ``os.environ``,
through an alias, a helper or a global) was kept in order.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

import httpx
import openai
import requests
import requests.auth

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam98")

SECRET = b"corpus-secret"


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def fetch_token(web: str, scope: str = "default") -> str:
    """The token route: a POST whose answer's version names the token."""
    r = requests.post(f"{web}/items/token-{scope}", data=f"grant {scope}", timeout=5)
    return f"tok{r.json()['version']}-{scope}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sent_auth(r: Any) -> str:
    return r.request.headers.get("Authorization", "-")


# =========================================================================== module caches

_TOKENS: dict[str, str] = {}
_USES: dict[str, int] = {}


def _reset_tokens(env: Env) -> None:
    _TOKENS.clear()
    _USES.clear()


def get_cached_token(web: str, scope: str = "default") -> str:
    if scope not in _TOKENS:
        _TOKENS[scope] = fetch_token(web, scope)
    return _TOKENS[scope]


def token_cache_module_dict(web: str) -> list[str]:
    """Three GETs, each with the cached token in the query; the first fetches it."""
    out = []
    for key, ms in (("a", 150), ("b", 30), ("c", 80)):
        tok = get_cached_token(web)
        r = requests.get(f"{web}/items/{key}?ms={ms}&access_token={tok}", timeout=5)
        out.append(r.json()["value"] + ":" + tok)
    return out


def get_token_counted(web: str, max_uses: int = 2) -> str:
    """A token good for `max_uses` requests, then fetched again."""
    if _USES.get("default", max_uses) >= max_uses:
        _TOKENS["default"] = fetch_token(web)
        _USES["default"] = 0
    _USES["default"] += 1
    return _TOKENS["default"]


def token_refresh_after_uses(web: str) -> list[str]:
    out = []
    for i, ms in enumerate((150, 30, 90, 40, 120)):
        tok = get_token_counted(web)
        r = requests.get(f"{web}/items/k{i}?ms={ms}", headers=bearer(tok), timeout=5)
        out.append(r.json()["value"] + "/" + r.request.headers.get("Authorization", "-"))
    return out


def token_per_scope_interleaved(web: str) -> list[str]:
    """Tokens per scope in one dict; calls alternate scopes, each scope fetched once."""
    out = []
    for scope, key, ms in (("read", "x", 150), ("write", "y", 30), ("read", "z", 80),
                           ("admin", "w", 40)):
        tok = get_cached_token(web, scope)
        r = requests.get(f"{web}/items/{key}?ms={ms}&t={tok}", timeout=5)
        out.append(r.json()["value"])
    return out + sorted(_TOKENS.values())


_CLOCK = [0]


def _reset_clock(env: Env) -> None:
    _CLOCK[0] = 0
    _TOKENS.clear()
    _EXPIRES.clear()


_EXPIRES: dict[str, int] = {}


def now() -> int:
    _CLOCK[0] += 1
    return _CLOCK[0]


def token_fake_clock_expiry(web: str) -> list[str]:
    """Each check ticks a fake clock; a token lives three ticks."""
    out = []
    for i, ms in enumerate((150, 30, 100, 40, 120, 30)):
        if _EXPIRES.get("t", 0) <= now():
            _TOKENS["t"] = fetch_token(web, f"clock{i}")
            _EXPIRES["t"] = _CLOCK[0] + 3
        r = requests.get(f"{web}/items/c{i}?ms={ms}&tok={_TOKENS['t']}", timeout=5)
        out.append(r.json()["value"])
    return out


def token_refresh_on_401(web: str) -> list[str]:
    """A 401 refreshes the token, then the reads go on with the new one."""
    tok = fetch_token(web, "first")
    out = []
    r = requests.get(f"{web}/status/401?ms=120", headers=bearer(tok), timeout=5)
    if r.status_code == 401:
        LOG.info("401 with %s, refreshing", tok)
        tok = fetch_token(web, "second")
    for key, ms in (("p", 150), ("q", 30)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", headers=bearer(tok), timeout=5)
        out.append(r.request.headers.get("Authorization", "-"))
    return out


def token_refresh_on_404_retry(web: str) -> list[str]:
    """A 404 means the token's resource is gone: fetch a new token and retry with it."""
    out = []
    tok = "stale"
    for key, ms in (("missing-one", 150), ("two", 30), ("missing-three", 90)):
        r = requests.get(f"{web}/items/{key}?ms={ms}&tok={tok}", timeout=5)
        if r.status_code == 404:
            tok = fetch_token(web, key)
            print("refreshed for", key, "->", tok)
            r = requests.get(f"{web}/items/ok-{key}?ms={ms}&tok={tok}", timeout=5)
        out.append(f"{r.status_code}:{tok}")
    return out


# =========================================================================== objects


class ApiClient:
    """A user's wrapper: a token on the object, fetched lazily, dropped after 2 uses."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.token: str | None = None
        self.uses = 0
        self.fetches = 0

    def _auth(self) -> dict[str, str]:
        if self.token is None or self.uses >= 2:
            self.fetches += 1
            self.token = fetch_token(self.web, f"obj{self.fetches}")
            self.uses = 0
        self.uses += 1
        return bearer(self.token)

    def get(self, key: str, ms: int) -> str:
        r = requests.get(f"{self.web}/items/{key}?ms={ms}", headers=self._auth(), timeout=5)
        return r.json()["value"] + "@" + r.request.headers.get("Authorization", "-")

    def put(self, key: str, value: str) -> int:
        r = requests.put(f"{self.web}/items/{key}?tok={self.token}", data=value,
                         headers=self._auth(), timeout=5)
        return r.json()["version"]


def object_token_lazy_refresh(web: str) -> list[str]:
    api = ApiClient(web)
    out = [api.get(k, ms) for k, ms in (("o1", 150), ("o2", 30), ("o3", 90), ("o4", 40))]
    return out + [str(api.fetches)]


def object_token_reads_and_writes(web: str) -> list[Any]:
    api = ApiClient(web)
    a = api.get("rw1", 150)
    v = api.put("rw1", "new")
    b = api.get("rw1", 30)
    c = api.get("rw2", 80)
    return [a, v, b, c, api.fetches, api.token]


class LazyTokenHolder:
    """The token as a property that fetches on first access."""

    def __init__(self, web: str) -> None:
        self.web = web
        self._token: str | None = None

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = fetch_token(self.web, "prop")
        return self._token

    def invalidate(self) -> None:
        self._token = None


def property_token_invalidated_midway(web: str) -> list[str]:
    h = LazyTokenHolder(web)
    out = []
    for i, ms in enumerate((150, 30, 90, 40)):
        if i == 2:
            h.invalidate()
        r = requests.get(f"{web}/items/pt{i}?ms={ms}&tok={h.token}", timeout=5)
        out.append(r.json()["value"])
    return out + [h.token]


@functools.cache
def cached_scope_token(web: str, scope: str) -> str:
    return fetch_token(web, scope)


def _clear_lru(env: Env) -> None:
    cached_scope_token.cache_clear()


def lru_cached_token_per_scope(web: str) -> list[str]:
    out = []
    for scope, ms in (("alpha", 150), ("beta", 30), ("alpha", 90), ("gamma", 40)):
        tok = cached_scope_token(web, scope)
        r = requests.get(f"{web}/items/{scope}?ms={ms}", headers=bearer(tok), timeout=5)
        out.append(r.request.headers.get("Authorization", "-"))
    return out


# =========================================================================== sessions


def session_headers_update_between_calls(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for who, ms in (("alice", 150), ("bob", 30), ("carol", 80)):
        s.headers.update({"Authorization": f"Bearer {who}"})
        r = s.get(f"{web}/items/me?ms={ms}", timeout=5)
        out.append(r.request.headers.get("Authorization", "-"))
    s.close()
    return out


def session_cookies_set_between_calls(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for sid, ms in (("s1", 150), ("s2", 30), ("s3", 80)):
        s.cookies.set("sid", sid)
        r = s.get(f"{web}/items/cart?ms={ms}", timeout=5)
        out.append(r.request.headers.get("Cookie", "-"))
    s.close()
    return out


def session_login_token_into_headers(web: str) -> list[str]:
    """Login POST, its token into the session's headers, reads, logout DELETE, a read."""
    s = requests.Session()
    r = s.post(f"{web}/items/session", data="user=alice", timeout=5)
    s.headers["Authorization"] = f"Bearer sess{r.json()['version']}"
    out = [(s.get(f"{web}/items/{k}?ms={ms}", timeout=5)).request.headers.get("Authorization", "-")
           for k, ms in (("inbox", 150), ("profile", 30))]
    s.delete(f"{web}/items/session", timeout=5)
    del s.headers["Authorization"]
    out.append((s.get(f"{web}/items/public?ms=40", timeout=5)).request.headers.get("Authorization", "-"))
    s.close()
    return out


def session_auth_attribute_swapped(web: str) -> list[str]:
    s = requests.Session()
    out = []
    for creds, ms in ((("u1", "p1"), 150), (("u2", "p2"), 30), (None, 80)):
        s.auth = creds
        r = s.get(f"{web}/items/secure?ms={ms}", timeout=5)
        out.append(r.request.headers.get("Authorization", "-"))
    s.close()
    return out


def session_cookie_from_login_response(web: str) -> list[str]:
    """The login's answer becomes a cookie; a second login replaces it."""
    s = requests.Session()
    out = []
    for who, ms in (("ann", 150), ("ben", 30)):
        v = s.post(f"{web}/items/login-{who}", data=who, timeout=5).json()["version"]
        s.cookies.set("session", f"{who}-{v}")
        r = s.get(f"{web}/items/dash?ms={ms}", timeout=5)
        out.append(r.request.headers["Cookie"])
    s.close()
    return out


# =========================================================================== aliasing


def headers_dict_mutated_after_call(web: str) -> list[str]:
    """One headers dict reused: the token changes after the first GET."""
    headers = {"Authorization": "Bearer first"}
    r1 = requests.get(f"{web}/items/h1?ms=150", headers=headers, timeout=5)
    headers["Authorization"] = "Bearer second"
    r2 = requests.get(f"{web}/items/h2?ms=30", headers=headers, timeout=5)
    return [r1.request.headers.get("Authorization", "-"), r2.request.headers.get("Authorization", "-")]


def cookies_dict_mutated_after_call(web: str) -> list[str]:
    cookies = {"sid": "one"}
    r1 = requests.get(f"{web}/items/ck1?ms=150", cookies=cookies, timeout=5)
    cookies["sid"] = "two"
    r2 = requests.get(f"{web}/items/ck2?ms=30", cookies=cookies, timeout=5)
    return [r1.request.headers["Cookie"], r2.request.headers["Cookie"]]


def headers_list_of_dicts_mutated_in_loop(web: str) -> list[str]:
    """Headers per user built once, then every user's token rotated after its own GET."""
    table = [bearer(u) for u in ("u1", "u2", "u3")]
    rs = []
    for h, ms in zip(table, (150, 30, 80), strict=True):
        rs.append(requests.get(f"{web}/items/lu?ms={ms}", headers=h, timeout=5))
        h["Authorization"] += "-rotated"
    return [r.request.headers.get("Authorization", "-") for r in rs] + [t["Authorization"] for t in table]


# =========================================================================== AuthBase


class CountingAuth(requests.auth.AuthBase):
    """Numbers each request it signs."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.n += 1
        r.headers["X-Request-N"] = str(self.n)
        return r


def authbase_counts_requests(web: str) -> list[str]:
    auth = CountingAuth()
    rs = [requests.get(f"{web}/items/{k}?ms={ms}", auth=auth, timeout=5)
          for k, ms in (("n1", 150), ("n2", 30), ("n3", 80))]
    return [r.request.headers["X-Request-N"] for r in rs] + [str(auth.n)]


class PrintingAuth(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        print("signing", r.method, r.path_url.split("?")[0])
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r


def authbase_prints_per_request(web: str) -> list[str]:
    auth = PrintingAuth("p")
    out = []
    for k, ms in (("pr1", 150), ("pr2", 30), ("pr3", 80)):
        out.append(requests.get(f"{web}/items/{k}?ms={ms}", auth=auth, timeout=5)
                   .json()["value"])
    return out


def authbase_token_swapped_between_calls(web: str) -> list[str]:
    auth = PrintingAuth("first")
    r1 = requests.get(f"{web}/items/sw1?ms=150", auth=auth, timeout=5)
    auth.token = "second"
    r2 = requests.get(f"{web}/items/sw2?ms=30", auth=auth, timeout=5)
    return [r1.request.headers.get("Authorization", "-"), r2.request.headers.get("Authorization", "-")]


class FetchingAuth(requests.auth.AuthBase):
    """Fetches its token on first use, inside the request that needs it."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.token: str | None = None
        self.fetched = 0

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        if self.token is None:
            self.fetched += 1
            self.token = fetch_token(self.web, "inauth")
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r


def authbase_fetches_token_inside_call(web: str) -> list[str]:
    auth = FetchingAuth(web)
    out = []
    for k, ms in (("fa1", 150), ("fa2", 30), ("fa3", 80)):
        out.append((requests.get(f"{web}/items/{k}?ms={ms}", auth=auth, timeout=5)).request.headers.get("Authorization", "-"))
    return out + [str(auth.fetched)]


class SigningAuth(requests.auth.AuthBase):
    """Adds a counter and its hmac to the URL: the servers see the signature."""

    def __init__(self) -> None:
        self.counter = 0

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.counter += 1
        msg = f"{self.counter}:{r.method}:{r.path_url}".encode()
        sig = hmac.new(SECRET, msg, hashlib.sha256).hexdigest()[:12]
        r.prepare_url(r.url, {"n": str(self.counter), "sig": sig})
        return r


def authbase_signs_into_url(web: str) -> list[str]:
    auth = SigningAuth()
    out = []
    for k, ms in (("sg1", 150), ("sg2", 30), ("sg3", 80)):
        out.append(requests.get(f"{web}/items/{k}?ms={ms}", auth=auth, timeout=5).url
                   .split("?")[1])
    return out


def authbase_signs_writes(web: str) -> list[int]:
    auth = SigningAuth()
    vs = []
    for k, body in (("w1", "x" * 30), ("w2", "y"), ("w1", "z")):
        vs.append(requests.put(f"{web}/items/{k}", data=body, auth=auth, timeout=5)
                  .json()["version"])
    return vs


def auth_tuples_rotated(web: str) -> list[str]:
    creds = [("ann", "a1"), ("ben", "b2"), ("cat", "c3")]
    rs = []
    for (u, p), ms in zip(creds, (150, 30, 80), strict=True):
        rs.append(requests.get(f"{web}/items/basic-{u}?ms={ms}", auth=(u, p), timeout=5))
    return [r.request.headers.get("Authorization", "-") for r in rs]


_COUNTER = [0]


def _reset_counter(env: Env) -> None:
    _COUNTER[0] = 0


def sign(path: str) -> str:
    _COUNTER[0] += 1
    mac = hmac.new(SECRET, f"{_COUNTER[0]}|{path}".encode(), hashlib.sha256)
    return f"{path}?ctr={_COUNTER[0]}&mac={mac.hexdigest()[:10]}"


def global_counter_signatures(web: str) -> list[str]:
    out = []
    for key, ms in (("g1", 150), ("g2", 30), ("g3", 80)):
        url = web + sign(f"/items/{key}") + f"&ms={ms}"
        out.append(requests.get(url, timeout=5).json()["value"])
    return out + [str(_COUNTER[0])]


# =========================================================================== API keys


def api_key_rotated_on_429(web: str) -> list[str]:
    """A 429 rotates the key; the next call uses the next one."""
    keys = ["k1", "k2", "k3"]
    i = 0
    out = []
    for path, ms in (("status/429", 150), ("items/r1", 30), ("status/429", 80),
                     ("items/r2", 40)):
        r = requests.get(f"{web}/{path}?ms={ms}&key={keys[i]}", timeout=5)
        out.append(f"{r.status_code}:{keys[i]}")
        if r.status_code == 429:
            i += 1
    return out


def api_key_from_environ_changed(web: str) -> list[str]:
    """A helper reads the key from os.environ per request; the caller changes it."""
    def call(key: str, ms: int) -> str:
        api_key = os.environ.get("CORPUS98_KEY", "none")
        r = requests.get(f"{web}/items/{key}?ms={ms}", headers={"X-Api-Key": api_key},
                         timeout=5)
        return r.request.headers["X-Api-Key"]

    out = []
    try:
        for k, ms in (("e1", 150), ("e2", 30), ("e3", 80)):
            os.environ["CORPUS98_KEY"] = "env-" + k
            out.append(call(k, ms))
    finally:
        os.environ.pop("CORPUS98_KEY", None)
    return out


def token_file_cache(web: str, tmp: str) -> list[str]:
    """The token is cached in a file: read it if present, else fetch and write it."""
    path = Path(tmp) / "token.json"
    out = []
    for k, ms in (("f1", 150), ("f2", 30), ("f3", 80)):
        if path.exists():
            tok = json.loads(path.read_text())["token"]
        else:
            tok = fetch_token(web, "file")
            path.write_text(json.dumps({"token": tok}))
        out.append((requests.get(f"{web}/items/{k}?ms={ms}", headers=bearer(tok),
                                          timeout=5)).request.headers.get("Authorization", "-"))
        if k == "f2":
            path.unlink()
    return out


def login_logout_sequence(web: str) -> list[Any]:
    """Login, two reads, logout, a read that must see the logout."""
    login = requests.post(f"{web}/items/sess-alice", data="on", timeout=5).json()
    tok = f"s{login['version']}"
    a = requests.get(f"{web}/items/sess-alice?ms=150&tok={tok}", timeout=5).json()
    b = requests.get(f"{web}/items/data?ms=30&tok={tok}", timeout=5).json()
    gone = requests.delete(f"{web}/items/sess-alice", timeout=5).json()
    c = requests.get(f"{web}/items/sess-alice?ms=40", timeout=5).json()
    return [a, b, gone, c]


# =========================================================================== httpx


class HttpxBearer(httpx.Auth):
    """A user's httpx.Auth: numbers each request and sets the bearer token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.count = 0

    def auth_flow(self, request: httpx.Request) -> Any:
        self.count += 1
        request.headers["Authorization"] = f"Bearer {self.token}-{self.count}"
        yield request


def httpx_auth_flow_counts(web: str) -> list[str]:
    auth = HttpxBearer("hx")
    with httpx.Client(auth=auth, timeout=5) as c:
        rs = [c.get(f"{web}/items/{k}?ms={ms}") for k, ms in (("x1", 150), ("x2", 30),
                                                               ("x3", 80))]
    return [r.request.headers["Authorization"] for r in rs] + [str(auth.count)]


class HttpxRefreshOn404(httpx.Auth):
    """On a 404 the flow fetches a new token (a POST with httpx) and sends again."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.token = "t0"
        self.refreshes = 0

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = f"Bearer {self.token}"
        response = yield request
        if response.status_code == 404:
            self.refreshes += 1
            r = httpx.post(f"{self.web}/items/token-hx", content=b"refresh", timeout=5)
            self.token = f"t{r.json()['version']}"
            request.headers["Authorization"] = f"Bearer {self.token}"
            yield request


def httpx_auth_flow_refresh_on_404(web: str) -> list[str]:
    auth = HttpxRefreshOn404(web)
    out = []
    with httpx.Client(auth=auth, timeout=5) as c:
        for k, ms in (("missing-h1", 150), ("h2", 30), ("missing-h3", 80)):
            r = c.get(f"{web}/items/{k}?ms={ms}")
            out.append(f"{r.status_code}:{r.request.headers['Authorization']}")
    return out + [str(auth.refreshes)]


class HttpxQuerySigner(httpx.Auth):
    def __init__(self) -> None:
        self.n = 0

    def auth_flow(self, request: httpx.Request) -> Any:
        self.n += 1
        sig = hmac.new(SECRET, f"{self.n}".encode(), hashlib.md5).hexdigest()[:8]
        request.url = request.url.copy_merge_params({"n": self.n, "sig": sig})
        yield request


def httpx_auth_flow_signs_url(web: str) -> list[str]:
    auth = HttpxQuerySigner()
    with httpx.Client(timeout=5) as c:
        out = [c.get(f"{web}/items/{k}?ms={ms}", auth=auth).json()["value"]
               for k, ms in (("q1", 150), ("q2", 30), ("q3", 80))]
    return out + [str(auth.n)]


def httpx_client_headers_reassigned_per_token(web: str) -> list[str]:
    with httpx.Client(timeout=5) as c:
        out = []
        for tok, ms in (("a", 150), ("b", 30), ("c", 80)):
            c.headers["Authorization"] = f"Bearer {tok}"
            out.append(c.get(f"{web}/items/hh?ms={ms}").request.headers["Authorization"])
    return out


def httpx_event_hook_signs(web: str) -> list[str]:
    seen: list[str] = []

    def add_sig(request: httpx.Request) -> None:
        seen.append(request.url.path)
        request.headers["X-Sig"] = str(len(seen))

    with httpx.Client(event_hooks={"request": [add_sig]}, timeout=5) as c:
        rs = [c.get(f"{web}/items/{k}?ms={ms}") for k, ms in (("ev1", 150), ("ev2", 30))]
    return seen + [r.request.headers["X-Sig"] for r in rs]


async def async_httpx_auth_flow(web: str) -> list[str]:
    auth = HttpxBearer("async")
    async with httpx.AsyncClient(auth=auth, timeout=5) as c:
        out = []
        for k, ms in (("ax1", 150), ("ax2", 30), ("ax3", 80)):
            r = await c.get(f"{web}/items/{k}?ms={ms}")
            out.append(r.request.headers["Authorization"])
    return out + [str(auth.count)]


async def async_token_refresh_then_reads(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as c:
        r = await c.post(f"{web}/items/token-async", content=b"grant")
        tok = f"at{r.json()['version']}"
        c.headers["Authorization"] = f"Bearer {tok}"
        out = []
        for k, ms in (("ar1", 150), ("ar2", 30)):
            out.append((await c.get(f"{web}/items/{k}?ms={ms}")).request.headers
                       ["Authorization"])
        r = await c.post(f"{web}/items/token-async", content=b"refresh")
        c.headers["Authorization"] = f"Bearer at{r.json()['version']}"
        out.append((await c.get(f"{web}/items/ar3?ms=40")).request.headers["Authorization"])
    return out


# =========================================================================== SDKs


def sdk_answer(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def openai_client_recreated_per_key(env_api: str) -> list[str]:
    out = []
    for key, lat in (("sk-one", 0.15), ("sk-two", 0.03)):
        with openai.OpenAI(api_key=key, base_url=env_api, max_retries=0) as c:
            raw = c.chat.completions.with_raw_response.create(
                model="gpt", messages=[user(f"hi {key}")], extra_body={"latency": lat})
            out.append(raw.http_request.headers["Authorization"])
            out.append(raw.parse().choices[0].message.content[:20])
    return out


def openai_with_options_per_key(client: Any) -> list[str]:
    out = []
    for key, lat in (("sk-x", 0.15), ("sk-y", 0.03), ("sk-z", 0.08)):
        raw = client.with_options(api_key=key).chat.completions.with_raw_response.create(
            model="gpt", messages=[user(key)], extra_body={"latency": lat})
        out.append(raw.http_request.headers["Authorization"])
    return out


def openai_extra_headers_signed(client: Any) -> list[str]:
    out = []
    for counter, (prompt, lat) in enumerate((("first", 0.15), ("second", 0.03),
                                              ("third", 0.08)), start=1):
        sig = hmac.new(SECRET, f"{counter}{prompt}".encode(), hashlib.sha256).hexdigest()[:10]
        raw = client.chat.completions.with_raw_response.create(
            model="gpt", messages=[user(prompt)], extra_body={"latency": lat},
            extra_headers={"X-Signature": sig, "X-Counter": str(counter)})
        out.append(raw.http_request.headers["X-Counter"] + ":" + sig)
    return out


def openai_key_from_token_route(client: Any, web: str) -> list[str]:
    """A key fetched from the token route, then a client made with it; a refresh, again."""
    out = []
    for round_, lat in ((1, 0.15), (2, 0.03)):
        key = fetch_token(web, f"sdk{round_}")
        c = client.with_options(api_key=key)
        out.append(sdk_answer(c, f"round {round_}", lat)[:16] + "|" + key)
    return out


def openai_key_headers_dict_mutated(client: Any) -> list[str]:
    headers = {"X-Session": "one"}
    r1 = client.chat.completions.with_raw_response.create(
        model="gpt", messages=[user("a")], extra_body={"latency": 0.15}, extra_headers=headers)
    headers["X-Session"] = "two"
    r2 = client.chat.completions.with_raw_response.create(
        model="gpt", messages=[user("b")], extra_body={"latency": 0.03}, extra_headers=headers)
    return [r1.http_request.headers["X-Session"], r2.http_request.headers["X-Session"]]


def openai_then_authed_put(client: Any, web: str) -> list[Any]:
    """Chats in parallel, then a PUT carrying a token fetched after them."""
    a = sdk_answer(client, "alpha", 0.15)
    b = sdk_answer(client, "beta", 0.03)
    tok = fetch_token(web, "afterchat")
    v = requests.put(f"{web}/items/summary?tok={tok}", data=a[:10] + b[:10], timeout=5)
    return [a[:10], b[:10], v.json()["version"]]


async def async_openai_clients_per_key(api: str) -> list[str]:
    out = []
    for key, lat in (("sk-as1", 0.15), ("sk-as2", 0.03)):
        async with openai.AsyncOpenAI(api_key=key, base_url=api, max_retries=0) as c:
            raw = await c.chat.completions.with_raw_response.create(
                model="gpt", messages=[user(key)], extra_body={"latency": lat})
            out.append(raw.http_request.headers["Authorization"])
    return out


# =========================================================================== mutated after the call, in loops


def loop_basic_auth_password_rotated_after(web: str) -> list[str]:
    """One HTTPBasicAuth object; its password rotates after each GET."""
    auth = requests.auth.HTTPBasicAuth("svc", "p0")
    out = []
    for i, (k, ms) in enumerate((("ba1", 150), ("ba2", 30), ("ba3", 80))):
        r = requests.get(f"{web}/items/{k}?ms={ms}", auth=auth, timeout=5)
        out.append(r.json()["value"] + " " + r.request.headers["Authorization"])
        auth.password = f"p{i + 1}"
    return out


def loop_headers_dict_rotated_after(web: str) -> list[str]:
    headers = {"Authorization": "Bearer t0"}
    out = []
    for i, (k, ms) in enumerate((("hd1", 150), ("hd2", 30), ("hd3", 80))):
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=headers, timeout=5)
        out.append(r.json()["value"] + " " + r.request.headers["Authorization"])
        headers["Authorization"] = f"Bearer t{i + 1}"
    return out


def loop_params_key_rotated_after(web: str) -> list[str]:
    params = {"key": "k0"}
    out = []
    for i, (k, ms) in enumerate((("pk1", 150), ("pk2", 30), ("pk3", 80))):
        params["ms"] = str(ms)
        r = requests.get(f"{web}/items/{k}", params=params, timeout=5)
        out.append(r.json()["value"])
        params["key"] = f"k{i + 1}"
    return out


def loop_session_cookie_set_after(web: str) -> list[str]:
    s = requests.Session()
    s.cookies.set("sid", "c0")
    out = []
    for i, (k, ms) in enumerate((("sc1", 150), ("sc2", 30), ("sc3", 80))):
        r = s.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        out.append(r.json()["value"] + " " + r.request.headers["Cookie"])
        s.cookies.set("sid", f"c{i + 1}")
    s.close()
    return out


def loop_session_header_set_after(web: str) -> list[str]:
    s = requests.Session()
    s.headers["Authorization"] = "Bearer s0"
    out = []
    for i, (k, ms) in enumerate((("ss1", 150), ("ss2", 30), ("ss3", 80))):
        r = s.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        out.append(r.json()["value"] + " " + r.request.headers["Authorization"])
        s.headers["Authorization"] = f"Bearer s{i + 1}"
    s.close()
    return out


def loop_environ_key_set_after(web: str) -> list[str]:
    os.environ["CORPUS98_LOOP_KEY"] = "e0"
    out = []
    try:
        for i, (k, ms) in enumerate((("ek1", 150), ("ek2", 30), ("ek3", 80))):
            r = requests.get(f"{web}/items/{k}?ms={ms}&key={os.environ['CORPUS98_LOOP_KEY']}",
                             timeout=5)
            out.append(r.json()["value"])
            os.environ["CORPUS98_LOOP_KEY"] = f"e{i + 1}"
    finally:
        os.environ.pop("CORPUS98_LOOP_KEY", None)
    return out


def loop_httpx_client_header_set_after(web: str) -> list[str]:
    out = []
    with httpx.Client(headers={"Authorization": "Bearer x0"}, timeout=5) as c:
        for i, (k, ms) in enumerate((("xc1", 150), ("xc2", 30), ("xc3", 80))):
            r = c.get(f"{web}/items/{k}?ms={ms}")
            out.append(r.json()["value"] + " " + r.request.headers["Authorization"])
            c.headers["Authorization"] = f"Bearer x{i + 1}"
    return out


def loop_httpx_auth_token_set_after(web: str) -> list[str]:
    auth = HttpxBearer("y")
    out = []
    with httpx.Client(auth=auth, timeout=5) as c:
        for k, ms in (("ya1", 150), ("ya2", 30), ("ya3", 80)):
            r = c.get(f"{web}/items/{k}?ms={ms}")
            out.append(r.json()["value"] + " " + r.request.headers["Authorization"])
            auth.token = "y" + k
    return out


def loop_openai_api_key_set_after(client: Any) -> list[str]:
    client.api_key = "sk-l0"
    out = []
    for i, lat in enumerate((0.15, 0.03, 0.08)):
        raw = client.chat.completions.with_raw_response.create(
            model="gpt", messages=[user(f"q{i}")], extra_body={"latency": lat})
        out.append(raw.http_request.headers["Authorization"])
        client.api_key = f"sk-l{i + 1}"
    client.api_key = DUMMY_KEY
    return out


def loop_key_list_popped_after(web: str) -> list[str]:
    """Keys used from the front of a list; each is dropped after its call."""
    keys = ["ka", "kb", "kc"]
    out = []
    for k, ms in (("kl1", 150), ("kl2", 30), ("kl3", 80)):
        r = requests.get(f"{web}/items/{k}?ms={ms}&key={keys[0]}", timeout=5)
        out.append(r.json()["value"])
        keys.pop(0)
    return out


def loop_token_dict_refreshed_after(web: str) -> list[str]:
    """The cached token is refreshed (a POST) after every second GET."""
    cache = {"tok": fetch_token(web, "loop0")}
    out = []
    for i, (k, ms) in enumerate((("td1", 150), ("td2", 30), ("td3", 80), ("td4", 40))):
        r = requests.get(f"{web}/items/{k}?ms={ms}&tok={cache['tok']}", timeout=5)
        out.append(r.json()["value"])
        if i % 2 == 1:
            cache["tok"] = fetch_token(web, f"loop{i}")
    return out


def loop_headers_built_per_request(web: str) -> list[str]:
    """Headers built fresh per request from a rotated key: nothing aliases."""
    keys = ["r1", "r2", "r3"]
    out = []
    for i, (k, ms) in enumerate((("hb1", 150), ("hb2", 30), ("hb3", 80))):
        h = {"Authorization": f"Bearer {keys[i % len(keys)]}", "X-Req": str(i)}
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=h, timeout=5)
        out.append(r.json()["value"] + " " + r.request.headers["Authorization"])
    return out


def rotate_bearer(headers: dict[str, str], suffix: str) -> None:
    headers["Authorization"] = "Bearer rot-" + suffix


def alias_headers_rotated_by_helper(web: str) -> list[str]:
    """A helper rotates the shared headers dict after each GET."""
    headers = bearer("start")
    out = []
    for k, ms in (("ah1", 150), ("ah2", 30), ("ah3", 80)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=headers, timeout=5)
        out.append(r.request.headers["Authorization"])
        rotate_bearer(headers, k)
    return out


def alias_headers_rotated_through_alias(web: str) -> list[str]:
    headers = bearer("start")
    same = headers
    out = []
    for k, ms in (("aa1", 150), ("aa2", 30), ("aa3", 80)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=headers, timeout=5)
        out.append(r.request.headers["Authorization"])
        same["Authorization"] = "Bearer via-" + k
    return out


_AUTH_HEADERS: dict[str, str] = {}


def _reset_auth_headers(env: Env) -> None:
    _AUTH_HEADERS.clear()
    _AUTH_HEADERS["Authorization"] = "Bearer g0"


def set_global_token(tok: str) -> None:
    _AUTH_HEADERS["Authorization"] = f"Bearer {tok}"


def alias_global_headers_set_by_helper(web: str) -> list[str]:
    out = []
    for k, ms in (("gh1", 150), ("gh2", 30), ("gh3", 80)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=_AUTH_HEADERS, timeout=5)
        out.append(r.request.headers["Authorization"])
        set_global_token("g-" + k)
    return out


def alias_headers_in_list_rotated(web: str) -> list[str]:
    """The headers dict lives in a list; the list's element is mutated after each GET."""
    holder = [bearer("l0")]
    out = []
    for k, ms in (("al1", 150), ("al2", 30), ("al3", 80)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=holder[0], timeout=5)
        out.append(r.request.headers["Authorization"])
        holder[0]["Authorization"] = "Bearer l-" + k
    return out


# =========================================================================== registry


def _web(fn: Any, cat: str = "http", ideal: float = 1.0, **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, cat: str = "sdk", ideal: float = 1.0, **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env),), servers="api", ideal=ideal,
                **kw)


def _api_url(fn: Any, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.openai_url,), servers="api", **kw)


def _both(fn: Any, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env), env.web), servers="web api",
                **kw)


def _arun(fn: Any, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=lambda f, env: asyncio.run(f(env.web)), servers="web", **kw)


CASES: list[Case] = [
    # module caches and refreshes
    _web(token_cache_module_dict, "state", setup=_reset_tokens),
    _web(token_refresh_after_uses, "state", setup=_reset_tokens),
    _web(token_per_scope_interleaved, "state", setup=_reset_tokens),
    _web(token_fake_clock_expiry, "state", setup=_reset_clock),
    _web(token_refresh_on_401),
    _web(token_refresh_on_404_retry),
    # objects
    _web(object_token_lazy_refresh, "helpers"),
    _web(object_token_reads_and_writes, "helpers"),
    _web(property_token_invalidated_midway, "helpers"),
    _web(lru_cached_token_per_scope, "state", setup=_clear_lru),
    # sessions
    _web(session_headers_update_between_calls, "clients"),
    _web(session_cookies_set_between_calls, "clients"),
    _web(session_login_token_into_headers, "clients"),
    _web(session_auth_attribute_swapped, "clients"),
    _web(session_cookie_from_login_response, "clients"),
    # aliasing
    _web(headers_dict_mutated_after_call, "rebind"),
    _web(cookies_dict_mutated_after_call, "rebind"),
    _web(headers_list_of_dicts_mutated_in_loop, "rebind"),
    # AuthBase
    _web(authbase_counts_requests, "helpers"),
    _web(authbase_prints_per_request, "helpers"),
    _web(authbase_token_swapped_between_calls, "helpers"),
    _web(authbase_fetches_token_inside_call, "helpers"),
    _web(authbase_signs_into_url, "helpers"),
    _web(authbase_signs_writes, "helpers"),
    _web(auth_tuples_rotated),
    _web(global_counter_signatures, "state", setup=_reset_counter),
    # API keys
    _web(api_key_rotated_on_429),
    _web(api_key_from_environ_changed, "state"),
    Case("files", token_file_cache, args=lambda env: (env.web, str(env.tmp)), servers="web"),
    _web(login_logout_sequence),
    # httpx
    _web(httpx_auth_flow_counts, "clients"),
    _web(httpx_auth_flow_refresh_on_404, "clients"),
    _web(httpx_auth_flow_signs_url, "clients"),
    _web(httpx_client_headers_reassigned_per_token, "clients"),
    _web(httpx_event_hook_signs, "clients"),
    _arun(async_httpx_auth_flow, "clients"),
    _arun(async_token_refresh_then_reads, "clients"),
    # SDKs
    _api_url(openai_client_recreated_per_key),
    _sdk(openai_with_options_per_key),
    _sdk(openai_extra_headers_signed),
    _both(openai_key_from_token_route),
    _sdk(openai_key_headers_dict_mutated, cat="rebind"),
    _both(openai_then_authed_put),
    Case("sdk", async_openai_clients_per_key,
         drive=lambda f, env: asyncio.run(f(env.openai_url)), servers="api"),
]

CASES += [
    _web(loop_basic_auth_password_rotated_after, "rebind"),
    _web(loop_headers_dict_rotated_after, "rebind"),
    _web(loop_params_key_rotated_after, "rebind"),
    _web(loop_session_cookie_set_after, "rebind"),
    _web(loop_session_header_set_after, "rebind"),
    _web(loop_environ_key_set_after, "rebind"),
    _web(loop_httpx_client_header_set_after, "rebind"),
    _web(loop_httpx_auth_token_set_after, "rebind"),
    _sdk(loop_openai_api_key_set_after, cat="rebind"),
    _web(loop_key_list_popped_after, "rebind"),
    _web(loop_token_dict_refreshed_after, "state"),
    _web(loop_headers_built_per_request, ideal=over(0.15, 0.03, 0.08)),
]

CASES += [
    _web(alias_headers_rotated_by_helper, "rebind"),
    _web(alias_headers_rotated_through_alias, "rebind"),
    _web(alias_global_headers_set_by_helper, "rebind", setup=_reset_auth_headers),
    _web(alias_headers_in_list_rotated, "rebind"),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}

