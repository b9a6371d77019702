"""Red-team cases (stop 195): records as plain data, calls known only at run time that start
threads, logging that reaches code of the user's, and multiprocessing's pools.

(1) A dataclass or pydantic model whose classes run none of the user's code when read,
tested or formatted is plain data to a loop's checks and a read's arguments, so they may run
ahead of their place. These cases hide code of the user's where that test does not look: a
slots subclass of a dict-backed base (its fields live in slots), pydantic private attributes,
class attributes and ``ClassVar``s holding objects of the user's, a ``classmethod`` wrapping a
property, functions held in fields, ``__post_init__`` run by ``dataclasses.replace``,
``copy.copy`` through a ``__copy__``, ABCs whose ``__subclasshook__`` prints, a metaclass's
``__getattribute__``, ``__class_getitem__``, ``__init_subclass__`` and ``__set_name__`` that
write, dunders patched onto the class between calls, comparisons with sentinels of the user's,
items mutated by the body or by another thread.
(2) A callee known only at run time (a class made in the function, a tool from a dict, a
callable parameter, a field's function, a finaliser, a context manager) that starts a thread.
(3) Logging whose logger, a parent, a handler, a filter, a formatter, an adapter or the
record factory is the user's and starts a thread, submits to an executor or feeds a queue a
worker reads.
(4) ``multiprocessing.pool.ThreadPool`` and ``Pool`` beside GETs and PUTs.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import abc
import concurrent.futures
import copy
import dataclasses
import logging
import logging.handlers
import queue
import threading
import time
import weakref
from multiprocessing.pool import ThreadPool
from typing import Any, ClassVar, Generic, TypeVar

import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam195")
LOG_T = corpus_logger("redteam195.t")  # a child: handlers of the user's go on it or its parent

KEYS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


IDEAL3 = over(0.15, 0.04, 0.09)


def _get(web: str, k: Any, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, k: str, v: str) -> None:
    requests.put(f"{web}/items/{k}", data=v, timeout=5)


def _bg_put(web: str, k: str, v: str) -> None:
    """A PUT from a thread of its own, waited for."""
    t = threading.Thread(target=_put, args=(web, k, v))
    t.start()
    t.join()


class Loud:
    """A value that prints whenever it is formatted, compared or hashed."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return format(self.s, spec)

    def __str__(self) -> str:
        print("str", self.s)
        return self.s

    def __repr__(self) -> str:
        print("repr", self.s)
        return repr(self.s)

    def __eq__(self, other: object) -> bool:
        print("eq", self.s)
        return isinstance(other, Loud) and other.s == self.s

    def __hash__(self) -> int:
        return hash(self.s)


# =========================================================================== (1) records


@dataclasses.dataclass
class Item:
    key: str
    ms: int


@dataclasses.dataclass
class DictBase:
    key: str


@dataclasses.dataclass(slots=True)
class SlotChild(DictBase):
    """Slots of its own on a base with a ``__dict__``: every field lives in a slot."""

    ms: int
    note: Any


def r195_dc_slots_child_note_in_url(web: str) -> list[str]:
    items = [SlotChild(k, ms, Loud(k)) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, f"{it.note}", it.ms))
    return out


def r195_dc_slots_child_plain(web: str) -> list[str]:
    items = [SlotChild(k, ms, k.upper()) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key, it.note)
        out.append(_get(web, f"{it.note}", it.ms))
    return out


class Tagged(pydantic.BaseModel):
    key: str
    ms: int
    _tag: Any = pydantic.PrivateAttr(default=None)


def r195_pd_private_attr_in_url(web: str) -> list[str]:
    items = []
    for k, ms in KEYS:
        t = Tagged(key=k, ms=ms)
        t._tag = Loud(k)
        items.append(t)
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, f"{it._tag}", it.ms))
    return out


@dataclasses.dataclass
class Labelled:
    key: str
    ms: int
    LABEL: ClassVar[Any] = Loud("lbl")


def r195_dc_classvar_user_object(web: str) -> list[str]:
    items = [Labelled(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, f"{it.key}-{it.LABEL}", it.ms))
    return out


class _Limit:
    def __init__(self, n: int) -> None:
        self.n = n

    def __lt__(self, other: Any) -> bool:
        print("limit compared", other)
        return self.n < other

    def __gt__(self, other: Any) -> bool:
        print("limit compared", other)
        return self.n > other


@dataclasses.dataclass
class Capped:
    key: str
    ms: int
    CAP = _Limit(100)


def r195_dc_class_attr_check_raises(web: str) -> list[str]:
    items = [Capped(k, ms) for k, ms in (("a", 50), ("b", 40), ("c", 90))]
    out = []
    for it in items:
        if it.ms > it.CAP:
            raise ValueError(f"too slow: {it.key}")
        out.append(_get(web, it.key, it.ms))
    return out


@dataclasses.dataclass
class ClsProp:
    key: str
    ms: int

    @classmethod  # (a classmethod wrapping a property: Python 3.9-3.12 run its getter)
    @property
    def prefix(cls) -> str:
        print("prefix read")
        return "p"


def r195_dc_classmethod_property_in_url(web: str) -> list[str]:
    items = [ClsProp(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, f"{it.prefix}{it.key}", it.ms))
    return out


def _shout(k: str) -> str:
    print("validate", k)
    return k.upper()


@dataclasses.dataclass
class WithFn:
    key: str
    ms: int
    norm: Any


def r195_dc_function_field_in_url(web: str) -> list[str]:
    items = [WithFn(k, ms, _shout) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, it.norm(it.key), it.ms))
    return out


def _bad(k: str) -> bool:
    print("checking", k)
    return k == "b"


def r195_dc_function_field_check_raises(web: str) -> list[str]:
    items = [WithFn(k, ms, _bad) for k, ms in KEYS]
    out = []
    for it in items:
        if it.norm(it.key):
            raise ValueError(f"bad item {it.key}")
        out.append(_get(web, it.key, it.ms))
    return out


def _spawn_put_check(web: str) -> Any:
    def check(k: str) -> bool:
        _bg_put(web, "seen", k)
        return False
    return check


def r195_dc_function_field_starts_thread(web: str) -> list[str]:
    chk = _spawn_put_check(web)
    items = [WithFn(k, ms, chk) for k, ms in KEYS]
    out = []
    for it in items:
        if it.norm(it.key):
            raise ValueError(it.key)
        out.append(_get(web, "seen", it.ms))
    return out


@dataclasses.dataclass
class Checked:
    key: str
    ms: int

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("empty key")


def r195_dc_post_init_raises_mid_loop(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("", 40), ("c", 90)):
        it = Checked(k, ms)
        out.append(_get(web, it.key, it.ms))
    return out


def r195_dc_replace_post_init_raises(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in (("a", 150), ("", 40), ("c", 90))]
    out = []
    for it in items:
        c = dataclasses.replace(Checked("x", 0), key=it.key, ms=it.ms)
        out.append(_get(web, c.key, c.ms))
    return out


@dataclasses.dataclass
class Copied:
    key: str
    ms: int

    def __copy__(self) -> Copied:
        print("copy", self.key)
        return Copied(self.key, self.ms)


def r195_dc_copy_hook_in_args(web: str) -> list[str]:
    items = [Copied(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, copy.copy(it).key, it.ms))
    return out


class Fetchable(abc.ABC):  # noqa: B024 (an ABC for its isinstance hook alone)
    @classmethod
    def __subclasshook__(cls, other: type) -> Any:
        print("hook", other.__name__)
        return NotImplemented


def r195_dc_abc_subclasshook_check(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        if isinstance(it, Fetchable):
            raise TypeError("not fetchable")
        out.append(_get(web, it.key, it.ms))
    return out


_META_LOUD = [False]  # (quiet while `dataclass` reads the class at import)


class _LoudMeta(type):
    def __getattribute__(cls, name: str) -> Any:
        if _META_LOUD[0] and not name.startswith("__"):
            print("class attr", name)
        return super().__getattribute__(name)


@dataclasses.dataclass
class Metad(metaclass=_LoudMeta):
    key: str
    ms: int
    LIMIT: ClassVar[int] = 100


def _fresh_abc(fn: Any, env: Env) -> Any:
    Fetchable._abc_caches_clear()  # type: ignore[attr-defined]
    return fn(env.web)


_META_LOUD[0] = True


def r195_dc_metaclass_getattribute_check(web: str) -> list[str]:
    items = [Metad(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        if it.ms > Metad.LIMIT:
            print("slow", it.key)
        out.append(_get(web, it.key, it.ms))
    return out


T = TypeVar("T")


@dataclasses.dataclass
class Box(Generic[T]):
    key: str
    ms: int

    def __class_getitem__(cls, params: Any) -> Any:
        print("box of", getattr(params, "__name__", params))
        return super().__class_getitem__(params)  # type: ignore[misc]


def r195_class_getitem_chained_arg(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        kind = Box[str]
        out.append(_get(web, f"{k}-{kind.__name__}", ms))
    return out


class _MetaIndex(type):
    def __getitem__(cls, k: str) -> str:
        print("table lookup", k)
        return k.upper()


class Table(metaclass=_MetaIndex):
    pass


def r195_metaclass_getitem_chained_arg(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("item", k)
        kk = Table[k]
        out.append(_get(web, kk, ms))
    return out


class Consts:
    CAP = _Limit(100)
    TAG = Loud("t")
    BLOCKED = [Loud("x")]


def r195_class_attr_cmp_check_raises(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        if ms > Consts.CAP:
            raise ValueError(k)
        out.append(_get(web, k, ms))
    return out


def r195_class_attr_local_format_in_url(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("item", k)
        tag = Consts.TAG
        out.append(_get(web, f"{k}-{tag}", ms))
    return out


def r195_class_attr_inline_format_in_url(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("item", k)
        out.append(_get(web, f"{k}-{Consts.TAG}", ms))
    return out


def r195_class_attr_in_user_list_check(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        if k in Consts.BLOCKED:
            raise ValueError(k)
        out.append(_get(web, k, ms))
    return out


@dataclasses.dataclass
class Judged:
    key: str
    ms: int

    def too_slow(self) -> bool:
        print("too slow?", self.key)
        return self.ms > 1000


def r195_dc_method_check_prints(web: str) -> list[str]:
    out = []
    for it in [Judged(k, ms) for k, ms in KEYS]:
        if it.too_slow():
            raise ValueError(it.key)
        out.append(_get(web, it.key, it.ms))
    return out


class Registered:
    web = ""

    def __init_subclass__(cls, key: str = "", **kw: Any) -> None:
        super().__init_subclass__(**kw)
        _bg_put(Registered.web, key, cls.__name__)


def r195_init_subclass_put_then_get(web: str) -> list[str]:
    Registered.web = web
    before = _get(web, "a", 150)

    @dataclasses.dataclass
    class Alpha(Registered, key="a"):
        ms: int = 40

    return [before, _get(web, "a", Alpha().ms), _get(web, "b", 90)]


class _Audit:
    def __init__(self, web: str) -> None:
        self.web = web

    def __set_name__(self, owner: type, name: str) -> None:
        _bg_put(self.web, name, owner.__name__)


def r195_set_name_put_then_get(web: str) -> list[str]:
    first = _get(web, "b", 150)

    class Row:
        a = _Audit(web)

    return [first, _get(web, "a", 40), Row.__name__, _get(web, "c", 90)]


@dataclasses.dataclass
class Patched:
    key: str
    ms: int


def r195_dc_repr_patched_between_calls(web: str) -> list[str]:
    items = [Patched(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        out.append(_get(web, it.key, it.ms) + f"|{it!r}")
        print("got", it.key)
    return out


def _loud_repr(self: Any) -> str:
    print("patched repr", self.key)
    return f"<{self.key}>"


def _patch_between(fn: Any, env: Env) -> Any:
    first = fn(env.web)
    Patched.__repr__ = _loud_repr  # type: ignore[method-assign]
    try:
        second = fn(env.web)
    finally:
        Patched.__repr__ = _ORIG_PATCHED_REPR  # type: ignore[method-assign]
    return [first, second]


_ORIG_PATCHED_REPR = Patched.__repr__


@dataclasses.dataclass
class EqPatched:
    key: str
    ms: int


def r195_dc_eq_patched_check_raises(web: str) -> list[str]:
    items = [EqPatched(k, ms) for k, ms in KEYS]
    stop = EqPatched("zz", 0)
    out = []
    for it in items:
        if it == stop:
            raise ValueError("stop marker")
        out.append(_get(web, it.key, it.ms))
    return out


def _loud_eq(self: Any, other: Any) -> bool:
    print("patched eq", self.key)
    return self.key == other.key


_ORIG_EQ = EqPatched.__eq__


def _patch_eq_between(fn: Any, env: Env) -> Any:
    first = fn(env.web)
    EqPatched.__eq__ = _loud_eq  # type: ignore[method-assign]
    try:
        second = fn(env.web)
    finally:
        EqPatched.__eq__ = _ORIG_EQ  # type: ignore[method-assign]
    return [first, second]


SKIP = Loud("skip")


def r195_dc_compare_user_sentinel(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        if it == SKIP:
            raise ValueError("sentinel")
        out.append(_get(web, it.key, it.ms))
    return out


BLOCKED = [Loud("x"), Loud("y")]


def r195_dc_key_in_user_list(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in KEYS]
    out = []
    for it in items:
        if it.key in BLOCKED:
            raise ValueError("blocked")
        out.append(_get(web, it.key, it.ms))
    return out


@dataclasses.dataclass(frozen=True)
class Key:
    key: str
    ms: int


def r195_dc_frozen_dedupe_set(web: str) -> list[str]:
    items = [Key(k, ms) for k, ms in (*KEYS, ("a", 150))]
    seen: set[Key] = set()
    out = []
    for it in items:
        print("dup" if it in seen else "new", it)
        seen.add(it)
        out.append(_get(web, it.key, it.ms))
    return out


@dataclasses.dataclass
class Holder:
    key: str
    ms: int
    extra: Any


def r195_dc_asdict_deepcopies_user(web: str) -> list[str]:
    items = [Holder(k, ms, _Deep(k)) for k, ms in KEYS]
    out = []
    for it in items:
        if not dataclasses.asdict(it)["key"]:
            raise ValueError("no key")
        out.append(_get(web, it.key, it.ms))
    return out


class _Deep:
    def __init__(self, k: str) -> None:
        self.k = k

    def __deepcopy__(self, memo: Any) -> _Deep:
        print("deepcopy", self.k)
        return _Deep(self.k)


def r195_dc_body_mutates_next_to_user(web: str) -> list[str]:
    items = [Holder(k, ms, k) for k, ms in KEYS]
    out = []
    for i, it in enumerate(items):
        print("item", it.key)
        out.append(_get(web, f"{it.extra}", it.ms))
        if i + 1 < len(items):
            items[i + 1].extra = Loud(items[i + 1].key)
    return out


_SHARED: list[Item] = []


def _mutator(ev: threading.Event) -> None:
    ev.wait(5)
    _SHARED[2].key = "zz"


def r195_dc_shared_with_thread_event(web: str) -> list[str]:
    out = []
    for i, it in enumerate(_SHARED):
        out.append(_get(web, it.key, it.ms))
        if i == 0:
            _GO.set()
            time.sleep(0.02)
    return out


_GO = threading.Event()


def _drive_shared(fn: Any, env: Env) -> Any:
    _SHARED[:] = [Item(k, ms) for k, ms in KEYS]
    _GO.clear()
    t = threading.Thread(target=_mutator, args=(_GO,))
    t.start()
    try:
        return fn(env.web)
    finally:
        _GO.set()
        t.join()


class PdItem(pydantic.BaseModel):
    key: str
    ms: int


def r195_pd_checks_overlap(web: str) -> list[str]:
    items = [PdItem(key=k, ms=ms) for k, ms in KEYS]
    out = []
    for it in items:
        print("fetching", it.key)
        if it.ms > 100:
            print("slow", it)
        out.append(_get(web, it.key, it.ms))
    return out


def r195_dc_raise_on_bad_item(web: str) -> list[str]:
    items = [Item(k, ms) for k, ms in (("a", 150), ("", 40), ("c", 90))]
    out = []
    for it in items:
        print("fetching", it)
        if not it.key:
            raise ValueError(f"bad item {it}")
        out.append(_get(web, it.key, it.ms))
    return out


class PdExtra(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    key: str
    ms: int


def r195_pd_extra_user_object(web: str) -> list[str]:
    items = [PdExtra(key=k, ms=ms, note=Loud(k)) for k, ms in KEYS]
    out = []
    for it in items:
        print("item", it.key)
        out.append(_get(web, f"{it.note}", it.ms))  # type: ignore[attr-defined]
    return out


# =========================================================================== (2) run-time callees


def r195_rt_local_class_thread_init(web: str) -> list[str]:
    class Announcer:
        def __init__(self, k: str) -> None:
            self.t = threading.Thread(target=_put, args=(web, k, "announced"))
            self.t.start()
            self.t.join()

    first = _get(web, "b", 150)
    Announcer("a")
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def r195_rt_local_class_thread_no_join(web: str) -> list[str]:
    class Beacon:
        def __init__(self, k: str) -> None:
            threading.Thread(target=_put, args=(web, k, "beacon")).start()

    first = _get(web, "b", 150)
    Beacon("a")
    time.sleep(0.08)
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def _fetch_tool(web: str, k: str) -> str:
    return _get(web, k, 60)


def _bg_tool(web: str, k: str) -> str:
    _bg_put(web, k, "tool")
    return "put"


def r195_rt_tool_dict_one_starts_thread(web: str) -> list[str]:
    tools = {"get": _fetch_tool, "bg": _bg_tool}
    plan = [("get", "a"), ("bg", "a"), ("get", "a")]
    out = []
    for name, k in plan:
        out.append(tools[name](web, k))
    return out


def r195_rt_callable_param_starts_thread(web: str, hook: Any) -> list[str]:
    first = _get(web, "b", 150)
    hook(web, "a", "hooked")
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def _hook_args(env: Env) -> tuple:
    return (env.web, _bg_put)


class _Finalised:
    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    def __del__(self) -> None:
        _bg_put(self.web, self.k, "finalised")


def r195_rt_del_starts_thread(web: str) -> list[str]:
    g = _Finalised(web, "a")
    first = _get(web, "b", 150)
    del g
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def r195_rt_weakref_finalize_thread(web: str) -> list[str]:
    class Res:
        pass

    r = Res()
    weakref.finalize(r, _bg_put, web, "a", "gone")
    first = _get(web, "b", 150)
    del r
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def r195_rt_cm_enter_starts_thread(web: str) -> list[str]:
    class Lease:
        def __enter__(self) -> Lease:
            _bg_put(web, "lease", "held")
            return self

        def __exit__(self, *exc: Any) -> None:
            _bg_put(web, "lease", "free")

    first = _get(web, "lease", 150)
    with Lease():
        inside = _get(web, "lease", 40)
    return [first, inside, _get(web, "lease", 90)]


def r195_rt_factory_from_dict_executor(web: str) -> list[str]:
    ex = _EXEC
    runners = {"now": lambda f, *a: f(*a), "pool": lambda f, *a: ex.submit(f, *a).result()}
    first = _get(web, "b", 150)
    runners["pool"](_put, web, "a", "pooled")
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


_EXEC = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="rt195")


# =========================================================================== (3) logging


class _ThreadPutHandler(logging.Handler):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def emit(self, record: logging.LogRecord) -> None:
        _bg_put(self.web, "log", record.getMessage())


class _ExecFilter(logging.Filter):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def filter(self, record: logging.LogRecord) -> bool:
        _EXEC.submit(_put, self.web, "log", record.getMessage()).result()
        return True


class _QueueWorkerHandler(logging.Handler):
    """Hands each record to a worker thread and waits until it has been PUT."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web
        self.q: queue.Queue[Any] = queue.Queue()
        self.t = threading.Thread(target=self._work, daemon=True)
        self.t.start()

    def _work(self) -> None:
        while (msg := self.q.get()) is not None:
            _put(self.web, "log", msg)
            self.q.task_done()
        self.q.task_done()

    def emit(self, record: logging.LogRecord) -> None:
        self.q.put(record.getMessage())
        self.q.join()

    def close(self) -> None:
        self.q.put(None)
        self.t.join()
        super().close()


class _ThreadFormatter(logging.Formatter):
    def __init__(self, web: str) -> None:
        super().__init__("%(message)s")
        self.web = web

    def format(self, record: logging.LogRecord) -> str:
        _bg_put(self.web, "log", record.getMessage())
        return super().format(record)


def _with_handler(where: str, make: Any) -> Any:
    """Adds the handler `make(env)` to the logger `where` for the run."""
    def drive(fn: Any, env: Env) -> Any:
        h = make(env)
        lg = logging.getLogger(where)
        lg.addHandler(h)
        try:
            return fn(env.web)
        finally:
            lg.removeHandler(h)
            h.close()
    drive.__name__ = f"drive_handler_{where}"
    return drive


def _with_filter(where: str, make: Any, on_handler: bool = False) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        f = make(env)
        lg = logging.getLogger(where)
        h = None
        if on_handler:
            import sys
            h = logging.StreamHandler(sys.stdout)
            h.addFilter(f)
            lg.addHandler(h)
        else:
            lg.addFilter(f)
        try:
            return fn(env.web)
        finally:
            if h is not None:
                lg.removeHandler(h)
            else:
                lg.removeFilter(f)
    drive.__name__ = f"drive_filter_{where}"
    return drive


def r195_log_thread_handler_child(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def r195_log_thread_handler_parent(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def r195_log_executor_filter_logger(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.warning("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def r195_log_executor_filter_on_stream_handler(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.warning("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def r195_log_queue_worker_handler(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def r195_log_formatter_starts_thread(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def _fmt_handler(env: Env) -> logging.Handler:
    import sys
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(_ThreadFormatter(env.web))
    return h


class _ThreadAdapter(logging.LoggerAdapter):
    def process(self, msg: Any, kwargs: Any) -> Any:
        _bg_put(self.extra["web"], "log", str(msg))  # type: ignore[index]
        return msg, kwargs


def r195_log_adapter_subclass_thread(web: str) -> list[str]:
    log = _ThreadAdapter(LOG_T, {"web": web})
    out = []
    for k, ms in KEYS:
        log.info(f"fetch {k}")
        out.append(_get(web, "log", ms))
    return out


def r195_log_handler_added_between_calls(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, "log", ms))
    return out


def _add_between(fn: Any, env: Env) -> Any:
    first = fn(env.web)
    h = _ThreadPutHandler(env.web)
    LOG_T.addHandler(h)
    try:
        second = fn(env.web)
    finally:
        LOG_T.removeHandler(h)
    return [first, second]


def r195_log_handler_above_level(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, k, ms))
    return out


def _error_handler(env: Env) -> logging.Handler:
    h = _ThreadPutHandler(env.web)
    h.setLevel(logging.ERROR)
    return h


LOG_ISO = corpus_logger("redteam195.iso")


def r195_log_propagate_false_child(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_ISO.info("fetch %s", k)
        out.append(_get(web, k, ms))
    return out


def _isolated(fn: Any, env: Env) -> Any:
    import io
    h = _ThreadPutHandler(env.web)
    LOG.addHandler(h)  # (the parent: the records never reach it)
    sink = logging.StreamHandler(io.StringIO())
    LOG_ISO.addHandler(sink)
    LOG_ISO.propagate = False
    try:
        value = fn(env.web)
        return [value, sink.stream.getvalue()]
    finally:
        LOG_ISO.propagate = True
        LOG_ISO.removeHandler(sink)
        LOG.removeHandler(h)


def r195_log_queue_handler_listener(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        LOG_T.info("fetch %s", k)
        out.append(_get(web, k, ms))
    return out


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.got.append(record.getMessage())


def _with_listener(fn: Any, env: Env) -> Any:
    q: queue.Queue[Any] = queue.Queue()
    qh = logging.handlers.QueueHandler(q)
    sink = _ListHandler()
    listener = logging.handlers.QueueListener(q, sink)
    listener.start()
    LOG_T.addHandler(qh)
    try:
        value = fn(env.web)
    finally:
        LOG_T.removeHandler(qh)
        listener.stop()
    return [value, sink.got]


# =========================================================================== (4) pools


def r195_tp_apply_async_beside_gets(web: str) -> list[str]:
    with ThreadPool(2) as pool:
        slow = pool.apply_async(_get, (web, "a", 150))
        b = _get(web, "b", 40)
        c = _get(web, "c", 90)
        return [slow.get(5), b, c]


def r195_tp_gets_before_pool(web: str) -> list[str]:
    a = _get(web, "a", 150)
    b = _get(web, "b", 40)
    with ThreadPool(1) as pool:
        c = pool.apply_async(_get, (web, "c", 90)).get(5)
    return [a, b, c]


def r195_tp_map_async_then_put(web: str) -> list[str]:
    _put(web, "d", "written")
    with ThreadPool(3) as pool:
        res = pool.map_async(lambda kv: _get(web, *kv), KEYS)
        first = _get(web, "d", 40)
        vals = res.get(5)
    _put(web, "d", "again")
    return [*vals, first, _get(web, "d", 60)]


def r195_tp_imap_prints_puts(web: str) -> list[str]:
    out = []
    with ThreadPool(1) as pool:
        for k, v in zip("abc", pool.imap(lambda kv: _get(web, *kv), KEYS), strict=True):
            print("got", k, v)
            out.append(v)
    _put(web, "copy-a", out[0])
    return out + [_get(web, "copy-a", 40)]


def r195_tp_put_in_pool_then_get(web: str) -> list[str]:
    first = _get(web, "b", 150)
    with ThreadPool(1) as pool:
        pool.apply(_put, (web, "a", "pooled"))
    return [first, _get(web, "a", 40), _get(web, "c", 90)]


def _square(n: int) -> int:
    return n * n


def r195_pool_process_map_beside_gets(web: str) -> list[Any]:
    import multiprocessing
    a = _get(web, "a", 150)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        sq = pool.map(_square, [1, 2, 3])
    b = _get(web, "b", 40)
    return [a, sq, b]


# =========================================================================== openai


def _ask(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


@dataclasses.dataclass
class Prompt:
    q: str
    lat: float
    NOTE: ClassVar[Any] = Loud("note")


def r195_oa_prompts_classvar_user(client: Any) -> list[str]:
    prompts = [Prompt("Why?", 0.15), Prompt("How?", 0.04), Prompt("When?", 0.09)]
    out = []
    for p in prompts:
        print("asking", p.q)
        out.append(_ask(client, f"{p.NOTE}: {p.q}", p.lat))
    return out


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "threads", **kw: Any) -> Case:
    return Case(cat, fn, servers="web", drive=drive, ideal=ideal, **kw)


ABC_IDEAL = (0.15 + 0.04 + 0.09) / (0.15 + 0.09)  # b alone, then a and c together
ALL: list[Case] = [
    # (1) records
    _w(r195_dc_slots_child_note_in_url, IDEAL3),
    _w(r195_dc_slots_child_plain, IDEAL3, overlap=3),
    _w(r195_pd_private_attr_in_url, IDEAL3),
    _w(r195_dc_classvar_user_object, IDEAL3),
    _w(r195_dc_class_attr_check_raises, over(0.05, 0.04, 0.09)),
    _w(r195_dc_classmethod_property_in_url, IDEAL3),
    _w(r195_dc_function_field_in_url, IDEAL3),
    _w(r195_dc_function_field_check_raises, 1.0),
    _w(r195_dc_function_field_starts_thread, 1.0, cat="threads"),
    _w(r195_dc_post_init_raises_mid_loop, 1.0),
    _w(r195_dc_replace_post_init_raises, 1.0),
    _w(r195_dc_copy_hook_in_args, IDEAL3),
    _d(r195_dc_abc_subclasshook_check, _fresh_abc, IDEAL3, cat="validation"),
    _w(r195_dc_metaclass_getattribute_check, IDEAL3),
    _w(r195_class_getitem_chained_arg, IDEAL3),
    _w(r195_metaclass_getitem_chained_arg, IDEAL3),
    _w(r195_class_attr_cmp_check_raises, 1.0),
    _w(r195_class_attr_local_format_in_url, IDEAL3),
    _w(r195_class_attr_inline_format_in_url, IDEAL3),
    _w(r195_class_attr_in_user_list_check, IDEAL3),
    _w(r195_dc_method_check_prints, IDEAL3),
    _w(r195_init_subclass_put_then_get, ABC_IDEAL, cat="state"),
    _w(r195_set_name_put_then_get, ABC_IDEAL, cat="state"),
    _d(r195_dc_repr_patched_between_calls, _patch_between, IDEAL3, cat="rebind"),
    _d(r195_dc_eq_patched_check_raises, _patch_eq_between, IDEAL3, cat="rebind"),
    _w(r195_dc_compare_user_sentinel, IDEAL3),
    _w(r195_dc_key_in_user_list, IDEAL3),
    _w(r195_dc_frozen_dedupe_set, over(0.15, 0.04, 0.09, 0.15)),
    _w(r195_dc_asdict_deepcopies_user, IDEAL3),
    _w(r195_dc_body_mutates_next_to_user, 1.0),
    _d(r195_dc_shared_with_thread_event, _drive_shared, 1.0),
    _w(r195_pd_checks_overlap, IDEAL3, overlap=3),
    _w(r195_dc_raise_on_bad_item, 1.0),
    _w(r195_pd_extra_user_object, IDEAL3),
    # (2) run-time callees that start threads
    _w(r195_rt_local_class_thread_init, ABC_IDEAL, cat="threads"),
    _w(r195_rt_local_class_thread_no_join, ABC_IDEAL, cat="threads"),
    _w(r195_rt_tool_dict_one_starts_thread, 1.0, cat="threads"),
    _w(r195_rt_callable_param_starts_thread, ABC_IDEAL, cat="threads", args=_hook_args),
    _w(r195_rt_del_starts_thread, ABC_IDEAL, cat="threads"),
    _w(r195_rt_weakref_finalize_thread, ABC_IDEAL, cat="threads"),
    _w(r195_rt_cm_enter_starts_thread, 1.0, cat="threads"),
    _w(r195_rt_factory_from_dict_executor, ABC_IDEAL, cat="threads"),
    # (3) logging
    _d(r195_log_thread_handler_child, _with_handler(LOG_T.name, lambda e: _ThreadPutHandler(e.web))),
    _d(r195_log_thread_handler_parent, _with_handler(LOG.name, lambda e: _ThreadPutHandler(e.web))),
    _d(r195_log_executor_filter_logger, _with_filter(LOG_T.name, lambda e: _ExecFilter(e.web))),
    _d(r195_log_executor_filter_on_stream_handler,
       _with_filter(LOG.name, lambda e: _ExecFilter(e.web), on_handler=True)),
    _d(r195_log_queue_worker_handler, _with_handler(LOG.name, lambda e: _QueueWorkerHandler(e.web))),
    _d(r195_log_formatter_starts_thread, _with_handler(LOG_T.name, _fmt_handler)),
    _w(r195_log_adapter_subclass_thread, 1.0, cat="threads"),
    _d(r195_log_handler_added_between_calls, _add_between, 0.73 / 0.58),
    _d(r195_log_handler_above_level, _with_handler(LOG_T.name, _error_handler), IDEAL3),
    _d(r195_log_propagate_false_child, _isolated, IDEAL3),
    _d(r195_log_queue_handler_listener, _with_listener, IDEAL3),
    # (4) pools
    _w(r195_tp_apply_async_beside_gets, 1.0, cat="threads"),
    _w(r195_tp_gets_before_pool, IDEAL3, cat="threads"),
    _w(r195_tp_map_async_then_put, 1.0, cat="threads"),
    _w(r195_tp_imap_prints_puts, 1.0, cat="threads"),
    _w(r195_tp_put_in_pool_then_get, ABC_IDEAL, cat="threads"),
    _w(r195_pool_process_map_beside_gets, 1.0, cat="threads"),
    Case("sdk", r195_oa_prompts_classvar_user, args=oa, servers="api", ideal=1.0),
]

FIXED_WHY: dict[str, str] = {
    "r195_dc_class_attr_check_raises": (
        "`limit compared` prints twice (all three ahead, then again in place): the check "
        "`it.ms > it.CAP` runs ahead as plain data, but `CAP` is a class attribute (not a field) "
        "holding an object of the user's whose `__lt__` prints; `record_type` allows any "
        "non-descriptor class attribute and `_fields` checks only instance fields."),
    "r195_class_attr_cmp_check_raises": (
        "The same without records: `if ms > Consts.CAP: raise` in a tuple loop evaluates "
        "`Consts.CAP.__lt__` ahead of its place and again in place (`limit compared 150` twice): "
        "an attribute of a module-level class is taken as plain data without looking at its value."),
    "r195_class_attr_local_format_in_url": (
        "`format t` prints come before every `item` print: `tag = Consts.TAG` then "
        "`get(f\"{k}-{tag}\")` runs the statement making the read's argument ahead, formatting "
        "a class attribute holding an object with a printing `__format__` (the same inline in "
        "the f-string keeps its place)."),
    "r195_class_getitem_chained_arg": (
        "`box of str` prints six times, not three: `kind = Box[str]` (a `__class_getitem__` of "
        "the user's that prints) making a read's argument is run ahead for every item and again "
        "in place, though the reads then do not even overlap; subscripting a class is taken as pure."),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
