"""`xcs.Config` on jit, vmap and pmap, and `f.stats()` on a jitted function.

Every option a transform takes changes what it does (asserted as calls in flight, never as
elapsed time); every option it does not take is refused with `UnsupportedOption`.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from ember import xcs
from ember.api import models
from ember.errors import JITError, UnsupportedOption, XCSError


def three(q: str) -> str:
    a = models("sim/a", q, latency=0.1)
    b = models("sim/b", q, latency=0.1)
    c = models("sim/c", q, latency=0.1)
    return f"{a}|{b}|{c}"


def ask(q: str) -> str:
    return models("sim/m", q, latency=0.05).text


# -- the Config object ------------------------------------------------------------------------


def test_config_is_frozen_typed_and_compared_by_value():
    c = xcs.Config(strategy="sequential", max_items_in_flight=4)
    assert c == xcs.Config(max_items_in_flight=4, strategy="sequential") and hash(c)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.strategy = "auto"  # type: ignore[misc]
    assert dataclasses.replace(c, errors="collect").errors == "collect"
    assert c.set_options() == {"strategy": "sequential", "max_items_in_flight": 4}


@pytest.mark.parametrize("kwargs, match", [
    ({"max_workers": 4, "max_items_in_flight": 2}, "max_items_in_flight or max_workers"),
    ({"parallel": True, "strategy": "sequential"}, "strategy or parallel, not both"),
    ({"parallel": "yes"}, "parallel must be True or False"),
    ({"max_concurrency": 4}, r"no option 'max_concurrency'\. Fix: use max_items_in_flight=4"),
    ({"scheduler": "wave"}, r"Fix: use strategy='wave'"),
    ({"stratgy": "auto"}, r"Fix: use strategy='auto'"),
    ({"strategy": "enhanced"}, r"strategy must be one of auto, parallel, sequential"),
    ({"errors": "ignore"}, "errors must be 'raise', 'group' or 'collect'"),
    ({"max_items_in_flight": 0}, "max_items_in_flight must be a positive int"),
    ({"max_items_in_flight": True}, "max_items_in_flight must be a positive int"),
    ({"progress": "yes"}, "progress must be True, False or None"),
    ({"explain": 1.0}, "explain must be True or False"),
])
def test_bad_options_are_typed_errors_naming_the_fix(kwargs, match):
    with pytest.raises(UnsupportedOption, match=match):
        xcs.Config(**kwargs)
    assert issubclass(UnsupportedOption, XCSError) and issubclass(UnsupportedOption, ValueError)


# -- jit --------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", [{"max_items_in_flight": 2}, {"errors": "group"},
                                    {"progress": True}])
def test_jit_refuses_the_options_it_does_not_take(option):
    (name, value), = option.items()
    with pytest.raises(UnsupportedOption, match=f"jit does not support {name}={value!r}.*vmap"):
        xcs.jit(three, config=xcs.Config(**option))
    with pytest.raises(UnsupportedOption, match=f"jit does not support {name}"):
        xcs.jit(config=xcs.Config(**option))  # as a decorator factory, refused at once
    with pytest.raises(UnsupportedOption, match="config must be an xcs.Config"):
        xcs.jit(three, config=option)  # type: ignore[arg-type]


def test_strategy_sequential_runs_as_written(sim_calls):
    f = xcs.jit(three, config=xcs.Config(strategy="sequential"))
    assert f("q") == three("q")
    assert sim_calls.max_in_flight == 1
    stats = f.stats()
    assert (stats["strategy"], stats["requested"]) == ("direct", "sequential")
    assert "strategy='sequential'" in stats["reason"]


def test_strategy_parallel_overlaps_or_says_why_it_cannot(sim_calls):
    f = xcs.jit(config=xcs.Config(strategy="parallel"))(three)
    sim_calls.hold(3)
    assert f("q") == three("q") and sim_calls.max_in_flight == 3

    @xcs.jit(config=xcs.Config(strategy="parallel"))
    def chain(q: str) -> str:
        return models("sim/b", models("sim/a", q).text).text

    with pytest.raises(JITError, match=r"strategy='parallel'\): nothing can overlap: .*Fix: "
                                       r"strategy='auto'"):
        chain("q")


def test_explain_prints_the_plan_and_timeline_after_the_first_run(capsys, sim_calls):
    f = xcs.jit(three, config=xcs.Config(explain=True))
    f("q")
    first = capsys.readouterr().err
    assert "three" in first and "parallel" in first and "sim/a" in first
    f("r")
    assert capsys.readouterr().err == ""  # once, not on every call

    @xcs.jit(config=xcs.Config(explain=True))
    def one(q: str) -> str:
        return ask(q)

    one("q")
    assert "one" in capsys.readouterr().err  # a direct plan is explained too (and why)


def test_stats_count_calls_and_plans_and_give_both_speedups(sim_calls):
    f = xcs.jit(three)
    before = f.stats()
    assert (before["calls"], before["plans"], before["measured_speedup"]) == (0, 0, None)
    for q in ("a", "b"):
        sim_calls.hold(3)
        f(q)
    stats = f.stats()
    assert (stats["calls"], stats["plans"], stats["strategy"]) == (2, 1, "parallel")
    assert stats["predicted_speedup"] == pytest.approx(3.0)  # three equal calls, one wave
    # Measured on the last run: the three calls were held until all had started, so their
    # summed time is about three times the run's (asserted with a wide margin).
    assert stats["measured_speedup"] > 1.5
    assert stats["measured_speedup"] == stats["overlap"]
    assert xcs.get_jit_stats(f) == stats


def test_stats_of_a_direct_and_an_async_function():
    @xcs.jit
    def one(x: int) -> int:
        return x + 1

    @xcs.jit
    async def aone(x: int) -> int:
        return x + 1

    for _ in range(3):
        one(1)
        asyncio.run(aone(1))
    for g in (one, aone):
        stats = g.stats()
        assert (stats["calls"], stats["plans"], stats["strategy"]) == (3, 1, "direct")
        assert stats["measured_speedup"] is None


# -- vmap and pmap ----------------------------------------------------------------------------


def test_vmap_config_caps_the_items_in_flight(sim_calls):
    qs = [f"q{i}" for i in range(6)]
    plain = [ask(q) for q in qs]
    sim_calls.hold(2, groups=3)
    assert xcs.vmap(ask, config=xcs.Config(max_items_in_flight=2))(qs) == plain
    assert sim_calls.max_in_flight == 2 and not sim_calls.held_out


def test_vmap_strategy_sequential_is_one_item_at_a_time(sim_calls):
    qs = ["a", "b", "c"]
    assert xcs.vmap(ask, config=xcs.Config(strategy="sequential"))(qs) == [ask(q) for q in qs]
    assert sim_calls.max_in_flight == 1


def test_vmap_config_errors_and_pmap_config():
    out = xcs.vmap(int, config=xcs.Config(errors="collect"))(["1", "x"])
    assert out[0] == 1 and isinstance(out[1], ValueError)
    assert xcs.pmap(abs, config=xcs.Config(strategy="sequential"))([-1, 2]) == [1, 2]


def test_vmap_refuses_what_it_does_not_take_and_options_given_twice():
    with pytest.raises(UnsupportedOption, match=r"vmap does not support explain=True.*jit"):
        xcs.vmap(ask, config=xcs.Config(explain=True))
    with pytest.raises(UnsupportedOption, match="pmap does not support explain"):
        xcs.pmap(abs, config=xcs.Config(explain=True))
    with pytest.raises(UnsupportedOption, match="errors given both as keyword and in config"):
        xcs.vmap(ask, errors="group", config=xcs.Config(errors="collect"))
    with pytest.raises(UnsupportedOption, match="strategy='sequential' runs one item at a time"):
        xcs.vmap(ask, config=xcs.Config(strategy="sequential", max_items_in_flight=4))
