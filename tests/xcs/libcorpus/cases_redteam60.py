"""Red-team 60: everyday scripts that call services, written from the harness's API alone.

Theme: the Python people write in notebooks and small tools, without reading the other case
modules: scrapers that follow links, report builders that fetch several endpoints and format
text, CLI-style functions driven by a dict config, enrichment loops (read a CSV, call an API
per row, write the results), caching wrappers, small classes wrapping a `requests.Session`,
prints and logging between reads and writes, early returns, default arguments, string
building, sorting and grouping. Sibling reads get unequal latencies, the slow one first.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import dataclasses
import functools
import itertools
import json
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import httpx
import requests
import requests.adapters

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

log60 = corpus_logger("rt60")


def _web(env: Env) -> tuple:
    return (env.web,)


def _web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


# --------------------------------------------------------------------------- report builders


def daily_report_sections(base):
    users = requests.get(f"{base}/items/users?ms=120").json()
    orders = requests.get(f"{base}/items/orders?ms=60").json()
    stock = requests.get(f"{base}/items/stock?ms=30").json()
    lines = ["# Daily report", ""]
    for title, data in (("Users", users), ("Orders", orders), ("Stock", stock)):
        lines.append(f"## {title}")
        lines.append(f"- {data['key']}: {data['value']}")
    text = "\n".join(lines)
    print(text)
    return text


def markdown_table_plus_eq(base):
    out = "| key | value |\n|---|---|\n"
    for key, ms in (("north", 90), ("south", 30), ("east", 60)):
        value = requests.get(f"{base}/items/{key}?ms={ms}").json()["value"]
        out += f"| {key} | {value} |\n"
    return out


def aligned_rows_printed(base):
    rows = []
    for name, ms in (("alpha", 100), ("beta", 30), ("gamma", 70), ("delta", 40)):
        value = requests.get(f"{base}/items/{name}?ms={ms}").json()["value"]
        print(f"{name:<8}{value:>12}")
        rows.append((name, value))
    print("-" * 20)
    print(f"{'total':<8}{len(rows):>12}")
    return rows


def report_with_header_from_remote(base):
    title = requests.get(f"{base}/items/title?ms=40").json()["value"]
    print("=" * len(title))
    print(title.upper())
    print("=" * len(title))
    parts = [requests.get(f"{base}/items/part{i}?ms={90 - 20 * i}").json()["value"]
             for i in range(3)]
    body = "\n".join(f"  * {p}" for p in parts)
    print(body)
    return title, parts


# --------------------------------------------------------------------------- scrapers


def crawl_linked_pages(base):
    for src, dst in (("p1", "p2"), ("p2", "p3"), ("p3", "end")):
        requests.put(f"{base}/items/{src}?ms=30", data=dst)
    seen = []
    page = "p1"
    while page != "end":
        r = requests.get(f"{base}/items/{page}?ms=40")
        page = r.json()["value"]
        seen.append(page)
        print("visited", page)
    return seen


def bfs_site_map(base):
    graph = {"home": "about,blog", "about": "team", "blog": "post1,team", "team": "",
             "post1": ""}
    for page, links in graph.items():
        requests.put(f"{base}/items/{page}?ms=30", data=links)
    queue = collections.deque(["home"])
    seen = {"home"}
    order = []
    while queue:
        page = queue.popleft()
        links = requests.get(f"{base}/items/{page}?ms={30 + 10 * len(page)}").json()["value"]
        order.append(page)
        for link in filter(None, links.split(",")):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return order


def scrape_text_lines(base):
    found = {}
    for key, ms in (("news", 90), ("sport", 30), ("weather", 60)):
        r = requests.get(f"{base}/text/{key}?ms={ms}")
        lines = [ln for ln in r.text.splitlines() if ln.strip()]
        found[key] = lines[-1]
    for key in sorted(found):
        print(f"{key}: {found[key]}")
    return found


def first_page_matching(base):
    for k, ms in (("k1", 80), ("k2", 40), ("k3", 60), ("k4", 30)):
        v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        print("checked", k)
        if v.endswith("3"):
            return k
    return None


# --------------------------------------------------------------------------- CSV enrichment


def _write_input_csv(env: Env) -> None:
    (env.tmp / "in.csv").write_text("key,ms\nalpha,90\nbeta,30\ngamma,60\n")


def enrich_csv_rows(base, folder):
    src = Path(folder) / "in.csv"
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = requests.get(f"{base}/items/{row['key']}?ms={row['ms']}").json()["value"]
    with open(Path(folder) / "out.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "ms", "value"])
        w.writeheader()
        w.writerows(rows)
    print(f"enriched {len(rows)} rows")
    return rows


def enrich_csv_streaming_writer(base, folder):
    with open(Path(folder) / "in.csv", newline="") as f:
        rows = list(csv.reader(f))[1:]
    with open(Path(folder) / "enriched.csv", "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["key", "value", "length"])
        for key, ms in rows:
            value = requests.get(f"{base}/items/{key}?ms={ms}").json()["value"]
            w.writerow([key, value, len(value)])
    return (Path(folder) / "enriched.csv").read_text()


def enrich_append_per_row(base, folder):
    path = Path(folder) / "log.txt"
    for k, ms in (("one", 90), ("two", 30), ("three", 60)):
        v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        with open(path, "a") as f:
            f.write(f"{k}={v}\n")
        print("wrote", k)
    return path.read_text()


def _write_conf_json(env: Env) -> None:
    (env.tmp / "conf.json").write_text(json.dumps(
        {"title": "Inventory", "items": [["bolts", 90], ["nuts", 30], ["screws", 60]]}))


def config_file_report(base, folder):
    conf = json.loads((Path(folder) / "conf.json").read_text())
    lines = [conf["title"]]
    for name, ms in conf["items"]:
        data = requests.get(f"{base}/items/{name}?ms={ms}").json()
        lines.append(f"{name}\t{data['value']}")
    (Path(folder) / "report.txt").write_text("\n".join(lines) + "\n")
    return len(lines)


def rows_update_then_sort_jsonl(base, folder):
    rows = [{"id": k, "ms": ms} for k, ms in (("zeta", 90), ("alpha", 30), ("mu", 60))]
    for row in rows:
        row.update(requests.get(f"{base}/items/{row['id']}?ms={row['ms']}").json())
    rows.sort(key=lambda r: r["value"])
    with open(Path(folder) / "rows.jsonl", "w") as f:
        for row in rows:
            f.write(json.dumps(row, sort_keys=True) + "\n")
    return [r["id"] for r in rows]


# --------------------------------------------------------------------------- caches


_CACHE60: dict = {}


def cached_value60(base, key, ms):
    if key in _CACHE60:
        return _CACHE60[key]
    value = requests.get(f"{base}/items/{key}?ms={ms}").json()["value"]
    _CACHE60[key] = value
    return value


def lookup_through_dict_cache(base):
    _CACHE60.clear()
    keys = ["x", "y", "x", "z", "y"]
    return [cached_value60(base, k, 90 - 15 * i) for i, k in enumerate(keys)]


def memo60(fn):
    store = {}

    @functools.wraps(fn)
    def wrapper(*args):
        if args not in store:
            store[args] = fn(*args)
        return store[args]

    wrapper.store = store
    return wrapper


@memo60
def memo_fetch60(base, key, ms):
    return requests.get(f"{base}/items/{key}?ms={ms}").json()["value"]


def lookup_through_memo_decorator(base):
    memo_fetch60.store.clear()
    out = []
    for key, ms in (("a", 90), ("b", 30), ("a", 90), ("c", 50)):
        out.append(memo_fetch60(base, key, ms))
    return out, len(memo_fetch60.store)


@functools.cache
def cached_fetch60(base, key):
    return requests.get(f"{base}/items/{key}?ms={30 + 20 * len(key)}").json()["value"]


def lookup_through_functools_cache(base):
    cached_fetch60.cache_clear()
    got = [cached_fetch60(base, k) for k in ("ccc", "a", "ccc", "bb", "a")]
    info = cached_fetch60.cache_info()
    return got, info.hits, info.misses


def disk_cached_lookup(base, folder):
    cache = Path(folder) / "cache.json"
    data = json.loads(cache.read_text()) if cache.exists() else {}
    fetched = []
    for k, ms in (("a", 90), ("b", 30), ("c", 60)):
        if k not in data:
            data[k] = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
            fetched.append(k)
    cache.write_text(json.dumps(data, sort_keys=True))
    print("fetched:", fetched)
    return data


class Profile60:
    def __init__(self, base, user, ms):
        self.base = base
        self.user = user
        self.ms = ms

    @functools.cached_property
    def info(self):
        return requests.get(f"{self.base}/items/{self.user}?ms={self.ms}").json()

    @property
    def display(self):
        return self.info["value"].upper()


def profiles_cached_property(base):
    ps = [Profile60(base, u, ms) for u, ms in (("ann", 90), ("bob", 30), ("cy", 60))]
    names = [p.display for p in ps]
    keys = [p.info["key"] for p in ps]
    return names, keys


# --------------------------------------------------------------------------- session wrappers


class Api60:
    def __init__(self, base, timeout=5):
        self.base = base
        self.session = requests.Session()
        self.timeout = timeout
        self.calls = 0

    def get(self, key, ms=30):
        self.calls += 1
        r = self.session.get(f"{self.base}/items/{key}", params={"ms": ms},
                             timeout=self.timeout)
        r.raise_for_status()
        return r.json()["value"]

    def put(self, key, value):
        self.calls += 1
        r = self.session.put(f"{self.base}/items/{key}?ms=30", data=value, timeout=self.timeout)
        return r.json()["version"]

    def close(self):
        self.session.close()


def api_class_read_write_read(base):
    api = Api60(base)
    try:
        a = api.get("a", 90)
        b = api.get("b", 30)
        print(f"after two reads: {api.calls} calls")
        v = api.put("a", a + "!")
        c = api.get("a", 40)
        print(f"total {api.calls} calls")
        return [a, b, v, c]
    finally:
        api.close()


def api_counter_between_reads(base):
    api = Api60(base)
    first = api.get("one", 90)
    print("calls so far:", api.calls)
    second = api.get("two", 30)
    print("calls so far:", api.calls)
    api.close()
    return first, second


class Store60:
    def __init__(self, base):
        self.client = httpx.Client(base_url=base)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.client.close()

    def value(self, key, ms):
        return self.client.get(f"/items/{key}", params={"ms": ms}).json()["value"]

    def save(self, key, v):
        return self.client.put(f"/items/{key}", content=v, params={"ms": 30}).json()["version"]


def httpx_store_roundtrip(base):
    with Store60(base) as st:
        a = st.value("a", 200)
        b = st.value("b", 100)
        st.save("c", a + b)
        return [a, b, st.value("c", 100)]


def session_params_switch(base):
    s = requests.Session()
    s.params = {"ms": "90"}
    a = s.get(f"{base}/items/slow").json()["value"]
    s.params["ms"] = "30"
    b = s.get(f"{base}/items/fast").json()["value"]
    s.close()
    return a, b


def _set_delay60(session, ms):
    session.params.update({"ms": str(ms)})


def session_params_via_helper(base):
    with requests.Session() as s:
        _set_delay60(s, 90)
        a = s.get(f"{base}/items/first").json()["value"]
        _set_delay60(s, 30)
        b = s.get(f"{base}/items/second").json()["value"]
        _set_delay60(s, 60)
        c = s.get(f"{base}/items/third").json()["value"]
    return [a, b, c]


def shared_params_dict_mutated(base):
    params = {"ms": 90}
    a = requests.get(f"{base}/items/a", params=params).json()["value"]
    params["ms"] = 30
    b = requests.get(f"{base}/items/b", params=params).json()["value"]
    params["ms"] = 50
    c = requests.get(f"{base}/items/c", params=params).json()["value"]
    return a, b, c


def closure_options_fetch(base):
    opts = {"ms": 90}

    def fetch(k):
        return requests.get(f"{base}/items/{k}", params=opts).json()["value"]

    a = fetch("a")
    opts["ms"] = 30
    b = fetch("b")
    return a, b


SESSION60 = requests.Session()


def get_value60(base, key, ms=30, session=SESSION60):
    return session.get(f"{base}/items/{key}?ms={ms}").json()["value"]


def default_session_argument(base):
    slow = get_value60(base, "slow", 90)
    fast = get_value60(base, "fast")
    mid = get_value60(base, "mid", ms=60)
    return f"{slow}/{fast}/{mid}"


# --------------------------------------------------------------------------- CLI-style


DEFAULTS60 = {"verbose": False, "delays": {}, "keys": ["a"], "out": None}


def cli_main60(overrides, base, folder):
    cfg = {**DEFAULTS60, **overrides}
    if cfg["verbose"]:
        print("config:", json.dumps(cfg, sort_keys=True))
    results = {}
    for k in cfg["keys"]:
        ms = cfg["delays"].get(k, 30)
        results[k] = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        if cfg["verbose"]:
            print("fetched", k)
    if cfg["out"]:
        Path(folder, cfg["out"]).write_text(json.dumps(results, indent=2))
        return 0
    return results


def _cli_args(env: Env) -> tuple:
    return ({"verbose": True, "keys": ["k1", "k2", "k3"], "delays": {"k1": 90, "k3": 60},
             "out": "res.json"}, env.web, str(env.tmp))


def sync_if_feature_enabled(base):
    flag = requests.get(f"{base}/items/feature?ms=60").json()["value"]
    if flag != "v-feature":
        print("feature off")
        return "disabled"
    before = requests.get(f"{base}/items/target?ms=90").json()["value"]
    requests.put(f"{base}/items/target?ms=30", data=before + "-synced")
    after = requests.get(f"{base}/items/target?ms=30").json()["value"]
    return before, after


def dry_run_or_apply(base, dry_run=True):
    plan = []
    for k, ms in (("cfg-a", 90), ("cfg-b", 30)):
        current = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        plan.append((k, current, current.replace("v-", "new-")))
    for k, old, new in plan:
        print(f"{k}: {old} -> {new}")
        if not dry_run:
            requests.put(f"{base}/items/{k}?ms=30", data=new)
    if dry_run:
        return "dry run, nothing changed"
    return [requests.get(f"{base}/items/{k}?ms=40").json()["value"] for k, _, _ in plan]


def make_collect_new_default(env: Env):
    def collect_new_default(base, keys=("a", "b", "c"), seen=[]):  # noqa: B006
        new = []
        for i, k in enumerate(keys):
            if k in seen:
                continue
            seen.append(k)
            print("new", k)
            new.append(requests.get(f"{base}/items/{k}?ms={90 - 25 * i}").json()["value"])
        return new, len(seen)
    return collect_new_default


# --------------------------------------------------------------------------- logging, prints


def sync_with_logging(base):
    log60.info("start sync")
    src = requests.get(f"{base}/items/src?ms=90").json()["value"]
    log60.debug("source %s", src)
    dst = requests.get(f"{base}/items/dst?ms=30").json()["value"]
    log60.info("dest %s", dst)
    if src != dst:
        r = requests.put(f"{base}/items/dst?ms=30", data=src)
        log60.warning("updated dst to version %s", r.json()["version"])
    after = requests.get(f"{base}/items/dst?ms=30").json()["value"]
    log60.info("done: %s", after)
    return after


def progress_dots_stdout(base):
    vals = []
    for k, ms in (("d1", 90), ("d2", 30), ("d3", 60)):
        vals.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
        sys.stdout.write(".")
    sys.stdout.write("\n")
    print(*vals, sep=" | ")
    return len(vals)


def progress_counter_lines(base):
    keys = ["red", "green", "blue", "cyan"]
    out = {}
    for i, k in enumerate(keys, 1):
        print(f"[{i}/{len(keys)}] fetching {k}...", end=" ")
        out[k] = requests.get(f"{base}/items/{k}?ms={110 - 25 * i}").json()["value"]
        print("ok")
    return out


def deploy_steps_fail_midway(base):
    print("step 1: mark")
    requests.put(f"{base}/items/step1?ms=30", data="ok")
    print("step 2: health")
    prev = requests.get(f"{base}/items/step0?ms=60").json()["value"]
    requests.get(f"{base}/status/500?ms=30").raise_for_status()
    print("step 3: finish", prev)
    requests.put(f"{base}/items/step3?ms=30", data="ok")
    return "deployed"


# --------------------------------------------------------------------------- state in helpers


STATS60 = {"hits": 0}


def tracked_get60(base, k, ms):
    STATS60["hits"] += 1
    return requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]


def stats_lines_between_reads(base):
    STATS60["hits"] = 0
    a = tracked_get60(base, "a", 90)
    line1 = f"hits={STATS60['hits']}"
    b = tracked_get60(base, "b", 30)
    line2 = f"hits={STATS60['hits']}"
    return [a, b, line1, line2]


def nonlocal_call_counter(base):
    n = 0

    def get(k, ms):
        nonlocal n
        n += 1
        return requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]

    a = get("a", 90)
    print("n =", n)
    b = get("b", 30)
    print("n =", n)
    return a, b, n


CONF60 = {"ms": 90, "prefix": "item"}


def conf_get60(base, k):
    return requests.get(f"{base}/items/{CONF60['prefix']}-{k}?ms={CONF60['ms']}").json()["value"]


def global_conf_switch(base):
    CONF60.update(ms=90, prefix="item")
    a = conf_get60(base, "a")
    CONF60["ms"] = 30
    CONF60["prefix"] = "other"
    b = conf_get60(base, "b")
    CONF60.update(ms=90, prefix="item")
    return a, b


def _normalise60(keys):
    keys[:] = sorted({k.strip().lower() for k in keys})


def normalise_in_place_then_fetch(base):
    keys = [" Beta", "alpha ", "BETA", "gamma"]
    first = requests.get(f"{base}/items/{keys[0].strip()}?ms=90").json()["value"]
    _normalise60(keys)
    rest = [requests.get(f"{base}/items/{k}?ms={30 + 20 * i}").json()["value"]
            for i, k in enumerate(keys)]
    return first, rest


# --------------------------------------------------------------------------- sorting, grouping


def group_values_by_prefix(base):
    keys = ["fruit-apple", "veg-kale", "fruit-fig", "veg-leek", "nut-pecan"]
    got = {k: requests.get(f"{base}/items/{k}?ms={100 - 15 * i}").json()["value"]
           for i, k in enumerate(keys)}
    groups = {}
    for k in sorted(got):
        groups.setdefault(k.split("-")[0], []).append(got[k])
    for name, vals in itertools.groupby(sorted(keys), key=lambda k: k.split("-")[0]):
        print(name, len(list(vals)))
    return groups


def rank_by_remote_length(base):
    def size(k):
        return len(requests.get(f"{base}/items/{k}?ms={90 - 15 * len(k)}").json()["value"])
    return sorted(["ccc", "a", "bb", "dddd"], key=size, reverse=True)


def pick_best_with_printing_key(base):
    def score(k):
        print("scoring", k)
        return requests.get(f"{base}/items/{k}?ms={100 - 30 * int(k[1])}").json()["value"]
    return max(["m1", "m2", "m3"], key=score)


def tally_with_counter(base):
    keys = ["a", "b", "a", "c", "b", "a"]
    vals = list(map(lambda k: requests.get(f"{base}/items/{k}?ms=40").json()["value"], keys))
    counts = collections.Counter(vals)
    for v, n in counts.most_common():
        print(f"{v}: {n}")
    return counts.most_common(2)


@dataclasses.dataclass(order=True)
class Scored60:
    score: int
    key: str = dataclasses.field(compare=False)


def dataclass_results_sorted(base):
    items = []
    for key, ms in (("long-name", 90), ("mid", 30), ("tiny", 60)):
        v = requests.get(f"{base}/items/{key}?ms={ms}").json()["value"]
        items.append(Scored60(len(v), key))
    items.sort()
    return [(s.key, s.score) for s in items]


def dedupe_sorted_fetch(base):
    keys = ["pear", "apple", "pear", "fig", "apple"]
    out = {}
    for i, k in enumerate(sorted(set(keys))):
        out[k] = requests.get(f"{base}/items/{k}?ms={90 - 25 * i}").json()["value"]
    return out


def filter_by_remote_value(base):
    def fetch(k):
        return requests.get(f"{base}/items/{k}?ms={60 if k < 'c' else 30}").json()["value"]
    return [k for k in ["a", "b", "c", "d"] if fetch(k) in ("v-a", "v-c")]


def dict_from_generator_pairs(base):
    keys = ("s1", "s2", "s3")
    return dict((k, requests.get(f"{base}/items/{k}?ms={90 - 25 * i}").json()["value"])
                for i, k in enumerate(keys))


# --------------------------------------------------------------------------- writes in loops


def replay_mixed_operations(base):
    ops = [("GET", "a", 90), ("PUT", "b", 30), ("GET", "b", 60), ("DELETE", "a", 40),
           ("GET", "a", 30)]
    out = []
    for method, key, ms in ops:
        r = requests.request(method, f"{base}/items/{key}?ms={ms}",
                             data="x" if method == "PUT" else None)
        out.append((method, key, r.status_code, r.json()))
    return out


def get_or_create_loop(base):
    out = []
    for k, ms in (("missing-x", 90), ("present", 30), ("missing-y", 60)):
        r = requests.get(f"{base}/items/{k}?ms={ms}")
        if r.status_code == 404:
            requests.put(f"{base}/items/{k}?ms=30", data=f"created-{k}")
            r = requests.get(f"{base}/items/{k}?ms=30")
        out.append(r.json()["value"])
    return out


def sync_all_listed(base):
    for k, v in (("b2", "two"), ("a1", "one"), ("c3", "three")):
        requests.put(f"{base}/items/{k}?ms=30", data=v)
    listing = requests.get(f"{base}/items?ms=40").json()
    return {k: requests.get(f"{base}/items/{k}?ms={90 - 20 * i}").json()["value"]
            for i, k in enumerate(listing["keys"])}


def update_then_verify(base):
    mismatches = []
    for k, ms in (("u1", 90), ("u2", 30)):
        old = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        requests.put(f"{base}/items/{k}?ms=30", data=old[::-1])
        new = requests.get(f"{base}/items/{k}?ms=40").json()["value"]
        if new != old[::-1]:
            mismatches.append(k)
        print(k, old, "->", new)
    return mismatches


def post_job_and_poll(base):
    job = requests.post(f"{base}/jobs").json()["id"]
    status = "pending"
    polls = 0
    while status != "done" and polls < 10:
        time.sleep(0.03)
        status = requests.get(f"{base}/jobs/{job}?ms=30").json()["status"]
        polls += 1
        print("poll", polls, status)
    result = requests.get(f"{base}/items/{job}-result?ms=40").json()["value"]
    return result, polls


def retry_then_fallback(base, attempts=3):
    for i in range(attempts):
        r = requests.get(f"{base}/status/503?ms=30")
        if r.status_code == 200:
            return r.json()
        print(f"attempt {i + 1}: {r.status_code}")
        time.sleep(0.03)
    return requests.get(f"{base}/items/fallback?ms=40").json()


def skip_missing_rows(base):
    out = {}
    for k, ms in (("present1", 90), ("missing-a", 30), ("present2", 60), ("missing-b", 40)):
        try:
            r = requests.get(f"{base}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.HTTPError as e:
            print("skip", k, e.response.status_code)
            continue
        out[k] = r.json()["value"]
    return out


# --------------------------------------------------------------------------- generators, urllib


def pages60(base, keys):
    for i, k in enumerate(keys):
        print("fetching", k)
        yield requests.get(f"{base}/items/{k}?ms={90 - 25 * i}").json()


def consume_page_generator(base):
    total = []
    for page in pages60(base, ["p1", "p2", "p3"]):
        print("got", page["key"])
        total.append(page["value"])
    return total


def urllib_search_terms(base):
    results = []
    for q, ms in (("cats and dogs", 90), ("fish", 30), ("bird song", 60)):
        url = f"{base}/items/{urllib.parse.quote(q)}?" + urllib.parse.urlencode({"ms": ms})
        with urllib.request.urlopen(url) as r:
            results.append(json.loads(r.read().decode())["value"])
    return results


class Throttle60:
    def __init__(self, gap):
        self.gap = gap
        self.started = False

    def wait(self):
        if self.started:
            time.sleep(self.gap)
        self.started = True


def throttled_fetch_loop(base):
    t = Throttle60(0.04)
    out = []
    for k in ("t1", "t2", "t3"):
        t.wait()
        out.append(requests.get(f"{base}/items/{k}?ms=30").json()["value"])
    return out


def or_fallback_lookup(base):
    local = {"a": "cached-a"}
    out = []
    for k, ms in (("a", 90), ("b", 30), ("c", 60)):
        out.append(local.get(k) or requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    return out


def budgeted_fetch_until_full(base):
    budget = 10
    got = []
    for k, ms in (("aa", 90), ("bbbb", 30), ("cc", 60), ("dddddd", 30)):
        v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        if len(v) > budget:
            print("over budget at", k)
            break
        budget -= len(v)
        got.append(v)
    return got, budget


class Remote60:
    def __init__(self, base, name, ms):
        self.name = name
        self.value = requests.get(f"{base}/items/{name}?ms={ms}").json()["value"]

    @classmethod
    def load_all(cls, base, spec):
        return [cls(base, n, ms) for n, ms in spec]


def constructor_io_objects(base):
    objs = Remote60.load_all(base, [("r1", 90), ("r2", 30), ("r3", 60)])
    print(", ".join(o.name for o in objs))
    return {o.name: o.value for o in objs}



# --------------------------------------------------------------------------- batch 2: helpers with state


def collect_default_acc60(base, k, ms, acc=[]):  # noqa: B006
    acc.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    return len(acc)


def mutable_default_accumulator(base):
    collect_default_acc60.__defaults__[0].clear()
    sizes = [collect_default_acc60(base, k, ms) for k, ms in (("a", 90), ("b", 30), ("c", 60))]
    return sizes, list(collect_default_acc60.__defaults__[0])


def fetch_into60(results, base, k, ms):
    results.append((k, requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]))


def helper_appends_to_argument(base):
    results = []
    for k, ms in (("slow", 90), ("fast", 30), ("mid", 60)):
        fetch_into60(results, base, k, ms)
    return results


TRACE60: list = []


def traced_fetch60(base, k, ms):
    r = requests.get(f"{base}/items/{k}?ms={ms}")
    TRACE60.append(f"{k}:{r.status_code}")
    return r.json()["value"]


def global_trace_after_read(base):
    TRACE60.clear()
    vals = [traced_fetch60(base, k, ms) for k, ms in (("a", 90), ("b", 30), ("c", 60))]
    return vals, list(TRACE60)


def logged_fetch60(base, k, ms):
    value = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
    log60.info("got %s = %s", k, value)
    return value


def helper_logs_after_read(base):
    return [logged_fetch60(base, k, ms) for k, ms in (("a", 90), ("b", 30), ("c", 60))]


def printing_fetch60(base, k, ms):
    value = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
    print(f"  {k} -> {value}")
    return value


def helper_prints_after_read_loop(base):
    out = {}
    for k, ms in (("a", 90), ("b", 30), ("c", 60)):
        out[k] = printing_fetch60(base, k, ms)
    print("done", len(out))
    return out


def safe_json60(base, k, ms):
    try:
        r = requests.get(f"{base}/items/{k}?ms={ms}")
        r.raise_for_status()
        return r.json()["value"]
    except requests.HTTPError as e:
        print("failed", k, e.response.status_code)
        return None


def helper_prints_on_error(base):
    spec = (("ok1", 90), ("missing-1", 30), ("ok2", 60), ("missing-2", 40))
    return [safe_json60(base, k, ms) for k, ms in spec]


def late_binding_fetch_lambdas(base):
    fetchers = [lambda: requests.get(f"{base}/items/{k}?ms=40").json()["value"]  # noqa: B023
                for k in ("a", "b", "c")]
    return [f() for f in fetchers]


def default_bound_lambdas(base):
    fetchers = [lambda k=k, ms=ms: requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("a", 90), ("b", 30), ("c", 60))]
    return [f() for f in fetchers]


def early_return_on_first_value(base):
    a = requests.get(f"{base}/items/a?ms=40").json()["value"]
    if a == "v-a":
        print("short-circuit")
        return a
    b = requests.get(f"{base}/items/b?ms=90").json()["value"]
    c = requests.get(f"{base}/items/c?ms=30").json()["value"]
    return a + b + c


def early_return_on_parameter(base, mode="quick"):
    head = requests.get(f"{base}/items/head?ms=90").json()["value"]
    if mode == "quick":
        return head
    tail = [requests.get(f"{base}/items/t{i}?ms=30").json()["value"] for i in range(3)]
    return head, tail


def crawl_recursive60(base, page, seen, depth=0):
    if page in seen or depth > 3:
        return
    seen.append(page)
    links = requests.get(f"{base}/items/{page}?ms={90 - 20 * len(seen)}").json()["value"]
    for link in filter(None, links.split(",")):
        crawl_recursive60(base, link, seen, depth + 1)


def recursive_crawl_shared_seen(base):
    graph = {"root": "x,y", "x": "z,y", "y": "z", "z": "root"}
    for page, links in graph.items():
        requests.put(f"{base}/items/{page}?ms=30", data=links)
    seen = []
    crawl_recursive60(base, "root", seen)
    return seen


def retry60(times, gap):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            for attempt in range(times):
                try:
                    return fn(*args)
                except requests.HTTPError:
                    if attempt == times - 1:
                        raise
                    time.sleep(gap)
        return wrapper
    return deco


@retry60(3, 0.03)
def strict_fetch60(base, k, ms):
    r = requests.get(f"{base}/items/{k}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


def retry_decorator_in_loop(base):
    out = []
    for k, ms in (("r1", 90), ("r2", 30), ("r3", 60)):
        out.append(strict_fetch60(base, k, ms))
    return out


def retry_decorator_gives_up(base):
    got = []
    try:
        for k, ms in (("r1", 60), ("missing-r", 30), ("r3", 40)):
            got.append(strict_fetch60(base, k, ms))
    except requests.HTTPError as e:
        return got, e.response.status_code
    return got, None


class LastResponse60:
    def __init__(self, base):
        self.base = base
        self.s = requests.Session()
        self.last = None

    def fetch(self, k, ms):
        self.last = self.s.get(f"{self.base}/items/{k}?ms={ms}")
        return self.last

    def status(self):
        return self.last.status_code if self.last is not None else None


def session_keeps_last_response(base):
    api = LastResponse60(base)
    api.fetch("a", 90)
    s1 = api.status()
    api.fetch("missing-b", 30)
    s2 = api.status()
    api.fetch("c", 60)
    s3 = api.status()
    api.s.close()
    return s1, s2, s3


def cmd_show60(base, key):
    return requests.get(f"{base}/items/{key}?ms=40").json()["value"]


def cmd_set60(base, key):
    return requests.put(f"{base}/items/{key}?ms=30", data=f"set-{key}").json()["version"]


def cmd_slow_show60(base, key):
    return requests.get(f"{base}/items/{key}?ms=90").json()["value"]


COMMANDS60 = {"show": cmd_show60, "set": cmd_set60, "slow": cmd_slow_show60}


def dispatch_table_commands(base):
    argv = ["slow:a", "show:b", "set:a", "show:a", "slow:b"]
    out = []
    for arg in argv:
        name, key = arg.split(":")
        out.append((name, COMMANDS60[name](base, key)))
    return out


def handler_list_mixed(base):
    handlers = [cmd_slow_show60, cmd_show60, cmd_set60, cmd_show60]
    return [h(base, "shared") for h in handlers]


def _write_keys_file(env: Env) -> None:
    (env.tmp / "keys.txt").write_text("# keys to fetch\nalpha\n\nbeta\n# skip me\ngamma\n")


def keys_file_with_comments(base, folder):
    out = []
    with open(Path(folder) / "keys.txt") as f:
        for i, line in enumerate(f):
            key = line.strip()
            if not key or key.startswith("#"):
                continue
            out.append(requests.get(f"{base}/items/{key}?ms={100 - 10 * i}").json()["value"])
    return out


def keys_file_open_no_with(base, folder):
    found = {}
    for line in open(Path(folder) / "keys.txt"):  # noqa: SIM115
        if line.startswith("#") or not line.strip():
            continue
        k = line.strip()
        found[k] = requests.get(f"{base}/items/{k}?ms={30 + 10 * len(k)}").json()["value"]
    return found


def try_finally_audit_write(base):
    try:
        v = requests.get(f"{base}/items/guarded?ms=90").json()["value"]
    finally:
        requests.put(f"{base}/items/audit?ms=30", data="read guarded")
    w = requests.get(f"{base}/items/audit?ms=30").json()["value"]
    return v, w


def dict_comp_duplicate_keys(base):
    return {k: requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
            for k, ms in (("a", 90), ("b", 30), ("a", 60))}


def print_two_reads_in_one_call(base):
    print("left:", requests.get(f"{base}/items/l?ms=90").json()["value"],
          "right:", requests.get(f"{base}/items/r?ms=30").json()["value"])
    print("next:", requests.get(f"{base}/items/n?ms=30").json()["value"])


def capture_verbose_output(base):
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        for k, ms in (("a", 90), ("b", 30)):
            print("fetching", k)
            print("value", requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    print("captured", len(buf.getvalue().splitlines()), "lines")
    return buf.getvalue()


def sqlite_cache_wrapper(base, folder):
    import sqlite3
    conn = sqlite3.connect(Path(folder) / "cache.db")
    conn.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT)")
    out = []
    for k, ms in (("a", 90), ("b", 30), ("a", 90), ("c", 60)):
        row = conn.execute("SELECT value FROM cache WHERE key = ?", (k,)).fetchone()
        if row is None:
            value = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
            conn.execute("INSERT INTO cache VALUES (?, ?)", (k, value))
            conn.commit()
            out.append((k, value, "miss"))
        else:
            out.append((k, row[0], "hit"))
    conn.close()
    return out


def nested_region_loops(base):
    table = {}
    for region, rms in (("eu", 60), ("us", 30)):
        for k in ("cpu", "mem"):
            table[f"{region}/{k}"] = requests.get(
                f"{base}/items/{region}-{k}?ms={rms + (30 if k == 'cpu' else 0)}").json()["value"]
    return table


def zip_keys_with_values(base):
    keys = ["k1", "k2", "k3"]
    values = [requests.get(f"{base}/items/{k}?ms={100 - 30 * i}").json()["value"]
              for i, k in enumerate(keys)]
    for k, v in zip(keys, values, strict=True):
        print(k.ljust(4), v)
    return dict(zip(keys, values, strict=True))


def chained_lookups_string(base):
    note = ""
    key = "start"
    for _ in range(3):
        key = requests.get(f"{base}/items/{key}?ms=40").json()["value"]
        note += key + ";"
    return note


def streaming_lines_two_sources(base):
    out = []
    for key, ms in (("log-a", 90), ("log-b", 30)):
        with requests.get(f"{base}/text/{key}?ms={ms}", stream=True) as r:
            for line in r.iter_lines(decode_unicode=True):
                if line:
                    out.append(line.upper())
    return out


def response_encoding_set(base):
    r1 = requests.get(f"{base}/text/enc1?ms=90")
    r1.encoding = "utf-8"
    t1 = r1.text
    r2 = requests.get(f"{base}/text/enc2?ms=30")
    r2.encoding = "latin-1"
    return t1.splitlines()[0], r2.text.splitlines()[-1]


def try_else_collect(base):
    ok, bad = [], []
    for k, ms in (("e1", 90), ("missing-e", 30), ("e2", 60)):
        try:
            r = requests.get(f"{base}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.RequestException as e:
            bad.append((k, type(e).__name__))
        else:
            ok.append(r.json()["value"])
    return ok, bad


GLOBAL_CALLS60 = 0


def global_counter_in_caller(base):
    global GLOBAL_CALLS60
    GLOBAL_CALLS60 = 0
    out = []
    for k, ms in (("a", 90), ("b", 30)):
        GLOBAL_CALLS60 += 1
        out.append((GLOBAL_CALLS60, requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]))
    return out


async def async_dashboard60(base):
    async with httpx.AsyncClient(base_url=base) as client:
        cpu = (await client.get("/items/cpu", params={"ms": 90})).json()["value"]
        print("cpu", cpu)
        mem = (await client.get("/items/mem", params={"ms": 30})).json()["value"]
        print("mem", mem)
        await client.put("/items/dash", content=f"{cpu}|{mem}", params={"ms": 30})
        dash = (await client.get("/items/dash", params={"ms": 30})).json()["value"]
    return dash


async def async_gather_then_print60(base):
    import asyncio
    async with httpx.AsyncClient() as client:
        async def one(k, ms):
            r = await client.get(f"{base}/items/{k}?ms={ms}")
            print("got", k)
            return r.json()["value"]
        return await asyncio.gather(one("a", 90), one("b", 30), one("c", 60))


def _exit_drive(args=_web):
    """A CLI's entry point: the exit code of a `SystemExit` is the value."""
    def drive(fn, env):
        try:
            return fn(*args(env))
        except SystemExit as e:
            return ("exit", e.code)
    return drive


def _drive_async(fn, env):
    import asyncio
    return asyncio.run(fn(env.web))



# --------------------------------------------------------------------------- batch 3: loop state


def dedupe_loop_seen_set(base):
    seen = set()
    out = []
    for k, ms in (("a", 90), ("b", 30), ("a", 60), ("c", 40), ("b", 30)):
        if k in seen:
            continue
        seen.add(k)
        out.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    return out


def fill_cache_dict_in_loop(base):
    cache = {}
    out = []
    for k, ms in (("a", 90), ("b", 30), ("a", 60), ("c", 40)):
        if k not in cache:
            cache[k] = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        out.append(cache[k])
    return out, sorted(cache)


def take_first_two(base):
    results = []
    for k, ms in (("f1", 90), ("f2", 30), ("f3", 60), ("f4", 30)):
        if len(results) >= 2:
            continue
        results.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    return results


def total_under_limit(base):
    total = 0
    kept = []
    for k, ms in (("aaaa", 90), ("bb", 30), ("cccccc", 60), ("d", 30)):
        if total > 8:
            continue
        v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        total += len(v)
        kept.append(v)
    return kept, total


def prefix_switch_mid_loop(base):
    prefix = "items"
    out = []
    for k, ms in (("a", 90), ("switch", 0), ("b", 30), ("c", 60)):
        if k == "switch":
            prefix = "text"
            continue
        r = requests.get(f"{base}/{prefix}/{k}?ms={ms}")
        out.append(r.text[:12])
    return out


def params_decremented_in_loop(base):
    opts = {"ms": "110"}
    out = []
    for k in ("p", "q", "r"):
        opts["ms"] = str(int(opts["ms"]) - 25)
        out.append(requests.get(f"{base}/items/{k}", params=opts).json()["value"])
    return out, opts


def page_counter_in_loop(base):
    page = 0
    out = []
    for k in ("x", "y", "z"):
        page += 1  # noqa: SIM113
        out.append(requests.get(f"{base}/items/{k}-{page}?ms={100 - 30 * page}").json()["key"])
    return out


def sys_exit_after_first_read(base, dry_run=True):
    plan = requests.get(f"{base}/items/plan?ms=40").json()["value"]
    print("plan:", plan)
    if dry_run:
        sys.exit(f"dry run: would apply {plan}")
    a = requests.get(f"{base}/items/a?ms=90").json()["value"]
    b = requests.get(f"{base}/items/b?ms=30").json()["value"]
    return a, b


def raise_system_exit_code(base):
    status = requests.get(f"{base}/status/404?ms=40")
    if status.status_code != 200:
        print("service down:", status.status_code)
        raise SystemExit(3)
    return requests.get(f"{base}/items/after?ms=30").json()


def argparse_cli_main(argv, base):
    import argparse
    parser = argparse.ArgumentParser(prog="fetcher")
    parser.add_argument("keys", nargs="+")
    parser.add_argument("--ms", type=int, default=30)
    parser.add_argument("--upper", action="store_true")
    args = parser.parse_args(argv)
    out = []
    for i, k in enumerate(args.keys):
        v = requests.get(f"{base}/items/{k}?ms={args.ms + 30 * (len(args.keys) - i)}").json()
        out.append(v["value"].upper() if args.upper else v["value"])
    return out


def argparse_cli_help(argv, base):
    import argparse
    head = requests.get(f"{base}/items/head?ms=60").json()["value"]
    parser = argparse.ArgumentParser(prog="fetcher", description="fetch things")
    parser.add_argument("--ms", type=int, default=30)
    args = parser.parse_args(argv)
    tail = requests.get(f"{base}/items/tail?ms={args.ms}").json()["value"]
    return head, tail


def two_failures_slow_first(base):
    a = requests.get(f"{base}/status/500?ms=90")
    b = requests.get(f"{base}/status/404?ms=30")
    a.raise_for_status()
    b.raise_for_status()
    return "unreachable"


def key_error_on_slow_read(base):
    a = requests.get(f"{base}/items/missing-slow?ms=90").json()
    b = requests.get(f"{base}/items/fast?ms=30").json()
    return a["value"], b["value"]


class KindClient60:
    def __init__(self, base):
        self.base = base
        self.kind = "items"
        self.s = requests.Session()

    def get(self, key, ms):
        r = self.s.get(f"{self.base}/{self.kind}/{key}?ms={ms}")
        return r.text.splitlines()[0][:20]


def client_attribute_switch(base):
    c = KindClient60(base)
    first = c.get("a", 90)
    c.kind = "text"
    second = c.get("b", 30)
    setattr(c, "kind", "items")  # noqa: B010
    third = c.get("c", 60)
    c.s.close()
    return [first, second, third]


def template_format_report(base):
    template = "Host {host}: cpu={cpu} mem={mem}\n"
    out = ""
    for host, ms in (("web1", 90), ("db1", 30)):
        cpu = requests.get(f"{base}/items/{host}-cpu?ms={ms}").json()["value"]
        mem = requests.get(f"{base}/items/{host}-mem?ms={ms + 20}").json()["value"]
        out += template.format(host=host, cpu=cpu, mem=mem)
    return out


def partial_get_fanout(base):
    get = functools.partial(requests.get, timeout=5)
    urls = [f"{base}/items/{k}?ms={ms}" for k, ms in (("a", 90), ("b", 30), ("c", 60))]
    return [get(u).json()["value"] for u in urls]


def map_partial_helper(base):
    def fetch(root, k):
        return requests.get(f"{root}/items/{k}?ms={30 + 20 * len(k)}").json()["value"]
    return list(map(functools.partial(fetch, base), ["ccc", "a", "bb"]))


def mutate_json_then_put(base):
    data = requests.get(f"{base}/items/doc?ms=90").json()
    other = requests.get(f"{base}/items/other?ms=30").json()
    data["value"] += "!"
    data["tags"] = [other["value"]]
    requests.put(f"{base}/items/doc?ms=30", json=data)
    return requests.get(f"{base}/items/doc?ms=30").json()["value"]


def branch_per_row_type(base):
    rows = [{"type": "user", "id": "u1"}, {"type": "group", "id": "g1"},
            {"type": "user", "id": "u2"}]
    out = []
    for i, row in enumerate(rows):
        if row["type"] == "user":
            v = requests.get(f"{base}/items/user-{row['id']}?ms={90 - 20 * i}").json()["value"]
        else:
            v = requests.get(f"{base}/text/{row['id']}?ms={90 - 20 * i}").text.split()[0]
        out.append(f"{row['type']}:{v}")
    return out


def write_report_inside_with(base, folder):
    with open(Path(folder) / "report.md", "w") as f:
        f.write("# report\n")
        f.write(f"a: {requests.get(f'{base}/items/a?ms=90').json()['value']}\n")
        f.write(f"b: {requests.get(f'{base}/items/b?ms=30').json()['value']}\n")
    return (Path(folder) / "report.md").read_text()


class Headers60:
    def __init__(self, base, headers={}):  # noqa: B006
        self.base = base
        self.headers = headers

    def add(self, name, value):
        self.headers[name] = value

    def get(self, k, ms):
        r = requests.get(f"{self.base}/items/{k}?ms={ms}", headers=self.headers)
        return r.json()["value"], len(self.headers)


def shared_default_headers(base):
    Headers60.__init__.__defaults__[0].clear()
    one = Headers60(base)
    two = Headers60(base)
    one.add("X-One", "1")
    a = one.get("a", 90)
    two.add("X-Two", "2")
    b = two.get("b", 30)
    return a, b


def remote_counts_sorted_grouped(base):
    keys = ["z1", "a22", "m333", "b1", "y22"]
    lengths = {}
    for i, k in enumerate(keys):
        lengths[k] = len(requests.get(f"{base}/items/{k}?ms={110 - 20 * i}").json()["value"])
    by_len = collections.defaultdict(list)
    for k, n in sorted(lengths.items(), key=lambda kv: (kv[1], kv[0])):
        by_len[n].append(k)
    for n in sorted(by_len):
        print(n, ",".join(by_len[n]))
    return dict(by_len)



# --------------------------------------------------------------------------- batch 4: aliasing


def chain_through_row_dicts(base):
    rows = [{"key": "start", "ms": 90}, {"key": None, "ms": 30}, {"key": None, "ms": 60}]
    for i, row in enumerate(rows):
        r = requests.get(f"{base}/items/{row['key'] or 'none'}?ms={row['ms']}")
        row["value"] = r.json()["value"]
        if i + 1 < len(rows):
            rows[i + 1]["key"] = row["value"].replace("v-", "n")
    return rows


def chain_through_next_alias(base):
    rows = [{"key": "first", "ms": 90}, {"key": "unset", "ms": 30}, {"key": "unset", "ms": 60}]
    for i in range(len(rows)):
        row = rows[i]
        value = requests.get(f"{base}/items/{row['key']}?ms={row['ms']}").json()["value"]
        if i + 1 < len(rows):
            nxt = rows[i + 1]
            nxt["key"] = value[2:] + str(i)
    return [r["key"] for r in rows]


def shared_options_across_jobs(base):
    shared = {"ms": 100}
    jobs = [("a", shared), ("b", shared), ("c", shared)]
    out = []
    for k, opts in jobs:
        out.append(requests.get(f"{base}/items/{k}", params=opts).json()["value"])
        opts["ms"] -= 30
    return out, shared


def repeated_params_list(base):
    params = [{"ms": 90}] * 3
    out = []
    for i, (k, p) in enumerate(zip(("x", "y", "z"), params, strict=True)):
        out.append(requests.get(f"{base}/items/{k}", params=p).json()["value"])
        p["ms"] = 30 + 10 * i
    return out


def _setup_dirs(env: Env) -> None:
    (env.tmp / "data.txt").write_text("outer\n")
    (env.tmp / "x").mkdir()
    (env.tmp / "x" / "data.txt").write_text("inner\n")


def chdir_then_relative_reads(base, folder):
    import os
    old = os.getcwd()
    os.chdir(folder)
    try:
        first = Path("data.txt").read_text().strip()
        remote = requests.get(f"{base}/items/{first}?ms=60").json()["value"]
        os.chdir("x")
        second = Path("data.txt").read_text().strip()
        with open("data.txt") as f:
            third = f.read().strip()
    finally:
        os.chdir(old)
    return first, remote, second, third


def env_var_config(base):
    import os
    os.environ["RT60_MS"] = "90"
    a = requests.get(f"{base}/items/a?ms={os.environ.get('RT60_MS', '30')}").json()["value"]
    os.environ["RT60_MS"] = "30"
    b = requests.get(f"{base}/items/b?ms={os.getenv('RT60_MS', '50')}").json()["value"]
    del os.environ["RT60_MS"]
    c = requests.get(f"{base}/items/c?ms={os.getenv('RT60_MS', '50')}").json()["value"]
    return a, b, c


def env_fetch60(base, k):
    import os
    return requests.get(f"{base}/items/{k}?ms={os.environ.get('RT60_DELAY', '40')}").json()


def env_var_read_in_helper(base):
    import os
    os.environ["RT60_DELAY"] = "90"
    a = env_fetch60(base, "a")
    os.environ["RT60_DELAY"] = "30"
    b = env_fetch60(base, "b")
    os.environ.pop("RT60_DELAY")
    return a, b


S60 = requests.Session()


def configure_session60(ms):
    S60.params = {"ms": str(ms)}


def global_session_reconfigured(base):
    configure_session60(90)
    a = S60.get(f"{base}/items/a").json()["value"]
    configure_session60(30)
    b = S60.get(f"{base}/items/b").json()["value"]
    configure_session60(60)
    c = S60.get(f"{base}/items/c").json()["value"]
    return a, b, c


def seeded_sample_spot_check(base):
    import random
    random.seed(60)
    keys = [f"row{i}" for i in range(10)]
    sample = random.sample(keys, 3)
    out = {}
    for k in sample:
        out[k] = requests.get(f"{base}/items/{k}?ms={30 + random.randint(0, 60)}").json()["value"]
    return out


def jitter_draws_per_item(base):
    import random
    rng = random.Random(7)
    out = []
    for k in ("j1", "j2", "j3"):
        delay = 30 + int(rng.random() * 60)
        out.append((k, delay, requests.get(f"{base}/items/{k}?ms={delay}").json()["value"]))
    return out


@dataclasses.dataclass
class Req60:
    key: str
    ms: int


def req_fetch60(base, req):
    return requests.get(f"{base}/items/{req.key}?ms={req.ms}").json()["value"]


def reused_request_object(base):
    req = Req60("a", 90)
    r1 = req_fetch60(base, req)
    req.key, req.ms = "b", 30
    r2 = req_fetch60(base, req)
    req.key = "c"
    r3 = req_fetch60(base, req)
    return r1, r2, r3


def reused_star_args_list(base):
    def fetch(k, ms):
        return requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
    args = ["a", 90]
    r1 = fetch(*args)
    args[0], args[1] = "b", 30
    r2 = fetch(*args)
    return r1, r2


def for_else_summary(base):
    out = []
    for k, ms in (("e1", 90), ("e2", 30)):
        out.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    else:
        print("all fetched:", len(out))
    tail = requests.get(f"{base}/items/tail?ms=30").json()["value"]
    return out, tail


def while_index_loop(base):
    keys = ["w1", "w2", "w3"]
    out = []
    i = 0
    while i < len(keys):
        out.append(requests.get(f"{base}/items/{keys[i]}?ms={90 - 25 * i}").json()["value"])
        i += 1
    return out


def sort_keys_then_first(base):
    keys = ["zeta", "alpha", "mid"]
    first_raw = requests.get(f"{base}/items/{keys[0]}?ms=90").json()["value"]
    keys.sort()
    first_sorted = requests.get(f"{base}/items/{keys[0]}?ms=30").json()["value"]
    keys.reverse()
    last = requests.get(f"{base}/items/{keys[0]}?ms=40").json()["value"]
    return first_raw, first_sorted, last


@dataclasses.dataclass
class Account60:
    base: str
    name: str
    ms: int
    balance: str = ""
    history: list = dataclasses.field(default_factory=list)

    def __post_init__(self):
        self.balance = requests.get(f"{self.base}/items/{self.name}?ms={self.ms}").json()["value"]
        self.history.append(("loaded", self.balance))


def dataclass_post_init_fetch(base):
    accounts = [Account60(base, n, ms) for n, ms in (("acc1", 90), ("acc2", 30), ("acc3", 60))]
    print("loaded", [a.name for a in accounts])
    return [(a.name, a.balance, a.history) for a in accounts]


def per_item_timestamp_counter(base):
    ids = itertools.count(1)
    out = []
    for k, ms in (("i1", 90), ("i2", 30), ("i3", 60)):
        out.append({"n": next(ids), "key": k,
                    "value": requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]})
    return out



# --------------------------------------------------------------------------- batch 5: handlers, chains


def _put_links60(base):
    for k, v in (("r1", "t1"), ("r2", "missing-t2"), ("r3", "t3")):
        requests.put(f"{base}/items/{k}?ms=30", data=v)


def follow_link_per_row(base):
    _put_links60(base)
    out = []
    for k, ms in (("r1", 90), ("r2", 30), ("r3", 60)):
        target = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        r = requests.get(f"{base}/items/{target}?ms={ms}")
        print(k, "->", target, r.status_code)
        out.append(r.json().get("value", "?"))
    return out


def follow_link_per_row_strict(base):
    _put_links60(base)
    out = []
    for k, ms in (("r1", 90), ("r2", 30), ("r3", 60)):
        target = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        r = requests.get(f"{base}/items/{target}?ms={ms}")
        r.raise_for_status()
        print(k, "->", target)
        out.append(r.json()["value"])
    return out


def handler_writes_then_continues(base):
    out = []
    for k, ms in (("h1", 90), ("missing-h2", 30), ("h3", 60), ("h4", 30)):
        try:
            r = requests.get(f"{base}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.HTTPError:
            requests.put(f"{base}/items/errors?ms=30", data=k)
            continue
        out.append(r.json()["value"])
    return out


def handler_writes_without_continue(base):
    out = []
    for k, ms in (("h1", 90), ("missing-h2", 30), ("h3", 60)):
        try:
            value = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        except KeyError:
            requests.post(f"{base}/items/errlog?ms=30", data=f"no value for {k}")
            value = None
        out.append(value)
    return out


def handler_returns_partial(base):
    out = []
    for k, ms in (("h1", 90), ("missing-h2", 30), ("h3", 60)):
        try:
            r = requests.get(f"{base}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.HTTPError as e:
            print("stopping at", k, e.response.status_code)
            return out
        out.append(r.json()["value"])
    return out


def finally_write_per_item(base):
    out = []
    for k, ms in (("f1", 90), ("f2", 30), ("f3", 60)):
        try:
            out.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
        finally:
            requests.put(f"{base}/items/progress?ms=30", data=k)
    return out


def status_read_after_handler_write(base):
    out = []
    for k, ms in (("s1", 90), ("missing-s2", 30), ("s3", 60)):
        try:
            r = requests.get(f"{base}/items/{k}?ms={ms}")
            r.raise_for_status()
            out.append(r.json()["value"])
        except requests.HTTPError:
            requests.put(f"{base}/items/{k}?ms=30", data="placeholder")
            out.append(requests.get(f"{base}/items/{k}?ms=30").json()["value"])
    return out


def parse_rows_then_fetch(base):
    lines = ["alpha 90", "beta 30", "gamma sixty", "delta 30"]
    out = []
    for line in lines:
        name, raw = line.split()
        ms = int(raw)
        out.append(requests.get(f"{base}/items/{name}?ms={ms}").json()["value"])
        print("ok", name)
    return out


def parse_rows_print_first(base):
    lines = ["alpha 90", "beta 30", "gamma 60"]
    out = []
    for line in lines:
        print("parsing", line)
        name, raw = line.split()
        out.append(requests.get(f"{base}/items/{name}?ms={int(raw)}").json()["value"])
    return out


async def fetch_then_print60(client, k, ms):
    r = await client.get(f"/items/{k}", params={"ms": ms})
    print("got", k)
    return r.json()["value"]


async def print_then_fetch60(client, k, ms):
    print("fetching", k)
    r = await client.get(f"/items/{k}", params={"ms": ms})
    return r.json()["value"]


async def async_listcomp_helper_prints_after(base):
    async with httpx.AsyncClient(base_url=base) as c:
        return [await fetch_then_print60(c, k, ms) for k, ms in (("a", 90), ("b", 30), ("c", 60))]


async def async_loop_helper_prints_before(base):
    out = []
    async with httpx.AsyncClient(base_url=base) as c:
        for k, ms in (("a", 90), ("b", 30), ("c", 60)):
            out.append(await print_then_fetch60(c, k, ms))
    return out


async def async_loop_counter_print(base):
    done = 0
    out = []
    async with httpx.AsyncClient(base_url=base) as c:
        for k, ms in (("a", 90), ("b", 30), ("c", 60)):
            r = await c.get(f"/items/{k}", params={"ms": ms})
            done += 1
            print(f"{done}/3 {k}")
            out.append(r.json()["value"])
    return out



# --------------------------------------------------------------------------- batch 6: subclassed clients


class BaseUrlSession60(requests.Session):
    def __init__(self, base):
        super().__init__()
        self.base = base
        self.sent = []

    def request(self, method, url, *args, **kwargs):
        self.sent.append(f"{method} {url}")
        return super().request(method, self.base + url, *args, **kwargs)


def base_url_session_subclass(base):
    with BaseUrlSession60(base) as s:
        a = s.get("/items/a?ms=90").json()["value"]
        b = s.get("/items/b?ms=30").json()["value"]
        c = s.get("/items/c?ms=60").json()["value"]
        return [a, b, c], s.sent


class PrintingSession60(requests.Session):
    def send(self, request, **kwargs):
        print(">>", request.method, request.path_url)
        r = super().send(request, **kwargs)
        print("<<", r.status_code, request.path_url)
        return r


def printing_session_subclass(base):
    s = PrintingSession60()
    out = [s.get(f"{base}/items/{k}?ms={ms}").json()["value"]
           for k, ms in (("a", 90), ("b", 30), ("c", 60))]
    s.close()
    return out


class CountingSession60(requests.Session):
    def prepare_request(self, request):
        self.count = getattr(self, "count", 0) + 1
        request.params = dict(request.params or {}, n=str(self.count))
        return super().prepare_request(request)


def counting_session_prepare(base):
    with CountingSession60() as s:
        a = s.get(f"{base}/items/a?ms=90").json()["value"]
        b = s.get(f"{base}/items/b?ms=30").json()["value"]
        c = s.get(f"{base}/items/c?ms=60").json()["value"]
    return a, b, c


class LoggedClient60(httpx.Client):
    def send(self, request, **kwargs):
        log60.info("send %s %s", request.method, request.url.path)
        return super().send(request, **kwargs)


def httpx_client_subclass_logging(base):
    with LoggedClient60(base_url=base) as c:
        a = c.get("/items/a", params={"ms": 200}).json()["value"]
        b = c.get("/items/b", params={"ms": 100}).json()["value"]
    return a, b


class CachingSession60(requests.Session):
    def __init__(self):
        super().__init__()
        self.cache = {}

    def get(self, url, **kwargs):
        if url not in self.cache:
            self.cache[url] = super().get(url, **kwargs)
        return self.cache[url]


def caching_session_subclass(base):
    s = CachingSession60()
    urls = [f"{base}/items/{k}?ms={ms}" for k, ms in (("a", 90), ("b", 30), ("a", 90))]
    out = [s.get(u).json()["value"] for u in urls]
    s.close()
    return out, len(s.cache)


class MergeSession60(requests.Session):
    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        print("settings for", url.rsplit("/", 1)[-1])
        return super().merge_environment_settings(url, proxies, stream, verify, cert)


def session_merge_settings_override(base):
    s = MergeSession60()
    a = s.get(f"{base}/items/a?ms=90").json()["value"]
    b = s.get(f"{base}/items/b?ms=30").json()["value"]
    s.close()
    return a, b


class Adapter60(requests.adapters.HTTPAdapter):
    def send(self, request, **kwargs):
        print("adapter", request.path_url)
        return super().send(request, **kwargs)


def mounted_adapter_subclass(base):
    s = requests.Session()
    s.mount("http://", Adapter60())
    a = s.get(f"{base}/items/a?ms=90").json()["value"]
    b = s.get(f"{base}/items/b?ms=30").json()["value"]
    s.close()
    return a, b



# --------------------------------------------------------------------------- batch 7: writes in handlers


def parse_or_record_default(base):
    raw = requests.get(f"{base}/items/count?ms=60").json()["value"]
    try:
        n = int(raw)
    except ValueError:
        requests.put(f"{base}/items/count?ms=30", data="0")
        n = 0
    after = requests.get(f"{base}/items/count?ms=30").json()["value"]
    return n, after


def parse_each_or_fix(base):
    out = []
    for k, raw, ms in (("a", "1", 90), ("b", "x", 30), ("c", "3", 60)):
        try:
            n = int(raw)
        except ValueError:
            requests.put(f"{base}/items/{k}?ms=30", data="fixed")
            n = -1
        out.append((n, requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]))
    return out


def lookup_conf_or_create(base):
    conf = {"zone": "eu"}
    try:
        region = conf["region"]
    except KeyError:
        requests.put(f"{base}/items/region?ms=30", data="default-region")
        region = "default"
    value = requests.get(f"{base}/items/region?ms=90").json()["value"]
    other = requests.get(f"{base}/items/zone?ms=30").json()["value"]
    return region, value, other


def create_new_then_read_each(base):
    out = []
    for k, ms in (("old-a", 90), ("new-b", 30), ("old-c", 60), ("new-d", 30)):
        if k.startswith("new"):
            requests.put(f"{base}/items/{k}?ms=30", data=f"fresh {k}")
        out.append(requests.get(f"{base}/items/{k}?ms={ms}").json()["value"])
    return out


def validate60(name):
    if not name.isidentifier():
        raise ValueError(f"bad name {name!r}")
    return name


def validate_or_quarantine(base):
    out = []
    for k, ms in (("good1", 90), ("bad-2", 30), ("good3", 60)):
        try:
            key = validate60(k)
        except ValueError as e:
            requests.put(f"{base}/items/quarantine?ms=30", data=str(e))
            key = "quarantine"
        out.append(requests.get(f"{base}/items/{key}?ms={ms}").json()["value"])
    return out


def assert_or_repair(base):
    data = {"items": ["x", "y"]}
    try:
        assert len(data["items"]) == 3, "need three items"
    except AssertionError as e:
        requests.post(f"{base}/items/repairs?ms=30", data=str(e))
    repairs = requests.get(f"{base}/items/repairs?ms=90").json()["value"]
    other = requests.get(f"{base}/items/other?ms=30").json()["value"]
    return repairs, other


def suppress_then_write_flag(base):
    import contextlib
    flag = "unset"
    with contextlib.suppress(ValueError):
        flag = str(int("not a number"))
    if flag == "unset":
        requests.put(f"{base}/items/flag?ms=30", data="defaulted")
    return (requests.get(f"{base}/items/flag?ms=90").json()["value"],
            requests.get(f"{base}/items/side?ms=30").json()["value"])



# --------------------------------------------------------------------------- batch 8: files and sqlite


def file_log_handler_between_reads(base, folder):
    import logging
    path = Path(folder) / "run.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    flog = logging.getLogger("rt60.filelog")
    flog.setLevel(logging.INFO)
    flog.propagate = False
    flog.addHandler(handler)
    try:
        for k, ms in (("a", 90), ("b", 30)):
            v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
            flog.info("fetched %s=%s", k, v)
        handler.flush()
        lines_mid = path.read_text().count("\n")
        flog.warning("finished")
    finally:
        flog.removeHandler(handler)
        handler.close()
    return lines_mid, path.read_text()


def write_json_files_then_glob(base, folder):
    out_dir = Path(folder) / "items"
    out_dir.mkdir(exist_ok=True)
    for k, ms in (("b", 90), ("a", 30), ("c", 60)):
        data = requests.get(f"{base}/items/{k}?ms={ms}").json()
        (out_dir / f"{k}.json").write_text(json.dumps(data))
    summary = []
    for p in sorted(out_dir.glob("*.json")):
        summary.append(json.loads(p.read_text())["value"])
    return summary


def atomic_replace_then_read(base, folder):
    import os
    final = Path(folder) / "state.json"
    for k, ms in (("s1", 90), ("s2", 30)):
        v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        tmp = final.with_suffix(".tmp")
        tmp.write_text(json.dumps({"last": v}))
        os.replace(tmp, final)
    return json.loads(final.read_text())


def _make_people_db(env: Env) -> None:
    import sqlite3
    conn = sqlite3.connect(env.tmp / "people.db")
    conn.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, handle TEXT, ms INTEGER,"
                 " bio TEXT)")
    conn.executemany("INSERT INTO people (handle, ms) VALUES (?, ?)",
                     [("ann", 90), ("bob", 30), ("cy", 60)])
    conn.commit()
    conn.close()


def sqlite_enrich_update_each(base, folder):
    import sqlite3
    conn = sqlite3.connect(Path(folder) / "people.db")
    for pid, handle, ms in conn.execute("SELECT id, handle, ms FROM people ORDER BY id"):
        bio = requests.get(f"{base}/items/{handle}?ms={ms}").json()["value"]
        conn.execute("UPDATE people SET bio = ? WHERE id = ?", (bio, pid))
    conn.commit()
    rows = conn.execute("SELECT handle, bio FROM people ORDER BY id").fetchall()
    conn.close()
    return rows


def sqlite_enrich_executemany(base, folder):
    import sqlite3
    conn = sqlite3.connect(Path(folder) / "people.db")
    conn.row_factory = sqlite3.Row
    updates = []
    for row in conn.execute("SELECT id, handle, ms FROM people ORDER BY id"):
        bio = requests.get(f"{base}/items/{row['handle']}?ms={row['ms']}").json()["value"]
        updates.append((bio.upper(), row["id"]))
    conn.executemany("UPDATE people SET bio = ? WHERE id = ?", updates)
    conn.commit()
    out = [dict(r) for r in conn.execute("SELECT handle, bio FROM people ORDER BY handle")]
    conn.close()
    return out



# --------------------------------------------------------------------------- batch 9: lazy consumers


def must_get60(url):
    r = requests.get(url)
    r.raise_for_status()
    return r.json()["value"]


def hoisted_helper_failure_after_prints(base):
    a = must_get60(f"{base}/items/a?ms=90")
    print("a ok", a)
    b = must_get60(f"{base}/status/500?ms=30")
    print("b ok", b)
    c = must_get60(f"{base}/items/c?ms=30")
    return a, b, c


def first_nonempty60(values):
    for v in values:
        if v:
            return v
    return None


def genexp_to_user_consumer(base):
    keys = [("missing-1", 90), ("present", 30), ("later", 60)]
    return first_nonempty60(
        requests.get(f"{base}/items/{k}?ms={ms}").json().get("value") for k, ms in keys)


def islice_of_genexp(base):
    keys = [("i1", 90), ("i2", 30), ("i3", 60), ("i4", 30)]
    gen = (requests.get(f"{base}/items/{k}?ms={ms}").json()["value"] for k, ms in keys)
    return list(itertools.islice(gen, 2))


def zip_shorter_names_genexp(base):
    names = ["first", "second"]
    keys = [("z1", 90), ("z2", 30), ("z3", 60)]
    return dict(zip(names, (requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
                            for k, ms in keys), strict=False))


def zip_shorter_map(base):
    def fetch(k):
        return requests.get(f"{base}/items/{k}?ms={30 + 30 * len(k)}").json()["value"]
    return dict(zip(["x", "y"], map(fetch, ["ccc", "bb", "a"]), strict=False))


def next_matching_genexp(base):
    keys = [("n1", 90), ("n2", 30), ("n3", 60)]
    return next((k for k, ms in keys
                 if requests.get(f"{base}/items/{k}?ms={ms}").json()["value"] == "v-n2"), None)


def takewhile_pages(base):
    keys = [("t1", 90), ("t2", 30), ("stop", 30), ("t4", 60)]
    values = (requests.get(f"{base}/items/{k}?ms={ms}").json()["value"] for k, ms in keys)
    return list(itertools.takewhile(lambda v: v != "v-stop", values))


def map_two_unequal_iterables(base):
    def fetch(k, ms):
        return requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
    return list(map(fetch, ["m1", "m2", "m3"], [90, 30]))



# --------------------------------------------------------------------------- batch 10: branches with writes


def ops_branch_read_or_write(base):
    ops = [{"kind": "read", "key": "k", "ms": 90}, {"kind": "write", "key": "k", "value": "w1"},
           {"kind": "read", "key": "k", "ms": 30}, {"kind": "read", "key": "j", "ms": 60}]
    out = []
    for op in ops:
        if op["kind"] == "read":
            out.append(requests.get(f"{base}/items/{op['key']}?ms={op['ms']}").json()["value"])
        else:
            requests.put(f"{base}/items/{op['key']}?ms=30", data=op["value"])
    return out


def ops_elif_chain(base):
    ops = [("get", "a", 90), ("put", "a", 30), ("get", "a", 30), ("del", "a", 30),
           ("get", "a", 60), ("noop", "a", 0)]
    log = []
    for verb, key, ms in ops:
        if verb == "get":
            log.append(requests.get(f"{base}/items/{key}?ms={ms}").json()["value"])
        elif verb == "put":
            requests.put(f"{base}/items/{key}?ms={ms}", data="put-" + key)
        elif verb == "del":
            requests.delete(f"{base}/items/{key}?ms={ms}")
        else:
            continue
        log.append(verb)
    return log


def conditional_fix_dependent(base):
    out = []
    for k, ms in (("a", 90), ("b", 30), ("c", 60)):
        v = requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
        if v.endswith("a"):
            requests.put(f"{base}/items/c?ms=30", data="changed-by-a")
        out.append(v)
    return out


def write_only_for_tagged_rows(base):
    rows = [("a", True, 90), ("b", False, 30), ("a", False, 60)]
    out = []
    for key, tag, ms in rows:
        if tag:
            requests.put(f"{base}/items/{key}?ms=30", data=f"tagged-{key}")
        out.append(requests.get(f"{base}/items/{key}?ms={ms}").json()["value"])
    return out


DELAY60 = {"ms": 90}


def url_for60(base, k):
    return f"{base}/items/{k}?ms={DELAY60['ms']}"


def pure_url_helper_global_changes(base):
    DELAY60["ms"] = 90
    out = []
    for k in ("u1", "u2", "u3"):
        out.append(requests.get(url_for60(base, k)).json()["value"])
        DELAY60["ms"] -= 30
    return out


def alias_map_updated_in_body(base):
    aliases = {}
    out = []
    for k, ms in (("a", 90), ("b", 30), ("a", 60)):
        target = aliases.get(k, k)
        v = requests.get(f"{base}/items/{target}?ms={ms}").json()["value"]
        aliases[k] = v
        out.append(v)
    return out



# --------------------------------------------------------------------------- batch 11: an LLM in the loop


def _web_llm(env: Env) -> tuple:
    return (env.web, openai_client(env))


def _ask60(client, prompt, latency):
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": latency})
    return r.choices[0].message.content


def scrape_then_summarise(base, client, folder):
    pages = {k: requests.get(f"{base}/text/{k}?ms={ms}").text
             for k, ms in (("intro", 90), ("setup", 30), ("faq", 60))}
    report = []
    for i, (k, text) in enumerate(pages.items()):
        summary = _ask60(client, f"Summarise in one line:\n{text}", 0.09 - 0.025 * i)
        print(f"{k}: {len(summary)} chars")
        report.append(f"## {k}\n{summary}\n")
    Path(folder, "summary.md").write_text("\n".join(report))
    return len(report)


def classify_rows_group(base, client):
    rows = ["refund please", "love it", "broken on arrival", "thanks"]
    labels = {}
    for i, text in enumerate(rows):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"Label: {text}"}],
            extra_body={"latency": 0.1 - 0.02 * i})
        label = "long" if len(r.choices[0].message.content) > 40 else "short"
        labels.setdefault(label, []).append(text)
    for label in sorted(labels):
        print(label, len(labels[label]))
    return labels


def prompt_settings_mutated(base, client):
    settings = {"tone": "formal", "latency": 0.09}
    a = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": f"Write {settings['tone']} hi"}],
        extra_body={"latency": settings["latency"]})
    settings["tone"] = "casual"
    settings["latency"] = 0.03
    b = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": f"Write {settings['tone']} hi"}],
        extra_body={"latency": settings["latency"]})
    return a.choices[0].message.content, b.choices[0].message.content


def embed_keys_and_rank(base, client):
    keys = [requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
            for k, ms in (("e1", 90), ("e2", 30), ("e3", 60))]
    vecs = client.embeddings.create(model="gpt", input=keys).data
    ranked = sorted(zip(keys, vecs, strict=True), key=lambda kv: kv[1].embedding[0])
    for k, v in ranked:
        print(k, round(v.embedding[0], 3))
    return [k for k, _ in ranked]



# --------------------------------------------------------------------------- batch 12: context managers


SETTINGS60 = {"ms": 90}


@contextlib.contextmanager
def fast_mode60():
    old = SETTINGS60["ms"]
    SETTINGS60["ms"] = 30
    try:
        yield
    finally:
        SETTINGS60["ms"] = old


def get_with_settings60(base, k):
    return requests.get(f"{base}/items/{k}?ms={SETTINGS60['ms']}").json()["value"]


def context_override_settings(base):
    SETTINGS60["ms"] = 90
    a = get_with_settings60(base, "a")
    with fast_mode60():
        b = get_with_settings60(base, "b")
    c = get_with_settings60(base, "c")
    return a, b, c


def context_override_inline(base):
    SETTINGS60["ms"] = 90
    a = requests.get(f"{base}/items/a?ms={SETTINGS60['ms']}").json()["value"]
    with fast_mode60():
        b = requests.get(f"{base}/items/b?ms={SETTINGS60['ms']}").json()["value"]
    c = requests.get(f"{base}/items/c?ms={SETTINGS60['ms']}").json()["value"]
    return a, b, c


class Section60:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print(f"[{self.name}]")
        return self

    def __exit__(self, *exc):
        print(f"[/{self.name}]")
        return False


def printed_sections(base):
    with Section60("users"):
        users = requests.get(f"{base}/items/users?ms=90").json()["value"]
        print("users:", users)
    with Section60("orders"):
        orders = requests.get(f"{base}/items/orders?ms=30").json()["value"]
        print("orders:", orders)
    return users, orders


def getattr_verbs_loop(base):
    out = []
    for verb, k, ms in (("get", "v", 90), ("put", "v", 30), ("get", "v", 30), ("get", "w", 60)):
        fn = getattr(requests, verb)
        out.append(fn(f"{base}/items/{k}?ms={ms}").json())
    return out


def getattr_verbs_comprehension(base):
    spec = (("get", "v", 90), ("delete", "v", 30), ("put", "v", 30), ("get", "v", 60))
    return [getattr(requests, verb)(f"{base}/items/{k}?ms={ms}").status_code
            for verb, k, ms in spec]


LAST60 = ""


def tag_fetch60(base, k):
    return requests.get(f"{base}/items/{k}-{LAST60[-1:]}?ms=30").json()["value"]


def global_assigned_from_read(base):
    global LAST60
    LAST60 = requests.get(f"{base}/items/seed?ms=90").json()["value"]
    a = tag_fetch60(base, "a")
    LAST60 = requests.get(f"{base}/items/next?ms=30").json()["value"]
    b = tag_fetch60(base, "b")
    return a, b



# --------------------------------------------------------------------------- batch 13: async scripts


async def async_conditional_fix(base):
    out = []
    async with httpx.AsyncClient(base_url=base) as c:
        for k, ms in (("a", 90), ("b", 30), ("c", 60)):
            v = (await c.get(f"/items/{k}", params={"ms": ms})).json()["value"]
            if v.endswith("a"):
                await c.put("/items/c", content="changed-by-a", params={"ms": 30})
            out.append(v)
    return out


async def async_ops_branch(base):
    ops = [("read", "k", 90), ("write", "k", 30), ("read", "k", 30), ("read", "j", 60)]
    out = []
    async with httpx.AsyncClient(base_url=base) as c:
        for kind, key, ms in ops:
            if kind == "read":
                out.append((await c.get(f"/items/{key}", params={"ms": ms})).json()["value"])
            else:
                await c.put(f"/items/{key}", content="w1", params={"ms": ms})
    return out


ACOUNT60 = {"n": 0}


async def acounted_get60(c, k, ms):
    ACOUNT60["n"] += 1
    return (await c.get(f"/items/{k}", params={"ms": ms})).json()["value"]


async def async_counter_between_awaits(base):
    ACOUNT60["n"] = 0
    async with httpx.AsyncClient(base_url=base) as c:
        a = await acounted_get60(c, "a", 90)
        n1 = ACOUNT60["n"]
        b = await acounted_get60(c, "b", 30)
        n2 = ACOUNT60["n"]
    return a, b, n1, n2


async def async_spaced_polls(base):
    import asyncio
    out = []
    async with httpx.AsyncClient(base_url=base) as c:
        for k in ("p1", "p2", "p3"):
            out.append((await c.get(f"/items/{k}", params={"ms": 30})).json()["value"])
            await asyncio.sleep(0.04)
    return out


async def async_task_then_read(base):
    import asyncio
    async with httpx.AsyncClient(base_url=base) as c:
        task = asyncio.create_task(c.put("/items/shared", content="from-task", params={"ms": 30}))
        print("task created")
        await task
        first = (await c.get("/items/shared", params={"ms": 90})).json()["value"]
        other = (await c.get("/items/other", params={"ms": 30})).json()["value"]
    return first, other


async def async_retry_on_404(base):
    import asyncio
    async with httpx.AsyncClient(base_url=base) as c:
        for attempt in range(3):
            r = await c.get("/items/missing-async", params={"ms": 30})
            if r.status_code == 200:
                break
            print("attempt", attempt, r.status_code)
            if attempt == 1:
                await c.put("/items/missing-async", content="now here", params={"ms": 30})
            await asyncio.sleep(0.03)
        tail = (await c.get("/items/tail", params={"ms": 60})).json()["value"]
    return r.json(), tail



# --------------------------------------------------------------------------- batch 14: recursion


_DAG60 = {"root": "left,right", "left": "shared,leaf1", "right": "shared", "shared": "leaf2",
          "leaf1": "", "leaf2": ""}


def _put_dag60(base):
    for node, kids in _DAG60.items():
        requests.put(f"{base}/items/{node}?ms=30", data=kids)


def dag_size60(base, node, memo):
    if node in memo:
        return memo[node]
    kids = requests.get(f"{base}/items/{node}?ms={30 + 10 * len(node)}").json()["value"]
    total = 1 + sum(dag_size60(base, c, memo) for c in filter(None, kids.split(",")))
    memo[node] = total
    return total


def recursive_dag_with_memo(base):
    _put_dag60(base)
    memo = {}
    total = dag_size60(base, "root", memo)
    return total, sorted(memo.items())


def tree_titles60(base, node, depth=0):
    kids = requests.get(f"{base}/items/{node}?ms={90 - 20 * depth}").json()["value"]
    lines = ["  " * depth + node]
    for c in filter(None, kids.split(",")):
        lines.extend(tree_titles60(base, c, depth + 1))
    return lines


def recursive_tree_outline(base):
    _put_dag60(base)
    outline = tree_titles60(base, "root")
    print("\n".join(outline))
    return outline


VISITED60: list = []


def walk_global60(base, node):
    if node in VISITED60:
        return
    VISITED60.append(node)
    kids = requests.get(f"{base}/items/{node}?ms={30 + 10 * len(node)}").json()["value"]
    for c in filter(None, kids.split(",")):
        walk_global60(base, c)


def recursive_walk_global_visited(base):
    _put_dag60(base)
    VISITED60.clear()
    walk_global60(base, "root")
    return list(VISITED60)


def first_two_then_rest(base):
    first, second, *rest = [requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]
                            for k, ms in (("a", 90), ("b", 30), ("c", 60), ("d", 30))]
    print(first, second)
    return rest



# --------------------------------------------------------------------------- batch 15: helpers that touch the session


def traced_session_get60(s, base, k, ms):
    s.params["trace"] = k
    return s.get(f"{base}/items/{k}?ms={ms}").json()["value"]


def session_trace_param_helper(base):
    with requests.Session() as s:
        return [traced_session_get60(s, base, k, ms)
                for k, ms in (("a", 90), ("b", 30), ("c", 60))]


def rebinding_params_get60(s, base, k, ms):
    s.params = {"ms": str(ms), "who": k}
    return s.get(f"{base}/items/{k}").json()["value"]


def session_params_rebound_in_helper_loop(base):
    s = requests.Session()
    out = []
    for k, ms in (("a", 90), ("b", 30), ("c", 60)):
        out.append(rebinding_params_get60(s, base, k, ms))
    s.close()
    return out


def enrich_with_lookup60(rows, lookup):
    for r in rows:
        r["v"] = lookup(r["k"])
    return rows


def callback_lookup_enrichment(base):
    def fetch(k):
        return requests.get(f"{base}/items/{k}?ms={30 + 30 * len(k)}").json()["value"]
    rows = [{"k": "ccc"}, {"k": "a"}, {"k": "bb"}]
    return enrich_with_lookup60(rows, fetch)


def cursor_session_get60(s, base, k):
    s.params["page"] = str(int(s.params.get("page", "0")) + 1)
    return s.get(f"{base}/items/{k}?ms={90 - 25 * int(s.params['page'])}").json()["value"]


def session_page_cursor_helper(base):
    with requests.Session() as s:
        out = [cursor_session_get60(s, base, k) for k in ("x", "y", "z")]
        return out, dict(s.params)



# --------------------------------------------------------------------------- batch 16: subclasses of mine


class Fetcher60:
    def __init__(self, root):
        self.root = root

    def pair(self, a, b):
        x = requests.get(f"{self.root}/items/{a}?ms=90").json()["value"]
        print("got", a)
        y = requests.get(f"{self.root}/items/{b}?ms=30").json()["value"]
        print("got", b)
        return x, y


class CountingFetcher60(Fetcher60):
    @property
    def root(self):
        self.uses += 1
        print("root used", self.uses)
        return self._root

    @root.setter
    def root(self, value):
        self.uses = 0
        self._root = value


def make_subclass_property_method(env: Env):
    return CountingFetcher60(env.web).pair


def subclass_property_via_helper(base):
    f = CountingFetcher60(base)
    pair = f.pair("a", "b")
    return pair, f.uses


class LoudDict60(dict):
    def __getitem__(self, key):
        print("lookup", key)
        return super().__getitem__(key)


def loud_config_in_urls(base, cfg):
    a = requests.get(f"{base}/items/a?ms={cfg['slow']}").json()["value"]
    print("between")
    b = requests.get(f"{base}/items/b?ms={cfg['fast']}").json()["value"]
    return a, b


class AttrConfig60:
    def __init__(self, **values):
        self._values = values

    def __getattr__(self, name):
        print("config read", name)
        return self._values[name]


def getattr_config_in_urls(base, conf):
    print("start")
    a = requests.get(f"{base}/items/{conf.first}?ms=90").json()["value"]
    print("middle")
    b = requests.get(f"{base}/items/{conf.second}?ms=30").json()["value"]
    return a, b


class Key60(str):
    def __format__(self, spec):
        print("formatting", str(self))
        return str.__format__(self, spec)



def formatted_key_objects(base):
    keys = [Key60("slow"), Key60("fast")]
    print("start")
    a = requests.get(f"{base}/items/{keys[0]}?ms=90").json()["value"]
    print("middle")
    b = requests.get(f"{base}/items/{keys[1]}?ms=30").json()["value"]
    return a, b



def fallback_after_error_count(base):
    errors = []
    out = {}
    for k, ms in (("ok1", 90), ("missing-1", 30), ("ok2", 60), ("missing-2", 30), ("ok3", 40)):
        try:
            r = requests.get(f"{base}/items/{k}?ms={ms}")
            r.raise_for_status()
        except requests.HTTPError:
            errors.append(k)
            continue
        tag = requests.get(f"{base}/items/tag-{len(errors)}?ms={ms}").json()["value"]
        out[k] = (r.json()["value"], tag)
    return out, errors


GCOUNT60 = 0


def global_counter_in_url(base):
    global GCOUNT60
    GCOUNT60 = 0
    out = []
    for k, ms in (("a", 90), ("b", 30), ("c", 60)):
        GCOUNT60 += 1
        out.append(requests.get(f"{base}/items/{k}-{GCOUNT60}?ms={ms}").json()["key"])
    return out


def redirect_then_real_output(base):
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        inner = requests.get(f"{base}/items/inner?ms=90").json()["value"]
        print("inner", inner)
    print("outer start")
    outer = requests.get(f"{base}/items/outer?ms=30").json()["value"]
    print("outer", outer)
    return buf.getvalue(), outer



def rate_limited60(min_gap):
    last = [0.0]

    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            wait = last[0] + min_gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            last[0] = time.monotonic()
            return fn(*args)
        return wrapper
    return deco


@rate_limited60(0.05)
def limited_fetch60(base, k):
    return requests.get(f"{base}/items/{k}?ms=30").json()["value"]


def rate_limit_decorator_comprehension(base):
    return [limited_fetch60(base, k) for k in ("r1", "r2", "r3")]


class Pacer60:
    def __init__(self, gap):
        self.gap = gap
        self.next_at = 0.0

    def get(self, url):
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = time.monotonic() + self.gap
        return requests.get(url)


def pacer_class_loop(base):
    p = Pacer60(0.05)
    out = []
    for k in ("q1", "q2", "q3"):
        out.append(p.get(f"{base}/items/{k}?ms=30").json()["value"])
    return out


def locals_format_report(base):
    users = requests.get(f"{base}/items/users?ms=90").json()["value"]
    orders = requests.get(f"{base}/items/orders?ms=30").json()["value"]
    return "users={users} orders={orders}".format(**locals())



def match_on_responses(base):
    out = []
    for k, ms in (("ok", 90), ("missing-m", 30), ("also", 60)):
        r = requests.get(f"{base}/items/{k}?ms={ms}")
        match r.status_code, r.json():
            case 200, {"value": str(v)}:
                out.append(v.upper())
            case 404, {"error": msg}:
                print("not found:", msg)
                out.append(None)
            case _:
                out.append("?")
    return out


def walrus_in_element(base):
    keys = [("w1", 90), ("w2", 30), ("w3", 60)]
    return [(v := requests.get(f"{base}/items/{k}?ms={ms}").json()["value"]).upper() + v[-1]
            for k, ms in keys]



def httpx_client_used_after_with(base):
    with httpx.Client(base_url=base) as c:
        a = c.get("/items/a", params={"ms": 90}).json()["value"]
    try:
        b = c.get("/items/b", params={"ms": 30}).json()["value"]
    except RuntimeError as e:
        b = f"error: {e}"
    return a, b


def httpx_client_used_after_close(base):
    c = httpx.Client()
    a = c.get(f"{base}/items/a?ms=90").json()["value"]
    c.close()
    try:
        b = c.get(f"{base}/items/b?ms=30").json()["value"]
    except RuntimeError as e:
        b = f"error: {e}"
    return a, b


def httpx_used_after_with_no_try(base):
    with httpx.Client(base_url=base) as c:
        a = c.get("/items/a", params={"ms": 90}).json()["value"]
        print("inside", a)
    print("outside")
    return a, c.get("/items/b", params={"ms": 30}).json()["value"]


def _case(fn, category="http", **kw):
    kw.setdefault("servers", "web")
    kw.setdefault("args", _web)
    return Case(category, fn, **kw)


CASES: list[Case] = [
    _case(daily_report_sections, ideal=210 / 120, overlap=3),
    _case(markdown_table_plus_eq, ideal=180 / 90, overlap=3),
    _case(aligned_rows_printed, ideal=240 / 100, overlap=4),
    _case(report_with_header_from_remote, ideal=190 / 130),
    _case(crawl_linked_pages),
    _case(bfs_site_map),
    _case(scrape_text_lines, ideal=180 / 90),
    _case(first_page_matching),
    _case(enrich_csv_rows, "files", args=_web_tmp, setup=_write_input_csv, ideal=2.0),
    _case(enrich_csv_streaming_writer, "files", args=_web_tmp, setup=_write_input_csv),
    _case(enrich_append_per_row, "files", args=_web_tmp),
    _case(config_file_report, "files", args=_web_tmp, setup=_write_conf_json, ideal=2.0),
    _case(rows_update_then_sort_jsonl, "files", args=_web_tmp, ideal=2.0),
    _case(lookup_through_dict_cache, "helpers"),
    _case(lookup_through_memo_decorator, "helpers"),
    _case(lookup_through_functools_cache, "helpers"),
    _case(disk_cached_lookup, "files", args=_web_tmp, calls=2),
    _case(profiles_cached_property, "helpers"),
    _case(api_class_read_write_read, "clients"),
    _case(api_counter_between_reads, "clients"),
    _case(httpx_store_roundtrip, "clients"),
    _case(session_params_switch, "clients"),
    _case(session_params_via_helper, "clients"),
    _case(shared_params_dict_mutated, "state"),
    _case(closure_options_fetch, "state"),
    _case(default_session_argument, "clients", ideal=180 / 90),
    _case(cli_main60, "state", args=_cli_args, name="cli_main_dict_config"),
    _case(sync_if_feature_enabled),
    _case(dry_run_or_apply, ideal=120 / 90),
    _case(dry_run_or_apply, args=lambda env: (env.web, False), name="dry_run_or_apply_real"),
    Case("state", make=make_collect_new_default, args=_web, calls=2, servers="web"),
    _case(sync_with_logging),
    _case(progress_dots_stdout, ideal=180 / 90),
    _case(progress_counter_lines),
    _case(deploy_steps_fail_midway),
    _case(stats_lines_between_reads, "state"),
    _case(nonlocal_call_counter, "state"),
    _case(global_conf_switch, "state"),
    _case(normalise_in_place_then_fetch, "state"),
    _case(group_values_by_prefix, "fanout"),
    _case(rank_by_remote_length, "fanout"),
    _case(pick_best_with_printing_key, "fanout"),
    _case(tally_with_counter, "fanout"),
    _case(dataclass_results_sorted, "helpers"),
    _case(dedupe_sorted_fetch, "fanout"),
    _case(filter_by_remote_value, "fanout"),
    _case(dict_from_generator_pairs, "fanout"),
    _case(replay_mixed_operations),
    _case(get_or_create_loop),
    _case(sync_all_listed),
    _case(update_then_verify),
    _case(post_job_and_poll, "sleep", spacing=0.03),
    _case(retry_then_fallback, "sleep", spacing=0.03),
    _case(skip_missing_rows),
    _case(consume_page_generator, "helpers"),
    _case(urllib_search_terms),
    _case(throttled_fetch_loop, "sleep", spacing=0.04),
    _case(or_fallback_lookup),
    _case(budgeted_fetch_until_full),
    _case(constructor_io_objects, "helpers"),
    _case(mutable_default_accumulator, "state"),
    _case(helper_appends_to_argument, "state"),
    _case(global_trace_after_read, "state"),
    _case(helper_logs_after_read, "helpers"),
    _case(helper_prints_after_read_loop, "helpers"),
    _case(helper_prints_on_error, "helpers"),
    _case(late_binding_fetch_lambdas, "helpers"),
    _case(default_bound_lambdas, "helpers"),
    _case(early_return_on_first_value),
    _case(early_return_on_parameter),
    _case(recursive_crawl_shared_seen, "helpers"),
    _case(retry_decorator_in_loop, "helpers"),
    _case(retry_decorator_gives_up, "helpers", speculative_reads=True),
    _case(session_keeps_last_response, "clients"),
    _case(dispatch_table_commands, "helpers"),
    _case(handler_list_mixed, "helpers"),
    _case(keys_file_with_comments, "files", args=_web_tmp, setup=_write_keys_file),
    _case(keys_file_open_no_with, "files", args=_web_tmp, setup=_write_keys_file),
    _case(try_finally_audit_write),
    _case(dict_comp_duplicate_keys, "fanout"),
    _case(print_two_reads_in_one_call),
    _case(capture_verbose_output),
    _case(sqlite_cache_wrapper, "db", args=_web_tmp),
    _case(nested_region_loops, "fanout"),
    _case(zip_keys_with_values, "fanout"),
    _case(chained_lookups_string),
    _case(streaming_lines_two_sources),
    _case(response_encoding_set),
    _case(try_else_collect),
    _case(global_counter_in_caller, "state"),
    _case(async_dashboard60, "clients", drive=_drive_async, name="async_dashboard_httpx"),
    _case(async_gather_then_print60, "clients", drive=_drive_async,
          name="async_gather_inner_print"),
    _case(dedupe_loop_seen_set, "state"),
    _case(fill_cache_dict_in_loop, "state"),
    _case(take_first_two, "state"),
    _case(total_under_limit, "state"),
    _case(prefix_switch_mid_loop, "state"),
    _case(params_decremented_in_loop, "state"),
    _case(page_counter_in_loop, "state"),
    _case(sys_exit_after_first_read, "validation", drive=_exit_drive()),
    _case(raise_system_exit_code, "validation", drive=_exit_drive()),
    _case(argparse_cli_main, "validation",
          drive=_exit_drive(lambda env: (["k1", "k2", "k3", "--upper"], env.web))),
    _case(argparse_cli_help, "validation", name="argparse_cli_help_exit",
          drive=_exit_drive(lambda env: (["--help"], env.web))),
    _case(argparse_cli_help, "validation", name="argparse_cli_ms_option",
          drive=_exit_drive(lambda env: (["--ms", "40"], env.web))),
    _case(argparse_cli_help, "validation", name="argparse_cli_bad_option",
          drive=_exit_drive(lambda env: (["--ms", "soon"], env.web))),
    _case(two_failures_slow_first, "validation", speculative_reads=True),
    _case(key_error_on_slow_read, "validation"),
    _case(client_attribute_switch, "clients"),
    _case(template_format_report),
    _case(partial_get_fanout, "fanout"),
    _case(map_partial_helper, "fanout"),
    _case(mutate_json_then_put),
    _case(branch_per_row_type),
    _case(write_report_inside_with, "files", args=_web_tmp),
    _case(shared_default_headers, "clients"),
    _case(remote_counts_sorted_grouped, "fanout"),
    _case(chain_through_row_dicts, "state"),
    _case(chain_through_next_alias, "state"),
    _case(shared_options_across_jobs, "state"),
    _case(repeated_params_list, "state"),
    _case(chdir_then_relative_reads, "files", args=_web_tmp, setup=_setup_dirs),
    _case(env_var_config, "state"),
    _case(env_var_read_in_helper, "state"),
    _case(global_session_reconfigured, "clients"),
    _case(seeded_sample_spot_check, "state"),
    _case(jitter_draws_per_item, "state"),
    _case(reused_request_object, "state"),
    _case(reused_star_args_list, "state"),
    _case(for_else_summary),
    _case(while_index_loop),
    _case(sort_keys_then_first, "state"),
    _case(dataclass_post_init_fetch, "helpers"),
    _case(per_item_timestamp_counter, "state"),
    _case(follow_link_per_row),
    _case(follow_link_per_row_strict, speculative_reads=True),
    _case(handler_writes_then_continues),
    _case(handler_writes_without_continue),
    _case(handler_returns_partial, speculative_reads=True),
    _case(finally_write_per_item),
    _case(status_read_after_handler_write),
    _case(parse_rows_then_fetch, "validation", speculative_reads=True),
    _case(parse_rows_print_first),
    _case(async_listcomp_helper_prints_after, "clients", drive=_drive_async),
    _case(async_loop_helper_prints_before, "clients", drive=_drive_async),
    _case(async_loop_counter_print, "clients", drive=_drive_async),
    _case(base_url_session_subclass, "clients"),
    _case(printing_session_subclass, "clients"),
    _case(counting_session_prepare, "clients"),
    _case(httpx_client_subclass_logging, "clients"),
    _case(caching_session_subclass, "clients"),
    _case(session_merge_settings_override, "clients"),
    _case(mounted_adapter_subclass, "clients"),
    _case(parse_or_record_default, "validation"),
    _case(parse_each_or_fix, "validation"),
    _case(lookup_conf_or_create, "validation"),
    _case(create_new_then_read_each),
    _case(validate_or_quarantine, "validation"),
    _case(assert_or_repair, "validation"),
    _case(suppress_then_write_flag, "validation"),
    _case(file_log_handler_between_reads, "files", args=_web_tmp),
    _case(write_json_files_then_glob, "files", args=_web_tmp),
    _case(atomic_replace_then_read, "files", args=_web_tmp),
    _case(sqlite_enrich_update_each, "db", args=_web_tmp, setup=_make_people_db),
    _case(sqlite_enrich_executemany, "db", args=_web_tmp, setup=_make_people_db),
    _case(hoisted_helper_failure_after_prints, "validation", speculative_reads=True),
    _case(genexp_to_user_consumer, "helpers"),
    _case(islice_of_genexp, "fanout"),
    _case(zip_shorter_names_genexp, "fanout"),
    _case(zip_shorter_map, "fanout"),
    _case(next_matching_genexp, "fanout"),
    _case(takewhile_pages, "fanout"),
    _case(map_two_unequal_iterables, "fanout"),
    _case(ops_branch_read_or_write),
    _case(ops_elif_chain),
    _case(conditional_fix_dependent),
    _case(write_only_for_tagged_rows),
    _case(pure_url_helper_global_changes, "state"),
    _case(alias_map_updated_in_body, "state"),
    _case(scrape_then_summarise, "sdk", servers="web api",
          args=lambda env: (env.web, openai_client(env), str(env.tmp))),
    _case(classify_rows_group, "sdk", servers="web api", args=_web_llm),
    _case(prompt_settings_mutated, "sdk", servers="web api", args=_web_llm),
    _case(embed_keys_and_rank, "sdk", servers="web api", args=_web_llm),
    _case(context_override_settings, "state"),
    _case(context_override_inline, "state"),
    _case(printed_sections),
    _case(getattr_verbs_loop, "helpers"),
    _case(getattr_verbs_comprehension, "helpers"),
    _case(global_assigned_from_read, "state"),
    _case(async_conditional_fix, "clients", drive=_drive_async),
    _case(async_ops_branch, "clients", drive=_drive_async),
    _case(async_counter_between_awaits, "state", drive=_drive_async),
    _case(async_spaced_polls, "sleep", drive=_drive_async, spacing=0.04),
    _case(async_task_then_read, "clients", drive=_drive_async),
    _case(async_retry_on_404, "sleep", drive=_drive_async, spacing=0.03),
    _case(recursive_dag_with_memo, "helpers"),
    _case(recursive_tree_outline, "helpers"),
    _case(recursive_walk_global_visited, "helpers"),
    _case(first_two_then_rest, "fanout", ideal=210 / 90),
    _case(session_trace_param_helper, "clients"),
    _case(session_params_rebound_in_helper_loop, "clients"),
    _case(callback_lookup_enrichment, "helpers"),
    _case(session_page_cursor_helper, "clients"),
    Case("helpers", make=make_subclass_property_method, args=lambda env: ("a", "b"),
         servers="web"),
    _case(subclass_property_via_helper, "helpers"),
    _case(loud_config_in_urls, "helpers",
          args=lambda env: (env.web, LoudDict60(slow=90, fast=30))),
    _case(getattr_config_in_urls, "helpers",
          args=lambda env: (env.web, AttrConfig60(first="f1", second="f2"))),
    _case(formatted_key_objects, "helpers"),
    _case(fallback_after_error_count, "state"),
    _case(global_counter_in_url, "state"),
    _case(redirect_then_real_output),
    _case(rate_limit_decorator_comprehension, "sleep", spacing=0.05),
    # the pacer times its 0.05 s from before a request is sent, so two arrivals can be
    # closer than that by how long the first took to send (plain too, on a busy machine)
    _case(pacer_class_loop, "sleep", spacing=0.03),
    _case(locals_format_report),
    _case(match_on_responses),
    _case(walrus_in_element, "fanout"),
    _case(httpx_client_used_after_with, "clients"),
    _case(httpx_client_used_after_close, "clients"),
    _case(httpx_used_after_with_no_try, "clients"),
]

FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
