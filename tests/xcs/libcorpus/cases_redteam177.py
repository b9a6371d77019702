"""Red-team cases (stop 177): how users apply `xcs.jit`.

`@xcs.jit` on module functions, on bound, static and class methods and on methods of
dataclasses; on closures made by a factory (over a session or a prefix), on lambdas and on
`functools.partial` objects; `xcs.jit(f)` applied at call time in a loop, one function
jitted twice, a jitted function jitted again; jit stacked with decorators of the user's
(`functools.wraps` wrappers that print, log, time, count, retry, cache, change arguments,
call twice) in both orders, with `functools.lru_cache` and with `contextlib.contextmanager`
helpers used inside; jitted functions calling jitted functions; jitted functions handed to
`map`, `sorted(key=)` and `ThreadPoolExecutor.map`; jitted generator, `async def` and async
generator functions; one jitted function called with arguments of other types, with
keyword-only and star signatures, with mutable defaults, and recursion.

Where the decorator order matters, the case's drive builds the stack itself with `_J(f)`:
`xcs.jit` in the jitted run and the identity in the plain run, so the plain run is the
program with every `xcs.jit` taken out. Sibling calls get unequal latencies, slow first,
with prints, logs or a PUT between, so a wrong reordering shows. `FAILING` holds the cases
that differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import functools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from ember import xcs
from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam177")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def _is_jitted(f: Any) -> bool:
    f = getattr(f, "func", f)  # (a partial)
    return getattr(f, "__ember_jit_state__", None) is not None


def _J(f: Any, on: bool) -> Any:
    """`xcs.jit` in the jitted run, the identity in the plain run."""
    return xcs.jit(f) if on else f


# =========================================================================== user decorators


def printed(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print("enter", fn.__name__)
        result = fn(*args, **kwargs)
        print("exit", fn.__name__)
        return result
    return wrapper


def logged(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        LOG.info("call %s", fn.__qualname__)
        return fn(*args, **kwargs)
    return wrapper


def bare(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)
    return wrapper


def timed(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            took = time.perf_counter() - t0
            print(f"{fn.__name__} timed", took >= 0)
    return wrapper


def counted(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wrapper.calls += 1
        return fn(*args, **kwargs)
    wrapper.calls = 0
    return wrapper


def retry_with_fallback(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(web: str, key: str) -> Any:
        try:
            return fn(web, key)
        except requests.HTTPError as exc:
            print("retry after", exc.response.status_code)
            return fn(web, "fallback")
    return wrapper


def retry_loop(times: int) -> Any:
    def deco(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            def attempt() -> Any:
                return fn(*args, **kwargs)
            for i in range(times):
                try:
                    return attempt()
                except requests.HTTPError:
                    print("attempt", i, "failed")
                    kwargs["key"] = f"alt{i}"
            raise RuntimeError("gave up")
        return wrapper
    return deco


def memo(fn: Any) -> Any:
    cache: dict[tuple, Any] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        if args in cache:
            print("hit", args[1:])
            return cache[args]
        cache[args] = value = fn(*args)
        return value
    return wrapper


def upper_key(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(web: str, key: str, **kwargs: Any) -> Any:
        kwargs.setdefault("tag", "w")
        return fn(web, key.upper(), **kwargs)
    return wrapper


def twice(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        first = fn(*args)
        second = fn(*args)
        return [first, second == first]
    return wrapper


def verbose_flag(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if wrapper.verbose:
            print("calling", fn.__name__, args[1:])
        return fn(*args, **kwargs)
    wrapper.verbose = False
    return wrapper


def swappable(fn: Any) -> Any:
    def swap(new: Any) -> None:
        nonlocal fn
        fn = new

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        return fn(*args)
    wrapper.swap = swap
    return wrapper


def async_printed(fn: Any) -> Any:
    @functools.wraps(fn)
    async def wrapper(*args: Any) -> Any:
        print("async enter", fn.__name__)
        out = await fn(*args)
        print("async exit", fn.__name__)
        return out
    return wrapper


class Traced:
    """A class-based decorator: an instance that calls the function it holds."""

    def __init__(self, fn: Any) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        print("traced", self.fn.__name__, self.calls)
        return self.fn(*args, **kwargs)


@contextlib.contextmanager
def step(name: str) -> Iterator[str]:
    print("begin", name)
    try:
        yield name
    finally:
        print("end", name)


# =========================================================================== the plain bodies


def three_printed(web: str, tag: str = "p") -> list[str]:
    a = _get(web, f"{tag}-a", 150)
    print("a", a)
    b = _get(web, f"{tag}-b", 40)
    print("b", b)
    c = _get(web, f"{tag}-c", 90)
    print("c", c)
    return [a, b, c]


def three_then_put(web: str, tag: str = "q") -> dict[str, Any]:
    a = _get(web, f"{tag}-a", 150)
    b = _get(web, f"{tag}-b", 40)
    LOG.info("read %s %s", a, b)
    version = _put(web, f"{tag}-sum", a + b)
    c = _get(web, f"{tag}-sum", 90)
    return {"a": a, "b": b, "v": version, "c": c}


def checked_pair(web: str, key: str) -> list[str]:
    r = requests.get(f"{web}/items/{key}?ms=40", timeout=5)
    r.raise_for_status()
    slow = _get(web, f"{key}-slow", 150)
    fast = _get(web, f"{key}-fast", 60)
    return [r.json()["value"], slow, fast]


def tagged_pair(web: str, key: str, tag: str = "none") -> list[str]:
    a = _get(web, f"{key}-{tag}-1", 150)
    b = _get(web, f"{key}-{tag}-2", 40)
    print("pair", key, tag)
    return [a, b]


def kw_retry_pair(web: str, *, key: str) -> list[str]:
    r = requests.get(f"{web}/items/{key}?ms=40", timeout=5)
    r.raise_for_status()
    return [r.json()["value"], _get(web, f"{key}-x", 150), _get(web, f"{key}-y", 60)]


def make_r177_printed_wrapper(env: Env) -> Any:
    return printed(three_printed)


def make_r177_logged_wrapper(env: Env) -> Any:
    return logged(three_then_put)


def make_r177_timed_wrapper(env: Env) -> Any:
    return timed(three_printed)


def make_r177_stacked_log_print_bare(env: Env) -> Any:
    return logged(printed(bare(three_printed)))


def make_r177_counted_wrapper(env: Env) -> Any:
    return counted(three_printed)


def drive_counted(f: Any, env: Env) -> Any:
    out = [f(env.web, "c1"), f(env.web, "c2")]
    return [out, f.calls]


def make_r177_retry_fallback(env: Env) -> Any:
    return retry_with_fallback(checked_pair)


def drive_retry_fallback(f: Any, env: Env) -> Any:
    return [f(env.web, "ok"), f(env.web, "missing-x")]


def make_r177_retry_loop_kwonly(env: Env) -> Any:
    return retry_loop(3)(kw_retry_pair)


def drive_retry_loop(f: Any, env: Env) -> Any:
    return [f(env.web, key="missing-k"), f(env.web, key="fine")]


def make_r177_memo_wrapper(env: Env) -> Any:
    return memo(three_printed)


def drive_memo(f: Any, env: Env) -> Any:
    return [f(env.web, "m1"), f(env.web, "m2"), f(env.web, "m1")]


def make_r177_wrapper_flag_set_after(env: Env) -> Any:
    return verbose_flag(three_printed)


def drive_flag_set_after(f: Any, env: Env) -> Any:
    first = f(env.web, "vf1")
    f.verbose = True
    return [first, f(env.web, "vf2")]


def make_r177_upper_key_wrapper(env: Env) -> Any:
    return upper_key(tagged_pair)


def drive_upper_key(f: Any, env: Env) -> Any:
    return [f(env.web, "k"), f(env.web, "j", tag="given")]


def make_r177_twice_wrapper(env: Env) -> Any:
    return twice(three_then_put)


def make_r177_swapped_wrapped(env: Env) -> Any:
    return swappable(three_printed)


def drive_swapped(f: Any, env: Env) -> Any:
    first = f(env.web, "s1")
    f.swap(three_then_put)
    second = f(env.web, "s2")
    return [first, second]


# (xcs.jit above a decorator that returns no function: the stack built in the drive, so
# that what `jit` raises is the case's outcome)


def r177_jit_over_class_decorator(web: str) -> str:
    return web


def drive_jit_over_class_decorator(f: Any, env: Env) -> Any:
    g = _J(Traced(three_printed), _is_jitted(f))
    return [g(env.web, "cd1"), g(env.web, "cd2")]


def r177_jit_over_lru_cache(web: str) -> str:
    return web


def drive_jit_over_lru_cache(f: Any, env: Env) -> Any:
    g = _J(functools.lru_cache(maxsize=None)(three_printed), _is_jitted(f))
    return [g(env.web, "lo1"), g(env.web, "lo1"), g.cache_info().hits]


def r177_jit_over_partial_subclass(web: str) -> str:
    return web


def drive_jit_over_partial_subclass(f: Any, env: Env) -> Any:
    g = _J(MyPartial(three_printed, tag="ps"), _is_jitted(f))
    return [g(env.web), g(env.web)]


# (user decorator above @xcs.jit: the stack built in the drive)


def r177_jit_under_printed(web: str) -> str:
    return web


def drive_jit_under_printed(f: Any, env: Env) -> Any:
    on = _is_jitted(f)
    g = printed(_J(three_printed, on))
    return [g(env.web, "ju1"), g(env.web, "ju2")]


def r177_jit_under_lru_cache(web: str) -> str:
    return web


def drive_jit_under_lru_cache(f: Any, env: Env) -> Any:
    on = _is_jitted(f)
    g = functools.lru_cache(maxsize=8)(_J(three_printed, on))
    out = [g(env.web, "lc1"), g(env.web, "lc2"), g(env.web, "lc1")]
    return [out, g.cache_info().hits]


def r177_jit_under_counted_and_over(web: str) -> str:
    return web


def drive_jit_sandwich(f: Any, env: Env) -> Any:
    """jit(counted(jit(three_then_put))): jit on both sides of the user's wrapper."""
    on = _is_jitted(f)
    g = _J(counted(_J(three_then_put, on)), on)
    out = [g(env.web, "sw1"), g(env.web, "sw2")]
    return [out, g.calls]


# =========================================================================== lru_cache, contextmanager inside


@functools.lru_cache(maxsize=None)  # noqa: UP033 - as users write it
def _cached_get(web: str, key: str, ms: int) -> str:
    return _get(web, key, ms)


def r177_lru_helper_inside(web: str) -> list[Any]:
    a = _cached_get(web, "lh-a", 150)
    b = _cached_get(web, "lh-b", 40)
    print("two", a, b)
    c = _cached_get(web, "lh-a", 150)
    d = _cached_get(web, "lh-c", 90)
    return [a, b, c, d]


def r177_contextmanager_steps(web: str) -> list[str]:
    with step("first"):
        a = _get(web, "cm-a", 150)
        b = _get(web, "cm-b", 40)
    with step("second") as name:
        c = _get(web, f"cm-{name}", 90)
        d = _get(web, "cm-d", 60)
    return [a, b, c, d]


def r177_suppress_then_reads(web: str) -> list[Any]:
    got = None
    with contextlib.suppress(requests.HTTPError):
        r = requests.get(f"{web}/items/missing-sp?ms=40", timeout=5)
        r.raise_for_status()
        got = r.json()
    a = _get(web, "sp-a", 150)
    b = _get(web, "sp-b", 40)
    return [got, a, b]


# =========================================================================== methods


class Fetcher:
    def __init__(self, web: str, prefix: str) -> None:
        self.web = web
        self.prefix = prefix

    def one(self, key: str, ms: int) -> str:
        return _get(self.web, f"{self.prefix}-{key}", ms)

    def run(self) -> list[str]:
        a = self.one("a", 150)
        print("got a", a)
        b = self.one("b", 40)
        self.prefix = self.prefix + "2"
        c = self.one("c", 90)
        return [a, b, c]

    @printed
    def run_decorated(self, tag: str) -> list[str]:
        a = self.one(f"{tag}a", 150)
        b = self.one(f"{tag}b", 40)
        c = self.one(f"{tag}c", 90)
        return [a, b, c]

    @staticmethod
    def static_three(web: str) -> list[str]:
        a = _get(web, "st-a", 150)
        b = _get(web, "st-b", 40)
        print("static", a, b)
        return [a, b, _get(web, "st-c", 90)]

    @classmethod
    def from_class(cls, web: str) -> list[str]:
        f = cls(web, "cl")
        return [f.one("x", 150), f.one("y", 40), cls.__name__]


class LoudFetcher(Fetcher):
    def one(self, key: str, ms: int) -> str:
        print("loud", key)
        return super().one(key, ms)


@dataclasses.dataclass
class Batch:
    web: str
    keys: list[str]
    lats: tuple[int, ...] = (150, 40, 90)
    seen: list[str] = dataclasses.field(default_factory=list)

    def fetch_all(self) -> dict[str, str]:
        out = {}
        for key, ms in zip(self.keys, self.lats, strict=False):
            out[key] = _get(self.web, key, ms)
            self.seen.append(key)
        print("seen", self.seen)
        return out


@dataclasses.dataclass(frozen=True)
class Cfg:
    web: str
    prefix: str

    def with_prefix(self, p: str) -> Cfg:
        return dataclasses.replace(self, prefix=p)

    def pair(self) -> list[str]:
        other = self.with_prefix(self.prefix + "x")
        a = _get(self.web, f"{self.prefix}-1", 150)
        b = _get(other.web, f"{other.prefix}-1", 40)
        return [a, b, repr(other)]


def make_r177_bound_method_rebinds_attr(env: Env) -> Any:
    return Fetcher(env.web, "bm").run


def make_r177_method_with_user_wrapper(env: Env) -> Any:
    return Fetcher(env.web, "mw").run_decorated


def drive_method_wrapper(f: Any, env: Env) -> Any:
    return [f("p"), f("q")]


def make_r177_staticmethod_object(env: Env) -> Any:
    return Fetcher.__dict__["static_three"]


def make_r177_classmethod_bound(env: Env) -> Any:
    return Fetcher.from_class


def make_r177_subclass_super_method(env: Env) -> Any:
    return LoudFetcher(env.web, "sb").run


def make_r177_dataclass_method(env: Env) -> Any:
    return Batch(env.web, ["dc-a", "dc-b", "dc-c"]).fetch_all


def make_r177_frozen_dataclass_method(env: Env) -> Any:
    return Cfg(env.web, "fz").pair


# =========================================================================== closures, lambdas, partials


def make_fetcher(session: requests.Session, prefix: str) -> Any:
    def fetch(web: str) -> list[str]:
        a = session.get(f"{web}/items/{prefix}-a?ms=150", timeout=5).json()["value"]
        b = session.get(f"{web}/items/{prefix}-b?ms=40", timeout=5).json()["value"]
        print(prefix, a, b)
        c = session.get(f"{web}/items/{prefix}-c?ms=90", timeout=5).json()["value"]
        return [a, b, c]
    return fetch


def make_r177_factory_closure_session(env: Env) -> Any:
    return make_fetcher(env.own(requests.Session()), "fc")


def make_counter_closure(prefix: str) -> Any:
    n = 0

    def fetch(web: str) -> list[Any]:
        nonlocal n
        n += 1
        a = _get(web, f"{prefix}{n}-a", 150)
        n += 1
        b = _get(web, f"{prefix}{n}-b", 40)
        return [a, b, n]
    return fetch


def make_r177_closure_nonlocal_counter(env: Env) -> Any:
    return make_counter_closure("nc")


def make_r177_second_lambda_same_line(env: Env) -> Any:
    fs = [lambda web: [_get(web, "l1-a", 150), _get(web, "l1-b", 40)], lambda web: [_get(web, "l2-a", 150), _get(web, "l2-b", 40)]]  # noqa: E501
    return fs[1]


def make_r177_lambda_from_comprehension(env: Env) -> Any:
    fs = [lambda web, k=k: (_get(web, f"{k}-1", 150), _get(web, f"{k}-2", 40)) for k in ("lc0", "lc1", "lc2")]  # noqa: E501
    return fs[1]


def make_r177_partial_keyword(env: Env) -> Any:
    return functools.partial(tagged_pair, tag="pk")


def drive_partial_keyword(f: Any, env: Env) -> Any:
    return [f(env.web, "x"), f(env.web, "y", tag="over")]


def make_r177_partial_of_bound_method(env: Env) -> Any:
    return functools.partial(Fetcher(env.web, "pb").run_decorated, "t")


class MyPartial(functools.partial):
    """A partial subclass (as some libraries define)."""




# =========================================================================== jit at call time, twice, nested


def r177_jit_each_iteration(web: str) -> str:
    return web


def drive_jit_each_iteration(f: Any, env: Env) -> Any:
    on = _is_jitted(f)
    out = []
    for tag in ("it1", "it2", "it3"):
        out.append(_J(three_printed, on)(env.web, tag))
        print("iteration", tag)
    return out


def r177_same_function_jitted_twice(web: str) -> str:
    return web


def drive_jitted_twice(f: Any, env: Env) -> Any:
    on = _is_jitted(f)
    a, b = _J(three_then_put, on), _J(three_then_put, on)
    again = _J(a, on)
    return [a(env.web, "tw1"), b(env.web, "tw2"), again(env.web, "tw3"), again is a]


INNER: dict[str, Any] = {}


def inner_pair(web: str, tag: str) -> list[str]:
    a = _get(web, f"{tag}-i1", 150)
    b = _get(web, f"{tag}-i2", 40)
    return [a, b]


def r177_nested_jit_calls(web: str) -> list[Any]:
    x = INNER["pair"](web, "n1")
    print("first pair", x)
    y = INNER["pair"](web, "n2")
    z = _get(web, "n-side", 90)
    return [x, y, z]


def drive_nested_jit(f: Any, env: Env) -> Any:
    INNER["pair"] = _J(inner_pair, _is_jitted(f))
    try:
        return f(env.web)
    finally:
        INNER.clear()


def r177_nested_jit_put_between(web: str) -> list[Any]:
    x = INNER["pair"](web, "w1")
    _put(web, "w2-i1", "changed")
    y = INNER["pair"](web, "w2")
    return [x, y]


def r177_callback_map(web: str) -> str:
    return web


def one_len(web: str, key: str) -> int:
    ms = {"cb-a": 150, "cb-b": 40, "cb-c": 90}.get(key, 30)
    value = _get(web, key, ms)
    print("len of", key)
    return len(value) + len(key) % 2


def drive_callback_map_sorted(f: Any, env: Env) -> Any:
    g = _J(functools.partial(one_len, env.web), _is_jitted(f))
    keys = ["cb-a", "cb-bb", "cb-c"]
    lens = list(map(g, keys))
    order = sorted(["cb-a", "cb-b", "cb-c"], key=g)
    return [lens, order]


def quiet_pair(web: str, tag: str) -> list[str]:
    a = _get(web, f"{tag}-q1", 150)
    b = _get(web, f"{tag}-q2", 40)
    c = _get(web, f"{tag}-q3", 90)
    return [a, b, c]


def r177_executor_map(web: str) -> str:
    return web


def drive_executor_map(f: Any, env: Env) -> Any:
    g = _J(quiet_pair, _is_jitted(f))
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        out = list(pool.map(g, [env.web] * 3, ["ex1", "ex2", "ex3"]))
    print("pool done", len(out))
    return out


# =========================================================================== generators, async


def r177_jitted_generator(web: str) -> Iterator[str]:
    for key, ms in (("gn-a", 150), ("gn-b", 40), ("gn-c", 90)):
        value = _get(web, key, ms)
        print("yield", key)
        yield value


def drive_generator(f: Any, env: Env) -> Any:
    out = []
    for v in f(env.web):
        print("consumer", v)
        _put(env.web, "gn-last", v)
        out.append(v)
    return out


async def r177_async_httpx_awaits(web: str, client: httpx.AsyncClient) -> list[str]:
    a = (await client.get(f"{web}/items/ah-a?ms=150")).json()["value"]
    b = (await client.get(f"{web}/items/ah-b?ms=40")).json()["value"]
    print("two", a, b)
    c = (await client.get(f"{web}/items/ah-c?ms=90")).json()["value"]
    return [a, b, c]


def drive_async_httpx(f: Any, env: Env) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(timeout=5) as client:
            return await f(env.web, client)
    return asyncio.run(go())


async def aask(client: Any, prompt: str, lat: float) -> str:
    r = await client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": prompt}],
        extra_body={"latency": lat})
    return r.choices[0].message.content


async def r177_async_openai_three(web: str, client: Any) -> list[str]:
    a = await aask(client, "first", 0.15)
    b = await aask(client, "second", 0.04)
    LOG.info("asked two")
    c = await aask(client, "third", 0.09)
    return [a[:20], b[:20], c[:20]]


def drive_async_openai(f: Any, env: Env) -> Any:
    async def go() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(env.web, client)
    return asyncio.run(go())


AINNER: dict[str, Any] = {}


async def ainner(client: httpx.AsyncClient, web: str, tag: str) -> list[str]:
    a = (await client.get(f"{web}/items/{tag}-1?ms=150")).json()["value"]
    b = (await client.get(f"{web}/items/{tag}-2?ms=40")).json()["value"]
    return [a, b]


async def r177_async_calls_jitted_async(web: str, client: httpx.AsyncClient) -> list[Any]:
    x = await AINNER["f"](client, web, "an1")
    print("x", x)
    y = await AINNER["f"](client, web, "an2")
    return [x, y]


def drive_async_nested(f: Any, env: Env) -> Any:
    AINNER["f"] = _J(ainner, _is_jitted(f))
    try:
        return drive_async_httpx(f, env)
    finally:
        AINNER.clear()


def make_r177_async_user_wrapper(env: Env) -> Any:
    return async_printed(r177_async_httpx_awaits)


async def r177_async_generator(web: str, client: httpx.AsyncClient) -> Any:
    for key, ms in (("ag-a", 150), ("ag-b", 40), ("ag-c", 90)):
        r = await client.get(f"{web}/items/{key}?ms={ms}")
        print("ayield", key)
        yield r.json()["value"]


def drive_async_generator(f: Any, env: Env) -> Any:
    async def go() -> Any:
        out = []
        async with httpx.AsyncClient(timeout=5) as client:
            async for v in f(env.web, client):
                print("aconsumer", v)
                out.append(v)
        return out
    return asyncio.run(go())


# =========================================================================== signatures, types, defaults


class Key:
    """A key of the user's that prints when formatted."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return self.s


def r177_types_vary(web: str, key: Any) -> list[str]:
    a = _get(web, f"{key}-1", 150)
    print("between", type(key).__name__)
    b = _get(web, f"{key}-2", 40)
    return [a, b]


def drive_types_vary(f: Any, env: Env) -> Any:
    return [f(env.web, "s"), f(env.web, 7), f(env.web, Key("k")), f(env.web, b"b"),
            f(env.web, 2.5)]


def r177_keys_container_varies(web: str, keys: Any) -> list[str]:
    out = []
    for key in keys:
        out.append(_get(web, f"cv-{key}", 150 if len(out) == 0 else 40))
    print("count", len(out))
    return out


def drive_containers_vary(f: Any, env: Env) -> Any:
    def gen() -> Iterator[str]:
        for k in ("g1", "g2"):
            print("gen", k)
            yield k
    return [f(env.web, ["l1", "l2", "l3"]), f(env.web, ("t1", "t2")), f(env.web, gen()),
            f(env.web, {"d1": 0, "d2": 1}), f(env.web, "ab")]


def r177_kwonly_defaults(web: str, *, slow: int = 150, fast: int = 40, tag: str = "ko") -> list[str]:
    a = _get(web, f"{tag}-s", slow)
    b = _get(web, f"{tag}-f", fast)
    print("kwonly", tag)
    return [a, b]


def drive_kwonly(f: Any, env: Env) -> Any:
    return [f(env.web), f(env.web, tag="k2"), f(env.web, fast=90, slow=30, tag="k3")]


def r177_star_args_kwargs(web: str, *keys: str, **opts: Any) -> list[str]:
    out = []
    for i, key in enumerate(keys):
        ms = opts.get("slow", 150) if i == 0 else opts.get("fast", 40)
        out.append(_get(web, f"{opts.get('prefix', 'sa')}-{key}", ms))
    LOG.info("fetched %d", len(out))
    return out


def drive_star_args(f: Any, env: Env) -> Any:
    return [f(env.web, "a", "b", "c"), f(env.web, "d", prefix="p2", fast=90),
            f(env.web), f(env.web, *["e", "f"], **{"slow": 60})]


def r177_mutable_default_seen(web: str, keys: tuple = ("md-a", "md-b", "md-c"),
                              seen: list = []) -> list[str]:  # noqa: B006
    out = []
    for key, ms in zip(keys, (150, 40, 90), strict=False):
        if key in seen:
            print("skip", key)
            continue
        seen.append(key)
        out.append(_get(web, key, ms))
    return out


def drive_mutable_default(f: Any, env: Env) -> Any:
    f.__defaults__[1].clear()
    try:
        return [f(env.web), f(env.web), f(env.web, ("md-a", "md-z", "md-y"))]
    finally:
        f.__defaults__[1].clear()


def r177_mutable_default_dict_cache(web: str, key: str, _cache: dict = {}) -> list[str]:  # noqa: B006
    if key in _cache:
        return _cache[key]
    a = _get(web, f"{key}-1", 150)
    b = _get(web, f"{key}-2", 40)
    _cache[key] = [a, b]
    print("cached", key, len(_cache))
    return [a, b]


def drive_mutable_dict(f: Any, env: Env) -> Any:
    f.__defaults__[0].clear()
    try:
        return [f(env.web, "dc1"), f(env.web, "dc2"), f(env.web, "dc1")]
    finally:
        f.__defaults__[0].clear()


TREE = {"root": ("l", "r"), "l": ("ll", "lr"), "r": (), "ll": (), "lr": ()}
LAT_OF = {"root": 60, "l": 150, "r": 40, "ll": 90, "lr": 30}


def r177_recursive_siblings(web: str, node: str = "root") -> list[str]:
    if not TREE[node]:
        return [_get(web, f"rs-{node}", LAT_OF[node])]
    left = r177_recursive_siblings(web, TREE[node][0])
    right = r177_recursive_siblings(web, TREE[node][1])
    return left + right


# =========================================================================== files beside decorators


def read_two(tmp: str, web: str) -> list[str]:
    a = _get(web, "fl-a", 150)
    text = Path(tmp, "in.json").read_text()
    b = _get(web, "fl-b", 40)
    return [a, json.loads(text)["v"], b]


def make_r177_file_read_in_wrapped(env: Env) -> Any:
    return timed(read_two)


def setup_in_json(env: Env) -> None:
    (env.tmp / "in.json").write_text(json.dumps({"v": "file"}))


def tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


# =========================================================================== dispatch, cached_property, classes, gather


@functools.singledispatch
def render(item: Any, web: str) -> str:
    return _get(web, f"sd-obj-{type(item).__name__}", 90)


@render.register
def _(item: str, web: str) -> str:
    return _get(web, f"sd-str-{item}", 150)


@render.register
def _(item: int, web: str) -> str:
    return _get(web, f"sd-int-{item}", 40)


def r177_singledispatch_helper(web: str) -> list[str]:
    a = render("x", web)
    b = render(7, web)
    print("rendered", a, b)
    c = render(2.5, web)
    return [a, b, c]


class Renderer:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.singledispatchmethod
    def show(self, item: Any) -> str:
        return _get(self.web, f"sm-obj-{item}", 90)

    @show.register
    def _(self, item: str) -> str:
        return _get(self.web, f"sm-str-{item}", 150)

    def all(self) -> list[str]:
        a = self.show("s")
        b = self.show(3)
        print("shown", a)
        return [a, b]


def make_r177_singledispatchmethod_inside(env: Env) -> Any:
    return Renderer(env.web).all


class Profile:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cached_property
    def name(self) -> str:
        print("load name")
        return _get(self.web, "cp-name", 150)

    def summary(self) -> list[str]:
        a = self.name
        b = _get(self.web, "cp-b", 40)
        c = self.name
        d = _get(self.web, f"cp-{c}", 90)
        return [a, b, c, d]


def make_r177_cached_property_method(env: Env) -> Any:
    return Profile(env.web).summary


def r177_jit_class_call(web: str) -> str:
    return web


def drive_jit_class_call(f: Any, env: Env) -> Any:
    class Summ:
        def __init__(self, prefix: str) -> None:
            self.prefix = prefix

        def __call__(self, web: str) -> list[str]:
            a = _get(web, f"{self.prefix}-a", 150)
            print("call a", a)
            b = _get(web, f"{self.prefix}-b", 40)
            return [a, b]

    cls = _J(Summ, _is_jitted(f))
    return [cls("jc1")(env.web), cls("jc2")(env.web), cls.__name__]


async def interleaved(client: httpx.AsyncClient, web: str, tag: str, ms1: int,
                      ms2: int) -> list[str]:
    a = (await client.get(f"{web}/items/{tag}-a?ms={ms1}")).json()["value"]
    print("a", tag)
    b = (await client.get(f"{web}/items/{tag}-b?ms={ms2}")).json()["value"]
    print("b", tag)
    return [a, b]


async def r177_gather_same_jitted(web: str, client: httpx.AsyncClient) -> list[Any]:
    return await asyncio.gather(AINNER["g"](client, web, "x", 100, 100),
                                AINNER["g"](client, web, "y", 150, 10))


def drive_gather_same_jitted(f: Any, env: Env) -> Any:
    AINNER["g"] = _J(interleaved, _is_jitted(f))
    try:
        return drive_async_httpx(f, env)
    finally:
        AINNER.clear()


@contextlib.contextmanager
def tolerant(name: str) -> Iterator[None]:
    try:
        yield
    except requests.HTTPError as exc:
        print("tolerated", name, exc.response.status_code)


def r177_tolerant_contextmanager(web: str) -> list[Any]:
    got = []
    with tolerant("first"):
        r = requests.get(f"{web}/items/missing-tc?ms=40", timeout=5)
        r.raise_for_status()
        got.append(_get(web, "tc-b", 90))
    a = _get(web, "tc-a", 150)
    c = _get(web, "tc-c", 60)
    return [got, a, c]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _m(make: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, make=make, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _named(case: Case, name: str) -> Case:
    return dataclasses.replace(case, name=name)


T3 = over(0.15, 0.04, 0.09)
T2 = over(0.15, 0.04)
# three_then_put: a, b overlap (0.15), then PUT (0.05), then c (0.09)
TP = (0.15 + 0.04 + 0.05 + 0.09) / (0.15 + 0.05 + 0.09)

ALL: list[Case] = [
    _m(make_r177_printed_wrapper, T3, overlap=3),
    _m(make_r177_logged_wrapper, TP),
    _m(make_r177_timed_wrapper, T3, overlap=3),
    _m(make_r177_stacked_log_print_bare, T3, overlap=3),
    _m(make_r177_counted_wrapper, T3, drive=drive_counted),
    _m(make_r177_retry_fallback, 0.54 / 0.42,
       drive=drive_retry_fallback, speculative_reads=True),
    _m(make_r177_retry_loop_kwonly, 1.0, drive=drive_retry_loop, speculative_reads=True),
    _m(make_r177_memo_wrapper, T3, drive=drive_memo),
    _m(make_r177_wrapper_flag_set_after, T3, drive=drive_flag_set_after),
    _m(make_r177_upper_key_wrapper, T2, drive=drive_upper_key),
    _m(make_r177_twice_wrapper, TP),
    _m(make_r177_swapped_wrapped, (0.28 + 0.33) / (0.15 + 0.29), drive=drive_swapped),
    _w(r177_jit_over_class_decorator, T3, drive=drive_jit_over_class_decorator),
    _w(r177_jit_over_lru_cache, T3, drive=drive_jit_over_lru_cache),
    _w(r177_jit_under_printed, T3, drive=drive_jit_under_printed),
    _w(r177_jit_under_lru_cache, T3, drive=drive_jit_under_lru_cache),
    _w(r177_jit_under_counted_and_over, TP, drive=drive_jit_sandwich),
    _w(r177_lru_helper_inside, T3),
    _w(r177_contextmanager_steps, (0.15 + 0.04 + 0.09 + 0.06) / (0.15 + 0.09)),
    _w(r177_suppress_then_reads, (0.04 + 0.15 + 0.04) / (0.04 + 0.15),
       speculative_reads=True),
    _m(make_r177_bound_method_rebinds_attr, T3, overlap=3, args=lambda env: ()),
    _m(make_r177_method_with_user_wrapper, T3, drive=drive_method_wrapper),
    _m(make_r177_staticmethod_object, T3, overlap=3),
    _m(make_r177_classmethod_bound, T2, overlap=2),
    _m(make_r177_subclass_super_method, T3, overlap=3, args=lambda env: ()),
    _m(make_r177_dataclass_method, T3, overlap=3, args=lambda env: ()),
    _m(make_r177_frozen_dataclass_method, T2, overlap=2, args=lambda env: ()),
    _m(make_r177_factory_closure_session, T3, overlap=3),
    _m(make_r177_closure_nonlocal_counter, T2, overlap=2),
    _m(make_r177_second_lambda_same_line, T2, overlap=2),
    _m(make_r177_lambda_from_comprehension, T2, overlap=2),
    _m(make_r177_partial_keyword, T2, drive=drive_partial_keyword),
    _m(make_r177_partial_of_bound_method, T3, args=lambda env: ()),
    _w(r177_jit_over_partial_subclass, T3, drive=drive_jit_over_partial_subclass),
    _w(r177_jit_each_iteration, T3, drive=drive_jit_each_iteration),
    _w(r177_same_function_jitted_twice, TP, drive=drive_jitted_twice),
    _w(r177_nested_jit_calls, (0.19 * 2 + 0.09) / 0.3, drive=drive_nested_jit),
    _w(r177_nested_jit_put_between, (0.19 * 2 + 0.05) / (0.15 * 2 + 0.05),
       drive=drive_nested_jit),
    _w(r177_callback_map, 1.0, drive=drive_callback_map_sorted),
    _w(r177_executor_map, T3, drive=drive_executor_map),
    _w(r177_jitted_generator, 1.0, drive=drive_generator),
    _w(r177_async_httpx_awaits, T3, drive=drive_async_httpx, cat="clients"),
    Case("sdk", r177_async_openai_three, servers="web api", ideal=T3, drive=drive_async_openai),
    _w(r177_async_calls_jitted_async, (0.19 * 2) / 0.3, drive=drive_async_nested,
       cat="clients"),
    _m(make_r177_async_user_wrapper, T3, drive=drive_async_httpx, cat="clients"),
    _w(r177_async_generator, 1.0, drive=drive_async_generator, cat="clients"),
    _w(r177_types_vary, T2, drive=drive_types_vary),
    _w(r177_keys_container_varies, 0.99 / 0.75, drive=drive_containers_vary),
    _w(r177_kwonly_defaults, T2, drive=drive_kwonly),
    _w(r177_star_args_kwargs, 0.48 / 0.36, drive=drive_star_args),
    _w(r177_mutable_default_seen, 1.5, drive=drive_mutable_default, cat="state"),
    _w(r177_mutable_default_dict_cache, T2, drive=drive_mutable_dict, cat="state"),
    _w(r177_recursive_siblings, (0.09 + 0.03 + 0.04) / 0.09),
    _w(r177_singledispatch_helper, T3),
    _m(make_r177_singledispatchmethod_inside, T2, args=lambda env: ()),
    _m(make_r177_cached_property_method, (0.15 + 0.04 + 0.09) / (0.15 + 0.09),
       args=lambda env: ()),
    _w(r177_jit_class_call, T2, drive=drive_jit_class_call),
    _w(r177_gather_same_jitted, 0.2 / 0.16,
       drive=drive_gather_same_jitted, cat="clients"),
    _w(r177_tolerant_contextmanager, (0.04 + 0.15 + 0.06) / (0.04 + 0.15),
       speculative_reads=True),
    _m(make_r177_file_read_in_wrapped, T2, cat="files", args=tmp_web, setup=setup_in_json),
]

FIXED_WHY: dict[str, str] = {
    "r177_jit_over_class_decorator": (
        "`xcs.jit` above a class-based decorator (`@xcs.jit @Traced def f`): jit raises "
        "JITError ('takes a Python function') where the plain stack runs; the docstring "
        "says so, but an instance with `__call__` is a common decorator shape"),
    "r177_jit_over_lru_cache": (
        "`xcs.jit` above `functools.lru_cache` (`@xcs.jit @functools.cache def f`): "
        "JITError for the `_lru_cache_wrapper` object instead of running it as written "
        "(it has no source of its own; `__wrapped__` holds the function)"),
    "r177_jit_over_partial_subclass": (
        "`xcs.jit(MyPartial(f, tag=...))` for a `functools.partial` subclass: only "
        "`type(func) is functools.partial` is handled, so the subclass raises JITError"),
}

FAILING_WHY: dict[str, str] = {
    "r177_counted_wrapper": (
        "`xcs.jit(counted(g))` where the wrapper counts in its own attribute "
        "(`wrapper.calls += 1`): the jitted function's `calls` is the copy `update_wrapper` "
        "made of the wrapper's `__dict__` at jit time, so `f.calls` stays 0 (plain 2); "
        "the count goes to the original wrapper's attribute, which the caller cannot see. "
        "Documented in docs/jit.md: every `functools.wraps` decorator (`functools.cache` "
        "too) copies the attributes the same way"),
    "r177_wrapper_flag_set_after": (
        "the other direction: `f.verbose = True` set on the jitted function after "
        "decoration lands on the jitted wrapper's own `__dict__`, while the wrapper reads "
        "`wrapper.verbose` on the original: the jitted second call prints no 'calling' line. "
        "Documented with r177_counted_wrapper"),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
