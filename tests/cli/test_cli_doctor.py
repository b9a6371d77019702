"""`ember doctor` and `ember --version`: what a newcomer runs first.

Endpoints are simulator servers on 127.0.0.1; keys are canaries that must never appear in
what the command prints, while the names of the variables holding them must.
"""

from __future__ import annotations

import socket

import ember

CANARY = "sk-canary-doctor-7f3a9c1e5b"
FILE_CANARY = "sk-canary-in-file-42d8e6b0a1"


def _free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_version(ember_cli):
    out = ember_cli("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"ember {ember.__version__} (Python 3.")


def test_reports_keys_by_name_never_their_values(ember_cli, make_server, endpoint):
    server = make_server(api_key=CANARY)
    endpoint("local", server=server, api_key=FILE_CANARY)  # the wrong key, in the file
    out = ember_cli("doctor", "--timeout", "5", env={
        "OPENAI_API_KEY": CANARY, "OPENAI_BASE_URL": server.openai_base_url,
        "SOME_SERVICE_API_KEY": CANARY})
    shown = out.stdout + out.stderr
    assert CANARY not in shown and FILE_CANARY not in shown
    assert CANARY[:12] not in shown and FILE_CANARY[-10:] not in shown
    lines = shown.splitlines()
    assert any(line.split()[:4] == ["OPENAI_API_KEY", "set,", "used", "by"] for line in lines), shown
    assert any(line.split()[:2] == ["SOME_SERVICE_API_KEY", "set,"] and "not used" in line
               for line in lines), shown
    # The built-in provider pointed at the server answers with the right key; the endpoint
    # whose file key is wrong is told apart from one that is down.
    openai = next(line for line in lines if line.split()[:2] == ["openai", "ok"])
    assert "answers (HTTP 200" in openai and server.openai_base_url in openai
    local = next(line for line in lines if line.split()[:2] == ["local", "FAIL"])
    assert "refuses the credentials (HTTP 401)" in local and "api_key in" in local
    assert out.returncode == 1


def test_reports_python_extras_config_and_a_dead_endpoint(ember_cli, write_config):
    port = _free_port()
    path = write_config(endpoints={"gone": {"base_url": f"http://127.0.0.1:{port}/v1"}})
    out = ember_cli("doctor", "--timeout", "5")
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"ember {ember.__version__} (" in out.stdout
    assert "Python 3." in out.stdout
    assert f"config file: {path} ($EMBER_CONFIG, found)" in out.stdout
    assert "\nextras:\n" in out.stdout and "  plot " in out.stdout
    assert "  sim" in out.stdout and "key: not needed" in out.stdout
    assert "key: missing: set ANTHROPIC_API_KEY" in out.stdout
    gone = next(line for line in out.stdout.splitlines() if line.split()[:2] == ["gone", "FAIL"])
    assert "no answer" in gone


def test_offline_contacts_nothing_and_an_unconfigured_machine_is_fine(ember_cli):
    out = ember_cli("doctor", "--offline")
    assert out.returncode == 0, out.stderr
    assert "endpoints: not contacted (--offline)" in out.stdout
    out = ember_cli("doctor")  # no keys, no endpoints: nothing to contact, nothing wrong
    assert out.returncode == 0, out.stderr
    assert "endpoints: not contacted (none configured)" in out.stdout


def test_an_invalid_config_file_is_reported(ember_cli, write_config):
    write_config(raw="[endpoints.x]\nbase_url = 42\n")
    out = ember_cli("doctor")
    assert out.returncode == 1
    assert "invalid:" in out.stdout and "base_url" in out.stdout
