"""`ember bench`: runs the shipped benchmarks and prints the README's summary table.

The real benchmarks take minutes (`tests/test_benchmarks_smoke.py` runs one); here the
`ember.bench` package's search path is pointed at a folder of stand-in benchmarks that return
canned results at once, so the command is tested end to end in a second. (From an installed
wheel: `tests/test_wheel.py`.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from ember.cli._bench import render_summary
from tests.cli.conftest import CLITimeout, one_line_error

ROW = {"title": "3 independent 100 ms calls", "plain_s": 0.3004, "plain_computed": False,
       "jit_first_s": 0.1031, "jit_warm_s": 0.1004, "threads_s": 0.1008, "asyncio_s": 0.1011,
       "bound_is_plain": False, "bound_s": 0.1, "speedup": 2.99, "jit_over_bound": 1.004}
RESULTS = {
    "jit_bench": {
        "workloads": {"fanout_3": ROW,
                      "chain_3": {**ROW, "title": "chain of 3 dependent 50 ms calls",
                                  "bound_is_plain": True, "speedup": 1.0}},
        "direct_overhead": {"added_ns": 167.3, "plain_ns": 50.2, "jit_ns": 217.5,
                            "first_call_us": 722.8},
    },
    "models_concurrency": {"raw_wall": 0.523, "models_wall": 0.553, "wall_ratio": 1.057,
                           "cpu_ratio": 1.41},
}

FAKE_JIT_BENCH = f'''
def main(argv):
    print("jit tables here", argv)
    return {RESULTS["jit_bench"]!r}
'''


# `ember bench` with the package's benchmarks replaced by the stand-ins in argv[1].
RUN_WITH_STAND_INS = """
import sys
import ember.bench
ember.bench.__path__[:] = [sys.argv[1]]
from ember.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


@pytest.fixture
def bench_cli(tmp_path):
    stand_ins = tmp_path / "stand_ins"
    stand_ins.mkdir()
    (stand_ins / "jit_bench.py").write_text(FAKE_JIT_BENCH)
    (stand_ins / "broken.py").write_text("def main(argv):\n    raise RuntimeError('boom')\n")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", RUN_WITH_STAND_INS, str(stand_ins), "bench", *args],
            capture_output=True, text=True, timeout=CLITimeout, cwd=tmp_path)

    return run


def test_summary_table():
    text = render_summary(RESULTS, quick=True, seconds=12.3)
    assert text.startswith("Measured with `ember bench --quick`")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| workload |"))
    assert lines[header + 1].startswith("|---|")
    assert lines[header + 2] == ("| 3 independent 100 ms calls | 0.300 s | 0.103 s | 0.100 s | "
                                 "0.101 s | 0.101 s | 0.100 s | 2.99x | 1.00x |")
    assert "| = plain |" in lines[header + 3]
    assert "costs 167 ns more per call" in text
    assert "wall 0.553 s vs 0.523 s (1.06x), client CPU 1.41x" in text


def test_runs_benchmarks_and_writes_the_summary(bench_cli, tmp_path):
    out = bench_cli("jit", "--quick")
    assert out.returncode == 0, out.stderr
    assert "## ember.bench.jit_bench" in out.stdout
    assert "jit tables here ['--quick']" in out.stdout
    assert "| 3 independent 100 ms calls | 0.300 s |" in out.stdout
    summary = (tmp_path / "ember-out" / "bench" / "summary.md").read_text()
    assert summary.startswith("Measured with `ember bench --quick`")
    assert "| chain of 3 dependent 50 ms calls |" in summary


def test_list_and_bad_names(bench_cli):
    out = bench_cli("--list")
    assert out.returncode == 0 and out.stdout.split() == ["broken", "jit_bench"]
    assert "'nope' matches no benchmark" in one_line_error(bench_cli("nope"))


def test_lists_the_shipped_benchmarks(ember_cli):
    out = ember_cli("bench", "--list")
    assert out.returncode == 0, out.stderr
    assert {"jit_bench", "models_concurrency", "non_bench"} <= set(out.stdout.split())


def test_a_failing_benchmark_fails_the_command(bench_cli):
    out = bench_cli("broken")
    assert out.returncode == 1
    assert "ember.bench.broken failed: RuntimeError: boom" in out.stderr
    assert out.stderr.strip().splitlines()[-1] == "ember: benchmark(s) failed: broken"


def test_doctests():
    import doctest

    from ember.bench import _runner

    assert doctest.testmod(_runner).failed == 0
