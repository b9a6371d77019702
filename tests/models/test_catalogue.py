"""Bare model ids through the catalogue, `models.providers()`, `models.info()`, and usage read
as a mapping: what programs written for the earlier Ember expect of `models`."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from ember.errors import AmbiguousModel, EmberError, InvalidModelId, MissingAPIKey, UnknownModel
from ember.models import ModelInfo, Usage, models
from ember.models._catalogue import catalogue


@pytest.mark.parametrize(("bare", "provider", "env"), [
    ("gpt-4o-mini", "openai", "OPENAI_API_KEY"),
    ("claude-sonnet-4", "anthropic", "ANTHROPIC_API_KEY"),
    ("gemini-2.5-flash", "gemini", "GEMINI_API_KEY"),
])
def test_bare_ids_resolve_and_a_missing_key_names_the_variable_and_sim(bare, provider, env):
    with pytest.raises(MissingAPIKey) as info:
        models(bare, "Hi")
    assert info.value.provider == provider and info.value.env_var == env
    message = str(info.value)
    assert message.startswith(f"{provider}/{bare}: ")
    assert f"export {env}=" in message and f"sim/{bare}" in message


def test_a_bare_id_reaches_its_provider(make_server, monkeypatch):
    server = make_server()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-bare-id")
    monkeypatch.setenv("OPENAI_BASE_URL", server.openai_base_url)
    result = models("gpt-4o-mini", "Hi", temperature=0)
    assert result.model_id == "openai/gpt-4o-mini"
    assert result.cost_usd is not None and result.cost_usd > 0  # priced from the catalogue
    binding = models.instance("gpt-4o-mini", temperature=0)
    assert binding("Hi") == result


def test_endpoint_models_are_bare_ids_and_two_endpoints_make_one_ambiguous(
        make_server, write_config):
    server = make_server()
    write_config(endpoints={
        "box": {"base_url": server.openai_base_url, "models": ["llama3", "qwen2.5"]},
        "rack": {"base_url": server.openai_base_url, "models": ["llama3"]}})
    assert models("qwen2.5", "Hi").model_id == "box/qwen2.5"
    with pytest.raises(AmbiguousModel) as info:
        models("llama3", "Hi")
    assert info.value.candidates == ("box/llama3", "rack/llama3")
    assert "box/llama3, rack/llama3" in str(info.value)


def test_unknown_and_ambiguous_bare_ids_list_the_closest(write_config):
    with pytest.raises(UnknownModel) as info:
        models("gpt-4o-mnii", "Hi")
    error = info.value
    assert isinstance(error, EmberError) and isinstance(error, InvalidModelId)
    assert error.candidates[0] == "openai/gpt-4o-mini"
    assert "closest: openai/gpt-4o-mini" in str(error) and "sim/gpt-4o-mnii" in str(error)
    with pytest.raises(AmbiguousModel) as info:
        models.instance("claude", temperature=0)
    assert "anthropic/claude-sonnet-4" in info.value.candidates
    assert all(c.startswith("anthropic/claude-") for c in info.value.candidates)
    with pytest.raises(UnknownModel) as info:
        models("zzzzzz", "Hi")
    assert info.value.candidates == ()


def test_the_catalogue_is_data_in_the_package():
    data = json.loads(resources.files("ember.models").joinpath("catalogue.json").read_text())
    assert len(data["models"]) == len(catalogue()) > 10
    for entry in catalogue():
        assert entry.context_window and entry.input_per_mtok and entry.output_per_mtok, entry
    assert models.info("claude-sonnet-4") == ModelInfo("anthropic", "claude-sonnet-4", 200000,
                                                       3.0, 15.0)
    assert models.info("openai/gpt-4o-mini-2024-07-18").name == "gpt-4o-mini"
    assert models.info("sim/gpt") is None
    assert "openai/gpt-4o-mini" in models.list()


def test_providers_say_which_have_credentials(write_config, monkeypatch):
    write_config(endpoints={"local": {"base_url": "http://127.0.0.1:9/v1"},
                            "keyed": {"base_url": "http://127.0.0.1:9/v1",
                                      "api_key_env": "KEYED_TEST_KEY"}})
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-canary-providers-1234")
    found = {p.name: p for p in models.providers()}
    assert list(found)[:4] == ["sim", "openai", "anthropic", "gemini"]
    assert found["sim"].has_credentials and found["sim"].kind == "in-process"
    assert not found["openai"].has_credentials
    assert found["openai"].credentials == "missing: set OPENAI_API_KEY"
    assert found["anthropic"].has_credentials
    assert found["anthropic"].credentials == "$ANTHROPIC_API_KEY"
    assert found["local"].kind == "endpoint" and found["local"].has_credentials  # needs none
    assert found["keyed"].credentials == "missing: set KEYED_TEST_KEY"
    assert "canary" not in repr(models.providers())


def test_usage_reads_as_attributes_and_as_a_mapping():
    usage = models("sim/gpt", "Hello there", latency=0).usage
    assert usage.total_tokens == usage["total_tokens"] > 0
    assert usage["prompt_tokens"] + usage["completion_tokens"] == usage["total_tokens"]
    assert dict(usage) == {"prompt_tokens": usage.prompt_tokens,
                           "completion_tokens": usage.completion_tokens,
                           "total_tokens": usage.total_tokens}
    assert usage.get("cost") is None and "total_tokens" in usage
    with pytest.raises(KeyError, match="usage counts are"):
        usage["tokens"]
    assert Usage(1, 2) + Usage(3, 4) == Usage(4, 6)


@pytest.mark.parametrize("name", ["ember.models._catalogue", "ember.models._providers",
                                  "ember.models._result", "ember.models._ids",
                                  "ember.models._pricing", "ember.api"])
def test_doctests(name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(name)).failed == 0
