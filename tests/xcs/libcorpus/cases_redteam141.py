"""Red-team cases (stop 141): progress reporting and user interfaces around I/O loops.

`rich.progress` (``Progress`` with ``add_task``/``advance``/``update``, ``track(items)``,
``progress.console.print``), `rich.console.Console` (``print``, ``log`` with its path
column, ``rule``, ``status``, ``capture``, recorded and exported), ``rich.table`` summaries,
``print(..., end='\\r', flush=True)`` counters, ``sys.stdout.write`` + ``flush`` (its count
used), ``sys.stderr`` messages (the drive puts the harness's stdout there, so stdout and
stderr interleave in one compared stream), logging per item through a library formatter
with ``%(threadName)s``/``%(funcName)s``/``%(lineno)d`` fields (the drive points the
``app141`` handler at stdout), a `LoggerAdapter` with ``extra``, a `Formatter` subclass
adding colour, ``enumerate``-based ``[i/n]`` lines, a summary table printed at the end,
`textwrap`/`pprint` of answers, ANSI colour codes, ``print`` inside helpers called from
comprehensions, ``print`` inside ``finally``, `click.echo`/`click.style`, and output
redirected with ``contextlib.redirect_stdout(io.StringIO())`` for one part of the
function (or a tee of the user's put in ``sys.stdout`` by a helper). Mixed with GETs/PUTs
on the HTTP server and `oa` model calls. Outputs are deterministic: no times, no colours
from rich, no live refresh. Sibling calls get unequal latencies, slow first. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import pprint
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import requests
import rich.console
import rich.progress
import rich.table

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam141")

KEYS = (("pa", 150), ("pb", 40), ("pc", 90))
LATS = (0.15, 0.04, 0.09)
QUESTIONS = ("Why is the sky blue?", "What is a monad?", "Name a prime.")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


THREE = over(0.15, 0.04, 0.09)


def get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put(web: str, key: str, value: str, ms: int = 30) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=value, timeout=5).json()["version"]


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def console(**kw: Any) -> rich.console.Console:
    """A quiet console on whatever sys.stdout is when it is made: no colours, no times."""
    kw.setdefault("file", sys.stdout)
    return rich.console.Console(width=80, color_system=None, force_terminal=False,
                                highlight=False, log_time=False, log_path=False, **kw)


# A module-level console with no file: rich writes to whatever sys.stdout is at each print.
CON = rich.console.Console(width=80, color_system=None, force_terminal=False, highlight=False,
                           log_time=False, log_path=False)


# A plain logger of the app, with the library's handler and formatter (the drive points the
# handler's stream at the harness's stdout for the run).
APP = logging.getLogger("app141")
APP.propagate = False
APP.setLevel(logging.INFO)
_APP_HANDLER = logging.StreamHandler(io.StringIO())
_APP_HANDLER.setFormatter(logging.Formatter(
    "%(threadName)s %(funcName)s:%(lineno)d %(levelname)s %(message)s"))
APP.addHandler(_APP_HANDLER)


class ColourFormatter(logging.Formatter):
    """Colours the level name, as people write for a terminal."""

    COLOURS = {"INFO": "\033[32m", "WARNING": "\033[33m", "ERROR": "\033[31m"}

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return f"{self.COLOURS.get(record.levelname, '')}{text}\033[0m"


COLOURED = logging.getLogger("app141.colour")
COLOURED.propagate = False
COLOURED.setLevel(logging.INFO)
_COLOUR_HANDLER = logging.StreamHandler(io.StringIO())
_COLOUR_HANDLER.setFormatter(ColourFormatter("%(levelname)s %(funcName)s %(message)s"))
COLOURED.addHandler(_COLOUR_HANDLER)


# =========================================================================== rich.progress


def r141_progress_add_task_advance(web: str) -> list[str]:
    out = []
    with rich.progress.Progress(rich.progress.TextColumn("{task.description}"),
                                rich.progress.MofNCompleteColumn(), console=console(),
                                auto_refresh=False) as progress:
        task = progress.add_task("items", total=len(KEYS))
        for key, ms in KEYS:
            out.append(get(web, key, ms))
            progress.advance(task)
    return out


def r141_progress_console_print_each(web: str) -> list[str]:
    out = []
    with rich.progress.Progress(rich.progress.TextColumn("{task.description}"),
                                console=console(), auto_refresh=False) as progress:
        task = progress.add_task("fetching", total=len(KEYS))
        for key, ms in KEYS:
            value = get(web, key, ms)
            progress.console.print(f"{key} -> {value}")
            progress.update(task, advance=1, description=f"last {key}")
            out.append(value)
    return out


def r141_track_loop_gets(web: str) -> list[str]:
    out = []
    for key, ms in rich.progress.track(KEYS, description="keys", console=console(),
                                       auto_refresh=False):
        out.append(get(web, key, ms))
    return out


def r141_track_listcomp_gets(web: str) -> list[str]:
    return [get(web, key, ms) for key, ms in
            rich.progress.track(KEYS, description="keys", console=console(), auto_refresh=False)]


def r141_progress_gets_then_puts(web: str) -> list[Any]:
    """Two phases on two tasks: reads, then each value PUT back in order."""
    with rich.progress.Progress(rich.progress.TextColumn("{task.description}"),
                                rich.progress.BarColumn(bar_width=10),
                                console=console(), auto_refresh=False) as progress:
        reading = progress.add_task("read", total=3)
        values = []
        for key, ms in KEYS:
            values.append(get(web, key, ms))
            progress.advance(reading)
        writing = progress.add_task("write", total=3)
        versions = []
        for (key, _), value in zip(KEYS, values, strict=True):
            versions.append(put(web, f"copy-{key}", value.upper()))
            progress.advance(writing)
    return [values, versions, get(web, "copy-pb", 20)]


def r141_progress_model_calls_straight(client: Any) -> list[str]:
    with rich.progress.Progress(rich.progress.TextColumn("{task.description}"),
                                console=console(), auto_refresh=False) as progress:
        task = progress.add_task("asking", total=3)
        a = ask(client, QUESTIONS[0], 0.15)
        progress.advance(task)
        b = ask(client, QUESTIONS[1], 0.04)
        progress.advance(task)
        c = ask(client, QUESTIONS[2], 0.09)
        progress.advance(task)
    return [a, b, c]


# =========================================================================== rich.console


def r141_console_print_after_three_gets(web: str) -> list[str]:
    con = console()
    a = get(web, "ca", 150)
    b = get(web, "cb", 40)
    c = get(web, "cc", 90)
    con.print(f"[bold]a[/bold]={a}")
    con.print(f"[bold]b[/bold]={b}")
    con.print(f"[bold]c[/bold]={c}")
    return [a, b, c]


def r141_console_print_between_gets(web: str) -> list[str]:
    CON.print("start")
    a = get(web, "cd", 150)
    CON.print("got", a)
    b = get(web, "ce", 40)
    CON.print("got", b)
    c = get(web, "cf", 90)
    CON.rule("done")
    return [a, b, c]


def r141_console_log_path_column(web: str) -> list[str]:
    """`console.log` with its path column: the file name and line of the caller."""
    con = rich.console.Console(file=sys.stdout, width=100, color_system=None,
                               force_terminal=False, highlight=False, log_time=False,
                               log_path=True)
    out = []
    for key, ms in KEYS:
        value = get(web, key, ms)
        con.log(f"got {key}={value}")
        out.append(value)
    return out


def _log_got(con: rich.console.Console, key: str, value: str) -> str:
    con.log(f"helper {key}={value}")
    return value


def r141_console_log_path_in_listcomp_helper(web: str) -> list[str]:
    con = rich.console.Console(file=sys.stdout, width=100, color_system=None,
                               force_terminal=False, highlight=False, log_time=False,
                               log_path=True)
    return [_log_got(con, key, get(web, key, ms)) for key, ms in KEYS]


def r141_console_status_around_gets(web: str) -> list[str]:
    con = console()
    with con.status("working..."):
        a = get(web, "sa", 150)
        b = get(web, "sb", 40)
        c = get(web, "sc", 90)
    con.print("done", a, b, c)
    return [a, b, c]


def r141_console_capture_block(web: str) -> tuple[list[str], str]:
    con = console()
    with con.capture() as cap:
        a = get(web, "cap1", 150)
        con.print("inside", a)
        b = get(web, "cap2", 40)
    c = get(web, "cap3", 90)
    print("captured:", cap.get().strip())
    return [a, b, c], cap.get()


def r141_rich_table_summary_at_end(client: Any, web: str) -> list[str]:
    a = ask(client, QUESTIONS[0], 0.15)
    b = get(web, "tb", 40)
    c = ask(client, QUESTIONS[1], 0.09)
    table = rich.table.Table("source", "answer", title="summary")
    table.add_row("model", a[:30])
    table.add_row("web", b)
    table.add_row("model", c[:30])
    console().print(table)
    return [a, b, c]


def r141_rich_print_markup_escape(client: Any) -> list[str]:
    """Answers printed with `rich.markup.escape` (model text may hold brackets)."""
    from rich.markup import escape

    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        answer = ask(client, q, lat)
        CON.print(f"[cyan]{escape(q)}[/cyan] {escape(answer[:40])}")
        out.append(answer)
    return out


# =========================================================================== print counters


def r141_print_carriage_counter(web: str) -> list[str]:
    out = []
    n = len(KEYS)
    for i, (key, ms) in enumerate(KEYS, 1):
        out.append(get(web, key, ms))
        print(f"\r[{i}/{n}] {key}", end="", flush=True)
    print()
    return out


def r141_stdout_write_flush(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        sys.stdout.write(f"{key}... ")
        sys.stdout.flush()
        value = get(web, key, ms)
        sys.stdout.write("ok\n")
        out.append(value)
    return out


def r141_stdout_write_count_used(web: str) -> tuple[list[str], int]:
    written = 0
    out = []
    for key, ms in KEYS:
        value = get(web, key, ms)
        written += sys.stdout.write(f"{key}={value}\n")
        out.append(value)
    return out, written


def r141_enumerate_i_of_n_lines(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True), 1):
        answer = ask(client, q, lat)
        print(f"[{i}/{len(QUESTIONS)}] {q} -> {len(answer)} chars")
        out.append(answer)
    return out


def r141_colour_codes_status(web: str) -> list[str]:
    green, red, reset = "\033[32m", "\033[31m", "\033[0m"
    out = []
    for key in ("g1", "missing-g2", "g3"):
        r = requests.get(f"{web}/items/{key}?ms=60", timeout=5)
        colour = green if r.ok else red
        print(f"{colour}{r.status_code}{reset} {key}")
        out.append(r.json().get("value", "-"))
    return out


def r141_summary_table_ljust(client: Any, web: str) -> list[tuple[str, int]]:
    rows = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        rows.append((q, len(ask(client, q, lat))))
    rows.append(("web", len(get(web, "sum", 70))))
    width = max(len(name) for name, _ in rows)
    print("name".ljust(width), "| chars")
    print("-" * width + "-+------")
    for name, n in rows:
        print(name.ljust(width), "|", str(n).rjust(5))
    print(f"total: {sum(n for _, n in rows)}")
    return rows


# =========================================================================== stderr


def r141_stderr_print_between_gets(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        print(f"fetching {key}", file=sys.stderr)
        out.append(get(web, key, ms))
        print(f"{key} ok")
    return out


def r141_stderr_write_on_error(web: str) -> list[str]:
    out = []
    for key in ("e1", "missing-e2", "e3"):
        r = requests.get(f"{web}/items/{key}?ms=80", timeout=5)
        if r.status_code != 200:
            sys.stderr.write(f"warning: {key} gave {r.status_code}\n")
            continue
        out.append(r.json()["value"])
        print("ok", key)
    return out


def r141_stderr_and_stdout_interleaved_model(client: Any) -> list[str]:
    a = ask(client, QUESTIONS[0], 0.15)
    sys.stderr.write("first done\n")
    b = ask(client, QUESTIONS[1], 0.04)
    print("second", len(b))
    c = ask(client, QUESTIONS[2], 0.09)
    print("third", len(c), file=sys.stderr)
    return [a, b, c]


# =========================================================================== logging


def r141_log_threadname_funcname_loop(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        value = get(web, key, ms)
        APP.info("got %s=%s", key, value)
        out.append(value)
    return out


def _logged_get(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    APP.info("helper got %s", key)
    return value


def r141_log_threadname_helper_listcomp(web: str) -> list[str]:
    return [_logged_get(web, key, ms) for key, ms in KEYS]


def _log_then_get(web: str, key: str, ms: int) -> str:
    APP.info("asking for %s", key)
    return get(web, key, ms)


def r141_log_before_get_helper_loop(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        out.append(_log_then_get(web, key, ms))
    return out


def r141_log_adapter_extra(client: Any) -> list[str]:
    adapter = logging.LoggerAdapter(APP, {"job": "batch-7"})
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        answer = ask(client, q, lat)
        adapter.info("answered %r", q)
        out.append(answer)
    return out


def r141_log_colour_formatter_subclass(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        value = get(web, key, ms)
        COLOURED.info("%s=%s", key, value)
        out.append(value)
    COLOURED.warning("%d items", len(out))
    return out


def r141_corpus_log_per_item_model(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True), 1):
        answer = ask(client, q, lat)
        LOG.info("[%d/%d] %s", i, len(QUESTIONS), answer[:20])
        out.append(answer)
    return out


def r141_log_in_finally_per_item(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        try:
            out.append(get(web, key, ms))
        finally:
            APP.info("finished %s", key)
    return out


# =========================================================================== helpers that print


def _show(key: str, value: str) -> str:
    print(f"  {key}: {value}")
    return value


def r141_print_helper_in_listcomp(web: str) -> list[str]:
    return [_show(key, get(web, key, ms)) for key, ms in KEYS]


def _verbose_get(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    print(f"  -> {value}")
    return value


def r141_verbose_helper_listcomp(web: str) -> list[str]:
    return [_verbose_get(web, key, ms) for key, ms in KEYS]


def _announce(i: int, n: int, key: str) -> None:
    print(f"[{i}/{n}] {key}")


def r141_announce_helper_then_get(web: str) -> list[str]:
    out = []
    for i, (key, ms) in enumerate(KEYS, 1):
        _announce(i, len(KEYS), key)
        out.append(get(web, key, ms))
    return out


def r141_dict_comp_print_helper_model(client: Any) -> dict[str, str]:
    return {q: _show(q[:8], ask(client, q, lat)) for q, lat in zip(QUESTIONS, LATS, strict=True)}


# =========================================================================== finally


def r141_print_in_finally_per_item_status(web: str) -> list[str]:
    out = []
    for key in ("h1", "missing-h2", "h3"):
        status = "?"
        try:
            r = requests.get(f"{web}/items/{key}?ms=60", timeout=5)
            status = str(r.status_code)
            out.append(r.json().get("value", ""))
        finally:
            print(f"{key}: {status}")
    return out


# =========================================================================== textwrap, pprint


def r141_textwrap_fill_answers(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        answer = ask(client, q, lat)
        print(textwrap.fill(answer, width=40, initial_indent="> ", subsequent_indent="  "))
        out.append(answer)
    return out


def r141_pprint_each_in_loop(web: str) -> list[Any]:
    out = []
    for key, ms in KEYS:
        data = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()
        pprint.pprint(data)
        out.append(data)
    return out


def r141_pformat_then_log(client: Any) -> list[str]:
    answers = [ask(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]
    LOG.info("answers:\n%s", pprint.pformat([a[:15] for a in answers]))
    return answers


# =========================================================================== redirected output


def r141_redirect_stdout_one_part(web: str) -> tuple[list[str], str]:
    a = get(web, "ra", 150)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("noisy part for", a)
    b = get(web, "rb", 40)
    c = get(web, "rc", 90)
    print("visible", b, c)
    return [a, b, c], buf.getvalue()


def r141_redirect_stdout_around_gets(web: str) -> tuple[list[str], str]:
    with contextlib.redirect_stdout(io.StringIO()) as buf:
        out = []
        for key, ms in KEYS:
            value = get(web, key, ms)
            print("quiet", key, value)
            out.append(value)
    print("captured", len(buf.getvalue().splitlines()), "lines")
    return out, buf.getvalue()


def _noisy_library_step(value: str) -> str:
    print("library chatter:", value)
    return value.upper()


def r141_redirect_stdout_mutes_helper(web: str) -> list[str]:
    values = [get(web, key, ms) for key, ms in KEYS]
    with contextlib.redirect_stdout(io.StringIO()):
        shouted = [_noisy_library_step(v) for v in values]
    print("shouted", shouted)
    return shouted


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield buf


def r141_quiet_helper_context(web: str) -> tuple[list[str], str]:
    a = get(web, "qa", 150)
    with _quiet() as buf:
        print("hidden", a)
        b = get(web, "qb", 40)
    c = get(web, "qc", 90)
    print("shown", b, c)
    return [a, b, c], buf.getvalue()


class _Tee:
    """Writes to the real stdout and to a log file (`tee`)."""

    def __init__(self, stream: Any, path: str) -> None:
        self.stream = stream
        self.path = path

    def write(self, s: str) -> int:
        with open(self.path, "a") as f:
            f.write(s)
        return self.stream.write(s)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def _teed(path: str) -> Iterator[None]:
    saved = sys.stdout
    sys.stdout = _Tee(saved, path)
    try:
        yield
    finally:
        sys.stdout = saved


def r141_tee_stdout_to_file_then_read(web: str, tmp: str) -> tuple[list[str], str]:
    log = str(Path(tmp) / "run.log")
    Path(log).write_text("")
    with _teed(log):
        out = []
        for key, ms in KEYS:
            value = get(web, key, ms)
            print(f"{key}={value}")
            out.append(value)
    return out, Path(log).read_text()


def _install_tee(path: str) -> Any:
    saved = sys.stdout
    sys.stdout = _Tee(saved, path)
    return saved


def r141_tee_read_log_straight(web: str, tmp: str) -> str:
    """A tee of stdout to a log file, put there by a helper's context manager: a value is
    fetched and printed, and the log read back."""
    log = Path(tmp) / "steps.log"
    log.write_text("")
    with _teed(str(log)):
        print("got", get(web, "ta", 40))
        return log.read_text()


class _RemoteConsole:
    """Streams what is printed to a log collector (a PUT per line), and to stdout."""

    def __init__(self, web: str, stream: Any) -> None:
        self.web = web
        self.stream = stream

    def write(self, s: str) -> int:
        if s.strip():
            requests.put(f"{self.web}/items/console?ms=10", data=s.strip(), timeout=5)
        return self.stream.write(s)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def _remote(web: str) -> Iterator[None]:
    saved = sys.stdout
    sys.stdout = _RemoteConsole(web, saved)
    try:
        yield
    finally:
        sys.stdout = saved


def r141_remote_console_then_get_same_key(web: str) -> list[str]:
    with _remote(web):
        print("hello collector")
        seen = get(web, "console", 20)
        print("second line")
        seen2 = get(web, "console", 20)
    return [seen, seen2]


def r141_partial_print_to_log_file_read_between(tmp: str, web: str) -> list[str]:
    import functools

    path = Path(tmp) / "between.log"
    path.write_text("")
    fh = open(path, "a")  # noqa: SIM115 - closed in finally
    say = functools.partial(print, file=fh, flush=True)
    try:
        say("one")
        first = path.read_text()
        a = get(web, "pa", 40)
        say("two", a)
        second = path.read_text()
    finally:
        fh.close()
    return [first, second]


def r141_print_to_open_file_flush_read(tmp: str) -> list[str]:
    path = Path(tmp) / "direct.log"
    path.write_text("")
    with open(path, "a") as fh:
        print("alpha", file=fh, flush=True)
        first = path.read_text()
        print("beta", file=fh, flush=True)
        second = path.read_text()
    return [first, second]


def r141_listcomp_of_prints(web: str) -> list[None]:
    """A comprehension run for its prints (as people write one-liners)."""
    return [print(f"{key}: {get(web, key, ms)}") for key, ms in KEYS]


def r141_console_log_in_listcomp_multiline(web: str) -> list[None]:
    con = rich.console.Console(file=sys.stdout, width=100, color_system=None,
                               force_terminal=False, highlight=False, log_time=False,
                               log_path=True)
    return [
        con.log(
            f"{key}={get(web, key, ms)}"
        )
        for key, ms in KEYS
    ]


def r141_finally_prints_fast_failure_second(web: str) -> list[str]:
    out: list[str] = []
    try:
        for key, ms in (("s1", 150), ("missing-s2", 10), ("s3", 90)):
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            r.raise_for_status()
            print("ok", key)
            out.append(r.json()["value"])
    finally:
        print(f"finally: {out}")
    return out


def r141_progress_fast_failure_second(web: str) -> list[str]:
    out: list[str] = []
    with rich.progress.Progress(rich.progress.TextColumn("{task.description}"),
                                rich.progress.MofNCompleteColumn(),
                                console=console(), auto_refresh=False) as progress:
        task = progress.add_task("items", total=3)
        for key, ms in (("t1", 150), ("missing-t2", 10), ("t3", 90)):
            progress.console.print("asking", key)
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            r.raise_for_status()
            out.append(r.json()["value"])
            progress.advance(task)
    return out


def r141_counter_fast_failure_caught_per_item(web: str) -> list[str]:
    out = []
    for i, (key, ms) in enumerate((("u1", 150), ("missing-u2", 10), ("u3", 90)), 1):
        try:
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            r.raise_for_status()
        except requests.HTTPError as exc:
            print(f"\r[{i}/3] {key} failed: {exc.response.status_code}", flush=True)
            continue
        finally:
            print(f"[{i}/3] tried {key}")
        out.append(r.json()["value"])
    return out


def _restore_stdout(saved: Any) -> None:
    sys.stdout = saved


def r141_tee_installed_by_helper_no_store(web: str, tmp: str) -> str:
    """A helper puts a tee in sys.stdout (the function never stores it itself); the log
    file is read after a print."""
    log = Path(tmp) / "b.log"
    log.write_text("")
    saved = _install_tee(str(log))
    print("one", get(web, "tb", 40))
    text = log.read_text()
    _restore_stdout(saved)
    return text


@contextlib.contextmanager
def _output_to(fh: Any) -> Iterator[None]:
    with contextlib.redirect_stdout(fh):
        yield


def r141_redirect_helper_to_log_file(web: str, tmp: str) -> tuple[str, str]:
    """One part of the function prints to a log file through a context manager of the
    user's that wraps `redirect_stdout`; the log is read back inside it."""
    log = Path(tmp) / "part.log"
    with open(log, "a", buffering=1) as fh, _output_to(fh):
        print("fetching", get(web, "ra", 40))
        text = log.read_text()
    return text, get(web, "rb", 20)


def _errors_to(path: str) -> Any:
    saved = sys.stderr
    sys.stderr = open(path, "a", buffering=1)  # noqa: SIM115 - closed by _errors_back
    return saved


def _errors_back(saved: Any) -> None:
    sys.stderr.close()
    sys.stderr = saved


def r141_stderr_to_log_file_by_helper(web: str, tmp: str) -> str:
    """A helper points sys.stderr at an error log (as daemons do); a warning is written
    and the log read back."""
    log = Path(tmp) / "errors.log"
    log.write_text("")
    saved = _errors_to(str(log))
    sys.stderr.write(f"warning: {get(web, 'w1', 40)}\n")
    text = log.read_text()
    _errors_back(saved)
    return text


# =========================================================================== click


def r141_click_echo_styled(web: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        value = get(web, key, ms)
        click.echo(click.style(f"{key}", fg="green") + f" {value}", color=False)
        out.append(value)
    return out


def r141_click_echo_err_and_out(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        click.echo(f"asking {q[:10]}", err=True)
        out.append(ask(client, q, lat))
    click.echo(f"{len(out)} answers")
    return out


# =========================================================================== mixed


def r141_mixed_get_ask_put_progress(client: Any, web: str) -> list[Any]:
    con = console()
    doc = get(web, "doc", 150)
    con.print("doc", doc)
    summary = ask(client, f"Summarise {doc}", 0.04)
    other = get(web, "other", 90)
    print(f"[1/2] {len(summary)} chars")
    version = put(web, "summary", summary[:20])
    print(f"[2/2] stored v{version}")
    return [doc, summary, other, version]


def r141_status_lines_gets_then_put_order(web: str) -> list[Any]:
    out = []
    for i, (key, ms) in enumerate(KEYS, 1):
        value = get(web, key, ms)
        print(f"\r{i}/{len(KEYS)}", end="", flush=True)
        out.append(value)
    print()
    out.append(put(web, "all", ",".join(out)))
    print("saved")
    out.append(get(web, "all", 20))
    return out


def r141_summary_after_model_fanout_stderr(client: Any) -> dict[str, int]:
    answers = {q: ask(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)}
    for q, a in answers.items():
        print(f"{q[:12]:<12} {len(a):>4}", file=sys.stderr)
    total = sum(len(a) for a in answers.values())
    print(f"TOTAL {total}")
    return {q: len(a) for q, a in answers.items()}


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def tmp_only(env: Env) -> tuple:
    return (str(env.tmp),)


def tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _err_to_out(args: Any) -> Any:
    """Put the harness's stdout in sys.stderr for the run: stderr lines are compared too,
    interleaved with stdout's."""
    def drive(fn: Any, env: Env) -> Any:
        saved = sys.stderr
        sys.stderr = sys.stdout
        try:
            return fn(*args(env))
        finally:
            sys.stderr = saved
    return drive


def _app_log(args: Any) -> Any:
    """Point the app's handlers at the harness's stdout for the run."""
    def drive(fn: Any, env: Env) -> Any:
        old = _APP_HANDLER.setStream(sys.stdout)
        old_c = _COLOUR_HANDLER.setStream(sys.stdout)
        try:
            return fn(*args(env))
        finally:
            _APP_HANDLER.setStream(old)
            _COLOUR_HANDLER.setStream(old_c)
    return drive


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _ow(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa_web), servers="web api", ideal=ideal, **kw)


ALL: list[Case] = [
    # rich.progress
    _w(r141_progress_add_task_advance, THREE, overlap=3),
    _w(r141_progress_console_print_each, THREE, overlap=3),
    _w(r141_track_loop_gets, THREE, overlap=3),
    _w(r141_track_listcomp_gets, THREE, overlap=3),
    _w(r141_progress_gets_then_puts, (0.28 + 0.09 + 0.02) / (0.15 + 0.09 + 0.02)),
    _o(r141_progress_model_calls_straight, THREE, overlap=3),
    # rich.console
    _w(r141_console_print_after_three_gets, THREE, overlap=3),
    _w(r141_console_print_between_gets, THREE, overlap=3),
    _w(r141_console_log_path_column, THREE, overlap=3),
    _w(r141_console_log_path_in_listcomp_helper, THREE, overlap=3, cat="helpers"),
    _w(r141_console_status_around_gets, THREE, overlap=3),
    _w(r141_console_capture_block, THREE, overlap=3),
    _ow(r141_rich_table_summary_at_end, THREE, overlap=3),
    _o(r141_rich_print_markup_escape, THREE, overlap=3),
    # print counters
    _w(r141_print_carriage_counter, THREE, overlap=3),
    _w(r141_stdout_write_flush, THREE, overlap=3),
    _w(r141_stdout_write_count_used, THREE, overlap=3),
    _o(r141_enumerate_i_of_n_lines, THREE, overlap=3),
    _w(r141_colour_codes_status, 3.0, overlap=3),
    _ow(r141_summary_table_ljust, (0.28 + 0.07) / 0.15, overlap=4),
    # stderr
    _w(r141_stderr_print_between_gets, THREE, overlap=3, drive=_err_to_out(web)),
    _w(r141_stderr_write_on_error, 3.0, overlap=3, drive=_err_to_out(web)),
    _o(r141_stderr_and_stdout_interleaved_model, THREE, overlap=3, drive=_err_to_out(oa)),
    # logging
    _w(r141_log_threadname_funcname_loop, THREE, overlap=3, drive=_app_log(web)),
    _w(r141_log_threadname_helper_listcomp, THREE, overlap=3, cat="helpers",
       drive=_app_log(web)),
    _w(r141_log_before_get_helper_loop, THREE, cat="helpers", drive=_app_log(web)),
    _o(r141_log_adapter_extra, THREE, overlap=3, drive=_app_log(oa)),
    _w(r141_log_colour_formatter_subclass, THREE, drive=_app_log(web)),
    _o(r141_corpus_log_per_item_model, THREE, overlap=3),
    _w(r141_log_in_finally_per_item, THREE, drive=_app_log(web)),
    # helpers that print
    _w(r141_print_helper_in_listcomp, THREE, overlap=3, cat="helpers"),
    _w(r141_verbose_helper_listcomp, THREE, cat="helpers"),
    _w(r141_announce_helper_then_get, THREE, cat="helpers"),
    _o(r141_dict_comp_print_helper_model, THREE, overlap=3, cat="helpers"),
    # finally
    _w(r141_print_in_finally_per_item_status, 3.0),
    # textwrap, pprint
    _o(r141_textwrap_fill_answers, THREE, overlap=3),
    _w(r141_pprint_each_in_loop, THREE, overlap=3),
    _o(r141_pformat_then_log, THREE, overlap=3),
    # redirected output
    _w(r141_redirect_stdout_one_part, THREE, overlap=3),
    _w(r141_redirect_stdout_around_gets, THREE, overlap=3),
    _w(r141_redirect_stdout_mutes_helper, THREE, overlap=3),
    _w(r141_quiet_helper_context, THREE),
    _w(r141_tee_stdout_to_file_then_read, cat="files", args=web_tmp),
    _w(r141_tee_read_log_straight, cat="files", args=web_tmp),
    _w(r141_remote_console_then_get_same_key),
    _w(r141_partial_print_to_log_file_read_between, cat="files",
       args=tmp_web),
    Case("files", r141_print_to_open_file_flush_read, args=tmp_only),
    _w(r141_listcomp_of_prints, THREE, overlap=3),
    _w(r141_console_log_in_listcomp_multiline, THREE, overlap=3),
    _w(r141_finally_prints_fast_failure_second, cat="validation", speculative_reads=True),
    _w(r141_progress_fast_failure_second, cat="validation", speculative_reads=True),
    _w(r141_counter_fast_failure_caught_per_item, (0.15 + 0.01 + 0.09) / 0.15),
    _w(r141_tee_installed_by_helper_no_store, cat="files", args=web_tmp),
    _w(r141_redirect_helper_to_log_file, cat="files", args=web_tmp),
    _w(r141_stderr_to_log_file_by_helper, cat="files", args=web_tmp),
    # click
    _w(r141_click_echo_styled, THREE, overlap=3),
    _o(r141_click_echo_err_and_out, THREE, drive=_err_to_out(oa)),
    # mixed
    _ow(r141_mixed_get_ask_put_progress, (0.15 + 0.04 + 0.09 + 0.03) / (0.15 + 0.04 + 0.03)),
    _w(r141_status_lines_gets_then_put_order, (0.28 + 0.03 + 0.02) / (0.15 + 0.03 + 0.02)),
    _o(r141_summary_after_model_fanout_stderr, THREE, overlap=3, drive=_err_to_out(oa)),
]

_HIDDEN_STREAM = ("prints are taken as ordered output (a write no read sees) although "
                  "sys.stdout/sys.stderr hold a stream of the user's at run time: the swap "
                  "is made by a helper or a context manager of the user's, which the "
                  "function-body check for `sys.stdout = ...`/`redirect_stdout` does not see")
# Cases that differed when written, fixed since (each failed on the code before its fix).
FIXED_WHY: dict[str, str] = {
    "r141_tee_read_log_straight": "the log file's read_text starts before the print that "
                                  "writes it through a tee put in sys.stdout by a "
                                  "@contextmanager helper: returns '' (plain: the line); "
                                  + _HIDDEN_STREAM,
    "r141_tee_installed_by_helper_no_store": "same as r141_tee_read_log_straight with the "
                                             "tee installed by a plain helper returning the "
                                             "saved stream (no with): " + _HIDDEN_STREAM,
    "r141_redirect_helper_to_log_file": "contextlib.redirect_stdout(open file) inside a "
                                        "@contextmanager of the user's: the read of that "
                                        "file moves above the print into it and returns ''; "
                                        + _HIDDEN_STREAM,
    "r141_stderr_to_log_file_by_helper": "a helper puts an open file in sys.stderr; "
                                         "sys.stderr.write(...) is still classed as ordered "
                                         "output, so the file's read_text moves above it "
                                         "and returns ''; " + _HIDDEN_STREAM,
    "r141_remote_console_then_get_same_key": "a stream of the user's whose write PUTs each "
                                             "line, installed by a @contextmanager: the GET "
                                             "of that key starts before the print's PUT "
                                             "(server sees GET then PUT; value 'v-console' "
                                             "vs the printed line); " + _HIDDEN_STREAM,
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
