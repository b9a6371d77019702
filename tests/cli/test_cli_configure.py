"""`ember configure`: keys into a 0600 config file, never shown, env vars still winning."""

from __future__ import annotations

import os
import stat
import tomllib

import pytest

from ember.cli import _configure
from tests.cli.conftest import one_line_error

KEY = "sk-test-0123456789abcdefXYZ"


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_key_from_stdin_goes_to_a_private_file(ember_cli, isolated_config):
    out = ember_cli("configure", "--provider", "openai", "--api-key", "-", input=KEY + "\n")
    assert out.returncode == 0, out.stderr
    assert KEY not in out.stdout + out.stderr
    assert "api_key = ***" in out.stdout and "0600" in out.stdout
    assert mode(isolated_config) == 0o600
    assert tomllib.loads(isolated_config.read_text())["providers"]["openai"] == {"api_key": KEY}

    # Ember reads it back; `--show` says where it came from without showing it.
    show = ember_cli("configure", "--show")
    assert show.returncode == 0, show.stderr
    assert KEY not in show.stdout and KEY[3:11] not in show.stdout
    assert "[provider openai]" in show.stdout
    assert "key       *** (from api_key in" in show.stdout
    assert "(permissions 0600)" in show.stdout


def test_environment_wins_over_the_file(ember_cli, isolated_config):
    env_key = "sk-env-9876543210zyxwvu"
    out = ember_cli("configure", "--provider", "openai", "--api-key", "-", input=KEY,
                    env={"OPENAI_API_KEY": env_key})
    assert out.returncode == 0, out.stderr
    assert "$OPENAI_API_KEY is set in this environment and wins" in out.stdout
    show = ember_cli("configure", "--show", env={"OPENAI_API_KEY": env_key})
    assert "*** (from $OPENAI_API_KEY)" in show.stdout
    assert env_key not in show.stdout and KEY not in show.stdout


def test_key_env_and_endpoint_keep_the_rest_of_the_file(ember_cli, isolated_config):
    isolated_config.write_text("# my settings\n[providers.anthropic]\nrpm = 50  # shared org\n")
    isolated_config.chmod(0o644)
    out = ember_cli("configure", "--provider", "anthropic", "--api-key-env", "MY_CLAUDE_KEY")
    assert out.returncode == 0, out.stderr
    out = ember_cli("configure", "--endpoint", "local", "--base-url", "http://127.0.0.1:8000/v1",
                    "--models", "llama3, qwen2.5")
    assert out.returncode == 0, out.stderr
    text = isolated_config.read_text()
    assert text.startswith("# my settings\n") and "rpm = 50  # shared org" in text
    data = tomllib.loads(text)
    assert data["providers"]["anthropic"] == {"rpm": 50, "api_key_env": "MY_CLAUDE_KEY"}
    assert data["endpoints"]["local"] == {"wire": "openai",
                                          "base_url": "http://127.0.0.1:8000/v1",
                                          "models": ["llama3", "qwen2.5"]}
    assert mode(isolated_config) == 0o600  # rewritten private, even though it was 0644
    models = ember_cli("models")
    assert "local/llama3" in models.stdout.split()
    show = ember_cli("configure", "--show")
    assert "[endpoint local]" in show.stdout and "not set (export MY_CLAUDE_KEY=" in show.stdout
    # A stored key replaces the variable's name (one or the other, never both).
    ember_cli("configure", "--provider", "anthropic", "--api-key", "-", input=KEY)
    assert tomllib.loads(isolated_config.read_text())["providers"]["anthropic"] == {
        "rpm": 50, "api_key": KEY}


@pytest.mark.parametrize("args, says", [
    (["--provider", "openai", "--api-key", KEY], "refusing a key given on the command line"),
    (["--provider", "opena1", "--api-key-env", "K"], "did you mean 'openai'?"),
    (["--provider", "openai", "--api-key-env", "not a name"], "environment variable name"),
    (["--endpoint", "local"], "--endpoint local needs --base-url URL"),
    (["--endpoint", "local", "--base-url", "ftp://x"], "http(s) URL"),
    (["--provider", "openai", "--api-key", "-"], "no key on stdin"),
    ([], "nothing to configure"),
])
def test_bad_input(ember_cli, isolated_config, args, says):
    assert says in one_line_error(ember_cli("configure", *args, input=""))
    assert not isolated_config.exists()  # nothing written


def test_broken_file_is_reported(ember_cli, isolated_config):
    isolated_config.write_text("[providers.openai\n")
    assert "not valid TOML" in one_line_error(
        ember_cli("configure", "--provider", "openai", "--api-key-env", "K"))
    assert "not valid TOML" in one_line_error(ember_cli("configure", "--show"))


def test_interactive_prompts(isolated_config, monkeypatch, capsys):
    """The terminal flow, driven in process: the key is asked for without echo."""
    answers = iter(["openai"])
    secrets = iter([KEY])
    from ember.models import lowlevel as config

    assert _configure._interactive(config, lambda _: next(answers),
                                   lambda _: next(secrets)) == 0
    assert tomllib.loads(isolated_config.read_text())["providers"]["openai"] == {"api_key": KEY}
    assert KEY not in capsys.readouterr().out
    # An empty key means: read the provider's usual variable at call time.
    answers, secrets = iter(["anthropic"]), iter([""])
    _configure._interactive(config, lambda _: next(answers), lambda _: next(secrets))
    assert tomllib.loads(isolated_config.read_text())["providers"]["anthropic"] == {
        "api_key_env": "ANTHROPIC_API_KEY"}


def test_set_section_edits_only_its_table():
    text = ('[providers.openai]\nrpm = 5\nmodels = [\n  "a",\n]\n\n'
            '[endpoints.x]\nbase_url = "http://h/v1"\n')
    new = _configure.set_section(text, "providers.openai", {"models": ["b"], "rpm": None,
                                                             "api_key_env": "K"})
    assert tomllib.loads(new) == {"providers": {"openai": {"models": ["b"], "api_key_env": "K"}},
                                  "endpoints": {"x": {"base_url": "http://h/v1"}}}
    assert _configure.set_section("", "endpoints.y", {"wire": "openai"}) == \
        '[endpoints.y]\nwire = "openai"\n'


URL = "http://127.0.0.1:8000/v1"


@pytest.mark.parametrize(("name", "says"), [
    ("BAD NAME", "has uppercase letters (B, A, D, N, M, E) and a space"),
    ("Bad.Name", "has uppercase letters (B, N)"),
    ("my server", "has a space"),
    ("a/b", "has '/'"),
    ("-local", "starts with '-'"),
    ("", "is empty"),
    ("sim", "is a built-in provider"),
    ("openai", "is a built-in provider"),
])
def test_bad_endpoint_names_are_refused_before_writing(ember_cli, isolated_config, name, says):
    for existing in (None, "# mine\n[endpoints.local]\nbase_url = \"http://h/v1\"\n"):
        if existing is not None:
            isolated_config.write_text(existing)
        line = one_line_error(ember_cli("configure", f"--endpoint={name}", "--base-url", URL))
        assert f"--endpoint {name!r}" in line and says in line, line
        assert "lowercase letters, digits, '_', '.' or '-'" in line or "built-in" in line, line
        assert "TOML" not in line and "[endpoints." not in line, line
        if existing is None:
            assert not isolated_config.exists()
        else:
            assert isolated_config.read_text() == existing  # unchanged


def test_a_bad_name_suggests_one_that_works(ember_cli, isolated_config):
    line = one_line_error(ember_cli("configure", "--endpoint", "My Server", "--base-url", URL))
    assert "Fix: e.g. --endpoint my-server" in line, line


def test_an_endpoint_name_with_a_dot_works(ember_cli, isolated_config):
    out = ember_cli("configure", "--endpoint", "my.server", "--base-url", URL, "--models", "m1")
    assert out.returncode == 0, out.stderr
    assert tomllib.loads(isolated_config.read_text())["endpoints"] == {
        "my.server": {"wire": "openai", "base_url": URL, "models": ["m1"]}}
    # Configured again, the same table is edited (not a second one added).
    out = ember_cli("configure", "--endpoint", "my.server", "--base-url", URL + "/x")
    assert out.returncode == 0, out.stderr
    assert tomllib.loads(isolated_config.read_text())["endpoints"]["my.server"]["base_url"] == \
        URL + "/x"
    assert "my.server/m1" in ember_cli("models").stdout.split()


def test_interactive_endpoint_names_are_checked_too(isolated_config):
    from ember.cli import CLIError
    from ember.models import lowlevel as config

    answers = iter(["BAD NAME", URL, "openai"])
    with pytest.raises(CLIError, match="uppercase letters"):
        _configure._interactive(config, lambda _: next(answers), lambda _: "")
    assert not isolated_config.exists()


@pytest.mark.timeout(30)  # today's code blocked reading the pipe; it must fail, not hang
def test_a_config_path_that_is_a_pipe_is_refused(ember_cli, tmp_path):
    fifo = tmp_path / "config.fifo"
    os.mkfifo(fifo)
    env = {"EMBER_CONFIG": str(fifo)}
    for args in (["--provider", "openai", "--api-key-env", "K"], ["--show"],
                 ["--endpoint", "local", "--base-url", URL]):
        line = one_line_error(ember_cli("configure", *args, env=env))
        assert str(fifo) in line and "named pipe (FIFO)" in line, line
        assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe: nothing replaced it
