"""The JIT on Ember's own model calls: in-process `sim/` and real HTTP to the simulator."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from ember import xcs
from ember.models import CallHook, ModelCall, models, scoped_hooks
from ember.sim import SimConfig, SimServer

KEY = "sk-test-jit-models"


@pytest.fixture
def openai_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    server = SimServer(SimConfig(latency=0.2, api_key=KEY)).start()
    monkeypatch.setenv("OPENAI_BASE_URL", server.openai_base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    try:
        yield server
    finally:
        server.close()


def ensemble(question: str, model: str) -> tuple[str, str, str, str]:
    a = models(f"{model}-a", question, latency=0.2)
    b = models(f"{model}-b", question, latency=0.2)
    c = models(f"{model}-c", question, latency=0.2)
    verdict = models(f"{model}-judge", f"{a}|{b}|{c}", latency=0.2)
    return a, b, c, verdict


def test_sim_ensemble_overlaps_and_equals_plain(sim_calls) -> None:
    plain = ensemble("What is 2+2?", "sim/m")
    assert sim_calls.waves() == [1, 1, 1, 1]
    sim_calls.events.clear()
    sim_calls.hold(3)
    jitted = xcs.jit(ensemble)("What is 2+2?", "sim/m")
    assert jitted == plain
    assert all(type(x) is type(y) for x, y in zip(jitted, plain, strict=True))
    assert [r.model_id for r in jitted] == [r.model_id for r in plain]
    assert sim_calls.waves() == [3, 1]  # the members together, then the judge


def test_http_ensemble_overlaps_on_the_wire(openai_server: SimServer) -> None:
    plain = ensemble("Hello", "openai/gpt-sim")
    assert openai_server.stats()["max_in_flight"] == 1
    openai_server.reset_stats()
    jitted = xcs.jit(ensemble)("Hello", "openai/gpt-sim")
    assert jitted == plain
    stats = openai_server.stats()
    assert stats["completed"] == 4
    assert stats["max_in_flight"] >= 3  # the three members were on the wire together


def test_binding_on_self_is_resolved_and_overlaps(sim_calls) -> None:
    @xcs.jit
    class Pair:
        def __init__(self) -> None:
            self.llm = models.instance("sim/pair", latency=0.4)

        def forward(self, q: str) -> str:
            x = self.llm(q)
            y = self.llm(q + "?")
            return f"{x} / {y}"

    plain = f"{models('sim/pair', 'q', latency=0.4)} / {models('sim/pair', 'q?', latency=0.4)}"
    sim_calls.hold(2)
    assert Pair().forward("q") == plain
    assert sim_calls.max_in_flight == 2  # one by one: 1


def test_model_errors_surface_where_the_plain_code_raises_them() -> None:
    def bad(q: str) -> str:
        try:
            a = models("nosuch/model", q)
        except LookupError as exc:
            return f"caught {type(exc).__name__}"
        return a

    assert xcs.jit(bad)("x") == bad("x") == "caught UnknownProvider"


def test_async_ensemble_overlaps(sim_calls) -> None:
    async def aens(q: str) -> list[str]:
        a = await models.acall("sim/x", q, latency=0.2)
        b = await models.acall("sim/y", q, latency=0.2)
        c = await models.acall("sim/z", q, latency=0.2)
        return [a, b, c]

    plain = asyncio.run(aens("q"))
    assert sim_calls.max_in_flight == 1
    sim_calls.hold(3)
    assert asyncio.run(xcs.jit(aens)("q")) == plain
    assert sim_calls.max_in_flight == 3


class Printing(CallHook):
    """A hook of the user's: it prints each call's model and the thread it runs in."""

    def before(self, call: ModelCall) -> None:
        print("hook", call.model_id, threading.current_thread() is threading.main_thread())


def hooked_pair(q: str) -> list[str]:
    with scoped_hooks(Printing()):
        a = models("sim/slow", q, latency=0.1)
        print("a done")
        b = models("sim/fast", q, latency=0.01)
    return [a, b]


def test_calls_under_a_hook_of_the_users_run_in_place(sim_calls, capsys) -> None:
    plain = hooked_pair("q")
    plain_out = capsys.readouterr().out
    assert plain_out == "hook sim/slow True\na done\nhook sim/fast True\n"
    assert xcs.jit(hooked_pair)("q") == plain
    assert capsys.readouterr().out == plain_out
    assert sim_calls.max_in_flight == 1


def tight_loop(qs: list[str]) -> list[int]:
    with models.budget(usd=0.005):
        return [len(models("sim/gpt-4o", q, latency=0.02, max_tokens=200)) for q in qs]


def test_a_budget_sees_the_calls_one_by_one_as_the_plain_code_makes_them(sim_calls) -> None:
    # Calls started together would reserve their worst cases together, and be refused.
    plain = tight_loop(["a", "b", "c"])
    assert xcs.jit(tight_loop)(["a", "b", "c"]) == plain
    assert sim_calls.max_in_flight == 1


class Counting(CallHook):
    order_free = True  # (it counts calls: their order and thread change nothing)

    def __init__(self) -> None:
        self.calls = 0

    def before(self, call: ModelCall) -> None:
        self.calls += 1


def test_calls_under_an_order_free_hook_overlap(sim_calls) -> None:
    counting = Counting()

    def three(q: str) -> list[str]:
        with scoped_hooks(counting):
            return [models("sim/x", q, latency=0.2), models("sim/y", q, latency=0.2),
                    models("sim/z", q, latency=0.2)]

    plain = three("q")
    sim_calls.hold(3)
    assert xcs.jit(three)("q") == plain
    assert sim_calls.max_in_flight == 3 and counting.calls == 6
