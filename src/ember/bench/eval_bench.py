"""Evaluation throughput: 1,000 items of a 5-ensemble + judge system, capped at 200 calls.

Each item runs five ensemble calls at once and then one judge call over their answers
(6 calls, critical path 2 calls), on the simulator with 100 ms latency. `evaluate` runs
the items with at most 200 model calls in flight and commits each item's record to a
SQLite file as it finishes. The bound for a run is

    max(critical path, calls x latency / cap) = max(0.2 s, 6,000 x 0.1 s / 200) = 3.0 s

and the figure of merit is wall / bound (target <= 1.2 in one process). It is a lower
bound, met only with 200 calls in flight from the first moment to the last: a schedule that
admits each item's judge first (as `evaluate` does) leaves the last 0.1 s to the last
items' judges, so even on an idle machine a run ends a little above it. Each row also
gives the CPU time of this process (the driver's, in the Ray rows), of the processes it
started (Linux only: Ray's workers, raylet and GCS; the simulator server apart), their
sum over what the machine's CPUs give in the run's wall (when it nears 1, the row is
bound by CPU, not by the schedule) and, over HTTP, the most calls the server had in
flight at once (the cap: 200). On a machine whose CPUs other jobs also use, wall / bound
grows with the load: report it with the load average beside it. Variants:

- ``local/sim NON``: the system in NON notation (``5E@sim/gpt,1J@sim/judge``), in-process
  simulated models;
- ``local/sim fn``: the same system as a plain ``async def`` with `models.acall`;
- ``local/http fn``: the function against the simulator server in a subprocess
  (`SimServerProcess`), over real HTTP;
- ``ray/sim`` and ``ray/http``: the NON system on a local Ray cluster (127.0.0.1 only)
  with 2 workers, each capped at 100 calls. The ``first run`` row's wall includes starting
  the workers (Ray's actors in its idle processes, which import Ember as the cluster
  starts); the driver runs items itself until they are up. Later runs on the cluster reuse
  them. The cluster's own start is timed apart.

Run: ``python -m ember.bench.eval_bench [--quick] [--no-local] [--no-ray] [--no-http]`` or
``ember bench eval``.
Results go to ``ember-out/bench/eval.json``.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ember.api import eval, models
from ember.bench._runner import markdown_table, options, report
from ember.sim import SimConfig, SimServerProcess

DEFAULT_OUT = Path("ember-out") / "bench" / "eval.json"
ENDPOINT = "evalbench"


@dataclass(frozen=True)
class Size:
    items: int
    ensemble: int
    latency: float
    cap: int
    reps: int

    @property
    def calls(self) -> int:
        return self.items * (self.ensemble + 1)

    @property
    def bound(self) -> float:
        return max(2 * self.latency, self.calls * self.latency / self.cap)


FULL = Size(items=1000, ensemble=5, latency=0.1, cap=200, reps=3)
QUICK = Size(items=200, ensemble=5, latency=0.05, cap=100, reps=1)


def ensemble_judge(prefix: str, size: Size) -> Callable[[str], Any]:
    """The 5E+1J system as a plain async function (the form used without `ember.non`)."""
    latency = {"latency": size.latency} if prefix == "sim" else {}

    async def system(question: str) -> str:
        drafts = await asyncio.gather(*[
            models.acall(f"{prefix}/gpt", question, temperature=0.7, seed=i, **latency)
            for i in range(size.ensemble)])
        listing = "\n".join(f"{i + 1}. {d}" for i, d in enumerate(drafts))
        return await models.acall(f"{prefix}/judge", f"Question: {question}\nPick the best:\n"
                                  f"{listing}", temperature=0, **latency)

    return system


def non_system(prefix: str, size: Size) -> Any:
    """The same system in NON notation, or the plain function when `ember.non` is missing."""
    try:
        from ember.non import build_graph
    except ImportError:
        return ensemble_judge(prefix, size)
    lat = f"latency={size.latency}, " if prefix == "sim" else ""
    return build_graph([f"{size.ensemble}E@{prefix}/gpt({lat}temperature=0.7)",
                        f"1J@{prefix}/judge({lat}temperature=0)"])


def rows(size: Size) -> list[dict[str, str]]:
    return [{"question": f"Item {i}: what is {i} + {i}?", "answer": str(2 * i)}
            for i in range(size.items)]


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children() -> dict[int, list[int]]:
    """pid -> its child pids, from ``/proc`` (empty where there is none)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:  # ended meanwhile
            continue
        kids.setdefault(parent, []).append(int(entry))
    return kids


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a live process has used; 0 for one that is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def child_cpu(server: int | None) -> dict[str, float] | None:
    """CPU seconds so far of the processes this one started, in two groups: the simulator
    server's tree (pid `server`) and the others (Ray's). None without ``/proc``."""
    if not os.path.isdir("/proc"):
        return None
    kids = _children()
    out = {"server": 0.0, "others": 0.0}
    todo = [(pid, "server" if pid == server else "others") for pid in kids.get(os.getpid(), ())]
    while todo:
        pid, group = todo.pop()
        out[group] += _cpu_s(pid)
        todo.extend((kid, group) for kid in kids.get(pid, ()))
    return out


def run_variant(name: str, system: Any, size: Size, workdir: Path,
                http: _HTTPSimulator | None = None, **options: Any) -> dict:
    """Run `system` `size.reps` times; the median wall, this process's CPU (the driver's, in a
    Ray row), its child processes' CPU (Ray's, and the server's) and, over `http`, the most
    calls the server had in flight at once."""
    walls, cpus, peaks, summaries = [], [], [], []
    others: list[dict[str, float]] = []
    server = None if http is None else http.server.pid
    for rep in range(size.reps):
        record = workdir / f"{name.replace('/', '_').replace(' ', '_')}-{rep}.db"
        if http is not None:
            http.server.reset_stats()
        before = child_cpu(server)
        t0, c0 = time.perf_counter(), time.process_time()
        result = eval.evaluate(system, rows(size), "numeric", max_items_in_flight=size.cap,
                               record=str(record), progress=False, **options)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        after = child_cpu(server)
        if before is not None and after is not None:
            others.append({k: after[k] - before[k] for k in after})
        summaries.append(result.summary)
        if http is not None:
            stats = http.server.stats()
            assert stats["requests"] == size.calls, (name, stats["requests"])  # one per call
            peaks.append(stats["max_in_flight"])
    s = summaries[-1]
    assert s.items == size.items and s.errors == 0, (name, s.errors)
    assert s.calls == size.calls, (name, s.calls)
    wall = statistics.median(walls)
    print(f"  {name}: {wall:.2f} s", file=sys.stderr, flush=True)
    cpu = {"driver_cpu_s": statistics.median(cpus), "ray_cpu_s": None, "server_cpu_s": None,
           "cpu_share": None}
    if others:
        cpu["ray_cpu_s"] = statistics.median(o["others"] for o in others)
        cpu["server_cpu_s"] = statistics.median(o["server"] for o in others)
        cpu["cpu_share"] = statistics.median(
            (c + o["others"] + o["server"]) / ((os.cpu_count() or 1) * w)
            for c, o, w in zip(cpus, others, walls, strict=True))
    return {"wall_s": wall, "walls_s": walls, "bound_s": size.bound,
            "wall_over_bound": wall / size.bound, "calls": s.calls,
            "item_latency_p50_s": s.latency_p50_s, "item_latency_p99_s": s.latency_p99_s,
            "tokens": s.total_tokens, **cpu,
            "server_max_in_flight": max(peaks) if peaks else None}


class _HTTPSimulator:
    """The simulator server in a subprocess, configured as endpoint ``evalbench``."""

    def __init__(self, latency: float, workdir: Path) -> None:
        self.server = SimServerProcess(SimConfig(latency=latency)).start()
        self.config = workdir / "config.toml"
        self.config.write_text(f'[endpoints.{ENDPOINT}]\nwire = "openai"\n'
                               f'base_url = "{self.server.openai_base_url}"\n'
                               "max_calls_in_flight = 1024\n")
        self.saved = os.environ.get("EMBER_CONFIG")
        os.environ["EMBER_CONFIG"] = str(self.config)

    def close(self) -> None:
        if self.saved is None:
            os.environ.pop("EMBER_CONFIG", None)
        else:
            os.environ["EMBER_CONFIG"] = self.saved
        self.server.close()


def run_ray(size: Size, workdir: Path, http: _HTTPSimulator | None) -> dict[str, Any]:
    """The Ray rows on one local cluster, whose start is timed apart.

    The first evaluation starts the 2 workers inside its call (its wall includes their
    start: the ``first run`` row); the others reuse them, as every later run on a cluster
    does (the median of ``reps`` runs)."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return {"skipped": "the `ray` extra is not installed"}
    from ember.ray import RayCluster, outside_loopback

    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    with RayCluster(num_cpus=2) as cluster:
        out["cluster_start_s"] = time.perf_counter() - t0
        assert cluster.started
        first = Size(**{**size.__dict__, "reps": 1})
        out["ray/sim NON, first run"] = run_variant(
            "ray/sim NON, first run", non_system("sim", size), first, workdir, backend="ray",
            workers=2)
        out["non_loopback_listeners"] = [str(x) for x in outside_loopback()]
        out["ray/sim NON"] = run_variant("ray/sim NON", non_system("sim", size), size, workdir,
                                         backend="ray", workers=2)
        out["worker_start_s"] = (out["ray/sim NON, first run"]["wall_s"]
                                 - out["ray/sim NON"]["wall_s"])
        if http is not None:
            out["ray/http NON"] = run_variant("ray/http NON", non_system(ENDPOINT, size), size,
                                              workdir, http, backend="ray", workers=2)
    return out


def _seconds(value: float | None) -> str:
    return "-" if not value else f"{value:.2f} s"


def render(results: dict[str, Any]) -> str:
    size = results["meta"]["size"]
    lines = [
        f"### evaluate: {size['items']:,} items x {size['ensemble']}E+1J, "
        f"{size['latency'] * 1000:.0f} ms latency, cap {size['cap']} "
        f"({'quick' if results['meta']['quick'] else 'full'}, median of {size['reps']})",
        "",
        f"load average (1 min) {results['meta']['load_avg_start'][0]:.1f} at the start, "
        f"{results['meta']['load_avg_end'][0]:.1f} at the end, on {results['meta']['cpus']} CPUs",
        "",
        f"bound = max(critical path {2 * size['latency']:.2f} s, {size['items'] * (size['ensemble'] + 1):,} "
        f"calls x {size['latency']} s / {size['cap']}) = {results['meta']['bound_s']:.2f} s",
        "",
        markdown_table(
            ["variant", "wall", "wall / bound", "item p50", "item p99", "driver CPU",
             "Ray CPU", "server CPU", "CPU / (CPUs x wall)", "calls in flight (server, max)"],
            ([name, f"skipped: {row['skipped']}", *[""] * 8] if "skipped" in row else
             [name, f"{row['wall_s']:.2f} s", f"{row['wall_over_bound']:.2f}x",
              f"{row['item_latency_p50_s']:.2f} s", f"{row['item_latency_p99_s']:.2f} s",
              f"{row['driver_cpu_s']:.2f} s", _seconds(row["ray_cpu_s"]),
              _seconds(row["server_cpu_s"]),
              "-" if row["cpu_share"] is None else f"{row['cpu_share']:.2f}",
              "-" if row["server_max_in_flight"] is None else str(row["server_max_in_flight"])]
             for name, row in results["variants"].items()), right=9),
    ]
    ray = results.get("ray", {})
    if "cluster_start_s" in ray:
        lines += ["", f"Ray: local cluster start {ray['cluster_start_s']:.1f} s (not in any row); "
                      "the first run's wall includes starting the 2 workers (it took "
                      f"{ray['worker_start_s']:.2f} s more than a run that reuses them); "
                      f"non-loopback listeners: {ray['non_loopback_listeners'] or 'none'}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print a markdown table, write the JSON results and return them.

    Args:
        argv: command-line arguments (default: ``sys.argv[1:]``): ``--quick`` (200 items,
            50 ms, cap 100, one repetition), ``--no-local`` (the Ray rows alone, with the
            simulator server they need), ``--no-ray``, ``--no-http``, ``--out PATH``.

    Returns:
        ``meta`` (sizes and bound), ``variants`` (wall, wall / bound, item latency per
        variant) and ``ray`` (cluster and worker start times, listeners).
    """
    parser = options("eval_bench", __doc__, DEFAULT_OUT, "a small run (CI smoke test)")
    parser.add_argument("--no-local", action="store_true",
                        help="skip the variants that run in this process alone")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray variants")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP simulator variants")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    size = QUICK if args.quick else FULL

    t0 = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {"quick": args.quick, "size": size.__dict__, "bound_s": size.bound,
                 "python": platform.python_version(), "platform": platform.platform(),
                 "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                 "load_avg_start": os.getloadavg()},
        "variants": {},
    }
    variants = results["variants"]
    with tempfile.TemporaryDirectory(prefix="ember-eval-bench-") as tmp:
        workdir = Path(tmp)
        if args.no_local:
            variants["local"] = {"skipped": "--no-local"}
        else:
            variants["local/sim NON"] = run_variant("local/sim NON", non_system("sim", size),
                                                    size, workdir)
            variants["local/sim fn"] = run_variant("local/sim fn", ensemble_judge("sim", size),
                                                   size, workdir)
        http = None if args.no_http else _HTTPSimulator(size.latency, workdir)
        try:
            if http is not None and not args.no_local:
                variants["local/http fn"] = run_variant(
                    "local/http fn", ensemble_judge(ENDPOINT, size), size, workdir, http)
            if args.no_ray:
                variants["ray"] = {"skipped": "--no-ray"}
            else:
                ray = run_ray(size, workdir, http)
                if "skipped" in ray:
                    variants["ray"] = ray
                else:
                    variants.update({k: v for k, v in ray.items() if k.startswith("ray/")})
                    results["ray"] = {k: v for k, v in ray.items() if not k.startswith("ray/")}
        finally:
            if http is not None:
                http.close()
    results["meta"]["duration_s"] = time.perf_counter() - t0
    results["meta"]["load_avg_end"] = os.getloadavg()

    report(results, render(results), args.out)
    return results


if __name__ == "__main__":
    main()
