"""Red-team cases (stop 166): output written other ways than print, around reads in helpers.

Helpers that fetch and show progress through ``sys.stdout.write``, ``writelines`` (of a
list, of a generator that prints or GETs), ``flush``, ``print(..., end='')`` mixed with
``sys.stdout.write``, writes of non-str values (the stream's own TypeError inside the
helper, caught and printed or not), ``sys.stdout.buffer.write`` with a fallback,
``sys.__stdout__.write``, ``os.write(1, ...)``, a module-level alias of stdout, stdout
replaced by the caller (a ``StringIO``, ``redirect_stdout``, a ``TextIOWrapper`` over bytes
with its own encoding, ``None``) around the jitted call, stderr written into the same
stream as stdout, log helpers called as a class's static method or class method, a
module's function (a `types.ModuleType` made here), ``functools.partial`` of print, print
with ``sep``/``end``/``file=None``; in loops, comprehensions and straight-line code, plain
and async. Sibling calls get unequal latencies, slow first. `FAILING_WHY` says what
differed for the cases that did when written.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import os
import sys
import tempfile
import types
from collections.abc import Iterator
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam166")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)
QS = (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09))
Q3 = over(0.15, 0.04, 0.09)

#: set by a drive to the stream stdout is during the run (module-level alias of stdout)
OUT: Any = sys.stdout
SAY = functools.partial(print, "[166]")
SAY_END = functools.partial(print, end="")


# =========================================================================== helpers


def url(web: str, key: str, ms: int) -> str:
    return f"{web}/items/{key}?ms={ms}"


def get(web: str, key: str, ms: int) -> str:
    return requests.get(url(web, key, ms), timeout=5).json()["value"]


def fetch_w(web: str, key: str, ms: int) -> str:
    sys.stdout.write(f"GET {key}\n")
    value = requests.get(url(web, key, ms), timeout=5).json()["value"]
    sys.stdout.write(f"{key}={value}\n")
    return value


def fetch_dots(web: str, key: str, ms: int) -> str:
    sys.stdout.write(f"fetching {key}...")
    value = get(web, key, ms)
    print(" done")
    return value


def fetch_mixed_end(web: str, key: str, ms: int) -> str:
    print(key, end="")
    sys.stdout.write("=")
    value = get(web, key, ms)
    print(value, end="\n")
    return value


def fetch_len_raw(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.write(f"{key}: ")
    sys.stdout.write(len(value))  # TypeError: the stream's own message
    sys.stdout.write("\n")
    return value


def fetch_bytes_caught(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:
        sys.stdout.write(value.encode())
    except TypeError as exc:
        print(f"cannot write {key}: {exc}")
    return value


def fetch_none_caught(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:
        sys.stdout.write(None)  # type: ignore[arg-type]
    except TypeError as exc:
        print(f"{key}: {type(exc).__name__}: {exc}")
    return value


def fetch_lines(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.writelines([f"key {key}\n", f"value {value}\n"])
    return value


def fetch_lines_int_caught(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:
        sys.stdout.writelines([f"{key} ", len(value), "\n"])  # type: ignore[list-item]
    except TypeError as exc:
        sys.stdout.write(f"\n! {exc}\n")
    return value


def fetch_lines_str(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.writelines(f"{key}:{value}\n")  # a str is an iterable of characters
    return value


def tagged(key: str, value: str) -> Iterator[str]:
    print(f"(tagging {key})")
    yield f"{key}\n"
    print(f"(tagged {key})")
    yield f"{value}\n"


def fetch_lines_gen_prints(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.writelines(tagged(key, value))
    return value


def fetch_lines_genexp(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.writelines(f"{key}[{i}]={ch}\n" for i, ch in enumerate(value))
    return value


def fetch_lines_genexp_print(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.writelines(print(f"part {p}") or f"{p}\n" for p in value.split("-"))
    return value


def fetch_flush(web: str, key: str, ms: int) -> str:
    print(f"{key}: ", end="")
    sys.stdout.flush()
    value = get(web, key, ms)
    print(value, flush=True)
    return value


def fetch_count(web: str, key: str, ms: int) -> int:
    n = sys.stdout.write(f"{key} \u00e9\u2713 ")
    value = get(web, key, ms)
    n += sys.stdout.write(f"{value}\r\n")
    flushed = sys.stdout.flush()
    return n + (flushed is None)


def fetch_surrogate(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.write(f"{key}\udcff{value}\n")
    return value


def fetch_file_none(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(key, value, sep=":", end=";\n", file=None)
    return value


def fetch_sep_none(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(key, value, sep=None, end=None)
    return value


def fetch_bad_sep(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(key, value, sep=len(value))  # type: ignore[arg-type]
    return value


def fetch_partial(web: str, key: str, ms: int) -> str:
    SAY("fetching", key)
    value = get(web, key, ms)
    SAY_END(f"{key}={value}\n")
    return value


def fetch_explicit_stdout(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(f"{key}={value}", file=sys.stdout)
    return value


def fetch_buffer_fallback(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    line = f"{key}={value}\n".encode()
    try:
        sys.stdout.buffer.write(line)
    except AttributeError:
        sys.stdout.write(line.decode())
    return value


def fetch_dunder(web: str, key: str, ms: int) -> str:
    sys.__stdout__.write(f"GET {key}\n")
    value = get(web, key, ms)
    sys.__stdout__.write(f"{key}={value}\n")
    return value


def fetch_alias(web: str, key: str, ms: int) -> str:
    OUT.write(f"GET {key}\n")
    value = get(web, key, ms)
    OUT.write(f"{key}={value}\n")
    return value


def fetch_bound_write(web: str, key: str, ms: int) -> str:
    w = sys.stdout.write
    w(f"GET {key}\n")
    value = get(web, key, ms)
    w(f"{key}={value}\n")
    return value


def fetch_getattr_write(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    getattr(sys.stdout, "write")(f"{key}={value}\n")  # noqa: B009 - the shape under test
    return value


def fetch_err(web: str, key: str, ms: int) -> str:
    sys.stdout.write(f"GET {key}\n")
    value = get(web, key, ms)
    if value.endswith("b"):
        sys.stderr.write(f"warning: {key} is short\n")
    sys.stdout.write(f"{key}={value}\n")
    return value


def fetch_print_err(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    print(f"note {key}", file=sys.stderr)
    return value


def fetch_tell(web: str, key: str, ms: int) -> str:
    sys.stdout.write(f"{key}")
    value = get(web, key, ms)
    col = sys.stdout.tell()
    sys.stdout.write(f" @{col} {value}\n")
    return value


def fetch_os_write(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    os.write(1, f"raw {key}\n".encode())
    return value


def fetch_ascii(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.write(f"{key}={value} \u00e9\n")
    return value


def fetch_raise(web: str, key: str, ms: int) -> str:
    sys.stdout.write(f"GET {key}\n")
    r = requests.get(url(web, key, ms), timeout=5)
    r.raise_for_status()
    sys.stdout.write(f"ok {key}\n")
    return r.json()["value"]


def fetch_p(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    print(f"{key}={value}")
    return value


def fetch_quiet_closed(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:  # noqa: SIM105 - the shape under test
        sys.stdout.write(f"{key}={value}\n")
    except ValueError:  # stdout closed (a pipe gone): the script goes on quietly
        pass
    return value


def fetch_jp(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.write(f"{key}: \u65e5\u672c")
    sys.stdout.write(f"\u8a9e {value}\n")
    return value


def fetch_min(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:
        sys.stdout.write(len(value))  # type: ignore[arg-type]
    except TypeError as exc:
        print(exc)
    return value


# log helpers: class static method, class method, module function, nested


class Log:
    prefix = "log"

    @staticmethod
    def say(msg: str) -> None:
        sys.stdout.write(f"[log] {msg}\n")

    @classmethod
    def csay(cls, msg: str) -> None:
        sys.stdout.write(f"[{cls.prefix}] {msg}\n")


def _mod_say(msg: str) -> None:
    sys.stdout.write(f"[mod] {msg}\n")


def _mod_flush(msg: str) -> None:
    print(f"[mod] {msg}", end="")
    sys.stdout.write("\n")
    sys.stdout.flush()


LOGMOD = types.ModuleType("log166")
LOGMOD.say = _mod_say  # type: ignore[attr-defined]
LOGMOD.flush_say = _mod_flush  # type: ignore[attr-defined]


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")


def emit_len(key: str, value: str) -> None:
    sys.stdout.write(key + ": ")
    try:
        sys.stdout.write(len(value))  # type: ignore[arg-type]
    except TypeError as exc:
        sys.stdout.write(f"<{exc}>\n")


def fetch_static(web: str, key: str, ms: int) -> str:
    Log.say(f"GET {key}")
    value = get(web, key, ms)
    Log.say(f"{key}={value}")
    return value


def fetch_classmethod(web: str, key: str, ms: int) -> str:
    Log.csay(f"GET {key}")
    value = get(web, key, ms)
    Log.csay(f"{key}={value}")
    return value


def fetch_module(web: str, key: str, ms: int) -> str:
    LOGMOD.say(f"GET {key}")
    value = get(web, key, ms)
    LOGMOD.flush_say(f"{key}={value}")
    return value


def fetch_emit(web: str, key: str, ms: int) -> str:
    emit(f"GET {key}")
    value = get(web, key, ms)
    emit(f"{key}={value}")
    return value


def fetch_emit_len(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    emit_len(key, value)
    return value


def fetch_listcomp_write(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    [sys.stdout.write(f"{key}.{p}\n") for p in value.split("-")]
    return value


# =========================================================================== (1) sys.stdout.write


def r166_write_helper_loop(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_w(web, k, ms))
    print("total", len(out))
    return out


def r166_write_helper_comprehension(web: str) -> dict[str, str]:
    return {k: fetch_w(web, k, ms) for k, ms in KMS}


def r166_write_helper_straight(web: str) -> str:
    sys.stdout.write("start\n")
    a = fetch_w(web, "a", 150)
    b = fetch_w(web, "b", 40)
    c = fetch_w(web, "c", 90)
    sys.stdout.write("end\n")
    return "|".join((a, b, c))


def r166_dots_then_print_done(web: str) -> list[str]:
    return [fetch_dots(web, k, ms) for k, ms in KMS]


def r166_print_end_mixed_write(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_mixed_end(web, k, ms))
        sys.stdout.write("--\n")
    return out


def r166_write_int_typeerror(web: str) -> list[str]:
    return [fetch_len_raw(web, k, ms) for k, ms in KMS]


def r166_write_int_typeerror_caught_outside(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        try:
            out.append(fetch_len_raw(web, k, ms))
        except TypeError as exc:
            print(f"\n{k} failed: {exc}")
    return out


def r166_write_bytes_caught(web: str) -> list[str]:
    return [fetch_bytes_caught(web, k, ms) for k, ms in KMS]


def r166_write_none_caught(web: str) -> list[str]:
    return [fetch_none_caught(web, k, ms) for k, ms in KMS]


def r166_write_count_nonascii(web: str) -> int:
    total = 0
    for k, ms in KMS:
        total += fetch_count(web, k, ms)
    return total


def r166_write_surrogate(web: str) -> list[str]:
    return [fetch_surrogate(web, k, ms) for k, ms in KMS]


def r166_write_flush(web: str) -> list[str]:
    return [fetch_flush(web, k, ms) for k, ms in KMS]


def r166_bound_write_alias(web: str) -> list[str]:
    return [fetch_bound_write(web, k, ms) for k, ms in KMS]


def r166_getattr_write(web: str) -> list[str]:
    return [fetch_getattr_write(web, k, ms) for k, ms in KMS]


def r166_write_tell_column(web: str) -> list[str]:
    return [fetch_tell(web, k, ms) for k, ms in KMS]


def r166_write_then_404(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        try:
            out.append(fetch_raise(web, k, ms))
        except requests.HTTPError as exc:
            sys.stdout.write(f"failed {exc.response.status_code}\n")
    return out


def r166_listcomp_write_in_helper(web: str) -> list[str]:
    return [fetch_listcomp_write(web, k, ms) for k, ms in KMS]


# =========================================================================== (2) writelines


def r166_writelines_list(web: str) -> list[str]:
    return [fetch_lines(web, k, ms) for k, ms in KMS]


def r166_writelines_int_caught(web: str) -> list[str]:
    return [fetch_lines_int_caught(web, k, ms) for k, ms in KMS]


def r166_writelines_str(web: str) -> list[str]:
    return [fetch_lines_str(web, k, ms) for k, ms in KMS]


def r166_writelines_gen_prints(web: str) -> list[str]:
    return [fetch_lines_gen_prints(web, k, ms) for k, ms in KMS]


def r166_writelines_genexp(web: str) -> list[str]:
    return [fetch_lines_genexp(web, k, ms) for k, ms in KMS]


def r166_writelines_genexp_print(web: str) -> list[str]:
    return [fetch_lines_genexp_print(web, k, ms) for k, ms in KMS]


def r166_writelines_genexp_gets(web: str) -> None:
    sys.stdout.writelines(f"{k}={get(web, k, ms)}\n" for k, ms in KMS)


def r166_writelines_gen_gets_in_helper(web: str) -> int:
    def lines() -> Iterator[str]:
        for k, ms in KMS:
            yield f"{k}={get(web, k, ms)}\n"
    sys.stdout.writelines(lines())
    return 3


# =========================================================================== (3) print variants


def r166_print_file_none(web: str) -> list[str]:
    return [fetch_file_none(web, k, ms) for k, ms in KMS]


def r166_print_sep_end_none(web: str) -> list[str]:
    return [fetch_sep_none(web, k, ms) for k, ms in KMS]


def r166_print_bad_sep(web: str) -> list[str]:
    return [fetch_bad_sep(web, k, ms) for k, ms in KMS]


def r166_partial_of_print(web: str) -> list[str]:
    return [fetch_partial(web, k, ms) for k, ms in KMS]


def r166_print_file_sys_stdout(web: str) -> list[str]:
    return [fetch_explicit_stdout(web, k, ms) for k, ms in KMS]


def r166_buffer_write_fallback(web: str) -> list[str]:
    return [fetch_buffer_fallback(web, k, ms) for k, ms in KMS]


# =========================================================================== (4) log helpers


def r166_static_method_log(web: str) -> list[str]:
    return [fetch_static(web, k, ms) for k, ms in KMS]


def r166_classmethod_log(web: str) -> list[str]:
    return [fetch_classmethod(web, k, ms) for k, ms in KMS]


def r166_module_function_log(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_module(web, k, ms))
    LOGMOD.say("done")
    return out


def r166_nested_emit(web: str) -> list[str]:
    return [fetch_emit(web, k, ms) for k, ms in KMS]


def r166_nested_emit_len_caught(web: str) -> list[str]:
    return [fetch_emit_len(web, k, ms) for k, ms in KMS]


def r166_caller_logs_static_between(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        Log.say(f"next {k}")
        out.append(get(web, k, ms))
        sys.stdout.write(f"{k} ok\n")
    return out


# =========================================================================== (5) streams the caller puts


def r166_dunder_stdout(web: str) -> list[str]:
    return [fetch_dunder(web, k, ms) for k, ms in KMS]


def _dunder_drive(fn: Any, env: Env) -> Any:
    saved = sys.__stdout__
    sys.__stdout__ = sys.stdout  # type: ignore[misc]
    try:
        return fn(env.web)
    finally:
        sys.__stdout__ = saved  # type: ignore[misc]


def r166_module_alias_out(web: str) -> list[str]:
    out = [fetch_alias(web, k, ms) for k, ms in KMS]
    print("printed after", len(out))
    return out


def _alias_drive(fn: Any, env: Env) -> Any:
    global OUT
    saved = OUT
    OUT = sys.stdout
    try:
        return fn(env.web)
    finally:
        OUT = saved


def _alias_other_drive(fn: Any, env: Env) -> Any:
    """The alias is the harness's stdout; the call runs with stdout a fresh StringIO."""
    global OUT
    saved = OUT
    OUT = sys.stdout
    try:
        with contextlib.redirect_stdout(io.StringIO()) as inner:
            value = fn(env.web)
        return value, inner.getvalue()
    finally:
        OUT = saved


def r166_stringio_swapped_by_caller(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_mixed_end(web, k, ms))
    return out


def _swap_drive(fn: Any, env: Env) -> Any:
    buf = io.StringIO()
    saved = sys.stdout
    sys.stdout = buf
    try:
        value = fn(env.web)
    finally:
        sys.stdout = saved
    print("captured", len(buf.getvalue()))
    return value, buf.getvalue()


def r166_redirect_around_call(web: str) -> list[str]:
    return [fetch_w(web, k, ms) for k, ms in KMS]


def _redirect_drive(fn: Any, env: Env) -> Any:
    print("before")
    with contextlib.redirect_stdout(io.StringIO()) as buf:
        value = fn(env.web)
    print("after")
    return value, buf.getvalue()


def _bytes_drive(encoding: str, errors: str = "strict") -> Any:
    def drive(fn: Any, env: Env) -> Any:
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, write_through=True)
        saved = sys.stdout
        sys.stdout = stream
        try:
            try:
                value: Any = fn(env.web)
            except Exception as exc:  # noqa: BLE001 - part of the case's outcome
                value = f"{type(exc).__name__}: {exc}"
            stream.flush()
        finally:
            sys.stdout = saved
        return value, raw.getvalue()
    drive.__name__ = f"drive_{encoding}_{errors}"
    return drive


def r166_textwrapper_ascii_strict(web: str) -> list[str]:
    return [fetch_ascii(web, k, ms) for k, ms in KMS]


def r166_textwrapper_ascii_replace(web: str) -> list[str]:
    return [fetch_ascii(web, k, ms) for k, ms in KMS]


def r166_textwrapper_buffer_write(web: str) -> list[str]:
    return [fetch_buffer_fallback(web, k, ms) for k, ms in KMS]


def r166_textwrapper_int_write(web: str) -> list[str]:
    return [fetch_bytes_caught(web, k, ms) for k, ms in KMS]


def r166_stdout_none(web: str) -> list[str]:
    return [fetch_p(web, k, ms) for k, ms in KMS]


def _none_drive(fn: Any, env: Env) -> Any:
    with contextlib.redirect_stdout(None):
        try:
            return fn(env.web)
        except Exception as exc:  # noqa: BLE001 - part of the case's outcome
            return f"{type(exc).__name__}: {exc}"


def r166_stderr_into_stdout(web: str) -> list[str]:
    return [fetch_err(web, k, ms) for k, ms in KMS]


def r166_print_stderr_into_stdout(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_print_err(web, k, ms))
        print(f"have {k}")
    return out


def _err_drive(fn: Any, env: Env) -> Any:
    with contextlib.redirect_stderr(sys.stdout):
        return fn(env.web)


def r166_stderr_captured_apart(web: str) -> list[str]:
    return [fetch_print_err(web, k, ms) for k, ms in KMS]


def _err_apart_drive(fn: Any, env: Env) -> Any:
    with contextlib.redirect_stderr(io.StringIO()) as err:
        value = fn(env.web)
    return value, err.getvalue()


def r166_os_write_fd1(web: str) -> list[str]:
    return [fetch_os_write(web, k, ms) for k, ms in KMS]


def _fd_drive(fn: Any, env: Env) -> Any:
    """fd 1 and sys.stdout both to one file (line-buffered), as `python app.py > log`."""
    with tempfile.TemporaryFile() as f:
        saved_fd = os.dup(1)
        saved = sys.stdout
        os.dup2(f.fileno(), 1)
        stream = open(1, "w", buffering=1, closefd=False, encoding="utf-8")  # noqa: SIM115
        sys.stdout = stream
        try:
            value = fn(env.web)
        finally:
            stream.flush()
            sys.stdout = saved
            os.dup2(saved_fd, 1)
            os.close(saved_fd)
            stream.close()
        f.seek(0)
        return value, f.read().decode()


def _fd_block_drive(fn: Any, env: Env) -> Any:
    """fd 1 and a block-buffered sys.stdout to one file: os.write goes ahead of prints."""
    with tempfile.TemporaryFile() as f:
        saved_fd = os.dup(1)
        saved = sys.stdout
        os.dup2(f.fileno(), 1)
        stream = open(1, "w", buffering=8192, closefd=False, encoding="utf-8")  # noqa: SIM115
        sys.stdout = stream
        try:
            value = fn(env.web)
        finally:
            stream.flush()
            sys.stdout = saved
            os.dup2(saved_fd, 1)
            os.close(saved_fd)
            stream.close()
        f.seek(0)
        return value, f.read().decode()


def r166_os_write_block_buffered(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_flush(web, k, ms))
        os.write(1, f"raw {k}\n".encode())
    return out


def r166_flush_block_buffered(web: str) -> list[str]:
    return [fetch_flush(web, k, ms) for k, ms in KMS]


def r166_min_write_int_caught(web: str) -> list[str]:
    return [fetch_min(web, "a", 150), fetch_min(web, "b", 40)]


def r166_closed_stdout_quiet(web: str) -> list[str]:
    return [fetch_quiet_closed(web, k, ms) for k, ms in KMS]


def _closed_drive(fn: Any, env: Env) -> Any:
    buf = io.StringIO()
    buf.close()
    with contextlib.redirect_stdout(buf):
        try:
            return fn(env.web)
        except Exception as exc:  # noqa: BLE001 - part of the case's outcome
            return f"{type(exc).__name__}: {exc}"


def r166_textwrapper_iso2022_jp(web: str) -> list[str]:
    return [fetch_jp(web, k, ms) for k, ms in KMS]


def r166_textwrapper_utf16(web: str) -> list[str]:
    return [fetch_jp(web, k, ms) for k, ms in KMS]


def r166_textwrapper_utf7(web: str) -> list[str]:
    return [fetch_jp(web, k, ms) for k, ms in KMS]


class Tee(io.StringIO):
    """A stream of the user's: every write also goes to a list."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def write(self, s: str) -> int:
        self.pieces.append(s)
        return super().write(s)


def r166_stringio_subclass_by_caller(web: str) -> list[str]:
    return [fetch_mixed_end(web, k, ms) for k, ms in KMS]


def _tee_drive(fn: Any, env: Env) -> Any:
    tee = Tee()
    with contextlib.redirect_stdout(tee):
        value = fn(env.web)
    return value, tee.pieces


# =========================================================================== (6) async, SDK


async def afetch_w(http: httpx.AsyncClient, key: str, ms: int) -> str:
    sys.stdout.write(f"GET {key}\n")
    r = await http.get(f"/items/{key}", params={"ms": ms})
    sys.stdout.writelines([key, "=", r.json()["value"], "\n"])
    return r.json()["value"]


async def afetch_len(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}", params={"ms": ms})
    value = r.json()["value"]
    try:
        sys.stdout.write(len(value))  # type: ignore[arg-type]
    except TypeError as exc:
        print(f"{key}: {exc}")
    return value


async def r166_async_write_loop(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(await afetch_w(http, k, ms))
    return out


async def r166_async_write_gather(http: httpx.AsyncClient) -> list[str]:
    return list(await asyncio.gather(*(afetch_w(http, k, ms) for k, ms in KMS)))


async def r166_async_typeerror_caught(http: httpx.AsyncClient) -> list[str]:
    return [await afetch_len(http, k, ms) for k, ms in KMS]


async def r166_async_caller_writes(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        sys.stdout.write(f"asking {k}... ")
        r = await http.get(f"/items/{k}", params={"ms": ms})
        sys.stdout.write(f"{r.status_code}\n")
        out.append(r.json()["value"])
    return out


def ask_w(client: Any, q: str, lat: float) -> str:
    sys.stdout.write(f"Q: {q}\n")
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    sys.stdout.writelines([f"A({q}): ", str(len(text.split())), " words\n"])
    return text


def r166_sdk_write_helper(client: Any) -> list[str]:
    return [ask_w(client, q, lat) for q, lat in QS]


def ask_flush(client: Any, q: str, lat: float) -> int:
    print(f"{q}: ", end="", flush=True)
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    n = sys.stdout.write(r.choices[0].message.content[:12])
    sys.stdout.write("\n")
    return n


def r166_sdk_flush_helper(client: Any) -> int:
    return sum(ask_flush(client, q, lat) for q, lat in QS)


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _hx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "helpers", servers: str = "web",
       **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=oa, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) sys.stdout.write
    _w(r166_write_helper_loop, O3, overlap=3),
    _w(r166_write_helper_comprehension, O3, overlap=3),
    _w(r166_write_helper_straight, O3, overlap=3),
    _w(r166_dots_then_print_done, O3, overlap=3),
    _w(r166_print_end_mixed_write, O3, overlap=3),
    _w(r166_write_int_typeerror, cat="validation", speculative_reads=True),
    _w(r166_write_int_typeerror_caught_outside, O3, cat="validation", speculative_reads=True),
    _w(r166_write_bytes_caught, O3, overlap=3),
    _w(r166_write_none_caught, O3, overlap=3),
    _w(r166_write_count_nonascii, O3, overlap=3),
    _w(r166_write_surrogate, O3, overlap=3),
    _w(r166_write_flush, O3, overlap=3),
    _w(r166_bound_write_alias, O3),
    _w(r166_getattr_write, O3),
    _w(r166_write_tell_column, O3),
    _w(r166_write_then_404, O3, cat="validation", speculative_reads=True),
    _w(r166_listcomp_write_in_helper, O3, overlap=3),
    # (2) writelines
    _w(r166_writelines_list, O3, overlap=3),
    _w(r166_writelines_int_caught, O3, overlap=3),
    _w(r166_writelines_str, O3, overlap=3),
    _w(r166_writelines_gen_prints, O3, overlap=3),
    _w(r166_writelines_genexp, O3, overlap=3),
    _w(r166_writelines_genexp_print, O3, overlap=3),
    _w(r166_writelines_genexp_gets, O3),
    _w(r166_writelines_gen_gets_in_helper, O3),
    # (3) print variants
    _w(r166_print_file_none, O3),
    _w(r166_print_sep_end_none, O3, overlap=3),
    _w(r166_print_bad_sep, cat="validation", speculative_reads=True),
    _w(r166_partial_of_print, O3),
    _w(r166_print_file_sys_stdout, O3),
    _w(r166_buffer_write_fallback, O3),
    # (4) log helpers
    _w(r166_static_method_log, O3, overlap=3),
    _w(r166_classmethod_log, O3),
    _w(r166_module_function_log, O3, overlap=3),
    _w(r166_nested_emit, O3, overlap=3),
    _w(r166_nested_emit_len_caught, O3, overlap=3),
    _w(r166_caller_logs_static_between, O3, overlap=3),
    # (5) streams the caller puts
    _d(r166_dunder_stdout, _dunder_drive, O3),
    _d(r166_module_alias_out, _alias_drive, O3),
    _d(r166_module_alias_out, _alias_other_drive, O3, name="r166_module_alias_out_other"),
    _d(r166_stringio_swapped_by_caller, _swap_drive, O3, overlap=3),
    _d(r166_redirect_around_call, _redirect_drive, O3, overlap=3),
    _d(r166_textwrapper_ascii_strict, _bytes_drive("ascii"), cat="validation",
       speculative_reads=True),
    _d(r166_textwrapper_ascii_replace, _bytes_drive("ascii", "replace"), O3, overlap=3),
    _d(r166_textwrapper_buffer_write, _bytes_drive("utf-8"), O3),
    _d(r166_textwrapper_int_write, _bytes_drive("utf-8"), O3, overlap=3),
    _d(r166_stdout_none, _none_drive, O3, overlap=3),
    _w(r166_min_write_int_caught, over(150, 40), overlap=2),
    _d(r166_closed_stdout_quiet, _closed_drive, O3, overlap=3),
    _d(r166_textwrapper_iso2022_jp, _bytes_drive("iso2022_jp"), O3, overlap=3),
    _d(r166_textwrapper_utf16, _bytes_drive("utf-16"), O3, overlap=3),
    _d(r166_textwrapper_utf7, _bytes_drive("utf-7"), O3, overlap=3),
    _d(r166_stringio_subclass_by_caller, _tee_drive, O3),
    _d(r166_stderr_into_stdout, _err_drive, O3),
    _d(r166_print_stderr_into_stdout, _err_drive, O3),
    _d(r166_stderr_captured_apart, _err_apart_drive, O3),
    _d(r166_os_write_fd1, _fd_drive, O3),
    _d(r166_os_write_block_buffered, _fd_block_drive, O3),
    _d(r166_flush_block_buffered, _fd_block_drive, O3, overlap=3),
    # (6) async, SDK
    _d(r166_async_write_loop, _hx, O3, overlap=3),
    _d(r166_async_write_gather, _hx, O3, overlap=3),
    _d(r166_async_typeerror_caught, _hx, O3, overlap=3),
    _d(r166_async_caller_writes, _hx, O3, overlap=3),
    _sdk(r166_sdk_write_helper, Q3, overlap=3),
    _sdk(r166_sdk_flush_helper, Q3, overlap=3),
]

FIXED_WHY: dict[str, str] = {
    'r166_write_int_typeerror': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not int' "
        'instead of StringIO\'s \\"string argument expected, got \'int\'\\" (here uncaught: '
        "the function's exception message differs)."
    ),
    'r166_write_int_typeerror_caught_outside': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not int' "
        'instead of StringIO\'s \\"string argument expected, got \'int\'\\" (caught by the '
        'caller and printed).'
    ),
    'r166_write_bytes_caught': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not bytes'"
        ' instead of StringIO\'s \\"string argument expected, got \'bytes\'\\" (caught in the '
        'helper and printed).'
    ),
    'r166_write_none_caught': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not None' "
        'instead of StringIO\'s \\"string argument expected, got \'NoneType\'\\" (caught in '
        'the helper and printed).'
    ),
    'r166_writelines_int_caught': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not int' "
        'instead of StringIO\'s \\"string argument expected, got \'int\'\\" (writelines of a '
        'list holding an int).'
    ),
    'r166_nested_emit_len_caught': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not int' "
        'instead of StringIO\'s \\"string argument expected, got \'int\'\\" (in emit_len, a '
        'nested helper run as its twin).'
    ),
    'r166_min_write_int_caught': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not int' "
        'instead of StringIO\'s \\"string argument expected, got \'int\'\\" (minimal repro: '
        'two calls).'
    ),
    'r166_async_typeerror_caught': (
        'a helper started early runs as its printing twin, whose sys.stdout.write goes to'
        ' a HeldOutput (a TextIOWrapper) instead of the StringIO stdout is: a non-str '
        "write raises TextIOWrapper's TypeError 'write() argument must be str, not int' "
        'instead of StringIO\'s \\"string argument expected, got \'int\'\\" (an async helper\'s'
        ' twin run as a task).'
    ),
    'r166_closed_stdout_quiet': (
        'stdout is a closed StringIO; the helper catches the ValueError of its own '
        'sys.stdout.write. Its twin writes to an open HeldOutput (no error), and `show` '
        "raises 'I/O operation on closed file' at the call's place, outside the helper's "
        'try: the function raises instead of returning the list.'
    ),
    'r166_textwrapper_iso2022_jp': (
        'stdout a TextIOWrapper with a stateful encoding (iso2022_jp): `show` decodes '
        'each held piece alone, so a piece written while the encoder is in JIS mode (no '
        "escape in its bytes) decodes as ASCII ('\\u8a9e' becomes '8l') and the bytes on "
        'stdout differ.'
    ),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
