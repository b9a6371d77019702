"""Cost budgets over real HTTP (the simulator server counts what reaches it) and on
simulated models: refused calls are never sent, running calls finish and are counted,
served (cached) calls pass, prices are settable, and `ember eval --budget`."""

from __future__ import annotations

import asyncio
import json

import pytest

from ember import xcs
from ember.cli import main as cli
from ember.errors import BudgetExceeded, InvalidParameter, UnknownPrice
from ember.models import _budget, _pricing, models


@pytest.fixture(autouse=True)
def own_prices(monkeypatch):
    monkeypatch.setattr(_pricing, "_set", {})


def test_doctests():
    import doctest

    assert doctest.testmod(_budget).failed == 0
    assert doctest.testmod(_pricing).failed == 0


def test_refused_calls_never_reach_the_server(endpoint):
    name, server = endpoint("bud")
    models.set_price(f"{name}/gpt", 1000, 1000)   # $0.001 a token: a call is cents
    made = 0
    with models.budget(usd=0.5) as spend, pytest.raises(BudgetExceeded) as refused:
        while True:
            models(f"{name}/gpt", "Hi there", max_tokens=40)
            made += 1
    assert made >= 1 and server.stats()["requests"] == made   # the refused one was not sent
    assert spend.refused == 1 and spend.reserved_usd == 0
    assert 0 < spend.spent_usd <= 0.5
    exc = refused.value
    assert exc.limit_usd == 0.5 and exc.spent_usd == pytest.approx(spend.spent_usd)
    assert spend.spent_usd + exc.estimate_usd > 0.5 and "Fix:" in str(exc)
    models(f"{name}/gpt", "Hi there", max_tokens=40)   # outside the block: no budget
    assert server.stats()["requests"] == made + 1


def test_calls_running_finish_and_are_counted(endpoint):
    name, server = endpoint("budrun", sim={"latency": 0.05})
    models.set_price(f"{name}/gpt", 1000, 1000)
    one = _budget.estimate_usd(_call(f"{name}/gpt", "same prompt", 50))

    async def main():
        with models.budget(usd=one * 3.5) as spend:
            got = await asyncio.gather(*(models.acall(f"{name}/gpt", "same prompt", max_tokens=50)
                                         for _ in range(8)), return_exceptions=True)
        return spend, got

    spend, got = asyncio.run(main())
    answered = [r for r in got if not isinstance(r, BaseException)]
    assert len(answered) == 3 and server.stats()["requests"] == 3
    assert all(isinstance(r, BudgetExceeded) for r in got if r not in answered)
    assert spend.refused == 5 and spend.reserved_usd == pytest.approx(0)
    assert spend.spent_usd == pytest.approx(sum(r.cost_usd for r in answered))


def _call(model_id, prompt, max_tokens):
    from ember.models import ModelCall
    from ember.models._params import make_request

    request = make_request(model_id, prompt, {} if max_tokens is None else
                           {"max_tokens": max_tokens})
    return ModelCall(model_id, request.messages, {}, request)


def test_unknown_price_cannot_be_bounded(endpoint):
    name, server = endpoint("budfree")
    with models.budget(usd=100), pytest.raises(UnknownPrice, match="set_price"):
        models(f"{name}/gpt", "Hi")
    assert server.stats()["requests"] == 0


def test_simulated_models_are_priced_and_settable():
    default = models("sim/judge", "Hi", latency=0)
    assert default.cost_usd == pytest.approx(
        (default.usage.prompt_tokens * 0.5 + default.usage.completion_tokens * 1.5) / 1e6)
    listed = models("sim/gpt-4o-mini", "Hi", latency=0)          # the catalogue's price
    assert listed.cost_usd == pytest.approx(
        (listed.usage.prompt_tokens * 0.15 + listed.usage.completion_tokens * 0.6) / 1e6)
    models.set_price("sim/judge", 0, 0)
    assert models("sim/judge", "Hi", latency=0).cost_usd == 0
    with pytest.raises(InvalidParameter):
        models.set_price("judge", 1, 1)
    with pytest.raises(InvalidParameter):
        models.set_price("sim/judge", -1, 1)
    with pytest.raises(InvalidParameter):
        models.budget(usd=-1).__enter__()


def test_cached_answers_pass_a_spent_budget(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBER_CACHE_DIR", str(tmp_path))
    first = models("sim/gpt", "Hi", temperature=0, max_tokens=20, latency=0)
    with models.budget(usd=0) as spend:
        again = models("sim/gpt", "Hi", temperature=0, max_tokens=20, latency=0)
        with pytest.raises(BudgetExceeded):
            models("sim/gpt", "Hi", temperature=0, max_tokens=21, latency=0)
    assert again == first and again.usage.cached and spend.spent_usd == 0


def test_eval_budget_refuses_items_past_it(tmp_path, capsys):
    data = tmp_path / "items.jsonl"
    data.write_text("".join(json.dumps({"input": f"question {i}", "reference": "x"}) + "\n"
                            for i in range(20)))
    estimate = _budget.estimate_usd(_call("sim/gpt", "question 10", None))
    code = cli(["eval", "sim/gpt", str(data), "--budget", f"{estimate * 1.5}", "--no-progress",
                "--max-items-in-flight", "1"])
    out = capsys.readouterr().out
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("budget:"))
    refused = int(line.split("; ")[1].split()[0])
    assert 1 <= refused <= 18, out      # some items fit, the rest were refused
    assert cli(["eval", "sim/gpt", str(data), "--budget", "-1"]) == 2


def test_the_estimate_counts_max_tokens_for_each_choice():
    from ember.models import ModelCall
    from ember.models._params import make_request

    one, three = (make_request("sim/judge", "Hi", {"max_tokens": 100, **extra})
                  for extra in ({}, {"n": 3}))
    cost = [_budget.estimate_usd(ModelCall("sim/judge", r.messages, {}, r)) for r in (one, three)]
    assert cost[1] - cost[0] == pytest.approx(2 * 100 * 1.5 / 1e6)


@pytest.mark.parametrize("over_http", [False, True])
def test_a_call_is_priced_when_it_starts(endpoint, over_http):
    """A `set_price` while a call is in flight prices later calls only: the call is priced
    as it was made, whether it ends before the change (plain code) or after (a JIT's)."""
    name = endpoint("budstart", sim={"latency": 0.3})[0] if over_http else "sim"
    model = f"{name}/gpt"
    models.set_price(model, 1, 1)

    async def main():
        task = asyncio.ensure_future(models.acall(model, "Hi", max_tokens=20, latency=0.3))
        await asyncio.sleep(0.05)  # (started: its request is made)
        models.set_price(model, 1000, 1000)
        return await task, await models.acall(model, "Hi", max_tokens=20, latency=0)

    first, later = asyncio.run(main())
    tokens = first.usage.prompt_tokens + first.usage.completion_tokens
    assert first.cost_usd == pytest.approx(tokens / 1e6)
    assert later.cost_usd == pytest.approx(
        (later.usage.prompt_tokens + later.usage.completion_tokens) * 1000 / 1e6)


def priced_then_repriced(question):
    first = models("sim/metered", question, latency=0.1, max_tokens=8)
    models.set_price("sim/metered", 1000, 1000)
    second = models("sim/metered", question, latency=0.02, max_tokens=8)
    return [first.cost_usd, second.cost_usd]


def test_set_price_keeps_its_place_under_jit(monkeypatch):
    """`models.set_price` is not a model call: nothing moves across it under `xcs.jit`."""
    plain = priced_then_repriced("Hi")
    assert plain[1] > 100 * plain[0]
    monkeypatch.setattr(_pricing, "_set", {})
    assert xcs.jit(priced_then_repriced)("Hi") == plain
