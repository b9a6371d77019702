"""Red-team cases (stop 47): aliasing and mutation across calls.

Objects reached by two names: a list handed to a helper that appends while the caller holds
it, ``a = b = []``, dicts of lists and lists of dicts (``[[]] * 3``, ``dict.fromkeys(ks,
[])``), structures shared between two parameters, slices (copies) against numpy views
mutated in place between requests (``np.add(..., out=)``, ``arr[:] =``, ``arr.sort()``),
mutable default arguments accumulating across calls, ``setdefault`` / ``defaultdict`` /
``Counter`` filled by helpers, objects in a global registry changed through a local,
closures over mutable cells, class attributes shared by instances, generators holding a
list the body grows, ``is`` and ``id()``, shallow against deep copies before a request,
request arguments (``params=``, ``json=``, ``messages=``) changed by the next statement,
and response objects changed and then read. Sibling calls get unequal latencies, slow
first, so a call moved across a mutation shows in the URL or body a server saw.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import collections
import copy
import itertools
from typing import Any

import httpx
import numpy as np
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam47")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def get_value(base: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put_value(base: str, key: str, text: str) -> int:
    return requests.put(f"{base}/items/{key}", data=text, timeout=5).json()["version"]


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


# =========================================================================== two names, one list


def chained_assign_list_grows(base: str) -> list[str]:
    """``keys = seen = []``: appending through one name changes what the other's read asks."""
    keys = seen = []
    first = get_value(base, "root", 150)
    seen.append(first)
    second = get_value(base, f"n{len(keys)}", 30)
    seen.append(second)
    third = get_value(base, f"n{len(keys)}-{keys[-1]}", 40)
    return [first, second, third, str(len(keys))]


def _collect(into: list[str], base: str, key: str, ms: int) -> str:
    v = get_value(base, key, ms)
    into.append(v)
    return v


def helper_appends_caller_reads_len(base: str) -> list[str]:
    acc: list[str] = []
    _collect(acc, base, "a", 150)
    _collect(acc, base, "b", 30)
    total = get_value(base, f"count-{len(acc)}", 40)
    return acc + [total]


def helper_appends_to_alias_of_attr(base: str) -> list[str]:
    """A local alias of an object's list: the helper appends through the object."""
    class Run:
        def __init__(self) -> None:
            self.log: list[str] = []

    run = Run()
    log = run.log
    _collect(run.log, base, "x", 150)
    after_one = get_value(base, f"len-{len(log)}", 30)
    _collect(log, base, "y", 40)
    after_two = get_value(base, f"len-{len(run.log)}", 20)
    return [after_one, after_two] + log


def grid_of_shared_rows(base: str) -> list[Any]:
    """``[[]] * 3`` is one list three times: filling row 0 fills row 2."""
    grid = [[]] * 3
    grid[0].append(get_value(base, "cell0", 150))
    probe = get_value(base, f"row2-has-{len(grid[2])}", 30)
    grid[1].append(get_value(base, "cell1", 40))
    return [probe, len(grid[2]), grid[0] is grid[2]]


def fromkeys_shared_default(base: str) -> dict[str, Any]:
    """``dict.fromkeys(keys, [])`` shares one list between all keys."""
    buckets = dict.fromkeys(["hot", "cold"], [])
    buckets["hot"].append(get_value(base, "h1", 150))
    cold = get_value(base, f"cold-{len(buckets['cold'])}", 30)
    buckets["cold"].append(cold)
    return {"hot": list(buckets["hot"]), "n": len(buckets["hot"])}


def dict_of_lists_alias(base: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {"x": [], "y": []}
    xs = groups["x"]
    xs.append(get_value(base, "x0", 150))
    ys = get_value(base, f"y-after-{len(groups['x'])}", 30)
    groups["y"].append(ys)
    xs.append(get_value(base, f"x1-{len(groups['y'])}", 40))
    return groups


def list_of_dicts_same_row(base: str) -> list[dict[str, str]]:
    """``row`` appended twice: filling it by one index shows through the other."""
    row: dict[str, str] = {}
    rows = [row, {}, row]
    rows[0]["v"] = get_value(base, "first", 150)
    rows[1]["v"] = get_value(base, "mid-" + rows[2].get("v", "none"), 30)
    rows[2]["v"] = get_value(base, "last-" + rows[0]["v"], 40)
    return rows


# =========================================================================== two parameters


def two_params_same_list(base: str, keys: list[str], out: list[str]) -> list[str]:
    """Called with one list as both: appending to `out` grows `keys`."""
    for k, ms in zip(list(keys), (150, 30), strict=True):
        out.append(get_value(base, k, ms))
    return [get_value(base, f"total-{len(keys)}", 40)] + keys


def _same_list_args(env: Env) -> tuple:
    shared = ["a", "b"]
    return (env.web, shared, shared)


def two_params_nested_dict(base: str, cfg: dict[str, Any], headers: dict[str, str]) -> list[str]:
    """`headers` is `cfg["headers"]`: a change through one name is seen by the other."""
    first = requests.get(f"{base}/items/cfg?ms=150", headers=cfg["headers"], timeout=5)
    headers["x-step"] = first.json()["value"]
    second = get_value(base, "step-" + cfg["headers"].get("x-step", "none"), 30)
    return [first.json()["value"], second]


def _nested_dict_args(env: Env) -> tuple:
    headers = {"x-user": "u1"}
    return (env.web, {"headers": headers}, headers)


def two_params_list_in_list(base: str, batches: list[list[str]], current: list[str]) -> list[str]:
    """`current` is `batches[-1]`: a read of a batch after an append to `current`."""
    out = [get_value(base, "b-" + "-".join(batches[0]), 150)]
    current.append("z")
    out.append(get_value(base, "b-" + "-".join(batches[-1]), 30))
    return out


def _list_in_list_args(env: Env) -> tuple:
    cur = ["x", "y"]
    return (env.web, [["p"], cur], cur)


# =========================================================================== slices and views


def slice_is_a_copy(base: str) -> list[str]:
    items = ["a", "b", "c", "d"]
    head = items[:2]
    first = get_value(base, "-".join(head), 150)
    items[0] = first
    second = get_value(base, "-".join(head), 30)
    third = get_value(base, "-".join(items[:2]), 40)
    return [first, second, third]


def numpy_view_changed_by_slice_assign(base: str) -> list[str]:
    arr = np.arange(6)
    view = arr[2:4]
    first = get_value(base, f"v{view.sum()}", 150)
    arr[:] = arr * 10
    second = get_value(base, f"v{view.sum()}", 30)
    return [first, second, str(view.tolist())]


def numpy_add_out_between_reads(base: str) -> list[str]:
    acc = np.zeros(3, dtype=np.int64)
    tail = acc[1:]
    out = []
    for k, ms in (("p", 150), ("q", 30), ("r", 60)):
        v = get_value(base, f"{k}-{int(tail.sum())}", ms)
        np.add(acc, len(v), out=acc)
        out.append(v)
    return out + [str(acc.tolist())]


def numpy_sort_in_place_then_read_view(base: str) -> list[str]:
    scores = np.array([5, 1, 4, 2])
    best = scores[-1:]
    first = get_value(base, f"best-{int(best[0])}", 150)
    scores.sort()
    second = get_value(base, f"best-{int(best[0])}", 30)
    return [first, second]


def numpy_copy_vs_view(base: str) -> list[str]:
    arr = np.array([1, 2, 3])
    snap = arr.copy()
    view = arr.view()
    arr *= 7
    a = get_value(base, f"snap-{snap.tolist()[0]}", 150)
    b = get_value(base, f"view-{view.tolist()[0]}", 30)
    arr += 1
    c = get_value(base, f"view2-{view.tolist()[0]}", 40)
    return [a, b, c]


def numpy_array_in_params_mutated(base: str) -> list[str]:
    """requests iterates the array when it encodes `params`: a later ``+=`` must not show."""
    ids = np.array([1, 2])
    r1 = requests.get(f"{base}/items/ids?ms=150", params={"id": ids}, timeout=5)
    ids += 10
    r2 = requests.get(f"{base}/items/ids?ms=30", params={"id": ids}, timeout=5)
    return [r1.url.split("?", 1)[1], r2.url.split("?", 1)[1], r1.json()["value"]]


def numpy_helper_fills_out(base: str) -> list[Any]:
    """A helper writes into a caller's array with ``out=``; the caller's next read uses it."""
    def scale_into(src: np.ndarray, dst: np.ndarray, k: int) -> None:
        np.multiply(src, k, out=dst)

    src = np.array([1, 2, 3])
    dst = np.empty_like(src)
    n = len(get_value(base, "k", 150))
    scale_into(src, dst, n)
    mid = get_value(base, f"dst-{int(dst.sum())}", 30)
    scale_into(dst, src, 2)
    last = get_value(base, f"src-{int(src.sum())}", 40)
    return [mid, last, dst.tolist(), src.tolist()]


# =========================================================================== mutable defaults


def default_list_accumulates(base: str, seen: list[str] = []) -> list[str]:  # noqa: B006
    seen.append(get_value(base, f"call-{len(seen)}", 150))
    tail = get_value(base, f"after-{len(seen)}", 30)
    return [tail, str(len(seen))]


def _remember(v: str, memo: dict[str, int] = {}) -> int:  # noqa: B006
    memo[v] = memo.get(v, 0) + 1
    return sum(memo.values())


def helper_default_dict_counts(base: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 30), ("a", 40)):
        v = get_value(base, k, ms)
        n = _remember(v)
        out.append(get_value(base, f"seen-{n}", 20))
    return out


def _reset_defaults(env: Env) -> None:
    default_list_accumulates.__defaults__[0].clear()  # type: ignore[index]
    _remember.__defaults__[0].clear()  # type: ignore[index]


# =========================================================================== accumulators


def _bucket(d: dict[str, list[str]], k: str, v: str) -> None:
    d.setdefault(k, []).append(v)


def setdefault_buckets_then_read(base: str) -> dict[str, Any]:
    d: dict[str, list[str]] = {}
    _bucket(d, "slow", get_value(base, "s", 150))
    _bucket(d, "fast", get_value(base, "f", 30))
    _bucket(d, "slow", get_value(base, f"s-{len(d['slow'])}", 40))
    return {"d": d, "check": get_value(base, f"keys-{len(d)}-{len(d['slow'])}", 20)}


def defaultdict_filled_by_helper(base: str) -> list[str]:
    by_len: collections.defaultdict[int, list[str]] = collections.defaultdict(list)

    def file(v: str) -> None:
        by_len[len(v)].append(v)

    file(get_value(base, "aa", 150))
    file(get_value(base, "bbb", 30))
    probe = get_value(base, f"groups-{len(by_len)}", 40)
    return [probe] + [f"{k}:{len(v)}" for k, v in sorted(by_len.items())]


def counter_updated_by_helper(base: str) -> list[str]:
    c: collections.Counter[str] = collections.Counter()

    def tally(text: str) -> None:
        c.update(text.split("-"))

    for k, ms in (("a-b", 150), ("b-c", 30), ("c-c", 40)):
        tally(get_value(base, k, ms))
        LOG.info("top %s", c.most_common(1))
    top = c.most_common(1)[0][0]
    return [get_value(base, f"top-{top}", 20), str(sorted(c.items()))]


# =========================================================================== registries, closures


REGISTRY: dict[str, dict[str, Any]] = {}


def _registry_key(name: str) -> str:
    return f"{name}-{REGISTRY[name]['n']}"


def global_registry_mutated_via_local(base: str) -> list[str]:
    entry = {"n": 0}
    REGISTRY["job"] = entry
    first = get_value(base, _registry_key("job"), 150)
    entry["n"] += 1
    second = get_value(base, _registry_key("job"), 30)
    entry["n"] += len(second)
    third = get_value(base, _registry_key("job"), 40)
    return [first, second, third]


def _reset_registry(env: Env) -> None:
    REGISTRY.clear()


def closure_over_dict_cell(base: str) -> list[str]:
    state = {"page": 0}

    def next_page() -> int:
        state["page"] += 1
        return state["page"]

    a = get_value(base, f"page-{state['page']}", 150)
    next_page()
    b = get_value(base, f"page-{state['page']}", 30)
    next_page()
    c = get_value(base, f"page-{state['page']}", 40)
    return [a, b, c]


def closure_nonlocal_list_rebound(base: str) -> list[str]:
    """The closure rebinds the list; the caller's alias keeps the old one."""
    items: list[str] = []
    old = items

    def reset() -> None:
        nonlocal items
        items = ["fresh"]

    items.append(get_value(base, "one", 150))
    reset()
    a = get_value(base, f"items-{len(items)}-old-{len(old)}", 30)
    items.append(a)
    b = get_value(base, f"items-{len(items)}-old-{len(old)}", 40)
    return [a, b]


class Tracker:
    hits: list[str] = []  # noqa: RUF012 - shared on purpose

    def record(self, v: str) -> None:
        self.hits.append(v)


def class_attr_shared_by_instances(base: str) -> list[str]:
    t1, t2 = Tracker(), Tracker()
    t1.record(get_value(base, "t1", 150))
    probe = get_value(base, f"t2-sees-{len(t2.hits)}", 30)
    t2.record(probe)
    last = get_value(base, f"class-{len(Tracker.hits)}", 40)
    return [probe, last]


def _reset_tracker(env: Env) -> None:
    Tracker.hits.clear()


# =========================================================================== generators


def generator_over_growing_list(base: str) -> list[str]:
    queue = ["start"]
    it = iter(queue)
    out = []
    for key in it:
        v = get_value(base, key, 150 if key == "start" else 30)
        out.append(v)
        if len(queue) < 3:
            queue.append(f"next{len(queue)}")
    return out


def generator_expression_sees_later_append(base: str) -> list[str]:
    keys = ["a", "b"]
    gen = (f"{k}-{len(keys)}" for k in keys)
    first = get_value(base, next(gen), 150)
    keys.append(first)
    second = get_value(base, next(gen), 30)
    rest = [get_value(base, k, 40) for k in gen]
    return [first, second] + rest


def generator_holds_dict_ref(base: str) -> list[str]:
    cfg = {"suffix": "v1"}

    def keys() -> Any:
        for k in ("x", "y", "z"):
            yield f"{k}-{cfg['suffix']}"

    out = []
    for i, key in enumerate(keys()):
        out.append(get_value(base, key, (150, 30, 40)[i]))
        cfg["suffix"] = out[-1]
    return out


# =========================================================================== identity


def identity_of_returned_arg(base: str) -> list[Any]:
    def fill(d: dict[str, str], k: str, ms: int) -> dict[str, str]:
        d[k] = get_value(base, k, ms)
        return d

    d: dict[str, str] = {}
    a = fill(d, "a", 150)
    b = fill(d, "b", 30)
    return [a is d, b is a, id(a) == id(d), sorted(d.items())]


def id_keyed_cache(base: str) -> list[str]:
    """A cache keyed by ``id()`` of the query objects: same object, same entry."""
    cache: dict[int, str] = {}
    q1 = {"k": "one"}
    q2 = q1
    q3 = dict(q1)
    out = []
    for q, ms in ((q1, 150), (q2, 30), (q3, 40)):
        if id(q) not in cache:
            cache[id(q)] = get_value(base, q["k"], ms)
        out.append(cache[id(q)])
        q["k"] += "x"
    return out + [str(len(cache))]


def is_check_between_reads(base: str) -> list[str]:
    default = {"mode": "default"}
    opts = default
    a = get_value(base, f"mode-{opts['mode']}", 150)
    if opts is default:
        opts = dict(default, mode=a)
    b = get_value(base, f"mode-{opts['mode']}-{default['mode']}", 30)
    return [a, b]


# =========================================================================== copies


def shallow_copy_shares_tags(base: str) -> list[str]:
    cfg = {"name": "run", "tags": ["a"]}
    snap = copy.copy(cfg)
    deep = copy.deepcopy(cfg)
    first = get_value(base, "t-" + "-".join(snap["tags"]), 150)
    cfg["tags"].append(first)
    cfg["name"] = "changed"
    second = get_value(base, f"{snap['name']}-{len(snap['tags'])}", 30)
    third = get_value(base, f"{deep['name']}-{len(deep['tags'])}", 40)
    return [first, second, third]


def shallow_copy_posted_then_mutated(base: str) -> list[str]:
    body = {"items": ["x"], "n": 1}
    snapshot = dict(body)
    r1 = requests.post(f"{base}/items/snap", json=snapshot, timeout=5)
    body["items"].append("y")
    body["n"] = 2
    r2 = requests.post(f"{base}/items/snap2", json=snapshot, timeout=5)
    r3 = requests.get(f"{base}/items/snap?ms=30", timeout=5)
    return [str(r1.json()["version"]), str(r2.json()["version"]), r3.json()["value"]]


# =========================================================================== request arguments changed next


def params_dict_reused_across_pages(base: str) -> list[str]:
    params = {"page": 1, "size": 10}
    out = []
    for ms in (150, 30, 60):
        r = requests.get(f"{base}/items/list?ms={ms}", params=params, timeout=5)
        out.append(r.url.split("?", 1)[1])
        params["page"] += 1
    return out


def httpx_params_mutated_between(base: str) -> list[str]:
    params = {"q": "first"}
    with httpx.Client(timeout=5) as client:
        r1 = client.get(f"{base}/items/search", params={**params, "ms": 150})
        params["q"] = "second"
        r2 = client.get(f"{base}/items/search", params={**params, "ms": 30})
    return [str(r1.url.params), str(r2.url.params)]


def headers_dict_mutated_between(base: str) -> list[str]:
    headers = {"x-trace": "t0"}
    out = []
    for i, ms in enumerate((150, 30, 40)):
        r = requests.get(f"{base}/items/h{i}?ms={ms}", headers=headers, timeout=5)
        out.append(r.request.headers["x-trace"])
        headers["x-trace"] = f"t{i + 1}"
    return out


def json_body_mutated_after_post(base: str) -> list[Any]:
    body = {"step": 0, "log": []}
    versions = []
    for _ in range(3):
        r = requests.post(f"{base}/items/state", json=body, timeout=5)
        versions.append(r.json()["version"])
        body["step"] += 1
        body["log"].append(body["step"])
    final = requests.get(f"{base}/items/state?ms=30", timeout=5).json()["value"]
    return [versions, final]


def params_list_of_tuples_mutated(base: str) -> list[str]:
    params = [("k", "a")]
    r1 = requests.get(f"{base}/items/pl?ms=150", params=params, timeout=5)
    params.append(("k", "b"))
    r2 = requests.get(f"{base}/items/pl?ms=30", params=params, timeout=5)
    params[0] = ("k", "z")
    r3 = requests.get(f"{base}/items/pl?ms=40", params=params, timeout=5)
    return [r.url.split("?", 1)[1] for r in (r1, r2, r3)]


def messages_inner_content_mutated(client: Any) -> list[str]:
    """One user message dict edited in place after each call (its content list grows)."""
    parts = [{"type": "text", "text": "Summarise:"}]
    messages = [{"role": "user", "content": parts}]
    out = []
    for text, lat in (("alpha", 0.15), ("beta", 0.03), ("gamma", 0.06)):
        parts.append({"type": "text", "text": text})
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:30])
        parts.pop()
    return out + [str(len(parts))]


def extra_body_dict_reused(client: Any) -> list[str]:
    extra = {"latency": 0.15}
    out = []
    for prompt in ("one", "two", "three"):
        r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                           extra_body=extra)
        out.append(r.choices[0].message.content[:20])
        extra["latency"] = round(extra["latency"] / 3, 3)
    return out


def messages_list_shared_two_calls(client: Any) -> list[str]:
    """Two independent questions through one list: the second call's append must not reach
    the first call."""
    msgs = [user("What is 2+2?")]
    a = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.15})
    msgs.append(user("And 3+3?"))
    b = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.03})
    return [a.choices[0].message.content[:30], b.choices[0].message.content[:30],
            str(len(msgs))]


# =========================================================================== responses mutated


def response_json_mutated_then_reparsed(base: str) -> list[str]:
    r = requests.get(f"{base}/items/resp?ms=150", timeout=5)
    data = r.json()
    data["value"] = "edited"
    other = get_value(base, data["value"], 30)
    again = r.json()["value"]
    return [data["value"], other, again]


def openai_response_field_edited(client: Any) -> list[str]:
    r1 = client.chat.completions.create(model="gpt", messages=[user("hi")],
                                        extra_body={"latency": 0.15})
    msg = r1.choices[0].message
    msg.content = "EDITED " + (msg.content or "")[:10]
    r2 = client.chat.completions.create(model="gpt", messages=[user(msg.content)],
                                        extra_body={"latency": 0.03})
    return [r1.choices[0].message.content, r2.choices[0].message.content[:30]]


def response_dicts_merged_in_place(base: str) -> dict[str, Any]:
    merged = requests.get(f"{base}/items/m1?ms=150", timeout=5).json()
    extra = requests.get(f"{base}/items/m2?ms=30", timeout=5).json()
    merged.update(extra)
    probe = get_value(base, f"merged-{merged['key']}", 40)
    return {"merged": merged, "probe": probe}


# =========================================================================== misc shapes


def itertools_tee_over_mutated_list(base: str) -> list[str]:
    keys = ["a", "b"]
    it1, it2 = itertools.tee(iter(keys))
    first = get_value(base, next(it1), 150)
    keys.append("c")
    rest = [get_value(base, k, 30) for k in it2]
    return [first] + rest


def list_extend_alias_in_loop(base: str) -> list[str]:
    done: list[str] = []
    todo = done
    for k, ms in (("p", 150), ("q", 30)):
        v = get_value(base, f"{k}-{len(todo)}", ms)
        done.extend([v, v])
    return done


def swap_through_tuple_then_read(base: str) -> list[str]:
    a, b = ["x"], ["y"]
    first = get_value(base, a[0], 150)
    a, b = b, a
    b.append(first)
    second = get_value(base, f"{a[0]}-{len(b)}", 30)
    return [first, second]


def object_attribute_list_shared(base: str) -> list[str]:
    class Batch:
        def __init__(self, keys: list[str]) -> None:
            self.keys = keys

    keys = ["a"]
    b1, b2 = Batch(keys), Batch(keys)
    first = get_value(base, "-".join(b1.keys), 150)
    b1.keys.append("b")
    second = get_value(base, "-".join(b2.keys), 30)
    return [first, second]


def del_item_through_alias(base: str) -> list[str]:
    cache = {"a": "cached", "b": "cached"}
    view = cache
    first = get_value(base, "k-" + ",".join(sorted(cache)), 150)
    del view["a"]
    second = get_value(base, "k-" + ",".join(sorted(cache)), 30)
    return [first, second]


def log_record_args_mutated(base: str) -> list[str]:
    """A log record keeps its args: a list logged then changed is formatted as changed? No:
    logging formats when the record is handled, here at once."""
    seen: list[str] = []
    for k, ms in (("a", 150), ("b", 30)):
        seen.append(get_value(base, k, ms))
        LOG.info("seen so far %s", seen)
    return seen


def print_list_then_mutate(base: str) -> list[str]:
    got: list[str] = []
    for k, ms in (("a", 150), ("b", 30), ("c", 40)):
        got.append(get_value(base, k, ms))
        print("got", got)
    got.clear()
    return got


# =========================================================================== globals read by helpers


def _lookup(name: str) -> str:
    return str(REGISTRY[name]["n"])


def registry_store_then_helper_key(base: str) -> list[str]:
    """Minimal: a new entry stored in a global dict, then a read whose key a helper looks up
    in that dict."""
    REGISTRY["k"] = {"n": len(REGISTRY)}
    a = get_value(base, "x", 150)
    b = get_value(base, "k-" + _lookup("k"), 30)
    return [a, b]


def registry_entry_mutated_then_helper_key(base: str) -> list[str]:
    """The entry is stored once (setup); the function changes it through a local."""
    entry = REGISTRY["fixed"]
    a = get_value(base, "x", 150)
    entry["n"] += 1
    b = get_value(base, "fixed-" + _lookup("fixed"), 30)
    return [a, b]


def _reset_fixed(env: Env) -> None:
    REGISTRY.clear()
    REGISTRY["fixed"] = {"n": 0}


PENDING: list[str] = []


def _pending_key() -> str:
    return f"pending-{len(PENDING)}"


def global_list_appended_via_alias(base: str) -> list[str]:
    q = PENDING
    a = get_value(base, "first", 150)
    q.append(a)
    b = get_value(base, _pending_key(), 30)
    return [a, b]


def _reset_pending(env: Env) -> None:
    PENDING.clear()


class Conf:
    mode = "draft"


CONF = Conf()


def _mode_key() -> str:
    return "mode-" + CONF.mode


def global_object_attr_set_via_alias(base: str) -> list[str]:
    c = CONF
    a = get_value(base, _mode_key(), 150)
    c.mode = "final" if c.mode == "draft" else "draft"
    b = get_value(base, _mode_key(), 30)
    return [a, b]


def _reset_conf(env: Env) -> None:
    CONF.mode = "draft"


BUF = np.zeros(4, dtype=np.int64)


def _buf_key() -> str:
    return f"buf-{int(BUF.sum())}"


def global_numpy_view_written(base: str) -> list[str]:
    view = BUF[1:3]
    a = get_value(base, _buf_key(), 150)
    view[:] = view + 5
    b = get_value(base, _buf_key(), 30)
    return [a, b]


def _reset_buf(env: Env) -> None:
    BUF[:] = 0


def global_numpy_add_out(base: str) -> list[str]:
    a = get_value(base, _buf_key(), 150)
    np.add(BUF, 3, out=BUF)
    b = get_value(base, _buf_key(), 30)
    return [a, b]


def _job_key(job: dict[str, Any]) -> str:
    return f"{job['name']}-{job['n']}"


def param_list_item_mutated_then_helper(base: str, jobs: list[dict[str, Any]]) -> list[str]:
    job = jobs[0]
    a = get_value(base, _job_key(jobs[0]), 150)
    job["n"] += 1
    b = get_value(base, _job_key(jobs[0]), 30)
    return [a, b]


def _jobs_args(env: Env) -> tuple:
    return (env.web, [{"name": "job", "n": 0}])


COUNTS: collections.Counter[str] = collections.Counter()


def _top_key() -> str:
    return "top-" + (COUNTS.most_common(1)[0][0] if COUNTS else "none")


def global_counter_updated_via_alias(base: str) -> list[str]:
    c = COUNTS
    a = get_value(base, _top_key(), 150)
    c.update(["zeta", "zeta"])
    b = get_value(base, _top_key(), 30)
    return [a, b]


def _reset_counts(env: Env) -> None:
    COUNTS.clear()


def _bump(d: dict[str, int]) -> None:
    d["n"] += 1


def helper_bumps_global_entry_via_arg(base: str) -> list[str]:
    entry = REGISTRY["fixed"]
    a = get_value(base, "fixed-" + _lookup("fixed"), 150)
    _bump(entry)
    b = get_value(base, "fixed-" + _lookup("fixed"), 30)
    return [a, b]


def setdefault_entry_then_helper_key(base: str) -> list[str]:
    entry = REGISTRY.setdefault("sd", {"n": 0})
    a = get_value(base, "x", 150)
    entry["n"] += 2
    b = get_value(base, "sd-" + _lookup("sd"), 30)
    return [a, b]


def _tracker_key() -> str:
    return f"hits-{len(Tracker.hits)}"


def class_attr_helper_key(base: str) -> list[str]:
    t = Tracker()
    a = get_value(base, _tracker_key(), 150)
    t.record(a)
    b = get_value(base, _tracker_key(), 30)
    return [a, b]


def environ_alias_then_helper(base: str) -> list[str]:
    import os

    env = os.environ
    env.pop("RT47_STAGE", None)
    a = get_value(base, "stage-" + _stage(), 150)
    env["RT47_STAGE"] = "two"
    b = get_value(base, "stage-" + _stage(), 30)
    env.pop("RT47_STAGE", None)
    return [a, b]


def _stage() -> str:
    import os

    return os.environ.get("RT47_STAGE", "one")


# =========================================================================== helpers that change what they are given


def global_attr_store_then_helper(base: str) -> list[str]:
    a = get_value(base, _mode_key(), 150)
    CONF.mode = "final"
    b = get_value(base, _mode_key(), 30)
    CONF.mode = "draft"
    return [a, b]


def global_list_append_then_helper(base: str) -> list[str]:
    a = get_value(base, _pending_key(), 150)
    PENDING.append(a)
    b = get_value(base, _pending_key(), 30)
    return [a, b]


def global_nested_store_then_helper(base: str) -> list[str]:
    a = get_value(base, "fixed-" + _lookup("fixed"), 150)
    REGISTRY["fixed"]["n"] = len(a)
    b = get_value(base, "fixed-" + _lookup("fixed"), 30)
    return [a, b]


def global_del_then_helper(base: str) -> list[str]:
    REGISTRY["gone"] = {"n": 7}
    a = get_value(base, "keys-" + ",".join(sorted(REGISTRY)), 150)
    del REGISTRY["gone"]
    b = get_value(base, "keys-" + _registry_names(), 30)
    return [a, b]


def _registry_names() -> str:
    return ",".join(sorted(REGISTRY))


def _push(items: list[str], v: str) -> None:
    items.append(v)


def helper_appends_to_global_alias(base: str) -> list[str]:
    q = PENDING
    a = get_value(base, "first", 150)
    _push(q, a)
    b = get_value(base, _pending_key(), 30)
    return [a, b]


def _set_mode(c: Any, mode: str) -> None:
    c.mode = mode


def helper_sets_attr_on_global_alias(base: str) -> list[str]:
    c = CONF
    a = get_value(base, _mode_key(), 150)
    _set_mode(c, "final")
    b = get_value(base, _mode_key(), 30)
    _set_mode(c, "draft")
    return [a, b]


def _add_into(arr: np.ndarray, k: int) -> None:
    np.add(arr, k, out=arr)


def helper_adds_into_global_view(base: str) -> list[str]:
    view = BUF[1:3]
    a = get_value(base, _buf_key(), 150)
    _add_into(view, 4)
    b = get_value(base, _buf_key(), 30)
    return [a, b]


def _sort_in_place(arr: np.ndarray) -> None:
    arr.sort()


def helper_sorts_global_array(base: str) -> list[str]:
    BUF[:] = [4, 1, 3, 2]
    whole = BUF
    a = get_value(base, f"first-{int(BUF[0])}", 150)
    _sort_in_place(whole)
    b = get_value(base, f"first-{_first_buf()}", 30)
    return [a, b]


def _first_buf() -> int:
    return int(BUF[0])


def helper_bumps_param_alias(base: str, cfg: dict[str, Any], inner: dict[str, int]) -> list[str]:
    """`inner` is `cfg["counter"]`: a helper bumps it; the next read's key comes from `cfg`."""
    a = get_value(base, _job_key({"name": "c", "n": cfg["counter"]["n"]}), 150)
    _bump(inner)
    b = get_value(base, f"c-{cfg['counter']['n']}", 30)
    return [a, b]


def _param_alias_args(env: Env) -> tuple:
    inner = {"n": 0}
    return (env.web, {"counter": inner}, inner)


def _counter_key(cfg: dict[str, Any]) -> str:
    return f"c-{cfg['counter']['n']}"


def helper_bumps_param_alias_helper_key(base: str, cfg: dict[str, Any],
                                        inner: dict[str, int]) -> list[str]:
    a = get_value(base, _counter_key(cfg), 150)
    _bump(inner)
    b = get_value(base, _counter_key(cfg), 30)
    return [a, b]


def helper_bumps_local_alias(base: str) -> list[str]:
    state = {"n": 0}
    alias = state
    a = get_value(base, f"s-{state['n']}", 150)
    _bump(alias)
    b = get_value(base, f"s-{state['n']}", 30)
    return [a, b]


def helper_bumps_item_of_local_list(base: str) -> list[str]:
    rows = [{"n": 0}, {"n": 10}]
    a = get_value(base, f"r-{rows[0]['n']}", 150)
    _bump(rows[0])
    b = get_value(base, f"r-{rows[0]['n']}", 30)
    return [a, b]


def helper_bumps_entry_of_param(base: str, jobs: list[dict[str, Any]]) -> list[str]:
    job = jobs[0]
    a = get_value(base, _job_key(jobs[0]), 150)
    _bump(job)
    b = get_value(base, _job_key(jobs[0]), 30)
    return [a, b]


def helper_bumps_global_then_inline_key(base: str) -> list[str]:
    entry = REGISTRY["fixed"]
    a = get_value(base, f"fixed-{REGISTRY['fixed']['n']}", 150)
    _bump(entry)
    b = get_value(base, f"fixed-{REGISTRY['fixed']['n']}", 30)
    return [a, b]


def method_mutates_global_held_object(base: str) -> list[str]:
    t = TRACK
    a = get_value(base, _track_key(), 150)
    t.record(a)
    b = get_value(base, _track_key(), 30)
    return [a, b]


TRACK = Tracker()


def _track_key() -> str:
    return f"track-{len(TRACK.hits)}"


def list_method_on_global_item(base: str) -> list[str]:
    bucket = GROUPS["slow"]
    a = get_value(base, f"g-{_groups_size()}", 150)
    bucket.extend([a, a])
    b = get_value(base, f"g-{_groups_size()}", 30)
    return [a, b]


GROUPS: dict[str, list[str]] = {"slow": [], "fast": []}


def _groups_size() -> int:
    return sum(len(v) for v in GROUPS.values())


def _reset_groups(env: Env) -> None:
    for v in GROUPS.values():
        v.clear()


def helper_extends_global_item(base: str) -> list[str]:
    bucket = GROUPS["fast"]
    a = get_value(base, f"g-{_groups_size()}", 150)
    _push(bucket, a)
    b = get_value(base, f"g-{_groups_size()}", 30)
    return [a, b]


# =========================================================================== more spellings of a global's change


def global_attr_store_inline_key(base: str) -> list[str]:
    a = get_value(base, "mode-" + CONF.mode, 150)
    CONF.mode = "final"
    b = get_value(base, "mode-" + CONF.mode, 30)
    CONF.mode = "draft"
    return [a, b]


def global_append_inline_len(base: str) -> list[str]:
    a = get_value(base, f"pending-{len(PENDING)}", 150)
    PENDING.append(a)
    b = get_value(base, f"pending-{len(PENDING)}", 30)
    return [a, b]


def class_level_store_then_helper(base: str) -> list[str]:
    a = get_value(base, _mode_key(), 150)
    Conf.mode = "published"
    b = get_value(base, _mode_key(), 30)
    Conf.mode = "draft"
    return [a, b]


def setattr_global_then_helper(base: str) -> list[str]:
    a = get_value(base, _mode_key(), 150)
    setattr(CONF, "mode", "review")  # noqa: B010
    b = get_value(base, _mode_key(), 30)
    setattr(CONF, "mode", "draft")  # noqa: B010
    return [a, b]


def dict_update_global_then_helper(base: str) -> list[str]:
    a = get_value(base, "x", 150)
    REGISTRY.update(up={"n": len(a)})
    b = get_value(base, "up-" + _lookup("up"), 30)
    return [a, b]


SEEN: set[str] = set()


def _seen_key() -> str:
    return "seen-" + "-".join(sorted(SEEN))


def global_set_add_then_helper(base: str) -> list[str]:
    a = get_value(base, _seen_key(), 150)
    SEEN.add("alpha")
    b = get_value(base, _seen_key(), 30)
    return [a, b]


def _reset_seen(env: Env) -> None:
    SEEN.clear()


RECENT: collections.deque[str] = collections.deque(maxlen=2)


def _recent_key() -> str:
    return "recent-" + "-".join(RECENT)


def global_deque_appendleft_then_helper(base: str) -> list[str]:
    a = get_value(base, _recent_key(), 150)
    RECENT.appendleft("r1")
    b = get_value(base, _recent_key(), 30)
    RECENT.appendleft(b[:6])
    c = get_value(base, _recent_key(), 40)
    return [a, b, c]


def _reset_recent(env: Env) -> None:
    RECENT.clear()


def _ticket(issued: list[int] = []) -> int:  # noqa: B006
    issued.append(len(issued) + 1)
    return issued[-1]


def mutable_default_ticket_in_args(base: str) -> list[str]:
    """A helper with a mutable default hands out numbers: each read's key draws one."""
    a = get_value(base, f"ticket-{_ticket()}", 150)
    b = get_value(base, f"ticket-{_ticket()}", 30)
    c = get_value(base, f"ticket-{_ticket()}", 40)
    return [a, b, c]


def _reset_ticket(env: Env) -> None:
    _ticket.__defaults__[0].clear()  # type: ignore[index]


IDS = itertools.count(1)


def global_count_in_args(base: str) -> list[str]:
    a = get_value(base, f"id-{next(IDS)}", 150)
    b = get_value(base, f"id-{next(IDS)}", 30)
    return [a, b]


def _reset_ids(env: Env) -> None:
    global IDS
    IDS = itertools.count(1)


def global_numpy_item_store_then_helper(base: str) -> list[str]:
    a = get_value(base, _buf_key(), 150)
    BUF[0] = len(a)
    b = get_value(base, _buf_key(), 30)
    return [a, b]


class Job:
    def __init__(self, name: str) -> None:
        self.name = name
        self.n = 0


JOBS = [Job("j1"), Job("j2")]


def _jobs_key() -> str:
    return "jobs-" + "-".join(f"{j.name}{j.n}" for j in JOBS)


def loop_var_mutates_global_items(base: str) -> list[str]:
    a = get_value(base, _jobs_key(), 150)
    for job in JOBS:
        job.n += 1
    b = get_value(base, _jobs_key(), 30)
    return [a, b]


def _reset_jobs(env: Env) -> None:
    for j in JOBS:
        j.n = 0


def global_rebound_then_helper(base: str) -> list[str]:
    global STAGE
    a = get_value(base, _stage_key(), 150)
    STAGE = "two"
    b = get_value(base, _stage_key(), 30)
    STAGE = "one"
    return [a, b]


STAGE = "one"


def _stage_key() -> str:
    return "stage-" + STAGE


def _default_reg_key(name: str, reg: dict[str, Any] = REGISTRY) -> str:  # noqa: B006
    return f"{name}-{reg[name]['n']}"


def default_arg_bound_global(base: str) -> list[str]:
    a = get_value(base, _default_reg_key("fixed"), 150)
    REGISTRY["fixed"]["n"] += 3
    b = get_value(base, _default_reg_key("fixed"), 30)
    return [a, b]


def instance_method_key_after_store(base: str) -> list[str]:
    a = get_value(base, CONF_KEYS.key(), 150)
    CONF.mode = "final"
    b = get_value(base, CONF_KEYS.key(), 30)
    CONF.mode = "draft"
    return [a, b]


class _Keys:
    def key(self) -> str:
        return "mode-" + CONF.mode


CONF_KEYS = _Keys()


def response_data_stored_globally(base: str) -> list[str]:
    """The first answer's dict is kept in the registry and changed through it."""
    data = requests.get(f"{base}/items/doc?ms=150", timeout=5).json()
    REGISTRY["doc"] = data
    REGISTRY["doc"]["value"] = "edited"
    b = get_value(base, "doc-" + _doc_value(), 30)
    return [data["value"], b]


def _doc_value() -> str:
    return REGISTRY["doc"]["value"]


# =========================================================================== module state read by helpers, realistic


def _fetch_pending(base: str) -> str:
    return get_value(base, f"pending-{len(PENDING)}", 30)


def io_helper_reads_global_after_append(base: str) -> list[str]:
    a = get_value(base, "job", 150)
    PENDING.append(a)
    b = _fetch_pending(base)
    return [a, b]


HISTORY: list[dict[str, str]] = []


def _history() -> list[dict[str, str]]:
    return list(HISTORY)


def chat_memory_module_history(client: Any) -> list[str]:
    """Conversation memory at module level; a helper builds each call's messages."""
    out = []
    for q, lat in (("Name a colour.", 0.15), ("Name a fruit.", 0.03)):
        HISTORY.append(user(q))
        r = client.chat.completions.create(model="gpt", messages=_history(),
                                           extra_body={"latency": lat})
        out.append(f"{len(HISTORY)}:{r.choices[0].message.content[:20]}")
    return out


def chat_memory_answer_appended(client: Any) -> list[str]:
    """Independent questions, but each answer is appended to the module history the next
    call's helper reads."""
    a = client.chat.completions.create(model="gpt", messages=_history() + [user("one")],
                                       extra_body={"latency": 0.15})
    HISTORY.append({"role": "assistant", "content": "noted"})
    b = client.chat.completions.create(model="gpt", messages=_history() + [user("two")],
                                       extra_body={"latency": 0.03})
    return [a.choices[0].message.content[:20], b.choices[0].message.content[:20]]


def _reset_history(env: Env) -> None:
    HISTORY.clear()


SETTINGS: dict[str, Any] = {}


def _model() -> str:
    return SETTINGS.get("model", "gpt")


def _temperature() -> float:
    return SETTINGS.get("temperature", 0.0)


def settings_switched_between_chats(client: Any) -> list[str]:
    a = client.chat.completions.create(model=_model(), messages=[user("hi")],
                                       temperature=_temperature(), extra_body={"latency": 0.15})
    SETTINGS["temperature"] = 0.7
    SETTINGS["model"] = "gpt-large"
    b = client.chat.completions.create(model=_model(), messages=[user("hi")],
                                       temperature=_temperature(), extra_body={"latency": 0.03})
    return [a.model, b.model]


def _reset_settings(env: Env) -> None:
    SETTINGS.clear()


def global_slice_assign_then_helper(base: str) -> list[str]:
    a = get_value(base, _pending_key(), 150)
    PENDING[:] = ["x", "y", a]
    b = get_value(base, _pending_key(), 30)
    return [a, b]


def global_del_item_then_helper(base: str) -> list[str]:
    PENDING.extend(["p", "q"])
    a = get_value(base, _pending_key(), 150)
    del PENDING[0]
    b = get_value(base, _pending_key(), 30)
    return [a, b]


def global_pop_then_helper(base: str) -> list[str]:
    REGISTRY["tmp"] = {"n": 1}
    a = get_value(base, "keys-" + _registry_names(), 150)
    REGISTRY.pop("tmp")
    b = get_value(base, "keys-" + _registry_names(), 30)
    return [a, b]


QUEUE: list[tuple[int, str]] = []


def _head_key() -> str:
    return "head-" + (QUEUE[0][1] if QUEUE else "none")


def heappush_global_then_helper(base: str) -> list[str]:
    import heapq

    a = get_value(base, _head_key(), 150)
    heapq.heappush(QUEUE, (1, "urgent"))
    b = get_value(base, _head_key(), 30)
    return [a, b]


def insort_global_then_helper(base: str) -> list[str]:
    import bisect

    a = get_value(base, _head_key(), 150)
    bisect.insort(QUEUE, (0, "first"))
    b = get_value(base, _head_key(), 30)
    return [a, b]


def _reset_queue(env: Env) -> None:
    QUEUE.clear()


def copyto_global_then_helper(base: str) -> list[str]:
    a = get_value(base, _buf_key(), 150)
    np.copyto(BUF, np.array([1, 2, 3, 4]))
    b = get_value(base, _buf_key(), 30)
    return [a, b]


def global_method_record_then_helper(base: str) -> list[str]:
    a = get_value(base, _track_key(), 150)
    TRACK.record(a)
    b = get_value(base, _track_key(), 30)
    return [a, b]


def global_list_sort_then_helper(base: str) -> list[str]:
    PENDING.extend(["c", "a", "b"])
    a = get_value(base, "first-" + _first_pending(), 150)
    PENDING.sort()
    b = get_value(base, "first-" + _first_pending(), 30)
    return [a, b]


def _first_pending() -> str:
    return PENDING[0]


def global_dict_clear_then_helper(base: str) -> list[str]:
    SETTINGS["model"] = "gpt-large"
    a = get_value(base, "model-" + _model(), 150)
    SETTINGS.clear()
    b = get_value(base, "model-" + _model(), 30)
    return [a, b]


def global_iadd_then_helper(base: str) -> list[str]:
    global PENDING
    a = get_value(base, _pending_key(), 150)
    PENDING += [a, a]
    b = get_value(base, _pending_key(), 30)
    return [a, b]


# =========================================================================== loops over shared state


def _fetch_numbered(base: str, k: str, ms: int) -> str:
    return get_value(base, f"{k}-{len(PENDING)}", ms)


def loop_helper_key_global_appended(base: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 30), ("c", 60)):
        out.append(_fetch_numbered(base, k, ms))
        PENDING.append(k)
    return out


def loop_zero_arg_key_global_appended(base: str) -> list[str]:
    out = []
    for ms in (150, 30, 60):
        out.append(get_value(base, _pending_key(), ms))
        PENDING.append(str(ms))
    return out


def loop_global_attr_step(base: str) -> list[str]:
    out = []
    for mode, ms in (("a", 150), ("b", 30), ("c", 60)):
        out.append(get_value(base, _mode_key(), ms))
        CONF.mode = mode
    CONF.mode = "draft"
    return out


def comprehension_over_global_dict_helper_adds(base: str) -> Any:
    """Plain: the helper adds a key during the iteration, which raises after one GET."""
    def fetch_and_store(k: str) -> str:
        v = get_value(base, k, 150 if k == "a" else 30)
        SETTINGS[v] = k
        return v

    SETTINGS.update(a=1, b=2)
    try:
        return [fetch_and_store(k) for k in SETTINGS]
    except RuntimeError as exc:
        return f"RuntimeError: {exc}"


def loop_over_list_removing_through_alias(base: str) -> list[str]:
    items = ["a", "b", "c", "d"]
    alias = items
    out = []
    for k in items:
        out.append(get_value(base, k, 150 if k == "a" else 30))
        if k in ("a", "c"):
            alias.remove(k)
    return out + ["|".join(items)]


def loop_reads_row_dicts_mutated_by_previous(base: str) -> list[str]:
    row = {"k": "start"}
    rows = [row, row, row]
    out = []
    for r, ms in zip(rows, (150, 30, 60), strict=True):
        v = get_value(base, r["k"], ms)
        out.append(v)
        r["k"] = v[-6:]
    return out


def loop_over_numpy_view_rows(base: str) -> list[str]:
    grid = np.arange(6).reshape(3, 2)
    col = grid[:, 0]
    out = []
    for i, ms in enumerate((150, 30, 60)):
        out.append(get_value(base, f"c-{int(col.sum())}", ms))
        grid[i] += 10
    return out


def loop_dict_values_shared_list(base: str) -> list[str]:
    shared: list[str] = []
    tasks = {"x": shared, "y": shared, "z": []}
    out = []
    for name, ms in (("x", 150), ("y", 30), ("z", 60)):
        out.append(get_value(base, f"{name}-{len(tasks[name])}", ms))
        tasks[name].append(out[-1])
    return out


def loop_class_attr_counter(base: str) -> list[str]:
    out = []
    for ms in (150, 30, 60):
        t = Tracker()
        out.append(get_value(base, f"hits-{len(t.hits)}", ms))
        t.record(str(ms))
    return out


# =========================================================================== closures, methods, partials


def closure_key_after_helper_bump(base: str) -> list[str]:
    state = {"n": 0}

    def key() -> str:
        return f"s-{state['n']}"

    a = get_value(base, key(), 150)
    _bump(state)
    b = get_value(base, key(), 30)
    return [a, b]


def closure_key_after_alias_store(base: str) -> list[str]:
    acc: list[str] = []
    alias = acc

    def key() -> str:
        return f"acc-{len(acc)}"

    a = get_value(base, key(), 150)
    alias.append(a)
    b = get_value(base, key(), 30)
    return [a, b]


def lambda_key_over_local_list(base: str) -> list[str]:
    acc: list[str] = []
    key = lambda: f"acc-{len(acc)}"  # noqa: E731
    a = get_value(base, key(), 150)
    acc.append(a)
    b = get_value(base, key(), 30)
    return [a, b]


class Crawler:
    def __init__(self, base: str) -> None:
        self.base = base
        self.seen: list[str] = []

    def _key(self) -> str:
        return f"seen-{len(self.seen)}"

    def run(self) -> list[str]:
        seen = self.seen
        a = get_value(self.base, self._key(), 150)
        seen.append(a)
        b = get_value(self.base, self._key(), 30)
        return [a, b]

    def run_direct(self) -> list[str]:
        a = get_value(self.base, self._key(), 150)
        self.seen.append(a)
        b = get_value(self.base, self._key(), 30)
        return [a, b]


def make_crawler_alias(env: Env) -> Any:
    return Crawler(env.web).run


def make_crawler_direct(env: Env) -> Any:
    return Crawler(env.web).run_direct


def _key_from(d: dict[str, int], prefix: str) -> str:
    return f"{prefix}-{d['n']}"


def partial_key_over_local_dict(base: str) -> list[str]:
    import functools

    state = {"n": 0}
    key = functools.partial(_key_from, state, "p")
    a = get_value(base, key(), 150)
    state["n"] += 1
    b = get_value(base, key(), 30)
    return [a, b]


def partial_key_over_global_dict(base: str) -> list[str]:
    import functools

    key = functools.partial(_key_from, REGISTRY["fixed"], "g")
    a = get_value(base, key(), 150)
    REGISTRY["fixed"]["n"] += 1
    b = get_value(base, key(), 30)
    return [a, b]


def bound_method_of_global_key(base: str) -> list[str]:
    key = CONF_KEYS.key
    a = get_value(base, key(), 150)
    CONF.mode = "final"
    b = get_value(base, key(), 30)
    CONF.mode = "draft"
    return [a, b]


def generator_of_keys_over_global(base: str) -> list[str]:
    def keys() -> Any:
        while True:
            yield f"pending-{len(PENDING)}"

    gen = keys()
    a = get_value(base, next(gen), 150)
    PENDING.append(a)
    b = get_value(base, next(gen), 30)
    return [a, b]


def dataclass_field_default_factory_shared(base: str) -> list[str]:
    from dataclasses import dataclass, field

    shared: list[str] = []

    @dataclass
    class Req:
        key: str
        tags: list[str] = field(default_factory=lambda: shared)

    r1, r2 = Req("a"), Req("b")
    a = get_value(base, f"{r1.key}-{len(r1.tags)}", 150)
    r1.tags.append(a)
    b = get_value(base, f"{r2.key}-{len(r2.tags)}", 30)
    return [a, b]


# =========================================================================== builtins that hand back an alias


def setdefault_returns_alias(base: str) -> list[str]:
    d: dict[str, list[str]] = {}
    lst = d.setdefault("k", [])
    a = get_value(base, "x", 150)
    lst.append(a)
    b = get_value(base, f"k-{len(d['k'])}", 30)
    return [a, b]


def dict_get_returns_alias(base: str) -> list[str]:
    d = {"k": {"n": 0}}
    entry = d.get("k")
    a = get_value(base, "x", 150)
    entry["n"] = len(a)
    b = get_value(base, f"k-{d['k']['n']}", 30)
    return [a, b]


def values_iter_returns_alias(base: str) -> list[str]:
    d = {"k": {"n": 0}}
    entry = next(iter(d.values()))
    a = get_value(base, "x", 150)
    entry["n"] = len(a)
    b = get_value(base, f"k-{d['k']['n']}", 30)
    return [a, b]


def max_returns_alias(base: str) -> list[str]:
    rows = [{"n": 1, "k": "a"}, {"n": 3, "k": "b"}]
    top = max(rows, key=lambda r: r["n"])
    a = get_value(base, "x", 150)
    top["k"] = a[-1:]
    b = get_value(base, "top-" + rows[1]["k"], 30)
    return [a, b]


def star_unpack_alias(base: str) -> list[str]:
    rows = [{"n": 0}, {"n": 5}]
    first, *rest = rows
    a = get_value(base, "x", 150)
    first["n"] += len(a)
    b = get_value(base, f"r-{rows[0]['n']}-{len(rest)}", 30)
    return [a, b]


def walrus_alias(base: str) -> list[str]:
    rows = [{"n": 0}]
    if (row := rows[0])["n"] == 0:
        a = get_value(base, "x", 150)
        row["n"] = len(a)
    b = get_value(base, f"r-{rows[0]['n']}", 30)
    return [a, b]


def loop_var_alias_after_loop(base: str) -> list[str]:
    rows = [{"n": 0}, {"n": 1}]
    total = 0
    for row in rows:
        total += row["n"]
    a = get_value(base, "x", 150)
    row["n"] = len(a)
    b = get_value(base, f"r-{rows[-1]['n']}-{total}", 30)
    return [a, b]


def vars_dict_alias(base: str) -> list[str]:
    job = Job("v")
    attrs = vars(job)
    a = get_value(base, "x", 150)
    attrs["n"] = len(a)
    b = get_value(base, f"job-{job.n}", 30)
    return [a, b]


def dunder_dict_store(base: str) -> list[str]:
    job = Job("d")
    a = get_value(base, "x", 150)
    job.__dict__["n"] = len(a)
    b = get_value(base, f"job-{job.n}", 30)
    return [a, b]


def shallow_copy_methods_share_inner(base: str) -> list[str]:
    cfg = {"tags": ["t0"]}
    c1 = cfg.copy()
    c2 = dict(cfg)
    c3 = {**cfg}
    c4 = copy.copy(cfg)
    a = get_value(base, "x", 150)
    cfg["tags"].append(a)
    b = get_value(base, f"t-{len(c1['tags'])}{len(c2['tags'])}{len(c3['tags'])}"
                        f"{len(c4['tags'])}", 30)
    return [a, b]


def list_copy_of_dicts_shares_rows(base: str) -> list[str]:
    rows = [{"n": 0}]
    snap = rows[:]
    snap2 = list(rows)
    a = get_value(base, "x", 150)
    rows[0]["n"] = len(a)
    b = get_value(base, f"r-{snap[0]['n']}-{snap2[0]['n']}", 30)
    return [a, b]


def deepcopy_does_not_share(base: str) -> list[str]:
    rows = [{"n": 0}]
    snap = copy.deepcopy(rows)
    a = get_value(base, "x", 150)
    rows[0]["n"] = len(a)
    b = get_value(base, f"r-{snap[0]['n']}-{rows[0]['n']}", 30)
    return [a, b]


def np_asarray_is_same_array(base: str) -> list[str]:
    arr = np.zeros(3, dtype=np.int64)
    same = np.asarray(arr)
    a = get_value(base, "x", 150)
    arr[0] = len(a)
    b = get_value(base, f"s-{int(same.sum())}", 30)
    return [a, b]


def np_reshape_ravel_views(base: str) -> list[str]:
    arr = np.zeros((2, 2), dtype=np.int64)
    flat = arr.ravel()
    t = arr.T
    a = get_value(base, "x", 150)
    flat[0] = len(a)
    b = get_value(base, f"s-{int(arr.sum())}-{int(t[0, 0])}", 30)
    return [a, b]


def reversed_iterator_over_live_list(base: str) -> list[str]:
    items = ["a", "b"]
    back = reversed(items)
    a = get_value(base, "x", 150)
    items[1] = a[-1:]
    b = get_value(base, "r-" + next(back), 30)
    return [a, b]


def zip_pairs_alias(base: str) -> list[str]:
    left = [{"n": 0}]
    pairs = list(zip(left, ["k"], strict=True))
    a = get_value(base, "x", 150)
    pairs[0][0]["n"] = len(a)
    b = get_value(base, f"z-{left[0]['n']}", 30)
    return [a, b]


def bytearray_memoryview(base: str) -> list[str]:
    buf = bytearray(b"k0")
    mv = memoryview(buf)
    a = get_value(base, "x", 150)
    mv[1:2] = b"9"
    b = get_value(base, "b-" + buf.decode(), 30)
    return [a, b]


def tuple_holding_list_param(base: str, t: tuple[str, list[str]], acc: list[str]) -> list[str]:
    a = get_value(base, "x", 150)
    acc.append(a)
    b = get_value(base, f"{t[0]}-{len(t[1])}", 30)
    return [a, b]


def _tuple_args(env: Env) -> tuple:
    acc: list[str] = []
    return (env.web, ("t", acc), acc)


def nested_param_store_then_read(base: str, cfg: dict[str, Any], inner: dict[str, str]) -> list[str]:
    """`inner` is `cfg["inner"]` (an object reached from another parameter's: documented as
    not checked)."""
    a = get_value(base, "x", 150)
    inner["k"] = a[-1:]
    b = get_value(base, "k-" + cfg["inner"]["k"], 30)
    return [a, b]


def _nested_param_args(env: Env) -> tuple:
    inner = {"k": "0"}
    return (env.web, {"inner": inner}, inner)


# =========================================================================== async, and module state in realistic programs


async def _aget(client: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    r = await client.get(f"{base}/items/{key}?ms={ms}")
    return r.json()["value"]


async def async_global_append_then_helper_key(base: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as client:
        a = await _aget(client, base, _pending_key(), 150)
        PENDING.append(a)
        b = await _aget(client, base, _pending_key(), 30)
    return [a, b]


async def async_global_attr_then_helper_key(base: str) -> list[str]:
    async with httpx.AsyncClient(timeout=5) as client:
        a = await _aget(client, base, _mode_key(), 150)
        CONF.mode = "final"
        b = await _aget(client, base, _mode_key(), 30)
        CONF.mode = "draft"
    return [a, b]


def _arun_web(f: Any, env: Env) -> Any:
    import asyncio

    return [asyncio.run(f(env.web)) for _ in range(2)]


def class_list_append_direct_then_helper(base: str) -> list[str]:
    a = get_value(base, _tracker_key(), 150)
    Tracker.hits.append(a)
    b = get_value(base, _tracker_key(), 30)
    return [a, b]


def environ_store_then_getenv_key(base: str) -> list[str]:
    import os

    a = get_value(base, "stage-" + _stage(), 150)
    os.environ["RT47_STAGE"] = "two"
    b = get_value(base, "stage-" + _stage(), 30)
    del os.environ["RT47_STAGE"]
    return [a, b]


SESSION_STATE: dict[str, Any] = {"user": "anon", "cart": []}


def _cart_url(base: str) -> str:
    return f"{base}/items/cart-{SESSION_STATE['user']}-{len(SESSION_STATE['cart'])}?ms=30"


def shop_session_state_module(base: str) -> list[str]:
    """A small shop client: login stores the user in module state, the cart is appended to,
    and the cart URL is built by a helper from that state."""
    profile = requests.get(f"{base}/items/profile?ms=150", timeout=5).json()["value"]
    SESSION_STATE["user"] = profile[-7:]
    SESSION_STATE["cart"].append("apple")
    cart = requests.get(_cart_url(base), timeout=5).json()["value"]
    return [profile, cart]


def _reset_session_state(env: Env) -> None:
    SESSION_STATE["user"] = "anon"
    SESSION_STATE["cart"].clear()


RATE: dict[str, float] = {"eur": 1.0}


def _price_key(item: str) -> str:
    return f"{item}-{RATE['eur']:.2f}"


def price_table_rate_updated(base: str) -> list[str]:
    before = get_value(base, _price_key("tea"), 150)
    RATE["eur"] = 1.25
    after = get_value(base, _price_key("tea"), 30)
    return [before, after]


def _reset_rate(env: Env) -> None:
    RATE["eur"] = 1.0


CURSOR = {"page": 1}


def _page_key() -> str:
    return f"page-{CURSOR['page']}"


def paginate_global_cursor(base: str) -> list[str]:
    pages = []
    for ms in (150, 30, 60):
        pages.append(get_value(base, _page_key(), ms))
        CURSOR["page"] += 1
    return pages


def _reset_cursor(env: Env) -> None:
    CURSOR["page"] = 1


def paginate_cursor_via_helper(base: str) -> list[str]:
    pages = []
    for ms in (150, 30, 60):
        pages.append(get_value(base, _page_key(), ms))
        _advance()
    return pages


def _advance() -> None:
    CURSOR["page"] += 1


# =========================================================================== functions sharing one cell


def _make_counter() -> tuple[Any, Any]:
    state = {"n": 0}

    def key() -> str:
        return f"c-{state['n']}"

    def bump() -> None:
        state["n"] += 1

    def reset() -> None:
        state["n"] = 0

    return key, bump, reset


COUNTER_KEY, COUNTER_BUMP, COUNTER_RESET = _make_counter()


def module_closures_share_cell(base: str) -> list[str]:
    a = get_value(base, COUNTER_KEY(), 150)
    COUNTER_BUMP()
    b = get_value(base, COUNTER_KEY(), 30)
    return [a, b]


def _reset_counter(env: Env) -> None:
    COUNTER_RESET()


class Pager:
    page = 1

    @classmethod
    def key(cls) -> str:
        return f"pg-{cls.page}"

    @classmethod
    def turn(cls) -> None:
        cls.page += 1

    @staticmethod
    def static_key() -> str:
        return f"pg-{Pager.page}"


def classmethod_cursor(base: str) -> list[str]:
    a = get_value(base, Pager.key(), 150)
    Pager.turn()
    b = get_value(base, Pager.key(), 30)
    return [a, b]


def staticmethod_key_after_class_store(base: str) -> list[str]:
    a = get_value(base, Pager.static_key(), 150)
    Pager.page += 5
    b = get_value(base, Pager.static_key(), 30)
    return [a, b]


def _reset_pager(env: Env) -> None:
    Pager.page = 1


def helper_writes_global_attr_helper_reads(base: str) -> list[str]:
    a = get_value(base, _mode_key(), 150)
    _publish()
    b = get_value(base, _mode_key(), 30)
    CONF.mode = "draft"
    return [a, b]


def _publish() -> None:
    CONF.mode = "published"


def helper_appends_global_helper_reads(base: str) -> list[str]:
    a = get_value(base, _pending_key(), 150)
    _enqueue("job")
    b = get_value(base, _pending_key(), 30)
    return [a, b]


def _enqueue(item: str) -> None:
    PENDING.append(item)


def helper_appends_global_inline_key(base: str) -> list[str]:
    a = get_value(base, f"pending-{len(PENDING)}", 150)
    _enqueue("job")
    b = get_value(base, f"pending-{len(PENDING)}", 30)
    return [a, b]


# =========================================================================== SDK arguments changed after the call


def embeddings_input_list_grows(client: Any) -> list[Any]:
    texts = ["alpha", "beta"]
    e1 = client.embeddings.create(model="text-embedding-3-small", input=texts)
    texts.append("gamma")
    e2 = client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [len(e1.data), len(e2.data), [round(x, 3) for x in e2.data[-1].embedding]]


def tools_list_mutated_between_chats(client: Any) -> list[Any]:
    tool = {"type": "function", "function": {
        "name": "lookup", "description": "look a key up",
        "parameters": {"type": "object", "properties": {"key": {"type": "string"}},
                       "required": ["key"]}}}
    tools = [tool]
    a = client.chat.completions.create(model="gpt", messages=[user("look up k1")], tools=tools,
                                       extra_body={"latency": 0.15})
    tool["function"]["name"] = "lookup_v2"
    b = client.chat.completions.create(model="gpt", messages=[user("look up k2")], tools=tools,
                                       extra_body={"latency": 0.03})
    names = [[c.function.name for c in (r.choices[0].message.tool_calls or [])] for r in (a, b)]
    return names


def response_message_appended_and_edited(client: Any) -> list[str]:
    """The assistant message object from the answer goes into history and is edited there."""
    history: list[Any] = [user("Say something.")]
    r = client.chat.completions.create(model="gpt", messages=history, extra_body={"latency": 0.15})
    msg = r.choices[0].message
    history.append({"role": "assistant", "content": msg.content})
    history[-1]["content"] = "(edited)"
    history.append(user("Again."))
    r2 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.03})
    return [msg.content[:20], r2.choices[0].message.content[:20], str(len(history))]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def _web(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    kw.setdefault("args", web_args)
    kw.setdefault("calls", 2)
    return Case(cat, fn, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    kw.setdefault("calls", 2)
    return Case(cat, fn, args=oa_args, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    _web(chained_assign_list_grows),
    _web(helper_appends_caller_reads_len, cat="helpers"),
    _web(helper_appends_to_alias_of_attr, cat="helpers"),
    _web(grid_of_shared_rows),
    _web(fromkeys_shared_default),
    _web(dict_of_lists_alias),
    _web(list_of_dicts_same_row),
    _web(two_params_same_list, args=_same_list_args),
    _web(two_params_nested_dict, args=_nested_dict_args),
    _web(two_params_list_in_list, args=_list_in_list_args),
    _web(slice_is_a_copy),
    _web(numpy_view_changed_by_slice_assign),
    _web(numpy_add_out_between_reads),
    _web(numpy_sort_in_place_then_read_view),
    _web(numpy_copy_vs_view),
    _web(numpy_array_in_params_mutated, cat="http"),
    _web(numpy_helper_fills_out, cat="helpers"),
    _web(default_list_accumulates, calls=3, setup=_reset_defaults),
    _web(helper_default_dict_counts, calls=3, setup=_reset_defaults, cat="helpers"),
    _web(setdefault_buckets_then_read, cat="helpers"),
    _web(defaultdict_filled_by_helper, cat="helpers"),
    _web(counter_updated_by_helper, cat="helpers"),
    _web(global_registry_mutated_via_local, setup=_reset_registry),
    _web(closure_over_dict_cell, cat="helpers"),
    _web(closure_nonlocal_list_rebound, cat="helpers"),
    _web(class_attr_shared_by_instances, setup=_reset_tracker),
    _web(generator_over_growing_list),
    _web(generator_expression_sees_later_append),
    _web(generator_holds_dict_ref),
    _web(identity_of_returned_arg, cat="helpers"),
    _web(id_keyed_cache),
    _web(is_check_between_reads),
    _web(shallow_copy_shares_tags),
    _web(shallow_copy_posted_then_mutated, cat="http"),
    _web(params_dict_reused_across_pages, cat="http"),
    _web(httpx_params_mutated_between, cat="http"),
    _web(headers_dict_mutated_between, cat="http"),
    _web(json_body_mutated_after_post, cat="http"),
    _web(params_list_of_tuples_mutated, cat="http"),
    _sdk(messages_inner_content_mutated),
    _sdk(extra_body_dict_reused),
    _sdk(messages_list_shared_two_calls),
    _web(response_json_mutated_then_reparsed, cat="http"),
    _sdk(openai_response_field_edited),
    _web(response_dicts_merged_in_place, cat="http"),
    _web(itertools_tee_over_mutated_list),
    _web(list_extend_alias_in_loop),
    _web(swap_through_tuple_then_read),
    _web(object_attribute_list_shared),
    _web(del_item_through_alias),
    _web(log_record_args_mutated),
    _web(print_list_then_mutate),
    _web(registry_store_then_helper_key, setup=_reset_registry),
    _web(registry_entry_mutated_then_helper_key, setup=_reset_fixed),
    _web(global_list_appended_via_alias, setup=_reset_pending),
    _web(global_object_attr_set_via_alias, setup=_reset_conf),
    _web(global_numpy_view_written, setup=_reset_buf),
    _web(global_numpy_add_out, setup=_reset_buf),
    _web(param_list_item_mutated_then_helper, args=_jobs_args, cat="helpers"),
    _web(global_counter_updated_via_alias, setup=_reset_counts),
    _web(helper_bumps_global_entry_via_arg, setup=_reset_fixed, cat="helpers"),
    _web(setdefault_entry_then_helper_key, setup=_reset_registry),
    _web(class_attr_helper_key, setup=_reset_tracker),
    _web(environ_alias_then_helper),
    _web(global_attr_store_then_helper, setup=_reset_conf),
    _web(global_list_append_then_helper, setup=_reset_pending),
    _web(global_nested_store_then_helper, setup=_reset_fixed),
    _web(global_del_then_helper, setup=_reset_registry),
    _web(helper_appends_to_global_alias, setup=_reset_pending, cat="helpers"),
    _web(helper_sets_attr_on_global_alias, setup=_reset_conf, cat="helpers"),
    _web(helper_adds_into_global_view, setup=_reset_buf, cat="helpers"),
    _web(helper_sorts_global_array, setup=_reset_buf, cat="helpers"),
    _web(helper_bumps_param_alias, args=_param_alias_args, cat="helpers"),
    _web(helper_bumps_param_alias_helper_key, args=_param_alias_args, cat="helpers"),
    _web(helper_bumps_local_alias, cat="helpers"),
    _web(helper_bumps_item_of_local_list, cat="helpers"),
    _web(helper_bumps_entry_of_param, args=_jobs_args, cat="helpers"),
    _web(helper_bumps_global_then_inline_key, setup=_reset_fixed, cat="helpers"),
    _web(method_mutates_global_held_object, setup=_reset_tracker, cat="helpers"),
    _web(list_method_on_global_item, setup=_reset_groups),
    _web(helper_extends_global_item, setup=_reset_groups, cat="helpers"),
    _web(global_attr_store_inline_key, setup=_reset_conf),
    _web(global_append_inline_len, setup=_reset_pending),
    _web(class_level_store_then_helper, setup=_reset_conf),
    _web(setattr_global_then_helper, setup=_reset_conf),
    _web(dict_update_global_then_helper, setup=_reset_registry),
    _web(global_set_add_then_helper, setup=_reset_seen),
    _web(global_deque_appendleft_then_helper, setup=_reset_recent),
    _web(mutable_default_ticket_in_args, setup=_reset_ticket, cat="helpers"),
    _web(global_count_in_args, setup=_reset_ids),
    _web(global_numpy_item_store_then_helper, setup=_reset_buf),
    _web(loop_var_mutates_global_items, setup=_reset_jobs),
    _web(global_rebound_then_helper),
    _web(default_arg_bound_global, setup=_reset_fixed, cat="helpers"),
    _web(instance_method_key_after_store, setup=_reset_conf, cat="helpers"),
    _web(response_data_stored_globally, setup=_reset_registry, cat="http"),
    _web(io_helper_reads_global_after_append, setup=_reset_pending, cat="helpers"),
    _sdk(chat_memory_module_history, setup=_reset_history),
    _sdk(chat_memory_answer_appended, setup=_reset_history),
    _sdk(settings_switched_between_chats, setup=_reset_settings),
    _web(global_slice_assign_then_helper, setup=_reset_pending),
    _web(global_del_item_then_helper, setup=_reset_pending),
    _web(global_pop_then_helper, setup=_reset_registry),
    _web(heappush_global_then_helper, setup=_reset_queue),
    _web(insort_global_then_helper, setup=_reset_queue),
    _web(copyto_global_then_helper, setup=_reset_buf),
    _web(global_method_record_then_helper, setup=_reset_tracker),
    _web(global_list_sort_then_helper, setup=_reset_pending),
    _web(global_dict_clear_then_helper, setup=_reset_settings),
    _web(global_iadd_then_helper, setup=_reset_pending),
    _web(loop_helper_key_global_appended, setup=_reset_pending, cat="helpers"),
    _web(loop_zero_arg_key_global_appended, setup=_reset_pending),
    _web(loop_global_attr_step, setup=_reset_conf),
    _web(comprehension_over_global_dict_helper_adds, setup=_reset_settings),
    _web(loop_over_list_removing_through_alias),
    _web(loop_reads_row_dicts_mutated_by_previous),
    _web(loop_over_numpy_view_rows),
    _web(loop_dict_values_shared_list),
    _web(loop_class_attr_counter, setup=_reset_tracker),
    _web(closure_key_after_helper_bump, cat="helpers"),
    _web(closure_key_after_alias_store, cat="helpers"),
    _web(lambda_key_over_local_list, cat="helpers"),
    Case("helpers", make=make_crawler_alias, servers="web", calls=2),
    Case("helpers", make=make_crawler_direct, servers="web", calls=2),
    _web(partial_key_over_local_dict, cat="helpers"),
    _web(partial_key_over_global_dict, setup=_reset_fixed, cat="helpers"),
    _web(bound_method_of_global_key, setup=_reset_conf, cat="helpers"),
    _web(generator_of_keys_over_global, setup=_reset_pending),
    _web(dataclass_field_default_factory_shared),
    _web(setdefault_returns_alias),
    _web(dict_get_returns_alias),
    _web(values_iter_returns_alias),
    _web(max_returns_alias),
    _web(star_unpack_alias),
    _web(walrus_alias),
    _web(loop_var_alias_after_loop),
    _web(vars_dict_alias),
    _web(dunder_dict_store),
    _web(shallow_copy_methods_share_inner),
    _web(list_copy_of_dicts_shares_rows),
    _web(deepcopy_does_not_share),
    _web(np_asarray_is_same_array),
    _web(np_reshape_ravel_views),
    _web(reversed_iterator_over_live_list),
    _web(zip_pairs_alias),
    _web(bytearray_memoryview),
    _web(tuple_holding_list_param, args=_tuple_args),
    _web(nested_param_store_then_read, args=_nested_param_args),
    Case("state", async_global_append_then_helper_key, drive=_arun_web, servers="web",
         setup=_reset_pending),
    Case("state", async_global_attr_then_helper_key, drive=_arun_web, servers="web",
         setup=_reset_conf),
    _web(class_list_append_direct_then_helper, setup=_reset_tracker),
    _web(environ_store_then_getenv_key),
    _web(shop_session_state_module, setup=_reset_session_state, cat="http"),
    _web(price_table_rate_updated, setup=_reset_rate),
    _web(paginate_global_cursor, setup=_reset_cursor),
    _web(paginate_cursor_via_helper, setup=_reset_cursor, cat="helpers"),
    _web(module_closures_share_cell, setup=_reset_counter, cat="helpers"),
    _web(classmethod_cursor, setup=_reset_pager, cat="helpers"),
    _web(staticmethod_key_after_class_store, setup=_reset_pager, cat="helpers"),
    _web(helper_writes_global_attr_helper_reads, setup=_reset_conf, cat="helpers"),
    _web(helper_appends_global_helper_reads, setup=_reset_pending, cat="helpers"),
    _web(helper_appends_global_inline_key, setup=_reset_pending, cat="helpers"),
    _sdk(embeddings_input_list_grows),
    _sdk(tools_list_mutated_between_chats),
    _sdk(response_message_appended_and_edited),
]

# One cause under all of them, as far as the cases tell: a read whose argument is computed
# by a helper (a module function, a classmethod or staticmethod, a closure made at module
# level) that reads module state (a global dict, list, set, instance, class attribute, or a
# shared cell) starts early across a statement that changes that state: a store, an
# augmented store, a method call on the global (append, add, extend, a method of yours), a
# slice assignment, a `del`, or a helper that does any of these (even through a local alias
# of the global's item). The same key written inline (`f"pending-{len(PENDING)}"`) keeps
# its place (`helper_appends_global_inline_key`, `global_append_inline_len` in CASES).
_FAILING_NAMES: dict[str, str] = {
    "global_registry_mutated_via_local": (
        "2nd call: the GETs keyed by _registry_key('job') (a helper reading the global "
        "REGISTRY) start before `REGISTRY['job'] = entry` and `entry['n'] += 1`, so they see "
        "the previous call's entry (job-8 for job-1)"),
    "registry_store_then_helper_key": (
        "minimal: `REGISTRY['k'] = {...}` then `get(..., _lookup('k'))` (helper reads the "
        "global dict): the 2nd call's GET starts before the store and sees the old entry"),
    "helper_bumps_global_entry_via_arg": (
        "`entry = REGISTRY['fixed']; ...; _bump(entry)` (helper does d['n'] += 1): the GET "
        "keyed by _lookup('fixed') after it starts before _bump, sees n unchanged (1st call)"),
    "global_attr_store_then_helper": (
        "`CONF.mode = 'final'` (a module global's attribute) then `get(base, _mode_key())`, "
        "a no-argument helper returning 'mode-' + CONF.mode: the GET starts before the store"),
    "global_list_append_then_helper": (
        "`PENDING.append(a)` then `get(base, _pending_key())` (helper: len(PENDING)): the GET "
        "starts before the append (pending-0 for pending-1)"),
    "helper_appends_to_global_alias": (
        "`q = PENDING; ...; _push(q, a)` then `get(base, _pending_key())`: the GET starts "
        "before the helper's append through the alias"),
    "helper_extends_global_item": (
        "`bucket = GROUPS['fast']; ...; _push(bucket, a)` then a GET keyed by _groups_size() "
        "(sums GROUPS): the GET starts before the helper's append"),
    "global_set_add_then_helper": (
        "`SEEN.add('alpha')` (a global set) then a GET keyed by _seen_key() (joins SEEN): the "
        "GET starts before the add"),
    "global_slice_assign_then_helper": (
        "`PENDING[:] = [...]` then a GET keyed by _pending_key(): the GET starts before the "
        "slice assignment (pending-0 for pending-3)"),
    "global_del_item_then_helper": (
        "`PENDING.extend([...])` at the top, then a GET keyed by _pending_key(): even the first "
        "GET starts before the extend, and the second before `del PENDING[0]`"),
    "global_method_record_then_helper": (
        "`TRACK.record(a)` (a method of a module-level instance appending to a class list) "
        "then a GET keyed by _track_key(): the GET starts before the method call"),
    "loop_zero_arg_key_global_appended": (
        "loop: `get(base, _pending_key(), ms)` then `PENDING.append(...)`: the items' GETs "
        "start ahead, all keyed pending-0, before the earlier items' appends"),
    "loop_global_attr_step": (
        "loop: `get(base, _mode_key(), ms)` then `CONF.mode = mode`: later items' GETs start "
        "before the earlier items' stores (mode-draft for mode-a)"),
    "class_list_append_direct_then_helper": (
        "`Tracker.hits.append(a)` (a class attribute list) then a GET keyed by "
        "_tracker_key() (len(Tracker.hits)): the GET starts before the append"),
    "price_table_rate_updated": (
        "`RATE['eur'] = 1.25` then `get(base, _price_key('tea'))` (helper formats RATE['eur']):"
        " the GET starts before the store, 1st call (tea-1.00 for tea-1.25)"),
    "paginate_global_cursor": (
        "loop: `get(base, _page_key(), ms)` then `CURSOR['page'] += 1`: the items' GETs start "
        "ahead, all page-1, before the increments"),
    "paginate_cursor_via_helper": (
        "the same with the increment in a helper `_advance()` (CURSOR['page'] += 1): a "
        "helper writing a global is not ordered before a helper reading it"),
    "module_closures_share_cell": (
        "KEY/BUMP made by one factory share a closure cell: `get(base, COUNTER_KEY())` after "
        "`COUNTER_BUMP()` starts before the bump (c-0 for c-1)"),
    "classmethod_cursor": (
        "`Pager.turn()` (classmethod: cls.page += 1) then `get(base, Pager.key())`: the GET "
        "starts before the turn"),
    "staticmethod_key_after_class_store": (
        "`Pager.page += 5` then `get(base, Pager.static_key())` (reads Pager.page): the GET "
        "starts before the augmented store"),
    "helper_writes_global_attr_helper_reads": (
        "`_publish()` (CONF.mode = 'published') then `get(base, _mode_key())`: the GET starts "
        "before the helper that writes what the key helper reads"),
    "helper_appends_global_helper_reads": (
        "minimal helper pair: `_enqueue('job')` (PENDING.append) then "
        "`get(base, _pending_key())`: the GET starts before the append"),
}

# All differed under jit when written (`_FAILING_NAMES` says how); fixed since: a call's
# start counts the calls in its arguments as its own (`Moves.free`: ``get(key())`` where
# `key` reads module state keeps its place behind what changes that state), and a
# classmethod reads its class's attributes (`_globals.reads_state`).
CASES: list[Case] = list(ALL)
FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
