"""Red-team cases (stop 167): loud arguments, held output of stdout's kind, and sub-helpers
whose prints their arguments decide.

(1) A call started early whose arguments hold an object of the user's that prints (or PUTs)
when formatted must run at its place (`_launch.quiet` looks at plain containers up to 256
items and objects' ``__dict__``, three levels down): here such objects sit deeper, in
``__slots__`` objects and slotted dataclasses, deques, OrderedDicts, defaultdicts, named
tuples, ``SimpleNamespace``, list and dict subclasses, behind a property or a method the
helper calls, in globals and closures the helper formats, or act through ``__len__``,
``__iter__``, ``__eq__`` and ``__hash__`` rather than formatting. Each helper formats its
argument after its GET, so what runs off its place shows in completion order.
(2) Held output takes stdout's kind: stdout replaced for the whole call (drives) by
``StringIO`` subclasses and ``TextIOWrapper``\\ s over bytes with other newlines, line
buffering, error handlers (the standard ones and one of the user's), encodings (utf-16,
utf-32, latin-1, cp1252, shift_jis), lone surrogates and emoji; stdout closed or swapped by
the function itself between two helpers' calls.
(3) A printing helper whose sub-helper's output its arguments decide: a print function, a
stream, a logger, a verbose flag or a client passed down, a sub-helper that prints, logs or
writes a file only for some values.
Sibling calls get unequal latencies, slow first. `FIXED_WHY` says what differed for the
cases that did when written.
"""

from __future__ import annotations

import builtins
import codecs
import contextlib
import dataclasses
import io
import sys
import types
from collections import OrderedDict, defaultdict, deque, namedtuple
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam167")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)
O2 = over(150, 40)


def url(web: str, key: str, ms: int) -> str:
    return f"{web}/items/{key}?ms={ms}"


def get(web: str, key: str, ms: int) -> str:
    return requests.get(url(web, key, ms), timeout=5).json()["value"]


# =========================================================================== objects of yours


class Loud:
    """Prints whenever it is formatted."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print(f"(str {self.k})")
        return self.k

    __repr__ = __str__

    def __hash__(self) -> int:
        return hash(self.k)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Loud) and other.k == self.k


class Quiet:
    def __init__(self, k: str) -> None:
        self.k = k

    def __repr__(self) -> str:
        return f"Quiet({self.k})"


class Slotted:
    __slots__ = ("item",)

    def __init__(self, item: Any) -> None:
        self.item = item

    def __repr__(self) -> str:
        return f"Slotted({self.item!r})"


@dataclasses.dataclass(slots=True)
class SlotBox:
    item: Any


@dataclasses.dataclass
class DictBox:
    item: Any


Pair = namedtuple("Pair", "key item")


class Tags(list):
    """A list of the user's (no methods of its own)."""


class Table(dict):
    """A dict of the user's (no methods of its own)."""


class Labelled:
    """Its label is made when read: nothing loud is held."""

    def __init__(self, k: str) -> None:
        self.k = k

    @property
    def label(self) -> Loud:
        return Loud(self.k)

    def describe(self) -> str:
        print(f"(describing {self.k})")
        return self.k.upper()


class LoudSpec:
    """Prints only for the ``v`` format spec."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __format__(self, spec: str) -> str:
        if spec == "v":
            print(f"(verbose {self.k})")
        return self.k

    def __repr__(self) -> str:
        return f"LoudSpec({self.k})"


class Sized:
    """Its length prints."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __len__(self) -> int:
        print(f"(len {self.k})")
        return len(self.k)

    def __repr__(self) -> str:
        return f"Sized({self.k})"


class Walked:
    """Walking it prints."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __iter__(self) -> Any:
        print(f"(iter {self.k})")
        return iter(self.k)

    def __repr__(self) -> str:
        return f"Walked({self.k})"


class Compared:
    """Comparing it prints."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __eq__(self, other: object) -> bool:
        print(f"(eq {self.k})")
        return self.k == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Compared({self.k})"


class Hashed:
    """Hashing it prints."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __hash__(self) -> int:
        print(f"(hash {self.k})")
        return hash(self.k)

    def __repr__(self) -> str:
        return f"Hashed({self.k})"


class Audited:
    """Formatting it PUTs an audit line (a write the server sees)."""

    def __init__(self, web: str, k: str) -> None:
        self.web = web
        self.k = k

    def __str__(self) -> str:
        requests.put(f"{self.web}/items/audit", data=f"shown {self.k}", timeout=5)
        return self.k

    __repr__ = __str__


class Fetched:
    """Formatting it GETs (a read)."""

    def __init__(self, web: str, k: str) -> None:
        self.web = web
        self.k = k

    def __str__(self) -> str:
        requests.get(f"{self.web}/items/label-{self.k}", timeout=5)
        print(f"(fetched label {self.k})")
        return self.k

    __repr__ = __str__


# =========================================================================== (1) helpers


def fetch_show(web: str, obj: Any, key: str, ms: int) -> str:
    """GET, then show what it was handed."""
    value = get(web, key, ms)
    print("got", obj)
    return value


def fetch_quiet(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{obj!r}"


def fetch_label(web: str, obj: Labelled, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", obj.label)
    return value


def fetch_described(web: str, obj: Labelled, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{obj.describe()}"


def fetch_spec(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{obj:v}"


def fetch_plain_spec(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{obj:>3}"


def fetch_len(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return f"{value}:{len(obj[0])}"


def fetch_join(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + "".join(obj[0])


def fetch_eq(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value if obj[0] == key else "?"


def fetch_hash(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value if obj[0] in {"x"} else value.upper()


REGISTRY = {k: Loud(k) for k, _ in KMS}


def fetch_registered(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", REGISTRY[key])
    return value


def make_fetcher(tag: Any) -> Any:
    def fetcher(web: str, key: str, ms: int) -> str:
        value = get(web, key, ms)
        print("got", key, tag)
        return value
    return fetcher


TAGGED = make_fetcher(Loud("tag"))


# =========================================================================== (1) cases


def r167_deque_of_loud(web: str) -> list[str]:
    return [fetch_show(web, deque([Loud(k)]), k, ms) for k, ms in KMS]


def r167_ordereddict_of_loud(web: str) -> list[str]:
    return [fetch_show(web, OrderedDict(item=Loud(k)), k, ms) for k, ms in KMS]


def r167_defaultdict_of_loud(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        groups: defaultdict[str, list[Loud]] = defaultdict(list)
        groups[k].append(Loud(k))
        out.append(fetch_show(web, groups, k, ms))
    return out


def r167_namedtuple_of_loud(web: str) -> list[str]:
    return [fetch_show(web, Pair(k, Loud(k)), k, ms) for k, ms in KMS]


def r167_slots_object_of_loud(web: str) -> list[str]:
    return [fetch_show(web, Slotted(Loud(k)), k, ms) for k, ms in KMS]


def r167_slotted_dataclass_of_loud(web: str) -> list[str]:
    return [fetch_show(web, SlotBox(Loud(k)), k, ms) for k, ms in KMS]


def r167_dataclass_of_loud(web: str) -> list[str]:
    return [fetch_show(web, DictBox(Loud(k)), k, ms) for k, ms in KMS]


def r167_simplenamespace_of_loud(web: str) -> list[str]:
    return [fetch_show(web, types.SimpleNamespace(item=Loud(k)), k, ms) for k, ms in KMS]


def r167_list_subclass_of_loud(web: str) -> list[str]:
    return [fetch_show(web, Tags([Loud(k)]), k, ms) for k, ms in KMS]


def r167_dict_subclass_of_loud(web: str) -> list[str]:
    return [fetch_show(web, Table(item=Loud(k)), k, ms) for k, ms in KMS]


def r167_four_levels_deep(web: str) -> list[str]:
    return [fetch_show(web, [[[[Loud(k)]]]], k, ms) for k, ms in KMS]




def r167_frozenset_of_loud(web: str) -> list[str]:
    return [fetch_show(web, frozenset({Loud(k)}), k, ms) for k, ms in KMS]


def r167_deque_param(web: str, objs: list[Any]) -> list[str]:
    out = []
    for i, (k, ms) in enumerate(KMS):
        out.append(fetch_show(web, objs[i], k, ms))
    return out


def r167_property_makes_loud(web: str) -> list[str]:
    return [fetch_label(web, Labelled(k), k, ms) for k, ms in KMS]


def r167_method_prints(web: str) -> list[str]:
    return [fetch_described(web, Labelled(k), k, ms) for k, ms in KMS]


def r167_spec_v_in_list(web: str) -> list[str]:
    return [fetch_spec(web, LoudSpec(k), k, ms) for k, ms in KMS]


def r167_spec_quiet_overlaps(web: str) -> list[str]:
    return [fetch_plain_spec(web, LoudSpec(k), k, ms) for k, ms in KMS]


def r167_len_in_list(web: str) -> list[str]:
    return [fetch_len(web, [Sized(k)], k, ms) for k, ms in KMS]


def r167_iter_in_list(web: str) -> list[str]:
    return [fetch_join(web, [Walked(k)], k, ms) for k, ms in KMS]


def r167_eq_in_list(web: str) -> list[str]:
    return [fetch_eq(web, [Compared(k)], k, ms) for k, ms in KMS]


def r167_hash_in_tuple(web: str) -> list[str]:
    return [fetch_hash(web, (Hashed(k),), k, ms) for k, ms in KMS]


def r167_global_registry(web: str) -> list[str]:
    return [fetch_registered(web, k, ms) for k, ms in KMS]


def r167_closure_tag(web: str) -> list[str]:
    return [TAGGED(web, k, ms) for k, ms in KMS]


def r167_str_puts_in_deque(web: str) -> list[str]:
    return [fetch_show(web, deque([Audited(web, k)]), k, ms) for k, ms in KMS]


def r167_str_gets_in_namedtuple(web: str) -> list[str]:
    return [fetch_show(web, Pair(k, Fetched(web, k)), k, ms) for k, ms in KMS]


def r167_deque_loud_in_fstring(web: str) -> list[str]:
    return [fetch_quiet(web, deque([Loud(k)]), k, ms) for k, ms in KMS]


def r167_quiet_objects_overlap(web: str) -> list[str]:
    return [fetch_quiet(web, deque([Quiet(k)]), k, ms) for k, ms in KMS]


def r167_straight_namedtuple(web: str) -> list[str]:
    print("start")
    a = fetch_show(web, Pair("a", Loud("a")), "a", 150)
    print("between")
    b = fetch_show(web, Pair("b", Loud("b")), "b", 40)
    print("end")
    return [a, b]


# =========================================================================== (2) stdout's kind


def fetch_p(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    print(f"{key}={value}")
    return value


def fetch_lines(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    sys.stdout.writelines([f"{key}", "=", value, "\n"])
    return value


def fetch_crlf(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(f"{key}\r\n{value}\rend")
    return value


def fetch_accents(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(f"{key}: caf\u00e9 \u2713 \U0001f600 \u20ac {value}")
    return value


def fetch_yen(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(f"{key}: \u00a5100 \u301c \u65e5\u672c {value}")
    return value


def fetch_cp1252(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    try:
        print(f"{key}: \u20ac\u2019 \x81 {value}")
    except UnicodeEncodeError as exc:
        print(f"{key}: cannot show ({exc.reason} at {exc.start})")
    return value


def fetch_surrogate_tail(web: str, key: str, ms: int) -> str:
    """Shows a name decoded with surrogateescape (bytes not UTF-8), no newline after."""
    value = get(web, key, ms)
    name = f"{key}-caf".encode() + b"\xc3"
    print(f"{key}={value} file ", end="")
    sys.stdout.write(name.decode("utf-8", "surrogateescape"))
    return value


def fetch_surrogate_mid(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print(f"{key}=\udcff{value}")
    return value


def r167_loop_print_then_show(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_surrogate_tail(web, k, ms))
        print(" done")
    return out


class PlainSub(io.StringIO):
    """A StringIO of the user's with nothing of its own."""


class Prefixed(io.StringIO):
    """A StringIO of the user's whose writelines prefixes each line."""

    def writelines(self, lines: Any) -> None:
        for ln in lines:
            self.write("> " + ln)


class KeepBytes(io.BytesIO):
    """Keeps what it held when closed (so a drive can see it)."""

    kept = b""

    def close(self) -> None:
        if not self.closed:
            self.kept = self.getvalue()
        super().close()


def _stringio_drive(make: Any) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        buf = make()
        with contextlib.redirect_stdout(buf):
            try:
                value: Any = fn(env.web)
            except Exception as exc:  # noqa: BLE001 - part of the case's outcome
                value = f"{type(exc).__name__}: {exc}"
        return value, buf.getvalue()
    drive.__name__ = f"drive_{getattr(make, '__name__', 'stringio')}"
    return drive


def _bytes_drive(encoding: str, errors: str = "strict", newline: str | None = "\n",
                 line_buffering: bool = False, write_through: bool = True) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        raw = KeepBytes()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=newline,
                                  line_buffering=line_buffering, write_through=write_through)
        with contextlib.redirect_stdout(stream):
            try:
                value: Any = fn(env.web)
            except Exception as exc:  # noqa: BLE001 - part of the case's outcome
                value = f"{type(exc).__name__}: {exc}"
        if stream.closed:
            return value, raw.kept
        stream.flush()
        return value, raw.getvalue()
    drive.__name__ = f"drive_{encoding}_{errors}_{newline!r}"
    return drive


def _latin1_fallback(err: UnicodeError) -> tuple[bytes, int]:
    """Unencodable text written as Latin-1 bytes (an old terminal's habit)."""
    assert isinstance(err, UnicodeEncodeError)
    return err.object[err.start:err.end].encode("latin-1", "replace"), err.end


codecs.register_error("r167_latin1", _latin1_fallback)


def r167_stringio_plain_subclass(web: str) -> list[str]:
    return [fetch_p(web, k, ms) for k, ms in KMS]


def r167_stringio_writelines_subclass(web: str) -> list[str]:
    return [fetch_lines(web, k, ms) for k, ms in KMS]


def r167_stringio_crlf_newline(web: str) -> list[str]:
    return [fetch_crlf(web, k, ms) for k, ms in KMS]


def r167_wrapper_newline_none(web: str) -> list[str]:
    return [fetch_crlf(web, k, ms) for k, ms in KMS]




def r167_wrapper_newline_crlf(web: str) -> list[str]:
    return [fetch_crlf(web, k, ms) for k, ms in KMS]


def r167_wrapper_line_buffered(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_p(web, k, ms))
        sys.stdout.buffer.write(f"[raw {k}]".encode())
    return out


def r167_wrapper_ascii_replace(web: str) -> list[str]:
    return [fetch_accents(web, k, ms) for k, ms in KMS]


def r167_wrapper_ascii_backslash(web: str) -> list[str]:
    return [fetch_accents(web, k, ms) for k, ms in KMS]




def r167_wrapper_utf16(web: str) -> list[str]:
    return [fetch_accents(web, k, ms) for k, ms in KMS]






def r167_wrapper_cp1252_strict(web: str) -> list[str]:
    return [fetch_cp1252(web, k, ms) for k, ms in KMS]


def r167_wrapper_shift_jis(web: str) -> list[str]:
    return [fetch_yen(web, k, ms) for k, ms in KMS]


def r167_wrapper_user_error_handler(web: str) -> list[str]:
    return [fetch_accents(web, k, ms) for k, ms in KMS]


def r167_surrogateescape_tail(web: str) -> list[str]:
    return [fetch_surrogate_tail(web, k, ms) for k, ms in KMS]


def r167_surrogate_strict_raises(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        try:
            out.append(fetch_surrogate_mid(web, k, ms))
        except UnicodeEncodeError as exc:
            out.append(f"{k}: {exc.reason}")
    return out


def r167_surrogatepass_utf16(web: str) -> list[str]:
    return [fetch_surrogate_mid(web, k, ms) for k, ms in KMS]


def r167_closed_midway(web: str) -> list[str]:
    a = fetch_p(web, "a", 150)
    print("closing")
    sys.stdout.close()
    try:
        b = fetch_p(web, "b", 40)
    except ValueError as exc:
        b = str(exc)
    return [a, b]


def r167_swapped_midway(web: str) -> list[str]:
    saved = sys.stdout
    a = fetch_p(web, "a", 150)
    side = io.StringIO()
    sys.stdout = side
    b = fetch_p(web, "b", 40)
    sys.stdout = saved
    c = fetch_p(web, "c", 90)
    return [a, b, c, side.getvalue()]


def r167_redirect_midway(web: str) -> list[str]:
    a = fetch_p(web, "a", 150)
    with contextlib.redirect_stdout(io.StringIO()) as side:
        b = fetch_p(web, "b", 40)
    c = fetch_p(web, "c", 90)
    return [a, b, c, side.getvalue()]






# =========================================================================== (3) sub-helpers


def emit_with(say: Any, msg: str) -> None:
    say(msg)


def fetch_say(web: str, key: str, ms: int, say: Any) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    emit_with(say, f"{key}={value}")
    return value


def emit_to(msg: str, out: Any) -> None:
    out.write(msg + "\n")


def fetch_stream(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    emit_to(f"{key}={value}", sys.stdout)
    return value


def emit_log(log: Any, msg: str) -> None:
    log.info(msg)


def fetch_logged(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    emit_log(LOG, f"{key}={value}")
    return value


def trace(verbose: bool, msg: str) -> None:
    if verbose:
        print(msg)


def fetch_verbose(web: str, key: str, ms: int, verbose: bool) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    trace(verbose, f"{key}={value}")
    return value


def note_some(key: str, value: str) -> None:
    if key != "b":
        print(f"note {key}={value}")


def fetch_noted(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    note_some(key, value)
    return value


def note_or_log(key: str, value: str) -> None:
    if key == "b":
        LOG.warning("short item %s", key)
    else:
        print(f"note {key}={value}")


def fetch_note_or_log(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    note_or_log(key, value)
    return value


def note_or_file(tmp: str, key: str, value: str) -> None:
    if key == "b":
        with open(Path(tmp) / "notes.txt", "a") as f:
            f.write(f"{key}={value}\n")
    else:
        print(f"note {key}={value}")


def fetch_note_or_file(web: str, tmp: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    note_or_file(tmp, key, value)
    return value


def say_to(msg: str, file: Any = None) -> None:
    print(msg, file=file)


def fetch_say_to(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    say_to(f"{key}={value}")
    return value


def say_builtins(parts: list[str]) -> None:
    for p in parts:
        builtins.print(p)


def fetch_builtins(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    say_builtins([key, value])
    return value


class Shouty:
    """A client of the user's whose get prints."""

    def get(self, u: str, timeout: float = 5) -> Any:
        print(f"(shouty GET {u.rsplit('/', 1)[-1]})")
        return requests.get(u, timeout=timeout)


def get_with(client: Any, u: str) -> str:
    return client.get(u, timeout=5).json()["value"]


def fetch_client(client: Any, web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get_with(client, url(web, key, ms))
    print(f"{key}={value}")
    return value


def r167_sub_say_print(web: str) -> list[str]:
    return [fetch_say(web, k, ms, print) for k, ms in KMS]




def r167_sub_stream_stdout(web: str) -> list[str]:
    return [fetch_stream(web, k, ms) for k, ms in KMS]


def r167_sub_logger_passed(web: str) -> list[str]:
    return [fetch_logged(web, k, ms) for k, ms in KMS]




def r167_sub_verbose_some(web: str) -> list[str]:
    return [fetch_verbose(web, k, ms, k != "b") for k, ms in KMS]


def r167_sub_prints_some(web: str) -> list[str]:
    return [fetch_noted(web, k, ms) for k, ms in KMS]


def r167_sub_logs_some(web: str) -> list[str]:
    return [fetch_note_or_log(web, k, ms) for k, ms in KMS]


def r167_sub_file_some(web: str, tmp: str) -> list[str]:
    out = [fetch_note_or_file(web, tmp, k, ms) for k, ms in KMS]
    out.append((Path(tmp) / "notes.txt").read_text())
    return out


def r167_sub_file_kw_none(web: str) -> list[str]:
    return [fetch_say_to(web, k, ms) for k, ms in KMS]


def r167_sub_builtins_print(web: str) -> list[str]:
    return [fetch_builtins(web, k, ms) for k, ms in KMS]


def r167_sub_client_session(web: str) -> list[str]:
    with requests.Session() as s:
        return [fetch_client(s, web, k, ms) for k, ms in KMS]


def r167_sub_client_shouty(web: str) -> list[str]:
    client = Shouty()
    return [fetch_client(client, web, k, ms) for k, ms in KMS]




def ask_say(client: Any, q: str, lat: float, say: Any) -> str:
    print(f"Q: {q}")
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    emit_with(say, f"A({q}): {len(text.split())} words")
    return text


def r167_sdk_sub_say_print(client: Any) -> list[str]:
    return [ask_say(client, q, lat, print) for q, lat in
            (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09))]


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def deques(env: Env) -> tuple:
    return (env.web, [deque([Loud(k)]) for k, _ in KMS])


def _plain_drive(fn: Any, env: Env) -> Any:
    return _stringio_drive(io.StringIO)(fn, env)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) loud arguments
    _w(r167_deque_of_loud, O3),
    _w(r167_ordereddict_of_loud, O3),
    _w(r167_defaultdict_of_loud, O3),
    _w(r167_namedtuple_of_loud, O3),
    _w(r167_slots_object_of_loud, O3),
    _w(r167_slotted_dataclass_of_loud, O3),
    _w(r167_dataclass_of_loud, O3),
    _w(r167_simplenamespace_of_loud, O3),
    _w(r167_list_subclass_of_loud, O3),
    _w(r167_dict_subclass_of_loud, O3),
    _w(r167_four_levels_deep, O3),
    _w(r167_frozenset_of_loud, O3),
    _w(r167_deque_param, O3, args=deques),
    _w(r167_property_makes_loud, O3),
    _w(r167_method_prints, O3),
    _w(r167_spec_v_in_list, O3),
    _w(r167_spec_quiet_overlaps, O3),
    _w(r167_len_in_list, O3),
    _w(r167_iter_in_list, O3),
    _w(r167_eq_in_list, O3),
    _w(r167_hash_in_tuple, O3),
    _w(r167_global_registry, O3),
    _w(r167_closure_tag, O3),
    _w(r167_str_puts_in_deque, O3),
    _w(r167_str_gets_in_namedtuple, O3),
    _w(r167_deque_loud_in_fstring, O3),
    _w(r167_quiet_objects_overlap, O3, overlap=3),
    _w(r167_straight_namedtuple, O2),
    # (2) stdout's kind
    _d(r167_stringio_plain_subclass, _stringio_drive(PlainSub), O3),
    _d(r167_stringio_writelines_subclass, _stringio_drive(Prefixed), O3),
    _d(r167_stringio_crlf_newline, _stringio_drive(lambda: io.StringIO(newline="\r\n")), O3,
       overlap=3),
    _d(r167_wrapper_newline_none, _bytes_drive("utf-8", newline=None), O3, overlap=3),
    _d(r167_wrapper_newline_crlf, _bytes_drive("utf-8", newline="\r\n"), O3, overlap=3),
    _d(r167_wrapper_line_buffered, _bytes_drive("utf-8", line_buffering=True,
                                                write_through=False), O3),
    _d(r167_wrapper_ascii_replace, _bytes_drive("ascii", "replace"), O3, overlap=3),
    _d(r167_wrapper_ascii_backslash, _bytes_drive("ascii", "backslashreplace"), O3,
       overlap=3),
    _d(r167_wrapper_utf16, _bytes_drive("utf-16"), O3, overlap=3),
    _d(r167_wrapper_cp1252_strict, _bytes_drive("cp1252"), O3, overlap=3),
    _d(r167_wrapper_shift_jis, _bytes_drive("shift_jis"), O3, overlap=3),
    _d(r167_wrapper_user_error_handler, _bytes_drive("ascii", "r167_latin1"), O3),
    _d(r167_surrogateescape_tail, _bytes_drive("utf-8", "surrogateescape"), O3, overlap=3),
    _d(r167_loop_print_then_show, _bytes_drive("utf-8", "surrogateescape"), O3),
    _d(r167_surrogate_strict_raises, _bytes_drive("utf-8"), O3),
    _d(r167_surrogatepass_utf16, _bytes_drive("utf-16", "surrogatepass"), O3, overlap=3),
    _d(r167_closed_midway, _bytes_drive("utf-8"), cat="validation"),
    _d(r167_swapped_midway, _plain_drive),
    _d(r167_redirect_midway, _plain_drive),
    # (3) sub-helpers whose output their arguments decide
    _w(r167_sub_say_print, O3),
    _w(r167_sub_stream_stdout, O3),
    _w(r167_sub_logger_passed, O3),
    _w(r167_sub_verbose_some, O3, overlap=3),
    _w(r167_sub_prints_some, O3, overlap=3),
    _w(r167_sub_logs_some, O3),
    _w(r167_sub_file_some, O3, args=web_tmp),
    _w(r167_sub_file_kw_none, O3),
    _w(r167_sub_builtins_print, O3),
    _w(r167_sub_client_session, O3),
    _w(r167_sub_client_shouty, O3),
    Case("sdk", r167_sdk_sub_say_print, args=oa, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
]

FIXED_WHY: dict[str, str] = {
    'r167_deque_of_loud': (
        "`_launch.quiet` takes a deque holding a Loud as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_ordereddict_of_loud': (
        "`_launch.quiet` takes an OrderedDict holding a Loud as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_namedtuple_of_loud': (
        "`_launch.quiet` takes a named tuple holding a Loud (its class is the user's but has no __dict__) as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_slots_object_of_loud': (
        "`_launch.quiet` takes a __slots__ object holding a Loud (no __dict__ to look in) as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_slotted_dataclass_of_loud': (
        "`_launch.quiet` takes a dataclass(slots=True) holding a Loud (no __dict__) as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_simplenamespace_of_loud': (
        "`_launch.quiet` takes a types.SimpleNamespace holding a Loud (not the user's class) as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_list_subclass_of_loud': (
        "`_launch.quiet` takes a list subclass of the user's holding a Loud (its type is not exactly list; its __dict__ is empty) as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_dict_subclass_of_loud': (
        "`_launch.quiet` takes a dict subclass of the user's holding a Loud as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_deque_loud_in_fstring': (
        "`_launch.quiet` takes a deque holding a Loud, formatted by a non-printing read helper's f-string, as quiet (it looks only in exact list/tuple/set/frozenset/dict and objects' __dict__), so the helper starts early and Loud's __repr__ prints from the pool in completion order (b, c, a) ahead of the held 'got' lines."
    ),
    'r167_property_makes_loud': (
        "the handed object holds only a str; its property makes a Loud when read, so `quiet` sees nothing loud and the helper, started early, prints '(str k)' in completion order."
    ),
    'r167_len_in_list': (
        '`quiet`/`formats_loudly` look only at __format__/__str__/__repr__: an object whose __len__ prints, in a list handed to a read helper that calls len(), runs __len__ off its place (b, c, a).'
    ),
    'r167_eq_in_list': (
        "as r167_len_in_list for __eq__: the helper's `obj[0] == key` prints from the pool in completion order."
    ),
    'r167_hash_in_tuple': (
        "as r167_len_in_list for __hash__: the helper's `obj[0] in {'x'}` prints from the pool in completion order."
    ),
    'r167_str_puts_in_deque': (
        "a deque holding an object whose __str__ PUTs: `quiet` does not look into deques, so the PUTs reach the server in completion order (write 1 'shown b' instead of 'shown a'): writes reordered."
    ),
    'r167_str_gets_in_namedtuple': (
        'a named tuple holding an object whose __str__ GETs and prints: missed by `quiet` (no __dict__), its prints come out in completion order.'
    ),
    'r167_wrapper_user_error_handler': (
        "stdout an ascii TextIOWrapper with a registered error handler returning Latin-1 bytes: the held buffer encodes b'\\xe9', and `_Encoded.texts` decodes it with 'strict' (only surrogateescape/surrogatepass are undone): UnicodeDecodeError at the call's place instead of the output."
    ),
    'r167_surrogateescape_tail': (
        "stdout utf-8/surrogateescape; a helper's last write ends in '\\udcc3' (b'\\xc3', a lead byte): `_Encoded.texts` decodes pieces incrementally and never calls decode(final=True), so the pending byte is dropped: stdout bytes lose b'\\xc3'."
    ),
    'r167_loop_print_then_show': (
        "as r167_surrogateescape_tail, in a loop that prints ' done' after each call: the trailing lead byte of each call's held output is lost."
    ),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
