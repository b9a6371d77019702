"""Smoke test: `benchmarks/jit_bench.py --quick` runs and writes sensible results.

Only generous ratios are checked; timing targets belong to the benchmark's own report.
"""

from __future__ import annotations

import json

from benchmarks import jit_bench

WORKLOADS = {"fanout_3", "comprehension", "chain_3", "cpu_bound", "fanout_judge", "for_loop",
             "comprehension_busy", "async_comprehension"}
ROW_KEYS = {"title", "plain_s", "jit_first_s", "jit_warm_s", "bound_s", "speedup",
            "jit_over_plain", "jit_over_bound", "strategy", "targets", "samples"}


def test_jit_bench_quick(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    returned = jit_bench.main(["--quick"])

    results = json.loads((tmp_path / "ember-out" / "bench" / "jit.json").read_text())
    assert results == json.loads(json.dumps(returned))
    assert {"meta", "direct_overhead", "workloads"} <= results.keys()
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

    out = capsys.readouterr().out
    assert "| workload |" in out
