"""LLM SDK reads and writes: the openai and anthropic clients on the corpus's API server.

Chat and message calls go through to Ember's simulator; files, batches, embeddings and
token counts are answered by the corpus's server. Uploads, deletes and batch creations are
writes (they keep program order); lists, retrievals and model calls may overlap.
"""

from __future__ import annotations

from typing import Any

import openai

import ember
from ember.api import models
from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, anthropic_client, openai_client

SDK = "sdk"


def _openai(env: Env) -> tuple:
    return (openai_client(env),)


def _anthropic(env: Env) -> tuple:
    return (anthropic_client(env),)


# The module's clients, as scripts keep them: set for each run by `_connect`.
oa: Any = None
claude: Any = None


def _connect(env: Env) -> None:
    global oa, claude
    oa, claude = openai_client(env), anthropic_client(env)


def global_upload_then_list() -> tuple[str, list[str]]:
    uploaded = oa.files.create(file=("report.txt", b"q3 numbers"), purpose="assistants")
    listing = oa.files.list()
    return uploaded.id, [f.filename for f in listing]


def global_upload_delete_list() -> list[str]:
    first = oa.files.create(file=("old.txt", b"old " * 5_000), purpose="assistants")
    oa.files.create(file=("new.txt", b"new"), purpose="assistants")
    oa.files.delete(first.id)
    return [f.filename for f in oa.files.list()]


def global_three_chats(topic: str) -> list[str]:
    replies = [oa.chat.completions.create(model=m, messages=[{"role": "user", "content": topic}])
               for m in ("gpt", "gpt-mini", "judge")]
    return [r.choices[0].message.content for r in replies]


def global_batch_then_list() -> list[str]:
    claude.messages.batches.create(requests=[
        {"custom_id": "a", "params": {"model": "claude", "max_tokens": 8,
                                      "messages": [{"role": "user", "content": "A"}]}}])
    return [b.id for b in claude.messages.batches.list()]


def global_messages_and_count(question: str) -> tuple[str, str, int]:
    a = claude.messages.create(model="claude", max_tokens=32,
                               messages=[{"role": "user", "content": question}])
    b = claude.messages.create(model="claude-2", max_tokens=32,
                               messages=[{"role": "user", "content": question}])
    n = claude.messages.count_tokens(model="claude",
                                     messages=[{"role": "user", "content": question}])
    return a.content[0].text, b.content[0].text, n.input_tokens


def upload_then_list(client: Any) -> tuple[str, list[str]]:
    uploaded = client.files.create(file=("notes.txt", b"alpha beta"), purpose="assistants")
    names = [f.filename for f in client.files.list()]
    return uploaded.id, names


def upload_two_then_list(client: Any) -> list[tuple[str, str]]:
    client.files.create(file=("a.txt", b"first"), purpose="assistants")
    client.files.create(file=("b.txt", b"second"), purpose="batch")
    return [(f.id, f.filename) for f in client.files.list()]


def three_chats(client: Any) -> list[str]:
    question = "Name a prime number."
    a = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": question}])
    b = client.chat.completions.create(model="gpt-mini",
                                       messages=[{"role": "user", "content": question}])
    c = client.chat.completions.create(model="judge",
                                       messages=[{"role": "user", "content": question}])
    return [r.choices[0].message.content for r in (a, b, c)]


def two_chats_then_judge(client: Any) -> str:
    def ask(model: str, text: str) -> str:
        reply = client.chat.completions.create(model=model,
                                               messages=[{"role": "user", "content": text}])
        return reply.choices[0].message.content

    first = ask("gpt", "Is water wet?")
    second = ask("gpt-mini", "Is water wet?")
    return ask("judge", f"Which is better? 1: {first} 2: {second}")


def embed_and_chat(client: Any) -> tuple[list[list[float]], str]:
    vectors = client.embeddings.create(model="embed", input=["red", "green"])
    reply = client.chat.completions.create(model="gpt",
                                           messages=[{"role": "user", "content": "Colours?"}])
    return [d.embedding for d in vectors.data], reply.choices[0].message.content


def two_messages(client: Any) -> list[str]:
    out = []
    for topic in ("tides", "comets"):
        msg = client.messages.create(model="claude", max_tokens=64,
                                     messages=[{"role": "user", "content": f"Explain {topic}."}])
        out.append(msg.content[0].text)
    return out


def count_tokens_three(client: Any) -> list[int]:
    texts = ["one two", "three four five", "six"]
    counts = [client.messages.count_tokens(model="claude",
                                           messages=[{"role": "user", "content": t}])
              for t in texts]
    return [c.input_tokens for c in counts]


def batch_then_list_and_get(client: Any) -> tuple[str, list[str], str]:
    batch = client.messages.batches.create(requests=[
        {"custom_id": "q1", "params": {"model": "claude", "max_tokens": 8,
                                       "messages": [{"role": "user", "content": "Hi"}]}}])
    listed = [b.id for b in client.messages.batches.list()]
    status = client.messages.batches.retrieve(batch.id).processing_status
    return batch.id, listed, status


def upload_read_delete(client: Any) -> tuple[str, str, bool, list[str]]:
    f = client.files.create(file=("data.jsonl", b'{"q": 1}\n'), purpose="batch")
    meta = client.files.retrieve(f.id)
    content = client.files.content(f.id).text
    deleted = client.files.delete(f.id).deleted
    left = [x.id for x in client.files.list()]
    return meta.filename, content, deleted, left


def models_list_and_chat(client: Any) -> tuple[list[str], str]:
    names = [m.id for m in client.models.list()]
    reply = client.chat.completions.create(model=names[0],
                                           messages=[{"role": "user", "content": "Ready?"}])
    return names, reply.choices[0].message.content


def chat_and_message(oa: Any, an: Any) -> tuple[str, str]:
    a = oa.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "Sky?"}])
    b = an.messages.create(model="claude", max_tokens=32,
                           messages=[{"role": "user", "content": "Sky?"}])
    return a.choices[0].message.content, b.content[0].text


def chat_upload_chat_own_client(api: str) -> list[str]:
    """The second chat may answer from the file just uploaded (a model call may see a write
    to its server): it waits for the upload, with a client the function made itself."""
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api, max_retries=0)
    a = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "1"}])
    f = client.files.create(file=("notes.txt", b"noted"), purpose="assistants")
    b = client.chat.completions.create(model="gpt-mini",
                                       messages=[{"role": "user", "content": "2"}])
    got = client.files.retrieve(f.id)
    client.close()
    return [a.choices[0].message.content, b.choices[0].message.content, got.filename]


def ember_models_after_an_upload(api: str) -> list[str]:
    """Ember's model calls over HTTP (the endpoint is set around the call, `_on_corp`)
    after an SDK upload to the same server: both wait for it, and overlap each other."""
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=api, max_retries=0)
    client.files.create(file=("context.txt", b"the sky is green"), purpose="assistants")
    a = models("corp/gpt", "What colour is the sky?", latency=0.08)
    b = models("corp/judge", "What colour is the sky?", latency=0.03)
    client.close()
    return [a[:20], b[:20]]


def _on_corp(f: Any, env: Env) -> Any:
    with ember.context(endpoints={"corp": {"base_url": env.openai_url}}):
        return f(env.openai_url)


# The module-level clients' cases are called four times, as a script calls its functions:
# what a JIT learns from the first calls must not reorder a later call's writes.
CASES = [
    Case(SDK, global_upload_then_list, setup=_connect, servers="api", calls=4, failure=1),
    Case(SDK, global_upload_delete_list, setup=_connect, servers="api", calls=4),
    Case(SDK, global_three_chats, setup=_connect, args=lambda env: ("Rivers",), servers="api",
         ideal=3.0, overlap=3),
    Case(SDK, global_batch_then_list, setup=_connect, servers="api", calls=4),
    Case(SDK, global_messages_and_count, setup=_connect, args=lambda env: ("Why?",),
         servers="api", ideal=3.0, overlap=3),
    Case(SDK, upload_then_list, args=_openai, servers="api"),
    Case(SDK, upload_two_then_list, args=_openai, servers="api"),
    Case(SDK, three_chats, args=_openai, servers="api", ideal=3.0, overlap=3),
    Case(SDK, two_chats_then_judge, args=_openai, servers="api", ideal=1.5, overlap=2),
    Case(SDK, embed_and_chat, args=_openai, servers="api", ideal=2.0, overlap=2),
    Case(SDK, two_messages, args=_anthropic, servers="api", ideal=2.0, overlap=2),
    Case(SDK, count_tokens_three, args=_anthropic, servers="api", ideal=3.0, overlap=3),
    Case(SDK, batch_then_list_and_get, args=_anthropic, servers="api", ideal=1.5, overlap=2),
    # create, then retrieve and content together, then delete, then list: 5 waits, 4 steps
    Case(SDK, upload_read_delete, args=_openai, servers="api", ideal=1.25, overlap=2),
    Case(SDK, models_list_and_chat, args=_openai, servers="api"),
    Case(SDK, chat_upload_chat_own_client, args=lambda env: (env.openai_url,), servers="api"),
    Case(SDK, ember_models_after_an_upload, drive=_on_corp, servers="api", ideal=1.3,
         overlap=2),
    Case(SDK, chat_and_message, args=lambda env: (openai_client(env), anthropic_client(env)),
         servers="api", ideal=2.0, overlap=2),
]
