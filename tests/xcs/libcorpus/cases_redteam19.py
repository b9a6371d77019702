"""Red-team cases (stop 21), nineteenth part: values that look immutable but hold mutable
parts (a frozen dataclass or a named tuple holding a list, a read-only mapping proxy, a
memoryview of a bytearray), and state a helper reads changed through other spellings
(``type(obj).attr =``, ``setattr`` on a class, ``globals()[...] =``, the module object
from ``sys.modules``).
"""

from __future__ import annotations

import sys
import types
from collections import namedtuple
from dataclasses import dataclass
from typing import Any

from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import value, web_args

# --------------------------------------------------------------------------- immutable on the outside


@dataclass(frozen=True)
class Query:
    name: str
    parts: list[str]


def fetch_query(base: str, q: Query) -> str:
    return value(base, "-".join([q.name, *q.parts]))


def frozen_dataclass_holding_a_list(base: str) -> list[str]:
    q = Query("fq", ["a"])
    first = value(base, "fq0")
    q.parts.append("b")
    return [first, fetch_query(base, q)]


Tagged = namedtuple("Tagged", "name tags")


def fetch_tagged(base: str, t: Any) -> str:
    return value(base, "-".join([t.name, *t.tags]))


def named_tuple_holding_a_list(base: str) -> list[str]:
    t = Tagged("nt", ["a"])
    first = value(base, "nt0")
    t.tags.append("b")
    return [first, fetch_tagged(base, t)]


def fetch_view(base: str, view: Any) -> str:
    return value(base, view["k"])


def mapping_proxy_of_a_changed_dict(base: str) -> list[str]:
    d = {"k": "mp1"}
    view = types.MappingProxyType(d)
    first = value(base, "mp0")
    d["k"] = "mp1-new"
    return [first, fetch_view(base, view)]


def fetch_bytes(base: str, mv: memoryview) -> str:
    return value(base, bytes(mv).decode())


def memoryview_of_a_changed_bytearray(base: str) -> list[str]:
    buf = bytearray(b"mva")
    mv = memoryview(buf)
    first = value(base, "mv0")
    buf[2] = ord("z")
    return [first, fetch_bytes(base, mv)]


# --------------------------------------------------------------------------- other spellings of a change


class Conf:
    prefix = "one"


class Settings:
    pass


def configured(base: str, key: str) -> str:
    return value(base, f"{Conf.prefix}-{key}")


def _reset(env: Env) -> None:
    global PREFIX
    Conf.prefix = "one"
    PREFIX = "one"


def class_attribute_set_through_type_of_an_instance(base: str) -> list[str]:
    c = Conf()
    a = configured(base, "ty1")
    type(c).prefix = "two"
    b = configured(base, "ty2")
    return [a, b]


def class_attribute_set_with_setattr(base: str) -> list[str]:
    a = configured(base, "sa1")
    setattr(Conf, "prefix", "two")  # noqa: B010 - the spelling tested
    b = configured(base, "sa2")
    return [a, b]


PREFIX = "one"


def prefixed(base: str, key: str) -> str:
    return value(base, f"{PREFIX}-{key}")


def global_set_through_globals(base: str) -> list[str]:
    a = prefixed(base, "gg1")
    globals()["PREFIX"] = "two"
    b = prefixed(base, "gg2")
    return [a, b]


def global_set_through_the_module_object(base: str) -> list[str]:
    a = prefixed(base, "sm1")
    sys.modules[__name__].PREFIX = "two"  # type: ignore[attr-defined]
    b = prefixed(base, "sm2")
    return [a, b]


CASES = [
    Case("rebind", frozen_dataclass_holding_a_list, args=web_args, servers="web"),
    Case("rebind", named_tuple_holding_a_list, args=web_args, servers="web"),
    Case("rebind", mapping_proxy_of_a_changed_dict, args=web_args, servers="web"),
    Case("rebind", memoryview_of_a_changed_bytearray, args=web_args, servers="web"),
    Case("rebind", class_attribute_set_through_type_of_an_instance, args=web_args, servers="web",
         setup=_reset),
    Case("rebind", class_attribute_set_with_setattr, args=web_args, servers="web", setup=_reset),
    Case("rebind", global_set_through_globals, args=web_args, servers="web", setup=_reset),
    Case("rebind", global_set_through_the_module_object, args=web_args, servers="web",
         setup=_reset),
]
