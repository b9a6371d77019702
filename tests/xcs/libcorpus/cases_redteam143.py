"""Red-team cases (stop 143): recursive and tree-shaped programs around I/O.

A recursive crawler over the HTTP server's keys (the function first PUTs a small tree whose
values name each node's children with their latency, ``"a:150,b:40"``, then GETs it
recursively: requests, a Session, httpx, urllib), tree-of-thought expansion with `oa`
model calls (each node into 2 children to depth 2, leaves scored, the best picked),
divide-and-conquer summarisation (split, summarise halves recursively, combine), mutual
recursion between two helpers, recursion with a memo dict or `functools.cache`, a depth
limit that raises, recursive generators (``yield from``) consumed by a comprehension, an
explicit stack or queue (BFS) that appends children as it fetches, recursion inside
methods of a class, and writes (PUT, DELETE, files, prints, logs) made along the way.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY` saying
what differed.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import functools
import json
import os
import sqlite3
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam143")

PUT_MS = 5
ROOT_MS = 50

# Each value names the node's children and the latency of their GET (ms).
TREE: dict[str, str] = {
    "root": "a:150,b:40,c:90",
    "a": "a1:60,a2:30",
    "b": "b1:120,b2:20",
    "c": "",
    "a1": "",
    "a2": "",
    "b1": "",
    "b2": "",
}

# A DAG: "s" is reached from both "a" and "b".
DAG: dict[str, str] = {
    "root": "a:150,b:40",
    "a": "s:60,a1:30",
    "b": "s:90",
    "s": "s1:20",
    "a1": "",
    "s1": "",
}


# Deeper than the depth limit along "a".
DEEP: dict[str, str] = {
    "root": "a:150,b:40",
    "a": "a1:60",
    "a1": "a2:30",
    "a2": "a3:20",
    "a3": "",
    "b": "b1:90",
    "b1": "",
}

# One child's key names a missing item (the server answers 404).
HOLEY: dict[str, str] = {
    "root": "a:150,missing-x:40,c:90",
    "a": "a1:60",
    "c": "",
    "a1": "",
}


def kids(value: str) -> list[tuple[str, int]]:
    """The children a node's value names: [(key, ms), ...]."""
    out = []
    for part in value.split(","):
        if part:
            k, ms = part.split(":")
            out.append((k, int(ms)))
    return out


def _walk(tree: dict[str, str], key: str, ms: int) -> tuple[float, float]:
    """(sum of GET latencies, critical path) of the subtree at `key`, in seconds."""
    total, path = ms / 1000, 0.0
    for k, m in kids(tree[key]):
        t, p = _walk(tree, k, m)
        total += t
        path = max(path, p)
    return total, ms / 1000 + path


def tree_ideal(tree: dict[str, str], puts: bool = True, root_ms: int = ROOT_MS) -> float:
    """(PUTs, serial, + all GETs) / (PUTs + the GETs' critical path)."""
    total, path = _walk(tree, "root", root_ms)
    serial = len(tree) * PUT_MS / 1000 if puts else 0.0
    return (serial + total) / (serial + path)


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def plant(web: str, tree: dict[str, str]) -> None:
    """PUT every node of `tree` (a write each, in order)."""
    for key, value in tree.items():
        requests.put(f"{web}/items/{key}?ms={PUT_MS}", data=value)


def get_value(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


# =========================================================================== crawlers


def crawl(web: str, key: str, ms: int) -> dict[str, Any]:
    value = get_value(web, key, ms)
    return {"key": key, "children": [crawl(web, k, m) for k, m in kids(value)]}


def r143_crawl_nested_dict(web: str) -> dict[str, Any]:
    plant(web, TREE)
    return crawl(web, "root", ROOT_MS)


def count_nodes(web: str, key: str, ms: int) -> int:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return 1 + sum(count_nodes(web, k, m) for k, m in kids(value))


def crawl_loop(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    found = [key]
    for k, m in kids(value):
        found.extend(crawl_loop(web, k, m))
    return found


def r143_crawl_preorder_loop_extend(web: str) -> list[str]:
    plant(web, TREE)
    return crawl_loop(web, "root", ROOT_MS)


def show(web: str, key: str, ms: int, depth: int) -> int:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    print("  " * depth + key)
    n = 1
    for k, m in kids(value):
        n += show(web, k, m, depth + 1)
    return n


def r143_crawl_prints_indented(web: str) -> int:
    plant(web, TREE)
    return show(web, "root", ROOT_MS, 0)


def crawl_session(s: requests.Session, web: str, key: str, ms: int) -> dict[str, list]:
    value = s.get(f"{web}/items/{key}", params={"ms": ms}).json()["value"]
    return {key: [crawl_session(s, web, k, m) for k, m in kids(value)]}


def r143_crawl_requests_session(web: str) -> dict[str, list]:
    with requests.Session() as s:
        for key, value in TREE.items():
            s.put(f"{web}/items/{key}?ms={PUT_MS}", data=value)
        return crawl_session(s, web, "root", ROOT_MS)


def crawl_httpx(client: httpx.Client, key: str, ms: int) -> list[str]:
    r = client.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    out = [key]
    for k, m in kids(r.json()["value"]):
        out.extend(crawl_httpx(client, k, m))
    return out


def r143_crawl_httpx_client(web: str) -> list[str]:
    with httpx.Client(base_url=web) as client:
        for key, value in TREE.items():
            client.put(f"/items/{key}?ms={PUT_MS}", content=value)
        return crawl_httpx(client, "root", ROOT_MS)


def fetch_urllib(web: str, key: str, ms: int) -> str:
    with urllib.request.urlopen(f"{web}/items/{key}?ms={ms}") as r:
        return json.loads(r.read())["value"]


def crawl_urllib(web: str, key: str, ms: int) -> dict[str, Any]:
    value = fetch_urllib(web, key, ms)
    return {k: crawl_urllib(web, k, m) for k, m in kids(value)}


def r143_crawl_urllib_dictcomp(web: str) -> dict[str, Any]:
    plant(web, TREE)
    return {"root": crawl_urllib(web, "root", ROOT_MS)}


def r143_crawl_missing_child_raises(web: str) -> dict[str, Any]:
    plant(web, HOLEY)
    return crawl(web, "root", ROOT_MS)


def crawl_tolerant(web: str, key: str, ms: int) -> list[str]:
    try:
        value = get_value(web, key, ms)
    except requests.HTTPError as exc:
        return [f"{key}: {exc.response.status_code}"]
    out = [key]
    for k, m in kids(value):
        out += crawl_tolerant(web, k, m)
    return out


def r143_crawl_missing_child_caught(web: str) -> list[str]:
    plant(web, HOLEY)
    return crawl_tolerant(web, "root", ROOT_MS)


class TooDeep(Exception):
    pass


def crawl_limited(web: str, key: str, ms: int, depth: int, limit: int) -> list[str]:
    if depth > limit:
        raise TooDeep(f"{key} is deeper than {limit}")
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    out = [key]
    for k, m in kids(value):
        out += crawl_limited(web, k, m, depth + 1, limit)
    return out


def r143_depth_limit_within(web: str) -> list[str]:
    plant(web, DEEP)
    return crawl_limited(web, "root", ROOT_MS, 0, 5)


def crawl_dag(web: str, key: str, ms: int, seen: set[str], order: list[str]) -> None:
    if key in seen:
        return
    seen.add(key)
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    order.append(key)
    for k, m in kids(value):
        crawl_dag(web, k, m, seen, order)


def r143_dag_visited_set(web: str) -> list[str]:
    plant(web, DAG)
    seen: set[str] = set()
    order: list[str] = []
    crawl_dag(web, "root", ROOT_MS, seen, order)
    return order


def crawl_memo(web: str, key: str, ms: int, memo: dict[str, int]) -> int:
    """Size of the subtree, each node fetched once."""
    if key in memo:
        return memo[key]
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    memo[key] = 1 + sum(crawl_memo(web, k, m, memo) for k, m in kids(value))
    return memo[key]


def r143_memo_dict_dag(web: str) -> tuple[int, dict[str, int]]:
    plant(web, DAG)
    memo: dict[str, int] = {}
    return crawl_memo(web, "root", ROOT_MS, memo), memo


def r143_functools_cache_local(web: str) -> tuple[int, int]:
    plant(web, DAG)

    @functools.cache
    def size(key: str, ms: int) -> int:
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        return 1 + sum(size(k, m) for k, m in kids(value))

    total = size("root", ROOT_MS)
    return total, size.cache_info().misses


@functools.lru_cache(maxsize=64)
def cached_value(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]


def cached_walk(web: str, key: str, ms: int) -> list[str]:
    out = [key]
    for k, m in kids(cached_value(web, key, ms)):
        out += cached_walk(web, k, m)
    return out


def r143_lru_cache_stale_after_put(web: str) -> list[str]:
    """The cache hides a PUT made between two walks: the second walk sees the old tree."""
    plant(web, TREE)
    first = cached_walk(web, "root", ROOT_MS)
    requests.put(f"{web}/items/c?ms={PUT_MS}", data="c1:40")
    second = cached_walk(web, "root", ROOT_MS)
    fresh = get_value(web, "c", 10)
    return first + ["|"] + second + ["|", fresh]


def walk_accumulate(web: str, key: str, ms: int, out: list[str]) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    out.append(f"{key}:{len(kids(value))}")
    for k, m in kids(value):
        walk_accumulate(web, k, m, out)
    return out


def r143_accumulator_param(web: str) -> list[str]:
    plant(web, TREE)
    return walk_accumulate(web, "root", ROOT_MS, [])


# =========================================================================== writes along the way


def r143_crawl_then_put_summary(web: str) -> list[int]:
    plant(web, TREE)
    names = crawl_loop(web, "root", ROOT_MS)
    versions = []
    for name in names:
        r = requests.put(f"{web}/items/summary-{name}?ms={PUT_MS}", data=name.upper())
        versions.append(r.json()["version"])
    return versions


def prune_walk(web: str, key: str, ms: int) -> list[str]:
    """Fetch a node, then DELETE its last child before visiting the others."""
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    children = kids(value)
    if len(children) > 1:
        requests.delete(f"{web}/items/{children[-1][0]}?ms={PUT_MS}")
    out = [key]
    for k, m in children:
        got = requests.get(f"{web}/items/{k}?ms={m}").json()["value"]
        out.append(f"{k}={got}")
    return out


def r143_delete_sibling_then_read(web: str) -> list[str]:
    plant(web, TREE)
    return prune_walk(web, "root", ROOT_MS)


def save_walk(web: str, key: str, ms: int, root: Path) -> None:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    d = root / key
    d.mkdir()
    (d / "value.txt").write_text(value)
    for k, m in kids(value):
        save_walk(web, k, m, d)


def r143_mirror_tree_to_dirs(web: str, tmp: str) -> list[str]:
    plant(web, TREE)
    save_walk(web, "root", ROOT_MS, Path(tmp))
    return sorted(str(p.relative_to(tmp)) for p in Path(tmp).rglob("*.txt"))


def r143_read_dir_tree_then_fetch(web: str, tmp: str) -> list[tuple[str, str]]:
    """A directory tree on disk names keys; walk it recursively, fetching each file's key."""
    def walk(d: Path) -> list[tuple[str, str]]:
        out = []
        for name in sorted(os.listdir(d)):
            p = d / name
            if p.is_dir():
                out += walk(p)
            else:
                key, ms = p.read_text().split()
                out.append((name, get_value(web, key, int(ms))))
        return out

    return walk(Path(tmp))


def _dir_tree(env: Env) -> None:
    for rel, body in (("a/one.txt", "k1 150"), ("a/b/two.txt", "k2 40"),
                      ("c/three.txt", "k3 90"), ("four.txt", "k4 60")):
        p = env.tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body)


def r143_sqlite_tree_fetch(web: str, tmp: str) -> list[str]:
    """The tree's shape lives in sqlite; each node's value is fetched over HTTP."""
    conn = sqlite3.connect(Path(tmp) / "tree.db")
    conn.execute("CREATE TABLE edge (parent TEXT, child TEXT, ms INTEGER)")
    conn.executemany("INSERT INTO edge VALUES (?, ?, ?)",
                     [("root", "a", 150), ("root", "b", 40), ("a", "a1", 90), ("b", "b1", 60)])
    conn.commit()

    def visit(key: str, ms: int) -> list[str]:
        got = get_value(web, key, ms)
        rows = conn.execute("SELECT child, ms FROM edge WHERE parent = ? ORDER BY rowid",
                            (key,)).fetchall()
        out = [got]
        for child, cms in rows:
            out += visit(child, cms)
        return out

    try:
        return visit("root", ROOT_MS)
    finally:
        conn.close()


# =========================================================================== generators, stacks, queues


def walk_gen(web: str, key: str, ms: int):
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    yield key, value
    for k, m in kids(value):
        yield from walk_gen(web, k, m)


def r143_yield_from_listcomp(web: str) -> list[str]:
    plant(web, TREE)
    return [f"{k}<{v}>" for k, v in walk_gen(web, "root", ROOT_MS)]


def walk_gen_print(web: str, key: str, ms: int, depth: int = 0):
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    print("fetched", key)
    yield depth, key
    for k, m in kids(value):
        yield from walk_gen_print(web, k, m, depth + 1)


def r143_yield_from_prints_interleave(web: str) -> list[str]:
    plant(web, TREE)
    out = []
    for depth, key in walk_gen_print(web, "root", ROOT_MS):
        print("got", key)
        out.append(f"{depth}{key}")
    return out


def r143_bfs_deque(web: str) -> list[str]:
    plant(web, TREE)
    queue = collections.deque([("root", ROOT_MS)])
    order = []
    while queue:
        key, ms = queue.popleft()
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        order.append(key)
        queue.extend(kids(value))
    return order


def r143_bfs_level_frontier(web: str) -> list[list[str]]:
    plant(web, TREE)
    frontier = [("root", ROOT_MS)]
    levels = []
    while frontier:
        values = [requests.get(f"{web}/items/{k}?ms={m}").json()["value"] for k, m in frontier]
        levels.append([k for k, _ in frontier])
        frontier = [c for v in values for c in kids(v)]
    return levels


# =========================================================================== mutual recursion


def visit_dir(web: str, key: str, ms: int) -> dict[str, Any]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return {k: (visit_dir(web, k, m) if k in ("a", "b") else visit_leaf(web, k, m))
            for k, m in kids(value)}


def visit_leaf(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return f"leaf:{key}:{value or '-'}"


def r143_mutual_dir_leaf(web: str) -> dict[str, Any]:
    plant(web, TREE)
    return visit_dir(web, "root", ROOT_MS)


def even_level(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    out = [f"E{key}"]
    for k, m in kids(value):
        out += odd_level(web, k, m)
    return out


def odd_level(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    print("odd", key)
    out = [f"O{key}"]
    for k, m in kids(value):
        out += even_level(web, k, m)
    return out


def r143_mutual_even_odd_prints(web: str) -> list[str]:
    plant(web, TREE)
    return even_level(web, "root", ROOT_MS)


# =========================================================================== classes


class Crawler:
    def __init__(self, web: str) -> None:
        self.web = web
        self.session = requests.Session()

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.web}/items/{key}?ms={ms}").json()["value"]

    def crawl(self, key: str, ms: int) -> list[str]:
        value = self.fetch(key, ms)
        return [key] + [n for k, m in kids(value) for n in self.crawl(k, m)]


def r143_class_method_recursion(web: str) -> list[str]:
    plant(web, TREE)
    c = Crawler(web)
    try:
        return c.crawl("root", ROOT_MS)
    finally:
        c.session.close()


@dataclasses.dataclass
class Node:
    key: str
    children: list[Node]

    @classmethod
    def load(cls, web: str, key: str, ms: int) -> Node:
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        return cls(key, [cls.load(web, k, m) for k, m in kids(value)])

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


def r143_dataclass_classmethod_load(web: str) -> tuple[str, int]:
    plant(web, TREE)
    root = Node.load(web, "root", ROOT_MS)
    return repr(root), root.depth()


class Tree:
    @staticmethod
    def size(web: str, key: str, ms: int) -> int:
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        return 1 + sum(Tree.size(web, k, m) for k, m in kids(value))


def r143_staticmethod_recursion(web: str) -> int:
    plant(web, TREE)
    return Tree.size(web, "root", ROOT_MS)


# =========================================================================== sleeps, async


def sleep_tree(delays: tuple, depth: int) -> int:
    time.sleep(delays[depth])
    if depth == len(delays) - 1:
        return 1
    return sum(sleep_tree(delays, depth + 1) for _ in range(2))


def r143_sleep_tree_recursive() -> int:
    return sleep_tree((0.02, 0.03, 0.01), 0)


async def acrawl_seq(client: httpx.AsyncClient, key: str, ms: int) -> list[str]:
    r = await client.get(f"/items/{key}", params={"ms": ms})
    out = [key]
    for k, m in kids(r.json()["value"]):
        out += await acrawl_seq(client, k, m)
    return out


async def r143_async_sequential_recursive(web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as client:
        for key, value in TREE.items():
            await client.put(f"/items/{key}?ms={PUT_MS}", content=value)
        return await acrawl_seq(client, "root", ROOT_MS)


# =========================================================================== tree of thought (oa)


CHILD_LAT = (0.12, 0.04)
SCORE_LAT = (0.09, 0.03, 0.06, 0.02)


def ask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def expand(client: Any, thought: str, depth: int) -> list[str]:
    if depth == 0:
        return [thought]
    children = [ask(client, f"Step {i} after: {thought[:40]}", CHILD_LAT[i]) for i in range(2)]
    return [leaf for c in children for leaf in expand(client, c, depth - 1)]


def score(client: Any, thought: str, lat: float) -> int:
    return len(ask(client, f"Rate 1-10: {thought[:60]}", lat, model="judge")) % 10


# Expansion: 2 calls at depth 1, 4 at depth 2 (each parent's 0.12 and 0.04); scores after.
TOT_SUM = sum(CHILD_LAT) * 3 + sum(SCORE_LAT)
TOT_PATH = max(CHILD_LAT[i] + CHILD_LAT[j] + SCORE_LAT[2 * i + j] for i in range(2)
               for j in range(2))


def r143_tot_expand_score_best(client: Any) -> tuple[int, str]:
    leaves = expand(client, "How can a small town cut traffic?", 2)
    scores = [score(client, leaf, SCORE_LAT[i]) for i, leaf in enumerate(leaves)]
    best = max(range(len(leaves)), key=lambda i: (scores[i], -i))
    return best, leaves[best][:30]


def expand_print(client: Any, thought: str, depth: int, path: str) -> list[tuple[str, str]]:
    if depth == 0:
        return [(path, thought)]
    out = []
    for i in range(2):
        child = ask(client, f"Idea {path}{i}: {thought[:40]}", CHILD_LAT[i])
        print(f"node {path}{i}: {len(child)} chars")
        out += expand_print(client, child, depth - 1, f"{path}{i}")
    return out


def r143_tot_prints_each_node(client: Any) -> str:
    leaves = expand_print(client, "Plan a weekend trip", 2, "")
    scores = [score(client, t, SCORE_LAT[i]) for i, (_, t) in enumerate(leaves)]
    best = leaves[scores.index(max(scores))][0]
    print("best", best)
    return best


def r143_tot_beam_one(client: Any) -> list[str]:
    """Beam of width 1: each level expands the best child only (levels are a chain)."""
    thought, path = "Write a slogan for a bakery", []
    for depth in range(2):
        cands = [ask(client, f"Variant {i} of: {thought[:40]}", CHILD_LAT[i]) for i in range(2)]
        marks = [score(client, c, SCORE_LAT[i]) for i, c in enumerate(cands)]
        pick = marks.index(max(marks))
        path.append(f"{depth}:{pick}")
        thought = cands[pick]
    return path


class ThoughtTree:
    def __init__(self, client: Any, width: int = 2) -> None:
        self.client = client
        self.width = width

    def grow(self, thought: str, depth: int) -> dict[str, Any]:
        if depth == 0:
            return {"t": thought[:20]}
        kids_ = [self.grow(ask(self.client, f"Branch {i}: {thought[:40]}", CHILD_LAT[i]),
                           depth - 1) for i in range(self.width)]
        return {"t": thought[:20], "kids": kids_}


def r143_tot_class_method_grow(client: Any) -> dict[str, Any]:
    return ThoughtTree(client).grow("Name a new programming language", 2)


# =========================================================================== divide and conquer


TEXTS = ["The council approved new bike lanes.", "Rain is expected all week.",
         "The local team won the final.", "A new library opens downtown.",
         "Bus fares will rise in spring."]
LEAF_LAT = (0.12, 0.04, 0.09, 0.03, 0.06)
COMBINE_LAT = 0.05


def summarise(client: Any, texts: list[str], lats: tuple) -> str:
    if len(texts) == 1:
        return ask(client, f"Summarise: {texts[0]}", lats[0])
    mid = len(texts) // 2
    left = summarise(client, texts[:mid], lats[:mid])
    right = summarise(client, texts[mid:], lats[mid:])
    return ask(client, f"Combine: {left[:40]} | {right[:40]}", COMBINE_LAT, model="gpt-mini")


def _dc(lats: tuple) -> tuple[float, float]:
    """(sum, critical path) of `summarise` over leaves with `lats`."""
    if len(lats) == 1:
        return lats[0], lats[0]
    mid = len(lats) // 2
    ls, lp = _dc(lats[:mid])
    rs, rp = _dc(lats[mid:])
    return ls + rs + COMBINE_LAT, max(lp, rp) + COMBINE_LAT


def dc_ideal(lats: tuple) -> float:
    s, p = _dc(lats)
    return s / p


def r143_dc_summarise_four(client: Any) -> str:
    return summarise(client, TEXTS[:4], LEAF_LAT[:4])[:50]


def summarise_checked(client: Any, texts: list[str], lats: tuple) -> str:
    if len(texts) == 1:
        if not texts[0].strip():
            raise ValueError("empty text in batch")
        return ask(client, f"Summarise: {texts[0]}", lats[0])
    mid = len(texts) // 2
    left = summarise_checked(client, texts[:mid], lats[:mid])
    right = summarise_checked(client, texts[mid:], lats[mid:])
    return ask(client, f"Combine: {left[:40]} | {right[:40]}", COMBINE_LAT, model="gpt-mini")


def r143_dc_summarise_empty_raises(client: Any) -> str:
    texts = [TEXTS[0], TEXTS[1], "   ", TEXTS[3]]
    return summarise_checked(client, texts, LEAF_LAT[:4])


def r143_dc_summarise_to_files(client: Any, tmp: str) -> list[str]:
    """Each level's partial summaries are written to a file before the next combine."""
    parts = [ask(client, f"Summarise: {t}", lat) for t, lat in zip(TEXTS[:4], LEAF_LAT[:4],
                                                                    strict=True)]
    level = 0
    while len(parts) > 1:
        Path(tmp, f"level{level}.json").write_text(json.dumps([p[:20] for p in parts]))
        parts = [ask(client, f"Combine: {a[:40]} | {b[:40]}", COMBINE_LAT, model="gpt-mini")
                 for a, b in zip(parts[::2], parts[1::2], strict=True)]
        level += 1
    return sorted(os.listdir(tmp)) + [parts[0][:20]]


def dc_merge_sort_fetch(web: str, keys: list[tuple[str, int]]) -> list[str]:
    """Merge sort of fetched values: each half fetched and sorted recursively."""
    if len(keys) == 1:
        k, ms = keys[0]
        return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]]
    mid = len(keys) // 2
    a = dc_merge_sort_fetch(web, keys[:mid])
    b = dc_merge_sort_fetch(web, keys[mid:])
    out = []
    while a and b:
        out.append(a.pop(0) if a[0] <= b[0] else b.pop(0))
    return out + a + b


def r143_dc_merge_sort_fetched(web: str) -> list[str]:
    keys = [("q", 150), ("c", 40), ("x", 90), ("a", 30), ("m", 60), ("f", 20)]
    return dc_merge_sort_fetch(web, keys)


# =========================================================================== errors and sharing across siblings


# a's subtree fails deep and slow, b's fails at once: the plain run meets a's 404 first.
TWO_HOLES: dict[str, str] = {
    "root": "a:150,b:40",
    "a": "a1:60",
    "a1": "missing-a:30",
    "b": "missing-b:20",
}


def r143_sibling_errors_first_wins(web: str) -> dict[str, Any]:
    plant(web, TWO_HOLES)
    return crawl(web, "root", ROOT_MS)


def limited_comp(web: str, key: str, ms: int, depth: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    if depth >= 2 and value:
        raise TooDeep(f"{key} has children below depth {depth}")
    return [key] + [n for k, m in kids(value) for n in limited_comp(web, k, m, depth + 1)]


# a's subtree goes too deep after 150+60 ms, b's after 40+20 ms: a's error is the one.
TWO_DEEP: dict[str, str] = {
    "root": "a:150,b:40",
    "a": "a1:60",
    "a1": "a2:30",
    "a2": "",
    "b": "b1:20",
    "b1": "b2:10",
    "b2": "",
}


def r143_depth_errors_first_wins(web: str) -> list[str]:
    plant(web, TWO_DEEP)
    return limited_comp(web, "root", ROOT_MS, 0)


def scaled(web: str, key: str, ms: int, scale: int) -> int:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return 1 + sum(scaled(web, k, m // scale, scale - 1) for k, m in kids(value))


def r143_zero_division_in_subtree(web: str) -> int:
    """The scale is 0 below the first level: a's children (slow) divide by it first."""
    plant(web, TREE)
    return scaled(web, "root", ROOT_MS, 1)


LEAF: list[str] = []


def leafy(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    if not value:
        return LEAF
    return [key] + [n for k, m in kids(value) for n in list(leafy(web, k, m))]


def r143_shared_leaf_list_mutated_between(web: str) -> list[Any]:
    """The leaves share one global list; the caller appends to it between two walks."""
    plant(web, TREE)
    LEAF.clear()
    first = leafy(web, "a", 150)
    LEAF.append("x")
    second = leafy(web, "b", 40)
    out = [first, second, list(LEAF)]
    LEAF.clear()
    return out


CONF = {"prefix": ""}


def prefixed(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{CONF['prefix']}{key}?ms={ms}").json()["value"]
    return [CONF["prefix"] + key] + [n for k, m in kids(value) for n in prefixed(web, k, m)]


def r143_global_config_changed_between(web: str) -> list[list[str]]:
    plant(web, TREE)
    CONF["prefix"] = ""
    first = prefixed(web, "b", 40)
    CONF["prefix"] = "p-"
    second = prefixed(web, "c", 90)
    CONF["prefix"] = ""
    return [first, second]


def r143_two_roots_outer_comprehension(web: str) -> list[int]:
    plant(web, TREE)
    return [count_nodes(web, k, m) for k, m in (("a", 150), ("b", 40), ("c", 90))]


def backtrack(web: str, key: str, ms: int, path: list[str], out: list[str]) -> None:
    path.append(key)
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    children = kids(value)
    if not children:
        out.append("/".join(path))
    for k, m in children:
        backtrack(web, k, m, path, out)
    path.pop()


def r143_backtracking_paths(web: str) -> list[str]:
    plant(web, TREE)
    out: list[str] = []
    backtrack(web, "root", ROOT_MS, [], out)
    return out


def r143_nonlocal_counter_closure(web: str) -> tuple[list[str], int]:
    plant(web, TREE)
    calls = 0

    def walk(key: str, ms: int) -> list[str]:
        nonlocal calls
        calls += 1
        value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        return [key] + [n for k, m in kids(value) for n in walk(k, m)]

    names = walk("root", ROOT_MS)
    return names, calls


class Loaded:
    def __init__(self, web: str, key: str, ms: int) -> None:
        self.key = key
        self.value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        self.children = [Loaded(web, k, m) for k, m in kids(self.value)]

    def names(self) -> list[str]:
        return [self.key] + [n for c in self.children for n in c.names()]


def r143_constructor_recursion(web: str) -> list[str]:
    plant(web, TREE)
    return Loaded(web, "root", ROOT_MS).names()


def pure_dir(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return [key] + [n for k, m in kids(value) for n in pure_file(web, k, m)]


def pure_file(web: str, key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return [key.upper()] + [n for k, m in kids(value) for n in pure_dir(web, k, m)]


def r143_mutual_recursion_comprehensions(web: str) -> list[str]:
    plant(web, TREE)
    return pure_dir(web, "root", ROOT_MS)


def r143_tot_score_parse_raises(client: Any) -> list[int]:
    """A leaf's score that does not parse raises at that leaf, in leaf order."""
    leaves = expand(client, "Name a river city", 2)
    out = []
    for i, leaf in enumerate(leaves):
        verdict = ask(client, f"Rate 1-10: {leaf[:60]}", SCORE_LAT[i], model="judge")
        if i == 2:
            raise ValueError(f"no number in verdict {i}: {verdict[:20]!r}")
        out.append(len(verdict))
    return out


# =========================================================================== a walk in flight, the caller moving on


def r143_crawl_put_crawl(web: str) -> list[Any]:
    """A walk, a PUT that grafts a child under c, the same walk: only the second sees it."""
    plant(web, TREE)
    first = count_nodes(web, "root", ROOT_MS)
    requests.put(f"{web}/items/c?ms={PUT_MS}", data="c1:40")
    second = count_nodes(web, "root", ROOT_MS)
    return [first, second]


def under(web: str, path: list[str], key: str, ms: int) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    here = "/".join(path + [key])
    return [here] + [n for k, m in kids(value) for n in under(web, path, k, m)]


def r143_path_arg_mutated_after_call(web: str) -> list[list[str]]:
    plant(web, TREE)
    path = ["top"]
    a = under(web, path, "a", 150)
    path.append("again")
    b = under(web, path, "b", 40)
    return [a, b]


def lookup_walk(web: str, key: str, ms: int, alias: dict[str, str]) -> list[str]:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return [alias.get(key, key)] + [n for k, m in kids(value)
                                    for n in lookup_walk(web, k, m, alias)]


def r143_alias_dict_mutated_after_call(web: str) -> list[list[str]]:
    plant(web, TREE)
    alias = {"a": "A"}
    first = lookup_walk(web, "a", 150, alias)
    alias["a1"] = "A-ONE"
    alias["b2"] = "B-TWO"
    second = lookup_walk(web, "b", 40, alias)
    return [first, second]


def files_under(web: str, d: str) -> list[str]:
    out = []
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.isdir(p):
            out += files_under(web, p)
        else:
            key, ms = Path(p).read_text().split()
            out.append(f"{name}={get_value(web, key, int(ms))}")
    return out


def r143_dir_walk_then_write_file(web: str, tmp: str) -> list[list[str]]:
    """A recursive walk of the directory (each file names a GET), a new file, the walk again."""
    before = files_under(web, tmp)
    Path(tmp, "c", "late.txt").write_text("k5 20")
    after = files_under(web, tmp)
    return [before, after]


def size_s(s: requests.Session, web: str, key: str, ms: int) -> int:
    value = s.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    return 1 + sum(size_s(s, web, k, m) for k, m in kids(value))


def r143_session_closed_after_walk(web: str) -> list[int]:
    plant(web, TREE)
    s = requests.Session()
    n = size_s(s, web, "root", ROOT_MS)
    s.close()
    m = size_s(requests.Session(), web, "b", 40)
    return [n, m]


def r143_try_walk_holey_then_print(web: str) -> str:
    plant(web, HOLEY)
    try:
        tree = crawl(web, "root", ROOT_MS)
        print("walked", len(tree["children"]))
    except requests.HTTPError as exc:
        print("failed:", exc.response.status_code)
        tree = {}
    print("after")
    return json.dumps(tree)


def r143_walk_print_walk(web: str) -> list[int]:
    plant(web, TREE)
    a = count_nodes(web, "a", 150)
    print("a has", a)
    b = count_nodes(web, "b", 40)
    print("b has", b)
    return [a, b]


def r143_walk_delete_walk(web: str) -> list[Any]:
    plant(web, TREE)
    before = crawl(web, "b", 40)
    requests.delete(f"{web}/items/b1?ms={PUT_MS}")
    after = crawl(web, "b", 40)
    return [before, after]


def r143_walk_fails_print_before_use(web: str) -> int:
    """The walk's 404 comes after a print the function makes before using the walk."""
    plant(web, HOLEY)
    tree = crawl(web, "root", ROOT_MS)
    print("walk started")
    LOG.info("between")
    return len(tree["children"])


def r143_walk_fails_put_before_use(web: str) -> int:
    plant(web, HOLEY)
    n = len(crawl(web, "root", ROOT_MS))
    requests.put(f"{web}/items/done?ms={PUT_MS}", data="yes")
    return n


def expand_strict(client: Any, thought: str, depth: int) -> list[str]:
    if depth == 0:
        return [thought]
    children = [ask(client, f"Step {i} after: {thought[:40]}", CHILD_LAT[i]) for i in range(2)]
    if depth == 1 and len(children[0]) % 3 == len(children[1]) % 3:
        raise ValueError(f"children alike at depth {depth}: {len(children[0])}")
    return [leaf for c in children for leaf in expand_strict(client, c, depth - 1)]


def r143_tot_fails_print_before_use(client: Any) -> int:
    try:
        leaves = expand_strict(client, "How can a small town cut traffic?", 2)
        print("expanded")
        return len(leaves)
    except ValueError as exc:
        print("gave up:", exc)
        return -1


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _arun(fn: Any, env: Env) -> Any:
    return asyncio.run(fn(env.web))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _o(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def ideal_of(shape: dict[str, str], puts: int, extra: float = 0.0) -> float:
    """(PUTs + `extra` serial + the GETs `shape` fetches) / (PUTs + extra + their path)."""
    total, path = _walk(shape, "root", ROOT_MS)
    serial = puts * PUT_MS / 1000 + extra
    return (serial + total) / (serial + path)


T_IDEAL = tree_ideal(TREE)
# What a walk that fetches each node once reads of the DAG (s under a only) and the cycle.
DAG_ONCE = {"root": "a:150,b:40", "a": "s:60,a1:30", "b": "", "s": "s1:20", "a1": "", "s1": ""}
DAG_IDEAL = ideal_of(DAG_ONCE, len(DAG))
DEEP_IDEAL = tree_ideal(DEEP)
# The limit raises at a2, after root, a, a1: a chain (b is never fetched plain).
DEEP_RAISE_IDEAL = 1.0
# crawl raises at missing-x after a's subtree: c is never fetched plain.
HOLEY_RAISE_IDEAL = ideal_of({"root": "a:150,missing-x:40", "a": "a1:60", "a1": "",
                              "missing-x": ""}, len(HOLEY))
HOLEY_IDEAL = ideal_of(HOLEY | {"missing-x": ""}, len(HOLEY))
# Crawl, then 8 PUTs of summaries.
SUMMARY_IDEAL = ideal_of(TREE, len(TREE), extra=len(TREE) * PUT_MS / 1000)
# GET root, DELETE c, then GETs of a, b, c (150, 40, 90) overlap.
DELETE_IDEAL = (0.04 + 0.05 + 0.005 + 0.28) / (0.04 + 0.05 + 0.005 + 0.15)
# First walk overlaps, PUT, second walk all cache hits, one fresh GET (10 ms).
STALE_IDEAL = ideal_of(TREE, len(TREE), extra=0.015)
# The dir tree's four reads: one,two in a/, three in c/, four at the top; file reads ~0.
DIR_IDEAL = over(0.15, 0.04, 0.09, 0.06)
SQL_IDEAL = ((0.05 + 0.15 + 0.04 + 0.09 + 0.06) / (0.05 + 0.15 + 0.09))
TOT_IDEAL = TOT_SUM / TOT_PATH
# Beam: per level the two variants overlap, then the two scores: a chain of levels.
BEAM_IDEAL = (2 * (sum(CHILD_LAT) + sum(SCORE_LAT[:2]))) / (
    2 * (max(CHILD_LAT[0] + SCORE_LAT[0], CHILD_LAT[1] + SCORE_LAT[1])))
GROW_IDEAL = (sum(CHILD_LAT) * 3) / (2 * max(CHILD_LAT))
SLEEP_IDEAL = (0.02 + 2 * 0.03 + 4 * 0.01) / (0.02 + 0.03 + 0.01)


ALL: list[Case] = [
    _w(r143_crawl_nested_dict, T_IDEAL),
    _w(r143_crawl_preorder_loop_extend, T_IDEAL),
    _w(r143_crawl_prints_indented, T_IDEAL),
    _w(r143_crawl_requests_session, T_IDEAL, cat="clients"),
    _w(r143_crawl_httpx_client, T_IDEAL, cat="clients"),
    _w(r143_crawl_urllib_dictcomp, T_IDEAL),
    _w(r143_crawl_missing_child_raises, HOLEY_RAISE_IDEAL, cat="validation", speculative_reads=True),
    _w(r143_crawl_missing_child_caught, HOLEY_IDEAL, cat="validation"),
    _w(r143_depth_limit_within, DEEP_IDEAL),
    _w(r143_dag_visited_set, DAG_IDEAL, cat="state"),
    _w(r143_memo_dict_dag, DAG_IDEAL, cat="state"),
    _w(r143_functools_cache_local, DAG_IDEAL, cat="state"),
    _w(r143_lru_cache_stale_after_put, STALE_IDEAL, cat="state"),
    _w(r143_accumulator_param, T_IDEAL, cat="state"),
    _w(r143_crawl_then_put_summary, SUMMARY_IDEAL),
    _w(r143_delete_sibling_then_read, DELETE_IDEAL),
    _w(r143_mirror_tree_to_dirs, T_IDEAL, cat="files", args=web_tmp),
    _w(r143_read_dir_tree_then_fetch, DIR_IDEAL, cat="files", args=web_tmp, setup=_dir_tree),
    _w(r143_sqlite_tree_fetch, SQL_IDEAL, cat="db", args=web_tmp),
    _w(r143_yield_from_listcomp, T_IDEAL),
    _w(r143_yield_from_prints_interleave, T_IDEAL),
    _w(r143_bfs_deque, T_IDEAL),
    _w(r143_bfs_level_frontier, T_IDEAL),
    _w(r143_mutual_dir_leaf, T_IDEAL, cat="helpers"),
    _w(r143_mutual_even_odd_prints, T_IDEAL, cat="helpers"),
    _w(r143_class_method_recursion, T_IDEAL, cat="helpers"),
    _w(r143_dataclass_classmethod_load, T_IDEAL, cat="helpers"),
    _w(r143_staticmethod_recursion, T_IDEAL, cat="helpers"),
    Case("sleep", r143_sleep_tree_recursive, ideal=SLEEP_IDEAL),
    _w(r143_async_sequential_recursive, T_IDEAL, drive=_arun),
    _o(r143_tot_expand_score_best, TOT_IDEAL, cat="ensemble"),
    _o(r143_tot_prints_each_node, TOT_IDEAL, cat="ensemble"),
    _o(r143_tot_beam_one, BEAM_IDEAL, cat="ensemble"),
    _o(r143_tot_class_method_grow, GROW_IDEAL, cat="ensemble"),
    _o(r143_dc_summarise_four, dc_ideal(LEAF_LAT[:4])),
    _o(r143_dc_summarise_empty_raises, over(0.12 + 0.05, 0.04), cat="validation", speculative_reads=True),
    _o(r143_dc_summarise_to_files, dc_ideal(LEAF_LAT[:4]), cat="files", args=oa_tmp),
    _w(r143_dc_merge_sort_fetched, over(0.15, 0.04, 0.09, 0.03, 0.06, 0.02), cat="fanout"),
    # The plain runs below fetch one chain down a's subtree and raise there (b unfetched).
    _w(r143_sibling_errors_first_wins, cat="validation", speculative_reads=True),
    _w(r143_depth_errors_first_wins, cat="validation", speculative_reads=True),
    _w(r143_zero_division_in_subtree, cat="validation", speculative_reads=True),
    _w(r143_shared_leaf_list_mutated_between, (0.04 + 0.42) / (0.04 + 0.21), cat="state"),
    _w(r143_global_config_changed_between, 1.0, cat="state"),
    _w(r143_two_roots_outer_comprehension, ideal_of({"root": "a:150,b:40,c:90", "a": "a1:60,a2:30",
                                                     "b": "b1:120,b2:20", "c": "", "a1": "",
                                                     "a2": "", "b1": "", "b2": ""}, len(TREE),
                                                    -ROOT_MS / 1000)),
    _w(r143_backtracking_paths, T_IDEAL, cat="state"),
    _w(r143_nonlocal_counter_closure, T_IDEAL, cat="state"),
    _w(r143_constructor_recursion, T_IDEAL, cat="helpers"),
    _w(r143_mutual_recursion_comprehensions, T_IDEAL, cat="helpers"),
    _o(r143_tot_score_parse_raises, (sum(CHILD_LAT) * 3 + sum(SCORE_LAT[:3])) / TOT_PATH,
       cat="validation", speculative_reads=True),
    # Two walks (the second with c1 under c) about one PUT.
    _w(r143_crawl_put_crawl, (0.04 + 0.56 + 0.005 + 0.60) / (0.04 + 0.26 + 0.005 + 0.26)),
    _w(r143_path_arg_mutated_after_call, (0.04 + 0.42) / (0.04 + 0.21), cat="state"),
    _w(r143_alias_dict_mutated_after_call, (0.04 + 0.42) / (0.04 + 0.21), cat="state"),
    # Each walk overlaps its four GETs; the file written between keeps the walks apart.
    _w(r143_dir_walk_then_write_file, (0.34 + 0.36) / (0.15 + 0.15), cat="files", args=web_tmp,
       setup=_dir_tree),
    _w(r143_session_closed_after_walk, (0.04 + 0.56 + 0.18) / (0.04 + 0.26 + 0.16),
       cat="clients"),
    _w(r143_try_walk_holey_then_print, 1.0, cat="validation", speculative_reads=True),
    _w(r143_walk_print_walk, (0.04 + 0.42) / (0.04 + 0.21)),
    _w(r143_walk_delete_walk, 1.0, speculative_reads=True),
    _w(r143_walk_fails_print_before_use, HOLEY_RAISE_IDEAL, cat="validation",
       speculative_reads=True),
    _w(r143_walk_fails_put_before_use, HOLEY_RAISE_IDEAL, cat="validation",
       speculative_reads=True),
    _o(r143_tot_fails_print_before_use, TOT_IDEAL, cat="validation", speculative_reads=True),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
