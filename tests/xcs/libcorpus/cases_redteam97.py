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

import asyncio
import functools
import itertools
import logging
import operator
import weakref
from pathlib import Path
from typing import Any

import httpx
import requests
import requests.auth

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


# =========================================================================== dispatch dicts


def _read_op(s: requests.Session, base: str, key: str) -> str:
    return fetch(s, base, key, 120)


def _write_op(s: requests.Session, base: str, key: str) -> str:
    return str(store(s, base, key, "written"))


def _delete_op(s: requests.Session, base: str, key: str) -> str:
    return str(s.delete(f"{base}/items/{key}", timeout=5).json()["deleted"])


STRATEGIES = {"read": _read_op, "write": _write_op, "delete": _delete_op}


def strategy_plan_mixed(s: requests.Session, base: str) -> list[str]:
    plan = [("read", "k"), ("write", "k"), ("read", "k"), ("delete", "k"), ("read", "j")]
    return [STRATEGIES[name](s, base, key) for name, key in plan]


def dispatch_rebound_after_response(s: requests.Session, base: str) -> list[Any]:
    """After the first answer the handler for 'fetch' becomes a writer."""
    handlers: dict[str, Any] = {"fetch": lambda k, ms: fetch(s, base, k, ms)}
    out: list[Any] = []
    for key, ms in (("d1", 150), ("d2", 30), ("d2", 80)):
        out.append(handlers["fetch"](key, ms))
        if len(out) == 1:
            handlers["fetch"] = lambda k, ms: store(s, base, k, "from-handler")
    return out


# =========================================================================== reduce, map, filter


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


def any_short_circuits_fetch(s: requests.Session, base: str) -> list[Any]:
    store(s, base, "a2", "hit")
    found = any(fetch(s, base, k, ms) == "hit" for k, ms in (("a1", 150), ("a2", 30),
                                                             ("a3", 80)))
    store(s, base, "a3", "after-any")
    return [found, fetch(s, base, "a3", 30)]


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


class _PutHandler(logging.Handler):
    def __init__(self, s: requests.Session, base: str) -> None:
        super().__init__()
        self.s, self.base = s, base

    def emit(self, record: logging.LogRecord) -> None:
        store(self.s, self.base, "log", record.getMessage())


# =========================================================================== SDK


def _oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def sdk_partial_create_map(client: Any) -> list[str]:
    create = functools.partial(client.chat.completions.create, model="gpt")
    outs = []
    for prompt, lat in (("alpha", 0.15), ("beta", 0.03), ("gamma", 0.08)):
        r = create(messages=[{"role": "user", "content": prompt}], extra_body={"latency": lat})
        outs.append(r.choices[0].message.content)
    return outs


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
    _w(partial_fetch_list_comp, over(0.15, 0.03, 0.08)),
    _w(partial_store_copies_reads, cat="state"),
    Case("files", partial_of_user_file_writer, args=_sess_tmp, servers="web"),
    _w(on_result_prints, over(0.15, 0.03, 0.08)),
    _w(on_error_collects_then_put, cat="validation"),
    _w(on_result_raises_stops_loop, cat="validation"),
    _w(module_hooks_registered_inside, cat="state", setup=_reset_hooks),
    _w(emitter_decorated_handlers_inside, cat="state", setup=_reset_hooks),
    _w(strategy_plan_mixed, cat="state"),
    _w(dispatch_rebound_after_response, cat="state"),
    _w(map_user_fetch, over(0.15, 0.03, 0.08)),
    _w(lazy_map_of_lambda_after_put, cat="state"),
    _w(lazy_filter_consumed_after_put, cat="state"),
    _w(any_short_circuits_fetch, cat="state"),
    _w(decorator_inside_counts_calls, cat="state"),
    _w(decorator_inside_retry_then_put, cat="validation"),
    _w(bound_methods_stored_then_called, cat="state"),
    _w(methodcaller_load_all, over(0.15, 0.03, 0.08)),
    _w(methodcaller_save_then_attrgetter, cat="state"),
    _w(subclass_registered_inside, cat="state"),
    _w(singledispatch_mixed_items, cat="state"),
    _w(singledispatch_method_on_class, cat="state"),
    _sdk(sdk_partial_create_map, over(0.15, 0.03, 0.08)),
]


# =========================================================================== partials, round two

SEQ: list[int] = []


def _reset_seq(env: Env) -> None:
    SEQ.clear()


def fetch_numbered(s: requests.Session, base: str, key: str, ms: int) -> str:
    SEQ.append(ms)
    return fetch(s, base, f"{key}-{len(SEQ)}", ms)


def fetch_params(s: requests.Session, base: str, key: str, params: dict[str, Any]) -> str:
    return s.get(f"{base}/items/{key}", params=params, timeout=5).json()["value"]


def partial_with_on_result_print(s: requests.Session, base: str) -> list[Any]:
    get = functools.partial(_fetch_then, s, base, on_result=lambda v: print("cb", v) or v)
    return [get("pc1", 150), get("pc2", 30), get("pc3", 80)]


def partial_of_global_counting_fetch(s: requests.Session, base: str) -> list[Any]:
    get = functools.partial(fetch_numbered, s, base)
    return [get("gn", 150), get("gn", 30), get("gn", 80), list(SEQ)]


def partial_bound_params_dict_mutated(s: requests.Session, base: str) -> list[str]:
    params = {"ms": 150, "tag": "first"}
    get = functools.partial(fetch_params, s, base, params=params)
    a = get("bp1")
    params["ms"] = 30
    params["tag"] = "second"
    b = get("bp2")
    return [a, b]


def session_params_changed_between_partials(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch, s, base)
    s.params = {"tenant": "a"}
    a = get("sp1", 150)
    s.params["tenant"] = "b"
    b = get("sp2", 30)
    return [a, b]


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


def sdk_partial_extra_body_mutated(client: Any) -> list[Any]:
    body = {"latency": 0.15}
    ask = functools.partial(client.chat.completions.create, model="gpt", extra_body=body,
                            messages=[{"role": "user", "content": "hello"}])
    r1 = ask()
    body["latency"] = 0.03
    r2 = ask()
    return [r1.choices[0].message.content, r2.choices[0].message.content]


CASES += [
    _w(partial_with_on_result_print, over(0.15, 0.03, 0.08)),
    _w(partial_of_global_counting_fetch, cat="state", setup=_reset_seq),
    _w(partial_bound_params_dict_mutated, cat="state"),
    _w(session_params_changed_between_partials, cat="state"),
    _w(partial_list_comp_then_put_then_read, cat="state"),
    _w(partial_strict_missing_then_put, cat="validation"),
    _w(partialmethod_counts_calls, cat="state"),
    Case("state", sdk_partial_extra_body_mutated, args=_oa_args, servers="api"),
]


# =========================================================================== aliases that mutate


class Tracked:
    def __init__(self, name: str) -> None:
        self.name = name

    def __del__(self) -> None:
        print("released", self.name)


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


def hidden_finalize_put(s: requests.Session, base: str) -> list[Any]:
    t = Tracked("hz")
    weakref.finalize(t, store, s, base, "hz", "finalized")
    a = fetch(s, base, "hz-a", 150)
    del t
    b = fetch(s, base, "hz", 30)
    return [a, b]


@functools.singledispatch
def persist(item: Any, s: requests.Session, base: str) -> Any:
    return None


@persist.register
def _(item: dict, s: requests.Session, base: str) -> Any:
    return store(s, base, item["key"], item["value"])


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


CASES += [
    _w(hidden_log_handler_put, cat="state"),
    _w(hidden_finalize_put, cat="state"),
    _w(hidden_init_subclass_put, cat="state"),
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


def fetch_by(s: requests.Session, base: str, key_fn: Any, ms: int) -> str:
    return fetch(s, base, str(key_fn()), ms)


def partial_bound_object_formatted(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(fetch_formatted, s, base, Ticket("t"))
    return [get(150), get(30), get(80)]


def bound_method_key_fn(s: requests.Session, base: str) -> list[str]:
    t = Ticket("bm")
    return [fetch_by(s, base, t.next_key, 150), fetch_by(s, base, t.next_key, 30)]


def count_next_key_fn(s: requests.Session, base: str) -> list[str]:
    next_id = itertools.count(1).__next__
    return [fetch_by(s, base, next_id, 150), fetch_by(s, base, next_id, 30)]


CASES += [
    _w(partial_bound_object_formatted, cat="state"),
    _w(bound_method_key_fn, cat="state"),
    _w(count_next_key_fn, cat="state"),
]


# =========================================================================== library callbacks: hooks, auth


def session_response_hook_prints(s: requests.Session, base: str) -> list[str]:
    s.hooks["response"].append(lambda r, *a, **k: print("response", r.url.split("/")[-1]))
    return [fetch(s, base, "rh1", 150), fetch(s, base, "rh2", 30), fetch(s, base, "rh3", 80)]


def session_auth_callable_counts(s: requests.Session, base: str) -> list[str]:
    n = 0

    def sign(r: requests.PreparedRequest) -> requests.PreparedRequest:
        nonlocal n
        n += 1
        r.prepare_url(r.url, {"sig": n})
        return r

    s.auth = sign
    return [fetch(s, base, "au1", 150), fetch(s, base, "au2", 30)]


CASES += [
    _w(session_response_hook_prints, over(0.15, 0.03, 0.08)),
    _w(session_auth_callable_counts, cat="state"),
]


# =========================================================================== async callbacks


def _hx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await f(client)
    return asyncio.run(main())


async def aget(c: httpx.AsyncClient, key: str, ms: int) -> str:
    return (await c.get(f"/items/{key}", params={"ms": ms})).json()["value"]


async def async_partial_awaited(c: httpx.AsyncClient) -> list[str]:
    get = functools.partial(aget, c)
    return [await get("ap1", 150), await get("ap2", 30), await get("ap3", 80)]


async def async_done_callback_prints(c: httpx.AsyncClient) -> list[str]:
    out = []
    for key, ms in (("dc1", 150), ("dc2", 30)):
        task = asyncio.ensure_future(aget(c, key, ms))
        task.add_done_callback(lambda t: print("done", t.result()))
        out.append(await task)
    return out


CASES += [
    Case("helpers", async_partial_awaited, drive=_hx, servers="web",
         ideal=over(0.15, 0.03, 0.08)),
    Case("helpers", async_done_callback_prints, drive=_hx, servers="web"),
]


# =========================================================================== lru_cache of a partial


def lru_partial_same_key_in_list(s: requests.Session, base: str) -> list[Any]:
    get = functools.lru_cache(maxsize=None)(functools.partial(fetch, s, base))
    values = [get(k, 60) for k in ("lk1", "lk2", "lk1", "lk2")]
    return [values, get.cache_info().hits]


CASES += [
    _w(lru_partial_same_key_in_list, cat="state"),
]


def lru_partial_positional_vs_keyword(s: requests.Session, base: str) -> list[Any]:
    get = functools.lru_cache(maxsize=None)(functools.partial(fetch, s, base))
    values = [get("pk", 150), get("pk", ms=150), get(key="pk", ms=30)]
    return [values, get.cache_info().misses]


CASES += [
    _w(lru_partial_positional_vs_keyword, cat="state"),
]


# =========================================================================== partial binding errors


def partial_keyword_then_positional_clash(s: requests.Session, base: str) -> list[Any]:
    """ms bound by keyword, then passed by position: TypeError, no request."""
    get = functools.partial(fetch, s, base, ms=150)
    out: list[Any] = [get("pc-a")]
    try:
        out.append(get("pc-b", 30))
    except TypeError as e:
        out.append(type(e).__name__)
    out.append(get("pc-c", ms=30))
    return out


CASES += [
    _w(partial_keyword_then_positional_clash, cat="validation"),
]


# =========================================================================== wrappers that look like fetch


class LoggedPartial(functools.partial):
    def __call__(self, *args: Any, **kw: Any) -> Any:
        print("calling", *args)
        return super().__call__(*args, **kw)


def partial_subclass_prints(s: requests.Session, base: str) -> list[str]:
    get = LoggedPartial(fetch, s, base)
    return [get("ls1", 150), get("ls2", 30), get("ls3", 80)]


def fetch_and_audit(s: requests.Session, base: str, key: str, ms: int) -> str:
    store(s, base, "audit", key)
    return fetch(s, base, key, ms)


def update_wrapper_partial_hides_writer(s: requests.Session, base: str) -> list[str]:
    get = functools.update_wrapper(functools.partial(fetch_and_audit, s, base), fetch)
    return [get("uw1", 150), get("uw2", 30), fetch(s, base, "audit", 30)]


@functools.wraps(fetch)
def audited_fetch(s: requests.Session, base: str, key: str, ms: int = 50) -> str:
    store(s, base, "audit", key)
    return fetch(s, base, key, ms)


def wraps_module_writer_named_fetch(s: requests.Session, base: str) -> list[str]:
    return [audited_fetch(s, base, "wm1", 150), audited_fetch(s, base, "wm2", 30),
            fetch(s, base, "audit", 30)]


CASES += [
    _w(partial_subclass_prints, over(0.15, 0.03, 0.08)),
    _w(update_wrapper_partial_hides_writer, cat="state"),
    _w(wraps_module_writer_named_fetch, cat="state"),
]


class CountingPartial(functools.partial):
    def __call__(self, key: str, *args: Any, **kw: Any) -> Any:
        self.n = getattr(self, "n", 0) + 1
        return super().__call__(f"{key}-{self.n}", *args, **kw)


class RecordingPartial(functools.partial):
    calls: list[str] = []

    def __call__(self, *args: Any, **kw: Any) -> Any:
        value = super().__call__(*args, **kw)
        RecordingPartial.calls.append(str(args[0]))
        return value


class AuditingPartial(functools.partial):
    def __call__(self, key: str, *args: Any, **kw: Any) -> Any:
        s, base = self.args[:2]
        store(s, base, "last-call", key)
        return super().__call__(key, *args, **kw)


class CheckedPartial(functools.partial):
    def __call__(self, key: str, *args: Any, **kw: Any) -> Any:
        if key.startswith("bad"):
            raise ValueError(f"refusing {key}")
        return super().__call__(key, *args, **kw)


def _reset_recording(env: Env) -> None:
    RecordingPartial.calls.clear()


def partial_subclass_counts_calls(s: requests.Session, base: str) -> list[str]:
    get = CountingPartial(fetch, s, base)
    return [get("cp", 150), get("cp", 30), get("cp", 80)]


def partial_subclass_records_order(s: requests.Session, base: str) -> list[Any]:
    get = RecordingPartial(fetch, s, base)
    values = [get("rp1", 150), get("rp2", 30), get("rp3", 80)]
    return [values, list(RecordingPartial.calls)]


def partial_subclass_puts_each_call(s: requests.Session, base: str) -> list[Any]:
    get = AuditingPartial(fetch, s, base)
    values = [get("ap1", 150), get("ap2", 30), get("ap3", 80)]
    return [values, fetch(s, base, "last-call", 30)]


def partial_subclass_refuses_key(s: requests.Session, base: str) -> list[Any]:
    get = CheckedPartial(fetch, s, base)
    out: list[Any] = []
    try:
        for key, ms in (("ok-1", 150), ("bad-2", 30), ("ok-3", 30)):
            out.append(get(key, ms))
    except ValueError as e:
        out.append(str(e))
    return out


def sdk_partial_subclass_prints(client: Any) -> list[str]:
    create = LoggedPartial(client.chat.completions.create, model="gpt")
    out = []
    for prompt, lat in (("first", 0.15), ("second", 0.03), ("third", 0.08)):
        r = create(messages=[{"role": "user", "content": prompt}], extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


CASES += [
    _w(partial_subclass_counts_calls, cat="state"),
    _w(partial_subclass_records_order, cat="state", setup=_reset_recording),
    _w(partial_subclass_puts_each_call, cat="state"),
    _w(partial_subclass_refuses_key, cat="validation"),
    Case("sdk", sdk_partial_subclass_prints, args=_oa_args, servers="api"),
]


class DonePartial(functools.partial):
    """Prints when its call has returned."""

    def __call__(self, *args: Any, **kw: Any) -> Any:
        value = super().__call__(*args, **kw)
        print("done", *args)
        return value


def lru_of_partial_subclass(s: requests.Session, base: str) -> list[str]:
    get = functools.lru_cache(maxsize=None)(DonePartial(fetch, s, base))
    return [get("lq1", 150), get("lq2", 30), get("lq1", 150)]


def partial_of_partial_subclass(s: requests.Session, base: str) -> list[str]:
    get = functools.partial(DonePartial(fetch, s), base)
    return [get("nq1", 150), get("nq2", 30)]


CASES += [
    _w(lru_of_partial_subclass, over(0.15, 0.03)),
    _w(partial_of_partial_subclass, over(0.15, 0.03)),
]

# Differed under jit when written, fixed since: a subclass of functools.partial is not
# taken for a partial of its function (its own __call__ is the user's code); only
# functools.partial itself is seen through.
FIXED_WHY: dict[str, str] = {
    "partial_subclass_prints":
        "stdout 'calling ls1/ls2/ls3' vs 'calling ls3/ls2/ls1': LoggedPartial.__call__ prints "
        "before super().__call__; the three calls start as tasks and print in task order",
    "partial_subclass_counts_calls":
        "value[0] 'v-cp-1' vs 'v-cp-2', GET cp-2?ms=150: CountingPartial.__call__ numbers the "
        "key from self.n; the started calls take the numbers out of order",
    "partial_subclass_records_order":
        "value[1] ['rp1', 'rp2', 'rp3'] vs completion order: RecordingPartial.__call__ appends "
        "to a class list after its GET; the overlapped calls append as their GETs finish",
    "partial_subclass_puts_each_call":
        "value[1] 'ap3' vs 'v-last-call', the first PUT of last-call is 'ap3' (plain: 'ap1'): "
        "AuditingPartial.__call__ PUTs before its GET; taken for a read, the three calls "
        "(each a PUT then a GET) overlap, so the PUTs race and the final GET of last-call "
        "started before the last PUT",
    "partial_subclass_refuses_key":
        "extra GET /items/ok-3: CheckedPartial.__call__ raises ValueError for 'bad-2' before "
        "any request; the loop's third call was started beside the first, so its GET went "
        "out though the plain run stops at the raise",
    "lru_of_partial_subclass":
        "stdout 'done lq1' / 'done lq2' swapped: lru_cache(DonePartial(fetch, s, base)); the "
        "cache wrapper is seen through to a partial of fetch, the two misses overlap and "
        "DonePartial.__call__ prints as each GET finishes",
    "partial_of_partial_subclass":
        "stdout 'done nq1' / 'done nq2' swapped: partial(DonePartial(fetch, s), base); a plain "
        "partial over the subclass is taken for a read, and the subclass's print runs in the "
        "started task, in completion order",
}

FAILING_WHY: dict[str, str] = {}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
