# ruff: noqa: B023, PLW0603, F811 - the shapes under test: hooks closing over loop state, module state
"""Red-team cases (stop 237): the user's code that a library runs for them, between I/O calls.

A call that looks like a pure library call (``json.dumps``, ``sorted``, ``str.format``,
``copy.deepcopy``, ``pickle.dumps``, a dataclass constructor, an enum lookup, a ``class``
statement, an attribute read, ``list(it)``, a ``csv`` writer's ``writerow``) runs code of
the user's: an encoder's ``default``, a decoder's ``object_hook``/``object_pairs_hook``/
``parse_float``, a ``key=`` function, ``__lt__``, a logging ``Filter``/``Handler``/
``Formatter``/``LoggerAdapter.process`` and the lazy ``%s``/``%r`` of a record's arguments,
``__format__``/``__str__``/``__repr__``, ``__deepcopy__``/``__copy__``/``__reduce__``/
``__getstate__``/``__setstate__``, ``default_factory``/``__post_init__``, ``_missing_``,
``__init_subclass__``/``__set_name__``, a descriptor's ``__get__``/``__set__``,
urllib's ``build_opener`` with a handler class of the user's, requests ``hooks=`` and
``auth=``, httpx ``event_hooks``, ``contextlib.closing``/``ExitStack.callback``,
``functools.singledispatch`` implementations registered between calls, ``__next__`` of the
user's iterators consumed by ``list``/``zip``/``dict``, a ``csv.DictWriter`` over a file-like
object whose ``write`` PUTs, ``re.sub`` with a function, ``defaultdict``'s factory,
``str.format_map`` with ``__missing__``, ``string.Template`` over a mapping of the user's.

That code GETs, PUTs, prints, logs or appends to a file, between other GETs, PUTs, model
calls (Ember's simulator) and file writes of the function. The adversarial shapes: a GET
after the library call of the key its hook PUT (hoisted above it, it reads the old value),
a print or a log record of the hook between the function's own, a hook that counts into
state the next call's argument is computed from, a hook that raises so that the next
write must never be sent, an iterator that ``zip`` advances once more than the shorter
side, handlers that see responses in completion order.

`FAILING` holds two cases: `heapq.heappop` on a heap of objects whose ``__lt__`` counts
into a class attribute, followed by a call (a GET, a model call) whose argument reads that
count; the JIT starts the call above the pop, with the count before the pop's compares.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import dataclasses
import enum
import functools
import heapq
import io
import itertools
import json
import logging
import pickle
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import requests

from ember.api import models
from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, corpus_logger, serial_ideal

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

log = corpus_logger("r237")


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(q: str, ms: int = 100) -> str:
    return str(models("sim/gpt", q, latency=ms / 1000, temperature=0))[:20]


# ------------------------------------------------------------------ json hooks


class Tag:
    def __init__(self, name: str) -> None:
        self.name = name


def r237_json_default_puts_then_get(web: str) -> list[Any]:
    a = _get(web, "a", 100)

    def enc(o: Any) -> Any:
        _put(web, "encoded", o.name)
        return {"tag": o.name}

    text = json.dumps({"a": a, "t": Tag("blue")}, default=enc, sort_keys=True)
    seen = _get(web, "encoded")
    return [text, seen]


def r237_json_default_prints_between(web: str) -> list[Any]:
    print("start")
    a = _get(web, "a", 100)

    def enc(o: Any) -> Any:
        print("encoding", o.name)
        return o.name

    text = json.dumps([a, Tag("x"), Tag("y")], default=enc)
    b = _get(web, "b")
    print("got", b)
    return [text, b]


def r237_json_object_hook_puts_ids(web: str) -> list[Any]:
    raw = requests.get(f"{web}/items/doc?ms=80", timeout=5).text

    def hook(d: dict[str, Any]) -> dict[str, Any]:
        if "key" in d:
            _put(web, "last-decoded", d["key"])
        return d

    doc = json.loads(raw, object_hook=hook)
    last = _get(web, "last-decoded")
    return [doc, last]


def r237_json_default_raises_no_put(web: str) -> list[Any]:
    a = _get(web, "a", 100)

    def enc(o: Any) -> Any:
        raise TypeError(f"cannot encode {type(o).__name__}")

    out = [a]
    try:
        out.append(json.dumps({"t": Tag("q")}, default=enc))
        _put(web, "saved", out[-1])
    except TypeError as e:
        out.append(str(e))
    out.append(_get(web, "saved"))
    return out


# ------------------------------------------------------------------ key functions


def r237_sorted_key_fetches_after_put(web: str) -> list[Any]:
    _put(web, "rank-b", "0")
    order = sorted(["a", "b", "c"], key=lambda k: _get(web, f"rank-{k}"))
    _put(web, "rank-b", "z")
    return [order, _get(web, "rank-b")]


class Lazy:
    compares = 0

    def __init__(self, v: int) -> None:
        self.v = v

    def __lt__(self, other: Lazy) -> bool:
        Lazy.compares += 1
        return self.v < other.v


def r237_heapq_lt_counts_global(web: str) -> list[Any]:
    Lazy.compares = 0
    h: list[Lazy] = []
    for v in (5, 3, 8, 1):
        heapq.heappush(h, Lazy(v))
    smallest = heapq.heappop(h).v
    got = _get(web, f"cmp{Lazy.compares}")
    return [smallest, got]


def r237_cmp_to_key_prints(web: str) -> list[Any]:
    def cmp(x: str, y: str) -> int:
        print("cmp", x, y)
        return (x > y) - (x < y)

    a = _get(web, "a", 100)
    out = sorted(["q", a], key=functools.cmp_to_key(cmp))
    print("sorted")
    b = _get(web, "b")
    print(b)
    return out


def r237_sorted_models_keys(web: str) -> list[Any]:
    qs = ["short", "a longer question", "mid one"]
    order = sorted(qs, key=lambda q: len(_ask(q, 80)))
    a = _get(web, "a")
    return [order, a]


# ------------------------------------------------------------------ logging of the user's


class PutFilter(logging.Filter):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def filter(self, record: logging.LogRecord) -> bool:
        _put(self.web, "audit", record.getMessage())
        return True


def r237_log_filter_puts_then_get(web: str) -> list[Any]:
    lg = corpus_logger("r237.filter")
    f = PutFilter(web)
    lg.addFilter(f)
    try:
        a = _get(web, "a", 100)
        lg.info("got %s", a)
        seen = _get(web, "audit")
    finally:
        lg.removeFilter(f)
    return [a, seen]


class FileHandler237(logging.Handler):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        with open(self.path, "a") as fh:
            fh.write(record.getMessage() + "\n")


def r237_log_handler_appends_file_read(tmp: str, web: str) -> list[Any]:
    lg = corpus_logger("r237.fileh")
    p = Path(tmp) / "events.log"
    h = FileHandler237(p)
    lg.addHandler(h)
    try:
        a = _get(web, "a", 100)
        lg.warning("a=%s", a)
        b = _get(web, "b")
        lines = p.read_text().splitlines()
        lg.warning("b=%s", b)
    finally:
        lg.removeHandler(h)
    return [lines, p.read_text()]


class PrintFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        print("fmt:", text)
        return text


def r237_log_formatter_prints(web: str) -> list[Any]:
    lg = corpus_logger("r237.fmt")
    h = logging.StreamHandler(io.StringIO())
    h.setFormatter(PrintFormatter("%(levelname)s %(message)s"))
    lg.addHandler(h)
    try:
        print("one")
        a = _get(web, "a", 100)
        lg.error("a is %s", a)
        b = _get(web, "b")
        print("two", b)
    finally:
        lg.removeHandler(h)
    return [a, b]


class Remote:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __str__(self) -> str:
        return f"<{self.key}={_get(self.web, self.key)}>"


def r237_lazy_percent_str_gets_after_put(web: str) -> list[Any]:
    _put(web, "cfg", "on")
    log.info("config %s", Remote(web, "cfg"))
    _put(web, "cfg", "off")
    return [_get(web, "cfg")]


class Pusher:
    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def __repr__(self) -> str:
        self.n += 1
        _put(self.web, "repr-count", str(self.n))
        return f"Pusher({self.n})"


def r237_lazy_str_reads_mutated_state(web: str) -> list[Any]:
    class Status:
        def __init__(self) -> None:
            self.state = "idle"

        def __str__(self) -> str:
            return self.state

    st = Status()
    a = _get(web, "a", 100)
    log.info("status %s after %s", st, a)
    st.state = "busy"
    b = _get(web, "b")
    log.info("status %s after %s", st, b)
    return [a, b]


class PutAdapter(logging.LoggerAdapter):
    def process(self, msg: Any, kwargs: Any) -> Any:
        _put(self.extra["web"], "adapter", str(msg))
        return f"[{self.extra['run']}] {msg}", kwargs


def r237_logger_adapter_process_puts(web: str) -> list[Any]:
    ad = PutAdapter(log, {"web": web, "run": "r1"})
    a = _get(web, "a", 100)
    ad.info("first %s", a)
    got = _get(web, "adapter")
    ad.info("second")
    return [got, _get(web, "adapter")]


class RaisingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if "secret" in record.getMessage():
            raise ValueError("refusing to log a secret")
        return True


def r237_log_filter_raises_stops_put(web: str) -> list[Any]:
    lg = corpus_logger("r237.refuse")
    f = RaisingFilter()
    lg.addFilter(f)
    out: list[Any] = []
    try:
        a = _get(web, "a", 100)
        lg.info("value %s secret", a)
        _put(web, "after-log", a)
    except ValueError as e:
        out.append(str(e))
    finally:
        lg.removeFilter(f)
    out.append(_get(web, "after-log"))
    return out


def r237_log_exception_handler_puts(web: str) -> list[Any]:
    class ErrPut(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            _put(web, "last-error", record.getMessage())

    lg = corpus_logger("r237.err")
    h = ErrPut(logging.ERROR)
    lg.addHandler(h)
    try:
        try:
            r = requests.get(f"{web}/status/503", timeout=5)
            r.raise_for_status()
        except requests.HTTPError:
            lg.exception("fetch failed")
        seen = _get(web, "last-error")
    finally:
        lg.removeHandler(h)
    return [seen]


# ------------------------------------------------------------------ formatting


class Money:
    def __init__(self, web: str, cents: int) -> None:
        self.web = web
        self.cents = cents

    def __format__(self, spec: str) -> str:
        _put(self.web, "formatted", spec or "plain")
        return f"${self.cents / 100:{spec or '.2f'}}"


def r237_fstring_format_puts_then_get(web: str) -> list[Any]:
    m = Money(web, 1250)
    a = _get(web, "a", 100)
    line = f"{a}: {m:.1f}"
    seen = _get(web, "formatted")
    return [line, seen]


def r237_format_builtin_prints(web: str) -> list[Any]:
    class Noisy:
        def __format__(self, spec: str) -> str:
            print("formatting", spec)
            return "N"

    print("a first")
    a = _get(web, "a", 100)
    s = format(Noisy(), ">3")
    print("then", a)
    return [s]


def r237_format_map_missing_gets(web: str) -> list[Any]:
    class Lookup(dict):
        def __missing__(self, key: str) -> str:
            return _get(web, key)

    _put(web, "user", "ada")
    s = "hi {user}, {x}".format_map(Lookup(x="1"))
    _put(web, "user", "bob")
    return [s, _get(web, "user")]


# ------------------------------------------------------------------ copy and pickle


class Deep:
    def __init__(self, web: str, tag: str) -> None:
        self.web = web
        self.tag = tag

    def __deepcopy__(self, memo: dict[int, Any]) -> Deep:
        _put(self.web, "copied", self.tag)
        return Deep(self.web, self.tag + "'")


def r237_deepcopy_puts_then_get(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    d = copy.deepcopy({"a": a, "d": Deep(web, "orig")})
    return [d["d"].tag, _get(web, "copied")]


class Snap:
    def __init__(self, web: str, v: str) -> None:
        self.web = web
        self.v = v

    def __reduce__(self) -> Any:
        _put(self.web, "pickled", self.v)
        return (str, (self.v,))


def r237_pickle_reduce_puts_then_get(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    blob = pickle.dumps([Snap(web, a)])
    return [pickle.loads(blob), _get(web, "pickled")]


class Stateful:
    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 1

    def __getstate__(self) -> dict[str, Any]:
        return {"n": self.n, "remote": _get(self.web, "state")}

    def __setstate__(self, st: dict[str, Any]) -> None:
        print("restoring", st["remote"])
        self.__dict__.update(st)


def r237_pickle_getstate_gets_after_put(web: str) -> list[Any]:
    s = Stateful(web)
    _put(web, "state", "v1")
    blob = pickle.dumps(s)
    _put(web, "state", "v2")
    back = pickle.loads(blob)
    print("loaded")
    return [back.remote, _get(web, "state")]


def _rebuild(web: str, v: str) -> str:
    _put(web, "rebuilt", v)
    return v.upper()


class Rebuilt:
    def __init__(self, web: str, v: str) -> None:
        self.web = web
        self.v = v

    def __reduce__(self) -> Any:
        return (_rebuild, (self.web, self.v))


def r237_pickle_loads_rebuild_puts(web: str) -> list[Any]:
    blob = pickle.dumps(Rebuilt(web, "abc"))
    a = _get(web, "a", 100)
    back = pickle.loads(blob)
    return [a, back, _get(web, "rebuilt")]


# ------------------------------------------------------------------ dataclasses


def _fetch_region_default() -> str:
    return _get(WEB["url"], "region")


WEB: dict[str, str] = {"url": ""}


@dataclasses.dataclass
class Job:
    name: str
    region: str = dataclasses.field(default_factory=_fetch_region_default)


def r237_default_factory_gets_after_put(web: str) -> list[Any]:
    WEB["url"] = web
    _put(web, "region", "eu")
    j = Job("j1")
    _put(web, "region", "us")
    return [j.region, _get(web, "region")]


@dataclasses.dataclass
class Registered:
    web: str
    name: str

    def __post_init__(self) -> None:
        _put(self.web, f"reg-{self.name}", "yes")


def r237_post_init_puts_then_get(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    Registered(web, "svc")
    return [a, _get(web, "reg-svc")]


@dataclasses.dataclass
class Checked:
    qty: int

    def __post_init__(self) -> None:
        if self.qty < 0:
            raise ValueError(f"negative qty {self.qty}")


def r237_post_init_raises_no_put(web: str) -> list[Any]:
    n = int(_get(web, "a", 100) == "v-a") * -3
    out: list[Any] = []
    try:
        c = Checked(n)
        _put(web, "order", str(c.qty))
    except ValueError as e:
        out.append(str(e))
    out.append(_get(web, "order"))
    return out


def r237_dataclass_replace_post_init_puts(web: str) -> list[Any]:
    r = Registered(web, "one")
    _get(web, "a", 80)
    r2 = dataclasses.replace(r, name="two")
    return [r2.name, _get(web, "reg-two")]


def r237_asdict_deepcopies_value(web: str) -> list[Any]:
    @dataclasses.dataclass
    class Holder:
        item: Any

    h = Holder(Deep(web, "held"))
    a = _get(web, "a", 100)
    d = dataclasses.asdict(h)
    return [a, d["item"].tag, _get(web, "copied")]


# ------------------------------------------------------------------ enums


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"

    @classmethod
    def _missing_(cls, value: object) -> Level:
        _put(WEB["url"], "unknown-level", str(value))
        return cls.LOW


def r237_enum_missing_puts_then_get(web: str) -> list[Any]:
    WEB["url"] = web
    raw = _get(web, "level", 100)
    lvl = Level(raw)
    seen = _get(web, "unknown-level")
    return [lvl.name, seen]


class Mode(enum.Enum):
    FAST = "fast"
    SAFE = "safe"

    @classmethod
    def _missing_(cls, value: object) -> Mode:
        alias = _get(WEB["url"], f"alias-{value}")
        return cls.FAST if alias == "fast" else cls.SAFE


def r237_enum_missing_gets_after_put(web: str) -> list[Any]:
    WEB["url"] = web
    _put(web, "alias-quick", "fast")
    m = Mode("quick")
    _put(web, "alias-quick", "safe")
    return [m.name, Mode("quick").name]


def r237_enum_missing_logs_between(web: str) -> list[Any]:
    class Color(enum.Enum):
        RED = 1
        BLUE = 2

        @classmethod
        def _missing_(cls, value: object) -> Any:
            log.warning("no color %s", value)
            return None

    a = _get(web, "a", 100)
    log.info("a=%s", a)
    try:
        Color(7)
    except ValueError as e:
        log.info("error %s", str(e)[:20])
    b = _get(web, "b")
    log.info("b=%s", b)
    return [a, b]


# ------------------------------------------------------------------ class statements


class Plugin:
    registry: list[str] = []
    web = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        Plugin.registry.append(cls.__name__)
        _put(Plugin.web, "plugins", ",".join(Plugin.registry))


def r237_init_subclass_puts_then_get(web: str) -> list[Any]:
    Plugin.registry = []
    Plugin.web = web
    a = _get(web, "a", 100)

    class Alpha(Plugin):
        pass

    class Beta(Plugin):
        pass

    return [a, _get(web, "plugins")]


class Field:
    def __set_name__(self, owner: type, name: str) -> None:
        print("field", owner.__name__, name)
        self.name = name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self if obj is None else obj.__dict__.get(self.name, "?")


def r237_set_name_prints_between(web: str) -> list[Any]:
    print("start")
    a = _get(web, "a", 100)

    class Model:
        title = Field()
        body = Field()

    print("class made")
    b = _get(web, "b")
    print("b", b)
    return [a]


class Strict:
    def __init_subclass__(cls, **kw: Any) -> None:
        if not cls.__name__.endswith("Tool"):
            raise TypeError(f"bad name {cls.__name__}")


def r237_init_subclass_raises_no_put(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    out: list[Any] = [a]
    try:
        class Helper(Strict):
            pass

        _put(web, "registered", "Helper")
    except TypeError as e:
        out.append(str(e))
    out.append(_get(web, "registered"))
    return out


class RemoteAttr:
    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        return _get(obj.web, self.key)

    def __set__(self, obj: Any, value: str) -> None:
        _put(obj.web, self.key, value)


class Settings:
    theme = RemoteAttr()
    lang = RemoteAttr()

    def __init__(self, web: str) -> None:
        self.web = web


def r237_descriptor_get_then_set_then_get(web: str) -> list[Any]:
    s = Settings(web)
    a = _get(web, "a", 100)
    s.lang = a
    old_theme = s.theme
    s.theme = "light"
    return [s.lang, old_theme, s.theme]


def r237_property_fetch_after_put(web: str) -> list[Any]:
    class Account:
        def __init__(self) -> None:
            self.web = web

        @property
        def balance(self) -> str:
            return _get(self.web, "balance")

    acct = Account()
    _put(web, "balance", "10")
    b1 = acct.balance
    _put(web, "balance", "20")
    return [b1, acct.balance]


# ------------------------------------------------------------------ urllib openers


class LogHandler237(urllib.request.BaseHandler):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        log.info("request %s", req.full_url.rsplit("/", 1)[-1])
        return req

    def http_response(self, req: urllib.request.Request, resp: Any) -> Any:
        self.seen.append(req.full_url.rsplit("/", 1)[-1])
        log.info("response %s", req.full_url.rsplit("/", 1)[-1])
        return resp


def r237_urllib_handler_logs_order(web: str) -> list[Any]:
    h = LogHandler237()
    opener = urllib.request.build_opener(h)
    with opener.open(f"{web}/items/a?ms=120", timeout=5) as r1:
        a = json.loads(r1.read())["value"]
    with opener.open(f"{web}/items/b?ms=40", timeout=5) as r2:
        b = json.loads(r2.read())["value"]
    return [a, b, h.seen]


def r237_urllib_handler_header_counter(web: str) -> list[Any]:
    class Stamp(urllib.request.BaseHandler):
        n = 0

        def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
            Stamp.n += 1
            return req

    Stamp.n = 0
    opener = urllib.request.build_opener(Stamp())
    opener.open(f"{web}/items/p?ms=60", timeout=5).close()
    opener.open(f"{web}/items/q?ms=60", timeout=5).close()
    return [_get(web, f"count-{Stamp.n}")]


# ------------------------------------------------------------------ requests hooks and auth


def r237_requests_response_hook_order(web: str) -> list[Any]:
    done: list[str] = []

    def hook(r: requests.Response, *args: Any, **kw: Any) -> None:
        done.append(r.json()["key"])

    a = requests.get(f"{web}/items/a?ms=150", hooks={"response": hook}, timeout=5).json()
    b = requests.get(f"{web}/items/b?ms=40", hooks={"response": hook}, timeout=5).json()
    return [a["value"], b["value"], done]


def r237_session_hooks_appended_between(web: str) -> list[Any]:
    seen: list[str] = []
    with requests.Session() as s:
        a = s.get(f"{web}/items/a?ms=100", timeout=5).json()["value"]
        s.hooks["response"].append(lambda r, *x, **k: seen.append(r.url.split("?")[0][-1]))
        b = s.get(f"{web}/items/b?ms=50", timeout=5).json()["value"]
        c = s.get(f"{web}/items/c?ms=50", timeout=5).json()["value"]
    return [a, b, c, seen]


def r237_requests_auth_callable_counts(web: str) -> list[Any]:
    order: list[str] = []

    def auth(r: requests.PreparedRequest) -> requests.PreparedRequest:
        order.append(r.url.split("/items/")[1].split("?")[0])
        r.headers["X-N"] = str(len(order))
        return r

    a = requests.get(f"{web}/items/a?ms=120", auth=auth, timeout=5).json()["value"]
    b = requests.get(f"{web}/items/b?ms=40", auth=auth, timeout=5).json()["value"]
    v = _get(web, f"after-{len(order)}")
    return [a, b, order, v]


def r237_requests_hook_raises_stops(web: str) -> list[Any]:
    def strict(r: requests.Response, *args: Any, **kw: Any) -> None:
        if r.json().get("value") == "v-bad":
            raise RuntimeError("bad value")

    out: list[Any] = []
    try:
        requests.get(f"{web}/items/bad?ms=80", hooks={"response": strict}, timeout=5)
        _put(web, "accepted", "bad")
    except RuntimeError as e:
        out.append(str(e))
    out.append(_get(web, "accepted"))
    return out


def r237_requests_hook_prints(web: str) -> list[Any]:
    def show(r: requests.Response, *args: Any, **kw: Any) -> None:
        print("status", r.status_code, r.json()["key"])

    print("go")
    a = requests.get(f"{web}/items/a?ms=120", hooks={"response": show}, timeout=5)
    print("between")
    b = requests.get(f"{web}/items/b?ms=40", hooks={"response": show}, timeout=5)
    print("end")
    return [a.json()["value"], b.json()["value"]]


# ------------------------------------------------------------------ httpx event hooks


def r237_httpx_response_hook_order(web: str) -> list[Any]:
    done: list[str] = []

    def on_resp(r: httpx.Response) -> None:
        done.append(r.url.path.rsplit("/", 1)[-1])

    with httpx.Client(event_hooks={"response": [on_resp]}) as c:
        a = c.get(f"{web}/items/a?ms=200").json()["value"]
        b = c.get(f"{web}/items/b?ms=200").json()["value"]
    return [a, b, done]


def r237_httpx_request_hook_logs(web: str) -> list[Any]:
    def on_req(r: httpx.Request) -> None:
        log.info("-> %s %s", r.method, r.url.path)

    with httpx.Client(event_hooks={"request": [on_req]}) as c:
        log.info("client ready")
        a = c.get(f"{web}/items/a?ms=200").json()["value"]
        log.info("between")
        c.put(f"{web}/items/w", content=a)
        log.info("done")
    return [a]


def r237_httpx_hook_puts_then_get(web: str) -> list[Any]:
    def on_resp(r: httpx.Response) -> None:
        if r.request.method == "GET":
            requests.put(f"{web}/items/seen", data=r.url.path, timeout=5)

    with httpx.Client(event_hooks={"response": [on_resp]}) as c:
        c.get(f"{web}/items/a?ms=200")
        seen = requests.get(f"{web}/items/seen", timeout=5).json()["value"]
    return [seen]


# ------------------------------------------------------------------ contextlib


def r237_exitstack_callback_puts_then_get(web: str) -> list[Any]:
    with contextlib.ExitStack() as stack:
        stack.callback(_put, web, "closed", "yes")
        a = _get(web, "a", 100)
    return [a, _get(web, "closed")]


def r237_exitstack_pop_all_later(web: str) -> list[Any]:
    with contextlib.ExitStack() as stack:
        stack.callback(_put, web, "released", "r1")
        held = stack.pop_all()
    first = _get(web, "released", 100)
    held.close()
    second = _get(web, "released")
    return [first, second]


def r237_exitstack_callback_on_error(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        with contextlib.ExitStack() as stack:
            stack.callback(_put, web, "rollback", "done")
            requests.get(f"{web}/status/500", timeout=5).raise_for_status()
            _put(web, "commit", "done")
    except requests.HTTPError as e:
        out.append(e.response.status_code)
    out += [_get(web, "rollback"), _get(web, "commit")]
    return out


def r237_contextmanager_finally_puts(web: str) -> list[Any]:
    @contextlib.contextmanager
    def lease(name: str) -> Any:
        _put(web, f"lease-{name}", "held")
        try:
            yield name
        finally:
            _put(web, f"lease-{name}", "free")

    with lease("x"):
        inside = _get(web, "lease-x")
    return [inside, _get(web, "lease-x")]


# ------------------------------------------------------------------ singledispatch


@functools.singledispatch
def render(obj: Any) -> str:
    return f"obj:{obj}"


def _render_any(obj: Any) -> str:
    return f"obj:{obj}"


def _shown_any(obj: Any) -> str:
    return f"any:{obj}"


def _fresh_dispatchers(env: Env) -> None:
    """Each run starts with `render` and `shown` as the module defines them: a run's
    registrations would otherwise stay for the next run."""
    global render, shown  # noqa: PLW0603
    render = functools.singledispatch(_render_any)
    shown = functools.singledispatch(_shown_any)


def r237_singledispatch_register_between(web: str) -> list[Any]:
    a = render(_get(web, "a", 100))

    @render.register
    def _(obj: str) -> str:
        return f"str:{obj}"

    b = render(_get(web, "b"))
    render.registry  # noqa: B018 - touch
    return [a, b]


def r237_singledispatch_impl_puts(web: str) -> list[Any]:
    @functools.singledispatch
    def save(obj: Any) -> str:
        return "skip"

    @save.register
    def _(obj: dict) -> str:
        _put(web, "saved", json.dumps(obj, sort_keys=True))
        return "saved"

    r = save({"a": _get(web, "a", 80)})
    return [r, _get(web, "saved")]


# ------------------------------------------------------------------ iterators


class Pages:
    def __init__(self, web: str, keys: list[str]) -> None:
        self.web = web
        self.keys = list(keys)

    def __iter__(self) -> Pages:
        return self

    def __next__(self) -> str:
        if not self.keys:
            raise StopIteration
        return _get(self.web, self.keys.pop(0))


def r237_iter_next_list_after_put(web: str) -> list[Any]:
    _put(web, "p2", "fresh")
    got = list(Pages(web, ["p1", "p2"]))
    _put(web, "p2", "stale")
    return got


def r237_zip_advances_longer_first(web: str) -> list[Any]:
    pages = Pages(web, ["a", "b", "c"])
    pairs = list(zip(pages, ["x", "y"], strict=False))
    rest = pages.keys
    return [pairs, rest]


def r237_zip_next_logs_interleaved(web: str) -> list[Any]:
    class Counter_:
        def __init__(self, tag: str) -> None:
            self.tag = tag
            self.i = 0

        def __iter__(self) -> Counter_:
            return self

        def __next__(self) -> int:
            self.i += 1
            log.info("%s %d", self.tag, self.i)
            if self.i > 2:
                raise StopIteration
            return self.i

    a = _get(web, "a", 100)
    pairs = list(zip(Counter_("L"), Counter_("R"), strict=False))
    log.info("zipped %s", a)
    return pairs


def r237_next_twice_of_map(web: str) -> list[Any]:
    it = map(lambda k: _get(web, k), ["a", "b", "c", "d"])
    first = next(it)
    second = next(it)
    _put(web, "c", "changed")
    third = next(it)
    return [first, second, third]


def r237_generator_partial_then_put(web: str) -> list[Any]:
    def gen() -> Any:
        for k in ("g1", "g2", "g3"):
            yield _get(web, k)

    g = gen()
    x = next(g)
    _put(web, "g2", "new")
    rest = list(g)
    return [x, rest]


def r237_iter_stops_on_value(web: str) -> list[Any]:
    class UntilMissing:
        def __init__(self) -> None:
            self.keys = iter(["a", "missing-x", "b"])

        def __iter__(self) -> UntilMissing:
            return self

        def __next__(self) -> str:
            k = next(self.keys)
            r = requests.get(f"{web}/items/{k}?ms=60", timeout=5)
            if r.status_code == 404:
                raise StopIteration
            return r.json()["value"]

    got = list(UntilMissing())
    _put(web, "count", str(len(got)))
    return got


def r237_sum_generator_stops_early(web: str) -> list[Any]:
    def values() -> Any:
        for k in ("s1", "s2", "missing-s", "s3"):
            r = requests.get(f"{web}/items/{k}?ms=50", timeout=5)
            yield len(r.json()["value"])

    try:
        total = sum(v for v in values() if v < 8)
    except KeyError as e:
        total = f"missing {e}"
    return [total]


# ------------------------------------------------------------------ csv over file-like objects


class PutStream:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key
        self.n = 0

    def write(self, s: str) -> int:
        self.n += 1
        _put(self.web, f"{self.key}-{self.n}", s.strip())
        return len(s)


def r237_csv_dictwriter_puts_rows(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    w = csv.DictWriter(PutStream(web, "row"), fieldnames=["k", "v"])
    w.writeheader()
    w.writerow({"k": "a", "v": a})
    return [_get(web, "row-2"), _get(web, "row-1")]


def r237_csv_writer_rows_between_gets(web: str) -> list[Any]:
    out = PutStream(web, "line")
    w = csv.writer(out)
    for k in ("a", "b"):
        w.writerow([k, _get(web, k, 60)])
    return [out.n, _get(web, "line-1"), _get(web, "line-2")]


def r237_csv_dictwriter_file_then_read(tmp: str, web: str) -> list[Any]:
    p = Path(tmp) / "out.csv"
    with open(p, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["k", "v"])
        w.writeheader()
        for k in ("a", "b"):
            w.writerow({"k": k, "v": _get(web, k, 60)})
    text = p.read_text()
    c = _get(web, "c")
    return [text, c]


# ------------------------------------------------------------------ containers running the user's code


def r237_defaultdict_factory_gets(web: str) -> list[Any]:
    _put(web, "fallback", "fb1")
    d: defaultdict[str, str] = defaultdict(lambda: _get(web, "fallback"))
    first = d["x"]
    _put(web, "fallback", "fb2")
    second = d["y"]
    return [first, second, d["x"]]


def r237_hash_puts_on_set_insert(web: str) -> list[Any]:
    class Key:
        def __init__(self, k: str) -> None:
            self.k = k

        def __hash__(self) -> int:
            _put(web, "hashed", self.k)
            return hash(self.k)

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Key) and other.k == self.k

    a = _get(web, "a", 100)
    s = {Key(a)}
    return [len(s), _get(web, "hashed")]


# ------------------------------------------------------------------ model calls around hooks


def r237_model_then_default_put(web: str) -> list[Any]:
    ans = _ask("summarise the report", 120)

    def enc(o: Any) -> Any:
        _put(web, "archive", o.name)
        return o.name

    json.dumps({"ans": ans, "t": Tag("report")}, default=enc)
    return [ans, _get(web, "archive")]


def r237_models_sorted_by_key_then_log(web: str) -> list[Any]:
    answers = [_ask(q, 60) for q in ("alpha", "beta")]
    ranked = sorted(answers, key=lambda s: (log.info("rank %s", s[:6]), s)[1])
    log.info("ranked")
    return ranked


# ------------------------------------------------------------------ files from hooks


def r237_default_appends_file_then_read(tmp: str, web: str) -> list[Any]:
    p = Path(tmp) / "encoded.txt"

    def enc(o: Any) -> Any:
        with open(p, "a") as f:
            f.write(o.name + "\n")
        return o.name

    a = _get(web, "a", 100)
    json.dumps([Tag("one"), Tag(a)], default=enc)
    text = p.read_text()
    b = _get(web, "b")
    return [text, b]


# ------------------------------------------------------------------ independent GETs beside a hook


def r237_two_gets_then_hooked_dump(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    b = _get(web, "b", 100)

    def enc(o: Any) -> Any:
        return o.name

    text = json.dumps({"a": a, "b": b, "t": Tag("t")}, default=enc, sort_keys=True)
    _put(web, "doc", text)
    return [text]


def r237_two_gets_then_sorted_key_puts(web: str) -> list[Any]:
    a = _get(web, "a", 100)
    b = _get(web, "b", 100)

    def k(s: str) -> str:
        _put(web, "last-key", s)
        return s

    out = sorted([b, a], key=k)
    return [out, _get(web, "last-key")]


# ------------------------------------------------------------------ ids handed out by hooks

_IDS = itertools.count(1)


def _next_id() -> int:
    return next(_IDS)


@dataclasses.dataclass
class Ticket:
    body: str
    id: int = dataclasses.field(default_factory=_next_id)


def r237_factory_ids_follow_program_order(web: str) -> list[Any]:
    global _IDS
    _IDS = itertools.count(1)
    slow = Ticket(_get(web, "a", 150))
    fast = Ticket(_get(web, "b", 50))
    return [(slow.body, slow.id), (fast.body, fast.id)]


@dataclasses.dataclass
class Enrolled:
    name: str
    roll: list[str] = dataclasses.field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        ROLL.append(self.name)


ROLL: list[str] = []


def r237_post_init_registry_order(web: str) -> list[Any]:
    ROLL.clear()
    Enrolled(_get(web, "first", 150))
    Enrolled(_get(web, "second", 50))
    return list(ROLL)


def r237_memory_handler_flushes_to_put(web: str) -> list[Any]:
    import logging.handlers

    class Sink(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            _put(web, "flushed", record.getMessage())

    lg = corpus_logger("r237.mem")
    mem = logging.handlers.MemoryHandler(capacity=2, flushLevel=logging.CRITICAL, target=Sink())
    lg.addHandler(mem)
    try:
        lg.info("one")
        a = _get(web, "a", 100)
        lg.info("two %s", a)
        seen = _get(web, "flushed")
    finally:
        lg.removeHandler(mem)
        mem.close()
    return [seen]


def r237_print_file_user_stream_puts(web: str) -> list[Any]:
    out = PutStream(web, "printed")
    a = _get(web, "a", 100)
    print(a, end="", file=out)
    return [out.n, _get(web, "printed-1")]


def r237_redirect_stdout_user_stream(web: str) -> list[Any]:
    sink = PutStream(web, "out")
    with contextlib.redirect_stdout(sink):
        print("hidden-line", end="")
    seen = _get(web, "out-1")
    print("visible", seen)
    return [sink.n]


def r237_bisect_insort_key_logs(web: str) -> list[Any]:
    import bisect

    rows = ["aa", "cccc"]
    a = _get(web, "a", 100)
    log.info("inserting %s", a)
    bisect.insort(rows, "bbb", key=lambda s: (log.info("key %s", s), len(s))[1])
    b = _get(web, "b")
    log.info("b %s", b)
    return rows


def r237_lt_gets_in_sorted(web: str) -> list[Any]:
    class Item:
        def __init__(self, k: str) -> None:
            self.k = k

        def __lt__(self, other: Any) -> bool:
            return _get(web, f"w-{self.k}") < _get(web, f"w-{other.k}")

    _put(web, "w-x", "9")
    _put(web, "w-y", "1")
    out = [i.k for i in sorted([Item("x"), Item("y")])]
    _put(web, "w-x", "0")
    return out


def r237_sdk_client_event_hook_logs(client: Any) -> list[Any]:
    a = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "one"}])
    log.info("between")
    b = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "two"}])
    return [(a.choices[0].message.content or "")[:10], (b.choices[0].message.content or "")[:10]]


def _hooked_openai(env: Env) -> tuple:
    import openai

    from tests.xcs.libcorpus._case import DUMMY_KEY, _tls

    def on_req(r: httpx.Request) -> None:
        log.info("sdk -> %s", r.url.path)

    def on_resp(r: httpx.Response) -> None:
        log.info("sdk <- %s", r.status_code)

    http = openai.DefaultHttpxClient(verify=_tls(),
                                     event_hooks={"request": [on_req], "response": [on_resp]})
    return (env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
                                  http_client=http)),)


# ------------------------------------------------------------------ state a library call changes


class Ranked:
    compares = 0

    def __init__(self, v: int) -> None:
        self.v = v

    def __lt__(self, other: Ranked) -> bool:
        Ranked.compares += 1
        return self.v < other.v


def r237_max_lt_counts_then_get(web: str) -> list[Any]:
    Ranked.compares = 0
    a = _get(web, "a", 100)
    top = max([Ranked(len(a)), Ranked(9), Ranked(4)])
    got = _get(web, f"cmp{Ranked.compares}")
    return [top.v, got]


def r237_heappush_fetched_then_get(web: str) -> list[Any]:
    Ranked.compares = 0
    h = [Ranked(0), Ranked(5)]
    heapq.heappush(h, Ranked(len(_get(web, "a", 100))))
    heapq.heappush(h, Ranked(-1))
    got = _get(web, f"cmp{Ranked.compares}")
    return [h[0].v, got]


class Stamped:
    uses = 0

    def __format__(self, spec: str) -> str:
        Stamped.uses += 1
        return f"#{Stamped.uses}"


class Cloned:
    clones = 0

    def __deepcopy__(self, memo: dict[int, Any]) -> Cloned:
        Cloned.clones += 1
        return Cloned()


class CountingEncoder:
    def __init__(self) -> None:
        self.n = 0

    def default(self, o: Any) -> Any:
        self.n += 1
        return o.name


class Walker:
    steps = 0

    def __init__(self, n: int) -> None:
        self.n = n

    def __iter__(self) -> Walker:
        return self

    def __next__(self) -> int:
        Walker.steps += 1
        if Walker.steps > self.n:
            raise StopIteration
        return Walker.steps


class Tally:
    writes = 0

    def write(self, s: str) -> int:
        Tally.writes += 1
        return len(s)


class Shade(enum.Enum):
    DARK = "dark"
    LIGHT = "light"

    @classmethod
    def _missing_(cls, value: object) -> Shade:
        MISSES.append(str(value))
        return cls.DARK


MISSES: list[str] = []


class Counted237:
    subclasses = 0

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        Counted237.subclasses += 1


class Tracked:
    sets = 0

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = "_" + name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return getattr(obj, self.name, None)

    def __set__(self, obj: Any, value: Any) -> None:
        Tracked.sets += 1
        setattr(obj, self.name, value)


class Form:
    title = Tracked()


# ------------------------------------------------------------------ a call on a fetched value, state changed after


@functools.singledispatch
def shown(obj: Any) -> str:
    return f"any:{obj}"


def _install_str_shown() -> None:
    shown.register(str, lambda o: f"text:{o}")


def r237_singledispatch_register_call_form(web: str) -> list[Any]:
    shown.registry  # noqa: B018
    shown.dispatch(object)
    first = shown(_get(web, "a", 100))
    shown.register(str, lambda o: f"text:{o}")
    second = shown("b")
    return [first, second]


def r237_singledispatch_register_by_helper(web: str) -> list[Any]:
    first = shown(_get(web, "a", 100))
    _install_str_shown()
    return [first, shown("z")]


MODE: dict[str, bool] = {"upper": False}


def _enc_mode(o: Any) -> Any:
    return o.name.upper() if MODE["upper"] else o.name


def r237_json_default_reads_mode_flipped_after(web: str) -> list[Any]:
    MODE["upper"] = False
    text = json.dumps({"v": _get(web, "a", 100), "t": Tag("tag")}, default=_enc_mode)
    MODE["upper"] = True
    return [text]


CONFIG: dict[str, bool] = {"reverse": False}


def _rank(s: str) -> tuple[int, str]:
    return (-len(s), s) if CONFIG["reverse"] else (len(s), s)


def r237_sorted_key_reads_config_flipped_after(web: str) -> list[Any]:
    CONFIG["reverse"] = False
    order = sorted([_get(web, "a", 100), "bb", "cccccc"], key=_rank)
    CONFIG["reverse"] = True
    return order


ALIASES: dict[str, str] = {}


class Tier(enum.Enum):
    FREE = "free"
    PRO = "pro"

    @classmethod
    def _missing_(cls, value: object) -> Tier:
        return cls[ALIASES.get(str(value), "FREE")]


def r237_enum_missing_table_changed_after(web: str) -> list[Any]:
    ALIASES.clear()
    ALIASES["v-plan"] = "PRO"
    tier = Tier(_get(web, "plan", 100))
    ALIASES["v-plan"] = "FREE"
    return [tier.name]


def r237_factory_id_then_direct_next(web: str) -> list[Any]:
    global _IDS
    _IDS = itertools.count(1)
    t = Ticket(_get(web, "a", 100))
    n = _next_id()
    return [t.id, n]


TAGS: list[str] = []


def r237_deepcopy_snapshot_then_mutate(web: str) -> list[Any]:
    TAGS.clear()
    TAGS.append("first")
    snap = copy.deepcopy({"v": _get(web, "a", 100), "tags": TAGS})
    TAGS.append("late")
    return [snap]


CFG: dict[str, int] = {}


def r237_pickle_snapshot_then_mutate(web: str) -> list[Any]:
    CFG.clear()
    CFG["x"] = 1
    blob = pickle.dumps({"v": _get(web, "a", 100), "cfg": CFG})
    CFG["x"] = 2
    return [pickle.loads(blob)]


class History:
    def __init__(self) -> None:
        self.items: list[str] = []


def r237_format_fetched_currency_changed(web: str) -> list[Any]:
    class Price:
        def __init__(self, cents: int) -> None:
            self.cents = cents

        def __format__(self, spec: str) -> str:
            return f"{CURRENCY['sym']}{self.cents / 100:.2f}"

    CURRENCY["sym"] = "$"
    line = "cost {}".format(Price(len(_get(web, "a", 100)) * 100))
    CURRENCY["sym"] = "EUR "
    return [line]


CURRENCY: dict[str, str] = {"sym": "$"}


NOTES: list[str] = []


SEP: dict[str, str] = {"s": ","}


# ------------------------------------------------------------------ list and heap methods that compare


def r237_heapify_counts_then_get(web: str) -> list[Any]:
    Ranked.compares = 0
    h = [Ranked(v) for v in (4, 2, 7, 1, 3)]
    heapq.heapify(h)
    got = _get(web, f"cmp{Ranked.compares}")
    return [h[0].v, got]


def r237_list_sort_method_counts_then_get(web: str) -> list[Any]:
    Ranked.compares = 0
    rows = [Ranked(3), Ranked(1), Ranked(2)]
    rows.sort()
    got = _get(web, f"cmp{Ranked.compares}")
    return [[r.v for r in rows], got]


class Probe237:
    eqs = 0

    def __init__(self, k: str) -> None:
        self.k = k

    def __eq__(self, other: object) -> bool:
        Probe237.eqs += 1
        return isinstance(other, Probe237) and other.k == self.k

    __hash__ = object.__hash__


def r237_heappop_value_then_put_get(web: str) -> list[Any]:
    Lazy.compares = 0
    h: list[Lazy] = []
    for v in (5, 3, 8, 1):
        heapq.heappush(h, Lazy(v))
    _put(web, "before-pop", str(Lazy.compares))
    top = heapq.heappop(h)
    _put(web, "after-pop", str(Lazy.compares))
    return [top.v, _get(web, "after-pop")]


# ------------------------------------------------------------------ a library call's value kept for later


def r237_heappop_attr_after_pushes_model(web: str) -> list[Any]:
    Lazy.compares = 0
    h: list[Lazy] = []
    for v in (5, 3, 8, 1):
        heapq.heappush(h, Lazy(v))
    smallest = heapq.heappop(h).v
    answer = str(models("sim/gpt", f"compares so far {Lazy.compares}", latency=0.08,
                        temperature=0))[:30]
    return [smallest, answer]


def r237_heappop_attr_then_log(web: str) -> list[Any]:
    Lazy.compares = 0
    h: list[Lazy] = []
    for v in (5, 3, 8, 1):
        heapq.heappush(h, Lazy(v))
    smallest = heapq.heappop(h).v
    log.info("compares %d", Lazy.compares)
    return [smallest, _get(web, "a")]


def r237_heappop_pending_queue(web: str) -> list[Any]:
    class Task:
        seen: list[str] = []

        def __init__(self, prio: int, key: str) -> None:
            self.prio = prio
            self.key = key

        def __lt__(self, other: Any) -> bool:
            Task.seen.append(f"{self.key}<{other.key}")
            return self.prio < other.prio

    Task.seen = []
    q: list[Task] = []
    for prio, key in ((2, "b"), (1, "a"), (3, "c")):
        heapq.heappush(q, Task(prio, key))
    first = heapq.heappop(q).key
    v = _get(web, f"{first}-{len(Task.seen)}")
    return [first, v, list(Task.seen)]


def r237_dispatch_kept_then_register(web: str) -> list[Any]:
    @functools.singledispatch
    def label(x: Any) -> str:
        return "generic"

    first = label(_get(web, "a", 100))
    label.register(str, lambda x: "string")
    return [first, label("b")]


def r237_cached_call_kept_then_clear(web: str) -> list[Any]:
    calls: list[str] = []

    @functools.lru_cache(maxsize=None)  # noqa: UP033 - as users write it
    def norm(s: str) -> str:
        calls.append(s)
        return s.upper()

    norm("v-a")
    again = norm(_get(web, "a", 100))
    norm.cache_clear()
    return [again, list(calls)]


# ------------------------------------------------------------------ the list


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmpweb(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, **kw)


def _tw(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_tmpweb, servers="web", ideal=ideal, **kw)


#: A 100 ms GET, a hook, then an independent 50 ms GET.
_SLOW_FAST = 150 / 100

ALL += [
    # json hooks
    _w(r237_json_default_puts_then_get),
    _w(r237_json_default_prints_between, _SLOW_FAST),
    _w(r237_json_object_hook_puts_ids),
    _w(r237_json_default_raises_no_put),
    _w(r237_two_gets_then_hooked_dump, 250 / 150, overlap=2),
    # key functions
    _w(r237_sorted_key_fetches_after_put),
    _w(r237_heapq_lt_counts_global),
    _w(r237_cmp_to_key_prints, _SLOW_FAST),
    _w(r237_sorted_models_keys, 290 / 80, cat="fanout"),
    _w(r237_two_gets_then_sorted_key_puts, 350 / 250, overlap=2),
    _w(r237_bisect_insort_key_logs, _SLOW_FAST, cat="helpers"),
    _w(r237_lt_gets_in_sorted),
    # logging of the user's
    _w(r237_log_filter_puts_then_get, cat="helpers"),
    _tw(r237_log_handler_appends_file_read),
    _w(r237_log_formatter_prints, _SLOW_FAST, cat="helpers"),
    _w(r237_lazy_percent_str_gets_after_put, cat="helpers"),
    _w(r237_lazy_str_reads_mutated_state, _SLOW_FAST, cat="helpers"),
    _w(r237_logger_adapter_process_puts, cat="helpers"),
    _w(r237_log_filter_raises_stops_put, cat="helpers"),
    _w(r237_log_exception_handler_puts, cat="helpers"),
    _w(r237_memory_handler_flushes_to_put, cat="helpers"),
    # formatting
    _w(r237_fstring_format_puts_then_get),
    _w(r237_format_builtin_prints),
    _w(r237_format_map_missing_gets),
    # copy and pickle
    _w(r237_deepcopy_puts_then_get),
    _w(r237_pickle_reduce_puts_then_get),
    _w(r237_pickle_getstate_gets_after_put),
    _w(r237_pickle_loads_rebuild_puts),
    # dataclasses
    _w(r237_default_factory_gets_after_put),
    _w(r237_post_init_puts_then_get),
    _w(r237_post_init_raises_no_put),
    _w(r237_dataclass_replace_post_init_puts),
    _w(r237_asdict_deepcopies_value),
    _w(r237_factory_ids_follow_program_order, 200 / 150, overlap=2),
    _w(r237_post_init_registry_order, 200 / 150, overlap=2),
    # enums
    _w(r237_enum_missing_puts_then_get),
    _w(r237_enum_missing_gets_after_put),
    _w(r237_enum_missing_logs_between, _SLOW_FAST, cat="helpers"),
    # class statements and descriptors
    _w(r237_init_subclass_puts_then_get),
    _w(r237_set_name_prints_between, _SLOW_FAST),
    _w(r237_init_subclass_raises_no_put),
    _w(r237_descriptor_get_then_set_then_get),
    _w(r237_property_fetch_after_put),
    # urllib openers
    _w(r237_urllib_handler_logs_order, cat="http"),
    _w(r237_urllib_handler_header_counter, 180 / 120, cat="http"),
    # requests hooks and auth
    _w(r237_requests_response_hook_order, cat="http"),
    _w(r237_session_hooks_appended_between, cat="http"),
    _w(r237_requests_auth_callable_counts, 210 / 170, cat="http"),
    _w(r237_requests_hook_raises_stops, cat="http"),
    _w(r237_requests_hook_prints, cat="http"),
    # httpx event hooks
    _w(r237_httpx_response_hook_order, cat="clients", latency=CLIENT_LAT),
    _w(r237_httpx_request_hook_logs, cat="clients", latency=CLIENT_LAT),
    _w(r237_httpx_hook_puts_then_get, cat="clients", latency=CLIENT_LAT),
    Case("sdk", r237_sdk_client_event_hook_logs, args=_hooked_openai, servers="api",
         latency=CLIENT_LAT, ideal=serial_ideal(1, 2, 1)),
    # contextlib
    _w(r237_exitstack_callback_puts_then_get),
    _w(r237_exitstack_pop_all_later),
    _w(r237_exitstack_callback_on_error),
    _w(r237_contextmanager_finally_puts),
    _w(r237_redirect_stdout_user_stream),
    _w(r237_print_file_user_stream_puts),
    # singledispatch
    _w(r237_singledispatch_register_between, _SLOW_FAST, setup=_fresh_dispatchers),
    _w(r237_singledispatch_impl_puts),
    # iterators
    _w(r237_iter_next_list_after_put),
    _w(r237_zip_advances_longer_first),
    _w(r237_zip_next_logs_interleaved, cat="helpers"),
    _w(r237_next_twice_of_map),
    _w(r237_generator_partial_then_put),
    _w(r237_iter_stops_on_value),
    _w(r237_sum_generator_stops_early),
    # csv over file-like objects
    _w(r237_csv_dictwriter_puts_rows),
    _w(r237_csv_writer_rows_between_gets, 320 / 260),
    _tw(r237_csv_dictwriter_file_then_read, 170 / 60, overlap=3),
    # containers and builtins running the user's code
    _w(r237_defaultdict_factory_gets),
    _w(r237_hash_puts_on_set_insert),
    # model calls around hooks
    _w(r237_model_then_default_put),
    _w(r237_models_sorted_by_key_then_log, 2.0, cat="fanout"),
    # files from hooks
    _tw(r237_default_appends_file_then_read, _SLOW_FAST),
    # state a library call changes, read by the next GET's key
    _w(r237_max_lt_counts_then_get),
    _w(r237_heappush_fetched_then_get),
    # a call on a fetched value, the state it reads changed after it
    _w(r237_singledispatch_register_call_form, setup=_fresh_dispatchers),
    _w(r237_singledispatch_register_by_helper, setup=_fresh_dispatchers),
    _w(r237_json_default_reads_mode_flipped_after),
    _w(r237_sorted_key_reads_config_flipped_after),
    _w(r237_enum_missing_table_changed_after),
    _w(r237_factory_id_then_direct_next),
    _w(r237_deepcopy_snapshot_then_mutate),
    _w(r237_pickle_snapshot_then_mutate),
    _w(r237_format_fetched_currency_changed),
    # list and heap methods that compare
    _w(r237_heapify_counts_then_get),
    _w(r237_list_sort_method_counts_then_get),
    _w(r237_heappop_value_then_put_get),
    # a library call's value kept for later
    _w(r237_heappop_attr_after_pushes_model),
    _w(r237_heappop_attr_then_log, cat="helpers"),
    _w(r237_heappop_pending_queue),
    _w(r237_dispatch_kept_then_register),
    _w(r237_cached_call_kept_then_clear),
]

_HEAPPOP = ("the heap is built by `heapq.heappush(h, Lazy(v))` in a loop, and `heapq.heappop(h).v` "
            "runs `Lazy.__lt__`, which counts compares in the class attribute `Lazy.compares` "
            "(4 after the pushes, 6 after the pop); the JIT takes heappop to touch only `h` and "
            "starts the next call, whose argument reads `Lazy.compares`, one statement early "
            "(explain(): 'starts 1 statement(s) early'), above the pop, so")

FAILING_WHY.update({
    "r237_heapq_lt_counts_global":
        f"{_HEAPPOP} it GETs /items/cmp4 where the plain run GETs /items/cmp6",
    "r237_heappop_attr_after_pushes_model":
        f"{_HEAPPOP} the model call is asked 'compares so far 4' where the plain run asks "
        "'compares so far 6' (a different answer)",
})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
