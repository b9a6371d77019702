"""Red-team cases (stop 21), ninth part: more aliases (a helper returning its argument, an
object or a list holding the list, tuple unpacking, ``*args``), containers a loop walks
that a helper changes (a dict or set grown, an item removed, an object holding the list,
``enumerate``, ``zip``, ``reversed``), timing a call with a clock, more drains of a
generator of writes (one of them SDK uploads), and the identity of cached results.
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Iterator
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, openai_client
from tests.xcs.libcorpus._web import put, value, web_args

# --------------------------------------------------------------------------- aliases


def same(x: Any) -> Any:
    return x


def alias_returned_by_a_helper(base: str) -> list[str]:
    keys = ["ar1"]
    other = same(keys)
    first = value(base, "ar0")
    other[0] = "ar1-new"
    return [first, value(base, keys[0])]


def alias_by_tuple_unpacking(base: str) -> list[str]:
    keys = ["tu1"]
    a, b = keys, keys
    first = value(base, "tu0")
    b[0] = "tu1-new"
    return [first, value(base, a[0])]


class Holder:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def retarget(self) -> None:
        self.keys[0] = self.keys[0] + "-new"


def alias_kept_by_an_object(base: str) -> list[str]:
    keys = ["ok1"]
    h = Holder(keys)
    first = value(base, "ok0")
    h.retarget()
    return [first, value(base, keys[0])]


def alias_kept_in_a_list(base: str) -> list[str]:
    keys = ["kl1"]
    holder = [keys]
    first = value(base, "kl0")
    holder[0][0] = "kl1-new"
    return [first, value(base, keys[0])]


def alias_as_a_loop_variable(base: str) -> list[str]:
    keys = ["lv1"]
    first = value(base, "lv0")
    for lst in [keys]:
        lst[0] = "lv1-new"
    return [first, value(base, keys[0])]


def star_args_alias(base: str, *lists: list[str]) -> list[str]:
    first = value(base, "sa0")
    lists[1][0] = "sa1-new"
    return [first, value(base, lists[0][0])]


def _shared_twice(env: Env) -> tuple:
    shared = ["sa1"]
    return (env.web, shared, shared)


def alias_through_a_closure(base: str) -> list[str]:
    keys = ["cl1"]

    def retarget() -> None:
        keys[0] = "cl1-new"

    first = value(base, "cl0")
    retarget()
    return [first, value(base, keys[0])]


def alias_by_walrus(base: str) -> list[str]:
    keys = ["wa1"]
    first = value(base, "wa0")
    (other := keys)[0] = "wa1-new"
    return [first, value(base, keys[0]), other[0]]


# --------------------------------------------------------------------------- walked containers changed by helpers


def note(d: dict[str, str], key: str) -> None:
    d[key + "-seen"] = "x"


def dict_grown_by_a_helper_while_walked(base: str) -> list[str]:
    d = {"dg1": "a"}
    out = []
    for k in d:
        out.append(value(base, k))
        note(d, k)  # plain: RuntimeError, dictionary changed size during iteration
    return out


def mark(s: set[str], key: str) -> None:
    s.add(key + "-m")


def set_grown_by_a_helper_while_walked(base: str) -> list[str]:
    s = {"sg1"}
    out = []
    for k in s:
        out.append(value(base, k))
        mark(s, k)
    return out


def drop_next(keys: list[str], key: str) -> None:
    i = keys.index(key)
    if i + 1 < len(keys):
        del keys[i + 1]


def list_item_removed_by_a_helper(base: str) -> list[str]:
    keys = ["rm1", "rm2", "rm3"]
    out = []
    for k in keys:
        out.append(value(base, k))
        drop_next(keys, k)  # plain skips rm2
    return out


def object_holding_the_walked_list(base: str) -> list[str]:
    todo = ["oh"]
    h = Holder(todo)
    out = []
    for k in todo:
        out.append(value(base, k))
        if len(h.keys) < 3:
            h.keys.append(k + "h")
    return out


def extend(keys: list[str]) -> None:
    if len(keys) < 3:
        keys.append(keys[-1] + "e")


def enumerate_over_a_list_a_helper_extends(base: str) -> list[Any]:
    keys = ["en"]
    out = []
    for i, k in enumerate(keys):
        out.append((i, value(base, k)))
        extend(keys)
    return out


def rename_next(keys: list[str], i: int) -> None:
    if i + 1 < len(keys):
        keys[i + 1] = keys[i + 1] + "-r"


def zip_over_a_list_a_helper_changes(base: str) -> list[Any]:
    keys = ["zp1", "zp2"]
    out = []
    for i, k in zip(range(2), keys, strict=True):
        out.append(value(base, k))
        rename_next(keys, i)
    return out


def reversed_list_a_helper_changes(base: str) -> list[str]:
    keys = ["rv1", "rv2"]
    out = []
    for k in reversed(keys):
        out.append(value(base, k))
        keys[0] = "rv1-r"
    return out


# --------------------------------------------------------------------------- clocks around a call


def call_timed_with_perf_counter(base: str) -> list[Any]:
    t0 = time.perf_counter()
    v = value(base, "tp?ms=120")
    took = time.perf_counter() - t0
    return [v, took >= 0.1]


def call_timed_with_monotonic_then_logged(base: str) -> list[Any]:
    t0 = time.monotonic()
    v = value(base, "tm?ms=120")
    slow = time.monotonic() - t0 >= 0.1
    print("slow" if slow else "fast")
    return [v, slow]


def call_timed_with_datetime(base: str) -> list[Any]:
    start = datetime.datetime.now()
    v = value(base, "td?ms=120")
    took = (datetime.datetime.now() - start).total_seconds()
    return [v, took >= 0.1]


def deadline_checked_between_reads(base: str) -> list[str]:
    deadline = time.monotonic() + 0.08
    out = [value(base, "dl1?ms=120")]
    if time.monotonic() < deadline:
        out.append(value(base, "dl2"))  # plain: past the deadline, not sent
    return out


# --------------------------------------------------------------------------- drains of generators of writes


def steps(base: str) -> Iterator[int]:
    for k in ("gd1", "gd2"):
        yield put(base, k, "stepped")


def dict_of_a_generator_of_writes(base: str) -> list[Any]:
    d = dict(enumerate(steps(base)))
    return [len(d), value(base, "gd2")]


def join_of_a_generator_of_writes(base: str) -> list[Any]:
    text = ",".join(str(n) for n in steps(base))
    return [text.count(","), value(base, "gd2")]


def upload_each(client: Any, names: list[str]) -> Iterator[str]:
    for n in names:
        yield client.files.create(file=(n, n.encode()), purpose="assistants").filename


def sdk_uploads_in_a_generator_then_list(client: Any) -> list[Any]:
    done = [n for n in upload_each(client, ["u1.txt", "u2.txt"])]
    return [done, [f.filename for f in client.files.list()]]


# --------------------------------------------------------------------------- cached results


@functools.cache
def item_json(base: str, key: str) -> dict[str, Any]:
    return requests.get(f"{base}/items/{key}").json()


def _clear(env: Env) -> None:
    item_json.cache_clear()


def cached_result_is_the_same_object(base: str) -> list[Any]:
    a = item_json(base, "ci")
    b = item_json(base, "ci")
    a["seen"] = True  # b is a: the cache hands back one dict
    return [b, a is b]


CASES = [
    Case("rebind", alias_returned_by_a_helper, args=web_args, servers="web"),
    Case("rebind", alias_by_tuple_unpacking, args=web_args, servers="web"),
    Case("rebind", alias_kept_by_an_object, args=web_args, servers="web"),
    Case("rebind", alias_kept_in_a_list, args=web_args, servers="web"),
    Case("rebind", alias_as_a_loop_variable, args=web_args, servers="web"),
    Case("rebind", star_args_alias, args=_shared_twice, servers="web"),
    Case("rebind", alias_through_a_closure, args=web_args, servers="web"),
    Case("rebind", alias_by_walrus, args=web_args, servers="web"),
    Case("where", dict_grown_by_a_helper_while_walked, args=web_args, servers="web"),
    Case("where", set_grown_by_a_helper_while_walked, args=web_args, servers="web"),
    Case("where", list_item_removed_by_a_helper, args=web_args, servers="web"),
    Case("where", object_holding_the_walked_list, args=web_args, servers="web"),
    Case("where", enumerate_over_a_list_a_helper_extends, args=web_args, servers="web"),
    Case("where", zip_over_a_list_a_helper_changes, args=web_args, servers="web"),
    Case("where", reversed_list_a_helper_changes, args=web_args, servers="web"),
    Case("sleep", call_timed_with_perf_counter, args=web_args, servers="web"),
    Case("sleep", call_timed_with_monotonic_then_logged, args=web_args, servers="web"),
    Case("sleep", call_timed_with_datetime, args=web_args, servers="web"),
    Case("sleep", deadline_checked_between_reads, args=web_args, servers="web"),
    Case("where", dict_of_a_generator_of_writes, args=web_args, servers="web"),
    Case("where", join_of_a_generator_of_writes, args=web_args, servers="web"),
    Case("sdk", sdk_uploads_in_a_generator_then_list, args=lambda env: (openai_client(env),),
         servers="api"),
    Case("state", cached_result_is_the_same_object, args=web_args, servers="web", setup=_clear),
]
