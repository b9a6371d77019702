"""Calls Python makes implicitly are calls (`ember.xcs._implicit`).

Each function here runs plain and jitted against a fresh key-value server on 127.0.0.1
(`tests.xcs.libcorpus._servers.HttpServer`): the two runs must return the same value and
the server must see the same writes, each after the same reads. The writes hide in code
Python calls on its own: ``__exit__`` and ``__enter__``, a generator's steps, an
iterator's ``__next__``, ``__setitem__``, a property's setter, a finaliser. The shapes
that must keep overlapping (a list argument walked, ``with requests.Session()``, items
stored in a local dict) are checked to have two requests in flight at once.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import requests

from ember import xcs
from ember.xcs import _analysis, _summary
from ember.xcs._effects import Kind
from tests.xcs.libcorpus._servers import Entry, HttpServer, LoopThread

LATENCY = 0.05


@pytest.fixture
def server() -> Iterator[HttpServer]:
    loop = LoopThread()
    web = HttpServer(loop, LATENCY)
    try:
        yield web
    finally:
        web.close()
        loop.close()


def get(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def put(base: str, key: str, text: str) -> int:
    return requests.put(f"{base}/items/{key}", data=text).json()["version"]


def _shape(log: list[Entry]) -> list[tuple[str, str, str, frozenset[str]]]:
    """Each write with the reads sent before it (reads among themselves may reorder)."""
    out, reads = [], []
    for e in log:
        if e.write:
            out.append((e.method, e.path, e.body, frozenset(reads)))
        else:
            reads.append(e.path)
    return [*out, ("end", "", "", frozenset(reads))]


def _reset(server: HttpServer) -> None:
    """Forget the items and the write count (the log and its peak stay: sliced after)."""
    def clear() -> None:
        server.items.clear()
        server.writes = 0
        server.rec.max_in_flight = 0
    server._loop.call(clear)


def _same(server: HttpServer, fn: Callable[..., Any], *args: Any) -> int:
    """Run `fn` plain, then jitted (after a reset of the server's items), and check the
    two agree; the most requests the server had in flight under jit."""
    plain = fn(server.url, *args)
    plain_log, _ = server.snapshot()
    _reset(server)
    start = len(plain_log)
    jitted = xcs.jit(fn)(server.url, *args)
    log, peak = server.snapshot()
    assert jitted == plain
    assert _shape(log[start:]) == _shape(plain_log)
    return peak


# --------------------------------------------------------------------------- with blocks


class Committing:
    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def __enter__(self) -> Committing:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        put(self.base, self.key, "failed" if kind else "committed")


class Opening:
    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def __enter__(self) -> Opening:
        put(self.base, self.key, "opened")
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def read_after_exit(base: str) -> list[str]:
    with Committing(base, "tx"):
        a = get(base, "inside")
    return [a, get(base, "tx")]


def read_after_failed_block(base: str) -> list[str]:
    try:
        with Committing(base, "tx"):
            get(base, "inside")
            raise ValueError("no")
    except ValueError:
        got = "caught"
    return [got, get(base, "tx")]


def read_before_enter(base: str) -> list[str]:
    first = get(base, "before")
    with Opening(base, "op"):
        a = get(base, "op")
    return [first, a]


def test_exit_that_writes_keeps_later_reads_behind_it(server: HttpServer) -> None:
    _same(server, read_after_exit)


def test_exit_on_an_exception_keeps_later_reads_behind_it(server: HttpServer) -> None:
    _same(server, read_after_failed_block)


def test_enter_that_writes_waits_for_the_read_before_it(server: HttpServer) -> None:
    _same(server, read_before_enter)


# --------------------------------------------------------------------------- stores and del


class Store:
    def __init__(self, base: str) -> None:
        self.base = base

    def __setitem__(self, key: str, text: str) -> None:
        put(self.base, key, text)


class Settings:
    def __init__(self, base: str) -> None:
        self.base = base

    @property
    def mode(self) -> str:
        return "?"

    @mode.setter
    def mode(self, text: str) -> None:
        put(self.base, "mode", text)


class Flusher:
    live = False

    def __init__(self, base: str) -> None:
        self.base = base

    def __del__(self) -> None:
        if Flusher.live:
            put(self.base, "flushed", "yes")


def read_after_setitem(base: str) -> list[str]:
    store = Store(base)
    first = get(base, "s0")
    store["s1"] = "stored"
    return [first, get(base, "s1")]


def read_after_setter(base: str) -> list[str]:
    s = Settings(base)
    first = get(base, "p0")
    s.mode = "fast"
    return [first, get(base, "mode")]


def read_after_del(base: str) -> list[str]:
    f = Flusher(base)
    first = get(base, "d0")
    del f
    return [first, get(base, "flushed")]


def test_setitem_that_writes(server: HttpServer) -> None:
    _same(server, read_after_setitem)


def test_property_setter_that_writes(server: HttpServer) -> None:
    _same(server, read_after_setter)


def test_finaliser_that_writes(server: HttpServer) -> None:
    Flusher.live = True
    try:
        _same(server, read_after_del)
    finally:
        Flusher.live = False


# --------------------------------------------------------------------------- walking iterables


def steps(base: str) -> Iterator[int]:
    for k in ("g1", "g2"):
        yield put(base, k, "stepped")


class Pages:
    def __init__(self, base: str) -> None:
        self.base, self.i = base, 0

    def __iter__(self) -> Pages:
        return self

    def __next__(self) -> int:
        if self.i >= 2:
            raise StopIteration
        self.i += 1
        return put(self.base, "cursor", str(self.i))


def read_after_for_over_generator(base: str) -> list[Any]:
    got = []
    for n in steps(base):
        got.append(n)
    return [got, get(base, "g2")]


def read_around_next(base: str) -> list[Any]:
    gen = steps(base)
    first = get(base, "n0")
    n = next(gen)
    return [first, n, get(base, "g1")]


def read_around_list_of_generator(base: str) -> list[Any]:
    first = get(base, "l0")
    made = list(steps(base))
    return [first, made, get(base, "g2")]


def read_after_iterator_object(base: str) -> list[Any]:
    got = [n for n in Pages(base)]
    return [got, get(base, "cursor")]


def read_after_walking_an_argument(base: str, items: Any) -> list[Any]:
    first = get(base, "w0")
    seen = [n for n in items]
    return [first, seen, get(base, "g2")]


@pytest.mark.parametrize("fn", [read_after_for_over_generator, read_around_next,
                                read_around_list_of_generator, read_after_iterator_object])
def test_walking_code_that_writes(server: HttpServer, fn: Callable[..., Any]) -> None:
    _same(server, fn)


def test_a_plan_made_for_a_list_argument_is_made_again_for_a_generator(
        server: HttpServer) -> None:
    fast = xcs.jit(read_after_walking_an_argument)
    assert fast(server.url, [1, 2]) == read_after_walking_an_argument(server.url, [1, 2])
    _reset(server)
    start = len(server.snapshot()[0])
    plain = read_after_walking_an_argument(server.url, steps(server.url))
    plain_log = server.snapshot()[0][start:]
    _reset(server)
    start += len(plain_log)
    assert fast(server.url, steps(server.url)) == plain
    log, _ = server.snapshot()
    assert _shape(log[start:])[-3:] == _shape(plain_log)[-3:]  # (the PUTs, then the GET)


# --------------------------------------------------------------------------- overlap kept


def fetch_each(base: str, keys: list[str]) -> list[str]:
    out = []
    for k in keys:
        out.append(get(base, k))
    return out


def session_block(base: str) -> list[str]:
    with requests.Session() as s:
        a = s.get(f"{base}/items/a").json()["value"]
        b = s.get(f"{base}/items/b").json()["value"]
    return [a, b]


def stored_in_a_dict(base: str) -> dict[str, str]:
    out: dict[str, str] = {}
    out["a"] = get(base, "a")
    out["b"] = get(base, "b")
    return out


def nested_rows(base: str, rows: list[list[str]]) -> list[list[str]]:
    return [[get(base, k) for k in row] for row in rows]


@pytest.mark.parametrize(("fn", "args"), [
    (fetch_each, (["a", "b", "c"],)), (session_block, ()), (stored_in_a_dict, ()),
    (nested_rows, ([["a", "b"], ["c", "d"]],)),
])
def test_common_shapes_keep_overlapping(server: HttpServer, fn: Callable[..., Any],
                                        args: tuple) -> None:
    assert _same(server, fn, *args) >= 2


# --------------------------------------------------------------------------- what the analysis says


def _implicit(fn: Callable[..., Any], **bound: Any) -> dict[str, Kind]:
    facts = _analysis.analyse(fn, bound)
    nodes = {id(n): n for n in ast.walk(facts.tree)}
    return {ast.unparse(nodes[k]).splitlines()[0].strip(): f.kind
            for k, f in facts.implicit.items()}


def reads_only(base: str) -> Iterator[str]:
    yield get(base, "r")


def shapes(base: str, path: str, thing: Any) -> list[Any]:
    with open(path) as f:
        text = f.read()
    words = [w for w in text.split()]
    pairs = {k: v for k, v in {"a": 1}.items()}
    got = list(reads_only(base))
    unknown = [x for x in thing]
    return [words, pairs, got, unknown]


def test_what_each_implicit_call_is() -> None:
    found = _implicit(shapes, base="http://127.0.0.1:9", path="/dev/null", thing=object())
    # A file opened to read, a str's split, a dict's items: nothing. A generator that only
    # reads is a read; an object of a type with no __iter__ is not known.
    assert found == {"list(reads_only(base))": Kind.READ, "for x in thing": Kind.UNKNOWN}
    assert _implicit(read_after_exit) == {"with Committing(base, 'tx'):": Kind.WRITE}
    assert _implicit(read_after_del) == {"del f": Kind.UNKNOWN}  # (f: bound twice)


def from_json(base: str, text: str) -> list[str]:
    conf = json.loads(text)
    return [get(base, k) for k in conf["keys"]] + [k for k, _ in conf.items()]


def test_json_values_and_constructors_stay_pure() -> None:
    # What JSON decodes to holds builtin containers only; `self.base = base` in a class's
    # `__init__` is a plain store (the class gives `base` no setter).
    assert _implicit(from_json, base="http://127.0.0.1:9", text="{}") == {}
    assert _summary.summarize(Settings.__init__).kind is Kind.CPU
    assert _implicit(read_after_setter) == {"s.mode = 'fast'": Kind.WRITE}


async def async_clients(base: str) -> list[str]:
    async with httpx.AsyncClient() as client:
        a = (await client.get(f"{base}/items/a")).json()["value"]
    with requests.Session() as s:
        b = s.get(f"{base}/items/b").json()["value"]
    return [a, b]


def test_clients_made_in_a_with_item_are_the_blocks_alone() -> None:
    # Entering and leaving a library client made in the item changes nothing another
    # call sees: neither `with` is a barrier.
    assert _implicit(async_clients, base="http://127.0.0.1:9") == {}


# --------------------------------------------------------------------------- tests, operators, getters


class Remote:
    """Each dunder Python calls on its own sends a PUT first."""

    def __init__(self, base: str) -> None:
        self.base, self.n = base, 0

    def _mark(self, what: str) -> None:
        put(self.base, what, "ran")

    def __bool__(self) -> bool:
        self._mark("bool")
        return True

    def __str__(self) -> str:
        self._mark("str")
        return "remote"

    def __format__(self, spec: str) -> str:
        self._mark("format")
        return "formatted"

    def __eq__(self, other: object) -> bool:
        self._mark("eq")
        return False

    __hash__ = object.__hash__

    def __contains__(self, item: object) -> bool:
        self._mark("contains")
        return False

    def __len__(self) -> int:
        self._mark("len")
        return 1

    def __neg__(self) -> int:
        self._mark("neg")
        return -1

    def __getitem__(self, k: int) -> int:
        self._mark("item")
        return k

    def __iadd__(self, k: int) -> Remote:
        self.n += k
        self._mark("iadd")
        return self

    @property
    def token(self) -> str:
        self._mark("token")
        return "t"

    @functools.cached_property
    def ticket(self) -> str:
        self._mark("ticket")
        return "k"


class Registry(type):
    def __call__(cls, base: str, *args: Any) -> Any:
        put(base, "made", cls.__name__)
        return super().__call__(base, *args)


class Registered(metaclass=Registry):
    def __init__(self, base: str) -> None:
        self.base = base


class Fresh:
    def __new__(cls, base: str) -> Fresh:
        put(base, "new", "ran")
        return super().__new__(cls)


def branched(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "t0")
    if r:
        first += "!"
    return [first, get(base, "bool")]


def printed(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "p0")
    print(r)
    return [first, get(base, "str")]


def formatted(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "f0")
    text = f"[{r}]"
    return [first, text, get(base, "format")]


def compared(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "c0")
    same = r == "x"
    inside = "y" in r
    return [first, same, inside, get(base, "eq"), get(base, "contains")]


def negated_and_measured(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "n0")
    out = [-r, len(r), r[3]]
    return [first, out, get(base, "neg"), get(base, "len"), get(base, "item")]


def added_in_place(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "a0")
    r += 2
    return [first, r.n, get(base, "iadd")]


def got(base: str) -> list[Any]:
    r = Remote(base)
    first = get(base, "g0")
    token, ticket = r.token, r.ticket
    return [first, token, ticket, get(base, "token"), get(base, "ticket")]


def constructed(base: str) -> list[Any]:
    first = get(base, "k0")
    made, fresh = Registered(base), Fresh(base)
    return [first, type(made).__name__, type(fresh).__name__, get(base, "made"),
            get(base, "new")]


@pytest.mark.parametrize("fn", [branched, printed, formatted, compared, negated_and_measured,
                                added_in_place, got, constructed])
def test_dunders_python_calls_on_its_own_keep_their_place(server: HttpServer,
                                                          fn: Callable[..., Any]) -> None:
    # Each PUT comes after the first GET and before the last, as plain code sends them.
    _same(server, fn)


class Strict:
    @property
    def token(self) -> str:
        raise LookupError("no token configured")


def read_after_a_getter_that_raises(base: str, settings: Strict) -> list[str]:
    first = get(base, "s0")
    token = settings.token  # raises by design: the GET below is never sent
    return [first, token, get(base, "s1")]


def test_a_getter_that_raises_stops_the_reads_after_it(server: HttpServer) -> None:
    with pytest.raises(LookupError) as plain:
        read_after_a_getter_that_raises(server.url, Strict())
    plain_log, _ = server.snapshot()
    with pytest.raises(LookupError) as jitted:
        xcs.jit(read_after_a_getter_that_raises)(server.url, Strict())
    log, _ = server.snapshot()
    assert str(jitted.value) == str(plain.value)
    assert [e.path for e in log[len(plain_log):]] == [e.path for e in plain_log] == ["/items/s0"]


@dataclasses.dataclass
class Labelled:
    name: str

    @property
    def key(self) -> str:
        return self.name + "!"

    def __str__(self) -> str:
        return f"<{self.name}>"


def library_and_plain_values(base: str, label: Labelled) -> list[Any]:
    r = requests.get(f"{base}/items/v1")
    shown = f"{label} {label.key}"
    print(r, label)
    if r.ok and r.status_code == 200 and label:
        shown += r.text
    return [shown, get(base, "v2")]


def test_getters_and_dunders_that_only_compute_keep_calls_overlapping(
        server: HttpServer) -> None:
    # A library's response (its properties are data) and the user's class whose getter
    # and __str__ compute: the second GET still starts beside the first.
    assert _same(server, library_and_plain_values, Labelled("a")) >= 2


def test_what_each_operation_runs() -> None:
    # (Unknown, not a write: the getters call a method of `self` whose object is not known
    # when the plan is made; either keeps its place.)
    found = _implicit(got, base="http://127.0.0.1:1")
    assert len(found) == 2 and set(found.values()) <= {Kind.WRITE, Kind.UNKNOWN}
    found = _implicit(library_and_plain_values, base="http://127.0.0.1:1",
                      label=Labelled("a"))
    assert found == {}
