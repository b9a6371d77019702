"""Red-team cases (stop 21), twenty-first part: statements that fail on their own (a
property that raises, a missing key, a bad conversion, a missing attribute) before a GET
that plain code never sends, and plans reused after what they resolved changed in place:
a helper's ``__code__`` swapped (as IPython's autoreload does), an argument's
``__class__`` reassigned, a subclass whose method writes.
"""

from __future__ import annotations

from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import put, value, web_args

# --------------------------------------------------------------------------- statements that fail on their own


class Settings:
    def __init__(self, token: str) -> None:
        self._token = token

    @property
    def token(self) -> str:
        if not self._token:
            raise RuntimeError("no token configured")
        return self._token


def property_that_raises_before_a_read(base: str) -> list[str]:
    s = Settings("")
    first = value(base, "pt0")
    tok = s.token  # raises: the GET below is never sent
    return [first, tok, value(base, "pt1")]


def missing_key_before_a_read(base: str) -> list[str]:
    conf: dict[str, str] = {"region": "eu"}
    first = value(base, "mk0")
    zone = conf["zone"]
    return [first, zone, value(base, "mk1")]


def bad_conversion_before_a_read(base: str, text: str) -> list[Any]:
    first = value(base, "bc0")
    n = int(text)
    return [first, n, value(base, "bc1")]


def missing_attribute_before_a_read(base: str) -> list[Any]:
    s = Settings("t")
    first = value(base, "ma0")
    port = s.port  # type: ignore[attr-defined]
    return [first, port, value(base, "ma1")]


def index_out_of_range_before_a_read(base: str) -> list[Any]:
    keys = ["ir1"]
    first = value(base, "ir0")
    second = keys[1]
    return [first, second, value(base, "ir2")]


# --------------------------------------------------------------------------- plans and what changed in place


def lookup(base: str, key: str) -> str:
    return value(base, key)


def _store_impl(base: str, key: str) -> str:
    return str(put(base, key, "reloaded"))


def two_lookups(base: str) -> list[str]:
    a = lookup(base, "cr1")
    b = value(base, "cr1")
    c = lookup(base, "cr2")
    return [a, b, c]


def _swap_code_between_calls(f: Any, env: Env) -> list[Any]:
    original = lookup.__code__
    try:
        out = [f(env.web)]
        lookup.__code__ = _store_impl.__code__  # an autoreload edits the function in place
        out.append(f(env.web))
    finally:
        lookup.__code__ = original
    return out


class Reader:
    def __init__(self, base: str) -> None:
        self.base = base

    def fetch(self, key: str) -> str:
        return value(self.base, key)


class Writer(Reader):
    def fetch(self, key: str) -> str:
        return str(put(self.base, key, "written"))


def read_via(r: Reader, base: str) -> list[str]:
    a = r.fetch("cl1")
    b = value(base, "cl1")
    return [a, b]


def _class_reassigned_between_calls(f: Any, env: Env) -> list[Any]:
    r = Reader(env.web)
    out = [f(r, env.web)]
    r.__class__ = Writer
    out.append(f(r, env.web))
    return out


def _subclass_on_the_second_call(f: Any, env: Env) -> list[Any]:
    return [f(Reader(env.web), env.web), f(Writer(env.web), env.web)]


def read_via_subclass(r: Reader, base: str) -> list[str]:
    a = r.fetch("sc1")
    b = value(base, "sc1")
    return [a, b]


CASES = [
    Case("validation", property_that_raises_before_a_read, args=web_args, servers="web"),
    Case("validation", missing_key_before_a_read, args=web_args, servers="web", speculative_reads=True),
    Case("validation", bad_conversion_before_a_read, args=lambda env: (env.web, "x1"),
         servers="web", speculative_reads=True),
    Case("validation", missing_attribute_before_a_read, args=web_args, servers="web", speculative_reads=True),
    Case("validation", index_out_of_range_before_a_read, args=web_args, servers="web", speculative_reads=True),
    Case("rebind", two_lookups, drive=_swap_code_between_calls, servers="web"),
    Case("rebind", read_via, drive=_class_reassigned_between_calls, servers="web"),
    Case("rebind", read_via_subclass, drive=_subclass_on_the_second_call, servers="web"),
]
