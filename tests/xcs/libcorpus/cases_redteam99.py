"""Red-team cases (stop 99): the user's objects, wrappers and containers around read helpers.

(1) Objects of the user's classes handed to the user's helpers that format, compare, hash,
add, test truth or read properties of their parameters: made inline (``look(Key('a'))``),
by an operator of a user subclass of str/int/float/list/dict (``look(tag + '0')``,
``look(-n)``), by a user method (``look(k.child())``), from a dict or list of them, through
``*args``/``**kwargs``, in recursion, loops and comprehensions; the dunders print, count,
PUT or raise, or only compute (those still overlap: `overlap=`/`ideal=` claims).
(2) Callable wrappers of the user's around read helpers: subclasses of `functools.partial`,
`functools.wraps` wrappers, callable classes, `partialmethod`, `singledispatch`,
`cached_property`, `lru_cache` around them.
(3) Standard containers' changing methods between reads whose arguments read the container:
`OrderedDict.move_to_end`, `Counter.subtract`/`update`, `deque.rotate`, `heapq`, `bisect`,
`array.array`, `list.sort`, `dict.popitem`, `set.difference_update`.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY`
(none did); `SHORT_WHY` names the overlap claims not reached.
"""

from __future__ import annotations

import array
import dataclasses
import enum
import functools
import heapq
from collections import Counter, OrderedDict, deque
from typing import Any, NamedTuple

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam99")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def fetch(s: requests.Session, base: str, key: str, ms: int = 50) -> str:
    return s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5).json()["value"]


def store(s: requests.Session, base: str, key: str, value: str) -> int:
    return s.put(f"{base}/items/{key}", data=value, timeout=5).json()["version"]


# =========================================================================== (1) user objects


class Key:
    """A key whose dunders print (after the helper's GET, where the helper formats it)."""

    def __init__(self, name: str, ms: int = 50) -> None:
        self.name = name
        self.ms = ms

    def __str__(self) -> str:
        print("str", self.name)
        return self.name

    def __format__(self, spec: str) -> str:
        print("format", self.name)
        return format(self.name, spec)

    def __eq__(self, other: object) -> bool:
        print("eq", self.name)
        return isinstance(other, Key) and other.name == self.name

    def __hash__(self) -> int:
        print("hash", self.name)
        return hash(self.name)

    def __bool__(self) -> bool:
        print("bool", self.name)
        return not self.name.startswith("empty")

    def __len__(self) -> int:
        return len(self.name)

    @property
    def label(self) -> str:
        print("label", self.name)
        return self.name.upper()

    def child(self, suffix: str = "0", ms: int = 30) -> Key:
        return Key(self.name + suffix, ms)


class PureKey:
    """The same shape, its dunders only compute."""

    def __init__(self, name: str, ms: int = 50) -> None:
        self.name = name
        self.ms = ms

    def __str__(self) -> str:
        return self.name

    def __format__(self, spec: str) -> str:
        return format(self.name, spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PureKey) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __bool__(self) -> bool:
        return bool(self.name)

    @property
    def label(self) -> str:
        return self.name.upper()

    def child(self, suffix: str = "0", ms: int = 30) -> PureKey:
        return PureKey(self.name + suffix, ms)


def look_fmt(s: requests.Session, base: str, k: Any) -> str:
    """GET by the key's name, then format the key into the result."""
    v = fetch(s, base, k.name, k.ms)
    return f"{k}={v}"


def look_str(s: requests.Session, base: str, k: Any) -> str:
    v = fetch(s, base, k.name, k.ms)
    return str(k) + ":" + v


def look_label(s: requests.Session, base: str, k: Any) -> str:
    v = fetch(s, base, k.name, k.ms)
    return k.label + v


def look_truth(s: requests.Session, base: str, k: Any) -> str:
    v = fetch(s, base, k.name, k.ms)
    return v if k else "-"


def obj_inline_key_formatted(s: requests.Session, base: str) -> list[str]:
    return [look_fmt(s, base, Key("ia", 150)), look_fmt(s, base, Key("ib", 30)),
            look_fmt(s, base, Key("ic", 80))]


def obj_inline_key_property_read(s: requests.Session, base: str) -> list[str]:
    a = look_label(s, base, Key("pa", 150))
    b = look_label(s, base, Key("pb", 30))
    return [a, b]


def obj_inline_key_truth_tested(s: requests.Session, base: str) -> list[str]:
    return [look_truth(s, base, Key("empty-a", 150)), look_truth(s, base, Key("full-b", 30))]


def obj_dict_of_keys_in_comprehension(s: requests.Session, base: str) -> dict[str, str]:
    keys = {"a": Key("da", 150), "b": Key("db", 30), "c": Key("dc", 80)}
    return {n: look_str(s, base, keys[n]) for n in ("a", "b", "c")}


def look_many(s: requests.Session, base: str, *ks: Any, **opts: Any) -> list[str]:
    sep = opts.get("sep", "=")
    return [f"{k}{sep}{fetch(s, base, k.name, k.ms)}" for k in ks]


def obj_keys_through_star_args(s: requests.Session, base: str) -> list[Any]:
    return [look_many(s, base, Key("sa", 150), sep=":"), look_many(s, base, Key("sb", 30))]


def walk_keys(s: requests.Session, base: str, k: Any, depth: int) -> list[str]:
    v = fetch(s, base, k.name, k.ms)
    out = [f"{k}:{v}"]
    if depth:
        out += walk_keys(s, base, k.child("0", 150), depth - 1)
        out += walk_keys(s, base, k.child("1", 30), depth - 1)
    return out


def obj_recursive_child_keys(s: requests.Session, base: str) -> list[str]:
    return walk_keys(s, base, Key("r", 40), 2)


class Counted:
    """Counts every format into a class-level list (no print)."""

    seen: list[str] = []

    def __init__(self, name: str, ms: int) -> None:
        self.name = name
        self.ms = ms

    def __format__(self, spec: str) -> str:
        Counted.seen.append(self.name)
        return self.name


def _reset_counted(env: Env) -> None:
    Counted.seen.clear()


def obj_format_counts_in_class_list(s: requests.Session, base: str) -> list[Any]:
    vals = [look_fmt(s, base, Counted("ca", 150)), look_fmt(s, base, Counted("cb", 30)),
            look_fmt(s, base, Counted("cc", 80))]
    return [vals, list(Counted.seen)]


class Audited:
    """Formatting PUTs an audit record (a write in a dunder)."""

    session: Any = None
    base = ""

    def __init__(self, name: str, ms: int) -> None:
        self.name = name
        self.ms = ms

    def __format__(self, spec: str) -> str:
        store(Audited.session, Audited.base, "audit", self.name)
        return self.name


def obj_format_puts_audit(s: requests.Session, base: str) -> list[Any]:
    Audited.session, Audited.base = s, base
    vals = [look_fmt(s, base, Audited("aa", 150)), look_fmt(s, base, Audited("ab", 30))]
    return [vals, fetch(s, base, "audit", 40)]


class Strict:
    """Its truth test raises for a refused name."""

    def __init__(self, name: str, ms: int) -> None:
        self.name = name
        self.ms = ms

    def __bool__(self) -> bool:
        if self.name.startswith("bad"):
            raise ValueError(f"refused {self.name}")
        return True


def check_then_look(s: requests.Session, base: str, k: Any) -> str:
    if not k:
        return "-"
    return fetch(s, base, k.name, k.ms)


def obj_truth_raises_before_get(s: requests.Session, base: str) -> list[str]:
    out: list[str] = []
    try:
        for k in (Strict("ok-a", 150), Strict("bad-b", 30), Strict("ok-c", 30)):
            out.append(check_then_look(s, base, k))
    except ValueError as e:
        out.append(str(e))
    return out


# --- user subclasses of builtins, made by their operators


class Tag(str):
    def __add__(self, other: str) -> Tag:
        print("add", str.__str__(self), other)
        return Tag(str.__add__(self, other))

    def upper(self) -> str:
        print("upper", str.__str__(self))
        return str.upper(self)


def look_tag(s: requests.Session, base: str, key: Any, ms: int) -> str:
    v = fetch(s, base, str.__str__(key), ms)
    return key.upper() + v


def look_tag_add(s: requests.Session, base: str, key: Any, ms: int) -> str:
    v = fetch(s, base, str.__str__(key), ms)
    return key + ("!" + v)


def obj_str_subclass_add_then_upper(s: requests.Session, base: str) -> list[str]:
    t = Tag("t")
    return [look_tag(s, base, t + "0", 150), look_tag(s, base, t + "1", 30)]


class Level(int):
    def __neg__(self) -> Level:
        print("neg", int(self))
        return Level(-int(self))

    def __abs__(self) -> Level:
        print("abs", int(self))
        return Level(abs(int(self)))


def look_level(s: requests.Session, base: str, n: Any, ms: int) -> str:
    v = fetch(s, base, f"lvl{int(n)}", ms)
    return f"{v}@{int(abs(n))}"


def obj_int_subclass_neg_abs(s: requests.Session, base: str) -> list[str]:
    n = Level(3)
    return [look_level(s, base, -n, 150), look_level(s, base, n, 30)]


class Batch(list):
    def __len__(self) -> int:
        print("len", list.__len__(self))
        return list.__len__(self)

    def __add__(self, other: Any) -> Batch:
        return Batch(list.__add__(self, other))


def look_batch(s: requests.Session, base: str, b: Any, ms: int) -> str:
    v = fetch(s, base, "batch", ms)
    return f"{v}x{len(b)}"


def obj_list_subclass_len(s: requests.Session, base: str) -> list[str]:
    b = Batch(["a"])
    return [look_batch(s, base, b + ["b", "c"], 150), look_batch(s, base, b, 30)]


class Opts(dict):
    def __getitem__(self, k: str) -> Any:
        LOG.info("opt %s", k)
        return dict.__getitem__(self, k)

    def __or__(self, other: Any) -> Opts:
        return Opts(dict.__or__(self, other))


def look_opts(s: requests.Session, base: str, o: Any) -> str:
    v = fetch(s, base, dict.__getitem__(o, "key"), dict.__getitem__(o, "ms"))
    return v + o["tag"]


def obj_dict_subclass_getitem_logs(s: requests.Session, base: str) -> list[str]:
    o = Opts(key="oa", ms=150, tag="-a")
    return [look_opts(s, base, o), look_opts(s, base, o | {"key": "ob", "ms": 30, "tag": "-b"})]


# --- the same with dunders that only compute: these overlap


def obj_pure_inline_keys_overlap(s: requests.Session, base: str) -> list[str]:
    return [look_fmt(s, base, PureKey("xa", 150)), look_fmt(s, base, PureKey("xb", 30)),
            look_fmt(s, base, PureKey("xc", 80))]


def obj_pure_child_keys_overlap(s: requests.Session, base: str) -> list[str]:
    root = PureKey("pr")
    return [look_label(s, base, root.child("0", 150)), look_label(s, base, root.child("1", 30))]


class PureTag(str):
    def __add__(self, other: str) -> PureTag:
        return PureTag(str.__add__(self, other))


def obj_pure_str_subclass_overlap(s: requests.Session, base: str) -> list[str]:
    t = PureTag("pt")
    return [look_tag_add(s, base, t + "0", 150), look_tag_add(s, base, t + "1", 30)]


# =========================================================================== (2) wrappers


class TracePartial(functools.partial):
    """Prints after its call returned."""

    def __call__(self, *args: Any, **kw: Any) -> Any:
        v = super().__call__(*args, **kw)
        print("traced", args[0])
        return v


class PlainPartial(functools.partial):
    """Only computes: a renamed partial."""

    def __call__(self, *args: Any, **kw: Any) -> Any:
        return super().__call__(*args, **kw)


def wrap_pure_partial_subclass_overlap(s: requests.Session, base: str) -> list[str]:
    get = PlainPartial(fetch, s, base)
    return [get("pp1", 150), get("pp2", 30), get("pp3", 80)]


def _announce(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        v = fn(*args, **kw)
        print("done", fn.__name__, args[2])
        return v
    return wrapper


announced_fetch = _announce(fetch)


def wrap_functools_wraps_prints_after(s: requests.Session, base: str) -> list[str]:
    return [announced_fetch(s, base, "wa", 150), announced_fetch(s, base, "wb", 30)]


def _tally(fn: Any) -> Any:
    calls: list[str] = []

    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        v = fn(*args, **kw)
        calls.append(args[2])
        return v
    wrapper.calls = calls  # type: ignore[attr-defined]
    return wrapper


def wrap_wraps_tally_order(s: requests.Session, base: str) -> list[Any]:
    get = _tally(fetch)
    vals = [get(s, base, "ya", 150), get(s, base, "yb", 30), get(s, base, "yc", 80)]
    return [vals, list(get.calls)]


class Fetcher:
    """A callable class that keeps the keys it fetched, in order."""

    def __init__(self, s: requests.Session, base: str) -> None:
        self.s = s
        self.base = base
        self.seen: list[str] = []

    def __call__(self, key: str, ms: int) -> str:
        v = fetch(self.s, self.base, key, ms)
        self.seen.append(key)
        return v


def wrap_callable_class_records(s: requests.Session, base: str) -> list[Any]:
    f = Fetcher(s, base)
    vals = [f("fa", 150), f("fb", 30)]
    return [vals, f.seen]


class Repo:
    def __init__(self, s: requests.Session, base: str) -> None:
        self.s = s
        self.base = base
        self.log: list[str] = []

    def _get(self, key: str, ms: int) -> str:
        v = fetch(self.s, self.base, key, ms)
        print("repo got", key)
        return v

    get_slow = functools.partialmethod(_get, ms=150)
    get_fast = functools.partialmethod(_get, ms=30)


def wrap_partialmethod_prints(s: requests.Session, base: str) -> list[str]:
    r = Repo(s, base)
    return [r.get_slow("ra"), r.get_fast("rb")]


@functools.singledispatch
def load(k: Any, s: requests.Session, base: str) -> str:
    return fetch(s, base, str(k), 50)


@load.register
def _(k: Key, s: requests.Session, base: str) -> str:
    v = fetch(s, base, k.name, k.ms)
    print("loaded key", k.name)
    return v


@load.register
def _(k: int, s: requests.Session, base: str) -> str:
    return fetch(s, base, f"n{k}", 150 if k % 2 else 30)


def wrap_singledispatch_user_class(s: requests.Session, base: str) -> list[str]:
    return [load(Key("sd1", 150), s, base), load(Key("sd2", 30), s, base)]


def wrap_singledispatch_int_overlap(s: requests.Session, base: str) -> list[str]:
    return [load(1, s, base), load(2, s, base)]


class Doc:
    def __init__(self, s: requests.Session, base: str, key: str, ms: int) -> None:
        self.s, self.base, self.key, self.ms = s, base, key, ms

    @functools.cached_property
    def body(self) -> str:
        v = fetch(self.s, self.base, self.key, self.ms)
        print("body of", self.key)
        return v


def wrap_cached_property_prints(s: requests.Session, base: str) -> list[str]:
    a, b = Doc(s, base, "doca", 150), Doc(s, base, "docb", 30)
    return [a.body, b.body, a.body]


def wrap_lru_of_plain_partial_overlap(s: requests.Session, base: str) -> list[str]:
    get = functools.lru_cache(maxsize=None)(PlainPartial(fetch, s, base))
    return [get("lp1", 150), get("lp2", 30), get("lp1", 150)]


# =========================================================================== (3) containers


def cont_ordereddict_move_to_end(s: requests.Session, base: str) -> list[str]:
    od = OrderedDict(a=1, b=2, c=3)
    x = fetch(s, base, list(od)[0], 150)
    od.move_to_end("a")
    y = fetch(s, base, list(od)[0], 30)
    od.move_to_end("c", last=False)
    z = fetch(s, base, next(iter(od)), 80)
    return [x, y, z]


def cont_counter_subtract(s: requests.Session, base: str) -> list[str]:
    c = Counter(ka=3, kb=1)
    x = fetch(s, base, c.most_common(1)[0][0], 150)
    c.subtract({"ka": 5})
    y = fetch(s, base, c.most_common(1)[0][0], 30)
    return [x, y]


def cont_deque_rotate(s: requests.Session, base: str) -> list[str]:
    d = deque(["qa", "qb", "qc"])
    x = fetch(s, base, d[0], 150)
    d.rotate(-1)
    y = fetch(s, base, d[0], 30)
    d.rotate(2)
    z = fetch(s, base, d[0], 80)
    return [x, y, z]


def cont_array_frombytes_byteswap(s: requests.Session, base: str) -> list[str]:
    a = array.array("H", [1, 2])
    x = fetch(s, base, f"ar{a[-1]}", 150)
    a.frombytes(bytes([7, 0]))
    y = fetch(s, base, f"ar{a[-1]}", 30)
    a.byteswap()
    z = fetch(s, base, f"ar{a[0]}", 80)
    a.fromlist([9])
    w = fetch(s, base, f"ar{a[-1]}", 40)
    return [x, y, z, w]


def cont_dict_popitem(s: requests.Session, base: str) -> list[str]:
    d = {"pa": 150, "pb": 30, "pc": 80}
    out = []
    k, ms = d.popitem()
    out.append(fetch(s, base, k, ms))
    out.append(fetch(s, base, next(reversed(d)), 30))
    d.popitem()
    out.append(fetch(s, base, list(d)[-1], 40))
    return out


class Ranked:
    """Compared by rank; the comparison prints."""

    def __init__(self, name: str, rank: int) -> None:
        self.name, self.rank = name, rank

    def __lt__(self, other: Ranked) -> bool:
        print("lt", self.name, other.name)
        return self.rank < other.rank


def cont_heap_user_lt_prints(s: requests.Session, base: str) -> list[str]:
    h = [Ranked("rk2", 2)]
    x = fetch(s, base, h[0].name, 150)
    heapq.heappush(h, Ranked("rk1", 1))
    y = fetch(s, base, h[0].name, 30)
    return [x, y]


def cont_ordereddict_lru_by_hand(s: requests.Session, base: str) -> list[str]:
    cache: OrderedDict[str, str] = OrderedDict()
    out = []
    for key, ms in (("oa", 150), ("ob", 30), ("oa", 30), ("oc", 80)):
        if key in cache:
            cache.move_to_end(key)
            out.append(cache[key])
            continue
        cache[key] = fetch(s, base, key, ms)
        out.append(cache[key])
        if len(cache) > 2:
            evicted, _ = cache.popitem(last=False)
            out.append(fetch(s, base, "evict-" + evicted, 40))
    return out


def cont_deque_maxlen_rotate_overlap(s: requests.Session, base: str) -> list[str]:
    d = deque(["m1", "m2", "m3"], maxlen=3)
    vals = [fetch(s, base, d[0], 150), fetch(s, base, d[1], 30), fetch(s, base, d[2], 80)]
    d.rotate(1)
    return vals + [fetch(s, base, d[0], 40)]


# =========================================================================== sdk


class Prompt:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        print("render", self.text)
        return self.text


def ask(client: Any, p: Any, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "q"}],
                                       extra_body={"latency": lat})
    return str(p) + ": " + r.choices[0].message.content[:20]


def sdk_prompt_object_rendered_after(client: Any) -> list[str]:
    return [ask(client, Prompt("first"), 0.15), ask(client, Prompt("second"), 0.03)]


class PurePrompt:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def sdk_pure_prompt_objects_overlap(client: Any) -> list[str]:
    return [ask(client, PurePrompt("one"), 0.15), ask(client, PurePrompt("two"), 0.03)]


# =========================================================================== round 2: where it overlaps


def sdk_pure_prompt_mutated_between(client: Any) -> list[str]:
    """The object handed to the first call is changed before the second call."""
    p = PurePrompt("one")
    a = ask(client, p, 0.15)
    p.text = "changed"
    b = ask(client, p, 0.03)
    return [a, b]


STYLE = ["plain"]


class StyledPrompt:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return f"[{STYLE[0]}] {self.text}"


def sdk_prompt_reads_global_changed_between(client: Any) -> list[str]:
    STYLE[0] = "plain"
    a = ask(client, StyledPrompt("s1"), 0.15)
    STYLE[0] = "bold"
    b = ask(client, StyledPrompt("s2"), 0.03)
    return [a, b]


class CountingPrompt:
    rendered: list[str] = []

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        type(self).rendered.append(self.text)
        return self.text


def _reset_counting_prompt(env: Env) -> None:
    CountingPrompt.rendered.clear()


def sdk_prompt_str_appends_class_list(client: Any) -> list[Any]:
    vals = [ask(client, CountingPrompt("c1"), 0.15), ask(client, CountingPrompt("c2"), 0.03)]
    return [vals, list(CountingPrompt.rendered)]


class SwappedPrompt:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def _loud_str(self: Any) -> str:
    print("loud", self.text)
    return self.text


def sdk_prompt_str_replaced_at_run_time(client: Any) -> list[str]:
    SwappedPrompt.__str__ = _loud_str  # type: ignore[method-assign]
    try:
        return [ask(client, SwappedPrompt("w1"), 0.15), ask(client, SwappedPrompt("w2"), 0.03)]
    finally:
        del SwappedPrompt.__str__
        SwappedPrompt.__str__ = lambda self: self.text  # type: ignore[method-assign]


class RefusingPrompt:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        if self.text.startswith("bad"):
            raise ValueError(f"cannot render {self.text}")
        return self.text


def sdk_prompt_str_raises_stops_loop(client: Any) -> list[str]:
    out: list[str] = []
    try:
        for text, lat in (("ok1", 0.15), ("bad2", 0.03), ("ok3", 0.03)):
            out.append(ask(client, RefusingPrompt(text), lat))
    except ValueError as e:
        out.append(str(e))
    return out


class DefaultPrompt:
    """A plain class with no dunders of its own."""

    def __init__(self, text: str) -> None:
        self.text = text


def wrap_lru_currsize_between(s: requests.Session, base: str) -> list[Any]:
    get = functools.lru_cache(maxsize=None)(functools.partial(fetch, s, base))
    a = get("lc1", 150)
    size = get.cache_info().currsize
    b = get("lc2", 30)
    return [a, size, b, get.cache_info().currsize]


SUFFIX = ["."]


@functools.singledispatch
def load2(k: Any, s: requests.Session, base: str) -> str:
    return fetch(s, base, str(k), 50)


@load2.register
def _(k: int, s: requests.Session, base: str) -> str:
    v = fetch(s, base, f"m{k}", 150 if k % 2 else 30)
    return v + SUFFIX[0]


def wrap_singledispatch_reads_global_after(s: requests.Session, base: str) -> list[str]:
    SUFFIX[0] = "."
    a = load2(1, s, base)
    SUFFIX[0] = "!"
    b = load2(2, s, base)
    return [a, b]


def cont_counter_ties_insertion_order(s: requests.Session, base: str) -> list[Any]:
    c: Counter[str] = Counter()
    for key, ms in (("ct1", 150), ("ct2", 30), ("ct3", 80)):
        c[fetch(s, base, key, ms)] += 1
    return [c.most_common(), fetch(s, base, c.most_common(1)[0][0], 30)]


# =========================================================================== round 3: aliases, helpers that change


def sdk_pure_prompt_mutated_through_alias(client: Any) -> list[str]:
    p = PurePrompt("one")
    held = [p]
    a = ask(client, p, 0.15)
    held[0].text = "changed"
    b = ask(client, PurePrompt("two"), 0.03)
    return [a, b]


REGISTRY: list[Any] = []


class RegPrompt:
    def __init__(self, text: str) -> None:
        self.text = text
        REGISTRY.append(self)

    def __str__(self) -> str:
        return self.text


def _reset_registry(env: Env) -> None:
    REGISTRY.clear()


def sdk_inline_prompt_mutated_via_registry(client: Any) -> list[str]:
    a = ask(client, RegPrompt("r1"), 0.15)
    REGISTRY[-1].text = "renamed"
    b = ask(client, RegPrompt("r2"), 0.03)
    return [a, b]


class ClsPrompt:
    prefix = ">"

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.prefix + self.text


def sdk_prompt_class_attr_changed_between(client: Any) -> list[str]:
    ClsPrompt.prefix = ">"
    a = ask(client, ClsPrompt("c1"), 0.15)
    ClsPrompt.prefix = "#"
    b = ask(client, ClsPrompt("c2"), 0.03)
    return [a, b]


class Child:
    def __init__(self, parent: Any, text: str) -> None:
        self.parent, self.text = parent, text

    def __str__(self) -> str:
        return self.parent.text + "/" + self.text


def sdk_prompt_parent_mutated_between(client: Any) -> list[str]:
    root = DefaultPrompt("root")
    a = ask(client, Child(root, "a"), 0.15)
    root.text = "moved"
    b = ask(client, Child(root, "b"), 0.03)
    return [a, b]


def take_min(s: requests.Session, base: str, h: list, ms: int) -> str:
    v = fetch(s, base, h[0][1], ms)
    heapq.heappop(h)
    return v


def cont_helper_pops_heap_after_get(s: requests.Session, base: str) -> list[str]:
    h = [(1, "hp1"), (2, "hp2"), (3, "hp3")]
    return [take_min(s, base, h, 150), take_min(s, base, h, 30)]


def take_front(s: requests.Session, base: str, od: OrderedDict, ms: int) -> str:
    key = next(iter(od))
    v = fetch(s, base, key, ms)
    od.move_to_end(key)
    return v


def cont_helper_moves_to_end_after_get(s: requests.Session, base: str) -> list[str]:
    od = OrderedDict(mt1=1, mt2=2)
    return [take_front(s, base, od, 150), take_front(s, base, od, 30)]


def take_rotate(s: requests.Session, base: str, d: deque, ms: int) -> str:
    v = fetch(s, base, d[0], ms)
    d.rotate(-1)
    return v


def cont_helper_rotates_deque_after_get(s: requests.Session, base: str) -> list[str]:
    d = deque(["rt1", "rt2", "rt3"])
    return [take_rotate(s, base, d, ms) for ms in (150, 30, 80)]


def take_common(s: requests.Session, base: str, c: Counter, ms: int) -> str:
    key = c.most_common(1)[0][0]
    v = fetch(s, base, key, ms)
    c.subtract({key: 10})
    return v


def cont_helper_subtracts_counter_after_get(s: requests.Session, base: str) -> list[str]:
    c = Counter(cs1=3, cs2=2)
    return [take_common(s, base, c, 150), take_common(s, base, c, 30)]


def fill_prompt(client: Any, p: Any, lat: float) -> str:
    r = client.chat.completions.create(model="gpt",
                                       messages=[{"role": "user", "content": str(p)}],
                                       extra_body={"latency": lat})
    p.text += "+"
    return r.choices[0].message.content[:20]


def sdk_helper_mutates_object_after_call(client: Any) -> list[str]:
    p = PurePrompt("grow")
    return [fill_prompt(client, p, 0.15), fill_prompt(client, p, 0.03), p.text]


# =========================================================================== round 4: generated dunders, factories


class Loud:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        print("repr", self.text)
        return repr(self.text)


@dataclasses.dataclass
class Msg:
    body: Any
    n: int = 0


def sdk_dataclass_repr_runs_field_repr(client: Any) -> list[str]:
    return [ask(client, Msg(Loud("d1")), 0.15), ask(client, Msg(Loud("d2")), 0.03)]


class Pair(NamedTuple):
    left: Any
    right: str


def sdk_namedtuple_repr_runs_field_repr(client: Any) -> list[str]:
    return [ask(client, Pair(Loud("n1"), "x"), 0.15), ask(client, Pair(Loud("n2"), "y"), 0.03)]


@dataclasses.dataclass(order=True)
class Job:
    rank: int
    name: Any


def look_job(s: requests.Session, base: str, j: Any, other: Any) -> bool:
    v = fetch(s, base, "job", 150 if j.rank == 1 else 30)
    return j < other and bool(v)


class LoudInt(int):
    def __lt__(self, other: Any) -> bool:
        print("lt", int(self), int(other))
        return int(self) < int(other)


def obj_dataclass_order_runs_field_lt(s: requests.Session, base: str) -> list[bool]:
    return [look_job(s, base, Job(1, "a"), Job(1, "b")),
            look_job(s, base, Job(2, "a"), Job(2, "b"))]


def obj_dataclass_order_field_lt_prints(s: requests.Session, base: str) -> list[bool]:
    return [look_job(s, base, Job(LoudInt(1), "a"), Job(LoudInt(5), "b")),
            look_job(s, base, Job(LoudInt(2), "a"), Job(LoudInt(0), "b"))]


CACHE: dict[str, Any] = {}


def prompt_of(text: str) -> Any:
    return CACHE.setdefault(text, PurePrompt(text))


def _reset_cache(env: Env) -> None:
    CACHE.clear()


def sdk_factory_cached_prompt_mutated(client: Any) -> list[str]:
    a = ask(client, prompt_of("f1"), 0.15)
    prompt_of("f1").text = "edited"
    b = ask(client, prompt_of("f2"), 0.03)
    return [a, b]


def sdk_partial_of_ask_object_mutated(client: Any) -> list[str]:
    go = functools.partial(ask, client)
    p = PurePrompt("pa")
    a = go(p, 0.15)
    p.text = "pz"
    b = go(PurePrompt("pb"), 0.03)
    return [a, b]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"

    def __str__(self) -> str:
        print("color", self.value)
        return self.value


def sdk_enum_str_prints(client: Any) -> list[str]:
    return [ask(client, Color.RED, 0.15), ask(client, Color.BLUE, 0.03)]


def sdk_fstring_spec_format_prints(client: Any) -> list[str]:
    out = []
    for k, lat in ((Key("fs1"), 0.15), (Key("fs2"), 0.03)):
        r = client.chat.completions.create(model="gpt",
                                           messages=[{"role": "user", "content": "q"}],
                                           extra_body={"latency": lat})
        out.append(f"{k:>6}|{r.choices[0].message.content[:10]}")
    return out


# =========================================================================== the lists


def _sess(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web)


def _oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=_sess, servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=_oa_args, servers="api", ideal=ideal, **kw)


CASES: list[Case] = [
    _w(obj_inline_key_formatted, over(0.15, 0.03, 0.08)),
    _w(obj_inline_key_property_read, over(0.15, 0.03)),
    _w(obj_inline_key_truth_tested, over(0.15, 0.03)),
    _w(obj_dict_of_keys_in_comprehension, over(0.15, 0.03, 0.08)),
    _w(obj_keys_through_star_args, over(0.15, 0.03)),
    _w(obj_recursive_child_keys),
    _w(obj_format_counts_in_class_list, over(0.15, 0.03, 0.08), cat="state",
       setup=_reset_counted),
    _w(obj_format_puts_audit, cat="state"),
    _w(obj_truth_raises_before_get, cat="validation"),
    _w(obj_str_subclass_add_then_upper, over(0.15, 0.03)),
    _w(obj_int_subclass_neg_abs, over(0.15, 0.03)),
    _w(obj_list_subclass_len, over(0.15, 0.03)),
    _w(obj_dict_subclass_getitem_logs, over(0.15, 0.03)),
    _w(obj_pure_inline_keys_overlap, over(0.15, 0.03, 0.08), overlap=3),
    _w(obj_pure_child_keys_overlap, over(0.15, 0.03), overlap=2),
    _w(obj_pure_str_subclass_overlap, over(0.15, 0.03), overlap=2),
    _w(wrap_pure_partial_subclass_overlap, over(0.15, 0.03, 0.08), overlap=3),
    _w(wrap_functools_wraps_prints_after, over(0.15, 0.03)),
    _w(wrap_wraps_tally_order, over(0.15, 0.03, 0.08), cat="state"),
    _w(wrap_callable_class_records, over(0.15, 0.03), cat="state"),
    _w(wrap_partialmethod_prints, over(0.15, 0.03)),
    _w(wrap_singledispatch_user_class, over(0.15, 0.03)),
    _w(wrap_singledispatch_int_overlap, over(0.15, 0.03), overlap=2),
    _w(wrap_cached_property_prints, over(0.15, 0.03)),
    _w(wrap_lru_of_plain_partial_overlap, over(0.15, 0.03), overlap=2),
    _w(cont_ordereddict_move_to_end, cat="state"),
    _w(cont_counter_subtract, cat="state"),
    _w(cont_deque_rotate, cat="state"),
    _w(cont_array_frombytes_byteswap, cat="state"),
    _w(cont_dict_popitem, cat="state"),
    _w(cont_heap_user_lt_prints, cat="state"),
    _w(cont_ordereddict_lru_by_hand, cat="state"),
    _w(cont_deque_maxlen_rotate_overlap, over(0.15, 0.03, 0.08), cat="state", overlap=3),
    Case("sdk", sdk_prompt_object_rendered_after, args=_oa_args, servers="api"),
    Case("sdk", sdk_pure_prompt_objects_overlap, args=_oa_args, servers="api",
         ideal=over(0.15, 0.03), overlap=2),
    _sdk(sdk_pure_prompt_mutated_between),
    _sdk(sdk_prompt_reads_global_changed_between),
    _sdk(sdk_prompt_str_appends_class_list, setup=_reset_counting_prompt),
    _sdk(sdk_prompt_str_replaced_at_run_time),
    _sdk(sdk_prompt_str_raises_stops_loop),
    _w(wrap_lru_currsize_between, cat="state"),
    _w(wrap_singledispatch_reads_global_after, cat="state"),
    _w(cont_counter_ties_insertion_order, cat="state"),
    _sdk(sdk_pure_prompt_mutated_through_alias),
    _sdk(sdk_inline_prompt_mutated_via_registry, setup=_reset_registry),
    _sdk(sdk_prompt_class_attr_changed_between),
    _sdk(sdk_prompt_parent_mutated_between),
    _w(cont_helper_pops_heap_after_get, cat="state"),
    _w(cont_helper_moves_to_end_after_get, cat="state"),
    _w(cont_helper_rotates_deque_after_get, cat="state"),
    _w(cont_helper_subtracts_counter_after_get, cat="state"),
    _sdk(sdk_helper_mutates_object_after_call),
    _sdk(sdk_dataclass_repr_runs_field_repr),
    _sdk(sdk_namedtuple_repr_runs_field_repr),
    _w(obj_dataclass_order_runs_field_lt, over(0.15, 0.03), overlap=2),
    _w(obj_dataclass_order_field_lt_prints),
    _sdk(sdk_factory_cached_prompt_mutated, setup=_reset_cache),
    _sdk(sdk_partial_of_ask_object_mutated),
    _sdk(sdk_enum_str_prints),
    _sdk(sdk_fstring_spec_format_prints),
]

# Overlap claims not reached under jit when written (no difference in behaviour; the calls
# run one after another where the dunders or wrappers only compute).
SHORT_WHY: dict[str, str] = {
    "obj_pure_inline_keys_overlap": "1/3 in flight: look_fmt(s, base, PureKey(..)) with pure "
    "__format__ stays in place (the sdk shape, ask(client, PurePrompt(..)), overlaps 2/2)",
    "obj_pure_child_keys_overlap": "1/2: helper handed root.child(..) (a pure method's object)",
    "obj_pure_str_subclass_overlap": "1/2: helper handed t + '0' of a str subclass whose "
    "__add__ only computes",
    "obj_dataclass_order_runs_field_lt": "1/2: helper compares dataclass(order=True) objects "
    "(generated __lt__ over plain ints)",
    "wrap_pure_partial_subclass_overlap": "1/3: a functools.partial subclass whose __call__ "
    "only calls super() is not seen through",
    "wrap_lru_of_plain_partial_overlap": "1/2: lru_cache around that pure partial subclass",
    "wrap_singledispatch_int_overlap": "1/2: a singledispatch function's int handler that only "
    "reads",
}

FAILING_WHY: dict[str, str] = {}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
