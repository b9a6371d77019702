"""The config file and the environment: precedence, caching and errors that name the fix."""

from __future__ import annotations

import asyncio
import os
import stat

import pytest

from ember.errors import ConfigError, ConfigNotAFile, InvalidParameter, MissingAPIKey
from ember.models import _config, models
from ember.models._config import DEFAULT_TIMEOUT


def test_no_file_means_built_in_defaults(isolated_config):
    assert not isolated_config.exists()
    config = _config.current()
    openai = config.get("openai")
    assert openai.base_url == "https://api.openai.com/v1" and openai.wire == "openai"
    assert openai.api_key is None and openai.key_env == "OPENAI_API_KEY"
    assert openai.timeout == DEFAULT_TIMEOUT
    assert openai.max_calls_in_flight is None  # adaptive: no ceiling
    assert config.get("anthropic").base_url == "https://api.anthropic.com"
    assert config.endpoints == {}


def test_config_path_comes_from_ember_config(isolated_config, monkeypatch, tmp_path):
    assert _config.config_path() == str(isolated_config)
    monkeypatch.delenv("EMBER_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert _config.config_path() == str(tmp_path / "ember" / "config.toml")


def test_endpoint_and_provider_sections(write_config, monkeypatch):
    monkeypatch.setenv("LOCAL_KEY", "k-local")
    write_config(
        providers={"openai": {"rpm": 500, "max_calls_in_flight": 8, "timeout": 5}},
        endpoints={"local": {"base_url": "http://127.0.0.1:8000/v1/", "api_key_env": "LOCAL_KEY",
                             "tpm": 1000, "max_attempts": 3, "models": ["llama3"]},
                   "claude-proxy": {"wire": "anthropic", "base_url": "https://proxy.example"}},
    )
    config = _config.current()
    openai = config.get("openai")
    assert (openai.rpm, openai.max_calls_in_flight, openai.timeout) == (500, 8, 5)
    local = config.get("local")
    assert local.base_url == "http://127.0.0.1:8000/v1"  # trailing slash dropped
    assert local.wire == "openai" and local.api_key.reveal() == "k-local"
    assert (local.tpm, local.max_attempts, local.models) == (1000, 3, ("llama3",))
    assert config.get("claude-proxy").wire == "anthropic"
    assert config.get("claude-proxy").api_key is None  # no auth header at all


def test_env_wins_over_the_file(write_config, monkeypatch):
    write_config(providers={"openai": {"base_url": "http://file.example/v1",
                                       "api_key": "from-file"}})
    assert _config.current().get("openai").api_key.reveal() == "from-file"
    assert _config.current().get("openai").base_url == "http://file.example/v1"
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.example/v1")
    assert _config.current().get("openai").api_key.reveal() == "from-env"
    assert _config.current().get("openai").base_url == "http://env.example/v1"


def test_settings_follow_file_and_env_changes(write_config, monkeypatch):
    write_config(endpoints={"a": {"base_url": "http://a.example/v1"}})
    first = _config.current()
    assert _config.current() is first  # cached while nothing changes
    write_config(endpoints={"a": {"base_url": "http://a.example/v1"},
                            "b": {"base_url": "http://b.example/v1"}})
    assert set(_config.current().endpoints) == {"a", "b"}
    monkeypatch.setenv("OPENAI_API_KEY", "new")
    assert _config.current().get("openai").api_key.reveal() == "new"


def test_missing_key_names_the_env_var(write_config):
    with pytest.raises(MissingAPIKey, match="OPENAI_API_KEY") as info:
        models("openai/gpt-4o", "Hi")
    assert info.value.env_var == "OPENAI_API_KEY" and info.value.provider == "openai"
    with pytest.raises(MissingAPIKey, match="ANTHROPIC_API_KEY"):
        models("anthropic/claude-sonnet-4", "Hi")
    write_config(endpoints={"local": {"base_url": "http://127.0.0.1:9/v1",
                                      "api_key_env": "LOCAL_LLM_KEY"}})
    with pytest.raises(MissingAPIKey, match="export LOCAL_LLM_KEY=") as info:
        models("local/llama3", "Hi")
    assert info.value.env_var == "LOCAL_LLM_KEY"


BAD_CONFIGS = [
    ('[endpoints.local]\nbase_url = "http://h/v1"\nrpmm = 5\n',
     r"\[endpoints.local\].*unknown key `rpmm` \(did you mean `rpm`\?\)"),
    ('[endpoints.local]\nbase_url = "http://h/v1"\nrpm = "fast"\n',
     r"\[endpoints.local\].*`rpm` = 'fast' is not valid.*number > 0.*rpm = 600"),
    ('[endpoints.local]\nbase_url = "ftp://h"\n', r"`base_url`.*http\(s\) URL"),
    ('[endpoints.local]\nbase_url = "not a url"\n', r"`base_url`.*http\(s\) URL"),
    ('[endpoints.local]\nrpm = 5\n', r"missing `base_url`"),
    ('[endpoints.local]\nbase_url = "http://h"\nwire = "grpc"\n', r"`wire`.*'anthropic'"),
    ('[endpoints.local]\nbase_url = "http://h"\nmax_calls_in_flight = 0\n', r"int >= 1"),
    ('[endpoints.local]\nbase_url = "http://h"\nmax_calls_in_flight = true\n', r"int >= 1"),
    ('[endpoints.local]\nbase_url = "http://h"\nmax_attempts = 21\n',
     r"`max_attempts` = 21 is not valid.*an int from 1 to 20"),
    ('[endpoints.local]\nbase_url = "http://h"\nmax_attempts = 1000000\n', r"from 1 to 20"),
    ('[endpoints.local]\nbase_url = "http://h"\nrpm = inf\n',
     r"`rpm` = inf is not valid.*a finite number > 0"),
    ('[endpoints.local]\nbase_url = "http://h"\ntpm = nan\n',
     r"`tpm` = nan is not valid.*a finite number > 0"),
    ('[endpoints.local]\nbase_url = "http://h"\ntpm = -1\n', r"`tpm` = -1 is not valid"),
    ('[endpoints.local]\nbase_url = "http://h"\ntimeout = inf\n',
     r"`timeout` = inf is not valid.*a finite number > 0"),
    ('[providers.openai]\ntimeout = -inf\n', r"`timeout` = -inf is not valid"),
    ('[endpoints.local]\nbase_url = "http://h"\napi_key = "a"\napi_key_env = "B"\n',
     r"not both"),
    ('[endpoints.local]\nbase_url = "http://h"\napi_key_env = "not a name"\n',
     r"environment variable name"),
    ('[endpoints.openai]\nbase_url = "http://h"\n', r"built-in provider.*\[providers.openai\]"),
    ('[endpoints.Local]\nbase_url = "http://h"\n', r"lowercase"),
    ('[providers.openai]\nwire = "anthropic"\n', r"unknown key `wire`"),
    ('[providers.mistral]\nrpm = 5\n', r"no built-in HTTP provider `mistral`"),
    ('[models]\nx = 1\n', r"\[models\]: unknown table"),
    ('[endpoints.local\nbase_url = "http://h"\n', r"not valid TOML"),
    ('endpoints = 3\n', r"table of tables"),
]


@pytest.mark.parametrize(("text", "match"), BAD_CONFIGS)
def test_bad_config_names_file_key_and_fix(write_config, text, match):
    path = write_config(raw=text)
    with pytest.raises(ConfigError, match=match) as info:
        models("local/llama3", "Hi")
    assert str(info.value).startswith(str(path))
    assert "Fix" in str(info.value)


def test_bad_env_base_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "localhost:8000")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL.*export OPENAI_BASE_URL="):
        models("openai/gpt-4o", "Hi")


def test_sim_calls_never_read_the_config(write_config):
    write_config(raw="this is not toml [")
    assert models("sim/gpt", "Hi", latency=0).model_id == "sim/gpt"


# --------------------------------------------------------------------------- not a file


def _kinds(tmp_path):
    fifo = tmp_path / "config.fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "config.d"
    folder.mkdir()
    return [(fifo, "named pipe (FIFO)"), (folder, "directory"),
            (os.devnull, "character device")]


@pytest.mark.timeout(20)  # today's code blocked forever in open(); this must fail, not hang
def test_a_config_path_that_is_not_a_regular_file_is_refused(monkeypatch, tmp_path):
    for path, kind in _kinds(tmp_path):
        monkeypatch.setenv("EMBER_CONFIG", str(path))
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        for call in (lambda: models("openai/gpt-4o", "Hi"), _config.current,
                     lambda: models.instance("unconfigured/x")):
            with pytest.raises(ConfigNotAFile) as info:
                call()
            message = str(info.value)
            assert str(path) in message and kind in message, message
            assert "EMBER_CONFIG" in message and "Fix" in message, message
            assert (info.value.path, info.value.kind) == (str(path), kind)
    fifo = tmp_path / "config.fifo"
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    # Nobody holds the pipe open for reading: a writer finds no reader.
    with pytest.raises(OSError) as info:
        os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    assert info.value.errno == 6  # ENXIO
    # The simulator never reads the config, pipe or not.
    assert models("sim/gpt", "Hi", latency=0).model_id == "sim/gpt"


# --------------------------------------------------------------------------- call parameters


@pytest.mark.parametrize(("name", "value", "allowed"), [
    ("timeout", float("inf"), "a number > 0 (seconds, finite), or None"),
    ("timeout", float("-inf"), "a number > 0 (seconds, finite), or None"),
    ("timeout", float("nan"), "a number > 0 (seconds, finite), or None"),
    ("timeout", -1, "a number > 0 (seconds, finite), or None"),
    ("latency", float("inf"), "a number >= 0 (seconds, finite), or None"),
    ("latency", float("nan"), "a number >= 0 (seconds, finite), or None"),
])
@pytest.mark.timeout(20)  # latency=inf slept forever in the simulator
def test_non_finite_and_negative_timeouts_are_refused_everywhere(name, value, allowed):
    for call in (lambda: models("sim/gpt", "Hi", **{name: value}),
                 lambda: models.instance("openai/gpt-4o", **{name: value}),
                 lambda: models.instance("sim/gpt")("Hi", **{name: value})):
        with pytest.raises(InvalidParameter) as info:
            call()
        assert f"{name}={value!r}" in str(info.value) and allowed in str(info.value)


def _counting_stats(monkeypatch, path) -> list[int]:
    """Count `os.stat` calls on `path` (each still made: a spy, not a stand-in)."""
    counted, real = [0], os.stat

    def spy(target, *args, **kwargs):
        if os.fspath(target) == str(path):
            counted[0] += 1
        return real(target, *args, **kwargs)

    monkeypatch.setattr(os, "stat", spy)
    return counted


def test_the_calls_of_one_gather_share_one_check(write_config, monkeypatch):
    path = write_config(endpoints={"a": {"base_url": "http://a.example/v1"}})
    monkeypatch.setattr(_config, "SHARED_CHECK_S", 3600.0)  # no timing in the test
    _config.current()  # the file read (its own stat before it is opened), as a first call does
    stats = _counting_stats(monkeypatch, path)

    async def call() -> set[str]:
        return set(_config.current().endpoints)

    async def main() -> list[set[str]]:
        return await asyncio.gather(*(call() for _ in range(50)))

    assert asyncio.run(main()) == [{"a"}] * 50
    assert stats[0] < 5  # 50 tasks: one check (more only if another loop checked meanwhile)
    monkeypatch.setattr(_config, "SHARED_CHECK_S", 0.0)  # a check serves no other call
    stats[0] = 0
    asyncio.run(main())
    assert stats[0] == 50


def test_a_task_sees_its_own_edit_at_once(write_config, monkeypatch):
    write_config(endpoints={"a": {"base_url": "http://a.example/v1"}})
    monkeypatch.setattr(_config, "SHARED_CHECK_S", 3600.0)  # only the task rule applies

    async def main() -> tuple[set[str], set[str]]:
        before = set(_config.current().endpoints)
        write_config(endpoints={"a": {"base_url": "http://a.example/v1"},
                                "b": {"base_url": "http://b.example/v1"}})
        return before, set(_config.current().endpoints)  # the same task, the same step

    assert asyncio.run(main()) == ({"a"}, {"a", "b"})


def test_an_edit_is_seen_by_every_call_once_the_shared_check_lapses(write_config):
    write_config(endpoints={"a": {"base_url": "http://a.example/v1"}})

    async def endpoints() -> set[str]:
        return set(_config.current().endpoints)

    async def main() -> tuple[set[str], set[str]]:
        before = await asyncio.create_task(endpoints())
        write_config(endpoints={"b": {"base_url": "http://b.example/v1"}})
        await asyncio.sleep(2 * _config.SHARED_CHECK_S)  # at least this long: no upper bound
        return before, await asyncio.create_task(endpoints())  # another task

    assert asyncio.run(main()) == ({"a"}, {"b"})


def test_an_endpoint_moved_in_the_file_is_called_at_its_new_address(make_server, write_config):
    first, second = make_server(), make_server()
    write_config(endpoints={"local": {"base_url": first.openai_base_url}})

    async def main() -> None:
        await asyncio.gather(*(models.acall("local/m", f"Hi {i}") for i in range(5)))
        write_config(endpoints={"local": {"base_url": second.openai_base_url, "rpm": 6000}})
        await asyncio.sleep(2 * _config.SHARED_CHECK_S)  # at least this long: no upper bound
        await models.acall("local/m", "Hi again")

    asyncio.run(main())
    assert (first.stats()["completed"], second.stats()["completed"]) == (5, 1)
