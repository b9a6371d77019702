"""Red-team cases (stop 206): data-processing pipelines around I/O.

Batching and chunking, map/filter/reduce, itertools (islice, takewhile, groupby,
accumulate, product, tee, chain), lazy iterators consumed partly (zip's extra pull, next
and any over a generator), generators of fetched items consumed by another loop, sorted,
min and max with key functions that fetch, dedup with sets, grouping with setdefault,
defaultdict(list) and Counter, float totals whose order matters, cursors in while loops,
string building, csv and json, numpy, seeded random, and Ember's own `xcs.parallel`,
`xcs.vmap` and jitted functions calling jitted functions or called again with globals
rebound. Then the shapes a loop prefetch ("starts for every item before the first
iteration") must respect: a failure part-way, a late item whose argument raises, an argument
a closure bumps, state a helper changes after its fetch (a counter, a cache, a ContextVar),
response hooks that print, a random generator used in the argument and the body, a walrus
target, iterables of several kinds handed to the same jitted function.
Each is run against the plain function: value and type, exception, stdout, corpus logs,
the servers' request logs, files.
"""

from __future__ import annotations

import contextvars
import csv
import functools
import io
import itertools
import json
import random
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import requests
import requests.auth

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("r206")


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _num(web: str, key: str, ms: int = 50) -> float:
    return float(_get(web, key, ms).removeprefix("v-"))


def _checked(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


# --------------------------------------------------------------------------- batching


def r206_chunked_batches(web: str) -> list[list[str]]:
    keys = [f"k{i}" for i in range(7)]
    out = []
    for i in range(0, len(keys), 3):
        batch = keys[i:i + 3]
        out.append([_get(web, k, 60) for k in batch])
    return out


def r206_float_total_order(web: str) -> float:
    total = 0.0
    for k, ms in (("1e16", 150), ("1", 30), ("-1e16", 90), ("1", 10)):
        total += _num(web, k, ms)
    return total


def r206_sum_generator_floats(web: str) -> list[float]:
    pairs = [("0.1", 120), ("1e17", 20), ("0.2", 60), ("-1e17", 10), ("0.3", 90)]
    s = sum(_num(web, k, ms) for k, ms in pairs)
    acc = list(itertools.accumulate(_num(web, k, ms) for k, ms in pairs))
    return [s, *acc]


# --------------------------------------------------------------------------- lazy, partly consumed


def r206_islice_map_lazy(web: str) -> list[str]:
    return list(itertools.islice(map(lambda k: _get(web, k, 40), ["a", "b", "c", "d"]), 2))


def r206_zip_map_first_longer(web: str) -> list[tuple[str, int]]:
    return list(zip(map(lambda k: _get(web, k, 40), ["a", "b", "c", "d"]), [1, 2]))  # noqa: B905 - zip's extra pull is under test


def r206_takewhile_values(web: str) -> list[str]:
    return list(itertools.takewhile(lambda v: v != "v-stop",
                                    map(lambda k: _get(web, k, 40), ["a", "b", "stop", "c"])))


def r206_any_all_generators(web: str) -> list[bool]:
    hit = any(_get(web, k, 40) == "v-b" for k in ["a", "b", "c", "d"])
    ok = all(requests.get(f"{web}/items/{k}?ms=40", timeout=5).ok
             for k in ["e", "missing-f", "g"])
    return [hit, ok]


def r206_tee_split(web: str) -> list[Any]:
    a, b = itertools.tee(map(lambda k: _get(web, k, 40), ["a", "b", "c"]))
    first = next(a)
    rest = list(b)
    return [first, rest, list(a)]


# --------------------------------------------------------------------------- generators


def produce(web: str, keys: list[str]) -> Any:
    for k in keys:
        print("fetch", k)
        yield _get(web, k, 40)


def r206_generator_pipeline_prints(web: str) -> list[str]:
    out = []
    for v in produce(web, ["a", "b", "c"]):
        print("use", v)
        out.append(v.upper())
    return out


def closing_pages(web: str) -> Any:
    try:
        for i in range(5):
            yield _get(web, f"page{i}", 40)
    finally:
        print("closed")


def r206_generator_break_finally(web: str) -> list[str]:
    out = []
    for v in closing_pages(web):
        out.append(v)
        if v.endswith("1"):
            break
    print("after", len(out))
    return out


# --------------------------------------------------------------------------- keys, grouping


def r206_sorted_min_max_key(web: str) -> list[Any]:
    keys = ["1", "01", "1.0", "2", "0.5"]
    by = sorted(keys, key=lambda k: _num(web, k, 40))
    lo = min(keys, key=lambda k: _num(web, k, 40))
    hi = max(keys, key=lambda k: -_num(web, k, 40))
    return [by, lo, hi]


def r206_groupby_fetched_key(web: str) -> list[Any]:
    words = ["apple", "avocado", "banana", "blueberry", "cherry"]
    out = []
    for key, grp in itertools.groupby(words, key=lambda w: _get(web, w[0], 40)):
        out.append((key, list(grp)))
    return out


def r206_dedup_with_set(web: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for k in ["a", "b", "a", "c", "b", "d"]:
        if k in seen:
            continue
        seen.add(k)
        out.append(_get(web, k, 50))
    return out


def r206_grouping_dicts(web: str) -> list[Any]:
    by_len: dict[int, list[str]] = {}
    by_last: defaultdict[str, list[str]] = defaultdict(list)
    for k, ms in (("aa", 120), ("b", 20), ("cc", 80), ("d", 40)):
        v = _get(web, k, ms)
        by_len.setdefault(len(v), []).append(v)
        by_last[v[-1]].append(k)
    return [by_len, dict(by_last), list(by_last)]


def r206_counter_ties(web: str) -> list[Any]:
    c: Counter[str] = Counter()
    for k, ms in (("b", 150), ("a", 30), ("c", 90), ("a", 10)):
        c[_get(web, k, ms)] += 1
    return [c.most_common(), list(c)]


def r206_dict_comprehension_order(web: str) -> list[Any]:
    d = {k: _get(web, k, ms) for k, ms in (("z", 150), ("y", 30), ("x", 90))}
    merged: dict[str, str] = {}
    for k in ("p", "q", "p"):
        merged.update({"last": _get(web, k, 40), k: "seen"})
    return [list(d.items()), list(merged.items())]


def r206_product_and_nested_comprehension(web: str) -> list[Any]:
    grid = [_get(web, f"{a}{b}", 50) for a, b in itertools.product("xy", "12")]
    pairs = [_get(web, f"{a}-{b}", 50) for a in "abc" for b in "abc" if a < b]
    return [grid, pairs]


# --------------------------------------------------------------------------- cursors, closures


def r206_late_binding_closures(web: str) -> list[str]:
    fns = [lambda: _get(web, k, 40) for k in ["a", "b", "c"]]  # noqa: B023 - as written
    return [f() for f in fns]


# --------------------------------------------------------------------------- strings, files, numbers


def r206_join_fstrings(web: str) -> str:
    keys = ["alpha", "be", "c"]
    body = "\n".join(f"{i:02d}|{_get(web, k, 40):>10}|{len(k)}" for i, k in enumerate(keys))
    head = ""
    for k in keys:
        head += f"[{_get(web, k, 40)[2:]}]"
    return head + "\n" + body


def r206_csv_json_file(tmp: str, web: str) -> str:
    rows = [{"key": k, "value": _get(web, k, 50)} for k in ["a", "b", "c"]]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["key", "value"])
    w.writeheader()
    w.writerows(rows)
    with open(f"{tmp}/out.csv", "w", newline="") as f:
        f.write(buf.getvalue())
    with open(f"{tmp}/out.json", "w") as f:
        json.dump({r["key"]: r["value"] for r in rows}, f, indent=1)
    with open(f"{tmp}/out.csv", newline="") as f:
        back = list(csv.DictReader(f))
    return json.dumps(back)


def r206_numpy_aggregate(web: str) -> list[Any]:
    arr = np.array([_num(web, k, ms) for k, ms in (("3", 90), ("1.5", 30), ("-2", 60))])
    total = arr.sum()
    return [total, float(arr.mean()), arr.argsort().tolist(), arr.dtype.str, type(total).__name__]


def r206_seeded_random_instance(web: str) -> list[Any]:
    rng = random.Random(7)
    pool = ["a", "b", "c", "d", "e", "f"]
    keys = rng.sample(pool, 3)
    out = []
    for k in keys:
        v = _get(web, k, 40)
        if rng.random() < 0.5:
            out.append(v)
        else:
            out.append(rng.choice(pool))
    return [keys, out, rng.random()]


# --------------------------------------------------------------------------- writes, logs, errors


def r206_writes_in_sorted_order(web: str) -> list[int]:
    keys = ["c", "a", "b"]
    ranks = {k: _get(web, k, 40) for k in keys}
    return [_put(web, k, ranks[k]) for k in sorted(keys, key=lambda k: ranks[k], reverse=True)]


def r206_lazy_map_of_puts(web: str) -> list[Any]:
    it = map(lambda k: _put(web, k, "w"), ["p", "q", "r"])
    first = next(it)
    after = _get(web, "p", 40)
    return [first, after]


def r206_logging_pipeline(web: str) -> int:
    n = 0
    for k, ms in (("a", 120), ("b", 20), ("c", 60)):
        v = _get(web, k, ms)
        LOG.info("%s -> %s", k, v)
        n += len(v)
    LOG.warning("total %d", n)
    return n


def r206_exception_chain(web: str) -> list[Any]:
    try:
        try:
            vals = [_checked(web, k, 40) for k in ["a", "missing-b", "c"]]
        except requests.HTTPError as e:
            raise LookupError(f"batch failed: {e.response.status_code}") from e
    except LookupError as e2:
        cause = e2.__cause__
        return [type(e2).__name__, str(e2), type(cause).__name__,
                type(e2.__context__).__name__, e2.__suppress_context__]
    return vals


# --------------------------------------------------------------------------- Ember's APIs


def r206_parallel_list(web: str) -> list[str]:
    a, b = xcs.parallel([_get(web, "a", 100), _get(web, "b", 100)])
    c = _get(web, a[-1] + b[-1], 50)
    return [a, b, c]


def r206_vmap_in_function(web: str) -> list[Any]:
    vals = xcs.vmap(lambda k: _get(web, k, 60))(["a", "b", "c"])
    got = xcs.vmap(lambda k: _checked(web, k, 60), errors="collect")(["d", "missing-e"])
    return [vals, [type(g).__name__ if isinstance(g, Exception) else g for g in got]]


def pair(web: str, k: str) -> list[str]:
    return [_get(web, k + "1", 60), _get(web, k + "2", 60)]


PAIR = xcs.jit(pair)


def r206_calls_jitted(web: str) -> list[Any]:
    return [PAIR(web, "a"), PAIR(web, "b"), _get(web, "c", 60)]


def fetch_key(web: str, k: str) -> Any:
    try:
        return [_checked(web, k, 40), _get(web, k + "x", 40)]
    except requests.HTTPError as e:
        return f"failed {e.response.status_code}"


def _changing_args(f: Any, env: Env) -> list[Any]:
    return [f(env.web, k) for k in ("a", "missing-b", "c", "missing-b")]


SUFFIX = {"s": "x"}
KEYS = ["a", "b"]


def r206_uses_globals(web: str) -> list[str]:
    return [_get(web, k + SUFFIX["s"], 40) for k in KEYS]


def _rebinding(f: Any, env: Env) -> list[Any]:
    global KEYS
    out = []
    try:
        out.append(f(env.web))
        KEYS = ["c", "d", "e"]
        out.append(f(env.web))
        SUFFIX["s"] = "y"
        out.append(f(env.web))
    finally:
        KEYS = ["a", "b"]
        SUFFIX["s"] = "x"
    return out


def r206_llm_chunked(client: Any) -> list[str]:
    topics = ["cats", "dogs", "owls", "bees"]
    out = []
    for i in range(0, len(topics), 2):
        chunk = topics[i:i + 2]
        answers = [client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"One word on {t}"}]
        ).choices[0].message.content for t in chunk]
        out.append(" | ".join(a.strip()[:20] for a in answers))
    return out


# --------------------------------------------------------------------------- the cases


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r206_chunked_batches, 7.0, overlap=3),
    _w(r206_float_total_order, 280 / 150),
    _w(r206_sum_generator_floats, 600 / 120),
    _w(r206_islice_map_lazy, 2.0),
    _w(r206_zip_map_first_longer, 3.0),
    _w(r206_takewhile_values),
    _w(r206_any_all_generators),
    _w(r206_tee_split, 3.0),
    _w(r206_generator_pipeline_prints, 3.0),
    _w(r206_generator_break_finally),
    _w(r206_sorted_min_max_key, 15.0),
    _w(r206_groupby_fetched_key, 5.0),
    _w(r206_dedup_with_set, 4.0),
    _w(r206_grouping_dicts, 260 / 120),
    _w(r206_counter_ties, 280 / 150),
    _w(r206_dict_comprehension_order, (270 + 120) / 190),
    _w(r206_product_and_nested_comprehension, 7.0),
    _w(r206_late_binding_closures, 3.0),
    _w(r206_join_fstrings, 6.0),
    Case("files", r206_csv_json_file, args=lambda env: (str(env.tmp), env.web), servers="web",
         ideal=3.0),
    _w(r206_numpy_aggregate, 180 / 90),
    _w(r206_seeded_random_instance, 3.0),
    _w(r206_writes_in_sorted_order, 270 / 190),
    _w(r206_lazy_map_of_puts),
    _w(r206_logging_pipeline, 200 / 120),
    _w(r206_exception_chain, 2.0, speculative_reads=True),
    _w(r206_parallel_list, 250 / 150, cat="fanout", overlap=2),
    _w(r206_vmap_in_function, 300 / 120, cat="fanout", overlap=2),
    _w(r206_calls_jitted, 5 / 3, cat="fanout", overlap=2),
    Case("rebind", fetch_key, name="r206_called_with_changing_args", drive=_changing_args,
         servers="web", ideal=6 / 4, speculative_reads=True),
    Case("rebind", r206_uses_globals, args=lambda env: (env.web,), name="r206_globals_rebound",
         drive=_rebinding, servers="web", ideal=8 / 3),
    Case("sdk", r206_llm_chunked, args=lambda env: (openai_client(env),), servers="api",
         ideal=2.0),
]


# --------------------------------------------------------------------------- loops the JIT overlaps


def noisy_keys(keys: list[str]) -> Any:
    for k in keys:
        print("yield", k)
        yield k


def r206_loop_partial_on_error(web: str) -> list[Any]:
    out = []
    try:
        for k in ["a", "b", "missing-c", "d", "e"]:
            v = _checked(web, k, 40)
            print("ok", k)
            out.append(v)
    except requests.HTTPError as e:
        out.append(e.response.status_code)
    return out


# --------------------------------------------------------------------------- prefetched loops, state after the fetch

TICKS = {"n": 0}


def _reset_state(env: Env) -> None:
    TICKS["n"] = 0
    cached_get.cache_clear()


def fetch_then_tick(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    TICKS["n"] += 1
    return f"{v}#{TICKS['n']}"


def r206_helper_ticks_after_fetch(web: str) -> list[str]:
    return [fetch_then_tick(web, k, ms) for k, ms in (("a", 150), ("b", 30), ("c", 90))]


@functools.cache
def cached_get(web: str, k: str) -> str:
    return _get(web, k, 60)


def r206_lru_cached_duplicates(web: str) -> list[str]:
    return [cached_get(web, k) for k in ["a", "b", "a", "c", "b"]]


def r206_status_error_order(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        for code, ms in ((200, 10), (503, 150), (404, 10)):
            r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
            r.raise_for_status()
            out.append(r.json()["status"])
    except requests.HTTPError as e:
        out.append(str(e).split(" for url")[0])
    return out


def r206_log_mutable_argument(web: str) -> list[str]:
    out: list[str] = []
    for k, ms in (("a", 120), ("b", 20), ("c", 60)):
        out.append(_get(web, k, ms))
        LOG.info("so far %s", out)
        print("so far", out)
    return out


# --------------------------------------------------------------------------- prefetched arguments


def r206_bad_item_argument_late(web: str) -> list[str]:
    lat = {"a": 40, "b": 40}
    out = []
    for k in ["a", "b", "c"]:
        out.append(_get(web, k, lat[k]))
        print("done", k)
    return out


def r206_nonlocal_bumped_argument(web: str) -> list[str]:
    ms = 40

    def bump() -> None:
        nonlocal ms
        ms += 5

    out = []
    for k in ["a", "b", "c"]:
        out.append(_get(web, k, ms))
        bump()
    return out


# --------------------------------------------------------------------------- iterables handed in


def r206_loop_over_argument(web: str, keys: Any) -> list[str]:
    out = []
    for k in keys:
        v = _get(web, k, 40)
        print("got", v)
        out.append(v)
    return out


class LoudList(list):
    def __iter__(self) -> Any:
        for x in super().__iter__():
            print("item", x)
            yield x


# --------------------------------------------------------------------------- which failure is raised


def _status(web: str, code: int, ms: int) -> int:
    r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.status_code


def r206_comprehension_first_failure_in_order(web: str) -> list[int]:
    return [_status(web, code, ms) for code, ms in ((200, 10), (503, 150), (404, 10))]


# --------------------------------------------------------------------------- context-bound state


LAST_KEY: contextvars.ContextVar[str] = contextvars.ContextVar("last_key", default="none")
SEEN_N: contextvars.ContextVar[int] = contextvars.ContextVar("seen_n", default=0)


def fetch_remembering(web: str, k: str) -> str:
    v = _get(web, k, 40)
    LAST_KEY.set(k)
    SEEN_N.set(SEEN_N.get() + 1)
    return v


def r206_contextvar_set_in_helper(web: str) -> list[Any]:
    vals = [fetch_remembering(web, k) for k in ["a", "b", "c"]]
    out = [vals, LAST_KEY.get(), SEEN_N.get()]
    LAST_KEY.set("none")
    SEEN_N.set(0)
    return out


# --------------------------------------------------------------------------- callbacks the clients call


def _log_hook(r: Any, *args: Any, **kwargs: Any) -> None:
    print("hook", r.url.rsplit("/", 1)[-1])


def r206_requests_response_hook(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5,
                         hooks={"response": _log_hook}).json()["value"]
            for k, ms in (("a", 150), ("b", 20), ("c", 80))]


# --------------------------------------------------------------------------- argument state shared with the body


def r206_rng_in_argument_and_body(web: str) -> list[Any]:
    rng = random.Random(3)
    return [(_get(web, f"k{rng.randint(0, 9)}", 40), rng.random()) for _ in range(3)]


# --------------------------------------------------------------------------- comprehension scoping


def r206_walrus_last_value(web: str) -> list[Any]:
    vals = [(last := _get(web, k, ms)) for k, ms in (("a", 40), ("b", 150), ("c", 10))]
    return [vals, last]


# --------------------------------------------------------------------------- called again


def _iterable_kinds(f: Any, env: Env) -> list[Any]:
    return [f(env.web, ["a", "b"]), f(env.web, ("c", "d")), f(env.web, noisy_keys(["e", "f"])),
            f(env.web, LoudList(["g", "h"])), f(env.web, {"i": 1, "j": 2}), f(env.web, "kl")]


ALL += [
    _w(r206_loop_partial_on_error, 3.0, speculative_reads=True),
    _w(r206_helper_ticks_after_fetch, 270 / 150, setup=_reset_state),
    _w(r206_lru_cached_duplicates, 3.0, setup=_reset_state),
    _w(r206_status_error_order, 160 / 150, speculative_reads=True),
    _w(r206_log_mutable_argument, 200 / 120),
    _w(r206_bad_item_argument_late, 2.0),
    _w(r206_nonlocal_bumped_argument, 135 / 50),
    _w(r206_comprehension_first_failure_in_order, 160 / 150, speculative_reads=True),
    _w(r206_contextvar_set_in_helper, 3.0, cat="state"),
    _w(r206_requests_response_hook, 250 / 150, cat="http"),
    _w(r206_rng_in_argument_and_body, 3.0, cat="state"),
    _w(r206_walrus_last_value, 200 / 150),
    Case("rebind", r206_loop_over_argument, name="r206_iterable_kinds_between_calls",
         args=lambda env: (), drive=_iterable_kinds, servers="web", ideal=2.0),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
