"""Red-team cases (stop 191): user-written decorators and wrappers around I/O.

`functools.wraps` decorators that print, log, time, cache (a dict, `lru_cache`), retry,
validate or count calls, stacked and made at call time; `functools.partial` of `requests`,
`httpx`, a session and the openai SDK's `create` (and a partial subclass of the user's);
classes whose `__call__` wraps a client; properties, setters and `cached_property` that GET
or PUT; `__getattr__` proxies forwarding to a session or an SDK client; context managers
(`contextlib.contextmanager` and classes) that print or log enter and exit, rebind a global
prefix, PUT on exit, or suppress an error; generators yielding responses lazily to a loop
(with `break`, PUTs between, `send`); closures over a mutable counter or list used in the
URL. Sibling calls get unequal latencies, slow first, so a reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY` saying
what differed.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import requests

from ember.api import models
from tests.xcs.libcorpus._case import CLIENT_CPU, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam191")

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)


def _raw(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


# =========================================================================== decorators


def logged(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        print(f"-> {fn.__name__}{a[1:]}")
        out = fn(*a, **kw)
        print(f"<- {fn.__name__} {out}")
        return out
    return wrapper


def log_calls(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        LOG.info("call %s %s", fn.__name__, a[1:])
        return fn(*a, **kw)
    return wrapper


TIMINGS: dict[str, float] = {}


def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            TIMINGS[fn.__name__] = time.perf_counter() - t0
    return wrapper


def memo(fn: Callable[..., Any]) -> Callable[..., Any]:
    cache: dict[tuple, Any] = {}

    @functools.wraps(fn)
    def wrapper(*a: Any) -> Any:
        if a not in cache:
            cache[a] = fn(*a)
        return cache[a]
    wrapper.cache = cache  # type: ignore[attr-defined]
    return wrapper


def retry(times: int = 3) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **kw: Any) -> Any:
            for attempt in range(times):
                try:
                    return fn(*a, attempt=attempt, **kw)
                except ConnectionError as exc:
                    print(f"retry {fn.__name__} {attempt}: {exc}")
            raise RuntimeError(f"{fn.__name__} gave up")
        return wrapper
    return deco


def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        wrapper.calls += 1  # type: ignore[attr-defined]
        return fn(*a, **kw)
    wrapper.calls = 0  # type: ignore[attr-defined]
    return wrapper


CALLS: Counter = Counter()


def tally(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        CALLS[fn.__name__] += 1
        return fn(*a, **kw)
    return wrapper


def default_on_error(value: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **kw: Any) -> Any:
            try:
                return fn(*a, **kw)
            except requests.HTTPError as exc:
                print("fallback", exc.response.status_code)
                return value
        return wrapper
    return deco


def validated(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, k: str, ms: int) -> Any:
        if not k.isalpha():
            raise ValueError(f"bad key {k!r}")
        return fn(web, k, ms)
    return wrapper


def default_ms(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, k: str, **kw: Any) -> Any:
        kw.setdefault("ms", 90)
        return fn(web, k, **kw)
    return wrapper


FINISHED: list[str] = []


def record_done(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        out = fn(*a, **kw)
        FINISHED.append(a[1])
        return out
    return wrapper


def _reset(fn: Any, env: Env) -> Any:
    TIMINGS.clear()
    CALLS.clear()
    FINISHED.clear()
    PREFIX[0] = "p"
    fetch_memo.cache.clear()
    return fn(env.web)


def _reset_sim(fn: Any, env: Env) -> Any:
    ask_sim_memo.cache.clear()
    return fn()


@logged
def fetch_logged(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@log_calls
def fetch_log(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@timed
def fetch_timed(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@memo
def fetch_memo(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@functools.lru_cache(maxsize=None)  # noqa: UP033 (as users write it)
def fetch_lru(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@functools.lru_cache(maxsize=1)
def fetch_lru1(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@retry(times=3)
def fetch_flaky(web: str, k: str, ms: int, attempt: int = 0) -> str:
    if k == "b" and attempt == 0:
        raise ConnectionError(f"reset {k}")
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@retry(times=2)
def fetch_always_down(web: str, k: str, ms: int, attempt: int = 0) -> str:
    r = requests.get(f"{web}/status/503?ms={ms}&try={attempt}")
    if r.status_code >= 500:
        raise ConnectionError(f"{k} {r.status_code}")
    return r.text


@tally
def fetch_tally(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@logged
@memo
@log_calls
def fetch_stacked(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@default_on_error(None)
def fetch_or_none(web: str, k: str, ms: int) -> str | None:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


@validated
def fetch_valid(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@default_ms
def fetch_kw(web: str, k: str, ms: int = 10) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@record_done
def fetch_done(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r191_logged_wrapper_prints(web: str) -> list[str]:
    return [fetch_logged(web, k, ms) for k, ms in KEYS]


def r191_timed_wrapper(web: str) -> list[Any]:
    a = fetch_timed(web, "a", 150)
    b = fetch_timed(web, "b", 40)
    c = fetch_timed(web, "c", 90)
    return [a, b, c, sorted(TIMINGS)]


def r191_memo_repeat_keys(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)):
        out.append(fetch_memo(web, k, ms))
        print("got", k, len(fetch_memo.cache))
    return out


def r191_lru_repeat_keys(web: str) -> list[Any]:
    a = fetch_lru(web, "a", 150)
    b = fetch_lru(web, "b", 40)
    a2 = fetch_lru(web, "a", 150)
    c = fetch_lru(web, "c", 90)
    return [a, b, a2, c]


def r191_lru_maxsize1_evicts(web: str) -> list[Any]:
    out = [fetch_lru1(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("a", 150))]
    print("again", fetch_lru1(web, "a", 150))
    return out


def r191_retry_flaky_middle(web: str) -> list[str]:
    return [fetch_flaky(web, k, ms) for k, ms in KEYS]


def r191_retry_gives_up(web: str) -> list[str]:
    out = [_raw(web, "a", 150)]
    out.append(fetch_always_down(web, "b", 40))
    out.append(_raw(web, "c", 90))
    return out


def r191_local_counted_wrapper(web: str) -> list[Any]:
    f = counted(_raw)
    a = f(web, "a", 150)
    b = f(web, "b", 40)
    c = f(web, "c", 90)
    return [a, b, c, f.calls]


def r191_global_tally(web: str) -> list[Any]:
    out = []
    for k, ms in KEYS:
        out.append(fetch_tally(web, k, ms))
    out.append(dict(CALLS))
    return out


def r191_stacked_decorators(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("a", 150), ("c", 90)):
        out.append(fetch_stacked(web, k, ms))
    return out


def r191_default_on_error_404(web: str) -> list[Any]:
    return [fetch_or_none(web, k, ms) for k, ms in (("a", 150), ("missing1", 40), ("c", 90))]


def r191_wrapper_sets_default_kw(web: str) -> list[str]:
    a = fetch_kw(web, "a", ms=150)
    b = fetch_kw(web, "b", ms=40)
    c = fetch_kw(web, "c")
    return [a, b, c]


def r191_completion_order_list(web: str) -> list[Any]:
    vals = [fetch_done(web, k, ms) for k, ms in KEYS]
    return [vals, list(FINISHED)]


def r191_decorate_at_call_time(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(logged(_raw)(web, k, ms))
    return out


@log_calls
def ask_sim_log(tag: str, q: str, lat: float) -> str:
    return str(models("sim/gpt", q, latency=lat))


@memo
def ask_sim_memo(tag: str, q: str, lat: float) -> str:
    return str(models("sim/gpt", q, latency=lat))


def r191_models_log_decorator() -> list[str]:
    a = ask_sim_log("t", "Why is the sky blue?", 0.15)
    b = ask_sim_log("t", "Name a prime.", 0.04)
    c = ask_sim_log("t", "What is rust?", 0.09)
    return [a, b, c]


def r191_models_memo_decorator() -> list[str]:
    out = []
    for q, lat in (("Why?", 0.15), ("How?", 0.04), ("Why?", 0.15), ("When?", 0.09)):
        out.append(ask_sim_memo("m", q, lat))
    print(len(ask_sim_memo.cache) > 0)
    return out


# =========================================================================== partials


def r191_partial_requests_get(web: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    a = get(f"{web}/items/a?ms=150").json()["value"]
    b = get(f"{web}/items/b?ms=40").json()["value"]
    print("two in")
    c = get(f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c]


def r191_partial_session_get_params(web: str) -> list[str]:
    with requests.Session() as s:
        get = functools.partial(s.get, timeout=5)
        out = []
        for k, ms in KEYS:
            out.append(get(f"{web}/items/{k}", params={"ms": ms}).json()["value"])
    return out


def r191_partial_httpx_client(web: str) -> list[str]:
    with httpx.Client(base_url=web) as c:
        get = functools.partial(c.get, timeout=5.0)
        out = [get(f"/items/{k}", params={"ms": ms}).json()["value"] for k, ms in KEYS]
    return out


def r191_partial_put_then_get(web: str) -> list[Any]:
    put = functools.partial(requests.put, timeout=5)
    put(f"{web}/items/a?ms=60", data="one")
    put(f"{web}/items/b?ms=30", data="two")
    get = functools.partial(requests.get, timeout=5)
    return [get(f"{web}/items/a?ms=150").json()["value"],
            get(f"{web}/items/b?ms=40").json()["value"]]


class LoudPartial(functools.partial):
    def __call__(self, *a: Any, **kw: Any) -> Any:
        print("partial call", a)
        return super().__call__(*a, **kw)


def r191_partial_subclass_prints(web: str) -> list[str]:
    fetch = LoudPartial(_raw, web)
    a = fetch("a", 150)
    b = fetch("b", 40)
    c = fetch("c", 90)
    return [a, b, c]


def r191_partial_oa_create(client: Any) -> list[str]:
    create = functools.partial(client.chat.completions.create, model="gpt", max_tokens=16)
    out = []
    for q, lat in (("Why?", 0.15), ("How?", 0.04), ("When?", 0.09)):
        r = create(messages=[{"role": "user", "content": q}], extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
        print("asked", q)
    return out


# =========================================================================== callables


class Api:
    def __init__(self, base: str) -> None:
        self.base = base

    def __call__(self, k: str, ms: int) -> str:
        return requests.get(f"{self.base}/items/{k}?ms={ms}").json()["value"]


class SeqApi:
    def __init__(self, base: str) -> None:
        self.base = base
        self.n = 0

    def __call__(self, k: str, ms: int) -> str:
        self.n += 1
        return requests.get(f"{self.base}/items/{k}?ms={ms}&seq={self.n}").json()["value"]


class CachedApi:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cache: dict[str, str] = {}

    def __call__(self, k: str, ms: int) -> str:
        if k not in self.cache:
            self.cache[k] = requests.get(f"{self.base}/items/{k}?ms={ms}").json()["value"]
        return self.cache[k]


class Chat:
    def __init__(self, client: Any, model: str = "gpt") -> None:
        self.client = client
        self.model = model

    def __call__(self, q: str, lat: float) -> str:
        LOG.info("ask %s", q)
        r = self.client.chat.completions.create(
            model=self.model, messages=[{"role": "user", "content": q}],
            extra_body={"latency": lat})
        return r.choices[0].message.content


def r191_callable_api(web: str) -> list[str]:
    api = Api(web)
    a = api("a", 150)
    b = api("b", 40)
    print("a and b")
    c = api("c", 90)
    return [a, b, c]


def r191_callable_seq_in_url(web: str) -> list[Any]:
    api = SeqApi(web)
    out = [api(k, ms) for k, ms in KEYS]
    out.append(api.n)
    return out


def r191_callable_cache_repeat(web: str) -> list[Any]:
    api = CachedApi(web)
    out = []
    for k, ms in (("a", 150), ("b", 40), ("a", 150), ("c", 90)):
        out.append(api(k, ms))
    return [out, sorted(api.cache)]


def r191_callable_chat_logs(client: Any) -> list[str]:
    chat = Chat(client)
    return [chat("Why?", 0.15), chat("How?", 0.04), chat("When?", 0.09)]


# =========================================================================== properties


class Remote:
    def __init__(self, base: str) -> None:
        self.base = base

    @property
    def alpha(self) -> str:
        return requests.get(f"{self.base}/items/alpha?ms=150").json()["value"]

    @property
    def beta(self) -> str:
        return requests.get(f"{self.base}/items/beta?ms=40").json()["value"]

    @property
    def gamma(self) -> str:
        print("loading gamma")
        return requests.get(f"{self.base}/items/gamma?ms=90").json()["value"]

    @functools.cached_property
    def settings(self) -> dict:
        print("fetching settings")
        return requests.get(f"{self.base}/items/settings?ms=150").json()

    @property
    def slot(self) -> str:
        return requests.get(f"{self.base}/items/slot?ms=40").json()["value"]

    @slot.setter
    def slot(self, v: str) -> None:
        requests.put(f"{self.base}/items/slot?ms=30", data=v)


def r191_property_gets(web: str) -> list[str]:
    r = Remote(web)
    return [r.alpha, r.beta, r.gamma]


def r191_cached_property_twice(web: str) -> list[Any]:
    r = Remote(web)
    s1 = r.settings["value"]
    b = r.beta
    s2 = r.settings["key"]
    return [s1, b, s2]


def r191_property_setter_put(web: str) -> list[str]:
    r = Remote(web)
    before = r.slot
    r.slot = "filled"
    after = r.slot
    a = r.alpha
    return [before, after, a]


# =========================================================================== proxies


class Traced:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        print("attr", name)
        return getattr(self._inner, name)


class Silent:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class Metered:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.used: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def call(*a: Any, **kw: Any) -> Any:
            self.used.append(name)
            LOG.info("%s %s", name, a[0].rsplit("/", 1)[-1])
            return attr(*a, **kw)
        return call


def r191_getattr_proxy_prints(web: str) -> list[str]:
    with requests.Session() as s:
        p = Traced(s)
        out = [p.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    return out


def r191_getattr_proxy_silent(web: str) -> list[str]:
    with requests.Session() as s:
        p = Silent(s)
        a = p.get(f"{web}/items/a?ms=150").json()["value"]
        b = p.get(f"{web}/items/b?ms=40").json()["value"]
        c = p.get(f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c]


def r191_getattr_proxy_metered(web: str) -> list[Any]:
    with requests.Session() as s:
        p = Metered(s)
        a = p.get(f"{web}/items/a?ms=150").json()["value"]
        p.put(f"{web}/items/b?ms=30", data="new")
        b = p.get(f"{web}/items/b?ms=40").json()["value"]
        c = p.get(f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c, p.used]


def r191_getattr_proxy_oa(client: Any) -> list[str]:
    p = Traced(client)
    out = []
    for q, lat in (("Why?", 0.15), ("How?", 0.04), ("When?", 0.09)):
        r = p.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                      extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


# =========================================================================== context managers


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    print("enter", name)
    try:
        yield
    finally:
        print("exit", name)


class Span:
    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> Span:
        LOG.info("start %s", self.name)
        return self

    def __exit__(self, *exc: Any) -> None:
        LOG.info("end %s %s", self.name, exc[0].__name__ if exc[0] else "ok")


PREFIX = ["p"]


@contextlib.contextmanager
def prefixed(p: str) -> Iterator[None]:
    old = PREFIX[0]
    PREFIX[0] = p
    try:
        yield
    finally:
        PREFIX[0] = old


def _pget(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{PREFIX[0]}{k}?ms={ms}").json()["value"]


class Checkpoint:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key
        self.count = 0

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: Any) -> None:
        requests.put(f"{self.web}/items/{self.key}?ms=20", data=str(self.count))


@contextlib.contextmanager
def session_cm() -> Iterator[requests.Session]:
    s = requests.Session()
    print("open")
    try:
        yield s
    finally:
        s.close()
        print("closed")


@contextlib.contextmanager
def stopwatch(label: str, sink: dict) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    sink[label] = time.perf_counter() - t0


def r191_cm_step_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with step(k):
            out.append(_raw(web, k, ms))
    return out


def r191_cm_span_logs(web: str) -> list[str]:
    with Span("batch"):
        a = _raw(web, "a", 150)
        b = _raw(web, "b", 40)
        c = _raw(web, "c", 90)
    return [a, b, c]


def r191_cm_span_error_inside(web: str) -> list[str]:
    out = []
    try:
        with Span("risky"):
            out.append(_raw(web, "a", 150))
            r = requests.get(f"{web}/status/404?ms=40")
            r.raise_for_status()
            out.append(_raw(web, "c", 90))
    except requests.HTTPError as exc:
        out.append(str(exc.response.status_code))
    return out


def r191_cm_rebinds_global_prefix(web: str) -> list[str]:
    a = _pget(web, "a", 150)
    with prefixed("q"):
        b = _pget(web, "b", 40)
    c = _pget(web, "c", 90)
    return [a, b, c]


def r191_cm_exit_puts_then_read(web: str) -> list[str]:
    with Checkpoint(web, "ckpt") as cp:
        a = _raw(web, "a", 150)
        cp.count += 1
        b = _raw(web, "b", 40)
        cp.count += 1
    c = _raw(web, "ckpt", 90)
    return [a, b, c]


def r191_cm_suppress_404(web: str) -> list[str]:
    out = [_raw(web, "a", 150)]
    with contextlib.suppress(requests.HTTPError):
        requests.get(f"{web}/status/404?ms=40").raise_for_status()
        out.append("unreached")
    out.append(_raw(web, "c", 90))
    return out


def r191_cm_yields_session(web: str) -> list[str]:
    with session_cm() as s:
        out = [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]
    return out


def r191_cm_stopwatch_each(web: str) -> list[Any]:
    times: dict[str, float] = {}
    out = []
    for k, ms in KEYS:
        with stopwatch(k, times):
            out.append(_raw(web, k, ms))
    return [out, sorted(times)]


def r191_cm_exitstack_steps(web: str) -> list[str]:
    with contextlib.ExitStack() as stack:
        stack.enter_context(step("outer"))
        stack.callback(print, "callback ran")
        a = _raw(web, "a", 150)
        b = _raw(web, "b", 40)
    c = _raw(web, "c", 90)
    return [a, b, c]


# =========================================================================== generators


def pages(web: str, keys: tuple) -> Iterator[str]:
    for k, ms in keys:
        yield requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def pages_with_put(web: str, keys: tuple) -> Iterator[str]:
    for k, ms in keys:
        requests.put(f"{web}/items/{k}?ms=20", data=f"set-{k}")
        yield requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def echo_fetcher(web: str) -> Any:
    got = None
    while True:
        k = yield got
        if k is None:
            return
        got = requests.get(f"{web}/items/{k}?ms=40").json()["value"]


def r191_gen_consumed_prints(web: str) -> list[str]:
    out = []
    for v in pages(web, KEYS):
        print("page", v)
        out.append(v)
    return out


def r191_gen_break_early(web: str) -> list[str]:
    out = []
    for v in pages(web, KEYS):
        out.append(v)
        if v == "v-b":
            break
    out.append(_raw(web, "d", 90))
    return out


def r191_gen_puts_between(web: str) -> list[str]:
    out = []
    for v in pages_with_put(web, (("a", 150), ("b", 40))):
        out.append(v)
    out.append(_raw(web, "a", 90))
    return out


def r191_gen_send_protocol(web: str) -> list[Any]:
    g = echo_fetcher(web)
    next(g)
    a = g.send("a")
    b = g.send("b")
    c = _raw(web, "c", 90)
    with contextlib.suppress(StopIteration):
        g.send(None)
    return [a, b, c]


def r191_genexpr_next(web: str) -> list[str]:
    it = (requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS)
    a = next(it)
    print("first", a)
    b = next(it)
    return [a, b]


# =========================================================================== closures


def make_seq() -> Callable[[], int]:
    n = 0

    def nxt() -> int:
        nonlocal n
        n += 1
        return n
    return nxt


def r191_closure_seq_in_url(web: str) -> list[str]:
    nxt = make_seq()
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}&n={nxt()}").json()["value"])
    return out


def r191_closure_seq_read_between(web: str) -> list[Any]:
    nxt = make_seq()
    a = requests.get(f"{web}/items/a?ms=150&n={nxt()}").json()["value"]
    mid = nxt()
    b = requests.get(f"{web}/items/b?ms=40&n={nxt()}").json()["value"]
    return [a, mid, b]


def r191_validated_raises_loop_quiet(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b2", 40), ("c", 90)):
        out.append(fetch_valid(web, k, ms))
    return out


def r191_inline_raise_in_loop(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b2", 40), ("c", 90)):
        if not k.isalpha():
            raise ValueError(f"bad key {k!r}")
        out.append(_raw(web, k, ms))
    return out


# =========================================================================== wrappers, second round


@logged
def fetch_strict(web: str, k: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


@logged
def fetch_tags(web: str, k: str, ms: int, tags: list) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def remember(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(web: str, k: str, ms: int, seen: list) -> Any:
        out = fn(web, k, ms)
        seen.append(k)
        return out
    return wrapper


@remember
def fetch_remember(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def numbered(fn: Callable[..., Any]) -> Callable[..., Any]:
    calls = 0

    @functools.wraps(fn)
    def wrapper(*a: Any) -> Any:
        nonlocal calls
        calls += 1
        print(f"call #{calls}")
        return fn(*a)
    return wrapper


def hedged(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any) -> Any:
        first = fn(*a)
        second = fn(*a)
        return first if first == second else None
    return wrapper


@hedged
def fetch_hedged(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


@logged
def put_logged(web: str, k: str, v: str) -> int:
    return requests.put(f"{web}/items/{k}?ms=20", data=v).status_code


class Val:
    def __init__(self, v: str) -> None:
        self.v = v

    def __repr__(self) -> str:
        print("repr", self.v)
        return f"Val({self.v})"

    def __str__(self) -> str:
        print("str", self.v)
        return self.v


@logged
def fetch_val(web: str, k: str, ms: int) -> Val:
    return Val(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])


@logged
def read_file_logged(web: str, path: str, ms: int) -> str:
    from pathlib import Path
    text = Path(path).read_text()
    return requests.get(f"{web}/items/{text}?ms={ms}").json()["value"]


def r191_logged_second_raises(web: str) -> list[str]:
    a = fetch_strict(web, "a", 150)
    b = fetch_strict(web, "missing2", 40)
    c = fetch_strict(web, "c", 90)
    return [a, b, c]


def r191_logged_tags_mutated_between(web: str) -> list[str]:
    tags = ["x"]
    a = fetch_tags(web, "a", 150, tags)
    tags.append("y")
    b = fetch_tags(web, "b", 40, tags)
    tags.append("z")
    c = fetch_tags(web, "c", 90, tags)
    return [a, b, c]


def r191_wrapper_appends_to_arg(web: str) -> list[Any]:
    seen: list[str] = []
    a = fetch_remember(web, "a", 150, seen)
    print("seen", seen)
    b = fetch_remember(web, "b", 40, seen)
    c = fetch_remember(web, "c", 90, seen)
    return [a, b, c, seen]


def r191_numbered_local_wrapper(web: str) -> list[str]:
    f = numbered(_raw)
    return [f(web, "a", 150), f(web, "b", 40), f(web, "c", 90)]


def r191_hedged_double_call(web: str) -> list[Any]:
    return [fetch_hedged(web, k, ms) for k, ms in KEYS]


def r191_logged_put_then_get(web: str) -> list[Any]:
    a = fetch_logged(web, "a", 150)
    s = put_logged(web, "b", "fresh")
    b = fetch_logged(web, "b", 40)
    c = fetch_logged(web, "c", 90)
    return [a, s, b, c]


def r191_logged_result_repr_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(fetch_val(web, k, ms).v)
    return out


def r191_logged_reads_written_file(web: str, tmp: str) -> list[str]:
    from pathlib import Path
    p = Path(tmp) / "key.txt"
    p.write_text("a")
    a = read_file_logged(web, str(p), 150)
    p.write_text("b")
    b = read_file_logged(web, str(p), 40)
    c = fetch_logged(web, "c", 90)
    return [a, b, c]


def r191_models_logged_raises(web: str) -> list[str]:
    a = ask_sim_log("t", "Why?", 0.15)
    b = fetch_strict(web, "missing3", 40)
    c = ask_sim_log("t", "How?", 0.09)
    return [a, b, c]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _oa(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=oa, servers="api", ideal=ideal, **kw)


def _sim(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, ideal=ideal, **kw)


SERIAL_OA = (CLIENT_CPU + 0.28) / (CLIENT_CPU + 0.15)

ALL: list[Case] = [
    _w(r191_logged_wrapper_prints, IDEAL3),
    _w(r191_timed_wrapper, IDEAL3, drive=_reset),
    _w(r191_memo_repeat_keys, IDEAL3, drive=_reset),
    _w(r191_lru_repeat_keys, IDEAL3),
    _w(r191_lru_maxsize1_evicts, (0.15 + 0.04 + 0.15) / 0.15),
    _w(r191_retry_flaky_middle, IDEAL3),
    _w(r191_retry_gives_up, over(0.15, 0.04 + 0.04, 0.09)),
    _w(r191_local_counted_wrapper, IDEAL3),
    _w(r191_global_tally, IDEAL3, drive=_reset),
    _w(r191_stacked_decorators, IDEAL3),
    _w(r191_default_on_error_404, IDEAL3),
    # (its wrapper raises inside the loop's read call: the items of one loop start
    # together, and the next item's GET may be sent, docs/jit.md's allowance)
    _w(r191_validated_raises_loop_quiet, cat="validation", speculative_reads=True),
    _w(r191_inline_raise_in_loop, cat="validation"),
    _w(r191_wrapper_sets_default_kw, IDEAL3),
    _w(r191_completion_order_list, IDEAL3, drive=_reset),
    _w(r191_decorate_at_call_time, IDEAL3),
    _sim(r191_models_log_decorator, IDEAL3),
    _sim(r191_models_memo_decorator, IDEAL3, drive=_reset_sim),
    _w(r191_partial_requests_get, IDEAL3, overlap=3),
    _w(r191_partial_session_get_params, IDEAL3),
    _w(r191_partial_httpx_client, (CLIENT_CPU + 0.28) / (CLIENT_CPU + 0.15), cat="clients"),
    _w(r191_partial_put_then_get, (0.06 + 0.03 + 0.15 + 0.04) / (0.06 + 0.03 + 0.15)),
    _w(r191_partial_subclass_prints, IDEAL3),
    _oa(r191_partial_oa_create, SERIAL_OA),
    _w(r191_callable_api, IDEAL3, overlap=3),
    _w(r191_callable_seq_in_url, IDEAL3),
    _w(r191_callable_cache_repeat, IDEAL3),
    _oa(r191_callable_chat_logs, SERIAL_OA),
    _w(r191_property_gets, IDEAL3),
    _w(r191_cached_property_twice, over(0.15, 0.04)),
    _w(r191_property_setter_put, (0.04 + 0.03 + 0.04 + 0.15) / (0.04 + 0.03 + 0.15)),
    _w(r191_getattr_proxy_prints, IDEAL3),
    _w(r191_getattr_proxy_silent, IDEAL3, overlap=3),
    _w(r191_getattr_proxy_metered, (0.15 + 0.03 + 0.04 + 0.09) / (0.15 + 0.03 + 0.09)),
    _oa(r191_getattr_proxy_oa, SERIAL_OA),
    _w(r191_cm_step_prints, IDEAL3),
    _w(r191_cm_span_logs, IDEAL3),
    _w(r191_cm_span_error_inside, over(0.15, 0.04), speculative_reads=True),
    _w(r191_cm_rebinds_global_prefix, IDEAL3, drive=_reset),
    _w(r191_cm_exit_puts_then_read, (0.15 + 0.04 + 0.02 + 0.09) / (0.15 + 0.02 + 0.09)),
    _w(r191_cm_suppress_404, IDEAL3, speculative_reads=True),
    _w(r191_cm_yields_session, IDEAL3),
    _w(r191_cm_stopwatch_each, IDEAL3),
    _w(r191_cm_exitstack_steps, IDEAL3),
    _w(r191_gen_consumed_prints, IDEAL3),
    _w(r191_gen_break_early, IDEAL3),
    _w(r191_gen_puts_between, (0.02 + 0.15 + 0.02 + 0.04 + 0.09) / (0.02 + 0.15 + 0.02 + 0.09)),
    _w(r191_gen_send_protocol, over(0.04 + 0.04, 0.09)),
    _w(r191_genexpr_next, over(0.15, 0.04)),
    _w(r191_closure_seq_in_url, IDEAL3),
    _w(r191_closure_seq_read_between, over(0.15, 0.04)),
    _w(r191_logged_second_raises, over(0.15, 0.04), cat="validation", speculative_reads=True),
    _w(r191_logged_tags_mutated_between, IDEAL3),
    _w(r191_wrapper_appends_to_arg, IDEAL3),
    _w(r191_numbered_local_wrapper, IDEAL3),
    _w(r191_hedged_double_call, (0.3 + 0.08 + 0.18) / 0.15),
    _w(r191_logged_put_then_get, (0.15 + 0.02 + 0.04 + 0.09) / (0.15 + 0.02 + 0.04)),
    _w(r191_logged_result_repr_prints, IDEAL3),
    _w(r191_logged_reads_written_file, IDEAL3, cat="files", args=web_tmp),
    _w(r191_models_logged_raises, over(0.15, 0.04), speculative_reads=True),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]

