"""Red-team cases (stop 161): the newest rules for printing helpers, class attributes and threads.

(1) A helper that only prints its arguments is taken to change none of them
(`CallFact.keeps_arguments`): here helpers that print and also change what they were given
by routes the summary may not see (a local alias, a loop variable, ``dict.update(d, ...)``,
``operator.setitem``, ``d.__setitem__``, a closure's helper, a default argument, a stored
reference bumped later, ``print(*it)`` draining an iterator, a ``defaultdict`` lookup that
inserts, a ``StringIO`` read, a seeded ``Random``, a ``__format__`` that counts, logging).
Each is followed by a GET whose key comes from the changed object.
(2) A printing helper that calls ``log(msg)`` (a helper that only prints) runs log's
printing twin in its buffer: log rebound between calls or by a helper mid-function, log
from another module whose ``print`` is replaced, log with ``sep``/``end``/``flush``,
``*args``, ``**kw``, an alias, a staticmethod, a branch that writes ``sys.stdout``,
raising, recursion, a coroutine log, three deep, a failing read mid-way, and a log that
reads a global dict the function changes between reads.
(3) Class and module attributes that run code (a metaclass property shadowing a class
attribute, a metaclass ``__getattr__``/``__getattribute__``, a descriptor on a class, a
module's ``__getattr__``, a module subclass's property, ``__class_getitem__``,
``__init_subclass__``) in a read's arguments or between reads.
(4) Threads started by routes the analysis may miss (a thread made by a helper and started
through ``getattr``, ``attrgetter``, a dict's ``get``, an assignment from an item, a
``weakref.finalize`` run by ``del``, a ``Future``'s done callback, a ``QueueListener``,
``sched``, ``run_in_executor`` by a computed name, ``ExitStack.callback``, a signal
handler, a property, a metaclass ``__getattr__``, ``itertools.starmap``): the thread PUTs a
key 30 ms in and the function's second GET (150 ms in, plain) must see it.
Sibling calls get unequal latencies, slow first. `FIXED_WHY` says what differed for the
cases that did when written.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import io
import itertools
import linecache
import logging
import logging.handlers
import operator
import queue
import random
import sched
import sys
import threading
import time
import types
import weakref
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam161")
ME = sys.modules[__name__]


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, k: str, v: str, ms: int = 40) -> int:
    return requests.put(f"{web}/items/{k}?ms={ms}", data=v, timeout=5).json()["version"]


# =========================================================================== (1) keeps_arguments


def _show_alias(d: dict) -> None:
    print("at", d["n"])
    x = d
    x["n"] += 1


def r161_keep_local_alias_mutates(web: str) -> tuple:
    d = {"n": 1}
    a = _get(web, f"k{d['n']}", 150)
    _show_alias(d)
    b = _get(web, f"k{d['n']}", 40)
    return a, b, d["n"]


def _show_dict_update(d: dict) -> None:
    print("at", d["n"])
    dict.update(d, n=d["n"] + 1)


def r161_keep_unbound_dict_update(web: str) -> tuple:
    d = {"n": 1}
    a = _get(web, f"k{d['n']}", 150)
    _show_dict_update(d)
    b = _get(web, f"k{d['n']}", 40)
    return a, b


def _show_setitem(d: dict) -> None:
    print("at", d["n"])
    operator.setitem(d, "n", d["n"] + 1)


def r161_keep_operator_setitem(web: str) -> tuple:
    d = {"n": 1}
    a = _get(web, f"k{d['n']}", 150)
    _show_setitem(d)
    b = _get(web, f"k{d['n']}", 40)
    return a, b


def _make_show() -> Any:
    def bump(x: dict) -> None:
        x["n"] += 1

    def show(d: dict) -> None:
        print("at", d["n"])
        bump(d)
    return show


_show_closure = _make_show()


def r161_keep_closure_helper_mutates(web: str) -> tuple:
    d = {"n": 1}
    a = _get(web, f"k{d['n']}", 150)
    _show_closure(d)
    b = _get(web, f"k{d['n']}", 40)
    return a, b


def _bump(x: dict) -> None:
    x["n"] += 1


def _show_default(d: dict, after: Any = _bump) -> None:
    print("at", d["n"])
    after(d)


def r161_keep_default_arg_mutates(web: str) -> tuple:
    d = {"n": 1}
    a = _get(web, f"k{d['n']}", 150)
    _show_default(d)
    b = _get(web, f"k{d['n']}", 40)
    return a, b


_KEPT: list = []


def _show_keep(d: dict) -> None:
    print("keep", d["n"])
    _KEPT.append(d)


def _bump_kept() -> None:
    _KEPT.pop()["n"] += 1


def r161_keep_stored_then_bumped_by_other(web: str) -> tuple:
    d = {"n": 1}
    a = _get(web, f"k{d['n']}", 150)
    _show_keep(d)
    _bump_kept()
    b = _get(web, f"k{d['n']}", 40)
    return a, b


def _show_all(items: Any) -> None:
    print("items:", *items)


def r161_keep_star_print_drains_iterator(web: str) -> tuple:
    it = iter(["k1", "k2", "k3"])
    a = _get(web, "x", 150)
    _show_all(it)
    b = _get(web, next(it, "none"), 40)
    return a, b


def _show_each(items: Any) -> None:
    for x in items:
        print(" -", x)


def r161_keep_loop_print_drains_generator(web: str) -> tuple:
    gen = (f"g{i}" for i in range(3))
    a = _get(web, "x", 150)
    _show_each(gen)
    rest = list(gen)
    b = _get(web, f"n{len(rest)}", 40)
    return a, b


def _show_count(counts: Any, key: str) -> None:
    print(key, "seen", counts[key])


def r161_keep_defaultdict_lookup_inserts(web: str) -> tuple:
    counts: collections.defaultdict[str, int] = collections.defaultdict(int)
    counts["a"] += 1
    a = _get(web, "x", 150)
    _show_count(counts, "b")
    b = _get(web, f"n{len(counts)}", 40)
    return a, b, sorted(counts)


def _show_buf(buf: Any) -> None:
    print("buf:", buf.read())


def r161_keep_stringio_read_moves(web: str) -> tuple:
    buf = io.StringIO("k1")
    a = _get(web, "x", 150)
    _show_buf(buf)
    b = _get(web, buf.read() or "empty", 40)
    return a, b


def _show_roll(rng: Any) -> None:
    print("roll", rng.randint(1, 6))


def r161_keep_seeded_random_advances(web: str) -> tuple:
    rng = random.Random(7)
    a = _get(web, "x", 150)
    _show_roll(rng)
    b = _get(web, f"r{rng.randint(1, 6)}", 40)
    return a, b


class _Ticker:
    def __init__(self) -> None:
        self.n = 1

    def __format__(self, spec: str) -> str:
        self.n += 1
        return f"t{self.n - 1}"


def _show_ticker(t: Any) -> None:
    print(f"ticker {t}")


def r161_keep_format_hook_advances(web: str) -> tuple:
    t = _Ticker()
    a = _get(web, f"k{t.n}", 150)
    _show_ticker(t)
    b = _get(web, f"k{t.n}", 40)
    return a, b


def _log_and_pop(d: dict) -> None:
    LOG.info("state %s", sorted(d))
    print("popped", d.pop("next"))


def r161_keep_log_then_pop(web: str) -> tuple:
    d = {"next": "k2", "other": 1}
    a = _get(web, "x", 150)
    _log_and_pop(d)
    b = _get(web, d.get("next", "gone"), 40)
    return a, b


def _show_only(label: str, value: object) -> object:
    print(f"  {label}: {value}")
    return value


def r161_keep_show_only_overlaps(web: str) -> list:
    d = {"key": "b"}
    a = _get(web, "a", 150)
    _show_only("d", d)
    b = _get(web, d["key"], 40)
    c = _get(web, "c", 90)
    return [a, b, c]


# =========================================================================== (2) log's twin


def log(msg: str) -> None:
    print(f"[app] {msg}")


def _log_v2(msg: str) -> None:
    print(f"<v2> {msg}")


_LOG_ORIG = log
_COUNTED: list = []


def _log_counting(msg: str) -> None:
    _COUNTED.append(msg)
    print(f"#{len(_COUNTED)} {msg}")


def _fetch_logged(web: str, key: str, ms: int) -> str:
    log(f"fetching {key}")
    v = _get(web, key, ms)
    log(f"got {key}")
    return v


def r161_log_twin_comprehension(web: str) -> list:
    print("start")
    out = [_fetch_logged(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    print("end")
    return out


def _drive_rebind_log(to: Any) -> Any:
    def drive(f: Any, env: Env) -> Any:
        global log
        _COUNTED.clear()
        first = f(env.web)
        log = to
        try:
            second = f(env.web)
        finally:
            log = _LOG_ORIG
        return first, second, list(_COUNTED)
    drive.__name__ = f"drive_rebind_{to.__name__}"
    return drive


def r161_log_rebound_to_other_printer(web: str) -> list:
    return [_fetch_logged(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def r161_log_rebound_to_counting_printer(web: str) -> list:
    return [_fetch_logged(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _swap_log_setattr() -> None:
    ME.log = _log_v2


def _restore_log() -> None:
    ME.log = _LOG_ORIG


def _restoring(f: Any, env: Env) -> Any:
    try:
        return f(env.web)
    finally:
        ME.log = _LOG_ORIG


def r161_log_swapped_by_helper_setattr(web: str) -> tuple:
    a = _fetch_logged(web, "a", 150)
    _swap_log_setattr()
    b = _fetch_logged(web, "b", 40)
    _restore_log()
    return a, b


_PREFIX = {"tag": "one"}


def _log_tagged(msg: str) -> None:
    print(f"[{_PREFIX['tag']}] {msg}")


def _fetch_tagged(web: str, key: str, ms: int) -> str:
    _log_tagged(f"fetching {key}")
    return _get(web, key, ms)


def r161_log_reads_global_dict_changed_between(web: str) -> tuple:
    a = _fetch_tagged(web, "a", 150)
    _PREFIX["tag"] = "two"
    b = _fetch_tagged(web, "b", 40)
    _PREFIX["tag"] = "one"
    return a, b


# log from another module whose `print` is a name of that module's own.
_OTHER_FILE = str(__import__("pathlib").Path(__file__).with_name("_r161_other_virtual.py"))
_OTHER_SRC = '''\
import builtins


def olog(msg):
    print("[other]", msg)


def fetch_other(get, web, key, ms):
    olog(f"fetching {key}")
    v = get(web, key, ms)
    olog(f"got {key}")
    return v
'''
linecache.cache[_OTHER_FILE] = (len(_OTHER_SRC), None, _OTHER_SRC.splitlines(True), _OTHER_FILE)
_other = types.ModuleType("tests.xcs.libcorpus._r161_other_virtual")
_other.__file__ = _OTHER_FILE
sys.modules[_other.__name__] = _other
exec(compile(_OTHER_SRC, _OTHER_FILE, "exec"), _other.__dict__)
olog = _other.olog


def _writer_print(*args: Any, **kw: Any) -> None:
    sys.stdout.write("W " + " ".join(map(str, args)) + "\n")


def _fetch_via_olog(web: str, key: str, ms: int) -> str:
    olog(f"fetching {key}")
    return _get(web, key, ms)


def r161_log_other_module_print_replaced(web: str) -> list:
    return [_fetch_via_olog(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def _drive_other_print(f: Any, env: Env) -> Any:
    first = f(env.web)
    _other.print = _writer_print
    try:
        second = f(env.web)
    finally:
        del _other.print
    return first, second


def log_kv(*parts: Any) -> None:
    print(*parts, sep="=", end=";\n", flush=True)


def _fetch_kv(web: str, key: str, ms: int) -> str:
    log_kv("fetch", key)
    v = _get(web, key, ms)
    log_kv("got", key, v)
    return v


def r161_log_sep_end_flush(web: str) -> list:
    return [_fetch_kv(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def log_opts(msg: str, **kw: Any) -> None:
    print(msg, **kw)


def _fetch_kw(web: str, key: str, ms: int) -> str:
    opts = {"end": "!\n"}
    log_opts(f"fetching {key}", **opts)
    return _get(web, key, ms)


def r161_log_called_with_star_star_kw(web: str) -> list:
    return [_fetch_kw(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def log_parts(*parts: str) -> None:
    print("|".join(parts))


def _fetch_star(web: str, key: str, ms: int) -> str:
    log_parts(*("fetching", key))
    v = _get(web, key, ms)
    log_parts(*[p.upper() for p in ("got", key)])
    return v


def r161_log_called_with_star_args(web: str) -> list:
    return [_fetch_star(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


say = log


def _fetch_say(web: str, key: str, ms: int) -> str:
    say(f"fetching {key}")
    return _get(web, key, ms)


def r161_log_through_module_alias(web: str) -> list:
    return [_fetch_say(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


class _Log:
    @staticmethod
    def say(msg: str) -> None:
        print("static", msg)


def _fetch_static(web: str, key: str, ms: int) -> str:
    _Log.say(f"fetching {key}")
    return _get(web, key, ms)


def r161_log_through_staticmethod(web: str) -> list:
    return [_fetch_static(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def log_branch(msg: str, raw: bool = False) -> None:
    if raw:
        sys.stdout.write(f"raw {msg}\n")
    else:
        print(msg)


def _fetch_branch(web: str, key: str, ms: int) -> str:
    log_branch(f"fetching {key}", raw=key == "b")
    return _get(web, key, ms)


def r161_log_stdout_write_on_a_branch(web: str) -> list:
    return [_fetch_branch(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def log_strict(msg: str) -> None:
    print(msg)
    if "bad" in msg:
        raise ValueError(msg)


def _fetch_strict(web: str, key: str, ms: int) -> str:
    log_strict(f"fetching {key}")
    v = _get(web, key, ms)
    log_strict(f"got {key}")
    return v


def r161_log_raises_mid_comprehension(web: str) -> list:
    return [_fetch_strict(web, k, ms) for k, ms in (("a", 150), ("bad", 40), ("c", 90))]


def r161_log_raises_caught_in_loop(web: str) -> list:
    out = []
    for k, ms in (("a", 150), ("bad", 40), ("c", 90)):
        try:
            out.append(_fetch_strict(web, k, ms))
        except ValueError as e:
            print("caught", e)
            out.append("-")
    return out


def log_rec(msg: str, depth: int = 0) -> None:
    print("  " * depth + msg)
    if depth < 2:
        log_rec(msg, depth + 1)


def _fetch_rec(web: str, key: str, ms: int) -> str:
    log_rec(f"fetching {key}")
    return _get(web, key, ms)


def r161_log_recursive(web: str) -> list:
    return [_fetch_rec(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def log_ping(msg: str, n: int = 2) -> None:
    print("ping", msg)
    if n:
        log_pong(msg, n - 1)


def log_pong(msg: str, n: int) -> None:
    print("pong", msg)
    if n:
        log_ping(msg, n - 1)


def _fetch_mutual(web: str, key: str, ms: int) -> str:
    log_ping(key)
    return _get(web, key, ms)


def r161_log_mutual_recursion(web: str) -> list:
    return [_fetch_mutual(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


def log_inner(msg: str) -> None:
    print("    inner", msg)


def log_middle(msg: str) -> None:
    print("  middle", msg)
    log_inner(msg.upper())


def log_outer(msg: str) -> None:
    print("outer", msg)
    log_middle(msg + "!")


def _fetch_deep(web: str, key: str, ms: int) -> str:
    log_outer(key)
    v = _get(web, key, ms)
    log_inner(f"done {key}")
    return v


def r161_log_three_deep(web: str) -> list:
    print("begin")
    out = [_fetch_deep(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    print("over")
    return out


def _fetch_status(web: str, key: str, code: int, ms: int) -> str:
    log(f"fetching {key}")
    r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
    r.raise_for_status()
    log(f"got {key}")
    return key


def r161_log_read_fails_mid_way(web: str) -> Any:
    try:
        return [_fetch_status(web, k, code, ms)
                for k, code, ms in (("a", 200, 150), ("b", 500, 40), ("c", 200, 90))]
    except requests.HTTPError as e:
        print("failed", e.response.status_code)
        return "failed"


async def alog(msg: str) -> None:
    print("async", msg)


async def _afetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    await alog(f"fetching {key}")
    r = await http.get(f"/items/{key}?ms={ms}")
    await alog(f"got {key}")
    return r.json()["value"]


async def r161_log_async_coroutine_log(http: httpx.AsyncClient) -> list:
    print("start")
    a = await _afetch(http, "a", 150)
    b = await _afetch(http, "b", 40)
    c = await _afetch(http, "c", 90)
    print("end")
    return [a, b, c]


def _ahttp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


def _ask(client: Any, q: str, lat: float) -> str:
    log(f"asking {q}")
    r = client.chat.completions.create(model="gpt-4o-mini",
                                       messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    log(f"answered {q}")
    return r.choices[0].message.content


def r161_log_twin_openai(client: Any) -> list:
    return [_ask(client, q, lat) for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09))]


# =========================================================================== (3) class / module attrs


class _MetaProp(type):
    @property
    def region(cls) -> str:
        print("meta property region")
        return "eu"


class _Shadowed(metaclass=_MetaProp):
    region = "us"  # the metaclass's property wins: `_Shadowed.region` is "eu", and prints


def r161_cls_meta_property_shadows_class_attr(web: str) -> tuple:
    a = _get(web, "x", 150)
    print("got", a)
    b = _get(web, _Shadowed.region, 40)
    return a, b


class _Unshadowed(metaclass=_MetaProp):
    pass


def r161_cls_meta_property_prints_unshadowed(web: str) -> tuple:
    a = _get(web, "x", 150)
    print("got", a)
    b = _get(web, _Unshadowed.region, 40)
    return a, b


class _MetaPut(type):
    web = ""

    @property
    def live(cls) -> str:
        _put(cls.web, "cfg", "live", 20)
        return "cfg"


class _Live(metaclass=_MetaPut):
    live = "cfg"


def r161_cls_meta_property_puts_in_read_args(web: str) -> tuple:
    _MetaPut.web = web
    a = _get(web, "cfg", 150)
    b = _get(web, _Live.live, 40)
    return a, b


class _MetaGetattr(type):
    def __getattr__(cls, name: str) -> str:
        print("meta getattr", name)
        return name.replace("_", "-")


class _Conf(metaclass=_MetaGetattr):
    pass


def r161_cls_meta_getattr_prints_in_read_args(web: str) -> tuple:
    a = _get(web, "x", 150)
    print("got", a)
    b = _get(web, _Conf.key_b, 40)
    return a, b


class _MetaCount(type):
    hits = 0

    def __getattribute__(cls, name: str) -> Any:
        if name == "key":
            _MetaCount.hits += 1
            return f"k{_MetaCount.hits}"
        return super().__getattribute__(name)


class _Counted(metaclass=_MetaCount):
    key = "k0"


def r161_cls_meta_getattribute_counts(web: str) -> tuple:
    _MetaCount.hits = 0
    a = _get(web, _Counted.key, 150)
    print("between")
    b = _get(web, _Counted.key, 40)
    return a, b


class _SwitchDesc:
    """Gives `_get` on the first access and a PUTting function on the next."""

    def __init__(self) -> None:
        self.n = 0

    def __get__(self, obj: Any, cls: Any) -> Any:
        self.n += 1
        print("resolve fetch", self.n)
        return _get


class _Api:
    fetch = _SwitchDesc()


def r161_cls_descriptor_callee_counted(web: str) -> tuple:
    _Api.__dict__["fetch"].n = 0
    a = _Api.fetch(web, "x", 150)
    b = _Api.fetch(web, "y", 40)
    return a, b


def _settings_getattr(name: str) -> str:
    print("module getattr", name)
    return f"m-{name}"


settings = types.ModuleType("r161_settings")
settings.__getattr__ = _settings_getattr  # type: ignore[attr-defined]


def r161_module_getattr_prints_in_read_args(web: str) -> tuple:
    a = _get(web, "x", 150)
    print("got", a)
    b = _get(web, settings.region, 40)
    return a, b


class _PropModule(types.ModuleType):
    @property
    def region(self) -> str:
        print("module property region")
        return "mp"


psettings = _PropModule("r161_psettings")


def r161_module_subclass_property_in_read_args(web: str) -> tuple:
    a = _get(web, "x", 150)
    print("got", a)
    b = _get(web, psettings.region, 40)
    return a, b


class _Keyed:
    def __class_getitem__(cls, item: str) -> str:
        print("class getitem", item)
        return f"cg-{item}"


def r161_cls_class_getitem_in_read_args(web: str) -> tuple:
    a = _get(web, "x", 150)
    print("got", a)
    b = _get(web, _Keyed["b"], 40)
    return a, b


class _Registers:
    web = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        _put(_Registers.web, "reg", cls.__name__, 20)


def r161_cls_init_subclass_puts_between_reads(web: str) -> tuple:
    _Registers.web = web
    a = _get(web, "x", 150)

    class Plugin(_Registers):
        pass

    b = _get(web, "reg", 40)
    return a, b, Plugin.__name__


class _MetaPure(type):
    @property
    def region(cls) -> str:
        return "eu"


class _PureConf(metaclass=_MetaPure):
    pass


def r161_cls_pure_meta_property_overlaps(web: str) -> tuple:
    a = _get(web, "x", 150)
    b = _get(web, _PureConf.region, 40)
    c = _get(web, f"{_PureConf.region}-c", 90)
    return a, b, c


class _Plain:
    KEY_B = "b"
    KEY_C = "c"


def r161_cls_plain_class_attrs_overlap(web: str) -> list:
    print("start")
    out = [_get(web, "a", 150), _get(web, _Plain.KEY_B, 40), _get(web, _Plain.KEY_C, 90)]
    print("end", len(out))
    return out


# =========================================================================== (4) hidden threads
# Each starts work on another thread that PUTs its key 30 ms in; the function's second GET
# (plain: at 150 ms) must see it, so the two GETs after the start must not overlap.


def _put_later(web: str, k: str, v: str = "new", delay: float = 0.03) -> int:
    time.sleep(delay)
    return _put(web, k, v, 20)


def _mk_thread(web: str, k: str) -> Any:
    return threading.Thread(target=_put_later, args=(web, k))


def r161_thread_getattr_start_helper_made(web: str) -> tuple:
    t = _mk_thread(web, "h1")
    getattr(t, "start")()  # noqa: B009
    a = _get(web, "x", 150)
    b = _get(web, "h1", 40)
    t.join()
    return a, b


def r161_thread_attrgetter_start_called(web: str) -> tuple:
    t = _mk_thread(web, "h2")
    operator.attrgetter("start")(t)()
    a = _get(web, "x", 150)
    b = _get(web, "h2", 40)
    t.join()
    return a, b


def r161_thread_dict_get_start(web: str) -> tuple:
    t = _mk_thread(web, "h3")
    starters = {"go": t.start}
    starters.get("go")()
    a = _get(web, "x", 150)
    b = _get(web, "h3", 40)
    t.join()
    return a, b


class _Holder:
    pass


def _spawn(web: str, k: str) -> None:
    threading.Thread(target=_put_later, args=(web, k)).start()


def r161_thread_weakref_finalize_on_del(web: str) -> tuple:
    h = _Holder()
    weakref.finalize(h, _spawn, web, "h5")
    del h
    a = _get(web, "x", 150)
    b = _get(web, "h5", 40)
    time.sleep(0.05)
    return a, b


def r161_thread_future_done_callback(web: str) -> tuple:
    fut: Future = Future()
    fut.add_done_callback(lambda _f: _spawn(web, "h6"))
    fut.set_result(1)
    a = _get(web, "x", 150)
    b = _get(web, "h6", 40)
    time.sleep(0.05)
    return a, b


class _PutHandler(logging.Handler):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def emit(self, record: logging.LogRecord) -> None:
        _put_later(self.web, record.getMessage())


_QLOG = logging.getLogger("r161.queue")
_QLOG.propagate = False
_QLOG.setLevel(logging.INFO)


def _listening(web: str, q: Any) -> Any:
    listener = logging.handlers.QueueListener(q, _PutHandler(web))
    listener.start()
    return listener


def r161_thread_queue_listener_handler_puts(web: str) -> tuple:
    q: queue.Queue = queue.Queue()
    handler = logging.handlers.QueueHandler(q)
    _QLOG.addHandler(handler)
    listener = _listening(web, q)
    try:
        _QLOG.info("h7")
        a = _get(web, "x", 150)
        b = _get(web, "h7", 40)
    finally:
        listener.stop()
        _QLOG.removeHandler(handler)
    return a, b


def _queued(web: str) -> Any:
    s = sched.scheduler(time.monotonic, time.sleep)
    s.enter(0, 1, _spawn, (web, "h8"))
    return s


def r161_thread_sched_run_spawns(web: str) -> tuple:
    s = _queued(web)
    s.run()
    a = _get(web, "x", 150)
    b = _get(web, "h8", 40)
    time.sleep(0.05)
    return a, b


def r161_thread_run_in_executor_computed_name(web: str) -> tuple:
    loop = asyncio.new_event_loop()
    try:
        fut = getattr(loop, "run_in_" + "executor")(None, _put_later, web, "h9")
        a = _get(web, "x", 150)
        b = _get(web, "h9", 40)
        ver = loop.run_until_complete(fut)
    finally:
        loop.close()
    return a, b, ver


def r161_thread_exitstack_callback(web: str) -> tuple:
    stack = contextlib.ExitStack()
    stack.callback(_spawn, web, "h10")
    stack.close()
    a = _get(web, "x", 150)
    b = _get(web, "h10", 40)
    time.sleep(0.05)
    return a, b


class _Job:
    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    @property
    def kicked(self) -> bool:
        _spawn(self.web, self.k)
        return True


def r161_thread_started_by_property(web: str) -> tuple:
    job = _Job(web, "h12")
    ok = job.kicked
    a = _get(web, "x", 150)
    b = _get(web, "h12", 40)
    time.sleep(0.05)
    return a, b, ok


class _MetaKick(type):
    web = ""

    def __getattr__(cls, name: str) -> str:
        _spawn(_MetaKick.web, name)
        return name


class _Kick(metaclass=_MetaKick):
    pass


def r161_thread_started_by_meta_getattr(web: str) -> tuple:
    _MetaKick.web = web
    k = _Kick.h13
    a = _get(web, "x", 150)
    b = _get(web, k, 40)
    time.sleep(0.05)
    return a, b


def r161_thread_starmap_drained(web: str) -> tuple:
    collections.deque(itertools.starmap(_spawn, [(web, "h14")]), maxlen=0)
    a = _get(web, "x", 150)
    b = _get(web, "h14", 40)
    time.sleep(0.05)
    return a, b


def _pool() -> Any:
    return ThreadPoolExecutor(1)


def r161_thread_executor_map_helper_made(web: str) -> tuple:
    ex = _pool()
    it = ex.map(_put_later, [web], ["h15"])
    a = _get(web, "x", 150)
    b = _get(web, "h15", 40)
    vers = list(it)
    ex.shutdown()
    return a, b, vers


def r161_thread_none_reads_overlap(web: str) -> tuple:
    t = _mk_thread(web, "h17")
    a = _get(web, "x", 150)
    b = _get(web, "y", 40)
    t.start()
    t.join()
    return a, b


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


TWO = over(0.15, 0.04)
THREE = over(0.15, 0.04, 0.09)

ALL: list[Case] = [
    # (1)
    _w(r161_keep_local_alias_mutates),
    _w(r161_keep_unbound_dict_update),
    _w(r161_keep_operator_setitem),
    _w(r161_keep_closure_helper_mutates),
    _w(r161_keep_default_arg_mutates),
    _w(r161_keep_stored_then_bumped_by_other),
    _w(r161_keep_star_print_drains_iterator, TWO),
    _w(r161_keep_loop_print_drains_generator, TWO),
    _w(r161_keep_defaultdict_lookup_inserts, TWO),
    _w(r161_keep_stringio_read_moves, TWO),
    _w(r161_keep_seeded_random_advances, TWO),
    _w(r161_keep_format_hook_advances),
    _w(r161_keep_log_then_pop, TWO),
    _w(r161_keep_show_only_overlaps, THREE),
    # (2)
    _w(r161_log_twin_comprehension, THREE, overlap=3),
    _w(r161_log_rebound_to_other_printer, THREE, drive=_drive_rebind_log(_log_v2)),
    _w(r161_log_rebound_to_counting_printer, THREE, drive=_drive_rebind_log(_log_counting)),
    _w(r161_log_swapped_by_helper_setattr, TWO, drive=_restoring),
    _w(r161_log_reads_global_dict_changed_between, TWO),
    _w(r161_log_other_module_print_replaced, THREE, drive=_drive_other_print),
    _w(r161_log_sep_end_flush, THREE),
    _w(r161_log_called_with_star_star_kw, THREE),
    _w(r161_log_called_with_star_args, THREE),
    _w(r161_log_through_module_alias, THREE),
    _w(r161_log_through_staticmethod, THREE),
    _w(r161_log_stdout_write_on_a_branch, THREE),
    _w(r161_log_raises_mid_comprehension, speculative_reads=True),
    _w(r161_log_raises_caught_in_loop, THREE),
    _w(r161_log_recursive, THREE),
    _w(r161_log_mutual_recursion, THREE),
    _w(r161_log_three_deep, THREE),
    _w(r161_log_read_fails_mid_way, speculative_reads=True),
    _w(r161_log_async_coroutine_log, THREE, args=lambda env: (), drive=_ahttp),
    Case("sdk", r161_log_twin_openai, args=oa, servers="api", ideal=THREE),
    # (3)
    _w(r161_cls_meta_property_shadows_class_attr, TWO, cat="where"),
    _w(r161_cls_meta_property_prints_unshadowed, TWO, cat="where"),
    _w(r161_cls_meta_property_puts_in_read_args, cat="where"),
    _w(r161_cls_meta_getattr_prints_in_read_args, TWO, cat="where"),
    _w(r161_cls_meta_getattribute_counts, TWO, cat="where"),
    _w(r161_cls_descriptor_callee_counted, TWO, cat="where"),
    _w(r161_module_getattr_prints_in_read_args, TWO, cat="where"),
    _w(r161_module_subclass_property_in_read_args, TWO, cat="where"),
    _w(r161_cls_class_getitem_in_read_args, TWO, cat="where"),
    _w(r161_cls_init_subclass_puts_between_reads, cat="where"),
    _w(r161_cls_pure_meta_property_overlaps, THREE, cat="where", overlap=3),
    _w(r161_cls_plain_class_attrs_overlap, THREE, cat="where", overlap=3),
    # (4)
    _w(r161_thread_getattr_start_helper_made, cat="threads"),
    _w(r161_thread_attrgetter_start_called, cat="threads"),
    _w(r161_thread_dict_get_start, cat="threads"),
    _w(r161_thread_weakref_finalize_on_del, cat="threads"),
    _w(r161_thread_future_done_callback, cat="threads"),
    _w(r161_thread_queue_listener_handler_puts, cat="threads"),
    _w(r161_thread_sched_run_spawns, cat="threads"),
    _w(r161_thread_run_in_executor_computed_name, cat="threads"),
    _w(r161_thread_exitstack_callback, cat="threads"),
    _w(r161_thread_started_by_property, cat="threads"),
    _w(r161_thread_started_by_meta_getattr, cat="threads"),
    _w(r161_thread_starmap_drained, cat="threads"),
    _w(r161_thread_executor_map_helper_made, cat="threads"),
    _w(r161_thread_none_reads_overlap, TWO, cat="threads"),
]

FIXED_WHY: dict[str, str] = {
    "r161_log_rebound_to_counting_printer":
        "After a first call planned `_fetch_logged` as a printing helper, `log` is rebound to "
        "one that also appends to a global list: the second call still starts all three "
        "fetches at once and their twins call the new `log` (`_twin_or_itself` falls back to "
        "the callee) on the workers, so the list is in completion order ('fetching a', "
        "'fetching c', ...) and the printed counters read #1, #6, #3...: the plan's guards "
        "do not cover what the helper's helper is.",
    "r161_cls_meta_property_shadows_class_attr":
        "stdout 'got v-x / meta property region' vs the getter's print three times before "
        "'got v-x': a metaclass property shadows the class's own `region = \"us\"` (a data "
        "descriptor on the metaclass wins), but `static_attr` finds the class dict's str "
        "first, so `_Shadowed.region` is taken as a plain constant, evaluated ahead (and "
        "again by the analysis) and the GET hoisted above the print.",
    "r161_thread_getattr_start_helper_made":
        "b is 'v-h1', not 'new': a thread a helper made (`t = _mk_thread(...)`) started by "
        "`getattr(t, 'start')()` is not seen (the Thread class is not called in the "
        "function, and the callee is a call, not `x.start`), so the two GETs overlap and "
        "GET h1 goes before the thread's PUT at 30 ms.",
    "r161_thread_attrgetter_start_called":
        "b is 'v-h2': `operator.attrgetter('start')(t)()` on a helper-made thread starts it "
        "unseen (`_taken_from_data` only counts a subscript or a local name as the callee).",
    "r161_thread_dict_get_start":
        "b is 'v-h3': `{'go': t.start}.get('go')()` starts a helper-made thread unseen (the "
        "callee is a call's result, not a subscript).",
    "r161_thread_weakref_finalize_on_del":
        "b is 'v-h5': `weakref.finalize(h, _spawn, ...)` then `del h` runs the callback, "
        "which starts a thread; neither the finalize (a library class handed a helper that "
        "starts a thread) nor the `del` is taken as a start.",
    "r161_thread_future_done_callback":
        "b is 'v-h6': `fut.add_done_callback(lambda _: _spawn(...)); fut.set_result(1)` runs "
        "the callback inline, starting a thread; the lambda handed to the library is not "
        "looked into for a start.",
    "r161_thread_exitstack_callback":
        "b is 'v-h10': `stack.callback(_spawn, web, k); stack.close()` starts the thread "
        "from the library's close; a helper handed as data to a library is not checked for "
        "thread starts.",
    "r161_thread_starmap_drained":
        "b is 'v-h14': `deque(itertools.starmap(_spawn, [(web, k)]), maxlen=0)` calls the "
        "helper that starts a thread through the library; not seen as a start.",
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
