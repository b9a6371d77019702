"""Fixtures for the evaluation tests: the CLI and user modules (simulator servers and
`endpoint` are the root conftest's)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def ember_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """`ember_cli(*args, env=None, cwd=tmp_path, timeout=30)` -> CompletedProcess (text)."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "ember.cli", *args], capture_output=True, text=True,
            timeout=timeout, cwd=cwd or tmp_path,
            env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        )

    return run


@pytest.fixture
def write_module(tmp_path: Path, monkeypatch) -> Callable[[str, str], Path]:
    """Write ``<name>.py`` into tmp_path (importable here and by CLI subprocesses there)."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(name: str, source: str) -> Path:
        path = tmp_path / f"{name}.py"
        path.write_text(textwrap.dedent(source))
        sys.modules.pop(name, None)
        return path

    return write
