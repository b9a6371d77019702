"""The everyday eval loop over the openai SDK: helpers handed the client (``ask(client, q)``,
``grade(client, q, answer)``), called per item of a list with a progress print. The helpers
are decided with the client when the plan is made, every item's ``ask`` starts at once and
each ``grade`` as soon as its item's ``ask`` has ended; the prints, the answers and the
requests the simulator sees are the plain run's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from ember import xcs
from ember.sim import SimConfig, SimServer

KEY = "sk-test-sdk-helper-chains"
QUESTIONS = [("q1", "Capital of France?", 0.2), ("q2", "2 + 2?", 0.05),
             ("q3", "Author of Hamlet?", 0.1)]


@pytest.fixture
def client() -> Iterator[Any]:
    server = SimServer(SimConfig(latency=0.0, api_key=KEY)).start()
    c = openai.OpenAI(api_key=KEY, base_url=server.openai_base_url, max_retries=0)
    try:
        yield c, server
    finally:
        c.close()
        server.close()


def ask(client: Any, prompt: str, lat: float, **kw: Any) -> str:
    r = client.chat.completions.create(model="gpt-sim", extra_body={"latency": lat},
                                       messages=[{"role": "user", "content": prompt}], **kw)
    return r.choices[0].message.content


def grade(client: Any, question: str, answer: str) -> int:
    r = client.chat.completions.create(
        model="judge-sim", extra_body={"latency": 0.05},
        messages=[{"role": "user", "content": f"Q: {question}\nA: {answer}"}])
    return len(json.dumps(r.choices[0].message.content)) % 5 + 1


def evaluate(client: Any) -> dict[str, int]:
    scores = {}
    for i, (key, question, lat) in enumerate(QUESTIONS, 1):
        answer = ask(client, question, lat)
        scores[key] = grade(client, question, answer)
        print(f"[{i}/{len(QUESTIONS)}] {key}: {scores[key]}")
    return scores


def evaluate_comprehension(client: Any) -> list[int]:
    return [grade(client, q, ask(client, q, lat)) for _, q, lat in QUESTIONS]


@pytest.mark.parametrize("fn", [evaluate, evaluate_comprehension])
def test_an_eval_loop_of_client_helpers_overlaps_its_items(
        fn: Any, client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    c, server = client
    plain = fn(c)
    plain_out = capsys.readouterr().out
    assert server.stats()["max_in_flight"] == 1
    server.reset_stats()
    assert xcs.jit(fn)(c) == plain
    assert capsys.readouterr().out == plain_out
    stats = server.stats()
    assert stats["completed"] == 6
    assert stats["max_in_flight"] >= 2  # (3 and more on a quiet machine; one by one: 1)


def test_a_client_with_a_hook_of_the_users_plans_again_and_keeps_its_place(
        client: Any) -> None:
    c, server = client
    jitted = xcs.jit(evaluate_comprehension)
    plain = jitted(c)
    seen: list[str] = []
    hooked = openai.OpenAI(api_key=KEY, base_url=server.openai_base_url, max_retries=0,
                           http_client=openai.DefaultHttpxClient(event_hooks={
                               "request": [lambda r: seen.append(json.loads(r.content)["model"])]}))
    try:
        server.reset_stats()
        assert jitted(hooked) == plain
    finally:
        hooked.close()
    assert seen == ["gpt-sim", "judge-sim"] * 3  # each item's ask, then its grade
    assert server.stats()["max_in_flight"] == 1
