"""Red-team cases (stop 97): closures, partials and callbacks around I/O.

Nested functions with ``nonlocal`` counters and lists; `functools.partial` of I/O helpers
and of user functions that write; callbacks handed to helpers (``on_result=``,
``on_error=``); hook lists and event emitters at module level; strategy and dispatch dicts
whose functions read or write; `functools.reduce`, `map`, `filter`, `sorted`, `any` with
fetching functions (some lazy, consumed after a write); decorators applied inside the
function; lambdas in module-level dicts; bound methods stored and called later;
`operator.methodcaller` and `attrgetter` on objects whose attributes fetch; registries
filled by ``__init_subclass__``; `functools.singledispatch` handlers doing I/O; an
`ExitStack` of callbacks; a logging handler that writes. Sibling calls get unequal
latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import logging
import operator
import warnings
import weakref
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam97")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def fetch(s: requests.Session, base: str, key: str, ms: int = 50) -> str:
    return s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]


def store(s: requests.Session, base: str, key: str, value: str) -> int:
    return s.put(f"{base}/items/{key}", data=value, timeout=5).json()["version"]


# =========================================================================== nonlocal


def nonlocal_counter_gates_put(s: requests.Session, base: str) -> list[Any]:
    """A closure counts the fetches; the PUT reads the count."""
    count = 0

    def get(key: str, ms: int) -> str:
        nonlocal count
        count += 1
        return fetch(s, base, key, ms)

    out: list[Any] = [get("a", 150), get("b", 30)]
    if count >= 2:
        out.append(store(s, base, "count", str(count)))
    out.append(get("count", 80))
    return out


def nonlocal_list_joined_into_put(s: requests.Session, base: str) -> list[Any]:
    seen: list[str] = []

    def remember(key: str, ms: int) -> None:
        seen.append(fetch(s, base, key, ms))

    out: list[Any] = []
    for key, ms in (("x", 150), ("y", 30), ("z", 80)):
        remember(key, ms)
        out.append(store(s, base, "trail", "|".join(seen)))
    out.append(fetch(s, base, "trail", 40))
    return out


def nonlocal_cursor_moves_next_key(s: requests.Session, base: str) -> list[str]:
    """The callback sets the cursor the next fetch's key is built from."""
    cursor = "start"

    def on_result(value: str) -> None:
        nonlocal cursor
        cursor = value[-3:]

    out = []
    for ms in (150, 30, 80):
        v = fetch(s, base, f"page-{cursor}", ms)
        on_result(v)
        out.append(v)
    return out


def nonlocal_memo_invalidated_by_writer(s: requests.Session, base: str) -> list[str]:
    memo: dict[str, str] = {}

    def cached(key: str, ms: int) -> str:
        if key not in memo:
            memo[key] = fetch(s, base, key, ms)
        return memo[key]

    def write(key: str, value: str) -> None:
        store(s, base, key, value)
        memo.pop(key, None)

    out = [cached("cfg", 150), cached("other", 30)]
    write("cfg", "new")
    out.append(cached("cfg", 80))
    out.append(cached("other", 30))
    return out


def closure_factory_per_key(s: requests.Session, base: str) -> list[str]:
    def make_loader(key: str, ms: int) -> Any:
        def load() -> str:
            return fetch(s, base, key, ms)
        return load

    loaders = [make_loader(k, ms) for k, ms in (("p", 150), ("q", 30), ("r", 80))]
    return [f() for f in loaders]


def lambda_late_binding_in_loop(s: requests.Session, base: str) -> list[str]:
    """The classic late-binding bug: every lambda sees the last key."""
    thunks = []
    for key in ("one", "two", "three"):
        thunks.append(lambda: fetch(s, base, key, 60))  # noqa: B023
    store(s, base, "three", "changed")
    return [t() for t in thunks]


def lambda_default_binds_key(s: requests.Session, base: str) -> list[str]:
    thunks = []
    for key, ms in (("one", 150), ("two", 30), ("three", 80)):
        thunks.append(lambda key=key, ms=ms: fetch(s, base, key, ms))
    store(s, base, "two", "changed")
    return [t() for t in thunks]


# =========================================================================== partials


def partial_fetch_list_comp(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch, s, base)
    return [get(k, ms) for k, ms in (("a", 150), ("b", 30), ("c", 80))]


def partial_store_copies_reads(s: requests.Session, base: str) -> list[Any]:
    save = functools.partial(store, s, base)
    get = functools.partial(fetch, s, base)
    out: list[Any] = []
    for src, dst, ms in (("s1", "d1", 150), ("s2", "d2", 30), ("d1", "d3", 80)):
        out.append(save(dst, get(src, ms)))
    return out


def partial_slow_default_keyword_overridden(s: requests.Session, base: str) -> list[str]:
    slow = functools.partial(fetch, s, base, ms=150)
    return [slow("k1"), slow("k2", ms=30), slow("k3")]


def _append_line(path: Path, line: str) -> int:
    with open(path, "a") as f:
        f.write(line + "\n")
    return len(path.read_text().splitlines())


def partial_of_user_file_writer(s: requests.Session, base: str, tmp: str) -> list[Any]:
    note = functools.partial(_append_line, Path(tmp) / "notes.txt")
    out: list[Any] = []
    for key, ms in (("n1", 150), ("n2", 30), ("n3", 80)):
        out.append(note(fetch(s, base, key, ms)))
    out.append((Path(tmp) / "notes.txt").read_text())
    return out


def partial_of_session_put(s: requests.Session, base: str) -> list[Any]:
    put = functools.partial(s.put, timeout=5)
    out: list[Any] = []
    for key, ms in (("w1", 150), ("w2", 30)):
        v = fetch(s, base, key, ms)
        out.append(put(f"{base}/items/{key}-copy", data=v).json()["version"])
    out.append(fetch(s, base, "w1-copy", 40))
    return out


def partial_chain_of_partials(s: requests.Session, base: str) -> list[str]:
    bound = functools.partial(fetch, s)
    here = functools.partial(bound, base)
    return [here("c1", 150), here("c2", 30), here("c3", ms=80)]


# =========================================================================== callbacks


def _fetch_then(s: requests.Session, base: str, key: str, ms: int,
                on_result: Any = None, on_error: Any = None) -> Any:
    try:
        r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
        r.raise_for_status()
    except requests.HTTPError as e:
        if on_error is None:
            raise
        return on_error(key, e)
    value = r.json()["value"]
    return on_result(value) if on_result is not None else value


def on_result_prints(s: requests.Session, base: str) -> list[Any]:
    out = []
    for key, ms in (("a", 150), ("b", 30), ("c", 80)):
        out.append(_fetch_then(s, base, key, ms, on_result=lambda v: print("got", v) or v))
    print("done")
    return out


def on_result_writes_copy(s: requests.Session, base: str) -> list[Any]:
    def copy_to_backup(value: str) -> int:
        return store(s, base, "backup", value)

    out = [_fetch_then(s, base, k, ms, on_result=copy_to_backup)
           for k, ms in (("a", 150), ("b", 30))]
    out.append(fetch(s, base, "backup", 40))
    return out


def on_error_collects_then_put(s: requests.Session, base: str) -> list[Any]:
    errors: list[str] = []

    def on_error(key: str, e: Exception) -> str:
        errors.append(key)
        return "fallback"

    out: list[Any] = []
    for key, ms in (("ok1", 150), ("missing-x", 30), ("ok2", 80)):
        out.append(_fetch_then(s, base, key, ms, on_error=on_error))
    out.append(store(s, base, "errors", ",".join(errors)))
    return out


def on_error_reraises_as_value_error(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []

    def on_error(key: str, e: Exception) -> str:
        raise ValueError(f"bad key {key}")

    for key, ms in (("fine", 150), ("missing-y", 40)):
        out.append(_fetch_then(s, base, key, ms, on_error=on_error))
    store(s, base, "never", "x")
    return out


def on_error_writes_tombstone(s: requests.Session, base: str) -> list[Any]:
    def tombstone(key: str, e: Exception) -> int:
        return store(s, base, key, "tombstone")

    out = [_fetch_then(s, base, "missing-z", 150, on_error=tombstone),
           _fetch_then(s, base, "missing-z", 30, on_error=tombstone)]
    return out


class StopFetching(Exception):
    pass


def on_result_raises_stops_loop(s: requests.Session, base: str) -> list[Any]:
    got: list[str] = []

    def collect(v: str) -> str:
        got.append(v)
        if len(got) == 2:
            raise StopFetching(v)
        return v

    try:
        for key, ms in (("r1", 150), ("r2", 30), ("r3", 80)):
            _fetch_then(s, base, key, ms, on_result=collect)
            store(s, base, "progress", str(len(got)))
    except StopFetching as e:
        got.append("stopped:" + str(e))
    return got


# =========================================================================== hooks, emitters

HOOKS: list[Any] = []


def _emit(event: str, payload: str) -> list[Any]:
    return [h(event, payload) for h in list(HOOKS)]


def _reset_hooks(env: Env) -> None:
    HOOKS.clear()
    Emitter.handlers.clear()


def module_hooks_registered_inside(s: requests.Session, base: str) -> list[Any]:
    def audit(event: str, payload: str) -> int:
        return store(s, base, "audit", f"{event}:{payload}")

    HOOKS.append(audit)
    HOOKS.append(lambda ev, p: print("hook", ev, p))
    out: list[Any] = []
    try:
        for key, ms in (("h1", 150), ("h2", 30)):
            out.append(_emit("fetched", fetch(s, base, key, ms)))
    finally:
        HOOKS.clear()
    out.append(fetch(s, base, "audit", 40))
    return out


def hook_once_removes_itself(s: requests.Session, base: str) -> list[Any]:
    def once(event: str, payload: str) -> int:
        HOOKS.remove(once)
        return store(s, base, "first", payload)

    HOOKS.append(once)
    out: list[Any] = []
    for key, ms in (("o1", 150), ("o2", 30), ("o3", 80)):
        out.append(_emit("got", fetch(s, base, key, ms)))
    HOOKS.clear()
    out.append(fetch(s, base, "first", 40))
    return out


class Emitter:
    handlers: dict[str, list[Any]] = {}

    @classmethod
    def on(cls, event: str) -> Any:
        def register(fn: Any) -> Any:
            cls.handlers.setdefault(event, []).append(fn)
            return fn
        return register

    @classmethod
    def emit(cls, event: str, *args: Any) -> list[Any]:
        return [fn(*args) for fn in cls.handlers.get(event, [])]


def emitter_decorated_handlers_inside(s: requests.Session, base: str) -> list[Any]:
    @Emitter.on("item")
    def log_it(key: str, value: str) -> None:
        LOG.info("item %s=%s", key, value)

    @Emitter.on("item")
    def save_it(key: str, value: str) -> int:
        return store(s, base, "last-item", f"{key}={value}")

    out: list[Any] = []
    for key, ms in (("e1", 150), ("e2", 30), ("e3", 80)):
        out.append(Emitter.emit("item", key, fetch(s, base, key, ms)))
    Emitter.handlers.clear()
    out.append(fetch(s, base, "last-item", 40))
    return out


def emitter_handler_added_midway(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = [Emitter.emit("tick", fetch(s, base, "t1", 150))]
    Emitter.handlers.setdefault("tick", []).append(lambda v: store(s, base, "tick", v))
    out.append(Emitter.emit("tick", fetch(s, base, "t2", 30)))
    out.append(fetch(s, base, "tick", 80))
    Emitter.handlers.clear()
    return out


# =========================================================================== dispatch dicts


def _read_op(s: requests.Session, base: str, key: str) -> str:
    return fetch(s, base, key, 120)


def _write_op(s: requests.Session, base: str, key: str) -> str:
    return str(store(s, base, key, "written"))


def _delete_op(s: requests.Session, base: str, key: str) -> str:
    return str(s.delete(f"{base}/items/{key}", timeout=5).json()["deleted"])


STRATEGIES = {"read": _read_op, "write": _write_op, "delete": _delete_op}
OPS = {
    "get": lambda s, base, key, ms: fetch(s, base, key, ms),
    "put": lambda s, base, key, ms: store(s, base, key, f"put-{ms}"),
}


def strategy_plan_mixed(s: requests.Session, base: str) -> list[str]:
    plan = [("read", "k"), ("write", "k"), ("read", "k"), ("delete", "k"), ("read", "j")]
    return [STRATEGIES[name](s, base, key) for name, key in plan]


def lambdas_in_module_dict(s: requests.Session, base: str) -> list[Any]:
    steps = [("get", "m1", 150), ("get", "m2", 30), ("put", "m1", 40), ("get", "m1", 80)]
    return [OPS[op](s, base, key, ms) for op, key, ms in steps]


def dispatch_rebound_after_response(s: requests.Session, base: str) -> list[Any]:
    """After the first answer the handler for 'fetch' becomes a writer."""
    handlers: dict[str, Any] = {"fetch": lambda k, ms: fetch(s, base, k, ms)}
    out: list[Any] = []
    for key, ms in (("d1", 150), ("d2", 30), ("d2", 80)):
        out.append(handlers["fetch"](key, ms))
        if len(out) == 1:
            handlers["fetch"] = lambda k, ms: store(s, base, k, "from-handler")
    return out


def dispatch_by_first_response(s: requests.Session, base: str) -> list[Any]:
    table = {"v-mode": lambda: store(s, base, "mode-seen", "yes"),
             "other": lambda: fetch(s, base, "fallback", 30)}
    mode = fetch(s, base, "mode", 150)
    first = table.get(mode, table["other"])()
    return [mode, first, fetch(s, base, "mode-seen", 80)]


# =========================================================================== reduce, map, filter


def reduce_fetching_chain(s: requests.Session, base: str) -> str:
    return functools.reduce(lambda acc, k: acc + "/" + fetch(s, base, k, 60),
                            ["r1", "r2", "r3"], "root")


def reduce_with_put_each_step(s: requests.Session, base: str) -> list[Any]:
    def step(acc: list[Any], key: str) -> list[Any]:
        acc.append(store(s, base, "acc", "+".join(str(a) for a in acc)))
        acc.append(fetch(s, base, "acc", 40))
        return acc

    return functools.reduce(step, ["x", "y"], [])


def map_user_fetch(s: requests.Session, base: str) -> list[str]:
    def load(pair: tuple[str, int]) -> str:
        return fetch(s, base, *pair)

    return list(map(load, [("m1", 150), ("m2", 30), ("m3", 80)]))


def lazy_map_of_lambda_after_put(s: requests.Session, base: str) -> list[Any]:
    """map is lazy: the GETs run after the PUT, so they see the new value."""
    results = map(lambda k: fetch(s, base, k, 60), ["lz", "other"])
    v = store(s, base, "lz", "after-put")
    return [v, *results]


def lazy_filter_consumed_after_put(s: requests.Session, base: str) -> list[Any]:
    keep = filter(lambda k: fetch(s, base, k, 60) != "drop", ["f1", "f2", "f3"])
    store(s, base, "f2", "drop")
    return list(keep)


def lazy_generator_expression_after_put(s: requests.Session, base: str) -> list[Any]:
    gen = (fetch(s, base, k, ms) for k, ms in (("g1", 150), ("g2", 30)))
    first = next(gen)
    store(s, base, "g2", "late")
    return [first, *gen]


def filter_with_writing_predicate(s: requests.Session, base: str) -> list[Any]:
    def keep(key: str) -> bool:
        store(s, base, "checked", key)
        return fetch(s, base, key, 40).endswith("2") is False

    kept = list(filter(keep, ["k1", "k2", "k3"]))
    return [kept, fetch(s, base, "checked", 30)]


def sorted_by_fetched_key(s: requests.Session, base: str) -> list[Any]:
    for key, val in (("s1", "c"), ("s2", "a"), ("s3", "b")):
        store(s, base, key, val)
    order = sorted(["s1", "s2", "s3"], key=lambda k: fetch(s, base, k, 60))
    return [order, store(s, base, "order", ",".join(order))]


def any_short_circuits_fetch(s: requests.Session, base: str) -> list[Any]:
    store(s, base, "a2", "hit")
    found = any(fetch(s, base, k, ms) == "hit" for k, ms in (("a1", 150), ("a2", 30),
                                                             ("a3", 80)))
    store(s, base, "a3", "after-any")
    return [found, fetch(s, base, "a3", 30)]


def max_by_fetched_length_then_put(s: requests.Session, base: str) -> list[str]:
    best = max(["mx1", "mx2", "mx3"], key=lambda k: len(fetch(s, base, k, 50)))
    store(s, base, "best", best)
    return [best, fetch(s, base, "best", 40)]


# =========================================================================== decorators inside


def decorator_inside_counts_calls(s: requests.Session, base: str) -> list[Any]:
    calls: list[str] = []

    def counted(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*a: Any) -> Any:
            calls.append(fn.__name__)
            return fn(*a)
        return wrapper

    @counted
    def load(key: str, ms: int) -> str:
        return fetch(s, base, key, ms)

    @counted
    def save(key: str, value: str) -> int:
        return store(s, base, key, value)

    out: list[Any] = [load("dc1", 150), load("dc2", 30)]
    out.append(save("calls", ",".join(calls)))
    out.append(load("calls", 40))
    return out


def decorator_inside_prints_around(s: requests.Session, base: str) -> list[str]:
    def traced(fn: Any) -> Any:
        def wrapper(key: str, ms: int) -> str:
            print("start", key)
            v = fn(key, ms)
            print("end", key, v)
            return v
        return wrapper

    load = traced(lambda k, ms: fetch(s, base, k, ms))
    return [load("tp1", 150), load("tp2", 30), load("tp3", 80)]


def decorator_inside_retry_then_put(s: requests.Session, base: str) -> list[Any]:
    def retry(times: int) -> Any:
        def deco(fn: Any) -> Any:
            def wrapper(key: str) -> Any:
                for attempt in range(times):
                    try:
                        return fn(key if attempt == 0 else "ok-" + key)
                    except requests.HTTPError:
                        print("retry", key, attempt)
                return None
            return wrapper
        return deco

    @retry(2)
    def load(key: str) -> str:
        r = s.get(f"{base}/items/{key}", params={"ms": 60}, timeout=5)
        r.raise_for_status()
        return r.json()["value"]

    out: list[Any] = [load("missing-1"), load("plain")]
    out.append(store(s, base, "result", ",".join(map(str, out))))
    return out


def decorator_stateful_attribute(s: requests.Session, base: str) -> list[Any]:
    def tally(fn: Any) -> Any:
        def wrapper(*a: Any) -> Any:
            wrapper.n += 1  # type: ignore[attr-defined]
            return fn(*a)
        wrapper.n = 0  # type: ignore[attr-defined]
        return wrapper

    load = tally(functools.partial(fetch, s, base))
    out: list[Any] = [load("ta", 150), load("tb", 30)]
    out.append(store(s, base, "tally", str(load.n)))  # type: ignore[attr-defined]
    out.append(load("tally", 40))
    return out


# =========================================================================== methods, operator


class Remote:
    def __init__(self, s: requests.Session, base: str, key: str, ms: int = 60) -> None:
        self.s, self.base, self.key, self.ms = s, base, key, ms

    def load(self) -> str:
        return fetch(self.s, self.base, self.key, self.ms)

    def save(self, value: str) -> int:
        return store(self.s, self.base, self.key, value)

    @property
    def value(self) -> str:
        return self.load()

    @value.setter
    def value(self, v: str) -> None:
        self.save(v)


def bound_methods_stored_then_called(s: requests.Session, base: str) -> list[Any]:
    a, b = Remote(s, base, "bm-a", 150), Remote(s, base, "bm-b", 30)
    queue = [a.load, b.load, functools.partial(a.save, "new-a"), a.load]
    return [job() for job in queue]


def methodcaller_load_all(s: requests.Session, base: str) -> list[str]:
    objs = [Remote(s, base, k, ms) for k, ms in (("mc1", 150), ("mc2", 30), ("mc3", 80))]
    return list(map(operator.methodcaller("load"), objs))


def methodcaller_save_then_attrgetter(s: requests.Session, base: str) -> list[Any]:
    objs = [Remote(s, base, k, ms) for k, ms in (("ag1", 150), ("ag2", 30))]
    saves = [operator.methodcaller("save", "saved-" + o.key)(o) for o in objs]
    values = [operator.attrgetter("value")(o) for o in objs]
    return [saves, values]


def remote_property_set_between_gets(s: requests.Session, base: str) -> list[str]:
    r = Remote(s, base, "prop", 150)
    before = r.value
    r.value = "set-by-property"
    after = r.value
    return [before, after]


class Counter:
    """A callable object kept in a dict: counts its calls and fetches."""

    def __init__(self, s: requests.Session, base: str) -> None:
        self.s, self.base, self.n = s, base, 0

    def __call__(self, key: str, ms: int) -> str:
        self.n += 1
        return fetch(self.s, self.base, f"{key}-{self.n}", ms)


def callable_object_in_dict(s: requests.Session, base: str) -> list[Any]:
    tools = {"count": Counter(s, base)}
    out: list[Any] = [tools["count"]("co", 150), tools["count"]("co", 30)]
    out.append(store(s, base, "co-n", str(tools["count"].n)))
    return out


# =========================================================================== registries, dispatch


class Handler:
    registry: dict[str, type[Handler]] = {}
    kind = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        Handler.registry[cls.kind] = cls

    def __init__(self, s: requests.Session, base: str) -> None:
        self.s, self.base = s, base

    def run(self, key: str) -> Any:
        raise NotImplementedError


class ReadHandler(Handler):
    kind = "read"

    def run(self, key: str) -> Any:
        return fetch(self.s, self.base, key, 100)


class WriteHandler(Handler):
    kind = "write"

    def run(self, key: str) -> Any:
        return store(self.s, self.base, key, "by-write-handler")


def subclass_registry_dispatch(s: requests.Session, base: str) -> list[Any]:
    plan = [("read", "rg"), ("write", "rg"), ("read", "rg"), ("read", "other")]
    return [Handler.registry[kind](s, base).run(key) for kind, key in plan]


def subclass_registered_inside(s: requests.Session, base: str) -> list[Any]:
    class AuditHandler(Handler):
        kind = "audit"

        def run(self, key: str) -> Any:
            print("audit", key)
            return store(self.s, self.base, "audit-" + key, "seen")

    try:
        plan = [("read", "ra", ), ("audit", "ra"), ("read", "audit-ra")]
        return [Handler.registry[k](s, base).run(key) for k, key in plan]
    finally:
        Handler.registry.pop("audit", None)


@functools.singledispatch
def handle(item: Any, s: requests.Session, base: str) -> Any:
    raise TypeError(type(item).__name__)


@handle.register
def _(item: str, s: requests.Session, base: str) -> Any:
    return fetch(s, base, item, 80)


@handle.register
def _(item: tuple, s: requests.Session, base: str) -> Any:
    return store(s, base, item[0], item[1])


def singledispatch_mixed_items(s: requests.Session, base: str) -> list[Any]:
    items: list[Any] = ["sd", ("sd", "changed"), "sd", "other"]
    return [handle(i, s, base) for i in items]


def singledispatch_unknown_type_raises(s: requests.Session, base: str) -> list[Any]:
    out = [handle("sx", s, base), handle(("sx", "w"), s, base)]
    out.append(handle(3.5, s, base))
    return out


def singledispatch_method_on_class(s: requests.Session, base: str) -> list[Any]:
    class Router:
        @functools.singledispatchmethod
        def route(self, item: Any) -> Any:
            return None

        @route.register
        def _(self, item: int) -> Any:
            return fetch(s, base, f"n{item}", 150 if item == 1 else 30)

        @route.register
        def _(self, item: dict) -> Any:
            return store(s, base, item["key"], item["value"])

    r = Router()
    return [r.route(1), r.route({"key": "n2", "value": "dict"}), r.route(2), r.route(None)]


# =========================================================================== exit stacks, logging


def exitstack_callbacks_put_lifo(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []
    with contextlib.ExitStack() as stack:
        for key, ms in (("x1", 150), ("x2", 30)):
            v = fetch(s, base, key, ms)
            stack.callback(lambda v=v, key=key: out.append(store(s, base, "closed", key + v)))
        out.append(fetch(s, base, "closed", 40))
    out.append(fetch(s, base, "closed", 40))
    return out


class _PutHandler(logging.Handler):
    def __init__(self, s: requests.Session, base: str) -> None:
        super().__init__()
        self.s, self.base = s, base

    def emit(self, record: logging.LogRecord) -> None:
        store(self.s, self.base, "log", record.getMessage())


def logging_handler_that_puts(s: requests.Session, base: str) -> list[Any]:
    audit = logging.getLogger("redteam97.audit")
    audit.propagate = False
    audit.setLevel(logging.INFO)
    h = _PutHandler(s, base)
    audit.addHandler(h)
    out: list[Any] = []
    try:
        for key, ms in (("lg1", 150), ("lg2", 30)):
            v = fetch(s, base, key, ms)
            audit.info("fetched %s", v)
            out.append(fetch(s, base, "log", 40))
    finally:
        audit.removeHandler(h)
    return out


# =========================================================================== SDK


def _oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def _ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user",
                                                                "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def sdk_partial_create_map(client: Any) -> list[str]:
    create = functools.partial(client.chat.completions.create, model="gpt")
    outs = []
    for prompt, lat in (("alpha", 0.15), ("beta", 0.03), ("gamma", 0.08)):
        r = create(messages=[{"role": "user", "content": prompt}], extra_body={"latency": lat})
        outs.append(r.choices[0].message.content)
    return outs


def sdk_strategy_dict_of_prompts(client: Any) -> dict[str, str]:
    strategies = {
        "short": lambda q: _ask(client, "Briefly: " + q, 0.15),
        "long": lambda q: _ask(client, "In depth: " + q, 0.03),
    }
    return {name: fn("what is a closure?") for name, fn in strategies.items()}


def sdk_on_token_count_callback(client: Any) -> list[Any]:
    used: list[int] = []

    def ask(prompt: str, lat: float, on_usage: Any) -> str:
        r = client.chat.completions.create(model="gpt", messages=[{"role": "user",
                                                                    "content": prompt}],
                                           extra_body={"latency": lat})
        on_usage(r.usage.total_tokens)
        return r.choices[0].message.content

    answers = [ask(p, lat, used.append) for p, lat in (("one", 0.15), ("two", 0.03))]
    print("tokens", sum(used))
    return [answers, used]


def sdk_chained_through_nonlocal(client: Any) -> list[str]:
    last = "start"

    def step(lat: float) -> str:
        nonlocal last
        last = _ask(client, "continue from " + last[:20], lat)
        return last

    return [step(0.15), step(0.03), step(0.08)]


# =========================================================================== the lists


def _sess(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web)


def _sess_tmp(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web, str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=_sess, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=_oa_args, servers="api", ideal=ideal, **kw)


CASES: list[Case] = [
    _w(nonlocal_counter_gates_put, cat="state"),
    _w(nonlocal_list_joined_into_put, cat="state"),
    _w(nonlocal_cursor_moves_next_key, cat="state"),
    _w(nonlocal_memo_invalidated_by_writer, over(0.15, 0.03), cat="state"),
    _w(closure_factory_per_key, over(0.15, 0.03, 0.08)),
    _w(lambda_late_binding_in_loop, cat="state"),
    _w(lambda_default_binds_key, cat="state"),
    _w(partial_fetch_list_comp, over(0.15, 0.03, 0.08)),
    _w(partial_store_copies_reads, cat="state"),
    _w(partial_slow_default_keyword_overridden, over(0.15, 0.03, 0.15)),
    Case("files", partial_of_user_file_writer, args=_sess_tmp, servers="web"),
    _w(partial_of_session_put, cat="state"),
    _w(partial_chain_of_partials, over(0.15, 0.03, 0.08)),
    _w(on_result_prints, over(0.15, 0.03, 0.08)),
    _w(on_result_writes_copy, cat="state"),
    _w(on_error_collects_then_put, cat="validation"),
    _w(on_error_reraises_as_value_error, cat="validation"),
    _w(on_error_writes_tombstone, cat="validation"),
    _w(on_result_raises_stops_loop, cat="validation"),
    _w(module_hooks_registered_inside, cat="state", setup=_reset_hooks),
    _w(hook_once_removes_itself, cat="state", setup=_reset_hooks),
    _w(emitter_decorated_handlers_inside, cat="state", setup=_reset_hooks),
    _w(emitter_handler_added_midway, cat="state", setup=_reset_hooks),
    _w(strategy_plan_mixed, cat="state"),
    _w(lambdas_in_module_dict, cat="state"),
    _w(dispatch_rebound_after_response, cat="state"),
    _w(dispatch_by_first_response, cat="state"),
    _w(reduce_fetching_chain, over(0.06, 0.06, 0.06)),
    _w(reduce_with_put_each_step, cat="state"),
    _w(map_user_fetch, over(0.15, 0.03, 0.08)),
    _w(lazy_map_of_lambda_after_put, cat="state"),
    _w(lazy_filter_consumed_after_put, cat="state"),
    _w(lazy_generator_expression_after_put, cat="state"),
    _w(filter_with_writing_predicate, cat="state"),
    _w(sorted_by_fetched_key, cat="state"),
    _w(any_short_circuits_fetch, cat="state"),
    _w(max_by_fetched_length_then_put, cat="state"),
    _w(decorator_inside_counts_calls, cat="state"),
    _w(decorator_inside_prints_around, over(0.15, 0.03, 0.08)),
    _w(decorator_inside_retry_then_put, cat="validation"),
    _w(decorator_stateful_attribute, cat="state"),
    _w(bound_methods_stored_then_called, cat="state"),
    _w(methodcaller_load_all, over(0.15, 0.03, 0.08)),
    _w(methodcaller_save_then_attrgetter, cat="state"),
    _w(remote_property_set_between_gets, cat="state"),
    _w(callable_object_in_dict, cat="state"),
    _w(subclass_registry_dispatch, cat="state"),
    _w(subclass_registered_inside, cat="state"),
    _w(singledispatch_mixed_items, cat="state"),
    _w(singledispatch_unknown_type_raises, cat="validation"),
    _w(singledispatch_method_on_class, cat="state"),
    _w(exitstack_callbacks_put_lifo, cat="state"),
    _w(logging_handler_that_puts, cat="state"),
    _sdk(sdk_partial_create_map, over(0.15, 0.03, 0.08)),
    _sdk(sdk_strategy_dict_of_prompts, over(0.15, 0.03)),
    _sdk(sdk_on_token_count_callback, over(0.15, 0.03)),
    _sdk(sdk_chained_through_nonlocal),
]


# =========================================================================== partials, round two

SEQ: list[int] = []


def _reset_seq(env: Env) -> None:
    SEQ.clear()
    GLOBAL_FETCH["fn"] = fetch


def fetch_numbered(s: requests.Session, base: str, key: str, ms: int) -> str:
    SEQ.append(ms)
    return fetch(s, base, f"{key}-{len(SEQ)}", ms)


def fetch_and_print(s: requests.Session, base: str, key: str, ms: int) -> str:
    v = fetch(s, base, key, ms)
    print("fetched", key, v)
    return v


def fetch_and_log(s: requests.Session, base: str, key: str, ms: int) -> str:
    v = fetch(s, base, key, ms)
    LOG.info("fetched %s", v)
    return v


def fetch_params(s: requests.Session, base: str, key: str, params: dict[str, Any]) -> str:
    return s.get(f"{base}/items/{key}", params=params, timeout=5).json()["value"]


def partial_with_on_result_print(s: requests.Session, base: str) -> list[Any]:
    get = functools.partial(_fetch_then, s, base, on_result=lambda v: print("cb", v) or v)
    return [get("pc1", 150), get("pc2", 30), get("pc3", 80)]


def partial_of_global_counting_fetch(s: requests.Session, base: str) -> list[Any]:
    get = functools.partial(fetch_numbered, s, base)
    return [get("gn", 150), get("gn", 30), get("gn", 80), list(SEQ)]


def partial_of_printing_fetch(s: requests.Session, base: str) -> list[str]:
    show = functools.partial(fetch_and_print, s, base)
    return [show("pp1", 150), show("pp2", 30), show("pp3", 80)]


def partial_of_logging_fetch(s: requests.Session, base: str) -> list[str]:
    show = functools.partial(fetch_and_log, s, base)
    return [show("pl1", 150), show("pl2", 30), show("pl3", 80)]


def partial_bound_params_dict_mutated(s: requests.Session, base: str) -> list[str]:
    params = {"ms": 150, "tag": "first"}
    get = functools.partial(fetch_params, s, base, params=params)
    a = get("bp1")
    params["ms"] = 30
    params["tag"] = "second"
    b = get("bp2")
    return [a, b]


def partial_bound_params_mutated_no_dependency(s: requests.Session, base: str) -> list[str]:
    """The mutation reads nothing the first call returned."""
    params: dict[str, Any] = {"ms": 150}
    get = functools.partial(fetch_params, s, base, params=params)
    out = [get("bq1")]
    params.update(ms=30, page=2)
    out.append(get("bq2"))
    params.pop("page")
    out.append(get("bq3"))
    return out


def session_params_changed_between_partials(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch, s, base)
    s.params = {"tenant": "a"}
    a = get("sp1", 150)
    s.params["tenant"] = "b"
    b = get("sp2", 30)
    return [a, b]


def partial_print_interleaved(s: requests.Session, base: str) -> list[str]:
    say = functools.partial(print, "step")
    get = functools.partial(fetch, s, base)
    say(1)
    a = get("pi1", 150)
    say(2)
    b = get("pi2", 30)
    say(3, a, b)
    return [a, b]


def partial_log_interleaved(s: requests.Session, base: str) -> list[str]:
    note = functools.partial(LOG.info, "step %s")
    get = functools.partial(fetch, s, base)
    note("one")
    a = get("li1", 150)
    note("two")
    b = get("li2", 30)
    note("three " + a + b)
    return [a, b]


GLOBAL_FETCH: dict[str, Any] = {"fn": fetch}


def partial_over_dict_held_function_rebound(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(GLOBAL_FETCH["fn"], s, base)
    GLOBAL_FETCH["fn"] = fetch_numbered
    again = functools.partial(GLOBAL_FETCH["fn"], s, base)
    return [get("rb", 150), again("rb", 30), get("rb", 80)]


def partial_list_comp_then_put_then_read(s: requests.Session, base: str) -> list[Any]:
    get = functools.partial(fetch, s, base)
    save = functools.partial(store, s, base)
    first = [get(k, ms) for k, ms in (("lc1", 150), ("lc2", 30))]
    save("lc2", "rewritten")
    return [first, get("lc2", 80), get("lc1", 30)]


def partial_strict_missing_then_put(s: requests.Session, base: str) -> list[Any]:
    def strict(key: str, ms: int) -> str:
        r = s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5)
        r.raise_for_status()
        return r.json()["value"]

    get = functools.partial(strict)
    out: list[Any] = []
    try:
        out.append(get("fine", 150))
        out.append(get("missing-p", 30))
        store(s, base, "after", "x")
    except requests.HTTPError as e:
        out.append(e.response.status_code)
    return out


def partial_walrus_chain(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch, s, base)
    last = "w"
    return [last := get(last[-3:] + "x", ms) for ms in (150, 30, 80)]


def partial_results_dict_bound(s: requests.Session, base: str) -> dict[str, str]:
    results: dict[str, str] = {}

    def into(res: dict[str, str], key: str, ms: int) -> None:
        res[key] = fetch(s, base, key, ms)

    put_in = functools.partial(into, results)
    put_in("rd1", 150)
    put_in("rd2", 30)
    put_in("rd-" + str(len(results)), 80)
    return results


class Client:
    def __init__(self, s: requests.Session, base: str) -> None:
        self.s, self.base, self.calls = s, base, 0

    def _get(self, key: str, ms: int) -> str:
        self.calls += 1
        return fetch(self.s, self.base, f"{key}-{self.calls}", ms)

    slow = functools.partialmethod(_get, ms=150)
    fast = functools.partialmethod(_get, ms=30)


def partialmethod_counts_calls(s: requests.Session, base: str) -> list[Any]:
    c = Client(s, base)
    return [c.slow("pm"), c.fast("pm"), c.slow("pm"), c.calls]



def sdk_partial_messages_list_appended(client: Any) -> list[Any]:
    history = [{"role": "user", "content": "first question"}]
    ask = functools.partial(client.chat.completions.create, model="gpt", messages=history)
    r1 = ask(extra_body={"latency": 0.15})
    history.append({"role": "user", "content": "and a second one"})
    r2 = ask(extra_body={"latency": 0.03})
    return [r1.choices[0].message.content, r2.choices[0].message.content]


def sdk_partial_extra_body_mutated(client: Any) -> list[Any]:
    body = {"latency": 0.15}
    ask = functools.partial(client.chat.completions.create, model="gpt", extra_body=body,
                            messages=[{"role": "user", "content": "hello"}])
    r1 = ask()
    body["latency"] = 0.03
    r2 = ask()
    return [r1.choices[0].message.content, r2.choices[0].message.content]


def sdk_messages_list_appended_direct(client: Any) -> list[Any]:
    history = [{"role": "user", "content": "first question"}]
    r1 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.15})
    history.append({"role": "user", "content": "unrelated follow-up"})
    r2 = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.03})
    return [r1.choices[0].message.content, r2.choices[0].message.content]


CASES += [
    _w(partial_with_on_result_print, over(0.15, 0.03, 0.08)),
    _w(partial_of_global_counting_fetch, cat="state", setup=_reset_seq),
    _w(partial_of_printing_fetch, over(0.15, 0.03, 0.08)),
    _w(partial_of_logging_fetch, over(0.15, 0.03, 0.08)),
    _w(partial_bound_params_dict_mutated, cat="state"),
    _w(partial_bound_params_mutated_no_dependency, cat="state"),
    _w(session_params_changed_between_partials, cat="state"),
    _w(partial_print_interleaved, over(0.15, 0.03)),
    _w(partial_log_interleaved, over(0.15, 0.03)),
    _w(partial_over_dict_held_function_rebound, cat="state", setup=_reset_seq),
    _w(partial_list_comp_then_put_then_read, cat="state"),
    _w(partial_strict_missing_then_put, cat="validation"),
    _w(partial_walrus_chain, cat="state"),
    _w(partial_results_dict_bound, cat="state"),
    _w(partialmethod_counts_calls, cat="state"),
    Case("state", sdk_partial_messages_list_appended, args=_oa_args, servers="api"),
    Case("state", sdk_partial_extra_body_mutated, args=_oa_args, servers="api"),
    Case("state", sdk_messages_list_appended_direct, args=_oa_args, servers="api"),
]


# =========================================================================== aliases that mutate


def fetch_last(s: requests.Session, base: str, keys: list[str], ms: int) -> str:
    return fetch(s, base, keys[-1], ms)


def fetch_with(s: requests.Session, base: str, params: dict[str, Any]) -> str:
    return fetch(s, base, params["key"], params["ms"])


def alias_append_between_partials(s: requests.Session, base: str) -> list[str]:
    keys = ["k1"]
    add = keys.append
    get = functools.partial(fetch_last, s, base, keys)
    a = get(150)
    add("k2")
    b = get(30)
    return [a, b]


def partial_list_append_between_fetches(s: requests.Session, base: str) -> list[str]:
    keys = ["j1"]
    a = fetch_last(s, base, keys, 150)
    functools.partial(list.append, keys)("j2")
    b = fetch_last(s, base, keys, 30)
    return [a, b]


def methodcaller_append_between_fetches(s: requests.Session, base: str) -> list[str]:
    keys = ["q1"]
    a = fetch_last(s, base, keys, 150)
    operator.methodcaller("append", "q2")(keys)
    b = fetch_last(s, base, keys, 30)
    return [a, b]


def setitem_between_fetches(s: requests.Session, base: str) -> list[str]:
    params = {"key": "si1", "ms": 150}
    a = fetch_with(s, base, params)
    operator.setitem(params, "key", "si2")
    params["ms"] = 30
    b = fetch_with(s, base, params)
    return [a, b]


def inplace_or_between_fetches(s: requests.Session, base: str) -> list[str]:
    params = {"key": "io1", "ms": 150}
    a = fetch_with(s, base, params)
    params |= {"key": "io2", "ms": 30}
    b = fetch_with(s, base, params)
    return [a, b]


MUTATORS = {"add": lambda lst, x: lst.append(x), "set": lambda d, k, v: d.__setitem__(k, v)}


def module_lambda_mutates_between_fetches(s: requests.Session, base: str) -> list[str]:
    params = {"key": "ml1", "ms": 150}
    a = fetch_with(s, base, params)
    MUTATORS["set"](params, "key", "ml2")
    b = fetch_with(s, base, params)
    return [a, b]


def map_append_between_fetches(s: requests.Session, base: str) -> list[str]:
    keys = ["mp1"]
    a = fetch_last(s, base, keys, 150)
    list(map(keys.append, ["mp2"]))
    b = fetch_last(s, base, keys, 30)
    return [a, b]


def reduce_appends_between_fetches(s: requests.Session, base: str) -> list[str]:
    keys = ["ra1"]
    a = fetch_last(s, base, keys, 150)
    functools.reduce(lambda acc, x: acc.append(x) or acc, ["ra2"], keys)
    b = fetch_last(s, base, keys, 30)
    return [a, b]


def closure_mutates_captured_between_fetches(s: requests.Session, base: str) -> list[str]:
    keys = ["cm1"]

    def bump() -> None:
        keys.append("cm2")

    a = fetch_last(s, base, keys, 150)
    bump()
    b = fetch_last(s, base, keys, 30)
    return [a, b]


def emitter_mutates_between_fetches(s: requests.Session, base: str) -> list[str]:
    keys = ["em1"]
    Emitter.handlers["next"] = [lambda k: keys.append(k)]
    a = fetch_last(s, base, keys, 150)
    Emitter.emit("next", "em2")
    b = fetch_last(s, base, keys, 30)
    Emitter.handlers.clear()
    return [a, b]


def bound_put_alias_between_gets(s: requests.Session, base: str) -> list[str]:
    save = s.put
    a = fetch(s, base, "bp", 150)
    save(f"{base}/items/bp", data="new", timeout=5)
    b = fetch(s, base, "bp", 30)
    return [a, b]


def methodcaller_put_between_gets(s: requests.Session, base: str) -> list[str]:
    put_it = operator.methodcaller("put", f"{base}/items/mcp", data="new", timeout=5)
    a = fetch(s, base, "mcp", 150)
    put_it(s)
    b = fetch(s, base, "mcp", 30)
    return [a, b]


def getattr_put_between_gets(s: requests.Session, base: str) -> list[str]:
    a = fetch(s, base, "gp", 150)
    verb = "put"
    getattr(s, verb)(f"{base}/items/gp", data="new", timeout=5)
    b = fetch(s, base, "gp", 30)
    return [a, b]


class Tracked:
    def __init__(self, name: str) -> None:
        self.name = name

    def __del__(self) -> None:
        print("released", self.name)


def del_object_between_fetches(s: requests.Session, base: str) -> list[str]:
    t = Tracked("first")
    a = fetch(s, base, t.name, 150)
    del t
    print("after del")
    b = fetch(s, base, "second", 30)
    return [a, b]


def finalize_callback_on_del(s: requests.Session, base: str) -> list[str]:
    r = Remote(s, base, "fz", 150)
    weakref.finalize(r, print, "finalized")
    a = r.load()
    del r
    print("after del")
    b = fetch(s, base, "fz2", 30)
    return [a, b]


def rebinding_releases_object(s: requests.Session, base: str) -> list[str]:
    t = Tracked("one")
    a = fetch(s, base, t.name, 150)
    t = Tracked("two")
    b = fetch(s, base, t.name, 30)
    print("end")
    return [a, b]


def generator_finally_on_del(s: requests.Session, base: str) -> list[Any]:
    def pages() -> Any:
        try:
            for k, ms in (("gf1", 150), ("gf2", 30), ("gf3", 80)):
                yield fetch(s, base, k, ms)
        finally:
            print("generator closed")

    g = pages()
    first = next(g)
    del g
    print("after del")
    return [first, fetch(s, base, "gf-after", 30)]


CASES += [
    _w(alias_append_between_partials, cat="state"),
    _w(partial_list_append_between_fetches, cat="state"),
    _w(methodcaller_append_between_fetches, cat="state"),
    _w(setitem_between_fetches, cat="state"),
    _w(inplace_or_between_fetches, cat="state"),
    _w(module_lambda_mutates_between_fetches, cat="state"),
    _w(map_append_between_fetches, cat="state"),
    _w(reduce_appends_between_fetches, cat="state"),
    _w(closure_mutates_captured_between_fetches, cat="state"),
    _w(emitter_mutates_between_fetches, cat="state", setup=_reset_hooks),
    _w(bound_put_alias_between_gets, cat="state"),
    _w(methodcaller_put_between_gets, cat="state"),
    _w(getattr_put_between_gets, cat="state"),
    _w(del_object_between_fetches, cat="state"),
    _w(finalize_callback_on_del, cat="state"),
    _w(rebinding_releases_object, cat="state"),
    _w(generator_finally_on_del, cat="state"),
]


# =========================================================================== hidden setters of a global

CFG: dict[str, Any] = {"prefix": "p0"}


def _reset_cfg(env: Env) -> None:
    CFG.clear()
    CFG["prefix"] = "p0"
    HOOKS.clear()
    Emitter.handlers.clear()
    REG.clear()


def fetch_cfg(s: requests.Session, base: str, key: str, ms: int) -> str:
    return fetch(s, base, f"{CFG['prefix']}-{key}", ms)


def fetch_kinds(s: requests.Session, base: str, ms: int) -> str:
    return fetch(s, base, "kinds-" + "-".join(sorted(Handler.registry)), ms)


REG: dict[str, Any] = {}


def register(fn: Any) -> Any:
    REG[fn.__name__] = fn
    return fn


def fetch_reg(s: requests.Session, base: str, ms: int) -> str:
    return fetch(s, base, "tools-" + "-".join(sorted(REG)), ms)


def cfg_baseline_two_fetches(s: requests.Session, base: str) -> list[str]:
    return [fetch_cfg(s, base, "a", 150), fetch_cfg(s, base, "b", 30)]


def class_defined_between_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch_kinds(s, base, 150)

    class LateHandler(Handler):
        kind = "late"

    b = fetch_kinds(s, base, 30)
    Handler.registry.pop("late", None)
    return [a, b]


def decorator_registers_between_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch_reg(s, base, 150)

    @register
    def summarize(text: str) -> str:
        return text[:10]

    b = fetch_reg(s, base, 30)
    return [a, b, summarize("abcdefghijklmnop")]


SETTERS = {"prefix": lambda v: CFG.__setitem__("prefix", v)}


def module_setter_lambda_between_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch_cfg(s, base, "a", 150)
    SETTERS["prefix"]("p1")
    b = fetch_cfg(s, base, "b", 30)
    return [a, b]


def emitter_sets_global_between_fetches(s: requests.Session, base: str) -> list[str]:
    Emitter.handlers["cfg"] = [lambda v: CFG.update(prefix=v)]
    a = fetch_cfg(s, base, "a", 150)
    Emitter.emit("cfg", "p2")
    b = fetch_cfg(s, base, "b", 30)
    return [a, b]


class _CfgHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        CFG["prefix"] = record.getMessage()


_CFG_LOG = logging.getLogger("redteam97.cfg")
_CFG_LOG.addHandler(_CfgHandler())
_CFG_LOG.setLevel(logging.INFO)
_CFG_LOG.propagate = False


def log_call_sets_global_between_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch_cfg(s, base, "a", 150)
    _CFG_LOG.info("p3")
    b = fetch_cfg(s, base, "b", 30)
    return [a, b]


def warning_hook_sets_global_between_fetches(s: requests.Session, base: str) -> list[str]:
    def hook(message: Any, *rest: Any, **kw: Any) -> None:
        CFG["prefix"] = str(message)

    old = warnings.showwarning
    warnings.showwarning = hook
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = hook
            a = fetch_cfg(s, base, "a", 150)
            warnings.warn("p4", stacklevel=1)
            b = fetch_cfg(s, base, "b", 30)
    finally:
        warnings.showwarning = old
    return [a, b]


class Prefix:
    def __init__(self, v: str) -> None:
        self.v = v

    def __format__(self, spec: str) -> str:
        CFG["prefix"] = self.v
        return self.v


def format_hook_sets_global_between_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch_cfg(s, base, "a", 150)
    label = f"{Prefix('p5')}"
    b = fetch_cfg(s, base, "b", 30)
    return [a, b, label]


class Key:
    def __init__(self, v: str) -> None:
        self.v = v

    def __eq__(self, other: object) -> bool:
        CFG["prefix"] = self.v
        return False

    __hash__ = None  # type: ignore[assignment]


def eq_hook_sets_global_between_fetches(s: requests.Session, base: str) -> list[Any]:
    a = fetch_cfg(s, base, "a", 150)
    found = Key("p6") in ["x", "y"]
    b = fetch_cfg(s, base, "b", 30)
    return [a, b, found]


def finalize_sets_global_between_fetches(s: requests.Session, base: str) -> list[str]:
    t = Tracked("cfg")
    weakref.finalize(t, CFG.__setitem__, "prefix", "p7")
    a = fetch_cfg(s, base, "a", 150)
    del t
    b = fetch_cfg(s, base, "b", 30)
    return [a, b]


def exitstack_close_sets_global_between_fetches(s: requests.Session, base: str) -> list[str]:
    with contextlib.ExitStack() as stack:
        stack.callback(CFG.__setitem__, "prefix", "p8")
        a = fetch_cfg(s, base, "a", 150)
    b = fetch_cfg(s, base, "b", 30)
    return [a, b]


def sorted_key_sets_global_between_fetches(s: requests.Session, base: str) -> list[Any]:
    a = fetch_cfg(s, base, "a", 150)
    order = sorted(["z", "y"], key=lambda k: CFG.update(prefix="p9") or k)
    b = fetch_cfg(s, base, "b", 30)
    return [a, b, order]


def singledispatch_handler_sets_global(s: requests.Session, base: str) -> list[Any]:
    @functools.singledispatch
    def apply(x: Any) -> None:
        pass

    @apply.register
    def _(x: int) -> None:
        CFG["prefix"] = f"n{x}"

    a = fetch_cfg(s, base, "a", 150)
    apply(10)
    b = fetch_cfg(s, base, "b", 30)
    return [a, b]


CASES += [
    _w(cfg_baseline_two_fetches, over(0.15, 0.03), setup=_reset_cfg),
    _w(class_defined_between_fetches, cat="state", setup=_reset_cfg),
    _w(decorator_registers_between_fetches, cat="state", setup=_reset_cfg),
    _w(module_setter_lambda_between_fetches, cat="state", setup=_reset_cfg),
    _w(emitter_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(log_call_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(warning_hook_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(format_hook_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(eq_hook_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(finalize_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(exitstack_close_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(sorted_key_sets_global_between_fetches, cat="state", setup=_reset_cfg),
    _w(singledispatch_handler_sets_global, cat="state", setup=_reset_cfg),
]


# =========================================================================== hidden writes between reads


def hidden_log_handler_put(s: requests.Session, base: str) -> list[str]:
    audit = logging.getLogger("redteam97.audit2")
    audit.propagate = False
    audit.setLevel(logging.INFO)
    h = _PutHandler(s, base)  # writes the message to /items/log
    audit.addHandler(h)
    try:
        a = fetch(s, base, "hl-a", 150)
        audit.info("logged-%s", a)
        b = fetch(s, base, "log", 30)
    finally:
        audit.removeHandler(h)
    return [a, b]


class RemoteLabel:
    def __init__(self, s: requests.Session, base: str, key: str) -> None:
        self.s, self.base, self.key = s, base, key

    def __format__(self, spec: str) -> str:
        store(self.s, self.base, self.key, "formatted")
        return self.key

    def __eq__(self, other: object) -> bool:
        store(self.s, self.base, self.key, "compared")
        return False

    __hash__ = None  # type: ignore[assignment]

    def __del__(self) -> None:
        store(self.s, self.base, self.key, "deleted")

    def __bool__(self) -> bool:
        store(self.s, self.base, self.key, "tested")
        return True


def hidden_format_put(s: requests.Session, base: str) -> list[str]:
    label = RemoteLabel(s, base, "hf")
    a = fetch(s, base, "hf-a", 150)
    title = f"{label}"
    b = fetch(s, base, "hf", 30)
    return [a, title, b]


def hidden_eq_put(s: requests.Session, base: str) -> list[Any]:
    label = RemoteLabel(s, base, "he")
    a = fetch(s, base, "he-a", 150)
    found = label in ["x"]
    b = fetch(s, base, "he", 30)
    return [a, found, b]


def hidden_del_put(s: requests.Session, base: str) -> list[Any]:
    label = RemoteLabel(s, base, "hd")
    a = fetch(s, base, "hd-a", 150)
    del label
    b = fetch(s, base, "hd", 30)
    return [a, b]


def hidden_bool_put(s: requests.Session, base: str) -> list[Any]:
    label = RemoteLabel(s, base, "hb")
    a = fetch(s, base, "hb-a", 150)
    flag = "yes" if label else "no"
    b = fetch(s, base, "hb", 30)
    return [a, flag, b]


def hidden_finalize_put(s: requests.Session, base: str) -> list[Any]:
    t = Tracked("hz")
    weakref.finalize(t, store, s, base, "hz", "finalized")
    a = fetch(s, base, "hz-a", 150)
    del t
    b = fetch(s, base, "hz", 30)
    return [a, b]


def hidden_exitstack_put(s: requests.Session, base: str) -> list[Any]:
    with contextlib.ExitStack() as stack:
        stack.callback(store, s, base, "hx", "closed")
        a = fetch(s, base, "hx-a", 150)
    b = fetch(s, base, "hx", 30)
    return [a, b]


def hidden_emitter_put(s: requests.Session, base: str) -> list[Any]:
    Emitter.handlers["saved"] = [lambda v: store(s, base, "hm", v)]
    a = fetch(s, base, "hm-a", 150)
    Emitter.emit("saved", "emitted")
    b = fetch(s, base, "hm", 30)
    Emitter.handlers.clear()
    return [a, b]


def hidden_module_hook_put(s: requests.Session, base: str) -> list[Any]:
    HOOKS.append(lambda ev, p: store(s, base, "hk", p))
    a = fetch(s, base, "hk-a", 150)
    _emit("save", "hooked")
    b = fetch(s, base, "hk", 30)
    HOOKS.clear()
    return [a, b]


WRITERS: dict[str, Any] = {
    "put": lambda s, base, key, v: s.put(f"{base}/items/{key}", data=v, timeout=5),
}


def hidden_module_lambda_put(s: requests.Session, base: str) -> list[Any]:
    a = fetch(s, base, "hw-a", 150)
    WRITERS["put"](s, base, "hw", "lambda")
    b = fetch(s, base, "hw", 30)
    return [a, b]


def hidden_sorted_key_put(s: requests.Session, base: str) -> list[Any]:
    a = fetch(s, base, "hs-a", 150)
    order = sorted(["z", "y"], key=lambda k: store(s, base, "hs", k) and k)
    b = fetch(s, base, "hs", 30)
    return [a, order, b]


@functools.singledispatch
def persist(item: Any, s: requests.Session, base: str) -> Any:
    return None


@persist.register
def _(item: dict, s: requests.Session, base: str) -> Any:
    return store(s, base, item["key"], item["value"])


def hidden_singledispatch_put(s: requests.Session, base: str) -> list[Any]:
    a = fetch(s, base, "hp-a", 150)
    persist({"key": "hp", "value": "dispatched"}, s, base)
    b = fetch(s, base, "hp", 30)
    return [a, b]


SYNC: dict[str, Any] = {}


class Synced:
    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        s, base = SYNC["s"], SYNC["base"]
        store(s, base, "classes", cls.__name__)


def hidden_init_subclass_put(s: requests.Session, base: str) -> list[Any]:
    SYNC.update(s=s, base=base)
    a = fetch(s, base, "hc-a", 150)

    class Invoice(Synced):
        pass

    b = fetch(s, base, "classes", 30)
    return [a, b, Invoice.__name__]


def hidden_decorator_put(s: requests.Session, base: str) -> list[Any]:
    def publish(fn: Any) -> Any:
        store(s, base, "published", fn.__name__)
        return fn

    a = fetch(s, base, "hdc-a", 150)

    @publish
    def handler() -> str:
        return "h"

    b = fetch(s, base, "published", 30)
    return [a, b, handler()]


def hidden_property_setter_put(s: requests.Session, base: str) -> list[Any]:
    r = Remote(s, base, "hps", 30)
    a = fetch(s, base, "hps-a", 150)
    r.value = "via-setter"
    b = fetch(s, base, "hps", 30)
    return [a, b]


def hidden_methodcaller_save_put(s: requests.Session, base: str) -> list[Any]:
    r = Remote(s, base, "hmc", 30)
    a = fetch(s, base, "hmc-a", 150)
    operator.methodcaller("save", "via-caller")(r)
    b = fetch(s, base, "hmc", 30)
    return [a, b]


class RemoteDict(dict):
    def __init__(self, s: requests.Session, base: str) -> None:
        super().__init__()
        self.s, self.base = s, base

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        store(self.s, self.base, key, value)


def hidden_setitem_put(s: requests.Session, base: str) -> list[Any]:
    d = RemoteDict(s, base)
    a = fetch(s, base, "hsi-a", 150)
    d["hsi"] = "via-setitem"
    b = fetch(s, base, "hsi", 30)
    return [a, b]


@contextlib.contextmanager
def saving(s: requests.Session, base: str, key: str) -> Any:
    yield
    store(s, base, key, "on-exit")


def hidden_contextmanager_exit_put(s: requests.Session, base: str) -> list[Any]:
    with saving(s, base, "hce"):
        a = fetch(s, base, "hce-a", 150)
    b = fetch(s, base, "hce", 30)
    return [a, b]


CASES += [
    _w(hidden_log_handler_put, cat="state"),
    _w(hidden_format_put, cat="state"),
    _w(hidden_eq_put, cat="state"),
    _w(hidden_del_put, cat="state"),
    _w(hidden_bool_put, cat="state"),
    _w(hidden_finalize_put, cat="state"),
    _w(hidden_exitstack_put, cat="state"),
    _w(hidden_emitter_put, cat="state", setup=_reset_cfg),
    _w(hidden_module_hook_put, cat="state", setup=_reset_cfg),
    _w(hidden_module_lambda_put, cat="state"),
    _w(hidden_sorted_key_put, cat="state"),
    _w(hidden_singledispatch_put, cat="state"),
    _w(hidden_init_subclass_put, cat="state"),
    _w(hidden_decorator_put, cat="state"),
    _w(hidden_property_setter_put, cat="state"),
    _w(hidden_methodcaller_save_put, cat="state"),
    _w(hidden_setitem_put, cat="state"),
    _w(hidden_contextmanager_exit_put, cat="state"),
]


# =========================================================================== state reached through a helper's arguments


class Ticket:
    """Each formatting takes the next number: the key a helper builds counts."""

    def __init__(self, name: str) -> None:
        self.name, self.n = name, 0

    def __format__(self, spec: str) -> str:
        self.n += 1
        return f"{self.name}{self.n}"

    def __str__(self) -> str:
        self.n += 1
        return f"{self.name}{self.n}"

    @property
    def key(self) -> str:
        self.n += 1
        return f"{self.name}{self.n}"

    def next_key(self) -> str:
        self.n += 1
        return f"{self.name}{self.n}"


def fetch_formatted(s: requests.Session, base: str, label: Any, ms: int) -> str:
    return s.get(f"{base}/items/{label}", params={"ms": ms}, timeout=5).json()["value"]


def fetch_str(s: requests.Session, base: str, label: Any, ms: int) -> str:
    return fetch(s, base, str(label), ms)


def fetch_prop(s: requests.Session, base: str, label: Any, ms: int) -> str:
    return fetch(s, base, label.key, ms)


def fetch_by(s: requests.Session, base: str, key_fn: Any, ms: int) -> str:
    return fetch(s, base, str(key_fn()), ms)


def partial_bound_object_formatted(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch_formatted, s, base, Ticket("t"))
    return [get(150), get(30), get(80)]


def partial_keyword_object_formatted(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch_formatted, s, base, label=Ticket("k"))
    return [get(ms=150), get(ms=30)]


def partial_bound_object_str(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch_str, s, base, Ticket("st"))
    return [get(150), get(30)]


def partial_bound_object_property(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch_prop, s, base, Ticket("pr"))
    return [get(150), get(30)]


def object_property_direct_args(s: requests.Session, base: str) -> list[str]:
    t = Ticket("dp")
    return [fetch_prop(s, base, t, 150), fetch_prop(s, base, t, 30)]


def bound_method_key_fn(s: requests.Session, base: str) -> list[str]:
    t = Ticket("bm")
    return [fetch_by(s, base, t.next_key, 150), fetch_by(s, base, t.next_key, 30)]


def count_next_key_fn(s: requests.Session, base: str) -> list[str]:
    next_id = itertools.count(1).__next__
    return [fetch_by(s, base, next_id, 150), fetch_by(s, base, next_id, 30)]


def closure_counter_key_fn(s: requests.Session, base: str) -> list[str]:
    n = 0

    def next_key() -> str:
        nonlocal n
        n += 1
        return f"cl{n}"

    return [fetch_by(s, base, next_key, 150), fetch_by(s, base, next_key, 30)]


def partial_of_bound_method_key_fn(s: requests.Session, base: str) -> list[str]:
    t = Ticket("pb")
    get = functools.partial(fetch_by, s, base, t.next_key)
    return [get(150), get(30)]


TOOLS = {"get": fetch_formatted}


def dispatch_dict_object_formatted(s: requests.Session, base: str) -> list[str]:
    t = Ticket("dd")
    return [TOOLS["get"](s, base, t, 150), TOOLS["get"](s, base, t, 30)]


def deque_popleft_key_fn(s: requests.Session, base: str) -> list[str]:
    queue = collections.deque(["q-first", "q-second", "q-third"])
    return [fetch_by(s, base, queue.popleft, 150), fetch_by(s, base, queue.popleft, 30),
            fetch_by(s, base, queue.popleft, 80)]


def iterator_next_key_fn(s: requests.Session, base: str) -> list[str]:
    keys = iter(["i-first", "i-second"])
    return [fetch_by(s, base, keys.__next__, 150), fetch_by(s, base, keys.__next__, 30)]


def list_pop_key_fn(s: requests.Session, base: str) -> list[str]:
    stack = ["p-last", "p-first"]
    return [fetch_by(s, base, stack.pop, 150), fetch_by(s, base, stack.pop, 30)]


CASES += [
    _w(partial_bound_object_formatted, cat="state"),
    _w(partial_keyword_object_formatted, cat="state"),
    _w(partial_bound_object_str, cat="state"),
    _w(partial_bound_object_property, cat="state"),
    _w(object_property_direct_args, cat="state"),
    _w(bound_method_key_fn, cat="state"),
    _w(count_next_key_fn, cat="state"),
    _w(closure_counter_key_fn, cat="state"),
    _w(partial_of_bound_method_key_fn, cat="state"),
    _w(dispatch_dict_object_formatted, cat="state"),
    _w(deque_popleft_key_fn, cat="state"),
    _w(iterator_next_key_fn, cat="state"),
    _w(list_pop_key_fn, cat="state"),
]

FAILING_WHY: dict[str, str] = {}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
