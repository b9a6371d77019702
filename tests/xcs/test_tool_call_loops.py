"""The tool-calling loop of the openai SDK: the model answers with several ``tool_calls``, and
the loop dispatches each through a dict of tools (``TOOLS[tc.function.name](**args)``).
The SDK's tool calls are its own pydantic models holding JSON's data, which the loop's
checks may read ahead (``json.loads(tc.function.arguments)``), so the tools that read
start together; a tool that writes keeps its place, and the reads after it wait for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import openai
import pytest
import requests

from ember import xcs
from ember.sim import SimConfig, SimServer
from tests.xcs._items_server import Items

KEY = "sk-test-tool-call-loops"


def _spec(name: str, prop: str) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "parameters": {
        "type": "object", "properties": {prop: {"type": "string"}}, "required": [prop]}}}


SPECS = [_spec("get_weather", "city"), _spec("get_stock", "symbol"),
         _spec("get_news", "topic"), _spec("save_note", "text")]


def get_weather(web: str, city: str) -> str:
    return requests.get(f"{web}/items/weather?ms=150").text + f" in {len(city)}"


def get_stock(web: str, symbol: str) -> str:
    return requests.get(f"{web}/items/stock?ms=40").text


def get_news(web: str, topic: str) -> str:
    return requests.get(f"{web}/items/news?ms=90").text


def save_note(web: str, text: str) -> str:
    return requests.put(f"{web}/items/note?ms=60", data=text.encode()).text


TOOLS = {"get_weather": get_weather, "get_stock": get_stock, "get_news": get_news,
         "save_note": save_note}


def run_tools(client: Any, web: str, ask: str) -> list[str]:
    r = client.chat.completions.create(model="gpt-sim", tools=SPECS,
                                       messages=[{"role": "user", "content": ask}])
    out = []
    for tc in r.choices[0].message.tool_calls:
        args = json.loads(tc.function.arguments)
        out.append(f"{tc.function.name}: {TOOLS[tc.function.name](web, **args)}")
    return out


@pytest.fixture
def client() -> Iterator[Any]:
    server = SimServer(SimConfig(latency=0.0, api_key=KEY)).start()
    c = openai.OpenAI(api_key=KEY, base_url=server.openai_base_url, max_retries=0)
    try:
        yield c
    finally:
        c.close()
        server.close()


def test_the_tools_a_step_calls_that_read_start_together(client: Any, web: str) -> None:
    ask = "Check the weather in Paris, the stock ACME and the news about rockets"
    plain = run_tools(client, web, ask)
    assert [line.split(":")[0] for line in plain] == ["get_weather", "get_stock", "get_news"]
    Items.reset()
    assert xcs.jit(run_tools)(client, web, ask) == plain
    assert Items.peak >= 2  # (3 on a quiet machine; one by one: 1)


def test_a_tool_that_writes_keeps_its_place_among_them(client: Any, web: str) -> None:
    ask = "Check the weather in Paris, save a note, then the news about rockets"
    plain = run_tools(client, web, ask)
    names = [line.split(":")[0] for line in plain]
    assert names == ["get_weather", "save_note", "get_news"]
    plain_order = list(Items.order)
    Items.reset()
    assert xcs.jit(run_tools)(client, web, ask) == plain
    assert Items.order == plain_order == ["weather", "note", "news"]


def chat(client, messages, **kw):  # noqa: ANN001, ANN003, ANN201 - as users write it
    return client.chat.completions.create(model="gpt-sim", messages=messages, **kw)


def agent_step(client: Any, web: str, ask: str) -> dict[str, Any]:
    """One step of the everyday agent loop: the message list is handed to a helper that
    hands it to the SDK (which keeps no reference), then each tool's answer is appended
    to it, and the function returns both lists in a dict."""
    messages = [{"role": "user", "content": ask}]
    r = chat(client, messages, tools=SPECS)
    used = []
    for tc in r.choices[0].message.tool_calls:
        args = json.loads(tc.function.arguments)
        result = TOOLS[tc.function.name](web, **args)
        messages.append({"role": "tool", "tool_call_id": tc.id, "content": result})
        used.append(tc.function.name)
    return {"used": used, "messages": messages}


def keeps_history(messages, **kw):  # noqa: ANN001, ANN003, ANN201 - as users write it
    HISTORY.append(messages)  # (a helper of yours that keeps the list it was handed)
    return messages[-1]["content"]


HISTORY: list[Any] = []


def peek(web: str) -> str:
    """A tool of yours that reads what the history holds."""
    return f"{len(HISTORY[-1])}: " + requests.get(f"{web}/items/peek?ms=40").text


def kept_step(web: str) -> list[str]:
    messages = [{"role": "user", "content": "peek"}]
    keeps_history(messages)
    out = []
    for name in ["peek", "peek", "peek"]:
        result = {"peek": peek}[name](web)
        messages.append({"role": "tool", "content": result})
        out.append(result)
    return out


def test_the_message_list_handed_to_a_chat_helper_stays_the_loops(
        client: Any, web: str) -> None:
    ask = "Check the weather in Paris, the stock ACME and the news about rockets"
    plain = agent_step(client, web, ask)
    assert plain["used"] == ["get_weather", "get_stock", "get_news"]
    Items.reset()
    assert xcs.jit(agent_step)(client, web, ask) == plain
    assert Items.peak >= 2  # (3 on a quiet machine; one by one: 1)


def test_a_list_a_helper_keeps_is_seen_by_the_tools_after_each_append(web: str) -> None:
    """The helper stores the list where a tool reads it: each tool sees the appends before
    it, so the tools run in order."""
    HISTORY.clear()
    plain = kept_step(web)
    assert [r.split(":")[0] for r in plain] == ["1", "2", "3"]
    HISTORY.clear()
    Items.reset()
    assert xcs.jit(kept_step)(web) == plain
