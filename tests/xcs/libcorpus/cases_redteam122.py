"""Red-team cases (stop 122): this stop's newest rules, where they are wrong or too narrow.

(1) ``b = None`` where every other value ``b`` is bound to looks like a str, bytes, number
or JSON data is taken to drop nothing with a finaliser: here the value only looks plain (a
helper annotated ``-> str`` or ``-> int`` that returns an object of ours, a str subclass,
``f"{k}"`` / ``str(k)`` / ``format(k)`` whose dunder returns a str subclass, a local
annotation, JSON data joined with our objects, a walrus, ``except ... as b``), and the
object dropped PUTs the key a later GET reads (``__del__``, ``weakref.finalize``).
(2) ``+=`` keeps a local's type only for known operands: operands of ours (``__radd__``)
reached through a helper's annotation, a list's items, attributes, dataclass fields, str
and int subclasses; numpy scalars, Decimal and Fraction; Decimal's thread context.
(3) ``print(..., file=sys.stderr)`` as ordered output: a stream of ours (its ``write``
PUTs) put in ``sys.stderr`` by the function, a helper, ``contextlib.redirect_stderr``, the
caller before the call or between two calls, a ``StringIO`` subclass, a ``TextIOWrapper``
over a raw stream of ours.
(4) A library's context manager in a loop body walking a list the function does not own:
a sqlite3 connection handed in with a trace callback or a trigger function, ``closing``,
``ExitStack`` callbacks, path-likes of ours, and plain ones that should overlap.
(5) Bounded httpx pools: helpers reading through two pools, nested helpers, jitted helpers
fanning out on a pool of two, a stream held open, ``xcs.parallel`` and ``vmap``.
Sibling calls get unequal latencies, slow first. `FAILING_WHY` holds the cases that
differed or crashed under jit when written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import decimal
import io
import logging
import sqlite3
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam122")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def _val(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


# =========================================================================== (1) drops


class Lease:
    """Releases its key on the server when dropped."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __del__(self) -> None:
        requests.put(f"{self.web}/items/{self.key}", data="released")


class LeaseStr(str):
    """A str that releases its key when dropped."""

    web = ""

    def __del__(self) -> None:
        requests.put(f"{self.web}/items/{self}", data="released")


def _lease_str(web: str, key: str) -> LeaseStr:
    s = LeaseStr(key)
    s.web = web
    return s


class LeaseInt(int):
    web = ""

    def __del__(self) -> None:
        requests.put(f"{self.web}/items/n{int(self)}", data="released")


def _label_lease(web: str, key: str) -> str:
    return Lease(web, key)  # type: ignore[return-value]  # (the annotation lies)


def _label_lease_str(web: str, key: str) -> str:
    return _lease_str(web, key)


def _count_lease(web: str, n: int) -> int:
    i = LeaseInt(n)
    i.web = web
    return i


def drop_helper_annotated_str_if(web: str) -> list[str]:
    b = _label_lease(web, "d1")
    mid = _val(web, "a", 150)
    if mid:
        b = None
    got = _val(web, "d1", 40)
    return [mid, got, str(b)]


def drop_helper_annotated_str_except(web: str) -> list[str]:
    b = _label_lease(web, "d2")
    try:
        n = int(_val(web, "a", 150))
    except ValueError:
        b = None
        n = -1
    got = _val(web, "d2", 40)
    return [str(n), got, str(b)]


def drop_str_subclass_helper(web: str) -> list[str]:
    b = _label_lease_str(web, "d3")
    mid = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = None
    got = requests.get(f"{web}/items/d3?ms=40").json()["value"]
    return [mid, got, str(b)]


def drop_int_subclass_helper(web: str) -> list[Any]:
    b = _count_lease(web, 4)
    mid = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = None
    got = requests.get(f"{web}/items/n4?ms=40").json()["value"]
    return [mid, got, b]


def drop_local_annotation_str(web: str) -> list[str]:
    b: str = Lease(web, "d5")  # type: ignore[assignment]
    mid = _val(web, "a", 150)
    b = None
    got = _val(web, "d5", 40)
    return [mid, got, str(b)]


def drop_rebind_to_empty_str(web: str) -> list[str]:
    b = _label_lease_str(web, "d6")
    mid = _val(web, "a", 150)
    b = ""
    got = _val(web, "d6", 40)
    return [mid, got, b]


def drop_rebind_to_fstring(web: str) -> list[str]:
    b = _label_lease(web, "d7")
    mid = _val(web, "a", 150)
    b = f"done-{mid}"
    got = _val(web, "d7", 40)
    return [mid, got, b]


class _Key:
    """Formats as a str subclass that releases its key when dropped."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __format__(self, spec: str) -> str:
        return _lease_str(self.web, self.key)

    def __str__(self) -> str:
        return _lease_str(self.web, self.key)


def drop_fstring_of_user_format(web: str) -> list[str]:
    k = _Key(web, "d8")
    b = f"{k}"
    mid = _val(web, "a", 150)
    b = None
    got = _val(web, "d8", 40)
    return [mid, got, str(b)]


def drop_str_call_of_user_str(web: str) -> list[str]:
    b = str(_Key(web, "d9"))
    mid = _val(web, "a", 150)
    b = None
    got = _val(web, "d9", 40)
    return [mid, got, str(b)]


def drop_format_builtin(web: str) -> list[str]:
    b = format(_Key(web, "e1"))
    mid = _val(web, "a", 150)
    b = None
    got = _val(web, "e1", 40)
    return [mid, got, str(b)]


def drop_in_loop_rebinding(web: str) -> list[str]:
    b = ""
    for k in ("e2", "e3"):
        b = _label_lease(web, k)
    mid = _val(web, "a", 150)
    b = None
    got = [_val(web, "e2", 40), _val(web, "e3", 90)]
    return [mid, *got, str(b)]


def drop_walrus_binding(web: str) -> list[str]:
    b = ""
    if (b := Lease(web, "e4")) is not None:
        mid = _val(web, "a", 150)
    b = None
    got = _val(web, "e4", 40)
    return [mid, got, str(b)]


def drop_except_as_rebinds(web: str) -> list[str]:
    b = _label_lease(web, "e5")
    try:
        n = int(requests.get(f"{web}/items/a?ms=150").json()["value"])
    except ValueError as b:  # noqa: F811, F841  (rebinding b drops the lease)
        n = -1
    got = requests.get(f"{web}/items/e5?ms=40").json()["value"]
    return [str(n), got]


def _json_plus_lease(web: str, k: str) -> list:
    return requests.get(f"{web}/items/{k}?ms=20").json()["value"].split("-") + [Lease(web, "e6")]


def drop_data_joined_with_object(web: str) -> list[str]:
    b = _json_plus_lease(web, "x")
    mid = _val(web, "a", 150)
    b = None
    got = _val(web, "e6", 40)
    return [mid, got, str(b)]


class _Tag(str):
    pass


def _finalized_tag(web: str, key: str) -> str:
    t = _Tag(key)
    weakref.finalize(t, requests.put, f"{web}/items/{key}", data="finalized")
    return t


def drop_weakref_finalize_str_subclass(web: str) -> list[str]:
    b = _finalized_tag(web, "e8")
    mid = _val(web, "a", 150)
    if mid:
        b = None
    got = _val(web, "e8", 40)
    return [mid, got, str(b)]


def drop_plain_str_fallback_overlaps(web: str) -> list[str]:
    """The rule's own shape: a str or None; the two GETs after the try overlap."""
    try:
        b = requests.get(f"{web}/items/missing-b?ms=30").json()["value"]
    except KeyError:
        b = None
    x = _val(web, "a", 150)
    y = _val(web, "b", 40)
    return [str(b), x, y]


def drop_json_data_if_overlaps(web: str) -> list[Any]:
    b = requests.get(f"{web}/items/c?ms=30").json()
    if b["value"].endswith("c"):
        b = None
    x = _val(web, "a", 150)
    y = _val(web, "b", 40)
    return [b, x, y]


# =========================================================================== (2) +=


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __radd__(self, other: Any) -> Money:
        return Money(self.cents + (other.cents if isinstance(other, Money) else int(other)))

    __add__ = __radd__

    def __format__(self, spec: str) -> str:
        print("format money", self.cents)
        return f"{self.cents}c"

    def __str__(self) -> str:
        print("str money", self.cents)
        return f"{self.cents}c"


def _cost_int(n: int) -> int:
    return Money(n)  # type: ignore[return-value]


def aug_helper_annotated_int(web: str) -> list[str]:
    a = _val(web, "a", 150)
    total = 0
    total += _cost_int(3)
    print("priced", a)
    b = requests.get(f"{web}/items/t{total}?ms=40").json()["value"]
    return [a, b]


def aug_list_items_loop(web: str) -> list[str]:
    costs = [Money(3), Money(4)]
    a = _val(web, "a", 150)
    total = 0
    for c in costs:
        total += c
    print("priced", a)
    b = _val(web, f"t{total}", 40)
    return [a, b]


class _Cart:
    fee: int = 0

    def __init__(self) -> None:
        self.fee = Money(7)  # type: ignore[assignment]


def aug_attribute_of_object(web: str) -> list[str]:
    cart = _Cart()
    a = _val(web, "a", 150)
    total = 0
    total += cart.fee
    print("priced", a)
    b = _val(web, f"t{total}", 40)
    return [a, b]


@dataclasses.dataclass
class _Line:
    qty: int


def aug_dataclass_field_int(web: str) -> list[str]:
    line = _Line(Money(8))  # type: ignore[arg-type]
    a = _val(web, "a", 150)
    total = 0
    total += line.qty
    print("priced", a)
    b = _val(web, f"t{total}", 40)
    return [a, b]


class _Loud:
    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format loud", self.s)
        return self.s


class _Suffix(str):
    def __radd__(self, other: Any) -> Any:
        return _Loud(str(other) + str.__str__(self))


def _suffix() -> str:
    return _Suffix("-x")


def aug_str_subclass_radd(web: str) -> list[str]:
    a = _val(web, "a", 150)
    key = "k"
    key += _suffix()
    print("keyed", a)
    b = _val(web, f"{key}", 40)
    return [a, b]


class _Count(int):
    def __radd__(self, other: Any) -> Any:
        return _Loud(f"n{int(other) + int(self)}")


def _count() -> int:
    return _Count(2)


def aug_int_subclass_radd(web: str) -> list[str]:
    a = _val(web, "a", 150)
    n = 1
    n += _count()
    print("counted", a)
    b = _val(web, f"{n}", 40)
    return [a, b]


def aug_numpy_scalar_overlaps(web: str) -> list[str]:
    total = 0
    total += np.int64(3)
    a = _val(web, "a", 150)
    print("priced", a)
    b = _val(web, f"t{total}", 40)
    return [a, b]


def aug_decimal_overlaps(web: str) -> list[str]:
    total = 0
    total += decimal.Decimal("1.25")
    a = _val(web, "a", 150)
    print("priced", a)
    b = _val(web, f"t{total}", 40)
    return [a, b]


def _ratio(web: str, k: str, ms: int) -> str:
    v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return str(decimal.Decimal(len(v)) / decimal.Decimal(7))


def decimal_localcontext_in_helpers(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        a = _ratio(web, "a", 150)
        b = _ratio(web, "bb", 40)
        c = _ratio(web, "ccc", 90)
    return [a, b, c]


def aug_money_from_json_data(web: str) -> list[Any]:
    total = 0
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        total += len(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    print("total", total)
    return [total, _val(web, f"t{total}", 30)]


# =========================================================================== (3) stderr


class _PutStream:
    """A stream of ours: every line written is PUT to the server."""

    def __init__(self, web: str, key: str = "errlog") -> None:
        self.web, self.key = web, key

    def write(self, s: str) -> int:
        if s.strip():
            requests.put(f"{self.web}/items/{self.key}", data=s.strip())
        return len(s)

    def flush(self) -> None:
        pass


def stderr_assigned_in_function(web: str) -> list[str]:
    old = sys.stderr
    sys.stderr = _PutStream(web)
    try:
        a = _val(web, "a", 150)
        print("warn:", a, file=sys.stderr)
        b = _val(web, "errlog", 40)
    finally:
        sys.stderr = old
    return [a, b]


def _install_stream(web: str) -> Any:
    old = sys.stderr
    sys.stderr = _PutStream(web)
    return old


def stderr_set_by_helper(web: str) -> list[str]:
    old = _install_stream(web)
    try:
        a = _val(web, "a", 150)
        print("warn:", a, file=sys.stderr)
        b = _val(web, "errlog", 40)
    finally:
        sys.stderr = old
    return [a, b]


def stderr_redirect_cm(web: str) -> list[str]:
    with contextlib.redirect_stderr(_PutStream(web)):
        a = _val(web, "a", 150)
        print("warn:", a, file=sys.stderr)
        b = _val(web, "errlog", 40)
    return [a, b]


def stderr_print_plain(web: str) -> list[str]:
    a = _val(web, "a", 150)
    print("warn:", a, file=sys.stderr)
    b = _val(web, "errlog", 40)
    return [a, b]


def _warn(msg: str) -> None:
    print("warn:", msg, file=sys.stderr)


def stderr_helper_prints(web: str) -> list[str]:
    a = _val(web, "a", 150)
    _warn(a)
    b = _val(web, "errlog", 40)
    return [a, b]


ERRLOG = corpus_logger("redteam122.err")


def stderr_log_handler_default_stream(web: str) -> list[str]:
    a = _val(web, "a", 150)
    ERRLOG.warning("bad %s", a)
    b = _val(web, "errlog", 40)
    return [a, b]


def _drive_handler_on_stream(fn: Any, env: Env) -> Any:
    old = sys.stderr
    sys.stderr = _PutStream(env.web)
    handler = logging.StreamHandler()  # (its stream: sys.stderr now, the stream of ours)
    ERRLOG.addHandler(handler)
    try:
        return fn(env.web)
    finally:
        ERRLOG.removeHandler(handler)
        sys.stderr = old


def _drive_stream_before(fn: Any, env: Env) -> Any:
    old = sys.stderr
    sys.stderr = _PutStream(env.web)
    try:
        return fn(env.web)
    finally:
        sys.stderr = old


def _drive_stream_second_call(fn: Any, env: Env) -> Any:
    old = sys.stderr
    try:
        sys.stderr = io.StringIO()
        first = fn(env.web)
        sys.stderr = _PutStream(env.web)
        second = fn(env.web)
        return [first, second]
    finally:
        sys.stderr = old


class _PutIO(io.StringIO):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def write(self, s: str) -> int:
        if s.strip():
            requests.put(f"{self.web}/items/errlog", data=s.strip())
        return super().write(s)


def stderr_stringio_subclass(web: str) -> list[str]:
    old = sys.stderr
    sys.stderr = _PutIO(web)
    try:
        a = _val(web, "a", 150)
        print("warn:", a, file=sys.stderr)
        b = _val(web, "errlog", 40)
    finally:
        sys.stderr = old
    return [a, b]


class _RawPut(io.RawIOBase):
    def __init__(self, web: str) -> None:
        self.web = web

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        text = bytes(b).decode().strip()
        if text:
            requests.put(f"{self.web}/items/errlog", data=text)
        return len(b)


def stderr_textiowrapper_user_raw(web: str) -> list[str]:
    old = sys.stderr
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(_RawPut(web)), line_buffering=True)
    try:
        a = _val(web, "a", 150)
        print("warn:", a, file=sys.stderr, flush=True)
        b = _val(web, "errlog", 40)
    finally:
        sys.stderr = old
    return [a, b]


def stdout_print_between_overlaps(web: str) -> list[str]:
    a = _val(web, "a", 150)
    print("got", a, file=sys.stdout)
    b = _val(web, "b", 40)
    print("got", b, file=sys.stdout)
    c = _val(web, "c", 90)
    return [a, b, c]


# =========================================================================== (4) loops


def _slow(k: str, ms: int) -> str:
    time.sleep(ms / 1000)
    return k.upper()


def loop_sqlite_trace_callback_appends(conn: sqlite3.Connection, keys: list) -> list[str]:
    out = []
    for k, ms in keys:
        v = _slow(k, ms)
        with conn:
            conn.execute("INSERT INTO t VALUES (?)", (v,))
        out.append(v)
    return out + [r[0] for r in conn.execute("SELECT v FROM t ORDER BY rowid")]


def _traced(env: Env) -> tuple:
    keys = [("a", 150), ("b", 40), ("c", 90)]
    conn = env.own(sqlite3.connect(":memory:"))
    conn.execute("CREATE TABLE t (v TEXT)")

    def trace(sql: str) -> None:
        if sql == "COMMIT" and len(keys) == 3:
            keys.append(("z", 20))
    conn.set_trace_callback(trace)
    return (conn, keys)


def loop_sqlite_trigger_function_appends(conn: sqlite3.Connection, keys: list) -> list[str]:
    out = []
    for k, ms in keys:
        v = _slow(k, ms)
        with conn:
            conn.execute("INSERT INTO t VALUES (?)", (v,))
        out.append(v)
    return out


def _triggered(env: Env) -> tuple:
    keys = [("a", 150), ("b", 40), ("c", 90)]
    conn = env.own(sqlite3.connect(":memory:"))

    def note(v: str) -> int:
        if len(keys) == 3:
            keys.append(("y", 20))
        return 0
    conn.create_function("note", 1, note)
    conn.executescript("CREATE TABLE t (v TEXT); CREATE TABLE n (x INT);"
                       "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                       "INSERT INTO n VALUES (note(new.v)); END;")
    return (conn, keys)


WALKED: list = []


class _Res:
    def __init__(self, k: str) -> None:
        self.k = k

    def close(self) -> None:
        if len(WALKED) == 3:
            WALKED.append(("w", 20))


def loop_closing_user_close_appends(keys: list) -> list[str]:
    out = []
    for k, ms in keys:
        v = _slow(k, ms)
        with contextlib.closing(_Res(k)):
            out.append(v)
    return out


def _walked(env: Env) -> tuple:
    WALKED[:] = [("a", 150), ("b", 40), ("c", 90)]
    return (WALKED,)


def _more() -> None:
    if len(WALKED) == 3:
        WALKED.append(("v", 20))


def loop_exitstack_callback_appends(keys: list) -> list[str]:
    out = []
    for k, ms in keys:
        v = _slow(k, ms)
        with contextlib.ExitStack() as stack:
            stack.callback(_more)
            out.append(v)
    return out


def loop_open_append_param_list_overlaps(pairs: list, tmp: str) -> str:
    p = Path(tmp) / "log.txt"
    for k, ms in pairs:
        v = _slow(k, ms)
        with open(p, "a") as f:
            f.write(v + "\n")
    return p.read_text()


def _pairs_tmp(env: Env) -> tuple:
    return ([("a", 150), ("b", 40), ("c", 90)], str(env.tmp))


def loop_sqlite_own_connection_overlaps(pairs: list, tmp: str) -> list:
    db = str(Path(tmp) / "t.db")
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (v TEXT)")
    conn.close()
    for k, ms in pairs:
        v = _slow(k, ms)
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("INSERT INTO t VALUES (?)", (v,))
        conn.close()
    conn = sqlite3.connect(db)
    rows = [r[0] for r in conn.execute("SELECT v FROM t ORDER BY rowid")]
    conn.close()
    return rows


def loop_model_calls_open_append_overlaps(client: Any, pairs: list, tmp: str) -> str:
    p = Path(tmp) / "answers.txt"
    for q, lat in pairs:
        r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                           extra_body={"latency": lat})
        with open(p, "a") as f:
            f.write(r.choices[0].message.content[:20] + "\n")
    return p.read_text()


def _oa_pairs_tmp(env: Env) -> tuple:
    return (openai_client(env), [("one?", 0.15), ("two?", 0.04), ("three?", 0.09)], str(env.tmp))


class _Where:
    """A path-like of ours: asking its path grows the list walked."""

    def __init__(self, p: Path) -> None:
        self.p = p

    def __fspath__(self) -> str:
        if len(WALKED) == 3:
            WALKED.append(("u", 20))
        return str(self.p)


def loop_open_user_pathlike_appends(keys: list, where: Any) -> list[str]:
    out = []
    for k, ms in keys:
        v = _slow(k, ms)
        with open(where, "a") as f:
            f.write(v)
        out.append(v)
    return out


def _walked_where(env: Env) -> tuple:
    WALKED[:] = [("a", 150), ("b", 40), ("c", 90)]
    return (WALKED, _Where(env.tmp / "w.txt"))


# =========================================================================== (5) pools


def _tight(n: int) -> httpx.Client:
    return httpx.Client(limits=httpx.Limits(max_connections=n),
                        timeout=httpx.Timeout(5.0, pool=0.05))


def _through_two(a: httpx.Client, b: httpx.Client, web: str, k: str) -> str:
    x = a.get(f"{web}/items/{k}?ms=20").json()["value"]
    return x + b.get(f"{web}/items/{k}?ms=120").json()["value"]


def pool_helper_through_two_pools(web: str) -> list[str]:
    with _tight(2) as a, _tight(2) as b:
        first = b.get(f"{web}/items/f?ms=150").json()["value"]
        both = [_through_two(a, b, web, k) for k in ("p", "q", "r")]
        last = b.get(f"{web}/items/l?ms=100").json()["value"]
        return [first, *both, last]


def pool_helper_two_pools_reads_mixed(web: str) -> list[str]:
    with _tight(2) as a, _tight(3) as b:
        x = b.get(f"{web}/items/x?ms=150").json()["value"]
        y = _through_two(a, b, web, "y")
        z = b.get(f"{web}/items/z?ms=120").json()["value"]
        w = _through_two(a, b, web, "w")
        return [x, y, z, w]


def _inner(c: httpx.Client, web: str, k: str, ms: int) -> str:
    return c.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def _outer(c: httpx.Client, web: str, k: str, ms: int) -> str:
    return _inner(c, web, k, ms).upper()


def pool_nested_helpers_comprehension(web: str) -> list[str]:
    with _tight(2) as c:
        return [_outer(c, web, k, ms) for k, ms in (("a", 150), ("b", 100), ("c", 120))]


def _fan(c: httpx.Client, web: str, keys: str) -> list[str]:
    return [c.get(f"{web}/items/{k}?ms=120").json()["value"] for k in keys]


def pool_jitted_helper_fans_out(web: str) -> list[Any]:
    with _tight(2) as c:
        many = _fan(c, web, "abc")
        one = c.get(f"{web}/items/z?ms=120").json()["value"]
        return [many, one]


def pool_two_fanning_helpers(web: str) -> list[Any]:
    with _tight(3) as c:
        a = _fan(c, web, "ab")
        b = _fan(c, web, "cd")
        return [a, b]


def pool_fan_helper_in_comprehension(web: str) -> list[Any]:
    with _tight(3) as c:
        return [_fan(c, web, ks) for ks in ("ab", "cd", "ef")]



class _Api:
    def __init__(self) -> None:
        self.http = _tight(2)


API = _Api()


def _via_attr(web: str, k: str, ms: int) -> str:
    return API.http.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def pool_helper_via_global_attribute(web: str) -> list[str]:
    return [_via_attr(web, k, ms) for k, ms in (("a", 150), ("b", 100), ("c", 120), ("d", 110))]


def pool_stream_held_helpers(web: str) -> list[Any]:
    with _tight(2) as c, c.stream("GET", f"{web}/items/s?ms=10") as s:
        a = _inner(c, web, "a", 150)
        b = _inner(c, web, "b", 120)
        return [a, b, len(s.read())]


def pool_parallel_two_helpers(web: str) -> list[Any]:
    with _tight(2) as c:
        x = c.get(f"{web}/items/x?ms=150").json()["value"]
        both = xcs.parallel(lambda: _inner(c, web, "a", 100), lambda: _inner(c, web, "b", 120))
        return [x, list(both)]


def pool_mounted_bounded_transport(web: str) -> list[str]:
    mounts = {"http://": httpx.HTTPTransport(limits=httpx.Limits(max_connections=2))}
    with httpx.Client(mounts=mounts, timeout=httpx.Timeout(5.0, pool=0.05)) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("a", 150), ("b", 100), ("c", 120))]


POOLS = {"tight": _tight(2)}


def _via_dict(web: str, k: str, ms: int) -> str:
    return POOLS["tight"].get(f"{web}/items/{k}?ms={ms}").json()["value"]


def pool_helper_client_from_global_dict(web: str) -> list[str]:
    return [_via_dict(web, k, ms) for k, ms in (("a", 150), ("b", 100), ("c", 120))]


class _Store:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def fetch(self, web: str, k: str, ms: int) -> str:
        return self.http.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def pool_method_self_http(web: str) -> list[str]:
    with _tight(2) as c:
        store = _Store(c)
        return [store.fetch(web, k, ms) for k, ms in (("a", 150), ("b", 100), ("c", 120))]


def pool_of_four_helpers_overlap(web: str) -> list[str]:
    with httpx.Client(limits=httpx.Limits(max_connections=4),
                      timeout=httpx.Timeout(5.0, pool=0.05)) as c:
        return [_inner(c, web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _s(fn: Any, args: Any, ideal: float = 1.0, cat: str = "sleep", **kw: Any) -> Case:
    return Case(cat, fn, args=args, ideal=ideal, **kw)


ALL: list[Case] = [
    _w(drop_helper_annotated_str_if, cat="state"),
    _w(drop_helper_annotated_str_except, cat="state"),
    _w(drop_str_subclass_helper, cat="state"),
    _w(drop_int_subclass_helper, cat="state"),
    _w(drop_local_annotation_str, cat="state"),
    _w(drop_rebind_to_empty_str, cat="state"),
    _w(drop_rebind_to_fstring, cat="state"),
    _w(drop_fstring_of_user_format, cat="state"),
    _w(drop_str_call_of_user_str, cat="state"),
    _w(drop_format_builtin, cat="state"),
    _w(drop_in_loop_rebinding, cat="state"),
    _w(drop_walrus_binding, cat="state"),
    _w(drop_except_as_rebinds, cat="state"),
    _w(drop_data_joined_with_object, cat="state"),
    _w(drop_weakref_finalize_str_subclass, cat="state"),
    _w(drop_plain_str_fallback_overlaps, (0.03 + 0.15 + 0.04) / (0.03 + 0.15), overlap=2),
    _w(drop_json_data_if_overlaps, (0.03 + 0.15 + 0.04) / (0.03 + 0.15), overlap=2),
    _w(aug_helper_annotated_int, over(0.15, 0.04), cat="helpers"),
    _w(aug_list_items_loop, over(0.15, 0.04)),
    _w(aug_attribute_of_object, over(0.15, 0.04)),
    _w(aug_dataclass_field_int, over(0.15, 0.04)),
    _w(aug_str_subclass_radd, over(0.15, 0.04), cat="helpers"),
    _w(aug_int_subclass_radd, over(0.15, 0.04), cat="helpers"),
    _w(aug_numpy_scalar_overlaps, over(0.15, 0.04), overlap=2),
    _w(aug_decimal_overlaps, over(0.15, 0.04), overlap=2),
    _w(decimal_localcontext_in_helpers, over(0.15, 0.04, 0.09), cat="helpers"),
    _w(aug_money_from_json_data, (0.28 + 0.03) / (0.15 + 0.03), overlap=3),
    _w(stderr_assigned_in_function),
    _w(stderr_set_by_helper),
    _w(stderr_redirect_cm),
    _w(stderr_print_plain, over(0.15, 0.04), overlap=2),
    Case("http", stderr_print_plain, servers="web", drive=_drive_stream_before,
         name="stderr_stream_installed_by_caller"),
    Case("http", stderr_print_plain, servers="web", drive=_drive_stream_second_call,
         name="stderr_stream_changed_between_calls"),
    Case("http", stderr_helper_prints, servers="web", drive=_drive_stream_second_call,
         name="stderr_helper_stream_changed_between_calls"),
    Case("http", stderr_log_handler_default_stream, servers="web", drive=_drive_handler_on_stream),
    _w(stderr_stringio_subclass),
    _w(stderr_textiowrapper_user_raw),
    _w(stdout_print_between_overlaps, over(0.15, 0.04, 0.09), overlap=3),
    _s(loop_sqlite_trace_callback_appends, _traced, cat="db"),
    _s(loop_sqlite_trigger_function_appends, _triggered, cat="db"),
    _s(loop_closing_user_close_appends, _walked),
    _s(loop_exitstack_callback_appends, _walked),
    _s(loop_open_user_pathlike_appends, _walked_where, cat="files"),
    _s(loop_open_append_param_list_overlaps, _pairs_tmp, over(0.15, 0.04, 0.09), cat="files"),
    _s(loop_sqlite_own_connection_overlaps, _pairs_tmp, over(0.15, 0.04, 0.09), cat="db"),
    Case("sdk", loop_model_calls_open_append_overlaps, args=_oa_pairs_tmp, servers="api",
         ideal=over(0.15, 0.04, 0.09), overlap=3),
    _w(pool_helper_through_two_pools, 2.1, cat="clients"),
    _w(pool_helper_two_pools_reads_mixed, 2.3, cat="clients"),
    _w(pool_nested_helpers_comprehension, 1.68, cat="clients"),
    _w(pool_jitted_helper_fans_out, 2.0, cat="clients"),
    _w(pool_two_fanning_helpers, 2.0, cat="clients"),
    _w(pool_fan_helper_in_comprehension, 3.0, cat="clients"),
    _w(pool_helper_via_global_attribute, 1.85, cat="clients"),
    _w(pool_stream_held_helpers, cat="clients"),
    _w(pool_parallel_two_helpers, 1.23, cat="clients"),
    _w(pool_mounted_bounded_transport, 1.68, cat="clients"),
    _w(pool_helper_client_from_global_dict, 1.68, cat="clients"),
    _w(pool_method_self_http, 1.68, cat="clients"),
    _w(pool_of_four_helpers_overlap, over(0.15, 0.04, 0.09), cat="clients", overlap=3),
]

FIXED_WHY: dict[str, str] = {
    "drop_helper_annotated_str_if": "b = helper() (annotated -> str, returns an object whose "
        "__del__ PUTs) then b = None in an if: the annotation is trusted, so the drop is taken "
        "to run nothing and the GET after it started beside the earlier GET, before the PUT."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_helper_annotated_str_except": "as above with b = None in an except (int() of the "
        "value fails): the GET after the try was sent before the finaliser's PUT."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_str_subclass_helper": "a str subclass with __del__ returned by a helper annotated "
        "-> str: b = None is taken to drop a str; the GET read the key before the PUT."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_int_subclass_helper": "the same with an int subclass from a helper annotated -> int."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_fstring_of_user_format": "b = f'{k}' is typed str, but a lone f-string field gives "
        "what __format__ returned (a str subclass with __del__): b = None ran the PUT after "
        "the GET that follows it had been sent."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_str_call_of_user_str": "b = str(k) is typed str, but str() returns the str subclass "
        "__str__ gave (with __del__): the drop's PUT came after the hoisted GET."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_in_loop_rebinding": "b rebound in a loop to helper() -> str results (objects with "
        "__del__), then b = None: the GETs after it were sent before the last PUT."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "drop_weakref_finalize_str_subclass": "b holds a str subclass with a weakref.finalize "
        "that PUTs; b = None in an if is taken to drop a str (helper -> str) and the GET after "
        "it read before the finaliser's PUT."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "stderr_log_handler_default_stream": "a StreamHandler made while sys.stderr was a stream "
        "of ours holds that stream; the logging call is taken as ordered output (a handler to "
        "stderr) and the GET after it read the key before the stream's write PUT it."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "loop_sqlite_trace_callback_appends": "a sqlite3 connection handed in with a trace "
        "callback that appends to the walked list on COMMIT: `with conn:` in the body is "
        "taken to change nothing, the items were taken up front and the appended one never "
        "walked."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
    "loop_sqlite_trigger_function_appends": "the same with a Python function (create_function) "
        "run by a trigger on the INSERT: the list grows, the jitted loop walks 3 items not 4."
        " Fixed: the drop rule that took a str or data value to have no finaliser is withdrawn (its types come from annotations and converters that may give a subclass); a database's calls may run your code (walk_kept); a log handler's stream put in sys.stderr is checked as print's is.",
}

# Still differ, and are what docs/jit.md leaves out: an annotation is trusted as the exact
# type (a helper's ``-> str`` or ``-> int`` that gives a subclass of yours, or another object),
# and a drop by ``except ... as name`` is not covered.
FAILING_WHY: dict[str, str] = {
    "drop_rebind_to_empty_str": "b = '' (a constant: a drop) after b = helper() -> str that "
        "holds a str subclass with __del__: the GET after it read before the PUT.",
    "drop_rebind_to_fstring": "b = f'...' rebinding b, which held an object from a helper "
        "annotated -> str: held types are taken from the annotation (str), so no finaliser "
        "counts at the rebinding and the GET crossed it.",
    "drop_except_as_rebinds": "except ValueError as b rebinds b (dropping the object a "
        "helper gave, whose __del__ PUTs); an except-as binding is not seen as a store, so the "
        "GET after the try started beside the try's GET.",
    "aug_helper_annotated_int": "total += helper() (annotated -> int, returns a Money with "
        "__radd__ and a printing __format__): the name stays an int, so the GET whose f-string "
        "formats total started above the print and printed first.",
    "aug_str_subclass_radd": "key += helper() -> str giving a str subclass whose __radd__ "
        "(tried first, as a subclass's is) returns an object that prints when formatted: str "
        "+= str keeps key a str and its format ran before the print above the GET.",
    "aug_int_subclass_radd": "the same with n += helper() -> int giving an int subclass "
        "with __radd__.",
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
