"""What a response gives has known types, so methods called on it have rules: a helper
that ends in ``r.text.strip()`` or ``r.json()["a"]["b"].upper()`` is a read (it overlaps
its siblings), not a call known only at run time that keeps it in place. Where the value
is not plain data (a JSON hook or decoder of the user's, a default object of the user's,
a response whose class is changed), the helper stays unknown.

The jitted runs against a real server on 127.0.0.1 are the corpus's (`cases_values`);
here each shape's classification is pinned.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.request import urlopen

import httpx
import openai
import pytest
import requests

from ember.api import models
from ember.xcs import Kind
from ember.xcs.lowlevel import effect_of

BASE = "http://127.0.0.1:9"


def text_stripped(k: str) -> str:
    r = requests.get(f"{BASE}/{k}")
    return r.text.strip().splitlines()[-1]


def url_split(k: str) -> str:
    return requests.get(f"{BASE}/{k}").url.split("?")[0]


def status_checked_requests(k: str) -> str:
    r = requests.get(f"{BASE}/{k}")
    if r.status_code != 200 or not r.ok:
        raise LookupError(k)
    return r.json()["value"].upper()


def content_decoded(k: str) -> str:
    return requests.get(f"{BASE}/{k}").content.decode("utf-8").lower()


def httpx_text(k: str) -> list[str]:
    r = httpx.get(f"{BASE}/{k}")
    return [r.text.lower(), r.reason_phrase.upper(), r.json()["v"].strip()]


def loads_get_append(k: str) -> list[Any]:
    data = json.loads(requests.get(f"{BASE}/{k}").text)
    extra = data.get("extra", [])
    extra.append(data.pop("key", None))
    return [data["value"].strip(), extra, sorted(data.keys())]


def walks_keys(k: str) -> list[str]:
    return [key.upper() for key in requests.get(f"{BASE}/{k}").json()["keys"]]


def _get_json(k: str) -> dict[str, Any]:
    return requests.get(f"{BASE}/{k}").json()


def annotated_as_a_dict(k: str) -> str:
    return _get_json(k)["value"].upper()  # (``-> dict[str, Any]``: its body says JSON)


def first_word(k: str) -> str:
    return requests.get(f"{BASE}/{k}").json()["text"].split()[0].lower().strip(".,")


def counted_rounded(k: str) -> dict[str, float]:
    r = requests.get(f"{BASE}/{k}").json()
    usage: dict[str, float] = {}
    usage["n"] = r["usage"]["total"]
    return {"n": round(usage["n"] * 0.5, 2), "all": dict(usage),  # (they keep what they hold)
            "name": r["name"].strip()}


@pytest.mark.parametrize("helper", [text_stripped, url_split, status_checked_requests, content_decoded,
                                    httpx_text, walks_keys, annotated_as_a_dict, first_word,
                                    counted_rounded])
def test_methods_of_what_a_response_gave_are_known(helper: Any) -> None:
    assert effect_of(helper).kind is Kind.READ, effect_of(helper).reason


class Noted(dict):
    def upper_value(self) -> str:
        print("hook object used")
        return str(self.get("value", "")).upper()


def object_hook(k: str) -> str:
    return requests.get(f"{BASE}/{k}").json(object_hook=Noted).upper_value()


class LoudDecoder(json.JSONDecoder):
    def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        print("decoding")
        return super().decode(s, *args, **kwargs)


def decoder_class(k: str) -> str:
    return json.loads(requests.get(f"{BASE}/{k}").text, cls=LoudDecoder)["value"].upper()


class Fallback:
    def lower(self) -> str:
        print("fallback")
        return "fallback"


def users_default(k: str) -> str:
    return requests.get(f"{BASE}/{k}").json().get("missing", Fallback()).lower()


class Tagged(requests.Response):
    @property
    def text(self) -> str:  # type: ignore[override]
        print("text")
        return ""


def class_changed(k: str) -> str:
    r = requests.get(f"{BASE}/{k}")
    r.__class__ = Tagged
    return r.text


def subclass_text(k: str) -> str:
    r = Tagged()
    return r.text.strip()


@pytest.mark.parametrize("helper", [object_hook, decoder_class, users_default, class_changed])
def test_values_that_are_not_plain_data_keep_the_helper_unknown(helper: Any) -> None:
    assert effect_of(helper).kind is Kind.UNKNOWN, effect_of(helper).reason


def result_dict_built(k: str) -> dict[str, Any]:
    data = requests.get(f"{BASE}/{k}").json()
    out = {}
    out["v"] = data["value"].strip()
    out["n"] = len(data)
    return out


def rows_appended(k: str) -> list[Any]:
    data = requests.get(f"{BASE}/{k}").json()
    rows: list[Any] = []
    for key, value in data.items():
        rows.append(f"{key}={value}")
    rows.append(", ".join(sorted(data)))
    data["seen"] = True
    return [rows, data["value"].upper()]


@pytest.mark.parametrize("helper", [loads_get_append, result_dict_built, rows_appended])
def test_data_changed_in_place_with_plain_values_stays_data(helper: Any) -> None:
    # Stores of constants, f-strings and data's own values keep data plain.
    fact = effect_of(helper)
    assert fact.kind is Kind.READ, fact.reason


class Shouter:
    def __init__(self, name: str) -> None:
        self.name = name

    def upper(self) -> str:
        print("upper", self.name)
        return self.name.upper()


def enrich(d: list[Any], tag: str) -> None:
    list.append(d, Shouter(tag))


def alias_passed_to_a_callee(k: str) -> str:
    data = requests.get(f"{BASE}/{k}").json()
    inner = data["keys"]
    tag = k + ""
    enrich(inner, tag)
    return data["keys"][-1].upper()


def alias_walked_then_changed(k: str) -> str:
    data = requests.get(f"{BASE}/{k}").json()
    for row in data["rows"]:
        enrich(row, "r")
    return data["rows"][0][-1].upper()


def alias_in_a_list_passed(k: str) -> str:
    data = requests.get(f"{BASE}/{k}").json()
    both = [data["keys"], 1]
    enrich(both[0], "b")
    return data["keys"][-1].upper()


def user_object_stored(k: str) -> str:
    data = requests.get(f"{BASE}/{k}").json()
    data["v"] = Shouter(k)
    return data["v"].upper()


def user_object_stored_in_an_alias(k: str) -> str:
    data = requests.get(f"{BASE}/{k}").json()
    keys = data["keys"]
    keys += [Shouter(k)]
    return data["keys"][-1].upper()


def user_object_set_as_an_attribute(k: str) -> str:
    message = _openai.chat.completions.create(model="m", messages=[]).choices[0].message
    message.__setattr__("content", Shouter(k))
    return message.content.upper()


def user_object_kept_by_a_local(k: str) -> str:
    data = requests.get(f"{BASE}/{k}").json()
    shout = Shouter(k)
    data.setdefault("v", shout)
    return data["v"].upper()


@pytest.mark.parametrize("helper", [alias_passed_to_a_callee, alias_walked_then_changed,
                                    alias_in_a_list_passed, user_object_stored,
                                    user_object_stored_in_an_alias,
                                    user_object_set_as_an_attribute,
                                    user_object_kept_by_a_local])
def test_data_that_may_come_to_hold_the_users_objects_is_not_typed(helper: Any) -> None:
    # A part of data passed to the user's code, or an object of the user's stored in it:
    # `.upper()` may be `Shouter.upper`, which prints.
    fact = effect_of(helper)
    assert fact.kind is not Kind.READ, fact.reason


def test_a_subclass_property_is_not_taken_for_the_librarys() -> None:
    # `Tagged.text` is the user's code: its str-ness is not assumed from requests' rule.
    assert effect_of(subclass_text).kind is not Kind.PURE


_openai = __import__("openai").OpenAI(api_key="sk-test", base_url=f"{BASE}/v1", max_retries=0)
_anthropic = __import__("anthropic").Anthropic(api_key="sk-test", base_url=BASE, max_retries=0)


def chat_content(q: str) -> str:
    r = _openai.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content.strip()


def chat_content_or_empty(q: str) -> list[Any]:
    r = _openai.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])
    text = r.choices[0].message.content or ""
    return [text.lower().split(), r.model_dump()["id"], r.usage.total_tokens]


def message_text(q: str) -> str:
    m = _anthropic.messages.create(model="m", max_tokens=8,
                                   messages=[{"role": "user", "content": q}])
    return m.content[0].text.strip()


def streamed_then_printed(q: str) -> None:
    for chunk in _openai.chat.completions.create(
            model="m", messages=[{"role": "user", "content": q}], stream=True):
        print(chunk.choices[0].delta.content.strip())


@pytest.mark.parametrize("helper", [chat_content, chat_content_or_empty, message_text])
def test_an_sdk_answer_is_data(helper: Any) -> None:
    assert effect_of(helper).kind is Kind.READ, effect_of(helper).reason


def test_a_streamed_answer_is_not_taken_for_data() -> None:
    # Walking a stream reads as it goes, and the print keeps its place: not a read.
    assert effect_of(streamed_then_printed).kind is not Kind.READ


def unnamed_response(k: str) -> str:
    return json.loads(urlopen(f"{BASE}/{k}").read())["value"].strip()


def unnamed_response_loaded(k: str) -> str:
    return json.load(urlopen(f"{BASE}/{k}"))["value"]


def response_loaded_in_a_with(k: str) -> str:
    with urlopen(f"{BASE}/{k}") as r:
        return json.load(r)["value"]


def shown(r: Any) -> str:
    print(r.status)
    return r.read().decode()


def response_passed_on(k: str) -> str:
    return shown(urlopen(f"{BASE}/{k}"))


@pytest.mark.parametrize("helper", [unnamed_response, unnamed_response_loaded,
                                    response_loaded_in_a_with])
def test_a_response_used_only_where_it_is_made_is_the_helpers_own(helper: Any) -> None:
    assert effect_of(helper).kind is Kind.READ, effect_of(helper).reason


def test_a_response_passed_to_a_function_of_yours_is_not() -> None:
    assert effect_of(response_passed_on).kind is not Kind.READ


def model_text_stripped(q: str) -> str:
    return models("sim/a", q).text.strip().splitlines()[0]


def test_a_model_results_text_is_a_str() -> None:
    # As the earlier Ember wrote it: `models(m, q).text`, then str's methods.
    assert effect_of(model_text_stripped).kind is Kind.READ, effect_of(model_text_stripped).reason


def status_checked(k: str) -> Any:
    with urlopen(f"{BASE}/{k}") as r:
        if r.status != 200:
            raise RuntimeError(r.reason)
        return json.load(r)


def hands_out_its_file(k: str) -> Any:
    with urlopen(f"{BASE}/{k}") as r:
        fp = r.fp
    return fp.read()


def test_a_responses_status_is_data_its_file_is_not() -> None:
    assert effect_of(status_checked).kind is Kind.READ, effect_of(status_checked).reason
    assert effect_of(hands_out_its_file).kind is not Kind.READ


def rebound_by_match(k: str) -> str:
    v = requests.get(f"{BASE}/{k}").text
    match Shouter(k):
        case Shouter() as v:
            pass
    return v.upper()


def test_a_name_a_match_captures_is_not_typed_by_its_other_bindings() -> None:
    # `case Shouter() as v` binds v with no Name node: v is not the str read before.
    assert effect_of(rebound_by_match).kind is not Kind.READ


async def async_chat_made_here(k: str) -> Any:
    client = openai.AsyncOpenAI(api_key="sk-test", base_url=f"{BASE}/v1", max_retries=0)
    r = await client.chat.completions.create(model="m", messages=[{"role": "user",
                                                                   "content": k}])
    return r.choices[0].message.content


def sync_files_made_here(k: str) -> Any:
    client = openai.OpenAI(api_key="sk-test", base_url=f"{BASE}/v1", max_retries=0)
    return [f.id for f in client.files.list()]


def test_a_client_made_in_the_function_reaches_its_resources_methods() -> None:
    # `client.chat.completions`: properties of the SDK's client, typed from their getters'
    # return annotations (the classes the getters import), so the method's rule is found.
    fact = effect_of(async_chat_made_here)
    assert fact.kind is Kind.READ and fact.resource == "llm", fact  # a model call
    assert effect_of(sync_files_made_here).kind is Kind.READ, effect_of(sync_files_made_here)
