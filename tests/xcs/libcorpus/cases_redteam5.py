"""Red-team cases (stop 21), fifth part: arguments a started call sees after the function
changes them, helpers that do I/O and change their arguments, closures or a class's cache,
which of two failing reads surfaces, properties and ``__getattr__`` proxies on the path to
a call, context managers and generators whose exit writes, containers changed while a loop
walks them, and state kept per thread or per context.
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import logging
import logging.handlers
import random
import threading
import urllib.request
from collections.abc import Iterator
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger
from tests.xcs.libcorpus._web import checked, put, value, web_args

# --------------------------------------------------------------------------- arguments changed after a call


def params_dict_changed_after_get(base: str) -> list[str]:
    q = {"page": "1"}
    a = requests.get(f"{base}/items/pg", params=q).json()["value"]
    q["page"] = "2"  # the first GET was sent with page=1
    b = requests.get(f"{base}/items/pg", params=q).json()["value"]
    return [a, b]


def httpx_params_changed_after_get(base: str) -> list[str]:
    q = {"page": "1"}
    with httpx.Client() as c:
        r1 = c.get(f"{base}/items/hp", params=q)
        q["page"] = "2"
        r2 = c.get(f"{base}/items/hp", params=q)
    return [str(r1.url).rsplit("?", 1)[-1], str(r2.url).rsplit("?", 1)[-1]]


def urllib_request_object_changed_after_open(base: str) -> list[str]:
    req = urllib.request.Request(f"{base}/items/ur1")
    a = urllib.request.urlopen(req).read().decode()
    req.full_url = f"{base}/items/ur2"  # the same Request, pointed elsewhere for the next
    b = urllib.request.urlopen(req).read().decode()
    return [a, b]


def headers_dict_changed_after_get(base: str) -> list[str]:
    h = {"Accept": "application/json"}
    r1 = requests.get(f"{base}/items/hd1", headers=h)
    h["Accept"] = "text/plain"
    r2 = requests.get(f"{base}/items/hd2", headers=h)
    return [r1.request.headers["Accept"], r2.request.headers["Accept"]]


def fetch_url_list(base: str, keys: list[str]) -> str:
    return "+".join(value(base, k) for k in keys)


def list_argument_extended_after_helper_read(base: str) -> list[str]:
    keys = ["la1"]
    a = fetch_url_list(base, keys)
    keys.append("la2")  # the helper already read its list
    b = fetch_url_list(base, keys)
    return [a, b]


def alias_extended_before_helper_read(base: str) -> list[str]:
    keys = ["al1"]
    alias = keys
    first = value(base, "al0")
    alias.append("al2")  # keys, through another name
    both = fetch_url_list(base, keys)
    return [first, both]


def tuple_holding_a_list_changed_before_read(base: str) -> list[str]:
    keys = ["tl1"]
    pair = ("tl", keys)
    first = value(base, "tl0")
    keys.append("tl2")
    second = fetch_url_list(base, pair[1])
    return [first, second]


# --------------------------------------------------------------------------- helpers that do I/O and change things


def fetch_into(base: str, key: str, out: dict[str, str]) -> None:
    out[key] = value(base, key)


def helper_fills_a_dict_in_order(base: str) -> list[Any]:
    out: dict[str, str] = {}
    fetch_into(base, "fd1?ms=200", out)
    fetch_into(base, "fd2?ms=1", out)
    return list(out.items())


def fetch_and_tag(base: str, key: str, tags: list[str]) -> str:
    v = value(base, key)
    tags.append(key)
    return v


def helper_appends_then_length_read(base: str) -> list[Any]:
    tags: list[str] = []
    v = fetch_and_tag(base, "tg1", tags)
    n = len(tags)  # the helper has returned: its append is done
    return [v, n]


def helper_appends_in_comprehension(base: str) -> list[Any]:
    seen: list[str] = []
    vals = [fetch_and_tag(base, k, seen) for k in ("sa?ms=150", "sb?ms=1", "sc?ms=80")]
    return [vals, seen]


def make_tracker(base: str) -> tuple[Any, Any]:
    seen: list[str] = []

    def get(k: str) -> str:
        seen.append(k)
        return value(base, k)

    def history() -> list[str]:
        return list(seen)

    return get, history


def closure_state_read_between_calls(base: str) -> list[Any]:
    get, history = make_tracker(base)
    a = get("cs1")
    h = history()  # one call so far
    b = get("cs2")
    return [a, h, b, history()]


class Tracker:
    def __init__(self, base: str) -> None:
        self.base = base
        self.calls: list[str] = []

    def fetch(self, k: str) -> str:
        self.calls.append(k)
        return value(self.base, k)


def method_appends_then_len(base: str) -> list[Any]:
    t = Tracker(base)
    a = t.fetch("mt1")
    n = len(t.calls)
    b = t.fetch("mt2")
    return [a, n, b, len(t.calls)]


class Repo:
    """A class-level cache shared by every instance."""

    _cache: dict[str, str] = {}

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, k: str) -> str:
        if k in Repo._cache:
            return Repo._cache[k]
        v = value(self.base, k)
        Repo._cache[k] = v
        return v


def _clear_repo(env: Env) -> None:
    Repo._cache.clear()


def class_level_cache_repeated_key(base: str) -> list[Any]:
    repo = Repo(base)
    vals = [repo.get(k) for k in ("rc1", "rc2", "rc1")]  # the second rc1 is a hit
    return [vals, sorted(Repo._cache)]


def remembered(base: str, k: str, _memo: dict[str, str] = {}) -> str:  # noqa: B006 - a memo
    if k not in _memo:
        _memo[k] = value(base, k)
    return _memo[k]


def _clear_memo(env: Env) -> None:
    remembered.__defaults__[0].clear()  # type: ignore[index]


def default_mutable_argument_memo(base: str) -> list[str]:
    return [remembered(base, k) for k in ("dm1", "dm2", "dm1", "dm2")]


# --------------------------------------------------------------------------- which failure surfaces


def two_failing_reads_in_one_comprehension(base: str) -> list[str]:
    # the first fails slowly, the third fast: plain code raises the first's error
    return [checked(base, k) for k in ("missing-a?ms=250", "cf", "missing-b?ms=1")]


def two_failing_reads_in_two_statements(base: str) -> list[str]:
    a = checked(base, "missing-s1?ms=250")
    b = checked(base, "missing-s2?ms=1")
    return [a, b]


def failing_read_in_call_arguments(base: str) -> str:
    return "/".join((checked(base, "missing-x?ms=250"), checked(base, "missing-y?ms=1")))


def second_read_fails_fast_first_is_caught(base: str) -> list[str]:
    try:
        a = checked(base, "missing-c?ms=200")
    except requests.HTTPError as e:
        a = f"caught {e.response.status_code}"
    print("after the first")
    b = checked(base, "missing-d?ms=1")
    return [a, b]


def failing_read_before_a_print(base: str) -> str:
    a = checked(base, "missing-p?ms=100")
    print("never printed", a)
    return a


# --------------------------------------------------------------------------- attributes on the way to a call


class Service:
    def __init__(self, base: str) -> None:
        self.base = base
        self.lookups = 0
        self._session = requests.Session()

    @property
    def http(self) -> requests.Session:
        self.lookups += 1
        print("http looked up", self.lookups)
        return self._session


def property_returning_the_session(base: str) -> list[Any]:
    svc = Service(base)
    a = svc.http.get(f"{base}/items/pr1").json()["value"]
    b = svc.http.get(f"{base}/items/pr2").json()["value"]
    svc._session.close()
    return [a, b, svc.lookups]


class Counting:
    """Forwards attribute lookups to a session, counting them."""

    def __init__(self, session: requests.Session) -> None:
        self._s = session
        self.lookups: list[str] = []

    def __getattr__(self, name: str) -> Any:
        self.lookups.append(name)
        return getattr(self._s, name)


def getattr_proxy_counts_lookups(base: str) -> list[Any]:
    s = requests.Session()
    c = Counting(s)
    a = c.get(f"{base}/items/gp1").json()["value"]
    b = c.get(f"{base}/items/gp2").json()["value"]
    s.close()
    return [a, b, c.lookups]


class Remote:
    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    @property
    def value(self) -> str:
        print("fetching", self.key)
        return value(self.base, self.key)


def properties_that_fetch_and_print(base: str) -> list[str]:
    a, b = Remote(base, "rp1"), Remote(base, "rp2")
    return [a.value, b.value]


# --------------------------------------------------------------------------- exits that write


class Transaction:
    """Writes a marker on exit that the next read sees."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, *exc: Any) -> None:
        put(self.base, self.name, "committed")


def context_manager_writes_on_exit(base: str) -> list[str]:
    with Transaction(base, "tx1"):
        a = value(base, "in-tx")
    b = value(base, "tx1")  # the exit's PUT came first
    return [a, b]


@contextlib.contextmanager
def marked(base: str, key: str) -> Iterator[None]:
    put(base, key, "open")
    try:
        yield
    finally:
        put(base, key, "closed")


def generator_context_manager_writes_on_exit(base: str) -> list[str]:
    with marked(base, "gx"):
        a = value(base, "gx")
    b = value(base, "gx")
    return [a, b]


def try_finally_writes_then_read(base: str) -> list[str]:
    try:
        a = value(base, "tf1")
    finally:
        put(base, "tf-state", "done")
    b = value(base, "tf-state")
    return [a, b]


def early_return_inside_with(base: str) -> str:
    with requests.Session() as s:
        a = s.get(f"{base}/items/er1").json()["value"]
        if a.startswith("v-"):
            return a
        b = s.get(f"{base}/items/er2").json()["value"]  # never sent
    return b


def stream_then_close(base: str) -> Iterator[str]:
    try:
        for k in ("gc1", "gc2", "gc3"):
            yield value(base, k)
    finally:
        put(base, "gc-closed", "yes")


def generator_closed_by_break(base: str) -> list[str]:
    got = []
    for v in stream_then_close(base):
        got.append(v)
        if v == "v-gc2":
            break
    got.append(value(base, "gc-closed"))  # the generator's finally has run
    return got


def generator_left_open_until_return(base: str) -> str:
    gen = stream_then_close(base)
    first = next(gen)
    put(base, "gc-after", first)
    return first  # the generator closes as the function returns


class PostingHandler(logging.Handler):
    """A log handler that sends each record to the server (a remote log)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def emit(self, record: logging.LogRecord) -> None:
        requests.post(f"{self.base}/items/log", data=record.getMessage())


def log_handler_posts_then_read(base: str) -> list[str]:
    log = corpus_logger("redteam5.remote")
    handler = PostingHandler(base)
    log.addHandler(handler)
    try:
        a = value(base, "lp1")
        log.info("saw %s", a)  # a POST, through the handler
        b = value(base, "log")  # the server has the record
    finally:
        log.removeHandler(handler)
    return [a, b]


class MessageHandler(logging.handlers.HTTPHandler):
    """The standard library's HTTP log handler, sending the message only."""

    def mapLogRecord(self, record: logging.LogRecord) -> dict[str, Any]:  # noqa: N802
        return {"msg": record.getMessage()}


def http_handler_then_read(base: str) -> list[str]:
    log = corpus_logger("redteam5.http")
    host = base.removeprefix("http://")
    handler = MessageHandler(host, "/items/hlog", method="POST")
    log.addHandler(handler)
    try:
        a = value(base, "hl1")
        log.warning("saw %s", a)
        b = value(base, "hlog")
    finally:
        log.removeHandler(handler)
    return [a, b]


# --------------------------------------------------------------------------- containers changed while walked


def dict_grown_while_iterated(base: str) -> dict[str, str]:
    d = {"dg1": "a", "dg2": "b"}
    for k, v in d.items():
        d[f"{k}-{v}"] = value(base, k)  # plain: RuntimeError on the next step
    return d


def list_grown_while_iterated(base: str) -> list[str]:
    keys = ["lg1", "lg2"]
    vals = []
    for k in keys:
        vals.append(value(base, k))
        if len(keys) < 4:
            keys.append(k + "x")
    return vals


def set_grown_while_iterated(base: str) -> list[str]:
    keys = {"sg1"}
    vals = []
    for k in keys:
        vals.append(value(base, k))
        keys.add(k + "x")
    return vals


class LoudList(list):
    """A list that prints each item as it is taken."""

    def __iter__(self) -> Iterator[Any]:
        for x in super().__iter__():
            print("take", x)
            yield x


def shown(v: str) -> str:
    print("got", v)
    return v


def list_subclass_iterated_by_comprehension(base: str) -> list[str]:
    return [shown(value(base, k)) for k in LoudList(["ls1", "ls2", "ls3"])]


def list_subclass_iterated_by_loop(base: str) -> list[str]:
    out = []
    for k in LoudList(["ll1", "ll2"]):
        out.append(value(base, k))
    print("done")
    return out


class LoudDict(dict):
    def __iter__(self) -> Iterator[Any]:
        for k in super().__iter__():
            print("key", k)
            yield k


def dict_subclass_keys_drive_reads(base: str) -> list[str]:
    d = LoudDict(dk1=1, dk2=2)
    return [shown(value(base, k)) for k in d]


# --------------------------------------------------------------------------- state per thread or per context

_local = threading.local()


def numbered(base: str, k: str) -> str:
    _local.n = getattr(_local, "n", 0) + 1
    return f"{value(base, k)}#{_local.n}"


def _reset_local(env: Env) -> None:
    _local.__dict__.clear()


def thread_local_counter_in_helper(base: str) -> list[str]:
    return [numbered(base, k) for k in ("tn1", "tn2", "tn3")]


REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def tagged(base: str, k: str) -> str:
    return value(base, f"{k}-{REQUEST_ID.get()}")


def context_variable_read_by_helpers(base: str) -> list[str]:
    token = REQUEST_ID.set("r42")
    try:
        return [tagged(base, k) for k in ("cv1", "cv2")]
    finally:
        REQUEST_ID.reset(token)


def third(base: str, k: str) -> str:
    return str(decimal.Decimal(len(value(base, k))) / 3)


def decimal_context_in_helpers(base: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        return [third(base, k) for k in ("dc1", "dc22")]


def jittered(base: str, k: str) -> str:
    return value(base, f"{k}-{random.randint(0, 999)}")


def seeded_random_in_helpers(base: str) -> list[str]:
    random.seed(7)
    return [jittered(base, k) for k in ("rn1", "rn2", "rn3")]


CASES = [
    Case("http", params_dict_changed_after_get, args=web_args, servers="web"),
    Case("clients", httpx_params_changed_after_get, args=web_args, servers="web"),
    Case("http", urllib_request_object_changed_after_open, args=web_args, servers="web"),
    Case("http", headers_dict_changed_after_get, args=web_args, servers="web"),
    Case("rebind", list_argument_extended_after_helper_read, args=web_args, servers="web"),
    Case("rebind", alias_extended_before_helper_read, args=web_args, servers="web"),
    Case("rebind", tuple_holding_a_list_changed_before_read, args=web_args, servers="web"),
    Case("helpers", helper_fills_a_dict_in_order, args=web_args, servers="web"),
    Case("helpers", helper_appends_then_length_read, args=web_args, servers="web"),
    Case("helpers", helper_appends_in_comprehension, args=web_args, servers="web"),
    Case("state", closure_state_read_between_calls, args=web_args, servers="web"),
    Case("state", method_appends_then_len, args=web_args, servers="web"),
    Case("state", class_level_cache_repeated_key, args=web_args, servers="web", setup=_clear_repo),
    Case("state", default_mutable_argument_memo, args=web_args, servers="web", setup=_clear_memo),
    Case("validation", two_failing_reads_in_one_comprehension, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", two_failing_reads_in_two_statements, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", failing_read_in_call_arguments, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", second_read_fails_fast_first_is_caught, args=web_args, servers="web",
         speculative_reads=True),
    Case("validation", failing_read_before_a_print, args=web_args, servers="web"),
    Case("clients", property_returning_the_session, args=web_args, servers="web"),
    Case("clients", getattr_proxy_counts_lookups, args=web_args, servers="web"),
    Case("helpers", properties_that_fetch_and_print, args=web_args, servers="web"),
    Case("where", context_manager_writes_on_exit, args=web_args, servers="web"),
    Case("where", generator_context_manager_writes_on_exit, args=web_args, servers="web"),
    Case("where", try_finally_writes_then_read, args=web_args, servers="web"),
    Case("where", early_return_inside_with, args=web_args, servers="web"),
    Case("state", generator_closed_by_break, args=web_args, servers="web"),
    Case("state", generator_left_open_until_return, args=web_args, servers="web"),
    Case("http", log_handler_posts_then_read, args=web_args, servers="web"),
    Case("http", http_handler_then_read, args=web_args, servers="web"),
    Case("where", dict_grown_while_iterated, args=web_args, servers="web"),
    Case("where", list_grown_while_iterated, args=web_args, servers="web"),
    Case("where", set_grown_while_iterated, args=web_args, servers="web"),
    Case("helpers", list_subclass_iterated_by_comprehension, args=web_args, servers="web"),
    Case("helpers", list_subclass_iterated_by_loop, args=web_args, servers="web"),
    Case("helpers", dict_subclass_keys_drive_reads, args=web_args, servers="web"),
    Case("threads", thread_local_counter_in_helper, args=web_args, servers="web",
         setup=_reset_local),
    Case("threads", context_variable_read_by_helpers, args=web_args, servers="web"),
    Case("threads", decimal_context_in_helpers, args=web_args, servers="web"),
    Case("state", seeded_random_in_helpers, args=web_args, servers="web"),
]


# --------------------------------------------------------------------------- writes in dunder methods and iterators


class Opening:
    """Writes a marker on entry."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name

    def __enter__(self) -> Opening:
        put(self.base, self.name, "opened")
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def context_manager_writes_on_entry(base: str) -> list[str]:
    first = value(base, "ce0")  # answered before the entry's PUT is sent
    with Opening(base, "ce1"):
        a = value(base, "ce1")  # the entry's PUT came first
    return [first, a]


class RemoteStore:
    """A dict-like view of the server's items: subscripts are requests."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __getitem__(self, key: str) -> str:
        return value(self.base, key)

    def __setitem__(self, key: str, text: str) -> None:
        put(self.base, key, text)

    def __delitem__(self, key: str) -> None:
        requests.delete(f"{self.base}/items/{key}")

    def __contains__(self, key: str) -> bool:
        return key in requests.get(f"{self.base}/items").json()["keys"]


def subscript_assignment_writes_then_read(base: str) -> list[str]:
    store = RemoteStore(base)
    first = value(base, "sw0")
    store["sw1"] = "stored"
    return [first, value(base, "sw1")]


def subscript_reads_around_a_subscript_write(base: str) -> list[str]:
    store = RemoteStore(base)
    a = store["sr1"]
    store["sr1"] = "changed"
    b = store["sr1"]
    return [a, b]


def del_subscript_then_contains(base: str) -> list[Any]:
    store = RemoteStore(base)
    put(base, "dl1", "x")
    before = "dl1" in store
    del store["dl1"]
    after = value(base, "dl1")
    return [before, after]


class Settings:
    """A property whose setter saves to the server."""

    def __init__(self, base: str) -> None:
        self.base = base

    @property
    def mode(self) -> str:
        return value(self.base, "mode")

    @mode.setter
    def mode(self, text: str) -> None:
        put(self.base, "mode", text)


def property_setter_writes_then_read(base: str) -> list[str]:
    s = Settings(base)
    first = value(base, "ps0")
    s.mode = "fast"
    return [first, value(base, "mode")]


def property_getter_after_setter(base: str) -> list[str]:
    s = Settings(base)
    a = s.mode
    s.mode = "slow"
    return [a, s.mode]


class Sender:
    """A callable object that PUTs."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __call__(self, key: str, text: str) -> int:
        return put(self.base, key, text)


def callable_object_writes_then_read(base: str) -> list[Any]:
    send = Sender(base)
    first = value(base, "co0")
    send("co1", "sent")
    return [first, value(base, "co1")]


class Registered:
    """Announces itself to the server when made."""

    def __init__(self, base: str, name: str) -> None:
        self.name = name
        put(base, name, "registered")


def constructor_writes_then_read(base: str) -> list[str]:
    first = value(base, "cw0")
    r = Registered(base, "cw1")
    return [first, r.name, value(base, "cw1")]


class Flusher:
    """Sends what it buffered when it is dropped."""

    live = False  # set for one run only (`_flusher_run`): a late finaliser sends nothing

    def __init__(self, base: str) -> None:
        self.base = base
        self.buf: list[str] = []

    def add(self, text: str) -> None:
        self.buf.append(text)

    def __del__(self) -> None:
        if Flusher.live:
            put(self.base, "flushed", ",".join(self.buf))


def del_runs_a_finaliser_that_writes(base: str) -> list[str]:
    f = Flusher(base)
    f.add("a")
    f.add("b")
    first = value(base, "fl0")
    del f  # the finaliser's PUT happens here
    return [first, value(base, "flushed")]


def _flusher_run(f: Any, env: Env) -> Any:
    Flusher.live = True
    try:
        return f(env.web)
    finally:
        Flusher.live = False


def writer_steps(base: str) -> Iterator[int]:
    for k in ("ws1", "ws2"):
        yield put(base, k, "stepped")


def generator_that_writes_then_read_after_loop(base: str) -> list[Any]:
    versions = []
    for n in writer_steps(base):
        versions.append(n)
    return [versions, value(base, "ws2")]


def next_of_a_generator_that_writes(base: str) -> list[Any]:
    gen = writer_steps(base)
    first = value(base, "nw0")
    n = next(gen)
    return [first, n, value(base, "ws1")]


def list_of_a_generator_that_writes(base: str) -> list[Any]:
    first = value(base, "lw0")
    versions = list(writer_steps(base))
    return [first, versions, value(base, "ws2")]


class Pages:
    """An iterator object whose steps PUT a cursor."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.i = 0

    def __iter__(self) -> Pages:
        return self

    def __next__(self) -> int:
        if self.i >= 2:
            raise StopIteration
        self.i += 1
        return put(self.base, "cursor", str(self.i))


def iterator_object_that_writes_then_read(base: str) -> list[Any]:
    got = [n for n in Pages(base)]
    return [got, value(base, "cursor")]


def exit_stack_callback_writes(base: str) -> list[str]:
    with contextlib.ExitStack() as stack:
        stack.callback(put, base, "es", "cleaned")
        a = value(base, "es0")
    return [a, value(base, "es")]


def consumed_map_of_writes_then_read(base: str) -> list[Any]:
    first = value(base, "mw0")
    versions = list(map(put, [base, base], ["mw1", "mw2"], ["x", "y"]))
    return [first, versions, value(base, "mw2")]


def deque_drains_a_map_of_writes(base: str) -> list[Any]:
    import collections
    import functools

    first = value(base, "dq0")
    collections.deque(map(functools.partial(put, base), ["dq1"], ["drained"]), maxlen=0)
    return [first, value(base, "dq1")]


def starmap_of_writes_then_read(base: str) -> list[Any]:
    import itertools

    first = value(base, "st0")
    versions = list(itertools.starmap(put, [(base, "st1", "x")]))
    return [first, versions, value(base, "st1")]

CASES += [
    Case("where", context_manager_writes_on_entry, args=web_args, servers="web"),
    Case("where", subscript_assignment_writes_then_read, args=web_args, servers="web"),
    Case("where", subscript_reads_around_a_subscript_write, args=web_args, servers="web"),
    Case("where", del_subscript_then_contains, args=web_args, servers="web"),
    Case("where", property_setter_writes_then_read, args=web_args, servers="web"),
    Case("where", property_getter_after_setter, args=web_args, servers="web"),
    Case("where", callable_object_writes_then_read, args=web_args, servers="web"),
    Case("where", constructor_writes_then_read, args=web_args, servers="web"),
    Case("where", del_runs_a_finaliser_that_writes, drive=_flusher_run, servers="web"),
    Case("state", generator_that_writes_then_read_after_loop, args=web_args, servers="web"),
    Case("state", next_of_a_generator_that_writes, args=web_args, servers="web"),
    Case("state", list_of_a_generator_that_writes, args=web_args, servers="web"),
    Case("state", iterator_object_that_writes_then_read, args=web_args, servers="web"),
    Case("where", exit_stack_callback_writes, args=web_args, servers="web"),
    Case("helpers", consumed_map_of_writes_then_read, args=web_args, servers="web"),
    Case("helpers", deque_drains_a_map_of_writes, args=web_args, servers="web"),
    Case("helpers", starmap_of_writes_then_read, args=web_args, servers="web"),
]
