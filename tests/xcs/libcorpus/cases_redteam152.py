"""Red-team cases (stop 152): everyday async LLM applications whose coroutines print progress.

Written as a new user would from docs/jit.md alone: ``async def`` helpers that print
``Asking about <topic>`` before an ``AsyncOpenAI`` call and a short summary after it,
``httpx.AsyncClient`` retrieval helpers that print what they fetch, ``[await helper(x) for x
in items]`` comprehensions, sequential awaits with prints between, ``asyncio.gather``
written by the user over printing coroutines, an ``asyncio.Semaphore`` or ``Lock`` in the
helper, verbose flags (a parameter, an object the caller changes), classes with async
methods that print, RAG pipelines (retrieve then ask) where each step prints, retries with
``asyncio.sleep`` backoff that print ``retrying``, results written to a JSONL file.
Around them, what a printing coroutine may see change: a history list the caller appends
to, a config object whose ``verbose`` the caller flips, a cache dict, a semaphore's state,
a parameter named ``print``, ``redirect_stdout``, a loop that breaks on an answer.
Sibling calls get unequal latencies, slow first. `FAILING_WHY` holds the cases that differed
or crashed under jit when written; `SHORT_WHY` the overlap an ideal scheduler has and the
JIT did not reach.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import httpx
import openai

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam152")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


O3 = over(0.15, 0.04, 0.09)
TOPICS = (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09))
KMS = (("a", 150), ("b", 40), ("c", 90))


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def summary(text: str, n: int = 3) -> str:
    return " ".join(text.split()[:n])


# =========================================================================== drivers


def _oa(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client)
    return asyncio.run(main())


def _hx(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


def _both(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client, \
                httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(client, http)
    return asyncio.run(main())


def _oa_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                      max_retries=0) as client:
            return await f(client, str(env.tmp))
    return asyncio.run(main())


def _hx_tmp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http, str(env.tmp))
    return asyncio.run(main())


def _web_only(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _oa_url(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.openai_url))


# =========================================================================== ask helpers


async def ask(client: Any, topic: str, lat: float) -> str:
    print("Asking about", topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    text = r.choices[0].message.content
    print(f"  {topic}: {summary(text)}")
    return text


async def r152_ask_loop(client: Any) -> list[str]:
    out = []
    for topic, lat in TOPICS:
        out.append(await ask(client, topic, lat))
    return out


async def r152_ask_comprehension(client: Any) -> list[str]:
    return [await ask(client, t, lat) for t, lat in TOPICS]



async def r152_sequential_awaits_prints_between(client: Any) -> str:
    print("== report ==")
    a = await ask(client, "tides", 0.15)
    print("-- part 1 done")
    b = await ask(client, "volcanoes", 0.04)
    print("-- part 2 done")
    c = await ask(client, "comets", 0.09)
    print("== end ==")
    return "\n".join([summary(a), summary(b), summary(c)])


async def r152_progress_counter_in_caller(client: Any) -> list[int]:
    lengths = []
    n = len(TOPICS)
    for i, (topic, lat) in enumerate(TOPICS, 1):
        print(f"[{i}/{n}] {topic}")
        text = await ask(client, topic, lat)
        lengths.append(len(text.split()))
        print(f"[{i}/{n}] ok ({lengths[-1]} words)")
    return lengths


async def r152_tuple_of_awaits(client: Any) -> tuple[str, str]:
    pro, con = await ask(client, "pros of tea", 0.15), await ask(client, "cons of tea", 0.06)
    print("verdict:", len(pro) > len(con))
    return pro, con


async def r152_user_gather(client: Any) -> list[str]:
    print("starting three questions")
    answers = await asyncio.gather(*(ask(client, t, lat) for t, lat in TOPICS))
    print("all answered")
    return list(answers)


async def r152_user_gather_then_loop(client: Any) -> list[str]:
    first = await asyncio.gather(ask(client, "tides", 0.15), ask(client, "comets", 0.04))
    more = []
    for t, lat in (("rivers", 0.09), ("lakes", 0.05)):
        more.append(await ask(client, t, lat))
    return list(first) + more


async def ask_verbose(client: Any, topic: str, lat: float, verbose: bool = False) -> str:
    if verbose:
        print(f"Asking about {topic} (latency {lat:.2f}s)")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    text = r.choices[0].message.content
    if verbose:
        print(f"  -> {len(text)} chars")
    return text


async def r152_verbose_flag_param(client: Any, verbose: bool = True) -> list[str]:
    return [await ask_verbose(client, t, lat, verbose=verbose) for t, lat in TOPICS]



class Settings:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose


async def ask_cfg(client: Any, topic: str, lat: float, cfg: Settings) -> str:
    if cfg.verbose:
        print("Asking about", topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_caller_flips_cfg_verbose(client: Any) -> list[str]:
    cfg = Settings(verbose=True)
    out = []
    for t, lat in TOPICS:
        out.append(await ask_cfg(client, t, lat, cfg))
        cfg.verbose = False  # only the first question is announced
    return out


async def ask_turn(client: Any, topic: str, lat: float, history: list[str]) -> str:
    print(f"Asking about {topic} (turn {len(history) + 1})")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_history_len_in_print(client: Any) -> list[str]:
    history: list[str] = []
    for t, lat in TOPICS:
        history.append(await ask_turn(client, t, lat, history))
    return history


async def ask_cached(client: Any, topic: str, lat: float, cache: dict[str, str]) -> str:
    if topic in cache:
        print("cache hit:", topic)
        return cache[topic]
    print("Asking about", topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    cache[topic] = text = r.choices[0].message.content
    return text


async def r152_cache_dict_param(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    topics = [("tides", 0.15), ("comets", 0.04), ("tides", 0.09), ("comets", 0.05)]
    return [await ask_cached(client, t, lat, cache) for t, lat in topics]


async def ask_echo(client: Any, topic: str, lat: float, print: Any = print) -> str:  # noqa: A002
    print("Asking about " + topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_param_named_print(client: Any) -> list[Any]:
    lines: list[str] = []
    answers = [await ask_echo(client, t, lat, print=lines.append) for t, lat in TOPICS]
    return [lines, [len(a) for a in answers]]



async def ask_usage(client: Any, topic: str, lat: float) -> int:
    print("Asking about", topic, end=" ... ", flush=True)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    print("tokens:", r.usage.total_tokens, sep=" ")
    return r.usage.total_tokens


async def r152_print_end_and_usage(client: Any) -> int:
    total = 0
    for t, lat in TOPICS:
        total += await ask_usage(client, t, lat)
    print("total tokens", total)
    return total


async def ask_checked(client: Any, topic: str, lat: float) -> str:
    print("Asking about", topic)
    if not topic.strip():
        raise ValueError("empty topic")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_helper_raises_mid_loop(client: Any) -> list[str]:
    out = []
    for t, lat in (("tides", 0.15), ("  ", 0.04), ("comets", 0.09)):
        out.append(await ask_checked(client, t, lat))
    return out


async def r152_caller_catches_helper_error(client: Any) -> list[str]:
    out = []
    for t, lat in (("tides", 0.15), ("", 0.04), ("comets", 0.09)):
        try:
            out.append(await ask_checked(client, t, lat))
        except ValueError as e:
            print("skipped:", e)
            out.append("")
    return out


async def ask_with_sem(client: Any, topic: str, lat: float, sem: asyncio.Semaphore) -> str:
    async with sem:
        print("Asking about", topic)
        r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                                 extra_body={"latency": lat})
    print("  done", topic)
    return r.choices[0].message.content


async def r152_semaphore_in_helper(client: Any) -> list[str]:
    sem = asyncio.Semaphore(2)
    return [await ask_with_sem(client, t, lat, sem) for t, lat in TOPICS]



async def ask_sem_state(client: Any, topic: str, lat: float, sem: asyncio.Semaphore) -> str:
    print("Asking about", topic, "(busy)" if sem.locked() else "(free)")
    async with sem:
        r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                                 extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_semaphore_locked_printed(client: Any) -> list[str]:
    sem = asyncio.Semaphore(1)
    out = []
    for t, lat in TOPICS:
        out.append(await ask_sem_state(client, t, lat, sem))
    return out




class Assistant:
    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    async def ask(self, topic: str, lat: float) -> str:
        print(f"[{self.name}] Asking about {topic}")
        r = await self.client.chat.completions.create(
            model="gpt", messages=[user(topic)], extra_body={"latency": lat})
        text = r.choices[0].message.content
        print(f"[{self.name}] {summary(text)}")
        return text


async def r152_class_async_method(client: Any) -> list[str]:
    bot = Assistant(client, "bot")
    return [await bot.ask(t, lat) for t, lat in TOPICS]


class CountingAssistant(Assistant):
    def __init__(self, client: Any, name: str) -> None:
        super().__init__(client, name)
        self.calls = 0

    async def ask(self, topic: str, lat: float) -> str:
        self.calls += 1
        print(f"[{self.name} #{self.calls}] Asking about {topic}")
        r = await self.client.chat.completions.create(
            model="gpt", messages=[user(topic)], extra_body={"latency": lat})
        return r.choices[0].message.content


async def r152_class_counts_calls(client: Any) -> list[Any]:
    bot = CountingAssistant(client, "counter")
    out = [await bot.ask(t, lat) for t, lat in TOPICS]
    return [bot.calls, [len(a) for a in out]]


class LoggingAssistant(Assistant):
    def log(self, msg: str) -> None:
        print(f"[{self.name}] {msg}")

    async def ask(self, topic: str, lat: float) -> str:
        self.log(f"Asking about {topic}")
        r = await self.client.chat.completions.create(
            model="gpt", messages=[user(topic)], extra_body={"latency": lat})
        return r.choices[0].message.content


async def r152_class_log_method_prints(client: Any) -> list[str]:
    bot = LoggingAssistant(client, "logbot")
    return [await bot.ask(t, lat) for t, lat in TOPICS]


async def ask_stdout_kw(client: Any, topic: str, lat: float) -> str:
    print("Asking about", topic, file=sys.stdout)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_print_file_stdout_kw(client: Any) -> list[str]:
    return [await ask_stdout_kw(client, t, lat) for t, lat in TOPICS]


async def r152_redirect_stdout_around_loop(client: Any) -> list[str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        answers = [await ask(client, t, lat) for t, lat in TOPICS]
    print("captured", len(buf.getvalue().splitlines()), "lines")
    return [buf.getvalue()] + answers


async def r152_coroutines_made_then_awaited(client: Any) -> list[str]:
    pending = [ask(client, t, lat) for t, lat in TOPICS]
    print("made", len(pending), "coroutines")
    return [await p for p in pending]


async def r152_jsonl_after_each_answer(client: Any, tmp: str) -> int:
    path = Path(tmp) / "answers.jsonl"
    with path.open("w") as f:
        for t, lat in TOPICS:
            text = await ask(client, t, lat)
            f.write(json.dumps({"topic": t, "words": len(text.split())}) + "\n")
    return len(path.read_text().splitlines())


async def r152_jsonl_append_per_answer(client: Any, tmp: str) -> list[str]:
    path = Path(tmp) / "log.jsonl"
    for t, lat in TOPICS:
        text = await ask(client, t, lat)
        with open(path, "a") as f:
            f.write(json.dumps({"topic": t, "summary": summary(text)}) + "\n")
    return path.read_text().splitlines()


async def ask_and_save(client: Any, topic: str, lat: float, path: Path) -> str:
    print("Asking about", topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    text = r.choices[0].message.content
    with path.open("a") as f:
        f.write(json.dumps({"topic": topic, "chars": len(text)}) + "\n")
    return text


async def r152_helper_writes_jsonl(client: Any, tmp: str) -> int:
    path = Path(tmp) / "saved.jsonl"
    texts = [await ask_and_save(client, t, lat, path) for t, lat in TOPICS]
    return sum(len(t) for t in texts)


async def r152_make_client_inside(base_url: str) -> list[str]:
    async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=base_url,
                                  max_retries=0) as client:
        return [await ask(client, t, lat) for t, lat in TOPICS]


async def r152_answers_dict_and_chain(client: Any) -> dict[str, str]:
    answers = {t: await ask(client, t, lat) for t, lat in TOPICS}
    print("summarising", len(answers), "answers")
    final = await ask(client, "summary of " + ", ".join(answers), 0.05)
    return {"final": summary(final), **{k: summary(v) for k, v in answers.items()}}


async def r152_logging_in_coroutine(client: Any) -> list[str]:
    out = []
    for t, lat in TOPICS:
        LOG.info("asking about %s", t)
        r = await client.chat.completions.create(model="gpt", messages=[user(t)],
                                                 extra_body={"latency": lat})
        out.append(r.choices[0].message.content)
    return out


async def ask_inline_prints(client: Any, topic: str, lat: float) -> str:
    sys.stdout.write(f"Asking about {topic}\n")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_stdout_write_helper(client: Any) -> list[str]:
    return [await ask_inline_prints(client, t, lat) for t, lat in TOPICS]


# =========================================================================== httpx retrieval


async def fetch(http: httpx.AsyncClient, key: str, ms: int) -> str:
    print("fetching", key)
    r = await http.get(f"/items/{key}", params={"ms": ms})
    value = r.json()["value"]
    print("  got", value)
    return value


async def r152_fetch_loop(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(await fetch(http, k, ms))
    return out



async def r152_fetch_break_on_value(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        v = await fetch(http, k, ms)
        out.append(v)
        if v == "v-b":
            print("found b, stopping")
            break
    return out


async def fetch_strict(http: httpx.AsyncClient, key: str, ms: int) -> str:
    print("fetching", key)
    try:
        r = await http.get(f"/items/{key}", params={"ms": ms})
        r.raise_for_status()
        return r.json()["value"]
    finally:
        print("  finished", key)


async def r152_fetch_finally_caller_skips(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-x", 40), ("c", 90)):
        try:
            out.append(await fetch_strict(http, k, ms))
        except httpx.HTTPStatusError as e:
            print("skip", k, e.response.status_code)
    return out



async def fetch_retry(http: httpx.AsyncClient, paths: list[str]) -> str:
    for attempt, path in enumerate(paths):
        r = await http.get(path)
        if r.status_code == 200:
            return r.json().get("value", "?")
        print(f"retrying after {r.status_code} (attempt {attempt + 1})")
        await asyncio.sleep(0.01 * 2 ** attempt)
    raise RuntimeError("gave up")


async def r152_retry_backoff_per_key(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(await fetch_retry(http, ["/status/503", f"/items/{k}?ms={ms}"]))
    return out



async def r152_gather_return_exceptions(http: httpx.AsyncClient) -> list[str]:
    results = await asyncio.gather(
        fetch_strict(http, "a", 150), fetch_strict(http, "missing-z", 40),
        fetch_strict(http, "c", 90), return_exceptions=True)
    return [r if isinstance(r, str) else type(r).__name__ for r in results]




async def r152_fetch_jsonl_local(http: httpx.AsyncClient, tmp: str) -> list[str]:
    path = Path(tmp) / "docs.jsonl"
    with open(path, "w") as f:
        for k, ms in KMS:
            value = await fetch(http, k, ms)
            f.write(json.dumps({"key": k, "value": value}) + "\n")
    return path.read_text().splitlines()



async def r152_put_then_fetch_prints(http: httpx.AsyncClient) -> list[str]:
    print("saving a")
    await http.put("/items/a", content="fresh")
    got = [await fetch(http, k, ms) for k, ms in KMS]
    await http.delete("/items/a")
    return got


# =========================================================================== RAG


async def retrieve(http: httpx.AsyncClient, q: str, ms: int) -> str:
    print("Retrieving context for", q)
    r = await http.get(f"/items/{q}", params={"ms": ms})
    doc = r.json()["value"]
    print("  context:", doc)
    return doc


async def answer(client: Any, q: str, doc: str, lat: float) -> str:
    print("Asking about", q)
    r = await client.chat.completions.create(
        model="gpt", messages=[user(f"Context: {doc}\nQuestion: {q}")],
        extra_body={"latency": lat})
    text = r.choices[0].message.content
    print("  answer:", summary(text))
    return text


RAG = (("a", 150, 0.05), ("b", 40, 0.15), ("c", 90, 0.04))


def _rag_ideal() -> float:
    total = sum(ms / 1000 + lat for _, ms, lat in RAG)
    return total / max(ms / 1000 + lat for _, ms, lat in RAG)


async def r152_rag_loop(client: Any, http: httpx.AsyncClient) -> list[str]:
    out = []
    for q, ms, lat in RAG:
        doc = await retrieve(http, q, ms)
        out.append(await answer(client, q, doc, lat))
    return out


async def r152_rag_two_phase(client: Any, http: httpx.AsyncClient) -> list[str]:
    docs = [await retrieve(http, q, ms) for q, ms, _ in RAG]
    print("retrieved", len(docs), "docs")
    return [await answer(client, q, d, lat) for (q, _, lat), d in zip(RAG, docs, strict=True)]


async def rag_one(client: Any, http: httpx.AsyncClient, q: str, ms: int, lat: float) -> str:
    doc = await retrieve(http, q, ms)
    return await answer(client, q, doc, lat)


async def r152_rag_pipeline_helper(client: Any, http: httpx.AsyncClient) -> list[str]:
    return [await rag_one(client, http, q, ms, lat) for q, ms, lat in RAG]


async def rag_inline(client: Any, http: httpx.AsyncClient, q: str, ms: int, lat: float) -> str:
    print("Retrieving context for", q)
    r = await http.get(f"/items/{q}", params={"ms": ms})
    doc = r.json()["value"]
    print("Asking about", q)
    c = await client.chat.completions.create(
        model="gpt", messages=[user(f"Context: {doc}\nQuestion: {q}")],
        extra_body={"latency": lat})
    return c.choices[0].message.content


async def r152_rag_inline_helper(client: Any, http: httpx.AsyncClient) -> list[str]:
    return [await rag_inline(client, http, q, ms, lat) for q, ms, lat in RAG]



class RagBot:
    def __init__(self, client: Any, http: httpx.AsyncClient, verbose: bool = True) -> None:
        self.client = client
        self.http = http
        self.verbose = verbose

    async def run(self, q: str, ms: int, lat: float) -> str:
        if self.verbose:
            print("[rag] question:", q)
        doc = (await self.http.get(f"/items/{q}", params={"ms": ms})).json()["value"]
        r = await self.client.chat.completions.create(
            model="gpt", messages=[user(f"{doc}: {q}")], extra_body={"latency": lat})
        if self.verbose:
            print("[rag] answered", q)
        return r.choices[0].message.content


async def r152_rag_class(client: Any, http: httpx.AsyncClient) -> list[str]:
    bot = RagBot(client, http)
    return [await bot.run(q, ms, lat) for q, ms, lat in RAG]


# =========================================================================== more shapes


class Topic:
    """A topic that says when it is shown (a user's debugging aid)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        print("(showing topic", self.name + ")")
        return self.name


async def ask_topic(client: Any, topic: Topic, lat: float) -> str:
    print("Asking about", topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic.name)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_topic_str_prints(client: Any) -> list[str]:
    topics = [Topic(t) for t, _ in TOPICS]
    return [await ask_topic(client, t, lat) for t, (_, lat) in zip(topics, TOPICS, strict=True)]


async def fetch_dots(http: httpx.AsyncClient, key: str, ms: int) -> str:
    print("fetching", key, end="... ")
    r = await http.get(f"/items/{key}", params={"ms": ms})
    r.raise_for_status()
    print("ok")
    return r.json()["value"]


async def r152_partial_line_then_failure(http: httpx.AsyncClient) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-q", 40), ("c", 90)):
        try:
            out.append(await fetch_dots(http, k, ms))
        except httpx.HTTPStatusError:
            print("FAILED")
    return out


VERBOSE = True


async def ask_global_verbose(client: Any, topic: str, lat: float) -> str:
    if VERBOSE:
        print("Asking about", topic)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_caller_rebinds_global_verbose(client: Any) -> list[str]:
    global VERBOSE
    out = []
    try:
        for t, lat in TOPICS:
            out.append(await ask_global_verbose(client, t, lat))
            VERBOSE = False
    finally:
        VERBOSE = True
    return out


async def ask_deadline(client: Any, topic: str, lat: float) -> str:
    print("Asking about", topic)
    async with asyncio.timeout(5):
        r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                                 extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_timeout_inside_helper(client: Any) -> list[str]:
    return [await ask_deadline(client, t, lat) for t, lat in TOPICS]


async def r152_as_completed_prints(client: Any) -> list[str]:
    done = []
    tasks = [asyncio.create_task(ask(client, t, lat)) for t, lat in TOPICS]
    for fut in asyncio.as_completed(tasks):
        text = await fut
        print("finished one:", summary(text, 2))
        done.append(text)
    return sorted(done)


async def ask_stream(client: Any, topic: str, lat: float) -> str:
    print("Streaming answer about", topic)
    stream = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                                  stream=True, extra_body={"latency": lat})
    parts = []
    async for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    print(f"  {len(parts)} chunks")
    return "".join(parts)


async def r152_stream_helper_loop(client: Any) -> list[str]:
    return [await ask_stream(client, t, lat) for t, lat in TOPICS]


async def r152_print_of_await(client: Any) -> int:
    n = 0
    for t, lat in TOPICS:
        print(f"{t}: {summary(await ask(client, t, lat), 2)}")
        n += 1
    return n


SEEN: list[str] = []


async def ask_seen(client: Any, topic: str, lat: float) -> str:
    print(f"Asking about {topic} ({len(SEEN)} asked before)")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_global_list_len_in_print(client: Any) -> list[str]:
    out = []
    try:
        for t, lat in TOPICS:
            out.append(await ask_seen(client, t, lat))
            SEEN.append(t)
    finally:
        SEEN.clear()
    return out


def topics_from_lines(text: str) -> Any:
    for line in text.splitlines():
        name, lat = line.split(",")
        print("loaded topic", name)
        yield name, float(lat)


async def r152_generator_prints_feeds_loop(client: Any) -> list[str]:
    out = []
    for t, lat in topics_from_lines("tides,0.15\nvolcanoes,0.04\ncomets,0.09"):
        out.append(await ask(client, t, lat))
    return out


async def r152_inner_async_def(client: Any) -> list[str]:
    async def ask_here(topic: str, lat: float) -> str:
        print("Asking about", topic)
        r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                                 extra_body={"latency": lat})
        return r.choices[0].message.content

    return [await ask_here(t, lat) for t, lat in TOPICS]


async def r152_inner_async_def_appends(client: Any) -> list[Any]:
    log: list[str] = []

    async def ask_here(topic: str, lat: float) -> str:
        print("Asking about", topic)
        log.append(topic)
        r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                                 extra_body={"latency": lat})
        return r.choices[0].message.content

    answers = [await ask_here(t, lat) for t, lat in TOPICS]
    return [log, [len(a) for a in answers]]


async def fetch_or_none(http: httpx.AsyncClient, key: str, ms: int) -> str | None:
    print("fetching", key)
    try:
        r = await http.get(f"/items/{key}", params={"ms": ms})
        r.raise_for_status()
    except httpx.HTTPStatusError as e:
        print("  error:", e.response.status_code, e.request.url.path)
        return None
    return r.json()["value"]


async def r152_helper_prints_error_returns_none(http: httpx.AsyncClient) -> list[str | None]:
    return [await fetch_or_none(http, k, ms) for k, ms in (("a", 150), ("missing-w", 40),
                                                           ("c", 90))]


async def r152_walrus_comprehension(http: httpx.AsyncClient) -> list[str]:
    return [v for k, ms in KMS if (v := await fetch(http, k, ms)) != "v-b"]



async def ask_kw(client: Any, topic: str, lat: float, **print_kw: Any) -> str:
    print("Asking about", topic, **print_kw)
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_print_kw_forwarded(client: Any) -> list[str]:
    return [await ask_kw(client, t, lat, sep=" | ", end=" ...\n") for t, lat in TOPICS]


BUDGET = {"left": 1000}


async def ask_budget(client: Any, topic: str, lat: float) -> str:
    print(f"Asking about {topic}, budget left {BUDGET['left']}")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             extra_body={"latency": lat})
    return r.choices[0].message.content


async def r152_global_budget_dict(client: Any) -> list[str]:
    out = []
    try:
        for t, lat in TOPICS:
            text = await ask_budget(client, t, lat)
            BUDGET["left"] -= 100
            out.append(text)
    finally:
        BUDGET["left"] = 1000
    return out


async def ask_temp(client: Any, topic: str, lat: float, temp: float) -> str:
    print("Asking about", topic, f"(t={temp})")
    r = await client.chat.completions.create(model="gpt", messages=[user(topic)],
                                             temperature=temp, extra_body={"latency": lat})
    print("  ok", topic)
    return r.choices[0].message.content


async def r152_bad_request_caught(client: Any) -> list[str]:
    out = []
    for (t, lat), temp in zip(TOPICS, (0.2, 9.0, 0.3), strict=True):
        try:
            out.append(await ask_temp(client, t, lat, temp))
        except openai.BadRequestError as e:
            print("bad request:", e.status_code)
            out.append("")
    return out


async def ask_retry(client: Any, topic: str, lat: float) -> str:
    for attempt, temp in enumerate((9.0, 0.5)):
        try:
            print(f"Asking about {topic} (attempt {attempt + 1})")
            r = await client.chat.completions.create(
                model="gpt", messages=[user(topic)], temperature=temp,
                extra_body={"latency": lat})
            return r.choices[0].message.content
        except openai.BadRequestError:
            print("  retrying", topic)
            await asyncio.sleep(0.02 * 2 ** attempt)
    raise RuntimeError("no answer")


async def r152_retry_model_backoff(client: Any) -> list[str]:
    return [await ask_retry(client, t, lat) for t, lat in TOPICS]


async def r152_bot_renamed_after_each(client: Any) -> list[str]:
    bot = Assistant(client, "first")
    out = []
    for i, (t, lat) in enumerate(TOPICS):
        out.append(await bot.ask(t, lat))
        bot.name = f"bot{i + 1}"
    return out


# =========================================================================== registry


def _c(fn: Any, drive: Any, ideal: float = 1.0, servers: str = "api", cat: str = "sdk",
       **kw: Any) -> Case:
    return Case(cat, fn, servers=servers, drive=drive, ideal=ideal, **kw)


RAGI = _rag_ideal()

ALL: list[Case] = [
    _c(r152_ask_loop, _oa, O3, overlap=3),
    _c(r152_ask_comprehension, _oa, O3, overlap=3),
    _c(r152_sequential_awaits_prints_between, _oa, O3),
    _c(r152_progress_counter_in_caller, _oa, O3),
    _c(r152_tuple_of_awaits, _oa, over(0.15, 0.06)),
    _c(r152_user_gather, _oa, overlap=3),
    _c(r152_user_gather_then_loop, _oa, (0.15 + 0.09 + 0.05) / 0.15),
    _c(r152_verbose_flag_param, _oa, O3),
    _c(r152_caller_flips_cfg_verbose, _oa, O3),
    _c(r152_history_len_in_print, _oa, O3),
    _c(r152_cache_dict_param, _oa, over(0.15, 0.04)),
    _c(r152_param_named_print, _oa, O3),
    _c(r152_print_end_and_usage, _oa, O3),
    _c(r152_helper_raises_mid_loop, _oa, speculative_reads=True),
    _c(r152_caller_catches_helper_error, _oa, over(0.15, 0.09)),
    _c(r152_semaphore_in_helper, _oa, (0.15 + 0.04 + 0.09) / 0.15),
    _c(r152_semaphore_locked_printed, _oa),
    _c(r152_class_async_method, _oa, O3),
    _c(r152_class_counts_calls, _oa, O3),
    _c(r152_class_log_method_prints, _oa, O3),
    _c(r152_print_file_stdout_kw, _oa, O3),
    _c(r152_redirect_stdout_around_loop, _oa, O3),
    _c(r152_coroutines_made_then_awaited, _oa, O3),
    _c(r152_jsonl_after_each_answer, _oa_tmp, O3, cat="files"),
    _c(r152_jsonl_append_per_answer, _oa_tmp, O3, cat="files"),
    _c(r152_helper_writes_jsonl, _oa_tmp, O3, cat="files"),
    _c(r152_make_client_inside, _oa_url, O3),
    _c(r152_answers_dict_and_chain, _oa, (0.28 + 0.05) / (0.15 + 0.05)),
    _c(r152_logging_in_coroutine, _oa, O3),
    _c(r152_stdout_write_helper, _oa, O3),
    _c(r152_fetch_loop, _hx, O3, "web", "http", overlap=3),
    _c(r152_fetch_break_on_value, _hx, over(0.15, 0.04), "web", "http",
       speculative_reads=True),
    _c(r152_fetch_finally_caller_skips, _hx, O3, "web", "http"),
    _c(r152_retry_backoff_per_key, _hx, 1.0, "web", "http"),
    _c(r152_gather_return_exceptions, _hx, 1.0, "web", "http", overlap=3),
    _c(r152_fetch_jsonl_local, _hx_tmp, 1.0, "web", "files"),
    _c(r152_put_then_fetch_prints, _hx, (0.05 + 0.28 + 0.05) / (0.05 + 0.15 + 0.05), "web",
       "http"),
    _c(r152_rag_loop, _both, RAGI, "api web"),
    _c(r152_rag_two_phase, _both, RAGI, "api web"),
    _c(r152_rag_pipeline_helper, _both, RAGI, "api web"),
    _c(r152_rag_inline_helper, _both, RAGI, "api web"),
    _c(r152_rag_class, _both, RAGI, "api web"),
    _c(r152_topic_str_prints, _oa, O3),
    _c(r152_partial_line_then_failure, _hx, O3, "web", "http"),
    _c(r152_caller_rebinds_global_verbose, _oa, O3),
    _c(r152_timeout_inside_helper, _oa, O3),
    _c(r152_as_completed_prints, _oa),
    _c(r152_stream_helper_loop, _oa, O3),
    _c(r152_print_of_await, _oa, O3),
    _c(r152_global_list_len_in_print, _oa, O3),
    _c(r152_generator_prints_feeds_loop, _oa, O3),
    _c(r152_inner_async_def, _oa, O3),
    _c(r152_inner_async_def_appends, _oa, O3),
    _c(r152_helper_prints_error_returns_none, _hx, O3, "web", "http"),
    _c(r152_walrus_comprehension, _hx, O3, "web", "http"),
    _c(r152_print_kw_forwarded, _oa, O3),
    _c(r152_global_budget_dict, _oa, O3),
    _c(r152_bad_request_caught, _oa, over(0.15, 0.09)),
    _c(r152_retry_model_backoff, _oa, over(0.17, 0.06, 0.11)),
    _c(r152_bot_renamed_after_each, _oa, O3),
]

FAILING_WHY: dict[str, str] = {}
SHORT_WHY: dict[str, str] = {
    "r152_sequential_awaits_prints_between": "three straight-line awaits of a printing helper "
        "with prints between: planned to start early 'only while client hold immutable "
        "values'; the AsyncOpenAI parameter fails that check, so each runs in place (the "
        "same helper in a loop or comprehension overlaps)",
    "r152_semaphore_in_helper": "`async with sem:` on a Semaphore parameter makes the helper "
        "'call a callee known only at run time': unknown, in place",
    "r152_rag_class": "RagBot.run awaits self.http.get and self.client...create: callees known "
        "only at run time, in place (Assistant.ask, one model call on self.client, overlaps)",
    "r152_rag_pipeline_helper": "a helper that awaits two printing helpers (documented: a "
        "helper of its that prints keeps its place)",
    "r152_rag_loop": "the answers overlap, each retrieve (httpx helper on a parameter) runs in "
        "place: 'callee known only at run time' (the same fetch helper alone overlaps)",
    "r152_rag_two_phase": "as r152_rag_loop",
    "r152_stream_helper_loop": "`async for chunk in stream` in the helper: the stream's type is "
        "not known in the helper's body, unknown",
    "r152_walrus_comprehension": "a comprehension with a walrus filter takes its items as "
        "written; fetch is then unknown",
    "r152_fetch_break_on_value": "a loop that breaks on a fetched value: fetch unknown, "
        "'nothing independent before it'",
    "r152_print_kw_forwarded": "`print(..., **print_kw)` is not the helper's own plain print "
        "(kw may hold file=): no I/O found, run as written",
    "r152_retry_model_backoff": "a helper that sleeps as a statement and calls the model paces "
        "its calls (documented); each topic's retry chain is independent",
    "r152_retry_backoff_per_key": "as r152_retry_model_backoff, over httpx",
    "r152_user_gather_then_loop": "a user's asyncio.gather is a task of its own: the whole "
        "function runs as written (documented), so the later loop does not overlap",
    "r152_user_gather": "plain already overlaps (ideal 1.0)",
    "r152_print_file_stdout_kw": "print(file=sys.stdout) is not a plain print (documented)",
    "r152_stdout_write_helper": "sys.stdout.write is not print (documented)",
    "r152_class_log_method_prints": "self.log prints: a helper of its that prints (documented)",
    "r152_class_counts_calls": "self.calls += 1 counts on self (documented)",
    "r152_timeout_inside_helper": "asyncio.timeout in the helper is a deadline (documented)",
    "r152_topic_str_prints": "the print formats a Topic whose __str__ prints: in place, correct",
    "r152_helper_writes_jsonl": "the helper writes a file: in place (documented)",
    "r152_coroutines_made_then_awaited": "an await of a coroutine made earlier is a write at "
        "the await (documented)",
    "r152_redirect_stdout_around_loop": "redirect_stdout in the function (documented)",
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
