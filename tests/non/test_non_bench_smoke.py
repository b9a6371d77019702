"""Smoke test: `ember.bench.non_bench` runs and reports figures close to the critical path.

Only generous bounds are checked here; the timing target belongs to the benchmark's report
(``ember bench non``).
"""

from __future__ import annotations

import json

from ember.bench import non_bench


def test_non_bench_quick(tmp_path, capsys) -> None:
    out = tmp_path / "non.json"
    returned = non_bench.main(["--quick", "--reps", "2", "--latency", "0.05", "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(json.dumps(returned))
    rows = returned["workloads"]
    assert set(rows) == {"non_5e_1j", "ops_5e_1j", "vmap_20"}
    for row in rows.values():
        assert row["critical_path_s"] > 0 and row["wall_s"] > 0
        assert row["ratio"] < 3  # 5E+1J one by one would be 3x its critical path
    assert rows["vmap_20"]["speedup_vs_sequential"] > 5
    assert "| 5E+1J (build_graph) |" in capsys.readouterr().out
