"""Red-team cases (stop 71): data pipelines around HTTP and files with the standard library.

`csv.DictReader`/`DictWriter`/`reader`/`writer` (restkey, restval, dialects, quoting, a
reader over a list of lines or a `StringIO`, a reader subclass), json and jsonl, sqlite3
rows, `str.split`/`splitlines` parsing; enrich-rows-in-place loops (`row["v"] =
get(row["k"])`), dict rows updated with `.update`/`setdefault`/`|=`, rows appended to or
removed from the list being walked, rows shared between two lists or linked to each
other, rows whose fields are objects of the user's classes (whose `__str__`, `__repr__`,
`__lt__` a library call runs), results written back through csv writers and `json.dump`,
and the same loops as comprehensions. Sibling calls get unequal latencies, slow first, so a
wrong reordering shows. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam71")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int = 40) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def _chat(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


ORDERS_CSV = "id,key,ms,parent\n1,apple,150,3\n2,pear,30,3\n3,plum,90,0\n4,fig,40,1\n"


def _setup_orders(env: Env) -> None:
    (env.tmp / "orders.csv").write_text(ORDERS_CSV)


def _setup_ragged(env: Env) -> None:
    (env.tmp / "ragged.csv").write_text(
        "key,ms\nalpha,150,x1,x2\nbeta\ngamma,30,x3\ndelta,60\n")


def _setup_jsonl(env: Env) -> None:
    lines = [{"key": "a", "ms": 150}, {"key": "b", "ms": 30, "note": "keep"},
             {"key": "c", "ms": 80}]
    (env.tmp / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))


def _setup_db(env: Env) -> None:
    conn = sqlite3.connect(env.tmp / "items.db")
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, key TEXT, ms INTEGER, "
                 "value TEXT)")
    conn.executemany("INSERT INTO items (key, ms) VALUES (?, ?)",
                     [("north", 150), ("south", 30), ("east", 90), ("west", 40)])
    conn.commit()
    conn.close()


# =========================================================================== csv readers


def dictreader_enrich_then_dictwriter(web: str, tmp: str) -> str:
    """The everyday enrich: read a CSV, fetch a value per row, write a new CSV."""
    with open(Path(tmp) / "orders.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = _get(web, row["key"], int(row["ms"]))
    out = Path(tmp) / "enriched.csv"
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "key", "value"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return out.read_text()


def dictreader_restkey_extra_fields(web: str, tmp: str) -> list[Any]:
    """Extra columns land in a list under restkey; each is fetched, missing ones get restval."""
    with open(Path(tmp) / "ragged.csv", newline="") as f:
        rows = list(csv.DictReader(f, restkey="extra", restval="-"))
    out = []
    for row in rows:
        ms = 40 if row["ms"] == "-" else int(row["ms"])
        row["value"] = _get(web, row["key"], ms)
        row["extra"] = [_get(web, x, 30) for x in row.get("extra", [])]
        out.append(row)
    return out


def dictreader_restval_skips_missing(web: str, tmp: str) -> list[str]:
    with open(Path(tmp) / "ragged.csv", newline="") as f:
        reader = csv.DictReader(f, restval="")
        got = []
        for row in reader:
            if not row["ms"]:
                got.append(f"{row['key']}:skipped@{reader.line_num}")
                continue
            got.append(_get(web, row["key"], int(row["ms"])))
    return got


def reader_over_response_lines(web: str) -> list[str]:
    """A text response parsed by csv.reader over its lines, each row a key to fetch."""
    text = requests.get(f"{web}/text/src?ms=60", timeout=5).text
    out = []
    for i, row in enumerate(csv.reader(text.splitlines(), delimiter=" ")):
        out.append(_get(web, f"{row[0]}-{row[2]}", 150 - 50 * i))
    return out


def reader_registered_dialect(web: str) -> list[list[str]]:
    csv.register_dialect("pipes71", delimiter="|", quoting=csv.QUOTE_MINIMAL)
    data = io.StringIO("k1|150|a b\nk2|30|c\nk3|70|\"d|e\"\n")
    out = []
    for key, ms, label in csv.reader(data, dialect="pipes71"):
        out.append([label, _get(web, key, int(ms))])
    return out


def writer_quote_nonnumeric_roundtrip(web: str) -> list[Any]:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC)
    for key, ms in (("p", 150), ("q", 30), ("r", 80)):
        v = _get(web, key, ms)
        w.writerow([v, ms / 1000, len(v)])
    buf.seek(0)
    return [row for row in csv.reader(buf, quoting=csv.QUOTE_NONNUMERIC)]


class CountingReader:
    """A reader of the user's: wraps csv.reader, counts and prints every row it hands out."""

    def __init__(self, lines: list[str]) -> None:
        self._inner = csv.reader(lines)
        self.count = 0

    def __iter__(self) -> CountingReader:
        return self

    def __next__(self) -> list[str]:
        row = next(self._inner)
        self.count += 1
        print("row", self.count, row[0])
        return row


def reader_subclass_counts_rows(web: str) -> dict[str, Any]:
    reader = CountingReader(["a,150", "b,30", "c,90"])
    values = []
    for key, ms in reader:
        values.append(_get(web, f"{key}{reader.count}", int(ms)))
    return {"values": values, "count": reader.count}


class TaggedDictReader(csv.DictReader):
    """A DictReader subclass that adds the line number to every row."""

    def __next__(self) -> dict[str, Any]:
        row = super().__next__()
        row["line"] = self.line_num
        return row


def dictreader_subclass_line_numbers(web: str, tmp: str) -> list[str]:
    with open(Path(tmp) / "orders.csv", newline="") as f:
        out = []
        for row in TaggedDictReader(f):
            out.append(_get(web, f"{row['key']}-L{row['line']}", int(row["ms"])))
    return out


def sniffer_then_reader(web: str) -> list[str]:
    sample = "key;ms\nx;150\ny;30\nz;60\n"
    dialect = csv.Sniffer().sniff(sample)
    rows = list(csv.DictReader(io.StringIO(sample), dialect=dialect))
    return [_get(web, r["key"] + dialect.delimiter, int(r["ms"])) for r in rows]


# =========================================================================== json, jsonl


def jsonl_enrich_update_and_rewrite(web: str, tmp: str) -> str:
    src = Path(tmp) / "in.jsonl"
    rows = [json.loads(line) for line in src.read_text().splitlines() if line]
    for row in rows:
        row.update(value=_get(web, row["key"], row["ms"]), seen=True)
    with open(Path(tmp) / "out.jsonl", "w") as f:
        for row in rows:
            f.write(json.dumps(row, sort_keys=True) + "\n")
    return (Path(tmp) / "out.jsonl").read_text()


def json_dump_then_put_file(web: str, tmp: str) -> list[Any]:
    rows = [{"key": k, "value": _get(web, k, ms)} for k, ms in (("s", 150), ("t", 30))]
    path = Path(tmp) / "rows.json"
    with open(path, "w") as f:
        json.dump(rows, f, indent=1)
    version = _put(web, "upload", path.read_text())
    back = _get(web, "upload", 30)
    return [version, json.loads(back)]


def jsonl_append_each_then_count(web: str, tmp: str) -> list[int]:
    """Each result appended to a jsonl file, which is re-read to count lines after each."""
    path = Path(tmp) / "log.jsonl"
    counts = []
    for key, ms in (("m1", 150), ("m2", 30), ("m3", 60)):
        v = _get(web, key, ms)
        with open(path, "a") as f:
            f.write(json.dumps({"k": key, "v": v}) + "\n")
        counts.append(len(path.read_text().splitlines()))
    return counts


def json_response_rows_ior(web: str) -> list[dict[str, Any]]:
    """`row |= r.json()`: the response's fields merged into the row."""
    rows = [{"key": "u1", "ms": 150}, {"key": "u2", "ms": 30}, {"key": "u3", "ms": 70}]
    for row in rows:
        row |= requests.get(f"{web}/items/{row['key']}?ms={row['ms']}", timeout=5).json()
    return rows


# =========================================================================== sqlite rows


def sqlite_rows_enrich_then_update(web: str, tmp: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(Path(tmp) / "items.db")
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT id, key, ms FROM items ORDER BY id").fetchall()
    for row in rows:
        v = _get(web, row["key"], row["ms"])
        conn.execute("UPDATE items SET value = ? WHERE id = ?", (v, row["id"]))
    conn.commit()
    out = [tuple(r) for r in conn.execute("SELECT key, value FROM items ORDER BY id")]
    conn.close()
    return out


def sqlite_dict_rows_from_description(web: str, tmp: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(Path(tmp) / "items.db")
    cur = conn.execute("SELECT key, ms FROM items ORDER BY ms DESC")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    conn.close()
    for row in rows:
        row.setdefault("value", _get(web, row["key"], row["ms"]))
    return rows


def sqlite_insert_each_fetched_then_select(web: str, tmp: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp) / "items.db")
    for key, ms in (("q1", 150), ("q2", 30), ("q3", 60)):
        v = _get(web, key, ms)
        conn.execute("INSERT INTO items (key, ms, value) VALUES (?, ?, ?)", (key, ms, v))
        n = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        print(key, n)
    conn.commit()
    out = conn.execute("SELECT key, value FROM items WHERE value IS NOT NULL").fetchall()
    conn.close()
    return out


# =========================================================================== split parsing


def split_key_value_lines_then_fetch(web: str) -> dict[str, str]:
    text = "alpha=150\nbeta=30\n\n# comment\ngamma=80\n"
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        k, _, ms = line.partition("=")
        out[k] = _get(web, k, int(ms))
    return out


def split_fields_of_fetched_lines(web: str) -> list[str]:
    """Each line of a fetched text names a key by its first and last words."""
    lines = requests.get(f"{web}/text/doc?ms=50", timeout=5).text.splitlines()
    out = []
    for ln, ms in zip(lines, (150, 30, 90), strict=True):
        words = ln.split()
        out.append(_get(web, words[0] + words[-1], ms))
    return out


def rsplit_maxsplit_parse(web: str) -> list[tuple[str, str]]:
    records = ["a b c:150", "d e:30", "f:70"]
    out = []
    for rec in records:
        name, ms = rec.rsplit(":", 1)
        out.append((name.split(" ", 1)[0], _get(web, name.replace(" ", "_"), int(ms))))
    return out


# =========================================================================== rows changed in place


def linked_rows_next_key_changed(web: str) -> list[str]:
    """Each row links to the next; a row's value rewrites the next row's key."""
    rows = [{"key": "n1", "ms": 150}, {"key": "n2", "ms": 30}, {"key": "n3", "ms": 60}]
    for a, b in zip(rows, rows[1:], strict=False):
        a["next"] = b
    out = []
    for row in rows:
        v = _get(web, row["key"], row["ms"])
        out.append(v)
        if "next" in row:
            row["next"]["key"] = row["next"]["key"] + v[-1]
    return out


def index_dict_parent_rows_changed(web: str, tmp: str) -> list[str]:
    """An index by id: each fetched child rewrites its parent's key, fetched later."""
    with open(Path(tmp) / "orders.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    by_id = {r["id"]: r for r in rows}
    out = []
    for row in rows:
        v = _get(web, row["key"], int(row["ms"]))
        out.append(v)
        parent = by_id.get(row["parent"])
        if parent is not None:
            parent["key"] = parent["key"] + "-" + row["id"]
    return out


def setdefault_shared_default_list(web: str) -> list[Any]:
    """setdefault with one list object: every row's tags are the same list."""
    shared: list[str] = []
    rows = [{"key": "t1", "ms": 150}, {"key": "t2", "ms": 30}, {"key": "t3", "ms": 60}]
    for row in rows:
        tags = row.setdefault("tags", shared)
        tags.append(_get(web, f"{row['key']}-{len(row['tags'])}", row["ms"]))
    return [rows[0]["tags"] is rows[2]["tags"], shared]


def rows_shared_between_two_lists(web: str) -> list[str]:
    """Urgent rows are the same dicts as in the full list: the first pass renames them."""
    rows = [{"key": "r1", "p": "hi", "ms": 150}, {"key": "r2", "p": "lo", "ms": 30},
            {"key": "r3", "p": "hi", "ms": 60}]
    urgent = [r for r in rows if r["p"] == "hi"]
    out = []
    for r in urgent:
        v = _get(web, r["key"], r["ms"])
        r["key"] = r["key"] + v[-2:]
    for r in rows:
        out.append(_get(web, r["key"], r["ms"]))
    return out


def same_row_twice_in_list(web: str) -> list[str]:
    a = {"key": "dup", "n": 0}
    b = {"key": "solo", "n": 0}
    out = []
    for row, ms in zip([a, b, a], (150, 30, 60), strict=True):
        out.append(_get(web, f"{row['key']}{row['n']}", ms))
        row["n"] += 1
    return out


def remove_row_while_walking(web: str) -> list[str]:
    """Removing the current row skips the next one: the plain loop's quirk."""
    rows = [{"key": "w1", "ms": 150}, {"key": "w2", "ms": 30}, {"key": "w3", "ms": 60},
            {"key": "w4", "ms": 40}]
    seen = []
    for row in rows:
        v = _get(web, row["key"], row["ms"])
        seen.append(v)
        if v.endswith("1"):
            rows.remove(row)
    return seen + [r["key"] for r in rows]


def append_follow_up_rows(web: str) -> list[str]:
    rows = [{"key": "s1", "ms": 150, "depth": 0}, {"key": "s2", "ms": 30, "depth": 0}]
    out = []
    for row in rows:
        v = _get(web, row["key"], row["ms"])
        out.append(v)
        if row["depth"] < 2:
            rows.append({"key": v.replace("v-", "c"), "ms": 40, "depth": row["depth"] + 1})
    return out


def pop_front_queue_of_rows(web: str) -> list[str]:
    queue = [{"key": "q1", "ms": 150}, {"key": "q2", "ms": 30}]
    out = []
    for _ in range(6):
        if not queue:
            break
        row = queue.pop(0)
        v = _get(web, row["key"], row["ms"])
        out.append(v)
        if len(v) < 8:
            queue.insert(0, {"key": v[2:] + "x", "ms": 40})
    return out


def update_from_previous_row(web: str) -> list[dict[str, Any]]:
    rows = [{"key": "p1", "ms": 150}, {"key": "p2", "ms": 30}, {"key": "p3", "ms": 60}]
    prev: dict[str, Any] = {}
    for row in rows:
        row.update({k: v for k, v in prev.items() if k == "hint"})
        key = row["key"] + row.get("hint", "")
        row["value"] = _get(web, key, row["ms"])
        prev = {"hint": row["value"][-1]}
    return rows


def nested_field_list_extended(web: str) -> list[Any]:
    rows = [{"key": "e1", "hist": []}, {"key": "e2", "hist": []}]
    rows[1]["hist"] = rows[0]["hist"]  # the second row shares the first's history
    for row, ms in zip(rows, (150, 30), strict=True):
        row["hist"].extend([_get(web, f"{row['key']}-{len(row['hist'])}", ms)])
    return rows


# =========================================================================== comprehensions


def comprehension_dict_merge(web: str) -> list[dict[str, Any]]:
    rows = [{"key": "c1", "ms": 150}, {"key": "c2", "ms": 30}, {"key": "c3", "ms": 80}]
    return [dict(r, value=_get(web, r["key"], r["ms"])) for r in rows]


def comprehension_update_or_row(web: str) -> list[dict[str, Any]]:
    rows = [{"key": "o1", "ms": 150}, {"key": "o2", "ms": 30}]
    return [r.update(value=_get(web, r["key"], r["ms"])) or r for r in rows]


def comprehension_dictreader_to_index(web: str, tmp: str) -> dict[str, str]:
    with open(Path(tmp) / "orders.csv", newline="") as f:
        return {r["id"]: _get(web, r["key"], int(r["ms"])) for r in csv.DictReader(f)}


def comprehension_walrus_previous(web: str) -> list[str]:
    last = "start"
    keys = [("k1", 150), ("k2", 30), ("k3", 60)]
    return [(last := _get(web, f"{k}-{last[-1]}", ms)) for k, ms in keys]


def comprehension_filter_on_fetched(web: str) -> list[str]:
    keys = [("f1", 150), ("f22", 30), ("f3", 60)]
    return [v for k, ms in keys if len(v := _get(web, k, ms)) > 4]


def generator_into_dictwriter(web: str, tmp: str) -> str:
    path = Path(tmp) / "gen.csv"
    rows = ({"key": k, "value": _get(web, k, ms)} for k, ms in (("g1", 150), ("g2", 30)))
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value"])
        w.writeheader()
        w.writerows(rows)
    return path.read_text()


# =========================================================================== user objects as fields


@dataclass
class Money:
    cents: int

    def __format__(self, spec: str) -> str:
        return f"{self.cents // 100}.{self.cents % 100:02d}"


@dataclass
class Order:
    key: str
    price: Money
    tags: list[str] = field(default_factory=list)


def dataclass_rows_fetch_and_tag(web: str) -> list[Any]:
    orders = [Order("o1", Money(1250)), Order("o2", Money(99)), Order("o3", Money(10000))]
    for o, ms in zip(orders, (150, 30, 70), strict=True):
        o.tags.append(_get(web, f"{o.key}-{o.price}", ms))
    return [(o.key, o.tags) for o in orders]


class Audited:
    """A field that records every time it is rendered to text."""

    def __init__(self, text: str, log: list[str]) -> None:
        self.text = text
        self.log = log

    def __str__(self) -> str:
        self.log.append(self.text)
        return self.text

    def __repr__(self) -> str:
        self.log.append("r:" + self.text)
        return repr(self.text)


def csv_writer_str_of_fields_then_get(web: str) -> list[Any]:
    """csv.writer calls str() on each field: the field's __str__ records itself."""
    log: list[str] = []
    buf = io.StringIO()
    w = csv.writer(buf)
    first = _get(web, "head", 150)
    w.writerow([Audited(first, log), Audited("b", log)])
    second = _get(web, f"after{len(log)}", 30)
    return [buf.getvalue(), second]


def fstring_of_row_dict_runs_repr(web: str) -> list[Any]:
    """f"{row}" of a dict renders its values' __repr__."""
    log: list[str] = []
    row = {"a": Audited("x", log)}
    first = _get(web, "one", 150)
    line = f"{row}"
    second = _get(web, f"seen{len(log)}", 30)
    return [first, line, second]


def join_map_str_of_fields(web: str) -> list[Any]:
    log: list[str] = []
    cells = [Audited("p", log), Audited("q", log)]
    first = _get(web, "lead", 150)
    line = ",".join(map(str, cells))
    second = _get(web, f"n{len(log)}", 30)
    return [first, line, second]


def json_dumps_default_records(web: str) -> list[Any]:
    """json.dumps(default=) runs the user's encoder, which records what it encoded."""
    encoded: list[str] = []

    def enc(o: Any) -> str:
        encoded.append(type(o).__name__)
        return str(o.cents)

    first = _get(web, "price", 150)
    body = json.dumps({"v": first, "p": Money(5)}, default=enc)
    second = _get(web, f"enc{len(encoded)}", 30)
    return [body, second]


@dataclass
class Ranked:
    key: str
    score: int
    log: list[str]

    def __lt__(self, other: Ranked) -> bool:
        self.log.append(self.key)
        return self.score < other.score


def sorted_rows_user_lt_counts(web: str) -> list[Any]:
    """sorted() runs the rows' __lt__, which counts comparisons."""
    log: list[str] = []
    rows = [Ranked("a", 3, log), Ranked("b", 1, log), Ranked("c", 2, log)]
    first = _get(web, "lead", 150)
    ordered = sorted(rows)
    second = _get(web, f"cmp{len(log)}", 30)
    return [first, [r.key for r in ordered], second]


def max_of_rows_user_lt(web: str) -> list[Any]:
    log: list[str] = []
    rows = [Ranked("a", 3, log), Ranked("b", 1, log), Ranked("c", 2, log)]
    first = _get(web, "lead", 150)
    best = max(rows)
    second = _get(web, f"best{best.key}{len(log)}", 30)
    return [first, second]


def sorted_key_fn_records(web: str) -> list[Any]:
    seen: list[str] = []

    def key(row: dict[str, Any]) -> int:
        seen.append(row["k"])
        return row["n"]

    rows = [{"k": "a", "n": 3}, {"k": "b", "n": 1}]
    first = _get(web, "lead", 150)
    rows.sort(key=key)
    second = _get(web, f"keyed{len(seen)}", 30)
    return [first, [r["k"] for r in rows], second]


class LazyRow(dict):
    """A dict row whose missing fields are filled from a counter of the user's."""

    def __init__(self, *a: Any, misses: list[str], **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.misses = misses

    def __missing__(self, key: str) -> str:
        self.misses.append(key)
        return "?"


def format_map_missing_records(web: str) -> list[Any]:
    misses: list[str] = []
    row = LazyRow({"name": "n"}, misses=misses)
    first = _get(web, "lead", 150)
    line = "{name} {city} {zip}".format_map(row)
    second = _get(web, f"miss{len(misses)}", 30)
    return [first, line, second]


def re_sub_callback_records(web: str) -> list[Any]:
    hits: list[str] = []

    def repl(m: re.Match[str]) -> str:
        hits.append(m.group(0))
        return m.group(0).upper()

    first = _get(web, "text", 150)
    line = re.sub(r"[a-z]+", repl, first + " and more")
    second = _get(web, f"hits{len(hits)}", 30)
    return [line, second]


def json_loads_hook_records(web: str) -> list[Any]:
    keys: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys.extend(k for k, _ in pairs)
        return dict(pairs)

    first = _get(web, "src", 150)
    obj = json.loads(json.dumps({"a": first, "b": {"c": 1}}), object_pairs_hook=hook)
    second = _get(web, f"keys{len(keys)}", 30)
    return [obj, second]


def sqlite_create_function_records(web: str, tmp: str) -> list[Any]:
    """A Python function registered in SQLite records every value a query hands it."""
    called: list[str] = []

    def tag(s: str) -> str:
        called.append(s)
        return s.upper()

    conn = sqlite3.connect(Path(tmp) / "items.db")
    conn.create_function("tag", 1, tag)
    first = _get(web, "lead", 150)
    rows = conn.execute("SELECT tag(key) FROM items ORDER BY id").fetchall()
    conn.close()
    second = _get(web, f"tagged{len(called)}", 30)
    return [first, rows, second]


def sqlite_adapter_records(web: str) -> list[Any]:
    adapted: list[int] = []

    class Cents:
        def __init__(self, n: int) -> None:
            self.n = n

    def adapt(c: Cents) -> int:
        adapted.append(c.n)
        return c.n

    sqlite3.register_adapter(Cents, adapt)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (c INTEGER)")
    first = _get(web, "lead", 150)
    conn.execute("INSERT INTO t VALUES (?)", (Cents(7),))
    second = _get(web, f"adapted{len(adapted)}", 30)
    conn.close()
    return [first, second]


def chat_after_csv_writer_to_file(client: Any, tmp: str) -> list[str]:
    """A model call crosses file writes; the write's str() of fields recorded something."""
    log: list[str] = []
    path = Path(tmp) / "fields.csv"
    a = _chat(client, "first", 0.15)
    with open(path, "w", newline="") as f:
        csv.writer(f).writerow([Audited(a[:8], log), Audited("z", log)])
    b = _chat(client, f"fields written: {len(log)}", 0.03)
    return [a, b, path.read_text()]


def chat_after_sqlite_function(client: Any, tmp: str) -> list[Any]:
    called: list[str] = []

    def tag(s: str) -> str:
        called.append(s)
        return s.upper()

    conn = sqlite3.connect(Path(tmp) / "items.db")
    conn.create_function("tag71", 1, tag)
    a = _chat(client, "first", 0.15)
    conn.execute("UPDATE items SET value = tag71(key)")
    conn.commit()
    conn.close()
    b = _chat(client, f"tagged {len(called)} rows", 0.03)
    return [a, b]


# =========================================================================== writers back


class PutWriter:
    """A file-like object of the user's: every write is PUT to the server."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        requests.put(f"{self.web}/items/{self.key}", data="".join(self.parts), timeout=5)
        return len(s)


def csv_writer_over_put_writer_then_get(web: str) -> list[str]:
    """csv.writer calls the user's write(), which PUTs: a later GET must see it."""
    out = PutWriter(web, "sheet")
    w = csv.writer(out)
    first = _get(web, "lead", 150)
    w.writerow(["a", first])
    return [first, _get(web, "sheet", 30)]


def json_dump_to_put_writer_then_get(web: str) -> list[str]:
    out = PutWriter(web, "doc")
    first = _get(web, "lead", 150)
    json.dump({"v": first}, out)
    return [first, _get(web, "doc", 30)]


def print_file_put_writer_then_get(web: str) -> list[str]:
    out = PutWriter(web, "printed")
    first = _get(web, "lead", 150)
    print("got", first, file=out)
    return [first, _get(web, "printed", 30)]


def dictwriter_stringio_then_put_each(web: str) -> list[int]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["key", "value"])
    versions = []
    for key, ms in (("d1", 150), ("d2", 30), ("d3", 60)):
        w.writerow({"key": key, "value": _get(web, key, ms)})
        versions.append(_put(web, "sheet", buf.getvalue()))
    return versions


def writer_rows_list_reused(web: str) -> list[Any]:
    """One row list is reused for every writerow; the writer copies it out each time."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    row: list[str] = ["", ""]
    for key, ms in (("x1", 150), ("x2", 30)):
        row[0] = key
        row[1] = _get(web, key, ms)
        w.writerow(row)
    return [buf.getvalue(), row]


# =========================================================================== loops that overlap, state shared


def _tag_next(row: dict[str, Any], v: str) -> None:
    nxt = row.get("next")
    if nxt is not None:
        nxt["key"] = nxt["key"] + v[-1]


def json_rows_linked_helper_renames_next(web: str) -> list[str]:
    rows = json.loads('[{"key": "j1", "ms": 150}, {"key": "j2", "ms": 30}, '
                      '{"key": "j3", "ms": 60}]')
    for a, b in zip(rows, rows[1:], strict=False):
        a["next"] = b
    out = []
    for row in rows:
        out.append(_get(web, row["key"], row["ms"]))
        _tag_next(row, out[-1])
    return out


def fromkeys_shared_list(web: str) -> list[Any]:
    """dict.fromkeys(keys, []) gives every key the same list."""
    acc: dict[str, list[str]] = dict.fromkeys(["a", "b", "c"], [])
    out = []
    for k, ms in (("a", 150), ("b", 30), ("c", 60)):
        out.append(_get(web, f"{k}{len(acc[k])}", ms))
        acc[k].append(out[-1])
    return [out, acc["a"] is acc["c"]]


def chainmap_rows_shared_defaults(web: str) -> list[str]:
    import collections

    defaults = {"sfx": "0"}
    rows = [collections.ChainMap({"key": k, "ms": ms}, defaults)
            for k, ms in (("m1", 150), ("m2", 30), ("m3", 60))]
    out = []
    for row in rows:
        out.append(_get(web, row["key"] + row["sfx"], row["ms"]))
        row.maps[1]["sfx"] = out[-1][-1]
    return out


def shallow_copied_rows_share_meta(web: str) -> list[str]:
    base = {"meta": {"tag": "0"}}
    rows = [dict(base, key=k, ms=ms) for k, ms in (("h1", 150), ("h2", 30), ("h3", 60))]
    out = []
    for row in rows:
        out.append(_get(web, row["key"] + row["meta"]["tag"], row["ms"]))
        row["meta"]["tag"] = out[-1][-1]
    return out


@dataclass
class Cfg:
    suffix: str


@dataclass
class Job:
    key: str
    ms: int
    cfg: Cfg


def dataclass_rows_share_config(web: str) -> list[str]:
    cfg = Cfg("0")
    jobs = [Job("d1", 150, cfg), Job("d2", 30, cfg), Job("d3", 60, cfg)]
    out = []
    for job in jobs:
        out.append(_get(web, job.key + job.cfg.suffix, job.ms))
        job.cfg.suffix = out[-1][-1]
    return out


def csv_reader_over_list_grown(web: str) -> list[str]:
    """csv.reader over a list walks what the loop appends to that list."""
    lines = ["a,150", "b,30"]
    out = []
    for key, ms in csv.reader(lines):
        out.append(_get(web, key, int(ms)))
        if len(lines) < 4:
            lines.append(f"{key}x,40")
    return out


def dictreader_over_list_extended(web: str) -> list[str]:
    lines = ["key,ms", "a,150", "b,30"]
    out = []
    for row in csv.DictReader(lines):
        out.append(_get(web, row["key"], int(row["ms"])))
        if row["key"] == "a":
            lines += ["a2,40"]
    return out


def _parse(lines: list[str]) -> Any:
    for ln in lines:
        yield ln.split(",")


def generator_parse_list_grown(web: str) -> list[str]:
    lines = ["g,150", "h,30"]
    out = []
    for key, ms in _parse(lines):
        out.append(_get(web, key, int(ms)))
        if key == "g":
            lines.append("gg,40")
    return out


def update_from_shared_extra(web: str) -> list[dict[str, Any]]:
    extra: dict[str, str] = {}
    rows = [{"key": "x1", "ms": 150}, {"key": "x2", "ms": 30}, {"key": "x3", "ms": 60}]
    out = []
    for row in rows:
        row.update(extra)
        out.append(_get(web, row["key"] + extra.get("last", ""), row["ms"]))
        extra["last"] = out[-1][-1]
    return rows


def ior_accumulator_len_in_key(web: str) -> list[str]:
    acc: dict[str, str] = {}
    out = []
    for k, ms in (("i1", 150), ("i2", 30), ("i1", 60)):
        out.append(_get(web, f"{k}-{len(acc)}", ms))
        acc |= {k: out[-1]}
    return out


class Loud:
    """A field that prints when formatted."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __format__(self, spec: str) -> str:
        print("format", self.text)
        return self.text


def fstring_field_prints_in_url(web: str) -> list[str]:
    rows = [("l1", Loud("a"), 150), ("l2", Loud("b"), 30), ("l3", Loud("c"), 60)]
    out = []
    for i, (key, tag, ms) in enumerate(rows):
        print("row", i)
        out.append(_get(web, f"{key}-{tag}", ms))
    return out


class LoudRepr:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        print("repr", self.text)
        return self.text


def str_of_row_with_repr_in_url(web: str) -> list[str]:
    rows = [{"k": LoudRepr("a")}, {"k": LoudRepr("b")}]
    out = []
    for i, (row, ms) in enumerate(zip(rows, (150, 30), strict=True)):
        print("row", i)
        out.append(_get(web, str(len(str(row))) + f"-{i}", ms))
    return out


def del_next_row_while_enumerating(web: str) -> list[str]:
    rows = [("a", 150), ("b", 30), ("c", 60), ("d", 40)]
    out = []
    for i, (key, ms) in enumerate(rows):
        out.append(_get(web, key, ms))
        if key == "a":
            del rows[i + 1]
    return out


def restval_user_object_counts(web: str) -> list[Any]:
    class Missing:
        def __init__(self) -> None:
            self.n = 0

        def __str__(self) -> str:
            self.n += 1
            return f"miss{self.n}"

    missing = Missing()
    out = []
    for row, ms in zip(csv.DictReader(["key,alt", "a", "b,B", "c"], restval=missing),
                       (150, 30, 60), strict=True):
        out.append(_get(web, f"{row['key']}-{row['alt']}", ms))
    return [out, missing.n]


def sqlite_cursor_walk_updates_next(web: str, tmp: str) -> list[str]:
    conn = sqlite3.connect(Path(tmp) / "items.db")
    out = []
    for id_, key, ms in conn.execute("SELECT id, key, ms FROM items ORDER BY id"):
        out.append(_get(web, key, ms))
        conn.execute("UPDATE items SET key = key || ? WHERE id = ?", (out[-1][-1], id_ + 1))
    conn.close()
    return out


def comprehension_over_list_grown_by_element(web: str) -> list[str]:
    keys = [("a", 150), ("b", 30)]
    return [_get(web, k, ms) for k, ms in keys if len(keys) > 3 or keys.append((k + "z", 40))
            is None]


def jsonl_read_while_appending(client: Any, tmp: str) -> list[str]:
    """A jsonl queue file read line by line while answers append follow-ups to it."""
    path = Path(tmp) / "queue.jsonl"
    path.write_text(json.dumps({"q": "first", "lat": 0.15}) + "\n"
                    + json.dumps({"q": "second", "lat": 0.03}) + "\n")
    out = []
    with open(path) as f:
        for line in f:
            item = json.loads(line)
            out.append(_chat(client, item["q"], item["lat"]))
            if item["q"] == "first":
                with open(path, "a") as g:
                    g.write(json.dumps({"q": "third", "lat": 0.05}) + "\n")
    return out


def format_field_list_of_objects(web: str) -> list[str]:
    """Reduced: a list of the user's objects, each formatted into a GET's URL."""
    tags = [Loud("a"), Loud("b")]
    out = []
    for t, ms in zip(tags, (150, 30), strict=True):
        print("next")
        out.append(_get(web, f"k-{t}", ms))
    return out


def format_field_of_dict_rows(web: str) -> list[str]:
    """Dict rows holding the user's objects: row["tag"] formatted into the URL."""
    rows = [{"key": "r1", "tag": Loud("a"), "ms": 150}, {"key": "r2", "tag": Loud("b"), "ms": 30}]
    out = []
    for row in rows:
        LOG.info("fetching %s", row["key"])
        out.append(_get(web, f"{row['key']}-{row['tag']}", row["ms"]))
    return out


class LoudStr:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        print("str", self.text)
        return self.text


def str_call_field_in_url(web: str) -> list[str]:
    rows = [("s1", LoudStr("a"), 150), ("s2", LoudStr("b"), 30)]
    out = []
    for key, tag, ms in rows:
        print("row", key)
        out.append(_get(web, key + "-" + str(tag), ms))
    return out


def format_field_comprehension(web: str) -> list[str]:
    tags = [(Loud("a"), 150), (Loud("b"), 30)]
    print("start")
    return [_get(web, f"c-{t}", ms) for t, ms in tags]


def format_field_dataclass_rows(web: str) -> list[str]:
    @dataclass
    class Line:
        key: str
        tag: Loud
        ms: int

    lines = [Line("p1", Loud("a"), 150), Line("p2", Loud("b"), 30)]
    out = []
    for ln in lines:
        print("line", ln.key)
        out.append(_get(web, f"{ln.key}-{ln.tag}", ln.ms))
    return out


class Counted:
    """A field whose formatting counts into a list the loop also reads."""

    def __init__(self, text: str, seen: list[str]) -> None:
        self.text = text
        self.seen = seen

    def __format__(self, spec: str) -> str:
        self.seen.append(self.text)
        return f"{self.text}{len(self.seen)}"


def format_field_counts_then_key_reads_count(web: str) -> list[str]:
    seen: list[str] = []
    tags = [Counted("a", seen), Counted("b", seen)]
    out = []
    for t, ms in zip(tags, (150, 30), strict=True):
        seen.append("row")
        out.append(_get(web, f"k-{t}", ms))
    return out


class Record(dict):
    """A csv row class of the user's: every field read is printed (an access trace)."""

    def __getitem__(self, key: str) -> Any:
        print("read", key)
        return super().__getitem__(key)


def dict_subclass_rows_trace_reads(web: str, tmp: str) -> list[str]:
    with open(Path(tmp) / "orders.csv", newline="") as f:
        rows = [Record(r) for r in csv.DictReader(f)]
    out = []
    for row in rows[:3]:
        print("row")
        out.append(_get(web, row["key"], int(row["ms"])))
    return out


class Millis:
    def __init__(self, n: int) -> None:
        self.n = n

    def __int__(self) -> int:
        print("int", self.n)
        return self.n


def int_of_user_field_in_args(web: str) -> list[str]:
    rows = [("i1", Millis(150)), ("i2", Millis(30))]
    out = []
    for key, ms in rows:
        print("row", key)
        out.append(_get(web, key, int(ms)))
    return out


class Flag:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __bool__(self) -> bool:
        print("bool", self.on)
        return self.on


def bool_of_user_field_in_args(web: str) -> list[str]:
    rows = [("b1", Flag(True), 150), ("b2", Flag(False), 30)]
    out = []
    for key, flag, ms in rows:
        print("row", key)
        out.append(_get(web, key if flag else "off", ms))
    return out


class Item:
    def __init__(self, key: str, ms: int) -> None:
        self._key = key
        self.ms = ms

    @property
    def key(self) -> str:
        print("key of", self._key)
        return self._key


def property_field_in_args(web: str) -> list[str]:
    items = [Item("p1", 150), Item("p2", 30)]
    out = []
    for it in items:
        print("item")
        out.append(_get(web, it.key, it.ms))
    return out


def format_field_logged_not_printed(web: str) -> list[str]:
    """The same shape with a log record in the body instead of a print."""
    tags = [(Loud("a"), 150), (Loud("b"), 30)]
    out = []
    for t, ms in tags:
        LOG.warning("next")
        out.append(_get(web, f"lg-{t}", ms))
    return out


class FileTag:
    """A field that appends a line to an audit file each time it is formatted."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path

    def __format__(self, spec: str) -> str:
        with open(self.path, "a") as f:
            f.write(f"format {self.text}\n")
        return self.text


def format_field_appends_audit_file(web: str, tmp: str) -> str:
    audit = Path(tmp) / "audit.txt"
    rows = [("f1", FileTag("a", audit), 150), ("f2", FileTag("b", audit), 30)]
    for key, tag, ms in rows:
        with open(audit, "a") as f:
            f.write(f"row {key}\n")
        v = _get(web, f"{key}-{tag}", ms)
        with open(audit, "a") as f:
            f.write(f"got {v}\n")
    return audit.read_text()


class LoggedRecord(dict):
    def __getitem__(self, key: str) -> Any:
        LOG.info("read %s", key)
        return super().__getitem__(key)


def dict_subclass_rows_log_reads(web: str) -> list[str]:
    rows = [LoggedRecord(key="lr1", ms="150"), LoggedRecord(key="lr2", ms="30")]
    out = []
    for row in rows:
        LOG.info("row")
        out.append(_get(web, row["key"], int(row["ms"])))
    return out


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


def _ot(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_tmp, servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    # -- csv readers
    _wt(dictreader_enrich_then_dictwriter, over(0.15, 0.03, 0.09, 0.04), setup=_setup_orders),
    _wt(dictreader_restkey_extra_fields, setup=_setup_ragged),
    _wt(dictreader_restval_skips_missing, over(0.15, 0.03, 0.06), setup=_setup_ragged),
    _w(reader_over_response_lines),
    _w(reader_registered_dialect, over(0.15, 0.03, 0.07)),
    _w(writer_quote_nonnumeric_roundtrip, over(0.15, 0.03, 0.08)),
    _w(reader_subclass_counts_rows, over(0.15, 0.03, 0.09)),
    _wt(dictreader_subclass_line_numbers, over(0.15, 0.03, 0.09, 0.04), setup=_setup_orders),
    _w(sniffer_then_reader, over(0.15, 0.03, 0.06)),
    # -- json, jsonl
    _wt(jsonl_enrich_update_and_rewrite, over(0.15, 0.03, 0.08), setup=_setup_jsonl),
    _wt(json_dump_then_put_file),
    _wt(jsonl_append_each_then_count),
    _w(json_response_rows_ior, over(0.15, 0.03, 0.07)),
    # -- sqlite rows
    _wt(sqlite_rows_enrich_then_update, over(0.15, 0.03, 0.09, 0.04), cat="db",
        setup=_setup_db),
    _wt(sqlite_dict_rows_from_description, over(0.15, 0.03, 0.09, 0.04), cat="db",
        setup=_setup_db),
    _wt(sqlite_insert_each_fetched_then_select, cat="db", setup=_setup_db),
    # -- split parsing
    _w(split_key_value_lines_then_fetch, over(0.15, 0.03, 0.08)),
    _w(split_fields_of_fetched_lines),
    _w(rsplit_maxsplit_parse, over(0.15, 0.03, 0.07)),
    # -- rows changed in place
    _w(linked_rows_next_key_changed, cat="state"),
    _wt(index_dict_parent_rows_changed, cat="state", setup=_setup_orders),
    _w(setdefault_shared_default_list, cat="state"),
    _w(rows_shared_between_two_lists, cat="state"),
    _w(same_row_twice_in_list, cat="state"),
    _w(remove_row_while_walking, cat="state"),
    _w(append_follow_up_rows, cat="state"),
    _w(pop_front_queue_of_rows, cat="state"),
    _w(update_from_previous_row, cat="state"),
    _w(nested_field_list_extended, cat="state"),
    # -- comprehensions
    _w(comprehension_dict_merge, over(0.15, 0.03, 0.08)),
    _w(comprehension_update_or_row, over(0.15, 0.03)),
    _wt(comprehension_dictreader_to_index, over(0.15, 0.03, 0.09, 0.04), setup=_setup_orders),
    _w(comprehension_walrus_previous),
    _w(comprehension_filter_on_fetched, over(0.15, 0.03, 0.06)),
    _wt(generator_into_dictwriter),
    # -- user objects as fields
    _w(dataclass_rows_fetch_and_tag, over(0.15, 0.03, 0.07), cat="state"),
    _w(csv_writer_str_of_fields_then_get, cat="state"),
    _w(fstring_of_row_dict_runs_repr, cat="state"),
    _w(join_map_str_of_fields, cat="state"),
    _w(json_dumps_default_records, cat="state"),
    _w(sorted_rows_user_lt_counts, cat="state"),
    _w(max_of_rows_user_lt, cat="state"),
    _w(sorted_key_fn_records, cat="state"),
    _w(format_map_missing_records, cat="state"),
    _w(re_sub_callback_records, cat="state"),
    _w(json_loads_hook_records, cat="state"),
    _wt(sqlite_create_function_records, cat="db", setup=_setup_db),
    _w(sqlite_adapter_records, cat="db"),
    _ot(chat_after_csv_writer_to_file),
    _ot(chat_after_sqlite_function, cat="db", setup=_setup_db),
    # -- writers back
    _w(csv_writer_over_put_writer_then_get, cat="helpers"),
    _w(json_dump_to_put_writer_then_get, cat="helpers"),
    _w(print_file_put_writer_then_get, cat="helpers"),
    _w(dictwriter_stringio_then_put_each),
    _w(writer_rows_list_reused, over(0.15, 0.03)),
    # -- loops that overlap, state shared
    _w(json_rows_linked_helper_renames_next, cat="state"),
    _w(fromkeys_shared_list, cat="state"),
    _w(chainmap_rows_shared_defaults, cat="state"),
    _w(shallow_copied_rows_share_meta, cat="state"),
    _w(dataclass_rows_share_config, cat="state"),
    _w(csv_reader_over_list_grown, cat="state"),
    _w(dictreader_over_list_extended, cat="state"),
    _w(generator_parse_list_grown, cat="state"),
    _w(update_from_shared_extra, cat="state"),
    _w(ior_accumulator_len_in_key, cat="state"),
    _w(fstring_field_prints_in_url, over(0.15, 0.03, 0.06), cat="state"),
    _w(str_of_row_with_repr_in_url, over(0.15, 0.03), cat="state"),
    _w(del_next_row_while_enumerating, cat="state"),
    _w(restval_user_object_counts, over(0.15, 0.03, 0.06), cat="state"),
    _wt(sqlite_cursor_walk_updates_next, cat="db", setup=_setup_db),
    _w(comprehension_over_list_grown_by_element, cat="state"),
    _ot(jsonl_read_while_appending),
    _w(format_field_list_of_objects, over(0.15, 0.03), cat="state"),
    _w(format_field_of_dict_rows, over(0.15, 0.03), cat="state"),
    _w(str_call_field_in_url, over(0.15, 0.03), cat="state"),
    _w(format_field_comprehension, over(0.15, 0.03), cat="state"),
    _w(format_field_dataclass_rows, over(0.15, 0.03), cat="state"),
    _w(format_field_counts_then_key_reads_count, over(0.15, 0.03), cat="state"),
    _wt(dict_subclass_rows_trace_reads, over(0.15, 0.03, 0.09), cat="state",
        setup=_setup_orders),
    _w(int_of_user_field_in_args, over(0.15, 0.03), cat="state"),
    _w(bool_of_user_field_in_args, over(0.15, 0.03), cat="state"),
    _w(property_field_in_args, over(0.15, 0.03), cat="state"),
    _w(format_field_logged_not_printed, over(0.15, 0.03), cat="state"),
    _wt(format_field_appends_audit_file, cat="files"),
    _w(dict_subclass_rows_log_reads, over(0.15, 0.03), cat="state"),
]

# Differed under jit when written, fixed since: (stop 29) a loop's call whose arguments format values of yours starts for an item only while those values are plain data when the body prints (`_bodies.names_check`).
FIXED_WHY: dict[str, str] = {
    "fstring_field_prints_in_url": (
        "stdout: every item's GET starts at the loop's head, so Loud.__format__ (a print) of "
        "f'{key}-{tag}' runs for all rows before the body's print('row', i)"),
    "format_field_list_of_objects": (
        "reduced: for t in [Loud(..)]: print(); get(f'{t}'): the user's __format__ (prints) "
        "runs when the GET starts early, before the earlier items' print"),
    "str_call_field_in_url": (
        "str(tag) of a user's object whose __str__ prints, in the GET's URL: run with the "
        "early start, before the row's print"),
    "format_field_dataclass_rows": (
        "f'{ln.tag}' of a dataclass row's field (the user's __format__ prints): the same, "
        "through an attribute of a class made in the function"),
    "dict_subclass_rows_trace_reads": (
        "rows of a dict subclass whose __getitem__ prints: row['key'], row['ms'] in every "
        "item's GET arguments run at the loop's head, before each item's print('row')"),
    "int_of_user_field_in_args": (
        "int(ms) of a user's object whose __int__ prints, in the GET's arguments: run when "
        "the GET starts early, before the row's print"),
}

FAILING_WHY: dict[str, str] = {
}

FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
