"""Red-team cases (stop 23), twenty-ninth part: arguments that decide what a helper does,
and state that belongs to a thread or a context.

A helper's callee may be an argument (a function, a lambda, a bound method, a builtin, a
partial, a callable object, a class, an object whose subclass decides its methods), one
jitted function called in turn with callables of one type but other effects, callbacks
kept in a dict or on ``self``, callbacks that raise. A helper may read what its caller's
thread or context holds: a `threading.local` (a subclass, through a namespace), a dict
keyed by the thread, the thread's name, a context variable, a log format that names the
thread, a lock the caller holds, a timer.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import operator
import re
import threading
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger
from tests.xcs.libcorpus._web import put, tmp_web_args, value, web_args

SEEN: list[str] = []


def _reset(env: Env) -> None:
    SEEN.clear()


def noisy(text: str) -> int:
    print("noisy", text)
    return len(text)


# --------------------------------------------------------------------------- callables passed in


def aliased(base: str, key: str, on_value: Any) -> str:
    cb = on_value
    a = value(base, key + "a")
    cb(a)
    return a + value(base, key + "b")


def callback_through_a_local_alias(base: str, on_value: Any) -> list[str]:
    return [aliased(base, k, on_value) for k in ("al1", "al2", "al3")]


def _len_then_print(f: Any, env: Env) -> list[Any]:
    return [f(env.web, len), f(env.web, print)]


def or_default(base: str, key: str, on_value: Any = None) -> str:
    cb = on_value or print
    a = value(base, key + "a")
    cb(a)
    return a + value(base, key + "b")


def callback_or_a_default(base: str, on_value: Any) -> list[str]:
    return [or_default(base, k, on_value) for k in ("od1", "od2", "od3")]


def _none_len_append(f: Any, env: Env) -> list[Any]:
    return [f(env.web, None), f(env.web, len), f(env.web, SEEN.append), list(SEEN)]


def direct(base: str, on_value: Any) -> str:
    a = value(base, "dc1")
    on_value(a)
    b = value(base, "dc2")
    on_value(b)
    return a + b


def _direct_in_turn(f: Any, env: Env) -> list[Any]:
    return [f(env.web, len), f(env.web, print), f(env.web, SEEN.append), list(SEEN),
            f(env.web, str.upper)]


def jitted_function_calls_its_argument(base: str, on_value: Any) -> str:
    return direct(base, on_value) + direct(base, on_value)


def pure_first_then_partial_print(base: str, on_value: Any) -> list[str]:
    return [callable_object(base, k, on_value) for k in ("pp1", "pp2")]


def _pure_then_partial(f: Any, env: Env) -> list[Any]:
    return [f(env.web, functools.partial(len)), f(env.web, functools.partial(print, "got"))]


class Recorder:
    """A callable object that writes what it is given to the server."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __call__(self, text: str) -> int:
        return put(self.base, "recorded", text)


class Peeker:
    """A callable object that reads beside what it is given."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __call__(self, text: str) -> str:
        return value(self.base, "peek-" + text)


def callable_object(base: str, key: str, hook: Any) -> str:
    a = value(base, key + "a")
    hook(a)
    return a + value(base, key + "b")


def callable_objects_in_turn(base: str, hook: Any) -> list[str]:
    return [callable_object(base, k, hook) for k in ("co1", "co2")]


def _peek_then_record(f: Any, env: Env) -> list[Any]:
    return [f(env.web, Peeker(env.web)), f(env.web, Recorder(env.web)),
            f(env.web, Peeker(env.web))]


class Store:
    def __init__(self, base: str) -> None:
        self.base = base

    def touch(self, key: str) -> str:
        return key


class ReadStore(Store):
    def touch(self, key: str) -> str:
        return value(self.base, key)


class WriteStore(Store):
    def touch(self, key: str) -> str:
        return str(put(self.base, key, "touched"))


def touch_pair(store: Store, key: str) -> str:
    return store.touch(key + "1") + "|" + store.touch(key + "2")


def subclasses_in_turn(store: Store) -> list[str]:
    return [touch_pair(store, k) for k in ("ts1", "ts2")]


def _reader_writer_reader(f: Any, env: Env) -> list[Any]:
    return [f(Store(env.web)), f(ReadStore(env.web)), f(WriteStore(env.web)),
            f(ReadStore(env.web))]


def fetch_two(base: str, key: str, session: Any = None) -> str:
    http = session or requests
    a = http.get(f"{base}/items/{key}a").json()["value"]
    return a + http.get(f"{base}/items/{key}b").json()["value"]


def session_or_requests(base: str, session: Any) -> list[str]:
    return [fetch_two(base, k, session) for k in ("sr1", "sr2")]


def _none_then_session(f: Any, env: Env) -> list[Any]:
    return [f(env.web, None), f(env.web, env.own(requests.Session())), f(env.web, None)]


def dispatch(base: str, key: str, handlers: dict[str, Any]) -> str:
    a = value(base, key + "a")
    handlers["got"](a)
    return a + value(base, key + "b")


def dict_of_callbacks(base: str, handlers: dict[str, Any]) -> list[str]:
    return [dispatch(base, k, handlers) for k in ("dh1", "dh2", "dh3")]


def _quiet_then_loud(f: Any, env: Env) -> list[Any]:
    return [f(env.web, {"got": len}), f(env.web, {"got": print}),
            f(env.web, {"got": SEEN.append}), list(SEEN)]


class Pipeline:
    def __init__(self, base: str, on_value: Any) -> None:
        self.base = base
        self.on_value = on_value

    def step(self, key: str) -> str:
        a = value(self.base, key + "a")
        self.on_value(a)
        return a + value(self.base, key + "b")


def callbacks_on_self(base: str) -> list[str]:
    quiet, loud = Pipeline(base, len), Pipeline(base, print)
    return [p.step(k) for p, k in ((quiet, "ps1"), (loud, "ps2"), (quiet, "ps3"), (loud, "ps4"))]


def callback_on_self_replaced(base: str) -> list[str]:
    p = Pipeline(base, len)
    first = [p.step(k) for k in ("pr1", "pr2")]
    p.on_value = print
    return first + [p.step(k) for k in ("pr3", "pr4")]


def refuse(text: str) -> None:
    raise ValueError(f"refused {text}")


def callback_raises_before_a_write(base: str) -> Any:
    try:
        return [callable_object(base, k, refuse) for k in ("cr1", "cr2")]
    except ValueError as e:
        put(base, "cr-after", str(e))
        return f"caught {e}"


def maybe_refuse(text: str) -> None:
    if text.endswith("rb2a"):
        raise ValueError(f"refused {text}")


def callback_raises_on_the_second(base: str) -> Any:
    out = []
    try:
        for k in ("rb1", "rb2", "rb3"):
            out.append(callable_object(base, k, maybe_refuse))
            put(base, k, "done")
    except ValueError as e:
        out.append(f"caught {e}")
    return out


class Announcer:
    @staticmethod
    def loud(text: str) -> None:
        print("static", text)

    @classmethod
    def quiet(cls, text: str) -> str:
        return cls.__name__ + text


def static_and_class_methods(base: str) -> list[str]:
    return [callable_object(base, "sm1", Announcer.quiet),
            callable_object(base, "sm2", Announcer.loud),
            callable_object(base, "sm3", Announcer.quiet),
            callable_object(base, "sm4", Announcer.loud)]


def operator_callables(base: str) -> list[Any]:
    add = operator.methodcaller("append", "mc")
    first = operator.itemgetter(0)
    return [callable_object(base, "op1", first), callable_object(base, "op2", str.upper),
            add(SEEN), callable_object(base, "op3", SEEN.append), list(SEEN)]


class Item:
    def __init__(self, base: str, key: str) -> None:
        self.text = value(base, key)


class WrittenItem:
    def __init__(self, base: str, key: str) -> None:
        self.text = str(put(base, key, "made"))


def build_two(base: str, key: str, kind: type) -> str:
    return kind(base, key + "1").text + kind(base, key + "2").text


def classes_as_factories(base: str, kind: type) -> list[str]:
    return [build_two(base, k, kind) for k in ("cf1", "cf2")]


def _item_then_written(f: Any, env: Env) -> list[Any]:
    return [f(env.web, Item), f(env.web, WrittenItem), f(env.web, Item)]


def file_write_as_callback(tmp: str, base: str) -> list[str]:
    with open(Path(tmp) / "cb.txt", "w") as f:
        return [callable_object(base, k, f.write) for k in ("fw1", "fw2", "fw3")]


_log = corpus_logger("redteam29")


def logger_method_as_callback(base: str) -> list[str]:
    return [callable_object(base, k, _log.info) for k in ("lg1", "lg2", "lg3")]


def set_add_then_dict_update(base: str) -> list[Any]:
    seen: set[str] = set()
    counts: dict[str, int] = {}
    out = [callable_object(base, "sa1", seen.add), callable_object(base, "sa2", seen.add),
           callable_object(base, "du1", lambda v: counts.update({v: len(v)}))]
    return [out, sorted(seen), counts]


def opener_passed_in(path: str, opener: Any) -> str:
    with opener(path) as f:
        return f.readline()


def make_lines(env: Env) -> None:
    (env.tmp / "lines.txt").write_text("first\nsecond\n")


def builtin_open_passed_in(tmp: str, base: str) -> list[str]:
    path = str(Path(tmp) / "lines.txt")
    return [opener_passed_in(path, open), value(base, "bo1"), opener_passed_in(path, open)]


def star_callbacks(base: str, key: str, *hooks: Any) -> str:
    a = value(base, key + "a")
    for h in hooks:
        h(a)
    return a + value(base, key + "b")


def callbacks_as_star_args(base: str) -> list[str]:
    return [star_callbacks(base, "st1", len), star_callbacks(base, "st2", len, print),
            star_callbacks(base, "st3", SEEN.append, print), ",".join(SEEN)]


def keyword_partial_of_a_helper(base: str) -> list[str]:
    loud = functools.partial(callable_object, hook=print)
    quiet = functools.partial(callable_object, hook=len)
    return [quiet(base, "kp1"), loud(base, "kp2"), quiet(base, "kp3"), loud(base, "kp4")]


# --------------------------------------------------------------------------- thread-local state

_tl = threading.local()


def tagged_with(base: str, key: str, ctx: Any) -> list[str]:
    a = value(base, key + "a")
    return [a, getattr(ctx, "tag", "no tag"), value(base, key + "b")]


def thread_local_passed_as_argument(base: str) -> list[list[str]]:
    _tl.tag = "passed"
    try:
        return [tagged_with(base, k, _tl) for k in ("tp1", "tp2")]
    finally:
        del _tl.tag


class Context(threading.local):
    def __init__(self) -> None:
        self.user = "anonymous"


_ctx = Context()


def as_user(base: str, key: str) -> list[str]:
    a = value(base, key + "a")
    return [a, _ctx.user, value(base, key + "b")]


def thread_local_subclass_with_defaults(base: str) -> list[list[str]]:
    _ctx.user = "alice"
    try:
        return [as_user(base, k) for k in ("ts1", "ts2")]
    finally:
        _ctx.user = "anonymous"


STATE = SimpleNamespace(local=threading.local())


def via_namespace(base: str, key: str) -> list[str]:
    a = value(base, key + "a")
    return [a, getattr(STATE.local, "tag", "no tag"), value(base, key + "b")]


def thread_local_through_a_namespace(base: str) -> list[list[str]]:
    STATE.local.tag = "namespace"
    try:
        return [via_namespace(base, k) for k in ("ns1", "ns2")]
    finally:
        del STATE.local.tag


_sessions = threading.local()


def thread_session() -> requests.Session:
    if not hasattr(_sessions, "s"):
        _sessions.s = requests.Session()
    return _sessions.s


def fetch_pair(base: str, key: str) -> str:
    s = thread_session()
    return s.get(f"{base}/items/{key}a").json()["value"] + s.get(
        f"{base}/items/{key}b").json()["value"]


def session_per_thread(base: str) -> list[Any]:
    try:
        out = [fetch_pair(base, k) for k in ("sp1", "sp2")]
        return [out, len(_sessions.__dict__)]
    finally:
        _sessions.__dict__.pop("s", requests.Session()).close()


BY_THREAD: dict[int, str] = {}


def owner_tag(base: str, key: str) -> list[str]:
    a = value(base, key + "a")
    return [a, BY_THREAD.get(threading.get_ident(), "unknown"), value(base, key + "b")]


def dict_keyed_by_thread_ident(base: str) -> list[list[str]]:
    BY_THREAD[threading.get_ident()] = "caller"
    try:
        return [owner_tag(base, k) for k in ("gi1", "gi2")]
    finally:
        BY_THREAD.clear()


BY_NAME: dict[str, int] = {}


def count_by_name(base: str, key: str) -> str:
    a = value(base, key + "a")
    name = threading.current_thread().name
    BY_NAME[name] = BY_NAME.get(name, 0) + 1
    return a + value(base, key + "b")


def dict_keyed_by_thread_name(base: str) -> list[Any]:
    BY_NAME.clear()
    out = [count_by_name(base, k) for k in ("bn1", "bn2", "bn3")]
    return [out, sorted(BY_NAME.values())]


def named_pair(base: str, key: str) -> list[str]:
    a = value(base, key + "a")
    return [a, threading.current_thread().name, value(base, key + "b")]


def thread_name_in_the_value(base: str) -> list[list[str]]:
    return [named_pair(base, k) for k in ("tn1", "tn2")]


_tl_default = threading.local()


def tagged_default(base: str, key: str, ctx: Any = _tl_default) -> list[str]:
    a = value(base, key + "a")
    return [a, getattr(ctx, "tag", "no tag"), value(base, key + "b")]


def thread_local_as_a_default_argument(base: str) -> list[list[str]]:
    _tl_default.tag = "default"
    try:
        return [tagged_default(base, k) for k in ("td1", "td2")]
    finally:
        del _tl_default.tag


def _none_len_print(f: Any, env: Env) -> list[Any]:
    return [f(env.web, None), f(env.web, len), f(env.web, print)]


def callback_or_a_default_then_print(base: str, on_value: Any) -> list[str]:
    return [or_default(base, k, on_value) for k in ("oe1", "oe2", "oe3")]


def bound_then_rebound_alias(base: str, key: str, on_value: Any) -> str:
    a = value(base, key + "a")
    emit = on_value
    emit(a)
    return a + value(base, key + "b")


def alias_of_a_bound_method_then_print(base: str, on_value: Any) -> list[str]:
    return [bound_then_rebound_alias(base, k, on_value) for k in ("ab1", "ab2", "ab3")]


def _append_then_print(f: Any, env: Env) -> list[Any]:
    return [f(env.web, SEEN.append), list(SEEN), f(env.web, print)]


# --------------------------------------------------------------------------- context variables

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def with_request_id(base: str, key: str) -> list[str]:
    a = value(base, key + "a")
    return [a, REQUEST_ID.get(), value(base, key + "b")]


def contextvar_set_by_the_caller(base: str) -> list[list[str]]:
    token = REQUEST_ID.set("req-7")
    try:
        return [with_request_id(base, k) for k in ("cv1", "cv2")]
    finally:
        REQUEST_ID.reset(token)


def set_request_id(base: str, key: str) -> str:
    a = value(base, key + "a")
    REQUEST_ID.set(a)
    return a + value(base, key + "b")


def contextvar_set_in_a_helper(base: str) -> list[str]:
    token = REQUEST_ID.set("start")
    try:
        out = [set_request_id(base, k) for k in ("cs1", "cs2")]
        return [*out, REQUEST_ID.get()]
    finally:
        REQUEST_ID.reset(token)


def contextvar_passed_as_argument(base: str) -> list[list[str]]:
    token = REQUEST_ID.set("req-arg")
    try:
        return [tagged_var(base, k, REQUEST_ID) for k in ("ca1", "ca2")]
    finally:
        REQUEST_ID.reset(token)


def tagged_var(base: str, key: str, var: contextvars.ContextVar[str]) -> list[str]:
    a = value(base, key + "a")
    return [a, var.get(), value(base, key + "b")]


# --------------------------------------------------------------------------- logs, locks, timers

_threaded_log = corpus_logger("redteam29.threads")
FORMATTED: list[str] = []


class _Keep(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        FORMATTED.append(self.format(record))


def _thread_format(env: Env) -> None:
    FORMATTED.clear()
    for h in list(_threaded_log.handlers):
        _threaded_log.removeHandler(h)
    keep = _Keep()
    keep.setFormatter(logging.Formatter("%(threadName)s %(funcName)s %(message)s"))
    _threaded_log.addHandler(keep)


def logged_pair(base: str, key: str) -> str:
    a = value(base, key + "a")
    _threaded_log.info("got %s", a)
    return a + value(base, key + "b")


def log_format_names_the_thread(base: str) -> list[Any]:
    out = [logged_pair(base, k) for k in ("lt1", "lt2")]
    return [out, list(FORMATTED)]


def locked_with(base: str, key: str, lock: Any) -> str:
    with lock:
        a = value(base, key + "a")
        b = value(base, key + "b")
    return a + b


def rlock_passed_to_a_helper_the_caller_holds(base: str) -> list[str]:
    lock = threading.RLock()
    with lock:
        return [locked_with(base, k, lock) for k in ("rl1", "rl2")]


def acquired(base: str, key: str, lock: Any) -> str:
    lock.acquire()
    try:
        return value(base, key + "a") + value(base, key + "b")
    finally:
        lock.release()


def rlock_acquired_by_hand_in_a_helper(base: str) -> list[str]:
    lock = threading.RLock()
    lock.acquire()
    try:
        return [acquired(base, k, lock) for k in ("ah1", "ah2")]
    finally:
        lock.release()


def timer_callback(base: str) -> list[str]:
    got: list[str] = []
    t = threading.Timer(0.01, lambda: got.append(threading.current_thread().name[:5]))
    t.start()
    first = value(base, "tm1")
    t.join()
    return [first, *got, value(base, "tm2")]


def globals_lookup(base: str, key: str) -> list[str]:
    a = value(base, key + "a")
    return [a, getattr(globals()["_tl"], "tag", "no tag"), value(base, key + "b")]


def thread_local_through_globals(base: str) -> list[list[str]]:
    _tl.tag = "globals"
    try:
        return [globals_lookup(base, k) for k in ("gl1", "gl2")]
    finally:
        del _tl.tag


def shout(base: str, key: str) -> str:
    text = value(base, key + "a") + "-" + value(base, key + "b")
    return re.sub("-", lambda m: str(noisy(key)), text)


def regex_callback_prints(base: str) -> list[str]:
    return [shout(base, k) for k in ("rx1", "rx2", "rx3")]


def _dash_note(m: re.Match[str]) -> str:
    print("dash at", m.start())
    return "+"


_DASH = re.compile("-")


def noted(base: str, key: str) -> str:
    text = value(base, key + "a") + "-" + value(base, key + "b")
    return re.sub("-", _dash_note, text) + _DASH.sub(_dash_note, text + "-x")


def regex_named_callback_prints(base: str) -> list[str]:
    return [noted(base, k) for k in ("rn1", "rn22", "rn333")]


def _loud_len(text: str) -> int:
    print("key of", text)
    return len(text)


def ranked(base: str, keys: list[str], key_fn: Any) -> list[str]:
    vals = [value(base, k) for k in keys]
    out = sorted(vals, key=key_fn)
    vals.sort(key=key_fn)
    return out + [max(vals, key=key_fn)]


def sort_keys_passed_in(base: str) -> list[Any]:
    return [ranked(base, ["sk1", "sk22"], len), ranked(base, ["sk333", "sk4"], _loud_len),
            ranked(base, ["sk55", "sk6"], _loud_len)]


def polled(base: str, key: str, poll: Any) -> list[str]:
    a = value(base, key + "a")
    return [a, *iter(poll, None), value(base, key + "b")]


def iter_over_a_callable(base: str) -> list[Any]:
    items = iter(["x", "y", None])
    loud = iter(["p", None])

    def say() -> Any:
        v = next(loud)
        print("polled", v)
        return v

    return [polled(base, "ic1", items.__next__), polled(base, "ic2", say)]


def grouped(base: str, keys: list[str]) -> dict[str, list[str]]:
    d: defaultdict[str, list[str]] = defaultdict(_noisy_list)
    for k in keys:
        d[k[:2]].append(value(base, k))
    return dict(d)


def _noisy_list() -> list[str]:
    print("new group")
    return []


def defaultdict_factory_prints(base: str) -> list[Any]:
    return [grouped(base, ["ga1", "gb1"]), grouped(base, ["gc1", "gc2"])]


CASES = [
    Case("helpers", callback_through_a_local_alias, args=web_args, servers="web",
         drive=_len_then_print),
    Case("helpers", callback_or_a_default, args=web_args, servers="web", setup=_reset,
         drive=_none_len_append),
    Case("helpers", jitted_function_calls_its_argument, args=web_args, servers="web",
         setup=_reset, drive=_direct_in_turn),
    Case("helpers", pure_first_then_partial_print, args=web_args, servers="web",
         drive=_pure_then_partial),
    Case("helpers", callable_objects_in_turn, args=web_args, servers="web",
         drive=_peek_then_record),
    Case("helpers", subclasses_in_turn, args=web_args, servers="web",
         drive=_reader_writer_reader),
    Case("helpers", session_or_requests, args=web_args, servers="web",
         drive=_none_then_session),
    Case("helpers", dict_of_callbacks, args=web_args, servers="web", setup=_reset,
         drive=_quiet_then_loud),
    Case("helpers", callbacks_on_self, args=web_args, servers="web"),
    Case("helpers", callback_on_self_replaced, args=web_args, servers="web"),
    Case("validation", callback_raises_before_a_write, args=web_args, servers="web",
         speculative_reads=True),
    Case("helpers", callback_raises_on_the_second, args=web_args, servers="web"),
    Case("helpers", static_and_class_methods, args=web_args, servers="web"),
    Case("helpers", operator_callables, args=web_args, servers="web", setup=_reset),
    Case("helpers", classes_as_factories, args=web_args, servers="web",
         drive=_item_then_written),
    Case("helpers", file_write_as_callback, args=tmp_web_args, servers="web"),
    Case("helpers", logger_method_as_callback, args=web_args, servers="web"),
    Case("helpers", set_add_then_dict_update, args=web_args, servers="web"),
    Case("helpers", builtin_open_passed_in, args=tmp_web_args, servers="web", setup=make_lines),
    Case("helpers", callbacks_as_star_args, args=web_args, servers="web", setup=_reset),
    Case("helpers", keyword_partial_of_a_helper, args=web_args, servers="web"),
    Case("helpers", regex_callback_prints, args=web_args, servers="web"),
    Case("helpers", regex_named_callback_prints, args=web_args, servers="web"),
    Case("helpers", sort_keys_passed_in, args=web_args, servers="web"),
    Case("helpers", iter_over_a_callable, args=web_args, servers="web"),
    Case("helpers", defaultdict_factory_prints, args=web_args, servers="web"),
    Case("threads", thread_local_passed_as_argument, args=web_args, servers="web"),
    Case("threads", thread_local_subclass_with_defaults, args=web_args, servers="web"),
    Case("threads", thread_local_through_a_namespace, args=web_args, servers="web"),
    Case("threads", session_per_thread, args=web_args, servers="web"),
    Case("threads", dict_keyed_by_thread_ident, args=web_args, servers="web"),
    Case("threads", dict_keyed_by_thread_name, args=web_args, servers="web"),
    Case("threads", thread_name_in_the_value, args=web_args, servers="web"),
    Case("threads", thread_local_as_a_default_argument, args=web_args, servers="web"),
    Case("helpers", callback_or_a_default_then_print, args=web_args, servers="web",
         drive=_none_len_print),
    Case("helpers", alias_of_a_bound_method_then_print, args=web_args, servers="web",
         setup=_reset, drive=_append_then_print),
    Case("threads", contextvar_set_by_the_caller, args=web_args, servers="web"),
    Case("threads", contextvar_set_in_a_helper, args=web_args, servers="web"),
    Case("threads", contextvar_passed_as_argument, args=web_args, servers="web"),
    Case("threads", log_format_names_the_thread, args=web_args, servers="web",
         setup=_thread_format),
    Case("threads", rlock_passed_to_a_helper_the_caller_holds, args=web_args, servers="web"),
    Case("threads", rlock_acquired_by_hand_in_a_helper, args=web_args, servers="web"),
    Case("threads", timer_callback, args=web_args, servers="web"),
    Case("threads", thread_local_through_globals, args=web_args, servers="web"),
]
