"""Red-team cases (stop 149): the printing-helper rule, attacked.

A helper that reads and whose only output is its own ``print()`` to stdout starts early as
its *printing twin*; what it prints is held and shown at the call's own place (`_printed`,
`_summary.held_print`, `_summary.shown_where_called`, the "printed" runner of `_launch`,
`Frame.force` of `_runtime` and `_handles.value_of`). Attacks: partial lines (``end=''``) woven
with the caller's prints and ``sys.stdout.write``; bad ``sep`` (where is the TypeError
raised, and what does its traceback show?); printed objects whose ``__str__``/``__repr__``
count, print or PUT; prints in a list comprehension, ``map(print, ...)`` and a nested
function of the helper; helpers that print then raise; the caller swapping stdout
(``redirect_stdout``, a ``StringIO`` put in ``sys.stdout``, ``getvalue()`` between calls,
an ascii stream, a stream of the user's put there between two calls); ``builtins.print``
wrapped by the user; helpers writing to stdout and stderr, printing and logging or
warning; ``print`` by an alias, ``file=``-less ``sys.stdout.write``; methods with
name-mangled attributes and ``super()``; recursion; loops with break/return, a while
budget; try/finally; ``with`` blocks; helpers that PUT; partials and ``functools.wraps``
decorators; threads; an ``async def`` caller; decimal contexts; helper calls inside
``print(...)``, f-strings, ``or``/``and``/conditional expressions, filters, dict
comprehensions and ``map``. Sibling calls get unequal latencies, slow first. Cases that
differed when written are in `FIXED_WHY`; `FAILING` is empty (the last, a traceback's
depth, passes since the runtime cuts its frames from the errors it raises, `_raised`).
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import decimal
import functools
import io
import json
import logging
import sys
import threading
import traceback
import urllib.request
import warnings
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam149")
ME = sys.modules[__name__]
KS = (("a", 150), ("b", 40), ("c", 90))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)


def _url(web: str, k: Any, ms: int) -> str:
    return f"{web}/items/{k}?ms={ms}"


def _get(web: str, k: Any, ms: int) -> str:
    return requests.get(_url(web, k, ms), timeout=5).json()["value"]


def fetch(web: str, k: str, ms: int) -> str:
    print("fetching", k)
    v = requests.get(_url(web, k, ms), timeout=5).json()["value"]
    print("got", k, "=", v)
    return v


# =========================================================================== partial lines


def show_partial(web: str, k: str, ms: int) -> str:
    print(f"[{k}", end="")
    v = requests.get(_url(web, k, ms), timeout=5).json()["value"]
    print(f":{v}]", end="")
    return v


def r149_partial_end_interleave(web: str) -> list[str]:
    print("row:", end=" ")
    a = show_partial(web, "a", 150)
    sys.stdout.write("|")
    b = show_partial(web, "b", 40)
    print("|", end="")
    c = show_partial(web, "c", 90)
    print()
    return [a, b, c]


def pieces(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print(*v.split("-"), sep="", end="")
    print()
    print(k, v, sep=None, end=None)
    print(k, v, sep="\t", end="\n\n")
    print()
    return v


def r149_sep_end_variants(web: str) -> list[str]:
    return [pieces(web, k, ms) for k, ms in KS]


# =========================================================================== bad sep / end


def bad_sep(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print("got", k, sep=ms if k == "b" else " ")
    return v


def r149_bad_sep_raises_in_listcomp(web: str) -> list[str]:
    print("start")
    return [bad_sep(web, k, ms) for k, ms in KS]


def r149_tb_innermost_name(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in KS:
        try:
            out.append(bad_sep(web, k, ms))
        except TypeError as exc:
            last = traceback.extract_tb(exc.__traceback__)[-1]
            print(f"error in {last.name}: {exc}")
            out.append(last.name)
    return out


# =========================================================================== printed objects


class Counted:
    """A tag whose __str__ counts how often it was shown."""

    def __init__(self) -> None:
        self.n = 0

    def __str__(self) -> str:
        self.n += 1
        return f"#{self.n}"


def tag_fetch(web: str, k: str, ms: int, tag: Any) -> str:
    v = _get(web, k, ms)
    print(k, tag, v)
    return v


def r149_str_counter_state(web: str) -> list[Any]:
    tag = Counted()
    out: list[Any] = [tag_fetch(web, k, ms, tag) for k, ms in KS]
    out.append(tag.n)
    return out


class Rendered:
    """A value whose __str__ prints a line of its own before it is shown."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print("rendering", self.k)
        return f"<{self.k}>"


def render_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print("item", Rendered(k), v)
    return v


def r149_str_prints_inside(web: str) -> list[str]:
    return [render_fetch(web, k, ms) for k, ms in KS]


class Audited:
    """A value whose __repr__ records, on the server, that it was shown."""

    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    def __repr__(self) -> str:
        requests.put(f"{self.web}/items/shown-{self.k}", data=self.k, timeout=5)
        return f"Audited({self.k!r})"


def audit_fetch(web: str, k: str, ms: int, rec: Any) -> str:
    v = _get(web, k, ms)
    print("seen", [rec], v)
    return v


def r149_repr_puts(web: str) -> list[str]:
    return [audit_fetch(web, k, ms, Audited(web, k)) for k, ms in KS]


# =========================================================================== prints not by name


def listcomp_lines(web: str, k: str, ms: int) -> str:
    r = requests.get(f"{web}/text/{k}?ms={ms}", timeout=5)
    [print(" ", line) for line in r.text.splitlines()]
    return r.text


def r149_listcomp_print_in_helper(web: str) -> list[str]:
    return [listcomp_lines(web, k, ms) for k, ms in KS]


def map_lines(web: str, k: str, ms: int) -> str:
    r = requests.get(f"{web}/text/{k}?ms={ms}", timeout=5)
    list(map(print, r.text.splitlines()))
    return r.text


def r149_map_print_in_helper(web: str) -> list[str]:
    return [map_lines(web, k, ms) for k, ms in KS]


def nested_def_printer(web: str, k: str, ms: int) -> str:
    def show(s: str) -> None:
        print("nested", k, s)

    v = _get(web, k, ms)
    show(v)
    return v


def r149_nested_def_prints(web: str) -> list[str]:
    return [nested_def_printer(web, k, ms) for k, ms in KS]


say = print


def alias_printer(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    say("say", k, v)
    return v


def r149_alias_global_say(web: str) -> list[str]:
    return [alias_printer(web, k, ms) for k, ms in KS]


def writer_helper(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    sys.stdout.write(f"write {k} {v}\n")
    return v


def r149_stdout_write_in_helper(web: str) -> list[str]:
    return [writer_helper(web, k, ms) for k, ms in KS]


# =========================================================================== raise / catch


def status_check(web: str, k: str, code: int, ms: int) -> int:
    print("checking", k)
    r = requests.get(f"{web}/status/{code}?ms={ms}", timeout=5)
    r.raise_for_status()
    print("fine", k)
    return r.status_code


def r149_print_then_raise_status(web: str) -> list[Any]:
    out: list[Any] = []
    for k, code, ms in (("a", 200, 150), ("b", 503, 40), ("c", 200, 90)):
        try:
            out.append(status_check(web, k, code, ms))
        except requests.HTTPError as exc:
            print("failed:", exc.response.status_code)
            out.append(None)
    return out


def r149_first_fails_rest_silent(web: str) -> list[int]:
    print("begin")
    first = status_check(web, "x", 500, 150)
    second = status_check(web, "y", 200, 40)
    return [first, second]


def r149_try_finally_never_reached(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        out.append(fetch(web, "a", 150))
        out.append(status_check(web, "b", 404, 40))
        out.append(fetch(web, "c", 90))
    finally:
        print("cleanup", len(out))
    return out


# =========================================================================== loops


def r149_loop_break_speculative(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("stop", 40), ("c", 90), ("d", 60)):
        v = fetch(web, k, ms)
        if v == "v-stop":
            print("stopping")
            break
        out.append(v)
    return out


def r149_early_return_found(web: str) -> str:
    for k, ms in (("a", 150), ("target", 40), ("c", 90)):
        v = fetch(web, k, ms)
        if v.endswith("target"):
            return v
        print("not yet")
    return ""


def r149_with_file_write_lines(web: str, tmp: str) -> str:
    path = Path(tmp) / "out.txt"
    with open(path, "w") as f:
        for k, ms in KS:
            v = fetch(web, k, ms)
            f.write(f"{k}={v}\n")
            print("wrote", k)
    return path.read_text()


@contextlib.contextmanager
def section(name: str) -> Any:
    print(f"<{name}>")
    try:
        yield
    finally:
        print(f"</{name}>")


def r149_with_section_blocks(web: str) -> list[str]:
    out = []
    with section("one"):
        out.append(fetch(web, "a", 150))
    with section("two"):
        out.append(fetch(web, "b", 40))
        out.append(fetch(web, "c", 90))
    return out


# =========================================================================== stdout swapped


def r149_redirect_stdout_block(web: str) -> list[str]:
    a = fetch(web, "a", 150)
    with contextlib.redirect_stdout(io.StringIO()) as buf:
        b = fetch(web, "b", 40)
        c = fetch(web, "c", 90)
    print("captured:", buf.getvalue().count("\n"), "lines")
    return [a, b, c, buf.getvalue()]


def r149_stdout_swap_getvalue(web: str) -> list[str]:
    old = sys.stdout
    buf = io.StringIO()
    sys.stdout = buf
    try:
        a = fetch(web, "a", 150)
        first = buf.getvalue()
        b = fetch(web, "b", 40)
    finally:
        sys.stdout = old
    print("captured", repr(first), repr(buf.getvalue()))
    return [a, b]


def r149_getvalue_after_helpers(web: str) -> list[Any]:
    a = fetch(web, "a", 150)
    n1 = len(sys.stdout.getvalue())
    b = fetch(web, "b", 40)
    c = fetch(web, "c", 90)
    n2 = len(sys.stdout.getvalue())
    return [a, b, c, n1, n2]


def capturing(web: str, k: str, ms: int) -> str:
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        v = fetch(web, k, ms)
        inner = sys.stdout.getvalue()
    finally:
        sys.stdout = saved
    print("inner said", repr(inner))
    return v


def r149_helper_swaps_stdout(web: str) -> list[str]:
    return [capturing(web, k, ms) for k, ms in KS]


def safe_show(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    try:
        print("got", v)
    except UnicodeEncodeError:
        print("got", v.encode("ascii", "replace").decode("ascii"))
    return v


def _ascii(fn: Any, env: Env) -> Any:
    """Run under an ascii stdout (a terminal with LANG=C); then show what it got."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    saved = sys.stdout
    sys.stdout = stream
    try:
        return fn(env.web)
    finally:
        stream.flush()
        sys.stdout = saved
        print(raw.getvalue().decode("ascii"))


def r149_ascii_stdout_encode_error(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("a", 150), ("caf\u00e9", 40), ("c", 90)):
        try:
            out.append(fetch(web, k, ms))
        except UnicodeEncodeError as exc:
            out.append(exc.reason)
    return out


def r149_ascii_safe_show(web: str) -> list[str]:
    return [safe_show(web, k, ms) for k, ms in (("a", 150), ("caf\u00e9", 40), ("c", 90))]


def r149_ascii_then_redirect(web: str) -> list[str]:
    a = safe_show(web, "a", 150)
    with contextlib.redirect_stdout(io.StringIO()) as buf:
        b = safe_show(web, "caf\u00e9", 40)
    return [a, b, buf.getvalue()]


class Selfish(str):
    """A str whose str() is itself: print hands it to the stream as it is."""

    def __str__(self) -> str:
        return self


def selfish_show(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    try:
        print("got", Selfish(v))
    except UnicodeEncodeError:
        print("got ?")
    return v


def r149_str_subclass_self_ascii(web: str) -> list[str]:
    return [selfish_show(web, k, ms) for k, ms in (("a", 150), ("caf\u00e9", 40), ("c", 90))]


# =========================================================================== stderr / logging


def both_streams(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print("out", k)
    print("err", k, file=sys.stderr)
    return v


def _with_stderr(fn: Any, env: Env) -> Any:
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        value = fn(env.web)
    return [value, buf.getvalue()]


def r149_print_and_stderr(web: str) -> list[str]:
    return [both_streams(web, k, ms) for k, ms in KS]


def print_and_log(web: str, k: str, ms: int) -> str:
    print("asking", k)
    v = _get(web, k, ms)
    LOG.info("got %s", k)
    return v


def r149_print_and_log(web: str) -> list[str]:
    return [print_and_log(web, k, ms) for k, ms in KS]


# =========================================================================== methods


class Reader:
    def __init__(self, web: str) -> None:
        self.__base = web

    def read(self, k: str, ms: int) -> str:
        v = requests.get(f"{self.__base}/items/{k}?ms={ms}", timeout=5).json()["value"]
        print("reader", k, v)
        return v

    @staticmethod
    def fetch_static(web: str, k: str, ms: int) -> str:
        v = _get(web, k, ms)
        print("static", k, v)
        return v

    @classmethod
    def fetch_cls(cls, web: str, k: str, ms: int) -> str:
        v = _get(web, k, ms)
        print(cls.__name__, k, v)
        return v


def r149_mangled_private_attr(web: str) -> list[str]:
    r = Reader(web)
    return [r.read("a", 150), r.read("b", 40), r.read("c", 90)]


class Base:
    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, k: str, ms: int) -> str:
        return requests.get(_url(self.web, k, ms), timeout=5).json()["value"]


class Chatty(Base):
    def get(self, k: str, ms: int) -> str:
        v = super().get(k, ms)
        print("chatty", k, v)
        return v


def r149_super_call_prints(web: str) -> list[str]:
    c = Chatty(web)
    a = c.get("a", 150)
    b = c.get("b", 40)
    d = c.get("c", 90)
    return [a, b, d]


# =========================================================================== recursion


def pages(web: str, k: str, depth: int) -> list[str]:
    print("page", k, depth)
    v = _get(web, k, 30 + 20 * depth)
    return [v] if depth == 0 else [v, *pages(web, k + "x", depth - 1)]


def r149_recursive_pages(web: str) -> list[list[str]]:
    return [pages(web, "a", 2), pages(web, "b", 1)]


# =========================================================================== writes


def print_and_put(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print("copying", k)
    requests.put(f"{web}/items/copy-{k}", data=v, timeout=5)
    return v


def r149_print_and_put(web: str) -> Any:
    out = [print_and_put(web, k, ms) for k, ms in KS]
    return [out, requests.get(f"{web}/items", timeout=5).json()]


# =========================================================================== wrappers, threads


def r149_partial_helper(web: str) -> list[str]:
    get_one = functools.partial(fetch, web)
    return [get_one(k, ms) for k, ms in KS]


def traced(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print("call", fn.__name__, args[1:])
        return fn(*args, **kwargs)
    return wrapper


@traced
def traced_get(web: str, k: str, ms: int) -> str:
    return _get(web, k, ms)


def r149_wraps_decorated(web: str) -> list[str]:
    return [traced_get(web, k, ms) for k, ms in KS]


def quiet_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print("thread got", k)
    return v


def r149_threads_call_printers(web: str) -> list[str]:
    out: dict[str, str] = {}

    def work(k: str, ms: int) -> None:
        out[k] = quiet_fetch(web, k, ms)

    threads = [threading.Thread(target=work, args=(k, ms)) for k, ms in KS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("main saw", sorted(out))
    return [out[k] for k, _ in KS]


def named(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print(f"[{threading.current_thread().name == 'MainThread'}] {k}")
    return v


def r149_thread_name_printed(web: str) -> list[str]:
    return [named(web, k, ms) for k, ms in KS]


async def r149_async_caller_sync_printers(web: str) -> list[str]:
    a = fetch(web, "a", 150)
    b = fetch(web, "b", 40)
    await asyncio.sleep(0)
    c = fetch(web, "c", 90)
    return [a, b, c]


def _arun(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


# =========================================================================== other clients


def ask_and_print(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    print(f"Q: {q}\nA: {len(text)} chars")
    return text


def r149_openai_helper_prints(client: Any) -> list[str]:
    print("asking three")
    a = ask_and_print(client, "one?", 0.15)
    b = ask_and_print(client, "two?", 0.04)
    c = ask_and_print(client, "three?", 0.09)
    print("done")
    return [a, b, c]


def hx_fetch(web: str, k: str, ms: int) -> str:
    r = httpx.get(_url(web, k, ms), timeout=5)
    print("httpx", k, r.status_code)
    return r.json()["value"]


def r149_httpx_helper_prints(web: str) -> list[str]:
    return [hx_fetch(web, k, ms) for k, ms in KS]


def ul_fetch(web: str, k: str, ms: int) -> str:
    with urllib.request.urlopen(_url(web, k, ms), timeout=5) as r:
        body = json.loads(r.read())
    print("urllib", k, body["value"])
    return body["value"]


def r149_urllib_helper_prints(web: str) -> list[str]:
    out = []
    for k, ms in KS:
        print("next", k)
        out.append(ul_fetch(web, k, ms))
    return out


# =========================================================================== globals the prints read


PREFIX = ">"
STYLE = {"sep": " "}


def prefixed(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print(PREFIX, k, v, sep=STYLE["sep"])
    return v


def r149_global_prefix_rebound(web: str) -> list[str]:
    global PREFIX
    try:
        a = prefixed(web, "a", 150)
        PREFIX = ">>"
        b = prefixed(web, "b", 40)
        c = prefixed(web, "c", 90)
    finally:
        PREFIX = ">"
    return [a, b, c]


# =========================================================================== places in expressions


def r149_helpers_as_print_args(web: str) -> list[Any]:
    print("pair:", fetch(web, "a", 150), fetch(web, "b", 40))
    return [f"{fetch(web, 'c', 90)}|{fetch(web, 'd', 60)}"]


def r149_or_short_circuit(web: str) -> list[Any]:
    first = fetch(web, "a", 150) or fetch(web, "b", 40)
    second = fetch(web, "c", 90) if len(first) > 10 else fetch(web, "d", 60)
    third = fetch(web, "e", 30) and fetch(web, "f", 20)
    return [first, second, third]


def r149_map_fetch_respelled(web: str) -> list[str]:
    return list(map(fetch, [web] * 3, ["a", "b", "c"], [150, 40, 90]))


def r149_filter_and_dictcomp(web: str) -> list[Any]:
    kept = [k for k, ms in KS if fetch(web, k, ms) != "v-b"]
    table = {k: fetch(web, k + "2", ms) for k, ms in KS}
    return [kept, table]


HANDLERS = {"plain": fetch, "partial": show_partial}


def r149_dict_dispatch(web: str) -> list[str]:
    out = []
    for name, k, ms in (("plain", "a", 150), ("partial", "b", 40), ("plain", "c", 90)):
        out.append(HANDLERS[name](web, k, ms))
    print()
    return out


def kw_fetch(web: str, /, k: str, *, ms: int = 50, tag: str = "t") -> str:
    v = _get(web, k, ms)
    print(tag, k, v)
    return v


def r149_posonly_kwonly_helper(web: str) -> list[str]:
    return [kw_fetch(web, "a", ms=150), kw_fetch(web, k="b", ms=40, tag="u"),
            kw_fetch(web, "c", tag="w", ms=90)]


def r149_finally_helper_after_raise(web: str) -> list[Any]:
    out: list[Any] = []
    try:
        out.append(status_check(web, "a", 500, 150))
    finally:
        out.append(fetch(web, "b", 40))
    return out


def r149_while_budget_break(web: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < 5:
        v = fetch(web, f"k{i}", 150 - 30 * i)
        out.append(v)
        if len("".join(out)) > 9:
            print("budget spent at", i)
            break
        i += 1
    return out


# =========================================================================== context the helper runs in


def dec_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    print(k, decimal.Decimal(len(v)) / decimal.Decimal(7))
    return v


def r149_decimal_localcontext(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        a = dec_fetch(web, "a", 150)
        b = dec_fetch(web, "bb", 40)
    c = dec_fetch(web, "ccc", 90)
    return [a, b, c]


def warn_fetch(web: str, k: str, ms: int) -> str:
    v = _get(web, k, ms)
    if ms > 50:
        warnings.warn(f"slow item {k}", stacklevel=2)
    print("got", k)
    return v


def r149_warn_and_print(web: str) -> list[str]:
    return [warn_fetch(web, k, ms) for k, ms in KS]


def _stdout_handler(fn: Any, env: Env) -> Any:
    """Log records of the corpus logger also go to stdout, as a script's basicConfig would."""
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("LOG %(message)s"))
    LOG.addHandler(h)
    try:
        return fn(env.web)
    finally:
        LOG.removeHandler(h)


def r149_log_to_stdout_between(web: str) -> list[str]:
    LOG.info("start")
    a = fetch(web, "a", 150)
    LOG.info("after a")
    b = fetch(web, "b", 40)
    c = fetch(web, "c", 90)
    LOG.info("done %d", len(a + b + c))
    return [a, b, c]


class ChunkLogger:
    """stdout sent to a logger one write at a time (a common 'print to logging' shim)."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self) -> None:
        self.chunks: list[str] = []

    def write(self, s: str) -> int:
        if s.strip():
            self.chunks.append(s.strip())
        return len(s)

    def flush(self) -> None:
        pass


def _two_stdouts(fn: Any, env: Env) -> Any:
    """Called once as is, then again with stdout a shim that keeps each write."""
    first = fn(env.web)
    shim = ChunkLogger()
    saved = sys.stdout
    sys.stdout = shim
    try:
        second = fn(env.web)
    finally:
        sys.stdout = saved
    print(shim.chunks)
    return [first, second]


def r149_chunk_stdout_second_call(web: str) -> list[str]:
    return [fetch(web, k, ms) for k, ms in KS]


def _rebind_print(fn: Any, env: Env) -> Any:
    """Called once; then a module global named print (a 'loud' print) is set and it runs again."""
    first = fn(env.web)
    ME.print = lambda *a, **k: builtins.print("LOUD", *a, **k)  # type: ignore[attr-defined]
    try:
        second = fn(env.web)
    finally:
        del ME.print  # type: ignore[attr-defined]
    return [first, second]


def r149_module_print_rebound_between_calls(web: str) -> list[str]:
    return [fetch(web, k, ms) for k, ms in KS]


def _rebind_builtin_print(fn: Any, env: Env) -> Any:
    """Called once; then builtins.print is wrapped to number its lines and it runs again."""
    first = fn(env.web)
    orig = builtins.print
    count = [0]

    def numbered(*a: Any, **k: Any) -> None:
        count[0] += 1
        orig(count[0], *a, **k)

    builtins.print = numbered
    try:
        second = fn(env.web)
    finally:
        builtins.print = orig
    return [first, second, count[0]]


def r149_builtin_print_wrapped_between_calls(web: str) -> list[str]:
    return [fetch(web, k, ms) for k, ms in KS]


def r149_tb_unicode_innermost(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("a", 150), ("caf\u00e9", 40), ("c", 90)):
        try:
            out.append(fetch(web, k, ms))
        except UnicodeEncodeError as exc:
            out.append(traceback.extract_tb(exc.__traceback__)[-1].name)
    return out


def r149_exc_traceback_depth(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in KS:
        try:
            out.append(bad_sep(web, k, ms))
        except TypeError as exc:
            out.append(len(traceback.extract_tb(exc.__traceback__)))
    return out


def _shim_only(fn: Any, env: Env) -> Any:
    """One call, with stdout the write-keeping shim from the start."""
    shim = ChunkLogger()
    saved = sys.stdout
    sys.stdout = shim
    try:
        value = fn(env.web)
    finally:
        sys.stdout = saved
    print(shim.chunks)
    return value


def r149_chunk_stdout_first_call(web: str) -> list[str]:
    return [fetch(web, k, ms) for k, ms in KS]


def _wrapped_first(fn: Any, env: Env) -> Any:
    """builtins.print numbered before the one call."""
    orig = builtins.print
    count = [0]

    def numbered(*a: Any, **k: Any) -> None:
        count[0] += 1
        orig(count[0], *a, **k)

    builtins.print = numbered
    try:
        return [fn(env.web), count[0]]
    finally:
        builtins.print = orig


def r149_builtin_print_wrapped_first(web: str) -> list[str]:
    return [fetch(web, k, ms) for k, ms in KS]


# =========================================================================== the cases


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r149_partial_end_interleave, O3, overlap=3),
    _w(r149_sep_end_variants, O3, overlap=3),
    _w(r149_bad_sep_raises_in_listcomp, over(0.15, 0.04), cat="validation",
       speculative_reads=True),
    _w(r149_tb_innermost_name, O3, cat="validation"),
    _w(r149_str_counter_state, O3),
    _w(r149_str_prints_inside, O3),
    _w(r149_repr_puts, 1.0),
    _w(r149_listcomp_print_in_helper, O3),
    _w(r149_map_print_in_helper, O3),
    _w(r149_nested_def_prints, O3),
    _w(r149_alias_global_say, O3),
    _w(r149_stdout_write_in_helper, O3),
    _w(r149_print_then_raise_status, O3, cat="validation"),
    _w(r149_first_fails_rest_silent, cat="validation", speculative_reads=True),
    _w(r149_try_finally_never_reached, over(0.15, 0.04), cat="validation",
       speculative_reads=True),
    _w(r149_loop_break_speculative, over(0.15, 0.04), speculative_reads=True),
    _w(r149_early_return_found, over(0.15, 0.04), speculative_reads=True),
    _w(r149_with_file_write_lines, args=web_tmp, cat="files"),
    _w(r149_with_section_blocks, O3),
    _w(r149_redirect_stdout_block, O3),
    _w(r149_stdout_swap_getvalue, over(0.15, 0.04)),
    _w(r149_getvalue_after_helpers, O3),
    _w(r149_helper_swaps_stdout, O3),
    Case("helpers", r149_ascii_stdout_encode_error, servers="web", drive=_ascii, ideal=O3),
    Case("helpers", r149_ascii_safe_show, servers="web", drive=_ascii, ideal=O3),
    Case("helpers", r149_ascii_then_redirect, servers="web", drive=_ascii,
         ideal=over(0.15, 0.04)),
    Case("helpers", r149_str_subclass_self_ascii, servers="web", drive=_ascii, ideal=O3),
    Case("helpers", r149_print_and_stderr, servers="web", drive=_with_stderr, ideal=O3),
    _w(r149_print_and_log, O3),
    _w(r149_mangled_private_attr, O3),
    _w(r149_super_call_prints, O3),
    _w(r149_recursive_pages, (0.07 + 0.05 + 0.03 + 0.05 + 0.03) / 0.15),
    _w(r149_print_and_put),
    _w(r149_partial_helper, O3),
    _w(r149_wraps_decorated, O3),
    _w(r149_threads_call_printers, cat="threads"),
    _w(r149_thread_name_printed, O3),
    Case("helpers", r149_async_caller_sync_printers, servers="web", drive=_arun, ideal=O3),
    Case("sdk", r149_openai_helper_prints, args=oa, servers="api", ideal=O3),
    _w(r149_httpx_helper_prints, O3),
    _w(r149_urllib_helper_prints, O3),
    _w(r149_global_prefix_rebound, O3, cat="rebind"),
    _w(r149_helpers_as_print_args, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    _w(r149_or_short_circuit, (0.15 + 0.09 + 0.03 + 0.02) / 0.15, speculative_reads=True),
    _w(r149_map_fetch_respelled, O3, overlap=3),
    _w(r149_filter_and_dictcomp, 2 * 0.28 / 0.15, overlap=6),
    _w(r149_dict_dispatch, O3),
    _w(r149_posonly_kwonly_helper, O3, overlap=3),
    _w(r149_finally_helper_after_raise, over(0.15, 0.04), cat="validation"),
    _w(r149_while_budget_break, (0.15 + 0.12 + 0.09) / 0.15, speculative_reads=True),
    _w(r149_decimal_localcontext, O3),
    _w(r149_warn_and_print, O3),
    Case("helpers", r149_log_to_stdout_between, servers="web", drive=_stdout_handler, ideal=O3),
    Case("helpers", r149_chunk_stdout_second_call, servers="web", drive=_two_stdouts, ideal=O3),
    Case("rebind", r149_module_print_rebound_between_calls, servers="web", drive=_rebind_print,
         ideal=O3),
    Case("rebind", r149_builtin_print_wrapped_between_calls, servers="web",
         drive=_rebind_builtin_print, ideal=O3),
    Case("validation", r149_tb_unicode_innermost, servers="web", drive=_ascii, ideal=O3),
    _w(r149_exc_traceback_depth, O3, cat="validation"),
    Case("helpers", r149_chunk_stdout_first_call, servers="web", drive=_shim_only, ideal=O3),
    Case("rebind", r149_builtin_print_wrapped_first, servers="web", drive=_wrapped_first,
         ideal=O3),
]

# Cases that differed when written, fixed since (each failed on the code before its fix).
FIXED_WHY: dict[str, str] = {
    "r149_tb_innermost_name": (
        "print(..., sep=<int>) in a started printing helper: the TypeError's traceback ended "
        "in _printed._print (the twin's print). The twin now calls the builtin print itself "
        "with file= its buffer: no frame of Ember's past the helper's."
    ),
    "r149_tb_unicode_innermost": (
        "Under an ascii stdout a held print's UnicodeEncodeError was raised by a write of "
        "Python code. The buffer is now a TextIOWrapper (C) with stdout's encoding."
    ),
    "r149_str_subclass_self_ascii": (
        "The buffer checked the encoding only when type(text) is str; a str subclass passed "
        "unchecked and show() raised at the call's place. Fixed by the TextIOWrapper buffer."
    ),
    "r149_chunk_stdout_second_call": (
        "A plan made with stdout a StringIO was reused after the caller put a stream of its "
        "own in sys.stdout: the prints were still held and shown in one write. Whether print "
        "is ordered output on stdout is now asked as each call starts."
    ),
    "r149_builtin_print_wrapped_between_calls": (
        "builtins.print replaced by a numbering wrapper between two calls ran from worker "
        "threads. The helper's print must resolve to the builtin as each call starts."
    ),
    "r149_builtin_print_wrapped_first": (
        "Same with builtins.print wrapped before the first call: held_print compared with the "
        "name print, the wrapper too. It now asks for the builtin's own type and name."
    ),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
