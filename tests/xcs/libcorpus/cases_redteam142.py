"""Red-team cases (stop 142): where output goes, and who reads it back.

``print(..., file=f)`` to a file the function opened (plain, a helper's, a named temporary
file, gzip, a symlink) read back later with
``Path.read_text``/``os.path.getsize``; a ``logging.FileHandler`` added by a helper, by
``logging.config.dictConfig`` or by the drive (a ``RotatingFileHandler`` whose backup is
read, a handler on a symlink, a ``StreamHandler`` on a file), then the log file read; ``warnings.warn``
with ``warnings.showwarning`` replaced (to a file, to stdout, to stderr), and warnings
a read itself raises (httpx's ``verify=<str>``, urlopen's ``cafile=``); ``sys.stderr.write``
between requests under ``contextlib.redirect_stderr`` (and logging's last-resort handler,
which writes to whatever ``sys.stderr`` is); ``os.write`` to a file descriptor (a file, a
pipe, fd 1 duplicated onto a file); a ``StringIO`` put in ``sys.stdout`` by a helper and
read with ``getvalue()``; ``print`` in a helper whose stream is a parameter; a
``QueueHandler`` whose records are read from the queue after; an ``on_progress`` callback
handed to a helper that appends to a list the function returns; httpx's request lines
switched on mid-function by an attribute (``logger.disabled``, ``handler.level``) or by
``logging.disable``; a line-buffered file of the caller's put in ``sys.stdout`` or
``sys.stderr`` (prints, ``write``, logging's last resort and a ``StreamHandler()`` made on
it), read back by the function. Each is mixed with GETs/PUTs on the HTTP server or `oa` model calls,
and what was written is read back after later requests, so a request moved before the
write shows in the result. Sibling calls get unequal latencies, slow first. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY`.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import logging.config
import logging.handlers
import os
import queue
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import certifi
import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam142")

KEYS = (("a", 150), ("b", 40), ("c", 90))
LATS = (0.15, 0.04, 0.09)
QUESTIONS = ("Why is the sky blue?", "What is a monad?", "Name a prime.")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


THREE = over(0.15, 0.04, 0.09)
TWO = over(0.15, 0.04)


def get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put(web: str, key: str, value: str, ms: int = 30) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=value, timeout=5).json()["version"]


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def paths(text: str) -> list[str]:
    """The request paths named in httpx's request lines (ports differ per run)."""
    return re.findall(r"/items/\w+", text)


# =========================================================================== print(file=f)


def r142_print_file_models_read_back(client: Any, tmp: str) -> str:
    p = Path(tmp) / "answers.txt"
    with open(p, "w") as f:
        print("# answers", file=f)
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            a = ask(client, q, lat)
            print(q, "->", a[:24], file=f)
    return p.read_text()


def r142_print_file_flush_read_mid(client: Any, tmp: str) -> list[str]:
    p = Path(tmp) / "mid.txt"
    f = open(p, "w")  # noqa: SIM115
    print("start", file=f, flush=True)
    x = ask(client, QUESTIONS[0], 0.15)
    mid = p.read_text()
    print(x[:20], file=f, flush=True)
    y = ask(client, QUESTIONS[1], 0.04)
    print(y[:20], file=f, flush=True)
    end = p.read_text()
    f.close()
    return [mid, end]


def _open_log(tmp: str, name: str) -> Any:
    return open(os.path.join(tmp, name), "a", encoding="utf-8")


def r142_print_file_helper_opened(web: str, tmp: str) -> str:
    f = _open_log(tmp, "helper.log")
    vals = [get(web, k, ms) for k, ms in KEYS]
    for v in vals:
        print(v, file=f, flush=True)
    last = get(web, "d", 60)
    f.close()
    return Path(tmp, "helper.log").read_text() + last


def r142_print_file_helper_opened_interleaved(client: Any, tmp: str) -> str:
    f = _open_log(tmp, "inter.log")
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        print(ask(client, q, lat)[:16], file=f, flush=True)
    size = os.path.getsize(os.path.join(tmp, "inter.log"))
    f.close()
    return f"{size}:" + Path(tmp, "inter.log").read_text()


def r142_print_named_tempfile(client: Any, tmp: str) -> str:
    f = tempfile.NamedTemporaryFile("w", dir=tmp, suffix=".log", delete=False)  # noqa: SIM115
    name = f.name
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        print(ask(client, q, lat)[:18], file=f)
    f.close()
    text = Path(name).read_text()
    os.remove(name)
    return text


def r142_print_gzip_text(client: Any, tmp: str) -> str:
    p = os.path.join(tmp, "answers.txt.gz")
    with gzip.open(p, "wt") as f:
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            print(q, ask(client, q, lat)[:12], sep="\t", file=f)
    with gzip.open(p, "rt") as g:
        text = g.read()
    os.remove(p)
    return text


def _mk_link(env: Env) -> None:
    (env.tmp / "real.txt").write_text("")
    os.symlink("real.txt", env.tmp / "link.txt")


def r142_print_file_symlink_read_target(web: str, tmp: str) -> tuple[str, str]:
    f = open(os.path.join(tmp, "link.txt"), "a")  # noqa: SIM115
    a = get(web, "a", 150)
    print("a", a, file=f, flush=True)
    b = get(web, "b", 40)
    text = Path(tmp, "real.txt").read_text()
    f.close()
    return text, b


# =========================================================================== logging to files


def _add_file_handler(name: str, path: str) -> logging.Logger:
    lg = logging.getLogger(name)
    h = logging.FileHandler(path, mode="w", encoding="utf-8")
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    lg.addHandler(h)
    lg.setLevel(logging.INFO)
    lg.propagate = False
    return lg


def _drop_handlers(lg: logging.Logger) -> None:
    for h in list(lg.handlers):
        lg.removeHandler(h)
        h.close()


def r142_filehandler_helper_then_read(client: Any, tmp: str) -> str:
    p = os.path.join(tmp, "app.log")
    lg = _add_file_handler("app142.fh", p)
    try:
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            a = ask(client, q, lat)
            lg.info("answered %s: %d chars", q[:10], len(a))
        return Path(p).read_text()
    finally:
        _drop_handlers(lg)


def r142_filehandler_helper_gets_read_mid(web: str, tmp: str) -> list[str]:
    p = os.path.join(tmp, "mid.log")
    lg = _add_file_handler("app142.fhmid", p)
    try:
        a = get(web, "a", 150)
        lg.info("a=%s", a)
        mid = Path(p).read_text()
        b = get(web, "b", 40)
        lg.info("b=%s", b)
        return [mid, Path(p).read_text()]
    finally:
        _drop_handlers(lg)


def _dict_config(path: str) -> None:
    logging.config.dictConfig({
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(name)s %(message)s"}},
        "handlers": {"file": {"class": "logging.FileHandler", "filename": path, "mode": "w",
                              "formatter": "plain"}},
        "loggers": {"app142.dc": {"handlers": ["file"], "level": "INFO", "propagate": False}},
    })


def r142_dictconfig_file_then_read(client: Any, tmp: str) -> str:
    p = os.path.join(tmp, "dc.log")
    _dict_config(p)
    lg = logging.getLogger("app142.dc")
    try:
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            lg.info("q=%s a=%s", q[:8], ask(client, q, lat)[:10])
        return Path(p).read_text()
    finally:
        _drop_handlers(lg)


APPF = logging.getLogger("app142.drive")


def _with_handler(make: Callable[[Env], logging.Handler], args: Any) -> Any:
    """Install a handler on `app142.drive` before the run, remove it after."""
    def drive(fn: Any, env: Env) -> Any:
        h = make(env)
        h.setFormatter(logging.Formatter("%(message)s"))
        APPF.addHandler(h)
        APPF.setLevel(logging.INFO)
        APPF.propagate = False
        try:
            return fn(*args(env))
        finally:
            APPF.removeHandler(h)
            h.close()
    return drive


def r142_drive_filehandler_models_read(client: Any, tmp: str) -> str:
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        APPF.info("%s => %s", q[:8], ask(client, q, lat)[:10])
    return Path(tmp, "drive.log").read_text()


def r142_drive_filehandler_read_between(client: Any, tmp: str) -> list[str]:
    seen = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        a = ask(client, q, lat)
        APPF.info("%s", a[:10])
        seen.append(Path(tmp, "drive.log").read_text())
    return seen


def r142_drive_rotating_read_backup(web: str, tmp: str) -> list[str]:
    for k, ms in KEYS:
        APPF.info("item %s has value %s", k, get(web, k, ms))
    out = []
    for name in ("rot.log", "rot.log.1", "rot.log.2"):
        p = Path(tmp, name)
        out.append(p.read_text() if p.exists() else "-")
    return out


def r142_drive_rotating_read_backup_models(client: Any, tmp: str) -> list[str]:
    backups = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        APPF.info("question %s answered %s", q[:12], ask(client, q, lat)[:8])
        p = Path(tmp, "rot.log.1")
        backups.append(p.read_text() if p.exists() else "-")
    return backups


def r142_drive_symlink_handler_read_target(web: str, tmp: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        APPF.info("%s=%s", k, get(web, k, ms))
        out.append(Path(tmp, "real.txt").read_text())
    return out


def r142_drive_stream_handler_open_file(web: str, tmp: str) -> str:
    for k, ms in KEYS:
        APPF.info("%s %s", k, get(web, k, ms))
    return Path(tmp, "stream.log").read_text()


# =========================================================================== warnings


@contextlib.contextmanager
def _warnings_to(write: Callable[[str], Any]) -> Iterator[None]:
    """Show every warning through `write`, one line each."""
    saved = warnings.showwarning

    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
             line: Any = None) -> None:
        write(f"{category.__name__}: {str(message)[:40]}\n")

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        try:
            yield
        finally:
            warnings.showwarning = saved


def r142_showwarning_to_file_between_gets(web: str, tmp: str) -> str:
    p = os.path.join(tmp, "warn.log")
    with open(p, "w") as f, _warnings_to(f.write):
        for k, ms in KEYS:
            v = get(web, k, ms)
            if v.endswith(("a", "c")):
                warnings.warn(f"odd value {v}", UserWarning, stacklevel=1)
    return Path(p).read_text()


def r142_showwarning_print_models(client: Any) -> list[int]:
    lens = []
    with _warnings_to(sys.stdout.write):
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            a = ask(client, q, lat)
            if len(a) > 10:
                warnings.warn(f"long answer to {q[:10]}", RuntimeWarning, stacklevel=1)
            lens.append(len(a))
    return lens


# =========================================================================== stderr


def r142_redirect_stderr_write_between_gets(web: str) -> tuple[list[str], str]:
    buf = io.StringIO()
    vals = []
    with contextlib.redirect_stderr(buf):
        for k, ms in KEYS:
            v = get(web, k, ms)
            sys.stderr.write(f"fetched {k}\n")
            vals.append(v)
    return vals, buf.getvalue()


def r142_redirect_stderr_print_models(client: Any) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            print("asking", q[:10], file=sys.stderr)
            a = ask(client, q, lat)
            print("answer", len(a), file=sys.stderr)
    return buf.getvalue()


BARE = logging.getLogger("app142.bare")  # no handlers: records go to logging.lastResort


def r142_last_resort_to_redirected_stderr(web: str) -> str:
    BARE.propagate = False
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        for k, ms in KEYS:
            v = get(web, k, ms)
            BARE.warning("value %s for %s", v, k)
    return buf.getvalue()


def _stderr_to_file(path: str) -> Any:
    saved = sys.stderr
    sys.stderr = open(path, "w")  # noqa: SIM115
    return saved


def _stderr_back(saved: Any) -> None:
    sys.stderr.close()
    sys.stderr = saved


def r142_helper_swaps_stderr_to_file(web: str, tmp: str) -> str:
    p = os.path.join(tmp, "err.txt")
    saved = _stderr_to_file(p)
    try:
        for k, ms in KEYS:
            sys.stderr.write(f"{k}={get(web, k, ms)}\n")
    finally:
        _stderr_back(saved)
    return Path(p).read_text()


# =========================================================================== os.write


def r142_os_write_fd_models_read(client: Any, tmp: str) -> str:
    p = os.path.join(tmp, "fd.txt")
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        os.write(fd, f"{q[:8]}|{ask(client, q, lat)[:10]}\n".encode())
    os.close(fd)
    return Path(p).read_text()


def r142_os_write_fd_read_between(web: str, tmp: str) -> list[str]:
    p = os.path.join(tmp, "fd2.txt")
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    seen = []
    for k, ms in KEYS:
        os.write(fd, f"{k}={get(web, k, ms)}\n".encode())
        seen.append(Path(p).read_text())
    os.close(fd)
    return seen


def r142_os_write_pipe_between_gets(web: str) -> tuple[list[str], bytes]:
    r, w = os.pipe()
    vals = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        os.write(w, f"{k};".encode())
        vals.append(v)
    os.close(w)
    data = os.read(r, 1024)
    os.close(r)
    return vals, data


def r142_os_write_fd1_dup_to_file(web: str, tmp: str) -> str:
    p = os.path.join(tmp, "fd1.txt")
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    saved = os.dup(1)
    os.dup2(fd, 1)
    try:
        for k, ms in KEYS:
            v = get(web, k, ms)
            os.write(1, f"{k}:{v}\n".encode())
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(fd)
    return Path(p).read_text()


# =========================================================================== stdout swapped by a helper


def _capture_on() -> io.StringIO:
    buf = io.StringIO()
    sys.stdout = buf
    return buf


def _capture_off(buf: io.StringIO, saved: Any) -> str:
    sys.stdout = saved
    return buf.getvalue()


def r142_helper_puts_stringio_in_stdout(web: str) -> str:
    saved = sys.stdout
    buf = _capture_on()
    for k, ms in KEYS:
        print(k, get(web, k, ms))
    text = _capture_off(buf, saved)
    print("captured", len(text))
    return text


@contextlib.contextmanager
def _captured() -> Iterator[io.StringIO]:
    saved, buf = sys.stdout, io.StringIO()
    sys.stdout = buf
    try:
        yield buf
    finally:
        sys.stdout = saved


def r142_cm_of_mine_captures_models(client: Any) -> tuple[str, int]:
    n = 0
    with _captured() as buf:
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            a = ask(client, q, lat)
            print(q[:6], len(a))
            n += len(a)
    print("total", n)
    return buf.getvalue(), n


def r142_redirect_stdout_then_gets_after(web: str) -> tuple[str, list[str]]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("header")
        a = get(web, "a", 150)
        print("a", a)
    b = get(web, "b", 40)
    c = get(web, "c", 90)
    print("outside", b, c)
    return buf.getvalue(), [a, b, c]


def r142_stringio_getvalue_mid(web: str) -> list[str]:
    buf = io.StringIO()
    snaps = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        print(k, v, file=buf)
        snaps.append(buf.getvalue())
    return snaps


# =========================================================================== helper with a stream parameter


def report(stream: Any, key: str, value: str) -> None:
    print(f"{key}={value}", file=stream)


def r142_report_param_stringio(web: str) -> str:
    buf = io.StringIO()
    for k, ms in KEYS:
        report(buf, k, get(web, k, ms))
    return buf.getvalue()


def r142_report_param_file_read_back(client: Any, tmp: str) -> str:
    p = os.path.join(tmp, "rep.txt")
    with open(p, "w") as f:
        for q, lat in zip(QUESTIONS, LATS, strict=True):
            report(f, q[:8], ask(client, q, lat)[:10])
    return Path(p).read_text()


def r142_report_param_file_read_between(web: str, tmp: str) -> list[str]:
    p = os.path.join(tmp, "rep2.txt")
    f = open(p, "w")  # noqa: SIM115
    out = []
    for k, ms in KEYS:
        report(f, k, get(web, k, ms))
        f.flush()
        out.append(Path(p).read_text())
    f.close()
    return out


# =========================================================================== QueueHandler


QLOG = logging.getLogger("app142.queue")
RECORDS: queue.Queue = queue.Queue()


def _with_queue_handler(args: Any) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        while not RECORDS.empty():
            RECORDS.get_nowait()
        h = logging.handlers.QueueHandler(RECORDS)
        QLOG.addHandler(h)
        QLOG.setLevel(logging.INFO)
        QLOG.propagate = False
        try:
            return fn(*args(env))
        finally:
            QLOG.removeHandler(h)
    return drive


def r142_queue_handler_drive_gets(web: str) -> list[str]:
    for k, ms in KEYS:
        QLOG.info("got %s=%s", k, get(web, k, ms))
    out = []
    while not RECORDS.empty():
        out.append(RECORDS.get_nowait().getMessage())
    return out


def _queue_logger(q: Any) -> logging.Logger:
    lg = logging.getLogger("app142.q2")
    for h in list(lg.handlers):
        lg.removeHandler(h)
    lg.addHandler(logging.handlers.QueueHandler(q))
    lg.setLevel(logging.INFO)
    lg.propagate = False
    return lg


def r142_queue_handler_helper_models(client: Any) -> list[str]:
    q: queue.SimpleQueue = queue.SimpleQueue()
    lg = _queue_logger(q)
    for q_, lat in zip(QUESTIONS, LATS, strict=True):
        lg.info("%s -> %d", q_[:8], len(ask(client, q_, lat)))
    msgs = []
    while not q.empty():
        msgs.append(q.get().getMessage())
    return msgs


class ListQueue(list):
    """A list that QueueHandler can put records in."""

    def put_nowait(self, item: Any) -> None:
        self.append(item.getMessage())


def r142_queue_handler_list_queue(web: str) -> list[str]:
    q = ListQueue()
    lg = _queue_logger(q)
    vals = []
    for k, ms in KEYS:
        vals.append(get(web, k, ms))
        lg.info("fetched %s", k)
    return list(q) + vals


# =========================================================================== on_progress callbacks


def fetch(web: str, key: str, ms: int, on_done: Callable[[str], Any]) -> str:
    v = get(web, key, ms)
    on_done(key)
    return v


def fetch_all(web: str, keys: Any, on_progress: Callable[[str, int], Any]) -> list[str]:
    out = []
    for i, (k, ms) in enumerate(keys):
        out.append(get(web, k, ms))
        on_progress(k, i + 1)
    return out


def answer(client: Any, q: str, lat: float, on_progress: Callable[[str], Any]) -> str:
    a = ask(client, q, lat)
    on_progress(q[:6])
    return a


def r142_on_progress_helper_loop(web: str) -> tuple[list[str], list[str]]:
    events: list[str] = []
    vals = fetch_all(web, KEYS, on_progress=lambda k, n: events.append(f"{n}:{k}"))
    return vals, events


def r142_on_done_per_call_append(web: str) -> tuple[list[str], list[str]]:
    events: list[str] = []
    vals = []
    for k, ms in KEYS:
        vals.append(fetch(web, k, ms, events.append))
    return vals, events


def r142_on_done_per_call_listcomp(web: str) -> tuple[list[str], list[str]]:
    done: list[str] = []
    vals = [fetch(web, k, ms, done.append) for k, ms in KEYS]
    return vals, done


def r142_on_progress_models_append(client: Any) -> tuple[list[int], list[str]]:
    seen: list[str] = []
    lens = [len(answer(client, q, lat, seen.append)) for q, lat in zip(QUESTIONS, LATS,
                                                                       strict=True)]
    return lens, seen


def r142_on_progress_closure_counter(web: str) -> list[Any]:
    count = 0
    log: list[tuple[int, str]] = []

    def tick(key: str) -> None:
        nonlocal count
        count += 1
        log.append((count, key))

    vals = [fetch(web, k, ms, tick) for k, ms in KEYS]
    return [vals, log, count]


def r142_on_done_writes_file_read_back(web: str, tmp: str) -> str:
    p = Path(tmp, "progress.txt")
    with open(p, "w") as f:
        vals = [fetch(web, k, ms, lambda key: f.write(key + "\n")) for k, ms in KEYS]
    return p.read_text() + ",".join(vals)


def r142_on_done_logs(web: str) -> list[str]:
    return [fetch(web, k, ms, LOG.info) for k, ms in KEYS]


def r142_on_done_puts_progress(web: str) -> Any:
    vals = [fetch(web, k, ms, lambda key: put(web, "progress", key)) for k, ms in KEYS]
    return vals, get(web, "progress", 20)


# =========================================================================== request lines turned on mid-way


HX = logging.getLogger("httpx")


def _hx_lines(args: Any, disabled: bool = False, handler_level: int = logging.INFO,
              logger_level: int = logging.INFO) -> Any:
    """A handler on httpx's logger writing to `HXBUF` for the run."""
    def drive(fn: Any, env: Env) -> Any:
        global HXBUF
        HXBUF = io.StringIO()
        h = logging.StreamHandler(HXBUF)
        h.setLevel(handler_level)
        saved = HX.level, HX.disabled, HX.propagate
        HX.addHandler(h)
        HX.setLevel(logger_level)
        HX.disabled = disabled
        HX.propagate = False
        try:
            return fn(*args(env))
        finally:
            HX.removeHandler(h)
            HX.setLevel(saved[0])
            HX.disabled, HX.propagate = saved[1], saved[2]
    return drive


HXBUF = io.StringIO()


def r142_httpx_logger_enabled_by_attribute(web: str) -> tuple[list[str], list[str]]:
    with httpx.Client() as c:
        a = c.get(f"{web}/items/a?ms=150").json()["value"]
        logging.getLogger("httpx").disabled = False
        b = c.get(f"{web}/items/b?ms=40").json()["value"]
        d = c.get(f"{web}/items/d?ms=90").json()["value"]
    return [a, b, d], paths(HXBUF.getvalue())


def r142_httpx_handler_level_attribute(web: str) -> tuple[list[str], list[str]]:
    h = logging.getLogger("httpx").handlers[-1]
    with httpx.Client() as c:
        a = c.get(f"{web}/items/a?ms=150").json()["value"]
        h.level = logging.INFO
        b = c.get(f"{web}/items/b?ms=40").json()["value"]
        d = c.get(f"{web}/items/d?ms=90").json()["value"]
    return [a, b, d], paths(HXBUF.getvalue())


def r142_httpx_logging_disable_lifted(web: str) -> tuple[list[str], list[str]]:
    logging.disable(logging.INFO)
    try:
        with httpx.Client() as c:
            a = c.get(f"{web}/items/a?ms=150").json()["value"]
            logging.disable(logging.NOTSET)
            b = c.get(f"{web}/items/b?ms=40").json()["value"]
            d = c.get(f"{web}/items/d?ms=90").json()["value"]
    finally:
        logging.disable(logging.NOTSET)
    return [a, b, d], paths(HXBUF.getvalue())


# =========================================================================== registry


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _file_h(name: str, **kw: Any) -> Callable[[Env], logging.Handler]:
    return lambda env: logging.FileHandler(env.tmp / name, **kw)


def _rot_h(env: Env) -> logging.Handler:
    return logging.handlers.RotatingFileHandler(env.tmp / "rot.log", maxBytes=40, backupCount=2)


def _link_h(env: Env) -> logging.Handler:
    _mk_link(env)
    return logging.FileHandler(env.tmp / "link.txt")


def _stream_file_h(env: Env) -> logging.Handler:
    return logging.StreamHandler(open(env.tmp / "stream.log", "w"))  # noqa: SIM115


ALL: list[Case] = [
    # print(file=f)
    _o(r142_print_file_models_read_back, THREE, overlap=3, args=oa_tmp, cat="files"),
    _o(r142_print_file_flush_read_mid, args=oa_tmp, cat="files"),
    _w(r142_print_file_helper_opened, THREE, overlap=3, args=web_tmp, cat="files"),
    _o(r142_print_file_helper_opened_interleaved, THREE, args=oa_tmp, cat="files"),
    _o(r142_print_named_tempfile, THREE, args=oa_tmp, cat="files"),
    _o(r142_print_gzip_text, THREE, args=oa_tmp, cat="files"),
    _w(r142_print_file_symlink_read_target, args=web_tmp, cat="files", setup=_mk_link),
    # logging to files
    _o(r142_filehandler_helper_then_read, THREE, args=oa_tmp, cat="files"),
    _w(r142_filehandler_helper_gets_read_mid, args=web_tmp, cat="files"),
    _o(r142_dictconfig_file_then_read, THREE, args=oa_tmp, cat="files"),
    _o(r142_drive_filehandler_models_read, THREE, overlap=3, cat="files",
       drive=_with_handler(_file_h("drive.log"), oa_tmp)),
    _o(r142_drive_filehandler_read_between, cat="files",
       drive=_with_handler(_file_h("drive.log"), oa_tmp)),
    _w(r142_drive_rotating_read_backup, cat="files", drive=_with_handler(_rot_h, web_tmp)),
    _o(r142_drive_rotating_read_backup_models, cat="files",
       drive=_with_handler(_rot_h, oa_tmp)),
    _w(r142_drive_symlink_handler_read_target, cat="files",
       drive=_with_handler(_link_h, web_tmp)),
    _w(r142_drive_stream_handler_open_file, cat="files",
       drive=_with_handler(_stream_file_h, web_tmp)),
    # warnings
    _w(r142_showwarning_to_file_between_gets, args=web_tmp, cat="files"),
    _o(r142_showwarning_print_models, THREE),
    # stderr
    _w(r142_redirect_stderr_write_between_gets, THREE, overlap=3),
    _o(r142_redirect_stderr_print_models, THREE),
    _w(r142_last_resort_to_redirected_stderr, THREE),
    _w(r142_helper_swaps_stderr_to_file, args=web_tmp, cat="files"),
    # os.write
    _o(r142_os_write_fd_models_read, THREE, args=oa_tmp, cat="files"),
    _w(r142_os_write_fd_read_between, args=web_tmp, cat="files"),
    _w(r142_os_write_pipe_between_gets, THREE),
    _w(r142_os_write_fd1_dup_to_file, args=web_tmp, cat="files"),
    # stdout swapped
    _w(r142_helper_puts_stringio_in_stdout, THREE, cat="helpers"),
    _o(r142_cm_of_mine_captures_models, THREE, cat="helpers"),
    _w(r142_redirect_stdout_then_gets_after, THREE),
    _w(r142_stringio_getvalue_mid, THREE, overlap=3),
    # stream parameter
    _w(r142_report_param_stringio, THREE, cat="helpers"),
    _o(r142_report_param_file_read_back, THREE, args=oa_tmp, cat="helpers"),
    _w(r142_report_param_file_read_between, args=web_tmp, cat="helpers"),
    # QueueHandler
    _w(r142_queue_handler_drive_gets, THREE, drive=_with_queue_handler(web)),
    _o(r142_queue_handler_helper_models, THREE),
    _w(r142_queue_handler_list_queue, THREE),
    # on_progress
    _w(r142_on_progress_helper_loop, THREE, cat="helpers"),
    _w(r142_on_done_per_call_append, THREE, cat="helpers"),
    _w(r142_on_done_per_call_listcomp, THREE, cat="helpers"),
    _o(r142_on_progress_models_append, THREE, cat="helpers"),
    _w(r142_on_progress_closure_counter, THREE, cat="helpers"),
    _w(r142_on_done_writes_file_read_back, THREE, args=web_tmp, cat="helpers"),
    _w(r142_on_done_logs, THREE, cat="helpers"),
    _w(r142_on_done_puts_progress, cat="helpers"),
    # httpx request lines
    _w(r142_httpx_logger_enabled_by_attribute, cat="clients",
       drive=_hx_lines(web, disabled=True)),
    _w(r142_httpx_handler_level_attribute, cat="clients",
       drive=_hx_lines(web, handler_level=logging.WARNING)),
    _w(r142_httpx_logging_disable_lifted, cat="clients", drive=_hx_lines(web)),
]



# =========================================================================== probes (round 2)


def r142_httpx_verify_warn_loop_prints(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("fetch", k)
        out.append(httpx.get(f"{web}/items/{k}?ms={ms}", verify=certifi.where()).json()["value"])
    return out


def r142_httpx_verify_warn_listcomp_after_print(web: str) -> list[str]:
    print("start")
    vals = [httpx.get(f"{web}/items/{k}?ms={ms}", verify=certifi.where()).json()["value"]
            for k, ms in KEYS]
    print("done", len(vals))
    return vals


def r142_urlopen_cafile_listcomp_after_print(web: str) -> list[bytes]:
    import urllib.request
    print("start")
    vals = [urllib.request.urlopen(f"{web}/items/{k}?ms={ms}", cafile=certifi.where()).read()
            for k, ms in KEYS]
    print("done")
    return vals


def r142_stdout_is_file_models_read_back(client: Any, tmp: str) -> str:
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        print(q[:8], len(ask(client, q, lat)))
    sys.stdout.flush()
    return Path(tmp, "stdout.txt").read_text()


def r142_stderr_is_file_models_read_back(client: Any, tmp: str) -> str:
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        a = ask(client, q, lat)
        sys.stderr.write(f"{q[:8]} {len(a)}\n")
        sys.stderr.flush()
    return Path(tmp, "stderr.txt").read_text()


def r142_pool_full_listcomp_stderr_compared(web: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1))
    print("start")
    vals = [s.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"] for k, ms in KEYS]
    s.close()
    return vals


def r142_urlretrieve_reporthook(web: str, tmp: str) -> list[Any]:
    import urllib.request
    events: list[str] = []
    for k, ms in KEYS:
        urllib.request.urlretrieve(f"{web}/items/{k}?ms={ms}", os.path.join(tmp, f"{k}.json"),
                                   reporthook=lambda n, bs, total, k=k: events.append(f"{k}{n}"))
    return [events, Path(tmp, "c.json").read_text()]


def _show_to_stdout(args: Any) -> Any:
    """Every warning printed to the harness's stdout for the run (one line each)."""
    def drive(fn: Any, env: Env) -> Any:
        saved = warnings.showwarning

        def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
                 line: Any = None) -> None:
            print(f"{category.__name__}: {str(message)[:30]}")

        warnings.showwarning = show
        try:
            return fn(*args(env))
        finally:
            warnings.showwarning = saved
    return drive


def _stream_to_file(attr: str, name: str, args: Any) -> Any:
    """Put a line-buffered file of the run's directory in sys.stdout or sys.stderr."""
    def drive(fn: Any, env: Env) -> Any:
        saved = getattr(sys, attr)
        f = open(env.tmp / name, "w", buffering=1)  # noqa: SIM115
        setattr(sys, attr, f)
        try:
            return fn(*args(env))
        finally:
            setattr(sys, attr, saved)
            f.close()
    return drive


def _err_to_out(args: Any) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        saved = sys.stderr
        sys.stderr = sys.stdout
        try:
            return fn(*args(env))
        finally:
            sys.stderr = saved
    return drive


ALL += [
    _w(r142_httpx_verify_warn_loop_prints, THREE, cat="clients",
       drive=_show_to_stdout(web)),
    _w(r142_httpx_verify_warn_listcomp_after_print, THREE, cat="clients",
       drive=_show_to_stdout(web)),
    _w(r142_urlopen_cafile_listcomp_after_print, THREE, drive=_show_to_stdout(web)),
    _o(r142_stdout_is_file_models_read_back, THREE, cat="files",
       drive=_stream_to_file("stdout", "stdout.txt", oa_tmp)),
    _o(r142_stderr_is_file_models_read_back, THREE, cat="files",
       drive=_stream_to_file("stderr", "stderr.txt", oa_tmp)),
    _w(r142_pool_full_listcomp_stderr_compared, THREE, cat="clients", drive=_err_to_out(web)),
    _w(r142_urlretrieve_reporthook, THREE, args=web_tmp, cat="files"),
]




# =========================================================================== reduced (round 3)


def r142_stdout_file_print_between_gets(web: str, tmp: str) -> tuple[str, str]:
    a = get(web, "a", 150)
    print("got", a)
    b = get(web, "b", 40)
    return b, Path(tmp, "stdout.txt").read_text()


def r142_stdout_file_write_between_gets(web: str, tmp: str) -> tuple[str, str]:
    a = get(web, "a", 150)
    sys.stdout.write(a + "\n")
    b = get(web, "b", 40)
    return b, Path(tmp, "stdout.txt").read_text()


def r142_stderr_file_write_between_gets(web: str, tmp: str) -> tuple[str, str]:
    a = get(web, "a", 150)
    sys.stderr.write(a + "\n")
    b = get(web, "b", 40)
    return b, Path(tmp, "stderr.txt").read_text()


def r142_last_resort_stderr_file(web: str, tmp: str) -> tuple[str, str]:
    BARE.propagate = False
    a = get(web, "a", 150)
    BARE.warning("got %s", a)
    b = get(web, "b", 40)
    return b, Path(tmp, "stderr.txt").read_text()


def r142_default_stream_handler_stderr_file(web: str, tmp: str) -> tuple[str, str]:
    a = get(web, "a", 150)
    APPF.info("got %s", a)
    b = get(web, "b", 40)
    return b, Path(tmp, "stderr.txt").read_text()


def _err_file_then_handler(fn: Any, env: Env) -> Any:
    """A file in sys.stderr, then a `StreamHandler()` (on sys.stderr: that file) on APPF."""
    saved = sys.stderr
    f = open(env.tmp / "stderr.txt", "w", buffering=1)  # noqa: SIM115
    sys.stderr = f
    h = logging.StreamHandler()
    APPF.addHandler(h)
    APPF.setLevel(logging.INFO)
    APPF.propagate = False
    try:
        return fn(env.web, str(env.tmp))
    finally:
        APPF.removeHandler(h)
        sys.stderr = saved
        f.close()


ALL += [
    _w(r142_stdout_file_print_between_gets, TWO, cat="files",
       drive=_stream_to_file("stdout", "stdout.txt", web_tmp)),
    _w(r142_stdout_file_write_between_gets, TWO, cat="files",
       drive=_stream_to_file("stdout", "stdout.txt", web_tmp)),
    _w(r142_stderr_file_write_between_gets, TWO, cat="files",
       drive=_stream_to_file("stderr", "stderr.txt", web_tmp)),
    _w(r142_last_resort_stderr_file, TWO, cat="files",
       drive=_stream_to_file("stderr", "stderr.txt", web_tmp)),
    _w(r142_default_stream_handler_stderr_file, TWO, cat="files", drive=_err_file_then_handler),
]


_STD_FILE = ("sys.stdout/sys.stderr holds a file of the caller's (a line-buffered open(...)), "
             "but print/sys.stdout.write/sys.stderr.write/a StreamHandler on that stream are "
             "taken as ordered output that no read sees, not as a write of that file: the "
             "function's later Path.read_text of the file starts early and reads it before "
             "the line was written ('' instead of the line).")
# Cases that differed when written, fixed since (each failed on the code before its fix).
FIXED_WHY: dict[str, str] = {
    "r142_stdout_is_file_models_read_back": "value '' instead of the three printed lines: "
        + _STD_FILE + " (here the read started beside the model calls)",
    "r142_stderr_is_file_models_read_back": "value '' instead of the three lines written with "
        "sys.stderr.write: " + _STD_FILE,
    "r142_stdout_file_print_between_gets": "reduced: GET, print, GET, read the file in "
        "sys.stdout: " + _STD_FILE,
    "r142_stdout_file_write_between_gets": "reduced, with sys.stdout.write: " + _STD_FILE,
    "r142_stderr_file_write_between_gets": "reduced, with sys.stderr.write: " + _STD_FILE,
    "r142_last_resort_stderr_file": "a logger with no handler writes through "
        "logging.lastResort to sys.stderr, a file here; the record is taken as ordered "
        "output (lastResort is a plain StreamHandler to stderr), so the later read of the "
        "file starts before it: " + _STD_FILE,
    "r142_default_stream_handler_stderr_file": "logging.StreamHandler() made while a file was "
        "in sys.stderr holds that file; its record counts as ordered output to stderr, not a "
        "write of the file, so the later read of the file starts before it: " + _STD_FILE,
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
