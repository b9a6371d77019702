"""Smoke test: `ember.bench.eval_bench --quick` runs and writes sensible results.

Only generous ratios measured in the same run are checked here; the timing target belongs
to the full run.
"""

from __future__ import annotations

import json

from ember.bench import eval_bench


def test_eval_bench_quick(tmp_path, capsys):
    out = tmp_path / "eval.json"
    returned = eval_bench.main(["--quick", "--no-ray", "--no-http", "--out", str(out)])
    results = json.loads(out.read_text())
    assert results == json.loads(json.dumps(returned))
    assert results["meta"]["quick"] is True
    assert results["meta"]["bound_s"] == eval_bench.QUICK.bound
    rows = results["variants"]
    assert set(rows) == {"local/sim NON", "local/sim fn", "ray"}
    for name in ("local/sim NON", "local/sim fn"):
        assert rows[name]["calls"] == eval_bench.QUICK.calls
        assert rows[name]["wall_over_bound"] >= 1.0, rows[name]
        # Items overlapped: the run took a fraction of its items' latencies end to end
        # (about 1/100 at 100 in flight; one by one, all of them).
        items = eval_bench.QUICK.items
        assert rows[name]["wall_s"] < items * rows[name]["item_latency_p50_s"] / 10, rows[name]
    assert rows["ray"] == {"skipped": "--no-ray"}
    assert "| local/sim fn |" in capsys.readouterr().out
