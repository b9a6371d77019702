"""Red-team cases (stop 115): state held in closures and callables.

Nonlocal counters, `functools.partial` of clients and URLs (a partial whose keywords hold a
dict the function changes between calls, one that carries hooks), mutable default
arguments, lambdas and bound methods stored in dicts and lists (a late-bound loop variable,
a table of verbs that mixes GETs and PUTs), generators and iterators consumed across a loop
(``next(it)`` in the body, a generator that prints or PUTs as it is advanced, its
``finally`` run when a loop breaks, ``send()``, ``itertools.islice``/``tee``/``chain``/
``groupby``/``starmap``/``accumulate`` over responses, ``iter(callable, sentinel)``),
callable class instances that count, remember the last answer or flush in batches,
``functools.cache``/``lru_cache`` on helpers that fetch, and ``itertools.count`` ids
handed to requests. Stateful objects live in the case's arguments (built per run) or are
reset by the case's drive, so the plain and the jitted run start from the same state.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY`
saying what differed.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam115")

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)


def _val(r: Any) -> str:
    return r.json()["value"]


# =========================================================================== nonlocal counters


def nonlocal_counter_in_url(web: str) -> list[str]:
    n = 0

    def fetch(k: str, ms: int) -> str:
        nonlocal n
        n += 1
        return requests.get(f"{web}/items/{k}-{n}?ms={ms}").json()["value"]

    return [fetch(k, ms) for k, ms in KEYS]


def nonlocal_counter_after_fetch(web: str) -> tuple[list[str], int]:
    """The counter is bumped after each fetch; the result carries the final count."""
    calls = 0

    def get(k: str, ms: int) -> str:
        nonlocal calls
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        calls += 1
        print("call", calls, k)
        return v

    out = []
    for k, ms in KEYS:
        out.append(get(k, ms))
    return out, calls


def nonlocal_page_cursor(web: str) -> list[str]:
    """A nested pager keeps the next key in a nonlocal: each GET depends on the last."""
    cursor = "p0"

    def page() -> str:
        nonlocal cursor
        v = requests.get(f"{web}/items/{cursor}?ms=30").json()["value"]
        cursor = v.replace("v-", "n")
        return v

    return [page() for _ in range(3)]


def nonlocal_put_counter_then_get(web: str) -> list[str]:
    """A nested writer numbers its PUTs; the reads after see each version."""
    version = 0

    def save(k: str) -> None:
        nonlocal version
        version += 1
        requests.put(f"{web}/items/{k}?ms=20", data=f"ver{version}")

    out = []
    for k, ms in KEYS:
        save(k)
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    save("a")
    out.append(requests.get(f"{web}/items/a?ms=40").json()["value"])
    return out


# =========================================================================== itertools.count ids


def count_ids_for_loop(web: str) -> list[str]:
    ids = itertools.count(100)
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}&id={next(ids)}").json()["value"])
    return out


def count_ids_listcomp_print(web: str) -> list[str]:
    ids = itertools.count(1)
    out = [requests.get(f"{web}/items/{k}?ms={ms}&id={next(ids)}").json()["value"]
           for k, ms in KEYS]
    print("next id", next(ids))
    return out


def count_ids_shared_arg(web: str, ids: Iterator[int]) -> list[str]:
    """A count handed in by the caller, drawn again on a second call."""
    out = []
    for k, ms in KEYS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}&id={next(ids)}").text)
    return out


def count_zip_enumerate_ids(web: str) -> dict[int, str]:
    return {i: requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            for i, (k, ms) in zip(itertools.count(7, 7), KEYS)}



# =========================================================================== functools.partial


def partial_get_timeout(web: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    return [get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KEYS]


def partial_session_get_base(web: str) -> list[str]:
    with requests.Session() as s:
        item = functools.partial(s.get, timeout=5)
        out = []
        for k, ms in KEYS:
            out.append(item(f"{web}/items/{k}?ms={ms}").json()["value"])
        return out


def _item_url(web: str, k: str, ms: int) -> str:
    return f"{web}/items/{k}?ms={ms}"


def partial_url_builder_map(web: str) -> list[int]:
    url = functools.partial(_item_url, web)
    return [requests.get(url(k, ms)).status_code for k, ms in KEYS]


def partial_params_dict_mutated(web: str) -> list[str]:
    """The partial's `params` dict is changed before each call: each call sends its own."""
    params: dict[str, Any] = {"ms": 0}
    get = functools.partial(requests.get, params=params)
    out = []
    for k, ms in KEYS:
        params["ms"] = ms
        params["tag"] = k
        out.append(get(f"{web}/items/{k}").json()["value"])
    return out


def partial_keywords_rebound(web: str) -> list[str]:
    """The partial's keywords dict itself is changed between calls."""
    get = functools.partial(requests.get, params={"ms": 150})
    out = []
    for k, ms in KEYS:
        get.keywords["params"] = {"ms": ms, "k": k}
        out.append(get(f"{web}/items/{k}").json()["value"])
    return out


def _print_hook(r: Any, *args: Any, **kw: Any) -> None:
    print("hook", r.url.rsplit("/", 1)[-1])


def partial_with_hooks(web: str) -> list[str]:
    """A partial that carries a response hook: the hook prints in request order."""
    get = functools.partial(requests.get, hooks={"response": [_print_hook]})
    out = []
    for k, ms in KEYS:
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print("after", k)
    return out



def _fetch_value(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def partial_map_starmap(web: str) -> list[str]:
    fetch = functools.partial(_fetch_value, web)
    return list(itertools.starmap(fetch, KEYS))


def partial_map_list(web: str) -> list[str]:
    fetch = functools.partial(_fetch_value, web, ms=60)
    return list(map(fetch, ["a", "b", "c", "d"]))


def partial_of_print_between(web: str) -> list[str]:
    say = functools.partial(print, "[job]", sep=" | ")
    out = []
    for k, ms in KEYS:
        say("fetch", k)
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    say("done", len(out))
    return out


# =========================================================================== mutable defaults


def _seen_get(web: str, k: str, ms: int, _seen: list = []) -> str:  # noqa: B006
    _seen.append(k)
    return f"{len(_seen)}:" + requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def default_list_counts_calls(web: str) -> list[str]:
    return [_seen_get(web, k, ms) for k, ms in KEYS]


def _memo_get(web: str, k: str, ms: int, _memo: dict = {}) -> str:  # noqa: B006
    if k not in _memo:
        _memo[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return _memo[k]


def default_dict_memo_duplicates(web: str) -> list[str]:
    """Duplicates hit the default dict: plain sends three requests, not five."""
    keys = [("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)]
    return [_memo_get(web, k, ms) for k, ms in keys]



def _reset_defaults(fn: Any, env: Env) -> Any:
    _seen_get.__defaults__[0].clear()  # type: ignore[index]
    _memo_get.__defaults__[0].clear()  # type: ignore[index]
    return fn(env.web)


# =========================================================================== lambdas in dicts and lists


def lambdas_late_binding(web: str) -> list[str]:
    """Every lambda sees the loop's last key: plain fetches "c" three times."""
    fns = [lambda: requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]  # noqa: B023
           for k, ms in KEYS]
    return [f() for f in fns]


def lambdas_default_bound(web: str) -> list[str]:
    fns = [lambda k=k, ms=ms: requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
           for k, ms in KEYS]
    return [f() for f in fns]


def lambda_dict_of_verbs(web: str) -> list[Any]:
    """A table of verbs: a GET, a PUT of the same key, then GETs that must see it."""
    ops = {
        "get": lambda k, ms: requests.get(f"{web}/items/{k}?ms={ms}").json()["value"],
        "put": lambda k, ms: requests.put(f"{web}/items/{k}?ms={ms}", data="put-" + k).status_code,
    }
    plan = [("get", "a", 150), ("put", "a", 10), ("get", "a", 40), ("get", "b", 90)]
    return [ops[verb](k, ms) for verb, k, ms in plan]



def bound_methods_in_dict(web: str) -> list[str]:
    with requests.Session() as s:
        api = {"get": s.get, "put": s.put}
        steps = [("get", "x", 150), ("put", "x", 20), ("get", "x", 40), ("get", "y", 90)]
        out = []
        for verb, k, ms in steps:
            r = api[verb](f"{web}/items/{k}?ms={ms}", data=None if verb == "get" else "X2")
            out.append(r.text)
        return out



# =========================================================================== generators across the loop


def _keys_loud() -> Iterator[tuple[str, int]]:
    for k, ms in KEYS:
        print("yield", k)
        yield k, ms


def generator_next_in_body_prints(web: str) -> list[str]:
    g = _keys_loud()
    out = []
    for _ in range(3):
        k, ms = next(g)
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print("got", k)
    return out


def iterator_of_latencies_next(web: str) -> list[str]:
    lats = iter([150, 40, 90])
    out = []
    for k in ("a", "b", "c"):
        out.append(requests.get(f"{web}/items/{k}?ms={next(lats)}").json()["value"])
    return out



def _fetching_gen(web: str, keys: Any) -> Iterator[str]:
    for k, ms in keys:
        yield requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def islice_of_fetching_generator(web: str) -> list[str]:
    """Only two of four items are taken: plain sends two requests."""
    keys = [("a", 150), ("b", 40), ("c", 90), ("d", 60)]
    return list(itertools.islice(_fetching_gen(web, keys), 2))


def tee_then_put_between(web: str) -> tuple[list[str], list[str]]:
    a, b = itertools.tee(_fetching_gen(web, KEYS))
    first = list(a)
    requests.put(f"{web}/items/a?ms=10", data="changed")
    second = list(b)  # tee replays what `a` read: no new GETs
    return first, second


def generator_put_between_next(web: str) -> list[str]:
    """The consumer PUTs the next key between two steps: the generator's GET must see it."""
    g = _fetching_gen(web, KEYS)
    out = [next(g)]
    requests.put(f"{web}/items/b?ms=10", data="early-b")
    out.append(next(g))
    out.append(next(g))
    return out



def groupby_over_responses(web: str) -> dict[bool, list[str]]:
    keys = ["ab", "b", "cd", "d", "e"]
    vals = [requests.get(f"{web}/items/{k}?ms={150 - 25 * i}").json()["value"]
            for i, k in enumerate(keys)]
    return {g: list(items) for g, items in itertools.groupby(vals, key=lambda v: len(v) > 3)}



def _put_on_close(web: str) -> Iterator[str]:
    try:
        for k in ("a", "b", "c"):
            yield requests.get(f"{web}/items/{k}?ms=40").json()["value"]
    finally:
        requests.put(f"{web}/items/closed?ms=10", data="yes")


def generator_finally_put_on_break(web: str) -> list[str]:
    """Breaking out closes the generator: its finally PUTs before the next GET."""
    out = []
    for v in _put_on_close(web):
        out.append(v)
        if v == "v-a":
            break
    out.append(requests.get(f"{web}/items/closed?ms=90").json()["value"])
    return out


def iter_callable_sentinel_pages(web: str) -> list[str]:
    """iter(fn, sentinel): a closure walks pages until a key it is told to stop at."""
    pages = iter(["p1", "p2", "p3", "stop"])

    def next_page() -> str:
        k = next(pages)
        return k if k == "stop" else requests.get(f"{web}/items/{k}?ms=30").json()["value"]

    return list(iter(next_page, "stop"))



# =========================================================================== generator send()



def _batcher(web: str, size: int) -> Any:
    batch: list[str] = []
    n = 0
    while True:
        v = yield n
        batch.append(v)
        if len(batch) == size:
            n += 1
            requests.put(f"{web}/items/batch{n}?ms=10", data=",".join(batch))
            batch = []


def send_batches_flush_put(web: str) -> list[str]:
    """Every second value sent flushes a PUT; the GET of batch1 must see it."""
    b = _batcher(web, 2)
    next(b)
    for k, ms in (("a", 150), ("b", 40)):
        b.send(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    seen = requests.get(f"{web}/items/batch1?ms=90").json()["value"]
    b.send(requests.get(f"{web}/items/c?ms=30").json()["value"])
    return [seen]


def _crawler(web: str) -> Any:
    k = yield None
    while True:
        v = requests.get(f"{web}/items/{k}?ms=30").json()["value"]
        k = yield v


def send_driven_crawler(web: str) -> list[str]:
    c = _crawler(web)
    next(c)
    return [c.send(k) for k in ("a", "b", "c")]


# =========================================================================== callable instances


class Fetcher:
    """Counts its calls and numbers each request."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def __call__(self, k: str, ms: int) -> str:
        self.n += 1
        return requests.get(f"{self.web}/items/{k}?ms={ms}&n={self.n}").json()["value"]


def callable_instance_counts(web: str) -> tuple[list[str], int]:
    f = Fetcher(web)
    out = [f(k, ms) for k, ms in KEYS]
    return out, f.n


class PureFetcher:
    """Holds only its base URL: calls change nothing."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, k: str, ms: int) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}").json()["value"]


def callable_instance_stateless(web: str) -> list[str]:
    f = PureFetcher(web)
    out = []
    for k, ms in KEYS:
        out.append(f(k, ms))
    return out



class Remember:
    """Each call's URL carries the previous answer's length: a chain."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.last = ""

    def __call__(self, k: str) -> str:
        self.last = requests.get(f"{self.web}/items/{k}{len(self.last)}?ms=30").json()["value"]
        return self.last


def callable_remembers_last(web: str) -> list[str]:
    r = Remember(web)
    return [r(k) for k in ("a", "bb", "ccc")]


class Flusher:
    """Buffers values and PUTs them every `size` calls."""

    def __init__(self, web: str, size: int) -> None:
        self.web, self.size, self.buf, self.flushed = web, size, [], 0

    def __call__(self, v: str) -> None:
        self.buf.append(v)
        if len(self.buf) >= self.size:
            self.flushed += 1
            requests.put(f"{self.web}/items/flush{self.flushed}?ms=10", data="|".join(self.buf))
            self.buf.clear()


def callable_flusher_then_read(web: str) -> list[str]:
    sink = Flusher(web, 2)
    for k, ms in KEYS:
        sink(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return [requests.get(f"{web}/items/flush1?ms=40").json()["value"], "|".join(sink.buf)]


def callable_in_dict_dispatch(web: str) -> list[str]:
    handlers = {"count": Fetcher(web), "pure": PureFetcher(web)}
    out = []
    for name, k, ms in (("pure", "a", 150), ("count", "b", 40), ("pure", "c", 90),
                        ("count", "d", 60)):
        out.append(handlers[name](k, ms))
    return out



# =========================================================================== caches


@functools.cache
def _cached_value(web: str, k: str, ms: int) -> str:
    print("miss", k)
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def cache_duplicates_print_miss(web: str) -> list[str]:
    _cached_value.cache_clear()
    keys = [("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)]
    return [_cached_value(web, k, ms) for k, ms in keys]


@functools.cache
def _cached_quiet(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def cache_duplicates_quiet(web: str) -> list[str]:
    _cached_quiet.cache_clear()
    keys = [("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)]
    out = []
    for k, ms in keys:
        out.append(_cached_quiet(web, k, ms))
    return out


@functools.cache
def _cached_then_put(web: str, k: str) -> str:
    return requests.get(f"{web}/items/{k}?ms=40").json()["value"]


def cache_hit_hides_put(web: str) -> list[str]:
    """The second read of "a" after a PUT is a cache hit: it returns the old value."""
    _cached_then_put.cache_clear()
    first = _cached_then_put(web, "a")
    requests.put(f"{web}/items/a?ms=10", data="fresh")
    again = _cached_then_put(web, "a")
    other = _cached_then_put(web, "b")
    return [first, again, other]


@functools.lru_cache(maxsize=2)
def _lru_value(web: str, k: str) -> str:
    print("lru miss", k)
    return requests.get(f"{web}/items/{k}?ms=30").json()["value"]


def lru_bounded_eviction(web: str) -> list[str]:
    _lru_value.cache_clear()
    return [_lru_value(web, k) for k in ("a", "b", "c", "a", "b")]


def memo_dict_passed_to_helper(web: str) -> list[str]:
    memo: dict[str, str] = {}
    out = []
    for k, ms in [("a", 150), ("b", 40), ("a", 150), ("c", 90)]:
        out.append(_memo_into(memo, web, k, ms))
    return out


def _memo_into(memo: dict[str, str], web: str, k: str, ms: int) -> str:
    if k not in memo:
        memo[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return memo[k]


class _Client:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cache  # noqa: B019
    def item(self, k: str) -> str:
        print("method miss", k)
        return requests.get(f"{self.web}/items/{k}?ms=40").json()["value"]


def cache_on_method_duplicates(web: str) -> list[str]:
    c = _Client(web)
    return [c.item(k) for k in ("a", "b", "a", "c")]


# =========================================================================== mixed


def closure_state_dict_token(web: str) -> list[str]:
    """The first answer's value becomes a token that later URLs carry."""
    state: dict[str, str] = {}

    def call(k: str, ms: int) -> str:
        tok = state.get("token", "none")
        v = requests.get(f"{web}/items/{k}?ms={ms}&t={tok}").json()["value"]
        state.setdefault("token", v)
        return v

    return [call(k, ms) for k, ms in KEYS]


def closure_over_list_appends_log(web: str, tmp: str) -> list[str]:
    lines: list[str] = []
    note = lines.append
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        note(f"{k}={v}")
        out.append(v)
    Path(tmp, "log.txt").write_text("\n".join(lines))
    return out


def openai_partial_create(client: Any) -> list[str]:
    ask = functools.partial(client.chat.completions.create, model="gpt")
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        r = ask(messages=[{"role": "user", "content": q}], extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def openai_count_ids_in_prompt(client: Any) -> list[str]:
    ids = itertools.count(1)
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        r = client.chat.completions.create(
            model="gpt", extra_body={"latency": lat},
            messages=[{"role": "user", "content": f"#{next(ids)} {q}"}])
        out.append(r.choices[0].message.content)
        LOG.info("answered %s", q)
    return out



# =========================================================================== more state, later found


def lambda_url_late_base(web: str) -> list[str]:
    """A lambda builds URLs from a local the function rebinds between the two GETs."""
    base = f"{web}/items"
    url = lambda k, ms: f"{base}/{k}?ms={ms}"  # noqa: E731
    a = requests.get(url("a", 150)).text
    base = f"{web}/text"
    b = requests.get(url("b", 40)).text
    return [a, b]


def callee_rebound_in_loop(web: str) -> list[int]:
    """The callee is a GET for the first item and a partial PUT after it."""
    verb: Any = requests.get
    out = []
    for k, ms in KEYS:
        r = verb(f"{web}/items/{k}?ms={ms}")
        out.append(r.status_code)
        if k == "a":
            verb = functools.partial(requests.put, data="z")
    return out


def instance_call_attr_shadow(web: str) -> list[str]:
    """An instance attribute named __call__ is not what f(...) calls: the type's is."""
    f = PureFetcher(web)
    f.__call__ = lambda k, ms: "shadow"  # type: ignore[method-assign]
    return [f(k, ms) for k, ms in KEYS]


@functools.cache
def _by_num(web: str, n: Any) -> str:
    return requests.get(f"{web}/items/n{n}?ms={150 if n == 1 else 40}").json()["value"]


def cache_equal_keys_int_float(web: str) -> list[str]:
    """1, 1.0 and True are one cache key: plain sends two requests (n1, n2)."""
    _by_num.cache_clear()
    return [_by_num(web, 1), _by_num(web, 2), _by_num(web, 1.0), _by_num(web, True)]


def cache_kw_vs_positional(web: str) -> list[str]:
    """f(web, 1) and f(web, n=1) are two cache keys: plain sends n1 twice."""
    _by_num.cache_clear()
    return [_by_num(web, 1), _by_num(web, n=2), _by_num(web, 1), _by_num(web, n=1)]


def iter_alias_list_extended(web: str) -> list[str]:
    """The loop walks an iterator of a list the body extends through its own name."""
    todo = ["a"]
    it = iter(todo)
    out = []
    for k in it:
        out.append(requests.get(f"{web}/items/{k}?ms=40").json()["value"])
        if k == "a":
            todo.extend(["b", "c"])
    return out


def keys_view_dict_grows(web: str) -> list[str]:
    """A keys view walked while the dict grows: plain raises after the first GET."""
    d = {"a": 150, "b": 40}
    view = d.keys()
    out = []
    try:
        for k in view:
            out.append(requests.get(f"{web}/items/{k}?ms={d[k]}").json()["value"])
            d[k + "x"] = 10
    except RuntimeError as e:
        out.append(str(e))
    return out


def zip_gen_first_pulls_extra(web: str) -> list[tuple[str, str]]:
    """zip pulls a third item from the generator before it sees the list end: 3 GETs."""
    return list(zip(_fetching_gen(web, [("a", 150), ("b", 40), ("c", 90), ("d", 60)]),
                    ["x", "y"], strict=False))


def _writer(web: str) -> Any:
    v = None
    while True:
        got = yield v
        nxt = chr(ord(got[-1]) + 1)
        requests.put(f"{web}/items/{nxt}?ms=10", data="w-" + got)
        v = got.upper()


def comp_send_to_putting_gen(web: str) -> list[str]:
    """Each send PUTs the next key: the next item's GET must see it."""
    w = _writer(web)
    next(w)
    return [w.send(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in KEYS]


class Sink:
    """PUTs the key after the value's last letter."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, got: str) -> str:
        nxt = chr(ord(got[-1]) + 1)
        requests.put(f"{self.web}/items/{nxt}?ms=10", data="s-" + got)
        return got.upper()


def comp_sink_instance_puts(web: str) -> list[str]:
    sink = Sink(web)
    return [sink(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) for k, ms in KEYS]


class Fetcher1:
    """One-argument fetcher that numbers its requests."""

    def __init__(self, web: str) -> None:
        self.web, self.n = web, 0

    def __call__(self, k: str) -> str:
        self.n += 1
        ms = 150 if k == "a" else 40
        return requests.get(f"{self.web}/items/{k}?ms={ms}&n={self.n}").json()["value"]


def map_counting_instance(web: str) -> tuple[list[str], int]:
    f = Fetcher1(web)
    return list(map(f, ["a", "b", "c", "d"])), f.n


def jitted_own_default_memo(web: str, _memo: dict = {}) -> list[str]:  # noqa: B006
    """The function's own mutable default: the second call answers from it, no GETs."""
    out = []
    for k, ms in KEYS:
        if k not in _memo:
            _memo[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        out.append(_memo[k])
    return out


def _own_default_twice(fn: Any, env: Env) -> Any:
    jitted_own_default_memo.__defaults__[0].clear()  # type: ignore[index]
    return [fn(env.web), fn(env.web)]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # nonlocal counters
    _w(nonlocal_counter_in_url, O3),
    _w(nonlocal_counter_after_fetch, O3),
    _w(nonlocal_page_cursor),
    _w(nonlocal_put_counter_then_get),
    # itertools.count
    _w(count_ids_for_loop, O3, overlap=3),
    _w(count_ids_listcomp_print, O3, overlap=3),
    _w(count_ids_shared_arg, O3, args=lambda env: (env.web, itertools.count(1)), calls=2),
    _w(count_zip_enumerate_ids, O3, overlap=3),
    # partial
    _w(partial_get_timeout, O3, overlap=3, cat="clients"),
    _w(partial_session_get_base, O3, overlap=3, cat="clients"),
    _w(partial_url_builder_map, O3, overlap=3),
    _w(partial_params_dict_mutated, O3),
    _w(partial_keywords_rebound, O3),
    _w(partial_with_hooks, cat="helpers"),
    _w(partial_map_starmap, O3),
    _w(partial_map_list, 4.0, overlap=4),
    _w(partial_of_print_between, O3, overlap=3),
    # mutable defaults
    _w(default_list_counts_calls, O3, drive=_reset_defaults),
    _w(default_dict_memo_duplicates, O3, drive=_reset_defaults),
    # lambdas
    _w(lambdas_late_binding, 3.0),
    _w(lambdas_default_bound, O3),
    _w(lambda_dict_of_verbs, (0.15 + 0.01 + 0.04 + 0.09) / (0.15 + 0.01 + 0.04)),
    _w(bound_methods_in_dict, (0.15 + 0.02 + 0.04 + 0.09) / (0.15 + 0.02 + 0.04)),
    # generators and iterators
    _w(generator_next_in_body_prints, O3),
    _w(iterator_of_latencies_next, O3),
    _w(islice_of_fetching_generator, 0.19 / 0.15),
    _w(tee_then_put_between, (0.28 + 0.01) / (0.15 + 0.01)),
    _w(generator_put_between_next, 0.29 / 0.25),
    _w(groupby_over_responses, (0.15 + 0.125 + 0.1 + 0.075 + 0.05) / 0.15, overlap=5),
    _w(generator_finally_put_on_break),
    _w(iter_callable_sentinel_pages, 3.0),
    # send()
    _w(send_batches_flush_put, (0.15 + 0.04 + 0.01 + 0.09 + 0.03) / (0.15 + 0.01 + 0.09 + 0.03)),
    _w(send_driven_crawler, 3.0),
    # callable instances
    _w(callable_instance_counts, O3),
    _w(callable_instance_stateless, O3),
    _w(callable_remembers_last),
    _w(callable_flusher_then_read, (0.15 + 0.04 + 0.01 + 0.09 + 0.04) / (0.15 + 0.01 + 0.09 + 0.04)),
    _w(callable_in_dict_dispatch, over(0.15, 0.04, 0.09, 0.06)),
    # caches
    _w(cache_duplicates_print_miss, O3),
    _w(cache_duplicates_quiet, O3, overlap=3),
    _w(cache_hit_hides_put),
    _w(lru_bounded_eviction, 2.5),
    _w(memo_dict_passed_to_helper, O3),
    _w(cache_on_method_duplicates, 3.0),
    # mixed
    _w(closure_state_dict_token, (0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _w(closure_over_list_appends_log, O3, args=web_tmp, cat="files", overlap=3),
    Case("sdk", openai_partial_create, args=oa, servers="api", ideal=O3),
    Case("sdk", openai_count_ids_in_prompt, args=oa, servers="api", ideal=O3, overlap=3),
    # later found
    _w(lambda_url_late_base, 0.19 / 0.15),
    _w(callee_rebound_in_loop),
    _w(instance_call_attr_shadow, O3, overlap=3),
    _w(cache_equal_keys_int_float, 0.19 / 0.15),
    _w(cache_kw_vs_positional, (0.15 + 0.04 + 0.15) / 0.15),
    _w(iter_alias_list_extended, 0.12 / 0.08),
    _w(keys_view_dict_grows),
    _w(zip_gen_first_pulls_extra, O3),
    _w(comp_send_to_putting_gen),
    _w(comp_sink_instance_puts),
    _w(map_counting_instance, (0.15 + 0.12) / 0.15),
    _w(jitted_own_default_memo, O3, drive=_own_default_twice),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
