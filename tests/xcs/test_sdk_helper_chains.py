"""The everyday eval loop over the openai SDK: helpers handed the client (``ask(client, q)``,
``grade(client, q, answer)``), called per item of a list with a progress print. The helpers
are decided with the client when the plan is made, every item's ``ask`` starts at once and
each ``grade`` as soon as its item's ``ask`` has ended; the prints, the answers and the
requests the simulator sees are the plain run's."""

from __future__ import annotations

import json
import types
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


def reply(client, prompt, lat):  # noqa: ANN001, ANN201 - as users write it: no annotations
    r = client.chat.completions.create(model="gpt-sim", extra_body={"latency": lat},
                                       messages=[{"role": "user", "content": prompt}])
    return r.choices[0].message.content


def tidy_answers(client: Any) -> list[str]:
    """The answer's str methods right on the helper's result (``reply(...).strip()``)."""
    out = []
    for i, (_, question, lat) in enumerate(QUESTIONS, 1):
        answer = reply(client, question, lat).strip().lower()
        print(f"[{i}/{len(QUESTIONS)}] {answer[:12]}")
        out.append(answer)
    return out


def test_str_methods_on_a_helpers_answer_do_not_stop_the_loop(
        client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The helper, with no annotation, returns a field of the SDK's response (data, as JSON
    gives it) with the client it is handed, so ``.strip().lower()`` on its result computes:
    every item's call starts at once."""
    c, server = client
    plain = tidy_answers(c)
    plain_out = capsys.readouterr().out
    server.reset_stats()
    assert xcs.jit(tidy_answers)(c) == plain
    assert capsys.readouterr().out == plain_out
    assert server.stats()["max_in_flight"] >= 2  # (3 on a quiet machine; one by one: 1)


class Loud(str):
    """An answer of a client of the user's: its ``strip`` prints."""

    def strip(self, chars: str | None = None) -> str:
        print(f"strip {self[:10]}")
        return str(self).strip(chars)


class UsersClient:
    """A client of the user's shaped like the SDK's: it prints when asked, and answers a
    `Loud`."""

    def __init__(self) -> None:
        self.chat = types.SimpleNamespace(completions=self)

    def create(self, **kw: Any) -> Any:
        prompt = kw["messages"][0]["content"]
        print(f"asked {prompt}")
        message = types.SimpleNamespace(content=Loud(f"  {prompt.upper()}  "))
        return types.SimpleNamespace(choices=[types.SimpleNamespace(message=message)])


def test_a_later_call_handed_a_client_of_yours_plans_again(
        client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The plan typed the answers from the SDK client it was first handed; handed another
    client (the user's, whose answers print when stripped) it plans again, and the asks,
    strips and progress lines keep the plain run's order."""
    c, _ = client
    jitted = xcs.jit(tidy_answers)
    assert jitted(c) == tidy_answers(c)
    capsys.readouterr()
    plain = tidy_answers(UsersClient())
    plain_out = capsys.readouterr().out
    assert plain_out.splitlines()[:3] == ["asked Capital of France?", "strip   CAPITAL ",
                                          "[1/3] capital of f"]
    assert jitted(UsersClient()) == plain
    assert capsys.readouterr().out == plain_out


class LoudOpenAI(openai.OpenAI):
    """A subclass of the SDK's client whose ``chat`` is a property of the user's: it prints."""

    @property
    def chat(self) -> Any:  # type: ignore[override]
        print("chat read")
        return super().chat


def test_a_property_a_subclass_of_yours_defines_is_not_read_ahead(
        client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The SDK client's own properties are read ahead to find the resource's method; one a
    subclass of yours defines runs where the plain code reads it, as often."""
    _, server = client
    loud = LoudOpenAI(api_key=KEY, base_url=server.openai_base_url, max_retries=0)
    try:
        plain = tidy_answers(loud)
        plain_out = capsys.readouterr().out
        assert plain_out.count("chat read") == 3
        assert xcs.jit(tidy_answers)(loud) == plain
        assert capsys.readouterr().out == plain_out
    finally:
        loud.close()
