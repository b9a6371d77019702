"""Red-team cases (stop 102): the JIT's newest rules, where they are wrong or too narrow.

Attacked: key functions (`sorted`/`min`/`max`/`list.sort`/`heapq.nlargest`/`bisect.insort`
with `key=` a user function, a lambda calling one, a bound method, `functools.partial`,
`operator.itemgetter`/`attrgetter` on objects whose properties count, a nested def); a
`defaultdict(list)` that only groups, and what breaks that (other values stored, setdefault,
update, a helper, an alias, a nested function, `default_factory` reassigned, a global, an
annotation); a conditional expression that calls nothing but whose operands' `__bool__`,
`__eq__`, `__lt__` or properties run user code, walrus, loop-rebound names, short-circuits
that skip a raise; containers made in the function and handed to a helper, stored on an
object or a global, returned twice, captured by a closure; `Counter.update`/`deque.extend`/
`list.extend`/`set.update` walking a `map` or generator over a user function that counts,
prints or PUTs. Everyday shapes carry `overlap=`/`ideal=` claims. Sibling calls get
unequal latencies, slow first. `FAILING` holds the cases that differed under jit when
written, with `FAILING_WHY`; `SHORT_WHY` names the overlap claims not reached.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import operator
from collections import Counter, defaultdict, deque
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env

TICK = 0
GROUPS: defaultdict[str, list[str]] = defaultdict(list)
HOLD: list[Any] = []


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def fetch(s: requests.Session, base: str, key: str, ms: int = 50) -> str:
    return str(s.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5).json()["value"])


def store(s: requests.Session, base: str, key: str, value: str) -> int:
    return s.put(f"{base}/items/{key}", data=value, timeout=5).json()["version"]


def grab(base: str, key: str, ms: int = 50) -> str:
    return str(requests.get(f"{base}/items/{key}", params={"ms": ms}, timeout=5).json()["value"])


def _reset(env: Env) -> None:
    global TICK
    TICK = 0
    GROUPS.clear()
    GROUPS.default_factory = list
    HOLD.clear()


def _tick_len(x: str) -> int:
    global TICK
    TICK += 1
    return len(x)


def _tick_weighted(w: int, x: str) -> int:
    global TICK
    TICK += w
    return len(x)


class Ranker:
    def __init__(self) -> None:
        self.calls = 0

    def score(self, x: str) -> int:
        self.calls += 1
        return len(x)


class Doc:
    """A record whose `score` property counts into TICK."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def score(self) -> int:
        global TICK
        TICK += 1
        return len(self.name)


class Row:
    """A row whose __getitem__ counts into TICK."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, i: int) -> str:
        global TICK
        TICK += 1
        return self.name[i]


class Tally:
    """A list-like whose append counts into TICK."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def append(self, v: str) -> None:
        global TICK
        TICK += 1
        self.items.append(v)

    def __len__(self) -> int:
        return len(self.items)


class Flag:
    """A truth value whose __bool__ counts into TICK."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __bool__(self) -> bool:
        global TICK
        TICK += 1
        return self.on


class LoudFlag:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __bool__(self) -> bool:
        print("bool asked", self.on)
        return self.on


class Ver:
    """A version whose comparisons count into TICK."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __eq__(self, other: object) -> bool:
        global TICK
        TICK += 1
        return isinstance(other, Ver) and self.n == other.n

    def __lt__(self, other: Ver) -> bool:
        global TICK
        TICK += 1
        return self.n < other.n

    __hash__ = None  # type: ignore[assignment]


class Job:
    def __init__(self) -> None:
        self.polls = 0

    @property
    def ready(self) -> bool:
        self.polls += 1
        return self.polls > 1


# =========================================================================== key functions


def key_partial_ticks_next_key(s: requests.Session, base: str) -> list[Any]:
    names = [fetch(s, base, "kp1", 150), fetch(s, base, "kp22", 30)]
    names = sorted(names, key=functools.partial(_tick_weighted, 3))
    return [names, fetch(s, base, f"kp{TICK}", 40)]


def key_nlargest_ticks_next_key(s: requests.Session, base: str) -> list[Any]:
    names = [fetch(s, base, "nl1", 150), fetch(s, base, "nl222", 30), fetch(s, base, "n3", 80)]
    top = heapq.nlargest(2, names, key=_tick_len)
    return [top, fetch(s, base, f"nl{TICK}", 40)]


def key_insort_lambda_ticks(s: requests.Session, base: str) -> list[Any]:
    ranked: list[str] = []
    out = []
    for k, ms in (("ia", 150), ("ibb", 30), ("icc", 80)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        bisect.insort(ranked, v, key=lambda x: _tick_len(x))
        out.append(v)
    return [ranked, out, TICK]


def key_bound_method_counts_calls(s: requests.Session, base: str) -> list[Any]:
    r = Ranker()
    names = [fetch(s, base, "bm1", 150), fetch(s, base, "bm22", 30)]
    best = max(names, key=r.score)
    return [best, fetch(s, base, f"bm{r.calls}", 40)]


def key_attrgetter_property_ticks(s: requests.Session, base: str) -> list[Any]:
    docs = [Doc(fetch(s, base, "ag1", 150)), Doc(fetch(s, base, "ag22", 30))]
    docs.sort(key=operator.attrgetter("score"))
    return [[d.name for d in docs], fetch(s, base, f"ag{TICK}", 40)]


def key_itemgetter_user_getitem(s: requests.Session, base: str) -> list[Any]:
    rows = [Row(fetch(s, base, "ig1", 150)), Row(fetch(s, base, "ig22", 30))]
    first = min(rows, key=operator.itemgetter(-1))
    return [first.name, fetch(s, base, f"ig{TICK}", 40)]


def key_nested_def_nonlocal_count(s: requests.Session, base: str) -> list[Any]:
    n = 0

    def by_len(x: str) -> int:
        nonlocal n
        n += 1
        return len(x)

    names = [fetch(s, base, "nd1", 150), fetch(s, base, "nd22", 30)]
    best = min(names, key=by_len)
    return [best, fetch(s, base, f"nd{n}", 40)]


def key_nested_def_puts_audit(s: requests.Session, base: str) -> list[Any]:
    def by_len(x: str) -> int:
        store(s, base, "kaudit", x)
        return len(x)

    names = [fetch(s, base, "pa1", 150), fetch(s, base, "pa22", 30)]
    best = max(names, key=by_len)
    return [best, fetch(s, base, "kaudit", 40)]


def key_lambda_prints_then_loud_fetch(s: requests.Session, base: str) -> list[Any]:
    names = [fetch(s, base, "lp1", 150), fetch(s, base, "lp22", 30)]
    names = sorted(names, key=lambda x: print("key", x) or len(x))
    v = fetch(s, base, "lp3", 40)
    print("fetched", v)
    return [names, v]


def key_raises_skips_later_put(s: requests.Session, base: str) -> list[Any]:
    names = [fetch(s, base, "kr1", 150), fetch(s, base, "", 30) or "x"]

    def strict(x: str) -> int:
        if x.endswith("kr1"):
            raise ValueError(x)
        return len(x)

    try:
        names = sorted(names, key=strict)
        store(s, base, "kr-done", "yes")
    except ValueError as e:
        return [str(e), fetch(s, base, "kr-done", 40)]
    return names


def key_everyday_sorted_by_len_overlap(base: str) -> list[str]:
    names = sorted(["delta", "al", "bravo"], key=len)
    out = []
    for n, ms in zip(names, (150, 30, 80), strict=True):
        out.append(grab(base, n, ms))
    return out


# =========================================================================== defaultdict


def dd_store_tally_then_append(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, Any] = defaultdict(list)
    groups["t"] = Tally()
    out = []
    for k, ms in (("da", 150), ("db", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups["t"].append(v)
        out.append(v)
    return [out, TICK]


def dd_setdefault_tally(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, Any] = defaultdict(list)
    out = []
    for k, ms in (("sa", 150), ("sb", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups.setdefault("t", Tally()).append(v)
        out.append(v)
    return [out, TICK]


def _plant_tally(g: Any) -> None:
    g["t"] = Tally()


def dd_helper_plants_tally(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, Any] = defaultdict(list)
    _plant_tally(groups)
    out = []
    for k, ms in (("ha", 150), ("hb", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups["t"].append(v)
        out.append(v)
    return [out, TICK]


def dd_alias_stores_tally(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, Any] = defaultdict(list)
    other = groups
    other["t"] = Tally()
    out = []
    for k, ms in (("aa", 150), ("ab", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups["t"].append(v)
        out.append(v)
    return [out, TICK]


def dd_factory_reassigned(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, Any] = defaultdict(list)
    groups.default_factory = Tally
    out = []
    for k, ms in (("fa", 150), ("fb", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups["t"].append(v)
        out.append(v)
    return [out, TICK]


def dd_global_read_by_helper(s: requests.Session, base: str) -> list[Any]:
    out = []
    for k, ms in (("ga", 150), ("gb", 30), ("gc", 80)):
        v = fetch(s, base, f"{k}{len(GROUPS['x'])}", ms)
        GROUPS["x"].append(v)
        out.append(v)
    return out


def dd_group_read_item_between(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    groups["x"].append("seed")
    out = []
    for k, ms in (("ra", 150), ("rb", 30)):
        v = fetch(s, base, f"{k}-{groups['x'][-1]}", ms)
        groups["x"].append(v)
        out.append(v)
    return out


def dd_everyday_group_by_prefix_overlap(base: str) -> dict[str, list[str]]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for k, ms in (("pa-1", 150), ("pb-2", 30), ("pa-3", 80)):
        v = grab(base, k, ms)
        groups[k[:2]].append(v)
    return dict(groups)


# =========================================================================== choices


def choice_bool_ticks_next_key(s: requests.Session, base: str) -> list[Any]:
    flag = Flag(True)
    a = fetch(s, base, "cb1", 150)
    b = fetch(s, base, "yes" if flag else "no", 30)
    return [a, b, fetch(s, base, f"cb{TICK}", 40)]


def choice_bool_prints_order(s: requests.Session, base: str) -> list[Any]:
    out = []
    for i, ms in enumerate((150, 30, 80)):
        flag = LoudFlag(i % 2 == 0)
        v = fetch(s, base, f"lb{i}" if flag else "odd", ms)
        print("got", v)
        out.append(v)
    return out


def choice_eq_ticks_next_key(s: requests.Session, base: str) -> list[Any]:
    want, have = Ver(2), Ver(2)
    a = fetch(s, base, "eq1", 150)
    b = fetch(s, base, "same" if want == have else "diff", 30)
    return [a, b, fetch(s, base, f"eq{TICK}", 40)]


def choice_property_polls(s: requests.Session, base: str) -> list[Any]:
    job = Job()
    a = fetch(s, base, "pp1", 150)
    b = fetch(s, base, "done" if job.ready else "wait", 30)
    c = fetch(s, base, "done" if job.ready else "wait", 40)
    return [a, b, c, job.polls]


def choice_walrus_counter(s: requests.Session, base: str) -> list[Any]:
    n = 0
    out = []
    for ms in (150, 30, 80):
        v = fetch(s, base, f"w{n}" if (n := n + 1) > 1 else "first", ms)
        out.append(v)
    return [out, n]


def choice_loop_rebound_prev(s: requests.Session, base: str) -> list[str]:
    prev = None
    out = []
    for k, ms in (("ra", 150), ("rb", 30), ("rc", 80)):
        v = fetch(s, base, k if prev is None else prev + "-" + k, ms)
        prev = v
        out.append(v)
    return out


def choice_skips_keyerror(s: requests.Session, base: str) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for k, ms in (("ka", 150), ("ka", 30), ("kb", 80)):
        v = fetch(s, base, cache[k] if k in cache else k, ms)  # noqa: SIM401
        cache[k] = v
        out.append(v)
    return out


def choice_raise_after_put(s: requests.Session, base: str) -> list[Any]:
    d: dict[str, str] = {}
    store(s, base, "cr", "x")
    try:
        fetch(s, base, d["k"] if d else d["miss"], 30)
    except KeyError as e:
        return ["missing", str(e), fetch(s, base, "cr", 40)]
    return []


def choice_everyday_model_or_default_overlap(base: str, model: str = "") -> list[str]:
    out = []
    for k, ms in (("ma", 150), ("mb", 30), ("mc", 80)):
        out.append(grab(base, f"{model or 'default'}-{k}", ms))
    return out


# =========================================================================== unshared


def _note_len(s: requests.Session, base: str, c: Any) -> int:
    return store(s, base, "nl", str(len(c)))


def unshared_deque_handed_to_helper(s: requests.Session, base: str) -> list[Any]:
    dq: deque[str] = deque()
    out = []
    for k, ms in (("ua", 150), ("ub", 30)):
        dq.appendleft(fetch(s, base, k, ms))
        out.append(_note_len(s, base, dq))
    return [out, fetch(s, base, "nl", 40), list(dq)]


class Box:
    def __init__(self) -> None:
        self.c: Counter[str] | None = None

    def size(self) -> int:
        return sum(self.c.values()) if self.c is not None else -1


def unshared_counter_on_object(s: requests.Session, base: str) -> list[Any]:
    box = Box()
    c: Counter[str] = Counter()
    box.c = c
    out = []
    for k, ms in (("oa", 150), ("ob", 30), ("oc", 80)):
        v = fetch(s, base, f"{k}{box.size()}", ms)
        c.update([v])
        out.append(v)
    return out


def unshared_returned_twice(s: requests.Session, base: str) -> dict[str, Any]:
    c: Counter[str] = Counter()
    for k, ms in (("ta", 150), ("tb", 30)):
        c.update([fetch(s, base, k, ms)])
    return {"a": c, "b": c}


def _twice_drive(f: Any, env: Env) -> Any:
    r = f(env.own(requests.Session()), env.web)
    return [r["a"] is r["b"], sorted(r["a"].items())]


def unshared_returned_then_mutated(s: requests.Session, base: str, keep: list[Any]) -> list:
    dq: deque[str] = deque(maxlen=3)
    keep.append(dq)
    for k, ms in (("ma", 150), ("mb", 30)):
        dq.append(fetch(s, base, k, ms))
    return [list(dq), dq]


def _mutated_drive(f: Any, env: Env) -> Any:
    keep: list[Any] = []
    r = f(env.own(requests.Session()), env.web, keep)
    r[1].append("later")
    return [r[0], list(keep[0]), r[1] is keep[0]]


def unshared_everyday_sorted_copy_overlap(base: str) -> list[Any]:
    c: Counter[str] = Counter()
    for k, ms in (("ea", 150), ("eb", 30), ("ec", 80)):
        c.update(grab(base, k, ms).split("-"))
    return sorted(c.items())


# =========================================================================== walking updates


def walk_counter_update_map_puts(s: requests.Session, base: str) -> list[Any]:
    c: Counter[str] = Counter()
    words = [fetch(s, base, "wa", 150), fetch(s, base, "wb", 30)]

    def mark(w: str) -> str:
        store(s, base, "walk", w)
        return w

    c.update(map(mark, words))
    return [sorted(c.items()), fetch(s, base, "walk", 40)]


def walk_deque_extend_gen_ticks(s: requests.Session, base: str) -> list[Any]:
    dq: deque[int] = deque()
    words = [fetch(s, base, "de1", 150), fetch(s, base, "de22", 30)]
    dq.extend(_tick_len(w) for w in words)
    return [list(dq), fetch(s, base, f"de{TICK}", 40)]


def walk_list_extend_map_prints(s: requests.Session, base: str) -> list[Any]:
    out: list[int] = []
    words = [fetch(s, base, "le1", 150), fetch(s, base, "le22", 30)]
    out.extend(map(lambda w: print("len of", w) or len(w), words))
    v = fetch(s, base, "le3", 40)
    print("after", v)
    return [out, v]


def walk_set_update_gen_puts(s: requests.Session, base: str) -> list[Any]:
    seen: set[str] = set()
    words = [fetch(s, base, "su1", 150), fetch(s, base, "su2", 30)]
    seen.update(w for w in words if store(s, base, "seen", w))
    return [sorted(seen), fetch(s, base, "seen", 40)]


def walk_list_extend_gen_raises(s: requests.Session, base: str) -> list[Any]:
    out: list[int] = []

    def parse(w: str) -> int:
        return int(w)

    words = ["7", fetch(s, base, "nx", 30)]
    try:
        out.extend(parse(w) for w in words)
        store(s, base, "ext-done", "y")
    except ValueError:
        pass
    return [out, fetch(s, base, "ext-done", 40)]


def walk_everyday_extend_overlap(base: str) -> list[str]:
    out: list[str] = []
    for k, ms in (("xa", 150), ("xb", 30), ("xc", 80)):
        out.extend(grab(base, k, ms).split("-"))
    return out


# =========================================================================== round 2


class Word(str):
    """A str whose __len__ (asked by bool() and len()) counts into TICK."""

    def __len__(self) -> int:
        global TICK
        TICK += 1
        return str.__len__(self)


class Key:
    """A dict key whose __hash__ counts into TICK."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __hash__(self) -> int:
        global TICK
        TICK += 1
        return hash(self.k)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and self.k == other.k


def _cmp_ticks(a: str, b: str) -> int:
    global TICK
    TICK += 1
    return (len(a) > len(b)) - (len(a) < len(b))


def _keep_ticks(w: str) -> bool:
    global TICK
    TICK += 1
    return bool(w)


KEYS: dict[str, Any] = {"len": _tick_len}


def key_cmp_to_key_ticks(s: requests.Session, base: str) -> list[Any]:
    names = [fetch(s, base, "ck1", 150), fetch(s, base, "ck22", 30)]
    names.sort(key=functools.cmp_to_key(_cmp_ticks))
    return [names, fetch(s, base, f"ck{TICK}", 40)]


def key_lambda_property_only(s: requests.Session, base: str) -> list[Any]:
    docs = [Doc(fetch(s, base, "lq1", 150)), Doc(fetch(s, base, "lq22", 30))]
    best = max(docs, key=lambda d: d.score)
    return [best.name, fetch(s, base, f"lq{TICK}", 40)]


def key_lambda_subscript_only(s: requests.Session, base: str) -> list[Any]:
    rows = [Row(fetch(s, base, "ls1", 150)), Row(fetch(s, base, "ls22", 30))]
    rows.sort(key=lambda r: r[0])
    return [[r.name for r in rows], fetch(s, base, f"ls{TICK}", 40)]


def key_lambda_len_of_word(s: requests.Session, base: str) -> list[Any]:
    words = [Word(fetch(s, base, "lw1", 150)), Word(fetch(s, base, "lw22", 30))]
    best = min(words, key=lambda w: len(w))
    return [str(best), fetch(s, base, f"lw{TICK}", 40)]


def key_len_builtin_on_word(s: requests.Session, base: str) -> list[Any]:
    words = [Word(fetch(s, base, "lb1", 150)), Word(fetch(s, base, "lb22", 30))]
    words = sorted(words, key=len)
    return [[str(w) for w in words], fetch(s, base, f"lb{TICK}", 40)]


def dd_constructed_with_tally(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, Any] = defaultdict(list, {"t": Tally()})
    out = []
    for k, ms in (("ct", 150), ("cu", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups["t"].append(v)
        out.append(v)
    return [out, TICK]


def dd_user_key_hash_ticks(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[Key, list[str]] = defaultdict(list)
    key = Key("g")
    out = []
    for k, ms in (("uh", 150), ("ui", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups[key].append(v)
        out.append(v)
    return [out, TICK]


def dd_factory_param_shadows(s: requests.Session, base: str, list: Any = Tally) -> list:
    groups: defaultdict[str, Any] = defaultdict(list)
    out = []
    for k, ms in (("ps", 150), ("pt", 30)):
        v = fetch(s, base, f"{k}{TICK}", ms)
        groups["t"].append(v)
        out.append(v)
    return [out, TICK]


def dd_plus_equal_group(s: requests.Session, base: str) -> list[Any]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    out = []
    for k, ms in (("pe", 150), ("pf", 30), ("pg", 80)):
        v = fetch(s, base, f"{k}{len(groups['x'])}", ms)
        groups["x"] += [v]
        out.append(v)
    return out


def choice_word_len_or_default(s: requests.Session, base: str) -> list[Any]:
    name = Word("nm")
    a = fetch(s, base, "wl1", 150)
    b = fetch(s, base, name or "anon", 30)
    return [a, b, fetch(s, base, f"wl{TICK}", 40)]


def choice_alias_write_before(s: requests.Session, base: str) -> list[Any]:
    cache: dict[str, str] = {}
    alias = cache
    alias["k"] = fetch(s, base, "aw1", 150)
    b = fetch(s, base, cache["k"] if "k" in cache else "none", 30)  # noqa: SIM401
    return [b, cache]


def unshared_bound_method_held(s: requests.Session, base: str) -> list[Any]:
    dq: deque[str] = deque()
    HOLD.append(dq.append)
    out = []
    for k, ms in (("bh", 150), ("bi", 30), ("bj", 80)):
        v = fetch(s, base, f"{k}{len(dq)}", ms)
        HOLD[0](v)
        out.append(v)
    return out


def unshared_in_dict_of_helper(s: requests.Session, base: str) -> list[Any]:
    h: list[str] = []
    reg = {"h": h}

    def push(v: str) -> None:
        heapq.heappush(reg["h"], v)

    out = []
    for k, ms in (("rd", 150), ("re", 30), ("rf", 80)):
        v = fetch(s, base, f"{k}{len(h)}", ms)
        push(v)
        out.append(v)
    return out


def walk_list_iadd_map_ticks(s: requests.Session, base: str) -> list[Any]:
    out: list[int] = []
    words = [fetch(s, base, "ia1", 150), fetch(s, base, "ia22", 30)]
    out += map(_tick_len, words)
    return [out, fetch(s, base, f"ia{TICK}", 40)]


def walk_extend_filter_ticks(s: requests.Session, base: str) -> list[Any]:
    out: list[str] = []
    words = [fetch(s, base, "ef1", 150), fetch(s, base, "ef22", 30)]
    out.extend(filter(_keep_ticks, words))
    return [out, fetch(s, base, f"ef{TICK}", 40)]


def walk_slice_assign_map_ticks(s: requests.Session, base: str) -> list[Any]:
    out: list[int] = [0]
    words = [fetch(s, base, "sa1", 150), fetch(s, base, "sa22", 30)]
    out[1:] = map(_tick_len, words)
    return [out, fetch(s, base, f"sa{TICK}", 40)]


def walk_extendleft_gen_puts(s: requests.Session, base: str) -> list[Any]:
    dq: deque[int] = deque()
    words = [fetch(s, base, "el1", 150), fetch(s, base, "el2", 30)]
    dq.extendleft(store(s, base, "el", w) for w in words)
    return [list(dq), fetch(s, base, "el", 40)]


def walk_join_map_ticks(s: requests.Session, base: str) -> list[Any]:
    words = [fetch(s, base, "jm1", 150), fetch(s, base, "jm22", 30)]
    joined = "-".join(map(lambda w: w * (_tick_len(w) > 0), words))
    return [joined, fetch(s, base, f"jm{TICK}", 40)]


# =========================================================================== round 3


def walk_deque_iadd_map_ticks(s: requests.Session, base: str) -> list[Any]:
    dq: deque[int] = deque()
    words = [fetch(s, base, "dq1", 150), fetch(s, base, "dq22", 30)]
    dq += map(_tick_len, words)
    return [list(dq), fetch(s, base, f"dq{TICK}", 40)]


def key_lambda_attribute_puts(s: requests.Session, base: str) -> list[Any]:
    class Audited:
        def __init__(self, name: str) -> None:
            self.name = name

        @property
        def rank(self) -> int:
            store(s, base, "rank", self.name)
            return len(self.name)

    items = [Audited(fetch(s, base, "ap1", 150)), Audited(fetch(s, base, "ap22", 30))]
    best = max(items, key=lambda a: a.rank)
    return [best.name, fetch(s, base, "rank", 40)]


def key_sorted_lambda_attr_only(s: requests.Session, base: str) -> list[Any]:
    docs = [Doc(fetch(s, base, "sl1", 150)), Doc(fetch(s, base, "sl22", 30))]
    docs = sorted(docs, key=lambda d: d.score)
    return [[d.name for d in docs], fetch(s, base, f"sl{TICK}", 40)]


# =========================================================================== table


def _sess(env: Env) -> tuple:
    return (env.own(requests.Session()), env.web)


def _base(env: Env) -> tuple:
    return (env.web,)


def _w(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=_sess, servers="web", ideal=ideal, setup=_reset, **kw)


def _e(fn: Any, ideal: float, overlap: int) -> Case:
    return Case("fanout", fn, args=_base, servers="web", ideal=ideal, setup=_reset,
                overlap=overlap)


def _d(fn: Any, drive: Any) -> Case:
    return Case("state", fn, drive=drive, servers="web", setup=_reset)


O3 = over(0.15, 0.03, 0.08)

CASES: list[Case] = [
    _w(key_partial_ticks_next_key),
    _w(key_nlargest_ticks_next_key),
    _w(key_insort_lambda_ticks),
    _w(key_bound_method_counts_calls),
    _w(key_attrgetter_property_ticks),
    _w(key_itemgetter_user_getitem),
    _w(key_nested_def_nonlocal_count),
    _w(key_nested_def_puts_audit),
    _w(key_lambda_prints_then_loud_fetch),
    _w(key_raises_skips_later_put),
    _e(key_everyday_sorted_by_len_overlap, O3, 3),
    _w(dd_store_tally_then_append),
    _w(dd_setdefault_tally),
    _w(dd_helper_plants_tally),
    _w(dd_alias_stores_tally),
    _w(dd_factory_reassigned),
    _w(dd_global_read_by_helper),
    _w(dd_group_read_item_between),
    _e(dd_everyday_group_by_prefix_overlap, O3, 3),
    _w(choice_bool_ticks_next_key),
    _w(choice_bool_prints_order),
    _w(choice_eq_ticks_next_key),
    _w(choice_property_polls),
    _w(choice_walrus_counter),
    _w(choice_loop_rebound_prev),
    _w(choice_skips_keyerror),
    _w(choice_raise_after_put),
    _e(choice_everyday_model_or_default_overlap, O3, 3),
    _w(unshared_deque_handed_to_helper),
    _w(unshared_counter_on_object),
    _d(unshared_returned_twice, _twice_drive),
    _d(unshared_returned_then_mutated, _mutated_drive),
    _e(unshared_everyday_sorted_copy_overlap, O3, 3),
    _w(walk_counter_update_map_puts),
    _w(walk_deque_extend_gen_ticks),
    _w(walk_list_extend_map_prints),
    _w(walk_set_update_gen_puts),
    _w(walk_list_extend_gen_raises),
    _e(walk_everyday_extend_overlap, O3, 3),
    _w(key_cmp_to_key_ticks),
    _w(key_lambda_property_only),
    _w(key_lambda_subscript_only),
    _w(key_lambda_len_of_word),
    _w(key_len_builtin_on_word),
    _w(dd_constructed_with_tally),
    _w(dd_user_key_hash_ticks),
    _w(dd_factory_param_shadows),
    _w(dd_plus_equal_group),
    _w(choice_word_len_or_default),
    _w(choice_alias_write_before),
    _w(unshared_bound_method_held),
    _w(unshared_in_dict_of_helper),
    _w(walk_list_iadd_map_ticks),
    _w(walk_extend_filter_ticks),
    _w(walk_slice_assign_map_ticks),
    _w(walk_extendleft_gen_puts),
    _w(walk_join_map_ticks),
    _w(walk_deque_iadd_map_ticks),
    _w(key_lambda_attribute_puts),
    _w(key_sorted_lambda_attr_only),
]

# Overlap claims not reached under jit when written (no difference in behaviour).
SHORT_WHY: dict[str, str] = {
    "dd_everyday_group_by_prefix_overlap": "1/3: `groups[k[:2]].append(grab(base, k, ms))` on a "
    "local defaultdict(list) stays in place (the loops of the other everyday claims overlap 3/3)",
}

# Differed under jit when written, fixed since: a key function's items of your class
# run their implicit methods at the sort; the function of map/filter counts where
# they are walked; `+=` on a list and a slice assignment walk what they are given.
FIXED_WHY: dict[str, str] = {
    "key_lambda_property_only": "`best = max(docs, key=lambda d: d.score)` with `score` a "
    "property bumping TICK: the next fetch(f'lq{TICK}') is sent before max runs (so TICK is "
    "0, not 2); the lambda calls nothing of the user's by name, so its attribute read is taken "
    "as pure; `max(.., key=lambda d: (d.score, d.name))` differs the same way, while "
    "`sorted(docs, key=lambda d: d.score)` stays in place",
    "key_lambda_len_of_word": "`min(words, key=lambda w: len(w))` on a str subclass whose "
    "__len__ bumps TICK: the next fetch(f'lw{TICK}') moves before min; `sorted(words, key=len)` "
    "(the builtin itself as key) stays in place",
    "walk_list_iadd_map_ticks": "`out += map(_tick_len, words)` on a local list: the augmented "
    "extend walks the map (the user function bumps TICK) but the next fetch(f'ia{TICK}') is "
    "sent first; `out.extend(map(..))` and `dq += map(..)` on a deque stay in place",
    "walk_extend_filter_ticks": "`out.extend(filter(_keep_ticks, words))`: filter's predicate "
    "is not seen as run by extend (map and generators are); fetch(f'ef{TICK}') moves first",
    "walk_slice_assign_map_ticks": "`out[1:] = map(_tick_len, words)`: a slice store walks the "
    "map; the next fetch(f'sa{TICK}') is sent before it",
}

FAILING_WHY: dict[str, str] = {}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
