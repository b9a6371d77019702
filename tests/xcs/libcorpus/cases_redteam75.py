"""Red-team cases (stop 75): iteration tools over I/O.

`itertools` (`chain`, `islice` of a generator that GETs, `tee` consumed twice, `groupby`
with a key that reads, `zip_longest`, `accumulate` with a function of the user's that
writes, `starmap`, `takewhile`/`dropwhile`/`filterfalse` whose predicate reads, `pairwise`,
`product`, `compress`, `cycle`, `count`), `functools.reduce`/`partial`/`singledispatch`/
`cmp_to_key`/`lru_cache` with handlers that do I/O, `map`/`filter` with functions of the
user's made before a write and walked after it, `heapq` (`nlargest`/`nsmallest` with a key
that reads, `merge` of generators, `heappush` of objects whose `__lt__` reads), `bisect`
with a key, `collections` (`deque(maxlen)`, `Counter.most_common`, `OrderedDict.move_to_end`
as an LRU whose eviction PUTs, `ChainMap`, `defaultdict` with a factory that reads, a dict's
`__missing__`), and `sortedcontainers.SortedList` with a key. Lazy iterators consumed partly
or twice, predicates that stop early. Sibling calls get unequal latencies, slow first
(``?ms=`` on the web server, ``latency`` for the simulator), so a wrong reordering shows.
Last, hidden writes: code of the user's run by a builtin or a library (``map(str, xs)``,
``key=len``, ``filter(None, xs)``, ``x in SortedList``, a ChainMap's or a bound
``__getitem__``'s ``__missing__``, a lambda's subscript) that PUTs what a later GET reads,
beside a slow independent GET that gives the later one a reason to move.
(`itertools.batched` is Python 3.12's: the venv runs 3.11.)
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import functools
import heapq
import itertools
import operator
from typing import Any

import httpx
import requests
import sortedcontainers

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam75")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int = 40) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def _keys(web: str) -> list[str]:
    return requests.get(f"{web}/items", timeout=5).json()["keys"]


def _rows(web: str, keys: list[str], ms: tuple[int, ...] = (120, 30, 70, 40)):
    """A generator that GETs one row per step."""
    for key, wait in zip(keys, itertools.cycle(ms)):
        yield key, _get(web, key, wait)


# =========================================================================== itertools


def islice_resumed_after_put(web: str) -> list[str]:
    """Two rows taken, one of the rest rewritten, then the generator resumed."""
    rows = _rows(web, ["r0", "r1", "r2", "r3"])
    head = [v for _, v in itertools.islice(rows, 2)]
    _put(web, "r2", "patched")
    tail = [v for _, v in rows]
    return head + tail


def islice_of_map_stops_after_two(web: str) -> list[str]:
    fetch = functools.partial(_get, web)
    first = list(itertools.islice(map(fetch, ["a", "b", "c", "d"], [150, 30, 60, 20]), 2))
    print("took", first)
    _put(web, "c", "after-first")
    return first + [_get(web, "c", 30)]


def islice_window_prints_each(web: str) -> list[str]:
    out = []
    for key, value in itertools.islice(_rows(web, ["w0", "w1", "w2", "w3", "w4"]), 1, 4):
        print("row", key, value)
        out.append(value)
    return out


def chain_of_lazy_maps_put_between(web: str) -> list[str]:
    fetch = functools.partial(_get, web)
    left = map(fetch, ["ca", "cb"], [140, 30])
    right = map(fetch, ["cc", "cd"], [90, 20])
    both = itertools.chain(left, right)
    _put(web, "cc", "rewritten")
    return list(both)


def chain_from_iterable_pages(web: str) -> list[str]:
    def pages():
        for page, ms in ((0, 130), (1, 30), (2, 70)):
            LOG.info("page %d", page)
            yield _get(web, f"page-{page}", ms).split("-")

    return list(itertools.chain.from_iterable(pages()))


def chain_break_at_marker_then_put(web: str) -> list[str]:
    seen = []
    for v in itertools.chain(_rows(web, ["m0", "m1"]), _rows(web, ["stop", "m3"], (80, 20))):
        if v[1] == "v-stop":
            break
        seen.append(v[1])
    _put(web, "seen", ",".join(seen))
    return seen


def tee_walked_twice_put_between(web: str) -> dict[str, list[str]]:
    first, second = itertools.tee(_rows(web, ["t0", "t1", "t2"]))
    a = [v for _, v in first]
    _put(web, "t1", "late")
    b = [v for _, v in second]  # buffered: the PUT is not seen
    return {"a": a, "b": b, "now": [_get(web, "t1", 30)]}


def tee_second_partly_first_resumes(web: str) -> list[str]:
    a, b = itertools.tee(_rows(web, ["u0", "u1", "u2", "u3"]))
    peek = next(b)[1]
    print("peeked", peek)
    _put(web, "u2", "edited")
    return [peek] + [v for _, v in a]


def tee_pairwise_by_hand(web: str) -> list[str]:
    a, b = itertools.tee(_rows(web, ["p0", "p1", "p2"]))
    next(b, None)
    out = []
    for (ka, _), (kb, vb) in zip(a, b, strict=False):
        out.append(f"{ka}->{kb}:{vb}")
        print(out[-1])
    return out


def _owner_of(web: str, ticket: str) -> str:
    return _get(web, f"owner-{ticket[0]}", 120 if ticket[0] == "a" else 30)


def groupby_key_reads_positional(web: str) -> dict[str, list[str]]:
    """groupby(items, key): the key function given by position GETs per item."""
    tickets = ["a1", "a2", "b1", "c1", "c2"]
    out = {}
    print("grouping")
    for owner, group in itertools.groupby(tickets, functools.partial(_owner_of, web)):
        out[owner] = list(group)
        LOG.info("group %s: %d", owner, len(out[owner]))
    return out


def groupby_key_prints_after_get(web: str) -> list[tuple[str, int]]:
    def bucket(word: str) -> str:
        print("bucket of", word)
        return word[0]

    words = _get(web, "words", 90).split("-")
    print("words read")
    return [(k, len(list(g))) for k, g in itertools.groupby(sorted(words * 2), bucket)]


def groupby_groups_then_put_each(web: str) -> list[int]:
    rows = [("x", 150), ("x", 20), ("y", 60), ("z", 30)]
    versions = []
    for name, grp in itertools.groupby(rows, key=operator.itemgetter(0)):
        values = [_get(web, f"{name}-{ms}", ms) for _, ms in grp]
        versions.append(_put(web, f"group-{name}", "|".join(values)))
    return versions


def zip_longest_two_feeds(web: str) -> list[Any]:
    left = _rows(web, ["zl0", "zl1", "zl2"], (130, 30))
    right = _rows(web, ["zr0"], (60,))
    out = []
    for a, b in itertools.zip_longest(left, right, fillvalue=("-", "none")):
        out.append(a[1] + "/" + b[1])
        print(out[-1])
    return out


def accumulate_func_puts_positional(web: str) -> list[str]:
    """accumulate(xs, merge): merge PUTs each running value."""
    def merge(acc: str, item: str) -> str:
        total = acc + "+" + item
        _put(web, "running", total)
        return total

    parts = [_get(web, "acc-a", 140), _get(web, "acc-b", 30)]
    print("parts", parts)
    sums = list(itertools.accumulate(parts + ["c"], merge))
    return sums + [_get(web, "running", 30)]


def accumulate_func_gets_with_log(web: str) -> list[int]:
    def step(total: int, key: str) -> int:
        LOG.info("step %s", key)
        return total + len(_get(web, key, 100 if key == "k1" else 30))

    LOG.info("start")
    return list(itertools.accumulate(["k1", "k22", "k333"], step, initial=0))


def accumulate_max_then_put(web: str) -> list[int]:
    lengths = [len(_get(web, k, ms)) for k, ms in (("aa", 120), ("b", 30), ("cccc", 60))]
    peaks = list(itertools.accumulate(lengths, max))
    _put(web, "peaks", ",".join(map(str, peaks)))
    return peaks


def starmap_puts_in_order(web: str) -> list[int]:
    pairs = [("s-b", "2"), ("s-a", "1"), ("s-b", "3")]
    versions = list(itertools.starmap(functools.partial(_put, web), pairs))
    return versions + [len(_keys(web))]


def starmap_gets_then_print_each(web: str) -> list[str]:
    out = []
    for v in itertools.starmap(functools.partial(_get, web), [("sa", 140), ("sb", 20),
                                                              ("sc", 70)]):
        print("got", v)
        out.append(v)
    return out


def takewhile_predicate_reads_stops(web: str) -> list[str]:
    _put(web, "flag-c", "off")

    def enabled(key: str) -> bool:
        return _get(web, f"flag-{key}", 90 if key == "a" else 30) != "off"

    kept = list(itertools.takewhile(enabled, ["a", "b", "c", "d"]))
    print("kept", kept)
    return kept


def dropwhile_predicate_prints(web: str) -> list[str]:
    values = [_get(web, k, ms) for k, ms in (("d0", 120), ("skip", 20), ("d2", 50))]

    def skippable(v: str) -> bool:
        print("check", v)
        return v.endswith("0")

    return list(itertools.dropwhile(skippable, values))


def filterfalse_reads_then_put(web: str) -> list[str]:
    def blocked(name: str) -> bool:
        return _get(web, f"block-{name}", 110 if name == "ann" else 30) == "yes"

    _put(web, "block-bob", "yes")
    allowed = list(itertools.filterfalse(blocked, ["ann", "bob", "cyd"]))
    _put(web, "allowed", ",".join(allowed))
    return allowed


def pairwise_of_reads_put_per_pair(web: str) -> list[int]:
    vals = [_get(web, k, ms) for k, ms in (("pw0", 130), ("pw1", 30), ("pw2", 70))]
    return [_put(web, f"edge-{a}", b) for a, b in itertools.pairwise(vals)]


def pairwise_over_generator_with_log(web: str) -> list[str]:
    out = []
    for (ka, _), (kb, _) in itertools.pairwise(_rows(web, ["q0", "q1", "q2", "q3"])):
        LOG.info("pair %s %s", ka, kb)
        out.append(ka + kb)
    return out


def product_of_two_reads(web: str) -> list[str]:
    sizes = _get(web, "sizes", 130).split("-")
    colors = _get(web, "colors", 30).split("-")
    combos = ["/".join(p) for p in itertools.product(sizes, colors)]
    _put(web, "combos", ";".join(combos))
    return combos


def compress_selectors_from_generator(web: str) -> list[str]:
    def selected():
        for k, ms in (("sel-a", 120), ("missing-b", 20), ("sel-c", 50)):
            r = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
            yield r.status_code == 200

    names = ["a", "b", "c"]
    print("selecting")
    return list(itertools.compress(names, selected()))


def cycle_round_robin_writes(web: str) -> list[int]:
    shards = itertools.cycle(["s1", "s2"])
    out = []
    for item in ("i1", "i2", "i3"):
        out.append(_put(web, f"{next(shards)}-{item}", item))
    return out + [len(_keys(web))]


def count_polling_takewhile(web: str) -> list[int]:
    def pending(n: int) -> bool:
        r = requests.get(f"{web}/jobs/job-1?ms=40", timeout=5).json()
        LOG.info("poll %d: %s", n, r["status"])
        return r["status"] != "done"

    requests.post(f"{web}/jobs", timeout=5)
    return list(itertools.takewhile(pending, itertools.count()))


# =========================================================================== functools


def reduce_merge_puts_each_step(web: str) -> str:
    def merge(acc: str, key: str) -> str:
        value = acc + _get(web, key, 100 if key == "ra" else 30)
        _put(web, "merged", value)
        return value

    print("merging")
    out = functools.reduce(merge, ["ra", "rb", "rc"], "")
    return out + "|" + _get(web, "merged", 30)


def reduce_after_reads_with_print(web: str) -> int:
    parts = [_get(web, k, ms) for k, ms in (("n1", 140), ("n22", 30))]

    def add(total: int, text: str) -> int:
        print("adding", text)
        return total + len(text)

    print("parts ready")
    return functools.reduce(add, parts, 0)


def partial_bound_map_then_put_then_walk(web: str) -> list[str]:
    fetch = functools.partial(_get, web, ms=60)
    lazy = map(fetch, ["pa", "pb"])
    _put(web, "pb", "fresh")
    return list(lazy)


def partial_keyword_overridden(web: str) -> list[str]:
    slow = functools.partial(_get, web, ms=150)
    a = slow("po-a")
    b = slow("po-b", ms=20)
    print("both", a, b)
    _put(web, "po-a", b)
    return [a, b, slow("po-a", ms=30)]


@functools.singledispatch
def _store(value: Any, web: str) -> str:
    return "unknown:" + type(value).__name__


@_store.register
def _(value: str, web: str) -> str:
    return str(_put(web, f"str-{value}", value))


@_store.register
def _(value: int, web: str) -> str:
    return _get(web, f"int-{value}", 120 if value == 1 else 30)


@_store.register
def _(value: list, web: str) -> str:
    return ",".join(_store(v, web) for v in value)


def singledispatch_mixed_handlers(web: str) -> list[str]:
    out = []
    for v in (1, "a", 2, ["b", 3], 4.5):
        out.append(_store(v, web))
        print("stored", v)
    return out


def singledispatch_register_mid_function(web: str) -> list[str]:
    @functools.singledispatch
    def show(v: Any) -> str:
        return "plain:" + str(v)

    first = show(_get(web, "sd", 90))

    @show.register
    def _(v: str) -> str:
        return "text:" + _get(web, "sd-" + v, 30)

    return [first, show(_get(web, "sd2", 30))]


def cmp_to_key_comparator_reads(web: str) -> list[str]:
    ranks: dict[str, int] = {}

    def rank(k: str) -> int:
        if k not in ranks:
            ranks[k] = len(_get(web, f"rank{k * (3 if k == 'b' else 1)}", 60))
        return ranks[k]

    def cmp(a: str, b: str) -> int:
        return rank(a) - rank(b)

    print("sorting")
    return sorted(["a", "b", "c"], key=functools.cmp_to_key(cmp))


def lru_cache_fetch_then_put_then_fetch(web: str) -> list[str]:
    @functools.lru_cache(maxsize=2)
    def fetch(key: str) -> str:
        return _get(web, key, 100 if key == "lc-a" else 30)

    a = fetch("lc-a")
    _put(web, "lc-a", "changed")
    again = fetch("lc-a")  # cached: the old value
    fetch("lc-b")
    fetch("lc-c")  # evicts lc-a
    return [a, again, fetch("lc-a")]


# =========================================================================== map / filter


def filter_predicate_reads_made_before_put(web: str) -> list[str]:
    def live(k: str) -> bool:
        return _get(web, f"live-{k}", 100 if k == "a" else 30) != "dead"

    kept = filter(live, ["a", "b", "c"])
    _put(web, "live-b", "dead")
    return list(kept)


def map_two_iterables_unequal_then_log(web: str) -> list[str]:
    got = list(map(functools.partial(_get, web), ["m2a", "m2b", "m2c"], [130, 20]))
    LOG.info("got %d", len(got))
    return got


def map_next_twice_put_rest(web: str) -> list[str]:
    it = map(functools.partial(_get, web), ["mn0", "mn1", "mn2", "mn3"], [120, 30, 60, 20])
    out = [next(it), next(it)]
    _put(web, "mn3", "tail")
    out += it
    return out


def map_lambda_puts_then_keys(web: str) -> list[Any]:
    versions = list(map(lambda kv: _put(web, *kv), [("ml-b", "1"), ("ml-a", "2")]))
    return versions + _keys(web)


# =========================================================================== heapq


def nlargest_key_reads_then_print(web: str) -> list[str]:
    def score(doc: str) -> int:
        return len(_get(web, f"doc{doc}", 120 if doc == "1" else 30))

    print("ranking")
    top = heapq.nlargest(2, ["1", "22", "333"], key=score)
    print("top", top)
    return top


def nsmallest_key_prints_then_put(web: str) -> list[int]:
    costs = {k: len(_get(web, k, ms)) for k, ms in (("cost-x", 130), ("c-y", 20), ("cz", 60))}

    def cost(k: str) -> int:
        print("cost of", k)
        return costs[k]

    cheap = heapq.nsmallest(2, costs, key=cost)
    return [_put(web, "cheap", k) for k in cheap]


def heapq_merge_of_generators(web: str) -> list[str]:
    def stream(prefix: str, ms: int):
        for i in (1, 3, 5) if prefix == "odd" else (2, 4):
            LOG.info("%s %d", prefix, i)
            yield f"{i}:" + _get(web, f"{prefix}{i}", ms)

    return list(heapq.merge(stream("odd", 90), stream("even", 30)))


def heapq_merge_key_first_only(web: str) -> str:
    a = _rows(web, ["hm-b", "hm-d"], (120, 30))
    b = _rows(web, ["hm-a", "hm-c"], (60, 20))
    first = next(heapq.merge(a, b, key=operator.itemgetter(0)))
    _put(web, "hm-c", "edited")
    return first[1] + "|" + ",".join(v for _, v in b)


class _Task:
    def __init__(self, web: str, name: str) -> None:
        self.web = web
        self.name = name

    def __lt__(self, other: _Task) -> bool:
        print("compare", self.name, other.name)
        return self.name < other.name


def heappush_objects_whose_lt_prints(web: str) -> list[str]:
    heap: list[_Task] = []
    for name, ms in (("t3", 120), ("t1", 30), ("t2", 60)):
        label = _get(web, name, ms)
        heapq.heappush(heap, _Task(web, label))
    return [heapq.heappop(heap).name for _ in range(3)]


def heap_priority_queue_writes(web: str) -> list[int]:
    heap = [(int(_get(web, f"prio{i}", ms)[-1]), f"job{i}") for i, ms in ((3, 140), (1, 20),
                                                                        (2, 60))]
    heapq.heapify(heap)
    out = []
    while heap:
        _, job = heapq.heappop(heap)
        out.append(_put(web, "ran", job))
    return out


# =========================================================================== bisect


def bisect_key_reads(web: str) -> int:
    ordered = ["b1", "b22", "b333"]

    def width(k: str) -> int:
        return len(_get(web, k, 90 if k == "b22" else 30))

    print("searching")
    at = bisect.bisect_left(ordered, 6, key=width)
    print("at", at)
    return at


def insort_key_logs_then_put(web: str) -> list[str]:
    queue: list[str] = []
    for k, ms in (("ik-ccc", 120), ("ik-a", 20), ("ik-bb", 60)):
        v = _get(web, k, ms)

        def size(s: str) -> int:
            LOG.info("size %s", s)
            return len(s)

        bisect.insort(queue, v, key=size)
    _put(web, "queue", ",".join(queue))
    return queue


def bisect_thresholds_from_reads(web: str) -> list[str]:
    cuts = sorted(int(_get(web, k, ms).split("-")[1]) for k, ms in (("30", 120), ("10", 30)))
    grades = "CBA"
    out = []
    for score in (5, 15, 35):
        out.append(grades[bisect.bisect(cuts, score)])
        _put(web, f"grade-{score}", out[-1])
    return out


# =========================================================================== collections


def deque_maxlen_walks_whole_generator(web: str) -> list[str]:
    last = collections.deque(_rows(web, ["dq0", "dq1", "dq2", "dq3"]), maxlen=2)
    _put(web, "last", ",".join(v for _, v in last))
    return [v for _, v in last]


def deque_rotate_round_robin(web: str) -> list[str]:
    workers = collections.deque(["w-a", "w-b", "w-c"])
    out = []
    for job, ms in (("j1", 120), ("j2", 30), ("j3", 60), ("j4", 20)):
        out.append(_get(web, f"{workers[0]}-{job}", ms))
        workers.rotate(-1)
    print("order", list(workers))
    return out


def deque_popleft_queue_grows(web: str) -> list[str]:
    todo = collections.deque(["root"])
    seen = []
    while todo and len(seen) < 4:
        node = todo.popleft()
        v = _get(web, node, 100 if node == "root" else 30)
        seen.append(v)
        todo.extend([node + "l", node + "r"])
    return seen


def counter_most_common_then_put(web: str) -> list[Any]:
    words = collections.Counter()
    for k, ms in (("cw-a-b", 130), ("cw-b", 20), ("cw-b-c", 60)):
        words.update(_get(web, k, ms).split("-"))
    top = words.most_common(2)
    _put(web, "top", ",".join(w for w, _ in top))
    return top


def counter_from_generator_then_log(web: str) -> dict[str, int]:
    counts = collections.Counter(v.split("-")[1][0] for _, v in _rows(web, ["ab", "ac",
                                                                            "bd"]))
    LOG.info("counted %s", sorted(counts.items()))
    return dict(counts)


class _LRU:
    """An OrderedDict LRU whose eviction writes the evicted entry back."""

    def __init__(self, web: str, size: int) -> None:
        self.web = web
        self.size = size
        self.data: collections.OrderedDict[str, str] = collections.OrderedDict()

    def get(self, key: str, ms: int) -> str:
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        value = _get(self.web, key, ms)
        self.data[key] = value
        if len(self.data) > self.size:
            old, v = self.data.popitem(last=False)
            _put(self.web, f"evicted-{old}", v)
        return value


def ordereddict_lru_evicts_with_put(web: str) -> list[str]:
    cache = _LRU(web, 2)
    out = [cache.get("la", 120), cache.get("lb", 30), cache.get("la", 30),
           cache.get("lc", 60), cache.get("lb", 20)]
    return out + _keys(web)


def chainmap_layers_read_lazily(web: str) -> list[str]:
    defaults = {"model": "gpt", "tone": "plain"}
    user = {"tone": _get(web, "tone", 120)}
    cfg = collections.ChainMap(user, defaults)
    print("tone", cfg["tone"])
    cfg = cfg.new_child({"model": _get(web, "model", 30)})
    _put(web, "cfg", f"{cfg['model']}/{cfg['tone']}")
    return [cfg["model"], cfg["tone"], cfg.parents["model"]]


def defaultdict_factory_reads(web: str) -> list[str]:
    counter = itertools.count()
    seen = collections.defaultdict(lambda: _get(web, f"dd-{next(counter)}", 90))
    a = seen["x"]
    print("first", a)
    _put(web, "dd-1", "set-before-second")
    b = seen["y"]
    return [a, b, seen["x"]]


def defaultdict_factory_puts_bucket(web: str) -> list[str]:
    made: list[str] = []

    def new_bucket() -> list[str]:
        made.append(str(_put(web, "bucket", str(len(made)))))
        return []

    groups: collections.defaultdict[str, list[str]] = collections.defaultdict(new_bucket)
    for k, ms in (("g-a1", 120), ("g-b1", 20), ("g-a2", 60)):
        groups[k[2]].append(_get(web, k, ms))
    return made + sorted(groups)


class _Remote(dict):
    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def __missing__(self, key: str) -> str:
        LOG.info("miss %s", key)
        self[key] = value = _get(self.web, f"rm-{key}", 100 if key == "a" else 30)
        return value


def dict_missing_reads_with_log(web: str) -> list[str]:
    d = _Remote(web)
    LOG.info("start")
    out = [d["a"], d["b"], d["a"]]
    _put(web, "rm-b", "new")
    return out + [d["b"]]


# =========================================================================== sortedcontainers


def sortedlist_key_reads(web: str) -> list[str]:
    def weight(k: str) -> int:
        return len(_get(web, f"wt{k}", 120 if k == "xx" else 30))

    print("building")
    ranked = sortedcontainers.SortedList(["xx", "y", "zzz"], key=weight)
    print("built")
    return list(ranked)


def sortedlist_add_between_puts(web: str) -> list[Any]:
    sl = sortedcontainers.SortedList()
    out = []
    for k, ms in (("sl-c", 130), ("sl-a", 20), ("sl-b", 60)):
        sl.add(_get(web, k, ms))
        out.append(_put(web, "smallest", sl[0]))
    return out + list(sl)


def sorteddict_of_reads_popitem(web: str) -> list[str]:
    sd = sortedcontainers.SortedDict()
    for k, ms in (("sd-z", 120), ("sd-a", 30), ("sd-m", 60)):
        sd[_get(web, k, ms)] = k
    first = sd.popitem(0)
    _put(web, "popped", first[1])
    return [first[0]] + list(sd)


# =========================================================================== SDK


def _ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt",
                                       messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def sdk_nlargest_judged(client: Any) -> list[str]:
    drafts = [_ask(client, f"draft {i}", lat) for i, lat in ((1, 0.15), (2, 0.03), (3, 0.08))]
    print("drafts ready")

    def judged(d: str) -> int:
        return len(_ask(client, "score: " + d, 0.04))

    return heapq.nlargest(1, drafts, key=judged)


def sdk_groupby_label_key(client: Any) -> list[Any]:
    def label(q: str) -> str:
        return _ask(client, "label " + q, 0.12 if q == "q1" else 0.03)[:4]

    LOG.info("labelling")
    return [(k, list(g)) for k, g in itertools.groupby(["q1", "q2", "q3"], label)]


def sdk_reduce_refine(client: Any) -> str:
    def refine(draft: str, note: str) -> str:
        print("refining with", note)
        return _ask(client, f"Refine '{draft[:20]}' using {note}", 0.05)

    seed = _ask(client, "first draft", 0.1)
    return functools.reduce(refine, ["tone", "facts"], seed)


def sdk_takewhile_until_answer(client: Any) -> list[str]:
    def unsure(prompt: str) -> bool:
        return "maybe" not in _ask(client, prompt, 0.1 if prompt == "p1" else 0.03)

    return list(itertools.takewhile(unsure, ["p1", "p2", "p3"]))


# =========================================================================== async


async def async_accumulate_after_gather(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        async def get(k: str, ms: int) -> str:
            return (await http.get(f"/items/{k}", params={"ms": ms})).json()["value"]

        parts = await asyncio.gather(get("aa0", 130), get("aa1", 20), get("aa2", 60))
        running = list(itertools.accumulate(parts, lambda a, b: a + "+" + b))
        await http.put("/items/running", content=running[-1])
        return running


def _drive_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


# =========================================================================== registry


def _web(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env),), servers="api", ideal=ideal,
                **kw)


ALL: list[Case] = [
    _web(islice_resumed_after_put, cat="state"),
    _web(islice_of_map_stops_after_two),
    _web(islice_window_prints_each),
    _web(chain_of_lazy_maps_put_between, cat="state"),
    _web(chain_from_iterable_pages),
    _web(chain_break_at_marker_then_put),
    _web(tee_walked_twice_put_between, cat="state"),
    _web(tee_second_partly_first_resumes, cat="state"),
    _web(tee_pairwise_by_hand),
    _web(groupby_key_reads_positional),
    _web(groupby_key_prints_after_get),
    _web(groupby_groups_then_put_each),
    _web(zip_longest_two_feeds),
    _web(accumulate_func_puts_positional, cat="state"),
    _web(accumulate_func_gets_with_log),
    _web(accumulate_max_then_put, over(0.12, 0.03, 0.06)),
    _web(starmap_puts_in_order),
    _web(starmap_gets_then_print_each),
    _web(takewhile_predicate_reads_stops),
    _web(dropwhile_predicate_prints, over(0.12, 0.02, 0.05)),
    _web(filterfalse_reads_then_put),
    _web(pairwise_of_reads_put_per_pair, over(0.13, 0.03, 0.07)),
    _web(pairwise_over_generator_with_log),
    _web(product_of_two_reads, over(0.13, 0.03)),
    _web(compress_selectors_from_generator),
    _web(cycle_round_robin_writes),
    _web(count_polling_takewhile, cat="sleep"),
    _web(reduce_merge_puts_each_step, cat="state"),
    _web(reduce_after_reads_with_print, over(0.14, 0.03)),
    _web(partial_bound_map_then_put_then_walk, cat="state"),
    _web(partial_keyword_overridden),
    _web(singledispatch_mixed_handlers),
    _web(singledispatch_register_mid_function, cat="rebind"),
    _web(cmp_to_key_comparator_reads),
    _web(lru_cache_fetch_then_put_then_fetch, cat="state"),
    _web(filter_predicate_reads_made_before_put, cat="state"),
    _web(map_two_iterables_unequal_then_log),
    _web(map_next_twice_put_rest, cat="state"),
    _web(map_lambda_puts_then_keys),
    _web(nlargest_key_reads_then_print),
    _web(nsmallest_key_prints_then_put, over(0.13, 0.02, 0.06)),
    _web(heapq_merge_of_generators),
    _web(heapq_merge_key_first_only, cat="state"),
    _web(heappush_objects_whose_lt_prints),
    _web(heap_priority_queue_writes, over(0.14, 0.02, 0.06)),
    _web(bisect_key_reads),
    _web(insort_key_logs_then_put),
    _web(bisect_thresholds_from_reads, over(0.12, 0.03)),
    _web(deque_maxlen_walks_whole_generator),
    _web(deque_rotate_round_robin),
    _web(deque_popleft_queue_grows, cat="state"),
    _web(counter_most_common_then_put, over(0.13, 0.02, 0.06)),
    _web(counter_from_generator_then_log),
    _web(ordereddict_lru_evicts_with_put, cat="state"),
    _web(chainmap_layers_read_lazily, cat="state"),
    _web(defaultdict_factory_reads, cat="state"),
    _web(defaultdict_factory_puts_bucket, cat="state"),
    _web(dict_missing_reads_with_log, cat="state"),
    _web(sortedlist_key_reads),
    _web(sortedlist_add_between_puts),
    _web(sorteddict_of_reads_popitem, over(0.12, 0.03, 0.06)),
    _sdk(sdk_nlargest_judged),
    _sdk(sdk_groupby_label_key),
    _sdk(sdk_reduce_refine),
    _sdk(sdk_takewhile_until_answer),
    Case("http", async_accumulate_after_gather, drive=_drive_async, servers="web",
         ideal=over(0.13, 0.02, 0.06)),
]

# Differed under jit when written, fixed since: stop 29 (docs/jit.md: builtins that call your dunders, busy waits, codecs)
FIXED_WHY: dict[str, str] = {
    "hidden_join_map_str": "', '.join(map(str, tags)) runs _Marked.__str__ (a PUT of 'mark') "
    "but is taken as pure: the later GET of 'mark' starts with the first GET, above it, and "
    "reads the old value (map's function is the builtin str; the items' type is not known)",
    "hidden_max_key_len": "max(tags, key=len) runs _Marked.__len__ (a PUT): key=len is a pure "
    "builtin, so the GET of 'mark' after it starts early and misses the PUT",
    "hidden_filter_none": "filter(None, tags) runs each item's __bool__ (a PUT): filter with "
    "None taken as pure, the GET of 'mark' after it starts early",
    "hidden_any_of_objects": "any(flags) over a local list of objects whose __bool__ PUTs: the "
    "GET after it starts early (documented: the items of a list held by a name)",
    "hidden_str_join_generator": "'-'.join(str(t) for t in tags) over a local list of objects "
    "whose __str__ PUTs: the genexp's str(t) is not counted (type not known), the GET moves",
    "hidden_list_comp_str": "[str(t) for t in tags] over a local list literal of objects whose "
    "__str__ PUTs (kept in place when tags is an argument)",
    "hidden_fstring_join_genexp": "''.join(f'<{t}>' for t in tags): the f-string's __format__ "
    "in a genexp over a local list, as hidden_str_join_generator",
    "hidden_sum_len_genexp": "sum(len(t) for t in tags): __len__ in a genexp over a local list",
    "hidden_set_map_str": "set(map(str, tags)): as hidden_join_map_str",
    "hidden_sorted_map_len": "sorted(map(len, tags)): each item's __len__ PUTs; the GET of "
    "'mark' after it starts early (Counter/dict.fromkeys/deque over map(str|len, tags) and "
    "chain of two maps are kept in place)",
}

FAILING_WHY: dict[str, str] = {
    "hidden_max_key_len_of_argument": "as hidden_max_key_len with tags a list argument whose "
    "items' type is guarded (the same comprehension with str(t) is kept in place): key=len "
    "does not count the items' __len__",
    "hidden_sortedlist_contains": "'b' in SortedList(key=weight) runs weight (a PUT): `in` on a "
    "library class's value is taken as data, the GET of 'mark' moves above it and reads "
    "'weigh:aa' instead of 'weigh:b'",
    "hidden_chainmap_missing": "cfg['y'] on a ChainMap over a dict subclass whose __missing__ "
    "PUTs: a library class's subscript is data, the GET of 'mark' moves above it",
    "writethrough_chainmap_then_other_reader": "the same as a write-through cache under "
    "config layers: layers['region'] PUTs cache-region, the later GET of it starts with the "
    "first GET and reads v-cache-region",
    "hidden_max_key_getitem": "max(keys, key=sizes.__getitem__) with sizes a dict subclass whose "
    "__missing__ PUTs: the key resolves to dict.__getitem__ (pure), the GET of 'mark' moves "
    "above it (the subscript sizes[k] written out is kept in place)",
    "writethrough_sorted_by_cached_label": "sorted(keys, key=labels.__getitem__) over a "
    "write-through dict subclass: both later GETs of the cache entries start early and miss "
    "the PUTs __missing__ made",
    "hidden_lambda_subscript_key": "max(keys, key=lambda k: len(cache[k])): the lambda's check "
    "looks at its calls only, not at the subscript cache[k] whose __missing__ PUTs; the GET of "
    "'mark' moves above",
}

CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]


# =========================================================================== probes (stop 75b)


def _fetch_logged(web: str, key: str, ms: int) -> str:
    LOG.info("fetch %s", key)
    return _get(web, key, ms)


def _fetch_printed(web: str, key: str, ms: int) -> str:
    print("fetch", key)
    return _get(web, key, ms)


def takewhile_stops_on_body_appends(web: str) -> list[str]:
    got: list[str] = []
    keys = ["tb0", "tb1", "tb2", "tb3"]
    for k in itertools.takewhile(lambda _k: len(got) < 2, keys):
        got.append(_get(web, k, 120 if k == "tb0" else 30))
    return got


def filter_seen_set_grown_by_body(web: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for k in filter(lambda k: k not in seen, ["fa", "fb", "fa", "fc", "fb"]):
        seen.add(k)
        out.append(_get(web, k, 110 if k == "fa" else 30))
    return out


def islice_over_list_body_extends(web: str) -> list[str]:
    items = ["ie0", "ie1"]
    for k in itertools.islice(items, 4):
        items.append(_get(web, k, 100 if k == "ie0" else 30))
    return items


def chain_with_list_extended_by_body(web: str) -> list[str]:
    first = ["ce0", "ce1"]
    extra: list[str] = []
    out = []
    for k in itertools.chain(first, extra):
        v = _get(web, k, 120 if k == "ce0" else 30)
        out.append(v)
        if k.startswith("ce") and len(extra) < 1:
            extra.append("x" + k)
    return out


def comprehension_over_takewhile_of_flags(web: str) -> list[str]:
    flags = {"a": True, "b": True, "c": False}
    vals = [_get(web, k, 100 if k == "a" else 30)
            for k in itertools.takewhile(flags.get, ["a", "b", "c", "a"])]
    return vals


class _Tag:
    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        print("render", self.name)
        return self.name.upper()

    def __len__(self) -> int:
        print("measure", self.name)
        return len(self.name)

    def __bool__(self) -> bool:
        print("test", self.name)
        return self.name != "off"


def join_map_str_of_user_objects(web: str) -> list[str]:
    tags = [_Tag("red"), _Tag("blue")]
    a = _get(web, "jm-a", 120)
    line = ", ".join(map(str, tags))
    b = _fetch_printed(web, "jm-b", 30)
    return [a, line, b]


def max_key_len_of_user_objects(web: str) -> list[str]:
    tags = [_Tag("ab"), _Tag("abc")]
    a = _get(web, "mk-a", 120)
    longest = max(tags, key=len)
    b = _fetch_printed(web, "mk-b", 30)
    return [a, longest.name, b]


def filter_none_of_user_objects(web: str) -> list[str]:
    tags = [_Tag("on"), _Tag("off")]
    a = _get(web, "fn-a", 120)
    live = [t.name for t in filter(None, tags)]
    b = _fetch_printed(web, "fn-b", 30)
    return [a, *live, b]


def sortedlist_contains_key_prints(web: str) -> list[Any]:
    def weight(k: str) -> int:
        print("weigh", k)
        return len(k)

    ranked = sortedcontainers.SortedList(["aa", "b"], key=weight)
    a = _get(web, "sc-a", 120)
    found = "b" in ranked
    b = _fetch_printed(web, "sc-b", 30)
    return [a, found, b]


def chainmap_over_missing_dict(web: str) -> list[str]:
    remote = _Remote(web)
    cfg = collections.ChainMap({"x": "local"}, remote)
    a = _get(web, "cm-a", 120)
    y = cfg["y"]  # remote.__missing__ logs and GETs
    b = _fetch_logged(web, "cm-b", 30)
    return [a, y, b]


def defaultdict_factory_prints_before_read(web: str) -> list[Any]:
    def fresh() -> list[str]:
        print("new bucket")
        return []

    groups: collections.defaultdict[str, list[str]] = collections.defaultdict(fresh)
    a = _get(web, "df-a", 120)
    groups["k"].append(a)
    b = _fetch_printed(web, "df-b", 30)
    return [a, b, dict(groups)]




def lru_cache_same_key_twice(web: str) -> list[str]:
    @functools.cache
    def fetch(key: str, ms: int) -> str:
        return _get(web, key, ms)

    a = fetch("lk-a", 120)
    b = fetch("lk-b", 30)
    c = fetch("lk-a", 120)
    return [a, b, c, str(fetch.cache_info().misses)]


@functools.cache
def _cached_get(web: str, key: str) -> str:
    return _get(web, key, 100 if key.endswith("a") else 30)


def _clear_cached(env: Env) -> None:
    _cached_get.cache_clear()


def functools_cache_module_helper_loop(web: str) -> list[str]:
    return [_cached_get(web, k) for k in ("fc-a", "fc-b", "fc-a", "fc-b")]


class _Doc:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    @property
    def score(self) -> int:
        print("scoring", self.key)
        return len(self.key)


BY_SCORE = operator.attrgetter("score")


def sorted_key_attrgetter_property(web: str) -> list[str]:
    docs = [_Doc(web, "dxx"), _Doc(web, "d")]
    a = _get(web, "ag-a", 120)
    ranked = sorted(docs, key=BY_SCORE)
    b = _fetch_printed(web, "ag-b", 30)
    return [a, *(d.key for d in ranked), b]


# -- hidden writes: code of the user's that a library or a builtin runs, then a read of
# what it wrote (a slow independent read first, so the later read has a reason to move)


class _Marked:
    """A value whose dunders and property PUT a mark (a remote audit trail)."""

    def __init__(self, web: str, name: str) -> None:
        self.web = web
        self.name = name

    def _mark(self, what: str) -> None:
        _put(self.web, "mark", f"{what}:{self.name}")

    def __str__(self) -> str:
        self._mark("str")
        return self.name.upper()

    def __len__(self) -> int:
        self._mark("len")
        return len(self.name)

    def __bool__(self) -> bool:
        self._mark("bool")
        return self.name != "off"

    def __lt__(self, other: _Marked) -> bool:
        self._mark("lt")
        return self.name < other.name

    def __hash__(self) -> int:
        self._mark("hash")
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Marked) and other.name == self.name

    @property
    def score(self) -> int:
        self._mark("score")
        return len(self.name)


def hidden_join_map_str(web: str) -> list[str]:
    tags = [_Marked(web, "red"), _Marked(web, "blue")]
    a = _get(web, "hj-a", 120)
    line = ", ".join(map(str, tags))
    return [a, line, _get(web, "mark", 30)]


def hidden_max_key_len(web: str) -> list[str]:
    tags = [_Marked(web, "ab"), _Marked(web, "abc")]
    a = _get(web, "hm-a", 120)
    longest = max(tags, key=len)
    return [a, longest.name, _get(web, "mark", 30)]


def hidden_filter_none(web: str) -> list[str]:
    tags = [_Marked(web, "on"), _Marked(web, "off")]
    a = _get(web, "hf-a", 120)
    live = [t.name for t in filter(None, tags)]
    return [a, *live, _get(web, "mark", 30)]


def hidden_sorted_plain_list(web: str) -> list[str]:
    tags = [_Marked(web, "b"), _Marked(web, "a")]
    a = _get(web, "hs-a", 120)
    ordered = sorted(tags)
    return [a, *(t.name for t in ordered), _get(web, "mark", 30)]


def hidden_sorted_key_attrgetter(web: str) -> list[str]:
    tags = [_Marked(web, "xx"), _Marked(web, "y")]
    a = _get(web, "ha-a", 120)
    ranked = sorted(tags, key=BY_SCORE)
    return [a, *(t.name for t in ranked), _get(web, "mark", 30)]


def hidden_counter_of_objects(web: str) -> list[Any]:
    tags = [_Marked(web, "p"), _Marked(web, "p")]
    a = _get(web, "hc-a", 120)
    n = len(collections.Counter(tags))
    return [a, n, _get(web, "mark", 30)]


def hidden_sortedlist_contains(web: str) -> list[Any]:
    def weight(k: str) -> int:
        _put(web, "mark", "weigh:" + k)
        return len(k)

    ranked = sortedcontainers.SortedList(["aa", "b"], key=weight)
    a = _get(web, "hl-a", 120)
    found = "b" in ranked
    return [a, found, _get(web, "mark", 30)]


class _RemoteW(dict):
    """A dict whose missing keys are fetched and their fetch recorded remotely."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def __missing__(self, key: str) -> str:
        _put(self.web, "mark", "miss:" + key)
        self[key] = value = "v-" + key
        return value


def hidden_chainmap_missing(web: str) -> list[str]:
    cfg = collections.ChainMap({"x": "local"}, _RemoteW(web))
    a = _get(web, "hcm-a", 120)
    y = cfg["y"]
    return [a, y, _get(web, "mark", 30)]


def hidden_max_key_getitem(web: str) -> list[str]:
    sizes = _RemoteW(web)
    a = _get(web, "hg-a", 120)
    best = max(["k1", "k22"], key=sizes.__getitem__)
    return [a, best, _get(web, "mark", 30)]


def hidden_map_getitem_list(web: str) -> list[str]:
    table = _RemoteW(web)
    a = _get(web, "hmg-a", 120)
    vals = list(map(table.__getitem__, ["q1", "q2"]))
    return [a, *vals, _get(web, "mark", 30)]


def hidden_defaultdict_factory(web: str) -> list[str]:
    def fresh() -> list[str]:
        _put(web, "mark", "bucket")
        return []

    groups: collections.defaultdict[str, list[str]] = collections.defaultdict(fresh)
    a = _get(web, "hd-a", 120)
    groups["k"].append("seed")
    return [a, _get(web, "mark", 30)]


def hidden_accumulate_merge(web: str) -> list[str]:
    def merge(x: str, y: str) -> str:
        _put(web, "mark", x + y)
        return x + y

    a = _get(web, "hac-a", 120)
    running = list(itertools.accumulate(["p", "q"], merge))
    return [a, *running, _get(web, "mark", 30)]


def hidden_groupby_key(web: str) -> list[Any]:
    def key(w: str) -> str:
        _put(web, "mark", "key:" + w)
        return w[0]

    a = _get(web, "hgb-a", 120)
    groups = [(k, len(list(g))) for k, g in itertools.groupby(["ab", "ac", "bd"], key)]
    return [a, groups, _get(web, "mark", 30)]


def hidden_tee_next(web: str) -> list[str]:
    def marks():
        for k in ("t1", "t2"):
            _put(web, "mark", "gen:" + k)
            yield k

    left, right = itertools.tee(marks())
    a = _get(web, "ht-a", 120)
    first = next(left)
    return [a, first, _get(web, "mark", 30)]


def hidden_heappush(web: str) -> list[str]:
    heap: list[_Marked] = [_Marked(web, "m")]
    a = _get(web, "hh-a", 120)
    heapq.heappush(heap, _Marked(web, "c"))
    return [a, heap[0].name, _get(web, "mark", 30)]


def hidden_bisect_key(web: str) -> list[Any]:
    def width(k: str) -> int:
        _put(web, "mark", "w:" + k)
        return len(k)

    a = _get(web, "hb-a", 120)
    at = bisect.bisect_left(["a", "bb", "ccc"], 2, key=width)
    return [a, at, _get(web, "mark", 30)]


def hidden_reduce_local(web: str) -> list[str]:
    def join(x: str, y: str) -> str:
        _put(web, "mark", "join:" + y)
        return x + y

    a = _get(web, "hr-a", 120)
    whole = functools.reduce(join, ["u", "v"])
    return [a, whole, _get(web, "mark", 30)]


def hidden_any_of_objects(web: str) -> list[Any]:
    flags = [_Marked(web, "off"), _Marked(web, "on")]
    a = _get(web, "hy-a", 120)
    some = any(flags)
    return [a, some, _get(web, "mark", 30)]


def hidden_str_join_generator(web: str) -> list[str]:
    tags = [_Marked(web, "g1"), _Marked(web, "g2")]
    a = _get(web, "hx-a", 120)
    line = "-".join(str(t) for t in tags)
    return [a, line, _get(web, "mark", 30)]


def hidden_itemgetter_on_missing(web: str) -> list[str]:
    table = _RemoteW(web)
    pick = operator.itemgetter("z")
    a = _get(web, "hi-a", 120)
    z = pick(table)
    return [a, z, _get(web, "mark", 30)]



def hidden_list_comp_str(web: str) -> list[str]:
    tags = [_Marked(web, "c1"), _Marked(web, "c2")]
    a = _get(web, "hlc-a", 120)
    names = [str(t) for t in tags]
    return [a, *names, _get(web, "mark", 30)]


def hidden_fstring_join_genexp(web: str) -> list[str]:
    tags = [_Marked(web, "f1"), _Marked(web, "f2")]
    a = _get(web, "hfj-a", 120)
    line = "".join(f"<{t}>" for t in tags)
    return [a, line, _get(web, "mark", 30)]


def hidden_sum_len_genexp(web: str) -> list[Any]:
    tags = [_Marked(web, "s1"), _Marked(web, "s22")]
    a = _get(web, "hsl-a", 120)
    total = sum(len(t) for t in tags)
    return [a, total, _get(web, "mark", 30)]


def hidden_sorted_key_str(web: str) -> list[str]:
    tags = [_Marked(web, "zz"), _Marked(web, "aa")]
    a = _get(web, "hks-a", 120)
    ordered = sorted(tags, key=str)
    return [a, *(t.name for t in ordered), _get(web, "mark", 30)]


def hidden_lambda_subscript_key(web: str) -> list[str]:
    cache = _RemoteW(web)
    a = _get(web, "hls-a", 120)
    best = max(["k1", "k22"], key=lambda k: len(cache[k]))
    return [a, best, _get(web, "mark", 30)]


def hidden_lambda_property_key(web: str) -> list[str]:
    docs = [_Marked(web, "long"), _Marked(web, "s")]
    a = _get(web, "hlp-a", 120)
    ranked = sorted(docs, key=lambda d: d.score)
    return [a, *(d.name for d in ranked), _get(web, "mark", 30)]


def hidden_set_map_str(web: str) -> list[Any]:
    tags = [_Marked(web, "e1"), _Marked(web, "e1")]
    a = _get(web, "hsm-a", 120)
    distinct = len(set(map(str, tags)))
    return [a, distinct, _get(web, "mark", 30)]


class _WriteThrough(dict):
    """A write-through cache: a miss computes the value and stores it on the server."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def __missing__(self, key: str) -> str:
        value = key.upper()
        _put(self.web, f"cache-{key}", value)
        self[key] = value
        return value


def writethrough_chainmap_then_other_reader(web: str) -> list[str]:
    """Config layers over a write-through cache; a later read of the cache entry."""
    layers = collections.ChainMap({"mode": "fast"}, _WriteThrough(web))
    slow = _get(web, "wt-config", 140)
    region = layers["region"]
    print("region", region)
    return [slow, region, _get(web, "cache-region", 30)]


def writethrough_sorted_by_cached_label(web: str) -> list[str]:
    labels = _WriteThrough(web)
    slow = _get(web, "wt-slow", 130)
    order = sorted(["b", "a"], key=labels.__getitem__)
    return [slow, *order, _get(web, "cache-a", 30), _get(web, "cache-b", 60)]


def writethrough_comprehension_then_reads(web: str) -> list[str]:
    cache = _WriteThrough(web)
    slow = _get(web, "wt-s2", 120)
    labels = [cache[k] for k in ("x", "y")]
    return [slow, *labels, _get(web, "cache-y", 30)]


def hidden_list_comp_str_of_argument(web: str, tags: list[_Marked]) -> list[str]:
    """The same over a list argument, whose items' one type the JIT guards."""
    a = _get(web, "hla-a", 120)
    names = [str(t) for t in tags]
    return [a, *names, _get(web, "mark", 30)]


def hidden_for_loop_str_of_argument(web: str, tags: list[_Marked]) -> list[str]:
    a = _get(web, "hfl-a", 120)
    names = []
    for t in tags:
        names.append(str(t))
    return [a, *names, _get(web, "mark", 30)]


def hidden_max_key_len_of_argument(web: str, tags: list[_Marked]) -> list[str]:
    a = _get(web, "hma-a", 120)
    longest = max(tags, key=len)
    return [a, longest.name, _get(web, "mark", 30)]


def _marked_args(env: Env) -> tuple:
    return (env.web, [_Marked(env.web, "n1"), _Marked(env.web, "n22")])


def hidden_counter_of_map_str(web: str) -> list[Any]:
    tags = [_Marked(web, "k1"), _Marked(web, "k1")]
    a = _get(web, "hcs-a", 120)
    counts = collections.Counter(map(str, tags))
    return [a, counts.most_common(1), _get(web, "mark", 30)]


def hidden_deque_maxlen_map_len(web: str) -> list[Any]:
    tags = [_Marked(web, "d1"), _Marked(web, "d22")]
    a = _get(web, "hdq-a", 120)
    last = collections.deque(map(len, tags), maxlen=1)
    return [a, list(last), _get(web, "mark", 30)]


def hidden_dict_fromkeys_map_str(web: str) -> list[Any]:
    tags = [_Marked(web, "o1"), _Marked(web, "o2")]
    a = _get(web, "hdf-a", 120)
    order = list(dict.fromkeys(map(str, tags)))
    return [a, order, _get(web, "mark", 30)]


def hidden_nlargest_key_len(web: str) -> list[Any]:
    tags = [_Marked(web, "x1"), _Marked(web, "x333")]
    a = _get(web, "hnl-a", 120)
    top = [t.name for t in heapq.nlargest(1, tags, key=len)]
    return [a, top, _get(web, "mark", 30)]


def hidden_chain_map_str_list(web: str) -> list[Any]:
    left = [_Marked(web, "l1")]
    right = [_Marked(web, "r1")]
    a = _get(web, "hch-a", 120)
    names = list(itertools.chain(map(str, left), map(str, right)))
    return [a, names, _get(web, "mark", 30)]


def hidden_sorted_map_len(web: str) -> list[Any]:
    tags = [_Marked(web, "y333"), _Marked(web, "y1")]
    a = _get(web, "hsml-a", 120)
    lengths = sorted(map(len, tags))
    return [a, lengths, _get(web, "mark", 30)]

ALL += [
    _web(takewhile_stops_on_body_appends, cat="state"),
    _web(filter_seen_set_grown_by_body, cat="state"),
    _web(islice_over_list_body_extends, cat="state"),
    _web(chain_with_list_extended_by_body, cat="state"),
    _web(comprehension_over_takewhile_of_flags, over(0.1, 0.03)),
    _web(join_map_str_of_user_objects),
    _web(max_key_len_of_user_objects),
    _web(filter_none_of_user_objects),
    _web(sortedlist_contains_key_prints),
    _web(chainmap_over_missing_dict, cat="state"),
    _web(defaultdict_factory_prints_before_read, cat="state"),
    _web(lru_cache_same_key_twice, cat="state"),
    _web(functools_cache_module_helper_loop, cat="state", setup=_clear_cached),
    _web(sorted_key_attrgetter_property),
]
HIDDEN = [hidden_join_map_str, hidden_max_key_len, hidden_filter_none, hidden_sorted_plain_list,
          hidden_sorted_key_attrgetter, hidden_counter_of_objects, hidden_sortedlist_contains,
          hidden_chainmap_missing, hidden_max_key_getitem, hidden_map_getitem_list,
          hidden_defaultdict_factory, hidden_accumulate_merge, hidden_groupby_key,
          hidden_tee_next, hidden_heappush, hidden_bisect_key, hidden_reduce_local,
          hidden_any_of_objects, hidden_str_join_generator, hidden_itemgetter_on_missing,
          hidden_list_comp_str, hidden_fstring_join_genexp, hidden_sum_len_genexp,
          hidden_sorted_key_str, hidden_lambda_subscript_key, hidden_lambda_property_key,
          hidden_set_map_str, writethrough_chainmap_then_other_reader,
          writethrough_sorted_by_cached_label, writethrough_comprehension_then_reads,
          hidden_counter_of_map_str, hidden_deque_maxlen_map_len, hidden_dict_fromkeys_map_str,
          hidden_nlargest_key_len, hidden_chain_map_str_list, hidden_sorted_map_len]
ALL += [_web(f, cat="state") for f in HIDDEN]
ALL += [Case("state", f, args=_marked_args, servers="web") for f in (
    hidden_list_comp_str_of_argument, hidden_for_loop_str_of_argument,
    hidden_max_key_len_of_argument)]
CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
