"""Red-team cases (stop 44): control-flow shapes around I/O calls.

While loops with counters and break/else, nested loops with reads in the inner loop,
comprehensions with if-filters and nested comprehensions, generator expressions consumed
by sum/any/all/next/min/max (short-circuits: the requests after the decisive item must not
be sent), sorted/min/max with a key that makes a request, map/filter over I/O functions,
itertools over generators that fetch, user generators consumed partially, recursion (a
tree crawl by GET), early returns from deep inside loops, try/except/else/finally with
retries, match statements on responses, the walrus operator, exceptions as control flow,
lambdas and closures capturing loop variables, for-else, continue inside nested ifs, and
reads whose result decides whether a write happens. Sibling calls get unequal latencies,
slow first (``?ms=`` on the web server, ``latency`` for the simulator), so a wrong
reordering shows. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import requests

from ember.api import models
from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam44")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def fetch(web: str, key: str, ms: int = 30) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def store(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def fetch_r(web: str, key: str, ms: int = 30) -> requests.Response:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)


SLOW_FAST = (("k0", 150), ("k1", 30), ("k2", 90), ("k3", 40))


# =========================================================================== while loops


def while_counter_break_on_value(web: str) -> list[Any]:
    """Counts up through keys and stops at the first whose value is marked; the rest unsent."""
    store(web, "wc-2", "STOP")
    i, seen = 0, []
    while i < 6:
        v = fetch(web, f"wc-{i}", 150 if i == 0 else 30)
        if v == "STOP":
            break
        seen.append(v)
        i += 1
    else:
        seen.append("exhausted")
    return [i, seen, fetch(web, "wc-after", 40)]


def while_else_runs_write(web: str) -> list[Any]:
    """No break: the while's else writes a summary, and a read after sees it."""
    i, total = 0, 0
    while i < 3:
        total += len(fetch(web, f"we-{i}", (150, 30, 60)[i]))
        i += 1
    else:
        store(web, "we-sum", str(total))
    return [total, fetch(web, "we-sum", 30)]


def while_walrus_fetch_until_short(web: str) -> list[str]:
    """`while (v := fetch(...))` with a growing key: stops when the value is short enough."""
    out, n = [], 0
    while len(v := fetch(web, "w" * (6 - n), 120 if n == 0 else 30)) > 4:
        out.append(v)
        n += 1
    out.append("last " + v)
    return out


def while_true_try_404_break(web: str) -> list[Any]:
    """Pages until one is missing (404): the error ends the loop; nothing after it is sent."""
    store(web, "missing-p0", "a")
    store(web, "missing-p1", "b")
    pages, n = [], 0
    while True:
        r = fetch_r(web, f"missing-p{n}", 140 if n == 0 else 30)
        try:
            r.raise_for_status()
        except requests.HTTPError:
            break
        pages.append(r.json()["value"])
        n += 1
    return [n, pages, fetch(web, "after-pages", 40)]


def while_counter_skips_with_continue(web: str) -> list[str]:
    i, out = 0, []
    while i < 7:
        i += 1
        if i % 3 == 0:
            continue
        out.append(fetch(web, f"wsk-{i}", 150 if i == 1 else 30 + 10 * i))
    return out


# =========================================================================== nested loops


def nested_loop_inner_reads(web: str) -> list[list[str]]:
    grid = []
    for row in ("a", "b"):
        line = []
        for col, ms in (("x", 150), ("y", 30), ("z", 70)):
            line.append(fetch(web, f"{row}{col}", ms))
        grid.append(line)
    return grid


def nested_loop_inner_break_outer_goes_on(web: str) -> list[Any]:
    store(web, "nb-b1", "END")
    out = []
    for row in ("a", "b", "c"):
        for col in range(3):
            v = fetch(web, f"nb-{row}{col}", 140 if col == 0 else 30)
            if v == "END":
                break
            out.append(v)
        out.append(f"row {row} done")
    return out


def nested_loop_return_from_inner(web: str) -> list[Any]:
    """Returns from deep inside two loops: the reads for later cells must not be sent."""
    store(web, "nr-1-1", "FOUND")
    for i in range(3):
        for j in range(3):
            v = fetch(web, f"nr-{i}-{j}", 150 if (i, j) == (0, 0) else 30)
            if v == "FOUND":
                return [i, j, v]
    return ["none"]


def nested_loop_write_per_outer(web: str) -> list[Any]:
    """Inner reads, then a write per row that the next row's first read sees."""
    out = []
    for row in range(3):
        vals = []
        for col in range(2):
            vals.append(fetch(web, f"nw-{row}-{col}", 150 if col == 0 else 30))
        store(web, f"nw-{row + 1}-0", "+".join(vals))
        out.append(vals)
    return out


def nested_loop_continue_nested_ifs(web: str) -> list[str]:
    """`continue` inside nested ifs decides whether the write after it happens."""
    store(web, "ci-b", "skip-me")
    out = []
    for grp in ("g1", "g2"):
        for k, ms in (("a", 140), ("b", 30), ("c", 60)):
            v = fetch(web, f"ci-{k}", ms)
            if grp == "g2":
                if v.startswith("skip"):
                    continue
                v = v.upper()
            store(web, f"ci-out-{grp}-{k}", v)
            out.append(f"{grp}:{v}")
    return out


# =========================================================================== comprehensions


def comprehension_if_filter_reads(web: str) -> list[str]:
    """The filter makes a request per item; the element a second one, only for kept items."""
    store(web, "cf-flag-b", "no")
    keys = [("a", 150), ("b", 30), ("c", 80), ("d", 40)]
    return [fetch(web, f"cf-{k}", ms) for k, ms in keys
            if fetch(web, f"cf-flag-{k}", 30) != "no"]


def nested_comprehension_reads(web: str) -> list[list[str]]:
    return [[fetch(web, f"nc-{a}{b}", 150 if b == 0 else 30) for b in range(3)]
            for a in ("p", "q")]


def comprehension_inner_iterable_from_read(web: str) -> list[str]:
    """A flattened comprehension whose inner iterable comes from the outer item's read."""
    store(web, "ci-dir-a", "a1 a2")
    store(web, "ci-dir-b", "b1")
    return [fetch(web, f"leaf-{leaf}", 120 if leaf == "a1" else 30)
            for d in ("a", "b") for leaf in fetch(web, f"ci-dir-{d}", 40).split()]


def dict_comprehension_then_write_then_read(web: str) -> dict[str, str]:
    vals = {k: fetch(web, k, ms) for k, ms in SLOW_FAST}
    store(web, "k1", "changed")
    vals["again"] = fetch(web, "k1", 30)
    return vals


def comprehension_of_writes_filtered_by_reads(web: str) -> list[int]:
    """A write per item that a read kept: the reads and writes interleave as written."""
    store(web, "cw-b", "keep")
    return [store(web, f"cw-out-{k}", k) for k in ("a", "b", "c")
            if fetch(web, f"cw-{k}", 150 if k == "a" else 30) == "keep" or k == "c"]


def comprehension_walrus_element_last(web: str) -> list[Any]:
    """`:=` in the element: after the comprehension the name holds the last item's value."""
    vals = [(last := fetch(web, k, ms)) for k, ms in SLOW_FAST]
    return [vals, last]


def comprehension_walrus_filter(web: str) -> list[Any]:
    store(web, "wf-b", "")
    kept = [v for k, ms in (("wf-a", 150), ("wf-b", 30), ("wf-c", 60))
            if (v := fetch(web, k, ms))]
    return [kept, v]


def set_comprehension_then_sorted(web: str) -> list[str]:
    store(web, "sc-b", "same")
    store(web, "sc-c", "same")
    return sorted({fetch(web, f"sc-{k}", ms) for k, ms in (("a", 150), ("b", 30), ("c", 70))})


def comprehension_ifexp_element(web: str) -> list[str]:
    """The element's branches each make a different request, chosen by the item."""
    return [fetch(web, f"ie-{k}", 140) if k % 2 else fetch(web, f"ie-odd-{k}", 30)
            for k in range(4)]


# =========================================================================== consumers


def any_of_generator_short_circuits(web: str) -> list[Any]:
    store(web, "an-1", "hit")
    found = any(fetch(web, f"an-{i}", 150 if i == 0 else 30) == "hit" for i in range(5))
    return [found, fetch(web, "an-after", 40)]


def all_of_generator_short_circuits(web: str) -> list[Any]:
    store(web, "al-2", "bad")
    ok = all(fetch(web, f"al-{i}", 150 if i == 0 else 30).startswith("v-") for i in range(6))
    return [ok, fetch(web, "al-after", 40)]


def any_walrus_witness(web: str) -> list[Any]:
    """The witness idiom: `any((hit := ...) ...)` keeps the first matching value."""
    store(web, "aw-2", "target")
    if any((hit := fetch(web, f"aw-{i}", 140 if i == 0 else 30)) == "target" for i in range(5)):
        return ["found", hit]
    return ["none"]


def next_with_default_over_filter(web: str) -> list[Any]:
    store(web, "nx-1", "yes")
    first = next((k for k in ("nx-0", "nx-1", "nx-2", "nx-3")
                  if fetch(web, k, 150 if k == "nx-0" else 30) == "yes"), None)
    none = next((k for k in ("ny-0", "ny-1") if fetch(web, k, 40) == "yes"), "nothing")
    return [first, none]


def sum_over_generator_with_filter(web: str) -> int:
    return sum(len(fetch(web, k, ms)) for k, ms in SLOW_FAST if k != "k2")


def min_max_over_generators(web: str) -> list[str]:
    store(web, "mm-b", "zzz")
    lo = min(fetch(web, f"mm-{k}", ms) for k, ms in (("a", 150), ("b", 30), ("c", 60)))
    hi = max(fetch(web, f"mm-{k}", ms) for k, ms in (("a", 150), ("b", 30), ("c", 60)))
    return [lo, hi]


def sorted_with_request_key(web: str) -> list[str]:
    store(web, "sk-a", "3")
    store(web, "sk-b", "1")
    store(web, "sk-c", "2")
    return sorted(["sk-a", "sk-b", "sk-c"], key=lambda k: fetch(web, k, 150 if k == "sk-a" else 30))


def max_with_key_closure_prints(web: str) -> str:
    """The key prints each key it looks at: the prints keep their order."""
    def size(k: str) -> int:
        print("sizing", k)
        return len(fetch(web, k, 140 if k == "long-key" else 30))
    return max(["a", "long-key", "bb"], key=size)


def min_default_empty_then_read(web: str) -> list[Any]:
    nothing = min((fetch(web, k) for k in ()), default="empty")
    return [nothing, fetch(web, "md-after", 40)]


def join_generator_then_write(web: str) -> list[Any]:
    text = ",".join(fetch(web, k, ms) for k, ms in SLOW_FAST)
    version = store(web, "joined", text)
    return [text, version, fetch(web, "joined", 30)]


# =========================================================================== map / filter


def map_lazy_then_write_then_consume(web: str) -> list[str]:
    """`map` is lazy: a write between making it and consuming it is seen by its reads."""
    m = map(functools.partial(fetch, web), ["ml-a", "ml-b"])
    store(web, "ml-b", "written-first")
    return list(m)


def generator_expression_made_before_write(web: str) -> list[str]:
    g = (fetch(web, k, ms) for k, ms in (("gb-a", 150), ("gb-b", 30)))
    store(web, "gb-a", "late")
    return list(g)


def filter_with_read_predicate(web: str) -> list[str]:
    store(web, "fp-b", "deny")
    def allowed(k: str) -> bool:
        return fetch(web, f"fp-{k}", 150 if k == "a" else 30) != "deny"
    return list(filter(allowed, ["a", "b", "c", "d"]))


def next_filter_map_stops(web: str) -> list[Any]:
    """`next(filter(..., map(...)))`: lazy to the first passing value."""
    store(web, "nf-1", "ok")
    def get(k: str) -> str:
        return fetch(web, k, 150 if k == "nf-0" else 30)
    first = next(filter(lambda v: v == "ok", map(get, [f"nf-{i}" for i in range(5)])))
    return [first, fetch(web, "nf-after", 40)]


def map_two_iterables_lambda_reads(web: str) -> list[str]:
    return list(map(lambda k, ms: fetch(web, k, ms), ["m2-a", "m2-b", "m2-c"], [150, 30, 70]))


def map_of_writes_in_order(web: str) -> list[int]:
    versions = list(map(lambda kv: store(web, *kv), [("mw", "1"), ("mw", "2"), ("mw", "3")]))
    return versions + [len(fetch(web, "mw", 30))]


def reduce_over_reads(web: str) -> str:
    return functools.reduce(lambda acc, kv: acc + "|" + fetch(web, *kv), SLOW_FAST, "start")


# =========================================================================== itertools


def dropwhile_over_generator(web: str) -> list[str]:
    store(web, "dw-2", "go")
    vals = (fetch(web, f"dw-{i}", 140 if i == 0 else 30) for i in range(4))
    return list(itertools.dropwhile(lambda v: v != "go", vals))


def islice_of_user_generator(web: str) -> list[Any]:
    def pages() -> Iterator[str]:
        n = 0
        while True:
            yield fetch(web, f"pg-{n}", 140 if n == 0 else 30)
            n += 1
    first_two = list(itertools.islice(pages(), 2))
    return [first_two, fetch(web, "pg-after", 40)]


def chain_of_generators_then_break(web: str) -> list[str]:
    store(web, "ch-b1", "halt")
    a = (fetch(web, f"ch-a{i}", 120 if i == 0 else 30) for i in range(2))
    b = (fetch(web, f"ch-b{i}", 30) for i in range(3))
    out = []
    for v in itertools.chain(a, b):
        if v == "halt":
            break
        out.append(v)
    return out


def groupby_fetched_values(web: str) -> list[Any]:
    store(web, "gp-0", "x")
    store(web, "gp-1", "x")
    store(web, "gp-2", "y")
    vals = [fetch(web, f"gp-{i}", (150, 30, 60, 40)[i]) for i in range(4)]
    return [(k, len(list(g))) for k, g in itertools.groupby(vals)]


def accumulate_until_budget(web: str) -> list[int]:
    """Running totals of fetched sizes; takewhile stops before the budget is crossed."""
    sizes = (len(fetch(web, f"acc-{'x' * i}", 150 if i == 0 else 30)) for i in range(8))
    return list(itertools.takewhile(lambda t: t < 20, itertools.accumulate(sizes)))


def count_with_break_on_read(web: str) -> list[Any]:
    store(web, "cn-3", "last")
    seen = []
    for n in itertools.count():
        v = fetch(web, f"cn-{n}", 120 if n == 0 else 30)
        seen.append(v)
        if v == "last" or n > 10:
            break
    return seen


def pairwise_over_reads(web: str) -> list[bool]:
    vals = [fetch(web, k, ms) for k, ms in SLOW_FAST]
    return [a < b for a, b in itertools.pairwise(vals)]


def starmap_reads(web: str) -> list[str]:
    return list(itertools.starmap(functools.partial(fetch, web), SLOW_FAST))


def zip_generator_shorter_first(web: str) -> list[Any]:
    """zip takes from the short list first: the generator's fourth read is never made."""
    gen = (fetch(web, f"zg-{i}", 140 if i == 0 else 30) for i in range(4))
    pairs = list(zip(["a", "b", "c"], gen, strict=False))
    return [pairs, next(gen)]


def enumerate_generator_break(web: str) -> list[str]:
    out = []
    for i, v in enumerate(fetch(web, f"eg-{j}", 140 if j == 0 else 30) for j in range(5)):
        if i == 2:
            break
        out.append(v)
    return out


# =========================================================================== generators


def user_generator_partial_then_write(web: str) -> list[str]:
    """The generator's next read comes after the consumer's write, which it must see."""
    def values() -> Iterator[str]:
        for k, ms in (("ug-0", 150), ("ug-1", 30), ("ug-2", 60)):
            yield fetch(web, k, ms)
    g = values()
    out = [next(g)]
    store(web, "ug-1", "seen-write")
    out.append(next(g))
    return out


def generator_consumer_writes_each(web: str) -> list[int]:
    """A reader generator and a writer loop: each write lands before the next read."""
    def chain_reads() -> Iterator[str]:
        for i in range(3):
            yield fetch(web, f"gc-{i}", 150 if i == 0 else 30)
    out = []
    for i, v in enumerate(chain_reads()):
        out.append(store(web, f"gc-{i + 1}", v + "!"))
    return out


def generator_prints_between_yields(web: str) -> list[str]:
    def noisy() -> Iterator[str]:
        for k, ms in (("gn-a", 140), ("gn-b", 30)):
            print("fetching", k)
            yield fetch(web, k, ms)
            print("after", k)
    out = []
    for v in noisy():
        print("got", v)
        out.append(v)
    return out


def generator_send_keys_to_fetch(web: str) -> list[str]:
    """A coroutine-style generator: the key to fetch next is sent in."""
    def reader() -> Iterator[str]:
        key = yield "ready"
        while key is not None:
            key = yield fetch(web, key, 140 if key == "gs-a" else 30)
    g = reader()
    out = [next(g)]
    out.append(g.send("gs-a"))
    out.append(g.send("gs-b"))
    g.close()
    return out


def stopiteration_as_control(web: str) -> list[str]:
    it = iter([("si-a", 140), ("si-b", 30), ("si-c", 60)])
    out = []
    while True:
        try:
            k, ms = next(it)
        except StopIteration:
            break
        out.append(fetch(web, k, ms))
    return out


# =========================================================================== recursion


TREE = {"root": ["n1", "n2"], "n1": ["n11", "n12"], "n2": ["n21"], "n11": [], "n12": [],
        "n21": []}


def tree_crawl_recursive(web: str) -> list[str]:
    def crawl(node: str) -> list[str]:
        v = fetch(web, node, 150 if node == "n1" else 30)
        out = [v]
        for child in TREE[node]:
            out.extend(crawl(child))
        return out
    return crawl("root")


def tree_crawl_prints_preorder(web: str) -> int:
    def crawl(node: str, depth: int) -> int:
        print("  " * depth + fetch(web, node, 140 if node == "n11" else 30))
        return 1 + sum(crawl(c, depth + 1) for c in TREE[node])
    return crawl("root", 0)


def tree_crawl_children_from_values(web: str) -> list[str]:
    """The children come from each node's value: the crawl can only go as deep as it reads."""
    store(web, "tc-root", "tc-a tc-b")
    store(web, "tc-a", "tc-c")
    order = []
    def crawl(node: str) -> None:
        v = fetch(web, node, 140 if node == "tc-a" else 30)
        order.append(node)
        if v.startswith("v-"):
            return
        for child in v.split():
            crawl(child)
    crawl("tc-root")
    return order


def recursion_depth_guard_returns(web: str) -> list[str]:
    def walk(prefix: str, depth: int) -> list[str]:
        v = fetch(web, prefix, 150 if depth == 0 else 30)
        if depth == 2:
            return [v]
        return [v] + walk(prefix + "0", depth + 1) + walk(prefix + "1", depth + 1)
    return walk("rd", 0)


def recursion_with_visited_set_writes(web: str) -> list[str]:
    """A graph with a cycle: each new node is marked by a PUT before its neighbours."""
    graph = {"g-a": ["g-b", "g-c"], "g-b": ["g-a", "g-c"], "g-c": []}
    seen: list[str] = []
    def visit(n: str) -> None:
        if n in seen:
            return
        seen.append(n)
        store(web, f"mark-{n}", fetch(web, n, 140 if n == "g-b" else 30))
        for m in graph[n]:
            visit(m)
    visit("g-a")
    return seen


# =========================================================================== try / retries


def retry_until_found_with_else_finally(web: str) -> list[str]:
    """Tries missing keys in turn; else records the success, finally logs each attempt."""
    store(web, "missing-r2", "here")
    log = []
    for n in range(4):
        try:
            r = fetch_r(web, f"missing-r{n}", 150 if n == 0 else 30)
            r.raise_for_status()
        except requests.HTTPError as e:
            log.append(f"fail {e.response.status_code}")
            continue
        else:
            log.append("ok " + r.json()["value"])
            break
        finally:
            log.append(f"attempt {n}")
    return log + [fetch(web, "retry-after", 40)]


def retry_with_write_between_attempts(web: str) -> list[Any]:
    """Each failed attempt writes a note; the retry reads a key the note made present."""
    out = []
    for n in range(3):
        r = fetch_r(web, "missing-rw", 120)
        if r.status_code == 200:
            out.append(r.json()["value"])
            break
        out.append(r.status_code)
        store(web, "missing-rw" if n == 1 else f"note-{n}", f"try {n}")
    return out


def try_finally_write_on_early_return(web: str) -> list[Any]:
    def lookup() -> str:
        try:
            for k, ms in SLOW_FAST:
                v = fetch(web, k, ms)
                if k == "k1":
                    return v
            return "none"
        finally:
            store(web, "tf-done", "yes")
    return [lookup(), fetch(web, "tf-done", 30)]


def except_keyerror_cache_fill(web: str) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for k in ("ke-a", "ke-b", "ke-a", "ke-c", "ke-b"):
        try:
            v = cache[k]
        except KeyError:
            v = cache[k] = fetch(web, k, 140 if k == "ke-a" else 30)
        out.append(v)
    return out


class Found(Exception):
    pass


def custom_exception_exits_search(web: str) -> list[Any]:
    store(web, "ce-b2", "needle")
    def scan(group: str) -> None:
        for i in range(3):
            v = fetch(web, f"ce-{group}{i}", 140 if i == 0 else 30)
            if v == "needle":
                raise Found(f"{group}{i}")
    try:
        for g in ("a", "b", "c"):
            scan(g)
    except Found as e:
        return ["found", str(e), fetch(web, "ce-after", 40)]
    return ["none"]


def except_converts_to_default_in_comprehension(web: str) -> list[str]:
    def safe(k: str, ms: int) -> str:
        try:
            r = fetch_r(web, k, ms)
            r.raise_for_status()
            return r.json()["value"]
        except requests.HTTPError:
            return "default"
    return [safe(k, ms) for k, ms in (("sf-a", 150), ("missing-sf", 30), ("sf-c", 60))]


# =========================================================================== match


def match_on_response_json(web: str) -> list[str]:
    store(web, "mt-b", "42")
    out = []
    for k, ms in (("mt-a", 150), ("mt-b", 30), ("missing-mt", 60)):
        r = fetch_r(web, k, ms)
        match r.status_code, r.json():
            case 200, {"value": str(v)} if v.isdigit():
                out.append(f"num {int(v) + 1}")
            case 200, {"value": v}:
                out.append(f"text {v}")
            case 404, {"error": msg}:
                out.append("missing " + msg)
            case _:
                out.append("other")
    return out


def match_decides_write(web: str) -> list[Any]:
    store(web, "md-b", "delete")
    out = []
    for k in ("md-a", "md-b", "md-c"):
        match fetch(web, k, 140 if k == "md-a" else 30):
            case "delete":
                out.append(requests.delete(f"{web}/items/{k}", timeout=5).json()["deleted"])
            case str(v) if v.startswith("v-"):
                out.append(store(web, k, "touched"))
            case _:
                out.append(None)
    return out + [fetch(web, "md-b", 30), fetch(web, "md-c", 30)]


def match_guard_makes_request(web: str) -> list[str]:
    store(web, "mg-ok-b", "yes")
    out = []
    for k in ("a", "b", "c"):
        match fetch(web, f"mg-{k}", 140 if k == "a" else 30):
            case v if fetch(web, f"mg-ok-{k}", 30) == "yes":
                out.append("approved " + v)
            case v:
                out.append("plain " + v)
    return out


# =========================================================================== closures


def lambdas_capture_loop_variable_late(web: str) -> list[str]:
    """The classic late binding: every lambda fetches the last key, after the write."""
    getters = []
    for k in ("lb-a", "lb-b", "lb-c"):
        getters.append(lambda: fetch(web, k, 60))  # noqa: B023
    store(web, "lb-c", "late")
    return [g() for g in getters]


def lambdas_capture_default_arg(web: str) -> list[str]:
    getters = [lambda k=k, ms=ms: fetch(web, k, ms) for k, ms in SLOW_FAST]
    store(web, "k2", "between")
    return [g() for g in getters]


def closure_rebinds_cell_between_calls(web: str) -> list[str]:
    prefix = "cr-a"
    def get() -> str:
        return fetch(web, prefix, 120)
    first = get()
    prefix = "cr-b"
    second = get()
    return [first, second]


def dispatch_dict_of_lambdas(web: str) -> list[Any]:
    handlers = {
        "read": lambda k: fetch(web, k, 140),
        "write": lambda k: store(web, k, "w"),
        "len": lambda k: len(fetch(web, k, 30)),
    }
    plan = [("read", "dd-a"), ("write", "dd-a"), ("read", "dd-a"), ("len", "dd-b")]
    return [handlers[op](k) for op, k in plan]


def partials_built_in_loop(web: str) -> list[str]:
    calls = [functools.partial(fetch, web, k, ms) for k, ms in SLOW_FAST]
    return [c() for c in reversed(calls)]


# =========================================================================== for-else, guards


def for_else_writes_when_not_found(web: str) -> list[Any]:
    for k, ms in SLOW_FAST:
        if fetch(web, k, ms) == "wanted":
            result = k
            break
    else:
        store(web, "fe-miss", "not found")
        result = "none"
    return [result, fetch(web, "fe-miss", 30)]


def for_else_break_skips_write(web: str) -> list[Any]:
    store(web, "fb-1", "wanted")
    for i in range(4):
        if fetch(web, f"fb-{i}", 150 if i == 0 else 30) == "wanted":
            break
    else:
        store(web, "fb-miss", "x")
    return [i, fetch(web, "fb-miss", 30)]


def read_decides_write_check_then_set(web: str) -> list[Any]:
    """Initialise keys that still hold their default, leave set ones alone."""
    store(web, "cs-b", "custom")
    wrote = []
    for k, ms in (("cs-a", 150), ("cs-b", 30), ("cs-c", 60)):
        if fetch(web, k, ms).startswith("v-"):
            store(web, k, "init")
            wrote.append(k)
    return [wrote, [fetch(web, k, 30) for k in ("cs-a", "cs-b", "cs-c")]]


def read_decides_write_in_ifexp(web: str) -> list[Any]:
    v = fetch(web, "ix-a", 150)
    w = store(web, "ix-log", v) if v.endswith("a") else -1
    return [v, w, fetch(web, "ix-log", 30)]


def and_or_short_circuit_reads(web: str) -> list[Any]:
    store(web, "ao-a", "")
    a = fetch(web, "ao-a", 150) or fetch(web, "ao-fallback", 30)
    b = fetch(web, "ao-b", 120) and fetch(web, "ao-second", 30)
    c = fetch(web, "ao-a", 30) and fetch(web, "ao-never", 30)
    return [a, b, c]


def early_return_before_write(web: str) -> list[Any]:
    def sync(keys: list[str]) -> list[Any]:
        out = []
        for k in keys:
            v = fetch(web, k, 140 if k.endswith("0") else 30)
            if v == "poison":
                return out + ["stopped"]
            out.append(store(web, k + "-copy", v))
        return out
    store(web, "er-2", "poison")
    return sync([f"er-{i}" for i in range(5)])


def log_in_loop_with_continue(web: str) -> list[str]:
    store(web, "lg-1", "skip")
    out = []
    for i in range(4):
        v = fetch(web, f"lg-{i}", 140 if i == 0 else 30)
        if v == "skip":
            LOG.info("skipping %d", i)
            continue
        LOG.info("kept %s", v)
        out.append(v)
    return out


# =========================================================================== handlers that write


def except_handler_heals_next_key(web: str) -> list[str]:
    """The handler of one item's failed read writes the key the next item reads."""
    out = []
    for k, ms in (("missing-h0", 150), ("missing-h1", 30), ("h2", 60)):
        try:
            out.append(fetch(web, k, ms))
        except KeyError:
            out.append("healing after " + k)
            store(web, "missing-h1", "healed")
    return out


def finally_writes_each_iteration(web: str) -> list[str]:
    out = []
    for i, ms in enumerate((150, 30, 60)):
        try:
            out.append(fetch(web, f"fw-{i}", ms))
        finally:
            store(web, f"fw-{i + 1}", f"from {i}")
    return out


def try_else_write_then_next_read(web: str) -> list[str]:
    out = []
    for i, ms in enumerate((150, 30, 60)):
        try:
            v = fetch(web, f"te-{i}", ms)
        except KeyError:
            continue
        else:
            store(web, f"te-{i + 1}", v + "+")
        out.append(v)
    return out


def try_fallback_only_on_error(web: str) -> list[str]:
    """The handler's read is sent only when the first read fails."""
    try:
        a = fetch(web, "tfo-present", 150)
    except KeyError:
        a = fetch(web, "tfo-fallback-a", 30)
    try:
        b = fetch(web, "missing-tfo", 60)
    except KeyError:
        b = fetch(web, "tfo-fallback-b", 30)
    return [a, b]


def try_else_read_not_sent_on_error(web: str) -> list[Any]:
    try:
        v = fetch(web, "missing-tel", 140)
    except KeyError as e:
        return ["failed", str(e)]
    else:
        return ["ok", v, fetch(web, "tel-next", 30)]


def loop_read_decides_chain_write(web: str) -> list[str]:
    """Each item's value decides whether the next item's key is written first."""
    out = []
    for i in range(4):
        v = fetch(web, f"lc-{i}", 150 if i == 0 else 30)
        out.append(v)
        if not v.startswith("set"):
            store(web, f"lc-{i + 2}", f"set by {i}")
    return out


def _maybe_save(web: str, key: str, value: str) -> None:
    if value.startswith("v-"):
        store(web, key, "saved " + value)


def loop_helper_maybe_writes(web: str) -> list[str]:
    out = []
    for i in range(4):
        v = fetch(web, f"hm-{i}", 150 if i == 0 else 30)
        _maybe_save(web, f"hm-{i + 1}", v)
        out.append(v)
    return out


def _writer_keys(web: str, n: int) -> Iterator[str]:
    for i in range(n):
        store(web, f"wk-{i}", f"made {i}")
        yield f"wk-{i}"


def comprehension_over_writing_generator(web: str) -> list[str]:
    return [fetch(web, k, 150 if k == "wk-0" else 30) for k in _writer_keys(web, 3)]


def comprehension_nonlocal_counter_keys(web: str) -> list[str]:
    i = 0
    def nxt(ms: int) -> str:
        nonlocal i
        i += 1
        return fetch(web, f"nl-{i}", ms)
    return [nxt(ms) for ms in (150, 30, 60)]


def comprehension_count_in_key(web: str) -> list[str]:
    c = itertools.count(1)
    return [fetch(web, f"cc-{next(c)}", ms) for ms in (150, 30, 60)]


def genexp_late_bound_filter_name(web: str) -> list[str]:
    """A generator expression looks its free names up when consumed, not when made."""
    limit = 1
    keys = ["gl-a", "gl-bb", "gl-ccc"]
    g = (fetch(web, k, 150 if k == "gl-a" else 30) for k in keys if len(k) > limit + 3)
    limit = 2
    keys = ["other"]
    return list(g) + keys


def comprehension_lambdas_late_binding(web: str) -> list[str]:
    getters = [lambda: fetch(web, k, 60) for k in ("cl-a", "cl-b")]  # noqa: B023
    return [g() for g in getters]


def all_over_map_short_circuits(web: str) -> list[Any]:
    store(web, "am-1", "bad")
    def ok(k: str) -> bool:
        return fetch(web, k, 150 if k == "am-0" else 30) != "bad"
    return [all(map(ok, [f"am-{i}" for i in range(5)])), fetch(web, "am-after", 30)]


def any_over_map_short_circuits(web: str) -> list[Any]:
    store(web, "ym-0", "hit")
    keys = [f"ym-{i}" for i in range(4)]
    return [any(map(lambda k: fetch(web, k, 150) == "hit", keys)), fetch(web, "ym-after", 30)]


def next_of_map_then_rest(web: str) -> list[Any]:
    m = map(functools.partial(fetch, web), ["nm-a", "nm-b", "nm-c"])
    first = next(m)
    store(web, "nm-b", "after-first")
    return [first, list(m)]


def sum_of_map_with_partial(web: str) -> int:
    return sum(map(len, map(functools.partial(fetch, web), ["sm-a", "sm-bb", "sm-ccc"])))


def dict_zip_map(web: str) -> dict[str, str]:
    keys = ["dz-a", "dz-b", "dz-c"]
    return dict(zip(keys, map(functools.partial(fetch, web), keys), strict=True))


def map_over_genexp_of_reads(web: str) -> list[int]:
    return list(map(len, (fetch(web, k, ms) for k, ms in SLOW_FAST)))


def sum_genexp_walrus_last(web: str) -> list[Any]:
    total = sum(len(last := fetch(web, k, ms)) for k, ms in SLOW_FAST)
    return [total, last]


def comprehension_first_error_wins(web: str) -> list[Any]:
    """The slow first item fails one way, a fast later one another: the first's error."""
    def parse(k: str, ms: int) -> int:
        return int(fetch(web, k, ms))
    store(web, "fe-b", "7")
    try:
        return [parse(k, ms) for k, ms in (("fe-b", 30), ("missing-fe", 150), ("fe-c", 30))]
    except (KeyError, ValueError) as e:
        return [type(e).__name__, str(e)]


def loop_suppress_then_write(web: str) -> list[Any]:
    import contextlib
    out: list[Any] = []
    for k, ms in (("missing-sp", 150), ("sp-b", 30)):
        with contextlib.suppress(KeyError):
            out.append(fetch(web, k, ms))
        out.append(store(web, "sp-log", k))
    return out + [fetch(web, "sp-log", 30)]


def while_poll_flag_written_in_body(web: str) -> list[Any]:
    n = 0
    while fetch(web, "pf-flag", 120 if n == 0 else 30) != "stop":
        n += 1
        store(web, "pf-flag", "stop" if n == 2 else f"go {n}")
    return [n, fetch(web, "pf-after", 30)]


def recursive_countdown_writes_then_reads(web: str) -> list[str]:
    def down(n: int) -> list[str]:
        v = fetch(web, "rc", 140 if n == 3 else 30)
        if n == 0:
            return [v]
        store(web, "rc", f"level {n}")
        return [v] + down(n - 1)
    return down(3)


def recursive_prints_after_guard(web: str) -> list[str]:
    def walk(n: int) -> list[str]:
        v = fetch(web, f"rp-{n}", 150 if n == 2 else 30)
        if n == 0:
            return [v]
        print("level", n, v)
        return [v] + walk(n - 1)
    return walk(2)


def list_remove_during_iteration(web: str) -> list[Any]:
    """Removing from the list walked skips the next item, as plain Python does."""
    keys = ["lr-a", "lr-b", "lr-c", "lr-d"]
    out = []
    for k in keys:
        v = fetch(web, k, 150 if k == "lr-a" else 30)
        out.append(v)
        if k == "lr-a":
            keys.remove(k)
    return [out, keys]


def item_check_helper_prints_then_raises(web: str) -> list[Any]:
    def check(k: str) -> None:
        print("checking", k)
        if k.endswith("!"):
            raise ValueError("bad key " + k)
    out = []
    try:
        for k, ms in (("ic-a", 150), ("ic-b", 30), ("ic-c!", 30), ("ic-d", 30)):
            check(k)
            out.append(fetch(web, k, ms))
    except ValueError as e:
        out.append(str(e))
    return out


# =========================================================================== scopes and targets


def genexp_stopiteration_becomes_runtimeerror(web: str) -> list[Any]:
    """A StopIteration raised inside a generator expression comes out as RuntimeError."""
    store(web, "si-b", "abc")
    try:
        firsts = list(next(c for c in fetch(web, k, ms) if c == "z")
                      for k, ms in (("si-a", 150), ("si-b", 30)))
    except RuntimeError as e:
        return ["runtime", str(e)]
    except StopIteration:
        return ["stopiteration"]
    return ["none", firsts]


def sum_genexp_stopiteration(web: str) -> list[Any]:
    it = iter(["one"])
    try:
        total = sum(len(fetch(web, k, ms)) + len(next(it)) for k, ms in SLOW_FAST)
    except RuntimeError as e:
        return ["runtime", str(e)]
    except StopIteration:
        return ["stopiteration"]
    return [total]


def listcomp_stopiteration_propagates(web: str) -> list[Any]:
    it = iter(["one"])
    try:
        vals = [fetch(web, k, ms) + next(it) for k, ms in SLOW_FAST]
    except StopIteration:
        return ["stopiteration"]
    except RuntimeError as e:
        return ["runtime", str(e)]
    return vals


def loop_var_rebound_conditionally(web: str) -> list[str]:
    out = []
    for k in ("rb-a", "rb-b", "rb-c"):
        if k == "rb-b":
            k = "rb-override"
        out.append(fetch(web, k, 150 if k == "rb-a" else 30))
    return out


def loop_var_augmented_before_read(web: str) -> list[str]:
    out = []
    for k in ("au-a", "au-b", "au-c"):
        k += "-x"
        out.append(fetch(web, k, 150 if k == "au-a-x" else 30))
    return out


def loop_latency_rebound_after_first(web: str) -> list[str]:
    """`ms` is set in the body after the first read: the later reads use the new value."""
    ms = 150
    out = []
    for k in ("lm-a", "lm-b", "lm-c"):
        out.append(fetch(web, k, ms))
        ms = 30
    return out


def loop_prefix_changed_by_value(web: str) -> list[str]:
    store(web, "pv-a", "switch")
    prefix = "pv"
    out = []
    for k in ("a", "b", "c"):
        v = fetch(web, f"{prefix}-{k}", 150 if k == "a" else 30)
        out.append(v)
        if v == "switch":
            prefix = "alt"
    return out


def subscript_loop_target(web: str) -> list[Any]:
    cfg = {"key": "none"}
    out = []
    for cfg["key"] in ("st-a", "st-b", "st-c"):
        out.append(fetch(web, cfg["key"], 150 if cfg["key"] == "st-a" else 30))
    return [out, cfg]


def attribute_loop_target(web: str) -> list[Any]:
    class Cursor:
        key = "start"
    cur = Cursor()
    out = []
    for cur.key in ("at-a", "at-b"):
        out.append(fetch(web, cur.key, 150 if cur.key == "at-a" else 30))
    return [out, cur.key]


def starred_loop_target(web: str) -> list[Any]:
    rows = [("sr-a", 150, "x", "y"), ("sr-b", 30, "z"), ("sr-c", 60)]
    out = []
    for k, ms, *rest in rows:
        out.append((fetch(web, k, ms), rest))
    return out


def comprehension_shadows_outer_name(web: str) -> list[str]:
    """The comprehension's `k` is its own: the read after it uses the outer `k`."""
    k = "outer"
    vals = [fetch(web, k, ms) for k, ms in SLOW_FAST]
    return vals + [fetch(web, k, 30)]


def loop_var_leaks_after_loop(web: str) -> list[Any]:
    out = []
    for k, ms in SLOW_FAST:
        out.append(fetch(web, k, ms))
    return [out, k, ms]


def loop_dict_mutated_during_iteration(web: str) -> list[Any]:
    d = {"dm-a": 150, "dm-b": 30}
    out = []
    try:
        for k in d:
            out.append(fetch(web, k, d[k]))
            d[k + "-seen"] = 1
    except RuntimeError as e:
        out.append(str(e))
    return out


def loop_items_mutated_before_read(web: str) -> list[str]:
    items = [{"key": "im-a", "ms": 150}, {"key": "im-b", "ms": 30}]
    out = []
    for it in items:
        it["key"] += "-v2"
        out.append(fetch(web, it["key"], it["ms"]))
    return out


def try_handler_returns_in_loop(web: str) -> list[Any]:
    """A handler that returns ends the loop: the later items' reads are never sent."""
    out = []
    for k, ms in (("hr-a", 150), ("missing-hr", 30), ("hr-c", 30), ("hr-d", 30)):
        try:
            out.append(fetch(web, k, ms))
        except KeyError:
            return out + ["returned at " + k]
    return out


def try_handler_clears_walked_list(web: str) -> list[Any]:
    keys = ["hc-a", "missing-hc", "hc-c", "hc-d"]
    out = []
    for k in keys:
        try:
            out.append(fetch(web, k, 150 if k == "hc-a" else 30))
        except KeyError:
            keys.clear()
    return out


def try_handler_sets_flag_checked_next(web: str) -> list[Any]:
    stop = False
    out = []
    for k, ms in (("hf-a", 150), ("missing-hf", 30), ("hf-c", 30)):
        if stop:
            out.append("skipped " + k)
            continue
        try:
            out.append(fetch(web, k, ms))
        except KeyError:
            stop = True
    return out


def deferred_wait_then_int_fails(web: str, text: str = "12x") -> list[Any]:
    """The read fails first in the plain run: its KeyError, not the int() ValueError."""
    try:
        v = fetch(web, "missing-dw", 120)
        n = int(text)
        return [v, n]
    except (KeyError, ValueError) as e:
        return [type(e).__name__]


def deferred_wait_then_assert_fails(web: str, n: int = 0) -> list[Any]:
    try:
        v = fetch(web, "missing-da", 120)
        assert n > 0, "n must be positive"
        return [v]
    except (KeyError, AssertionError) as e:
        return [type(e).__name__, str(e)]


def deferred_wait_then_zero_division(web: str, n: int = 0) -> Any:
    v = fetch(web, "missing-dz", 120)
    ratio = 10 / n
    return [v, ratio]


def guard_raises_before_second_read(web: str, mode: str = "strict") -> list[Any]:
    x = fetch(web, "gr-a", 150)
    if mode == "strict":
        raise ValueError("strict mode: " + x)
    return [x, fetch(web, "gr-b", 30)]


def guard_base_case_recursion_params(web: str, n: int = 2) -> list[str]:
    x = fetch(web, f"gb-{n}", 150)
    if n == 0:
        return [x]
    return [x, fetch(web, "gb-side", 30)] + guard_base_case_recursion_params(web, n - 1)


def genexp_iterable_is_read(web: str) -> int:
    store(web, "gi-list", "gi-a gi-bb gi-ccc")
    return sum(len(fetch(web, k, 150 if k == "gi-a" else 30))
               for k in fetch(web, "gi-list", 30).split())


# =========================================================================== checks the body changes


def _head(web: str, key: str, ms: int) -> str:
    return next(iter(fetch(web, key, ms).split("|")[1:]))


def genexp_helper_stopiteration(web: str) -> list[Any]:
    """The helper's next() raises StopIteration for the second item: RuntimeError out of
    the generator expression, and the first item's value is never seen."""
    store(web, "hs-a", "x|first")
    try:
        return list(_head(web, k, ms) for k, ms in (("hs-a", 150), ("hs-b", 30), ("hs-c", 60)))
    except RuntimeError as e:
        return ["runtime", str(e)]
    except StopIteration:
        return ["stopiteration"]


def listcomp_helper_stopiteration(web: str) -> list[Any]:
    store(web, "hl-a", "x|first")
    try:
        return [_head(web, k, ms) for k, ms in (("hl-a", 150), ("hl-b", 30), ("hl-c", 60))]
    except RuntimeError as e:
        return ["runtime", str(e)]
    except StopIteration:
        return ["stopiteration"]


def comprehension_chain_read_write(web: str) -> list[int]:
    """Each element reads a key the element before wrote."""
    return [store(web, f"cr-{i + 1}", fetch(web, f"cr-{i}", 150 if i == 0 else 30) + "+")
            for i in range(3)]


def loop_read_httpx_write_urllib(web: str) -> list[str]:
    import urllib.request
    out = []
    for i in range(3):
        v = httpx.get(f"{web}/items/mx-{i}", params={"ms": 150 if i == 0 else 30}).json()["value"]
        out.append(v)
        req = urllib.request.Request(f"{web}/items/mx-{i + 1}", data=(v + "!").encode(),
                                     method="PUT")
        with urllib.request.urlopen(req, timeout=5) as resp:
            resp.read()
    return out


def continue_check_set_changed_via_alias(web: str) -> list[str]:
    skip: set[str] = set()
    alias = skip
    out = []
    for k in ("sa-a", "sa-b", "sa-c", "sa-d"):
        if k in skip:
            continue
        v = fetch(web, k, 150 if k == "sa-a" else 30)
        out.append(v)
        alias.add(k[:-1] + chr(ord(k[-1]) + 1))
    return out


def continue_check_closure_set(web: str) -> list[str]:
    done: set[str] = set()
    def seen(k: str) -> bool:
        return k in done
    def mark(k: str) -> None:
        done.add(k)
    out = []
    for k in ("cs-a", "cs-b", "cs-a", "cs-c", "cs-b"):
        if seen(k):
            continue
        out.append(fetch(web, k, 150 if k == "cs-a" else 30))
        mark(k)
    return out


def value_ahead_prefix_changed_by_nonlocal(web: str) -> list[str]:
    prefix = "np"
    def switch() -> None:
        nonlocal prefix
        prefix = "alt"
    store(web, "np-a", "switch")
    out = []
    for k in ("a", "b", "c"):
        key = f"{prefix}-{k}"
        v = fetch(web, key, 150 if k == "a" else 30)
        out.append(v)
        if v == "switch":
            switch()
    return out


PREFIX = "gp"


def _switch_global_prefix() -> None:
    global PREFIX
    PREFIX = "galt"


def _reset_prefix(env: Env) -> None:
    global PREFIX
    PREFIX = "gp"


def value_ahead_global_changed_by_helper(web: str) -> list[str]:
    store(web, "gp-a", "switch")
    out = []
    for k in ("a", "b", "c"):
        key = PREFIX + "-" + k
        v = fetch(web, key, 150 if k == "a" else 30)
        out.append(v)
        if v == "switch":
            _switch_global_prefix()
    return out


def _rename(table: dict[str, str], old: str, new: str) -> None:
    table[old] = new


def value_ahead_table_changed_by_helper(web: str) -> list[str]:
    names = {"a": "tn-a", "b": "tn-b", "c": "tn-c"}
    out = []
    for k in ("a", "b", "c"):
        key = names[k]
        out.append(fetch(web, key, 150 if k == "a" else 30))
        _rename(names, "c", "tn-renamed")
    return out


def value_ahead_list_index_changed(web: str) -> list[str]:
    order = ["li-a", "li-b", "li-c"]
    out = []
    for i in range(3):
        key = order[i]
        out.append(fetch(web, key, 150 if i == 0 else 30))
        order.reverse()
    return out


def loop_body_reads_then_prints_order(web: str) -> list[str]:
    out = []
    for k, ms in SLOW_FAST:
        v = fetch(web, k, ms)
        print("got", k, v)
        out.append(v)
    return out


def loop_continue_on_value_then_log(web: str) -> int:
    store(web, "cl-1", "")
    n = 0
    for i in range(4):
        v = fetch(web, f"cl-{i}", 150 if i == 0 else 30)
        if not v:
            print("empty", i)
            continue
        print("value", i, v)
        n += 1
    return n


# =========================================================================== map's own semantics


def _first_field(web: str, key: str) -> str:
    """The part after the first '|': next() raises StopIteration when there is none."""
    return next(iter(fetch(web, key, 150 if key.endswith("a") else 30).split("|")[1:]))


def list_map_stopiteration_truncates(web: str) -> list[Any]:
    """A StopIteration out of map's function ends the list quietly (map is no generator)."""
    store(web, "ms-a", "x|one")
    store(web, "ms-c", "x|three")
    try:
        return list(map(functools.partial(_first_field, web), ["ms-a", "ms-b", "ms-c"]))
    except RuntimeError as e:
        return ["runtime", str(e)]


def join_map_stopiteration_truncates(web: str) -> list[Any]:
    store(web, "js-a", "x|one")
    try:
        return [",".join(map(functools.partial(_first_field, web), ["js-a", "js-b", "js-c"]))]
    except RuntimeError as e:
        return ["runtime", str(e)]


def sum_map_stopiteration_truncates(web: str) -> list[Any]:
    store(web, "ss-a", "x|12")
    def size(k: str) -> int:
        return len(_first_field(web, k))
    try:
        return [sum(map(size, ["ss-a", "ss-b", "ss-c"]))]
    except RuntimeError as e:
        return ["runtime", str(e)]


def map_function_rebound_by_nonlocal(web: str) -> list[str]:
    """map takes its function once: rebinding the name during the walk changes nothing."""
    def loud(k: str) -> str:
        return "loud " + fetch(web, k, 30)
    def quiet(k: str) -> str:
        nonlocal fn
        fn = loud
        return fetch(web, k, 150 if k == "mr-a" else 30)
    fn = quiet
    return list(map(fn, ["mr-a", "mr-b", "mr-c"]))


def map_items_rebound_by_nonlocal(web: str) -> list[str]:
    def get(k: str) -> str:
        nonlocal keys
        keys = ["other"]
        return fetch(web, k, 150 if k == "mi-a" else 30)
    keys = ["mi-a", "mi-b"]
    return list(map(get, keys)) + keys


def _plain_lookup(k: str) -> str:
    global LOOKUP
    LOOKUP = _tagged_lookup
    return fetch(WEB[0], k, 150 if k.endswith("a") else 30)


def _tagged_lookup(k: str) -> str:
    return "tagged " + fetch(WEB[0], k, 30)


LOOKUP = _plain_lookup
WEB = [""]


def _reset_lookup(env: Env) -> None:
    global LOOKUP
    LOOKUP = _plain_lookup
    WEB[0] = env.web


def map_global_function_switched_by_first_call(web: str) -> list[str]:
    """A module's current lookup, switched by its own first call: map took the first."""
    return list(map(LOOKUP, ["mg-a", "mg-b", "mg-c"]))


def map_partial_arg_rebound_by_nonlocal(web: str) -> list[str]:
    """The partial is made once by map's caller: its argument is the first `ms`."""
    def get(delay: int, k: str) -> str:
        nonlocal ms
        ms = 30
        return fetch(web, k, delay)
    ms = 150
    return list(map(functools.partial(get, ms), ["mp-a", "mp-b"]))


class _Tools:
    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, k: str) -> str:
        self.get = self.shout  # type: ignore[method-assign]
        return fetch(self.web, k, 150 if k.endswith("a") else 30)

    def shout(self, k: str) -> str:
        return fetch(self.web, k, 30).upper()


def map_method_replaced_during_walk(web: str) -> list[str]:
    tools = _Tools(web)
    return list(map(tools.get, ["mt-a", "mt-b", "mt-c"]))


def map_unbound_function_empty_items(web: str, use: bool = False) -> list[Any]:
    """map() looks its function up at once: unbound, it fails even over no items."""
    head = fetch(web, "mu-head", 60)
    if use:
        fn = str.upper
    try:
        return [head, list(map(fn, []))]
    except NameError as e:
        return [head, type(e).__name__, str(e)]


def map_unbound_function_some_items(web: str, use: bool = False) -> list[Any]:
    head = fetch(web, "mv-head", 60)
    keys = [fetch(web, "mv-a", 30)]
    if use:
        fn = str.upper
    try:
        return [head, sorted(map(fn, keys))]
    except NameError as e:
        return [head, type(e).__name__, str(e)]


def genexp_element_next_stopiteration(web: str) -> list[Any]:
    """The element's next() raises StopIteration for the second item, in a generator
    expression that list() takes whole: RuntimeError, as for any generator."""
    store(web, "gn-a", "x|one")
    try:
        return list(next(iter(fetch(web, k, ms).split("|")[1:]))
                    for k, ms in (("gn-a", 150), ("gn-b", 30), ("gn-c", 60)))
    except RuntimeError as e:
        return ["runtime", str(e)]


def shadowed_consumer_stops_early(web: str) -> list[Any]:
    """A local `max` of the user's that stops at the first value over a bound: the reads
    after it are never made."""
    def max(values: Iterator[str]) -> str:  # noqa: A001
        best = ""
        for v in values:
            best = v if v > best else best
            if v.startswith("big"):
                break
        return best
    store(web, "sh-1", "big one")
    top = max(fetch(web, f"sh-{i}", 150 if i == 0 else 30) for i in range(4))
    return [top, fetch(web, "sh-after", 30)]


def shadowed_list_name_parameter(web: str, list: Any = None) -> list[Any]:  # noqa: A002
    """A parameter named `list`, here a function taking the first two items."""
    take = list or (lambda g: [next(g), next(g)])
    got = take(fetch(web, f"sp-{i}", 150 if i == 0 else 30) for i in range(4))
    return [got, fetch(web, "sp-after", 30)]


def shadowed_list_param_used(web: str, list: Any) -> list[Any]:  # noqa: A002
    got = list(fetch(web, f"sq-{i}", 150 if i == 0 else 30) for i in range(4))
    return [got, fetch(web, "sq-after", 30)]


def _first_two(g: Iterator[Any]) -> list[Any]:
    return [next(g), next(g)]


# =========================================================================== helpers of models
# (a helper whose only waits are model calls and sleeps runs as an async twin when started)


def _sum_lengths(qs: tuple[str, ...], lat: float) -> int:
    return sum(len(str(models("sim/gpt", q, latency=lat))) for q in qs)


def twin_helper_sum_over_genexp() -> list[int]:
    a = _sum_lengths(("alpha", "beta"), 0.15)
    b = _sum_lengths(("gamma",), 0.03)
    return [a, b]


def _any_mentions(qs: tuple[str, ...], word: str, lat: float) -> bool:
    return any(word in str(models("sim/gpt", q, latency=lat)) for q in qs)


def twin_helper_any_over_genexp() -> list[bool]:
    a = _any_mentions(("one", "two", "three"), "zzz-not-there", 0.12)
    b = _any_mentions(("four",), "zzz", 0.03)
    return [a, b]


def _joined(qs: tuple[str, ...], lat: float) -> str:
    return " / ".join(str(models("sim/gpt", q, latency=lat))[:12] for q in qs)


def twin_helper_join_over_genexp() -> list[str]:
    return [_joined(("a", "b"), 0.15), _joined(("c",), 0.03)]


def _first_long(qs: tuple[str, ...], lat: float) -> str:
    return next((a for q in qs if len(a := str(models("sim/gpt", q, latency=lat))) > 3),
                "none")


def twin_helper_next_walrus_genexp() -> list[str]:
    return [_first_long(("p", "q"), 0.15)[:15], _first_long(("r",), 0.03)[:15]]


def _retry_sleep(q: str, lat: float) -> str:
    tries = 0
    while True:
        tries += 1
        a = str(models("sim/gpt", f"{q} try {tries}", latency=lat))
        if tries >= 2:
            return f"{tries}:{a[:10]}"
        time_sleep(0.03)


def time_sleep(s: float) -> None:
    import time
    time.sleep(s)


def _loop_break_else(qs: tuple[str, ...], lat: float) -> str:
    for q in qs:
        a = str(models("sim/gpt", q, latency=lat))
        if "never-in-output" in a:
            break
    else:
        return "no break " + a[:10]
    return "broke"


def twin_helper_for_else() -> list[str]:
    return [_loop_break_else(("x", "y"), 0.15), _loop_break_else(("z",), 0.03)]


def _match_answer(q: str, lat: float) -> str:
    match str(models("sim/gpt", q, latency=lat)).split():
        case [first, *rest] if rest:
            return f"{first} +{len(rest)}"
        case [only]:
            return only
        case _:
            return "empty"


def twin_helper_match() -> list[str]:
    return [_match_answer("m1", 0.15), _match_answer("m2", 0.03)]


def _try_else_finally(q: str, lat: float, log: list[str]) -> str:
    try:
        a = str(models("sim/gpt", q, latency=lat))
    except ValueError:
        log.append("error")
        return "error"
    else:
        log.append("else " + q)
        return a[:10]
    finally:
        log.append("finally " + q)


def twin_helper_try_else_finally() -> list[Any]:
    log: list[str] = []
    a = _try_else_finally("t1", 0.15, log)
    b = _try_else_finally("t2", 0.03, log)
    return [a, b, log]


def _dict_comp_filter(qs: tuple[str, ...], lat: float) -> dict[str, int]:
    return {q: len(str(models("sim/gpt", q, latency=lat))) for q in qs if q != "skip"}


def twin_helper_dict_comprehension() -> list[Any]:
    return [_dict_comp_filter(("a", "skip", "b"), 0.15), _dict_comp_filter(("c",), 0.03)]


def _max_by_length(qs: tuple[str, ...], lat: float) -> str:
    return max((str(models("sim/gpt", q, latency=lat)) for q in qs), key=len)[:12]


def twin_helper_max_key_genexp() -> list[str]:
    return [_max_by_length(("a", "bb"), 0.15), _max_by_length(("c",), 0.03)]


def _count_until(qs: tuple[str, ...], lat: float) -> int:
    n = 0
    while n < len(qs) and len(str(models("sim/gpt", qs[n], latency=lat))) > 0:
        n += 1
    return n


def twin_helper_while_condition_call() -> list[int]:
    return [_count_until(("a", "b"), 0.15), _count_until(("c",), 0.03)]


def _for_over_genexp(qs: tuple[str, ...], lat: float) -> list[str]:
    out = []
    for a in (str(models("sim/gpt", q, latency=lat)) for q in qs):
        out.append(a[:8])
    return out


def twin_helper_for_over_genexp() -> list[list[str]]:
    return [_for_over_genexp(("a", "b"), 0.15), _for_over_genexp(("c",), 0.03)]


def _sleepy_count(n: int) -> int:
    import time
    return sum(1 for _ in range(n) if time.sleep(0.03) is None)


def twin_helper_sleep_in_genexp_filter() -> list[int]:
    return [_sleepy_count(3), _sleepy_count(1)]


def _listcomp_over_genexp(qs: tuple[str, ...], lat: float) -> list[int]:
    return [len(a) for a in (str(models("sim/gpt", q, latency=lat)) for q in qs) if a]


def twin_helper_listcomp_over_genexp() -> list[list[int]]:
    return [_listcomp_over_genexp(("a", "b"), 0.15), _listcomp_over_genexp(("c",), 0.03)]


def _sorted_answers(qs: tuple[str, ...], lat: float) -> list[str]:
    return sorted(str(models("sim/gpt", q, latency=lat))[:10] for q in qs)


def twin_helper_sorted_genexp() -> list[list[str]]:
    return [_sorted_answers(("b", "a"), 0.15), _sorted_answers(("c",), 0.03)]


def _answers_set(qs: tuple[str, ...], lat: float) -> int:
    return len(set(str(models("sim/gpt", q, latency=lat)) for q in qs))  # noqa: C401


def twin_helper_set_of_genexp_in_loop() -> list[int]:
    """The helper called in a for loop of the jitted function (every item started)."""
    out = []
    for qs, lat in ((("a", "a"), 0.15), (("b",), 0.03), (("c", "d"), 0.06)):
        out.append(_answers_set(qs, lat))
    return out


# =========================================================================== sdk


def chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def sdk_any_chat_short_circuits(client: Any) -> list[Any]:
    qs = [("alpha", 0.15), ("beta", 0.03), ("gamma", 0.06)]
    hit = any(len(chat(client, q, lat)) > 0 for q, lat in qs)
    return [hit, chat(client, "after", 0.03)[:10]]


def sdk_sorted_by_answer_length(client: Any) -> list[str]:
    qs = ["short", "a much longer question", "mid question"]
    return sorted(qs, key=lambda q: (len(chat(client, q, 0.15 if q == "short" else 0.03)), q))


def sdk_while_until_answer_mentions(client: Any) -> list[Any]:
    n, answers = 0, []
    while n < 4:
        a = chat(client, f"attempt {n}", 0.15 if n == 0 else 0.03)
        answers.append(a[:8])
        n += 1
        if n >= 2:
            break
    return [n, answers]


# =========================================================================== async


def _hx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await f(client)
    return asyncio.run(main())


async def aval(client: httpx.AsyncClient, key: str, ms: int) -> str:
    return (await client.get(f"/items/{key}", params={"ms": ms})).json()["value"]


async def async_while_break_on_value(client: httpx.AsyncClient) -> list[Any]:
    await client.put("/items/aw-2", content="STOP")
    i, out = 0, []
    while i < 5:
        v = await aval(client, f"aw-{i}", 140 if i == 0 else 30)
        if v == "STOP":
            break
        out.append(v)
        i += 1
    return [i, out, await aval(client, "aw-after", 30)]


async def async_comprehension_filter_then_write(client: httpx.AsyncClient) -> list[Any]:
    await client.put("/items/acf-b", content="drop")
    kept = [await aval(client, f"acf-{k}", ms) for k, ms in (("a", 150), ("b", 30), ("c", 60))
            if k != "b"]
    await client.put("/items/acf-a", content="after")
    return [kept, await aval(client, "acf-a", 30)]


async def async_nested_loops_return(client: httpx.AsyncClient) -> list[Any]:
    await client.put("/items/an-1-0", content="FOUND")
    for i in range(3):
        for j in range(2):
            v = await aval(client, f"an-{i}-{j}", 140 if (i, j) == (0, 0) else 30)
            if v == "FOUND":
                return [i, j]
    return ["none"]


async def async_try_retry_else(client: httpx.AsyncClient) -> list[Any]:
    await client.put("/items/missing-ar1", content="present")
    out = []
    for n in range(3):
        r = await client.get(f"/items/missing-ar{n}", params={"ms": 140 if n == 0 else 30})
        try:
            r.raise_for_status()
        except httpx.HTTPStatusError:
            out.append("404")
        else:
            out.append(r.json()["value"])
            break
    return out


async def _read_then_mark(client: httpx.AsyncClient, k: str, ms: int) -> str:
    v = await aval(client, k, ms)
    await client.put(f"/items/{k}-next", content=v + "!")
    return v


async def async_comprehension_of_read_write_helper(client: httpx.AsyncClient) -> list[str]:
    return [await _read_then_mark(client, k, ms) for k, ms in (("am-a", 150), ("am-b", 30))]


async def async_comprehension_chain_keys(client: httpx.AsyncClient) -> list[str]:
    """Each element reads the key the element before wrote."""
    await client.put("/items/ac-0", content="start")
    out = [await _read_then_mark(client, k, ms)
           for k, ms in (("ac-0", 150), ("ac-0-next", 30), ("ac-0-next-next", 30))]
    return out


async def _apages(client: httpx.AsyncClient) -> Any:
    n = 0
    while True:
        yield await aval(client, f"ap-{n}", 140 if n == 0 else 30)
        n += 1


async def async_for_agen_break(client: httpx.AsyncClient) -> list[Any]:
    await client.put("/items/ap-2", content="end")
    out = []
    async for v in _apages(client):
        if v == "end":
            break
        out.append(v)
    return [out, await aval(client, "ap-after", 30)]


async def async_comprehension_walrus_last(client: httpx.AsyncClient) -> list[Any]:
    vals = [(last := await aval(client, k, ms)) for k, ms in SLOW_FAST]
    return [vals, last]


async def async_comprehension_shadowed_name(client: httpx.AsyncClient) -> list[str]:
    k = "outer"
    vals = [await aval(client, k, ms) for k, ms in SLOW_FAST]
    return vals + [await aval(client, k, 30)]


async def async_loop_conditional_write_between(client: httpx.AsyncClient) -> list[str]:
    out = []
    for i in range(3):
        v = await aval(client, f"lw-{i}", 150 if i == 0 else 30)
        if v.startswith("v-"):
            await client.put(f"/items/lw-{i + 1}", content=f"set by {i}")
        out.append(v)
    return out


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_args, servers="api", ideal=ideal, **kw)


def _aio(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, drive=_hx, servers="web", ideal=ideal, **kw)


CASES: list[Case] = [
    # -- while loops
    _web(while_counter_break_on_value),
    _web(while_else_runs_write),
    _web(while_walrus_fetch_until_short),
    _web(while_true_try_404_break, cat="validation"),
    _web(while_counter_skips_with_continue, over(0.15, 0.05, 0.06, 0.08, 0.09)),
    # -- nested loops
    _web(nested_loop_inner_reads, over(0.15, 0.03, 0.07, 0.15, 0.03, 0.07)),
    _web(nested_loop_inner_break_outer_goes_on),
    _web(nested_loop_return_from_inner),
    _web(nested_loop_write_per_outer),
    _web(nested_loop_continue_nested_ifs),
    # -- comprehensions
    _web(comprehension_if_filter_reads),
    _web(nested_comprehension_reads, over(0.15, 0.03, 0.03, 0.15, 0.03, 0.03)),
    _web(comprehension_inner_iterable_from_read),
    _web(dict_comprehension_then_write_then_read, over(0.15, 0.03, 0.09, 0.04)),
    _web(comprehension_of_writes_filtered_by_reads),
    _web(comprehension_walrus_element_last, over(0.15, 0.03, 0.09, 0.04)),
    _web(comprehension_walrus_filter),
    _web(set_comprehension_then_sorted),
    _web(comprehension_ifexp_element),
    # -- consumers
    _web(any_of_generator_short_circuits),
    _web(all_of_generator_short_circuits),
    _web(any_walrus_witness),
    _web(next_with_default_over_filter),
    _web(sum_over_generator_with_filter, over(0.15, 0.03, 0.04)),
    _web(min_max_over_generators),
    _web(sorted_with_request_key),
    _web(max_with_key_closure_prints),
    _web(min_default_empty_then_read),
    _web(join_generator_then_write, over(0.15, 0.03, 0.09, 0.04)),
    # -- map / filter
    _web(map_lazy_then_write_then_consume),
    _web(generator_expression_made_before_write),
    _web(filter_with_read_predicate),
    _web(next_filter_map_stops),
    _web(map_two_iterables_lambda_reads),
    _web(map_of_writes_in_order),
    _web(reduce_over_reads),
    # -- itertools
    _web(dropwhile_over_generator),
    _web(islice_of_user_generator),
    _web(chain_of_generators_then_break),
    _web(groupby_fetched_values),
    _web(accumulate_until_budget),
    _web(count_with_break_on_read),
    _web(pairwise_over_reads, over(0.15, 0.03, 0.09, 0.04)),
    _web(starmap_reads),
    _web(zip_generator_shorter_first),
    _web(enumerate_generator_break),
    # -- generators
    _web(user_generator_partial_then_write),
    _web(generator_consumer_writes_each),
    _web(generator_prints_between_yields),
    _web(generator_send_keys_to_fetch),
    _web(stopiteration_as_control, over(0.14, 0.03, 0.06)),
    # -- recursion
    _web(tree_crawl_recursive),
    _web(tree_crawl_prints_preorder),
    _web(tree_crawl_children_from_values),
    _web(recursion_depth_guard_returns),
    _web(recursion_with_visited_set_writes),
    # -- try / retries
    _web(retry_until_found_with_else_finally, cat="validation"),
    _web(retry_with_write_between_attempts, cat="validation"),
    _web(try_finally_write_on_early_return),
    _web(except_keyerror_cache_fill),
    _web(custom_exception_exits_search, cat="validation"),
    _web(except_converts_to_default_in_comprehension, cat="validation"),
    # -- match
    _web(match_on_response_json),
    _web(match_decides_write),
    _web(match_guard_makes_request),
    # -- closures
    _web(lambdas_capture_loop_variable_late, cat="helpers"),
    _web(lambdas_capture_default_arg, cat="helpers"),
    _web(closure_rebinds_cell_between_calls, cat="rebind"),
    _web(dispatch_dict_of_lambdas, cat="helpers"),
    _web(partials_built_in_loop, cat="helpers"),
    # -- for-else, guards
    _web(for_else_writes_when_not_found),
    _web(for_else_break_skips_write),
    _web(read_decides_write_check_then_set),
    _web(read_decides_write_in_ifexp),
    _web(and_or_short_circuit_reads),
    _web(early_return_before_write),
    _web(log_in_loop_with_continue),
    # -- handlers that write
    _web(except_handler_heals_next_key, cat="validation"),
    _web(finally_writes_each_iteration),
    _web(try_else_write_then_next_read),
    _web(try_fallback_only_on_error, cat="validation"),
    _web(try_else_read_not_sent_on_error, cat="validation"),
    _web(loop_read_decides_chain_write),
    _web(loop_helper_maybe_writes, cat="helpers"),
    _web(comprehension_over_writing_generator),
    _web(comprehension_nonlocal_counter_keys, cat="state"),
    _web(comprehension_count_in_key, over(0.15, 0.03, 0.06), cat="state"),
    _web(genexp_late_bound_filter_name, cat="rebind"),
    _web(comprehension_lambdas_late_binding, cat="helpers"),
    _web(all_over_map_short_circuits),
    _web(any_over_map_short_circuits),
    _web(next_of_map_then_rest),
    _web(sum_of_map_with_partial, 3.0),
    _web(dict_zip_map),
    _web(map_over_genexp_of_reads, over(0.15, 0.03, 0.09, 0.04)),
    _web(sum_genexp_walrus_last, over(0.15, 0.03, 0.09, 0.04)),
    _web(comprehension_first_error_wins, cat="validation", speculative_reads=True),
    _web(loop_suppress_then_write, cat="validation"),
    _web(while_poll_flag_written_in_body, cat="sleep"),
    _web(recursive_countdown_writes_then_reads),
    _web(recursive_prints_after_guard),
    _web(list_remove_during_iteration, cat="state"),
    _web(item_check_helper_prints_then_raises, cat="validation"),
    # -- scopes and targets
    _web(genexp_stopiteration_becomes_runtimeerror, cat="validation"),
    _web(sum_genexp_stopiteration, cat="validation", speculative_reads=True),
    _web(listcomp_stopiteration_propagates, cat="validation", speculative_reads=True),
    _web(loop_var_rebound_conditionally),
    _web(loop_var_augmented_before_read),
    _web(loop_latency_rebound_after_first),
    _web(loop_prefix_changed_by_value),
    _web(subscript_loop_target),
    _web(attribute_loop_target),
    _web(starred_loop_target, over(0.15, 0.03, 0.06)),
    _web(comprehension_shadows_outer_name),
    _web(loop_var_leaks_after_loop, over(0.15, 0.03, 0.09, 0.04)),
    _web(loop_dict_mutated_during_iteration, cat="state"),
    _web(loop_items_mutated_before_read, cat="state"),
    _web(try_handler_returns_in_loop, cat="validation"),
    _web(try_handler_clears_walked_list, cat="validation"),
    _web(try_handler_sets_flag_checked_next, cat="validation"),
    _web(deferred_wait_then_int_fails, cat="validation"),
    _web(deferred_wait_then_assert_fails, cat="validation"),
    _web(deferred_wait_then_zero_division, cat="validation"),
    _web(guard_raises_before_second_read, cat="validation"),
    Case("http", guard_base_case_recursion_params, args=web_args, servers="web"),
    _web(genexp_iterable_is_read),
    # -- checks the body changes
    _web(genexp_helper_stopiteration, cat="validation", speculative_reads=True),
    _web(listcomp_helper_stopiteration, cat="validation", speculative_reads=True),
    _web(comprehension_chain_read_write),
    _web(loop_read_httpx_write_urllib),
    _web(continue_check_set_changed_via_alias, cat="validation"),
    _web(continue_check_closure_set, cat="validation"),
    _web(value_ahead_prefix_changed_by_nonlocal, cat="rebind"),
    _web(value_ahead_global_changed_by_helper, cat="rebind", setup=_reset_prefix),
    _web(value_ahead_table_changed_by_helper, cat="state"),
    _web(value_ahead_list_index_changed, cat="state"),
    _web(loop_body_reads_then_prints_order, over(0.15, 0.03, 0.09, 0.04)),
    _web(loop_continue_on_value_then_log),
    # -- map's own semantics
    _web(list_map_stopiteration_truncates, cat="validation"),
    _web(join_map_stopiteration_truncates, cat="validation"),
    _web(sum_map_stopiteration_truncates, cat="validation"),
    _web(map_function_rebound_by_nonlocal, cat="rebind"),
    _web(map_items_rebound_by_nonlocal, cat="rebind"),
    _web(map_partial_arg_rebound_by_nonlocal, cat="rebind"),
    _web(map_global_function_switched_by_first_call, cat="rebind", setup=_reset_lookup),
    _web(map_method_replaced_during_walk, cat="rebind"),
    _web(map_unbound_function_empty_items, cat="validation"),
    _web(map_unbound_function_some_items, cat="validation"),
    _web(genexp_element_next_stopiteration, cat="validation", speculative_reads=True),
    _web(shadowed_consumer_stops_early),
    _web(shadowed_list_name_parameter),
    Case("http", shadowed_list_param_used, args=lambda env: (env.web, _first_two),
         servers="web"),
    # -- helpers of models (async twins)
    Case("helpers", twin_helper_sum_over_genexp),
    Case("helpers", twin_helper_any_over_genexp),
    Case("helpers", twin_helper_join_over_genexp),
    Case("helpers", twin_helper_next_walrus_genexp),
    Case("helpers", twin_helper_for_else),
    Case("helpers", twin_helper_match),
    Case("helpers", twin_helper_try_else_finally),
    Case("helpers", twin_helper_dict_comprehension),
    Case("helpers", twin_helper_max_key_genexp),
    Case("helpers", twin_helper_while_condition_call),
    Case("helpers", twin_helper_for_over_genexp),
    Case("sleep", twin_helper_sleep_in_genexp_filter),
    Case("helpers", twin_helper_listcomp_over_genexp),
    Case("helpers", twin_helper_sorted_genexp),
    Case("helpers", twin_helper_set_of_genexp_in_loop),
    # -- sdk
    _sdk(sdk_any_chat_short_circuits),
    _sdk(sdk_sorted_by_answer_length),
    _sdk(sdk_while_until_answer_mentions),
    # -- async
    _aio(async_while_break_on_value),
    _aio(async_comprehension_filter_then_write),
    _aio(async_nested_loops_return),
    _aio(async_try_retry_else, cat="validation"),
    _aio(async_comprehension_of_read_write_helper),
    _aio(async_comprehension_chain_keys),
    _aio(async_for_agen_break),
    _aio(async_comprehension_walrus_last),
    _aio(async_comprehension_shadowed_name),
    _aio(async_loop_conditional_write_between),
]


# What differs under jit (name -> what differs, and why). All from one respelling
# (`_sugar.respell`): a consumed ``map(f, xs)`` becomes ``(f(x) for x in xs)``, which is not
# the same program when f raises StopIteration or when the names f and its partial's
# arguments are looked up per item instead of once.
# What differed or crashed under jit when written; fixed since (the cases are in CASES):
# a respelled map keeps map's meaning (`_sugar.respell`, `Frame.unmapped`) and a helper's
# model call inside a generator expression gives it no async twin (`_twin`).
FIXED_WHY: dict[str, str] = {
    "list_map_stopiteration_truncates":
        "value ['v-one'] vs ['runtime', 'generator raised StopIteration']: list(map(f, xs)) "
        "with f raising StopIteration on the 2nd item ends the list quietly; respelled as "
        "list(f(x) for x in xs) the StopIteration inside a generator becomes RuntimeError "
        "(PEP 479)",
    "join_map_stopiteration_truncates":
        "as list_map_stopiteration_truncates with ','.join(map(partial(f, web), keys))",
    "sum_map_stopiteration_truncates":
        "as list_map_stopiteration_truncates with sum(map(size, keys)), size a closure",
    "map_function_rebound_by_nonlocal":
        "value[1] 'v-mr-b' vs 'loud v-mr-b': map(fn, keys) takes fn once; the respelled "
        "generator looks the local fn up per item, and the first call rebound it (nonlocal)",
    "map_partial_arg_rebound_by_nonlocal":
        "GET mp-b?ms=30 vs ?ms=150: map(functools.partial(get, ms), keys) makes the partial "
        "once; respelled, partial(get, ms) is built per item and sees ms rebound by the "
        "first call",
    "map_unbound_function_empty_items":
        "value ['v-mu-head', 'UnboundLocalError', ...] vs ['v-mu-head', []]: map(fn, []) "
        "with fn unbound raises at once; the respelled generator over no items never looks "
        "fn up",
    "map_unbound_function_some_items":
        "value[1] 'UnboundLocalError' vs 'NameError' (message 'cannot access local variable' "
        "vs 'free variable'): fn unbound is read inside the respelled generator, a free "
        "variable there",
    # -- the async twin of a helper (`_twin._make`): a model call inside a generator
    # expression becomes `await models.acall(...)` there, which makes the generator
    # expression an async generator; the consumer then fails.
    "twin_helper_sum_over_genexp":
        "crash TypeError 'async_generator' object is not iterable: the helper "
        "`return sum(len(str(models(...))) for q in qs)`, started early as its twin, sums "
        "an async generator expression (the await was put inside the genexp)",
    "twin_helper_join_over_genexp":
        "crash TypeError 'can only join an iterable': as twin_helper_sum_over_genexp with "
        "' / '.join(str(models(...)) for q in qs)",
    "twin_helper_max_key_genexp":
        "crash TypeError: as twin_helper_sum_over_genexp with max((models(...) ...), key=len)",
    "twin_helper_for_over_genexp":
        "crash TypeError: as twin_helper_sum_over_genexp with `for a in (models(...) for q "
        "in qs):` in the helper",
    "twin_helper_listcomp_over_genexp":
        "crash TypeError: as twin_helper_sum_over_genexp, a list comprehension walking "
        "(models(...) for q in qs)",
    "twin_helper_sorted_genexp":
        "crash TypeError: as twin_helper_sum_over_genexp with sorted(models(...) for q in qs)",
    "twin_helper_set_of_genexp_in_loop":
        "crash TypeError: as twin_helper_sum_over_genexp with set(models(...) for q in qs), "
        "the helper called in the jitted function's for loop",
}

FAILING: list[Case] = []

FAILING_WHY: dict[str, str] = {}
