"""The JIT on Ember's own model calls: in-process `sim/` and real HTTP to the simulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ember import xcs
from ember.models import models
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
