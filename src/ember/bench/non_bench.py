"""NON graphs and batches on the scheduler, against their critical paths.

Workloads (simulated models, ``latency=`` seconds per call, in process):

1. ``5E+1J``: ``build_graph(["5E@sim/gpt(latency=L)", "1J@sim/judge(latency=L)"])``. Its
   critical path is two calls (2L); run one call after another it would take 6L. The issue's
   target: wall <= 1.1 x critical path + 50 ms.
2. ``5E+1J (operators)``: the same system written as ``Judge(q, Ensemble(q))``.
3. ``vmap 20``: ``xcs.vmap`` of a 0.2 s model call over 20 queries (critical path: one call).

Each workload runs once to warm up (the event loop starts on first use), then `reps` times;
figures are medians. ``ratio`` is wall / critical path; ``sequential_s`` is the sum of the
calls' latencies (what plain one-by-one code would take), computed rather than run.

Run: ``python -m ember.bench.non_bench [--quick] [--reps N] [--latency S] [--out PATH]`` or
``ember bench non``. Results go to ``ember-out/bench/non.json``.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ember import xcs
from ember.api import models, operators
from ember.bench._runner import markdown_table, options, report
from ember.non import build_graph

__all__ = ["main"]

DEFAULT_OUT = Path("ember-out") / "bench" / "non.json"
TARGET_FACTOR = 1.1
TARGET_SLACK_S = 0.05


def _time(fn: Callable[[], Any], reps: int) -> list[float]:
    fn()  # warm-up: starts the shared event loop and the providers
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _row(title: str, samples: list[float], bound: float, sequential: float) -> dict[str, Any]:
    wall = statistics.median(samples)
    target = TARGET_FACTOR * bound + TARGET_SLACK_S
    return {
        "title": title,
        "wall_s": round(wall, 4),
        "min_s": round(min(samples), 4),
        "max_s": round(max(samples), 4),
        "critical_path_s": bound,
        "ratio": round(wall / bound, 3),
        "target_s": round(target, 4),
        "meets_target": wall <= target,
        "sequential_s": sequential,
        "speedup_vs_sequential": round(sequential / wall, 2),
        "samples": [round(s, 4) for s in samples],
    }


def run(latency: float, reps: int) -> dict[str, Any]:
    """Measure every workload; return the results as a dict."""
    system = build_graph([f"5E@sim/gpt(latency={latency})", f"1J@sim/judge(latency={latency})"])
    ensemble = operators.Ensemble("sim/gpt", n=5, latency=latency)
    judge = operators.Judge("sim/judge", latency=latency)
    binding = models.instance("sim/gpt", latency=latency)
    batch = [f"question {i}" for i in range(20)]
    query = "Why is the sky blue?"

    rows = {
        "non_5e_1j": _row("5E+1J (build_graph)", _time(lambda: system(query=query), reps),
                          2 * latency, 6 * latency),
        "ops_5e_1j": _row("5E+1J (Ensemble, Judge)",
                          _time(lambda: judge(query, ensemble(query)), reps),
                          2 * latency, 6 * latency),
        "vmap_20": _row("vmap of 20 calls", _time(lambda: xcs.vmap(binding)(batch), reps),
                        latency, 20 * latency),
    }
    return {
        "meta": {"latency_s": latency, "reps": reps, "python": sys.version.split()[0],
                 "platform": platform.platform(),
                 "target": f"wall <= {TARGET_FACTOR} x critical path + "
                           f"{TARGET_SLACK_S * 1e3:.0f} ms"},
        "workloads": rows,
        "explain": system.explain().to_text(),
    }


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table."""
    columns = ["workload", "wall (median)", "critical path", "ratio", "target", "sequential",
               "speedup"]
    return markdown_table(columns, (
        [row["title"], f"{row['wall_s'] * 1e3:.1f} ms", f"{row['critical_path_s'] * 1e3:.0f} ms",
         f"{row['ratio']:.3f}x",
         f"<= {row['target_s'] * 1e3:.0f} ms ({'ok' if row['meets_target'] else 'MISSED'})",
         f"{row['sequential_s'] * 1e3:.0f} ms", f"{row['speedup_vs_sequential']:.2f}x"]
        for row in results["workloads"].values()))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print a table, write the JSON results; return them."""
    parser = options("non_bench", __doc__, DEFAULT_OUT, "few repetitions (CI smoke run)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 10; 3 quick)")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per call")
    args = parser.parse_args(argv)
    reps = args.reps if args.reps is not None else (3 if args.quick else 10)
    results = run(args.latency, reps)
    results["meta"]["quick"] = args.quick
    report(results, f"{table(results)}\n\n{results['explain']}", args.out)
    return results


if __name__ == "__main__":
    main()
