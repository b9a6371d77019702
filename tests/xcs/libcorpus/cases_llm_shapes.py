# ruff: noqa: B905
"""Everyday compound-AI shapes on the openai SDK: a helper asking the model, called over a
list of questions as people write it (a comprehension, a loop appending, a dict, agents
holding the client as an attribute, a retry wrapper with backoff, a helper that logs or
prints, answers parsed as JSON, built into pydantic models or dataclasses, a two-stage
draft-and-improve, a judge over the answers). Four of them ran serial when written (a
method handing ``self.client`` to the helper, the retry wrapper, the logging helper, a
pydantic model built around the call); the agents' and the logging helper's overlap now.
The retry wrapper raises by design when it gives up and sleeps after a refusal: it keeps
each call behind the one before, as a helper that decides must."""
from __future__ import annotations

import dataclasses
import json
import time
from typing import Any

import openai
import pydantic

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("probe")
QS = ["Why is the sky blue?", "Name a prime.", "What is rust?", "Who wrote Emma?"]
LAT = [0.15, 0.04, 0.09, 0.06]
IDEAL = sum(LAT) / max(LAT)


def ask(client: Any, q: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def ask_print(client: Any, q: str, lat: float) -> str:
    print("asking", q)
    return ask(client, q, lat)


def ask_log(client: Any, q: str, lat: float) -> str:
    LOG.info("asking %s", q)
    a = ask(client, q, lat)
    LOG.info("done %s", q)
    return a


def ask_retry(client: Any, q: str, lat: float) -> str:
    for attempt in range(3):
        try:
            return ask(client, q, lat)
        except openai.APIError:
            time.sleep(0.05 * (attempt + 1))
    raise RuntimeError("gave up")


class Answer(pydantic.BaseModel):
    q: str
    text: str


@dataclasses.dataclass
class Rec:
    q: str
    text: str


@dataclasses.dataclass
class Agent:
    client: Any
    name: str
    lat: float

    def answer(self, q: str) -> str:
        return ask(self.client, f"{self.name}: {q}", self.lat)


def ls_comp_print(client: Any) -> list[str]:
    return [ask_print(client, q, lat) for q, lat in zip(QS, LAT)]


def ls_comp_log(client: Any) -> list[str]:
    return [ask_log(client, q, lat) for q, lat in zip(QS, LAT)]


def ls_comp_retry(client: Any) -> list[str]:
    return [ask_retry(client, q, lat) for q, lat in zip(QS, LAT)]


def ls_loop_print_after(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LAT):
        a = ask(client, q, lat)
        print(q, "->", a[:20])
        out.append(a)
    return out


def ls_loop_pydantic(client: Any) -> list[dict]:
    out = []
    for q, lat in zip(QS, LAT):
        out.append(Answer(q=q, text=ask(client, q, lat)))
    return [a.model_dump() for a in out]


def ls_loop_dataclass(client: Any) -> list[Rec]:
    return [Rec(q, ask(client, q, lat)) for q, lat in zip(QS, LAT)]


def ls_dict_comp(client: Any) -> dict:
    return {q: ask(client, q, lat) for q, lat in zip(QS, LAT)}


def ls_agents(client: Any) -> list[str]:
    agents = [Agent(client, n, lat) for n, lat in zip(["a", "b", "c", "d"], LAT)]
    return [ag.answer("Why?") for ag in agents]


def ls_agents_loop(client: Any) -> list[str]:
    agents = [Agent(client, n, lat) for n, lat in zip(["a", "b", "c", "d"], LAT)]
    out = []
    for ag in agents:
        out.append(ag.answer("Why?"))
    return out


def ls_two_stage(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LAT):
        draft = ask(client, q, lat)
        out.append(ask(client, "improve: " + draft[:30], lat))
    return out


def ls_json_parse(client: Any) -> list[Any]:
    out = []
    for q, lat in zip(QS, LAT):
        a = ask(client, q, lat)
        try:
            out.append(json.loads(a))
        except json.JSONDecodeError:
            out.append({"raw": a[:10]})
    return out


def ls_judge(client: Any) -> str:
    answers = [ask(client, q, lat) for q, lat in zip(QS, LAT)]
    return ask(client, "judge: " + " | ".join(a[:10] for a in answers), 0.02)


def ls_template(client: Any) -> list[str]:
    template = "Answer briefly: {q}"
    prompts = [template.format(q=q) for q in QS]
    return [ask(client, p, lat) for p, lat in zip(prompts, LAT)]


def ls_enumerate_print(client: Any) -> list[str]:
    res = []
    for i, (q, lat) in enumerate(zip(QS, LAT)):
        print(f"[{i + 1}/{len(QS)}] {q}")
        res.append(ask(client, q, lat))
    return res


def ls_messages_history(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LAT):
        msgs = [{"role": "system", "content": "be brief"}, {"role": "user", "content": q}]
        r = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


def ls_usage_sum(client: Any) -> int:
    total = 0
    for q, lat in zip(QS, LAT):
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}], extra_body={"latency": lat})
        total += r.usage.total_tokens
    return total


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _c(fn: Any, ideal: float = IDEAL) -> Case:
    return Case("sdk", fn, args=oa, servers="api", ideal=ideal, overlap=len(QS))


CASES = [_c(f) for f in (ls_comp_print, ls_comp_log, ls_loop_print_after,
                          ls_loop_pydantic, ls_loop_dataclass, ls_dict_comp, ls_agents,
                          ls_agents_loop, ls_json_parse, ls_template, ls_enumerate_print,
                          ls_messages_history, ls_usage_sum)]
CASES += [_c(ls_two_stage), _c(ls_judge, (sum(LAT) + 0.02) / (max(LAT) + 0.02)),
          Case("sdk", ls_comp_retry, args=oa, servers="api")]
