"""The simulator's Gemini and Azure OpenAI routes over real HTTP on 127.0.0.1: Azure read
back by the official `openai` SDK's `AzureOpenAI` client, Gemini's JSON checked field by
field (auth by header, errors in Google's shape, the same text as every other wire)."""

from __future__ import annotations

import aiohttp
import pytest

from ember import _core
from ember.sim import generate

openai_sdk = pytest.importorskip("openai")

KEY = "sim-key-gem-az-0123"
USER = [{"role": "user", "content": "What is the capital of France?"}]


def post(url: str, body: object, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    async def go() -> tuple[int, dict]:
        async with aiohttp.ClientSession() as s, s.post(url, json=body,
                                                        headers=headers or {}) as r:
            return r.status, await r.json()

    return _core.run(go())


@pytest.fixture
def server(make_server):
    return make_server(api_key=KEY)


def test_azure_openai_sdk_reads_the_deployment_route(server):
    client = openai_sdk.AzureOpenAI(azure_endpoint=server.url, api_key=KEY,
                                    api_version="2024-10-21", max_retries=0)
    answer = client.chat.completions.create(model="gpt", messages=USER, max_tokens=30, seed=2)
    want = generate("gpt", USER, max_tokens=30, seed=2)
    assert answer.choices[0].message.content == want.text
    assert answer.usage.prompt_tokens == want.prompt_tokens
    assert answer.choices[0].finish_reason == want.finish_reason
    wrong = openai_sdk.AzureOpenAI(azure_endpoint=server.url, api_key="nope",
                                   api_version="2024-10-21", max_retries=0)
    with pytest.raises(openai_sdk.AuthenticationError):
        wrong.chat.completions.create(model="gpt", messages=USER)


def test_azure_needs_an_api_version(server):
    status, body = post(f"{server.url}/openai/deployments/gpt/chat/completions",
                        {"messages": USER}, {"api-key": KEY})
    assert status == 400 and "api-version" in body["error"]["message"]


def test_gemini_generate_content(server):
    url = f"{server.url}/v1beta/models/gpt:generateContent"
    body = {"contents": [{"role": "user", "parts": [{"text": USER[0]["content"]}]}],
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "generationConfig": {"maxOutputTokens": 12, "temperature": 0}}
    status, got = post(url, body, {"x-goog-api-key": KEY})
    want = generate("gpt", [{"role": "system", "content": "Be brief."}, *USER], max_tokens=12,
                    temperature=0)
    assert status == 200
    [candidate] = got["candidates"]
    assert candidate["content"] == {"role": "model", "parts": [{"text": want.text}]}
    assert candidate["finishReason"] == "MAX_TOKENS"
    assert got["usageMetadata"]["promptTokenCount"] == want.prompt_tokens
    assert got["usageMetadata"]["candidatesTokenCount"] == want.completion_tokens


@pytest.mark.parametrize(("path", "body", "headers", "status", "google"), [
    ("/v1beta/models/gpt:generateContent", {"contents": USER}, {}, 401, "UNAUTHENTICATED"),
    ("/v1beta/models/gpt:generateContent", {"contents": USER}, {"x-goog-api-key": "no"}, 401,
     "UNAUTHENTICATED"),
    ("/v1beta/models/gpt:generateContent", {"contents": []}, {"x-goog-api-key": KEY}, 400,
     "INVALID_ARGUMENT"),
    ("/v1beta/models/gpt:generateContent",
     {"contents": [{"role": "user", "parts": [{"text": "x"}]}],
      "generationConfig": {"temperature": 3}}, {"x-goog-api-key": KEY}, 400, "INVALID_ARGUMENT"),
    ("/v1beta/nothing/here", {}, {"x-goog-api-key": KEY}, 404, "NOT_FOUND"),
])
def test_gemini_errors_in_googles_shape(server, path, body, headers, status, google):
    got_status, got = post(server.url + path, body, headers)
    assert got_status == status
    assert got["error"]["status"] == google and got["error"]["code"] == status
    assert KEY not in str(got)


def test_gemini_stream_is_server_sent_pieces_ending_with_the_reason(server):
    import json

    async def go() -> tuple[str, str]:
        async with aiohttp.ClientSession() as s, s.post(
                f"{server.url}/v1beta/models/gpt:streamGenerateContent?alt=sse",
                json={"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]},
                headers={"x-goog-api-key": KEY}) as r:
            return r.headers["Content-Type"], (await r.read()).decode()

    kind, text = _core.run(go())
    events = [json.loads(e.removeprefix("data: ")) for e in text.strip().split("\n\n")]
    assert kind.startswith("text/event-stream") and len(events) > 1
    assert all("finishReason" not in e["candidates"][0] for e in events[:-1])
    assert events[-1]["candidates"][0]["finishReason"] == "STOP"
    want = generate("gpt", [{"role": "user", "content": "Hi"}])
    assert "".join(e["candidates"][0]["content"]["parts"][0]["text"] for e in events) == want.text
    assert events[-1]["usageMetadata"]["candidatesTokenCount"] == want.completion_tokens
