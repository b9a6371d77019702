"""Run Ember's benchmarks: every public module's ``main()`` in `ember.bench`, in turn.

Usage::

    python -m ember.bench                 # all of them, in name order
    python -m ember.bench jit             # only jit_bench (a name or a unique prefix)
    python -m ember.bench jit --quick     # options after the names go to each main()
    python -m ember.bench --list          # the benchmarks found

A benchmark that fails (or rejects the options) is reported and the others still run; the
exit status is 1 if any failed. `ember bench` does the same and adds a summary table.
"""

from __future__ import annotations

import sys

from ember._errors import UnknownBenchmark
from ember.bench import discover, run, select

USAGE = "usage: python -m ember.bench [--list] [NAME ...] [OPTIONS passed to each main()]"


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
    try:
        chosen = select(args[:split], available)
    except UnknownBenchmark as exc:
        print(f"python -m ember.bench: {exc}", file=sys.stderr)
        return 2
    _, failed = run(chosen, args[split:], tracebacks=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
