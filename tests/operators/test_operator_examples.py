"""Every script in ``examples/`` runs offline (on the ``sim/`` models) and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["ensemble.py", "judge_synthesis.py", "verifier_loop.py", "router.py",
            "chain_of_thought.py"]


def test_examples_run_offline(tmp_path) -> None:
    env = {**os.environ, "EMBER_CONFIG": str(tmp_path / "config.toml")}
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        env.pop(name, None)
    procs = {name: subprocess.Popen([sys.executable, str(ROOT / "examples" / name)], cwd=tmp_path,
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
             for name in EXAMPLES}  # all at once: the suite stays fast
    failures = []
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        if proc.returncode != 0 or not out.strip():
            failures.append(f"{name} exited {proc.returncode}\n{out}\n{err}")
    assert not failures, "\n\n".join(failures)
