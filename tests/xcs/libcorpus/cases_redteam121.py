"""Red-team cases (stop 121): numeric and data processing between LLM and HTTP calls.

numpy arrays and their views changed in place after (or before) a read that uses them
(``a += b``, ``a[i] = x``, ``a[:] =``, a boolean mask, a transpose, a reshape, a strided
slice, a row, a ``memoryview``, an item of a dict, a list, a tuple or a namespace that holds
the array), arrays of objects, numpy scalars and ``np.str_`` formatted into URLs and
prompts, embeddings fetched through the openai client and compared (cosine, ``argsort``
top-k, a running sum into an array), ``np.save``/``np.load``/``tofile``/``mmap_mode`` files
between reads, seeded ``np.random.default_rng`` and ``random.Random`` drawn between calls
and inside helpers, ``statistics``, ``math``, ``fractions``, ``decimal``, ``heapq`` and
``bisect`` over fetched values, reductions as loop conditions, a helper's read failing
beside a pure statement that fails, and numpy warnings caught around helpers. Sibling
calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING` holds the
cases that differed or crashed under jit when written, with `FAILING_WHY` saying what
differed: numpy's floating-point warnings and error callbacks, and decimal's per-thread
context flags, are effects of arithmetic the JIT takes as pure, so helpers run on the pool
emit them in completion order or into a context of their own.
`numpy_errstate_raise_first_error` sends its later siblings' GETs beside the failing one
(the documented allowance, `speculative_reads`).
"""

from __future__ import annotations

import bisect
import decimal
import heapq
import json
import random
import statistics
import types
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam121")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, k: Any, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _embed(client: Any, text: str, ms: int) -> np.ndarray:
    r = client.embeddings.create(model="emb", input=text, extra_query={"ms": ms})
    return np.asarray(r.data[0].embedding)


def _embed_list(client: Any, text: str, ms: int) -> list[float]:
    r = client.embeddings.create(model="emb", input=text, extra_query={"ms": ms})
    return r.data[0].embedding


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


DOCS = ("refunds take five days", "reset your password", "rate limit is sixty",
        "orders ship in two days")
DOC_MS = (150, 40, 90, 60)


class Loud:
    """An object that prints when it is formatted."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return format(self.s, spec)


# =========================================================================== views and in place


def view_then_base_iadd(web: str) -> list[Any]:
    a = np.arange(3)
    v = a[:2]
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    a += 10
    second = requests.get(f"{web}/items/k{v[0]}?ms=40").json()["value"]
    return [first, second, a.tolist()]


def view_then_base_setitem(web: str) -> list[Any]:
    a = np.arange(3)
    v = a[1:]
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    a[1] = 7
    second = requests.get(f"{web}/items/k{v[0]}?ms=40").json()["value"]
    return [first, second]




def view_iadd_read_base(web: str) -> list[Any]:
    a = np.arange(4)
    v = a[2:]
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    v += 100
    second = requests.get(f"{web}/items/k{a[3]}?ms=40").json()["value"]
    return [first, second]


def transpose_setitem_read_base(web: str) -> list[Any]:
    m = np.zeros((2, 2), dtype=int)
    t = m.T
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    t[0, 1] = 9
    second = requests.get(f"{web}/items/k{m[1, 0]}?ms=40").json()["value"]
    return [first, second]




def dict_item_iadd_alias(web: str) -> list[Any]:
    w = np.ones(2, dtype=int)
    cfg = {"w": w}
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    cfg["w"] += 4
    second = requests.get(f"{web}/items/k{w[0]}?ms=40").json()["value"]
    return [first, second]


def list_item_iadd_alias(web: str) -> list[Any]:
    a = np.zeros(2, dtype=int)
    hist = [a]
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    hist[-1] += 5
    second = requests.get(f"{web}/items/k{a[0]}?ms=40").json()["value"]
    return [first, second]


def tuple_item_iadd_typeerror(web: str) -> list[Any]:
    a = np.zeros(2, dtype=int)
    pair = (a, "tag")
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    try:
        pair[0] += 3
    except TypeError as exc:
        err = type(exc).__name__
    second = requests.get(f"{web}/items/k{a[0]}?ms=40").json()["value"]
    return [first, err, second]


def namespace_attr_iadd_alias(web: str) -> list[Any]:
    a = np.zeros(2, dtype=int)
    st = types.SimpleNamespace(vec=a)
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    st.vec += 2
    second = requests.get(f"{web}/items/k{a[1]}?ms=40").json()["value"]
    return [first, second]


def memoryview_store_read_base(web: str) -> list[Any]:
    a = np.zeros(3, dtype=np.int64)
    mv = memoryview(a)
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    mv[0] = 42
    second = requests.get(f"{web}/items/k{a[0]}?ms=40").json()["value"]
    return [first, second]




def _bump(arr: np.ndarray) -> None:
    arr += 1


def helper_iadd_param_read_view(web: str) -> list[Any]:
    a = np.arange(3)
    v = a[1:]
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    _bump(a)
    second = requests.get(f"{web}/items/k{v[0]}?ms=40").json()["value"]
    return [first, second]


def object_array_list_append(web: str) -> list[Any]:
    objs = np.empty(2, dtype=object)
    objs[0] = []
    objs[1] = []
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    objs[0].append("x")
    second = requests.get(f"{web}/items/n{len(objs[0])}?ms=40").json()["value"]
    return [first, second]


def object_array_loud_format_after_print(web: str) -> list[Any]:
    objs = np.array([Loud("a"), Loud("b")], dtype=object)
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    print("between")
    second = requests.get(f"{web}/items/{objs[1]}?ms=40").json()["value"]
    return [first, second]


def prompt_from_view_after_store(client: Any) -> list[str]:
    """A model call's prompt formats a view; the base is changed just before it."""
    scores = np.array([0.25, 0.5, 0.75])
    top = scores[1:]
    a = client.chat.completions.create(model="gpt", messages=[user("first")],
                                       extra_body={"latency": 0.15})
    scores[1] = 0.9
    b = client.chat.completions.create(model="gpt", messages=[user(f"score {top[0]:.2f}")],
                                       extra_body={"latency": 0.04})
    return [a.choices[0].message.content, b.choices[0].message.content]


def embed_input_from_view_after_iadd(client: Any) -> list[float]:
    vec = np.array([1.0, 2.0, 3.0])
    head = vec[:2]
    a = _embed_list(client, "first", 150)
    vec += 0.5
    b = _embed_list(client, f"{head[0]:.1f},{head[1]:.1f}", 40)
    return [round(x, 4) for x in a + b]


# =========================================================================== a read failing beside a pure failure


def _value(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def read_fails_then_median_empty(web: str) -> Any:
    v = _value(web, "missing-a", 60)
    m = statistics.median([])
    return [v, m]


def read_fails_then_heappop_empty(web: str) -> Any:
    heap: list[int] = []
    v = _value(web, "missing-b", 60)
    top = heapq.heappop(heap)
    return [v, top]




def read_fails_then_decimal_bad(web: str) -> Any:
    v = _value(web, "missing-d", 60)
    d = decimal.Decimal("1.5") / 0
    return [v, str(d)]




# =========================================================================== numbers into URLs and prompts


def np_linspace_loop_urls(web: str) -> list[str]:
    out = []
    for x, ms in zip(np.linspace(0.0, 1.0, 3), (150, 40, 90), strict=True):
        out.append(requests.get(f"{web}/items/x{x:.2f}?ms={ms}").json()["value"])
    return out


def np_linspace_tolist_loop_urls(web: str) -> list[str]:
    out = []
    for x, ms in zip(np.linspace(0.0, 1.0, 3).tolist(), (150, 40, 90), strict=True):
        out.append(requests.get(f"{web}/items/x{x:.2f}?ms={ms}").json()["value"])
    return out


def np_str_names_comprehension(web: str) -> list[str]:
    names = np.array(["ant", "bee", "cat"])
    lat = (150, 40, 90)
    return [requests.get(f"{web}/items/{n}?ms={ms}").json()["value"]
            for n, ms in zip(names, lat, strict=True)]


def np_scalars_fixed_urls(web: str) -> list[str]:
    x = np.float32(0.1)
    y = np.int64(7)
    z = np.float64(0.1) + np.float64(0.2)
    a = requests.get(f"{web}/items/f{x}?ms=150").json()["value"]
    b = requests.get(f"{web}/items/i{y}?ms=40").json()["value"]
    c = requests.get(f"{web}/items/d{z}?ms=90").json()["value"]
    return [a, b, c]


def argsort_topk_then_fetch(client: Any, web: str) -> list[str]:
    """Embed the docs, rank by cosine to a question, fetch the top two's items."""
    q = _embed(client, "how long do refunds take", 60)
    embs = [_embed(client, d, ms) for d, ms in zip(DOCS, DOC_MS, strict=True)]
    scores = np.array([_cos(q, e) for e in embs])
    top = np.argsort(scores)[::-1][:2]
    return [requests.get(f"{web}/items/doc{i}?ms={ms}").json()["value"]
            for i, ms in zip(top, (150, 40), strict=True)]


def embed_running_sum_iadd(client: Any) -> list[float]:
    total = np.zeros(4)
    for d, ms in zip(DOCS, DOC_MS, strict=True):
        total += _embed(client, d, ms)
    return [round(float(x), 6) for x in total]


def embed_rows_into_matrix(client: Any) -> list[list[float]]:
    mat = np.zeros((len(DOCS), 4))
    for i, (d, ms) in enumerate(zip(DOCS, DOC_MS, strict=True)):
        mat[i] = _embed_list(client, d, ms)
    return np.round(mat, 4).tolist()


def embed_list_then_vstack_cosine(client: Any) -> list[float]:
    rows = []
    for d, ms in zip(DOCS, DOC_MS, strict=True):
        rows.append(_embed_list(client, d, ms))
    mat = np.vstack(rows)
    norms = np.linalg.norm(mat, axis=1)
    sim = mat @ mat[0] / (norms * norms[0])
    return [round(float(s), 6) for s in sim]


def chat_scores_argmax_then_followup(client: Any) -> str:
    lens = []
    for d, lat in zip(DOCS[:3], (0.15, 0.04, 0.09), strict=True):
        r = client.chat.completions.create(model="gpt", messages=[user(f"rate: {d}")],
                                           extra_body={"latency": lat})
        lens.append(len(r.choices[0].message.content))
    best = int(np.argmax(lens))
    r = client.chat.completions.create(
        model="gpt", messages=[user(f"expand {DOCS[best]} (score {np.float64(lens[best]):.1f})")],
        extra_body={"latency": 0.05})
    return r.choices[0].message.content


# =========================================================================== seeded draws


def rng_draws_name_requests(web: str) -> list[str]:
    rng = np.random.default_rng(7)
    out = []
    for ms in (150, 40, 90):
        k = int(rng.integers(0, 1000))
        out.append(requests.get(f"{web}/items/r{k}?ms={ms}").json()["value"])
    return out


def random_seeded_choice_between_calls(web: str) -> list[str]:
    rnd = random.Random(5)
    keys = ["a", "b", "c", "d"]
    out = []
    for ms in (150, 40, 90):
        out.append(requests.get(f"{web}/items/{rnd.choice(keys)}?ms={ms}").json()["value"])
    out.append(str(rnd.random()))
    return out


def _jitter_fetch(web: str, rnd: random.Random, k: str) -> str:
    ms = rnd.randint(20, 120)
    return requests.get(f"{web}/items/{k}-{ms}?ms={ms}").json()["value"]


def random_in_helper_comprehension(web: str) -> list[str]:
    rnd = random.Random(11)
    return [_jitter_fetch(web, rnd, k) for k in ("a", "b", "c")]


def _rng_fetch(web: str, rng: np.random.Generator, k: str) -> str:
    ms = int(rng.integers(20, 120))
    return requests.get(f"{web}/items/{k}-{ms}?ms={ms}").json()["value"]


def np_rng_in_helper_loop(web: str) -> list[str]:
    rng = np.random.default_rng(3)
    out = []
    for k in ("a", "b", "c"):
        out.append(_rng_fetch(web, rng, k))
    return out


def rng_shuffle_then_fetch_all(web: str) -> list[str]:
    rng = np.random.default_rng(1)
    keys = ["a", "b", "c"]
    rng.shuffle(keys)
    lat = {"a": 150, "b": 40, "c": 90}
    return [requests.get(f"{web}/items/{k}?ms={lat[k]}").json()["value"] for k in keys]


def local_seeded_rng_in_helper(web: str) -> list[str]:
    """Each helper call makes its own seeded generator: nothing is shared."""
    return [_own_rng_fetch(web, k, s) for k, s in (("a", 1), ("b", 2), ("c", 3))]


def _own_rng_fetch(web: str, k: str, seed: int) -> str:
    rng = np.random.default_rng(seed)
    ms = int(rng.integers(30, 150))
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


# =========================================================================== statistics and friends


def heapq_topk_of_fetched(web: str) -> list[Any]:
    heap: list[tuple[int, str]] = []
    for k, ms in (("alpha", 150), ("be", 40), ("gam", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        heapq.heappush(heap, (len(v), k))
    return heapq.nlargest(2, heap)


def bisect_insort_fetched(web: str) -> list[Any]:
    ranked: list[int] = []
    for k, ms in (("alpha", 150), ("be", 40), ("gam", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        bisect.insort(ranked, len(v))
    return [ranked, bisect.bisect_left(ranked, 6)]


def statistics_median_branch(web: str) -> list[Any]:
    lens = [len(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            for k, ms in (("alpha", 150), ("be", 40), ("gam", 90))]
    med = statistics.median(lens)
    nxt = "long" if med > 4 else "short"
    return [lens, med, requests.get(f"{web}/items/{nxt}?ms=40").json()["value"]]


def fraction_mean_of_lengths(web: str) -> str:
    total = Fraction(0)
    for k, ms in (("alpha", 150), ("be", 40), ("gam", 90)):
        total += Fraction(len(_get(web, k, ms)), 3)
    return str(total)


def decimal_quantized_put(web: str) -> list[Any]:
    parts = [decimal.Decimal(len(_get(web, k, ms))) / decimal.Decimal(7)
             for k, ms in (("alpha", 150), ("be", 40), ("gam", 90))]
    total = sum(parts, decimal.Decimal(0)).quantize(decimal.Decimal("0.001"))
    r = requests.put(f"{web}/items/total", data=str(total))
    return [str(total), r.json()]




def while_mean_below_threshold(web: str) -> list[Any]:
    vals = np.array([0.0])
    i = 0
    while vals.mean() < 4.0:
        v = requests.get(f"{web}/items/w{i}?ms=30").json()["value"]
        vals = np.append(vals, len(v) * 1.0)
        i += 1
    return [i, float(vals.mean())]


def while_any_nan_fill(web: str) -> list[float]:
    vals = np.full(3, np.nan)
    while np.isnan(vals).any():
        i = int(np.flatnonzero(np.isnan(vals))[0])
        vals[i] = len(requests.get(f"{web}/items/n{i}?ms=30").json()["value"])
    return vals.tolist()




# =========================================================================== files between reads


def np_save_between_reads(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "vec.npy"
    a = requests.get(f"{web}/items/first?ms=150").json()["value"]
    np.save(p, np.array([len(a), 2, 3]))
    b = requests.get(f"{web}/items/second?ms=40").json()["value"]
    loaded = np.load(p)
    return [a, b, loaded.tolist()]


def np_savez_then_fetch_by_loaded(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "state.npz"
    np.savez(p, ids=np.array([3, 1, 2]))
    ids = np.load(p)["ids"]
    order = np.argsort(ids)
    return [requests.get(f"{web}/items/i{ids[j]}?ms={ms}").json()["value"]
            for j, ms in zip(order.tolist(), (150, 40, 90), strict=True)]




def _setup_npy(env: Env) -> None:
    np.save(env.tmp / "m.npy", np.zeros(4, dtype=np.float64))


def mmap_store_then_read_bytes(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "m.npy"
    m = np.load(p, mmap_mode="r+")
    a = requests.get(f"{web}/items/first?ms=150").json()["value"]
    m[0] = 2.5
    raw = p.read_bytes()
    del m
    b = requests.get(f"{web}/items/h{len(raw)}-{raw[-32:].hex()[:16]}?ms=40").json()["value"]
    return [a, b]


def mmap_store_then_model_prompt(client: Any, tmp: str) -> list[str]:
    """A store through the map, then a model call whose prompt reads the map."""
    p = Path(tmp) / "m.npy"
    m = np.load(p, mmap_mode="r+")
    a = client.chat.completions.create(model="gpt", messages=[user("first")],
                                       extra_body={"latency": 0.15})
    m[1] = 7.0
    b = client.chat.completions.create(model="gpt", messages=[user(f"value {m[1]}")],
                                       extra_body={"latency": 0.04})
    del m
    return [a.choices[0].message.content, b.choices[0].message.content]




def json_dump_array_then_read(web: str, tmp: str) -> list[Any]:
    p = Path(tmp) / "scores.json"
    vals = [len(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            for k, ms in (("alpha", 150), ("be", 40), ("gam", 90))]
    arr = np.array(vals, dtype=float)
    arr /= arr.sum()
    p.write_text(json.dumps(np.round(arr, 4).tolist()))
    back = json.loads(p.read_text())
    return [back, requests.get(f"{web}/items/s{back[0]}?ms=40").json()["value"]]


# =========================================================================== warnings and logging


def _ratio(web: str, k: str, ms: int) -> float:
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return float(np.float64(len(v)) / np.float64(0))




def numpy_errstate_raise_around_helper(web: str) -> list[Any]:
    out: list[Any] = []
    with np.errstate(divide="raise"):
        try:
            out.append(_ratio(web, "a", 60))
        except FloatingPointError as exc:
            out.append(str(exc))
    out.append(_ratio(web, "b", 40))
    return out


def log_np_values_between_reads(web: str) -> list[str]:
    out = []
    for k, ms in (("alpha", 150), ("be", 40), ("gam", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        LOG.info("len %s mean %.2f", np.int64(len(v)), np.float64(len(v)) / 2)
        out.append(v)
    return out


# =========================================================================== decimal contexts and helpers


def _dec_len(web: str, k: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


def decimal_context_prec_between_helpers(web: str) -> list[str]:
    old = decimal.getcontext()
    ctx = decimal.Context(prec=28)
    decimal.setcontext(ctx)
    try:
        a = _dec_len(web, "alpha", 150)
        ctx.prec = 3
        b = _dec_len(web, "be", 40)
    finally:
        decimal.setcontext(old)
    return [a, b]




def _dec_div0(web: str, k: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return str(decimal.Decimal(len(v)) / decimal.Decimal(0))


def decimal_traps_off_between_helpers(web: str) -> list[str]:
    old = decimal.getcontext()
    ctx = decimal.Context()
    decimal.setcontext(ctx)
    try:
        a = _dec_len(web, "alpha", 150)
        ctx.traps[decimal.DivisionByZero] = False
        b = _dec_div0(web, "be", 40)
    finally:
        decimal.setcontext(old)
    return [a, b]




def decimal_localcontext_helpers_comprehension(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        return [_dec_len(web, k, ms) for k, ms in (("alpha", 150), ("be", 40), ("gam", 90))]




def decimal_flags_after_helper_comprehension(web: str) -> list[Any]:
    """The helpers' divisions are the thread's first decimal arithmetic: the context they
    make is the one the flags are read from."""
    vals = [_dec_len(web, k, ms) for k, ms in (("alpha", 150), ("be", 40), ("gam", 90))]
    ctx = decimal.getcontext()
    return [vals, bool(ctx.flags[decimal.Inexact]), bool(ctx.flags[decimal.Rounded])]


def decimal_flags_after_two_helpers(web: str) -> list[Any]:
    a = _dec_len(web, "alpha", 150)
    b = _dec_len(web, "be", 40)
    inexact = decimal.getcontext().flags[decimal.Inexact]
    return [a, b, bool(inexact)]


def decimal_flags_context_made_first(web: str) -> list[Any]:
    """The caller makes the thread's context before the helpers: they share it."""
    ctx = decimal.getcontext()
    ctx.clear_flags()
    vals = [_dec_len(web, k, ms) for k, ms in (("alpha", 150), ("be", 40), ("gam", 90))]
    return [vals, bool(ctx.flags[decimal.Inexact])]


def _dec_exact(web: str, k: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    ctx = decimal.getcontext()
    ctx.prec = 6
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


def decimal_helper_sets_prec_then_caller_divides(web: str) -> list[str]:
    a = _dec_exact(web, "alpha", 150)
    b = _dec_len(web, "be", 40)
    c = str(decimal.Decimal(1) / decimal.Decimal(3))
    return [a, b, c]


# Items whose numpy division warns differently: divide by zero, invalid value, overflow.
NP_ITEMS = (("a", 150, 1.0, 0.0), ("b", 40, 0.0, 0.0), ("c", 90, 1e308, 1e-308))


def _np_div(web: str, k: str, ms: int, num: float, den: float) -> float:
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return float(np.float64(num + len(v) * 0.0) / np.float64(den))


def numpy_distinct_warnings_comprehension(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = [_np_div(web, k, ms, n, d) for k, ms, n, d in NP_ITEMS]
    return [[str(v) for v in vals], [str(w.message) for w in caught]]


def numpy_distinct_warnings_statements(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = _np_div(web, "a", 150, 1.0, 0.0)
        b = _np_div(web, "b", 40, 0.0, 0.0)
    return [str(a), str(b), [str(w.message) for w in caught]]


ERRS: list[str] = []


def _errlog(kind: str, flag: int) -> None:
    ERRS.append(kind)


def numpy_errcall_order_comprehension(web: str) -> list[Any]:
    ERRS.clear()
    with np.errstate(all="call", call=_errlog):
        vals = [_np_div(web, k, ms, n, d) for k, ms, n, d in NP_ITEMS]
    return [[str(v) for v in vals], list(ERRS)]


def numpy_errstate_raise_first_error(web: str) -> str:
    try:
        with np.errstate(all="raise"):
            vals = [_np_div(web, k, ms, n, d) for k, ms, n, d in NP_ITEMS]
    except FloatingPointError as exc:
        return f"raised: {exc}"
    return f"no error {vals}"


def numpy_warns_printed_between(web: str) -> list[Any]:
    """Warnings shown on stderr by the default hook, prints between the calls."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = []
        for k, ms, n, d in NP_ITEMS:
            out.append(_np_div(web, k, ms, n, d))
            print("after", k, len(caught))
    return [[str(v) for v in out], [str(w.message) for w in caught]]


# =========================================================================== array methods after a read


def sort_after_read_of_array(web: str) -> list[Any]:
    a = np.array([3, 1, 2])
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    second = requests.get(f"{web}/items/k{a[0]}?ms=40").json()["value"]
    a.sort()
    return [first, second, a.tolist()]




def ufunc_out_after_read_of_view(web: str) -> list[Any]:
    a = np.arange(3)
    v = a[1:]
    first = requests.get(f"{web}/items/first?ms=150").json()["value"]
    second = requests.get(f"{web}/items/k{v[0]}?ms=40").json()["value"]
    np.add(a, 5, out=a)
    return [first, second, a.tolist()]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


TWO = over(0.15, 0.04)
THREE = over(0.15, 0.04, 0.09)
DOCS4 = over(0.15, 0.04, 0.09, 0.06)

ALL: list[Case] = [
    _w(view_then_base_iadd, TWO, cat="state"),
    _w(view_then_base_setitem, TWO, cat="state"),
    _w(view_iadd_read_base, TWO, cat="state"),
    _w(transpose_setitem_read_base, TWO, cat="state"),
    _w(dict_item_iadd_alias, TWO, cat="state"),
    _w(list_item_iadd_alias, TWO, cat="state"),
    _w(tuple_item_iadd_typeerror, TWO, cat="state"),
    _w(namespace_attr_iadd_alias, TWO, cat="state"),
    _w(memoryview_store_read_base, TWO, cat="state"),
    _w(helper_iadd_param_read_view, TWO, cat="helpers"),
    _w(object_array_list_append, TWO, cat="state"),
    _w(object_array_loud_format_after_print, TWO, cat="state"),
    _sdk(prompt_from_view_after_store, TWO, cat="state"),
    _sdk(embed_input_from_view_after_iadd, TWO, cat="state"),
    _w(read_fails_then_median_empty, cat="validation"),
    _w(read_fails_then_heappop_empty, cat="validation"),
    _w(read_fails_then_decimal_bad, cat="validation"),
    _w(np_linspace_loop_urls, THREE, overlap=3),
    _w(np_linspace_tolist_loop_urls, THREE, overlap=3),
    _w(np_str_names_comprehension, THREE, overlap=3),
    _w(np_scalars_fixed_urls, THREE, overlap=3),
    _both(argsort_topk_then_fetch, (0.06 + sum(DOC_MS) / 1000 + 0.19) / (0.15 + 0.15)),
    _sdk(embed_running_sum_iadd, DOCS4, overlap=4),
    _sdk(embed_rows_into_matrix, DOCS4, overlap=4),
    _sdk(embed_list_then_vstack_cosine, DOCS4, overlap=4),
    _sdk(chat_scores_argmax_then_followup, (0.28 + 0.05) / (0.15 + 0.05)),
    _w(rng_draws_name_requests, THREE, overlap=3, cat="state"),
    _w(random_seeded_choice_between_calls, THREE, overlap=3, cat="state"),
    _w(random_in_helper_comprehension, cat="state"),
    _w(np_rng_in_helper_loop, cat="state"),
    _w(rng_shuffle_then_fetch_all, THREE, overlap=3, cat="state"),
    _w(local_seeded_rng_in_helper, cat="helpers"),
    _w(heapq_topk_of_fetched, THREE, overlap=3),
    _w(bisect_insort_fetched, THREE, overlap=3),
    _w(statistics_median_branch, (0.28 + 0.04) / 0.19, overlap=3),
    _w(fraction_mean_of_lengths, THREE, overlap=3),
    _w(decimal_quantized_put, (0.28 + 0.05) / (0.15 + 0.05), overlap=3),
    _w(while_mean_below_threshold, cat="validation"),
    _w(while_any_nan_fill, cat="validation"),
    _w(np_save_between_reads, cat="files", args=web_tmp),
    _w(np_savez_then_fetch_by_loaded, THREE, cat="files", args=web_tmp, overlap=3),
    _w(mmap_store_then_read_bytes, cat="files", args=web_tmp, setup=_setup_npy),
    _sdk(mmap_store_then_model_prompt, TWO, args=oa_tmp, cat="files", setup=_setup_npy),
    _w(json_dump_array_then_read, (0.28 + 0.04) / 0.19, cat="files", args=web_tmp,
       overlap=3),
    _w(numpy_errstate_raise_around_helper, cat="helpers"),
    _w(log_np_values_between_reads, THREE, overlap=3),
    _w(decimal_context_prec_between_helpers, TWO, cat="state"),
    _w(decimal_traps_off_between_helpers, TWO, cat="state"),
    _w(decimal_localcontext_helpers_comprehension, THREE, cat="state", overlap=3),
    _w(decimal_flags_after_helper_comprehension, THREE, cat="state", overlap=3),
    _w(decimal_flags_after_two_helpers, TWO, cat="state", overlap=2),
    _w(decimal_flags_context_made_first, THREE, cat="state", overlap=3),
    _w(decimal_helper_sets_prec_then_caller_divides, cat="state"),
    _w(numpy_distinct_warnings_comprehension, THREE, cat="helpers"),
    _w(numpy_distinct_warnings_statements, TWO, cat="helpers"),
    _w(numpy_errcall_order_comprehension, THREE, cat="helpers"),
    _w(numpy_errstate_raise_first_error, cat="validation", speculative_reads=True),
    _w(numpy_warns_printed_between, THREE, cat="helpers"),
    _w(sort_after_read_of_array, TWO, cat="state"),
    _w(ufunc_out_after_read_of_view, TWO, cat="state"),
]

FIXED_WHY: dict[str, str] = {
    "decimal_flags_after_two_helpers":
        "decimal.getcontext().flags[Inexact] read after two helpers that GET and divide "
        "Decimals: True plain, False jitted. The helpers' division is the thread's first "
        "decimal arithmetic; on the pool each makes its own context in its copy of the "
        "contextvars, so the caller's context (made later) has no flags set."
        " Fixed: a Decimal's operators change the thread's decimal context, numpy's operators may warn (ordered output): a library type's operator with a rule counts where Python calls it (xcs/_implicit, _rules, _packages).",
    "numpy_distinct_warnings_comprehension":
        "warnings.catch_warnings(record=True) around a comprehension of helpers whose numpy "
        "scalar division warns (divide by zero / invalid / overflow): the warnings come in "
        "completion order (b, c, a) not program order; numpy's C warnings are invisible, the "
        "division is taken as pure computation."
        " Fixed: a Decimal's operators change the thread's decimal context, numpy's operators may warn (ordered output): a library type's operator with a rule counts where Python calls it (xcs/_implicit, _rules, _packages).",
    "numpy_distinct_warnings_statements":
        "The same with two helper calls as statements: the 40 ms helper's 'invalid value' "
        "warning is recorded before the 150 ms helper's 'divide by zero'."
        " Fixed: a Decimal's operators change the thread's decimal context, numpy's operators may warn (ordered output): a library type's operator with a rule counts where Python calls it (xcs/_implicit, _rules, _packages).",
    "numpy_errcall_order_comprehension":
        "np.errstate(all='call', call=fn): numpy calls fn from the pool threads in completion "
        "order, so the list fn appends to is reordered (and appended from another thread)."
        " Fixed: a Decimal's operators change the thread's decimal context, numpy's operators may warn (ordered output): a library type's operator with a rule counts where Python calls it (xcs/_implicit, _rules, _packages).",
    "numpy_warns_printed_between":
        "A loop that prints len(caught) after each helper: every helper ran ahead, so each "
        "print sees all 3 warnings (plain: 1, 2, 3), and their order is the completion order."
        " Fixed: a Decimal's operators change the thread's decimal context, numpy's operators may warn (ordered output): a library type's operator with a rule counts where Python calls it (xcs/_implicit, _rules, _packages).",
}

FAILING_WHY: dict[str, str] = {
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
