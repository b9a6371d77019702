"""`ember demo`: the JIT on three shapes of program, offline, on the simulated models.

An ensemble with a judge (independent calls: the JIT overlaps them), a chain (each call
needs the last: nothing to overlap, so the JIT runs it as written) and a CPU-bound
function (threads cannot help: run as written). Each runs plain and jitted, with the
critical-path bound, and the ensemble's explanation. The timeline of what ran at the same
time, with the operation graph, is written to ``ember-out/demo-timeline.html`` (and
``.png`` when matplotlib is installed).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ember import xcs
from ember.cli import CLIError
from ember.models import models

LATENCY = 0.3  # seconds per simulated call


def ensemble(question: str) -> str:
    """Three models answer independently; a judge picks the best."""
    a = models("sim/alpha", question, latency=LATENCY)
    b = models("sim/beta", question, latency=LATENCY)
    c = models("sim/gamma", question, latency=LATENCY)
    return models("sim/judge", f"Pick the best answer to {question!r}: {a} | {b} | {c}",
                  latency=LATENCY)


def chain(question: str) -> str:
    """Draft, critique, revise: each step needs the previous one."""
    draft = models("sim/writer", question, latency=LATENCY)
    critique = models("sim/critic", f"Critique: {draft}", latency=LATENCY)
    return models("sim/writer", f"Revise {draft} given {critique}", latency=LATENCY)


def cpu_bound(n: int) -> int:
    """Pure Python arithmetic: holds the GIL, nothing to overlap."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def _timed(fn: Callable[..., Any], *args: Any, reps: int = 1) -> tuple[Any, float]:
    """The result and the best wall time of `reps` runs."""
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return out, best


def run(show_explain: bool = True) -> list[dict[str, Any]]:
    """Run the three programs plain and jitted; return one row of figures per program."""
    cases = [
        ("ensemble (3 models + judge)", ensemble, ("What is a compound AI system?",),
         2 * LATENCY),
        ("chain (draft, critique, revise)", chain, ("Explain caching.",), 3 * LATENCY),
        ("cpu-bound (pure Python loop)", cpu_bound, (300_000,), None),
    ]
    rows = []
    for name, fn, args, bound in cases:
        jitted = xcs.jit(fn)
        reps = 1 if bound else 5  # CPU timings are short and noisy: best of five
        plain_out, plain_s = _timed(fn, *args, reps=reps)
        jit_out, jit_s = _timed(jitted, *args, reps=reps)
        if plain_out != jit_out:
            raise AssertionError(f"{name}: jitted result differs from the plain result")
        if bound is None:
            bound = plain_s
        rows.append({"program": name, "plain_s": plain_s, "jit_s": jit_s,
                     "bound_s": bound, "strategy": xcs.explain(jitted).strategy,
                     "explain": xcs.explain(jitted)})
    print(f"{'program':<34} {'plain':>8} {'jit':>8} {'bound':>8} {'speedup':>8} "
          f"{'jit/bound':>9}  strategy")
    for r in rows:
        print(f"{r['program']:<34} {r['plain_s']:>7.3f}s {r['jit_s']:>7.3f}s "
              f"{r['bound_s']:>7.3f}s {r['plain_s'] / r['jit_s']:>7.2f}x "
              f"{r['jit_s'] / r['bound_s']:>8.2f}x  {r['strategy']}")
    if show_explain:
        print()
        print(rows[0]["explain"].to_text())
        print()
        print(rows[1]["explain"].to_text())
    return rows


def write_pictures(rows: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Write the timeline and graph of the programs with I/O: HTML always, PNG if possible."""
    from ember import viz

    explanations = [r["explain"] for r in rows if r["explain"].plan.sites]
    notes = [f"{r['program']}: plain {r['plain_s']:.3f} s, jit {r['jit_s']:.3f} s, "
             f"critical-path bound {r['bound_s']:.3f} s ({r['strategy']})" for r in rows]
    title = "ember demo: what the JIT ran at the same time"
    paths = [viz.write_html(explanations, out_dir / "demo-timeline.html", title, notes)]
    if viz.have_matplotlib():
        paths.append(viz.write_png(explanations, out_dir / "demo-timeline.png"))
    return paths


def _main(args: argparse.Namespace) -> int:
    global LATENCY
    if not 0 < args.latency <= 10:
        raise CLIError(f"--latency {args.latency:g}: give seconds per simulated call, "
                       "more than 0 and at most 10 (e.g. --latency 0.3)")
    LATENCY = args.latency  # read by the demo programs when they run
    print("Ember demo: simulated models (sim/*), no keys, "
          f"{LATENCY:g} s per call.\n")
    rows = run(show_explain=not args.quiet)
    paths = write_pictures(rows, args.out)
    print()
    for path in paths:
        print(f"timeline picture: {path}")
    if len(paths) == 1:
        print("(for a PNG as well: pip install 'ember[plot]')")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the JIT demo on simulated models (offline)",
                       description=__doc__)
    p.add_argument("--quiet", action="store_true", help="only the table, no explanations")
    p.add_argument("--out", type=Path, default=Path("ember-out"), metavar="DIR",
                   help="folder for the timeline picture (default: %(default)s)")
    p.add_argument("--latency", type=float, default=LATENCY, metavar="S",
                   help="seconds per simulated model call (default: %(default)s)")
    p.set_defaults(func=_main)
