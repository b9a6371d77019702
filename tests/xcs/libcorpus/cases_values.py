# ruff: noqa: UP031 - "%s" % x is a shape under test
"""Helpers that work on what a response gave: its text, content, status, headers and the
JSON it holds, or an SDK's answer, with the methods of those values (``r.text.strip()``,
``r.json()["a"]["b"].upper()``, ``data.get("items", [])``,
``r.choices[0].message.content.strip()``).

The types are what the client libraries' rules say (a response's ``text`` is a str, what
``json()`` gives is a dict, list, str, number, bool or None), so such a helper is a read
and overlaps its siblings. Beside them, the shapes where the value is not plain data: a
JSON hook or decoder class of the user's, a response subclass with a property of its own,
a default that is the user's object, a method the value may not have.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, anthropic_client, openai_client
from tests.xcs.libcorpus._web import put, tmp_web_args, value, web_args

SEEN: list[str] = []


def _reset(env: Env) -> None:
    SEEN.clear()


# --------------------------------------------------------------------------- plain data


def stripped_text(base: str, key: str) -> str:
    r = requests.get(f"{base}/text/{key}")
    return r.text.strip().splitlines()[-1].upper()


def texts_stripped(base: str) -> list[str]:
    return [stripped_text(base, k) for k in ("ts1", "ts2", "ts3")]


def nested_json_method(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"].upper().replace("-", "_")


def json_values_upper(base: str) -> list[str]:
    return [nested_json_method(base, k) for k in ("ju1", "ju2", "ju3")]


def checked_status(base: str, key: str) -> str:
    r = requests.get(f"{base}/items/{key}")
    if r.status_code != 200 or not r.ok:
        raise LookupError(f"{key}: {r.status_code}")
    return r.json()["value"].title()


def status_checked_then_used(base: str) -> list[str]:
    return [checked_status(base, k) for k in ("sc1", "sc2", "sc3")]


def status_raises_on_the_second(base: str) -> list[Any]:
    out: list[Any] = []
    for k in ("sr1", "missing-sr2", "sr3"):
        try:
            out.append(checked_status(base, k))
        except LookupError as e:
            out.append(str(e))
    return out


def content_decoded(base: str, key: str) -> list[str]:
    r = requests.get(f"{base}/text/{key}")
    return r.content.decode("utf-8").split("\n")[:2]


def contents_decoded(base: str) -> list[list[str]]:
    return [content_decoded(base, k) for k in ("cd1", "cd2")]


def loads_then_get(base: str, key: str) -> list[Any]:
    data = json.loads(requests.get(f"{base}/items/{key}").text)
    extra = data.get("extra", [])
    extra.append(data.get("key", "").lower())
    return [data["value"].strip(), extra, sorted(data.keys())]


def json_loads_with_defaults(base: str) -> list[list[Any]]:
    return [loads_then_get(base, k) for k in ("jl1", "jl2", "jl3")]


def httpx_text(base: str, key: str) -> list[str]:
    r = httpx.get(f"{base}/items/{key}")
    return [r.text.lower()[:20], str(r.status_code), r.json()["value"].rsplit("-", 1)[-1]]


def httpx_texts(base: str) -> list[list[str]]:
    return [httpx_text(base, k) for k in ("hx1", "hx2")]


def walks_the_listing(base: str) -> list[str]:
    names = [k.upper() for k in requests.get(f"{base}/items").json()["keys"]]
    return names + [stripped_text(base, "wl1"), stripped_text(base, "wl2")]


def json_values_then_a_write(base: str) -> list[Any]:
    first = [nested_json_method(base, k) for k in ("jw1", "jw2")]
    version = put(base, "jw1", "changed")
    return [first, version, nested_json_method(base, "jw1")]


def read_unnamed(base: str, key: str) -> str:
    return json.loads(urlopen(f"{base}/items/{key}").read())["value"].strip()


def unnamed_responses_read(base: str) -> list[str]:
    return [read_unnamed(base, k) for k in ("ur1", "ur2", "ur3")]


def loaded_from(base: str, key: str) -> str:
    return json.load(urlopen(f"{base}/items/{key}"))["value"]


def unnamed_responses_loaded(base: str) -> list[str]:
    return [loaded_from(base, k) for k in ("ul1", "ul2")]


def loaded_in_a_with(base: str, key: str) -> list[Any]:
    with urlopen(f"{base}/items/{key}") as r:
        return [json.load(r)["value"], r.getcode()]


def status_checked_in_a_with(base: str, key: str) -> list[Any]:
    with urlopen(f"{base}/items/{key}") as r:
        if r.status != 200:
            raise RuntimeError(r.reason)
        return [r.status, json.load(r)["value"]]


def urlopen_status_checked(base: str) -> list[list[Any]]:
    return [status_checked_in_a_with(base, k) for k in ("us1", "us2", "us3")]


def responses_loaded_in_withs(base: str) -> list[list[Any]]:
    return [loaded_in_a_with(base, k) for k in ("lw1", "lw2")]


def shown(r: Any) -> str:
    print("status", r.status)
    return json.loads(r.read())["value"]


def passed_on(base: str, key: str) -> str:
    return shown(urlopen(f"{base}/items/{key}"))


def unnamed_response_passed_to_a_printer(base: str) -> list[str]:
    return [passed_on(base, k) for k in ("pp1", "pp2")]


def _key_files(env: Env) -> None:
    for name, keys in (("a.txt", "fa1\nfa2\n"), ("b.txt", "fb1\nfb2\n")):
        (env.tmp / name).write_text(keys)


def keys_from_a_file(tmp: str, base: str, name: str) -> list[str]:
    with open(Path(tmp) / name) as f:
        keys = [line.strip() for line in f]
    return [value(base, k).upper() for k in keys]


def files_of_keys_then_reads(tmp: str, base: str) -> list[list[str]]:
    return [keys_from_a_file(tmp, base, n) for n in ("a.txt", "b.txt")]


def text_then_read(tmp: str, base: str, name: str) -> list[str]:
    first = Path(tmp, name).read_text().strip().splitlines()[0]
    return [first, value(base, first)]


def read_text_then_reads(tmp: str, base: str) -> list[list[str]]:
    return [text_then_read(tmp, base, n) for n in ("a.txt", "b.txt")]


def count_lines(tmp: str, base: str, name: str) -> list[Any]:
    with open(Path(tmp) / name) as f:
        n = sum(1 for _ in f)
    return [n, value(base, name)]


def lines_counted_around_a_write(tmp: str, base: str) -> list[Any]:
    a = count_lines(tmp, base, "a.txt")
    Path(tmp, "a.txt").write_text("only\n")
    return [a, count_lines(tmp, base, "a.txt"), count_lines(tmp, base, "b.txt")]


def with_a_header(base: str, key: str) -> str:
    with requests.Session() as s:
        s.headers["X-Trace"] = key
        return s.get(f"{base}/items/{key}").json()["value"]


def sessions_with_headers_set(base: str) -> list[str]:
    return [with_a_header(base, k) for k in ("sh1", "sh2", "sh3")]


# --------------------------------------------------------------------------- SDK answers


def ask(client: Any, model: str, question: str) -> str:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": question}])
    return r.choices[0].message.content.strip().lower()


def chat_answers_post_processed(client: Any) -> list[str]:
    return [ask(client, m, "Name a colour.") for m in ("gpt", "gpt-mini", "judge")]


def words(client: Any, model: str) -> list[str]:
    r = client.chat.completions.create(model=model,
                                       messages=[{"role": "user", "content": "Say hi."}])
    text = r.choices[0].message.content or ""
    return text.split()[:3] + [str(r.usage.total_tokens > 0), r.model_dump()["object"]]


def chat_content_or_empty(client: Any) -> list[list[str]]:
    return [words(client, m) for m in ("gpt", "gpt-mini")]


def claude(client: Any, question: str) -> str:
    m = client.messages.create(model="claude", max_tokens=32,
                               messages=[{"role": "user", "content": question}])
    return m.content[0].text.strip().upper()


def message_texts_post_processed(client: Any) -> list[str]:
    return [claude(client, q) for q in ("Sky?", "Sea?", "Sand?")]


def streamed(client: Any, model: str) -> str:
    print("stream", model)
    out = []
    for chunk in client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": "Go."}], stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            out.append(chunk.choices[0].delta.content.strip())
    print("streamed", model)
    return " ".join(out)


def streams_walked_in_turn(client: Any) -> list[str]:
    return [streamed(client, m) for m in ("gpt", "gpt-mini")]


# --------------------------------------------------------------------------- not plain data


class Noted(dict):
    def upper_value(self) -> str:
        print("hook object used", self.get("key"))
        return str(self.get("value", "")).upper()


def hooked(base: str, key: str) -> str:
    data = requests.get(f"{base}/items/{key}").json(object_hook=Noted)
    return data.upper_value()


def json_object_hook_of_the_users(base: str) -> list[str]:
    print("start")
    return [hooked(base, k) for k in ("oh1", "oh2", "oh3")]


class LoudDecoder(json.JSONDecoder):
    def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        print("decoding", len(s))
        return super().decode(s, *args, **kwargs)


def decoded_by(base: str, key: str) -> str:
    return json.loads(requests.get(f"{base}/items/{key}").text, cls=LoudDecoder)["value"]


def json_decoder_class_of_the_users(base: str) -> list[str]:
    return [decoded_by(base, k) for k in ("dc1", "dc2")]


class Tagged(requests.Response):
    @property
    def text(self) -> str:  # type: ignore[override]
        SEEN.append(self.url.rsplit("/", 1)[-1])
        print("text of", SEEN[-1])
        return self.content.decode()


def tagged_text(base: str, key: str) -> str:
    r = requests.get(f"{base}/items/{key}")
    r.__class__ = Tagged
    return r.text.strip()


def response_subclass_with_its_own_text(base: str) -> list[Any]:
    out: list[Any] = [tagged_text(base, k) for k in ("rs1", "rs2")]
    return [out, list(SEEN)]


class Fallback:
    def lower(self) -> str:
        print("fallback lowered")
        return "fallback"


def with_default(base: str, key: str) -> str:
    data = requests.get(f"{base}/items/{key}").json()
    return data.get("missing", Fallback()).lower()


def default_is_an_object_of_the_users(base: str) -> list[str]:
    return [with_default(base, k) for k in ("od1", "od2")]


class Tag:
    def __init__(self, key: str) -> None:
        self.key = key

    def __str__(self) -> str:
        print("tag", self.key)
        return self.key.upper()


def labelled(base: str, key: str) -> str:
    return "{}: {}".format(Tag(key), value(base, key)) + " (%s)" % Tag(key + "!")  # noqa: UP032


def formats_an_object_of_the_users(base: str) -> list[str]:
    return [labelled(base, k) for k in ("lb1", "lb2", "lb3")]


def wrong_method(base: str, key: str) -> Any:
    return requests.get(f"{base}/items/{key}").json().upper()


def method_the_json_value_lacks(base: str) -> list[Any]:
    out: list[Any] = []
    for k in ("wm1", "wm2"):
        try:
            out.append(wrong_method(base, k))
        except AttributeError as e:
            out.append(str(e))
    print("after")
    return out


CASES = [
    Case("helpers", texts_stripped, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case("helpers", json_values_upper, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case("helpers", status_checked_then_used, args=web_args, servers="web", ideal=3.0,
         overlap=3),
    Case("validation", status_raises_on_the_second, args=web_args, servers="web"),
    Case("helpers", contents_decoded, args=web_args, servers="web", ideal=2.0, overlap=2),
    # (its data is changed in place, extra.append(...): kept in place, see _infer._DataNames)
    Case("helpers", json_loads_with_defaults, args=web_args, servers="web", ideal=3.0),
    Case("http", httpx_texts, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case("http", walks_the_listing, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case("http", json_values_then_a_write, args=web_args, servers="web", ideal=4 / 3,
         overlap=2),
    Case("http", unnamed_responses_read, args=web_args, servers="web", ideal=3.0, overlap=3),
    Case("http", unnamed_responses_loaded, args=web_args, servers="web", ideal=2.0,
         overlap=2),
    Case("http", responses_loaded_in_withs, args=web_args, servers="web", ideal=2.0,
         overlap=2),
    Case("http", urlopen_status_checked, args=web_args, servers="web", ideal=3.0,
         overlap=3),
    Case("http", unnamed_response_passed_to_a_printer, args=web_args, servers="web"),
    Case("files", files_of_keys_then_reads, args=tmp_web_args, servers="web",
         setup=_key_files, ideal=4.0, overlap=4),
    Case("files", read_text_then_reads, args=tmp_web_args, servers="web", setup=_key_files,
         ideal=2.0, overlap=2),
    Case("files", lines_counted_around_a_write, args=tmp_web_args, servers="web",
         setup=_key_files, ideal=1.5, overlap=2),
    Case("clients", sessions_with_headers_set, args=web_args, servers="web", ideal=3.0,
         overlap=3),
    Case("sdk", chat_answers_post_processed, args=lambda env: (openai_client(env),),
         servers="api", ideal=3.0, overlap=3),
    Case("sdk", chat_content_or_empty, args=lambda env: (openai_client(env),),
         servers="api", ideal=2.0, overlap=2),
    Case("sdk", message_texts_post_processed, args=lambda env: (anthropic_client(env),),
         servers="api", ideal=3.0, overlap=3),
    Case("sdk", streams_walked_in_turn, args=lambda env: (openai_client(env),),
         servers="api"),
    Case("helpers", json_object_hook_of_the_users, args=web_args, servers="web"),
    Case("helpers", json_decoder_class_of_the_users, args=web_args, servers="web"),
    Case("helpers", response_subclass_with_its_own_text, args=web_args, servers="web",
         setup=_reset),
    Case("helpers", default_is_an_object_of_the_users, args=web_args, servers="web"),
    Case("helpers", formats_an_object_of_the_users, args=web_args, servers="web"),
    Case("validation", method_the_json_value_lacks, args=web_args, servers="web",
         speculative_reads=True),
]
