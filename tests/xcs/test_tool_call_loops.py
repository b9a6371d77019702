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
