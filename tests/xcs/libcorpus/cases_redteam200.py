"""Red-team cases (stop 200): a `collections.defaultdict` whose ``default_factory`` acts.

A missing key calls the factory (``channels[name]`` may create the channel remotely), so
reading an item is a call of it. Each case reads an item between two GETs, the later GET
of the key the factory writes: a factory made in the function, handed in, global, swapped
between calls, a lambda calling a function of yours, a bound method, a class of yours, a
subclass without its own ``__missing__``, through ``+=`` and ``.append``. Against them, the
quiet factories (``int``, ``list``, ``lambda: 0``) still let the GETs around them overlap.
Each is run against the plain function: value, stdout, the server's request log.
"""

from __future__ import annotations

import collections
from collections import defaultdict
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env

WEB = {"url": ""}


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> str:
    requests.put(f"{web}/items/{key}", data=text, timeout=5)
    return text


def _reset(env: Env) -> None:
    WEB["url"] = env.web


def create_record() -> str:
    return _put(WEB["url"], "record", "created")


# -- factories that act


def r200_local_factory_of_yours(web: str) -> list[str]:
    records: defaultdict[str, str] = defaultdict(create_record)
    a = _get(web, "slow", 150)
    v = records["k1"]
    b = _get(web, "record", 30)
    return [a, v, b]


def r200_handed_in(web: str, records: defaultdict[str, str]) -> list[str]:
    a = _get(web, "slow", 150)
    v = records["k1"]
    b = _get(web, "record", 30)
    return [a, v, b]


GLOBAL_RECORDS: defaultdict[str, str] = defaultdict(create_record)


def r200_global(web: str) -> list[str]:
    GLOBAL_RECORDS.clear()
    a = _get(web, "slow", 150)
    v = GLOBAL_RECORDS["k1"]
    b = _get(web, "record", 30)
    return [a, v, b]


def _swapped(f: Any, env: Env) -> list[Any]:
    """Twice: first with a quiet factory, then with one that PUTs."""
    quiet = f(env.web, defaultdict(str))
    loud = f(env.web, defaultdict(create_record))
    return [quiet, loud]


def r200_lambda_calls_yours(web: str) -> list[str]:
    records: defaultdict[str, str] = defaultdict(lambda: create_record())
    a = _get(web, "slow", 150)
    v = records["k1"]
    b = _get(web, "record", 30)
    return [a, v, b]


class Registry:
    def __init__(self, web: str) -> None:
        self.web = web

    def create(self) -> str:
        return _put(self.web, "record", "made by registry")


def r200_bound_method(web: str) -> list[str]:
    records: defaultdict[str, str] = defaultdict(Registry(web).create)
    a = _get(web, "slow", 150)
    v = records["k1"]
    b = _get(web, "record", 30)
    return [a, v, b]


class Channel:
    def __init__(self) -> None:
        self.name = _put(WEB["url"], "record", "channel")


def r200_class_of_yours(web: str) -> list[str]:
    channels: defaultdict[str, Channel] = defaultdict(Channel)
    a = _get(web, "slow", 150)
    v = channels["ops"].name
    b = _get(web, "record", 30)
    return [a, v, b]


class Records(defaultdict):
    """A subclass with no `__missing__` of its own: the factory still runs."""


def r200_subclass(web: str) -> list[str]:
    records = Records(create_record)
    a = _get(web, "slow", 150)
    v = records["k1"]
    b = _get(web, "record", 30)
    return [a, v, b]


def counted() -> int:
    _put(WEB["url"], "record", "counted")
    return 0


def r200_augmented(web: str) -> list[Any]:
    tally: defaultdict[str, int] = defaultdict(counted)
    a = _get(web, "slow", 150)
    tally["k1"] += 1
    b = _get(web, "record", 30)
    return [a, dict(tally), b]


def logged_list() -> list[str]:
    _put(WEB["url"], "record", "list made")
    return []


def r200_append_to_item(web: str) -> list[Any]:
    groups: defaultdict[str, list[str]] = defaultdict(logged_list)
    a = _get(web, "slow", 150)
    groups["k1"].append(a)
    b = _get(web, "record", 30)
    return [a, dict(groups), b]


def r200_nested_factory(web: str) -> list[str]:
    made: list[str] = []

    def create() -> str:
        made.append(_put(web, "record", f"nested {len(made)}"))
        return made[-1]

    records: defaultdict[str, str] = collections.defaultdict(create)
    a = _get(web, "slow", 150)
    v = records["k1"]
    w = records["k1"]  # (held now: no second PUT)
    b = _get(web, "record", 30)
    return [a, v, w, b, *made]


def r200_in_loop(web: str) -> list[str]:
    records: defaultdict[str, str] = defaultdict(create_record)
    out = []
    for k, ms in (("a", 150), ("record", 30)):
        out.append(records[k])
        out.append(_get(web, k, ms))
    return out


# -- quiet factories: the reads around them overlap


def r200_int_counts_between_reads(web: str) -> list[Any]:
    seen: defaultdict[str, int] = defaultdict(int)
    a = _get(web, "a", 150)
    seen[a] += 1
    b = _get(web, "b", 150)
    seen[b] += 1
    return [a, b, dict(seen)]


def r200_list_groups_reads(web: str) -> dict[str, list[str]]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for k in ("a", "b", "c"):
        value = _get(web, k, 100)
        groups[value[:2]].append(value)
    return dict(groups)


def r200_lambda_zero(web: str) -> list[Any]:
    seen: defaultdict[str, int] = defaultdict(lambda: 0)
    a = _get(web, "a", 150)
    seen["x"] += 1
    b = _get(web, "b", 150)
    return [a, b, seen["x"], seen["y"]]


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal,
                setup=_reset, **kw)


ALL: list[Case] = [
    _w(r200_local_factory_of_yours),
    Case("state", r200_handed_in, args=lambda env: (env.web, defaultdict(create_record)),
         servers="web", setup=_reset),
    _w(r200_global),
    Case("state", r200_handed_in, name="r200_factory_swapped_between_calls",
         args=lambda env: (), drive=_swapped, servers="web", setup=_reset),
    _w(r200_lambda_calls_yours),
    _w(r200_bound_method),
    _w(r200_class_of_yours),
    _w(r200_subclass),
    _w(r200_augmented),
    _w(r200_append_to_item),
    _w(r200_nested_factory),
    _w(r200_in_loop),
    _w(r200_int_counts_between_reads, 2.0, overlap=2),
    _w(r200_list_groups_reads, 3.0, overlap=3),
    _w(r200_lambda_zero, 2.0, overlap=2),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]


def noted_ms() -> int:
    print("(default made)")
    return 30


def show(web: str, key: str, ms: int) -> str:
    value = _get(web, key, ms)
    print("got", key)
    return value


def r200_comprehension_argument(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(noted_ms, {"a": 150})
    return [show(web, k, lat[k]) for k in ("a", "b", "c")]


def r200_comprehension_argument_handed_in(web: str, lat: defaultdict[str, int]) -> list[str]:
    return [show(web, k, lat[k]) for k in ("a", "b", "c")]


ALL += [
    _w(r200_comprehension_argument),
    Case("state", r200_comprehension_argument_handed_in,
         args=lambda env: (env.web, defaultdict(noted_ms, {"a": 150})), servers="web",
         setup=_reset),
]
CASES = [c for c in ALL if c.name not in FAILING_WHY]


def r200_argument_straight(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(noted_ms, {"a": 150})
    a = show(web, "a", lat["a"])
    b = show(web, "b", lat["b"])
    return [a, b]


def r200_argument_in_loop(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(noted_ms, {"a": 150})
    out = []
    for k in ("a", "b", "c"):
        out.append(show(web, k, lat[k]))
    return out


ALL += [_w(r200_argument_straight), _w(r200_argument_in_loop)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]


def r200_comprehension_quiet_argument(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(lambda: 90, {"a": 150})
    return [_get(web, k, lat[k]) for k in ("a", "b", "c")]


ALL += [_w(r200_comprehension_quiet_argument, (150 + 90 + 90) / 150, overlap=3)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]


def r200_no_factory_and_items_given(web: str) -> list[Any]:
    plain: defaultdict[str, int] = defaultdict()
    plain["x"] = 1
    seeded: defaultdict[str, int] = defaultdict(int, y=2)
    a = _get(web, "a", 150)
    v = plain["x"] + seeded["y"] + seeded["z"]
    b = _get(web, "b", 150)
    try:
        plain["missing"]
    except KeyError as exc:  # (no factory: a missing key raises, as a dict's does)
        v += len(str(exc))
    return [a, v, b]


ALL += [_w(r200_no_factory_and_items_given, 2.0, overlap=2)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]


def record_ms() -> int:
    _put(WEB["url"], "record", "made for a missing latency")
    return 30


def r200_loop_argument_puts(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})
    out = []
    for k in ("a", "record", "b"):
        out.append(_get(web, k, lat[k]))
    return out


def r200_comprehension_argument_puts(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})
    return [_get(web, k, lat[k]) for k in ("a", "record", "b")]


def r200_generator_argument_puts(web: str) -> str:
    lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})
    return " ".join(_get(web, k, lat[k]) for k in ("a", "record", "b"))


def r200_map_lambda_argument_puts(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})
    return list(map(lambda k: _get(web, k, lat[k]), ("a", "record", "b")))


ALL += [_w(r200_loop_argument_puts), _w(r200_comprehension_argument_puts),
        _w(r200_generator_argument_puts), _w(r200_map_lambda_argument_puts)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]


class Config:
    """A module's settings object holding a table of latencies."""

    def __init__(self) -> None:
        self.lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})


CONFIG = Config()


def _reset_config(env: Env) -> None:
    _reset(env)
    CONFIG.lat = defaultdict(record_ms, {"a": 150})


def r200_global_object_attribute(web: str) -> list[str]:
    a = _get(web, "a", 150)
    v = CONFIG.lat["record"]
    b = _get(web, "record", 30)
    return [a, v, b]


def r200_global_object_attribute_comprehension(web: str) -> list[str]:
    return [_get(web, k, CONFIG.lat[k]) for k in ("a", "record", "b")]


def _table_swapped(f: Any, env: Env) -> list[Any]:
    """Twice: with a quiet table, then with the one whose factory PUTs put back."""
    loud = CONFIG.lat
    CONFIG.lat = defaultdict(lambda: 30, {"a": 150})
    try:
        quiet = f(env.web)
    finally:
        CONFIG.lat = loud
    return [quiet, f(env.web)]


class Service:
    def __init__(self, web: str) -> None:
        self.web = web
        self.lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})

    def run(self) -> list[str]:
        a = _get(self.web, "a", 150)
        v = self.lat["record"]
        b = _get(self.web, "record", 30)
        return [a, v, b]


def r200_method_on_own_attribute(web: str) -> list[str]:
    return Service(web).run()


def make_table() -> defaultdict[str, int]:
    return defaultdict(record_ms, {"a": 150})


def r200_made_by_a_helper(web: str) -> list[str]:
    lat = make_table()
    a = _get(web, "a", 150)
    v = lat["record"]
    b = _get(web, "record", 30)
    return [a, v, b]


def make_table_bare():  # noqa: ANN201 - unannotated, as people write them
    return defaultdict(record_ms, {"a": 150})


def r200_made_by_an_unannotated_helper(web: str) -> list[str]:
    lat = make_table_bare()
    a = _get(web, "a", 150)
    v = lat["record"]
    b = _get(web, "record", 30)
    return [a, v, b]


def r200_formatted_in_comprehension(web: str) -> list[str]:
    lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})
    return [_get(web, f"{k}{lat[k] * 0}", 30) for k in ("a", "record", "b")]


def r200_get_runs_no_factory(web: str) -> list[Any]:
    lat: defaultdict[str, int] = defaultdict(record_ms, {"a": 150})
    a = _get(web, "a", 150)
    v = lat.get("record")  # (`get` never calls the factory)
    b = _get(web, "b", 150)
    return [a, v, b]


def _c(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("state", fn, args=lambda env: (env.web,), servers="web", ideal=ideal,
                setup=_reset_config, **kw)


ALL += [_c(r200_global_object_attribute), _c(r200_global_object_attribute_comprehension),
        _c(r200_global_object_attribute, name="r200_global_object_attribute_swapped",
           drive=_table_swapped),
        _c(r200_method_on_own_attribute), _c(r200_made_by_a_helper),
        _c(r200_made_by_an_unannotated_helper),
        _c(r200_formatted_in_comprehension), _c(r200_get_runs_no_factory, 2.0, overlap=2)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]


class Latencies(dict):
    """A table whose missing keys print (a dict subclass's own `__missing__`)."""

    def __missing__(self, key: str) -> int:
        print("missing", key)
        return 30


LATENCIES = Latencies(a=150)


def judge(web: str, answer: str, ms: int) -> str:
    value = _get(web, f"j-{answer[-1]}", ms)
    print("judged", answer)
    return value


def r200_chained_call_argument_prints(web: str) -> list[str]:
    return [judge(web, _get(web, k, 30), LATENCIES["j" + k]) for k in ("a", "b", "c")]


def r200_chained_call_local_argument_prints(web: str) -> list[str]:
    lat = Latencies(a=150)
    return [judge(web, _get(web, k, 30 + len(k)), lat["j" + k]) for k in ("a", "b", "c")]


def r200_chained_call_quiet_argument(web: str) -> list[str]:
    lat = {"ja": 30, "jb": 30, "jc": 30}
    return [judge(web, _get(web, k, 100), lat["j" + k]) for k in ("a", "b", "c")]


# (the inner reads overlap in each; the judges', whose lookups print, keep their order)
ALL += [_w(r200_chained_call_argument_prints, overlap=3),
        _w(r200_chained_call_local_argument_prints, overlap=3),
        _w(r200_chained_call_quiet_argument, 400 / 130, overlap=3)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]
