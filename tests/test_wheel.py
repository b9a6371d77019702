"""Ember built as a wheel and installed into a fresh venv works from an empty folder.

What a user gets from ``pip install ember-*.whl``: the package with its data (the model
catalogue) and its benchmarks, nothing from this checkout. The wheel is built from a copy
of the sources (the checkout is shared: no ``build/`` or egg-info is written into it), and
installed with ``--no-deps --no-index``; its one dependency, aiohttp, comes from the
test environment's site-packages through a ``.pth`` line, so the test needs no network
after the build. A path added that way is not a site dir, so the checkout's editable
install (itself a ``.pth`` in that folder) stays inactive: the test checks that `ember`
is imported from the new venv. The whole `ember bench --quick` from a wheel installed with
its dependencies is ``make wheel-check``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import ember

REPO = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert out.returncode == 0, (cmd, out.stdout[-2000:], out.stderr[-2000:])
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin folder."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(root / "dist")],
         cwd=source, timeout=300)
    wheel = next((root / "dist").glob("ember-*.whl"))
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    bin_dir = venv / "bin"
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
          str(wheel)], cwd=root)
    site = _run([str(bin_dir / "python"), "-c",
                 "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root)
    Path(site.stdout.strip(), "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return bin_dir


@pytest.fixture
def empty(tmp_path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


@pytest.mark.timeout(600)
def test_version_and_imports_come_from_the_wheel(installed, empty):
    out = _run([str(installed / "ember"), "--version"], cwd=empty)
    assert out.stdout.startswith(f"ember {ember.__version__} (Python ")
    probe = ("import ember, json\n"
             "from ember.api import models, operators, op, non, xcs, data, eval\n"
             "print(json.dumps([ember.__file__, models.info('gpt-4o-mini').context_window,\n"
             "                  models('sim/gpt', 'Hi', latency=0).usage['total_tokens']]))\n")
    out = _run([str(installed / "python"), "-c", probe], cwd=empty)
    where, window, tokens = json.loads(out.stdout)
    assert Path(where).is_relative_to(installed.parent), where  # not the checkout's src/
    assert window == 128000 and tokens > 0  # the catalogue's data shipped in the wheel


@pytest.mark.timeout(600)
def test_ember_bench_runs_from_an_empty_folder(installed, empty):
    out = _run([str(installed / "ember"), "bench", "--list"], cwd=empty)
    assert {"jit_bench", "models_concurrency", "non_bench"} <= set(out.stdout.split())
    out = _run([str(installed / "ember"), "bench", "models", "--quick"], cwd=empty, timeout=300)
    assert "## ember.bench.models_concurrency" in out.stdout
    assert "1,000 concurrent `models.acall` against raw aiohttp" in out.stdout
    assert (empty / "ember-out" / "bench" / "summary.md").is_file()
    assert sorted(p.name for p in empty.iterdir()) == ["ember-out"]  # nothing else written
