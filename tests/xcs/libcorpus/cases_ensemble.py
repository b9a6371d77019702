"""Ensembles over lists of objects: ``[m.generate(x) for m in self.models]`` and friends.

The callee of each call is only known per element at run time (an SDK model, an HTTP
model, Ember's own `models.instance`), so the JIT must resolve it then.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import requests

from ember.api import models
from tests.xcs.libcorpus._case import Case, Env, anthropic_client, openai_client

ENSEMBLE = "ensemble"
NAMES = ("gpt", "gpt-mini", "judge")


class ChatModel:
    """An OpenAI-SDK model with a `generate` method, as users wrap them."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def generate(self, prompt: str) -> str:
        reply = self.client.chat.completions.create(
            model=self.name, messages=[{"role": "user", "content": prompt}])
        return reply.choices[0].message.content

    __call__ = generate


class ClaudeModel:
    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def generate(self, prompt: str) -> str:
        msg = self.client.messages.create(model=self.name, max_tokens=64,
                                          messages=[{"role": "user", "content": prompt}])
        return msg.content[0].text


class HttpModel:
    """A 'model' behind a plain HTTP API."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name

    def generate(self, prompt: str) -> str:
        return requests.get(f"{self.base}/items/{self.name}-{len(prompt)}").json()["value"]


class Ensemble:
    def __init__(self, members: list[Any], judge: Any = None) -> None:
        self.models = members
        self.judge = judge

    def answer(self, question: str) -> list[str]:
        return [m.generate(question) for m in self.models]

    def answer_and_judge(self, question: str) -> str:
        drafts = [m.generate(question) for m in self.models]
        return self.judge.generate(" | ".join(drafts))

    def by_name(self, question: str) -> dict[str, str]:
        return {m.name: m.generate(question) for m in self.models}

    def vote(self, question: str) -> str:
        answers = [m.generate(question) for m in self.models]
        return Counter(a.split(":")[0] for a in answers).most_common(1)[0][0]


def _chat_models(env: Env) -> list[ChatModel]:
    client = openai_client(env)
    return [ChatModel(client, n) for n in NAMES]


def make_sdk_ensemble(env: Env) -> Any:
    return Ensemble(_chat_models(env)).answer


def make_ensemble_then_judge(env: Env) -> Any:
    members = _chat_models(env)
    return Ensemble(members[:2], judge=members[2]).answer_and_judge


def make_http_ensemble(env: Env) -> Any:
    return Ensemble([HttpModel(env.web, n) for n in ("m1", "m2", "m3", "m4")]).answer


def make_mixed_ensemble(env: Env) -> Any:
    client = openai_client(env)
    return Ensemble([ChatModel(client, "gpt"), ClaudeModel(anthropic_client(env), "claude"),
                     HttpModel(env.api, "plain")]).by_name


def make_vote(env: Env) -> Any:
    return Ensemble([HttpModel(env.web, n) for n in ("x", "y", "z")]).vote


def loop_append_callables(members: list[Any], question: str) -> list[str]:
    out = []
    for m in members:
        out.append(m(question))
    return out


def zip_prompts(members: list[Any], prompts: list[str]) -> list[str]:
    return [m.generate(p) for m, p in zip(members, prompts, strict=True)]


def ember_bindings(env: Env) -> tuple:
    return [models.instance(f"sim/{n}", latency=0.05) for n in NAMES], "Why is the sky blue?"


def ember_then_judge(question: str) -> str:
    drafts = [models(f"sim/{n}", question, latency=0.05) for n in ("a", "b", "c")]
    return models("sim/judge", "Pick one: " + " / ".join(drafts), latency=0.05)


CASES = [
    Case(ENSEMBLE, make=make_sdk_ensemble, args=lambda env: ("What is 2+2?",), servers="api",
         ideal=3.0, overlap=3),
    Case(ENSEMBLE, make=make_ensemble_then_judge, args=lambda env: ("Best tea?",),
         servers="api", ideal=1.5, overlap=2),
    Case(ENSEMBLE, make=make_http_ensemble, args=lambda env: ("hello",), servers="web",
         ideal=4.0, overlap=4),
    Case(ENSEMBLE, make=make_mixed_ensemble, args=lambda env: ("Mixed?",), servers="api",
         ideal=3.0, overlap=3),
    Case(ENSEMBLE, make=make_vote, args=lambda env: ("vote",), servers="web", ideal=3.0,
         overlap=3),
    Case(ENSEMBLE, loop_append_callables, args=lambda env: (_chat_models(env), "Loop?"),
         servers="api", ideal=3.0, overlap=3),
    Case(ENSEMBLE, zip_prompts, servers="api", ideal=3.0, overlap=3,
         args=lambda env: (_chat_models(env), ["p1", "p2", "p3"])),
    Case(ENSEMBLE, loop_append_callables, args=ember_bindings, ideal=3.0,
         name="ember_bindings_loop"),
    Case(ENSEMBLE, ember_then_judge, args=lambda env: ("Tabs or spaces?",), ideal=2.0),
]
