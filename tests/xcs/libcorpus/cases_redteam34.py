"""Red-team cases (stop 34), thirty-fourth part: third-party libraries the earlier rounds
barely used, written as their users write them, with the user's code on their path.

urllib3 directly (a PoolManager's ``fields=``, an ``HTTPConnectionPool`` per helper,
``preload_content=False`` streams, a ``Retry`` subclass of the user's); pydantic models and
``TypeAdapter``s whose validators and ``model_post_init`` print or count, fed by responses
(``model_validate_json(r.text)``); rich's ``Console.print`` and ``track`` around a loop of
GETs, and a ``RichHandler`` on a corpus logger; attrs classes whose converters and
validators are the user's; jsonschema with a format checker of the user's; the openai and
anthropic SDKs with an ``http_client`` of the user's (event hooks, a transport, an auth),
``parse`` with a response model whose validator prints, ``with_raw_response``,
``with_streaming_response``, streams, pagination and ``with_options``; httpx event hooks,
``Auth`` subclasses, ``MockTransport`` and transports of the user's; requests with
``hooks=``, an ``AuthBase`` subclass, a mounted adapter and a hook appended half-way;
aiohttp sessions with trace configs, client middlewares, a ``raise_for_status`` callable
and a query mapping of the user's, in ``async def`` and inside ``asyncio.run`` of a sync
function; yaml, msgpack and json decoding with hooks of the user's.

Sibling calls get unequal latencies (``?ms=`` on the web server, the simulator's
``latency`` field on the API server), slow first, so a schedule that overlaps what must not
lets the faster one's effects (a print, a count, a log record) come first. The cases at
the end of `CASES` differed under jit when written, each noted with what differed. Nothing
is registered with
a library at import: hooks, handlers and loaders are made per run (or are classes of this
module's own).
"""

from __future__ import annotations

import asyncio
import collections.abc
import dataclasses
import enum
import json
import logging
import sys
import time
from typing import Annotated, Any

import aiohttp
import anthropic
import attrs
import httpx
import httpx2
import jsonschema
import msgpack
import openai
import pydantic
import pydantic.dataclasses
import requests
import requests.adapters
import requests.auth
import rich.console
import rich.logging
import rich.progress
import urllib3
import yaml

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, serial_ideal

LOG = corpus_logger("redteam34")
SEEN: list[str] = []

# Slow first, fast after: overlap lets the later calls finish first.
SLOW_FAST = (("a1", 150), ("a2", 20), ("a3", 60))
#: SLOW_FAST's waits overlapped: their sum over the slowest.
_THREE = 230 / 150
#: Model calls' latencies on the simulator (seconds), slow first.
CHAT_LAT = (("gpt", 0.15), ("gpt-mini", 0.02), ("judge", 0.06))


def _reset(env: Env) -> None:
    SEEN.clear()


def url(base: str, key: str, ms: int) -> str:
    return f"{base}/items/{key}?ms={ms}"


def web_args(env: Env) -> tuple:
    return (env.web,)


def api_args(env: Env) -> tuple:
    return (env.api,)


def _run_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _run_api(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.api))


def _ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# --------------------------------------------------------------------------- SDK clients with
# an http_client of the user's (the SDKs send through httpx2)


def _model_of(request: Any) -> str:
    return json.loads(request.content or b"{}").get("model", "?")


def print_answered(response: Any) -> None:
    print("answered", _model_of(response.request), response.status_code)


def openai_http_client_response_hook_prints(api: str) -> list[str]:
    hc = httpx2.Client(event_hooks={"response": [print_answered]})
    with openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                       http_client=hc) as client:
        out = []
        for model, lat in CHAT_LAT:
            r = client.chat.completions.create(model=model, messages=_ask("Tides?"),
                                               extra_body={"latency": lat})
            out.append(r.choices[0].message.content[:24])
    return out


def openai_three_named_chats_hook_prints(api: str) -> list[str]:
    hc = httpx2.Client(event_hooks={"response": [print_answered]})
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=hc)
    a = client.chat.completions.create(model="gpt", messages=_ask("Comets?"),
                                       extra_body={"latency": 0.15})
    b = client.chat.completions.create(model="gpt-mini", messages=_ask("Comets?"),
                                       extra_body={"latency": 0.02})
    c = client.chat.completions.create(model="judge", messages=_ask("Comets?"),
                                       extra_body={"latency": 0.06})
    client.close()
    return [r.choices[0].message.content[:24] for r in (a, b, c)]


class RecordingTransport(httpx2.BaseTransport):
    """A transport of the user's: sends through httpx2's own and records each answer."""

    def __init__(self) -> None:
        self.inner = httpx2.HTTPTransport()

    def handle_request(self, request: Any) -> Any:
        response = self.inner.handle_request(request)
        SEEN.append(f"{request.method} {request.url.path} {_model_of(request)}")
        return response

    def close(self) -> None:
        self.inner.close()


def openai_transport_of_the_user_records(api: str) -> tuple[list[str], list[str]]:
    hc = httpx2.Client(transport=RecordingTransport())
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=hc)
    a = client.chat.completions.create(model="gpt", messages=_ask("Owls?"),
                                       extra_body={"latency": 0.15})
    b = client.chat.completions.create(model="judge", messages=_ask("Owls?"),
                                       extra_body={"latency": 0.03})
    client.close()
    return [a.choices[0].message.content[:20], b.choices[0].message.content[:20]], list(SEEN)


class CountingAuth(httpx2.Auth):
    """An auth of the user's: numbers each request, and prints when its answer is back."""

    def __init__(self) -> None:
        self.sent = 0

    def auth_flow(self, request: Any) -> Any:
        self.sent += 1
        request.headers["X-Count"] = str(self.sent)
        response = yield request
        print("auth saw", _model_of(request), response.status_code)


def openai_auth_of_the_user_prints(api: str) -> list[str]:
    hc = httpx2.Client(auth=CountingAuth())
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=hc)
    out = [client.chat.completions.create(model=m, messages=_ask("Ice?"),
                                          extra_body={"latency": lat}).choices[0].message.content
           for m, lat in CHAT_LAT]
    client.close()
    return [t[:16] for t in out]


def log_answered(response: Any) -> None:
    LOG.info("anthropic answered %s", _model_of(response.request))


def anthropic_http_client_hook_logs(api: str) -> list[str]:
    hc = httpx2.Client(event_hooks={"response": [log_answered]})
    client = anthropic.Anthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                 max_retries=0, http_client=hc)
    a = client.messages.create(model="claude", max_tokens=32, messages=_ask("Moss?"),
                               extra_body={"latency": 0.15})
    b = client.messages.create(model="claude-2", max_tokens=32, messages=_ask("Moss?"),
                               extra_body={"latency": 0.02})
    n = client.messages.count_tokens(model="claude", messages=_ask("Moss grows slowly"))
    client.close()
    return [a.content[0].text[:20], b.content[0].text[:20], str(n.input_tokens)]


def print_path(response: Any) -> None:
    print("answered", response.request.method, response.request.url.path)


def openai_upload_chat_list_response_hook(api: str) -> tuple[str, str, list[str]]:
    hc = httpx2.Client(event_hooks={"response": [print_path]})
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=hc)
    up = client.files.create(file=("n.txt", b"x" * 30_000), purpose="assistants")
    r = client.chat.completions.create(model="gpt", messages=_ask("Upload done?"),
                                       extra_body={"latency": 0.15})
    names = [f.filename for f in client.files.list()]
    client.close()
    return up.id, r.choices[0].message.content[:16], names


async def aprint_answered(response: Any) -> None:
    print("async answered", _model_of(response.request))


async def openai_async_http_client_hook_prints(api: str) -> list[str]:
    hc = httpx2.AsyncClient(event_hooks={"response": [aprint_answered]})
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                                  http_client=hc) as client:
        a = await client.chat.completions.create(model="gpt", messages=_ask("Sand?"),
                                                 extra_body={"latency": 0.15})
        b = await client.chat.completions.create(model="gpt-mini", messages=_ask("Sand?"),
                                                 extra_body={"latency": 0.02})
    return [a.choices[0].message.content[:16], b.choices[0].message.content[:16]]


class TaggingOpenAI(openai.OpenAI):
    """A client subclass of the user's: its request hook (the SDK's documented one) prints."""

    def _prepare_request(self, request: Any) -> None:
        print("preparing", _model_of(request))
        request.headers["X-Tag"] = "corpus"


def openai_client_subclass_prepare_request(api: str) -> list[str]:
    client = TaggingOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    a = client.chat.completions.create(model="gpt", messages=_ask("Bees?"),
                                       extra_body={"latency": 0.15})
    print("asked gpt")
    b = client.chat.completions.create(model="judge", messages=_ask("Bees?"),
                                       extra_body={"latency": 0.02})
    client.close()
    return [a.choices[0].message.content[:16], b.choices[0].message.content[:16]]


class Turn(pydantic.BaseModel):
    """A message as a pydantic model of the user's: its serializer prints when the SDK
    turns it into JSON."""

    role: str
    content: str

    @pydantic.field_serializer("content")
    def trimmed(self, v: str) -> str:
        print("serialising", v)
        return v.strip()


def openai_messages_as_models_with_serializer(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    frogs, toads = Turn(role="user", content=" Frogs? "), Turn(role="user", content=" Toads? ")
    a = client.chat.completions.create(model="gpt", messages=[frogs],
                                       extra_body={"latency": 0.15})
    print("asked about frogs")
    b = client.chat.completions.create(model="judge", messages=[toads],
                                       extra_body={"latency": 0.02})
    client.close()
    return [a.choices[0].message.content[:16], b.choices[0].message.content[:16]]


def openai_default_httpx_client_hooks(api: str) -> list[str]:
    hc = openai.DefaultHttpxClient(event_hooks={"response": [print_answered]})
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0,
                           http_client=hc)
    vectors = client.embeddings.create(model="embed", input=["slow", "fast"])
    chat = client.chat.completions.create(model="gpt", messages=_ask("Moths?"),
                                          extra_body={"latency": 0.02})
    client.close()
    return [str(len(vectors.data)), chat.choices[0].message.content[:16]]


async def alog_answered(response: Any) -> None:
    LOG.info("async anthropic answered %s", _model_of(response.request))


async def anthropic_async_http_client_hook_logs(api: str) -> list[str]:
    hc = httpx2.AsyncClient(event_hooks={"response": [alog_answered]})
    async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic",
                                        max_retries=0, http_client=hc) as client:
        a = await client.messages.create(model="claude", max_tokens=32, messages=_ask("Elk?"),
                                         extra_body={"latency": 0.15})
        b = await client.messages.create(model="claude-2", max_tokens=32, messages=_ask("Elk?"),
                                         extra_body={"latency": 0.02})
    return [a.content[0].text[:16], b.content[0].text[:16]]


def mock_chat(request: Any) -> Any:
    model = _model_of(request)
    time.sleep(0.1 if model == "gpt" else 0.01)  # (a slow model and a fast one)
    print("mock chat for", model)
    return httpx2.Response(200, json={
        "id": "chatcmpl-mock", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": f"mocked {model}"}}]})


def openai_mock_transport_of_the_user(api: str) -> list[str]:
    hc = httpx2.Client(transport=httpx2.MockTransport(mock_chat))
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url="http://mock.invalid/v1",
                           max_retries=0, http_client=hc)
    a = client.chat.completions.create(model="gpt", messages=_ask("Yaks?"))
    print("asked gpt")
    b = client.chat.completions.create(model="judge", messages=_ask("Yaks?"))
    client.close()
    return [a.choices[0].message.content, b.choices[0].message.content]


# --------------------------------------------------------------------------- SDK: parse with a
# response model of the user's, raw and streaming responses, streams, pages, with_options


class Verdict(pydantic.BaseModel):
    answer: str
    confident: bool

    @pydantic.field_validator("answer")
    @classmethod
    def shout(cls, v: str) -> str:
        print("validated answer of", len(v), "chars")
        SEEN.append(f"answer {len(v)}")
        return v.upper()


def openai_parse_validator_prints(api: str) -> list[Any]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    slow = client.chat.completions.parse(model="gpt", messages=_ask("Is the sea salty and why?"),
                                         response_format=Verdict, extra_body={"latency": 0.15})
    fast = client.chat.completions.parse(model="judge", messages=_ask("Sky?"),
                                         response_format=Verdict, extra_body={"latency": 0.02})
    client.close()
    return [slow.choices[0].message.parsed.answer[:12], fast.choices[0].message.parsed.answer[:12],
            list(SEEN)]


def anthropic_parse_validator_prints(api: str) -> list[Any]:
    client = anthropic.Anthropic(api_key=DUMMY_KEY, base_url=api + "/anthropic", max_retries=0)
    slow = client.messages.parse(model="claude", max_tokens=64,
                                 messages=_ask("Is the sea salty and why?"),
                                 output_format=Verdict, extra_body={"latency": 0.15})
    fast = client.messages.parse(model="claude-2", max_tokens=64, messages=_ask("Sky?"),
                                 output_format=Verdict, extra_body={"latency": 0.02})
    client.close()
    return [type(slow.parsed_output).__name__, type(fast.parsed_output).__name__, list(SEEN)]


def openai_with_raw_response_three(api: str) -> list[Any]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    out = []
    for model, lat in CHAT_LAT:
        raw = client.chat.completions.with_raw_response.create(
            model=model, messages=_ask("Wind?"), extra_body={"latency": lat})
        print("status", raw.status_code, raw.headers.get("content-type"))
        out.append(raw.parse().choices[0].message.content[:16])
    client.close()
    return out


def openai_with_streaming_response(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    out = []
    for model, lat in CHAT_LAT[:2]:
        with client.chat.completions.with_streaming_response.create(
                model=model, messages=_ask("Rain?"), extra_body={"latency": lat}) as resp:
            out.append(f"{resp.status_code} {resp.parse().choices[0].message.content[:16]}")
    client.close()
    return out


def openai_two_streams_joined(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    s1 = client.chat.completions.create(model="gpt", messages=_ask("Snow?"), stream=True,
                                        extra_body={"latency": 0.12})
    s2 = client.chat.completions.create(model="judge", messages=_ask("Hail?"), stream=True,
                                        extra_body={"latency": 0.03})
    first = "".join(c.choices[0].delta.content or "" for c in s1 if c.choices)
    print("first stream done")
    second = "".join(c.choices[0].delta.content or "" for c in s2 if c.choices)
    client.close()
    return [first[:20], second[:20]]


def openai_pages_walked_after_uploads(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    client.files.create(file=("one.txt", b"1" * 20_000), purpose="assistants")
    client.files.create(file=("two.txt", b"2"), purpose="batch")
    names = []
    for f in client.files.list():
        print("file", f.id, f.filename)
        names.append(f.filename)
    page = client.files.list()
    client.close()
    return names + [str(page.has_more)]


def openai_with_options_per_call(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    out = []
    for model, lat in CHAT_LAT:
        r = client.with_options(timeout=5.0).chat.completions.create(
            model=model, messages=_ask("Clouds?"), extra_body={"latency": lat})
        print("got", model)
        out.append(r.choices[0].message.content[:16])
    client.close()
    return out


class Summary(pydantic.BaseModel):
    model: str
    text: str

    def model_post_init(self, context: Any) -> None:
        print("summary of", self.model)


def summarise(client: Any, model: str, lat: float) -> Summary:
    r = client.chat.completions.create(model=model, messages=_ask("Leaves?"),
                                       extra_body={"latency": lat})
    return Summary(model=model, text=r.choices[0].message.content)


def openai_answers_into_models_with_post_init(api: str) -> list[str]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    out = [summarise(client, m, lat) for m, lat in CHAT_LAT]
    client.close()
    return [s.text[:16] for s in out]


# --------------------------------------------------------------------------- aiohttp


async def trace_end(session: Any, ctx: Any, params: Any) -> None:
    print("trace end", params.url.path, params.response.status)


async def aiohttp_trace_config_prints(base: str) -> list[str]:
    tc = aiohttp.TraceConfig()
    tc.on_request_end.append(trace_end)
    async with aiohttp.ClientSession(trace_configs=[tc]) as session:
        r1 = await session.get(url(base, "t1", 150))
        r2 = await session.get(url(base, "t2", 20))
        r3 = await session.get(url(base, "t3", 60))
        return [(await r.json())["value"] for r in (r1, r2, r3)]


async def counting_middleware(request: Any, handler: Any) -> Any:
    response = await handler(request)
    SEEN.append(f"{request.url.path} {response.status}")
    return response


async def aiohttp_client_middleware_records(base: str) -> list[Any]:
    async with aiohttp.ClientSession(middlewares=(counting_middleware,)) as session:
        r1 = await session.get(url(base, "m1", 150))
        r2 = await session.get(url(base, "m2", 20))
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


async def loud_status(response: Any) -> None:
    print("status check", response.url.path, response.status)
    response.raise_for_status()


async def aiohttp_raise_for_status_callable(base: str) -> list[str]:
    async with aiohttp.ClientSession(raise_for_status=loud_status) as session:
        r1 = await session.get(url(base, "rf1", 150))
        r2 = await session.get(url(base, "rf2", 20))
        try:
            r3 = await session.get(f"{base}/status/404?ms=10")
            third = str(r3.status)
        except aiohttp.ClientResponseError as exc:
            third = f"error {exc.status}"
        return [(await r1.json())["value"], (await r2.json())["value"], third]


class LoudParams(collections.abc.Mapping):
    """A query mapping of the user's: records each key read from it."""

    def __init__(self, **items: str) -> None:
        self.items_ = items

    def __getitem__(self, key: str) -> str:
        SEEN.append(f"param {key}={self.items_[key]}")
        return self.items_[key]

    def __iter__(self) -> Any:
        return iter(self.items_)

    def __len__(self) -> int:
        return len(self.items_)


async def aiohttp_params_mapping_of_the_user(base: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        r1 = await session.get(f"{base}/items/q1", params=LoudParams(ms="150"))
        r2 = await session.get(f"{base}/items/q2", params=LoudParams(ms="20"))
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


def loud_dumps(obj: Any) -> str:
    print("serialising", obj)
    return json.dumps(obj)


async def aiohttp_json_serialize_of_the_user(base: str) -> list[str]:
    async with aiohttp.ClientSession(json_serialize=loud_dumps) as session:
        r1 = await session.get(url(base, "js1", 150), json={"q": "first"})
        print("first answered")
        r2 = await session.get(url(base, "js2", 20), json={"q": "second"})
        return [(await r1.json())["value"], (await r2.json())["value"]]


def recording_dumps(obj: Any) -> str:
    SEEN.append(f"dumps {obj}")
    return json.dumps(obj)


async def aiohttp_json_serialize_records(base: str) -> list[Any]:
    async with aiohttp.ClientSession(json_serialize=recording_dumps) as session:
        r1 = await session.get(url(base, "jr1", 150), json={"q": "first"})
        r2 = await session.get(url(base, "jr2", 20), json={"q": "second"})
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


class RecordingResponse(aiohttp.ClientResponse):
    """A response class of the user's: records each response as its head arrives."""

    async def start(self, connection: Any) -> Any:
        out = await super().start(connection)
        SEEN.append(f"head {self.url.path} {self.status}")
        return out


async def aiohttp_response_class_of_the_user(base: str) -> list[Any]:
    async with aiohttp.ClientSession(response_class=RecordingResponse) as session:
        r1 = await session.get(url(base, "rc1", 150))
        r2 = await session.get(url(base, "rc2", 20))
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


class RecordingJar(aiohttp.CookieJar):
    """A cookie jar of the user's: records each request it is asked cookies for."""

    def filter_cookies(self, request_url: Any) -> Any:
        SEEN.append(f"cookies for {request_url.path}")
        return super().filter_cookies(request_url)


async def aiohttp_cookie_jar_of_the_user(base: str) -> list[Any]:
    async with aiohttp.ClientSession(cookie_jar=RecordingJar()) as session:
        r1 = await session.get(url(base, "cj1", 150))
        r2 = await session.get(url(base, "cj2", 20))
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


class RecordingBasicAuth(aiohttp.BasicAuth):
    """Basic auth of the user's: records each header it encodes."""

    def encode(self) -> str:
        SEEN.append(f"encode {self.login}")
        return super().encode()


async def aiohttp_basic_auth_subclass(base: str) -> list[Any]:
    async with aiohttp.ClientSession() as session:
        r1 = await session.get(url(base, "ba1", 150), auth=RecordingBasicAuth("slow"))
        r2 = await session.get(url(base, "ba2", 20), auth=RecordingBasicAuth("fast"))
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


async def aiohttp_basic_auth_subclass_made_first(base: str) -> list[Any]:
    slow, fast = RecordingBasicAuth("slow"), RecordingBasicAuth("fast")
    async with aiohttp.ClientSession() as session:
        r1 = await session.get(url(base, "bf1", 150), auth=slow)
        r2 = await session.get(url(base, "bf2", 20), auth=fast)
        out = [(await r1.json())["value"], (await r2.json())["value"]]
    return [out, list(SEEN)]


async def aiohttp_plain_session_three(base: str) -> list[str]:
    async with aiohttp.ClientSession() as session:
        r1 = await session.get(url(base, "ps1", 150))
        r2 = await session.get(url(base, "ps2", 20))
        r3 = await session.get(url(base, "ps3", 60))
        return [(await r.json())["value"] for r in (r1, r2, r3)]


class LoggingSession(aiohttp.ClientSession):
    """A session subclass of the user's: every request goes through its ``_request``."""

    async def _request(self, method: str, str_or_url: Any, **kwargs: Any) -> Any:
        response = await super()._request(method, str_or_url, **kwargs)
        print("session answered", method, response.url.path)
        return response


async def aiohttp_session_subclass_request(base: str) -> list[str]:
    async with LoggingSession() as session:
        r1 = await session.get(url(base, "ls1", 150))
        r2 = await session.get(url(base, "ls2", 20))
        return [(await r1.json())["value"], (await r2.json())["value"]]


async def _fetch_all(base: str, keys: list[tuple[str, int]]) -> list[str]:
    async with aiohttp.ClientSession() as session:
        async def one(key: str, ms: int) -> str:
            async with session.get(url(base, key, ms)) as r:
                return (await r.json())["value"]
        return list(await asyncio.gather(*(one(k, ms) for k, ms in keys)))


def aiohttp_inside_asyncio_run(base: str) -> list[Any]:
    first = requests.get(url(base, "ar0", 100)).json()["value"]
    print("first", first)
    many = asyncio.run(_fetch_all(base, [("ar1", 60), ("ar2", 20)]))
    requests.put(f"{base}/items/ar1", data="changed")
    again = asyncio.run(_fetch_all(base, [("ar1", 10)]))
    last = requests.get(url(base, "ar3", 40)).json()["value"]
    return [first, many, again, last]


# --------------------------------------------------------------------------- httpx, requests


def httpx_hook_prints(response: Any) -> None:
    print("httpx answered", response.request.url.path)


def hooked_get(client: httpx.Client, base: str, key: str, ms: int) -> str:
    return client.get(url(base, key, ms)).json()["value"]


def httpx_event_hooks_in_helpers(base: str) -> list[str]:
    with httpx.Client(event_hooks={"response": [httpx_hook_prints]}) as client:
        return [hooked_get(client, base, k, ms) for k, ms in SLOW_FAST]


class CountingHttpxAuth(httpx.Auth):
    def __init__(self) -> None:
        self.calls = 0

    def auth_flow(self, request: Any) -> Any:
        self.calls += 1
        request.headers["X-Call"] = str(self.calls)
        yield request
        SEEN.append(f"auth {self.calls} {request.url.path}")


def httpx_auth_subclass_counts(base: str) -> list[Any]:
    auth = CountingHttpxAuth()
    with httpx.Client() as client:
        a = client.get(url(base, "au1", 150), auth=auth).json()["value"]
        b = client.get(url(base, "au2", 20), auth=auth).json()["value"]
        c = client.get(url(base, "au3", 60)).json()["value"]
    return [a, b, c, auth.calls, list(SEEN)]


def mock_handler(request: httpx.Request) -> httpx.Response:
    print("mock answers", request.url.path)
    return httpx.Response(200, json={"value": "mocked-" + request.url.path.rsplit("/", 1)[-1]})


def httpx_mock_transport_beside_real_gets(base: str) -> list[str]:
    mock = httpx.Client(transport=httpx.MockTransport(mock_handler))
    real = requests.get(url(base, "mk1", 120)).json()["value"]
    fake = mock.get("http://mock.invalid/items/m1").json()["value"]
    real2 = requests.get(url(base, "mk2", 20)).json()["value"]
    fake2 = mock.get("http://mock.invalid/items/m2").json()["value"]
    mock.close()
    return [real, fake, real2, fake2]


class PrintingTransport(httpx.HTTPTransport):
    """A transport subclass of the user's: prints each answer's path."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        print("transport", request.url.path, response.status_code)
        return response


def httpx_transport_subclass_prints(base: str) -> list[str]:
    with httpx.Client(transport=PrintingTransport()) as client:
        a = client.get(url(base, "tr1", 150)).json()["value"]
        b = client.get(url(base, "tr2", 20)).json()["value"]
        c = client.get(url(base, "tr3", 60)).json()["value"]
    return [a, b, c]


def httpx_hook_added_half_way(base: str) -> list[str]:
    with httpx.Client() as client:
        a = client.get(url(base, "hh1", 150)).json()["value"]
        client.event_hooks = {"response": [httpx_hook_prints], "request": []}
        b = client.get(url(base, "hh2", 20)).json()["value"]
        c = client.get(url(base, "hh3", 60)).json()["value"]
    return [a, b, c]


def print_trace(event: str, info: dict) -> None:
    if event == "http11.receive_response_headers.complete":
        print("trace", event.split(".")[1], info["return_value"][1])


def httpx_trace_extension_prints(base: str) -> list[str]:
    with httpx.Client() as client:
        return [client.get(url(base, k, ms), extensions={"trace": print_trace}).json()["value"]
                for k, ms in SLOW_FAST]


def httpx_hook_list_appended_half_way(base: str) -> list[str]:
    with httpx.Client(event_hooks={"response": []}) as client:
        a = client.get(url(base, "hl1", 150)).json()["value"]
        client.event_hooks["response"].append(httpx_hook_prints)
        b = client.get(url(base, "hl2", 20)).json()["value"]
        c = client.get(url(base, "hl3", 60)).json()["value"]
    return [a, b, c]


def log_response(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    LOG.info("requests answered %s", r.url.rsplit("/", 1)[-1].split("?")[0])


def hooked_requests_get(base: str, key: str, ms: int) -> str:
    return requests.get(url(base, key, ms), hooks={"response": log_response}).json()["value"]


def requests_response_hook_in_helpers(base: str) -> list[str]:
    return [hooked_requests_get(base, k, ms) for k, ms in SLOW_FAST]


class StampAuth(requests.auth.AuthBase):
    """An auth of the user's: stamps and records each request it signs."""

    def __init__(self) -> None:
        self.signed = 0

    def __call__(self, r: Any) -> Any:
        self.signed += 1
        SEEN.append(f"signed {self.signed} {r.path_url.split('?')[0]}")
        r.headers["X-Stamp"] = str(self.signed)
        return r


def requests_authbase_subclass_records(base: str) -> list[Any]:
    auth = StampAuth()
    a = requests.get(url(base, "sa1", 150), auth=auth).json()["value"]
    b = requests.get(url(base, "sa2", 20), auth=auth).json()["value"]
    c = requests.get(url(base, "sa3", 60)).json()["value"]
    return [a, b, c, list(SEEN)]


class CountingAdapter(requests.adapters.HTTPAdapter):
    """A mounted adapter of the user's: records each answer as it comes back."""

    def send(self, request: Any, **kwargs: Any) -> Any:
        response = super().send(request, **kwargs)
        SEEN.append(f"adapter {request.path_url.split('?')[0]}")
        return response


def requests_mounted_adapter_records(base: str) -> list[Any]:
    with requests.Session() as s:
        s.mount("http://", CountingAdapter())
        out = [s.get(url(base, k, ms)).json()["value"] for k, ms in SLOW_FAST]
    return [out, list(SEEN)]


def requests_session_hook_appended_half_way(base: str) -> list[str]:
    with requests.Session() as s:
        a = s.get(url(base, "sh1", 150)).json()["value"]
        s.hooks["response"].append(log_response)
        b = s.get(url(base, "sh2", 20)).json()["value"]
        c = s.get(url(base, "sh3", 60)).json()["value"]
    return [a, b, c]


# --------------------------------------------------------------------------- urllib3


def urllib3_fields_then_json_body(base: str) -> list[Any]:
    pm = urllib3.PoolManager()
    a = pm.request("GET", f"{base}/items/uf1", fields={"ms": "150"}).json()["value"]
    b = pm.request("GET", f"{base}/items/uf2", fields={"ms": "20"}).json()["value"]
    v = pm.request("PUT", f"{base}/items/uf1", json={"set": a}).json()["version"]
    c = pm.request("GET", f"{base}/items/uf1", fields={"ms": "10"}).json()["value"]
    pm.clear()
    return [a, b, v, c]


def pool_value(base: str, key: str, ms: int) -> str:
    host, port = base.removeprefix("http://").split(":")
    with urllib3.HTTPConnectionPool(host, int(port), maxsize=1) as pool:
        return pool.request("GET", f"/items/{key}?ms={ms}").json()["value"]


def urllib3_connection_pool_per_helper(base: str) -> list[str]:
    return [pool_value(base, k, ms) for k, ms in SLOW_FAST]


def urllib3_streamed_lines(base: str) -> list[str]:
    pm = urllib3.PoolManager()
    out = []
    for key, ms in SLOW_FAST:
        r = pm.request("GET", f"{base}/text/{key}?ms={ms}", preload_content=False)
        for chunk in r.stream(8):
            out.append(chunk.decode()[:3])
        r.release_conn()
        print("streamed", key)
    pm.clear()
    return out


class LoudRetry(urllib3.Retry):
    """A Retry of the user's: prints each retry it grants."""

    def increment(self, method: Any = None, url: Any = None, *args: Any, **kwargs: Any) -> Any:
        print("retrying", method, (url or "").split("?")[0])
        return super().increment(method, url, *args, **kwargs)


def urllib3_retry_subclass_prints(base: str) -> list[str]:
    pm = urllib3.PoolManager(retries=LoudRetry(total=2, status_forcelist=[500],
                                               backoff_factor=0))
    a = pm.request("GET", url(base, "re1", 100)).json()["value"]
    try:
        pm.request("GET", f"{base}/status/500?ms=10")
        mid = "no error"
    except urllib3.exceptions.MaxRetryError as exc:
        mid = type(exc.reason).__name__
    b = pm.request("GET", url(base, "re2", 20)).json()["value"]
    pm.clear()
    return [a, mid, b]


def urllib3_module_request_three(base: str) -> list[str]:
    a = urllib3.request("GET", url(base, "mr1", 150)).json()["value"]
    b = urllib3.request("GET", url(base, "mr2", 20)).json()["value"]
    c = urllib3.request("GET", url(base, "mr3", 60)).json()["value"]
    return [a, b, c]


# --------------------------------------------------------------------------- pydantic, attrs,
# jsonschema on responses


class Item(pydantic.BaseModel):
    key: str
    value: str

    def model_post_init(self, context: Any) -> None:
        print("item", self.key)


def item_of(base: str, key: str, ms: int) -> Item:
    return Item(**requests.get(url(base, key, ms)).json())


def pydantic_post_init_prints_in_helpers(base: str) -> list[str]:
    return [item_of(base, k, ms).value for k, ms in SLOW_FAST]


class Strict(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def count(cls, v: str) -> str:
        SEEN.append(v)
        return v


def strict_of(base: str, key: str, ms: int) -> Strict:
    return Strict.model_validate_json(requests.get(url(base, key, ms)).text)


def pydantic_validate_json_counts(base: str) -> list[Any]:
    items = [strict_of(base, k, ms) for k, ms in SLOW_FAST]
    return [[i.value for i in items], list(SEEN)]


def _logged(v: str) -> str:
    LOG.info("adapter validated %s", v)
    return v


LoggedStr = Annotated[str, pydantic.AfterValidator(_logged)]
VALUES = pydantic.TypeAdapter(dict[str, LoggedStr])


def pydantic_type_adapter_logs(base: str) -> list[str]:
    out = []
    for key, ms in SLOW_FAST:
        data = VALUES.validate_python(requests.get(url(base, key, ms)).json())
        out.append(data["value"])
    return out


def pydantic_validate_then_put(base: str) -> list[Any]:
    first = Strict.model_validate(requests.get(url(base, "vp1", 120)).json())
    requests.put(f"{base}/items/vp2", data=first.value.upper())
    second = Strict.model_validate(requests.get(url(base, "vp2", 20)).json())
    third = requests.get(url(base, "vp3", 40)).json()["value"]
    return [first.value, second.value, third, list(SEEN)]


@pydantic.dataclasses.dataclass
class Reading:
    """A pydantic dataclass: its field validator runs in the generated ``__init__``."""

    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def announce(cls, v: str) -> str:
        print("reading", v)
        return v


def reading_of(base: str, key: str, ms: int) -> Reading:
    return Reading(key, requests.get(url(base, key, ms)).json()["value"])


def pydantic_dataclass_validator_prints_in_helpers(base: str) -> list[str]:
    return [reading_of(base, k, ms).value for k, ms in SLOW_FAST]


def next_tag() -> str:
    SEEN.append("tag")
    return f"tag-{len(SEEN)}"


@dataclasses.dataclass
class Tagged:
    """A plain dataclass whose default factory is the user's: it runs in ``__init__``."""

    value: str
    tag: str = dataclasses.field(default_factory=next_tag)


def tagged_of(base: str, key: str, ms: int) -> Tagged:
    return Tagged(requests.get(url(base, key, ms)).json()["value"])


def dataclass_default_factory_in_helpers(base: str) -> list[str]:
    items = [tagged_of(base, k, ms) for k, ms in SLOW_FAST]
    return [f"{t.value}:{t.tag}" for t in items]


class Announced:
    """A data descriptor of the user's as a dataclass field: ``__init__`` sets it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = "_" + name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return "unset" if obj is None else getattr(obj, self.name, "unset")

    def __set__(self, obj: Any, value: str) -> None:
        print("set", value)
        setattr(obj, self.name, value)


@dataclasses.dataclass
class Holder:
    value: Announced = Announced()  # noqa: RUF009 - a descriptor field, on purpose


def holder_of(base: str, key: str, ms: int) -> Holder:
    return Holder(requests.get(url(base, key, ms)).json()["value"])


def dataclass_descriptor_field_in_helpers(base: str) -> list[str]:
    return [holder_of(base, k, ms).value for k, ms in SLOW_FAST]


@dataclasses.dataclass
class Audited:
    """A dataclass with a ``__setattr__`` of the user's: ``__init__`` runs it per field."""

    key: str
    value: str

    def __setattr__(self, name: str, value: Any) -> None:
        LOG.info("audited %s=%s", name, value)
        object.__setattr__(self, name, value)


def audited_of(base: str, key: str, ms: int) -> Audited:
    return Audited(key, requests.get(url(base, key, ms)).json()["value"])


def dataclass_setattr_logs_in_helpers(base: str) -> list[str]:
    return [audited_of(base, k, ms).value for k, ms in SLOW_FAST]


def _loud_key(v: str) -> str:
    print("key ok", v)
    return v


def _loud_value(v: str) -> str:
    print("value ok", v)
    return v


@pydantic.validate_call
def validated_get(base: str, key: Annotated[str, pydantic.AfterValidator(_loud_key)],
                  ms: int) -> str:
    return requests.get(url(base, key, ms)).json()["value"]


def pydantic_validate_call_arguments_print(base: str) -> list[str]:
    a = validated_get(base, "vc1", 150)
    b = validated_get(base, "vc2", 20)
    c = validated_get(base, "vc3", 60)
    return [a, b, c]


@pydantic.validate_call(validate_return=True)
def checked_value(base: str, key: str, ms: int) -> Annotated[str, pydantic.AfterValidator(_loud_value)]:
    return requests.get(url(base, key, ms)).json()["value"]


def pydantic_validate_call_return_prints(base: str) -> list[str]:
    return [checked_value(base, k, ms) for k, ms in SLOW_FAST]


class Level(enum.Enum):
    LOW = "v-low"
    HIGH = "v-high"

    @classmethod
    def _missing_(cls, value: object) -> Any:
        print("no level", value)
        return cls.LOW


def level_of(base: str, key: str, ms: int) -> Level:
    return Level(requests.get(url(base, key, ms)).json()["value"])


def enum_missing_hook_in_helpers(base: str) -> list[str]:
    return [level_of(base, k, ms).name for k, ms in SLOW_FAST]


class Endpoints(pydantic.BaseModel):
    """Settings as a pydantic model, passed in: a computed field of the user's prints."""

    base: str
    slow_ms: int = 150
    fast_ms: int = 20

    @pydantic.computed_field
    @property
    def slow_url(self) -> str:
        print("slow url asked")
        return url(self.base, "ep1", self.slow_ms)


def pydantic_settings_argument(cfg: Endpoints) -> list[str]:
    a = requests.get(cfg.slow_url).json()["value"]
    b = requests.get(url(cfg.base, "ep2", cfg.fast_ms)).json()["value"]
    print("fast done")
    c = requests.get(url(cfg.base, "ep3", 60)).json()["value"]
    return [a, b, c, cfg.model_dump_json(exclude={"slow_url"})]


class Report(pydantic.BaseModel):
    """A model passed in whose serializer of the user's prints when it is dumped."""

    base: str
    title: str = "weekly"

    @pydantic.field_serializer("title")
    def loud_title(self, v: str) -> str:
        print("dumping title")
        return v.upper()


def pydantic_dump_of_argument_after_gets(report: Report) -> list[str]:
    a = requests.get(url(report.base, "rp1", 150)).json()["value"]
    print("got", a)
    b = requests.get(url(report.base, "rp2", 20)).json()["value"]
    return [a, b, report.model_dump_json()]


@attrs.frozen
class Target:
    base: str
    keys: tuple[str, ...] = ("at1", "at2", "at3")


def attrs_instance_argument(t: Target) -> list[str]:
    return [requests.get(url(t.base, k, ms)).json()["value"]
            for k, (_, ms) in zip(t.keys, SLOW_FAST, strict=True)]


def requests_basic_auth_object(base: str) -> list[str]:
    auth = requests.auth.HTTPBasicAuth("user", "pass")
    return [requests.get(url(base, k, ms), auth=auth).json()["value"] for k, ms in SLOW_FAST]


def loud_upper(v: str) -> str:
    print("converting", v)
    return v.upper()


@attrs.define
class Record:
    key: str
    value: str = attrs.field(converter=loud_upper)


def record_of(base: str, key: str, ms: int) -> Record:
    return Record(key, requests.get(url(base, key, ms)).json()["value"])


def attrs_converter_prints_in_helpers(base: str) -> list[str]:
    return [record_of(base, k, ms).value for k, ms in SLOW_FAST]


def _remember(inst: Any, attribute: Any, value: str) -> None:
    SEEN.append(f"{attribute.name}={value}")


@attrs.frozen
class Checked:
    value: str = attrs.field(validator=_remember)


def attrs_validator_records_in_comprehension(base: str) -> list[Any]:
    out = [Checked(requests.get(url(base, k, ms)).json()["value"]) for k, ms in SLOW_FAST]
    return [[c.value for c in out], list(SEEN)]


def _put_on_set(inst: Any, attribute: Any, value: str) -> str:
    requests.put(f"{inst.base}/items/{attribute.name}", data=value)
    return value


@attrs.define(on_setattr=_put_on_set)
class Synced:
    base: str
    note: str = "none"


def attrs_on_setattr_puts(base: str) -> list[str]:
    s = Synced(base)
    a = requests.get(url(base, "note", 100)).json()["value"]
    s.note = "first"
    b = requests.get(url(base, "note", 10)).json()["value"]
    c = requests.get(url(base, "other", 30)).json()["value"]
    return [a, b, c]


ITEM_SCHEMA = {"type": "object", "required": ["key", "value"],
               "properties": {"key": {"type": "string"},
                              "value": {"type": "string", "format": "v-key"}}}


def jsonschema_format_checker_prints(base: str) -> list[str]:
    checker = jsonschema.FormatChecker()

    @checker.checks("v-key")
    def v_key(text: object) -> bool:
        print("checking", text)
        return isinstance(text, str) and text.startswith("v-")

    out = []
    for key, ms in SLOW_FAST:
        data = requests.get(url(base, key, ms)).json()
        jsonschema.validate(data, ITEM_SCHEMA, format_checker=checker)
        out.append(data["value"])
    try:
        jsonschema.validate({"key": "k", "value": "bad"}, ITEM_SCHEMA, format_checker=checker)
    except jsonschema.ValidationError as exc:
        out.append(exc.message)
    return out


def validated(base: str, key: str, ms: int, validator: Any) -> str:
    data = requests.get(url(base, key, ms)).json()
    validator.validate(data)
    return data["value"]


def jsonschema_validator_in_helpers(base: str) -> list[str]:
    checker = jsonschema.FormatChecker()
    checker.checks("v-key")(lambda t: SEEN.append(str(t)) is None)
    v = jsonschema.Draft202012Validator(ITEM_SCHEMA, format_checker=checker)
    return [validated(base, k, ms, v) for k, ms in SLOW_FAST] + list(SEEN)


# --------------------------------------------------------------------------- rich


def _console() -> rich.console.Console:
    return rich.console.Console(file=sys.stdout, width=80, color_system=None,
                                force_terminal=False, highlight=False, log_time=False,
                                log_path=False)


def rich_console_prints_each_answer(base: str) -> list[str]:
    console = _console()
    out = []
    for key, ms in SLOW_FAST:
        value = requests.get(url(base, key, ms)).json()["value"]
        console.print(f"[bold]{key}[/bold] -> {value}")
        out.append(value)
    console.rule("done")
    return out


def rich_console_between_independent_gets(base: str) -> list[str]:
    console = _console()
    console.print("starting")
    a = requests.get(url(base, "rc1", 150)).json()["value"]
    console.print("got a")
    b = requests.get(url(base, "rc2", 20)).json()["value"]
    console.log("logged b", b)
    c = requests.get(url(base, "rc3", 60)).json()["value"]
    return [a, b, c]


def rich_track_loop_of_gets(base: str) -> list[str]:
    console = _console()
    out = []
    for key, ms in rich.progress.track(SLOW_FAST, description="fetching", console=console,
                                       auto_refresh=False):
        out.append(requests.get(url(base, key, ms)).json()["value"])
        console.print("fetched", key)
    return out


def rich_progress_tasks_advanced(base: str) -> list[str]:
    console = _console()
    out = []
    with rich.progress.Progress(rich.progress.TextColumn("{task.description}"),
                                console=console, auto_refresh=False) as progress:
        task = progress.add_task("keys", total=len(SLOW_FAST))
        for key, ms in SLOW_FAST:
            out.append(requests.get(url(base, key, ms)).json()["value"])
            progress.advance(task)
            progress.console.print("done", key)
    return out


def _rich_handler(env: Env) -> None:
    _reset(env)
    logger = logging.getLogger("corpus.redteam34.rich")
    console = rich.console.Console(width=80, color_system=None, force_terminal=False)
    handler = rich.logging.RichHandler(console=console, show_time=False, show_path=False,
                                       show_level=True)
    logger.addHandler(handler)
    env.own(_Closer(lambda: logger.removeHandler(handler)))


RICH_LOG = logging.getLogger("corpus.redteam34.rich")


def rich_handler_logs_between_gets(base: str) -> list[str]:
    out = []
    for key, ms in SLOW_FAST:
        value = requests.get(url(base, key, ms)).json()["value"]
        RICH_LOG.info("got %s", value)
        out.append(value)
    return out


def rich_logged_get(base: str, key: str, ms: int) -> str:
    value = requests.get(url(base, key, ms)).json()["value"]
    RICH_LOG.warning("helper got %s", value)
    return value


def rich_handler_logs_in_helpers(base: str) -> list[str]:
    return [rich_logged_get(base, k, ms) for k, ms in SLOW_FAST]


class _Closer:
    """Runs `fn` when the run's `Env` closes what it owns (a case's teardown)."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def close(self) -> None:
        self.fn()


# --------------------------------------------------------------------------- yaml, msgpack, json


def _construct_loud(loader: Any, node: Any) -> str:
    value = loader.construct_scalar(node)
    print("yaml tag", value)
    return value.upper()


class LoudLoader(yaml.SafeLoader):
    """A loader of this module's own: ``!loud`` scalars print as they are built."""

    yaml_constructors = {**yaml.SafeLoader.yaml_constructors, "!loud": _construct_loud}


def yaml_of(base: str, key: str, ms: int) -> Any:
    value = requests.get(url(base, key, ms)).json()["value"]
    return yaml.load(f"key: {key}\nvalue: !loud {value}\n", Loader=LoudLoader)


def yaml_loader_of_the_user_in_helpers(base: str) -> list[Any]:
    return [yaml_of(base, k, ms) for k, ms in SLOW_FAST]


def yaml_safe_load_in_helpers(base: str) -> list[Any]:
    docs = [yaml.safe_load(requests.get(f"{base}/text/{k}?ms={ms}").text) for k, ms in SLOW_FAST]
    return [str(d) for d in docs]


def msgpack_hook(d: dict) -> dict:
    SEEN.append(",".join(sorted(d)))
    return d


def packed_of(base: str, key: str, ms: int) -> Any:
    raw = msgpack.packb(requests.get(url(base, key, ms)).json())
    return msgpack.unpackb(raw, object_hook=msgpack_hook)


def msgpack_object_hook_in_helpers(base: str) -> list[Any]:
    return [[packed_of(base, k, ms)["value"] for k, ms in SLOW_FAST], list(SEEN)]


def json_hook(d: dict) -> dict:
    print("decoded", d.get("key"))
    return d


def json_object_hook_in_comprehension(base: str) -> list[str]:
    return [json.loads(requests.get(url(base, k, ms)).text, object_hook=json_hook)["value"]
            for k, ms in SLOW_FAST]


def json_decoder_class_in_helpers(base: str) -> list[str]:
    return [json.loads(requests.get(url(base, k, ms)).text, cls=RecordingDecoder)["value"]
            for k, ms in SLOW_FAST] + list(SEEN)


class RecordingDecoder(json.JSONDecoder):
    def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:
        out = super().decode(s, *args, **kwargs)
        SEEN.append(out.get("key", "?"))
        return out


# --------------------------------------------------------------------------- the cases


def _web(fn: Any, ideal: float = 1.0, cat: str = "clients", setup: Any = _reset,
         **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", setup=setup, ideal=ideal, **kw)


def _api(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=api_args, servers="api", setup=_reset, ideal=ideal, **kw)


def _aweb(fn: Any, ideal: float = 1.0, cat: str = "clients", **kw: Any) -> Case:
    return Case(cat, fn, drive=_run_web, servers="web", setup=_reset, ideal=ideal, **kw)


def _aapi(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=_run_api, servers="api", setup=_reset, ideal=ideal, **kw)


# Ideals: where the user's code runs on each request's path (a hook, a transport, an auth, an
# adapter, a middleware, a trace), a sound schedule keeps those calls in order: 1.0. Where it
# runs after a read's value is in (a validator, a converter, a print of the value), the reads
# may all be in flight together and the user's code run after them in order: _THREE (three
# web reads of 150, 20 and 60 ms), or the chats' sum over their slowest (`serial_ideal`,
# with the client's making serial).
_CHATS = serial_ideal(1, 3, 1)
_TWO_CHATS = serial_ideal(1, 2, 1)


def _arg(make: Any) -> Any:
    return lambda env: (make(env.web),)


CASES: list[Case] = [
    # The SDKs: raw and streaming responses, streams, pages, with_options (unknown: in place),
    # answers fed to a model whose model_post_init prints
    _api(openai_with_raw_response_three, _CHATS),
    _api(openai_with_streaming_response, _TWO_CHATS),
    _api(openai_two_streams_joined, _TWO_CHATS),
    _api(openai_pages_walked_after_uploads),
    _api(openai_with_options_per_call, _CHATS),
    _api(openai_answers_into_models_with_post_init, _CHATS),
    # aiohttp: a plain session; sessions run inside asyncio.run of a sync function; a
    # user's BasicAuth made in the call's arguments, a json_serialize that prints with a
    # print between (the aiohttp rule looks at neither: these agree because the print and
    # the making of the auth keep the GETs in place)
    _aweb(aiohttp_plain_session_three, _THREE),
    _web(aiohttp_inside_asyncio_run),
    _aweb(aiohttp_basic_auth_subclass),
    _aweb(aiohttp_json_serialize_of_the_user),
    # httpx and requests with the user's code on the path (docs/jit.md: run in place)
    _web(httpx_event_hooks_in_helpers),
    _web(httpx_auth_subclass_counts),
    _web(httpx_mock_transport_beside_real_gets, 140 / 120),
    _web(httpx_transport_subclass_prints),
    _web(httpx_hook_added_half_way, 170 / 150),
    _web(httpx_hook_list_appended_half_way, 170 / 150),
    _web(httpx_trace_extension_prints),
    _web(requests_response_hook_in_helpers),
    _web(requests_authbase_subclass_records),
    _web(requests_mounted_adapter_records),
    _web(requests_session_hook_appended_half_way, 170 / 150),
    _web(requests_basic_auth_object, _THREE),
    # urllib3 (module, pool manager, pools: GETs overlap; a streamed response stays)
    _web(urllib3_fields_then_json_body, 170 / 150, cat="http"),
    _web(urllib3_connection_pool_per_helper, _THREE, cat="http"),
    _web(urllib3_streamed_lines, _THREE, cat="http"),
    _web(urllib3_retry_subclass_prints, cat="http"),
    _web(urllib3_module_request_three, _THREE, cat="http"),
    # pydantic, attrs, jsonschema, enum on responses
    _web(pydantic_post_init_prints_in_helpers, _THREE, cat="validation"),
    _web(pydantic_validate_json_counts, _THREE, cat="validation"),
    _web(pydantic_type_adapter_logs, _THREE, cat="validation"),
    _web(pydantic_validate_then_put, cat="validation"),
    _web(pydantic_validate_call_arguments_print, cat="validation"),
    _web(pydantic_validate_call_return_prints, _THREE, cat="validation"),
    Case("validation", pydantic_settings_argument, servers="web", setup=_reset, ideal=_THREE,
         args=_arg(lambda web: Endpoints(base=web))),
    Case("validation", pydantic_dump_of_argument_after_gets, servers="web", setup=_reset,
         ideal=170 / 150, args=_arg(lambda web: Report(base=web))),
    _web(attrs_converter_prints_in_helpers, _THREE, cat="validation"),
    _web(attrs_validator_records_in_comprehension, _THREE, cat="validation"),
    _web(attrs_on_setattr_puts, cat="validation"),
    # a comprehension over zip() of an attrs instance's tuple: one call site, run as written
    Case("validation", attrs_instance_argument, servers="web", setup=_reset, ideal=_THREE,
         args=_arg(Target)),
    _web(jsonschema_format_checker_prints, _THREE, cat="validation"),
    _web(jsonschema_validator_in_helpers, _THREE, cat="validation"),
    _web(enum_missing_hook_in_helpers, _THREE, cat="validation"),
    # rich (Console is unknown: a barrier)
    _web(rich_console_prints_each_answer, _THREE, cat="helpers"),
    _web(rich_console_between_independent_gets, _THREE, cat="helpers"),
    _web(rich_track_loop_of_gets, _THREE, cat="helpers"),
    _web(rich_progress_tasks_advanced, _THREE, cat="helpers"),
    _web(rich_handler_logs_between_gets, _THREE, cat="helpers", setup=_rich_handler),
    _web(rich_handler_logs_in_helpers, _THREE, cat="helpers", setup=_rich_handler),
    # yaml, msgpack, json with hooks
    _web(yaml_loader_of_the_user_in_helpers, _THREE, cat="helpers"),
    _web(yaml_safe_load_in_helpers, _THREE, cat="helpers"),
    _web(msgpack_object_hook_in_helpers, _THREE, cat="helpers"),
    _web(json_object_hook_in_comprehension, _THREE, cat="helpers"),
    _web(json_decoder_class_in_helpers, _THREE, cat="helpers"),
]

# Differed under jit when written (stop 34), each on every run; fixed at their causes in the
# same stop (the SDKs' and aiohttp's rules check the user's code on the call's path, and
# `_summary._construct` looks at what a dataclass's generated __init__ runs). The comments
# keep what differed.
CASES += [
    # -- The SDKs' model calls (and list reads) never look at the client's http_client: an
    # httpx2 client's event hooks, transport or auth of the user's (or an OpenAI subclass's
    # `_prepare_request`, or a message model's serializer) run in the call's thread, so the
    # chats' user code runs in the order they start or finish, not the program's.
    # stdout: 'answered gpt / gpt-mini / judge' vs 'gpt-mini / judge / gpt' (response hook).
    _api(openai_http_client_response_hook_prints),
    # the same with three named statements.
    _api(openai_three_named_chats_hook_prints),
    # value[1][0]: 'POST /v1/chat/completions gpt' vs '... judge' (an httpx2 transport).
    _api(openai_transport_of_the_user_records),
    # stdout: 'auth saw gpt / gpt-mini / judge' vs 'gpt-mini / judge / gpt' (an httpx2.Auth).
    _api(openai_auth_of_the_user_prints),
    # stdout: 'answered embed / gpt' vs 'gpt / embed' (openai.DefaultHttpxClient, as the
    # SDK documents it, with event_hooks).
    _api(openai_default_httpx_client_hooks),
    # stdout: 'POST /v1/files, POST /v1/chat/completions, GET /v1/files' vs 'POST /v1/files,
    # GET /v1/files, POST /v1/chat/...': the list read and the chat in flight together.
    _api(openai_upload_chat_list_response_hook),
    # log records: 'anthropic answered claude' first vs 'claude-2' first.
    _api(anthropic_http_client_hook_logs),
    # stdout: 'async answered gpt / gpt-mini' vs 'gpt-mini / gpt' (httpx2.AsyncClient hooks).
    _aapi(openai_async_http_client_hook_prints),
    # log records: 'async anthropic answered claude' first vs 'claude-2' first.
    _aapi(anthropic_async_http_client_hook_logs),
    # stdout: 'preparing gpt / asked gpt / preparing judge' vs 'preparing judge / preparing
    # gpt / asked gpt': the second chat starts above the print (an OpenAI subclass).
    _api(openai_client_subclass_prepare_request),
    # stdout: 'serialising Frogs / asked about frogs / serialising Toads' vs both serialised
    # before 'asked about frogs' (in either order): a pydantic message's field_serializer.
    _api(openai_messages_as_models_with_serializer),
    # stdout: 'mock chat for gpt / asked gpt / mock chat for judge' vs 'mock chat for judge /
    # mock chat for gpt / asked gpt' (httpx2.MockTransport, no server: how tests fake the API).
    _api(openai_mock_transport_of_the_user),
    # -- `parse(response_format=Model)` is a model call, but the answer is validated by the
    # user's model (its field_validator prints and appends) in the call's thread.
    # value[2][0]: 'answer 6' vs 'answer 11'; stdout in the same swapped order.
    _api(openai_parse_validator_prints),
    # value[2][0]: 'answer 21' vs 'answer 18' (anthropic `messages.parse(output_format=...)`).
    _api(anthropic_parse_validator_prints),
    # -- aiohttp's rule (`_packages._aiohttp`) is not wrapped in `_callbacks`: a session's
    # trace configs, middlewares, raise_for_status callable, response class, cookie jar,
    # json_serialize, a subclass, and a call's params mapping or auth are never looked at.
    # And a later GET starts first (it is hoisted above its sibling), so even the code run
    # at a request's start (the jar, the auth, params, json_serialize) sees the second first.
    # stdout: 'trace end /items/t1, t2, t3' vs 't2, t3, t1'.
    _aweb(aiohttp_trace_config_prints),
    # value[1][0]: '/items/m1 200' vs '/items/m2 200' (a client middleware).
    _aweb(aiohttp_client_middleware_records),
    # stdout: 'status check /items/rf1, rf2' vs 'rf2, rf1' (raise_for_status=callable).
    _aweb(aiohttp_raise_for_status_callable),
    # value[1][0]: 'head /items/rc1 200' vs 'head /items/rc2 200' (response_class=).
    _aweb(aiohttp_response_class_of_the_user),
    # stdout: 'session answered GET /items/ls1, ls2' vs 'ls2, ls1' (a ClientSession subclass).
    _aweb(aiohttp_session_subclass_request),
    # value[1][0]: 'param ms=150' vs 'param ms=20' (params= a Mapping of the user's).
    _aweb(aiohttp_params_mapping_of_the_user),
    # value[1][0]: 'cookies for /items/cj1' vs '... cj2' (cookie_jar= of the user's).
    _aweb(aiohttp_cookie_jar_of_the_user),
    # value[1][0]: 'encode slow' vs 'encode fast' (a BasicAuth subclass made beforehand).
    _aweb(aiohttp_basic_auth_subclass_made_first),
    # value[1][0]: "dumps {'q': 'first'}" vs "dumps {'q': 'second'}" (json_serialize=).
    _aweb(aiohttp_json_serialize_records),
    # -- `_summary._construct` takes a dataclass's constructor to do what its __post_init__
    # does, and nothing when it has none; the generated __init__ also runs a pydantic
    # dataclass's validators, default factories, field descriptors' __set__ and a
    # __setattr__ of the user's. The helpers (GET, then construct) are taken as reads and
    # run in threads: their user code runs in completion order (a2, a3, a1).
    # stdout: 'reading v-a1, v-a2, v-a3' vs 'v-a2, v-a3, v-a1' (pydantic field_validator).
    _web(pydantic_dataclass_validator_prints_in_helpers, _THREE, cat="validation"),
    # value[0]: 'v-a1:tag-1' vs 'v-a1:tag-3' (field(default_factory=) of the user's).
    _web(dataclass_default_factory_in_helpers, _THREE, cat="validation"),
    # stdout: 'set v-a1, v-a2, v-a3' vs 'v-a2, v-a3, v-a1' (a data descriptor field).
    _web(dataclass_descriptor_field_in_helpers, _THREE, cat="validation"),
    # log records: 'audited key=a1' first vs 'audited key=a2' first (__setattr__).
    _web(dataclass_setattr_logs_in_helpers, _THREE, cat="validation"),
]
