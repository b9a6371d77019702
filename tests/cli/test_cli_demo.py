"""`ember demo`: the table, the explanation, and a timeline picture that shows the run."""

from __future__ import annotations

import pytest

from tests.cli import pictures


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One run of `ember demo` (0.1 s per simulated call), shared by the tests. (The timeout
    only stops a hang: the run took over 10 s on a loaded machine.)"""
    import os
    import subprocess
    import sys

    out_dir = tmp_path_factory.mktemp("demo")
    result = subprocess.run([sys.executable, "-m", "ember.cli", "demo", "--latency", "0.1", "--out",
                             str(out_dir)],
                            capture_output=True, text=True, timeout=90, cwd=out_dir,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return result, out_dir


def test_demo_prints_the_table_and_the_plan(demo):
    result, out_dir = demo
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for program in ("ensemble (3 models + judge)", "chain (draft, critique, revise)",
                    "cpu-bound (pure Python loop)"):
        assert program in out
    ensemble = next(line for line in out.splitlines() if line.startswith("ensemble"))
    assert ensemble.split()[-1] == "parallel"
    assert "in flight together: #0, #1, #2" in out
    assert f"timeline picture: {out_dir / 'demo-timeline.html'}" in out


def test_demo_timeline_html_shows_the_run(demo):
    _, out_dir = demo
    page = (out_dir / "demo-timeline.html").read_text()
    pictures.assert_self_contained(page)
    ens_timeline, ens_graph, chain_timeline, chain_graph = pictures.svgs(page)
    # The ensemble ran jitted: four calls, three of them at once, then the judge.
    bars = pictures.bars(ens_timeline)
    assert len(bars) == 4
    judge = max(bars, key=lambda b: float(b.get("data-end")))
    members = [b for b in bars if b is not judge]
    assert max(float(b.get("data-start")) for b in members) < min(
        float(b.get("data-end")) for b in members)
    assert float(judge.get("data-start")) >= max(float(b.get("data-end")) for b in members) - 1e-3
    assert len(pictures.critical(ens_timeline)) == 2 and "critical" in pictures.classes(judge)
    words = pictures.text(ens_timeline)
    for model in ("sim/alpha", "sim/beta", "sim/gamma", "sim/judge"):
        assert f"models('{model}'" in words
    assert len(pictures.nodes(ens_graph)) == 4 and len(pictures.edges(ens_graph)) == 3
    # The chain runs as written: its (predicted) bars follow one another, all critical.
    assert len(pictures.bars(chain_timeline)) == len(pictures.critical(chain_timeline)) == 3
    assert len(pictures.nodes(chain_graph)) == 3
    assert "plain" in page and "critical-path bound" in page  # the table's figures


def test_demo_png(demo):
    pytest.importorskip("matplotlib")
    result, out_dir = demo
    assert f"timeline picture: {out_dir / 'demo-timeline.png'}" in result.stdout
    pictures.assert_png_has_content(out_dir / "demo-timeline.png",
                                    colours=(pictures.BAR_BLUE, pictures.CRITICAL_RED))


@pytest.mark.skipif(pictures.CHROMIUM is None, reason="headless Chromium is not installed")
def test_demo_html_renders(demo, tmp_path):
    _, out_dir = demo
    shot = pictures.render_html(out_dir / "demo-timeline.html", tmp_path / "shot.png")
    pictures.assert_png_has_content(shot, colours=(pictures.BAR_BLUE, pictures.CRITICAL_RED))
