"""Smoke test: `ember.bench.eval_bench --quick` runs and writes sensible results.

Only generous ratios measured in the same run are checked here; the timing target belongs
to the full run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

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


def test_no_local_runs_only_the_rows_asked_for(tmp_path):
    out = tmp_path / "eval.json"
    results = eval_bench.main(["--quick", "--no-local", "--no-ray", "--no-http",
                               "--out", str(out)])
    assert results["variants"] == {"local": {"skipped": "--no-local"},
                                   "ray": {"skipped": "--no-ray"}}


_BURN = ("import sys, time\n"
         "sys.stdin.readline()\n"
         "start = time.process_time()\n"
         "while time.process_time() - start < float(sys.argv[1]):\n"
         "    pass\n"
         "print('done', flush=True)\n"
         "sys.stdin.read()\n")


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc (Linux)")
def test_child_cpu_counts_the_servers_tree_apart_from_the_other_children():
    # The "server" burns 0.3 s of CPU; the other child only waits: each lands in its group.
    server, other = (subprocess.Popen([sys.executable, "-c", _BURN, seconds], text=True,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                     for seconds in ("0.3", "0"))
    try:
        before = eval_bench.child_cpu(server.pid)
        for proc in (server, other):
            proc.stdin.write("go\n")
            proc.stdin.flush()
        assert server.stdout.readline() == "done\n" and other.stdout.readline() == "done\n"
        after = eval_bench.child_cpu(server.pid)
    finally:
        for proc in (server, other):
            proc.stdin.close()
            proc.wait()
    burned = {group: after[group] - before[group] for group in after}
    assert burned["server"] >= 0.2, burned
    assert burned["others"] < burned["server"] / 3, burned
