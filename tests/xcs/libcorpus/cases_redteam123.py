"""Red-team cases (stop 123): LLM output parsing and validation pipelines.

The openai SDK (`oa`) against the simulator, and the HTTP server: `json.loads` of model
answers with fallbacks on `JSONDecodeError`, pydantic models validating answers
(`ValidationError` caught, re-asked with a corrected prompt), `TypeAdapter`,
`validate_call`, `parse(response_format=Model)`, regex extraction with defaults, bounded
retries that re-ask on a parse failure, a fallback to a second model, errors accumulated
into a list, a logger or an `ExceptionGroup`, partial results written as they come (JSONL,
sqlite, PUTs), summaries at the end, routers whose answer decides the next request, and
early exits when a validator raises. Sibling calls get unequal latencies, slow first, so a
wrong reordering shows. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import decimal
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam123")

LATS = (0.15, 0.04, 0.09, 0.06)
QUESTIONS = ("Name a city and its population", "Who wrote Hamlet", "Largest planet",
             "Boiling point of water")
JSON_MODE = {"type": "json_object"}
#: The questions in an order whose third answer fails `YoungPerson` (ages 35, 59, 88, 75).
EARLY = (QUESTIONS[1], QUESTIONS[3], QUESTIONS[0], QUESTIONS[2])


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> Any:
    return client.chat.completions.create(model=model, messages=[user(prompt)],
                                          extra_body={"latency": lat}, **kw)


def text_of(r: Any) -> str:
    return r.choices[0].message.content


class Person(pydantic.BaseModel):
    name: str
    age: int


PERSON_FORMAT = {"type": "json_schema",
                 "json_schema": {"name": "Person", "schema": Person.model_json_schema()}}


class YoungPerson(pydantic.BaseModel):
    """A validator that refuses some answers (deterministically, by the answer itself)."""

    name: str
    age: int

    @pydantic.field_validator("age")
    @classmethod
    def young(cls, v: int) -> int:
        if v > 70:
            raise ValueError(f"age {v} too high")
        return v


class LoudPerson(pydantic.BaseModel):
    """A validator that prints: validating is output."""

    name: str
    age: int

    @pydantic.field_validator("name")
    @classmethod
    def shout(cls, v: str) -> str:
        print("validating", v[:10])
        return v.strip()


class SeenPerson(pydantic.BaseModel):
    """A validator that records into the list handed as validation context."""

    name: str
    age: int

    @pydantic.model_validator(mode="after")
    def note(self, info: pydantic.ValidationInfo) -> SeenPerson:
        if info.context is not None:
            info.context["seen"].append(self.age)
        return self


class ParseError(Exception):
    pass


# =========================================================================== json.loads fallbacks


def json_loads_fallback_raw(client: Any) -> list[dict[str, Any]]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q + " as JSON", lat))
        try:
            data = json.loads(ans)
        except json.JSONDecodeError:
            data = {"raw": ans[:24]}
        out.append(data)
    return out


def json_mode_comprehension(client: Any) -> list[str]:
    return [json.loads(text_of(ask(client, q, lat, response_format=JSON_MODE)))["answer"][:20]
            for q, lat in zip(QUESTIONS, LATS, strict=True)]


def json_continue_in_except(client: Any) -> dict[str, Any]:
    good, errors = [], []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        fmt = JSON_MODE if i % 2 == 0 else {"type": "text"}
        ans = text_of(ask(client, q, lat, response_format=fmt))
        try:
            data = json.loads(ans)
        except json.JSONDecodeError as exc:
            errors.append((q, exc.msg, exc.pos))
            continue
        good.append(data["answer"][:16])
    return {"good": good, "errors": errors}


def json_suppress_then_default(client: Any) -> list[Any]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE if i != 1 else None))
        value: Any = "n/a"
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(ans)["answer"][:10]
        out.append(value)
    return out


def json_fenced_regex_extract(client: Any) -> list[Any]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = "```json\n" + text_of(ask(client, q, lat, response_format=JSON_MODE)) + "\n```"
        m = re.search(r"```(?:json)?\s*(\{.*?\})\s*```", ans, re.S)
        out.append(json.loads(m.group(1))["answer"][:12] if m else None)
    return out


def json_parse_float_decimal(web: str) -> list[Any]:
    out = []
    for k, ms in (("p1", 150), ("p2", 40), ("p3", 90)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        data = json.loads(r.text.replace('"key"', '"price": 1.10, "key"'),
                          parse_float=decimal.Decimal)
        out.append((data["key"], data["price"]))
    return out


def _parse_or_raise(ans: str, q: str) -> dict[str, Any]:
    try:
        return json.loads(ans)
    except json.JSONDecodeError as exc:
        raise ParseError(f"answer to {q!r} is not JSON") from exc


def json_raise_from_stops_loop(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE if i < 2 else None))
        out.append(_parse_or_raise(ans, q)["answer"][:10])
        print("ok", i)
    return out


def json_errors_exception_group(client: Any) -> list[str]:
    errors: list[Exception] = []
    good = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE if i % 2 else None))
        try:
            good.append(json.loads(ans)["answer"][:8])
        except json.JSONDecodeError as exc:
            errors.append(ValueError(f"{q}: {exc.msg}"))
    if errors:
        raise ExceptionGroup(f"{len(errors)} bad answers; good: {good}", errors)
    return good


# =========================================================================== pydantic


def pydantic_validate_json_loop(client: Any) -> list[dict[str, Any]]:
    people = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
        people.append(Person.model_validate_json(ans).model_dump())
    return people


def pydantic_validation_retry_corrected(client: Any) -> list[Any]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        prompt = q
        person = None
        for _attempt in range(2):
            ans = text_of(ask(client, prompt, lat, response_format=PERSON_FORMAT))
            try:
                person = YoungPerson.model_validate_json(ans)
                break
            except pydantic.ValidationError as exc:
                prompt = f"{q}\nYour last answer failed: {exc.errors()[0]['msg']}. Fix it."
        out.append(person.age if person else None)
    return out


def pydantic_loud_validator_order(client: Any) -> list[int]:
    ages = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
        print("answer for", q[:12])
        ages.append(LoudPerson.model_validate_json(ans).age)
    return ages


def pydantic_loud_then_get(client: Any, web: str) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        p = LoudPerson.model_validate_json(
            text_of(ask(client, q, lat, response_format=PERSON_FORMAT)))
        out.append(requests.get(f"{web}/items/age{p.age}?ms=30", timeout=5).json()["value"])
        print("looked up", p.age)
    return out


def pydantic_parse_response_format_loud(client: Any) -> list[int]:
    ages = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        print("asking", q[:10])
        r = client.chat.completions.parse(model="gpt", messages=[user(q)],
                                          response_format=LoudPerson,
                                          extra_body={"latency": lat})
        ages.append(r.choices[0].message.parsed.age)
    return ages


def pydantic_parse_plain_model(client: Any) -> list[int]:
    return [client.chat.completions.parse(model="gpt", messages=[user(q)],
                                          response_format=Person,
                                          extra_body={"latency": lat}
                                          ).choices[0].message.parsed.age
            for q, lat in zip(QUESTIONS, LATS, strict=True)]


def pydantic_context_records(client: Any) -> dict[str, Any]:
    seen: list[int] = []
    names = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
        names.append(SeenPerson.model_validate_json(ans, context={"seen": seen}).name[:8])
    return {"names": names, "seen": seen}


def pydantic_type_adapter_web(web: str) -> list[Any]:
    adapter = pydantic.TypeAdapter(dict[str, str])
    out = []
    for k, ms in (("t1", 150), ("t2", 40), ("t3", 90)):
        out.append(adapter.validate_json(requests.get(f"{web}/items/{k}?ms={ms}",
                                                      timeout=5).content)["value"])
    return out


def pydantic_early_exit_validation_error(client: Any) -> list[int]:
    ages = []
    for q, lat in zip(EARLY, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
        ages.append(YoungPerson.model_validate_json(ans).age)
        print("valid", ages[-1])
    return ages


@pydantic.validate_call
def ask_checked(client: Any, prompt: str, lat: float) -> str:
    return text_of(ask(client, prompt, lat))


def validate_call_helper_fanout(client: Any) -> list[str]:
    return [ask_checked(client, q, lat)[:20] for q, lat in zip(QUESTIONS, LATS, strict=True)]


@dataclasses.dataclass
class Extracted:
    city: str
    population: int

    def __post_init__(self) -> None:
        if self.population < 0:
            raise ValueError("negative population")
        print("extracted", self.city)


def dataclass_post_init_prints(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        m = re.search(r"On (\w+)", ans)
        e = Extracted(m.group(1) if m else "?", len(ans))
        out.append(e.city)
    return out


# =========================================================================== regex extraction


def regex_number_default(client: Any) -> list[int]:
    scores = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, "Score 1-10: " + q, lat))
        m = re.search(r"\b(\d+)\b", ans)
        scores.append(int(m.group(1)) if m else 5)
    return scores


# =========================================================================== retries and fallbacks


def retry_reask_return_first_json(client: Any) -> Any:
    prompt = "Give the capital of France"
    for attempt in range(3):
        fmt = JSON_MODE if attempt == 2 else None
        ans = text_of(ask(client, prompt, 0.04, response_format=fmt))
        try:
            return json.loads(ans)["answer"][:20]
        except json.JSONDecodeError:
            print("attempt", attempt, "not JSON")
            prompt += " Reply in JSON only."
    return None


def _json_with_retry(client: Any, q: str, lat: float) -> str:
    for attempt in range(3):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE if attempt else None))
        try:
            return json.loads(ans)["answer"][:12]
        except json.JSONDecodeError:
            q = q + " (JSON please)"
    return "gave up"


def retry_helper_per_item(client: Any) -> list[str]:
    return [_json_with_retry(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]


def fallback_bad_request_second_model(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        try:
            r = ask(client, q, lat, temperature=3.5)
        except openai.BadRequestError as exc:
            print("primary refused:", exc.status_code)
            r = ask(client, q, lat / 3, model="gpt-mini")
        out.append(text_of(r)[:20])
    return out


def fallback_parse_failure_second_model(client: Any) -> list[Any]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        try:
            out.append(json.loads(ans))
        except json.JSONDecodeError:
            alt = text_of(ask(client, q, 0.03, model="gpt-mini", response_format=JSON_MODE))
            out.append(json.loads(alt)["answer"][:14])
    return out


def _ask_or_fallback(client: Any, q: str, lat: float) -> str:
    try:
        return text_of(ask(client, q, lat, temperature=9))
    except openai.BadRequestError:
        return "fallback: " + text_of(ask(client, q, lat / 2, model="gpt-mini"))[:12]


def parse_fallback_helper_comprehension(client: Any) -> list[str]:
    return [_ask_or_fallback(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]


def web_json_or_model_fallback(client: Any, web: str) -> list[Any]:
    out = []
    for k, ms in (("w1", 150), ("missing-w2", 40), ("w3", 90)):
        r = requests.get(f"{web}/items/{k}?ms={ms}", timeout=5)
        if r.ok:
            out.append(r.json()["value"])
        else:
            out.append(text_of(ask(client, f"Guess the value of {k}", 0.03))[:14])
    return out


# =========================================================================== partial results, summaries


def partial_jsonl_as_they_come(client: Any, tmp: str) -> int:
    path = Path(tmp, "partial.jsonl")
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE))
        with open(path, "a") as f:
            f.write(json.dumps({"q": q, "a": json.loads(ans)["answer"][:16]}) + "\n")
    return len(path.read_text().splitlines())


def partial_sqlite_each(client: Any, tmp: str) -> list[Any]:
    conn = sqlite3.connect(Path(tmp, "answers.db"))
    conn.execute("CREATE TABLE answers (q TEXT, ok INTEGER, text TEXT)")
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        try:
            json.loads(ans)
            ok = 1
        except json.JSONDecodeError:
            ok = 0
        conn.execute("INSERT INTO answers VALUES (?, ?, ?)", (q, ok, ans[:20]))
        conn.commit()
    rows = conn.execute("SELECT q, ok FROM answers ORDER BY rowid").fetchall()
    conn.close()
    return rows


def partial_put_each(client: Any, web: str) -> Any:
    for i, (q, lat) in enumerate(zip(QUESTIONS[:3], LATS, strict=False)):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE))
        requests.put(f"{web}/items/partial{i}", data=json.loads(ans)["answer"][:10], timeout=5)
    return requests.get(f"{web}/items", timeout=5).json()


def summary_counter_print_end(client: Any) -> dict[str, int]:
    tally: collections.Counter[str] = collections.Counter()
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, "Sentiment: " + q, lat))
        tally[("positive", "negative", "neutral")[len(ans) % 3]] += 1
    for label, n in sorted(tally.items()):
        print(f"{label:>8}: {n}")
    return dict(tally)


def errors_logged_and_written(client: Any, tmp: str) -> list[str]:
    errors = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        if len(ans) % 2:
            errors.append(f"odd answer length for {q!r}")
            LOG.error("validation failed: %s", errors[-1])
    Path(tmp, "errors.txt").write_text("\n".join(errors))
    return errors


def parse_try_else_finally_prints(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        try:
            data = json.loads(text_of(ask(client, q, lat, response_format=JSON_MODE)))
        except json.JSONDecodeError:
            out.append("bad")
        else:
            out.append(data["answer"][:8])
        finally:
            print("done with", q[:8])
    return out


# =========================================================================== routers


def _route(answer: str) -> str:
    return ("billing", "tech", "sales")[len(answer) % 3]


def router_label_then_get(client: Any, web: str) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        label = _route(text_of(ask(client, "Route: " + q, lat)))
        out.append(requests.get(f"{web}/items/{label}?ms=40", timeout=5).json()["value"])
    return out


def _billing(web: str, q: str) -> str:
    return requests.get(f"{web}/items/billing-{len(q)}?ms=30", timeout=5).json()["value"]


def _tech(web: str, q: str) -> str:
    return requests.get(f"{web}/items/tech-{len(q)}?ms=30", timeout=5).json()["value"]


HANDLERS = {"billing": _billing, "tech": _tech, "sales": _billing}


def router_dict_dispatch(client: Any, web: str) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        label = _route(text_of(ask(client, "Route: " + q, lat)))
        out.append(HANDLERS[label](web, q))
    return out


def router_match_statement(client: Any, web: str) -> list[Any]:
    out = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        match _route(text_of(ask(client, "Route: " + q, lat))):
            case "billing":
                out.append(requests.get(f"{web}/items/invoice?ms=30", timeout=5).json()["value"])
            case "tech":
                out.append(text_of(ask(client, "Troubleshoot: " + q, 0.03))[:12])
            case other:
                print("unrouted", other)
                out.append(None)
    return out


# =========================================================================== early exits


def _must_be_short(ans: str) -> str:
    if len(ans) > 150:
        raise ValueError(f"answer too long ({len(ans)})")
    return ans[:10]


def early_exit_helper_raise_puts(client: Any, web: str) -> list[str]:
    done = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        ans = text_of(ask(client, q, lat))
        done.append(_must_be_short(ans))
        requests.put(f"{web}/items/done{i}", data=done[-1], timeout=5)
    return done


def early_exit_validator_comprehension(client: Any) -> list[str]:
    return [_must_be_short(text_of(ask(client, q, lat)))
            for q, lat in zip(QUESTIONS, LATS, strict=True)]


def early_exit_return_first_valid(client: Any) -> str | None:
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
        try:
            return YoungPerson.model_validate_json(ans).name
        except pydantic.ValidationError:
            print("rejected", q[:10])
    return None


def early_exit_except_raise_new(client: Any, tmp: str) -> list[str]:
    path = Path(tmp, "ok.txt")
    ok = []
    for q, lat in zip(EARLY, LATS, strict=True):
        ans = text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
        try:
            ok.append(YoungPerson.model_validate_json(ans).name[:8])
        except pydantic.ValidationError as exc:
            raise RuntimeError(f"stopping at {q!r}: {exc.error_count()} error(s)") from None
        path.write_text("\n".join(ok))
    return ok


# =========================================================================== loop-carried state


def carried_hint_from_except(client: Any) -> list[str]:
    """The error of one item's parse is named in the next item's prompt."""
    out = []
    hint = ""
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q + hint, lat))
        try:
            out.append(json.loads(ans)["answer"][:10])
            hint = ""
        except json.JSONDecodeError as exc:
            out.append(f"bad@{exc.pos}:{ans[:14]}")
            hint = f" (last answer failed: {exc.msg}; reply in JSON)"
    return out


def carried_errors_len_in_prompt(client: Any) -> list[str]:
    errors: list[str] = []
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        ans = text_of(ask(client, f"{q} [errors so far: {len(errors)}]", lat,
                          response_format=JSON_MODE if i % 2 else None))
        try:
            out.append(json.loads(ans)["answer"][:24])
        except json.JSONDecodeError:
            errors.append(q)
            out.append(ans[:24])
    return out


ERRORS: list[str] = []


def _note_error(q: str) -> None:
    ERRORS.append(q)


def _error_hint() -> str:
    return f" [after {len(ERRORS)} errors]" if ERRORS else ""


def carried_global_error_list(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q + _error_hint(), lat))
        if len(ans) % 2:
            _note_error(q)
        out.append(ans[:40])
    return out


def _reset_errors(fn: Any, env: Env) -> Any:
    ERRORS.clear()
    try:
        return fn(openai_client(env))
    finally:
        ERRORS.clear()


def conversation_reask_per_item(client: Any) -> list[Any]:
    convs = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        msgs = [user(q)]
        r1 = client.chat.completions.create(model="gpt", messages=msgs,
                                            extra_body={"latency": lat})
        msgs.append({"role": "assistant", "content": text_of(r1)})
        msgs.append(user("That was not JSON. Answer again in JSON."))
        r2 = client.chat.completions.create(model="gpt", messages=msgs,
                                            extra_body={"latency": 0.03},
                                            response_format=JSON_MODE)
        convs.append((len(msgs), json.loads(text_of(r2))["answer"][:30]))
    return convs


# =========================================================================== lazy consumers, tracebacks


def comprehension_json_loads_raises(client: Any) -> list[Any]:
    return [json.loads(text_of(ask(client, q, lat, response_format=fmt)))
            for q, lat, fmt in zip(QUESTIONS, LATS, (JSON_MODE, JSON_MODE, None, JSON_MODE),
                                   strict=True)]


def generator_break_on_invalid(client: Any) -> list[str]:
    answers = (text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
               for q, lat in zip(EARLY, LATS, strict=True))
    ok = []
    for ans in answers:
        try:
            ok.append(YoungPerson.model_validate_json(ans).name[:8])
        except pydantic.ValidationError:
            print("stopping at invalid answer")
            break
    return ok


def _is_young(ans: str) -> bool:
    return json.loads(ans)["age"] <= 70


def next_filter_first_valid(client: Any) -> Any:
    answers = (text_of(ask(client, q, lat, response_format=PERSON_FORMAT))
               for q, lat in zip(QUESTIONS, LATS, strict=True))
    return next(filter(_is_young, answers), None)


def log_exception_traceback(client: Any) -> int:
    bad = 0
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        try:
            json.loads(ans)
        except json.JSONDecodeError:
            bad += 1
            LOG.exception("could not parse the answer to %r", q)
    return bad


def traceback_format_exc_collected(client: Any) -> list[str]:
    import traceback

    errors = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        ans = text_of(ask(client, q, lat))
        try:
            json.loads(ans)
        except json.JSONDecodeError:
            tb = traceback.format_exc().splitlines()
            errors.append(" | ".join(line.strip() for line in tb if "json.loads" in line
                                     or line.startswith("json.")))
    return errors


def reraise_context_captured(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, q, lat))
        try:
            try:
                json.loads(ans)
            except json.JSONDecodeError as exc:
                raise ParseError(q) from exc
        except ParseError as err:
            out.append(f"{err}<-{type(err.__cause__).__name__}:{err.__suppress_context__}")
    return out


ANSWER_SCHEMA = {"type": "object", "properties": {"answer": {"type": "string", "maxLength": 180}},
                 "required": ["answer"]}


def jsonschema_validate_collect(client: Any) -> dict[str, Any]:
    import jsonschema

    good, errors = [], []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        data = json.loads(text_of(ask(client, q, lat, response_format=JSON_MODE)))
        try:
            jsonschema.validate(data, ANSWER_SCHEMA)
            good.append(q)
        except jsonschema.ValidationError as exc:
            errors.append(exc.message[:40])
    return {"good": good, "errors": errors}


def raw_decode_prefixed(client: Any) -> list[Any]:
    decoder = json.JSONDecoder()
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = "Sure! Here it is: " + text_of(ask(client, q, lat, response_format=JSON_MODE))
        start = ans.find("{")
        obj, end = decoder.raw_decode(ans, start)
        out.append((obj["answer"][:10], end - start))
    return out


def _json_with_backoff(client: Any, q: str, lat: float) -> str:
    import time

    for attempt in range(2):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE if attempt else None))
        try:
            return json.loads(ans)["answer"][:12]
        except json.JSONDecodeError:
            time.sleep(0.01 * 2 ** attempt)
    return "gave up"


def retry_backoff_helper_per_item(client: Any) -> list[str]:
    return [_json_with_backoff(client, q, lat) for q, lat in zip(QUESTIONS, LATS, strict=True)]


def n_choices_first_parsable(client: Any) -> list[Any]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        r = ask(client, q, lat, n=3, temperature=1.0)
        picked = None
        for ch in r.choices:
            try:
                picked = json.loads(ch.message.content)
                break
            except json.JSONDecodeError:
                continue
        out.append(picked if picked is not None else r.choices[-1].message.content[:12])
    return out


# =========================================================================== routers whose parse runs ahead


ROUTED: collections.Counter[str] = collections.Counter()


def _route_counted(answer: str) -> str:
    label = ("billing", "tech", "sales")[len(answer) % 3]
    ROUTED[label] += 1
    return label


def router_counts_global_then_print(client: Any, web: str) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS[:3], LATS, strict=False):
        label = _route_counted(text_of(ask(client, "Route: " + q, lat)))
        out.append(requests.get(f"{web}/items/{label}?ms=40", timeout=5).json()["value"])
        print("routed so far:", sorted(ROUTED.items()))
    return out


def _reset_routed(fn: Any, env: Env) -> Any:
    ROUTED.clear()
    try:
        return fn(openai_client(env), env.web)
    finally:
        ROUTED.clear()


ROUTES = ("billing", "tech", "sales")


def router_index_error_midway(client: Any, web: str) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        ans = text_of(ask(client, "Route: " + q, lat))
        label = ROUTES[len(ans) % 5]
        out.append(requests.get(f"{web}/items/{label}?ms=40", timeout=5).json()["value"])
        print("routed", q[:10], "->", label)
    return out


def router_json_decode_midway(client: Any, web: str) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        fmt = None if i == 2 else JSON_MODE
        data = json.loads(text_of(ask(client, q, lat, response_format=fmt)))
        word = data["answer"].split()[2]
        out.append(requests.get(f"{web}/items/{word}?ms=40", timeout=5).json()["value"])
        print("fetched", word)
    return out


def json_break_in_except(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        ans = text_of(ask(client, q, lat, response_format=JSON_MODE if i != 2 else None))
        try:
            out.append(json.loads(ans)["answer"][:10])
        except json.JSONDecodeError:
            print("stopping at", q)
            break
    return out


def except_rebinds_client(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QUESTIONS, LATS, strict=True):
        try:
            r = ask(client, q, lat, temperature=4 if q.startswith("W") else 0.5)
        except openai.BadRequestError:
            client = client.with_options(timeout=3.0)
            r = ask(client, q, lat)
        out.append(text_of(r)[:14])
    return out


# =========================================================================== async


async def async_parse_fallback(client: Any) -> list[Any]:
    out = []
    for i, (q, lat) in enumerate(zip(QUESTIONS, LATS, strict=True)):
        r = await client.chat.completions.create(
            model="gpt", messages=[user(q)], extra_body={"latency": lat},
            response_format=JSON_MODE if i % 2 else {"type": "text"})
        try:
            out.append(json.loads(r.choices[0].message.content)["answer"][:10])
        except json.JSONDecodeError:
            out.append(None)
    return out


async def async_validate_gather(client: Any) -> list[Any]:
    async def one(q: str, lat: float) -> Any:
        r = await client.chat.completions.create(
            model="gpt", messages=[user(q)], extra_body={"latency": lat},
            response_format=PERSON_FORMAT)
        try:
            return YoungPerson.model_validate_json(r.choices[0].message.content).age
        except pydantic.ValidationError as exc:
            return exc.error_count()
    return list(await asyncio.gather(*(one(q, lat) for q, lat in
                                       zip(QUESTIONS, LATS, strict=True))))


def _async_oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa_web), servers="web api", ideal=ideal, **kw)


ALL_LATS = over(*LATS)
W3 = over(0.15, 0.04, 0.09)

ALL: list[Case] = [
    _sdk(json_loads_fallback_raw, ALL_LATS, overlap=4),
    _sdk(json_mode_comprehension, ALL_LATS, overlap=4),
    _sdk(json_continue_in_except, ALL_LATS, overlap=4),
    _sdk(json_suppress_then_default, ALL_LATS, overlap=4),
    _sdk(json_fenced_regex_extract, ALL_LATS, overlap=4),
    _w(json_parse_float_decimal, W3, overlap=3),
    _sdk(json_raise_from_stops_loop),
    _sdk(json_errors_exception_group, ALL_LATS, overlap=4),
    _sdk(pydantic_validate_json_loop, ALL_LATS, overlap=4),
    _sdk(pydantic_validation_retry_corrected, 0.58 / 0.30),
    _sdk(pydantic_loud_validator_order, ALL_LATS, overlap=4),
    _both(pydantic_loud_then_get, (0.15 + 0.04 + 0.09 + 0.09) / 0.18),
    _sdk(pydantic_parse_response_format_loud, ALL_LATS),
    _sdk(pydantic_parse_plain_model, ALL_LATS, overlap=4),
    _sdk(pydantic_context_records, ALL_LATS),
    _w(pydantic_type_adapter_web, W3, overlap=3),
    _sdk(pydantic_early_exit_validation_error),
    _sdk(validate_call_helper_fanout, ALL_LATS, overlap=4),
    _sdk(dataclass_post_init_prints),
    _sdk(regex_number_default, ALL_LATS, overlap=4),
    _sdk(retry_reask_return_first_json),
    _sdk(retry_helper_per_item, ALL_LATS),
    _sdk(fallback_bad_request_second_model, ALL_LATS),
    _sdk(fallback_parse_failure_second_model, 0.46 / 0.18),
    _sdk(parse_fallback_helper_comprehension, ALL_LATS),
    _both(web_json_or_model_fallback, 0.31 / 0.15),
    _sdk(partial_jsonl_as_they_come, ALL_LATS, cat="files", args=oa_tmp),
    _sdk(partial_sqlite_each, ALL_LATS, cat="db", args=oa_tmp),
    Case("validation", partial_put_each, args=oa_web, servers="web api"),
    _sdk(summary_counter_print_end, ALL_LATS, overlap=4),
    _sdk(errors_logged_and_written, ALL_LATS, overlap=4, args=oa_tmp),
    _sdk(parse_try_else_finally_prints, ALL_LATS, overlap=4),
    _both(router_label_then_get, (0.15 + 0.04 + 0.09 + 0.12) / 0.19),
    _both(router_dict_dispatch, (0.15 + 0.04 + 0.09 + 0.09) / 0.18),
    _both(router_match_statement),
    _both(early_exit_helper_raise_puts),
    _sdk(early_exit_validator_comprehension),
    _sdk(early_exit_return_first_valid),
    _sdk(early_exit_except_raise_new, args=oa_tmp),
    _sdk(carried_hint_from_except),
    _sdk(carried_errors_len_in_prompt),
    Case("state", carried_global_error_list, drive=_reset_errors, servers="api"),
    _sdk(conversation_reask_per_item, (0.15 + 0.04 + 0.09 + 0.09) / 0.18),
    _sdk(comprehension_json_loads_raises, speculative_reads=True),
    _sdk(generator_break_on_invalid),
    _sdk(next_filter_first_valid),
    _sdk(log_exception_traceback, ALL_LATS, overlap=4),
    _sdk(traceback_format_exc_collected, W3, overlap=3),
    _sdk(reraise_context_captured, ALL_LATS, overlap=4),
    _sdk(jsonschema_validate_collect, ALL_LATS, overlap=4),
    _sdk(raw_decode_prefixed, ALL_LATS, overlap=4),
    _sdk(retry_backoff_helper_per_item, (2 * sum(LATS) + 0.04) / (0.3 + 0.01)),
    _sdk(n_choices_first_parsable, ALL_LATS, overlap=4),
    Case("state", router_counts_global_then_print, drive=_reset_routed, servers="web api",
         ideal=(0.15 + 0.04 + 0.09 + 0.12) / 0.19),
    _both(router_index_error_midway, 0.46 / 0.19, speculative_reads=True),
    _both(router_json_decode_midway, 0.37 / 0.19, speculative_reads=True),
    _sdk(json_break_in_except),
    _sdk(except_rebinds_client, (sum(LATS) + 0.04) / 0.15),
    Case("validation", async_parse_fallback, drive=_async_oa, servers="api", ideal=ALL_LATS),
    Case("validation", async_validate_gather, drive=_async_oa, servers="api", ideal=ALL_LATS),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
