"""`ember eval SYSTEM DATASET`: NON notation, module:callable and model ids; --help; bad
input exits 2 with one line saying why."""

from __future__ import annotations

import json

import pytest

from ember.cli._eval import _split_stages
from tests.cli.conftest import one_line_error

ROWS = [{"question": f"{i}+{i}?", "answer": str(2 * i)} for i in range(12)]


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    return path


def test_help(ember_cli):
    out = ember_cli("eval", "--help")
    assert out.returncode == 0
    for flag in ("--evaluator", "--record", "--resume", "--max-items-in-flight", "--backend"):
        assert flag in out.stdout


def test_module_callable_with_json_summary_and_resume(ember_cli, write_module, dataset):
    write_module("doubler", """
        def answer(question):
            a, _ = question.rstrip("?").split("+")
            return str(2 * int(a)) if int(a) % 2 == 0 else "?"
    """)
    out = ember_cli("eval", "doubler:answer", "qa.jsonl", "-e", "numeric", "-r", "run.db",
                    "--json", "--no-progress")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["items"], summary["score"], summary["errors"]) == (12, 0.5, 0)
    again = ember_cli("eval", "doubler:answer", "qa.jsonl", "-e", "numeric", "-r", "run.db",
                      "--resume", "--limit", "5")
    assert again.returncode == 0, again.stderr
    assert "over 5 items, 5 from an earlier run" in again.stdout and "record: run.db" in again.stdout


def test_non_notation_and_model_ids(cli_here, dataset):
    code, out, err = cli_here("eval", "3E@sim/gpt(latency=0.01), 1J@sim/judge(latency=0.01)",
                              "qa.jsonl", "--json", "-n", "8")
    assert code == 0, err
    assert json.loads(out)["calls"] == 12 * 4
    code, out, err = cli_here("eval", "sim/gpt", "qa.jsonl", "--json", "--limit", "3",
                              "--shuffle", "1")
    assert code == 0, err
    assert json.loads(out)["calls"] == 3


def test_split_stages_respects_parentheses():
    assert _split_stages("5E@sim/gpt(temp=0.7, seed=1),1J@sim/judge") == [
        "5E@sim/gpt(temp=0.7, seed=1)", "1J@sim/judge"]


@pytest.fixture
def cli_here(tmp_path, monkeypatch, capsys):
    """Run `ember ...` in this process (same code path, no interpreter start-up):
    returns (exit code, stdout, stderr)."""
    from ember.cli import main

    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_bad_input_in_a_real_process_exits_2_with_one_line(ember_cli, tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"question": "a"}\n{"question": \n')
    assert "bad.jsonl:2: not valid JSON" in one_line_error(ember_cli("eval", "sim/gpt",
                                                                     "bad.jsonl"))


@pytest.mark.parametrize("args, words", [
    (["sim/gpt", "missing.jsonl"], "missing.jsonl: no such file"),
    (["sim/gpt", "qa.jsonl", "-e", "bogus"], "evaluator 'bogus': unknown"),
    (["sim/gpt", "qa.jsonl", "--resume"], "--resume needs --record"),
    (["sim/gpt", "qa.jsonl", "-n", "0"], "--max-items-in-flight 0: must be >= 1"),
    (["5Q@sim/gpt", "qa.jsonl"], "system '5Q@sim/gpt'"),
    (["nosuchmod:f", "qa.jsonl"], "cannot import 'nosuchmod'"),
    (["what is this", "qa.jsonl"], "not NON notation"),
    (["sim/gpt", "qa.jsonl", "--input", "nope"], "item has no field 'nope'"),
    (["sim/gpt", "qa.jsonl", "--split", "test"], "--split applies to hf: datasets only"),
])
def test_bad_input_exits_2_with_one_line(cli_here, dataset, tmp_path, args, words):
    (tmp_path / "bad.jsonl").write_text('{"question": "a"}\n{"question": \n')
    code, _, err = cli_here("eval", *args)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("ember: ") and words in line


def test_existing_record_needs_resume(cli_here, dataset):
    assert cli_here("eval", "sim/gpt", "qa.jsonl", "-r", "r.db", "--limit", "2")[0] == 0
    code, _, err = cli_here("eval", "sim/gpt", "qa.jsonl", "-r", "r.db")
    assert code == 2 and "already holds 2 item(s)" in err and "--resume" in err
    code, _, err = cli_here("eval", "sim/claude", "qa.jsonl", "-r", "r.db", "--resume")
    assert code == 2 and "was written with system 'sim/gpt'" in err


def test_raise_errors_exits_1(cli_here, write_module, dataset):
    write_module("boom", """
        def answer(question):
            raise ZeroDivisionError("no answer for " + question)
    """)
    code, out, _ = cli_here("eval", "boom:answer", "qa.jsonl", "--no-progress")
    assert code == 0 and "errors 12" in out
    code, _, err = cli_here("eval", "boom:answer", "qa.jsonl", "--raise-errors", "-n", "1")
    assert code == 1
    assert err.strip() == "ember: an item failed (ZeroDivisionError): no answer for 0+0?"
