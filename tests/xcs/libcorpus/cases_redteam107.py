"""Red-team cases (stop 107): agent and tool-use loops.

A while loop asks a model, parses its tool call (``json``, ``re``, the SDKs' ``tool_calls``),
dispatches through a dict of tool functions (some GET over HTTP, some write a file or PUT or
POST, some sleep as a rate limit), appends to a messages list, and stops on a final answer or a
step budget; several agents over a list of tasks; a planner fanning out sub-questions then a
synthesiser; tools mutating shared state (a scratchpad dict, a notes list, a counter); tools
registered by a decorator into a module-level registry; tools that raise by design. Each step
depends on the last, so most must not reorder; only independent tasks and sub-questions claim
overlap. Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import anthropic
import openai
import requests

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    anthropic_client,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam107")

ACTION = {"type": "json_schema", "json_schema": {"name": "action", "schema": {
    "type": "object",
    "properties": {"tool": {"type": "string", "enum": ["search", "note", "done"]},
                   "arg": {"type": "string"}},
    "required": ["tool", "arg"], "additionalProperties": False}}}

SEARCH_FN = {"type": "function", "function": {
    "name": "search", "description": "Search the knowledge base",
    "parameters": {"type": "object", "properties": {"q": {"type": "string"}},
                   "required": ["q"]}}}
NOTE_FN = {"type": "function", "function": {
    "name": "note", "description": "Write a note",
    "parameters": {"type": "object", "properties": {"text": {"type": "string"}},
                   "required": ["text"]}}}


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def ask_action(client: Any, messages: list[dict[str, Any]], lat: float) -> dict[str, str]:
    r = client.chat.completions.create(model="gpt", messages=messages, response_format=ACTION,
                                       extra_body={"latency": lat})
    return json.loads(r.choices[0].message.content)


def ask_text(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:24] or "x"


# ---------------------------------------------------------------- module-level registry

TOOLS: dict[str, Any] = {}
CALLS = Counter()


def tool(name: str) -> Any:
    def register(fn: Any) -> Any:
        TOOLS[name] = fn
        return fn
    return register


@tool("search")
def _t_search(web: str, arg: str) -> str:
    CALLS["search"] += 1
    return requests.get(f"{web}/items/s-{slug(arg)}?ms=90", timeout=5).json()["value"]


@tool("note")
def _t_note(web: str, arg: str) -> str:
    CALLS["note"] += 1
    r = requests.put(f"{web}/items/notes", data=arg, timeout=5)
    return f"saved v{r.json()['version']}"


@tool("done")
def _t_done(web: str, arg: str) -> str:
    CALLS["done"] += 1
    return "FINAL:" + arg


# =========================================================================== loops


def react_json_actions_dict_dispatch(client: Any, web: str) -> dict[str, Any]:
    """The model answers a JSON action; a dict of tools runs it; the result goes back."""
    def search(q: str) -> str:
        return requests.get(f"{web}/items/q-{slug(q)}?ms=120", timeout=5).json()["value"]

    def note(text: str) -> str:
        return str(requests.post(f"{web}/items/scratch", data=text, timeout=5).json()["version"])

    tools = {"search": search, "note": note}
    messages: list[dict[str, Any]] = [user("step 2")]
    trace = []
    steps = 0
    while steps < 5:
        act = ask_action(client, messages, 0.03 + 0.02 * (steps % 2))
        steps += 1
        if act["tool"] == "done":
            trace.append("done")
            break
        obs = tools[act["tool"]](act["arg"])
        trace.append(f"{act['tool']}->{obs[:16]}")
        messages.append({"role": "assistant", "content": json.dumps(act)})
        messages.append(user(f"Observation: {obs}. step {steps + 2}"))
    return {"steps": steps, "trace": trace, "len": len(messages)}


def react_regex_parsed_action(client: Any, web: str) -> list[str]:
    """The action is parsed from prose with a regex; the tool is picked by word count."""
    prompt = "task beta"
    log = []
    for step in range(4):
        text = ask_text(client, prompt, 0.06 - 0.01 * step)
        m = re.search(r"On ([^:]+): (\w+)", text)
        head = m.group(2) if m else "none"
        words = len(text.split())
        if words % 3 == 0:
            log.append("final:" + head)
            break
        if words % 3 == 1:
            obs = requests.get(f"{web}/items/{head}?ms={30 + 40 * (step % 2)}", timeout=5).json()
            obs_text = obs["value"]
        else:
            r = requests.put(f"{web}/items/memo-{step}", data=head, timeout=5)
            obs_text = f"v{r.json()['version']}"
        log.append(obs_text)
        prompt = f"after {obs_text} step {step}"
    return log


def registry_decorated_tools_loop(client: Any, web: str) -> dict[str, Any]:
    """Tools registered by a decorator into a module dict; a per-run call counter."""
    before = dict(CALLS)
    messages: list[dict[str, Any]] = [user("step 2")]
    outputs = []
    for step in range(5):
        act = ask_action(client, messages, 0.05 if step % 2 == 0 else 0.03)
        out = TOOLS[act["tool"]](web, act["arg"])
        outputs.append(out[:20])
        if out.startswith("FINAL:"):
            break
        messages.append(user(f"{out} step {step + 3}"))
    delta = {k: CALLS[k] - before.get(k, 0) for k in sorted(CALLS)}
    return {"outputs": outputs, "delta": delta}


def scratchpad_dict_tools(client: Any, web: str) -> dict[str, Any]:
    """Tools read and write a scratchpad dict; each prompt shows the whole scratchpad."""
    pad: dict[str, str] = {}

    def fetch(key: str) -> None:
        pad[key] = requests.get(f"{web}/items/{key}?ms=100", timeout=5).json()["value"]

    def forget(key: str) -> None:
        pad.pop(key, None)

    keys = ["alpha", "beta", "gamma", "alpha"]
    for i, key in enumerate(keys):
        prompt = "pad: " + ",".join(f"{k}={v}" for k, v in sorted(pad.items()))
        reply = ask_text(client, prompt, 0.04)
        if len(reply) % 2 and key in pad:
            forget(key)
        else:
            fetch(key)
        pad["last"] = str(i)
    return pad


def notes_list_and_step_counter(client: Any, web: str) -> dict[str, Any]:
    """A notes list and a counter, mutated by tools and read by the stop test."""
    notes: list[str] = []
    counter = {"n": 0}

    def add_note(text: str) -> None:
        notes.append(text)
        counter["n"] += 1

    def lookup(key: str) -> str:
        counter["n"] += 1
        return requests.get(f"{web}/items/{key}?ms=80", timeout=5).json()["value"]

    q = "task alpha"
    while counter["n"] < 6:
        reply = ask_text(client, q + f" notes={len(notes)}", 0.03)
        if "answer" in reply and notes:
            break
        val = lookup(slug(reply.split()[2]))
        add_note(val)
        q = val
    return {"notes": notes, "n": counter["n"]}


def rate_limited_tool_sleep_between_gets(web: str) -> list[str]:
    """A search tool that sleeps as a rate limit after each answer, before the next GET."""
    last = [0.0]

    def search(q: str) -> str:
        r = requests.get(f"{web}/items/rl-{q}?ms=30", timeout=5).json()["value"]
        time.sleep(0.06)
        last[0] += 1
        return r

    plan = ["a", "b", "c"]
    got = []
    for q in plan:
        got.append(search(q))
    return got + [str(last[0])]


def tool_raises_caught_reported_back(client: Any, web: str) -> list[str]:
    """A tool that raises by design; the loop reports the error to the model and goes on."""
    def divide(a: str) -> str:
        x, _, y = a.partition("/")
        return str(int(x) // int(y))

    def fetch(key: str) -> str:
        return requests.get(f"{web}/items/{key}?ms=110", timeout=5).json()["value"]

    tools = {"divide": divide, "fetch": fetch}
    script = [("fetch", "one"), ("divide", "6/0"), ("fetch", "two"), ("divide", "9/3")]
    messages: list[dict[str, Any]] = [user("solve")]
    out = []
    for name, arg in script:
        reply = ask_text(client, messages[-1]["content"], 0.04)
        try:
            result = tools[name](arg)
        except ZeroDivisionError as e:
            result = f"error: {e}"
        out.append(result)
        messages.append(user(f"{reply[:10]} {result}"))
    return out


def tool_raises_propagates_after_write(client: Any, web: str) -> str:
    """A step writes, then a tool raises and nothing catches it: the later step never runs."""
    def save(text: str) -> str:
        return str(requests.put(f"{web}/items/save", data=text, timeout=5).json()["version"])

    def strict(key: str) -> str:
        r = requests.get(f"{web}/items/{key}?ms=40", timeout=5)
        if r.status_code != 200:
            raise LookupError(f"tool strict: {key} answered {r.status_code}")
        return r.json()["value"]

    reply = ask_text(client, "begin", 0.06)
    save(reply[:20])
    strict("missing-tool")
    save("never")
    return reply


def tool_raises_custom_error_stops_loop(client: Any, web: str) -> dict[str, Any]:
    """A tool raises a custom error meaning 'stop'; the loop catches it as its final answer."""
    class Finish(Exception):
        pass

    def finish(text: str) -> str:
        raise Finish(text)

    def look(key: str) -> str:
        return requests.get(f"{web}/items/{key}?ms=70", timeout=5).json()["value"]

    tools = {"look": look, "finish": finish}
    seen = []
    answer = None
    try:
        for step, name in enumerate(["look", "look", "finish", "look"]):
            reply = ask_text(client, f"step {step} {seen[-1] if seen else ''}", 0.05 - 0.01 * step)
            seen.append(tools[name](slug(reply.split()[3])))
    except Finish as f:
        answer = str(f)
    return {"seen": seen, "answer": answer}


def sdk_tool_calls_loop_with_file_log(client: Any, web: str, tmp: str) -> dict[str, Any]:
    """The SDK's tool_calls: search GETs, note appends to a file; messages grow each turn."""
    log_path = Path(tmp) / "tools.log"

    def search(q: str) -> str:
        return requests.get(f"{web}/items/k-{slug(q)}?ms=130", timeout=5).json()["value"]

    def note(text: str) -> str:
        with open(log_path, "a") as f:
            f.write(text + "\n")
        return "noted"

    tools = {"search": search, "note": note}
    messages: list[dict[str, Any]] = [user("research cats then note")]
    for turn in range(4):
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           tools=[SEARCH_FN, NOTE_FN],
                                           extra_body={"latency": 0.06 - 0.01 * turn})
        msg = r.choices[0].message
        if not msg.tool_calls:
            messages.append({"role": "assistant", "content": msg.content})
            break
        messages.append({"role": "assistant", "content": None, "tool_calls": [
            {"id": c.id, "type": "function",
             "function": {"name": c.function.name, "arguments": c.function.arguments}}
            for c in msg.tool_calls]})
        for c in msg.tool_calls:
            args = json.loads(c.function.arguments)
            result = tools[c.function.name](*args.values())
            note(f"{c.function.name}:{result}")
            messages.append({"role": "tool", "tool_call_id": c.id, "content": result})
    return {"turns": len(messages), "log": log_path.read_text()}


def forced_tool_choice_budget_prints(client: Any, web: str) -> int:
    """tool_choice='required' each step; a step budget; prints each step's observation."""
    messages: list[dict[str, Any]] = [user("find things")]
    budget = 3
    used = 0
    while used < budget:
        r = client.chat.completions.create(model="gpt", messages=messages, tools=[SEARCH_FN],
                                           tool_choice="required",
                                           extra_body={"latency": 0.03 + 0.02 * (used == 0)})
        call = r.choices[0].message.tool_calls[0]
        q = json.loads(call.function.arguments)["q"]
        obs = requests.get(f"{web}/items/f-{slug(q)}-{used}?ms={90 - 30 * used}",
                           timeout=5).json()["value"]
        print(f"step {used}: {obs}")
        messages.append(user(f"seen {obs}"))
        used += 1
    return used


def anthropic_tool_use_with_put_memory(client: Any, web: str) -> list[str]:
    """Anthropic tool_use blocks: each result is PUT to memory and fed back as tool_result."""
    tools = [{"name": "recall", "description": "recall a fact",
              "input_schema": {"type": "object", "properties": {"topic": {"type": "string"}},
                               "required": ["topic"]}}]
    messages: list[dict[str, Any]] = [user("Use recall on the topic of tides.")]
    seen = []
    for step in range(3):
        msg = client.messages.create(model="claude", max_tokens=64, tools=tools,
                                     tool_choice={"type": "any"} if step < 2 else {"type": "auto"},
                                     messages=messages, extra_body={"latency": 0.05})
        uses = [b for b in msg.content if b.type == "tool_use"]
        if not uses:
            seen.append("text")
            break
        messages.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": u.id, "name": u.name, "input": u.input} for u in uses]})
        results = []
        for u in uses:
            v = requests.get(f"{web}/items/mem-{step}?ms=100", timeout=5).json()["value"]
            requests.put(f"{web}/items/mem-{step + 1}", data=v + "+", timeout=5)
            seen.append(v)
            results.append({"type": "tool_result", "tool_use_id": u.id, "content": v})
        messages.append({"role": "user", "content": results})
    return seen


def agent_per_task_sequential_agents(client: Any, web: str) -> dict[str, list[str]]:
    """Several agents over a list of tasks; each agent's steps chain, tasks are independent."""
    def run_agent(task: str, lat: float) -> list[str]:
        msgs: list[dict[str, Any]] = [user(task)]
        trail = []
        for _ in range(2):
            act = ask_action(client, msgs, lat)
            trail.append(act["tool"])
            if act["tool"] == "done":
                break
            v = requests.get(f"{web}/items/t-{slug(act['arg'])}?ms=40", timeout=5).json()
            msgs.append(user("obs " + v["value"]))
        return trail

    results = {}
    for task, lat in (("task beta", 0.15), ("step 2", 0.03), ("task alpha", 0.08)):
        results[task] = run_agent(task, lat)
    return results


def agents_over_tasks_write_reports(client: Any, web: str, tmp: str) -> list[str]:
    """One agent per task, each ending by writing its report file and POSTing a summary."""
    out = []
    for i, (task, lat) in enumerate((("ocean", 0.12), ("desert", 0.03), ("forest", 0.07))):
        draft = ask_text(client, f"research {task}", lat)
        fact = requests.get(f"{web}/items/fact-{task}?ms={100 - 30 * i}", timeout=5).json()
        final = ask_text(client, f"write up {task}: {fact['value']} {draft[:20]}", 0.04)
        Path(tmp, f"{task}.md").write_text(final)
        r = requests.post(f"{web}/items/report-{task}", data=final[:30], timeout=5)
        out.append(f"{task}:{r.json()['version']}")
    return out


def planner_fanout_then_synthesise(client: Any) -> str:
    """A planner lists sub-questions; each is answered on its own; a synthesiser joins them."""
    plan = ask_text(client, "plan: how do tides work", 0.05)
    subs = [w for w in re.findall(r"[a-z]{6,}", plan)][:3]
    answers = []
    for s, lat in zip(subs, (0.15, 0.03, 0.08), strict=False):
        answers.append(ask_text(client, f"sub-question: {s}", lat))
    return ask_text(client, "synthesise: " + " | ".join(a[:30] for a in answers), 0.04)


def planner_fanout_dict_comprehension(client: Any, web: str) -> dict[str, str]:
    """Sub-questions answered in a dict comprehension; each answer then GET-checked."""
    subs = {"why": 0.15, "how": 0.03, "when": 0.08}
    answers = {k: ask_text(client, f"sub {k}", lat) for k, lat in subs.items()}
    checks = {k: requests.get(f"{web}/items/chk-{k}?ms=60", timeout=5).json()["value"]
              for k in answers}
    return {k: answers[k][:15] + "/" + checks[k] for k in sorted(answers)}


def planner_json_plan_steps_depend(client: Any, web: str) -> list[str]:
    """The plan's steps each feed the next: step n's GET key is step n-1's answer."""
    act = ask_action(client, [user("task beta")], 0.05)
    key = slug(act["arg"])
    chain = []
    for i in range(3):
        v = requests.get(f"{web}/items/{key}?ms={120 - 40 * i}", timeout=5).json()["value"]
        chain.append(v)
        key = slug(ask_text(client, f"next after {v}", 0.03).split()[3])
    return chain


def planner_threadpool_subquestions(client: Any) -> list[str]:
    """The user's own pool answers sub-questions; results in submission order."""
    subs = [("tides", 0.15), ("moon", 0.03), ("orbit", 0.08)]
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        futs = [pool.submit(ask_text, client, s, lat) for s, lat in subs]
        parts = [f.result()[:20] for f in futs]
    return [ask_text(client, "join " + " ".join(parts), 0.04)[:30]] + parts


def shared_counter_global_budget(client: Any, web: str) -> dict[str, Any]:
    """Two agents share one step budget in a dict; the first can spend it all."""
    budget = {"left": 5}
    trails: dict[str, list[str]] = defaultdict(list)
    for name, lat in (("a", 0.06), ("b", 0.03)):
        while budget["left"] > 0:
            reply = ask_text(client, f"agent {name} left {budget['left']}", lat)
            budget["left"] -= 1
            trails[name].append(requests.get(f"{web}/items/{name}{budget['left']}?ms=35",
                                             timeout=5).json()["value"])
            if len(reply.split()) % 2 == 0:
                break
    return {"left": budget["left"], "trails": dict(trails)}


def tool_log_lines_and_logger(client: Any, web: str) -> int:
    """Each dispatch is logged before and after; the tool result comes between."""
    tools = {"get": lambda k: requests.get(f"{web}/items/{k}?ms=80", timeout=5).json()["value"],
             "len": lambda k: str(len(k))}
    n = 0
    for step, (name, arg) in enumerate((("get", "x1"), ("len", "hello"), ("get", "x2"))):
        reply = ask_text(client, f"step {step}", 0.05 - 0.01 * step)
        LOG.info("calling %s(%s) after %s", name, arg, reply[:12])
        res = tools[name](arg)
        LOG.info("result %s", res)
        n += len(res)
    return n


def stop_on_final_answer_marker(client: Any, web: str) -> dict[str, Any]:
    """Stops when a regex finds FINAL in the observation; the PUT count is the answer."""
    obs = "start"
    writes = 0
    for step in range(6):
        reply = ask_text(client, obs, 0.04)
        m = re.search(r"\b(answer|short|evidence)\b", reply)
        if m and step >= 2:
            obs = f"FINAL {m.group(1)}"
        else:
            r = requests.put(f"{web}/items/step", data=f"{step}:{reply[:10]}", timeout=5)
            writes = r.json()["version"]
            obs = f"wrote {writes}"
        if obs.startswith("FINAL"):
            break
    return {"obs": obs, "writes": writes, "step": step}


def messages_list_shared_alias(client: Any, web: str) -> list[int]:
    """The tool appends to the same messages list the model reads (an alias)."""
    messages: list[dict[str, Any]] = [user("begin")]

    def remember(text: str) -> None:
        v = requests.get(f"{web}/items/{slug(text)}?ms=60", timeout=5).json()["value"]
        messages.append(user("memory: " + v))

    sizes = []
    for _step in range(3):
        r = client.chat.completions.create(model="gpt", messages=messages,
                                           extra_body={"latency": 0.03})
        remember(r.choices[0].message.content.split()[2])
        sizes.append(len(messages))
    return sizes


def tool_writes_then_reads_back_file(client: Any, tmp: str) -> list[str]:
    """A write_file tool, then a read_file tool on the same path: the read sees the write."""
    path = Path(tmp) / "workspace.txt"

    def write_file(text: str) -> str:
        path.write_text(text)
        return "ok"

    def read_file(_: str) -> str:
        return path.read_text() if path.exists() else "<none>"

    tools = {"write": write_file, "read": read_file}
    out = []
    for step, name in enumerate(["read", "write", "read", "write", "read"]):
        reply = ask_text(client, f"turn {step}", 0.05 if step % 2 else 0.03)
        out.append(tools[name](reply[6:20]))
    return out


def tool_appends_jsonl_transcript(client: Any, web: str, tmp: str) -> int:
    """Every step's tool result is appended to a JSONL transcript, then re-read to count."""
    path = Path(tmp) / "transcript.jsonl"
    for step, (key, ms) in enumerate((("a", 120), ("b", 30), ("c", 70))):
        reply = ask_text(client, f"what about {key}", 0.04)
        val = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
        with path.open("a") as f:
            f.write(json.dumps({"step": step, "reply": reply[:12], "val": val}) + "\n")
    return sum(1 for _ in path.open())


def post_each_step_to_audit(client: Any, web: str) -> list[int]:
    """An audit POST after every step: the server must see them in order."""
    versions = []
    msgs: list[dict[str, Any]] = [user("task alpha")]
    for step in range(4):
        act = ask_action(client, msgs, 0.06 - 0.01 * step)
        r = requests.post(f"{web}/items/audit", data=json.dumps(act, sort_keys=True), timeout=5)
        versions.append(r.json()["version"])
        msgs.append(user(f"step {step + 2} audit {versions[-1]}"))
    return versions


def agent_job_tool_polls_then_answers(client: Any, web: str) -> dict[str, Any]:
    """A tool starts a job and polls with a sleep between polls; the agent then answers."""
    reply = ask_text(client, "start the export", 0.05)
    job = requests.post(f"{web}/jobs", json={"what": reply[:10]}, timeout=5).json()["id"]
    polls = 0
    while True:
        st = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        polls += 1
        if st == "done" or polls > 5:
            break
        time.sleep(0.05)
    return {"job": job, "polls": polls, "final": ask_text(client, f"job {st}", 0.03)[:20]}


def status_tool_retry_then_giveup(client: Any, web: str) -> list[str]:
    """A flaky tool hits an error status; the loop retries with a sleep, then gives up."""
    out = []
    for _attempt in range(3):
        r = requests.get(f"{web}/status/503?ms=30", timeout=5)
        out.append(str(r.status_code))
        if r.ok:
            break
        time.sleep(0.04)
    out.append(ask_text(client, "the tool failed " + ",".join(out), 0.05)[:20])
    return out


def tools_list_of_tuples_first_match(client: Any, web: str) -> list[str]:
    """Tools as (regex, function) pairs: the first pattern matching the reply runs."""
    def weather(m: re.Match[str]) -> str:
        return requests.get(f"{web}/items/w-{m.group(1)}?ms=90", timeout=5).json()["value"]

    def calc(m: re.Match[str]) -> str:
        return str(len(m.group(0)))

    table = [(re.compile(r"\b(answer|evidence)\b"), weather), (re.compile(r"\w{8,}"), calc)]
    out = []
    for q, lat in (("task alpha", 0.07), ("task beta", 0.03), ("step 2", 0.05)):
        reply = ask_text(client, q, lat)
        for pat, fn in table:
            m = pat.search(reply)
            if m:
                out.append(fn(m))
                break
        else:
            out.append("none")
    return out


class Agent:
    """A small agent class: its tools are methods, its memory an attribute."""

    def __init__(self, client: Any, web: str) -> None:
        self.client = client
        self.web = web
        self.memory: list[str] = []
        self.steps = 0

    def search(self, q: str) -> str:
        return requests.get(f"{self.web}/items/m-{slug(q)}?ms=80", timeout=5).json()["value"]

    def note(self, text: str) -> str:
        self.memory.append(text)
        return f"{len(self.memory)} notes"

    def done(self, text: str) -> str:
        return "FINAL " + text

    def run(self, task: str, max_steps: int = 4) -> str:
        msgs: list[dict[str, Any]] = [user(task)]
        while self.steps < max_steps:
            self.steps += 1
            act = ask_action(self.client, msgs, 0.05 if self.steps % 2 else 0.03)
            obs = getattr(self, act["tool"])(act["arg"])
            if obs.startswith("FINAL"):
                return obs
            msgs.append(user(obs + f" step {self.steps + 1}"))
        return "budget"


def agent_class_methods_as_tools(client: Any, web: str) -> dict[str, Any]:
    a = Agent(client, web)
    out = a.run("step 2")
    return {"out": out, "memory": a.memory, "steps": a.steps}


def tool_output_truncation_and_counter(client: Any, web: str) -> dict[str, int]:
    """Counts tokens spent per tool in a Counter; the loop stops on a token budget."""
    spent: Counter[str] = Counter()
    step = 0
    while sum(spent.values()) < 200 and step < 6:
        r = client.chat.completions.create(model="gpt", messages=[user(f"step {step}")],
                                           extra_body={"latency": 0.04})
        spent["model"] += r.usage.total_tokens
        body = requests.get(f"{web}/text/doc{step}?ms=50", timeout=5).text
        spent["tool"] += len(body.split())
        step += 1
    return dict(spent) | {"steps": step}


def multi_tool_calls_dispatched_in_order(client: Any, web: str) -> list[str]:
    """One turn lists several tool calls (parsed from JSON the user built); they run in order."""
    reply = ask_text(client, "which cities?", 0.05)
    words = [w for w in re.findall(r"[a-z]+", reply) if len(w) > 4][:3]
    calls = json.loads(json.dumps([{"name": "put" if i % 2 else "get", "arg": w}
                                   for i, w in enumerate(words)]))
    results = []
    for c in calls:
        if c["name"] == "get":
            results.append(requests.get(f"{web}/items/{c['arg']}?ms=90", timeout=5)
                           .json()["value"])
        else:
            results.append(str(requests.put(f"{web}/items/{c['arg']}", data="x", timeout=5)
                               .json()["version"]))
    return results


def subanswers_written_to_separate_files(client: Any, tmp: str) -> list[str]:
    """Each sub-question's answer goes to its own file; the index lists them in order."""
    names = []
    for sub, lat in (("causes", 0.15), ("effects", 0.03), ("fixes", 0.08)):
        text = ask_text(client, f"sub-question {sub}", lat)
        Path(tmp, f"{sub}.txt").write_text(text)
        names.append(sub)
    Path(tmp, "index.txt").write_text("\n".join(names))
    return sorted(p.name for p in Path(tmp).iterdir())


def router_agent_picks_specialist(client: Any, web: str) -> list[str]:
    """A router reply picks one of several specialist functions per question."""
    def math_expert(q: str) -> str:
        return ask_text(client, "math: " + q, 0.04)[:20]

    def lookup_expert(q: str) -> str:
        return requests.get(f"{web}/items/{slug(q)}?ms=70", timeout=5).json()["value"]

    experts = {"search": lookup_expert, "note": math_expert, "done": lambda q: "skip"}
    out = []
    for q, lat in (("step 2", 0.12), ("task beta", 0.03), ("task alpha", 0.06)):
        route = ask_action(client, [user(q)], lat)["tool"]
        out.append(f"{route}:{experts[route](q)}")
    return out


def reflection_loop_until_critic_ok(client: Any, web: str) -> dict[str, Any]:
    """Draft, critique, revise; the critic's verdict decides; each draft is PUT."""
    draft = ask_text(client, "draft a haiku", 0.05)
    rounds = 0
    while rounds < 3:
        verdict = ask_action(client, [user("critique: " + draft[:40])], 0.03)
        requests.put(f"{web}/items/draft-{rounds}", data=draft[:40], timeout=5)
        rounds += 1
        if verdict["tool"] == "done":
            break
        draft = ask_text(client, "revise: " + verdict["arg"], 0.04)
    return {"rounds": rounds, "draft": draft[:30]}


def memory_put_then_get_same_key(client: Any, web: str) -> list[str]:
    """A remember tool PUTs, a recall tool GETs the same key next step: must see the PUT."""
    out = []
    for step in range(3):
        reply = ask_text(client, f"remember step {step}", 0.05 - 0.01 * step)
        requests.put(f"{web}/items/memory", data=reply[:16], timeout=5)
        out.append(requests.get(f"{web}/items/memory?ms=30", timeout=5).json()["value"])
    return out


def step_budget_exception_raised(client: Any, web: str) -> None:
    """The loop raises RuntimeError when it runs out of steps, after logging each one."""
    for step in range(3):
        act = ask_action(client, [user("task alpha")], 0.04)
        LOG.info("step %d: %s", step, act["tool"])
        requests.post(f"{web}/items/steps", data=str(step), timeout=5)
    raise RuntimeError("step budget exhausted")


def print_thought_action_observation(client: Any, web: str) -> str:
    """Prints Thought/Action/Observation lines like a ReAct trace."""
    msgs: list[dict[str, Any]] = [user("task beta")]
    last = ""
    for step in range(3):
        act = ask_action(client, msgs, 0.05 - 0.01 * step)
        print(f"Thought {step}: use {act['tool']}")
        print(f"Action: {act['tool']}[{act['arg']}]")
        if act["tool"] == "done":
            last = act["arg"]
            break
        last = requests.get(f"{web}/items/r-{slug(act['arg'])}?ms=60", timeout=5).json()["value"]
        print(f"Observation: {last}")
        msgs.append(user(f"step {step + 2} {last}"))
    return last


# =========================================================================== async


def _async_oa_web(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, env.web)
    return asyncio.run(main())


def _async_an(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with anthropic.AsyncAnthropic(api_key=DUMMY_KEY, base_url=env.anthropic_url,
                                            max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


async def aact(client: Any, messages: list[dict[str, Any]], lat: float) -> dict[str, str]:
    r = await client.chat.completions.create(model="gpt", messages=messages,
                                             response_format=ACTION, extra_body={"latency": lat})
    return json.loads(r.choices[0].message.content)


async def async_react_loop(client: Any, web: str) -> list[str]:
    """The async loop: await the model, dispatch (sync requests inside), append, repeat."""
    msgs: list[dict[str, Any]] = [user("step 2")]
    trail = []
    for step in range(4):
        act = await aact(client, msgs, 0.05 - 0.01 * step)
        trail.append(act["tool"])
        if act["tool"] == "done":
            break
        if act["tool"] == "note":
            requests.put(f"{web}/items/anote", data=act["arg"], timeout=5)
            obs = "noted"
        else:
            obs = requests.get(f"{web}/items/{slug(act['arg'])}?ms=50", timeout=5).json()["value"]
        msgs.append(user(f"{obs} step {step + 3}"))
    return trail


async def async_agents_gathered_over_tasks(client: Any, web: str) -> list[list[str]]:
    """Independent agents gathered by the user: each one's steps chain."""
    async def one(task: str, lat: float) -> list[str]:
        msgs: list[dict[str, Any]] = [user(task)]
        trail = []
        for _ in range(2):
            act = await aact(client, msgs, lat)
            trail.append(act["tool"])
            msgs.append(user("obs " + act["arg"]))
        return trail

    return list(await asyncio.gather(one("task beta", 0.15), one("step 2", 0.03),
                                      one("task alpha", 0.08)))


async def async_anthropic_tool_loop(client: Any) -> list[str]:
    tools = [{"name": "calc", "description": "calculate",
              "input_schema": {"type": "object", "properties": {"expr": {"type": "string"}},
                               "required": ["expr"]}}]
    messages: list[dict[str, Any]] = [user("Use calc for 2+2")]
    seen = []
    for step in range(3):
        msg = await client.messages.create(model="claude", max_tokens=64, tools=tools,
                                           messages=messages,
                                           extra_body={"latency": 0.05 - 0.01 * step})
        uses = [b for b in msg.content if b.type == "tool_use"]
        if not uses:
            seen.append("text:" + msg.content[0].text[:12])
            break
        messages.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": u.id, "name": u.name, "input": u.input} for u in uses]})
        res = [{"type": "tool_result", "tool_use_id": u.id,
                "content": str(len(json.dumps(u.input)))} for u in uses]
        seen.extend(r["content"] for r in res)
        messages.append({"role": "user", "content": res})
    return seen


# =========================================================================== harder shapes


def session_login_tool_sets_params(client: Any, web: str) -> list[str]:
    """A login tool sets a token on the shared session's params; later tools carry it."""
    s = requests.Session()
    out = []
    for step, name in enumerate(["search", "login", "search", "search"]):
        reply = ask_text(client, f"step {step}", 0.06 - 0.01 * step)
        if name == "login":
            s.params = {"token": slug(reply.split()[2])}
            out.append("logged in")
        else:
            out.append(s.get(f"{web}/items/sess-{step}?ms=40", timeout=5).url.split("?")[1])
    s.close()
    return out


def seeded_rng_jitter_per_task(client: Any) -> list[str]:
    """Each task draws from one seeded RNG before its model call: the draws keep task order."""
    import random
    rng = random.Random(7)
    out = []
    for task, lat in (("alpha", 0.15), ("beta", 0.03), ("gamma", 0.08)):
        temp = round(rng.random(), 3)
        out.append(f"{task}:{temp}:" + ask_text(client, f"{task} t={temp}", lat)[:16])
    return out


def tool_ids_from_itertools_count(client: Any, web: str) -> list[str]:
    """Tool call ids from a shared itertools.count, drawn inside each task's loop body."""
    import itertools
    ids = itertools.count(1)
    out = []
    for task, lat in (("x", 0.12), ("y", 0.03), ("z", 0.07)):
        cid = next(ids)
        reply = ask_text(client, f"task {task} call {cid}", lat)
        cid2 = next(ids)
        out.append(f"{cid}/{cid2}:{reply[6:14]}")
    return out


def loop_fanout_stops_at_raising_tool(client: Any, web: str) -> list[str]:
    """Per task: GET then PUT; a task's GET 404s and raises: later tasks never PUT."""
    done = []
    for key, ms in (("ok-a", 120), ("missing-b", 30), ("ok-c", 60)):
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
        if r.status_code != 200:
            raise LookupError(f"tool failed on {key}")
        requests.put(f"{web}/items/res-{key}", data=r.json()["value"], timeout=5)
        done.append(key)
    return done


def tools_rebound_in_dict_mid_loop(client: Any, web: str) -> list[str]:
    """After the first search, the dict's tool is replaced by a cached wrapper."""
    cache: dict[str, str] = {}

    def search(q: str) -> str:
        return requests.get(f"{web}/items/rb-{q}?ms=70", timeout=5).json()["value"]

    def cached(q: str) -> str:
        if q not in cache:
            cache[q] = search(q)
        return "cached:" + cache[q]

    tools = {"search": search}
    out = []
    for i, q in enumerate(["a", "a", "b", "a"]):
        ask_text(client, q, 0.04)
        out.append(tools["search"](q))
        if i == 0:
            tools["search"] = cached
    return out


def match_statement_dispatch(client: Any, web: str) -> list[str]:
    """The parsed action is dispatched with a match statement."""
    msgs: list[dict[str, Any]] = [user("task beta")]
    out = []
    for step in range(4):
        act = ask_action(client, msgs, 0.05 - 0.01 * step)
        match act:
            case {"tool": "search", "arg": arg}:
                obs = requests.get(f"{web}/items/{slug(arg)}?ms=60", timeout=5).json()["value"]
            case {"tool": "note", "arg": arg}:
                obs = str(requests.post(f"{web}/items/mnote", data=arg, timeout=5)
                          .json()["version"])
            case _:
                out.append("done")
                break
        out.append(obs)
        msgs.append(user(f"{obs} step {step + 3}"))
    return out


def partial_tools_bound_to_web(client: Any, web: str) -> list[str]:
    """Tools made with functools.partial over one fetch function."""
    import functools

    def fetch(kind: str, key: str, ms: int) -> str:
        return requests.get(f"{web}/items/{kind}-{key}?ms={ms}", timeout=5).json()["value"]

    tools = {"wiki": functools.partial(fetch, "wiki", ms=110),
             "news": functools.partial(fetch, "news", ms=30)}
    out = []
    for name, key in (("wiki", "a"), ("news", "b"), ("wiki", "c")):
        ask_text(client, f"{name} {key}", 0.03)
        out.append(tools[name](key))
    return out


def generator_agent_driven_by_send(client: Any, web: str) -> list[str]:
    """The agent is a generator yielding actions; the driver sends observations back."""
    def agent():
        obs = yield ("search", "alpha")
        obs = yield ("search", obs[:6])
        yield ("done", obs)

    gen = agent()
    action = next(gen)
    out = []
    while action[0] != "done":
        reply = ask_text(client, f"{action}", 0.04)
        obs = requests.get(f"{web}/items/g-{slug(action[1])}?ms=80", timeout=5).json()["value"]
        out.append(obs + reply[:4])
        action = gen.send(obs)
    out.append(action[1])
    return out


def list_then_put_other_key_state(client: Any, web: str) -> list[Any]:
    """A tool PUTs one key; the next tool lists all keys (server state, not Python data)."""
    out = []
    for step, key in enumerate(("first", "second")):
        ask_text(client, f"store {key}", 0.05 - 0.02 * step)
        requests.put(f"{web}/items/{key}", data=key, timeout=5)
        out.append(requests.get(f"{web}/items", timeout=5).json())
    return out


def two_jobs_polled_interleaved(client: Any, web: str) -> dict[str, int]:
    """Two jobs, each poll a GET that advances the server's job state; polled in turn."""
    a = requests.post(f"{web}/jobs", json={"n": 1}, timeout=5).json()["id"]
    b = requests.post(f"{web}/jobs", json={"n": 2}, timeout=5).json()["id"]
    polls = {a: 0, b: 0}
    pending = [a, b]
    while pending:
        for job in list(pending):
            st = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
            polls[job] += 1
            if st == "done":
                pending.remove(job)
    ask_text(client, "jobs done", 0.03)
    return polls


def tool_prints_in_fanout_loop(client: Any, web: str) -> list[str]:
    """Independent sub-questions, each printing a line before and after its GET."""
    out = []
    for q, ms in (("why", 150), ("how", 30), ("when", 90)):
        print(f"asking {q}")
        v = requests.get(f"{web}/items/p-{q}?ms={ms}", timeout=5).json()["value"]
        print(f"got {v}")
        out.append(v)
    return out


def symlinked_workspace_write_then_read(client: Any, tmp: str) -> list[str]:
    """A write tool writes through a symlink; a read tool reads the real path."""
    import os
    real = Path(tmp) / "real.txt"
    real.write_text("init")
    os.symlink(real, Path(tmp) / "link.txt")
    out = []
    for step in range(3):
        reply = ask_text(client, f"edit {step}", 0.05 - 0.01 * step)
        (Path(tmp) / "link.txt").write_text(reply[:12])
        out.append(real.read_text())
    return out


def global_notes_helper_reads_module_list(client: Any, web: str) -> list[int]:
    """A tool appends to a module-level list; the prompt helper reads that list."""
    NOTES.clear()
    sizes = []
    for key, ms in (("n1", 100), ("n2", 30), ("n3", 60)):
        prompt = notes_prompt(key)
        ask_text(client, prompt, 0.03)
        save_note_global(web, key, ms)
        sizes.append(len(NOTES))
    return sizes


NOTES: list[str] = []


def notes_prompt(key: str) -> str:
    return f"{key} notes: " + ";".join(NOTES)


def save_note_global(web: str, key: str, ms: int) -> None:
    NOTES.append(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"])


def dynamic_tool_registration_mid_loop(client: Any, web: str) -> list[str]:
    """A 'learn' tool registers a new tool in the module registry; the next step uses it."""
    TOOLS.pop("fetch2", None)
    out = []
    for step, name in enumerate(["search", "learn", "fetch2", "search"]):
        ask_text(client, f"step {step}", 0.04)
        if name == "learn":
            TOOLS["fetch2"] = lambda w, a: requests.get(f"{w}/items/f2-{a}?ms=50",
                                                        timeout=5).json()["value"]
            out.append("learned")
        elif name in TOOLS:
            out.append(TOOLS[name](web, f"s{step}")[:20])
        else:
            out.append("unknown")
    TOOLS.pop("fetch2", None)
    return out


def job_status_polls_in_comprehension(client: Any, web: str) -> list[str]:
    """The agent checks a job's status four times in a comprehension: each poll advances it."""
    job = requests.post(f"{web}/jobs", json={"task": "index"}, timeout=5).json()["id"]
    statuses = [requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
                for _ in range(4)]
    return statuses + [ask_text(client, " ".join(statuses), 0.03)[:12]]


def session_response_hook_audit(client: Any, web: str) -> list[str]:
    """A response hook on the tools' session records every tool response in order."""
    audit: list[str] = []
    s = requests.Session()
    s.hooks["response"].append(lambda r, *a, **k: audit.append(r.url.rsplit("/", 1)[1]))
    vals = []
    for q, ms in (("wiki", 150), ("news", 30), ("maps", 90)):
        vals.append(s.get(f"{web}/items/{q}?ms={ms}", timeout=5).json()["value"])
    s.close()
    return vals + audit


def _search_and_print(web: str, q: str, ms: int) -> str:
    v = requests.get(f"{web}/items/h-{q}?ms={ms}", timeout=5).json()["value"]
    print(f"tool search({q}) -> {v}")
    return v


def tool_helper_prints_after_get(client: Any, web: str) -> list[str]:
    """Independent sub-questions through a tool helper that prints its result."""
    return [_search_and_print(web, q, ms) for q, ms in (("why", 150), ("how", 30), ("who", 90))]


def _search_and_log(web: str, q: str, ms: int) -> str:
    v = requests.get(f"{web}/items/l-{q}?ms={ms}", timeout=5).json()["value"]
    LOG.info("tool search(%s) -> %s", q, v)
    return v


SEEN: list[str] = []


def _search_and_remember(web: str, q: str, ms: int) -> str:
    v = requests.get(f"{web}/items/r-{q}?ms={ms}", timeout=5).json()["value"]
    SEEN.append(q)
    return v


def tool_helper_appends_module_list(client: Any, web: str) -> list[str]:
    """A tool helper records each query in a module-level list after its GET."""
    SEEN.clear()
    vals = [_search_and_remember(web, q, ms) for q, ms in (("a", 150), ("b", 30), ("c", 90))]
    return vals + list(SEEN)


def httpx_event_hook_tool_trace(client: Any, web: str) -> list[str]:
    """An httpx client with a response event hook tracing the tools' calls."""
    import httpx
    trace: list[str] = []
    with httpx.Client(event_hooks={"response": [lambda r: trace.append(r.url.path)]},
                      timeout=5) as h:
        vals = [h.get(f"{web}/items/{q}", params={"ms": ms}).json()["value"]
                for q, ms in (("x1", 150), ("x2", 30), ("x3", 90))]
    return vals + trace


def _model_tool_with_counter(client: Any, q: str, lat: float, stats: dict[str, int]) -> str:
    text = ask_text(client, q, lat)
    stats["calls"] += 1
    stats["order"] = stats.get("order", 0) * 10 + stats["calls"] * (len(q) % 3 + 1)
    return text[:10]


def job_status_polls_for_loop_append(client: Any, web: str) -> list[str]:
    """Minimal: a for loop appending each poll's status (no sleep, no break)."""
    job = requests.post(f"{web}/jobs", json={"task": "crawl"}, timeout=5).json()["id"]
    statuses = []
    for _ in range(3):
        statuses.append(requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"])
    return statuses


# =========================================================================== registry

def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_args(env: Env) -> tuple:
    return (openai_client(env),)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_web_tmp(env: Env) -> tuple:
    return (openai_client(env), env.web, str(env.tmp))


def an_web(env: Env) -> tuple:
    return (anthropic_client(env), env.web)


def web_args(env: Env) -> tuple:
    return (env.web,)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa_args, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="api", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, args: Any = oa_web, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers="web api", ideal=ideal, **kw)


def _async(fn: Any, drive: Any, servers: str = "web api", ideal: float = 1.0,
           cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


CASES: list[Case] = [
    # -- loops that chain
    _both(react_json_actions_dict_dispatch),
    _both(react_regex_parsed_action),
    _both(registry_decorated_tools_loop, cat="state"),
    _both(scratchpad_dict_tools, cat="state"),
    _both(notes_list_and_step_counter, cat="state"),
    Case("sleep", rate_limited_tool_sleep_between_gets, args=web_args, servers="web",
         spacing=0.05),
    _both(tool_raises_caught_reported_back),
    _both(tool_raises_propagates_after_write),
    _both(tool_raises_custom_error_stops_loop),
    _both(sdk_tool_calls_loop_with_file_log, args=oa_web_tmp, cat="files"),
    _both(forced_tool_choice_budget_prints),
    _both(anthropic_tool_use_with_put_memory, args=an_web),
    # -- several agents, planners
    _both(agent_per_task_sequential_agents),
    _both(agents_over_tasks_write_reports, args=oa_web_tmp, cat="files"),
    _sdk(planner_fanout_then_synthesise, (0.05 + 0.26 + 0.04) / (0.05 + 0.15 + 0.04),
         cat="fanout", overlap=2),
    _both(planner_fanout_dict_comprehension, (0.26 + 0.18) / 0.15, cat="fanout", overlap=2),
    _both(planner_json_plan_steps_depend),
    _sdk(planner_threadpool_subquestions, (0.26 + 0.04) / (0.15 + 0.04), cat="threads",
         overlap=3),
    _both(shared_counter_global_budget, cat="state"),
    _both(tool_log_lines_and_logger),
    _both(stop_on_final_answer_marker),
    _both(messages_list_shared_alias, cat="state"),
    # -- files, writes, jobs
    _sdk(tool_writes_then_reads_back_file, args=oa_tmp, cat="files"),
    _both(tool_appends_jsonl_transcript, args=oa_web_tmp, cat="files"),
    _both(post_each_step_to_audit),
    _both(agent_job_tool_polls_then_answers, cat="http"),
    _both(status_tool_retry_then_giveup, cat="http", spacing=0.03),
    _both(tools_list_of_tuples_first_match),
    # -- agent objects
    _both(agent_class_methods_as_tools, cat="state"),
    _both(tool_output_truncation_and_counter),
    _both(multi_tool_calls_dispatched_in_order, cat="http"),
    _sdk(subanswers_written_to_separate_files, over(0.15, 0.03, 0.08), args=oa_tmp,
         cat="files", overlap=2),
    _both(router_agent_picks_specialist),
    _both(reflection_loop_until_critic_ok),
    _both(memory_put_then_get_same_key, cat="http"),
    _both(step_budget_exception_raised),
    _both(print_thought_action_observation),
    # -- async
    _async(async_react_loop, _async_oa_web),
    _async(async_agents_gathered_over_tasks, _async_oa_web,
           ideal=(0.3 + 0.06 + 0.16) / 0.3, overlap=3),
    _async(async_anthropic_tool_loop, _async_an, servers="api"),
]

CASES += [
    _both(session_login_tool_sets_params, cat="http"),
    _sdk(seeded_rng_jitter_per_task, over(0.15, 0.03, 0.08), cat="state"),
    _both(tool_ids_from_itertools_count, cat="state"),
    _both(loop_fanout_stops_at_raising_tool, cat="http", speculative_reads=True),
    _both(tools_rebound_in_dict_mid_loop, cat="rebind"),
    _both(match_statement_dispatch),
    _both(partial_tools_bound_to_web, cat="http"),
    _both(generator_agent_driven_by_send),
    _both(list_then_put_other_key_state, cat="http"),
    _both(two_jobs_polled_interleaved, cat="http"),
    Case("http", tool_prints_in_fanout_loop, args=oa_web, servers="web api",
         ideal=over(0.15, 0.03, 0.09), overlap=2),
    _sdk(symlinked_workspace_write_then_read, args=oa_tmp, cat="files"),
    _both(global_notes_helper_reads_module_list, cat="state"),
    _both(dynamic_tool_registration_mid_loop, cat="state"),
]

CASES += [
    _both(job_status_polls_in_comprehension, cat="http"),
    Case("http", job_status_polls_for_loop_append, args=oa_web, servers="web"),
    _both(session_response_hook_audit, cat="http"),
    _both(tool_helper_prints_after_get, over(0.15, 0.03, 0.09), cat="helpers"),
    _both(tool_helper_appends_module_list, cat="state"),
    _both(httpx_event_hook_tool_trace, cat="http"),
]

# Differed under jit when written, fixed since: a read with the same arguments on every pass of a loop or comprehension is a poll, and its calls keep their order (_moves.polls; tests/xcs/test_everyday_loops.py)
FIXED_WHY: dict[str, str] = {
    "job_status_polls_in_comprehension": "value[1] 'pending' vs 'done': the comprehension's four "
    "GET /jobs/<id> polls start at once (all items at once), but each poll advances the job on "
    "the server, so statuses come back in arrival order, not pending, pending, done, done",
    "job_status_polls_for_loop_append": "minimal shape of the above: a for loop appending three "
    "GET /jobs/<id> statuses (no sleep, no break) sends the polls at once; the server answers "
    "by arrival (value[0] or [1] 'done' where plain has 'pending')",
}

FAILING_WHY: dict[str, str] = {
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
