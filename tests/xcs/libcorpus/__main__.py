"""The corpus report: ``python -m tests.xcs.libcorpus [--plain-twice] [name or category ...]``.

Runs every case (or those named) plain and jitted and prints one row per case: category,
name, plain and jitted wall time, the ideal speedup, the share of it reached
((plain / jit) / ideal, capped at 1), the most requests the servers saw in flight under
jit against the case's overlap claim, and whether the runs differ or jit crashed. Then
one line per difference or crash, and the summary: cases, differences, crashes, and the
mean share of ideal over the cases whose ideal is above 1.2. Exits 1 if any case differs
or crashes.

``--plain-twice`` checks the corpus itself instead: each case runs plain twice and the two
runs are judged as if the second were jitted, so a case whose outcome is not deterministic
shows up as a difference.

Times are printed, never judged: the machine may be shared and busy.
"""

from __future__ import annotations

import dataclasses
import sys
import time

from tests.xcs.libcorpus import cases
from tests.xcs.libcorpus._harness import Verdict, check, judge, run_case

#: Cases whose ideal speedup is above this count in the mean share of ideal.
OVERLAPPING = 1.2

_HEAD = (f"{'category':<11}{'case':<38}{'plain s':>8}{'jit s':>8}{'ideal':>7}{'share':>7}"
         f"{'inflight':>10}  result")


def _row(v: Verdict) -> str:
    share = "-" if v.share is None else f"{v.share:.2f}"
    flight = f"{v.in_flight}/{v.case.overlap}" if v.case.overlap else f"{v.in_flight}"
    if v.case.overlap and v.in_flight < v.case.overlap:
        flight += "<"
    result = "CRASH" if v.crash else "DIFF" if v.differences else "ok"
    return (f"{v.case.category:<11}{v.case.name:<38}{v.plain.wall:8.3f}{v.jitted.wall:8.3f}"
            f"{v.case.ideal:7.2f}{share:>7}{flight:>10}  {result}")


def summary(verdicts: list[Verdict]) -> str:
    shares = [v.share for v in verdicts if v.case.ideal > OVERLAPPING and v.share is not None]
    mean = sum(shares) / len(shares) if shares else float("nan")
    diffs = sum(1 for v in verdicts if v.differences and not v.crash)
    crashes = sum(1 for v in verdicts if v.crash)
    short = sum(1 for v in verdicts if v.case.overlap and v.in_flight < v.case.overlap)
    return (f"cases {len(verdicts)}, differences {diffs}, crashes {crashes}, "
            f"mean share of ideal {mean:.2f} over {len(shares)} cases with ideal > "
            f"{OVERLAPPING}, overlap short of its claim in {short}")


def main(argv: list[str]) -> int:
    twice = "--plain-twice" in argv
    wanted = set(argv) - {"--plain-twice"}
    chosen = [c for c in cases() if not wanted or c.name in wanted or c.category in wanted]
    if not chosen:
        print(f"no case or category named {' '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    print(_HEAD, flush=True)
    verdicts = []
    t0 = time.perf_counter()
    for case in chosen:
        if twice:  # the plain runs' outcomes must agree; no warning is expected of them
            case = dataclasses.replace(case, warns=False)
            v = judge(case, run_case(case, jitted=False), run_case(case, jitted=False))
        else:
            v = check(case)
        verdicts.append(v)
        print(_row(v), flush=True)
    bad = [v for v in verdicts if not v.ok]
    if bad:
        print("\ndifferences and crashes:")
        for v in bad:
            what = [f"crash: {v.crash}"] if v.crash else []
            print(f"  {v.case.name}: {'; '.join(what + v.differences)}")
    print(f"\n{summary(verdicts)} ({time.perf_counter() - t0:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
