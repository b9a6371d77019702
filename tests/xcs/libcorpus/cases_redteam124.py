"""Red-team cases (stop 124): the JIT's newest rules, where they are wrong or too narrow.

(1) Operators with effects: a `Decimal` or numpy value meeting an object of yours (its
``__radd__`` PUTs), numpy object arrays, ``np.errstate(call=...)``/``'raise'``, warnings
filters set to ``'error'``, decimal contexts with traps or a precision set by
``localcontext``, and such values reached without the analysis knowing their type (a
helper's result, a dict, a JSON ``parse_float`` hook).
(2) ``re``: a callable replacement that prints or PUTs, a ``None`` match, ``__index__`` and
``__hash__`` of a group's key, a pattern of a str subclass, regex on bytes.
(3) A loop over a list (dict, set) the function does not own whose body calls a database
that runs Python (functions, trace callbacks, authorizers, collations, adapters).
(4) A logging `StreamHandler` whose stream is a stream of yours put in ``sys.stderr``.
(5) Bounded httpx pools given through a transport, mounts, shared transports, streams.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import decimal
import io
import json
import logging
import re
import sqlite3
import sys
import warnings
from decimal import Decimal
from fractions import Fraction
from typing import Any

import httpx
import numpy as np
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam124")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def _get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


class Bump:
    """An object whose arithmetic PUTs a key (so a later GET of it sees the change)."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __add__(self, other: Any) -> Bump:
        requests.put(f"{self.web}/items/{self.key}", data=f"add-{other}")
        return self

    def __radd__(self, other: Any) -> Bump:
        requests.put(f"{self.web}/items/{self.key}", data=f"radd-{other}")
        return self

    def __mul__(self, other: Any) -> Bump:
        print("mul", self.key, other)
        return self

    __rmul__ = __mul__


def _errprint(kind: str, flag: int) -> None:
    print("numpy", kind)


def _np_one() -> Any:
    return np.float64(1.0)


def _np_zero() -> Any:
    return np.float64(0.0)


def _dec(s: str) -> Any:
    return Decimal(s)


BOX: dict[str, Any] = {"zero": np.float64(0.0), "third": Decimal(1) / Decimal(3)}


# =========================================================================== (1) operators


def np_object_array_add_puts(web: str) -> list[Any]:
    arr = np.array([Bump(web, "oa1")], dtype=object)
    slow = _get(web, "oa0", 150)
    arr = arr + 1
    after = requests.get(f"{web}/items/oa1?ms=40").json()["value"]
    return [slow, after, len(arr)]


def decimal_plus_user_radd_puts(web: str) -> list[Any]:
    d = Decimal("1.5")
    slow = _get(web, "dr0", 150)
    d + Bump(web, "dr1")
    after = requests.get(f"{web}/items/dr1?ms=40").json()["value"]
    return [slow, after]


def np_scalar_plus_user_radd_puts(web: str) -> list[Any]:
    x = np.float64(2.0)
    slow = _get(web, "nr0", 150)
    x + Bump(web, "nr1")
    after = requests.get(f"{web}/items/nr1?ms=40").json()["value"]
    return [slow, after]


def np_array_times_user_prints(web: str) -> list[Any]:
    arr = np.array([1, 2])
    print("start")
    a = _get(web, "nm0", 150)
    print("mid")
    arr * Bump(web, "nm1")
    b = _get(web, "nm1", 40)
    return [a, b]


def np_errcall_in_read_arg_helper_values(web: str) -> list[Any]:
    one, zero = _np_one(), _np_zero()
    with np.errstate(divide="call", call=_errprint):
        print("before")
        a = _get(web, "ea", 150)
        print("middle")
        b = requests.get(f"{web}/items/eb{one / zero}?ms=40").json()["value"]
    return [a, b]


def np_errcall_value_from_dict(web: str) -> list[Any]:
    with np.errstate(divide="call", call=_errprint):
        print("before")
        a = _get(web, "ed0", 150)
        print("middle")
        b = requests.get(f"{web}/items/ed{1.0 / BOX['zero']}?ms=40").json()["value"]
    return [a, b]


def np_errstate_raise_loop_puts(web: str) -> list[Any]:
    zero = _np_zero()
    out = []
    with np.errstate(divide="raise"):
        for k, ms in (("er1", 150), ("er2", 40), ("er3", 90)):
            v = _get(web, k, ms)
            requests.put(f"{web}/items/{k}", data=v.upper())
            out.append(len(v) / zero if k == "er2" else len(v))
    return out


def _ratio(web: str, k: str, ms: int, zero: Any) -> Any:
    v = _get(web, k, ms)
    return len(v) / zero


def np_errstate_raise_in_helper(web: str) -> list[Any]:
    zero = _np_zero()
    out = []
    with np.errstate(divide="raise"):
        for k, ms in (("eh1", 150), ("eh2", 40), ("eh3", 90)):
            try:
                out.append(str(_ratio(web, k, ms, zero)))
            except FloatingPointError as e:
                out.append(f"fpe {e}")
    return out


def np_warnings_error_in_helper(web: str) -> list[Any]:
    zero = BOX["zero"]
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for k, ms in (("we1", 150), ("we2", 40), ("we3", 90)):
            try:
                out.append(str(_ratio(web, k, ms, zero)))
            except RuntimeWarning as e:
                out.append(f"warn {e}")
    return out


def np_warning_order_with_prints(web: str) -> list[Any]:
    zero = _np_zero()
    out = []
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        for k, ms in (("wo1", 150), ("wo2", 40), ("wo3", 90)):
            print("item", k, len(got))
            out.append(str(_ratio(web, k, ms, zero)))
    return [out, len(got)]


def _scaled(web: str, k: str, ms: int, third: Any) -> str:
    v = _get(web, k, ms)
    return str(third * len(v))


def decimal_localcontext_prec_in_helper(web: str) -> list[str]:
    third = BOX["third"]
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        return [_scaled(web, k, ms, third) for k, ms in (("dp1", 150), ("dp2", 40), ("dp3", 90))]


def decimal_localcontext_known_type(web: str) -> list[str]:
    out = []
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        for k, ms in (("dk1", 150), ("dk2", 40), ("dk3", 90)):
            v = _get(web, k, ms)
            out.append(str(Decimal(len(v)) / Decimal(7)))
    return out


def decimal_trap_inexact_helper(web: str) -> list[str]:
    out = []
    third = _dec("1")
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.Inexact] = True
        for k, ms in (("dt1", 150), ("dt2", 40), ("dt3", 90)):
            try:
                out.append(_scaled(web, k, ms, third / 3 if k == "dt2" else third))
            except decimal.Inexact:
                out.append("inexact")
    return out


def decimal_flags_read_between(web: str) -> list[Any]:
    third = _dec("1")
    with decimal.localcontext() as ctx:
        a = _get(web, "df0", 150)
        seen = bool(ctx.flags[decimal.Inexact])
        b = requests.get(f"{web}/items/df{third / 3}?ms=40").json()["value"]
        return [a, seen, b[:6]]


def json_parse_float_decimal_ops(web: str) -> list[str]:
    conf = json.loads('{"rate": 0.1, "keys": [["jd1", 150], ["jd2", 40], ["jd3", 90]]}',
                      parse_float=Decimal)
    out = []
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        for k, ms in conf["keys"]:
            v = _get(web, k, ms)
            out.append(str(conf["rate"] / 7 * len(v)))
    return out


def fraction_of_decimal_overlap(web: str) -> list[str]:
    rate = Fraction(Decimal("0.25"))
    out = []
    for k, ms in (("fr1", 150), ("fr2", 40), ("fr3", 90)):
        v = _get(web, k, ms)
        out.append(str(rate * len(v)))
    return out


def decimal_float_operation_trap(web: str) -> list[Any]:
    d = _dec("2.5")
    out = []
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.FloatOperation] = True
        for k, ms in (("fo1", 150), ("fo2", 40), ("fo3", 90)):
            requests.put(f"{web}/items/{k}", data="x")
            v = _get(web, k, ms)
            out.append(d < 3.0 if k == "fo2" else v)
    return out


def np_plain_ops_overlap(web: str) -> float:
    vals = [len(_get(web, k, ms)) for k, ms in (("np1", 150), ("np2", 40), ("np3", 90))]
    arr = np.array(vals, dtype=float)
    return float((arr * 2).sum())


# =========================================================================== (2) re


def _tag(m: re.Match) -> str:
    print("repl", m.group(0))
    return m.group(0).upper()


class _PutRepl:
    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, m: re.Match) -> str:
        requests.put(f"{self.web}/items/rp", data="replaced")
        return m.group(0)


PAT = re.compile(r"[a-c]")


def re_sub_callable_repl_prints(web: str) -> list[str]:
    print("start")
    a = _get(web, "ra", 150)
    print("mid")
    b = requests.get(f"{web}/items/{re.sub('[a-c]', _tag, 'rb')}?ms=40").json()["value"]
    return [a, b]


def re_compiled_sub_callable_prints(web: str) -> list[str]:
    print("start")
    a = _get(web, "rc", 150)
    print("mid")
    b = requests.get(f"{web}/items/{PAT.sub(_tag, 'rc2')}?ms=40").json()["value"]
    return [a, b]


def re_sub_callable_object_puts(web: str) -> list[str]:
    before = _get(web, "rp", 150)
    after = requests.get(f"{web}/items/{PAT.sub(_PutRepl(web), 'rp')}?ms=40").json()["value"]
    return [before, after]


def re_subn_lambda_prints_in_loop(web: str) -> list[str]:
    out = []
    for k, ms in (("sa", 150), ("sb", 40), ("sc", 90)):
        print("item", k)
        key, n = re.subn(r"s", lambda m: print("hit") or "t", k)
        out.append(_get(web, key, ms) + str(n))
    return out


def re_match_none_in_loop_with_puts(web: str) -> list[str]:
    out = []
    for k, ms in (("m1", 150), ("mx", 40), ("m3", 90)):
        m = re.match(r"(\w)(\d)", k)
        v = requests.get(f"{web}/items/{m.group(1)}{m.group(2)}?ms={ms}").json()["value"]
        requests.put(f"{web}/items/{k}", data=v)
        out.append(v)
    return out


def re_search_none_fallback(web: str) -> list[str]:
    out = []
    for k, ms in (("n1", 150), ("xx", 40), ("n3", 90)):
        m = re.search(r"n(\d)", k)
        key = m.group(0) if m else "none"
        out.append(_get(web, key, ms))
    return out


class Idx:
    def __init__(self, n: int) -> None:
        self.n = n

    def __index__(self) -> int:
        print("index", self.n)
        return self.n


def re_group_user_index(web: str) -> list[str]:
    m = re.fullmatch(r"(g)(\d)", "g7")
    print("start")
    a = _get(web, "gi", 150)
    print("mid")
    b = requests.get(f"{web}/items/{m.group(Idx(2))}?ms=40").json()["value"]
    return [a, b]


class LoudKey(str):
    def __hash__(self) -> int:
        print("hash", str(self))
        return str.__hash__(self)


def re_group_by_loud_name(web: str) -> list[str]:
    m = re.search(r"(?P<name>h\d)", "xx h4 yy")
    print("start")
    a = _get(web, "gn", 150)
    print("mid")
    b = requests.get(f"{web}/items/{m.group(LoudKey('name'))}?ms=40").json()["value"]
    return [a, b]


def re_pattern_str_subclass(web: str) -> list[str]:
    re.purge()
    print("start")
    a = _get(web, "ps", 150)
    print("mid")
    m = re.search(LoudKey(r"p\d"), "ab p9 cd")
    b = requests.get(f"{web}/items/{m.group(0)}?ms=40").json()["value"]
    return [a, b]


def re_bytes_on_contents_overlap(web: str) -> list[str]:
    out = []
    for k, ms in (("by1", 150), ("by2", 40), ("by3", 90)):
        body = requests.get(f"{web}/items/{k}?ms={ms}").content
        m = re.search(rb'"value": ?"v-(\w+)"', body)
        out.append(m.group(1).decode() if m else "?")
    return out


def re_match_methods_chain_overlap(web: str) -> list[Any]:
    out = []
    for k, ms in (("ch1", 150), ("ch2", 40), ("ch3", 90)):
        v = _get(web, k, ms)
        m = re.fullmatch(r"v-(?P<w>[a-z]+)(?P<d>\d)", v)
        nxt = m.expand(r"\g<w>x\g<d>")
        out.append((m.span(), m.groupdict(), _get(web, nxt, ms)))
    return out


def re_findall_str_on_bytes_raises(web: str) -> list[str]:
    out = []
    for k, ms in (("fb1", 150), ("fb2", 40), ("fb3", 90)):
        body = requests.get(f"{web}/items/{k}?ms={ms}").content
        requests.put(f"{web}/items/{k}", data="seen")
        out.append(str(re.findall(r"v-", body if k == "fb2" else body.decode())))
    return out


# =========================================================================== (3) sqlite


def _db(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS t (k TEXT, v TEXT)")
    return conn


def loop_list_arg_db_function_appends(web: str, conn: sqlite3.Connection,
                                      todo: list) -> list[str]:
    out = []
    for k in todo:
        v = _get(web, k, 40)
        conn.execute("INSERT INTO t VALUES (grow(?), ?)", (k, v))
        out.append(v)
    return out


def _record(conn: sqlite3.Connection, k: str, v: str) -> None:
    conn.execute("INSERT INTO t VALUES (grow(?), ?)", (k, v))


def loop_list_arg_db_through_helper(web: str, conn: sqlite3.Connection,
                                    todo: list) -> list[str]:
    out = []
    for k in todo:
        v = _get(web, k, 40)
        _record(conn, k, v)
        out.append(v)
    return out


def loop_list_arg_cursor_made_before(web: str, conn: sqlite3.Connection,
                                     todo: list) -> list[str]:
    cur = conn.cursor()
    out = []
    for k in todo:
        v = _get(web, k, 40)
        cur.execute("INSERT INTO t VALUES (grow(?), ?)", (k, v))
        out.append(v)
    return out


def loop_list_arg_trace_callback(web: str, conn: sqlite3.Connection,
                                 todo: list) -> list[str]:
    out = []
    for k in todo:
        v = _get(web, k, 40)
        conn.execute("INSERT INTO t VALUES (?, ?)", (k, v))
        out.append(v)
    return out


def loop_enumerate_list_arg_db(web: str, conn: sqlite3.Connection,
                               todo: list) -> list[str]:
    out = []
    for i, k in enumerate(todo):
        v = _get(web, k, 40)
        conn.execute("INSERT INTO t VALUES (grow(?), ?)", (k, v))
        out.append(f"{i}{v}")
    return out


def loop_dict_arg_items_db(web: str, conn: sqlite3.Connection, todo: dict) -> list[str]:
    out = []
    for k, ms in todo.items():
        v = _get(web, k, ms)
        conn.execute("INSERT INTO t VALUES (growd(?), ?)", (k, v))
        out.append(v)
    return out


def loop_set_arg_db(web: str, conn: sqlite3.Connection, todo: set) -> list[str]:
    out = []
    for k in sorted(todo):
        v = _get(web, k, 40)
        conn.execute("INSERT INTO t VALUES (?, ?)", (k, v))
        out.append(v)
    for k in todo:
        conn.execute("INSERT INTO t VALUES (grows(?), ?)", (k, "x"))
    return out


class Key:
    def __init__(self, k: str) -> None:
        self.k = k


GLOBAL_TODO: list[str] = []


def _adapt_key(key: Key) -> str:
    if len(GLOBAL_TODO) < 4:
        GLOBAL_TODO.append(key.k + "z")
    return key.k


sqlite3.register_adapter(Key, _adapt_key)


def loop_global_list_own_conn_adapter(web: str, path: str) -> list[str]:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS t (k TEXT, v TEXT)")
    out = []
    for k in GLOBAL_TODO:
        v = _get(web, k, 40)
        conn.execute("INSERT INTO t VALUES (?, ?)", (Key(k), v))
        out.append(v)
    conn.close()
    return out


def loop_own_list_own_db_overlap(web: str, path: str) -> int:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (k TEXT, v TEXT)")
    keys = ["ow1", "ow2", "ow3"]
    for k, ms in zip(keys, (150, 40, 90), strict=True):
        v = _get(web, k, ms)
        conn.execute("INSERT INTO t VALUES (?, ?)", (k, v))
    conn.commit()
    n = conn.execute("SELECT count(*) FROM t").fetchone()[0]
    conn.close()
    return n


def loop_tuple_arg_db_overlap(web: str, conn: sqlite3.Connection,
                              todo: tuple) -> list[str]:
    out = []
    for k, ms in todo:
        v = _get(web, k, ms)
        conn.execute("INSERT INTO t VALUES (?, ?)", (k, v))
        out.append(v)
    return out


# drives for the sqlite cases: the connection's Python hooks reach the list walked


def _drive_grow(fn: Any, env: Env) -> Any:
    todo = ["g1", "g2"]
    conn = env.own(_db(str(env.tmp / "g.db")))

    def grow(k: str) -> str:
        if len(todo) < 4:
            todo.append(k + "x")
        return k
    conn.create_function("grow", 1, grow)
    return fn(env.web, conn, todo), todo


def _drive_trace(fn: Any, env: Env) -> Any:
    todo = ["t1", "t2"]
    conn = env.own(_db(str(env.tmp / "t.db")))

    def trace(sql: str) -> None:
        if sql.startswith("INSERT") and len(todo) < 4:
            todo.append(f"tr{len(todo)}")
    conn.set_trace_callback(trace)
    return fn(env.web, conn, todo), todo


def _drive_dict(fn: Any, env: Env) -> Any:
    todo = {"dd1": 150, "dd2": 40}
    conn = env.own(_db(str(env.tmp / "d.db")))

    def growd(k: str) -> str:
        if len(todo) < 3:
            todo[k + "x"] = 90
        return k
    conn.create_function("growd", 1, growd)
    return fn(env.web, conn, todo)


def _drive_set(fn: Any, env: Env) -> Any:
    todo = {"ss1", "ss2"}
    conn = env.own(_db(str(env.tmp / "s.db")))

    def grows(k: str) -> str:
        todo.add(k + "x")
        return k
    conn.create_function("grows", 1, grows)
    return fn(env.web, conn, todo)


def _drive_global(fn: Any, env: Env) -> Any:
    GLOBAL_TODO[:] = ["a1", "a2"]
    try:
        return fn(env.web, str(env.tmp / "a.db")), list(GLOBAL_TODO)
    finally:
        GLOBAL_TODO.clear()


def _drive_tuple(fn: Any, env: Env) -> Any:
    conn = env.own(_db(str(env.tmp / "u.db")))
    conn.create_function("grow", 1, lambda k: k)
    return fn(env.web, conn, (("tu1", 150), ("tu2", 40), ("tu3", 90)))


# =========================================================================== (4) logging


class PutStream(io.StringIO):
    """A StringIO of the user's whose write PUTs what it is given."""

    web = ""

    def write(self, s: str) -> int:
        if s.strip():
            requests.put(f"{self.web}/items/lg", data=s.strip())
        return super().write(s)


class PlainPutStream:
    web = ""

    def write(self, s: str) -> int:
        if s.strip():
            requests.put(f"{self.web}/items/lp", data=s.strip())
        return len(s)

    def flush(self) -> None:
        pass


L_SUB = logging.getLogger("rt124.sub")
L_PLAIN = logging.getLogger("rt124.plain")
L_LAST = logging.getLogger("rt124.last")


def log_to_user_stringio_stderr(web: str) -> list[str]:
    a = _get(web, "la", 150)
    L_SUB.warning("note %s", a)
    b = _get(web, "lg", 40)
    return [a, b]


def log_to_user_plain_stderr(web: str) -> list[str]:
    a = _get(web, "lb", 150)
    L_PLAIN.warning("note %s", a)
    b = _get(web, "lp", 40)
    return [a, b]


def log_last_resort_user_stderr(web: str) -> list[str]:
    a = _get(web, "lc", 150)
    L_LAST.warning("last %s", a)
    b = _get(web, "lg", 40)
    return [a, b]


def log_stderr_stringio_plain_overlap(web: str) -> list[str]:
    out = []
    for k, ms in (("lo1", 150), ("lo2", 40), ("lo3", 90)):
        v = _get(web, k, ms)
        L_SUB.info("got %s", v)
        out.append(v)
    return out


def _swap_stderr(stream: Any, logger: logging.Logger, handler: bool = True) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        if hasattr(type(stream), "web"):
            stream.web = env.web
        saved = sys.stderr
        sys.stderr = stream
        h = None
        try:
            if handler:
                h = logging.StreamHandler()
                logger.addHandler(h)
            logger.propagate = False
            logger.setLevel(logging.DEBUG)
            return fn(env.web)
        finally:
            sys.stderr = saved
            if h is not None:
                logger.removeHandler(h)
    drive.__name__ = f"drive_{logger.name}"
    return drive


# =========================================================================== (5) httpx pools


def pool_of_one_via_transport(web: str) -> list[str]:
    t = httpx.HTTPTransport(limits=httpx.Limits(max_connections=1))
    with httpx.Client(transport=t, timeout=httpx.Timeout(5.0, pool=0.05)) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("pt1", 150), ("pt2", 40), ("pt3", 90))]


def pool_of_two_via_mounts(web: str) -> list[str]:
    t = httpx.HTTPTransport(limits=httpx.Limits(max_connections=2))
    with httpx.Client(mounts={"all://": t}, timeout=httpx.Timeout(5.0, pool=0.05)) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("pm1", 150), ("pm2", 40), ("pm3", 90), ("pm4", 60))]


def pool_one_transport_two_clients(web: str) -> list[str]:
    t = httpx.HTTPTransport(limits=httpx.Limits(max_connections=2))
    a = httpx.Client(transport=t, timeout=httpx.Timeout(5.0, pool=0.05))
    b = httpx.Client(transport=t, timeout=httpx.Timeout(5.0, pool=0.05))
    out = [a.get(f"{web}/items/sa{i}?ms={ms}").json()["value"] for i, ms in ((1, 150), (2, 40))]
    out += [b.get(f"{web}/items/sb{i}?ms={ms}").json()["value"] for i, ms in ((1, 90), (2, 60))]
    a.close()
    b.close()
    return out


def pool_two_with_open_stream(web: str) -> list[str]:
    out = []
    with httpx.Client(limits=httpx.Limits(max_connections=2),  # noqa: SIM117 - as users write it
                      timeout=httpx.Timeout(5.0, pool=0.05)) as c:
        with c.stream("GET", f"{web}/items/st0?ms=10") as s:
            for k, ms in (("st1", 150), ("st2", 40), ("st3", 90)):
                out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            out.append(s.read().decode()[:20])
    return out


def pool_three_overlaps_two(web: str) -> list[str]:
    with httpx.Client(limits=httpx.Limits(max_connections=3), timeout=2.0) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("p31", 150), ("p32", 40), ("p33", 90), ("p34", 60))]


def pool_unbounded_overlaps(web: str) -> list[str]:
    with httpx.Client(limits=httpx.Limits(max_connections=None)) as c:
        return [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("pu1", 150), ("pu2", 40), ("pu3", 90))]


def _through(c: httpx.Client, web: str, k: str, ms: int) -> str:
    first = c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
    return c.get(f"{web}/items/{first}?ms=10").json()["value"]


def pool_helpers_via_transport(web: str) -> list[str]:
    t = httpx.HTTPTransport(limits=httpx.Limits(max_connections=2))
    with httpx.Client(transport=t, timeout=httpx.Timeout(5.0, pool=0.05)) as c:
        return [_through(c, web, k, ms) for k, ms in (("ph1", 150), ("ph2", 40), ("ph3", 90))]


def sdk_http_client_one_connection_transport(client: Any) -> list[str]:
    out = []
    for q in ("say a", "say b", "say c"):
        r = client.chat.completions.create(model="gpt-4o-mini",
                                           messages=[{"role": "user", "content": q}])
        out.append(r.choices[0].message.content)
    return out


def oa_one_conn(env: Env) -> tuple:
    import openai

    from tests.xcs.libcorpus._case import DUMMY_KEY
    t = httpx.HTTPTransport(limits=httpx.Limits(max_connections=1))
    hc = env.own(httpx.Client(transport=t, timeout=httpx.Timeout(5.0, pool=0.05)))
    return (env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
                                  http_client=hc)),)


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db(env: Env) -> tuple:
    return (env.web, str(env.tmp / "own.db"))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _db_case(fn: Any, drive: Any, ideal: float = 1.0) -> Case:
    return Case("db", fn, servers="web", drive=drive, ideal=ideal)


THREE = over(0.15, 0.04, 0.09)

ALL: list[Case] = [
    # (1) operators
    _w(np_object_array_add_puts, cat="state"),
    _w(decimal_plus_user_radd_puts, cat="state"),
    _w(np_scalar_plus_user_radd_puts, cat="state"),
    _w(np_array_times_user_prints, cat="state"),
    _w(np_errcall_in_read_arg_helper_values, over(0.15, 0.04), cat="state"),
    _w(np_errcall_value_from_dict, over(0.15, 0.04), cat="state"),
    _w(np_errstate_raise_loop_puts, cat="validation", speculative_reads=True),
    _w(np_errstate_raise_in_helper, THREE, cat="helpers"),
    _w(np_warnings_error_in_helper, THREE, cat="helpers"),
    _w(np_warning_order_with_prints, THREE, cat="helpers"),
    _w(decimal_localcontext_prec_in_helper, THREE, cat="helpers"),
    _w(decimal_localcontext_known_type, THREE, cat="state"),
    _w(decimal_trap_inexact_helper, THREE, cat="helpers"),
    _w(decimal_flags_read_between, over(0.15, 0.04), cat="state"),
    _w(json_parse_float_decimal_ops, THREE, cat="state"),
    _w(fraction_of_decimal_overlap, THREE, cat="state", overlap=3),
    _w(decimal_float_operation_trap, cat="validation"),
    _w(np_plain_ops_overlap, THREE, cat="fanout", overlap=3),
    # (2) re
    _w(re_sub_callable_repl_prints, over(0.15, 0.04)),
    _w(re_compiled_sub_callable_prints, over(0.15, 0.04)),
    _w(re_sub_callable_object_puts),
    _w(re_subn_lambda_prints_in_loop, THREE),
    _w(re_match_none_in_loop_with_puts, cat="validation", speculative_reads=True),
    _w(re_search_none_fallback, THREE, overlap=3),
    _w(re_group_user_index, over(0.15, 0.04)),
    _w(re_group_by_loud_name, over(0.15, 0.04)),
    _w(re_pattern_str_subclass, over(0.15, 0.04)),
    _w(re_bytes_on_contents_overlap, THREE, overlap=3),
    _w(re_match_methods_chain_overlap, THREE),
    _w(re_findall_str_on_bytes_raises, cat="validation", speculative_reads=True),
    # (3) sqlite
    _db_case(loop_list_arg_db_function_appends, _drive_grow),
    _db_case(loop_list_arg_db_through_helper, _drive_grow),
    _db_case(loop_list_arg_cursor_made_before, _drive_grow),
    _db_case(loop_list_arg_trace_callback, _drive_trace),
    _db_case(loop_enumerate_list_arg_db, _drive_grow),
    _db_case(loop_dict_arg_items_db, _drive_dict),
    _db_case(loop_set_arg_db, _drive_set),
    _db_case(loop_global_list_own_conn_adapter, _drive_global),
    Case("db", loop_own_list_own_db_overlap, args=web_db, servers="web", ideal=THREE),
    _db_case(loop_tuple_arg_db_overlap, _drive_tuple, ideal=THREE),
    # (4) logging
    _w(log_to_user_stringio_stderr, drive=_swap_stderr(PutStream(), L_SUB)),
    _w(log_to_user_plain_stderr, drive=_swap_stderr(PlainPutStream(), L_PLAIN)),
    _w(log_last_resort_user_stderr, drive=_swap_stderr(PutStream(), L_LAST, handler=False)),
    _w(log_stderr_stringio_plain_overlap, THREE, drive=_swap_stderr(io.StringIO(), L_SUB)),
    # (5) httpx pools
    _w(pool_of_one_via_transport, cat="clients"),
    _w(pool_of_two_via_mounts, 0.34 / 0.19, cat="clients"),
    _w(pool_one_transport_two_clients, cat="clients"),
    _w(pool_two_with_open_stream, cat="clients"),
    _w(pool_three_overlaps_two, (0.15 + 0.04 + 0.09 + 0.06) / 0.19, cat="clients"),
    _w(pool_unbounded_overlaps, THREE, cat="clients", overlap=3),
    _w(pool_helpers_via_transport, cat="clients"),
    Case("sdk", sdk_http_client_one_connection_transport, args=oa_one_conn, servers="api"),
]

# Still differ, and are what docs/jit.md leaves out: a value whose type is not known (the
# result of a call with no rule, ``np.array(...)``; a parameter) is taken as data, its
# operators running nothing. (An array's operators, where its type is known, have no rule.)
FAILING_WHY: dict[str, str] = {
    "np_object_array_add_puts": (
        "`arr + 1` on a numpy object array runs the items' `__add__` (here a PUT): `arr` is "
        "made by np.array, which has no rule, so its type is not known and its operators are "
        "taken as data; the later GET of that key is hoisted above it and reads the old value "
        "('v-oa1' instead of 'add-1')."),
    "np_warning_order_with_prints": (
        "A helper dividing by a numpy zero it got as an argument (type not known to the "
        "analysis) is taken as a pure read and run early for every item, so its "
        "RuntimeWarnings reach `catch_warnings(record=True)` before the loop's prints."),
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
