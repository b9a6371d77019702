"""`ember bench`: run the benchmarks and print their tables, then one summary table.

The benchmarks ship in the package (`ember.bench`: ``jit_bench``, `xcs.jit` against plain
code, threads and asyncio; ``models_concurrency``, 1,000 concurrent model calls against raw
aiohttp; ...), so this command works from an installed wheel in any folder. Each prints its
own tables; the summary at the end (also written to ``ember-out/bench/summary.md``) is the
performance table in the README. Every figure is a median of repetitions in the same run,
and every ratio is taken between figures of the same run.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path
from typing import Any

from ember.cli import CLIError, add_command

__all__ = ["register", "render_summary"]

SUMMARY = Path("ember-out") / "bench" / "summary.md"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember bench`."""
    p = add_command(subparsers, "bench", "run the benchmarks and print a summary table",
                    __doc__, _run)
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="benchmarks to run (a module name or a unique prefix; default: all)")
    p.add_argument("--quick", action="store_true",
                   help="smaller sizes and fewer repetitions (a smoke run, well under a minute)")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--summary", type=Path, default=SUMMARY, metavar="PATH",
                   help="where to write the summary table (default: %(default)s)")


def _run(args: argparse.Namespace) -> int:
    from ember import bench
    from ember._errors import UnknownBenchmark

    available = bench.discover()
    if args.list:
        print("\n".join(available))
        return 0
    try:
        chosen = bench.select(args.names, available)
    except UnknownBenchmark as exc:
        raise CLIError(str(exc)) from None
    t0 = time.perf_counter()
    results, failed = bench.run(chosen, ["--quick"] if args.quick else [])
    summary = render_summary(results, quick=args.quick, seconds=time.perf_counter() - t0)
    print("\n## summary\n")
    print(summary)
    args.summary.parent.mkdir(parents=True, exist_ok=True)
    args.summary.write_text(summary + "\n", encoding="utf-8")
    print(f"\n(summary written to {args.summary})")
    if failed:
        print(f"ember: benchmark(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f} s"


def _x(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}x"


def render_summary(results: dict[str, Any], quick: bool = False,
                   seconds: float | None = None) -> str:
    """The README's performance table, from what the benchmarks' ``main()`` returned.

    Args:
        results: ``{"jit_bench": <its results dict>, "models_concurrency": <its summary>}``
            (either may be missing).
        quick: whether the run used ``--quick``.
        seconds: how long the run took.

    Examples:
        >>> print(render_summary({}))  # doctest: +ELLIPSIS
        Measured with `ember bench` ...
    """
    how = "`ember bench --quick`" if quick else "`ember bench`"
    took = f", {seconds:.0f} s" if seconds is not None else ""
    lines = [f"Measured with {how} (Python {platform.python_version()}, "
             f"{platform.system()} {platform.machine()}{took}). Medians of repeated runs."]
    jit = results.get("jit_bench")
    if jit:
        lines += [
            "",
            "| workload | plain | jit, first call | jit | threads by hand | asyncio by hand "
            "| critical path | speedup | jit / critical path |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in jit["workloads"].values():
            plain = _s(row["plain_s"]) + (" (computed)" if row.get("plain_computed") else "")
            bound = "= plain" if row.get("bound_is_plain") else _s(row["bound_s"])
            lines.append(
                f"| {row['title']} | {plain} | {_s(row['jit_first_s'])} | "
                f"{_s(row['jit_warm_s'])} | {_s(row.get('threads_s'))} | "
                f"{_s(row.get('asyncio_s'))} | {bound} | {_x(row.get('speedup'))} | "
                f"{_x(row.get('jit_over_bound'))} |")
        o = jit["direct_overhead"]
        lines += ["", f"Nothing to overlap (`f(x) = x + 1`): the jitted function costs "
                      f"{o['added_ns']:.0f} ns more per call ({o['plain_ns']:.0f} ns plain, "
                      f"{o['jit_ns']:.0f} ns jitted); its first call (analysis and plan) "
                      f"takes {o['first_call_us']:.0f} us."]
    models = results.get("models_concurrency")
    if models:
        lines += ["", f"1,000 concurrent `models.acall` against raw aiohttp, a simulator "
                      f"server each (same settings): wall {models['models_wall']:.3f} s vs {models['raw_wall']:.3f} s "
                      f"({_x(models['wall_ratio'])}), client CPU {_x(models['cpu_ratio'])}."]
        by_n = models.get("by_n") or {}
        if len(by_n) > 1:  # default settings, each side in a fresh process, one run
            lines[-1] += " Wall by N (default settings, each side in a fresh process): " + \
                ", ".join(f"{int(n):,}: {_x(r['wall_ratio'])}" for n, r in by_n.items()) + "."
    return "\n".join(lines)

