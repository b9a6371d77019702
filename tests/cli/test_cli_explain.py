"""`ember explain FILE.py:FUNCTION`: the static plan, its graph formats and pictures."""

from __future__ import annotations

import textwrap

import pytest

from tests.cli import pictures
from tests.cli.conftest import one_line_error, usage_error

APP = '''
import time

from ember import xcs
from ember.api import models


def fetch(x):
    time.sleep(0.1)
    return x


def answer(question):
    a = models("sim/alpha", question)
    b = models("sim/beta", question)
    c = models("sim/gamma", question)
    return models("sim/judge", f"{a} {b} {c}")


def chain(question):
    a = models("sim/alpha", question)
    return models("sim/beta", a)


@xcs.jit
def loop(items):
    return [fetch(i) for i in items]


class Pipeline:
    def forward(self, question):
        a = fetch(question)
        b = fetch(question + "!")
        return a + b

    @staticmethod
    def helper(x):
        return x


count = 0

if __name__ == "__main__":
    raise SystemExit("must not run")
'''


@pytest.fixture
def app(tmp_path):
    path = tmp_path / "app.py"
    path.write_text(APP)
    return path


def test_text_plan(ember_cli, app):
    out = ember_cli("explain", f"{app}:answer")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("xcs.jit: app.answer")
    assert "strategy: parallel" in out.stdout
    for label in ("models('sim/alpha', question)", "models('sim/judge', f'{a} {b} {c}')"):
        assert label in out.stdout
    assert "in flight together: #0, #1, #2" in out.stdout
    assert "predicted speedup: 2.00x" in out.stdout


def test_what_the_file_prints_goes_to_stderr(ember_cli, tmp_path):
    (tmp_path / "noisy.py").write_text(APP + '\nprint("hello from the import")\n')
    out = ember_cli("explain", "noisy.py:chain")  # a path relative to the working directory
    assert out.returncode == 0, out.stderr
    assert "hello from the import" in out.stderr and "hello" not in out.stdout
    assert "strategy: direct" in out.stdout  # a chain runs as written


def test_dot_and_mermaid(ember_cli, app):
    dot = ember_cli("explain", f"{app}:answer", "--dot")
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith('digraph "app.answer"')
    assert dot.stdout.count(" -> ") == 3
    mermaid = ember_cli("explain", f"{app}:answer", "--mermaid")
    assert mermaid.stdout.startswith("flowchart LR")
    assert mermaid.stdout.count(" --> ") == 3
    usage_error(ember_cli("explain", f"{app}:answer", "--dot", "--mermaid"))


@pytest.mark.parametrize("name, sites", [("loop", 1), ("Pipeline", 2), ("Pipeline.forward", 2)])
def test_jitted_functions_classes_and_methods(ember_cli, app, name, sites):
    out = ember_cli("explain", f"{app}:{name}", "--mermaid")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('["#') == sites


def test_html_picture_of_the_prediction(ember_cli, app, tmp_path):
    out = ember_cli("explain", f"{app}:answer", "--html", "pics/answer.html")
    assert out.returncode == 0, out.stderr
    page = (tmp_path / "pics" / "answer.html").read_text()
    pictures.assert_self_contained(page)
    timeline, graph = pictures.svgs(page)
    assert len(pictures.bars(timeline)) == 4  # predicted: one bar per call site
    assert len(pictures.critical(timeline)) == 2
    assert "predicted" in pictures.text(timeline)
    assert len(pictures.nodes(graph)) == 4 and len(pictures.edges(graph)) == 3
    assert "models('sim/judge'" in pictures.text(graph)


def test_png_picture(ember_cli, app, tmp_path):
    pytest.importorskip("matplotlib")
    out = ember_cli("explain", f"{app}:answer", "--png", "answer.png")
    assert out.returncode == 0, out.stderr
    pictures.assert_png_has_content(tmp_path / "answer.png",
                                    colours=(pictures.BAR_BLUE, pictures.CRITICAL_RED))


@pytest.mark.parametrize("target, says", [
    ("app.py", "expected FILE.py:FUNCTION"),
    ("missing.py:f", "missing.py: no such file"),
    ("app.py:answr", "has no function 'answr' (did you mean 'answer'?)"),
    ("app.py:Pipeline.nope", "Pipeline has no function 'nope'"),
    ("app.py:count", "count is not a function defined with def (its type is 'int')"),
])
def test_bad_targets(ember_cli, app, target, says):
    assert says in one_line_error(ember_cli("explain", target))


def test_files_that_do_not_import(ember_cli, tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    assert "broken.py:1: syntax error" in one_line_error(ember_cli("explain", "broken.py:f"))
    (tmp_path / "raises.py").write_text(textwrap.dedent("""
        import os
        raise RuntimeError("no database")
    """))
    reason = one_line_error(ember_cli("explain", "raises.py:f"))
    assert "raised RuntimeError: no database" in reason


def test_missing_argument(ember_cli):
    assert "required: FILE.py:FUNCTION" in usage_error(ember_cli("explain"))
