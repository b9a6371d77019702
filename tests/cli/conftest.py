"""Run `python -m ember.cli ...` as a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# A hang guard, not a speed check: a CLI command that imports the benchmarks took over 10 s
# with the cores shared by busy processes; pytest's own guard is 120 s.
CLITimeout = 90


@pytest.fixture
def ember_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """`ember_cli(*args, input=None, env=None, cwd=tmp_path)` -> CompletedProcess (text).

    The environment is the test's own (so `EMBER_CONFIG` points at the per-test config file
    and provider keys are cleared), plus `env`.
    """

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None, timeout: float = CLITimeout) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "ember.cli", *args], input=input, capture_output=True,
            text=True, timeout=timeout, cwd=cwd or tmp_path,
            env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        )

    return run


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """Assert a bad-input exit: status 2 and exactly one line saying why; return it."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ember: "), lines[0]
    return lines[0]


def usage_error(result: subprocess.CompletedProcess) -> str:
    """Assert the arguments were rejected: status 2 and one line naming the command and help."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ember") and "--help'" in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]
