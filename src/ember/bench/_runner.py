"""Find and run the benchmarks shipped in `ember.bench`, for `ember bench` and ``python -m``.

A benchmark is a public module of this package with ``main(argv) -> results``. They ship
inside the package so `ember bench` works from an installed wheel, from any folder.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ember._errors import UnknownBenchmark

__all__ = ["discover", "markdown_table", "options", "report", "run", "select"]


def discover() -> list[str]:
    """Names of the benchmark modules: the package's public modules, sorted.

    Examples:
        >>> "jit_bench" in discover()
        True
    """
    package = sys.modules[__package__ or "ember.bench"]
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                  if not m.name.startswith("_") and not m.ispkg)


def select(names: Sequence[str], available: Sequence[str]) -> list[str]:
    """The modules `names` ask for: each an exact module name or a unique prefix of one.

    Raises:
        UnknownBenchmark: naming the argument that matches no module, or several.

    Examples:
        >>> select(["jit"], ["eval_bench", "jit_bench"])
        ['jit_bench']
    """
    if not names:
        return list(available)
    chosen: list[str] = []
    for name in names:
        hits = [name] if name in available else [m for m in available if m.startswith(name)]
        if len(hits) != 1:
            what = "matches no benchmark" if not hits else f"is ambiguous ({', '.join(hits)})"
            raise UnknownBenchmark(f"{name!r} {what}; available: {', '.join(available)}. "
                                   "Fix: give a name or a unique prefix from that list.")
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return chosen


def run(chosen: Sequence[str], options: Sequence[str], *,
        tracebacks: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Run each chosen benchmark's ``main(options)`` in turn; a failure does not stop the rest.

    Args:
        chosen: module names (from `select`).
        options: arguments passed to every ``main`` (e.g. ``["--quick"]``).
        tracebacks: print a failing benchmark's traceback, not only its one-line error.

    Returns:
        ``(results, failed)``: what each ``main`` returned, by name, and the names that failed.
    """
    results: dict[str, Any] = {}
    failed: list[str] = []
    for name in chosen:
        print(f"\n## {__package__}.{name}\n", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"{__package__}.{name}")
            results[name] = module.main(list(options))
        except SystemExit as exc:  # argparse rejecting the options, or an explicit exit
            if exc.code not in (None, 0):
                print(f"{__package__}.{name} exited with {exc.code!r}", file=sys.stderr)
                failed.append(name)
        except Exception as exc:  # noqa: BLE001 - report it and run the others
            if tracebacks:
                traceback.print_exc()
            print(f"{__package__}.{name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed.append(name)
        print(f"\n({__package__}.{name}: {time.perf_counter() - t0:.1f} s)", flush=True)
    return results, failed


def report(results: dict[str, Any], tables: str, out: Path) -> None:
    """Print a benchmark's `tables` and write its `results` as JSON to `out` (folders made)."""
    print(tables)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults written to {out}")


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[object]], *,
                   right: int = 0) -> str:
    """A Markdown table of `rows` under `columns`; the last `right` columns align right.

    Examples:
        >>> print(markdown_table(["case", "wall"], [["a", "1.0 s"]], right=1))
        | case | wall |
        |---|---:|
        | a | 1.0 s |
    """
    rule = "|" + "---|" * (len(columns) - right) + "---:|" * right
    return "\n".join([_row(columns), rule, *map(_row, rows)])


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(map(str, cells)) + " |"


def options(prog: str, doc: str, out: Path, quick: str) -> argparse.ArgumentParser:
    """A benchmark's command line: ``--quick`` (what it makes smaller: `quick`) and
    ``--out PATH`` (default `out`); the benchmark adds its own options."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=quick)
    parser.add_argument("--out", type=Path, default=out, help="JSON results file")
    return parser
