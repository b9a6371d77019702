"""Red-team cases (stop 20): where the JIT got bolder, written to find where it is wrong.

Local servers that share this machine's files with the function (a directory served over
HTTP, a POST handler that writes a file or a SQLite database the function reads next);
`file:` URLs and logging to a file (file I/O spelled as network I/O or as output);
cached and table-dispatched callees, registries changed by the function itself;
decorators' wrappers that count, log, retry, time or cache; closures made in loops,
lambdas, nested defs.

The servers this module starts (`_LocalWeb`) are its own: they serve the run's directory,
so a case's value shows what they saw; they are closed with the run (`Env.own`).
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import sqlite3
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env, corpus_logger
from tests.xcs.libcorpus._web import tmp_web_args, value, web_args

# --------------------------------------------------------------------------- local servers


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the run's directory (GET); a POST to /files/<name> writes the body to the
    file <name> there, a POST to /db/<key> inserts (key, body) into ``srv.db`` there."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def do_POST(self) -> None:  # noqa: N802 - the base's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        time.sleep(0.05)  # the service works a while before it writes
        root = Path(self.directory)
        if self.path.startswith("/files/"):
            (root / self.path.removeprefix("/files/")).write_text(body)
        elif self.path.startswith("/db/"):
            with sqlite3.connect(root / "srv.db") as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT, value TEXT)")
                conn.execute("INSERT INTO kv VALUES (?, ?)", (self.path.removeprefix("/db/"),
                                                             body))
            conn.close()
        else:
            self.send_error(404)
            return
        data = json.dumps({"stored": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _LocalWeb:
    """A threading HTTP server on 127.0.0.1 serving `root`, closed with the run."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_Handler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _serve_tmp(env: Env) -> None:
    """Setup: a server of the run's directory; `env.local` is its URL."""
    env.local = env.own(_LocalWeb(env.tmp)).url  # type: ignore[attr-defined]


def _tmp_local(env: Env) -> tuple:
    return (str(env.tmp), env.local)  # type: ignore[attr-defined]


def _tmp_local_web(env: Env) -> tuple:
    return (str(env.tmp), env.local, env.web)  # type: ignore[attr-defined]



# --------------------------------------------------------------------------- (a) shared files




@xcs.effect("write", resource="any")
def publish(folder: str, name: str, text: str) -> None:
    """A write the local server will serve: declared a write of every world (docs/jit.md)."""
    (Path(folder) / name).write_text(text)


def write_then_get_served_file(folder: str, local: str) -> tuple[str, str]:
    (Path(folder) / "old.txt").write_text("old page")
    first = requests.get(f"{local}/old.txt").text
    publish(folder, "page.txt", "fresh page")
    second = requests.get(f"{local}/page.txt").text  # served from the file just written
    return first, second


def rewrite_then_get_served_file(folder: str, local: str) -> list[str]:
    publish(folder, "index.txt", "version 1")
    out = [requests.get(f"{local}/index.txt").text]
    publish(folder, "index.txt", "version 2")
    out.append(requests.get(f"{local}/index.txt").text)
    return out


@xcs.effect("write", resource="any")
def ask_service_to_write(local: str, path: str, text: str) -> int:
    """A POST whose service writes a local file: declared a write of every world."""
    return requests.post(f"{local}/{path}", data=text).status_code


def post_writes_file_then_read_locally(folder: str, local: str, web: str) -> tuple[str, str]:
    a = value(web, "pw")
    ask_service_to_write(local, "files/report.txt", "made by the service")
    text = (Path(folder) / "report.txt").read_text()  # the service wrote it
    return a, text


def post_writes_db_then_query(folder: str, local: str, web: str) -> tuple[str, list]:
    a = value(web, "pd")
    ask_service_to_write(local, "db/k1", "row one")
    conn = sqlite3.connect(Path(folder) / "srv.db")
    rows = conn.execute("SELECT key, value FROM kv").fetchall()
    conn.close()
    return a, rows


# The same without declarations (stop 20, H7): a read of a server on this machine never
# crosses a file or database write, and a file or database read never crosses a POST.


def served_file_written_plainly(folder: str, local: str) -> list[str]:
    page = Path(folder) / "index.txt"
    page.write_text("version 1")
    out = [requests.get(f"{local}/index.txt").text]
    page.write_text("version 2")
    out.append(requests.get(f"{local}/index.txt").text)
    return out


def post_writes_file_plainly_then_read(folder: str, local: str, web: str) -> tuple[str, str]:
    a = value(web, "pp")
    requests.post(f"{local}/files/report.txt", data="made by the service")
    return a, (Path(folder) / "report.txt").read_text()


def post_writes_db_plainly_then_query(folder: str, local: str, web: str) -> tuple[str, list]:
    a = value(web, "pq")
    requests.post(f"{local}/db/k2", data="row two")
    conn = sqlite3.connect(Path(folder) / "srv.db")
    rows = conn.execute("SELECT key, value FROM kv").fetchall()
    conn.close()
    return a, rows


def gets_of_a_served_log_between_appends(folder: str, local: str) -> list[str]:
    seen = []
    with open(Path(folder) / "log.txt", "a", buffering=1) as log:
        for key in ("a", "b", "c"):
            log.write(f"{key}\n")
            seen.append(requests.get(f"{local}/log.txt").text)
    return seen


def write_then_urlopen_file_url(folder: str, web: str) -> tuple[str, str]:
    # no server at all: a file: URL is this machine's storage, spelled as a URL
    note = Path(folder) / "note.txt"
    a = value(web, "fu")
    note.write_text("written first")
    with urllib.request.urlopen(note.as_uri()) as r:
        b = r.read().decode()
    return a, b


def log_to_file_then_read(folder: str, web: str) -> tuple[str, str]:
    log = logging.getLogger("redteam.filelog")
    handler = logging.FileHandler(Path(folder) / "app.log")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        a = value(web, "lf")
        log.info("fetched %s", a)
        handler.flush()
        text = (Path(folder) / "app.log").read_text()  # the line just logged
    finally:
        log.removeHandler(handler)
        handler.close()
    return a, text


def print_to_file_then_read(folder: str, web: str) -> tuple[str, str]:
    path = Path(folder) / "out.txt"
    with open(path, "w") as f:
        a = value(web, "pf")
        print("header", a, file=f)
    text = path.read_text()
    b = value(web, "pf2")
    return text, b


def file_object_write_then_path_read(folder: str, web: str) -> tuple[str, str, str]:
    path = Path(folder) / "data.txt"
    f = open(path, "w")  # noqa: SIM115 - the user's shape: open, write, close, read
    a = value(web, "fo1")
    f.write(f"line {a}\n")
    f.close()
    text = path.read_text()
    b = value(web, "fo2")
    return a, text, b


# --------------------------------------------------------------------------- (b) caches, tables


@functools.cache
def cached_value(base: str, key: str) -> str:
    return value(base, key)


def _clear(env: Env) -> None:
    cached_value.cache_clear()


def cache_clear_mid_run(base: str) -> tuple[list[str], int]:
    a = cached_value(base, "cc")
    requests.put(f"{base}/items/cc", data="changed")
    cached_value.cache_clear()
    b = cached_value(base, "cc")  # a miss after the clear: sees the PUT
    c = cached_value(base, "cd")
    return [a, b, c], cached_value.cache_info().misses


def put_value(base: str, key: str, data: str) -> int:
    return requests.put(f"{base}/items/{key}", data=data).json()["version"]


def post_value(base: str, key: str, data: str) -> int:
    return requests.post(f"{base}/items/{key}", data=data).json()["version"]


OPS: dict[str, Callable[..., Any]] = {"get": value, "put": put_value}


def _reset_ops(env: Env) -> None:
    OPS.clear()
    OPS.update(get=value, put=put_value)


def table_swapped_by_function(base: str) -> list[Any]:
    a = OPS["get"](base, "ts1")
    OPS["get"] = lambda b, k: str(post_value(b, k, "via-table"))  # now the "get" writes
    b = OPS["get"](base, "ts1")
    c = OPS["get"](base, "ts2")
    d = value(base, "ts1")  # must see the POST made through the table
    return [a, b, c, d]


def install_writer() -> None:
    OPS["get"] = lambda b, k: str(put_value(b, k, "installed"))


def table_swapped_by_helper(base: str) -> list[Any]:
    a = OPS["get"](base, "th1")
    install_writer()
    b = OPS["get"](base, "th1")
    c = value(base, "th1")
    return [a, b, c]


def getattr_dispatch(base: str) -> list[Any]:
    import tests.xcs.libcorpus.cases_redteam as mod

    out = []
    for name, key in (("value", "ga1"), ("put_value", "ga1"), ("value", "ga1"), ("value", "ga2")):
        fn = getattr(mod, name)
        out.append(fn(base, key) if name == "value" else fn(base, key, "by-name"))
    return out


HANDLERS = {
    "read": lambda base, key: value(base, key),
    "write": lambda base, key: put_value(base, key, "lam"),
}


def lambda_table_in_comprehension(base: str) -> list[Any]:
    plan = [("read", "lt"), ("write", "lt"), ("read", "lt"), ("read", "lu")]
    return [HANDLERS[kind](base, key) for kind, key in plan]


@functools.cache
def cached_post(base: str, key: str) -> int:
    return post_value(base, key, f"once-{key}")


def _clear_post(env: Env) -> None:
    cached_post.cache_clear()


def cached_write_then_read(base: str) -> list[Any]:
    a = value(base, "cw")
    n = cached_post(base, "cw")
    m = cached_post(base, "cw")  # a hit: no second POST
    b = value(base, "cw")  # sees the one POST
    return [a, n, m, b]


# --------------------------------------------------------------------------- (c) decorators

CALLS: list[str] = []


def _reset_calls(env: Env) -> None:
    CALLS.clear()


def counting(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        CALLS.append(f"{fn.__name__}{args[1:]}")
        return fn(*args, **kwargs)
    return wrapper


@counting
def counted_fetch(base: str, key: str) -> str:
    return value(base, key)


def decorated_helpers_counted(base: str) -> tuple[list[str], list[str]]:
    vals = [counted_fetch(base, k) for k in ("dc1", "dc2", "dc3")]
    return vals, list(CALLS)


def logged(fn: Callable[..., Any]) -> Callable[..., Any]:
    log = corpus_logger("redteam.logged")

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log.info("enter %s %s", fn.__name__, args[1:])
        try:
            return fn(*args, **kwargs)
        finally:
            log.info("leave %s %s", fn.__name__, args[1:])
    return wrapper


@logged
def logged_fetch(base: str, key: str) -> str:
    return value(base, key)


def decorated_helpers_logged(base: str) -> list[str]:
    a = logged_fetch(base, "dl1")
    b = logged_fetch(base, "dl2")
    return [a, b]


TIMES: list[tuple[str, bool]] = []


def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        TIMES.append((fn.__name__, time.perf_counter() - t0 > 0.02))
        return out
    return wrapper


@timed
def timed_fetch(base: str, key: str) -> str:
    return value(base, key)


def _reset_times(env: Env) -> None:
    TIMES.clear()


def decorated_helpers_timed(base: str) -> tuple[list[str], list]:
    # each timing covers its own call's wait, as in the plain run
    vals = [timed_fetch(base, k) for k in ("dt1", "dt2")]
    return vals, list(TIMES)


def retrying(times: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            last: Exception | None = None
            for _ in range(times):
                try:
                    return fn(*args, **kwargs)
                except requests.HTTPError as exc:
                    last = exc
                    requests.post(f"{args[0]}/items/retry-log", data=fn.__name__)
            raise RuntimeError(f"gave up: {type(last).__name__}")
        return wrapper
    return deco


@retrying(2)
def strict_fetch(base: str, key: str) -> str:
    r = requests.get(f"{base}/items/{key}")
    r.raise_for_status()
    return r.json()["value"]


def retried_helpers_with_writes(base: str) -> list[Any]:
    out: list[Any] = [strict_fetch(base, "rw1")]
    try:
        out.append(strict_fetch(base, "missing-rw"))
    except RuntimeError as exc:
        out.append(str(exc))
    out.append(strict_fetch(base, "rw2"))
    return out


def memoized(fn: Callable[..., Any]) -> Callable[..., Any]:
    memo: dict[tuple, Any] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        if args not in memo:
            memo[args] = fn(*args)
        return memo[args]
    wrapper.memo = memo  # type: ignore[attr-defined]
    return wrapper


@memoized
def memo_fetch(base: str, key: str) -> str:
    return value(base, key)


def _clear_memo(env: Env) -> None:
    memo_fetch.memo.clear()  # type: ignore[attr-defined]


def handwritten_memo_decorator(base: str) -> list[str]:
    return [memo_fetch(base, k) for k in ("hm1", "hm2", "hm1", "hm3", "hm2")]


class CallCounter:
    """A decorator class: counts calls and numbers the writes it makes."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.n = 0

    def __call__(self, *args: Any) -> Any:
        self.n += 1
        return self.n, self.fn(*args)


@CallCounter
def class_wrapped_fetch(base: str, key: str) -> str:
    return value(base, key)


def _reset_counter(env: Env) -> None:
    class_wrapped_fetch.n = 0


def class_decorator_counts(base: str) -> list[Any]:
    return [class_wrapped_fetch(base, k) for k in ("cd1", "cd2", "cd3")]


# --------------------------------------------------------------------------- (d) closures


def late_binding_lambdas(base: str) -> list[str]:
    getters = [lambda: value(base, k) for k in ("lb1", "lb2", "lb3")]  # noqa: B023 - on purpose
    return [g() for g in getters]  # every lambda sees the last key, as Python does


def closures_over_mutable_state(base: str) -> list[str]:
    state = {"key": "ms1"}

    def current() -> str:
        return value(base, state["key"])

    a = current()
    state["key"] = "ms2"
    b = current()
    state["key"] = "ms3"
    c = current()
    return [a, b, c]


def nonlocal_counter_in_urls(base: str) -> list[str]:
    n = 0

    def next_value() -> str:
        nonlocal n
        n += 1
        return value(base, f"nc{n}")

    return [next_value(), next_value(), next_value()]


def nested_defs_in_loop_with_writes(base: str) -> list[Any]:
    out = []
    for key in ("nd1", "nd2"):
        def save(k: str = key) -> int:
            return put_value(base, k, f"saved-{k}")

        def load(k: str = key) -> str:
            return value(base, k)

        out.append(save())
        out.append(load())
    return out


def closure_rebound_between_calls(base: str) -> list[Any]:
    def act(k: str) -> Any:
        return value(base, k)

    a = act("cr")
    b = act("cs")

    def act(k: str) -> Any:  # noqa: F811 - rebound on purpose: the same name now writes
        return put_value(base, k, "rebound")

    c = act("cr")
    d = value(base, "cr")
    return [a, b, c, d]


CASES = [
    # (a) servers that share the function's files: docs/jit.md states the assumption this
    # breaks (network reads may cross file writes and vice versa) and its fix, a write
    # declared of "any" resource, used here where the file and the server meet
    Case("files", write_then_get_served_file, args=_tmp_local, setup=_serve_tmp),
    Case("files", rewrite_then_get_served_file, args=_tmp_local, setup=_serve_tmp),
    Case("files", post_writes_file_then_read_locally, args=_tmp_local_web,
         setup=_serve_tmp, servers="web"),
    Case("db", post_writes_db_then_query, args=_tmp_local_web, setup=_serve_tmp,
         servers="web"),
    Case("files", served_file_written_plainly, args=_tmp_local, setup=_serve_tmp),
    Case("files", post_writes_file_plainly_then_read, args=_tmp_local_web,
         setup=_serve_tmp, servers="web"),
    Case("db", post_writes_db_plainly_then_query, args=_tmp_local_web, setup=_serve_tmp,
         servers="web"),
    Case("files", gets_of_a_served_log_between_appends, args=_tmp_local, setup=_serve_tmp),
    Case("files", write_then_urlopen_file_url, args=tmp_web_args, servers="web"),
    Case("files", log_to_file_then_read, args=tmp_web_args, servers="web"),
    Case("files", print_to_file_then_read, args=tmp_web_args, servers="web"),
    Case("files", file_object_write_then_path_read, args=tmp_web_args, servers="web"),
    # (b) caches and tables
    Case("state", cache_clear_mid_run, args=web_args, servers="web", setup=_clear),
    Case("rebind", table_swapped_by_function, args=web_args, servers="web", setup=_reset_ops),
    Case("rebind", table_swapped_by_helper, args=web_args, servers="web", setup=_reset_ops),
    Case("ensemble", getattr_dispatch, args=web_args, servers="web"),
    Case("ensemble", lambda_table_in_comprehension, args=web_args, servers="web"),
    Case("state", cached_write_then_read, args=web_args, servers="web", setup=_clear_post),
    # (c) decorators
    Case("where", decorated_helpers_counted, args=web_args, servers="web", setup=_reset_calls,
         ideal=3.0),
    Case("where", decorated_helpers_logged, args=web_args, servers="web"),
    Case("where", decorated_helpers_timed, args=web_args, servers="web", setup=_reset_times),
    Case("where", retried_helpers_with_writes, args=web_args, servers="web",
         speculative_reads=True),
    Case("state", handwritten_memo_decorator, args=web_args, servers="web", setup=_clear_memo),
    Case("where", class_decorator_counts, args=web_args, servers="web", setup=_reset_counter),
    # (d) closures, lambdas, nested defs
    Case("helpers", late_binding_lambdas, args=web_args, servers="web"),
    Case("helpers", closures_over_mutable_state, args=web_args, servers="web"),
    Case("helpers", nonlocal_counter_in_urls, args=web_args, servers="web"),
    Case("helpers", nested_defs_in_loop_with_writes, args=web_args, servers="web"),
    Case("rebind", closure_rebound_between_calls, args=web_args, servers="web"),
]
