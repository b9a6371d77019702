"""Red-team cases (stop 96): output redirection and report writing around I/O.

`contextlib.redirect_stdout`/`redirect_stderr` into a `StringIO`, a file or an object whose
`write` sends a request; `print(..., file=f)` and `print(..., file=sys.stderr)`;
`sys.stdout.write` and `print(end="", flush=True)` progress; reports built in a `StringIO`,
written with `Path.write_text` and read back; `csv.writer`/`DictWriter` and `json.dump` into
open files between GETs; `tempfile.NamedTemporaryFile`;
`open("a")` appends read back before and after a flush; `shutil.copy` of a report being
written; user classes whose `__str__`, `__format__` or `__repr__` fetch or count (called by
f-strings, `print`, `pprint` and lazily by `logging`); `textwrap`, `str.ljust` tables;
`logging` to a file handler set up at module level. The order of output lines and file
contents decides. Sibling calls get unequal latencies, slow first, so a wrong reordering
shows. `FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import logging
import pprint
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam96")
TIMEOUT = 5


def _get(web: str, key: str, ms: int = 60) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=TIMEOUT)
    r.raise_for_status()
    return r.json()["value"]


def _put(web: str, key: str, value: str) -> int:
    r = requests.put(f"{web}/items/{key}", data=value, timeout=TIMEOUT)
    return r.json()["version"]


def chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


# =========================================================================== redirect_stdout


def redirect_into_stringio_then_print(web: str) -> str:
    """Prints inside the redirect go to the buffer; the buffer is printed after."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("fetching a")
        a = requests.get(f"{web}/items/a?ms=150", timeout=TIMEOUT).json()["value"]
        print("got", a)
        b = requests.get(f"{web}/items/b?ms=30", timeout=TIMEOUT).json()["value"]
        print("got", b)
    print("outside", a, b)
    print(buf.getvalue(), end="")
    return buf.getvalue()


def redirect_into_file(web: str, tmp: str) -> str:
    path = Path(tmp) / "out.txt"
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        for key, ms in (("k1", 150), ("k2", 30), ("k3", 90)):
            print(key, "=", _get(web, key, ms))
    text = path.read_text()
    _put(web, "report", text)
    return text


def redirect_exception_inside(web: str) -> tuple[str, str]:
    """A 404 raised inside the redirect: the lines before it are in the buffer."""
    buf = io.StringIO()
    err = ""
    try:
        with contextlib.redirect_stdout(buf):
            print("a", _get(web, "a", 150))
            print("m", _get(web, "missing-1", 30))
            print("never")
    except requests.HTTPError as exc:
        err = str(exc.response.status_code)
    print("caught", err)
    return buf.getvalue(), err


def buffer_sent_in_put_midway(web: str) -> list[Any]:
    """The buffer's content at the moment of the PUT is what the server stores."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("line 1", _get(web, "p1", 150))
    v1 = _put(web, "snap", buf.getvalue())
    with contextlib.redirect_stdout(buf):
        print("line 2", _get(web, "p2", 30))
    v2 = _put(web, "snap", buf.getvalue())
    return [v1, v2, _get(web, "snap", 30)]


class _PutWriter:
    """A file-like object: each written line is PUT to the server's log item."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.pending = ""
        self.lines: list[str] = []

    def write(self, s: str) -> int:
        self.pending += s
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            self.lines.append(line)
            requests.put(f"{self.web}/items/log", data="\n".join(self.lines), timeout=TIMEOUT)
        return len(s)

    def flush(self) -> None:
        pass


def redirect_to_http_writer_then_get(web: str) -> list[str]:
    """print sends a PUT (the redirect target writes to the server); the GET after reads it."""
    sink = _PutWriter(web)
    with contextlib.redirect_stdout(sink):
        print("hello", _get(web, "h", 150))
    seen = _get(web, "log", 30)
    with contextlib.redirect_stdout(sink):
        print("bye")
    seen2 = _get(web, "log", 30)
    return [seen, seen2]


class _CountingOut:
    def __init__(self) -> None:
        self.writes = 0
        self.text = ""

    def write(self, s: str) -> int:
        self.writes += 1
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


# =========================================================================== stderr


def stderr_and_stdout_interleaved(web: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        for key, ms in (("s1", 150), ("s2", 30), ("s3", 90)):
            v = _get(web, key, ms)
            print(key, v)
            if key != "s2":
                print("note", key, file=sys.stderr)
    return out.getvalue(), err.getvalue()


def stderr_redirect_into_file(web: str, tmp: str) -> str:
    path = Path(tmp) / "errors.log"
    with path.open("w") as f, contextlib.redirect_stderr(f):
        for key, ms in (("e1", 150), ("missing-e2", 30), ("e3", 60)):
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=TIMEOUT)
            if r.status_code != 200:
                sys.stderr.write(f"{key}: {r.status_code}\n")
            else:
                print(key, "ok")
    return path.read_text()


# =========================================================================== progress output


def progress_dots_end_flush(web: str) -> int:
    total = 0
    print("loading", end="", flush=True)
    for key, ms in (("d1", 150), ("d2", 30), ("d3", 90), ("d4", 40)):
        total += len(_get(web, key, ms))
        print(".", end="", flush=True)
    print(" done", total)
    return total


def stdout_write_percent(web: str) -> list[str]:
    keys = [("q1", 150), ("q2", 30), ("q3", 90)]
    got = []
    for i, (key, ms) in enumerate(keys, 1):
        got.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=TIMEOUT).json()["value"])
        sys.stdout.write(f"\r{100 * i // len(keys)}%")
        sys.stdout.flush()
    sys.stdout.write("\n")
    return got


def progress_chat_flush(client: Any) -> list[str]:
    answers = []
    for i, lat in enumerate((0.15, 0.03, 0.08)):
        print(f"[{i}] asking...", end=" ", flush=True)
        answers.append(chat(client, f"question {i}", lat))
        print("ok", len(answers[-1]))
    return answers


# =========================================================================== reports in files


def stringio_report_write_read(web: str, tmp: str) -> str:
    report = io.StringIO()
    report.write("# Report\n")
    for key, ms in (("r1", 150), ("r2", 30), ("r3", 90)):
        report.write(f"- {key}: {_get(web, key, ms)}\n")
    path = Path(tmp) / "report.md"
    path.write_text(report.getvalue())
    text = path.read_text()
    print(text, end="")
    return text


def print_file_between_gets(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "lines.txt"
    with open(path, "w") as f:
        print("header", file=f)
        for key, ms in (("l1", 150), ("l2", 30)):
            print("before", key, file=f)
            value = _get(web, key, ms)
            print("after", key, value, file=f)
        print("footer", file=f)
    return path.read_text().splitlines()


def csv_writer_between_gets(web: str, tmp: str) -> list[list[str]]:
    path = Path(tmp) / "rows.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "value"])
        for key, ms in (("c1", 150), ("c2", 30), ("c3", 90)):
            w.writerow([key, _get(web, key, ms)])
    with open(path, newline="") as f:
        return list(csv.reader(f))


def csv_writerows_generator_put(web: str, tmp: str) -> str:
    """writerows consumes a generator that PUTs and GETs in turn."""
    path = Path(tmp) / "gen.csv"

    def rows():
        for key, ms in (("w1", 150), ("w2", 30)):
            version = _put(web, key, key.upper())
            yield [key, version, _get(web, key, ms)]

    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows())
    return path.read_text()


def json_dump_open_file_then_put(web: str, tmp: str) -> Any:
    path = Path(tmp) / "data.json"
    data = {k: _get(web, k, ms) for k, ms in (("j1", 150), ("j2", 30))}
    with open(path, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
    _put(web, "json", path.read_text())
    return json.loads(_get(web, "json", 30))


def append_mode_read_before_flush(web: str, tmp: str) -> list[str]:
    """An open("a") file read back before it is flushed sees less than after."""
    path = Path(tmp) / "app.log"
    path.write_text("start\n")
    f = open(path, "a")  # noqa: SIM115
    f.write(_get(web, "a1", 150) + "\n")
    before = path.read_text()
    f.flush()
    after_flush = path.read_text()
    f.write(_get(web, "a2", 30) + "\n")
    f.close()
    return [before, after_flush, path.read_text()]


def shutil_copy_midway(web: str, tmp: str) -> list[str]:
    """A copy taken halfway holds only the first half."""
    src = Path(tmp) / "report.txt"
    dst = Path(tmp) / "backup.txt"
    src.write_text(f"first {_get(web, 'f', 150)}\n")
    shutil.copy(src, dst)
    with src.open("a") as f:
        f.write(f"second {_get(web, 's', 30)}\n")
    return [src.read_text(), dst.read_text()]


def named_tempfile_seek_reread_put(web: str, tmp: str) -> str:
    with tempfile.NamedTemporaryFile("w+", dir=tmp, suffix=".txt") as f:
        for key, ms in (("t1", 150), ("t2", 30)):
            f.write(_get(web, key, ms) + "\n")
        f.flush()
        f.seek(0)
        text = f.read()
    _put(web, "tmpcopy", text)
    return text


def file_header_written_before_gets(web: str, tmp: str) -> str:
    """Lines not depending on the GETs are written between them."""
    path = Path(tmp) / "mixed.txt"
    with open(path, "w") as f:
        for key, ms in (("m1", 150), ("m2", 30), ("m3", 90)):
            f.write(f"== {key} ==\n")
            f.write(requests.get(f"{web}/text/{key}?ms={ms}", timeout=TIMEOUT).text)
    return path.read_text()


# =========================================================================== dunder formatting


_FETCHES: list[str] = []


class Remote:
    """A value whose __str__ fetches it (lazy, like an ORM's attribute)."""

    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms = web, key, ms

    def __str__(self) -> str:
        _FETCHES.append(self.key)
        return _get(self.web, self.key, self.ms)

    def __repr__(self) -> str:
        return f"Remote({self.key!r})"


def _reset_fetches(env: Env) -> None:
    _FETCHES.clear()


def str_fetches_in_print(web: str) -> list[str]:
    a, b = Remote(web, "sa", 150), Remote(web, "sb", 30)
    print("a is", a)
    _put(web, "sb", "changed")
    print("b is", b)
    return list(_FETCHES)


class Money:
    calls = 0

    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __format__(self, spec: str) -> str:
        Money.calls += 1
        return format(f"${self.cents / 100:.2f}", spec)


def _reset_money(env: Env) -> None:
    Money.calls = 0


def format_counts_into_url(web: str) -> list[str]:
    """__format__ counts its calls; the count names the next key fetched."""
    total = Money(0)
    out = []
    for key, ms in (("m1", 150), ("m2", 30)):
        price = Money(len(_get(web, f"{key}-{Money.calls}", ms)) * 100)
        out.append(f"{key:<4}{price:>10}")
        total.cents += price.cents
    out.append(f"{'total':<4}{total:>10}")
    print("\n".join(out))
    return out + [str(Money.calls)]


def logging_lazy_str_fetch(web: str) -> list[str]:
    """logging formats its args when it emits: __str__ runs inside LOG.info."""
    r = Remote(web, "lz", 150)
    LOG.info("value is %s", r)
    _put(web, "lz", "new")
    LOG.info("now %s", r)
    return list(_FETCHES)


# =========================================================================== tables and text


def ljust_table_of_gets(web: str) -> str:
    rows = []
    for key, ms in (("alpha", 150), ("b", 30), ("gamma", 90)):
        rows.append((key, _get(web, key, ms)))
    width = max(len(k) for k, _ in rows)
    lines = [k.ljust(width) + " | " + v.rjust(10) for k, v in rows]
    table = "\n".join(lines)
    print(table)
    return table


def textwrap_chat_answers(client: Any, tmp: str) -> str:
    path = Path(tmp) / "wrapped.txt"
    with open(path, "w") as f:
        for i, lat in enumerate((0.15, 0.03)):
            ans = chat(client, f"explain {i}", lat)
            f.write(textwrap.fill(ans, width=30, initial_indent=f"{i}. ") + "\n")
            print(textwrap.shorten(ans, width=25, placeholder="..."))
    return path.read_text()


def pprint_stream_to_file(web: str, tmp: str) -> str:
    path = Path(tmp) / "pp.txt"
    with open(path, "w") as f:
        data = {k: _get(web, k, ms) for k, ms in (("pp1", 150), ("pp2", 30))}
        pprint.pprint(data, stream=f)
        f.write("--\n")
        pprint.pprint(sorted(data.values()), stream=f)
    return path.read_text()


# =========================================================================== logging to a file


_FILE_LOG = logging.getLogger("corpus.redteam96.file")
_FILE_LOG.propagate = False


def _setup_file_log(env: Env) -> None:
    for h in list(_FILE_LOG.handlers):
        _FILE_LOG.removeHandler(h)
        h.close()
    handler = logging.FileHandler(env.tmp / "app.log", mode="w")
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    _FILE_LOG.addHandler(handler)
    _FILE_LOG.setLevel(logging.INFO)


def module_file_handler_read_back(web: str, tmp: str) -> list[str]:
    for key, ms in (("fl1", 150), ("fl2", 30), ("fl3", 90)):
        _FILE_LOG.info("fetching %s", key)
        _FILE_LOG.info("%s -> %s", key, _get(web, key, ms))
    for h in _FILE_LOG.handlers:
        h.flush()
    return (Path(tmp) / "app.log").read_text().splitlines()


# =========================================================================== async and chats


async def async_redirect_awaits(web: str) -> str:
    buf = io.StringIO()
    async with httpx.AsyncClient(timeout=TIMEOUT) as c:
        with contextlib.redirect_stdout(buf):
            for key, ms in (("aa", 150), ("ab", 30)):
                r = await c.get(f"{web}/items/{key}?ms={ms}")
                print(key, r.json()["value"])
        print("outside", len(buf.getvalue()))
        await c.put(f"{web}/items/alog", content=buf.getvalue())
    return buf.getvalue()


async def async_print_file_between_awaits(web: str, tmp: str) -> str:
    path = Path(tmp) / "async.txt"
    async with httpx.AsyncClient(timeout=TIMEOUT) as c:
        with open(path, "w") as f:
            for key, ms in (("af1", 150), ("af2", 30)):
                print("begin", key, file=f)
                r = await c.get(f"{web}/items/{key}?ms={ms}")
                print("end", key, r.json()["value"], file=f)
    return path.read_text()


def chat_transcript_file(client: Any, tmp: str) -> str:
    path = Path(tmp) / "transcript.txt"
    with path.open("w") as f:
        for i, lat in enumerate((0.15, 0.03, 0.08)):
            q = f"q{i}"
            print(f"USER: {q}", file=f)
            print(f"BOT: {chat(client, q, lat)}", file=f)
    return path.read_text()


# =========================================================================== hidden effects


def _noisy_get(web: str, key: str, ms: int) -> str:
    print("get", key)
    value = _get(web, key, ms)
    print("got", key, value)
    return value


def noisy_helper_redirect_ends_between(web: str) -> list[str]:
    """A helper that prints: its first call's lines go to the buffer, its second's to stdout."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        a = _noisy_get(web, "na", 150)
    b = _noisy_get(web, "nb", 30)
    return [buf.getvalue(), a, b]


def noisy_helper_comprehension(web: str) -> list[str]:
    """A comprehension of a helper that prints before and after its GET."""
    return [_noisy_get(web, k, ms) for k, ms in (("c1", 150), ("c2", 30), ("c3", 90))]


def exitstack_redirect_closed_midway(web: str) -> str:
    buf = io.StringIO()
    stack = contextlib.ExitStack()
    stack.enter_context(contextlib.redirect_stdout(buf))
    first = _noisy_get(web, "es1", 150)
    stack.close()
    second = _noisy_get(web, "es2", 30)
    print("first", first, "second", second)
    return buf.getvalue()


def _fetch_into(f: Any, web: str, key: str, ms: int) -> None:
    f.write(f"{key}: ")
    f.write(_get(web, key, ms) + "\n")


def helper_writes_shared_file(web: str, tmp: str) -> str:
    """Two helper calls write to one open file: each writes a prefix, GETs, then the value."""
    path = Path(tmp) / "shared.txt"
    with open(path, "w") as f:
        _fetch_into(f, web, "sf1", 150)
        _fetch_into(f, web, "sf2", 30)
    return path.read_text()


def _logged_get(web: str, key: str, ms: int) -> str:
    LOG.info("fetch %s", key)
    return _get(web, key, ms)


def handler_added_between_logged_gets(web: str) -> str:
    """A helper logs; a StringIO handler is attached only around the second call."""
    a = _logged_get(web, "lg1", 150)
    buf = io.StringIO()
    h = logging.StreamHandler(buf)
    LOG.addHandler(h)
    b = _logged_get(web, "lg2", 30)
    LOG.removeHandler(h)
    c = _logged_get(web, "lg3", 60)
    return buf.getvalue() + "|" + a + b + c


class Saved:
    """A value whose __str__ stores it on the server as it is shown (a write in __str__)."""

    def __init__(self, web: str, key: str, value: str) -> None:
        self.web, self.key, self.value = web, key, value

    def __str__(self) -> str:
        _put(self.web, self.key, self.value)
        return self.value

    def __repr__(self) -> str:
        _put(self.web, self.key, "repr:" + self.value)
        return f"Saved({self.value!r})"


def print_str_puts_then_get(web: str) -> str:
    """print(obj) runs __str__, which PUTs; the GET after must see the new value."""
    s = Saved(web, "shown", "fresh")
    print("showing", s)
    return _get(web, "shown", 30)


def csv_row_str_puts_then_get(web: str, tmp: str) -> list[str]:
    """csv.writer calls str() on the cell, which PUTs."""
    path = Path(tmp) / "cells.csv"
    with open(path, "w", newline="") as f:
        csv.writer(f).writerow(["k", Saved(web, "cell", "celled")])
    return [path.read_text(), _get(web, "cell", 30)]


def logging_lazy_str_puts_then_get(web: str) -> str:
    LOG.info("saving %s", Saved(web, "logged", "via-log"))
    return _get(web, "logged", 30)


def pprint_repr_puts_then_get(web: str) -> list[str]:
    text = pprint.pformat([Saved(web, "pp", "pv")])
    return [text, _get(web, "pp", 30)]


_SINK: list[Any] = []


def _setup_sink(env: Env) -> None:
    _SINK.clear()
    _SINK.append(_PutWriter(env.web))


def handler_to_http_sink_then_get(web: str) -> list[str]:
    """A StreamHandler whose stream PUTs each line: LOG.info is a write the GET must follow."""
    h = logging.StreamHandler(_SINK[0])
    h.setFormatter(logging.Formatter("%(message)s"))
    LOG.addHandler(h)
    try:
        LOG.info("value %s", _get(web, "hv", 150))
        seen = _get(web, "log", 30)
    finally:
        LOG.removeHandler(h)
    return [seen]


def print_to_global_sink_then_get(web: str) -> list[str]:
    out = []
    for key, ms in (("gs1", 150), ("gs2", 30)):
        v = _get(web, key, ms)
        print(key, v, file=_SINK[0])
        out.append(_get(web, "log", 30))
    return out


# =========================================================================== keys from output state


def buffer_length_names_key_loop(web: str) -> list[str]:
    """print goes to the buffer through sys.stdout; the buffer's length names the next key."""
    buf = io.StringIO()
    got = []
    with contextlib.redirect_stdout(buf):
        for key, ms in (("bl1", 150), ("bl2", 30), ("bl3", 90)):
            print("item", key)
            got.append(_get(web, f"{key}-{len(buf.getvalue())}", ms))
    return got


def file_tell_names_key_loop(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "tell.txt"
    got = []
    with open(path, "w") as f:
        for key, ms in (("ft1", 150), ("ft2", 30), ("ft3", 90)):
            print("row", key, file=f)
            got.append(_get(web, f"{key}-{f.tell()}", ms))
    return got


def file_size_names_key_loop(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "grow.txt"
    path.write_text("")
    got = []
    for key, ms in (("fs1", 150), ("fs2", 30), ("fs3", 90)):
        with path.open("a") as f:
            f.write(key * 3 + "\n")
        got.append(_get(web, f"{key}-{path.stat().st_size}", ms))
    return got


def handler_buffer_length_names_key(web: str) -> list[str]:
    buf = io.StringIO()
    h = logging.StreamHandler(buf)
    LOG.addHandler(h)
    got = []
    try:
        for key, ms in (("hb1", 150), ("hb2", 30), ("hb3", 90)):
            LOG.warning("at %s", key)
            got.append(_get(web, f"{key}-{buf.tell()}", ms))
    finally:
        LOG.removeHandler(h)
    return got


def counting_out_loop_keys(web: str) -> list[str]:
    out = _CountingOut()
    got = []
    with contextlib.redirect_stdout(out):
        for key, ms in (("co1", 150), ("co2", 30), ("co3", 90)):
            print(key)
            got.append(_get(web, f"{key}-{out.writes}", ms))
    return got + [out.text]


def redirect_loop_raises_midway(web: str) -> tuple[str, str]:
    """A loop of GETs inside a redirect whose second key is missing: the lines before stay."""
    buf = io.StringIO()
    err = ""
    try:
        with contextlib.redirect_stdout(buf):
            for key, ms in (("rl1", 150), ("missing-rl2", 30), ("rl3", 90)):
                print("fetch", key)
                print("value", _get(web, key, ms))
    except requests.HTTPError as exc:
        err = exc.response.json()["error"]
    print("after", err)
    return buf.getvalue(), err


def stdout_rebound_in_loop(web: str) -> list[str]:
    """sys.stdout is rebound to a fresh buffer each iteration; prints follow it."""
    saved = sys.stdout
    bufs = []
    try:
        for key, ms in (("sr1", 150), ("sr2", 30), ("sr3", 90)):
            sys.stdout = io.StringIO()
            bufs.append(sys.stdout)
            print("value", _get(web, key, ms))
    finally:
        sys.stdout = saved
    return [b.getvalue() for b in bufs]


# =========================================================================== accumulating loops


def sink_progress_then_append_get(web: str) -> list[str]:
    """Progress printed to a stream that PUTs the log; each GET reads that log back."""
    sink = _PutWriter(web)
    got = []
    with contextlib.redirect_stdout(sink):
        for key, ms in (("sp1", 150), ("sp2", 30), ("sp3", 90)):
            print("asking", key, flush=True)
            got.append(_get(web, "log", ms))
    return got


def accumulate_len_buffer_key(web: str) -> int:
    buf = io.StringIO()
    total = 0
    with contextlib.redirect_stdout(buf):
        for key, ms in (("ab1", 150), ("ab2", 30), ("ab3", 90)):
            print(".", end="", flush=True)
            total += len(_get(web, f"{key}-{buf.tell()}", ms))
    return total


def report_write_tell_key(web: str) -> str:
    report = io.StringIO()
    report.write("# R\n")
    for key, ms in (("rt1", 150), ("rt2", 30), ("rt3", 90)):
        report.write(f"- {key}: {_get(web, f'{key}-{report.tell()}', ms)}\n")
    return report.getvalue()


def noisy_helper_append_loop(web: str) -> list[str]:
    got = []
    for key, ms in (("na1", 150), ("na2", 30), ("na3", 90)):
        got.append(_noisy_get(web, key, ms))
    print("all", len(got))
    return got


def logged_helper_accumulate(web: str) -> int:
    total = 0
    for key, ms in (("la1", 150), ("la2", 30), ("la3", 90)):
        total += len(_logged_get(web, key, ms))
    LOG.info("total %d", total)
    return total


def remote_print_with_append(web: str) -> list[str]:
    """The progress line shows a Remote, whose __str__ fetches; values are appended."""
    vals = []
    for key, ms in (("rp1", 150), ("rp2", 30)):
        print("progress", Remote(web, "status", 30))
        vals.append(_get(web, key, ms))
    return vals + list(_FETCHES)


def accumulate_raises_midway_prints(web: str) -> tuple[int, str]:
    total = 0
    err = ""
    try:
        for key, ms in (("ar1", 150), ("missing-ar2", 30), ("ar3", 90)):
            print("fetch", key, flush=True)
            total += len(_get(web, key, ms))
    except requests.HTTPError as exc:
        err = str(exc.response.status_code)
    print("total", total, err)
    return total, err


def rows_append_file_print_sink(web: str) -> list[Any]:
    """rows.append of GETs of the item a print(file=sink) PUTs in the same iteration."""
    sink = _PutWriter(web)
    rows = []
    for key, ms in (("rs1", 150), ("rs2", 30)):
        print("row", key, file=sink)
        rows.append((key, _get(web, "log", ms)))
    return rows


def ljust_table_rebinds_stdout(web: str) -> list[str]:
    saved = sys.stdout
    pages = []
    rows = []
    try:
        for key, ms in (("lt1", 150), ("lt2", 30), ("lt3", 90)):
            sys.stdout = io.StringIO()
            pages.append(sys.stdout)
            print(key.ljust(6), "|")
            rows.append((key, _get(web, key, ms)))
    finally:
        sys.stdout = saved
    return [p.getvalue() for p in pages] + [v for _, v in rows]


class Stamp:
    """__format__ PUTs the stamp it shows (a write hidden in a format spec)."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __format__(self, spec: str) -> str:
        _put(self.web, self.key, "stamped")
        return format(self.key, spec)


def print_saved_in_accumulate(web: str) -> int:
    total = 0
    for key, ms in (("ps1", 150), ("ps2", 30), ("ps3", 90)):
        print("mark", Saved(web, key, key.upper()), flush=True)
        total += len(_get(web, key, ms))
    return total


def log_saved_in_accumulate(web: str) -> int:
    total = 0
    for key, ms in (("ls1", 150), ("ls2", 30), ("ls3", 90)):
        LOG.info("mark %s", Saved(web, key, key.upper() * 2))
        total += len(_get(web, key, ms))
    return total


def format_stamp_in_report_write(web: str) -> str:
    report = io.StringIO()
    for key, ms in (("fm1", 150), ("fm2", 30), ("fm3", 90)):
        report.write(f"{Stamp(web, key):>8}")
        report.write(f" {_get(web, key, ms)}\n")
    return report.getvalue()


def rows_append_after_str_join(web: str) -> list[Any]:
    rows = []
    for key, ms in (("sj1", 150), ("sj2", 30)):
        label = " ".join(map(str, [Saved(web, key, "joined"), key]))
        rows.append((label, _get(web, key, ms)))
    return rows


def _drive_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _drive_web_tmp(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web, str(env.tmp)))


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


CASES: list[Case] = [
    # -- redirect_stdout
    _w(redirect_into_stringio_then_print, over(0.15, 0.03)),
    _wt(redirect_into_file),
    _w(redirect_exception_inside, cat="validation", speculative_reads=True),
    _w(buffer_sent_in_put_midway, cat="state"),
    _w(redirect_to_http_writer_then_get, cat="helpers"),
    # -- stderr
    _w(stderr_and_stdout_interleaved, over(0.15, 0.03, 0.09)),
    _wt(stderr_redirect_into_file, speculative_reads=True),
    # -- progress output
    _w(progress_dots_end_flush, over(0.15, 0.03, 0.09, 0.04)),
    _w(stdout_write_percent, over(0.15, 0.03, 0.09)),
    Case("sdk", progress_chat_flush, args=lambda env: (openai_client(env),), servers="api"),
    # -- reports in files
    _wt(stringio_report_write_read, over(0.15, 0.03, 0.09)),
    _wt(print_file_between_gets, over(0.15, 0.03)),
    _wt(csv_writer_between_gets, over(0.15, 0.03, 0.09)),
    _wt(csv_writerows_generator_put),
    _wt(json_dump_open_file_then_put),
    _wt(append_mode_read_before_flush),
    _wt(shutil_copy_midway),
    _wt(named_tempfile_seek_reread_put),
    _wt(file_header_written_before_gets, over(0.15, 0.03, 0.09)),
    # -- dunder formatting
    _w(str_fetches_in_print, cat="helpers", setup=_reset_fetches),
    _w(format_counts_into_url, cat="state", setup=_reset_money),
    _w(logging_lazy_str_fetch, cat="helpers", setup=_reset_fetches),
    # -- tables and text
    _w(ljust_table_of_gets, over(0.15, 0.03, 0.09)),
    Case("sdk", textwrap_chat_answers, args=oa_tmp, servers="api"),
    _wt(pprint_stream_to_file, over(0.15, 0.03)),
    # -- logging to a file
    _wt(module_file_handler_read_back, setup=_setup_file_log),
    # -- async and chats
    Case("clients", async_redirect_awaits, drive=_drive_web, servers="web"),
    Case("files", async_print_file_between_awaits, drive=_drive_web_tmp, servers="web"),
    Case("sdk", chat_transcript_file, args=oa_tmp, servers="api"),
    # -- hidden effects: helpers that print or log, __str__ that writes, streams that PUT
    _w(noisy_helper_redirect_ends_between),
    _w(noisy_helper_comprehension, over(0.15, 0.03, 0.09)),
    _w(exitstack_redirect_closed_midway),
    _wt(helper_writes_shared_file),
    _w(handler_added_between_logged_gets),
    _w(print_str_puts_then_get, cat="helpers"),
    _wt(csv_row_str_puts_then_get, cat="helpers"),
    _w(logging_lazy_str_puts_then_get, cat="helpers"),
    _w(pprint_repr_puts_then_get, cat="helpers"),
    _w(handler_to_http_sink_then_get, cat="helpers", setup=_setup_sink),
    _w(print_to_global_sink_then_get, cat="helpers", setup=_setup_sink),
    # -- keys named by the output's state
    _w(buffer_length_names_key_loop, cat="state"),
    _wt(file_tell_names_key_loop, cat="state"),
    _wt(file_size_names_key_loop, cat="state"),
    _w(handler_buffer_length_names_key, cat="state"),
    _w(counting_out_loop_keys, cat="state"),
    _w(redirect_loop_raises_midway, cat="validation", speculative_reads=True),
    _w(stdout_rebound_in_loop, over(0.15, 0.03, 0.09), cat="rebind"),
    # -- accumulating loops (the shapes the JIT overlaps)
    _w(sink_progress_then_append_get, cat="helpers"),
    _w(accumulate_len_buffer_key, cat="state"),
    _w(report_write_tell_key, cat="state"),
    _w(noisy_helper_append_loop, over(0.15, 0.03, 0.09)),
    _w(logged_helper_accumulate, over(0.15, 0.03, 0.09)),
    _w(remote_print_with_append, cat="helpers", setup=_reset_fetches),
    _w(accumulate_raises_midway_prints, cat="validation", speculative_reads=True),
    _w(rows_append_file_print_sink, cat="helpers"),
    _w(ljust_table_rebinds_stdout, over(0.15, 0.03, 0.09), cat="rebind"),
    _w(print_saved_in_accumulate, cat="helpers"),
    _w(log_saved_in_accumulate, cat="helpers"),
    _w(format_stamp_in_report_write, cat="helpers"),
    _w(rows_append_after_str_join, cat="helpers"),
]

FAILING_WHY: dict[str, str] = {
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
