"""Red-team cases (stop 216): Python's object model around I/O calls.

Each case runs code of the case's own that Python calls implicitly (a dunder, a
descriptor, a finaliser, a generator's ``finally``, a metaclass hook) beside GETs and PUTs
of the corpus's web server or model calls of the openai SDK. Most of them have one such
hook PUT an item and then GET it beside an independent sibling GET: the sibling may start
early, the GET of the item written may not cross the PUT.

- Builtins and library functions that run the objects' dunders: ``isinstance`` (a
  metaclass's ``__instancecheck__``), ``sorted``/``heapq.heappush``/``bisect.insort``
  (``__lt__``), ``list.index``/``list.count`` (``__eq__``), ``set.add``/``dict.get``
  (``__hash__``), ``len``, ``bool``, ``round``, ``operator.index`` (``__index__``),
  ``copy.copy``/``copy.deepcopy``, ``dataclasses.replace`` (``__post_init__``),
  ``operator.attrgetter`` (a property), ``str.format``/``%`` formatting, unpacking
  (``__iter__``), ``in`` (``__contains__``), ``sum`` (``__radd__``).
- Finalisers: ``__del__`` run by a rebinding, by ``list.clear`` or by ``dict.pop``,
  ``weakref.finalize`` run by ``del``; generators closed, thrown into, sent to and dropped,
  whose ``finally`` blocks PUT.
- Context managers whose ``__exit__`` PUTs and swallows a failing GET; ``ExitStack``
  callbacks (LIFO).
- Descriptors: ``__set__``, ``__delete__``, ``setattr`` with a computed name, a property
  setter, ``__iadd__``, a ``UserDict`` whose ``__setitem__`` PUTs.
- Classes made in the function: a base's ``__init_subclass__``, a class decorator, a
  descriptor's ``__set_name__``, ``__class_getitem__``, an enum's ``_missing_``.
- State between calls: ``contextvars`` set and reset around helpers, a closure's
  ``nonlocal`` counter, a class attribute bumped by an instance.
- Where overlap is correct: ``singledispatch`` to reads, an ABC's readers (one a writer in
  the middle), ``__call__`` objects, ``__getattr__`` proxies, ``cached_property`` on two
  objects, frozen dataclasses fetching in ``__post_init__``, an enum's fetching method,
  ``__add__`` that asks a model.
"""

from __future__ import annotations

import abc
import bisect
import contextlib
import contextvars
import copy
import dataclasses
import enum
import functools
import heapq
import operator
import weakref
from collections import UserDict
from collections.abc import Iterator
from typing import Any

import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, openai_client, serial_ideal

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _strict(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


# ------------------------------------------------------------ dunders run by builtins


class Watching(type):
    def __instancecheck__(cls, obj: Any) -> bool:
        _put(obj.web, "checked", f"isinstance {type(obj).__name__}")
        return True


class Checked(metaclass=Watching):
    pass


class Holder:
    def __init__(self, web: str, name: str = "h") -> None:
        self.web = web
        self.name = name


class Auditing(type):
    def __subclasscheck__(cls, sub: type) -> bool:
        _put(AUDIT_WEB["url"], "checked", f"issubclass {sub.__name__}")
        return True


class Audited(metaclass=Auditing):
    pass


AUDIT_WEB = {"url": ""}


class Fetchable(abc.ABC):  # noqa: B024 - only the hook matters
    """An ABC whose subclass hook records each class it is asked about (ABCMeta caches
    the answer: the case's setup clears the cache before each run)."""

    @classmethod
    def __subclasshook__(cls, sub: type) -> bool:
        _put(AUDIT_WEB["url"], "hooked", sub.__name__)
        return hasattr(sub, "web")


def r216_issubclass_metaclass_puts(web: str) -> list[Any]:
    ok = issubclass(Holder, Audited)
    b = _get(web, "other", 100)
    a = _get(web, "checked")
    return [ok, a, b]


def r216_isinstance_abc_subclasshook_puts(web: str) -> list[Any]:
    h = Holder(web)
    ok = isinstance(h, Fetchable)
    a = _get(web, "hooked")
    b = _get(web, "other", 100)
    return [ok, a, b]


def r216_isinstance_metaclass_puts(web: str) -> list[Any]:
    h = Holder(web)
    ok = isinstance(h, Checked)
    a = _get(web, "checked")
    b = _get(web, "other", 100)
    return [ok, a, b]


@functools.total_ordering
class Ranked:
    def __init__(self, web: str, rank: int) -> None:
        self.web = web
        self.rank = rank

    def __lt__(self, other: Ranked) -> bool:
        _put(self.web, "cmp", f"{self.rank}<{other.rank}")
        return self.rank < other.rank

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ranked) and self.rank == other.rank

    __hash__ = object.__hash__


def r216_sorted_lt_puts(web: str) -> list[Any]:
    items = [Ranked(web, 2), Ranked(web, 1)]
    ranks = [r.rank for r in sorted(items)]
    a = _get(web, "cmp")
    b = _get(web, "other", 100)
    return [ranks, a, b]


def r216_heappush_lt_puts(web: str) -> list[Any]:
    heap: list[Ranked] = [Ranked(web, 5)]
    heapq.heappush(heap, Ranked(web, 3))
    a = _get(web, "cmp")
    b = _get(web, "other", 100)
    return [heap[0].rank, a, b]


def r216_bisect_insort_lt_puts(web: str) -> list[Any]:
    row = [Ranked(web, 1), Ranked(web, 9)]
    bisect.insort(row, Ranked(web, 4))
    a = _get(web, "cmp")
    b = _get(web, "other", 100)
    return [[r.rank for r in row], a, b]


class Noisy:
    """Equality and hashing that PUT what they were asked."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __eq__(self, other: object) -> bool:
        _put(self.web, "eq", f"{self.key}=={getattr(other, 'key', other)}")
        return isinstance(other, Noisy) and other.key == self.key

    def __hash__(self) -> int:
        _put(self.web, "hash", self.key)
        return hash(self.key)


def r216_list_index_eq_puts(web: str) -> list[Any]:
    row = ["x", Noisy(web, "n1")]
    at = row.index(Noisy(web, "n1"))
    a = _get(web, "eq")
    b = _get(web, "other", 100)
    return [at, a, b]


def r216_list_count_eq_puts(web: str) -> list[Any]:
    row = [Noisy(web, "c1")]
    n = row.count("c1")
    a = _get(web, "eq")
    b = _get(web, "other", 100)
    return [n, a, b]


def r216_set_add_hash_puts(web: str) -> list[Any]:
    seen: set[Noisy] = set()
    seen.add(Noisy(web, "s1"))
    a = _get(web, "hash")
    b = _get(web, "other", 100)
    return [len(seen), a, b]


def r216_dict_get_hash_puts(web: str) -> list[Any]:
    table: dict[Any, str] = {"plain": "p"}
    got = table.get(Noisy(web, "d1"), "none")
    a = _get(web, "hash")
    b = _get(web, "other", 100)
    return [got, a, b]


class Remote:
    """A collection on the server whose size, truth and membership PUT an audit."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __len__(self) -> int:
        _put(self.web, "audit", "len")
        return 3

    def __bool__(self) -> bool:
        _put(self.web, "audit", "bool")
        return True

    def __contains__(self, key: object) -> bool:
        _put(self.web, "audit", f"contains {key}")
        return key == "yes"

    def __iter__(self) -> Iterator[str]:
        _put(self.web, "audit", "iter")
        yield "first"
        yield "second"

    def __index__(self) -> int:
        _put(self.web, "audit", "index")
        return 1

    def __round__(self, ndigits: int | None = None) -> int:
        _put(self.web, "audit", "round")
        return 7

    def __format__(self, spec: str) -> str:
        _put(self.web, "audit", f"format {spec}")
        return "remote"

    def __str__(self) -> str:
        _put(self.web, "audit", "str")
        return "remote-str"

    def __copy__(self) -> Remote:
        _put(self.web, "audit", "copy")
        return Remote(self.web)

    def __deepcopy__(self, memo: dict[int, Any]) -> Remote:
        _put(self.web, "audit", "deepcopy")
        return Remote(self.web)


def r216_len_puts(web: str) -> list[Any]:
    r = Remote(web)
    n = len(r)
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [n, a, b]


def r216_bool_if_puts(web: str) -> list[Any]:
    r = Remote(web)
    flag = "full" if r else "empty"
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [flag, a, b]


def r216_contains_puts(web: str) -> list[Any]:
    r = Remote(web)
    found = "yes" in r
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [found, a, b]


def r216_unpack_iter_puts(web: str) -> list[Any]:
    first, second = Remote(web)
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [first, second, a, b]


def r216_subscript_index_puts(web: str) -> list[Any]:
    row = ["zero", "one", "two"]
    picked = row[Remote(web)]
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [picked, a, b]


def r216_round_puts(web: str) -> list[Any]:
    n = round(Remote(web))
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [n, a, b]


def r216_str_format_method_puts(web: str) -> list[Any]:
    label = "<{:wide}>".format(Remote(web))  # noqa: UP032 - the spelling tested
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [label, a, b]


def r216_percent_str_puts(web: str) -> list[Any]:
    label = "[%s]" % Remote(web)  # noqa: UP031 - the spelling tested
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [label, a, b]


def r216_copy_copy_puts(web: str) -> list[Any]:
    twin = copy.copy(Remote(web))
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [type(twin).__name__, a, b]


def r216_deepcopy_in_dict_puts(web: str) -> list[Any]:
    twin = copy.deepcopy({"r": Remote(web), "n": 1})
    a = _get(web, "audit")
    b = _get(web, "other", 100)
    return [sorted(twin), a, b]


@dataclasses.dataclass(frozen=True)
class Order:
    web: str
    key: str

    def __post_init__(self) -> None:
        _put(self.web, "orders", self.key)


def r216_dataclasses_replace_post_init_puts(web: str) -> list[Any]:
    first = Order(web, "o1")
    second = dataclasses.replace(first, key="o2")
    a = _get(web, "orders")
    b = _get(web, "other", 100)
    return [second.key, a, b]


class Session:
    def __init__(self, web: str) -> None:
        self.web = web

    @property
    def token(self) -> str:
        _put(self.web, "token", "issued")
        return "t-1"


def r216_attrgetter_property_puts(web: str) -> list[Any]:
    tok = operator.attrgetter("token")(Session(web))
    a = _get(web, "token")
    b = _get(web, "other", 100)
    return [tok, a, b]


class Words:
    def __init__(self, web: str, text: str) -> None:
        self.web = web
        self.text = text

    def __radd__(self, other: Any) -> Any:
        _put(self.web, "sum", f"{other}+{self.text}")
        return f"{other}{self.text}"


def r216_sum_radd_puts(web: str) -> list[Any]:
    total = sum([Words(web, "a"), Words(web, "b")])
    a = _get(web, "sum")
    b = _get(web, "other", 100)
    return [total, a, b]


# ------------------------------------------------------------ finalisers and generators


class Lease:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __del__(self) -> None:
        _put(self.web, self.key, "released")


def r216_del_on_rebind_puts(web: str) -> list[Any]:
    lease = Lease(web, "lease")
    lease = None  # noqa: F841 - the drop is the point
    a = _get(web, "lease")
    b = _get(web, "other", 100)
    return [a, b]


def r216_del_on_list_clear_puts(web: str) -> list[Any]:
    held = [Lease(web, "pool")]
    held.clear()
    a = _get(web, "pool")
    b = _get(web, "other", 100)
    return [a, b]


def r216_del_on_dict_pop_puts(web: str) -> list[Any]:
    leases = {"x": Lease(web, "popped")}
    leases.pop("x")
    a = _get(web, "popped")
    b = _get(web, "other", 100)
    return [a, b]


def r216_del_on_list_pop_dropped(web: str) -> list[Any]:
    held = [Lease(web, "held")]
    held.pop()
    a = _get(web, "held")
    b = _get(web, "other", 100)
    return [a, b]


def r216_del_on_del_item(web: str) -> list[Any]:
    held = [Lease(web, "item")]
    del held[0]
    b = _get(web, "other", 100)
    a = _get(web, "item")
    return [a, b]


def r216_del_on_dict_store_replaces(web: str) -> list[Any]:
    leases = {"x": Lease(web, "replaced")}
    leases["x"] = None
    b = _get(web, "other", 100)
    a = _get(web, "replaced")
    return [a, b]


def r216_del_on_list_rebind(web: str) -> list[Any]:
    held = [Lease(web, "rebound")]
    held = []
    a = _get(web, "rebound")
    b = _get(web, "other", 100)
    return [a, b, held]


def r216_del_on_set_discard(web: str) -> list[Any]:
    lease = Lease(web, "discarded")
    pool = {lease}
    del lease
    pool.clear()
    a = _get(web, "discarded")
    b = _get(web, "other", 100)
    return [a, b]


class Plain:
    pass


def r216_weakref_finalize_on_del(web: str) -> list[Any]:
    obj = Plain()
    weakref.finalize(obj, _put, web, "fin", "finalized")
    del obj
    a = _get(web, "fin")
    b = _get(web, "other", 100)
    return [a, b]


def journal(web: str) -> Iterator[str]:
    try:
        while True:
            got = yield "ready"
            if got is not None:
                _put(web, "journal", got)
    except ValueError:
        _put(web, "journal", "thrown")
        yield "recovered"
    finally:
        _put(web, "closed", "yes")


def r216_generator_close_finally_puts(web: str) -> list[Any]:
    g = journal(web)
    next(g)
    g.close()
    a = _get(web, "closed")
    b = _get(web, "other", 100)
    return [a, b]


def r216_generator_dropped_finally_puts(web: str) -> list[Any]:
    g = journal(web)
    next(g)
    g = None
    a = _get(web, "closed")
    b = _get(web, "other", 100)
    return [a, b]


def r216_generator_send_puts(web: str) -> list[Any]:
    g = journal(web)
    next(g)
    g.send("entry-1")
    a = _get(web, "journal")
    b = _get(web, "other", 100)
    g.close()
    return [a, b]


def r216_generator_throw_puts(web: str) -> list[Any]:
    g = journal(web)
    next(g)
    said = g.throw(ValueError("stop"))
    a = _get(web, "journal")
    b = _get(web, "other", 100)
    g.close()
    return [said, a, b]


# ------------------------------------------------------------ context managers


class Forgiving:
    """Records every exit on the server and swallows HTTP errors."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __enter__(self) -> Forgiving:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        _put(self.web, "exits", kind.__name__ if kind else "clean")
        return kind is not None and issubclass(kind, requests.HTTPError)


def r216_exit_puts_and_swallows(web: str) -> list[Any]:
    out = ["start"]
    with Forgiving(web):
        out.append(_strict(web, "missing-1", 30))
        out.append("not reached")
    a = _get(web, "exits")
    b = _get(web, "other", 100)
    return [out, a, b]


def r216_exitstack_callbacks_lifo(web: str) -> list[Any]:
    with contextlib.ExitStack() as stack:
        stack.callback(_put, web, "stack", "first")
        stack.callback(_put, web, "stack", "second")
        pre = _get(web, "pre", 100)
    a = _get(web, "stack")
    b = _get(web, "other", 100)
    return [pre, a, b]


@contextlib.contextmanager
def checkout(web: str, key: str) -> Iterator[str]:
    _put(web, key, "out")
    try:
        yield key
    finally:
        _put(web, key, "in")


def r216_contextmanager_generator_finally(web: str) -> list[Any]:
    with checkout(web, "book") as k:
        inside = _get(web, k)
        side = _get(web, "side", 100)
    after = _get(web, "book")
    return [inside, side, after]


# ------------------------------------------------------------ descriptors and stores


class Synced:
    """A data descriptor that PUTs each value set and each delete."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.__dict__.get(self.name, "unset")

    def __set__(self, obj: Any, value: Any) -> None:
        _put(obj.web, self.name, str(value))
        obj.__dict__[self.name] = value

    def __delete__(self, obj: Any) -> None:
        _put(obj.web, self.name, "deleted")
        obj.__dict__.pop(self.name, None)


class Profile:
    colour = Synced()
    size = Synced()

    def __init__(self, web: str) -> None:
        self.web = web


def r216_descriptor_set_puts(web: str) -> list[Any]:
    p = Profile(web)
    p.colour = "red"
    a = _get(web, "colour")
    b = _get(web, "other", 100)
    return [p.colour, a, b]


def r216_setattr_computed_name_puts(web: str) -> list[Any]:
    p = Profile(web)
    field = "si" + "ze"
    setattr(p, field, 12)
    a = _get(web, "size")
    b = _get(web, "other", 100)
    return [a, b]


def r216_setattr_constant_name_puts(web: str) -> list[Any]:
    p = Profile(web)
    setattr(p, "size", 7)  # noqa: B010 - the builtin is the point
    a = _get(web, "size")
    b = _get(web, "other", 100)
    return [a, b]


def r216_delattr_computed_name_puts(web: str) -> list[Any]:
    p = Profile(web)
    p.size = 3
    name = "si" + "ze"
    delattr(p, name)
    a = _get(web, "size")
    b = _get(web, "other", 100)
    return [a, b]


def r216_operator_setitem_userdict_puts(web: str) -> list[Any]:
    d = RemoteDict(web)
    operator.setitem(d, "opset", "via-operator")
    a = _get(web, "opset")
    b = _get(web, "other", 100)
    return [a, b]


def r216_descriptor_delete_puts(web: str) -> list[Any]:
    p = Profile(web)
    p.colour = "blue"
    del p.colour
    a = _get(web, "colour")
    b = _get(web, "other", 100)
    return [p.colour, a, b]


class Account:
    def __init__(self, web: str) -> None:
        self.web = web
        self._limit = 0

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        _put(self.web, "limit", str(value))
        self._limit = value


def r216_property_setter_augmented(web: str) -> list[Any]:
    acct = Account(web)
    acct.limit += 5
    a = _get(web, "limit")
    b = _get(web, "other", 100)
    return [acct.limit, a, b]


class Tally:
    def __init__(self, web: str) -> None:
        self.web = web
        self.parts: list[str] = []

    def __iadd__(self, part: str) -> Tally:
        self.parts.append(part)
        _put(self.web, "tally", ",".join(self.parts))
        return self


def r216_iadd_puts(web: str) -> list[Any]:
    t = Tally(web)
    t += "one"
    t += "two"
    a = _get(web, "tally")
    b = _get(web, "other", 100)
    return [t.parts, a, b]


class RemoteDict(UserDict):
    def __init__(self, web: str) -> None:
        self.web = web
        super().__init__()

    def __setitem__(self, key: str, value: str) -> None:
        _put(self.web, key, value)
        super().__setitem__(key, value)


def r216_userdict_update_puts(web: str) -> list[Any]:
    d = RemoteDict(web)
    d.update({"ud": "from-update"})
    a = _get(web, "ud")
    b = _get(web, "other", 100)
    return [dict(d), a, b]


# ------------------------------------------------------------ classes made in the function


class Plugin:
    web = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        _put(Plugin.web, "plugins", cls.__name__)


def r216_init_subclass_in_function_puts(web: str) -> list[Any]:
    Plugin.web = web

    class Exporter(Plugin):
        pass

    a = _get(web, "plugins")
    b = _get(web, "other", 100)
    return [Exporter.__name__, a, b]


def registered(cls: type) -> type:
    _put(cls.url, "registry", cls.__name__)  # type: ignore[attr-defined]
    return cls


def r216_class_decorator_in_function_puts(web: str) -> list[Any]:
    @registered
    class Handler:
        url = web

    a = _get(web, "registry")
    b = _get(web, "other", 100)
    return [Handler.__name__, a, b]


def make_registered(web: str) -> type:
    class Base:
        url = web

    return registered(Base)


def r216_class_decorator_via_helper(web: str) -> list[Any]:
    made = make_registered(web)
    a = _get(web, "registry")
    b = _get(web, "other", 100)
    return [made.__name__, a, b]


class Announced:
    def __set_name__(self, owner: type, name: str) -> None:
        _put(owner.url, "fields", f"{owner.__name__}.{name}")  # type: ignore[attr-defined]


def r216_set_name_in_function_puts(web: str) -> list[Any]:
    class Form:
        url = web
        title = Announced()

    a = _get(web, "fields")
    b = _get(web, "other", 100)
    return [Form.__name__, a, b]


class Box:
    web = ""

    def __class_getitem__(cls, item: Any) -> Any:
        _put(cls.web, "generic", getattr(item, "__name__", str(item)))
        return cls


def r216_class_getitem_puts(web: str) -> list[Any]:
    Box.web = web
    alias = Box[int]
    a = _get(web, "generic")
    b = _get(web, "other", 100)
    return [alias.__name__, a, b]


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"

    @classmethod
    def _missing_(cls, value: object) -> Colour:
        _put(COLOUR_WEB["url"], "unknown-colour", str(value))
        return cls.RED

    def fetch(self, web: str) -> str:
        return _get(web, f"colour-{self.value}")


COLOUR_WEB = {"url": ""}


def r216_enum_missing_puts(web: str) -> list[Any]:
    c = Colour("teal")
    a = _get(web, "unknown-colour")
    b = _get(web, "other", 100)
    return [c.name, a, b]


def r216_enum_method_fetch_overlap(web: str) -> list[str]:
    return [c.fetch(web) for c in Colour]


# ------------------------------------------------------------ state between calls


TENANT: contextvars.ContextVar[str] = contextvars.ContextVar("tenant", default="none")


def tenant_get(web: str, key: str) -> str:
    return _get(web, f"{TENANT.get()}-{key}")


def r216_contextvar_set_reset_between(web: str) -> list[str]:
    a = tenant_get(web, "x")
    token = TENANT.set("acme")
    b = tenant_get(web, "x")
    TENANT.reset(token)
    c = tenant_get(web, "x")
    return [a, b, c]


def r216_contextvar_copy_context_run(web: str) -> list[str]:
    ctx = contextvars.copy_context()
    ctx.run(TENANT.set, "inner")
    a = ctx.run(tenant_get, web, "y")
    b = tenant_get(web, "y")
    return [a, b]


def make_numberer() -> Any:
    n = 0

    def number(key: str) -> str:
        nonlocal n
        n += 1
        return f"{key}-{n}"

    return number


def r216_nonlocal_counter_in_urls(web: str) -> list[str]:
    number = make_numberer()
    a = _get(web, number("k"))
    b = _get(web, number("k"))
    c = _get(web, number("k"))
    return [a, b, c]


class Tier:
    level = 1

    def __init__(self, web: str) -> None:
        self.web = web

    def promote(self) -> None:
        type(self).level += 1

    def fetch(self) -> str:
        return _get(self.web, f"tier-{type(self).level}")


def r216_class_attr_bumped_by_instance(web: str) -> list[str]:
    Tier.level = 1
    t = Tier(web)
    a = t.fetch()
    b = Tier(web).fetch()
    t.promote()
    c = t.fetch()
    return [a, b, c]


# ------------------------------------------------------------ dispatch and polymorphism


@functools.singledispatch
def lookup(key: Any, web: str) -> str:
    return _get(web, f"any-{key}")


@lookup.register
def _(key: int, web: str) -> str:
    return _get(web, f"int-{key}")


@lookup.register
def _(key: tuple, web: str) -> str:
    _put(web, "tuple-keys", repr(key))
    return "written"


def r216_singledispatch_reads_overlap(web: str) -> list[str]:
    return [lookup("a", web), lookup(2, web), lookup("c", web)]


def r216_singledispatch_write_between(web: str) -> list[str]:
    a = lookup("a", web)
    w = lookup(("t", 1), web)
    b = _get(web, "tuple-keys")
    c = lookup(3, web)
    return [a, w, b, c]


class Store:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.singledispatchmethod
    def save(self, value: Any) -> str:
        return _get(self.web, f"peek-{value}")

    @save.register
    def _(self, value: list) -> str:
        _put(self.web, "saved", ",".join(value))
        return "saved"


def r216_singledispatchmethod_write_then_read(web: str) -> list[str]:
    s = Store(web)
    a = s.save("x")
    b = s.save(["p", "q"])
    c = _get(web, "saved")
    d = s.save("y")
    return [a, b, c, d]


class Source(abc.ABC):
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    @abc.abstractmethod
    def load(self) -> str: ...


class Reader(Source):
    def load(self) -> str:
        return _get(self.web, self.key)


class Writer(Source):
    def load(self) -> str:
        _put(self.web, self.key, "written-by-writer")
        return "w"


def r216_abc_readers_overlap(web: str) -> list[str]:
    sources = [Reader(web, "s1"), Reader(web, "s2"), Reader(web, "s3")]
    return [s.load() for s in sources]


def r216_abc_writer_among_readers(web: str) -> list[str]:
    sources = [Reader(web, "s1"), Writer(web, "s2"), Reader(web, "s2"), Reader(web, "s3")]
    return [s.load() for s in sources]


class Fetcher:
    def __init__(self, web: str) -> None:
        self.web = web

    def __call__(self, key: str) -> str:
        return _get(self.web, key)


def r216_call_object_comprehension(web: str) -> list[str]:
    fetch = Fetcher(web)
    return [fetch(k) for k in ("c1", "c2", "c3")]


class Stamper:
    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def __call__(self, key: str) -> int:
        self.n += 1
        return _put(self.web, key, f"stamp-{self.n}")


def r216_call_object_counts_then_read(web: str) -> list[Any]:
    stamp = Stamper(web)
    stamp("st")
    a = _get(web, "st")
    stamp("st")
    b = _get(web, "st")
    c = _get(web, "other", 100)
    return [a, b, c, stamp.n]


class Proxy:
    def __init__(self, web: str) -> None:
        self._web = web

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return _get(self._web, f"attr-{name}")


def r216_getattr_proxy_reads(web: str) -> list[str]:
    p = Proxy(web)
    a = p.alpha
    b = p.beta
    c = p.gamma
    return [a, b, c]


class CreatingProxy:
    def __init__(self, web: str) -> None:
        self._web = web

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        _put(self._web, name, "created")
        return name


def r216_getattr_proxy_creates_then_read(web: str) -> list[str]:
    p = CreatingProxy(web)
    made = p.widget
    a = _get(web, "widget")
    b = _get(web, "other", 100)
    return [made, a, b]


class Traced:
    def __init__(self, web: str) -> None:
        self.web = web
        self.key = "traced"

    def __getattribute__(self, name: str) -> Any:
        if name == "key":
            print("read attribute", name)
        return object.__getattribute__(self, name)


def r216_getattribute_prints_between_reads(web: str) -> list[str]:
    t = Traced(web)
    print("before")
    a = _get(web, t.key)
    b = _get(web, "other", 100)
    print("after")
    return [a, b]


class Doc:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    @functools.cached_property
    def body(self) -> str:
        return _get(self.web, self.key)


def r216_cached_property_two_objects(web: str) -> list[str]:
    d1, d2 = Doc(web, "d1"), Doc(web, "d2")
    a = d1.body
    b = d2.body
    c = d1.body
    return [a, b, c]


@dataclasses.dataclass(frozen=True)
class Fetched:
    web: str
    key: str
    value: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _get(self.web, self.key))


def r216_frozen_post_init_fetch_overlap(web: str) -> list[str]:
    a = Fetched(web, "f1")
    b = Fetched(web, "f2")
    return [a.value, b.value]


def r216_frozen_post_init_after_put(web: str) -> list[str]:
    a = Fetched(web, "g1")
    _put(web, "g2", "fresh")
    b = Fetched(web, "g2")
    c = _get(web, "other", 100)
    return [a.value, b.value, c]


def r216_frozen_dataclass_as_dict_key(web: str) -> list[Any]:
    seen: dict[Fetched, int] = {}
    for k in ("h1", "h2", "h1"):
        f = Fetched(web, k)
        seen[f] = seen.get(f, 0) + 1
    return sorted((f.key, n) for f, n in seen.items())


# ------------------------------------------------------------ model calls


class Prompt:
    def __init__(self, client: Any, text: str) -> None:
        self.client = client
        self.text = text

    def __add__(self, other: Prompt) -> str:
        r = self.client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"{self.text} + {other.text}"}])
        return (r.choices[0].message.content or "")[:16]


def r216_add_asks_model_overlap(client: Any, api: str) -> list[str]:
    p, q, r, s = (Prompt(client, t) for t in ("p", "q", "r", "s"))
    x = p + q
    y = r + s
    return [x, y]


class Judged:
    def __init__(self, client: Any, api: str, text: str) -> None:
        self.client = client
        self.api = api
        self.text = text

    def __eq__(self, other: object) -> bool:
        _put(self.api, "compared", self.text)
        return isinstance(other, Judged) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def ask(self) -> str:
        r = self.client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": self.text}])
        return (r.choices[0].message.content or "")[:16]


def r216_eq_put_between_model_calls(client: Any, api: str) -> list[Any]:
    a, b = Judged(client, api, "one"), Judged(client, api, "one")
    same = a == b
    first = a.ask()
    seen = _get(api, "compared")
    second = b.ask()
    return [same, first, seen, second]


# ------------------------------------------------------------ the list


def _reset(env: Env) -> None:
    COLOUR_WEB["url"] = env.web
    AUDIT_WEB["url"] = env.web
    Fetchable._abc_caches_clear()  # type: ignore[attr-defined]
    Plugin.web = ""
    Box.web = ""
    Tier.level = 1


def _web(env: Env) -> tuple:
    return (env.web,)


def _llm_args(env: Env) -> tuple:
    return (openai_client(env), env.api)


_HOOK = 200 / 150  # the hook's PUT (50), then the item's GET beside the sibling's (100)


def _w(fn: Any, ideal: float = _HOOK, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, setup=_reset, **kw)


def _llm(fn: Any, ideal: float, **kw: Any) -> Case:
    return Case("sdk", fn, args=_llm_args, servers="api", latency=CLIENT_LAT, ideal=ideal,
                setup=_reset, **kw)


ALL += [
    # dunders run by builtins and library functions
    _w(r216_isinstance_metaclass_puts),
    _w(r216_issubclass_metaclass_puts),
    _w(r216_isinstance_abc_subclasshook_puts),
    _w(r216_sorted_lt_puts),
    _w(r216_heappush_lt_puts),
    _w(r216_bisect_insort_lt_puts),
    _w(r216_list_index_eq_puts),
    _w(r216_list_count_eq_puts),
    _w(r216_set_add_hash_puts),
    _w(r216_dict_get_hash_puts),
    _w(r216_len_puts),
    _w(r216_bool_if_puts),
    _w(r216_contains_puts),
    _w(r216_unpack_iter_puts),
    _w(r216_subscript_index_puts),
    _w(r216_round_puts),
    _w(r216_str_format_method_puts),
    _w(r216_percent_str_puts),
    _w(r216_copy_copy_puts),
    _w(r216_deepcopy_in_dict_puts),
    _w(r216_dataclasses_replace_post_init_puts, 250 / 200),  # two PUTs, then the GETs
    _w(r216_attrgetter_property_puts),
    _w(r216_sum_radd_puts, 250 / 200),
    # finalisers and generators
    _w(r216_del_on_rebind_puts),
    _w(r216_del_on_list_clear_puts),
    _w(r216_del_on_dict_pop_puts),
    _w(r216_del_on_list_pop_dropped),
    _w(r216_del_on_del_item),
    _w(r216_del_on_dict_store_replaces),
    _w(r216_del_on_list_rebind),
    _w(r216_del_on_set_discard),
    _w(r216_weakref_finalize_on_del),
    _w(r216_generator_close_finally_puts),
    _w(r216_generator_dropped_finally_puts),
    _w(r216_generator_send_puts),
    _w(r216_generator_throw_puts),
    # context managers
    _w(r216_exit_puts_and_swallows, 230 / 180),  # missing(30), PUT, then the GETs
    _w(r216_exitstack_callbacks_lifo, 350 / 300),  # pre(100), two PUTs, the GETs (100)
    _w(r216_contextmanager_generator_finally, 300 / 250),  # inside beside side(100)
    # descriptors and stores
    _w(r216_descriptor_set_puts),
    _w(r216_setattr_computed_name_puts),
    _w(r216_setattr_constant_name_puts),
    _w(r216_delattr_computed_name_puts, 250 / 200),
    _w(r216_operator_setitem_userdict_puts),
    _w(r216_descriptor_delete_puts, 250 / 200),
    _w(r216_property_setter_augmented),
    _w(r216_iadd_puts, 250 / 200),
    _w(r216_userdict_update_puts),
    # classes made in the function
    _w(r216_init_subclass_in_function_puts),
    _w(r216_class_decorator_in_function_puts),
    _w(r216_class_decorator_via_helper),
    _w(r216_set_name_in_function_puts),
    _w(r216_class_getitem_puts),
    _w(r216_enum_missing_puts),
    _w(r216_enum_method_fetch_overlap, 3.0, overlap=3),
    # state between calls
    _w(r216_contextvar_set_reset_between, 3.0),
    _w(r216_contextvar_copy_context_run, 2.0),
    _w(r216_nonlocal_counter_in_urls, 3.0),
    _w(r216_class_attr_bumped_by_instance, 1.5),  # a beside b, then c
    # dispatch and polymorphism
    _w(r216_singledispatch_reads_overlap, 3.0, cat="helpers", overlap=3),
    _w(r216_singledispatch_write_between, _HOOK, cat="helpers"),  # a, PUT, b beside c
    _w(r216_singledispatchmethod_write_then_read, _HOOK, cat="helpers"),  # a, PUT, c beside d
    _w(r216_abc_readers_overlap, 3.0, cat="helpers", overlap=3),
    _w(r216_abc_writer_among_readers, _HOOK, cat="helpers"),  # s1 | PUT s2 | s2 beside s3
    _w(r216_call_object_comprehension, 3.0, cat="helpers", overlap=3),
    _w(r216_call_object_counts_then_read, 300 / 250, cat="helpers"),
    _w(r216_getattr_proxy_reads, 3.0, cat="helpers"),
    _w(r216_getattr_proxy_creates_then_read),
    _w(r216_getattribute_prints_between_reads, 1.5),
    _w(r216_cached_property_two_objects, 2.0),
    _w(r216_frozen_post_init_fetch_overlap, 2.0),
    _w(r216_frozen_post_init_after_put, 250 / 200),  # g1, PUT, g2 beside other(100)
    _w(r216_frozen_dataclass_as_dict_key, 3.0),
    # model calls
    _llm(r216_add_asks_model_overlap, serial_ideal(1, 2, 1), overlap=2),
    _llm(r216_eq_put_between_model_calls, serial_ideal(1, 4, 2)),  # PUT, then the rest together
]

_EARLY = ("plain: the hook's PUT, then the GETs, which read the value written; jitted: "
          "the GET of the item starts before the statement that runs the hook (explain(): "
          "'starts 2-3 statement(s) early') and reads the old value")
_DROP = ("(then not covered: the finalisers of a container's items) "
         "dropping the container's last reference to a `Lease` runs its `__del__`, which "
         "PUTs; the container's method counts as changing only the container (a `cpu` rule), "
         "and the finaliser of the items it drops is not looked at (`_dunders.finaliser` is "
         "consulted for a local's rebinding or `del name`, which pass: "
         "`r216_del_on_rebind_puts`, `r216_del_on_list_rebind`), so")

# Differed when written; fixed since (`_dunders.by_name`, `_dunders.class_checks`):
FIXED_WHY: dict[str, str] = {
    "r216_isinstance_metaclass_puts":
        "isinstance(h, Checked) runs the metaclass's `__instancecheck__`, which PUTs "
        "/items/checked; `isinstance` is in `_rules._PURE_BUILTINS` and the metaclass hook "
        f"is not looked at, so {_EARLY} ('v-checked' for 'isinstance Holder'), and the "
        "sibling GET /items/other is sent before the PUT",
    "r216_issubclass_metaclass_puts":
        "issubclass(Holder, Audited) runs the metaclass's `__subclasscheck__` (a PUT); "
        "`issubclass` counts as a pure builtin, so the GET /items/checked after it starts "
        "3 statements early and reads 'v-checked' where the plain run read 'issubclass "
        "Holder'",
    "r216_isinstance_abc_subclasshook_puts":
        "isinstance(h, Fetchable) on an `abc.ABC` runs ABCMeta's `__instancecheck__`, which "
        "calls the class's own `__subclasshook__` (a PUT of /items/hooked); a pure builtin "
        f"to the JIT, so {_EARLY} ('v-hooked' for 'Holder')",
    "r216_setattr_computed_name_puts":
        "setattr(p, 'si' + 'ze', 12) runs the `Synced` descriptor's `__set__`, which PUTs "
        "/items/size; `setattr` is a `cpu` builtin (changes its argument only) and, unlike "
        "the statement `p.size = 12` (`_dunders.attribute_store`, which passes: "
        "`r216_descriptor_set_puts`), the class's data descriptor is not looked at, so "
        f"{_EARLY} ('v-size' for '12')",
    "r216_setattr_constant_name_puts":
        "setattr(p, 'size', 7) with a constant name: the same as the computed name, the "
        "descriptor's `__set__` PUT is not seen; GET /items/size starts 3 statements early "
        "(above the object's construction) and reads 'v-size' for '7'",
    "r216_delattr_computed_name_puts":
        "delattr(p, name) runs the descriptor's `__delete__` (a PUT of 'deleted'); a `cpu` "
        "builtin to the JIT, so GET /items/size starts above it (after `p.size = 3`, whose "
        "store is seen) and reads '3' where the plain run read 'deleted'",
}

# Fixed since (`_drops`: a container's drop counts the finalisers of the items the
# function put in it):
FIXED_WHY.update({
    "r216_del_on_list_clear_puts":
        f"held.clear(): {_DROP} the GETs start before it: GET /items/pool reads 'v-pool' "
        "where the plain run read 'released', and GET /items/other goes before the PUT",
    "r216_del_on_dict_pop_puts":
        f"leases.pop('x') as a statement: {_DROP} GET /items/popped starts before it and "
        "reads 'v-popped' for 'released'",
    "r216_del_on_list_pop_dropped":
        f"held.pop() as a statement: {_DROP} GET /items/held starts before it and reads "
        "'v-held' for 'released'",
    "r216_del_on_del_item":
        f"del held[0] on a list: {_DROP} GET /items/item (written second, so it is the one "
        "started early) reads 'v-item' for 'released'",
    "r216_del_on_dict_store_replaces":
        f"leases['x'] = None replaces the dict's only reference: {_DROP} GET "
        "/items/replaced starts 2 statements early and reads 'v-replaced' for 'released'",
})

# Fixed since (`_drops._deleted`: an item named by a local bound once and deleted after
# has the type it was bound to):
FIXED_WHY.update({
    "r216_del_on_set_discard":
        "pool.clear() on a set holding the last reference to a `Lease` (after `del lease`): "
        "a name that is deleted has no type the JIT relies on (`del` of an object of yours "
        "whose type were known would count only its class's finaliser, and a "
        "`weakref.finalize` may be attached to it), so the set's item is not typed and the "
        "drop counts nothing: GET /items/discarded starts above it and reads 'v-discarded' "
        "for 'released'",
})

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
