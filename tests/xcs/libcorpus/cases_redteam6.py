"""Red-team cases (stop 21), sixth part: the same hidden calls in other worlds (files,
SQLite, sockets, executors, SDK message lists), spacing written as a context manager or a
limiter object, functions called again with state kept between calls, and exceptions
leaving blocks whose exits write.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import socket
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, anthropic_client, corpus_logger, openai_client
from tests.xcs.libcorpus._web import checked, put, tmp_web_args, value, web_args

# --------------------------------------------------------------------------- files


def file_closed_by_del_then_read(folder: str, base: str) -> list[str]:
    f = open(f"{folder}/d.txt", "w")  # noqa: SIM115 - closed by `del`, as some code does
    f.write(value(base, "fd"))
    del f  # the last reference: the file is flushed and closed here
    return [Path(f"{folder}/d.txt").read_text(), value(base, "fd2")]


def file_closed_by_rebinding_then_read(folder: str, base: str) -> list[str]:
    f = open(f"{folder}/r.txt", "w")  # noqa: SIM115
    f.write(value(base, "rb"))
    f = None  # dropped: flushed and closed
    return [Path(f"{folder}/r.txt").read_text(), str(f)]


def lines_to(path: str, base: str, keys: list[str]) -> Iterator[str]:
    with open(path, "a") as f:
        for k in keys:
            f.write(value(base, k) + "\n")
            f.flush()
            yield k


def generator_appends_to_file_then_read(folder: str, base: str) -> list[Any]:
    path = f"{folder}/g.txt"
    got = [k for k in lines_to(path, base, ["g1", "g2"])]
    return [got, Path(path).read_text(), value(base, "g3")]


class LineFile(logging.Handler):
    """A handler of the user's own that appends each record to a file."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        with open(self.path, "a") as f:
            f.write(record.getMessage() + "\n")


def own_log_handler_file_then_read(folder: str, base: str) -> list[str]:
    log = corpus_logger("redteam6.file")
    handler = LineFile(f"{folder}/own.log")
    log.addHandler(handler)
    try:
        a = value(base, "oh1")
        log.info("got %s", a)
        text = Path(f"{folder}/own.log").read_text()
    finally:
        log.removeHandler(handler)
    return [a, text]


def stream_handler_on_open_file_then_read(folder: str, base: str) -> list[str]:
    log = corpus_logger("redteam6.stream")
    out = open(f"{folder}/stream.log", "w", buffering=1)  # noqa: SIM115 - line-buffered
    handler = logging.StreamHandler(out)
    log.addHandler(handler)
    try:
        a = value(base, "sh1")
        log.warning("got %s", a)
        text = Path(f"{folder}/stream.log").read_text()
    finally:
        log.removeHandler(handler)
        out.close()
    return [a, text]


def _lines_file(env: Env) -> None:
    (env.tmp / "keys.txt").write_text("k1\nk2\n")


def loop_over_file_lines_appends_to_it(folder: str, base: str) -> list[str]:
    out = []
    with open(f"{folder}/keys.txt") as f:
        for line in f:
            k = line.strip()
            out.append(value(base, k))
            if not k.startswith("again-"):
                with open(f"{folder}/keys.txt", "a") as g:
                    g.write(f"again-{k}\n")  # plain: the loop reads these lines too
    return out


# --------------------------------------------------------------------------- SQLite


def connection_context_commits_then_other_reads(folder: str, base: str) -> list[Any]:
    db = f"{folder}/c.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (k TEXT)")
    conn.commit()
    with conn:  # commits on exit
        conn.execute("INSERT INTO t VALUES (?)", (value(base, "cc1"),))
    other = sqlite3.connect(db)
    rows = other.execute("SELECT k FROM t").fetchall()
    other.close()
    conn.close()
    return [rows, value(base, "cc2")]


def two_cursors_lazy_select_and_update(base: str) -> list[Any]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT)")
    conn.executemany("INSERT INTO t (k) VALUES (?)", [("u1",), ("u2",), ("u3",)])
    reader, writer = conn.cursor(), conn.cursor()
    out = []
    for rid, k in reader.execute("SELECT id, k FROM t"):
        out.append(value(base, k))
        writer.execute("UPDATE t SET k = k || '-seen' WHERE id = ?", (rid + 1,))
    conn.close()
    return out


def sql_function_that_prints(base: str) -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.create_function("tag", 1, lambda k: print("tag", k) or f"t-{k}")
    conn.execute("CREATE TABLE t (k TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("q1",), ("q2",)])
    out = []
    for (k,) in conn.execute("SELECT tag(k) FROM t"):
        out.append(value(base, k))
        print("fetched", k)
    conn.close()
    return out


def cursor_row_factory_that_prints(base: str) -> list[str]:
    conn = sqlite3.connect(":memory:")

    def loud(cur: Any, row: tuple) -> str:
        print("row", row[0])
        return row[0]

    conn.row_factory = loud
    conn.execute("CREATE TABLE t (k TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("rf1",), ("rf2",)])
    out = [value(base, k) for k in conn.execute("SELECT k FROM t")]
    print("done")
    conn.close()
    return out


# --------------------------------------------------------------------------- sockets


class LineClient:
    """A line-protocol client that says goodbye (a SET) when the block ends."""

    def __init__(self, addr: tuple[str, int]) -> None:
        self.sock = socket.create_connection(addr)
        self.file = self.sock.makefile("rwb")

    def ask(self, line: str) -> str:
        self.file.write((line + "\n").encode())
        self.file.flush()
        return self.file.readline().decode().strip()

    def __enter__(self) -> LineClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.ask("SET bye yes")
        self.file.close()
        self.sock.close()


def socket_client_exit_writes_then_new_read(addr: tuple[str, int]) -> list[str]:
    with LineClient(addr) as c:
        a = c.ask("GET s1")
    with LineClient(addr) as d:
        b = d.ask("GET bye")  # the first client's exit SET came first
    return [a, b]


# --------------------------------------------------------------------------- executors and threads


def executor_exit_waits_for_a_write(base: str) -> list[str]:
    first = value(base, "ex0")
    with ThreadPoolExecutor(max_workers=2) as ex:
        ex.submit(put, base, "ex1", "done")
    return [first, value(base, "ex1")]  # the with waited for the PUT


def executor_map_writes_then_read(base: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:  # one worker: the PUTs go in order
        versions = sorted(ex.map(lambda k: put(base, k, "mapped"), ["em1", "em2"]))
    return [len(versions), value(base, "em2")]


# --------------------------------------------------------------------------- spacing in objects


@contextlib.contextmanager
def spaced(gap: float) -> Iterator[None]:
    yield
    time.sleep(gap)


def rate_limit_as_context_manager(base: str) -> list[str]:
    out = []
    for k in ("rl1", "rl2", "rl3"):
        with spaced(0.1):
            out.append(value(base, k))
    return out


class Limiter:
    """Sleeps before each call (a fixed gap: a rate limit)."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.calls = 0

    def wait(self) -> None:
        if self.calls:
            time.sleep(self.gap)
        self.calls += 1


def rate_limit_as_limiter_object(base: str) -> list[str]:
    limiter = Limiter(0.1)
    out = []
    for k in ("lo1", "lo2", "lo3"):
        limiter.wait()
        out.append(value(base, k))
    return out


def limited(gap: float) -> Any:
    def deco(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any) -> Any:
            time.sleep(gap)
            return fn(*args)
        return wrapper
    return deco


@limited(0.1)
def slow_value(base: str, key: str) -> str:
    return value(base, key)


def rate_limit_as_decorator_in_comprehension(base: str) -> list[str]:
    return [slow_value(base, k) for k in ("ld1", "ld2", "ld3")]


def retry_with_sleep(base: str, key: str) -> str:
    for attempt in range(3):
        r = requests.get(f"{base}/status/503" if attempt < 2 else f"{base}/items/{key}")
        if r.ok:
            return r.json()["value"]
        time.sleep(0.05)
    raise RuntimeError("gave up")


def retry_loops_in_sequence(base: str) -> list[str]:
    a = retry_with_sleep(base, "ry1")
    put(base, "ry-mark", a)
    b = retry_with_sleep(base, "ry-mark")
    return [a, b]


# --------------------------------------------------------------------------- state kept between calls


def accumulates_in_default(base: str, seen: list[str] = []) -> list[str]:  # noqa: B006
    seen.append(value(base, f"ad{len(seen)}"))
    return list(seen)


def _clear_default(env: Env) -> None:
    accumulates_in_default.__defaults__[0].clear()  # type: ignore[index]


class Session:
    """Counts its calls in a class attribute."""

    opened = 0

    def __init__(self, base: str) -> None:
        Session.opened += 1
        self.n = Session.opened
        self.base = base

    def fetch(self, k: str) -> str:
        return f"{value(self.base, k)}@{self.n}"


def _reset_sessions(env: Env) -> None:
    Session.opened = 0


def class_counter_across_calls(base: str) -> list[str]:
    a, b = Session(base), Session(base)
    return [a.fetch("cc1"), b.fetch("cc2")]


_ids = itertools.count(1)


def _reset_ids(env: Env) -> None:
    global _ids
    _ids = itertools.count(1)


def global_counter_numbers_requests(base: str) -> list[str]:
    return [value(base, f"gn{next(_ids)}"), value(base, f"gn{next(_ids)}")]


CALLS = 0


def counted(base: str, k: str) -> str:
    global CALLS
    CALLS += 1
    return value(base, k)


def _reset_calls(env: Env) -> None:
    global CALLS
    CALLS = 0


def helper_bumps_a_global_read_between(base: str) -> list[Any]:
    a = counted(base, "hg1")
    n = CALLS
    b = counted(base, "hg2")
    return [a, n, b, CALLS]


# --------------------------------------------------------------------------- exceptions leaving blocks that write


class Audit:
    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        put(self.base, self.key, "failed" if kind else "ok")
        return False


def failing_read_inside_audited_block(base: str) -> str:
    with Audit(base, "au"):
        return checked(base, "missing-au")


def suppressed_failure_then_read(base: str) -> list[str]:
    with contextlib.suppress(requests.HTTPError):
        checked(base, "missing-sp")
    put(base, "sp", "after")
    return [value(base, "sp")]


def failure_inside_audit_then_read(base: str) -> list[str]:
    try:
        with Audit(base, "au2"):
            checked(base, "missing-au2")
    except requests.HTTPError as e:
        got = f"caught {e.response.status_code}"
    return [got, value(base, "au2")]


@dataclass
class Order:
    key: str
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines.append(f"made {self.key}")


def dataclass_default_factory_not_shared(base: str) -> list[Any]:
    a = Order("o1")
    b = Order("o2")
    a.lines.append(value(base, "o1"))
    b.lines.append(value(base, "o2"))
    return [a.lines, b.lines]


@functools.singledispatch
def handle(item: Any, base: str) -> str:
    raise TypeError(f"cannot handle {item!r}")


@handle.register
def _(item: str, base: str) -> str:
    return value(base, item)


@handle.register
def _(item: int, base: str) -> str:
    return str(put(base, f"n{item}", "int"))


def singledispatch_reads_and_writes(base: str) -> list[str]:
    return [handle(x, base) for x in ("sd1", 1, "n1", 2)]


class Cached:
    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    @functools.cached_property
    def data(self) -> str:
        print("loading", self.key)
        return value(self.base, self.key)


def cached_property_read_twice(base: str) -> list[str]:
    a, b = Cached(base, "cp1"), Cached(base, "cp2")
    return [a.data, b.data, a.data]


def fetch_each(base: str, keys: list[str]) -> Iterator[str]:
    for k in keys:
        yield value(base, k)


def lazy_reads_see_a_write_between(base: str) -> list[str]:
    it = fetch_each(base, ["lz1", "lz2"])
    first = next(it)
    put(base, "lz2", "changed")
    second = next(it)
    return [first, second]


def group_results_by_first_letter(base: str) -> list[Any]:
    vals = [value(base, k) for k in ("ga", "gb", "ha")]
    return [(k, list(g)) for k, g in itertools.groupby(vals, key=lambda v: v[2])]


# --------------------------------------------------------------------------- SDK message lists


def chat_then_message_list_extended(client: Any) -> list[Any]:
    msgs = [{"role": "user", "content": "first question"}]
    r1 = client.chat.completions.create(model="gpt", messages=msgs)
    msgs.append({"role": "user", "content": "second question"})  # after r1 was sent
    r2 = client.chat.completions.create(model="gpt", messages=msgs)
    return [r1.usage.prompt_tokens, r2.usage.prompt_tokens]


def anthropic_then_messages_extended(client: Any) -> list[Any]:
    msgs = [{"role": "user", "content": "one"}]
    r1 = client.messages.create(model="claude", max_tokens=32, messages=msgs)
    msgs.append({"role": "assistant", "content": "ok"})
    msgs.append({"role": "user", "content": "two three four"})
    r2 = client.messages.create(model="claude", max_tokens=32, messages=msgs)
    return [r1.usage.input_tokens, r2.usage.input_tokens]


def chat_kwargs_dict_changed_after_call(client: Any) -> list[Any]:
    kwargs: dict[str, Any] = {"model": "gpt", "messages": [{"role": "user", "content": "a"}]}
    r1 = client.chat.completions.create(**kwargs)
    kwargs["messages"][0]["content"] = "a much longer question than before"
    r2 = client.chat.completions.create(**kwargs)
    return [r1.usage.prompt_tokens, r2.usage.prompt_tokens]


CASES = [
    Case("files", file_closed_by_del_then_read, args=tmp_web_args, servers="web"),
    Case("files", file_closed_by_rebinding_then_read, args=tmp_web_args, servers="web"),
    Case("files", generator_appends_to_file_then_read, args=tmp_web_args, servers="web"),
    Case("files", own_log_handler_file_then_read, args=tmp_web_args, servers="web"),
    Case("files", stream_handler_on_open_file_then_read, args=tmp_web_args, servers="web"),
    Case("files", loop_over_file_lines_appends_to_it, args=tmp_web_args, servers="web",
         setup=_lines_file),
    Case("db", connection_context_commits_then_other_reads, args=tmp_web_args, servers="web"),
    Case("db", two_cursors_lazy_select_and_update, args=web_args, servers="web"),
    Case("db", sql_function_that_prints, args=web_args, servers="web"),
    Case("db", cursor_row_factory_that_prints, args=web_args, servers="web"),
    Case("socket", socket_client_exit_writes_then_new_read, args=lambda env: (env.tcp,),
         servers="tcp"),
    Case("threads", executor_exit_waits_for_a_write, args=web_args, servers="web"),
    Case("threads", executor_map_writes_then_read, args=web_args, servers="web"),
    Case("sleep", rate_limit_as_context_manager, args=web_args, servers="web", spacing=0.1),
    Case("sleep", rate_limit_as_limiter_object, args=web_args, servers="web", spacing=0.1),
    Case("sleep", rate_limit_as_decorator_in_comprehension, args=web_args, servers="web",
         spacing=0.1),
    Case("sleep", retry_loops_in_sequence, args=web_args, servers="web"),
    Case("state", accumulates_in_default, args=web_args, servers="web", calls=3,
         setup=_clear_default),
    Case("state", class_counter_across_calls, args=web_args, servers="web", calls=2,
         setup=_reset_sessions),
    Case("state", global_counter_numbers_requests, args=web_args, servers="web", calls=2,
         setup=_reset_ids),
    Case("state", helper_bumps_a_global_read_between, args=web_args, servers="web",
         setup=_reset_calls),
    Case("validation", failing_read_inside_audited_block, args=web_args, servers="web"),
    Case("validation", suppressed_failure_then_read, args=web_args, servers="web"),
    Case("validation", failure_inside_audit_then_read, args=web_args, servers="web"),
    Case("helpers", dataclass_default_factory_not_shared, args=web_args, servers="web"),
    Case("helpers", singledispatch_reads_and_writes, args=web_args, servers="web"),
    Case("helpers", cached_property_read_twice, args=web_args, servers="web"),
    Case("helpers", lazy_reads_see_a_write_between, args=web_args, servers="web"),
    Case("helpers", group_results_by_first_letter, args=web_args, servers="web", ideal=3.0),
    Case("sdk", chat_then_message_list_extended, args=lambda env: (openai_client(env),),
         servers="api"),
    Case("sdk", anthropic_then_messages_extended, args=lambda env: (anthropic_client(env),),
         servers="api"),
    Case("sdk", chat_kwargs_dict_changed_after_call, args=lambda env: (openai_client(env),),
         servers="api"),
]
