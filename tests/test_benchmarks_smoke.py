"""Smoke test: `ember.bench.jit_bench --quick` runs and writes sensible results.

Only generous ratios are checked; timing targets belong to the benchmark's own report.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ember.bench import jit_bench

WORKLOADS = {"fanout_3", "comprehension", "chain_3", "cpu_bound", "fanout_judge", "for_loop",
             "comprehension_busy", "async_comprehension", "helper_comprehension"}
ROW_KEYS = {"title", "plain_s", "jit_first_s", "jit_warm_s", "bound_s", "speedup",
            "jit_over_plain", "jit_over_bound", "strategy", "targets", "samples"}


def test_jit_bench_quick(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    returned = jit_bench.main(["--quick"])

    results = json.loads((tmp_path / "ember-out" / "bench" / "jit.json").read_text())
    assert results == json.loads(json.dumps(returned))
    assert {"meta", "direct_overhead", "first_call", "workloads"} <= results.keys()
    assert results["first_call"]["lines"] == 50 and results["first_call"]["ratio"] > 0
    assert results["meta"]["quick"] is True
    overhead = results["direct_overhead"]
    assert {"plain_ns", "jit_ns", "added_ns", "first_call_us"} <= overhead.keys()
    assert overhead["added_ns"] < 50_000  # the earlier Ember's 24 us, with room to spare

    rows = results["workloads"]
    assert set(rows) == WORKLOADS
    for key, row in rows.items():
        assert row.keys() >= ROW_KEYS, key
        assert row["jit_warm_s"] > 0 and row["bound_s"] > 0, key
    assert rows["fanout_3"]["speedup"] >= 2
    assert rows["fanout_3"]["strategy"] == "parallel"
    assert rows["chain_3"]["jit_over_plain"] <= 1.5
    assert rows["comprehension"]["plain_computed"] is True
    # A busy Python thread beside the fan-out: still far under the computed 20 s plain run.
    assert rows["comprehension_busy"]["speedup"] >= 10
    assert rows["async_comprehension"]["speedup"] >= 2  # 10 awaits of 50 ms, together
    # The helper of model calls runs as event-loop tasks, like the hand-written asyncio.
    assert rows["helper_comprehension"]["speedup"] >= 10
    vm = results["vmap"]
    assert vm["n"] == 100 and vm["vmap_helper_s"] > 0 and vm["vmap_binding_s"] > 0

    out = capsys.readouterr().out
    assert "| workload |" in out
    assert "First-call analysis of a 50-line function:" in out
    assert "`xcs.vmap` over the helper" in out


def test_load_runs_the_command_beside_busy_processes_then_stops_them(tmp_path):
    # The command sees the busy processes (its siblings, children of `_load`) and exits
    # 3; the status comes back, and no busy process outlives the run.
    script = tmp_path / "probe.py"
    script.write_text(
        "import os, sys\n"
        "kids = open(f'/proc/{os.getppid()}/task/{os.getppid()}/children').read().split()\n"
        "print(' '.join(k for k in kids if int(k) != os.getpid()))\n"
        "sys.exit(3)\n")
    out = tmp_path / "out.txt"
    with out.open("w") as fh:
        status = subprocess.call([sys.executable, "-m", "benchmarks._load", "--procs", "2",
                                  "--", sys.executable, str(script)], stdout=fh, timeout=60)
    assert status == 3
    busy = [int(pid) for pid in out.read_text().split()]
    assert len(busy) == 2
    assert not [pid for pid in busy if Path(f"/proc/{pid}").exists()]
