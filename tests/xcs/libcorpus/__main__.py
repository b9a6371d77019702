"""The corpus report: ``python -m tests.xcs.libcorpus [--plain-twice] [--repeat N] [name ...]``.

Runs every case (or those named: a case, a category, or a ``cases_*`` module, registered in
`_MODULES` yet or not) plain and jitted and prints one row per case: category, name, plain
and jitted wall time, the ideal speedup, the share of it reached ((plain / jit) / ideal,
capped at 1), the ideal with the plain run's own CPU time taken as serial
(`Verdict.amdahl`: making an SDK client's SSL context is CPU that no schedule overlaps
under the GIL) and the share of that, the most requests the servers saw in flight under jit
against the case's overlap claim, and whether the runs differ or jit crashed. Then one line
per difference or crash, and the summary: cases, differences, crashes, and the mean of both
shares over the cases whose ideal is above 1.2. Exits 1 if any case differs or crashes.

``--repeat N`` runs each case N times, plain and jitted in turn, judges every pair (any
difference or crash is reported) and times each case by its fastest plain run and its
fastest jitted run: on a shared machine one run's time is mostly the load's, and the best
of a few is the case's own. Every jitted run plans afresh (`lowlevel.reset`), so the first
call's analysis is in every jitted time.

``--plain-twice`` checks the corpus itself instead: each case runs plain twice and the two
runs are judged as if the second were jitted, so a case whose outcome is not deterministic
shows up as a difference.

Times are printed, never judged: the machine may be shared and busy. The objects alive
once the cases are loaded (the libraries they import) are frozen (`gc.freeze`), so that a
full collection, some 200 ms over them, does not land in whichever run crosses the
threshold: each run pays for its own garbage only, plain and jitted alike.
"""

from __future__ import annotations

import dataclasses
import gc
import sys
import time

from tests.xcs.libcorpus import cases, module_cases
from tests.xcs.libcorpus._harness import Verdict, check, judge, run_case

#: Cases whose ideal speedup is above this count in the mean share of ideal.
OVERLAPPING = 1.2

_HEAD = (f"{'category':<11}{'case':<38}{'plain s':>8}{'jit s':>8}{'ideal':>7}{'share':>7}"
         f"{'amdahl':>7}{'share':>7}{'inflight':>10}  result")


def _fmt(share: float | None) -> str:
    return "-" if share is None else f"{share:.2f}"


def _row(v: Verdict) -> str:
    flight = f"{v.in_flight}/{v.case.overlap}" if v.case.overlap else f"{v.in_flight}"
    if v.case.overlap and v.in_flight < v.case.overlap:
        flight += "<"
    result = "CRASH" if v.crash else "DIFF" if v.differences else "ok"
    return (f"{v.case.category:<11}{v.case.name:<38}{v.plain.wall:8.3f}{v.jitted.wall:8.3f}"
            f"{v.case.ideal:7.2f}{_fmt(v.share):>7}{v.amdahl:7.2f}{_fmt(v.amdahl_share):>7}"
            f"{flight:>10}  {result}")


def _counted(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.case.ideal > OVERLAPPING and v.share is not None]


def by_module(verdicts: list[Verdict]) -> list[str]:
    """The mean share of ideal (and with CPU serial) of each module's overlapping cases."""
    groups: dict[str, list[Verdict]] = {}
    for v in _counted(verdicts):
        made = v.case.fn or v.case.make
        groups.setdefault(getattr(made, "__module__", "?").rsplit(".", 1)[-1], []).append(v)
    return [f"  {m:<18}{len(g):>5}{sum(v.share or 0.0 for v in g) / len(g):7.2f}"
            f"{sum(v.amdahl_share or 0.0 for v in g) / len(g):7.2f}"
            for m, g in sorted(groups.items())]


def summary(verdicts: list[Verdict]) -> str:
    counted = _counted(verdicts)
    mean = sum(v.share or 0.0 for v in counted) / len(counted) if counted else float("nan")
    amdahl = (sum(v.amdahl_share or 0.0 for v in counted) / len(counted) if counted
              else float("nan"))
    diffs = sum(1 for v in verdicts if v.differences and not v.crash)
    crashes = sum(1 for v in verdicts if v.crash)
    short = sum(1 for v in verdicts if v.case.overlap and v.in_flight < v.case.overlap)
    return (f"cases {len(verdicts)}, differences {diffs}, crashes {crashes}, "
            f"mean share of ideal {mean:.2f} (of the ideal with the plain run's CPU serial: "
            f"{amdahl:.2f}) over {len(counted)} cases with ideal > {OVERLAPPING}, overlap "
            f"short of its claim in {short}")


def best_of(verdicts: list[Verdict]) -> Verdict:
    """One verdict for several runs of a case: the first that differs or crashed, else
    the fastest plain run beside the fastest jitted run."""
    for v in verdicts:
        if not v.ok:
            return v
    plain = min((v.plain for v in verdicts), key=lambda o: o.wall)
    jitted = min((v.jitted for v in verdicts), key=lambda o: o.wall)
    return dataclasses.replace(verdicts[0], plain=plain, jitted=jitted)


def _options(argv: list[str]) -> tuple[bool, int, set[str]]:
    """--plain-twice, --repeat N, and the names and categories chosen."""
    args, repeat = list(argv), 1
    if "--repeat" in args:
        i = args.index("--repeat")
        try:
            repeat = int(args[i + 1])
        except (IndexError, ValueError):
            raise SystemExit("--repeat takes a count: --repeat 3") from None
        if repeat < 1:
            raise SystemExit("--repeat takes a count of 1 or more")
        del args[i:i + 2]
    twice = "--plain-twice" in args
    return twice, repeat, set(args) - {"--plain-twice"}


def main(argv: list[str]) -> int:
    twice, repeat, wanted = _options(argv)
    # A module named outright (``cases_x``) runs whole, registered in `_MODULES` or not yet.
    modules = {w for w in wanted if w.startswith("cases_")}
    chosen = [c for m in sorted(modules) for c in module_cases(m)]
    wanted -= modules
    if wanted or not modules:
        chosen += [c for c in cases()
                   if not wanted or c.name in wanted or c.category in wanted]
    if not chosen:
        print(f"no case or category named {' '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    # The libraries every case imports make a heap whose full collection takes ~200 ms
    # here; frozen, no run pays for a collection that earlier cases' garbage set off.
    gc.collect()
    gc.freeze()
    print(_HEAD, flush=True)
    verdicts = []
    t0 = time.perf_counter()
    for case in chosen:
        if twice:  # the plain runs' outcomes must agree; no warning is expected of them
            case = dataclasses.replace(case, warns=False)
            v = best_of([judge(case, run_case(case, jitted=False),
                               run_case(case, jitted=False)) for _ in range(repeat)])
        else:
            v = best_of([check(case) for _ in range(repeat)])
        verdicts.append(v)
        print(_row(v), flush=True)
    bad = [v for v in verdicts if not v.ok]
    if bad:
        print("\ndifferences and crashes:")
        for v in bad:
            what = [f"crash: {v.crash}"] if v.crash else []
            print(f"  {v.case.name}: {'; '.join(what + v.differences)}")
    print(f"\n{'by module':<20}{'cases':>5}{'share':>7}{'amdahl':>7}", *by_module(verdicts),
          sep="\n")
    print(f"\n{summary(verdicts)} ({time.perf_counter() - t0:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
