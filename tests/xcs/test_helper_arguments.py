"""A helper whose effect its arguments decide: a client passed in, ``session or requests``.

The JIT classifies such a helper at run time with the call's own arguments
(`_summary._with_arguments`); what it learns is kept per the arguments' types (and simple
values) and used again only while what the body reached through them holds.
"""

from __future__ import annotations

from typing import Any

import requests

from ember.xcs import Kind
from ember.xcs._summary import fact_for_object


def effect(fn: Any, *args: Any) -> str:
    return fact_for_object(fn, args).effect


def get_with(session: Any, url: str) -> Any:
    return session.get(url).json()


def default_client(url: str, session: requests.Session | None = None) -> Any:
    http = session or requests
    return http.get(url).json()


def by_method(method: str, url: str) -> Any:
    return requests.request(method, url)


def test_a_client_passed_in_decides_the_helper() -> None:
    s = requests.Session()
    assert fact_for_object(get_with).kind is Kind.UNKNOWN  # alone: not known
    assert effect(get_with, s, "http://x/") == "read"
    assert effect(default_client, "http://x/") == "read"  # the module's get
    assert effect(default_client, "http://x/", s) == "read"  # the session's


def test_a_value_that_decides_is_part_of_what_is_kept() -> None:
    assert effect(by_method, "GET", "u") == "read"
    assert effect(by_method, "POST", "u") == "write"
    assert effect(by_method, "GET", "u") == "read"


class Writer:
    """A client whose `get` changes the server."""

    def get(self, url: str) -> None:
        requests.post(url)


def test_another_object_of_another_type_is_looked_at_again() -> None:
    assert effect(get_with, requests.Session(), "u") == "read"
    assert effect(get_with, Writer(), "u") not in ("read", "pure")


def test_a_method_replaced_on_the_instance_is_seen() -> None:
    s = requests.Session()
    assert effect(get_with, s, "u") == "read"
    s.get = lambda url: requests.post(url)  # type: ignore[method-assign]
    assert effect(get_with, s, "u") != "read"


class Falsy:
    def __len__(self) -> int:
        return 0

    def get(self, url: str) -> None:
        requests.post(url)


def rebound(url: str, session: Any = None) -> Any:
    http = session or requests
    http = requests if url else http
    return http.get(url)


def test_a_choice_that_runs_code_or_is_rebound_is_not_made() -> None:
    # `Falsy() or requests` runs `__len__`: the local is not resolved, nothing is assumed
    assert effect(default_client, "u", Falsy()) not in ("read", "pure")
    assert effect(rebound, "u") not in ("read", "pure")


def test_what_the_analysis_stands_in_for_an_argument_decides_nothing() -> None:
    # the analysis gives "" for an f-string argument: `"" or default` would pick wrongly
    assert fact_for_object(default_client, ("",), exact=False).kind is Kind.UNKNOWN


def test_a_bound_request_reads_its_method_where_it_is() -> None:
    from ember.xcs._effects import ANY, rule_for_call

    s = requests.Session()
    assert rule_for_call(s.request, ("GET", "http://x/u")).effect == "read(net)"
    assert rule_for_call(s.request, ("DELETE", "get")).effect == "write(net)"
    assert rule_for_call(requests.Session.request, (s, "GET", "http://x/u")).effect == (
        "read(net)")
    assert rule_for_call(requests.Session.request, (ANY, "GET", "u")) is None  # not decided


def with_callback(key: str, on_value: Any) -> str:
    a = _read(f"{key}a")
    on_value(a)
    return a + _read(f"{key}b")


def _read(key: str) -> str:
    return requests.get(f"http://127.0.0.1:1/{key}").text  # (never sent: only classified)


def test_a_callable_passed_in_is_kept_by_what_it_is_not_by_its_type() -> None:
    # len, print and items.append are all builtin_function_or_method: what the helper does
    # with one says nothing of what it does with another.
    items: list[str] = []
    assert effect(with_callback, "k", len) == "read"
    assert effect(with_callback, "k", print) != "read"
    assert effect(with_callback, "k", items.append) != "read"
    assert effect(with_callback, "k", len) == "read"



def _ask(client: Any, prompt: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}])
    return r.choices[0].message.content or ""


def _asks(client: Any) -> list[str]:
    return [_ask(client, "a"), _ask(client, "b")]


def test_an_sdk_clients_cached_property_is_the_same_filled_in_or_not() -> None:
    """A plan made on a fresh client reads ``client.chat`` through its annotated type; the
    first call fills the cached property in: the plan still holds (it was planned again on
    every call, and ran as written). Something else set in its place does not hold."""
    import openai

    from ember.xcs._analysis import analyse
    from ember.xcs._guards import guards_hold

    client = openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9/v1", max_retries=0)
    guards = [g for g in analyse(_asks, {"client": client}).guards if g[0] == "path"]
    assert guards
    assert guards_hold(guards, {"client": client})
    assert client.chat.completions is not None  # (fills both cached properties in)
    assert guards_hold(guards, {"client": client})
    client.chat = Writer()  # type: ignore[assignment]
    assert not guards_hold(guards, {"client": client})
