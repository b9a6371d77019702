"""The openai and anthropic SDKs' calls keep their rules (a model call, a read, a write)
only while the client runs none of the user's code on the call's path: the SDK's own client
class, an HTTP client with no event hooks, transport, mounts or auth of the user's, and
plain-data arguments (a message model of the user's runs its serializer, `parse`'s
response model its validators). Decided with the object called, as when a call starts."""

from __future__ import annotations

from typing import Any

import anthropic
import httpx2
import openai
import pydantic

from ember.xcs import Kind
from ember.xcs._summary import fact_for_object

BASE = "http://127.0.0.1:9/v1"  # (nothing is sent: the calls are only classified)
ASK = [{"role": "user", "content": "Hi"}]


def kind(method: Any, **kwargs: Any) -> Kind:
    return fact_for_object(method, (), kwargs).kind


def test_the_sdks_own_clients_keep_their_rules() -> None:
    client = openai.OpenAI(api_key="sk-test", base_url=BASE)
    assert kind(client.chat.completions.create, model="m", messages=ASK) is Kind.READ
    assert kind(client.chat.completions.create, model="m", messages=ASK,
                temperature=openai.NOT_GIVEN) is Kind.READ
    assert kind(client.files.list) is Kind.READ
    assert kind(client.files.create, file=("a.txt", b"a"), purpose="assistants") is Kind.WRITE
    claude = anthropic.Anthropic(api_key="sk-test", base_url=BASE)
    assert kind(claude.messages.create, model="c", max_tokens=8, messages=ASK) is Kind.READ


class Tagging(openai.OpenAI):
    """A client subclass of the user's: its own request preparation runs on every call."""

    def _prepare_request(self, request: Any) -> None:
        print("preparing")


class Turn(pydantic.BaseModel):
    role: str
    content: str

    @pydantic.field_serializer("content")
    def shout(self, v: str) -> str:
        print("serialising")
        return v.upper()


def test_the_users_code_on_the_calls_path_makes_it_unknown() -> None:
    hooked = openai.OpenAI(api_key="sk-test", base_url=BASE, http_client=httpx2.Client(
        event_hooks={"response": [lambda r: print("answered")]}))
    transported = openai.OpenAI(api_key="sk-test", base_url=BASE, http_client=httpx2.Client(
        transport=httpx2.MockTransport(lambda r: httpx2.Response(200))))
    for client in (hooked, transported, Tagging(api_key="sk-test", base_url=BASE)):
        assert kind(client.chat.completions.create, model="m", messages=ASK) is Kind.UNKNOWN
        assert kind(client.files.list) is Kind.UNKNOWN
    plain = openai.OpenAI(api_key="sk-test", base_url=BASE)
    turn = Turn(role="user", content="hi")
    assert kind(plain.chat.completions.create, model="m", messages=[turn]) is Kind.UNKNOWN
    assert kind(plain.chat.completions.parse, model="m", messages=ASK,
                response_format=Turn) is Kind.UNKNOWN
