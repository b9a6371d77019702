"""Red-team cases (stop 54): agent and tool-calling loops, as LLM application developers
write them.

The openai and anthropic SDK clients against the simulator, with tools that GET and PUT on
the web server, use sqlite3 and write files: a dict registry of tool functions dispatched
by name from the model's reply; conversation histories appended each turn; ReAct-style
while loops with a step budget and a stop decided from the model's text; several tool
calls of one turn run in a for loop (reads and writes mixed); memory kept in sqlite
between turns; a planner whose steps an executor runs; retries when json.loads rejects a
reply; a router picking a model by keyword; tools that print and log their progress.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows in the value,
stdout, the server's write order or the database. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import sqlite3
from dataclasses import dataclass as dataclass_
from pathlib import Path
from typing import Any

import httpx
import openai
import pydantic
import requests

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam54")


# =========================================================================== helpers


def fn_tool(name: str, *props: str) -> dict[str, Any]:
    """An OpenAI function tool whose arguments are the string properties `props`."""
    return {"type": "function", "function": {
        "name": name, "description": f"the {name} tool",
        "parameters": {"type": "object",
                       "properties": {p: {"type": "string"} for p in props},
                       "required": list(props)}}}


def an_tool(name: str, *props: str) -> dict[str, Any]:
    """An Anthropic tool whose input is the string properties `props`."""
    return {"name": name, "description": f"the {name} tool",
            "input_schema": {"type": "object",
                             "properties": {p: {"type": "string"} for p in props},
                             "required": list(props)}}


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def http_get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def http_put(web: str, key: str, value: str, ms: int) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=value, timeout=5).json()["version"]


def call_dicts(calls: Any) -> list[dict[str, Any]]:
    return [{"id": c.id, "type": "function",
             "function": {"name": c.function.name, "arguments": c.function.arguments}}
            for c in calls]


# Module-level tools, registered by name as a framework would.
TOOL_REGISTRY: dict[str, Any] = {}


def register(fn: Any) -> Any:
    TOOL_REGISTRY[fn.__name__] = fn
    return fn


@register
def search_docs(web: str, query: str) -> str:
    return http_get(web, "docs-" + str(len(query)), 140)


@register
def save_memo(web: str, text: str) -> str:
    return "saved v" + str(http_put(web, "memo", text, 40))


@register
def read_memo(web: str) -> str:
    return http_get(web, "memo", 30)


# =========================================================================== openai agents


def registry_dispatch_memo_roundtrip(client: Any, web: str) -> list[str]:
    """The model names three tools in one turn; the registry runs them in order: the memo
    read must see the memo just saved."""
    tools = [fn_tool("search_docs", "query"), fn_tool("save_memo", "text"),
             fn_tool("read_memo")]
    messages: list[dict[str, Any]] = [
        user("Call search_docs, then save_memo, then read_memo.")]
    out = []
    for turn in range(2):
        r = client.chat.completions.create(model="gpt", messages=messages, tools=tools,
                                           extra_body={"latency": 0.06})
        msg = r.choices[0].message
        if not msg.tool_calls:
            out.append("final:" + msg.content[:16])
            break
        messages.append({"role": "assistant", "content": None,
                         "tool_calls": call_dicts(msg.tool_calls)})
        for call in msg.tool_calls:
            args = json.loads(call.function.arguments)
            if call.function.name == "save_memo":
                args["text"] = f"turn{turn}"
            result = TOOL_REGISTRY[call.function.name](web, **args)
            out.append(f"{call.function.name}={result}")
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    return out


def parallel_calls_write_then_read_same_key(client: Any, web: str) -> list[str]:
    """One turn, four tool calls: slow read, write of k, fast read of k, write of k again."""
    def get_item(key: str) -> str:
        return http_get(web, key, 150 if key == "slow" else 30)

    def set_item(key: str, value: str) -> str:
        return str(http_put(web, key, value, 60))

    registry = {"get_item": get_item, "set_item": set_item}
    plan = [("get_item", {"key": "slow"}), ("set_item", {"key": "k", "value": "one"}),
            ("get_item", {"key": "k"}), ("set_item", {"key": "k", "value": "two"}),
            ("get_item", {"key": "k"})]
    r = client.chat.completions.create(
        model="gpt", messages=[user("Use get_item and set_item")],
        tools=[fn_tool("get_item", "key"), fn_tool("set_item", "key", "value")],
        extra_body={"latency": 0.05})
    seen = [c.function.name for c in r.choices[0].message.tool_calls]
    results = []
    for name, args in plan:
        results.append(registry[name](**args))
    return seen + results


def react_while_budget_text_stop(client: Any, web: str) -> dict[str, Any]:
    """ReAct: think, pick an action from the thought's length, observe; stop when the
    thought says "premises" or the budget runs out."""
    max_steps, step = 5, 0
    scratch: list[str] = []
    actions = ("lookup", "note", "lookup")
    while step < max_steps:
        prompt = "Question: what is cached?\n" + "\n".join(scratch[-4:])
        thought = ask(client, prompt, 0.09 - 0.015 * step)
        action = actions[len(thought) % 3]
        if action == "lookup":
            obs = http_get(web, f"fact{step}", 120 - 20 * step)
        else:
            obs = "v" + str(http_put(web, "notes", thought[:20], 40))
        scratch.append(f"Thought {step}: {thought[:30]}")
        scratch.append(f"Observation {step}: {obs}")
        print(f"step {step}: {action} -> {obs}")
        step += 1
        if "premises" in thought:
            break
    return {"steps": step, "last": scratch[-1]}


def sqlite_memory_between_turns(client: Any, web: str, db: str) -> list[str]:
    """Each turn recalls the memory table, asks the model, stores the reply, and PUTs a
    summary of the memory count."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE memory (turn INTEGER PRIMARY KEY, content TEXT)")
    out = []
    for turn, lat in enumerate((0.12, 0.03, 0.07)):
        rows = conn.execute("SELECT content FROM memory ORDER BY turn").fetchall()
        context = " | ".join(r[0] for r in rows)
        reply = ask(client, f"Memory: {context}\nTurn {turn}: continue", lat)
        conn.execute("INSERT INTO memory VALUES (?, ?)", (turn, reply[:24]))
        conn.commit()
        n = conn.execute("SELECT COUNT(*) FROM memory").fetchone()[0]
        http_put(web, "memcount", str(n), 50 - 10 * turn)
        out.append(f"{turn}:{len(rows)}:{n}")
    conn.close()
    return out


def planner_then_executor_steps(client: Any, web: str) -> list[str]:
    """A planner returns text; its first four words become steps; the executor writes
    even steps and reads odd ones, printing as it goes."""
    plan = ask(client, "Plan how to migrate the database.", 0.1)
    steps = plan.split()[:4]
    print("plan:", steps)
    done = []
    for i, step in enumerate(steps):
        if i % 2 == 0:
            v = http_put(web, "progress", f"{i}:{step}", 120 - 30 * i)
            print(f"executed {step} (v{v})")
            done.append(f"w{v}")
        else:
            v2 = http_get(web, "progress", 30)
            print(f"checked {step}: {v2}")
            done.append(v2)
    summary = ask(client, "Summarise: " + ", ".join(done), 0.03)
    return done + [summary[:20]]


def retry_on_malformed_json_reply(client: Any, web: str) -> dict[str, Any]:
    """The first reply is prose (json.loads raises); the retry asks for a JSON schema; the
    parsed object is then stored."""
    schema = {"type": "object", "properties": {"city": {"type": "string"},
                                               "days": {"type": "integer"}},
              "required": ["city", "days"], "additionalProperties": False}
    attempts = []
    data: dict[str, Any] = {}
    for attempt in range(3):
        kwargs: dict[str, Any] = {"extra_body": {"latency": 0.1 - 0.03 * attempt}}
        if attempt > 0:
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "trip", "schema": schema, "strict": True}}
        r = client.chat.completions.create(model="gpt", messages=[user("Trip as JSON")],
                                           **kwargs)
        text = r.choices[0].message.content
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            attempts.append(f"bad:{e.msg}")
            http_put(web, "errors", f"attempt{attempt}", 90)
            continue
        attempts.append("ok")
        break
    version = http_put(web, "trip", json.dumps(data, sort_keys=True), 30)
    return {"attempts": attempts, "keys": sorted(data), "version": version}


def keyword_router_models(client: Any, web: str) -> list[str]:
    """A router picks a model and a latency by keyword; each answer is logged on the
    server under the model's name, in order."""
    routes = {"code": ("gpt", 0.12), "math": ("judge", 0.03), "chat": ("gpt-mini", 0.06)}
    queries = ["write code for a parser", "chat about weather", "math: 2+2", "code review"]
    out = []
    for q in queries:
        model, lat = next((v for k, v in routes.items() if k in q), ("gpt-mini", 0.04))
        answer = ask(client, q, lat, model=model)
        http_put(web, "route-log", f"{model}:{answer[:10]}", 40)
        out.append(model)
    out.append(http_get(web, "route-log", 30))
    return out


def tools_print_progress(client: Any, web: str) -> list[str]:
    """Each tool prints start and end; the calls run in a for loop, slow first."""
    def fetch(name: str, ms: int) -> str:
        print(f"[fetch] {name} ...")
        v = http_get(web, name, ms)
        print(f"[fetch] {name} done: {v}")
        return v

    def store(name: str, value: str) -> str:
        print(f"[store] {name} <- {value}")
        return str(http_put(web, name, value, 35))

    reply = ask(client, "Which records should be refreshed?", 0.05)
    calls = [("fetch", ("alpha", 150)), ("store", ("alpha", reply[:8])),
             ("fetch", ("beta", 30)), ("fetch", ("alpha", 40))]
    tools = {"fetch": fetch, "store": store}
    return [tools[name](*args) for name, args in calls]


def history_appended_and_trimmed(client: Any, web: str) -> list[int]:
    """A chat loop keeps only the last four messages; each turn reads a fact first."""
    history: list[dict[str, str]] = [{"role": "system", "content": "Be brief."}]
    sizes = []
    for turn, (ms, lat) in enumerate(((130, 0.03), (30, 0.1), (80, 0.05))):
        fact = http_get(web, f"fact-{turn}", ms)
        history.append(user(f"Given {fact}, what next?"))
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content})
        history = history[:1] + history[-4:]
        sizes.append(len(history))
        sizes.append(r.usage.prompt_tokens)
    return sizes


def tool_error_fed_back_then_write(client: Any, web: str) -> list[str]:
    """A failing tool (404) is caught and its error goes back to the model; the writes
    after it keep their order."""
    def lookup(key: str) -> str:
        r = requests.get(f"{web}/items/{key}?ms=100", timeout=5)
        r.raise_for_status()
        return r.json()["value"]

    out = []
    for key in ("missing-user", "profile", "missing-cart"):
        try:
            result = lookup(key)
        except requests.HTTPError as e:
            result = f"error {e.response.status_code}"
        reply = ask(client, f"Tool said: {result}", 0.04)
        http_put(web, "journal", f"{key}:{result}", 30)
        out.append(f"{result}/{reply[:6]}")
    return out


def token_budget_stops_loop(client: Any, web: str) -> dict[str, Any]:
    """Spend tokens until a budget is reached; each turn records the spend on the server."""
    budget, spent, turn = 120, 0, 0
    messages: list[dict[str, str]] = [user("Tell me about latency.")]
    while spent < budget and turn < 6:
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           extra_body={"latency": 0.08 if turn % 2 else 0.03})
        spent += r.usage.total_tokens
        messages.append({"role": "assistant", "content": r.choices[0].message.content})
        messages.append(user("More."))
        http_put(web, "spend", str(spent), 60 - 10 * (turn % 3))
        turn += 1
    return {"turns": turn, "spent": spent, "server": http_get(web, "spend", 30)}


def job_tool_polls_until_done(client: Any, web: str) -> list[str]:
    """A tool starts a job; the agent asks the model between polls until the job is done."""
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    states = []
    for _ in range(5):
        status = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        states.append(status)
        if status == "done":
            break
        ask(client, f"Job {job} is {status}. Keep waiting?", 0.04)
    states.append(http_put(web, "job-result", job, 30) and "stored")
    return states


def files_tools_write_then_read(client: Any, tmp: str) -> list[str]:
    """write_file and read_file tools dispatched from a plan: the read sees the write."""
    root = Path(tmp)

    def write_file(name: str, text: str) -> str:
        (root / name).write_text(text)
        return f"wrote {len(text)}"

    def read_file(name: str) -> str:
        p = root / name
        return p.read_text() if p.exists() else "<missing>"

    tools = {"write_file": write_file, "read_file": read_file}
    out = []
    for i, lat in enumerate((0.1, 0.03)):
        draft = ask(client, f"Draft section {i}", lat)
        out.append(tools["read_file"]("draft.md"))
        out.append(tools["write_file"]("draft.md", f"# {i}\n{draft[:30]}\n"))
    out.append(tools["read_file"]("draft.md"))
    return out


def delete_then_list_items(client: Any, web: str) -> dict[str, Any]:
    """A cleanup agent: put three items, delete the one the model names, list what is left."""
    for key, ms in (("a", 120), ("b", 30), ("c", 60)):
        http_put(web, key, "x", ms)
    reply = ask(client, "Which item to delete?", 0.05)
    victim = "abc"[len(reply) % 3]
    requests.delete(f"{web}/items/{victim}?ms=90", timeout=5)
    listing = requests.get(f"{web}/items?ms=30", timeout=5).json()
    return {"victim": victim, "left": listing["keys"], "writes": listing["writes"]}


class Conversation:
    """A conversation object: messages kept on it, appended by methods."""

    def __init__(self, system: str) -> None:
        self.messages: list[dict[str, Any]] = [{"role": "system", "content": system}]

    def add(self, role: str, content: str) -> None:
        self.messages.append({"role": role, "content": content})

    def last(self) -> str:
        return self.messages[-1]["content"]


def conversation_object_with_tools(client: Any, web: str) -> list[Any]:
    convo = Conversation("You are an ops bot.")
    sizes = []
    for i, (ms, lat) in enumerate(((140, 0.03), (30, 0.09), (70, 0.05))):
        convo.add("user", f"status of service {i}: {http_get(web, f'svc{i}', ms)}")
        r = client.chat.completions.create(model="gpt", messages=convo.messages,
                                           extra_body={"latency": lat})
        convo.add("assistant", r.choices[0].message.content)
        http_put(web, "convo-len", str(len(convo.messages)), 40)
        sizes.append(len(convo.messages))
    return sizes + [convo.last()[:20]]


def sub_agent_tool_calls_model(client: Any, web: str) -> list[str]:
    """A tool that itself asks the model (a sub-agent), between a read and a write."""
    def summarize_item(key: str, lat: float) -> str:
        value = http_get(web, key, 40)
        return ask(client, f"Summarise {value}", lat)[:15]

    def publish(key: str, text: str) -> int:
        return http_put(web, f"pub-{key}", text, 50)

    out = []
    for key, lat in (("doc1", 0.12), ("doc2", 0.03)):
        s = summarize_item(key, lat)
        out.append(s)
        out.append(str(publish(key, s)))
    return out


def module_stats_counter(client: Any, web: str) -> dict[str, Any]:
    """Tools bump a module-level counter dict; the loop reads it to decide."""
    STATS.clear()
    calls = []
    for i in range(4):
        name = "get" if i % 2 == 0 else "put"
        STATS[name] = STATS.get(name, 0) + 1
        if name == "get":
            calls.append(http_get(web, f"s{i}", 120 - 30 * i))
        else:
            calls.append(str(http_put(web, "stat", json.dumps(STATS, sort_keys=True), 40)))
        if STATS.get("put", 0) >= 2:
            break
    ask(client, f"stats {STATS}", 0.03)
    return {"calls": calls, "stats": dict(STATS)}


STATS: dict[str, int] = {}


def tool_cache_dict_repeated_calls(client: Any, web: str) -> list[str]:
    """Tool results cached in a dict: a repeated call hits the cache, a write invalidates."""
    cache: dict[str, str] = {}

    def cached_get(key: str) -> str:
        if key not in cache:
            cache[key] = http_get(web, key, 100)
        return cache[key]

    def write(key: str, value: str) -> None:
        http_put(web, key, value, 40)
        cache.pop(key, None)

    out = [cached_get("cfg"), cached_get("cfg")]
    write("cfg", ask(client, "new config?", 0.05)[:10])
    out.append(cached_get("cfg"))
    out.append(cached_get("other"))
    return out


def for_else_max_steps_raises(client: Any, web: str) -> list[str]:
    """A for/else loop: no stop word within the budget raises after the writes."""
    log = []
    for step in range(3):
        text = ask(client, f"step {step}: are we done?", 0.08 - 0.02 * step)
        http_put(web, "agent-trace", f"{step}:{text[:10]}", 40)
        log.append(text[:10])
        if "FINISHED" in text:
            break
    else:
        raise RuntimeError(f"agent gave up after {len(log)} steps")
    return log


def priority_sorted_tool_calls(client: Any, web: str) -> list[str]:
    """Tool calls sorted by a priority before running: writes first, then reads."""
    r = client.chat.completions.create(
        model="gpt", messages=[user("Use fetch_page and write_log and fetch_user")],
        tools=[fn_tool("fetch_page", "url"), fn_tool("write_log", "line"),
               fn_tool("fetch_user", "uid")],
        extra_body={"latency": 0.04})
    calls = r.choices[0].message.tool_calls
    order = {"write_log": 0, "fetch_page": 1, "fetch_user": 2}
    out = []
    for c in sorted(calls, key=lambda c: order[c.function.name]):
        if c.function.name == "write_log":
            out.append(str(http_put(web, "log", "written", 120)))
        else:
            out.append(http_get(web, "log", 30 if c.function.name == "fetch_user" else 60))
    return out


def json_args_patched_then_dispatched(client: Any, web: str) -> list[str]:
    """Arguments from json.loads get a step number added, then the tool runs with **args."""
    def put_note(note: str, step: int) -> str:
        return str(http_put(web, f"note{step % 2}", note[:10], 90 - 40 * (step % 2)))

    def get_note(note: str, step: int) -> str:
        return http_get(web, f"note{(step + 1) % 2}", 30)

    tools = {"put_note": put_note, "get_note": get_note}
    out = []
    for step in range(3):
        r = client.chat.completions.create(
            model="gpt", messages=[user(f"Step {step}: use put_note then get_note")],
            tools=[fn_tool("put_note", "note"), fn_tool("get_note", "note")],
            extra_body={"latency": 0.03})
        for c in r.choices[0].message.tool_calls:
            args = json.loads(c.function.arguments)
            args["step"] = step
            out.append(tools[c.function.name](**args))
    return out


def history_json_file_per_turn(client: Any, tmp: str) -> int:
    """The conversation is saved to a JSON file each turn and loaded back at the next."""
    path = Path(tmp) / "history.json"
    path.write_text("[]")
    for turn, lat in enumerate((0.1, 0.03, 0.06)):
        history = json.loads(path.read_text())
        history.append(user(f"turn {turn}"))
        r = client.chat.completions.create(model="gpt", messages=history,
                                           extra_body={"latency": lat})
        history.append({"role": "assistant", "content": r.choices[0].message.content[:20]})
        path.write_text(json.dumps(history, indent=1))
        print(f"turn {turn}: {len(history)} messages")
    return len(json.loads(path.read_text()))


def stop_on_tool_result_value(client: Any, web: str) -> list[str]:
    """The loop writes a flag on its second step and stops when a read sees it."""
    seen = []
    for step in range(4):
        flag = http_get(web, "flag", 30)
        seen.append(flag)
        if flag == "stop":
            break
        ask(client, f"step {step}", 0.1 - 0.02 * step)
        if step == 1:
            http_put(web, "flag", "stop", 80)
    return seen


def two_agents_shared_blackboard(client: Any, web: str) -> list[str]:
    """A writer agent posts to a blackboard; a reviewer agent reads it each round."""
    out = []
    for rnd in range(3):
        draft = ask(client, f"Writer round {rnd}", 0.11 - 0.03 * rnd)
        http_put(web, "board", draft[:16], 60)
        board = http_get(web, "board", 30)
        review = ask(client, f"Review: {board}", 0.03 + 0.02 * rnd)
        http_put(web, "reviews", review[:12], 30)
        out.append(board)
    return out


def critique_revise_sqlite_versions(client: Any, db: str) -> list[Any]:
    """Draft, critique, revise: each version is a row; the next prompt is built from the
    newest row."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE versions (n INTEGER, kind TEXT, body TEXT)")
    body = ask(client, "Draft a README intro", 0.1)
    conn.execute("INSERT INTO versions VALUES (0, 'draft', ?)", (body[:30],))
    for n in range(1, 3):
        last = conn.execute("SELECT body FROM versions ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        critique = ask(client, f"Critique: {last}", 0.08 - 0.02 * n)
        conn.execute("INSERT INTO versions VALUES (?, 'critique', ?)", (n, critique[:30]))
        body = ask(client, f"Revise {last} given {critique}", 0.03)
        conn.execute("INSERT INTO versions VALUES (?, 'revision', ?)", (n, body[:30]))
        conn.commit()
    rows = conn.execute("SELECT n, kind FROM versions ORDER BY rowid").fetchall()
    conn.close()
    return rows


def fallback_tool_on_server_error(client: Any, web: str) -> list[str]:
    """A primary tool answers 503; the agent records the failure and uses a fallback."""
    out = []
    for attempt, primary in enumerate(("status/503", "status/200")):
        r = requests.get(f"{web}/{primary}?ms=110", timeout=5)
        if r.status_code >= 500:
            http_put(web, "incidents", f"attempt{attempt}", 40)
            out.append("fallback:" + http_get(web, "backup", 30))
        else:
            out.append(f"primary:{r.json()['status']}")
        out.append(ask(client, f"attempt {attempt} gave {out[-1]}", 0.03)[:8])
    return out


def logged_tool_dispatch(client: Any, web: str) -> list[str]:
    """Each dispatch is logged before and after; the log order is compared."""
    def run_tool(name: str, key: str, ms: int) -> str:
        LOG.info("tool %s(%s) start", name, key)
        if name == "read":  # noqa: SIM108
            v = http_get(web, key, ms)
        else:
            v = str(http_put(web, key, "logged", ms))
        LOG.info("tool %s(%s) -> %s", name, key, v)
        return v

    reply = ask(client, "Run the maintenance tools", 0.05)
    LOG.info("model said %s", reply[:12])
    return [run_tool(n, k, ms) for n, k, ms in
            (("read", "cfg", 140), ("write", "cfg", 60), ("read", "cfg", 30),
             ("read", "other", 50))]


def generator_agent_steps(client: Any, web: str) -> list[str]:
    """The agent is a generator yielding each step's observation; the caller stops it."""
    def agent(goal: str):
        for i, (ms, lat) in enumerate(((130, 0.03), (30, 0.08), (60, 0.04))):
            thought = ask(client, f"{goal} step {i}", lat)
            obs = http_get(web, f"g{i}", ms)
            http_put(web, "gen-trace", f"{i}:{obs}", 30)
            yield f"{thought[:8]}/{obs}"

    out = []
    for obs in agent("find the bug"):
        out.append(obs)
        if len(out) == 2:
            break
    return out


def streaming_reply_then_tool(client: Any, web: str) -> list[str]:
    """The reply is streamed and joined; a tool then writes it; the next turn reads it."""
    out = []
    for turn, lat in enumerate((0.1, 0.03)):
        stream = client.chat.completions.create(model="gpt", messages=[user(f"turn {turn}")],
                                                stream=True, extra_body={"latency": lat})
        text = "".join(ch.choices[0].delta.content or "" for ch in stream if ch.choices)
        out.append(http_get(web, "streamed", 30))
        http_put(web, "streamed", text[:14], 60)
    out.append(http_get(web, "streamed", 30))
    return out


def tool_specs_list_next_lookup(client: Any, web: str) -> list[str]:
    """Tools kept as a list of dicts; next() finds the spec by the model's tool name."""
    specs = [
        {"name": "get_price", "fn": lambda sku: http_get(web, f"price-{sku}", 120),
         "schema": fn_tool("get_price", "sku")},
        {"name": "set_price", "fn": lambda sku: str(http_put(web, f"price-{sku}", "9", 40)),
         "schema": fn_tool("set_price", "sku")},
    ]
    r = client.chat.completions.create(
        model="gpt", messages=[user("Use set_price then get_price")],
        tools=[s["schema"] for s in specs], extra_body={"latency": 0.04})
    out = []
    for c in r.choices[0].message.tool_calls:
        spec = next(s for s in specs if s["name"] == c.function.name)
        out.append(spec["fn"]("A1"))
    return out


def sqlite_tool_queries_from_agent(client: Any, db: str) -> list[Any]:
    """Tools over sqlite: insert_row and count_rows, called alternately across turns."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT, done INTEGER)")

    def insert_row(title: str) -> int:
        cur = conn.execute("INSERT INTO tasks (title, done) VALUES (?, 0)", (title,))
        return cur.lastrowid

    def count_rows() -> int:
        return conn.execute("SELECT COUNT(*) FROM tasks WHERE done = 0").fetchone()[0]

    def finish(task_id: int) -> None:
        conn.execute("UPDATE tasks SET done = 1 WHERE id = ?", (task_id,))

    out: list[Any] = []
    for turn, lat in enumerate((0.1, 0.03, 0.06)):
        title = ask(client, f"Name task {turn}", lat)[:12]
        tid = insert_row(title)
        out.append(count_rows())
        if turn == 1:
            finish(tid - 1)
            out.append(count_rows())
    conn.commit()
    conn.close()
    return out


def nested_tool_calls_turns_with_httpx(client: Any, web: str) -> list[str]:
    """An httpx.Client inside the agent: each turn's tool calls GET then PUT; the PUT body
    uses the GET's value."""
    out = []
    messages: list[dict[str, Any]] = [user("Use read_counter and bump_counter")]
    tools = [fn_tool("read_counter", "name"), fn_tool("bump_counter", "name")]
    with httpx.Client(timeout=5) as http:
        for turn in range(2):
            r = client.chat.completions.create(model="gpt", messages=messages, tools=tools,
                                               extra_body={"latency": 0.05})
            msg = r.choices[0].message
            messages.append({"role": "assistant", "content": None,
                             "tool_calls": call_dicts(msg.tool_calls)})
            value = ""
            for c in msg.tool_calls:
                if c.function.name == "read_counter":
                    value = http.get(f"{web}/items/counter?ms=110").json()["value"]
                    result = value
                else:
                    result = http.put(f"{web}/items/counter?ms=40",
                                      content=f"{value}+{turn}").text
                out.append(result)
                messages.append({"role": "tool", "tool_call_id": c.id, "content": result})
            messages.append(user("Use read_counter and bump_counter"))
    return out


# =========================================================================== anthropic agents


def anthropic_registry_tool_use(client: Any, web: str) -> list[str]:
    """Anthropic tool_use blocks dispatched through a registry; results go back as
    tool_result blocks; the save must land before the read of the same key."""
    registry = {
        "save_fact": lambda inp: str(http_put(web, "fact", "turn-fact", 120)),
        "load_fact": lambda inp: http_get(web, "fact", 30),
    }
    tools = [an_tool("save_fact", "fact"), an_tool("load_fact", "topic")]
    messages: list[dict[str, Any]] = [user("Call save_fact then load_fact.")]
    out = []
    for _ in range(3):
        msg = client.messages.create(model="claude", max_tokens=100, tools=tools,
                                     messages=messages, extra_body={"latency": 0.05})
        uses = [b for b in msg.content if b.type == "tool_use"]
        if not uses:
            out.append("end:" + msg.stop_reason)
            break
        messages.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": u.id, "name": u.name, "input": u.input} for u in uses]})
        results = []
        for u in uses:
            res = registry[u.name](u.input)
            out.append(f"{u.name}:{res}")
            results.append({"type": "tool_result", "tool_use_id": u.id, "content": res})
        messages.append({"role": "user", "content": results})
    return out


def anthropic_sqlite_memory_agent(client: Any, db: str) -> list[str]:
    """Anthropic agent whose system prompt is rebuilt from a sqlite memory each turn."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE facts (k TEXT PRIMARY KEY, v TEXT)")
    out = []
    for turn, lat in enumerate((0.1, 0.03, 0.06)):
        facts = conn.execute("SELECT k, v FROM facts ORDER BY k").fetchall()
        system = "Known: " + ", ".join(f"{k}={v}" for k, v in facts)
        msg = client.messages.create(model="claude", max_tokens=50, system=system,
                                     messages=[user(f"turn {turn}")],
                                     extra_body={"latency": lat})
        text = msg.content[0].text
        conn.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                     (f"k{turn % 2}", text[:10]))
        conn.commit()
        out.append(f"{len(facts)}:{msg.usage.input_tokens}")
    conn.close()
    return out


def anthropic_planner_openai_executor(ac: Any, oc: Any, web: str) -> list[str]:
    """Claude plans, GPT executes each step, each step's result is written in order."""
    plan = ac.messages.create(model="claude", max_tokens=60,
                              messages=[user("Plan three steps")],
                              extra_body={"latency": 0.1}).content[0].text
    steps = plan.split()[:3]
    out = []
    for i, step in enumerate(steps):
        result = ask(oc, f"Execute: {step}", 0.09 - 0.03 * i)
        http_put(web, f"step-{i}", result[:10], 30)
        http_put(web, "last-step", str(i), 50)
        out.append(result[:10])
    out.append(http_get(web, "last-step", 30))
    return out


def anthropic_parallel_tool_use_mixed(client: Any, web: str) -> list[str]:
    """One Anthropic turn asks for three tools; reads slow first, a write between them."""
    tools = [an_tool("read_inbox", "folder"), an_tool("send_mail", "to"),
             an_tool("read_outbox", "folder")]
    msg = client.messages.create(model="claude", max_tokens=100, tools=tools,
                                 messages=[user("Use read_inbox, send_mail, read_outbox")],
                                 extra_body={"latency": 0.04})
    out = []
    for block in msg.content:
        if block.type != "tool_use":
            continue
        if block.name == "read_inbox":
            out.append(http_get(web, "inbox", 140))
        elif block.name == "send_mail":
            out.append(str(http_put(web, "outbox", "mail-1", 60)))
        else:
            out.append(http_get(web, "outbox", 30))
    return out


# =========================================================================== async


async def async_agent_tool_loop(web: str, api: str) -> list[str]:
    """AsyncOpenAI with an httpx.AsyncClient for the tools, awaited one by one."""
    client = openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    out = []
    async with httpx.AsyncClient(timeout=5) as http:
        for turn, (ms, lat) in enumerate(((130, 0.03), (30, 0.08))):
            r = await client.chat.completions.create(
                model="gpt", messages=[user(f"turn {turn}")], extra_body={"latency": lat})
            text = r.choices[0].message.content
            v = (await http.get(f"{web}/items/ctx?ms={ms}")).json()["value"]
            await http.put(f"{web}/items/ctx?ms=40", content=f"{turn}:{text[:8]}")
            out.append(v)
        out.append((await http.get(f"{web}/items/ctx?ms=30")).json()["value"])
    await client.close()
    return out


# =========================================================================== more loops


def memory_upsert_then_recall_next_turn(client: Any, web: str, db: str) -> list[str]:
    """Memory in sqlite with an upsert; the server copy is written after; the next turn's
    prompt reads back both."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE mem (k TEXT PRIMARY KEY, v TEXT, n INTEGER DEFAULT 1)")
    out = []
    for lat in (0.12, 0.03, 0.05):
        row = conn.execute("SELECT v, n FROM mem WHERE k = 'topic'").fetchone()
        remote = http_get(web, "topic", 30)
        reply = ask(client, f"local={row} remote={remote}", lat)
        conn.execute("INSERT INTO mem (k, v) VALUES ('topic', ?) "
                     "ON CONFLICT(k) DO UPDATE SET v = excluded.v, n = n + 1", (reply[:10],))
        conn.commit()
        http_put(web, "topic", reply[:10], 70)
        out.append(f"{row}|{remote}")
    conn.close()
    return out


def intent_router_dispatch_functions(client: Any, web: str) -> list[str]:
    """Classify with the model, then route to a handler function by the class."""
    def handle_refund(q: str) -> str:
        return "refund v" + str(http_put(web, "refunds", q[:10], 100))

    def handle_status(q: str) -> str:
        return "status " + http_get(web, "refunds", 30)

    handlers = {0: handle_refund, 1: handle_status}
    out = []
    for q, lat in (("I want a refund", 0.1), ("where is my refund", 0.03),
                   ("refund again", 0.05), ("status please", 0.03)):
        label = ask(client, f"Classify: {q}", lat)
        kind = 0 if "refund" in q and "where" not in q else 1
        out.append(handlers[kind](q) + "/" + label[:4])
    return out


def retry_loop_counts_on_server(client: Any, web: str) -> dict[str, Any]:
    """Parse the model's reply as an int; on ValueError log the failure on the server and
    retry with a reworded prompt."""
    failures = 0
    value = None
    for attempt in range(3):
        text = ask(client, f"Give a number (attempt {attempt})", 0.09 - 0.025 * attempt)
        try:
            value = int(text.split()[0])
        except ValueError:
            failures += 1
            http_put(web, "parse-failures", str(failures), 50)
            continue
        break
    return {"value": value, "failures": failures,
            "server": http_get(web, "parse-failures", 30)}


def tool_results_appended_to_jsonl(client: Any, web: str, tmp: str) -> list[str]:
    """Every tool result is appended to a JSONL transcript; the final answer reads it."""
    path = Path(tmp) / "transcript.jsonl"
    for i, (key, ms) in enumerate((("a", 130), ("b", 30), ("c", 70))):
        v = http_get(web, key, ms)
        with path.open("a") as f:
            f.write(json.dumps({"i": i, "tool": "get", "value": v}) + "\n")
        if i == 1:
            http_put(web, "c", "changed", 40)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    answer = ask(client, "Given " + json.dumps(lines), 0.04)
    return [d["value"] for d in lines] + [answer[:10]]


def max_steps_exception_inside_tool(client: Any, web: str) -> list[str]:
    """A tool raises on the third call; the agent catches, writes an incident, stops."""
    calls = {"n": 0}

    def flaky(key: str) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            raise TimeoutError(f"tool timed out on {key}")
        return http_get(web, key, 120 - 40 * calls["n"])

    out = []
    try:
        for step in range(5):
            out.append(flaky(f"k{step}"))
            ask(client, f"observed {out[-1]}", 0.03)
    except TimeoutError as e:
        http_put(web, "incident", str(e), 40)
        out.append("stopped: " + str(e))
    return out


def regex_action_parser_loop(client: Any, web: str) -> list[str]:
    """Parse 'Action: name[arg]' from a scripted model wrapper; run it; stop on finish."""
    script = iter(["Action: get[alpha]", "Action: put[alpha]", "Action: get[alpha]",
                   "Action: finish[done]"])
    pattern = re.compile(r"Action: (\w+)\[(\w+)\]")
    out = []
    for i in range(6):
        thought = ask(client, f"step {i}", 0.1 - 0.02 * i)
        m = pattern.match(next(script))
        assert m is not None
        name, arg = m.groups()
        if name == "finish":
            out.append(f"finish:{arg}")
            break
        if name == "get":
            out.append(http_get(web, arg, 120 - 40 * i))
        else:
            out.append(str(http_put(web, arg, thought[:8], 60)))
    return out


def multi_turn_tool_messages_count(client: Any, web: str) -> dict[str, Any]:
    """Loop until the model answers in text: the simulator answers with text after a tool
    result; each tool PUTs a record with the turn number."""
    messages: list[dict[str, Any]] = [user("Use record_event now")]
    tools = [fn_tool("record_event", "event")]
    turns = 0
    final = ""
    while turns < 4:
        turns += 1
        r = client.chat.completions.create(model="gpt", messages=messages, tools=tools,
                                           extra_body={"latency": 0.1 / turns})
        msg = r.choices[0].message
        if r.choices[0].finish_reason != "tool_calls":
            final = msg.content
            break
        messages.append({"role": "assistant", "content": None,
                         "tool_calls": call_dicts(msg.tool_calls)})
        for c in msg.tool_calls:
            v = http_put(web, "events", f"turn{turns}", 60)
            messages.append({"role": "tool", "tool_call_id": c.id, "content": str(v)})
        messages.append(user("Use record_event now"))
    return {"turns": turns, "final": final[:12], "messages": len(messages),
            "events": http_get(web, "events", 30)}


def print_and_return_from_tools_interleaved(client: Any, web: str) -> list[str]:
    """Progress printed by the loop, the tools and the model step, in program order."""
    out = []
    for i, (ms, lat) in enumerate(((150, 0.03), (30, 0.06))):
        print(f"== round {i}")
        v = http_get(web, f"r{i}", ms)
        print(f"  got {v}")
        text = ask(client, f"round {i} {v}", lat)
        print(f"  model: {text[:12]}")
        http_put(web, "rounds", str(i), 30)
        print("  saved")
        out.append(v)
    return out


def reflection_scores_stored_best_kept(client: Any, web: str) -> dict[str, Any]:
    """Generate candidates, score each by length, keep the best on the server only when it
    beats the stored best."""
    best_len = 0
    kept = []
    for i, lat in enumerate((0.1, 0.03, 0.07, 0.04)):
        cand = ask(client, f"candidate {i}", lat)
        stored = http_get(web, "best", 30)
        if len(cand) > best_len:
            best_len = len(cand)
            http_put(web, "best", cand[:12], 80)
            kept.append(i)
        LOG.info("candidate %d len %d stored %s", i, len(cand), stored)
    return {"kept": kept, "best": http_get(web, "best", 30)}


def batch_tool_calls_reads_then_one_write(client: Any, web: str) -> list[str]:
    """Collect several reads, then write their join: the write must follow all reads."""
    keys = [("north", 150), ("south", 30), ("east", 90), ("west", 40)]
    values = []
    for key, ms in keys:
        values.append(http_get(web, key, ms))
    summary = ask(client, "Summarise " + ",".join(values), 0.04)
    http_put(web, "summary", summary[:16], 50)
    return values + [http_get(web, "summary", 30)]


def conversation_branch_copy(client: Any, web: str) -> list[str]:
    """The history is copied to explore a branch; the main line continues after."""
    history: list[dict[str, str]] = [user("Start")]
    r = client.chat.completions.create(model="gpt", messages=history,
                                       extra_body={"latency": 0.05})
    history.append({"role": "assistant", "content": r.choices[0].message.content})
    branch = list(history)
    branch.append(user("What if we fail?"))
    rb = client.chat.completions.create(model="gpt", messages=branch,
                                        extra_body={"latency": 0.12})
    http_put(web, "branch", rb.choices[0].message.content[:10], 40)
    history.append(user("Continue"))
    rm = client.chat.completions.create(model="gpt", messages=history,
                                        extra_body={"latency": 0.03})
    http_put(web, "main", rm.choices[0].message.content[:10], 30)
    return [len(history), len(branch), rb.choices[0].message.content[:8],
            rm.choices[0].message.content[:8]]


def tool_loop_with_dedupe_set(client: Any, web: str) -> list[str]:
    """Tool calls already made (by name and args) are skipped; a set remembers them."""
    done: set[tuple[str, str]] = set()
    out = []
    plan = [("get", "a", 120), ("put", "a", 40), ("get", "a", 30), ("put", "a", 40),
            ("get", "b", 60)]
    for name, key, ms in plan:
        if (name, key) in done:
            out.append(f"skip {name} {key}")
            continue
        done.add((name, key))
        out.append(http_get(web, key, ms) if name == "get" else str(http_put(web, key,
                                                                             "new", ms)))
    out.append(ask(client, f"did {len(done)} calls", 0.03)[:6])
    return out


# =========================================================================== hidden mutations
# Two model calls, slow first; between them the second call's messages (or options) are
# changed through an indirect path. A model call may start early, so the second must wait
# for the change.


def reply_of(client: Any, messages: Any, lat: float, **kw: Any) -> str:
    r = client.chat.completions.create(model="gpt", messages=messages,
                                       extra_body={"latency": lat}, **kw)
    return f"{r.usage.prompt_tokens}:{r.choices[0].message.content[:14]}"


def fmt(r: Any) -> str:
    if isinstance(r, str):
        return r
    return f"{r.usage.prompt_tokens}:{r.choices[0].message.content[:14]}"


class ChatAgent:
    """An agent object keeping its history, as wrappers around the SDK do."""

    def __init__(self, client: Any, system: str) -> None:
        self.client = client
        self.history: list[dict[str, Any]] = [{"role": "system", "content": system}]

    def remember(self, text: str) -> None:
        self.history.append(user(text))

    @property
    def system(self) -> str:
        return self.history[0]["content"]

    @system.setter
    def system(self, text: str) -> None:
        self.history[0]["content"] = text

    def step(self, lat: float) -> str:
        r = self.client.chat.completions.create(model="gpt", messages=self.history,
                                                extra_body={"latency": lat})
        text = r.choices[0].message.content
        self.history.append({"role": "assistant", "content": text})
        return f"{r.usage.prompt_tokens}:{text[:14]}"


def add_turn(history: list[dict[str, Any]], text: str) -> None:
    history.append(user(text))


GLOBAL_HISTORY: list[dict[str, Any]] = []


def remember_global(text: str) -> None:
    GLOBAL_HISTORY.append(user(text))


def mutate_via_helper_append(client: Any) -> list[str]:
    history = [user("Hello")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("side question")], extra_body={"latency": 0.12})
    add_turn(history, "Also consider cost.")
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_agent_method(client: Any) -> list[str]:
    agent = ChatAgent(client, "You are terse.")
    agent.remember("first question")
    a = client.chat.completions.create(
        model="gpt", messages=[user("unrelated")], extra_body={"latency": 0.12})
    agent.remember("second question")
    b = agent.step(0.03)
    return [fmt(a), fmt(b), str(len(agent.history))]


def mutate_via_property_setter(client: Any) -> list[str]:
    agent = ChatAgent(client, "You are terse.")
    agent.remember("question")
    a = client.chat.completions.create(
        model="gpt", messages=[user("warmup")], extra_body={"latency": 0.12})
    agent.system = "You are verbose and careful."
    b = client.chat.completions.create(
        model="gpt", messages=agent.history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_global_list_helper(client: Any) -> list[str]:
    GLOBAL_HISTORY.clear()
    GLOBAL_HISTORY.append(user("start"))
    a = client.chat.completions.create(
        model="gpt", messages=[user("other")], extra_body={"latency": 0.12})
    remember_global("add this")
    b = client.chat.completions.create(
        model="gpt", messages=GLOBAL_HISTORY, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_nested_dict_in_place(client: Any) -> list[str]:
    history = [{"role": "system", "content": "Be brief."}, user("Explain caching")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    history[0]["content"] += " Use bullet points."
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_through_alias(client: Any) -> list[str]:
    history = [user("Explain queues")]
    alias = history
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    alias.append(user("and stacks"))
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_bound_append(client: Any) -> list[str]:
    history = [user("Explain trees")]
    add = history.append
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    add(user("and graphs"))
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_map_consumed(client: Any) -> list[str]:
    history = [user("Explain heaps")]
    extra = [user("and tries"), user("and skip lists")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    list(map(history.append, extra))
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_slice_assign(client: Any) -> list[str]:
    history = [user("one"), user("two"), user("three"), user("four")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    history[:] = history[-2:]
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_deque_maxlen(client: Any) -> list[str]:
    import collections

    window: collections.deque[dict[str, Any]] = collections.deque(maxlen=2)
    window.append(user("alpha"))
    window.append(user("beta"))
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    window.append(user("gamma"))
    b = client.chat.completions.create(
        model="gpt", messages=list(window), extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_options_dict(client: Any) -> list[str]:
    opts: dict[str, Any] = {"temperature": 0.0}
    a = client.chat.completions.create(
        model="gpt", messages=[user("Name a colour")], extra_body={"latency": 0.12}, **opts)
    opts["temperature"] = 0.9
    b = client.chat.completions.create(
        model="gpt", messages=[user("Name a colour")], extra_body={"latency": 0.03}, **opts)
    return [fmt(a), fmt(b)]


def mutate_tools_list_by_register(client: Any) -> list[str]:
    tools = [fn_tool("get_time", "zone")]

    def add_tool(name: str) -> None:
        tools.append(fn_tool(name, "arg"))

    r1 = client.chat.completions.create(model="gpt", messages=[user("Use lookup_stock")],
                                        tools=tools, extra_body={"latency": 0.12})
    add_tool("lookup_stock")
    r2 = client.chat.completions.create(model="gpt", messages=[user("Use lookup_stock")],
                                        tools=tools, extra_body={"latency": 0.03})
    return [r1.choices[0].finish_reason, r2.choices[0].finish_reason]


def mutate_via_registry_lambda(client: Any) -> list[str]:
    history = [user("Plan a trip")]
    registry = {"note": lambda text: history.append(user(text)),
                "noop": lambda text: None}
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    registry["note"]("Budget is small")
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_generator_next(client: Any) -> list[str]:
    history = [user("Story start")]

    def feeder():
        for line in ("then a storm", "then calm"):
            history.append(user(line))
            yield len(history)

    gen = feeder()
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    n = next(gen)
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b), str(n)]


def mutate_via_context_manager_exit(client: Any) -> list[str]:
    import contextlib

    history = [user("Topic: rivers")]

    @contextlib.contextmanager
    def turn(text: str):
        yield
        history.append(user(text))

    with turn("and lakes"):
        a = reply_of(client, [user("warm")], 0.12)
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_dataclass_state(client: Any) -> list[str]:
    state = AgentState(messages=[user("Solve x")])
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    state.messages.append(user("x is 3"))
    state.step += 1
    b = client.chat.completions.create(
        model="gpt", messages=state.messages, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b), str(state.step)]


def mutate_class_attribute_prompt(client: Any) -> list[str]:
    Persona.SYSTEM = "You are a pirate."
    a = client.chat.completions.create(
        model="gpt", messages=[{"role": "system", "content": Persona.SYSTEM}, user("hi")], extra_body={"latency": 0.12})
    Persona.SYSTEM = "You are a judge."
    b = client.chat.completions.create(
        model="gpt", messages=[{"role": "system", "content": Persona.SYSTEM}, user("hi")], extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_insert_and_pop(client: Any) -> list[str]:
    history = [user("q1"), user("q2"), user("q3")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    history.pop(0)
    history.insert(0, {"role": "system", "content": "Summarise."})
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_sort(client: Any) -> list[str]:
    history = [user("zeta"), user("alpha"), user("mid")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    history.sort(key=lambda m: m["content"])
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_message_dict_update(client: Any) -> list[str]:
    msg = user("Translate: hello")
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    msg.update(content="Translate: goodbye")
    b = client.chat.completions.create(
        model="gpt", messages=[msg], extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_inside_try_finally(client: Any) -> list[str]:
    history = [user("Check the logs")]
    try:
        a = reply_of(client, [user("warm")], 0.12)
    finally:
        history.append(user("and the metrics"))
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_global_config_dict_helper(client: Any) -> list[str]:
    CONFIG["system"] = "Answer in French."
    a = client.chat.completions.create(
        model="gpt", messages=[{"role": "system", "content": CONFIG["system"]}, user("hi")], extra_body={"latency": 0.12})
    set_config("system", "Answer in German.")
    b = client.chat.completions.create(
        model="gpt", messages=[{"role": "system", "content": CONFIG["system"]}, user("hi")], extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_anthropic_history_helper(client: Any) -> list[str]:
    history = [user("Explain DNS")]
    a = client.messages.create(model="claude", max_tokens=40, messages=[user("warm")],
                               extra_body={"latency": 0.12})
    add_turn_pair(history, "ok", "and TLS")
    b = client.messages.create(model="claude", max_tokens=40, messages=history,
                               extra_body={"latency": 0.03})
    return [a.content[0].text[:10], f"{b.usage.input_tokens}:{b.content[0].text[:10]}"]


def add_turn_pair(history: list[dict[str, Any]], answer: str, question: str) -> None:
    history.extend([{"role": "assistant", "content": answer}, user(question)])


def mutate_via_setitem_operator(client: Any) -> list[str]:
    import operator

    history = [user("Explain hashing")]
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    operator.setitem(history[0], "content", "Explain salting")
    b = client.chat.completions.create(
        model="gpt", messages=history, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_vars(client: Any) -> list[str]:
    state = AgentState(messages=[user("Solve y")])
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    vars(state)["messages"] = [user("Solve z")]
    b = client.chat.completions.create(
        model="gpt", messages=state.messages, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_setattr_name(client: Any) -> list[str]:
    state = AgentState(messages=[user("Solve p")])
    field_name = "messages"
    a = client.chat.completions.create(
        model="gpt", messages=[user("warm")], extra_body={"latency": 0.12})
    setattr(state, field_name, [user("Solve q")])
    b = client.chat.completions.create(
        model="gpt", messages=state.messages, extra_body={"latency": 0.03})
    return [fmt(a), fmt(b)]


def mutate_via_random_temperature(client: Any) -> list[str]:
    import random

    rng = random.Random(7)
    a = client.chat.completions.create(
        model="gpt", messages=[user("colour")], extra_body={"latency": 0.12}, temperature=round(rng.random(), 2))
    rng.random()
    b = client.chat.completions.create(
        model="gpt", messages=[user("colour")], extra_body={"latency": 0.03}, temperature=round(rng.random(), 2))
    return [fmt(a), fmt(b)]


def mutate_history_in_tool_loop(client: Any, web: str) -> list[str]:
    """Tool results appended by a dispatch helper; the next model call must see them."""
    history = [user("Investigate the outage")]

    def dispatch(name: str) -> None:
        value = http_get(web, name, 40)
        history.append({"role": "user", "content": f"{name} says {value}"})

    out = []
    for name, lat in (("logs", 0.12), ("metrics", 0.03)):
        out.append(reply_of(client, [user(f"warm {name}")], lat))
        dispatch(name)
        out.append(reply_of(client, history, 0.03))
    return out


@dataclass_
class AgentState:
    messages: list[dict[str, Any]]
    step: int = 0


class Persona:
    SYSTEM = "You are plain."


CONFIG: dict[str, str] = {}


def set_config(key: str, value: str) -> None:
    CONFIG[key] = value


# =========================================================================== raising between reads
# A statement that raises sits between two independent reads: the plain run never sends
# the second; a read started early would be an extra request.


def malformed_reply_raises_before_next_chat(client: Any) -> str:
    r1 = client.chat.completions.create(model="gpt", messages=[user("Give JSON")],
                                        extra_body={"latency": 0.12})
    plan = json.loads(r1.choices[0].message.content)
    r2 = client.chat.completions.create(model="gpt", messages=[user("second opinion")],
                                        extra_body={"latency": 0.03})
    return str(plan) + r2.choices[0].message.content


def unknown_tool_keyerror_before_get(client: Any, web: str) -> list[str]:
    tools = {"get_weather": lambda: "sunny"}
    r = client.chat.completions.create(model="gpt", messages=[user("Use lookup_order")],
                                       tools=[fn_tool("lookup_order", "oid")],
                                       extra_body={"latency": 0.12})
    name = r.choices[0].message.tool_calls[0].function.name
    result = tools[name]()
    extra = requests.get(f"{web}/items/after?ms=30", timeout=5).json()["value"]
    return [result, extra]


def assert_on_reply_before_get(client: Any, web: str) -> list[str]:
    r = client.chat.completions.create(model="gpt", messages=[user("Say DONE")],
                                       extra_body={"latency": 0.12})
    text = r.choices[0].message.content
    assert text.startswith("DONE"), f"unexpected reply {text[:10]!r}"
    v = requests.get(f"{web}/items/next?ms=30", timeout=5).json()["value"]
    return [text, v]


def int_parse_fails_before_chat(client: Any, web: str) -> list[str]:
    score_text = requests.get(f"{web}/items/score?ms=120", timeout=5).json()["value"]
    score = int(score_text)
    r = client.chat.completions.create(model="gpt", messages=[user(f"score {score}")],
                                       extra_body={"latency": 0.03})
    return [score_text, r.choices[0].message.content]


def raise_for_status_before_second_get(web: str) -> list[str]:
    r1 = requests.get(f"{web}/items/missing-tool?ms=120", timeout=5)
    r1.raise_for_status()
    r2 = requests.get(f"{web}/items/present?ms=30", timeout=5)
    return [r1.text, r2.text]


def stop_agent_exception_in_loop(client: Any, web: str) -> list[str]:
    """A custom exception ends the agent when the model's reply is long enough; the next
    step's read is never sent in the plain run."""
    out = []
    try:
        for step in range(4):
            r = client.chat.completions.create(model="gpt", messages=[user(f"step {step}")],
                                               extra_body={"latency": 0.1})
            text = r.choices[0].message.content
            if len(text) > 10:
                raise StopAgentError(text[:10])
            out.append(requests.get(f"{web}/items/s{step}?ms=30", timeout=5).text)
    except StopAgentError as e:
        out.append(f"stopped {e}")
    out.append(requests.get(f"{web}/items/final?ms=30", timeout=5).json()["value"])
    return out


class StopAgentError(Exception):
    pass


def break_before_next_iteration_chat(client: Any) -> list[str]:
    """The loop breaks on the second reply; the third prompt is never sent."""
    out = []
    for i, lat in enumerate((0.12, 0.1, 0.03, 0.03)):
        r = client.chat.completions.create(model="gpt", messages=[user(f"draft {i}")],
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.content[:10])
        if i == 1:
            break
    return out


def tool_arg_validation_error_before_get(client: Any, web: str) -> list[str]:
    """json.loads of tool arguments, then a type check that raises; later GET unsent."""
    r = client.chat.completions.create(model="gpt", messages=[user("Use set_limit")],
                                       tools=[fn_tool("set_limit", "value")],
                                       extra_body={"latency": 0.12})
    args = json.loads(r.choices[0].message.tool_calls[0].function.arguments)
    if not isinstance(args["value"], int):
        raise TypeError(f"set_limit wants an int, got {type(args['value']).__name__}")
    v = requests.get(f"{web}/items/limit?ms=30", timeout=5).json()["value"]
    return [v]


def raise_between_two_chats_caught(client: Any, web: str) -> list[str]:
    """The ValueError is caught; the chat inside the try after it is never sent."""
    out = []
    try:
        r1 = client.chat.completions.create(model="gpt", messages=[user("first")],
                                            extra_body={"latency": 0.12})
        out.append(r1.choices[0].message.content[:8])
        float(r1.choices[0].message.content.split()[0])
        r2 = client.chat.completions.create(model="gpt", messages=[user("second")],
                                            extra_body={"latency": 0.03})
        out.append(r2.choices[0].message.content[:8])
    except ValueError:
        out.append("not a number")
    out.append(requests.get(f"{web}/items/after?ms=30", timeout=5).json()["value"])
    return out


def max_steps_while_condition_on_read(web: str) -> list[str]:
    """A while loop over reads; the stop condition reads a key a write sets."""
    out = []
    step = 0
    while step < 4:
        v = requests.get(f"{web}/items/probe{step}?ms={120 - 30 * step}", timeout=5).json()
        out.append(v["value"])
        if v["value"].endswith("1"):
            break
        step += 1
    out.append(requests.get(f"{web}/items/done?ms=30", timeout=5).json()["value"])
    return out


def text_reply_where_tool_call_expected(client: Any, web: str) -> list[str]:
    """The model answers in text (no tool named), so tool_calls is None and indexing it
    raises TypeError; the GET after it is never sent in the plain run."""
    r = client.chat.completions.create(model="gpt", messages=[user("hello there")],
                                       tools=[fn_tool("lookup_order", "oid")],
                                       extra_body={"latency": 0.12})
    call = r.choices[0].message.tool_calls[0]
    v = requests.get(f"{web}/items/order?ms=30", timeout=5).json()["value"]
    return [call.function.name, v]


def spec_lookup_keyerror_before_chat(client: Any) -> list[str]:
    """The model names a tool the registry lacks: a KeyError, then an unsent chat."""
    specs = {"get_weather": {"ms": 30}}
    r = client.chat.completions.create(model="gpt", messages=[user("Use lookup_order")],
                                       tools=[fn_tool("lookup_order", "oid")],
                                       extra_body={"latency": 0.12})
    spec = specs[r.choices[0].message.tool_calls[0].function.name]
    r2 = client.chat.completions.create(model="gpt", messages=[user("summarise")],
                                        extra_body={"latency": 0.03})
    return [str(spec), r2.choices[0].message.content]


def plan_step_index_error_before_get(client: Any, web: str) -> list[str]:
    """The planner's reply has fewer steps than expected: steps[200] raises IndexError."""
    plan = client.chat.completions.create(model="gpt", messages=[user("Plan")],
                                          extra_body={"latency": 0.12})
    steps = plan.choices[0].message.content.split()
    last = steps[200]
    v = requests.get(f"{web}/items/ctx?ms=30", timeout=5).json()["value"]
    return [last, v]


def sqlite_unique_violation_before_chat(client: Any, db: str) -> str:
    """The memory insert violates a primary key; the chat after it is never sent."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE memory (turn INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO memory VALUES (1, 'first')")
    conn.commit()
    try:
        conn.execute("INSERT INTO memory VALUES (1, 'again')")
        r = client.chat.completions.create(model="gpt", messages=[user("next turn")],
                                           extra_body={"latency": 0.05})
        return r.choices[0].message.content
    finally:
        conn.close()


def file_write_fails_before_chat(client: Any, tmp: str) -> str:
    """The transcript goes to a folder that does not exist; the chat after is unsent."""
    history = [user(f"message {i}") for i in range(200)]
    Path(tmp, "history.json").write_text(json.dumps(history, indent=2))
    Path(tmp, "agent.log").write_text("turn 1 saved\n")
    Path(tmp, "missing-dir", "turn1.txt").write_text("user: hi\n")
    r = client.chat.completions.create(model="gpt", messages=[user("next turn")],
                                       extra_body={"latency": 0.05})
    return r.choices[0].message.content


def anthropic_text_block_has_no_input(client: Any, web: str) -> list[str]:
    """Reading .input of a text block raises AttributeError; the GET after is unsent."""
    msg = client.messages.create(model="claude", max_tokens=50, messages=[user("hello")],
                                 extra_body={"latency": 0.12})
    args = msg.content[0].input
    v = requests.get(f"{web}/items/x?ms=30", timeout=5).json()["value"]
    return [str(args), v]


def zero_division_in_score_before_write(client: Any, web: str) -> str:
    """A score over zero votes divides by zero; the PUT after must not happen (it never
    does: writes run in place) and neither must the read after the PUT."""
    r = client.chat.completions.create(model="gpt", messages=[user("vote")],
                                       extra_body={"latency": 0.12})
    votes = [w for w in r.choices[0].message.content.split() if w == "yes"]
    score = len(votes) / len(votes)
    v = requests.get(f"{web}/items/score?ms=30", timeout=5).json()["value"]
    return f"{score}:{v}"


def unique_violation_before_get_local(web: str, db: str) -> str:
    """A failing sqlite insert before a GET of this machine's server (which never crosses
    a database write)."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES ('a')")
    try:
        conn.execute("INSERT INTO t VALUES ('a')")
        return requests.get(f"{web}/items/z?ms=30", timeout=5).text
    finally:
        conn.commit()
        conn.close()


# =========================================================================== raising inside loops


FORMATTERS = {"get": lambda v: v.upper(), "peek": lambda v: v[:3]}


def loop_dispatch_keyerror_mid_batch(web: str) -> list[str]:
    """Parallel tool calls of one turn run in a for loop; the third names no formatter
    (KeyError): the fourth call's GET is never sent in the plain run."""
    plan = [("get", "k1", 120), ("peek", "k2", 30), ("bogus", "k3", 30), ("get", "k4", 30)]
    out = []
    for name, key, ms in plan:
        v = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        out.append(FORMATTERS[name](v))
    return out


def loop_json_loads_each_reply(client: Any) -> list[Any]:
    """Each question's reply is parsed as JSON; the first parse raises, so the plain run
    sends one chat only."""
    results = []
    for q, lat in (("q1", 0.12), ("q2", 0.03), ("q3", 0.06)):
        r = client.chat.completions.create(model="gpt", messages=[user(q)],
                                           extra_body={"latency": lat})
        results.append(json.loads(r.choices[0].message.content))
    return results


def comprehension_json_loads_replies(client: Any) -> list[Any]:
    return [json.loads(client.chat.completions.create(
        model="gpt", messages=[user(q)], extra_body={"latency": lat}).choices[0].message.content)
        for q, lat in (("c1", 0.12), ("c2", 0.03), ("c3", 0.06))]


async def async_loop_json_loads_replies(api: str) -> list[Any]:
    client = openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)
    try:
        out = []
        for q, lat in (("a1", 0.12), ("a2", 0.03)):
            r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                     extra_body={"latency": lat})
            out.append(json.loads(r.choices[0].message.content))
        return out
    finally:
        await client.close()


def loop_tool_calls_attribute_error(client: Any) -> list[str]:
    """Agent turns: each turn expects a tool call; the second turn's reply is text, so
    .tool_calls[0] raises TypeError; the third turn's chat is never sent."""
    out = []
    for prompt, lat in (("Use lookup_order", 0.12), ("thanks", 0.03), ("Use lookup_order", 0.05)):
        r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                           tools=[fn_tool("lookup_order", "oid")],
                                           extra_body={"latency": lat})
        out.append(r.choices[0].message.tool_calls[0].function.name)
    return out


def loop_sqlite_insert_duplicate(client: Any, db: str) -> list[str]:
    """Each turn's reply is stored under a key; the second key repeats (IntegrityError), so
    the third turn's chat is never sent."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE replies (k TEXT PRIMARY KEY, v TEXT)")
    out = []
    try:
        for key, lat in (("t1", 0.12), ("t1", 0.03), ("t3", 0.05)):
            r = client.chat.completions.create(model="gpt", messages=[user(key)],
                                               extra_body={"latency": lat})
            conn.execute("INSERT INTO replies VALUES (?, ?)",
                         (key, r.choices[0].message.content[:10]))
            out.append(key)
    finally:
        conn.commit()
        conn.close()
    return out


# =========================================================================== mutation after the call
# The call's arguments are changed right after the call's statement, before its result is
# used: a call started early (or on a thread that serialises its body later) must have
# sent what the arguments held at its place.


def history_appended_after_second_chat(client: Any) -> list[str]:
    history = [user("What is a queue?")]
    a = client.chat.completions.create(model="gpt", messages=[user("warm")],
                                       extra_body={"latency": 0.12})
    b = client.chat.completions.create(model="gpt", messages=history,
                                       extra_body={"latency": 0.03})
    history.append(user("and a stack?"))
    history.append(user("and a heap?"))
    return [fmt(a), fmt(b), str(len(history))]


def message_content_edited_after_chat(client: Any, web: str) -> list[str]:
    msg = {"role": "user", "content": "Describe Paris"}
    a = client.chat.completions.create(model="gpt", messages=[user("warm")],
                                       extra_body={"latency": 0.12})
    b = client.chat.completions.create(model="gpt", messages=[msg],
                                       extra_body={"latency": 0.03})
    msg["content"] = "Describe Rome in detail please"
    v = http_get(web, "x", 30)
    return [fmt(a), fmt(b), v]


def turn_loop_appends_after_each_chat(client: Any) -> list[str]:
    """Classic: call with history, then append the question for the next turn; the
    replies are only read at the end."""
    history = [user("start")]
    replies = []
    for q, lat in (("one", 0.12), ("two", 0.03), ("three", 0.06)):
        replies.append(client.chat.completions.create(model="gpt", messages=history,
                                                      extra_body={"latency": lat}))
        history.append(user(q))
    return [fmt(r) for r in replies]


def anthropic_history_appended_after_call(client: Any) -> list[str]:
    history = [user("Explain TCP")]
    a = client.messages.create(model="claude", max_tokens=40, messages=[user("warm")],
                               extra_body={"latency": 0.12})
    b = client.messages.create(model="claude", max_tokens=40, messages=history,
                               extra_body={"latency": 0.03})
    history.append({"role": "assistant", "content": "ok"})
    history.append(user("and UDP"))
    return [a.content[0].text[:10], f"{b.usage.input_tokens}:{b.content[0].text[:10]}"]


def tools_list_extended_after_call(client: Any) -> list[str]:
    tools = [fn_tool("get_time", "zone")]
    a = client.chat.completions.create(model="gpt", messages=[user("warm")],
                                       extra_body={"latency": 0.12})
    b = client.chat.completions.create(model="gpt", messages=[user("Use lookup_stock")],
                                       tools=tools, extra_body={"latency": 0.03})
    tools.append(fn_tool("lookup_stock", "ticker"))
    return [fmt(a), str(b.choices[0].finish_reason)]


def extra_body_mutated_after_call(client: Any) -> list[str]:
    body: dict[str, Any] = {"latency": 0.03}
    a = client.chat.completions.create(model="gpt", messages=[user("warm")],
                                       extra_body={"latency": 0.12})
    b = client.chat.completions.create(model="gpt", messages=[user("colour?")],
                                       extra_body=body)
    body["latency"] = 0.2
    body["seed"] = 5
    return [fmt(a), fmt(b)]


# =========================================================================== effects inside tool helpers
# Two independent tool calls through helpers (reads, slow first); the helpers also print,
# log, or record into shared state: overlapped, those effects must keep program order.


def verbose_fetch(web: str, key: str, ms: int) -> str:
    print(f"[tool] fetching {key}")
    v = http_get(web, key, ms)
    print(f"[tool] {key} -> {v}")
    return v


TOOL_TRACE: list[str] = []


def traced_fetch(web: str, key: str, ms: int) -> str:
    TOOL_TRACE.append(f"start {key}")
    v = http_get(web, key, ms)
    TOOL_TRACE.append(f"end {key}")
    return v


def logged_fetch(web: str, key: str, ms: int) -> str:
    v = http_get(web, key, ms)
    LOG.info("tool fetched %s", key)
    return v


def counted_fetch(web: str, key: str, ms: int, stats: dict[str, int]) -> str:
    stats["n"] = stats.get("n", 0) + 1
    n = stats["n"]
    return f"#{n} " + http_get(web, key, ms)


def helper_prints_two_tools(web: str) -> list[str]:
    a = verbose_fetch(web, "slow", 150)
    b = verbose_fetch(web, "fast", 30)
    return [a, b]


def helper_traces_into_global(web: str) -> list[str]:
    TOOL_TRACE.clear()
    a = traced_fetch(web, "slow", 150)
    b = traced_fetch(web, "fast", 30)
    return [a, b] + TOOL_TRACE


def helper_logs_two_tools(web: str) -> list[str]:
    a = logged_fetch(web, "slow", 150)
    b = logged_fetch(web, "fast", 30)
    return [a, b]


def helper_counts_in_passed_dict(web: str) -> list[str]:
    stats: dict[str, int] = {}
    a = counted_fetch(web, "slow", 150, stats)
    b = counted_fetch(web, "fast", 30, stats)
    return [a, b, str(stats)]


def tool_calls_loop_verbose_helpers(client: Any, web: str) -> list[str]:
    """The model's tool calls run through verbose helpers in a for loop."""
    r = client.chat.completions.create(
        model="gpt", messages=[user("Use get_weather and get_news")],
        tools=[fn_tool("get_weather", "city"), fn_tool("get_news", "topic")],
        extra_body={"latency": 0.04})
    ms = {"get_weather": 150, "get_news": 30}
    out = []
    for c in r.choices[0].message.tool_calls:
        out.append(verbose_fetch(web, c.function.name, ms[c.function.name]))
    return out


def comprehension_traced_helpers(web: str) -> list[str]:
    TOOL_TRACE.clear()
    vals = [traced_fetch(web, k, ms) for k, ms in (("s1", 150), ("s2", 30), ("s3", 80))]
    return vals + TOOL_TRACE


# =========================================================================== a failing model call


def bad_request_after_sqlite_writes(client: Any, db: str) -> list[Any]:
    """The memory is written, then a chat with an invalid temperature fails (400); the
    error is stored too. The chat may start early, its error must come at its place."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE log (step INTEGER, what TEXT)")
    conn.execute("INSERT INTO log VALUES (1, 'memory saved')")
    conn.commit()
    print("memory saved")
    try:
        r = client.chat.completions.create(model="gpt", messages=[user("go")],
                                           temperature=5.0, extra_body={"latency": 0.05})
        what = r.choices[0].message.content[:10]
    except openai.BadRequestError as e:
        what = f"bad request {e.status_code}"
    print("model:", what)
    conn.execute("INSERT INTO log VALUES (2, ?)", (what,))
    conn.commit()
    rows = conn.execute("SELECT * FROM log ORDER BY step").fetchall()
    conn.close()
    return rows


def bad_request_escapes_after_prints(client: Any, tmp: str) -> str:
    """Two chats, the second invalid and faster; the first's reply is written to a file
    before the second's error escapes."""
    a = client.chat.completions.create(model="gpt", messages=[user("ok")],
                                       extra_body={"latency": 0.12})
    Path(tmp, "a.txt").write_text(a.choices[0].message.content)
    print("wrote a")
    b = client.chat.completions.create(model="gpt", messages=[user("bad")],
                                       temperature=9.0, extra_body={"latency": 0.03})
    print("never printed")
    return b.choices[0].message.content


# =========================================================================== overlap-friendly agents


def executor_reads_steps_then_writes_report(client: Any, web: str, tmp: str) -> list[str]:
    """A plan's steps each GET a resource (independent); the report is written once."""
    plan = client.chat.completions.create(model="gpt", messages=[user("Plan the audit")],
                                          extra_body={"latency": 0.05})
    steps = plan.choices[0].message.content.split()[:4]
    found = []
    for i, step in enumerate(steps):
        found.append(http_get(web, f"audit-{i}-{len(step)}", 150 - 35 * i))
    Path(tmp, "report.md").write_text("\n".join(f"- {s}: {v}" for s, v in zip(steps, found, strict=True)))
    print(f"report: {len(found)} lines")
    return found


def two_providers_then_judge_to_sqlite(ac: Any, oc: Any, db: str) -> dict[str, Any]:
    """Claude and GPT answer the same question; a judge picks; the pick is stored."""
    q = "Is a B-tree better than a hash index for ranges?"
    claude = ac.messages.create(model="claude", max_tokens=60, messages=[user(q)],
                                extra_body={"latency": 0.12}).content[0].text
    gpt = oc.chat.completions.create(model="gpt", messages=[user(q)],
                                     extra_body={"latency": 0.03}).choices[0].message.content
    verdict = oc.chat.completions.create(
        model="judge", messages=[user(f"A: {claude}\nB: {gpt}\nWhich is better?")],
        extra_body={"latency": 0.04}).choices[0].message.content
    pick = "A" if len(verdict) % 2 else "B"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE picks (q TEXT, pick TEXT, a TEXT, b TEXT)")
    conn.execute("INSERT INTO picks VALUES (?, ?, ?, ?)", (q[:10], pick, claude[:10], gpt[:10]))
    conn.commit()
    conn.close()
    return {"pick": pick, "verdict": verdict[:12]}


def router_ensemble_majority_vote(client: Any, web: str) -> dict[str, Any]:
    """Three models answer; the majority (by first word) is PUT once."""
    models = [("gpt", 0.12), ("gpt-mini", 0.03), ("judge", 0.06)]
    answers = [client.chat.completions.create(
        model=m, messages=[user("Pick red or blue")],
        extra_body={"latency": lat}).choices[0].message.content for m, lat in models]
    firsts = [a.split()[0] for a in answers]
    top = max(sorted(set(firsts)), key=firsts.count)
    version = http_put(web, "vote", top, 40)
    return {"firsts": firsts, "top": top, "version": version}


def memory_reads_then_one_chat(client: Any, web: str, db: str) -> str:
    """Recall from the web server and sqlite, then one chat, then store its reply."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (n TEXT)")
    conn.execute("INSERT INTO notes VALUES ('likes tea')")
    conn.commit()
    profile = http_get(web, "profile", 140)
    prefs = http_get(web, "prefs", 30)
    notes = [r[0] for r in conn.execute("SELECT n FROM notes")]
    reply = client.chat.completions.create(
        model="gpt", messages=[user(f"{profile} {prefs} {notes}: suggest a drink")],
        extra_body={"latency": 0.04}).choices[0].message.content
    conn.execute("INSERT INTO notes VALUES (?)", (reply[:12],))
    conn.commit()
    conn.close()
    return reply[:12]


class TripArgs(pydantic.BaseModel):
    city: str
    nights: int


def pydantic_args_invalid_before_chat(client: Any) -> list[str]:
    """Tool arguments validated with pydantic (nights missing): ValidationError, and the
    follow-up chat is never sent in the plain run."""
    r = client.chat.completions.create(model="gpt", messages=[user("Use book_trip")],
                                       tools=[fn_tool("book_trip", "city")],
                                       extra_body={"latency": 0.12})
    args = TripArgs.model_validate_json(r.choices[0].message.tool_calls[0].function.arguments)
    r2 = client.chat.completions.create(model="gpt", messages=[user("confirm")],
                                        extra_body={"latency": 0.03})
    return [args.city, r2.choices[0].message.content]


def validator_helper_raises_before_chat(client: Any) -> list[str]:
    """The same with a validator helper that raises by design (kept in order by the JIT's
    rule for helpers that raise)."""
    r = client.chat.completions.create(model="gpt", messages=[user("Use book_trip")],
                                       tools=[fn_tool("book_trip", "city")],
                                       extra_body={"latency": 0.12})
    args = json.loads(r.choices[0].message.tool_calls[0].function.arguments)
    check_args(args, ("city", "nights"))
    r2 = client.chat.completions.create(model="gpt", messages=[user("confirm")],
                                        extra_body={"latency": 0.03})
    return [str(args), r2.choices[0].message.content]


def check_args(args: dict[str, Any], required: tuple[str, ...]) -> None:
    missing = [k for k in required if k not in args]
    if missing:
        raise ValueError(f"missing arguments: {missing}")


def missing_arg_keyerror_before_get(client: Any, web: str) -> list[str]:
    r = client.chat.completions.create(model="gpt", messages=[user("Use get_weather")],
                                       tools=[fn_tool("get_weather", "city")],
                                       extra_body={"latency": 0.12})
    args = json.loads(r.choices[0].message.tool_calls[0].function.arguments)
    units = args["units"]
    v = requests.get(f"{web}/items/forecast?ms=30", timeout=5).json()["value"]
    return [units, v]


# =========================================================================== registry


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def an_web(env: Env) -> tuple:
    return (anthropic_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_db(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp / "agent.db"))


def an_db(env: Env) -> tuple:
    return (anthropic_client(env), str(env.tmp / "agent.db"))


def oa_web_db(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp / "agent.db"))


def oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def both_web(env: Env) -> tuple:
    return (anthropic_client(env), openai_client(env), env.web)


def _both(fn: Any, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", **kw)


def _api(fn: Any, args: Any, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", **kw)


ALL: list[Case] = [
    _both(registry_dispatch_memo_roundtrip, cat="helpers"),
    _both(parallel_calls_write_then_read_same_key),
    _both(react_while_budget_text_stop),
    _both(sqlite_memory_between_turns, args=oa_web_db, cat="db"),
    _both(planner_then_executor_steps),
    _both(retry_on_malformed_json_reply, cat="validation"),
    _both(keyword_router_models),
    _both(tools_print_progress, cat="helpers"),
    _both(history_appended_and_trimmed),
    _both(tool_error_fed_back_then_write, cat="validation"),
    _both(token_budget_stops_loop, cat="state"),
    _both(job_tool_polls_until_done),
    _api(files_tools_write_then_read, oa_tmp, cat="files"),
    _both(delete_then_list_items, cat="http"),
    _both(conversation_object_with_tools, cat="state"),
    _both(sub_agent_tool_calls_model, cat="helpers"),
    _both(module_stats_counter, cat="state"),
    _both(tool_cache_dict_repeated_calls, cat="state"),
    _both(for_else_max_steps_raises, cat="validation"),
    _both(priority_sorted_tool_calls),
    _both(json_args_patched_then_dispatched, cat="helpers"),
    _api(history_json_file_per_turn, oa_tmp, cat="files"),
    _both(stop_on_tool_result_value, cat="validation"),
    _both(two_agents_shared_blackboard),
    _api(critique_revise_sqlite_versions, oa_db, cat="db"),
    _both(fallback_tool_on_server_error, cat="validation"),
    _both(logged_tool_dispatch, cat="helpers"),
    _both(generator_agent_steps, cat="helpers"),
    _both(streaming_reply_then_tool),
    _both(tool_specs_list_next_lookup, cat="helpers"),
    _api(sqlite_tool_queries_from_agent, oa_db, cat="db"),
    _both(nested_tool_calls_turns_with_httpx, cat="http"),
    _both(anthropic_registry_tool_use, args=an_web),
    _api(anthropic_sqlite_memory_agent, an_db, cat="db"),
    _both(anthropic_planner_openai_executor, args=both_web),
    _both(anthropic_parallel_tool_use_mixed, args=an_web),
    Case("sdk", async_agent_tool_loop, servers="web api",
         drive=lambda f, env: asyncio.run(f(env.web, env.api))),
    _both(memory_upsert_then_recall_next_turn, args=oa_web_db, cat="db"),
    _both(intent_router_dispatch_functions, cat="helpers"),
    _both(retry_loop_counts_on_server, cat="validation"),
    _both(tool_results_appended_to_jsonl, args=oa_web_tmp, cat="files"),
    _both(max_steps_exception_inside_tool, cat="validation"),
    _both(regex_action_parser_loop),
    _both(multi_turn_tool_messages_count),
    _both(print_and_return_from_tools_interleaved),
    _both(reflection_scores_stored_best_kept, cat="state"),
    _both(batch_tool_calls_reads_then_one_write, cat="fanout"),
    _both(conversation_branch_copy, cat="state"),
    _both(tool_loop_with_dedupe_set, cat="state"),
]

MUTATIONS = [mutate_via_helper_append, mutate_via_agent_method, mutate_via_property_setter,
             mutate_via_global_list_helper, mutate_nested_dict_in_place, mutate_through_alias,
             mutate_via_bound_append, mutate_via_map_consumed, mutate_via_slice_assign,
             mutate_via_deque_maxlen, mutate_options_dict, mutate_tools_list_by_register,
             mutate_via_registry_lambda, mutate_via_generator_next,
             mutate_via_context_manager_exit, mutate_dataclass_state,
             mutate_class_attribute_prompt, mutate_via_insert_and_pop, mutate_via_sort,
             mutate_message_dict_update, mutate_inside_try_finally,
             mutate_global_config_dict_helper, mutate_via_setitem_operator, mutate_via_vars,
             mutate_via_setattr_name, mutate_via_random_temperature]
ALL += [_api(f, lambda env: (openai_client(env),), cat="state") for f in MUTATIONS]
ALL += [_api(mutate_anthropic_history_helper, lambda env: (anthropic_client(env),),
             cat="state"),
        _both(mutate_history_in_tool_loop, cat="state")]

ALL += [
    _api(malformed_reply_raises_before_next_chat, lambda env: (openai_client(env),),
         cat="validation"),
    _both(unknown_tool_keyerror_before_get, cat="validation"),
    _both(assert_on_reply_before_get, cat="validation"),
    _both(int_parse_fails_before_chat, cat="validation"),
    Case("validation", raise_for_status_before_second_get, args=lambda env: (env.web,),
         servers="web", speculative_reads=True),
    _both(stop_agent_exception_in_loop, cat="validation"),
    _api(break_before_next_iteration_chat, lambda env: (openai_client(env),),
         cat="validation"),
    _both(tool_arg_validation_error_before_get, cat="validation"),
    _both(raise_between_two_chats_caught, cat="validation"),
    Case("validation", max_steps_while_condition_on_read, args=lambda env: (env.web,),
         servers="web"),
]

ALL += [
    _both(text_reply_where_tool_call_expected, cat="validation"),
    _api(spec_lookup_keyerror_before_chat, lambda env: (openai_client(env),),
         cat="validation"),
    _both(plan_step_index_error_before_get, cat="validation"),
    _api(sqlite_unique_violation_before_chat, oa_db, cat="db"),
    _api(file_write_fails_before_chat, oa_tmp, cat="files"),
    _both(anthropic_text_block_has_no_input, args=an_web, cat="validation"),
    _both(zero_division_in_score_before_write, cat="validation"),
    Case("db", unique_violation_before_get_local, servers="web",
         args=lambda env: (env.web, str(env.tmp / "agent.db"))),
]

ALL += [
    Case("validation", loop_dispatch_keyerror_mid_batch, args=lambda env: (env.web,),
         servers="web"),
    _api(loop_json_loads_each_reply, lambda env: (openai_client(env),), cat="validation"),
    _api(comprehension_json_loads_replies, lambda env: (openai_client(env),),
         cat="validation"),
    Case("validation", async_loop_json_loads_replies, servers="api",
         drive=lambda f, env: asyncio.run(f(env.api))),
    _api(loop_tool_calls_attribute_error, lambda env: (openai_client(env),),
         cat="validation"),
    _api(loop_sqlite_insert_duplicate, oa_db, cat="db"),
]

ALL += [
    _api(history_appended_after_second_chat, lambda env: (openai_client(env),), cat="state"),
    _both(message_content_edited_after_chat, cat="state"),
    _api(turn_loop_appends_after_each_chat, lambda env: (openai_client(env),), cat="state"),
    _api(anthropic_history_appended_after_call, lambda env: (anthropic_client(env),),
         cat="state"),
    _api(tools_list_extended_after_call, lambda env: (openai_client(env),), cat="state"),
    _api(extra_body_mutated_after_call, lambda env: (openai_client(env),), cat="state"),
]

ALL += [Case("helpers", f, args=lambda env: (env.web,), servers="web")
        for f in (helper_prints_two_tools, helper_traces_into_global, helper_logs_two_tools,
                  helper_counts_in_passed_dict, comprehension_traced_helpers)]
ALL += [_both(tool_calls_loop_verbose_helpers, cat="helpers")]

ALL += [_api(bad_request_after_sqlite_writes, oa_db, cat="db"),
        _api(bad_request_escapes_after_prints, oa_tmp, cat="validation")]

ALL += [_both(executor_reads_steps_then_writes_report, args=oa_web_tmp, cat="fanout"),
        _api(two_providers_then_judge_to_sqlite,
             lambda env: (anthropic_client(env), openai_client(env),
                          str(env.tmp / "agent.db")), cat="ensemble"),
        _both(router_ensemble_majority_vote, cat="ensemble"),
        _both(memory_reads_then_one_chat, args=oa_web_db, cat="db")]

ALL += [_api(pydantic_args_invalid_before_chat, lambda env: (openai_client(env),),
             cat="validation"),
        _api(validator_helper_raises_before_chat, lambda env: (openai_client(env),),
             cat="validation"),
        _both(missing_arg_keyerror_before_get, cat="validation")]

# Within the documented allowance for speculative reads (docs/jit.md): a statement that
# fails by accident (a builtin's error, a failed lookup, a failing write) does not decide
# whether the reads and model calls after it go; only a raise or an assert of the user's
# does. Each was a difference when written (an extra request, nothing else): run with
# `speculative_reads`, they must still give the same value, output and writes.
ALLOWED_WHY: dict[str, str] = {
    "malformed_reply_raises_before_next_chat":
        "extra chat POST: the second, independent chat starts beside the first and is sent "
        "although json.loads(first reply) raises between them (plain never sends it)",
    "spec_lookup_keyerror_before_chat":
        "extra chat POST: specs[tool name] raises KeyError between two independent chats; "
        "the second was started early beside the first",
    "sqlite_unique_violation_before_chat":
        "extra chat POST: a model call crosses a sqlite INSERT that raises IntegrityError "
        "(a failing write, not a failing sibling read): plain never sends the chat",
    "text_reply_where_tool_call_expected":
        "extra GET: message.tool_calls is None, tool_calls[0] raises TypeError, but the "
        "independent GET after it was started beside the chat",
    "anthropic_text_block_has_no_input":
        "extra GET: msg.content[0].input raises AttributeError on a text block; the GET "
        "after it was started beside the messages call",
    "zero_division_in_score_before_write":
        "extra GET: len(v)/len(v) raises ZeroDivisionError after the chat; the GET after "
        "it was started beside the chat",
    "plan_step_index_error_before_get":
        "extra GET: steps[200] raises IndexError after the planner's chat; the independent "
        "GET after it was started beside the chat",
    "file_write_fails_before_chat":
        "extra chat POST (5 of 6 runs): the chat crosses file writes and starts early; the "
        "third write raises FileNotFoundError; the chat's cancel on exit loses the race "
        "with its request",
    "loop_json_loads_each_reply":
        "2 extra chat POSTs: every iteration's chat starts up front; json.loads of the "
        "first reply raises, so plain sends only one (a raise by a builtin in the loop body "
        "is not treated like a raise/assert)",
    "comprehension_json_loads_replies":
        "2 extra chat POSTs: the comprehension's chats all start up front, the first "
        "json.loads raises",
    "async_loop_json_loads_replies":
        "extra chat POST: the async for loop's awaited chats start up front; json.loads of "
        "the first reply raises",
    "loop_sqlite_insert_duplicate":
        "extra chat POST: turn 3's chat starts early although turn 2's sqlite INSERT raises "
        "IntegrityError (model calls cross db writes, even ones that fail)",
}

CASES: list[Case] = [dataclasses.replace(c, speculative_reads=True) if c.name in ALLOWED_WHY
                     else c for c in ALL]
FAILING: list[Case] = []
FAILING_WHY: dict[str, str] = {}
