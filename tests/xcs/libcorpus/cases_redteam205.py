"""Red-team cases (stop 205): object-oriented agent and tool frameworks written by hand.

An `Agent` with a memory list and tools, a tool registry filled by a decorator, the user's
`functools.wraps` decorators (retry, cache, count, log, time), class and instance attributes
changed between calls, properties and `cached_property`, dataclasses with
``default_factory``, inheritance with ``super()``, ``__call__`` steps in a pipeline, factory
classmethods, hooks (``on_start``/``on_end`` lists), context managers of the user's (a
tracer, a budget), generators, closures over mutable state, a global configuration object,
conversations whose next prompt needs the previous answer beside independent lookups, and a
ReAct loop with a step budget and early exit. Model calls go to the openai and anthropic
SDKs on the corpus's simulator; tools GET and PUT the web server's ``/items``. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY` saying
what differed. None did: the cases whose reads overlap beside a failing sibling carry
`speculative_reads` (issue 13's allowance), and their exception, chain and traceback frames
match the plain run's.
"""

from __future__ import annotations

import functools
import time
import traceback
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, anthropic_client, corpus_logger, openai_client

LOG = corpus_logger("redteam205")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> str:
    requests.put(f"{web}/items/{key}", data=text, timeout=5)
    return text


def chat(client: Any, messages: list[dict[str, str]], lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=messages,
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def ask(client: Any, q: str, lat: float, model: str = "gpt") -> str:
    return chat(client, [{"role": "user", "content": q}], lat, model)


QS = [("Why is the sky blue?", 0.15), ("Name a prime.", 0.04), ("What is rust?", 0.09)]
IDEAL_QS = over(*(lat for _, lat in QS))


# =========================================================================== agents, memory


class Agent:
    """An agent with a memory of messages: each answer is appended, the next call sees it."""

    def __init__(self, client: Any, name: str, lat: float) -> None:
        self.client = client
        self.name = name
        self.lat = lat
        self.memory: list[dict[str, str]] = [{"role": "system", "content": f"You are {name}."}]

    def ask(self, q: str) -> str:
        self.memory.append({"role": "user", "content": q})
        a = chat(self.client, self.memory, self.lat)
        self.memory.append({"role": "assistant", "content": a[:24]})
        return a


def r205_two_agents_interleaved(client: Any) -> list[str]:
    alice = Agent(client, "alice", 0.12)
    bob = Agent(client, "bob", 0.12)
    out = []
    for q in ("hello", "and then?", "finally"):
        out.append(alice.ask(q))
        out.append(bob.ask(q))
    return out + [str(len(alice.memory)), str(len(bob.memory))]


def r205_memory_sent_then_appended(client: Any) -> list[str]:
    msgs = [{"role": "system", "content": "be brief"}]
    msgs.append({"role": "user", "content": "first"})
    r1 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.12})
    msgs.append({"role": "user", "content": "second"})
    r2 = client.chat.completions.create(model="gpt", messages=msgs, extra_body={"latency": 0.05})
    return [r1.choices[0].message.content, r2.choices[0].message.content, str(len(msgs))]


class SharedMemoryAgent:
    """The mutable default argument: every agent made without a memory shares one list."""

    def __init__(self, client: Any, name: str, memory: list = []) -> None:  # noqa: B006
        self.client = client
        self.name = name
        self.memory = memory

    def ask(self, q: str, lat: float) -> str:
        self.memory.append({"role": "user", "content": f"{self.name}: {q}"})
        return chat(self.client, list(self.memory), lat)


def _reset_shared(env: Env) -> None:
    SharedMemoryAgent.__init__.__defaults__[0].clear()  # type: ignore[index]
    Registry.tools.clear()
    Registry.tools.update(BASE_TOOLS)
    CONFIG.model = "gpt"
    CONFIG.prefix = ""
    STATE["web"] = env.web


def r205_mutable_default_memory(client: Any) -> list[str]:
    a = SharedMemoryAgent(client, "a")
    b = SharedMemoryAgent(client, "b")
    x = a.ask("hi", 0.12)
    y = b.ask("hi", 0.05)
    return [x, y, str(len(a.memory)), str(a.memory is b.memory)]


# =========================================================================== tool registries

STATE: dict[str, str] = {"web": ""}
BASE_TOOLS: dict[str, Callable[..., str]] = {}


def tool(name: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    def register(fn: Callable[..., str]) -> Callable[..., str]:
        BASE_TOOLS[name] = fn
        return fn
    return register


@tool("lookup")
def lookup(key: str, ms: int = 100) -> str:
    return _get(STATE["web"], key, ms)


@tool("save")
def save(key: str, text: str) -> str:
    return _put(STATE["web"], key, text)


@tool("shout")
def shout(text: str) -> str:
    print("SHOUT", text)
    return text.upper()


class Registry:
    tools: dict[str, Callable[..., str]] = {}

    @classmethod
    def call(cls, name: str, *args: Any) -> str:
        if name not in cls.tools:
            raise KeyError(f"no tool {name}")
        return cls.tools[name](*args)


def r205_registry_independent_lookups(web: str) -> list[str]:
    plan = [("lookup", "a", 150), ("lookup", "b", 40), ("lookup", "c", 90)]
    return [Registry.call(name, k, ms) for name, k, ms in plan]


def r205_registry_registered_in_function(web: str) -> list[str]:
    tools: dict[str, Callable[..., str]] = {}

    def register(fn: Callable[..., str]) -> Callable[..., str]:
        tools[fn.__name__] = fn
        print("registered", fn.__name__)
        return fn

    @register
    def weather(city: str) -> str:
        return _get(web, f"weather-{city}", 120)

    @register
    def stock(sym: str) -> str:
        return _get(web, f"stock-{sym}", 60)

    return [tools["weather"]("oslo"), tools["stock"]("acme"), tools["weather"]("rome")]


# =========================================================================== user decorators


def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        wrapper.calls += 1  # type: ignore[attr-defined]
        print(f"call #{wrapper.calls} of {fn.__name__}")  # type: ignore[attr-defined]
        return fn(*a, **kw)
    wrapper.calls = 0  # type: ignore[attr-defined]
    return wrapper


@counted
def counted_ask(client: Any, q: str, lat: float) -> str:
    return ask(client, q, lat)


def r205_counting_decorator(client: Any) -> list[Any]:
    counted_ask.calls = 0  # type: ignore[attr-defined]
    out = [counted_ask(client, q, lat) for q, lat in QS]
    return [*out, counted_ask.calls]  # type: ignore[attr-defined]


class MethodCache:
    def __init__(self, client: Any) -> None:
        self.client = client
        self._cache: dict[str, str] = {}
        self.hits = 0

    def ask(self, q: str, lat: float) -> str:
        if q in self._cache:
            self.hits += 1
            return self._cache[q]
        self._cache[q] = ask(self.client, q, lat)
        return self._cache[q]


def r205_method_cache_duplicates(client: Any) -> list[Any]:
    m = MethodCache(client)
    qs = [("alpha", 0.12), ("beta", 0.05), ("alpha", 0.12), ("gamma", 0.08), ("beta", 0.05)]
    out = [m.ask(q, lat) for q, lat in qs]
    return [*out, m.hits]


class GiveUp(Exception):
    pass


def retry(times: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **kw: Any) -> Any:
            last: Exception | None = None
            for attempt in range(times):
                try:
                    return fn(*a, **kw)
                except requests.HTTPError as e:
                    print(f"attempt {attempt + 1} failed: {e.response.status_code}")
                    last = e
            raise GiveUp(f"{fn.__name__} gave up after {times}") from last
        return wrapper
    return deco


@retry(2)
def fetch_status(web: str, code: int) -> int:
    r = requests.get(f"{web}/status/{code}", timeout=5)
    r.raise_for_status()
    return r.status_code


def _chain(e: BaseException | None) -> list[str]:
    out = []
    while e is not None:
        out.append(f"{type(e).__name__}: {str(e)[:40]}")
        e = e.__cause__ or e.__context__
    return out


def r205_retry_decorator_chain(web: str) -> list[Any]:
    out: list[Any] = [fetch_status(web, 200)]
    try:
        out.append(fetch_status(web, 503))
    except GiveUp as e:
        out.append(_chain(e))
        out.append(e.__suppress_context__)
    out.append(_get(web, "after", 40))
    return out


def logged(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        LOG.info("start %s %s", fn.__name__, a[1])
        try:
            return fn(*a, **kw)
        finally:
            LOG.info("end %s %s", fn.__name__, a[1])
    return wrapper


@logged
def logged_lookup(web: str, key: str, ms: int) -> str:
    return _get(web, key, ms)


def r205_logging_decorator_loop(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        out.append(logged_lookup(web, k, ms))
    return out


# =========================================================================== attributes


class Persona:
    model = "gpt"

    def __init__(self, client: Any, persona: str) -> None:
        self.client = client
        self.persona = persona

    @property
    def system(self) -> str:
        return f"You speak like a {self.persona}."

    def ask(self, q: str, lat: float) -> str:
        return chat(self.client, [{"role": "system", "content": self.system},
                                  {"role": "user", "content": q}], lat, self.model)


def r205_property_changed_between_calls(client: Any) -> list[str]:
    p = Persona(client, "poet")
    a = p.ask("weather?", 0.12)
    p.persona = "pirate"
    b = p.ask("weather?", 0.05)
    return [a, b]


def r205_class_attribute_changed_between_calls(client: Any) -> list[str]:
    Persona.model = "gpt"
    p, q = Persona(client, "poet"), Persona(client, "judge")
    a = p.ask("one", 0.12)
    Persona.model = "claude"
    b = q.ask("two", 0.05)
    q.model = "mini"
    c = p.ask("three", 0.05)
    d = q.ask("four", 0.05)
    Persona.model = "gpt"
    return [a, b, c, d]


class Config:
    def __init__(self) -> None:
        self.model = "gpt"
        self.prefix = ""


CONFIG = Config()


def configured_ask(client: Any, q: str, lat: float) -> str:
    return ask(client, CONFIG.prefix + q, lat, CONFIG.model)


def r205_global_config_switched_midloop(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(QS):
        if i == 1:
            CONFIG.model = "claude"
            CONFIG.prefix = "Briefly: "
        out.append(configured_ask(client, q, lat))
    CONFIG.model, CONFIG.prefix = "gpt", ""
    return out


# =========================================================================== inheritance, calls


class Step:
    """A pipeline step: a callable with a counter of its own, put in the prompt."""

    def __init__(self, client: Any, label: str, lat: float) -> None:
        self.client = client
        self.label = label
        self.lat = lat
        self.n = 0

    def __call__(self, text: str) -> str:
        self.n += 1
        return ask(self.client, f"{self.label}#{self.n}: {text[:20]}", self.lat)[:30]


class Pipeline:
    def __init__(self, steps: list[Callable[[str], str]]) -> None:
        self.steps = steps

    def run(self, x: str) -> str:
        for step in self.steps:
            x = step(x)
        return x


def r205_pipeline_steps_with_counters(client: Any) -> list[str]:
    pipe = Pipeline([Step(client, "draft", 0.1), Step(client, "polish", 0.05)])
    return [pipe.run(x) for x in ("cats", "dogs", "owls")]


class Bot:
    registry: list[str] = []

    def __init__(self, client: Any, name: str, lat: float) -> None:
        self.client, self.name, self.lat = client, name, lat

    @classmethod
    def create(cls, client: Any, lat: float) -> Bot:
        name = f"bot{len(cls.registry) + 1}"
        cls.registry.append(name)
        return cls(client, name, lat)

    @staticmethod
    def fmt(name: str, q: str) -> str:
        return f"<{name}> {q}"

    def ask(self, q: str) -> str:
        return ask(self.client, Bot.fmt(self.name, q), self.lat)


def r205_classmethod_factory_names(client: Any) -> list[str]:
    Bot.registry.clear()
    bots = [Bot.create(client, lat) for lat in (0.12, 0.04, 0.08)]
    return [b.ask("hi") for b in bots] + list(Bot.registry)


# =========================================================================== hooks, contexts


class HookedAgent:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.on_start: list[Callable[[str], None]] = []
        self.on_end: list[Callable[[str, str], None]] = []

    def ask(self, q: str, lat: float) -> str:
        for h in self.on_start:
            h(q)
        a = ask(self.client, q, lat)
        for h in self.on_end:
            h(q, a)
        return a


def r205_hooks_print(client: Any) -> list[Any]:
    agent = HookedAgent(client)
    trace: list[str] = []
    agent.on_start.append(lambda q: print("start", q))
    agent.on_end.append(lambda q, a: trace.append(f"{q}->{a[:12]}"))
    agent.on_end.append(lambda q, a: print("end", q, len(a)))
    out = [agent.ask(q, lat) for q, lat in QS]
    return [*out, trace]


def r205_hook_writes_then_lookup(client: Any, web: str) -> list[str]:
    agent = HookedAgent(client)
    agent.on_end.append(lambda q, a: _put(web, "last", q))
    a = agent.ask("first", 0.12)
    seen = _get(web, "last", 30)
    b = agent.ask("second", 0.05)
    return [a, seen, b, _get(web, "last", 30)]


class Tracer:
    def __init__(self) -> None:
        self.depth = 0
        self.spans: list[str] = []

    def span(self, name: str) -> Tracer:
        self.spans.append(name)
        return self

    def __enter__(self) -> Tracer:
        print("  " * self.depth + "> " + self.spans[-1])
        self.depth += 1
        return self

    def __exit__(self, *exc: Any) -> None:
        self.depth -= 1
        print("  " * self.depth + "< done")


def r205_tracer_spans(client: Any) -> list[str]:
    tracer = Tracer()
    out = []
    with tracer.span("run"):
        for q, lat in QS:
            with tracer.span(q[:8]):
                out.append(ask(client, q, lat))
    return out + tracer.spans


class BudgetExceeded(Exception):
    pass


class Budget:
    def __init__(self, calls: int) -> None:
        self.left = calls

    def __enter__(self) -> Budget:
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        if et is BudgetExceeded:
            print("budget spent:", e)
            return True
        return False

    def charge(self) -> None:
        if self.left == 0:
            raise BudgetExceeded("no calls left")
        self.left -= 1


def r205_budget_context_suppresses(client: Any) -> list[str]:
    out: list[str] = []
    qs = [("a?", 0.12), ("b?", 0.04), ("c?", 0.08), ("d?", 0.05)]
    with Budget(2) as b:
        for q, lat in qs:
            b.charge()
            out.append(ask(client, q, lat))
    return out


# =========================================================================== generators


# =========================================================================== chains, ReAct


def r205_chain_beside_lookups(client: Any, web: str) -> list[str]:
    a1 = ask(client, "Plan a trip.", 0.1)
    weather = _get(web, "weather", 150)
    a2 = ask(client, "Refine: " + a1[:30], 0.1)
    stock = _get(web, "stock", 60)
    a3 = ask(client, "Summarise: " + a2[:30], 0.1)
    return [a1, a2, a3, weather, stock]


def parse_action(thought: str) -> tuple[str, str] | None:
    words = thought.split()
    if len(words) % 4 == 0:
        return None
    return ("lookup", words[-1].strip(".?!")[:8])


class ReActAgent:
    def __init__(self, client: Any, max_steps: int) -> None:
        self.client = client
        self.max_steps = max_steps
        self.history: list[dict[str, str]] = [{"role": "system", "content": "ReAct."}]
        self.steps = 0

    def run(self, task: str) -> str:
        self.history.append({"role": "user", "content": task})
        for _ in range(self.max_steps):
            self.steps += 1
            thought = chat(self.client, self.history, 0.05)
            self.history.append({"role": "assistant", "content": thought[:30]})
            act = parse_action(thought)
            if act is None:
                return "final: " + thought[:20]
            obs = Registry.call(act[0], act[1], 30)
            print("observed", obs)
            self.history.append({"role": "user", "content": "Observation: " + obs})
        return "gave up"


def r205_react_loop(client: Any) -> list[Any]:
    agent = ReActAgent(client, 4)
    return [agent.run("find the capital"), agent.steps, len(agent.history)]


def r205_anthropic_agent_memory(aclient: Any, client: Any) -> list[str]:
    memory: list[dict[str, str]] = []
    out = []
    for q, lat in (("plan", 0.1), ("refine", 0.05)):
        memory.append({"role": "user", "content": q})
        m = aclient.messages.create(model="claude", max_tokens=64, system="be brief",
                                    messages=memory, extra_body={"latency": lat})
        memory.append({"role": "assistant", "content": m.content[0].text[:20]})
        out.append(m.content[0].text)
    out.append(ask(client, "independent", 0.15))
    return out


# =========================================================================== tools known at run time


def r205_tools_share_dict_context(web: str) -> list[str]:
    ctx = {"city": "none"}

    def weather(city: str) -> str:
        ctx["city"] = city
        return _get(web, f"weather-{city}", 120)

    def news() -> str:
        return _get(web, f"news-{ctx['city']}", 40)

    tools = {"weather": weather, "news": news}
    return [tools["weather"]("oslo"), tools["news"](), tools["weather"]("rome"), tools["news"]()]


class Session:
    def __init__(self, web: str) -> None:
        self.web = web
        self.token = "anon"

    def login(self, user: str) -> str:
        self.token = f"tok-{user}"
        return _get(self.web, f"login-{user}", 120)

    def me(self) -> str:
        return _get(self.web, f"me-{self.token}", 40)


def r205_tools_bound_methods_session(web: str) -> list[str]:
    s = Session(web)
    tools = {"login": s.login, "me": s.me}
    return [tools["login"]("ann"), tools["me"]()]


class Fetcher:
    made = 0

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key
        self.calls = 0

    def __call__(self) -> str:
        Fetcher.made += 1
        return _get(self.web, f"{self.key}-{Fetcher.made}", 100 - 20 * Fetcher.made)


def r205_tools_callables_class_counter(web: str) -> list[str]:
    Fetcher.made = 0
    tools = [Fetcher(web, k) for k in ("a", "b", "c")]
    return [t() for t in tools]


def r205_tools_mutate_argument(web: str) -> list[Any]:
    def enrich(rec: dict[str, str]) -> str:
        rec["tag"] = "hot"
        return _get(web, f"enrich-{rec['id']}", 120)

    def show(rec: dict[str, str]) -> str:
        return _get(web, f"show-{rec.get('tag', 'cold')}", 40)

    tools = {"enrich": enrich, "show": show}
    rec = {"id": "r1"}
    return [tools["enrich"](rec), tools["show"](rec), rec]


class RateLimited:
    """A tool of the user's keeping 80 ms between its requests."""

    def __init__(self, web: str, gap: float) -> None:
        self.web, self.gap, self.last = web, gap, -1e9

    def __call__(self, key: str) -> str:
        wait = self.last + self.gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last = time.monotonic()
        return _get(self.web, key, 10)


def r205_tools_rate_limited(web: str) -> list[str]:
    limited = RateLimited(web, 0.08)
    tools = {"search": limited}
    return [tools["search"](k) for k in ("a", "b", "c")]


def r205_tools_one_fails_in_comprehension(web: str) -> list[Any]:
    tools = {"lookup": lambda k, ms: _get(web, k, ms)}
    try:
        return [tools["lookup"](k, ms) for k, ms in (("a", 40), ("missing-b", 120), ("c", 30))]
    except KeyError as e:
        return ["failed", repr(e), _chain(e)]


def r205_tools_two_fail_order(web: str) -> list[Any]:
    def slow_bad() -> str:
        r = requests.get(f"{web}/status/502?ms=150", timeout=5)
        r.raise_for_status()
        return "never"

    def fast_bad() -> str:
        return _get(web, "missing-fast", 20)

    tools = {"slow": slow_bad, "fast": fast_bad}
    try:
        return [tools["slow"](), tools["fast"]()]
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, _chain(e)]


def r205_tools_file_note_then_read(web: str, tmp: str) -> list[str]:
    path = f"{tmp}/notes.txt"

    def note(text: str) -> str:
        with open(path, "a") as f:
            f.write(text + "\n")
        return _get(web, f"note-{text}", 120)

    def recall() -> str:
        with open(path) as f:
            n = len(f.read().splitlines())
        return _get(web, f"recall-{n}", 40)

    tools = {"note": note, "recall": recall}
    open(path, "w").close()
    return [tools["note"]("x"), tools["recall"](), tools["note"]("y"), tools["recall"]()]


class ToolAgent:
    def __init__(self, web: str) -> None:
        self.web = web
        self.memory: list[str] = []

    def tool_search(self, q: str) -> str:
        self.memory.append(q)
        return _get(self.web, f"search-{q}", 120)

    def tool_count(self, _: str) -> str:
        return _get(self.web, f"count-{len(self.memory)}", 40)

    def act(self, plan: list[tuple[str, str]]) -> list[str]:
        return [getattr(self, "tool_" + n)(a) for n, a in plan]


def r205_getattr_method_tools_memory(web: str) -> list[str]:
    return ToolAgent(web).act([("search", "x"), ("count", ""), ("search", "y"), ("count", "")])


def r205_anthropic_memory_mutated_after_independent(aclient: Any, client: Any) -> list[str]:
    memory: list[dict[str, str]] = [{"role": "user", "content": "plan"}]
    m1 = aclient.messages.create(model="claude", max_tokens=64, messages=memory,
                                 extra_body={"latency": 0.15})
    b = ask(client, "independent", 0.05)
    memory.append({"role": "assistant", "content": "ok"})
    memory.append({"role": "user", "content": "next"})
    m2 = aclient.messages.create(model="claude", max_tokens=64, messages=memory,
                                 extra_body={"latency": 0.05})
    return [m1.content[0].text, b, m2.content[0].text]


def r205_factory_comprehension_reads_registry(client: Any) -> list[str]:
    class CountingBot(Bot):
        def ask(self, q: str) -> str:
            return ask(self.client, f"{self.name} of {len(Bot.registry)}: {q}", self.lat)

    Bot.registry.clear()
    return [CountingBot.create(client, lat).ask("hi") for lat in (0.12, 0.04, 0.08)]


# =========================================================================== lazy loops, early exits


def r205_loop_body_mutates_next_request(web: str) -> list[str]:
    reqs = [{"key": "a"}, {"key": "b"}, {"key": "c"}]
    out = []
    for i, r in enumerate(reqs):
        out.append(_get(web, r["key"], 60))
        if i + 1 < len(reqs):
            reqs[i + 1]["key"] += "-after"
    return out


def r205_generator_reads_loop_state(web: str) -> list[str]:
    seen: list[str] = []

    def keys() -> Iterator[str]:
        for k in "abc":
            yield f"{k}{len(seen)}"

    for k in keys():
        seen.append(_get(web, k, 60))
    return seen


def r205_react_break_on_observation(web: str) -> list[str]:
    out = []
    for step in range(5):
        obs = _get(web, f"obs{step}", 40)
        out.append(obs)
        if obs.endswith("1"):
            break
    return out


def healthy(web: str, name: str) -> bool:
    return _get(web, name, 40).endswith("b")


def r205_any_short_circuits(web: str) -> list[Any]:
    names = ["a", "b", "c", "d"]
    found = any(healthy(web, n) for n in names)
    first = next(n for n in names if healthy(web, n))
    return [found, first]


def r205_map_lazy_break(web: str) -> list[str]:
    out = []
    for v in map(lambda k: _get(web, k, 40), ["a", "b", "c", "d"]):
        out.append(v)
        if v == "v-b":
            break
    return out


# =========================================================================== tracebacks of tool failures


def _frames(e: BaseException) -> list[str]:
    return [f"{f.name}:{f.lineno}:{f.line}" for f in traceback.extract_tb(e.__traceback__)]


def r205_overlapped_failure_traceback(web: str) -> list[Any]:
    tools = {"lookup": lambda k, ms: _get(web, k, ms)}
    try:
        return [tools["lookup"](k, ms) for k, ms in (("a", 120), ("missing-b", 40))]
    except KeyError as e:
        return ["failed", _frames(e)]


def r205_overlapped_failure_format_exc_printed(web: str) -> str:
    tools = {"lookup": lambda k, ms: _get(web, k, ms)}
    try:
        vals = [tools["lookup"](k, ms) for k, ms in (("a", 120), ("missing-b", 40))]
    except KeyError:
        print(traceback.format_exc())
        return "failed"
    return ",".join(vals)


class ToolError(Exception):
    pass


def r205_overlapped_failure_wrapped_chain(web: str) -> list[Any]:
    tools = {"lookup": lambda k, ms: _get(web, k, ms)}
    try:
        try:
            return [tools["lookup"](k, ms) for k, ms in (("a", 120), ("missing-b", 40))]
        except KeyError as e:
            raise ToolError("lookup failed") from e
    except ToolError as e:
        return [_chain(e), _frames(e), _frames(e.__cause__), e.__suppress_context__]


# =========================================================================== caches, deadlines


class Doc:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    @cached_property
    def body(self) -> str:
        return _get(self.web, self.key, 80)


def r205_cached_property_aliased_items(web: str) -> list[str]:
    a, b = Doc(web, "a"), Doc(web, "b")
    return [d.body for d in (a, b, a, b)]


class Index:
    def __init__(self, web: str) -> None:
        self.web = web

    @functools.cache  # noqa: B019
    def fetch(self, key: str) -> str:
        return _get(self.web, key, 80)


def r205_lru_cache_method_duplicates(web: str) -> list[str]:
    idx = Index(web)
    return [idx.fetch(k) for k in ("a", "b", "a", "c", "b")]


def r205_deadline_loop(web: str) -> list[str]:
    deadline = time.monotonic() + 0.25
    out = []
    for k in ("a", "b", "c", "d", "e"):
        if time.monotonic() > deadline:
            break
        out.append(_get(web, k, 100))
    return out


# =========================================================================== cases

def _oa(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=lambda env: (openai_client(env),), servers="api web", ideal=ideal,
                setup=_reset_shared, **kw)


def _oaw(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=lambda env: (openai_client(env), env.web), servers="api web",
                ideal=ideal, setup=_reset_shared, **kw)


def _oat(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("sdk", fn, args=lambda env: (openai_client(env), str(env.tmp)), servers="api",
                ideal=ideal, setup=_reset_shared, **kw)


def _w(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("state", fn, args=lambda env: (env.web,), servers="web", ideal=ideal,
                setup=_reset_shared, **kw)


ALL: list[Case] = [
    _oa(r205_two_agents_interleaved, 2.0),
    _oa(r205_memory_sent_then_appended, over(0.12, 0.05)),
    _oa(r205_mutable_default_memory, over(0.12, 0.05)),
    _w(r205_registry_independent_lookups, over(0.15, 0.04, 0.09)),
    _w(r205_registry_registered_in_function, (0.12 + 0.06 + 0.12) / 0.12),
    _oa(r205_counting_decorator, IDEAL_QS),
    _oa(r205_method_cache_duplicates, over(0.12, 0.05, 0.08)),
    _w(r205_retry_decorator_chain),
    _w(r205_logging_decorator_loop, over(0.15, 0.04, 0.09)),
    _oa(r205_property_changed_between_calls, over(0.12, 0.05)),
    _oa(r205_class_attribute_changed_between_calls, 0.27 / 0.12),
    _oa(r205_global_config_switched_midloop, IDEAL_QS),
    _oa(r205_pipeline_steps_with_counters),
    _oa(r205_classmethod_factory_names, over(0.12, 0.04, 0.08)),
    _oa(r205_hooks_print, IDEAL_QS),
    _oaw(r205_hook_writes_then_lookup),
    _oa(r205_tracer_spans, IDEAL_QS),
    _oa(r205_budget_context_suppresses, over(0.12, 0.04)),
    _oaw(r205_chain_beside_lookups, 0.51 / 0.3),
    _oa(r205_react_loop),
    Case("sdk", r205_anthropic_agent_memory, servers="api web", setup=_reset_shared,
         args=lambda env: (anthropic_client(env), openai_client(env)), ideal=0.3 / 0.15),
]


def _wt(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("state", fn, args=lambda env: (env.web, str(env.tmp)), servers="web",
                ideal=ideal, setup=_reset_shared, **kw)


ALL += [
    _w(r205_tools_share_dict_context),
    _w(r205_tools_bound_methods_session),
    _w(r205_tools_callables_class_counter),
    _w(r205_tools_mutate_argument),
    _w(r205_tools_rate_limited, spacing=0.08),
    _w(r205_tools_one_fails_in_comprehension, speculative_reads=True),
    _w(r205_tools_two_fail_order, speculative_reads=True),
    _wt(r205_tools_file_note_then_read),
    _w(r205_getattr_method_tools_memory),
    Case("sdk", r205_anthropic_memory_mutated_after_independent, servers="api web",
         setup=_reset_shared, args=lambda env: (anthropic_client(env), openai_client(env)),
         ideal=0.25 / 0.2),
    _oa(r205_factory_comprehension_reads_registry),
    _w(r205_loop_body_mutates_next_request),
    _w(r205_generator_reads_loop_state),
    _w(r205_react_break_on_observation),
    _w(r205_any_short_circuits),
    _w(r205_map_lazy_break),
    _w(r205_overlapped_failure_traceback, speculative_reads=True),
    _w(r205_overlapped_failure_format_exc_printed, speculative_reads=True),
    _w(r205_overlapped_failure_wrapped_chain, speculative_reads=True),
    _w(r205_cached_property_aliased_items, 2.0),
    _w(r205_lru_cache_method_duplicates, 3.0),
    _w(r205_deadline_loop),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
