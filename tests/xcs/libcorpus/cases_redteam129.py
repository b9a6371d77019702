"""Red-team cases (stop 129): everyday agent and tool-calling scripts, written from docs/jit.md.

A loop asks the model (the openai SDK on the simulator) which tool to call, either through
the SDK's ``tool_calls`` or by parsing its text, dispatches through a dict of tool
functions (GETs, PUTs, compute, print), appends to a message history and stops on a final
answer; plan-then-execute; reflection (draft, critique, revise); multi-agent round-robin;
tools registered by a decorator; tool results cached in a dict; a max_steps guard; a budget
counter; logging of each step. Tool choice depends only on the simulator's deterministic
output or on fixed data. Sibling calls get unequal latencies, slow first. `FAILING` holds
the cases that differed or crashed under jit when written, `FAILING_WHY` says what differed.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam129")

M = 0.05  # a model call's latency in these cases
MAX_STEPS = 4


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def fn_spec(name: str, prop: str) -> dict[str, Any]:
    return {"type": "function", "function": {
        "name": name, "parameters": {"type": "object", "properties": {prop: {"type": "string"}},
                                     "required": [prop]}}}


SPECS = [fn_spec("get_weather", "city"), fn_spec("get_stock", "symbol"),
         fn_spec("get_news", "topic"), fn_spec("save_note", "text")]
ASK_THREE = "Check the weather in Paris, the stock ACME and the news about rockets"
ASK_SAVE = "Check the weather in Paris, the stock ACME, then save a note"


def chat(client: Any, messages: list, lat: float = M, **kw: Any) -> Any:
    return client.chat.completions.create(model="gpt", messages=messages,
                                          extra_body={"latency": lat}, **kw)


def say(client: Any, prompt: str, lat: float = M) -> str:
    return chat(client, [user(prompt)], lat).choices[0].message.content


def slug(s: str) -> str:
    return "-".join(s.lower().split())[:24] or "x"


# --------------------------------------------------------------------------- the tools


def get_weather(web: str, city: str) -> str:
    return requests.get(f"{web}/items/weather-{slug(city)}?ms=150").json()["value"]


def get_stock(web: str, symbol: str) -> str:
    return requests.get(f"{web}/items/stock-{slug(symbol)}?ms=40").json()["value"]


def get_news(web: str, topic: str) -> str:
    return requests.get(f"{web}/items/news-{slug(topic)}?ms=90").json()["value"]


def save_note(web: str, text: str) -> str:
    r = requests.put(f"{web}/items/note?ms=90", data=text)
    return f"saved v{r.json()['version']}"


TOOLS = {"get_weather": get_weather, "get_stock": get_stock, "get_news": get_news,
         "save_note": save_note}


def run_tool_calls(web: str, msg: Any, messages: list) -> list[str]:
    names = []
    for tc in msg.tool_calls:
        args = json.loads(tc.function.arguments)
        result = TOOLS[tc.function.name](web, **args)
        messages.append({"role": "tool", "tool_call_id": tc.id, "content": result})
        names.append(tc.function.name)
    return names


def assistant_dict(msg: Any) -> dict[str, Any]:
    return {"role": "assistant", "content": msg.content, "tool_calls": [
        {"id": t.id, "type": "function",
         "function": {"name": t.function.name, "arguments": t.function.arguments}}
        for t in msg.tool_calls]}


# =========================================================================== SDK tool_calls loops


def r129_loop_dispatch_three_gets(client: Any, web: str) -> dict[str, Any]:
    messages = [user(ASK_THREE)]
    used = []
    for _step in range(MAX_STEPS):
        r = chat(client, messages, tools=SPECS)
        msg = r.choices[0].message
        if r.choices[0].finish_reason == "stop":
            return {"final": msg.content, "used": used}
        messages.append(assistant_dict(msg))
        for tc in msg.tool_calls:
            args = json.loads(tc.function.arguments)
            result = TOOLS[tc.function.name](web, **args)
            messages.append({"role": "tool", "tool_call_id": tc.id, "content": result})
            used.append(tc.function.name)
    return {"final": None, "used": used}


def r129_loop_sdk_message_object_appended(client: Any, web: str) -> dict[str, Any]:
    messages: list[Any] = [user(ASK_THREE)]
    while True:
        r = chat(client, messages, tools=SPECS)
        msg = r.choices[0].message
        if not msg.tool_calls:
            return {"final": msg.content, "turns": len(messages)}
        messages.append(msg)
        for tc in msg.tool_calls:
            out = TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
            messages.append({"role": "tool", "tool_call_id": tc.id, "content": out})


def r129_loop_get_get_put_order(client: Any, web: str) -> dict[str, Any]:
    messages = [user(ASK_SAVE)]
    trace = []
    for _step in range(MAX_STEPS):
        msg = chat(client, messages, tools=SPECS).choices[0].message
        if not msg.tool_calls:
            break
        messages.append(assistant_dict(msg))
        trace += run_tool_calls(web, msg, messages)
    notes = requests.get(f"{web}/items/note?ms=40").json()["value"]
    return {"trace": trace, "note": notes, "final": msg.content}


def r129_loop_prints_each_tool(client: Any, web: str) -> str:
    messages = [user(ASK_THREE)]
    step = 0
    while step < MAX_STEPS:
        step += 1
        msg = chat(client, messages, tools=SPECS).choices[0].message
        print(f"step {step}: {len(msg.tool_calls or [])} tool calls")
        if not msg.tool_calls:
            print("final:", msg.content[:30])
            return msg.content
        messages.append(assistant_dict(msg))
        for tc in msg.tool_calls:
            print("  ->", tc.function.name, tc.function.arguments)
            result = TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
            print("  <-", result)
            messages.append({"role": "tool", "tool_call_id": tc.id, "content": result})
    return "gave up"


def r129_loop_logs_each_step(client: Any, web: str) -> str:
    messages = [user(ASK_THREE)]
    for step in range(MAX_STEPS):
        msg = chat(client, messages, tools=SPECS).choices[0].message
        LOG.info("step %d: %s", step, [t.function.name for t in msg.tool_calls or []])
        if not msg.tool_calls:
            LOG.info("final answer (%d chars)", len(msg.content))
            return msg.content
        messages.append(assistant_dict(msg))
        for tc in msg.tool_calls:
            result = TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
            LOG.debug("tool %s returned %s", tc.function.name, result)
            LOG.info("tool %s done", tc.function.name)
            messages.append({"role": "tool", "tool_call_id": tc.id, "content": result})
    LOG.warning("max steps reached")
    return ""


def r129_max_steps_required_gives_up(client: Any, web: str) -> dict[str, Any]:
    """tool_choice="required": the model never answers, the guard stops the loop."""
    messages = [user("Look up the stock ACME")]
    calls = 0
    for _ in range(3):
        msg = chat(client, messages, tools=SPECS[:2], tool_choice="required").choices[0].message
        tc = msg.tool_calls[0]
        result = TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
        calls += 1
        messages.append(user(f"Result: {result}. Look up the stock ACME again"))
    return {"calls": calls, "answer": "gave up after max steps"}


def r129_budget_counter_tokens_break(client: Any, web: str) -> dict[str, Any]:
    budget = 260
    messages = [user(ASK_THREE)]
    spent = []
    for _ in range(MAX_STEPS):
        r = chat(client, messages, tools=SPECS)
        budget -= r.usage.total_tokens
        spent.append(r.usage.total_tokens)
        if budget < 0:
            print("out of budget")
            break
        msg = r.choices[0].message
        if not msg.tool_calls:
            break
        messages.append(assistant_dict(msg))
        run_tool_calls(web, msg, messages)
    return {"left": budget, "spent": spent}


class BudgetExceeded(Exception):
    pass


def r129_budget_raise_per_tool(client: Any, web: str) -> list[str]:
    cost = {"get_weather": 3, "get_stock": 2, "get_news": 4, "save_note": 1}
    budget = 6
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    done = []
    for tc in msg.tool_calls:
        budget -= cost[tc.function.name]
        if budget < 0:
            raise BudgetExceeded(f"no budget for {tc.function.name} after {done}")
        done.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
    return done


def r129_named_tool_choice_per_plan_step(client: Any, web: str) -> list[str]:
    """A fixed plan forces one tool per step; each step's messages are fresh."""
    plan = ["get_weather", "get_stock", "get_news"]
    out = []
    for name in plan:
        r = chat(client, [user(f"Do step {name}")], tools=SPECS,
                 tool_choice={"type": "function", "function": {"name": name}})
        tc = r.choices[0].message.tool_calls[0]
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
    return out


# =========================================================================== decorator registry


REGISTRY: dict[str, dict[str, Any]] = {}


def tool(desc: str) -> Any:
    def register(fn: Any) -> Any:
        REGISTRY[fn.__name__] = {"fn": fn, "desc": desc}
        return fn
    return register


@tool("Current weather for a city")
def weather(web: str, q: str) -> str:
    return requests.get(f"{web}/items/w-{slug(q)}?ms=150").json()["value"]


@tool("Latest price of a stock")
def stock(web: str, q: str) -> str:
    return requests.get(f"{web}/items/s-{slug(q)}?ms=40").json()["value"]


@tool("Word count, computed locally")
def wordcount(web: str, q: str) -> str:
    return str(len(q.split()))


@tool("Search the news")
def news(web: str, q: str) -> str:
    return requests.get(f"{web}/items/n-{slug(q)}?ms=90").json()["value"]


@tool("Print something for the user")
def shout(web: str, q: str) -> str:
    print("SHOUT:", q.upper())
    return "shouted"


def r129_registry_text_choice(client: Any, web: str) -> list[tuple[str, str]]:
    """The tool is the one whose index the model's answer length picks."""
    names = sorted(REGISTRY)
    out = []
    for q, lat in (("rain in Oslo", 0.15), ("price of ACME", 0.04), ("moon news", 0.09)):
        text = say(client, f"Which tool for: {q}? Tools: {', '.join(names)}", lat)
        name = names[len(text) % len(names)]
        out.append((name, REGISTRY[name]["fn"](web, q)))
    return out


def r129_registry_fixed_plan_mixed_kinds(web: str) -> list[str]:
    plan = [("weather", "Oslo"), ("shout", "start"), ("stock", "ACME"), ("wordcount", "a b c"),
            ("news", "moon"), ("shout", "end")]
    return [REGISTRY[name]["fn"](web, arg) for name, arg in plan]


def r129_registry_describe_then_dispatch(client: Any, web: str) -> dict[str, str]:
    menu = "\n".join(f"- {n}: {REGISTRY[n]['desc']}" for n in sorted(REGISTRY))
    plan_text = say(client, f"Plan using these tools:\n{menu}")
    wanted = [n for n in ("weather", "stock", "news") if n[0] in plan_text or True]
    results = {}
    for n in wanted:
        results[n] = REGISTRY[n]["fn"](web, plan_text.split()[1])
    return results


CALLS: dict[str, int] = {}


def counted(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        CALLS[fn.__name__] = CALLS.get(fn.__name__, 0) + 1
        print("calling", fn.__name__)
        return fn(*a, **kw)
    return wrapper


@counted
def c_weather(web: str, q: str) -> str:
    return requests.get(f"{web}/items/cw-{slug(q)}?ms=150").json()["value"]


@counted
def c_stock(web: str, q: str) -> str:
    return requests.get(f"{web}/items/cs-{slug(q)}?ms=40").json()["value"]


@counted
def c_news(web: str, q: str) -> str:
    return requests.get(f"{web}/items/cn-{slug(q)}?ms=90").json()["value"]


COUNTED = {"weather": c_weather, "stock": c_stock, "news": c_news}


def r129_wrapped_tools_count_calls(web: str) -> dict[str, Any]:
    CALLS.clear()
    out = []
    for name, q in (("weather", "Oslo"), ("stock", "ACME"), ("news", "moon"), ("stock", "XYZ")):
        out.append(COUNTED[name](web, q))
    return {"out": out, "calls": dict(CALLS)}


# =========================================================================== caches


def r129_cache_dict_skips_repeat(web: str) -> list[str]:
    cache: dict[tuple[str, str], str] = {}
    plan = [("get_weather", "Oslo"), ("get_stock", "ACME"), ("get_weather", "Oslo"),
            ("get_news", "moon"), ("get_stock", "ACME")]
    out = []
    for name, arg in plan:
        key = (name, arg)
        if key not in cache:
            cache[key] = TOOLS[name](web, arg)
        out.append(cache[key])
    return out



TOOL_CACHE: dict[str, str] = {}


def cached_tool(web: str, name: str, arg: str) -> str:
    key = f"{name}:{arg}"
    if key in TOOL_CACHE:
        print("cache hit", key)
        return TOOL_CACHE[key]
    TOOL_CACHE[key] = value = TOOLS[name](web, arg)
    return value


def r129_cache_global_dict_helper(web: str) -> list[str]:
    TOOL_CACHE.clear()
    out = []
    for name, arg in (("get_weather", "Rome"), ("get_stock", "ACME"), ("get_news", "moon"),
                      ("get_weather", "Rome")):
        out.append(cached_tool(web, name, arg))
    return out


@functools.cache
def memo_news(web: str, topic: str) -> str:
    print("fetching news", topic)
    return requests.get(f"{web}/items/mn-{slug(topic)}?ms=90").json()["value"]


def r129_cache_functools_cache_tool(web: str) -> list[str]:
    memo_news.cache_clear()
    return [memo_news(web, t) for t in ("moon", "mars", "moon", "venus")]


# =========================================================================== plan, then execute


def r129_plan_words_then_fetch_each(client: Any, web: str) -> dict[str, Any]:
    plan = say(client, "Make a plan of three lookups").split()[2:5]
    results = []
    for step, ms in zip(plan, (150, 40, 90), strict=True):
        results.append(requests.get(f"{web}/items/{slug(step)}?ms={ms}").json()["value"])
    summary = say(client, "Summarise: " + "; ".join(results))
    return {"plan": plan, "results": results, "summary": summary}


def r129_plan_execute_print_progress(client: Any, web: str) -> str:
    steps = say(client, "List the steps").split()[3:6]
    notes = []
    for i, step in enumerate(steps, 1):
        print(f"[{i}/{len(steps)}] {step} ...")
        got = requests.get(f"{web}/items/p-{slug(step)}?ms={(150, 40, 90)[i - 1]}").json()
        print(f"[{i}/{len(steps)}] {step} -> {got['value']}")
        notes.append(got["value"])
    return say(client, "Write up: " + ", ".join(notes))


def r129_plan_json_steps_model_each(client: Any) -> dict[str, Any]:
    r = chat(client, [user("Give a plan as JSON")], response_format={"type": "json_object"})
    plan = json.loads(r.choices[0].message.content)["answer"].split()[1:4]
    outputs = {}
    for step, lat in zip(plan, (0.15, 0.04, 0.09), strict=True):
        outputs[step] = say(client, f"Do the step: {step}", lat)
    final = say(client, "Combine: " + " | ".join(outputs.values()))
    return {"plan": plan, "final": final}


def r129_plan_step_fails_recorded(client: Any, web: str) -> list[str]:
    steps = [("fetch", "/items/pa?ms=150"), ("broken", "/status/503?ms=40"),
             ("fetch", "/items/pc?ms=90")]
    say(client, "Plan it")
    log = []
    for name, path in steps:
        try:
            r = requests.get(web + path)
            r.raise_for_status()
            log.append(f"{name}: {r.json()['value']}")
        except requests.HTTPError as exc:
            log.append(f"{name} failed: {exc.response.status_code}")
    return log


def r129_plan_get_then_put_results(web: str) -> list[int]:
    plan = [("a1", 150), ("a2", 40), ("a3", 90)]
    versions = []
    for key, ms in plan:
        value = requests.get(f"{web}/items/src-{key}?ms={ms}").json()["value"]
        versions.append(requests.put(f"{web}/items/dst-{key}?ms=30",
                                     data=value.upper()).json()["version"])
    return versions


def r129_plan_stops_on_final_keyword(client: Any, web: str) -> list[str]:
    """Each step's verdict decides whether the next step runs: sequential by design."""
    done = []
    for i, (key, ms) in enumerate((("k1", 150), ("k2", 40), ("k3", 90), ("k4", 60))):
        got = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        verdict = say(client, f"Is {got} enough? step {i}")
        done.append(got)
        if len(verdict) % 3 == 0:
            done.append("FINAL")
            break
    return done


# =========================================================================== reflection


def r129_reflection_chain(client: Any) -> dict[str, str]:
    draft = say(client, "Draft a haiku about latency")
    for rnd in range(2):
        critique = say(client, f"Critique round {rnd}: {draft}")
        draft = say(client, f"Revise using: {critique}")
    return {"draft": draft}


def r129_reflection_parallel_critics(client: Any) -> dict[str, Any]:
    draft = say(client, "Draft a tweet about caching")
    critiques = {}
    for persona, lat in (("editor", 0.15), ("lawyer", 0.04), ("marketer", 0.09)):
        critiques[persona] = say(client, f"As a {persona}, critique: {draft}", lat)
    revised = say(client, "Revise with: " + json.dumps(critiques, sort_keys=True))
    return {"critiques": sorted(critiques), "revised": revised}


def r129_reflection_score_loop_break(client: Any) -> list[int]:
    draft = say(client, "Draft an intro")
    scores = []
    for rnd in range(4):
        score = len(say(client, f"Score 0-9: {draft}")) % 10
        scores.append(score)
        print("round", rnd, "score", score)
        if score >= 7:
            break
        draft = say(client, f"Improve: {draft} (score {score})")
    return scores



def r129_reflection_two_tasks_interleaved(client: Any) -> list[str]:
    """Two independent reflection chains written one after the other."""
    a = say(client, "Draft A", 0.15)
    b = say(client, "Draft B", 0.04)
    a2 = say(client, f"Critique and revise: {a}", 0.09)
    b2 = say(client, f"Critique and revise: {b}", 0.09)
    return [a2, b2]


# =========================================================================== multi-agent


AGENTS = [("planner", 0.15), ("coder", 0.04), ("tester", 0.09)]


def r129_round_robin_shared_transcript(client: Any) -> list[str]:
    transcript = ["user: build a calculator"]
    for _round in range(2):
        for name, lat in AGENTS:
            reply = say(client, "\n".join(transcript) + f"\n{name}:", lat)
            transcript.append(f"{name}: {reply[:40]}")
    return transcript


def r129_round_robin_proposals_then_judge(client: Any) -> list[str]:
    topic = "pick a database"
    winners = []
    for rnd in range(2):
        proposals = []
        for name, lat in AGENTS:
            proposals.append(say(client, f"{name} proposes for {topic} (round {rnd})", lat))
        verdict = say(client, "Judge: " + " || ".join(proposals))
        winners.append(AGENTS[len(verdict) % 3][0])
        topic = f"{topic} after {winners[-1]}"
    return winners


@dataclasses.dataclass
class Agent:
    name: str
    lat: float
    client: Any
    seen: list[str] = dataclasses.field(default_factory=list)

    def act(self, msg: str) -> str:
        self.seen.append(msg)
        r = self.client.chat.completions.create(model="gpt", messages=[user(f"{self.name}: {msg}")],
                                                extra_body={"latency": self.lat})
        return r.choices[0].message.content


def r129_agent_objects_broadcast(client: Any) -> dict[str, Any]:
    agents = [Agent(n, lat, client) for n, lat in AGENTS]
    replies = {}
    for a in agents:
        replies[a.name] = a.act("status report")
        print(a.name, "replied", len(replies[a.name]))
    return {"replies": replies, "seen": [a.seen for a in agents]}



def r129_round_robin_log_turns(client: Any) -> list[str]:
    out = []
    for turn, (name, lat) in enumerate(AGENTS * 2):
        LOG.info("turn %d: %s", turn, name)
        reply = say(client, f"{name}, your opinion on turn {turn}?", lat)
        LOG.info("turn %d: %s said %d chars", turn, name, len(reply))
        out.append(reply[:20])
    return out


# =========================================================================== tools with state


MEMORY: dict[str, str] = {}


def remember(web: str, key: str) -> str:
    MEMORY[key] = requests.get(f"{web}/items/mem-{key}?ms=90").json()["value"]
    return "stored"


def recall(web: str, key: str) -> str:
    return MEMORY.get(key, "nothing")


MEM_TOOLS = {"remember": remember, "recall": recall, "weather": get_weather}


def r129_memory_tools_global_dict(web: str) -> list[str]:
    MEMORY.clear()
    plan = [("recall", "a"), ("remember", "a"), ("weather", "Oslo"), ("recall", "a"),
            ("remember", "b"), ("recall", "b")]
    return [MEM_TOOLS[name](web, arg) for name, arg in plan]


SPENT = 0


def spend(n: int) -> None:
    global SPENT
    SPENT += n


def paid_get(web: str, key: str, ms: int) -> str:
    spend(ms)
    return requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]


def r129_global_spend_counter(web: str) -> dict[str, Any]:
    global SPENT
    SPENT = 0
    out = []
    for key, ms in (("g1", 150), ("g2", 40), ("g3", 90)):
        out.append(paid_get(web, key, ms))
        out.append(str(SPENT))
    return {"out": out, "spent": SPENT}


def r129_tool_results_into_sqlite(web: str, db: str) -> list[tuple]:
    con = sqlite3.connect(db)
    con.execute("create table steps (n integer, tool text, result text)")
    for n, (name, arg) in enumerate((("get_weather", "Oslo"), ("get_stock", "ACME"),
                                     ("get_news", "moon"))):
        result = TOOLS[name](web, arg)
        con.execute("insert into steps values (?, ?, ?)", (n, name, result))
    con.commit()
    rows = con.execute("select * from steps order by n").fetchall()
    con.close()
    return rows


def r129_scratchpad_file_between_tools(web: str, tmp: str) -> str:
    pad = Path(tmp) / "scratch.md"
    pad.write_text("# notes\n")
    for name, arg in (("get_weather", "Oslo"), ("get_stock", "ACME"), ("get_news", "moon")):
        result = TOOLS[name](web, arg)
        with pad.open("a") as f:
            f.write(f"- {name}: {result}\n")
    return pad.read_text()


def r129_step_log_jsonl(client: Any, web: str, tmp: str) -> list[dict]:
    path = Path(tmp) / "steps.jsonl"
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    with open(path, "w") as f:
        for i, tc in enumerate(msg.tool_calls):
            result = TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
            json.dump({"step": i, "tool": tc.function.name, "result": result}, f)
            f.write("\n")
    return [json.loads(line) for line in path.read_text().splitlines()]


CALL_LOG: list[dict] = []


def logged_fetch(web: str, key: str, opts: dict) -> str:
    CALL_LOG.append(opts)
    return requests.get(f"{web}/items/{key}", params=dict(opts)).json()["value"]


def r129_args_dict_reused_and_aliased(web: str) -> dict[str, Any]:
    CALL_LOG.clear()
    opts = {"ms": "0", "who": "agent"}
    out = []
    for key, ms in (("o1", "150"), ("o2", "40"), ("o3", "90")):
        opts["ms"] = ms
        out.append(logged_fetch(web, key, opts))
    opts["who"] = "done"
    return {"out": out, "log": [dict(o) for o in CALL_LOG]}


def fetch_into(web: str, key: str, ms: int, history: list) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
    history.append({"role": "tool", "content": value})
    return value


def r129_tool_appends_to_history(web: str) -> list[dict]:
    history: list[dict] = [{"role": "user", "content": "go"}]
    for key, ms in (("h1", 150), ("h2", 40), ("h3", 90)):
        fetch_into(web, key, ms, history)
        history.append({"role": "assistant", "content": f"saw {len(history)}"})
    return history


class Toolbox:
    def __init__(self, web: str) -> None:
        self.web = web
        self.calls = 0

    def tool_weather(self, city: str) -> str:
        self.calls += 1
        return requests.get(f"{self.web}/items/tw-{slug(city)}?ms=150").json()["value"]

    def tool_stock(self, symbol: str) -> str:
        self.calls += 1
        return requests.get(f"{self.web}/items/ts-{slug(symbol)}?ms=40").json()["value"]

    def tool_news(self, topic: str) -> str:
        self.calls += 1
        return requests.get(f"{self.web}/items/tn-{slug(topic)}?ms=90").json()["value"]


def r129_dispatch_getattr_on_toolbox(web: str) -> dict[str, Any]:
    box = Toolbox(web)
    out = []
    for name, arg in (("weather", "Oslo"), ("stock", "ACME"), ("news", "moon")):
        out.append(getattr(box, "tool_" + name)(arg))
    return {"out": out, "calls": box.calls}


def fetch_ms(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]


def r129_partial_and_lambda_registry(web: str) -> list[str]:
    tools = {
        "slow": functools.partial(fetch_ms, web, ms=150),
        "fast": lambda k: fetch_ms(web, k, 40),
        "mid": functools.partial(fetch_ms, web, ms=90),
        "upper": str.upper,
    }
    plan = [("slow", "pl1"), ("fast", "pl2"), ("upper", "done?"), ("mid", "pl3")]
    return [tools[name](arg) for name, arg in plan]


def r129_unknown_tool_error_appended(web: str) -> list[str]:
    out = []
    for name, arg in (("get_weather", "Oslo"), ("get_time", "now"), ("get_stock", "ACME"),
                      ("get_news", "moon")):
        try:
            out.append(TOOLS[name](web, arg))
        except KeyError as exc:
            out.append(f"error: unknown tool {exc}")
    return out


def r129_tool_raises_uncaught_after_put(web: str) -> list[str]:
    out = []
    for name, arg in (("get_weather", "Oslo"), ("save_note", "before"), ("get_stock", None),
                      ("save_note", "after")):
        out.append(TOOLS[name](web, arg))
    return out


def r129_rate_limit_sleep_between_tools(web: str) -> list[str]:
    out = []
    for name, arg in (("get_weather", "Oslo"), ("get_stock", "ACME"), ("get_news", "moon")):
        out.append(TOOLS[name](web, arg))
        time.sleep(0.02)
    return out



def r129_threadpool_tools_within_step(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    calls = [(tc.function.name, json.loads(tc.function.arguments)) for tc in msg.tool_calls]
    with ThreadPoolExecutor(max_workers=3) as pool:
        futs = [pool.submit(TOOLS[n], web, **a) for n, a in calls]
    return [f.result() for f in futs]


def r129_stdout_write_step_markers(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    out = []
    for tc in msg.tool_calls:
        sys.stdout.write(f"> {tc.function.name}\n")
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
        sys.stdout.write(f"< {len(out[-1])}\n")
    return out


@dataclasses.dataclass
class Step:
    tool: str
    arg: str
    result: str | None = None


def r129_dataclass_steps_filled_in(web: str) -> list[Step]:
    steps = [Step("get_weather", "Oslo"), Step("get_stock", "ACME"), Step("get_news", "moon")]
    for s in steps:
        s.result = TOOLS[s.tool](web, s.arg)
    return steps


def r129_history_slice_per_question(client: Any) -> list[str]:
    history = [{"role": "system", "content": "be brief"}]
    answers = []
    for q, lat in (("one?", 0.15), ("two?", 0.04), ("three?", 0.09)):
        r = chat(client, history[:1] + [user(q)], lat)
        history.append(user(q))
        history.append({"role": "assistant", "content": r.choices[0].message.content})
        answers.append(r.choices[0].message.content)
    return answers + [str(len(history))]



def r129_final_answer_dict_comprehension(client: Any, web: str) -> dict[str, str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    return {tc.function.name: TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
            for tc in msg.tool_calls}


def r129_two_agents_tool_steps_each(client: Any, web: str) -> dict[str, list[str]]:
    """Two independent agents, each one model step and its tool calls."""
    out: dict[str, list[str]] = {}
    for agent, prompt in (("alice", ASK_THREE), ("bob", "Check the stock XYZ and news on ai")):
        msg = chat(client, [user(f"{agent}: {prompt}")], tools=SPECS).choices[0].message
        out[agent] = [TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
                      for tc in msg.tool_calls]
    return out


# =========================================================================== round two: aliasing, dispatch of verbs


def r129_shared_messages_list_grows(client: Any) -> list[str]:
    """One list passed to every call, appended to before each: each call sees its prefix."""
    msgs = [{"role": "system", "content": "be brief"}]
    outs = []
    for q, lat in (("alpha?", 0.15), ("beta?", 0.04), ("gamma?", 0.09)):
        msgs.append(user(q))
        outs.append(chat(client, msgs, lat).choices[0].message.content)
    return outs


def r129_template_list_append_pop(client: Any) -> list[str]:
    msgs = [{"role": "system", "content": "answer in one word"}]
    outs = []
    for q, lat in (("red?", 0.15), ("green?", 0.04), ("blue?", 0.09)):
        msgs.append(user(q))
        r = chat(client, msgs, lat)
        msgs.pop()
        outs.append(r.choices[0].message.content)
    return outs + [str(len(msgs))]


def r129_tool_args_mutated_after_call(web: str) -> list[str]:
    params = {"ms": "150", "step": "0"}
    out = []
    for i, ms in enumerate(("150", "40", "90")):
        params["ms"] = ms
        r = requests.get(f"{web}/items/pm{i}", params=params)
        params["step"] = str(i + 1)
        out.append(r.json()["value"] + "@" + r.url.split("?")[1])
    return out


def r129_session_verbs_in_dispatch_dict(web: str) -> list[str]:
    s = requests.Session()
    ops = {"get": s.get, "put": s.put, "delete": s.delete}
    plan = [("get", "dk1", 150, None), ("put", "dk1", 40, "new"), ("get", "dk1", 90, None),
            ("delete", "dk1", 30, None), ("get", "dk2", 60, None), ("get", "dk1", 20, None)]
    out = []
    for verb, key, ms, body in plan:
        kw = {"data": body} if body is not None else {}
        r = ops[verb](f"{web}/items/{key}?ms={ms}", **kw)
        out.append(f"{verb} {r.text}")
    s.close()
    return out


def r129_getattr_requests_verb_from_plan(web: str) -> list[str]:
    plan = [("get", "gv1", 150), ("put", "gv1", 40), ("get", "gv1", 90), ("get", "gv2", 30)]
    out = []
    for verb, key, ms in plan:
        r = getattr(requests, verb)(f"{web}/items/{key}?ms={ms}", data="x" if verb == "put" else None)
        out.append(r.text)
    return out


def r129_request_method_variable(web: str) -> list[str]:
    plan = [("GET", "rm1", 150), ("PUT", "rm1", 40), ("GET", "rm1", 90), ("GET", "rm2", 30)]
    out = []
    for method, key, ms in plan:
        r = requests.request(method, f"{web}/items/{key}?ms={ms}", data=f"{method}-{key}")
        out.append(r.text)
    return out


DYN: dict[str, Any] = {}


def _search_v1(web: str, q: str) -> str:
    return requests.get(f"{web}/items/v1-{q}?ms=150").json()["value"]


def _search_v2(web: str, q: str) -> str:
    print("v2 search", q)
    return requests.get(f"{web}/items/v2-{q}?ms=40").json()["value"]


def install(name: str, fn: Any) -> str:
    DYN[name] = fn
    return f"installed {name}"


def r129_tool_reregistered_mid_plan(web: str) -> list[str]:
    DYN.clear()
    DYN["search"] = _search_v1
    out = [DYN["search"](web, "a")]
    out.append(install("search", _search_v2))
    out.append(DYN["search"](web, "b"))
    out.append(DYN["search"](web, "c"))
    return out


def file_write(tmp: str, name: str, text: str = "") -> str:
    Path(tmp, name).write_text(text or name.upper())
    return "wrote " + name


def file_read(tmp: str, name: str, text: str = "") -> str:
    try:
        return Path(tmp, name).read_text()
    except FileNotFoundError:
        return "missing " + name


FILE_TOOLS = {"write": file_write, "read": file_read}


def r129_file_tools_dispatch_read_after_write(web: str, tmp: str) -> list[str]:
    plan = [("read", "a.txt", ""), ("write", "a.txt", "first"), ("read", "a.txt", ""),
            ("write", "a.txt", "second"), ("read", "b.txt", ""), ("read", "a.txt", "")]
    out = []
    for i, (name, fname, text) in enumerate(plan):
        out.append(FILE_TOOLS[name](tmp, fname, text))
        out.append(requests.get(f"{web}/items/f{i}?ms={(150, 40, 90, 60, 30, 20)[i]}").text)
    return out


def r129_nonlocal_budget_closure(web: str) -> dict[str, Any]:
    budget = 5

    def charge(n: int) -> None:
        nonlocal budget
        budget -= n

    out = []
    for key, ms, cost in (("nb1", 150, 2), ("nb2", 40, 2), ("nb3", 90, 2), ("nb4", 30, 2)):
        if budget < cost:
            out.append("skipped " + key)
            continue
        charge(cost)
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
    return {"out": out, "left": budget}


def tool_mutates_its_args(web: str, args: dict) -> str:
    args["visited"] = True
    return requests.get(f"{web}/items/{args['key']}?ms={args['ms']}").json()["value"]


def r129_tool_mutates_args_caller_reads(web: str) -> list[Any]:
    calls = [{"key": "ma1", "ms": 150}, {"key": "ma2", "ms": 40}, {"key": "ma3", "ms": 90}]
    out = []
    for c in calls:
        before = "visited" in c
        out.append((tool_mutates_its_args(web, c), before, "visited" in c))
    return out


def r129_history_passed_by_reference_to_tool(client: Any, web: str) -> list[int]:
    """The tool records the length of the history it is handed; the model call gets it too."""
    history = [user("start")]
    seen = []
    for key, lat in (("hr1", 0.15), ("hr2", 0.04), ("hr3", 0.09)):
        history.append(user(f"look up {key}"))
        r = chat(client, history, lat)
        seen.append(len(history))
        history.append({"role": "assistant", "content": r.choices[0].message.content[:10]})
    return seen


def r129_flush_and_end_prints(web: str) -> list[str]:
    out = []
    for key, ms in (("se1", 150), ("se2", 40), ("se3", 90)):
        print("step", key, flush=True)
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
        print("done", key, end=" | ", flush=True)
    print()
    return out


# =========================================================================== the lists


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db(env: Env) -> tuple:
    return (env.web, str(env.tmp / "agent.db"))


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _b(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa_web), servers="web api", ideal=ideal, **kw)


def _s(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


T3 = (0.15, 0.04, 0.09)
STEP3 = (2 * M + sum(T3)) / (2 * M + 0.15)  # model, three tools, model
ONE3 = (M + sum(T3)) / (M + 0.15)  # model, three tools

ALL: list[Case] = [
    _b(r129_loop_dispatch_three_gets, STEP3, overlap=3),
    _b(r129_loop_sdk_message_object_appended, STEP3, overlap=3),
    _b(r129_loop_get_get_put_order, (2 * M + 0.15 + 0.04 + 0.09 + 0.04) / (2 * M + 0.15 + 0.09
                                                                          + 0.04)),
    _b(r129_loop_prints_each_tool, STEP3, overlap=3),
    _b(r129_loop_logs_each_step, STEP3, overlap=3),
    _b(r129_max_steps_required_gives_up),
    _b(r129_budget_counter_tokens_break, STEP3, cat="validation"),
    _b(r129_budget_raise_per_tool, cat="validation"),
    _b(r129_named_tool_choice_per_plan_step, (3 * M + sum(T3)) / (M + 0.15), overlap=3),
    _b(r129_registry_text_choice, over(0.15 + 0.15, 0.04 + 0.04, 0.09 + 0.09)),
    _w(r129_registry_fixed_plan_mixed_kinds, over(*T3), overlap=3),
    _b(r129_registry_describe_then_dispatch, ONE3, overlap=3),
    _w(r129_wrapped_tools_count_calls, (sum(T3) + 0.04) / 0.15, overlap=4),
    _w(r129_cache_dict_skips_repeat, over(*T3), overlap=3),
    _w(r129_cache_global_dict_helper, over(*T3)),
    _w(r129_cache_functools_cache_tool, 3.0),
    _b(r129_plan_words_then_fetch_each, STEP3, overlap=3),
    _b(r129_plan_execute_print_progress, STEP3, overlap=3),
    _s(r129_plan_json_steps_model_each, STEP3, overlap=3),
    _b(r129_plan_step_fails_recorded, (M + sum(T3)) / max(M, 0.15), cat="validation"),
    _w(r129_plan_get_then_put_results),
    _b(r129_plan_stops_on_final_keyword),
    _s(r129_reflection_chain),
    _s(r129_reflection_parallel_critics, STEP3, overlap=3),
    _s(r129_reflection_score_loop_break),
    _s(r129_reflection_two_tasks_interleaved, (0.15 + 0.04 + 0.09 + 0.09) / (0.15 + 0.09),
       overlap=2),
    _s(r129_round_robin_shared_transcript),
    _s(r129_round_robin_proposals_then_judge, 2 * (sum(T3) + M) / (2 * (0.15 + M)), overlap=3),
    _s(r129_agent_objects_broadcast, over(*T3), overlap=3),
    _s(r129_round_robin_log_turns, 2 * sum(T3) / 0.15, overlap=6),
    _w(r129_memory_tools_global_dict, cat="state"),
    _w(r129_global_spend_counter, over(*T3), cat="state"),
    _w(r129_tool_results_into_sqlite, over(*T3), args=web_db, cat="db"),
    _w(r129_scratchpad_file_between_tools, over(*T3), args=web_tmp, cat="files"),
    _b(r129_step_log_jsonl, ONE3, args=oa_web_tmp, cat="files"),
    _w(r129_args_dict_reused_and_aliased, over(*T3), overlap=3),
    _w(r129_tool_appends_to_history, over(*T3), overlap=3),
    _w(r129_dispatch_getattr_on_toolbox, over(*T3), overlap=3),
    _w(r129_partial_and_lambda_registry, over(*T3), overlap=3),
    _w(r129_unknown_tool_error_appended, over(*T3), overlap=3, cat="validation"),
    _w(r129_tool_raises_uncaught_after_put, cat="validation"),
    _w(r129_rate_limit_sleep_between_tools, cat="sleep", spacing=0.015),
    _b(r129_threadpool_tools_within_step, cat="threads"),
    _b(r129_stdout_write_step_markers, ONE3, overlap=3),
    _w(r129_dataclass_steps_filled_in, over(*T3), overlap=3),
    _s(r129_history_slice_per_question, over(*T3), overlap=3),
    _b(r129_final_answer_dict_comprehension, ONE3, overlap=3),
    _b(r129_two_agents_tool_steps_each, (2 * M + sum(T3) + 0.04 + 0.09) / (M + 0.15)),
    _s(r129_shared_messages_list_grows, over(*T3), overlap=3),
    _s(r129_template_list_append_pop, over(*T3), overlap=3),
    _w(r129_tool_args_mutated_after_call, over(*T3), overlap=3),
    _w(r129_session_verbs_in_dispatch_dict),
    _w(r129_getattr_requests_verb_from_plan, (0.15 + 0.04 + 0.09 + 0.03) / (0.15 + 0.04 + 0.09)),
    _w(r129_request_method_variable, (0.15 + 0.04 + 0.09 + 0.03) / (0.15 + 0.04 + 0.09)),
    _w(r129_tool_reregistered_mid_plan, cat="state"),
    _w(r129_file_tools_dispatch_read_after_write, over(0.15, 0.04, 0.09, 0.06, 0.03, 0.02),
       args=web_tmp, cat="files"),
    _w(r129_nonlocal_budget_closure, over(0.15, 0.04), cat="state"),
    _w(r129_tool_mutates_args_caller_reads, over(*T3)),
    _b(r129_history_passed_by_reference_to_tool),
    _w(r129_flush_and_end_prints, over(*T3), overlap=3),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
