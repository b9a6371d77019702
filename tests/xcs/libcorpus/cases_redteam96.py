"""Red-team cases (stop 96): output redirection and report writing around I/O.

`contextlib.redirect_stdout`/`redirect_stderr` into a `StringIO`, a file or an object whose
`write` sends a request; `print(..., file=f)` and `print(..., file=sys.stderr)`;
`sys.stdout.write` and `print(end="", flush=True)` progress; reports built in a `StringIO`,
written with `Path.write_text` and read back; `csv.writer`/`DictWriter` and `json.dump` into
open files between GETs; `tempfile.NamedTemporaryFile`/`SpooledTemporaryFile`;
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


def redirect_get_outside_with(web: str) -> list[str]:
    """The GETs are outside the redirect; the print between them lands in the buffer."""
    buf = io.StringIO()
    first = _get(web, "first", 150)
    with contextlib.redirect_stdout(buf):
        print("between", first)
    second = _get(web, "second", 30)
    print("after", second)
    return [buf.getvalue(), first, second]


def redirect_per_item_capture(web: str) -> dict[str, str]:
    """Each item's prints are captured in its own buffer."""
    captured = {}
    for key, ms in (("x", 150), ("y", 30), ("z", 90)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            print("start", key)
            value = _get(web, key, ms)
            print("value", value)
        captured[key] = buf.getvalue()
        print("done", key)
    return captured


def redirect_nested_buffers(web: str) -> list[str]:
    outer, inner = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(outer):
        print("outer 1", _get(web, "o1", 150))
        with contextlib.redirect_stdout(inner):
            print("inner", _get(web, "i1", 30))
        print("outer 2", _get(web, "o2", 60))
    return [outer.getvalue(), inner.getvalue()]


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


def sys_stdout_swapped_by_hand(web: str) -> str:
    """sys.stdout assigned directly, restored in finally."""
    buf = io.StringIO()
    saved = sys.stdout
    sys.stdout = buf
    try:
        print("one", _get(web, "one", 150))
        print("two", _get(web, "two", 30))
    finally:
        sys.stdout = saved
    print("restored", len(buf.getvalue()))
    return buf.getvalue()


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


def print_file_http_writer(web: str) -> list[str]:
    """print(file=sink) where sink PUTs; reads of the same item follow."""
    sink = _PutWriter(web)
    out = []
    for key, ms in (("r1", 150), ("r2", 30)):
        print(key, _get(web, key, ms), file=sink)
        out.append(_get(web, "log", 40))
    return out


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


def counting_stdout_drives_url(web: str) -> list[str]:
    """The number of writes made to a redirect target names the next key read."""
    out = _CountingOut()
    values = []
    with contextlib.redirect_stdout(out):
        print("a", "b")
        values.append(_get(web, f"w{out.writes}", 150))
        print(values[-1])
        values.append(_get(web, f"w{out.writes}", 30))
    return values + [out.text]


# =========================================================================== stderr


def redirect_stderr_warnings(web: str) -> list[str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        a = _get(web, "a", 150)
        print("warn: slow a", file=sys.stderr)
        b = _get(web, "b", 30)
        print("warn: fast b", file=sys.stderr)
    print("values", a, b)
    return err.getvalue().splitlines()


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


def stdout_writelines_generator(web: str) -> None:
    """writelines consumes a generator whose every element is a GET."""
    keys = (("g1", 150), ("g2", 30), ("g3", 90))
    sys.stdout.writelines(f"{k}: {_get(web, k, ms)}\n" for k, ms in keys)


def print_star_generator(web: str) -> None:
    print(*(_get(web, k, ms) for k, ms in (("v1", 150), ("v2", 30))), sep=" | ")


def print_two_gets_one_line(web: str) -> str:
    line = f"{_get(web, 'left', 150)} <-> {_get(web, 'right', 30)}"
    print(line)
    return line


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


def csv_dictwriter_then_put(web: str, tmp: str) -> int:
    path = Path(tmp) / "table.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["name", "value", "len"])
        w.writeheader()
        for name, ms in (("d1", 150), ("d2", 30)):
            v = _get(web, name, ms)
            w.writerow({"name": name, "value": v, "len": len(v)})
    return _put(web, "table", path.read_text())


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


def json_dump_default_fetches(web: str, tmp: str) -> str:
    """json.dump's default= hook makes a GET for each object it cannot encode."""
    class Ref:
        def __init__(self, key: str, ms: int) -> None:
            self.key, self.ms = key, ms

    def resolve(o: Any) -> Any:
        print("resolve", o.key)
        return _get(web, o.key, o.ms)

    path = Path(tmp) / "refs.json"
    with open(path, "w") as f:
        json.dump({"a": Ref("ra", 150), "b": Ref("rb", 30)}, f, default=resolve)
    return path.read_text()


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


def append_per_get_reopen(web: str, tmp: str) -> list[str]:
    path = Path(tmp) / "journal.txt"
    for key, ms in (("j1", 150), ("j2", 30), ("j3", 90)):
        with path.open("a") as f:
            f.write(f"{key} {_get(web, key, ms)}\n")
        print("lines so far", len(path.read_text().splitlines()))
    return path.read_text().splitlines()


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


def spooled_tempfile_then_copy(web: str, tmp: str) -> str:
    with tempfile.SpooledTemporaryFile(max_size=10, mode="w+") as spool:
        spool.write(_get(web, "sp1", 150))
        spool.write("|")
        spool.write(_get(web, "sp2", 30))
        spool.seek(0)
        with open(Path(tmp) / "spooled.txt", "w") as out:
            shutil.copyfileobj(spool, out)
    return (Path(tmp) / "spooled.txt").read_text()


def file_header_written_before_gets(web: str, tmp: str) -> str:
    """Lines not depending on the GETs are written between them."""
    path = Path(tmp) / "mixed.txt"
    with open(path, "w") as f:
        for key, ms in (("m1", 150), ("m2", 30), ("m3", 90)):
            f.write(f"== {key} ==\n")
            f.write(requests.get(f"{web}/text/{key}?ms={ms}", timeout=TIMEOUT).text)
    return path.read_text()


def writelines_generator_to_file(web: str, tmp: str) -> str:
    path = Path(tmp) / "wl.txt"
    with open(path, "w") as f:
        f.writelines(f"{k}={_get(web, k, ms)}\n" for k, ms in (("w1", 150), ("w2", 30)))
    return path.read_text()


def report_file_then_upload_via_httpx(web: str, tmp: str) -> list[Any]:
    path = Path(tmp) / "summary.txt"
    with httpx.Client(timeout=TIMEOUT) as c:
        lines = [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                 for k, ms in (("h1", 150), ("h2", 30))]
        path.write_text("\n".join(lines))
        r = c.put(f"{web}/items/summary", content=path.read_bytes())
        back = c.get(f"{web}/items/summary?ms=30").json()["value"]
    return [r.json()["version"], back]


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


def str_fetches_in_fstring_after_put(web: str) -> str:
    r = Remote(web, "fa", 30)
    _put(web, "fa", "v1")
    first = f"{r}"
    _put(web, "fa", "v2")
    return first + "/" + f"{r!s}"


def repr_in_pprint(web: str) -> str:
    items = {"x": Remote(web, "px", 150), "y": [Remote(web, "py", 30)]}
    pprint.pprint(items)
    text = pprint.pformat(items, width=30)
    print(str(items["x"]))
    return text


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


def logging_debug_disabled_no_fetch(web: str) -> list[str]:
    """A disabled level never formats: no fetch happens."""
    r = Remote(web, "dbg", 150)
    quiet = logging.getLogger("corpus.redteam96.quiet")
    quiet.setLevel(logging.WARNING)
    quiet.debug("never %s", r)
    quiet.warning("shown %s", r)
    v = _get(web, "other", 30)
    return list(_FETCHES) + [v]


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


def width_from_get_then_format(web: str) -> list[str]:
    width = len(_get(web, "widthkey", 150)) + 2
    out = []
    for key, ms in (("n1", 30), ("n2", 60)):
        out.append(f"{key:>{width}}:{_get(web, key, ms):^{width}}")
        print(out[-1])
    return out


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


def file_handler_log_then_put_log(web: str, tmp: str) -> str:
    _FILE_LOG.warning("start")
    v = _get(web, "w1", 150)
    _FILE_LOG.warning("got %s", v)
    for h in _FILE_LOG.handlers:
        h.flush()
    _put(web, "applog", (Path(tmp) / "app.log").read_text())
    _FILE_LOG.warning("uploaded")
    return _get(web, "applog", 30)


def stream_handler_stringio_local(web: str) -> str:
    """A handler to a StringIO added and removed inside the function."""
    buf = io.StringIO()
    h = logging.StreamHandler(buf)
    h.setFormatter(logging.Formatter("%(message)s"))
    LOG.addHandler(h)
    try:
        for key, ms in (("sh1", 150), ("sh2", 30)):
            LOG.info("got %s", _get(web, key, ms))
    finally:
        LOG.removeHandler(h)
    LOG.info("not captured")
    return buf.getvalue()


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


async def async_gather_then_report(web: str) -> list[str]:
    async with httpx.AsyncClient(timeout=TIMEOUT) as c:
        rs = await asyncio.gather(*(c.get(f"{web}/items/{k}?ms={ms}")
                                    for k, ms in (("ga", 150), ("gb", 30))))
    buf = io.StringIO()
    for r in rs:
        print(r.json()["key"], r.json()["value"], file=buf)
    print(buf.getvalue(), end="")
    return buf.getvalue().splitlines()


def chat_transcript_file(client: Any, tmp: str) -> str:
    path = Path(tmp) / "transcript.txt"
    with path.open("w") as f:
        for i, lat in enumerate((0.15, 0.03, 0.08)):
            q = f"q{i}"
            print(f"USER: {q}", file=f)
            print(f"BOT: {chat(client, q, lat)}", file=f)
    return path.read_text()


def chat_redirect_capture_each(client: Any) -> list[str]:
    logs = []
    for i, lat in enumerate((0.15, 0.03)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            print("prompt", i)
            print("answer", chat(client, f"p{i}", lat)[:20])
        logs.append(buf.getvalue())
    print("\n".join(logs))
    return logs


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
    _w(redirect_get_outside_with, over(0.15, 0.03)),
    _w(redirect_per_item_capture, over(0.15, 0.03, 0.09)),
    _w(redirect_nested_buffers, over(0.15, 0.03, 0.06)),
    _wt(redirect_into_file),
    _w(redirect_exception_inside, cat="validation", speculative_reads=True),
    _w(sys_stdout_swapped_by_hand, over(0.15, 0.03), cat="rebind"),
    _w(buffer_sent_in_put_midway, cat="state"),
    _w(redirect_to_http_writer_then_get, cat="helpers"),
    _w(print_file_http_writer, cat="helpers"),
    _w(counting_stdout_drives_url, cat="state"),
    # -- stderr
    _w(redirect_stderr_warnings, over(0.15, 0.03)),
    _w(stderr_and_stdout_interleaved, over(0.15, 0.03, 0.09)),
    _wt(stderr_redirect_into_file, speculative_reads=True),
    # -- progress output
    _w(progress_dots_end_flush, over(0.15, 0.03, 0.09, 0.04)),
    _w(stdout_write_percent, over(0.15, 0.03, 0.09)),
    _w(stdout_writelines_generator),
    _w(print_star_generator),
    _w(print_two_gets_one_line, over(0.15, 0.03)),
    Case("sdk", progress_chat_flush, args=lambda env: (openai_client(env),), servers="api"),
    # -- reports in files
    _wt(stringio_report_write_read, over(0.15, 0.03, 0.09)),
    _wt(print_file_between_gets, over(0.15, 0.03)),
    _wt(csv_writer_between_gets, over(0.15, 0.03, 0.09)),
    _wt(csv_dictwriter_then_put),
    _wt(csv_writerows_generator_put),
    _wt(json_dump_open_file_then_put),
    _wt(json_dump_default_fetches),
    _wt(append_mode_read_before_flush),
    _wt(append_per_get_reopen),
    _wt(shutil_copy_midway),
    _wt(named_tempfile_seek_reread_put),
    _wt(spooled_tempfile_then_copy),
    _wt(file_header_written_before_gets, over(0.15, 0.03, 0.09)),
    _wt(writelines_generator_to_file),
    _wt(report_file_then_upload_via_httpx),
    # -- dunder formatting
    _w(str_fetches_in_print, cat="helpers", setup=_reset_fetches),
    _w(str_fetches_in_fstring_after_put, cat="helpers", setup=_reset_fetches),
    _w(repr_in_pprint, cat="helpers", setup=_reset_fetches),
    _w(format_counts_into_url, cat="state", setup=_reset_money),
    _w(logging_lazy_str_fetch, cat="helpers", setup=_reset_fetches),
    _w(logging_debug_disabled_no_fetch, cat="helpers", setup=_reset_fetches),
    # -- tables and text
    _w(ljust_table_of_gets, over(0.15, 0.03, 0.09)),
    _w(width_from_get_then_format),
    Case("sdk", textwrap_chat_answers, args=oa_tmp, servers="api"),
    _wt(pprint_stream_to_file, over(0.15, 0.03)),
    # -- logging to a file
    _wt(module_file_handler_read_back, setup=_setup_file_log),
    _wt(file_handler_log_then_put_log, setup=_setup_file_log),
    _w(stream_handler_stringio_local, over(0.15, 0.03)),
    # -- async and chats
    Case("clients", async_redirect_awaits, drive=_drive_web, servers="web"),
    Case("files", async_print_file_between_awaits, drive=_drive_web_tmp, servers="web"),
    Case("clients", async_gather_then_report, drive=_drive_web, servers="web",
         ideal=over(0.15, 0.03)),
    Case("sdk", chat_transcript_file, args=oa_tmp, servers="api"),
    Case("sdk", chat_redirect_capture_each, args=lambda env: (openai_client(env),),
         servers="api"),
]

FAILING_WHY: dict[str, str] = {
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
