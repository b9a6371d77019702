"""`ember.context(...)`, `get_config`, `set_config`: settings for a block and what it starts.

Every call goes to the in-process simulator or to a simulator server on 127.0.0.1. The
simulator's text is a function of model, prompt and parameters, so "the block's default
reached the call" is checked by comparing with the same call made with the parameter given
explicitly.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

import ember
from ember import xcs
from ember.api import models
from ember.errors import ConfigError, InvalidParameter, MissingAPIKey

CANARY = "sk-canary-context-5e1d7a93c2"


def explicit(**params):
    return models("sim/gpt", "Hi", latency=0, **params)


def test_defaults_hold_inside_the_block_and_calls_win():
    with ember.context(system="Be terse", latency=0):
        assert models("sim/gpt", "Hi") == explicit(system="Be terse")
        assert models("sim/gpt", "Hi", system="Be loud") == explicit(system="Be loud")
        assert models.instance("sim/gpt", system="Bound")("Hi") == explicit(system="Bound")
        with ember.context(temperature=0.5):  # nested: adds to the outer block
            assert models("sim/gpt", "Hi") == explicit(system="Be terse", temperature=0.5)
            assert ember.get_config("defaults") == {"system": "Be terse", "latency": 0,
                                                    "temperature": 0.5}
        assert ember.get_config("defaults.temperature") is None
    assert ember.get_config("defaults") == {}
    assert models("sim/gpt", "Hi", latency=0) == explicit()


def test_each_thread_sees_its_own_block():
    both_inside = threading.Barrier(2, timeout=30)
    seen: dict[str, object] = {}

    def worker(tag: str) -> None:
        with ember.context(system=tag, latency=0):
            both_inside.wait()  # the other thread's block is open now too
            seen[tag] = (models("sim/gpt", "Hi"), ember.get_config("defaults.system"))
            both_inside.wait()

    threads = [threading.Thread(target=worker, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"A": (explicit(system="A"), "A"), "B": (explicit(system="B"), "B")}


def test_each_task_sees_its_own_block_and_what_it_starts_inherits_it():
    async def task(tag: str, gate: asyncio.Barrier) -> tuple:
        with ember.context(system=tag, latency=0):
            await gate.wait()  # both blocks open, the tasks interleave
            child = asyncio.create_task(models.acall("sim/gpt", "Hi"))
            own = await models.acall("sim/gpt", "Hi")
            return own, await child

    async def main() -> list:
        gate = asyncio.Barrier(2)
        return await asyncio.gather(task("A", gate), task("B", gate))

    (a, a_child), (b, b_child) = asyncio.run(main())
    assert a == a_child == explicit(system="A") and b == b_child == explicit(system="B")


def test_jitted_and_parallel_calls_inside_the_block_get_its_settings():
    @xcs.jit
    def ensemble(q: str) -> list[str]:
        return [models("sim/alpha", q), models("sim/beta", q)]

    with ember.context(system="scoped", latency=0.01):
        got = ensemble("Hi")
        mapped = xcs.vmap(lambda q: models("sim/alpha", q))(["Hi", "Yo"])
    want = [models(m, "Hi", system="scoped", latency=0.01) for m in ("sim/alpha", "sim/beta")]
    assert got == want
    assert mapped == [models("sim/alpha", q, system="scoped", latency=0) for q in ("Hi", "Yo")]


def test_an_evaluation_run_inside_a_block_gets_its_settings():
    from ember.api import eval

    rows = [{"question": "Hi", "answer": explicit(system="graded").text}]
    with ember.context(system="graded", latency=0):
        result = eval.evaluate(lambda question: models("sim/gpt", question), rows, "exact",
                               progress=False)
    assert result.summary.items == 1 and result.summary.score == 1.0


def test_a_block_inside_a_jitted_function_holds_for_its_calls():
    @xcs.jit
    def scoped_pair(q: str) -> list[str]:
        with ember.context(system="inner", latency=0.01):
            a = models("sim/alpha", q)
            b = models("sim/beta", q)
        c = models("sim/gamma", q, latency=0)
        return [a, b, c]

    assert scoped_pair("Hi") == [models("sim/alpha", "Hi", system="inner", latency=0),
                                 models("sim/beta", "Hi", system="inner", latency=0),
                                 models("sim/gamma", "Hi", latency=0)]


def test_keys_and_endpoints_for_a_block_never_shown(make_server):
    server = make_server(api_key=CANARY)
    with pytest.raises(MissingAPIKey):
        models("openai/gpt-4o-mini", "Hi")
    with ember.context(keys={"openai": CANARY}, endpoints={"openai": server.openai_base_url}):
        assert models("openai/gpt-4o-mini", "Hi").model_id == "openai/gpt-4o-mini"
        assert models("gpt-4o-mini", "Hi").model_id == "openai/gpt-4o-mini"  # bare id too
        assert ember.get_config("endpoints.openai") == server.openai_base_url
        shown = repr(ember.get_config()) + str(ember.get_config("keys.openai"))
        assert CANARY not in shown and "***" in shown
        assert [p.credentials for p in models.providers() if p.name == "openai"] == [
            "keys['openai'] in ember.context(...)"]
    with pytest.raises(MissingAPIKey):  # the block's key left with it
        models("openai/gpt-4o-mini", "Hi")
    assert server.stats()["requests"] >= 2


def test_an_endpoint_of_a_block_may_name_the_variable_holding_its_key(make_server,
                                                                      monkeypatch):
    server = make_server(api_key=CANARY)
    box = {"box": {"base_url": server.openai_base_url, "api_key_env": "BOX_TEST_KEY"}}
    monkeypatch.delenv("BOX_TEST_KEY", raising=False)
    with ember.context(endpoints=box), pytest.raises(MissingAPIKey) as info:
        models("box/m", "Hi")
    assert info.value.env_var == "BOX_TEST_KEY"
    monkeypatch.setenv("BOX_TEST_KEY", CANARY)
    with ember.context(endpoints=box):
        assert models("box/m", "Hi").model_id == "box/m"
        assert [p.credentials for p in models.providers() if p.name == "box"] == [
            "$BOX_TEST_KEY"]


def test_a_block_can_add_an_endpoint_and_limit_its_calls_in_flight(make_server):
    server = make_server(latency=0.05)
    limit = next(k for k in ember.models._context.LIMITS if "flight" in k or "concurren" in k)

    async def many() -> list:
        return await asyncio.gather(*(models.acall("box/m", f"q{i}") for i in range(8)))

    with ember.context(endpoints={"box": {"base_url": server.openai_base_url,
                                          "models": ["m"]}},
                       limits={"box": {limit: 2}}):
        answers = asyncio.run(many())
        assert models("m", "q0") == answers[0]  # the endpoint's models are bare ids
    assert len(answers) == 8
    assert server.stats()["max_in_flight"] == 2


def test_set_config_sets_the_process_default_under_any_block():
    try:
        ember.set_config("defaults.system", "process-wide")
        assert models("sim/gpt", "Hi", latency=0) == explicit(system="process-wide")
        with ember.context(system="block"):
            assert models("sim/gpt", "Hi", latency=0) == explicit(system="block")
        seen = []
        t = threading.Thread(target=lambda: seen.append(ember.get_config("defaults.system")))
        t.start()
        t.join()
        assert seen == ["process-wide"]  # process-wide: other threads see it too
        ember.set_config("limits.openai.rpm", 120)
        assert ember.get_config("limits.openai.rpm") == 120.0
    finally:
        ember.set_config("defaults.system", None)
        ember.set_config("limits.openai.rpm", None)
    assert ember.get_config("defaults.system") is None
    assert ember.get_config("limits.openai.rpm") is None


@pytest.mark.parametrize(("settings", "error", "says"), [
    ({"keys": {"opnai": "k"}}, ConfigError, "did you mean 'openai'"),
    ({"keys": {"sim": "k"}}, ConfigError, "runs in process"),
    ({"limits": {"openai": {"rpmm": 3}}}, ConfigError, "unknown limit `rpmm`"),
    ({"limits": {"openai": {"rpm": -1}}}, ConfigError, "rpm must be a finite number > 0"),
    ({"endpoints": {"loc": "ftp://x"}}, ConfigError, "base_url must be an http(s) URL"),
    ({"endpoints": {"Bad Name": "http://127.0.0.1:1/v1"}}, ConfigError, "Fix: e.g. 'bad-name'"),
    ({"keys": {"openai": ""}}, ConfigError, "a non-empty str"),
    ({"temperature": 9}, InvalidParameter, "temperature must be a number from 0 to 2"),
    ({"api_key": CANARY}, InvalidParameter, "`api_key` is not a call parameter"),
])
def test_bad_settings_are_typed_errors_before_the_block(settings, error, says):
    with pytest.raises(error, match=None) as info, ember.context(**settings):
        pytest.fail("the block must not run")
    assert says in str(info.value) and CANARY not in str(info.value)
    assert ember.get_config("defaults") == {}


def test_bad_paths_are_typed_errors():
    with pytest.raises(ConfigError, match="did you mean 'limits'"):
        ember.get_config("limit.openai")
    with pytest.raises(ConfigError, match="name one setting"):
        ember.set_config("defaults", 1)


def test_doctests():
    import doctest

    from ember.models import _context

    assert doctest.testmod(_context).failed == 0
