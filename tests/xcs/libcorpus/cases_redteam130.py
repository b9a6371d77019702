"""Red-team cases (stop 130): attacks on the newest rules of the JIT.

(1) A helper handed a client has its result typed from its body with the client bound
(``ask(client, q).strip()``): later calls hand another object (a client of the user's whose
answers are str subclasses that print, a Mock-like object, a client on an ``http_client``
with event hooks, a subclass of ``openai.OpenAI`` whose ``chat`` prints), the helper is
rebound between calls, or returns other types on other paths.
(2) ``passes_on``: a helper's parameter handed only to a library's reads and writes stays
the caller's. Here the library call keeps or changes it (``readinto``, ``recv_into``,
sqlite's ``create_function``/``set_trace_callback``), the helper keeps it in a default, a
closure, a global set elsewhere, an attribute, a returned tuple, ``**kw``, or changes it
after handing it on.
(3) Locals returned inside a dict or tuple literal, used again in a ``finally`` or an
``__exit__``.
(4) SDK response models read ahead: a user's subclass of an openai type, ``model_construct``
holding user objects, ``tool_calls`` changed inside the loop that walks them.
(5) Libraries' request lines: handlers added to httpx/urllib3/openai loggers by helpers and
in the middle of the function, ``dictConfig``, ``logging.disable``, ``propagate`` and
``level`` set by attribute, a handler appended to ``handlers`` directly, a filter on the root.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import logging.config
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

import httpx
import openai
import requests
from openai.types.chat import ChatCompletionMessageToolCall
from openai.types.chat.chat_completion_message_tool_call import Function

from tests.xcs.libcorpus._case import (
    DUMMY_KEY,
    Case,
    Env,
    corpus_logger,
    openai_client,
)

LOG = corpus_logger("redteam130")

KEYS = (("a", 150), ("b", 40), ("c", 90))
QS = (("Capital of France?", 0.15), ("2 + 2?", 0.04), ("Author of Hamlet?", 0.09))
M = 0.05


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def ask(client: Any, prompt: str, lat: float = M) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def chat(client: Any, messages: list, lat: float = M, **kw: Any) -> Any:
    return client.chat.completions.create(model="gpt", messages=messages,
                                          extra_body={"latency": lat}, **kw)


class LoudStr(str):
    """An answer that prints when it is stripped, upper-cased or formatted."""

    def strip(self, chars: Any = None) -> str:  # type: ignore[override]
        print("strip", str.__str__(self)[:12])
        return str.strip(self, chars)

    def upper(self) -> str:  # type: ignore[override]
        print("upper", str.__str__(self)[:12])
        return str.upper(self)

    def __format__(self, spec: str) -> str:
        print("format", str.__str__(self)[:12])
        return str.__format__(self, spec)


class _Msg:
    def __init__(self, content: Any) -> None:
        self.content = content
        self.tool_calls = None


class _Choice:
    def __init__(self, content: Any) -> None:
        self.message = _Msg(content)
        self.finish_reason = "stop"


class _Resp:
    def __init__(self, content: Any) -> None:
        self.choices = [_Choice(content)]


class _Completions:
    def __init__(self, web: str) -> None:
        self.web = web

    def create(self, *, model: str, messages: list, extra_body: Any = None, **kw: Any) -> _Resp:
        """A fake SDK of the user's: a GET stands for the model call, answers print."""
        text = messages[-1]["content"]
        ms = int((extra_body or {}).get("latency", M) * 1000)
        v = requests.get(f"{self.web}/items/fake-{len(text)}?ms={ms}").json()["value"]
        print("fake answer", v)
        return _Resp(LoudStr(f"  {v}  "))


class _Chat:
    def __init__(self, web: str) -> None:
        self.completions = _Completions(web)


class FakeClient:
    """A client of the user's with the openai SDK's shape."""

    def __init__(self, web: str) -> None:
        self.chat = _Chat(web)


class MockLike:
    """A Mock-like object: every attribute is another MockLike, calling one prints."""

    def __init__(self, path: str = "m") -> None:
        self._path = path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return MockLike(f"{self._path}.{name}")

    def __getitem__(self, i: Any) -> Any:
        return MockLike(f"{self._path}[{i}]")

    def __call__(self, *a: Any, **kw: Any) -> Any:
        print("called", self._path)
        return MockLike(f"{self._path}()")

    def strip(self) -> str:
        print("mock strip", self._path)
        return self._path


# =========================================================================== (1) handed clients


def r130_ask_strip_loop(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        a = ask(client, q, lat).strip()
        print("answered", len(a))
        out.append(a)
    return out


def _then_fake(f: Any, env: Env) -> Any:
    first = f(openai_client(env))
    return [first, f(FakeClient(env.web))]


def _then_mock(f: Any, env: Env) -> Any:
    first = f(openai_client(env))
    return [first, f(MockLike())]


def _then_hooked(f: Any, env: Env) -> Any:
    first = f(openai_client(env))
    hooked = env.own(openai.OpenAI(
        api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0,
        http_client=openai.DefaultHttpxClient(event_hooks={"request": [
            lambda r: print("hook", json.loads(r.content)["messages"][-1]["content"][:8])]})))
    return [first, f(hooked)]


class LoudOpenAI(openai.OpenAI):
    """A subclass of the SDK's client whose ``chat`` prints each time it is read."""

    @property  # type: ignore[override]
    def chat(self) -> Any:
        print("chat read")
        return super().chat


def _then_subclass(f: Any, env: Env) -> Any:
    first = f(openai_client(env))
    loud = env.own(LoudOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0))
    return [first, f(loud)]


def r130_subclass_client_first(client: Any) -> list[str]:
    return [ask(client, q, lat).strip() for q, lat in QS]


def _subclass_only(f: Any, env: Env) -> Any:
    loud = env.own(LoudOpenAI(api_key=DUMMY_KEY, base_url=env.openai_url, max_retries=0))
    return f(loud)


def ask_maybe_loud(client: Any, prompt: str, lat: float = M) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    if "2" in prompt:
        return LoudStr(text)
    return text


def r130_helper_types_differ_by_path(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        a = ask_maybe_loud(client, q, lat).upper()
        print("got", q[:6])
        out.append(a)
    return out


def ask_message(client: Any, prompt: str, lat: float = M) -> Any:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message if lat > 0.1 else r.choices[0].message.content


def r130_helper_returns_model_or_str(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        m = ask_message(client, q, lat)
        out.append(m if isinstance(m, str) else m.content)
        print("kind", type(m).__name__)
    return out


def ask_rebindable(client: Any, prompt: str, lat: float = M) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def _ask_loud(client: Any, prompt: str, lat: float = M) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return LoudStr(r.choices[0].message.content)


def r130_rebound_helper_between_calls(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        out.append(ask_rebindable(client, q, lat).strip())
        print("done", q[:5])
    return out


def _rebind_then_again(f: Any, env: Env) -> Any:
    global ask_rebindable
    c = openai_client(env)
    first = f(c)
    saved = ask_rebindable
    ask_rebindable = _ask_loud
    try:
        return [first, f(c)]
    finally:
        ask_rebindable = saved


def ask_with_default(prompt: str, lat: float = M, client: Any = None) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def r130_handed_by_keyword(client: Any) -> list[str]:
    return [ask_with_default(q, lat, client=client).strip() for q, lat in QS]


def r130_client_swapped_inside(client: Any, web: str) -> list[str]:
    out = [ask(client, QS[0][0], QS[0][1]).strip()]
    client = FakeClient(web)
    for q, lat in QS[1:]:
        out.append(ask(client, q, lat).strip())
    return out


def r130_two_clients_alternate(client: Any, web: str) -> list[str]:
    clients = [client, FakeClient(web), client]
    out = []
    for c, (q, lat) in zip(clients, QS, strict=True):
        out.append(f"{ask(c, q, lat):>4}")
    return out


# =========================================================================== (2) passes_on


def fill(fh: Any, buf: bytearray) -> int:
    return fh.readinto(buf)


def _seed_file(env: Env) -> None:
    (env.tmp / "key.bin").write_bytes(b"Capital of France?")


def r130_readinto_helper_then_ask(client: Any, tmp: str) -> str:
    buf = bytearray(18)
    with open(Path(tmp) / "key.bin", "rb") as fh:
        fill(fh, buf)
    return ask(client, buf.decode(), 0.05)


def r130_readinto_direct_then_ask(client: Any, tmp: str) -> str:
    buf = bytearray(18)
    with open(Path(tmp) / "key.bin", "rb") as fh:
        fh.readinto(buf)
    return ask(client, bytes(buf).decode(), 0.05)


def r130_readinto_between_asks(client: Any, tmp: str) -> list[str]:
    buf = bytearray(7)
    first = ask(client, bytes(buf).hex(), 0.15)
    with open(Path(tmp) / "key.bin", "rb") as fh:
        fill(fh, buf)
    return [first, ask(client, bytes(buf).hex(), 0.04)]


def r130_bytesio_readinto_then_ask(client: Any) -> list[str]:
    buf = bytearray(6)
    src = io.BytesIO(b"Hamlet author")
    out = [ask(client, "first " + buf.hex(), 0.15)]
    fill(src, buf)
    out.append(ask(client, "then " + buf.hex(), 0.04))
    return out


def recv_some(sock: socket.socket, buf: bytearray) -> int:
    return sock.recv_into(buf)


def r130_recv_into_helper_then_get(tcp: tuple, web: str) -> list[str]:
    buf = bytearray(8)
    with socket.create_connection(tcp, timeout=5) as s:
        s.sendall(b"GET zz\n")
        n = recv_some(s, buf)
    key = bytes(buf[:n]).strip().decode().replace("-", "")
    return [get(web, key, 150), get(web, "b", 40)]


def r130_recv_into_buffer_in_url(tcp: tuple, web: str) -> list[str]:
    buf = bytearray(4)
    first = get(web, "k" + buf.hex(), 150)
    with socket.create_connection(tcp, timeout=5) as s:
        s.sendall(b"GET zz\n")
        recv_some(s, buf)
    return [first, get(web, "k" + buf.hex(), 40)]


def register_seen(conn: sqlite3.Connection, seen: list) -> None:
    conn.set_trace_callback(seen.append)


def trace_into(conn: sqlite3.Connection, cb: Any) -> None:
    conn.set_trace_callback(cb)


def r130_sqlite_trace_list_then_gets(web: str) -> dict[str, Any]:
    seen: list[str] = []
    conn = sqlite3.connect(":memory:")
    conn.set_trace_callback(seen.append)
    conn.execute("create table t(k)")
    out = []
    for k, ms in KEYS:
        out.append(get(web, f"{k}{len(seen)}", ms))
        conn.execute("insert into t values (?)", (k,))
    conn.close()
    return {"out": out, "seen": seen}


def r130_sqlite_trace_via_helper(web: str) -> dict[str, Any]:
    seen: list[str] = []
    conn = sqlite3.connect(":memory:")
    trace_into(conn, seen.append)
    conn.execute("create table t(k)")
    out = []
    for k, ms in KEYS:
        out.append(get(web, f"{k}{len(seen)}", ms))
        conn.execute("insert into t values (?)", (k,))
    conn.close()
    return {"out": out, "n": len(seen)}


HISTORY: list[Any] = []


def chat_keep_default(client: Any, messages: list, lat: float = M, _box: list = HISTORY) -> Any:
    r = client.chat.completions.create(model="gpt", messages=messages, extra_body={"latency": lat})
    _box.append(messages)
    return r


def peek_tool(web: str, k: str, ms: int) -> str:
    """A tool that reads the history a helper kept."""
    n = len(HISTORY[-1]) if HISTORY else -1
    return f"{n}:" + get(web, k, ms)


def _clear_history(env: Env) -> None:
    HISTORY.clear()


def r130_kept_in_default_arg(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    chat_keep_default(client, messages)
    out = []
    for k, ms in KEYS:
        r = peek_tool(web, k, ms)
        messages.append({"role": "tool", "content": r})
        out.append(r)
    HISTORY.clear()
    return {"out": out, "n": len(messages)}


def chat_keep_closure(client: Any, messages: list, lat: float = M) -> Any:
    r = client.chat.completions.create(model="gpt", messages=messages, extra_body={"latency": lat})

    def remember() -> None:
        HISTORY.append(messages)
    remember()
    return r


def r130_kept_by_closure(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    chat_keep_closure(client, messages)
    out = []
    for k, ms in KEYS:
        r = peek_tool(web, k, ms)
        messages.append({"role": "tool", "content": r})
        out.append(r)
    HISTORY.clear()
    return {"out": out, "n": len(messages)}


class Conversation:
    def __init__(self) -> None:
        self.messages: list = []


def chat_keep_attr(client: Any, messages: list, convo: Conversation) -> Any:
    r = client.chat.completions.create(model="gpt", messages=messages, extra_body={"latency": M})
    convo.messages = messages
    return r


CONVO = Conversation()


def peek_convo(web: str, k: str, ms: int) -> str:
    return f"{len(CONVO.messages)}:" + get(web, k, ms)


def r130_kept_on_other_params_attr(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    chat_keep_attr(client, messages, CONVO)
    out = []
    for k, ms in KEYS:
        r = peek_convo(web, k, ms)
        messages.append({"role": "tool", "content": r})
        out.append(r)
    CONVO.messages = []
    return {"out": out}


def chat_returns_pair(client: Any, messages: list) -> tuple[Any, list]:
    r = client.chat.completions.create(model="gpt", messages=messages, extra_body={"latency": M})
    return r, messages


def r130_returned_in_tuple_then_stored(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    _, kept = chat_returns_pair(client, messages)
    HISTORY.append(kept)
    out = []
    for k, ms in KEYS:
        r = peek_tool(web, k, ms)
        messages.append({"role": "tool", "content": r})
        out.append(r)
    HISTORY.clear()
    return {"out": out}


def chat_kw(client: Any, **kw: Any) -> Any:
    HISTORY.append(kw["messages"])
    return client.chat.completions.create(model="gpt", extra_body={"latency": M}, **kw)


def r130_kept_via_kwargs(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    chat_kw(client, messages=messages)
    out = []
    for k, ms in KEYS:
        r = peek_tool(web, k, ms)
        messages.append({"role": "tool", "content": r})
        out.append(r)
    HISTORY.clear()
    return {"out": out}


def remember_last(messages: list) -> None:
    HISTORY.append(messages)


def chat_then_remember(client: Any, messages: list) -> Any:
    return client.chat.completions.create(model="gpt", messages=messages,
                                          extra_body={"latency": M})


def r130_kept_by_another_helper(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    chat_then_remember(client, messages)
    remember_last(messages)
    out = []
    for k, ms in KEYS:
        r = peek_tool(web, k, ms)
        messages.append({"role": "tool", "content": r})
        out.append(r)
    HISTORY.clear()
    return {"out": out}


def chat_then_append(client: Any, messages: list) -> str:
    r = client.chat.completions.create(model="gpt", messages=messages, extra_body={"latency": M})
    text = r.choices[0].message.content
    messages.append({"role": "assistant", "content": text})
    return text


def r130_helper_mutates_after_handing(client: Any, web: str) -> dict[str, Any]:
    messages = [user("hello")]
    chat_then_append(client, messages)
    out = [f"{len(messages)}:" + get(web, k, ms) for k, ms in KEYS]
    return {"out": out, "n": len(messages)}


def post_rows(session: requests.Session, web: str, rows: list) -> int:
    return session.put(f"{web}/items/rows?ms=30", json=rows).status_code


def r130_passes_on_then_appends_overlap(web: str) -> dict[str, Any]:
    rows = [{"k": "start"}]
    with requests.Session() as s:
        post_rows(s, web, rows)
        for k, ms in KEYS:
            rows.append({"k": k, "v": s.get(f"{web}/items/{k}?ms={ms}").json()["value"]})
    return {"rows": rows}


def log_rows(rows: list) -> None:
    LOG.info("rows now %s", rows)


def r130_logged_list_then_mutated(web: str) -> dict[str, Any]:
    rows: list[str] = []
    log_rows(rows)
    for k, ms in KEYS:
        rows.append(get(web, k, ms))
        log_rows(rows)
    return {"rows": rows}


def r130_executemany_generator_handed(web: str) -> dict[str, Any]:
    conn = sqlite3.connect(":memory:")
    conn.execute("create table t(k, v)")
    pairs = [(k, ms) for k, ms in KEYS]
    it = iter(pairs)
    conn.executemany("insert into t values (?, ?)", it)
    rest = list(it)
    out = [get(web, k, ms) for k, ms in conn.execute("select k, v from t order by rowid")]
    conn.close()
    return {"rest": rest, "out": out}


# =========================================================================== (3) returns + finally


def r130_dict_return_then_finally_appends(web: str) -> dict[str, Any]:
    out: list[str] = []
    try:
        for k, ms in KEYS:
            out.append(get(web, k, ms))
        return {"out": out, "n": len(out)}
    finally:
        out.append("closed")
        print("finally", len(out))


def r130_tuple_return_finally_puts(web: str) -> tuple:
    names: list[str] = []
    try:
        for k, ms in KEYS:
            names.append(get(web, k, ms))
        return names, len(names)
    finally:
        requests.put(f"{web}/items/names", json=names)


LAST: dict[str, Any] = {}


def _clear_last(env: Env) -> None:
    LAST.clear()


def note_last(x: Any) -> None:
    LAST["x"] = x


def r130_finally_hands_to_helper(web: str) -> dict[str, Any]:
    got: list[str] = []
    try:
        for k, ms in KEYS:
            got.append(get(web, k, ms))
            print("len", len(LAST.get("x", ())))
        return {"got": got}
    finally:
        note_last(got)


@contextlib.contextmanager
def recording(rows: list) -> Any:
    try:
        yield
    finally:
        rows.append("exit")
        print("exit saw", len(rows))


def r130_with_exit_sees_returned_list(web: str) -> dict[str, Any]:
    rows: list[str] = []
    with recording(rows):
        for k, ms in KEYS:
            rows.append(get(web, k, ms))
        return {"rows": rows}


def r130_return_in_except_finally(web: str) -> dict[str, Any]:
    seen: list[str] = []
    try:
        for k, ms in KEYS:
            seen.append(get(web, k, ms))
        requests.get(f"{web}/status/500").raise_for_status()
        return {"ok": seen}
    except requests.HTTPError as e:
        return {"err": e.response.status_code, "seen": seen}
    finally:
        seen.append(get(web, "after", 20))


def r130_nested_return_dict_closure(web: str) -> dict[str, Any]:
    vals: list[str] = []

    def snapshot() -> dict[str, Any]:
        return {"vals": vals}

    snap = snapshot()
    for k, ms in KEYS:
        vals.append(get(web, k, ms))
        print("snap", len(snap["vals"]))
    return snap


def r130_dict_return_overlap(web: str) -> dict[str, Any]:
    out: list[str] = []
    for k, ms in KEYS:
        out.append(get(web, k, ms))
    return {"out": out, "first": out[0]}


# =========================================================================== (4) SDK models


SPECS = [{"type": "function", "function": {
    "name": name, "parameters": {"type": "object", "properties": {prop: {"type": "string"}},
                                 "required": [prop]}}}
         for name, prop in (("get_weather", "city"), ("get_stock", "symbol"),
                            ("get_news", "topic"), ("save_note", "text"))]
ASK_THREE = "Check the weather in Paris, the stock ACME and the news about rockets"


def slug(s: str) -> str:
    return "-".join(str(s).lower().split())[:24] or "x"


def get_weather(web: str, city: str) -> str:
    return get(web, f"weather-{slug(city)}", 150)


def get_stock(web: str, symbol: str) -> str:
    return get(web, f"stock-{slug(symbol)}", 40)


def get_news(web: str, topic: str) -> str:
    return get(web, f"news-{slug(topic)}", 90)


def save_note(web: str, text: str) -> str:
    return f"saved v{requests.put(f'{web}/items/note', data=str(text)).json()['version']}"


TOOLS = {"get_weather": get_weather, "get_stock": get_stock, "get_news": get_news,
         "save_note": save_note}


def r130_tool_calls_baseline_overlap(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    out = []
    for tc in msg.tool_calls:
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
    return out


def r130_tool_calls_later_renamed_in_loop(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    out = []
    for tc in msg.tool_calls:
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
        msg.tool_calls[-1].function.name = "get_stock"
        msg.tool_calls[-1].function.arguments = json.dumps({"symbol": tc.function.name})
    return out


def r130_tool_calls_appended_in_loop(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    out = []
    for tc in msg.tool_calls:
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
        if len(msg.tool_calls) < 4:
            msg.tool_calls.append(ChatCompletionMessageToolCall(
                id="extra", type="function",
                function=Function(name="get_news", arguments='{"topic": "extra"}')))
    return out


def r130_tool_calls_popped_in_loop(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    calls = msg.tool_calls
    out = []
    for tc in calls:
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
        if tc.function.name == "get_weather":
            calls.pop()
    return out


def r130_tool_args_rewritten_by_tool(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    out = []
    for i, tc in enumerate(msg.tool_calls):
        res = TOOLS[tc.function.name](web, **json.loads(tc.function.arguments))
        out.append(res)
        if i + 1 < len(msg.tool_calls):
            nxt = msg.tool_calls[i + 1].function
            args = json.loads(nxt.arguments)
            args = {key: f"{val}-{res[:3]}" for key, val in args.items()}
            nxt.arguments = json.dumps(args)
    return out


class LoudFunction(Function):
    """A user's subclass of the SDK's type: reading ``name`` prints."""

    def __getattribute__(self, item: str) -> Any:
        if item == "name":
            print("name read")
        return super().__getattribute__(item)


def r130_user_subclass_of_sdk_type(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    for tc in msg.tool_calls:
        tc.function = LoudFunction(name=tc.function.name, arguments=tc.function.arguments)
    out = []
    for tc in msg.tool_calls:
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
    return out


class LoudName(str):
    def __eq__(self, other: object) -> bool:
        print("eq", str.__str__(self))
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        print("hash", str.__str__(self))
        return str.__hash__(self)


def r130_model_construct_user_objects(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    calls = [ChatCompletionMessageToolCall.model_construct(
        id=tc.id, type="function",
        function=Function.model_construct(name=LoudName(tc.function.name),
                                          arguments=tc.function.arguments))
        for tc in msg.tool_calls]
    out = []
    for tc in calls:
        out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
    return out


def r130_model_extra_holds_user_object(client: Any, web: str) -> list[str]:
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    calls = [ChatCompletionMessageToolCall.model_construct(
        id=tc.id, type="function", function=tc.function, note=MockLike("note"))
        for tc in msg.tool_calls]
    out = []
    for tc in calls:
        if tc.function.name:
            out.append(TOOLS[tc.function.name](web, **json.loads(tc.function.arguments)))
    return out


def r130_tool_registers_tool(client: Any, web: str) -> list[str]:
    tools = dict(TOOLS)
    msg = chat(client, [user(ASK_THREE)], tools=SPECS).choices[0].message
    out = []
    for tc in msg.tool_calls:
        out.append(tools[tc.function.name](web, **json.loads(tc.function.arguments)))
        tools["get_news"] = get_stock if tc.function.name == "get_weather" else get_news
    return out


# =========================================================================== (5) request lines


_LIB_LOGGERS = ("httpx", "httpcore", "urllib3", "openai", "openai._base_client", "")
_LINE_FMT = "%(name)s %(levelname)s"


def _restore_logging(f: Any) -> Any:
    """Runs the case with the library loggers put back as they were after it."""
    def drive(fn: Any, env: Env) -> Any:
        saved = {n: (lg.level, list(lg.handlers), lg.propagate, lg.disabled, list(lg.filters))
                 for n in _LIB_LOGGERS for lg in [logging.getLogger(n or None)]}
        disabled = logging.root.manager.disable
        try:
            return f(fn, env)
        finally:
            logging.disable(disabled)
            for n, (level, handlers, propagate, dis, filters) in saved.items():
                lg = logging.getLogger(n or None)
                lg.setLevel(level)
                lg.handlers[:] = handlers
                lg.propagate = propagate
                lg.disabled = dis
                lg.filters[:] = filters
    drive.__name__ = f"restoring_{getattr(f, '__name__', 'drive')}"
    return drive


def _d_web(fn: Any, env: Env) -> Any:
    return fn(env.web)


def _d_oa(fn: Any, env: Env) -> Any:
    return fn(openai_client(env))


def verbose_httpx() -> None:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter(_LINE_FMT))
    lg = logging.getLogger("httpx")
    lg.addHandler(h)
    lg.setLevel(logging.INFO)


def r130_httpx_handler_added_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        verbose_httpx()
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def _stdout_handler() -> logging.Handler:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter(_LINE_FMT))
    return h


def _httpx_info_no_propagate(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("httpx")
    lg.setLevel(logging.INFO)
    logging.root.addHandler(_stdout_handler())
    lg.propagate = False
    return fn(env.web)


def r130_propagate_set_true_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        logging.getLogger("httpx").propagate = True
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def _httpx_handler_level_warning(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("httpx")
    lg.setLevel(logging.WARNING)
    lg.addHandler(_stdout_handler())
    return fn(env.web)


def r130_level_attribute_set_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        lg = logging.getLogger("httpx")
        lg.level = logging.INFO
        lg.manager._clear_cache()
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def _httpx_info_disabled(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("httpx")
    lg.setLevel(logging.INFO)
    lg.addHandler(_stdout_handler())
    logging.disable(logging.INFO)
    return fn(env.web)


def r130_logging_disable_lifted_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        logging.disable(logging.NOTSET)
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def _httpx_info_visible(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("httpx")
    lg.setLevel(logging.INFO)
    lg.addHandler(_stdout_handler())
    return fn(env.web)


def r130_logging_disable_set_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        logging.disable(logging.INFO)
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def _httpx_info_no_handler(fn: Any, env: Env) -> Any:
    logging.getLogger("httpx").setLevel(logging.INFO)
    return fn(env.web)


def r130_handlers_list_appended(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        logging.getLogger("httpx").handlers.append(_stdout_handler())
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def r130_logger_disabled_attr_cleared(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        logging.getLogger("httpx").disabled = False
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def _httpx_visible_but_disabled(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("httpx")
    lg.setLevel(logging.INFO)
    lg.addHandler(_stdout_handler())
    lg.disabled = True
    return fn(env.web)


def configure_quietly() -> None:
    logging.config.dictConfig({
        "version": 1, "disable_existing_loggers": False, "incremental": False,
        "formatters": {"short": {"format": _LINE_FMT}},
        "handlers": {"out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                             "formatter": "short"}},
        "loggers": {"httpx": {"level": "INFO", "handlers": ["out"], "propagate": False}},
    })


def r130_dictconfig_in_helper_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        configure_quietly()
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


def r130_requests_urllib3_debug_midway(web: str) -> list[str]:
    out = [requests.get(f"{web}/items/a?ms=150").json()["value"]]
    lg = logging.getLogger("urllib3")
    lg.setLevel(logging.DEBUG)
    lg.addHandler(_stdout_handler())
    for k, ms in KEYS[1:]:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print("got", k)
    return out


class PrintingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        print("filter", record.name, record.levelname)
        return True


def _root_handler_filter(fn: Any, env: Env) -> Any:
    logging.getLogger("httpx").setLevel(logging.INFO)
    h = _stdout_handler()
    h.addFilter(PrintingFilter())
    logging.root.addHandler(h)
    return fn(env.web)


def r130_root_handler_filter_prints(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _root_logger_filter(fn: Any, env: Env) -> Any:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.root.addFilter(PrintingFilter())
    return fn(env.web)


def r130_root_logger_filter_httpx_quiet(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _openai_debug_visible(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("openai")
    lg.setLevel(logging.DEBUG)
    lg.addHandler(_stdout_handler())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return fn(openai_client(env))


def r130_openai_debug_lines_in_order(client: Any) -> list[str]:
    out = []
    for q, lat in QS:
        out.append(ask(client, q, lat))
        print("asked", q[:5])
    return out


def quiet_openai() -> None:
    logging.getLogger("openai").setLevel(logging.WARNING)


def r130_openai_quieted_by_helper_midway(client: Any) -> list[str]:
    out = [ask(client, QS[0][0], QS[0][1])]
    quiet_openai()
    for q, lat in QS[1:]:
        out.append(ask(client, q, lat))
        print("asked", q[:5])
    return out


def r130_httpx_quiet_overlap(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _httpx_quiet(fn: Any, env: Env) -> Any:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx").addHandler(_stdout_handler())
    return fn(env.web)


def r130_handler_removed_then_overlap(web: str) -> list[str]:
    lg = logging.getLogger("httpx")
    for h in list(lg.handlers):
        if isinstance(h, logging.StreamHandler):
            lg.removeHandler(h)
    out = []
    with httpx.Client() as c:
        for k, ms in KEYS:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def r130_handler_level_raised_midway(web: str) -> list[str]:
    out = []
    with httpx.Client() as c:
        out.append(c.get(f"{web}/items/a?ms=150").json()["value"])
        _HANDLER_BOX[0].setLevel(logging.INFO)
        for k, ms in KEYS[1:]:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            print("got", k)
    return out


_HANDLER_BOX: list[logging.Handler] = []


def _handler_at_error(fn: Any, env: Env) -> Any:
    lg = logging.getLogger("httpx")
    lg.setLevel(logging.INFO)
    h = _stdout_handler()
    h.setLevel(logging.ERROR)
    _HANDLER_BOX[:] = [h]
    lg.addHandler(h)
    return fn(env.web)


# =========================================================================== registry


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def web(env: Env) -> tuple:
    return (env.web,)


def tcp_web(env: Env) -> tuple:
    return (env.tcp, env.web)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, args: Any = oa, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=args, servers=kw.pop("servers", "api"), ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_web, servers="web api", ideal=ideal, **kw)


def _lg(fn: Any, before: Any, ideal: float = 1.0, oa_client: bool = False) -> Case:
    return Case("where", fn, servers="api" if oa_client else "web",
                drive=_restore_logging(before), ideal=ideal)


Q3 = over(0.15, 0.04, 0.09)
TOOL3 = (0.05 + 0.15 + 0.04 + 0.09) / (0.05 + 0.15)

ALL: list[Case] = [
    # (1)
    _sdk(r130_ask_strip_loop, Q3, drive=_then_fake, servers="web api"),
    _sdk(r130_ask_strip_loop, Q3, drive=_then_mock, name="r130_ask_strip_then_mocklike"),
    _sdk(r130_ask_strip_loop, Q3, drive=_then_hooked, name="r130_ask_strip_then_hooked"),
    _sdk(r130_ask_strip_loop, Q3, drive=_then_subclass, name="r130_ask_strip_then_subclass"),
    _sdk(r130_subclass_client_first, Q3, drive=_subclass_only),
    _sdk(r130_helper_types_differ_by_path, Q3),
    _sdk(r130_helper_returns_model_or_str, Q3),
    _sdk(r130_rebound_helper_between_calls, Q3, drive=_rebind_then_again),
    _sdk(r130_handed_by_keyword, Q3, overlap=3),
    _both(r130_client_swapped_inside, Q3),
    _both(r130_two_clients_alternate, Q3),
    # (2)
    _sdk(r130_readinto_helper_then_ask, args=oa_tmp, setup=_seed_file, cat="files"),
    _sdk(r130_readinto_direct_then_ask, args=oa_tmp, setup=_seed_file, cat="files"),
    _sdk(r130_readinto_between_asks, args=oa_tmp, setup=_seed_file, cat="files"),
    _sdk(r130_bytesio_readinto_then_ask),
    _w(r130_recv_into_helper_then_get, over(0.15, 0.04), args=tcp_web, servers="tcp web",
       cat="socket"),
    _w(r130_recv_into_buffer_in_url, args=tcp_web, servers="tcp web", cat="socket"),
    _w(r130_sqlite_trace_list_then_gets, cat="db"),
    _w(r130_sqlite_trace_via_helper, cat="db"),
    _both(r130_kept_in_default_arg, setup=_clear_history, cat="state"),
    _both(r130_kept_by_closure, setup=_clear_history, cat="state"),
    _both(r130_kept_on_other_params_attr, cat="state"),
    _both(r130_returned_in_tuple_then_stored, setup=_clear_history, cat="state"),
    _both(r130_kept_via_kwargs, setup=_clear_history, cat="state"),
    _both(r130_kept_by_another_helper, setup=_clear_history, cat="state"),
    _both(r130_helper_mutates_after_handing, (0.05 + 0.28) / (0.05 + 0.15), cat="state"),
    _w(r130_passes_on_then_appends_overlap, (0.03 + 0.28) / (0.03 + 0.15), cat="helpers"),
    _w(r130_logged_list_then_mutated, Q3, cat="state"),
    _w(r130_executemany_generator_handed, Q3, cat="db"),
    # (3)
    _w(r130_dict_return_then_finally_appends, Q3, cat="state"),
    _w(r130_tuple_return_finally_puts, Q3, cat="state"),
    _w(r130_finally_hands_to_helper, setup=_clear_last, cat="state"),
    _w(r130_with_exit_sees_returned_list, Q3, cat="state"),
    _w(r130_return_in_except_finally, speculative_reads=True, cat="validation"),
    _w(r130_nested_return_dict_closure, cat="state"),
    _w(r130_dict_return_overlap, Q3, overlap=3, cat="state"),
    # (4)
    _both(r130_tool_calls_baseline_overlap, TOOL3),
    _both(r130_tool_calls_later_renamed_in_loop),
    _both(r130_tool_calls_appended_in_loop),
    _both(r130_tool_calls_popped_in_loop),
    _both(r130_tool_args_rewritten_by_tool),
    _both(r130_user_subclass_of_sdk_type),
    _both(r130_model_construct_user_objects),
    _both(r130_model_extra_holds_user_object, TOOL3),
    _both(r130_tool_registers_tool),
    # (5)
    _lg(r130_httpx_handler_added_midway, _d_web),
    _lg(r130_propagate_set_true_midway, _httpx_info_no_propagate),
    _lg(r130_level_attribute_set_midway, _httpx_handler_level_warning),
    _lg(r130_logging_disable_lifted_midway, _httpx_info_disabled),
    _lg(r130_logging_disable_set_midway, _httpx_info_visible),
    _lg(r130_handlers_list_appended, _httpx_info_no_handler),
    _lg(r130_logger_disabled_attr_cleared, _httpx_visible_but_disabled),
    _lg(r130_dictconfig_in_helper_midway, _d_web),
    _lg(r130_requests_urllib3_debug_midway, _d_web),
    _lg(r130_root_handler_filter_prints, _root_handler_filter),
    _lg(r130_root_logger_filter_httpx_quiet, _root_logger_filter, Q3),
    _lg(r130_openai_debug_lines_in_order, _openai_debug_visible, oa_client=True),
    _lg(r130_openai_quieted_by_helper_midway, _openai_debug_visible, oa_client=True),
    _lg(r130_httpx_quiet_overlap, _httpx_quiet, Q3),
    _lg(r130_handler_removed_then_overlap, _httpx_info_visible, Q3),
    _lg(r130_handler_level_raised_midway, _handler_at_error),
]

FAILING_WHY: dict[str, str] = {
    "r130_subclass_client_first": (
        "A subclass of openai.OpenAI whose `chat` is a property that prints: the jitted run "
        "prints 'chat read' more times than the plain run's three (the JIT reads "
        "`client.chat.completions.create` on the user's object to resolve and classify the "
        "helper's call with the client bound, running the user's property ahead and again)."),
    "r130_ask_strip_then_subclass": (
        "The same as r130_subclass_client_first on a second call: the plan made for a plain "
        "client is replanned for the subclass, and resolving the helper's callee with it "
        "bound runs its printing `chat` property extra times."),
}
# Fixed: a property is read ahead only where the class that defines it is the library's
# (`_effects.properties_are_plain(owner, name)`); a subclass of yours defines its own.
FIXED_WHY = FAILING_WHY
FAILING_WHY = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
