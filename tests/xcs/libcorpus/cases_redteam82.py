"""Red-team cases (stop 82): web-framework-style handlers written as plain functions.

No framework is installed: a 'view' is a function taking a request dict; it reads a sqlite3
database, calls HTTP services (``/items``, ``/status``, ``/jobs``) and a model, renders a
response with `string.Template`, `str.format` or f-strings, sets headers in a dict and logs
an access line. Middlewares are decorators (an auth check that raises, timing, request ids
from a counter, caching by path, rate limits, sessions, transactions); a router dict maps
paths to handlers; handlers call other handlers; error handlers turn exceptions into
responses; background tasks appended to a list run after the response; WSGI- and ASGI-style
apps are driven by hand. The harness jits the dispatch function. Sibling calls get unequal
latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import hmac
import http.cookies
import inspect
import itertools
import json
import re
import sqlite3
import string
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import requests

from ember.api import models
from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam82")
ACCESS = corpus_logger("redteam82.access")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


# =========================================================================== plumbing


class HTTPError(Exception):
    """An error a handler raises that the error handler turns into a response."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status} {detail}")
        self.status = status
        self.detail = detail


class Forbidden(HTTPError):
    def __init__(self, detail: str = "forbidden") -> None:
        super().__init__(403, detail)


class NotFound(HTTPError):
    def __init__(self, detail: str = "not found") -> None:
        super().__init__(404, detail)


def svc_get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def svc_put(web: str, key: str, text: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def svc_status(web: str, code: int, ms: int = 50) -> requests.Response:
    return requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)


def ask(prompt: str, lat: float) -> str:
    return str(models("sim/gpt", prompt, latency=lat))


def respond(status: int, body: str, **headers: str) -> dict[str, Any]:
    hdrs = {"Content-Type": "text/plain", "Content-Length": str(len(body))}
    hdrs.update(headers)
    return {"status": status, "headers": hdrs, "body": body}


def access_line(request: dict[str, Any], response: dict[str, Any]) -> str:
    line = "{method} {path} {status} {size}".format(
        method=request["method"], path=request["path"], status=response["status"],
        size=len(response["body"]))
    ACCESS.info(line)
    return line


def req(path: str, method: str = "GET", **extra: Any) -> dict[str, Any]:
    r: dict[str, Any] = {"method": method, "path": path, "headers": {}, "user": "ana"}
    r.update(extra)
    return r


def make_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "app.db")
    conn.executescript("""
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT UNIQUE, role TEXT, plan TEXT);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, author INTEGER, title TEXT);
        CREATE TABLE audit (id INTEGER PRIMARY KEY, line TEXT);
        INSERT INTO users VALUES (1, 'ana', 'admin', 'pro'), (2, 'bob', 'viewer', 'free'),
                                 (3, 'cy', 'editor', 'pro');
        INSERT INTO posts VALUES (1, 1, 'Hello'), (2, 1, 'Again'), (3, 3, 'Draft');
    """)
    conn.commit()
    conn.close()


def web_db(env: Env) -> tuple:
    return (env.web, str(env.tmp / "app.db"))


def web_only(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db_oa(env: Env) -> tuple:
    return (env.web, str(env.tmp / "app.db"), openai_client(env))


# =========================================================================== plain views


PROFILE_PAGE = string.Template(
    "<h1>$name</h1><p>plan $plan</p><p>feed: $feed</p><p>stats: $stats</p><p>$blurb</p>")


def profile_view(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT id, name, plan FROM users WHERE name = ?",
                           (request["user"],)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise NotFound(f"no user {request['user']}")
    feed = svc_get(web, f"feed-{row[0]}", 150)
    stats = svc_get(web, f"stats-{row[0]}", 30)
    blurb = ask(f"Write a blurb for {row[1]}", 0.08)
    body = PROFILE_PAGE.substitute(name=row[1], plan=row[2], feed=feed, stats=stats,
                                   blurb=blurb[:30])
    return respond(200, body, **{"Content-Type": "text/html", "X-User": str(row[0])})


def dispatch_profile_view(web: str, db: str) -> dict[str, Any]:
    """One request through the router: db, two services (slow first), a model, a template."""
    router = {"/profile": profile_view}
    request = req("/profile")
    response = router[request["path"]](request, web, db)
    access_line(request, response)
    return response


def dispatch_sequence_of_requests(web: str, db: str) -> list[Any]:
    """Three requests, one after another, each logged as it finishes."""
    router = {"/profile": profile_view}
    out = []
    for user in ("ana", "cy", "bob"):
        request = req("/profile", user=user)
        response = router[request["path"]](request, web, db)
        out.append((response["status"], response["headers"]["X-User"]))
        print(access_line(request, response))
    return out


def dispatch_not_found_user_error_handler(web: str, db: str) -> list[Any]:
    """A missing user raises NotFound before any GET; the error handler makes a 404."""
    router = {"/profile": profile_view}
    out = []
    for user in ("ana", "zed", "cy"):
        request = req("/profile", user=user)
        try:
            response = router[request["path"]](request, web, db)
        except HTTPError as e:
            response = respond(e.status, f"error: {e.detail}")
        print(access_line(request, response))
        out.append(response["status"])
    return out


def dispatch_unknown_route_404(web: str, db: str) -> list[Any]:
    router = {"/profile": profile_view}
    out = []
    for path in ("/profile", "/nope", "/profile"):
        request = req(path)
        handler = router.get(path)
        if handler is None:
            response = respond(404, f"no route {path}")
        else:
            response = handler(request, web, db)
        out.append(access_line(request, response))
    return out


# =========================================================================== middlewares


def require_admin(handler: Any) -> Any:
    @functools.wraps(handler)
    def wrapper(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
        conn = sqlite3.connect(db)
        role = conn.execute("SELECT role FROM users WHERE name = ?",
                            (request["user"],)).fetchone()
        conn.close()
        if role is None or role[0] != "admin":
            LOG.warning("denied %s for %s", request["path"], request["user"])
            raise Forbidden(f"{request['user']} is not admin")
        return handler(request, web, db)
    return wrapper


@require_admin
def admin_set_banner(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    version = svc_put(web, "banner", request["body"], 120)
    return respond(200, f"banner v{version}")


def banner_view(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    banner = svc_get(web, "banner", 30)
    return respond(200, f"banner: {banner}")


ROUTES_ADMIN = {("POST", "/admin/banner"): admin_set_banner, ("GET", "/banner"): banner_view}


def dispatch_auth_decorator_raises(web: str, db: str) -> list[Any]:
    """bob's POST is refused by the decorator; ana's goes through; reads see the right one."""
    requests_in = [req("/admin/banner", "POST", user="bob", body="hacked"),
                   req("/banner"),
                   req("/admin/banner", "POST", body="sale today"),
                   req("/banner", user="bob")]
    out = []
    for request in requests_in:
        handler = ROUTES_ADMIN[(request["method"], request["path"])]
        try:
            response = handler(request, web, db)
        except Forbidden as e:
            response = respond(403, e.detail)
        out.append(f"{response['status']} {response['body']}")
        access_line(request, response)
    return out


REQUEST_IDS = itertools.count(1)


def _reset_ids(env: Env) -> None:
    global REQUEST_IDS
    REQUEST_IDS = itertools.count(1)
    make_db(env)


def with_request_id(handler: Any) -> Any:
    def wrapper(request: dict[str, Any], *args: Any) -> dict[str, Any]:
        rid = f"req-{next(REQUEST_IDS)}"
        request["headers"]["X-Request-Id"] = rid
        LOG.info("start %s %s", rid, request["path"])
        response = handler(request, *args)
        response["headers"]["X-Request-Id"] = rid
        LOG.info("end %s %s", rid, response["status"])
        return response
    return wrapper


@with_request_id
def echo_item_view(request: dict[str, Any], web: str, ms: int) -> dict[str, Any]:
    key = request["path"].rsplit("/", 1)[1]
    return respond(200, svc_get(web, key, ms))


def dispatch_request_ids_from_counter(web: str) -> list[Any]:
    out = []
    for key, ms in (("alpha", 150), ("beta", 30), ("gamma", 80)):
        r = echo_item_view(req(f"/items/{key}"), web, ms)
        out.append((r["headers"]["X-Request-Id"], r["body"]))
    return out


def dispatch_request_ids_results_after(web: str) -> list[Any]:
    """All responses collected first, then rendered: the ids follow the call order."""
    responses = [echo_item_view(req(f"/items/{k}"), web, ms)
                 for k, ms in (("one", 150), ("two", 30), ("three", 60))]
    return [f"{r['headers']['X-Request-Id']}={r['body']}" for r in responses]


TIMINGS: list[str] = []


def _reset_timings(env: Env) -> None:
    TIMINGS.clear()
    make_db(env)


def timed(handler: Any) -> Any:
    import time

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            TIMINGS.append(f"{handler.__name__}:{time.perf_counter() - t0 >= 0}")
    return wrapper


@timed
def stats_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    a = svc_get(web, "visits", 150)
    b = svc_get(web, "signups", 30)
    return respond(200, f"visits={a} signups={b}")


@timed
def bump_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    return respond(201, f"v{svc_put(web, 'visits', 'bumped', 60)}")


def dispatch_timing_middleware(web: str) -> list[Any]:
    router = {"/stats": stats_view, "/bump": bump_view}
    bodies = []
    for path in ("/stats", "/bump", "/stats"):
        bodies.append(router[path](req(path), web)["body"])
    return [bodies, list(TIMINGS)]


PAGE_CACHE: dict[str, dict[str, Any]] = {}
CACHE_STATS = Counter()


def _reset_cache(env: Env) -> None:
    PAGE_CACHE.clear()
    CACHE_STATS.clear()
    make_db(env)


def cache_by_path(handler: Any) -> Any:
    def wrapper(request: dict[str, Any], web: str) -> dict[str, Any]:
        if request["method"] == "GET" and request["path"] in PAGE_CACHE:
            CACHE_STATS["hit"] += 1
            return PAGE_CACHE[request["path"]]
        CACHE_STATS["miss"] += 1
        response = handler(request, web)
        if request["method"] == "GET":
            PAGE_CACHE[request["path"]] = response
        else:
            PAGE_CACHE.pop(request["path"], None)
        return response
    return wrapper


@cache_by_path
def article_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    slug = request["path"].split("/")[-1]
    if request["method"] == "PUT":
        return respond(200, f"saved v{svc_put(web, 'art-' + slug, request['body'], 100)}")
    return respond(200, svc_get(web, "art-" + slug, 150 if slug == "a" else 30))


def dispatch_cache_by_path_with_invalidation(web: str) -> list[Any]:
    seq = [req("/art/a"), req("/art/b"), req("/art/a"), req("/art/a", "PUT", body="new a"),
           req("/art/a"), req("/art/b")]
    out = [article_view(r, web)["body"] for r in seq]
    return [out, dict(CACHE_STATS)]


# =========================================================================== composed handlers


def user_card(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    name, plan = conn.execute("SELECT name, plan FROM users WHERE id = ?",
                              (request["uid"],)).fetchone()
    conn.close()
    return respond(200, f"{name}({plan}) {svc_get(web, f'avatar-{name}', 150)}")


def post_list(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    titles = [t for (t,) in conn.execute(
        "SELECT title FROM posts WHERE author = ? ORDER BY id", (request["uid"],))]
    conn.close()
    likes = svc_get(web, f"likes-{request['uid']}", 30)
    return respond(200, ", ".join(titles) + f" [{likes}]")


def dashboard(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    """A handler made of two other handlers' responses."""
    card = user_card({**request, "path": "/card"}, web, db)
    posts = post_list({**request, "path": "/posts"}, web, db)
    summary = ask(f"Summarise: {card['body']} / {posts['body']}", 0.06)
    body = f"{card['body']}\n{posts['body']}\n{summary[:24]}"
    return respond(200, body, **{"X-Parts": "2"})


def dispatch_handler_calls_handlers(web: str, db: str) -> list[Any]:
    router = {"/dashboard": dashboard, "/card": user_card, "/posts": post_list}
    out = []
    for path, uid in (("/dashboard", 1), ("/card", 3), ("/posts", 3)):
        request = req(path, uid=uid)
        response = router[path](request, web, db)
        out.append(response["body"])
        access_line(request, response)
    return out


def dispatch_handlers_two_users_then_log(web: str, db: str) -> list[Any]:
    """Two dashboards; each access line after its own response."""
    out = []
    for uid in (1, 3):
        request = req("/dashboard", uid=uid)
        response = dashboard(request, web, db)
        print(f"{uid}: {len(response['body'])} bytes")
        out.append(response["headers"]["Content-Length"])
    return out


# =========================================================================== background tasks


def signup_view(request: dict[str, Any], web: str, db: str,
                tasks: list[Any]) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO users (name, role, plan) VALUES (?, 'viewer', 'free')",
                     (request["form"]["name"],))
    uid = conn.execute("SELECT id FROM users WHERE name = ?",
                       (request["form"]["name"],)).fetchone()[0]
    conn.close()
    tasks.append(functools.partial(svc_put, web, f"welcome-{uid}", "mail queued", 120))
    tasks.append(functools.partial(svc_put, web, "signups", str(uid), 30))
    return respond(201, f"created {uid}")


def dispatch_background_tasks_after_response(web: str, db: str) -> list[Any]:
    tasks: list[Any] = []
    request = req("/signup", "POST", form={"name": "dee"})
    response = signup_view(request, web, db, tasks)
    access_line(request, response)
    print("response sent:", response["body"])
    versions = [task() for task in tasks]
    return [response["body"], versions, svc_get(web, "signups", 30)]


def dispatch_background_tasks_across_requests(web: str, db: str) -> list[Any]:
    """Tasks of two requests queue up and run after both responses."""
    tasks: list[Any] = []
    bodies = []
    for name in ("eve", "fay"):
        bodies.append(signup_view(req("/signup", "POST", form={"name": name}),
                                  web, db, tasks)["body"])
    for task in tasks:
        task()
    return [bodies, svc_get(web, "signups", 30), svc_get(web, "welcome-5", 30)]


def dispatch_background_task_lambda_reads_then_writes(web: str) -> list[Any]:
    """A task reads the value a later task overwrites."""
    tasks: list[Any] = []
    seen: list[str] = []
    tasks.append(lambda: seen.append(svc_get(web, "counter", 150)))
    tasks.append(lambda: svc_put(web, "counter", "after", 30))
    tasks.append(lambda: seen.append(svc_get(web, "counter", 30)))
    response = respond(202, "accepted")
    for t in tasks:
        t()
    return [response["status"], seen]


def signup_duplicate(request: dict[str, Any], web: str, db: str,
                     tasks: list[Any]) -> dict[str, Any]:
    tasks.append(functools.partial(svc_put, web, "audit", f"try {request['form']['name']}", 90))
    return signup_view(request, web, db, tasks)


def dispatch_background_tasks_dropped_on_error(web: str, db: str) -> list[Any]:
    """A duplicate name raises IntegrityError: that request's tasks are dropped."""
    out = []
    for name in ("gil", "ana", "hal"):
        tasks: list[Any] = []
        try:
            response = signup_duplicate(req("/signup", "POST", form={"name": name}),
                                        web, db, tasks)
        except sqlite3.IntegrityError as e:
            response = respond(409, f"conflict: {e}")
            tasks.clear()
        for t in tasks:
            t()
        out.append((response["status"], len(tasks)))
    return [out, svc_get(web, "audit", 30)]


# =========================================================================== error handlers


class UpstreamError(Exception):
    pass


def _on_http_error(e: HTTPError) -> dict[str, Any]:
    return respond(e.status, e.detail)


def _on_upstream(e: UpstreamError) -> dict[str, Any]:
    return respond(502, f"bad gateway: {e}")


def _on_key_error(e: KeyError) -> dict[str, Any]:
    return respond(400, f"missing field {e}")


ERROR_HANDLERS: dict[type, Any] = {HTTPError: _on_http_error, UpstreamError: _on_upstream,
                                   KeyError: _on_key_error}


def handle_exception(e: Exception) -> dict[str, Any]:
    for cls in type(e).__mro__:
        if cls in ERROR_HANDLERS:
            return ERROR_HANDLERS[cls](e)
    return respond(500, "internal error")


def quote_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    price = svc_get(web, f"price-{request['query']['sku']}", 150)
    r = svc_status(web, request["query"]["stock"], 30)
    if r.status_code >= 500:
        raise UpstreamError(f"stock service said {r.status_code}")
    return respond(200, f"{price} stock={r.json()['status']}")


def dispatch_error_registry_by_mro(web: str) -> list[Any]:
    queries = [{"sku": "a1", "stock": 200}, {"sku": "b2", "stock": 503}, {"stock": 200},
               {"sku": "c3", "stock": 200}]
    out = []
    for q in queries:
        request = req("/quote", query=q)
        try:
            response = quote_view(request, web)
        except Exception as e:  # noqa: BLE001 - the app's error boundary
            response = handle_exception(e)
        out.append(f"{response['status']}:{response['body']}")
        access_line(request, response)
    return out


def dispatch_error_handler_puts_incident(web: str) -> list[Any]:
    """The error handler itself writes: an incident PUT per failure, in order."""
    out = []
    for i, code in enumerate((503, 200, 500)):
        request = req("/quote", query={"sku": f"s{i}", "stock": code})
        try:
            response = quote_view(request, web)
        except UpstreamError as e:
            svc_put(web, "incident", f"{i}:{e}", 40)
            response = respond(502, "upstream")
        out.append(response["status"])
    return [out, svc_get(web, "incident", 30)]


def raise_for_status_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    slow = requests.get(f"{web}/items/{request['key']}?ms=150", timeout=5)
    fast = requests.get(f"{web}/items/{request['other']}?ms=30", timeout=5)
    fast.raise_for_status()
    return respond(200, slow.json()["value"] + "+" + fast.json()["value"])


def dispatch_raise_for_status_to_502(web: str) -> list[Any]:
    out = []
    for key, other in (("k1", "k2"), ("k3", "missing-x"), ("k5", "k6")):
        try:
            response = raise_for_status_view(req("/pair", key=key, other=other), web)
        except requests.HTTPError as e:
            response = respond(502, f"upstream {e.response.status_code}")
        out.append(f"{response['status']} {response['body']}")
    return out


def dispatch_validation_before_io(web: str) -> list[Any]:
    """A body missing a field fails before the handler's GET (a 400, no request sent)."""
    bodies = ['{"sku": "x", "stock": 200}', '{"stock": 200}', '{"sku": "z", "stock": 200}']
    out = []
    for raw in bodies:
        request = req("/quote", "POST", body=raw)
        try:
            data = json.loads(request["body"])
            request["query"] = {"sku": data["sku"], "stock": data["stock"]}
            response = quote_view(request, web)
        except KeyError as e:
            response = _on_key_error(e)
        out.append(response["status"])
        print(access_line(request, response))
    return out


# =========================================================================== routing


ROUTES: dict[tuple[str, str], Any] = {}


def route(path: str, method: str = "GET") -> Any:
    def register(fn: Any) -> Any:
        ROUTES[(method, path)] = fn
        return fn
    return register


@route("/weather")
def weather_route(request: dict[str, Any], web: str) -> dict[str, Any]:
    city = request["query"].get("city", ["oslo"])[0]
    return respond(200, svc_get(web, f"weather-{city}", 150 if city == "oslo" else 30))


@route("/weather", "PUT")
def weather_set_route(request: dict[str, Any], web: str) -> dict[str, Any]:
    city = request["query"]["city"][0]
    return respond(200, f"v{svc_put(web, f'weather-{city}', request['body'], 60)}")


def parse_request(line: str, body: str = "") -> dict[str, Any]:
    method, target = line.split(" ", 1)
    parts = urllib.parse.urlsplit(target)
    return {"method": method, "path": parts.path, "headers": {}, "user": "ana",
            "query": urllib.parse.parse_qs(parts.query), "body": body}


def dispatch_route_decorator_registry(web: str) -> list[Any]:
    lines = [("GET /weather?city=oslo", ""), ("GET /weather?city=rome", ""),
             ("PUT /weather?city=oslo", "snow"), ("GET /weather?city=oslo", "")]
    out = []
    for line, body in lines:
        request = parse_request(line, body)
        handler = ROUTES.get((request["method"], request["path"]))
        response = handler(request, web) if handler else respond(405, "no")
        out.append(response["body"])
        access_line(request, response)
    return out


USER_PATH = re.compile(r"^/users/(?P<uid>\d+)/(?P<part>posts|card)$")


def dispatch_regex_path_params(web: str, db: str) -> list[Any]:
    out = []
    for path in ("/users/1/card", "/users/3/posts", "/users/x/card", "/users/3/card"):
        m = USER_PATH.match(path)
        if not m:
            out.append("404")
            continue
        handler = user_card if m["part"] == "card" else post_list
        out.append(handler(req(path, uid=int(m["uid"])), web, db)["body"])
    return out


class View:
    """Class-based view: dispatch by method name."""

    def __init__(self, web: str) -> None:
        self.web = web

    def dispatch(self, request: dict[str, Any]) -> dict[str, Any]:
        handler = getattr(self, request["method"].lower(), None)
        if handler is None:
            return respond(405, "method not allowed", Allow="GET, PUT")
        return handler(request)


class NoteView(View):
    def get(self, request: dict[str, Any]) -> dict[str, Any]:
        return respond(200, svc_get(self.web, "note", request.get("ms", 50)))

    def put(self, request: dict[str, Any]) -> dict[str, Any]:
        return respond(200, f"v{svc_put(self.web, 'note', request['body'], 120)}")


def dispatch_class_based_view(web: str) -> list[Any]:
    view = NoteView(web)
    seq = [req("/note", ms=150), req("/note", "PUT", body="first"), req("/note", ms=30),
           req("/note", "DELETE"), req("/note", "PUT", body="second"), req("/note", ms=30)]
    return [f"{r['status']} {r['body']}" for r in map(view.dispatch, seq)]


def dispatch_redirect_followed_internally(web: str) -> list[Any]:
    """/old redirects to /new; the dispatcher follows at most 3 hops."""
    def old(request: dict[str, Any]) -> dict[str, Any]:
        svc_put(web, "hits-old", "1", 100)
        return respond(301, "", Location="/new")

    def new(request: dict[str, Any]) -> dict[str, Any]:
        return respond(200, svc_get(web, "hits-old", 30))

    router = {"/old": old, "/new": new}
    path, hops = "/old", []
    for _ in range(3):
        response = router[path](req(path))
        hops.append(f"{path}->{response['status']}")
        if response["status"] not in (301, 302):
            break
        path = response["headers"]["Location"]
    return [hops, response["body"]]


# =========================================================================== responses


def negotiate(request: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    if "application/json" in request["headers"].get("Accept", ""):
        return respond(200, json.dumps(data, sort_keys=True),
                       **{"Content-Type": "application/json"})
    body = "\n".join(f"{k:<8}{v}" for k, v in sorted(data.items()))
    return respond(200, body)


def dispatch_content_negotiation(web: str) -> list[Any]:
    out = []
    for accept in ("application/json", "text/plain", "application/json"):
        request = req("/status")
        request["headers"]["Accept"] = accept
        data = {"db": svc_get(web, "db-health", 150), "cache": svc_get(web, "cache-health", 30)}
        response = negotiate(request, data)
        out.append((response["headers"]["Content-Type"], response["body"]))
    return out


def etag_of(body: str) -> str:
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:12] + '"'


def dispatch_etag_conditional_get(web: str) -> list[Any]:
    """The client sends If-None-Match from the last answer; a PUT changes the ETag."""
    etag = ""
    out = []
    for step in ("get", "get", "put", "get"):
        if step == "put":
            svc_put(web, "doc", "edited", 120)
            out.append("put")
            continue
        body = svc_get(web, "doc", 40)
        tag = etag_of(body)
        response = respond(304, "") if tag == etag else respond(200, body, ETag=tag)
        etag = tag
        out.append(response["status"])
    return out


def dispatch_template_file_written_by_admin(web: str, tmp: str) -> list[Any]:
    """An admin request writes the template file that the next view renders."""
    tpl = Path(tmp) / "page.tpl"
    tpl.write_text("Hello $name, news: $news\n")
    first = string.Template(tpl.read_text()).substitute(name="ana",
                                                        news=svc_get(web, "news", 150))
    tpl.write_text("Hi ${name}! ($news)\n")
    second = string.Template(tpl.read_text()).substitute(name="bob",
                                                         news=svc_get(web, "news", 30))
    return [first, second]


def dispatch_access_log_file(web: str, tmp: str) -> str:
    """Access lines appended to a file; the file is read back at the end."""
    log_path = Path(tmp) / "access.log"
    for key, ms in (("a", 150), ("b", 30), ("c", 70)):
        request = req(f"/items/{key}")
        response = respond(200, svc_get(web, key, ms))
        with open(log_path, "a") as fh:
            fh.write(f"{request['method']} {request['path']} {response['status']}\n")
    return log_path.read_text()


# =========================================================================== state middlewares


RATE: Counter = Counter()


def _reset_rate(env: Env) -> None:
    RATE.clear()


class TooMany(HTTPError):
    def __init__(self) -> None:
        super().__init__(429, "slow down")


def rate_limited(limit: int) -> Any:
    def deco(handler: Any) -> Any:
        def wrapper(request: dict[str, Any], web: str) -> dict[str, Any]:
            RATE[request["user"]] += 1
            if RATE[request["user"]] > limit:
                raise TooMany()
            return handler(request, web)
        return wrapper
    return deco


@rate_limited(2)
def search_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    return respond(200, svc_get(web, f"q-{request['q']}", request["ms"]))


def dispatch_rate_limit_middleware(web: str) -> list[Any]:
    out = []
    for user, q, ms in (("ana", "a", 150), ("bob", "b", 30), ("ana", "c", 80),
                        ("ana", "d", 30), ("bob", "e", 40)):
        try:
            out.append(search_view(req("/search", user=user, q=q, ms=ms), web)["body"])
        except TooMany as e:
            out.append(e.status)
    return [out, dict(RATE)]


SECRET = b"corpus-secret"


def sign(value: str) -> str:
    return value + "." + hmac.new(SECRET, value.encode(), "sha256").hexdigest()[:10]


def unsign(token: str) -> str | None:
    value, _, mac = token.rpartition(".")
    return value if hmac.compare_digest(sign(value), token) and mac else None


def session_middleware(handler: Any) -> Any:
    def wrapper(request: dict[str, Any], web: str) -> dict[str, Any]:
        jar = http.cookies.SimpleCookie(request["headers"].get("Cookie", ""))
        raw = jar["session"].value if "session" in jar else ""
        session = json.loads(unsign(raw) or "{}") if raw else {}
        request["session"] = session
        response = handler(request, web)
        out = http.cookies.SimpleCookie()
        out["session"] = sign(json.dumps(request["session"], sort_keys=True))
        response["headers"]["Set-Cookie"] = out.output(header="").strip()
        return response
    return wrapper


@session_middleware
def cart_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    cart = request["session"].setdefault("cart", [])
    if request["method"] == "POST":
        cart.append(request["body"])
        svc_put(web, "cart-" + request["user"], ",".join(cart), 90)
    stock = svc_get(web, "stock", 150 if len(cart) == 1 else 30)
    return respond(200, f"{len(cart)} items, stock {stock}")


def dispatch_signed_cookie_session(web: str) -> list[Any]:
    cookie = ""
    out = []
    for method, body in (("POST", "apple"), ("GET", ""), ("POST", "pear"), ("GET", "")):
        request = req("/cart", method, body=body)
        if cookie:
            request["headers"]["Cookie"] = cookie
        response = cart_view(request, web)
        cookie = response["headers"]["Set-Cookie"]
        out.append(response["body"])
    return [out, svc_get(web, "cart-ana", 30)]


# =========================================================================== transactions and DI


@contextlib.contextmanager
def transaction(db: str) -> Any:
    conn = sqlite3.connect(db)
    try:
        yield conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


def publish_view(request: dict[str, Any], web: str, db: str) -> dict[str, Any]:
    with transaction(db) as conn:
        conn.execute("INSERT INTO posts (author, title) VALUES (?, ?)",
                     (request["uid"], request["title"]))
        conn.execute("INSERT INTO audit (line) VALUES (?)", (f"publish {request['title']}",))
        check = svc_get(web, f"spam-{request['title']}", 120)
        if "Buy" in request["title"]:
            raise HTTPError(422, f"spam ({check})")
    svc_put(web, "last-post", request["title"], 40)
    return respond(201, request["title"])


def dispatch_transaction_middleware_rollback(web: str, db: str) -> list[Any]:
    out = []
    for title in ("Notes", "Buy now", "Later"):
        try:
            out.append(publish_view(req("/publish", "POST", uid=2, title=title), web, db)
                       ["status"])
        except HTTPError as e:
            out.append(e.status)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT title FROM posts ORDER BY id").fetchall()
    audit = conn.execute("SELECT line FROM audit ORDER BY id").fetchall()
    conn.close()
    return [out, rows, audit, svc_get(web, "last-post", 30)]


class Services:
    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, key: str, ms: int) -> str:
        return svc_get(self.web, key, ms)


def injected(handler: Any, request: dict[str, Any], registry: dict[str, Any]) -> Any:
    """Pass each parameter the handler names from the registry (as FastAPI's Depends)."""
    params = inspect.signature(handler).parameters
    kwargs = {name: registry[name] for name in params if name in registry}
    return handler(request, **kwargs)


def orders_view(request: dict[str, Any], services: Services, db: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    n = conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    conn.close()
    a = services.get("orders-open", 150)
    b = services.get("orders-closed", 30)
    return respond(200, f"{n} posts; {a}; {b}")


def health_view(request: dict[str, Any], services: Services) -> dict[str, Any]:
    return respond(200, services.get("health", 60))


def dispatch_dependency_injection_by_signature(web: str, db: str) -> list[Any]:
    registry = {"services": Services(web), "db": db}
    router = {"/orders": orders_view, "/health": health_view}
    return [injected(router[p], req(p), registry)["body"]
            for p in ("/orders", "/health", "/orders")]


FLAGS = {"new_ui": False}


def _reset_flags(env: Env) -> None:
    FLAGS.clear()
    FLAGS["new_ui"] = False


def home_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    key = "home-v2" if FLAGS["new_ui"] else "home-v1"
    return respond(200, svc_get(web, key, 150 if key == "home-v1" else 30))


def toggle_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    svc_put(web, "flag-log", f"new_ui={request['on']}", 40)
    FLAGS["new_ui"] = request["on"]
    return respond(204, "")


def dispatch_feature_flag_toggled_by_request(web: str) -> list[Any]:
    router = {"/": home_view, "/admin/flag": toggle_view}
    seq = [req("/"), req("/admin/flag", "POST", on=True), req("/"),
           req("/admin/flag", "POST", on=False), req("/")]
    return [router[r["path"]](r, web)["body"] for r in seq]


def retry_on_503(attempts: int) -> Any:
    def deco(handler: Any) -> Any:
        @functools.wraps(handler)
        def wrapper(request: dict[str, Any], web: str) -> dict[str, Any]:
            last: dict[str, Any] = {}
            for i in range(attempts):
                last = handler({**request, "attempt": i}, web)
                if last["status"] != 503:
                    return last
                LOG.info("retry %s after 503 (attempt %d)", request["path"], i)
            return last
        return wrapper
    return deco


@retry_on_503(3)
def flaky_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    codes = request["codes"]
    r = svc_status(web, codes[min(request["attempt"], len(codes) - 1)], 40)
    return respond(r.status_code, svc_get(web, f"{request['path'][1:]}-{request['attempt']}",
                                          120))


def dispatch_retry_middleware(web: str) -> list[Any]:
    out = []
    for path, codes in (("/a", [503, 200]), ("/b", [200]), ("/c", [503, 503, 503])):
        r = flaky_view(req(path, codes=codes), web)
        out.append(f"{r['status']} {r['body']}")
    return out


def compose(*middlewares: Any) -> Any:
    def apply(handler: Any) -> Any:
        return functools.reduce(lambda h, m: m(h), reversed(middlewares), handler)
    return apply


def add_header(name: str, value: str) -> Any:
    def mw(handler: Any) -> Any:
        def wrapper(request: dict[str, Any], *a: Any) -> dict[str, Any]:
            response = handler(request, *a)
            response["headers"][name] = value
            print(f"mw {name}")
            return response
        return wrapper
    return mw


def log_calls(handler: Any) -> Any:
    def wrapper(request: dict[str, Any], *a: Any) -> dict[str, Any]:
        LOG.info("-> %s", request["path"])
        response = handler(request, *a)
        LOG.info("<- %s %s", request["path"], response["status"])
        return response
    return wrapper


def dispatch_middleware_chain_reduce(web: str) -> list[Any]:
    app = compose(log_calls, add_header("X-Frame", "DENY"),
                  add_header("X-Env", "test"))(lambda r, w: respond(
                      200, svc_get(w, r["path"].strip("/"), r["ms"])))
    out = []
    for path, ms in (("/slow", 150), ("/fast", 30)):
        r = app(req(path, ms=ms), web)
        out.append((r["body"], sorted(r["headers"])))
    return out


# =========================================================================== models in views


def moderated_comment_view(request: dict[str, Any], web: str, db: str,
                           client: Any) -> dict[str, Any]:
    verdict = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "Is this ok? " + request["body"]}],
        extra_body={"latency": 0.12}).choices[0].message.content
    context = svc_get(web, f"thread-{request['thread']}", 30)
    if len(verdict) % 2 == 0:
        svc_put(web, f"comments-{request['thread']}", request["body"], 50)
        status = 201
    else:
        status = 202
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO audit (line) VALUES (?)", (f"{status} {request['body']}",))
    conn.commit()
    conn.close()
    return respond(status, f"{context} | {verdict[:16]}")


def dispatch_openai_moderation_view(web: str, db: str, client: Any) -> list[Any]:
    out = []
    for i, text in enumerate(("nice post", "great!", "meh")):
        r = moderated_comment_view(req("/comment", "POST", body=text, thread=i), web, db,
                                   client)
        out.append(r["status"])
        access_line(req("/comment", "POST"), r)
    conn = sqlite3.connect(db)
    audit = conn.execute("SELECT line FROM audit ORDER BY id").fetchall()
    conn.close()
    return [out, audit]


def answer_view(request: dict[str, Any], web: str, client: Any) -> dict[str, Any]:
    docs = [svc_get(web, f"doc-{i}", ms) for i, ms in enumerate((150, 30, 70))]
    prompt = "Context: {}\nQuestion: {q}".format(" ".join(docs), q=request["q"])
    reply = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": prompt}],
        extra_body={"latency": 0.05})
    body = f"{reply.choices[0].message.content[:40]}"
    return respond(200, body, **{"X-Docs": str(len(docs))})


def dispatch_rag_view_two_questions(web: str, db: str, client: Any) -> list[Any]:
    out = []
    for q in ("what is ember?", "who wrote it?"):
        r = answer_view(req("/ask", q=q), web, client)
        out.append(r["body"])
        print(access_line(req("/ask"), r))
    return out


def dispatch_model_routes_request(web: str, db: str) -> list[Any]:
    """A model picks the handler: control flow on the model's output."""
    router = {"even": lambda r: respond(200, svc_get(web, "even-" + r["q"], 30)),
              "odd": lambda r: respond(200, f"v{svc_put(web, 'odd', r['q'], 60)}")}
    out = []
    for q in ("refund", "hours", "address"):
        label = "even" if len(ask(f"Classify: {q}", 0.12)) % 2 == 0 else "odd"
        out.append(router[label](req("/intent", q=q))["body"])
    return out


# =========================================================================== WSGI and ASGI by hand


def wsgi_app(environ: dict[str, Any], start_response: Any) -> Any:
    web = environ["app.web"]
    path = environ["PATH_INFO"]
    if path == "/write":
        v = svc_put(web, "wsgi", environ["wsgi.input"], 120)
        start_response("201 Created", [("Content-Type", "text/plain")])
        return [f"v{v}".encode()]
    value = svc_get(web, "wsgi", int(environ["QUERY_STRING"].split("=")[1]))
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Len", str(len(value)))])
    return [b"value=", value.encode()]


def dispatch_wsgi_app_by_hand(web: str) -> list[Any]:
    out = []
    for method, path, qs, data in (("GET", "/read", "ms=150", ""),
                                   ("POST", "/write", "", "hello"),
                                   ("GET", "/read", "ms=30", "")):
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]],
                           seen: dict[str, Any] = seen) -> None:
            seen["status"] = status
            seen["headers"] = dict(headers)

        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": qs,
                   "wsgi.input": data, "app.web": web}
        body = b"".join(wsgi_app(environ, start_response))
        out.append((seen["status"], body.decode()))
    return out


def wsgi_streaming_app(environ: dict[str, Any], start_response: Any) -> Any:
    web = environ["app.web"]
    start_response("200 OK", [("Content-Type", "text/plain")])
    for key, ms in (("s1", 150), ("s2", 30), ("s3", 60)):
        yield svc_get(web, key, ms).encode() + b"\n"


def dispatch_wsgi_streaming_body(web: str) -> list[Any]:
    """The body is a generator: each chunk's GET runs as the server iterates it."""
    status: list[str] = []
    chunks = []
    for chunk in wsgi_streaming_app({"app.web": web}, lambda s, h: status.append(s)):
        print("chunk", len(chunk))
        chunks.append(chunk)
        if len(chunks) == 1:
            svc_put(web, "s3", "changed-mid-stream", 40)
    return [status, b"".join(chunks).decode()]


async def asgi_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    body = (await receive())["body"]
    async with httpx.AsyncClient(timeout=5) as http:
        if scope["method"] == "PUT":
            r = await http.put(f"{scope['web']}/items/asgi?ms=120", content=body)
            text = f"v{r.json()['version']}"
        else:
            r = await http.get(f"{scope['web']}/items/asgi?ms={scope['ms']}")
            text = r.json()["value"]
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": text.encode()})


def dispatch_asgi_app_via_asyncio_run(web: str) -> list[Any]:
    """A sync dispatcher drives an ASGI app per request with asyncio.run."""
    out = []
    for method, ms, data in (("GET", 150, b""), ("PUT", 0, b"asgi-new"), ("GET", 30, b"")):
        sent: list[dict[str, Any]] = []

        async def receive(data: bytes = data) -> dict[str, Any]:
            return {"type": "http.request", "body": data}

        async def send(message: dict[str, Any], sent: list[Any] = sent) -> None:
            sent.append(message)

        scope = {"type": "http", "method": method, "web": web, "ms": ms}
        asyncio.run(asgi_app(scope, receive, send))
        out.append((sent[0]["status"], sent[1]["body"].decode()))
    return out


async def adispatch_two_asgi_requests(web: str) -> list[Any]:
    """An async dispatcher awaiting the app for each request in turn."""
    out = []
    for method, ms, data in (("GET", 150, b""), ("PUT", 0, b"async-new"), ("GET", 30, b"")):
        sent: list[dict[str, Any]] = []

        async def receive(data: bytes = data) -> dict[str, Any]:
            return {"type": "http.request", "body": data}

        async def send(message: dict[str, Any], sent: list[Any] = sent) -> None:
            sent.append(message)

        await asgi_app({"type": "http", "method": method, "web": web, "ms": ms},
                       receive, send)
        out.append(sent[1]["body"].decode())
    return out


def _drive_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


async def aprofile(web: str, http: httpx.AsyncClient, key: str, ms: int) -> dict[str, Any]:
    r = await http.get(f"{web}/items/{key}?ms={ms}")
    return respond(200, r.json()["value"])


async def adispatch_gather_then_log(web: str) -> list[Any]:
    """Async handlers gathered; access lines logged after, in request order."""
    async with httpx.AsyncClient(timeout=5) as http:
        paths = [("pa", 150), ("pb", 30), ("pc", 80)]
        responses = await asyncio.gather(*[aprofile(web, http, k, ms) for k, ms in paths])
        for (k, _), r in zip(paths, responses, strict=True):
            access_line(req(f"/{k}"), r)
        await http.put(f"{web}/items/last?ms=40", content=responses[0]["body"])
        tail = (await http.get(f"{web}/items/last?ms=30")).json()["value"]
    return [[r["body"] for r in responses], tail]


async def adispatch_sequential_awaits_with_write(web: str) -> list[Any]:
    async with httpx.AsyncClient(timeout=5) as http:
        a = await aprofile(web, http, "sq", 150)
        await http.put(f"{web}/items/sq?ms=60", content="rewritten")
        b = await aprofile(web, http, "sq", 30)
        c = await aprofile(web, http, "other", 40)
    return [a["body"], b["body"], c["body"]]


# =========================================================================== jobs, metrics, clients


def webhook_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    job = requests.post(f"{web}/jobs", json={"event": request["event"]}, timeout=5).json()["id"]
    return respond(202, job, Location=f"/jobs/{job}")


def dispatch_webhook_then_poll_task(web: str) -> list[Any]:
    tasks: list[Any] = []
    out = []
    for event in ("push", "tag"):
        r = webhook_view(req("/hook", "POST", event=event), web)
        out.append(r["body"])

        def poll(job: str = r["body"]) -> str:
            for _ in range(5):
                status = requests.get(f"{web}/jobs/{job}?ms=40", timeout=5).json()["status"]
                if status == "done":
                    return f"{job} done"
            return f"{job} stuck"
        tasks.append(poll)
    out.extend(t() for t in tasks)
    return out


METRICS: Counter = Counter()


def _reset_metrics(env: Env) -> None:
    METRICS.clear()
    make_db(env)


def metered(handler: Any) -> Any:
    def wrapper(request: dict[str, Any], *a: Any) -> dict[str, Any]:
        try:
            response = handler(request, *a)
        except HTTPError as e:
            METRICS[f"status_{e.status}"] += 1
            raise
        METRICS[f"status_{response['status']}"] += 1
        METRICS["bytes"] += len(response["body"])
        return response
    return wrapper


@metered
def item_or_404(request: dict[str, Any], web: str) -> dict[str, Any]:
    r = requests.get(f"{web}/items/{request['key']}?ms={request['ms']}", timeout=5)
    if r.status_code == 404:
        raise NotFound(request["key"])
    return respond(200, r.json()["value"])


def dispatch_metrics_counter_middleware(web: str) -> list[Any]:
    out = []
    for key, ms in (("m1", 150), ("missing-m2", 30), ("m3", 60), ("missing-m4", 40)):
        try:
            out.append(item_or_404(req("/m", key=key, ms=ms), web)["body"])
        except NotFound as e:
            out.append(str(e))
    return [out, sorted(METRICS.items())]


class App:
    """A tiny app object holding its session, its database and its routes."""

    def __init__(self, web: str, db: str) -> None:
        self.web = web
        self.http = requests.Session()
        self.db = sqlite3.connect(db)
        self.routes = {"/users": self.users, "/user-count": self.count}

    def users(self, request: dict[str, Any]) -> dict[str, Any]:
        names = [n for (n,) in self.db.execute("SELECT name FROM users ORDER BY id")]
        badge = self.http.get(f"{self.web}/items/badge?ms=150", timeout=5).json()["value"]
        return respond(200, ",".join(names) + " " + badge)

    def count(self, request: dict[str, Any]) -> dict[str, Any]:
        n = self.db.execute("SELECT COUNT(*) FROM users").fetchone()[0]
        extra = self.http.get(f"{self.web}/items/count?ms=30", timeout=5).json()["value"]
        return respond(200, f"{n} {extra}")

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.routes[request["path"]](request)
        except KeyError:
            return respond(404, "no route")

    def close(self) -> None:
        self.http.close()
        self.db.close()


def dispatch_app_object_session_and_db(web: str, db: str) -> list[Any]:
    app = App(web, db)
    try:
        out = [app(req(p))["body"] for p in ("/users", "/user-count", "/missing", "/users")]
        app.db.execute("INSERT INTO users (name, role, plan) VALUES ('ivy', 'viewer', 'free')")
        out.append(app(req("/user-count"))["body"])
    finally:
        app.close()
    return out


def dispatch_httpx_client_views(web: str) -> list[Any]:
    with httpx.Client(base_url=web, timeout=5) as http:
        def show(key: str, ms: int) -> dict[str, Any]:
            return respond(200, http.get(f"/items/{key}", params={"ms": ms}).json()["value"])

        def save(key: str, text: str) -> dict[str, Any]:
            return respond(200, str(http.put(f"/items/{key}?ms=90", content=text).json()))

        router = {"show": show, "save": save}
        plan = [("show", ("hx", 150)), ("save", ("hx", "hx-new")), ("show", ("hx", 30)),
                ("show", ("hy", 60))]
        return [router[name](*args)["body"] for name, args in plan]


# =========================================================================== hooks and context


import contextvars  # noqa: E402 - grouped with the cases that use it

CURRENT = contextvars.ContextVar("current_request", default=None)


def log_with_request(msg: str) -> None:
    r = CURRENT.get()
    LOG.info("[%s] %s", r["path"] if r else "-", msg)


def ctx_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    log_with_request("fetching")
    v = svc_get(web, request["path"].strip("/"), request["ms"])
    log_with_request(f"got {v}")
    return respond(200, v)


def dispatch_contextvar_current_request(web: str) -> list[Any]:
    out = []
    for path, ms in (("/cv1", 150), ("/cv2", 30)):
        request = req(path, ms=ms)
        token = CURRENT.set(request)
        try:
            out.append(ctx_view(request, web)["body"])
        finally:
            CURRENT.reset(token)
    log_with_request("done")
    return out


BEFORE: list[Any] = []
AFTER: list[Any] = []


def _install_hooks(env: Env) -> None:
    BEFORE.clear()
    AFTER.clear()
    BEFORE.append(lambda r: r.setdefault("seen", []).append("before"))
    AFTER.append(lambda r, resp: resp["headers"].setdefault("X-Hooks", str(len(r["seen"]))))
    AFTER.append(lambda r, resp: svc_put(r["web"], "after-" + r["path"].strip("/"),
                                         resp["body"], 80))


def dispatch_before_after_request_hooks(web: str) -> list[Any]:
    out = []
    for key, ms in (("h1", 150), ("h2", 30), ("h1", 30)):
        request = req(f"/{key}", web=web)
        for hook in BEFORE:
            hook(request)
        response = respond(200, svc_get(web, "after-" + key, ms))
        for hook in AFTER:
            hook(request, response)
        out.append((response["body"], response["headers"]["X-Hooks"]))
    return out


def broken_error_handler(e: Exception) -> dict[str, Any]:
    raise RuntimeError(f"error page failed for {type(e).__name__}")


def dispatch_error_handler_that_fails(web: str) -> list[Any]:
    out = []
    for key in ("eh1", "missing-eh2", "eh3"):
        try:
            try:
                r = requests.get(f"{web}/items/{key}?ms={150 if key == 'eh1' else 30}",
                                 timeout=5)
                r.raise_for_status()
                response = respond(200, r.json()["value"])
            except requests.HTTPError as e:
                response = broken_error_handler(e)
        except RuntimeError as e:
            response = respond(500, str(e))
        out.append(f"{response['status']} {response['body']}")
    return out


def dispatch_background_task_raises_is_logged(web: str) -> list[Any]:
    def send_mail() -> None:
        svc_put(web, "mail", "sent", 120)

    def notify_slack() -> None:
        r = svc_status(web, 500, 30)
        if r.status_code >= 500:
            raise ConnectionError("slack down")

    def update_stats() -> None:
        svc_put(web, "stats", "updated", 40)

    response = respond(200, svc_get(web, "page", 60))
    for task in (send_mail, notify_slack, update_stats):
        try:
            task()
        except ConnectionError as e:
            LOG.error("background task %s failed: %s", task.__name__, e)
    return [response["body"], svc_get(web, "mail", 30), svc_get(web, "stats", 30)]


def dispatch_access_log_in_finally_reraises(web: str) -> list[Any]:
    """The access line is logged in `finally`, then the error leaves the dispatcher."""
    done = []
    for key in ("f1", "missing-f2", "f3"):
        request = req(f"/{key}")
        status = 500
        try:
            r = requests.get(f"{web}/items/{key}?ms={150 if key == 'f1' else 30}", timeout=5)
            if r.status_code == 404:
                raise NotFound(key)
            status = 200
            done.append(r.json()["value"])
        finally:
            ACCESS.info("%s %s %s", request["method"], request["path"], status)
    return done


def dispatch_params_dict_mutated_between_calls(web: str) -> list[Any]:
    """The handler reuses one params dict, changed after each request."""
    params = {"ms": 150}
    first = requests.get(f"{web}/items/pm1", params=params, timeout=5).json()["value"]
    params["ms"] = 30
    second = requests.get(f"{web}/items/pm2", params=params, timeout=5).json()["value"]
    params["ms"] = 60
    return [first, second, params]


SIGNALS: dict[str, list[Any]] = {"request_finished": []}


def _connect_receivers(env: Env) -> None:
    SIGNALS["request_finished"] = [
        lambda path, status: print(f"finished {path} {status}"),
        lambda path, status: svc_put(env.web, "finished", f"{path}:{status}", 60),
    ]


def dispatch_signal_receivers_write(web: str) -> list[Any]:
    out = []
    for key, ms in (("sg1", 150), ("sg2", 30)):
        response = respond(200, svc_get(web, key, ms) + "|" + svc_get(web, "finished", 30))
        for receiver in SIGNALS["request_finished"]:
            receiver(f"/{key}", response["status"])
        out.append(response["body"])
    return out


SETTINGS_READS: list[str] = []


@functools.cache
def settings(path: str) -> dict[str, Any]:
    SETTINGS_READS.append(path)
    return json.loads(Path(path).read_text())


def _write_settings(env: Env) -> None:
    SETTINGS_READS.clear()
    settings.cache_clear()
    (env.tmp / "settings.json").write_text('{"motd_key": "motd", "ms": 150}')


def dispatch_cached_settings_file(web: str, tmp: str) -> list[Any]:
    out = []
    for _ in range(3):
        cfg = settings(str(Path(tmp) / "settings.json"))
        out.append(svc_get(web, cfg["motd_key"], cfg["ms"]))
        Path(tmp, "settings.json").write_text('{"motd_key": "motd2", "ms": 30}')
    return [out, len(SETTINGS_READS)]


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def dispatch_format_map_partial_render(web: str) -> list[Any]:
    tpl = "{title} by {author} ({views} views) {unknown}"
    out = []
    for key, ms in (("fm1", 150), ("fm2", 30)):
        ctx = _Missing(title=svc_get(web, key, ms), author="ana")
        ctx["views"] = svc_get(web, key + "-views", 40)
        out.append(tpl.format_map(ctx))
    return out


def dispatch_json_api_envelope(web: str, db: str) -> str:
    """A JSON:API-ish envelope built from the db, two services and a model."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT id, name, role FROM users ORDER BY id")]
    conn.close()
    meta = {"region": svc_get(web, "region", 150), "build": svc_get(web, "build", 30)}
    for row in rows:
        row["bio"] = ask(f"bio of {row['name']}", 0.03 * row["id"])[:10]
    envelope = {"data": rows, "meta": meta, "links": {"self": "/users"}}
    body = json.dumps(envelope, indent=1, sort_keys=True)
    ACCESS.info("GET /users 200 %d", len(body))
    return body


# =========================================================================== second batch:
# state the handlers share with the dispatcher, changed between two requests


import copy  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import threading  # noqa: E402


class _Settings:
    mode = "a"
    region = "eu"


SETTINGS = _Settings()


def _reset_settings(env: Env) -> None:
    SETTINGS.mode = "a"
    SETTINGS.region = "eu"
    os.environ.pop("CORPUS82_MODE", None)


def mode_view(web: str, ms: int) -> str:
    first = svc_get(web, "mode-probe", ms)
    return f"{first}/{svc_get(web, 'mode-' + SETTINGS.mode, 30)}"


def configure(mode: str) -> None:
    SETTINGS.mode = mode


def dispatch_settings_attr_set_by_helper(web: str) -> list[str]:
    """An admin request calls configure(), which sets an attribute of a global object."""
    first = mode_view(web, 150)
    configure("b")
    second = mode_view(web, 30)
    return [first, second]


def dispatch_settings_attr_set_inline(web: str) -> list[str]:
    first = mode_view(web, 150)
    SETTINGS.mode = "b"
    second = mode_view(web, 30)
    return [first, second]


def env_mode_view(web: str, ms: int) -> str:
    probe = svc_get(web, "env-probe", ms)
    return probe + "/" + svc_get(web, "env-" + os.environ.get("CORPUS82_MODE", "none"), 30)


def dispatch_os_environ_set_between_requests(web: str) -> list[str]:
    first = env_mode_view(web, 150)
    os.environ["CORPUS82_MODE"] = "blue"
    second = env_mode_view(web, 30)
    del os.environ["CORPUS82_MODE"]
    third = env_mode_view(web, 40)
    return [first, second, third]


def set_env_mode(mode: str) -> None:
    os.environ["CORPUS82_MODE"] = mode


def dispatch_os_environ_set_by_helper(web: str) -> list[str]:
    first = env_mode_view(web, 150)
    set_env_mode("green")
    second = env_mode_view(web, 30)
    os.environ.pop("CORPUS82_MODE")
    return [first, second]


PLUGIN_ROUTES: dict[str, str] = {}


def _reset_plugins(env: Env) -> None:
    PLUGIN_ROUTES.clear()


def register_plugin(path: str, key: str) -> None:
    PLUGIN_ROUTES[path] = key


def plugin_view(web: str, path: str, ms: int) -> str:
    head = svc_get(web, "plugin-head", ms)
    return head + ":" + svc_get(web, PLUGIN_ROUTES.get(path, "fallback"), 30)


def dispatch_route_registered_at_runtime(web: str) -> list[str]:
    out = [plugin_view(web, "/x", 150)]
    register_plugin("/x", "x-plugin")
    out.append(plugin_view(web, "/x", 30))
    register_plugin("/x", "x-plugin-v2")
    out.append(plugin_view(web, "/x", 60))
    return out


_local = threading.local()


def current_user() -> str:
    return getattr(_local, "user", "anonymous")


def whoami_view(web: str, ms: int) -> str:
    v = svc_get(web, "whoami", ms)
    return f"{current_user()}:{v}"


def dispatch_threading_local_request_user(web: str) -> list[str]:
    """Middleware puts the user in a threading.local; the view reads it after its GET."""
    out = []
    for user, ms in (("ana", 150), ("bob", 30), ("cy", 60)):
        _local.user = user
        out.append(whoami_view(web, ms))
    del _local.user
    out.append(whoami_view(web, 30))
    return out


class RequestContext:
    store = threading.local()


def ctx_user_view(web: str, ms: int) -> str:
    v = svc_get(web, "ctx-user", ms)
    return f"{getattr(RequestContext.store, 'user', '-')}:{v}"


def dispatch_threading_local_on_class(web: str) -> list[str]:
    out = []
    for user, ms in (("ana", 150), ("bob", 30)):
        RequestContext.store.user = user
        out.append(ctx_user_view(web, ms))
    return out


def render_lazy(web: str, keys: list[str]) -> Any:
    for k in keys:
        yield svc_get(web, k, 30) + ";"


def dispatch_lazy_body_after_write(web: str) -> list[str]:
    """The body generator is made before a PUT and consumed after: it sees the new value."""
    head = svc_get(web, "lz-head", 150)
    body = render_lazy(web, ["lz", "lz2"])
    svc_put(web, "lz", "fresh", 60)
    return [head, "".join(body)]


def dispatch_handlers_late_binding(web: str) -> list[str]:
    """Handlers made in a loop close over the loop variable: all see the last key."""
    handlers = {}
    for path in ("/lb1", "/lb2", "/lb3"):
        handlers[path] = lambda ms: svc_get(web, path.strip("/"), ms)  # noqa: B023
    return [handlers["/lb1"](150), handlers["/lb2"](30), handlers["/lb3"](60)]


def memo_page(fn: Any) -> Any:
    def wrapper(web: str, path: str, ms: int) -> str:
        if path not in wrapper.cache:  # type: ignore[attr-defined]
            wrapper.cache[path] = fn(web, path, ms)  # type: ignore[attr-defined]
        return wrapper.cache[path]  # type: ignore[attr-defined]
    wrapper.cache = {}  # type: ignore[attr-defined]
    return wrapper


@memo_page
def memo_view(web: str, path: str, ms: int) -> str:
    return svc_get(web, "memo" + path.replace("/", "-"), ms)


def _reset_memo(env: Env) -> None:
    memo_view.cache.clear()  # type: ignore[attr-defined]


def dispatch_cache_on_wrapper_attribute(web: str) -> list[Any]:
    out = [memo_view(web, "/p", 150), memo_view(web, "/q", 30), memo_view(web, "/p", 30)]
    svc_put(web, "memo-p", "changed", 40)
    memo_view.cache.pop("/p")  # type: ignore[attr-defined]
    out.append(memo_view(web, "/p", 30))
    return out


def next_request_id(_state: list[int] = [0]) -> str:  # noqa: B006 - a counter on purpose
    _state[0] += 1
    return f"r{_state[0]}"


def _reset_default_counter(env: Env) -> None:
    next_request_id.__defaults__[0][0] = 0  # type: ignore[index]


def id_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{next_request_id()}={value}"


def dispatch_request_id_in_default_arg(web: str) -> list[str]:
    return [id_view(web, k, ms) for k, ms in (("d1", 150), ("d2", 30), ("d3", 60))]


def append_view(web: str, request: dict[str, Any], key: str, ms: int) -> str:
    v = svc_get(web, key, ms)
    request["trail"].append(key)
    return v


def dispatch_handlers_append_to_request(web: str) -> list[Any]:
    request: dict[str, Any] = {"trail": []}
    a = append_view(web, request, "t1", 150)
    b = append_view(web, request, "t2", 30)
    c = append_view(web, request, "t3", 60)
    return [a, b, c, request["trail"]]


def print_view(web: str, key: str, ms: int) -> str:
    v = svc_get(web, key, ms)
    print(f"handled {key} -> {v}")
    return v


def dispatch_views_print_after_get(web: str) -> list[str]:
    return [print_view(web, "pv1", 150), print_view(web, "pv2", 30), print_view(web, "pv3", 60)]


RNG = random.Random(82)


def _reset_rng(env: Env) -> None:
    RNG.seed(82)


def ab_view(web: str, user: str, ms: int) -> str:
    v = svc_get(web, f"ab-{user}", ms)
    variant = "A" if RNG.random() < 0.5 else "B"
    return f"{user}:{variant}:{v}"


def dispatch_ab_test_shared_rng(web: str) -> list[str]:
    return [ab_view(web, u, ms) for u, ms in (("ana", 150), ("bob", 30), ("cy", 60),
                                              ("dee", 40))]


class NonceAuth(requests.auth.AuthBase):
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.n += 1
        r.prepare_url(r.url, {"nonce": self.n})
        return r


def nonce_view(web: str, auth: NonceAuth, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", auth=auth, timeout=5)
    return f"{key}@{r.url.rsplit('nonce=', 1)[1]}"


def dispatch_auth_object_nonce(web: str) -> list[str]:
    auth = NonceAuth()
    return [nonce_view(web, auth, k, ms) for k, ms in (("n1", 150), ("n2", 30), ("n3", 60))]


HOOK_LOG: list[str] = []


def _reset_hook_log(env: Env) -> None:
    HOOK_LOG.clear()


def record_hook(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    HOOK_LOG.append(r.json()["key"])


def hooked_view(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", hooks={"response": record_hook}, timeout=5)
    return r.json()["value"]


def dispatch_response_hooks_record_order(web: str) -> list[Any]:
    vals = [hooked_view(web, k, ms) for k, ms in (("hk1", 150), ("hk2", 30), ("hk3", 60))]
    return [vals, list(HOOK_LOG)]


def dispatch_request_copied_then_mutated(web: str) -> list[Any]:
    base = {"path": "/cp", "headers": {"X-Key": "cp1"}, "ms": 150}
    snapshot = copy.deepcopy(base)
    first = svc_get(web, snapshot["headers"]["X-Key"], snapshot["ms"])
    base["headers"]["X-Key"] = "cp2"
    second = svc_get(web, base["headers"]["X-Key"], 30)
    third = svc_get(web, snapshot["headers"]["X-Key"], 40)
    return [first, second, third]


def generator_middleware(web: str, keys: list[tuple[str, int]]) -> Any:
    print("middleware: start")
    for k, ms in keys:
        yield svc_get(web, k, ms)
        print(f"middleware: after {k}")
    print("middleware: end")


def dispatch_generator_middleware(web: str) -> list[str]:
    out = []
    for chunk in generator_middleware(web, [("gm1", 150), ("gm2", 30)]):
        out.append(chunk)
        svc_put(web, "gm2", "written-by-dispatch", 40)
    return out


def body_stream_view(stream: Any, web: str) -> str:
    size = int(stream.readline().decode())
    payload = stream.read(size).decode()
    return svc_get(web, payload, 150 if payload == "bs1" else 30)


def dispatch_request_body_stream(web: str) -> list[str]:
    import io
    stream = io.BytesIO(b"3\nbs1" + b"3\nbs2")
    return [body_stream_view(stream, web), body_stream_view(stream, web)]


def dispatch_model_and_services_per_request(web: str) -> list[str]:
    """Each request: a slow model call, a fast GET, a print of both, a PUT."""
    out = []
    for i, lat in enumerate((0.15, 0.03)):
        reply = ask(f"reply to request {i}", lat)
        ctx = svc_get(web, f"mctx-{i}", 40)
        print(f"request {i}: {reply[:12]} | {ctx}")
        svc_put(web, f"mres-{i}", reply[:20], 30)
        out.append(reply[:12])
    return out


# =========================================================================== third batch:
# request ids, counters and logs kept where a view helper changes them after its GET


def access_id_fn_attr() -> str:
    access_id_fn_attr.n += 1  # type: ignore[attr-defined]
    return f"r{access_id_fn_attr.n}"  # type: ignore[attr-defined]


access_id_fn_attr.n = 0  # type: ignore[attr-defined]


def _reset_fn_attr(env: Env) -> None:
    access_id_fn_attr.n = 0  # type: ignore[attr-defined]


def fn_attr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{access_id_fn_attr()}={value}"


def dispatch_request_id_function_attribute(web: str) -> list[str]:
    return [fn_attr_view(web, k, ms) for k, ms in (("fa1", 150), ("fa2", 30), ("fa3", 60))]


class IdSource:
    n = 0

    @classmethod
    def take(cls) -> str:
        cls.n += 1
        return f"r{cls.n}"


def _reset_id_source(env: Env) -> None:
    IdSource.n = 0


def classattr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{IdSource.take()}={value}"


def dispatch_request_id_classmethod_counter(web: str) -> list[str]:
    return [classattr_view(web, k, ms) for k, ms in (("ca1", 150), ("ca2", 30), ("ca3", 60))]


class _Stats:
    def __init__(self) -> None:
        self.served = 0


STATS = _Stats()


def _reset_stats(env: Env) -> None:
    STATS.served = 0


def stats_attr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    STATS.served += 1
    return f"#{STATS.served} {value}"


def dispatch_served_counter_global_object(web: str) -> list[str]:
    return [stats_attr_view(web, k, ms) for k, ms in (("so1", 150), ("so2", 30), ("so3", 60))]


SERVED: dict[str, int] = {"n": 0}


def _reset_served(env: Env) -> None:
    SERVED["n"] = 0


def served_dict_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    SERVED["n"] += 1
    return f"#{SERVED['n']} {value}"


def dispatch_served_counter_global_dict(web: str) -> list[str]:
    return [served_dict_view(web, k, ms) for k, ms in (("sd1", 150), ("sd2", 30), ("sd3", 60))]


ACCESS_LINES: list[str] = []


def _reset_access_lines(env: Env) -> None:
    ACCESS_LINES.clear()


def appending_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    ACCESS_LINES.append(f"GET /{key} 200")
    return f"{len(ACCESS_LINES)}:{value}"


def dispatch_access_lines_global_list(web: str) -> list[Any]:
    vals = [appending_view(web, k, ms) for k, ms in (("al1", 150), ("al2", 30), ("al3", 60))]
    return [vals, list(ACCESS_LINES)]


def default_list_view(web: str, key: str, ms: int, _lines: list[str] = []) -> int:  # noqa: B006
    value = svc_get(web, key, ms)
    _lines.append(value)
    return len(_lines)


def _reset_default_list(env: Env) -> None:
    default_list_view.__defaults__[0].clear()  # type: ignore[index]


def dispatch_access_lines_default_list(web: str) -> list[Any]:
    sizes = [default_list_view(web, k, ms) for k, ms in (("dl1", 150), ("dl2", 30))]
    return [sizes, list(default_list_view.__defaults__[0])]  # type: ignore[index]


def make_counter_view(web: str) -> Any:
    count = [0]

    def view(key: str, ms: int) -> str:
        value = svc_get(web, key, ms)
        count[0] += 1
        return f"r{count[0]}={value}"
    return view


def dispatch_request_id_closure_cell_list(web: str) -> list[str]:
    view = make_counter_view(web)
    return [view("cc1", 150), view("cc2", 30), view("cc3", 60)]


class Tracker:
    def __init__(self, web: str) -> None:
        self.web = web
        self.order: list[str] = []
        self.n = 0

    def view(self, key: str, ms: int) -> str:
        value = svc_get(self.web, key, ms)
        self.n += 1
        self.order.append(key)
        return f"r{self.n}={value}"


def dispatch_request_id_on_app_object(web: str) -> list[Any]:
    app = Tracker(web)
    vals = [app.view("tr1", 150), app.view("tr2", 30), app.view("tr3", 60)]
    return [vals, app.order]


def dispatch_request_id_on_app_object_separate_statements(web: str) -> list[Any]:
    app = Tracker(web)
    a = app.view("ts1", 150)
    b = app.view("ts2", 30)
    return [a, b, app.n]


def itertools_default_view(web: str, key: str, ms: int,
                           _ids: Any = itertools.count(1)) -> str:  # noqa: B008
    value = svc_get(web, key, ms)
    return f"r{next(_ids)}={value}"


def _reset_itertools_default(env: Env) -> None:
    itertools_default_view.__defaults__ = (itertools.count(1),)  # type: ignore[attr-defined]


def dispatch_request_id_itertools_default(web: str) -> list[str]:
    return [itertools_default_view(web, k, ms) for k, ms in (("it1", 150), ("it2", 30))]


def id_before_get_view(web: str, key: str, ms: int, _state: list[int] = [0]) -> str:  # noqa: B006
    _state[0] += 1
    rid = _state[0]
    return f"r{rid}={svc_get(web, key, ms)}"


def _reset_id_before(env: Env) -> None:
    id_before_get_view.__defaults__[0][0] = 0  # type: ignore[index]


def dispatch_request_id_default_arg_before_get(web: str) -> list[str]:
    """The id is taken before the GET: the order of taking is the call order."""
    return [id_before_get_view(web, k, ms) for k, ms in (("ib1", 150), ("ib2", 30))]


def dispatch_default_arg_counter_then_log(web: str) -> list[str]:
    """The smallest: two view calls in a row, ids from a default-arg counter."""
    a = id_view(web, "sm1", 150)
    b = id_view(web, "sm2", 30)
    return [a, b]


# =========================================================================== fourth batch:
# the same hidden state through other routes (C functions, dunders, partials, kwdefaults)


import bisect  # noqa: E402
import heapq  # noqa: E402
import operator  # noqa: E402
from collections import deque  # noqa: E402

RECENT: deque = deque(maxlen=2)
PRIORITY: list[tuple[int, str]] = []
SORTED_KEYS: list[str] = []
SEEN_SET: set[str] = set()
OP_STORE: dict[str, str] = {}


def _reset_containers(env: Env) -> None:
    RECENT.clear()
    PRIORITY.clear()
    SORTED_KEYS.clear()
    SEEN_SET.clear()
    OP_STORE.clear()


def deque_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    RECENT.append(key)
    return f"{value} recent={list(RECENT)}"


def dispatch_recent_requests_deque(web: str) -> list[str]:
    return [deque_view(web, k, ms) for k, ms in (("dq1", 150), ("dq2", 30), ("dq3", 60))]


def heap_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    heapq.heappush(PRIORITY, (len(PRIORITY), key))
    return f"{value}@{PRIORITY[-1][0]}"


def dispatch_heappush_global_after_get(web: str) -> list[str]:
    return [heap_view(web, k, ms) for k, ms in (("hp1", 150), ("hp2", 30))]


def insort_view(web: str, key: str, ms: int) -> int:
    value = svc_get(web, key, ms)
    bisect.insort(SORTED_KEYS, value)
    return len(SORTED_KEYS)


def dispatch_insort_global_after_get(web: str) -> list[Any]:
    sizes = [insort_view(web, k, ms) for k, ms in (("is2", 150), ("is1", 30))]
    return [sizes, list(SORTED_KEYS)]


def set_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    SEEN_SET.add(value)
    return f"{value} seen={len(SEEN_SET)}"


def dispatch_seen_set_after_get(web: str) -> list[str]:
    return [set_view(web, k, ms) for k, ms in (("st1", 150), ("st2", 30))]


def operator_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    operator.setitem(OP_STORE, "last", key)
    return f"{value} last={OP_STORE['last']}"


def dispatch_operator_setitem_after_get(web: str) -> list[str]:
    return [operator_view(web, k, ms) for k, ms in (("os1", 150), ("os2", 30))]


def kwonly_default_view(web: str, key: str, ms: int, *,
                        _state: dict[str, int] = {"n": 0}) -> str:  # noqa: B006
    value = svc_get(web, key, ms)
    _state["n"] += 1
    return f"r{_state['n']}={value}"


def _reset_kwonly(env: Env) -> None:
    kwonly_default_view.__kwdefaults__["_state"]["n"] = 0  # type: ignore[index]


def dispatch_request_id_kwonly_default_dict(web: str) -> list[str]:
    return [kwonly_default_view(web, k, ms) for k, ms in (("kw1", 150), ("kw2", 30))]


def counted_view(web: str, key: str, ms: int, counter: list[int]) -> str:
    value = svc_get(web, key, ms)
    counter[0] += 1
    return f"r{counter[0]}={value}"


COUNTER_CELL = [0]


def _reset_counter_cell(env: Env) -> None:
    COUNTER_CELL[0] = 0


def dispatch_partial_binds_global_counter(web: str) -> list[str]:
    view = functools.partial(counted_view, web, counter=COUNTER_CELL)
    return [view("pb1", 150), view("pb2", 30), view("pb3", 60)]


def dispatch_counter_list_passed_each_call(web: str) -> list[str]:
    counter = [0]
    return [counted_view(web, "cl1", 150, counter), counted_view(web, "cl2", 30, counter)]


def dunder_dict_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    STATS.__dict__["served"] += 1
    return f"#{STATS.served} {value}"


def dispatch_served_counter_via_dunder_dict(web: str) -> list[str]:
    return [dunder_dict_view(web, k, ms) for k, ms in (("dd1", 150), ("dd2", 30))]


def vars_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    vars(STATS)["served"] += 1
    return f"#{STATS.served} {value}"


def dispatch_served_counter_via_vars(web: str) -> list[str]:
    return [vars_view(web, k, ms) for k, ms in (("vv1", 150), ("vv2", 30))]


def instance_default_view(web: str, key: str, ms: int,
                          _stats: _Stats = _Stats()) -> str:  # noqa: B008
    value = svc_get(web, key, ms)
    _stats.served += 1
    return f"#{_stats.served} {value}"


def _reset_instance_default(env: Env) -> None:
    instance_default_view.__defaults__[0].served = 0  # type: ignore[index]


def dispatch_served_counter_instance_default(web: str) -> list[str]:
    return [instance_default_view(web, k, ms) for k, ms in (("id1", 150), ("id2", 30))]


def request_id_middleware_default(handler: Any, _ids: list[int] = [0]) -> Any:  # noqa: B006
    def wrapper(request: dict[str, Any], web: str) -> dict[str, Any]:
        response = handler(request, web)
        _ids[0] += 1
        response["headers"]["X-Request-Id"] = str(_ids[0])
        return response
    return wrapper


@request_id_middleware_default
def mw_item_view(request: dict[str, Any], web: str) -> dict[str, Any]:
    return respond(200, svc_get(web, request["key"], request["ms"]))


def _reset_mw_default(env: Env) -> None:
    request_id_middleware_default.__defaults__[0][0] = 0  # type: ignore[index]


def dispatch_middleware_id_in_decorator_default(web: str) -> list[Any]:
    out = []
    for key, ms in (("md1", 150), ("md2", 30), ("md3", 60)):
        r = mw_item_view(req("/md", key=key, ms=ms), web)
        out.append((r["headers"]["X-Request-Id"], r["body"]))
    return out


def counting_wraps(handler: Any) -> Any:
    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = handler(*args, **kwargs)
        wrapper.calls += 1  # type: ignore[attr-defined]
        return f"{wrapper.calls}:{result}"  # type: ignore[attr-defined]
    wrapper.calls = 0  # type: ignore[attr-defined]
    return wrapper


@counting_wraps
def wraps_counted_view(web: str, key: str, ms: int) -> str:
    return svc_get(web, key, ms)


def _reset_wraps_counted(env: Env) -> None:
    wraps_counted_view.calls = 0  # type: ignore[attr-defined]


def dispatch_wraps_wrapper_counts_calls(web: str) -> list[str]:
    return [wraps_counted_view(web, k, ms) for k, ms in (("wc1", 150), ("wc2", 30))]


def metrics_fn_attr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    metrics_fn_attr_view.hits.append(key)  # type: ignore[attr-defined]
    return value


metrics_fn_attr_view.hits = []  # type: ignore[attr-defined]


def _reset_fn_hits(env: Env) -> None:
    metrics_fn_attr_view.hits.clear()  # type: ignore[attr-defined]


def dispatch_metrics_list_on_function_attribute(web: str) -> list[Any]:
    vals = [metrics_fn_attr_view(web, k, ms) for k, ms in (("mh1", 150), ("mh2", 30))]
    return [vals, list(metrics_fn_attr_view.hits)]  # type: ignore[attr-defined]


# =========================================================================== fifth batch:
# the state changed one helper down: the view calls a helper that changes it


def bump_served_attr() -> int:
    STATS.served += 1
    return STATS.served


def bump_served_dict() -> int:
    SERVED["n"] += 1
    return SERVED["n"]


def log_access_global(key: str) -> int:
    ACCESS_LINES.append(key)
    return len(ACCESS_LINES)


def bump_kwonly(*, _state: dict[str, int] = {"n": 0}) -> int:  # noqa: B006
    _state["n"] += 1
    return _state["n"]


def _reset_bump_kwonly(env: Env) -> None:
    bump_kwonly.__kwdefaults__["_state"]["n"] = 0  # type: ignore[index]


def bump_default_instance(_stats: _Stats = _Stats()) -> int:  # noqa: B008
    _stats.served += 1
    return _stats.served


def _reset_bump_instance(env: Env) -> None:
    bump_default_instance.__defaults__[0].served = 0  # type: ignore[index]


def bump_classattr() -> int:
    return int(IdSource.take()[1:])


def sub_attr_view(web: str, key: str, ms: int) -> str:
    return f"#{bump_served_attr() if svc_get(web, key, ms) else 0}"


def dispatch_sub_helper_bumps_global_object(web: str) -> list[str]:
    return [sub_attr_view(web, "sa1", 150), sub_attr_view(web, "sa2", 30)]


def sub_dict_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{bump_served_dict()} {value}"


def dispatch_sub_helper_bumps_global_dict(web: str) -> list[str]:
    return [sub_dict_view(web, "sb1", 150), sub_dict_view(web, "sb2", 30)]


def sub_list_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{log_access_global(key)} {value}"


def dispatch_sub_helper_appends_global_list(web: str) -> list[Any]:
    vals = [sub_list_view(web, "sl1", 150), sub_list_view(web, "sl2", 30)]
    return [vals, list(ACCESS_LINES)]


def sub_kwonly_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{bump_kwonly()} {value}"


def dispatch_sub_helper_kwonly_default(web: str) -> list[str]:
    return [sub_kwonly_view(web, "sk1", 150), sub_kwonly_view(web, "sk2", 30)]


def sub_instance_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{bump_default_instance()} {value}"


def dispatch_sub_helper_instance_default(web: str) -> list[str]:
    return [sub_instance_view(web, "si1", 150), sub_instance_view(web, "si2", 30)]


def sub_classattr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{bump_classattr()} {value}"


def dispatch_sub_helper_classmethod_counter(web: str) -> list[str]:
    return [sub_classattr_view(web, "sc1", 150), sub_classattr_view(web, "sc2", 30)]


def own_default_list_view(web: str, key: str, ms: int,
                          _state: list[int] = [0]) -> str:  # noqa: B006
    value = svc_get(web, key, ms)
    _state[0] += 1
    return f"r{_state[0]}={value}"


def _reset_own_default(env: Env) -> None:
    own_default_list_view.__defaults__[0][0] = 0  # type: ignore[index]


def dispatch_view_bumps_own_default_list(web: str) -> list[str]:
    """The view itself (not a helper below it) bumps its own default list."""
    return [own_default_list_view(web, "od1", 150), own_default_list_view(web, "od2", 30)]


def own_fn_attr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    own_fn_attr_view.n += 1  # type: ignore[attr-defined]
    return f"r{own_fn_attr_view.n}={value}"  # type: ignore[attr-defined]


own_fn_attr_view.n = 0  # type: ignore[attr-defined]


def _reset_own_fn_attr(env: Env) -> None:
    own_fn_attr_view.n = 0  # type: ignore[attr-defined]


def dispatch_view_bumps_own_function_attribute(web: str) -> list[str]:
    return [own_fn_attr_view(web, "of1", 150), own_fn_attr_view(web, "of2", 30)]


def sub_default_then_put_view(web: str, key: str, ms: int) -> int:
    value = svc_get(web, key, ms)
    rid = next_request_id()
    return svc_put(web, "audit-" + rid, value, 30)


def dispatch_sub_helper_default_id_names_put(web: str) -> list[Any]:
    """The id names the audit PUT: jitted ids would change which keys are written."""
    a = sub_default_then_put_view(web, "ap1", 150)
    b = sub_default_then_put_view(web, "ap2", 30)
    return [a, b, svc_get(web, "audit-r1", 30)]


# =========================================================================== sixth batch:
# what else a helper one or two levels below the view may do after the view's GET


HITS: Counter = Counter()
BY_USER: dict[str, list[str]] = {}
LAST: dict[str, str] = {}


def _reset_sixth(env: Env) -> None:
    HITS.clear()
    BY_USER.clear()
    LAST.clear()
    ACCESS_LINES.clear()
    STATS.served = 0
    SERVED["n"] = 0


def count_hit(path: str) -> int:
    HITS[path] += 1
    return sum(HITS.values())


def remember_for(user: str, key: str) -> int:
    BY_USER.setdefault(user, []).append(key)
    return sum(len(v) for v in BY_USER.values())


def set_last(key: str) -> str:
    previous = LAST.get("key", "none")
    LAST.update(key=key)
    return previous


def extend_lines(key: str) -> int:
    ACCESS_LINES.extend([key])
    return len(ACCESS_LINES)


def insert_line_first(key: str) -> str:
    ACCESS_LINES.insert(0, key)
    return ACCESS_LINES[-1]


def setattr_served() -> int:
    STATS.served = STATS.served + 1
    return STATS.served


def two_down_bump() -> int:
    return bump_served_dict()


def print_access(key: str, value: str) -> None:
    print(f"GET /{key} -> {value}")


def log_access_two_down(key: str, value: str) -> None:
    _log_inner(key, value)


def _log_inner(key: str, value: str) -> None:
    ACCESS.info("GET /%s %s", key, value)


def append_file_line(path: str, key: str) -> int:
    with open(path, "a") as fh:
        fh.write(key + "\n")
    return len(Path(path).read_text().splitlines())


def counter_hit_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{count_hit('/' + key[:2])}:{value}"


def dispatch_sub_helper_counter_subscript(web: str) -> list[str]:
    return [counter_hit_view(web, "ch1", 150), counter_hit_view(web, "ch2", 30)]


def setdefault_view(web: str, user: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{remember_for(user, key)}:{value}"


def dispatch_sub_helper_setdefault_append(web: str) -> list[Any]:
    vals = [setdefault_view(web, "ana", "sd1", 150), setdefault_view(web, "bob", "sd2", 30)]
    return [vals, dict(BY_USER)]


def update_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"prev={set_last(key)} {value}"


def dispatch_sub_helper_dict_update(web: str) -> list[str]:
    return [update_view(web, "up1", 150), update_view(web, "up2", 30)]


def extend_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{extend_lines(key)}:{value}"


def dispatch_sub_helper_list_extend(web: str) -> list[str]:
    return [extend_view(web, "ex1", 150), extend_view(web, "ex2", 30)]


def insert_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"oldest={insert_line_first(key)} {value}"


def dispatch_sub_helper_list_insert(web: str) -> list[str]:
    return [insert_view(web, "in1", 150), insert_view(web, "in2", 30)]


def setattr_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{setattr_served()} {value}"


def dispatch_sub_helper_setattr_builtin(web: str) -> list[str]:
    return [setattr_view(web, "sa1x", 150), setattr_view(web, "sa2x", 30)]


def two_down_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{two_down_bump()} {value}"


def dispatch_two_helpers_down_dict_bump(web: str) -> list[str]:
    return [two_down_view(web, "td1", 150), two_down_view(web, "td2", 30)]


def printing_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    print_access(key, value)
    return value


def dispatch_sub_helper_prints_access(web: str) -> list[str]:
    return [printing_view(web, "pa1", 150), printing_view(web, "pa2", 30)]


def logging_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    log_access_two_down(key, value)
    return value


def dispatch_two_helpers_down_logs_access(web: str) -> list[str]:
    return [logging_view(web, "lg1", 150), logging_view(web, "lg2", 30)]


def file_view(web: str, path: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{append_file_line(path, key)}:{value}"


def dispatch_sub_helper_appends_access_file(web: str, tmp: str) -> list[str]:
    path = str(Path(tmp) / "access.txt")
    return [file_view(web, path, "fl1", 150), file_view(web, path, "fl2", 30)]


def record_metric(name: str) -> int:
    METRICS[name] += 1
    return METRICS[name]


def metric_middleware(handler: Any) -> Any:
    def wrapper(web: str, key: str, ms: int) -> str:
        value = handler(web, key, ms)
        return f"{record_metric('served')}:{value}"
    return wrapper


@metric_middleware
def mw_metric_view(web: str, key: str, ms: int) -> str:
    return svc_get(web, key, ms)


def dispatch_middleware_calls_metric_helper(web: str) -> list[str]:
    """The realistic form: a decorator's wrapper records a metric through a helper."""
    return [mw_metric_view(web, "mm1", 150), mw_metric_view(web, "mm2", 30),
            mw_metric_view(web, "mm3", 60)]


def sqlite_audit(db: str, line: str) -> int:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO audit (line) VALUES (?)", (line,))
    n = conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    conn.close()
    return n


def audited_view(web: str, db: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"{sqlite_audit(db, key)}:{value}"


def dispatch_sub_helper_sqlite_audit(web: str, db: str) -> list[Any]:
    vals = [audited_view(web, db, "sq1", 150), audited_view(web, db, "sq2", 30)]
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT line FROM audit ORDER BY id").fetchall()
    conn.close()
    return [vals, rows]


# =========================================================================== seventh batch:
# the bump helper's own shape: with a call in its body, or stores only


def bump_then_int() -> int:
    SERVED["n"] += 1
    return int(SERVED["n"])


def bump_with_len() -> int:
    SERVED["n"] += 1
    return SERVED["n"] + len(ACCESS_LINES)


def bump_store_only(counter: dict[str, int]) -> None:
    counter["n"] += 1


def bump_int_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{bump_then_int()} {value}"


def dispatch_sub_helper_bump_returns_int_call(web: str) -> list[str]:
    return [bump_int_view(web, "bi1", 150), bump_int_view(web, "bi2", 30)]


def bump_len_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    return f"#{bump_with_len()} {value}"


def dispatch_sub_helper_bump_returns_with_len(web: str) -> list[str]:
    return [bump_len_view(web, "bl1", 150), bump_len_view(web, "bl2", 30)]


def bump_arg_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    bump_store_only(SERVED)
    return f"#{SERVED['n']} {value}"


def dispatch_sub_helper_bumps_global_passed_as_arg(web: str) -> list[str]:
    """The view hands the global dict to the bump helper as an argument."""
    return [bump_arg_view(web, "ba1", 150), bump_arg_view(web, "ba2", 30)]


def bump_statement_view(web: str, key: str, ms: int) -> str:
    value = svc_get(web, key, ms)
    bump_served_dict()
    return f"#{SERVED['n']} {value}"


def dispatch_sub_helper_bump_as_statement(web: str) -> list[str]:
    return [bump_statement_view(web, "bs1x", 150), bump_statement_view(web, "bs2x", 30)]


def dispatch_sub_helper_bump_views_then_put(web: str) -> list[Any]:
    """A PUT after the two views: the views' ids still follow their order."""
    a = sub_dict_view(web, "vp1", 150)
    b = sub_dict_view(web, "vp2", 30)
    svc_put(web, "served", str(SERVED["n"]), 30)
    return [a, b]


def dispatch_sub_helper_bump_views_printed(web: str) -> None:
    """The same two views, their lines printed as they come."""
    print(sub_dict_view(web, "pr1", 150))
    print(sub_dict_view(web, "pr2", 30))


# =========================================================================== registry


def _web(fn: Any, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_only, servers="web", **kw)


def _db(fn: Any, cat: str = "db", setup: Any = make_db, **kw: Any) -> Case:
    return Case(cat, fn, args=web_db, servers="web", setup=setup, **kw)


def _tmp(fn: Any, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", **kw)


def _oa(fn: Any, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=web_db_oa, servers="web api", setup=make_db, **kw)


def _aio(fn: Any, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=_drive_async, servers="web", **kw)


CASES: list[Case] = [
    # -- plain views
    _db(dispatch_profile_view, ideal=over(0.15, 0.03, 0.08)),
    _db(dispatch_sequence_of_requests),
    _db(dispatch_not_found_user_error_handler, cat="validation"),
    _db(dispatch_unknown_route_404),
    # -- middlewares
    _db(dispatch_auth_decorator_raises, cat="validation"),
    _web(dispatch_request_ids_from_counter, cat="state", setup=_reset_ids),
    _web(dispatch_request_ids_results_after, cat="state", setup=_reset_ids),
    _web(dispatch_timing_middleware, cat="state", setup=_reset_timings),
    _web(dispatch_cache_by_path_with_invalidation, cat="state", setup=_reset_cache),
    # -- composed handlers
    _db(dispatch_handler_calls_handlers, cat="helpers"),
    _db(dispatch_handlers_two_users_then_log, cat="helpers"),
    # -- background tasks
    _db(dispatch_background_tasks_after_response),
    _db(dispatch_background_tasks_across_requests),
    _web(dispatch_background_task_lambda_reads_then_writes, cat="helpers"),
    _db(dispatch_background_tasks_dropped_on_error),
    # -- error handlers
    _web(dispatch_error_registry_by_mro, cat="validation"),
    _web(dispatch_error_handler_puts_incident, cat="validation"),
    _web(dispatch_raise_for_status_to_502, cat="validation"),
    _web(dispatch_validation_before_io, cat="validation", speculative_reads=True),
    # -- routing
    _web(dispatch_route_decorator_registry),
    _db(dispatch_regex_path_params),
    _web(dispatch_class_based_view, cat="helpers"),
    _web(dispatch_redirect_followed_internally),
    # -- responses
    _web(dispatch_content_negotiation),
    _web(dispatch_etag_conditional_get),
    _tmp(dispatch_template_file_written_by_admin),
    _tmp(dispatch_access_log_file),
    # -- state middlewares
    _web(dispatch_rate_limit_middleware, cat="state", setup=_reset_rate),
    _web(dispatch_signed_cookie_session, cat="state"),
    # -- transactions and DI
    _db(dispatch_transaction_middleware_rollback),
    _db(dispatch_dependency_injection_by_signature, cat="helpers"),
    _web(dispatch_feature_flag_toggled_by_request, cat="state", setup=_reset_flags),
    _web(dispatch_retry_middleware),
    _web(dispatch_middleware_chain_reduce, cat="helpers"),
    # -- models in views
    _oa(dispatch_openai_moderation_view),
    _oa(dispatch_rag_view_two_questions),
    _db(dispatch_model_routes_request, cat="ensemble"),
    # -- WSGI and ASGI
    _web(dispatch_wsgi_app_by_hand),
    _web(dispatch_wsgi_streaming_body),
    _web(dispatch_asgi_app_via_asyncio_run),
    _aio(adispatch_two_asgi_requests),
    _aio(adispatch_gather_then_log),
    _aio(adispatch_sequential_awaits_with_write),
    # -- jobs, metrics, clients
    _web(dispatch_webhook_then_poll_task),
    _web(dispatch_metrics_counter_middleware, cat="state", setup=_reset_metrics),
    _db(dispatch_app_object_session_and_db),
    _web(dispatch_httpx_client_views),
    # -- hooks and context
    _web(dispatch_contextvar_current_request, cat="state"),
    _web(dispatch_before_after_request_hooks, cat="state", setup=_install_hooks),
    _web(dispatch_error_handler_that_fails, cat="validation"),
    _web(dispatch_background_task_raises_is_logged),
    _web(dispatch_access_log_in_finally_reraises, cat="validation"),
    _web(dispatch_params_dict_mutated_between_calls, cat="state"),
    _web(dispatch_signal_receivers_write, cat="state", setup=_connect_receivers),
    _tmp(dispatch_cached_settings_file, cat="state", setup=_write_settings),
    _web(dispatch_format_map_partial_render),
    _db(dispatch_json_api_envelope),
    # -- second batch: shared state between requests
    _web(dispatch_settings_attr_set_by_helper, cat="state", setup=_reset_settings),
    _web(dispatch_settings_attr_set_inline, cat="state", setup=_reset_settings),
    _web(dispatch_os_environ_set_between_requests, cat="state", setup=_reset_settings),
    _web(dispatch_os_environ_set_by_helper, cat="state", setup=_reset_settings),
    _web(dispatch_route_registered_at_runtime, cat="state", setup=_reset_plugins),
    _web(dispatch_threading_local_request_user, cat="state"),
    _web(dispatch_threading_local_on_class, cat="state"),
    _web(dispatch_lazy_body_after_write, cat="helpers"),
    _web(dispatch_handlers_late_binding, cat="helpers", ideal=over(0.15, 0.03, 0.06)),
    _web(dispatch_cache_on_wrapper_attribute, cat="state", setup=_reset_memo),
    _web(dispatch_handlers_append_to_request, cat="helpers"),
    _web(dispatch_views_print_after_get, cat="helpers"),
    _web(dispatch_ab_test_shared_rng, cat="state", setup=_reset_rng),
    _web(dispatch_auth_object_nonce, cat="state"),
    _web(dispatch_response_hooks_record_order, cat="state", setup=_reset_hook_log),
    _web(dispatch_request_copied_then_mutated, cat="state"),
    _web(dispatch_generator_middleware, cat="helpers"),
    _web(dispatch_request_body_stream, cat="helpers"),
    _web(dispatch_model_and_services_per_request, cat="ensemble"),
    # -- third batch: counters and logs a view helper changes after its GET
    _web(dispatch_request_id_classmethod_counter, cat="state", setup=_reset_id_source),
    _web(dispatch_served_counter_global_object, cat="state", setup=_reset_stats),
    _web(dispatch_served_counter_global_dict, cat="state", setup=_reset_served),
    _web(dispatch_access_lines_global_list, cat="state", setup=_reset_access_lines),
    _web(dispatch_access_lines_default_list, cat="state", setup=_reset_default_list),
    _web(dispatch_request_id_closure_cell_list, cat="state"),
    _web(dispatch_request_id_on_app_object, cat="state"),
    _web(dispatch_request_id_on_app_object_separate_statements, cat="state"),
    _web(dispatch_request_id_itertools_default, cat="state", setup=_reset_itertools_default),
    _web(dispatch_request_id_default_arg_before_get, cat="state", setup=_reset_id_before),
    # -- fourth batch: hidden state through other routes
    _web(dispatch_recent_requests_deque, cat="state", setup=_reset_containers),
    _web(dispatch_heappush_global_after_get, cat="state", setup=_reset_containers),
    _web(dispatch_insort_global_after_get, cat="state", setup=_reset_containers),
    _web(dispatch_seen_set_after_get, cat="state", setup=_reset_containers),
    _web(dispatch_operator_setitem_after_get, cat="state", setup=_reset_containers),
    _web(dispatch_request_id_kwonly_default_dict, cat="state", setup=_reset_kwonly),
    _web(dispatch_partial_binds_global_counter, cat="state", setup=_reset_counter_cell),
    _web(dispatch_counter_list_passed_each_call, cat="state"),
    _web(dispatch_served_counter_via_dunder_dict, cat="state", setup=_reset_stats),
    _web(dispatch_served_counter_via_vars, cat="state", setup=_reset_stats),
    _web(dispatch_served_counter_instance_default, cat="state", setup=_reset_instance_default),
    _web(dispatch_middleware_id_in_decorator_default, cat="state", setup=_reset_mw_default),
    _web(dispatch_wraps_wrapper_counts_calls, cat="state", setup=_reset_wraps_counted),
    _web(dispatch_metrics_list_on_function_attribute, cat="state", setup=_reset_fn_hits),
    # -- fifth batch: the state changed one helper down
    _web(dispatch_sub_helper_appends_global_list, cat="state", setup=_reset_access_lines),
    _web(dispatch_sub_helper_instance_default, cat="state", setup=_reset_bump_instance),
    _web(dispatch_view_bumps_own_default_list, cat="state", setup=_reset_own_default),
    _web(dispatch_view_bumps_own_function_attribute, cat="state", setup=_reset_own_fn_attr),
    _web(dispatch_sub_helper_default_id_names_put, cat="state", setup=_reset_default_counter),
    # -- sixth batch: what else a helper below the view does after the view's GET
    _web(dispatch_sub_helper_counter_subscript, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_setdefault_append, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_dict_update, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_list_extend, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_list_insert, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_prints_access, cat="helpers"),
    _web(dispatch_two_helpers_down_logs_access, cat="helpers"),
    _tmp(dispatch_sub_helper_appends_access_file, cat="files"),
    _db(dispatch_sub_helper_sqlite_audit),
    # -- seventh batch: the bump helper's own shape
    _web(dispatch_sub_helper_bumps_global_passed_as_arg, cat="state", setup=_reset_sixth),
]

# All FAILING cases share one shape: a view helper GETs, then calls a helper of its own
# that changes module state by stores only (`G[k] += 1`, `G.attr += 1`, `setattr(G, ...)`,
# a mutable default's `_s[0] += 1`, a function attribute, `cls.n += 1`), not handed to it
# as an argument. Jitted, two such views in a row overlap and the state changes in the
# order their GETs complete. The same store in the view's own body is seen (passes), as is
# a method call on the global (`.append`, `.update`, `.setdefault`, `.values()`).
FAILING: list[Case] = [
    _web(dispatch_sub_helper_bump_views_printed, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_bump_views_then_put, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_bump_as_statement, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_bump_returns_with_len, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_bump_returns_int_call, cat="state", setup=_reset_sixth),
    _web(dispatch_middleware_calls_metric_helper, cat="state", setup=_reset_metrics),
    _web(dispatch_two_helpers_down_dict_bump, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_setattr_builtin, cat="state", setup=_reset_sixth),
    _web(dispatch_sub_helper_classmethod_counter, cat="state", setup=_reset_id_source),
    _web(dispatch_sub_helper_kwonly_default, cat="state", setup=_reset_bump_kwonly),
    _web(dispatch_sub_helper_bumps_global_dict, cat="state", setup=_reset_served),
    _web(dispatch_sub_helper_bumps_global_object, cat="state", setup=_reset_stats),
    _web(dispatch_default_arg_counter_then_log, cat="state", setup=_reset_default_counter),
    _web(dispatch_request_id_function_attribute, cat="state", setup=_reset_fn_attr),
    _web(dispatch_request_id_in_default_arg, cat="state", setup=_reset_default_counter),
]

# Differed under jit when written, fixed since: stop 29.
FIXED_WHY: dict[str, str] = {
    "dispatch_sub_helper_bump_returns_int_call": (
        "the helper below the view has a call in its body (`SERVED['n'] += 1; return "
        "int(SERVED['n'])`): still moved ('#2 v-bi1' vs '#1 v-bi1')"),
    "dispatch_sub_helper_bump_returns_with_len": (
        "the same with `return SERVED['n'] + len(ACCESS_LINES)` ('#2 v-bl1' vs '#1 v-bl1')"),
    "dispatch_sub_helper_bump_as_statement": (
        "the bump helper called as a statement and the global read in the view's return "
        '(`bump_served_dict(); return f"#{SERVED[\'n\']} {value}"`) (\'#2 v-bs1x\' vs \'#1 '
        "v-bs1x'); handing the dict to the helper as an argument "
        '(dispatch_sub_helper_bumps_global_passed_as_arg) passes'),
    "dispatch_sub_helper_bump_views_then_put": (
        "the two bumping views followed by a PUT of the counter: the views still overlap ('#2"
        " v-vp1' vs '#1 v-vp1')"),
    "dispatch_sub_helper_bump_views_printed": (
        '`print(sub_dict_view(...))` twice: the printed lines keep their order but carry each'
        " other's numbers (stdout '#2 v-pr1\\n#1 v-pr2' vs '#1 v-pr1\\n#2 v-pr2')"),
    "dispatch_sub_helper_setattr_builtin": (
        "the view GETs, then calls a helper doing `setattr(STATS, 'served', STATS.served + "
        "1)` on a global object: the fast second view bumps first ('#2 v-sa1x' vs '#1 "
        "v-sa1x')"),
    "dispatch_two_helpers_down_dict_bump": (
        "two helpers down: view -> two_down_bump() -> bump_served_dict() (`SERVED['n'] += "
        "1`): the fast second view bumps first ('#2 v-td1' vs '#1 v-td1')"),
    "dispatch_middleware_calls_metric_helper": (
        "the realistic form: a decorator's wrapper calls the wrapped view (a GET) then "
        "`record_metric('served')` (`METRICS[name] += 1; return METRICS[name]`): three "
        "decorated views overlap and the metric numbers follow completion order ('3:v-mm1' vs"
        " '1:v-mm1')"),
    "dispatch_sub_helper_bumps_global_object": (
        'the view GETs, then calls `bump_served_attr()`, a helper one level down doing '
        '`STATS.served += 1` on a global object: the two views overlap and the fast second '
        "one bumps first ('#2' vs '#1'); the same statement in the view itself "
        '(dispatch_served_counter_global_object) passes'),
    "dispatch_sub_helper_bumps_global_dict": (
        "the same with `SERVED['n'] += 1` in the helper one level down ('#2 v-sb1' vs '#1 "
        "v-sb1'); in the view itself (dispatch_served_counter_global_dict) it passes"),
    "dispatch_sub_helper_kwonly_default": (
        "the same with the helper bumping its own keyword-only default dict (`_state['n'] += "
        "1`) ('#2 v-sk1' vs '#1 v-sk1'); in the view itself "
        '(dispatch_request_id_kwonly_default_dict) it passes'),
    "dispatch_sub_helper_classmethod_counter": (
        'the same with the view calling a helper that calls the classmethod `IdSource.take()`'
        " (`cls.n += 1`) ('#2 v-sc1' vs '#1 v-sc1'); the view calling `IdSource.take()` "
        'directly (dispatch_request_id_classmethod_counter) passes'),
    "dispatch_request_id_function_attribute": (
        "the same with the counter an attribute of a module-level function "
        "(`access_id_fn_attr.n += 1` after the view's GET): the three GETs overlap and the "
        "ids follow completion order ('r3=v-fa1' vs 'r1=v-fa1'); the view bumping its own "
        "attribute (dispatch_view_bumps_own_function_attribute) passes"),
    "dispatch_default_arg_counter_then_log": (
        "smallest shape: `a = id_view(web, 'sm1', 150); b = id_view(web, 'sm2', 30)` where "
        "id_view GETs then bumps a counter in a mutable default argument: b's helper "
        "completes first and takes r1 ('r2=v-sm1' vs 'r1=v-sm1'); the change is one helper "
        "down (`next_request_id()`): the view bumping its own default list "
        "(dispatch_view_bumps_own_default_list) passes"),
    "dispatch_request_id_in_default_arg": (
        "a view helper GETs then takes `next_request_id()`, a counter kept in a mutable "
        "default argument (`_state=[0]`, `_state[0] += 1`): jitted, the three views' GETs "
        "overlap and each takes its id when its GET completes, so the fast second/third "
        "views take r1/r2 and the slow first one r3 ('r3=v-d1' vs 'r1=v-d1')"),
}

FAILING_WHY: dict[str, str] = {
}

# (Cases moved out of FAILING: fixed ones run as written, allowed ones with
# `speculative_reads`.)
_SETTLED = {c.name for c in FAILING if c.name not in FAILING_WHY}
CASES = [*CASES, *(c for c in FAILING if c.name in _SETTLED)]
FAILING = [c for c in FAILING if c.name not in _SETTLED]
