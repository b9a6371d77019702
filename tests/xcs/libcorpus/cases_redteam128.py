"""Red-team cases (stop 128): laziness and iterator protocols around I/O.

`map`, `filter` and `zip` objects made in one place and consumed later (after a PUT, in
part, or twice), generators that fetch on `next()`, `.send()`, `.throw()`, `yield from`
in helpers, `itertools` (`tee`, `chain`, `groupby`, `takewhile`) over generators that
GET, one iterator shared by two loops or by a comprehension's element and its source,
lists and dicts changed by the loop walking them, `any`/`all`/`next` short-circuiting
over generator expressions of GETs (the plain run stops early: no extra request may be
sent), generators closed early whose `finally` PUTs or prints, `sorted` and `max` with
fetching keys, `sum` of a generator of GETs, a `StopIteration` out of a map's function
(a helper whose 404 raises it). Each case checks that no write or line of output moves
and that a short-circuit sends nothing more. Sibling calls get unequal latencies, slow
first. `FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam128")

L = 0.05  # the servers' default latency (a PUT without ?ms)
PAIRS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chain_then(first: float, *rest: float) -> float:
    """A wait, then independent waits overlapped."""
    return (first + sum(rest)) / (first + max(rest))


def fetch(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def put(web: str, k: str, v: str) -> int:
    return requests.put(f"{web}/items/{k}", data=v, timeout=5).json()["version"]


# =========================================================================== map / filter / zip


def r128_map_lazy_consumed_after_put(web: str) -> list[str]:
    """The map is made first but runs only when listed: after the PUT."""
    m = map(lambda p: requests.get(f"{web}/items/{p[0]}?ms={p[1]}").json()["value"], PAIRS)
    requests.put(f"{web}/items/a", data="fresh")
    return list(m)


def r128_filter_fetching_predicate_after_put(web: str) -> list[str]:
    keys = ["a", "b", "c"]
    kept = filter(lambda k: requests.get(f"{web}/items/{k}?ms=60").json()["value"] != "drop", keys)
    requests.put(f"{web}/items/b", data="drop")
    return list(kept)


def r128_zip_two_maps_extra_pull(web: str) -> list[tuple]:
    """zip pulls the first map's third item before it finds the second map empty: one
    GET more than pairs made."""
    left = map(lambda p: fetch(web, *p), PAIRS)
    right = map(lambda k: fetch(web, k, 30), ["x", "y"])
    out = list(zip(left, right, strict=False))
    requests.put(f"{web}/items/done", data=str(len(out)))
    return out


def r128_listcomp_over_putting_generator(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in _puts(web)]


def _puts(web: str) -> Iterator[tuple[str, int]]:
    for k, ms in PAIRS:
        requests.put(f"{web}/items/{k}", data=f"v2-{k}")
        yield k, ms


def r128_map_stopiteration_ends_items(web: str) -> list[str]:
    """A StopIteration out of map's function ends the items: the third is never fetched."""
    def get_or_stop(k: str) -> str:
        r = requests.get(f"{web}/items/{k}?ms=40")
        if r.status_code == 404:
            raise StopIteration
        return r.json()["value"]
    vals = list(map(get_or_stop, ["a", "missing-b", "c"]))
    requests.put(f"{web}/items/n", data=str(len(vals)))
    return vals


# =========================================================================== generator expressions


def r128_genexp_made_before_put(web: str) -> list[str]:
    vals = (requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in PAIRS)
    requests.put(f"{web}/items/c", data="late")
    return list(vals)


def r128_sum_genexp_then_put(web: str) -> int:
    n = sum(int(fetch(web, f"n{i}", ms).removeprefix("v-n")) for i, ms in enumerate((150, 40, 90)))
    put(web, "sum", str(n))
    return n


# =========================================================================== any / all / next


def r128_any_stops_before_put(web: str) -> bool:
    """any stops at b: c is never fetched, then the PUT."""
    hit = any(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] == "v-b"
              for k, ms in PAIRS)
    requests.put(f"{web}/items/flag", data=str(hit))
    return hit


def r128_all_stops_on_missing(web: str) -> bool:
    ok = all(requests.get(f"{web}/items/{k}?ms=40").ok for k in ["a", "missing-x", "c"])
    print("all ok" if ok else "some missing")
    return ok


def r128_next_genexp_first_match(web: str) -> str:
    found = next((v for k, ms in PAIRS
                  if (v := requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]) != "v-a"),
                 "none")
    requests.put(f"{web}/items/found", data=found)
    return found


# =========================================================================== generator functions


def _pages(web: str) -> Iterator[str]:
    for k, ms in PAIRS:
        yield requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r128_gen_next_put_next(web: str) -> list[str]:
    g = _pages(web)
    a = next(g)
    put(web, "b", "after-" + a)
    return [a, next(g), next(g)]


def _accumulator(web: str):
    total = []
    while True:
        key = yield len(total)
        if key is None:
            return total
        total.append(requests.get(f"{web}/items/{key}?ms=40").json()["value"])


def r128_gen_send_protocol(web: str) -> list[Any]:
    acc = _accumulator(web)
    next(acc)
    sizes = [acc.send(k) for k in ["a", "b", "c"]]
    try:
        acc.send(None)
    except StopIteration as stop:
        return [sizes, stop.value]
    return [sizes]


def _both(web: str) -> Iterator[str]:
    yield from _pages(web)
    r = yield from _tail(web)
    yield f"tail said {r}"


def _tail(web: str):
    yield requests.get(f"{web}/items/t?ms=30").json()["value"]
    return "bye"


def r128_yield_from_break_then_put(web: str) -> list[str]:
    out = []
    for v in _both(web):
        out.append(v)
        if v == "v-b":
            break
    requests.put(f"{web}/items/stopped", data=",".join(out))
    return out


def _closing_pages(web: str) -> Iterator[str]:
    try:
        for k, ms in PAIRS:
            yield fetch(web, k, ms)
    finally:
        requests.put(f"{web}/items/cursor", data="closed")


def r128_gen_close_finally_put(web: str) -> list[str]:
    g = _closing_pages(web)
    first = next(g)
    g.close()
    put(web, "after", first)
    return [first]


def r128_gen_break_finally_put_contextlib_closing(web: str) -> list[str]:
    out = []
    with contextlib.closing(_closing_pages(web)) as g:
        for v in g:
            out.append(v)
            if len(out) == 2:
                break
    put(web, "count", str(len(out)))
    return out


def _printing_pages(web: str) -> Iterator[str]:
    try:
        for k, ms in PAIRS:
            print("yield", k)
            yield fetch(web, k, ms)
    finally:
        print("generator finally")


def r128_gen_dropped_at_return_prints(web: str) -> str:
    g = _printing_pages(web)
    first = next(g)
    print("caller has", first)
    return first


def r128_gen_del_then_put(web: str) -> str:
    g = _closing_pages(web)
    first = next(g)
    del g
    put(web, "after-del", first)
    return first


def r128_gen_rebound_none_then_put(web: str) -> str:
    g = _closing_pages(web)
    first = next(g)
    g = None
    put(web, "after-none", first)
    return first


def r128_gen_throw_handled(web: str) -> list[str]:
    def pages():
        for k, ms in PAIRS:
            try:
                yield fetch(web, k, ms)
            except KeyError:
                requests.put(f"{web}/items/skip-{k}", data="1")
                yield "skipped"
    g = pages()
    a = next(g)
    b = g.throw(KeyError("x"))
    return [a, b, next(g)]


# =========================================================================== itertools


def r128_tee_drain_one_then_put(web: str) -> tuple:
    t1, t2 = itertools.tee(_pages(web))
    first = list(t1)
    put(web, "a", "changed")
    return first, list(t2)


def r128_chain_break_first_found(web: str) -> str:
    for v in itertools.chain(_pages(web), (fetch(web, k, 30) for k in ["x", "y"])):
        if v == "v-c":
            found = v
            break
    else:
        found = "none"
    put(web, "found", found)
    return found


def r128_groupby_over_fetched(web: str) -> list[tuple]:
    keys = [("a1", 150), ("a2", 40), ("b1", 90), ("b2", 60)]
    vals = (fetch(web, k, ms) for k, ms in keys)
    out = [(g, len(list(items))) for g, items in itertools.groupby(vals, key=lambda v: v[2])]
    print(out)
    return out


def r128_takewhile_consumes_one_more(web: str) -> list[str]:
    keys = [("k1", 150), ("stop", 40), ("k3", 90)]
    got = list(itertools.takewhile(lambda v: v != "v-stop", (fetch(web, k, ms) for k, ms in keys)))
    put(web, "taken", str(len(got)))
    return got


def r128_iter_callable_sentinel(web: str) -> list[str]:
    keys = iter(["a", "b", "stop", "c"])
    seen = []
    for v in iter(lambda: fetch(web, next(keys), 40), "v-stop"):
        seen.append(v)
    put(web, "seen", ",".join(seen))
    return seen


# =========================================================================== shared iterators, views


def r128_shared_iterator_two_loops(web: str) -> tuple:
    it = iter(PAIRS)
    head = []
    for k, ms in it:
        head.append(fetch(web, k, ms))
        if k == "a":
            break
    put(web, "head", head[0])
    tail = [fetch(web, k, ms) for k, ms in it]
    return head, tail


def r128_dict_grows_while_iterated(web: str) -> dict[str, str]:
    """A fetched value adds a key during the loop: RuntimeError after the first GET."""
    d = {"a": "150", "b": "40", "c": "90"}
    for k in d:
        d[k + "x"] = fetch(web, k, int(d[k]))
    return d


def r128_dict_values_updated_in_loop(web: str) -> dict[str, str]:
    d = {"a": 150, "b": 40, "c": 90}
    for k in d:
        d[k] = fetch(web, k, d[k])
    return d


# =========================================================================== sorted / min / max keys


def r128_sorted_key_fetches(web: str) -> list[str]:
    lat = {"a": 150, "b": 40, "c": 90}
    return sorted(lat, key=lambda k: requests.get(f"{web}/items/{k}?ms={lat[k]}").json()["value"],
                  reverse=True)


def r128_max_key_fetches_then_put(web: str) -> str:
    best = max(["a", "b", "c"], key=lambda k: len(fetch(web, k * 3, dict(PAIRS)[k])))
    put(web, "best", best)
    return best


# =========================================================================== libraries


def r128_httpx_client_map_lazy(web: str) -> list[int]:
    with httpx.Client(base_url=web) as client:
        sizes = map(lambda p: len(client.get(f"/items/{p[0]}", params={"ms": p[1]}).content),
                    PAIRS)
        client.put("/items/x", content=b"1")
        return list(sizes)


def r128_json_lines_lazy_fetch_write(web: str, tmp: str) -> list[str]:
    out = Path(tmp) / "out.jsonl"
    rows = ({"k": k, "v": fetch(web, k, ms)} for k, ms in PAIRS)
    with out.open("w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return out.read_text().splitlines()


def r128_openai_lazy_answers(client: Any) -> list[str]:
    answers = (client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": q}],
        extra_body={"latency": lat}).choices[0].message.content
        for q, lat in [("one", 0.15), ("two", 0.04), ("three", 0.09)])
    first = next(answers)
    print("first", len(first))
    return [first, *answers]


# =========================================================================== sources that act


def _keys_then_fail() -> Iterator[tuple[str, int]]:
    yield "a", 150
    yield "b", 40
    raise ValueError("key list truncated")


def r128_sum_genexp_source_raises_midway(web: str) -> int:
    return sum(len(fetch(web, k, ms)) for k, ms in _keys_then_fail())


def _missing_then_fail() -> Iterator[str]:
    yield "missing-a"
    yield "b"
    raise ValueError("source broke")


def r128_join_genexp_read_fails_before_source(web: str) -> str:
    """Item one's read fails (KeyError) before the source's own error."""
    return "".join(requests.get(f"{web}/items/{k}?ms=40").json()["value"]
                   for k in _missing_then_fail())


def _tag(k: str) -> str:
    print("tagging", k)
    return k.upper()


def r128_for_zip_noisy_map_print_body(web: str) -> list[str]:
    out = []
    for (k, ms), tag in zip(PAIRS, map(_tag, "abc"), strict=False):
        print("item", tag)
        out.append(fetch(web, k, ms))
    return out


def _reading_keys(web: str) -> Iterator[str]:
    for k in ["a", "b", "missing-c"]:
        r = requests.get(f"{web}/items/{k}?ms=30")
        r.raise_for_status()
        yield r.json()["value"]


def r128_for_over_reading_gen_that_fails(web: str) -> list[str]:
    out = []
    for v in _reading_keys(web):
        out.append(requests.get(f"{web}/items/{v}?ms=60").json()["value"])
    return out


def _closing_pairs(web: str) -> Iterator[tuple[str, int]]:
    try:
        yield from PAIRS
    finally:
        requests.put(f"{web}/items/source", data="exhausted")


def r128_for_over_gen_finally_put(web: str) -> list[str]:
    out = []
    for k, ms in _closing_pairs(web):
        out.append(fetch(web, k, ms))
    return out


def r128_listcomp_element_next_same_iter(web: str) -> list[str]:
    it = iter(["a", "b", "c", "d"])
    return [fetch(web, a, 40) + "/" + fetch(web, next(it), 40) for a in it]


def _get_or_stop(web: str, k: str) -> str:
    r = requests.get(f"{web}/items/{k}?ms=40")
    if r.status_code == 404:
        raise StopIteration
    return r.json()["value"]


def r128_list_map_partial_stopiteration(web: str) -> list[str]:
    get = functools.partial(_get_or_stop, web)
    keys = ["a", "missing-b", "c"]
    vals = list(map(get, keys))
    requests.put(f"{web}/items/n", data=str(len(vals)))
    return vals


def _old_getter(url: str) -> str:
    return requests.get(url).json()["value"]


def _new_getter(url: str) -> str:
    return str(requests.put(url, data="new").json()["version"])


GETTER = _old_getter


class _Cfg:
    def __init__(self, web: str) -> None:
        self.web = web

    @property
    def urls(self) -> list[str]:
        global GETTER
        GETTER = _new_getter
        return [f"{self.web}/items/{k}?ms={ms}" for k, ms in PAIRS]


def _restore_getter(fn: Any, env: Env) -> Any:
    global GETTER
    try:
        return fn(env.web)
    finally:
        GETTER = _old_getter


def r128_list_map_callee_before_property(web: str) -> list[str]:
    """map looks GETTER up before cfg.urls rebinds it: the old getter runs."""
    cfg = _Cfg(web)
    return list(map(GETTER, cfg.urls))


# =========================================================================== containers changed by the loop


def r128_list_grows_during_loop(web: str) -> list[str]:
    todo = ["a"]
    out = []
    for k in todo:
        v = fetch(web, k, 40)
        out.append(v)
        if len(todo) < 3:
            todo.append(v)
    return out


def r128_list_remove_skips_next(web: str) -> list[str]:
    """Removing the current item shifts the list: b is skipped, never fetched."""
    keys = ["a", "b", "c"]
    out = []
    for k in keys:
        v = fetch(web, k, dict(PAIRS)[k])
        out.append(v)
        if v == "v-a":
            keys.remove(k)
    return out


def r128_dict_items_later_value_changed(web: str) -> list[str]:
    lat = {"a": 150, "b": 40, "c": 90}
    out = []
    for k, ms in lat.items():
        out.append(fetch(web, k, ms))
        lat["c"] = 10
    return out


def r128_chain_over_list_appended(web: str) -> list[str]:
    extra: list[str] = []
    out = []
    for k in itertools.chain(["a", "b"], extra):
        out.append(fetch(web, k, 40))
        if k == "a":
            extra.append("z")
    return out


def r128_for_over_map_of_constants(web: str) -> list[str]:
    out = []
    for k in map(str.lower, ["A", "B", "C"]):
        out.append(fetch(web, k, dict(PAIRS)[k]))
    return out


# =========================================================================== aliases, late binding


def r128_lambdas_late_binding(web: str) -> list[str]:
    """Every lambda sees the loop's last k: three GETs of c."""
    getters = [lambda: fetch(web, k, 40) for k in "abc"]  # noqa: B023
    return [g() for g in getters]


def r128_genexp_late_bound_latency(web: str) -> list[str]:
    ms = 150
    vals = (fetch(web, k, ms) for k in "abc")
    ms = 20
    return list(vals)


def _trim(keys: list[str]) -> None:
    del keys[-1]


def r128_helper_trims_loop_list(web: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    out = []
    for k in keys:
        out.append(fetch(web, k, 40))
        _trim(keys)
    return out


def r128_reversed_list_front_popped(web: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    out = []
    for k in reversed(keys):
        out.append(fetch(web, k, 30))
        keys.pop(0)
    return out


def r128_sorted_snapshot_mutated(web: str) -> list[str]:
    d = {"c": 90, "a": 150, "b": 40}
    out = []
    for k in sorted(d):
        out.append(fetch(web, k, d[k]))
        d[k + "2"] = 1
    return out


def _writer_gen(tmp: str) -> Iterator[Path]:
    p = Path(tmp) / "cur.txt"
    for word in ["one", "two", "three"]:
        p.write_text(word)
        yield p


def r128_listcomp_reads_file_source_writes(web: str, tmp: str) -> list[str]:
    return [p.read_text() for p in _writer_gen(tmp)]


# =========================================================================== one generator, many calls


def r128_listcomp_next_same_gen(web: str) -> list[str]:
    g = _pages(web)
    return [next(g) for g in [g, g, g]]


def r128_list_map_next_same_gen(web: str) -> list[str]:
    g = _pages(web)
    gens = [g, g, g]
    return list(map(next, gens))


def r128_lambdas_share_one_gen(web: str) -> list[str]:
    g = _pages(web)
    getters = [lambda: next(g)] * 3
    return [f() for f in getters]


def r128_listcomp_send_same_gen(web: str) -> list[Any]:
    acc = _accumulator(web)
    next(acc)
    return [acc.send(k) for k in ["a", "b", "c"]]


def r128_two_gens_listcomp_next(web: str) -> list[str]:
    gens = [_pages(web), _pages(web)]
    return [next(g) for g in gens]


# =========================================================================== StopIteration out of a read's helper


def r128_genexp_stopiteration_becomes_runtimeerror(web: str) -> list[str]:
    get = functools.partial(_get_or_stop, web)
    return list(get(k) for k in ["a", "missing-b", "c"])


def r128_listcomp_stopiteration_propagates(web: str) -> Any:
    get = functools.partial(_get_or_stop, web)
    try:
        return [get(k) for k in ["a", "missing-b", "c"]]
    except StopIteration:
        return "stopped"


def r128_join_map_stopiteration_print(web: str) -> str:
    get = functools.partial(_get_or_stop, web)
    keys = ["a", "b", "missing-c", "d"]
    s = ",".join(map(get, keys))
    print("joined", s)
    return s


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


O3 = over(0.15, 0.04, 0.09)

ALL: list[Case] = [
    _w(r128_map_lazy_consumed_after_put, chain_then(L, 0.15, 0.04, 0.09)),
    _w(r128_filter_fetching_predicate_after_put, chain_then(L, 0.06, 0.06, 0.06)),
    _w(r128_zip_two_maps_extra_pull, (0.28 + 0.06 + L) / (0.15 + L)),
    _w(r128_listcomp_over_putting_generator),
    _w(r128_map_stopiteration_ends_items, cat="validation"),
    _w(r128_genexp_made_before_put, chain_then(L, 0.15, 0.04, 0.09)),
    _w(r128_sum_genexp_then_put, (0.28 + L) / (0.15 + L), overlap=3),
    _w(r128_any_stops_before_put, cat="validation"),
    _w(r128_all_stops_on_missing, cat="validation"),
    _w(r128_next_genexp_first_match, cat="validation"),
    _w(r128_gen_next_put_next, cat="helpers"),
    _w(r128_gen_send_protocol, cat="helpers"),
    _w(r128_yield_from_break_then_put, cat="helpers"),
    _w(r128_gen_close_finally_put, cat="helpers"),
    _w(r128_gen_break_finally_put_contextlib_closing, cat="helpers"),
    _w(r128_gen_dropped_at_return_prints, cat="helpers"),
    _w(r128_gen_del_then_put, cat="helpers"),
    _w(r128_gen_rebound_none_then_put, cat="helpers"),
    _w(r128_gen_throw_handled, cat="helpers"),
    _w(r128_tee_drain_one_then_put, cat="helpers"),
    _w(r128_chain_break_first_found, cat="helpers"),
    _w(r128_groupby_over_fetched, over(0.15, 0.04, 0.09, 0.06)),
    _w(r128_takewhile_consumes_one_more, cat="validation"),
    _w(r128_iter_callable_sentinel, cat="validation"),
    _w(r128_shared_iterator_two_loops, (0.15 + L + 0.13) / (0.15 + L + 0.09), cat="state"),
    _w(r128_dict_grows_while_iterated, cat="state"),
    _w(r128_dict_values_updated_in_loop, O3, cat="state"),
    _w(r128_sorted_key_fetches, O3),
    _w(r128_max_key_fetches_then_put, (0.28 + L) / (0.15 + L)),
    _w(r128_httpx_client_map_lazy, chain_then(L, 0.15, 0.04, 0.09), cat="clients"),
    _w(r128_json_lines_lazy_fetch_write, O3, args=web_tmp, cat="files"),
    Case("sdk", r128_openai_lazy_answers, args=oa, servers="api",
         ideal=(0.15 + 0.04 + 0.09) / (0.15 + 0.09)),
    _w(r128_sum_genexp_source_raises_midway, cat="validation"),
    _w(r128_join_genexp_read_fails_before_source, cat="validation"),
    _w(r128_for_zip_noisy_map_print_body, O3),
    _w(r128_for_over_reading_gen_that_fails, cat="validation"),
    _w(r128_for_over_gen_finally_put, O3, cat="helpers"),
    _w(r128_listcomp_element_next_same_iter, 4.0, cat="state"),
    _w(r128_list_map_partial_stopiteration, cat="validation", speculative_reads=True),
    Case("rebind", r128_list_map_callee_before_property, servers="web", drive=_restore_getter,
         ideal=O3),
    _w(r128_list_grows_during_loop, cat="state"),
    _w(r128_list_remove_skips_next, over(0.15, 0.09), cat="state"),
    _w(r128_dict_items_later_value_changed, over(0.15, 0.04, 0.01), cat="state"),
    _w(r128_chain_over_list_appended, 3.0, cat="state"),
    _w(r128_for_over_map_of_constants, O3),
    _w(r128_lambdas_late_binding, 3.0, cat="state"),
    _w(r128_genexp_late_bound_latency, cat="state"),
    _w(r128_helper_trims_loop_list, cat="state"),
    _w(r128_reversed_list_front_popped, cat="state"),
    _w(r128_sorted_snapshot_mutated, O3, cat="state"),
    _w(r128_listcomp_reads_file_source_writes, args=web_tmp, cat="files"),
    _w(r128_listcomp_next_same_gen, cat="helpers"),
    _w(r128_list_map_next_same_gen, cat="helpers"),
    _w(r128_lambdas_share_one_gen, cat="helpers"),
    _w(r128_listcomp_send_same_gen, cat="helpers"),
    _w(r128_two_gens_listcomp_next, 2.0, cat="helpers"),
    _w(r128_genexp_stopiteration_becomes_runtimeerror, cat="validation", speculative_reads=True),
    _w(r128_listcomp_stopiteration_propagates, cat="validation", speculative_reads=True),
    _w(r128_join_map_stopiteration_print, cat="validation", speculative_reads=True),
]

# The two cases of a map ended by a helper's ``raise StopIteration`` after its GET: the GETs
# of the items after it were started with it, and are sent (the speculative-read allowance
# of docs/jit.md: reads launched together are all sent when one of them raises; the map
# swallows the raise, and the function's value, output and writes are the plain run's).
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
