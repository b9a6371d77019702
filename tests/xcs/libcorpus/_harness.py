"""Run a corpus case plain and jitted, each against fresh servers, and compare the two.

What is compared (issue 13, "Acceptance"):

- the return value and its type, deeply (a list of str is not a tuple of str);
- the exception type and message (the user's own, never wrapped);
- stdout, and the records of the ``corpus.*`` loggers (logger, level, message);
- each server's request log: writes in the same order, the reads between two writes as a
  multiset (reads may overlap and arrive in any order; with a case's `speculative_reads`,
  extra reads beside a failing sibling are allowed, missing ones are not);
- the files the case left in its directory (a SQLite file by its SQL dump);
- a case's declared spacing: the servers must see its sleeps between the requests.

It also records each run's wall time and each server's most requests in flight at once.
Server addresses and the run's directory are replaced by ``<web>``, ``<api>``, ``<tcp>``
and ``<tmp>`` in everything compared: they differ between the two runs by design.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ember import xcs
from ember.xcs import lowlevel
from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._servers import Entry, HttpServer, LineServer, LoopThread

__all__ = ["Outcome", "Verdict", "judge", "run_case"]

#: A run that has not returned after this long is reported as hung (a crash).
HANG_S = 60.0

_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Raised:
    """One call's exception, as an item of a several-call case's value."""

    type: str
    message: str

    @classmethod
    def of(cls, exc: BaseException) -> Raised:
        return cls(f"{type(exc).__module__}.{type(exc).__qualname__}", str(exc))


@dataclass
class Outcome:
    """What one run of a case did, with run-specific addresses already scrubbed."""

    value: Any = None
    error: tuple[str, str] | None = None  # (type's qualified name, message)
    stdout: str = ""
    logs: list[tuple[str, str, str]] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0  # the process's CPU time over `wall` (its servers' threads too)
    call_starts: list[float] = field(default_factory=list)  # time.monotonic(), with calls > 1
    hung: bool = False
    requests: dict[str, list[Entry]] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class Verdict:
    """A case judged: both outcomes, the differences found and whether jit crashed."""

    case: Case
    plain: Outcome
    jitted: Outcome
    differences: list[str]
    crash: str | None

    @property
    def ok(self) -> bool:
        return not self.differences and self.crash is None

    @property
    def in_flight(self) -> int:
        return max(self.jitted.max_in_flight.values(), default=0)

    @property
    def share(self) -> float | None:
        """Share of the ideal speedup reached, capped at 1 (None when nothing can overlap)."""
        return self._share(self.case.ideal)

    @property
    def amdahl(self) -> float:
        """The ideal speedup with the plain run's CPU time taken as serial (Amdahl's law).

        The case's `ideal` (sum of latencies / critical path) speaks of the waits only. The
        CPU the plain run's process spends (making an SDK client and its SSL context,
        parsing responses, and the corpus's own servers answering, which run in this
        process and share its GIL) runs one piece at a time whatever the schedule, so only
        the rest of the plain wall time is divided by `ideal`. On a loaded machine the time
        a thread waits for a core counts as rest, so this errs towards `ideal`.
        """
        p, ideal = self.plain.wall, self.case.ideal
        if ideal <= 1.0 or p <= 0:
            return ideal
        cpu = min(self.plain.cpu, p)
        return min(ideal, p / (cpu + (p - cpu) / ideal))

    @property
    def amdahl_share(self) -> float | None:
        """Share of `amdahl` reached, capped at 1 (None when nothing can overlap)."""
        return self._share(self.amdahl)

    def _share(self, ideal: float) -> float | None:
        if self.case.ideal <= 1.0 or self.jitted.wall <= 0:
            return None
        return min(1.0, (self.plain.wall / self.jitted.wall) / ideal)


# --------------------------------------------------------------------------- running


class _Servers:
    """The servers a case asked for, started fresh for one run."""

    def __init__(self, case: Case) -> None:
        self.loop = LoopThread()
        self.http: dict[str, HttpServer] = {}
        self.tcp: LineServer | None = None
        try:
            for name in ("web", "api"):
                if name in case.servers:
                    self.http[name] = HttpServer(self.loop, case.latency, with_sim=name == "api",
                                                 load=case.load)
            if "tcp" in case.servers:
                self.tcp = LineServer(self.loop, case.latency, load=case.load)
        except BaseException:
            self.close()
            raise

    def env(self, tmp: Path) -> Env:
        web, api = (self.http[n].url if n in self.http else "" for n in ("web", "api"))
        return Env(tmp, web, api, self.tcp.address if self.tcp else ("", 0))

    def snapshot(self) -> tuple[dict[str, list[Entry]], dict[str, int]]:
        logs, peaks = {}, {}
        servers: dict[str, Any] = dict(self.http)
        if self.tcp is not None:
            servers["tcp"] = self.tcp
        for name, server in servers.items():
            logs[name], peaks[name] = server.snapshot()
        return logs, peaks

    def close(self) -> None:
        try:
            for server in self.http.values():
                server.close()
            if self.tcp is not None:
                self.tcp.close()
        finally:
            self.loop.close()


# Each record formatted as it is emitted, by the library's own handler and formatter to a
# `StringIO`: ordered output, as a handler to stderr is (a handler class of the corpus's
# own would be code of the user's, which no logging call may cross).
_END, _SEP = "\x1e", "\x1f"


def _log_capture() -> logging.StreamHandler[io.StringIO]:
    handler = logging.StreamHandler(io.StringIO())
    handler.setLevel(logging.DEBUG)
    handler.terminator = _END
    handler.setFormatter(logging.Formatter(f"%(name)s{_SEP}%(levelname)s{_SEP}%(message)s"))
    return handler


def _records(handler: logging.StreamHandler[io.StringIO]) -> list[tuple[str, str, str]]:
    """(logger, level, message) of each record: a traceback or a stack logged with the
    message is left out (its frames differ under jit)."""
    out = []
    for text in handler.stream.getvalue().split(_END)[:-1]:
        name, level, message = text.split(_SEP, 2)
        for cut in ("\nTraceback (most recent call last):\n", "\nStack (most recent call"):
            message = message.split(cut, 1)[0]
        out.append((name, level, message))
    return out


@contextlib.contextmanager
def _captured() -> Iterator[tuple[io.StringIO, logging.StreamHandler[io.StringIO],
                                  list[warnings.WarningMessage]]]:
    """stdout, the ``corpus.*`` log records and warnings of the code run inside."""
    out, handler = io.StringIO(), _log_capture()
    logger = logging.getLogger("corpus")
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
            warnings.simplefilter("always")
            yield out, handler, caught
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def execute(case: Case, env: Env, jitted: bool) -> Outcome:
    """Run the case once in this thread: value or exception, output, logs, wall time."""
    outcome = Outcome()
    try:
        if case.setup is not None:
            case.setup(env)
        target = case.make(env) if case.make is not None else case.fn
        with _captured() as (out, logs, caught):
            f = xcs.jit(target) if jitted else target
            args = case.args(env)
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                if case.drive is not None:
                    outcome.value = case.drive(f, env)
                elif case.calls == 1:
                    outcome.value = f(*args)
                else:
                    outcome.value = []
                    for _ in range(case.calls):
                        outcome.call_starts.append(time.monotonic())
                        try:
                            outcome.value.append(f(*args))
                        except Exception as exc:  # noqa: BLE001 - one call's outcome
                            outcome.value.append(Raised.of(exc))
            except Exception as exc:  # the case's own exception is part of its outcome
                raised = Raised.of(exc)
                outcome.error = (raised.type, raised.message)
            outcome.wall = time.perf_counter() - t0
            outcome.cpu = time.process_time() - c0
    finally:
        env.close_owned()
    outcome.stdout = out.getvalue()
    outcome.logs = _records(logs)
    outcome.warned = [f"{w.category.__name__}: {w.message}" for w in caught
                      if not issubclass(w.category, ResourceWarning)]
    return outcome


def _in_thread(case: Case, env: Env, jitted: bool) -> Outcome:
    """`execute` in a thread of its own, so that a run that hangs is reported, not waited for."""
    box: list[Any] = []

    def go() -> None:
        try:
            box.append(execute(case, env, jitted))
        except BaseException as exc:  # noqa: BLE001 - a harness error, reported as a crash
            box.append(exc)

    thread = threading.Thread(target=go, name=f"libcorpus-{case.name}", daemon=True)
    thread.start()
    thread.join(HANG_S)
    if not box:
        return Outcome(hung=True, error=("hung", f"no return within {HANG_S:g} s"))
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _in_subprocess(case: Case, env: Env, jitted: bool) -> Outcome:
    """`execute` in a child process under the case's RLIMIT_NOFILE (see `_child`)."""
    with tempfile.TemporaryDirectory(prefix="libcorpus-result-") as d:
        result = Path(d) / "outcome.pickle"
        module = (case.fn or case.make).__module__.rsplit(".", 1)[-1]  # type: ignore[union-attr]
        cmd = [sys.executable, "-m", "tests.xcs.libcorpus._child", module, case.name,
               "jit" if jitted else "plain", json.dumps(env.as_dict()), str(result),
               str(case.rlimit_nofile)]
        try:
            proc = subprocess.run(cmd, cwd=_ROOT, capture_output=True, timeout=HANG_S,
                                  text=True)
        except subprocess.TimeoutExpired:
            return Outcome(hung=True, error=("hung", f"no return within {HANG_S:g} s"))
        if not result.exists():
            tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
            return Outcome(error=("child died", f"exit {proc.returncode}: {tail[0]}"))
        return pickle.loads(result.read_bytes())


def _files(tmp: Path) -> dict[str, str]:
    """The files a run left, by relative path: text, or a SQLite database's SQL dump."""
    out = {}
    for path in sorted(p for p in tmp.rglob("*") if p.is_file()):
        rel = path.relative_to(tmp).as_posix()
        data = path.read_bytes()
        if data.startswith(b"SQLite format 3"):
            with contextlib.closing(sqlite3.connect(path)) as conn:
                out[rel] = "\n".join(conn.iterdump())
        elif rel.endswith(("-journal", "-wal", "-shm")):
            continue  # SQLite's own bookkeeping; the database's dump says what matters
        else:
            out[rel] = data.decode(errors="replace")
    return out


def run_case(case: Case, jitted: bool) -> Outcome:
    """One run of `case` (plain or jitted) against fresh servers in a fresh directory."""
    tmp = Path(tempfile.mkdtemp(prefix=f"libcorpus-{case.name}-"))
    servers = _Servers(case)
    try:
        env = servers.env(tmp)
        run = _in_subprocess if case.rlimit_nofile else _in_thread
        outcome = run(case, env, jitted)
        time.sleep(0.01)  # a request the run left in flight reaches the log, as a server sees it
        outcome.requests, outcome.max_in_flight = servers.snapshot()
        outcome.files = _files(tmp)
    finally:
        servers.close()
        shutil.rmtree(tmp, ignore_errors=True)
    _scrub(outcome, _placeholders(env))
    return outcome


# --------------------------------------------------------------------------- scrubbing


def _placeholders(env: Env) -> dict[str, str]:
    subs = {str(env.tmp): "<tmp>", os.path.realpath(env.tmp): "<tmp>"}
    for url, name in ((env.web, "<web>"), (env.api, "<api>")):
        if url:
            subs[url] = name
            subs[url.removeprefix("http://")] = name
            subs[f"port={url.rsplit(':', 1)[1]}"] = f"port={name}"  # urllib3's messages
    if env.tcp[1]:
        subs[f"{env.tcp[0]}:{env.tcp[1]}"] = "<tcp>"
        subs[repr(env.tcp)] = "<tcp>"
        subs[f"port={env.tcp[1]}"] = "port=<tcp>"
    return subs


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _scrub_text(text: str, subs: dict[str, str]) -> str:
    for old in sorted(subs, key=len, reverse=True):
        text = text.replace(old, subs[old])
    return _ADDRESS.sub(" at 0x...", text)  # object reprs name their address


def _scrub_value(value: Any, subs: dict[str, str]) -> Any:
    if type(value) is str:
        return _scrub_text(value, subs)
    if type(value) in (list, tuple):
        return type(value)(_scrub_value(v, subs) for v in value)
    if type(value) is Raised:
        return Raised(value.type, _scrub_text(value.message, subs))
    if type(value) is dict:
        return {_scrub_value(k, subs): _scrub_value(v, subs) for k, v in value.items()}
    return value


def _scrub(o: Outcome, subs: dict[str, str]) -> None:
    o.value = _scrub_value(o.value, subs)
    if o.error is not None:
        o.error = (o.error[0], _scrub_text(o.error[1], subs))
    o.stdout = _scrub_text(o.stdout, subs)
    o.logs = [(n, lvl, _scrub_text(m, subs)) for n, lvl, m in o.logs]
    o.warned = [_scrub_text(w, subs) for w in o.warned]
    o.requests = {name: [Entry(e.method, _scrub_text(e.path, subs), _scrub_text(e.body, subs),
                               e.write, e.at) for e in log]
                  for name, log in o.requests.items()}


# --------------------------------------------------------------------------- judging


def same(a: Any, b: Any, path: str = "value") -> str | None:
    """Where `a` and `b` first differ in value or type, or None when they are the same."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, list | tuple):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            hit = same(x, y, f"{path}[{i}]")
            if hit:
                return hit
        return None
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)!r} vs {list(b)!r}"
        for k in a:
            hit = same(a[k], b[k], f"{path}[{k!r}]")
            if hit:
                return hit
        return None
    try:
        equal = bool(a == b)
    except Exception:  # noqa: BLE001 - an object that cannot compare is judged by repr
        equal = repr(a) == repr(b)
    return None if equal else f"{path}: {_short(a)} vs {_short(b)}"


def _clip(text: str, n: int = 200) -> str:
    """A long message's head and tail (urllib3 puts the cause at the end)."""
    return text if len(text) <= n else f"{text[: n // 2]} ... {text[-n // 2:]}"


def _short(v: Any, n: int = 60) -> str:
    text = repr(v)
    return text if len(text) <= n else text[: n - 3] + "..."


def _segments(log: list[Entry]) -> list[tuple[Counter, tuple[str, str, str] | None]]:
    """The log as (reads since the last write, the next write) pairs; the last write None."""
    out, reads = [], Counter()
    for e in log:
        key = (e.method, e.path, e.body)
        if e.write:
            out.append((reads, key))
            reads = Counter()
        else:
            reads[key] += 1
    out.append((reads, None))
    return out


def _show(key: tuple[str, str, str] | None) -> str:
    if key is None:
        return "the end"
    method, path, body = key
    return f"{method} {path}" + (f" {body[:40]!r}" if body else "")


def compare_requests(name: str, plain: list[Entry], jitted: list[Entry],
                     speculative_reads: bool) -> str | None:
    """Writes in order, reads between writes as a multiset; None when the logs agree."""
    a, b = _segments(plain), _segments(jitted)
    writes_a = [w for _, w in a if w is not None]
    writes_b = [w for _, w in b if w is not None]
    if writes_a != writes_b:
        for i, (x, y) in enumerate(zip(writes_a, writes_b, strict=False)):
            if x != y:
                return f"{name}: write {i + 1} is {_show(y)}, plain sent {_show(x)}"
        return f"{name}: {len(writes_b)} writes, plain sent {len(writes_a)}"
    for (reads_a, before), (reads_b, _) in zip(a, b, strict=True):
        missing, extra = reads_a - reads_b, reads_b - reads_a
        if missing or (extra and not speculative_reads):
            what = [f"missing {_show(k)}" for k in missing.elements()]
            what += [] if speculative_reads else [f"extra {_show(k)}" for k in extra.elements()]
            more = f" (and {len(what) - 3} more)" if len(what) > 3 else ""
            return f"{name}: reads before {_show(before)} differ: {', '.join(what[:3])}{more}"
    return None


def _gaps(log: list[Entry], call_starts: list[float]) -> dict[int, float]:
    """The time between each request and the one before it, within one call."""
    return {i: log[i].at - log[i - 1].at for i in range(1, len(log))
            if not any(log[i - 1].at < t <= log[i].at for t in call_starts)}


def _spacing(name: str, plain: Outcome, jitted: Outcome, gap: float) -> str | None:
    """The first two requests of one call that arrived closer together than `gap`.

    A pair the plain run itself sent closer (a busy machine delays one send more than
    the next) is held to the plain run's gap instead: the JIT must not narrow it.
    """
    before = _gaps(plain.requests.get(name, []), plain.call_starts)
    for i, seen in _gaps(jitted.requests.get(name, []), jitted.call_starts).items():
        if seen < 0.9 * min(gap, before.get(i, gap)):
            return (f"{name}: requests {i} and {i + 1} arrived {seen:.3f} s apart; "
                    f"the function sleeps {gap:g} s between them")
    return None


def _call_crash(case: Case, plain: Any, jitted: Any) -> str | None:
    """In a several-call case, the first call that raised under jit but not plain."""
    if case.calls == 1 or type(plain) is not list or type(jitted) is not list:
        return None
    for i, (p, j) in enumerate(zip(plain, jitted, strict=False)):
        if isinstance(j, Raised) and not isinstance(p, Raised):
            return f"call {i + 1} raised {j.type}: {_clip(j.message)}"
    return None


def judge(case: Case, plain: Outcome, jitted: Outcome) -> Verdict:
    """Compare the jitted run with the plain one."""
    diffs: list[str] = []
    crash = None
    if jitted.hung:
        crash = "hung"
    elif jitted.error and not plain.error:
        crash = f"raised {jitted.error[0]}: {_clip(jitted.error[1])}"
    elif plain.error != jitted.error:
        diffs.append(f"exception: {plain.error} vs {jitted.error}")
    elif not plain.error:
        crash = _call_crash(case, plain.value, jitted.value)
        hit = None if crash else same(plain.value, jitted.value)
        if hit:
            diffs.append(hit)
    if plain.stdout != jitted.stdout:
        diffs.append(f"stdout: {_short(plain.stdout)} vs {_short(jitted.stdout)}")
    if plain.logs != jitted.logs:
        diffs.append(f"log records: {_short(plain.logs)} vs {_short(jitted.logs)}")
    for name in sorted(set(plain.requests) | set(jitted.requests)):
        hit = compare_requests(name, plain.requests.get(name, []),
                               jitted.requests.get(name, []), case.speculative_reads)
        if hit:
            diffs.append(hit)
        if case.spacing:
            hit = _spacing(name, plain, jitted, case.spacing)
            if hit:
                diffs.append(hit)
    if plain.files != jitted.files:
        names = sorted(n for n in set(plain.files) | set(jitted.files)
                       if plain.files.get(n) != jitted.files.get(n))
        diffs.append(f"files differ: {', '.join(names)}")
    if case.warns and not jitted.warned:
        diffs.append("no warning: a function without source must say it runs as written")
    return Verdict(case, plain, jitted, diffs, crash)


def check(case: Case, *, fresh: bool = True) -> Verdict:
    """Run `case` plain, then jitted, and judge.

    `fresh` forgets the JIT's caches before each run, as a new process would: the report's
    figures count summarising the libraries again. The tests keep them, as a long-running
    process does, which saves that CPU in every case after the first.
    """
    if fresh:
        lowlevel.reset()
    plain = run_case(case, jitted=False)
    if fresh:
        lowlevel.reset()
    jitted = run_case(case, jitted=True)
    return judge(case, plain, jitted)


def run_all(cases: list[Case], on_verdict: Callable[[Verdict], None] | None = None
            ) -> list[Verdict]:
    verdicts = []
    for case in cases:
        v = check(case)
        verdicts.append(v)
        if on_verdict is not None:
            on_verdict(v)
    return verdicts
