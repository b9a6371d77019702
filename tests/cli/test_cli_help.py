"""`ember --help` and every subcommand's `--help`; unknown commands fail with a reason."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.cli.conftest import one_line_error, usage_error

COMMANDS = ["demo", "doctor", "explain", "bench", "models", "sim", "configure", "eval"]


def test_top_level_help_lists_every_command(ember_cli):
    out = ember_cli("--help")
    assert out.returncode == 0, out.stderr
    for name in COMMANDS:
        assert f"    {name}" in out.stdout, name


def test_every_command_has_help(ember_cli):
    cases = [[c, "--help"] for c in COMMANDS] + [["sim", "serve", "--help"]]
    with ThreadPoolExecutor(4) as pool:  # independent processes: run them side by side
        results = list(pool.map(lambda args: ember_cli(*args), cases))
    for args, out in zip(cases, results, strict=True):
        assert out.returncode == 0, (args, out.stderr)
        assert out.stdout.startswith(f"usage: ember {args[0]}"), args
        assert len(out.stdout.splitlines()) > 3, args


def test_no_command_prints_help_and_fails(ember_cli):
    out = ember_cli()
    assert out.returncode == 2
    assert "usage: ember" in out.stdout


def test_bad_input_is_one_line(ember_cli):
    assert "invalid choice: 'frobnicate'" in usage_error(ember_cli("frobnicate"))
    assert "--latency" in one_line_error(ember_cli("demo", "--latency", "-1"))
