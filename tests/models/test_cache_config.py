"""The response cache switched on for a whole process (``EMBER_CACHE_DIR``, ``[cache] dir``),
its hits in `usage.cached`, its file shared with another process, and `ember cache`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ember.cli import main as cli
from ember.errors import ConfigError
from ember.models import CACHE_FILE, cache_path, models


def test_env_folder_caches_every_deterministic_call(endpoint, tmp_path, monkeypatch):
    name, server = endpoint("rcenv")
    monkeypatch.setenv("EMBER_CACHE_DIR", str(tmp_path))
    first = models(f"{name}/gpt", "Hi", temperature=0)
    again = models(f"{name}/gpt", "Hi", temperature=0)
    assert server.stats()["requests"] == 1
    assert (first.usage.cached, again.usage.cached) == (False, True)
    assert again == first and again.usage == first.usage and again.cost_usd == 0.0
    models(f"{name}/gpt", "Hi", temperature=0.7)       # sampled: always sent
    models(f"{name}/gpt", "Hi", temperature=0.7)
    assert server.stats()["requests"] == 3
    assert (tmp_path / CACHE_FILE).exists() and cache_path() == tmp_path / CACHE_FILE
    monkeypatch.delenv("EMBER_CACHE_DIR")
    models(f"{name}/gpt", "Hi", temperature=0)         # off again: sent
    assert server.stats()["requests"] == 4 and cache_path() is None


def test_config_file_folder(write_config, make_server, tmp_path):
    server = make_server()
    folder = tmp_path / "answers"
    write_config(raw=f'[endpoints.rcfile]\nwire = "openai"\nbase_url = "{server.openai_base_url}"'
                     f'\n\n[cache]\ndir = "{folder}"\n')
    assert models("rcfile/gpt", "Hi", seed=3).usage.cached is False
    assert models("rcfile/gpt", "Hi", seed=3).usage.cached is True
    assert server.stats()["requests"] == 1 and (folder / CACHE_FILE).exists()


@pytest.mark.parametrize("raw", ['[cache]\nfolder = "x"\n', "[cache]\ndir = 3\n",
                                 '[cache]\ndir = " "\n'])
def test_bad_cache_table_is_a_config_error(write_config, raw):
    write_config(raw=raw)
    with pytest.raises(ConfigError, match=r"\[cache\]"):
        cache_path()
    assert models("sim/gpt", "Hi", latency=0)   # in-process models never need the file


def test_another_process_fills_the_cache_this_one_reads(endpoint, tmp_path, monkeypatch):
    name, server = endpoint("rcproc")
    monkeypatch.setenv("EMBER_CACHE_DIR", str(tmp_path))
    code = f"from ember.models import models; print(models('{name}/gpt', 'Hi', temperature=0))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.strip()
    assert server.stats()["requests"] == 1
    here = models(f"{name}/gpt", "Hi", temperature=0)
    assert server.stats()["requests"] == 1 and here.usage.cached and here == out


def test_cli_info_and_clear(tmp_path, monkeypatch, capsys):
    assert cli(["cache", "info"]) == 2
    assert "EMBER_CACHE_DIR" in capsys.readouterr().err
    monkeypatch.setenv("EMBER_CACHE_DIR", str(tmp_path))
    assert cli(["cache", "info"]) == 0
    assert "no cached answers" in capsys.readouterr().out
    for prompt in ("a", "b"):
        models("sim/gpt", prompt, temperature=0, latency=0)
    assert cli(["cache", "info"]) == 0
    assert "2 answers" in capsys.readouterr().out
    assert cli(["cache", "clear"]) == 0
    assert "cleared 2 answers" in capsys.readouterr().out
    assert cli(["cache", "info", "--dir", str(tmp_path)]) == 0
    assert "0 answers" in capsys.readouterr().out
    # The configured cache forgot them too: the next call is made, not served.
    assert models("sim/gpt", "a", temperature=0, latency=0).usage.cached is False
