"""The simulator's newer request fields (n, logprobs, response_format, tools, embeddings,
count_tokens, output_config) checked as the real APIs check them: a malformed field is a 400
in the route's own error shape naming the field, a schema no value can be drawn for is a 400
too (never a 500 or a hang), and the server answers the next good request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ember.sim import SimConfig, SimServerProcess
from tests.sim.test_sim_server import OK_ANTHROPIC, OK_OPENAI, assert_wire_error, call

CHAT, EMBED = "/v1/chat/completions", "/v1/embeddings"
MESSAGES, COUNT = "/v1/messages", "/v1/messages/count_tokens"
OK_EMBED = {"model": "emb", "input": "hello"}
OK_COUNT = {"model": "claude", "messages": OK_ANTHROPIC["messages"]}
GOOD = {CHAT: OK_OPENAI, EMBED: OK_EMBED, MESSAGES: OK_ANTHROPIC, COUNT: OK_COUNT}


def _tool(parameters: Any) -> dict[str, Any]:
    return {"type": "function", "function": {"name": "f", "parameters": parameters}}


def _nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}, "required": ["a"]}
    return schema


RECURSIVE = {"$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}},
                                "required": ["next"]}}, "$ref": "#/$defs/node"}
USE_F = {"tool_choice": "required"}

# (route, fields added to a good body, OpenAI's `param`, words in the message)
CASES = {
    "n zero": (CHAT, {"n": 0}, "n", "'n'"),
    "n too many": (CHAT, {"n": 129}, "n", "[1, 128]"),
    "logprobs a string": (CHAT, {"logprobs": "yes"}, "logprobs", "boolean"),
    "top_logprobs too many": (CHAT, {"logprobs": True, "top_logprobs": 21}, "top_logprobs",
                              "[0, 20]"),
    "response_format unknown": (CHAT, {"response_format": {"type": "xml"}}, "response_format",
                                "json_schema"),
    "json_schema without a name": (CHAT, {"response_format": {"type": "json_schema",
                                                              "json_schema": {"schema": {}}}},
                                   "response_format", "'name'"),
    "schema a list": (CHAT, {"response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": [1]}}}, "response_format.json_schema.schema", "schema object"),
    "schema nested too deep": (CHAT, {"response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": _nested(200)}}}, "response_format", "deeper"),
    "schema requires itself": (CHAT, {"response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": RECURSIVE}}}, "response_format", "deeper"),
    "schema asks for a billion items": (CHAT, {"response_format": {
        "type": "json_schema", "json_schema": {"name": "x", "schema": {
            "type": "array", "minItems": 10**9}}}}, "response_format", "minItems"),
    "schema of wrong types": (CHAT, {"response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": {"type": "integer", "minimum": "low"}}}}, "response_format",
                              "can fill in"),
    "tools not a list": (CHAT, {"tools": {"f": 1}}, "tools", "'tools'"),
    "a tool without a name": (CHAT, {"tools": [{"type": "function", "function": {}}]},
                              "tools[0]", "'name'"),
    "tool parameters huge": (CHAT, {"tools": [_tool({"type": "string", "minLength": 10**8})],
                                    **USE_F}, "tools", "minLength"),
    "tool_choice unknown": (CHAT, {"tools": [_tool({})], "tool_choice": "sometimes"},
                            "tool_choice", "auto"),
    "tool_choice without tools": (CHAT, {"tool_choice": "required"}, "tool_choice", "no 'tools'"),
    "embedding input empty": (EMBED, {"input": []}, "input", "'input'"),
    "embedding input a number": (EMBED, {"input": 3}, "input", "'input'"),
    "embedding format unknown": (EMBED, {"encoding_format": "hex"}, "encoding_format", "base64"),
    "embedding dimensions zero": (EMBED, {"dimensions": 0}, "dimensions", "'dimensions'"),
    "anthropic tools not a list": (MESSAGES, {"tools": "f"}, None, "'tools'"),
    "anthropic tool_choice unknown": (MESSAGES, {"tools": [{"name": "f"}],
                                                 "tool_choice": {"type": "maybe"}}, None, "any"),
    "anthropic output format unknown": (MESSAGES, {"output_config": {"format": {"type": "xml"}}},
                                        None, "json_schema"),
    "count_tokens without messages": (COUNT, {"messages": []}, None, "'messages'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_new_fields_are_400_in_the_wire_format(make_server, case):
    route, fields, param, words = CASES[case]
    server = make_server()
    status, head, body = call(server.url + route, {**GOOD[route], **fields})
    message = assert_wire_error("anthropic" if "/messages" in route else "openai", status, head,
                                body, 400)
    assert words in message, message
    if param is not None:
        assert body["error"]["param"] == param, body
    assert server.stats()["bad_requests"] == 1
    assert call(server.url + route, GOOD[route])[0] == 200


def test_every_answer_is_deterministic_across_servers(make_server):
    """Two servers (as two runs) give the same bodies for the same requests, ids aside."""
    tools = [_tool({"type": "object", "properties": {"q": {"type": "string"}}})]
    bodies = [
        (CHAT, {**OK_OPENAI, "n": 2, "logprobs": True, "top_logprobs": 2, "seed": 3}),
        (CHAT, {**OK_OPENAI, "tools": tools, "tool_choice": "required", "temperature": 0.5}),
        (CHAT, {**OK_OPENAI, "response_format": {"type": "json_object"}}),
        (EMBED, {"model": "emb", "input": ["a", "b c"], "dimensions": 8}),
        (MESSAGES, {**OK_ANTHROPIC, "tools": [{"name": "f"}], "tool_choice": {"type": "any"}}),
    ]

    def answers(server: Any) -> list[str]:
        out = []
        for route, body in bodies:
            got = call(server.url + route, body)[2]
            got.pop("id", None)
            got.pop("created", None)
            out.append(json.dumps(got, sort_keys=True))
        return out

    assert answers(make_server()) == answers(make_server())


def test_bad_json_reaches_the_server_process():
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    body = {**OK_OPENAI, "response_format": {"type": "json_schema",
                                             "json_schema": {"name": "x", "schema": schema}}}
    with SimServerProcess(SimConfig(latency=0, bad_json=1)) as server:
        got = [json.loads(call(server.openai_base_url + "/chat/completions", body)[2]
                          ["choices"][0]["message"]["content"]) for _ in range(2)]
    assert "a" not in got[0] and isinstance(got[1]["a"], int)
