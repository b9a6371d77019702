"""Programs written in the earlier Ember's documented style run unchanged here.

Each file in ``programs/`` is an ordinary script (our own, in that style: the facade
imports, `models(...)` with usage read as a mapping, `models.instance`, `@op` pipelines, an
`Operator` with typed input and output, `@xcs.jit` ensembles, `xcs.vmap`, NON notation,
`ember.context`, evaluation). Each runs in a fresh interpreter from an empty folder against
the simulator: `sim/` models in process, and for bare ids (``"gpt-4o-mini"``) a simulator
server on 127.0.0.1 that the environment points the OpenAI provider at. Each program checks
its own results and ends by printing ``ok``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAMS = Path(__file__).with_name("programs")
KEY = "sk-compat-test-key-0000"


def run_program(name: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([sys.executable, str(PROGRAMS / f"{name}.py")], cwd=cwd,
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, **(env or {})})
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert out.stdout.splitlines()[-1] == "ok", out.stdout[-3000:]
    return out.stdout


@pytest.mark.parametrize("name", ["quickstart", "operators_pipeline", "xcs_ensemble",
                                  "non_and_eval", "data_and_evaluators"])
def test_program_runs_unchanged_on_sim_models(name, tmp_path):
    run_program(name, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["ember-out"])


def test_bare_ids_run_unchanged_against_the_simulator_server(make_server, tmp_path):
    server = make_server(api_key=KEY)
    out = run_program("bare_ids", tmp_path, {"OPENAI_API_KEY": KEY,
                                             "OPENAI_BASE_URL": server.openai_base_url})
    assert "model: openai/gpt-4o-mini" in out
    assert server.stats()["requests"] == 2


def test_the_facade_has_every_name_the_earlier_ember_imported():
    code = ("from ember.api import models, operators, op, non, xcs, data, eval\n"
            "from ember.api.xcs import jit, vmap, pmap\n"
            "from ember.api.operators import Operator\n"
            "from ember.api.models import models as same\n"
            "import ember, ember.xcs\n"
            "assert same is models and jit is ember.xcs.jit and Operator is operators.Operator\n"
            "assert callable(ember.context) and ember.get_config('defaults') == {}\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
