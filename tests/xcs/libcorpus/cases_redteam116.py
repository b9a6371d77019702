"""Red-team cases (stop 116): output and its order.

Logging with handlers and formatters of the library's (to a `StringIO`, a file, a
`BufferingHandler`), formatters that show where a record was made (``%(funcName)s``,
``%(lineno)d``), filters, `LoggerAdapter` with ``extra`` changed between calls, ``extra=``,
``exc_info=``, ``stack_info=``, ``logger.exception`` in ``except``, messages that are
objects of the user's (formatted when the record is emitted); `warnings.warn` shown through
a ``showwarning`` of the user's (its line and category); ``print`` to ``sys.stderr`` and to
an open file, with ``end=``/``sep=``/``flush=``; ``contextlib.redirect_stdout`` into a
`StringIO` around calls; a progress line rewritten with ``\\r``; helpers that print between
model calls and HTTP reads; `pprint`, `textwrap`, ``json.dump`` to ``sys.stdout``; a buffer
written by ``print(file=buf)`` or a log handler and then read by a later call's arguments.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY` saying
what differed.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import logging.handlers
import pprint
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam116")

KEYS = (("a", 150), ("b", 40), ("c", 90))
LATS = (0.15, 0.04, 0.09)


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


W3 = over(0.15, 0.04, 0.09)


def get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# --- module-level logging set-up (configured at import, as an application does) -------------

_FMT_BUF = io.StringIO()
FMT = logging.getLogger("corpus.redteam116.fmt")
_fmt_handler = logging.StreamHandler(_FMT_BUF)
_fmt_handler.setFormatter(logging.Formatter("%(levelname)s|%(message)s"))
FMT.addHandler(_fmt_handler)

_WHERE_BUF = io.StringIO()
WHERE = logging.getLogger("corpus.redteam116.where")
_where_handler = logging.StreamHandler(_WHERE_BUF)
_where_handler.setFormatter(logging.Formatter("%(funcName)s:%(lineno)d:%(module)s %(message)s"))
WHERE.addHandler(_where_handler)

_BRACE_BUF = io.StringIO()
BRACE = logging.getLogger("corpus.redteam116.brace")
_brace_handler = logging.StreamHandler(_BRACE_BUF)
_brace_handler.setFormatter(logging.Formatter("{levelname:>7} {message}", style="{"))
_brace_handler.terminator = " ;\n"
BRACE.addHandler(_brace_handler)

_EXTRA_BUF = io.StringIO()
EXTRA = logging.getLogger("corpus.redteam116.extra")
_extra_handler = logging.StreamHandler(_EXTRA_BUF)
_extra_handler.setFormatter(logging.Formatter("[%(step)s] %(message)s"))
EXTRA.addHandler(_extra_handler)
ADAPTER = logging.LoggerAdapter(EXTRA, {"step": "start"})

_BUFFERING = logging.handlers.BufferingHandler(capacity=1000)
BUFFERED = logging.getLogger("corpus.redteam116.buffered")
BUFFERED.addHandler(_BUFFERING)

_CR_BUF = io.StringIO()
CR = logging.getLogger("corpus.redteam116.cr")
_cr_handler = logging.StreamHandler(_CR_BUF)
_cr_handler.setFormatter(logging.Formatter("%(message)s"))
_cr_handler.terminator = "\r"
CR.addHandler(_cr_handler)

FILELOG = logging.getLogger("corpus.redteam116.file")
FILELOG.propagate = False

ERRLOG = logging.getLogger("corpus.redteam116.err")


class _DropDebugish(logging.Filter):
    """A filter of the user's: drops records whose message starts with "skip"."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("skip")


FILTERED = logging.getLogger("corpus.redteam116.filtered")
FILTERED.addFilter(_DropDebugish())

ALL_BUFS = (_FMT_BUF, _WHERE_BUF, _BRACE_BUF, _EXTRA_BUF, _CR_BUF)


def _clear() -> None:
    for b in ALL_BUFS:
        b.seek(0)
        b.truncate()
    _BUFFERING.buffer.clear()
    ADAPTER.extra["step"] = "start"


def _with_buf(buf: io.StringIO, *args_of: str) -> Any:
    """A drive: clear the module's buffers, run with the env's values, return the value and
    what the buffer got."""
    def drive(fn: Any, env: Env) -> Any:
        _clear()
        args = tuple(openai_client(env) if a == "oa" else getattr(env, a) for a in args_of)
        if "tmp" in args_of:
            args = tuple(str(a) if isinstance(a, Path) else a for a in args)
        value = fn(*args)
        return value, buf.getvalue()
    drive.__name__ = f"drive_buf_{id(buf)}"
    return drive


def _drive_buffering(fn: Any, env: Env) -> Any:
    _clear()
    value = fn(env.web)
    return value, [(r.levelname, r.getMessage()) for r in _BUFFERING.buffer]


def _drive_stderr(fn: Any, env: Env) -> Any:
    """stderr put on stdout for the run, so the order of the two shows in the output."""
    with contextlib.redirect_stderr(sys.stdout):
        return fn(env.web)


def _drive_stderr_oa(fn: Any, env: Env) -> Any:
    with contextlib.redirect_stderr(sys.stdout):
        return fn(openai_client(env), env.web)


def _show(message: Any, category: type, filename: str, lineno: int, file: Any = None,
          line: Any = None) -> None:
    print(f"warning {category.__name__} {Path(filename).name}:{lineno}: {message}")


def _show_no_line(message: Any, category: type, filename: str, lineno: int, file: Any = None,
                  line: Any = None) -> None:
    print(f"warning {category.__name__}: {message}")


def _warn_drive(show: Any, *args_of: str) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        saved = warnings.showwarning
        warnings.showwarning = show
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always")
                warnings.showwarning = show
                args = tuple(openai_client(env) if a == "oa" else getattr(env, a)
                             for a in args_of)
                return fn(*args)
        finally:
            warnings.showwarning = saved
    drive.__name__ = f"drive_warn_{show.__name__}"
    return drive


def _drive_filelog(fn: Any, env: Env) -> Any:
    """A FileHandler added around the run (as an app's start-up would), removed after."""
    h = logging.FileHandler(env.tmp / "app.log", encoding="utf-8")
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    FILELOG.addHandler(h)
    try:
        return fn(openai_client(env), env.web, str(env.tmp))
    finally:
        FILELOG.removeHandler(h)
        h.close()


def _drive_filelog_web(fn: Any, env: Env) -> Any:
    h = logging.FileHandler(env.tmp / "app.log", encoding="utf-8")
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    FILELOG.addHandler(h)
    try:
        return fn(env.web, str(env.tmp))
    finally:
        FILELOG.removeHandler(h)
        h.close()


# =========================================================================== logging


def log_info_each_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()["value"]
        LOG.info("fetched %s -> %s", k, v)
        out.append(v)
    LOG.info("done: %d items", len(out))
    return out



def log_adapter_extra_changed_between(web: str) -> list[str]:
    out = []
    for i, (k, ms) in enumerate(KEYS):
        ADAPTER.extra["step"] = f"step{i}"
        v = get(web, k, ms)
        ADAPTER.info("value %s", v)
        out.append(v)
    ADAPTER.extra["step"] = "end"
    ADAPTER.warning("finished %d", len(out))
    return out


def log_adapter_new_each_item(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        adapter = logging.LoggerAdapter(EXTRA, {"step": k})
        v = get(web, k, ms)
        adapter.info("read %s", v)
        out.append(v)
    return out


def log_where_funcname_lineno(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        WHERE.info("got %s", v)
        out.append(v)
    WHERE.warning("total %d", len(out))
    return out




def log_exception_in_except(web: str) -> list[Any]:
    out: list[Any] = []
    for path, ms in (("items/a", 150), ("status/500", 40), ("items/c", 90), ("status/404", 60)):
        try:
            r = requests.get(f"{web}/{path}?ms={ms}", timeout=5)
            r.raise_for_status()
            out.append(r.json()["value"])
        except requests.HTTPError as e:
            LOG.exception("failed %s: %s", path, e.response.status_code)
            out.append(None)
    return out


def log_exc_info_warning_and_stack(web: str) -> list[Any]:
    out: list[Any] = []
    for path, ms in (("status/503", 150), ("items/b", 40), ("status/502", 90)):
        r = requests.get(f"{web}/{path}?ms={ms}", timeout=5)
        try:
            r.raise_for_status()
        except requests.HTTPError:
            LOG.warning("upstream %s", r.status_code, exc_info=True)
            out.append(r.status_code)
            continue
        LOG.info("ok %s", path, stack_info=True)
        out.append(r.json()["value"])
    return out



def buffering_handler_keeps_list_arg(web: str) -> list[str]:
    rows = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        rows.append(v)
        BUFFERED.info("row %s", rows)  # the list itself: formatted later, when read
    BUFFERED.warning("n=%d", len(rows))
    return rows


def log_message_is_user_object(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        LOG.info(_Shout(v))
        out.append(v)
    return out


class _Shout:
    def __init__(self, s: str) -> None:
        self.s = s

    def __str__(self) -> str:
        print("formatting", self.s)
        return self.s.upper()


class _LazyGet:
    """A message whose text is read from the server when the record is formatted."""

    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    def __str__(self) -> str:
        return requests.get(f"{self.web}/items/{self.k}", timeout=5).json()["value"]


def log_lazy_message_reads_after_put(web: str) -> list[str]:
    requests.put(f"{web}/items/lz?ms=120", data="fresh", timeout=5)
    LOG.info(_LazyGet(web, "lz"))
    requests.put(f"{web}/items/lz?ms=20", data="fresher", timeout=5)
    return [get(web, "lz", 40), get(web, "other", 90)]


class _PutOnStr:
    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    def __str__(self) -> str:
        requests.put(f"{self.web}/items/{self.k}", data="logged", timeout=5)
        return f"<{self.k}>"


def log_arg_str_puts_then_get(web: str) -> list[str]:
    LOG.info("marker %s", _PutOnStr(web, "m1"))
    return [get(web, "m1", 150), get(web, "x", 40)]



def log_filtered_logger_each_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        FILTERED.info("skip %s" if k == "b" else "keep %s", v)
        out.append(v)
    return out



def log_isenabledfor_guard(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug("payload %s", json.dumps({"k": k, "v": v}, sort_keys=True))
        out.append(v)
    return out


def log_setlevel_module_logger_midway(web: str) -> list[str]:
    a = get(web, "a", 150)
    LOG.debug("one %s", a)
    ERRLOG.setLevel(logging.ERROR)
    ERRLOG.warning("hidden %s", a)
    b = get(web, "b", 40)
    ERRLOG.setLevel(logging.NOTSET)
    ERRLOG.warning("shown %s", b)
    return [a, b, get(web, "c", 90)]


def log_file_handler_model_calls(client: Any, web: str, tmp: str) -> list[str]:
    out = []
    for q, lat in zip(("one?", "two?", "three?"), LATS, strict=True):
        a = ask(client, q, lat)
        FILELOG.info("answer %s", a)
        out.append(a)
    return out + [Path(tmp, "app.log").read_text(encoding="utf-8")]


def log_file_handler_then_read_log(web: str, tmp: str) -> list[str]:
    vals = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        FILELOG.warning("got %s", v)
        vals.append(v)
    text = Path(tmp, "app.log").read_text(encoding="utf-8")
    return vals + text.splitlines()


def log_stringio_handler_then_model_prompt(client: Any) -> str:
    FMT.info("context: alpha")
    FMT.info("context: beta")
    summary = ask(client, "Summarise: " + _FMT_BUF.getvalue(), 0.12)
    FMT.info("context: gamma")
    second = ask(client, "Again: " + _FMT_BUF.getvalue(), 0.04)
    return summary + " || " + second


def log_stringio_handler_then_get_url(web: str) -> list[str]:
    FMT.info("x")
    n1 = len(_FMT_BUF.getvalue())
    FMT.info("yy")
    a = requests.get(f"{web}/items/k{len(_FMT_BUF.getvalue())}?ms=150", timeout=5).json()
    b = requests.get(f"{web}/items/n{n1}?ms=40", timeout=5).json()
    return [a["key"], b["key"]]


# =========================================================================== warnings


def warn_each_slow_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        if ms > 60:
            warnings.warn(f"slow read {k}", RuntimeWarning, stacklevel=1)
        print("read", k)
        out.append(v)
    return out


def _check_value(v: str) -> str:
    if v.endswith("b"):
        warnings.warn(f"odd value {v}", UserWarning, stacklevel=2)
    return v


def warn_helper_stacklevel_two(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        out.append(_check_value(get(web, k, ms)))
    print("checked", len(out))
    return out


def warn_deprecation_between_model_calls(client: Any) -> list[str]:
    a = ask(client, "first?", 0.15)
    warnings.warn("model gpt is deprecated", DeprecationWarning, stacklevel=1)
    b = ask(client, "second?", 0.04)
    print("answers", len(a), len(b))
    c = ask(client, "third?", 0.09)
    return [a, b, c]


def warn_default_filter_once_per_line(web: str) -> list[str]:
    out = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for k, ms in KEYS:
            v = get(web, k, ms)
            warnings.warn("legacy endpoint", FutureWarning, stacklevel=1)
            out.append(v)
        n = len(caught)
    return out + [str(n)]



# =========================================================================== print


def print_stderr_and_stdout_interleaved(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        print(f"got {k}", file=sys.stderr)
        print(f"value {v}")
        out.append(v)
    sys.stderr.write("all done\n")
    return out



def print_progress_carriage_return(web: str) -> list[str]:
    out = []
    for i, (k, ms) in enumerate(KEYS, 1):
        out.append(get(web, k, ms))
        print(f"\r[{i}/{len(KEYS)}] {k}", end="", flush=True)
    print("\rdone" + " " * 10)
    return out


def stdout_write_flush_progress(web: str) -> list[str]:
    out = []
    for i, (k, ms) in enumerate(KEYS, 1):
        out.append(get(web, k, ms))
        sys.stdout.write(f"\r{'#' * i}{'.' * (len(KEYS) - i)} {i}/{len(KEYS)}")
        sys.stdout.flush()
    sys.stdout.write("\n")
    return out


def print_star_generator_of_reads(web: str) -> None:
    print(*(get(web, k, ms) for k, ms in KEYS), sep=" | ")


def print_to_open_file_model_calls(client: Any, tmp: str) -> str:
    path = Path(tmp, "answers.txt")
    with open(path, "w", encoding="utf-8") as f:
        for q, lat in zip(("one?", "two?", "three?"), LATS, strict=True):
            print(q, ask(client, q, lat), sep="\t", file=f)
    return path.read_text(encoding="utf-8")



def print_to_local_stringio_gets(web: str) -> str:
    buf = io.StringIO()
    for k, ms in KEYS:
        print(f"{k}: {get(web, k, ms)}", file=buf)
    return buf.getvalue()


def print_to_stringio_then_model_prompt(client: Any) -> list[str]:
    buf = io.StringIO()
    print("fact one", file=buf)
    a = ask(client, "Use: " + buf.getvalue(), 0.15)
    print("fact two", file=buf)
    b = ask(client, "Use: " + buf.getvalue(), 0.04)
    return [a, b]



def redirect_stdout_around_model_calls(client: Any) -> list[str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        a = ask(client, "alpha?", 0.15)
        print("inside", len(a))
        b = ask(client, "beta?", 0.04)
        print("inside", len(b))
    print("outside", buf.getvalue().count("inside"))
    return [a, b, buf.getvalue()]


def redirect_stdout_then_prompt_from_capture(client: Any) -> list[str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("captured line")
    a = ask(client, "Echo " + buf.getvalue(), 0.15)
    with contextlib.redirect_stdout(buf):
        print("second line")
    b = ask(client, "Echo " + buf.getvalue(), 0.04)
    return [a, b]


def _noisy_fetch(web: str, k: str, ms: int) -> str:
    v = get(web, k, ms)
    print(f"[fetch] {k} -> {v}")
    return v



def redirect_stdout_then_reads_after(web: str) -> list[str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("banner")
    vals = []
    for k, ms in KEYS:
        vals.append(get(web, k, ms))
        print("read", k)
    return vals + [buf.getvalue()]


def _report(stage: str, value: Any) -> None:
    print(f"== {stage}: {value}")
    LOG.info("stage %s", stage)


def helpers_print_between_model_and_http(client: Any, web: str) -> list[str]:
    a = ask(client, "plan?", 0.15)
    _report("plan", len(a))
    item = get(web, "cfg", 40)
    _report("cfg", item)
    b = ask(client, "draft?", 0.09)
    _report("draft", len(b))
    other = get(web, "ref", 120)
    _report("ref", other)
    return [a, item, b, other]


class _Progress:
    def __init__(self, total: int) -> None:
        self.total, self.n = total, 0

    def update(self, label: str) -> None:
        self.n += 1
        sys.stdout.write(f"\r{self.n}/{self.total} {label}")
        if self.n == self.total:
            sys.stdout.write("\n")


def progress_object_updates(web: str) -> list[str]:
    bar = _Progress(len(KEYS))
    out = []
    for k, ms in KEYS:
        out.append(get(web, k, ms))
        bar.update(k)
    return out


def pprint_after_fanout(web: str) -> dict[str, str]:
    d = {k: get(web, k, ms) for k, ms in KEYS}
    pprint.pprint(d, width=30)
    return d


def pprint_each_item(web: str) -> list[dict[str, Any]]:
    out = []
    for k, ms in KEYS:
        row = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
        pprint.pprint(row, sort_dicts=True)
        out.append(row)
    return out


def pformat_into_log_each_item(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        row = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
        LOG.info("row:\n%s", pprint.pformat(row, width=20))
        out.append(row["value"])
    return out


def textwrap_fill_each_model_answer(client: Any) -> list[str]:
    out = []
    for q, lat in zip(("Explain caching.", "Explain queues.", "Explain locks."), LATS,
                      strict=True):
        a = ask(client, q, lat)
        print(textwrap.fill(a, width=30, initial_indent="> ", subsequent_indent="  "))
        print(textwrap.shorten(a, width=20, placeholder="..."))
        out.append(a)
    return out



def json_dump_stdout_each_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        row = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json()
        json.dump(row, sys.stdout, sort_keys=True)
        sys.stdout.write("\n")
        out.append(row["value"])
    return out


def json_dump_stdout_indent_after_fanout(web: str) -> None:
    rows = [requests.get(f"{web}/items/{k}?ms={ms}", timeout=5).json() for k, ms in KEYS]
    json.dump({"rows": rows}, sys.stdout, indent=2)
    print()


def json_dump_stderr_model_calls(client: Any, web: str) -> list[str]:
    out = []
    for q, lat in zip(("a?", "b?", "c?"), LATS, strict=True):
        a = ask(client, q, lat)
        json.dump({"q": q, "len": len(a)}, sys.stderr)
        sys.stderr.write("\n")
        out.append(a)
    return out


def print_stderr_between_model_calls(client: Any, web: str) -> list[str]:
    a = ask(client, "one?", 0.15)
    print("warn: one done", file=sys.stderr, flush=True)
    b = ask(client, "two?", 0.04)
    print("info: two done")
    c = get(web, "c", 90)
    print("c", c, file=sys.stderr)
    return [a, b, c]



def print_response_object_and_status(web: str) -> list[int]:
    out = []
    for k, ms in KEYS:
        r = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        print(r, r.status_code, r.reason, r.headers.get("Content-Type"))
        out.append(r.status_code)
    return out


def logging_and_print_interleaved_exception(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        try:
            r = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
            r.raise_for_status()
            print("ok", k)
            out.append(r.json()["value"])
        except requests.HTTPError as e:
            print("failed", k, file=sys.stderr)
            LOG.exception("http error for %s", k)
            out.append(str(e.response.status_code))
    return out



# =========================================================================== buffers read back


def _drive_stdout_param(fn: Any, env: Env) -> Any:
    """stdout put in a buffer the function is handed (as a test's capture would be)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        value = fn(openai_client(env), buf)
    print(buf.getvalue(), end="")
    return value


def _drive_stderr_param(fn: Any, env: Env) -> Any:
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        value = fn(openai_client(env), buf)
    print(buf.getvalue(), end="")
    return value


def _drive_fmt_param(fn: Any, env: Env) -> Any:
    _clear()
    value = fn(openai_client(env), _FMT_BUF)
    return value, _FMT_BUF.getvalue()


def _drive_fmt_param_web(fn: Any, env: Env) -> Any:
    _clear()
    value = fn(env.web, _FMT_BUF)
    return value, _FMT_BUF.getvalue()


def print_then_prompt_from_stdout_param(client: Any, out: io.StringIO) -> list[str]:
    print("step one done")
    a = ask(client, "Log so far: " + out.getvalue(), 0.15)
    print("step two done")
    b = ask(client, "Log so far: " + out.getvalue(), 0.04)
    return [a, b]


def stderr_print_then_prompt_from_param(client: Any, err: io.StringIO) -> list[str]:
    print("E1", file=sys.stderr)
    a = ask(client, "Errors: " + err.getvalue(), 0.15)
    sys.stderr.write("E2\n")
    b = ask(client, "Errors: " + err.getvalue(), 0.04)
    return [a, b]


def log_then_prompt_from_handler_param(client: Any, buf: io.StringIO) -> list[str]:
    FMT.warning("retrieved 3 documents")
    a = ask(client, "Trace: " + buf.getvalue(), 0.15)
    FMT.warning("answer had %d chars", len(a))
    b = ask(client, "Trace: " + buf.getvalue(), 0.04)
    return [a, b]


def log_then_get_url_from_handler_param(web: str, buf: io.StringIO) -> list[str]:
    FMT.warning("x")
    a = requests.get(f"{web}/items/n{len(buf.getvalue())}?ms=150", timeout=5).json()["key"]
    FMT.warning("yyyy")
    b = requests.get(f"{web}/items/n{buf.tell()}?ms=40", timeout=5).json()["key"]
    return [a, b]


def _context() -> str:
    return _FMT_BUF.getvalue()


def log_then_prompt_from_helper_reading_buffer(client: Any) -> list[str]:
    a = ask(client, "first?", 0.15)
    FMT.warning("fact: sky is blue")
    b = ask(client, "Context: " + _context(), 0.04)
    return [a, b]


def log_then_prompt_from_handler_stream(client: Any) -> list[str]:
    a = ask(client, "first?", 0.15)
    FMT.warning("second")
    b = ask(client, _fmt_handler.stream.getvalue(), 0.04)
    return [a, b]


def stdout_getvalue_in_prompt(client: Any) -> list[str]:
    print("marker line")
    a = ask(client, "Seen: " + sys.stdout.getvalue()[-12:], 0.15)
    print("second marker")
    b = ask(client, "Seen: " + sys.stdout.getvalue()[-14:], 0.04)
    return [a, b]


def log_buffer_length_guard(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        FMT.warning("got %s", v)
        if _FMT_BUF.tell() > 20:
            out.append(v)
    return out


def log_buffer_getvalue_guard_before_read(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        FMT.warning("want %s", k)
        if len(_FMT_BUF.getvalue()) > 20:
            out.append(get(web, k, ms))
    return out


def print_count_guard_from_stdout_param(client: Any, out: io.StringIO) -> list[str]:
    answers = []
    for q, lat in zip(("one?", "two?", "three?"), LATS, strict=True):
        print("asking", q)
        if out.getvalue().count("\n") >= 2:
            answers.append(ask(client, q, lat))
    return answers


def isenabledfor_then_disable(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        if LOG.isEnabledFor(logging.DEBUG):
            out.append(v)
            logging.disable(logging.DEBUG)
    logging.disable(logging.NOTSET)
    return out


_NOTES = io.StringIO()


def _notes() -> str:
    return _NOTES.getvalue()


def _drive_notes(fn: Any, env: Env) -> Any:
    _NOTES.seek(0)
    _NOTES.truncate()
    return fn(openai_client(env)), _NOTES.getvalue()


def print_global_buffer_then_prompt_helper(client: Any) -> list[str]:
    print("note: alpha", file=_NOTES)
    a = ask(client, "Notes: " + _notes(), 0.15)
    print("note: beta", file=_NOTES)
    b = ask(client, "Notes: " + _notes(), 0.04)
    return [a, b]



def _seen_stdout() -> str:
    return sys.stdout.getvalue()[-14:]


def print_then_prompt_from_helper_reading_stdout(client: Any) -> list[str]:
    a = ask(client, "first?", 0.15)
    print("marker one")
    b = ask(client, "Seen: " + _seen_stdout(), 0.04)
    return [a, b]


def redirect_then_prompt_from_helper(client: Any) -> list[str]:
    with contextlib.redirect_stdout(_NOTES):
        print("captured alpha")
    a = ask(client, "Captured: " + _notes(), 0.15)
    with contextlib.redirect_stdout(_NOTES):
        print("captured beta")
    b = ask(client, "Captured: " + _notes(), 0.04)
    return [a, b]


def _trace_prompt(q: str) -> list[dict[str, str]]:
    return [user(f"{q}\nTrace so far:\n{_FMT_BUF.getvalue()}")]


def log_then_messages_from_helper(client: Any) -> list[str]:
    out = []
    for q, lat in (("plan?", 0.15), ("act?", 0.04)):
        FMT.warning("asking %s", q)
        r = client.chat.completions.create(model="gpt", messages=_trace_prompt(q),
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


# (Found while fixing the four cases above: a BufferingHandler keeps its records in a list
# a helper may count.)
_KEPT = logging.handlers.BufferingHandler(100)
KEPT = logging.getLogger("corpus.redteam116.kept")
KEPT.addHandler(_KEPT)
KEPT.propagate = False


def _kept() -> int:
    return len(_KEPT.buffer)


def log_then_prompt_counts_buffered_records(client: Any) -> list[str]:
    a = ask(client, "first?", 0.15)
    KEPT.warning("noted")
    b = ask(client, f"records so far: {_kept()}", 0.04)
    return [a, b]


def _kept_cleared(fn: Any, env: Env) -> Any:
    _KEPT.buffer.clear()
    return fn(openai_client(env))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers=kw.pop("servers", "api"),
                ideal=ideal, **kw)


def _b(fn: Any, buf: io.StringIO, ideal: float = 1.0, *args_of: str, cat: str = "state",
       servers: str = "web", **kw: Any) -> Case:
    return Case(cat, fn, drive=_with_buf(buf, *(args_of or ("web",))), servers=servers,
                ideal=ideal, **kw)


ALL: list[Case] = [
    _w(log_info_each_get, W3, overlap=3),
    _b(log_adapter_extra_changed_between, _EXTRA_BUF, W3, overlap=3),
    _b(log_adapter_new_each_item, _EXTRA_BUF, W3),
    _b(log_where_funcname_lineno, _WHERE_BUF, W3, overlap=3),
    _w(log_exception_in_except, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    _w(log_exc_info_warning_and_stack, W3, overlap=3),
    Case("state", buffering_handler_keeps_list_arg, drive=_drive_buffering, servers="web",
         ideal=W3),
    _w(log_message_is_user_object, W3),
    _w(log_lazy_message_reads_after_put, cat="state"),
    _w(log_arg_str_puts_then_get, (0.05 + 0.15 + 0.04) / (0.05 + 0.15), cat="state"),
    _w(log_filtered_logger_each_get, W3),
    _w(log_isenabledfor_guard, W3),
    _w(log_setlevel_module_logger_midway, W3),
    Case("files", log_file_handler_model_calls, drive=_drive_filelog, servers="web api",
         ideal=over(*LATS)),
    Case("files", log_file_handler_then_read_log, drive=_drive_filelog_web, servers="web"),
    _b(log_stringio_handler_then_model_prompt, _FMT_BUF, 1.0, "oa", servers="api"),
    _b(log_stringio_handler_then_get_url, _FMT_BUF, over(0.15, 0.04)),
    Case("state", warn_each_slow_get, drive=_warn_drive(_show, "web"), servers="web",
         ideal=W3),
    Case("state", warn_helper_stacklevel_two, drive=_warn_drive(_show, "web"), servers="web",
         ideal=W3),
    Case("sdk", warn_deprecation_between_model_calls, drive=_warn_drive(_show, "oa"),
         servers="api", ideal=W3),
    _w(warn_default_filter_once_per_line, W3),
    Case("http", print_stderr_and_stdout_interleaved, drive=_drive_stderr, servers="web",
         ideal=W3, overlap=3),
    _w(print_progress_carriage_return, W3, overlap=3),
    _w(stdout_write_flush_progress, W3, overlap=3),
    _w(print_star_generator_of_reads, W3, overlap=3),
    _o(print_to_open_file_model_calls, W3, args=oa_tmp, cat="files"),
    _w(print_to_local_stringio_gets, W3),
    _o(print_to_stringio_then_model_prompt, cat="state"),
    _o(redirect_stdout_around_model_calls, over(0.15, 0.04)),
    _o(redirect_stdout_then_prompt_from_capture, cat="state"),
    _w(redirect_stdout_then_reads_after, W3),
    _o(helpers_print_between_model_and_http, over(0.15, 0.04, 0.09, 0.12), args=oa_web,
       servers="web api", cat="helpers", overlap=4),
    _w(progress_object_updates, W3, cat="helpers"),
    _w(pprint_after_fanout, W3, overlap=3),
    _w(pprint_each_item, W3),
    _w(pformat_into_log_each_item, W3),
    _o(textwrap_fill_each_model_answer, W3, overlap=3),
    _w(json_dump_stdout_each_get, W3),
    _w(json_dump_stdout_indent_after_fanout, W3, overlap=3),
    Case("sdk", json_dump_stderr_model_calls, drive=_drive_stderr_oa, servers="web api",
         ideal=W3),
    Case("sdk", print_stderr_between_model_calls, drive=_drive_stderr_oa, servers="web api",
         ideal=W3, overlap=3),
    _w(print_response_object_and_status, W3, overlap=3),
    _w(logging_and_print_interleaved_exception, W3, overlap=3),
    Case("state", print_then_prompt_from_stdout_param, drive=_drive_stdout_param,
         servers="api"),
    Case("state", stderr_print_then_prompt_from_param, drive=_drive_stderr_param,
         servers="api"),
    Case("state", log_then_prompt_from_handler_param, drive=_drive_fmt_param, servers="api"),
    Case("state", log_then_get_url_from_handler_param, drive=_drive_fmt_param_web,
         servers="web"),
    _b(log_then_prompt_from_helper_reading_buffer, _FMT_BUF, 1.0, "oa", servers="api"),
    _b(log_then_prompt_from_handler_stream, _FMT_BUF, 1.0, "oa", servers="api"),
    _o(stdout_getvalue_in_prompt, cat="state"),
    _b(log_buffer_length_guard, _FMT_BUF, W3),
    _b(log_buffer_getvalue_guard_before_read, _FMT_BUF, over(0.04, 0.09)),
    Case("state", print_count_guard_from_stdout_param, drive=_drive_stdout_param,
         servers="api", ideal=over(0.09)),
    _w(isenabledfor_then_disable, W3),
    Case("state", print_global_buffer_then_prompt_helper, drive=_drive_notes, servers="api"),
    _o(print_then_prompt_from_helper_reading_stdout, cat="state"),
    Case("state", redirect_then_prompt_from_helper, drive=_drive_notes, servers="api"),
    _b(log_then_messages_from_helper, _FMT_BUF, 1.0, "oa", servers="api"),
    _o(log_then_prompt_counts_buffered_records, cat="state", drive=_kept_cleared),
]

FIXED_WHY: dict[str, str] = {
    "log_then_prompt_from_helper_reading_buffer":
        "The second model call's prompt comes from a helper returning the StringIO a module "
        "handler writes to; jitted, the call starts before FMT.warning(...), so the prompt "
        "lacks the record. A logging call is taken as output no read sees, and a helper's "
        "read of a global buffer is not tied to it."
        " Fixed: a StringIO's getvalue is read in order with output (xcs/_rules).",
    "log_then_prompt_from_handler_stream":
        "As above with `_fmt_handler.stream.getvalue()` spelled inline (an attribute chain "
        "through a global handler): the model call crosses the log call and sees the "
        "buffer empty (the inline `_FMT_BUF.getvalue()` of a global is kept in order)."
        " Fixed: a StringIO's getvalue is read in order with output (xcs/_rules).",
    "print_then_prompt_from_helper_reading_stdout":
        "A helper reads `sys.stdout.getvalue()` (stdout is a StringIO, as under a test's "
        "capture) for the next prompt; jitted, the model call crosses the print before it "
        "and its prompt misses the printed line: print is ordered output no read sees."
        " Fixed: a StringIO's getvalue is read in order with output (xcs/_rules).",
    "log_then_messages_from_helper":
        "A loop logs 'asking q' and builds messages= with a helper that includes the log "
        "buffer; jitted, each model call starts before its log record is written, so the "
        "trace in the prompt is short by one line."
        " Fixed: a StringIO's getvalue is read in order with output (xcs/_rules).",
}

FAILING_WHY: dict[str, str] = {
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
