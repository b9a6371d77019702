"""Red-team cases (stop 146): attacks on the previous stop's newest rules.

(1) Methods of an instance the function makes, classified when they start with ``self``
bound: methods that change ``self`` and then read it, properties, ``__getattr__``,
subclasses overriding, methods rebound on the instance in ``__init__``, classmethods and
staticmethods called on the instance, ``__slots__``, a method reading a module global a
helper changes between two calls. (2) Library values typed before their rule decides
(``requests`` hooks that replace the response) and str/number values bound for helpers
that take a client (a parameter rebound before the call, a verb chosen by a number).
(3) Loops over a module's global tuple of constants: rebound between calls, two loops with
a helper growing the tuple between them, nested loops, a tuple read through a module
attribute. (4) Context managers of yours that arm something indirectly (a
``threading.Timer``, ``loop.call_later``, ``asyncio.timeout`` in a helper, a
``contextlib.contextmanager``) or change ambient state (cwd, environment, decimal
context, logging level) on enter and restore on exit. (5) ``ContextVar.get`` while a
helper sets the var, a var holding a list, the decimal context set in a helper.
(6) Chained reads in coroutine loops whose second step reads state the loop changes.
(7) Named-tuple subclasses overriding ``_replace``, ``_asdict``, ``__new__``, ``__init__``,
``_make``. (8) Cached calls: keys of your classes, ``cache_clear`` in a helper, cached
methods, ``cached_property``, ``cache_info``.
Sibling calls get unequal latencies, slow first. Module-level caches are emptied before
each run (`setup=_reset`). Cases that differed when written are in `FIXED_WHY`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import decimal
import enum
import functools
import logging
import os
import sys
import threading
from collections import namedtuple
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam146")
ME = sys.modules[__name__]
SESSION = requests.Session()


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _url(web: str, k: Any, ms: int) -> str:
    return f"{web}/items/{k}?ms={ms}"


def _get(web: str, k: Any, ms: int) -> str:
    return requests.get(_url(web, k, ms), timeout=5).json()["value"]


HOOK = {"web": ""}  # the run's server (set by `_reset`)


# =========================================================================== (1) instances


class Counter:
    """Each fetch bumps a counter on self and puts it in the key it reads."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def fetch(self, k: str, ms: int) -> str:
        self.n += 1
        return requests.get(_url(self.web, f"{k}{self.n}", ms), timeout=5).json()["value"]


def r146_method_bumps_self(web: str) -> list[str]:
    c = Counter(web)
    a = c.fetch("a", 150)
    b = c.fetch("b", 40)
    d = c.fetch("c", 90)
    return [a, b, d, str(c.n)]


class Cursor:
    """fetch reads the item named by what the previous fetch left on self."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.last = "start"

    def fetch(self, ms: int) -> str:
        v = requests.get(_url(self.web, f"after-{self.last}", ms), timeout=5).json()["value"]
        self.last = v[-3:]
        return v


def r146_method_chain_on_self(web: str) -> list[str]:
    c = Cursor(web)
    return [c.fetch(150), c.fetch(40), c.fetch(90)]


class Propped:
    def __init__(self, web: str) -> None:
        self.web = web
        self.hits = 0

    @property
    def base(self) -> str:
        self.hits += 1
        print("base read", self.hits)
        return f"{self.web}/items"

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(f"{self.base}/{k}?ms={ms}", timeout=5).json()["value"]


def r146_method_reads_printing_property(web: str) -> list[str]:
    p = Propped(web)
    a = p.fetch("a", 150)
    print("between")
    b = p.fetch("b", 40)
    return [a, b]


class Lazy:
    """`session` is made on first use by __getattr__, which prints."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __getattr__(self, name: str) -> Any:
        if name == "session":
            print("making session")
            s = requests.Session()
            self.session = s
            return s
        raise AttributeError(name)

    def fetch(self, k: str, ms: int) -> str:
        return self.session.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r146_method_lazy_getattr(web: str) -> list[str]:
    c = Lazy(web)
    out = [c.fetch("a", 150), c.fetch("b", 40), c.fetch("c", 90)]
    c.session.close()
    return out


class Reader:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


class Auditing(Reader):
    def fetch(self, k: str, ms: int) -> str:
        requests.put(_url(self.web, "audit", 1), data=k, timeout=5)
        return super().fetch(k, ms)


def r146_subclass_override_puts(web: str) -> list[str]:
    c = Auditing(web)
    a = c.fetch("a", 150)
    b = c.fetch("b", 40)
    audit = requests.get(_url(web, "audit", 90), timeout=5).json()["value"]
    return [a, b, audit]


class Rebound(Reader):
    """__init__ puts a partial of a writing method on the instance, shadowing fetch."""

    def __init__(self, web: str) -> None:
        super().__init__(web)
        self.fetch = functools.partial(self._write_then_read)  # type: ignore[method-assign]

    def _write_then_read(self, k: str, ms: int) -> str:
        requests.put(_url(self.web, k, 1), data=f"w-{k}", timeout=5)
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r146_method_rebound_in_init(web: str) -> list[str]:
    c = Rebound(web)
    a = c.fetch("a", 150)
    b = requests.get(_url(web, "a", 40), timeout=5).json()["value"]
    return [a, b]


class Plain(Reader):
    pass


def _loud_fetch(self: Any, k: str, ms: int) -> str:
    print("loud fetch", k)
    return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r146_method_set_on_instance_by_helper(web: str) -> list[str]:
    c = Plain(web)
    _make_loud(c)
    a = c.fetch("a", 150)
    b = c.fetch("b", 40)
    print("done")
    return [a, b]


def _make_loud(obj: Any) -> None:
    obj.fetch = functools.partial(_loud_fetch, obj)


class Tally:
    calls = 0

    def __init__(self, web: str) -> None:
        self.web = web

    @classmethod
    def bump(cls, k: str) -> str:
        cls.calls += 1
        return f"{k}{cls.calls}"

    @staticmethod
    def shout(k: str) -> str:
        print("shout", k)
        return k.upper()

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, self.bump(k), ms), timeout=5).json()["value"]


def r146_classmethod_counter_via_instance(web: str) -> list[str]:
    Tally.calls = 0
    t = Tally(web)
    a = t.fetch("a", 150)
    b = t.fetch("b", 40)
    return [a, b, str(Tally.calls)]


class Slotted:
    __slots__ = ("web", "seen")

    def __init__(self, web: str) -> None:
        self.web = web
        self.seen: list[str] = []

    def fetch(self, k: str, ms: int) -> str:
        v = requests.get(_url(self.web, k, ms), timeout=5).json()["value"]
        self.seen.append(v)
        return v

    def report(self) -> str:
        return ",".join(self.seen)


def r146_slots_seen_then_report(web: str) -> list[str]:
    s = Slotted(web)
    s.fetch("a", 150)
    first = s.report()
    s.fetch("b", 40)
    s.fetch("c", 90)
    return [first, s.report()]


MODE = {"verb": "get"}


def _set_mode(v: str) -> None:
    MODE["verb"] = v


class Moded:
    def __init__(self, web: str) -> None:
        self.web = web

    def touch(self, k: str, ms: int) -> str:
        if MODE["verb"] == "put":
            requests.put(_url(self.web, k, 1), data=f"m-{k}", timeout=5)
            return "put"
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r146_method_reads_global_mode(web: str) -> list[str]:
    MODE["verb"] = "get"
    m = Moded(web)
    a = m.touch("a", 150)
    _set_mode("put")
    b = m.touch("b", 40)
    _set_mode("get")
    c = m.touch("b", 90)
    return [a, b, c]


VERB = "get"


class Globaled:
    def __init__(self, web: str) -> None:
        self.web = web

    def touch(self, k: str, ms: int) -> str:
        if VERB == "put":
            requests.put(_url(self.web, k, 1), data=f"g-{k}", timeout=5)
            return "put"
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def _drive_verb(fn: Any, env: Env) -> Any:
    global VERB
    out = []
    try:
        for v in ("get", "put", "get"):
            VERB = v
            out.append(fn(env.web))
    finally:
        VERB = "get"
    return out


def r146_method_global_rebound_between_calls(web: str) -> list[str]:
    g = Globaled(web)
    a = g.touch("a", 150)
    b = g.touch("b", 40)
    return [a, b]


class Pair2:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r146_two_instances_overlap(web: str) -> list[str]:
    x = Pair2(web)
    y = Pair2(web)
    return [x.fetch("a", 150), y.fetch("b", 40), x.fetch("c", 90)]


class Shifty(Reader):
    """__init__ swaps the instance's class to one whose fetch writes first."""

    def __init__(self, web: str, audited: bool = True) -> None:
        super().__init__(web)
        if audited:
            self.__class__ = Auditing


def r146_instance_class_swapped_in_init(web: str) -> list[str]:
    c = Shifty(web)
    a = c.fetch("a", 150)
    audit = requests.get(_url(web, "audit", 40), timeout=5).json()["value"]
    return [a, audit, type(c).__name__]


class Factory:
    """Its __new__ hands back an Auditing reader (no Factory at all)."""

    def __new__(cls, web: str) -> Any:
        return Auditing(web)

    def fetch(self, k: str, ms: int) -> str:
        return "never"


def r146_new_returns_other_class(web: str) -> list[str]:
    c = Factory(web)
    a = c.fetch("a", 150)
    audit = requests.get(_url(web, "audit", 40), timeout=5).json()["value"]
    return [a, audit]


class Regional:
    def __init__(self, web: str) -> None:
        self.web = web
        self.region = "us"

    def use(self, region: str) -> None:
        self.region = region

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, f"{k}-{self.region}", ms),
                            timeout=5).json()["value"]


def r146_method_state_set_by_method_between(web: str) -> list[str]:
    c = Regional(web)
    a = c.fetch("a", 150)
    c.use("eu")
    b = c.fetch("b", 40)
    return [a, b]


def _relocate(c: Any) -> None:
    c.region = "ap"


def r146_instance_state_set_by_helper_between(web: str) -> list[str]:
    c = Regional(web)
    a = c.fetch("a", 150)
    _relocate(c)
    b = c.fetch("b", 40)
    return [a, b]


class Swap:
    def __init__(self, web: str) -> None:
        self.web = web

    def fetch(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


_SWAP_FETCH = Swap.fetch


def _swap_writer(self: Any, k: str, ms: int) -> str:
    requests.put(_url(self.web, k, 1), data=f"sw-{k}", timeout=5)
    return "wrote"


def _drive_swap(fn: Any, env: Env) -> Any:
    out = [fn(env.web)]
    try:
        Swap.fetch = _swap_writer  # type: ignore[method-assign]
        out.append(fn(env.web))
    finally:
        Swap.fetch = _SWAP_FETCH  # type: ignore[method-assign]
    out.append(fn(env.web))
    return out


def r146_class_method_replaced_between_calls(web: str) -> list[str]:
    s = Swap(web)
    a = s.fetch("a", 150)
    b = requests.get(_url(web, "a", 40), timeout=5).json()["value"]
    return [a, b]


# =========================================================================== (2) typed / bound


class Wrapped:
    """What a `response` hook put in place of the response: its `text` PUTs."""

    def __init__(self, r: Any) -> None:
        self._r = r

    @property
    def text(self) -> str:
        requests.put(_url(HOOK["web"], "hooked", 1), data=self._r.text, timeout=5)
        return "wrapped:" + self._r.json()["value"]

    def json(self) -> Any:
        print("wrapped json")
        return self._r.json()


def _replace_response(r: Any, *args: Any, **kwargs: Any) -> Any:
    return Wrapped(r)


def r146_hook_replaces_response_text(web: str) -> list[str]:
    r = requests.get(_url(web, "a", 150), hooks={"response": _replace_response}, timeout=5)
    t = r.text
    b = requests.get(_url(web, "hooked", 40), timeout=5).json()["value"]
    return [t, b]


def r146_session_hook_replaces_json(web: str) -> list[Any]:
    with requests.Session() as s:
        s.hooks["response"].append(_replace_response)
        out = []
        for k, ms in (("a", 150), ("b", 40)):
            out.append(s.get(_url(web, k, ms), timeout=5).json()["value"])
            print("got", k)
        return out


def do(s: requests.Session, web: str, k: str, verb: str, ms: int) -> str:
    if verb == "PUT":
        s.put(_url(web, k, ms), data=f"p-{k}", timeout=5)
        return "put"
    return s.get(_url(web, k, ms), timeout=5).json()["value"]


def r146_param_rebound_before_helper(web: str, verb: str = "GET") -> list[str]:
    verb = "PUT"
    a = do(SESSION, web, "a", verb, 150)
    b = do(SESSION, web, "a", "GET", 40)
    return [a, b]


def _drive_args(*argsets: tuple) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        return [fn(env.web, *a) for a in argsets]
    return drive


def req(s: requests.Session, method: str, web: str, k: str, ms: int) -> Any:
    return s.request(method, _url(web, k, ms), timeout=5)


def r146_request_method_param_rebound(web: str, method: str = "GET") -> list[str]:
    method = "PUT"
    a = req(SESSION, method, web, "a", 150).status_code
    b = req(SESSION, "GET", web, "a", 40).json()["value"]
    return [str(a), b]


def r146_request_method_varies_per_call(web: str, method: str) -> list[str]:
    a = req(SESSION, method, web, "k", 150).status_code
    b = req(SESSION, "GET", web, "k", 40).json()["value"]
    return [str(a), b]


def r146_request_method_overlaps(web: str, method: str = "GET") -> list[str]:
    a = req(SESSION, method, web, "a", 150).json()["value"]
    b = req(SESSION, method, web, "b", 40).json()["value"]
    c = req(SESSION, method, web, "c", 90).json()["value"]
    return [a, b, c]


def r146_helpers_bound_strs_overlap(web: str, verb: str = "GET") -> list[str]:
    a = do(SESSION, web, "a", verb, 150)
    b = do(SESSION, web, "b", verb, 40)
    c = do(SESSION, web, "c", verb, 90)
    return [a, b, c]


# =========================================================================== (3) module tuples


KEYS = (("a", 150), ("b", 40), ("c", 90))
_KEYS0 = KEYS
GROW = (("a", 150), ("b", 40))
_GROW0 = GROW
NEST = ("a", "b")


def _grow() -> None:
    global GROW
    GROW = GROW + (("z", 90),)


def r146_two_loops_helper_grows_tuple(web: str) -> list[str]:
    out = []
    for k, ms in GROW:
        out.append(_get(web, k, ms))
    _grow()
    for k, ms in GROW:
        out.append(_get(web, k, ms // 3))
    return out


def _drive_grow(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        ME.GROW = _GROW0


def _drive_keys(fn: Any, env: Env) -> Any:
    out = [fn(env.web)]
    try:
        ME.KEYS = (("x", 90), ("y", 40))
        out.append(fn(env.web))
        ME.KEYS = [("p", 40), ("q", 90)]
        out.append(fn(env.web))
    finally:
        ME.KEYS = _KEYS0
    return out


def r146_tuple_rebound_between_calls(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(_get(web, k, ms))
        print("got", k)
    return out


def _nest_more() -> None:
    global NEST
    NEST = NEST + ("c",)


def r146_nested_loop_inner_tuple_grows(web: str) -> list[str]:
    out = []
    for r in range(2):
        for k in NEST:
            out.append(_get(web, f"{k}{r}", 150 if k == "a" else 40))
        _nest_more()
    return out


def _drive_nest(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        ME.NEST = ("a", "b")


def r146_tuple_through_module_attr(web: str) -> list[str]:
    return [_get(web, k, ms) for k, ms in ME.KEYS]


class Tag(str):
    """A str with a latency on it (a str subclass: it has a __dict__)."""

    ms: int


def _tag(s: str, ms: int) -> Tag:
    t = Tag(s)
    t.ms = ms
    return t


TAGGED = (_tag("a", 150), _tag("b", 40), _tag("c", 90))


def _fix_tags(env: Env) -> None:
    _reset(env)
    for t, ms in zip(TAGGED, (150, 40, 90), strict=True):
        t.ms = ms


def r146_tuple_str_subclass_attr_mutated(web: str) -> list[str]:
    out = []
    for i, t in enumerate(TAGGED):
        out.append(_get(web, f"{t}-{t.ms}", t.ms))
        if i + 1 < len(TAGGED):
            TAGGED[i + 1].ms = t.ms + 1
    return out


def _step_a() -> str:
    return "a"


def _step_b() -> str:
    return "b"


STEPS = (_step_a, _step_b)


def _fix_steps(env: Env) -> None:
    _reset(env)
    _step_a.ms = 150  # type: ignore[attr-defined]
    _step_b.ms = 40  # type: ignore[attr-defined]


def r146_tuple_functions_attr_mutated(web: str) -> list[str]:
    out = []
    for f in STEPS:
        out.append(_get(web, f"{f()}-{f.ms}", f.ms))  # type: ignore[attr-defined]
        STEPS[-1].ms = 41  # type: ignore[attr-defined]
    return out


class KindA:
    key = "a"
    ms = 150


class KindB:
    key = "b"
    ms = 40


KINDS = (KindA, KindB)


def _fix_kinds(env: Env) -> None:
    _reset(env)
    KindB.key = "b"


def r146_tuple_classes_attr_mutated(web: str) -> list[str]:
    out = []
    for kind in KINDS:
        out.append(_get(web, kind.key, kind.ms))
        KINDS[1].key = "changed"
    return out


# =========================================================================== (4) context managers


class TimerBudget:
    """A budget armed with a threading.Timer by a helper: the body checks `expired`."""

    def __init__(self, s: float) -> None:
        self.s = s
        self.expired = threading.Event()
        self.timer: threading.Timer | None = None

    def __enter__(self) -> TimerBudget:
        self.timer = _arm(self.s, self.expired)
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self.timer is not None
        self.timer.cancel()


def _arm(s: float, ev: threading.Event) -> threading.Timer:
    t = threading.Timer(s, ev.set)
    t.start()
    return t


def r146_cm_timer_via_helper(web: str) -> list[str]:
    out = []
    with TimerBudget(0.5) as b:
        for k in ("a", "b", "c"):
            if b.expired.is_set():
                out.append("late")
                continue
            out.append(_get(web, k, 200))
    return out


@contextlib.contextmanager
def budget(s: float) -> Any:
    ev = threading.Event()
    t = threading.Timer(s, ev.set)
    t.start()
    try:
        yield ev
    finally:
        t.cancel()


class LoopDeadline:
    """A homemade deadline: __aenter__ has a helper arm loop.call_later(task.cancel)."""

    def __init__(self, s: float) -> None:
        self.s = s
        self.handle: Any = None

    async def __aenter__(self) -> LoopDeadline:
        self.handle = _schedule_cancel(self.s)
        return self

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        self.handle.cancel()
        if et is asyncio.CancelledError:
            asyncio.current_task().uncancel()  # type: ignore[union-attr]
            raise TimeoutError("budget spent")
        return False


def _schedule_cancel(s: float) -> Any:
    task = asyncio.current_task()
    return asyncio.get_running_loop().call_later(s, task.cancel)  # type: ignore[union-attr]


async def r146_acm_call_later_in_helper(web: str) -> Any:
    out: list[str] = []
    try:
        async with httpx.AsyncClient() as c:  # noqa: SIM117
            async with LoopDeadline(0.5):
                for k in ("a", "b", "c"):
                    r = await c.get(_url(web, k, 200))
                    out.append(r.json()["value"])
    except TimeoutError as e:
        return [*out, str(e)]
    return out


@contextlib.asynccontextmanager
async def within(s: float) -> Any:
    async with asyncio.timeout(s):
        yield


async def r146_acm_timeout_in_generator(web: str) -> Any:
    out: list[str] = []
    try:
        async with httpx.AsyncClient() as c:  # noqa: SIM117
            async with within(0.5):
                a = c.get(_url(web, "a", 200))
                b = c.get(_url(web, "b", 200))
                d = c.get(_url(web, "c", 200))
                out.append((await a).json()["value"])
                out.append((await b).json()["value"])
                out.append((await d).json()["value"])
    except TimeoutError:
        return [*out, "timeout"]
    return out


class Spans:
    """A span that only prints: arms nothing."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Spans:
        print("enter", self.name)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        print("exit", self.name)


async def r146_acm_span_overlaps(web: str) -> list[str]:
    async with httpx.AsyncClient() as c:
        async with Spans("fetch"):
            ra, rb, rc = await asyncio.gather(c.get(_url(web, "a", 150)),
                                              c.get(_url(web, "b", 40)),
                                              c.get(_url(web, "c", 90)))
        return [r.json()["value"] for r in (ra, rb, rc)]


class Chdir:
    def __init__(self, path: str) -> None:
        self.path = path
        self.old = ""

    def __enter__(self) -> Chdir:
        self.old = os.getcwd()
        os.chdir(self.path)
        return self

    def __exit__(self, *exc: Any) -> None:
        os.chdir(self.old)


def _prep_cwd(env: Env) -> None:
    _reset(env)
    (env.tmp / "sub").mkdir()
    (env.tmp / "sub" / "note.txt").write_text("inside")


def r146_cm_chdir_relative_read(web: str, tmp: str) -> list[str]:
    a = _get(web, "a", 150)
    with Chdir(str(Path(tmp) / "sub")):
        note = Path("note.txt").read_text()
        b = _get(web, "b", 40)
    exists = Path("note.txt").exists()
    return [a, note, b, str(exists)]


class Env146:
    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value
        self.old: str | None = None

    def __enter__(self) -> None:
        self.old = os.environ.get(self.key)
        os.environ[self.key] = self.value

    def __exit__(self, *exc: Any) -> None:
        if self.old is None:
            os.environ.pop(self.key, None)
        else:
            os.environ[self.key] = self.old


def region_get(web: str, k: str, ms: int) -> str:
    region = os.environ.get("R146_REGION", "none")
    return requests.get(_url(web, f"{k}-{region}", ms), timeout=5).json()["value"]


def r146_cm_env_var_read_by_helper(web: str) -> list[str]:
    a = region_get(web, "a", 150)
    with Env146("R146_REGION", "eu"):
        b = region_get(web, "b", 40)
    c = region_get(web, "c", 90)
    return [a, b, c]


class Precision:
    def __init__(self, prec: int) -> None:
        self.prec = prec
        self.old = 0

    def __enter__(self) -> None:
        ctx = decimal.getcontext()
        self.old = ctx.prec
        ctx.prec = self.prec

    def __exit__(self, *exc: Any) -> None:
        decimal.getcontext().prec = self.old


def priced(web: str, k: str, ms: int) -> str:
    n = len(requests.get(_url(web, k, ms), timeout=5).json()["value"])
    return str(decimal.Decimal(n) / decimal.Decimal(7))


def r146_cm_decimal_prec_helper_divides(web: str) -> list[str]:
    a = priced(web, "a", 150)
    with Precision(4):
        b = priced(web, "bb", 40)
    c = priced(web, "ccc", 90)
    return [a, b, c]


class Quiet:
    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        self.old = logging.NOTSET

    def __enter__(self) -> None:
        self.old = self.logger.level
        self.logger.setLevel(logging.WARNING)

    def __exit__(self, *exc: Any) -> None:
        self.logger.setLevel(self.old)


def r146_cm_quiet_logging_level(web: str) -> list[str]:
    LOG.setLevel(logging.INFO)
    a = _get(web, "a", 150)
    LOG.info("a=%s", a)
    with Quiet(LOG):
        b = _get(web, "b", 40)
        LOG.info("b=%s", b)
    c = _get(web, "c", 90)
    LOG.info("c=%s", c)
    LOG.setLevel(logging.NOTSET)
    return [a, b, c]


# =========================================================================== (5) context vars


TENANT: contextvars.ContextVar[str] = contextvars.ContextVar("r146_tenant", default="none")
TAGS: contextvars.ContextVar[list[str]] = contextvars.ContextVar("r146_tags")


def _enter_tenant(t: str) -> None:
    TENANT.set(t)


def tenant_get(web: str, k: str, ms: int) -> str:
    return requests.get(_url(web, f"{k}-{TENANT.get()}", ms), timeout=5).json()["value"]


def r146_ctxvar_set_in_helper_between(web: str) -> list[str]:
    a = tenant_get(web, "a", 150)
    _enter_tenant("acme")
    b = tenant_get(web, "b", 40)
    _enter_tenant("none")
    return [a, b]


def _tag(t: str) -> None:
    TAGS.get().append(t)


def r146_ctxvar_list_helper_appends(web: str) -> list[str]:
    TAGS.set(["s"])
    a = requests.get(_url(web, "a-" + "+".join(TAGS.get()), 150), timeout=5).json()["value"]
    _tag("y")
    b = requests.get(_url(web, "b-" + "+".join(TAGS.get()), 40), timeout=5).json()["value"]
    return [a, b]


def scaled(web: str, k: str, ms: int) -> str:
    decimal.getcontext().prec = 3
    n = len(requests.get(_url(web, k, ms), timeout=5).json()["value"])
    return str(decimal.Decimal(n) / 7)


def r146_decimal_prec_set_in_read_helper(web: str) -> list[str]:
    decimal.getcontext().prec = 28
    a = requests.get(_url(web, "a", 150), timeout=5).json()["value"]
    s = scaled(web, "bb", 40)
    third = str(decimal.Decimal(1) / 3)
    decimal.getcontext().prec = 28
    return [a, s, third]


# =========================================================================== (6) async chains


KS = (("a", 150), ("b", 40), ("c", 90))


async def r146_achain_suffix_from_previous(web: str) -> list[str]:
    out = []
    suffix = "0"
    async with httpx.AsyncClient() as c:
        for k, ms in KS:
            doc = (await c.get(_url(web, k, ms))).json()["value"]
            r = await c.get(_url(web, f"{doc}-{suffix}", 30))
            out.append(r.json()["value"])
            suffix = doc
    return out


STATE = {"n": 0}


async def r146_achain_global_counter(web: str) -> list[str]:
    STATE["n"] = 0
    out = []
    async with httpx.AsyncClient() as c:
        for k, ms in KS:
            doc = (await c.get(_url(web, k, ms))).json()["value"]
            r = await c.get(_url(web, f"{doc}-{STATE['n']}", 30))
            STATE["n"] += 1
            out.append(r.json()["value"])
    return out


async def r146_achain_put_between_steps(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as c:
        for k, ms in KS:
            doc = (await c.get(_url(web, k, ms))).json()["value"]
            await c.put(_url(web, f"n-{doc}", 1), content=f"seen-{k}")
            r = await c.get(_url(web, f"n-{doc}", 30))
            out.append(r.json()["value"])
    return out


async def r146_achain_plain_overlaps(web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient() as c:
        for k, ms in KS:
            doc = (await c.get(_url(web, k, ms))).json()["value"]
            r = await c.get(_url(web, f"{doc}-x", ms))
            out.append(r.json()["value"])
    return out


LAST = {"v": "none"}


def _remember(v: str) -> None:
    LAST["v"] = v


def r146_chain_sync_global_set_by_helper(web: str) -> list[str]:
    LAST["v"] = "none"
    out = []
    for k, ms in KS:
        doc = requests.get(_url(web, k, ms), timeout=5).json()["value"]
        out.append(requests.get(_url(web, f"{doc}-{LAST['v']}", 30), timeout=5).json()["value"])
        _remember(doc)
    return out


def r146_chain_sync_local_from_previous(web: str) -> list[str]:
    prev = "none"
    out = []
    for k, ms in KS:
        doc = requests.get(_url(web, k, ms), timeout=5).json()["value"]
        out.append(requests.get(_url(web, f"{doc}-{prev}", 30), timeout=5).json()["value"])
        prev = doc
    return out


# =========================================================================== (7) named tuples


class Item(namedtuple("Item", "key ms")):
    __slots__ = ()

    def _replace(self, **kw: Any) -> Item:
        print("replace", sorted(kw))
        return super()._replace(**kw)

    def _asdict(self) -> dict[str, Any]:
        print("asdict", self.key)
        return {"key": self.key.upper(), "ms": self.ms}


def r146_nt_override_replace_prints(web: str) -> list[str]:
    it = Item("a", 150)
    a = _get(web, it.key, it.ms)
    it2 = it._replace(key="b", ms=40)
    b = _get(web, it2.key, it2.ms)
    return [a, b, type(it2).__name__]


def r146_nt_override_asdict_in_comp(web: str) -> list[Any]:
    items = [Item("a", 150), Item("b", 40), Item("c", 90)]
    return [(_get(web, d["key"], d["ms"]), d) for d in [i._asdict() for i in items]]


class Announced(namedtuple("Announced", "key ms")):
    __slots__ = ()

    def __new__(cls, key: str, ms: int) -> Announced:
        print("new", key)
        return super().__new__(cls, key, ms)


def r146_nt_override_new_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in KS:
        a = Announced(k, ms)
        out.append(_get(web, a.key, a.ms))
    return out


class Inited(namedtuple("Inited", "key ms")):
    def __init__(self, key: str, ms: int) -> None:
        print("init", key)
        requests.put(_url(HOOK["web"], f"init-{key}", 1), data=key, timeout=5)


def r146_nt_subclass_init_puts(web: str) -> list[str]:
    a = _get(web, "init-a", 150)
    i = Inited("a", 40)
    b = _get(web, "init-a", 90)
    return [a, b, i.key]


class Made(namedtuple("Made", "key ms")):
    __slots__ = ()

    @classmethod
    def _make(cls, it: Any) -> Made:
        print("make")
        return super()._make(it)


class Point(NamedTuple):
    key: str
    ms: int


class LoudPoint(Point):
    __slots__ = ()

    def _replace(self, **kw: Any) -> Any:
        requests.put(_url(HOOK["web"], "rep", 1), data=str(sorted(kw)), timeout=5)
        return Point._replace(self, **kw)


def r146_typed_nt_subclass_replace_puts(web: str) -> list[str]:
    p = LoudPoint("a", 150)
    q = p._replace(ms=40)
    r = _get(web, "rep", q.ms)
    return [r, str(q)]


def r146_nt_plain_replace_overlaps(web: str) -> list[str]:
    base = Point("a", 150)
    pts = [base, base._replace(key="b", ms=40), base._replace(key="c", ms=90)]
    return [_get(web, p.key, p.ms) for p in pts]


class Keyed(namedtuple("Keyed", "key ms")):
    __slots__ = ()

    @property
    def key(self) -> str:  # type: ignore[override]
        print("key of", tuple.__getitem__(self, 0))
        return tuple.__getitem__(self, 0).upper()


def r146_nt_field_property_override(web: str) -> list[str]:
    pts = [Keyed("a", 150), Keyed("b", 40), Keyed("c", 90)]
    out = []
    for p in pts:
        out.append(_get(web, p.key, p.ms))
    return out


# =========================================================================== (8) caches


@dataclasses.dataclass(frozen=True)
class Key:
    k: str
    ms: int


@functools.cache
def by_key(web: str, key: Key) -> str:
    return requests.get(_url(web, key.k, key.ms), timeout=5).json()["value"]


@functools.cache
def by_str(web: str, k: str, ms: int) -> str:
    return requests.get(_url(web, k, ms), timeout=5).json()["value"]


def r146_cache_frozen_dataclass_keys(web: str) -> list[str]:
    return [by_key(web, Key("a", 150)), by_key(web, Key("b", 40)), by_key(web, Key("a", 150)),
            by_key(web, Key("c", 90))]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@functools.cache
def by_color(web: str, c: Color, ms: int) -> str:
    return requests.get(_url(web, c.value, ms), timeout=5).json()["value"]


def _forget() -> None:
    by_str.cache_clear()


def r146_cache_clear_in_helper(web: str) -> list[str]:
    a = by_str(web, "a", 150)
    requests.put(_url(web, "a", 1), data="changed", timeout=5)
    b = by_str(web, "a", 150)
    _forget()
    c = by_str(web, "a", 40)
    return [a, b, c]


def r146_cache_info_between(web: str) -> list[Any]:
    a = by_str(web, "a", 150)
    info = by_str.cache_info()
    b = by_str(web, "b", 40)
    c = by_str(web, "a", 90)
    return [a, b, c, info.hits, info.misses, by_str.cache_info().misses]


class Store:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cached_property
    def index(self) -> str:
        print("index loaded")
        return requests.get(_url(self.web, "index", 150), timeout=5).json()["value"]

    @functools.cache  # noqa: B019
    def item(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


def r146_cached_property_then_reads(web: str) -> list[str]:
    s = Store(web)
    idx = s.index
    a = requests.get(_url(web, "a", 40), timeout=5).json()["value"]
    again = s.index
    return [idx, a, again]


def r146_cached_method_dup_keys(web: str) -> list[str]:
    s = Store(web)
    out = [s.item("a", 150), s.item("b", 40), s.item("a", 150), s.item("c", 90)]
    Store.item.cache_clear()
    return out


@functools.cache
def mutable_rows(web: str, k: str) -> list[str]:
    return [requests.get(_url(web, k, 150), timeout=5).json()["value"]]


# =========================================================================== the lists


def _reset(env: Env) -> None:
    for obj in list(globals().values()):
        if isinstance(obj, functools._lru_cache_wrapper):  # type: ignore[attr-defined]
            obj.cache_clear()
    Store.item.cache_clear()
    HOOK["web"] = env.web
    Tally.calls = 0
    MODE["verb"] = "get"


def web(env: Env) -> tuple:
    return (env.web,)


def _arun(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal,
                setup=kw.pop("setup", _reset), **kw)


O3 = over(0.15, 0.04, 0.09)
O2 = over(0.15, 0.04)

ALL: list[Case] = [
    # (1) instances
    _w(r146_method_bumps_self, O3, cat="helpers"),
    _w(r146_method_chain_on_self, cat="helpers"),
    _w(r146_method_reads_printing_property, O2, cat="helpers"),
    _w(r146_method_lazy_getattr, O3, cat="helpers"),
    _w(r146_subclass_override_puts, cat="helpers"),
    _w(r146_method_rebound_in_init, cat="helpers"),
    _w(r146_method_set_on_instance_by_helper, O2, cat="helpers"),
    _w(r146_classmethod_counter_via_instance, O2, cat="helpers"),
    _w(r146_slots_seen_then_report, O3, cat="helpers"),
    _w(r146_method_reads_global_mode, cat="helpers"),
    _w(r146_method_global_rebound_between_calls, cat="helpers", drive=_drive_verb),
    _w(r146_two_instances_overlap, O3, cat="helpers", overlap=3),
    _w(r146_instance_class_swapped_in_init, cat="helpers"),
    _w(r146_new_returns_other_class, cat="helpers"),
    _w(r146_method_state_set_by_method_between, O2, cat="helpers"),
    _w(r146_instance_state_set_by_helper_between, O2, cat="helpers"),
    _w(r146_class_method_replaced_between_calls, cat="helpers", drive=_drive_swap),
    # (2) typed before decided, bound values
    _w(r146_hook_replaces_response_text, cat="clients"),
    _w(r146_session_hook_replaces_json, cat="clients"),
    _w(r146_param_rebound_before_helper, cat="clients"),
    _w(r146_request_method_param_rebound, cat="clients"),
    _w(r146_request_method_varies_per_call, cat="clients",
       drive=_drive_args(("GET",), ("PUT",), ("GET",))),
    _w(r146_request_method_overlaps, O3, cat="clients", overlap=3),
    _w(r146_helpers_bound_strs_overlap, O3, cat="clients"),
    # (3) module tuples
    _w(r146_two_loops_helper_grows_tuple, cat="rebind", drive=_drive_grow),
    _w(r146_tuple_rebound_between_calls, O3, cat="rebind", drive=_drive_keys),
    _w(r146_nested_loop_inner_tuple_grows, cat="rebind", drive=_drive_nest),
    _w(r146_tuple_through_module_attr, O3, cat="rebind"),
    _w(r146_tuple_str_subclass_attr_mutated, cat="rebind", setup=_fix_tags),
    _w(r146_tuple_functions_attr_mutated, cat="rebind", setup=_fix_steps),
    _w(r146_tuple_classes_attr_mutated, cat="rebind", setup=_fix_kinds),
    # (4) context managers
    _w(r146_cm_timer_via_helper, cat="sleep"),
    _w(r146_acm_call_later_in_helper, cat="sleep", drive=_arun),
    _w(r146_acm_timeout_in_generator, cat="sleep", drive=_arun),
    _w(r146_acm_span_overlaps, O3, cat="sleep", drive=_arun),
    _w(r146_cm_chdir_relative_read, cat="files", args=web_tmp, setup=_prep_cwd),
    _w(r146_cm_env_var_read_by_helper, cat="state"),
    _w(r146_cm_decimal_prec_helper_divides, cat="state"),
    _w(r146_cm_quiet_logging_level, cat="state"),
    # (5) context vars
    _w(r146_ctxvar_set_in_helper_between, cat="state"),
    _w(r146_ctxvar_list_helper_appends, cat="state"),
    _w(r146_decimal_prec_set_in_read_helper, cat="state"),
    # (6) async chains
    _w(r146_achain_suffix_from_previous, 370 / 180, cat="fanout", drive=_arun),
    _w(r146_achain_global_counter, cat="fanout", drive=_arun),
    _w(r146_achain_put_between_steps, cat="fanout", drive=_arun),
    _w(r146_chain_sync_global_set_by_helper, cat="fanout"),
    _w(r146_chain_sync_local_from_previous, 370 / 180, cat="fanout"),
    _w(r146_achain_plain_overlaps, (0.3 + 0.08 + 0.18) / 0.3, cat="fanout", drive=_arun),
    # (7) named tuples
    _w(r146_nt_override_replace_prints, O2, cat="validation"),
    _w(r146_nt_override_asdict_in_comp, O3, cat="validation"),
    _w(r146_nt_override_new_in_loop, O3, cat="validation"),
    _w(r146_nt_subclass_init_puts, cat="validation"),
    _w(r146_typed_nt_subclass_replace_puts, cat="validation"),
    _w(r146_nt_field_property_override, O3, cat="validation"),
    _w(r146_nt_plain_replace_overlaps, O3, cat="validation", overlap=3),
    # (8) caches
    _w(r146_cache_frozen_dataclass_keys, O3, cat="state"),
    _w(r146_cache_clear_in_helper, cat="state"),
    _w(r146_cache_info_between, O3, cat="state"),
    _w(r146_cached_property_then_reads, O2, cat="state"),
    _w(r146_cached_method_dup_keys, O3, cat="state"),
]

# Cases that differed when written, fixed since (each failed on the code before its fix).
FIXED_WHY: dict[str, str] = {
    "r146_new_returns_other_class": (
        "c = Factory(web) whose __new__ returns an Auditing (not a Factory); c.fetch(...) was"
        " planned as Factory.fetch from the static type, while the object's own fetch PUTs"
        " /items/audit: the later GET of audit started first. A class with a __new__ of"
        " yours (or a metaclass __call__) now gives no known type (`_resolve.made_as_written`)."
    ),
    "r146_class_method_replaced_between_calls": (
        "Between two calls of the jitted function the caller sets Swap.fetch to a writer; the"
        " second call reused the first plan with no guard on the class's attribute, so the"
        " GET overtook the PUT. A method found on a local's class is now guarded."
    ),
    "r146_method_set_on_instance_by_helper": (
        "Differed only while the printing-helper rule was half written in the tree the"
        " red-team ran (a helper that prints taken for a read before `rule_of` knew it):"
        " both calls of the partial started together. Kept as a case of that rule."
    ),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
