"""`build_graph`: wiring, timing against the critical path, results, explain, errors."""

from __future__ import annotations

import asyncio
import traceback

import pytest

from ember import xcs
from ember.errors import MissingAPIKey, NotationError
from ember.non import Graph, _registry, build_graph, parse, register_node
from ember.operators import Answer
from ember.xcs.lowlevel import effect_of

FIVE_E_ONE_J = ["5E@sim/gpt(latency=0.2)", "1J@sim/judge(latency=0.2)"]


@pytest.fixture(autouse=True)
def private_registry(monkeypatch):
    """Node codes registered by a test disappear after it."""
    monkeypatch.setattr(_registry, "_types", dict(_registry._types))


def test_5e_1j_runs_in_about_its_critical_path(sim_calls) -> None:
    system = build_graph(FIVE_E_ONE_J)
    sim_calls.hold(5)
    system(query="What is the boiling point of water?")
    # The critical path: the five members at once, then the judge (one by one: six waves).
    assert sim_calls.waves() == [5, 1]
    assert [label for kind, label, _ in sim_calls.events if kind == "start"][-1] == "sim/judge"


def test_simulated_copies_differ_without_a_seed_and_repeat() -> None:
    system = build_graph(["5E@sim/gpt(latency=0)", "1M"])
    out = system(query="q")
    assert len(set(out.responses)) == 5  # each copy has its own seed (its index)
    assert system(query="q").responses == out.responses
    seeded = build_graph(["5E@sim/gpt(latency=0, seed=0)", "1M"])(query="q")
    assert seeded.responses == out.responses


def test_result_carries_the_members_responses() -> None:
    system = build_graph(["3E@sim/gpt(latency=0, seed=1)", "1J@sim/judge(latency=0)"])
    out = system(query="q")
    assert isinstance(out, Answer) and out.startswith("[judge]")
    assert len(out.responses) == 3 and len(set(out.responses)) == 3
    assert all(r.model_id == "sim/gpt" for r in out.responses)
    stages = out.info["stages"]
    assert [len(s) for s in stages] == [3, 1] and stages[1][0] == out
    assert out.raw.responses == out.responses  # the judge's own Answer
    assert system("q") == out  # positional query, deterministic models


def test_stages_with_parallel_nodes_votes_and_verifiers(sim_calls) -> None:
    system = build_graph("2E@sim/gpt(latency=0.1) + 1E@sim/claude(latency=0.1)"
                         " -> 1V@sim/gpt(rounds=1, latency=0.1) -> 1M")
    assert [n.deps for n in system.nodes] == [(), (), (), (0,), (1,), (2,), (3, 4, 5)]
    sim_calls.hold(3, groups=4)
    out = system(query="q")
    # The three members at once, then the three verifiers side by side, each verifying,
    # revising and verifying again (the vote is CPU). One by one, the second stage's
    # first call would wait for the other two in vain.
    assert sim_calls.started == 12 and not sim_calls.held_out
    assert len(out.info["stages"][1]) == 3
    assert all(v.info["rounds"] == 1 for v in out.info["stages"][1])


def test_a_deterministic_custom_node_and_the_vote() -> None:
    def fixed(node, index):
        answers = ["Paris", "paris.", "Lyon"]
        return lambda query, inputs: answers[index]

    register_node("F", fixed, name="fixed", model="none", calls=0, replace=True)
    system = build_graph(["3F", "1M"])
    out = system(query="Capital of France?")
    assert out == "Paris" and out.responses == ("Paris", "paris.", "Lyon")
    assert out.raw.info["votes"] == (("paris", 2), ("lyon", 1))


def test_layered_ensemble_sees_earlier_answers() -> None:
    seen = []

    def echo(node, index):
        async def unit(query, inputs):
            seen.append(inputs)
            return f"{query}-{index}"
        return unit

    register_node("Q", echo, name="echo", model="none", calls=0, replace=True)
    out = build_graph("2Q -> 1J@sim/judge(latency=0)")(query="x")
    assert sorted(seen) == [(), ()] and out.responses == ("x-0", "x-1")
    prompt_seen = build_graph("2E@sim/gpt(latency=0) -> 1E@sim/gpt(latency=0)")(query="x")
    assert prompt_seen.startswith("[gpt] On x Earlier answers")


def test_the_first_failure_comes_out_as_it_is_naming_the_node() -> None:
    def broken(node, index):
        def unit(query, inputs):
            raise RuntimeError(f"member {index} down")
        return unit

    register_node("B", broken, name="broken", model="none", calls=0, replace=True)
    system = build_graph(["2B", "1J@sim/judge(latency=0)"])
    with pytest.raises(RuntimeError, match="^member [01] down") as info:
        system(query="q")
    assert info.value.__notes__[0].startswith("in NON node #")


def test_async_call_and_kind() -> None:
    system = build_graph(FIVE_E_ONE_J)
    assert effect_of(system).kind is xcs.Kind.READ
    out = asyncio.run(system.acall(query="q"))
    assert len(out.responses) == 5


def test_vmap_over_a_system_keeps_every_call_in_flight(sim_calls) -> None:
    system = build_graph(["3E@sim/gpt(latency=0.1)", "1J@sim/judge(latency=0.1)"])
    sim_calls.hold(30)
    outs = xcs.vmap(system)([f"q{i}" for i in range(10)])
    assert sim_calls.max_in_flight == 30  # every member of every item; one by one: 3
    assert len(outs) == 10


def test_explain_before_and_after_a_run() -> None:
    system = build_graph(FIVE_E_ONE_J)
    ex = system.explain()
    assert ex.critical_path == pytest.approx(0.4) and ex.total_latency == pytest.approx(1.2)
    assert ex.predicted_speedup == pytest.approx(3.0)
    assert [len(g) for g in ex.groups()] == [5, 1]
    text = ex.to_text()
    assert "in flight together: #0, #1, #2, #3, #4" in text
    assert "predicted speedup: 3.00x" in text and "not run yet" in text
    system(query="q")
    text = system.explain().to_text()
    assert "last run: wall" in text and "timeline:" in text and "achieved overlap" in text
    dot = system.explain().to_dot()
    assert dot.startswith("digraph") and "n0 -> n5;" in dot and "cluster_1" in dot
    mermaid = system.explain().to_mermaid()
    assert mermaid.startswith("flowchart LR") and "n4 --> n5" in mermaid


def test_unknown_latency_counts_as_one_unit() -> None:
    ex = build_graph("2E@openai/gpt-4o -> 1M").explain()
    assert ex.critical_path == 1.0
    assert "latency unknown for some nodes" in ex.to_text()


def test_graph_value_semantics() -> None:
    a = build_graph(FIVE_E_ONE_J)
    b = build_graph(" -> ".join(FIVE_E_ONE_J))
    assert a == b and hash(a) == hash(b)
    assert isinstance(a, Graph)
    assert repr(a) == "Graph('5E@sim/gpt(latency=0.2) -> 1J@sim/judge(latency=0.2)')"


@pytest.mark.parametrize(("spec", "position", "expected"), [
    ("@openai/gpt", 0, "a count like '5'"),
    ("5", 1, "a node code"),
    ("5E@", 3, "a model id like 'openai/gpt-4o'"),
    ("5E@gpt-4o", 3, "a model id like 'openai/gpt-4o' (provider/model)"),
    ("5E@sim/gpt(temp 0.7)", 16, "'=' after the parameter name 'temp'"),
    ("5E@sim/gpt(temp=0.7", 19, "')' to close the '(' at position 10"),
    ("5E@sim/gpt(temp=3)", 11, "a valid value for temperature"),
    ("5E@sim/gpt(temp=0.1, temperature=0.2)", 21, "each parameter once"),
    ("5E@sim/gpt 1J", 11, "'+', '->' or the end of the spec"),
    ("5E@nope/gpt", 3, "a node '5E@nope/gpt' that can be built"),
    ("1J@sim/judge", 0, "a stage before J (judge)"),
    ("1E@sim/gpt -> 2M", 14, "a count of 1 for M (most common)"),
    ("1E@sim/gpt -> 1M(x=1)", 17, "no parameter 'x' for M"),
    ("1E@sim/gpt -> 1V@sim/gpt(rounds=1.5)", 25, "max_rounds to be int"),
    ("3Z@sim/gpt", 1, "a known node code"),
    ("5E", 2, "'@' and a model after 5E"),
    ("2000E@sim/gpt", 0, "a count of at most 1000"),
])
def test_errors_name_the_position_and_what_was_expected(spec: str, position: int,
                                                         expected: str) -> None:
    with pytest.raises(NotationError) as info:
        build_graph(spec)
    err = info.value
    assert err.position == position, str(err)
    assert err.expected.startswith(expected), str(err)
    assert str(err).startswith(f"expected {err.expected} at position {position} in {spec!r}")


def test_the_documented_example_message() -> None:
    with pytest.raises(NotationError) as info:
        parse("@openai/gpt")
    assert str(info.value).startswith(
        "expected a count like '5' at position 0 in '@openai/gpt'")
    assert isinstance(info.value, ValueError)


def test_errors_in_a_list_name_the_stage() -> None:
    with pytest.raises(NotationError) as info:
        build_graph(["5E@sim/gpt", "1J@sim/judge(temp=)"])
    assert info.value.stage == 1 and info.value.position == 18
    assert "[stage 1 of the list]" in str(info.value)
    with pytest.raises(NotationError, match="expected at least one stage"):
        build_graph([])
    with pytest.raises(NotationError, match="got int"):
        build_graph(["5E@sim/gpt", 3])  # type: ignore[list-item]


def test_the_timeline_draws_with_ember_viz() -> None:
    system = build_graph("3E@sim/gpt(latency=0.05) -> 1J@sim/judge(latency=0.05)")
    predicted = system.explain().timeline()
    assert not predicted.measured and predicted.wall == pytest.approx(0.1)
    system(query="q")
    measured = system.explain().timeline()
    assert measured.measured and len(measured.bars) == 4
    assert [b.critical for b in measured.bars].count(True) == 2  # one member, then the judge
    assert system.explain().to_svg().startswith("<svg")


# --------------------------------------------------------------------------- missing keys


def _assert_one_readable_missing_key(error: BaseException, env: str) -> None:
    assert isinstance(error, MissingAPIKey), repr(error)
    assert not isinstance(error, BaseExceptionGroup)
    message = "".join(traceback.format_exception_only(error))
    assert f"export {env}=" in message and "sim/" in message, message
    assert len(message.splitlines()) <= 8, message


def test_a_graph_without_keys_says_so_once() -> None:
    system = build_graph(["5E@openai/gpt-4o", "1J@openai/gpt-4o"])
    with pytest.raises(MissingAPIKey) as info:
        system(query="x")
    _assert_one_readable_missing_key(info.value, "OPENAI_API_KEY")
    with pytest.raises(MissingAPIKey):
        asyncio.run(system.acall(query="x"))


def test_keys_are_checked_for_every_node_before_any_call(endpoint) -> None:
    name, server = endpoint("served")
    endpoint("keyed", api_key_env="EMBER_TEST_KEY_NOT_SET")
    system = build_graph([f"3E@{name}/gpt", "1J@keyed/judge"])
    with pytest.raises(MissingAPIKey) as info:
        system(query="x")
    _assert_one_readable_missing_key(info.value, "EMBER_TEST_KEY_NOT_SET")
    assert server.stats()["requests"] == 0  # the ensemble was never sent


def test_the_same_missing_key_from_callables_comes_out_once() -> None:
    from ember.models import models

    def custom(node, index):
        def unit(query, inputs):
            return models("anthropic/claude-sonnet-4", query)
        return unit

    register_node("K", custom, name="keyed", model="none", calls=1, replace=True)
    with pytest.raises(MissingAPIKey) as info:
        build_graph(["4K", "1M"])(query="x")
    _assert_one_readable_missing_key(info.value, "ANTHROPIC_API_KEY")  # the first, as it is
