"""Red-team cases (stop 32), thirty-second part: the standard library's less common clients
and the user's code that libraries run on a read's path.

urllib openers with handlers of the user's (one that prints each response, one installed as
the global opener, one with ``debuglevel``), a ``Request`` subclass whose ``get_method`` is
the user's; ``http.client``'s debug prints under requests, a session whose cookie jar is
the user's, a query mapping and a URL object of the user's; ``open`` of a path-like of the
user's, with an ``opener=``, with a codec of the user's, under an audit hook;
``xmlrpc.client`` against a ``SimpleXMLRPCServer`` the case starts, and a "fluent" client
of the user's whose ``__getattr__`` answers every name; ``urllib3`` pools; SQLite with
functions, collations, converters and row factories of the user's feeding a loop, a trace
callback, a second connection; ``subprocess`` runs of this Python that write a file, PUT,
or read the environment; ``os.environ`` changed by ``del``; ``shelve`` on ``dbm.dumb``,
``pickle`` and ``csv`` files; ``warnings`` recorded; a weak reference's callback and a
``__del__`` that PUT (on ``del`` and on rebinding); an iterator of the user's whose
``__next__`` GETs; ``functools.cache`` on a helper that prints; logging filters, a
FileHandler set up beforehand, adapters, record factories and Logger subclasses that write.

Sibling helpers get unequal latencies (``?ms=``), slow first, so a schedule that overlaps
what must not overlap lets the faster one's effects come first. `FAILING` holds the cases
that differ or crash under jit, each with what differs.
"""

from __future__ import annotations

import codecs
import collections.abc
import csv
import dbm.dumb
import functools
import http.client
import http.cookiejar
import logging
import os
import pickle
import shelve
import sqlite3
import subprocess
import sys
import threading
import urllib.request
import warnings
import weakref
import xmlrpc.client
import xmlrpc.server
from pathlib import Path
from typing import Any

import requests
import urllib3

from tests.xcs.libcorpus._case import Case, Env, corpus_logger
from tests.xcs.libcorpus._web import tmp_web_args, web_args

SEEN: list[str] = []
LOG = corpus_logger("redteam32")

# Slow first, fast after: overlap lets the later helpers finish first.
SLOW_FAST = (("a1", 150), ("a2", 20), ("a3", 60))
# Their latencies over the slowest one's: what an ideal scheduler gains on three such reads.
_THREE = 230 / 150


def _reset(env: Env) -> None:
    SEEN.clear()


def url(base: str, key: str, ms: int) -> str:
    return f"{base}/items/{key}?ms={ms}"


def text_of(base: str, key: str, ms: int) -> str:
    return requests.get(url(base, key, ms)).json()["value"]


class _Closer:
    """Runs `fn` when the run's `Env` closes what it owns (a case's teardown)."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def close(self) -> None:
        self.fn()


# --------------------------------------------------------------------------- urllib openers


class PrintsResponses(urllib.request.BaseHandler):
    """A handler of the user's: prints each response's path as it arrives."""

    def http_response(self, req: urllib.request.Request, resp: Any) -> Any:
        print("response", req.selector.split("?")[0])
        return resp


def via_opener(opener: urllib.request.OpenerDirector, base: str, key: str, ms: int) -> str:
    return opener.open(f"{base}/items/{key}?ms={ms}").read().decode()


def opener_handler_prints_each_response(base: str) -> list[int]:
    opener = urllib.request.build_opener(PrintsResponses())
    return [opener.open(f"{base}/items/{k}?ms={ms}").status for k, ms in SLOW_FAST]


class LogsResponses(urllib.request.BaseHandler):
    def http_response(self, req: urllib.request.Request, resp: Any) -> Any:
        LOG.info("got %s", req.selector.split("?")[0])
        return resp


def _install_logging_opener(env: Env) -> None:
    _reset(env)
    urllib.request.install_opener(urllib.request.build_opener(LogsResponses()))
    env.own(_Closer(lambda: urllib.request.install_opener(None)))


def urlopen_text(base: str, key: str, ms: int) -> str:
    with urllib.request.urlopen(f"{base}/items/{key}?ms={ms}") as r:
        return r.read().decode()


def installed_opener_logs_each_response(base: str) -> list[str]:
    return [urlopen_text(base, k, ms) for k, ms in SLOW_FAST]


def plain_opener_three_reads(base: str) -> list[str]:
    opener = urllib.request.build_opener()
    return [via_opener(opener, base, k, ms) for k, ms in SLOW_FAST]


def debug_opener_three_reads(base: str) -> list[str]:
    opener = urllib.request.build_opener(urllib.request.HTTPHandler(debuglevel=1))
    out = [via_opener(opener, base, k, ms) for k, ms in SLOW_FAST]
    return [line[:6] for line in out]


class RecordedRequest(urllib.request.Request):
    """A Request of the user's: records each time urllib asks for its method."""

    def get_method(self) -> str:
        SEEN.append("method " + self.selector.split("?")[0])
        return super().get_method()


def request_subclass_get_method_records(base: str) -> list[Any]:
    a = urllib.request.urlopen(RecordedRequest(url(base, "rs1", 120))).read().decode()
    b = urllib.request.urlopen(RecordedRequest(url(base, "rs2", 20))).read().decode()
    return [a, b, list(SEEN)]


def opener_put_then_get(base: str) -> list[str]:
    opener = urllib.request.build_opener()
    first = via_opener(opener, base, "op0", 100)
    put = urllib.request.Request(f"{base}/items/op1", data=b"new", method="PUT")
    opener.open(put).read()
    after = via_opener(opener, base, "op1", 10)
    other = via_opener(opener, base, "op2", 30)
    return [first, after, other]


def status_or_code(base: str, path: str) -> str:
    try:
        with urllib.request.urlopen(f"{base}{path}") as r:
            return r.read().decode()
    except urllib.error.HTTPError as e:
        return f"HTTPError {e.code}"


def urlopen_errors_caught_in_helpers(base: str) -> list[str]:
    return [status_or_code(base, p) for p in
            ("/status/404?ms=150", "/items/ue1?ms=20", "/status/500?ms=60")]


# --------------------------------------------------------------------------- user code on requests' path


def _debug_print(*args: Any) -> None:
    """http.client's debug lines, less the headers (a Date differs between runs)."""
    if args and args[0] in ("send:", "reply:"):
        print(args[0], repr(args[1])[:28])


def _debug_lines(env: Env) -> None:
    _reset(env)
    http.client.print = _debug_print  # type: ignore[attr-defined]
    env.own(_Closer(lambda: delattr(http.client, "print")))


def _debug_http_client(env: Env) -> None:
    _debug_lines(env)
    http.client.HTTPConnection.debuglevel = 1
    env.own(_Closer(lambda: setattr(http.client.HTTPConnection, "debuglevel", 0)))


def request_line(base: str, key: str, ms: int) -> str:
    return requests.get(url(base, key, ms)).json()["value"]


def requests_with_http_client_debuglevel(base: str) -> list[str]:
    return [request_line(base, k, ms) for k, ms in SLOW_FAST]


class LoudJar(requests.cookies.RequestsCookieJar):
    """A cookie jar of the user's: prints when a response's cookies are taken."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        print("cookies from", request.get_full_url().split("/")[-1].split("?")[0])
        super().extract_cookies(response, request)


def with_session(s: requests.Session, base: str, key: str, ms: int) -> str:
    return s.get(url(base, key, ms)).json()["value"]


def session_cookie_jar_of_the_user(base: str) -> list[str]:
    with requests.Session() as s:
        s.cookies = LoudJar()
        return [with_session(s, base, k, ms) for k, ms in SLOW_FAST]


class LoudParams(collections.abc.Mapping):
    """Query parameters of the user's: records when requests walks them."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __getitem__(self, name: str) -> str:
        SEEN.append("param " + self.key)
        return self.key

    def __iter__(self) -> Any:
        return iter(["k"])

    def __len__(self) -> int:
        return 1


def slow_then_params(base: str, key: str, ms: int) -> str:
    first = requests.get(url(base, key, ms)).json()["value"]
    second = requests.get(f"{base}/items/q", params=LoudParams(first[2:])).url
    return first + " " + second.rsplit("?", 1)[-1]


def params_mapping_of_the_user(base: str) -> list[Any]:
    out = [slow_then_params(base, k, ms) for k, ms in SLOW_FAST]
    return [out, list(SEEN)]


class LoudURL:
    """A URL object of the user's: requests takes ``str()`` of it."""

    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def __str__(self) -> str:
        SEEN.append("url " + self.key)
        return f"{self.base}/items/{self.key}"


def slow_then_url_object(base: str, key: str, ms: int) -> str:
    first = requests.get(url(base, key, ms)).json()["value"]
    return first + requests.get(LoudURL(base, first[2:] + "u")).json()["value"]


def url_object_of_the_user(base: str) -> list[Any]:
    out = [slow_then_url_object(base, k, ms) for k, ms in SLOW_FAST]
    return [out, list(SEEN)]


class LoudPath:
    """A path-like object of the user's: ``open`` calls its ``__fspath__``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __fspath__(self) -> str:
        SEEN.append("fspath " + Path(self.path).name)
        return self.path


def slow_then_pathlike(folder: str, base: str, key: str, ms: int) -> str:
    first = requests.get(url(base, key, ms)).json()["value"]
    with open(LoudPath(os.path.join(folder, first[2:] + ".txt"))) as f:
        return first + f.read()


def _three_files(env: Env) -> None:
    _reset(env)
    for k, _ in SLOW_FAST:
        (env.tmp / f"{k}.txt").write_text(f"-{k}")


def pathlike_of_the_user_opened(folder: str, base: str) -> list[Any]:
    out = [slow_then_pathlike(folder, base, k, ms) for k, ms in SLOW_FAST]
    return [out, list(SEEN)]


def loud_opener(path: str, flags: int) -> int:
    SEEN.append("open " + os.path.basename(path))
    return os.open(path, flags)


def slow_then_open_with_opener(folder: str, base: str, key: str, ms: int) -> str:
    first = requests.get(url(base, key, ms)).json()["value"]
    with open(os.path.join(folder, first[2:] + ".txt"), opener=loud_opener) as f:
        return first + f.read()


def open_with_an_opener_of_the_user(folder: str, base: str) -> list[Any]:
    out = [slow_then_open_with_opener(folder, base, k, ms) for k, ms in SLOW_FAST]
    return [out, list(SEEN)]


AUDITED: list[str] = []  # the folder whose opens the audit hook reports, while a case runs


def _audit(event: str, args: tuple) -> None:
    if event == "open" and AUDITED and isinstance(args[0], str) \
            and args[0].startswith(AUDITED[0]):
        print("audit open", os.path.basename(args[0]))


sys.addaudithook(_audit)  # a process-wide hook of the user's (it cannot be removed)


def _audited_files(env: Env) -> None:
    _three_files(env)
    AUDITED[:] = [str(env.tmp)]
    env.own(_Closer(AUDITED.clear))


def slow_then_read_file(folder: str, base: str, key: str, ms: int) -> str:
    first = requests.get(url(base, key, ms)).json()["value"]
    with open(os.path.join(folder, first[2:] + ".txt")) as f:
        return first + f.read()


def audit_hook_reports_each_open(folder: str, base: str) -> list[str]:
    return [slow_then_read_file(folder, base, k, ms) for k, ms in SLOW_FAST]


def _loud_codec(name: str) -> codecs.CodecInfo | None:
    if name != "rt32_loud":
        return None
    utf8 = codecs.lookup("utf-8")

    class Decoder(codecs.IncrementalDecoder):
        def decode(self, data: bytes, final: bool = False) -> str:
            if data:
                SEEN.append("decode " + data.decode())
            return data.decode()

    return codecs.CodecInfo(utf8.encode, utf8.decode, name="rt32_loud",
                            incrementalencoder=utf8.incrementalencoder,
                            incrementaldecoder=Decoder)


codecs.register(_loud_codec)


def slow_then_open_with_codec(folder: str, base: str, key: str, ms: int) -> str:
    first = requests.get(url(base, key, ms)).json()["value"]
    with open(os.path.join(folder, first[2:] + ".txt"), encoding="rt32_loud") as f:
        return first + f.read()


def open_with_a_codec_of_the_user(folder: str, base: str) -> list[Any]:
    out = [slow_then_open_with_codec(folder, base, k, ms) for k, ms in SLOW_FAST]
    return [out, list(SEEN)]


# --------------------------------------------------------------------------- xmlrpc


class _RPC:
    """A small XML-RPC service on 127.0.0.1: a key-value store that logs each call."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.store: dict[str, str] = {}
        self.server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False,
                                                       allow_none=True)
        self.server.register_function(self.put, "put")
        self.server.register_function(self.get, "get")
        self.server.register_function(self.history, "history")
        self.server.register_multicall_functions()
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        host, port = self.server.server_address[:2]
        self.url = f"http://{host}:{port}/"

    def put(self, key: str, value: str) -> int:
        self.calls.append(f"put {key}")
        self.store[key] = value
        return len(self.store)

    def get(self, key: str) -> str:
        self.calls.append(f"get {key}")
        return self.store.get(key, f"none-{key}")

    def history(self) -> list[str]:
        return list(self.calls)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


_RPC_URL: list[str] = []


def _rpc_server(env: Env) -> None:
    _reset(env)
    rpc = env.own(_RPC())
    _RPC_URL[:] = [rpc.url]


def rpc_args(env: Env) -> tuple:
    return (_RPC_URL[0], env.web)


def xmlrpc_puts_what_gets_read(rpc: str, base: str) -> list[Any]:
    with xmlrpc.client.ServerProxy(rpc, allow_none=True) as p:
        a = text_of(base, "x1", 120)
        p.put("x1", a)
        b = text_of(base, "x2", 20)
        p.put("x2", b)
        return [p.get("x1"), p.get("x2"), p.history()]


def xmlrpc_multicall_between_gets(rpc: str, base: str) -> list[Any]:
    with xmlrpc.client.ServerProxy(rpc, allow_none=True) as p:
        first = text_of(base, "m1", 100)
        multi = xmlrpc.client.MultiCall(p)
        multi.put("m", first)
        multi.get("m")
        results = list(multi())
        last = text_of(base, "m2", 10)
        return [results, last, p.history()]


class Fluent:
    """A client of the user's whose attributes build the path: ``api.items(key, ms)``."""

    def __init__(self, base: str, path: tuple[str, ...] = ()) -> None:
        self._base, self._path = base, path

    def __getattr__(self, name: str) -> Fluent:
        return Fluent(self._base, (*self._path, name))

    def __call__(self, key: str, ms: int) -> str:
        where = "/".join(self._path)
        return requests.get(f"{self._base}/{where}/{key}?ms={ms}").json()["value"]


def fluent_client_of_the_user(base: str) -> list[str]:
    api = Fluent(base)
    a = api.items("fl1", 100)
    b = api.items("fl2", 10)
    return [a, b]


# --------------------------------------------------------------------------- urllib3


def pool_get(pool: urllib3.PoolManager, base: str, key: str, ms: int) -> str:
    return pool.request("GET", url(base, key, ms)).json()["value"]


def urllib3_pool_three_gets(base: str) -> list[str]:
    pool = urllib3.PoolManager()
    try:
        return [pool_get(pool, base, k, ms) for k, ms in SLOW_FAST]
    finally:
        pool.clear()


def urllib3_put_then_get_with_body(base: str) -> list[str]:
    pool = urllib3.PoolManager()
    a = pool.request("GET", url(base, "u1", 100)).json()["value"]
    pool.request("PUT", f"{base}/items/u1", body=b"put")
    b = pool.request("GET", url(base, "u1", 10), body=b"ignored").json()["value"]
    c = pool.request("GET", url(base, "u2", 40)).json()["value"]
    pool.clear()
    return [a, b, c]


# --------------------------------------------------------------------------- SQLite


def _table(env: Env) -> None:
    _reset(env)
    with sqlite3.connect(env.tmp / "t.db") as conn:
        conn.execute("CREATE TABLE t (k TEXT, ms INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", SLOW_FAST)
    conn.close()


def tagged(k: str) -> str:
    print("tag", k)
    return k


def sqlite_function_of_the_user_feeds_a_loop(folder: str, base: str) -> list[str]:
    conn = sqlite3.connect(os.path.join(folder, "t.db"))
    conn.create_function("tagged", 1, tagged)
    out = []
    for k, ms in conn.execute("SELECT tagged(k), ms FROM t ORDER BY rowid"):
        out.append(text_of(base, k, ms))
    conn.close()
    return out


def loud_collation(a: str, b: str) -> int:
    SEEN.append(f"cmp {a} {b}")
    return (a > b) - (a < b)


def sqlite_collation_of_the_user_feeds_a_loop(folder: str, base: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(folder, "t.db"))
    conn.create_collation("loud", loud_collation)
    out = []
    for k, ms in conn.execute("SELECT k, ms FROM t ORDER BY k COLLATE loud DESC"):
        out.append(text_of(base, k, ms))
    conn.close()
    return [out, len(SEEN) > 0]


def _typed_table(env: Env) -> None:
    _reset(env)
    with sqlite3.connect(env.tmp / "t.db") as conn:
        conn.execute("CREATE TABLE t (k KEYNAME, ms INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", SLOW_FAST)
    conn.close()


def convert_key(raw: bytes) -> str:
    print("convert", raw.decode())
    return raw.decode()


def _converted_table(env: Env) -> None:
    """The typed table, and the user's converter for its column type, registered for this
    case only: sqlite3's converters are the process's, and one of the user's makes every
    cursor's rows run the user's code (no loop over any cursor starts its calls early)."""
    _typed_table(env)
    sqlite3.register_converter("KEYNAME", convert_key)
    env.own(_Closer(lambda: sqlite3.converters.pop("KEYNAME", None)))


def sqlite_converter_of_the_user_feeds_a_loop(folder: str, base: str) -> list[str]:
    conn = sqlite3.connect(os.path.join(folder, "t.db"), detect_types=sqlite3.PARSE_DECLTYPES)
    out = []
    for k, ms in conn.execute("SELECT k, ms FROM t ORDER BY rowid"):
        out.append(text_of(base, k, ms))
    conn.close()
    return out


def printing_row(cursor: sqlite3.Cursor, row: tuple) -> tuple:
    print("row", row[0])
    return row


def sqlite_row_factory_of_the_user_feeds_a_loop(folder: str, base: str) -> list[str]:
    conn = sqlite3.connect(os.path.join(folder, "t.db"))
    conn.row_factory = printing_row
    out = []
    for k, ms in conn.execute("SELECT k, ms FROM t ORDER BY rowid"):
        out.append(text_of(base, k, ms))
    conn.close()
    return out


def sqlite_trace_callback_around_gets(folder: str, base: str) -> list[Any]:
    conn = sqlite3.connect(os.path.join(folder, "t.db"))
    conn.set_trace_callback(SEEN.append)
    out = [text_of(base, k, ms) for k, ms in SLOW_FAST]
    with conn:
        conn.executemany("INSERT INTO t VALUES (?, 0)", [(v,) for v in out])
    n = conn.execute("SELECT count(*) FROM t").fetchone()[0]
    conn.close()
    return [out, n, SEEN[:2]]


def sqlite_second_connection_sees_the_commit(folder: str, base: str) -> list[Any]:
    path = os.path.join(folder, "t.db")
    writer = sqlite3.connect(path)
    reader = sqlite3.connect(path)
    a = text_of(base, "s1", 120)
    with writer:
        writer.execute("INSERT INTO t VALUES (?, 1)", (a,))
    seen = reader.execute("SELECT count(*) FROM t").fetchone()[0]
    b = text_of(base, "s2", 20)
    writer.close()
    reader.close()
    return [a, seen, b]


def sqlite_row_objects_feed_a_loop(folder: str, base: str) -> list[str]:
    conn = sqlite3.connect(os.path.join(folder, "t.db"))
    conn.row_factory = sqlite3.Row
    out = []
    for row in conn.execute("SELECT k, ms FROM t ORDER BY rowid"):
        out.append(text_of(base, row["k"], row["ms"]))
    conn.close()
    return out


# --------------------------------------------------------------------------- processes and the environment


def subprocess_writes_what_is_read_next(folder: str, base: str) -> list[str]:
    path = os.path.join(folder, "child.txt")
    a = text_of(base, "p1", 100)
    subprocess.run([sys.executable, "-c", f"open({path!r}, 'w').write('from child')"],
                   check=True)
    with open(path) as f:
        made = f.read()
    return [a, made, text_of(base, "p2", 20)]


def subprocess_puts_then_get(base: str) -> list[str]:
    code = ("import urllib.request as u; u.urlopen(u.Request("
            f"{base + '/items/sp'!r}, data=b'child', method='PUT')).read()")
    a = text_of(base, "sp0", 80)
    subprocess.run([sys.executable, "-c", code], check=True)
    return [a, text_of(base, "sp", 10)]


ENV_KEY = "CORPUS_RT32_KEY"


def _env_reset(env: Env) -> None:
    _reset(env)
    saved = os.environ.pop(ENV_KEY, None)
    os.environ[ENV_KEY] = "e1"

    def restore() -> None:
        os.environ.pop(ENV_KEY, None)
        if saved is not None:
            os.environ[ENV_KEY] = saved
    env.own(_Closer(restore))


def env_keyed(base: str, ms: int) -> str:
    return text_of(base, os.environ.get(ENV_KEY, "unset"), ms)


def environ_deleted_between_reads(base: str) -> list[str]:
    a = env_keyed(base, 100)
    del os.environ[ENV_KEY]
    b = env_keyed(base, 10)
    return [a, b]


def subprocess_sees_the_environment(base: str) -> list[str]:
    a = text_of(base, "se1", 60)
    os.environ[ENV_KEY] = a
    out = subprocess.run([sys.executable, "-c",
                          f"import os; print(os.environ[{ENV_KEY!r}])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return [out, text_of(base, "se2", 10)]


# --------------------------------------------------------------------------- files of the standard library


def shelve_holds_what_was_read(folder: str, base: str) -> list[Any]:
    path = os.path.join(folder, "shelf")
    with shelve.Shelf(dbm.dumb.open(path, "c")) as db:
        for k, ms in SLOW_FAST:
            db[k] = text_of(base, k, ms)
    with shelve.Shelf(dbm.dumb.open(path, "r")) as db:
        return sorted(db.items())


def pickle_round_trip_between_gets(folder: str, base: str) -> list[Any]:
    path = os.path.join(folder, "state.pickle")
    a = text_of(base, "pk1", 100)
    with open(path, "wb") as f:
        pickle.dump({"a": a}, f)
    b = text_of(base, "pk2", 10)
    with open(path, "rb") as f:
        state = pickle.load(f)
    return [state, b]


def csv_rows_read_then_fetched(folder: str, base: str) -> list[str]:
    path = os.path.join(folder, "keys.csv")
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(SLOW_FAST)
    out = []
    with open(path, newline="") as f:
        for k, ms in csv.reader(f):
            out.append(text_of(base, k, int(ms)))
    return out


# --------------------------------------------------------------------------- warnings, weak references, finalisers


def warn_if_short(base: str, key: str, ms: int) -> str:
    v = text_of(base, key, ms)
    if len(v) < 5:
        warnings.warn(f"short {v}", stacklevel=1)
    return v


def warnings_recorded_between_reads(base: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = [warn_if_short(base, k, ms) for k, ms in SLOW_FAST]
    return [out, [str(w.message) for w in caught]]


class Token:
    """An object whose weak reference's callback writes to the server."""


def weakref_callback_puts(base: str) -> list[str]:
    tok = Token()
    ref = weakref.ref(tok, lambda _r: requests.put(f"{base}/items/wr", data="gone"))
    a = text_of(base, "wr0", 100)
    del tok
    b = text_of(base, "wr", 10)
    return [a, b, str(ref() is None)]


class Dropped:
    """A finaliser of the user's that writes to the server when the object goes."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __del__(self) -> None:
        requests.put(f"{self.base}/items/dd", data="finalised")


def del_finaliser_puts(base: str) -> list[str]:
    holder = Dropped(base)
    a = text_of(base, "dd0", 100)
    del holder
    b = text_of(base, "dd", 10)
    return [a, b]


def rebound_finaliser_puts(base: str) -> list[str]:
    holder = Dropped(base)
    a = text_of(base, "rb0", 100)
    holder = None
    b = text_of(base, "dd", 10)
    return [a, b, str(holder)]


# --------------------------------------------------------------------------- iterators and functools


class Pages:
    """An iterator of the user's whose ``__next__`` GETs a page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.todo = list(SLOW_FAST)

    def __iter__(self) -> Pages:
        return self

    def __next__(self) -> str:
        if not self.todo:
            raise StopIteration
        k, ms = self.todo.pop(0)
        print("page", k)
        return text_of(self.base, k, ms)


def iterator_next_gets_pages(base: str) -> list[str]:
    return [text_of(base, v + "x", 10) for v in Pages(base)]


@functools.cache
def cached_text(base: str, key: str, ms: int) -> str:
    print("fetch", key)
    return text_of(base, key, ms)


def cache_of_a_printing_helper(base: str) -> list[str]:
    return [cached_text(base, k, ms) for k, ms in (*SLOW_FAST, ("a1", 150))]


def _clear_cache(env: Env) -> None:
    _reset(env)
    cached_text.cache_clear()


# --------------------------------------------------------------------------- logging that writes


def _logger_with(name: str, env: Env, *, filt: Any = None, handler: Any = None) -> None:
    log = logging.getLogger(f"corpus.redteam32.{name}")
    if filt is not None:
        log.addFilter(filt)
    if handler is not None:
        log.addHandler(handler)

    def undo() -> None:
        if filt is not None:
            log.removeFilter(filt)
        if handler is not None:
            log.removeHandler(handler)
    env.own(_Closer(undo))


def _filter_puts(env: Env) -> None:
    def put_record(record: logging.LogRecord) -> bool:
        requests.put(f"{env.web}/items/flt", data=record.getMessage())
        return True
    _logger_with("filter", env, filt=put_record)


FILTER_LOG = logging.getLogger("corpus.redteam32.filter")


def log_filter_puts_then_get(base: str) -> list[str]:
    a = text_of(base, "f1", 100)
    FILTER_LOG.info("saw %s", a)
    b = text_of(base, "flt", 10)
    return [a, b]


def _handler_appends(env: Env) -> None:
    handler = logging.FileHandler(env.tmp / "audit.txt")  # configured at start-up
    _logger_with("appender", env, handler=handler)
    env.own(handler)


APPEND_LOG = logging.getLogger("corpus.redteam32.appender")


def log_handler_appends_then_file_read(folder: str, base: str) -> list[str]:
    a = text_of(base, "h1", 100)
    APPEND_LOG.warning("saw %s", a)
    lines = Path(folder, "audit.txt").read_text().splitlines()
    return [a, *lines]


class PuttingAdapter(logging.LoggerAdapter):
    """An adapter of the user's whose ``process`` writes to the server."""

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        requests.put(f"{self.extra['base']}/items/adp", data=str(msg))
        return msg, kwargs


def log_adapter_process_puts_then_get(base: str) -> list[str]:
    adapter = PuttingAdapter(LOG, {"base": base})
    a = text_of(base, "ad1", 100)
    adapter.info("adapted %s", a)
    b = text_of(base, "adp", 10)
    return [a, b]


def _record_factory(env: Env) -> None:
    _reset(env)
    old = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = old(*args, **kwargs)
        requests.put(f"{env.web}/items/fac", data=record.getMessage())
        return record
    logging.setLogRecordFactory(factory)
    env.own(_Closer(lambda: logging.setLogRecordFactory(old)))


def log_record_factory_puts_then_get(base: str) -> list[str]:
    a = text_of(base, "rf1", 100)
    LOG.info("made %s", a)
    b = text_of(base, "fac", 10)
    return [a, b]


class PuttingLogger(logging.Logger):
    def makeRecord(self, *args: Any, **kwargs: Any) -> logging.LogRecord:  # noqa: N802
        record = super().makeRecord(*args, **kwargs)
        requests.put(f"{WEB[0]}/items/mk", data=record.getMessage())
        return record


WEB: list[str] = [""]
MAKING_LOG = PuttingLogger("corpus.redteam32.making")
MAKING_LOG.parent = logging.getLogger("corpus")


def _web_global(env: Env) -> None:
    _reset(env)
    WEB[0] = env.web


def logger_subclass_make_record_puts(base: str) -> list[str]:
    a = text_of(base, "mk1", 100)
    MAKING_LOG.info("made %s", a)
    b = text_of(base, "mk", 10)
    return [a, b]


# --------------------------------------------------------------------------- the cases


def _web(fn: Any, ideal: float, setup: Any = _reset, cat: str = "clients", args: Any = web_args,
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web", setup=setup, ideal=ideal, **kw)


def _tmp(fn: Any, ideal: float, setup: Any = _reset, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=tmp_web_args, servers="web", setup=setup, ideal=ideal, **kw)


# Ideals: reads whose path runs no code of the user's overlap (_THREE for three helpers of
# 150, 20 and 60 ms); where the user's code runs inside each call (a handler, a jar, a
# record factory), or a write separates two reads, a sound schedule keeps them in order:
# 1.0, or (slow + fast) / slow where the fast read may start with the slow one. A helper
# whose slow GET runs no code of the user's, followed by a call that does, may have the GETs
# in flight together and the rest in order: _THREE (a file after it), 380 / 300 (a second
# GET of 50 ms after it).
_SECOND = 380 / 300

CASES: list[Case] = [
    _web(plain_opener_three_reads, _THREE, cat="http"),
    _web(urlopen_errors_caught_in_helpers, _THREE, cat="http"),
    _web(opener_put_then_get, 1.0, cat="http"),
    _web(debug_opener_three_reads, 1.0, setup=_debug_lines, cat="http"),
    _web(request_subclass_get_method_records, 1.0, cat="http"),
    _web(urllib3_pool_three_gets, _THREE),
    _web(urllib3_put_then_get_with_body, 1.0),
    _tmp(sqlite_function_of_the_user_feeds_a_loop, 1.0, setup=_table, cat="db"),
    _tmp(sqlite_collation_of_the_user_feeds_a_loop, 1.0, setup=_table, cat="db"),
    _tmp(sqlite_converter_of_the_user_feeds_a_loop, 1.0, setup=_converted_table, cat="db"),
    _tmp(sqlite_row_factory_of_the_user_feeds_a_loop, 1.0, setup=_table, cat="db"),
    _tmp(sqlite_trace_callback_around_gets, _THREE, setup=_table, cat="db"),
    _tmp(sqlite_second_connection_sees_the_commit, 140 / 120, setup=_table, cat="db"),
    _tmp(sqlite_row_objects_feed_a_loop, _THREE, setup=_table, cat="db"),
    _tmp(subprocess_writes_what_is_read_next, 1.0),
    _web(subprocess_puts_then_get, 1.0, cat="state"),
    _web(environ_deleted_between_reads, 1.0, setup=_env_reset, cat="state"),
    _web(subprocess_sees_the_environment, 1.0, setup=_env_reset, cat="state"),
    _tmp(shelve_holds_what_was_read, _THREE),
    _tmp(pickle_round_trip_between_gets, 110 / 100),
    _tmp(csv_rows_read_then_fetched, _THREE),
    _web(warnings_recorded_between_reads, _THREE, cat="helpers"),
    _web(weakref_callback_puts, 1.0, cat="where"),
    _web(del_finaliser_puts, 1.0, cat="where"),
    _web(iterator_next_gets_pages, 1.0, cat="helpers"),
    _web(cache_of_a_printing_helper, 1.0, setup=_clear_cache, cat="helpers"),
    # Fixed (the rules look at what the library runs: `_rules`, `_packages`): an opener
    # whose handlers are not all urllib's own, one installed by install_opener; a logger
    # with a filter, a FileHandler or the user's handler up its chain, an adapter
    # subclass, a record factory, a Logger subclass; http.client's debuglevel under
    # requests, a session's cookie jar of the user's, a query mapping of the user's;
    # open() with an opener= or a codec of the user's. Each runs in place, in order.
    _web(opener_handler_prints_each_response, 1.0, cat="http"),
    _web(installed_opener_logs_each_response, 1.0, setup=_install_logging_opener, cat="http"),
    _web(log_filter_puts_then_get, 1.0, setup=_filter_puts, cat="state"),
    _tmp(log_handler_appends_then_file_read, 1.0, setup=_handler_appends, cat="state"),
    _web(log_adapter_process_puts_then_get, 1.0, cat="state"),
    _web(log_record_factory_puts_then_get, 1.0, setup=_record_factory, cat="state"),
    _web(logger_subclass_make_record_puts, 1.0, setup=_web_global, cat="state"),
    _web(requests_with_http_client_debuglevel, 1.0, setup=_debug_http_client),
    _web(session_cookie_jar_of_the_user, 1.0),
    _web(params_mapping_of_the_user, _SECOND),
    _tmp(open_with_an_opener_of_the_user, _THREE, setup=_three_files),
    _tmp(open_with_a_codec_of_the_user, _THREE, setup=_three_files),
    # Fixed (a jitted wrapper is known by the function's own attributes, never getattr): a
    # ServerProxy's method, or a client whose __getattr__ answers every name, crashed the
    # analysis (TypeError "unsupported operand type(s) for &: '_Method' and 'int'").
    _web(xmlrpc_puts_what_gets_read, 1.0, setup=_rpc_server, args=rpc_args),
    _web(xmlrpc_multicall_between_gets, 1.0, setup=_rpc_server, args=rpc_args),
    _web(fluent_client_of_the_user, 110 / 100),
    # Differed until stop 34: in a helper's body the analysis gave the rule no value for
    # ``LoudURL(...)`` or ``LoudPath(...)`` (`ANY`); it now stands for an object of the
    # user's class (`UsersObject`), which the rule refuses. requests' ``str()`` of the URL
    # and open()'s ``__fspath__`` had recorded in the order the helpers' GETs ended.
    _web(url_object_of_the_user, _SECOND),
    _tmp(pathlike_of_the_user_opened, _THREE, setup=_three_files),
]

# Differ or crash under jit (stop 32); not in CASES until fixed.
FAILING: list[Case] = [
    # The GET of "dd" moves above `holder = None`, whose finaliser PUTs "dd": the value is
    # 'v-dd', not 'finalised' (docs/jit.md lists "an object dropped by rebinding its name
    # rather than by del" as not covered; `del holder` is, see del_finaliser_puts).
    _web(rebound_finaliser_puts, 1.0, cat="where"),
    # An audit hook (sys.addaudithook) reports each open from the thread the read runs
    # on: hooks cannot be listed (nor removed), so no rule can see one; every open(),
    # urlopen and socket call raises audit events. Not covered (for docs/jit.md to say).
    _tmp(audit_hook_reports_each_open, _THREE, setup=_audited_files),
]
