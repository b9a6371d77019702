"""Red-team cases (stop 94): standard containers changed between I/O calls.

`collections.defaultdict` (list, int, set factories and a factory of the user's that fetches
or writes), `Counter` (update, most_common, arithmetic), `deque` (a work queue fed by
responses, maxlen windows, rotate), `heapq` priority queues of requests, `bisect.insort`,
`ChainMap` layered configs, `OrderedDict.move_to_end` as a hand-written LRU, sets of seen keys
deciding whether to fetch, `dict.setdefault`/`pop`/`popitem`, `list.sort` in place between
calls, `array.array`. The stores are mixed with GETs, PUTs, POSTs, sqlite writes, prints and
files, so a store moved across a call shows in the server log, stdout or the value. Everyday
shapes that should overlap (fetch per item, count into a Counter) are cases too, with
`ideal=`/`overlap=`. Sibling calls get unequal latencies, slow first. `FAILING` holds the
cases that differed or crashed under jit when written, with `FAILING_WHY` saying what
differed.
"""

from __future__ import annotations

import array
import asyncio
import bisect
import collections
import collections.abc
import dataclasses
import heapq
import json
import sqlite3
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam94")
TIMEOUT = 5


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int = 60) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=TIMEOUT)
    r.raise_for_status()
    return r.json()["value"]


def _try(web: str, key: str, ms: int = 60) -> int:
    """The status code of a GET (404 for keys starting with "missing")."""
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=TIMEOUT).status_code


def _put(web: str, key: str, value: str) -> int:
    r = requests.put(f"{web}/items/{key}", data=value, timeout=TIMEOUT)
    return r.json()["version"]


def _post(web: str, key: str, value: str) -> int:
    r = requests.post(f"{web}/items/{key}", data=value, timeout=TIMEOUT)
    return r.json()["version"]


def chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


MS4 = (("a", 150), ("b", 30), ("c", 90), ("d", 40))


# =========================================================================== overlap: fetch and count


def grouped_by_value_length_overlaps(web: str) -> dict[int, list[str]]:
    """Fetch per key, group into a defaultdict(list): the GETs are independent."""
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for key, ms in MS4:
        value = _get(web, f"grp-{key}{key}" if key in "ac" else f"grp-{key}", ms)
        groups[len(value)].append(value)
    return dict(groups)


def counter_update_per_fetch_overlaps(web: str) -> list[tuple[str, int]]:
    """Count the characters of each fetched value into one Counter."""
    counts: Counter[str] = Counter()
    for key, ms in MS4:
        counts.update(_get(web, f"cnt-{key}", ms))
    return counts.most_common()


def counter_of_generator_fetches(web: str) -> list[tuple[str, int]]:
    """`Counter(fetch(k) for k in ...)`: one expression, four independent reads."""
    counts = Counter(_get(web, f"same-{k[0]}" if k in "ab" else "same-x", ms) for k, ms in MS4)
    return sorted(counts.items())


def defaultdict_int_status_tally(web: str) -> dict[int, int]:
    """Tally status codes of reads, some of them 404s."""
    tally: defaultdict[int, int] = defaultdict(int)
    for key, ms in (("missing-a", 150), ("here-b", 30), ("missing-c", 90), ("here-d", 40)):
        tally[_try(web, key, ms)] += 1
    return dict(tally)


def set_comprehension_of_fetches(web: str) -> list[str]:
    values = {_get(web, f"dup-{k in 'ac'}", ms) for k, ms in MS4}
    return sorted(values)


def heap_of_fetched_lengths_overlaps(web: str) -> list[tuple[int, str]]:
    """Push each fetched value onto a heap, pop them all at the end."""
    heap: list[tuple[int, str]] = []
    for key, ms in MS4:
        v = _get(web, "h" * (5 - len(key) - ord(key) % 4) + key, ms)
        heapq.heappush(heap, (len(v), v))
    return [heapq.heappop(heap) for _ in range(len(heap))]


def insort_fetched_values_overlaps(web: str) -> list[str]:
    ranked: list[str] = []
    for key, ms in MS4:
        bisect.insort(ranked, _get(web, f"rank-{5 - ord(key) % 5}", ms))
    return ranked


def array_of_fetched_lengths(web: str) -> list[int]:
    lengths = array.array("i")
    for key, ms in MS4:
        lengths.append(len(_get(web, key * (ord(key) % 3 + 1), ms)))
    return lengths.tolist()


def deque_window_of_fetches(web: str) -> list[str]:
    """A maxlen window keeps the last two values; nothing reads it until the end."""
    window: deque[str] = deque(maxlen=2)
    for key, ms in MS4:
        window.append(_get(web, f"win-{key}", ms))
    return list(window)


def chainmap_config_per_item_fetch(web: str) -> dict[str, str]:
    """Layered config read per item, then one GET per item."""
    defaults = {"prefix": "cfg", "suffix": "x"}
    overrides = {"suffix": "y"}
    cfg = ChainMap(overrides, defaults)
    out = {}
    for key, ms in MS4:
        out[key] = _get(web, f"{cfg['prefix']}-{key}-{cfg['suffix']}", ms)
    return out


def counter_of_chat_words_overlaps(client: Any) -> list[tuple[str, int]]:
    words: Counter[str] = Counter()
    for topic, lat in (("rivers", 0.15), ("lakes", 0.03), ("seas", 0.09)):
        words += Counter(chat(client, f"Name {topic}", lat).lower().split())
    return words.most_common(3)


def dict_comprehension_then_sorted_puts(web: str) -> list[int]:
    """Fetch all into a dict comprehension (overlaps), then write in sorted order."""
    values = {k: _get(web, f"dc-{k}", ms) for k, ms in MS4}
    return [_put(web, f"copy-{k}", values[k]) for k in sorted(values, reverse=True)]


# =========================================================================== seen sets


def seen_set_skips_duplicates_with_puts(web: str) -> list[str]:
    """A key already seen is not fetched again; each new key is fetched, then marked done."""
    seen: set[str] = set()
    out = []
    for key, ms in (("a", 150), ("b", 30), ("a", 90), ("c", 40), ("b", 60)):
        if key in seen:
            out.append("skip " + key)
            continue
        seen.add(key)
        out.append(_get(web, f"seen-{key}", ms))
        _put(web, f"seen-{key}", f"done-{len(seen)}")
    return out


def seen_set_filled_by_helper(web: str) -> list[str]:
    """A helper records what it fetched; the loop asks the set before the next fetch."""
    seen: set[str] = set()

    def fetch(key: str, ms: int) -> str:
        seen.add(key)
        return _get(web, f"h-{key}", ms)

    out = []
    for key, ms in (("x", 150), ("y", 30), ("x", 90)):
        if key in seen:
            out.append(_put(web, f"h-{key}", "again") and "put")
        else:
            out.append(fetch(key, ms))
    out.append(_get(web, "h-x", 30))
    return out


# =========================================================================== deque work queues


def deque_bfs_over_links(web: str) -> list[str]:
    """A crawler: each page's value names the next pages, appended to the queue."""
    _put(web, "link-root", "p1,p2")
    _put(web, "link-p1", "p3")
    _put(web, "link-p2", "p3,p4")
    queue: deque[str] = deque(["root"])
    visited: list[str] = []
    while queue and len(visited) < 8:
        page = queue.popleft()
        if page in visited:
            continue
        visited.append(page)
        value = _get(web, f"link-{page}", 150 if page == "p1" else 40)
        if not value.startswith("v-"):
            queue.extend(value.split(","))
    return visited


def deque_work_queue_writes_in_order(web: str) -> list[int]:
    """A queue of writes: each write's version decides whether a follow-up is queued."""
    queue: deque[tuple[str, str]] = deque([("q-a", "1"), ("q-b", "2"), ("q-c", "3")])
    versions = []
    for _ in range(8):
        if not queue:
            break
        key, value = queue.popleft()
        version = _put(web, key, value)
        versions.append(version)
        if version % 2 == 1:
            queue.append((key + "x", value + "x"))
    return versions


def deque_rotate_round_robin_writes(web: str) -> list[int]:
    """Round-robin writes over shards: rotate after each write."""
    shards = deque(["s0", "s1", "s2"])
    versions = []
    for i in range(5):
        versions.append(_put(web, f"shard-{shards[0]}", str(i)))
        shards.rotate(-1)
    return versions + [int(_get(web, f"shard-{s}", 30)) for s in ("s0", "s1", "s2")]


# =========================================================================== heapq


def heap_priority_of_writes(web: str) -> list[int]:
    """Requests pushed with priorities; popped and written in priority order."""
    pq: list[tuple[int, str]] = []
    for prio, key in ((3, "low"), (1, "urgent"), (2, "normal")):
        heapq.heappush(pq, (prio, key))
    versions = []
    while pq:
        prio, key = heapq.heappop(pq)
        v = _put(web, f"pq-{key}", str(prio))
        versions.append(v)
        if key == "urgent":
            heapq.heappush(pq, (0, "followup"))
    return versions


class _Job:
    """A job ordered by priority; comparing two prints (heapq compares in C)."""

    def __init__(self, prio: int, key: str) -> None:
        self.prio = prio
        self.key = key

    def __lt__(self, other: _Job) -> bool:
        print("cmp", self.key, other.key)
        return self.prio < other.prio


def heap_objects_compare_with_prints(web: str) -> list[str]:
    pq: list[_Job] = []
    out = []
    for prio, key, ms in ((2, "b", 150), (1, "a", 30), (3, "c", 90)):
        out.append(_get(web, f"job-{key}", ms))
        heapq.heappush(pq, _Job(prio, key))
    while pq:
        out.append(heapq.heappop(pq).key)
    return out


# =========================================================================== bisect / sort


def list_sorted_while_iterated(web: str) -> list[str]:
    """Sorting the list being iterated changes what the loop visits next."""
    items = ["d", "a", "c", "b"]
    out = []
    for item in items:
        out.append(_get(web, f"it-{item}", 150 if item == "d" else 40))
        items.sort()
    return out


def sort_key_reads_dict_filled_between(web: str) -> list[str]:
    """The sort key reads a dict that the fetches fill."""
    scores: dict[str, int] = {}
    keys = ["a", "b", "c"]
    for key, ms in (("a", 150), ("b", 30), ("c", 90)):
        scores[key] = len(_get(web, f"sc-{key * (4 - ord(key) % 3)}", ms))
        keys.sort(key=lambda k: (-scores.get(k, 0), k))
        print("order", keys)
    _put(web, "order", ",".join(keys))
    return keys


# =========================================================================== defaultdict factories


def defaultdict_factory_fetches_default(web: str) -> dict[str, str]:
    """The factory is a function that GETs: a missing key triggers a hidden read."""
    def fallback() -> str:
        return _get(web, "fallback", 150)

    d: defaultdict[str, str] = defaultdict(fallback)
    d["x"] = _get(web, "x", 30)
    _put(web, "fallback", "changed")
    first = d["y"]
    _put(web, "fallback", "again")
    return {"x": d["x"], "y": first, "z": d["z"]}


def defaultdict_factory_writes(web: str) -> list[Any]:
    """The factory registers each new key with a POST; reads between show the count."""
    def register() -> list[str]:
        n = _post(web, "registry", "new")
        return [f"r{n}"]

    d: defaultdict[str, list[str]] = defaultdict(register)
    out: list[Any] = []
    for key, ms in (("a", 150), ("b", 30), ("a", 90)):
        d[key].append(_get(web, f"dd-{key}", ms))
        out.append(len(d))
    out.append(_get(web, "registry", 30))
    return out + [dict(d)]


def defaultdict_int_threshold_writes(web: str) -> list[str]:
    """Count hits per key; on the second hit, write it as hot; the write changes later reads."""
    hits: defaultdict[str, int] = defaultdict(int)
    out = []
    for key, ms in (("k", 150), ("j", 30), ("k", 90), ("k", 40)):
        out.append(_get(web, f"hot-{key}", ms))
        hits[key] += 1
        if hits[key] == 2:
            _put(web, f"hot-{key}", "hot")
    return out


def defaultdict_missing_print_between(web: str) -> list[str]:
    """The factory prints: its print must land between the GETs' prints as in plain code."""
    def make() -> list[str]:
        print("new bucket")
        return []

    buckets: defaultdict[str, list[str]] = defaultdict(make)
    for key, ms in (("a", 150), ("b", 30), ("a", 90)):
        value = _get(web, f"pb-{key}", ms)
        print("got", value)
        buckets[key].append(value)
    return sorted(buckets)


# =========================================================================== Counter


def counter_most_common_decides_put(web: str) -> list[Any]:
    """After each fetch the most common letter is written; ties keep insertion order."""
    counts: Counter[str] = Counter()
    out: list[Any] = []
    for key, ms in (("ab", 150), ("ba", 30), ("cc", 90)):
        counts.update(_get(web, f"mc-{key}", ms)[-2:])
        top = counts.most_common(1)[0][0]
        out.append((top, _put(web, "top", top)))
    out.append(_get(web, "top", 30))
    return out


def counter_saved_to_sqlite_each_fetch(web: str, tmp: str) -> list[tuple[str, int]]:
    """The counts are upserted into sqlite after each fetch, then read back."""
    conn = sqlite3.connect(str(Path(tmp) / "counts.db"))
    conn.execute("CREATE TABLE c (k TEXT PRIMARY KEY, n INTEGER)")
    counts: Counter[str] = Counter()
    for key, ms in MS4:
        counts[_get(web, f"sq-{'x' if key in 'ab' else 'y'}", ms)] += 1
        conn.executemany("INSERT OR REPLACE INTO c VALUES (?, ?)", counts.items())
        conn.commit()
    rows = conn.execute("SELECT k, n FROM c ORDER BY k").fetchall()
    conn.close()
    return rows


# =========================================================================== ChainMap


def chainmap_override_written_then_read(web: str) -> list[str]:
    """A write of the first layer changes what the later GET names."""
    defaults = {"env": "prod", "ver": "1"}
    local: dict[str, str] = {}
    cfg = ChainMap(local, defaults)
    out = [_get(web, f"cm-{cfg['env']}-{cfg['ver']}", 150)]
    local["env"] = _get(web, "cm-env", 30)[-3:]
    out.append(_get(web, f"cm-{cfg['env']}-{cfg['ver']}", 40))
    del local["env"]
    out.append(_get(web, f"cm-{cfg['env']}-{cfg['ver']}", 40))
    return out


# =========================================================================== OrderedDict LRU


def ordereddict_lru_write_back(web: str) -> list[int]:
    """A hand-written LRU of two: evictions are written back with PUT, in eviction order."""
    cache: OrderedDict[str, str] = OrderedDict()
    versions = []
    for key, ms in (("a", 150), ("b", 30), ("a", 90), ("c", 40), ("d", 60), ("a", 30)):
        if key in cache:
            cache.move_to_end(key)
            continue
        cache[key] = _get(web, f"lru-{key}", ms)
        if len(cache) > 2:
            old, val = cache.popitem(last=False)
            versions.append(_put(web, f"evicted-{old}", val))
    return versions + [len(cache)]


def ordereddict_lru_reads_own_writes(web: str) -> list[str]:
    """The eviction writes a key that a later miss reads back."""
    cache: OrderedDict[str, str] = OrderedDict()
    out = []
    for key, ms in (("a", 150), ("b", 30), ("c", 90), ("a", 40)):
        if key in cache:
            cache.move_to_end(key)
            out.append("hit " + cache[key])
            continue
        cache[key] = _get(web, f"ev-{key}", ms)
        out.append(cache[key])
        if len(cache) > 2:
            old, _ = cache.popitem(last=False)
            _put(web, f"ev-{old}", f"stale-{old}")
    return out


# =========================================================================== dict pop / popitem / setdefault


def popitem_lifo_writes(web: str) -> list[int]:
    """Fetch into a dict, then drain it with popitem (last in, first out), writing each."""
    pending = {}
    for key, ms in (("a", 150), ("b", 30), ("c", 90)):
        pending[key] = _get(web, f"pi-{key}", ms)
    versions = []
    while pending:
        key, value = pending.popitem()
        versions.append(_put(web, f"flush-{key}", value))
    return versions


def dict_changed_size_during_iteration(web: str) -> Any:
    """Adding a key while iterating raises on the next step, after the first GET."""
    d = {"a": 150, "b": 30}
    out = []
    try:
        for key in d:
            out.append(_get(web, f"chg-{key}", d[key]))
            d[key + "2"] = 30
    except RuntimeError as e:
        out.append(type(e).__name__)
    out.append(_get(web, "after", 30))
    return out


# =========================================================================== aliases, helpers, async


def counter_alias_updated_by_helper(web: str) -> list[Any]:
    """A helper updates the same Counter through another name; the loop reads it."""
    totals: Counter[str] = Counter()
    registry = {"totals": totals}

    def record(value: str) -> None:
        registry["totals"][value[-1]] += 1

    out: list[Any] = []
    for key, ms in (("a", 150), ("b", 30), ("a", 90)):
        record(_get(web, f"al-{key}", ms))
        if totals[key] > 1:
            out.append(_put(web, f"al-{key}", "popular"))
    return out + [_get(web, "al-a", 30), dict(totals)]


def array_written_to_file_between(web: str, tmp: str) -> list[str]:
    """An array of sizes is written to a file after each GET; the next GET names its size."""
    path = Path(tmp) / "sizes.bin"
    sizes = array.array("H")
    out = []
    for ms in (150, 30, 90):
        value = _get(web, f"arr-{len(sizes)}-{path.stat().st_size if path.exists() else 0}", ms)
        sizes.append(len(value))
        with open(path, "wb") as f:
            sizes.tofile(f)
        out.append(value)
    return out


async def aio_sequential_awaits_counter(web: str) -> list[tuple[str, int]]:
    """Sequential awaits counted into a Counter: independent, they could overlap."""
    counts: Counter[str] = Counter()
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        for k, ms in MS4:
            r = await client.get(f"{web}/items/ac-{k}?ms={ms}")
            counts[r.json()["value"][:4]] += 1
    return counts.most_common()


# =========================================================================== containers with hooks


class _WriteThrough(dict):
    """A dict whose item assignment is also a PUT: a store that is a write."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def __setitem__(self, key: str, value: str) -> None:
        _put(self.web, f"wt-{key}", value)
        super().__setitem__(key, value)


def write_through_dict_store_then_get(web: str) -> list[str]:
    """`cache[k] = v` PUTs; the GET after it must see the value."""
    cache = _WriteThrough(web)
    out = []
    for key, ms in (("a", 150), ("b", 30)):
        cache[key] = _get(web, f"src-{key}", ms)[-1] + "!"
        out.append(_get(web, f"wt-{key}", 30))
    return out


class _Registry(dict):
    """A dict whose `__missing__` POSTs a registration and remembers the answer."""

    def __init__(self, web: str) -> None:
        super().__init__()
        self.web = web

    def __missing__(self, key: str) -> int:
        self[key] = n = _post(self.web, f"reg-{key}", "1")
        return n


def missing_hook_posts_then_get(web: str) -> list[Any]:
    reg = _Registry(web)
    out: list[Any] = []
    for key, ms in (("p", 150), ("q", 30), ("p", 90)):
        out.append(_get(web, f"reg-{key}", ms))
        out.append(reg[key])
    return out


class _RemoteMap(collections.abc.MutableMapping):
    """A mapping on the server: get is a GET, set a PUT, delete a DELETE."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.keys_: list[str] = []

    def __getitem__(self, key: str) -> str:
        r = requests.get(f"{self.web}/items/missing-rm-{key}?ms=60", timeout=TIMEOUT)
        if r.status_code == 404:
            raise KeyError(key)
        return r.json()["value"]

    def __setitem__(self, key: str, value: str) -> None:
        _put(self.web, f"missing-rm-{key}", value)
        if key not in self.keys_:
            self.keys_.append(key)

    def __delitem__(self, key: str) -> None:
        requests.delete(f"{self.web}/items/missing-rm-{key}", timeout=TIMEOUT)
        self.keys_.remove(key)

    def __iter__(self) -> Any:
        return iter(list(self.keys_))

    def __len__(self) -> int:
        return len(self.keys_)


def remote_mapping_mixins_in_order(web: str) -> list[Any]:
    """setdefault, update and pop come from MutableMapping: each is GETs and PUTs inside."""
    m = _RemoteMap(web)
    out: list[Any] = [m.setdefault("x", "first")]
    m.update({"y": "one", "z": "two"})
    out.append(m.pop("y"))
    out.append(m.get("y", "gone"))
    out.append(m.setdefault("x", "second"))
    out.append(_get(web, "missing-rm-z", 30))
    return out + [list(m)]


class _LoggedDeque(deque):
    """A deque that logs each append to a file (an audit trail of the queue)."""

    path: Path

    def append(self, item: Any) -> None:
        with open(self.path, "a") as f:
            f.write(f"append {item}\n")
        super().append(item)


def logged_deque_between_gets(web: str, tmp: str) -> list[str]:
    """Appends write a file; the GET after each names the file's size."""
    q: _LoggedDeque = _LoggedDeque()
    q.path = Path(tmp) / "queue.log"
    out = []
    for ms in (150, 30, 90):
        value = _get(web, f"lq-{q.path.stat().st_size if q.path.exists() else 0}", ms)
        q.append(value[-6:])
        out.append(value)
    return out + [q.path.read_text()]


class _AuditCounter(Counter):
    """A Counter whose `update` also POSTs the delta."""

    web = ""

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().update(*args, **kwargs)
        if self.web:  # Counter() itself calls update once, before web is set
            _post(self.web, "audit", json.dumps(sorted(self.items())))


def audit_counter_update_then_read(web: str) -> list[str]:
    counts = _AuditCounter()
    counts.web = web
    out = []
    for key, ms in (("a", 150), ("b", 30)):
        counts.update([_get(web, f"au-{key}", ms)[-1]])
        out.append(_get(web, "audit", 30))
    return out


def counter_update_from_generator_of_puts(web: str) -> list[Any]:
    """Counter.update consumes a generator whose items are PUT versions (writes in C)."""
    c: Counter[int] = Counter()
    c.update(_put(web, f"gen-{k}", k) for k in ("a", "b", "c"))
    return sorted(c.items()) + [_get(web, "gen-c", 30)]


def heapq_merge_of_fetching_generators(web: str) -> list[str]:
    """heapq.merge pulls lazily from two generators that print and GET."""
    def stream(name: str, ms: int) -> Any:
        for i in range(2):
            print("pull", name, i)
            yield _get(web, f"mg-{name}{i}", ms)

    return list(heapq.merge(stream("a", 150), stream("b", 30)))


def insort_with_fetching_key(web: str) -> list[str]:
    """bisect.insort with key= (each comparison a GET), then a PUT between inserts."""
    ranked: list[str] = []
    for item in ("mm", "a", "zzz"):
        bisect.insort(ranked, item, key=lambda s: len(_get(web, f"ik-{s}", 30)))
        _put(web, "ranked", ",".join(ranked))
    return ranked + [_get(web, "ranked", 30)]


def list_comprehension_side_effect_appends(web: str) -> list[str]:
    """A comprehension used for its appends to a deque, then a PUT of its length."""
    q: deque[str] = deque()
    [q.append(_get(web, f"lc-{k}", ms)) for k, ms in MS4]  # noqa: B018
    _put(web, "lc-count", str(len(q)))
    return list(q) + [_get(web, "lc-count", 30)]


# =========================================================================== live views and aliases


def chainmap_base_dict_changed_under_it(web: str) -> list[str]:
    """The loop writes the base dict, not the ChainMap: the next key reads it through cfg."""
    defaults = {"prefix": "p0"}
    cfg = ChainMap({}, defaults)
    out = []
    for key, ms in MS4:
        value = _get(web, f"{cfg['prefix']}-{key}", ms)
        out.append(value)
        defaults["prefix"] = value[-4:]
    return out


def dict_keys_view_names_next(web: str) -> list[str]:
    """A keys view is live: the next GET names the last key added after the last response."""
    seen: dict[str, str] = {"start": ""}
    keys = seen.keys()
    out = []
    for key, ms in MS4:
        last = list(keys)[-1]
        value = _get(web, f"kv-{last}-{key}", ms)
        out.append(value)
        seen[value[-3:]] = value
    return out


def array_memoryview_alias_names_next(web: str) -> list[str]:
    """A memoryview of the array is read for the next key; the array is written."""
    counts = array.array("i", [0, 0])
    mv = memoryview(counts)
    out = []
    for key, ms in MS4:
        value = _get(web, f"mv-{mv[0]}-{key}", ms)
        out.append(value)
        counts[0] += len(value) % 3
    mv.release()
    return out


def deque_maxlen_evicts_what_next_reads(web: str) -> list[str]:
    """A maxlen window: the next key names the oldest value still in the window."""
    window: deque[str] = deque(["w0", "w1"], maxlen=2)
    out = []
    for key, ms in MS4:
        value = _get(web, f"ev-{window[0][-2:]}-{key}", ms)
        out.append(value)
        window.append(value)
    return out


# =========================================================================== a container raises mid-loop


def deque_popleft_empty_mid_fetch_loop(web: str) -> Any:
    """Each GET spends a token from a deque; the third finds it empty (IndexError)."""
    tokens = deque(["t1", "t2"])
    out = []
    try:
        for key, ms in MS4:
            out.append(_get(web, f"tk-{key}", ms))
            tokens.popleft()
    except IndexError as e:
        out.append(f"IndexError {e}")
    return out


def dict_pop_missing_mid_fetch_loop(web: str) -> Any:
    """The loop pops a quota per key; key c has none (KeyError) and the rest are not asked."""
    quota = {"a": 1, "b": 2, "d": 4}
    out = []
    try:
        for key, ms in MS4:
            out.append(quota.pop(key))
            out.append(_get(web, f"qp-{key}", ms))
    except KeyError as e:
        out.append(f"KeyError {e}")
    _put(web, "quota-left", json.dumps(quota, sort_keys=True))
    return out


def heappop_empty_mid_fetch_loop(web: str) -> Any:
    heap = [(2, "x"), (1, "y")]
    heapq.heapify(heap)
    out = []
    try:
        for key, ms in MS4:
            out.append(_get(web, f"hq-{key}-{heapq.heappop(heap)[1]}", ms))
    except IndexError as e:
        out.append(str(e))
    return out


def move_to_end_missing_mid_loop(web: str) -> Any:
    od = OrderedDict.fromkeys("ab")
    out = []
    try:
        for key, ms in MS4:
            out.append(_get(web, f"mte-{key}", ms))
            od.move_to_end(key)
    except KeyError as e:
        out.append(f"KeyError {e}")
    return out + [list(od)]


def dict_subscript_missing_before_get(web: str) -> Any:
    """`limits[key]` raises KeyError for c: the GETs after it are never sent."""
    limits = {"a": 150, "b": 30, "d": 40}
    out = []
    try:
        for key in "abcd":
            out.append(_get(web, f"ds-{key}", limits[key]))
    except KeyError as e:
        out.append(f"KeyError {e}")
    return out


def set_remove_missing_before_get(web: str) -> Any:
    """`pending.remove(key)` raises KeyError for c: the GETs after it are never sent."""
    pending = {"a", "b", "d"}
    out = []
    try:
        for key, ms in MS4:
            pending.remove(key)
            out.append(_get(web, f"sr-{key}", ms))
    except KeyError as e:
        out.append(f"KeyError {e}")
    return out


def set_remove_between_two_gets(web: str) -> Any:
    """Straight line: GET, `seen.remove` of a key not there (KeyError), GET never sent."""
    seen = {"a"}
    first = _get(web, "rb-a", 150)
    seen.remove("b")
    return first, _get(web, "rb-b", 30)


def list_remove_between_two_gets(web: str) -> Any:
    """Straight line: GET, `todo.remove` of an item not there (ValueError), GET never sent."""
    todo = ["a"]
    first = _get(web, "lr-a", 150)
    todo.remove("b")
    return first, _get(web, "lr-b", 30)


def dict_pop_between_get_and_print(web: str) -> Any:
    """GET, `pending.pop(k)` of a missing key, then a print and a GET never reached."""
    pending = {"a": 1}
    first = _get(web, "dp-a", 150)
    pending.pop("b")
    print("popped b")
    return first, _get(web, "dp-b", 30)


def set_remove_between_get_and_put(web: str) -> Any:
    """GET, `seen.remove` of a missing key, then a PUT the plain run never sends."""
    seen = {"a"}
    first = _get(web, "rp-a", 150)
    seen.remove("b")
    return first, _put(web, "rp-b", "1")


def del_missing_key_between_two_gets(web: str) -> Any:
    """GET, `del cache[k]` of a missing key (KeyError), GET never sent."""
    cache = {"a": 1}
    first = _get(web, "dk-a", 150)
    del cache["b"]
    return first, _get(web, "dk-b", 30)


def deque_remove_between_two_chats(client: Any) -> Any:
    """A chat, `queue.remove` of a prompt not queued (ValueError), a chat never sent."""
    queue = deque(["rivers"])
    first = chat(client, "rivers", 0.15)
    queue.remove("lakes")
    return first, chat(client, "lakes", 0.03)


# =========================================================================== the list


def _w(fn: Any, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", **kw)


def _wt(fn: Any, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web, str(env.tmp)), servers="web", **kw)


def _oa(fn: Any, **kw: Any) -> Case:
    return Case("sdk", fn, args=lambda env: (openai_client(env),), servers="api", **kw)


def _aio(fn: Any, **kw: Any) -> Case:
    return Case("clients", fn, drive=_drive_async, servers="web", **kw)


def _drive_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


O4 = over(0.15, 0.03, 0.09, 0.04)

CASES: list[Case] = [
    # -- overlap: fetch per item, count or group into a container
    _w(grouped_by_value_length_overlaps, "fanout", ideal=O4, overlap=4),
    _w(counter_update_per_fetch_overlaps, "fanout", ideal=O4, overlap=4),
    _w(counter_of_generator_fetches, "fanout", ideal=O4, overlap=4),
    _w(defaultdict_int_status_tally, "fanout", ideal=O4, overlap=4),
    _w(set_comprehension_of_fetches, "fanout", ideal=O4, overlap=4),
    _w(heap_of_fetched_lengths_overlaps, "fanout", ideal=O4, overlap=4),
    _w(insort_fetched_values_overlaps, "fanout", ideal=O4, overlap=4),
    _w(array_of_fetched_lengths, "fanout", ideal=O4, overlap=4),
    _w(deque_window_of_fetches, "fanout", ideal=O4, overlap=4),
    _w(chainmap_config_per_item_fetch, "fanout", ideal=O4, overlap=4),
    _oa(counter_of_chat_words_overlaps, ideal=over(0.15, 0.03, 0.09), overlap=3),
    _w(dict_comprehension_then_sorted_puts, "fanout", ideal=(0.31 + 4 * 0.05) / (0.15 + 0.2),
       overlap=4),
    _aio(aio_sequential_awaits_counter, ideal=O4, overlap=4),
    _w(list_comprehension_side_effect_appends, "fanout", ideal=(0.31 + 0.1) / (0.15 + 0.1),
       overlap=4),
    # -- seen sets
    _w(seen_set_skips_duplicates_with_puts),
    _w(seen_set_filled_by_helper),
    # -- deque
    _w(deque_bfs_over_links),
    _w(deque_work_queue_writes_in_order),
    _w(deque_rotate_round_robin_writes),
    # -- heapq
    _w(heap_priority_of_writes),
    _w(heap_objects_compare_with_prints),
    # -- bisect / sort
    _w(list_sorted_while_iterated),
    _w(sort_key_reads_dict_filled_between),
    # -- defaultdict
    _w(defaultdict_factory_fetches_default, "helpers"),
    _w(defaultdict_factory_writes, "helpers"),
    _w(defaultdict_int_threshold_writes),
    _w(defaultdict_missing_print_between, "helpers"),
    # -- Counter
    _w(counter_most_common_decides_put),
    _wt(counter_saved_to_sqlite_each_fetch, "db"),
    _w(counter_alias_updated_by_helper, "helpers"),
    # -- ChainMap
    _w(chainmap_override_written_then_read),
    # -- OrderedDict
    _w(ordereddict_lru_write_back),
    _w(ordereddict_lru_reads_own_writes),
    # -- dict methods
    _w(popitem_lifo_writes),
    _w(dict_changed_size_during_iteration, "validation"),
    # -- array
    _wt(array_written_to_file_between),
    # -- containers with hooks
    _w(write_through_dict_store_then_get, "helpers"),
    _w(missing_hook_posts_then_get, "helpers"),
    _w(remote_mapping_mixins_in_order, "helpers"),
    _wt(logged_deque_between_gets),
    _w(audit_counter_update_then_read, "helpers"),
    _w(counter_update_from_generator_of_puts, "helpers"),
    _w(heapq_merge_of_fetching_generators, "helpers"),
    _w(insort_with_fetching_key, "helpers"),
    # -- live views and aliases
    _w(chainmap_base_dict_changed_under_it),
    _w(dict_keys_view_names_next),
    _w(array_memoryview_alias_names_next),
    _w(deque_maxlen_evicts_what_next_reads),
    # -- a container method raises between calls
    _w(deque_popleft_empty_mid_fetch_loop, "validation"),
    _w(dict_pop_missing_mid_fetch_loop, "validation"),
    _w(heappop_empty_mid_fetch_loop, "validation"),
    _w(move_to_end_missing_mid_loop, "validation"),
    _w(dict_subscript_missing_before_get, "validation"),
    _w(set_remove_missing_before_get, "validation"),
    _w(set_remove_between_two_gets, "validation"),
    _w(list_remove_between_two_gets, "validation"),
    _w(dict_pop_between_get_and_print, "validation"),
    _w(set_remove_between_get_and_put, "validation"),
    _w(del_missing_key_between_two_gets, "validation"),
    _oa(deque_remove_between_two_chats),
]

# A statement that calls a container method which can raise (set.remove, list.remove,
# dict.pop without a default, del d[k], deque.popleft/remove), whose result no later call
# needs, is treated as unable to fail: the call after it is sent before it has run, beside
# the call before it. docs/jit.md: "A call after a raise/assert (or a helper that raises) in
# its block ... is never sent when the check fails". Writes after it stay in place
# (set_remove_between_get_and_put passes); reads and model calls go out.
_RAISER = ("the read after it is sent beside the read before it, before the raising "
           "statement ran")
# Extra reads only, sent above a statement that fails by accident (a container's
# `remove`, `pop`, `popleft` or `del` of an item that is not there): the documented
# allowance of docs/jit.md ('a statement that fails by accident rather than by design').
# The exception, its place, stdout, files and every write are the plain run's; these
# cases run with `speculative_reads`.
ALLOWED_WHY: dict[str, str] = {
    "deque_popleft_empty_mid_fetch_loop":
        "extra GET tk-d: `get(k); tokens.popleft()` in a loop, popleft raises IndexError on "
        "the third turn; the fourth turn's GET was already sent (" + _RAISER + ")",
    "dict_pop_missing_mid_fetch_loop":
        "extra GET qp-c and qp-d before PUT quota-left: `out.append(quota.pop(key))` raises "
        "KeyError for c; the GETs of c and d were already sent",
    "set_remove_missing_before_get":
        "extra GET sr-c and sr-d: `pending.remove(key); get(key)` in a loop, remove raises "
        "KeyError for c; GETs c and d already sent",
    "set_remove_between_two_gets":
        "extra GET rb-b; smallest shape: `a = get(A); seen.remove('b'); return a, get(B)` "
        "(KeyError): " + _RAISER,
    "list_remove_between_two_gets":
        "extra GET lr-b: `a = get(A); todo.remove('b'); get(B)` (ValueError): " + _RAISER,
    "dict_pop_between_get_and_print":
        "extra GET dp-b: `a = get(A); pending.pop('b'); print(..); get(B)` (KeyError): "
        + _RAISER,
    "del_missing_key_between_two_gets":
        "extra GET dk-b: `a = get(A); del cache['b']; get(B)` (KeyError): " + _RAISER,
    "deque_remove_between_two_chats":
        "extra chat completion (a paid model call): `a = chat(..); queue.remove('lakes'); "
        "chat(..)` (ValueError): the second chat is sent beside the first",
}
FAILING_WHY: dict[str, str] = {}
FAILING: list[Case] = []
CASES = [dataclasses.replace(c, speculative_reads=True) if c.name in ALLOWED_WHY else c
         for c in CASES]
