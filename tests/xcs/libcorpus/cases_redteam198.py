"""Red-team cases (stop 198): partials bound to locals, calling an object runs its class's
``__call__``, method summaries kept per object.

(1) A local bound once to ``functools.partial(f, *constants, **constants)`` and only ever
called has `f`'s rule: partials of writes (``requests.request("PUT")`` positionally, by
keyword overridden at the call), partials of partials (of a global partial, of a subclass
of ``partial`` that prints), of a helper of the user's that counts or writes under a
keyword the call overrides, of ``print``, of ``time.sleep`` used as spacing, of ``open``
with a mode, of a session's ``delete``, of a session whose hooks the function adds or whose
auth is the user's, of an SDK's ``files.create``; a partial made in a loop or in a branch,
of a parameter, of a closure's variable, of a parameter's method, its `f` rebound between
calls (a global, a module attribute, a closure cell, a class's method, the parameter's
attribute), a ``partialmethod``, its ``keywords`` read and changed, handed to an
executor's ``map`` or a dict, awaited, and partials whose call raises (a timeout, the
method given twice).
(2) Calling an object runs its class's ``__call__``: hooks, validation, a budget check and
metrics written around ``forward``; Ember operators with a ``__call__`` override, with a
mixin's ``__call__``, with a ``__call__`` wrapped by a class decorator using
``functools.wraps`` or memoised by ``functools.lru_cache`` (both copy Ember's
``__ember_forward__`` mark onto the wrapper), with an output hint that rejects, with input
and output specs whose pydantic validators print, with only ``aforward``; ``__call__`` set
on the class between calls, ``__call__`` as a property, an instance attribute
``__call__`` (which Python ignores), a metaclass ``__call__``, an ensemble mixing a writer.
(3) Method summaries kept per object: a client swapped by the function, by the method
itself, by a context manager, through a property, a ``__getattr__`` proxy, ``__slots__``
without ``__weakref__``, a class attribute, ``__class__`` reassigned, objects of one class
holding different clients.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pydantic
import requests
import requests.auth

from ember.api import operators
from tests.xcs.libcorpus._case import Case, Env, openai_client

ME = sys.modules[__name__]

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)


def _get(web: str, k: Any, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, k: str, v: str) -> None:
    requests.put(f"{web}/items/{k}", data=v, timeout=5)


# =========================================================================== (1) partials


def r198_partial_get_loop_overlaps(web: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r198_partial_request_put_positional(web: str) -> list[str]:
    send = functools.partial(requests.request, "PUT", timeout=5)
    before = _get(web, "b", 150)
    send(f"{web}/items/b", data="sent-b")
    after = _get(web, "b", 40)
    other = _get(web, "c", 90)
    return [before, after, other]


def r198_partial_request_method_keyword_override(web: str) -> list[Any]:
    req = functools.partial(requests.request, method="GET", timeout=5)
    a = req(url=f"{web}/items/a?ms=150").json()["value"]
    req(url=f"{web}/items/a", method="PUT", data="overridden")
    b = req(url=f"{web}/items/a?ms=40").json()["value"]
    c = req(url=f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c]


PUT = functools.partial(requests.request, "PUT")


def r198_partial_of_global_partial(web: str) -> list[str]:
    put = functools.partial(PUT, timeout=5)
    first = _get(web, "a", 150)
    put(f"{web}/items/a", data="nested")
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


class LoudPartial(functools.partial):
    """A partial that says what it calls."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        print("calling", self.func.__name__, args[0].rsplit("/", 1)[-1])
        return super().__call__(*args, **kwargs)


LOUD_GET = LoudPartial(requests.get)


def r198_partial_of_loud_partial(web: str) -> list[str]:
    get = functools.partial(LOUD_GET, timeout=5)
    out = []
    for k, ms in KEYS:
        v = get(f"{web}/items/{k}?ms={ms}").json()["value"]
        print("got", v)
        out.append(v)
    return out


def r198_partial_in_loop_body(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        get = functools.partial(requests.get, timeout=5)
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r198_partial_in_branch_write_or_read(web: str, dry_run: bool = False) -> list[str]:
    if dry_run:
        send = functools.partial(requests.request, "GET", timeout=5)
    else:
        send = functools.partial(requests.request, "PUT", timeout=5)
    first = _get(web, "a", 150)
    send(f"{web}/items/a", data="maybe")
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def r198_partial_print_sep_between_gets(web: str) -> list[str]:
    say = functools.partial(print, "fetched", sep=" | ")
    out = []
    for k, ms in KEYS:
        v = _get(web, k, ms)
        say(k, v)
        out.append(v)
    return out


def r198_partial_sleep_rate_limit(web: str) -> list[str]:
    pause = functools.partial(time.sleep, 0.1)
    out = []
    for k, ms in KEYS:
        out.append(_get(web, k, ms // 3))
        pause()
    return out


COUNT = {"n": 0}


def _counted_get(web: str, k: str, ms: int, timeout: float = 5) -> str:
    COUNT["n"] += 1
    return requests.get(f"{web}/items/{k}-{COUNT['n']}?ms={ms}", timeout=timeout).json()["value"]


def r198_partial_user_helper_counts(web: str) -> list[str]:
    COUNT["n"] = 0
    fetch = functools.partial(_counted_get, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(fetch(web, k, ms))
    return out


def _sync(web: str, k: str, ms: int, write: bool = False) -> str:
    if write:
        requests.put(f"{web}/items/{k}", data=f"w{ms}", timeout=5)
        return f"w{ms}"
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def r198_partial_helper_kw_override_write(web: str) -> list[str]:
    sync = functools.partial(_sync, write=False)
    a = sync(web, "a", 150)
    w = sync(web, "b", 40, write=True)
    b = sync(web, "b", 40)
    c = sync(web, "c", 90)
    return [a, w, b, c]


def _read_item(web: str, k: str, ms: int, timeout: float = 5) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=timeout).json()["value"]


def _write_item(web: str, k: str, ms: int, timeout: float = 5) -> str:
    requests.put(f"{web}/items/{k}", data=f"w{ms}", timeout=timeout)
    return f"w{ms}"


FETCH = _read_item


def r198_partial_global_rebound(web: str) -> list[str]:
    fetch = functools.partial(FETCH, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(fetch(web, k, ms))
    out.append(_get(web, "a", 20))
    return out


def _rebind_fetch(f: Any, env: Env) -> Any:
    try:
        first = f(env.web)
        ME.FETCH = _write_item
        second = f(env.web)
    finally:
        ME.FETCH = _read_item
    return [first, second]


_REAL_GET = requests.get


def _traced_get(url: str, **kwargs: Any) -> Any:
    requests.post(url.split("?")[0].rsplit("/", 2)[0] + "/items/trace",
                  data=url.rsplit("/", 1)[-1], timeout=5)
    return _REAL_GET(url, **kwargs)


def r198_partial_module_attr_patched(web: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _patch_requests_get(f: Any, env: Env) -> Any:
    try:
        first = f(env.web)
        requests.get = _traced_get
        second = f(env.web)
    finally:
        requests.get = _REAL_GET
    return [first, second]


def r198_partial_of_parameter(web: str, fetch_fn: Any) -> list[str]:
    fetch = functools.partial(fetch_fn, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(fetch(web, k, ms))
    out.append(_get(web, "b", 30))
    return out


def _param_swapped(f: Any, env: Env) -> Any:
    return [f(env.web, _read_item), f(env.web, _write_item), f(env.web, _read_item)]


class Transport:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int, timeout: float = 5) -> str:
        return requests.get(f"{self.web}/items/{k}?ms={ms}", timeout=timeout).json()["value"]


class AuditTransport(Transport):
    """The same reads, each first recorded on the server."""

    def fetch(self, k: str, ms: int, timeout: float = 5) -> str:
        requests.post(f"{self.web}/items/audit", data=k, timeout=timeout)
        return super().fetch(k, ms, timeout)


class Api:
    def __init__(self, web: str) -> None:
        self.http: Transport = Transport(web)


def r198_partial_of_method_swapped_before(web: str, api: Api) -> list[str]:
    api.http = AuditTransport(web)
    fetch = functools.partial(api.http.fetch, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(fetch(k, ms))
    return out


def _api_args(env: Env) -> tuple:
    return (env.web, Api(env.web))


def r198_param_direct_swapped(web: str, fetch_fn: Any) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(fetch_fn(web, k, ms, timeout=5))
    out.append(_get(web, "b", 30))
    return out


def r198_partial_of_param_method_between_calls(web: str, api: Api) -> list[str]:
    fetch = functools.partial(api.http.fetch, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(fetch(k, ms))
    out.append(_get(web, "b", 30))
    return out


def _api_swapped_between(f: Any, env: Env) -> Any:
    api = Api(env.web)
    first = f(env.web, api)
    api.http = AuditTransport(env.web)
    return [first, f(env.web, api)]


def _class_method_patched_between(f: Any, env: Env) -> Any:
    saved = Transport.fetch
    api = Api(env.web)
    try:
        first = f(env.web, api)
        Transport.fetch = AuditTransport.fetch  # type: ignore[method-assign]
        second = f(env.web, api)
    finally:
        Transport.fetch = saved  # type: ignore[method-assign]
    return [first, second]


def _audit_hook(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    base = r.url.split("/items/")[0]
    requests.post(f"{base}/items/audit", data=r.url.rsplit("/", 1)[-1], timeout=5)


def r198_partial_get_response_hook_writes(web: str) -> list[str]:
    get = functools.partial(requests.get, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(get(f"{web}/items/{k}?ms={ms}", hooks={"response": _audit_hook}).json()["value"])
    return out + [_get(web, "audit", 30)]


def r198_partial_session_hooks_added(web: str, session: requests.Session) -> list[str]:
    session.hooks["response"].append(_audit_hook)
    get = functools.partial(session.get, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out + [_get(web, "audit", 30)]


def r198_session_hooks_added_direct(web: str, session: requests.Session) -> list[str]:
    session.hooks["response"].append(_audit_hook)
    out = []
    for k, ms in KEYS:
        out.append(session.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"])
    return out + [_get(web, "audit", 30)]


class PrintingAuth(requests.auth.AuthBase):
    """Signs each request, saying so."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        print("signing", r.url.rsplit("/", 1)[-1])
        r.headers["X-Signed"] = "yes"
        return r


def r198_partial_session_user_auth(web: str, session: requests.Session) -> list[str]:
    get = functools.partial(session.get, timeout=5)
    out = []
    for k, ms in KEYS:
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _authed_session_args(env: Env) -> tuple:
    s = env.own(requests.Session())
    s.auth = PrintingAuth()
    return (env.web, s)


_SETTERS: list[Any] = []


def make_r198_partial_of_closure_cell(env: Env) -> Any:
    fetch_fn = _read_item

    def use(fn: Any) -> None:
        nonlocal fetch_fn
        fetch_fn = fn

    def run(web: str) -> list[str]:
        fetch = functools.partial(fetch_fn, timeout=5)
        out = []
        for k, ms in KEYS:
            out.append(fetch(web, k, ms))
        out.append(_get(web, "b", 30))
        return out

    _SETTERS[:] = [use]
    return run


def _closure_swapped(f: Any, env: Env) -> Any:
    first = f(env.web)
    _SETTERS[0](_write_item)
    return [first, f(env.web)]


class Items:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)

    def store(self, k: str, v: str) -> None:
        _put(self.web, k, v)

    fetch_slow = functools.partialmethod(fetch, ms=150)
    store_default = functools.partialmethod(store, v="default")


def r198_partialmethod_read_write(web: str) -> list[str]:
    items = Items(web)
    a = items.fetch_slow("a")
    items.store_default("a")
    b = items.fetch("a", 40)
    c = items.fetch_slow("c")
    return [a, b, c]


def r198_partial_keywords_read_and_changed(web: str) -> list[Any]:
    req = functools.partial(requests.request, "GET", timeout=5)
    a = req(f"{web}/items/a?ms=150").json()["value"]
    print("timeout is", req.keywords["timeout"])
    req.keywords["data"] = "changed"
    req.keywords["method"] = "PUT"  # (with "GET" positional too: a TypeError)
    try:
        req(f"{web}/items/b?ms=40")
    except TypeError as exc:
        print("refused:", type(exc).__name__)
    return [a, _get(web, "c", 90)]


def r198_partial_to_executor_map_then_put(web: str) -> list[str]:
    put = functools.partial(requests.put, timeout=5)
    get = functools.partial(requests.get, timeout=5)
    with concurrent.futures.ThreadPoolExecutor(3) as ex:
        vals = [r.json()["value"] for r in ex.map(get, [f"{web}/items/{k}?ms={ms}"
                                                       for k, ms in KEYS])]
    put(f"{web}/items/all", data=",".join(vals))
    return [*vals, _get(web, "all", 40)]


def r198_partial_in_dict_dispatch(web: str) -> list[Any]:
    ops = {"get": functools.partial(requests.get, timeout=5),
           "put": functools.partial(requests.put, timeout=5)}
    out = []
    for op, k, ms in (("get", "a", 150), ("put", "a", 0), ("get", "a", 40), ("get", "c", 90)):
        if op == "put":
            out.append(ops[op](f"{web}/items/{k}", data="dispatched").status_code)
        else:
            out.append(ops[op](f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


async def _afetch(web: str, k: str, ms: int, timeout: float = 5) -> str:
    async with httpx.AsyncClient(timeout=timeout) as c:
        r = await c.get(f"{web}/items/{k}?ms={ms}")
        return r.json()["value"]


async def _aput(web: str, k: str, v: str, timeout: float = 5) -> None:
    async with httpx.AsyncClient(timeout=timeout) as c:
        await c.put(f"{web}/items/{k}", content=v)


async def r198_partial_async_awaited(web: str) -> list[str]:
    fetch = functools.partial(_afetch, timeout=5)
    store = functools.partial(_aput, timeout=5)
    a = await fetch(web, "a", 150)
    await store(web, "a", "async-put")
    b = await fetch(web, "a", 40)
    c = await fetch(web, "c", 90)
    return [a, b, c]


def _arun(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def r198_partial_timeout_raises(web: str) -> list[str]:
    get = functools.partial(requests.get, timeout=0.1)
    out = []
    for k, ms in (("a", 400), ("b", 20), ("c", 30)):
        out.append(get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r198_partial_method_twice_typeerror(web: str) -> list[str]:
    req = functools.partial(requests.request, method="GET", timeout=5)
    a = req(url=f"{web}/items/a?ms=150").json()["value"]
    b = req(f"{web}/items/b?ms=40").json()["value"]  # TypeError: multiple values for method
    c = req(url=f"{web}/items/c?ms=90").json()["value"]
    return [a, b, c]


def r198_partial_open_write_then_read(folder: str) -> list[str]:
    write = functools.partial(open, mode="w", encoding="utf-8")
    read = functools.partial(open, encoding="utf-8")
    out = []
    for name in ("one", "two"):
        with write(Path(folder, f"{name}.txt")) as fh:
            fh.write(f"{name} body\n")
        with read(Path(folder, f"{name}.txt")) as fh:
            out.append(fh.read())
    return out


def r198_partial_session_delete_param(web: str, session: requests.Session) -> list[Any]:
    delete = functools.partial(session.delete, timeout=5)
    _put(web, "a", "doomed")
    first = _get(web, "a", 150)
    gone = delete(f"{web}/items/a").json()["deleted"]
    return [first, gone, _get(web, "a", 40), _get(web, "c", 90)]


def _session_args(env: Env) -> tuple:
    return (env.web, env.own(requests.Session()))


def r198_partial_oa_files_upload_then_list(client: Any) -> list[Any]:
    upload = functools.partial(client.files.create, purpose="batch")
    ask = functools.partial(client.chat.completions.create, model="gpt")
    out = []
    for q, lat in (("Why?", 0.15), ("How?", 0.04)):
        r = ask(messages=[{"role": "user", "content": q}], extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
        upload(file=(f"{q[:-1].lower()}.txt", out[-1].encode()))
    out.append([f.filename for f in client.files.list()])
    return out


# =========================================================================== (2) __call__


class Hooked:
    """``__call__`` runs hooks around `forward`."""

    def __init__(self, web: str, name: str) -> None:
        self.web = web
        self.name = name

    def __call__(self, k: str, ms: int) -> str:
        print("before", self.name, k)
        out = self.forward(k, ms)
        print("after", self.name, k)
        return out

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_call_hooks_print_around_forward(web: str) -> list[str]:
    members = [Hooked(web, "m1"), Hooked(web, "m2"), Hooked(web, "m3")]
    return [m(k, ms) for m, (k, ms) in zip(members, KEYS, strict=True)]


class Checked:
    """``__call__`` validates before `forward` runs."""

    def __init__(self, web: str, limit: int) -> None:
        self.web = web
        self.limit = limit

    def __call__(self, k: str, ms: int) -> str:
        if ms > self.limit:
            raise ValueError(f"{k}: {ms} ms is over the limit")
        return self.forward(k, ms)

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_call_validation_raises_mid_list(web: str) -> list[str]:
    check = Checked(web, 100)
    out = []
    for k, ms in (("a", 60), ("b", 150), ("c", 90)):
        out.append(check(k, ms))
    return out


class Budgeted:
    """``__call__`` checks what `forward` read against a budget."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, k: str, ms: int) -> str:
        v = self.forward(k, ms)
        if v.endswith("a"):
            raise RuntimeError(f"budget spent at {k}")
        return v

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_call_budget_check_after_forward(web: str) -> list[str]:
    b = Budgeted(web)
    out = []
    for k, ms in KEYS:
        out.append(b(k, ms))
    return out


class CachedLookup(operators.Operator):
    """An operator whose calls are memoised (operators are hashable)."""

    web: str = ""
    __call__ = functools.lru_cache(maxsize=None)(operators.Operator.__call__)

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_operator_call_lru_cached(web: str) -> list[str]:
    op = CachedLookup(web=web)
    out = []
    for k, ms in (("a", 150), ("b", 40), ("a", 150), ("c", 90), ("b", 40)):
        out.append(op(k, ms))
    return out


class Answer(pydantic.BaseModel):
    k: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def _noted(cls, v: str) -> str:
        print("validated", v)
        return v


class AnswerLookup(operators.Operator):
    output_spec = Answer
    web: str = ""

    def forward(self, k: str, ms: int) -> Any:
        return {"k": k, "value": _get(self.web, k, ms)}


def r198_operator_output_spec_validator_prints(web: str) -> list[str]:
    op = AnswerLookup(web=web)
    out = []
    for k, ms in KEYS:
        r = op(k, ms)
        print("got", r.k)
        out.append(r.value)
    return out


class Question(pydantic.BaseModel):
    k: str
    ms: int

    @pydantic.field_validator("k")
    @classmethod
    def _noted(cls, v: str) -> str:
        print("asked", v)
        return v


class QuestionLookup(operators.Operator):
    input_spec = Question
    web: str = ""

    def forward(self, q: Question) -> str:
        return _get(self.web, q.k, q.ms)


def r198_operator_input_spec_validator_prints(web: str) -> list[str]:
    op = QuestionLookup(web=web)
    out = []
    for k, ms in KEYS:
        v = op(k=k, ms=ms)
        print("got", v)
        out.append(v)
    return out


class AsyncOnly(operators.Operator):
    web: str = ""

    async def aforward(self, k: str, ms: int) -> str:
        return await _afetch(self.web, k, ms)


def r198_operator_aforward_only_called_sync(web: str) -> list[str]:
    op = AsyncOnly(web=web)
    out = []
    for k, ms in KEYS:
        out.append(op(k, ms))
    return out


class Metered:
    """``__call__`` records each call on the server after `forward`."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, k: str, ms: int) -> str:
        v = self.forward(k, ms)
        requests.post(f"{self.web}/items/metrics", data=f"{k}:{v}", timeout=5)
        return v

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_call_writes_metric_after_forward(web: str) -> list[str]:
    m = Metered(web)
    return [m(k, ms) for k, ms in KEYS] + [_get(web, "metrics", 30)]


CALLS: list[str] = []


class CountedOp(operators.Operator):
    web: str = ""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        CALLS.append(args[0])
        print("op call", len(CALLS))
        return super().__call__(*args, **kwargs)

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_operator_super_call_counts(web: str) -> list[Any]:
    CALLS.clear()
    op = CountedOp(web=web)
    out = [op(k, ms) for k, ms in KEYS]
    return [out, list(CALLS)]


class NumberLookup(operators.Operator):
    web: str = ""

    def forward(self, k: str, ms: int) -> int:
        return _get(self.web, k, ms)  # type: ignore[return-value]  # (a str: the spec says int)


def r198_operator_output_hint_rejects_first(web: str) -> list[Any]:
    op = NumberLookup(web=web)
    out = []
    for k, ms in KEYS:
        out.append(op(k, ms))
    return out


def instrumented(cls: type) -> type:
    """A class decorator: every call of an instance is recorded on the server."""
    inner = cls.__call__

    @functools.wraps(inner)
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = inner(self, *args, **kwargs)
        requests.post(f"{self.web}/items/calls", data=f"{type(self).__name__}:{args[0]}",
                      timeout=5)
        return result

    cls.__call__ = __call__
    return cls


@instrumented
class InstrumentedLookup(operators.Operator):
    web: str = ""

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_operator_wraps_call_decorator_posts(web: str) -> list[str]:
    op = InstrumentedLookup(web=web)
    out = [op(k, ms) for k, ms in KEYS]
    return out + [_get(web, "calls", 30)]


def timed(cls: type) -> type:
    """A class decorator that prints around every call (``functools.wraps`` keeps the name)."""
    inner = cls.__call__

    @functools.wraps(inner)
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
        print("start", args[0])
        result = inner(self, *args, **kwargs)
        print("end", args[0])
        return result

    cls.__call__ = __call__
    return cls


@timed
class TimedLookup(operators.Operator):
    web: str = ""

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_operator_wraps_call_decorator_prints(web: str) -> list[str]:
    op = TimedLookup(web=web)
    out = []
    for k, ms in KEYS:
        out.append(op(k, ms))
    return out


class PrintingMixin:
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        print("mixin call", args[0])
        return super().__call__(*args, **kwargs)  # type: ignore[misc]


class MixedOp(PrintingMixin, operators.Operator):
    web: str = ""

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


def r198_operator_mixin_call_before_operator(web: str) -> list[str]:
    op = MixedOp(web=web)
    return [op(k, ms) for k, ms in KEYS]


class PlainForward:
    def __init__(self, web: str) -> None:
        self.web = web

    def forward(self, k: str, ms: int) -> str:
        return _get(self.web, k, ms)


class Reader(PlainForward):
    def __call__(self, k: str, ms: int) -> str:
        return self.forward(k, ms)


def r198_call_set_on_class_between_calls(web: str) -> list[str]:
    r = Reader(web)
    return [r(k, ms) for k, ms in KEYS]


def _writing_call(self: Any, k: str, ms: int) -> str:
    _put(self.web, k, f"call-{ms}")
    return self.forward(k, ms)


def _swap_call(f: Any, env: Env) -> Any:
    saved = Reader.__call__
    try:
        first = f(env.web)
        Reader.__call__ = _writing_call  # type: ignore[method-assign]
        second = f(env.web)
    finally:
        Reader.__call__ = saved  # type: ignore[method-assign]
    return [first, second]


class PropertyCall(PlainForward):
    @property
    def __call__(self) -> Any:
        print("looked up __call__")
        return self.forward


def r198_call_is_property(web: str) -> list[str]:
    op = PropertyCall(web)
    return [op(k, ms) for k, ms in KEYS]


def r198_call_instance_attr_ignored(web: str) -> list[str]:
    r = Reader(web)
    r.__call__ = functools.partial(_writing_call, r)  # (Python calls the class's, not this)
    return [r(k, ms) for k, ms in KEYS] + [_get(web, "a", 30)]


class Registry(type):
    """A metaclass whose ``__call__`` keeps one instance per web address and says so."""

    made: dict[Any, Any] = {}

    def __call__(cls, web: str) -> Any:
        key = (cls, web)
        if key not in Registry.made:
            print("making", cls.__name__)
            Registry.made[key] = super().__call__(web)
        return Registry.made[key]


class Shared(PlainForward, metaclass=Registry):
    def __call__(self, k: str, ms: int) -> str:
        return self.forward(k, ms)


def r198_metaclass_call_registry(web: str) -> list[str]:
    Registry.made.clear()
    out = []
    for k, ms in KEYS:
        op = Shared(web)
        out.append(op(k, ms))
    return out + [str(len(Registry.made))]


class Writer(PlainForward):
    def __call__(self, k: str, ms: int) -> str:
        _put(self.web, k, f"written-{ms}")
        return f"written-{ms}"


def r198_ensemble_mixed_writer_middle(web: str) -> list[str]:
    members = [Reader(web), Writer(web), Reader(web)]
    out = []
    for m, (k, ms) in zip(members, (("a", 150), ("a", 40), ("a", 90)), strict=True):
        out.append(m(k, ms))
    return out


# =========================================================================== (3) per object


class Service:
    def __init__(self, web: str, http: Transport | None = None) -> None:
        self.web = web
        self.http = http or Transport(web)

    def fetch(self, k: str, ms: int) -> str:
        return self.http.fetch(k, ms)


def r198_method_client_swapped_midcall(web: str) -> list[str]:
    svc = Service(web)
    first = svc.fetch("a", 150)
    svc.http = AuditTransport(web)
    return [first, svc.fetch("b", 40), svc.fetch("c", 90)]


class Sticky(Service):
    """Once the server answers for key "a", later fetches are audited."""

    def fetch(self, k: str, ms: int) -> str:
        v = self.http.fetch(k, ms)
        if k == "a":
            self.http = AuditTransport(self.web)
        return v


def r198_method_swaps_own_client(web: str) -> list[str]:
    svc = Sticky(web)
    out = []
    for k, ms in KEYS:
        out.append(svc.fetch(k, ms))
    return out


class RoundRobin:
    def __init__(self, web: str) -> None:
        self.i = 0
        self._clients = [Transport(web), AuditTransport(web)]

    @property
    def http(self) -> Transport:
        c = self._clients[self.i % 2]
        self.i += 1
        return c

    def fetch(self, k: str, ms: int) -> str:
        return self.http.fetch(k, ms)


def r198_property_round_robin_client(web: str) -> list[str]:
    rr = RoundRobin(web)
    out = []
    for k, ms in KEYS:
        out.append(rr.fetch(k, ms))
    return out


class TracedProxy:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        print("proxy", name)
        return getattr(self._inner, name)


def r198_getattr_proxy_prints(web: str) -> list[str]:
    svc = Service(web)
    svc.http = TracedProxy(Transport(web))  # type: ignore[assignment]
    out = []
    for k, ms in KEYS:
        v = svc.fetch(k, ms)
        print("got", k)
        out.append(v)
    return out


class SlotService:
    __slots__ = ("http", "web")

    def __init__(self, web: str) -> None:
        self.web = web
        self.http = Transport(web)

    def fetch(self, k: str, ms: int) -> str:
        return self.http.fetch(k, ms)


def r198_slots_no_weakref_between_jit_calls(svc: SlotService) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(svc.fetch(k, ms))
    return out


def _slots_swap(f: Any, env: Env) -> Any:
    svc = SlotService(env.web)
    first = f(svc)
    svc.http = AuditTransport(env.web)
    return [first, f(svc)]


class ClassLevel:
    http: Transport | None = None

    def fetch(self, k: str, ms: int) -> str:
        return type(self).http.fetch(k, ms)  # type: ignore[union-attr]


def r198_class_attr_client_swapped_midcall(web: str) -> list[str]:
    ClassLevel.http = Transport(web)
    obj = ClassLevel()
    first = obj.fetch("a", 150)
    ClassLevel.http = AuditTransport(web)
    try:
        return [first, obj.fetch("b", 40), obj.fetch("c", 90)]
    finally:
        ClassLevel.http = None


def r198_same_class_objects_differ(web: str) -> list[str]:
    services = [Service(web), Service(web, AuditTransport(web)), Service(web)]
    out = []
    for s, (k, ms) in zip(services, KEYS, strict=True):
        out.append(s.fetch(k, ms))
    return out


class AuditedService(Service):
    def fetch(self, k: str, ms: int) -> str:
        requests.post(f"{self.web}/items/audit", data=k, timeout=5)
        return super().fetch(k, ms)


def r198_method_class_reassigned_midcall(web: str) -> list[str]:
    svc = Service(web)
    first = svc.fetch("a", 150)
    svc.__class__ = AuditedService
    return [first, svc.fetch("b", 40), svc.fetch("c", 90)]


class Auditing:
    """``with Auditing(svc):`` audits the service's reads inside the block."""

    def __init__(self, svc: Service) -> None:
        self.svc = svc

    def __enter__(self) -> Service:
        self.saved = self.svc.http
        self.svc.http = AuditTransport(self.svc.web)
        return self.svc

    def __exit__(self, *exc: Any) -> None:
        self.svc.http = self.saved


def r198_method_client_swapped_by_context_manager(web: str) -> list[str]:
    svc = Service(web)
    first = svc.fetch("a", 150)
    with Auditing(svc):
        second = svc.fetch("b", 40)
    return [first, second, svc.fetch("c", 90)]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def tmp(env: Env) -> tuple:
    return (str(env.tmp),)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "rebind", **kw: Any) -> Case:
    return Case(cat, fn, servers="web", drive=drive, ideal=ideal, **kw)


AFTER_WRITE = (0.15 + 0.05 + 0.04 + 0.09) / (0.15 + 0.05 + 0.09)  # a, the write, b and c at once
ALL: list[Case] = [
    # (1) partials
    _w(r198_partial_get_loop_overlaps, IDEAL3, overlap=3),
    _w(r198_partial_in_loop_body, IDEAL3, overlap=3),
    _w(r198_partial_request_put_positional, AFTER_WRITE, cat="http"),
    _w(r198_partial_request_method_keyword_override, AFTER_WRITE, cat="http"),
    _w(r198_partial_of_global_partial, AFTER_WRITE, cat="http"),
    _w(r198_partial_of_loud_partial, IDEAL3),
    _w(r198_partial_in_branch_write_or_read, AFTER_WRITE, cat="http"),
    _w(r198_partial_print_sep_between_gets, IDEAL3),
    _w(r198_partial_sleep_rate_limit, 1.0, cat="sleep", spacing=0.1),
    _w(r198_partial_user_helper_counts, IDEAL3, cat="state"),
    _w(r198_partial_helper_kw_override_write, AFTER_WRITE, cat="state"),
    _d(r198_partial_global_rebound, _rebind_fetch, IDEAL3),
    _d(r198_partial_module_attr_patched, _patch_requests_get, IDEAL3),
    _d(r198_partial_of_parameter, _param_swapped, IDEAL3, name="r198_partial_of_parameter_swapped"),
    _d(r198_param_direct_swapped, _param_swapped, IDEAL3, name="r198_param_direct_swapped_between"),
    Case("rebind", make=make_r198_partial_of_closure_cell, drive=_closure_swapped,
         servers="web", ideal=IDEAL3),
    _w(r198_partial_of_method_swapped_before, 1.0, args=_api_args, cat="clients"),
    _d(r198_partial_of_param_method_between_calls, _api_swapped_between, IDEAL3),
    _d(r198_partial_of_param_method_between_calls, _class_method_patched_between, IDEAL3,
       name="r198_partial_of_method_class_patched_between"),
    _w(r198_partialmethod_read_write, AFTER_WRITE),
    _w(r198_partial_keywords_read_and_changed, over(0.15, 0.09)),
    _w(r198_partial_to_executor_map_then_put, 1.0, cat="threads"),
    _w(r198_partial_in_dict_dispatch, AFTER_WRITE),
    _d(r198_partial_async_awaited, _arun, AFTER_WRITE, cat="helpers"),
    _w(r198_partial_timeout_raises, 1.0, cat="http", speculative_reads=True),
    _w(r198_partial_method_twice_typeerror, 1.0, cat="http", speculative_reads=True),
    Case("files", r198_partial_open_write_then_read, args=tmp, ideal=1.0),
    _w(r198_partial_session_delete_param, AFTER_WRITE, args=_session_args, cat="clients"),
    _w(r198_partial_get_response_hook_writes, 1.0, cat="http"),
    _w(r198_partial_session_hooks_added, 1.0, args=_session_args, cat="clients"),
    _w(r198_session_hooks_added_direct, 1.0, args=_session_args, cat="clients"),
    _w(r198_partial_session_user_auth, IDEAL3, args=_authed_session_args, cat="clients"),
    Case("sdk", r198_partial_oa_files_upload_then_list, args=oa, servers="api", ideal=1.0),
    # (2) __call__
    _w(r198_call_hooks_print_around_forward, IDEAL3, cat="ensemble"),
    _w(r198_call_validation_raises_mid_list, 1.0, cat="validation", speculative_reads=True),
    _w(r198_call_budget_check_after_forward, 1.0, cat="validation", speculative_reads=True),
    _w(r198_call_writes_metric_after_forward, 1.0, cat="ensemble"),
    _w(r198_operator_super_call_counts, IDEAL3, cat="ensemble"),
    _w(r198_operator_output_hint_rejects_first, 1.0, cat="validation", speculative_reads=True),
    _w(r198_operator_input_spec_validator_prints, IDEAL3, cat="validation"),
    _w(r198_operator_output_spec_validator_prints, IDEAL3, cat="validation"),
    _w(r198_operator_wraps_call_decorator_posts, 1.0, cat="ensemble"),
    _w(r198_operator_wraps_call_decorator_prints, IDEAL3, cat="ensemble"),
    _w(r198_operator_call_lru_cached, 1.0, cat="ensemble"),
    _w(r198_operator_mixin_call_before_operator, IDEAL3, cat="ensemble"),
    _w(r198_operator_aforward_only_called_sync, IDEAL3, cat="ensemble"),
    _d(r198_call_set_on_class_between_calls, _swap_call, IDEAL3),
    _w(r198_call_is_property, IDEAL3, cat="ensemble"),
    _w(r198_call_instance_attr_ignored, IDEAL3, cat="ensemble"),
    _w(r198_metaclass_call_registry, IDEAL3, cat="ensemble"),
    _w(r198_ensemble_mixed_writer_middle, AFTER_WRITE, cat="ensemble"),
    # (3) per object
    _w(r198_method_client_swapped_midcall, 1.0, cat="clients"),
    _w(r198_method_swaps_own_client, 1.0, cat="clients"),
    _w(r198_method_client_swapped_by_context_manager, 1.0, cat="clients"),
    _w(r198_property_round_robin_client, 1.0, cat="clients"),
    _w(r198_getattr_proxy_prints, IDEAL3, cat="clients"),
    _d(r198_slots_no_weakref_between_jit_calls, _slots_swap, IDEAL3),
    _w(r198_class_attr_client_swapped_midcall, 1.0, cat="clients"),
    _w(r198_method_class_reassigned_midcall, 1.0, cat="clients"),
    _w(r198_same_class_objects_differ, 1.0, cat="clients"),
]

FIXED_WHY: dict[str, str] = {
    "r198_partial_of_parameter_swapped": (
        "Second call (fetch_fn=_write_item after _read_item): plain sends PUT a, PUT b, PUT c "
        "then GET /items/b?ms=30 (value 'w40'); jit sends that GET before PUT b and returns "
        "'v-b'. The partial's `f` comes from the parameter `fetch_fn` and is not guarded: the "
        "first call's plan (fetch calls are reads, the trailing _get starts early) is reused; "
        "the fetch calls, classified again at run time, run in place, but the GET already "
        "left. Calling `fetch_fn` directly (r198_param_direct_swapped_between) and a partial "
        "of a closure's variable (r198_partial_of_closure_cell) re-plan and pass. Fixed: the "
        "partial's function, a parameter's, is guarded as the callable it is."),
    "r198_partial_session_hooks_added": (
        "The function appends a response hook that POSTs /items/audit to the session, then "
        "calls `partial(session.get, timeout=5)`: plain POSTs audit a, b, c in order; jit "
        "starts the three GETs at once and the hook POSTs in completion order (b first), and "
        "the final GET of audit reads 'v-audit'. `_effects.rule_for_call` hands the receiver "
        "to a `receiver` rule only for a bound method, so the run-time re-classification of "
        "the program's partial never sees the session's hooks: rule_for_call(partial(s.get)) "
        "is 'Session: HTTP GET' where rule_for_call(s.get) is 'runs code of yours' (the same "
        "for a session with an auth object). Fixed: a partial of a method whose rule reads "
        "its receiver's state is not taken for one."),
    "r198_session_hooks_added_direct": (
        "The same without a partial: the GETs, classified again when they start, run in place "
        "(the hook is seen), but the trailing `_get(web, 'audit', 30)` was planned to start "
        "early (the session had no hooks at analysis) and reaches the server before the first "
        "hook POST: it returns 'v-audit', plain 'c?ms=90'. The hooks list changed by "
        "`session.hooks[...].append` in the body does not hold the reads after the session's "
        "calls; explain's note says 'Session.get() ... nothing moves across it' while a read "
        "did. Fixed: a read whose rule read its receiver's state keeps its place when the "
        "function changes what it reaches through that name (`_analysis._receivers_touched`)."),
    "r198_operator_wraps_call_decorator_posts": (
        "A class decorator wraps the inherited `Operator.__call__` with `functools.wraps` and "
        "POSTs /items/calls after each call: plain POSTs a, b, c in order; jit POSTs b first "
        "and the last GET sees 'InstrumentedLookup:c' instead of ':a'. `functools.wraps` "
        "copies `__ember_forward__` from Operator.__call__ onto the wrapper, so `_summary` "
        "looks through it to `forward` (a read) and every call starts early with the "
        "wrapper's writes in it. Fixed: Operator.__call__'s mark is keyed by the function "
        "itself (a wrapper that copies it is not it), and it is looked through to `forward` "
        "only for an operator with no input or output spec."),
    "r198_operator_wraps_call_decorator_prints": (
        "The same decorator printing 'start k' / 'end k' around each call: plain prints them "
        "in pairs; jit prints 'start c, start a, start b, end b, end c, end a' from the "
        "worker threads: the copied `__ember_forward__` mark hides the wrapper's prints. "
        "Fixed: Operator.__call__'s mark is keyed by the function itself (a wrapper that "
        "copies it is not it), and it is looked through to `forward` only for an operator "
        "with no input or output spec."),
    "r198_operator_call_lru_cached": (
        "`__call__ = functools.lru_cache(maxsize=None)(Operator.__call__)`, called for a, b, "
        "a, c, b: plain sends three GETs (a and b served from the cache); jit sends five "
        "(extra GET a and GET b). `update_wrapper` copies `__ember_forward__` onto the cache "
        "wrapper, the call is looked through to `forward` (a read), and all five start before "
        "the cache holds anything. Fixed: Operator.__call__'s mark is keyed by the function "
        "itself (a wrapper that copies it is not it), and it is looked through to `forward` "
        "only for an operator with no input or output spec."),
    "r198_operator_input_spec_validator_prints": (
        "An operator whose `input_spec` is a pydantic model with a field validator that "
        "prints 'asked k': plain prints 'asked a, got v-a, asked b, ...'; jit prints 'asked "
        "a, asked c, asked b, got ...'. Ember's own `Operator.__call__` is looked through to "
        "`forward`, but it also runs the spec checks, which run code of the user's: the calls "
        "started early run the validators on worker threads, out of place. Fixed: "
        "Operator.__call__'s mark is keyed by the function itself (a wrapper that copies it "
        "is not it), and it is looked through to `forward` only for an operator with no input "
        "or output spec."),
    "r198_operator_output_spec_validator_prints": (
        "The same with `output_spec` (a pydantic model whose validator prints 'validated v'): "
        "jit prints 'validated v-b, validated v-c, validated v-a' before any 'got'; the "
        "output check inside Operator.__call__ is not part of what the look-through to "
        "`forward` analyses. Fixed: Operator.__call__'s mark is keyed by the function itself "
        "(a wrapper that copies it is not it), and it is looked through to `forward` only for "
        "an operator with no input or output spec."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
