"""Red-team cases (stop 217): generator and iterator pipelines around I/O calls.

Each case feeds GETs and PUTs of the corpus's web server (requests, httpx, urllib) or model
calls of the openai SDK through Python's lazy machinery and consumes them in ways whose
timing the plain program fixes:

- Lazy objects made before a write and consumed after it: a generator expression, ``map``,
  ``filter``, ``itertools.starmap`` built, then a PUT, then ``list(...)``; a generator
  expression whose element names a local rebound before it is consumed (late binding), or
  whose list grows (``append``) or is rebound before it is consumed.
- Short-circuits that the plain run stops at: ``any``/``all`` over generators and ``map``,
  ``next((... if fetch(x)), default)``, ``takewhile``/``dropwhile`` with fetching
  predicates, ``islice`` with a start, ``zip`` whose first iterable ends first, an early
  ``break`` over ``enumerate(map(...))``.
- Generators with ``try/finally`` that PUT or append to a file when closed (by
  ``contextlib.closing``, a ``break``, exhaustion), ``yield from``, ``send()`` coroutines
  with a PUT between sends, ``tee`` consumed unevenly around a PUT, one generator shared by
  ``next`` and a comprehension, two generators zipped (a reader and a writer).
- Consumers that may overlap: ``sum``/``"".join``/``dict(zip(...))``/``sorted``/``min``/
  ``max`` with a fetching ``key=``, ``functools.reduce``, ``accumulate``, ``groupby``,
  ``pairwise``, ``product``, ``chain``, ``zip_longest``, ``enumerate(reversed(...))``,
  nested comprehensions whose inner iterable is fetched, walrus in element and filter.
- Writes inside pipelines: ``starmap`` of PUTs, ``map`` of PUT-then-GET lambdas, a
  comprehension whose filter GETs what its element PUTs, prints and log records in
  filters, elements and generator steps.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import urllib.request
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import (
    CLIENT_LAT,
    Case,
    Env,
    corpus_logger,
    openai_client,
    serial_ideal,
)

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

LOG = corpus_logger("r217")


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _strict(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def _loud(web: str, key: str) -> int:
    print("fetching", key)
    n = len(_get(web, key))
    print("got", key, n)
    return n


def _ask(client: Any, prompt: str) -> str:
    r = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": prompt}])
    return r.choices[0].message.content or ""


# ------------------------------------------------------------ lazy objects made before a write


def r217_genexp_made_before_put(web: str) -> list[str]:
    gen = (_get(web, k) for k in ("a", "b"))
    _put(web, "a", "new-a")
    return list(gen)


def r217_map_made_before_put(web: str) -> list[str]:
    m = map(functools.partial(_get, web), ["a", "b", "c"])
    _put(web, "b", "new-b")
    return list(m)


def r217_filter_made_before_put(web: str) -> list[str]:
    f = filter(lambda k: _get(web, k) != "skip", ["a", "b", "c"])
    _put(web, "b", "skip")
    return list(f)


def r217_starmap_made_before_put(web: str) -> list[str]:
    sm = itertools.starmap(_get, [(web, "a"), (web, "b")])
    _put(web, "a", "new-a")
    return list(sm)


def r217_genexp_late_binding_prefix(web: str) -> list[str]:
    prefix = "a"
    gen = (_get(web, prefix + k) for k in ("1", "2"))
    prefix = "b"
    return [prefix, *gen]


def r217_genexp_list_grows_before_consume(web: str) -> list[str]:
    keys = ["a", "b"]
    gen = (_get(web, k) for k in keys)
    keys.append("c")
    return list(gen)


def r217_genexp_list_rebound_before_consume(web: str) -> list[str]:
    keys = ["a", "b"]
    gen = (_get(web, k) for k in keys)
    keys = ["x", "y", "z"]
    return [*gen, *keys]


def r217_genexp_consumed_by_sum_after_put(web: str) -> int:
    lengths = (len(_get(web, k)) for k in ("a", "b", "c"))
    _put(web, "c", "a much longer value")
    return sum(lengths)


# ------------------------------------------------------------ short-circuits


def r217_islice_start_stop_genexp(web: str) -> list[str]:
    gen = (_get(web, k) for k in ("a", "b", "c", "d", "e"))
    picked = list(itertools.islice(gen, 1, 3))
    _put(web, "picked", ",".join(picked))
    return picked


def r217_takewhile_stop_then_put(web: str) -> list[str]:
    vals = list(itertools.takewhile(lambda v: v != "v-stop",
                                    (_get(web, k) for k in ("a", "stop", "c", "d"))))
    _put(web, "log", ",".join(vals))
    return vals


def r217_dropwhile_fetching_predicate(web: str) -> list[str]:
    rest = list(itertools.dropwhile(lambda k: _get(web, k) != "v-b", ["a", "b", "c", "d"]))
    tail = _get(web, "tail")
    return [*rest, tail]


def r217_next_first_match_default(web: str) -> list[str]:
    _put(web, "b", "hit")
    first = next((k for k in ("a", "b", "c") if _get(web, k) == "hit"), "none")
    other = _get(web, "other")
    return [first, other]


def r217_any_stops_then_put(web: str) -> bool:
    found = any(_get(web, k) == "v-b" for k in ("a", "b", "c", "d"))
    _put(web, "found", str(found))
    return found


def r217_all_map_stops_at_false(web: str) -> list[Any]:
    _put(web, "b", "bad")
    ok = all(map(lambda k: _get(web, k).startswith("v-"), ["a", "b", "c"]))
    after = _get(web, "after")
    return [ok, after]


def r217_zip_short_range_stops_map(web: str) -> list[Any]:
    pairs = list(zip(range(2), map(functools.partial(_get, web), ["a", "b", "c", "d"]),
                     strict=False))
    _put(web, "done", str(len(pairs)))
    return pairs


def r217_enumerate_map_break_appends_file(tmp: str, web: str) -> list[str]:
    log = Path(tmp) / "seen.txt"
    seen = []
    for i, v in enumerate(map(functools.partial(_get, web), ["a", "b", "c", "d"])):
        with open(log, "a") as f:
            f.write(f"{i} {v}\n")
        seen.append(v)
        if v == "v-b":
            break
    return [*seen, log.read_text()]


def r217_sum_genexp_failing_strict(web: str) -> int:
    return sum(len(_strict(web, k)) for k in ("a", "missing-x", "c"))


# ------------------------------------------------------------ generators that write


def _stream(web: str, keys: list[str]) -> Iterator[str]:
    try:
        for k in keys:
            yield _get(web, k)
    finally:
        _put(web, "closed", "yes")


def r217_closing_generator_finally_puts(web: str) -> list[str]:
    with contextlib.closing(_stream(web, ["a", "b", "c"])) as s:
        first = next(s)
    after = _get(web, "closed")
    other = _get(web, "other", 100)
    return [first, after, other]


def r217_generator_exhausted_finally_puts(web: str) -> list[str]:
    vals = list(_stream(web, ["a", "b"]))
    after = _get(web, "closed")
    other = _get(web, "other", 100)
    return [*vals, after, other]


def _noted(tmp: str, web: str, keys: list[str]) -> Iterator[str]:
    try:
        for k in keys:
            yield _get(web, k)
    finally:
        with open(Path(tmp) / "notes.txt", "a") as f:
            f.write("closed\n")


def r217_break_generator_finally_appends_file(tmp: str, web: str) -> list[str]:
    out = []
    for v in _noted(tmp, web, ["a", "b", "c"]):
        out.append(v)
        if v == "v-b":
            break
    text = (Path(tmp) / "notes.txt").read_text()
    other = _get(web, "other")
    return [*out, text, other]


def _both(web: str) -> Iterator[str]:
    yield from (_get(web, k) for k in ("a", "b"))
    yield from _stream(web, ["c", "d"])


def r217_yield_from_two_sources(web: str) -> list[str]:
    vals = list(_both(web))
    after = _get(web, "closed")
    return [*vals, after]


def _fetcher(web: str) -> Generator[str | None, str | None, list[str]]:
    got: list[str] = []
    key = yield None
    while key is not None:
        got.append(_get(web, key))
        key = yield got[-1]
    return got


def r217_send_coroutine_put_between(web: str) -> list[Any]:
    co = _fetcher(web)
    next(co)
    a = co.send("a")
    _put(web, "b", "new-b")
    b = co.send("b")
    c = _get(web, "c")
    try:
        co.send(None)
    except StopIteration as stop:
        done = stop.value
    return [a, b, c, done]


def r217_tee_uneven_put_between(web: str) -> list[Any]:
    a, b = itertools.tee(_get(web, k) for k in ("a", "b", "c"))
    first = next(a)
    _put(web, "b", "new-b")
    rest = list(b)
    return [first, rest, list(a)]


def r217_generator_shared_next_then_comprehension(web: str) -> list[Any]:
    it = (_get(web, k) for k in ("a", "b", "c"))
    head = next(it)
    _put(web, "c", "new-c")
    tail = [v.upper() for v in it]
    return [head, tail]


def _reader(web: str) -> Iterator[str]:
    for _ in range(3):
        yield _get(web, "s")


def _writer(web: str) -> Iterator[int]:
    for i in range(3):
        yield _put(web, "s", f"step{i}")


def r217_zip_reader_and_writer_generators(web: str) -> list[Any]:
    return list(zip(_reader(web), _writer(web), strict=False))


def _logged(web: str, keys: list[str]) -> Iterator[str]:
    for k in keys:
        LOG.info("fetching %s", k)
        v = _get(web, k)
        LOG.info("got %s", v)
        yield v


def r217_generator_logs_steps(web: str) -> list[str]:
    LOG.info("start")
    vals = [v.upper() for v in _logged(web, ["a", "b", "c"])]
    LOG.info("done %d", len(vals))
    return vals


def r217_deque_consumes_map_of_puts(web: str) -> list[Any]:
    import collections
    collections.deque(map(lambda kv: _put(web, *kv), [("a", "1"), ("b", "2"), ("a", "3")]),
                      maxlen=0)
    return [_get(web, "a"), _get(web, "b")]


# ------------------------------------------------------------ consumers that may overlap


def r217_sum_genexp_print_helper(web: str) -> int:
    total = sum(_loud(web, k) for k in ("a", "bb", "ccc"))
    print("total", total)
    return total


def r217_sorted_key_fetches(web: str) -> list[str]:
    return sorted(["a", "b", "c"], key=lambda k: _get(web, k)[::-1])


def r217_max_key_fetch_ties(web: str) -> list[str]:
    best = max(["bb", "a", "cc"], key=lambda k: len(_get(web, k)))
    worst = min(["bb", "a", "cc"], key=lambda k: len(_get(web, k)))
    return [best, worst]


def r217_min_map_httpx(web: str) -> str:
    return min(map(lambda k: httpx.get(f"{web}/items/{k}", timeout=5).json()["value"],
                   ["c", "a", "b"]))


def r217_reduce_fetch_concat(web: str) -> str:
    return functools.reduce(lambda acc, k: acc + _get(web, k)[-1], ["a", "b", "c"], "")


def r217_reduce_put_chain(web: str) -> list[Any]:
    last = functools.reduce(lambda acc, k: _put(web, k, str(acc)), ["a", "b", "c"], 0)
    return [last, _get(web, "c")]


def r217_dict_zip_keys_map(web: str) -> dict[str, str]:
    keys = ["a", "b", "c"]
    return dict(zip(keys, map(functools.partial(_get, web), keys), strict=False))


def r217_join_genexp_urllib(web: str) -> str:
    return "|".join(
        json.loads(urllib.request.urlopen(f"{web}/items/{k}", timeout=5).read())["value"]
        for k in ("a", "b", "c"))


def r217_chain_two_genexps(web: str) -> list[str]:
    return list(itertools.chain((_get(web, k) for k in ("a", "b")),
                                (_get(web, k) for k in ("c", "d"))))


def r217_chain_from_iterable_split(web: str) -> list[str]:
    return list(itertools.chain.from_iterable(_get(web, k).split("-") for k in ("a", "b", "c")))


def r217_accumulate_lengths(web: str) -> list[int]:
    return list(itertools.accumulate(len(_get(web, k)) for k in ("a", "bb", "ccc")))


def r217_groupby_fetched_key(web: str) -> list[Any]:
    _put(web, "b", "x-b")
    keys = ["a", "b", "c", "d"]
    vals = [_get(web, k) for k in keys]
    return [(g, [v for v in grp]) for g, grp in itertools.groupby(vals, key=lambda v: v[0])]


def r217_pairwise_fetched(web: str) -> list[str]:
    return [x + y for x, y in itertools.pairwise(_get(web, k) for k in ("a", "b", "c", "d"))]


def r217_product_two_fetched_lists(web: str) -> list[Any]:
    return list(itertools.product(_get(web, "x").split("-"), _get(web, "y").split("-")))


def r217_zip_longest_generators(web: str) -> list[Any]:
    ga = (_get(web, k) for k in ("a", "b"))
    gb = (_get(web, k) for k in ("c", "d", "e"))
    return list(itertools.zip_longest(ga, gb, fillvalue="-"))


def r217_enumerate_reversed_fetched(web: str) -> list[str]:
    vals = [_get(web, k) for k in ("a", "b", "c")]
    return [f"{i}:{v}" for i, v in enumerate(reversed(vals))]


def r217_nested_comprehension_inner_fetched(web: str) -> list[str]:
    return [_get(web, part) for k in ("x", "y") for part in _get(web, k).split("-")]


def r217_walrus_in_filter(web: str) -> list[Any]:
    out = [v for k in ("a", "b", "c") if (v := _get(web, k)) != "v-b"]
    return [out, v]


def r217_walrus_running_total(web: str) -> list[int]:
    total = 0
    sums = [(total := total + len(_get(web, k))) for k in ("a", "bb", "ccc")]
    return [*sums, total]


def r217_filter_fetch_element_put(web: str) -> list[int]:
    return [_put(web, k, "done") for k in ("a", "b", "a") if _get(web, k) != "done"]


def _check(k: str) -> bool:
    print("check", k)
    return k != "skip"


def r217_filter_prints_element_loud(web: str) -> list[int]:
    return [_loud(web, k) for k in ("a", "skip", "b", "c") if _check(k)]


def r217_filter_pure_element_loud(web: str) -> list[int]:
    return [_loud(web, k) for k in ("a", "skip", "b", "c") if k != "skip"]


def r217_filter_prints_element_prints_get(web: str) -> list[Any]:
    return [print("got", _get(web, k)) for k in ("a", "skip", "b") if _check(k)]


def r217_loop_if_prints_check_loud_element(web: str) -> list[int]:
    out = []
    for k in ("a", "skip", "b", "c"):
        if _check(k):
            out.append(_loud(web, k))
    return out


def r217_sum_genexp_filter_prints(web: str) -> int:
    total = sum(_loud(web, k) for k in ("a", "skip", "bb", "ccc") if _check(k))
    print("total", total)
    return total


def r217_dict_comprehension_filter_prints(web: str) -> dict[str, int]:
    return {k: _loud(web, k) for k in ("a", "skip", "b") if _check(k)}


def _logged_check(k: str) -> bool:
    LOG.info("check %s", k)
    return k != "skip"


def _logged_get(web: str, k: str) -> str:
    LOG.info("fetching %s", k)
    return _get(web, k)


def r217_filter_logs_element_logs(web: str) -> list[str]:
    return [_logged_get(web, k) for k in ("a", "skip", "b", "c") if _logged_check(k)]


def _mark(web: str, k: str) -> bool:
    _put(web, f"seen-{k}", f"marked {k}")
    return True


def r217_filter_puts_element_gets_mark(web: str) -> list[str]:
    return [_get(web, f"seen-{k}") for k in ("a", "b", "c") if _mark(web, k)]


def _note_line(tmp: str, k: str) -> bool:
    with open(Path(tmp) / "filter.txt", "a") as f:
        f.write(k + "\n")
    return True


def r217_filter_appends_file_element_reads_it(tmp: str, web: str) -> list[Any]:
    path = Path(tmp) / "filter.txt"
    return [(_get(web, k), path.read_text().count("\n"))
            for k in ("a", "b", "c") if _note_line(tmp, k)]


SEEN: list[str] = []


def _remember(k: str) -> bool:
    SEEN.append(k)
    return True


def _report(web: str, k: str) -> str:
    print("seen so far", len(SEEN))
    return _get(web, k)


def r217_filter_appends_global_element_prints_it(web: str) -> list[str]:
    SEEN.clear()
    return [_report(web, k) for k in ("a", "b", "c") if _remember(k)]


def _valid(k: str) -> str:
    print("validating", k)
    if k.startswith("bad"):
        raise ValueError(f"bad key {k}")
    return k


def r217_element_validates_then_loud(web: str) -> list[Any]:
    try:
        return [_loud(web, _valid(k)) for k in ("a", "b", "bad", "c")]
    except ValueError as exc:
        print("stopped:", exc)
        return [str(exc)]


def r217_filter_prints_element_fails(web: str) -> list[str]:
    return [_strict(web, k) for k in ("a", "missing-x", "c", "d") if _check(k)]


def r217_filter_puts_element_fails(web: str) -> list[str]:
    return [_strict(web, k) for k in ("a", "missing-x", "c") if _mark(web, k)]


def r217_filter_appends_file_element_fails(tmp: str, web: str) -> list[str]:
    try:
        return [_strict(web, k) for k in ("a", "missing-x", "c") if _note_line(tmp, k)]
    finally:
        print((Path(tmp) / "filter.txt").read_text().split())


def r217_map_lambda_put_then_get(web: str) -> list[str]:
    return list(map(lambda k: (_put(web, k, "w-" + k), _get(web, k))[1], ["a", "b"]))


def r217_map_two_iterables(web: str) -> list[str]:
    return list(map(lambda a, b: _get(web, a + b), ["a", "b", "c"], ["1", "2"]))


def r217_filter_none_over_map_then_put(web: str) -> list[Any]:
    _put(web, "b", "")
    kept = list(filter(None, map(functools.partial(_get, web), ["a", "b", "c"])))
    _put(web, "kept", ",".join(kept))
    return [kept, _get(web, "kept")]


def r217_dict_comprehension_genexp_values_put_after(web: str) -> list[Any]:
    got = {k: _get(web, k) for k in ("a", "b", "c")}
    _put(web, "a", "changed")
    again = {k: _get(web, k) for k in got}
    return [got, again]


def r217_httpx_client_join_genexp(web: str) -> str:
    with httpx.Client(base_url=web, timeout=5) as c:
        return ",".join(c.get(f"/items/{k}").json()["value"] for k in ("a", "b", "c"))


# ------------------------------------------------------------ model calls


def r217_sdk_sorted_by_answer_length(client: Any) -> list[str]:
    return sorted(["alpha", "beta", "gamma"], key=lambda p: len(_ask(client, p)))


def r217_sdk_any_stops_at_match(client: Any) -> list[Any]:
    hit = any("beta" in _ask(client, p) for p in ("alpha", "beta", "gamma", "delta"))
    return [hit]


def r217_sdk_map_then_judge(client: Any) -> str:
    answers = list(map(functools.partial(_ask, client), ["one", "two", "three"]))
    return _ask(client, " | ".join(a[:12] for a in answers))[:40]


def _answers(client: Any, prompts: list[str]) -> Iterator[str]:
    for p in prompts:
        yield _ask(client, p)[:20]


def r217_sdk_generator_partial(client: Any) -> list[str]:
    gen = _answers(client, ["alpha", "beta", "gamma"])
    first = next(gen)
    second = next(gen)
    gen.close()
    return [first, second]


def r217_sdk_next_first_match(client: Any) -> str:
    return next((p for p in ("alpha", "beta", "gamma") if "beta" in _ask(client, p)), "none")


def r217_sdk_filter_prints_element_asks(client: Any) -> list[str]:
    return [_ask(client, p)[:12] for p in ("alpha", "skip", "beta") if _check(p)]


# ------------------------------------------------------------ the list


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _llm_args(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "fanout", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, **kw)


def _tw(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_tmp_web, servers="web", ideal=ideal, **kw)


def _llm(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=_llm_args, servers="api", latency=CLIENT_LAT, ideal=ideal, **kw)


ALL += [
    # lazy objects made before a write
    _w(r217_genexp_made_before_put, 1.5),  # PUT, then both GETs
    _w(r217_map_made_before_put, 2.0),  # PUT, then three GETs
    _w(r217_filter_made_before_put, 2.0),
    _w(r217_starmap_made_before_put, 1.5),
    _w(r217_genexp_late_binding_prefix, 2.0),
    _w(r217_genexp_list_grows_before_consume, 3.0),
    _w(r217_genexp_list_rebound_before_consume, 2.0),
    _w(r217_genexp_consumed_by_sum_after_put, 2.0),
    # short-circuits
    _w(r217_islice_start_stop_genexp, 2.0),  # a, b, c could overlap; then the PUT
    _w(r217_takewhile_stop_then_put),
    _w(r217_dropwhile_fetching_predicate, 1.5),  # tail beside b
    _w(r217_next_first_match_default, 200 / 150),  # PUT, a, b; other beside them
    _w(r217_any_stops_then_put),
    _w(r217_all_map_stops_at_false, 200 / 150),  # PUT, a, b; after beside them
    _w(r217_zip_short_range_stops_map, 1.5),
    _tw(r217_enumerate_map_break_appends_file),
    _w(r217_sum_genexp_failing_strict, 2.0, speculative_reads=True),
    # generators that write
    _w(r217_closing_generator_finally_puts, 250 / 200, cat="state", overlap=2),
    _w(r217_generator_exhausted_finally_puts, 1.5, cat="state", overlap=2),
    _tw(r217_break_generator_finally_appends_file, 1.5),
    _w(r217_yield_from_two_sources, 300 / 150, cat="state"),
    _w(r217_send_coroutine_put_between, 200 / 150, cat="state"),
    _w(r217_tee_uneven_put_between, 200 / 150, cat="state"),
    _w(r217_generator_shared_next_then_comprehension, 200 / 150, cat="state"),
    _w(r217_zip_reader_and_writer_generators, cat="state"),
    _w(r217_generator_logs_steps, 3.0, cat="state"),
    _w(r217_deque_consumes_map_of_puts, 250 / 200, cat="state", overlap=2),
    # consumers that may overlap
    _w(r217_sum_genexp_print_helper, 3.0, overlap=3),
    _w(r217_sorted_key_fetches, 3.0),
    _w(r217_max_key_fetch_ties, 6.0),
    _w(r217_min_map_httpx, 3.0),
    _w(r217_reduce_fetch_concat, 3.0),
    _w(r217_reduce_put_chain),
    _w(r217_dict_zip_keys_map, 3.0),
    _w(r217_join_genexp_urllib, 3.0, overlap=3),
    _w(r217_chain_two_genexps, 4.0),
    _w(r217_chain_from_iterable_split, 3.0),
    _w(r217_accumulate_lengths, 3.0),
    _w(r217_groupby_fetched_key, 250 / 100, overlap=4),
    _w(r217_pairwise_fetched, 4.0),
    _w(r217_product_two_fetched_lists, 2.0, overlap=2),
    _w(r217_zip_longest_generators, 5.0),
    _w(r217_enumerate_reversed_fetched, 3.0, overlap=3),
    _w(r217_nested_comprehension_inner_fetched, 3.0),
    _w(r217_walrus_in_filter, 3.0),
    _w(r217_walrus_running_total, 3.0),
    _w(r217_filter_fetch_element_put),
    _w(r217_filter_prints_element_loud, 3.0),
    _w(r217_filter_pure_element_loud, 3.0, overlap=3),
    _w(r217_filter_prints_element_prints_get, 2.0),
    _w(r217_loop_if_prints_check_loud_element, 3.0),
    _w(r217_sum_genexp_filter_prints, 3.0),
    _w(r217_dict_comprehension_filter_prints, 2.0),
    _w(r217_filter_logs_element_logs, 3.0),
    _w(r217_filter_puts_element_gets_mark),  # each GET reads its own item's PUT
    _tw(r217_filter_appends_file_element_reads_it, 3.0),  # the GETs cross file writes
    _w(r217_filter_appends_global_element_prints_it, 3.0, cat="state"),
    _w(r217_element_validates_then_loud, 2.0, cat="validation"),
    _w(r217_filter_prints_element_fails, 2.0, speculative_reads=True),
    _w(r217_filter_puts_element_fails, speculative_reads=True),
    _tw(r217_filter_appends_file_element_fails, 2.0, speculative_reads=True),
    _w(r217_map_lambda_put_then_get),
    _w(r217_map_two_iterables, 2.0),
    _w(r217_filter_none_over_map_then_put, 1.5),
    _w(r217_dict_comprehension_genexp_values_put_after, 350 / 150, overlap=3),
    _w(r217_httpx_client_join_genexp, 3.0, cat="clients", overlap=3),
    # model calls
    _llm(r217_sdk_sorted_by_answer_length, serial_ideal(1, 3, 1)),
    _llm(r217_sdk_any_stops_at_match),
    _llm(r217_sdk_map_then_judge, serial_ideal(1, 4, 2), overlap=3),
    _llm(r217_sdk_generator_partial, serial_ideal(1, 2, 1)),
    _llm(r217_sdk_next_first_match),
    # (a filter that prints keeps the items as written: no overlap claimed)
    _llm(r217_sdk_filter_prints_element_asks, serial_ideal(1, 2, 1)),
]

_AHEAD = ("a list / set / dict comprehension (or a generator expression consumed whole) "
          "whose element holds a read runs its `if` filter for every item before any "
          "element is built (`_moves.Moves.comprehension`: the filter's effects are checked "
          "only for a change an element makes to what the filter reads; a filter that is "
          "ordered output, a `print` or a logging call, is neither a barrier nor `decides`), "
          "so the filter's output is emitted up front")
# Differed when written; fixed since (`_moves.Moves.comprehension`: a filter that prints,
# logs or writes takes the items as written):
FIXED_WHY: dict[str, str] = {
    "r217_filter_prints_element_loud":
        f"{_AHEAD}: plain stdout interleaves 'check a', 'fetching a', 'got a 3', 'check "
        "skip', 'check b', ...; jitted prints all four 'check ...' lines first and then the "
        "element's printing twins' buffers ('fetching a', 'got a 3', ...). Same value and "
        "GETs; the order of output differs (soundness: ordered output reordered)",
    "r217_filter_prints_element_prints_get":
        f"{_AHEAD}: the element is `print('got', get(k))`; plain 'check a, got v-a, check "
        "skip, check b, got v-b', jitted 'check a, check skip, check b, got v-a, got v-b'",
    "r217_sum_genexp_filter_prints":
        f"{_AHEAD}: the same under `sum(... for k in keys if check(k))`: all 'check ...' "
        "lines come before the first 'fetching a'",
    "r217_dict_comprehension_filter_prints":
        f"{_AHEAD}: the same in a dict comprehension: 'check a, check skip, check b' before "
        "'fetching a'",
    "r217_filter_logs_element_logs":
        f"{_AHEAD}: with logging instead of print (a `corpus.r217` logger's INFO in the "
        "filter helper and in the element's helper): plain records 'check a, fetching a, "
        "check skip, check b, fetching b, ...', jitted all four 'check' records first",
    "r217_filter_prints_element_fails":
        f"{_AHEAD}, even when the element itself shows nothing: the element "
        "(`raise_for_status` GET) fails at the second item; plain printed 'check a', "
        "'check missing-x' and raised the 404; jitted raises the same 404 after printing "
        "'check c' and 'check d' too, output the plain program never produced (the extra "
        "GETs of c and d are the documented allowance; the extra prints are not: the "
        "allowance covers reads and model calls only)",
}


CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
