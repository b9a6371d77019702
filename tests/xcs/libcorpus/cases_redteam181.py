"""Red-team cases (stop 181): the cost of looking at what calls are handed, and big data
beside I/O.

Functions that hand large values to helpers that GET, sleep or ask the model: a list of
10,000-100,000 strings, a dict of 20,000 entries, a list of 5,000 dicts or dataclass
records, nested lists of ints, numpy arrays of floats and of objects, big bytes and
bytearrays, a set of tuples, a deque, a pydantic model holding a big list, an openai
client beside a big context list or a long history; in comprehensions of 3-20 calls and in
loops. Each must give the plain result and still overlap, no slower than plain: every
start looks at its arguments (`_formatting.quiet`), checks its hazards (`immutable`) and
its guards (`"items"`: the type of every item of a list). Then the same big object handed
to every call against a new one per call, big objects changed between calls (an append,
an item store, a deque's rotation past its ``maxlen``), and one object of ours that prints
when formatted (`Loud`) placed in a big structure: among the first 200 objects (its
output must keep its place) or past 300 (documented as taken as data: noted, not counted).
Sibling calls get unequal latencies, slow first. `FAILING_WHY` holds the cases that
differed or crashed under jit when written; `NOTED` the ones that differ as documented.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam181")

KEYS3 = (("a", 150), ("b", 40), ("c", 90))
KEYS5 = (("a", 150), ("b", 40), ("c", 90), ("d", 60), ("e", 110))
# Twenty keys, the first slowest: waits of 30-120 ms.
KEYS20 = tuple((f"k{i}", 100 if i == 0 else 15 + (i * 29) % 40) for i in range(20))
# Ten keys for the costlier looks.
KEYS10 = tuple((f"t{i}", 120 if i == 0 else 20 + (i * 23) % 50) for i in range(10))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def over_keys(keys: tuple) -> float:
    return over(*(ms for _, ms in keys))


class Loud:
    """A value that prints when it is formatted or made a string."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return format(self.s, spec)

    def __str__(self) -> str:
        print("str", self.s)
        return self.s

    def __repr__(self) -> str:
        print("repr", self.s)
        return f"Loud({self.s!r})"


@dataclasses.dataclass
class Rec:
    id: int
    name: str
    score: float


@dataclasses.dataclass(frozen=True, slots=True)
class FRec:
    id: int
    name: str


class Bag(pydantic.BaseModel):
    title: str
    items: list[str]


class LooseBag(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    title: str
    rows: list[Any]


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


# =========================================================================== helpers


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def fetch_with(web: str, k: str, ms: int, words: list) -> str:
    """A GET, then a look at the big list it was handed (after the wait)."""
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return f"{value}:{len(words)}:{words[-1]}"


def fetch_lookup(web: str, k: str, ms: int, table: dict) -> str:
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return f"{value}={table.get(value, table.get('k1', '?'))}:{len(table)}"


def fetch_sum_field(web: str, k: str, ms: int, rows: list) -> tuple:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    total = sum(row["n"] for row in rows[:50])
    return r.json()["value"], total, len(rows)


def fetch_records(web: str, k: str, ms: int, recs: list) -> str:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    best = max(recs[:200], key=lambda rec: rec.score)
    return f"{r.json()['value']} best={best.name} n={len(recs)}"


def fetch_row(web: str, k: str, ms: int, grid: list, i: int) -> tuple:
    value = _get(web, k, ms)
    return value, sum(grid[i]), len(grid)


def fetch_array(web: str, k: str, ms: int, arr: Any) -> tuple:
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return value, round(float(arr[:100].sum()), 3), int(arr.shape[0])


def fetch_first(web: str, k: str, ms: int, seq: Any) -> tuple:
    """A GET, then the first item and the length of what it was handed."""
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return value, seq[0], len(seq)


def fetch_len_first(web: str, k: str, ms: int, seq: Any) -> tuple:
    """The length read before the GET (what an ideal JIT may run ahead)."""
    n = len(seq)
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return value, n


def fetch_digest(web: str, k: str, ms: int, blob: bytes) -> tuple:
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return value, hashlib.sha256(blob).hexdigest()[:12], len(blob)


def fetch_member(web: str, k: str, ms: int, pairs: set) -> tuple:
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return value, (len(value), 3) in pairs, len(pairs)


def fetch_bag(web: str, k: str, ms: int, bag: Bag) -> str:
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return f"{bag.title}/{value}/{len(bag.items)}/{bag.items[7]}"


def fetch_count_long(web: str, k: str, ms: int, words: list) -> tuple:
    """A helper that walks every item of the list it is handed."""
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    long = 0
    for w in words:
        if len(w) > 5:
            long += 1
    return value, long


def slow_len(words: list, delay: float) -> int:
    """A stand-in for an API call: a sleep whose value is used."""
    time.sleep(delay)
    return len(words) + int(delay * 1000)


def describe(web: str, k: str, ms: int, rows: Any, i: int) -> str:
    """A GET, then one item of the big structure formatted."""
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return f"{value}:{rows[i]}"


def show_all(web: str, k: str, ms: int, rows: Any) -> str:
    """A GET, then the whole structure formatted (its length kept)."""
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    text = repr(rows)
    return f"{value}:{len(text)}"


def describe_tag(web: str, k: str, ms: int, rows: list, i: int) -> str:
    value = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return f"{value}:{rows[i]['tag']}"


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def ask_ctx(client: Any, q: str, context: list, lat: float) -> str:
    prompt = "\n".join(context[:3]) + f"\n({len(context)} docs)\nQ: {q}"
    return ask(client, prompt, lat)


def ask_history(client: Any, history: list, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[*history, user(q)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== big values, same object


def r181_list100k_same_to_each(web: str) -> list[str]:
    words = [f"w{i:06d}" for i in range(100_000)]
    return [fetch_with(web, k, ms, words) for k, ms in KEYS3]


def r181_list10k_new_slice_per_call(web: str) -> list[str]:
    words = [f"w{i}" for i in range(10_000)]
    return [fetch_with(web, k, ms, words[: 10_000 - n]) for n, (k, ms) in enumerate(KEYS3)]


def r181_list50k_loop_print(web: str) -> list[str]:
    words = [f"line {i}" for i in range(50_000)]
    out = []
    for k, ms in KEYS3:
        out.append(fetch_with(web, k, ms, words))
        print("fetched", k)
    return out


def r181_list100k_twenty_calls(web: str) -> list[str]:
    words = [f"w{i}" for i in range(100_000)]
    return [fetch_with(web, k, ms, words) for k, ms in KEYS20]


def r181_dict20k_same_to_each(web: str) -> list[str]:
    table = {f"k{i}": f"val{i}" for i in range(20_000)}
    table["v-a"] = "found-a"
    return [fetch_lookup(web, k, ms, table) for k, ms in KEYS5]


def r181_dict20k_ten_calls(web: str) -> list[str]:
    table = {f"k{i}": i for i in range(20_000)}
    return [fetch_lookup(web, k, ms, table) for k, ms in KEYS10]


def r181_dict30k_twenty_calls(web: str) -> list[str]:
    table = {f"k{i}": f"x{i}" for i in range(30_000)}
    return [fetch_lookup(web, k, ms, table) for k, ms in KEYS20]


def r181_dict20k_of_lists(web: str) -> list[str]:
    table = {f"k{i}": [i, i + 1] for i in range(20_000)}
    return [fetch_lookup(web, k, ms, table) for k, ms in KEYS5]


def r181_rows5k_dicts(web: str) -> list[tuple]:
    rows = [{"id": i, "n": i % 13, "tag": f"t{i}"} for i in range(5_000)]
    return [fetch_sum_field(web, k, ms, rows) for k, ms in KEYS5]


def r181_rows5k_dicts_loop_log(web: str) -> list[tuple]:
    rows = [{"id": i, "n": i % 7} for i in range(5_000)]
    out = []
    for k, ms in KEYS3:
        got = fetch_sum_field(web, k, ms, rows)
        LOG.info("row %s -> %s", k, got[1])
        out.append(got)
    return out


def r181_records5k_dataclass(web: str) -> list[str]:
    recs = [Rec(i, f"n{i}", (i * 7919) % 1000 / 10) for i in range(5_000)]
    return [fetch_records(web, k, ms, recs) for k, ms in KEYS3]


def r181_records5k_twenty_calls(web: str) -> list[str]:
    recs = [Rec(i, f"n{i}", (i * 7919) % 1000 / 10) for i in range(5_000)]
    return [fetch_records(web, k, ms, recs) for k, ms in KEYS20]


def r181_records5k_frozen_slots(web: str) -> list[tuple]:
    recs = tuple(FRec(i, f"n{i}") for i in range(5_000))
    return [fetch_first(web, k, ms, recs) for k, ms in KEYS3]


def r181_nested_int_grid(web: str) -> list[tuple]:
    grid = [[i * j for j in range(100)] for i in range(1_000)]
    return [fetch_row(web, k, ms, grid, n) for n, (k, ms) in enumerate(KEYS5)]


def r181_numpy_floats(web: str) -> list[tuple]:
    arr = np.arange(100_000, dtype=np.float64) / 7.0
    return [fetch_array(web, k, ms, arr) for k, ms in KEYS5]


def r181_numpy_objects(web: str) -> list[tuple]:
    arr = np.array([f"s{i}" for i in range(20_000)], dtype=object)
    return [fetch_first(web, k, ms, arr) for k, ms in KEYS3]


def r181_numpy_objects_100k(web: str) -> list[tuple]:
    arr = np.empty(100_000, dtype=object)
    arr[:] = [(i, f"s{i}") for i in range(100_000)]
    return [fetch_first(web, k, ms, arr) for k, ms in KEYS3]


def r181_bytes_1mb(web: str) -> list[tuple]:
    blob = bytes(range(256)) * 4096
    return [fetch_digest(web, k, ms, blob) for k, ms in KEYS3]


def r181_frozen_records_short_calls(web: str) -> list[tuple]:
    """Twenty short GETs (12 ms), each handed the same 5,000 frozen records."""
    recs = tuple(FRec(i, f"n{i}") for i in range(5_000))
    return [fetch_first(web, f"s{i}", 12, recs) for i in range(20)]


def r181_tuple_records_short_calls(web: str) -> list[tuple]:
    """The same, with 5,000 plain tuples for records: the control."""
    recs = tuple((i, f"n{i}") for i in range(5_000))
    return [fetch_first(web, f"s{i}", 12, recs) for i in range(20)]


def r181_set_of_tuples(web: str) -> list[tuple]:
    pairs = {(i, i % 7) for i in range(30_000)}
    return [fetch_member(web, k, ms, pairs) for k, ms in KEYS5]


def r181_deque_50k(web: str) -> list[tuple]:
    dq = collections.deque((f"e{i}" for i in range(50_000)), maxlen=50_000)
    return [fetch_first(web, k, ms, dq) for k, ms in KEYS3]


def r181_pydantic_big_list(web: str) -> list[str]:
    bag = Bag(title="bag", items=[f"it{i}" for i in range(20_000)])
    return [fetch_bag(web, k, ms, bag) for k, ms in KEYS5]


def r181_tuple100k_hazard_loop(web: str, sink: list) -> list[str]:
    words = tuple(f"w{i}" for i in range(100_000))
    out = []
    for k, ms in KEYS10:
        out.append(fetch_with(web, k, ms, words))
        sink.append(k)
    return [*out, f"sink={len(sink)}"]


def r181_helper_walks_every_item(web: str) -> list[tuple]:
    words = [f"w{i}" for i in range(60_000)]
    return [fetch_count_long(web, k, ms, words) for k, ms in KEYS10]


def r181_sleep_helper_big_list(web: str) -> list[int]:
    words = [f"w{i}" for i in range(100_000)]
    return [slow_len(words, d) for d in (0.12, 0.03, 0.07, 0.05, 0.09, 0.04)]


def r181_big_list_in_kwargs(web: str) -> list[str]:
    words = [str(i) for i in range(50_000)]
    return [fetch_with(web=web, k=k, ms=ms, words=words) for k, ms in KEYS3]


def r181_big_list_nested_in_tuple_arg(web: str) -> list[str]:
    words = [f"w{i}" for i in range(20_000)]
    bundle = {"words": words, "meta": ("x", 1)}
    return [fetch_with(web, k, ms, bundle["words"]) for k, ms in KEYS3] + [
        _get(web, "z", 30)]


def r181_big_local_not_handed(web: str) -> list[str]:
    """A big local that no call is handed: the calls' own arguments are small."""
    words = [f"w{i}" for i in range(100_000)]
    got = [_get(web, k, ms) for k, ms in KEYS5]
    return [*got, str(len(words))]


def r181_file_reads_beside_big(web: str, tmp: str) -> list[Any]:
    folder = Path(tmp)
    words = [f"w{i}" for i in range(50_000)]
    texts = [(folder / f"in{i}.json").read_text() for i in range(3)]
    got = [fetch_with(web, k, ms, words) for k, ms in KEYS3]
    return [json.loads(t)["n"] for t in texts] + got


def _inputs(env: Env) -> None:
    for i in range(3):
        (env.tmp / f"in{i}.json").write_text(json.dumps({"n": i, "pad": "x" * 10_000}))


# =========================================================================== openai beside big data


def r181_openai_big_context(client: Any) -> list[str]:
    context = [f"doc {i}: some text about topic {i % 17}" for i in range(10_000)]
    qs = (("q1", 0.15), ("q2", 0.04), ("q3", 0.09), ("q4", 0.06))
    return [ask_ctx(client, q, context, lat) for q, lat in qs]


def r181_openai_history_300(client: Any) -> list[str]:
    history = [user(f"turn {i}") for i in range(300)]
    qs = (("q1", 0.15), ("q2", 0.04), ("q3", 0.09))
    return [ask_history(client, history, q, lat) for q, lat in qs]


def r181_openai_history_direct_300(client: Any) -> list[str]:
    history = [user(f"turn {i}") for i in range(300)]
    out = []
    for q, lat in (("q1", 0.15), ("q2", 0.04), ("q3", 0.09)):
        r = client.chat.completions.create(model="gpt", messages=[*history, user(q)],
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def r181_openai_ctx_sized(client: Any, n: int) -> list[str]:
    context = [f"doc {i}" for i in range(n)]
    qs = (("q1", 0.15), ("q2", 0.04), ("q3", 0.09))
    return [ask_ctx(client, q, context, lat) for q, lat in qs]


def _big_then_small(fn: Any, env: Env) -> Any:
    client = openai_client(env)
    return [fn(client, 300), fn(client, 10)]


def r181_openai_context_appended(client: Any) -> list[str]:
    """Each answer goes into the context the next question is asked with."""
    context = [f"doc {i}" for i in range(10_000)]
    out = []
    for q, lat in (("q1", 0.15), ("q2", 0.04), ("q3", 0.09)):
        a = ask_ctx(client, q, context, lat)
        context.insert(0, a)
        out.append(a)
    return out


# =========================================================================== mutated between calls


def r181_append_between_len_after(web: str) -> list[str]:
    words = [f"w{i}" for i in range(10_000)]
    a = fetch_with(web, "a", 150, words)
    words.append("x1")
    b = fetch_with(web, "b", 40, words)
    words.append("x2")
    c = fetch_with(web, "c", 90, words)
    return [a, b, c]


def r181_append_between_len_before(web: str) -> list[tuple]:
    words = [f"w{i}" for i in range(10_000)]
    a = fetch_len_first(web, "a", 150, words)
    words.append("x1")
    b = fetch_len_first(web, "b", 40, words)
    words.append("x2")
    c = fetch_len_first(web, "c", 90, words)
    return [a, b, c]


def r181_append_after_comprehension(web: str) -> list[Any]:
    words = [f"w{i}" for i in range(20_000)]
    first = [fetch_with(web, k, ms, words) for k, ms in KEYS3]
    words.append("late")
    last = fetch_with(web, "d", 60, words)
    return [*first, last]


def r181_append_each_iteration(web: str) -> list[str]:
    ctx = [f"c{i}" for i in range(10_000)]
    out = []
    for k, ms in KEYS3:
        out.append(fetch_with(web, k, ms, ctx))
        ctx.append(k)
    return out


def r181_dict_store_between(web: str) -> list[str]:
    table = {f"k{i}": i for i in range(20_000)}
    a = fetch_lookup(web, "a", 150, table)
    table["v-b"] = "stored"
    b = fetch_lookup(web, "b", 40, table)
    del table["k0"]
    c = fetch_lookup(web, "c", 90, table)
    return [a, b, c]


def r181_numpy_store_between(web: str) -> list[tuple]:
    arr = np.zeros(100_000)
    a = fetch_array(web, "a", 150, arr)
    arr[0] = 99.5
    b = fetch_array(web, "b", 40, arr)
    arr[1] += 0.25
    c = fetch_array(web, "c", 90, arr)
    return [a, b, c]


def r181_bytearray_extend_between(web: str) -> list[tuple]:
    buf = bytearray(b"ab" * 100_000)
    a = fetch_digest(web, "a", 150, buf)
    buf.extend(b"zz")
    b = fetch_digest(web, "b", 40, buf)
    return [a, b]


def r181_deque_maxlen_rotates(web: str) -> list[tuple]:
    dq = collections.deque((f"e{i}" for i in range(20_000)), maxlen=20_000)
    a = fetch_first(web, "a", 150, dq)
    dq.append("new1")
    b = fetch_first(web, "b", 40, dq)
    dq.append("new2")
    c = fetch_first(web, "c", 90, dq)
    return [a, b, c]


def r181_set_add_between(web: str) -> list[tuple]:
    pairs = {(i, i % 7) for i in range(30_000)}
    pairs.discard((3, 3))
    a = fetch_member(web, "a", 150, pairs)
    pairs.add((3, 3))
    b = fetch_member(web, "b", 40, pairs)
    return [a, b]


def r181_pydantic_list_append_between(web: str) -> list[str]:
    bag = Bag(title="bag", items=[f"it{i}" for i in range(20_000)])
    a = fetch_bag(web, "a", 150, bag)
    bag.items.append("extra")
    b = fetch_bag(web, "b", 40, bag)
    bag.items[7] = "seven"
    c = fetch_bag(web, "c", 90, bag)
    return [a, b, c]


def r181_sort_in_place_between(web: str) -> list[tuple]:
    words = [f"w{(i * 7919) % 50_000}" for i in range(50_000)]
    a = fetch_first(web, "a", 150, words)
    words.sort()
    b = fetch_first(web, "b", 40, words)
    words.reverse()
    c = fetch_first(web, "c", 90, words)
    return [a, b, c]


# =========================================================================== loud objects in big structures


def r181_loud_in_head_of_dicts(web: str) -> list[str]:
    rows = [{"id": i, "tag": f"t{i}"} for i in range(1_000)]
    rows[5]["tag"] = Loud("row5")
    a = _get(web, "a", 150)
    print("got", a)
    b = describe_tag(web, "b", 40, rows, 5)
    print("got", b)
    return [a, b]


def r181_loud_at_150_of_dicts(web: str) -> list[str]:
    rows = [{"id": i, "tag": f"t{i}"} for i in range(1_000)]
    rows[150]["tag"] = Loud("row150")
    a = _get(web, "a", 150)
    print("got", a)
    b = describe_tag(web, "b", 40, rows, 150)
    print("got", b)
    return [a, b]


def r181_loud_in_head_of_small_list(web: str) -> list[str]:
    rows = [{"id": i, "tag": f"t{i}"} for i in range(180)]
    rows[2]["tag"] = Loud("row2")
    a = _get(web, "a", 150)
    print("got", a)
    b = describe_tag(web, "b", 40, rows, 2)
    print("got", b)
    return [a, b]


def r181_loud_first_of_70k_repr_all(web: str) -> list[str]:
    """Past the items one start sweeps (65,536), with the object of ours first."""
    rows: list[Any] = [f"s{i}" for i in range(70_000)]
    rows[0] = Loud("first")
    a = _get(web, "a", 150)
    print("got", a)
    b = show_all(web, "b", 40, rows)
    print("got", b)
    return [a, b]


def r181_loud_first_value_dict40k(web: str) -> list[str]:
    table: dict[str, Any] = {f"k{i}": f"v{i}" for i in range(40_000)}
    table["k0"] = Loud("k0")
    a = _get(web, "a", 150)
    print("got", a)
    b = show_all(web, "b", 40, table)
    print("got", b)
    return [a, b]


def r181_loud_in_nested_grid(web: str) -> list[str]:
    grid: list[list[Any]] = [[i * j for j in range(50)] for i in range(500)]
    grid[3][4] = Loud("cell")
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, grid, 3)
    print("got", b)
    return [a, b]


def r181_loud_in_records_head(web: str) -> list[str]:
    recs: list[Any] = [Rec(i, f"n{i}", 0.0) for i in range(2_000)]
    recs[3] = Rec(3, Loud("rec3"), 0.0)  # type: ignore[arg-type]
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, recs, 3)
    print("got", b)
    return [a, b]


def r181_loud_in_numpy_objects_head(web: str) -> list[str]:
    arr = np.empty(300, dtype=object)
    arr[:] = [(i,) for i in range(300)]
    arr[4] = (Loud("np4"),)
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, arr, 4)
    print("got", b)
    return [a, b]


def r181_loud_in_numpy_objects_tail(web: str) -> list[str]:
    arr = np.empty(300, dtype=object)
    arr[:] = [(i,) for i in range(300)]
    arr[295] = (Loud("np295"),)
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, arr, 295)
    print("got", b)
    return [a, b]


def r181_loud_in_deque_head(web: str) -> list[str]:
    dq: collections.deque[Any] = collections.deque([i, f"x{i}"] for i in range(1_000))
    dq[1] = [1, Loud("dq1")]
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, dq, 1)
    print("got", b)
    return [a, b]


def r181_loud_in_pydantic_rows_head(web: str) -> list[str]:
    rows: list[Any] = [{"i": i} for i in range(1_000)]
    rows[1] = {"i": Loud("pyd1")}
    bag = LooseBag(title="t", rows=rows)
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, bag.rows, 1)
    print("got", b)
    return [a, b]


def r181_loud_in_set_of_tuples_small(web: str) -> list[str]:
    pairs: list[Any] = [(i, f"p{i}") for i in range(150)]
    pairs[9] = (9, Loud("pair9"))
    a = _get(web, "a", 150)
    print("got", a)
    b = describe(web, "b", 40, pairs, 9)
    print("got", b)
    return [a, b]


def r181_loud_past_400_of_dicts(web: str) -> list[str]:
    """Documented as data (past the objects looked at): noted, not counted."""
    rows = [{"id": i, "tag": f"t{i}"} for i in range(400)]
    rows.append({"id": 400, "tag": Loud("row400")})
    rows += [{"id": i, "tag": f"t{i}"} for i in range(401, 1_000)]
    a = _get(web, "a", 150)
    print("got", a)
    b = describe_tag(web, "b", 40, rows, 400)
    print("got", b)
    return [a, b]


def r181_loud_in_tail_of_dicts(web: str) -> list[str]:
    rows = [{"id": i, "tag": f"t{i}"} for i in range(1_000)]
    rows[995]["tag"] = Loud("row995")
    a = _get(web, "a", 150)
    print("got", a)
    b = describe_tag(web, "b", 40, rows, 995)
    print("got", b)
    return [a, b]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_sink(env: Env) -> tuple:
    return (env.web, [])


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa, servers="api", ideal=ideal, **kw)


O3 = over_keys(KEYS3)
O5 = over_keys(KEYS5)
O10 = over_keys(KEYS10)
O20 = over_keys(KEYS20)
LOUD = over(0.15, 0.04)

ALL: list[Case] = [
    _w(r181_list100k_same_to_each, O3, overlap=3),
    _w(r181_list10k_new_slice_per_call, O3, overlap=3),
    _w(r181_list50k_loop_print, O3, overlap=3),
    _w(r181_list100k_twenty_calls, O20, cat="fanout", overlap=20),
    _w(r181_dict20k_same_to_each, O5, overlap=5),
    _w(r181_dict20k_ten_calls, O10, cat="fanout", overlap=10),
    _w(r181_dict30k_twenty_calls, O20, cat="fanout", overlap=20),
    _w(r181_dict20k_of_lists, O5, overlap=5),
    _w(r181_rows5k_dicts, O5, overlap=5),
    _w(r181_rows5k_dicts_loop_log, O3, overlap=3),
    _w(r181_records5k_dataclass, O3, overlap=3),
    _w(r181_records5k_twenty_calls, O20, cat="fanout", overlap=20),
    _w(r181_records5k_frozen_slots, O3, overlap=3),
    _w(r181_nested_int_grid, O5, overlap=5),
    _w(r181_numpy_floats, O5, overlap=5),
    _w(r181_numpy_objects, O3, overlap=3),
    _w(r181_numpy_objects_100k, O3, overlap=3),
    _w(r181_bytes_1mb, O3, overlap=3),
    _w(r181_frozen_records_short_calls, 20.0, cat="fanout", overlap=20),
    _w(r181_tuple_records_short_calls, 20.0, cat="fanout", overlap=20),
    _w(r181_set_of_tuples, O5, overlap=5),
    _w(r181_deque_50k, O3, overlap=3),
    _w(r181_pydantic_big_list, O5, overlap=5),
    _w(r181_tuple100k_hazard_loop, O10, cat="state", args=web_sink, overlap=10),
    _w(r181_helper_walks_every_item, O10, cat="fanout", overlap=10),
    _w(r181_sleep_helper_big_list, over(0.12, 0.03, 0.07, 0.05, 0.09, 0.04), cat="sleep"),
    _w(r181_big_list_in_kwargs, O3, overlap=3),
    _w(r181_big_list_nested_in_tuple_arg, (sum(m for _, m in KEYS3) + 30) / 150, overlap=4),
    _w(r181_big_local_not_handed, O5, cat="http", overlap=5),
    _w(r181_file_reads_beside_big, O3, cat="files", args=web_tmp, setup=_inputs),
    _sdk(r181_openai_big_context, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    _sdk(r181_openai_history_300, over(0.15, 0.04, 0.09), overlap=3),
    _sdk(r181_openai_history_direct_300, over(0.15, 0.04, 0.09), overlap=3),
    Case("sdk", r181_openai_ctx_sized, drive=_big_then_small, servers="api",
         ideal=over(0.15, 0.04, 0.09), overlap=3),
    _sdk(r181_openai_context_appended, cat="state"),
    _w(r181_append_between_len_after, cat="state"),
    _w(r181_append_between_len_before, O3, cat="state"),
    _w(r181_append_after_comprehension, (280 + 60) / 210, cat="state"),
    _w(r181_append_each_iteration, cat="state"),
    _w(r181_dict_store_between, cat="state"),
    _w(r181_numpy_store_between, cat="state"),
    _w(r181_bytearray_extend_between, cat="state"),
    _w(r181_deque_maxlen_rotates, cat="state"),
    _w(r181_set_add_between, cat="state"),
    _w(r181_pydantic_list_append_between, cat="state"),
    _w(r181_sort_in_place_between, cat="state"),
    _w(r181_loud_in_head_of_dicts, LOUD),
    _w(r181_loud_at_150_of_dicts, LOUD),
    _w(r181_loud_in_head_of_small_list, LOUD),
    _w(r181_loud_first_of_70k_repr_all, LOUD),
    _w(r181_loud_first_value_dict40k, LOUD),
    _w(r181_loud_in_nested_grid, LOUD),
    _w(r181_loud_in_records_head, LOUD),
    _w(r181_loud_in_numpy_objects_head, LOUD),
    _w(r181_loud_in_numpy_objects_tail, LOUD),
    _w(r181_loud_in_deque_head, LOUD),
    _w(r181_loud_in_pydantic_rows_head, LOUD),
    _w(r181_loud_in_set_of_tuples_small, LOUD),
    _w(r181_loud_past_400_of_dicts, LOUD),
    _w(r181_loud_in_tail_of_dicts, LOUD),
]

# Documented as taken as data (an object past the first 256 a start looks into): they
# differ as the docs say, so they are noted here, kept out of `CASES`, and not counted.
NOTED: dict[str, str] = {
    "r181_loud_past_400_of_dicts": "the Loud is in the 401st of 1,000 dicts, past the 256 "
                                   "objects looked at: the helper starts early and its "
                                   "'format row400' comes before the caller's 'got v-a'.",
    "r181_loud_in_tail_of_dicts": "the same with the Loud in the 996th dict.",
    "r181_loud_in_numpy_objects_tail": "the same with the Loud in the 296th of 300 tuples "
                                       "of a numpy object array (it passed when written, "
                                       "when the walk took the items from the end).",
}

FIXED_WHY: dict[str, str] = {
    "r181_loud_in_numpy_objects_head": (
        "stdout: 'repr np4' (the Loud in item 4 of a 300-item numpy object array, "
        "formatted by the helper after its GET) comes before the caller's 'got v-a': the "
        "helper started early. `quiet` walks a numpy object array's `ravel().tolist()` in "
        "index order and pops its stack from the end, so it looks at the LAST 255 items "
        "(a list's `gc.get_referents` come reversed, so a list's first items are looked "
        "at): item 4 of 300 is taken as data (item 295 is seen: "
        "r181_loud_in_numpy_objects_tail passes)."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY and c.name not in NOTED]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]

# The overlap claims not reached, or shares far below the ideal, when written (all give
# the plain result): why, from `explain()` and timings of `_formatting.quiet`.
SHORT_WHY: dict[str, str] = {
    "r181_records5k_twenty_calls": "each start's `quiet` walks 256 dataclass records, "
                                   "asking `formats_loudly` of each: ~8 ms of the main "
                                   "thread per start (0.5 ms for 5,000 dicts)",
    "r181_frozen_records_short_calls": "the same with frozen slotted records (~10 ms a "
                                       "start): 20 starts cost what 20 GETs of 12 ms wait; "
                                       "the tuple control runs 6x faster",
    "r181_nested_int_grid": "`sum(grid[i])` in the helper: grid's type is not known when "
                            "the helper is summarised, and not asked at run time",
    "r181_numpy_floats": "`arr[:100].sum()`, `arr.shape`: an array's methods have no rule "
                         "(documented), even for a float array",
    "r181_openai_big_context": "`context[:3]` in the helper on a list longer than 256 "
                               "(`plain_data`'s cap): the helper runs in place",
    "r181_openai_ctx_sized": "after one call with a 300-item context the helper's decision "
                             "(in place) is kept per the argument's type: a later call "
                             "with 10 items runs in place too",
    "r181_append_after_comprehension": "a later `words.append` then a call with words keeps "
                                       "the comprehension's own three calls in place too",
    "r181_big_list_nested_in_tuple_arg": "the GET after the comprehension in the same "
                                         "expression does not start with it",
}
