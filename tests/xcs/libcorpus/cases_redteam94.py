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


def counter_arithmetic_of_two_batches(web: str) -> dict[str, Any]:
    """Two batches counted apart, then added and subtracted."""
    first = Counter(_get(web, f"b1-{k}", ms)[-1] for k, ms in (("a", 150), ("b", 30)))
    second = Counter(_get(web, f"b2-{k}", ms)[-1] for k, ms in (("b", 90), ("c", 40)))
    return {"sum": sorted((first + second).items()), "diff": sorted((first - second).items()),
            "and": sorted((first & second).items()), "or": sorted((first | second).items())}


def setdefault_buckets_of_chats(client: Any) -> dict[str, list[str]]:
    """Chats per topic, answers bucketed by the first word with setdefault."""
    buckets: dict[str, list[str]] = {}
    for topic, lat in (("rivers", 0.15), ("lakes", 0.03), ("seas", 0.09)):
        answer = chat(client, f"One line on {topic}", lat)
        buckets.setdefault(answer.split()[0] if answer else "", []).append(topic)
    return buckets


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


def seen_set_grown_from_responses(web: str) -> list[str]:
    """The first response names keys to treat as already seen: later fetches skip them."""
    _put(web, "skiplist", "k2,k4")
    seen = set(_get(web, "skiplist", 150).split(","))
    got = []
    for i, ms in ((1, 120), (2, 30), (3, 80), (4, 40)):
        key = f"k{i}"
        if key not in seen:
            got.append(_get(web, key, ms))
            seen.add(key)
    return got


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


def seen_difference_then_fetch_sorted(web: str) -> list[str]:
    """wanted - seen, fetched in sorted order; the writes mark them seen on the server."""
    _put(web, "seen-list", "b,d")
    seen = set(_get(web, "seen-list", 120).split(","))
    wanted = {"a", "b", "c", "d", "e"}
    out = []
    for key in sorted(wanted - seen):
        out.append(_get(web, f"w-{key}", 150 if key == "a" else 40))
        _post(web, "seen-list", ",".join(sorted(seen | {key})))
        seen.add(key)
    out.append(_get(web, "seen-list", 30))
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


def deque_appendleft_retry(web: str) -> list[str]:
    """A 404 puts a fallback key at the front of the queue."""
    queue = deque([("missing-a", 150), ("b", 30), ("missing-c", 90), ("d", 40)])
    out = []
    for _ in range(10):
        if not queue:
            break
        key, ms = queue.popleft()
        if _try(web, key, ms) == 404:
            print("retry", key)
            queue.appendleft((key.replace("missing", "found"), 30))
        else:
            out.append(key)
    return out


def deque_rotate_round_robin_writes(web: str) -> list[int]:
    """Round-robin writes over shards: rotate after each write."""
    shards = deque(["s0", "s1", "s2"])
    versions = []
    for i in range(5):
        versions.append(_put(web, f"shard-{shards[0]}", str(i)))
        shards.rotate(-1)
    return versions + [int(_get(web, f"shard-{s}", 30)) for s in ("s0", "s1", "s2")]


def deque_maxlen_window_names_next_key(web: str) -> list[str]:
    """The window of the last two values names the next key."""
    window: deque[str] = deque(["w0"], maxlen=2)
    for ms in (150, 30, 90):
        value = _get(web, "nx-" + "".join(s[-1] for s in window), ms)
        window.append(value)
    return list(window)


def deque_popped_by_helper_between_gets(web: str) -> list[str]:
    """A helper pops from the queue; the loop's next GET is named by what is left."""
    todo = deque(["t1", "t2", "t3", "t4"])

    def drop_one() -> None:
        todo.pop()

    out = []
    while todo:
        key = todo.popleft()
        out.append(_get(web, key, 150 if key == "t1" else 40))
        drop_one()
    return out


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


def heap_fed_by_responses(web: str) -> list[str]:
    """Each response pushes a child with a priority from its length; pop decides next GET."""
    pq = [(0, "root")]
    order = []
    for _ in range(4):
        if not pq:
            break
        _, key = heapq.heappop(pq)
        order.append(key)
        value = _get(web, key, 150 if key == "root" else 40)
        heapq.heappush(pq, (len(value), value[:8]))
        heapq.heappush(pq, (len(value) + 1, key + "z"))
    return order


def heap_topk_put_when_changed(web: str) -> list[int]:
    """Keep the top two scores; write the board whenever it changes."""
    board: list[int] = []
    versions = []
    for key, ms in MS4:
        score = len(_get(web, f"score-{key * (ord(key) % 4 + 1)}", ms))
        if len(board) < 2:
            heapq.heappush(board, score)
        elif score > board[0]:
            heapq.heapreplace(board, score)
        else:
            continue
        versions.append(_put(web, "board", json.dumps(sorted(board))))
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


def insort_then_put_median(web: str) -> list[Any]:
    """Each fetched number goes in order; the median is written after each."""
    for k, n in (("n1", "50"), ("n2", "10"), ("n3", "30")):
        _put(web, k, n)
    ranked: list[int] = []
    out: list[Any] = []
    for key, ms in (("n1", 150), ("n2", 30), ("n3", 90)):
        bisect.insort(ranked, int(_get(web, key, ms)))
        out.append(_put(web, "median", str(ranked[len(ranked) // 2])))
    out.append(_get(web, "median", 30))
    return out


def list_sorted_in_place_names_next(web: str) -> list[str]:
    """The list is sorted between calls; its first element names the next GET."""
    names = ["m", "c", "x"]
    out = []
    for ms in (150, 30, 90):
        names.sort()
        first = names.pop(0)
        value = _get(web, f"srt-{first}", ms)
        out.append(value)
        names.append(value[-1])
    return out


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


def defaultdict_counter_factory_of_user(web: str) -> dict[str, Any]:
    """A factory closing over a counter: new keys get numbered in creation order."""
    made = [0]

    def numbered() -> dict[str, Any]:
        made[0] += 1
        return {"n": made[0], "vals": []}

    d: defaultdict[str, dict[str, Any]] = defaultdict(numbered)
    for key, ms in (("z", 150), ("y", 30), ("z", 90), ("x", 40)):
        d[key]["vals"].append(_get(web, f"nm-{key}", ms))
    _put(web, "made", str(made[0]))
    return {k: v for k, v in d.items()}


def defaultdict_set_tags_then_puts(web: str) -> list[int]:
    """Tags gathered into sets per item; each item's tags are written when it is done."""
    tags: defaultdict[str, set[str]] = defaultdict(set)
    versions = []
    for item, tag, ms in (("i1", "red", 150), ("i2", "blue", 30), ("i1", "big", 90)):
        tags[item].add(_get(web, f"tag-{tag}", ms))
        versions.append(_put(web, f"tags-{item}", ",".join(sorted(tags[item]))))
    return versions


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


def counter_subtract_budget_stops(web: str) -> list[str]:
    """A budget Counter is spent per fetch; the loop stops once a bucket goes negative."""
    budget = Counter(reads=3, bytes=20)
    out = []
    for key, ms in (("a", 150), ("bb", 30), ("ccc", 90), ("dddd", 40), ("e", 60)):
        value = _get(web, f"bud-{key}", ms)
        budget.subtract(reads=1, bytes=len(value))
        out.append(value)
        if min(budget.values()) < 0:
            _put(web, "budget", "over")
            break
    return out + [str(sorted(budget.items()))]


def counter_elements_each_written(web: str) -> list[int]:
    """Counter.elements() yields keys in insertion order; each is POSTed."""
    c = Counter()
    for key, ms in (("q", 150), ("p", 30)):
        c[_get(web, f"el-{key}", ms)] += 2
    return [_post(web, "elements", e) for e in c.elements()]


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


def counter_dumped_to_file_between(web: str, tmp: str) -> list[str]:
    """The Counter is dumped as JSON after each fetch; a later GET sends the file's size."""
    path = Path(tmp) / "counts.json"
    counts: Counter[str] = Counter()
    out = []
    for key, ms in (("a", 150), ("b", 30), ("c", 90)):
        counts[_get(web, f"fd-{key}", ms)] += 1
        path.write_text(json.dumps(counts, sort_keys=True))
        out.append(_get(web, f"size-{path.stat().st_size}", 30))
    return out


# =========================================================================== ChainMap


def chainmap_new_child_per_response(web: str) -> list[str]:
    """Each response pushes a new layer; the next key reads the top layer."""
    cfg = ChainMap({"key": "c0"})
    out = []
    for ms in (150, 30, 90):
        value = _get(web, f"layer-{cfg['key']}", ms)
        out.append(value)
        cfg = cfg.new_child({"key": value[-2:]})
    return out + [str(len(cfg.maps))]


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


def chainmap_parents_after_put(web: str) -> list[Any]:
    """The child layer is dropped (`.parents`) after a PUT; the next GET uses the parent."""
    base = {"target": "alpha"}
    cfg = ChainMap({"target": "beta"}, base)
    out: list[Any] = [_put(web, f"tg-{cfg['target']}", "1")]
    cfg = cfg.parents
    out.append(_get(web, f"tg-{cfg['target']}", 150))
    out.append(_get(web, "tg-beta", 30))
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


def ordereddict_move_to_end_front_logs(web: str) -> list[str]:
    """move_to_end(last=False) puts a key in front; the log prints the order after each GET."""
    od = OrderedDict.fromkeys(["x", "y", "z"], "")
    for key, ms in (("z", 150), ("y", 30), ("x", 90)):
        od[key] = _get(web, f"mf-{key}", ms)
        od.move_to_end(key, last=False)
        LOG.info("order %s", list(od))
    return list(od)


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


def pop_with_default_decides_get(web: str) -> list[str]:
    """dict.pop of an override decides the key of the next GET."""
    overrides = {"b": "bee"}
    out = []
    for key, ms in (("a", 150), ("b", 30), ("b", 90)):
        name = overrides.pop(key, key)
        out.append(_get(web, f"po-{name}", ms))
        if key == "a":
            overrides["b"] = _get(web, "po-newb", 30)[-4:]
    return out


def setdefault_then_put_group_size(web: str) -> list[int]:
    """Group fetched values with setdefault; write each group's size after adding."""
    groups: dict[str, list[str]] = {}
    versions = []
    for key, ms in (("x1", 150), ("y1", 30), ("x2", 90)):
        bucket = groups.setdefault(key[0], [])
        bucket.append(_get(web, f"sd-{key}", ms))
        versions.append(_put(web, f"size-{key[0]}", str(len(bucket))))
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


def deque_of_calls_consumed(web: str) -> list[Any]:
    """A deque of callables: reads and writes, run in order from the left."""
    tasks: deque[Any] = deque([
        lambda: _get(web, "dq-k", 150),
        lambda: _put(web, "dq-k", "new"),
        lambda: _get(web, "dq-k", 30),
    ])
    out = []
    while tasks:
        out.append(tasks.popleft()())
    return out


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


def array_extend_from_response_indexes_next(web: str) -> list[str]:
    """The array grows from the response; its last element indexes the next key."""
    nums = array.array("i", [1])
    out = []
    for ms in (150, 30, 90):
        value = _get(web, f"ai-{nums[-1]}", ms)
        out.append(value)
        nums.extend([len(value), nums[-1] + 1])
    return out


async def aio_gather_into_defaultdict(web: str) -> dict[str, list[str]]:
    """gather the reads, then group them into a defaultdict in the gather's order."""
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        rs = await asyncio.gather(*[client.get(f"{web}/items/ag-{k}?ms={ms}") for k, ms in MS4])
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for r in rs:
        v = r.json()["value"]
        groups[v[-1]].append(v)
    return dict(groups)


async def aio_sequential_awaits_counter(web: str) -> list[tuple[str, int]]:
    """Sequential awaits counted into a Counter: independent, they could overlap."""
    counts: Counter[str] = Counter()
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        for k, ms in MS4:
            r = await client.get(f"{web}/items/ac-{k}?ms={ms}")
            counts[r.json()["value"][:4]] += 1
    return counts.most_common()


async def aio_queue_fed_by_responses(web: str) -> list[str]:
    """A deque work queue in async code, fed by responses."""
    queue = deque(["s"])
    seen: list[str] = []
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        await client.put(f"{web}/items/aq-s", content="t,u")
        while queue and len(seen) < 4:
            key = queue.popleft()
            seen.append(key)
            r = await client.get(f"{web}/items/aq-{key}?ms={150 if key == 's' else 30}")
            value = r.json()["value"]
            if "," in value:
                queue.extend(value.split(","))
    return seen


def collections_module_attribute_counter(web: str) -> list[Any]:
    """`collections.Counter` through the module, and `most_common` written in order."""
    c = collections.Counter()
    for key, ms in (("m", 150), ("n", 30), ("m", 90)):
        c[_get(web, f"mod-{key}", ms)] += 1
    return [_put(web, f"rank-{i}", k) for i, (k, _) in enumerate(c.most_common())]


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


def heapq_nlargest_key_fetches(web: str) -> list[str]:
    """nlargest with a key that GETs, then a PUT of the winner and a GET of it."""
    keys = ["aa", "b", "cccc", "dd"]
    top = heapq.nlargest(2, keys, key=lambda k: len(_get(web, f"nl-{k}", 40 + 10 * len(k))))
    _put(web, "nl-winner", top[0])
    return top + [_get(web, "nl-winner", 30)]


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


def defaultdict_factory_partial_get(web: str) -> dict[str, str]:
    """The factory is functools.partial(_get, ...): missing keys read a key a PUT changes."""
    import functools

    d: defaultdict[str, str] = defaultdict(functools.partial(_get, web, "dflt", 150))
    first = d["one"]
    _put(web, "dflt", "new")
    return {"first": first, "second": d["two"]}


def list_comprehension_side_effect_appends(web: str) -> list[str]:
    """A comprehension used for its appends to a deque, then a PUT of its length."""
    q: deque[str] = deque()
    [q.append(_get(web, f"lc-{k}", ms)) for k, ms in MS4]  # noqa: B018
    _put(web, "lc-count", str(len(q)))
    return list(q) + [_get(web, "lc-count", 30)]


def global_counter_mutated_by_helper(web: str) -> list[Any]:
    """A module-level Counter a helper bumps; the URL reads it."""
    out: list[Any] = []
    for key, ms in (("a", 150), ("b", 30), ("c", 90)):
        out.append(_get(web, f"gc-{HITS['calls']}", ms))
        _bump(key)
    return out


HITS: Counter[str] = Counter()


def _bump(key: str) -> None:
    HITS["calls"] += 1
    HITS[key] += 1


def _reset_hits(env: Env) -> None:
    HITS.clear()


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


def chainmap_child_layer_alias(web: str) -> list[str]:
    """The top layer is kept by name and filled after each GET; cfg sees it."""
    top: dict[str, str] = {}
    cfg = ChainMap(top, {"tag": "t0"})
    out = []
    for key, ms in MS4:
        out.append(_get(web, f"ca-{cfg['tag']}-{key}", ms))
        top["tag"] = out[-1][-3:]
    return out


def defaultdict_bucket_alias_len_names_next(web: str) -> list[str]:
    """A bucket taken by name is appended to; the next key reads len(d[...])."""
    d: defaultdict[str, list[str]] = defaultdict(list)
    bucket = d["all"]
    out = []
    for key, ms in MS4:
        out.append(_get(web, f"ba-{len(d['all'])}-{key}", ms))
        if out[-1].endswith(("a", "c")):
            bucket.append(out[-1])
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


def dict_items_view_counted_between(web: str) -> list[str]:
    """An items view's len changes as the dict grows; conditional adds from responses."""
    store: dict[str, int] = {}
    items = store.items()
    out = []
    for key, ms in MS4:
        value = _get(web, f"iv-{len(items)}-{key}", ms)
        out.append(value)
        if key in "ac":
            store[key] = len(value)
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


def counter_in_list_alias_names_next(web: str) -> list[str]:
    """A Counter kept in a list is bumped through the list; the key reads the name."""
    c: Counter[str] = Counter()
    holder = [c]
    out = []
    for key, ms in MS4:
        value = _get(web, f"cl-{c['hits']}-{key}", ms)
        out.append(value)
        if key in "ab":
            holder[0]["hits"] += 1
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


def ordereddict_popitem_first_names_next(web: str) -> list[str]:
    """The oldest entry is popped to name the next GET; responses add new entries."""
    od: OrderedDict[str, int] = OrderedDict([("s0", 0), ("s1", 1)])
    out = []
    for key, ms in MS4:
        oldest, _ = od.popitem(last=False)
        value = _get(web, f"op-{oldest}-{key}", ms)
        out.append(value)
        od[value[-2:]] = len(out)
    return out


def heap_alias_pushed_by_helper(web: str) -> list[str]:
    """A helper pushes onto the heap through a dict; the loop pops to name the next GET."""
    state = {"heap": [(0, "h0")]}
    heap = state["heap"]

    def push(value: str) -> None:
        heapq.heappush(state["heap"], (len(value) % 5, value[-2:]))

    out = []
    for key, ms in MS4:
        _, name = heapq.heappop(heap)
        out.append(_get(web, f"hp-{name}-{key}", ms))
        push(out[-1])
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


def array_overflow_mid_fetch_loop(web: str) -> Any:
    """A signed-byte array takes the running length; it overflows after a few GETs."""
    sizes = array.array("b")
    total = 100
    out = []
    try:
        for key, ms in MS4:
            value = _get(web, f"ao-{key}", ms)
            total += len(value)
            sizes.append(total)
            out.append(value)
    except OverflowError as e:
        out.append(type(e).__name__)
    return out + [sizes.tolist()]


def chainmap_pop_parent_key_mid_loop(web: str) -> Any:
    """ChainMap.pop only looks in the first map: a key in a parent raises KeyError."""
    cfg = ChainMap({"a": "1", "b": "2"}, {"c": "3", "d": "4"})
    out = []
    try:
        for key, ms in MS4:
            out.append(_get(web, f"cp-{key}", ms))
            out.append(cfg.pop(key))
    except KeyError as e:
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


def counter_most_common_empty_mid_loop(web: str) -> Any:
    """Only some responses count; most_common(1)[0] on an empty Counter raises."""
    c: Counter[str] = Counter()
    out = []
    for key, ms in MS4:
        value = _get(web, f"me-{key}", ms)
        if key == "b":
            c.update(value)
        out.append(c.most_common(1)[0][0])
    return out


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
    # -- overlap
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
    _w(counter_arithmetic_of_two_batches, "fanout", ideal=over(0.15, 0.03, 0.09, 0.04),
       overlap=4),
    _oa(setdefault_buckets_of_chats, ideal=over(0.15, 0.03, 0.09), overlap=3),
    _oa(counter_of_chat_words_overlaps, ideal=over(0.15, 0.03, 0.09), overlap=3),
    _w(dict_comprehension_then_sorted_puts, "fanout", ideal=(0.31 + 4 * 0.05) / (0.15 + 0.2),
       overlap=4),
    _aio(aio_gather_into_defaultdict, overlap=4),
    _aio(aio_sequential_awaits_counter, ideal=O4, overlap=4),
    _w(collections_module_attribute_counter, "fanout", ideal=(0.27 + 0.1) / (0.15 + 0.1),
       overlap=3),
    # -- seen sets
    _w(seen_set_skips_duplicates_with_puts),
    _w(seen_set_grown_from_responses),
    _w(seen_set_filled_by_helper),
    _w(seen_difference_then_fetch_sorted),
    # -- deque
    _w(deque_bfs_over_links),
    _w(deque_work_queue_writes_in_order),
    _w(deque_appendleft_retry),
    _w(deque_rotate_round_robin_writes),
    _w(deque_maxlen_window_names_next_key),
    _w(deque_popped_by_helper_between_gets, "helpers"),
    _w(deque_of_calls_consumed, "helpers"),
    _aio(aio_queue_fed_by_responses),
    # -- heapq
    _w(heap_priority_of_writes),
    _w(heap_fed_by_responses),
    _w(heap_topk_put_when_changed),
    _w(heap_objects_compare_with_prints),
    # -- bisect / sort
    _w(insort_then_put_median),
    _w(list_sorted_in_place_names_next),
    _w(list_sorted_while_iterated),
    _w(sort_key_reads_dict_filled_between),
    # -- defaultdict
    _w(defaultdict_factory_fetches_default, "helpers"),
    _w(defaultdict_factory_writes, "helpers"),
    _w(defaultdict_counter_factory_of_user, "helpers"),
    _w(defaultdict_set_tags_then_puts),
    _w(defaultdict_int_threshold_writes),
    _w(defaultdict_missing_print_between, "helpers"),
    # -- Counter
    _w(counter_most_common_decides_put),
    _w(counter_subtract_budget_stops),
    _w(counter_elements_each_written),
    _wt(counter_saved_to_sqlite_each_fetch, "db"),
    _wt(counter_dumped_to_file_between),
    _w(counter_alias_updated_by_helper, "helpers"),
    # -- ChainMap
    _w(chainmap_new_child_per_response),
    _w(chainmap_override_written_then_read),
    _w(chainmap_parents_after_put),
    # -- OrderedDict
    _w(ordereddict_lru_write_back),
    _w(ordereddict_lru_reads_own_writes),
    _w(ordereddict_move_to_end_front_logs),
    # -- dict methods
    _w(popitem_lifo_writes),
    _w(pop_with_default_decides_get),
    _w(setdefault_then_put_group_size),
    _w(dict_changed_size_during_iteration, "validation"),
    # -- array
    _wt(array_written_to_file_between),
    _w(array_extend_from_response_indexes_next),
    # -- containers with hooks
    _w(write_through_dict_store_then_get, "helpers"),
    _w(missing_hook_posts_then_get, "helpers"),
    _w(remote_mapping_mixins_in_order, "helpers"),
    _wt(logged_deque_between_gets),
    _w(audit_counter_update_then_read, "helpers"),
    _w(counter_update_from_generator_of_puts, "helpers"),
    _w(heapq_nlargest_key_fetches, "helpers"),
    _w(heapq_merge_of_fetching_generators, "helpers"),
    _w(insort_with_fetching_key, "helpers"),
    _w(defaultdict_factory_partial_get, "helpers"),
    _w(list_comprehension_side_effect_appends, "fanout", ideal=(0.31 + 0.1) / (0.15 + 0.1),
       overlap=4),
    _w(global_counter_mutated_by_helper, setup=_reset_hits),
    # -- live views and aliases
    _w(chainmap_base_dict_changed_under_it),
    _w(chainmap_child_layer_alias),
    _w(defaultdict_bucket_alias_len_names_next),
    _w(dict_keys_view_names_next),
    _w(dict_items_view_counted_between),
    _w(array_memoryview_alias_names_next),
    _w(counter_in_list_alias_names_next),
    _w(deque_maxlen_evicts_what_next_reads),
    _w(ordereddict_popitem_first_names_next),
    _w(heap_alias_pushed_by_helper),
    # -- a container raises mid-loop
    _w(deque_popleft_empty_mid_fetch_loop, "validation"),
    _w(dict_pop_missing_mid_fetch_loop, "validation"),
    _w(heappop_empty_mid_fetch_loop, "validation"),
    _w(array_overflow_mid_fetch_loop, "validation"),
    _w(chainmap_pop_parent_key_mid_loop, "validation"),
    _w(move_to_end_missing_mid_loop, "validation"),
    _w(counter_most_common_empty_mid_loop, "validation"),
]

FAILING_WHY: dict[str, str] = {
}
FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
