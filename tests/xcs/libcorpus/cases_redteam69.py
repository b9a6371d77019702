"""Red-team cases (stop 69): the JIT's newest rules, where they are wrong or too narrow.

Helpers handed a client decided when the plan is made (the client parameter rebound to a
hooked client mid-loop, between calls, in an `if`, by a tuple swap; a global client, a
default client, a subclass, hooks added between calls; helpers that change the client or
their other arguments after the request; `**kw` changed through a frame's locals); loop
items' types (CSV readers with a shared `restval` list or dict, `restkey`, a dialect class;
stores to the key the call reads, rows written ahead, a row held aside, `row.update`;
rows interned by an `object_pairs_hook`; pieces of a str subclass; pairs of a JSON list
that do not unpack); `t = None` and its look-alikes (walrus, `setattr`, `delattr`, a `for`
target, `except ... as`, `with ... as`, `vars(h)[k] = None`); builtins that call dunders
beyond the listed ones (`hex`, `bin`, `math.fsum`/`sqrt`/`log`/`prod`, `statistics`,
`in`, `sorted(key=hash)`); definitions that run code without a call (a property read or an
f-string in a default, `type(...)` with three arguments, `types.new_class`, `ABCMeta`);
defaults changed in place (a list default, `__kwdefaults__[k] = v`) and a jitted partial's
`__setstate__`. Sibling calls get unequal latencies, slow first. `FAILING` holds the cases
that differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import copy
import csv
import functools
import heapq
import inspect
import json
import math
import statistics
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from ember import xcs
from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam69")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def get(web: str, key: str, ms: int = 40) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def _wrap(f: Any, plain: Any) -> Any:
    return xcs.jit if f is not plain else (lambda g: g)


# =========================================================================== clients


def ask(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def _hooked_client(env: Env, tag: str) -> Any:
    """An OpenAI client whose httpx client has a request hook that PUTs to the web server."""
    web = env.web

    def hook(request: httpx.Request) -> None:
        body = json.loads(request.content)
        q = body["messages"][-1]["content"]
        print(f"hook {tag} {q}")
        requests.put(f"{web}/items/hook", data=f"{tag}:{q}", timeout=5)

    http = env.own(httpx.Client(event_hooks={"request": [hook]}))
    return env.own(openai.OpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
                                 http_client=http))


def client_swapped_for_hooked_mid_loop(client: Any, hooked: Any, web: str) -> list[str]:
    """After the first question the loop moves to a client with a hook of the user's."""
    out = []
    for i, (q, lat) in enumerate((("q1", 0.15), ("q2", 0.03), ("q3", 0.08))):
        out.append(ask(client, q, lat)[:12])
        if i == 0:
            client = hooked
    out.append(get(web, "hook", 30))
    return out


def client_swapped_for_hooked_between(client: Any, hooked: Any, web: str) -> list[str]:
    """Two helper calls; a hooked client replaces the first between them."""
    a = ask(client, "first", 0.15)
    client = hooked
    b = ask(client, "second", 0.03)
    seen = get(web, "hook", 30)
    return [a[:10], b[:10], seen]


def hooks_added_mid_function(client: Any, web: str) -> list[str]:
    """The function itself adds a hook to the client's httpx client between two asks."""
    def hook(request: httpx.Request) -> None:
        requests.put(f"{web}/items/hook", data="added", timeout=5)

    a = ask(client, "before", 0.15)
    client._client.event_hooks["request"].append(hook)
    try:
        b = ask(client, "after", 0.03)
        c = get(web, "hook", 30)
    finally:
        client._client.event_hooks["request"].clear()
    return [a[:10], b[:10], c]


class CountingOpenAI(openai.OpenAI):
    """A subclass that counts requests and logs each."""

    sent = 0

    def request(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        CountingOpenAI.sent += 1
        LOG.info("request %d", CountingOpenAI.sent)
        return super().request(*args, **kwargs)


def asks_then_count(client: Any) -> list[Any]:
    a = ask(client, "one", 0.15)
    b = ask(client, "two", 0.03)
    return [a[:8], b[:8], CountingOpenAI.sent]


def drive_plain_then_subclass(f: Any, env: Env) -> list[Any]:
    CountingOpenAI.sent = 0
    first = f(openai_client(env))
    sub = env.own(CountingOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0))
    return [first, f(sub), f(openai_client(env))]


def ask_and_count(client: Any, q: str, lat: float) -> str:
    """Counts on the client after the answer came back."""
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    client.answered = getattr(client, "answered", 0) + 1
    return f"{client.answered}:{r.choices[0].message.content[:6]}"


def helper_counts_on_client(client: Any) -> list[str]:
    return [ask_and_count(client, q, lat) for q, lat in (("a", 0.15), ("b", 0.03), ("c", 0.08))]


def ask_into_log(client: Any, q: str, lat: float, log: list[str]) -> int:
    """Appends to its other argument after the answer: the number it returns is its place."""
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    log.append(r.choices[0].message.content[:6])
    return len(log)


def helper_appends_other_argument(client: Any) -> list[Any]:
    log: list[str] = []
    places = [ask_into_log(client, q, lat, log) for q, lat in (("x", 0.15), ("y", 0.03))]
    return [places, len(log)]


def ask_history(client: Any, history: list[dict[str, str]], q: str, lat: float) -> int:
    history.append({"role": "user", "content": q})
    r = client.chat.completions.create(model="gpt", messages=history,
                                       extra_body={"latency": lat})
    history.append({"role": "assistant", "content": r.choices[0].message.content})
    return len(history)


def helper_grows_shared_history(client: Any) -> list[int]:
    history = [{"role": "system", "content": "brief"}]
    return [ask_history(client, history, q, lat)
            for q, lat in (("h1", 0.15), ("h2", 0.03), ("h3", 0.06))]


def ask_kw(client: Any, q: str, lat: float, **kw: Any) -> str:
    """Its `**kw` is only spread, but a frame's locals change it."""
    frame = inspect.currentframe()
    if frame is not None and q.endswith("!"):
        frame.f_locals["kw"]["max_tokens"] = 3
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def kw_changed_through_frame(client: Any) -> list[str]:
    return [ask_kw(client, q, lat)[:30] for q, lat in (("plain", 0.15), ("short!", 0.03))]


GLOBAL_CLIENT: Any = None


def ask_global(q: str, lat: float) -> str:
    return ask(GLOBAL_CLIENT, q, lat)


def use_global_client(client: Any, hooked: Any, web: str) -> list[str]:
    """A global client swapped by the function between two helper calls."""
    global GLOBAL_CLIENT
    GLOBAL_CLIENT = client
    a = ask(GLOBAL_CLIENT, "g1", 0.15)
    GLOBAL_CLIENT = hooked
    b = ask(GLOBAL_CLIENT, "g2", 0.03)
    return [a[:8], b[:8], get(web, "hook", 30)]


def _reset_global(env: Env) -> None:
    global GLOBAL_CLIENT
    GLOBAL_CLIENT = None


def with_options_hooked(client: Any, web: str) -> list[str]:
    """`client.with_options(http_client=...)` with a hooked httpx client, mid-function."""
    def hook(request: httpx.Request) -> None:
        requests.put(f"{web}/items/hook", data="opt", timeout=5)

    a = ask(client, "w1", 0.15)
    with httpx.Client(event_hooks={"request": [hook]}) as http:
        client = client.with_options(http_client=http)
        b = ask(client, "w2", 0.03)
    return [a[:8], b[:8], get(web, "hook", 30)]


# =========================================================================== CSV rows


def _write_rows(env: Env) -> None:
    Path(env.tmp, "in.csv").write_text("key,ms\nr1,150\nr2,30\nr3,80\n")
    Path(env.tmp, "short.csv").write_text("key,ms,seen\ns1,150\ns2,30\ns3,80\n")
    Path(env.tmp, "semi.csv").write_text("key;ms\n's;1';150\n's;2';30\n")
    Path(env.tmp, "wide.csv").write_text("key,ms\nw1,150,x,y\nw2,30\nw3,60,z\n")


def _rows(tmp: str, name: str = "in.csv") -> list[dict[str, str]]:
    with open(Path(tmp) / name, newline="") as f:
        return list(csv.DictReader(f))


def csv_restval_shared_list(web: str, tmp: str) -> list[str]:
    """`restval=[]`: every short row holds the same list; the body grows it."""
    with open(Path(tmp) / "short.csv", newline="") as f:
        rows = list(csv.DictReader(f, restval=[]))
    out = []
    for row in rows:
        v = requests.get(f"{web}/items/{row['key']}-{len(row['seen'])}?ms={row['ms']}",
                         timeout=5).json()["value"]
        row["seen"].append(v)
        out.append(v)
    return out


def csv_restval_shared_dict(web: str, tmp: str) -> list[str]:
    """`restval={}`: the short rows share one dict; the body records each answer in it."""
    with open(Path(tmp) / "short.csv", newline="") as f:
        rows = list(csv.DictReader(f, restval={}))
    out = []
    for row in rows:
        v = requests.get(f"{web}/items/{row['key']}-n{len(row['seen'])}?ms={row['ms']}",
                         timeout=5).json()["value"]
        row["seen"][row["key"]] = v
        out.append(v)
    return out


def csv_restkey_extra(web: str, tmp: str) -> list[Any]:
    with open(Path(tmp) / "wide.csv", newline="") as f:
        rows = list(csv.DictReader(f, restkey="extra"))
    out = []
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}",
                                    timeout=5).json()["value"]
        out.append([row["value"], row.get("extra", [])])
    return out


class Semi(csv.Dialect):
    delimiter = ";"
    quotechar = "'"
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL


def csv_custom_dialect(web: str, tmp: str) -> list[str]:
    with open(Path(tmp) / "semi.csv", newline="") as f:
        rows = list(csv.DictReader(f, dialect=Semi))
    out = []
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key'].replace(';', '_')}?ms={row['ms']}",
                                    timeout=5).json()["value"]
        out.append(row["value"])
    return out


def csv_store_to_read_key(web: str, tmp: str) -> list[str]:
    """The body stores to the key its call read (`ms`): the rows are distinct dicts."""
    rows = _rows(tmp)
    out = []
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}",
                                    timeout=5).json()["value"]
        row["ms"] = "30"
        out.append(row["value"])
    return out


def csv_values_become_objects(web: str, tmp: str) -> list[str]:
    """Mid-loop, the body puts objects of the user's into the next rows."""
    rows = _rows(tmp)
    out = []
    for i, row in enumerate(rows):
        out.append(requests.get(f"{web}/items/{row['key']}?ms={row['ms']}", timeout=5).json()[
            "value"])
        if i + 1 < len(rows):
            rows[i + 1]["key"] = Loud(rows[i + 1]["key"] + "L")
    return out


class Loud(str):
    """A key of the user's: formatting it prints."""

    def __format__(self, spec: str) -> str:
        print(f"formatting {str(self)}")
        return str(self)


def csv_next_row_key_from_answer(web: str, tmp: str) -> list[str]:
    """The body writes the next row's key (other key names than the call's own row's)."""
    rows = _rows(tmp)
    out = []
    for i, row in enumerate(rows):
        row["value"] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}",
                                    timeout=5).json()["value"]
        if i + 1 < len(rows):
            rows[i + 1]["key"] = row["value"]
        out.append(row["value"])
    return out


def csv_first_row_held_aside(web: str, tmp: str) -> list[str]:
    rows = _rows(tmp)
    first = rows[0]
    out = []
    for row in rows:
        row["value"] = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}",
                                    timeout=5).json()["value"]
        first["key"] = row["value"]
        out.append(row["value"])
    return out


def csv_rows_doubled_key_rewritten(web: str, tmp: str) -> list[str]:
    rows = _rows(tmp) * 2
    out = []
    for row in rows:
        out.append(requests.get(f"{web}/items/{row['key']}?ms={row['ms']}", timeout=5).json()[
            "value"])
        row.update(key=row["key"] + "u")
    return out


_INTERNED: dict[tuple, dict] = {}


def intern_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object_pairs_hook that returns one dict for equal objects (saves memory)."""
    return _INTERNED.setdefault(tuple(pairs), dict(pairs))


def _reset_interned(env: Env) -> None:
    _INTERNED.clear()


def json_interned_rows_key_rewritten(web: str) -> list[str]:
    text = '{"rows": [{"key": "j1", "ms": 150}, {"key": "j2", "ms": 30}, {"key": "j1", "ms": 150}]}'
    rows = json.loads(text, object_pairs_hook=intern_pairs)["rows"]
    out = []
    for row in rows:
        v = requests.get(f"{web}/items/{row['key']}?ms={row['ms']}", timeout=5).json()["value"]
        row["key"] = v.replace("v-", "seen-")
        out.append(v)
    return out


def json_interned_rows_other_key(web: str) -> list[str]:
    text = '{"rows": [{"key": "i1", "ms": 150}, {"key": "i2", "ms": 30}, {"key": "i1", "ms": 150}]}'
    rows = json.loads(text, object_pairs_hook=intern_pairs)["rows"]
    out = []
    for row in rows:
        row["n"] = requests.get(f"{web}/items/{row['key']}-{row.get('n', 0)}?ms={row['ms']}",
                                timeout=5).json()["value"]
        out.append(row["n"])
    return out


# =========================================================================== str pieces, pairs


class Lines(str):
    """A str whose splitlines logs each line it gives."""

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        parts = super().splitlines(keepends)
        print(f"split into {len(parts)}")
        return parts


def str_subclass_splitlines(web: str) -> list[str]:
    text = Lines("sa150\nsb30\nsc80")
    out = []
    for ln in text.splitlines():
        out.append(get(web, ln, int(ln[2:])))
        print("got", ln)
    return out


class Upper(str):
    def __iter__(self) -> Any:
        print("iterating")
        return iter(str(self).upper())


def str_subclass_chars(web: str) -> list[str]:
    out = []
    for ch in Upper("abc"):
        out.append(get(web, f"ch{ch}", 150 if ch == "A" else 30))
    return out


def lines_from_generator(web: str) -> list[str]:
    def lines() -> Any:
        for k, ms in (("ga", 150), ("gb", 30), ("gc", 60)):
            print("yield", k)
            yield f"{k},{ms}"

    out = []
    for ln in lines():
        key, ms = ln.split(",")
        out.append(get(web, key, int(ms)))
    return out


def json_pairs_bad_arity(web: str) -> list[Any]:
    conf = json.loads('{"items": [["pa", 150], ["pb", 30], ["pc", 60, "extra"]]}')
    out = []
    try:
        for name, ms in conf["items"]:
            out.append(get(web, name, ms))
            print("done", name)
    except ValueError as exc:
        out.append(str(exc))
    return out


def json_pairs_written_back(web: str) -> list[Any]:
    """The body writes the next pair's name: pairs are lists the loop can change."""
    conf = json.loads('{"items": [["qa", 150], ["qb", 30], ["qc", 60]]}')
    items = conf["items"]
    out = []
    for i, (name, ms) in enumerate(items):
        v = get(web, name, ms)
        if i + 1 < len(items):
            items[i + 1][0] = v
        out.append(v)
    return out


def split_text_into_keys_and_put(web: str) -> list[Any]:
    text = requests.get(f"{web}/text/tk?ms=30", timeout=5).text
    out = []
    for ln in text.splitlines():
        key = ln.replace(" ", "-")
        put(web, key, "x")
        out.append(get(web, key, 30))
    return out


# =========================================================================== tuple assignments


class Registry:
    """A singleton: every `Registry()` is the same object."""

    _one: Registry | None = None

    def __new__(cls) -> Registry:
        if cls._one is None:
            cls._one = super().__new__(cls)
            cls._one.keys = []
        return cls._one

    def add(self, k: str) -> None:
        self.keys.append(k)


def _reset_registry(env: Env) -> None:
    Registry._one = None


def tuple_assign_singletons(web: str) -> list[Any]:
    a, b = Registry(), Registry()
    first = get(web, "tsa", 150)
    a.add(first)
    second = get(web, f"tsb{len(b.keys)}", 30)
    return [first, second, a is b]


class Made:
    def __new__(cls, web: str) -> Any:  # a factory returning a session
        s = requests.Session()
        s.headers["x-made"] = "1"
        return s


def tuple_assign_new_returns_other(web: str) -> list[str]:
    s, t = Made(web), Made(web)
    try:
        a = s.get(f"{web}/items/na?ms=150", timeout=5).json()["value"]
        b = t.get(f"{web}/items/nb?ms=30", timeout=5).json()["value"]
    finally:
        s.close()
        t.close()
    return [a, b]


def tuple_swap_then_get(web: str) -> list[str]:
    a, b = "swa", "swb"
    x = get(web, a, 150)
    a, b = b, x
    y = get(web, a, 30)
    return [x, y, b]


# =========================================================================== drops


class Lease:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __del__(self) -> None:
        requests.put(f"{self.web}/items/lease", data=f"released {self.key}", timeout=5)


def drop_by_tuple_assign(web: str) -> list[str]:
    lease, other = Lease(web, "t1"), 1
    a = get(web, "da", 150)
    lease, other = None, None  # noqa: F841
    b = get(web, "lease", 30)
    return [a, b]


def drop_by_walrus(web: str) -> list[str]:
    lease = Lease(web, "w1")
    a = get(web, "dw", 150)
    if (lease := None) is None:  # noqa: F841
        b = get(web, "lease", 30)
    return [a, b]


def drop_by_setattr(web: str) -> list[str]:
    class Holder:
        pass

    h = Holder()
    h.lease = Lease(web, "s1")
    a = get(web, "ds", 150)
    setattr(h, "lease", None)  # noqa: B010
    b = get(web, "lease", 30)
    return [a, b]


def drop_by_rebinding_to_new(web: str) -> list[str]:
    lease = Lease(web, "r1")
    a = get(web, "dr", 150)
    lease = Lease(web, "r2")
    b = get(web, "lease", 30)
    del lease
    return [a, b]


def drop_by_for_target(web: str) -> list[str]:
    lease = Lease(web, "f1")
    a = get(web, "df", 150)
    for lease in (0,):  # noqa: B007
        pass
    b = get(web, "lease", 30)
    return [a, b, str(lease)]


def drop_by_ellipsis(web: str) -> list[str]:
    lease = Lease(web, "e1")
    a = get(web, "de", 150)
    lease = ...
    b = get(web, "lease", 30)
    return [a, b, str(lease)]


# =========================================================================== dunders


class Score:
    """A score whose conversions record themselves on the server."""

    def __init__(self, web: str, v: float) -> None:
        self.web, self.v = web, v

    def _mark(self, how: str) -> None:
        requests.put(f"{self.web}/items/mark", data=how, timeout=5)

    def __round__(self, n: int | None = None) -> float:
        self._mark("round")
        return round(self.v, n)

    def __abs__(self) -> float:
        self._mark("abs")
        return abs(self.v)

    def __index__(self) -> int:
        self._mark("index")
        return int(self.v)

    def __float__(self) -> float:
        self._mark("float")
        return self.v

    def __lt__(self, other: Score) -> bool:
        self._mark("lt")
        return self.v < other.v

    def __copy__(self) -> Score:
        self._mark("copy")
        return Score(self.web, self.v)

    def __format__(self, spec: str) -> str:
        self._mark("format")
        return format(self.v, spec)

    def __reversed__(self) -> Any:
        self._mark("reversed")
        return iter([self.v])


def dunder_round(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = round(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_abs(web: str) -> list[Any]:
    s = Score(web, -2.5)
    a = get(web, "du", 150)
    r = abs(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_hex(web: str) -> list[Any]:
    s = Score(web, 7)
    a = get(web, "du", 150)
    r = hex(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_math_fsum(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = math.fsum([s, 1.0])
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_heappush(web: str) -> list[Any]:
    h = [Score(web, 1.0)]
    a = get(web, "du", 150)
    heapq.heappush(h, Score(web, 0.5))
    b = get(web, "mark", 30)
    return [a, len(h), b]


def dunder_copy(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    c = copy.copy(s)
    b = get(web, "mark", 30)
    return [a, c.v, b]


def dunder_statistics_median(web: str) -> list[Any]:
    s, t, u = Score(web, 3.0), Score(web, 1.0), Score(web, 2.0)
    a = get(web, "du", 150)
    m = statistics.median_low([s, t, u])
    b = get(web, "mark", 30)
    return [a, m.v, b]


def dunder_format_builtin(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = format(s, ".2f")
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_reversed(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = list(reversed(s))
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_max_of_list_name(web: str) -> list[Any]:
    scores = [Score(web, 1.0), Score(web, 2.0)]
    a = get(web, "du", 150)
    best = max(scores)
    b = get(web, "mark", 30)
    return [a, best.v, b]


# =========================================================================== definitions


class Settings:
    def __init__(self, web: str) -> None:
        self.web = web

    @property
    def limit(self) -> int:
        requests.put(f"{self.web}/items/limit-read", data="yes", timeout=5)
        return 3


def def_default_reads_property(web: str) -> list[Any]:
    cfg = Settings(web)
    a = get(web, "dp", 150)

    def clip(xs: list[str], n: int = cfg.limit) -> list[str]:
        return xs[:n]

    b = get(web, "limit-read", 30)
    return [a, b, clip(["1", "2", "3", "4"])]


class Plugin:
    web = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        requests.put(f"{Plugin.web}/items/plugins", data=cls.__name__, timeout=5)


def class_made_by_type_call(web: str) -> list[Any]:
    Plugin.web = web
    a = get(web, "pt", 150)
    cls = type("Dyn", (Plugin,), {})
    b = get(web, "plugins", 30)
    return [a, b, cls.__name__]


def lambda_default_adds_objects(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "la", 150)
    f = lambda x=f"{s:.1f}": x  # noqa: E731
    b = get(web, "mark", 30)
    return [a, f(), b]


def def_default_subscript_user_map(web: str) -> list[Any]:
    class Conf(dict):
        def __getitem__(self, k: str) -> Any:
            requests.put(f"{web}/items/conf-read", data=k, timeout=5)
            return super().__getitem__(k)

    conf = Conf(n=2)
    a = get(web, "ds", 150)

    def take(xs: list[int], n: int = conf["n"]) -> list[int]:
        return xs[:n]

    b = get(web, "conf-read", 30)
    return [a, b, take([1, 2, 3])]


# =========================================================================== defaults, partials


def list_default(web: str, keys: list[str] = ["la150", "lb30"]) -> list[str]:  # noqa: B006
    return [get(web, keys[0], 150), get(web, keys[1], 30)]


def drive_list_default_mutated(f: Any, env: Env) -> list[Any]:
    keys = list_default.__defaults__[0]
    saved = list(keys)
    try:
        out = [f(env.web)]
        keys[0] = "changed150"
        out.append(f(env.web))
        return out
    finally:
        keys[:] = saved


def kw_default_pair(web: str, *, tag: str = "kd", slow: int = 150) -> list[str]:
    return [get(web, f"{tag}-a", slow), get(web, f"{tag}-b", 30)]


def drive_kwdefaults_mutated_in_place(f: Any, env: Env) -> list[Any]:
    kwd = kw_default_pair.__kwdefaults__
    saved = dict(kwd)
    try:
        out = [f(env.web)]
        kwd["tag"] = "inplace"
        out.append(f(env.web))
        return out
    finally:
        kwd.clear()
        kwd.update(saved)


def memo_list_default(web: str, key: str, seen: list[str] = []) -> list[str]:  # noqa: B006
    if key not in seen:
        seen.append(get(web, key, 150))
    return [get(web, f"n{len(seen)}", 30), *seen]


def drive_memo_list_default(f: Any, env: Env) -> list[Any]:
    memo_list_default.__defaults__[0].clear()
    try:
        return [f(env.web, "m1"), f(env.web, "m1"), f(env.web, "m2")]
    finally:
        memo_list_default.__defaults__[0].clear()


def helper_slow(web: str, key: str, *, ms: int = 150) -> str:
    return get(web, key, ms)


def uses_helper_kwdefault(web: str) -> list[str]:
    return [helper_slow(web, "hk1"), get(web, "hk2", 30)]


def drive_helper_kwdefaults_in_place(f: Any, env: Env) -> list[Any]:
    kwd = helper_slow.__kwdefaults__
    try:
        out = [f(env.web)]
        kwd["ms"] = 31
        out.append(f(env.web))
        return out
    finally:
        kwd["ms"] = 150


def partial_target(web: str, keys: list[str], tag: str = "p") -> list[str]:
    return [get(web, f"{tag}{keys[0]}", 150), get(web, f"{tag}{keys[1]}", 30)]


def drive_partial_list_mutated(f: Any, env: Env) -> list[Any]:
    keys = ["a", "b"]
    p = functools.partial(f, env.web, keys, tag="pl")
    out = [p()]
    keys[0] = "z"
    out.append(p())
    return out


def drive_jit_partial_setstate(f: Any, env: Env) -> list[Any]:
    p = functools.partial(partial_target, env.web, ["a", "b"], tag="ps")
    g = _wrap(f, partial_target)(p)
    out = [g()]
    p.__setstate__((partial_target, (env.web, ["c", "d"]), {"tag": "ps2"}, None))
    out.append(g())
    return out


def drive_jit_partial_args_list(f: Any, env: Env) -> list[Any]:
    keys = ["a", "b"]
    p = functools.partial(partial_target, env.web, keys, tag="pa")
    g = _wrap(f, partial_target)(p)
    out = [g()]
    keys[1] = "y"
    out.append(g())
    return out


# =========================================================================== more variants


def dunder_int_builtin(web: str) -> list[Any]:
    s = Score(web, 7)
    a = get(web, "du", 150)
    r = int(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_math_sqrt(web: str) -> list[Any]:
    s = Score(web, 4.0)
    a = get(web, "du", 150)
    r = math.sqrt(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_percent_format(web: str) -> list[Any]:
    s = Score(web, 7)
    a = get(web, "du", 150)
    r = "%x" % s  # noqa: UP031
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_bisect_insort(web: str) -> list[Any]:
    import bisect

    ranked = [Score(web, 1.0), Score(web, 3.0)]
    a = get(web, "du", 150)
    bisect.insort(ranked, Score(web, 2.0))
    b = get(web, "mark", 30)
    return [a, [x.v for x in ranked], b]


def dunder_operator_index(web: str) -> list[Any]:
    import operator

    s = Score(web, 3)
    a = get(web, "du", 150)
    r = operator.index(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_list_slice_by_score(web: str) -> list[Any]:
    s = Score(web, 2)
    items = ["x", "y", "z"]
    a = get(web, "du", 150)
    r = items[s]
    b = get(web, "mark", 30)
    return [a, r, b]


def def_default_fstring(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "df", 150)

    def label(prefix: str = f"{s:.1f}") -> str:
        return prefix

    b = get(web, "mark", 30)
    return [a, b, label()]


def def_default_operator(web: str) -> list[Any]:
    class Money:
        def __add__(self, other: int) -> int:
            requests.put(f"{web}/items/mark", data="add", timeout=5)
            return 10 + other

    m = Money()
    a = get(web, "dop", 150)

    def budget(n: int = m + 1) -> int:
        return n

    b = get(web, "mark", 30)
    return [a, b, budget()]


def class_made_by_types_new_class(web: str) -> list[Any]:
    import types

    Plugin.web = web
    a = get(web, "nc", 150)
    cls = types.new_class("Made", (Plugin,))
    b = get(web, "plugins", 30)
    return [a, b, cls.__name__]


def class_made_by_make_dataclass(web: str) -> list[Any]:
    import dataclasses

    Plugin.web = web
    a = get(web, "md", 150)
    cls = dataclasses.make_dataclass("Row", ["key"], bases=(Plugin,))
    b = get(web, "plugins", 30)
    return [a, b, cls.__name__]


class _Holder:
    pass


def drop_by_vars_item(web: str) -> list[str]:
    h = _Holder()
    h.lease = Lease(web, "v1")
    a = get(web, "dv", 150)
    vars(h)["lease"] = None
    b = get(web, "lease", 30)
    return [a, b]


def drop_by_annotated_none(web: str) -> list[str]:
    lease: Any = Lease(web, "a1")
    a = get(web, "dan", 150)
    lease: Any = None  # noqa: F841
    b = get(web, "lease", 30)
    return [a, b]


def drop_by_except_name(web: str) -> list[str]:
    lease: Any = Lease(web, "x1")
    a = get(web, "dx", 150)
    try:
        raise KeyError("k")
    except KeyError as lease:  # noqa: F841, F811
        pass
    b = get(web, "lease", 30)
    return [a, b]


def drop_by_with_target(web: str) -> list[str]:
    import contextlib

    lease: Any = Lease(web, "c1")
    a = get(web, "dc", 150)
    with contextlib.nullcontext(None) as lease:  # noqa: F841, F811
        pass
    b = get(web, "lease", 30)
    return [a, b]


def release(h: _Holder) -> None:
    h.lease = None


def drop_in_helper_function(web: str) -> list[str]:
    h = _Holder()
    h.lease = Lease(web, "h1")
    a = get(web, "dh", 150)
    release(h)
    b = get(web, "lease", 30)
    return [a, b]


def client_hooked_between_calls(client: Any, web: str) -> list[str]:
    return [ask(client, "one", 0.15)[:8], ask(client, "two", 0.03)[:8], get(web, "hook", 30)]


def drive_hook_added_between_calls(f: Any, env: Env) -> list[Any]:
    client = openai_client(env)
    web = env.web

    def hook(request: httpx.Request) -> None:
        requests.put(f"{web}/items/hook", data="between", timeout=5)

    first = f(client, web)
    client._client.event_hooks["request"].append(hook)
    return [first, f(client, web)]


def ask_default(q: str, lat: float, client: Any = None) -> str:
    return ask(client, q, lat)


def asks_via_default(web: str) -> list[str]:
    return [ask_default("d1", 0.15)[:8], ask_default("d2", 0.03)[:8], get(web, "hook", 30)]


def drive_default_client_swapped(f: Any, env: Env) -> list[Any]:
    saved = ask_default.__defaults__
    try:
        ask_default.__defaults__ = (openai_client(env),)
        first = f(env.web)
        ask_default.__defaults__ = (_hooked_client(env, "D"),)
        return [first, f(env.web)]
    finally:
        ask_default.__defaults__ = saved


def drive_openai_then_anthropic(f: Any, env: Env) -> list[Any]:
    from tests.xcs.libcorpus._case import anthropic_client

    out = [f(openai_client(env))]
    try:
        out.append(f(anthropic_client(env)))
    except AttributeError as exc:
        out.append(["raised", type(exc).__name__])
    return out


def two_asks(client: Any) -> list[str]:
    return [ask(client, "p", 0.15)[:8], ask(client, "q", 0.03)[:8]]


def drive_jitted_kwdefaults_in_place(f: Any, env: Env) -> list[Any]:
    g = f
    out = [g(env.web)]
    kwd = g.__kwdefaults__
    saved = dict(kwd)
    try:
        kwd["tag"] = "jk"
        out.append(g(env.web))
        return out
    finally:
        kwd.clear()
        kwd.update(saved)


def tuple_of_clients_in_loop(client: Any, hooked: Any, web: str) -> list[str]:
    out = []
    for c, q, lat in ((client, "t1", 0.15), (hooked, "t2", 0.03), (client, "t3", 0.06)):
        out.append(ask(c, q, lat)[:8])
    out.append(get(web, "hook", 30))
    return out


def comprehension_alternating_clients(client: Any, hooked: Any, web: str) -> list[str]:
    clients = [client, hooked]
    out = [ask(clients[i % 2], f"c{i}", lat)[:8] for i, lat in enumerate((0.15, 0.03, 0.06))]
    return [*out, get(web, "hook", 30)]


# =========================================================================== third batch


def json_pairs_too_few(web: str) -> list[Any]:
    conf = json.loads('{"items": [["fa", 150], ["fb", 30], ["fc"]]}')
    out = []
    try:
        for name, ms in conf["items"]:
            out.append(get(web, name, ms))
    except ValueError as exc:
        out.append(str(exc))
    return out


def json_pairs_bad_arity_comprehension(web: str) -> list[Any]:
    conf = json.loads('{"items": [["ca", 150], ["cb", 30], "abc"]}')
    try:
        return [get(web, name, ms) for name, ms in conf["items"]]
    except ValueError as exc:
        return [str(exc), get(web, "after", 30)]


def json_pairs_logged_then_bad(web: str) -> list[Any]:
    conf = json.loads('{"items": [["la", 150], ["lb", 30], ["lc", 60, 0]]}')
    out = []
    try:
        for name, ms in conf["items"]:
            LOG.info("fetching %s", name)
            put(web, f"seen-{name}", "1")
            out.append(get(web, name, ms))
    except ValueError as exc:
        out.append(str(exc))
    return out


def client_params_swapped(client: Any, hooked: Any, web: str) -> list[str]:
    """Two client parameters swapped by a tuple assignment between asks."""
    a = ask(client, "s1", 0.15)
    client, hooked = hooked, client
    b = ask(client, "s2", 0.03)
    return [a[:8], b[:8], get(web, "hook", 30)]


def client_rebound_in_if(client: Any, hooked: Any, web: str) -> list[str]:
    a = ask(client, "i1", 0.15)
    if a:
        client = hooked
    b = ask(client, "i2", 0.03)
    return [a[:8], b[:8], get(web, "hook", 30)]


HOOKED_GLOBAL: Any = None


def switch_global() -> None:
    global GLOBAL_CLIENT
    GLOBAL_CLIENT = HOOKED_GLOBAL


def global_client_switched_by_helper(client: Any, hooked: Any, web: str) -> list[str]:
    global GLOBAL_CLIENT, HOOKED_GLOBAL
    GLOBAL_CLIENT, HOOKED_GLOBAL = client, hooked
    a = ask(GLOBAL_CLIENT, "gs1", 0.15)
    switch_global()
    b = ask(GLOBAL_CLIENT, "gs2", 0.03)
    return [a[:8], b[:8], get(web, "hook", 30)]


def drive_global_client_between_calls(f: Any, env: Env) -> list[Any]:
    global GLOBAL_CLIENT
    GLOBAL_CLIENT = openai_client(env)
    first = f(env.web)
    GLOBAL_CLIENT = _hooked_client(env, "G")
    return [first, f(env.web)]


def asks_global_client(web: str) -> list[str]:
    return [ask(GLOBAL_CLIENT, "ga", 0.15)[:8], ask(GLOBAL_CLIENT, "gb", 0.03)[:8],
            get(web, "hook", 30)]


def dunder_bin(web: str) -> list[Any]:
    s = Score(web, 5)
    a = get(web, "du", 150)
    r = bin(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_math_log(web: str) -> list[Any]:
    s = Score(web, 1.0)
    a = get(web, "du", 150)
    r = math.log(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_str_format_method(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = "{:.2f}".format(s)  # noqa: UP032
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_percent_float(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = "%.1f" % s  # noqa: UP031
    b = get(web, "mark", 30)
    return [a, r, b]


def dunder_float_builtin(web: str) -> list[Any]:
    s = Score(web, 2.5)
    a = get(web, "du", 150)
    r = float(s)
    b = get(web, "mark", 30)
    return [a, r, b]


def kwonly_default_reads_property(web: str) -> list[Any]:
    cfg = Settings(web)
    a = get(web, "kp", 150)

    def clip(xs: list[str], *, n: int = cfg.limit) -> list[str]:
        return xs[:n]

    b = get(web, "limit-read", 30)
    return [a, b, clip(["1", "2", "3", "4"])]


def lambda_default_reads_property(web: str) -> list[Any]:
    cfg = Settings(web)
    a = get(web, "lp", 150)
    clip = lambda xs, n=cfg.limit: xs[:n]  # noqa: E731
    b = get(web, "limit-read", 30)
    return [a, b, clip(["1", "2", "3", "4"])]


def class_made_by_abcmeta(web: str) -> list[Any]:
    import abc

    Plugin.web = web
    a = get(web, "ab", 150)
    cls = abc.ABCMeta("Abstract", (Plugin,), {})
    b = get(web, "plugins", 30)
    return [a, b, cls.__name__]


def slow_tag(web: str, key: str, ms: int = 150) -> str:
    return get(web, key, ms)


def defaults_set_mid_call(web: str) -> list[str]:
    """The function retunes a helper's default between two calls of it."""
    saved = slow_tag.__defaults__
    try:
        a = slow_tag(web, "mc1")
        slow_tag.__defaults__ = (31,)
        b = slow_tag(web, "mc2")
        c = get(web, "mc3", 30)
    finally:
        slow_tag.__defaults__ = saved
    return [a, b, c]


def fetch_once(web: str, key: str, seen: list[str] = []) -> str:  # noqa: B006
    if key in seen:
        return f"cached {key}"
    seen.append(key)
    return get(web, key, 150 if key.endswith("a") else 30)


def memo_default_helper_in_one_call(web: str) -> list[str]:
    return [fetch_once(web, "oa"), fetch_once(web, "oa"), fetch_once(web, "ob")]


def _reset_fetch_once(env: Env) -> None:
    fetch_once.__defaults__[0].clear()


def drop_by_dict_update(web: str) -> list[str]:
    h = _Holder()
    h.lease = Lease(web, "u1")
    a = get(web, "du1", 150)
    h.__dict__.update(lease=None)
    b = get(web, "lease", 30)
    return [a, b]


def drop_by_delattr(web: str) -> list[str]:
    h = _Holder()
    h.lease = Lease(web, "d1")
    a = get(web, "dd", 150)
    delattr(h, "lease")
    b = get(web, "lease", 30)
    return [a, b]


# =========================================================================== more dunders


class Metric:
    """A metric whose every protocol method records itself on the server."""

    def __init__(self, web: str, v: int) -> None:
        self.web, self.v = web, v

    def _mark(self, how: str) -> None:
        requests.put(f"{self.web}/items/mark", data=how, timeout=5)

    def __hash__(self) -> int:
        self._mark("hash")
        return hash(self.v)

    def __eq__(self, other: object) -> bool:
        self._mark("eq")
        return isinstance(other, Metric) and other.v == self.v

    def __complex__(self) -> complex:
        self._mark("complex")
        return complex(self.v)

    def __index__(self) -> int:
        self._mark("index")
        return self.v

    def __mul__(self, other: int) -> int:
        self._mark("mul")
        return self.v * other

    def __rmul__(self, other: int) -> int:
        self._mark("rmul")
        return self.v * other

    def __iter__(self) -> Any:
        self._mark("iter")
        return iter(range(self.v))

    def __str__(self) -> str:
        self._mark("str")
        return f"metric {self.v}"

    def __repr__(self) -> str:
        self._mark("repr")
        return f"Metric({self.v})"


def metric_hash(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = hash(m) == hash(3)
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_complex(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = str(complex(m))
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_math_gcd(web: str) -> list[Any]:
    m = Metric(web, 6)
    a = get(web, "me", 150)
    r = math.gcd(m, 4)
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_math_prod(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = math.prod([2, m])
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_list_of(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = list(m)
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_list_count(web: str) -> list[Any]:
    m = Metric(web, 3)
    xs = [m, 1, 2]
    a = get(web, "me", 150)
    r = xs.count(Metric(web, 3))
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_str(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = str(m)
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_repr_in_fstring(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = f"{m!r}"
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_operator_mul(web: str) -> list[Any]:
    import operator

    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = operator.mul(m, 2)
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_str_join(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = ",".join(map(str, m))
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_in_list(web: str) -> list[Any]:
    m = Metric(web, 3)
    a = get(web, "me", 150)
    r = Metric(web, 3) in [m]
    b = get(web, "mark", 30)
    return [a, r, b]


def metric_sorted_key(web: str) -> list[Any]:
    m, n = Metric(web, 3), Metric(web, 1)
    a = get(web, "me", 150)
    r = [x.v for x in sorted([m, n], key=hash)]
    b = get(web, "mark", 30)
    return [a, r, b]


# =========================================================================== registry


def _web(fn: Any, drive: Any = None, cat: str = "rebind", **kw: Any) -> Case:
    if drive is None:
        return Case(cat, fn, args=lambda env: (env.web,), servers="web", **kw)
    return Case(cat, fn, drive=drive, servers="web", **kw)


def _tmp(fn: Any, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web, str(env.tmp)), servers="web",
                setup=_write_rows, **kw)


def _oa(fn: Any, cat: str = "clients", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env),), servers="api", **kw)


def _oa_web(fn: Any, cat: str = "clients", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env), env.web), servers="web api",
                **kw)


def _oa_hooked(fn: Any, cat: str = "clients", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (openai_client(env), _hooked_client(env, "H"),
                                           env.web), servers="web api", **kw)


ALL: list[Case] = [
    _oa_hooked(client_swapped_for_hooked_mid_loop),
    _oa_hooked(client_swapped_for_hooked_between),
    _oa_web(hooks_added_mid_function),
    Case("clients", asks_then_count, drive=drive_plain_then_subclass, servers="api",
         name="plain_then_subclass_client"),
    _oa(helper_counts_on_client),
    _oa(helper_appends_other_argument),
    _oa(helper_grows_shared_history),
    _oa(kw_changed_through_frame),
    _oa_hooked(use_global_client, setup=_reset_global),
    _oa_web(with_options_hooked),
    _tmp(csv_restval_shared_list),
    _tmp(csv_restval_shared_dict),
    _tmp(csv_restkey_extra),
    _tmp(csv_custom_dialect),
    _tmp(csv_store_to_read_key),
    _tmp(csv_values_become_objects),
    _tmp(csv_next_row_key_from_answer),
    _tmp(csv_first_row_held_aside),
    _tmp(csv_rows_doubled_key_rewritten),
    _web(json_interned_rows_key_rewritten, cat="state", setup=_reset_interned),
    _web(json_interned_rows_other_key, cat="state", setup=_reset_interned),
    _web(str_subclass_splitlines, cat="helpers"),
    _web(str_subclass_chars, cat="helpers"),
    _web(lines_from_generator, cat="helpers"),
    _web(json_pairs_bad_arity, cat="validation"),
    _web(json_pairs_written_back, cat="state"),
    _web(split_text_into_keys_and_put, cat="state"),
    _web(tuple_assign_singletons, cat="state", setup=_reset_registry),
    _web(tuple_assign_new_returns_other, cat="state"),
    _web(tuple_swap_then_get, cat="state"),
    _web(drop_by_tuple_assign, cat="state"),
    _web(drop_by_walrus, cat="state"),
    _web(drop_by_setattr, cat="state"),
    _web(drop_by_rebinding_to_new, cat="state"),
    _web(drop_by_for_target, cat="state"),
    _web(drop_by_ellipsis, cat="state"),
    _web(dunder_round, cat="helpers"),
    _web(dunder_abs, cat="helpers"),
    _web(dunder_hex, cat="helpers"),
    _web(dunder_math_fsum, cat="helpers"),
    _web(dunder_heappush, cat="helpers"),
    _web(dunder_copy, cat="helpers"),
    _web(dunder_statistics_median, cat="helpers"),
    _web(dunder_format_builtin, cat="helpers"),
    _web(dunder_reversed, cat="helpers"),
    _web(dunder_max_of_list_name, cat="helpers"),
    _web(def_default_reads_property, cat="where"),
    _web(class_made_by_type_call, cat="where"),
    _web(lambda_default_adds_objects, cat="where"),
    _web(def_default_subscript_user_map, cat="where"),
    _web(list_default, drive_list_default_mutated, name="list_default_mutated_between"),
    _web(kw_default_pair, drive_kwdefaults_mutated_in_place,
         name="kwdefaults_dict_changed_in_place"),
    _web(memo_list_default, drive_memo_list_default, cat="state"),
    _web(uses_helper_kwdefault, drive_helper_kwdefaults_in_place,
         name="helper_kwdefaults_in_place"),
    _web(partial_target, drive_partial_list_mutated, name="partial_over_jitted_list_mutated"),
    _web(partial_target, drive_jit_partial_setstate, name="jit_partial_setstate"),
    _web(partial_target, drive_jit_partial_args_list, name="jit_partial_args_list_mutated"),
    _web(dunder_int_builtin, cat="helpers"),
    _web(dunder_math_sqrt, cat="helpers"),
    _web(dunder_percent_format, cat="helpers"),
    _web(dunder_bisect_insort, cat="helpers"),
    _web(dunder_operator_index, cat="helpers"),
    _web(dunder_list_slice_by_score, cat="helpers"),
    _web(def_default_fstring, cat="where"),
    _web(def_default_operator, cat="where"),
    _web(class_made_by_types_new_class, cat="where"),
    _web(class_made_by_make_dataclass, cat="where"),
    _web(drop_by_vars_item, cat="state"),
    _web(drop_by_annotated_none, cat="state"),
    _web(drop_by_except_name, cat="state"),
    _web(drop_by_with_target, cat="state"),
    _web(drop_in_helper_function, cat="state"),
    Case("clients", client_hooked_between_calls, drive=drive_hook_added_between_calls,
         servers="web api", name="hook_added_between_jitted_calls"),
    Case("clients", asks_via_default, drive=drive_default_client_swapped,
         servers="web api", name="helper_default_client_swapped"),
    Case("clients", two_asks, drive=drive_openai_then_anthropic, servers="api",
         name="openai_then_anthropic_client"),
    _web(kw_default_pair, drive_jitted_kwdefaults_in_place,
         name="jitted_kwdefaults_changed_in_place"),
    _oa_hooked(tuple_of_clients_in_loop),
    _oa_hooked(comprehension_alternating_clients),
    _web(json_pairs_too_few, cat="validation"),
    _web(json_pairs_bad_arity_comprehension, cat="validation"),
    _web(json_pairs_logged_then_bad, cat="validation"),
    _oa_hooked(client_params_swapped),
    _oa_hooked(client_rebound_in_if),
    _oa_hooked(global_client_switched_by_helper, setup=_reset_global),
    Case("clients", asks_global_client, drive=drive_global_client_between_calls,
         servers="web api", setup=_reset_global, name="global_client_hooked_between_calls"),
    _web(dunder_bin, cat="helpers"),
    _web(dunder_math_log, cat="helpers"),
    _web(dunder_str_format_method, cat="helpers"),
    _web(dunder_percent_float, cat="helpers"),
    _web(dunder_float_builtin, cat="helpers"),
    _web(kwonly_default_reads_property, cat="where"),
    _web(lambda_default_reads_property, cat="where"),
    _web(class_made_by_abcmeta, cat="where"),
    _web(defaults_set_mid_call, cat="rebind"),
    _web(memo_default_helper_in_one_call, cat="state", setup=_reset_fetch_once),
    _web(drop_by_dict_update, cat="state"),
    _web(drop_by_delattr, cat="state"),
    _web(metric_hash, cat="helpers"),
    _web(metric_complex, cat="helpers"),
    _web(metric_math_gcd, cat="helpers"),
    _web(metric_math_prod, cat="helpers"),
    _web(metric_list_of, cat="helpers"),
    _web(metric_list_count, cat="helpers"),
    _web(metric_str, cat="helpers"),
    _web(metric_repr_in_fstring, cat="helpers"),
    _web(metric_operator_mul, cat="helpers"),
    _web(metric_str_join, cat="helpers"),
    _web(metric_in_list, cat="helpers"),
    _web(metric_sorted_key, cat="helpers"),
]

# Differed under jit when written, fixed since: (stop 29) a parameter the body binds again is not resolved as the call's value; a loop stops its starts at the first item its target cannot unpack; defaults that read an attribute or format are barriers; type(name, bases, ns) makes a class; hex/bin/oct/chr, math's float functions, fsum, prod and `x in [a, b]` run the dunders they call.
FIXED_WHY: dict[str, str] = {
    'client_swapped_for_hooked_mid_loop': (
        '`client = hooked` (a parameter rebound in the loop body after item 1): `ask(client, '
        "...)` stays summarised with the plan's client (a plain model call), so items 2-3 run"
        " beside the final `get(web, 'hook')`: the GET reads v-hook, plain reads H:q3 (the "
        "hook's PUT)"),
    'client_swapped_for_hooked_between': (
        'smallest shape: `a = ask(client, ...); client = hooked; b = ask(client, ...); '
        "get(web, 'hook')`: the guard on the caller's parameter is checked when the call "
        "starts, not where it is rebound; the GET moves before ask #2's hook PUT (v-hook vs "
        'H:second)'),
    'client_params_swapped': (
        'the same with `client, hooked = hooked, client` (a tuple assignment of the two '
        'client parameters) between the asks'),
    'client_rebound_in_if': (
        'the same with `if a: client = hooked`: the rebinding inside an `if` is not seen '
        'either'),
    'json_pairs_bad_arity': (
        "`for name, ms in conf['items']` with a 3-element third pair: the loop's calls start "
        'for every item before the first iteration, so the unpack ValueError is raised before'
        ' any GET; plain GETs pa, pb and prints twice first'),
    'json_pairs_too_few': (
        "the same with a 1-element third pair (`['fc']`): ValueError before the first GET, "
        'plain GETs fa and fb first'),
    'dunder_hex': (
        '`hex(s)` calls `s.__index__` (a PUT): not in the list of builtins calling dunders, '
        'so GET mark moves before it'),
    'dunder_bin': (
        '`bin(s)` likewise (`__index__`)'),
    'dunder_math_fsum': (
        '`math.fsum([s, 1.0])` calls `s.__float__` (a PUT): GET mark moves before it'),
    'dunder_math_sqrt': (
        '`math.sqrt(s)` calls `__float__`: GET mark moves before it'),
    'dunder_math_log': (
        '`math.log(s)` calls `__float__`: GET mark moves before it'),
    'def_default_reads_property': (
        '`def clip(xs, n=cfg.limit)`: the default reads a property (a PUT) without a call, so'
        ' the def is not a barrier: GET limit-read moves before it'),
    'kwonly_default_reads_property': (
        'the same with a keyword-only default `*, n=cfg.limit`'),
    'lambda_default_reads_property': (
        'the same with `lambda xs, n=cfg.limit: ...`'),
    'lambda_default_adds_objects': (
        "`lambda x=f'{s:.1f}': x`: the default's f-string calls `s.__format__` (a PUT) "
        'without a call node: GET mark moves before it'),
    'def_default_fstring': (
        "`def label(prefix=f'{s:.1f}')`: the same for a def"),
    'class_made_by_type_call': (
        "`type('Dyn', (Plugin,), {})` runs `Plugin.__init_subclass__` (a PUT) like a class "
        'statement, but is not a barrier: GET plugins moves before it'),
    'metric_math_prod': (
        '`math.prod([2, m])` calls `m.__rmul__` (a PUT): not among the builtins calling '
        'dunders, so GET mark moves before it'),
    'metric_in_list': (
        '`Metric(web, 3) in [m]` calls `__eq__` (a PUT) of a displayed item: GET mark '
        'moves before it'),
    'dunder_max_of_list_name': (
        "`max(scores)` over a list held by a name (documented as not covered): `__lt__`'s PUT"
        ' runs after GET mark'),
    'metric_sorted_key': (
        '`sorted([m, n], key=hash)`: the key function `hash` calls `__hash__` (a PUT); '
        'sorted with a builtin key is no barrier, so GET mark moves before it'),
}

FAILING_WHY: dict[str, str] = {
    'dunder_statistics_median': (
        '`statistics.median_low([s, t, u])` sorts, calling `__lt__` (a PUT), but is no '
        'barrier: the PUT lands while GET du, started early, has not arrived (~2 of 3 runs)'),
    'drop_by_walrus': (
        '`if (lease := None) is None:` drops the Lease (its `__del__` PUTs) but is not taken '
        'as `del`: the earlier GET dw is still in flight (and GET lease beside it) when the '
        'PUT lands (~2 of 3 runs)'),
    'drop_by_setattr': (
        "`setattr(h, 'lease', None)` drops the Lease but is not taken as a drop: GET lease "
        "moves before its `__del__` PUT (v-lease vs 'released s1')"),
    'drop_by_delattr': (
        "`delattr(h, 'lease')` likewise: GET lease moves before the finaliser's PUT"),
    'drop_by_for_target': (
        '`for lease in (0,): pass` rebinds the name (a for target) and drops the Lease: GET '
        'lease runs before its `__del__` PUT'),
    'jit_partial_setstate': (
        '`p.__setstate__((fn, args2, kw2, None))` on the partial handed to `xcs.jit` between '
        'calls: plain uses the new args (GETs ps2c/ps2d), the jitted partial keeps the old '
        'ones (psa/psb): it shares the keywords dict, not the partial'),
}

CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
