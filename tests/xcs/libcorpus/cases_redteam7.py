"""Red-team cases (stop 21), seventh part: user code Python runs inside a read's arguments
(``str()``, ``%``, ``.format``, a mapping's ``__getitem__``, ``len``, a join over a list
subclass, a property), exceptions such code raises, helpers that hand back lazy iterators
or closures, containers the loop body changes in place, and recursive helpers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from tests.xcs.libcorpus._case import Case, corpus_logger
from tests.xcs.libcorpus._web import put, value, web_args

# --------------------------------------------------------------------------- user code in arguments


class Name:
    """A key whose conversions print (user code run by str(), %, format)."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print("str", self.k)
        return self.k

    def __len__(self) -> int:
        print("len", self.k)
        return len(self.k)


def str_of_an_object_that_prints(base: str) -> list[str]:
    a = value(base, "so0")
    print("before")
    b = value(base, str(Name("so1")))
    return [a, b]


def percent_format_of_an_object_that_prints(base: str) -> list[str]:
    a = value(base, "pf0")
    print("before")
    b = value(base, "%s-x" % Name("pf1"))  # noqa: UP031 - the spelling tested
    return [a, b]


def format_method_of_an_object_that_prints(base: str) -> list[str]:
    a = value(base, "fm0")
    print("before")
    b = value(base, "{}-y".format(Name("fm1")))
    return [a, b]


def len_of_an_object_that_prints(base: str) -> list[str]:
    a = value(base, "ln0")
    print("before")
    b = value(base, f"ln{len(Name('abc'))}")
    return [a, b]


class LoudTable:
    """A mapping whose lookups log (user code run by a subscript)."""

    def __init__(self, data: dict[str, str]) -> None:
        self.data = data

    def __getitem__(self, k: str) -> str:
        corpus_logger("redteam7.table").info("lookup %s", k)
        return self.data[k]


def subscript_of_a_mapping_that_logs(base: str) -> list[str]:
    table = LoudTable({"a": "st1"})
    log = corpus_logger("redteam7.table")
    a = value(base, "st0")
    log.info("before")
    b = value(base, table["a"])
    return [a, b]


class LoudList(list):
    def __iter__(self) -> Iterator[Any]:
        for x in super().__iter__():
            print("take", x)
            yield x


def join_over_a_list_subclass_in_arguments(base: str) -> list[str]:
    parts = LoudList(["j", "1"])
    a = value(base, "jl0")
    print("before")
    b = value(base, "-".join(parts))
    return [a, b]


class Keyed:
    def __init__(self, k: str) -> None:
        self._k = k

    @property
    def key(self) -> str:
        print("key of", self._k)
        return self._k


def property_in_arguments_prints(base: str) -> list[str]:
    obj = Keyed("pa1")
    a = value(base, "pa0")
    print("before")
    b = value(base, obj.key)
    return [a, b]


class Broken:
    def __str__(self) -> str:
        raise ValueError("this key cannot be written")


def str_that_raises_in_arguments(base: str) -> list[str]:
    a = value(base, "sr0")
    print("before")
    b = value(base, str(Broken()))
    return [a, b]


def raising_lookup_in_comprehension_arguments(base: str) -> list[str]:
    table = {"a": "rl1", "b": "rl2"}
    print("start")
    return [value(base, table[k]) for k in ("a", "zz", "b")]


# --------------------------------------------------------------------------- lazy results handed back


def values_of(base: str, keys: list[str]) -> Iterator[str]:
    return (value(base, k) for k in keys)


def helper_returns_a_generator_read_after_write(base: str) -> list[str]:
    vals = values_of(base, ["hg1", "hg2"])
    put(base, "hg2", "changed")  # the generator has read nothing yet
    return list(vals)


def mapped_values(base: str, keys: list[str]) -> Iterator[str]:
    return map(functools.partial(value, base), keys)


def helper_returns_a_map_read_after_write(base: str) -> list[str]:
    vals = mapped_values(base, ["hm1", "hm2"])
    put(base, "hm1", "changed")
    return list(vals)


def make_getter(base: str) -> Any:
    def get(k: str) -> str:
        return value(base, k)
    return get


def getter_made_before_a_write(base: str) -> list[str]:
    get = make_getter(base)
    put(base, "mg1", "changed")
    return [get("mg1"), get("mg2")]


def lazy_filter_of_reads_after_write(base: str) -> list[str]:
    keys = ["lf1", "lf2", "lf3"]
    kept = filter(lambda k: value(base, k) != "changed", keys)
    put(base, "lf2", "changed")
    return list(kept)


# --------------------------------------------------------------------------- containers changed in place


def dict_value_changed_in_loop_body(base: str) -> list[str]:
    d = {"a": "dv1", "b": "dv2"}
    out = []
    for _k, v in d.items():
        out.append(value(base, v))
        d["b"] = "dv2-new"  # the view shows the new value on the next step
    return out


def list_item_replaced_in_loop_body(base: str) -> list[str]:
    keys = ["li1", "li2", "li3"]
    out = []
    for k in keys:
        out.append(value(base, k))
        keys[-1] = "li3-new"
    return out


def retarget(keys: list[str]) -> None:
    keys[1] = keys[1] + "-new"


def list_changed_by_a_helper_in_loop_body(base: str) -> list[str]:
    keys = ["lh1", "lh2"]
    out = []
    for k in keys:
        out.append(value(base, k))
        if k == "lh1":
            retarget(keys)
    return out


def dict_values_view_with_write_in_body(base: str) -> list[Any]:
    d = {"x": "vw1", "y": "vw2"}
    out = []
    for v in d.values():
        out.append(value(base, v))
        d["y"] = "vw2-new"
    return [out, d]


# --------------------------------------------------------------------------- recursion


def walk(base: str, key: str, depth: int) -> list[Any]:
    v = value(base, key)
    print("visit", key)
    if depth == 0:
        return [v]
    return [v, [walk(base, f"{key}{i}", depth - 1) for i in range(2)]]


def recursive_walk_with_prints(base: str) -> list[Any]:
    return walk(base, "w", 2)


def tree_sizes(base: str, key: str, depth: int) -> int:
    size = len(value(base, key))
    if depth:
        size += sum(tree_sizes(base, f"{key}{i}", depth - 1) for i in range(3))
    return size


def recursive_sum_of_reads(base: str) -> int:
    return tree_sizes(base, "t", 2)


CASES = [
    Case("helpers", str_of_an_object_that_prints, args=web_args, servers="web"),
    Case("helpers", percent_format_of_an_object_that_prints, args=web_args, servers="web"),
    Case("helpers", format_method_of_an_object_that_prints, args=web_args, servers="web"),
    Case("helpers", len_of_an_object_that_prints, args=web_args, servers="web"),
    Case("helpers", subscript_of_a_mapping_that_logs, args=web_args, servers="web"),
    Case("helpers", join_over_a_list_subclass_in_arguments, args=web_args, servers="web"),
    Case("helpers", property_in_arguments_prints, args=web_args, servers="web"),
    Case("validation", str_that_raises_in_arguments, args=web_args, servers="web"),
    Case("validation", raising_lookup_in_comprehension_arguments, args=web_args, servers="web",
         speculative_reads=True),
    Case("rebind", helper_returns_a_generator_read_after_write, args=web_args, servers="web"),
    Case("rebind", helper_returns_a_map_read_after_write, args=web_args, servers="web"),
    Case("rebind", getter_made_before_a_write, args=web_args, servers="web"),
    Case("rebind", lazy_filter_of_reads_after_write, args=web_args, servers="web"),
    Case("where", dict_value_changed_in_loop_body, args=web_args, servers="web"),
    Case("where", list_item_replaced_in_loop_body, args=web_args, servers="web"),
    Case("where", list_changed_by_a_helper_in_loop_body, args=web_args, servers="web"),
    Case("where", dict_values_view_with_write_in_body, args=web_args, servers="web"),
    Case("helpers", recursive_walk_with_prints, args=web_args, servers="web"),
    Case("fanout", recursive_sum_of_reads, args=web_args, servers="web", ideal=4.3, overlap=3),
]
