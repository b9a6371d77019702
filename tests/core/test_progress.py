"""The one progress display (`ember._core.Progress`), shared by `xcs.vmap`/`pmap` and `evaluate`."""

from __future__ import annotations

import doctest
import io

import pytest

from ember import xcs
from ember._core import Progress, _progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_redrawn_in_place_with_rate_eta_and_errors() -> None:
    stream = Terminal()
    bar = Progress(4, "vmap(f)", enabled=True, stream=stream)
    with bar:
        bar.add()
        bar.add(failed=True)
        bar.draw()
        for _ in range(2):
            bar.add()
    text = stream.getvalue()
    assert text.startswith("\r\x1b[2Kvmap(f) ") and text.endswith("\n")
    last = text.rsplit("\r\x1b[2K", 1)[1]
    assert "4/4 100%" in last and "it/s" in last and "errors 1" in last and "eta 0s" in last
    assert "tokens" not in last  # spend only where a meter gives it


def test_spend_is_shown_when_asked() -> None:
    bar = Progress(2, "eval", enabled=True, stream=io.StringIO(), spend=True)
    bar.add(tokens=1200, cost=0.25, unpriced=1)
    assert "tokens 1,200  cost $0.2500+?" in bar.line()


def test_automatic_mode_draws_nothing_off_a_terminal_or_for_short_runs() -> None:
    quiet = io.StringIO()
    with Progress(4, "vmap(f)", enabled=None, stream=quiet) as bar:
        bar.add()
    assert quiet.getvalue() == "" and not bar.enabled
    short = Terminal()
    with Progress(4, "vmap(f)", enabled=None, stream=short) as bar:
        bar.add()  # ends well before the half-second delay
    assert short.getvalue() == ""


def test_off_a_terminal_it_writes_plain_lines() -> None:
    log = io.StringIO()
    with Progress(3, "eval", enabled=True, stream=log) as bar:
        for _ in range(3):
            bar.add()
    lines = log.getvalue().splitlines()
    assert lines and "\r" not in log.getvalue() and lines[-1].startswith("eval 3/3 100%")


def test_vmap_progress_true_writes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    xcs.vmap(abs, progress=True)([-1, -2, -3])
    assert "vmap(abs) 3/3 100%" in capsys.readouterr().err
    xcs.vmap(abs)([-1, -2, -3])
    assert capsys.readouterr().err == ""


def test_docstring_examples_run() -> None:
    assert doctest.testmod(_progress).failed == 0
