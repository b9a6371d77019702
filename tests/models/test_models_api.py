"""The `models` facade end to end: in-process sim and both wire formats over real HTTP."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from ember import _core
from ember.api import models as api_models
from ember.cli import main as cli_main
from ember.models import UNSET, ModelBinding, ModelResult, Models, Usage, models
from ember.sim import generate

MESSAGES = [
    {"role": "user", "content": "Name a prime number."},
    {"role": "assistant", "content": "Seven."},
    {"role": "user", "content": "And another one?"},
]


def expected(model: str, messages, **params) -> str:
    return generate(model, messages, **params).text


# --------------------------------------------------------------------------- the three paths


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"temperature": 0.7, "seed": 3},
        {"temperature": 0, "max_tokens": 5},
        {"stop": "the"},
    ],
    ids=["plain", "temp-seed", "max-tokens", "stop"],
)
def test_openai_wire_anthropic_wire_and_sim_agree(endpoint, params):
    oa, server = endpoint("simoa", wire="openai")
    an, _ = endpoint("siman", wire="anthropic", server=server)
    prompt, system = "What is the capital of France?", "Answer in one word."

    local = models("sim/gpt", prompt, system=system, latency=0, **params)
    via_openai = models(f"{oa}/gpt", prompt, system=system, **params)
    via_anthropic = models(f"{an}/gpt", prompt, system=system, **params)

    messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
    stop = [params["stop"]] if "stop" in params else None
    want = expected("gpt", messages, **{**params, "stop": stop})
    assert local == via_openai == via_anthropic == want
    for r in (local, via_openai, via_anthropic):
        assert isinstance(r, ModelResult)
        assert r.usage == local.usage and r.usage.prompt_tokens > 0
        assert r.usage.completion_tokens > 0
        assert r.latency_s > 0
        assert r.finish_reason == local.finish_reason
    assert local.model_id == "sim/gpt" and via_openai.model_id == f"{oa}/gpt"
    assert local.cost_usd > 0 and via_openai.cost_usd is None  # sim is priced; unknown price
    if "max_tokens" in params:
        assert local.finish_reason == "length"


def test_builtin_openai_and_anthropic_use_their_env_vars(make_server, monkeypatch):
    server = make_server(api_key="sk-test-key-0123456789")
    monkeypatch.setenv("OPENAI_BASE_URL", server.openai_base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key-0123456789")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.anthropic_base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-key-0123456789")

    a = models("openai/gpt-4o-mini", "Hi", temperature=0)
    b = models("anthropic/claude-sonnet-4", "Hi", temperature=0)
    assert a == expected("gpt-4o-mini", [{"role": "user", "content": "Hi"}], temperature=0)
    assert b == expected("claude-sonnet-4", [{"role": "user", "content": "Hi"}], temperature=0)
    # Priced models get a cost from the pricing table.
    assert a.cost_usd is not None and a.cost_usd > 0
    assert b.cost_usd is not None and b.cost_usd > 0
    assert server.stats()["unauthorized"] == 0


def test_messages_with_history_and_system(endpoint):
    name, _ = endpoint()
    got = models(f"{name}/judge", MESSAGES, system="Be terse.")
    want = expected("judge", [{"role": "system", "content": "Be terse."}, *MESSAGES])
    assert got == want == models("sim/judge", MESSAGES, system="Be terse.", latency=0)


def test_messages_are_copied_at_call_time():
    messages = [{"role": "user", "content": "original"}]

    async def main():
        task = asyncio.ensure_future(models.acall("sim/gpt", messages, latency=0.05))
        await asyncio.sleep(0)  # the call has started
        messages[0]["content"] = "changed"
        messages.append({"role": "user", "content": "more"})
        return await task

    result = asyncio.run(main())
    assert result == expected("gpt", [{"role": "user", "content": "original"}])


# --------------------------------------------------------------------------- sync and async


def test_async_twin_on_a_user_loop_matches_sync(endpoint):
    name, server = endpoint()
    prompts = [f"question {i}" for i in range(20)]

    async def main():
        return await asyncio.gather(*(models.acall(f"{name}/gpt", p) for p in prompts))

    results = asyncio.run(main())
    assert results == [models(f"{name}/gpt", p) for p in prompts]
    assert results == [expected("gpt", [{"role": "user", "content": p}]) for p in prompts]
    assert server.stats()["completed"] == 40


def test_acall_on_the_shared_loop_awaits_directly():
    async def main():
        assert asyncio.get_running_loop() is _core.get_loop()
        return await models.acall("sim/gpt", "Hi", latency=0)

    assert _core.run(main()) == models("sim/gpt", "Hi", latency=0)


def test_sync_call_on_the_loop_thread_says_to_use_acall():
    async def main():
        with pytest.raises(RuntimeError, match="acall"):
            models("sim/gpt", "Hi", latency=0)

    _core.run(main())


def test_sim_latency_is_respected_and_concurrent(sim_calls):
    async def main():
        return await asyncio.gather(*(models.acall("sim/gpt", str(i), latency=0.2)
                                      for i in range(50)))

    results = asyncio.run(main())
    assert all(r.latency_s >= 0.2 for r in results)
    assert sim_calls.max_in_flight == 50  # one by one: 1


def test_sim_default_latency_is_a_quarter_second():
    assert models("sim/gpt", "Hi").latency_s >= 0.25


# --------------------------------------------------------------------------- instance


def test_instance_defaults_and_overrides(endpoint):
    name, _ = endpoint()
    judge = models.instance(f"{name}/judge", temperature=0.2, system="Judge fairly.", seed=7)
    assert isinstance(judge, ModelBinding)
    assert repr(judge) == (
        f"ModelBinding('{name}/judge', temperature=0.2, system='Judge fairly.', seed=7)"
    )
    sys_msg = {"role": "system", "content": "Judge fairly."}
    user = {"role": "user", "content": "Is 2+2=4?"}
    assert judge("Is 2+2=4?") == expected("judge", [sys_msg, user], temperature=0.2, seed=7)
    # Per-call overrides win; None means "send none".
    assert judge("Is 2+2=4?", temperature=0.9, seed=None) == expected(
        "judge", [sys_msg, user], temperature=0.9
    )
    assert judge("Is 2+2=4?", system=None) == expected("judge", [user], temperature=0.2, seed=7)
    assert asyncio.run(judge.acall("Is 2+2=4?", temperature=0.9)) == expected(
        "judge", [sys_msg, user], temperature=0.9, seed=7
    )
    assert judge.defaults == {"temperature": 0.2, "system": "Judge fairly.", "seed": 7}


def test_explicit_unset_is_the_same_as_not_passing():
    a = models("sim/gpt", "Hi", temperature=UNSET, latency=0)
    assert a == models("sim/gpt", "Hi", latency=0)


def test_passthrough_params_reach_the_provider(endpoint):
    name, server = endpoint()
    # `n` is checked by the server (1 to 128, as OpenAI allows); `user` is ignored by it.
    assert models(f"{name}/gpt", "Hi", n=1, user="u-1") == models("sim/gpt", "Hi", latency=0)
    with pytest.raises(Exception, match=r"'n' must be an integer in \[1, 128\], got 200"):
        models(f"{name}/gpt", "Hi", n=200)


# --------------------------------------------------------------------------- list, CLI, JIT hooks


def test_list_has_sim_known_and_configured_models(write_config, make_server):
    server = make_server()
    write_config(endpoints={"local": {"base_url": server.openai_base_url,
                                      "models": ["llama3", "qwen"]}})
    ids = models.list()
    assert {"sim/gpt", "sim/judge", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4",
            "local/llama3", "local/qwen"} <= set(ids)
    assert len(ids) == len(set(ids))
    assert models("local/llama3", "Hi") == expected("llama3", [{"role": "user", "content": "Hi"}])


def test_cli_prints_the_list(capsys):
    assert cli_main(["models"]) == 0
    out = capsys.readouterr().out.split()
    assert out == models.list()


def test_cli_reports_bad_config_in_one_line(write_config, capsys):
    write_config(raw="[endpoints.x]\nbase_urll = 'http://h'\n")
    assert cli_main(["models"]) == 2
    assert "base_urll" in capsys.readouterr().err


def test_facade_and_bindings_are_io_ops_with_async_twins():
    assert api_models is models
    for cls in (Models, ModelBinding):
        assert cls.__ember_io__ == "read"
        sync, coro = inspect.signature(cls.__call__), inspect.signature(cls.acall)
        assert sync.parameters == coro.parameters
        assert sync.return_annotation == coro.return_annotation
        assert inspect.iscoroutinefunction(cls.acall)
    from ember.xcs.lowlevel import effect_of

    rule = effect_of(models.instance("sim/gpt"))
    assert (rule.effect, rule.runner) == ("model call", "async")


def test_result_is_a_str_with_metadata():
    r = models("sim/gpt", "Hi", latency=0)
    assert isinstance(r, str) and r.text == str(r)
    assert isinstance(r.usage, Usage) and r.usage.total_tokens > 0


def test_sync_calls_from_many_threads_share_one_loop(endpoint):
    from concurrent.futures import ThreadPoolExecutor

    name, server = endpoint(sim=dict(latency=0.05))
    binding = models.instance(f"{name}/gpt")
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(binding, [f"t{i}" for i in range(64)]))
    assert results == [expected("gpt", [{"role": "user", "content": f"t{i}"}]) for i in range(64)]
    assert server.stats()["max_in_flight"] > 8  # they overlapped on the shared loop


def test_bindings_pickle():
    import pickle

    binding = models.instance("sim/gpt", temperature=0.3)
    clone = pickle.loads(pickle.dumps(binding))
    assert repr(clone) == repr(binding) and clone("Hi", latency=0) == binding("Hi", latency=0)
