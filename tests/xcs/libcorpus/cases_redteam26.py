"""Red-team cases (stop 21), twenty-sixth part: reads that plain code reaches only on one
path: an assert's message, an except handler, a for loop's else after a break, a lambda
never called, a generator expression never consumed, a conditional expression inside a
comprehension's element, an ``or`` inside a read's arguments.
"""

from __future__ import annotations

from tests.xcs.libcorpus._case import Case
from tests.xcs.libcorpus._web import value, web_args


def assert_message_is_a_read(base: str) -> list[str]:
    a = value(base, "am1")
    assert a.startswith("v-"), value(base, "am-never")  # the message is built on failure
    return [a, value(base, "am2")]


def read_in_an_except_handler(base: str) -> list[str]:
    try:
        a = value(base, "eh1")
    except KeyError:
        a = value(base, "eh-never")
    return [a, value(base, "eh2")]


def read_in_a_for_else_after_break(base: str) -> list[str]:
    out = []
    for k in ("fe1", "fe2"):
        out.append(value(base, k))
        if k == "fe1":
            break
    else:
        out.append(value(base, "fe-never"))
    out.append(value(base, "fe3"))
    return out


def lambda_never_called(base: str) -> list[str]:
    later = lambda: value(base, "ln-never")  # noqa: E731 - defined, never called
    a = value(base, "ln1")
    b = value(base, "ln2")
    return [a, b, later.__name__]


def generator_expression_never_consumed(base: str) -> list[str]:
    pending = (value(base, k) for k in ("gn-never1", "gn-never2"))
    a = value(base, "gn1")
    b = value(base, "gn2")
    return [a, b, type(pending).__name__]


def conditional_in_a_comprehension_element(base: str) -> list[str]:
    keys = ["ce-a1", "ce-b1", "ce-a2"]
    return [value(base, k) if k.startswith("ce-a") else "skip" for k in keys]


def or_inside_read_arguments(base: str, given: str) -> list[str]:
    a = value(base, "oa1")
    b = value(base, given or value(base, "oa-never"))
    return [a, b]


CASES = [
    Case("validation", assert_message_is_a_read, args=web_args, servers="web"),
    Case("validation", read_in_an_except_handler, args=web_args, servers="web"),
    Case("where", read_in_a_for_else_after_break, args=web_args, servers="web"),
    Case("where", lambda_never_called, args=web_args, servers="web"),
    Case("where", generator_expression_never_consumed, args=web_args, servers="web"),
    Case("where", conditional_in_a_comprehension_element, args=web_args, servers="web"),
    Case("where", or_inside_read_arguments, args=lambda env: (env.web, "oa2"),
         servers="web"),
]
