"""The README's two commands install what each needs: `make demo` only Ember and its own
dependencies (no `test` extra, no Ray), `make test` the `test` extra. Checked with
``make -n`` (what would run) against a venv path that does not exist yet."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(target: str, venv: Path) -> list[str]:
    # Under `make test` this is a make inside make, which would print "Entering/Leaving
    # directory" lines: --no-print-directory keeps the output what it is at the top level.
    # Variables given to the outer make (`make test PYTEST_PARALLEL=`) would reach this one
    # through MAKEFLAGS and the environment: the Makefile's own defaults are what is checked.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "PYTEST_PARALLEL")}
    out = subprocess.run(["make", "--no-print-directory", "-n", target, f"VENV={venv}"],
                         cwd=REPO, capture_output=True, text=True, timeout=30, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_make_demo_installs_only_the_core(tmp_path):
    lines = dry_run("demo", tmp_path / "venv")
    installs = [line for line in lines if " install " in line]
    assert installs == [f"{tmp_path / 'venv'}/bin/pip install --quiet -e ."], lines
    assert lines[-1] == f"{tmp_path / 'venv'}/bin/ember demo"


def test_make_test_installs_the_test_extra(tmp_path):
    lines = dry_run("test", tmp_path / "venv")
    assert any(line.endswith("pip install --quiet -e '.[test]'") for line in lines), lines
    # in pytest-xdist workers, keeping each xdist_group in one worker; then the throughput
    # measurements on their own
    assert lines[-2] == (f"{tmp_path / 'venv'}/bin/pytest -n 10 --dist loadgroup "
                         "--durations=20 -m \"not alone\"")
    assert lines[-1] == f"{tmp_path / 'venv'}/bin/pytest -m alone"
    # the corpus compiled once before, not in each worker; the asserts' rewrite too
    assert lines[-3] == (f"PYTHONDONTWRITEBYTECODE= {tmp_path / 'venv'}/bin/pytest "
                         "--collect-only -q > /dev/null || true")
    assert lines[-4] == f"{tmp_path / 'venv'}/bin/python -m compileall -q -j 0 src tests"


def test_make_corpus_runs_every_case(tmp_path):
    # `make test` runs CI's share of the JIT's corpus; `make corpus` all of it
    lines = dry_run("corpus", tmp_path / "venv")
    assert lines[-1] == (f"EMBER_CORPUS=all {tmp_path / 'venv'}/bin/pytest -n 10 --dist "
                         "loadgroup --durations=20 tests/xcs/test_libcorpus.py")
