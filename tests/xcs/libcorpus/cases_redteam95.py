"""Red-team cases (stop 95): recursion and divide-and-conquer over LLM and HTTP calls.

Recursive map-reduce summaries (split, summarise halves, merge), tree-of-thought with a
depth limit, recursive crawlers over ``/items`` with a visited set, memoized recursion (a
dict, `functools.lru_cache`) around GETs, mutual recursion, recursion that PUTs or prints as
it descends or as it unwinds, recursion that raises at a depth, recursive generators
(``yield from``), recursion over a nested JSON document fetched from the server, with
files, sqlite and logs beside. Sibling subtrees get unequal latencies, slow first, so a
wrong reordering shows; independent subtrees carry `ideal=` and `overlap=`.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam95")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def claude(client: Any, prompt: str, lat: float) -> str:
    m = client.messages.create(model="claude", max_tokens=64,
                               messages=[{"role": "user", "content": prompt}],
                               extra_body={"latency": lat})
    return m.content[0].text


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put(web: str, key: str, data: str) -> int:
    return requests.put(f"{web}/items/{key}", data=data, timeout=5).json()["version"]


def ms_for(key: str) -> int:
    """Slow first: a node's left child is slower than its right child."""
    return 40 + 60 * key.count("0") + 10 * len(key)


DOC = [f"Paragraph {i}: the quarterly report item number {i} says sales moved." for i in range(4)]


# =========================================================================== map-reduce


def summarise_halves_recursive(client: Any) -> str:
    """Split the document in halves until one chunk is left; summarise it; merge upward."""
    def summarise(chunks: list[str], lat: float) -> str:
        if len(chunks) == 1:
            return chat(client, "Summarise: " + chunks[0], lat)[:40]
        mid = len(chunks) // 2
        left = summarise(chunks[:mid], lat + 0.1)
        right = summarise(chunks[mid:], lat)
        return chat(client, f"Merge: {left} | {right}", 0.03)[:40]
    return summarise(DOC, 0.03)


def summarise_halves_prints_depth(client: Any) -> str:
    def summarise(chunks: list[str], depth: int) -> str:
        print("  " * depth + f"summarise {len(chunks)} chunk(s)")
        if len(chunks) == 1:
            out = chat(client, chunks[0], 0.15 if depth % 2 else 0.03)[:30]
            print("  " * depth + "leaf ->", out[:10])
            return out
        mid = len(chunks) // 2
        a = summarise(chunks[:mid], depth + 1)
        b = summarise(chunks[mid:], depth + 1)
        merged = chat(client, a + "\n" + b, 0.04)[:30]
        print("  " * depth + "merged ->", merged[:10])
        return merged
    return summarise(DOC, 0)


def summarise_halves_anthropic(client: Any) -> str:
    def summarise(chunks: list[str], slow: bool) -> str:
        if len(chunks) == 1:
            return claude(client, "Summarise " + chunks[0], 0.15 if slow else 0.03)[:30]
        mid = len(chunks) // 2
        parts = [summarise(chunks[:mid], True), summarise(chunks[mid:], False)]
        return claude(client, "Combine: " + " / ".join(parts), 0.03)[:30]
    return summarise(DOC[:2], True)


def summarise_reduce_to_file(client: Any, tmp: str) -> list[str]:
    """Each level appends its summary to a file as it returns (post-order lines)."""
    path = Path(tmp) / "levels.txt"

    def summarise(chunks: list[str], tag: str) -> str:
        if len(chunks) == 1:
            s = chat(client, chunks[0], 0.15 if tag.endswith("L") else 0.03)[:20]
        else:
            mid = len(chunks) // 2
            s = chat(client, summarise(chunks[:mid], tag + "L") + summarise(chunks[mid:], tag + "R"),
                     0.03)[:20]
        with path.open("a") as f:
            f.write(f"{tag or 'root'}: {s}\n")
        return s
    summarise(DOC, "")
    return path.read_text().splitlines()


def summarise_into_sqlite(client: Any, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE s (path TEXT, n INTEGER, text TEXT)")

    def summarise(chunks: list[str], path: str) -> str:
        if len(chunks) == 1:
            s = chat(client, chunks[0], 0.15 if path.endswith("0") else 0.03)[:16]
        else:
            mid = len(chunks) // 2
            s = chat(client, summarise(chunks[:mid], path + "0") + summarise(chunks[mid:],
                                                                             path + "1"), 0.03)[:16]
        conn.execute("INSERT INTO s VALUES (?, ?, ?)", (path, len(chunks), s))
        return s
    summarise(DOC, "r")
    rows = conn.execute("SELECT path, n, text FROM s ORDER BY rowid").fetchall()
    conn.close()
    return rows


def summarise_counts_calls_nonlocal(client: Any) -> dict[str, Any]:
    calls = 0

    def summarise(chunks: list[str]) -> str:
        nonlocal calls
        calls += 1
        if len(chunks) <= 1:
            return chat(client, chunks[0], 0.03 + 0.04 * (4 - calls % 5))[:12]
        mid = len(chunks) // 2
        return summarise(chunks[:mid]) + "+" + summarise(chunks[mid:])
    text = summarise(DOC)
    return {"calls": calls, "text": text}


# =========================================================================== tree of thought


def tree_of_thought_best_leaf(client: Any) -> tuple[int, str]:
    def expand(thought: str, depth: int) -> tuple[int, str]:
        if depth == 0:
            score = len(chat(client, "Score: " + thought, 0.03)) % 97
            return score, thought
        best = (-1, "")
        for i, lat in enumerate((0.15, 0.03)):
            child = chat(client, f"Idea {i} after: {thought}", lat)[:24]
            best = max(best, expand(child, depth - 1))
        return best
    return expand("How to cut costs?", 2)


def tree_of_thought_prunes(client: Any) -> list[str]:
    """A branch is expanded only when its reply has an even length: the pruning is data."""
    visited = []

    def expand(thought: str, depth: int) -> None:
        visited.append(thought[:12])
        if depth == 0:
            return
        for i, lat in enumerate((0.12, 0.03, 0.06)):
            child = chat(client, f"Step {i}: {thought}", lat)[:20]
            if len(child) % 2 == 0 or i == 0:
                expand(child, depth - 1)
    expand("Plan a trip", 2)
    return visited


def tree_of_thought_prints_as_it_goes(client: Any) -> int:
    def expand(thought: str, depth: int) -> int:
        if depth == 0:
            return 1
        total = 1
        for lat in (0.15, 0.03):
            child = chat(client, thought + str(lat), lat)[:16]
            print("-" * depth, child)
            total += expand(child, depth - 1)
        return total
    return expand("root", 2)


def tree_of_thought_anthropic_depth_limit(client: Any) -> list[str]:
    out = []

    def expand(thought: str, depth: int) -> None:
        if depth >= 2:
            out.append(thought)
            return
        a = claude(client, "A: " + thought, 0.15)[:12]
        b = claude(client, "B: " + thought, 0.03)[:12]
        expand(a, depth + 1)
        expand(b, depth + 1)
    expand("start", 0)
    return out


def tree_of_thought_budget_global(client: Any) -> dict[str, Any]:
    """A global budget of model calls stops the search: later siblings see it spent."""
    budget = {"left": 4}

    def expand(thought: str, depth: int) -> list[str]:
        if depth == 0 or budget["left"] <= 0:
            return [thought]
        leaves = []
        for lat in (0.15, 0.03):
            if budget["left"] <= 0:
                break
            budget["left"] -= 1
            leaves += expand(chat(client, thought + "?", lat)[:10], depth - 1)
        return leaves
    return {"leaves": expand("go", 3), "left": budget["left"]}


# =========================================================================== crawlers


def _children(key: str, depth: int) -> list[str]:
    return [] if depth == 0 else [key + "0", key + "1"]


def crawl_tree_visited_set(web: str) -> list[str]:
    visited: set[str] = set()
    order = []

    def crawl(key: str, depth: int) -> None:
        if key in visited:
            return
        visited.add(key)
        order.append(get(web, "n" + key, ms_for(key)))
        for c in _children(key, depth):
            crawl(c, depth - 1)
    crawl("r", 2)
    return order


def crawl_diamond_visited_set(web: str) -> list[str]:
    """Two parents share a child: it is fetched once, by the first to reach it."""
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": [], "e": []}
    lat = {"a": 40, "b": 150, "c": 30, "d": 60, "e": 30}
    visited: set[str] = set()
    got = []

    def crawl(node: str) -> None:
        if node in visited:
            return
        visited.add(node)
        got.append(get(web, "g-" + node, lat[node]))
        for nxt in graph[node]:
            crawl(nxt)
    crawl("a")
    return got


def crawl_links_from_values(web: str) -> list[str]:
    """The links are in the responses: a node's value names its children."""
    put(web, "page-root", "page-x,page-y")
    put(web, "page-x", "page-z")
    seen = []

    def crawl(key: str, depth: int) -> None:
        if depth > 3 or key in seen:
            return
        seen.append(key)
        value = get(web, key, 120 if key.endswith("x") else 30)
        for link in value.split(","):
            if link.startswith("page-"):
                crawl(link, depth + 1)
    crawl("page-root", 0)
    return seen


def crawl_independent_subtrees(web: str) -> list[str]:
    """No shared state but the result: the subtrees' GETs could overlap."""
    def crawl(key: str, depth: int) -> list[str]:
        here = [get(web, "t" + key, ms_for(key))]
        if depth:
            here += crawl(key + "0", depth - 1)
            here += crawl(key + "1", depth - 1)
        return here
    return crawl("", 2)


def crawl_in_comprehension(web: str) -> list[Any]:
    def crawl(key: str, depth: int) -> Any:
        v = get(web, "c" + key, ms_for(key))
        if depth == 0:
            return v
        return [v, [crawl(key + s, depth - 1) for s in "01"]]
    return crawl("k", 2)


def crawl_with_httpx_client_class(web: str) -> dict[str, Any]:
    class Crawler:
        def __init__(self, base: str) -> None:
            self.client = httpx.Client(base_url=base, timeout=5)
            self.visited: dict[str, str] = {}

        def visit(self, key: str, depth: int) -> None:
            if key in self.visited:
                return
            r = self.client.get(f"/items/h{key}", params={"ms": ms_for(key)})
            self.visited[key] = r.json()["value"]
            if depth:
                for c in (key + "0", key + "1", key + "0"):
                    self.visit(c, depth - 1)

    crawler = Crawler(web)
    try:
        crawler.visit("x", 2)
    finally:
        crawler.client.close()
    return crawler.visited


def crawl_returns_early_when_found(web: str) -> str | None:
    """Depth-first search that stops at the first match: later subtrees are never fetched."""
    def search(key: str, depth: int) -> str | None:
        v = get(web, "s" + key, ms_for(key))
        if key == "r01":
            return v
        if depth == 0:
            return None
        for c in (key + "0", key + "1"):
            found = search(c, depth - 1)
            if found is not None:
                return found
        return None
    return search("r", 2)


def crawl_logs_each_visit(web: str) -> int:
    def crawl(key: str, depth: int) -> int:
        LOG.info("enter %s", key)
        v = get(web, "lg" + key, ms_for(key))
        n = 1
        if depth:
            n += crawl(key + "0", depth - 1) + crawl(key + "1", depth - 1)
        LOG.info("leave %s %s", key, v)
        return n
    return crawl("q", 2)


# =========================================================================== memoized


def memo_dict_fib_of_gets(web: str) -> tuple[int, int]:
    memo: dict[int, int] = {}
    fetched = []

    def f(n: int) -> int:
        if n in memo:
            return memo[n]
        v = len(get(web, f"fib{n}", 150 if n % 2 else 30))
        fetched.append(n)
        memo[n] = v if n < 2 else v + f(n - 1) + f(n - 2)
        return memo[n]
    return f(5), len(fetched)


@functools.cache
def _cached_node(web: str, key: str) -> str:
    return get(web, "lru" + key, 150 if key.endswith("0") else 30)


def _clear_lru(env: Env) -> None:
    _cached_node.cache_clear()


def lru_cache_recursive_walk(web: str) -> list[str]:
    """A subtree is named twice; the cache fetches it once."""
    def walk(key: str, depth: int) -> list[str]:
        out = [_cached_node(web, key)]
        if depth:
            for c in (key + "0", key + "1", key + "0"):
                out += walk(c, depth - 1)
        return out
    return walk("m", 1)


def memo_prints_on_miss(web: str) -> int:
    cache: dict[str, int] = {}

    def cost(key: str) -> int:
        if key in cache:
            print("hit", key)
            return cache[key]
        print("miss", key)
        v = len(get(web, "mc-" + key, 150 if len(key) % 2 else 30))
        if len(key) > 1:
            v += cost(key[1:]) + cost(key[:-1])
        cache[key] = v
        return v
    return cost("abc")


def memo_llm_calls_by_prompt(client: Any) -> list[str]:
    memo: dict[str, str] = {}

    def ask(topic: str, depth: int) -> str:
        if topic in memo:
            return memo[topic]
        ans = chat(client, "Explain " + topic, 0.15 if depth % 2 else 0.03)[:20]
        if depth < 2:
            ans += "|" + ask("basics", depth + 1) + "|" + ask(topic + "+", depth + 1)
        memo[topic] = ans
        return ans
    ask("recursion", 0)
    return sorted(memo)


# =========================================================================== mutual recursion


def mutual_even_odd_gets(web: str) -> list[str]:
    trail = []

    def even(n: int) -> bool:
        trail.append(get(web, f"even{n}", 150 if n == 4 else 30))
        return True if n == 0 else odd(n - 1)

    def odd(n: int) -> bool:
        trail.append(get(web, f"odd{n}", 30))
        return False if n == 0 else even(n - 1)
    trail.append(str(even(4)))
    return trail


def mutual_draft_and_critique(client: Any) -> list[str]:
    log = []

    def draft(topic: str, rounds: int) -> str:
        text = chat(client, "Draft: " + topic, 0.15)[:18]
        log.append("draft " + text)
        return critique(text, rounds) if rounds else text

    def critique(text: str, rounds: int) -> str:
        note = chat(client, "Critique: " + text, 0.03)[:18]
        log.append("critique " + note)
        return draft(note, rounds - 1)
    draft("solar", 2)
    return log


def mutual_put_and_get_helpers(web: str) -> list[Any]:
    """One helper writes, the other reads what it wrote, alternating with depth."""
    out: list[Any] = []

    def write(level: int) -> None:
        out.append(put(web, "mw", f"level{level}"))
        if level < 3:
            read(level + 1)

    def read(level: int) -> None:
        out.append(get(web, "mw", 120))
        write(level + 1)
    write(0)
    return out


# =========================================================================== writes as it descends


def put_each_level_preorder(web: str) -> list[int]:
    versions = []

    def descend(key: str, depth: int) -> None:
        versions.append(put(web, "pre", key))
        if depth:
            descend(key + "0", depth - 1)
            descend(key + "1", depth - 1)
    descend("r", 2)
    return versions


def put_after_children_postorder(web: str) -> list[str]:
    done = []

    def build(key: str, depth: int) -> str:
        parts = [get(web, "po" + key, ms_for(key))]
        if depth:
            parts.append(build(key + "0", depth - 1))
            parts.append(build(key + "1", depth - 1))
        body = ",".join(p[-3:] for p in parts)
        put(web, "po-out-" + key, body)
        done.append(key)
        return body
    build("z", 2)
    return done


def child_put_parent_reads_back(web: str) -> list[str]:
    """A child writes a key its parent reads after the recursive call returns."""
    def node(key: str, depth: int) -> str:
        if depth == 0:
            put(web, "agg", "leaf:" + key)
            return key
        node(key + "0", depth - 1)
        seen = get(web, "agg", 150)
        node(key + "1", depth - 1)
        return seen + "/" + get(web, "agg", 30)
    return [node("p", 1), node("q", 2)]


def prints_descending_then_put_unwinding(web: str) -> list[int]:
    vs = []

    def go(level: int) -> None:
        print("down", level, get(web, f"lvl{level}", 150 - 30 * level))
        if level < 3:
            go(level + 1)
        vs.append(put(web, "unwind", str(level)))
        print("up", level)
    go(0)
    return vs


def delete_subtree_recursively(web: str) -> list[Any]:
    for k in ("d", "d0", "d1", "d00"):
        put(web, "del-" + k, "x")

    def delete(key: str) -> list[Any]:
        out = []
        for c in (key + "0", key + "1"):
            if len(c) <= 3:
                out += delete(c)
        r = requests.delete(f"{web}/items/del-{key}", timeout=5)
        out.append((key, r.json()["deleted"]))
        return out
    res = delete("d")
    res.append(requests.get(f"{web}/items", timeout=5).json()["keys"])
    return res


def recursion_writes_file_per_level(web: str, tmp: str) -> str:
    path = Path(tmp) / "walk.txt"

    def walk(key: str, depth: int) -> None:
        v = get(web, "fw" + key, ms_for(key))
        with open(path, "a") as f:
            f.write(f"{depth} {key} {v}\n")
        if depth:
            walk(key + "0", depth - 1)
            walk(key + "1", depth - 1)
    walk("w", 2)
    return path.read_text()


def recursion_sqlite_insert_then_query_children(web: str, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE node (key TEXT, parent TEXT, value TEXT)")

    def load(key: str, parent: str, depth: int) -> int:
        conn.execute("INSERT INTO node VALUES (?, ?, ?)", (key, parent, get(web, "sq" + key,
                                                                              ms_for(key))))
        n = 1
        if depth:
            n += load(key + "0", key, depth - 1)
            kids = conn.execute("SELECT COUNT(*) FROM node WHERE parent = ?", (key,)).fetchone()
            n += kids[0] + load(key + "1", key, depth - 1)
        return n
    total = load("t", "", 2)
    rows = conn.execute("SELECT key, parent FROM node ORDER BY rowid").fetchall()
    conn.close()
    return [(total,)] + rows


# =========================================================================== raising


class TooDeep(Exception):
    pass


def recursion_raises_at_depth(web: str) -> list[str]:
    seen = []

    def descend(level: int) -> None:
        seen.append(get(web, f"deep{level}", 150 if level == 0 else 30))
        if level == 3:
            raise TooDeep(f"stopped at {level}")
        descend(level + 1)
    try:
        descend(0)
    except TooDeep as e:
        seen.append(str(e))
    return seen


def recursion_raises_right_subtree_after_left_puts(web: str) -> list[Any]:
    out: list[Any] = []

    def node(key: str, depth: int) -> None:
        if key == "e1":
            raise ValueError("bad node " + key)
        out.append(put(web, "rs-" + key, get(web, "rv-" + key, ms_for(key))))
        if depth:
            node(key + "0", depth - 1)
            node(key + "1", depth - 1)
    try:
        node("e", 1)
    except ValueError as exc:
        out.append(repr(exc))
    return out


def recursion_raises_uncaught(web: str) -> None:
    """The exception leaves the function: the run ends with it, after the GETs before."""
    def descend(level: int) -> None:
        v = get(web, f"unc{level}", 150 - 40 * level)
        print("level", level, v)
        if level == 2:
            raise KeyError(v)
        descend(level + 1)
    descend(0)


def recursion_finally_prints_on_unwind(web: str) -> list[str]:
    out = []

    def descend(level: int) -> None:
        try:
            out.append(get(web, f"fin{level}", 150 if level == 1 else 30))
            if level == 2:
                raise RuntimeError("floor")
            descend(level + 1)
        finally:
            print("unwind", level)
    try:
        descend(0)
    except RuntimeError:
        out.append("caught")
    return out


def recursion_limit_caught(web: str) -> list[Any]:
    """A RecursionError from a runaway recursion, caught; the GET before it is seen."""
    first = get(web, "rl-first", 150)

    def runaway(n: int) -> int:
        return runaway(n + 1) + 1
    try:
        runaway(0)
        tail = "no error"
    except RecursionError:
        tail = "recursion"
    return [first, tail, get(web, "rl-after", 30)]


def recursion_error_in_model_subtree(client: Any) -> list[str]:
    """One leaf's call fails (a bad model latency value); its sibling's result is kept."""
    got = []

    def solve(parts: list[str]) -> None:
        if len(parts) == 1:
            try:
                got.append(chat(client, parts[0], 0.15 if parts[0] != "bad" else -1)[:12])
            except openai.BadRequestError:
                got.append("rejected")
            return
        solve(parts[:1])
        solve(parts[1:])
    solve(["alpha", "bad", "gamma"])
    return got


# =========================================================================== generators


def yield_from_tree_walk(web: str) -> list[str]:
    def walk(key: str, depth: int) -> Iterator[str]:
        yield get(web, "yf" + key, ms_for(key))
        if depth:
            yield from walk(key + "0", depth - 1)
            yield from walk(key + "1", depth - 1)
    return list(walk("g", 2))


def yield_from_consumer_breaks(web: str) -> list[str]:
    """The consumer stops after three values: the rest of the tree is never fetched."""
    def walk(key: str, depth: int) -> Iterator[str]:
        yield get(web, "yb" + key, ms_for(key))
        if depth:
            yield from walk(key + "0", depth - 1)
            yield from walk(key + "1", depth - 1)
    out = []
    for v in walk("g", 2):
        out.append(v)
        if len(out) == 3:
            break
    return out


def yield_from_puts_between_yields(web: str) -> list[Any]:
    def walk(key: str, depth: int) -> Iterator[Any]:
        yield put(web, "yp", key)
        if depth:
            yield from walk(key + "0", depth - 1)
            yield from walk(key + "1", depth - 1)
        yield get(web, "yp", 30)
    out = []
    for v in walk("w", 1):
        print("got", v)
        out.append(v)
    return out


def yield_from_summaries(client: Any) -> list[str]:
    def leaves(chunks: list[str]) -> Iterator[str]:
        if len(chunks) == 1:
            yield chat(client, chunks[0], 0.15 if "0" in chunks[0][:12] else 0.03)[:14]
            return
        mid = len(chunks) // 2
        yield from leaves(chunks[:mid])
        yield from leaves(chunks[mid:])
    return list(leaves(DOC))


def generator_send_depth_back(web: str) -> list[str]:
    """A recursive generator whose consumer sends back whether to go deeper."""
    def walk(key: str) -> Any:
        deeper = yield get(web, "gs" + key, ms_for(key))
        if deeper:
            yield from walk(key + "0")
            yield from walk(key + "1")
    gen = walk("s")
    out = [next(gen)]
    try:
        while True:
            out.append(gen.send(len(out) < 3))
    except StopIteration:
        pass
    return out


# =========================================================================== nested JSON


TREE = {"name": "root", "children": [
    {"name": "left", "children": [{"name": "ll", "children": []},
                                  {"name": "lr", "children": []}]},
    {"name": "right", "children": [{"name": "rl", "children": []}]}]}


def nested_json_put_then_walk(web: str) -> list[str]:
    put(web, "doc", json.dumps(TREE))
    doc = json.loads(get(web, "doc", 30))
    names = []

    def walk(node: dict[str, Any], depth: int) -> None:
        v = get(web, "nj-" + node["name"], 150 if node["name"].startswith("l") else 30)
        names.append("  " * depth + v)
        for child in node["children"]:
            walk(child, depth + 1)
    walk(doc, 0)
    return names


def nested_json_each_node_its_own_key(web: str) -> dict[str, Any]:
    """Each node is stored at its own key and names its children: fetch, recurse, rebuild."""
    def store(node: dict[str, Any]) -> None:
        for c in node["children"]:
            store(c)
        put(web, "node-" + node["name"], json.dumps([c["name"] for c in node["children"]]))
    store(TREE)

    def fetch(name: str) -> dict[str, Any]:
        kids = json.loads(get(web, "node-" + name, 150 if name == "left" else 30))
        return {name: [fetch(k) for k in kids]}
    return fetch("root")


def nested_json_sum_leaves_with_model(client: Any) -> int:
    data = {"a": {"b": "one", "c": {"d": "two"}}, "e": "three"}

    def total(x: Any, lat: float) -> int:
        if isinstance(x, str):
            return len(chat(client, "Count: " + x, lat))
        return sum(total(v, lat + 0.05 * i) for i, v in enumerate(reversed(list(x.values()))))
    return total(data, 0.03)


def nested_json_rewrite_leaves_put(web: str) -> dict[str, Any]:
    data = {"x": {"y": "1", "z": "2"}, "w": "3"}

    def rewrite(x: Any, path: str) -> Any:
        if isinstance(x, str):
            put(web, "leaf" + path.replace("/", "-"), x)
            return get(web, "leaf" + path.replace("/", "-"), 30)
        return {k: rewrite(v, path + "/" + k) for k, v in x.items()}
    return rewrite(data, "")


# =========================================================================== async


def _aoa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _ahx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as client:
            return await f(client)
    return asyncio.run(main())


async def async_summarise_halves_sequential(client: Any) -> str:
    async def summarise(chunks: list[str], lat: float) -> str:
        if len(chunks) == 1:
            r = await client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": chunks[0]}],
                extra_body={"latency": lat})
            return r.choices[0].message.content[:20]
        mid = len(chunks) // 2
        a = await summarise(chunks[:mid], lat + 0.1)
        b = await summarise(chunks[mid:], lat)
        return a + "|" + b
    return await summarise(DOC, 0.03)


async def async_crawl_gather_subtrees(client: Any) -> list[Any]:
    """The user's own gather over subtrees: values come back in argument order."""
    async def crawl(key: str, depth: int) -> list[Any]:
        r = await client.get(f"/items/ag{key}", params={"ms": ms_for(key) + 60 * depth})
        kids = await asyncio.gather(*(crawl(key + s, depth - 1) for s in "01")) if depth else []
        return [r.json()["value"], list(kids)]
    return await crawl("a", 2)


async def async_recursive_puts_in_order(client: Any) -> list[int]:
    out = []

    async def go(key: str, depth: int) -> None:
        r = await client.put("/items/ap", content=key)
        out.append(r.json()["version"])
        if depth:
            await go(key + "0", depth - 1)
            await go(key + "1", depth - 1)
    await go("k", 2)
    return out


# =========================================================================== module-level helpers
# Recursive helpers at module level that only read: the JIT may run them jitted, so their
# levels overlap. Each shape below checks one thing such a run must keep.


def _tree_size(web: str, key: str, depth: int) -> int:
    v = get(web, "ts" + key, ms_for(key))
    if depth == 0:
        return len(v)
    return len(v) + _tree_size(web, key + "0", depth - 1) + _tree_size(web, key + "1", depth - 1)


def helper_tree_size(web: str) -> int:
    return _tree_size(web, "r", 2)


def _tree_values(web: str, key: str, depth: int) -> list[str]:
    out = [get(web, "tv" + key, ms_for(key))]
    if depth:
        for c in (key + "0", key + "1"):
            out.extend(_tree_values(web, c, depth - 1))
    return out


def helper_tree_values_preorder(web: str) -> list[str]:
    vals = _tree_values(web, "p", 2)
    print("fetched", len(vals))
    return vals


def _crawl_seen(web: str, node: str, seen: set[str]) -> list[str]:
    if node in seen:
        return []
    seen.add(node)
    out = [get(web, "ds-" + node, DIAMOND_MS[node])]
    for nxt in DIAMOND[node]:
        out += _crawl_seen(web, nxt, seen)
    return out


DIAMOND = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": [], "e": []}
DIAMOND_MS = {"a": 40, "b": 150, "c": 30, "d": 60, "e": 30}


def helper_crawl_seen_set_argument(web: str) -> list[Any]:
    seen: set[str] = set()
    got = _crawl_seen(web, "a", seen)
    return [got, sorted(seen)]


_MEMO: dict[str, int] = {}


def _reset_memo(env: Env) -> None:
    _MEMO.clear()


def _memo_cost(web: str, key: str) -> int:
    if key in _MEMO:
        return _MEMO[key]
    v = len(get(web, "gm-" + key, 150 if len(key) % 2 else 30))
    if len(key) > 1:
        v += _memo_cost(web, key[1:]) + _memo_cost(web, key[:-1])
    _MEMO[key] = v
    return v


def helper_global_memo_dict(web: str) -> list[int]:
    return [_memo_cost(web, "abcd"), len(_MEMO)]


@functools.cache
def _fib_get(web: str, n: int) -> int:
    v = len(get(web, f"cf{n}", 150 if n % 2 else 30))
    return v if n < 2 else v + _fib_get(web, n - 1) + _fib_get(web, n - 2)


def _clear_fib(env: Env) -> None:
    _fib_get.cache_clear()


def helper_functools_cache_fib(web: str) -> list[Any]:
    total = _fib_get(web, 5)
    info = _fib_get.cache_info()
    return [total, info.hits, info.misses]


def _raise_at(web: str, key: str, depth: int) -> int:
    v = get(web, "ra" + key, ms_for(key))
    if key == "r00":
        raise ValueError("left leaf " + v)
    if key == "r1":
        raise KeyError("right child " + v)
    if depth == 0:
        return 1
    return 1 + _raise_at(web, key + "0", depth - 1) + _raise_at(web, key + "1", depth - 1)


def helper_recursion_two_subtrees_raise(web: str) -> str:
    """The left subtree raises deep and slow, the right one shallow and fast: plain code
    raises the left one's."""
    try:
        return str(_raise_at(web, "r", 2))
    except (ValueError, KeyError) as exc:
        return type(exc).__name__ + ": " + str(exc)


def _search(web: str, key: str, depth: int) -> str | None:
    v = get(web, "fs" + key, ms_for(key))
    if key == "r01":
        return v
    if depth == 0:
        return None
    for c in (key + "0", key + "1"):
        found = _search(web, c, depth - 1)
        if found is not None:
            return found
    return None


def helper_search_returns_early(web: str) -> str | None:
    """Found in the left subtree: the right subtree is never fetched."""
    return _search(web, "r", 2)


def _has_leaf(web: str, key: str, depth: int) -> bool:
    v = get(web, "an" + key, ms_for(key))
    if depth == 0:
        return v.endswith("0")
    return any(_has_leaf(web, key + c, depth - 1) for c in "01")


def helper_any_over_recursive_generator(web: str) -> bool:
    return _has_leaf(web, "r", 2)


def _even_levels(web: str, n: int) -> list[str]:
    v = get(web, f"me{n}", 150 if n % 4 == 0 else 30)
    return [v] if n == 0 else [v] + _odd_levels(web, n - 1)


def _odd_levels(web: str, n: int) -> list[str]:
    v = get(web, f"mo{n}", 40)
    return [v] if n == 0 else [v] + _even_levels(web, n - 1)


def helper_mutual_recursion_module_level(web: str) -> list[Any]:
    return [_even_levels(web, 4), _odd_levels(web, 3)]


def _collect(web: str, key: str, depth: int, acc: list[str] = []) -> list[str]:  # noqa: B006
    acc.append(get(web, "ac" + key, ms_for(key)))
    if depth:
        _collect(web, key + "0", depth - 1, acc)
        _collect(web, key + "1", depth - 1, acc)
    return acc


def _reset_acc(env: Env) -> None:
    _collect.__defaults__[0].clear()  # type: ignore[index]


def helper_mutable_default_accumulator(web: str) -> list[str]:
    """The classic shared default list: each call appends to the same list, in order."""
    return list(_collect(web, "m", 1))


def _db_tree(conn: sqlite3.Connection, web: str, key: str) -> list[Any]:
    kids = [r[0] for r in conn.execute("SELECT child FROM edge WHERE parent = ? ORDER BY child",
                                       (key,))]
    return [get(web, "db-" + key, 150 if key.endswith("a") else 30),
            [_db_tree(conn, web, k) for k in kids]]


def helper_sqlite_edges_recursive(web: str, db: str) -> list[Any]:
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE edge (parent TEXT, child TEXT);"
                       "INSERT INTO edge VALUES ('r', 'ra'), ('r', 'rb'), ('ra', 'raa'),"
                       " ('ra', 'rab');")
    try:
        return _db_tree(conn, web, "r")
    finally:
        conn.close()


def _summ(client: Any, chunks: tuple[str, ...], lat: float) -> str:
    if len(chunks) == 1:
        return chat(client, "Summarise: " + chunks[0], lat)[:24]
    mid = len(chunks) // 2
    a = _summ(client, chunks[:mid], lat + 0.1)
    b = _summ(client, chunks[mid:], lat)
    return chat(client, f"Merge {a} with {b}", 0.03)[:24]


def helper_summarise_halves_module_level(client: Any) -> str:
    return _summ(client, tuple(DOC), 0.03)


def _aspects(client: Any, topic: str, depth: int) -> dict[str, Any]:
    text = claude(client, "Aspects of " + topic, 0.15 if depth % 2 == 0 else 0.04)[:16]
    if depth == 0:
        return {topic: text}
    return {topic: [_aspects(client, topic + "/pro", depth - 1),
                    _aspects(client, topic + "/con", depth - 1)]}


def helper_anthropic_aspect_tree(client: Any) -> dict[str, Any]:
    return _aspects(client, "remote work", 2)


def _resolve(web: str, node: Any) -> Any:
    if isinstance(node, str) and node.startswith("ref:"):
        key = node[4:]
        return _resolve(web, json.loads(get(web, key, 150 if key.endswith("a") else 30)))
    if isinstance(node, dict):
        return {k: _resolve(web, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(web, v) for v in node]
    return node


def helper_resolve_json_refs(web: str) -> Any:
    """A JSON document whose ``ref:`` strings name other documents on the server."""
    put(web, "doc-a", json.dumps({"title": "A", "see": "ref:doc-c"}))
    put(web, "doc-b", json.dumps(["b1", "ref:doc-c"]))
    put(web, "doc-c", json.dumps({"leaf": True}))
    return _resolve(web, {"first": "ref:doc-a", "second": "ref:doc-b", "n": 3})


def _swallow_missing(web: str, key: str, depth: int) -> list[str]:
    try:
        r = requests.get(f"{web}/items/{key}?ms={150 if depth == 2 else 40}", timeout=5)
        r.raise_for_status()
        here = [r.json()["value"]]
    except requests.HTTPError as exc:
        here = ["missing " + str(exc.response.status_code)]
    if depth == 0:
        return here
    return here + _swallow_missing(web, "missing-" + key, depth - 1) + _swallow_missing(
        web, key + "x", depth - 1)


def helper_recursion_swallows_404(web: str) -> list[str]:
    return _swallow_missing(web, "sm", 2)


def _depth_from_data(web: str, key: str) -> list[str]:
    v = get(web, key, 150 if len(key) < 6 else 30)
    if len(key) >= 8:
        return [v]
    return [v] + _depth_from_data(web, key + v[-1])


def helper_depth_decided_by_values(web: str) -> list[str]:
    return _depth_from_data(web, "dd")


_LIMIT = {"depth": 1}


def _limited(web: str, key: str, depth: int) -> int:
    v = get(web, "lim" + key, ms_for(key))
    if depth >= _LIMIT["depth"]:
        return len(v)
    return len(v) + _limited(web, key + "0", depth + 1) + _limited(web, key + "1", depth + 1)


def _reset_limit(env: Env) -> None:
    _LIMIT["depth"] = 1


def helper_global_limit_changed_between_calls(web: str) -> list[int]:
    a = _limited(web, "q", 0)
    _LIMIT["depth"] = 2
    b = _limited(web, "q", 0)
    _LIMIT["depth"] = 1
    return [a, b]


def _logged_walk(web: str, key: str, depth: int) -> int:
    LOG.info("visit %s", key)
    v = get(web, "lw" + key, ms_for(key))
    if depth == 0:
        return len(v)
    return _logged_walk(web, key + "0", depth - 1) + _logged_walk(web, key + "1", depth - 1)


def helper_recursive_logs_each_node(web: str) -> int:
    return _logged_walk(web, "r", 2)


def _gen_tree(web: str, key: str, depth: int) -> Iterator[str]:
    yield get(web, "gt" + key, ms_for(key))
    if depth:
        yield from _gen_tree(web, key + "0", depth - 1)
        yield from _gen_tree(web, key + "1", depth - 1)


def helper_generator_zip_stops_early(web: str) -> list[Any]:
    """zip stops at the shorter iterable: the generator's later nodes are never fetched."""
    return list(zip(_gen_tree(web, "z", 2), ("first", "second", "third"), strict=False))


def helper_two_trees_sum_in_one_expression(web: str) -> int:
    """Two independent recursive helper calls in one expression."""
    return _tree_size(web, "x", 1) * 1000 + _tree_size(web, "y", 1)


def _file_tree(root: str, rel: str, web: str) -> dict[str, Any]:
    p = Path(root) / rel
    if p.is_file():
        return {rel: get(web, "ft-" + p.read_text().strip(), 150 if "a" in rel else 30)}
    out: dict[str, Any] = {}
    for child in sorted(p.iterdir()):
        out.update(_file_tree(root, str(Path(rel) / child.name), web))
    return out


def _setup_file_tree(env: Env) -> None:
    for rel, text in (("a/one.txt", "k1"), ("a/b/two.txt", "k2"), ("c/three.txt", "k3")):
        f = env.tmp / "tree" / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)


def helper_directory_walk_gets(tmp: str, web: str) -> dict[str, Any]:
    return _file_tree(str(Path(tmp) / "tree"), ".", web)


def _via_partial(web: str, key: str, depth: int) -> list[str]:
    step = functools.partial(_via_partial, web)
    v = get(web, "vp" + key, ms_for(key))
    return [v] if depth == 0 else [v] + step(key + "0", depth - 1) + step(key + "1", depth - 1)


def helper_recursion_through_partial(web: str) -> list[str]:
    return _via_partial(web, "r", 2)


def helper_put_between_recursive_reads(web: str) -> list[Any]:
    """A write between two recursive reads of the key it changes."""
    before = _tree_values(web, "w", 1)
    put(web, "tvw0", "changed")
    after = _tree_values(web, "w", 1)
    return [before, after]


async def _asize(client: Any, key: str, depth: int) -> int:
    r = await client.get(f"/items/as{key}", params={"ms": ms_for(key)})
    n = len(r.json()["value"])
    if depth:
        n += await _asize(client, key + "0", depth - 1) + await _asize(client, key + "1", depth - 1)
    return n


async def async_helper_tree_size(client: Any) -> int:
    return await _asize(client, "r", 2)


async def async_recursive_raises_in_gather(client: Any) -> str:
    async def node(key: str, depth: int) -> int:
        r = await client.get(f"/items/ar{key}", params={"ms": ms_for(key)})
        if key == "r1":
            raise LookupError(r.json()["value"])
        if depth == 0:
            return 1
        kids = await asyncio.gather(node(key + "0", depth - 1), node(key + "1", depth - 1))
        return 1 + sum(kids)
    try:
        return str(await node("r", 2))
    except LookupError as exc:
        return "lookup " + str(exc)


# =========================================================================== cases


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def an_args(env: Env) -> tuple:
    return (anthropic_client(env),)


def web_args(env: Env) -> tuple:
    return (env.web,)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _web(fn: Any, ideal: float = 1.0, args: Any = web_args, cat: str = "http",
         **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web", ideal=ideal, **kw)


def _ms(*keys: str) -> list[float]:
    return [ms_for(k) / 1000 for k in keys]


CASES: list[Case] = [
    # -- map-reduce
    _sdk(summarise_halves_recursive, 0.61 / 0.29),
    _sdk(summarise_halves_prints_depth),
    _sdk(summarise_halves_anthropic, over(0.15, 0.03), args=an_args),
    _sdk(summarise_reduce_to_file, args=lambda env: (openai_client(env), str(env.tmp)),
         cat="files"),
    _sdk(summarise_into_sqlite, args=lambda env: (openai_client(env), str(env.tmp / "s.db")),
         cat="db"),
    _sdk(summarise_counts_calls_nonlocal, cat="state"),
    # -- tree of thought
    _sdk(tree_of_thought_best_leaf, cat="ensemble"),
    _sdk(tree_of_thought_prunes, cat="ensemble"),
    _sdk(tree_of_thought_prints_as_it_goes, cat="ensemble"),
    _sdk(tree_of_thought_anthropic_depth_limit, args=an_args, cat="ensemble"),
    _sdk(tree_of_thought_budget_global, cat="state"),
    # -- crawlers
    _web(crawl_tree_visited_set, cat="state"),
    _web(crawl_diamond_visited_set, cat="state"),
    _web(crawl_links_from_values),
    _web(crawl_independent_subtrees,
         sum(_ms("", "0", "00", "01", "1", "10", "11")) / sum(_ms("", "0", "00"))),
    _web(crawl_in_comprehension,
         sum(_ms("k", "k0", "k00", "k01", "k1", "k10", "k11")) / sum(_ms("k", "k0", "k00"))),
    _web(crawl_with_httpx_client_class, cat="clients"),
    _web(crawl_returns_early_when_found),
    _web(crawl_logs_each_visit, cat="state"),
    # -- memoized
    _web(memo_dict_fib_of_gets, cat="state"),
    _web(lru_cache_recursive_walk, cat="state", setup=_clear_lru),
    _web(memo_prints_on_miss, cat="state"),
    _sdk(memo_llm_calls_by_prompt, cat="state"),
    # -- mutual recursion
    _web(mutual_even_odd_gets, cat="helpers"),
    _sdk(mutual_draft_and_critique, cat="helpers"),
    _web(mutual_put_and_get_helpers, cat="helpers"),
    # -- writes
    _web(put_each_level_preorder),
    _web(put_after_children_postorder),
    _web(child_put_parent_reads_back, cat="state"),
    _web(prints_descending_then_put_unwinding),
    _web(delete_subtree_recursively),
    _web(recursion_writes_file_per_level, args=lambda env: (env.web, str(env.tmp)),
         cat="files"),
    _web(recursion_sqlite_insert_then_query_children,
         args=lambda env: (env.web, str(env.tmp / "n.db")), cat="db"),
    # -- raising
    _web(recursion_raises_at_depth, cat="validation"),
    _web(recursion_raises_right_subtree_after_left_puts, cat="validation"),
    _web(recursion_raises_uncaught, cat="validation"),
    _web(recursion_finally_prints_on_unwind, cat="validation"),
    _web(recursion_limit_caught, cat="validation"),
    _sdk(recursion_error_in_model_subtree, cat="validation"),
    # -- generators
    _web(yield_from_tree_walk,
         sum(_ms("g", "g0", "g00", "g01", "g1", "g10", "g11")) / sum(_ms("g", "g0", "g00"))),
    _web(yield_from_consumer_breaks),
    _web(yield_from_puts_between_yields),
    _sdk(yield_from_summaries),
    _web(generator_send_depth_back),
    # -- nested JSON
    _web(nested_json_put_then_walk),
    _web(nested_json_each_node_its_own_key),
    _sdk(nested_json_sum_leaves_with_model, over(0.03, 0.08, 0.13)),
    _web(nested_json_rewrite_leaves_put),
    # -- async
    Case("sdk", async_summarise_halves_sequential, drive=_aoa, servers="api"),
    Case("http", async_crawl_gather_subtrees, drive=_ahx, servers="web"),
    Case("http", async_recursive_puts_in_order, drive=_ahx, servers="web"),
]

TREE_WAITS = sum(_ms("r", "r0", "r00", "r01", "r1", "r10", "r11"))
TREE_PATH = sum(_ms("r", "r0", "r00"))

CASES += [
    _web(helper_tree_size, TREE_WAITS / TREE_PATH, overlap=2),
    _web(helper_tree_values_preorder, sum(_ms("p", "p0", "p00", "p01", "p1", "p10", "p11"))
         / sum(_ms("p", "p0", "p00"))),
    _web(helper_crawl_seen_set_argument, cat="state"),
    _web(helper_global_memo_dict, cat="state", setup=_reset_memo),
    _web(helper_functools_cache_fib, cat="state", setup=_clear_fib),
    _web(helper_recursion_two_subtrees_raise, cat="validation", speculative_reads=True),
    _web(helper_search_returns_early),
    _web(helper_any_over_recursive_generator),
    _web(helper_mutual_recursion_module_level, cat="helpers"),
    _web(helper_mutable_default_accumulator, cat="state", setup=_reset_acc, calls=2),
    _web(helper_sqlite_edges_recursive, args=lambda env: (env.web, str(env.tmp / "e.db")),
         cat="db"),
    _sdk(helper_summarise_halves_module_level, 0.61 / 0.29, overlap=2),
    _sdk(helper_anthropic_aspect_tree, args=an_args),
    _web(helper_resolve_json_refs),
    _web(helper_recursion_swallows_404, cat="validation"),
    _web(helper_depth_decided_by_values),
    _web(helper_global_limit_changed_between_calls, cat="state", setup=_reset_limit),
    _web(helper_recursive_logs_each_node, cat="state"),
    _web(helper_generator_zip_stops_early),
    _web(helper_two_trees_sum_in_one_expression,
         sum(_ms("x", "x0", "x1", "y", "y0", "y1")) / sum(_ms("x", "x0"))),
    _web(helper_directory_walk_gets, args=lambda env: (str(env.tmp), env.web), cat="files",
         setup=_setup_file_tree),
    _web(helper_recursion_through_partial, TREE_WAITS / TREE_PATH),
    _web(helper_put_between_recursive_reads, cat="state"),
    Case("http", async_helper_tree_size, drive=_ahx, servers="web"),
    Case("validation", async_recursive_raises_in_gather, drive=_ahx, servers="web",
         speculative_reads=True),
]

FAILING_WHY: dict[str, str] = {
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
