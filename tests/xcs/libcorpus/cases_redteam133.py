"""Red-team cases (stop 133): everyday async LLM applications, written from docs/jit.md alone.

`async def` pipelines over `openai.AsyncOpenAI`: `asyncio.gather` of model calls the user
wrote, `async for` over an async generator of questions, an `asyncio.Semaphore` limiting
concurrency, `httpx.AsyncClient` and `aiohttp` retrieval before each question, `async with`
of the user's own tracing span or timer class (print or log only), structured outputs
parsed with pydantic, retries with `asyncio.sleep` backoff, results written to JSONL.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. A case's
`ideal` is counted against the plain run: a `gather` the user wrote already overlaps in
the plain code, so only the waits the plain code makes one after another count.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import json
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import openai
import pydantic

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger

LOG = corpus_logger("redteam133")

QS = ("What is RAG?", "Why cache prompts?", "When to fine-tune?")
LATS = (0.15, 0.04, 0.09)
LATS4 = (0.15, 0.04, 0.09, 0.06)
QS4 = QS + ("How to eval?",)


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def chains(*pairs: tuple[float, float]) -> float:
    """Independent two-step chains: the sum of all steps over the longest chain."""
    return sum(a + b for a, b in pairs) / max(a + b for a, b in pairs)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


async def aask(client: Any, prompt: str, lat: float, model: str = "gpt", **kw: Any) -> str:
    r = await client.chat.completions.create(model=model, messages=[user(prompt)],
                                             extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


class Verdict(pydantic.BaseModel):
    answer: str
    confidence: float


# =========================================================================== drivers


def _drive(*extra: str) -> Any:
    def drive(f: Any, env: Env) -> Any:
        more = [str(env.tmp) if name == "tmp" else getattr(env, name) for name in extra]

        async def main() -> Any:
            async with openai.AsyncOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url,
                                          max_retries=0) as client:
                return await f(client, *more)
        return asyncio.run(main())
    drive.__name__ = "drive_" + "_".join(("oa",) + extra)
    return drive


D_OA = _drive()
D_WEB = _drive("web")
D_TMP = _drive("tmp")
D_WEB_TMP = _drive("web", "tmp")


def D_URL(f: Any, env: Env) -> Any:  # noqa: N802 - a driver, named as the others
    return asyncio.run(f(env.openai_url))


# =========================================================================== gather (the user's own)


async def r133_gather_three_models(client: Any) -> str:
    a, b, c = await asyncio.gather(aask(client, QS[0], 0.15, "gpt"),
                                   aask(client, QS[0], 0.04, "gpt-mini"),
                                   aask(client, QS[0], 0.09, "judge"))
    verdict = await aask(client, f"Best of: {a[:30]} | {b[:30]} | {c[:30]}", 0.03)
    return verdict[:40]


async def r133_gather_then_followups(client: Any) -> list[str]:
    firsts = await asyncio.gather(*[aask(client, q, lat) for q, lat in zip(QS, LATS, strict=False)])
    out = []
    for ans, lat in zip(firsts, (0.12, 0.03, 0.06), strict=False):
        follow = await aask(client, "Shorten: " + ans[:40], lat)
        out.append(follow[:30])
    return out


async def r133_gather_return_exceptions(client: Any) -> list[str]:
    results = await asyncio.gather(aask(client, QS[0], 0.15),
                                   aask(client, QS[1], 0.04, temperature=5.0),
                                   aask(client, QS[2], 0.09), return_exceptions=True)
    out = []
    for r in results:
        if isinstance(r, openai.BadRequestError):
            print("refused:", r.status_code)
            out.append("refused")
        else:
            out.append(r[:20])
    return out


async def r133_create_task_then_await_each(client: Any) -> list[str]:
    tasks = [asyncio.create_task(aask(client, q, lat)) for q, lat in zip(QS, LATS, strict=False)]
    out = []
    for q, t in zip(QS, tasks, strict=False):
        ans = await t
        print(q, "->", ans[:25])
        out.append(ans[:25])
    return out


async def r133_gather_handlers_retrieve_ask(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        async def handle(key: str, ms: int, q: str) -> str:
            doc = (await http.get(f"/items/{key}?ms={ms}")).json()["value"]
            print("retrieved", key)
            ans = await aask(client, f"Context: {doc}\nQ: {q}", 0.02)
            print("answered", key)
            return ans[:30]
        return list(await asyncio.gather(handle("g1", 350, QS[0]), handle("g2", 40, QS[1]),
                                         handle("g3", 220, QS[2])))








# =========================================================================== sequential awaits


async def r133_for_loop_await_append(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        out.append((await aask(client, q, lat))[:30])
    return out


async def r133_listcomp_await(client: Any) -> list[str]:
    answers = [await aask(client, q, lat) for q, lat in zip(QS4, LATS4, strict=False)]
    return [a[:20] for a in answers]


async def r133_for_loop_print_each(client: Any) -> int:
    total = 0
    for i, (q, lat) in enumerate(zip(QS, LATS, strict=False), 1):
        ans = await aask(client, q, lat)
        print(f"[{i}/{len(QS)}] {q} -> {ans[:25]}")
        total += len(ans)
    return total


async def r133_for_loop_log_each(client: Any) -> dict[str, int]:
    lengths = {}
    for q, lat in zip(QS4, LATS4, strict=False):
        LOG.info("asking %s", q)
        ans = await aask(client, q, lat)
        LOG.info("got %d chars", len(ans))
        lengths[q] = len(ans)
    return lengths




async def r133_usage_token_accounting(client: Any) -> dict[str, int]:
    prompt_tokens = completion_tokens = 0
    for q, lat in zip(QS4, LATS4, strict=False):
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        prompt_tokens += r.usage.prompt_tokens
        completion_tokens += r.usage.completion_tokens
    print(f"cost ${(prompt_tokens * 0.15 + completion_tokens * 0.6) / 1e6:.6f}")
    return {"in": prompt_tokens, "out": completion_tokens}


async def r133_conversation_chain(client: Any) -> list[str]:
    messages = [{"role": "system", "content": "Be brief."}]
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        messages.append(user(q))
        r = await client.chat.completions.create(model="gpt", messages=messages,
                                                 extra_body={"latency": lat})
        messages.append({"role": "assistant", "content": r.choices[0].message.content})
        out.append(r.choices[0].message.content[:20])
    return out


async def r133_branch_on_answer_followup(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        ans = await aask(client, q, lat)
        if len(ans) % 2 == 0:
            ans = await aask(client, "Expand: " + ans[:30], 0.03)
            print("expanded", q)
        out.append(ans[:25])
    return out


async def r133_wait_for_each_call(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        ans = await asyncio.wait_for(aask(client, q, lat), timeout=5.0)
        out.append(ans[:20])
    return out


async def r133_embeddings_then_rank(client: Any) -> list[str]:
    docs = ["cats purr", "dogs bark", "llms predict tokens"]
    vecs = []
    for doc, ms in zip(docs, (150, 40, 90), strict=False):
        r = await client.embeddings.create(model="emb", input=doc, extra_query={"ms": ms})
        vecs.append(r.data[0].embedding)
    q = (await client.embeddings.create(model="emb", input="what do llms do",
                                        extra_query={"ms": 60})).data[0].embedding
    scores = [sum(a * b for a, b in zip(q, v, strict=False)) for v in vecs]
    return [d for _, d in sorted(zip(scores, docs, strict=False), reverse=True)]


async def r133_stream_two_answers(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS[:2], LATS, strict=False):
        stream = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                      stream=True, extra_body={"latency": lat})
        parts = []
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
        out.append("".join(parts)[:30])
    return out


# =========================================================================== retrieval


async def r133_httpx_retrieve_then_ask(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, q in (("d1", 150, QS[0]), ("d2", 40, QS[1]), ("d3", 90, QS[2])):
            doc = (await http.get(f"/items/{key}", params={"ms": ms})).json()["value"]
            ans = await aask(client, f"Context: {doc}\nQ: {q}", ms / 1000)
            out.append(ans[:30])
    return out


async def r133_aiohttp_retrieve_then_ask(client: Any, web: str) -> list[str]:
    out = []
    async with aiohttp.ClientSession() as session:
        for key, ms, q in (("a1", 150, QS[0]), ("a2", 40, QS[1]), ("a3", 90, QS[2])):
            async with session.get(f"{web}/items/{key}?ms={ms}") as resp:
                doc = (await resp.json())["value"]
            ans = await aask(client, f"Context: {doc}\nQ: {q}", ms / 1000)
            out.append(ans[:30])
    return out


async def r133_retrieve_all_then_ask_all(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        docs = []
        for key, ms in (("r1", 150), ("r2", 40), ("r3", 90)):
            r = await http.get(f"/items/{key}?ms={ms}")
            docs.append(r.json()["value"])
    answers = []
    for doc, q, lat in zip(docs, QS, LATS, strict=False):
        answers.append((await aask(client, f"{doc}: {q}", lat))[:25])
    return answers


async def _rag(client: Any, http: httpx.AsyncClient, key: str, ms: int, q: str) -> str:
    doc = (await http.get(f"/items/{key}?ms={ms}")).json()["value"]
    return (await aask(client, f"Using {doc}, answer {q}", ms / 1000))[:30]


async def r133_rag_helper_in_loop(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        out = []
        for key, ms, q in (("h1", 150, QS[0]), ("h2", 40, QS[1]), ("h3", 90, QS[2])):
            out.append(await _rag(client, http, key, ms, q))
    return out


async def r133_rag_helper_listcomp_given_http(client: Any, web: str) -> list[str]:
    http = httpx.AsyncClient(base_url=web)
    try:
        return [await _rag(client, http, k, ms, q)
                for k, ms, q in (("l1", 150, QS[0]), ("l2", 40, QS[1]), ("l3", 90, QS[2]))]
    finally:
        await http.aclose()


async def r133_retrieve_missing_raises_for_status(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms in (("m1", 150), ("missing-2", 40), ("m3", 90)):
            r = await http.get(f"/items/{key}?ms={ms}")
            try:
                r.raise_for_status()
            except httpx.HTTPStatusError as exc:
                print("skip", key, exc.response.status_code)
                continue
            out.append((await aask(client, r.json()["value"], ms / 1000))[:20])
    return out


async def r133_retrieve_put_answer_back(client: Any, web: str) -> list[int]:
    versions = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, lat in (("p1", 0.15), ("p2", 0.04), ("p3", 0.09)):
            doc = (await http.get(f"/items/{key}?ms=30")).json()["value"]
            ans = await aask(client, "Summarise " + doc, lat)
            r = await http.put(f"/items/{key}-summary", content=ans[:20])
            versions.append(r.json()["version"])
    return versions


# =========================================================================== async generators


async def _questions() -> Any:
    for q in QS:
        yield q


async def _questions_loud() -> Any:
    for q in QS:
        print("yield", q)
        await asyncio.sleep(0)
        yield q




async def r133_async_for_loud_generator(client: Any) -> list[str]:
    out = []
    i = 0
    async for q in _questions_loud():
        ans = await aask(client, q, LATS[i])
        print("answer", ans[:20])
        out.append(ans[:20])
        i += 1
    return out


async def r133_async_comprehension_questions(client: Any) -> list[str]:
    qs = [q async for q in _questions()]
    return [(await aask(client, q, lat))[:20] for q, lat in zip(qs, LATS, strict=False)]




async def r133_async_gen_fetches_questions(client: Any, web: str) -> list[str]:
    async def questions(http: httpx.AsyncClient) -> Any:
        for key, ms in (("q1", 150), ("q2", 40), ("q3", 90)):
            yield (await http.get(f"/items/{key}?ms={ms}")).json()["value"]

    out = []
    async with httpx.AsyncClient(base_url=web) as http:
        async for q in questions(http):
            out.append((await aask(client, "Answer " + q, 0.05))[:25])
    return out




# =========================================================================== semaphores


async def r133_semaphore_gather_limit2(client: Any) -> list[str]:
    sem = asyncio.Semaphore(2)

    async def bounded(q: str, lat: float) -> str:
        async with sem:
            return (await aask(client, q, lat))[:20]

    return list(await asyncio.gather(*[bounded(q, lat) for q, lat in zip(QS4, LATS4, strict=False)]))


async def r133_semaphore_in_sequential_loop(client: Any) -> list[str]:
    sem = asyncio.Semaphore(4)
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        async with sem:
            ans = await aask(client, q, lat)
        out.append(ans[:20])
    return out






# =========================================================================== spans and timers


class Span:
    """A tracing span of the user's: prints on entry and exit."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Span:
        print("span start", self.name)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        print("span end", self.name, "error" if exc[0] else "ok")


class LogSpan:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> LogSpan:
        LOG.info("enter %s", self.name)
        return self

    async def __aexit__(self, *exc: Any) -> bool:
        LOG.info("exit %s", self.name)
        return False




class SwallowSpan(Span):
    async def __aexit__(self, *exc: Any) -> bool:
        print("span end", self.name, exc[0].__name__ if exc[0] else "ok")
        return exc[0] is not None and issubclass(exc[0], openai.BadRequestError)


SPANS: list[tuple[str, str]] = []


class RecordingSpan:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> None:
        SPANS.append((self.name, "start"))

    async def __aexit__(self, *exc: Any) -> None:
        SPANS.append((self.name, "end"))


async def r133_span_around_each_call(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        async with Span(q):
            ans = await aask(client, q, lat)
        out.append(ans[:20])
    return out








async def r133_span_swallows_refusal(client: Any) -> list[str]:
    out = []
    for q, lat, temp in zip(QS, LATS, (0.2, 5.0, 0.4), strict=False):
        async with SwallowSpan(q):
            out.append((await aask(client, q, lat, temperature=temp))[:15])
    return out


async def r133_recording_span_global(client: Any) -> list[Any]:
    SPANS.clear()
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        async with RecordingSpan(q):
            out.append((await aask(client, q, lat))[:10])
    return [out, list(SPANS)]


@contextlib.asynccontextmanager
async def span_cm(name: str) -> Any:
    print(">>", name)
    try:
        yield
    finally:
        print("<<", name)


async def r133_asynccontextmanager_span(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        async with span_cm(q):
            out.append((await aask(client, q, lat))[:20])
    return out




def traced(fn: Any) -> Any:
    @functools.wraps(fn)
    async def wrapper(*args: Any, **kw: Any) -> Any:
        print("call", fn.__name__)
        return await fn(*args, **kw)
    return wrapper


@traced
async def traced_ask(client: Any, q: str, lat: float) -> str:
    return (await aask(client, q, lat))[:20]


async def r133_traced_decorator_loop(client: Any) -> list[str]:
    return [await traced_ask(client, q, lat) for q, lat in zip(QS, LATS, strict=False)]


# =========================================================================== structured outputs


async def r133_parse_pydantic_loop(client: Any) -> list[dict[str, Any]]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        r = await client.chat.completions.parse(model="gpt", messages=[user(q)],
                                                response_format=Verdict,
                                                extra_body={"latency": lat})
        v = r.choices[0].message.parsed
        out.append({"q": q, "answer": v.answer, "confidence": v.confidence})
    return out




class Checked(pydantic.BaseModel):
    answer: str
    confidence: float

    @pydantic.field_validator("answer")
    @classmethod
    def no_empty(cls, v: str) -> str:
        print("validating answer of", len(v), "chars")
        return v.strip()


async def r133_parse_validator_prints(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        print("asking", q)
        r = await client.chat.completions.parse(model="gpt", messages=[user(q)],
                                                response_format=Checked,
                                                extra_body={"latency": lat})
        out.append(r.choices[0].message.parsed.answer)
    return out


async def r133_validation_retry_backoff(client: Any) -> list[Any]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        fmt: dict[str, Any] | None = None
        for attempt in range(3):
            kw = {"response_format": fmt} if fmt else {}
            text = await aask(client, q, lat, **kw)
            try:
                v = Verdict.model_validate_json(text)
                out.append((attempt, round(v.confidence, 2)))
                break
            except pydantic.ValidationError as exc:
                print(f"attempt {attempt}: {exc.error_count()} errors")
                await asyncio.sleep(0.01 * 2 ** attempt)
                fmt = {"type": "json_schema", "json_schema": {
                    "name": "verdict", "schema": Verdict.model_json_schema()}}
    return out


async def r133_parse_gather_structured(client: Any) -> list[float]:
    async def one(q: str, lat: float) -> Verdict:
        r = await client.chat.completions.parse(model="gpt", messages=[user(q)],
                                                response_format=Verdict,
                                                extra_body={"latency": lat})
        return r.choices[0].message.parsed
    vs = await asyncio.gather(*[one(q, lat) for q, lat in zip(QS, LATS, strict=False)])
    best = max(vs, key=lambda v: v.confidence)
    judge = await aask(client, "Check: " + best.answer, 0.03)
    return [v.confidence for v in vs] + [len(judge)]


# =========================================================================== retries


async def r133_retry_refusal_backoff(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        temp = 5.0 if q == QS[1] else 0.3
        for attempt in range(3):
            try:
                ans = await aask(client, q, lat, temperature=temp)
                break
            except openai.BadRequestError:
                print("retry", attempt, q)
                await asyncio.sleep(0.01 * 2 ** attempt)
                temp = 0.3
        out.append(ans[:20])
    return out


async def with_retry(fn: Any, *args: Any, tries: int = 3) -> Any:
    for attempt in range(tries):
        try:
            return await fn(*args)
        except (openai.APIConnectionError, openai.RateLimitError):
            await asyncio.sleep(0.02 * 2 ** attempt)
    raise RuntimeError("gave up")


async def r133_retry_helper_loop(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        out.append((await with_retry(aask, client, q, lat))[:20])
    return out


async def r133_retry_status_poll_job(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        job = (await http.post("/jobs")).json()["id"]
        delay = 0.01
        while True:
            status = (await http.get(f"/jobs/{job}")).json()["status"]
            print("job", status)
            if status == "done":
                break
            await asyncio.sleep(delay)
            delay *= 2
    a = await aask(client, "Job finished: summarise", 0.1)
    b = await aask(client, "Job finished: title", 0.04)
    return [a[:20], b[:20]]




# =========================================================================== JSONL results


async def r133_jsonl_append_per_item(client: Any, tmp: str) -> int:
    path = Path(tmp, "results.jsonl")
    for i, (q, lat) in enumerate(zip(QS4, LATS4, strict=False)):
        ans = await aask(client, q, lat)
        with path.open("a") as f:
            f.write(json.dumps({"id": i, "q": q, "a": ans[:30]}) + "\n")
    return len(path.read_text().splitlines())


async def r133_jsonl_open_outside_loop(client: Any, tmp: str) -> str:
    with open(Path(tmp, "out.jsonl"), "w") as f:
        for q, lat in zip(QS, LATS, strict=False):
            ans = await aask(client, q, lat)
            f.write(json.dumps({"q": q, "a": ans[:30]}) + "\n")
    return Path(tmp, "out.jsonl").read_text()[:60]


def _seed_done(env: Env) -> None:
    Path(env.tmp, "done.jsonl").write_text(json.dumps({"q": QS4[1], "a": "cached"}) + "\n")


async def r133_jsonl_resume_skip_done(client: Any, tmp: str) -> list[str]:
    path = Path(tmp, "done.jsonl")
    done = {json.loads(ln)["q"] for ln in path.read_text().splitlines() if ln}
    asked = []
    for q, lat in zip(QS4, LATS4, strict=False):
        if q in done:
            print("skip", q)
            continue
        ans = await aask(client, q, lat)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": ans[:20]}) + "\n")
        asked.append(q)
    return asked


async def r133_jsonl_write_all_after(client: Any, tmp: str) -> int:
    rows = []
    for q, lat in zip(QS4, LATS4, strict=False):
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat})
        rows.append({"q": q, "a": r.choices[0].message.content[:25],
                     "tokens": r.usage.total_tokens})
    Path(tmp, "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return sum(r["tokens"] for r in rows)


async def r133_jsonl_partial_on_error(client: Any, tmp: str) -> int:
    path = Path(tmp, "partial.jsonl")
    n = 0
    for q, lat, temp in zip(QS, LATS, (0.1, 5.0, 0.2), strict=False):
        ans = await aask(client, q, lat, temperature=temp)
        with path.open("a") as f:
            f.write(json.dumps({"q": q, "a": ans[:20]}) + "\n")
        n += 1
    return n


async def r133_full_pipeline(client: Any, web: str, tmp: str) -> dict[str, Any]:
    sem = asyncio.Semaphore(2)
    results = []
    async with httpx.AsyncClient(base_url=web) as http:
        for key, ms, q in (("fp1", 150, QS[0]), ("fp2", 40, QS[1]), ("fp3", 90, QS[2])):
            doc = (await http.get(f"/items/{key}?ms={ms}")).json()["value"]
            async with sem:
                r = await client.chat.completions.parse(
                    model="gpt", messages=[user(f"{doc}: {q}")], response_format=Verdict,
                    extra_body={"latency": ms / 1000})
            v = r.choices[0].message.parsed
            LOG.info("answered %s with confidence %.1f", key, v.confidence)
            results.append({"key": key, "answer": v.answer})
    with open(Path(tmp, "pipeline.jsonl"), "w") as f:
        for row in results:
            f.write(json.dumps(row) + "\n")
    return {"n": len(results), "first": results[0]["answer"]}


# =========================================================================== state between items


CURRENT_RUN: contextvars.ContextVar[str] = contextvars.ContextVar("current_run", default="-")


async def ask_in_run(client: Any, q: str, lat: float) -> str:
    ans = await aask(client, q, lat)
    LOG.info("run=%s answered %s", CURRENT_RUN.get(), q)
    return ans[:20]




async def r133_contextvar_set_before_call(client: Any) -> list[str]:
    out = []
    for i, (q, lat) in enumerate(zip(QS, LATS, strict=False)):
        CURRENT_RUN.set(f"item-{i}")
        out.append(await ask_in_run(client, q, lat))
    return out


async def cached_ask(client: Any, q: str, lat: float, _cache: dict = {}) -> str:  # noqa: B006
    if q not in _cache:
        _cache[q] = (await aask(client, q, lat))[:20]
    return _cache[q]


async def r133_mutable_default_cache_helper(client: Any) -> list[str]:
    cached_ask.__defaults__[0].clear()
    qs = [QS[0], QS[1], QS[0], QS[2]]
    return [await cached_ask(client, q, lat) for q, lat in zip(qs, LATS4, strict=False)]


async def r133_local_dict_cache_duplicates(client: Any) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for q, lat in zip([QS[0], QS[1], QS[0], QS[2]], LATS4, strict=False):
        if q not in cache:
            cache[q] = (await aask(client, q, lat))[:20]
        out.append(cache[q])
    print(len(cache), "distinct")
    return out


async def r133_prompt_numbers_from_len_out(client: Any) -> list[str]:
    out: list[str] = []
    for q, lat in zip(QS, LATS, strict=False):
        out.append((await aask(client, f"#{len(out) + 1}: {q}", lat))[:25])
    return out


async def r133_shared_params_mutated(client: Any) -> list[str]:
    params = {"temperature": 0.2, "max_tokens": 40}
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        r = await client.chat.completions.create(model="gpt", messages=[user(q)],
                                                 extra_body={"latency": lat}, **params)
        params["temperature"] = round(params["temperature"] + 0.3, 1)
        out.append(r.choices[0].message.content[:20])
    return out




async def r133_uncaught_refusal_mid_loop(client: Any) -> list[str]:
    out = []
    for q, lat, temp in zip(QS, LATS, (0.2, 5.0, 0.4), strict=False):
        ans = await aask(client, q, lat, temperature=temp)
        print("answered", q)
        out.append(ans[:20])
    return out


async def r133_gather_handlers_two_reads(client: Any, web: str) -> list[str]:
    async with httpx.AsyncClient(base_url=web) as http:
        async def handle(k1: str, ms1: int, k2: str, ms2: int) -> str:
            a = (await http.get(f"/items/{k1}?ms={ms1}")).json()["value"]
            b = (await http.get(f"/items/{k2}?ms={ms2}")).json()["value"]
            ans = await aask(client, f"Compare {a} and {b}", 0.03)
            print("handled", k1)
            return ans[:25]
        return list(await asyncio.gather(handle("x1", 150, "x2", 150),
                                         handle("y1", 40, "y2", 90)))


async def ask_and_print(client: Any, q: str, lat: float) -> str:
    ans = await aask(client, q, lat)
    print(q, "=>", ans[:20])
    return ans[:20]


async def r133_async_helper_prints_after(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        out.append(await ask_and_print(client, q, lat))
    return out


async def r133_rate_limit_sleep_between(client: Any) -> list[str]:
    out = []
    for q, lat in zip(QS, LATS, strict=False):
        out.append((await aask(client, q, lat))[:20])
        await asyncio.sleep(0.05)
    return out


# =========================================================================== more shapes


async def r133_async_for_models_list(client: Any) -> list[str]:
    out = []
    async for m in client.models.list():
        ans = await aask(client, "Say hi", 0.04, model=m.id)
        out.append(f"{m.id}: {ans[:15]}")
    return out


async def r133_except_per_item_no_break(client: Any) -> list[str | None]:
    out: list[str | None] = []
    for q, lat, temp in zip(QS4, LATS4, (0.2, 5.0, 0.4, 9.0), strict=False):
        try:
            ans = await aask(client, q, lat, temperature=temp)
        except openai.BadRequestError as exc:
            print("refused", q, exc.status_code)
            out.append(None)
        else:
            out.append(ans[:20])
    return out


async def _questions_cleanup() -> Any:
    try:
        for q in QS4:
            yield q
    finally:
        print("question source closed")


async def r133_async_gen_finally_after_break(client: Any) -> list[str]:
    out = []
    lats = iter(LATS4)
    async for q in _questions_cleanup():
        out.append((await aask(client, q, next(lats)))[:20])
        if len(out) == 2:
            break
    print("after loop")
    out.append((await aask(client, "Summarise: " + " ".join(out), 0.03))[:20])
    print("done")
    return out


async def r133_client_made_inside(base_url: str) -> list[str]:
    async with openai.AsyncOpenAI(api_key="sk-local", base_url=base_url,
                                  max_retries=0) as client:
        out = []
        for q, lat in zip(QS, LATS, strict=False):
            out.append((await aask(client, q, lat))[:20])
    print("client closed:", client.is_closed())
    return out


async def _log_request(request: httpx.Request) -> None:
    print("->", request.method, request.url.path)


async def r133_httpx_event_hook_tracing(client: Any, web: str) -> list[str]:
    out = []
    async with httpx.AsyncClient(base_url=web, event_hooks={"request": [_log_request]}) as http:
        for key, ms in (("e1", 150), ("e2", 40), ("e3", 90)):
            doc = (await http.get(f"/items/{key}?ms={ms}")).json()["value"]
            out.append(doc)
    out.append((await aask(client, "Join " + ",".join(out), 0.03))[:20])
    return out


async def r133_parse_listcomp_validator_prints(client: Any) -> list[str]:
    parsed = [(await client.chat.completions.parse(
        model="gpt", messages=[user(q)], response_format=Checked,
        extra_body={"latency": lat})).choices[0].message.parsed for q, lat in zip(QS, LATS, strict=False)]
    return [p.answer for p in parsed]


# =========================================================================== the lists


def _c(fn: Any, ideal: float = 1.0, drive: Any = D_OA, cat: str = "sdk", **kw: Any) -> Case:
    servers = kw.pop("servers", "web api" if drive in (D_WEB, D_WEB_TMP) else "api")
    return Case(cat, fn, drive=drive, servers=servers, ideal=ideal, **kw)


O3 = over(*LATS)
O4 = over(*LATS4)
RAG3 = chains((0.15, 0.15), (0.04, 0.04), (0.09, 0.09))

ALL: list[Case] = [
    _c(r133_gather_three_models, overlap=3, cat="ensemble"),
    _c(r133_gather_then_followups, (0.15 + 0.21) / (0.15 + 0.12), overlap=3),
    _c(r133_gather_return_exceptions, cat="validation"),
    _c(r133_create_task_then_await_each, overlap=3),
    _c(r133_gather_handlers_retrieve_ask, drive=D_WEB, cat="fanout"),
    _c(r133_for_loop_await_append, O3, overlap=3),
    _c(r133_listcomp_await, O4, overlap=4),
    _c(r133_for_loop_print_each, O3, overlap=3),
    _c(r133_for_loop_log_each, O4, overlap=4),
    _c(r133_usage_token_accounting, O4, overlap=4),
    _c(r133_conversation_chain),
    _c(r133_branch_on_answer_followup, O3, cat="validation"),
    _c(r133_wait_for_each_call, O3),
    _c(r133_embeddings_then_rank, (0.15 + 0.04 + 0.09 + 0.06) / 0.15),
    _c(r133_stream_two_answers, over(0.15, 0.04)),
    _c(r133_httpx_retrieve_then_ask, RAG3, drive=D_WEB, cat="http"),
    _c(r133_aiohttp_retrieve_then_ask, RAG3, drive=D_WEB, cat="http"),
    _c(r133_retrieve_all_then_ask_all, (0.28 * 2) / 0.30, drive=D_WEB, cat="http"),
    _c(r133_rag_helper_in_loop, RAG3, drive=D_WEB, cat="helpers"),
    _c(r133_rag_helper_listcomp_given_http, RAG3, drive=D_WEB, cat="helpers"),
    _c(r133_retrieve_missing_raises_for_status, (0.15 + 0.04 + 0.09 + 0.15 + 0.09) / 0.3,
       drive=D_WEB, cat="validation"),
    _c(r133_retrieve_put_answer_back, drive=D_WEB, cat="http"),
    _c(r133_async_for_loud_generator, O3),
    _c(r133_async_comprehension_questions, O3, overlap=3),
    _c(r133_async_gen_fetches_questions, over(0.15 + 0.05, 0.04 + 0.05, 0.09 + 0.05),
       drive=D_WEB, cat="http"),
    _c(r133_semaphore_gather_limit2, overlap=2, cat="fanout"),
    _c(r133_semaphore_in_sequential_loop, O3, cat="fanout"),
    _c(r133_span_around_each_call, O3, cat="helpers"),
    _c(r133_span_swallows_refusal, cat="validation"),
    _c(r133_recording_span_global, O3, cat="state"),
    _c(r133_asynccontextmanager_span, O3, cat="helpers"),
    _c(r133_traced_decorator_loop, O3, cat="helpers"),
    _c(r133_parse_pydantic_loop, O3, overlap=3, cat="validation"),
    _c(r133_parse_validator_prints, O3, cat="validation"),
    _c(r133_validation_retry_backoff, cat="validation"),
    _c(r133_parse_gather_structured, overlap=3, cat="validation"),
    _c(r133_retry_refusal_backoff, cat="validation"),
    _c(r133_retry_helper_loop, O3, cat="helpers"),
    _c(r133_retry_status_poll_job, (0.23 + 0.14) / (0.23 + 0.1),
       drive=D_WEB, cat="sleep"),
    _c(r133_jsonl_append_per_item, O4, drive=D_TMP, cat="files"),
    _c(r133_jsonl_open_outside_loop, O3, drive=D_TMP, cat="files"),
    _c(r133_jsonl_resume_skip_done, over(0.15, 0.09, 0.06), drive=D_TMP, cat="files",
       setup=_seed_done),
    _c(r133_jsonl_write_all_after, O4, drive=D_TMP, cat="files", overlap=4),
    _c(r133_jsonl_partial_on_error, drive=D_TMP, cat="files", speculative_reads=True),
    _c(r133_full_pipeline, RAG3, drive=D_WEB_TMP, cat="files"),
    _c(r133_contextvar_set_before_call, O3, cat="state"),
    _c(r133_mutable_default_cache_helper, over(0.15, 0.04, 0.06), cat="state"),
    _c(r133_local_dict_cache_duplicates, over(0.15, 0.04, 0.06), cat="state"),
    _c(r133_prompt_numbers_from_len_out, O3, cat="state"),
    _c(r133_shared_params_mutated, O3, cat="state"),
    _c(r133_uncaught_refusal_mid_loop, cat="validation", speculative_reads=True),
    _c(r133_gather_handlers_two_reads, 0.33 / 0.18, drive=D_WEB, cat="fanout"),
    _c(r133_async_helper_prints_after, O3, cat="helpers"),
    _c(r133_rate_limit_sleep_between, cat="sleep", spacing=0.04),
    _c(r133_async_for_models_list, (0.05 + 0.12) / (0.05 + 0.04), overlap=3),
    _c(r133_except_per_item_no_break, over(0.15, 0.09), cat="validation"),
    _c(r133_async_gen_finally_after_break, cat="validation"),
    _c(r133_client_made_inside, O3, drive=D_URL, cat="clients"),
    _c(r133_httpx_event_hook_tracing, (0.28 + 0.03) / (0.15 + 0.03), cat="http", drive=D_WEB),
    _c(r133_parse_listcomp_validator_prints, O3, cat="validation"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
