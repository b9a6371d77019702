"""Red-team cases (stop 21), twenty-fourth part: newer syntax around reads (``match`` with
a guard and a class pattern, ``except*``, a walrus in a read's arguments) and star or
double-star arguments whose list or dict is changed between two reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._web import checked, value, web_args


@dataclass
class Reply:
    kind: str
    text: str


def match_on_a_read(base: str) -> list[str]:
    out = []
    for k in ("ma", "mb"):
        v = value(base, k)
        match Reply("item", v):
            case Reply(kind="item", text=t) if t.endswith("a"):
                out.append(value(base, f"{t}-a"))
            case Reply(text=t):
                out.append(f"other {t}")
    out.append(value(base, "mz"))
    return out


def except_star_around_reads(base: str) -> list[str]:
    got = [value(base, "es0")]
    try:
        raise ExceptionGroup("batch", [KeyError("k1"), ValueError("v1")])
    except* KeyError as eg:
        got.append(f"keys {len(eg.exceptions)}")
    except* ValueError as eg:
        got.append(f"values {len(eg.exceptions)}")
    got.append(value(base, "es1"))
    return got


def walrus_in_read_arguments(base: str) -> list[str]:
    a = value(base, (k := "wa1"))
    b = value(base, f"{k}-next")
    return [a, b, k]


def walrus_in_a_comprehension_element(base: str) -> list[Any]:
    vals = [value(base, (last := k)) for k in ("wc1", "wc2")]
    return [vals, last]


def walrus_in_a_loop_body_read(base: str) -> list[Any]:
    out = []
    for k in ("wl1", "wl2"):
        out.append(value(base, (seen := k.upper())))
    return [out, seen]


def star_arguments_list_changed_between(base: str) -> list[str]:
    args = [base, "sl1"]
    first = value(*args)
    args[1] = "sl2"
    second = value(*args)
    return [first, second]


def double_star_dict_changed_between(base: str) -> list[str]:
    kw: dict[str, Any] = {"base": base, "key": "dk1"}
    first = value(**kw)
    kw["key"] = "dk2"
    second = value(**kw)
    return [first, second]


def star_arguments_failing_first(base: str) -> list[str]:
    args = [base, "missing-sf?ms=150"]
    first = checked(*args)
    return [first, checked(base, "missing-sg?ms=1")]


CASES = [
    Case("where", match_on_a_read, args=web_args, servers="web"),
    Case("validation", except_star_around_reads, args=web_args, servers="web"),
    Case("helpers", walrus_in_read_arguments, args=web_args, servers="web"),
    Case("helpers", walrus_in_a_comprehension_element, args=web_args, servers="web"),
    Case("helpers", walrus_in_a_loop_body_read, args=web_args, servers="web"),
    Case("rebind", star_arguments_list_changed_between, args=web_args, servers="web"),
    Case("rebind", double_star_dict_changed_between, args=web_args, servers="web"),
    Case("validation", star_arguments_failing_first, args=web_args, servers="web",
         speculative_reads=True),
]
