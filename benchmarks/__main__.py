"""Run Ember's benchmarks: every ``benchmarks/<name>.py`` module's ``main()``, in turn.

Usage::

    python -m benchmarks                 # all of them, in name order
    python -m benchmarks jit             # only jit_bench (a name or a unique prefix)
    python -m benchmarks jit --quick     # options after the names go to each main()
    python -m benchmarks --list          # the benchmarks found

A benchmark that fails (or rejects the options) is reported and the others still run; the
exit status is 1 if any failed.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

USAGE = "usage: python -m benchmarks [--list] [NAME ...] [OPTIONS passed to each main()]"


def discover() -> list[str]:
    """Names of the benchmark modules: the package's public modules, sorted."""
    here = str(Path(__file__).resolve().parent)
    return sorted(m.name for m in pkgutil.iter_modules([here])
                  if not m.name.startswith("_") and not m.ispkg)


def select(names: list[str], available: list[str]) -> list[str]:
    """The modules `names` ask for: each an exact module name or a unique prefix of one.

    Raises:
        SystemExit: naming the argument that matches no module, or several.
    """
    if not names:
        return available
    chosen: list[str] = []
    for name in names:
        hits = [name] if name in available else [m for m in available if m.startswith(name)]
        if len(hits) != 1:
            what = "matches no benchmark" if not hits else f"is ambiguous ({', '.join(hits)})"
            raise SystemExit(f"benchmarks: {name!r} {what}; available: {', '.join(available)}")
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks' ``main(options)``; return the exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        print(__doc__)
        return 0
    available = discover()
    if args[:1] == ["--list"]:
        print("\n".join(available))
        return 0
    split = next((i for i, a in enumerate(args) if a.startswith("-")), len(args))
    names, options = args[:split], args[split:]
    failed: list[str] = []
    for name in select(names, available):
        print(f"\n## benchmarks.{name}\n", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            module.main(options)
        except SystemExit as exc:  # argparse rejecting the options, or an explicit exit
            if exc.code not in (None, 0):
                print(f"benchmarks.{name} exited with {exc.code!r}", file=sys.stderr)
                failed.append(name)
        except Exception:  # noqa: BLE001 - report it and go on with the next benchmark
            traceback.print_exc()
            failed.append(name)
        print(f"\n(benchmarks.{name}: {time.perf_counter() - t0:.1f} s)", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
