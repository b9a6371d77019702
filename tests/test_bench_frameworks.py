"""`ember.bench.frameworks --quick`: the ensemble-and-judge comparison runs in Ember's own
venv, measures Ember's row against a real SimServer and reports the other libraries' rows
as skipped when they are not installed (they are not Ember's dependencies)."""

from __future__ import annotations

import importlib.util
import json

from ember.bench import discover, frameworks


def test_the_comparison_runs_ember_and_skips_the_libraries_not_installed(tmp_path, capsys):
    out = tmp_path / "frameworks.json"
    results = frameworks.main(["--quick", "--latency", "0.5", "--out", str(out)])

    assert json.loads(out.read_text()) == json.loads(json.dumps(results))
    n = results["meta"]["n"]
    ember = results["rows"]["ember"]
    # The server saw every program's six calls, and all five answers of every program in
    # flight together: the structure, not a time (0.5 s per call leaves a loaded machine
    # ample time to send all of them before the first answer comes back).
    assert ember["requests"] == 6 * n
    assert ember["max_in_flight"] == 5 * n
    # n programs at once take about as long as one (a wide margin; same run, same server).
    assert ember["n_s"] < 3 * ember["one_s"]
    installed = {"langchain_batch": "langchain_openai", "langchain_abatch": "langchain_openai",
                 "dspy": "dspy", "dspy_parallel": "dspy"}
    for key, module in installed.items():
        row = results["rows"][key]
        if importlib.util.find_spec(module) is None:
            assert row["skipped"] == "not installed"
        else:
            assert row["requests"] == 6 * n
    table = capsys.readouterr().out
    assert "| Ember: Ensemble + Judge, xcs.vmap |" in table
    assert "frameworks" in discover()  # `ember bench frameworks` finds it
