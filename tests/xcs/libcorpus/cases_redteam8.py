"""Red-team cases (stop 21), eighth part: a read's argument taken from an object another
name changes (aliases, items of lists and dicts), standard-library functions that change
their arguments in place (``bisect``, ``heapq``, ``random.shuffle``, ``operator``), a
generator of writes drained by unpacking, ``zip``, ``sorted`` and friends, more dunder
methods run inside a read's arguments, and a crawl whose helper extends the list walked.
"""

from __future__ import annotations

import bisect
import heapq
import io
import operator
import random
from collections.abc import Iterator
from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import put, value, web_args

# --------------------------------------------------------------------------- aliases


def alias_of_a_dict_in_a_list_changed(base: str) -> list[str]:
    rows = [{"k": "ad1"}]
    row = rows[0]
    first = value(base, "ad0")
    row["k"] = "ad1-new"  # rows[0], through another name
    return [first, value(base, rows[0]["k"])]


def rename(row: dict[str, str]) -> None:
    row["k"] = row["k"] + "-new"


def alias_changed_by_a_helper(base: str) -> list[str]:
    rows = [{"k": "ah1"}]
    row = rows[0]
    first = value(base, "ah0")
    rename(row)
    return [first, value(base, rows[0]["k"])]


class Conf:
    def __init__(self, key: str) -> None:
        self.key = key


def alias_of_an_object_attribute_changed(base: str) -> list[str]:
    conf = Conf("ao1")
    other = conf
    first = value(base, "ao0")
    other.key = "ao1-new"
    return [first, value(base, conf.key)]


def list_inside_a_dict_extended_through_alias(base: str) -> list[str]:
    state = {"keys": ["ld1"]}
    ks = state["keys"]
    first = value(base, "ld0")
    ks.append("ld2")
    return [first, value(base, state["keys"][-1])]


def chained_assignment_aliases(base: str) -> list[str]:
    a = b = ["ca1"]
    first = value(base, "ca0")
    b[0] = "ca1-new"
    return [first, value(base, a[0])]


def items_changed_in_a_loop_then_read(base: str) -> list[str]:
    items = [{"k": "il1"}, {"k": "il2"}]
    first = value(base, "il0")
    for item in items:
        item["k"] += "-x"
    return [first, value(base, items[1]["k"])]


def alias_passed_in_twice(base: str, a: list[str], b: list[str]) -> list[str]:
    first = value(base, "ap0")
    b[0] = "ap1-new"  # the caller passed one list as both
    return [first, value(base, a[0])]


def _same_list_twice(env: Env) -> tuple:
    shared = ["ap1"]
    return (env.web, shared, shared)


# --------------------------------------------------------------------------- in-place library functions


def bisect_insort_then_read_first(base: str) -> list[str]:
    keys = ["bi2", "bi3"]
    first = value(base, "bi0")
    bisect.insort(keys, "bi1")
    return [first, value(base, keys[0])]


def heappush_then_read_smallest(base: str) -> list[str]:
    heap = ["hp2", "hp3"]
    first = value(base, "hp0")
    heapq.heappush(heap, "hp1")
    return [first, value(base, heap[0])]


def shuffle_then_read_first(base: str) -> list[str]:
    rng = random.Random(3)
    keys = ["sh1", "sh2", "sh3", "sh4"]
    first = value(base, "sh0")
    rng.shuffle(keys)
    return [first, value(base, keys[0])]


def operator_setitem_then_read(base: str) -> list[str]:
    d = {"k": "os1"}
    first = value(base, "os0")
    operator.setitem(d, "k", "os1-new")
    return [first, value(base, d["k"])]


def sort_with_key_then_read_first(base: str) -> list[str]:
    keys = ["sk-bbb", "sk-a", "sk-cc"]
    first = value(base, "sk0")
    keys.sort(key=len)
    return [first, value(base, keys[0])]


def stringio_buffer_then_read(base: str) -> list[str]:
    buf = io.StringIO()
    buf.write("sb")
    first = value(base, "sb0")
    buf.write("1")
    return [first, value(base, buf.getvalue())]


def dict_setdefault_then_read(base: str) -> list[str]:
    d: dict[str, list[str]] = {}
    first = value(base, "sd0")
    d.setdefault("keys", []).append("sd1")
    return [first, value(base, d["keys"][0])]


# --------------------------------------------------------------------------- generators of writes drained


def steps(base: str) -> Iterator[int]:
    for k in ("gd1", "gd2"):
        yield put(base, k, "stepped")


def unpacking_a_generator_of_writes(base: str) -> list[Any]:
    a, b = steps(base)
    return [a, b, value(base, "gd2")]


def zip_over_a_generator_of_writes(base: str) -> list[Any]:
    pairs = list(zip(["x", "y"], steps(base), strict=True))
    return [pairs, value(base, "gd2")]


def sorted_generator_of_writes(base: str) -> list[Any]:
    versions = sorted(steps(base))
    return [versions, value(base, "gd2")]


def sum_of_a_generator_of_writes(base: str) -> list[Any]:
    total = sum(steps(base))
    return [total, value(base, "gd2")]


def star_arguments_from_a_generator_of_writes(base: str) -> list[Any]:
    pair = max(*steps(base))
    return [pair, value(base, "gd2")]


def yield_from_writes(base: str) -> Iterator[int]:
    yield from steps(base)


def for_over_yield_from_of_writes(base: str) -> list[Any]:
    got = []
    for n in yield_from_writes(base):
        got.append(n)
    return [got, value(base, "gd1")]


class Batch:
    """Iterating a batch saves each item (a generator method)."""

    def __init__(self, base: str, keys: list[str]) -> None:
        self.base = base
        self.keys = keys

    def __iter__(self) -> Iterator[int]:
        for k in self.keys:
            yield put(self.base, k, "saved")


def for_over_an_iterable_class_of_writes(base: str) -> list[Any]:
    got = [n for n in Batch(base, ["bt1", "bt2"])]
    return [got, value(base, "bt2")]


# --------------------------------------------------------------------------- dunders in arguments


class Page:
    def __init__(self, n: int) -> None:
        self.n = n

    def __add__(self, other: int) -> Page:
        print("add", self.n, other)
        return Page(self.n + other)

    def __index__(self) -> int:
        print("index", self.n)
        return self.n

    def upper(self) -> str:
        print("upper", self.n)
        return f"P{self.n}"


def add_operator_in_arguments(base: str) -> list[str]:
    p = Page(1)
    a = value(base, "ad0")
    print("before")
    b = value(base, f"page{(p + 1).n}")
    return [a, b]


def method_of_an_unknown_object_in_arguments(base: str) -> list[str]:
    p = Page(2)
    a = value(base, "mu0")
    print("before")
    b = value(base, p.upper())
    return [a, b]


def index_dunder_in_a_subscript_argument(base: str) -> list[str]:
    keys = ["ix0", "ix1", "ix2"]
    a = value(base, "ix")
    print("before")
    b = value(base, keys[Page(1)])
    return [a, b]


# --------------------------------------------------------------------------- a crawl


def discover(todo: list[str], key: str) -> None:
    if len(todo) < 4:
        todo.append(key + "c")


def crawl_extends_the_list_it_walks(base: str) -> list[str]:
    todo = ["cr"]
    seen = []
    for k in todo:
        seen.append(value(base, k))
        discover(todo, k)
    return seen


class Frontier:
    def __init__(self, first: str) -> None:
        self.todo = [first]

    def found(self, key: str) -> None:
        if len(self.todo) < 3:
            self.todo.append(key + "f")


def crawl_through_an_object_attribute(base: str) -> list[str]:
    fr = Frontier("fr")
    seen = []
    for k in fr.todo:
        seen.append(value(base, k))
        fr.found(k)
    return seen


CASES = [
    Case("rebind", alias_of_a_dict_in_a_list_changed, args=web_args, servers="web"),
    Case("rebind", alias_changed_by_a_helper, args=web_args, servers="web"),
    Case("rebind", alias_of_an_object_attribute_changed, args=web_args, servers="web"),
    Case("rebind", list_inside_a_dict_extended_through_alias, args=web_args, servers="web"),
    Case("rebind", chained_assignment_aliases, args=web_args, servers="web"),
    Case("rebind", items_changed_in_a_loop_then_read, args=web_args, servers="web"),
    Case("rebind", alias_passed_in_twice, args=_same_list_twice, servers="web"),
    Case("state", bisect_insort_then_read_first, args=web_args, servers="web"),
    Case("state", heappush_then_read_smallest, args=web_args, servers="web"),
    Case("state", shuffle_then_read_first, args=web_args, servers="web"),
    Case("state", operator_setitem_then_read, args=web_args, servers="web"),
    Case("state", sort_with_key_then_read_first, args=web_args, servers="web"),
    Case("state", stringio_buffer_then_read, args=web_args, servers="web"),
    Case("state", dict_setdefault_then_read, args=web_args, servers="web"),
    Case("where", unpacking_a_generator_of_writes, args=web_args, servers="web"),
    Case("where", zip_over_a_generator_of_writes, args=web_args, servers="web"),
    Case("where", sorted_generator_of_writes, args=web_args, servers="web"),
    Case("where", sum_of_a_generator_of_writes, args=web_args, servers="web"),
    Case("where", star_arguments_from_a_generator_of_writes, args=web_args, servers="web"),
    Case("where", for_over_yield_from_of_writes, args=web_args, servers="web"),
    Case("where", for_over_an_iterable_class_of_writes, args=web_args, servers="web"),
    Case("helpers", add_operator_in_arguments, args=web_args, servers="web"),
    Case("helpers", method_of_an_unknown_object_in_arguments, args=web_args, servers="web"),
    Case("helpers", index_dunder_in_a_subscript_argument, args=web_args, servers="web"),
    Case("where", crawl_extends_the_list_it_walks, args=web_args, servers="web"),
    Case("where", crawl_through_an_object_attribute, args=web_args, servers="web"),
]
