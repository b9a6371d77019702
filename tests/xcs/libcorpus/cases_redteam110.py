"""Red-team cases (stop 110): the JIT's newest rules, where they are wrong or too narrow.

(1) A loop-body skip ``if <test>: <statements>; continue`` decided by its test alone: tests that
call a helper, read a seen-set / counter / dict the skip's statements change, skip bodies that
raise, write, POST, ``break`` or ``return`` in a nested if, try/finally, a walrus in the test,
objects with ``__bool__`` / ``__eq__`` / ``__len__``. (2) A local list or dict filled in a loop
and handed out "only after" the loop, handed out earlier after all: before the loop, between
passes, in a finally, through a closure, a default argument, an alias, ``globals()``, a helper
that stored it. (3) A str argument of a file's ``write`` made from objects with ``__format__`` /
``__str__``, str subclasses, bytearrays, ``write`` methods of our own. (4) ``sys.stdout.write``
with sys.stdout swapped (redirect_stdout, a StringIO, a class whose write POSTs) and mixed with
print and logging. (5) Polls: same-argument reads that must keep their order, reads whose URL
differs only by a counter, and same-prompt ensembles that should still overlap. Sibling calls get
unequal latencies, slow first. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed; `SHORT_WHY` names overlap claims not reached.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam110")

SLOWS = [("a", 150), ("b", 40), ("c", 100), ("d", 30)]


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def fetch(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put(web: str, key: str, value: str) -> int:
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def post(web: str, key: str, value: str) -> int:
    return requests.post(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== (1) skips


def skip_seen_set_discarded_in_skip(web: str) -> list[str]:
    """The skip's own statements change the set its test reads."""
    seen: set[str] = set()
    out = []
    for key, ms in [("a", 150), ("b", 40), ("a", 90), ("a", 60), ("c", 30)]:
        if key in seen:
            seen.discard(key)
            out.append("dup:" + key)
            continue
        seen.add(key)
        out.append(fetch(web, key, ms))
    return out


def _reject(key: str) -> None:
    raise ValueError(f"rejected {key}")


def skip_body_helper_raises(web: str) -> list[str]:
    """A skip body that raises: nothing after it may be written."""
    out = []
    for key, ms in [("a", 120), ("b", 40), ("bad", 90), ("c", 30)]:
        if key == "bad":
            _reject(key)
            continue
        out.append(fetch(web, key, ms))
        put(web, "log", ",".join(out))
    return out


def skip_body_posts_audit(web: str) -> list[int]:
    """The skip body POSTs an audit line; the main body PUTs: writes keep their order."""
    versions = []
    for key, ms in [("a", 120), ("-b", 40), ("c", 80), ("-d", 30), ("e", 60)]:
        if key.startswith("-"):
            versions.append(post(web, "audit", "skip " + key))
            continue
        value = fetch(web, key, ms)
        versions.append(put(web, key, value.upper()))
    return versions


def skip_nested_break(web: str) -> list[str]:
    """A break hidden in a nested if inside the skip body."""
    out = []
    misses = 0
    for key, ms in [("a", 140), ("m1", 40), ("b", 90), ("m2", 30), ("c", 60), ("d", 50)]:
        if key.startswith("m"):
            misses += 1
            if misses >= 2:
                break
            continue
        out.append(fetch(web, key, ms))
        put(web, "progress", str(len(out)))
    return out


def skip_nested_return(web: str) -> list[str]:
    """A return in a nested if inside the skip body; the main body prints."""
    out = []
    for key, ms in [("a", 130), ("stop-soft", 40), ("b", 80), ("stop-hard", 30), ("c", 60)]:
        if key.startswith("stop"):
            if key.endswith("hard"):
                print("stopping at", key)
                return out
            continue
        value = fetch(web, key, ms)
        print("got", value)
        out.append(value)
    return out


def skip_try_finally_in_body(web: str) -> list[str]:
    """A try/finally in the skip body logs; the finally runs in place."""
    out = []
    for key, ms in [("a", 120), ("_b", 40), ("c", 90), ("_d", 30)]:
        if key.startswith("_"):
            try:
                LOG.info("private %s", key)
            finally:
                out.append("private")
            continue
        LOG.info("fetching %s", key)
        out.append(fetch(web, key, ms))
    return out


class Gate:
    def __init__(self) -> None:
        self.open = True

    def __bool__(self) -> bool:
        return self.open


def skip_bool_object_toggled_in_skip(web: str) -> list[str]:
    """The test is an object's __bool__; the skip body toggles it."""
    gate = Gate()
    out = []
    for key, ms in [("a", 120), ("b", 40), ("c", 90), ("d", 30), ("e", 60)]:
        if not gate:
            gate.open = True
            out.append("closed:" + key)
            continue
        gate.open = key not in ("b", "d")
        out.append(fetch(web, key, ms))
    return out


class Batch:
    def __init__(self) -> None:
        self.items: list[str] = []

    def __len__(self) -> int:
        return len(self.items)


def skip_len_object_filled_in_skip(web: str) -> list[str]:
    """The test is len() of an object the skip body fills and the main body drains."""
    batch = Batch()
    out = []
    for key, ms in [("a", 130), ("b", 40), ("c", 90), ("d", 30), ("e", 70)]:
        if len(batch) < 1:
            batch.items.append(key)
            continue
        batch.items.clear()
        out.append(fetch(web, key, ms))
    return out


def skip_changes_prefix_call_reads(web: str) -> list[str]:
    """The skip body changes a local the main body's GET is built from."""
    prefix = "p"
    out = []
    for key, ms in [("a", 130), ("#q", 40), ("b", 90), ("#r", 30), ("c", 60)]:
        if key.startswith("#"):
            prefix = key[1:]
            continue
        out.append(fetch(web, f"{prefix}-{key}", ms))
    return out


def skip_pure_test_overlaps(web: str) -> list[str]:
    """An everyday skip: a pure test, GETs in the main body."""
    out = []
    for key, ms in [("a", 150), ("", 0), ("b", 40), ("#c", 0), ("c", 100), ("d", 30)]:
        if not key or key.startswith("#"):
            continue
        out.append(fetch(web, key, ms))
    return out


def skip_counter_in_skip_body_fanout(web: str) -> dict[str, Any]:
    """An everyday skip counting skipped rows; the main body's GETs overlap."""
    skipped = 0
    rows = {}
    for key, ms in [("a", 150), ("old-1", 0), ("b", 40), ("c", 100), ("old-2", 0)]:
        if key.startswith("old"):
            skipped += 1
            continue
        rows[key] = fetch(web, key, ms)
    return {"rows": rows, "skipped": skipped}


# =========================================================================== (2) hand-outs

HELD: dict[str, Any] = {}


def handout_between_passes(web: str, tmp: str) -> list[int]:
    """An outer loop saves rows between passes; the second pass's rows follow the first."""
    rows: list[str] = []
    sizes = []
    for p in range(2):
        for key, ms in [("a", 120), ("b", 40), ("c", 80)]:
            rows.append(fetch(web, f"{key}{p}", ms))
        Path(tmp, f"pass{p}.json").write_text(json.dumps(rows))
        sizes.append(len(rows))
    return sizes


def handout_closure_defined_before_loop(web: str) -> list[str]:
    """A nested function made before the loop reads rows; the loop calls it."""
    rows: list[str] = []

    def tagged(key: str, ms: int) -> str:
        return f"#{len(rows)}:" + fetch(web, key, ms)

    for key, ms in SLOWS:
        rows.append(tagged(key, ms))
    return rows


ROWS110: list[str] = []


TRACKED: list[list[str]] = []


def _track(rows: list[str]) -> None:
    TRACKED.clear()
    TRACKED.append(rows)


def _fetch_tracked(web: str, key: str, ms: int) -> str:
    return f"{sum(len(t) for t in TRACKED)}:" + fetch(web, key, ms)


def handout_earlier_helper_stored(web: str) -> list[str]:
    """An earlier helper stored rows; the loop's helper reads it."""
    rows: list[str] = []
    _track(rows)
    for key, ms in SLOWS:
        rows.append(_fetch_tracked(web, key, ms))
    return rows


def handout_counter_after_loop(web: str, tmp: str) -> dict[str, int]:
    """Everyday: a Counter filled in a loop, dumped after it: the GETs overlap."""
    counts: Counter[str] = Counter()
    for key, ms in SLOWS:
        counts[fetch(web, key, ms)[:3]] += 1
    with open(Path(tmp) / "counts.json", "w") as f:
        json.dump(counts, f, sort_keys=True)
    return dict(counts)


def handout_rows_returned_to_caller(web: str) -> list[str]:
    """Everyday: rows returned to a caller that saves them."""
    def collect() -> list[str]:
        rows = []
        for key, ms in SLOWS:
            rows.append(fetch(web, key, ms))
        return rows

    rows = collect()
    put(web, "all", ",".join(rows))
    return rows


def handout_generator_yields_rows_list(web: str) -> list[int]:
    """rows is yielded mid-loop (a generator hands it out each pass)."""
    def gen() -> Any:
        rows: list[str] = []
        for key, ms in SLOWS:
            rows.append(fetch(web, key, ms))
            yield rows

    return [len(r) for r in gen()]


# =========================================================================== (3) write args


class Seq:
    def __init__(self) -> None:
        self.n = 0

    def __format__(self, spec: str) -> str:
        self.n += 1
        return str(self.n)


def write_fstring_format_mutates(web: str, tmp: str) -> list[str]:
    """An f-string handed to write calls a __format__ that moves a counter the GET reads."""
    seq = Seq()
    out = []
    with open(Path(tmp) / "seq.txt", "w") as f:
        for key, ms in SLOWS:
            value = fetch(web, f"{key}{seq.n}", ms)
            f.write(f"{seq} {value}\n")
            out.append(value)
    return out


def write_bytearray_reused_buffer(web: str, tmp: str) -> int:
    """A bytearray buffer is written, cleared, and refilled each pass."""
    buf = bytearray()
    with open(Path(tmp) / "buf.bin", "wb") as f:
        for key, ms in SLOWS:
            buf += fetch(web, key, ms).encode() + b"\n"
            if len(buf) > 6:
                f.write(buf)
                buf.clear()
        f.write(buf)
    return len(buf)


class PostingSink:
    def __init__(self, web: str) -> None:
        self.web = web
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines.append(text)
        post(self.web, "sink", text)
        return len(text)


def write_own_class_posts(web: str) -> list[str]:
    """A write method of our own that POSTs: the GETs may overlap, the POSTs keep order."""
    sink = PostingSink(web)
    for key, ms in SLOWS:
        value = fetch(web, key, ms)
        sink.write(json.dumps({"k": key, "v": value}) + "\n")
    return sink.lines


# =========================================================================== (4) stdout


def stdout_write_redirected_in_loop(web: str) -> str:
    """redirect_stdout around half the passes: sys.stdout.write lands in the buffer."""
    buf = io.StringIO()
    for i, (key, ms) in enumerate(SLOWS):
        value = fetch(web, key, ms)
        if i % 2:
            with contextlib.redirect_stdout(buf):
                sys.stdout.write(f"[buf] {value}\n")
        else:
            sys.stdout.write(f"[out] {value}\n")
    return buf.getvalue()


class PostingStdout:
    def __init__(self, web: str) -> None:
        self.web = web

    def write(self, text: str) -> int:
        if text.strip():
            post(self.web, "stdout", text)
        return len(text)

    def flush(self) -> None:
        pass


def stdout_print_write_stderr_logging_mix(web: str) -> int:
    """print, sys.stdout.write, sys.stderr.write and logging interleaved per item."""
    n = 0
    for key, ms in SLOWS:
        value = fetch(web, key, ms)
        print("start", key)
        sys.stdout.write(f"  value={value}\n")
        sys.stderr.write(f"warn {key}\n")
        LOG.info("done %s", key)
        n += 1
    sys.stdout.write(f"total {n}\n")
    return n


def _progress(web: str, key: str, ms: int, i: int) -> str:
    value = fetch(web, key, ms)
    sys.stdout.write(f"\r{i + 1}/4 {key}")
    sys.stdout.flush()
    return value


def stdout_progress_inside_helper(web: str) -> list[str]:
    """Everyday: a helper writes a progress line after its GET: the GETs overlap."""
    out = [_progress(web, key, ms, i) for i, (key, ms) in enumerate(SLOWS)]
    sys.stdout.write("\n")
    return out


def stdout_write_return_value_summed(web: str) -> int:
    """sys.stdout.write's return (chars written) is summed into the result."""
    total = 0
    for key, ms in SLOWS:
        total += sys.stdout.write(f"{key}:{fetch(web, key, ms)}\n")
    return total


# =========================================================================== (5) polls

POLL_N = {"n": 0}


def _poll_counted(web: str, job: str) -> str:
    POLL_N["n"] += 1
    return requests.get(f"{web}/jobs/{job}?ms=40&try={POLL_N['n']}", timeout=5).json()["status"]


def poll_url_differs_by_global_counter(web: str) -> list[str]:
    """The poll's URL differs only by a global try counter."""
    POLL_N["n"] = 0
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    return [_poll_counted(web, job) for _ in range(4)]


def _job_url(web: str, job: str) -> str:
    return f"{web}/jobs/{job}?ms=40"


def poll_helper_builds_same_url(web: str) -> list[str]:
    """A helper builds the same URL each pass; the poll stops when done."""
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    statuses = []
    for _ in range(6):
        s = requests.get(_job_url(web, job), timeout=5).json()["status"]
        statuses.append(s)
        if s == "done":
            break
    return statuses


def poll_with_session(web: str) -> list[str]:
    """requests.Session polls the same job three times."""
    with requests.Session() as s:
        job = s.post(f"{web}/jobs", timeout=5).json()["id"]
        return [s.get(f"{web}/jobs/{job}?ms=40", timeout=5).json()["status"] for _ in range(3)]


def poll_two_jobs_alternating(web: str) -> list[str]:
    """Two jobs polled alternately in a loop: each job's polls keep their order."""
    j1 = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    j2 = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    out = []
    for _ in range(3):
        for job, ms in ((j1, 90), (j2, 30)):
            out.append(job + ":" + requests.get(f"{web}/jobs/{job}?ms={ms}",
                                                timeout=5).json()["status"])
    return out


def _setup_sqlite(env: Env) -> None:
    con = sqlite3.connect(env.tmp / "q.db")
    con.execute("CREATE TABLE q (id INTEGER PRIMARY KEY, key TEXT, done INTEGER)")
    con.executemany("INSERT INTO q (key, done) VALUES (?, 0)", [("a",), ("b",), ("c",)])
    con.commit()
    con.close()


def poll_sqlite_select_queue(web: str, tmp: str) -> list[str]:
    """A SELECT of the next undone row repeated; each pass marks it done after a GET."""
    con = sqlite3.connect(Path(tmp) / "q.db")
    out = []
    try:
        for _ in range(4):
            row = con.execute("SELECT id, key FROM q WHERE done = 0 ORDER BY id LIMIT 1").fetchone()
            if row is None:
                out.append("empty")
                continue
            out.append(fetch(web, row[1], 120 - 40 * len(out)))
            con.execute("UPDATE q SET done = 1 WHERE id = ?", (row[0],))
            con.commit()
    finally:
        con.close()
    return out


def ensemble_same_prompt_overlaps(client: Any) -> list[str]:
    """A same-prompt ensemble: the samples overlap."""
    return [ask(client, "rate this: 7", 0.12) for _ in range(4)]


def ensemble_same_prompt_loop_majority(client: Any) -> str:
    """A loop of same-prompt samples and a majority vote."""
    votes: Counter[str] = Counter()
    for _ in range(3):
        votes[ask(client, "yes or no?", 0.1)[:8]] += 1
    return votes.most_common(1)[0][0]


# =========================================================================== batch 2: near the shapes that overlap


def skip_test_reads_skip_count_int(web: str) -> dict[str, Any]:
    """The fanout skip, but its test also reads the int the skip body counts."""
    skipped = 0
    rows = {}
    for key, ms in [("a", 150), ("old-1", 0), ("b", 40), ("old-2", 0), ("c", 100), ("d", 30)]:
        if key.startswith("old") or skipped >= 2:
            skipped += 1
            continue
        rows[key] = fetch(web, key, ms)
    return {"rows": rows, "skipped": skipped}


def skip_walrus_binds_key_main_body_uses(web: str) -> list[str]:
    """A pure test binds k by walrus; the main body's GET uses k."""
    out = []
    for raw, ms in [(" a ", 150), ("  ", 0), ("b ", 40), (" c", 100), ("d", 30)]:
        if not (k := raw.strip()):
            continue
        out.append(k + "=" + fetch(web, k, ms))
    return out


def skip_test_reads_rows_len_limit(web: str) -> list[str]:
    """The test reads len(rows), which the main body grows: a limit of two."""
    rows: list[str] = []
    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if len(rows) >= 2:
            continue
        rows.append(fetch(web, key, ms))
    return rows


def skip_consecutive_duplicates_last(web: str) -> list[str]:
    """The test compares with `last`, which the main body sets."""
    last = None
    out = []
    for key, ms in [("a", 150), ("a", 40), ("b", 100), ("b", 30), ("a", 60)]:
        if key == last:
            continue
        last = key
        out.append(fetch(web, key, ms))
    return out


def skip_remote_done_marker(web: str) -> list[str]:
    """The test GETs a done-marker the main body PUTs: a repeated key is skipped."""
    out = []
    for key, ms in [("a", 150), ("b", 40), ("a", 100), ("c", 30), ("b", 60)]:
        if fetch(web, f"done-{key}", 30) == "yes":
            out.append("skip " + key)
            continue
        out.append(fetch(web, key, ms))
        put(web, f"done-{key}", "yes")
    return out


def skip_sqlite_seen_table(web: str, tmp: str) -> list[str]:
    """The test SELECTs a seen table the main body INSERTs into."""
    con = sqlite3.connect(Path(tmp) / "seen.db")
    con.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY)")
    out = []
    try:
        for key, ms in [("a", 150), ("b", 40), ("a", 100), ("c", 30)]:
            if con.execute("SELECT 1 FROM seen WHERE key = ?", (key,)).fetchone():
                out.append("seen " + key)
                continue
            out.append(fetch(web, key, ms))
            con.execute("INSERT INTO seen VALUES (?)", (key,))
            con.commit()
    finally:
        con.close()
    return out


MEMO: dict[str, str] = {}


def _cached(key: str) -> bool:
    return key in MEMO


def skip_module_cache_helper_test(web: str) -> list[str]:
    """The test asks a helper whether a module cache holds the key; the main body fills it."""
    MEMO.clear()
    out = []
    for key, ms in [("a", 150), ("b", 40), ("a", 100), ("c", 30), ("b", 60)]:
        if _cached(key):
            out.append("hit " + MEMO[key])
            continue
        MEMO[key] = fetch(web, key, ms)
        out.append(MEMO[key])
    return out


def _identity(x: Any) -> Any:
    return x


def handout_alias_via_call_return(web: str) -> list[str]:
    """An alias returned by a helper before the loop; the GET's key reads its length."""
    rows: list[str] = []
    view = _identity(rows)
    for key, ms in SLOWS:
        rows.append(fetch(web, f"{key}{len(view)}", ms))
    return rows


TICKS = {"n": 0}


class Clock:
    def __format__(self, spec: str) -> str:
        TICKS["n"] += 1
        return str(TICKS["n"])


def _fetch_ticked(web: str, key: str, ms: int) -> str:
    return f"{TICKS['n']}:" + fetch(web, key, ms)


def write_fstring_format_global_tick(web: str, tmp: str) -> list[str]:
    """The f-string's __format__ moves a module tick a helper's result reads."""
    TICKS["n"] = 0
    clock = Clock()
    out = []
    with open(Path(tmp) / "ticks.txt", "w") as f:
        for key, ms in SLOWS:
            value = _fetch_ticked(web, key, ms)
            f.write(f"{clock} {value}\n")
            out.append(value)
    return out


def write_report_lines_plain(web: str, tmp: str) -> list[str]:
    """Everyday: a report line per GET, nothing else: the GETs overlap."""
    out = []
    with open(Path(tmp) / "plain.txt", "w") as f:
        for key, ms in SLOWS:
            value = fetch(web, key, ms)
            f.write(f"{key}: {value}\n")
            out.append(value)
    return out


def write_param_sink_posts_and_get_reads(web: str, out: Any) -> list[str]:
    """`out` is given by the caller: its write POSTs to the key the GET reads."""
    seen = []
    for key, ms in SLOWS:
        value = fetch(web, "sink", ms)
        out.write(f"{key} saw {value}\n")
        seen.append(value)
    return seen


def _drive_posting_sink(f: Any, env: Env) -> Any:
    sink = PostingSink(env.web)
    return [f(env.web, sink), sink.lines]


def _drive_posting_stdout(f: Any, env: Env) -> Any:
    old = sys.stdout
    sys.stdout = PostingStdout(env.web)
    try:
        return f(env.web)
    finally:
        sys.stdout = old


def poll_attempt_index_in_url_break(web: str) -> list[str]:
    """The poll URL carries the attempt index; the loop breaks when done."""
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    statuses = []
    for attempt in range(6):
        s = requests.get(f"{web}/jobs/{job}?ms=40&attempt={attempt}", timeout=5).json()["status"]
        statuses.append(s)
        if s == "done":
            break
    return statuses


def poll_same_job_listed_until_done(web: str) -> list[str]:
    """The same job id listed four times (values equal, args differ); stop at done."""
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    out = []
    for j, ms in [(job, 120), (job, 40), (job, 80), (job, 30)]:
        out.append(requests.get(f"{web}/jobs/{j}?ms={ms}", timeout=5).json()["status"])
        if out[-1] == "done":
            break
    return out


# =========================================================================== batch 3: inside the shapes that overlap


def skip_body_posts_flag_main_gets_it(web: str) -> list[str]:
    """A pure skip test; the skip body POSTs a flag the main body's GET reads."""
    out = []
    for key, ms in [("a", 150), ("-x", 0), ("b", 40), ("-y", 0), ("c", 100)]:
        if key.startswith("-"):
            post(web, "flag", key)
            continue
        out.append(key + ":" + fetch(web, "flag", ms))
    return out


def skip_test_reads_held_rows(web: str) -> list[str]:
    """The test reads a module dict's list that the main body fills (handed out before)."""
    HELD.clear()
    rows: list[str] = []
    HELD["rows"] = rows
    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if len(HELD["rows"]) >= 2:
            continue
        rows.append(fetch(web, key, ms))
    return rows


def stdout_summed_write_posts_and_get_reads(web: str) -> int:
    """The summed sys.stdout.write shape with a caller's POSTing stdout; the GET reads it."""
    total = 0
    for key, ms in SLOWS:
        total += sys.stdout.write(f"{key} saw {fetch(web, 'stdout', ms)}\n")
    return total


class CountingStdout:
    def __init__(self, real: Any) -> None:
        self.real = real
        self.n = 0

    def write(self, text: str) -> int:
        self.n += 1
        self.real.write(f"[{self.n}]{text}")
        return self.n

    def flush(self) -> None:
        self.real.flush()


def _drive_counting_stdout(f: Any, env: Env) -> Any:
    old = sys.stdout
    sys.stdout = CountingStdout(old)
    try:
        return f(env.web)
    finally:
        sys.stdout = old


def stdout_write_return_is_counter(web: str) -> int:
    """A caller's stdout whose write returns a running count: the sum depends on order."""
    total = 0
    for key, ms in SLOWS:
        total = total * 10 + sys.stdout.write(f"{key}:{fetch(web, key, ms)}\n")
    return total


def handout_counter_dumped_each_pass_outer(web: str, tmp: str) -> list[int]:
    """The Counter dumped after an inner loop, inside an outer loop."""
    counts: Counter[str] = Counter()
    sizes = []
    for p in range(2):
        for key, ms in [("a", 150), ("b", 40), ("c", 100)]:
            counts[fetch(web, f"{key}{p}", ms)[:4]] += 1
        with open(Path(tmp) / f"c{p}.json", "w") as f:
            json.dump(counts, f, sort_keys=True)
        sizes.append(sum(counts.values()))
    return sizes


def handout_counter_then_raise_finally_dump(web: str, tmp: str) -> dict[str, int]:
    """The Counter dumped in a finally after a GET raises mid-loop."""
    counts: Counter[str] = Counter()
    try:
        for key, ms in [("a", 150), ("b", 40), ("missing-c", 100), ("d", 30)]:
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            r.raise_for_status()
            counts[r.json()["value"]] += 1
    except requests.HTTPError:
        counts["errors"] += 1
    finally:
        with open(Path(tmp) / "partial.json", "w") as f:
            json.dump(counts, f, sort_keys=True)
    return dict(counts)


HISTORY: list[str] = []


def _chat_turn(client: Any, q: str) -> str:
    HISTORY.append(q)
    return ask(client, f"{q} turn {len(HISTORY)}", 0.12 - 0.02 * len(HISTORY))


def ensemble_helper_with_global_history(client: Any) -> list[str]:
    """Same prompt each pass, but the helper numbers turns from a module history."""
    HISTORY.clear()
    return [_chat_turn(client, "same question")[:30] for _ in range(3)]


# =========================================================================== batch 4: a skip test reading rows through another name


def skip_test_reads_alias_len(web: str) -> list[str]:
    """The test reads len() of an alias made before the loop; the main body fills rows."""
    rows: list[str] = []
    alias = rows
    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if len(alias) >= 2:
            continue
        rows.append(fetch(web, key, ms))
    return rows


def skip_test_closure_over_rows(web: str) -> list[str]:
    """The test calls a closure over rows, made before the loop."""
    rows: list[str] = []

    def full() -> bool:
        return len(rows) >= 2

    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if full():
            continue
        rows.append(fetch(web, key, ms))
    return rows


def _enough() -> bool:
    return len(HELD["rows"]) >= 2


def skip_test_helper_reads_held_rows(web: str) -> list[str]:
    """The test is a helper reading the module dict's list the main body fills."""
    HELD.clear()
    rows: list[str] = []
    HELD["rows"] = rows
    out = []
    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if _enough():
            out.append("enough")
            continue
        rows.append(fetch(web, key, ms))
        out.append("kept " + key)
    return out


def skip_test_reads_global_rows_print(web: str) -> int:
    """The test reads the globals() list the main body fills; kept rows are printed."""
    rows: list[str] = []
    globals()["ROWS110"] = rows
    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if len(ROWS110) >= 2:
            print("skip", key)
            continue
        rows.append(fetch(web, key, ms))
        print("kept", key)
    return len(rows)


def skip_test_reads_dict_alias_counter(web: str) -> dict[str, int]:
    """A Counter aliased in a dict before the loop; the test reads the total through it."""
    counts: Counter[str] = Counter()
    box = {"c": counts}
    for key, ms in [("a", 150), ("b", 40), ("c", 100), ("d", 30)]:
        if sum(box["c"].values()) >= 2:
            continue
        counts[fetch(web, key, ms)] += 1
    return dict(counts)


def handout_module_dict_read_in_get_arg(web: str) -> list[str]:
    """rows stored in a module dict before the loop; the GET's key reads its length there."""
    HELD.clear()
    rows: list[str] = []
    HELD["rows"] = rows
    for key, ms in SLOWS:
        rows.append(fetch(web, f"{key}{len(HELD['rows'])}", ms))
    return rows


def _fetch_strict(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def skip_test_held_rows_skipped_item_would_raise(web: str) -> list[str]:
    """Items past the limit would 404; the test (through a module dict) skips them."""
    HELD.clear()
    rows: list[str] = []
    HELD["rows"] = rows
    for key, ms in [("a", 150), ("b", 40), ("missing-c", 100), ("missing-d", 30)]:
        if len(HELD["rows"]) >= 2:
            continue
        rows.append(_fetch_strict(web, key, ms))
    return rows


def skip_test_held_rows_model_calls(client: Any) -> list[str]:
    """The limit through a module dict, over model calls: skipped prompts are not asked."""
    HELD.clear()
    rows: list[str] = []
    HELD["rows"] = rows
    for q, lat in [("one", 0.15), ("two", 0.04), ("three", 0.1), ("four", 0.03)]:
        if len(HELD["rows"]) >= 2:
            continue
        rows.append(ask(client, q, lat)[:20])
    return rows


# =========================================================================== registry

def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def _web(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


FOUR = over(0.15, 0.04, 0.10, 0.03)

CASES: list[Case] = [
    # -- (1) skips
    _web(skip_seen_set_discarded_in_skip, cat="state"),
    _web(skip_body_helper_raises),
    _web(skip_body_posts_audit),
    _web(skip_nested_break),
    _web(skip_nested_return),
    _web(skip_try_finally_in_body),
    _web(skip_bool_object_toggled_in_skip, cat="state"),
    _web(skip_len_object_filled_in_skip, cat="state"),
    _web(skip_changes_prefix_call_reads, cat="state"),
    _web(skip_pure_test_overlaps, FOUR, cat="fanout", overlap=2),
    _web(skip_counter_in_skip_body_fanout, over(0.15, 0.04, 0.10), cat="fanout", overlap=2),
    # -- (2) hand-outs
    _wt(handout_between_passes),
    _web(handout_closure_defined_before_loop, cat="helpers"),
    _web(handout_earlier_helper_stored, cat="helpers"),
    _wt(handout_counter_after_loop, FOUR, cat="fanout", overlap=2),
    _web(handout_rows_returned_to_caller, FOUR + 0.0, cat="fanout", overlap=2),
    _web(handout_generator_yields_rows_list),
    # -- (3) write args
    _wt(write_fstring_format_mutates),
    _wt(write_bytearray_reused_buffer),
    _web(write_own_class_posts),
    # -- (4) stdout
    _web(stdout_write_redirected_in_loop),
    _web(stdout_print_write_stderr_logging_mix),
    _web(stdout_progress_inside_helper, FOUR, cat="helpers", overlap=2),
    _web(stdout_write_return_value_summed, FOUR, overlap=2),
    # -- (5) polls
    _web(poll_url_differs_by_global_counter),
    _web(poll_helper_builds_same_url),
    _web(poll_with_session),
    _web(poll_two_jobs_alternating),
    Case("db", poll_sqlite_select_queue, args=web_tmp, servers="web", setup=_setup_sqlite),
    Case("ensemble", ensemble_same_prompt_overlaps, args=oa_args, servers="api",
         ideal=4.0, overlap=2),
    Case("ensemble", ensemble_same_prompt_loop_majority, args=oa_args, servers="api",
         ideal=3.0, overlap=2),
]

CASES += [
    _web(skip_test_reads_skip_count_int, cat="state"),
    _web(skip_walrus_binds_key_main_body_uses, over(0.15, 0.04, 0.10, 0.03), cat="fanout",
         overlap=2),
    _web(skip_test_reads_rows_len_limit, cat="state"),
    _web(skip_consecutive_duplicates_last, cat="state"),
    _web(skip_remote_done_marker),
    Case("db", skip_sqlite_seen_table, args=web_tmp, servers="web"),
    _web(skip_module_cache_helper_test, cat="helpers"),
    _web(handout_alias_via_call_return, cat="state"),
    _wt(write_fstring_format_global_tick),
    _wt(write_report_lines_plain),  # (GETs of a server here stay behind file writes)
    Case("files", write_param_sink_posts_and_get_reads, drive=_drive_posting_sink,
         servers="web"),
    _web(poll_attempt_index_in_url_break),
    _web(poll_same_job_listed_until_done),
]

CASES += [
    _web(skip_body_posts_flag_main_gets_it),
    _web(skip_test_reads_held_rows, cat="state"),
    Case("http", stdout_summed_write_posts_and_get_reads, drive=_drive_posting_stdout,
         servers="web"),
    Case("state", stdout_write_return_is_counter, drive=_drive_counting_stdout, servers="web"),
    _wt(handout_counter_dumped_each_pass_outer),
    _wt(handout_counter_then_raise_finally_dump, speculative_reads=True),
    Case("ensemble", ensemble_helper_with_global_history, args=oa_args, servers="api"),
]

CASES += [
    _web(skip_test_reads_alias_len, cat="state"),
    _web(skip_test_closure_over_rows, cat="helpers"),
    _web(skip_test_helper_reads_held_rows, cat="helpers"),
    _web(skip_test_reads_global_rows_print, cat="state"),
    _web(skip_test_reads_dict_alias_counter, cat="state"),
]

CASES += [
    _web(handout_module_dict_read_in_get_arg, cat="state"),
]

CASES += [
    _web(skip_test_held_rows_skipped_item_would_raise, cat="state"),
    Case("sdk", skip_test_held_rows_model_calls, args=oa_args, servers="api"),
]

# Differed under jit when written, fixed since: a check run ahead of a loop reads nothing outside the function while the loop changes a local's object that other code may hold (Moves.checks_ahead; tests/xcs/test_jit_loop_checks.py)
FIXED_WHY: dict[str, str] = {
    "skip_test_reads_held_rows":
        "the skip test `len(HELD['rows']) >= 2` reads rows through a module dict filled before "
        "the loop; rows is taken as the loop's own (handed out only after), so the test runs "
        "ahead seeing 0 rows and GET c and GET d are sent though plain skips them",
    "skip_test_helper_reads_held_rows":
        "as skip_test_reads_held_rows with the test in a helper `_enough()` reading HELD: the "
        "skipped items' GETs c and d are sent",
    "skip_test_reads_global_rows_print":
        "rows put in globals() before the loop, the skip test reads len(ROWS110): the skipped "
        "items' GETs are sent (stdout and value still match)",
    "skip_test_held_rows_skipped_item_would_raise":
        "the skipped items would 404: jit still sends GET missing-c and missing-d (the error is "
        "dropped, the value matches), plain never asks",
    "skip_test_held_rows_model_calls":
        "the same limit over model calls: jit asks the two skipped prompts (extra paid chat "
        "completions), plain asks two",
}

FAILING_WHY: dict[str, str] = {
}

SHORT_WHY: dict[str, str] = {
    "skip_walrus_binds_key_main_body_uses":
        "a walrus in a pure skip test (`if not (k := raw.strip()): continue`) keeps the GETs "
        "in order",
    "handout_rows_returned_to_caller":
        "rows filled in a nested function and returned to its caller: the GETs stay in order",
    "stdout_progress_inside_helper":
        "sys.stdout.write and flush inside the helper after its GET: the comprehension's GETs stay "
        "in order",
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
