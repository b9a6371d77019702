"""Red-team cases (stop 147): aliasing and mutation between I/O calls.

The classic compiler hazards around calls that may start early or run on another thread:
a list or dict handed to a helper that appends, pops or sorts it while a later call reads
it; a helper that changes its argument and returns None; a value changed in place
(`x.sort()`, `d.update()`, `+=` on a list, `del d[k]`, slice assignment) and then passed to
a call; two names for one object; objects held in containers and changed through the
container; dataclass and pydantic instances changed between calls (in place against
`replace`/`model_copy`); mutable defaults of helpers that accumulate across calls;
module-level registries and accumulators; objects captured by closures and
`functools.partial` changed after the partial is made; a request's `params`, `headers`,
`json` or `messages` changed after the call that sends them; a list walked while a helper
extends it; `copy.copy` against `copy.deepcopy`; `is` checks on what calls return.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows in the
servers' logs or the value. `FAILING` holds the cases that differed or crashed under jit
when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import heapq
import json
import operator
import random
from collections import Counter
from typing import Any

import httpx
import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, openai_client


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O2 = over(0.15, 0.04)
O3 = over(0.15, 0.04, 0.09)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _ask(client: Any, msgs: list, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== (1) changed after the call that reads it


def r147_params_dict_changed_after_get(web: str) -> list[str]:
    params = {"ms": 150, "tag": "a"}
    r1 = requests.get(f"{web}/items/a", params=params)
    params["ms"] = 40
    params["tag"] = "b"
    r2 = requests.get(f"{web}/items/b", params=params)
    return [r1.json()["value"], r2.json()["value"], str(params)]


def r147_headers_changed_after_get(web: str) -> list[str]:
    headers = {"X-Step": "one"}
    r1 = requests.get(f"{web}/items/a?ms=150", headers=headers)
    headers["X-Step"] = "two"
    r2 = requests.get(f"{web}/items/b?ms=40", headers=headers)
    return [r1.request.headers["X-Step"], r2.request.headers["X-Step"]]


def r147_session_headers_changed_between(web: str) -> list[str]:
    s = requests.Session()
    s.headers["X-Step"] = "one"
    r1 = s.get(f"{web}/items/a?ms=150")
    s.headers["X-Step"] = "two"
    r2 = s.get(f"{web}/items/b?ms=40")
    s.headers.update({"X-Step": "three"})
    r3 = s.get(f"{web}/items/c?ms=90")
    s.close()
    return [r.request.headers["X-Step"] for r in (r1, r2, r3)]


def r147_httpx_json_get_body_changed(web: str) -> list[str]:
    body = {"q": ["a"]}
    with httpx.Client() as c:
        r1 = c.request("GET", f"{web}/items/a?ms=150", json=body)
        body["q"].append("b")
        r2 = c.request("GET", f"{web}/items/b?ms=40", json=body)
    return [r1.json()["value"], r2.json()["value"]]


def r147_messages_content_edited_in_place(client: Any) -> list[str]:
    msgs = [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Q1"}]
    r1 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.15})
    msgs[1]["content"] += " and Q2"
    r2 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.04})
    return [r1.choices[0].message.content, r2.choices[0].message.content]


def r147_messages_shallow_copy_shares_dicts(client: Any) -> list[str]:
    msgs = [{"role": "user", "content": "base question"}]
    snapshot = list(msgs)
    a = _ask(client, msgs, 0.15)
    msgs[0]["content"] = "edited question"
    b = _ask(client, snapshot, 0.04)
    return [a, b]


def r147_messages_deepcopy_before_edit(client: Any) -> list[str]:
    msgs = [{"role": "user", "content": "base question"}]
    snapshot = copy.deepcopy(msgs)
    msgs[0]["content"] = "edited question"
    a = _ask(client, msgs, 0.15)
    b = _ask(client, snapshot, 0.04)
    return [a, b]


def r147_history_grows_then_branch(client: Any) -> list[str]:
    """A conversation: the second turn needs the first; a branch copied before it does not."""
    history = [{"role": "user", "content": "Start."}]
    branch = [dict(m) for m in history]
    first = _ask(client, history, 0.15)
    history.append({"role": "assistant", "content": first})
    history.append({"role": "user", "content": "More."})
    second = _ask(client, history, 0.05)
    branch.append({"role": "user", "content": "Other way."})
    third = _ask(client, branch, 0.1)
    return [first, second, third, str(len(history)), str(len(branch))]


# =========================================================================== (2) dataclasses, pydantic, user objects


@dataclasses.dataclass
class Cfg:
    key: str
    ms: int


def _fetch_cfg(web: str, cfg: Cfg) -> str:
    return requests.get(f"{web}/items/{cfg.key}?ms={cfg.ms}").json()["value"]


def r147_dataclass_changed_after_helper(web: str) -> list[str]:
    cfg = Cfg("a", 150)
    a = _fetch_cfg(web, cfg)
    cfg.key = "b"
    cfg.ms = 40
    b = _fetch_cfg(web, cfg)
    return [a, b, repr(cfg)]


def r147_dataclass_replace_overlaps(web: str) -> list[str]:
    base = Cfg("a", 150)
    other = dataclasses.replace(base, key="b", ms=40)
    third = dataclasses.replace(base, key="c", ms=90)
    return [_fetch_cfg(web, base), _fetch_cfg(web, other), _fetch_cfg(web, third)]


class Req(pydantic.BaseModel):
    key: str
    ms: int


def _fetch_req(web: str, r: Req) -> str:
    return requests.get(f"{web}/items/{r.key}", params={"ms": r.ms}).json()["value"]


def r147_pydantic_changed_in_place(web: str) -> list[str]:
    m = Req(key="a", ms=150)
    a = _fetch_req(web, m)
    m.key = "b"
    m.ms = 40
    b = _fetch_req(web, m)
    return [a, b, m.model_dump_json()]


def r147_pydantic_model_copy_overlaps(web: str) -> list[str]:
    m = Req(key="a", ms=150)
    m2 = m.model_copy(update={"key": "b", "ms": 40})
    m3 = m.model_copy(update={"key": "c", "ms": 90})
    return [_fetch_req(web, m), _fetch_req(web, m2), _fetch_req(web, m3)]


class Batch:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def add(self, k: str) -> None:
        self.keys.append(k)

    def last(self) -> str:
        return self.keys[-1]


def r147_method_appends_then_get_last(web: str) -> list[str]:
    b = Batch(["a"])
    first = _get(web, "slow", 150)
    b.add("b")
    second = _get(web, b.last(), 40)
    return [first, second, ",".join(b.keys)]


# =========================================================================== (3) helpers that change their argument


def _add_key(keys: list[str], k: str) -> None:
    keys.append(k)


def _order(keys: list[str]) -> None:
    keys.sort(reverse=True)


def _normalise(params: dict[str, Any]) -> None:
    params["ms"] = params.pop("latency")
    params.setdefault("v", "1")


def r147_helper_sorts_then_loop(web: str) -> list[str]:
    keys = ["b", "a", "c"]
    out = [requests.get(f"{web}/items/{keys[0]}?ms=150").json()["value"]]
    _order(keys)
    for k, ms in zip(keys, (40, 90, 60), strict=True):
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r147_helper_normalises_params(web: str) -> list[str]:
    params = {"latency": 40}
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    _normalise(params)
    b = requests.get(f"{web}/items/b", params=params).json()["value"]
    return [a, b, json.dumps(params, sort_keys=True)]


def _fill(web: str, out: dict[str, str], k: str, ms: int) -> None:
    out[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def r147_helper_fills_dict_order(web: str) -> list[str]:
    out: dict[str, str] = {}
    _fill(web, out, "a", 150)
    _fill(web, out, "b", 40)
    _fill(web, out, "c", 90)
    return list(out)


def _collect(web: str, acc: list[str], k: str, ms: int) -> None:
    acc.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])


def r147_helper_appends_fetched_order(web: str) -> list[str]:
    acc: list[str] = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        _collect(web, acc, k, ms)
    return acc


def _fetch_all(web: str, keys: list[str]) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={40 + 10 * i}").json()["value"]
            for i, k in enumerate(keys)]


def r147_list_appended_after_helper_walks_it(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    first = _fetch_all(web, keys)
    keys.append("z")
    second = _fetch_all(web, keys)
    return [first, second]


# =========================================================================== (4) in place, then passed to a call


def r147_del_key_then_walk(web: str) -> dict[str, str]:
    lat = {"a": 150, "b": 40, "c": 90}
    first = requests.get(f"{web}/items/first?ms=60").json()["value"]
    del lat["b"]
    out = {"first": first}
    for k, ms in lat.items():
        out[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return out


def r147_slice_assign_then_comprehension(web: str) -> list[str]:
    keys = ["a", "b", "c"]
    view = keys
    head = requests.get(f"{web}/items/head?ms=150").json()["value"]
    view[:] = ["x", "y"]
    return [head] + [requests.get(f"{web}/items/{k}?ms=40").json()["value"] for k in keys]


def r147_shallow_copy_sees_inner_change(web: str) -> list[str]:
    nested = {"inner": {"k": "a"}, "ms": 150}
    shallow = copy.copy(nested)
    deep = copy.deepcopy(nested)
    first = requests.get(f"{web}/items/x?ms=150").json()["value"]
    nested["inner"]["k"] = "b"
    nested["ms"] = 10
    s = requests.get(f"{web}/items/{shallow['inner']['k']}?ms=40").json()["value"]
    d = requests.get(f"{web}/items/{deep['inner']['k']}?ms=90").json()["value"]
    return [first, s, d, str(shallow["ms"])]


def r147_fetched_json_changed_then_put(web: str) -> list[Any]:
    data = requests.get(f"{web}/items/a?ms=150").json()
    other = requests.get(f"{web}/items/b?ms=40").json()
    data["value"] = data["value"].upper()
    data["from"] = other["value"]
    put = requests.put(f"{web}/items/c", json=data).json()
    again = requests.get(f"{web}/items/c?ms=40").json()["value"]
    return [put, again]


def r147_payload_changed_after_put(web: str) -> list[Any]:
    payload = {"v": 1, "tags": ["x"]}
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    requests.put(f"{web}/items/p", json=payload)
    payload["v"] = 2
    payload["tags"].append("y")
    requests.put(f"{web}/items/q", json=payload)
    b = requests.get(f"{web}/items/p?ms=40").json()["value"]
    c = requests.get(f"{web}/items/q?ms=90").json()["value"]
    return [a, b, c]


# =========================================================================== (5) closures and partials


def r147_partial_params_changed_after(web: str) -> list[str]:
    params = {"ms": 150}
    fetch = functools.partial(requests.get, params=params)
    a = fetch(f"{web}/items/a").json()["value"]
    params["ms"] = 40
    params["t"] = "2"
    b = fetch(f"{web}/items/b").json()["value"]
    return [a, b]


def _make_getter(web: str, lat: list[int]) -> Any:
    def getter(k: str) -> str:
        return requests.get(f"{web}/items/{k}?ms={lat[0]}").json()["value"]
    return getter


def r147_closure_cell_list_changed(web: str) -> list[str]:
    lat = [150]
    getter = _make_getter(web, lat)
    a = getter("a")
    lat[0] = 40
    b = getter("b")
    lat[0] = 90
    c = getter("c")
    return [a, b, c]


def r147_lambda_reads_list_later(web: str) -> list[str]:
    keys = ["a"]
    latest = lambda: requests.get(f"{web}/items/{keys[-1]}?ms=40").json()["value"]  # noqa: E731
    slow = requests.get(f"{web}/items/slow?ms=150").json()["value"]
    keys.append("b")
    return [slow, latest()]


# =========================================================================== (6) mutable defaults and module state


def _seen(k: str, acc: list[str] = []) -> list[str]:  # noqa: B006
    acc.append(k)
    return list(acc)


def r147_default_list_accumulates(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        out.append((v, _seen(k)))
    return out


def _drive_default_list(fn: Any, env: Env) -> Any:
    _seen.__defaults__[0].clear()  # type: ignore[index]
    return [fn(env.web), fn(env.web)]


def _fetch_once(web: str, k: str, ms: int, memo: dict[str, str] = {}) -> str:  # noqa: B006
    if k not in memo:
        memo[k] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return memo[k]


def r147_default_dict_memo_with_put(web: str) -> list[str]:
    a = _fetch_once(web, "a", 150)
    requests.put(f"{web}/items/a", data="new")
    b = _fetch_once(web, "a", 40)
    c = _fetch_once(web, "b", 90)
    fresh = requests.get(f"{web}/items/a?ms=40").json()["value"]
    return [a, b, c, fresh]


def _drive_default_memo(fn: Any, env: Env) -> Any:
    _fetch_once.__defaults__[0].clear()  # type: ignore[index]
    return fn(env.web)


ROUTES: dict[str, str] = {"b": "b"}
TALLY: Counter[str] = Counter()


def _route(k: str) -> str:
    return ROUTES.get(k, k)


def _reroute(k: str, to: str) -> None:
    ROUTES[k] = to


def _count(word: str) -> None:
    TALLY[word] += 1


def _reset_globals(fn: Any, env: Env) -> Any:
    ROUTES.clear()
    ROUTES["b"] = "b"
    TALLY.clear()
    return fn(env.web)


def r147_route_changed_by_helper(web: str) -> list[str]:
    a = requests.get(f"{web}/items/{_route('a')}?ms=150").json()["value"]
    _reroute("b", "elsewhere")
    b = requests.get(f"{web}/items/{_route('b')}?ms=40").json()["value"]
    return [a, b]


def r147_module_counter_by_helper(web: str) -> dict[str, int]:
    for k, ms in (("a", 150), ("b", 40), ("a", 90)):
        _count(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return dict(TALLY)


# =========================================================================== (7) walking what changes


def _children(queue: list[str], k: str) -> None:
    if len(k) < 3:
        queue.append(k + "x")


def r147_walk_list_helper_extends(web: str) -> list[str]:
    queue = ["a", "b"]
    seen = []
    for k in queue:
        seen.append(requests.get(f"{web}/items/{k}?ms={150 if k == 'a' else 40}").json()["value"])
        _children(queue, k)
    return seen


def r147_walk_list_remove_skips(web: str) -> list[str]:
    keys = ["a", "b", "c", "d"]
    out = []
    for k in keys:
        out.append(requests.get(f"{web}/items/{k}?ms=40").json()["value"])
        if k == "a":
            keys.remove("a")
    return out


def r147_walk_dict_grows_raises(web: str) -> list[str]:
    lat = {"a": 150, "b": 40}
    out: list[str] = []
    try:
        for k in lat:
            out.append(requests.get(f"{web}/items/{k}?ms={lat[k]}").json()["value"])
            lat[k + "2"] = 10
    except RuntimeError as exc:
        out.append(str(exc))
    return out


# =========================================================================== (8) identity


@functools.lru_cache(maxsize=8)
def _cached(web: str, k: str) -> dict[str, Any]:
    return requests.get(f"{web}/items/{k}?ms=40").json()


def r147_is_checks_on_returns(web: str) -> list[bool]:
    r1 = requests.get(f"{web}/items/a?ms=150")
    r2 = requests.get(f"{web}/items/a?ms=40")
    j1 = r1.json()
    same = r1
    a = _cached(web, "a")
    b = _cached(web, "a")
    a["seen"] = True
    return [r1 is r2, same is r1, j1 is r1.json(), a is b, b.get("seen", False)]


def _drive_cache(fn: Any, env: Env) -> Any:
    _cached.cache_clear()
    try:
        return fn(env.web)
    finally:
        _cached.cache_clear()


def r147_is_on_item_after_append(web: str) -> list[Any]:
    items = [requests.get(f"{web}/items/a?ms=150").json()]
    first = items[0]
    items.insert(0, requests.get(f"{web}/items/b?ms=40").json())
    first["tag"] = "kept"
    return [first is items[1], items[1].get("tag"), [i["value"] for i in items]]


def r147_two_names_one_list_result(web: str) -> list[str]:
    a = b = []
    a.append(requests.get(f"{web}/items/a?ms=150").json()["value"])
    b.append(requests.get(f"{web}/items/b?ms=40").json()["value"])
    a.append(requests.get(f"{web}/items/c?ms=90").json()["value"])
    return b


# =========================================================================== (9) one object reused across a loop's calls

ITEMS = (("a", 150), ("b", 40), ("c", 90))
QS = (("Q one", 0.15), ("Q two", 0.04), ("Q three", 0.09))


def r147_loop_shared_params_dict(web: str) -> list[str]:
    params: dict[str, Any] = {}
    out = []
    for k, ms in ITEMS:
        params["ms"] = ms
        params["k"] = k
        out.append(requests.get(f"{web}/items/{k}", params=params).json()["value"])
    return out


def r147_loop_shared_headers(web: str) -> list[str]:
    headers = {"Accept": "application/json"}
    out = []
    for k, ms in ITEMS:
        headers["X-Item"] = k
        r = requests.get(f"{web}/items/{k}?ms={ms}", headers=headers)
        out.append(r.request.headers["X-Item"])
    return out


def r147_loop_list_param_grows(web: str) -> list[str]:
    seen: list[str] = []
    out = []
    for k, ms in ITEMS:
        seen.append(k)
        out.append(requests.get(f"{web}/items/{k}", params={"ms": ms, "seen": seen}).json()["value"])
    return out


def r147_loop_messages_append_pop(client: Any) -> list[str]:
    msgs = [{"role": "system", "content": "Be terse."}]
    out = []
    for q, lat in QS:
        msgs.append({"role": "user", "content": q})
        r = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
        msgs.pop()
    return out


def r147_loop_messages_last_replaced(client: Any) -> list[str]:
    msgs = [{"role": "system", "content": "Be terse."}, {"role": "user", "content": ""}]
    out = []
    for q, lat in QS:
        msgs[-1]["content"] = q
        out.append(_ask(client, msgs, lat))
    return out


def r147_loop_dataclass_reused(web: str) -> list[str]:
    cfg = Cfg("", 0)
    out = []
    for k, ms in ITEMS:
        cfg.key = k
        cfg.ms = ms
        out.append(_fetch_cfg(web, cfg))
    return out


def r147_loop_deepcopy_per_item_overlaps(web: str) -> list[str]:
    base = Cfg("", 0)
    out = []
    for k, ms in ITEMS:
        cfg = copy.deepcopy(base)
        cfg.key = k
        cfg.ms = ms
        out.append(_fetch_cfg(web, cfg))
    return out


def r147_loop_fresh_params_overlaps(web: str) -> list[str]:
    base = {"v": "1"}
    out = []
    for k, ms in ITEMS:
        params = dict(base, ms=ms)
        out.append(requests.get(f"{web}/items/{k}", params=params).json()["value"])
    return out


def r147_loop_closure_cell_per_item(web: str) -> list[str]:
    lat = [0]
    getter = _make_getter(web, lat)
    out = []
    for k, ms in ITEMS:
        lat[0] = ms
        out.append(getter(k))
    return out


def _get_with(web: str, params: dict[str, Any], k: str, ms: int) -> str:
    params["ms"] = ms
    return requests.get(f"{web}/items/{k}", params=params).json()["value"]


def r147_comp_helper_sets_shared_params(web: str) -> list[str]:
    params: dict[str, Any] = {"v": "1"}
    return [_get_with(web, params, k, ms) for k, ms in ITEMS]


def r147_loop_route_via_global_registry(web: str) -> list[str]:
    out = []
    for k, ms in ITEMS:
        v = requests.get(f"{web}/items/{_route(k)}?ms={ms}").json()["value"]
        _reroute(chr(ord(k) + 1), v)
        out.append(v)
    return out


def r147_loop_row_dict_reused(web: str) -> list[Any]:
    row: dict[str, str] = {}
    rows = []
    for k, ms in ITEMS:
        row["v"] = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        rows.append(row)
    return [rows, rows[0] is rows[2]]


def r147_loop_list_multiplied_alias(web: str) -> list[list[str]]:
    out: list[list[str]] = [[]] * 2
    for i, (k, ms) in enumerate(ITEMS):
        out[i % 2].append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


# =========================================================================== (10) unusual in-place changes after a helper walks the object


def _fetch_map(web: str, lat: dict[str, int]) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in lat.items()]


def r147_walked_then_operator_setitem(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    first = _fetch_all(web, keys)
    operator.setitem(keys, 0, "z")
    return [first, _fetch_all(web, keys)]


def r147_walked_then_unbound_append(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    first = _fetch_all(web, keys)
    list.append(keys, "z")
    return [first, _fetch_all(web, keys)]


def r147_walked_then_dunder_setitem(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    first = _fetch_all(web, keys)
    keys.__setitem__(slice(None), ["y", "z"])
    return [first, _fetch_all(web, keys)]


def r147_walked_then_heapify_shuffle(web: str) -> list[list[str]]:
    keys = ["c", "b", "a"]
    first = _fetch_all(web, keys)
    heapq.heapify(keys)
    rng = random.Random(7)
    rng.shuffle(keys)
    return [first, _fetch_all(web, keys)]


def r147_walked_then_map_append(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    first = _fetch_all(web, keys)
    list(map(keys.append, ["y", "z"]))
    return [first, _fetch_all(web, keys)]


def r147_walked_dict_then_ior(web: str) -> list[list[str]]:
    lat = {"a": 150, "b": 40}
    first = _fetch_map(web, lat)
    lat |= {"c": 90}
    return [first, _fetch_map(web, lat)]


def r147_setitem_before_walk(web: str) -> list[str]:
    keys = ["a", "b"]
    slow = requests.get(f"{web}/items/slow?ms=150").json()["value"]
    operator.setitem(keys, 0, "z")
    return [slow] + _fetch_all(web, keys)


def r147_inner_list_shared_by_fresh_dicts(web: str) -> list[str]:
    base: dict[str, Any] = {"seen": []}
    out = []
    for k, ms in ITEMS:
        base["seen"].append(k)
        params = dict(base, ms=ms)
        out.append(requests.get(f"{web}/items/{k}", params=params).json()["value"])
    return out


def r147_walked_then_changed_through_dict_value(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    groups = {"g": keys}
    first = _fetch_all(web, keys)
    groups["g"].append("z")
    return [first, _fetch_all(web, keys)]


def r147_walked_then_changed_by_nested_fn(web: str) -> list[list[str]]:
    keys = ["a", "b"]

    def grow() -> None:
        keys.append("z")

    first = _fetch_all(web, keys)
    grow()
    return [first, _fetch_all(web, keys)]


def r147_walked_then_changed_by_partial(web: str) -> list[list[str]]:
    keys = ["a", "b"]
    grow = functools.partial(_add_key, keys, "z")
    first = _fetch_all(web, keys)
    grow()
    return [first, _fetch_all(web, keys)]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa, servers="api", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r147_params_dict_changed_after_get, O2, cat="http"),
    _w(r147_headers_changed_after_get, O2, cat="http"),
    _w(r147_session_headers_changed_between, O3, cat="http"),
    _w(r147_httpx_json_get_body_changed, O2, cat="http"),
    _sdk(r147_messages_content_edited_in_place, O2),
    _sdk(r147_messages_shallow_copy_shares_dicts, O2),
    _sdk(r147_messages_deepcopy_before_edit, O2, overlap=2),
    _sdk(r147_history_grows_then_branch, (0.15 + 0.05 + 0.1) / 0.2),
    _w(r147_dataclass_changed_after_helper, O2, cat="helpers"),
    _w(r147_dataclass_replace_overlaps, O3, cat="helpers", overlap=3),
    _w(r147_pydantic_changed_in_place, O2, cat="helpers"),
    _w(r147_pydantic_model_copy_overlaps, O3, cat="helpers", overlap=3),
    _w(r147_method_appends_then_get_last, O2),
    _w(r147_helper_sorts_then_loop, over(0.15, 0.04, 0.09, 0.06), cat="helpers"),
    _w(r147_helper_normalises_params, O2, cat="helpers"),
    _w(r147_helper_fills_dict_order, O3, cat="helpers"),
    _w(r147_helper_appends_fetched_order, O3, cat="helpers"),
    _w(r147_list_appended_after_helper_walks_it, (0.04 + 0.05 + 0.04 + 0.05 + 0.06) / 0.06,
       cat="helpers"),
    _w(r147_del_key_then_walk, over(0.06, 0.15, 0.09)),
    _w(r147_slice_assign_then_comprehension, over(0.15, 0.04, 0.04)),
    _w(r147_shallow_copy_sees_inner_change, O3),
    _w(r147_fetched_json_changed_then_put, (0.15 + 0.04 + 0.05 + 0.04) / (0.15 + 0.05 + 0.04)),
    _w(r147_payload_changed_after_put, (0.15 + 0.05 + 0.05 + 0.04 + 0.09) / (0.15 + 0.1 + 0.09)),
    _w(r147_partial_params_changed_after, O2, cat="helpers"),
    _w(r147_closure_cell_list_changed, O3, cat="helpers"),
    _w(r147_lambda_reads_list_later, O2, cat="helpers"),
    _d(r147_default_list_accumulates, _drive_default_list, O3),
    _d(r147_default_dict_memo_with_put, _drive_default_memo,
       (0.15 + 0.05 + 0.09 + 0.04) / (0.15 + 0.05 + 0.09)),
    _d(r147_route_changed_by_helper, _reset_globals, O2),
    _d(r147_module_counter_by_helper, _reset_globals, O3),
    _w(r147_walk_list_helper_extends, over(0.15, 0.04, 0.04, 0.04, 0.04, 0.04)),
    _w(r147_walk_list_remove_skips, over(0.04, 0.04, 0.04)),
    _w(r147_walk_dict_grows_raises, cat="validation"),
    _d(r147_is_checks_on_returns, _drive_cache, over(0.15, 0.04, 0.04)),
    _w(r147_is_on_item_after_append, O2),
    _w(r147_two_names_one_list_result, O3),
    _w(r147_loop_shared_params_dict, O3, cat="fanout"),
    _w(r147_loop_shared_headers, O3, cat="fanout"),
    _w(r147_loop_list_param_grows, O3, cat="fanout"),
    _sdk(r147_loop_messages_append_pop, O3, cat="fanout"),
    _sdk(r147_loop_messages_last_replaced, O3, cat="fanout"),
    _w(r147_loop_dataclass_reused, O3, cat="fanout"),
    _w(r147_loop_deepcopy_per_item_overlaps, O3, cat="fanout", overlap=3),
    _w(r147_loop_fresh_params_overlaps, O3, cat="fanout", overlap=3),
    _w(r147_loop_closure_cell_per_item, O3, cat="fanout"),
    _w(r147_comp_helper_sets_shared_params, O3, cat="fanout"),
    _d(r147_loop_route_via_global_registry, _reset_globals),
    _w(r147_loop_row_dict_reused, O3, cat="fanout"),
    _w(r147_loop_list_multiplied_alias, O3, cat="fanout"),
    _w(r147_walked_then_operator_setitem, 3.5999999999999996, cat="helpers"),
    _w(r147_walked_then_unbound_append, (0.04 + 0.05 + 0.04 + 0.05 + 0.06) / 0.06, cat="helpers"),
    _w(r147_walked_then_dunder_setitem, 3.5999999999999996, cat="helpers"),
    _w(r147_walked_then_heapify_shuffle, (0.04 + 0.05 + 0.06) * 2 / 0.06, cat="helpers"),
    _w(r147_walked_then_map_append, (0.04 + 0.05 + 0.04 + 0.05 + 0.06 + 0.07) / 0.07,
       cat="helpers"),
    _w(r147_walked_dict_then_ior, (0.15 + 0.04 + 0.15 + 0.04 + 0.09) / 0.15, cat="helpers"),
    _w(r147_setitem_before_walk, over(0.15, 0.04, 0.05), cat="helpers"),
    _w(r147_inner_list_shared_by_fresh_dicts, O3, cat="fanout"),
    _w(r147_walked_then_changed_through_dict_value, (0.04 + 0.05 + 0.04 + 0.05 + 0.06) / 0.06, cat="helpers"),
    _w(r147_walked_then_changed_by_nested_fn, (0.04 + 0.05 + 0.04 + 0.05 + 0.06) / 0.06, cat="helpers"),
    _w(r147_walked_then_changed_by_partial, (0.04 + 0.05 + 0.04 + 0.05 + 0.06) / 0.06, cat="helpers"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
