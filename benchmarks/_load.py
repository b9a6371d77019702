"""Run a command while other processes keep every core busy, as on a shared CI machine.

Usage::

    python -m benchmarks._load [--procs N] -- COMMAND [ARG ...]

Timing failures that never show on an idle machine show here: the figures in docs/jit.md
and docs/reliability.md about "cores busy with other processes" come from running the
test suite (``pytest``) or a benchmark (``ember bench jit``) under it. The busy
processes are stopped when the command ends, and its exit status is returned.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys


def _spin() -> None:
    while True:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._load",
                                     description="Run COMMAND beside CPU-bound processes.")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 2,
                        help="busy processes to run (default: one per core)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG ...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    if args.procs < 0:
        parser.error("--procs must be 0 or more")
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.procs)]
    for p in spinners:
        p.start()
    try:
        return subprocess.call(command)
    finally:
        for p in spinners:
            p.terminate()
        for p in spinners:
            p.join()


if __name__ == "__main__":
    sys.exit(main())
