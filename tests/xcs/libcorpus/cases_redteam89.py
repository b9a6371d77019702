"""Red-team cases (stop 89): proxies, wrappers and delegation around library clients.

As people write them around `requests.Session`, `httpx.Client` and the openai and anthropic
clients: a class that forwards through `__getattr__` (a logging proxy that prints or PUTs an
audit record per call, a retrying proxy, a recording proxy appending to a list, a read-only
proxy raising on writes, a budget proxy), `functools.partial` and `functools.wraps` wrappers
of client methods stored in dicts, bound methods stored as attributes (`self.get =
session.get`), `types.MethodType` rebinding, `__call__` objects, descriptors and properties
that return different clients, class-level client singletons swapped between calls, wrappers
whose `__enter__`/`__exit__` open and close the session; and the libraries' own hooks
(requests' response hooks, httpx event hooks and transports, an `HTTPAdapter` subclass, a
`Session` subclass overriding `request`). The wrapper's own side effects (prints, writes,
counters) decide or name the next request. Sibling calls get unequal latencies (slow first,
``?ms=`` on the web server, the simulator's ``latency``) so a wrong reordering shows.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
import types
from pathlib import Path
from typing import Any

import httpx
import openai
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam89")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


# =========================================================================== proxies


class LoggingProxy:
    """Forwards every attribute to the wrapped client; callables print before and after."""

    def __init__(self, target: Any, name: str = "http") -> None:
        self._target = target
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._target, attr)
        if not callable(value):
            return value

        def logged(*args: Any, **kwargs: Any) -> Any:
            print(f"[{self._name}] {attr} {args[0] if args else ''}")
            result = value(*args, **kwargs)
            print(f"[{self._name}] {attr} -> {getattr(result, 'status_code', '?')}")
            return result
        return logged


def logging_proxy_session_prints(web: str) -> list[str]:
    with requests.Session() as raw:
        s = LoggingProxy(raw)
        out = []
        for key, ms in (("alpha", 150), ("beta", 30), ("gamma", 80)):
            out.append(s.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
        return out


class AuditProxy:
    """After each call through it, PUTs an audit record named by its own counter."""

    def __init__(self, session: requests.Session, web: str) -> None:
        self._s = session
        self._web = web
        self.n = 0

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self._s, attr)

        def audited(url: str, **kw: Any) -> Any:
            r = fn(url, **kw)
            self.n += 1
            self._s.put(f"{self._web}/items/audit-{self.n}?ms=30",
                        data=f"{attr} {url.rsplit('/', 1)[-1]}", timeout=5)
            return r
        return audited


def audit_proxy_puts_record_each_get(web: str) -> list[Any]:
    with requests.Session() as s:
        p = AuditProxy(s, web)
        vals = [p.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("a", 150), ("b", 40), ("c", 90))]
        listing = s.get(f"{web}/items", timeout=5).json()
        return [vals, p.n, listing]


def audit_counter_names_next_read(web: str) -> list[str]:
    """The proxy's counter, bumped by its own PUT, names the key of the next read."""
    with requests.Session() as s:
        p = AuditProxy(s, web)
        out = [p.get(f"{web}/items/start?ms=120", timeout=5).json()["value"]]
        for _ in range(2):
            out.append(p.get(f"{web}/items/audit-{p.n}?ms=40", timeout=5).json()["value"])
        return out


class RecordingProxy:
    def __init__(self, target: Any) -> None:
        self._target = target
        self.history: list[tuple[str, str]] = []

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self._target, attr)

        def record(url: str, *a: Any, **kw: Any) -> Any:
            self.history.append((attr, url.split("/items/")[-1]))
            return fn(url, *a, **kw)
        return record


def recording_proxy_history_names_key(web: str) -> dict[str, Any]:
    with requests.Session() as s:
        p = RecordingProxy(s)
        first = p.get(f"{web}/items/one?ms=150", timeout=5).json()["value"]
        second = p.get(f"{web}/items/two?ms=30", timeout=5).json()["value"]
        p.put(f"{web}/items/hist-{len(p.history)}", data=first + second, timeout=5)
        third = p.get(f"{web}/items/hist-{len(p.history) - 1}?ms=40", timeout=5).json()
        return {"history": p.history, "third": third}


def recording_proxy_reads_only_overlap(web: str) -> list[Any]:
    with requests.Session() as s:
        p = RecordingProxy(s)
        vals = [p.get(f"{web}/items/r{i}?ms={ms}", timeout=5).json()["value"]
                for i, ms in enumerate((150, 30, 90))]
        return [vals, p.history]


class ReadOnlyProxy:
    WRITES = frozenset({"post", "put", "patch", "delete"})

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, attr: str) -> Any:
        if attr in self.WRITES:
            raise PermissionError(f"read-only client: {attr} refused")
        return getattr(self._target, attr)


def readonly_proxy_refuses_post_caught(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        ro = ReadOnlyProxy(s)
        out.append(ro.get(f"{web}/items/x?ms=150", timeout=5).json()["value"])
        try:
            ro.post(f"{web}/items/x", data="nope", timeout=5)
        except PermissionError as e:
            print("refused:", e)
            out.append("refused")
        out.append(ro.get(f"{web}/items/y?ms=30", timeout=5).json()["value"])
        s.put(f"{web}/items/y", data="direct", timeout=5)
        out.append(ro.get(f"{web}/items/y?ms=40", timeout=5).json()["value"])
    return out


def readonly_proxy_refusal_uncaught(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        ro = ReadOnlyProxy(s)
        out.append(ro.get(f"{web}/items/p?ms=150", timeout=5).json()["value"])
        print("read p")
        out.append(ro.get(f"{web}/items/q?ms=30", timeout=5).json()["value"])
        ro.delete(f"{web}/items/p", timeout=5)
        out.append(ro.get(f"{web}/items/never?ms=30", timeout=5).json()["value"])
    return out


class RetryProxy:
    """Retries a 404 once on a fallback key, printing the retry."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self.retries = 0

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self._target, attr)

        def retrying(url: str, **kw: Any) -> Any:
            r = fn(url, **kw)
            if r.status_code == 404:
                self.retries += 1
                print("retry", url.split("/items/")[-1])
                r = fn(url.replace("/missing-", "/found-"), **kw)
            return r
        return retrying


def retry_proxy_falls_back_on_404(web: str) -> dict[str, Any]:
    with requests.Session() as s:
        p = RetryProxy(s)
        vals = []
        for key, ms in (("missing-a", 150), ("b", 30), ("missing-c", 80)):
            vals.append(p.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])
        return {"vals": vals, "retries": p.retries}


class BudgetProxy:
    def __init__(self, target: Any, budget: int) -> None:
        self._target = target
        self.left = budget

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self._target, attr)

        def spend(*a: Any, **kw: Any) -> Any:
            if self.left <= 0:
                raise RuntimeError(f"budget spent before {attr}")
            self.left -= 1
            return fn(*a, **kw)
        return spend


def budget_proxy_stops_fourth_call(web: str) -> list[str]:
    out = []
    with httpx.Client(base_url=web, timeout=5) as c:
        p = BudgetProxy(c, 3)
        try:
            for key, ms in (("k1", 150), ("k2", 30), ("k3", 90), ("k4", 40)):
                out.append(p.get(f"/items/{key}?ms={ms}").json()["value"])
                print("left", p.left)
        except RuntimeError as e:
            out.append(str(e))
    return out


class CountingHttpx:
    def __init__(self, client: httpx.Client) -> None:
        self._c = client
        self.calls = 0

    def __getattr__(self, attr: str) -> Any:
        self.calls += 1
        return getattr(self._c, attr)


def httpx_counting_proxy_counter_in_key(web: str) -> list[str]:
    with httpx.Client(base_url=web, timeout=5) as c:
        p = CountingHttpx(c)
        a = p.get("/items/seed?ms=150").json()["value"]
        b = p.get(f"/items/n{p.calls}?ms=30").json()["value"]
        p.put(f"/items/n{p.calls}", content=a + b)
        c2 = p.get(f"/items/n{p.calls - 1}?ms=40").json()["value"]
        return [a, b, c2, str(p.calls)]


def two_layer_proxy_logging_over_retry(web: str) -> dict[str, Any]:
    with requests.Session() as s:
        inner = RetryProxy(s)
        outer = LoggingProxy(inner, "outer")
        vals = [outer.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("missing-z", 150), ("y", 30))]
        return {"vals": vals, "retries": inner.retries}


class CachingGetattr:
    """Binds each forwarded method on itself the first time (later lookups skip __getattr__)."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._target, attr)
        print("bind", attr)
        setattr(self, attr, value)
        return value


def getattr_binds_on_first_use(web: str) -> list[str]:
    with requests.Session() as s:
        p = CachingGetattr(s)
        out = []
        for k, ms in (("c1", 150), ("c2", 30), ("c3", 90)):
            out.append(p.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
        p.put(f"{web}/items/c1", data="new", timeout=5)
        out.append(p.get(f"{web}/items/c1?ms=30", timeout=5).json()["value"])
        return out


class FallbackAttrs:
    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("fetch_"):
            key = attr.removeprefix("fetch_")
            return lambda ms: self._target.get(f"{self.base}/items/{key}?ms={ms}", timeout=5)
        return getattr(self._target, attr)


def dynamic_fetch_attributes(web: str) -> list[str]:
    with requests.Session() as s:
        p = FallbackAttrs(s)
        p.base = web
        out = [p.fetch_users(150).json()["value"], p.fetch_orders(30).json()["value"]]
        p.base = web + "/items/nested/.."
        out.append(p.fetch_more(40).json()["value"])
        return out


class LoggerProxy:
    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self._target, attr)

        @functools.wraps(fn)
        def logged(url: str, **kw: Any) -> Any:
            LOG.info("%s %s", attr.upper(), url.split("/items/")[-1])
            r = fn(url, **kw)
            LOG.info("done %s %s", r.status_code, url.split("?")[0].rsplit("/", 1)[-1])
            return r
        return logged


def logger_proxy_records_each_call(web: str) -> list[str]:
    with requests.Session() as s:
        p = LoggerProxy(s)
        out = [p.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
               for k, ms in (("l1", 150), ("l2", 30), ("l3", 80))]
        p.put(f"{web}/items/l2", data="-".join(out), timeout=5)
        out.append(p.get(f"{web}/items/l2?ms=30", timeout=5).json()["value"])
        return out


class SetattrForwarding:
    """Attribute writes go to the wrapped session too (headers, params)."""

    def __init__(self, target: Any) -> None:
        object.__setattr__(self, "_target", target)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._target, attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        print("set", attr, value)
        setattr(self._target, attr, value)


def setattr_proxy_params_between_reads(web: str) -> list[Any]:
    with requests.Session() as s:
        p = SetattrForwarding(s)
        p.params = {"ms": "150"}
        a = p.get(f"{web}/items/first", timeout=5).json()["value"]
        p.params = {"ms": "30"}
        b = p.get(f"{web}/items/second", timeout=5).json()["value"]
        return [a, b, dict(s.params)]


# =========================================================================== partial, wraps, bound methods


def partials_in_dict_dispatch(web: str) -> list[Any]:
    with requests.Session() as s:
        ops = {
            "read": functools.partial(s.get, timeout=5),
            "write": functools.partial(s.put, timeout=5),
        }
        plan = [("read", "pa", 150), ("read", "pb", 30), ("write", "pa", 0), ("read", "pa", 40)]
        out = []
        for verb, key, ms in plan:
            if verb == "read":
                out.append(ops[verb](f"{web}/items/{key}?ms={ms}").json()["value"])
            else:
                out.append(ops[verb](f"{web}/items/{key}", data="|".join(out)).json()["version"])
        return out


def partial_base_url_reads(web: str) -> list[str]:
    def fetch(base: str, key: str, ms: int, session: requests.Session) -> str:
        return session.get(f"{base}/items/{key}?ms={ms}", timeout=5).json()["value"]

    with requests.Session() as s:
        get = functools.partial(fetch, web, session=s)
        return [get("u1", 150), get("u2", 30), get("u3", 90)]


def wraps_printing_wrapper_of_bound_get(web: str) -> list[str]:
    with requests.Session() as s:
        inner = s.get

        @functools.wraps(inner)
        def get(url: str, **kw: Any) -> requests.Response:
            print("GET", url.rsplit("/", 1)[-1])
            return inner(url, timeout=5, **kw)

        vals = [get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("w1", 150), ("w2", 30), ("w3", 80))]
        print(get.__name__, get.__wrapped__ is inner)
        return vals


def wrapper_dict_by_verb_mixed_ops(web: str) -> list[Any]:
    with httpx.Client(base_url=web, timeout=5) as c:
        table = {"GET": c.get, "PUT": c.put, "DELETE": c.delete}
        ops = [("GET", "/items/t1?ms=150", None), ("PUT", "/items/t1", "one"),
               ("GET", "/items/t2?ms=30", None), ("DELETE", "/items/t1", None),
               ("GET", "/items", None)]
        out = []
        for verb, path, body in ops:
            r = table[verb](path, content=body) if body is not None else table[verb](path)
            out.append(r.json())
        return out


class Repo:
    def __init__(self, session: requests.Session, web: str) -> None:
        self.get = session.get
        self.put = session.put
        self.web = web

    def load(self, key: str, ms: int) -> str:
        return self.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]

    def save(self, key: str, value: str) -> int:
        return self.put(f"{self.web}/items/{key}", data=value, timeout=5).json()["version"]


def bound_methods_as_attributes(web: str) -> list[Any]:
    with requests.Session() as s:
        repo = Repo(s, web)
        a = repo.load("ra", 150)
        b = repo.load("rb", 30)
        v = repo.save("ra", b + "!")
        return [a, b, v, repo.load("ra", 40)]


def bound_attribute_rebound_midway(web: str) -> list[Any]:
    """`repo.get` is replaced by a printing wrapper between reads."""
    with requests.Session() as s:
        repo = Repo(s, web)
        out = [repo.load("m1", 150)]
        plain = repo.get

        def noisy(url: str, **kw: Any) -> Any:
            print("noisy", url.split("/items/")[-1])
            return plain(url, **kw)
        repo.get = noisy
        out.append(repo.load("m2", 30))
        out.append(repo.load("m3", 80))
        return out


def _logged_get(self: requests.Session, url: str, **kw: Any) -> requests.Response:
    print("patched get", url.split("/items/")[-1])
    return requests.Session.get(self, url, **kw)


def methodtype_patch_session_instance(web: str) -> list[str]:
    with requests.Session() as s:
        out = [s.get(f"{web}/items/before?ms=150", timeout=5).json()["value"]]
        s.get = types.MethodType(_logged_get, s)
        out.append(s.get(f"{web}/items/after1?ms=30", timeout=5).json()["value"])
        out.append(s.get(f"{web}/items/after2?ms=90", timeout=5).json()["value"])
        return out


class Tally:
    def __init__(self) -> None:
        self.seen: list[str] = []


def _tally_fetch(self: Tally, session: Any, web: str, key: str, ms: int) -> str:
    v = session.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    self.seen.append(v)
    print(f"#{len(self.seen)} {v}")
    return v


def methodtype_bound_to_tally_object(web: str) -> list[Any]:
    t = Tally()
    fetch = types.MethodType(_tally_fetch, t)
    with requests.Session() as s:
        fetch(s, web, "tb1", 150)
        fetch(s, web, "tb2", 30)
        fetch(s, web, f"tb{len(t.seen) + 1}", 40)
    return t.seen


class Fetcher:
    def __init__(self, session: Any, web: str) -> None:
        self.session = session
        self.web = web
        self.count = 0

    def __call__(self, key: str, ms: int) -> str:
        self.count += 1
        v = self.session.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        print(f"fetch#{self.count} {key}={v}")
        return v


def callable_object_counts_and_prints(web: str) -> list[Any]:
    with requests.Session() as s:
        f = Fetcher(s, web)
        vals = [f(k, ms) for k, ms in (("f1", 150), ("f2", 30), ("f3", 90))]
        vals.append(f(f"f{f.count}", 40))
        return vals


class Writer:
    def __init__(self, session: Any, web: str) -> None:
        self.session = session
        self.web = web
        self.version = -1

    def __call__(self, key: str, value: str) -> int:
        self.version = self.session.put(f"{self.web}/items/{key}", data=value,
                                        timeout=5).json()["version"]
        return self.version


def callable_writer_version_names_next(web: str) -> list[Any]:
    with requests.Session() as s:
        w = Writer(s, web)
        r = Fetcher(s, web)
        a = r("cw1", 150)
        w("cw1", a + "+")
        b = r(f"cw{w.version + 1}", 30)
        w(f"ver{w.version}", b)
        return [a, b, w.version, r("ver0", 40)]


# =========================================================================== descriptors, singletons


class RoleClient:
    """A descriptor: reading `svc.reader` / `svc.writer` returns a different wrapper."""

    def __init__(self, role: str) -> None:
        self.role = role

    def __set_name__(self, owner: type, name: str) -> None:
        self.attr = name

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        print("client for", self.role)
        prefix = "ro" if self.role == "read" else "rw"
        return functools.partial(obj._call, prefix)


class Service:
    reader = RoleClient("read")
    writer = RoleClient("write")

    def __init__(self, session: Any, web: str) -> None:
        self._s = session
        self._web = web

    def _call(self, prefix: str, key: str, ms: int = 0, data: str | None = None) -> Any:
        url = f"{self._web}/items/{prefix}-{key}"
        if data is None:
            return self._s.get(f"{url}?ms={ms}", timeout=5).json()["value"]
        return self._s.put(url, data=data, timeout=5).json()["version"]


def descriptor_returns_role_clients(web: str) -> list[Any]:
    with requests.Session() as s:
        svc = Service(s, web)
        a = svc.reader("x", 150)
        b = svc.reader("y", 30)
        v = svc.writer("x", data=a + b)
        c = svc.reader("x", 40)
        d = svc.writer("x", 40)
        return [a, b, v, c, d]


class Pool:
    sessions: list[Any] = []
    _rot: Any = None

    @property
    def next_session(self) -> Any:
        if Pool._rot is None:
            Pool._rot = itertools.cycle(range(len(Pool.sessions)))
        i = next(Pool._rot)
        print("using session", i)
        return Pool.sessions[i]


def _reset_pool(env: Env) -> None:
    Pool.sessions = []
    Pool._rot = None


def property_rotates_sessions(web: str) -> list[str]:
    s1, s2 = requests.Session(), requests.Session()
    Pool.sessions = [s1, s2]
    Pool._rot = None
    pool = Pool()
    try:
        out = []
        for k, ms in (("p1", 150), ("p2", 30), ("p3", 90), ("p4", 40)):
            out.append(pool.next_session.get(f"{web}/items/{k}?ms={ms}",
                                             timeout=5).json()["value"])
        return out
    finally:
        s1.close()
        s2.close()
        Pool.sessions = []


class Api:
    """A class-level singleton client the app swaps (a tenant, a region)."""

    client: Any = None
    prefix = "eu"

    @classmethod
    def get(cls, key: str, ms: int) -> str:
        return cls.client.get(f"/items/{cls.prefix}-{key}?ms={ms}").json()["value"]

    @classmethod
    def put(cls, key: str, value: str) -> int:
        return cls.client.put(f"/items/{cls.prefix}-{key}", content=value).json()["version"]


def _reset_api(env: Env) -> None:
    Api.client = None
    Api.prefix = "eu"


def class_singleton_swapped_midway(web: str) -> list[Any]:
    with httpx.Client(base_url=web, timeout=5) as c:
        Api.client = c
        Api.prefix = "eu"
        out = [Api.get("cfg", 150)]
        Api.put("cfg", "moved")
        Api.prefix = "us"
        out.append(Api.get("cfg", 30))
        Api.prefix = "eu"
        out.append(Api.get("cfg", 40))
        Api.client = None
        return out


def class_singleton_replaced_by_proxy(web: str) -> list[Any]:
    with httpx.Client(base_url=web, timeout=5) as c:
        Api.client = c
        Api.prefix = "ap"
        out = [Api.get("a", 150)]
        Api.client = LoggingProxy(c, "swapped")
        out.append(Api.get("b", 30))
        out.append(Api.get("c", 80))
        Api.client = None
        return out


def drive_singleton_swapped_between_calls(f: Any, env: Env) -> list[Any]:
    out = []
    with httpx.Client(base_url=env.web, timeout=5) as c:
        Api.client = c
        Api.prefix = "one"
        out.append(f())
        Api.prefix = "two"
        out.append(f())
        Api.client = RecordingProxy(c)
        out.append(f())
        out.append(Api.client.history)
        Api.client = None
    return out


def singleton_pair() -> list[str]:
    a = Api.get("s1", 150)
    b = Api.get("s2", 30)
    print(Api.prefix, a, b)
    return [a, b]


# =========================================================================== context-managed wrappers


class SessionScope:
    """Opens a session on `__enter__`, closes it on `__exit__`, printing how many calls."""

    opened = 0

    def __init__(self, web: str) -> None:
        self.web = web
        self.calls = 0
        self.session: Any = None

    def __enter__(self) -> SessionScope:
        SessionScope.opened += 1
        self.session = requests.Session()
        print("open", SessionScope.opened)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.session.close()
        print("close after", self.calls, "calls", "error" if exc[0] else "ok")

    def get(self, key: str, ms: int) -> str:
        self.calls += 1
        return self.session.get(f"{self.web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _reset_scope(env: Env) -> None:
    SessionScope.opened = 0


def scope_enter_exit_prints_between_blocks(web: str) -> list[str]:
    out = []
    with SessionScope(web) as a:
        out.append(a.get("e1", 150))
        out.append(a.get("e2", 30))
    with SessionScope(web) as b:
        out.append(b.get(f"e{SessionScope.opened}", 80))
    return out


def scope_exit_on_error_then_next(web: str) -> list[str]:
    out = []
    try:
        with SessionScope(web) as a:
            out.append(a.get("ok1", 150))
            out.append(a.get("missing-x", 30))
            raise KeyError(out[-1])
    except KeyError as e:
        out.append(f"caught {e}")
    with SessionScope(web) as b:
        out.append(b.get("ok2", 40))
    return out


class AuditedScope:
    """`__exit__` PUTs a summary of the block's reads."""

    def __init__(self, web: str, name: str) -> None:
        self.web = web
        self.name = name
        self.read: list[str] = []

    def __enter__(self) -> AuditedScope:
        self.client = httpx.Client(base_url=self.web, timeout=5)
        return self

    def get(self, key: str, ms: int) -> str:
        v = self.client.get(f"/items/{key}?ms={ms}").json()["value"]
        self.read.append(key)
        return v

    def __exit__(self, *exc: Any) -> bool:
        self.client.put(f"/items/summary-{self.name}", content=",".join(self.read))
        self.client.close()
        return False


def scope_exit_puts_summary_next_reads_it(web: str) -> list[str]:
    with AuditedScope(web, "one") as s:
        a = s.get("x", 150)
        b = s.get("y", 30)
    with AuditedScope(web, "two") as t:
        c = t.get("summary-one", 40)
        d = t.get("z", 80)
    return [a, b, c, d]


class Suppressing:
    def __init__(self, session: Any) -> None:
        self.s = session
        self.suppressed: list[str] = []

    def __enter__(self) -> Any:
        return self.s

    def __exit__(self, et: Any, ev: Any, tb: Any) -> bool:
        if et is not None and issubclass(et, requests.HTTPError):
            self.suppressed.append(str(ev.response.status_code))
            print("suppressed", ev.response.status_code)
            return True
        return False


def suppressing_wrapper_skips_rest_of_block(web: str) -> list[Any]:
    out: list[Any] = []
    with requests.Session() as s:
        guard = Suppressing(s)
        for key, ms in (("missing-g1", 150), ("g2", 30), ("missing-g3", 90)):
            with guard as c:
                r = c.get(f"{web}/items/{key}?ms={ms}", timeout=5)
                r.raise_for_status()
                out.append(r.json()["value"])
            print("after", key)
        out.append(guard.suppressed)
    return out


# =========================================================================== library hooks


def requests_response_hook_prints(web: str) -> list[str]:
    def hook(r: requests.Response, *a: Any, **kw: Any) -> None:
        print("hook", r.status_code, r.url.split("/items/")[-1])

    with requests.Session() as s:
        s.hooks["response"].append(hook)
        return [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("h1", 150), ("h2", 30), ("h3", 80))]


def requests_hook_counter_names_next_key(web: str) -> list[str]:
    seen: list[str] = []
    with requests.Session() as s:
        s.hooks["response"].append(lambda r, *a, **kw: seen.append(r.url.rsplit("/", 1)[-1]))
        out = [s.get(f"{web}/items/k0?ms=150", timeout=5).json()["value"]]
        out.append(s.get(f"{web}/items/k{len(seen)}?ms=30", timeout=5).json()["value"])
        s.put(f"{web}/items/k{len(seen)}", data="written", timeout=5)
        out.append(s.get(f"{web}/items/k{len(seen) - 1}?ms=40", timeout=5).json()["value"])
    out.append(str(seen))
    return out


def per_request_hook_kwarg(web: str) -> list[str]:
    with requests.Session() as s:
        out = []
        for k, ms in (("q1", 150), ("q2", 30)):
            r = s.get(f"{web}/items/{k}?ms={ms}", timeout=5,
                      hooks={"response": lambda r, *a, **kw: print("got", r.json()["key"])})
            out.append(r.json()["value"])
        return out


def httpx_event_hooks_print_paths(web: str) -> list[str]:
    def on_request(req: httpx.Request) -> None:
        print(">>", req.method, req.url.path)

    def on_response(resp: httpx.Response) -> None:
        print("<<", resp.status_code, resp.request.url.path)

    with httpx.Client(base_url=web, timeout=5,
                      event_hooks={"request": [on_request], "response": [on_response]}) as c:
        out = [c.get(f"/items/{k}", params={"ms": ms}).json()["value"]
               for k, ms in (("ev1", 150), ("ev2", 30), ("ev3", 90))]
        c.put("/items/ev1", content="x")
        return out


def httpx_hook_count_decides_branch(web: str) -> list[str]:
    count = {"n": 0}

    def bump(resp: httpx.Response) -> None:
        count["n"] += 1

    with httpx.Client(base_url=web, timeout=5, event_hooks={"response": [bump]}) as c:
        out = [c.get("/items/b1?ms=150").json()["value"], c.get("/items/b2?ms=30").json()["value"]]
        if count["n"] == 2:
            out.append(c.put("/items/b-two", content="two").text)
        else:
            out.append(c.put("/items/b-other", content="other").text)
        out.append(str(count["n"]))
        return out


def httpx_hook_raise_for_status(web: str) -> list[str]:
    def check(resp: httpx.Response) -> None:
        resp.raise_for_status()

    out = []
    with httpx.Client(base_url=web, timeout=5, event_hooks={"response": [check]}) as c:
        for k, ms in (("hr1", 150), ("missing-hr2", 30), ("hr3", 40)):
            try:
                out.append(c.get(f"/items/{k}?ms={ms}").json()["value"])
            except httpx.HTTPStatusError as e:
                out.append(f"status {e.response.status_code}")
                print("error for", k)
    return out


class PrintingTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        print("send", self.sent, request.method, request.url.path)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def httpx_custom_transport_prints(web: str) -> list[Any]:
    t = PrintingTransport()
    with httpx.Client(base_url=web, timeout=5, transport=t) as c:
        out = [c.get(f"/items/{k}?ms={ms}").json()["value"]
               for k, ms in (("tr1", 150), ("tr2", 30), ("tr3", 80))]
        out.append(c.get(f"/items/tr{t.sent}?ms=40").json()["value"])
    return out


class LoggingAdapter(HTTPAdapter):
    def send(self, request: Any, **kw: Any) -> Any:  # type: ignore[override]
        print("adapter", request.method, request.path_url)
        resp = super().send(request, **kw)
        print("adapter done", resp.status_code)
        return resp


def requests_adapter_subclass_logs(web: str) -> list[str]:
    with requests.Session() as s:
        s.mount("http://", LoggingAdapter())
        out = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
               for k, ms in (("ad1", 150), ("ad2", 30), ("ad3", 80))]
        s.put(f"{web}/items/ad1", data="z", timeout=5)
        return out


class AuditedSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.trail: list[str] = []

    def request(self, method: str, url: str, *a: Any, **kw: Any) -> Any:  # type: ignore[override]
        self.trail.append(f"{method} {url.split('/items/')[-1]}")
        print("request", len(self.trail), method)
        return super().request(method, url, *a, **kw)


def session_subclass_request_override(web: str) -> list[Any]:
    with AuditedSession() as s:
        out = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
               for k, ms in (("as1", 150), ("as2", 30), ("as3", 90))]
        s.put(f"{web}/items/trail", data=";".join(s.trail), timeout=5)
        out.append(s.get(f"{web}/items/trail?ms=30", timeout=5).json()["value"])
        return out


# =========================================================================== SDK wrappers


class Completions:
    """Proxies `client.chat.completions` and prints each call and its usage."""

    def __init__(self, inner: Any, totals: dict[str, int]) -> None:
        self._inner = inner
        self._totals = totals

    def create(self, **kw: Any) -> Any:
        print("chat", kw["messages"][-1]["content"][:24])
        r = self._inner.create(**kw)
        self._totals["tokens"] += r.usage.total_tokens
        self._totals["calls"] += 1
        return r

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._inner, attr)


class ChatProxy:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.totals = {"tokens": 0, "calls": 0}
        self.completions = Completions(inner.completions, self.totals)


class OpenAIProxy:
    def __init__(self, client: Any) -> None:
        self._client = client
        self.chat = ChatProxy(client.chat)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._client, attr)


def openai_nested_proxy_prints_usage(client: Any) -> dict[str, Any]:
    p = OpenAIProxy(client)
    answers = []
    for q, lat in (("Define entropy", 0.15), ("Define enthalpy", 0.03), ("Define work", 0.08)):
        r = p.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                      extra_body={"latency": lat})
        answers.append(r.choices[0].message.content)
    return {"answers": answers, "totals": p.chat.totals}


def openai_proxy_tokens_shape_next_prompt(client: Any) -> list[str]:
    p = OpenAIProxy(client)
    out = []
    for lat in (0.15, 0.03, 0.06):
        prompt = f"So far {p.chat.totals['tokens']} tokens. Continue."
        r = p.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                      extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def openai_partials_in_dict(client: Any) -> dict[str, str]:
    create = client.chat.completions.create
    models = {
        "slow": functools.partial(create, model="gpt", extra_body={"latency": 0.15}),
        "fast": functools.partial(create, model="gpt", extra_body={"latency": 0.03}),
        "mid": functools.partial(create, model="gpt", extra_body={"latency": 0.08}),
    }
    out = {}
    for name, call in models.items():
        r = call(messages=[{"role": "user", "content": f"say {name}"}])
        out[name] = r.choices[0].message.content
        print(name, len(out[name]))
    return out


class ModelFn:
    """A `__call__` object over the anthropic client that keeps the transcript."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.transcript: list[dict[str, str]] = []

    def __call__(self, text: str, lat: float) -> str:
        self.transcript.append({"role": "user", "content": text})
        m = self.client.messages.create(model="claude", max_tokens=64,
                                        messages=self.transcript, extra_body={"latency": lat})
        reply = m.content[0].text
        self.transcript.append({"role": "assistant", "content": reply})
        print("turn", len(self.transcript) // 2)
        return reply


def anthropic_callable_transcript(client: Any) -> list[Any]:
    ask = ModelFn(client)
    a = ask("Name a colour", 0.15)
    b = ask("Another one", 0.03)
    return [a, b, len(ask.transcript)]


def anthropic_callable_independent_instances(client: Any) -> list[str]:
    """Two callables, each with its own transcript: their calls could overlap."""
    x, y = ModelFn(client), ModelFn(client)
    return [x("Topic one", 0.15), y("Topic two", 0.03)]


def openai_http_client_event_hooks(env_api: str) -> list[str]:
    paths: list[str] = []

    def on_request(req: httpx.Request) -> None:
        paths.append(req.url.path)
        print("openai ->", req.url.path)

    http = httpx.Client(event_hooks={"request": [on_request]})
    with openai.OpenAI(api_key=DUMMY_KEY, base_url=env_api, max_retries=0,
                       http_client=http) as client:
        out = []
        for q, lat in (("first", 0.15), ("second", 0.03)):
            r = client.chat.completions.create(model="gpt",
                                               messages=[{"role": "user", "content": q}],
                                               extra_body={"latency": lat})
            out.append(r.choices[0].message.content)
        out.append(str(len(paths)))
        return out


def openai_proxy_and_web_audit(client: Any, web: str) -> list[Any]:
    """A wrapper that PUTs each answer to an audit store after the call returns."""
    def audited(prompt: str, lat: float, n: int) -> str:
        r = client.chat.completions.create(model="gpt",
                                           messages=[{"role": "user", "content": prompt}],
                                           extra_body={"latency": lat})
        text = r.choices[0].message.content
        requests.put(f"{web}/items/answer-{n}", data=text[:20], timeout=5)
        return text

    a = audited("Slow question", 0.15, 1)
    b = audited("Fast question", 0.03, 2)
    listing = requests.get(f"{web}/items", timeout=5).json()
    return [a, b, listing]


# =========================================================================== async proxies


class AsyncLoggingProxy:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._c = client
        self.log: list[str] = []

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self._c, attr)

        async def call(url: str, **kw: Any) -> Any:
            print("async", attr, url)
            r = await fn(url, **kw)
            self.log.append(f"{attr}:{r.status_code}")
            return r
        return call


async def async_proxy_sequential_awaits(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        p = AsyncLoggingProxy(c)
        a = (await p.get("/items/aa?ms=150")).json()["value"]
        b = (await p.get("/items/ab?ms=30")).json()["value"]
        await p.put("/items/aa", content=a + b)
        c2 = (await p.get("/items/aa?ms=40")).json()["value"]
        return [a, b, c2, p.log]


async def async_proxy_gather_spaced(web: str) -> list[Any]:
    async with httpx.AsyncClient(base_url=web, timeout=5) as c:
        p = AsyncLoggingProxy(c)
        rs = await asyncio.gather(p.get("/items/g1?ms=250"), p.get("/items/g2?ms=30"),
                                  p.get("/items/g3?ms=130"))
        return [[r.json()["value"] for r in rs], p.log]


def _drive_async_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


# =========================================================================== more shapes


class JsonStore:
    """A thin delegating facade: `store["k"]` GETs, `store["k"] = v` PUTs."""

    def __init__(self, session: Any, web: str, ms: int) -> None:
        self._s = session
        self._web = web
        self.ms = ms

    def __getitem__(self, key: str) -> str:
        return self._s.get(f"{self._web}/items/{key}?ms={self.ms}", timeout=5).json()["value"]

    def __setitem__(self, key: str, value: str) -> None:
        self._s.put(f"{self._web}/items/{key}", data=value, timeout=5)


def mapping_facade_get_set_items(web: str) -> list[str]:
    with requests.Session() as s:
        slow, fast = JsonStore(s, web, 150), JsonStore(s, web, 30)
        a = slow["m1"]
        b = fast["m2"]
        fast["m1"] = a + "/" + b
        return [a, b, slow["m1"], fast["m3"]]


def file_audit_proxy(web: str, tmp: str) -> list[str]:
    """A wrapper appending each call to a log file; the file is read back mid-way."""
    path = Path(tmp) / "calls.log"

    def logged_get(session: Any, key: str, ms: int) -> str:
        v = session.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        with path.open("a") as fh:
            fh.write(f"{key} {v}\n")
        return v

    with requests.Session() as s:
        out = [logged_get(s, "fa", 150), logged_get(s, "fb", 30)]
        lines = path.read_text().splitlines()
        out.append(logged_get(s, f"line{len(lines)}", 40))
    return out


def proxy_list_of_clients_failover(web: str) -> list[str]:
    """Tries clients in order: a read-only proxy first refuses the write."""
    with requests.Session() as s:
        clients = [ReadOnlyProxy(s), LoggingProxy(s, "rw")]
        out = [clients[0].get(f"{web}/items/fo?ms=150", timeout=5).json()["value"]]
        for c in clients:
            try:
                c.put(f"{web}/items/fo", data="fresh", timeout=5)
                out.append(type(c).__name__)
                break
            except PermissionError:
                print("fallback from", type(c).__name__)
        out.append(clients[0].get(f"{web}/items/fo?ms=30", timeout=5).json()["value"])
        return out


def getattr_proxy_repr_in_print(web: str) -> list[str]:
    class Named:
        def __init__(self, inner: Any, label: str) -> None:
            self._inner = inner
            self.label = label
            self.n = 0

        def __getattr__(self, attr: str) -> Any:
            self.n += 1
            return getattr(self._inner, attr)

        def __repr__(self) -> str:
            return f"<{self.label} used {self.n}>"

    with requests.Session() as s:
        p = Named(s, "main")
        a = p.get(f"{web}/items/n1?ms=150", timeout=5).json()["value"]
        print(p)
        b = p.get(f"{web}/items/n2?ms=30", timeout=5).json()["value"]
        print(p)
        return [a, b, repr(p)]


def partial_method_of_proxy(web: str) -> list[str]:
    with requests.Session() as s:
        p = RecordingProxy(s)
        get = functools.partial(p.get, timeout=5)
        out = [get(f"{web}/items/pm{i}?ms={ms}").json()["value"]
               for i, ms in enumerate((150, 30, 90))]
        out.append(json.dumps(p.history))
        return out


def proxy_exception_translated(web: str) -> list[str]:
    class Translating:
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def __getattr__(self, attr: str) -> Any:
            fn = getattr(self._inner, attr)

            def call(*a: Any, **kw: Any) -> Any:
                r = fn(*a, **kw)
                if r.status_code >= 400:
                    raise LookupError(f"{attr} failed with {r.status_code}")
                return r
            return call

    out = []
    with requests.Session() as s:
        t = Translating(s)
        for k, ms in (("tx1", 150), ("missing-tx2", 30), ("tx3", 90)):
            try:
                out.append(t.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
            except LookupError as e:
                print("lookup:", e)
                out.append("none")
    return out


# =========================================================================== library internals patched


class StatusRetry(Retry):
    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        print("retry check", method, status_code)
        return super().is_retry(method, status_code, has_retry_after)


def retry_subclass_prints_status(web: str) -> list[int]:
    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=StatusRetry(total=2, status_forcelist=[503])))
        return [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).status_code
                for k, ms in (("rt1", 150), ("missing-rt2", 30), ("rt3", 80))]


def adapter_send_instance_patched(web: str) -> list[str]:
    with requests.Session() as s:
        adapter = s.get_adapter(web)
        real_send = adapter.send

        def send(request: Any, **kw: Any) -> Any:
            r = real_send(request, **kw)
            print("sent", request.path_url, r.status_code)
            return r
        adapter.send = send
        return [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("as1", 150), ("as2", 30), ("as3", 80))]


def httpx_transport_instance_patched(web: str) -> list[str]:
    with httpx.Client(base_url=web, timeout=5) as c:
        real = c._transport.handle_request

        def handle(request: httpx.Request) -> httpx.Response:
            r = real(request)
            print("transport", request.url.path, r.status_code)
            return r
        c._transport.handle_request = handle
        return [c.get(f"/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("ht1", 150), ("ht2", 30), ("ht3", 80))]


def adapter_class_send_patched(web: str) -> list[str]:
    real = HTTPAdapter.send

    def send(self: HTTPAdapter, request: Any, **kw: Any) -> Any:
        r = real(self, request, **kw)
        print("class send", request.path_url)
        return r
    HTTPAdapter.send = send
    try:
        with requests.Session() as s:
            return [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                    for k, ms in (("cs1", 150), ("cs2", 30), ("cs3", 80))]
    finally:
        HTTPAdapter.send = real


def session_class_request_patched(web: str) -> list[str]:
    real = requests.Session.request

    def request(self: Any, method: str, url: str, **kw: Any) -> Any:
        r = real(self, method, url, **kw)
        print("session request", method, url.split("/items/")[-1])
        return r
    requests.Session.request = request
    try:
        with requests.Session() as s:
            return [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                    for k, ms in (("sr1", 150), ("sr2", 30), ("sr3", 80))]
    finally:
        requests.Session.request = real


def httpx_transport_class_patched(web: str) -> list[str]:
    real = httpx.HTTPTransport.handle_request

    def handle(self: Any, request: httpx.Request) -> httpx.Response:
        r = real(self, request)
        print("class transport", request.url.path)
        return r
    httpx.HTTPTransport.handle_request = handle
    try:
        with httpx.Client(base_url=web, timeout=5) as c:
            return [c.get(f"/items/{k}?ms={ms}").json()["value"]
                    for k, ms in (("hc1", 150), ("hc2", 30), ("hc3", 80))]
    finally:
        httpx.HTTPTransport.handle_request = real


def openai_class_create_instrumented(client: Any) -> list[str]:
    from openai.resources.chat.completions import Completions
    real = Completions.create

    def create(self: Any, **kw: Any) -> Any:
        r = real(self, **kw)
        print("instrumented", kw["messages"][0]["content"], r.usage.total_tokens)
        return r
    Completions.create = create
    try:
        out = []
        for q, lat in (("one", 0.15), ("two", 0.03), ("three", 0.08)):
            r = client.chat.completions.create(model="gpt",
                                               messages=[{"role": "user", "content": q}],
                                               extra_body={"latency": lat})
            out.append(r.choices[0].message.content)
        return out
    finally:
        Completions.create = real


def openai_inner_transport_patched(client: Any) -> list[str]:
    t = client._client._transport
    real = t.handle_request

    def handle(request: httpx.Request) -> httpx.Response:
        r = real(request)
        print("openai transport", request.url.path, len(request.content))
        return r
    t.handle_request = handle
    out = []
    for q, lat in (("one", 0.15), ("two...", 0.03), ("three", 0.08)):
        r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def anthropic_inner_transport_patched(client: Any) -> list[str]:
    t = client._client._transport
    real = t.handle_request

    def handle(request: httpx.Request) -> httpx.Response:
        r = real(request)
        print("anthropic transport", len(request.content))
        return r
    t.handle_request = handle
    out = []
    for q, lat in (("one", 0.15), ("two...", 0.03)):
        m = client.messages.create(model="claude", max_tokens=32,
                                   messages=[{"role": "user", "content": q}],
                                   extra_body={"latency": lat})
        out.append(m.content[0].text)
    return out


def urllib3_logger_filter_records_calls(web: str) -> list[Any]:
    calls: list[str] = []
    log = logging.getLogger("urllib3.connectionpool")
    old = log.level

    def note(record: logging.LogRecord) -> bool:
        if len(record.args) >= 6:
            calls.append(f"{record.args[3]} {record.args[4]} {record.args[6]}")
        return False
    log.setLevel(logging.DEBUG)
    log.addFilter(note)
    try:
        with requests.Session() as s:
            vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).status_code
                    for k, ms in (("lf1", 150), ("lf2", 30), ("lf3", 80))]
        return [vals, calls]
    finally:
        log.removeFilter(note)
        log.setLevel(old)




# instrumentation installed before the call (an APM or a tracing library patches the class)


TRACE: dict[str, Any] = {"n": 0, "spans": []}


def _install_tracing() -> Any:
    real = requests.Session.request

    @functools.wraps(real)
    def traced(self: Any, method: str, url: str, **kw: Any) -> Any:
        r = real(self, method, url, **kw)
        TRACE["n"] += 1
        TRACE["spans"].append(f"{method} {url.split('/items/')[-1]} {r.status_code}")
        return r
    requests.Session.request = traced
    return real


def _reset_trace(env: Env) -> None:
    TRACE["n"] = 0
    TRACE["spans"] = []


def drive_with_tracing_installed(f: Any, env: Env) -> Any:
    real = _install_tracing()
    try:
        return f(env.web)
    finally:
        requests.Session.request = real


def traced_reads_report_spans(web: str) -> list[Any]:
    """No patch in sight: the spans the tracer recorded are part of the result."""
    with requests.Session() as s:
        vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("tr1", 150), ("tr2", 30), ("tr3", 80))]
    return [vals, list(TRACE["spans"])]


def traced_counter_names_next_key(web: str) -> list[str]:
    """The tracer's counter names the third read's key."""
    with requests.Session() as s:
        a = s.get(f"{web}/items/first?ms=150", timeout=5).json()["value"]
        b = s.get(f"{web}/items/second?ms=30", timeout=5).json()["value"]
        c = s.get(f"{web}/items/after-{TRACE['n']}?ms=40", timeout=5).json()["value"]
    return [a, b, c]


def class_patch_counter_names_next_key(web: str) -> list[str]:
    count = [0]
    real = HTTPAdapter.send

    def send(self: HTTPAdapter, request: Any, **kw: Any) -> Any:
        r = real(self, request, **kw)
        count[0] += 1
        return r
    HTTPAdapter.send = send
    try:
        with requests.Session() as s:
            a = s.get(f"{web}/items/c-a?ms=150", timeout=5).json()["value"]
            b = s.get(f"{web}/items/c-b?ms=30", timeout=5).json()["value"]
            c = s.get(f"{web}/items/c-{count[0]}?ms=40", timeout=5).json()["value"]
            return [a, b, c]
    finally:
        HTTPAdapter.send = real


def anthropic_class_create_instrumented(client: Any) -> list[str]:
    from anthropic.resources.messages import Messages
    real = Messages.create

    def create(self: Any, **kw: Any) -> Any:
        m = real(self, **kw)
        print("span", kw["messages"][0]["content"], m.usage.output_tokens)
        return m
    Messages.create = create
    try:
        out = []
        for q, lat in (("alpha", 0.15), ("beta gamma", 0.03)):
            m = client.messages.create(model="claude", max_tokens=32,
                                       messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
            out.append(m.content[0].text)
        return out
    finally:
        Messages.create = real


def httpx_client_class_send_patched(web: str) -> list[str]:
    real = httpx.Client.send

    def send(self: Any, request: httpx.Request, **kw: Any) -> httpx.Response:
        r = real(self, request, **kw)
        print("client.send", request.url.path, r.status_code)
        return r
    httpx.Client.send = send
    try:
        with httpx.Client(base_url=web, timeout=5) as c:
            return [c.get(f"/items/{k}?ms={ms}").json()["value"]
                    for k, ms in (("cx1", 150), ("cx2", 30), ("cx3", 80))]
    finally:
        httpx.Client.send = real


def requests_api_request_patched(web: str) -> list[str]:
    import requests.api
    real = requests.api.request

    def request(method: str, url: str, **kw: Any) -> Any:
        r = real(method, url, **kw)
        print("api", method, url.split("/items/")[-1])
        return r
    requests.api.request = request
    try:
        return [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("ap1", 150), ("ap2", 30), ("ap3", 80))]
    finally:
        requests.api.request = real


def create_connection_patched_counts(web: str) -> list[Any]:
    """urllib3's connect wrapped (a socket-level tracer): how many connections were made."""
    import urllib3.util.connection as u3conn
    real = u3conn.create_connection
    made: list[str] = []

    def create_connection(address: Any, *a: Any, **kw: Any) -> Any:
        made.append("connect")
        return real(address, *a, **kw)
    u3conn.create_connection = create_connection
    try:
        with requests.Session() as s:
            vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                    for k, ms in (("cc1", 150), ("cc2", 30), ("cc3", 80))]
        return [vals, len(made)]
    finally:
        u3conn.create_connection = real


def pool_connection_count_read(web: str) -> list[Any]:
    """A health report reads how many connections httpx's pool holds after the reads."""
    with httpx.Client(base_url=web, timeout=5) as c:
        vals = [c.get(f"/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("pc1", 150), ("pc2", 30), ("pc3", 80))]
        return [vals, len(c._transport._pool.connections)]


async def async_transport_class_patched(web: str) -> list[str]:
    real = httpx.AsyncHTTPTransport.handle_async_request

    async def handle(self: Any, request: httpx.Request) -> httpx.Response:
        r = await real(self, request)
        print("async transport", request.url.path)
        return r
    httpx.AsyncHTTPTransport.handle_async_request = handle
    try:
        async with httpx.AsyncClient(base_url=web, timeout=5) as c:
            a = (await c.get("/items/at1?ms=150")).json()["value"]
            b = (await c.get("/items/at2?ms=30")).json()["value"]
            d = (await c.get("/items/at3?ms=80")).json()["value"]
            return [a, b, d]
    finally:
        httpx.AsyncHTTPTransport.handle_async_request = real


def retry_subclass_counter_names_next(web: str) -> list[Any]:
    """A Retry subclass that counts the responses it saw; the count names the next key."""
    seen: list[int] = []

    class Counting(Retry):
        def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
            seen.append(status_code)
            return super().is_retry(method, status_code, has_retry_after)

    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=Counting(total=1, status_forcelist=[503])))
        a = s.get(f"{web}/items/rc-a?ms=150", timeout=5).json()["value"]
        b = s.get(f"{web}/items/rc-b?ms=30", timeout=5).json()["value"]
        c = s.get(f"{web}/items/rc-{len(seen)}?ms=40", timeout=5).json()["value"]
        return [a, b, c, seen]


def plain_retry_object_on_adapter(web: str) -> list[str]:
    """Control: urllib3's own Retry on requests' own adapter runs none of the user's code."""
    with requests.Session() as s:
        s.mount("http://", HTTPAdapter(max_retries=Retry(total=2, status_forcelist=[503])))
        vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("pr1", 150), ("pr2", 30), ("pr3", 80))]
        print(vals)
        return vals


def httpx_own_transport_with_retries(web: str) -> list[str]:
    """Control: httpx's own transport given as `transport=`, with connect retries."""
    with httpx.Client(base_url=web, timeout=5, transport=httpx.HTTPTransport(retries=1)) as c:
        vals = [c.get(f"/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("ot1", 150), ("ot2", 30), ("ot3", 80))]
        print(vals)
        return vals


def response_json_class_patched(web: str) -> list[Any]:
    """`requests.Response.json` wrapped on the class to print what it parsed."""
    real = requests.Response.json

    def json_(self: requests.Response, **kw: Any) -> Any:
        data = real(self, **kw)
        print("parsed", data.get("key"))
        return data
    requests.Response.json = json_
    try:
        with requests.Session() as s:
            return [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                    for k, ms in (("rj1", 150), ("rj2", 30), ("rj3", 80))]
    finally:
        requests.Response.json = real


def patch_restored_then_reads(web: str) -> list[str]:
    """A patched stretch (two reads through a printing `send`), restored, then plain reads."""
    real = HTTPAdapter.send

    def send(self: HTTPAdapter, request: Any, **kw: Any) -> Any:
        r = real(self, request, **kw)
        print("patched send", request.path_url)
        return r
    out = []
    with requests.Session() as s:
        HTTPAdapter.send = send
        try:
            for k, ms in (("pa1", 150), ("pa2", 30)):
                out.append(s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
        finally:
            HTTPAdapter.send = real
        print("restored")
        for k, ms in (("pb1", 120), ("pb2", 30)):
            out.append(s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
    return out


def mock_patch_object_wraps_request(web: str) -> list[Any]:
    """`unittest.mock.patch.object(..., wraps=...)` spies on Session.request; the spy's
    call list is read after the reads."""
    from unittest import mock

    with requests.Session() as s:
        with mock.patch.object(s, "request", wraps=s.request) as spy:
            vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                    for k, ms in (("mk1", 150), ("mk2", 30), ("mk3", 80))]
        urls = [c.args[1].split("/items/")[-1] for c in spy.call_args_list]
    return [vals, urls]


def mock_patch_class_send_side_effect(web: str) -> list[Any]:
    """`mock.patch.object(HTTPAdapter, "send", autospec=True, side_effect=...)`: the real
    send runs inside a side effect that records each path."""
    from unittest import mock

    real = HTTPAdapter.send
    seen: list[str] = []

    def through(self: HTTPAdapter, request: Any, **kw: Any) -> Any:
        r = real(self, request, **kw)
        seen.append(request.path_url)
        return r

    with (mock.patch.object(HTTPAdapter, "send", autospec=True, side_effect=through),
          requests.Session() as s):
        vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
                for k, ms in (("ms1", 150), ("ms2", 30), ("ms3", 80))]
    return [vals, seen]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def api_url(env: Env) -> tuple:
    return (env.openai_url,)


def _web(fn: Any, ideal: float = 1.0, cat: str = "clients", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


R3 = over(0.15, 0.03, 0.08)
R3b = over(0.15, 0.03, 0.09)

CASES: list[Case] = [
    _web(logging_proxy_session_prints, R3),
    _web(audit_proxy_puts_record_each_get),
    _web(audit_counter_names_next_read),
    _web(recording_proxy_history_names_key),
    _web(recording_proxy_reads_only_overlap, R3b),
    _web(readonly_proxy_refuses_post_caught),
    _web(readonly_proxy_refusal_uncaught, speculative_reads=True),
    _web(retry_proxy_falls_back_on_404),
    _web(budget_proxy_stops_fourth_call, cat="validation"),
    _web(httpx_counting_proxy_counter_in_key),
    _web(two_layer_proxy_logging_over_retry),
    _web(getattr_binds_on_first_use),
    _web(dynamic_fetch_attributes),
    _web(logger_proxy_records_each_call),
    _web(setattr_proxy_params_between_reads),
    _web(partials_in_dict_dispatch, cat="helpers"),
    _web(partial_base_url_reads, R3b, cat="helpers"),
    _web(wraps_printing_wrapper_of_bound_get, R3, cat="helpers"),
    _web(wrapper_dict_by_verb_mixed_ops, cat="helpers"),
    _web(bound_methods_as_attributes, cat="rebind"),
    _web(bound_attribute_rebound_midway, cat="rebind"),
    _web(methodtype_patch_session_instance, cat="rebind"),
    _web(methodtype_bound_to_tally_object, cat="rebind"),
    _web(callable_object_counts_and_prints, cat="helpers"),
    _web(callable_writer_version_names_next, cat="helpers"),
    _web(descriptor_returns_role_clients, cat="clients"),
    _web(property_rotates_sessions, cat="clients", setup=_reset_pool),
    _web(class_singleton_swapped_midway, cat="state", setup=_reset_api),
    _web(class_singleton_replaced_by_proxy, cat="state", setup=_reset_api),
    Case("state", singleton_pair, drive=drive_singleton_swapped_between_calls,
         servers="web", setup=_reset_api),
    _web(scope_enter_exit_prints_between_blocks, setup=_reset_scope),
    _web(scope_exit_on_error_then_next, setup=_reset_scope, cat="validation"),
    _web(scope_exit_puts_summary_next_reads_it),
    _web(suppressing_wrapper_skips_rest_of_block, cat="validation"),
    _web(requests_response_hook_prints, R3, cat="http"),
    _web(requests_hook_counter_names_next_key, cat="http"),
    _web(per_request_hook_kwarg, cat="http"),
    _web(httpx_event_hooks_print_paths, R3b, cat="http"),
    _web(httpx_hook_count_decides_branch, cat="http"),
    _web(httpx_hook_raise_for_status, cat="http"),
    _web(httpx_custom_transport_prints, cat="http"),
    _web(requests_adapter_subclass_logs, cat="http"),
    _web(session_subclass_request_override, cat="http"),
    _sdk(openai_nested_proxy_prints_usage, R3),
    _sdk(openai_proxy_tokens_shape_next_prompt),
    _sdk(openai_partials_in_dict, R3),
    _sdk(anthropic_callable_transcript, args=an_args),
    _sdk(anthropic_callable_independent_instances, over(0.15, 0.03), args=an_args),
    _sdk(openai_http_client_event_hooks, args=api_url),
    Case("sdk", openai_proxy_and_web_audit, args=oa_web, servers="web api"),
    Case("clients", async_proxy_sequential_awaits, drive=_drive_async_web, servers="web"),
    Case("fanout", async_proxy_gather_spaced, drive=_drive_async_web, servers="web",
         ideal=over(0.25, 0.03, 0.13)),
    _web(mapping_facade_get_set_items),
    Case("files", file_audit_proxy, args=web_tmp, servers="web"),
    _web(proxy_list_of_clients_failover),
    _web(getattr_proxy_repr_in_print),
    _web(partial_method_of_proxy, R3b, cat="helpers"),
    _web(proxy_exception_translated, cat="validation"),
]

CASES += [
    _web(retry_subclass_prints_status, cat="http"),
    _web(adapter_send_instance_patched, cat="http"),
    _web(httpx_transport_instance_patched, cat="http"),
    _web(adapter_class_send_patched, cat="rebind"),
    _web(session_class_request_patched, cat="rebind"),
    _web(httpx_transport_class_patched, cat="rebind"),
    _sdk(openai_class_create_instrumented, cat="rebind"),
    _sdk(openai_inner_transport_patched),
    _sdk(anthropic_inner_transport_patched, args=an_args),
    _web(urllib3_logger_filter_records_calls, cat="http"),
    Case("rebind", traced_reads_report_spans, drive=drive_with_tracing_installed,
         servers="web", setup=_reset_trace),
    Case("rebind", traced_counter_names_next_key, drive=drive_with_tracing_installed,
         servers="web", setup=_reset_trace),
    _web(class_patch_counter_names_next_key, cat="rebind"),
    _sdk(anthropic_class_create_instrumented, args=an_args, cat="rebind"),
    _web(httpx_client_class_send_patched, cat="rebind"),
    _web(requests_api_request_patched, cat="rebind"),
    _web(create_connection_patched_counts, cat="http"),
    _web(pool_connection_count_read, cat="http"),
    Case("rebind", async_transport_class_patched, drive=_drive_async_web, servers="web"),
    _web(retry_subclass_counter_names_next, cat="http"),
    _web(plain_retry_object_on_adapter, R3, cat="http"),
    _web(httpx_own_transport_with_retries, R3, cat="http"),
    _web(response_json_class_patched, cat="rebind"),
    _web(patch_restored_then_reads, cat="rebind"),
    _web(mock_patch_object_wraps_request, cat="rebind"),
    _web(mock_patch_class_send_side_effect, cat="rebind"),
]

# Differed under jit when written, fixed since: fixed by 9a0ecc5: a library class with a method the user replaced has no rule; adapters, transports and Retry must be the library's own
FIXED_WHY: dict[str, str] = {
    "retry_subclass_prints_status": (
        "a urllib3 Retry subclass (max_retries of a plain HTTPAdapter) prints in is_retry, "
        "which urllib3 calls on every response: the three GETs overlap and the 404's print "
        "comes first; the check of a session's adapters looks at the adapter's type only, "
        "not its max_retries"),
    "adapter_send_instance_patched": (
        "`adapter.send = wrapper` on the session's own HTTPAdapter instance (printing after "
        "the response): the GETs overlap and print in completion order (as2, as3, as1); "
        "`type(a) is HTTPAdapter` passes an adapter with a method replaced on the object"),
    "httpx_transport_instance_patched": (
        "`client._transport.handle_request = wrapper` (printing): the GETs overlap, prints "
        "in completion order; the client check tests type(transport) only, not methods "
        "replaced on the transport object"),
    "adapter_class_send_patched": (
        "`HTTPAdapter.send = wrapper` patched on the class inside the function (as "
        "responses/vcr-style test doubles do): the GETs after it still overlap and the "
        "wrapper's prints come in completion order"),
    "session_class_request_patched": (
        "`requests.Session.request = wrapper` on the class (in the function): s.get still "
        "counts as requests' own GET and overlaps; prints in completion order"),
    "httpx_transport_class_patched": (
        "`httpx.HTTPTransport.handle_request = wrapper` on the class: c.get still overlaps, "
        "the wrapper's prints come in completion order"),
    "openai_class_create_instrumented": (
        "`Completions.create` wrapped on the class (as tracing libraries instrument the "
        "SDK): the three chat calls overlap and the instrumentation's prints come in "
        "completion order (two, three, one)"),
    "openai_inner_transport_patched": (
        "handle_request replaced on the openai client's own httpx transport object "
        "(client._client._transport): the chat calls overlap, prints in completion order"),
    "anthropic_inner_transport_patched": (
        "the same on the anthropic client's httpx transport: the two messages.create calls "
        "overlap and the transport wrapper's prints swap"),
    "traced_reads_report_spans": (
        "drive installs a functools.wraps tracer on requests.Session.request (an APM "
        "installed before the call, nothing in the function shows it); the function returns "
        "the tracer's spans: jitted they are in completion order"),
    "anthropic_class_create_instrumented": (
        "`anthropic.resources.messages.Messages.create` wrapped on the class, printing "
        "usage: the two calls overlap and the prints swap"),
    "httpx_client_class_send_patched": (
        "`httpx.Client.send = wrapper` on the class (respx-like): c.get overlaps, prints in "
        "completion order"),
    "async_transport_class_patched": (
        "`httpx.AsyncHTTPTransport.handle_async_request` wrapped on the class in an async "
        "function: three sequential awaits of c.get overlap and the wrapper's prints come "
        "in completion order"),
    "patch_restored_then_reads": (
        "HTTPAdapter.send wrapped on the class for two reads (150 ms, 30 ms) then restored in "
        "a finally: the two patched reads overlap and the wrapper prints pa2 before pa1"),
    "mock_patch_class_send_side_effect": (
        "unittest.mock.patch.object(HTTPAdapter, 'send', autospec=True, side_effect=...) "
        "as a spy recording each path: the GETs overlap under the mock and the recorded "
        "list is in completion order (ms2, ms3, ms1)"),
}

FAILING_WHY: dict[str, str] = {
    "urllib3_logger_filter_records_calls": (
        "a filter function on the 'urllib3.connectionpool' logger (level DEBUG) appends each "
        "request urllib3 logs to a list the function returns: the GETs overlap, the list is "
        "in completion order (lf2, lf3, lf1); library loggers' filters are user code run "
        "inside the call"),
    "create_connection_patched_counts": (
        "urllib3.util.connection.create_connection wrapped to count connects: plain, one "
        "keep-alive connection serves the three GETs (1); jitted, they overlap on three "
        "connections (3); the wrapper also runs in the worker threads"),
    "pool_connection_count_read": (
        "len(c._transport._pool.connections) read after three GETs on one httpx.Client: "
        "1 plain, 3 jitted (the overlapped GETs each opened a connection): the client's own "
        "state after the calls differs"),
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
