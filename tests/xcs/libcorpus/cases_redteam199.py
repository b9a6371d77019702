# ruff: noqa: B905
"""Red-team cases (stop 199): helpers whose unknown calls are methods of their own
parameters, classified when they start with the arguments bound (`_summary._arguments_decide`).

Helpers written without annotations, as people write them: on a str (``word.upper()``)
their reads overlap, and a sleep before a str method is a latency stand-in. Against them: a
parameter whose method writes, prints, counts, appends to a list, or walks a generator; a
factory's method that makes an object whose property writes (the object's type is not
known where the function uses it); a sleep before a read through a parameter's method (a
rate limit: spacing); a parameter's method deciding by raising, in a loop. Each is run
against the plain function: value, stdout, the server's request log.

Written against a rule that classified such helpers when they start; the straight-line
factory case differed under it, so the rule was not kept. On the code before it the
factory loop differs (`FAILING`), and the raising helper sends the GET after the one that
raised, which the allowance for reads started together covers.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env

KEYS = (("a", 150), ("b", 40), ("c", 90))
IDEAL3 = (150 + 40 + 90) / 150
WEB = {"url": ""}


def _get(web, key, ms):  # noqa: ANN001, ANN202 - no annotations, on purpose
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web, key, text):  # noqa: ANN001, ANN202
    requests.put(f"{web}/items/{key}", data=text, timeout=5)
    return text


def _reset(env: Env) -> None:
    WEB["url"] = env.web


# -- overlapping: methods of a str parameter


def shout(web, word, key, ms):  # noqa: ANN001, ANN201
    value = _get(web, key, ms)
    return word.upper() + value


def r199_str_method_after_read(web: str) -> list[str]:
    return [shout(web, k, k, ms) for k, ms in KEYS]


def stand_in(question):  # noqa: ANN001, ANN201
    time.sleep(0.05)
    return question.upper()


def r199_sleep_then_str_method_stand_in(web: str) -> list[str]:
    answers = [stand_in(q) for q in ("x", "y", "z")]
    return [*answers, _get(web, "after", 30)]


def checked(web, key, ms):  # noqa: ANN001, ANN201
    if not key.isalnum():
        raise ValueError(f"bad key {key!r}")
    return _get(web, key, ms)


def r199_str_method_decides_by_raising(web: str) -> list[str]:
    out = []
    try:
        for k, ms in (("a", 150), ("b-", 40), ("c", 90)):
            out.append(checked(web, k, ms))
    except ValueError as e:
        out.append(str(e))
    return out


# -- in place: methods of objects of yours


class Writer:
    def __init__(self, web: str) -> None:
        self.web = web

    def upper(self) -> str:
        _put(self.web, "w", "written")
        return "W"


def r199_param_method_writes(web: str) -> list[str]:
    w = Writer(web)
    first = shout(web, w, "first", 150)
    return [first, _get(web, "w", 30)]


class Loud:
    def upper(self) -> str:
        print("upper of Loud")
        return "L"


def r199_param_method_prints_in_loop(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        print("next", k)
        out.append(shout(web, Loud() if k == "b" else k, k, ms))
    return out


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def numbered(counter, web, key, ms):  # noqa: ANN001, ANN201
    n = counter.next()
    return f"{n}:{_get(web, f'{key}{n}', ms)}"


def r199_param_counter_numbers_requests(web: str) -> list[str]:
    counter = Counter()
    return [numbered(counter, web, k, ms) for k, ms in KEYS]


def collected(acc, web, key, ms):  # noqa: ANN001, ANN201
    value = _get(web, key, ms)
    acc.append(value)
    return len(acc)


def r199_param_list_append_counts(web: str) -> tuple[list[int], list[str]]:
    acc: list[str] = []
    sizes = [collected(acc, web, k, ms) for k, ms in KEYS]
    return sizes, acc


def taken(keys, web, ms):  # noqa: ANN001, ANN201
    key = keys.__next__()
    return _get(web, key, ms)


def _keys() -> Iterator[str]:
    for k in ("g1", "g2", "g3"):
        print("yield", k)
        yield k


def r199_param_generator_walked(web: str) -> list[str]:
    keys = _keys()
    return [taken(keys, web, ms) for _, ms in KEYS]


@dataclasses.dataclass
class Row:
    key: str
    value: str


class AuditedRow(Row):
    @property
    def label(self) -> str:
        _put(WEB["url"], f"label-{self.key}", "marked")
        return self.key


class Factory:
    def build(self, key: str, value: str) -> Row:
        return AuditedRow(key, value)


def made_via(factory, web, key, ms):  # noqa: ANN001, ANN201
    return factory.build(key, _get(web, key, ms))


def r199_factory_method_row_property_puts(web: str) -> list[str]:
    r = made_via(Factory(), web, "rc", 150)
    label = r.label
    return [label, _get(web, "label-rc", 30)]


def r199_factory_method_row_property_puts_loop(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        r = made_via(Factory(), web, k, ms)
        out.append(r.label)
        out.append(_get(web, f"label-{k}", 30))
    return out


class Pacer:
    def __init__(self, web: str) -> None:
        self.web = web

    def read(self, key: str, ms: int) -> str:
        return _get(self.web, key, ms)


def paced(pacer, key, ms):  # noqa: ANN001, ANN201
    time.sleep(0.03)  # a rate limit before each request
    return pacer.read(key, ms)


def r199_sleep_then_param_read_is_spacing(web: str) -> list[str]:
    pacer = Pacer(web)
    return [paced(pacer, k, ms) for k, ms in KEYS]


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal,
                setup=_reset, **kw)


ALL: list[Case] = [
    _w(r199_str_method_after_read, IDEAL3, overlap=3),
    _w(r199_sleep_then_str_method_stand_in, cat="sleep"),
    # (the loop's calls start together: the GET after the one that raised is a read sent
    # beside a failing sibling, as in red-team 188's r188_raise_list_comp)
    _w(r199_str_method_decides_by_raising, cat="validation", speculative_reads=True),
    _w(r199_param_method_writes),
    _w(r199_param_method_prints_in_loop),
    _w(r199_param_counter_numbers_requests, cat="state"),
    _w(r199_param_list_append_counts, cat="state"),
    _w(r199_param_generator_walked, cat="state"),
    _w(r199_factory_method_row_property_puts),
    _w(r199_factory_method_row_property_puts_loop),
    _w(r199_sleep_then_param_read_is_spacing, cat="sleep"),
]

FAILING_WHY: dict[str, str] = {
    "r199_factory_method_row_property_puts_loop":
        "value[1]: jit 'v-label-a', plain 'marked': each item's GET label-<k> starts with the "
        "loop, before that item's `r.label` (AuditedRow's property) PUTs it; the row comes "
        "from a factory's method, so its type is not known where the loop reads `.label` "
        "(as red-team 74's helper_class_parameter_property_puts)",
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
