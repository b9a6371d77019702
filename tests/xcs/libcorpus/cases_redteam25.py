"""Red-team cases (stop 21), twenty-fifth part: the shapes a read's value is stored in
(a variable a nested function closes over, an attribute, a subscript, tuple and star
unpacking, ``+=``, an annotated name, a global, a class body), reads in ``assert``, in a
format spec, in chained comparisons, in ``try``/``else``, and ``del`` after a read.
"""

from __future__ import annotations

from typing import Any

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._web import value, web_args


def read_into_a_closed_over_variable(base: str) -> list[str]:
    a = value(base, "cv1")

    def show() -> str:
        return f"<{a}>"

    b = value(base, "cv2")
    return [show(), b]


def lambda_defined_before_the_read(base: str) -> list[str]:
    get = lambda: result  # noqa: E731 - the shape tested
    result = value(base, "lb1")
    other = value(base, "lb2")
    return [get(), other]


class Box:
    x = ""


def reads_into_attribute_subscript_and_unpacking(base: str) -> list[Any]:
    box = Box()
    d: dict[str, str] = {}
    box.x = value(base, "ra1")
    d["k"] = value(base, "ra2")
    a, b = value(base, "ra3"), value(base, "ra4")
    first, *rest = [value(base, k) for k in ("ra5", "ra6", "ra7")]
    return [box.x, d, a, b, first, rest]


def augmented_and_annotated_reads(base: str) -> list[str]:
    s = "start:"
    s += value(base, "aa1")
    t: str = value(base, "aa2")
    s += t
    return [s, t]


LAST = ""


def read_into_a_global(base: str) -> list[str]:
    global LAST
    LAST = value(base, "gl1")
    other = value(base, "gl2")
    return [LAST, other]


def read_in_a_class_body(base: str) -> list[str]:
    class Conf:
        a = value(base, "cb1")
        b = value(base, "cb2")

    return [Conf.a, Conf.b]


def read_in_assert_and_format_spec(base: str) -> list[str]:
    assert value(base, "as1").startswith("v-")
    label = f"{value(base, 'as2'):>8}|"
    return [label]


def reads_in_a_chained_comparison(base: str) -> list[bool]:
    return [value(base, "cc") == value(base, "cc") == "v-cc",
            "a" < value(base, "cd") < "z"]


def chained_comparison_stops_early(base: str) -> list[bool]:
    # the first comparison is False: the third operand's GET is never sent
    return ["nope" == value(base, "ce1") == value(base, "ce2"),
            "z" < value(base, "ce3") < value(base, "ce4")]


def reads_in_try_else(base: str) -> list[str]:
    out = []
    try:
        a = value(base, "te1")
    except KeyError:
        a = "missing"
    else:
        out.append(value(base, "te2"))
    out.append(a)
    return out


def del_after_a_read(base: str) -> list[str]:
    a = value(base, "da1")
    b = value(base, "da2")
    del a
    return [b, str("a" in locals())]


def read_assigned_in_both_branches(base: str, flag: bool) -> list[str]:
    if flag:  # noqa: SIM108 - the statement form tested
        v = value(base, "bb1")
    else:
        v = value(base, "bb2")
    w = value(base, "bb3")
    return [v, w]


def nested_loop_target_with_reads(base: str) -> list[str]:
    out = []
    for i, (k, suffix) in enumerate([("nl1", "a"), ("nl2", "b")]):
        out.append(f"{i}:{value(base, k + suffix)}")
    return out


CASES = [
    Case("helpers", read_into_a_closed_over_variable, args=web_args, servers="web"),
    Case("helpers", lambda_defined_before_the_read, args=web_args, servers="web"),
    Case("helpers", reads_into_attribute_subscript_and_unpacking, args=web_args, servers="web"),
    Case("helpers", augmented_and_annotated_reads, args=web_args, servers="web"),
    Case("state", read_into_a_global, args=web_args, servers="web"),
    Case("helpers", read_in_a_class_body, args=web_args, servers="web"),
    Case("validation", read_in_assert_and_format_spec, args=web_args, servers="web"),
    Case("helpers", reads_in_a_chained_comparison, args=web_args, servers="web"),
    Case("where", chained_comparison_stops_early, args=web_args, servers="web"),
    Case("validation", reads_in_try_else, args=web_args, servers="web"),
    Case("helpers", del_after_a_read, args=web_args, servers="web"),
    Case("where", read_assigned_in_both_branches, args=lambda env: (env.web, True),
         servers="web"),
    Case("helpers", nested_loop_target_with_reads, args=web_args, servers="web"),
]
