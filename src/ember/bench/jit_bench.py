"""`xcs.jit` against plain code and hand-written concurrency, every baseline in the same run.

I/O is `time.sleep` inside an ordinary helper (``call``: 100 ms, ``short_call``: 50 ms), so
the best possible wall time of each workload -- its critical path -- is known exactly.

Workloads:

1. direct-path overhead: ``def f(x): return x + 1`` plain vs jitted (a `timeit` loop);
2. three independent 100 ms calls;
3. a comprehension of N 100 ms calls (N = 1000; plain is computed, not run, at that size);
4. a chain of three dependent 50 ms calls (nothing to overlap: jit must not be slower);
5. a CPU-bound pure-Python loop of about 20 ms (no I/O: jit must not be slower);
6. fan-out + judge: five independent 100 ms calls, then one using all five results;
7. a ``for`` loop appending the results of N 50 ms calls (N = 100);
8. workload 3 again while a pure-Python CPU-bound thread spins in the same process (a
   user's background work): every I/O call must win the GIL back after its wait, so this
   measures how the scheduler's threads hand work over under GIL contention;
9. in an ``async def``, a list comprehension awaiting N 50 ms calls (N = 20), each
   variant run by ``asyncio.run``;
10. a comprehension of N calls of ``ask``, a helper that formats a prompt, calls
   ``models("sim/bench", ...)`` (100 ms) and parses the answer, against hand-written
   asyncio (``models.acall`` under ``asyncio.gather``);
11. ``xcs.vmap(ask)`` over N items against ``xcs.vmap(models.instance(...))`` over the same
   N prompts (alternating, medians).

The first-call analysis of a 50-line function is reported against ``ast.parse`` +
``compile`` of its source, in the same run.

Each repetition makes a fresh ``jit(fn)`` wrapper: its first call ("jit first": analysis,
planning and rewriting included) is timed apart from its next two ("jit warm").

The first call's own work is also timed alone, on the 50-line function of
``ember/bench/_fifty.py`` loaded afresh each time: analysis, plan, rewrite and compile,
against ``ast.parse`` + ``compile`` of the same source in the same run (min of each).
"threads" is a hand-written `ThreadPoolExecutor` (created inside the timed call, as the
hand-written code would), "asyncio" is ``asyncio.run`` of an ``asyncio.gather`` of
``asyncio.sleep`` calls. The order of the variants rotates between repetitions; reported
figures are medians, and ratios are taken between medians of the same run, except for
jit/asyncio and the two "jit must not be slower" rows (chain, CPU-bound). There each warm
jit call has its baseline call (asyncio, or plain) right next to it, which goes first
alternating between pairs, and the ratio is the median of the pairs' ratios: on a shared
machine whose load drifts, neighbours see the same load, and one disturbed pair moves a
median of ratios less than it moves two separate medians. `xcs.vmap` over the helper is
paired with `xcs.vmap` over the binding in the same way.

Run: ``python -m ember.bench.jit_bench [--quick] [--reps N] [--out PATH]`` or
``ember bench jit``. Results go to ``ember-out/bench/jit.json``.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib.util
import inspect
import itertools
import os
import platform
import statistics
import sys
import textwrap
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ember.api import models
from ember.bench._jit_cases import (
    LONG_S,
    Workload,
    ask,
    f,
    f_with_default,
    helper_comprehension_asyncio,
    in_a_loop,
    workloads,
)
from ember.bench._runner import options, report
from ember.xcs import explain, get_jit_stats, jit, vmap

__all__ = ["main"]

DEFAULT_OUT = Path("ember-out") / "bench" / "jit.json"
WARM_CALLS = 2  # timed calls of each fresh wrapper after its first
OVERHEAD_TARGET_NS = 2000.0
EARLIER_EMBER_OVERHEAD_NS = 24000.0


# --- measuring (the workloads themselves are in `_jit_cases`) ----------------------------


def _timed(fn: Callable[..., Any], args: tuple, expect: Any, name: str) -> float:
    t0 = time.perf_counter()
    result = fn(*args)
    dt = time.perf_counter() - t0
    if result != expect:
        raise RuntimeError(f"{name} returned {result!r:.80}, expected {expect!r:.80}")
    return dt


def _med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def run_workload(w: Workload) -> dict[str, Any]:
    """Time every variant of `w` for `w.reps` repetitions, rotating their order."""
    samples: dict[str, list[float]] = {"plain": [], "jit_first": [], "jit_warm": []}
    variants = ["jit"] if w.paired else ["plain", "jit"]
    if w.threads is not None:
        variants.append("threads")
        samples["threads"] = []
    if w.asyncio is not None:
        samples["asyncio"] = []  # next to each warm jit call (`_partner`)
    if w.computed_plain is not None:
        samples["plain_probe"] = samples.pop("plain")
    with w.during() if w.during is not None else contextlib.nullcontext():
        stats = _repeat(w, variants, samples)
    return _summarize(w, samples, stats)


def _repeat(w: Workload, variants: list[str], samples: dict[str, list[float]]) -> dict[str, Any]:
    """Fill `samples`; return the stats of the last jit wrapper."""
    stats: dict[str, Any] = {}
    plain = in_a_loop(w.fn) if w.is_async else w.fn
    partner = _partner(w, plain)
    for rep in range(w.reps):
        gc.collect()  # no variant pays for another's garbage
        k = rep % len(variants)
        for name in variants[k:] + variants[:k]:
            if name == "plain":
                if w.computed_plain is None:
                    samples["plain"].append(_timed(plain, w.args, w.expect, "plain"))
                else:
                    expect = (w.probe_expect(w.probe_n) if w.probe_expect is not None
                              else list(range(w.probe_n)))
                    probe = _timed(plain, (w.probe_n,), expect, "plain probe")
                    samples["plain_probe"].append(probe)
            elif name == "jit":
                jitted = jit(w.fn)  # fresh: its first call analyses, plans and rewrites
                wrapper = in_a_loop(jitted) if w.is_async else jitted
                samples["jit_first"].append(_timed(wrapper, w.args, w.expect, "jit first"))
                for i in range(WARM_CALLS):
                    if partner is None:
                        samples["jit_warm"].append(_timed(wrapper, w.args, w.expect, "jit"))
                        continue
                    pair = [partner, ("jit_warm", wrapper)]
                    for key, fn in pair if (rep + i) % 2 == 0 else pair[::-1]:
                        samples[key].append(_timed(fn, w.args, w.expect, key))
                stats = get_jit_stats(jitted)
            else:
                fn = w.threads if name == "threads" else w.asyncio
                samples[name].append(_timed(fn, w.args, w.expect, name))  # type: ignore[arg-type]
    return stats


def _partner(w: Workload, plain: Callable[..., Any]) -> tuple[str, Callable[..., Any]] | None:
    """The baseline timed next to each warm jit call: plain for the "jit is not slower"
    rows, else asyncio where the row has it (None: warm calls are timed alone)."""
    if w.paired:
        return ("plain", plain)
    if w.asyncio is not None:
        return ("asyncio", w.asyncio)
    return None


def _pair_ratio(samples: dict[str, list[float]], base: str) -> float:
    """The median of each warm jit call's time over its neighbour's (`base`)."""
    return statistics.median(
        j / b for j, b in zip(samples["jit_warm"], samples[base], strict=True))


def _summarize(w: Workload, samples: dict[str, list[float]],
               stats: dict[str, Any]) -> dict[str, Any]:
    res: dict[str, Any] = {"title": w.title, "reps": w.reps}
    if w.computed_plain is not None:
        n, per_call = w.computed_plain
        probe = _med(samples["plain_probe"])
        res["plain_s"] = n * per_call
        res["plain_computed"] = True
        res["plain_probe_n"] = w.probe_n
        res["plain_probe_s"] = probe
        res["plain_probe_vs_computed"] = _ratio(probe, w.probe_n * per_call)
    else:
        res["plain_s"] = _med(samples["plain"])
        res["plain_computed"] = False
    res["jit_first_s"] = _med(samples["jit_first"])
    res["jit_warm_s"] = _med(samples["jit_warm"])
    res["threads_s"] = _med(samples.get("threads", []))
    res["asyncio_s"] = _med(samples.get("asyncio", []))
    res["bound_is_plain"] = w.bound_s is None
    res["bound_s"] = w.bound_s if w.bound_s is not None else res["plain_s"]
    res["speedup"] = _ratio(res["plain_s"], res["jit_warm_s"])  # plain / jit warm
    res["speedup_first"] = _ratio(res["plain_s"], res["jit_first_s"])
    # Each warm call against the baseline call next to it in time (`_partner`).
    res["jit_over_plain"] = (_pair_ratio(samples, "plain") if w.paired
                             else _ratio(res["jit_warm_s"], res["plain_s"]))
    res["jit_over_bound"] = _ratio(res["jit_warm_s"], res["bound_s"])
    res["jit_first_over_bound"] = _ratio(res["jit_first_s"], res["bound_s"])
    res["jit_over_threads"] = _ratio(res["jit_warm_s"], res["threads_s"])
    res["jit_over_asyncio"] = (_pair_ratio(samples, "asyncio") if samples.get("asyncio")
                               else None)
    res["strategy"] = stats.get("strategy")
    res["started_calls"] = stats.get("last_started_calls", 0)
    res["targets"] = [
        {"metric": t.metric, "limit": t.limit, "label": t.label, "value": res[t.metric],
         "met": res[t.metric] is not None and res[t.metric] <= t.limit}
        for t in w.targets
    ]
    res["samples"] = samples
    return res


def run_overhead(calls: int, reps: int, func: Callable[[int], int] = f) -> dict[str, Any]:
    """Nanoseconds per call of ``func(1)`` (`f`, or `f_with_default`), plain and jitted,
    interleaved; and the first call."""
    wrapper = jit(func)
    wrapper(1)
    plain: list[float] = []
    jitted: list[float] = []
    first: list[float] = []
    for rep in range(reps):
        pair = [("plain", func), ("jit", wrapper)]
        for name, fn in pair if rep % 2 == 0 else pair[::-1]:
            per_call = timeit.Timer("fn(1)", globals={"fn": fn}).timeit(calls) / calls * 1e9
            (plain if name == "plain" else jitted).append(per_call)
        fresh = jit(func)
        t0 = time.perf_counter()
        fresh(1)
        first.append((time.perf_counter() - t0) * 1e6)
    p, j = statistics.median(plain), statistics.median(jitted)
    return {
        "calls": calls, "reps": reps, "strategy": explain(wrapper).strategy,
        "plain_ns": p, "jit_ns": j, "added_ns": j - p, "jit_over_plain": j / p,
        "first_call_us": statistics.median(first),
        "target_added_ns": OVERHEAD_TARGET_NS, "met": j - p <= OVERHEAD_TARGET_NS,
        "earlier_ember_ns": EARLIER_EMBER_OVERHEAD_NS,
        "samples": {"plain_ns": plain, "jit_ns": jitted, "first_call_us": first},
    }


FIFTY = Path(__file__).with_name("_fifty.py")
_fifty_loads = itertools.count()


def fresh_fifty() -> Callable[..., Any]:
    """`_fifty.fifty` from a new load of its file: new code objects, so nothing the JIT
    keeps per function (summaries of its helper, say) is there yet."""
    spec = importlib.util.spec_from_file_location(f"_fifty_{next(_fifty_loads)}", FIFTY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fifty


def run_first_call(reps: int, clock: Callable[[], float] = time.perf_counter) -> dict[str, Any]:
    """The first call's analysis (analyse, plan, rewrite, compile: `jit`'s work before the
    function runs) of `_fifty.fifty` against ``ast.parse`` + ``compile`` of its source.

    Each is timed `reps` times back to back, and the ratio is of their minimums: the least
    disturbed run of each on a shared machine. Both are CPU work in this thread, so
    ``clock=time.thread_time`` leaves out what other processes take of the machine.
    """
    fn = fresh_fifty()
    source = textwrap.dedent(inspect.getsource(fn))
    parse_compile: list[float] = []
    parse: list[float] = []
    for _ in range(reps):
        t0 = clock()
        tree = ast.parse(source)
        t1 = clock()
        compile(tree, str(FIFTY), "exec")
        parse_compile.append(clock() - t0)
        parse.append(t1 - t0)
    states = [jit(fresh_fifty()).__ember_jit_state__ for _ in range(reps)]  # type: ignore[attr-defined]
    analysis: list[float] = []
    for state in states:
        t0 = clock()
        state._compile(("q", [1, 2]), {})  # what the first call does before running it
        analysis.append(clock() - t0)
    base, first = min(parse_compile), min(analysis)
    # (each phase's least disturbed run, on the wall clock: `_State.phases`)
    phases = {k: min(s.phases[k] for s in states) * 1e3 for k in states[-1].phases}
    return {
        "lines": len(source.splitlines()), "reps": reps, "strategy": states[-1].plan.strategy,
        "parse_compile_ms": base * 1e3, "first_call_ms": first * 1e3, "ratio": first / base,
        "parse_ms": min(parse) * 1e3, "phases_ms": phases,
        "samples": {"parse_compile_ms": [x * 1e3 for x in parse_compile],
                    "first_call_ms": [x * 1e3 for x in analysis]},
    }


def run_vmap(n: int, reps: int) -> dict[str, Any]:
    """`xcs.vmap` over the `ask` helper against `xcs.vmap` over a model binding, the same
    n calls of the same latency, in `WARM_CALLS` pairs of neighbouring runs per repetition
    (either goes first, alternating), as the rows' jit/asyncio; the ratio is the median of
    the pairs' ratios."""
    over_helper = vmap(ask)
    over_binding = vmap(models.instance("sim/bench", latency=LONG_S))
    items = list(range(n))
    prompts = [f"Question {i}: name a colour." for i in items]
    expect = helper_comprehension_asyncio(n)
    helper_s: list[float] = []
    binding_s: list[float] = []
    for pair in range(reps * WARM_CALLS):
        for helper_turn in ((True, False) if pair % 2 == 0 else (False, True)):
            if helper_turn:
                helper_s.append(_timed(over_helper, (items,), expect, "vmap(ask)"))
            else:
                t0 = time.perf_counter()
                over_binding(prompts)
                binding_s.append(time.perf_counter() - t0)
    helper, binding = statistics.median(helper_s), statistics.median(binding_s)
    ratio = statistics.median(h / b for h, b in zip(helper_s, binding_s, strict=True))
    return {"n": n, "reps": reps, "vmap_helper_s": helper, "vmap_binding_s": binding,
            "ratio": ratio,
            "samples": {"vmap_helper_s": helper_s, "vmap_binding_s": binding_s}}


# --- reporting --------------------------------------------------------------------------


def _load() -> float | None:
    """The 1-minute load average, where the platform has one."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _loads(meta: dict[str, Any]) -> str:
    before, after = meta.get("load_before"), meta.get("load_after")
    return "n/a" if before is None or after is None else f"{before:.1f} -> {after:.1f}"


def _s(x: float | None, computed: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" + (" (computed)" if computed else "")


def _x(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}x"


def _met(targets: list[dict[str, Any]]) -> str:
    if not targets:
        return "-"
    return "; ".join(f"{t['label']} ({t['value']:.3f}): {'yes' if t['met'] else 'NO'}"
                     for t in targets)


def render(results: dict[str, Any]) -> str:
    """The markdown tables printed by `main`."""
    o = results["direct_overhead"]
    fc = results["first_call"]
    vm = results["vmap"]
    lines = [
        f"### xcs.jit benchmark ({'quick' if results['meta']['quick'] else 'full'}, "
        f"Python {results['meta']['python']})",
        "",
        f"Direct-path overhead: `f(x) = x + 1`, {o['calls']:,} calls x {o['reps']} reps "
        f"(median; earlier Ember: {o['earlier_ember_ns'] / 1e3:.0f} us added)",
        "",
        "| plain ns/call | jit ns/call | added ns/call | jit/plain | first call (analysis) "
        "| strategy | target |",
        "|---:|---:|---:|---:|---:|---|---|",
        f"| {o['plain_ns']:.0f} | {o['jit_ns']:.0f} | {o['added_ns']:.0f} | "
        f"{o['jit_over_plain']:.2f}x | {o['first_call_us']:.0f} us | {o['strategy']} | "
        f"added <= {o['target_added_ns']:.0f} ns: {'yes' if o['met'] else 'NO'} |",
        "",
        *([f"With a default (`f_with_default(x, step=1)`, whose jitted function takes "
           f"`*args, **kwargs`): {d['added_ns']:.0f} ns added ({d['plain_ns']:.0f} ns plain, "
           f"{d['jit_ns']:.0f} ns jitted)", ""]
          if (d := results.get("direct_overhead_default")) else []),
        f"First-call analysis of a {fc['lines']}-line function: {fc['first_call_ms']:.2f} ms "
        f"= {fc['ratio']:.1f} x ast.parse+compile of its source ({fc['parse_compile_ms']:.2f} "
        f"ms, same run; min of {fc['reps']} each; plan: {fc['strategy']})",
        "",
        "By phase (ms, min of each): " + ", ".join(
            f"{k} {v:.2f}" for k, v in fc["phases_ms"].items()) + f"; ast.parse alone "
        f"{fc['parse_ms']:.2f}",
        "",
        f"`xcs.vmap` over the helper (prompt, model call, parse), {vm['n']} items: "
        f"{vm['vmap_helper_s']:.3f} s against `xcs.vmap(models.instance(...))` "
        f"{vm['vmap_binding_s']:.3f} s (medians of {vm['reps'] * WARM_CALLS} each): "
        f"{vm['ratio']:.2f}x "
        "(median of neighbouring pairs' ratios; target <= 1.10x)",
        "",
        "Wall times in seconds (medians); bound = critical path of the known sleeps; "
        "speedup = plain / jit warm.",
        "",
        "| workload | plain | jit first | jit warm | threads | asyncio | bound | speedup "
        "| jit/bound | first/bound | jit/threads | jit/asyncio | target met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    notes = []
    for r in results["workloads"].values():
        bound = "= plain" if r["bound_is_plain"] else _s(r["bound_s"])
        lines.append(
            f"| {r['title']} | {_s(r['plain_s'], r['plain_computed'])} | "
            f"{_s(r['jit_first_s'])} | {_s(r['jit_warm_s'])} | {_s(r['threads_s'])} | "
            f"{_s(r['asyncio_s'])} | {bound} | {_x(r['speedup'])} | "
            f"{_x(r['jit_over_bound'])} | {_x(r['jit_first_over_bound'])} | "
            f"{_x(r['jit_over_threads'])} | {_x(r['jit_over_asyncio'])} | "
            f"{_met(r['targets'])} |")
        if r["plain_computed"]:
            notes.append(
                f"- {r['title']}: plain is computed (n x 0.1 s), not run; measured plain at "
                f"n={r['plain_probe_n']}: {r['plain_probe_s']:.3f} s "
                f"({r['plain_probe_vs_computed']:.3f}x the computed value).")
    lines += ["", *notes,
              "- jit first: a fresh `jit(fn)` wrapper's first call (analysis, plan, rewrite "
              f"included); jit warm: its next {WARM_CALLS} calls.",
              "- chain and CPU-bound: plain and warm jit calls alternate; jit/plain is the "
              "median of neighbouring pairs' ratios (speedup is still ratio of medians).",
              "- jit/asyncio: each warm jit call is paired with an asyncio run next to it "
              "(either first, alternating); the median of the pairs' ratios.",
              "- threads: `ThreadPoolExecutor` created in the timed call; asyncio: "
              "`asyncio.run(asyncio.gather(...asyncio.sleep...))`.",
              f"- total run time {results['meta']['duration_s']:.1f} s; load average "
              f"(1 min) {_loads(results['meta'])} on {os.cpu_count()} cores: the machine's "
              "other work shows in wall times, so compare ratios of the same run."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print markdown tables, write the JSON results and return them.

    Args:
        argv: command-line arguments (default: ``sys.argv[1:]``): ``--quick`` for smaller
            sizes and fewer repetitions, ``--reps N``, ``--out PATH``.

    Returns:
        The results written to the JSON file: ``meta``, ``direct_overhead``,
        ``first_call`` and ``workloads`` (keyed ``fanout_3``, ``comprehension``, ``chain_3``, ``cpu_bound``,
        ``fanout_judge``, ``for_loop``, ``comprehension_busy``, ``async_comprehension``).
    """
    parser = options("jit_bench", __doc__, DEFAULT_OUT,
                     "smaller sizes and 3 repetitions (CI smoke test, ~20 s)")
    parser.add_argument("--reps", type=int, default=None,
                        help="repetitions per workload (default 5, or 3 with --quick)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    reps = args.reps if args.reps is not None else (3 if args.quick else 5)
    if reps < 1:
        parser.error(f"--reps must be at least 1, got {reps}")

    t0 = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {"quick": args.quick, "reps": reps, "python": platform.python_version(),
                 "platform": platform.platform(),
                 "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                 "load_before": _load()},
        "direct_overhead": run_overhead(200_000, reps),
        "direct_overhead_default": run_overhead(200_000, reps, f_with_default),
        "first_call": run_first_call(20 if args.quick else 50),
        "vmap": run_vmap(100 if args.quick else 1000, reps),
        "workloads": {},
    }
    for w in workloads(args.quick, reps):
        print(f"  running {w.title} ...", file=sys.stderr, flush=True)
        results["workloads"][w.key] = run_workload(w)
    results["meta"]["duration_s"] = time.perf_counter() - t0
    results["meta"]["load_after"] = _load()

    report(results, render(results), args.out)
    return results


if __name__ == "__main__":
    main()
