"""An HTTP call or a json function that runs code of the user's has no rule (`_rules`): it
runs in place, in program order, so whatever that code prints, counts or writes happens
when it would have. The library's own defaults keep their rules."""

from __future__ import annotations

import json

import httpx
import requests
import requests.adapters

from ember.xcs._effects import Kind, rule_for_call
from ember.xcs.lowlevel import effect_of


class LoudAdapter(requests.adapters.HTTPAdapter):
    def send(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        print("sending")
        return super().send(*args, **kwargs)


def show(r, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    print(r.url)


def kind(obj, *args, **kwargs) -> Kind | None:  # type: ignore[no-untyped-def]
    rule = rule_for_call(obj, args, kwargs)
    return None if rule is None else rule.kind


def test_a_session_or_client_that_runs_user_code_has_no_rule() -> None:
    plain, loud, hooked = requests.Session(), requests.Session(), requests.Session()
    loud.mount("http://", LoudAdapter())
    hooked.hooks["response"].append(show)
    url = "http://example.invalid/x"
    assert kind(plain.get, url) is Kind.READ
    assert kind(loud.get, url) is Kind.UNKNOWN and kind(hooked.get, url) is Kind.UNKNOWN
    with httpx.Client() as quiet, httpx.Client(event_hooks={"request": [show]}) as noisy:
        assert kind(quiet.get, url) is Kind.READ
        assert kind(noisy.get, url) is Kind.UNKNOWN
    for s in (plain, loud, hooked):
        s.close()


def test_call_arguments_that_run_user_code() -> None:
    url = "http://example.invalid/x"
    assert kind(requests.get, url) is Kind.READ
    assert kind(requests.get, url, auth=("user", "pw")) is Kind.READ
    assert kind(requests.get, url, hooks={"response": show}) is Kind.UNKNOWN
    assert kind(json.loads, "{}") is Kind.PURE
    assert kind(json.loads, "{}", object_hook=dict) is Kind.PURE  # a builtin
    assert kind(json.loads, "{}", object_hook=lambda d: d) is Kind.UNKNOWN
    assert effect_of(json.dumps).kind is Kind.PURE
